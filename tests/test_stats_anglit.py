"""``scipy.stats``' ``anglit`` (``pdf = cos(2z)`` on ``|z| <= pi/4``): its density, tails, quantiles, mean, variance,
std, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its tails near the
ends, ``sin(z + pi/4)`` of a rounded sum); values and first and second derivatives against mpmath in x (or q) inside,
near the ends and both sides of the quantiles' switches (q = 1/4, 3/4); the ends (one-sided derivatives from inside),
the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

from stats_file import ST, TAILS, distribution  # (first: it skips the file without SciPy)
import wengert as wg
from opcheck import (case, gradient_test, infinite_ends_check, mp_points_test, mp_truths,
                     refusals_test, stats_values_test)

T, _f = distribution("anglit")


CASES = [
    *[case(_f(f), _f(f), np.array([-0.7, -0.2, 0.1, 0.6]), np.array([[0.0], [-0.1]]), 1.3, id=f"anglit.{f}")
      for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.3, 0.7, 0.8, 0.95]), np.array([[0.0], [0.1]]), 1.3, id=f"anglit.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(m), lambda loc, scale, m=m: _f(m)(loc, scale), np.array([0.0, 1.0]), np.array([[0.6], [2.0]]),
           id=f"anglit.{m}") for m in ("mean", "var", "std", "entropy")],
    *[case(_f(m), _f(m), np.array([0.3]), np.array([0.1]), np.array([1.4]), id=f"anglit.{m}-size1")
      for m in TAILS + ("ppf", "isf")],
    *[case(_f(m), _f(m), np.zeros(0), id=f"anglit.{m}-size0") for m in TAILS + ("ppf", "isf")],
    case(_f("median"), lambda loc, scale: T.median(loc, scale), np.array([0.3, -2.0]), 1.1, id="anglit.median"),
    case(_f("interval"), lambda p: T.interval(p, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), id="anglit.interval"),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, -np.pi / 4, -0.7, -0.3, 0.0, 0.3, 0.7, np.pi / 4, 1.0])
VALUE_CHECKS = [
    *[(f"anglit.{f}", (POINTS, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"anglit.{f}", (np.array([0.0, 1e-10, 0.1, 0.3, 0.5, 0.75, 0.9, 1.0]), -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"anglit.{m}", (0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("anglit.median", (-0.1, 1.3)),
    ("anglit.interval", (0.8, -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"anglit.ppf": 1e-11, "anglit.isf": 1e-11})


def _mp_anglit(mp):
    def cdf(z):
        return mp.sin(z + mp.pi / 4) ** 2

    def sf(z):
        return mp.cos(z + mp.pi / 4) ** 2

    def ppf(q):
        return mp.asin(mp.sqrt(q)) - mp.pi / 4
    return {"logpdf": lambda z: mp.log(mp.cos(2 * z)), "pdf": lambda z: mp.cos(2 * z), "cdf": cdf, "sf": sf,
            "logcdf": lambda z: mp.log(cdf(z)), "logsf": lambda z: mp.log(sf(z)), "ppf": ppf,
            "isf": lambda q: -ppf(q)}


MP_POINTS = [
    # inside, near the ends (the distances pi/4 -+ z), both sides of 0
    *[(f, (z,), 0, 1e-12) for f in TAILS for z in (-np.pi / 4 + 1e-9, -0.3, 0.2, np.pi / 4 - 1e-9)],
    # the quantiles both sides of q = 1/4 and 3/4 (their switches), near 1/2 and the ends
    *[(f, (q,), 0, 1e-12) for f in ("ppf", "isf") for q in (1e-12, 0.24, 0.26, 0.5 + 1e-9, 0.74, 0.76, 1 - 1e-12)],
]

test_against_mpmath = mp_points_test(T, _mp_anglit, MP_POINTS)


def test_where_scipy_is_off():
    sf, cdf = mp_truths(_mp_anglit, [("sf", (np.pi / 4 - 1e-13,)), ("cdf", (-np.pi / 4 + 1e-9,))])
    assert abs(float(ST.anglit.sf(np.pi / 4 - 1e-13)) / sf - 1) > 1e-4
    assert abs(float(ST.anglit.cdf(-np.pi / 4 + 1e-9)) / cdf - 1) > 1e-8
    assert float(T.sf(np.pi / 4 - 1e-13)) == pytest.approx(sf, rel=1e-14)
    assert float(T.cdf(-np.pi / 4 + 1e-9)) == pytest.approx(cdf, rel=1e-14)


def test_at_the_ends():
    # the derivatives at the ends are the one-sided ones from inside: the density's slope -+2 there, the cdf's 0
    for end, slope in ((-np.pi / 4, 2.0), (np.pi / 4, -2.0)):
        assert float(wg.grad(T.pdf)(end)) == pytest.approx(slope, abs=1e-15)
        assert float(wg.grad(T.cdf)(end)) == pytest.approx(0.0, abs=1e-15)
        assert float(wg.grad(wg.grad(T.cdf))(end)) == pytest.approx(slope, abs=1e-15)
    for x in (-1.0, 1.0):
        for f in ("pdf", "cdf", "sf"):
            assert float(wg.grad(_f(f))(x)) == 0.0
    assert float(T.logcdf(-np.pi / 4)) == -np.inf and float(T.logsf(np.pi / 4)) == -np.inf


def test_quantiles_and_tails_agree():
    for q in (0.01, 0.3, 0.7):
        assert float(T.cdf(float(T.ppf(q)))) == pytest.approx(q, rel=1e-12, abs=0.0)
        assert float(T.sf(float(T.isf(q)))) == pytest.approx(q, rel=1e-12, abs=0.0)
    # (at q = 1e-200 the quantiles -+(pi/4 - 1e-100) round to the ends: no round trip there (the cdf one float
    # inside -pi/4 is 9.4e-34; that check passed only by pytest.approx's default abs=1e-12))
    assert float(T.ppf(1e-200)) == -np.pi / 4 and float(T.isf(1e-200)) == np.pi / 4


def test_float32_stays_float32():
    for m in TAILS:
        assert np.asarray(_f(m)(np.float32(0.3))).dtype == np.float32, m
    for m in ("ppf", "isf"):
        assert np.asarray(_f(m)(np.float32(0.3))).dtype == np.float32, m


REFUSALS = [
    (lambda: T.logpdf(0.5, 0.0, -1.0), "anglit.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5), "anglit.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, [()])
