"""scipy.signal's correlate, fftconvolve, convolve2d, correlate2d at every mode and method
against the exact Jacobian of SciPy itself (bilinear: a unit step's difference is exact), on
shapes where SciPy swaps the arguments, even and odd lengths, complex and integer
arguments; cumulative_trapezoid's refusal of an empty axis (SciPy's), and the trapezoids with
a broadcast Var x.
"""
import itertools

import numpy as np
import pytest

pytest.importorskip("scipy.signal", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.integrate as si  # noqa: E402
import scipy.signal as ss  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.integrate as wsi  # noqa: E402
import wengert.scipy.signal as wss  # noqa: E402
from opcheck import crand, rand  # noqa: E402
from wengert.testing import check_grads  # noqa: E402


def _exact_jacobian(f, x):
    """The Jacobian of a function linear in ``x`` (complex-linear for complex ``x``), column
    by column from unit steps: exact, no step size."""
    columns = []
    for index in np.ndindex(x.shape):
        step = np.zeros(x.shape, dtype=x.dtype)
        step[index] = 1.0
        columns.append(np.ravel(f(step)))
    return np.stack(columns, axis=-1)


SHAPES_1D = [((5,), (3,)), ((3,), (5,)), ((4,), (2,)), ((2,), (4,)), ((1,), (3,)), ((4,), (4,)),
             ((4, 3), (2, 2)), ((2, 2), (4, 3))]
SHAPES_2D = [((4, 3), (2, 2)), ((2, 3), (5, 4)), ((4, 5), (3, 2)), ((3, 3), (1, 1)), ((3, 3), (3, 3))]
METHODS = {"correlate": ("direct", "fft", "auto"), "convolve": ("direct", "fft", "auto"), "fftconvolve": (None,),
           "convolve2d": (None,), "correlate2d": (None,)}
SIGNAL_CASES = [(name, s1, s2, mode, method)
                for name in METHODS
                for (s1, s2) in (SHAPES_2D if name.endswith("2d") else SHAPES_1D)
                for mode, method in itertools.product(("full", "same", "valid"), METHODS[name])
                if not (mode == "valid" and not (all(a >= b for a, b in zip(s1, s2))
                                                 or all(a <= b for a, b in zip(s1, s2))))]


@pytest.mark.parametrize("name, s1, s2, mode, method", SIGNAL_CASES,
                         ids=[f"{n}-{a}-{b}-{m}-{k}" for n, a, b, m, k in SIGNAL_CASES])
def test_signal_jacobians_are_scipys_exactly(name, s1, s2, mode, method):
    # real arguments: the reverse-mode Jacobian in each argument, row by row, against SciPy's
    # own function applied to unit steps
    kwargs = {} if method is None else {"method": method}
    a, b = rand(s1, seed=1), rand(s2, seed=2)
    reference = getattr(ss, name)
    ours = getattr(wss, name)
    expected_a = _exact_jacobian(lambda s: reference(s, b, mode=mode, **kwargs), a)
    expected_b = _exact_jacobian(lambda s: reference(a, s, mode=mode, **kwargs), b)
    out_size = expected_a.shape[0]
    for row in range(out_size):
        ga, gb = wg.grad(lambda x, y: np.ravel(ours(x, y, mode=mode, **kwargs))[row], argnums=(0, 1))(a, b)
        np.testing.assert_allclose(np.ravel(ga), expected_a[row], atol=1e-12)
        np.testing.assert_allclose(np.ravel(gb), expected_b[row], atol=1e-12)


@pytest.mark.parametrize("name", ["correlate", "convolve", "fftconvolve", "convolve2d", "correlate2d"])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_signal_second_order_complex_and_integer_arguments(name, mode):
    two_d = name.endswith("2d")
    a = crand((4, 3) if two_d else (5,), seed=3)
    b = crand((2, 2) if two_d else (2,), seed=4)
    f = getattr(wss, name)
    # complex in both (correlate conjugates the second), the second argument longer in 'same'
    check_grads(lambda x, y: f(x, y, mode=mode) ** 2, a, b, order=2, modes=("rev", "fwd"))
    if mode != "valid":
        check_grads(lambda x, y: f(x, y, mode=mode) ** 2, b, a, order=2, modes=("rev", "fwd"))
    # an integer constant on either side
    k = np.arange(1, 5).reshape(2, 2) if two_d else np.arange(1, 3)
    check_grads(lambda x: f(x, k, mode=mode) ** 2, a.real, order=2, modes=("rev", "fwd"))
    check_grads(lambda y: f(k, y, mode=mode) ** 2, a.real, order=2, modes=("rev", "fwd"))


@pytest.mark.parametrize("shape", [(0,), (3, 0)])
@pytest.mark.parametrize("initial", [None, 0])
def test_cumulative_trapezoid_of_an_empty_axis_is_refused_as_scipy_does(shape, initial):
    with pytest.raises(ValueError, match="At least one point is required along `axis`"):
        si.cumulative_trapezoid(np.ones(shape), initial=initial)
    # (it returned an empty array, and with initial=0 a [0.] that SciPy never gives)
    with pytest.raises(ValueError, match="At least one point is required along `axis`"):
        wsi.cumulative_trapezoid(np.ones(shape), initial=initial)
    with pytest.raises(ValueError, match="At least one point is required along `axis`"):
        wg.grad_bp(lambda y: np.sum(wsi.cumulative_trapezoid(y, initial=initial)), np.ones(shape))


def test_cumulative_trapezoid_with_one_point_is_scipys():
    for initial in (None, 0):
        np.testing.assert_array_equal(wsi.cumulative_trapezoid(np.ones((2, 1)), initial=initial),
                                      si.cumulative_trapezoid(np.ones((2, 1)), initial=initial))
    g = wg.grad_bp(lambda y: np.sum(wsi.cumulative_trapezoid(y, initial=0)), np.ones((2, 1)))
    np.testing.assert_array_equal(g, np.zeros((2, 1)))


def test_the_trapezoids_with_a_broadcast_var_x():
    y = rand((3, 5), seed=5)
    x_row = np.cumsum(rand((1, 5), low=0.1, high=1.0, seed=6), axis=1)
    x_col = np.cumsum(rand((3, 1), low=0.1, high=1.0, seed=7), axis=0)
    for ours, theirs in ((wsi.trapezoid, si.trapezoid), (wsi.cumulative_trapezoid, si.cumulative_trapezoid)):
        np.testing.assert_allclose(ours(y, x_row), theirs(y, x_row), rtol=1e-13)
        np.testing.assert_allclose(ours(y, x_col, axis=-2), theirs(y, x_col, axis=-2), rtol=1e-13)
        check_grads(lambda y, x: ours(y, x) ** 2, y, x_row, order=2, modes=("rev", "fwd"))
        check_grads(lambda y, x: ours(y, x, axis=-2) ** 2, y, x_col, order=2, modes=("rev", "fwd"))
