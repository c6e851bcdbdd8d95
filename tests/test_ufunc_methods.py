"""A differentiable ufunc's methods (reduce, accumulate, outer) on Vars and forward-mode
values: NumPy's values, and derivatives checked against finite differences at first and
second order in both modes, at the edges too (negative and tuple axes, keepdims, size-1 and
empty axes, ties, complex inputs)."""
import functools

import numpy as np
import pytest

import wengert as wg
from wengert.testing import check_grads

X = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]])

CALLS = {
    "add.reduce": lambda x: np.add.reduce(x),
    "add.reduce-None": lambda x: np.add.reduce(x, axis=None),
    "add.reduce-tuple-keepdims": lambda x: np.add.reduce(x, axis=(0, 1), keepdims=True),
    "add.reduce-initial-where": lambda x: np.add.reduce(x, axis=1, initial=0.5, where=np.array([True, False, True])),
    "multiply.reduce-axis1-keepdims": lambda x: np.multiply.reduce(x, axis=1, keepdims=True),
    "maximum.reduce-negative-axis": lambda x: np.maximum.reduce(x, axis=-1),
    "minimum.reduce": lambda x: np.minimum.reduce(x),
    "logaddexp.reduce-tuple": lambda x: np.logaddexp.reduce(x, axis=(0, 1)),
    "subtract.reduce": lambda x: np.subtract.reduce(x, axis=1),
    "subtract.reduce-size1": lambda x: np.subtract.reduce(x[:, :1], axis=1),
    "divide.reduce-keepdims": lambda x: np.divide.reduce(x, axis=0, keepdims=True),
    "power.reduce": lambda x: np.power.reduce(x / 3, axis=0),
    "hypot.reduce": lambda x: np.hypot.reduce(x, axis=1),
    "subtract.reduce-1d-None": lambda x: np.subtract.reduce(x[0], axis=None),
    "add.accumulate": lambda x: np.add.accumulate(x, axis=1),
    "multiply.accumulate": lambda x: np.multiply.accumulate(x),
    "subtract.accumulate-negative-axis": lambda x: np.subtract.accumulate(x, axis=-1),
    "maximum.accumulate": lambda x: np.maximum.accumulate(x[:, ::-1], axis=1),
    "subtract.outer": lambda x: np.subtract.outer(x, x[0]),
    "multiply.outer-constant": lambda x: np.multiply.outer(x[0], np.array([1.0, -2.0])),
    "arctan2.outer": lambda x: np.arctan2.outer(x[0], x[1]),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_values_and_derivatives(name):
    f = CALLS[name]
    np.testing.assert_array_equal(wg.eval_bp(f, X), f(X))
    check_grads(f, X, order=2, modes=("rev", "fwd"))


def test_complex_inputs():
    z = X + 1j * X[::-1]
    for f in (lambda z: np.add.reduce(z, axis=1), lambda z: np.multiply.accumulate(z, axis=0),
              lambda z: np.subtract.outer(z[0], z[1])):
        check_grads(lambda x, y: np.abs(f(x + 1j * y)) ** 2, z.real, z.imag, order=2, modes=("rev", "fwd"))
        assert np.iscomplexobj(wg.grad(lambda z: np.sum(np.real(f(z))))(z))


def test_ties_follow_max_and_its_kink_policy():
    # maximum.reduce is np.max: a tie shares the gradient equally, and its second derivative
    # at the tie is refused by name, as np.max's
    x = np.array([2.0, 2.0, 1.0])
    np.testing.assert_array_equal(wg.grad(lambda x: np.maximum.reduce(x))(x), [0.5, 0.5, 0.0])
    with pytest.raises(wg.NoGradientRule, match="max"):
        wg.hessian(lambda x: np.maximum.reduce(x))(x)


def test_empty_axes_give_numpys_results():
    empty = np.zeros((2, 0))
    np.testing.assert_array_equal(wg.grad(lambda x: np.sum(np.add.reduce(x, axis=1)))(empty), empty)
    # a reduction with an identity over an empty axis is that constant
    assert wg.eval_bp(lambda x: np.hypot.reduce(x, axis=1), empty).tolist() == [0.0, 0.0]
    np.testing.assert_array_equal(wg.grad(lambda x: np.sum(np.hypot.reduce(x, axis=1)))(empty), empty)
    # one without an identity raises NumPy's error
    with pytest.raises(ValueError, match="identity"):
        wg.grad(lambda x: np.sum(np.subtract.reduce(x, axis=1)))(empty)


def test_numpys_own_checks_and_what_is_not_provided():
    with pytest.raises(ValueError, match="reorderable"):
        wg.grad(lambda x: np.sum(np.subtract.reduce(x, axis=None)))(X)
    with pytest.raises(wg.NoGradientRule, match="reduceat"):
        wg.grad(lambda x: np.sum(np.add.reduceat(x, [0, 1], axis=1)))(X)
    with pytest.raises(wg.NoGradientRule, match="reduce, accumulate and outer"):
        wg.grad(lambda x: np.sum(np.subtract.reduce(x, axis=1, initial=1.0)))(X)


def test_under_jit_and_nested():
    f = wg.jit(lambda x: np.sum(np.subtract.reduce(x, axis=1) * np.add.accumulate(x, axis=1)[:, -1]))
    for x in (X, X + 0.5):
        np.testing.assert_allclose(wg.grad(f)(x), wg.grad(f.fun)(x), rtol=1e-15)
    # the Hessian of a reduce through a reduce
    h = wg.hessian(lambda x: np.multiply.reduce(np.add.reduce(x, axis=0)))(X)
    np.testing.assert_allclose(h, wg.hessian(lambda x: np.prod(np.sum(x, axis=0)))(X), rtol=1e-14)


@pytest.mark.parametrize("ufunc", [np.power, np.arctan2])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_refused_where_numpys_reduce_is_not_the_left_fold(ufunc, dtype):
    # NumPy 2.0-2.5 compute power.reduce and arctan2.reduce of a contiguous float axis of 3
    # or more as x[0] op x[-1]; the fold it documents is another function of x
    x = np.array([2.0, 3.0, 1.5], dtype=dtype)
    fold = ufunc(ufunc(x[0], x[1]), x[2])
    if ufunc.reduce(x) == fold:
        pytest.skip(f"this NumPy ({np.__version__}) computes {ufunc.__name__}.reduce as the fold")
    for f in (lambda x: ufunc.reduce(x), lambda x: np.sum(ufunc.reduce(np.stack([x, x]), axis=-1))):
        with pytest.raises(ValueError, match=f"np.{ufunc.__name__}.reduce: NumPy .* not the left fold"):
            wg.grad(f)(x)
        with pytest.raises(ValueError, match="not the left fold"):
            wg.jvp(f, (x,), (np.ones_like(x),))
    # the folds NumPy does compute as written, and a reduce it computes right, still work
    check_grads(lambda x: np.power.accumulate(x)[-1], x.astype(np.float64), order=2, modes=("rev", "fwd"))
    check_grads(lambda x: ufunc.reduce(np.stack([x, x]), axis=0), x.astype(np.float64), order=2, modes=("rev", "fwd"))


@pytest.mark.parametrize("ufunc, x", [(np.power, [2.0, 1.0, 1.5]), (np.power, [1.0, 3.0, 1.5]),
                                      (np.arctan2, [0.0, 2.0, 1.0])])
def test_refused_where_numpys_reduce_is_another_function_with_the_same_value_here(ufunc, x):
    # which function NumPy computes depends on the memory layout, not on the values: at these
    # points its x[0] op x[-1] and the fold agree in value, not in gradient (power at
    # [1, 3, 1.5]: the fold's d/dx[0] is x[1] x[2] = 4.5, NumPy's function's is x[2] = 1.5)
    x = np.array(x)
    probe = np.array([2.0, 3.0, 1.5])
    if ufunc.reduce(probe) == ufunc(ufunc(probe[0], probe[1]), probe[2]):
        pytest.skip(f"this NumPy ({np.__version__}) computes {ufunc.__name__}.reduce as the fold")
    assert ufunc.reduce(x) == ufunc(ufunc(x[0], x[1]), x[2])
    with pytest.raises(ValueError, match="not the left fold"):
        wg.grad(lambda x: ufunc.reduce(x))(x)


@pytest.mark.parametrize("ufunc", [np.power, np.arctan2])
@pytest.mark.parametrize("seed", [0, 1, 3, 9, 10])
def test_not_refused_where_numpy_computes_the_fold_rounding_otherwise(ufunc, seed):
    # NumPy 2.5's loop along a reversed axis (or across one) is the fold, with pow and atan2
    # rounded by another implementation than its loop on one entry, which the recorded fold
    # calls: the last bit may differ, and it is the same function, not refused (NumPy 2.0
    # computes the reversed 1-D axis as another function: refused)
    rng = np.random.default_rng(seed)
    for x in (rng.uniform(0.5, 1.5, 14)[6::-1], rng.uniform(0.5, 1.5, (6, 8))[2::-1, 3::-1]):
        f = lambda x: np.sum(ufunc.reduce(x, axis=0))
        if not np.allclose(ufunc.reduce(x, axis=0), functools.reduce(ufunc, list(x)), rtol=1e-13, atol=0):
            with pytest.raises(ValueError, match="not the left fold"):
                wg.grad(f)(x)
            continue
        want = wg.grad(lambda x: np.sum(ufunc.accumulate(x, axis=0)[-1]))(x)
        np.testing.assert_allclose(wg.grad(f)(x), want, rtol=1e-13)


@pytest.mark.parametrize("ufunc", [np.power, np.subtract, np.arctan2])
@pytest.mark.parametrize("axis", [None, 0])
def test_reduce_of_a_0d_array_is_its_element(ufunc, axis):
    # NumPy's reduce of a 0-d array (along 0 too) is its one element; along 0 wengert raised
    # IndexError (the axis read from an empty shape)
    x = np.array(2.0)
    assert ufunc.reduce(x, axis=axis) == 2.0
    assert wg.grad(lambda v: ufunc.reduce(v, axis=axis))(x) == 1.0
    assert wg.jvp(lambda v: ufunc.reduce(v, axis=axis), (x,), (np.array(3.0),))[1] == 3.0


def test_generic_reduce_replays_under_jit():
    # the check of NumPy's loop depends on the layout alone, which a replay guards: a new
    # value of the same layout replays (each call recorded afresh before)
    f = wg.jit(lambda x: np.sum(np.subtract.reduce(x, axis=1)) * np.sum(np.arctan2.reduce(x, axis=0)))
    for k in range(3):
        x = X + k
        np.testing.assert_allclose(wg.grad(f)(x), wg.grad(f.fun)(x), rtol=1e-15)
    assert f.stats["records"] == 1 and f.stats["replays"] == 2


def test_jit_replay_at_another_layout_is_checked_again():
    # the signature is shape and dtype: a reversed view (which NumPy reduces as the fold)
    # and a contiguous array share it, and the contiguous one must be refused where NumPy
    # computes another function there, not replayed
    if np.power.reduce(np.array([2.0, 3.0, 1.5])) == 22.627416997969522:
        pytest.skip(f"this NumPy ({np.__version__}) computes power.reduce as the fold")
    if not np.isclose(np.power.reduce(np.array([1.5, 3.0, 2.0])[::-1]), 22.627416997969522):
        pytest.skip(f"this NumPy ({np.__version__}) does not compute the reversed axis as the fold")
    f = wg.jit(lambda x: np.power.reduce(x))
    wg.grad(f)(np.array([1.5, 3.0, 2.0])[::-1])
    wg.grad(f)(np.array([1.4, 3.0, 2.0])[::-1])
    assert f.stats["replays"] == 1
    with pytest.raises(ValueError, match="not the left fold"):
        wg.grad(f)(np.array([2.0, 3.0, 1.5]))


def test_numpys_loop_is_probed_once_per_layout(monkeypatch):
    from wengert.ops import ufunc_methods
    calls = []
    probe = ufunc_methods._probe
    monkeypatch.setattr(ufunc_methods, "_probe", lambda *a: calls.append(1) or probe(*a))
    x = np.linspace(0.5, 1.5, 7 * 5).reshape(7, 5)
    for k in range(3):
        wg.grad(lambda x: np.sum(np.subtract.reduce(x, axis=-1)))(x + k)
    wg.grad(lambda x: np.sum(np.subtract.reduce(x, axis=0)))(x)
    assert len(calls) <= 2


def test_maximum_and_minimum_reduce_with_dtype():
    """Before: np.maximum.reduce(x, dtype=...) raised "max() got an unexpected keyword argument
    'dtype'" (np.max takes none); now the values are cast first, as the ufunc's loop does."""
    x = np.array([[3.0, 1.0, 2.0], [0.5, 4.0, 1.5]])
    g = wg.grad(lambda a: np.sum(np.maximum.reduce(a, axis=1, dtype=np.float32) * np.array([1.0, 2.0])))(x)
    np.testing.assert_array_equal(g, [[1.0, 0, 0], [0, 2.0, 0]])
    assert g.dtype == np.float64
    np.testing.assert_array_equal(wg.grad(lambda a: np.sum(np.minimum.reduce(a, 0, np.float64)))(x), [[0, 1.0, 0], [1.0, 0, 1.0]])
