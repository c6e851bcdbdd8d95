"""``scipy.stats``' ``alpha`` (``pdf = phi(a - 1/z) / (z^2 ndtr(a))`` on ``z > 0``): its density, tails, quantiles,
mean and variance (infinite), median and interval; the entropy by quadrature
(tests/test_stats_quadrature_entropy.py).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its ``1 - cdf``
far out, its quantiles above the median); values and first and second derivatives in x (or q) and in a against mpmath
near 0, both sides of the median (the tails' and the quantiles' switch), far out (z = 1e300, q = 1e-300); the ends,
the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

from stats_file import ST, TAILS, distribution  # (first: it skips the file without SciPy)
import scipy.special as special

import wengert as wg
from opcheck import (case, gradient_test, infinite_ends_check, mp_points_test, mp_truths,
                     refusals_test, stats_values_test)

T, _f = distribution("alpha")


CASES = [
    *[case(_f(f), _f(f), np.array([0.25, 0.4, 0.7, 1.5, 4.0]), np.array([[0.6], [2.0]]), np.array([[0.0], [-0.1]]),
           1.3, id=f"alpha.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.6, 0.95]), np.array([[0.6], [2.0]]), 0.1, 1.3, id=f"alpha.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.5, 1.5]), 0.3, 1.2, id=f"alpha.{m}") for m in ("median",)],
    *[case(_f(m), _f(m), np.array([0.3]), np.array([1.5]), np.array([0.1]), np.array([1.4]), id=f"alpha.{m}-size1")
      for m in TAILS + ("ppf", "isf")],
    *[case(_f(m), _f(m), np.zeros(0), 1.5, id=f"alpha.{m}-size0") for m in TAILS + ("ppf", "isf")],
    case(_f("interval"), lambda p: T.interval(p, 1.5, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), id="alpha.interval"),
    # the moments: inf, as SciPy's, with derivative 0 (a constant)
    *[case(_f(m), lambda a, loc, scale, _m=_f(m): np.exp(-_m(a, loc, scale)), np.array([0.3, 2.0]), 0.1, 1.3,
           id=f"alpha.{m}-infinite") for m in ("mean", "var", "std")],
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 0.05, 0.2, 0.5, 1.0, 3.0, 10.0])
VALUE_CHECKS = [
    *[(f"alpha.{f}", (POINTS, a, 0.1, 1.3)) for f in TAILS for a in (0.3, 2.0)],
    *[(f"alpha.{f}", (np.array([0.0, 1e-6, 0.1, 0.3, 0.5, 0.75, 0.9, 1.0]), 1.5, -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"alpha.{m}", (1.5, 0.3, 2.0)) for m in ("mean", "var", "std")],
    ("alpha.median", (1.5, -0.1, 1.3)),
    ("alpha.interval", (0.8, 1.5, -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    "alpha.sf": 1e-10, "alpha.logcdf": 1e-10, "alpha.logsf": 1e-11, "alpha.pdf": 1e-11, "alpha.cdf": 1e-11,
    "alpha.ppf": 1e-11, "alpha.isf": 1e-9})


def _mp_alpha(mp):
    def mass(t, a):  # ndtr(a) - ndtr(a - t), with the digits the difference cancels
        with mp.extradps(int(max(0, -mp.log10(t))) + 40):
            return +(mp.ncdf(a) - mp.ncdf(a - t))

    def ppf(q, a):
        if q <= 0.5:  # (n = ndtri(q ndtr(a)) from its log: no cancellation in a - n below the median)
            target = mp.log(q) + mp.log(mp.ncdf(a))
            n = mp.findroot(lambda n: mp.log(mp.ncdf(n)) - target, float(special.ndtri_exp(float(target))))
            return 1 / (a - n)
        with mp.workdps(400):  # (a - n cancels above it)
            n = mp.sqrt(2) * mp.erfinv(2 * q * mp.ncdf(a) - 1)
            return +(1 / (a - n))

    def isf(q, a):
        with mp.workdps(400):
            return ppf(1 - q, a)
    return {"logpdf": lambda z, a: -2 * mp.log(z) - (a - 1 / z) ** 2 / 2 - mp.log(2 * mp.pi) / 2 - mp.log(mp.ncdf(a)),
            "pdf": lambda z, a: mp.npdf(a - 1 / z) / (z * z * mp.ncdf(a)),
            "cdf": lambda z, a: mp.ncdf(a - 1 / z) / mp.ncdf(a),
            "logcdf": lambda z, a: mp.log(mp.ncdf(a - 1 / z) / mp.ncdf(a)),
            "sf": lambda z, a: mass(1 / z, a) / mp.ncdf(a),
            "logsf": lambda z, a: mp.log(mass(1 / z, a) / mp.ncdf(a)),
            "ppf": ppf, "isf": isf}


MP_POINTS = [
    # near 0, both sides of the median (0.49 at a = 2, 1.58 at a = 0.3), far out; in x and in a
    *[(f, (z, a), i, 1e-12) for f in TAILS for z, a in ((0.02, 2.0), (0.45, 2.0), (0.55, 2.0), (1.5, 0.3), (1.7, 0.3),
                                                          (1e10, 2.0)) for i in (0, 1)],
    *[(f, (1e300, 1.0), 0, 1e-12) for f in ("logsf", "logcdf")],
    ("sf", (3e299, 1.0), 0, 1e-14),  # (through exp(log t + ...) 9e-14 relative off)
    # the quantiles both sides of q = 1/2 (their switch), near the ends; in q and in a
    *[(f, (q, a), i, 1e-11) for f in ("ppf", "isf") for q, a in ((1e-300, 2.0), (0.49, 0.3), (0.51, 0.3),
                                                                  (1 - 1e-10, 2.0)) for i in (0, 1)],
    # a large a (ndtr(a) = 1: the root's start p ndtr(a) / phi(a) was 1e17 at a = 40, its isf 0 for 0.02798), a tiny one
    *[(f, (q, a), i, 1e-11) for f in ("isf", "ppf") for q, a in ((1e-5, 40.0), (1e-20, 10.0), (0.3, 1e-3))
      for i in (0, 1)],
]

test_against_mpmath = mp_points_test(T, _mp_alpha, MP_POINTS)


def test_where_scipy_is_off():
    sf, logsf, isf = mp_truths(_mp_alpha, [("sf", (1e10, 1.0)), ("logsf", (1e300, 1.0)), ("isf", (1e-10, 1.0))])
    with np.errstate(divide="ignore"):
        assert abs(float(ST.alpha.sf(1e10, 1.0)) / sf - 1) > 1e-8
        assert float(ST.alpha.logsf(1e300, 1.0)) == -np.inf
        assert abs(float(ST.alpha.isf(1e-10, 1.0)) / isf - 1) > 1e-8
    assert float(T.sf(1e10, 1.0)) == pytest.approx(sf, rel=1e-14)
    assert float(T.logsf(1e300, 1.0)) == pytest.approx(logsf, rel=1e-14)
    assert float(T.isf(1e-10, 1.0)) == pytest.approx(isf, rel=1e-13)


def test_at_the_ends():
    # at z = 0 (and below) every function of x is flat: the density vanishes with every derivative as z goes to 0
    for f in ("pdf", "cdf", "sf"):
        for x in (0.0, 1e-3):
            assert float(wg.grad(lambda x: _f(f)(x, 1.5))(x)) == 0.0
            assert float(wg.grad(wg.grad(lambda x: _f(f)(x, 1.5)))(x)) == 0.0
    # the quantile's ends: ppf(0) = loc with slope +inf in q (x ~ 1 / sqrt(-2 log q)), ppf(1) = inf
    assert float(T.ppf(0.0, 1.5)) == 0.0 and float(T.ppf(1.0, 1.5)) == np.inf
    assert float(wg.grad(lambda q: T.ppf(q, 1.5))(0.0)) == np.inf
    assert float(wg.grad(lambda q: T.isf(q, 1.5))(1.0)) == -np.inf
    assert float(wg.grad(lambda a: T.ppf(0.0, a))(1.5)) == 0.0
    assert float(wg.grad(lambda q: T.isf(q, 1.5))(0.0)) == -np.inf


def test_quantiles_and_tails_agree():
    for q in (1e-200, 0.01, 0.3, 0.7):
        assert float(T.cdf(float(T.ppf(q, 1.5)), 1.5)) == pytest.approx(q, rel=1e-12)
        assert float(T.sf(float(T.isf(q, 1.5)), 1.5)) == pytest.approx(q, rel=1e-12)


def test_moments():
    assert float(T.mean(1.5)) == np.inf and float(T.var(1.5, 0.0, 2.0)) == np.inf and float(T.std(1.5)) == np.inf
    assert float(wg.grad(lambda a: T.mean(a))(1.5)) == 0.0
    assert hasattr(T, "entropy")  # (no closed form: by quadrature, tests/test_stats_quadrature_entropy.py)


def test_float32_stays_float32():
    for m in TAILS + ("ppf", "isf"):
        assert np.asarray(_f(m)(np.float32(0.3), np.float32(1.5))).dtype == np.float32, m


REFUSALS = [
    (lambda: T.logpdf(0.5, 1.0, 0.0, -1.0), "alpha.logpdf: scale must be positive"),
    (lambda: T.pdf(0.5, 0.0), "alpha.pdf: .*a"),
    (lambda: T.ppf(0.5, -1.0), "alpha.ppf: .*a"),
    (lambda: T.mean(0.0), "alpha.mean: .*a"),
    (lambda: T.ppf(1.5, 1.0), "alpha.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, [0.5, 2.0])
