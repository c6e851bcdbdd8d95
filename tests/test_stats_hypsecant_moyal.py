"""``scipy.stats``' ``hypsecant`` (the hyperbolic secant distribution) and ``moyal`` (``-log W``, W chi-squared with
one degree of freedom): their densities, tails, quantiles, mean, variance, std, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's in the ordinary range, and against mpmath where
SciPy's are off (hypsecant's density and log density 0 and -inf from |z| = 710, where cosh overflows; moyal's log
density and log cdf -inf where exp(-z) is large, its isf ``ppf(1 - q)``); values and first and second derivatives
against mpmath in x and q near 0, at both sides of each switch and far in both tails; float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import case, float32_check, gradient_test, mp_point_check, refusals_test, stats_values_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
DISTRIBUTIONS = ("hypsecant", "moyal")


def _f(dist, method):
    return getattr(getattr(stats, dist), method)


#: both sides of each tail's switches (hypsecant's z = 0 and |z| = log 10, moyal's z = log 2 and 1.7)
X = np.array([-3.1, -1.9, -0.4, 0.2, 0.9, 1.6, 2.1, 4.0])
CASES = [
    *[case(_f(d, f), _f(d, f), X, 0.1, np.array([[0.8], [1.3]]), id=f"{d}.{f}") for d in DISTRIBUTIONS for f in TAILS],
    *[case(_f(d, f), _f(d, f), np.array([0.02, 0.3, 0.49, 0.51, 0.7, 0.97]), 0.1, np.array([[0.8], [1.3]]),
           id=f"{d}.{f}") for d in DISTRIBUTIONS for f in ("ppf", "isf")],
    *[case(_f(d, m), _f(d, m), np.array([0.4, -1.0]), np.array([[0.6], [2.0]]), id=f"{d}.{m}")
      for d in DISTRIBUTIONS for m in ("mean", "var", "std", "entropy", "median")],
    *[case(_f(d, "interval"), lambda p, loc, scale, d=d: _f(d, "interval")(p, loc, scale), np.array([0.2, 0.9]), 0.3,
           1.2, id=f"{d}.interval") for d in DISTRIBUTIONS],
    *[case(_f(d, m), _f(d, m), np.zeros(0), 0.5, 2.0, id=f"{d}.{m}-size0") for d in DISTRIBUTIONS
      for m in TAILS + ("ppf", "isf")],
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"{d}.{f}", (np.array([-30.0, -5.0, -2.0, -0.2, 0.0, 0.3, 1.0, 2.5, 5.0, 30.0]), loc, scale))
      for d in DISTRIBUTIONS for f in TAILS for loc, scale in ((0.0, 1.0), (-0.4, 1.3))],
    *[(f"{d}.{f}", (np.array([0.0, 1e-10, 0.1, 0.5, 0.9, 0.999, 1.0]), -0.1, 1.3)) for d in DISTRIBUTIONS
      for f in ("ppf", "isf")],
    *[(f"{d}.{m}", (np.array([0.2, -3.0]), np.array([[0.5], [2.0]]))) for d in DISTRIBUTIONS
      for m in ("mean", "var", "std", "entropy", "median")],
    *[(f"{d}.interval", (0.8, np.array([0.3, 2.0]), 1.3)) for d in DISTRIBUTIONS],
]

#: where SciPy's are off: hypsecant's ppf near 1 (tan of pi q / 2 near pi / 2: 4e-15), moyal's log density at z =
#: -23 (-inf: exp then log), its isf at q = 1e-10 (ppf(1 - q): 4e-9) and its entropy (numerical: 5e-16)
test_stats_values_are_scipys = stats_values_test(
    [c for c in VALUE_CHECKS if c[0] not in ("moyal.logpdf", "moyal.logcdf", "moyal.isf")]
    + [("moyal.logpdf", (np.array([-5.0, -0.2, 0.0, 1.0, 5.0, 30.0]), -0.4, 1.3)),
       ("moyal.logcdf", (np.array([-5.0, -0.2, 0.0, 1.0, 5.0, 30.0]), -0.4, 1.3)),
       ("moyal.isf", (np.array([0.1, 0.5, 0.9, 0.999, 1.0]), -0.1, 1.3))],
    rtol={"hypsecant.ppf": 1e-14, "hypsecant.isf": 1e-14, "hypsecant.median": 1e-14,
          "hypsecant.interval": 1e-14, "moyal.entropy": 1e-14})


def _mp_functions(mp):
    def hypsecant_cdf(z):
        return 2 / mp.pi * mp.atan(mp.exp(z))

    def moyal_u(z):
        return mp.exp(-z / 2) / mp.sqrt(2)

    def root(tail, q, start):
        return mp.findroot(lambda t: mp.log(tail(t)) - mp.log(q), start)

    h = {"logpdf": lambda z: -mp.log(mp.pi) - mp.log(mp.cosh(z)), "cdf": hypsecant_cdf,
         "sf": lambda z: hypsecant_cdf(-z), "ppf": lambda q: mp.log(mp.tan(mp.pi * q / 2)),
         "isf": lambda q: -mp.log(mp.tan(mp.pi * q / 2))}
    m = {"logpdf": lambda z: -(z + mp.exp(-z)) / 2 - mp.log(2 * mp.pi) / 2, "cdf": lambda z: mp.erfc(moyal_u(z)),
         "sf": lambda z: mp.erf(moyal_u(z)),
         "ppf": lambda q: root(lambda t: mp.erfc(moyal_u(t)), q, float(stats.moyal.ppf(float(q)))),
         "isf": lambda q: root(lambda t: mp.erf(moyal_u(t)), q, float(stats.moyal.isf(float(q))))}
    for fs in (h, m):
        fs["pdf"] = lambda z, fs=fs: mp.exp(fs["logpdf"](z))
        fs["logcdf"] = lambda z, fs=fs: mp.log(fs["cdf"](z))
        fs["logsf"] = lambda z, fs=fs: mp.log(fs["sf"](z))
    return {"hypsecant": h, "moyal": m}


MP_POINTS = [
    # hypsecant: near 0, both sides of |z| = log 10 and of |z| = 20 (log cosh's forms), far out (cosh overflows)
    *[("hypsecant", f, (z,), 1e-12) for f in TAILS for z in (1e-9, -0.5, -2.2, -2.4, 2.4, 19.0, 21.0, -45.0)],
    *[("hypsecant", f, (z,), 1e-12) for f in ("logpdf", "logcdf", "logsf") for z in (-800.0, 800.0, 1e300)],
    *[("hypsecant", f, (q,), 1e-12) for f in ("ppf", "isf")
      for q in (1e-300, 1e-9, 0.24, 0.26, 0.5000001, 0.74, 0.76, 0.999)],
    # moyal: both sides of u = 1/2 (z = log 2) and u = 0.3 (z = 1.7), far down and far up
    *[("moyal", f, (z,), 1e-12) for f in TAILS for z in (-3.0, 0.6, 0.8, 1.6, 1.8, 40.0)],
    # (not the log cdf far up: -5.7e-218 at z = 1e3, below mpmath's 60 digits of 1)
    *[("moyal", f, (z,), 1e-12) for f, z in (("logpdf", -30.0), ("logcdf", -30.0), ("logsf", -30.0), ("logpdf", 1e3),
                                            ("logsf", 1e3), ("logpdf", 3000.0), ("logsf", 3000.0))],
    *[("moyal", f, (q,), 1e-11) for f in ("ppf", "isf") for q in (1e-300, 1e-10, 0.3, 0.7, 0.999)],
]


@pytest.mark.parametrize("dist, method, args, rel", MP_POINTS, ids=[f"{d}.{m}-{a}" for d, m, a, _ in MP_POINTS])
def test_against_mpmath(dist, method, args, rel):
    mp_point_check(_f(dist, method), args, 0, lambda mp, *a: _mp_functions(mp)[dist][method](*a), rel)


def test_where_scipy_is_off():
    with np.errstate(over="ignore", divide="ignore"):
        assert float(ST.hypsecant.logpdf(800.0)) == -np.inf and float(ST.moyal.logpdf(-30.0)) == -np.inf
        assert float(ST.moyal.logcdf(-30.0)) == -np.inf
    assert float(stats.hypsecant.logpdf(800.0)) == pytest.approx(-800.0 + np.log(2.0 / np.pi), rel=1e-15)
    assert float(stats.moyal.logcdf(-30.0)) == pytest.approx(-0.5 * np.exp(30.0), rel=1e-11)
    assert float(stats.hypsecant.ppf(0.5)) == 0.0  # (SciPy's log(tan(pi / 4)): -1.1e-16)
    # moyal's isf: SciPy's ppf(1 - q) loses q's digits (inf below q = 1.1e-16); exact: -log(2 erfinv(q)^2)
    with np.errstate(divide="ignore"):
        assert float(ST.moyal.isf(1e-17)) == np.inf
    q = 1e-17
    assert float(stats.moyal.isf(q)) == pytest.approx(-np.log(np.pi * q * q / 2.0), rel=1e-14)
    # the derivatives where the tails' direct forms were inf / inf or 0 * inf
    assert float(wg.grad(stats.hypsecant.cdf)(720.0)) == pytest.approx(2.0 / np.pi * np.exp(-720.0), rel=1e-3)
    assert float(wg.grad(stats.moyal.sf)(-30.0)) == 0.0 and float(wg.grad(stats.moyal.cdf)(-30.0)) == 0.0


def test_quantiles_and_tails_agree():
    for d in DISTRIBUTIONS:
        for q in (1e-200, 0.01, 0.3, 0.5, 0.8):
            assert float(_f(d, "cdf")(float(_f(d, "ppf")(q)))) == pytest.approx(q, rel=1e-12)
            assert float(_f(d, "sf")(float(_f(d, "isf")(q)))) == pytest.approx(q, rel=1e-12)
        assert float(_f(d, "ppf")(0.0)) == -np.inf and float(_f(d, "isf")(0.0)) == np.inf
        assert float(_f(d, "ppf")(1.0)) == np.inf and float(_f(d, "isf")(1.0)) == -np.inf


def test_float32_stays_float32():
    f32 = np.float32
    for d in DISTRIBUTIONS:
        float32_check(getattr(stats, d), (), summaries=())
        for m in ("mean", "var", "std", "entropy", "median"):
            assert np.asarray(_f(d, m)(f32(0.5), f32(2.0))).dtype == np.float32, (d, m)
        for m, at in (("logsf", 0.7), ("cdf", 0.2), ("isf", 0.4), ("ppf", 0.9)):
            g = wg.grad(lambda s, d=d, m=m, at=at: _f(d, m)(at, 0.0, s))(f32(2.0))
            assert np.asarray(g).dtype == np.float32, (d, m)


test_refusals = refusals_test([
    *[(lambda d=d: _f(d, "logpdf")(1.0, 0.0, -1.0), f"{d}.logpdf: scale must be positive") for d in DISTRIBUTIONS],
    *[(lambda d=d: _f(d, "ppf")(1.5), f"{d}.ppf: q must be a probability") for d in DISTRIBUTIONS],
    *[(lambda d=d: _f(d, "var")(0.0, 0.0), f"{d}.var: scale must be positive") for d in DISTRIBUTIONS],
])
