"""``scipy.stats``' ``trapezoid`` (on ``[0, 1]``, rising to ``c``, flat to ``d``, falling to 1): its density, tails,
quantiles, moments, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's at shapes inside and at their ends (c = 0, d = 1, c =
d: triang, uniform), and against mpmath where SciPy's lose digits (its sf ``1 - cdf`` near the top of the support, its
``1 - sqrt((1 - q)(d - c + 1)(1 - d))`` for a small d); values and first and second derivatives in x (q), c and d
against mpmath on each piece, both sides of each corner and of the log tails' switch, near the ends; the corners
(refused where a first derivative jumps, the second refused where only it jumps), float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import case, float32_check, gradient_test, mp_point_check, stats_values_test  # noqa: E402
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.trapezoid
#: inside [0, 1], away from the corners below
Z = np.array([0.1, 0.3, 0.55, 0.8, 0.95])
C = np.array([[0.2], [0.45]])
D = np.array([[[0.5]], [[0.7]]])


def _f(method):
    return getattr(T, method)


CASES = [
    # in x, c, d, loc and scale, broadcast against each other (on every piece)
    *[case(_f(f), _f(f), Z, C, D, -0.01, 1.01, id=f"trapezoid.{f}") for f in TAILS],
    # (q away from the corners' q: c / s and (2 d - c) / s, ppf's; isf's 1 minus them)
    *[case(_f(f), _f(f), np.array([1e-3, 0.05, 0.5, 0.97, 0.999]), C, D, 0.1, 1.3, id=f"trapezoid.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(f), _f(f), np.array([-0.5, 1.5]), 0.3, 0.6, id=f"trapezoid.{f}-outside") for f in ("pdf", "cdf", "sf")],
    *[case(_f(m), _f(m), np.array([0.1, 0.3]), np.array([[0.35], [0.9]]), np.array([[[0.6]], [[2.0]]]),
           id=f"trapezoid.{m}") for m in ("mean", "var", "std", "entropy")],
    case(_f("median"), lambda *a: T.median(*a), np.array([0.1, 0.3]), np.array([[0.35], [0.9]]), -0.4, 0.6,
         id="trapezoid.median"),
    case(_f("interval"), lambda p, c, d: T.interval(p, c, d, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), 0.25, 0.6,
         id="trapezoid.interval"),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 0.05, 0.3, 0.4, 0.5, 0.7, 0.9, 1.0, 1.3, 1.5])
SHAPES = ((0.0, 0.0), (0.0, 0.4), (0.25, 0.75), (0.4, 0.4), (0.0, 1.0), (0.6, 1.0), (1.0, 1.0))
VALUE_CHECKS = [
    *[(f"trapezoid.{f}", (POINTS, c, d, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1) for c, d in SHAPES],
    *[(f"trapezoid.{f}", (np.array([0.0, 1e-3, 0.1, 0.4, 0.5, 0.9, 0.999, 1.0]), c, d, -0.1, 1.3))
      for f in ("ppf", "isf") for c, d in SHAPES],
    *[(f"trapezoid.{m}", (np.array([0.0, 0.3, 0.5]), np.array([[0.5], [1.0]]), 0.3, 2.0))
      for m in ("mean", "var", "std", "entropy")],
    ("trapezoid.median", (np.array([0.0, 0.3, 0.5]), np.array([[0.5], [1.0]]), -0.1, 1.3)),
    ("trapezoid.interval", (0.8, np.array([0.0, 0.3, 0.5]), 0.5, -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


def _mp_trapezoid(mp):
    """mpmath's functions of the standard trapezoid (each tail its piece's formula, the other ``1 -`` it)."""
    def piece(z, c, d, left, middle, right):
        return left(z, c, d) if z < c else middle(z, c, d) if z <= d else right(z, c, d)

    def cdf(z, c, d):
        return piece(z, c, d, lambda z, c, d: z * z / (c * (1 + d - c)), lambda z, c, d: (2 * z - c) / (1 + d - c),
                     lambda z, c, d: 1 - (1 - z) ** 2 / ((1 - d) * (1 + d - c)))

    def sf(z, c, d):
        return piece(z, c, d, lambda z, c, d: 1 - z * z / (c * (1 + d - c)),
                     lambda z, c, d: (1 + d - 2 * z) / (1 + d - c),
                     lambda z, c, d: (1 - z) ** 2 / ((1 - d) * (1 + d - c)))

    def pdf(z, c, d):
        return piece(z, c, d, lambda z, c, d: 2 * z / (c * (1 + d - c)), lambda z, c, d: 2 / (1 + d - c),
                     lambda z, c, d: 2 * (1 - z) / ((1 - d) * (1 + d - c)))

    def ppf(q, c, d):
        s = 1 + d - c
        return (mp.sqrt(c * s * q) if q < c / s else (c + q * s) / 2 if q <= (2 * d - c) / s
                else 1 - mp.sqrt((1 - d) * s * (1 - q)))

    def mean(c, d):
        return (1 + d + d * d - c * c) / (3 * (1 + d - c))

    def var(c, d):
        return (1 + d + d * d + d ** 3 - c ** 3) / (6 * (1 + d - c)) - mean(c, d) ** 2
    return {"pdf": pdf, "logpdf": lambda z, c, d: mp.log(pdf(z, c, d)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, c, d: mp.log(cdf(z, c, d)), "logsf": lambda z, c, d: mp.log(sf(z, c, d)),
            "ppf": ppf, "isf": lambda q, c, d: ppf(1 - q, c, d), "mean": mean, "var": var,
            "std": lambda c, d: mp.sqrt(var(c, d)), "median": lambda c, d: ppf(mp.mpf(0.5), c, d),
            "entropy": lambda c, d: (1 - d + c) / (2 * (1 + d - c)) + mp.log((1 + d - c) / 2)}


MP_POINTS = [
    # each piece, both sides of each corner (0.25, 0.75), near both ends
    *[(f, (z, 0.25, 0.75), i, 1e-12) for f in TAILS for z in (0.24999, 0.25001, 0.74999, 0.75001, 1e-6, 0.5, 1 - 1e-6)
      for i in (0, 1, 2) if not (i == 0 and (f == "pdf" or f in ("cdf", "sf") and 0.25 < z < 0.75)
                                 or f == "pdf" and 0.25 < z < 0.75)],
    # both sides of the log tails' switch (the other tail 1/2): in the left piece at c = 0.9, the right at d = 0.1
    *[(f, (z, c, d), i, 1e-12) for f in ("logcdf", "logsf") for z, c, d in ((0.69, 0.9, 0.95), (0.7, 0.9, 0.95),
                                                                            (0.3, 0.05, 0.1), (0.32, 0.05, 0.1))
      for i in (0, 1, 2)],
    # the quantiles: every piece, both sides of the corners' q (c / s = 1/6, (2 d - c) / s = 5/6), near q = 0 and 1,
    # and a small d (SciPy's 1 - sqrt(...) cancels)
    *[(f, (q, 0.25, 0.75), i, 1e-12) for f in ("ppf", "isf") for q in (1e-9, 0.16666, 0.16667, 0.5, 0.83333, 0.83334,
                                                                       1 - 1e-9) for i in (0, 1, 2)],
    *[(f, (q, 0.0, 1e-6), i, 1e-11) for f in ("ppf", "isf") for q in (1e-10, 0.3, 1 - 1e-10) for i in (0, 2)],
    *[(m, (c, d), i, 1e-13) for m in ("mean", "var", "std", "median", "entropy") for c, d in ((0.15, 0.3), (0.5, 0.9))
      for i in (0, 1)],
]


@pytest.mark.parametrize("method, args, i, rel", MP_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i, _ in MP_POINTS])
def test_against_mpmath(method, args, i, rel):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_trapezoid(mp)[method](*a), rel)


def test_the_density_in_x_on_its_middle_and_linear_pieces():
    # (linear in x: its second derivative 0, mpmath's differences of it 1e-146)
    for name, z, want in (("pdf", 0.1, 2 / (0.25 * 1.5)), ("pdf", 0.5, 0.0), ("pdf", 0.9, -2 / (0.25 * 1.5)),
                          ("cdf", 0.5, 2 / 1.5), ("sf", 0.5, -2 / 1.5)):
        f = (lambda x: _f(name)(x, 0.25, 0.75))
        assert float(wg.grad(f)(z)) == pytest.approx(want, rel=1e-15)
        assert [float(wg.grad(wg.grad(f))(z)), float(wg.jvp(wg.grad(f), (z,), (1.0,))[1])] == [0.0, 0.0]


def test_where_scipy_is_off():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        functions = _mp_trapezoid(mp)
        # (at the floats given, not at 1 - 10^-6: the float 1 - 1e-6 is 2.9e-17 further from 1, which moves the sf,
        # (1 - x)^2 / ..., by 5.8e-11 relative; that truth passed only by pytest.approx's default abs=1e-12)
        truths = {"sf": float(functions["sf"](mp.mpf(1 - 1e-6), mp.mpf(0.25), mp.mpf(0.75))),
                  "ppf": float(functions["ppf"](mp.mpf(3e-6), mp.mpf(0), mp.mpf(1e-6))),
                  "isf": float(functions["ppf"](1 - mp.mpf(1e-10), mp.mpf(0.25), mp.mpf(0.75)))}
    # SciPy's sf, 1 - cdf, near the top (8.2e-6 relative off at 1 - 1e-6); its ppf 1 - sqrt((1 - q)(d - c + 1)(1 - d))
    # at d = 1e-6 (8.7e-11 off at q = 3e-6); its isf ppf(1 - q): 2.5e-13 off at q = 1e-10
    for name, args, off in (("sf", (1 - 1e-6, 0.25, 0.75), 1e-6), ("ppf", (3e-6, 0.0, 1e-6), 1e-11),
                            ("isf", (1e-10, 0.25, 0.75), 1e-13)):
        assert float(_f(name)(*args)) == pytest.approx(truths[name], rel=1e-14, abs=0.0), name
        assert abs(float(getattr(ST.trapezoid, name)(*args)) / truths[name] - 1) > off, name


def test_at_the_corners():
    # the density's slope jumps at z = 0, c, d and 1: refused when traced (in x, c, d, loc, scale; reverse and forward)
    for f in ("pdf", "logpdf"):
        for z in (0.0, 0.25, 0.75, 1.0):
            with pytest.raises(NoGradientRule, match="has no derivative where x is loc, loc \\+ c scale"):
                wg.grad(lambda x, f=f: _f(f)(x, 0.25, 0.75))(z)
            if z in (0.25, 0.75):
                for i in (1, 2):
                    def g(t, f=f, z=z, i=i):
                        args = [z, 0.25, 0.75]
                        args[i] = t
                        return _f(f)(*args)
                    with pytest.raises(NoGradientRule, match="the density's slope jumps"):
                        wg.jvp(g, ([0.25, 0.75][i - 1],), (1.0,))
            with pytest.raises(NoGradientRule, match="the density's slope jumps"):
                wg.grad(lambda loc, f=f, z=z: _f(f)(0.5 + z, 0.25, 0.75, loc))(0.5)
    # the tails at a corner: the common one-sided first derivatives (the density 2 / s there), the second refused
    assert float(wg.grad(lambda x: T.cdf(x, 0.25, 0.75))(0.25)) == pytest.approx(2 / 1.5, rel=1e-15)
    assert float(wg.grad(lambda x: T.sf(x, 0.25, 0.75))(0.75)) == pytest.approx(-2 / 1.5, rel=1e-15)
    # (d/dc of the cdf at z = c: -1/s + c/s^2 from both sides)
    assert float(wg.grad(lambda c: T.cdf(0.25, c, 0.75))(0.25)) == pytest.approx(-1 / 1.5 + 0.25 / 2.25, rel=1e-15)
    for f in TAILS[2:]:
        for z in (0.0, 0.25, 0.75, 1.0):
            if (f, z) in (("logcdf", 0.0), ("logsf", 1.0)):
                continue
            seconds = [lambda f=f, z=z: wg.grad(wg.grad(lambda x: _f(f)(x, 0.25, 0.75)))(z),
                       lambda f=f, z=z: wg.jvp(wg.grad(lambda x: _f(f)(x, 0.25, 0.75)), (z,), (1.0,))]
            if z == 0.25:
                seconds.append(lambda f=f, z=z: wg.grad(wg.grad(lambda c: _f(f)(z, c, 0.75)))(0.25))
            if z == 0.75:
                seconds.append(lambda f=f, z=z: wg.grad(wg.grad(lambda d: _f(f)(z, 0.25, d)))(0.75))
            for second in seconds:
                with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
                    second()
    # where the density itself jumps (z = c = 0, z = d = 1) and at the log tails' -inf end: refused at first order
    for f, z, c, d in (("cdf", 0.0, 0.0, 0.5), ("sf", 1.0, 0.5, 1.0), ("logsf", 0.0, 0.0, 0.5),
                       ("logcdf", 1.0, 0.5, 1.0), ("logcdf", 0.0, 0.25, 0.75), ("logsf", 1.0, 0.25, 0.75)):
        with pytest.raises(NoGradientRule, match="the density jumps there"):
            wg.grad(lambda x, f=f, c=c, d=d: _f(f)(x, c, d))(z)
    assert float(T.logcdf(0.0, 0.25, 0.75)) == -np.inf and float(T.logsf(1.0, 0.25, 0.75)) == -np.inf
    assert float(T.pdf(0.0, 0.0, 0.5)) == pytest.approx(2 / 1.5, rel=1e-15, abs=0.0) and float(T.pdf(1.0, 0.5, 1.0)) == pytest.approx(2 / 1.5, rel=1e-15, abs=0.0)
    # the quantiles at a corner's q: the first derivatives one-sided and common (1 / pdf = s / 2), the second refused
    first, second = 0.25 / 1.5, (2 * 0.75 - 0.25) / 1.5  # (the cdf at the corners, in the code's rounding)
    for name, q in (("ppf", first), ("ppf", second), ("isf", 1.0 - second), ("isf", 1.0 - first)):
        sign = 1.0 if name == "ppf" else -1.0
        assert float(wg.grad(lambda q: _f(name)(q, 0.25, 0.75))(q)) == pytest.approx(sign * 0.75, rel=1e-15)
        with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
            wg.grad(wg.grad(lambda q: _f(name)(q, 0.25, 0.75)))(q)
    # a corner at an end of the support (c = 0: q = 0 is no corner, ppf's middle piece from 0; d = 1 likewise)
    assert float(wg.grad(lambda q: T.ppf(q, 0.0, 0.5))(0.0)) == pytest.approx(0.75, rel=1e-15)


def test_triang_and_uniform_are_its_ends():
    x = np.array([0.1, 0.4, 0.6, 0.9])
    for f in TAILS:
        np.testing.assert_allclose(_f(f)(x, 0.4, 0.4), getattr(stats.triang, f)(x, 0.4), rtol=1e-14)
        np.testing.assert_allclose(_f(f)(x, 0.0, 1.0), getattr(ST.uniform, f)(x), rtol=1e-14, atol=1e-300)
    assert float(T.var(0.4, 0.4)) == pytest.approx(float(stats.triang.var(0.4)), rel=1e-14)


def test_float32():
    float32_check(T, (0.25, 0.75), x=0.6, q=0.3, summaries=("mean", "var", "std", "entropy", "median"))


@pytest.mark.parametrize("c, d", [(-0.1, 0.5), (0.6, 0.5), (0.2, 1.1), (np.nan, 0.5)])
def test_invalid_shapes_are_refused(c, d):
    for name in TAILS + ("ppf", "isf", "mean", "var", "std", "entropy", "median"):
        first = () if name in ("mean", "var", "std", "entropy", "median") else (0.3,)
        with pytest.raises(ValueError, match=r"trapezoid.*: c and d must satisfy 0 <= c <= d <= 1 \(SciPy gives NaN\)"):
            _f(name)(*first, c, d)


def test_the_steep_ends_where_the_slope_does_not_move_with_a_shape_are_refused():
    """At c = d = 0 the slope at ppf's q = 1, ``sqrt((1 - d) s) / (2 sqrt(1 - q))``, has d-derivative ``(c - 2 d) /
    ...`` = 0: d2/dq dd's limit is 0 there, not the -inf of every other shape (the Hessian gave -inf); at c = d = 1 c's
    at q = 0 the same. A traced d (c) there is refused; the other shape keeps its infinite limit."""
    for method, q in (("ppf", 1.0), ("isf", 0.0)):
        with pytest.raises(NoGradientRule, match="limit 0 of the infinite slope's derivative in d"):
            wg.hessian(lambda v, m=method, q=q: _f(m)(q, 0.0, v, 0.25, 1.5))(0.0)
        h = wg.hessian(lambda v, m=method, q=q: _f(m)(v[0], v[1], 0.0, 0.25, 1.5))(np.array([q, 0.0]))
        assert np.asarray(h)[0, 1] == (-np.inf if method == "ppf" else np.inf)
    for method, q in (("ppf", 0.0), ("isf", 1.0)):
        with pytest.raises(NoGradientRule, match="limit 0 of the infinite slope's derivative in c"):
            wg.grad(lambda v, m=method, q=q: _f(m)(q, v, 1.0))(1.0)
    # (inside, q = 1/2 at c = d = 0: the right piece's d-derivative (c - 2 d) (1 - q) / (2 sqrt(...)) = 0, not refused)
    assert float(wg.grad(lambda d: T.ppf(0.5, 0.0, d))(0.0)) == 0.0
