"""``scipy.stats``' ``halfgennorm`` (``pdf = beta exp(-z^beta) / gamma(1/beta)`` on ``z >= 0``): its density, tails,
quantiles, mean, variance, std, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its log tails
underflowing near 0 and far out); values and first and second derivatives in x (or q) and beta against mpmath near 0
(x = 1e-300, q = 1e-300), both sides of the tails' switches, far out, beta below, at and above 1 and 2; the end z = 0
(one-sided derivatives from inside), the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as special  # noqa: E402
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_points_test,  # noqa: E402
                     mp_truths, one_shape_common_cases, refusals_test, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.halfgennorm
#: beta below, at and above 1 and 2
BETA = np.array([[0.6], [1.0], [1.5], [2.0], [3.0]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), np.array([0.15, 0.5, 1.1, 2.5]), BETA, np.array([[[0.0]], [[-0.1]]]), 1.3,
           id=f"halfgennorm.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.6, 0.95]), BETA, 0.1, 1.3, id=f"halfgennorm.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.3, 1.0, 2.0, 7.0]), np.array([[0.0], [1.0]]), np.array([[[0.6]], [[2.0]]]),
           id=f"halfgennorm.{m}") for m in ("mean", "var", "std", "entropy")],
    *one_shape_common_cases(T, "halfgennorm", size1_x=0.5, size1_shape=1.6),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.7, 1.5, 4.0])
VALUE_CHECKS = [
    *[(f"halfgennorm.{f}", (POINTS, np.array([[0.5], [1.0], [2.0], [5.0]]), loc, 1.0)) for f in TAILS
      for loc in (0.0, 0.05)],
    *[(f"halfgennorm.{f}", (np.array([0.0, 1e-10, 0.1, 0.5, 0.9, 1.0]), np.array([[0.5], [1.0], [2.0], [5.0]]), -0.1,
                            1.3)) for f in ("ppf", "isf")],
    *[(f"halfgennorm.{m}", (np.array([0.5, 1.0, 2.0, 5.0]), 0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("halfgennorm.median", (np.array([0.5, 2.0]), -0.1, 1.3)),
    ("halfgennorm.interval", (0.8, np.array([0.5, 2.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    "halfgennorm.mean": 1e-9, "halfgennorm.var": 1e-9, "halfgennorm.std": 1e-9})


def _mp_halfgennorm(mp):
    def cdf(z, b):
        return mp.gammainc(1 / b, 0, z ** b, regularized=True)

    def sf(z, b):
        return mp.gammainc(1 / b, z ** b, mp.inf, regularized=True)

    def logpdf(z, b):
        return mp.log(b) - mp.loggamma(1 / b) - z ** b

    def quantile(q, b, upper):
        # (the root in log x of the log cdf, from SciPy's value; of the log sf far in the upper tail, where the cdf's
        # 1 - q needs q's digits: mpmath's upper gamma tail is the slower)
        start = float((ST.halfgennorm.isf if upper else ST.halfgennorm.ppf)(float(q), float(b)))
        tail, p = (sf, q) if upper and q < 1e-20 else (cdf, 1 - q if upper else q)
        # (Newton's steps in log x on log tail: d/dlog x = -+x pdf / tail; each doubles the digits)
        target, x, sign = mp.log(p), mp.mpf(start), (-1 if tail is sf else 1)
        for _ in range(12):
            value = tail(x, b)
            step = (mp.log(value) - target) * value / (sign * x * mp.exp(logpdf(x, b)))
            x = x * mp.exp(-step)
            if abs(step) < mp.mpf(2) ** (-mp.mp.prec - 8):
                break
        return x

    def mean(b):
        return mp.gamma(2 / b) / mp.gamma(1 / b)

    def var(b):
        return mp.gamma(3 / b) / mp.gamma(1 / b) - mean(b) ** 2
    return {"logpdf": logpdf, "pdf": lambda z, b: mp.exp(logpdf(z, b)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, b: mp.log(cdf(z, b)), "logsf": lambda z, b: mp.log(sf(z, b)),
            "ppf": lambda q, b: quantile(q, b, False), "isf": lambda q, b: quantile(q, b, True),
            "mean": mean, "var": var, "std": lambda b: mp.sqrt(var(b)),
            "entropy": lambda b: 1 / b - mp.log(b) + mp.loggamma(1 / b)}


MP_POINTS = [
    # near 0 (the tiny series below w = 1e-3), both sides of the tails' series (w = 1/4 ... max(1, (a + 1)/4)), far
    # out; beta below, at and above 1, 2 (not logsf at beta = 1 in x: -z, its second derivative 0 against rounding)
    *[(f, (z, b), i, 1e-12) for f in TAILS for z, b in ((1e-8, 0.6), (0.3, 1.5), (1.2, 2.0), (30.0, 3.0))
      for i in (0, 1)],
    *[(f, (z, b), i, 1e-12) for f in ("cdf", "logsf") for z, b in ((1e-3, 1.0), (3.0, 0.6)) for i in (0, 1)
      if (f, b, i) != ("logsf", 1.0, 0)],
    # at x = 1e-300 the log cdf (-inf in its second derivative: -1/z^2 and the powers' z^(beta - 2) both overflow)
    # and the cdf; in beta the rest (mpmath's steps of 1e-325 do not resolve their x-derivatives)
    *[(f, (1e-300, 0.6), i, 1e-12) for f in TAILS for i in ((0, 1) if f == "logcdf" else (1,))
      if f not in ("sf", "logsf")],
    *[(f, (1e300, 0.5), 0, 1e-13) for f in ("logsf", "logpdf")],
    # the quantiles near both ends, both sides of 1/2 (their switch of tails), in q and beta
    *[(f, (q, b), i, 1e-11) for f in ("ppf", "isf") for q, b in ((0.45, 1.0), (0.55, 3.0), (1 - 1e-12, 1.5))
      for i in (0, 1)],
    # (ppf in q at 1e-30, not 1e-300: mpmath's steps of 1e-325 do not resolve its second derivative there)
    *[("ppf", (1e-30, 0.6), i, 1e-11) for i in (0, 1)], ("ppf", (1e-300, 0.6), 1, 1e-11),
    *[("isf", (1e-300, 0.6), i, 1e-11) for i in (0, 1)],
    # the moments, tiny and large beta
    *[(m, (b,), 0, 1e-12) for m in ("mean", "var", "std", "entropy") for b in (0.3, 2.0, 1e3)],
]

test_against_mpmath = mp_points_test(T, _mp_halfgennorm, MP_POINTS)


def test_where_scipy_is_off():
    logcdf, logsf = mp_truths(_mp_halfgennorm, [("logcdf", (1e-300, 2.0)), ("logsf", (1e3, 1.5))])
    with np.errstate(divide="ignore"):
        assert float(ST.halfgennorm.logcdf(1e-300, 2.0)) == -np.inf  # (log of gammainc(1/2, 1e-600) = 0)
        assert float(ST.halfgennorm.logsf(1e3, 1.5)) == -np.inf  # (log of an underflowed gammaincc)
    assert float(T.logcdf(1e-300, 2.0)) == pytest.approx(logcdf, rel=1e-14, abs=0.0)
    assert float(T.logsf(1e3, 1.5)) == pytest.approx(logsf, rel=1e-14, abs=0.0)


def test_at_the_end():
    # at z = 0 the one-sided derivatives from inside: the density's slope -inf (beta < 1), -pdf(0) (beta = 1), 0
    for b, slope in ((0.6, -np.inf), (1.0, -1.0), (1.5, 0.0), (2.0, 0.0)):
        p0 = 1.0 / special.gamma(1.0 + 1.0 / b)
        assert float(T.pdf(0.0, b)) == pytest.approx(p0, rel=1e-15, abs=0.0)
        with np.errstate(all="ignore"):
            assert float(wg.grad(lambda x: T.pdf(x, b))(0.0)) == pytest.approx(slope * (p0 if b == 1.0 else 1.0), rel=1e-15, abs=0.0)
            assert float(wg.grad(lambda x: T.cdf(x, b))(0.0)) == pytest.approx(p0, rel=1e-15, abs=0.0)
            assert float(wg.grad(wg.grad(lambda x: T.cdf(x, b)))(0.0)) == pytest.approx(slope * (p0 if b == 1.0
                                                                                                 else 1.0), rel=1e-15, abs=0.0)
            # the quantile's slope 1 / pdf(0) at q = 0, its ends in beta 0
            assert float(wg.grad(lambda q: T.ppf(q, b))(0.0)) == pytest.approx(1.0 / p0, rel=1e-15, abs=0.0)
            assert float(wg.grad(lambda q: T.isf(q, b))(1.0)) == pytest.approx(-1.0 / p0, rel=1e-15, abs=0.0)
            assert float(wg.grad(lambda b: T.ppf(0.0, b))(b)) == 0.0
        for f in ("cdf", "sf", "logsf", "logpdf"):  # (d/dbeta at z = 0: every tail is 0 or 1 there, for every beta)
            want = -(-special.digamma(1 + 1 / b) / b ** 2) if f == "logpdf" else 0.0
            assert float(wg.grad(lambda b, f=f: _f(f)(0.0, b))(b)) == pytest.approx(want, rel=1e-14, abs=0.0)
    assert float(T.logcdf(0.0, 1.5)) == -np.inf
    # near it, cdf'' = pdf' = -beta z^(beta - 1) pdf (through the series in w = z^beta: NaN at z = 1e-300, beta = 0.6,
    # z w'' overflowing)
    z, b = 1e-300, 0.6
    # (7.7e-14 relative off: the rounding of the exponent 1 + beta times log z)
    want = -b * z ** (b - 1.0) * float(T.pdf(z, b))
    assert float(wg.grad(wg.grad(lambda x: T.cdf(x, b)))(z)) == pytest.approx(want, rel=1e-12, abs=0.0)
    assert float(wg.grad(wg.grad(lambda x: T.sf(x, b)))(z)) == pytest.approx(-want, rel=1e-12, abs=0.0)


def test_at_the_end_where_the_density_underflows():
    """pdf(0, 0.005, 0, 1.5) = 0.005 / (gamma(200) 1.5) = e^-863.6 underflows to 0; its one-sided derivatives from
    inside (mpmath, the closed form): in x -0.005 z^-0.995 pdf / 1.5, -inf; in loc +inf; in the scale -pdf / 1.5 and
    in beta pdf (1 / beta + digamma(1 / beta) / beta^2) both below the smallest float, 0. Through exp(log density) d/dx,
    d/dloc and d/dscale were NaN on both modes."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(30):
        b, s = mp.mpf("0.005"), mp.mpf("1.5")
        pdf = b / (mp.gamma(1 / b) * s)
        want = [-np.inf, float(pdf * (1 / b + mp.digamma(1 / b) / b ** 2)), np.inf, float(-pdf / s)]
    assert want[1] == want[3] == 0.0 and float(T.pdf(0.0, 0.005, 0.0, 1.5)) == float(pdf) == 0.0

    def f(p):
        return T.pdf(p[0], p[1], p[2], p[3])
    p = np.array([0.0, 0.005, 0.0, 1.5])
    with np.errstate(all="ignore"):
        for got in (wg.grad(f)(p), wg.jacfwd(f)(p)):
            np.testing.assert_array_equal(got, want)


def test_quantiles_and_tails_agree():
    for b in (0.3, 1.0, 2.5, 8.0):
        for q in (1e-200, 0.01, 0.3, 0.7):
            assert float(T.cdf(float(T.ppf(q, b)), b)) == pytest.approx(q, rel=1e-12, abs=0.0)
            assert float(T.sf(float(T.isf(q, b)), b)) == pytest.approx(q, rel=1e-12, abs=0.0)


def test_float32_stays_float32():
    float32_check(T, (1.5,), x=0.4)


REFUSALS = [
    *[(call, f"halfgennorm.{m}: the shape parameters must be positive \\(beta is not; SciPy gives NaN\\)")
      for m, call in (
        ("cdf", lambda: T.cdf(0.5, 0.0)), ("logpdf", lambda: T.logpdf(0.5, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, 0.0)), ("mean", lambda: T.mean(0.0)), ("std", lambda: T.std(-1.0)),
        ("entropy", lambda: T.entropy(0.0)))],
    (lambda: T.logpdf(0.5, 2.0, 0.0, -1.0), "halfgennorm.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "halfgennorm.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, (0.6, 2.0))


@pytest.mark.parametrize("x", [1e-200, 1e-100])
def test_logcdf_mixed_second_derivative_where_the_power_underflows(x):
    """d2/dx dbeta of the log cdf near 0 (its series in z^(k beta), _log_power_series): the terms' d/dbeta was their sum
    over z^(k beta) divided by z and log(z) z^(k beta), which lost z^(beta - 1) where z^beta underflowed: at (1e-200, 2)
    0.0 by d/dbeta d/dx and 1.1e-3 off by d/dx d/dbeta (the truth 3.069e-198). The truth: the log cdf is log z +
    log1p(c_1 z^beta + ...) - gammaln(1 + 1/beta), c_1 = -1 / (1 + beta), so d2/dx dbeta = -z^(beta - 1) (1 / (1 +
    beta)^2 + beta log(z) / (1 + beta)) to a relative z^beta (mpmath, 50 digits)."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        X, b = mp.mpf(x), mp.mpf(2)
        truth = float(-X ** (b - 1) * (1 / (1 + b) ** 2 + b * mp.log(X) / (1 + b)))
    f = lambda p: stats.halfgennorm.logcdf(p[0], p[1])  # noqa: E731
    for how in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f)),
                lambda f: wg.jacrev(wg.jacfwd(f))):
        h = np.asarray(how(f)([x, 2.0]), dtype=float)
        assert h[0, 1] == pytest.approx(truth, rel=1e-13, abs=0) and h[1, 0] == pytest.approx(truth, rel=1e-13, abs=0)


def _located_hessian(xx, xb, xs, bb, bs, ss):
    """The Hessian in (x, beta, loc, scale) of a function of x - loc from its entries in x, beta and scale."""
    return np.array([[xx, xb, -xx, xs], [xb, bb, -xb, bs], [-xx, -xb, xx, -xs], [xs, bs, -xs, ss]])


inf = np.inf
#: (method, point (x, beta, loc, scale), gradient in (x, beta, scale), Hessian's (xx, xb, xs, bb, bs, ss)): mpmath
#: (60 digits; 400 at beta = 0.5) by mp.diff of beta exp(-z^beta) / (gamma(1/beta) scale) and of gammainc(1/beta, 0,
#: z^beta); entries below 1e-323 are 0 (the pdf there is 8.2e-376, the cdf 8.2e-676; logsf is -cdf's to rounding)
STEEP = [
    ("pdf", (1e-300, 0.005, 0.0, 1.5), (-1.292420582669297e-79, 0.0, 0.0),
     (1.2861624155291783e+221, -2.7342868995932821e-74, 8.6578583320627715e-80, 0.0, 0.0, 0.0)),
    *[(f, (1e-300, 0.005, 0.0, 1.5), (0.0, 0.0, 0.0), (sign * -1.292420582669297e-79, 0.0, 0.0, 0.0, 0.0, 0.0))
      for f, sign in (("cdf", 1.0), ("sf", -1.0), ("logsf", -1.0))],
    # (logpdf: z^beta from x - loc and the scale apart; through z its d2/dx dscale was -inf for 5.26e293 and 1.36e149,
    # d2/dscale2 inf for 0.444 at beta = 0.005)
    ("logpdf", (1e-300, 0.005, 0.0, 1.5), (-1.5779365940350625e+296, 212054.42412443578, -0.666561470893731),
     (inf, 7.7505246315915537e+298, 5.2597886467835416e+293, -92808154.454435481, -0.051670164210610359,
      0.44437396327657754)),
    ("logpdf", (1e-300, 0.5, 0.0, 1.5), (-4.0824829046386301e+149, 3.6911373403938686, -0.66666666666666667),
     (inf, 2.8135696221501843e+152, 1.3608276348795434e+149, -21.083494431147097, -1.8757130814334563e-148,
      0.44444444444444444)),
    ("pdf", (1e-300, 0.5, 0.0, 1.5), (-1.3608276348795434e+149, 1.2303791134646229, -0.22222222222222222),
     (inf, 9.3283353901978435e+151, 1.3608276348795434e+149, -2.4863331884990586, -0.82025274230974857,
      0.2962962962962963)),
]


@pytest.mark.parametrize("method, point, gradient, hessian", STEEP)
def test_near_zero_where_the_density_underflows_or_its_power_overflows(method, point, gradient, hessian):
    """pdf, cdf, sf, logsf near x = loc where the density underflows (gammaln(1 + 1/beta) = 863 at beta = 0.005) while
    its derivatives, the density times powers of beta z^(beta - 1) (1.6e296), do not, or where z^(beta - 2) overflows
    (beta = 0.5): through exp(log density) d/dx of pdf(1e-300, 0.005, 0, 1.5) was 0.0 for -1.29e-79, d2/dx2 0.0 for
    1.29e221 (cdf's -1.29e-79), their Hessians NaN in x, loc and scale (0 * inf); at beta = 0.5 d2/dx dscale -inf for
    1.36e149. Within 3e-13 (the exponent -863's rounding)."""
    f = lambda v: getattr(T, method)(v[0], v[1], v[2], v[3])  # noqa: E731
    gx, gb, gs = gradient
    want = _located_hessian(*hessian)
    p = np.array(point)
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(wg.grad(f)(p), [gx, gb, -gx, gs], rtol=3e-13, atol=0)
        # (sf and logsf, 1 - cdf and log1p(-cdf), by one path: the cdf's terms by all five)
        for h in (wg.jacfwd(wg.jacrev(f))(p),) if method in ("sf", "logsf") else (
                wg.jacrev(wg.jacrev(f))(p), wg.jacfwd(wg.jacrev(f))(p), wg.jacrev(wg.jacfwd(f))(p),
                wg.jacfwd(wg.jacfwd(f))(p), np.array([wg.hvp(f, p, e) for e in np.eye(4)])):
            finite = np.isfinite(want)
            np.testing.assert_allclose(h[finite], want[finite], rtol=3e-13, atol=0)
            np.testing.assert_array_equal(h[~finite], want[~finite])


@pytest.mark.parametrize("x, beta, scale", [(1e-300, 0.5, 1.5), (4e-200, 0.3, 0.7), (3e-290, 0.9, 2.0)])
def test_cdf_near_zero_where_only_the_power_overflows(x, beta, scale):
    """Where z^(beta - 2) overflows but the density does not underflow the cdf keeps its series (exact there): through
    the terms' exp(log z - gammaln(1 + 1/beta)) (|log z| eps) cdf(1e-300, 0.5, 0, 1.5) was 3.3333333333336094e-301 for
    3.3333333333333334e-301 (8.3e-14), d/dscale 8.7e-14 off. Truths: mpmath's gammainc and the density (50 digits)."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        X, B, S = mp.mpf(x), mp.mpf(beta), mp.mpf(scale)
        cdf = mp.gammainc(1 / B, 0, (X / S) ** B, regularized=True)
        pdf = B / (S * mp.gamma(1 / B)) * mp.exp(-(X / S) ** B)
        truth = [float(cdf), float(pdf), float(-X / S * pdf)]
    f = lambda v: T.cdf(v[0], beta, 0.0, v[1])  # noqa: E731
    p = np.array([x, scale])
    assert float(f(p)) == pytest.approx(truth[0], rel=1e-15, abs=0)
    for how in (wg.grad, wg.jacfwd):
        np.testing.assert_allclose(how(f)(p), truth[1:], rtol=1e-15, atol=0)


@pytest.mark.parametrize("method, q", [("ppf", 0.3), ("isf", 0.3), ("ppf", 0.999)])
def test_where_the_quantile_overflows(method, q):
    """ppf / isf at beta = 0.0059 overflow (gammaincinv(1/beta, q)^(1/beta) = e^861 at q = 0.3): d/dq is +inf (isf -inf)
    and d/dbeta -inf (x times d log x / dbeta < 0; it was 0.0, the end's constant); the second derivatives (NaN and 0
    before) are refused."""
    f = lambda v: getattr(T, method)(v[0], v[1])  # noqa: E731
    p = np.array([q, 0.0059])
    with np.errstate(over="ignore"):
        assert float(f(p)) == np.inf
        for how in (wg.grad, wg.jacfwd):
            assert how(f)(p).tolist() == [-np.inf if method == "isf" else np.inf, -np.inf]
        for second in (wg.hessian(f), wg.jacfwd(wg.jacfwd(f)), wg.jacrev(wg.jacfwd(f)),
                       lambda p: wg.grad(wg.grad(lambda q: getattr(T, method)(q, 0.0059)))(p[0])):
            with pytest.raises(wg.NoGradientRule, match=f"halfgennorm.{method}: the quantile overflows"):
                second(p)
