"""``scipy.stats``' ``crystalball`` (``N exp(-z^2 / 2)`` for ``z > -beta``, ``N exp(-beta^2 / 2) (1 + (-beta - z) beta /
m)^(-m)`` below): its density, tails, quantiles, mean, variance, median and interval (no entropy: SciPy integrates it).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its median, its
isf, its mean); values and first and second derivatives against mpmath in x (or q), beta and m on
both sides of each switch (z = -beta; the median; the quantile's q = N T, |ndtr(z) - 1/2| = 1/4 and cdf(0)), far out
and near m = 1; the moments; the density's second derivative refused at z = -beta; float32; the refusals.
"""
import numpy as np
import pytest

from stats_file import ST, TAILS, distribution  # (first: it skips the file without SciPy)
import wengert as wg
from opcheck import (case, float32_check, gradient_test, mp_points_test, mp_truths,
                     refusals_test, stats_values_test, two_shape_common_cases)
from wengert.errors import NoGradientRule

T, _f = distribution("crystalball")


CASES = [
    *[case(_f(f), _f(f), np.array([-4.0, -1.6, -0.3, 0.8]), np.array([[0.7], [2.0]]), 3.0, 0.1, 1.1,
           id=f"crystalball.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.5, 0.9]), np.array([[0.7], [2.0]]), 3.5, 0.1, 1.3,
           id=f"crystalball.{f}") for f in ("ppf", "isf")],
    *[c for c in two_shape_common_cases(T, "crystalball", size1_x=-0.5, size1_shapes=(1.2, 3.0), shapes=(1.2, 3.0))
      if c.id != "crystalball.median"],  # (its shapes there -2 and 0.7: beta > 0 and m > 1 required)
    case(_f("median"), lambda *a: T.median(*a), np.array([0.3, 2.0]), np.array([[1.4], [3.5]]), 0.6, 1.1,
         id="crystalball.median"),
    *[case(_f(f), _f(f), np.array([0.7, 2.0]), np.array([[3.5], [5.0]]), 0.1, 1.3, id=f"crystalball.{f}")
      for f in ("mean", "var", "std")],
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    # (SciPy 1.13's sf is 1 - cdf: sf(8, 1, 3) 6e-7 relative off; compared up to z = 2 there)
    *[(f"crystalball.{f}", (np.array([-50.0, -3.0, -1.0, -0.5, 0.0, 0.5, 2.0, 8.0][:7 if "sf" in f else 8]), beta, m,
                            loc, 1.3)) for f in TAILS for beta, m in ((0.5, 1.5), (1.0, 3.0), (2.5, 8.0))
      for loc in (0.0, -0.2)],
    *[(f"crystalball.{f}", (np.array([0.0, 1e-6, 0.1, 0.35, 0.7, 0.999, 1.0]), beta, m, -0.1, 1.3))
      for f in ("ppf", "isf") for beta, m in ((0.5, 1.5), (1.0, 3.0), (2.5, 8.0))],
    *[(f"crystalball.{f}", (np.array([0.7, 2.0]), np.array([[3.5], [6.0]]), -0.1, 1.3))
      for f in ("mean", "var", "std", "median")],
    ("crystalball.interval", (0.8, np.array([0.7, 2.0]), 3.0, -0.1, 1.3)),
]

# (SciPy's isf is ppf(1 - q): isf(1e-6, 0.5, 1.5) 3.8e-12 relative off)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"crystalball.isf": 1e-10})


def _mp_crystalball(mp):
    def parts(beta, m):
        c = m / beta
        t_mass = c * mp.exp(-beta * beta / 2) / (m - 1)
        return c, t_mass, 1 / (t_mass + mp.sqrt(2 * mp.pi) * mp.ncdf(beta))

    def pdf(z, beta, m):
        c, t_mass, n = parts(beta, m)
        if z > -beta:
            return n * mp.exp(-z * z / 2)
        return n * mp.exp(-beta * beta / 2) * (1 + (-beta - z) / c) ** (-m)

    def cdf(z, beta, m):
        c, t_mass, n = parts(beta, m)
        if z <= -beta:
            return n * t_mass * (1 + (-beta - z) / c) ** (1 - m)
        if z > 0:
            return 1 - sf(z, beta, m)
        return n * (t_mass + mp.sqrt(2 * mp.pi) * (mp.ncdf(z) - mp.ncdf(-beta)))

    def sf(z, beta, m):
        c, t_mass, n = parts(beta, m)
        return n * mp.sqrt(2 * mp.pi) * mp.ncdf(-z) if z > -beta else 1 - cdf(z, beta, m)

    def log_tail(own, other):
        def log(z, beta, m):
            small = other(z, beta, m)
            return mp.log1p(-small) if small < 0.5 else mp.log(own(z, beta, m))
        return log

    def root(q, beta, m, upper):  # (Newton's steps on the tail below 1/2 from wengert's root: checked, not assumed)
        z = mp.mpf(float((T.isf if upper else T.ppf)(float(q), float(beta), float(m))))
        lower = (q < 0.5) != upper
        p = q if q < 0.5 else 1 - q
        for _ in range(4):
            z = z - (cdf(z, beta, m) - p if lower else p - sf(z, beta, m)) / pdf(z, beta, m)
        return z
    return {"logpdf": lambda *a: mp.log(pdf(*a)), "pdf": pdf, "cdf": cdf, "sf": sf,
            "logcdf": log_tail(cdf, sf), "logsf": log_tail(sf, cdf),
            "ppf": lambda q, b, m: root(q, b, m, False), "isf": lambda q, b, m: root(q, b, m, True)}


#: both sides of z = -beta (-1.2 at beta = 1.2, m = 3), of the median (-0.3 there), far out (the tails 1e-20 and
#: below), m near 1; the quantile's switches at beta = 1.2, m = 3: q = N T (0.2585), cdf(0) (0.5956), |d| = 1/4
MP_POINTS = [(f, args, i, 1e-11) for f, args, i in (
    ("logpdf", (-1.21, 1.2, 3.0), 0), ("logpdf", (-1.19, 1.2, 3.0), 1), ("logpdf", (-1.21, 1.2, 3.0), 2),
    ("pdf", (-40.0, 0.8, 2.5), 2), ("cdf", (-1.21, 1.2, 3.0), 1), ("cdf", (-1.19, 1.2, 3.0), 2),
    ("cdf", (-1e10, 0.5, 3.0), 0), ("logcdf", (-1e30, 1.5, 2.0), 2), ("logcdf", (-0.31, 1.2, 3.0), 1),
    ("sf", (-0.29, 1.2, 3.0), 2), ("logsf", (9.0, 0.9, 1.5), 0), ("logsf", (-3.0, 0.5, 1.05), 2),
    ("logsf", (-1.19, 1.2, 3.0), 1), ("ppf", (1e-12, 1.2, 3.0), 2), ("ppf", (0.25, 1.2, 3.0), 1),
    ("ppf", (0.27, 1.2, 3.0), 0), ("ppf", (0.45, 1.2, 3.0), 2), ("ppf", (0.6, 1.2, 3.0), 1),
    ("isf", (1e-15, 2.0, 1.5), 0), ("isf", (0.2, 1.2, 3.0), 2), ("isf", (0.99, 0.4, 1.2), 1))]

test_against_mpmath = mp_points_test(T, _mp_crystalball, MP_POINTS)


def test_where_scipy_is_off():
    # SciPy's ppf at q = 1/2 is ndtri(1/2 + d) (ppf(0.5, 10, 4): 0 for -3.3e-24; ppf(0.5, 5, 2.5) 5.7e-11 relative
    # off); its isf ppf(1 - q) (isf(1e-6, 0.5, 1.5) 3.8e-12); its mean sums the core's and the tail's exp(-beta^2 /
    # 2) terms (mean(5, 2.5) 6.7e-12 relative off); for m <= 2 its mean is +inf (the tail's -inf)
    calls = [("ppf", (0.5, 10.0, 4.0)), ("ppf", (0.5, 5.0, 2.5)), ("isf", (1e-6, 0.5, 1.5))]
    for (f, args), want in zip(calls, mp_truths(_mp_crystalball, calls)):
        with np.errstate(divide="ignore"):
            assert not float(getattr(ST.crystalball, f)(*args)) == pytest.approx(want, rel=1e-12, abs=0), f
        assert float(_f(f)(*args)) == pytest.approx(want, rel=1e-13, abs=0), f
    mp = pytest.importorskip("mpmath")
    with mp.workdps(30):
        b, m = mp.mpf(5), mp.mpf("2.5")
        c = m / b
        n = 1 / (c * mp.exp(-b * b / 2) / (m - 1) + mp.sqrt(2 * mp.pi) * mp.ncdf(b))
        want = float(-n * mp.exp(-b * b / 2) * (1 / (m - 1) + c * c / ((m - 1) * (m - 2))))
    assert not float(ST.crystalball.mean(5.0, 2.5)) == pytest.approx(want, rel=1e-12, abs=0)
    assert float(T.mean(5.0, 2.5)) == pytest.approx(want, rel=1e-15)
    assert float(T.mean(1.0, 1.5)) == -np.inf and float(T.var(1.0, 2.5)) == np.inf


def test_moments_against_mpmath():
    mp = pytest.importorskip("mpmath")
    funcs = _mp_crystalball(mp)
    with mp.workdps(30):
        for beta, m in ((0.7, 3.5), (2.0, 6.0)):
            b, mm = mp.mpf(beta), mp.mpf(m)

            def moment(k):
                return mp.quad(lambda z: z ** k * funcs["pdf"](z, b, mm), [-mp.inf, -b, 0, mp.inf])
            m1, m2 = moment(1), moment(2)
            assert float(T.mean(beta, m)) == pytest.approx(float(m1), rel=1e-14)
            assert float(T.var(beta, m)) == pytest.approx(float(m2 - m1 * m1), rel=1e-14)


def test_density_second_derivative_refused_at_the_switch():
    # the density is once differentiable at z = -beta (its second derivative jumps: (beta^2 - 1) to beta^2 (1 + 1/m)
    # times the density); the tails are twice (their second derivative is the density's first)
    for f in ("pdf", "logpdf"):
        assert float(wg.grad(lambda x: _f(f)(x, 1.2, 3.0))(-1.2)) == pytest.approx(float(wg.grad(
            lambda x: _f(f)(x, 1.2, 3.0))(-1.2 + 1e-9)), rel=1e-7)
        with pytest.raises(NoGradientRule, match="x = loc - beta scale"):
            wg.grad(wg.grad(lambda x: _f(f)(x, 1.2, 3.0)))(-1.2)
        with pytest.raises(NoGradientRule, match="x = loc - beta scale"):
            wg.grad(wg.grad(lambda b: _f(f)(-1.2, b, 3.0)))(1.2)
    assert np.isfinite(float(wg.grad(wg.grad(lambda x: T.cdf(x, 1.2, 3.0)))(-1.2)))


def test_quantiles_and_tails_agree():
    for beta, m in ((0.5, 1.5), (1.2, 3.0), (4.0, 20.0)):
        for q in (1e-300, 1e-10, 0.3, 0.5, 0.7):
            if (m, q) == (1.5, 1e-300):
                # (the power tail's cdf, ~(-x)^(1 - m), is 1e-154 at the most negative float: ppf(1e-300) is -inf, no
                # round trip (cdf(-inf) is 0; that check passed only by pytest.approx's default abs=1e-12))
                assert float(T.ppf(q, beta, m)) == -np.inf
            else:
                assert float(T.cdf(float(T.ppf(q, beta, m)), beta, m)) == pytest.approx(q, rel=1e-12, abs=0.0)
            assert float(T.sf(float(T.isf(q, beta, m)), beta, m)) == pytest.approx(q, rel=1e-12, abs=0.0)
    assert not hasattr(T, "entropy")  # (SciPy integrates it numerically)


def test_float32_stays_float32():
    float32_check(T, (1.2, 3.5), x=-0.5, summaries=("mean", "var", "std", "median"))


REFUSALS = [
    (lambda: T.cdf(0.5, 0.0, 2.0), "crystalball.cdf: beta must be positive and finite"),
    (lambda: T.pdf(0.5, np.inf, 2.0), "crystalball.pdf: beta must be positive and finite"),
    (lambda: T.ppf(0.5, 1.0, 1.0), "crystalball.ppf: m must be above 1 and finite"),
    (lambda: T.mean(1.0, 0.5), "crystalball.mean: m must be above 1 and finite"),
    (lambda: T.logpdf(0.5, 1.0, 2.0, 0.0, -1.0), "crystalball.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 1.0, 2.0), "crystalball.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_median_with_the_core_mass_cancelling():
    """Near the median ``d = s (q - 1/2) - (T / sqrt(2 pi) - ndtr(-beta)) / 2``, the difference as ``exp(-beta^2 / 2)
    (c / ((m - 1) sqrt(2 pi)) - erfcx(beta / sqrt(2)) / 2)``: through exp(log T) and SciPy's ndtr(-10) (7.4e-15 off)
    ppf(0.5, 10, 4) was 2.8e-14 relative off (-3.3e-24), ppf(0.5, 7.3, 3) 1.9e-14. Values, and the Hessian in (beta,
    m) on three paths, against mpmath's root of the core's cdf."""
    mp = pytest.importorskip("mpmath")

    def root(q, beta, m):
        t = (m / beta) / (m - 1) * mp.exp(-beta * beta / 2)
        n = 1 / (t + mp.sqrt(2 * mp.pi) * mp.ncdf(beta))
        return mp.sqrt(2) * mp.erfinv(2 * ((q / n - t) / mp.sqrt(2 * mp.pi) + mp.ncdf(-beta)) - 1)
    with mp.workdps(45):
        for b, m in ((10.0, 4.0), (7.3, 3.0), (5.0, 2.5)):
            truth = float(root(mp.mpf(0.5), mp.mpf(b), mp.mpf(m)))
            assert float(T.ppf(0.5, b, m)) == pytest.approx(truth, rel=1.5e-15, abs=0.0)
            assert float(T.isf(0.5, b, m)) == pytest.approx(truth, rel=1.5e-15, abs=0.0)
    with mp.workdps(30):
        point = (mp.mpf(5), mp.mpf(2.5))
        hessian = np.array([[float(mp.diff(lambda b, m: root(mp.mpf(0.5), b, m), point, (int(i == 0) + int(j == 0),
                                                                                       int(i == 1) + int(j == 1))))
                             for j in range(2)] for i in range(2)])

    def f(v):
        return T.ppf(0.5, v[0], v[1])
    for path in (wg.hessian(f), wg.jacfwd(wg.jacfwd(f)), wg.jacfwd(wg.grad(f))):
        np.testing.assert_allclose(path(np.array([5.0, 2.5])), hessian, rtol=4e-15, atol=0.0)
