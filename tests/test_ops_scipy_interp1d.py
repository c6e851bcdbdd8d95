"""``scipy.interpolate.interp1d``: differentiable in ``y``, the points it is called at,
``fill_value`` and (``linear`` and the gathering kinds) the data points ``x``.

The truths come from outside the code under test: each kind's definition in exact rationals
(``fractions``): the segment's straight line, the nearest / previous / next data point, and for
the spline kinds the B-spline collocation system solved exactly
(tests/test_ops_scipy_make_interp_spline.py's truth).
"""
from fractions import Fraction

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.interpolate as si  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.interpolate as wsi  # noqa: E402
from opcheck import case, gradient_test, listing_test  # noqa: E402
from test_ops_scipy_make_interp_spline import _truth_at, _truth_coefficients  # noqa: E402

X = np.array([0.5, -1.0, 2.0, -0.25, 2.75])  # unsorted: interp1d sorts it
Y = np.array([0.75, 0.5, 2.0, -1.25, 0.5])
ORDER = np.argsort(X)
#: beyond both ends, the first data point, an inner one, inside, a midpoint, the last point
POINTS = np.array([-1.5, -1.0, 0.5, 1.25, 0.125, 2.75, 3.0])

CASES = [
    case(wsi.interp1d, lambda x, y, t: wsi.interp1d(x, y, fill_value="extrapolate")(t), X, Y, POINTS[[0, 3, 4, 6]],
         id="interp1d-linear"),
    case(wsi.interp1d, lambda y, f: wsi.interp1d(X, y, kind="nearest", bounds_error=False, fill_value=(f, 2 * f))(
        POINTS), Y, 0.3, id="interp1d-nearest-fill"),
    case(wsi.interp1d, lambda y, t: wsi.interp1d(X, y, kind="cubic", axis=0)(t), np.stack([Y, Y[::-1]], axis=1),
         POINTS[[3, 4]] + 0.1, id="interp1d-cubic"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(["interpolate.interp1d"], [wsi.interp1d], CASES)

XF = [Fraction(float(v)) for v in X[ORDER]]


def _linear_row(xs, p):
    """The weights of the sorted values in the straight line of SciPy's segment (``x[i - 1] < p <=
    x[i]``, the end segments beyond), exact."""
    n = len(xs)
    hi = max(1, min(n - 1, sum(1 for v in xs if v < p)))
    w = (p - xs[hi - 1]) / (xs[hi] - xs[hi - 1])
    return [1 - w if j == hi - 1 else w if j == hi else Fraction(0) for j in range(n)]


def _gathered_row(xs, p, kind):
    n = len(xs)
    if kind == "previous":
        j = max(i for i in range(n) if xs[i] <= p)
    elif kind == "next":
        j = min(i for i in range(n) if xs[i] >= p)
    else:
        distances = [abs(p - v) for v in xs]
        best = min(distances)
        ties = [i for i in range(n) if distances[i] == best]
        j = ties[0] if kind == "nearest" else ties[-1]
    return [Fraction(int(i == j)) for i in range(n)]


def _unsorted(rows):
    """Columns of the sorted values -> columns of the given (unsorted) ones."""
    out = np.zeros_like(rows)
    out[:, ORDER] = rows
    return out


def test_linear_is_exact_in_y_x_and_the_points():
    points = [Fraction(float(p)) for p in POINTS]
    f = lambda x, y, t: wsi.interp1d(x, y, fill_value="extrapolate")(t)  # noqa: E731
    value, _ = wg.vjp(f, X, Y, POINTS)
    np.testing.assert_allclose(value, si.interp1d(X, Y, fill_value="extrapolate")(POINTS), rtol=1e-15)
    rows = np.array([[float(w) for w in _linear_row(XF, p)] for p in points])
    np.testing.assert_allclose(wg.jacrev(lambda y: f(X, y, POINTS))(Y), _unsorted(rows), rtol=1e-15, atol=1e-16)
    # in the points: the segment's slope (the left-hand one at a data point); in the data points:
    # d/dx of the line through (x[lo], y[lo]) and (x[hi], y[hi]) at p, by the exact difference quotient
    yf = [Fraction(float(v)) for v in Y[ORDER]]
    line = lambda xs, p: sum(w * v for w, v in zip(_linear_row(xs, p), yf))  # noqa: E731
    h = Fraction(1, 10 ** 30)  # (the line is rational in the points: the quotient is exact to h)
    off_inner = POINTS != 0.5
    slopes = [float((line(XF, p + h) - line(XF, p)) / h) for p in points if p != points[2]]
    np.testing.assert_allclose(wg.elementwise_grad(lambda t: f(X, Y, t))(POINTS[off_inner]), slopes, rtol=1e-12)
    # (at the inner data point 0.5 the left-hand slope: 1/h's quotient from the left)
    left = float((line(XF, points[2]) - line(XF, points[2] - h)) / h)
    assert wg.grad_bp(lambda t: f(X, Y, t), 0.5) == pytest.approx(left, rel=1e-12)
    moved = lambda k, p: line([v + h if j == k else v for j, v in enumerate(XF)], p)  # noqa: E731
    want = np.array([[float((moved(k, p) - line(XF, p)) / h) for k in range(5)] for p in points if p != points[2]])
    got = wg.jacrev(lambda x: f(x, Y, POINTS[off_inner]))(X)
    np.testing.assert_allclose(got, _unsorted(want), rtol=1e-12, atol=1e-12)
    # hessian in the points: 0 (straight lines), in (x, t) not: jacfwd(jacrev) runs
    assert np.all(wg.hessian(lambda t: np.sum(f(X, Y, t)))(POINTS[[3, 4]]) == 0)


@pytest.mark.parametrize("kind", ["nearest", "nearest-up", "previous", "next"])
def test_gathering_kinds_are_exact_and_refused_where_they_switch(kind):
    inside = POINTS[1:-1]
    f = lambda y: wsi.interp1d(X, y, kind=kind)(inside)  # noqa: E731
    np.testing.assert_array_equal(wg.vjp(f, Y)[0], si.interp1d(X, Y, kind=kind)(inside))
    rows = np.array([[float(w) for w in _gathered_row(XF, Fraction(float(p)), kind)] for p in inside])
    np.testing.assert_array_equal(wg.jacrev(f)(Y), _unsorted(rows))
    assert wg.grad_bp(lambda t: wsi.interp1d(X, Y, kind=kind)(t), 1.3) == 0.0
    switch = 0.125 if kind.startswith("nearest") else 0.5  # (a midpoint, a data point)
    with pytest.raises(wg.NoGradientRule, match="switches"):
        wg.grad_bp(lambda t: wsi.interp1d(X, Y, kind=kind)(t), switch)


@pytest.mark.parametrize("kind, k", [("quadratic", 2), ("cubic", 3)])
def test_spline_kinds_are_exact(kind, k):
    spline = si.make_interp_spline(X[ORDER], Y[ORDER], k=k)
    t = tuple(Fraction(float(v)) for v in spline.t)
    n = len(X)
    units = _truth_coefficients(t, k, tuple(XF), [[Fraction(int(i == j)) for i in range(n)] for j in range(n)],
                                [], [])
    inside = POINTS[1:-1]
    f = lambda y: wsi.interp1d(X, y, kind=kind)(inside)  # noqa: E731
    np.testing.assert_allclose(wg.vjp(f, Y)[0], si.interp1d(X, Y, kind=kind)(inside), rtol=1e-14, atol=1e-15)
    rows = np.array([[float(_truth_at(t, k, u, Fraction(float(p)))) for u in units] for p in inside])
    np.testing.assert_allclose(wg.jacrev(f)(Y), _unsorted(rows), rtol=1e-12, atol=1e-13)


def test_fills_bounds_shapes_and_refusals():
    # fill_value (a pair, traced): its gradient is where the points are outside
    g = wg.grad_bp(lambda a, b: np.sum(wsi.interp1d(X, Y, bounds_error=False, fill_value=(a, b))(POINTS)), 0.1, 0.2)
    assert g == (1.0, 1.0)
    # previous / next 'extrapolate': SciPy's fills (NaN below / the last value above for previous)
    got = wg.jacrev(lambda y: wsi.interp1d(X, y, kind="previous", fill_value="extrapolate")(np.array([3.0])))(Y)
    np.testing.assert_array_equal(got, _unsorted(np.array([[0, 0, 0, 0, 1.0]])))
    with pytest.raises(ValueError, match="above the interpolation range"):
        wg.grad_bp(lambda y: wsi.interp1d(X, y)(3.0), Y)
    # axis, complex, float32, a 0-d point, NaN points (linear: NaN, gradient 0)
    y2 = np.stack([Y, Y[::-1] * (1 + 1j)])
    got, _ = wg.vjp(lambda y: wsi.interp1d(X, y, kind="slinear")(np.array([[0.3], [1.2]])), y2)
    np.testing.assert_allclose(got, si.interp1d(X, y2, kind="slinear")(np.array([[0.3], [1.2]])), rtol=1e-15)
    assert got.shape == (2, 2, 1)
    value, _ = wg.vjp(lambda y: wsi.interp1d(X, y)(0.3), Y.astype(np.float32))
    want = si.interp1d(X, Y.astype(np.float32))(0.3)
    assert value.dtype == want.dtype  # (to rounding: SciPy 1.18 sums in another order)
    np.testing.assert_allclose(value, want, rtol=1e-15)
    g = wg.grad_bp(lambda y: np.nansum(wsi.interp1d(X, y)(np.array([np.nan, 0.3]))), Y)
    np.testing.assert_array_equal(g, wg.grad_bp(lambda y: wsi.interp1d(X, y)(0.3), Y))
    with pytest.raises(wg.NoGradientRule, match="data points x"):
        wg.grad_bp(lambda x: wsi.interp1d(x, Y, kind="cubic")(0.3), X)
