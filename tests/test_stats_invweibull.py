"""``scipy.stats``' ``invweibull`` (the Fréchet distribution, ``1 / X`` for a ``weibull_min`` ``X``): its density,
tails, quantiles, mean, variance, std, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and against mpmath
where SciPy's are off (its upper log tail ``-inf`` far out, its lower one ``log(cdf)``, its mean NaN for ``c < 1``,
its variance negative for ``1 < c < 2`` and cancelling as c grows); values and first and second derivatives
against mpmath in x (or q) and c on both sides of each switch (``|c log z| = 1/2``, ``z^-c = 1/2``, ``z^-c = 3000``,
``z = 1e-150``), for tiny and huge c, the moments on both sides of c = 1, 2 and 10; smoothness at z = 0, the limits
at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, round_trip_resolution, flat_at_zero_check, float32_check, gradient_test, infinite_ends_check,  # noqa: E402
                     mp_points_test, mp_truths, one_shape_common_cases, refusals_test, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.invweibull
#: z = (x - loc) / 1.3 on both sides of |c log z| = 1/2 and of z^-c = 1/2 for the c below
Z = np.array([0.1, 0.6, 1.1, 2.0, 6.0])
C = np.array([[0.4], [1.0], [3.0]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, C, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"invweibull.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.5, 0.8, 0.95]), C, 0.1, 1.3, id=f"invweibull.{f}")
      for f in ("ppf", "isf")],
    # at and below z = 0 (every derivative 0 there: the density is flat at its end)
    *[case(_f(f), _f(f), np.array([-0.5, 0.0, 0.3]), 1.7, id=f"invweibull.{f}-at-end") for f in ("pdf", "cdf", "sf")],
    # the moments on both sides of c = 10 (the variance's series) and at c = 2.5 near its pole
    *[case(_f(m), _f(m), np.array([2.5, 4.0, 9.0, 11.0, 40.0]), np.array([[0.0], [1.0]]), np.array([[0.6], [2.0]]),
           id=f"invweibull.{m}") for m in ("mean", "var", "std", "entropy")],
    *one_shape_common_cases(T, "invweibull", size1_x=1.1, size1_shape=2.6),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.4, 1.3, 3.0, 60.0])
QS = np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0])
VALUE_CHECKS = [
    *[(f"invweibull.{f}", (POINTS, np.array([[0.3], [1.0], [2.0], [7.0]]), loc, 1.3)) for f in TAILS
      for loc in (0.0, 0.1)],
    *[(f"invweibull.{f}", (QS, np.array([[0.3], [1.0], [7.0]]), -0.1, 1.3)) for f in ("ppf", "isf")],
    # (SciPy's mean and variance are its gamma(1 - n/c): NaN or negative where the truth is inf, see BEYOND_SCIPY)
    *[(f"invweibull.{m}", (np.array([2.5, 3.0, 7.0]), 0.3, 2.0)) for m in ("mean", "var", "std")],
    ("invweibull.entropy", (np.array([0.01, 1.0, 7.0, 100.0]), 0.3, 2.0)),
    ("invweibull.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("invweibull.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


def _mp_invweibull(mp):
    def logpdf(z, c):
        return mp.log(c) - (c + 1) * mp.log(z) - z ** -c

    def var(c):
        return mp.gamma(1 - 2 / c) - mp.gamma(1 - 1 / c) ** 2
    return {"logpdf": logpdf, "pdf": lambda z, c: mp.exp(logpdf(z, c)), "cdf": lambda z, c: mp.exp(-z ** -c),
            "logcdf": lambda z, c: -z ** -c, "sf": lambda z, c: -mp.expm1(-z ** -c),
            "logsf": lambda z, c: mp.log(-mp.expm1(-z ** -c)),
            "ppf": lambda q, c: (-mp.log(q)) ** (-1 / c), "isf": lambda q, c: (-mp.log1p(-q)) ** (-1 / c),
            "mean": lambda c: mp.gamma(1 - 1 / c), "var": var, "std": lambda c: mp.sqrt(var(c)),
            "entropy": lambda c: 1 + mp.euler + mp.euler / c - mp.log(c)}


MP_POINTS = [
    # both sides of |c log z| = 1/2 (z = e^-0.25, e^0.25 at c = 2) and of z^-c = 1/2 (logsf's series: z = 1.414)
    *[(f, (z, 2.0), i, 1e-12) for f in TAILS for z in (0.77, 0.79, 1.27, 1.29, 1.41, 1.42) for i in (0, 1)],
    # z^-c = 3000 (z = 0.01826 at c = 2: the density and the tails vanish below, with derivatives 0)
    *[(f, (z, 2.0), i, 1e-12) for f in TAILS for z in (0.0182, 0.0184) for i in (0, 1)],
    # c = 1: both sides of the mode 1/2, and far
    *[(f, (z, 1.0), i, 1e-12) for f in TAILS for z in (0.45, 0.55, 30.0) for i in (0, 1)],
    # a tiny c (the log density's series in c log z, the density's factor c) and a huge one
    *[(f, (z, c), i, 1e-12) for f in TAILS for z, c in ((2.0, 1e-10), (1e-100, 1e-3), (1.0 + 1e-9, 1e9))
      for i in (0, 1)],
    # far out: the upper log tail's series (SciPy's -inf), the log density and lower log tail near z = 0, both sides
    # of z = 1e-150 (the log density one primitive in z below: its second derivative was inf - inf = NaN)
    *[(f, (z, c), i, 1e-12) for f, z, c in (("logsf", 1e200, 2.0), ("logpdf", 1e200, 2.0), ("logpdf", 1e-300, 1.0),
                                            ("logpdf", 1e-149, 1.0), ("logpdf", 1e-151, 1.0), ("logpdf", 1e-200, 1.5),
                                            ("logcdf", 1e-300, 0.5), ("sf", 1e200, 2.0), ("pdf", 1e100, 0.5))
      for i in (0, 1)],
    *[(f, (q, c), i, 1e-12) for f in ("ppf", "isf") for q in (1e-300, 1e-9, 0.3, 0.7, 1 - 1e-9)
      for c in (0.1, 2.0, 1e3) for i in (0, 1) if (f, q, c) != ("isf", 1e-300, 0.1)],
    # the moments on both sides of c = 1, 2 (their poles) and c = 10 (the variance's series), and far
    *[(m, (c,), 0, 1e-12) for m in ("mean", "entropy") for c in (1.0 + 1e-9, 1.5, 3.0, 1e8)],
    *[(m, (c,), 0, 1e-11) for m in ("var", "std") for c in (2.0 + 1e-9, 2.5, 9.99, 10.01, 1e3, 1e8)],
]

test_against_mpmath = mp_points_test(T, _mp_invweibull, MP_POINTS)


def test_where_scipy_is_off():
    logsf, logcdf, var = mp_truths(_mp_invweibull, [("logsf", (1e200, 2.0)), ("logcdf", (1e-300, 0.5)),
                                                    ("var", (1e8,))])
    with np.errstate(divide="ignore"):  # (SciPy's log of an underflowed tail)
        assert float(ST.invweibull.logsf(1e200, 2.0)) == -np.inf
        assert float(ST.invweibull.logcdf(1e-300, 0.5)) == -np.inf
    assert float(T.logsf(1e200, 2.0)) == pytest.approx(logsf, rel=1e-15)
    assert float(T.logcdf(1e-300, 0.5)) == pytest.approx(logcdf, rel=1e-15)
    assert abs(float(ST.invweibull.var(1e8)) / var - 1) > 0.3  # (gamma(1 - 2/c) - gamma(1 - 1/c)^2 cancels)
    assert float(T.var(1e8)) == pytest.approx(var, rel=1e-13)
    # SciPy's gamma(1 - n/c) past the poles: its variance negative where the truth is inf (its mean NaN for c < 1
    # from SciPy 1.14 on, inf in 1.13)
    assert float(T.mean(0.5)) == np.inf
    assert float(ST.invweibull.var(1.5)) < 0 and float(T.var(1.5)) == np.inf
    assert np.isnan(float(T.var(0.5))) and np.isnan(float(T.std(1.0)))


def test_infinite_moments_have_derivative_zero():
    for m, c in (("mean", 0.7), ("var", 1.5), ("std", 2.0)):
        assert float(wg.grad(lambda c, m=m: np.exp(-_f(m)(c, 0.2, 1.3)))(c)) == 0.0, m
        assert float(wg.grad(lambda s, m=m, c=c: np.exp(-_f(m)(c, 0.2, s)))(1.3)) == 0.0, m
    # an undefined variance (the mean infinite): NaN derivatives
    assert np.isnan(float(wg.grad(lambda c: T.var(c))(0.8)))


def test_smooth_at_zero():
    # every derivative of the density, in x, c, loc and scale, is 0 as z goes to 0, and so at and below it
    flat_at_zero_check(T, (2.0,))


def test_quantiles_and_tails_agree():
    for c in (0.3, 2.0, 50.0):
        for q in (1e-200, 0.01, 0.3, 0.5):
            x, y = float(T.ppf(q, c)), float(T.isf(q, c))
            assert float(T.cdf(x, c)) == pytest.approx(q, rel=1e-12, abs=round_trip_resolution(T.cdf, x, c))
            assert float(T.sf(y, c)) == pytest.approx(q, rel=1e-12, abs=round_trip_resolution(T.sf, y, c))
        assert float(T.ppf(0.0, c)) == 0.0 and float(T.isf(0.0, c)) == np.inf
        assert float(wg.grad(lambda q, c=c: T.ppf(q, c))(0.3)) == pytest.approx(
            1.0 / float(T.pdf(float(T.ppf(0.3, c)), c)), rel=1e-13)


def test_float32_stays_float32():
    float32_check(T, (3.0,))


REFUSALS = [
    *[(call, f"invweibull.{m}: the shape parameters must be positive \\(c is not") for m, call in (
        ("cdf", lambda: T.cdf(1.0, 0.0)), ("logpdf", lambda: T.logpdf(1.0, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, 0.0)), ("mean", lambda: T.mean(0.0)), ("std", lambda: T.std(-1.0)),
        ("entropy", lambda: T.entropy(0.0)))],
    (lambda: T.logpdf(1.0, 2.0, 0.0, -1.0), "invweibull.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "invweibull.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, (0.4, 2.0, 40.0))


def test_upper_log_tail_in_c_beside_an_ordinary_entry():
    # the series' stand-in z = 1e-3 made w = 1e3^c overflow for a large c (its zero cotangent: d/dc NaN, with an
    # overflow warning, at invweibull.logsf([1, 50], 40)[1]); now 1e3 for z^-c
    def f(c):
        return T.logsf(np.array([1.0, 50.0]), c)[1]
    alone = wg.grad(lambda c: T.logsf(50.0, c))
    assert float(wg.grad(f)(40.0)) == float(alone(40.0)) == pytest.approx(-np.log(50.0), rel=1e-12)
    assert float(wg.grad(wg.grad(f))(40.0)) == float(wg.grad(alone)(40.0))
