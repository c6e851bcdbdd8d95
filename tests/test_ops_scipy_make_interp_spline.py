"""``scipy.interpolate.make_interp_spline`` and ``BSpline``: differentiable in the data values
``y``, the boundary derivative values, the coefficients ``c`` and the evaluation points.

The truths come from outside the code under test: the B-splines from their definition (the
Cox-de Boor recursion on the interval's polynomial piece, and its derivative formula) in exact
rationals (``fractions``), the collocation system (the data rows, the boundary derivative rows)
solved exactly, and the spline's Jacobian in ``y`` column by column (it is linear in ``y``).
"""
from fractions import Fraction
from functools import lru_cache

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.interpolate as si  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.interpolate as wsi  # noqa: E402
from opcheck import case, gradient_test, listing_test, solve_exactly  # noqa: E402

X = np.array([-1.0, -0.25, 0.5, 2.0, 2.75, 3.5])
Y = np.array([0.5, -1.25, 0.75, 2.0, 0.5, -0.25])
#: beyond both ends, the first point, an inner data point, inside, the last point
POINTS = np.array([-1.5, -1.0, 0.5, 1.25, 3.5, 4.0])
KNOTS_2 = np.array([0.0, 0.0, 0.0, 1.0, 2.0, 2.0, 2.0])

CASES = [
    case(wsi.make_interp_spline, lambda y, p: wsi.make_interp_spline(X, y)(p), Y, POINTS[2:4] + 0.1,
         id="make_interp_spline-cubic"),
    case(wsi.make_interp_spline, lambda y, v: wsi.make_interp_spline(X, y, k=5, bc_type=([(1, v), (2, 0.0)],
                                                                                        [(1, -v), (2, 1.0)]))(0.3),
         Y, 0.75, id="make_interp_spline-quintic-derivative-values"),
    case(wsi.make_interp_spline, lambda y: wsi.make_interp_spline(X, y, k=2, axis=-1)(np.array([0.3, 1.1]), nu=1),
         np.stack([Y, Y[::-1] * (1 + 0.5j)]), id="make_interp_spline-complex-axis-1"),
    case(wsi.BSpline, lambda c, p: wsi.BSpline(KNOTS_2, c, 2, extrapolate="periodic")(p), Y[:4], np.array([-0.7, 0.3, 2.4]),
         id="BSpline-periodic"),
    case(wsi.BSpline, lambda c, p: wsi.BSpline(KNOTS_2, c, 2).antiderivative(2)(p), Y[:4], POINTS[2:4] + 0.1,
         id="BSpline-antiderivative"),
    case(wsi.BSpline, lambda c, b: wsi.BSpline(KNOTS_2, c, 2).integrate(0.1, b), Y[:4], 1.3, id="BSpline-integrate"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(
    ["interpolate.make_interp_spline", "interpolate.BSpline"], [wsi.make_interp_spline, wsi.BSpline], CASES)


# -- the truth: B-splines from their definition, the collocation system solved in rationals ------

def _basis(t, k, j, x, piece, nu=0):
    """``B_{j,k}^(nu)(x)`` on the polynomial piece of the knot interval ``piece`` (its indicator
    at degree 0), by the Cox-de Boor recursion and its derivative formula (0 / 0 = 0)."""
    @lru_cache(maxsize=None)
    def b(j, d, nu):
        if d == 0:
            return Fraction(int(j == piece and nu == 0))
        out = Fraction(0)
        left, right = t[j + d] - t[j], t[j + d + 1] - t[j + 1]
        if nu:
            if left:
                out += d * b(j, d - 1, nu - 1) / left
            if right:
                out -= d * b(j + 1, d - 1, nu - 1) / right
            return out
        if left:
            out += (x - t[j]) / left * b(j, d - 1, 0)
        if right:
            out += (t[j + d + 1] - x) / right * b(j + 1, d - 1, 0)
        return out
    return b(j, k, nu)


def _piece(t, k, x):
    """SciPy's interval: ``t[l] <= x < t[l + 1]`` with ``k <= l < n`` (the last closed; beyond, the ends)."""
    n = len(t) - k - 1
    return max(k, min(n - 1, sum(1 for v in t if v <= x) - 1))


@lru_cache(maxsize=None)
def _row(t, k, p, nu=0):
    """The ``nu``-th derivatives of every B-spline at ``p``, on SciPy's piece there."""
    return [_basis(t, k, j, p, _piece(t, k, p), nu) for j in range(len(t) - k - 1)]


def _truth_coefficients(t, k, x, ys, left, right):
    """The coefficients of the interpolating splines of the data ``ys`` (a list): the collocation
    system (the conditions ``left``, the data, ``right``: lists of (order, value)) solved exactly."""
    rows = ([_row(t, k, x[0], order) for order, _ in left] + [_row(t, k, xi) for xi in x]
            + [_row(t, k, x[-1], order) for order, _ in right])
    return solve_exactly(rows, [[v for _, v in left] + list(y) + [v for _, v in right] for y in ys])


def _truth_at(t, k, c, p, nu=0):
    return sum(a * b for a, b in zip(c, _row(t, k, p, nu)))


def _not_a_knot(x, k):
    """The knots of SciPy's documented default: the ends repeated k + 1 times, between them the
    data points (odd k) or their midpoints (even k), less the (k + 1) // 2 nearest each end ('not-a-knot')."""
    inner = x if k % 2 else [(a + b) / 2 for a, b in zip(x[:-1], x[1:])]
    drop = (k + 1) // 2  # (n - k - 1 inner knots)
    inner = inner[drop:len(inner) - drop]
    return [x[0]] * (k + 1) + list(inner) + [x[-1]] * (k + 1)


F = tuple(Fraction(float(v)) for v in X)
CONDITIONS = {None: ([], []), "clamped": ([(1, 0)], [(1, 0)]), "natural": ([(2, 0)], [(2, 0)]),
              "quintic": ([(1, Fraction(3, 4)), (2, 0)], [(1, Fraction(-1, 2)), (2, 1)])}


@pytest.mark.parametrize("k, bc", [(1, None), (2, None), (3, None), (4, None), (5, None), (3, "clamped"),
                                   (3, "natural"), (5, "quintic")], ids=str)
def test_jacobian_in_y_and_derivatives_in_the_points_are_exact(k, bc):
    left, right = CONDITIONS[bc]
    scipy_bc = None if bc is None else bc if bc != "quintic" else ([(o, float(v)) for o, v in left],
                                                                   [(o, float(v)) for o, v in right])
    try:
        spline = si.make_interp_spline(X, Y, k=k, bc_type=scipy_bc)
    except ValueError as e:  # (SciPy before 1.14 builds its default knots for odd degrees and 2 only)
        if "Odd degree" in str(e):
            pytest.skip(str(e))
        raise
    t = tuple(Fraction(float(v)) for v in spline.t)
    if bc is None:
        assert list(t) == _not_a_knot(F, k)
    units = _truth_coefficients(t, k, F, [[Fraction(int(i == j)) for i in range(len(X))] for j in range(len(X))],
                                [(o, 0) for o, _ in left], [(o, 0) for o, _ in right])
    c = _truth_coefficients(t, k, F, [[Fraction(float(v)) for v in Y]], left, right)[0]
    for nu in range(0, min(k, 2) + 1):
        f = lambda y: wsi.make_interp_spline(X, y, k=k, bc_type=scipy_bc)(POINTS, nu=nu)  # noqa: E731
        value, _ = wg.vjp(f, Y)
        np.testing.assert_allclose(value, spline(POINTS, nu=nu), rtol=1e-14, atol=1e-14)
        np.testing.assert_allclose(value, [float(_truth_at(t, k, c, Fraction(float(p)), nu)) for p in POINTS],
                                   rtol=1e-13, atol=1e-13)
        want = [[float(_truth_at(t, k, u, Fraction(float(p)), nu)) for u in units] for p in POINTS]
        np.testing.assert_allclose(wg.jacrev(f)(Y), want, rtol=1e-12, atol=1e-13, err_msg=f"nu={nu}")
    # in the points: the next derivative (the right-hand one at a knot), and the one after
    g = wsi.make_interp_spline(X, Y, k=k, bc_type=scipy_bc)
    first = wg.elementwise_grad(lambda p: g(p))
    for order, got in ((1, first(POINTS)), (2, wg.elementwise_grad(first)(POINTS))):
        want = [float(_truth_at(t, k, c, Fraction(float(p)), order)) if order <= k else 0.0 for p in POINTS]
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, err_msg=f"order {order}")


def test_boundary_values_are_exact():
    left, right = CONDITIONS["quintic"]
    t = tuple(Fraction(float(v)) for v in si.make_interp_spline(X, Y, k=5, bc_type=([(1, 0.75), (2, 0.0)],
                                                                                    [(1, -0.5), (2, 1.0)])).t)
    f = lambda v: wsi.make_interp_spline(X, Y, k=5, bc_type=([(1, v), (2, 0.0)], [(1, -0.5), (2, 1.0)]))(POINTS)  # noqa: E731
    # linear in the value: its column is the spline of the data 0 with that one condition 1
    unit = _truth_coefficients(t, 5, F, [[Fraction(0)] * len(X)], [(1, 1), (2, 0)], [(1, 0), (2, 0)])[0]
    want = [float(_truth_at(t, 5, unit, Fraction(float(p)))) for p in POINTS]
    np.testing.assert_allclose(wg.jacrev(f)(0.75), want, rtol=1e-12, atol=1e-13)
    assert left and right


def test_bspline_in_its_coefficients_and_points():
    t = tuple(Fraction(float(v)) for v in KNOTS_2)
    spline = lambda c: wsi.BSpline(KNOTS_2, c, 2)(POINTS * 0.5 + 0.25)  # noqa: E731
    want = [[float(_basis(t, 2, j, Fraction(float(p)), _piece(t, 2, Fraction(float(p))))) for j in range(4)]
            for p in POINTS * 0.5 + 0.25]
    np.testing.assert_allclose(wg.jacrev(spline)(Y[:4]), want, rtol=1e-14, atol=1e-15)
    # hessian in the points of a product, against the exact second derivatives
    s = wsi.BSpline(KNOTS_2, Y[:4], 2)
    d = lambda p, nu: float(_truth_at(t, 2, [Fraction(float(v)) for v in Y[:4]], Fraction(p), nu))  # noqa: E731
    p = np.array([0.3, 1.6])
    want = np.array([[d(0.3, 2) * d(1.6, 0), d(0.3, 1) * d(1.6, 1)], [d(0.3, 1) * d(1.6, 1), d(0.3, 0) * d(1.6, 2)]])
    np.testing.assert_allclose(wg.jacfwd(wg.jacrev(lambda q: s(q[0]) * s(q[1])))(p), want, rtol=1e-13)
    # .derivative(): SciPy's splder, differentiable in c
    got = wg.jacrev(lambda c: wsi.BSpline(KNOTS_2, c, 2).derivative()(0.3))(Y[:4])
    np.testing.assert_allclose(got, [float(_basis(t, 2, j, Fraction(0.3), 2, 1)) for j in range(4)], rtol=1e-14)


def test_edges_and_refusals():
    # no points, float32 values, NaN points (NaN, gradient 0), nu beyond the degree (0)
    assert wg.vjp(lambda y: wsi.make_interp_spline(X, y)(np.zeros(0)), Y)[0].shape == (0,)
    value, _ = wg.vjp(lambda y: wsi.make_interp_spline(X, y)(0.3), Y.astype(np.float32))
    assert value.dtype == np.float64
    np.testing.assert_allclose(value, si.make_interp_spline(X, Y.astype(np.float32))(0.3), rtol=1e-14)  # (rounding)
    g = wg.grad_bp(lambda y: np.nansum(wsi.make_interp_spline(X, y)(np.array([np.nan, 0.3]))), Y)
    np.testing.assert_array_equal(g, wg.grad_bp(lambda y: wsi.make_interp_spline(X, y)(0.3), Y))
    assert np.all(wg.jacrev(lambda y: wsi.make_interp_spline(X, y, k=2)(np.array([0.3]), nu=3))(Y) == 0)
    for k in (0, 1):  # (the coefficients are the values)
        np.testing.assert_array_equal(wg.jacrev(lambda y: wsi.make_interp_spline(X, y, k=k)(X))(Y), np.eye(6))
    with pytest.raises(wg.NoGradientRule, match="data points x"):
        wg.grad_bp(lambda x: wsi.make_interp_spline(x, Y)(0.3), X)
    with pytest.raises(wg.NoGradientRule, match="periodic"):
        wg.grad_bp(lambda y: wsi.make_interp_spline(X, y, bc_type="periodic")(0.3), np.r_[Y[:-1], Y[0]])
    with pytest.raises(wg.NoGradientRule, match="knots t"):
        wg.grad_bp(lambda t: wsi.BSpline(t, Y[:4], 2)(0.3), KNOTS_2)
    with pytest.raises(ValueError, match="strictly increasing"):
        wg.grad_bp(lambda y: wsi.make_interp_spline(X[::-1], y)(0.3), Y)


def _integral_from_start(f, knots, x):
    """``int_{knots[0]}^x f`` of a piecewise polynomial of degree <= 3 between the knots: Simpson's rule on each
    piece, exact there (in rationals)."""
    total, lo = Fraction(0), knots[0]
    for hi in [v for v in knots if knots[0] < v < x] + [x]:
        if hi > lo:
            total += (hi - lo) / 6 * (f(lo) + 4 * f((lo + hi) / 2) + f(hi))
        lo = hi
    return total


def test_bspline_antiderivative_is_exact():
    """Values SciPy's bit for bit; the Jacobian in c column by column (it is linear in c), against the integrals
    of the B-splines from their definition (exact), once and twice; d/dx and d2/dx2 the spline and its integral."""
    t = tuple(Fraction(float(v)) for v in KNOTS_2)
    knots = sorted(set(t))
    points = np.array([0.25, 1.0, 1.5, 2.0])

    def spline(c):
        return lambda u: sum(cj * _basis(t, 2, j, u, _piece(t, 2, u)) for j, cj in enumerate(c))
    for nu, points in ((1, points), (2, points[2:])):  # (the double integrals cost: two points)
        f = lambda c, x: wsi.BSpline(KNOTS_2, c, 2).antiderivative(nu)(x)  # noqa: E731
        np.testing.assert_array_equal(wg.vjp(lambda c: f(c, points), Y[:4])[0],
                                      si.BSpline(KNOTS_2, Y[:4], 2).antiderivative(nu)(points))
        jac = wg.jacrev(lambda c: f(c, points))(Y[:4])
        for j in range(4):
            once = spline([Fraction(int(i == j)) for i in range(4)])
            column = [_integral_from_start(once, knots, Fraction(p)) if nu == 1 else _integral_from_start(
                lambda u: _integral_from_start(once, knots, u), knots, Fraction(p)) for p in points]
            np.testing.assert_allclose(jac[:, j], np.array(column, dtype=float), rtol=1e-14, atol=1e-15)
    s_at = spline([Fraction(float(v)) for v in Y[:4]])
    f = lambda x: wsi.BSpline(KNOTS_2, Y[:4], 2).antiderivative(2)(x)  # noqa: E731
    assert wg.grad(f)(1.25) == pytest.approx(float(_integral_from_start(s_at, knots, Fraction(1.25))), rel=1e-14)
    assert wg.jvp(wg.grad(f), (1.25,), (1.0,))[1] == pytest.approx(float(s_at(Fraction(1.25))), rel=1e-14)


def test_bspline_integrate_is_exact():
    """(It was refused differentiated.) Values SciPy's to rounding (FITPACK's splint without extrapolation); the
    gradient in c column by column and in the bounds (the spline there) against the exact integrals, periodic
    as k I + int_0^r over whole periods and the rest."""
    t = tuple(Fraction(float(v)) for v in KNOTS_2)
    knots = sorted(set(t))
    period = knots[-1] - knots[0]

    def spline(c):
        return lambda u: sum(cj * _basis(t, 2, j, u, _piece(t, 2, u)) for j, cj in enumerate(c))

    def from_start(f, x, periodic):
        if not periodic:
            return _integral_from_start(f, knots, x)
        whole = (x - knots[0]) // period
        return whole * _integral_from_start(f, knots, knots[-1]) + _integral_from_start(f, knots, x - whole * period)
    values = [Fraction(float(v)) for v in Y[:4]]
    for extrapolate, (a, b) in ((False, (1.5, 0.25)), ("periodic", (-5.5, 7.25))):
        f = lambda c, a, b: wsi.BSpline(KNOTS_2, c, 2, extrapolate=extrapolate).integrate(a, b)  # noqa: E731
        value, pullback = wg.vjp(f, Y[:4], a, b)
        np.testing.assert_allclose(value, si.BSpline(KNOTS_2, Y[:4], 2, extrapolate=extrapolate).integrate(a, b),
                                   rtol=1e-15)
        g_c, g_a, g_b = pullback(1.0)
        periodic = extrapolate == "periodic"
        for j in range(4):
            unit = spline([Fraction(int(i == j)) for i in range(4)])
            exact = from_start(unit, Fraction(b), periodic) - from_start(unit, Fraction(a), periodic)
            assert g_c[j] == pytest.approx(float(exact), rel=1e-14, abs=1e-15)
        at = lambda x: spline(values)(knots[0] + (x - knots[0]) % period if periodic else x)  # noqa: E731
        assert g_b == pytest.approx(float(at(Fraction(b))), rel=1e-14)
        assert g_a == pytest.approx(-float(at(Fraction(a))), rel=1e-14)
    # beyond the ends without extrapolation the spline is 0 there: the bound's derivative 0
    assert wg.grad(lambda b: wsi.BSpline(KNOTS_2, Y[:4], 2, extrapolate=False).integrate(0.5, b))(3.0) == 0.0
    # both bounds beyond one end (either order): the integral of 0, as SciPy's (the antiderivative's NaN there
    # once gave a NaN value with a nonzero gradient in c)
    for a, b in ((3.0, 4.0), (4.0, 3.0), (-2.0, -1.0)):
        value, pullback = wg.vjp(lambda c, a, b: wsi.BSpline(KNOTS_2, c, 2, extrapolate=False).integrate(a, b),
                                 Y[:4], a, b)
        assert value == si.BSpline(KNOTS_2, Y[:4], 2, extrapolate=False).integrate(a, b) == 0.0
        assert all(np.all(g == 0.0) for g in pullback(1.0))
