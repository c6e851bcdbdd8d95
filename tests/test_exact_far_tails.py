"""Second derivatives of log tails far out, where the log of a tiny probability is an
ordinary number: against mpmath (80 digits) or the asymptotic expansion, on every path
(reverse over reverse, forward over reverse, forward over forward, arrays).

- ``scipy.special.log_ndtr`` (``norm.logcdf``, ``norm.logsf``): its derivative below x = -1
  was ``sqrt(2 / pi) / erfcx(-x / sqrt(2))``, whose own derivative divides by ``erfcx^2``,
  which underflows from x = -1e154 on: the second derivative was -inf (reverse, with an
  overflow warning) at -1e155, NaN (reverse) and -0.0 (forward, silently) from -1e200 on;
  the truth is -1 (``-1 + 2/x^2 - ...``). Below x = -20 the derivative is now ``-x / E(1/x^2)``,
  ``E(w) = 1 - w + 3 w^2 - 15 w^3 + ...`` (12 terms).
- ``t.logcdf`` and ``t.logsf`` far in the tail: the log of stdtr's value, whose derivatives
  go through the density, which underflows: t.logcdf' was 0 at x = -1e100 (df = 3; the truth
  3e-100), t.logcdf'' 0 there (3e-200), both NaN from -1e150 on (the value -inf where the truth
  is -1036.07); where df / x^2 < 1e-3 the log tail is now ``log(I_x(df/2, 1/2) / 2)`` from its
  series in ``df / x^2``.
- lower log tails near x = 0, ``gamma.logcdf`` (``chi2.logcdf``), ``weibull_min.logcdf``,
  ``rayleigh.logcdf``: through ``log(gammainc)`` and ``log1mexp(-x^c)`` the second derivative
  was two terms of order 1/x^2 that overflowed apart: NaN below x = 1.5e-154 (the truth
  ``-a / x^2`` or ``-c / x^2``: -inf), -inf with an overflow warning at weibull_min c = 3,
  x = 1e-100 (the truth -3e200), digits lost in gamma's (3e-14 at 1e-100, 1e-14 at 2e-3). Now
  ``a log x - x - gammaln(a + 1) + log S(x)`` (gamma's series, below x = 1) and
  ``log k + c log x + h(k x^c)`` (below k x^c = 1e-3), ``c log x`` one primitive.
- ``invgamma.logsf`` far in the upper tail: ``log(gammainc(a, 1/x))``, whose value underflows
  from x ~ 1e155 on (-inf at 1e300, the truth -1382.24) and whose derivatives went through
  it: NaN at 1e300 (the truth -2e-300), forward over forward 0 at 1e100 (the truth 2e-200),
  the first derivative 1.1e-14 off at 1e100; now gamma's series at ``1 / x`` with ``-a log x``.
- ``weibull_min.logsf`` (``-x**c``) raised OverflowError at x = 1e155 for a Python float
  (SciPy: -inf with NumPy's overflow warning); ``np.power`` now.
"""
import math
import warnings

import numpy as np
import pytest
import scipy.special as sc

from test_exact_support_ends_forward import assert_close, paths1, paths2
import wengert as wg
from wengert.scipy import stats

#: (x, log_ndtr'(x), log_ndtr''(x)): r = phi / Phi and -r (x + r) in mpmath at 80 digits;
#: from -1e10 on -1 + 2/x^2 rounds to -1
LOG_NDTR = [
    (-20.5, 20.548551052435847, -0.9976537796275292),
    (-40.0, 40.02496884720726, -0.9993773316214086),
    (-1e3, 1000.000999998, -0.999999000006),
    (-1e5, 100000.00001, -0.9999999999),
    (-1e10, 1e10, -1.0),
    (-1e155, 1e155, -1.0),  # was -inf (reverse)
    (-1e200, 1e200, -1.0),  # was NaN (reverse), -0.0 (forward)
    (-1.7e308, 1.7e308, -1.0),
]


@pytest.mark.parametrize("x, first, second", LOG_NDTR, ids=[repr(c[0]) for c in LOG_NDTR])
def test_log_ndtr_far_left(x, first, second):
    assert_close(paths1(sc.log_ndtr, x), first, 4e-16)
    assert_close(paths2(sc.log_ndtr, x), second, 4e-16)
    assert_close(paths2(stats.norm.logcdf, x), second, 4e-16)
    assert_close(paths2(stats.norm.logsf, -x), second, 4e-16)
    if x > -1e300:
        assert_close(paths2(lambda t: stats.norm.logcdf(t, 3.0, 2.0), 3.0 + 2.0 * x), second / 4.0, 4e-16)


def test_the_log_ndtr_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(80):
        for x, first, second in LOG_NDTR:
            if x < -1e6:
                continue  # (the table's -1: the expansion; 80 digits cannot resolve x + r there)
            X = mp.mpf(x)
            r = mp.npdf(X) / (mp.erfc(-X / mp.sqrt(2)) / 2)
            assert float(r) == first and float(-r * (X + r)) == second


#: (df, x, t.logcdf, its first and second derivative): log(I_x(df/2, 1/2) / 2) at
#: x = df / (df + z^2), the density over the cdf, and its derivative, in mpmath at 60 digits
T_TAIL = [
    (3.0, -100.0, -13.71814706801528, 0.02999280203597791, 0.00029978410178702877),
    (3.0, -10000.0, -27.533297712883947, 0.0002999999928000002, 2.99999978400001e-08),
    (3.0, -1e+100, -690.6778044591691, 3e-100, 3e-200),  # the derivatives were 0
    (3.0, -1e+150, -1036.065568408276, 3e-150, 3e-300),  # the value -inf, derivatives NaN
    (1.0, -1e+300, -691.9202577840631, 1e-300, 0.0),
    (30.0, -1e+100, -6859.365187273414, 3e-99, 3e-199),
    (1000000.0, -10000000000.0, -16118103.477652388, 9.9999999999999e-05, 9.9999999999997e-15),
    (0.5, -1000.0, -4.591123845262576, 0.0004999998500000617, 4.999995500003084e-07),
]


@pytest.mark.parametrize("df, x, value, first, second", T_TAIL, ids=[f"{c[0]!r}-{c[1]!r}" for c in T_TAIL])
def test_t_log_tails_far_out(df, x, value, first, second):
    for f, at, sign in ((stats.t.logcdf, x, 1.0), (stats.t.logsf, -x, -1.0)):
        assert float(f(at, df)) == pytest.approx(value, rel=4e-16, abs=0.0)
        assert_close(paths1(lambda z: f(z, df), at), sign * first, 4e-16)
        assert_close(paths2(lambda z: f(z, df), at), second, 1e-15)


def test_t_log_tails_far_out_in_df():
    # d/d(df) of log(I_x(df/2, 1/2) / 2), x = df / (df + z^2): mpmath's diff at 40 digits
    for df, x, want in ((3.0, -100.0, -3.696308139923481), (3.0, -1e4, -8.301220406215515),
                        (30.0, -1e4, -7.026131019033118)):
        for got in (wg.grad(lambda d: stats.t.logcdf(x, d))(df), wg.grad(lambda d: stats.t.logsf(-x, d))(df)):
            assert got == pytest.approx(want, rel=1e-15, abs=0.0)


def test_the_t_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        for df, x, value, first, second in T_TAIL:
            n, z = mp.mpf(df), mp.mpf(x)
            cdf = mp.betainc(n / 2, mp.mpf(1) / 2, 0, n / (n + z * z), regularized=True) / 2
            pdf = mp.gamma((n + 1) / 2) / (mp.sqrt(n * mp.pi) * mp.gamma(n / 2)) * (1 + z * z / n) ** (-(n + 1) / 2)
            r = pdf / cdf
            assert (float(mp.log(cdf)), float(r), float(-(n + 1) * z / (n + z * z) * r - r * r)) == (value, first, second)


#: (distribution, shape, x, d2/dx2 logcdf): mpmath at 60 digits of F'' / F - (F' / F)^2
LOWER = [
    ("gamma", 2.0, 1e-10, -2e+20),
    ("gamma", 2.0, 1e-100, -2e+200),  # was -2.0000000000000666e+200
    ("gamma", 2.0, 1e-160, -np.inf),  # was NaN
    ("gamma", 2.0, 1e-300, -np.inf),
    ("gamma", 0.5, 1e-100, -5e+199),
    ("gamma", 0.5, 1e-300, -np.inf),
    ("gamma", 3.5, 0.002, -874999.9685638907),  # was -874999.9685638822
    ("gamma", 0.01, 0.99, -0.007580037950876788),
    ("gamma", 50.0, 0.99, -51.014819230087376),
    ("weibull_min", 2.0, 1e-100, -2e+200),
    ("weibull_min", 2.0, 1e-155, -np.inf),  # was NaN
    ("weibull_min", 2.0, 1e-300, -np.inf),
    ("weibull_min", 0.5, 1e-100, -5e+199),
    ("weibull_min", 0.5, 1e-300, -np.inf),
    ("weibull_min", 3.0, 1e-100, -3e+200),  # was -inf (with an overflow warning)
    ("weibull_min", 3.0, 1e-300, -np.inf),
    ("weibull_min", 1.0, 1e-05, -9999999999.916664),
    ("weibull_min", 1.5, 0.01, -15003.747500000103),
    ("rayleigh", None, 1e-10, -2e+20),
    ("rayleigh", None, 1e-100, -2e+200),
    ("rayleigh", None, 1e-155, -np.inf),  # was NaN
    ("rayleigh", None, 1e-300, -np.inf),
    ("rayleigh", None, 0.01, -20000.4999875),
]


@pytest.mark.parametrize("name, shape, x, second", LOWER, ids=[f"{c[0]}-{c[1]!r}-{c[2]!r}" for c in LOWER])
def test_lower_log_tails_near_zero(name, shape, x, second):
    dist = getattr(stats, name)
    f = (lambda t: dist.logcdf(t)) if shape is None else (lambda t: dist.logcdf(t, shape))
    assert_close(paths2(f, x), second, 4e-16)
    if name == "gamma":  # chi2 is gamma with a = df / 2, scale 2
        assert_close(paths2(lambda t: stats.chi2.logcdf(t, 2.0 * shape), 2.0 * x), second / 4.0, 4e-16)


def test_lower_log_tails_in_their_shapes_near_zero():
    # d/dc (c log x + h(x^c)) = log x (1 + h'(u) u); d2/(dx dc) = 1/x at x = 1e-300 (h below rounding);
    # d2/dc2 is h's alone, -u log(x)^2 / 2 to rounding (it was 0): -2.386e-145 at x = 1e-300, c = 0.5,
    # and -7.5885e-15 at x = 9.9e-18, c = 1 (mpmath: -7.588547e-15)
    x = 1e-300
    assert wg.grad(lambda c: stats.weibull_min.logcdf(x, c))(0.5) == pytest.approx(math.log(x), rel=1e-15, abs=0.0)
    for second in (wg.grad(wg.grad(lambda c: stats.weibull_min.logcdf(x, c))),
                   wg.jacfwd(wg.grad(lambda c: stats.weibull_min.logcdf(x, c)))):
        assert second(0.5) == pytest.approx(-0.5e-150 * math.log(x) ** 2, rel=1e-14, abs=0.0)
    assert wg.grad(wg.grad(lambda c: stats.weibull_min.logcdf(9.9e-18, c)))(1.0) == pytest.approx(
        -0.5 * 9.9e-18 * math.log(9.9e-18) ** 2, rel=1e-15, abs=0.0)
    assert wg.grad(lambda t: wg.grad(lambda c: stats.weibull_min.logcdf(t, c))(0.5))(x) == pytest.approx(
        1e300, rel=1e-15, abs=0.0)
    # gamma.logcdf in a, against mpmath (60 digits): d/da and d2/da2 of log P(a, x) at x = 5e-4, a = 3.5
    f = lambda a: stats.gamma.logcdf(5e-4, a)  # noqa: E731
    assert wg.grad(f)(3.5) == pytest.approx(-8.989798078597403, rel=1e-15, abs=0.0)
    assert wg.grad(wg.grad(f))(3.5) == pytest.approx(-0.24871412844938365, rel=1e-14, abs=0.0)


def test_weibull_log_tails_overflow_quietly():
    # -inf, the rounding of -1e310, without a warning (it warned of the overflow; dweibull's was quiet)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert stats.weibull_min.logsf(1e155, 2.0) == -np.inf  # (an OverflowError from the float's **)
        assert stats.weibull_min.logpdf(1e155, 2.0) == -np.inf
        assert stats.weibull_max.logcdf(-1e155, 2.0) == -np.inf
        assert stats.weibull_max.logpdf(-1e155, 2.0) == -np.inf
        assert stats.dweibull.logsf(1e155, 2.0) == -np.inf
    assert wg.grad(wg.grad(lambda t: stats.weibull_min.logsf(t, 3.0)))(1e100) == pytest.approx(-6e100, rel=1e-15,
                                                                                               abs=0.0)


def test_the_lower_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")

    def double(v):
        return float(v) if abs(v) < mp.mpf("1.7976931348623157e308") else math.copysign(math.inf, v)
    with mp.workdps(60):
        for name, shape, x, second in LOWER:
            t = mp.mpf(x)
            if name == "gamma":
                a = mp.mpf(shape)
                cdf = mp.gammainc(a, 0, t, regularized=True)
                pdf = t ** (a - 1) * mp.exp(-t) / mp.gamma(a)
                dpdf = ((a - 1) / t - 1) * pdf
            else:
                c, k = (mp.mpf(2), mp.mpf(0.5)) if shape is None else (mp.mpf(shape), 1)
                cdf = -mp.expm1(-k * t ** c)
                pdf = k * c * t ** (c - 1) * mp.exp(-k * t ** c)
                dpdf = ((c - 1) / t - k * c * t ** (c - 1)) * pdf
            assert double(dpdf / cdf - (pdf / cdf) ** 2) == second, (name, shape, x)


#: (x, a, invgamma.logsf, its first and second derivative in x): mpmath at 60 digits of
#: log P(a, 1/x) and its derivatives
INVGAMMA_LOGSF = [
    (1000.0, 2.0, -14.509324377411874, -0.0019993333888925924, 1.9986668333481465e-06),
    (10000000000.0, 2.0, -46.744849040507525, -1.9999999999333335e-10, 1.9999999998666666e-20),
    (1e+100, 2.0, -461.2101657793691, -2e-100, 2e-200),  # forward over forward was 0
    (1e+300, 2.0, -1382.2442029769873, -2e-300, 0.0),  # the value -inf, derivatives NaN
    (3.0, 0.5, -0.5348044623179838, -0.13281312062379522, 0.03401022189942292),
]


@pytest.mark.parametrize("x, a, value, first, second", INVGAMMA_LOGSF, ids=[repr(c[0]) for c in INVGAMMA_LOGSF])
def test_invgamma_logsf_far_upper_tail(x, a, value, first, second):
    assert float(stats.invgamma.logsf(x, a)) == pytest.approx(value, rel=4e-16, abs=0.0)
    assert_close(paths1(lambda t: stats.invgamma.logsf(t, a), x), first, 4e-16)
    assert_close(paths2(lambda t: stats.invgamma.logsf(t, a), x), second, 1e-15)


def test_the_invgamma_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        for x, a, value, first, second in INVGAMMA_LOGSF:
            t, a = mp.mpf(x), mp.mpf(a)
            u = 1 / t
            cdf = mp.gammainc(a, 0, u, regularized=True)
            pdf = u ** (a - 1) * mp.exp(-u) / mp.gamma(a)
            d1 = -pdf / t ** 2
            d2 = ((a - 1) / u - 1) * pdf / t ** 4 + 2 * pdf / t ** 3
            assert (float(mp.log(cdf)), float(d1 / cdf), float(d2 / cdf - (d1 / cdf) ** 2)) == (value, first, second)


def test_log_tails_with_a_shape_per_element():
    # one element near 1 and one far in its tail, each with its own shape: a single stand-in z
    # for the other form was far in the other element's tail (log1p(-1): NaN with a warning)
    x, a = np.array([3.0, 1e-5]), np.array([0.01, 40.0])
    for logcdf in (stats.gamma.logcdf, lambda x, a: stats.invgamma.logsf(1.0 / x, a)):
        got = wg.grad(lambda a: np.sum(logcdf(x, a)))(a)
        # d/da log P(a, x), by central differences of SciPy's own log cdf at each element
        h = 1e-6 * a
        want = (np.log(sc.gammainc(a + h, x)) - np.log(sc.gammainc(a - h, x))) / (2 * h)
        np.testing.assert_allclose(got, want, rtol=1e-6)  # (the differences' own error: 3e-7 at a = 0.01)
        assert np.isfinite(got).all()
    # a (3, 1) x against a (3,) shape
    got = wg.grad(lambda a: np.sum(stats.gamma.logcdf(np.array([[3.0], [1e-5], [50.0]]), a)))(np.array([0.01, 40.0, 2.0]))
    assert np.isfinite(got).all()


def test_log_tails_with_one_shape_are_those_with_the_shape_per_element():
    # one shape for every element skips the per-element check of the stand-in points: the same
    # values and derivatives, bit for bit, as the same shape repeated per element
    x = np.array([0.5, 1.0, 2.0, 5.0, 9.0])
    for logcdf in (stats.gamma.logcdf, stats.gamma.logsf, stats.t.logcdf, stats.invgamma.logcdf):
        one = wg.value_and_grad(lambda x, a: np.sum(logcdf(x, a)), argnums=(0, 1))(x, 3.0)
        each = wg.value_and_grad(lambda x, a: np.sum(logcdf(x, a)), argnums=(0, 1))(x, np.full(5, 3.0))
        assert one[0] == each[0]
        np.testing.assert_array_equal(one[1][0], each[1][0])
        assert one[1][1] == pytest.approx(np.sum(each[1][1]), rel=1e-15, abs=0.0)  # (summed in another order)

def test_t_far_tail_at_small_df():
    # log(0.5 / a) - betaln(a, 1/2) cancelled in d/d(df) as df -> 0: 6.8e-8 off at df = 1e-10;
    # now -log(2a + 1) - betaln(a + 1, 1/2). The truth from mpmath's betainc (40 digits)
    assert wg.grad(lambda d: stats.t.logcdf(-1.0, d))(1e-10) == pytest.approx(-11.706072645497928, rel=1e-14, abs=0.0)
    assert wg.grad(lambda d: stats.t.logsf(1.0, d))(1e-10) == pytest.approx(-11.706072645497928, rel=1e-14, abs=0.0)


def test_invgamma_logpdf_far_out():
    # the numerator (a + 1) x - n of its x-derivatives overflowed where (a + 1) x > 1.8e308:
    # -inf at 1e308 (the truth -3e-308), and +inf for the second derivative (the truth 1.2e-615: 0)
    f = lambda y: stats.invgamma.logpdf(y, 2.0)  # noqa: E731
    assert wg.grad(f)(1e308) == pytest.approx(-3e-308, rel=1e-15, abs=0.0)
    assert wg.grad(wg.grad(f))(1e308) == 0.0
    assert wg.jacfwd(wg.grad(f))(1e308) == 0.0
    assert wg.grad(lambda y: stats.invgamma.logpdf(y, 1e10))(1e300) == pytest.approx(-1.0000000001e-290, rel=1e-15,
                                                                                     abs=0.0)
