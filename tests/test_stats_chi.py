"""``scipy.stats``' ``chi`` (a gamma distribution in ``x^2 / 2``): its density, tails, quantiles, moments,
entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's (bit for bit where
the formula is SciPy's), and against mpmath where SciPy's are off (its log tails far out, its ppf at tiny q,
its mean and variance for a large df); values and first and second derivatives near 0 (where the cdf is
``(z^2 / 2)^(df / 2)`` times a series), far out and at tiny q against mpmath; the one-sided derivatives at
z = 0, the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, gradient_test, infinite_ends_check, mp_point_check, nth_grad,  # noqa: E402
                     one_shape_common_cases, stats_values_test, tiny_isf_check)
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
C = stats.chi
#: near 0 (0.03); both sides of the series' end, w = z^2 / 2 = max(1, (df / 2 + 1) / 4), for the df below
#: (df = 0.6: z = 1.41; df = 5: z = 1.41; df = 24: z = 2.65); far (gammaincc's continued fraction)
Z = np.array([0.03, 0.7, 1.38, 1.45, 2.6, 2.7, 5.0])
DF = np.array([[0.6], [5.0], [24.0]])


def _f(method):
    return getattr(C, method)


CASES = [
    # in x, df, loc and scale, broadcast against each other
    *[case(_f(f), _f(f), Z, DF, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"chi.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([1e-3, 0.2, 0.5, 0.9, 0.999]), DF, 0.1, 1.3, id=f"chi.{f}")
      for f in ("ppf", "isf")],
    # ppf's leading term (where w = gammaincinv(df / 2, q) < 1e-20: q < 0.096 at df = 0.1) and beyond
    case(_f("ppf"), _f("ppf"), np.array([0.01, 0.09, 0.1, 0.2]), 0.1, id="chi.ppf-small"),
    # below the support: constants
    *[case(_f(f), _f(f), np.array([-0.5]), 1.7, id=f"chi.{f}-below") for f in ("pdf", "cdf", "sf", "logsf")],
    # the moments on both sides of df = 20 (the mean's and the variance's series from there)
    *[case(_f(m), _f(m), np.array([0.4, 6.0, 19.8, 20.2, 80.0]), np.array([[0.0], [1.0]]), np.array([[0.6], [2.0]]),
           id=f"chi.{m}") for m in ("mean", "var", "std", "entropy")],
    # each tail and quantile on a size-1 and a size-0 array, the median and the interval
    *one_shape_common_cases(C, "chi"),
]

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.6, 1.3, 3.0, 8.0, 30.0])
QS = np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0])
SHAPES = np.array([[0.3], [1.0], [2.0], [4.5], [30.0]])
VALUE_CHECKS = [
    *[(f"chi.{f}", (POINTS, SHAPES, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"chi.{f}", (QS, SHAPES, -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"chi.{m}", (np.array([0.02, 1.0, 2.0, 7.0, 19.0, 30.0, 200.0]), 0.3, 2.0))
      for m in ("mean", "var", "std", "entropy")],
    ("chi.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("chi.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]
# (SciPy's variance df - m^2 cancels as df grows: 3e-13 off at df = 30, 3e-11 at 200, see test_where_scipy_is_off;
# the mean's gammaln difference 5e-14 at df = 200; the cdf's series near 0 and the sf's log1p, a few ulps)

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    "chi.var": 1e-10, "chi.std": 1e-10, "chi.mean": 1e-13, "chi.ppf": 1e-14, "chi.isf": 1e-14, "chi.median": 1e-14,
    "chi.interval": 1e-14})


@pytest.mark.parametrize("method", ("logpdf", "pdf", "cdf", "sf"))
def test_bit_for_bit(method):
    # the log density (SciPy's terms in SciPy's order), the density (exp of it over scale) and the tails (gammainc
    # and gammaincc of z^2 / 2) are SciPy's values to the bit, the tails outside the series near 0 (where P < 1/2
    # and w < max(1, (df / 2 + 1) / 4): there within a few ulps, checked above)
    import scipy.special as sc
    x = np.array([0.2, 0.7, 1.3, 2.0, 3.5, 6.0, 12.0])
    for df in (0.4, 1.0, 2.0, 4.5, 30.0):
        z = (x - 0.1) / 1.3
        w = 0.5 * z * z
        series = (w < np.maximum(1.0, 0.25 * (0.5 * df + 1.0))) & (sc.gammainc(0.5 * df, w) < 0.5)
        keep = ~series if method in ("cdf", "sf") else np.ones(len(x), dtype=bool)
        assert np.sum(keep) >= 2
        np.testing.assert_array_equal(_f(method)(x, df, 0.1, 1.3)[keep], getattr(ST.chi, method)(x, df, 0.1, 1.3)[keep])


def _mp_chi(mp):
    def P(df, w):
        return mp.gammainc(df / 2, 0, w, regularized=True)

    def Q(df, w):
        return mp.gammainc(df / 2, w, mp.inf, regularized=True)

    def log_pdf(z, df):
        return (1 - df / 2) * mp.log(2) - mp.loggamma(df / 2) + (df - 1) * mp.log(z) - z * z / 2

    def mean(df):
        return mp.sqrt(2) * mp.gamma((df + 1) / 2) / mp.gamma(df / 2)
    return {"logpdf": log_pdf, "pdf": lambda z, df: mp.exp(log_pdf(z, df)),
            "cdf": lambda z, df: P(df, z * z / 2), "sf": lambda z, df: Q(df, z * z / 2),
            "logcdf": lambda z, df: mp.log(P(df, z * z / 2)), "logsf": lambda z, df: mp.log(Q(df, z * z / 2)),
            "mean": mean, "var": lambda df: df - mean(df) ** 2,
            "std": lambda df: mp.sqrt(df - mean(df) ** 2),
            "entropy": lambda df: mp.loggamma(df / 2) + (df - mp.log(2) - (df - 1) * mp.digamma(df / 2)) / 2}


#: where SciPy's value is off: (function, arguments, SciPy's value), the truth mpmath's at 60 digits
BEYOND_SCIPY = [
    ("logsf", (40.0, 4.0), -np.inf),                 # gammaincc underflows
    ("logcdf", (1e-200, 0.7), -np.inf),              # gammainc underflows (w = z^2 / 2 does)
    ("var", (200.0,), 0.4993734424585057),           # df - m^2: 4e-11 off
    ("var", (1e8,), 0.4999999850988388),             # 3e-8 off
    ("mean", (30.0,), 5.431780054084569),            # the gammaln difference: 2 ulps off
    ("mean", (200.0,), 14.12446907170466),           # 5e-14 off
]


@pytest.mark.parametrize("name, args, scipys", BEYOND_SCIPY, ids=[f"{n}-{a}" for n, a, _ in BEYOND_SCIPY])
def test_where_scipy_is_off(name, args, scipys):
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        truth = float(_mp_chi(mp)[name](*map(mp.mpf, args)))
    assert float(_f(name)(*args)) == pytest.approx(truth, rel=2e-16, abs=0.0)
    with np.errstate(divide="ignore"):  # (SciPy's own warnings)
        scipy_value = float(getattr(ST.chi, name)(*args))
    assert scipy_value == scipys and scipy_value != truth


#: (function, (x, df), the argument differentiated (0: x, 1: df), relative tolerance): values and first and
#: second derivatives against mpmath's
MP_POINTS = [
    # df log z one primitive near 0 (through log(gammainc) w = z^2 / 2 underflows)
    ("logcdf", (1e-200, 0.7), 0, 1e-14), ("logcdf", (1e-200, 0.7), 1, 1e-13),
    ("logcdf", (1e-8, 5.0), 0, 1e-14),
    # 2^-nu z^(2 nu) below df = 4 (through (z^2 / 2)^nu the second derivative cancelled)
    ("cdf", (1e-8, 1.0), 0, 1e-14), ("sf", (1e-8, 1.0), 0, 1e-14), ("logsf", (1e-8, 1.0), 0, 1e-14),
    ("cdf", (0.05, 0.6), 1, 1e-13),
    # the density at and near 0: powers
    ("pdf", (1e-5, 3.0), 0, 1e-14), ("pdf", (1e-5, 0.5), 1, 1e-14), ("logpdf", (0.4, 0.5), 1, 1e-14),
    # far: gammaincc's continued fraction (SciPy's -inf)
    ("logsf", (40.0, 4.0), 0, 1e-14), ("logsf", (40.0, 4.0), 1, 1e-13),
    # the sf's both sides of the series' end at df = 24 (w = 6.5)
    ("sf", (3.5, 24.0), 0, 1e-13), ("sf", (3.7, 24.0), 1, 1e-13),
]


@pytest.mark.parametrize("method, args, i, rel", MP_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i, _ in MP_POINTS])
def test_against_mpmath(method, args, i, rel):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_chi(mp)[method](*a), rel)


@pytest.mark.parametrize("method, df", [(m, df) for m in ("mean", "var", "std", "entropy")
                                        for df in (0.02, 2.0, 19.99, 20.01, 300.0, 1e8)]
                         + [(m, df) for m in ("var", "std") for df in (2.99, 3.0, 7.3)])
def test_moments_against_mpmath(method, df):
    # (the mean's gammaln difference below df = 20, the log of nakagami's mean (its series) from there; the
    # variance -df expm1(2 L) below df = 3, -4 M exprel(4 M / df) from there (M = -1/8 + the series of its excess
    # from df = 20, below it that of nu + 10 and a positive series per step of the recurrence): through -df expm1(2 L)
    # on [5, 20) the derivatives in df, 1 - (m^2)', cancelled: var's and std's first and second derivatives 1e-13 to
    # 6e-13 off, now within 1e-15; SciPy's df - m^2 cancels)
    rel = 3e-14 if method in ("var", "std") and 3.0 <= df < 20.0 else 3e-13
    mp_point_check(_f(method), (df,), 0, lambda mp, d: _mp_chi(mp)[method](d), rel)


@pytest.mark.parametrize("method, q, df", [("ppf", 1e-300, 0.7), ("ppf", 1e-160, 0.3), ("ppf", 1e-10, 1.0),
                                           ("ppf", 0.3, 4.0), ("ppf", 1 - 1e-9, 2.0), ("isf", 1e-100, 5.0),
                                           ("isf", 1e-20, 0.6), ("isf", 0.7, 3.0), ("isf", 1e-200, 2.0)])
def test_quantiles_against_mpmath(method, q, df):
    # x and its q-derivatives 1/pdf(x) (isf: -1/pdf) and -(d/dx log pdf)(x) x'^2, (d/dx log pdf) = (df - 1)/x - x;
    # at q = 1e-300 SciPy's ppf underflows to 0 (gammaincinv's w does)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        m_df, m_q = mp.mpf(df), mp.mpf(q)
        nu = m_df / 2
        if method == "ppf" and q < 0.5:
            u = (m_q * mp.gamma(nu + 1)) ** (1 / nu)
            lw = mp.findroot(lambda lw: mp.log(mp.gammainc(nu, 0, mp.exp(lw), regularized=True)) - mp.log(m_q),
                             mp.log(u), tol=mp.mpf(10) ** -55)
        else:
            p = m_q if method == "isf" else 1 - m_q
            lw = mp.findroot(lambda lw: mp.log(mp.gammainc(nu, mp.exp(lw), mp.inf, regularized=True)) - mp.log(p),
                             mp.log(max(nu, -mp.log(p))), tol=mp.mpf(10) ** -55)
        x = mp.sqrt(2 * mp.exp(lw))
        sign = 1 if method == "ppf" else -1
        d = sign / mp.exp(_mp_chi(mp)["logpdf"](x, m_df))
        want = [float(x), float(d), float(-((m_df - 1) / x - x) * d * d)]

    def f(t):
        return _f(method)(t, df)
    with np.errstate(over="ignore"):
        got = [float(f(q)), float(wg.grad(f)(q)), nth_grad(f, q, 2), float(wg.jvp(wg.grad(f), (q,), (1.0,))[1])]
    assert got == pytest.approx(want + [want[2]], rel=1e-12, abs=1e-300)


def test_at_zero():
    # the density at z = 0: 0 for df > 1 (its slope 0 for df > 2), sqrt(2/pi) for df = 1 (the half-normal), inf
    # below; the cdf's slope there the density
    assert float(C.pdf(0.0, 3.0)) == 0.0 and nth_grad(lambda x: C.pdf(x, 3.0), 0.0) == 0.0
    assert float(C.pdf(0.0, 1.0)) == pytest.approx(np.sqrt(2.0 / np.pi), rel=1e-15, abs=0.0)
    assert nth_grad(lambda x: C.cdf(x, 1.0), 0.0) == pytest.approx(np.sqrt(2.0 / np.pi), rel=1e-15, abs=0.0)
    assert nth_grad(lambda x: C.cdf(x, 1.0), 0.0, 2) == 0.0
    assert nth_grad(lambda x: C.cdf(x, 2.0), 0.0, 2) == 1.0   # 1 - e^(-z^2 / 2)
    # the density's slopes at 0 (before: 0, the log density -inf there taken for the far tail's underflow)
    for df, first, second in ((2.0, 1.0, 0.0), (3.0, 0.0, 2.0 * np.sqrt(2.0 / np.pi)), (1.0, 0.0, -np.sqrt(2.0 / np.pi))):
        def pdf(x, df=df):
            return C.pdf(x, df)
        assert nth_grad(pdf, 0.0) == first
        for mode in (wg.grad(wg.grad(pdf)), wg.jacfwd(wg.grad(pdf)), wg.jacfwd(wg.jacfwd(pdf)), wg.hessian(pdf)):
            assert float(mode(0.0)) == pytest.approx(second, rel=1e-15, abs=1e-300), df
    assert float(C.pdf(0.0, 0.3)) == np.inf and float(C.logcdf(0.0, 2.0)) == -np.inf
    # in df: the cdf is 0 at z = 0 for every df (derivative 0); the density jumps in df at df = 1: refused
    assert nth_grad(lambda df: C.cdf(0.0, df), 0.7) == 0.0
    for f in (C.pdf, C.logpdf):
        with pytest.raises(NoGradientRule, match="df = 1 where x == loc"):
            wg.grad(lambda df, f=f: f(0.0, df))(1.0)
        assert np.isfinite(float(wg.grad(lambda df, f=f: f(0.0, df))(3.0))) or f is C.logpdf
    assert nth_grad(lambda x: C.logpdf(x, 1.0), 0.0) == 0.0  # (x's one-sided derivative there: -z)


def test_far_out():
    # where w = z^2 / 2 passes 1e150: the log sf -w + (df / 2 - 1) log w - gammaln(df / 2), the cdf, sf and log
    # cdf constants with derivatives 0
    for z in (1e76, 1e100, 1e200, 1e300):
        with np.errstate(over="ignore"):
            assert float(C.logsf(z, 4.0)) == pytest.approx(-0.5 * z * z, rel=1e-15, abs=0.0)
            assert float(wg.grad(lambda x: C.logsf(x, 4.0))(z)) == pytest.approx(-z, rel=1e-15, abs=0.0)
            # (d/d df: log(w) / 2 - digamma(df / 2) / 2, log w = 2 log z - log 2)
            assert float(wg.grad(lambda df: C.logsf(z, df))(4.0)) == pytest.approx(
                np.log(z) - 0.5 * np.log(2.0) - 0.5 * (1.0 - np.euler_gamma), rel=1e-14, abs=0.0)
        assert nth_grad(lambda x: C.logsf(x, 4.0), z, 2) == pytest.approx(-1.0, rel=1e-15, abs=0.0)
        assert float(wg.hessian(lambda x: C.logsf(x, 4.0))(z)) == pytest.approx(-1.0, rel=1e-15, abs=0.0)
        for f, value in ((C.cdf, 1.0), (C.sf, 0.0), (C.logcdf, 0.0), (C.pdf, 0.0)):
            assert float(f(z, 4.0)) == value
            for i in (0, 1):
                def g(t, f=f, i=i):
                    return f(*((t, 4.0) if i == 0 else (z, t)))
                t = (z, 4.0)[i]
                assert nth_grad(g, t) == 0.0 and nth_grad(g, t, 2) == 0.0, (f, z, i)
                assert float(wg.jvp(wg.grad(g), (t,), (1.0,))[1]) == 0.0 and float(wg.hessian(g)(t)) == 0.0
    # a large df: the sf far from underflowing where w is above 3000
    assert float(C.sf(100.0, 1e4)) == pytest.approx(float(ST.chi.sf(100.0, 1e4)), rel=1e-12, abs=0.0)


def test_isf_far_out():
    # (x rounded: the density amplifies its error by x^2)
    tiny_isf_check(C, "df", (0.6, 2.0, 9.0), 1e-13)


def test_quantiles_at_the_ends():
    for df in (0.5, 2.0, 7.0):
        assert float(C.ppf(0.0, df)) == 0.0 and float(C.ppf(1.0, df)) == np.inf
        assert float(C.isf(1.0, df)) == 0.0 and float(C.isf(0.0, df)) == np.inf
        assert float(C.ppf(0.0, df, 0.5, 2.0)) == 0.5


def test_float32_stays_float32():
    import scipy.special as sc
    f = np.float32
    for m in TAILS + ("ppf", "isf"):
        x = 0.3 if m in ("ppf", "isf") else 0.7
        for df in (f(2.0), f(0.8)):
            got = _f(m)(f(x), df)
            # (the quantiles: as SciPy's gammaincinv, float64 for float32 in some SciPy versions)
            want = np.asarray(sc.gammaincinv(df, f(x))).dtype if m in ("ppf", "isf") else np.float32
            assert np.asarray(got).dtype == want, m
            assert float(got) == pytest.approx(float(getattr(ST.chi, m)(x, float(df))), rel=2e-6, abs=1e-6)
    for m in ("mean", "var", "std", "entropy", "median"):
        assert np.asarray(_f(m)(f(3.0))).dtype == np.float32, m
        assert np.asarray(_f(m)(f(30.0), f(0.5), f(2.0))).dtype == np.float32, m


def test_refusals():
    for method, call in (("cdf", lambda: C.cdf(1.0, 0.0)), ("logpdf", lambda: C.logpdf(1.0, -1.0)),
                         ("pdf", lambda: C.pdf(1.0, df=np.array([1.0, -2.0]))), ("isf", lambda: C.isf(0.5, -1.0)),
                         ("ppf", lambda: C.ppf(0.5, 0.0)), ("mean", lambda: C.mean(0.0)),
                         ("entropy", lambda: C.entropy(-1.0)), ("median", lambda: C.median(0.0))):
        with pytest.raises(ValueError, match=f"chi.{'ppf' if method == 'median' else method}: the shape "
                                             "parameters must be positive"):
            call()
    with pytest.raises(ValueError, match="chi.logpdf: scale must be positive"):
        C.logpdf(1.0, 1.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="chi.ppf: scale must be positive"):
        C.ppf(0.5, 1.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="chi.ppf: q must be a probability"):
        C.ppf(1.5, 1.0)


def test_at_infinity():
    # the limits at x = +-inf, derivatives 0
    infinite_ends_check(stats.chi, (0.3, 1.0, 5.0))


def test_second_derivative_at_the_smallest_subnormal():
    # (d2/dx2 of chi.pdf at (5e-324, 0.2): (df - 1)(df - 2) z^(df - 3) / (2^(df / 2 - 1) Gamma(df / 2)) + ... = +inf
    # (tools/near_zero_density_truths.py's mpmath jet); it was NaN: the exponent's -0.5 z underflowed to 0 at z =
    # 5e-324 and its slope 0 met the power's -inf)
    f = lambda x: stats.chi.pdf(x, 0.2)  # noqa: E731
    with np.errstate(over="ignore"):
        assert nth_grad(f, 5e-324, 2) == np.inf
        assert float(wg.jacfwd(wg.grad(f))(5e-324)) == np.inf
