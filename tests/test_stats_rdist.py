"""``scipy.stats``' ``rdist`` (``(1 - z^2)^(c/2 - 1) / B(1/2, c/2)`` on ``|z| <= 1``: ``2 U - 1`` of ``U ~ beta(c/2,
c/2)``): its density, tails, quantiles, mean, variance, median and interval (the entropy against mpmath:
tests/test_stats_moments_closed_forms.py).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (near the upper end,
where its ``(x + 1) / 2`` loses the distance to it; its isf near q = 0; its ppf at the median); values and first and
second derivatives against mpmath in x (or q) and c near both ends and inside, on both sides of the quantiles' switch;
float32; the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, round_trip_resolution, float32_check, gradient_test, mp_points_test, mp_truths,  # noqa: E402
                     one_shape_common_cases, refusals_test, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.rdist


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), np.array([-0.7, -0.2, 0.3, 0.8]), np.array([[1.5], [4.0]]), 0.05, 1.3,
           id=f"rdist.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.5, 0.9]), np.array([[1.5], [4.0]]), 0.1, 1.3, id=f"rdist.{f}")
      for f in ("ppf", "isf")],
    *one_shape_common_cases(T, "rdist", size1_x=0.4, size1_shape=3.0),
    *[case(_f(m), _f(m), np.array([0.7, 3.0]), 0.1, 1.3, id=f"rdist.{m}") for m in ("mean", "var", "std", "entropy")],
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"rdist.{f}", (np.array([-1.5, -1.0, -0.9, -0.2, 0.0, 0.4, 0.99, 1.0, 2.0]), c, loc, 1.3)) for f in TAILS
      for c in (0.5, 2.0, 3.0, 10.0) for loc in (0.0, 0.05)],
    *[(f"rdist.{f}", (np.array([0.0, 1e-3, 0.1, 0.35, 0.5, 0.9, 0.999, 1.0]), c, -0.1, 1.3)) for f in ("ppf", "isf")
      for c in (0.5, 2.0, 3.0, 10.0)],
    *[(f"rdist.{m}", (np.array([0.7, 3.0]), -0.1, 1.3)) for m in ("mean", "var", "std", "median")],
    # (the entropy only at c = 2 to 5: below, SciPy's integral warns that it may not converge (c = 0.7) or is 1.4e-12 off
    # (c = 1.5); against mpmath in test_stats_moments_closed_forms)
    ("rdist.entropy", (np.array([2.0, 3.0, 4.0, 5.0]), -0.1, 1.3)),
    ("rdist.interval", (0.8, np.array([0.7, 3.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"rdist.isf": 1e-9})


def _mp_rdist(mp):
    def cdf(z, c):
        return mp.betainc(c / 2, c / 2, 0, (1 + z) / 2, regularized=True)

    def sf(z, c):
        return mp.betainc(c / 2, c / 2, 0, (1 - z) / 2, regularized=True)

    def ppf(q, c):  # (the root on the side of the tail below 1/2, from SciPy's)
        if q > 0.5:
            return -ppf(1 - q, c)
        return mp.findroot(lambda z: mp.log(cdf(z, c)) - mp.log(q), mp.mpf(float(ST.rdist.ppf(float(q), float(c)))))
    return {"logpdf": lambda z, c: (c / 2 - 1) * mp.log(1 - z * z) - mp.log(mp.beta(mp.mpf(1) / 2, c / 2)),
            "pdf": lambda z, c: (1 - z * z) ** (c / 2 - 1) / mp.beta(mp.mpf(1) / 2, c / 2), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, c: mp.log(cdf(z, c)), "logsf": lambda z, c: mp.log(sf(z, c)),
            "ppf": ppf, "isf": lambda q, c: -ppf(q, c)}


MP_POINTS = [
    *[(f, (z, c), i, 1e-11) for f in TAILS for z, c in ((-1 + 1e-9, 3.0), (-0.3, 0.5), (0.2, 10.0), (1 - 1e-9, 1.5))
      for i in (0, 1)],
    *[(f, (q, c), i, 1e-11) for f in ("ppf", "isf") for q, c in ((1e-10, 3.0), (0.3, 3.0), (0.45, 0.7), (0.99, 10.0),
                                                                  (0.5 + 1e-9, 4.0)) for i in (0, 1)],
]

test_against_mpmath = mp_points_test(T, _mp_rdist, MP_POINTS)


def test_where_scipy_is_off():
    # SciPy's beta.cdf((x + 1) / 2) loses the distance to the upper end (sf(1 - 1e-6, 3) 1.7e-10 relative off); its
    # isf is ppf(1 - q) (isf(1e-10, 10)); its ppf 2 u - 1 cancels at the median (ppf(0.5 + 1e-12, 3))
    calls = [("sf", (1 - 1e-6, 3.0)), ("isf", (1e-10, 10.0)), ("ppf", (0.5 + 1e-12, 3.0))]
    for (f, args), want in zip(calls, mp_truths(_mp_rdist, calls)):
        assert abs(float(getattr(ST.rdist, f)(*args)) / want - 1) > 1e-10, f
        assert float(_f(f)(*args)) == pytest.approx(want, rel=1e-13), f


def test_quantiles_and_tails_agree():
    for c in (0.5, 2.0, 3.0, 10.0):  # (at c = 0.5 the quantile of 1e-10 is within a float's spacing of -1)
        for q in (1e-10, 0.3, 0.5 + 1e-9, 0.7, 1 - 1e-10)[c < 1:5 - (c < 1)]:
            x, y = float(T.ppf(q, c)), float(T.isf(q, c))
            assert float(T.cdf(x, c)) == pytest.approx(q, rel=1e-11, abs=round_trip_resolution(T.cdf, x, c))
            assert float(T.sf(y, c)) == pytest.approx(q, rel=1e-11, abs=round_trip_resolution(T.sf, y, c))


def test_moments():
    assert float(T.var(3.0)) == 0.25 and float(T.mean(3.0, 1.0)) == 1.0
    assert float(T.entropy(2.0, 0.0, 3.0)) == pytest.approx(np.log(6.0), rel=1e-15)  # (uniform on [-3, 3])


def test_float32_stays_float32():
    float32_check(T, (3.0,), x=0.4, summaries=("mean", "var", "std", "median", "entropy"))


REFUSALS = [
    (lambda: T.cdf(0.5, 0.0), "rdist.cdf: the shape parameters must be positive \\(c is not"),
    (lambda: T.ppf(0.5, -1.0), "rdist.ppf: the shape parameters must be positive \\(c is not"),
    (lambda: T.mean(-1.0), "rdist.mean: the shape parameters must be positive \\(c is not"),
    (lambda: T.logpdf(0.5, 2.0, 0.0, -1.0), "rdist.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "rdist.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_density_slope_at_the_ends():
    """The density's derivative at z = +-1 (x = loc -+ scale) is the one-sided one from inside, through beta's density
    and its powers: through exp(logpdf) it was exp(-inf) * inf = NaN. (1 - z^2)^(c/2 - 1) / B(1/2, c/2) / scale:
    d/dx -+2 / B(1/2, 2) / scale^2 = -+2/3 at c = 4, scale 1.5; 0 at c = 6; -+inf at c = 3; d/dc 0 (the density is 0
    at the ends for every c > 2)."""
    for c, slope in ((4.0, 2.0 / 3.0), (6.0, 0.0), (3.0, np.inf)):
        for z in (1.0, -1.0):
            with np.errstate(divide="ignore"):  # (the infinite slope at c = 3: the truth)
                got = wg.grad(lambda v: stats.rdist.pdf(v[0], v[1], 0.1, 1.5))(np.array([0.1 + 1.5 * z, c]))
            assert got[0] == pytest.approx(-z * slope, rel=1e-15) and got[1] == 0.0
