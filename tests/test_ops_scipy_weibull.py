"""``scipy.stats.weibull_max`` (its densities, tails, quantiles, moments, entropy, median and
interval) and the moments of ``weibull_min`` (whose variance is written so that it does not
cancel as c grows).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's
(and against mpmath where SciPy's variance loses its digits), the mirror identity with
``weibull_min`` (values and gradients), the one-sided derivatives at the end of the support,
third derivatives, and the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import assert_log_tail_close, case, gradient_test, rand  # noqa: E402
from wengert.scipy import stats  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
#: weibull_max's support is z <= 0
NEG = np.array([-3.0, -1.3, -0.4])
Q = np.array([0.1, 0.35, 0.85])
C = np.array([[0.5], [1.0], [2.5]])
LOC, SCALE = np.array([-0.4, 0.0, 1.3]), np.array([[0.6], [2.0]])


def _f(name, method):
    return getattr(getattr(stats, name), method)


CASES = [
    # in x, c, loc and scale, broadcast against each other (C a column)
    *[case(_f("weibull_max", f), _f("weibull_max", f), NEG, C, 0.1, 1.3, id=f"weibull_max.{f}") for f in TAILS],
    *[case(_f("weibull_max", f), _f("weibull_max", f), Q, C, 0.1, 1.3, id=f"weibull_max.{f}") for f in ("ppf", "isf")],
    # a scalar, a size-1 and a size-0 array
    *[case(_f("weibull_max", f), _f("weibull_max", f), -0.7, 1.7, id=f"weibull_max.{f}-float") for f in TAILS],
    *[case(_f("weibull_max", f), _f("weibull_max", f), np.array([0.7 if f in ("ppf", "isf") else -0.7]),
           np.array([1.7]), np.array([0.2]), np.array([1.1]), id=f"weibull_max.{f}-size1")
      for f in TAILS + ("ppf", "isf")],
    *[case(_f("weibull_max", f), _f("weibull_max", f), np.zeros(0), 1.7, id=f"weibull_max.{f}-size0")
      for f in TAILS + ("ppf", "isf")],
    # near the end of the support (z -> 0-), where the density is written with powers
    *[case(_f("weibull_max", f), lambda x, c, _f=_f("weibull_max", f): _f(x, c),
           np.array([-0.005, -1e-3, -0.02]), np.array([[2.0], [3.5]]), id=f"weibull_max.{f}-near-end")
      for f in ("pdf", "cdf", "sf", "logcdf")],
    # x beyond the support: the constant outside value (gradient 0 in x and in c)
    *[case(_f("weibull_max", f), _f("weibull_max", f), np.array([0.3, 2.0]), 1.7, id=f"weibull_max.{f}-outside")
      for f in ("pdf", "cdf", "sf", "logcdf")],
]

#: the shapes the moments are checked at: around the switch of the variance's series (c = 10),
#: small c (heavy) and large c (where the direct form of the variance cancels)
CS = np.array([0.6, 2.0, 9.9, 10.0, 10.1, 80.0])
MOMENT_CASES = [
    *[case(_f(d, m), _f(d, m), CS, LOC[:, None, None][:1], SCALE[0], id=f"{d}.{m}")
      for d in ("weibull_min", "weibull_max") for m in ("mean", "var", "std", "entropy")],
    *[case(_f(d, m), lambda loc, scale, _f=_f(d, m): _f(1.6, loc, scale), LOC, SCALE, id=f"{d}.{m}-loc-scale")
      for d in ("weibull_min", "weibull_max") for m in ("mean", "var", "std", "entropy")],
    case(_f("weibull_min", "var"), _f("weibull_min", "var"), np.array([1e3, 1e6]), id="weibull_min.var-large-c"),
    case(_f("weibull_max", "median"), _f("weibull_max", "median"), np.array([[0.7], [2.5]]), LOC, SCALE[0],
         id="weibull_max.median"),
    case(_f("weibull_max", "interval"), lambda p, c: _f("weibull_max", "interval")(p, c, 0.3, 1.2),
         np.array([0.2, 0.9, 0.99]), np.array([[0.7], [2.5]]), id="weibull_max.interval"),
]
CASES = CASES + MOMENT_CASES

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-40.0, -3.0, -1.3, -0.4, -1e-3, 0.0, 1.0])
QS = np.array([0.0, 1e-300, 0.1, 0.5, 0.9, 1.0])
VALUE_CHECKS = [
    *[(f"weibull_max.{f}", (POINTS, C, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"weibull_max.{f}", (QS, C, -0.1, 1.3)) for f in ("ppf", "isf")],
    ("weibull_max.median", (C, -0.1, 1.3)),
    ("weibull_max.interval", (0.8, C, -0.1, 1.3)),
    # (SciPy's variance loses digits as c grows: compared with it up to c = 10, with mpmath beyond)
    *[(f"{d}.{m}", (np.array([0.3, 0.6, 1.0, 2.0, 5.0, 9.9, 10.0, 10.1]), LOC[:, None], SCALE[0]))
      for d in ("weibull_min", "weibull_max") for m in ("mean", "var", "std", "entropy")],
]


@pytest.mark.parametrize("name, args", VALUE_CHECKS, ids=[n for n, _ in VALUE_CHECKS])
def test_stats_values_are_scipys(name, args):
    distribution, function = name.split(".")
    with np.errstate(divide="ignore"):
        want = getattr(getattr(ST, distribution), function)(*args)
    got = _f(distribution, function)(*args)
    if function == "interval":
        got, want = np.array(got), np.array(want)
    # (the variance: SciPy's direct form loses up to 4e-14 relative at c = 10)
    rtol = 1e-13 if function in ("var", "std") else 1e-12
    assert_log_tail_close(got, want, rtol=rtol, atol=1e-15 if function.startswith("log") else 1e-300)


#: gamma(1 + 2/c) - gamma(1 + 1/c)^2 and its first two derivatives in c, by mpmath at 50 digits
#: (mp.diff; see test_the_variance_table_is_mpmaths): SciPy's var is 3e-10 off at c = 1e3,
#: 2e-4 at c = 1e6 and 2.3 (relative) at c = 1e8; the direct difference in NumPy as much
WEIBULL_VARIANCE = [
    (0.05, 8.15915283241972e+47, -2.4159756582087464e+51, 7.263385318484167e+54),
    (10.0, 0.01310045507346831, -0.002362795196130039, 0.0006442531788889184),
    (30.0, 0.0016817805002180167, -0.00010767124815759916, 1.0348193666610963e-05),
    (1e3, 1.640642681484991e-06, -3.277005643055633e-09, 9.818201047603398e-12),
    (1e6, 1.6449297637827162e-12, -3.2898552245116403e-18, 9.869552764396982e-24),
    (1e8, 1.6449340238174553e-16, -3.2898680046041407e-24, 9.869603884720115e-32),
]


@pytest.mark.parametrize("c, value, first, second", WEIBULL_VARIANCE)
@pytest.mark.parametrize("name", ["weibull_min", "weibull_max"])
def test_the_variance_does_not_cancel(name, c, value, first, second):
    var = _f(name, "var")
    assert float(var(c)) == pytest.approx(value, rel=4e-15, abs=0.0)
    assert float(wg.grad(var)(c)) == pytest.approx(first, rel=4e-15, abs=0.0)
    assert float(wg.grad(wg.grad(var))(c)) == pytest.approx(second, rel=1e-14, abs=0.0)
    # forward over reverse, the same
    assert float(wg.jvp(wg.grad(var), (c,), (1.0,))[1]) == pytest.approx(second, rel=1e-14, abs=0.0)


def test_the_variance_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        def v(c):
            return mp.gamma(1 + 2 / c) - mp.gamma(1 + 1 / c) ** 2
        for c, value, first, second in WEIBULL_VARIANCE:
            c = mp.mpf(c)
            assert (float(v(c)), float(mp.diff(v, c)), float(mp.diff(v, c, 2))) == (value, first, second)


# -- weibull_max is weibull_min mirrored --------------------------------------------------------

MIRROR = {"logpdf": "logpdf", "pdf": "pdf", "cdf": "sf", "logcdf": "logsf", "sf": "cdf", "logsf": "logcdf"}


@pytest.mark.parametrize("method", sorted(MIRROR))
def test_the_mirror_of_weibull_min(method):
    x, c, loc, scale = rand((4,), -3.0, 0.0, seed=3), np.array([0.7, 1.0, 1.9, 3.0]), 0.25, 1.4
    ours = _f("weibull_max", method)
    theirs = _f("weibull_min", MIRROR[method])
    np.testing.assert_allclose(ours(x, c, loc, scale), theirs(-x, c, -loc, scale), rtol=1e-15)
    for argnum in range(4):
        args = (x, c, loc, scale)
        g_max = wg.grad(lambda *a: np.sum(ours(*a)), argnum)(*args)
        g_min = wg.grad(lambda *a: np.sum(theirs(-a[0], a[1], -a[2], a[3])), argnum)(*args)
        np.testing.assert_allclose(g_max, g_min, rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(stats.weibull_max.ppf(Q, c[:3], loc, scale),
                               -stats.weibull_min.isf(Q, c[:3], -loc, scale), rtol=1e-15)


def _d(f, x, order=1):
    for _ in range(order):
        f = (lambda g: lambda y: wg.grad_bp(g, y))(f)
    return float(f(x))


def test_the_end_of_the_support():
    # the one-sided derivatives at z = 0 from inside (z < 0): the density there is c w^(c-1) (0, 1, inf)
    assert [_d(lambda x: stats.weibull_max.cdf(x, c), 0.0) for c in (2.0, 1.0)] == [0.0, 1.0]
    assert [_d(lambda x: stats.weibull_max.sf(x, c), 0.0) for c in (2.0, 1.0)] == [0.0, -1.0]
    # c = 1: the density e^x (x <= 0), its derivatives all 1 at 0; c = 2: -2x e^(-x^2), -2 then 0
    assert _d(lambda x: stats.weibull_max.pdf(x, 1.0), 0.0) == 1.0
    assert _d(lambda x: stats.weibull_max.logpdf(x, 1.0), 0.0) == 1.0
    assert _d(lambda x: stats.weibull_max.pdf(x, 2.0), 0.0) == -2.0
    assert _d(lambda x: stats.weibull_max.pdf(x, 2.0), 0.0, 2) == 0.0
    # beyond it: constants
    assert _d(lambda x: stats.weibull_max.cdf(x, 2.0), 1.0) == 0.0
    assert _d(lambda c: stats.weibull_max.sf(1.0, c), 2.0) == 0.0
    # in c at the end: the cdf exp(-w^c) is 1 for every c (w = 0), its derivative 0
    assert _d(lambda c: stats.weibull_max.cdf(0.0, c), 1.5) == 0.0


def test_third_order():
    check_grads(lambda x, c, loc, scale: stats.weibull_max.logcdf(x, c, loc, scale),
                np.array([-2.0, -0.3]), np.array([0.8, 2.2]), 0.1, 1.3, order=3, modes=("rev", "fwd"))
    check_grads(lambda c: stats.weibull_min.var(c), np.array([3.0, 9.95, 10.05, 50.0]), order=3,
                modes=("rev", "fwd"))


def test_refusals():
    with pytest.raises(ValueError, match="weibull_max.logpdf: c must be positive"):
        stats.weibull_max.logpdf(-1.0, 0.0)
    with pytest.raises(ValueError, match="weibull_max.ppf: c must be positive"):
        stats.weibull_max.ppf(0.5, -1.0)
    with pytest.raises(ValueError, match="weibull_max.var: the shape parameters must be positive"):
        stats.weibull_max.var(0.0)
    with pytest.raises(ValueError, match="weibull_max.cdf: scale must be positive"):
        stats.weibull_max.cdf(-1.0, 2.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="weibull_max.isf: q must be a probability"):
        stats.weibull_max.isf(1.5, 2.0)
    # the density jumps in c at the end of the support where c = 1 (0 ** 0)
    for f in ("pdf", "logpdf"):
        with pytest.raises(wg.NoGradientRule, match=f"weibull_max.{f} has no derivative in c"):
            wg.grad(lambda c, _f=_f("weibull_max", f): _f(0.0, c))(1.0)


#: weibull_min.logcdf in c where u = z^c is between 1e-3 and 1/2: (z, c, value, first and second
#: derivatives in c), mpmath at 1200 digits (tests/opcheck.mp_derivatives). Through log(-expm1(-z^c))
#: the second derivative is a difference of terms (log z)^2: it was 1.7e-13 relative off at z = 0.05
LOGCDF_IN_C = [
    (0.05, 2.0, -5.992714286691329, -2.991989168489112, -0.01120866647478168),
    (0.3, 0.5, -0.8633787829380397, -0.9042011630315275, -0.3252153183145799),
    (0.5, 1.5, -1.211294547411032, -0.577820198129846, -0.07496497883187048),
]


@pytest.mark.parametrize("z, c, value, first, second", LOGCDF_IN_C)
def test_logcdf_in_c_against_mpmath(z, c, value, first, second):
    def f(c):
        return stats.weibull_min.logcdf(z, c)
    assert float(f(c)) == pytest.approx(value, rel=4e-16, abs=0.0)
    assert float(wg.grad(f)(c)) == pytest.approx(first, rel=4e-16, abs=0.0)
    assert float(wg.grad(wg.grad(f))(c)) == pytest.approx(second, rel=4e-15, abs=0.0)
    assert float(wg.jvp(wg.grad(f), (c,), (1.0,))[1]) == pytest.approx(second, rel=4e-15, abs=0.0)


def test_the_logcdf_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    from opcheck import mp_derivatives
    with mp.workdps(1200):
        for z, c, *want in LOGCDF_IN_C:
            got = mp_derivatives(mp, lambda t, _z=z: mp.log(-mp.expm1(-mp.mpf(_z) ** t)), c)
            assert got == pytest.approx(tuple(want), rel=1e-15, abs=0.0)


def test_float32_log_tails_stay_float32():
    # log k + c log z + h(u) up to u = 1/2: np.log(1.0) (a float64 scalar) made these float64
    f = np.float32
    for got, want in ((stats.weibull_min.logcdf(f(0.05), f(2.0)), ST.weibull_min.logcdf(0.05, 2.0)),
                      (stats.weibull_max.logsf(f(-0.05), f(2.0)), ST.weibull_max.logsf(-0.05, 2.0)),
                      (stats.rayleigh.logcdf(f(0.05)), ST.rayleigh.logcdf(0.05)),
                      (stats.halflogistic.logcdf(f(0.05)), ST.halflogistic.logcdf(0.05)),
                      (stats.fisk.logcdf(f(0.05), f(2.0)), ST.fisk.logcdf(0.05, 2.0))):
        assert np.asarray(got).dtype == np.float32
        assert float(got) == pytest.approx(want, rel=2e-7, abs=0.0)
