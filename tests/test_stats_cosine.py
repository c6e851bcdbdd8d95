"""``scipy.stats``' ``cosine`` (``pdf = (1 + cos z) / (2 pi)`` on ``|z| <= pi``): its density, tails, quantiles, mean,
variance, std, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath (with the extra digits its ``u - sin u``
cancels) inside, near and at the float ends ``+-np.pi`` (1.2e-16 inside the support, where SciPy's density is 0 and its
cdf 0), values and first and second derivatives in x (or q); the quantiles (roots: SciPy has no closed form either)
both sides of their switches (q = 0.1, 0.9), near 1/2, at q = 1e-300 and 1 - 1e-12; the ends (one-sided derivatives
from inside), the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

from stats_file import TAILS, distribution  # (first: it skips the file without SciPy)
import wengert as wg
from opcheck import (case, gradient_test, infinite_ends_check, mp_points_test, mp_truths,
                     refusals_test, stats_values_test)

T, _f = distribution("cosine")


CASES = [
    *[case(_f(f), _f(f), np.array([-3.0, -1.9, -0.2, 0.1, 1.8, 3.1]), np.array([[0.0], [-0.1]]), 1.3,
           id=f"cosine.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.01, 0.2, 0.5, 0.8, 0.95]), np.array([[0.0], [0.1]]), 1.3, id=f"cosine.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(m), lambda loc, scale, m=m: _f(m)(loc, scale), np.array([0.0, 1.0]), np.array([[0.6], [2.0]]),
           id=f"cosine.{m}") for m in ("mean", "var", "std", "entropy")],
    *[case(_f(m), _f(m), np.array([0.3]), np.array([0.1]), np.array([1.4]), id=f"cosine.{m}-size1")
      for m in TAILS + ("ppf", "isf")],
    *[case(_f(m), _f(m), np.zeros(0), id=f"cosine.{m}-size0") for m in TAILS + ("ppf", "isf")],
    case(_f("median"), lambda loc, scale: T.median(loc, scale), np.array([0.3, -2.0]), 1.1, id="cosine.median"),
    case(_f("interval"), lambda p: T.interval(p, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), id="cosine.interval"),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-4.0, -3.0, -2.0, -0.3, 0.0, 0.3, 2.0, 3.0, 4.0])
VALUE_CHECKS = [
    *[(f"cosine.{f}", (POINTS, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"cosine.{f}", (np.array([0.0, 1e-10, 0.1, 0.3, 0.5, 0.75, 0.9, 1.0]), -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"cosine.{m}", (0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("cosine.median", (-0.1, 1.3)),
    ("cosine.interval", (0.8, -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"cosine.pdf": 1e-11, "cosine.logpdf": 1e-11})


def _mp_cosine(mp):
    def mass(u):  # u - sin u at the distance u to an end, with the digits it cancels
        with mp.extradps(80):
            return +(u - mp.sin(u))

    def cdf(z):
        with mp.extradps(80):
            return +(mass(mp.pi + z) / (2 * mp.pi))

    def sf(z):
        return cdf(-z)

    def ppf(q):
        with mp.extradps(80):
            p = min(q, 1 - q)
            u = mp.findroot(lambda u: mass(u) - 2 * mp.pi * p, mp.cbrt(12 * mp.pi * p)) if p > 0 else mp.mpf(0)
            return +((u - mp.pi) if q <= 0.5 else (mp.pi - u))

    def pdf(z):
        with mp.extradps(80):
            return +((1 + mp.cos(z)) / (2 * mp.pi))
    return {"logpdf": lambda z: mp.log(pdf(z)), "pdf": pdf, "cdf": cdf, "sf": sf,
            "logcdf": lambda z: mp.log(cdf(z)), "logsf": lambda z: mp.log(sf(z)), "ppf": ppf,
            "isf": lambda q: -ppf(q)}


MP_POINTS = [
    # at the float ends (1.2e-16 inside), near them, inside both sides of 0 and of |z| = pi/2 (the density's switch)
    *[(f, (z,), 0, 1e-12) for f in TAILS for z in (-np.pi, -np.pi + 1e-9, -1.6, -0.3, 0.2, 1.5, np.pi - 1e-9)],
    *[(f, (z,), 0, 1e-12) for f in ("logcdf", "cdf", "logpdf") for z in (np.pi,)],
    *[(f, (z,), 0, 1e-12) for f in ("logsf", "sf") for z in (-np.pi, np.pi)],
    # the quantiles both sides of q = 0.1 and 0.9 (their switches), near 1/2 and the ends
    *[(f, (q,), 0, 1e-12) for f in ("ppf", "isf") for q in (1e-300, 1e-12, 0.099, 0.101, 0.5 + 1e-9, 0.899, 0.901,
                                                            1 - 1e-12)],
]

test_against_mpmath = mp_points_test(T, _mp_cosine, MP_POINTS)


def test_quantiles_to_a_few_ulps():
    qs = (1e-300, 1e-100, 1e-20, 1e-5, 0.05, 0.1, 0.2, 0.3, 0.45, 0.5 - 1e-9, 0.6, 0.9, 0.99, 1 - 1e-12)
    want = mp_truths(_mp_cosine, [("ppf", (q,)) for q in qs])
    for q, w in zip(qs, want):
        assert float(T.ppf(q)) == pytest.approx(w, rel=4.5e-16, abs=1e-300), q
        assert float(T.isf(q)) == -float(T.ppf(q)), q


def test_at_the_ends():
    # the float ends +-np.pi are 1.2e-16 inside the support: there the density is 1.2e-33 / pi (SciPy's 0, its log
    # -inf), the cdf at -np.pi 4.87e-50 (SciPy's 0); outside every derivative is 0
    want = mp_truths(_mp_cosine, [("logpdf", (np.pi,)), ("cdf", (-np.pi,)), ("logcdf", (-np.pi,))])
    assert float(T.logpdf(np.pi)) == pytest.approx(want[0], rel=1e-14)
    assert float(T.cdf(-np.pi)) == pytest.approx(want[1], rel=1e-14)
    assert float(T.logcdf(-np.pi)) == pytest.approx(want[2], rel=1e-14)
    for x in (-3.2, 3.2):
        for f in TAILS[1:3] + ("sf",):
            assert float(wg.grad(_f(f))(x)) == 0.0 and float(wg.grad(wg.grad(_f(f)))(x)) == 0.0
    # the quantile's slope at q = 0 and 1: infinite (z ~ (12 pi q)^(1/3) - pi), at 1/2: 1 / pdf(0) = pi
    assert float(wg.grad(T.ppf)(0.0)) == np.inf and float(wg.grad(T.ppf)(1.0)) == np.inf
    assert float(wg.grad(T.isf)(0.0)) == -np.inf
    assert float(wg.grad(T.ppf)(0.5)) == pytest.approx(np.pi, rel=1e-15)
    assert float(T.ppf(0.0)) == -np.pi and float(T.ppf(1.0)) == np.pi


def test_quantiles_and_tails_agree():
    for q in (0.01, 0.3, 0.7):
        assert float(T.cdf(float(T.ppf(q)))) == pytest.approx(q, rel=1e-12, abs=0.0)
        assert float(T.sf(float(T.isf(q)))) == pytest.approx(q, rel=1e-12, abs=0.0)
    # (at q = 1e-200 the quantiles -+(pi - (12 pi q)^(1/3)), 3.4e-67 inside the ends, round to them: no round trip
    # there (the cdf one float inside -pi is 4.9e-50; that check passed only by pytest.approx's default abs=1e-12))
    assert float(T.ppf(1e-200)) == -np.pi and float(T.isf(1e-200)) == np.pi


def test_float32_stays_float32():
    for m in TAILS + ("ppf", "isf"):
        assert np.asarray(_f(m)(np.float32(0.3))).dtype == np.float32, m


REFUSALS = [
    (lambda: T.logpdf(0.5, 0.0, -1.0), "cosine.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5), "cosine.ppf: q must be a probability"),
    (lambda: T.isf(-0.5), "cosine.isf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, [()])
