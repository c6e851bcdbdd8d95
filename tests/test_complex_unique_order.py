"""NumPy 2's ``unique_values`` / ``unique_counts`` / ``unique_inverse`` / ``unique_all`` and
``setxor1d`` on complex numbers: NumPy's complex order jumps where real parts tie, and they
returned one side's gradient there without an error; now refused where the order jumps.
"""
import inspect

import numpy as np
import pytest

import wengert as wg
from wengert.testing import check_grads


def _ordered_loss(out):
    """A loss that tells the entries apart and reads their imaginary parts."""
    out = np.ravel(out)
    k = np.arange(1.0, np.size(out) + 1)
    return np.sum(k * np.real(out)) + np.sum(k ** 2 * np.imag(out))


def _one_sided(f, z, i, h=1e-7):
    """The loss's change along +/- the real part of ``z[i]``, each side over ``h``."""
    e = np.zeros(np.shape(z))
    e[i] = h
    base = _ordered_loss(f(z))
    return (_ordered_loss(f(z + e)) - base) / h, (base - _ordered_loss(f(z - e))) / h


# -- complex order: where real parts tie, the sorted result jumps ----------------------------

_TIED = np.array([1 + 1j, 1 + 2j, 3 - 1j, 0.5 + 0.2j])    # 1+1j and 1+2j: equal real parts
_UNTIED = np.array([1.1 + 1j, 1 + 2j, 3 - 1j, 0.5 + 0.2j])
_OTHER = np.array([1 + 3j, 2 + 0j])                        # ties 1 + 1j across the two arrays
UNIQUE_KINDS = {
    "unique_values": lambda a: np.unique_values(a),
    "unique_counts": lambda a: np.unique_counts(a).values,
    "unique_inverse": lambda a: np.unique_inverse(a).values,
    "unique_all": lambda a: np.unique_all(a).values,
}
SETXOR = {
    "setxor1d": lambda a: np.setxor1d(a, _OTHER),
    "setxor1d assume_unique": lambda a: np.setxor1d(a, _OTHER, assume_unique=True),
    "setxor1d reversed": lambda a: np.setxor1d(_OTHER, a),
}


def _hash_ordered(f):
    """True if ``f`` (NumPy's) returns 9 sorted complex numbers unsorted: a hash table's order."""
    values = f(np.arange(1.0, 10.0) * (1 + 1j))
    return bool(np.any(values[1:] < values[:-1]))


@pytest.mark.parametrize("name", UNIQUE_KINDS)
def test_unique_kinds_of_complex_numbers_refused_where_the_order_jumps(name):
    # before: unique_counts' d/d Re z[0] was 2 (one side's), unique_values' 4, where the loss
    # jumps (one-sided slopes of +-2.5e6 at h = 1e-7: the premise below); now refused
    f = UNIQUE_KINDS[name]
    right, left = _one_sided(f, _TIED, 0)
    assert abs(right - left) > 1e5  # the premise: the result jumps there
    with pytest.raises(wg.NoGradientRule, match=f"numpy.{name}"):
        wg.grad(lambda a: _ordered_loss(f(a)))(_TIED)
    if _hash_ordered(f):
        # NumPy >= 2.3 returns unique_values of complex numbers in its hash table's order,
        # which almost any move changes (its gradient was checked against nothing): refused
        # wherever two numbers differ
        with pytest.raises(wg.NoGradientRule, match=f"numpy.{name} of complex numbers has no gradient"):
            wg.grad(lambda a: _ordered_loss(f(a)))(_UNTIED)
        moved = [np.argsort(np.real(f(_UNTIED + 1e-9 * np.eye(4)[i]))) for i in range(4)]
        assert any(not np.array_equal(m, np.argsort(np.real(f(_UNTIED)))) for m in moved)  # the premise
    else:
        # sorted: without the tie, the gradient, checked against central differences
        check_grads(lambda a: _ordered_loss(f(a)), _UNTIED, order=1, modes=("rev",))


def test_unique_unsorted_of_complex_numbers_refused():
    if "sorted" not in inspect.signature(np.unique).parameters:
        pytest.skip("np.unique(sorted=False) is NumPy 2.3's")
    f = lambda a: np.unique(a, sorted=False)  # noqa: E731
    if not _hash_ordered(f):
        pytest.skip("this NumPy sorts complex numbers in np.unique(sorted=False)")
    with pytest.raises(wg.NoGradientRule, match="hash table"):
        wg.grad(lambda a: _ordered_loss(f(a)))(_UNTIED)
    # a real input is sorted: its gradient is kept
    check_grads(lambda a: _ordered_loss(f(a)), _UNTIED.real, order=1, modes=("rev",))


@pytest.mark.parametrize("name", SETXOR)
def test_setxor1d_of_complex_numbers_refused_where_real_parts_tie_across_arrays(name):
    # 1+1j (differentiated) and 1+3j (the other array) are sorted together: before, the
    # gradient in Re z[0] was 1 (one side's) where the loss jumps (central differences
    # -3.0e6 at h = 1e-6; the premise below); each array alone has no tie
    f = SETXOR[name]
    z = np.array([1 + 1j, 3 - 1j])
    right, left = _one_sided(f, z, 0)
    assert abs(right - left) > 1e5
    with pytest.raises(wg.NoGradientRule, match="numpy.setxor1d on complex numbers"):
        wg.grad(lambda a: _ordered_loss(f(a)))(z)
    check_grads(lambda a: _ordered_loss(f(a)), np.array([1.5 + 1j, 3 - 1j]), order=1, modes=("rev",))
