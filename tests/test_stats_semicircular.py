"""``scipy.stats``' ``semicircular`` (``pdf = 2 sqrt(1 - z^2) / pi`` on ``|z| <= 1``): its density, tails, quantiles,
mean, variance, std, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath (with the extra digits its ``z sqrt(1 -
z^2) + arcsin z`` cancels) where SciPy's are off (its tails near the ends, its quantile near q = 1/2); values and first
and second derivatives in x (or q) inside, near the ends and both sides of the tails' switch (the distance 1/2 to an
end) and of the quantiles' (q = 0.1, 0.9), at q = 1e-300 and 1 - 1e-12; the ends (one-sided derivatives from inside,
infinite), the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

from stats_file import ST, TAILS, distribution  # (first: it skips the file without SciPy)
import wengert as wg
from opcheck import (case, round_trip_resolution, gradient_test, infinite_ends_check, mp_points_test, mp_truths,
                     refusals_test, stats_values_test)

T, _f = distribution("semicircular")


CASES = [
    *[case(_f(f), _f(f), np.array([-0.95, -0.6, -0.2, 0.1, 0.55, 0.9]), np.array([[0.0], [-0.05]]), 1.3,
           id=f"semicircular.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.01, 0.2, 0.5, 0.8, 0.95]), np.array([[0.0], [0.1]]), 1.3,
           id=f"semicircular.{f}") for f in ("ppf", "isf")],
    *[case(_f(m), lambda loc, scale, m=m: _f(m)(loc, scale), np.array([0.0, 1.0]), np.array([[0.6], [2.0]]),
           id=f"semicircular.{m}") for m in ("mean", "var", "std", "entropy")],
    *[case(_f(m), _f(m), np.array([0.3]), np.array([0.1]), np.array([1.4]), id=f"semicircular.{m}-size1")
      for m in TAILS + ("ppf", "isf")],
    *[case(_f(m), _f(m), np.zeros(0), id=f"semicircular.{m}-size0") for m in TAILS + ("ppf", "isf")],
    case(_f("median"), lambda loc, scale: T.median(loc, scale), np.array([0.3, -2.0]), 1.1, id="semicircular.median"),
    case(_f("interval"), lambda p: T.interval(p, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), id="semicircular.interval"),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-2.0, -1.0, -0.7, -0.3, 0.0, 0.3, 0.7, 1.0, 2.0])
VALUE_CHECKS = [
    *[(f"semicircular.{f}", (POINTS, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"semicircular.{f}", (np.array([0.0, 1e-10, 0.1, 0.3, 0.75, 0.9, 1.0]), -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"semicircular.{m}", (0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("semicircular.median", (-0.1, 1.3)),
    ("semicircular.interval", (0.8, -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"semicircular.cdf": 1e-11,
                                                                     "semicircular.sf": 1e-11})


def _mp_semicircular(mp):
    def cdf(z):  # with the digits z sqrt(1 - z^2) + arcsin z cancels near -1
        with mp.extradps(80):
            return +(mp.mpf(1) / 2 + (z * mp.sqrt(1 - z * z) + mp.asin(z)) / mp.pi)

    def sf(z):
        return cdf(-z)

    def ppf(q):
        with mp.extradps(80):
            p = min(q, 1 - q)
            u = mp.findroot(lambda u: cdf(u - 1) - p, (3 * mp.pi * p / (4 * mp.sqrt(2))) ** (mp.mpf(2) / 3)) \
                if p > 0 else mp.mpf(0)
            return +((u - 1) if q <= 0.5 else (1 - u))

    def pdf(z):
        with mp.extradps(80):
            return +(2 * mp.sqrt((1 - z) * (1 + z)) / mp.pi)
    return {"logpdf": lambda z: mp.log(pdf(z)), "pdf": pdf, "cdf": cdf, "sf": sf,
            "logcdf": lambda z: mp.log(cdf(z)), "logsf": lambda z: mp.log(sf(z)), "ppf": ppf,
            "isf": lambda q: -ppf(q)}


MP_POINTS = [
    # near the ends, both sides of the distance 1/2 to an end (the tails' series) and of 0
    *[(f, (z,), 0, 1e-12) for f in TAILS for z in (-1 + 1e-15, -1 + 1e-9, -0.51, -0.49, 0.2, 0.49, 1 - 1e-9)],
    # the quantiles both sides of q = 0.1 and 0.9 (their switches), near 1/2 and the ends (at q = 1e-300 the second
    # derivative overflows: -inf, where mpmath's difference of findroot's roots had the wrong sign)
    *[(f, (q,), 0, 1e-12) for f in ("ppf", "isf") for q in (1e-100, 1e-12, 0.099, 0.101, 0.5 + 1e-9, 0.899, 0.901,
                                                            1 - 1e-12)],
]

test_against_mpmath = mp_points_test(T, _mp_semicircular, MP_POINTS)


def test_where_scipy_is_off():
    cdf, logcdf, sf, ppf = mp_truths(_mp_semicircular, [("cdf", (-1 + 1e-10,)), ("logcdf", (-1 + 1e-15,)),
                                                        ("sf", (1 - 1e-10,)), ("ppf", (0.5 + 1e-9,))])
    with np.errstate(divide="ignore"):
        assert abs(float(ST.semicircular.cdf(-1 + 1e-10)) / cdf - 1) > 0.1
        assert float(ST.semicircular.logcdf(-1 + 1e-15)) == -np.inf
        assert abs(float(ST.semicircular.sf(1 - 1e-10)) / sf - 1) > 0.1
        assert abs(float(ST.semicircular.ppf(0.5 + 1e-9)) / ppf - 1) > 1e-8
    assert float(T.cdf(-1 + 1e-10)) == pytest.approx(cdf, rel=1e-15)
    assert float(T.logcdf(-1 + 1e-15)) == pytest.approx(logcdf, rel=1e-15)
    assert float(T.sf(1 - 1e-10)) == pytest.approx(sf, rel=1e-15)
    assert float(T.ppf(0.5 + 1e-9)) == pytest.approx(ppf, rel=1e-15)


def test_quantiles_to_a_few_ulps():
    qs = (1e-300, 1e-100, 1e-20, 1e-5, 0.05, 0.1, 0.2, 0.3, 0.45, 0.5 - 1e-9, 0.6, 0.9, 0.99, 1 - 1e-12)
    want = mp_truths(_mp_semicircular, [("ppf", (q,)) for q in qs])
    for q, w in zip(qs, want):
        assert float(T.ppf(q)) == pytest.approx(w, rel=4.5e-16, abs=1e-300), q
        assert float(T.isf(q)) == -float(T.ppf(q)), q


def test_at_the_ends():
    # the one-sided derivatives from inside at z = -1 and 1 (the distance u to the end: the density 2 sqrt(u (2 - u))
    # / pi, the tail ~ u^(3/2)), their signs; outside, 0
    inf = np.inf
    want = {"pdf": ((0.0, inf, -inf), (0.0, -inf, -inf)), "logpdf": ((-inf, inf, -inf), (-inf, -inf, -inf)),
            "cdf": ((0.0, 0.0, inf), (1.0, 0.0, -inf)), "logcdf": ((-inf, inf, -inf), (0.0, 0.0, -inf)),
            "sf": ((1.0, 0.0, -inf), (0.0, 0.0, inf)), "logsf": ((0.0, 0.0, -inf), (-inf, -inf, -inf))}
    for f, ends in want.items():
        for x, jet in zip((-1.0, 1.0), ends):
            g = wg.grad(_f(f))
            got = (float(_f(f)(x)), float(g(x)), float(wg.grad(g)(x)), float(wg.jvp(g, (x,), (1.0,))[1]),
                   float(wg.hessian(_f(f))(x)))
            assert got == (*jet, jet[2], jet[2]), (f, x)
    # in loc and scale too: at x = loc - scale (z = -1), d/dscale = -z / scale * d/dz - pdf / scale
    assert float(wg.grad(lambda s: T.pdf(-2.0, 0.0, s))(2.0)) == inf
    for x in (-1.2, 1.2):
        for f in ("pdf", "cdf", "sf"):
            assert float(wg.grad(_f(f))(x)) == 0.0 and float(wg.grad(wg.grad(_f(f)))(x)) == 0.0
    assert float(wg.grad(T.ppf)(0.0)) == inf and float(wg.grad(T.ppf)(1.0)) == inf
    assert float(wg.grad(T.isf)(0.0)) == -inf
    assert float(wg.grad(T.ppf)(0.5)) == pytest.approx(np.pi / 2, rel=1e-15)
    assert float(T.ppf(0.0)) == -1.0 and float(T.ppf(1.0)) == 1.0


def test_quantiles_and_tails_agree():
    for q in (1e-200, 0.01, 0.3, 0.7):
        x, y = float(T.ppf(q)), float(T.isf(q))
        assert float(T.cdf(x)) == pytest.approx(q, rel=1e-12, abs=round_trip_resolution(T.cdf, x))
        assert float(T.sf(y)) == pytest.approx(q, rel=1e-12, abs=round_trip_resolution(T.sf, y))


def test_float32_stays_float32():
    for m in TAILS + ("ppf", "isf"):
        assert np.asarray(_f(m)(np.float32(0.3))).dtype == np.float32, m


REFUSALS = [
    (lambda: T.logpdf(0.5, 0.0, -1.0), "semicircular.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5), "semicircular.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, [()])
