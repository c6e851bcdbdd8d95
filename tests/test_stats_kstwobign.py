"""``scipy.stats``' ``kstwobign`` (Kolmogorov's limiting distribution): its density, tails, quantiles, mean, variance,
std, median and interval (the entropy by quadrature: tests/test_stats_quadrature_entropy.py).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's; values and first and second derivatives against mpmath in x
(or q) on both sides of the tails' switch at z = 0.8 and the series' cut-offs (0.2, 6), far in both tails (the log
tails finite where the tails underflow) and the quantiles at q = 1e-300 and 1 - 1e-16; z = 0 (every derivative
vanishes), the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from opcheck import (case, flat_at_zero_check, float32_check, gradient_test, infinite_ends_check,  # noqa: E402
                     mp_points_test, refusals_test, round_trip_resolution, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.kstwobign


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), np.array([0.3, 0.7, 0.9, 1.6]), np.array([[0.0], [-0.1]]), 1.3, id=f"kstwobign.{f}")
      for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.6, 0.95]), 0.1, 1.3, id=f"kstwobign.{f}") for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.0, 1.0]), np.array([[0.6], [2.0]]), id=f"kstwobign.{m}")
      for m in ("mean", "var", "std", "median")],
    *[case(T.interval, lambda c, loc, scale, i=i: T.interval(c, loc, scale)[i], np.array([0.2, 0.9]), 0.1, 1.3,
           id=f"kstwobign.interval-{i}") for i in (0, 1)],
]
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"kstwobign.{f}", (np.array([-1.0, 0.0, 0.1, 0.5, 0.79, 0.81, 1.0, 2.0, 5.0]), loc, 1.3)) for f in TAILS
      for loc in (0.0, 0.05)],
    *[(f"kstwobign.{f}", (np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1 - 1e-12, 1.0]), -0.1, 1.3))
      for f in ("ppf", "isf")],
    ("kstwobign.median", (np.array([-0.1, 2.0]), 1.3)), ("kstwobign.interval", (0.8, np.array([-0.1, 2.0]), 1.3)),
    *[(f"kstwobign.{m}", (np.array([-0.1, 2.0]), 1.3)) for m in ("mean", "var", "std", "entropy")],
]
# (SciPy's density is kolmogp's, 1.5e-12 relative off at z = 5; its mean and variance are integrals, 6e-12 and 1.5e-10
# off: test_moments_and_entropy)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    "kstwobign.pdf": 1e-11, "kstwobign.logpdf": 1e-11, "kstwobign.mean": 1e-10, "kstwobign.var": 1e-9,
    "kstwobign.std": 1e-9, "kstwobign.entropy": 1e-8})  # (SciPy's entropy integrates its pdf: 1.3e-9 apart)


def _mp_kstwobign(mp):
    """Each tail as its own series on its side of z = 1 (40 terms: the last below e^-3000), the other 1 - it; the
    density the series' derivative."""
    def alternating(z, power):  # sum_k (-1)^(k - 1) k^power exp(-2 k^2 z^2)
        return mp.fsum((-1) ** (k - 1) * k ** power * mp.exp(-2 * k * k * z * z) for k in range(1, 41))

    def jacobi(z, density):  # sqrt(2 pi) / z sum_k e_k (density: its derivative)
        c = [(2 * k - 1) ** 2 * mp.pi ** 2 / 8 for k in range(1, 41)]
        if density:
            return mp.sqrt(2 * mp.pi) / z ** 2 * mp.fsum(mp.exp(-ck / z ** 2) * (2 * ck / z ** 2 - 1) for ck in c)
        return mp.sqrt(2 * mp.pi) / z * mp.fsum(mp.exp(-ck / z ** 2) for ck in c)

    def sf(z):
        return 2 * alternating(z, 0) if z >= 1 else 1 - jacobi(z, False)

    def cdf(z):
        return jacobi(z, False) if z < 1 else 1 - 2 * alternating(z, 0)

    def pdf(z):
        return 8 * z * alternating(z, 2) if z >= 1 else jacobi(z, True)

    def logcdf(z):  # (log1p: 1 - x at 60 digits kept 7 of a tail of 1e-53)
        return mp.log(jacobi(z, False)) if z < 1 else mp.log1p(-2 * alternating(z, 0))

    def logsf(z):
        return mp.log1p(-jacobi(z, False)) if z < 1 else mp.log(2 * alternating(z, 0))

    def root(log_tail, q, start):  # (Newton's secant from SciPy's root)
        return mp.findroot(lambda z: log_tail(z) - mp.log(q), mp.mpf(start))
    import scipy.stats
    return {"logpdf": lambda z: mp.log(pdf(z)), "pdf": pdf, "cdf": cdf, "sf": sf, "logcdf": logcdf, "logsf": logsf,
            "ppf": lambda q: root(logcdf, q, scipy.stats.kstwobign.ppf(float(q))),
            "isf": lambda q: root(logsf, q, scipy.stats.kstwobign.isf(float(q)))}


MP_POINTS = [
    # both sides of the switch (0.8) and of the series' cut-offs (0.2 below, 6 above), far in both tails
    *[(f, (z,), 0, 1e-12) for f in TAILS for z in (0.1, 0.79, 0.81, 1.5)],
    *[(f, (z,), 0, 1e-12) for f in ("logpdf", "logcdf") for z in (0.04, 0.19, 0.21)],
    *[(f, (z,), 0, 1e-12) for f in ("logpdf", "logsf") for z in (5.9, 6.1, 30.0)],
    # the quantiles, far in both tails
    *[(f, (q,), 0, 1e-12) for f in ("ppf", "isf") for q in (1e-300, 0.3, 0.7, 1 - 1e-16)],
]
test_against_mpmath = mp_points_test(T, _mp_kstwobign, MP_POINTS)


def test_moments_and_entropy():
    import math
    assert float(T.mean()) == pytest.approx(math.sqrt(math.pi / 2) * math.log(2), rel=1e-15)
    assert float(T.var()) == pytest.approx(math.pi ** 2 / 12 - math.pi * math.log(2) ** 2 / 2, rel=1e-15)
    assert float(T.mean(1.0, 2.0)) == pytest.approx(1.0 + 2.0 * math.sqrt(math.pi / 2) * math.log(2), rel=1e-15)
    assert float(wg.grad(lambda s: T.std(0.0, s))(2.0)) == pytest.approx(float(T.std()), rel=1e-15)
    assert hasattr(T, "entropy")  # (SciPy integrates it; by quadrature: tests/test_stats_quadrature_entropy.py)


def test_at_zero_and_the_quantiles_ends():
    # every derivative vanishes as z goes to 0 (exp(-pi^2 / (8 z^2)))
    flat_at_zero_check(T, ())
    assert float(T.ppf(0.0)) == 0.0 and float(T.isf(1.0)) == 0.0 and T.ppf(1.0) == np.inf and T.isf(0.0) == np.inf
    # (the round trips to x's rounding, round_trip_resolution: at q = 1e-300 the cdf exp(-pi^2 / (8 z^2)) moves by
    # 2.3e-13 relative over one float of z (the round trip 1.4e-13 off): rel=1e-13 passed by approx's default abs)
    for q in (1e-300, 0.01, 0.3, 0.7, 1 - 1e-12):
        x, y = float(T.ppf(q)), float(T.isf(q))
        assert float(T.cdf(x)) == pytest.approx(q, rel=1e-13, abs=round_trip_resolution(T.cdf, x))
        assert float(T.sf(y)) == pytest.approx(q, rel=1e-13, abs=round_trip_resolution(T.sf, y))


def test_float32_stays_float32():
    float32_check(T, (), x=0.9, summaries=())


REFUSALS = [
    (lambda: T.logpdf(0.5, 0.0, -1.0), "kstwobign.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5), "kstwobign.ppf: q must be a probability"),
]
test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, [()])
