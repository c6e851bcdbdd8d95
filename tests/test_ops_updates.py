"""Functional index updates, AT(x)[key].set(v) and its kin, against central finite differences
(tests/test_coverage.py runs these cases again at second order, in forward mode, on complex
inputs and under wengert.jit), and the errors for what they refuse and for NumPy's in-place
functions."""
import re

import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from opcheck import case, crand, gradient_test, rand

V = rand((5,), seed=41)
M = rand((3, 4), seed=42)
W = rand((2,), seed=43)
ROWS = rand((2, 4), seed=44)

SET, ADD, AT = wnp.index_set, wnp.index_add, wnp.at

# AT(x) rather than x.at: the checker also calls the functions on plain arrays
CASES = [
    # set: basic, advanced, masks, broadcasting v, negative and repeated-free fancy indices
    case((SET, AT), lambda x, v: AT(x)[1].set(v), V, 0.3, id="set-int"),
    case((SET, AT), lambda x, v: AT(x)[1:4].set(v), V, rand((3,), seed=1), id="set-slice"),
    case((SET, AT), lambda x, v: AT(x)[[-1, 0]].set(v), V, W, id="set-negative-fancy"),
    case((SET, AT), lambda x, v: AT(x)[:, 1].set(v), M, rand((3,), seed=2), id="set-column"),
    case((SET, AT), lambda x, v: AT(x)[1:].set(v), M, rand((4,), seed=3), id="set-broadcast-row"),
    case((SET, AT), lambda x, v: AT(x)[np.array([[True, False, True, False]] * 3)].set(v), M,
         rand((6,), seed=4), id="set-mask"),
    case((SET, AT), lambda x: AT(x)[::2].set(x[1] * 2.0), V, id="set-from-itself"),
    case((SET, AT), lambda v: AT(np.zeros((3, 4)))[[0, 2]].set(v), ROWS, id="set-into-constant"),
    case((SET, AT), lambda x: AT(x)[[0, 0, 2]].set(1.5), V, id="set-repeated-constant"),
    case((SET, AT), lambda x, v: AT(x)[...].set(v), rand((), seed=5), 0.7, id="set-0d"),
    case((SET, AT), lambda x, v: AT(x)[2:2].set(v), V, rand((0,), seed=6), id="set-empty-selection"),
    # add: repeated indices add once per occurrence
    case((ADD, AT), lambda x, v: AT(x)[[0, 0, 3]].add(v), V, rand((3,), seed=7), id="add-repeated"),
    case((ADD, AT), lambda x, v: AT(x)[[1, 1]].add(v), M, rand((4,), seed=8), id="add-repeated-rows"),
    case((ADD, AT), lambda x, v: AT(x)[1:3].add(v), V, 0.25, id="add-slice-scalar"),
    case((ADD, AT), lambda v: AT(np.ones(4))[[2, 2, 2]].add(v), 0.4, id="add-into-constant"),
    # the combined updates: index_set of op(x[key], v)
    case((SET, AT), lambda x, v: AT(x)[1:3].multiply(v), V, W, id="multiply"),
    case((SET, AT), lambda x, v: AT(x)[[4, 0]].divide(v), V, W + 2.0, id="divide"),
    case((SET, AT), lambda x, v: AT(x)[:2].power(v), V + 2.0, W, id="power"),
    case((SET, AT), lambda x, v: AT(x)[:, 2].min(v), M, rand((3,), seed=9), id="min"),
    case((SET, AT), lambda x, v: AT(x)[:, 2].max(v), M, rand((3,), seed=10), id="max"),
    case((SET, AT), lambda x: AT(x)[2:].get() * 3.0, V, id="get"),
    # complex: both rules are linear, the combined updates holomorphic where op is
    case((SET, AT), lambda x, v: AT(x)[1:3].multiply(v), crand((5,), seed=11), crand((2,), seed=12),
         id="multiply-complex-values"),
    case((ADD, AT), lambda x, v: AT(x)[[0, 0]].add(v), crand((3,), seed=13), crand((2,), seed=14),
         id="add-complex-values"),
]

test_gradient = gradient_test(CASES)


def test_plain_values_are_numpy_and_the_input_is_not_written():
    x = np.arange(4.0)
    out = AT(x)[[0, 0, 3]].add(1.0)
    np.testing.assert_array_equal(out, [2.0, 1.0, 2.0, 4.0])
    np.testing.assert_array_equal(x, np.arange(4.0))
    np.testing.assert_array_equal(AT(x)[[1, 1]].multiply(3.0), [0.0, 9.0, 2.0, 3.0])  # compounds, as ufunc.at
    assert type(AT([1.0, 2.0])[0].set(5.0)) is np.ndarray


def test_exact_values_and_gradients():
    x = np.array([1.0, 2.0, 3.0])
    g = wg.grad(lambda x: np.sum(x.at[0].set(3.0 * x[1]) ** 2))(x)
    np.testing.assert_array_equal(g, [0.0, 2 * 3 * 6.0 + 2 * 2.0, 6.0])
    assert wg.grad(lambda v: np.sum(AT(np.zeros(4))[[0, 0, 3]].add(v) ** 2))(1.0) == 10.0
    # f = x0^2 + (x1 x0)^2 + (x2 x1)^2
    h = wg.hessian(lambda x: np.sum(x.at[1:].multiply(x[:2]) ** 2))(x)
    np.testing.assert_array_equal(h, [[10.0, 8.0, 0.0], [8.0, 20.0, 24.0], [0.0, 24.0, 8.0]])


def test_ties_share_the_gradient_as_minimum_does():
    x = np.array([1.0, 5.0])
    g_x, g_v = wg.grad(lambda x, v: np.sum(x.at[0].min(v)), argnums=(0, 1))(x, 1.0)
    assert g_v == wg.grad(lambda v: np.minimum(1.0, v))(1.0)
    np.testing.assert_array_equal(g_x, [1.0 - g_v, 1.0])


def test_var_method_and_function_agree_in_forward_mode_and_under_jit():
    x = np.arange(1.0, 5.0)
    f = lambda x: np.sum(x.at[::2].set(x[1] * x[3]) ** 2)
    expected = wg.grad(f)(x)
    jf = wg.jit(f)
    for point in (x, x + 1.0, x * 2.0):
        np.testing.assert_array_equal(wg.grad(jf)(point), wg.grad(f)(point))
    assert jf.stats["replays"] >= 1
    value, tangent = wg.jvp(f, (x,), (np.ones(4),))
    np.testing.assert_allclose(tangent, expected.sum(), rtol=1e-14)
    np.testing.assert_allclose(wg.jacfwd(lambda x: x.at[0].set(x[2] ** 2))(x)[0], [0.0, 0.0, 6.0, 0.0], rtol=1e-15)


@pytest.mark.parametrize("update", ["set", "multiply", "divide", "power", "min", "max"])
def test_repeated_indices_refused_where_they_change_the_gradient(update):
    f = lambda v: np.sum(getattr(AT(np.ones(4))[[0, 0, 3]], update)(v))
    with pytest.raises(ValueError, match="more than once"):
        wg.grad(f)(2.0)
    g = lambda x: np.sum(getattr(x.at[[1, 1]], update)(2.0))
    if update == "set":  # a constant written twice: x's gradient is 0 there either way
        np.testing.assert_array_equal(wg.grad(g)(np.ones(3)), [1.0, 0.0, 1.0])
    else:
        with pytest.raises(ValueError, match="more than once"):
            wg.grad(g)(np.ones(3))


def test_dtypes_that_would_cut_the_value_are_refused():
    with pytest.raises(TypeError, match="floating point"):
        wg.grad(lambda v: np.sum(AT(np.zeros(3, int))[0].set(v)))(1.0)
    with pytest.raises(TypeError, match="make x complex"):
        wg.grad(lambda v: np.sum(AT(np.zeros(3))[0].set(v * 1j).real))(1.0)
    z = wg.grad(lambda v: np.sum(AT(np.zeros(3, complex))[0].set(v * 1j).imag))(1.0)
    assert z == 1.0


def test_an_index_computed_from_a_var_is_a_decision_on_its_value():
    x = np.array([0.2, 3.0, 1.0])
    g = wg.grad(lambda x: np.sum(x.at[np.argmax(x)].set(0.0) * x))(x)
    np.testing.assert_array_equal(g, [0.4, 0.0, 2.0])


@pytest.mark.parametrize("call, advice", [
    (lambda x: np.fill_diagonal(np.zeros((3, 3)) + x, 1.0), "diag_indices"),
    (lambda x: np.put_along_axis(x, np.array([0]), 1.0, axis=0), "full index"),
    (lambda x: np.put(x, [0], 1.0), r"ravel\(\)\.at"),
    (lambda x: np.add.at(x, [0], 1.0), r"x\.at\[indices\]\.add"),
    (lambda x: np.copyto(x, 1.0), "np.where"),
    (lambda x: np.place(x, np.ones(3, bool), [1.0]), "at"),
    (lambda x: np.putmask(x, np.ones(3, bool), 1.0), "np.where"),
])
def test_numpys_in_place_functions_say_what_to_write(call, advice):
    with pytest.raises(TypeError, match=f"a Var is never written into.*{advice}"):
        wg.grad(lambda x: (call(x), np.sum(x))[1])(np.ones(3))
    # forward mode said only "no gradient rule ... (not registered)"
    with pytest.raises(TypeError, match=f"a forward-mode value is never written into.*{advice}"):
        wg.jvp(lambda x: (call(x), np.sum(x))[1], (np.ones(3),), (np.ones(3),))


def test_storing_a_var_points_to_at():
    def store(x):
        a = np.zeros(3)
        a[0] = x
        return np.sum(a)
    with pytest.raises((TypeError, ValueError)) as info:
        wg.grad(store)(1.0)
    # the pure-Python core's Var is a sequence to CPython: NumPy's ValueError comes first,
    # with wengert's TypeError as its cause (see tests/test_nesting.py)
    error = info.value if isinstance(info.value, TypeError) else info.value.__cause__
    assert re.search(r"at\(a\)\[i\]\.set\(x\)", str(error)), repr(info.value)
    with pytest.raises(TypeError, match=r"x\.at\[i\]\.set\(y\)"):
        wg.grad(lambda x: x.__setitem__(0, 1.0))(np.ones(2))
