"""Derivatives of ``wengert.scipy.stats`` at and very near the ends of a support, where a
formula that is right inside gave NaN, a wrong finite number, or a number where no derivative
exists. Expected values: closed forms, checked with mpmath at 40 digits.
"""
import numpy as np
import pytest
import scipy.special

import wengert as wg
from wengert.scipy import stats
from wengert.scipy.stats import dirichlet
from wengert.testing import check_grads


def _hessian(f, *args):
    """The Hessian of ``f`` at ``args`` twice: reverse over reverse, and forward over reverse."""
    n = len(args)
    rev = np.array([[float(v) for v in wg.grad(lambda *a: wg.grad(f, argnums=i)(*a), argnums=tuple(range(n)))(*args)]
                    for i in range(n)])
    fwd = np.array([[float(wg.jvp(lambda *a: wg.grad(f, argnums=i)(*a), args,
                                  tuple(1.0 if k == j else 0.0 for k in range(n)))[1]) for j in range(n)]
                    for i in range(n)])
    return rev, fwd


# truncnorm with one infinite end, at its finite end: the cdf (sf) there is 0 and written as
# a difference of ndtr; the unused branch was evaluated at (a + b) / 2 = inf, whose ndtr''
# (inf * 0) made the second derivatives in a (b) NaN, in both modes.
TRUNCNORM_AT_AN_END = [
    # (function of (x, end), the point, the Hessian: mpmath's, one-sided from inside)
    ("cdf at a, b = inf", lambda x, a: stats.truncnorm.cdf(x, a, np.inf), (-1.0, -1.0),
     [[0.28759997093917836, 0.08271374328421624], [0.08271374328421624, -0.45302745750761084]]),
    ("sf at b, a = -inf", lambda x, b: stats.truncnorm.sf(x, -np.inf, b), (2.0, 2.0),
     [[0.11049572535797992, 0.0030523263305965316], [0.0030523263305965316, -0.11660037801917298]]),
    ("sf at a, b = inf", lambda x, a: stats.truncnorm.sf(x, a, np.inf), (-1.0, -1.0),
     [[-0.28759997093917836, -0.08271374328421624], [-0.08271374328421624, 0.45302745750761084]]),
    ("cdf at b, a = -inf", lambda x, b: stats.truncnorm.cdf(x, -np.inf, b), (2.0, 2.0),
     [[-0.11049572535797992, -0.0030523263305965316], [-0.0030523263305965316, 0.11660037801917298]]),
]


@pytest.mark.parametrize("name, f, at, want", TRUNCNORM_AT_AN_END, ids=[c[0] for c in TRUNCNORM_AT_AN_END])
def test_truncnorm_tails_at_the_finite_end_of_a_half_infinite_support(name, f, at, want):
    for got in _hessian(f, *at):
        np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("fn", ["logcdf", "logsf", "logpdf", "pdf"])
def test_truncnorm_second_derivatives_with_an_infinite_end_are_never_nan(fn):
    f = getattr(stats.truncnorm, fn)
    for x, a, b in ((-1.0, -1.0, np.inf), (2.0, -np.inf, 2.0), (-3.0, -1.0, np.inf), (0.5, -np.inf, 2.0)):
        end = (lambda x, e: f(x, e, b)) if np.isfinite(a) else (lambda x, e: f(x, a, e))
        for h in _hessian(end, x, a if np.isfinite(a) else b):
            assert np.all(np.isfinite(h)), (fn, x, a, b, h)


# At an end of the support, with the shape where the density's power factor has exponent 0
# (z**(a - 1) at z = 0, a = 1), the density jumps in the shape: 0 above, finite at, inf below
# (its log: -inf, finite, +inf). The chain rule through power's 0 ** 0 convention gave a
# finite number (gamma.pdf(0, a) at a = 1: 0.577 = -digamma(1); chi2.pdf(0, df) at 2: 0.144;
# beta.pdf(0, a, 2) at 1: 3), and the log densities a finite second derivative. Refused now.
SHAPE_JUMPS = [
    ("gamma.pdf a", lambda a: stats.gamma.pdf(0.0, a), 1.0, "gamma.pdf has no derivative in a"),
    ("gamma.logpdf a", lambda a: stats.gamma.logpdf(2.0, a, 2.0), 1.0, "gamma.logpdf has no derivative in a"),
    ("gamma.pdf a, scale", lambda a: stats.gamma.pdf(1.0, a, 1.0, 3.0), 1.0, "gamma.pdf has no derivative in a"),
    ("chi2.pdf df", lambda df: stats.chi2.pdf(0.0, df), 2.0, "chi2.pdf has no derivative in df"),
    ("chi2.logpdf df", lambda df: stats.chi2.logpdf(0.0, df), 2.0, "chi2.logpdf has no derivative in df"),
    ("beta.pdf a", lambda a: stats.beta.pdf(0.0, a, 2.0), 1.0, "beta.pdf has no derivative in a"),
    ("beta.logpdf a", lambda a: stats.beta.logpdf(0.0, a, 2.0), 1.0, "beta.logpdf has no derivative in a"),
    ("beta.pdf b", lambda b: stats.beta.pdf(1.0, 2.0, b), 1.0, "beta.pdf has no derivative in b"),
    ("beta.logpdf b", lambda b: stats.beta.logpdf(3.0, 2.0, b, 1.0, 2.0), 1.0, "beta.logpdf has no derivative in b"),
    ("weibull_min.pdf c", lambda c: stats.weibull_min.pdf(0.0, c), 1.0, "weibull_min.pdf has no derivative in c"),
    ("weibull_min.logpdf c", lambda c: stats.weibull_min.logpdf(0.0, c), 1.0,
     "weibull_min.logpdf has no derivative in c"),
    ("dirichlet.pdf alpha", lambda a: stats.dirichlet.pdf(np.array([0.0, 0.5, 0.5]), np.stack([a, a + 1.0, 2.0 + 0 * a])),
     1.0, "dirichlet.logpdf \\(pdf\\) has no derivative in alpha"),
    ("dirichlet.logpdf alpha", lambda a: stats.dirichlet.logpdf(np.array([0.5, 0.0, 0.5]), np.stack([a + 1.0, a, a])),
     1.0, "dirichlet.logpdf \\(pdf\\) has no derivative in alpha"),
    ("gamma.pdf array", lambda a: np.sum(stats.gamma.pdf(np.array([0.5, 0.0]), a)), 1.0,
     "gamma.pdf has no derivative in a"),
]


@pytest.mark.parametrize("name, f, at, message", SHAPE_JUMPS, ids=[c[0] for c in SHAPE_JUMPS])
def test_a_shape_where_the_density_jumps_at_the_end_of_the_support_is_refused(name, f, at, message):
    float(f(at))  # the value itself is SciPy's (not refused)
    for order, mode in ((1, "rev"), (1, "fwd"), (2, "rev"), (2, "fwd")):
        with pytest.raises(wg.NoGradientRule, match=message + ".*jumps"):
            if order == 1:
                wg.grad(f)(at) if mode == "rev" else wg.jvp(f, (at,), (1.0,))
            else:
                wg.grad(wg.grad(f))(at) if mode == "rev" else wg.jvp(wg.grad(f), (at,), (1.0,))


def test_around_a_shape_jump_the_derivatives_are_the_usual_ones():
    # at the end of the support with a > 1 the density is 0 for every nearby a: derivative 0
    for f in (lambda a: stats.gamma.pdf(0.0, a), lambda a: stats.beta.pdf(0.0, a, 2.0),
              lambda a: stats.weibull_min.pdf(0.0, a)):
        assert float(wg.grad(f)(2.0)) == 0.0 and float(wg.grad(wg.grad(f))(2.0)) == 0.0
    # inside the support at a = 1 the derivative in a is the usual one: pdf (log x - digamma(1))
    x = 0.25
    want = np.exp(-x) * (np.log(x) + 0.5772156649015329)
    assert np.isclose(float(wg.grad(lambda a: stats.gamma.pdf(x, a))(1.0)), want, rtol=1e-12)
    check_grads(lambda a, x: stats.gamma.pdf(x, a), 1.0, 1e-3, order=2, modes=("rev", "fwd"))
    # with the shape a constant, the derivatives in x at the end are the one-sided ones from
    # inside (the support's convention): exp(-x) gives -1 and 1
    for got in (wg.grad(lambda x: stats.gamma.pdf(x, 1.0))(0.0), wg.jvp(lambda x: stats.gamma.pdf(x, 1.0), (0.0,), (1.0,))[1]):
        assert float(got) == -1.0
    assert _hessian(lambda x: stats.gamma.pdf(x, 1.0), 0.0)[0][0, 0] == 1.0
    assert _hessian(lambda x: stats.gamma.pdf(x, 1.0), 0.0)[1][0, 0] == 1.0


# Within 1e-150 of the end the densities were exp(log density): its second derivative
# pdf (L'^2 + L'') is inf - inf there (1/z^2 overflows). gamma.pdf(1e-300, 2.0, 0, 1.5):
# -1.5e284 by reverse over reverse, -inf forward over reverse, for -0.593; geom.pmf(3, p) at
# p = 1e-300 gave -1.5e284 in both modes for -4, and at 1e-200, -2 in both.
S = 1.5
NEAR_THE_END = [
    ("gamma.pdf a=2", lambda x: stats.gamma.pdf(x, 2.0, 0.0, S), -2.0 / S ** 3),
    ("gamma.pdf a=3", lambda x: stats.gamma.pdf(x, 3.0), 1.0),
    ("chi2.pdf df=4", lambda x: stats.chi2.pdf(x, 4.0), -0.25),
    ("chi2.pdf df=2", lambda x: stats.chi2.pdf(x, 2.0), 0.125),
    ("beta.pdf 2, 2", lambda x: stats.beta.pdf(x, 2.0, 2.0), -12.0),
    ("beta.pdf 1, 2", lambda x: stats.beta.pdf(x, 1.0, 2.0), 0.0),
    ("beta.pdf 3, 2", lambda x: stats.beta.pdf(x, 3.0, 2.0), 24.0),
    ("weibull_min.pdf c=1", lambda x: stats.weibull_min.pdf(x, 1.0), 1.0),
    ("binom.pmf 1, 5", lambda p: stats.binom.pmf(1, 5, p), -40.0),
    ("binom.pmf 2, 5", lambda p: stats.binom.pmf(2, 5, p), 20.0),
    ("geom.pmf 3", lambda p: stats.geom.pmf(3, p), -4.0),
    ("nbinom.pmf 0, 2", lambda p: stats.nbinom.pmf(0, 2.0, p), 2.0),
    ("nbinom.pmf 1, 1", lambda p: stats.nbinom.pmf(1, 1.0, p), -2.0),
    ("poisson.pmf 1", lambda m: stats.poisson.pmf(1, m), -2.0),
    ("poisson.pmf 2", lambda m: stats.poisson.pmf(2, m), 1.0),
]


@pytest.mark.parametrize("x", [1e-300, 1e-250, 1e-200, 1e-160, 1e-151, 1e-150])
@pytest.mark.parametrize("name, f, want", NEAR_THE_END, ids=[c[0] for c in NEAR_THE_END])
def test_second_derivative_within_1e150_of_the_end_of_the_support(name, f, want, x):
    for h in _hessian(f, x):
        assert np.isclose(h[0, 0], want, rtol=1e-12, atol=1e-12), (name, x, h)


@pytest.mark.parametrize("x", [1e-300, 1e-200])
def test_mixed_derivatives_within_1e150_of_the_end(x):
    # gamma.pdf(x, a) = x^(a-1) e^-x / Gamma(a): d/da = pdf (log x - psi(a)), and its d/dx at
    # a = 2 is e^-x ((1 - x) (log x - psi(2)) + 1)
    psi2 = 0.42278433509846713
    lx = np.log(x)
    want_xa = np.exp(-x) * (1.0 + (1.0 - x) * (lx - psi2))
    for h in _hessian(lambda x, a: stats.gamma.pdf(x, a), x, 2.0):
        assert np.isclose(h[0, 1], want_xa, rtol=1e-12) and np.isclose(h[1, 0], want_xa, rtol=1e-12)
        assert np.isclose(h[0, 0], -2.0 * np.exp(-x) + x * np.exp(-x), rtol=1e-12)


# -- dirichlet.pdf on a face of the simplex -----------------------------------------------

_ALPHA = np.array([2.0, 1.5, 3.0])


#: the normalizer gamma(6.5) / (gamma(2) gamma(1.5) gamma(3))
_C = 287.88527781504436 / (0.886226925452758 * 2.0)


def _pdf_paths(x, alpha, argnum):
    """d/d(argument argnum) sum(dirichlet.pdf(x, alpha)), on every path (a gradient)."""
    args = (x, alpha)

    def f(t):
        return np.sum(dirichlet.pdf(*(args[:argnum] + (t,) + args[argnum + 1:])))

    a = args[argnum]
    return {"grad": wg.grad(f)(a),
            "jvp": np.array([wg.jvp(f, (a,), (e,))[1] for e in np.eye(np.size(a)).reshape((-1,) + np.shape(a))]
                            ).reshape(np.shape(a))}


@pytest.mark.parametrize("x", [np.array([0.0, 0.3, 0.7]), np.array([0.0, 0.3])])
def test_dirichlet_pdf_is_zero_with_gradient_zero_in_alpha_at_a_zero_entry(x):
    # x[0] = 0 with alpha[0] = 2 > 1: the density is 0 for every alpha near, so its gradient
    # in alpha is 0 at every order (exp(logpdf) gave exp(-inf) * -inf = NaN)
    with np.errstate(divide="ignore", invalid="ignore"):
        for path, g in _pdf_paths(x, _ALPHA, 1).items():
            assert np.array_equal(g, np.zeros(3)), (path, g)
        hessian = wg.hessian(lambda a: dirichlet.pdf(x, a))(_ALPHA)
        assert np.array_equal(hessian, np.zeros((3, 3)))
        # its logarithm's stays -inf in alpha[0] (the convention of gamma.logpdf at 0)
        assert wg.grad(lambda a: dirichlet.logpdf(x, a))(_ALPHA)[0] == -np.inf


@pytest.mark.parametrize("alpha0, want", [(2.0, _C * np.sqrt(0.3) * 0.49), (3.0, 0.0), (1.5, np.inf)])
def test_dirichlet_pdf_gradient_in_x_at_a_zero_entry(alpha0, want):
    # d/dx[0] of C x0^(a0 - 1) x1^0.5 x2^2 at x0 = 0: finite for a0 = 2, 0 above, inf below
    # (it was NaN: exp(-inf) * inf)
    alpha = np.array([alpha0, 1.5, 3.0])
    c = np.exp(scipy.special.gammaln(alpha.sum()) - scipy.special.gammaln(alpha).sum())
    want = want if alpha0 != 2.0 else c * np.sqrt(0.3) * 0.49
    with np.errstate(divide="ignore", invalid="ignore"):
        for path, g in _pdf_paths(np.array([0.0, 0.3, 0.7]), alpha, 0).items():
            if alpha0 < 2 and path == "jvp":
                continue  # the power's JVP: inf * 0 (a zero tangent of 0 ** 0.5) is NaN there
            assert g[0] == pytest.approx(want, rel=1e-13, abs=0), path
            assert np.array_equal(g[1:], np.zeros(2)), (path, g)


def test_dirichlet_pdf_with_two_zero_entries_is_zero_with_gradient_zero():
    x = np.array([0.0, 0.0, 1.0])
    with np.errstate(divide="ignore", invalid="ignore"):
        assert dirichlet.pdf(x, _ALPHA) == 0.0
        for argnum in (0, 1):
            for path, g in _pdf_paths(x, _ALPHA, argnum).items():
                assert np.array_equal(g, np.zeros(3)), (argnum, path, g)  # was NaN (0 * inf)


def test_dirichlet_pdf_mixes_points_on_a_face_and_inside():
    x = np.array([[0.0, 0.2], [0.3, 0.3], [0.7, 0.5]])
    with np.errstate(divide="ignore", invalid="ignore"):
        inside = wg.grad(lambda a: dirichlet.pdf(x[:, 1], a))(_ALPHA)
        for path, g in _pdf_paths(x, _ALPHA, 1).items():
            np.testing.assert_allclose(g, inside, rtol=1e-14, err_msg=path)
        wg.testing.check_grads(lambda a: dirichlet.pdf(x[:, 1:], a), _ALPHA, order=2, modes=("rev", "fwd"))
    assert dirichlet.pdf(x, _ALPHA)[0] == 0.0
    assert dirichlet.pdf(x, _ALPHA)[1] == pytest.approx(np.exp(dirichlet.logpdf(x[:, 1], _ALPHA)), rel=1e-15, abs=0)


def _norm_hessians(f, v):
    v = np.array(v)
    with np.errstate(all="ignore"):
        return [np.asarray(h).tolist() for h in (wg.hessian(f)(v), wg.jacfwd(wg.jacfwd(f))(v),
                                                 wg.jacobian(wg.grad(f))(v))]


@pytest.mark.parametrize("method", ["ppf", "isf"])
@pytest.mark.parametrize("q", [0.0, 1.0])
def test_norm_quantile_hessian_at_q_0_and_1(method, q):
    # loc + sign scale ndtri(q) is -inf / inf at q = 0, 1 for every loc and scale: its derivative in q (ndtri's, inf)
    # and the value are constants in loc and scale (0 there, the convention of t.ppf's ends); d2/dq2 is sign
    # scale ndtri'' = -inf at q = 0 (ppf). The Hessian in (q, scale) was [[nan, nan], [inf, 0]] and in (q, loc) had NaN
    # in d2/dq dloc: forward mode took 0 tangents times -inf in the products
    f = getattr(stats.norm, method)
    sign = (-1.0 if q == 0.0 else 1.0) * (1.0 if method == "ppf" else -1.0)
    want = [[sign * np.inf, 0.0], [0.0, 0.0]]
    for h in _norm_hessians(lambda v: f(v[0], 0.0, v[1]), [q, 3.0]) + _norm_hessians(lambda v: f(v[0], v[1]), [q, 3.0]):
        assert h == want
    assert float(wg.grad(lambda s: f(q, 1.0, s))(2.0)) == 0.0 and float(wg.grad(lambda m: f(q, m, 2.0))(1.0)) == 0.0
    assert float(wg.grad(lambda t: f(t, 1.0, 2.0))(q)) == sign * (-1.0 if q == 0.0 else 1.0) * np.inf


def test_norm_quantile_beside_its_ends_and_ndtri_at_them():
    # an end beside an inner q: the inner entries' derivatives as before (the sum's d/dscale was NaN: inf - inf)
    mp = pytest.importorskip("mpmath")
    inner = float(mp.sqrt(2) * mp.erfinv(2 * mp.mpf(0.3) - 1))  # (ndtri(0.3))
    qs = np.array([0.0, 0.3, 1.0])
    with np.errstate(invalid="ignore"):  # (the sum's value: -inf + inf)
        assert float(wg.grad(lambda s: stats.norm.ppf(qs, 1.0, s).sum())(2.0)) == pytest.approx(inner, rel=1e-15)
        assert float(wg.grad(lambda s: stats.norm.isf(qs, 1.0, s).sum())(2.0)) == pytest.approx(-inner, rel=1e-15)
    h = np.asarray(wg.hessian(lambda v: stats.norm.ppf(v[0], 0.0, v[1]))(np.array([0.3, 3.0])))
    slope = float(mp.sqrt(2 * mp.pi) * mp.exp(mp.mpf(inner) ** 2 / 2))
    assert h.ravel().tolist() == pytest.approx([3.0 * inner * slope ** 2, slope, slope, 0.0], rel=1e-14)
    # special.ndtri itself at 0 and 1: ndtri' = inf, ndtri'' = ndtri ndtri'^2 = -inf, inf
    from wengert.scipy import special as ws
    for q, second in ((0.0, -np.inf), (1.0, np.inf)):
        with np.errstate(all="ignore"):
            got = [wg.grad(ws.ndtri)(q), wg.grad(wg.grad(ws.ndtri))(q), wg.jvp(wg.grad(ws.ndtri), (q,), (1.0,))[1]]
        assert [float(v) for v in got] == [np.inf, second, second]


#: The quantiles of every continuous distribution with a ppf, at q = 0 and 1 (session 29's survey, at these shapes):
#: where the support's end is infinite, ``"ppf0-"`` (ppf(0) = -inf), ``"ppf1+"``, ``"isf0+"``, ``"isf1-"``. The other
#: ends are finite (expon.ppf(0) = loc: ordinary derivatives in loc and scale; arcsine, beta, triang, uniform, loguniform,
#: truncexpon, johnsonsb, powerlaw both ends; genextreme's upper end and weibull_max's at c > 0).
_QUANTILE_ENDS = {
    "anglit": ((), ""), "cosine": ((), ""), "semicircular": ((), ""), "alpha": ((1.5,), "ppf1+ isf0+"),
    "halfgennorm": ((1.5,), "ppf1+ isf0+"), "exponpow": ((2.5,), "ppf1+ isf0+"),
    "powernorm": ((2.5,), "ppf0- ppf1+ isf0+ isf1-"),
    "jf_skew_t": ((2.5, 0.7), "ppf0- ppf1+ isf0+ isf1-"),
    "bradford": ((1.5,), ""), "dgamma": ((1.5,), "ppf0- ppf1+ isf0+ isf1-"),
    "exponweib": ((1.5, 2.0), "ppf1+ isf0+"), "foldcauchy": ((1.5,), "ppf1+ isf0+"),
    "arcsine": ((), ""), "beta": ((2.5, 3.5), ""), "betaprime": ((2.5, 3.5), "ppf1+ isf0+"),
    "burr": ((3.0, 3.0), "ppf1+ isf0+"), "burr12": ((3.0, 3.0), "ppf1+ isf0+"),
    "mielke": ((3.0, 1.5), "ppf1+ isf0+"), "kappa3": ((1.5,), "ppf1+ isf0+"), "genhalflogistic": ((0.5,), ""),
    "truncpareto": ((2.0, 3.0), ""), "recipinvgauss": ((2.0,), "ppf1+ isf0+"), "trapezoid": ((0.2, 0.8), ""),
    "skewcauchy": ((0.3,), "ppf0- ppf1+ isf0+ isf1-"), "pearson3": ((0.5,), "ppf1+ isf0+"),
    "truncweibull_min": ((2.0, 1.0, 3.0), ""), "rdist": ((3.0,), ""),
    "kstwobign": ((), "ppf1+ isf0+"), "argus": ((1.0,), ""),
    "crystalball": ((1.0, 3.0), "ppf0- ppf1+ isf0+ isf1-"), "genexpon": ((1.0, 2.0, 3.0), "ppf1+ isf0+"),
    "powerlognorm": ((2.0, 1.0), "ppf1+ isf0+"), "rice": ((2.0,), "ppf1+ isf0+"), "foldnorm": ((1.5,), "ppf1+ isf0+"),
    "truncnorm": ((-1.0, 2.0), ""),
    "ncx2": ((3.0, 2.0), "ppf1+ isf0+"), "ncf": ((4.0, 6.0, 2.0), "ppf1+ isf0+"), "skewnorm": ((2.0,), "ppf0- ppf1+ isf0+ isf1-"),
    "nct": ((3.0, 2.0), "ppf0- ppf1+ isf0+ isf1-"),
    "irwinhall": ((3,), ""), "ksone": ((5,), ""), "vonmises": ((2.0,), "ppf0- ppf1+ isf0+ isf1-"),
    "vonmises_line": ((2.0,), ""),
    "rel_breitwigner": ((2.0,), "ppf1+ isf0+"), "kappa4": ((-0.5, 0.0), "ppf0- ppf1+ isf0+ isf1-"),
    "tukeylambda": ((-0.5,), "ppf0- ppf1+ isf0+ isf1-"),
    "cauchy": ((), "ppf0- ppf1+ isf0+ isf1-"), "chi": ((5.0,), "ppf1+ isf0+"), "chi2": ((5.0,), "ppf1+ isf0+"),
    "dweibull": ((1.7,), "ppf0- ppf1+ isf0+ isf1-"), "erlang": ((3.0,), "ppf1+ isf0+"), "expon": ((), "ppf1+ isf0+"),
    "exponnorm": ((2.5,), "ppf0- ppf1+ isf0+ isf1-"), "f": ((5.0, 9.0), "ppf1+ isf0+"),
    "fatiguelife": ((3.0,), "ppf1+ isf0+"), "fisk": ((3.0,), "ppf1+ isf0+"), "gamma": ((2.5,), "ppf1+ isf0+"),
    "genextreme": ((0.2,), "ppf0- isf1-"), "gengamma": ((2.5, 3.0), "ppf1+ isf0+"),
    "genlogistic": ((2.5,), "ppf0- ppf1+ isf0+ isf1-"), "gennorm": ((2.0,), "ppf0- ppf1+ isf0+ isf1-"), "genpareto": ((0.2,), "ppf1+ isf0+"), "gibrat": ((), "ppf1+ isf0+"),
    "gompertz": ((0.7,), "ppf1+ isf0+"), "gumbel_l": ((), "ppf0- ppf1+ isf0+ isf1-"),
    "gumbel_r": ((), "ppf0- ppf1+ isf0+ isf1-"), "halfcauchy": ((), "ppf1+ isf0+"), "halflogistic": ((), "ppf1+ isf0+"),
    "halfnorm": ((), "ppf1+ isf0+"), "hypsecant": ((), "ppf0- ppf1+ isf0+ isf1-"), "invgamma": ((2.5,), "ppf1+ isf0+"),
    "invgauss": ((3.0,), "ppf1+ isf0+"), "invweibull": ((3.0,), "ppf1+ isf0+"), "johnsonsb": ((2.5, 3.5), ""),
    "johnsonsu": ((2.5, 3.5), "ppf0- ppf1+ isf0+ isf1-"), "laplace": ((), "ppf0- ppf1+ isf0+ isf1-"),
    "laplace_asymmetric": ((2.0,), "ppf0- ppf1+ isf0+ isf1-"),
    "levy": ((), "ppf1+ isf0+"), "levy_l": ((), "ppf0- isf1-"), "loggamma": ((1.5,), "ppf0- ppf1+ isf0+ isf1-"),
    "logistic": ((), "ppf0- ppf1+ isf0+ isf1-"), "lognorm": ((0.5,), "ppf1+ isf0+"), "loguniform": ((2.5, 3.5), ""),
    "lomax": ((3.0,), "ppf1+ isf0+"), "maxwell": ((), "ppf1+ isf0+"), "moyal": ((), "ppf0- ppf1+ isf0+ isf1-"),
    "nakagami": ((2.5,), "ppf1+ isf0+"), "norm": ((), "ppf0- ppf1+ isf0+ isf1-"), "pareto": ((3.5,), "ppf1+ isf0+"),
    "powerlaw": ((2.5,), ""), "rayleigh": ((), "ppf1+ isf0+"), "t": ((5.0,), "ppf0- ppf1+ isf0+ isf1-"),
    "triang": ((0.4,), ""), "truncexpon": ((3.5,), ""), "uniform": ((), ""), "wald": ((), "ppf1+ isf0+"),
    "weibull_max": ((3.0,), "ppf0- isf1-"), "weibull_min": ((3.0,), "ppf1+ isf0+"), "wrapcauchy": ((0.5,), ""),
}


#: Finite quantile ends where the density vanishes, so that the slope in q is infinite (shapes; the ends, as in
#: _QUANTILE_ENDS): ``loc + scale z(q)`` there has d/dq ``s inf`` (s the slope's sign: + for ppf, - for isf), d2/dq2
#: ``-inf`` at the support's lower end and ``+inf`` at its upper (z'' = -f' / f^3 -> -+inf: rayleigh's
#: ``sqrt(-2 log1p(-q))`` is ``sqrt(2 q) (1 + q / 4 + ...)``, z'' ~ -(2 q)^(-3/2) / 2 / ... -> -inf), d2/dq dscale ``s
#: inf``, d2/dq dloc 0 and d2/dq dshape 0 (the slope is infinite at every shape: the infinite ends' convention).
_STEEP_QUANTILE_ENDS = {
    "rayleigh": ((), "ppf0 isf1"), "levy": ((), "ppf0 isf1"), "levy_l": ((), "ppf1 isf0"), "wald": ((), "ppf0 isf1"),
    "lognorm": ((0.5,), "ppf0 isf1"), "gibrat": ((), "ppf0 isf1"), "weibull_min": ((3.0,), "ppf0 isf1"),
    "weibull_max": ((3.0,), "ppf1 isf0"), "maxwell": ((), "ppf0 isf1"), "fatiguelife": ((3.0,), "ppf0 isf1"),
    "invgauss": ((3.0,), "ppf0 isf1"), "powerlaw": ((2.5,), "ppf0 isf1"), "gengamma": ((2.5, 3.0), "ppf0 isf1"),
    "anglit": ((), "ppf0 ppf1 isf0 isf1"), "triang": ((0.4,), "ppf0 ppf1 isf0 isf1"), "genextreme": ((0.2,), "ppf1 isf0"),
    "burr12": ((3.0, 3.0), "ppf0 isf1"), "fisk": ((3.0,), "ppf0 isf1"),
    "mielke": ((3.0, 1.5), "ppf0 isf1"), "burr": ((3.0, 3.0), "ppf0 isf1"), "genhalflogistic": ((0.5,), "ppf1 isf0"),
    "cosine": ((), "ppf0 ppf1 isf0 isf1"), "semicircular": ((), "ppf0 ppf1 isf0 isf1"), "alpha": ((1.5,), "ppf0 isf1"),
    "exponpow": ((2.5,), "ppf0 isf1"),
    "invgamma": ((2.5,), "ppf0 isf1"), "invweibull": ((1.5,), "ppf0 isf1"), "chi": ((5.0,), "ppf0 isf1"),
    "nakagami": ((2.5,), "ppf0 isf1"), "johnsonsb": ((2.5, 3.5), "ppf0 ppf1 isf0 isf1"),
    "recipinvgauss": ((2.0,), "ppf0 isf1"),
    "trapezoid": ((0.2, 0.8), "ppf0 ppf1 isf0 isf1"), "pearson3": ((0.5,), "ppf0 isf1"), "kstwobign": ((), "ppf0 isf1"),
    "argus": ((1.0,), "ppf0 ppf1 isf0 isf1"), "powerlognorm": ((2.0, 1.0), "ppf0 isf1"), "rice": ((2.0,), "ppf0 isf1"),
}


#: d2/dq dshape's limits at the first steep end above, relative to the slope (the sign of its magnitude's growth with
#: the shape; checked against SciPy below); triang's (its c closed over) by the chain rule. Every one is +-inf: a
#: convention of 0 (dd75d20's) was wrong in each, lognorm's -inf is mpmath's (test_stats_lognorm_quantile_ends.py)
_STEEP_MIXED_DIRECTIONS = {"lognorm": (-1.0,), "weibull_min": (1.0,), "weibull_max": (1.0,), "fatiguelife": (-1.0,),
                           "powerlaw": (1.0,), "gengamma": (1.0, 1.0), "triang": (1.0,), "genextreme": (-1.0,),
                           "burr12": (1.0, -1.0), "fisk": (1.0,), "invgauss": (1.0,), "alpha": (-1.0,),
                           "mielke": (1.0, -1.0), "burr": (1.0, 1.0), "exponpow": (1.0,), "invgamma": (-1.0,),
                           "invweibull": (1.0,), "chi": (1.0,), "nakagami": (1.0,), "johnsonsb": (-1.0, 1.0),
                           "genhalflogistic": (-1.0,), "recipinvgauss": (-1.0,), "trapezoid": (1.0, 1.0),
                           "pearson3": (-1.0,), "argus": (1.0,),
                           "powerlognorm": (-1.0, -1.0), "rice": (1.0,)}


@pytest.mark.parametrize("name", sorted(set(_STEEP_MIXED_DIRECTIONS) - {"triang"}) + ["genextreme-lower",
                                                                                       "gengamma-negative",
                                                                                       "johnsonsb-upper"])
def test_steep_mixed_directions_are_scipys(name):
    """The declared direction of d2/dq dshape at a steep end is that of SciPy's slope ``1 / pdf(ppf(q))`` moved by
    each shape (central differences) at q 1e-8 and 1e-12 from the end, where the leading term rules."""
    ST = pytest.importorskip("scipy.stats")
    shapes, ends = _STEEP_QUANTILE_ENDS.get(name, ((), ""))
    directions = _STEEP_MIXED_DIRECTIONS.get(name)
    end = ends.split()[0] if ends else None
    if name == "genextreme-lower":
        name, shapes, end, directions = "genextreme", (-0.5,), "ppf0", (1.0,)
    if name == "gengamma-negative":
        name, shapes, end, directions = "gengamma", (2.5, -3.0), "ppf0", (-1.0, -1.0)
    if name == "johnsonsb-upper":  # (the log slope's b-derivative (n - a) / b^2 - 1 / b: positive at u = 1e-8 for
        # a = 0.5, b = 1.5; at a = 2.5, b = 3.5 from u ~ 1e-10 on)
        name, shapes, end, directions = "johnsonsb", (0.5, 1.5), "ppf1", (1.0, 1.0)
    dist = getattr(ST, name)

    def slope(q, shapes):
        return 1.0 / dist.pdf(dist.ppf(q, *shapes), *shapes)
    for u in (1e-8, 1e-12):
        q = u if end == "ppf0" else 1.0 - u
        assert end[:3] == "ppf" and slope(q, shapes) > 0
        for i, direction in enumerate(directions):
            h = 1e-5 * max(1.0, abs(shapes[i]))
            up, down = list(shapes), list(shapes)
            up[i] += h
            down[i] -= h
            assert np.sign(slope(q, up) - slope(q, down)) == direction, (name, i, u)


@pytest.mark.parametrize("name", ["invgauss", "recipinvgauss", "gengamma", "weibull_min", "rice"])
def test_steep_end_with_a_scalar_q_against_an_array_of_shapes(name):
    # q = 0 (ppf) or 1 (isf) a scalar, the first shape an array: each entry's d2/dq dshape is its declared limit
    # (_STEEP_MIXED_DIRECTIONS, checked against SciPy above), as with a scalar shape. The end's slope was found by a jvp
    # whose tangent had q's shape, not the shapes': it raised, the ends were taken as not steep, and the chain rule
    # gave invgauss's and recipinvgauss's 0 for +-inf (NaN for gengamma; weibull_min, fisk, chi, ... refused)
    shapes, ends = _STEEP_QUANTILE_ENDS[name]
    first = np.array([shapes[0], 1.1 * shapes[0]])
    for end in ends.split()[:2]:
        method, q = getattr(getattr(stats, name), end[:3]), float(end[3])

        def f(q, s):
            return np.sum(method(q, s, *shapes[1:], 0.25, 1.5))
        want = [(1.0 if end[:3] == "ppf" else -1.0) * np.inf * _STEEP_MIXED_DIRECTIONS[name][0]] * 2
        for route in (lambda: wg.grad(wg.grad(f, argnums=0), argnums=1)(q, first),
                      lambda: wg.jacfwd(wg.grad(f, argnums=1), argnums=0)(q, first)):
            assert np.asarray(route()).tolist() == want, (name, end)


@pytest.mark.parametrize("name, q, shape", [("invgauss.ppf", 0.0, 0.5), ("gamma.ppf", 0.0, 2.0),
                                            ("beta.isf", 1.0, 2.0), ("beta.ppf", 0.0, 2.0)])
def test_jit_replays_a_quantile_at_its_steep_end(name, q, shape):
    # the end's slope was found by wengert.jvp, a runner inside wengert.jit's recording: the signature re-recorded
    # every call (not_replayable 1, replays 0); now forward mode's own pass at the plain values (beta's quantiles:
    # beta.isf(1, 2, 0.25, 1.5), b = 0.25, loc 1.5, re-recorded until betaincinv's checked inverses had a JVP of their
    # own, their forward mode the transposed pullback, a runner)
    dist, method = name.split(".")
    fn = getattr(getattr(stats, dist), method)
    jf = wg.jit(lambda s: fn(q, s, 0.25, 1.5))
    want = wg.grad(lambda s: fn(q, s, 0.25, 1.5))(shape)
    for _ in range(3):
        assert wg.grad(jf)(shape) == want
    assert jf.stats["replays"] == 2 and jf.stats["not_replayable"] == 0


@pytest.mark.parametrize("method, q, a, b, slope", [("isf", 1.0, 2.0, 0.25, -np.inf), ("isf", 0.0, 0.5, 3.0, -np.inf),
                                                    ("ppf", 0.0, 2.0, 3.0, np.inf), ("ppf", 1.0, 0.5, 3.0, np.inf)])
def test_beta_quantile_at_an_end_is_constant_in_its_shapes_by_forward_mode(method, q, a, b, slope):
    # the quantile is the end (0 or 1) for every a and b there, so d/da = d/db = 0 exactly, d/dq +-1 / density = +-inf;
    # 30e05d3's JVP of betaincinv's checked inverses multiplied q's zero tangent by that infinite slope: jvp and jacfwd
    # of beta.isf(1, 2, 0.25) in a and b were NaN, NaN (reverse mode 0, 0)
    fn = getattr(stats.beta, method)

    def f(v):
        return fn(v[0], v[1], v[2])
    v = np.array([q, a, b])
    with np.errstate(all="ignore"):
        assert wg.jacfwd(f)(v).tolist() == [slope, 0.0, 0.0]
        assert [float(wg.jvp(f, (v,), (e,))[1]) for e in np.eye(3)] == [slope, 0.0, 0.0]
        assert wg.grad(f)(v).tolist() == [slope, 0.0, 0.0]

@pytest.mark.parametrize("name", sorted(_STEEP_QUANTILE_ENDS))
def test_finite_quantile_ends_with_an_infinite_slope(name):
    # the chain rule gave inf - inf in d2/dq2 and 0 * inf in d2/dq dloc there: rayleigh.ppf's Hessian in (q, loc) at
    # (0, 0.25) was [[nan, 0], [0, 0]], now [[-inf, 0], [0, 0]]; genextreme's raised a TypeError (boxcox's rule)
    shapes, ends = _STEEP_QUANTILE_ENDS[name]
    dist = getattr(stats, name)
    for end in ends.split():
        method, q = getattr(dist, end[:3]), float(end[3])
        value = float(method(q, *shapes, 0.25, 1.5))
        assert np.isfinite(value), (name, end)
        slope = 1.0 if end[:3] == "ppf" else -1.0
        lower = value == float(method(0.0 if slope > 0 else 1.0, *shapes, 0.25, 1.5))
        v = np.array([q, 0.25, 1.5])
        want = [[(-1.0 if lower else 1.0) * np.inf, 0.0, slope * np.inf], [0.0, 0.0, 0.0], [slope * np.inf, 0.0, 0.0]]

        def f(v, method=method):
            return method(v[0], *shapes, v[1], v[2])
        assert np.asarray(wg.grad(f)(v)).tolist() == [slope * np.inf, 1.0, (value - 0.25) / 1.5], (name, end)
        for route in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f))):
            assert np.asarray(route(f)(v)).tolist() == want, (name, end)
    if shapes:  # in the shapes too: the end's own derivatives (genextreme's loc + scale / c), mixed with q the limits
        end = ends.split()[0]
        method, q = getattr(dist, end[:3]), float(end[3])
        h = np.asarray(wg.hessian(lambda v: method(v[0], *v[1:], 0.25, 1.5))(np.array([q, *shapes])))
        slope = 1.0 if end[:3] == "ppf" else -1.0
        want = [slope * np.inf * d for d in _STEEP_MIXED_DIRECTIONS[name]]
        np.testing.assert_array_equal(h[0, 1:], want, err_msg=f"{name} {end}")
        np.testing.assert_array_equal(h[1:, 0], want, err_msg=f"{name} {end}")
        assert np.all(np.isfinite(h[1:, 1:])), (name, end)
        if name == "genextreme":  # 1.5 / c: d2/dc2 = 3 / c^3
            assert h[1, 1] == pytest.approx(3.0 / 0.2 ** 3, rel=1e-14)


@pytest.mark.parametrize("name", ["invgamma", "invweibull", "recipinvgauss"])
def test_quantile_end_where_the_density_vanishes_faster_than_any_power(name):
    # ppf(0) and isf(1) are 0 at every shape; the chain rule met inf / inf there (1 / gammainccinv(a, 0), (-log q)^(-1/c)
    # at q = 0): grad of invgamma.ppf in (q, a) at (0, 2.5) was [nan, nan], now [inf, 0]; the Hessian (refused in a,
    # NaN for invweibull) [[-inf, d inf], [d inf, 0]], d the limit's sign: invgamma's mpmath's (below), invweibull's
    # exact, the slope (-log u)^(-1/c - 1) / (c u) times (log(-log u) / c^2 - 1/c) in c: +inf (from u = exp(-e^c) on:
    # at c = 1.5 in _STEEP_QUANTILE_ENDS, not 3, so that SciPy's slopes at u = 1e-8 have the limit's sign)
    dist, shape = getattr(stats, name), _STEEP_QUANTILE_ENDS[name][0][0]
    d = _STEEP_MIXED_DIRECTIONS[name][0]
    for method, q, slope in (("ppf", 0.0, 1.0), ("isf", 1.0, -1.0)):
        def f(q, s, method=getattr(dist, method)):
            return method(q, s, 0.25, 1.5)
        assert float(f(q, shape)) == 0.25
        assert [float(v) for v in wg.grad(f, argnums=(0, 1))(q, shape)] == [slope * np.inf, 0.0], (name, method)
        want = [[-np.inf, slope * d * np.inf], [slope * d * np.inf, 0.0]]
        for h in _hessian(f, q, shape):  # grad of grad, jvp of grad
            assert h.tolist() == want, (name, method)
        v = np.array([q, shape])
        for route in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f))):
            assert np.asarray(route(lambda v: f(v[0], v[1]))(v)).tolist() == want, (name, method)


@pytest.mark.parametrize("name, shape", [("chi", 0.7), ("chi", 1.0), ("chi", 0.5), ("nakagami", 0.35),
                                         ("nakagami", 0.5), ("nakagami", 0.25)])
def test_chi_and_nakagami_quantile_end_with_a_finite_slope(name, shape):
    # ppf(0) = isf(1) = loc at every shape, x ~ A u^p (p = 1 / df, 1 / (2 nu)) at least 1: the slope A p u^(p - 1) is 0
    # or A; d/dshape was NaN (gammaincinv's in a at 0), the Hessian refused, now exact: d/dshape 0, d2/dq2
    # A p (p - 1) u^(p - 2) (inf at p = 1.43, 2 A at p = 2; 0 at p = 1, erfinv's), d2/dq dscale the slope, d2/dq dshape
    # the limit of u^(p - 1) ((A p)' + A p p' log u): 0 for p > 1, +inf times the slope's sign at p = 1
    df = shape if name == "chi" else 2.0 * shape
    p = 1.0 / df
    A = (2.0 ** (df / 2) * scipy.special.gamma(df / 2 + 1)) ** p / (1.0 if name == "chi" else np.sqrt(df))
    slope = A if p == 1 else 0.0
    curvature = {1.0: 0.0, 2.0: 2.0 * A}.get(p, np.inf)
    dist = getattr(stats, name)
    for method, q, s in (("ppf", 0.0, 1.0), ("isf", 1.0, -1.0)):
        def f(q, c, loc, scale, method=getattr(dist, method)):
            return method(q, c, loc, scale)
        args = (q, shape, 0.25, 1.5)
        assert float(f(*args)) == 0.25
        grad = [float(v) for v in wg.grad(f, argnums=(0, 1, 2, 3))(*args)]
        np.testing.assert_allclose(grad, [s * 1.5 * slope, 0.0, 1.0, 0.0], rtol=1e-13, err_msg=f"{name} {method}")
        mixed = s * np.inf if p == 1 else 0.0
        want = [[1.5 * curvature, mixed, 0.0, s * slope], [mixed, 0, 0, 0], [0, 0, 0, 0], [s * slope, 0, 0, 0]]
        with np.errstate(divide="ignore"):  # (grad of grad: power's own pullback, 0 ** (p - 2), warns at p < 2)
            routes = [*_hessian(f, *args), *(np.asarray(route(lambda v: f(*v))(np.array(args)))
                                             for route in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f))))]
        for h in routes:  # grad of grad, jvp of grad, hessian, jacfwd(jacfwd)
            np.testing.assert_allclose(h, want, rtol=1e-13, atol=0, err_msg=f"{name} {method}")
    if p == 1:  # the limit's sign: SciPy's slope 1 / pdf(ppf(u)) grows with the shape at u = 1e-8 and 1e-12
        ST = pytest.importorskip("scipy.stats")
        for u in (1e-8, 1e-12):
            up, down = (getattr(ST, name).pdf(getattr(ST, name).ppf(u, c), c) for c in (shape * 1.00001, shape / 1.00001))
            assert 1.0 / up > 1.0 / down


def test_johnsonsb_quantile_hessian_at_both_ends():
    # x = expit((ndtri(q) - a) / b) is 0 and 1 at every a, b; the slope x (1 - x) / (b phi(n)) is +inf at both (the
    # chain rule's expit' 0 times ndtri' inf: NaN in grad and the Hessian); its log's derivatives as |n| -> inf: in a
    # -1/b at 0, +1/b at 1, in b +inf at both (_johnsonsb_steep). ppf's Hessian in (q, a, b) at q = 0 was all NaN in
    # its first and last rows, now [[-inf, -inf, inf], [-inf, 0, 0], [inf, 0, 0]]; at 1 [[inf, inf, inf], ...]
    for method, q, s in (("ppf", 0.0, 1.0), ("ppf", 1.0, 1.0), ("isf", 0.0, -1.0), ("isf", 1.0, -1.0)):
        def f(q, a, b, method=getattr(stats.johnsonsb, method)):
            return method(q, a, b, 0.25, 1.5)
        lower = (q == 0.0) == (s > 0)
        args = (q, 2.5, 3.5)
        assert float(f(*args)) == (0.25 if lower else 1.75)
        assert [float(v) for v in wg.grad(f, argnums=(0, 1, 2))(*args)] == [s * np.inf, 0.0, 0.0], (method, q)
        da = s * (-1.0 if lower else 1.0) * np.inf
        want = [[(-1.0 if lower else 1.0) * np.inf, da, s * np.inf], [da, 0.0, 0.0], [s * np.inf, 0.0, 0.0]]
        for h in (*_hessian(f, *args), *(np.asarray(route(lambda v: f(*v))(np.array(args)))
                                         for route in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f))))):
            assert np.asarray(h).tolist() == want, (method, q)


@pytest.mark.parametrize("c", [0.7, 1.0, 0.5])
def test_weibull_quantile_end_at_c_at_most_1(c):
    # x = loc +- scale L^p, p = 1 / c >= 1, L ~ u at the end: slope 0 (1 at c = 1), d2/dq2 +-inf at p in (1, 2) (+-2 at
    # p = 2; +-1 from L = -log(1 - u) at p = 1), d2/dq dc the limit of u^(p - 1) (... + p' log u): 0, +inf times the
    # slope's sign at p = 1 (refused before: power's kink); jacfwd(jacfwd) had NaN in d2/dq dloc, dc, dscale at c = 0.7
    for name, method, q, s in (("weibull_min", "ppf", 0.0, 1.0), ("weibull_min", "isf", 1.0, -1.0),
                               ("weibull_max", "ppf", 1.0, 1.0), ("weibull_max", "isf", 0.0, -1.0)):
        def f(q, c, loc, scale, method=getattr(getattr(stats, name), method)):
            return method(q, c, loc, scale)
        args = (q, c, 0.25, 1.5)
        slope = s * (1.0 if c == 1.0 else 0.0)
        assert [float(v) for v in wg.grad(f, argnums=(0, 1, 2, 3))(*args)] == [1.5 * slope, 0.0, 1.0, 0.0]
        curvature = (1.0 if name == "weibull_min" else -1.0) * {1.0: 1.5, 0.5: 3.0}.get(c, np.inf)
        mixed = s * np.inf if c == 1.0 else 0.0
        want = [[curvature, mixed, 0.0, slope], [mixed, 0.0, 0.0, 0.0], [0.0] * 4, [slope, 0.0, 0.0, 0.0]]
        with np.errstate(divide="ignore"):  # (grad of grad: power's own pullback, 0 ** (p - 2), warns at p < 2)
            routes = [*_hessian(f, *args), *(np.asarray(route(lambda v: f(*v))(np.array(args)))
                                             for route in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f))))]
        for h in routes:  # grad of grad, jvp of grad, hessian, jacfwd(jacfwd)
            np.testing.assert_allclose(h, want, rtol=1e-14, atol=0, err_msg=f"{name} {method} {c}")


#: burr's and burr12's density at x = 0, c d z^e (1 + z^c)^(-d - 1) with e = c d - 1 (burr), c - 1 (burr12): (name, c,
#: d, its one-sided first and second derivatives there, from the first term of z^e - (d + 1) z^(e + c) + ... whose
#: power's factor is not 0). Before: NaN in the second wherever 0 < e < 1, or e > 0 and c < 2 (c != 1), and in the first
#: for c < 1 (53 of a grid of 144: burr12 at 1 < c < 2), from the product's 0 * inf and inf * 0
_BURR_DENSITY_AT_ZERO = [
    ("burr", 1.5, 1.0, np.inf, -np.inf), ("burr", 0.8, 2.0, np.inf, -np.inf), ("burr", 0.5, 4.0, 2.0, -np.inf),
    ("burr", 1.0, 2.0, 2.0, -12.0), ("burr", 1.7, 2.0, 0.0, 0.0), ("burr", 1.3, 0.5, -np.inf, np.inf),
    ("burr12", 1.7, 2.0, np.inf, -np.inf), ("burr12", 1.3, 0.5, np.inf, -np.inf),
]


@pytest.mark.parametrize("name, c, d, first, second", _BURR_DENSITY_AT_ZERO)
def test_burr_densities_at_zero(name, c, d, first, second):
    dist = getattr(stats, name)

    def f(x):
        return dist.pdf(x, c, d)
    with np.errstate(divide="ignore"):  # (power's own pullbacks, 0 ** (e - 1) and 0 ** (e - 2), warn: the core's)
        assert float(wg.grad(f)(0.0)) == first
        got = [float(wg.grad(wg.grad(f))(0.0)), float(wg.jvp(wg.grad(f), (0.0,), (1.0,))[1]),
               *(float(np.asarray(route(lambda v: f(v[0]))(np.zeros(1)))[0, 0])
                 for route in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f))))]
    assert got == [second] * 4
    mpmath = pytest.importorskip("mpmath")  # the limits from the right, mpmath at 50 digits
    with mpmath.workdps(50):
        e = c * d - 1.0 if name == "burr" else c - 1.0

        def density(z):
            return c * d * z ** e * (1 + z ** c) ** (-d - 1)
        for want, order in ((first, 1), (second, 2)):
            near = [mpmath.diff(density, mpmath.mpf(z), order) for z in ("1e-12", "1e-24")]
            if np.isinf(want):
                assert np.sign(float(near[1])) == np.sign(want) and abs(near[1]) > abs(near[0]) > 1e3
            else:
                assert abs(float(near[1]) - want) < 1e-6


def test_quantile_ends_in_an_array_with_inner_points():
    # the end's value compared with the shapes moved at the ends only: with inner points (at 1/2 in the comparison,
    # moving with the shapes) the ends took the chain rule, NaN in d/da at invgamma.ppf(0) in an array; weibull_min's
    # primitive at q = 0 took c's derivative there, 0 * inf
    q = np.array([0.0, 0.3, 1.0, 0.0])
    for name, method, shapes in (("invgamma", "ppf", [2.5, 1.0, 0.5, 3.0]), ("invgamma", "isf", [2.5, 1.0, 0.5, 3.0]),
                                 ("weibull_min", "ppf", [0.7, 1.0, 3.0, 2.0]), ("chi", "ppf", [0.7, 1.0, 5.0, 1.0])):
        method = getattr(getattr(stats, name), method)
        shapes = np.array(shapes)
        got = np.asarray(wg.grad(lambda s: method(q, s, 0.25, 1.5).sum())(shapes))
        inner = float(wg.grad(lambda s: method(0.3, s, 0.25, 1.5))(shapes[1]))
        assert got.tolist() == [0.0, inner, 0.0, 0.0], name


def test_invgamma_quantile_end_mixed_limit_is_mpmaths():
    # d/da of the slope 1 / pdf(ppf(u, a)) as u -> 0: mpmath (40 digits) at u = 1e-20 ... 1e-300, a = 0.5 and 2.5:
    # negative, its ratio to the slope -0.24 ... -0.015 (the slope ~ 1 / (u t^2), t = 1 / x growing with a like log L)
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        def slope(u, a):
            t0 = -mpmath.log(u) + (a - 1) * mpmath.log(-mpmath.log(u)) - mpmath.loggamma(a)
            t = mpmath.findroot(lambda t: mpmath.log(mpmath.gammainc(a, t, mpmath.inf, regularized=True)) - mpmath.log(u),
                                t0)
            return mpmath.exp(t - (a + 1) * mpmath.log(t) + mpmath.loggamma(a))
        for a in (mpmath.mpf("0.5"), mpmath.mpf("2.5")):
            for u in (mpmath.mpf("1e-20"), mpmath.mpf("1e-300")):
                h = mpmath.mpf("1e-15")
                assert (slope(u, a + h) - slope(u, a - h)) / (2 * h) < 0


def _check_quantile_ends(name, routes):
    """``name``'s ppf and isf at q = 0 and 1 against :data:`_QUANTILE_ENDS`: finite, or +-inf with the gradient and the
    Hessian (by each of ``routes``) in (q, shapes, loc, scale) of an infinite end."""
    shapes, ends = _QUANTILE_ENDS[name]
    dist = getattr(stats, name)
    for method in ("ppf", "isf"):
        for q in (0.0, 1.0):
            value = float(getattr(dist, method)(q, *shapes, 0.25, 1.5))
            end = f"{method}{q:.0f}"
            if end not in ends:
                assert np.isfinite(value), (name, end)
                continue
            sign = 1.0 if f"{end}+" in ends else -1.0
            assert value == sign * np.inf, (name, end)

            def f(v, method=getattr(dist, method)):
                return method(v[0], *v[1:])
            v = np.array([q, *shapes, 0.25, 1.5])
            want = np.zeros((v.size, v.size))
            want[0, 0] = sign * np.inf
            slope = np.zeros(v.size)
            slope[0] = sign * (-1.0 if q == 0.0 else 1.0) * np.inf
            assert np.asarray(wg.grad(f)(v)).tolist() == slope.tolist(), (name, end)
            for route in routes:
                assert np.asarray(route(f)(v)).tolist() == want.tolist(), (name, end, route)


def test_infinite_quantile_ends_are_constant_in_loc_scale_and_shapes():
    # loc + sign scale standard(q, shapes) at an infinite end is +-inf at every loc, scale and shape: its derivatives in
    # q are infinite (the value's sign, times -1 per order at q = 0), those in loc, scale and the shapes 0 (the
    # convention of 5e7fed1 and 185afd8). The Hessian in (q, loc, scale) of halfnorm, logistic, cauchy at (0 or 1, 3)
    # was [[nan, nan], [inf, 0]] (the products' forward rules took -inf times a 0 tangent), as every row of
    # _QUANTILE_ENDS but norm's (t's in loc and scale); gamma's and dweibull's refused (forward mode's tangents at the
    # end itself)
    for name in ("halfnorm", "logistic", "cauchy", "gamma", "t", "dweibull"):
        _check_quantile_ends(name, (wg.hessian,))


@pytest.mark.slow
def test_every_quantile_end_survey():
    # the whole survey (~20 s of CPU): every continuous distribution with a ppf, both ends, forward over reverse
    # (hessian) and forward over forward (expon.ppf(1)'s NaN was in this route only)
    names = {n for n in stats.FUNCTIONS if "ppf" in stats.FUNCTIONS[n] and "pmf" not in stats.FUNCTIONS[n]}
    # (reciprocal is loguniform; loglaplace's ppf(1) refuses its Hessian: NoGradientRule, power's kink in its exponent)
    assert names - set(_QUANTILE_ENDS) <= {"reciprocal", "loglaplace"}
    for name in _QUANTILE_ENDS:
        _check_quantile_ends(name, (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f))))
