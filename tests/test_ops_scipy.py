"""SciPy (the optional extra): scipy.special and scipy.stats, against finite differences
and against SciPy's own values. Skipped as a whole when SciPy is not installed.

``tests/test_coverage.py`` runs every case here again at second order and in forward mode.
"""
import importlib
import re

import numpy as np
import pytest

sc = pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                         'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
import wengert.numpy as wnp  # noqa: E402
import wengert.scipy  # noqa: E402
import wengert.scipy.special as wsp  # noqa: E402
from wengert.scipy import stats  # noqa: E402
from opcheck import binary, case, gradient_test, rand, unary  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

POSITIVE = dict(low=0.3, high=2.5)
PROBABILITY = dict(low=0.1, high=0.9)
#: pairs for functions of an order and x (the order is a constant, shapes broadcast).
ORDERS = [(0.0, (3,)), (1.5, (2, 3)), (np.array([0.0, 1.0, 2.5]), (2, 3)), (-0.5, None)]


def _order_cases(fn, orders=ORDERS, low=0.3, high=2.5):
    return [case(fn, lambda x, _v=v: fn(_v, x), rand(shape, low, high, seed=i),
                 id=f"{fn.__name__}-{i}") for i, (v, shape) in enumerate(orders)]


def _reduction_cases(fn, axes=(None, 0, -1, (0, 1)), **kwargs):
    x = rand((2, 3), low=-2.0, high=2.0, seed=7)
    return [case(fn, lambda v, _a=axis: fn(v, axis=_a, **kwargs), x,
                 id=f"{fn.__name__}-axis{axis}-{sorted(kwargs)}") for axis in axes]


#: the functions jax.scipy.special differentiates: exponential integrals, zeta in
#: q, Pochhammer, 1F1 in z, spence, the inverses of the incomplete gamma and beta functions.
JAX_SPECIAL_CASES = [
    *unary(sc.expi, low=0.2, high=2.0), case(sc.expi, sc.expi, np.array([-2.0, -0.3, 1.5]), id="expi-negative"),
    *unary(sc.exp1, low=0.2, high=2.0), *unary(sc.dawsn, low=-2.0, high=2.0),
    *unary(sc.spence, low=0.1, high=2.5), case(sc.spence, sc.spence, np.array([0.5, 1.0, 2.0]), id="spence-at-1"),
    *unary(sc.loggamma, **POSITIVE), *unary(sc.log_expit, low=-4.0, high=4.0),
    *unary(wsp.ndtri_exp, low=-3.0, high=-0.1),  # (the namespace's: its own value, SciPy's ufunc on a Var)
    case(wsp.ndtri_exp, wsp.ndtri_exp, np.array([-700.0, -30.0, -1e-3]), id="ndtri_exp-tails"),
    *_order_cases(sc.expn, orders=[(1, (3,)), (2, (2, 3)), (np.array([0, 1, 3]), (2, 3)), (4, None)]),
    *[case(wsp.zeta, lambda q, _x=x: wsp.zeta(_x, q), rand(shape, 0.5, 2.5, seed=i), id=f"zeta-{i}")
      for i, (x, shape) in enumerate(((2.0, (3,)), (np.array([1.5, 3.0, 4.5]), (2, 3)), (3.5, None)))],
    *binary(sc.poch, low=0.3, high=2.5),
    case(sc.poch, lambda z: sc.poch(z, 0.5), np.array([-2.0, -1.0, 0.0, 0.7]), id="poch-poles-of-z"),
    case(sc.poch, lambda m: sc.poch(np.array([-2.0, 0.0, 1.5]), m), np.array([0.5, 1.3, 2.0]), id="poch-m-at-poles"),
    *[case(sc.hyp1f1, lambda z, _a=a, _b=b: sc.hyp1f1(_a, _b, z), rand((3,), -2.0, 2.0, seed=i),
           id=f"hyp1f1-{a}-{b}") for i, (a, b) in enumerate(((0.5, 1.5), (2.0, 0.7), (-1.5, 2.5)))],
    *binary(sc.kl_div, low=0.2, high=2.0),
    # in y only: at x = 0 the derivative in x is -inf (test_jax_special_functions_at_the_ends_of_their_domains)
    case(sc.kl_div, lambda y: sc.kl_div(np.array([0.0, 0.0, 1.5]), y), np.array([0.5, 2.0, 0.3]), id="kl_div-x0"),
    *[case(fn, lambda y, _a=a, _fn=fn: _fn(_a, y), rand((3,), 0.1, 0.9, seed=i), id=f"{fn.__name__}-{i}")
      for fn in (sc.gammaincinv, sc.gammainccinv) for i, a in enumerate((0.5, 1.0, np.array([[2.0], [4.5]])))],
    *[case(sc.betaincinv, lambda y, _a=a, _b=b: sc.betaincinv(_a, _b, y), rand((3,), 0.1, 0.9, seed=i),
           id=f"betaincinv-{a}-{b}") for i, (a, b) in enumerate(((0.5, 2.0), (1.0, 1.0), (3.0, 0.7)))],
    *([] if not hasattr(sc, "softplus") else unary(wsp.softplus, low=-4.0, high=4.0)),
]

SPECIAL_CASES = [
    # gamma, beta and their logarithms
    *unary(sc.gammaln, **POSITIVE), *unary(sc.gamma, **POSITIVE), *unary(wsp.digamma, **POSITIVE),
    case(wsp.psi, wsp.psi, np.array([0.4, 1.7, 3.2]), id="psi"),
    # (the namespace's digamma: its own value right of a negative pole, SciPy's ufunc on a Var)
    case(wsp.digamma, wsp.digamma, np.array([-0.9, -2.5, 1.7]), id="digamma-negative"),
    case(sc.gammaln, sc.gammaln, np.array([-0.5, -1.5, -2.3]), id="gammaln-negative"),
    *[case(wsp.polygamma, lambda x, _n=n: wsp.polygamma(_n, x), rand((3,), 0.3, 2.5, seed=n),
           id=f"polygamma-{n}") for n in (0, 1, 2, 3)],
    case(wsp.polygamma, lambda x: wsp.polygamma(np.array([0, 1, 2]), x), rand((2, 3), 0.5, 2.0),
         id="polygamma-broadcast-n"),
    case(wsp.polygamma, lambda x: wsp.polygamma(1, x), 1.3, id="polygamma-float"),
    *[case(wsp.multigammaln, lambda a, _d=d: wsp.multigammaln(a, _d), a, id=f"multigammaln-{d}")
      for d, a in ((1, 0.7), (3, np.array([1.5, 2.5])))],
    *binary(wsp.beta, **POSITIVE), *binary(wsp.betaln, **POSITIVE),  # (the namespace's: their own values from a + b = 171.62)
    *[case(sc.betainc, lambda x, _a=a, _b=b: sc.betainc(_a, _b, x), rand((3,), 0.1, 0.9, seed=i),
           id=f"betainc-{a}-{b}") for i, (a, b) in enumerate(((0.5, 2.0), (1.0, 1.0), (3.0, 0.7)))],
    case(sc.betainc, lambda x: sc.betainc(np.array([[0.5], [2.0]]), 1.5, x), rand((3,), 0.1, 0.9),
         id="betainc-broadcast"),
    *[case(fn, lambda x, _a=a, _fn=fn: _fn(_a, x), rand((3,), 0.1, 3.0, seed=i),
           id=f"{fn.__name__}-{i}") for fn in (sc.gammainc, sc.gammaincc)
      for i, a in enumerate((0.5, 1.0, np.array([[2.0], [4.5]])))],
    *unary(sc.rgamma, low=-2.5, high=3.0),
    # error functions and the normal distribution
    *unary(sc.erf), *unary(sc.erfc), *unary(sc.erfcx, low=-1.5, high=3.0),
    *unary(sc.erfinv), *unary(sc.erfcinv, low=0.1, high=1.9),
    *unary(sc.ndtr, low=-3.0, high=3.0), *unary(sc.log_ndtr, low=-3.0, high=3.0),
    case(sc.log_ndtr, sc.log_ndtr, np.array([-30.0, -12.0, 8.0]), id="log_ndtr-tails"),
    *unary(sc.ndtri, **PROBABILITY),
    *[case(sc.stdtr, lambda t, _df=df: sc.stdtr(_df, t), rand((3,), -3.0, 3.0, seed=i),
           id=f"stdtr-{df}") for i, df in enumerate((1.0, 4.5, np.array([2.0, 3.0, 30.0])))],
    # logistic
    *unary(sc.expit, low=-4.0, high=4.0), *unary(sc.logit, **PROBABILITY),
    # x log y and entropies, with the points where x = 0
    *binary(sc.xlogy, low_y=0.2, high_y=2.0), *binary(sc.xlog1py, low_y=-0.8, high_y=2.0),
    case(sc.xlogy, sc.xlogy, np.array([0.0, 0.0, 1.5]), np.array([0.5, 2.0, 0.3]), id="xlogy-x0"),
    case(sc.xlog1py, sc.xlog1py, np.array([0.0, 0.0, 1.5]), np.array([-0.5, 2.0, 0.3]),
         id="xlog1py-x0"),
    *unary(sc.entr, low=0.1, high=2.0),
    *binary(sc.rel_entr, low=0.1, high=2.0),
    # Bessel functions, in x
    *unary(sc.i0, low=-2.0, high=2.0), *unary(sc.i1, low=-2.0, high=2.0),
    *unary(sc.i0e, low=0.1, high=2.0), *unary(sc.i1e, low=-2.0, high=2.0),
    case(sc.i0e, sc.i0e, np.array([-1.5, -0.2, 0.7]), id="i0e-negative"),
    case(sc.i1e, sc.i1e, np.array([-1.5, 0.0, 0.7]), id="i1e-at-zero"),
    *_order_cases(sc.iv), *_order_cases(sc.ive), *_order_cases(sc.jv), *_order_cases(sc.jn),
    case(sc.iv, lambda x: sc.iv(2.0, x), np.array([-1.2, 0.0, 0.8]), id="iv-integer-order-real-line"),
    case(sc.ive, lambda x: sc.ive(1.0, x), np.array([-1.2, -0.3, 0.8]), id="ive-negative-x"),
    *_order_cases(sc.yn, orders=[(0, (3,)), (1, (2, 3)), (np.array([0, 1, 3]), (2, 3)), (2, None)]),
    *unary(sc.j0, low=-3.0, high=3.0), *unary(sc.j1, low=-3.0, high=3.0),
    *unary(sc.y0, **POSITIVE), *unary(sc.y1, **POSITIVE),
    # logsumexp, softmax, log_softmax
    *_reduction_cases(wsp.logsumexp), *_reduction_cases(wsp.logsumexp, keepdims=True),
    *_reduction_cases(wsp.softmax), *_reduction_cases(wsp.log_softmax),
    case(wsp.logsumexp, lambda a, b: wsp.logsumexp(a, axis=1, b=b), rand((2, 3)),
         np.array([0.5, 2.0, 1.0]), id="logsumexp-b"),
    case(wsp.logsumexp, lambda a, b: wsp.logsumexp(a, b=b, return_sign=True)[0],
         rand((3,)), np.array([0.5, -2.0, 1.0]), id="logsumexp-b-negative-return_sign"),
    case(wsp.logsumexp, lambda a: wsp.logsumexp(a, axis=0, b=np.array([[1.0], [0.0]]),
                                                 keepdims=True), rand((2, 3)), id="logsumexp-b-zero"),
    case(wsp.logsumexp, lambda a, b: wsp.logsumexp(a, axis=0, b=b), rand((2, 3)),
         np.array([[1.0], [0.0]]), id="logsumexp-b-zero-differentiated"),
    case(wsp.logsumexp, lambda a: wsp.logsumexp(a), 0.3, id="logsumexp-float"),
    *JAX_SPECIAL_CASES,
]

X = np.array([-1.3, 0.2, 2.1])
SPD = np.array([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 1.5]])


def _dist_cases(fn, args, name, covers=None):
    """``fn`` differentiated in all of ``args`` at once, and in each alone; the cases cover
    ``covers`` (default ``fn``: give the distribution's function where ``fn`` wraps it)."""
    covers = fn if covers is None else covers
    cases = [case(covers, fn, *args, id=f"{name}-all")]
    for i in range(len(args)):
        cases.append(case(covers, lambda a, _i=i: fn(*args[:_i], a, *args[_i + 1:]), args[i],
                          id=f"{name}-arg{i}"))
    return cases


STATS_CASES = [
    *[c for name in ("pdf", "logpdf", "cdf", "logcdf", "sf", "logsf")
      for c in _dist_cases(getattr(stats.norm, name), (X, 0.4, np.array([0.7, 1.5, 2.0])),
                           f"norm.{name}")],
    case(stats.norm.logcdf, stats.norm.logcdf, np.array([-30.0, 6.0]), id="norm.logcdf-tails"),
    case(stats.norm.logsf, stats.norm.logsf, np.array([30.0, -6.0]), id="norm.logsf-tails"),
    case(stats.norm.logpdf, stats.norm.logpdf, 0.3, id="norm.logpdf-float"),
    *[c for name in ("pdf", "logpdf")
      for c in _dist_cases(getattr(stats.t, name), (X, np.array([1.0, 3.5, 20.0]), -0.3, 1.7),
                           f"t.{name}")],
    *_dist_cases(lambda x, loc, scale: stats.t.cdf(x, np.array([1.0, 3.5, 20.0]), loc, scale),
                 (X, -0.3, 1.7), "t.cdf", stats.t.cdf),
    case(stats.t.cdf, lambda x: stats.t.cdf(x, 2.5), X, id="t.cdf-x"),
    *_dist_cases(lambda x, loc, scale: stats.t.logcdf(x, 2.5, loc, scale), (X, -0.3, 1.7), "t.logcdf",
                 stats.t.logcdf),
    case(stats.t.logcdf, lambda x: stats.t.logcdf(x, 2.5), X, id="t.logcdf-x"),
    *[c for name in ("pdf", "logpdf")
      for c in _dist_cases(getattr(stats.chi2, name), (np.array([0.4, 1.3, 3.0]),
                                                       np.array([0.8, 2.0, 4.5]), -0.1, 1.3),
                           f"chi2.{name}")],
    *[c for d in ("gamma", "chi2")
      for c in _dist_cases(lambda x, loc, scale, _f=getattr(stats, d).cdf: _f(x, 2.5, loc, scale),
                           (np.array([0.4, 1.3, 3.0]), -0.1, 1.3), f"{d}.cdf", getattr(stats, d).cdf)],
    case(stats.gamma.cdf, lambda x: stats.gamma.cdf(x, 2.5), np.array([0.4, 1.3]), id="gamma.cdf-x"),
    case(stats.chi2.cdf, lambda x: stats.chi2.cdf(x, 2.5), np.array([0.4, 1.3]), id="chi2.cdf-x"),
    *_dist_cases(lambda x, loc, scale: stats.beta.cdf(x, 1.5, 0.7, loc, scale),
                 (np.array([0.1, 0.5, 0.85]), -0.05, 1.1), "beta.cdf", stats.beta.cdf),
    case(stats.beta.cdf, lambda x: stats.beta.cdf(x, 1.5, 0.7), np.array([0.1, 0.5]), id="beta.cdf-x"),
    case(stats.poisson.cdf, lambda mu: stats.poisson.cdf(np.array([0, 1, 4.5]), mu),
         np.array([0.5, 2.0, 3.5]), id="poisson.cdf"),
    case(stats.multivariate_normal.entropy, stats.multivariate_normal.entropy, np.zeros(3), SPD,
         id="multivariate_normal.entropy"),
    case(stats.multivariate_normal.entropy, lambda v: stats.multivariate_normal.entropy(np.zeros(2), v),
         np.array([0.5, 1.5]), id="multivariate_normal.entropy-diagonal"),
    case(stats.dirichlet.pdf, lambda x, a: stats.dirichlet.pdf(x, a),
         np.array([0.2, 0.3]), np.array([0.5, 1.0, 3.0]), id="dirichlet.pdf"),
    *[c for name in ("pdf", "logpdf")
      for c in _dist_cases(getattr(stats.gamma, name), (np.array([0.4, 1.3, 3.0]),
                                                        np.array([0.8, 2.0, 4.5]), -0.1, 1.3),
                           f"gamma.{name}")],
    *[c for name in ("pdf", "logpdf")
      for c in _dist_cases(getattr(stats.beta, name), (np.array([0.1, 0.5, 0.85]),
                                                       np.array([0.7, 2.0, 3.5]), 1.4, -0.05, 1.1),
                           f"beta.{name}")],
    *[case(getattr(stats.poisson, name), lambda mu, _f=getattr(stats.poisson, name):
           _f(np.array([0, 1, 4]), mu), np.array([0.5, 2.0, 3.5]), id=f"poisson.{name}")
      for name in ("logpmf", "pmf")],
    case(stats.poisson.logpmf, lambda mu: stats.poisson.logpmf(np.array([[0], [3]]), mu), 1.7,
         id="poisson.logpmf-broadcast"),
    *[c for name in ("logpdf", "pdf")
      for c in _dist_cases(getattr(stats.multivariate_normal, name),
                           (rand((4, 3), seed=3), np.array([0.1, -0.2, 0.3]), SPD),
                           f"multivariate_normal.{name}")],
    case(stats.multivariate_normal.logpdf, stats.multivariate_normal.logpdf, rand((3,)),
         np.zeros(3), SPD, id="multivariate_normal.logpdf-one-point"),
    case(stats.multivariate_normal.logpdf, stats.multivariate_normal.logpdf, rand((2, 3)),
         np.zeros(3), np.array([0.5, 1.0, 2.0]), id="multivariate_normal.logpdf-diagonal-cov"),
    case(stats.multivariate_normal.logpdf, lambda x, var: stats.multivariate_normal.logpdf(x, cov=var),
         rand((3,)), 0.8, id="multivariate_normal.logpdf-scalar-cov-1d-points"),
    case(stats.dirichlet.logpdf, lambda a: stats.dirichlet.logpdf(np.array([0.2, 0.3, 0.5]), a),
         np.array([0.5, 1.0, 3.0]), id="dirichlet.logpdf-alpha"),
    case(stats.dirichlet.logpdf, lambda x, a: stats.dirichlet.logpdf(x, a),
         np.array([0.2, 0.3]), np.array([0.5, 1.0, 3.0]), id="dirichlet.logpdf-k-minus-one"),
    case(stats.dirichlet.logpdf, lambda u, a: stats.dirichlet.logpdf(u / np.sum(u, axis=0), a),
         rand((3, 2), 0.2, 1.0), np.array([1.5, 1.0, 3.0]), id="dirichlet.logpdf-points"),
]

Q = np.array([0.1, 0.35, 0.85])  # (not 1/2: laplace.ppf has a kink in its second derivative there)
POS = np.array([0.4, 1.3, 3.0])
SCALES = np.array([0.7, 1.5, 2.0])
#: the distributions and functions of jax.scipy.stats wengert lacked: (name,
#: differentiable arguments) for the gradient cases, the same arguments for the value checks.
JAX_STATS = [
    *[(f"expon.{f}", (POS, -0.1, 1.3)) for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"{d}.{f}", (X, 0.4, SCALES)) for d in ("laplace", "cauchy", "logistic")
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"{d}.{f}", (Q, 0.4, SCALES)) for d in ("expon", "laplace", "cauchy", "logistic", "norm", "uniform")
      for f in ("ppf", "isf")],
    *[(f"uniform.{f}", (np.array([0.3, 0.9, 1.7]), 0.2, 1.8))
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"lognorm.{f}", (POS, np.array([0.5, 1.0, 2.0]), -0.1, 1.3))
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"{d}.{f}", (Q, np.array([0.5, 1.0, 2.0]), -0.1, 1.3)) for d in ("lognorm", "pareto") for f in ("ppf", "isf")],
    *[(f"pareto.{f}", (np.array([1.5, 2.0, 4.0]), np.array([0.5, 1.5, 3.0]), -0.1, 1.3))
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"truncnorm.{f}", (np.array([-0.3, 0.2, 0.9]), np.array([-1.0, -0.5, -2.0]), np.array([1.0, 1.5, 0.8]), 0.1, 1.2))
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"truncnorm.{f}", (np.array([5.5, 6.0, -6.5]), np.array([5.0, 5.5, -8.0]), np.array([7.0, 30.0, -6.0])))
      for f in ("logpdf", "logcdf", "logsf")],
    # (the moments: against mpmath on five paths in tests/test_stats_moments_closed_forms.py)
    *[(f"truncnorm.{m}", (np.array([-1.0, -0.5, 2.0]), np.array([1.0, 1.5, 4.0]), 0.1, 1.2))
      for m in ("mean", "var", "std")],
    *[(f"vonmises.{f}", (X, np.array([0.5, 2.0, 30.0]), 0.3, 1.2)) for f in ("logpdf", "pdf")],
]
#: the counts (constants) of the discrete distributions, and their differentiable parameters.
JAX_DISCRETE = [
    *[(f"bernoulli.{f}", (np.array([0, 1, 1]),), (np.array([0.2, 0.5, 0.8]),)) for f in ("logpmf", "pmf")],
    ("bernoulli.cdf", (np.array([0.5, -1.0, 2.0]),), (np.array([0.2, 0.5, 0.8]),)),
    *[(f"binom.{f}", (np.array([0, 2, 5]), 5), (np.array([0.2, 0.5, 0.8]),)) for f in ("logpmf", "pmf")],
    *[(f"geom.{f}", (np.array([1, 2, 5]),), (np.array([0.2, 0.5, 0.8]),)) for f in ("logpmf", "pmf", "cdf")],
    *[(f"nbinom.{f}", (np.array([0, 2, 5]),), (np.array([0.5, 2.0, 3.5]), np.array([0.2, 0.5, 0.8])))
      for f in ("logpmf", "pmf")],
    *[(f"multinomial.{f}", (np.array([1, 2, 0]), 3), (np.array([0.2, 0.3, 0.5]),)) for f in ("logpmf", "pmf")],
    ("multinomial.logpmf", (np.array([[1, 2, 0], [0, 0, 3]]), 3), (np.array([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]]),)),
]


def _stats_function(name):
    distribution, function = name.split(".")
    return getattr(getattr(stats, distribution), function)


def _discrete_cases(name, counts, params):
    fn = _stats_function(name)
    return _dist_cases(lambda *ps: fn(*counts, *ps), params, name, fn)


JAX_STATS_CASES = [
    *[c for name, args in JAX_STATS for c in _dist_cases(_stats_function(name), args, name)],
    *[c for name, counts, params in JAX_DISCRETE for c in _discrete_cases(name, counts, params)],
    case(stats.logistic.logpdf, stats.logistic.logpdf, np.array([-800.0, 0.0, 800.0]), id="logistic.logpdf-tails"),
    case(stats.laplace.logcdf, stats.laplace.logcdf, np.array([-30.0, -0.5, 0.5, 30.0]), id="laplace.logcdf-tails"),
    case(stats.truncnorm.logpdf, lambda x: stats.truncnorm.logpdf(x, -np.inf, 1.0), np.array([-3.0, 0.5]),
         id="truncnorm.logpdf-half-infinite"),
]

#: the special functions added: stdtrit, betaincc, betainccinv, the modified Bessel
#: functions of the second kind, hyp2f1 in z.
INVERSES_AND_BESSEL_K_CASES = [
    *[case(sc.stdtrit, lambda p, _df=df: sc.stdtrit(_df, p), rand((3,), 0.1, 0.9, seed=i), id=f"stdtrit-{i}")
      for i, df in enumerate((1.0, 4.5, np.array([[2.0], [30.0]])))],
    *[case(fn, lambda x, _a=a, _b=b, _fn=fn: _fn(_a, _b, x), rand((3,), 0.1, 0.9, seed=i),
           id=f"{fn.__name__}-{a}-{b}") for fn in (sc.betaincc, sc.betainccinv)
      for i, (a, b) in enumerate(((0.5, 2.0), (1.0, 1.0), (3.0, 0.7)))],
    *_order_cases(sc.kv), *_order_cases(sc.kve),
    *unary(sc.k0, **POSITIVE), *unary(sc.k1, **POSITIVE), *unary(sc.k0e, **POSITIVE), *unary(sc.k1e, **POSITIVE),
    *[case(sc.hyp2f1, lambda z, _p=p: sc.hyp2f1(*_p, z), rand((3,), -0.8, 0.8, seed=i), id=f"hyp2f1-{i}")
      for i, p in enumerate(((0.5, 1.5, 2.0), (2.0, -1.5, 0.7), (1.0, 1.0, 2.0)))],
]
SPECIAL_CASES += INVERSES_AND_BESSEL_K_CASES

#: the tails and quantiles of gamma, chi2, beta and t, and the distributions added.
TAILS_AND_ADDED_DISTRIBUTIONS = [
    *[(f"gamma.{f}", (POS, -0.1, 1.3)) for f in ("logcdf", "sf", "logsf")],
    *[(f"gamma.{f}", (Q, -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"{d}.{f}", (X, 0.4, SCALES)) for d in ("gumbel_r", "gumbel_l")
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"{d}.{f}", (Q, 0.4, SCALES)) for d in ("gumbel_r", "gumbel_l", "halfnorm") for f in ("ppf", "isf")],
    *[(f"halfnorm.{f}", (POS, -0.1, 1.3)) for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"wrapcauchy.{f}", (np.array([0.3, 2.0, 5.5]), np.array([0.2, 0.5, 0.9]), 0.1, 1.1)) for f in ("logpdf", "pdf")],
    *[(f"gennorm.{f}", (X, np.array([0.7, 2.0, 3.5]), 0.3, 1.2)) for f in ("logpdf", "pdf")],
]
#: the shape parameters that are constants there (gamma's a, chi2's df, beta's a and b, t's df).
SHAPED_TAILS = [
    *[(f"chi2.{f}", (2.5,), (POS, -0.1, 1.3)) for f in ("logcdf", "sf", "logsf")],
    *[(f"chi2.{f}", (2.5,), (Q, -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"beta.{f}", (1.5, 0.7), (np.array([0.1, 0.5, 0.85]), -0.05, 1.1)) for f in ("logcdf", "sf", "logsf")],
    *[(f"beta.{f}", (1.5, 0.7), (Q, -0.05, 1.1)) for f in ("ppf", "isf")],
    *[(f"t.{f}", (np.array([1.0, 3.5, 20.0]),), (X, -0.3, 1.7)) for f in ("sf", "logsf")],
    *[(f"t.{f}", (np.array([1.0, 3.5, 20.0]),), (Q, -0.3, 1.7)) for f in ("ppf", "isf")],
]
LOG_TAILS = {f"{d}.{f}" for d in ("gamma", "chi2", "beta", "t", "gumbel_r", "gumbel_l", "halfnorm")
                      for f in ("logcdf", "logsf")}
BETABINOM = [(f"betabinom.{f}", (np.array([0, 2, 5]), 5), (np.array([0.5, 2.0, 3.5]), np.array([0.7, 1.0, 4.0])))
                     for f in ("logpmf", "pmf")]


def _shaped_cases(name, shapes, args):
    fn = _stats_function(name)
    return _dist_cases(lambda x, *rest: fn(x, *shapes, *rest), args, name, fn)


TAILS_AND_ADDED_DISTRIBUTIONS_CASES = [
    *[c for name, args in TAILS_AND_ADDED_DISTRIBUTIONS for c in _dist_cases(
        # gamma's a is a constant in these functions: between x and loc
        (lambda x, loc, scale, _f=_stats_function(name): _f(x, 2.5, loc, scale)) if name.startswith("gamma.")
        else _stats_function(name), args, name, _stats_function(name))],
    *[c for name, shapes, args in SHAPED_TAILS for c in _shaped_cases(name, shapes, args)],
    *[c for name, counts, params in BETABINOM for c in _discrete_cases(name, counts, params)],
]

CASES = SPECIAL_CASES + STATS_CASES + JAX_STATS_CASES + TAILS_AND_ADDED_DISTRIBUTIONS_CASES


test_gradient = gradient_test(CASES)


def _function(name):
    obj = wengert.scipy
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


#: The other files of gradient cases of scipy.special and scipy.stats functions (each defines
#: ``CASES``; those of the distributions also ``VALUE_CHECKS``).
CASE_FILES = ("test_ops_scipy_boxcox_elliptic", "test_ops_scipy_weibull_min_invgamma_rayleigh",
              "test_ops_scipy_skewnorm_cdf",
              "test_ops_scipy_special_elementary_huber_polynomials",
              "test_ops_scipy_signal", "test_ops_scipy_trapezoid",
              "test_ops_scipy_sici_fresnel_binom_comb", "test_ops_scipy_schur", "test_ops_scipy_dct",
              "test_ops_scipy_structured_matrices", "test_ops_scipy_sem", "test_ops_scipy_hessenberg_tridiagonal_qr",
              "test_ops_scipy_map_coordinates_grid_interpolation", "test_ops_scipy_spectral", "test_ops_scipy_cubic_spline",
              "test_ops_scipy_make_interp_spline", "test_ops_scipy_interp1d", "test_ops_scipy_ndimage_filters",
              "test_ops_scipy_savgol", "test_ops_scipy_lfilter", "test_ops_scipy_sosfilt", "test_ops_scipy_filtfilt", "test_ops_scipy_ndimage_shift_zoom",
              "test_ops_scipy_gennorm_splines", "test_ops_scipy_gamma_family_functions", "test_ops_scipy_binomial_f",
              "test_ops_scipy_lambertw_spherical", "test_ops_scipy_moments_median_interval",
              "test_ops_scipy_weibull",
              "test_ops_scipy_pareto_tails", "test_ops_scipy_f_distribution", "test_ops_scipy_hankel",
              "test_ops_scipy_heavy_tail_moments", "test_stats_moments_where_they_exist", "test_ops_scipy_burr12_fisk",
              "test_ops_scipy_genextreme", "test_ops_scipy_levy_halflogistic", "test_stats_gompertz",
              "test_stats_moment_stats",
              "test_stats_maxwell", "test_stats_borrowed", "test_stats_nakagami",
              "test_stats_dweibull", "test_stats_loggamma", "test_stats_multivariate_t_wishart", "test_stats_chi",
              "test_stats_betaprime", "test_stats_discrete_tails", "test_stats_discrete_quantiles",
              "test_stats_invgauss", "test_stats_discrete_entropy",
              "test_stats_loguniform", "test_stats_triang", "test_stats_truncexpon",
              "test_stats_johnsonsu", "test_stats_johnsonsb",
              "test_stats_exponnorm",
              "test_stats_gengamma", "test_stats_planck_dlaplace",
              "test_stats_wald", "test_stats_yulesimon",
              "test_stats_hypsecant_moyal",
              "test_stats_burr12_moments", "test_stats_logser",
              "test_stats_foldnorm", "test_stats_invweibull", "test_stats_burr", "test_stats_truncnorm_quantiles",
              "test_stats_fatiguelife", "test_stats_laplace_asymmetric", "test_stats_skellam", "test_stats_zipf",
              "test_stats_zipfian", "test_stats_boltzmann",
              # (dist30b's discrete distributions)
              "test_stats_randint", "test_stats_hypergeom", "test_stats_nhypergeom", "test_stats_nchypergeom_fisher",
              # (dist32b's)
              "test_stats_betanbinom", "test_stats_trapezoid",
              # (dist31b's continuous distributions)
              "test_stats_mielke", "test_stats_kappa3", "test_stats_genhalflogistic",
              # (dist32a's)
              "test_stats_truncpareto", "test_stats_recipinvgauss", "test_stats_skewcauchy",
              # (dist34's)
              "test_stats_pearson3", "test_stats_truncweibull_min", "test_stats_rdist",
              # (disc34's)
              "test_stats_betabinom_tails", "test_stats_kstwobign",
              # (dist35's)
              "test_stats_argus", "test_stats_crystalball", "test_stats_genexpon",
              "test_stats_powerlognorm",
              # (dist36's)
              "test_stats_rel_breitwigner",
              # (dist37's)
              "test_stats_kappa4",
              # (dist38's)
              "test_stats_tukeylambda", "test_stats_vonmises_line", "test_stats_rice",
              # (dist41's)
              "test_stats_norminvgauss", "test_stats_geninvgauss", "test_stats_ncx2",
              # (breadth46's)
              "test_stats_irwinhall", "test_stats_ncf",
              # (breadth47's)
              "test_stats_ksone",
              # (dist29a's continuous distributions)
              "test_stats_genlogistic", "test_stats_dgamma", "test_stats_exponweib", "test_stats_foldcauchy",
              "test_stats_loglaplace", "test_stats_bradford", "test_stats_anglit",
              # (dist30a's continuous distributions)
              "test_stats_cosine", "test_stats_semicircular",
              "test_stats_alpha",
              # (dist31a's)
              "test_stats_halfgennorm", "test_stats_exponpow",
              "test_stats_powernorm", "test_stats_jf_skew_t",
              "test_stats_dpareto_lognorm",
              # (nct46's)
              "test_stats_nct",
              # (methods47's)
              "test_stats_wrapcauchy", "test_stats_vonmises", "test_stats_truncnorm_entropy",
              "test_stats_quadrature_entropy", "test_stats_quadrature_moments", "test_stats_nbinom_entropy",
              "test_stats_logser_entropy")


def test_every_supported_function_has_a_case():
    others = [importlib.import_module(name) for name in CASE_FILES]
    covered = {id(fn) for c in CASES + [c for m in others for c in m.CASES] for fn in c.covers}
    missing = [name for name, kind in wengert.scipy.supported().items()
               if kind != "no gradient" and id(_function(name)) not in covered
               # (their cases: tests/test_ops_scipy_linalg.py, tests/test_ops_scipy_integrate.py)
               and not name.startswith(("linalg.", "signal.", "integrate."))]
    assert not missing, f"no gradient case in tests/test_ops_scipy.py for: {missing}"


def test_every_scipy_rule_is_listed():
    from wengert.primitive import declarations
    listed = {id(_function(name)) for name in wengert.scipy.supported()}
    scipy_ufuncs = [p.exposed for p in declarations() if p.name.startswith("scipy.special.")]
    assert scipy_ufuncs and all(id(fn) in listed for fn in scipy_ufuncs)


def test_scipy_ufuncs_on_vars_need_no_wengert_import():
    # SciPy's ufuncs dispatch to wengert through __array_ufunc__; the rules are the same
    # whether called as scipy.special.gammaln or wengert.scipy.special.gammaln.
    # (wengert.scipy.special.digamma / psi are wengert's own function: its value right of a negative pole)
    assert wsp.gammaln is sc.gammaln and wsp.erf is sc.erf and wsp.psi is wsp.digamma
    g = wg.grad_bp(lambda x: np.sum(sc.gammaln(x)), np.array([1.5, 3.0]))
    np.testing.assert_allclose(g, sc.digamma([1.5, 3.0]), rtol=1e-14)


def test_import_wengert_does_not_import_scipy():
    import subprocess
    import sys
    code = "import sys, wengert; assert 'scipy' not in sys.modules, sorted(m for m in sys.modules if 'scipy' in m)"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("call, argument", [
    (lambda v: sc.iv(v, 1.3), "order"), (lambda v: sc.ive(v, 1.3), "order"),
    (lambda v: sc.jv(v, 1.3), "order"), (lambda v: wsp.polygamma(v, 1.3), "order n"),
])
def test_orders_and_shape_parameters_are_refused_by_name(call, argument):
    with pytest.raises(wg.NoGradientRule, match=re.escape(argument)):
        wg.grad_bp(call, 1.0)


def test_yn_order_is_refused():
    with pytest.raises(wg.NoGradientRule, match="scipy.special.yn"):
        wg.grad_bp(lambda x: sc.yn(x, 1.3), np.array([1.0]))


def test_derivatives_at_the_ends_of_the_domains():
    grad = wg.elementwise_grad
    # logit at 0 and 1, erfinv at -1 and 1, erfcinv at 0 and 2: infinite, no warning.
    np.testing.assert_array_equal(grad(sc.logit)(np.array([0.0, 1.0])), [np.inf, np.inf])
    np.testing.assert_array_equal(grad(sc.erfinv)(np.array([-1.0, 1.0])), [np.inf, np.inf])
    np.testing.assert_array_equal(grad(sc.erfcinv)(np.array([0.0, 2.0])), [-np.inf, -np.inf])
    # entr(x) = -x log x: the one-sided derivative at 0 is +inf; rel_entr in x: -inf.
    assert grad(sc.entr)(np.array([0.0]))[0] == np.inf
    assert wg.grad_bp(lambda x: sc.rel_entr(x, 0.5), 0.0) == -np.inf
    # xlogy(0, y) = 0 for every y: 0 in y (also at y = 0), log(y) in x.
    gx, gy = wg.grad_bp(lambda x, y: sc.xlogy(x, y), 0.0, 0.0)
    assert gx == -np.inf and gy == 0.0
    gx, gy = wg.grad_bp(lambda x, y: sc.xlog1py(x, y), 0.0, -1.0)
    assert gx == -np.inf and gy == 0.0
    assert wg.grad_bp(lambda y: sc.rel_entr(0.0, y), 0.0) == 0.0
    # ... and the mixed second derivative of xlogy at x = 0 is 1 / y (the mask is a corner only).
    d2 = wg.grad_bp(lambda x: wg.grad_bp(lambda y: sc.xlogy(x, y), 0.5), 0.0)
    assert d2 == pytest.approx(2.0, rel=1e-15, abs=0.0)
    # betainc in x at 0 with a = 1: (1 - x)^(b - 1) / B(1, b) = b.
    assert wg.grad_bp(lambda x: sc.betainc(1.0, 2.5, x), 0.0) == pytest.approx(2.5, rel=1e-15, abs=0.0)
    # Second derivatives at the ends, finite there, were NaN (the density's logarithms are
    # -inf at 0 and 1): betainc(2, 2, x) = 3x^2 - 2x^3, gammainc(2, x) = 1 - (1 + x) e^-x.
    d2 = wg.grad(wg.grad(lambda x: sc.betainc(2.0, 2.0, x)))
    assert (d2(0.0), d2(1.0)) == (pytest.approx(6.0, rel=1e-15, abs=0.0), pytest.approx(-6.0, rel=1e-15, abs=0.0))
    assert wg.hessian(lambda x: np.sum(sc.gammainc(2.0, x)))(np.array([0.0, 1.0]))[0, 0] == pytest.approx(1.0, rel=1e-15, abs=0.0)
    assert wg.jvp(wg.grad(lambda x: sc.gammaincc(2.0, x)), (0.0,), (1.0,))[1] == pytest.approx(-1.0, rel=1e-15, abs=0.0)


def test_scaled_bessel_functions_at_zero_take_the_mean_of_the_one_sided_derivatives():
    # i0e(x) = exp(-|x|) i0(x) has a kink at 0: the one-sided derivatives are -1 and +1.
    assert wg.grad_bp(sc.i0e, 0.0) == 0.0
    assert wg.grad_bp(lambda x: sc.ive(0.0, x), 0.0) == 0.0
    check_grads(sc.i0e, np.array([0.0, 0.4]))  # a central difference gives the same mean
    assert wg.grad_bp(sc.i1e, 0.0) == pytest.approx(0.5, rel=1e-15, abs=0.0)
    # The mean is a convention at the kink: at second order it was taken "at every order"
    # (i0e'' at 0 gave 3/2, the limit of both sides), but then i0e(x)**2 got 3 at 0 where
    # both sides give 5 (the chain rule multiplies the mean 0 of the first derivatives).
    # Differentiating it again at 0 now raises (docs/guide/numpy.md, kinks); near 0 the
    # derivatives are the pieces': exp(-u) i0(u) = 1 - u + 3u^2/4 - ..., exp(-u) i1(u) =
    # u/2 - u^2/2 + 5u^3/16.
    for f in (sc.i0e, lambda x: sc.ive(0.0, x), sc.i1e, lambda x: sc.ive(1.0, x), lambda x: sc.i0e(x) ** 2):
        with pytest.raises(wg.NoGradientRule, match=r"i0e/i1e/ive.*at its kink"):
            wg.grad(wg.grad(f))(0.0)
        with pytest.raises(wg.NoGradientRule, match=r"i0e/i1e/ive"):
            wg.jvp(wg.grad(f), (0.0,), (1.0,))
    assert wg.grad(wg.grad(sc.i0e))(1e-6) == pytest.approx(1.5, rel=1e-5, abs=0)
    assert wg.grad(wg.grad(lambda x: sc.i0e(x) ** 2))(-1e-6) == pytest.approx(5.0, rel=1e-5, abs=0)
    assert wg.grad(wg.grad(wg.grad(sc.i1e)))(1e-6) == pytest.approx(1.875, rel=1e-4, abs=0)
    check_grads(lambda x: sc.i0e(x) + sc.i1e(x) + sc.ive(2.0, x), np.array([0.3, -1.2]),
                order=3, modes=("rev", "fwd"))


def test_rgamma_is_differentiable_at_the_poles_of_gamma():
    # 1/gamma is entire: near x = -n it is (-1)^n n! (x + n) + ...; the rule
    # -rgamma(x) digamma(x) was 0 * inf = NaN there (no error), at first and second order.
    x = np.array([0.0, -1.0, -2.0, -3.0])
    np.testing.assert_allclose(wg.elementwise_grad(sc.rgamma)(x), [1.0, -1.0, 2.0, -6.0], rtol=1e-14)
    gamma = np.euler_gamma  # (1/gamma)''(0) = 2 gamma, (1/gamma)''(-1) = 2 - 2 gamma
    np.testing.assert_allclose(np.diag(wg.hessian(lambda x: np.sum(sc.rgamma(x)))(x[:2])),
                               [2 * gamma, 2 - 2 * gamma], rtol=1e-12)
    assert wg.jvp(sc.rgamma, (0.0,), (1.0,))[1] == 1.0
    z = np.array([0j, -1 + 0j, 0.5 + 1j])  # complex poles too (holomorphic: no conjugate)
    gz = wg.grad(lambda z: np.real(np.sum(sc.rgamma(z))))(z)
    np.testing.assert_allclose(gz[:2], [1.0, -1.0], rtol=1e-14)
    assert np.isfinite(gz[2])
    np.testing.assert_allclose(wg.jacfwd(wg.grad(lambda x: np.sum(sc.rgamma(x))))(x[:2]),
                               np.diag([2 * gamma, 2 - 2 * gamma]), rtol=1e-12)


def test_second_derivatives_of_the_gamma_family_are_polygamma():
    d2 = wg.elementwise_grad(wg.elementwise_grad(sc.gammaln))
    x = np.array([0.5, 2.0, 7.5])
    np.testing.assert_allclose(d2(x), sc.polygamma(1, x), rtol=1e-12)
    d3 = wg.elementwise_grad(wg.elementwise_grad(sc.digamma))
    np.testing.assert_allclose(d3(x), sc.polygamma(2, x), rtol=1e-12)


@pytest.mark.parametrize("kwargs", [
    {}, {"axis": 0}, {"axis": (0, 1)}, {"axis": -1, "keepdims": True},
    {"b": np.array([1.0, -3.0, 0.5]), "return_sign": True},
    {"axis": 1, "b": np.array([[1.0, 0.0, 2.0]]), "keepdims": True},
    {"b": np.array([1.0, -3.0, 0.5])},
])
def test_logsumexp_values_are_scipys(kwargs):
    a = np.array([[1.0, 1000.0, -2.0], [0.5, -np.inf, 3.0]])
    with np.errstate(invalid="ignore"):
        want = sc.logsumexp(a, **kwargs)
    got = wsp.logsumexp(a, **kwargs)
    np.testing.assert_allclose(got, want, rtol=1e-14)


_LSE_X = np.array([[7e5, 7e5, 7e5 - 1.5, -np.inf], [1e5, 1e5 + 0.25, -7e5, 1e5 - 3.0]])
_LSE_B = np.array([[1.0, 2.0, 0.5, 3.0], [1.0, -1.0, 2.0, 0.5]])


def _lse_weights_truth(x, b, axis):
    """d log|sum(b exp(x))| / dx, b exp(x - m) / s, in mpmath (30 digits)."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(30):
        def slice_(xs, bs):
            m = max(xs)
            terms = [bi * mp.exp(mp.mpf(xi) - mp.mpf(m)) if xi != -np.inf else mp.mpf(0) for xi, bi in zip(xs, bs)]
            return [float(t / mp.fsum(terms)) for t in terms]
        if axis is None:
            return np.reshape(slice_(x.ravel(), b.ravel()), x.shape)
        return np.array([slice_(row, brow) for row, brow in zip(x, b)])


@pytest.mark.parametrize("variant", ["wnp", "wnp-axis", "wsp-keepdims", "wsp-b", "wsp-b-sign-axis", "jvp"])
def test_logsumexps_gradient_is_the_softmax_without_the_rounding_of_its_value(variant):
    # exp(x - logsumexp(x)) carried the rounding of logsumexp(x), eps * |x|: 0.4999999999789954
    # for 0.5 at [7e5, 7e5]; now normalized by its sum, as softmax (truths: mpmath). (b= was right:
    # its gradient comes from the chain rule through b * exp(a - m) / sum)
    b = _LSE_B if "-b" in variant else np.ones_like(_LSE_X)
    axis = None if variant in ("wnp", "wsp-b", "jvp") else 1
    f = {"wnp": wnp.logsumexp, "wnp-axis": lambda v: np.sum(wnp.logsumexp(v, axis=1)),
         "wsp-keepdims": lambda v: np.sum(wsp.logsumexp(v, axis=1, keepdims=True)),
         "wsp-b": lambda v: wsp.logsumexp(v, b=b),
         "wsp-b-sign-axis": lambda v: np.sum(wsp.logsumexp(v, axis=1, b=b, return_sign=True)[0]),
         "jvp": wnp.logsumexp}[variant]
    got = wg.jacfwd(f)(_LSE_X) if variant == "jvp" else wg.grad(f)(_LSE_X)
    np.testing.assert_allclose(got, _lse_weights_truth(_LSE_X, b, axis), rtol=5e-16, atol=0)
    if variant != "wnp-axis":
        return
    # a row with no softmax (all -inf: 0; +inf: shared among the infinite entries) beside one
    rows = np.array([[7e5, 7e5, 7e5], [-np.inf] * 3, [np.inf, np.inf, 1.0]])
    np.testing.assert_array_equal(wg.vjp(lambda v: wnp.logsumexp(v, axis=1), rows)[1](np.ones(3))[0],
                                  [[1 / 3, 1 / 3, 1 / 3], [0.0, 0.0, 0.0], [0.5, 0.5, 0.0]])


# Slices with no finite maximum, with b=: +inf (a term a = +inf, b != 0; weights b over those
# terms, the limit of softmax(a + log b) along their diagonal), -inf (no term: a = -inf or b = 0
# throughout; gradient 0, as the b-less rule), a term b = 0 at a = +inf left out.
_LSE_ENDS_A = np.array([[np.inf, 1.0, np.inf], [-np.inf] * 3, [np.inf, 0.0, 0.0], [-np.inf, 0.0, -np.inf]])
_LSE_ENDS_B = np.array([[1.0, 3.0, 2.0], [1.0, 1.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 2.0]])
_LSE_ENDS_W = np.array([[1 / 3, 0.0, 2 / 3], [0.0] * 3, [0.0, 0.5, 0.5], [0.0] * 3])  # d/da, row by row


def test_logsumexp_with_b_at_infinite_entries_keeps_the_b_less_conventions():
    # on main: d/da nan where a = +inf or a slice is all -inf (inf * 0, 0 / 0 in the chain rule),
    # ValueError on an empty axis (SciPy: -inf)
    f = lambda a: wsp.logsumexp(a, axis=1, b=_LSE_ENDS_B)  # noqa: E731
    np.testing.assert_array_equal(f(_LSE_ENDS_A), [np.inf, -np.inf, np.log(2.0), -np.inf])
    eye = np.eye(4)[:, :, None]
    for jacobian in (wg.jacrev, wg.jacfwd):
        np.testing.assert_allclose(jacobian(f)(_LSE_ENDS_A), eye * _LSE_ENDS_W, rtol=4e-16, atol=0)
    # the Hessian, row r's block diag(w) - w w^T (softmax's Jacobian), zero across rows
    blocks = np.eye(3) * _LSE_ENDS_W[:, :, None] - _LSE_ENDS_W[:, :, None] * _LSE_ENDS_W[:, None, :]
    hessian = np.einsum("ri,rl,rjk->rijlk", np.eye(4), np.eye(4), blocks)  # d2 f_r / da_ij da_lk
    for outer in (wg.jacrev, wg.jacfwd):
        for inner in (wg.jacrev, wg.jacfwd):
            np.testing.assert_allclose(outer(inner(f))(_LSE_ENDS_A), hessian, rtol=4e-16, atol=1e-17)
    t = np.arange(12.0).reshape(4, 3)
    np.testing.assert_allclose(wg.jvp(wg.jacrev(f), (_LSE_ENDS_A,), (t,))[1],
                               np.einsum("rijlk,lk->rij", hessian, t), rtol=4e-16, atol=1e-16)
    # the reported cases (b = 1: the b-less rule's numbers), and with return_sign
    plain = np.array([[np.inf, 1.0], [-np.inf, -np.inf]])
    for b in (None, np.ones(2)):
        np.testing.assert_array_equal(wg.jacrev(lambda a, b=b: wsp.logsumexp(a, axis=1, b=b))(plain),
                                      [[[1.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]]])
    np.testing.assert_array_equal(wg.grad(lambda a: wsp.logsumexp(a, b=np.array([1.0, -3.0]), return_sign=True)[0])(
        np.array([np.inf, 1.0])), [1.0, 0.0])
    empty = np.zeros((2, 0))
    np.testing.assert_array_equal(wsp.logsumexp(empty, axis=1), [-np.inf, -np.inf])
    np.testing.assert_array_equal(wsp.logsumexp(empty, axis=1, b=empty), [-np.inf, -np.inf])
    assert wg.grad(lambda a: np.sum(wsp.logsumexp(a, axis=1)))(empty).shape == (2, 0)


def test_logsumexp_with_a_differentiated_b_of_0_at_infinity():
    # on main: value and gradients NaN (b * exp(a) = 0 * inf)
    a, b = np.array([np.inf, np.inf, 1.0]), np.array([0.0, 1.0, 2.0])
    # another term at +inf: on their diagonal f = t + log(b0 + b1), so d/da = b / (b0 + b1) on
    # them, d/db = 1 / (b0 + b1), the b-Hessian -1 / (b0 + b1)^2 (the finite term: 0)
    f = lambda a, b: wsp.logsumexp(a, b=b)  # noqa: E731
    assert f(a, b) == np.inf
    for jacobian in (wg.jacrev, wg.jacfwd):
        da, db = jacobian(f, argnums=(0, 1))(a, b)
        np.testing.assert_array_equal(da, [0.0, 1.0, 0.0])
        np.testing.assert_array_equal(db, [1.0, 1.0, 0.0])
    np.testing.assert_array_equal(wg.hessian(lambda b: f(a, b))(b), [[-1, -1, 0], [-1, -1, 0], [0, 0, 0]])
    np.testing.assert_array_equal(wg.jacfwd(wg.jacrev(lambda a: f(a, b)))(a), np.zeros((3, 3)))
    # no other term at +inf: the result jumps (1 at b0 = 0, +inf for b0 > 0): refused
    for a, b in ((np.array([np.inf]), np.array([0.0])), (np.array([np.inf, 1.0]), np.array([0.0, 1.0]))):
        for derivative in (wg.grad, wg.jacfwd):
            with pytest.raises(wg.NoGradientRule, match="jumps to"):
                derivative(lambda b, a=a: f(a, b))(b)
    assert f(np.array([np.inf, 1.0]), np.array([0.0, 1.0])) == 1.0  # a constant b = 0: left out


@pytest.mark.parametrize("fn", ["softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [None, 0, -1])
def test_softmax_values_are_scipys(fn, axis):
    x = np.array([[1.0, 1000.0, -2.0], [0.5, 0.0, 3.0]])
    np.testing.assert_allclose(getattr(wsp, fn)(x, axis=axis), getattr(sc, fn)(x, axis=axis),
                               rtol=1e-14)


def test_polygamma_and_multigammaln_values_are_scipys():
    x = np.array([0.7, 1.5, 4.0])
    for n in (0, 1, 3):
        np.testing.assert_allclose(wsp.polygamma(n, x), sc.polygamma(n, x), rtol=1e-14)
    np.testing.assert_allclose(wsp.multigammaln(x + 2.0, 3), sc.multigammaln(x + 2.0, 3),
                               rtol=1e-14)
    with pytest.raises(ValueError, match="greater than"):
        wsp.multigammaln(0.7, 3)


ST = pytest.importorskip("scipy.stats")
POINTS = np.array([-40.0, -1.3, 0.0, 0.2, 2.1, 40.0])
UNIT_POINTS = np.array([-0.5, 0.0, 0.1, 0.5, 0.85, 1.0, 1.2])
VALUE_CHECKS = [
    *[(f"norm.{name}", (POINTS, 0.4, 1.7)) for name in ("pdf", "logpdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"t.{name}", (POINTS / 4, np.array([[1.0], [3.5], [20.0]]), -0.3, 1.7))
      for name in ("pdf", "logpdf", "cdf", "logcdf")],
    *[(f"{d}.{name}", (POINTS / 10, np.array([[0.5], [1.0], [4.5]]), -0.1, 1.3))
      for d in ("gamma", "chi2") for name in ("pdf", "logpdf", "cdf")],
    *[(f"beta.{name}", (UNIT_POINTS, np.array([[0.7], [1.0], [3.5]]), np.array([[1.0], [1.4], [0.6]])))
      for name in ("pdf", "logpdf", "cdf")],
    ("poisson.cdf", (np.array([0, 1, 4, 2.5, -1]), np.array([[0.0], [2.0]]))),
    ("poisson.cdf", (np.array([0, 1, 4]), 2.0, 1)),
    ("multivariate_normal.entropy", (np.zeros(3), SPD)),
    ("multivariate_normal.entropy", (np.zeros(2), np.array([0.5, 2.0]))),
    ("multivariate_normal.entropy", (None, 2.5)),
    ("dirichlet.pdf", (np.array([[0.2, 0.1], [0.3, 0.0], [0.5, 0.9]]), np.array([0.5, 1.0, 3.0]))),
    ("beta.logpdf", (UNIT_POINTS, 2.0, 3.0, -0.05, 1.1)),
    *[(f"poisson.{name}", (np.array([0, 1, 4, 2.5, -1]), np.array([[0.0], [2.0]]))) for name in ("logpmf", "pmf")],
    ("poisson.logpmf", (np.array([0, 1, 4]), 2.0, 1)),
    *[(f"multivariate_normal.{name}", args) for name in ("logpdf", "pdf") for args in (
        (rand((4, 3)), np.array([0.1, -0.2, 0.3]), SPD), (0.3, None, 2.0), (rand((5,)), 0.5, 1.5),
        (rand((2, 3)), np.zeros(3), np.array([1.0, 2.0, 0.5])), (rand((2, 2, 3)), np.zeros(3), SPD))],
    ("dirichlet.logpdf", (np.array([0.2, 0.3, 0.5]), np.array([0.5, 1.0, 3.0]))),
    ("dirichlet.logpdf", (np.array([0.2, 0.3]), np.array([0.5, 1.0, 3.0]))),
    ("dirichlet.logpdf", (np.array([[0.2, 0.1], [0.3, 0.0], [0.5, 0.9]]), np.array([0.5, 1.0, 3.0]))),
    # the gradient cases' points, and the ends of the supports
    *JAX_STATS, *[(name, counts + params) for name, counts, params in JAX_DISCRETE],
    *[(f"expon.{f}", (POINTS / 10, 0.0, 1.5)) for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"{d}.{f}", (POINTS, 0.4, 1.7)) for d in ("laplace", "cauchy", "logistic")
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    # (not cauchy: SciPy < 1.15 takes tan(pi (q - 1/2)), -2.8e16 at q = 1e-300 where -5.4e299 is right)
    *[(f"{d}.{f}", (np.array([0.0, 1e-300, 0.5, 1.0]), 0.4, 1.7))
      for d in ("expon", "laplace", "logistic", "norm", "uniform") for f in ("ppf", "isf")],
    *[(f"uniform.{f}", (UNIT_POINTS, 0.0, 1.0)) for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"lognorm.{f}", (POINTS / 10, np.array([[0.5], [2.0]]), -0.1, 1.3))
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"pareto.{f}", (POINTS / 4, np.array([[0.5], [2.0]]), -0.1, 1.3))
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"truncnorm.{f}", (POINTS / 10, -1.0, np.array([[1.0], [2.5]]))) for f in
      ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"truncnorm.{m}", (np.array([-2.0, -1.0, 0.5]), np.array([[2.0], [5.0]]), 0.1, 1.2))
      for m in ("mean", "var", "std")],
    ("bernoulli.logpmf", (np.array([0, 1, 2, 0.5, -1]), np.array([[0.0], [0.3], [1.0]]))),
    ("bernoulli.cdf", (np.array([0, 1, 2, 0.5, -1]), np.array([[0.0], [0.3], [1.0]]))),
    ("binom.logpmf", (np.array([0, 1, 2, 6, 2.5, -1]), 5, np.array([[0.0], [0.3], [1.0]]))),
    ("geom.logpmf", (np.array([0, 1, 2, 2.5, -1]), np.array([[0.3], [1.0]]))),
    ("geom.cdf", (np.array([0, 1, 2, 2.5, -1]), np.array([[0.3], [1.0]]))),
    ("nbinom.logpmf", (np.array([0, 1, 2, 2.5, -1]), 2.5, np.array([[0.3], [1.0]]))),
    ("multinomial.logpmf", (np.array([1, 1, 0]), 3, np.array([0.2, 0.3, 0.5]))),
    # the gradient cases' points, and the ends of the supports
    *[(name, (args[0], 2.5) + args[1:]) if name.startswith("gamma.") else (name, args) for name, args in TAILS_AND_ADDED_DISTRIBUTIONS],
    *[(name, args[:1] + shapes + args[1:]) for name, shapes, args in SHAPED_TAILS],
    *[(name, counts + params) for name, counts, params in BETABINOM],
    *[(f"{d}.{f}", (POINTS / 10, np.array([[0.5], [1.0], [4.5]]), -0.1, 1.3))
      for d in ("gamma", "chi2") for f in ("logcdf", "sf", "logsf")],
    *[(f"{d}.{f}", (np.array([0.0, 1e-10, 0.3, 0.5, 0.9, 1.0]), np.array([[0.5], [1.0], [4.5]]), -0.1, 1.3))
      for d in ("gamma", "chi2", "t") for f in ("ppf", "isf")],
    *[(f"beta.{f}", (UNIT_POINTS, np.array([[0.7], [1.0], [3.5]]), np.array([[1.0], [1.4], [0.6]])))
      for f in ("logcdf", "sf", "logsf")],
    *[(f"beta.{f}", (np.array([0.0, 0.3, 0.5, 0.9, 1.0]), np.array([[0.7], [1.0], [3.5]]), np.array([[1.0], [1.4], [0.6]])))
      for f in ("ppf", "isf")],
    *[(f"t.{f}", (POINTS / 4, np.array([[1.0], [3.5], [20.0]]), -0.3, 1.7)) for f in ("sf", "logsf")],
    *[(f"{d}.{f}", (POINTS / 4, 0.4, 1.7)) for d in ("gumbel_r", "gumbel_l")
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"{d}.{f}", (np.array([0.0, 1e-300, 0.5, 1.0]), 0.4, 1.7))
      for d in ("gumbel_r", "gumbel_l", "halfnorm") for f in ("ppf", "isf")],
    *[(f"halfnorm.{f}", (POINTS / 4, 0.4, 1.7)) for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")],
    *[(f"wrapcauchy.{f}", (np.array([-0.1, 0.0, 1.0, 2 * np.pi, 7.0]), np.array([[0.1], [0.9]]))) for f in ("logpdf", "pdf")],
    *[(f"gennorm.{f}", (POINTS / 4, np.array([[0.5], [1.0], [2.0], [8.0]]), 0.0, 1.5)) for f in ("logpdf", "pdf")],
    ("betabinom.logpmf", (np.array([0, 1, 2, 6, 2.5, -1]), 5, np.array([[0.5], [3.0]]), 1.5)),
]


def _scipy_before(*version):
    import scipy
    return tuple(int(v) for v in scipy.__version__.split(".")[:2]) < version


def _pair(name):
    distribution, function = name.split(".")
    return (getattr(getattr(stats, distribution), function),
            getattr(getattr(ST, distribution), function))


@pytest.mark.parametrize("name, args", VALUE_CHECKS, ids=[n for n, _ in VALUE_CHECKS])
def test_stats_values_are_scipys(name, args):
    ours, theirs = _pair(name)
    with np.errstate(divide="ignore"):
        want = theirs(*args)
    # t.logcdf is log(stdtr): SciPy's own differs from it by 1e-11 in the far left tail.
    rtol = 1e-10 if name == "t.logcdf" else 1e-12
    # SciPy's stdtrit before 1.16 stops at a tolerance, 2e-11..6e-11 off (t.ppf(0.3, 1.0) 1.6e-11);
    # wengert's t.ppf / t.isf polish its root, exact within a few ulp of mpmath's (checked in
    # tests/test_stats_t_middle_quantile.py): compared here at SciPy's own error there.
    if name in ("t.ppf", "t.isf") and _scipy_before(1, 16):
        rtol = 1e-10
    # SciPy < 1.15 takes laplace's log cdf as log(1 - e^-z / 2): 3e-18 off near 0 (here log1p).
    atol = 1e-16 if name in ("laplace.logcdf", "laplace.logsf") else 1e-300
    # the log tails are log1p(-other tail) near 0 (as SciPy >= 1.15 takes them; older
    # SciPy takes log(tail), up to 3e-17 off there)
    atol = 1e-15 if name in LOG_TAILS else atol
    np.testing.assert_allclose(ours(*args), want, rtol=rtol, atol=atol)


def test_every_stats_function_has_a_value_check():
    others = [importlib.import_module(name) for name in CASE_FILES]
    checked = {n for n, _ in VALUE_CHECKS + [v for m in others for v in getattr(m, "VALUE_CHECKS", [])]}
    # (the distributions' functions; stats.sem, a function of a sample, is checked in
    # tests/test_ops_scipy_sem.py)
    assert checked == {n[len("stats."):] for n in wengert.scipy.supported()
                       if n.startswith("stats.") and n.count(".") == 2}


def test_outside_the_support_the_log_density_is_minus_inf_with_gradient_zero():
    f = lambda x: np.sum(np.where(np.isfinite(stats.gamma.logpdf(x, 2.0)),  # noqa: E731
                                  stats.gamma.logpdf(x, 2.0), 0.0))
    np.testing.assert_array_equal(wg.grad_bp(f, np.array([-1.0, 1.0])), [0.0, 0.0])
    value, g = wg.backprop(lambda x: stats.beta.logpdf(x, 2.0, 2.0), np.array([-0.2, 0.5, 1.3]),
                           seed=np.ones(3))
    np.testing.assert_array_equal(value[[0, 2]], [-np.inf, -np.inf])
    np.testing.assert_array_equal(g, [0.0, 0.0, 0.0])
    # At the edge of the support (x = 0, a = 1) the gradient is the one-sided one: -1.
    assert wg.grad_bp(lambda x: stats.gamma.logpdf(x, 1.0), 0.0) == -1.0
    assert wg.grad_bp(lambda x: stats.beta.logpdf(x, 1.0, 3.0), 0.0) == -2.0


@pytest.mark.parametrize("density, d1, d2", [
    (lambda x: stats.gamma.pdf(x, 2.0), 1.0, -2.0),            # x e^-x
    (lambda x: stats.gamma.pdf(x, 1.0), -1.0, 1.0),            # e^-x
    (lambda x: stats.gamma.pdf(x + 1.0, 2.0, 1.0, 2.0), 0.25, -0.25),
    (lambda x: stats.chi2.pdf(x, 4.0), 0.25, -0.25),            # x e^(-x/2) / 4
    (lambda x: stats.beta.pdf(x, 2.0, 2.0), 6.0, -12.0),        # 6 x (1 - x), at 0
    (lambda x: stats.beta.pdf(1.0 - x, 2.0, 2.0), 6.0, -12.0),  # ... and at 1
    (lambda mu: stats.poisson.pmf(1, mu), 1.0, -2.0),           # mu e^-mu at mu = 0
    (lambda mu: stats.poisson.pmf(2, mu), 0.0, 1.0),
])
def test_densities_at_the_ends_of_the_support_have_their_finite_derivatives(density, d1, d2):
    # pdf = exp(logpdf): the log density is -inf at the end with an infinite derivative, so
    # the gradient was 0 * inf = NaN there (no error), at first order and in forward mode.
    assert wg.grad(density)(0.0) == pytest.approx(d1, rel=1e-15, abs=0.0)
    assert wg.grad(wg.grad(density))(0.0) == pytest.approx(d2, rel=1e-15, abs=0.0)
    assert wg.jvp(density, (0.0,), (1.0,))[1] == pytest.approx(d1, rel=1e-15, abs=0.0)
    assert wg.jvp(wg.grad(density), (0.0,), (1.0,))[1] == pytest.approx(d2, rel=1e-15, abs=0.0)


@pytest.mark.parametrize("fn, args, y", [
    (sc.gammaincinv, (0.3,), 0.0), (sc.gammaincinv, (2.0,), 0.0), (sc.gammaincinv, (2.0,), 1.0),
    (sc.gammaincinv, (0.001,), 0.3),  # the result underflows to 0 inside the domain
    (sc.gammainccinv, (2.0,), 1.0), (sc.gammainccinv, (2.0,), 0.0),
    (sc.betaincinv, (2.0, 3.0), 0.0), (sc.betaincinv, (2.0, 3.0), 1.0), (sc.betaincinv, (0.5, 0.5), 1.0),
    (sc.betainccinv, (2.0, 3.0), 0.0), (sc.betainccinv, (2.0, 3.0), 1.0)])
def test_inverse_incomplete_functions_refuse_their_second_derivative_at_the_ends(fn, args, y):
    # The second derivative's limit there depends on the shape parameter (0, finite, +-inf);
    # the rule gave NaN. Refused by name in both modes; the first derivative is the limit.
    f = lambda y: fn(*args, y)  # noqa: E731
    first = wg.grad(f)(y)
    assert not np.isnan(first)
    for second in (wg.grad(wg.grad(f)), wg.jacfwd(wg.grad(f))):
        with pytest.raises(wg.NoGradientRule, match=f"scipy.special.{fn.__name__} has no second derivative"):
            second(y)


def test_inverse_incomplete_functions_at_the_ends_of_their_range():
    # dx/dy = 1 / F'(x) -> inf as x -> inf: it was NaN (inf - inf in the exponent)
    assert wg.grad(lambda y: sc.gammaincinv(2.0, y))(1.0) == np.inf
    assert wg.grad(lambda y: sc.gammainccinv(2.0, y))(0.0) == -np.inf
    # with the shape parameter 1 the end is no special point: exact second derivatives
    assert wg.grad(wg.grad(lambda y: sc.gammaincinv(1.0, y)))(0.0) == pytest.approx(1.0, rel=1e-15, abs=0.0)  # -log(1 - y)
    assert wg.grad(wg.grad(lambda y: sc.gammainccinv(1.0, y)))(1.0) == pytest.approx(1.0, rel=1e-15, abs=0.0)  # -log(y)
    # betaincinv(1, 4, y) = 1 - (1 - y)^(1/4): x'' = 3/16 at 0
    assert wg.grad(wg.grad(lambda y: sc.betaincinv(1.0, 4.0, y)))(0.0) == pytest.approx(3 / 16, rel=1e-15, abs=0.0)


@pytest.mark.parametrize("x, n, p", [
    ([1, 1, 0], 2.5, [0.3, 0.3, 0.4]), ([0, 0, 0], -0.5, [0.3, 0.3, 0.4]),
    ([[1, 0, 1], [1, 1, 0]], [2.9, -0.3], [0.5, 0.2, 0.3]), ([1.5, 0.5, 0], 2, [0.3, 0.3, 0.4])])
def test_multinomial_reads_its_parameters_as_scipy_does(x, n, p):
    # n truncated to an integer (-0.5 to 0). Before: 0 for n = 2.5 (SciPy 0.18).
    import warnings
    import scipy.stats as ss
    x, n, p = np.array(x, dtype=float), np.array(n, dtype=float), np.array(p)
    with warnings.catch_warnings():
        # SciPy 1.17 warns that a p off the simplex will give NaN from 1.18 on: in each of
        # these cases p is invalid in both versions' reading, or sums to 1
        warnings.simplefilter("ignore", FutureWarning)
        expected = ss.multinomial.pmf(x, n, p), ss.multinomial.logpmf(x, n, p)
    np.testing.assert_allclose(stats.multinomial.pmf(x, n, p), expected[0], rtol=1e-14)
    np.testing.assert_allclose(stats.multinomial.logpmf(x, n, p), expected[1], rtol=1e-14)


@pytest.mark.parametrize("n, p, requires", [
    (2, [0.6, 0.6, -0.2], "the entries of p"), (2, [1.2, -0.1, -0.1], "the entries of p"),
    (2, [0.6, 0.6, 0.2], "the entries of p"), (-2, [0.3, 0.3, 0.4], "n must be >= 0"),
    ([2, -1], [0.3, 0.3, 0.4], "n must be >= 0"), (2, [[0.3, 0.3, 0.4], [0.3, np.nan, 0.4]], "the entries of p")])
def test_multinomial_refuses_invalid_parameters(n, p, requires):
    # where SciPy gives NaN (a negative n, an entry of p, the last as 1 - the others, outside [0, 1]): refused, as in
    # every distribution; that NaN had gradient 0, and before it [0.6, 0.6, -0.2] gave 0.72
    match = rf"^multinomial: {requires}.* \(SciPy gives NaN\)$"
    for call in (lambda: stats.multinomial.pmf(np.array([1.0, 1.0, 0.0]), np.array(n, dtype=float), np.array(p)),
                 lambda: wg.grad(lambda p: np.sum(stats.multinomial.logpmf(np.array([1.0, 1.0, 0.0]), n, p)))(
                     np.array(p)),
                 lambda: wg.jvp(lambda p: stats.multinomial.logpmf(np.array([1.0, 1.0, 0.0]), n, p), (np.array(p),),
                                (np.ones(np.shape(p)),))):
        with pytest.raises(ValueError, match=match):
            call()


@pytest.mark.parametrize("fn, x, a, b", [
    ("logcdf", 24.6, -3.0, 30.0), ("logcdf", 30.9, 30.0, 31.0), ("logcdf", 30.5, 30.0, 31.0),
    ("logcdf", 10.0, -1.0, 30.0), ("logcdf", 0.999, -1.0, 1.0),
    ("logsf", -24.6, -30.0, 3.0), ("logsf", -30.9, -31.0, -30.0), ("logsf", -0.999, -1.0, 1.0)])
def test_truncnorm_log_tails_near_one_keep_their_digits(fn, x, a, b):
    # log(1 - other tail) where the other tail is small: logcdf(24.6; -3, 30) was 0 where
    # SciPy gives about -6e-134, and logcdf(30.5; 30, 31) 7e-8 off in relative terms
    import scipy.stats as ss
    want = float(getattr(ss.truncnorm, fn)(x, a, b))
    assert want != 0.0
    assert float(getattr(stats.truncnorm, fn)(x, a, b)) == pytest.approx(want, rel=1e-12, abs=0.0)
    check_grads(lambda x: getattr(stats.truncnorm, fn)(x, a, b), x, order=2, modes=("rev", "fwd"))


def _from_inside(f, point, direction, h=1e-4):
    """The one-sided derivative of f at ``point`` along ``direction`` (second order in h)."""
    at = lambda t: f(*(point + t * direction))  # noqa: E731
    return (-3 * at(0.0) + 4 * at(h) - at(2 * h)) / (2 * h)


@pytest.mark.parametrize("fn", ["cdf", "sf", "logcdf", "logsf"])
@pytest.mark.parametrize("end", ["a", "b"])
def test_truncnorm_tails_at_the_ends_of_the_support_are_differentiated_from_inside(fn, end):
    # They were 0 at x = loc + a * scale and x = loc + b * scale, as outside: a wrong
    # gradient with no error (found by tools/probe_scipy_edges.py).
    import scipy.stats as ss
    a, b, loc, scale = -1.0, 1.5, 0.5, 2.0  # z = (x - loc) / scale exactly a or b
    x = loc + (a if end == "a" else b) * scale
    ours = getattr(stats.truncnorm, fn)
    value = float(ours(x, a, b, loc, scale))
    assert value == float(getattr(ss.truncnorm, fn)(x, a, b, loc, scale))
    if np.isinf(value):  # logcdf at a, logsf at b: -inf, gradient 0 as outside
        assert np.all(np.array(wg.grad(ours, argnums=(0, 1, 2, 3, 4))(x, a, b, loc, scale)) == 0.0)
        return
    point = np.array([x, a, b, loc, scale])
    grad = wg.grad(lambda p: ours(p[0], p[1], p[2], p[3], p[4]))
    rng = np.random.default_rng(0)
    for _ in range(4):
        d = rng.normal(size=5)
        inside = lambda p: p[1] < (p[0] - p[3]) / p[4] < p[2]  # noqa: E731
        if not inside(point + 1e-6 * d):
            d = -d  # the direction into the support
        assert inside(point + 1e-6 * d)
        exact = float(grad(point) @ d)
        assert exact == pytest.approx(_from_inside(lambda *p: getattr(ss.truncnorm, fn)(*p), point, d),
                                      rel=1e-6, abs=1e-8)
        # second order, from inside too
        second = float(d @ wg.jacfwd(grad)(point) @ d)
        slope = lambda *p: float(grad(np.array(p)) @ d)  # noqa: E731
        assert second == pytest.approx(_from_inside(slope, point, d), rel=1e-5, abs=1e-7)


@pytest.mark.parametrize("call, match", [
    (lambda k: stats.poisson.logpmf(k, 2.0), "poisson.logpmf has no gradient with respect to k"),
    # (gamma.cdf and chi2.cdf in a, df: differentiable, their d^2/da^2 refused; t.cdf, beta.cdf too)
    (lambda k: stats.poisson.cdf(k, 2.0), "poisson.cdf has no gradient with respect to k"),
])
def test_stats_arguments_without_gradient_are_refused_by_name(call, match):
    with pytest.raises(wg.NoGradientRule, match=match):
        wg.grad_bp(call, 2.0)


@pytest.mark.parametrize("call, match", [
    (lambda: stats.norm.logpdf(0.0, 0.0, -1.0), "scale must be positive"),
    (lambda: stats.gamma.pdf(1.0, 2.0, scale=0.0), "scale must be positive"),
    (lambda: stats.multivariate_normal.logpdf(np.zeros(2), allow_singular=True), "allow_singular"),
    (lambda: stats.dirichlet.logpdf(np.array([0.2, 0.2]), np.ones(2)), "simplex"),
    (lambda: stats.dirichlet.logpdf(np.array([0.0, 1.0]), np.array([0.5, 1.0])), "greater than zero"),
])
def test_invalid_parameters_raise(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_multivariate_normal_gradient_in_cov_is_symmetric():
    x = np.array([0.3, -1.0, 0.4])
    g = wg.grad_bp(lambda c: stats.multivariate_normal.logpdf(x, None, c), SPD)
    np.testing.assert_allclose(g, g.T, rtol=1e-13)
    # d/dC log N(x; 0, C) = (C^-1 x x' C^-1 - C^-1) / 2
    inv = np.linalg.inv(SPD)
    np.testing.assert_allclose(g, 0.5 * (inv @ np.outer(x, x) @ inv - inv), rtol=1e-10)


def test_gammasgn_has_no_gradient_and_returns_plain_values():
    assert wengert.scipy.supported()["special.gammasgn"] == "no gradient"
    seen = []

    def f(x):
        seen.append(sc.gammasgn(x))
        return np.sum(x)
    wg.grad_bp(f, np.array([-0.5, 1.5]))
    assert not isinstance(seen[0], wg.Var)
    np.testing.assert_array_equal(seen[0], [-1.0, 1.0])


@pytest.mark.parametrize("call", [
    lambda x: sc.logsumexp(x), lambda x: sc.polygamma(1, x),
    lambda x: pytest.importorskip("scipy.stats").norm.logpdf(x),
])
def test_scipy_python_functions_on_vars_point_to_wengert_scipy(call):
    with pytest.raises(TypeError, match="scipy.* does to its arguments.*use wengert.scipy.special, "
                       "wengert.scipy.stats"):
        wg.grad_bp(lambda x: np.sum(call(x)), np.array([0.1, 0.2]))


# -- the added scipy.special functions at the ends of their domains -------------------

def test_jax_special_functions_at_the_ends_of_their_domains():
    grad = wg.elementwise_grad
    # spence(z) = int_1^z log t / (1 - t) dt: log(z) / (1 - z) is 0/0 at z = 1, where the
    # derivatives are those of -log(1 + u) / u = -(1 - u/2 + u^2/3 - ...): -1, 1/2, -2/3.
    d = [wg.grad(sc.spence)]
    for _ in range(2):
        d.append(wg.grad(d[-1]))
    assert [f(1.0) for f in d] == [-1.0, pytest.approx(0.5, rel=1e-15, abs=0.0), pytest.approx(-2.0 / 3.0, rel=1e-15, abs=0.0)]
    assert wg.jvp(wg.grad(sc.spence), (1.0,), (1.0,))[1] == pytest.approx(0.5, rel=1e-15, abs=0.0)
    assert wg.grad_bp(sc.spence, 0.0) == -np.inf  # log(0): the one-sided derivative
    # kl_div(0, y) = y: -inf in x, 1 in y (also at y = 0); kl_div(x, y) in y: 1 - x / y.
    gx, gy = wg.grad_bp(lambda x, y: sc.kl_div(x, y), 0.0, 2.0)
    assert (gx, gy) == (-np.inf, 1.0)
    assert wg.grad_bp(lambda y: sc.kl_div(0.0, y), 0.0) == 1.0
    # poch(z, m) = gamma(z + m) / gamma(z) is 0 at the poles of gamma(z) but not flat in z.
    h = 1e-6
    for z in (0.0, -1.0, -2.0):
        want = (sc.poch(z + h, 0.5) - sc.poch(z - h, 0.5)) / (2 * h)
        assert wg.grad_bp(lambda z: sc.poch(z, 0.5), z) == pytest.approx(want, rel=1e-6, abs=0)
        assert wg.grad_bp(lambda m: sc.poch(z, m), 0.5) == 0.0
    # ... at second order too, mixed: as gamma(z + m) rgamma(z), whose rules are rgamma's.
    point = np.array([-2.0, 0.5])
    np.testing.assert_allclose(wg.hessian(lambda v: sc.poch(v[0], v[1]))(point),
                               wg.hessian(lambda v: sc.gamma(v[0] + v[1]) * sc.rgamma(v[0]))(point),
                               rtol=1e-12, atol=1e-15)
    with pytest.raises(ValueError, match="both z and z \\+ m are poles"):
        wg.grad_bp(lambda z: sc.poch(z, 1.0), -1.0)
    # x = gammaincinv(a, y) at y = 0: dx/dy = gamma(a) / x^(a - 1) at x = 0: 1 for a = 1,
    # inf for a > 1, 0 for a < 1; betaincinv(1, b, 0): 1 / b.
    np.testing.assert_array_equal([wg.grad_bp(lambda y, _a=a: sc.gammaincinv(_a, y), 0.0) for a in (1.0, 2.0, 0.5)],
                                  [1.0, np.inf, 0.0])
    assert wg.grad_bp(lambda y: sc.betaincinv(1.0, 4.0, y), 0.0) == pytest.approx(0.25, rel=1e-15, abs=0.0)
    assert wg.grad_bp(lambda y: sc.gammainccinv(1.0, y), 1.0) == -1.0  # x = -log(y)
    # E_0(x) = e^-x / x: the order 0 has its own formula (E_{-1} is not SciPy's).
    assert wg.grad_bp(lambda x: sc.expn(0, x), 1.0) == pytest.approx(-2.0 / np.e, rel=1e-15, abs=0.0)
    assert grad(sc.expi)(np.array([1.0]))[0] == pytest.approx(np.e, rel=1e-15, abs=0.0)
    assert wg.grad_bp(sc.log_expit, -800.0) == 1.0 and wg.grad_bp(sc.log_expit, 800.0) == 0.0


@pytest.mark.parametrize("call, argument", [
    (lambda x: wsp.zeta(x, 1.5), "x (argument 0)"), (lambda x: wsp.zeta(x), "x (argument 0)"),
    (lambda n: sc.expn(n, 1.3), "order n"), (lambda a: sc.hyp1f1(a, 1.5, 0.3), "a (argument 0)"),
    (lambda b: sc.hyp1f1(0.5, b, 0.3), "b (argument 1)"),
    # (gammaincinv, gammainccinv in a: differentiable, tests/test_exact_gammaincinv_in_shape.py)
])
def test_jax_special_parameters_are_refused_by_name(call, argument):
    with pytest.raises(wg.NoGradientRule, match=re.escape(argument)):
        wg.grad_bp(call, 2.0)


def test_zeta_and_softplus_values_are_scipys():
    q = np.array([0.5, 1.0, 3.5])
    np.testing.assert_allclose(wsp.zeta(np.array([[2.0], [4.5]]), q), sc.zeta(np.array([[2.0], [4.5]]), q), rtol=1e-15)
    np.testing.assert_allclose(wsp.zeta(q + 1.5), sc.zeta(q + 1.5), rtol=1e-15)
    assert float(wg.grad_bp(lambda q: wsp.zeta(3.0, q=q), 1.0)) == pytest.approx(-3.0 * sc.zeta(4.0), rel=1e-15, abs=0.0)
    if not hasattr(sc, "softplus"):
        assert "special.softplus" not in wengert.scipy.supported()
        pytest.skip("scipy.special.softplus is new in SciPy 1.15")
    x = np.array([-800.0, -1.0, 0.0, 2.0, 800.0])
    np.testing.assert_allclose(wsp.softplus(x), sc.softplus(x), rtol=1e-15)


def test_jax_stats_at_the_ends_of_the_supports():
    # On the support's closed end the derivative is the one-sided one from inside; outside,
    # the constant's (0).
    assert wg.grad_bp(lambda x: stats.expon.logpdf(x, 0.0, 2.0), 0.0) == -0.5
    assert wg.grad_bp(lambda x: stats.expon.cdf(x, 0.0, 2.0), 0.0) == 0.5
    assert wg.grad_bp(lambda x: stats.expon.logpdf(x), -1.0) == 0.0
    assert wg.grad_bp(lambda x: stats.pareto.logpdf(x, 2.0), 1.0) == -3.0
    # lognorm's density is flat at 0 from the right too: 0 at every order.
    d = wg.grad(lambda x: stats.lognorm.pdf(x, 0.7))
    assert d(0.0) == 0.0 and wg.grad(d)(0.0) == 0.0
    # truncnorm at its ends: the density's derivative -z, from inside.
    assert wg.grad_bp(lambda x: stats.truncnorm.logpdf(x, -1.0, 2.0), 2.0) == pytest.approx(-2.0, rel=1e-15, abs=0.0)
    assert wg.grad_bp(lambda x: stats.truncnorm.logpdf(x, -1.0, 2.0), 2.5) == 0.0
    # the laplace log density at its mode: the mean of the one-sided derivatives (0).
    assert wg.grad_bp(stats.laplace.logpdf, 0.0) == 0.0
    # bernoulli and binom at p = 0 and 1: the pmf is a polynomial in p, exact there.
    assert wg.grad_bp(lambda p: stats.bernoulli.pmf(0, p), 0.0) == -1.0
    assert wg.grad_bp(lambda p: stats.binom.pmf(1, 2, p), 0.0) == pytest.approx(2.0, rel=1e-15, abs=0.0)
    assert wg.grad_bp(lambda p: stats.geom.cdf(2, p), 1.0) == pytest.approx(0.0, rel=1e-15, abs=0.0)
    # multinomial: SciPy replaces the last p by 1 - sum(the others): its gradient is 0.
    g = wg.grad_bp(lambda p: stats.multinomial.logpmf(np.array([1, 2, 0]), 3, p), np.array([0.2, 0.3, 0.5]))
    np.testing.assert_allclose(g, [1 / 0.2, 2 / 0.3, 0.0], rtol=1e-14)
    # quantiles at q = 0 and 1: infinite, no warning; their derivatives too.
    np.testing.assert_array_equal(stats.cauchy.ppf(np.array([0.0, 1.0])), [-np.inf, np.inf])
    assert wg.grad_bp(stats.norm.ppf, 0.5) == pytest.approx(np.sqrt(2 * np.pi), rel=1e-15, abs=0.0)


@pytest.mark.parametrize("call, match", [
    (lambda: stats.norm.ppf(1.5), "q must be a probability"), (lambda: stats.expon.isf(-0.1), "probability"),
    (lambda: stats.vonmises.logpdf(0.0, -1.0), "kappa"), (lambda: stats.cauchy.pdf(0.0, 0.0, 0.0), "scale"),
    (lambda: stats.truncnorm.logpdf(0.0, 1.0, 1.0), "a must be less than b"),
    (lambda: stats.lognorm.cdf(1.0, -0.5), "must be positive"),
])
def test_jax_stats_invalid_parameters_raise(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("call, match", [
    (lambda k: stats.binom.logpmf(k, 5, 0.3), "binom.logpmf has no gradient with respect to k"),
    (lambda n: stats.binom.pmf(2, n, 0.3), "with respect to n"),
    (lambda k: stats.bernoulli.cdf(k, 0.3), "bernoulli.cdf has no gradient with respect to k"),
    (lambda x: stats.multinomial.logpmf(x, 3, np.array([0.5, 0.5])), "with respect to x"),
    (lambda k: stats.geom.cdf(k, 0.3), "geom.cdf has no gradient with respect to k"),
])
def test_discrete_counts_are_refused(call, match):
    with pytest.raises(wg.NoGradientRule, match=match):
        wg.grad_bp(lambda v: np.sum(call(v)), np.array([1.0, 2.0]) if "multinomial" in match else 2.0)


# -- found by tools/probe_scipy_edges.py ------------------------------------------------

@pytest.mark.parametrize("name, at", [
    *[(f"laplace.{f}", 0.4) for f in ("cdf", "sf", "logcdf", "logsf")], ("laplace.ppf", 0.5), ("laplace.isf", 0.5)])
def test_laplace_second_derivative_at_its_kink_is_refused(name, at):
    # cdf/sf/logcdf/logsf at x = loc and ppf/isf at q = 1/2 are smooth to first order only:
    # the one-sided second derivatives differ (1/2 and -1/2 for the cdf), and each function
    # used to give the one of its own side silently (cdf the right one, sf the left one).
    distribution, _, method = name.partition(".")
    fn = getattr(getattr(stats, distribution), method)
    f = (lambda x: fn(x, 0.4, 1.5)) if method[-2:] != "pf" else (lambda q: fn(q, 0.4, 1.5))
    first = wg.grad(f)(at)
    assert np.isfinite(first) and first == pytest.approx(wg.grad(f)(at + 1e-9), rel=1e-6, abs=0)
    for second in (lambda: wg.grad(wg.grad(f))(at), lambda: wg.jvp(wg.grad(f), (at,), (1.0,))[1],
                   lambda: wg.hessian(lambda v: np.sum(f(v)))(np.array([at, at + 0.2]))):
        with pytest.raises(wg.NoGradientRule, match=rf"scipy\.stats\.{name} has no second derivative"):
            second()
    # beside the kink, the second derivative is the usual one
    check_grads(f, np.array([at - 0.1, at + 0.1]), order=2, modes=("rev", "fwd"))


@pytest.mark.parametrize("name, params, invalid", [
    *[(f"binom.{f}", (np.array([0.0, 5.0]), np.array([[0.3], [0.0], [1.0]])), [(4.5, 0.3), (-1.0, 0.3), (5.0, 1.2),
                                                                              (5.0, -0.1)]) for f in ("logpmf", "pmf")],
    *[(f"nbinom.{f}", (np.array([0.5, 2.5]), np.array([[0.3], [1.0]])), [(0.0, 0.3), (-1.0, 0.3), (2.5, 0.0),
                                                                         (2.5, 1.2)]) for f in ("logpmf", "pmf")],
    *[(f"bernoulli.{f}", (np.array([0.0, 1.0, 0.3]),), [(1.2,), (-0.1,)]) for f in ("logpmf", "pmf", "cdf")],
    *[(f"geom.{f}", (np.array([1.0, 0.3]),), [(1.2,), (0.0,), (-0.1,)]) for f in ("logpmf", "pmf", "cdf")],
])
def test_discrete_parameters_at_scipys_ends_and_beyond(name, params, invalid):
    # binom.pmf(2, 4.5, 0.3) was 0.29 (SciPy: NaN, n must be a whole number), geom and bernoulli with p = 1.2 gave
    # 1.2, nbinom with n = 0 gave 0; then NaN with gradient 0; now refused, as the continuous distributions do (and
    # with an array, any invalid entry). At the ends SciPy takes (n = 0, p = 0 and 1): SciPy's values.
    ours, theirs = _pair(name)
    k = np.array([0.0, 1.0, 2.0, 3.0])[:, None, None] if len(params) == 2 else np.array([0.0, 1.0, 3.0])[:, None]
    with np.errstate(all="ignore"):
        want = theirs(k, *params)
    np.testing.assert_allclose(ours(k, *params), want, rtol=1e-12)
    inside = (params[-1] > 0) & (params[-1] < 1)  # p: finite gradients
    p = params[-1][inside[..., 0]] if params[-1].ndim == 2 else params[-1][inside]
    assert np.all(np.isfinite(wg.grad(lambda p: np.sum(ours(k, *params[:-1], p)))(p)))
    for bad in invalid:
        with pytest.raises(ValueError, match=rf"^{name.split('.')[0]}: .* must be .* \(SciPy gives NaN\)$"):
            ours(k, *(np.array([good.flat[-1], b]) for good, b in zip(params, bad)))


SCIPY_BEFORE_1_14 = tuple(int(p) for p in pytest.importorskip("scipy").__version__.split(".")[:2]) < (1, 14)


def test_cauchy_far_tails_are_scipys():
    # log(1 + z**2) overflowed beyond |z| = 1e154 (logpdf -inf), and log(0.5 + arctan(z) / pi)
    # lost the tails (logcdf -inf at -1e300, 0 at 1e10): now 2 log|z| + log1p(z**-2),
    # arctan2(1, -z) / pi and log1p(-sf), as exact as SciPy's, with the same gradients.
    x = np.array([-1e300, -1e200, -1e10, -3.0, 0.4, 2.0, 1e10, 1e200, 1e300])
    for name in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"):
        ours, theirs = _pair(f"cauchy.{name}")
        if not SCIPY_BEFORE_1_14:  # SciPy 1.13 itself loses these tails (1 + z**2 overflows)
            np.testing.assert_allclose(ours(x, 0.4, 1.7), theirs(x, 0.4, 1.7), rtol=1e-14, atol=0)
        check_grads(ours, np.array([-30.0, -1.0, 0.4, 1.4, 2.1, 40.0]), 0.4, 1.7, order=2, modes=("rev", "fwd"))
    d = wg.grad(stats.cauchy.logpdf)(-1e200)
    assert d == pytest.approx(2e-200 / 1.0, rel=1e-12, abs=0)


def test_scipys_python_wrappers_of_private_ufuncs_point_to_wengerts():
    # scipy.special.zeta is Python over the private ufuncs _zeta / _riemann_zeta: on a Var
    # the refusal named only "the ufunc _zeta"; it now names wengert.scipy.special.zeta.
    for f in (lambda q: sc.zeta(2.0, q), lambda x: sc.zeta(x)):
        with pytest.raises(wg.NoGradientRule, match=r"called by SciPy's scipy\.special\.zeta, which wengert "
                           r"differentiates as wengert\.scipy\.special\.zeta"):
            wg.grad(f)(1.5)
        with pytest.raises(wg.NoGradientRule, match=r"wengert\.scipy\.special\.zeta"):
            wg.jvp(f, (1.5,), (1.0,))
# -- the added scipy.special functions and distributions at their switching points ----

def test_added_distributions_at_the_ends_and_the_mode():
    # gennorm at its mode: |z|**beta with beta held. Its gradient in x is 0 for beta > 1, the
    # kink convention of np.abs (0) for beta = 1; in beta 0 (0**beta = 0); a second derivative
    # in x meets np.abs's kink there and is refused, never a silent number.
    gx, gb = wg.grad_bp(lambda x, b: stats.gennorm.logpdf(x, b), 0.0, 2.0)
    assert gx == 0.0 and gb == pytest.approx(1.0 / 2.0 + sc.digamma(0.5) / 4.0, rel=1e-15, abs=0.0)
    assert wg.grad_bp(lambda x: stats.gennorm.logpdf(x, 1.0), 0.0) == 0.0
    with pytest.raises(wg.NoGradientRule, match="second derivative"):
        wg.grad(wg.grad(lambda x: stats.gennorm.logpdf(x, 2.0)))(0.0)
    assert wg.grad(wg.grad(lambda x: stats.gennorm.logpdf(x, 2.0)))(0.3) == pytest.approx(-2.0, rel=1e-15, abs=0.0)
    # beta < 1: a cusp at the mode (one-sided derivatives -inf and +inf); the gradient in x
    # and loc was NaN, with no error. Refused in both modes; beta and scale (in which
    # |0 / scale|**beta is the constant 0) differentiate there, to second order.
    for args in ((0.0, 0.5), (0.3, 0.5, 0.3)):
        with pytest.raises(wg.NoGradientRule, match="beta < 1 has no derivative in x or loc at x == loc"):
            wg.grad(lambda x: stats.gennorm.logpdf(x, *args[1:]))(args[0])
        with pytest.raises(wg.NoGradientRule, match="cusp"):
            wg.jvp(lambda x: stats.gennorm.pdf(x, *args[1:]), (args[0],), (1.0,))
    with pytest.raises(wg.NoGradientRule, match="cusp"):
        wg.grad(lambda loc: stats.gennorm.logpdf(0.3, 0.5, loc))(0.3)
    xs = np.array([0.0, 0.3, -0.2])
    for beta in (0.5, 1.0, 2.0):
        check_grads(lambda b, s: stats.gennorm.logpdf(xs, b, 0.0, s), beta, 1.3, order=2, modes=("rev", "fwd"))
    assert wg.grad(lambda b: stats.gennorm.logpdf(0.0, b))(0.5) == pytest.approx(2.0 + sc.digamma(2.0) * 4.0, rel=1e-15, abs=0.0)
    # halfnorm's support includes 0: the one-sided derivatives from inside; 0 outside.
    assert wg.grad_bp(stats.halfnorm.logpdf, 0.0) == 0.0 and wg.grad_bp(stats.halfnorm.logpdf, -1.0) == 0.0
    assert wg.grad_bp(stats.halfnorm.cdf, 0.0) == pytest.approx(np.sqrt(2.0 / np.pi), rel=1e-15, abs=0.0)
    assert wg.grad_bp(stats.halfnorm.logsf, 40.0) == pytest.approx(-40.025, rel=1e-3, abs=0)  # -z - 1/z...
    # gamma's cdf at 0 for a = 1 (the exponential): the density 1; its log cdf: -inf below.
    assert wg.grad_bp(lambda x: stats.gamma.cdf(x, 1.0), 0.0) == pytest.approx(1.0, rel=1e-15, abs=0.0)
    assert wg.grad_bp(lambda x: stats.gamma.sf(x, 1.0), 0.0) == pytest.approx(-1.0, rel=1e-15, abs=0.0)
    assert wg.grad_bp(lambda x: stats.gamma.logsf(x, 1.0), 0.0) == pytest.approx(-1.0, rel=1e-15, abs=0.0)
    assert wg.grad_bp(lambda x: stats.gamma.logsf(x, 1.0), -1.0) == 0.0
    # (at 0 itself the log cdf is -inf with the limit from inside, 2 log x's +inf, as its derivative; it was 0, the
    # constant -inf's below: tests/test_stats_log_functions_at_support_ends.py)
    assert stats.gamma.logcdf(0.0, 2.0) == -np.inf and wg.grad_bp(lambda x: stats.gamma.logcdf(x, 2.0), 0.0) == np.inf
    assert wg.grad_bp(lambda x: stats.gamma.logcdf(x, 2.0), -1.0) == 0.0
    # the log tails are log1p(-other) near 1: exact for a tiny other tail, at every order
    x = 1e-9
    assert float(stats.gamma.logsf(x, 1.0)) == pytest.approx(-x, rel=1e-12, abs=0)
    assert wg.grad(wg.grad(lambda x: stats.gamma.logsf(x, 1.0)))(x) == pytest.approx(0.0, abs=1e-12)
    assert float(stats.t.logsf(-60.0, 3.0)) == pytest.approx(np.log1p(-float(sc.stdtr(3.0, -60.0))), rel=1e-12, abs=0)
    # beta's tails at the ends of the support: the one-sided derivatives, constants outside
    assert wg.grad_bp(lambda x: stats.beta.sf(x, 1.0, 2.0), 0.0) == pytest.approx(-2.0, rel=1e-15, abs=0.0)
    assert wg.grad_bp(lambda x: stats.beta.logsf(x, 1.0, 2.0), 1.5) == 0.0
    # quantiles at q = 0 and 1: the ends of the support (t's -inf where SciPy 1.17's stdtrit
    # gives +inf), their derivatives infinite
    np.testing.assert_array_equal(stats.t.ppf(np.array([0.0, 1.0]), 3.0), [-np.inf, np.inf])
    np.testing.assert_array_equal(stats.t.isf(np.array([0.0, 1.0]), 3.0), [np.inf, -np.inf])
    assert wg.grad_bp(lambda q: stats.t.ppf(q, 1.0), 0.5) == pytest.approx(np.pi, rel=1e-15, abs=0.0)  # 1 / density(0)
    assert [wg.grad_bp(lambda q: stats.t.ppf(q, 3.0), q) for q in (0.0, 1.0)] == [np.inf, np.inf]
    assert wg.grad_bp(lambda q: stats.t.isf(q, 3.0), 0.0) == -np.inf
    assert wg.grad_bp(lambda q: stats.gamma.ppf(q, 1.0), 0.0) == pytest.approx(1.0, rel=1e-15, abs=0.0)
    # wrapcauchy outside [0, 2 pi]: -inf, gradient 0; betabinom off its counts: -inf
    assert stats.wrapcauchy.logpdf(7.0, 0.5) == -np.inf and wg.grad_bp(lambda x: stats.wrapcauchy.logpdf(x, 0.5), 7.0) == 0.0
    assert stats.betabinom.logpmf(6, 5, 1.0, 1.0) == -np.inf


@pytest.mark.parametrize("call, match", [
    # (gamma's and chi2's shapes: differentiable, their second derivative refused; beta's tails too)
    (lambda n: stats.betabinom.pmf(1, n, 1.0, 1.0), "betabinom.pmf has no gradient with respect to n"),
    (lambda v: sc.kv(v, 1.5), "its order"), (lambda c: sc.hyp2f1(0.5, 1.0, c, 0.3), "c \\(argument 2\\)"),
])
def test_shape_parameters_are_refused_by_name(call, match):
    with pytest.raises(wg.NoGradientRule, match=match):
        wg.grad_bp(call, 2.0)


@pytest.mark.parametrize("call, match", [
    (lambda: stats.wrapcauchy.pdf(1.0, 1.0), "c must be between 0 and 1"),
    (lambda: stats.gennorm.logpdf(1.0, 0.0), "beta must be positive"),
    (lambda: stats.betabinom.logpmf(1, 2, -1.0, 1.0), r"betabinom: a must be > 0 \(SciPy gives NaN\)"),
    (lambda: stats.gumbel_r.ppf(1.5), "probability"), (lambda: stats.halfnorm.pdf(0.0, 0.0, -1.0), "scale"),
])
def test_added_distributions_invalid_parameters_raise(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_inverses_and_bessel_k_values_and_derivatives():
    # the derivatives against their closed forms: K_0' = -K_1, stdtrit = the inverse of stdtr
    x = np.array([0.3, 1.0, 4.0])
    np.testing.assert_allclose(wg.elementwise_grad(sc.k0)(x), -sc.k1(x), rtol=1e-14)
    np.testing.assert_allclose(wg.elementwise_grad(lambda v: sc.kv(0.0, v))(x), -sc.k1(x), rtol=1e-12)
    np.testing.assert_allclose(wg.elementwise_grad(lambda p: sc.stdtr(2.5, sc.stdtrit(2.5, p)))(x / 5), 1.0, rtol=1e-10)
    np.testing.assert_allclose(wg.elementwise_grad(lambda y: sc.betaincc(2.0, 3.0, sc.betainccinv(2.0, 3.0, y)))(x / 5),
                               1.0, rtol=1e-10)
    # 2F1(1, 1; 2; z) = -log(1 - z) / z
    z = np.array([-0.5, 0.2, 0.7])
    want = wg.elementwise_grad(lambda z: -np.log1p(-z) / z)(z)
    np.testing.assert_allclose(wg.elementwise_grad(lambda z: sc.hyp2f1(1.0, 1.0, 2.0, z))(z), want, rtol=1e-12)
