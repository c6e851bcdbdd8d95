"""Silent wrong gradients and spurious errors: NumPy 2's
``unique_values`` / ``unique_counts`` / ``unique_inverse`` / ``unique_all`` and
``setxor1d`` on complex numbers (NumPy's complex order jumps where real parts tie: they
returned one side's gradient); forward mode with several directions at once
(``wengert.hessian``, ``jacfwd``) through a result with a refused part that is never used
(the eigenvectors of ``eigh`` at a structured matrix, when only the eigenvalues are read).
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


# -- batched forward mode through a result with an unused refused part ------------------------

_SYM = np.random.default_rng(7).standard_normal((4, 4))
TRIDIAGONAL = np.triu(np.tril(_SYM + _SYM.T, 1), -1)  # eigh's eigenvectors jump here (signs)


def test_hessian_of_eigenvalues_at_a_structured_matrix():
    # the eigenvectors' tangent is refused at a tridiagonal matrix (their signs jump), but
    # only the eigenvalues are read: wg.hessian (forward over reverse, one direction per
    # entry) raised LinAlgError from stacking the refused tangents of every direction
    # (jvp of grad, one direction, gave the Hessian-vector product)
    f = lambda a: np.sum(np.linalg.eigh(a)[0] ** 3)  # noqa: E731
    h = wg.hessian(f)(TRIDIAGONAL)
    reverse = wg.jacrev(wg.grad(f))(TRIDIAGONAL)
    np.testing.assert_allclose(h, reverse, rtol=1e-10, atol=1e-10)
    direction = np.random.default_rng(1).standard_normal((4, 4))
    step = 1e-5
    central = (wg.grad(f)(TRIDIAGONAL + step * direction) - wg.grad(f)(TRIDIAGONAL - step * direction)) / (2 * step)
    np.testing.assert_allclose(np.tensordot(h, direction, axes=2), central, rtol=1e-6, atol=1e-6)
    # a loss that reads the eigenvectors is still refused, in every direction
    with pytest.raises(np.linalg.LinAlgError, match="flips the sign"):
        wg.hessian(lambda a: np.sum(np.linalg.eigh(a)[1] * direction))(TRIDIAGONAL)


def test_jacfwd_of_singular_values_of_a_complex_matrix():
    # the singular vectors' tangent of a complex matrix is refused (free phase), unused here
    rng = np.random.default_rng(3)
    a = rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3))
    f = lambda re: np.linalg.svd(re + 1j * a.imag)[1]  # noqa: E731
    np.testing.assert_allclose(wg.jacfwd(f)(a.real), wg.jacrev(f)(a.real), rtol=1e-10, atol=1e-12)


# -- scipy.special.rgamma near the poles of gamma where gamma(1 - x) overflows ----------------

#: x -> rgamma'(x) (mpmath: mp.diff(mp.rgamma, x) at 40 digits)
RGAMMA_PRIME = {-170.8: 6.8003840167584337e+307, -170.85: -8.4726689326298953e+307,
                -170.74: 1.6578139796812246e+308, -170.76: 1.4145065377979412e+308,
                -170.8 + 0.001j: 6.8016982387000291e+307 + 2.3146290290285606e+306j}


@pytest.mark.parametrize("x", RGAMMA_PRIME)
def test_rgamma_derivative_where_gamma_of_one_minus_x_overflows(x):
    # within 1/4 of a pole the rule is parity * gamma(1 - x) * (cos - sin digamma / pi),
    # whose first factor overflows from 1 - x = 171.62 on while the product does not: it
    # gave inf at -170.8 (and NaN at -170.8 + 0.001j), the truth 6.80e307; farther from
    # the pole, -rgamma digamma with SciPy's rgamma(-170.74) = -inf (the truth -7.6e307)
    # gave inf, the truth 1.66e308
    sps = pytest.importorskip("wengert.scipy.special")
    if isinstance(x, complex):
        got = wg.grad(lambda z: np.real(sps.rgamma(z)))(x)
        truth = RGAMMA_PRIME[x]  # autograd's convention: f' for a holomorphic f
    else:
        got = wg.grad(sps.rgamma)(x)
        truth = RGAMMA_PRIME[x]
    np.testing.assert_allclose(got, truth, rtol=1e-9)
    # the same entry of an array, beside an ordinary one
    at_two = wg.grad(lambda z: np.real(sps.rgamma(z)))(2.5 + 0j if isinstance(x, complex) else 2.5)
    np.testing.assert_allclose(wg.grad(lambda v: np.real(np.sum(sps.rgamma(v))))(np.array([x, 2.5])),
                               [truth, at_two], rtol=1e-9)


# -- scipy.special.iv's power series at the smallest subnormal ------------------------------------

def test_iv_derivatives_at_the_smallest_subnormal():
    # the first term (x / 2)^v / gamma(v + 1) below 1e-100: x / 2 rounds to 0 at 5e-324, so
    # iv'(0.5, x) = (I(-0.5, x) + I(1.5, x)) / 2 was inf and iv''(2.5, x) 0; the truths
    # (mpmath, (I(v-1) + I(v+1)) / 2 and (I(v-2) + 2 I(v) + I(v+2)) / 4 at 60 digits):
    sps = pytest.importorskip("wengert.scipy.special")
    x = 5e-324
    np.testing.assert_allclose(wg.grad(lambda t: sps.iv(0.5, t))(x), 1.7948069285245253e+161, rtol=1e-12)
    np.testing.assert_allclose(wg.grad(wg.grad(lambda t: sps.iv(2.5, t)))(x), 4.4337622215090682e-163,
                               rtol=1e-12)


# -- reduceat of a ufunc without gradient whose result holds input entries ------------------------

@pytest.mark.parametrize("ufunc", [np.floor_divide, np.heaviside])
def test_reduceat_passing_entries_through_is_refused(ufunc):
    # a one-element segment of reduceat is that element (and heaviside's value at 0 is its
    # second argument): floor_divide.reduceat(x, [0, 1, 3]) returned a constant, so the
    # gradient of sum(w * it) was 0 where it is w[0] for x[0] (and w[2] for x[3]); refused
    # now, in both modes, as every ufunc's reduceat (as reduce and accumulate already were)
    x = np.array([1.5, 0.7, 2.3, -1.2])
    plain = ufunc.reduceat(x, [0, 1, 3])
    np.testing.assert_array_equal(plain[[0, 2]], x[[0, 3]])  # the premise: entries pass through
    with pytest.raises(wg.NoGradientRule, match=f"numpy.{ufunc.__name__}.reduceat"):
        wg.grad(lambda v: np.sum(ufunc.reduceat(v, [0, 1, 3]) * np.arange(1.0, 4.0)))(x)
    with pytest.raises(wg.NoGradientRule, match=f"numpy.{ufunc.__name__}.reduceat"):
        wg.jvp(lambda v: ufunc.reduceat(v, [0, 1, 3]), (x,), (np.ones(4),))
    # integers: no entry of a float input; a plain result, as before
    assert wg.grad(lambda s: np.sum(ufunc.reduceat(np.array([5, 3, 7]), [0, 2])) * s)(2.0) == 2.0 * np.sum(
        ufunc.reduceat(np.array([5, 3, 7]), [0, 2])) / 2.0


# -- a zero cotangent of the vectors at an input where their signs jump -------------------------

#: losses whose cotangent of the vectors is zero at the input (a factor that vanishes there)
#: while their derivative reads the vectors' signs, which jump there: (loss, input, a direction
#: along which the derivative exists: equal one-sided slopes). Measured before the fix, along
#: random directions: svd's gradient -0.921725 where central differences give 0.921725 on
#: both sides, eig's 1.686325 against -1.686325; eigh's 1.0 against -1.0 along E00 + E01 + E10.
ZERO_COTANGENT = {
    # U[0, 0] is +1 at diag(2, 1, 0.5) and -1 under the perturbation
    "svd": (lambda m: (np.linalg.svd(m)[1][0] - 2.0) * np.linalg.svd(m)[0][0, 0], np.diag([2.0, 1.0, 0.5]),
            np.random.default_rng(0).standard_normal((3, 3))),
    # the same for eig's eigenvectors at a triangular matrix
    "eig": (lambda m: (np.trace(m) - 3.5) * np.real(np.linalg.eig(m)[1][0, 0]),
            np.triu(np.ones((3, 3))) + np.diag([-0.5, 0.0, 1.0]), np.random.default_rng(0).standard_normal((3, 3))),
    # w[0] = 0 times v[0, 0]
    "eigh": (lambda m: np.linalg.eigh(m)[0][0] * np.linalg.eigh(m)[1][0, 0], np.diag([0.0, 1.0, 2.0]),
             np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])),
}


@pytest.mark.parametrize("name", ZERO_COTANGENT)
def test_zero_cotangent_of_jumping_vectors_is_refused(name):
    loss, a, direction = ZERO_COTANGENT[name]
    right, left = ((loss(a + step * direction) - loss(a)) / step for step in (1e-6, -1e-6))
    assert abs(right - left) < 1e-4 and abs(right) > 0.1  # the premise: a derivative, not 0
    with pytest.raises(np.linalg.LinAlgError, match="flips the sign"):
        wg.grad(loss)(a)
