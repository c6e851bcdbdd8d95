"""``scipy.interpolate.CubicSpline``: differentiable in the values ``y``, the evaluation points, the
knots ``x`` and the boundary derivative values, for every ``bc_type`` and ``extrapolate``.

The truths come from outside the code under test: the spline solved here from its defining
conditions (interpolation, continuity of the first and second derivatives at the inner knots,
and the two boundary conditions, each ``bc_type``'s mathematics, not SciPy's condensed systems)
in exact rationals (``fractions``), its Jacobian in ``y`` column by column (it is linear in
``y``), its derivatives in the point exactly (a polynomial on each piece); in the knots (a
rational function of them) mpmath's derivative of the same solution at 50 digits.
"""
from fractions import Fraction

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.interpolate as si  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.interpolate as wsi  # noqa: E402
from opcheck import case, gradient_test, listing_test, solve_exactly  # noqa: E402

KNOTS = np.array([-1.0, -0.25, 0.5, 2.0, 2.75])  # uneven steps, exact in binary
VALUES = np.array([0.5, -1.25, 0.75, 2.0, 0.5])
PERIODIC = np.array([0.5, -1.25, 0.75, 2.0, 0.5])  # (first == last)
#: inside, at knots (the first, an inner one, the last), and beyond both ends
POINTS = np.array([-1.5, -1.0, -0.5, 0.5, 1.25, 2.75, 3.5])
BC_TYPES = ("not-a-knot", "clamped", "natural", "periodic", ((1, 0.75), (2, -1.5)), ("not-a-knot", (1, -0.5)),
            ((2, 1.25), "not-a-knot"))

def _closed(v):
    """The periodic values of the free ones ``v`` (``y[-1]`` is ``y[0]``: the spline is defined there only)."""
    return np.concatenate([v, v[:1]])


CASES = [
    case(wsi.CubicSpline, lambda y, t: wsi.CubicSpline(KNOTS, y)(t), VALUES, POINTS[2:5] + 0.1,
         id="CubicSpline-not-a-knot"),
    case(wsi.CubicSpline, lambda v, t: wsi.CubicSpline(KNOTS, _closed(v), bc_type="periodic")(t, nu=1), PERIODIC[:-1],
         POINTS + 0.1, id="CubicSpline-periodic"),
    case(wsi.CubicSpline, lambda x, v: wsi.CubicSpline(x, VALUES, bc_type=((1, v), "natural"))(POINTS[2:5] + 0.1),
         KNOTS, 0.75, id="CubicSpline-knots-and-boundary-value"),
    case(wsi.CubicSpline, lambda y: wsi.CubicSpline(KNOTS, y, axis=-1)(np.array([[0.3], [1.1]])),
         np.stack([VALUES, VALUES[::-1] * (1 + 0.5j)]), id="CubicSpline-complex-axis-1"),
    case(wsi.CubicSpline, lambda x, y, b: wsi.CubicSpline(x, y, bc_type="natural").integrate(-0.6, b), KNOTS, VALUES,
         1.3, id="CubicSpline-integrate"),
    case(wsi.CubicSpline, lambda x, y, t: wsi.CubicSpline(x, y, bc_type="clamped").antiderivative(2)(t), KNOTS,
         VALUES, POINTS[2:5] + 0.1, id="CubicSpline-antiderivative"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(["interpolate.CubicSpline"], [wsi.CubicSpline], CASES)


# -- the truth: the spline solved from its conditions, in exact rationals ---------------------

def _truth_pieces(x, y, bc, zero):
    """The coefficients ``(a, b, c, d)`` of each piece ``a + b s + c s^2 + d s^3`` (``s = t - x[i]``)
    of the cubic spline through ``(x, y)`` with ``bc`` (SciPy's conventions for 2 knots, where
    'not-a-knot' and 'periodic' ends are the line's slope, and for 3 knots 'not-a-knot' at both
    ends, the parabola)."""
    n = len(x)
    pieces = n - 1
    rows, rhs = [], []

    def row(entries):
        r = [zero] * (4 * pieces)
        for (i, k), v in entries.items():
            r[4 * i + k] = r[4 * i + k] + v
        return r

    def derivative_at(i, t, order):  # the entries of p_i^(order)(t)
        s = t - x[i]
        out = {}
        for k in range(order, 4):
            factor = 1
            for j in range(k - order + 1, k + 1):
                factor *= j
            out[(i, k)] = factor * s ** (k - order)
        return out

    for i in range(pieces):
        rows += [row(derivative_at(i, x[i], 0)), row(derivative_at(i, x[i + 1], 0))]
        rhs += [y[i], y[i + 1]]
    for j in range(1, n - 1):
        for order in (1, 2):
            left, right = derivative_at(j - 1, x[j], order), derivative_at(j, x[j], order)
            rows.append(row({**left, **{key: -v for key, v in right.items()}}))
            rhs.append(zero)
    if isinstance(bc, str):
        bc = (bc, bc)
    slope = (y[1] - y[0]) / (x[1] - x[0])
    if n == 2:
        bc = tuple((1, slope) if b in ("not-a-knot", "periodic") else b for b in bc)
    bc = tuple((1, zero) if b == "clamped" else (2, zero) if b == "natural" else b for b in bc)
    if bc[0] == "periodic":
        for order in (1, 2):
            start, end = derivative_at(0, x[0], order), derivative_at(pieces - 1, x[-1], order)
            rows.append(row({**start, **{key: -v for key, v in end.items()}}))
            rhs.append(zero)
    elif n == 3 and bc == ("not-a-knot", "not-a-knot"):
        rows += [row({(0, 3): 1, (1, 3): -1}), row({(0, 3): 1})]
        rhs += [zero, zero]
    else:
        for end, (i, j, t) in zip(bc, ((0, 1, x[0]), (pieces - 1, pieces - 2, x[-1]))):
            if end == "not-a-knot":
                rows.append(row({(i, 3): 1, (j, 3): -1}))
                rhs.append(zero)
            else:
                rows.append(row(derivative_at(i, t, end[0])))
                rhs.append(end[1])
    z = solve_exactly(rows, [rhs])[0]
    return [z[4 * i:4 * i + 4] for i in range(pieces)]


def _truth_at(x, pieces, t, nu, extrapolate):
    """The ``nu``-th derivative at ``t`` of the spline, on SciPy's piece (``x[i] <= t < x[i + 1]``,
    the last one closed, the end pieces beyond), None where SciPy gives NaN."""
    if extrapolate == "periodic":
        t = x[0] + (t - x[0]) % (x[-1] - x[0])
    elif not extrapolate and (t < x[0] or t > x[-1]):
        return None
    i = max(0, min(len(x) - 2, sum(1 for k in x if k <= t) - 1))
    s = t - x[i]
    total = 0
    for k in range(nu, 4):
        factor = 1
        for j in range(k - nu + 1, k + 1):
            factor *= j
        total += factor * pieces[i][k] * s ** (k - nu)
    return total


def _fractions(values):
    return [Fraction(float(v)) for v in values]


def _bc_fraction(bc):
    return bc if isinstance(bc, str) else tuple(b if isinstance(b, str) else (b[0], Fraction(b[1])) for b in bc)


def _bc_zero(bc):
    """``bc`` with its derivative values 0 (the spline's part linear in ``y``)."""
    return bc if isinstance(bc, str) else tuple(b if isinstance(b, str) else (b[0], Fraction(0)) for b in bc)


@pytest.mark.parametrize("bc", BC_TYPES, ids=str)
def test_jacobian_in_y_and_derivatives_in_the_points_are_exact(bc):
    for n in ((2, 3, 5) if isinstance(bc, str) else (3, 5)):  # (2 and 3 knots: SciPy's special cases)
        x = KNOTS[:n]
        # periodic: a function of the n - 1 free values (y[-1] is y[0]), its unit vectors alike
        free = VALUES[:n - 1] if bc == "periodic" else VALUES[:n]
        closed = _closed if bc == "periodic" else (lambda v: v)
        y = closed(free)
        xf, yf = _fractions(x), _fractions(y)
        pieces = _truth_pieces(xf, yf, _bc_fraction(bc), Fraction(0))
        units = [_truth_pieces(xf, [Fraction(int(i == j or (bc == "periodic" and j == 0 and i == n - 1)))
                                    for i in range(n)], _bc_zero(bc), Fraction(0)) for j in range(len(free))]
        for extrapolate in ((None, False, "periodic") if bc in ("periodic", "not-a-knot") else (None, False)):
            effective = ("periodic" if bc == "periodic" else True) if extrapolate is None else extrapolate
            for nu in (0, 1, 2):
                # the values: SciPy's
                spline = lambda v, t: wsi.CubicSpline(x, v, bc_type=bc, extrapolate=extrapolate)(t, nu=nu)  # noqa: E731
                want = [_truth_at(xf, pieces, Fraction(float(t)), nu, effective) for t in POINTS]
                got, pullback = wg.vjp(lambda v: spline(v, POINTS), y)  # (wengert's formula, not SciPy's call)
                scipy_value = si.CubicSpline(x, y, bc_type=bc, extrapolate=extrapolate)(POINTS, nu=nu)
                np.testing.assert_array_equal(np.isnan(got), [w is None for w in want])
                np.testing.assert_allclose(got, scipy_value, rtol=1e-15, atol=1e-15, equal_nan=True)
                np.testing.assert_allclose(got, [np.nan if w is None else float(w) for w in want], rtol=1e-13,
                                           atol=1e-13, equal_nan=True)
                # the Jacobian in y: the spline of each unit vector (linear in y)
                if nu and extrapolate is not None:
                    continue
                jac = wg.jacrev(lambda v: spline(closed(v), POINTS))(free)
                # (where the value is NaN, a constant outside the knots without extrapolation: 0)
                truth = np.array([[float(_truth_at(xf, u, Fraction(float(t)), nu, effective) or 0) for u in units]
                                  for t in POINTS])
                np.testing.assert_allclose(jac, truth, rtol=1e-13, atol=1e-13, err_msg=f"n={n} ext={extrapolate} nu={nu}")
                # the derivative in the points (the right-hand one at a knot) and the second
                inside = POINTS[(POINTS >= x[0]) & (POINTS <= x[-1])] if effective is False else POINTS
                first = wg.elementwise_grad(lambda t: spline(y, t))
                checks = [(nu + 1, first(inside))]
                if nu == 0:  # (second order: the derivative of the derivative)
                    checks.append((2, wg.elementwise_grad(first)(inside)))
                for order, got_d in checks:
                    want_d = [float(_truth_at(xf, pieces, Fraction(float(t)), order, effective)) for t in inside]
                    np.testing.assert_allclose(got_d, want_d, rtol=1e-12, atol=1e-12,
                                               err_msg=f"n={n} ext={extrapolate} nu={nu} order={order}")


@pytest.mark.parametrize("bc", ["not-a-knot", "periodic", ((1, 0.75), (2, -1.5))], ids=str)
def test_derivatives_in_the_knots_and_boundary_values_are_mpmaths(bc):
    mpmath = pytest.importorskip("mpmath")
    mp = mpmath.mp.clone() if hasattr(mpmath.mp, "clone") else mpmath.mp
    with mp.workdps(50):
        y = _closed(VALUES[:-1]) if bc == "periodic" else VALUES
        at = np.array([-1.5, -0.25, 1.25, 3.5])  # beyond, at an inner knot (the right-hand piece), inside, beyond
        bc_values = [] if isinstance(bc, str) else [b[1] for b in bc]

        def truth(knots, values):
            b = bc if isinstance(bc, str) else tuple((o, values[k]) for k, (o, _) in enumerate(bc))
            pieces = _truth_pieces(knots, [mp.mpf(float(v)) for v in y], b, mp.mpf(0))
            return [_truth_at(knots, pieces, mp.mpf(float(t)), 0, "periodic" if bc == "periodic" else True) for t in at]

        knots = [mp.mpf(float(v)) for v in KNOTS]
        values = [mp.mpf(v) for v in bc_values]
        h = mp.mpf(10) ** -20  # (a central difference of the rational function at 50 digits: error ~ h^2)

        def column(moved, k):
            up, down = (truth(*moved(k, sign * h)) for sign in (1, -1))
            return [float((u - d) / (2 * h)) for u, d in zip(up, down)]

        on_knots = lambda k, e: ([v + e if j == k else v for j, v in enumerate(knots)], values)  # noqa: E731
        jac = wg.jacrev(lambda x: wsi.CubicSpline(x, y, bc_type=bc)(at))(KNOTS)
        for k in range(len(KNOTS)):
            np.testing.assert_allclose(jac[:, k], column(on_knots, k), rtol=1e-12, atol=1e-13, err_msg=f"knot {k}")
        on_values = lambda k, e: (knots, [v + e if j == k else v for j, v in enumerate(values)])  # noqa: E731
        for k in range(len(bc_values)):
            got = wg.jacrev(lambda v: wsi.CubicSpline(KNOTS, y, bc_type=tuple(
                (o, v if j == k else bc_values[j]) for j, (o, _) in enumerate(bc)))(at))(bc_values[k])
            np.testing.assert_allclose(got, column(on_values, k), rtol=1e-12, atol=1e-13)


def test_second_order_in_the_point_forward_over_reverse():
    # the spline is a cubic on each piece: its Hessian in the point is the second derivative there
    spline = wsi.CubicSpline(KNOTS, VALUES, bc_type="natural")
    f = lambda t: spline(t[0]) * spline(t[1])  # noqa: E731
    t = np.array([0.1, 2.3])
    xf, yf = _fractions(KNOTS), _fractions(VALUES)
    pieces = _truth_pieces(xf, yf, "natural", Fraction(0))
    s = [[float(_truth_at(xf, pieces, Fraction(float(v)), nu, True)) for nu in range(3)] for v in t]
    want = np.array([[s[0][2] * s[1][0], s[0][1] * s[1][1]], [s[0][1] * s[1][1], s[0][0] * s[1][2]]])
    np.testing.assert_allclose(wg.jacfwd(wg.jacrev(f))(t), want, rtol=1e-13)
    np.testing.assert_allclose(wg.hessian(f)(t), want, rtol=1e-13)


def test_shapes_dtypes_and_edges_as_scipy():
    y2 = np.stack([VALUES, VALUES[::-1]])  # interpolated along the last axis
    at = np.array([[0.3, 1.1], [-2.0, 2.75]])
    got, _ = wg.vjp(lambda v: wsi.CubicSpline(KNOTS, v, axis=-1)(at), y2)
    want = si.CubicSpline(KNOTS, y2, axis=-1)(at)
    assert got.shape == want.shape == (2, 2, 2)
    np.testing.assert_allclose(got, want, rtol=1e-15)
    # float32 values: SciPy's float64 spline
    f32 = VALUES.astype(np.float32)
    got, _ = wg.vjp(lambda v: wsi.CubicSpline(KNOTS, v)(0.3), f32)
    assert got.dtype == np.float64 and got == si.CubicSpline(KNOTS, f32)(0.3)
    # no points; the derivatives beyond the third (0); NaN points (NaN, gradient 0)
    assert wg.vjp(lambda v: wsi.CubicSpline(KNOTS, v)(np.zeros(0)), VALUES)[0].shape == (0,)
    assert np.all(wg.jacrev(lambda v: wsi.CubicSpline(KNOTS, v)(np.array([0.3, 1.0]), nu=4))(VALUES) == 0)
    g = wg.grad_bp(lambda v: np.nansum(wsi.CubicSpline(KNOTS, v)(np.array([np.nan, 0.3]))), VALUES)
    np.testing.assert_allclose(g, wg.grad_bp(lambda v: wsi.CubicSpline(KNOTS, v)(0.3), VALUES), rtol=0, atol=0)
    # SciPy's checks of the arguments, with Vars as without
    with pytest.raises(ValueError, match="at least 2 elements"):
        wg.grad_bp(lambda v: wsi.CubicSpline(KNOTS[:1], v)(0.0), VALUES[:1])
    with pytest.raises(ValueError, match="identical"):
        wg.grad_bp(lambda v: wsi.CubicSpline(KNOTS, v, bc_type="periodic")(0.0), VALUES + np.eye(5)[-1])
    # the derivative as a callable: .derivative()
    spline = wsi.CubicSpline(KNOTS, VALUES)
    # (to rounding: SciPy sums the pieces of nu=2 in another order)
    np.testing.assert_allclose(wg.grad_bp(lambda t: spline.derivative()(t), 0.3), spline(0.3, nu=2), rtol=1e-13)


def test_antiderivative_and_integrate_are_differentiated():
    # (both were refused: exact now, test_antiderivative_is_exact and test_integrate_is_exact)
    assert wsi.CubicSpline(KNOTS, VALUES).integrate(0.0, 1.0) == si.CubicSpline(KNOTS, VALUES).integrate(0.0, 1.0)
    assert wg.grad_bp(lambda b: wsi.CubicSpline(KNOTS, VALUES).integrate(0.0, b), 1.0) == pytest.approx(
        float(si.CubicSpline(KNOTS, VALUES)(1.0)), rel=1e-15)
    assert wg.grad_bp(lambda b: wsi.CubicSpline(KNOTS, VALUES).antiderivative()(b), 1.0) == pytest.approx(
        float(si.CubicSpline(KNOTS, VALUES)(1.0)), rel=1e-15)


def _truth_antiderivative(x, pieces, nu):
    """The pieces (coefficients in powers of ``t - x[i]``, lowest first) of the ``nu``-th antiderivative
    whose derivatives below ``nu`` are continuous and 0 at ``x[0]`` (SciPy's constants), exactly."""
    for _ in range(nu):
        out = []
        for i, p in enumerate(pieces):
            start = 0 if i == 0 else sum(c * (x[i] - x[i - 1]) ** k for k, c in enumerate(out[-1]))
            out.append([start] + [c / (k + 1) for k, c in enumerate(p)])
        pieces = out
    return pieces


def _truth_poly_at(x, pieces, t, nu, extrapolate):
    """As ``_truth_at``, for pieces of any degree."""
    if not extrapolate and (t < x[0] or t > x[-1]):
        return None
    i = max(0, min(len(x) - 2, sum(1 for k in x if k <= t) - 1))
    total = 0
    for k in range(nu, len(pieces[i])):
        factor = 1
        for j in range(k - nu + 1, k + 1):
            factor *= j
        total += factor * pieces[i][k] * (t - x[i]) ** (k - nu)
    return total


@pytest.mark.parametrize("bc", ["not-a-knot", ((1, 0.75), (2, -1.5))], ids=str)
def test_antiderivative_is_exact(bc):
    """Values SciPy's bit for bit; in y (linear: column by column), in the point (the antiderivatives below
    it) to second order, against the antiderivative of the exact spline in rationals."""
    x, n = _fractions(KNOTS), len(KNOTS)
    values = PERIODIC if bc == "periodic" else VALUES
    pieces = _truth_pieces(x, _fractions(values), _bc_fraction(bc), Fraction(0))
    units = [_truth_pieces(x, [Fraction(int(i == j)) for i in range(n)], _bc_zero(bc), Fraction(0)) for j in range(n)]
    points = np.array([-1.5, -0.25, 1.25, 2.75, 3.5])
    for extrapolate, nu in ((None, 1), (False, 2), ("periodic", 1)):
        plain = si.CubicSpline(KNOTS, values, bc_type=bc, extrapolate=extrapolate).antiderivative(nu)
        f = lambda y, t: wsi.CubicSpline(KNOTS, y, bc_type=bc, extrapolate=extrapolate).antiderivative(nu)(t)  # noqa: E731
        np.testing.assert_array_equal(wg.vjp(lambda y: f(y, points), values)[0], plain(points))
        mode = bool(plain.extrapolate)  # ('periodic' becomes False, as SciPy's)
        truth = _truth_antiderivative(x, pieces, nu)
        columns = [_truth_antiderivative(x, u, nu) for u in units]
        for t in points:
            at = _truth_poly_at(x, truth, Fraction(t), 0, mode)
            if at is None:
                assert np.isnan(f(values, np.array([t]))[0])
                continue
            g_y, g_t = wg.grad(f, argnums=(0, 1))(values, t)
            unit = [float(_truth_poly_at(x, c, Fraction(t), 0, True)) for c in columns]
            np.testing.assert_allclose(g_y, unit, rtol=1e-13, atol=1e-14)
            assert g_t == pytest.approx(float(_truth_poly_at(x, truth, Fraction(t), 1, True)), rel=1e-13, abs=1e-14)
            second = wg.jvp(lambda t: wg.grad(lambda u: f(values, u))(t), (t,), (1.0,))[1]
            assert second == pytest.approx(float(_truth_poly_at(x, truth, Fraction(t), 2, True)), rel=1e-13, abs=1e-14)


def _truth_integral(x, pieces, a, b, extrapolate):
    """The integral from ``a`` to ``b`` of the spline (the end pieces beyond the ends; periodic: of its
    periodic extension, F(b) - F(a) with F(x0 + k P + r) = k F(x0 + P) + F(x0 + r)), exactly."""
    def piece_integral(i, lo, hi):  # of piece i over [lo, hi]
        return sum(c * ((hi - x[i]) ** (k + 1) - (lo - x[i]) ** (k + 1)) / (k + 1) for k, c in enumerate(pieces[i]))

    def from_start(t):  # the integral from x[0] to t
        if extrapolate == "periodic":
            period = x[-1] - x[0]
            whole = (t - x[0]) // period
            return whole * _plain_from_start(x[-1]) + _plain_from_start(t - whole * period)
        return _plain_from_start(t)

    def _plain_from_start(t):
        if t < x[0]:
            return -piece_integral(0, t, x[0])
        total, i = 0, 0
        while i < len(x) - 2 and t > x[i + 1]:
            total, i = total + piece_integral(i, x[i], x[i + 1]), i + 1
        return total + piece_integral(i, x[i], t)
    if not extrapolate and min(a, b) < x[0] or not extrapolate and max(a, b) > x[-1]:
        return None
    return from_start(b) - from_start(a)


@pytest.mark.parametrize("bc", ["not-a-knot", "periodic", ((1, 0.75), (2, -1.5))], ids=str)
def test_integrate_is_exact(bc):
    """In y (linear: column by column), in the bounds (the spline there) and its second derivative."""
    x, n = _fractions(KNOTS), len(KNOTS)
    values = PERIODIC if bc == "periodic" else VALUES
    pieces = _truth_pieces(x, _fractions(values), _bc_fraction(bc), Fraction(0))
    units = [_truth_pieces(x, [Fraction(int(i == j)) for i in range(n)], _bc_zero(bc), Fraction(0)) for j in range(n)]
    for extrapolate in (None, False, "periodic"):
        for a, b in ((-0.5, 1.25), (1.25, -0.5), (-1.5, 3.5), (-7.25, 12.25), (-1.0, 2.75)):
            plain = si.CubicSpline(KNOTS, values, bc_type=bc, extrapolate=extrapolate).integrate(a, b)
            f = lambda y, a, b: wsi.CubicSpline(KNOTS, y, bc_type=bc, extrapolate=extrapolate).integrate(a, b)  # noqa: E731
            value, pullback = wg.vjp(f, values, a, b)
            np.testing.assert_array_equal(value, plain)  # (SciPy's steps: its bits)
            mode = extrapolate if extrapolate is not None else ("periodic" if bc == "periodic" else True)
            truth = _truth_integral(x, pieces, Fraction(a), Fraction(b), mode)
            if truth is None:
                assert np.isnan(value)
                continue
            assert value == pytest.approx(float(truth), rel=1e-14, abs=1e-15)
            g_y, g_a, g_b = pullback(1.0)
            unit = [_truth_integral(x, u, Fraction(a), Fraction(b), mode) for u in units]
            np.testing.assert_allclose(g_y, np.array(unit, dtype=float), rtol=1e-13, atol=1e-14)
            for bound, grad, sign in ((b, g_b, 1), (a, g_a, -1)):
                at = _truth_at(x, pieces, Fraction(bound), 0, mode)
                assert grad == pytest.approx(sign * float(at), rel=1e-13, abs=1e-14)
    second = wg.grad(wg.grad(lambda b: wsi.CubicSpline(KNOTS, values, bc_type=bc).integrate(-0.5, b)))(1.25)
    assert second == pytest.approx(float(_truth_at(x, pieces, Fraction(1.25), 1, True)), rel=1e-13)
