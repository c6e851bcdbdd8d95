"""``scipy.stats``' ``wald`` (``invgauss`` at ``mu = 1``): its density, tails, quantiles, mean, variance, std,
entropy, median and interval, invgauss's at mu = 1.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's (and invgauss's at mu = 1, bit for bit), values and
first and second derivatives against mpmath in x near 0, at the mode, far in both tails, the quantiles; float32,
the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from opcheck import case, float32_check, gradient_test, mp_point_check, refusals_test, stats_values_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
W = stats.wald


def _f(method):
    return getattr(W, method)


CASES = [
    *[case(_f(f), _f(f), np.array([0.2, 0.6, 1.1, 2.5, 7.0]), 0.1, np.array([[0.7], [1.3]]), id=f"wald.{f}")
      for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.6, 0.95]), 0.1, np.array([[0.7], [1.3]]), id=f"wald.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.4, -1.0]), np.array([[0.6], [2.0]]), id=f"wald.{m}")
      for m in ("mean", "var", "std", "entropy", "median")],
    case(_f("interval"), lambda p, loc, scale: W.interval(p, loc, scale), np.array([0.2, 0.9]), 0.3, 1.2,
         id="wald.interval"),
    *[case(_f(m), _f(m), np.zeros(0), 0.5, 2.0, id=f"wald.{m}-size0") for m in TAILS + ("ppf", "isf")],
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"wald.{f}", (np.array([-1.0, 0.0, 1e-3, 0.1, 0.7, 1.0, 2.0, 5.0, 30.0]), loc, scale))
      for f in TAILS for loc, scale in ((0.0, 1.0), (-0.4, 1.3))],
    *[(f"wald.{f}", (np.array([0.0, 1e-10, 0.1, 0.5, 0.9, 0.999, 1.0]), -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"wald.{m}", (np.array([0.2, -3.0]), np.array([[0.5], [2.0]]))) for m in ("mean", "var", "std", "entropy",
                                                                                 "median")],
    ("wald.interval", (0.8, np.array([0.3, 2.0]), 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


def test_invgauss_at_one():
    x = np.array([1e-3, 0.4, 1.0, 3.0, 80.0])
    for f in TAILS:
        assert np.array_equal(_f(f)(x, 0.2, 1.5), getattr(stats.invgauss, f)(x, 1.0, 0.2, 1.5)), f
    for f in ("ppf", "isf"):
        assert np.array_equal(_f(f)(x / 100.0, 0.2, 1.5), getattr(stats.invgauss, f)(x / 100.0, 1.0, 0.2, 1.5)), f
    assert float(W.entropy(0.0, 2.0)) == float(stats.invgauss.entropy(1.0, 0.0, 2.0))


def _mp_wald(mp):
    def logpdf(z):
        return -mp.log(2 * mp.pi) / 2 - 1.5 * mp.log(z) - (z - 1) ** 2 / (2 * z)

    def cdf(z):
        return mp.ncdf((z - 1) / mp.sqrt(z)) + mp.exp(2) * mp.ncdf(-(z + 1) / mp.sqrt(z))

    def sf(z):
        return mp.ncdf(-(z - 1) / mp.sqrt(z)) - mp.exp(2) * mp.ncdf(-(z + 1) / mp.sqrt(z))

    def quantile(tail, q, name):
        start = float(getattr(W, name)(float(q)))
        return mp.exp(mp.findroot(lambda t: mp.log(tail(mp.exp(t))) - mp.log(q), mp.log(start)))
    return {"logpdf": logpdf, "pdf": lambda z: mp.exp(logpdf(z)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z: mp.log(cdf(z)), "logsf": lambda z: mp.log(sf(z)),
            "ppf": lambda q: quantile(cdf, q, "ppf"), "isf": lambda q: quantile(sf, q, "isf")}


MP_POINTS = [
    *[(f, (z,), 0, 1e-11) for f in TAILS for z in (0.01, 0.6, 1.0, 4.0)],
    # far in the tails
    *[(f, (z,), 0, 1e-11) for f, z in (("logcdf", 1e-3), ("logcdf", 1e-200), ("logpdf", 1e-3), ("logsf", 2000.0),
                                       ("logsf", 1e20), ("logpdf", 1e5))],
    *[(f, (q,), 0, 1e-10) for f in ("ppf", "isf") for q in (1e-12, 0.3, 0.9)],
]


@pytest.mark.parametrize("method, args, i, rel", MP_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i, _ in MP_POINTS])
def test_against_mpmath(method, args, i, rel):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_wald(mp)[method](*a), rel)


def test_float32_stays_float32():
    float32_check(W, (), summaries=())
    for m in ("mean", "var", "std", "entropy", "median"):
        assert np.asarray(_f(m)(np.float32(0.5), np.float32(2.0))).dtype == np.float32, m
    f32 = np.float32
    for m, at in (("logsf", 0.7), ("cdf", 0.2), ("isf", 0.4), ("ppf", 0.9)):
        assert np.asarray(wg.grad(lambda s, m=m, at=at: _f(m)(at, 0.0, s))(f32(2.0))).dtype == np.float32, m
    assert np.asarray(wg.grad(lambda s: W.std(0.0, s))(f32(2.0))).dtype == np.float32


test_refusals = refusals_test([
    *[(call, f"wald.{m}: scale must be positive") for m, call in (
        ("logpdf", lambda: W.logpdf(1.0, 0.0, -1.0)), ("cdf", lambda: W.cdf(1.0, 0.0, 0.0)),
        ("ppf", lambda: W.ppf(0.5, 0.0, -2.0)), ("mean", lambda: W.mean(0.0, 0.0)),
        ("entropy", lambda: W.entropy(0.0, -1.0)))],
    (lambda: W.ppf(1.5), "wald.ppf: q must be a probability"),
    (lambda: W.interval(1.5), "wald.interval: confidence must be in"),
])


def test_isf_far_out():
    wald = stats.wald
    mp = pytest.importorskip("mpmath")
    with mp.workdps(80):
        def log_sf(z):
            return mp.log(mp.ncdf(-(z - 1) / mp.sqrt(z)) - mp.exp(2) * mp.ncdf(-(z + 1) / mp.sqrt(z)))
        for q in (1e-60, 1e-100, 1e-300):
            # SciPy's (Boost's) root was wrong from q = 1e-57 on: 261.1454 for 261.1370 at 1e-60, 4.4e34 for 443.76
            # at 1e-100, 4.9e233 for 1361.4 at 1e-300 (its gradient -inf for -1.99e100 at 1e-100)
            t = mp.findroot(lambda t: log_sf(mp.exp(t)) - mp.log(mp.mpf(q)), mp.log(mp.mpf(float(wald.isf(q)))))
            x = mp.exp(t)
            pdf = mp.exp(-(x - 1) ** 2 / (2 * x)) / mp.sqrt(2 * mp.pi * x ** 3)
            log_pdf_slope = -1.5 / x - (x * x - 1) / (2 * x * x)  # (d log pdf / dx)
            want = [float(x), float(-1 / pdf), float(-log_pdf_slope / pdf ** 2)]
            got = [float(wald.isf(q)), float(wg.grad(wald.isf)(q)), float(wg.jvp(wald.isf, (q,), (1.0,))[1])]
            assert got == pytest.approx([want[0], want[1], want[1]], rel=1e-13), q
            if q == 1e-300:
                continue  # (x'' overflows: 1 / pdf^2 ~ 4e600)
            # x'' = d(-1 / pdf(x)) / dq = (log pdf)'(x) x' / pdf = -(log pdf)'(x) / pdf^2
            second = [float(wg.grad(wg.grad(wald.isf))(q)), float(wg.jvp(wg.grad(wald.isf), (q,), (1.0,))[1])]
            assert second == pytest.approx([want[2]] * 2, rel=1e-12), q
            assert float(wald.isf(q)) == float(stats.invgauss.isf(q, 1.0))
        # the ppf far down (SciPy's was right there): log cdf = log q
        t = mp.findroot(lambda t: mp.log(mp.ncdf((mp.exp(t) - 1) / mp.exp(t / 2)) + mp.exp(2) * mp.ncdf(
            -(mp.exp(t) + 1) / mp.exp(t / 2))) - mp.log(mp.mpf(1e-300)), mp.log(mp.mpf(float(wald.ppf(1e-300)))))
        assert float(wald.ppf(1e-300)) == pytest.approx(float(mp.exp(t)), rel=1e-15)
