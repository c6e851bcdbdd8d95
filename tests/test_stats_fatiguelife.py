"""``scipy.stats``' ``fatiguelife`` (Birnbaum-Saunders: ``(sqrt(z) - 1 / sqrt(z)) / c`` standard normal): its density,
tails, quantiles, mean, variance, std, median and interval; the entropy by quadrature
(tests/test_stats_quadrature_entropy.py).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and against mpmath
where SciPy's are off (its log density ``-inf`` from z = 1.3e154, where ``(x - 1)^2`` overflows; its upper log tail
``-inf`` where the sf underflows; its quantiles' ``(t + sqrt(t^2 + 4))^2 / 4`` cancelling for a negative t); values
and first and second derivatives against mpmath in x (or q) and c near z = 1 (where ``u`` changes sign), near 0 (the
density and tails vanish, with their derivatives) and far up, for small and large c; smoothness at z = 0, the
limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, flat_at_zero_check, float32_check, gradient_test, infinite_ends_check,  # noqa: E402
                     mp_points_test, mp_truths, one_shape_common_cases, refusals_test, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.fatiguelife
#: z = (x - loc) / 1.3 on both sides of z = 1 (u = 0) and out in both tails for the c below
Z = np.array([0.3, 1.2, 1.4, 2.5, 6.0])
C = np.array([[0.4], [1.5]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, C, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"fatiguelife.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.5, 0.8, 0.95]), C, 0.1, 1.3, id=f"fatiguelife.{f}")
      for f in ("ppf", "isf")],
    # at and below z = 0 (every derivative 0 there: the density is flat at its end)
    *[case(_f(f), _f(f), np.array([-0.5, 0.0, 0.3]), 0.7, id=f"fatiguelife.{f}-at-end")
      for f in ("pdf", "cdf", "sf")],
    *[case(_f(m), _f(m), np.array([0.1, 1.0, 4.0]), np.array([[0.0], [1.0]]), np.array([[[0.6]], [[2.0]]]),
           id=f"fatiguelife.{m}") for m in ("mean", "var", "std")],
    *one_shape_common_cases(T, "fatiguelife", size1_x=1.1, size1_shape=0.6),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.4, 1.3, 3.0, 60.0])
VALUE_CHECKS = [
    *[(f"fatiguelife.{f}", (POINTS, np.array([[0.1], [0.5], [2.0], [30.0]]), loc, 1.3)) for f in TAILS
      for loc in (0.0, 0.1)],
    *[(f"fatiguelife.{f}", (np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0]), np.array([[0.1], [2.0]]), -0.1, 1.3))
      for f in ("ppf", "isf")],
    *[(f"fatiguelife.{m}", (np.array([0.1, 2.0, 300.0]), 0.2, 2.0)) for m in ("mean", "var", "std")],
    ("fatiguelife.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("fatiguelife.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"fatiguelife.ppf": 1e-10})


def _mp_fatiguelife(mp):
    def u(z, c):
        return (z - 1) / (c * mp.sqrt(z))

    def logpdf(z, c):
        return mp.log(z + 1) - mp.log(2 * c * mp.sqrt(2 * mp.pi)) - 3 * mp.log(z) / 2 - (z - 1) ** 2 / (2 * c * c * z)

    def ndtri(q):  # (2q - 1 keeps a tiny q's digits at 400 digits: slow, so only there)
        with mp.workdps(400 if q < 1e-20 else mp.mp.dps + 20):
            return +(mp.sqrt(2) * mp.erfinv(2 * q - 1))

    def quantile(n, c):
        w = c * n / 2
        return (w + mp.sqrt(w * w + 1)) ** 2

    def log_ndtr(v):  # (log1p of the other tail where the value is near 0: 1 - 1e-74 is 1 at 60 digits)
        return mp.log1p(-mp.ncdf(-v)) if v > 0 else mp.log(mp.ncdf(v))

    def var(c):
        return c * c * (1 + 5 * c * c / 4)
    return {"logpdf": logpdf, "pdf": lambda z, c: mp.exp(logpdf(z, c)), "cdf": lambda z, c: mp.ncdf(u(z, c)),
            "sf": lambda z, c: mp.ncdf(-u(z, c)), "logcdf": lambda z, c: log_ndtr(u(z, c)),
            "logsf": lambda z, c: log_ndtr(-u(z, c)), "ppf": lambda q, c: quantile(ndtri(q), c),
            "isf": lambda q, c: quantile(-ndtri(q), c), "mean": lambda c: 1 + c * c / 2, "var": var,
            "std": lambda c: mp.sqrt(var(c))}


MP_POINTS = [
    # both sides of z = 1 (u = 0), near 0 and far up, small and large c
    *[(f, (z, c), i, 1e-12) for f in TAILS
      for z, c in ((0.999, 0.5), (1.001, 0.5), (0.2, 0.5), (8.0, 0.5), (1.2, 0.01), (0.05, 30.0), (1e4, 30.0))
      for i in (0, 1)],
    # the density and tails vanishing near 0 (-u^2 / 2 below -3000: z < 1.67e-4 at c = 1), both sides
    *[(f, (z, 1.0), i, 1e-12) for f in TAILS for z in (1.6e-4, 1.7e-4) for i in (0, 1)],
    # far out: the log density where SciPy's (x - 1)^2 overflows, the log tails
    *[(f, (z, c), 0, 1e-12) for f, z, c in (("logpdf", 1e200, 1.0), ("logsf", 1e200, 1.0), ("logcdf", 1e-100, 1.0),
                                            ("logpdf", 1e-100, 1.0))],
    # (at q = 1e-300 the slope 1 / pdf(x) is exp(u^2 / 2), u^2 = 1380: x's rounding amplified 1e3 times there)
    # (at q = 1e-300 mpmath's ndtri takes 400 digits: one c there)
    *[(f, (q, c), i, 1e-12 if q > 1e-300 else 1e-11) for f in ("ppf", "isf") for q in (1e-300, 1e-9, 0.3, 0.7)
      for c in (0.01, 0.5, 30.0) for i in (0, 1) if q > 1e-300 or c == 0.5],
    *[(m, (c,), 0, 1e-13) for m in ("mean", "var", "std") for c in (1e-3, 0.5, 40.0)],
]

test_against_mpmath = mp_points_test(T, _mp_fatiguelife, MP_POINTS)


def test_where_scipy_is_off():
    logpdf, logsf, ppf = mp_truths(_mp_fatiguelife, [("logpdf", (1e200, 1.0)), ("logsf", (1e5, 0.5)),
                                                     ("ppf", (1e-10, 30.0))])
    with np.errstate(divide="ignore", over="ignore"):  # (SciPy's overflow, and its log of an underflowed tail)
        assert float(ST.fatiguelife.logpdf(1e200, 1.0)) == -np.inf and float(ST.fatiguelife.logsf(1e5, 0.5)) == -np.inf
    assert float(T.logpdf(1e200, 1.0)) == pytest.approx(logpdf, rel=1e-15)
    assert float(T.logsf(1e5, 0.5)) == pytest.approx(logsf, rel=1e-15)
    assert abs(float(ST.fatiguelife.ppf(1e-10, 30.0)) / ppf - 1) > 1e-12  # ((t + sqrt(t^2 + 4))^2 / 4 cancels)
    assert float(T.ppf(1e-10, 30.0)) == pytest.approx(ppf, rel=1e-14)


def test_smooth_at_zero():
    # every derivative of the density, in x, c, loc and scale, is 0 as z goes to 0, and so at and below it
    flat_at_zero_check(T, (0.7,))


def test_quantiles_and_tails_agree():
    for c in (0.05, 0.7, 20.0):
        for q in (1e-200, 0.01, 0.3, 0.5):
            assert float(T.cdf(float(T.ppf(q, c)), c)) == pytest.approx(q, rel=1e-12)
            assert float(T.sf(float(T.isf(q, c)), c)) == pytest.approx(q, rel=1e-12)
        assert float(T.ppf(0.0, c)) == 0.0 and float(T.isf(0.0, c)) == np.inf


def test_float32_stays_float32():
    float32_check(T, (0.7,), summaries=("mean", "var", "std", "median"))


def test_entropy_by_quadrature():
    # (no closed form: tanh-sinh quadrature, tests/test_stats_quadrature_entropy.py)
    assert "entropy" in stats.FUNCTIONS["fatiguelife"] and "quadrature" in T.__doc__


REFUSALS = [
    *[(call, f"fatiguelife.{m}: the shape parameters must be positive \\(c is not") for m, call in (
        ("cdf", lambda: T.cdf(1.0, 0.0)), ("logpdf", lambda: T.logpdf(1.0, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, 0.0)), ("mean", lambda: T.mean(0.0)), ("std", lambda: T.std(-1.0)))],
    (lambda: T.logpdf(1.0, 2.0, 0.0, -1.0), "fatiguelife.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "fatiguelife.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, (0.1, 0.7, 20.0))


#: the log density and log cdf below z = 1e-154, where the second derivative in z was NaN (inf - inf through u^2 and
#: log_ndtr's rule; the truth -1 / (c^2 z^3) to leading order: -inf in floats), both sides of the switch to the pole's
#: primitive at z = 1e-100, in z and in c
POLE_POINTS = [(f, (z, c), i, 1e-12) for f in ("logpdf", "logcdf")
               for z, c in ((1e-155, 0.5), (1e-300, 0.5), (1e-200, 1e10), (0.9e-100, 1.0), (1.1e-100, 1.0))
               for i in (0, 1)]

test_below_1e_154 = mp_points_test(T, _mp_fatiguelife, POLE_POINTS)
