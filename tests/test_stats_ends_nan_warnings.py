"""``wengert.scipy.stats`` at the extremes (beyond, at and within 1e-300 of a support's end; shapes near 0 and
infinity) where a derivative was NaN, a constant's derivative nonzero, a Hessian asymmetric, a warning raised or a
valid argument refused. Truths: the limits (closed forms) and mpmath at 50 digits."""
import numpy as np
import pytest

import wengert as wg
from wengert.errors import NoGradientRule
from wengert.scipy import stats

from opcheck import lazy_mp as mp  # noqa: F401  (mpmath where a test first uses it)


def _paths(f, v):
    """grad, and the Hessian by reverse over reverse, forward over reverse and reverse over forward."""
    v = np.asarray(v, dtype=float)
    return wg.grad(f)(v), [np.asarray(h(f)(v)) for h in (wg.hessian, lambda g: wg.jacfwd(wg.jacrev(g)),
                                                         lambda g: wg.jacrev(wg.jacfwd(g)))]


def _check(f, v, grad, hessian, rtol=1e-13, atol=0.0):
    g, hs = _paths(f, v)
    np.testing.assert_allclose(g, grad, rtol=rtol, atol=atol)
    for h in hs:
        np.testing.assert_allclose(h, hessian, rtol=rtol, atol=atol)


# pearson3's support ends at -2 / skew, which moves with skew. Beyond it every function is a constant: logpdf's
# d/dskew was -2.5 at (-5.1, 0.4) (log(2 / |skew|)'s term, kept), d2/dskew2 6.25; at the end it was NaN (inf - inf).
@pytest.mark.parametrize("z, skew", [(-5.1, 0.4), (5.1, -0.4), (-0.6, 4.0)])
def test_pearson3_logpdf_beyond_its_end_is_constant(z, skew):
    f = stats.pearson3.logpdf
    _check(lambda v: f(v[0], v[1], 0.1 * v[2], v[3]), [z + 0.1, skew, 1.0, 1.0], np.zeros(4), np.zeros((4, 4)))


@pytest.mark.parametrize("fn", ["logpdf", "cdf"])
def test_pearson3_refuses_skew_at_its_moving_end(fn):
    f = getattr(stats.pearson3, fn)
    with pytest.raises(NoGradientRule, match="no derivative in skew at the end of the support"):
        wg.grad(lambda v: f(v[0], v[1]))(np.array([-5.0, 0.4]))
    with pytest.raises(NoGradientRule, match="no derivative in skew"):
        wg.jacfwd(lambda v: f(v[0], v[1]))(np.array([5.0, -0.4]))
    assert float(wg.grad(lambda x: stats.pearson3.cdf(x, 0.4))(-5.0)) == 0.0  # (x alone: one-sided, 0)


# gammainc(a, x) at x = 0, a = 1: its derivatives are the limits as x -> 0+ at fixed a (those in x from inside the
# support, as the densities'): d2/dx da = lim e^-x (log x - digamma(1)) = -inf, in either order. The density's
# 0 ** (a - 1) differentiated in a by power's 0 ** 0 convention gave -digamma(1) = 0.577 one way: the Hessian of
# gamma.cdf in (x, a) at (0, 1) was [[-1, 0.577], [-inf, 0]], with an invalid-value warning forward over reverse.
@pytest.mark.parametrize("f, grad, hessian", [
    (lambda v: stats.gamma.cdf(v[0], v[1]), [1.0, 0.0], [[-1.0, -np.inf], [-np.inf, 0.0]]),
    (lambda v: stats.gamma.sf(v[0], v[1]), [-1.0, 0.0], [[1.0, np.inf], [np.inf, 0.0]]),
    (lambda v: stats.chi2.cdf(v[0], 2.0 * v[1]), [0.5, 0.0], [[-0.25, -np.inf], [-np.inf, 0.0]]),  # P(a, x / 2)
], ids=["gamma.cdf", "gamma.sf", "chi2.cdf"])
def test_gamma_cdf_hessian_at_zero_with_a_one_is_the_limit_from_inside(f, grad, hessian):
    _check(f, [0.0, 1.0], grad, hessian)


def _d2_log_ndtr(a):
    """d2/da2 of log ndtr(a) (mpmath, 50 digits)."""
    with mp.workdps(50):
        return float(mp.diff(lambda t: mp.log(mp.ncdf(t)), mp.mpf(a), 2))


# alpha near 0 (z = 1e-90): the log density's z terms -2 log z + a / z - 1 / (2 z^2) were composed there down to
# z = 1e-100, their second derivative's terms (1 / z^4) overflowing: an overflow warning on every path from z = 1.5e-77
# down; the log cdf's the same. Now one primitive (exact) below 1e-50. d2/dx2 -3 / z^4 = -inf, d2/dx da -1 / z^2.
@pytest.mark.parametrize("fn", ["logpdf", "logcdf"])
@pytest.mark.parametrize("z", [1e-90, 1e-78])
def test_alpha_log_functions_second_derivatives_near_zero(fn, z):
    f = getattr(stats.alpha, fn)
    c = -2.0 if fn == "logpdf" else 1.0
    d_a = 1.0 / z - 1.0 - float(mp.npdf(1) / mp.ncdf(1))  # (the a z term of log1p(-a z): below rounding)
    _check(lambda v: f(v[0], v[1]), [z, 1.0], [c / z - 1.0 / z ** 2 + 1.0 / z ** 3, d_a],
           [[-np.inf, -1.0 / z ** 2], [-1.0 / z ** 2, -1.0 - _d2_log_ndtr(1.0)]], rtol=1e-14)


# alpha's sf and log sf at z = 1e-120 (log1p(-cdf), the cdf e^(-1/(2 z^2)) underflowed to 0, its log's derivative
# 1 / z^3 = inf): d/dx was 0 * inf = NaN, the truth 0
@pytest.mark.parametrize("fn", ["sf", "logsf"])
def test_alpha_upper_tails_beside_zero_have_zero_derivatives(fn):
    f = getattr(stats.alpha, fn)
    _check(lambda v: f(v[0], v[1]), [1e-120, 1.0], np.zeros(2), np.zeros((2, 2)))


# beta.logpdf's Hessian at x = 1e-300 of a list [x, a, b] (scalar Vars): a traced cotangent at 0 times the log's
# infinite second partial (1 / x^2) warned (invalid value) on reverse over reverse and forward over reverse; the
# values were right: ((1 - a) / x^2 = +-inf, 1 / x, -1 / (1 - x); the shapes' trigamma terms)
@pytest.mark.parametrize("a, b", [(0.5, 2.0), (2.0, 3.0)])
def test_beta_logpdf_hessian_of_a_list_beside_zero(a, b):
    from scipy.special import polygamma
    x = 1e-300
    t = polygamma(1, a + b)
    want = [[np.inf if a < 1 else -np.inf, 1.0 / x, -1.0], [1.0 / x, t - polygamma(1, a), t],
            [-1.0, t, t - polygamma(1, b)]]
    f = lambda v: stats.beta.logpdf(v[0], v[1], v[2])  # noqa: E731
    for h in (wg.hessian, lambda g: wg.jacfwd(wg.jacrev(g)), lambda g: wg.jacrev(wg.jacfwd(g))):
        np.testing.assert_allclose(np.array(h(f)([x, a, b]), dtype=float), want, rtol=1e-13)


# truncweibull_min with b = inf (weibull_min truncated below at a; SciPy accepts it): refused before ("0 <= a < b <
# inf"). At a = 0 its derivatives in a are the one-sided ones (d2/da2 of logpdf at c = 2: 2; it was 0 at every b).
# Truths: the closed forms in mpmath (l = x^c - a^c: logsf -l, cdf -expm1(-l), logpdf log c + (c - 1) log x - l;
# E[z] = Gamma(1 + 1/c, a^c) e^(a^c); ppf (a^c - log(1 - q))^(1/c)), differentiated at 30 digits.
def _mp_truncweibull_inf(fn):
    def f(x, c, a):
        l = 0 if x is None else x ** c - a ** c
        return {"logsf": lambda: -l, "cdf": lambda: -mp.expm1(-l), "pdf": lambda: c * x ** (c - 1) * mp.exp(-l),
                "logpdf": lambda: mp.log(c) + (c - 1) * mp.log(x) - l,
                "ppf": lambda: (a ** c - mp.log(1 - x)) ** (1 / c),
                "mean": lambda: mp.gammainc(1 + 1 / c, a ** c) * mp.exp(a ** c)}[fn]()
    return f


@pytest.mark.parametrize("fn, at", [("pdf", (0.5, 3.0, 0.0)), ("logpdf", (1.5, 2.0, 1.0)), ("logpdf", (1.5, 2.0, 0.0)),
                                    ("cdf", (1.5, 2.0, 1.0)), ("ppf", (0.3, 2.0, 0.0)),
                                    ("logsf", (1.5, 2.0, 0.5)), ("ppf", (0.8, 2.0, 1.0)), ("mean", (None, 2.0, 1.0))])
def test_truncweibull_min_with_an_infinite_upper_end(fn, at):
    with mp.workdps(30):
        truth = _mp_truncweibull_inf(fn)
        method = getattr(stats.truncweibull_min, fn)
        if fn == "mean":
            f, point, mf = (lambda v: method(v[0], v[1], np.inf)), at[1:], (lambda c, a: truth(None, c, a))
        else:
            f, point, mf = (lambda v: method(v[0], v[1], v[2], np.inf)), at, truth
        n = len(point)
        mpoint = [mp.mpf(p) for p in point]
        unit = lambda i, j=None: tuple(int(k == i) + int(k == j) for k in range(n))  # noqa: E731
        side = {"direction": 1} if point[-1] == 0 else {}  # (a = 0: from above)
        grad = [float(mp.diff(mf, mpoint, unit(i), **side)) for i in range(n)]
        hessian = [[float(mp.diff(mf, mpoint, unit(i, j), **side)) for j in range(n)] for i in range(n)]
        assert float(f(np.array(point))) == pytest.approx(float(mf(*mpoint)), rel=1e-14)
        _check(f, point, grad, hessian, rtol=1e-12, atol=1e-30)  # (mpmath's 0: 4e-34)


# truncnorm's log tail within a narrow interval of the other end (logsf at x = a + 2e-16): log1mexp of the other
# tail's log, whose derivatives in x and that end were +-1/w (w = x - a), cancelled in the second derivative: the
# Hessian in (x, a) was [[-0.148, 0.148], [-0.235, 0.235]], the truth [[-0.383, 0], [0, 0.383]] (mpmath, 40 digits)
@pytest.mark.parametrize("fn, x", [("logsf", np.nextafter(-1.0, 0.0)), ("logsf", -0.9999),
                                   ("logcdf", np.nextafter(2.0, 0.0))])
def test_truncnorm_log_tail_beside_the_other_end(fn, x):
    with mp.workdps(40):
        def truth(x, a, b):
            mass = mp.ncdf(b) - mp.ncdf(x) if fn == "logsf" else mp.ncdf(x) - mp.ncdf(a)
            return mp.log(mass / (mp.ncdf(b) - mp.ncdf(a)))
        point = [mp.mpf(float(x)), mp.mpf(-1), mp.mpf(2)]
        unit = lambda i, j=None: tuple(int(k == i) + int(k == j) for k in range(3))  # noqa: E731
        grad = [float(mp.diff(truth, point, unit(i))) for i in range(3)]
        hessian = [[float(mp.diff(truth, point, unit(i, j))) for j in range(3)] for i in range(3)]
        f = getattr(stats.truncnorm, fn)
        _check(lambda v: f(v[0], v[1], v[2]), [x, -1.0, 2.0], grad, hessian, rtol=1e-12, atol=1e-15)


def test_alpha_logpdf_hessian_at_1e_300_without_overflow_warning():
    """d2/dx da of alpha.logpdf, -1 / z^2, overflowed at z = 1e-300 in its own power (a warning): -inf."""
    f = lambda v: stats.alpha.logpdf(v[0], v[1])  # noqa: E731
    for h in (wg.hessian, lambda g: wg.jacfwd(wg.jacrev(g))):
        got = np.asarray(h(f)(np.array([1e-300, 1.0])))
        np.testing.assert_allclose(got, [[-np.inf, -np.inf], [-np.inf, -1.0 - _d2_log_ndtr(1.0)]], rtol=1e-14)


# bradford's log sf beside its upper end (z = 1 - 1.1e-16, c = 3): d2/dx dc was -0.0625 and +0.0625 by the two orders
# (log of v L(w) / L(c), v = (1 - z) / (1 + c z): 1 / v^2 twice, cancelling), the truth -0.03125 (mpmath, 50 digits)
def test_bradford_logsf_hessian_beside_its_upper_end():
    with mp.workdps(50):
        truth = lambda x, c: mp.log(1 - mp.log1p(c * x) / mp.log1p(c))  # noqa: E731
        x = np.nextafter(1.0, 0.0)
        point = [mp.mpf(float(x)), mp.mpf(3)]
        unit = lambda i, j=None: tuple(int(k == i) + int(k == j) for k in range(2))  # noqa: E731
        grad = [float(mp.diff(truth, point, unit(i))) for i in range(2)]
        hessian = [[float(mp.diff(truth, point, unit(i, j))) for j in range(2)] for i in range(2)]
        _check(lambda v: stats.bradford.logsf(v[0], v[1]), [x, 3.0], grad, hessian, rtol=1e-13)


# loguniform's log tails beside the far end (logsf at x = b - 4e-16): log(L / w) (L = log(b / x), w = log(b / a)) made
# d2/dx da -0.571 and 0 by the two orders, d2/da db -0.712 and -0.438; the truths 0 and -1/(a b w^2) = -1.0095
def test_loguniform_logsf_hessian_beside_its_upper_end():
    with mp.workdps(50):
        truth = lambda x, a, b: mp.log(mp.log(b / x) / mp.log(b / a))  # noqa: E731
        x = np.nextafter(3.5, 0.0)
        point = [mp.mpf(float(x)), mp.mpf(2.5), mp.mpf(3.5)]
        unit = lambda i, j=None: tuple(int(k == i) + int(k == j) for k in range(3))  # noqa: E731
        grad = [float(mp.diff(truth, point, unit(i))) for i in range(3)]
        hessian = [[float(mp.diff(truth, point, unit(i, j))) for j in range(3)] for i in range(3)]
        _check(lambda v: stats.loguniform.logsf(v[0], v[1], v[2]), [x, 2.5, 3.5], grad, hessian, rtol=1e-13, atol=1e-14)


# kappa3.logcdf near 0 through y = z / a^(1/a): the Hessian in (x, a) at z = 1e-300 was [[-inf, inf], [nan, nan]], at
# 1e-100 d2/dx da -4.6e82 and -4.9e83 by the two orders (the truth -z^(a-1) (a log z - 1) / a^2 = 9.2e-149, the
# leading term); now log z - log(a) / a - log1p(z^a / a) / a
@pytest.mark.parametrize("z", [1e-300, 1e-100])
def test_kappa3_logcdf_hessian_near_zero(z):
    mixed = -z ** 1.5 * (2.5 * np.log(z) - 1.0) / 6.25
    with mp.workdps(50):
        a = mp.mpf(2.5)
        d2a = float(mp.diff(lambda t: -mp.log(t) / t, a, 2))  # (the other terms' below 1e-250)
        d_a = float(mp.diff(lambda t: -mp.log(t) / t, a))
        f = lambda v: stats.kappa3.logcdf(v[0], v[1])  # noqa: E731
        _check(f, [z, 2.5], [1.0 / z, d_a], [[-1.0 / z ** 2 if z > 1e-200 else -np.inf, mixed], [mixed, d2a]], rtol=1e-13)


def test_log_densities_slope_at_x_equal_loc():
    # d/dx at the support's end is infinite: weibull_max.logpdf(0, 0.5) was NaN through -z = -0.0 (1 / z = -inf
    # against c z^(c - 1) = +inf), exponpow.logpdf(0, 0.5) NaN through (e^w - 1) b z^(b - 1) = 0 * inf at w = z^b = 0
    cases = [(stats.weibull_max, 0.5, np.inf), (stats.weibull_max, 2.0, -np.inf), (stats.exponpow, 0.5, -np.inf),
             (stats.exponpow, 2.0, np.inf)]
    with np.errstate(divide="ignore"):  # (the infinite slope's own warning, as weibull_min's)
        for dist, c, truth in cases:
            for d in (wg.grad, wg.jacfwd):
                assert d(lambda x: dist.logpdf(x, c))(0.0) == truth


def test_exponpow_logpdf_hessian_beside_its_series():
    # below w = z^b = 1e-4, -(e^w - 1 - w) as its series in z^(k b); the Hessian in (x, b, scale) both sides
    def truth(z):
        def f(x, b, s):
            u = (x / s) ** b
            return mp.log(b) + (b - 1) * mp.log(x / s) + u - mp.exp(u) + 1 - mp.log(s)
        with mp.workdps(50):
            p = (mp.mpf(z), mp.mpf(0.5), mp.mpf(1))
            return np.array([[float(mp.diff(f, p, tuple((i == k) + (j == k) for k in range(3)))) for j in range(3)]
                             for i in range(3)])
    f = lambda p: stats.exponpow.logpdf(p[0], p[1], 0.0, p[2])  # noqa: E731
    for z in (0.99e-8, 1.01e-8):
        t = truth(z)
        for h in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f))):
            np.testing.assert_allclose(h(f)(np.array([z, 0.5, 1.0])), t, rtol=1e-12)


def test_gamma_cdf_at_a_fixed_zero_is_flat_in_shape_and_scale():
    # at x = loc (constants) z is 0 at every scale: d2/dscale da of gamma.cdf(0, a, 0, scale) by jacrev(jacfwd) was
    # NaN at a = 1 and 0.5 (dz/dscale's live 0 times the density's infinite d/da); the truth 0 (the cdf is 0)
    with np.errstate(divide="ignore", invalid="ignore"):  # (d/da of gammainc's own rule at z = 0)
        for dist in (stats.gamma, stats.chi2):
            for a in (0.5, 1.0, 2.0):
                f = lambda p: dist.cdf(0.0, p[0], 0.0, p[1])  # noqa: E731
                for h in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f)),
                          lambda f: wg.jacrev(wg.jacfwd(f))):
                    assert np.all(h(f)(np.array([a, 1.0])) == 0.0)


def test_kstwobign_logcdf_hessian_near_zero():
    # -log z - pi^2 / (8 z^2) of x - loc and scale apart: through z the Hessian in (x, scale) at 1e-100 was NaN by
    # forward over forward and over reverse (6 c / z^4 overflowing times dz/dscale)
    def truth(z):
        with mp.workdps(60):
            x, c = mp.mpf(z), mp.pi ** 2 / 8
            if z < 0.1:  # (the series' head -log z - c / z^2 alone: the next term is exp(-1e200) of it)
                return np.array([[float(1 / x ** 2 - 6 * c / x ** 4), float(4 * c / x ** 3)],
                                 [float(4 * c / x ** 3), float(-2 * c / x ** 2 - 1)]])

            def f(x, s):
                t = x / s
                return mp.log(mp.sqrt(2 * mp.pi) / t * mp.fsum(mp.exp(-(2 * k - 1) ** 2 * c / (t * t))
                                                             for k in range(1, 12)))
            return np.array([[float(mp.diff(f, (x, mp.mpf(1)), ((i == 0) + (j == 0), (i == 1) + (j == 1))))
                              for j in range(2)] for i in range(2)])
    f = lambda p: stats.kstwobign.logcdf(p[0], 0.0, p[1])  # noqa: E731
    for z in (1e-100, 0.19, 0.21):
        t = truth(z)
        for h in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f)),
                  lambda f: wg.jacrev(wg.jacfwd(f))):
            np.testing.assert_allclose(h(f)(np.array([z, 1.0])), t, rtol=1e-12)


def test_invgauss_logpdf_below_1e_150_in_x_and_scale_apart():
    # -1.5 log z - 1 / (2 z) of x - loc and scale apart below z = 1e-150: through z d/dscale at 1e-200 was -inf and
    # the Hessian in (x, scale) NaN; the truths from the closed form (mu = 1, scale 1) at 50 digits
    f = lambda p: stats.invgauss.logpdf(p[0], 1.0, 0.0, p[1])  # noqa: E731
    for z in (1e-200, 1e-160, 1e-140):
        with mp.workdps(50):
            x = mp.mpf(z)
            grad = [float(-1.5 / x + 1 / (2 * x * x) - 0.5), float(0.5 - 1 / (2 * x) + x / 2)]
            hess = [[float(1.5 / x ** 2 - 1 / x ** 3), float(1 / (2 * x * x) + 0.5)],
                    [float(1 / (2 * x * x) + 0.5), float(-0.5 - x)]]
        np.testing.assert_allclose(wg.grad(f)(np.array([z, 1.0])), grad, rtol=1e-14)
        for h in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f)),
                  lambda f: wg.jacrev(wg.jacfwd(f))):
            np.testing.assert_allclose(h(f)(np.array([z, 1.0])), hess, rtol=1e-14)


def test_fatiguelife_log_functions_below_1e_100_in_x_and_scale_apart():
    # a log z - 1 / (2 c^2 z) of x - loc and scale apart below z = 1e-100 (a = -3/2 in the log density, 1/2 in the log
    # cdf): through z d/dscale at 1e-200 was -inf and the Hessians NaN; the truths from the leading terms at c = 1,
    # scale 1 (the others below 1e-100 of them in every entry but d2/dscale2, a / scale^2 - 1 / scale^2 [logpdf])
    for fn, a, ss in (("logpdf", -1.5, -0.5), ("logcdf", 0.5, 0.5)):
        f = lambda p: getattr(stats.fatiguelife, fn)(p[0], p[1], 0.0, p[2])  # noqa: E731
        with mp.workdps(50):
            x = mp.mpf(1e-200)
            grad = [float(a / x + 1 / (2 * x * x)), float(1 / x), float(-1 / (2 * x))]
            hess = [[-np.inf, float(-1 / x ** 2), float(1 / (2 * x * x))],
                    [float(-1 / x ** 2), float(-3 / x), float(1 / x)],
                    [float(1 / (2 * x * x)), float(1 / x), ss]]
        np.testing.assert_allclose(wg.grad(f)(np.array([1e-200, 1.0, 1.0])), grad, rtol=1e-14)
        for h in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f)),
                  lambda f: wg.jacrev(wg.jacfwd(f))):
            np.testing.assert_allclose(h(f)(np.array([1e-200, 1.0, 1.0])), hess, rtol=1e-12)
