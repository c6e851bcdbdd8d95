"""Edge-case sweep of wengert's SciPy rules: values against SciPy, gradients against finite
differences at first and second order, forward against reverse.

Every case is a function of ``wengert.scipy`` (its name as :func:`wengert.scipy.supported`
gives it) at an edge of its domain: parameters at the ends of their ranges (0, 1, integers
for the discrete distributions, shapes near 0), ``x`` at ``loc`` and at the ends of the
support and outside it, very large and very small arguments (tails and underflow), size-0
and size-1 arrays, broadcast parameters, float32. Each case is classified:

- ``right``: the value is SciPy's (NaN where SciPy's is NaN) and, where the value is finite
  and the point is inside the domain, ``check_grads`` passes at order 2 in both modes;
- ``refused``: a ``ValueError`` / ``NoGradientRule`` / ``LinAlgError`` that says what (wengert
  refuses invalid parameters where SciPy returns NaN: the documented policy of its stats);
- ``crash``: any other exception;
- ``WRONG``: a value different from SciPy's, or a gradient that is not the finite
  differences' (silent).

Besides scipy.special and the distributions, the sweep visits linalg, signal, fft,
integrate, interpolate, ndimage and stats' functions of a sample (``_points_beyond``).
Rows it reports that are not wrong: a spectral function at tied (or zero) singular values
or eigenvalues gives a subgradient at first order, between the one-sided derivatives
(the documented convention, tests/test_spectral_ties.py), which central differences, the
mean of the sides, do not match; ``dct``/``idct`` of type 1 of one point raise SciPy's own
RuntimeError (a "crash" here); ``detrend`` of one point is 0 to rounding in both.

Usage::

    PYTHONPATH=src python tools/probe_scipy_edges.py [-v] [name-substring]

It prints one line per case that is not ``right`` (every case with ``-v``) and the counts.
"""
import functools
import importlib
import sys
import warnings

import numpy as np
import scipy.special as sc
import scipy.stats as ST

import wengert as wg
import wengert.scipy  # noqa: F401
import wengert.scipy.special as wsp
from wengert.scipy import stats
from wengert.testing import check_grads

REFUSALS = ("ValueError", "NoGradientRule", "LinAlgError")
VERBOSE = "-v" in sys.argv
F32 = np.float32

# (name, points): each point is (args, differentiable): args as SciPy takes them, and the
# indices of the arguments differentiated (the others are counts or orders, constants).
X_EDGES = [0.4, 0.4 + 1e-12, -40.0, 40.0, 1e-300, -1e300, np.array([]), np.array([0.4]),
           np.array([-3.0, 0.4, 5.0]), F32(0.7), np.array([[0.1], [2.0]])]
Q_EDGES = [0.5, 1e-300, 1e-12, 1.0 - 1e-12, 0.0, 1.0, np.array([]), np.array([0.1, 0.5, 0.9]), F32(0.3)]
LOCSCALE = ["norm", "cauchy", "laplace", "logistic"]
#: Gradients whose differences cannot decide (the values differentiated are themselves
#: wengert's derivatives, accurate to ~1e-7 deep in a tail), checked against mpmath instead by
#: the test named: "verified" with that name, instead of WRONG.
VERIFIED = {
    ("stats.lognorm.logcdf", 1e-12, 0.05, 0.0, 1.0):
        "tests/test_exact_scipy_edges.py::test_lognorm_logcdf_hessian_deep_in_the_tail (mpmath, 80 digits)",
    # comb(0, k) is 1 at k = 0 only (0 <= k <= N = 0): along k both sides are outside, where the
    # derivatives are binom's from inside the wedge (the documented convention)
    ("special.comb", 0.0, 0.0): "tests/test_exact_special_limits.py::test_comb_at_zero_zero_is_binoms (mpmath's binomial)",
}
#: Values where SciPy's own formula loses digits (1 - x**-b at x = 1 + 1e-12), against mpmath
#: at 50 digits (computed once, offline: mpmath is no dependency of wengert or of this tool).
#: Where wengert's value differs from SciPy's, it is "better" only if it is this one to 1e-12.
REFERENCE = {
    ("stats.pareto.cdf", 1.0 + 1e-12, 0.05, 0.0, 1.0): 5.00044450290908e-14,
    ("stats.pareto.logcdf", 1.0 + 1e-12, 0.05, 0.0, 1.0): -30.626664492852147,
    ("stats.pareto.logsf", 1.0 + 1e-12, 0.05, 0.0, 1.0): -5.000444502909205e-14,
    # SciPy's beta.ppf (Boost's ibeta root finding) gives up here, with a warning, at 3.38e-27;
    # scipy.special.betaincinv, which wengert calls, is right
    ("stats.beta.ppf", 1e-12, 0.5, 2.0, 0.0, 1.5): 6.6666666666666664e-25,
    # SciPy's poisson.entropy(1e6) is 2.769; the asymptotic series (and a sum over the counts
    # at mu = 1e3, where both agree) give this
    ("stats.poisson.entropy", 1e6): 8.3266937288534348,
    # SciPy's lognorm.var and std at s = 1e-5 keep 7 digits (exp(s**2) - 1 in float64); the
    # truth is scale**2 exp(s**2) expm1(s**2) (mpmath, 50 digits)
    ("stats.lognorm.var", 1e-5, 0.0, 1.0): 1.00000000015e-10,
    ("stats.lognorm.std", 1e-5, 0.0, 1.0): 1.000000000075e-05,
    ("stats.lognorm.var", 1e-5, -3.0, 0.01): 1.00000000015e-14,
    ("stats.lognorm.std", 1e-5, -3.0, 0.01): 1.000000000075e-07,
    ("stats.lognorm.var", 1e-5, 2.0, 100.0): 1.00000000015e-06,
    ("stats.lognorm.std", 1e-5, 2.0, 100.0): 0.001000000000075,
    # SciPy's f.isf is ppf(1 - q), its lomax.isf, halfcauchy.ppf and isf and weibull_max.isf
    # take 1 - q too, which keeps 4 or 5 digits of a tail probability near 1e-12 (0 at 1e-300);
    # mpmath at 50 digits (f's by a root of betainc's tail, the others in closed form)
    ("stats.f.isf", 1e-12, 1.0, 1.0, 0.0, 1.3): 5.268701549401564e+23,
    ("stats.f.isf", 1e-12, 2.0, 5.0, 0.0, 1.3): 205057.8869560628,
    ("stats.f.isf", 1e-12, 3.0, 0.5, 0.0, 1.3): 3.712857145759437e+47,
    ("stats.f.isf", 1e-12, 30.0, 1000.0, 0.0, 1.3): 5.447481851978776,
    ("stats.lomax.isf", 1.0 - 1e-12, 1.0, 0.0, 1.3): 1.299971241765142e-12,
    ("stats.lomax.isf", 1.0 - 1e-12, 5.0, 0.0, 1.3): 2.5999424835292443e-13,
    ("stats.halfcauchy.ppf", 1.0 - 1e-12, 0.0, 1.3): 827624012544.6271,
    ("stats.halfcauchy.isf", 1.0 - 1e-12, 0.0, 1.3): 2.0419900515016437e-12,
    ("stats.weibull_max.isf", 1e-12, 0.5, 0.0, 1.3): -1.3000000000013e-24,
    ("stats.weibull_max.isf", 1e-12, 1.0, 0.0, 1.3): -1.30000000000065e-12,
    ("stats.weibull_max.isf", 1e-12, 2.0, 0.0, 1.3): -1.300000000000325e-06,
    ("stats.weibull_max.isf", 1e-12, 5.0, 0.0, 1.3): -0.005175393217195982,
    ("stats.weibull_max.isf", 1e-300, 1.0, 0.0, 1.3): -1.3e-300,
    ("stats.weibull_max.isf", 1e-300, 2.0, 0.0, 1.3): -1.3e-150,
    ("stats.weibull_max.isf", 1e-300, 5.0, 0.0, 1.3): -1.3e-60,
}


def _stats_points():
    out = []
    for d in LOCSCALE:
        for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"):
            out += [(f"{d}.{f}", (x, 0.4, 1.7), (0, 1, 2)) for x in X_EDGES]
            out.append((f"{d}.{f}", (np.array([0.1, 2.0]), 0.4, np.array([[0.5], [3.0]])), (0, 1, 2)))
        for f in ("ppf", "isf"):
            out += [(f"{d}.{f}", (q, 0.4, 1.7), (0, 1, 2)) for q in Q_EDGES]
    for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf"):
        qs = Q_EDGES if f in ("ppf", "isf") else [0.0, 1e-300, -1.0, 50.0, 800.0, np.array([0.0, 0.5, 2.0]), F32(0.3)]
        out += [(f"expon.{f}", (x, 0.0, 1.3), (0, 1, 2)) for x in qs]
    for f in ("logpdf", "pdf", "cdf", "sf", "ppf", "isf"):
        qs = Q_EDGES if f in ("ppf", "isf") else [0.2, 1.0, 2.0, 0.19, 2.01, np.array([0.2, 1.0, 2.0])]
        out += [(f"uniform.{f}", (x, 0.2, 1.8), (0, 1, 2)) for x in qs]
    for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf"):
        pq = (f in ("ppf", "isf"))
        for s in (0.05, 1.0, 4.0):
            xs = Q_EDGES if pq else [0.0, 1e-12, 1e-300, 1.0, 50.0, -1.0, np.array([0.5, 3.0])]
            out += [(f"lognorm.{f}", (x, s, 0.0, 1.0), (0, 1, 2, 3)) for x in xs]
            xs = Q_EDGES if pq else [1.0, 1.0 + 1e-12, 0.5, 1e300, np.array([1.5, 3.0])]
            out += [(f"pareto.{f}", (x, s, 0.0, 1.0), (0, 1, 2, 3)) for x in xs]
    for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"):
        for a, b in ((-1.0, 1.0), (5.0, 7.0), (-8.0, -6.0), (-1.0, np.inf), (-np.inf, 2.0), (30.0, 31.0)):
            pts = [a if np.isfinite(a) else b - 1.0, b if np.isfinite(b) else a + 1.0, 0.5 * (max(a, -50) + min(b, 50))]
            out += [(f"truncnorm.{f}", (x, a, b), (0,) + tuple(i for i, v in ((1, a), (2, b)) if np.isfinite(v)))
                    for x in pts]
    for f in ("logpdf", "pdf"):
        out += [(f"vonmises.{f}", (x, k), (0, 1)) for x in (0.0, np.pi, 3.0) for k in (1e-8, 0.5, 30.0, 800.0)]
    for f in ("logpdf", "pdf", "cdf"):
        for a in (0.5, 1.0, 2.0, 1e-3, 50.0):
            xs = [0.0, 1e-300, 0.7, 30.0, -1.0] if f != "cdf" else [0.0, 0.7, 30.0, -1.0]
            dif = (0, 2, 3) if f == "cdf" else (0, 1, 2, 3)
            out += [(f"gamma.{f}", (x, a, 0.0, 1.5), dif) for x in xs]
            out += [(f"chi2.{f}", (x, 2 * a), (0,) if f == "cdf" else (0, 1)) for x in xs]
            xs = [0.0, 1.0, 0.3, 1e-300, 1.0 - 1e-12, 1.5]
            out += [(f"beta.{f}", (x, a, 2.0), (0,) if f == "cdf" else (0, 1, 2)) for x in xs]
    for f in ("logpdf", "pdf", "cdf", "logcdf"):
        out += [(f"t.{f}", (x, df), (0,) if "cdf" in f else (0, 1)) for x in (0.0, 40.0, -1e10) for df in (0.5, 1.0, 1e6)]
    for f in ("logpmf", "pmf", "cdf"):
        out += [(f"poisson.{f}", (k, mu), (1,)) for k in (0, 1, 2, 3, 2.5, -1) for mu in (0.0, 1e-300, 1e-200, 2.0, 1e6)]
    for f in ("logpmf", "pmf", "cdf"):
        out += [(f"bernoulli.{f}", (k, p), (1,)) for k in (0, 1, 2, 0.5) for p in (0.0, 1.0, 0.3, 1e-300)]
        out += [(f"geom.{f}", (k, p), (1,)) for k in (0, 1, 3, 2.5) for p in (0.3, 1.0, 1e-300, 1e-200)]
    for f in ("logpmf", "pmf"):
        out += [(f"binom.{f}", (k, n, p), (2,)) for k in (0, 2, 5, 2.5) for n in (5, 0, 4.5, -1) for p in (0.0, 0.3, 1.0)]
        out += [(f"binom.{f}", (k, 5, p), (2,)) for k in (0, 1, 2) for p in (1e-300, 1e-200)]
        out += [(f"nbinom.{f}", (k, n, p), (1, 2)) for k in (0, 3, 2.5) for n in (0.5, 3, 1e-8) for p in (0.3, 1.0)]
        out += [(f"nbinom.{f}", (k, n, p), (2,)) for k in (0, 1) for n in (1.0, 2.0) for p in (1e-300, 1e-200)]
        out += [(f"multinomial.{f}", (np.array(x), n, np.array([0.2, 0.3, 0.5])), (2,))
                for x, n in (([1, 2, 0], 3), ([0, 0, 0], 0), ([1, 1, 1], 2), ([3, 0, 0], 3))]
        out += [(f"multinomial.{f}", (np.array([1, 2, 0]), 3, np.array([0.0, 0.5, 0.5])), (2,))]
    for f in ("logpdf", "pdf"):
        out += [(f"dirichlet.{f}", (np.array(x), np.array(a)), (0, 1))
                for x in ([0.2, 0.3, 0.5], [0.0, 0.5, 0.5]) for a in ([0.5, 1.0, 3.0], [1.0, 1.0, 1.0], [2.0, 2.0, 2.0])]
    spd = np.array([[2.0, 0.3], [0.3, 1.0]])
    for f in ("logpdf", "pdf"):
        out += [(f"multivariate_normal.{f}", args, (0, 1, 2)) for args in (
            (np.array([0.1, 0.2]), np.zeros(2), spd), (np.zeros((0, 2)), np.zeros(2), spd),
            (np.array([30.0, -30.0]), np.zeros(2), spd), (0.3, 0.0, 1e-8))]
    out += [("multivariate_normal.entropy", (np.zeros(2), spd), (0, 1)), ("multivariate_normal.entropy", (None, 2.0), (1,))]
    for f in ("cdf", "logcdf", "sf", "logsf", "pdf", "logpdf"):
        out += [(f"norm.{f}", (x, 0.0, 1.0), (0,)) for x in (-38.0, 38.0, -1e5, 1e5)]
    return [("stats." + name, args, which) for name, args, which in out]


def _stats_points_more():
    """The distributions and methods added after the first sweep: shapes at the ends
    of their ranges, x at loc and at the ends of the support, far tails, the quantiles' ends."""
    out = []
    tails = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
    for d in ("gumbel_r", "gumbel_l"):
        for f in tails:
            out += [(f"{d}.{f}", (x, 0.4, 1.7), (0, 1, 2)) for x in
                    (0.4, -40.0, 40.0, 700.0, -700.0, 1e-300, np.array([-3.0, 0.4, 5.0]))]
        for f in ("ppf", "isf"):
            out += [(f"{d}.{f}", (q, 0.4, 1.7), (0, 1, 2)) for q in Q_EDGES]
    for d in ("halfnorm", "rayleigh"):
        for f in tails:
            out += [(f"{d}.{f}", (x, 0.4, 1.7), (0, 1, 2)) for x in
                    (0.4, 0.4 + 1e-12, 0.3, 40.0, 1e5, np.array([0.4, 1.0, 5.0]))]
        for f in ("ppf", "isf"):
            out += [(f"{d}.{f}", (q, 0.4, 1.7), (0, 1, 2)) for q in Q_EDGES]
    for c in (0.5, 1.0, 2.0, 5.0):
        for f in tails:
            out += [(f"weibull_min.{f}", (x, c, 0.0, 1.3), (0, 1, 2, 3)) for x in
                    (0.0, 1e-300, 1e-12, 0.7, 50.0, -1.0)]
        for f in ("ppf", "isf"):
            out += [(f"weibull_min.{f}", (q, c, 0.0, 1.3), (0, 1, 2, 3)) for q in Q_EDGES]
    for a in (0.5, 1.0, 3.0):
        for f in tails:
            out += [(f"invgamma.{f}", (x, a, 0.0, 1.3), (0, 1, 2, 3) if "pdf" in f else (0, 2, 3))
                    for x in (0.0, 1e-300, 1e-3, 0.7, 1e3, -1.0)]
        for f in ("ppf", "isf"):
            out += [(f"invgamma.{f}", (q, a, 0.0, 1.3), (0, 2, 3)) for q in Q_EDGES]
    for b in (0.5, 1.0, 2.0, 8.0):
        for f in tails:
            out += [(f"gennorm.{f}", (x, b, 0.4, 1.7), (0, 1, 2, 3) if "pdf" in f else (0, 2, 3))
                    for x in (0.4, 0.4 + 1e-12, 2.0, -30.0, 30.0, -1e3, 1e3)]
        for f in ("ppf", "isf"):
            out += [(f"gennorm.{f}", (q, b, 0.4, 1.7), (0, 2, 3)) for q in Q_EDGES]
        out.append(("gennorm.entropy", (b, 0.4, 1.7), (0, 2)))
    for a in (0.0, -3.0, 5.0, 50.0):
        for f in ("logpdf", "pdf", "cdf", "sf"):
            out += [(f"skewnorm.{f}", (x, a, 0.4, 1.7), (0, 1, 2, 3)) for x in (0.4, -40.0, 40.0, 2.0, -1e3)]
    for c in (1e-8, 0.5, 0.999):
        for f in ("logpdf", "pdf"):
            out += [(f"wrapcauchy.{f}", (x, c), (0, 1)) for x in (0.0, np.pi, 6.0, 2 * np.pi - 1e-12)]
    for f in ("logpmf", "pmf"):
        out += [(f"betabinom.{f}", (k, 5, a, b), (2, 3)) for k in (0, 2, 5, 6, 2.5)
                for a, b in ((0.5, 2.0), (1.0, 1.0), (1e-8, 3.0), (50.0, 0.5))]
    for d, args, dif in (("gamma", (2.0,), ()), ("gamma", (0.5,), ()), ("chi2", (3.0,), ()),
                         ("beta", (0.5, 2.0), ()), ("beta", (2.0, 2.0), ()), ("t", (3.0,), ()),
                         ("t", (1e6,), ())):
        n = len(args)
        for f in ("sf", "logsf", "logcdf"):
            xs = ([0.0, 1e-300, 1.0, 1.0 - 1e-12, 0.3] if d == "beta" else
                  [-40.0, 0.0, 40.0, -1e10] if d == "t" else [0.0, 1e-300, 0.7, 30.0, 800.0])
            out += [(f"{d}.{f}", (x,) + args + (0.0, 1.5), (0, n + 1, n + 2)) for x in xs]
        for f in ("ppf", "isf"):
            out += [(f"{d}.{f}", (q,) + args + (0.0, 1.5), (0, n + 1, n + 2)) for q in Q_EDGES]
    out += [("poisson.entropy", (mu,), (0,)) for mu in (1e-300, 1e-8, 0.5, 999.0, 1000.0, 1001.0, 1e6)]
    out += [("bernoulli.ppf", (q, p), (1,)) for q in (0.0, 0.3, 0.7, 1.0) for p in (0.0, 0.3, 1.0)]
    return [("stats." + name, args, which) for name, args, which in out]


def _special_points_more():
    """The scipy.special functions added after the first sweep, at their switching
    points and the ends of their domains."""
    out = []
    for name in ("huber", "pseudo_huber"):
        out += [(f"special.{name}", (d, r), (0, 1)) for d in (0.0, 1.0, 1e-300)
                for r in (0.0, 1.0, -1.0, 0.5, 2.0, 1e-300)]
    for name in ("boxcox", "inv_boxcox", "boxcox1p", "inv_boxcox1p"):
        out += [(f"special.{name}", (x, lm), (0, 1)) for x in (1e-300, 0.5, 1.0, 3.0, 0.0, -0.5)
                for lm in (0.0, 1e-12, 1.0, -2.0)]
    for name in ("ellipk", "ellipkm1", "ellipe"):
        out += [(f"special.{name}", (m,), (0,)) for m in (0.0, 1e-12, 0.5, 1.0 - 1e-12, 1.0, -30.0)]
    for name in ("ellipkinc", "ellipeinc"):
        out += [(f"special.{name}", (phi, m), (0,)) for phi in (0.0, 1.0, np.pi / 2, 30.0) for m in (0.0, 0.5, 1.0)]
    out += [("special.owens_t", (h, a), (0, 1)) for h in (0.0, 1.0, -1.0, 40.0) for a in (0.0, 1.0, -2.0, 1e10)]
    for name in ("k0", "k1", "k0e", "k1e", "expm1", "log1p", "exp2", "exp10", "cbrt", "cosm1", "erfi",
                 "wrightomega", "softplus", "fresnel", "sici", "gammasgn"):
        out += [(f"special.{name}", (v,), (0,)) for v in (0.0, 1e-300, -1e-300, 1e-8, 1.0, -1.0, 30.0, -30.0, 700.0)]
    for name in ("kv", "kve"):
        out += [(f"special.{name}", (n, v), (1,)) for n in (0.0, 0.5, 2.0) for v in (0.0, 1e-300, 1.0, 700.0)]
    for name in ("eval_legendre", "eval_chebyt", "eval_chebyu", "eval_hermite", "eval_hermitenorm", "eval_laguerre"):
        out += [(f"special.{name}", (n, v), (1,)) for n in (0, 1, 4) for v in (-1.0, 0.0, 1.0, 1.5, 1e-8)]
    out += [("special.eval_gegenbauer", (n, al, v), (2,)) for n in (0, 3) for al in (0.0, 0.5, -0.5)
            for v in (-1.0, 0.0, 1.0)]
    out += [("special.eval_genlaguerre", (n, al, v), (2,)) for n in (0, 3) for al in (0.0, -0.5, 2.0)
            for v in (0.0, 1.0, 50.0)]
    out += [("special.hyp2f1", (a, b, c, z), (3,)) for a, b, c in ((1.0, 2.0, 3.0), (0.5, 0.5, 1.0), (-2.0, 1.0, 1.5))
            for z in (0.0, 0.5, 1.0 - 1e-12, -1.0, -1e3)]
    out += [("special.stdtrit", (df, p), (1,)) for df in (0.5, 1.0, 1e6) for p in (1e-300, 1e-12, 0.5, 1.0 - 1e-12)]
    out += [("special.betaincc", (a, 2.0, v), (2,)) for a in (0.5, 1.0, 3.0) for v in (0.0, 1e-300, 0.3, 1.0)]
    out += [("special.betainccinv", (a, 2.0, v), (2,)) for a in (0.5, 1.0, 3.0) for v in (0.0, 1e-300, 0.3, 1.0)]
    out += [("special.binom", (n, k), (0, 1)) for n in (-1.0, 0.0, 2.5, 5.0, 1e10) for k in (0.0, 2.0, 0.5, -1.0)]
    out += [("special.comb", (n, k), (0, 1)) for n in (0.0, 2.5, 5.0) for k in (0.0, 2.0, 5.0, 6.0)]
    out += [("special.factorial", (n,), (0,)) for n in (0.0, -1.0, 1e-300, 3.0, 170.0, 171.0)]
    return out


def _special_points():
    x = [0.0, 1e-300, 1e-8, 0.5, 1.0, 2.0, 30.0, 700.0, -0.5, -3.0, -30.0, np.array([]), F32(0.7)]
    out = []
    for name in ("gammaln", "gamma", "digamma", "psi", "rgamma", "loggamma", "erf", "erfc", "erfcx",
                 "erfinv", "erfcinv", "expit", "log_expit", "logit", "ndtr", "log_ndtr", "ndtri", "ndtri_exp",
                 "i0", "i0e", "i1", "i1e", "j0", "j1", "y0", "y1", "dawsn", "exp1", "expi", "spence", "entr"):
        out += [(f"special.{name}", (v,), (0,)) for v in x]
    for name in ("erfinv", "erfcinv", "logit", "ndtri"):
        out += [(f"special.{name}", (v,), (0,)) for v in (1.0 - 1e-12, -1.0 + 1e-12, 1e-12)]
    for name in ("xlogy", "xlog1py", "kl_div", "rel_entr", "beta", "betaln", "poch"):
        out += [(f"special.{name}", (a, b), (0, 1)) for a in (0.0, 0.5, 2.0) for b in (0.0, 1e-300, 0.5, 3.0, -0.5)]
    for a in (0.5, 1.0, 3.0, 1e-3, 100.0):
        out += [(f"special.{n}", (a, v), (1,)) for n in ("gammainc", "gammaincc") for v in (0.0, 1e-300, 0.7, 1e3)]
        out += [(f"special.{n}", (a, v), (1,)) for n in ("gammaincinv", "gammainccinv") for v in (0.0, 1e-300, 0.3, 1.0 - 1e-12, 1.0)]
        out += [("special.betainc", (a, 2.0, v), (2,)) for v in (0.0, 1e-300, 0.3, 1.0)]
        out += [("special.betaincinv", (a, 2.0, v), (2,)) for v in (0.0, 1e-300, 0.3, 1.0 - 1e-12, 1.0)]
    for n in (0.0, 1.0, 2.5, -0.5):
        out += [(f"special.{f}", (n, v), (1,)) for f in ("iv", "ive", "jv") for v in (0.0, 1e-8, 1.0, 40.0, -1.5)]
    for n in (0, 1, 3):
        out += [(f"special.{f}", (n, v), (1,)) for f in ("jn", "yn", "expn") for v in (0.0, 1e-8, 1.0, 40.0)]
        out += [("special.polygamma", (n, v), (1,)) for v in (1e-3, 1.0, 40.0, -0.5)]
    out += [("special.zeta", (s, q), (1,)) for s in (2.0, 1.5, 5.0) for q in (1e-3, 1.0, 100.0)]
    out += [("special.hyp1f1", (a, b, z), (2,)) for a, b in ((0.5, 1.5), (-2.0, 0.5), (1.0, 1.0)) for z in (0.0, -30.0, 30.0)]
    out += [("special.stdtr", (df, t), (1,)) for df in (0.5, 1.0, 1e6) for t in (0.0, -1e10, 40.0)]
    for f in ("logsumexp", "softmax", "log_softmax"):
        out += [(f"special.{f}", (v,), (0,)) for v in (np.array([0.0]), np.array([1000.0, 1000.0]),
                                                       np.array([-np.inf, 0.0]), np.array([[1.0, 2.0], [3.0, -1.0]]))]
    out += [("special.multigammaln", (a, d), (0,)) for a, d in ((0.51, 2), (1.0, 1), (30.0, 4))]
    return out


#: the shapes of the distributions whose moments, median, entropy and interval are
#: differentiated, at the ends of their ranges: distribution -> tuples of shape values
MOMENT_SHAPES = {
    "norm": [()], "cauchy": [()], "laplace": [()], "logistic": [()], "expon": [()], "uniform": [()],
    "gumbel_r": [()], "gumbel_l": [()], "halfnorm": [()], "rayleigh": [()],
    "gamma": [(1e-3,), (0.5,), (1.0,), (50.0,), (1e8,)], "chi2": [(1e-3,), (1.0,), (2.0,), (1e8,)],
    "beta": [(0.5, 2.0), (1e-3, 1e-3), (1.0, 1.0), (1e3, 0.5), (1e8, 1e8)],
    "gennorm": [(0.1,), (0.5,), (1.0,), (2.0,), (50.0,)], "lognorm": [(1e-5,), (0.5,), (3.0,), (20.0,)],
    "invgamma": [(0.5,), (2.5,), (1e3,)], "pareto": [(0.5,), (2.5,), (1e3,)],
    "t": [(0.5,), (1.0,), (3.0,), (1e6,)], "weibull_min": [(0.1,), (1.0,), (5.0,), (1e3,)],
}
#: the distributions whose ppf (so median and interval) has no second derivative in its shapes
#: (refused: gammaincinv's and betaincinv's in their first parameters, t's in df): the shapes are
#: constants of those rows, which differentiate loc, scale and the confidence
PPF_CONSTANT_SHAPES = {"gamma", "chi2", "beta", "gennorm", "invgamma", "t"}


def _points_newest():
    """The functions added last (a sweep of their own, first and second order): the newest
    scipy.special functions at their switching points and the ends of their domains
    (``name'`` is ``derivative=True``), and the moments, median, entropy and interval of the
    continuous distributions at the ends of their shapes, with loc and scale."""
    out = []
    out += [("special.lambertw", (z,), (0,)) for z in (-np.exp(-1.0) + 1e-12, -0.3, 1e-300, 1e-8, 0.5, 1.0,
                                                         30.0, 1e300, np.array([0.1, 2.0]))]
    out += [("special.lambertw", (z, -1), (0,)) for z in (-np.exp(-1.0) + 1e-12, -0.3, -1e-8, -1e-300)]
    out += [("special.exprel", (x,), (0,)) for x in (0.0, 1e-300, 1e-8, -1e-8, 1e-3, 1.0, -30.0, 30.0, 700.0, -700.0)]
    for f in ("spherical_jn", "spherical_yn", "spherical_in", "spherical_kn"):
        zs = (0.0, 1e-8, 0.5, 1.0, 40.0, -1.5) if f in ("spherical_jn", "spherical_in") else (1e-3, 0.5, 1.0, 40.0)
        for d in ("", "'"):
            out += [(f"special.{f}{d}", (n, z), (1,)) for n in (0, 1, 3) for z in zs]
    for f in ("jve", "yve", "yv"):
        zs = (1e-8, 1.0, 40.0, 1e3) + ((0.0, -1.5) if f == "jve" else ())
        out += [(f"special.{f}", (v, z), (1,)) for v in (0.0, 1.0, 2.5, -0.5) for z in zs]
    out += [("special.kn", (n, x), (1,)) for n in (0, 1, 3) for x in (1e-8, 1.0, 40.0, 700.0)]
    for f in ("cosdg", "sindg", "tandg", "cotdg"):
        out += [(f"special.{f}", (x,), (0,)) for x in (0.0, 1e-300, 30.0, 45.0, 89.0, 135.0, -60.0, 1e6 + 30.0)]
    out += [("special.wofz", (x,), (0,)) for x in (0.0, 1e-8, 1.0, -3.0, 30.0, 1e10)]
    for f in ("chdtr", "chdtrc"):
        out += [(f"special.{f}", (v, x), (1,)) for v in (0.5, 2.0, 30.0) for x in (1e-300, 1e-3, 1.0, 100.0)]
    out += [("special.chdtri", (v, p), (1,)) for v in (0.5, 2.0, 30.0) for p in (1e-300, 1e-12, 0.5, 1.0 - 1e-12)]
    for f in ("gdtr", "gdtrc"):
        out += [(f"special.{f}", (a, b, x), (0, 2)) for a in (0.5, 2.0) for b in (0.5, 3.0) for x in (1e-300, 0.3, 30.0)]
    for f in ("pdtr", "pdtrc"):
        out += [(f"special.{f}", (k, m), (1,)) for k in (0, 1, 5) for m in (1e-300, 1e-3, 1.0, 30.0)]
    out += [("special.pdtri", (k, p), (1,)) for k in (0, 1, 5) for p in (1e-12, 0.3, 0.9)]
    n = np.int64(10)  # (a float n is deprecated by SciPy's bdtr family: a warning)
    for f in ("bdtr", "bdtrc", "nbdtr", "nbdtrc"):
        out += [(f"special.{f}", (k, n, p), (2,)) for k in (0, 3, 9) for p in (0.0, 1e-300, 1e-3, 0.5, 0.999, 1.0)]
    for f in ("bdtri", "nbdtri"):
        out += [(f"special.{f}", (k, n, y), (2,)) for k in (0, 3, 8) for y in (1e-300, 1e-12, 0.3, 1.0 - 1e-12)]
    for f in ("fdtr", "fdtrc"):
        out += [(f"special.{f}", (dfn, dfd, x), (0, 1, 2)) for dfn in (0.5, 2.0, 30.0) for dfd in (0.5, 30.0)
                for x in (1e-300, 1e-3, 1.0, 1e3)]
    out += [("special.fdtri", (dfn, dfd, p), (0, 1, 2)) for dfn in (0.5, 2.0, 30.0) for dfd in (0.5, 30.0)
            for p in (1e-12, 0.3, 1.0 - 1e-12)]
    for d, shapes in MOMENT_SHAPES.items():
        for sh in shapes:
            for loc, scale in ((0.0, 1.0), (-3.0, 0.01), (2.0, 100.0)):  # (central differences need
                # 0 < scale - step: a step of 1e-6 max(1, |x|) crosses 0 at scale 1e-8)
                params = sh + (loc, scale)
                dif = tuple(range(len(params)))
                out += [(f"stats.{d}.{f}", params, dif) for f in ("mean", "var", "std", "entropy")
                        if hasattr(getattr(stats, d), f)]  # (the Cauchy distribution has no moments)
                q_dif = dif[len(sh):] if d in PPF_CONSTANT_SHAPES else dif
                out.append((f"stats.{d}.median", params, q_dif))
                out += [(f"stats.{d}.interval", (c,) + params, (0,) + tuple(i + 1 for i in q_dif))
                        for c in (1e-3, 0.5, 0.95, 0.999)]
    return out


def _linalg_points():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 3))
    spd = a @ a.T + 3 * np.eye(3)
    q, _ = np.linalg.qr(a)
    out = []
    for m in (spd, q, np.eye(3), np.zeros((0, 0)), np.array([[2.0]]), np.diag([2.0, 2.0, 5.0]), -np.eye(2)):
        out += [(f"linalg.{f}", (m,), (0,)) for f in ("det", "inv", "expm", "polar", "sqrtm", "eigh", "cholesky", "svd", "qr")]
    return out


def _stats_points_newer():
    """The distributions added last (f, genpareto, lomax, halfcauchy, weibull_max): shapes at
    the ends of their ranges, x at loc, at the ends of the support, beyond them and far in
    the tails, the quantiles' ends; their median, interval, entropy and moments."""
    out = []
    tails = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
    # (name, shapes, xs, whether the shapes are differentiated beyond the density)
    table = [("f", [(1.0, 1.0), (2.0, 5.0), (3.0, 0.5), (30.0, 1e3)], (0.0, 1e-300, 1e-8, 0.7, 1e6, -1.0), False),
             ("genpareto", [(-0.5,), (0.0,), (0.5,), (2.0,)], (0.0, 1e-300, 0.7, 2.6 - 1e-12, 2.6, 50.0, -1.0), True),
             ("lomax", [(0.5,), (1.0,), (5.0,)], (0.0, 1e-300, 0.7, 1e6, -1.0), True),
             ("halfcauchy", [()], (0.0, 1e-300, 0.7, 1e10, -1.0), True),
             ("weibull_max", [(0.5,), (1.0,), (2.0,), (5.0,)], (0.0, -1e-300, -1e-12, -0.7, -50.0, 1.0), True)]
    for d, shapes, xs, shapes_everywhere in table:
        for sh in shapes:
            n = len(sh)
            params = sh + (0.0, 1.3)
            every = tuple(range(n + 2))
            outer = every if shapes_everywhere else tuple(range(n, n + 2))
            for f in tails:
                which = every if "pdf" in f else outer
                out += [(f"stats.{d}.{f}", (x,) + params, (0,) + tuple(i + 1 for i in which)) for x in xs]
            for f in ("ppf", "isf"):
                out += [(f"stats.{d}.{f}", (q,) + params, (0,) + tuple(i + 1 for i in outer)) for q in Q_EDGES]
            out.append((f"stats.{d}.median", params, outer))
            out += [(f"stats.{d}.interval", (c,) + params, (0,) + tuple(i + 1 for i in outer)) for c in (1e-3, 0.95)]
            out += [(f"stats.{d}.{f}", params, every) for f in ("mean", "var", "std", "entropy")
                    if hasattr(getattr(stats, d), f)]
    return out


#: the functions called through a wrapper: a class (its instance called on ``xi``), a tuple
#: argument (the factorization of ``lu_solve`` and ``cho_solve``, the band of ``solve_banded``),
#: a grid (constants) or a callable (odeint's right-hand side), given the module (wengert's or
#: SciPy's) to take the function from
GRID = np.array([0.0, 0.5, 1.5, 3.0])
WRAPPED = {
    "linalg.lu_solve": lambda m: lambda a, b: m.lu_solve(m.lu_factor(a), b),
    "linalg.cho_solve": lambda m: lambda a, b: m.cho_solve(m.cho_factor(a), b),
    "linalg.solve_banded": lambda m: lambda ab, b: m.solve_banded((1, 1), ab, b),
    "linalg.convolution_matrix": lambda m: lambda a, n=4, mode="full": m.convolution_matrix(a, n, mode),
    "interpolate.interpn": lambda m: lambda values, xi, method="linear", **kw: m.interpn(
        (GRID,) * np.ndim(values), values, xi, method=method, **kw),
    "interpolate.RegularGridInterpolator": lambda m: lambda values, xi, method="linear", **kw: (
        m.RegularGridInterpolator((GRID,) * np.ndim(values), values, method=method, **kw)(xi)),
    "integrate.odeint": lambda m: lambda y0, t: m.odeint(lambda y, s: -0.5 * y + np.sin(s) * y[::-1], y0, t,
                                                          rtol=1e-12, atol=1e-12),
}
#: the decompositions: their outputs hold conventions (signs, orders, what is left in the
#: unused triangle), so their values are not compared with SciPy's; the gradients are checked
DECOMPOSITIONS = {"linalg.eig", "linalg.eigh", "linalg.svd", "linalg.qr", "linalg.schur", "linalg.hessenberg",
                  "linalg.polar", "linalg.eigh_tridiagonal", "linalg.qr_multiply", "linalg.cho_factor"}


def _points_beyond():
    """The functions of wengert.scipy outside scipy.special and the distributions (linalg,
    signal, fft, integrate, interpolate, ndimage, and stats' functions of a sample) at edge
    inputs: size-1 and empty shapes, negative axes, singular, ill-conditioned and
    structured matrices, tied eigenvalues and pivots, complex inputs, zeros; keywords as a
    fourth element."""
    rng = np.random.default_rng(5)
    a3 = rng.standard_normal((3, 3))
    c3 = a3 + 1j * rng.standard_normal((3, 3))
    spd = a3 @ a3.T + 3.0 * np.eye(3)
    one, empty = np.array([[2.0]]), np.zeros((0, 0))
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    ill = np.array([[1.0, 1.0], [1.0, 1.0 + 1e-6]])
    tied = np.diag([2.0, 2.0, 5.0])
    upper = np.triu(a3) + 3.0 * np.eye(3)
    pivot_tie = np.array([[1.0, 2.0], [-1.0, 3.0]])  # |a00| = |a10|: partial pivoting's choice
    rotation = np.array([[0.0, -1.0], [1.0, 0.0]])  # complex eigenvalues
    defective = np.array([[1.0, 1.0], [0.0, 1.0]])
    b3, b2 = rng.standard_normal(3), rng.standard_normal(2)
    out = []

    def add(name, points, which=(0,), **kw):
        out.extend((name, p if isinstance(p, tuple) else (p,), which, kw) for p in points)

    # linear systems and least squares
    add("linalg.solve", [(spd, b3), (a3, rng.standard_normal((3, 2))), (one, np.array([3.0])), (empty, np.zeros(0)),
                         (singular, b2), (ill, b2), (c3, b3 + 1j), (upper, b3)], (0, 1))
    add("linalg.solve", [(spd, b3)], (0, 1), assume_a="pos")
    add("linalg.solve_triangular", [(upper, b3), (one, np.array([3.0])), (np.triu(c3) + 3 * np.eye(3), b3),
                                    (np.diag([1.0, 0.0, 2.0]), b3)], (0, 1))
    add("linalg.solve_triangular", [(upper.T, b3)], (0, 1), lower=True)
    add("linalg.solve_triangular", [(upper, b3)], (0, 1), unit_diagonal=True)
    band = np.array([[0.0, 1.0, 0.5], [3.0, 4.0, 5.0], [0.2, 0.3, 0.0]])
    add("linalg.solve_banded", [(band, b3), (np.array([[0.0], [2.0], [0.0]]), np.array([1.0])),
                                (np.array([[0.0, 1.0], [1.0, 1.0], [1.0, 0.0]]), b2)], (0, 1))
    add("linalg.lstsq", [(rng.standard_normal((4, 2)), rng.standard_normal(4)), (rng.standard_normal((2, 3)), b2),
                         (singular, b2), (one, np.array([3.0])), (c3, b3)], (0, 1))
    add("linalg.pinv", [rng.standard_normal((4, 2)), singular, one, np.zeros((2, 2)), np.array([[0.0]]), c3, empty])
    add("linalg.lu", [a3, one, pivot_tie, singular, c3, rng.standard_normal((2, 3)), empty])
    add("linalg.lu_factor", [a3, one, pivot_tie, singular, c3])
    add("linalg.lu_solve", [(a3, b3), (one, np.array([3.0])), (pivot_tie, b2), (c3, b3)], (0, 1))
    add("linalg.cho_factor", [spd, one, -np.eye(2), np.eye(3)])
    add("linalg.cho_solve", [(spd, b3), (one, np.array([3.0])), (np.eye(3), b3)], (0, 1))
    # spectra and factorizations
    for f in ("eig", "eigvals"):
        add(f"linalg.{f}", [a3, one, rotation, tied, defective, c3, np.eye(2), empty])
    add("linalg.svdvals", [a3, one, np.eye(3), np.zeros((2, 2)), singular, c3, rng.standard_normal((2, 4)), empty])
    add("linalg.eigh_tridiagonal", [(np.array([1.0, 2.0, 4.0]), np.array([0.5, 0.3])), (np.array([2.0]), np.zeros(0)),
                                    (np.array([1.0, 1.0, 1.0]), np.zeros(2)), (np.array([1.0, 1.0]), np.array([1e-3]))],
        (0, 1))
    add("linalg.eigh_tridiagonal", [(np.array([1.0, 2.0, 4.0]), np.array([0.5, 0.3])),
                                    (np.array([1.0, 1.0, 1.0]), np.zeros(2))], (0, 1), eigvals_only=True)
    a4 = rng.standard_normal((4, 4))
    add("linalg.hessenberg", [a4, one, a3, np.triu(a4, -1), c3, np.eye(3)])
    add("linalg.hessenberg", [a4], calc_q=True)
    real_spectrum = np.array([[4.0, 1.0, 0.5], [0.3, 1.0, 0.2], [0.1, 0.4, -2.0]])
    add("linalg.schur", [real_spectrum, one, rotation, upper, tied, c3])
    add("linalg.qr_multiply", [(a3, b3), (rng.standard_normal((4, 2)), b2), (rng.standard_normal((2, 3)), b2),
                               (one, np.array([1.0])), (upper, b3)], (0, 1))
    # matrix functions
    for f in ("logm", "sinm", "cosm", "tanm", "sinhm", "coshm", "tanhm"):
        add(f"linalg.{f}", [spd / 4.0, one, np.eye(2), tied / 4.0, c3 / 4.0, rotation, empty]
            + ([-np.eye(2), singular] if f == "logm" else [a3 / 4.0]))
    add("linalg.expm_frechet", [(a3, b3.reshape(3, 1) * b3), (one, np.array([[1.0]])), (tied, np.eye(3)),
                                (c3 / 2.0, a3), (np.zeros((2, 2)), np.ones((2, 2)))], (0, 1))
    add("linalg.solve_sylvester", [(spd, -spd, a3), (one, one, np.array([[1.0]])), (np.eye(2), -np.eye(2), np.eye(2)),
                                   (c3, np.eye(3), a3)], (0, 1, 2))
    stable = a3 - 4.0 * np.eye(3)
    add("linalg.solve_continuous_lyapunov", [(stable, spd), (-one, one), (np.zeros((2, 2)), np.eye(2)),
                                             (c3 - 4 * np.eye(3), spd)], (0, 1))
    add("linalg.solve_discrete_lyapunov", [(a3 / 4.0, spd), (one / 4.0, one), (np.eye(2), np.eye(2)),
                                           (c3 / 4.0, spd)], (0, 1))
    # constructors
    add("linalg.block_diag", [(a3, one), (np.array([1.0, 2.0]), one), (empty, a3), (c3, one)], (0, 1))
    add("linalg.circulant", [b3, np.array([2.0]), b3 + 1j])
    add("linalg.toeplitz", [b3, np.array([2.0]), b3 + 1j, (b3, b2)])
    add("linalg.toeplitz", [(b3, b2)], (0, 1))
    add("linalg.hankel", [b3, np.array([2.0]), (b3, np.array([7.0, 1.0]))])
    add("linalg.hankel", [(b3, b2)], (0, 1))
    add("linalg.companion", [np.array([2.0, -3.0, 1.0]), np.array([1.0, 5.0]), np.array([0.0, 1.0]),
                             np.array([1.0 + 1j, 2.0, 3.0])])
    add("linalg.convolution_matrix", [b3, np.array([2.0]), b3 + 1j])
    add("linalg.convolution_matrix", [b3], mode="same")
    add("linalg.convolution_matrix", [b3], mode="valid", n=5)
    add("linalg.fiedler", [b3, np.array([2.0]), np.array([1.0, 1.0, 3.0]), np.zeros(0), b3 + 1j])
    add("linalg.leslie", [(np.array([0.1, 2.0, 1.0]), np.array([0.5, 0.3])), (np.array([1.0, 0.0]), np.array([0.0]))],
        (0, 1))
    # transforms
    x8 = rng.standard_normal(8)
    for f in ("dct", "idct"):
        for kind in (1, 2, 3, 4):
            add(f"fft.{f}", [x8, np.array([2.0]), x8 + 1j * x8[::-1], np.zeros(0)], type=kind)
            add(f"fft.{f}", [rng.standard_normal((3, 4))], type=kind, axis=-2, norm="ortho")
    for f in ("dctn", "idctn"):
        add(f"fft.{f}", [rng.standard_normal((3, 4)), np.array([[2.0]]), rng.standard_normal((2, 3)) + 1j])
        add(f"fft.{f}", [rng.standard_normal((2, 3, 4))], axes=(-1, 0), norm="forward")
    # integration
    y5, x5 = rng.standard_normal(5), np.array([0.0, 0.5, 0.5, 2.0, 3.0])  # x with a tie (no spacing)
    for f in ("trapezoid", "cumulative_trapezoid"):
        add(f"integrate.{f}", [y5, np.array([2.0]), y5 + 1j, rng.standard_normal((3, 4))])
        add(f"integrate.{f}", [(y5, x5), (y5, np.linspace(0.0, 1.0, 5))], (0, 1))
        add(f"integrate.{f}", [rng.standard_normal((3, 4))], axis=-2)
        add(f"integrate.{f}", [y5], dx=0.25)
    add("integrate.cumulative_trapezoid", [y5, np.array([2.0])], initial=0.0)
    add("integrate.odeint", [(np.array([1.0, 0.5]), np.array([0.0, 0.5, 2.0])), (np.array([1.0, 0.0]), np.array([0.0])),
                             (np.array([0.0, 0.0]), np.array([0.0, 1.0]))], (0, 1))
    # interpolation (GRID: 0, 0.5, 1.5, 3)
    values, values2 = rng.standard_normal(4), rng.standard_normal((4, 4))
    xi = np.array([[0.25], [0.5], [1.0], [3.0], [0.0]])  # a knot, the ends
    xi2 = np.array([[0.25, 1.0], [0.5, 0.5], [3.0, 0.0]])
    for f in ("interpn", "RegularGridInterpolator"):
        add(f"interpolate.{f}", [(values, xi), (values2, xi2), (values + 1j, xi)], (0, 1))
        add(f"interpolate.{f}", [(values, xi)], (0, 1), method="nearest")
        add(f"interpolate.{f}", [(values, np.array([[3.5]]))], (0, 1), bounds_error=False, fill_value=None)
        add(f"interpolate.{f}", [(values, np.array([[3.5]]))], (0, 1))  # out of bounds: SciPy's error
        add(f"interpolate.{f}", [(values2, xi2)], (0, 1), method="cubic")
    image = rng.standard_normal((4, 5))
    coords = np.array([[0.5, 1.0, 2.25, 3.0, -0.5], [1.5, 0.0, 4.0, 2.0, 4.5]])  # knots, ends, beyond
    for order in (0, 1, 3):
        add("ndimage.map_coordinates", [(image, coords), (np.array([[2.0]]), np.zeros((2, 1)))], (0, 1), order=order)
    add("ndimage.map_coordinates", [(image, coords)], (0, 1), order=1, mode="nearest")
    add("ndimage.map_coordinates", [(image, coords)], (0, 1), order=1, mode="constant", cval=2.0)
    add("ndimage.map_coordinates", [(image, coords)], (0, 1), order=3, mode="mirror", prefilter=False)
    for order in (2, 3, 5):
        add("ndimage.spline_filter", [image, np.array([[2.0]]), rng.standard_normal(6)], order=order)
        add("ndimage.spline_filter1d", [image, np.array([2.0])], order=order)
        add("ndimage.spline_filter1d", [image], order=order, axis=0, mode="nearest")
    # signals
    s6, s3 = rng.standard_normal(6), rng.standard_normal(3)
    for f in ("convolve", "correlate", "fftconvolve"):
        for mode in ("full", "same", "valid"):
            add(f"signal.{f}", [(s6, s3), (s3, s6), (np.array([2.0]), s3), (s6 + 1j, s3 - 2j)], (0, 1), mode=mode)
    add("signal.convolve", [(s6, s3)], (0, 1), method="direct")
    add("signal.correlate", [(s6, s3)], (0, 1), method="fft")
    for f in ("convolve2d", "correlate2d"):
        for mode in ("full", "same", "valid"):
            add(f"signal.{f}", [(image, np.array([[1.0, -1.0], [0.5, 2.0]])), (np.array([[2.0]]), np.array([[3.0]])),
                                (image + 1j, np.array([[1.0, 1j]]))], (0, 1), mode=mode)
    add("signal.detrend", [s6, np.array([2.0]), rng.standard_normal((3, 4)), s6 + 1j])
    add("signal.detrend", [rng.standard_normal((3, 4))], axis=0, type="constant")
    add("signal.detrend", [rng.standard_normal(8)], bp=[3])
    sig = rng.standard_normal(32)
    add("signal.stft", [sig, sig + 1j * sig[::-1], rng.standard_normal((2, 32))], nperseg=8)
    add("signal.welch", [sig, rng.standard_normal((2, 32))], nperseg=8)
    add("signal.welch", [sig], nperseg=8, detrend=False, scaling="spectrum")
    add("signal.csd", [(sig, sig[::-1]), (sig, sig + 1j)], (0, 1), nperseg=8)
    add("signal.istft", [rng.standard_normal((5, 9)) + 1j * rng.standard_normal((5, 9))], nperseg=8)
    # stats' functions of a sample, powm1
    add("stats.sem", [s6, np.array([2.0]), np.array([1.0, 1.0, 1.0]), rng.standard_normal((3, 4)), np.zeros(0)])
    add("stats.sem", [rng.standard_normal((3, 4))], axis=-1, ddof=0)
    add("stats.sem", [np.array([1.0])], ddof=0)
    add("stats.mode", [np.array([1.0, 2.0, 3.5]), np.array([2.0]), np.array([1.0, 1.0, 3.0]), rng.standard_normal((3, 4))])
    add("stats.mode", [rng.standard_normal((3, 4))], axis=None)
    add("special.powm1", [(x, y) for x in (0.0, 1e-300, 0.5, 1.0, 1.0 + 1e-12, 30.0, -2.0) for y in (0.0, 1e-12, 2.0, -1.5)
                          if not (x == 0.0 and y < 0)], (0, 1))
    return out


def _function(name):
    family, _, rest = name.partition(".")
    if family == "stats" and "." not in rest:  # a function of a sample (mode, sem)
        return getattr(stats, rest), getattr(ST, rest)
    if family == "stats":
        d, f = rest.split(".")
        return getattr(getattr(stats, d), f), getattr(getattr(ST, d), f)
    if family == "special":
        if rest.endswith("'"):  # the spherical Bessel functions' derivative=True
            ours, theirs = getattr(wsp, rest[:-1]), getattr(sc, rest[:-1])
            return (lambda *a: ours(*a, derivative=True)), (lambda *a: theirs(*a, derivative=True))
        theirs = getattr(sc, rest)
        return getattr(wsp, rest), theirs
    ours_module = importlib.import_module(f"wengert.scipy.{family}")
    theirs_module = importlib.import_module(f"scipy.{family}")
    if name in WRAPPED:  # called through a wrapper (a class, a tuple or callable argument)
        return WRAPPED[name](ours_module), WRAPPED[name](theirs_module)
    return getattr(ours_module, rest), getattr(theirs_module, rest)


def _plain_outputs(out):
    if isinstance(out, tuple):
        return [np.asarray(o, dtype=complex if np.iscomplexobj(o) else float) for o in out]
    return [np.asarray(out, dtype=complex if np.iscomplexobj(out) else float)]


def _outputs(f, args):
    """How to split ``f``'s output into its outputs, and which are complex, read from a plain
    call: a traced call's output may be one Var holding the whole tuple (a record node, not
    a ``tuple``), and ``np.iscomplexobj`` of it converts its value, which a forward-mode
    Dual refuses (fresnel and sici crashed in the recheck under forward over reverse)."""
    plain = f(*args)
    if isinstance(plain, tuple):
        return len(plain), [bool(np.iscomplexobj(o)) for o in plain]
    return None, [bool(np.iscomplexobj(plain))]


def _split(out, count, complex_outputs):
    """``out`` (a traced output of ``f``) as its real outputs, by :func:`_outputs`' structure."""
    outs = (out,) if count is None else tuple(out[m] for m in range(count))
    return [np.real(o) if c else o for o, c in zip(outs, complex_outputs)]


def _element_of(f, args, which, k):
    """The ``k``-th term of :func:`_scalar_of`'s sum (output element ``k`` of all outputs,
    with its weight), or None past the last."""
    structure = _outputs(f, args)

    def g(*ds):
        full = list(args)
        for i, d in zip(which, ds):
            full[i] = d
        seen = 0
        for m, o in enumerate(_split(f(*full), *structure)):
            n = int(np.size(o))
            if k < seen + n:
                return np.reshape(o, (-1,))[k - seen] * np.cos(k - seen + 1.0 + m)
            seen += n
        return None
    return g


def _scalar_of(f, args, which):
    """A real scalar function of the differentiated args (for check_grads)."""
    structure = _outputs(f, args)

    def g(*ds):
        full = list(args)
        for i, d in zip(which, ds):
            full[i] = d
        total = 0.0
        for k, o in enumerate(_split(f(*full), *structure)):
            w = np.cos(np.arange(np.size(o)) + 1.0 + k).reshape(np.shape(o))
            total = total + np.sum(w * o)
        return total
    return g


def _one_sided(g, ds, h=1e-7):
    """Where central differences straddle an end of the domain or a kink, the derivative
    wengert gives (first, then second order, along a random direction) against the
    one-sided differences: "" if it is neither one of them nor their mean (nor a refusal
    at second order)."""
    rng = np.random.default_rng(1)
    v = [rng.standard_normal(np.shape(d)) for d in ds]

    def along(t, fn):
        return fn(*[d + t * w for d, w in zip(ds, v)])

    def first(*xs):
        grads = wg.grad(g, argnums=tuple(range(len(xs))))(*xs) if len(xs) > 1 else (wg.grad(g)(*xs),)
        return sum(np.sum(gr * w) for gr, w in zip(grads, v))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            for order, fn in ((1, g), (2, first)):
                try:
                    d = float(wg.grad(lambda t: along(t, fn))(0.0))
                except Exception as e:  # noqa: BLE001
                    if order == 2 and type(e).__name__ in REFUSALS:
                        return "second order refused at the switching point"
                    return ""
                try:
                    f0 = float(along(0.0, fn))
                    right = (float(along(h, fn)) - f0) / h
                    left = (f0 - float(along(-h, fn))) / h
                except Exception:  # noqa: BLE001  (a side outside the domain refused: no sides)
                    return ""
                candidates = [c for c in (right, left, 0.5 * (left + right)) if np.isfinite(c)]
                if not any(abs(d - c) <= 1e-3 * (1 + abs(c)) for c in candidates) and not (
                        not candidates and np.isfinite(d)):
                    return ""
    return "one-sided (an end of the domain or a kink): the side or the mean of the sides"


def _value_or_nan(fn, xs):
    """``fn(*xs)`` as a float, NaN where a step of the differences leaves the domain and
    wengert refuses the point (a shape parameter below 0: no value there, as SciPy's NaN)."""
    try:
        return float(fn(*xs))
    except Exception as e:  # noqa: BLE001
        if type(e).__name__ in REFUSALS:
            return float("nan")
        raise


def _grads(fn, xs):
    if len(xs) > 1:
        return wg.grad(fn, argnums=tuple(range(len(xs))))(*xs)
    return (wg.grad(fn)(*xs),)


def _small_step(g, ds, eps):
    """Where central differences at the default step ``eps`` disagree with wengert and the
    point is not a kink of the kind ``_one_sided`` recognises: the step may cross an end of
    the domain or a pole (x = 1e-8 with a step of 1e-6 reaches x < 0). The stated check,
    along every coordinate of every argument: shrink the step tenfold from ``eps`` (from
    1e-3 of the coordinate at most, of the smallest nonzero one for a coordinate at 0: never
    across 0 from a point near it, where an even pole like log|x| gives converged, wrong
    central differences) until the differences (with the step actually taken, in floats)
    are finite and converged (two consecutive steps agree to 1e-5), or the step no longer
    changes the value (below its resolution). Then wengert's derivative, in reverse and in
    forward mode, at first order and at second order (the derivative of a random
    combination of the gradient), is compared with them. Returns (verdict, detail), the
    verdict the worst of the coordinates':

    - ``ok``: it is the converged central differences;
    - ``one-sided``: it is one side's converged differences, or their mean (an end of the
      support inside an array, where ``_one_sided``'s common direction mixes sides);
    - ``overflow``: it is inf or NaN (in one mode at least; a finite one, in the coordinate
      near 0 itself, is the converged differences) at a point with a coordinate within 1e-12 of 0 (the end
      of the domain): an intermediate overflows float64 (``1/x^2`` at 1e-300, or the
      infinite derivative in another coordinate times its tangent 0 in forward mode);
    - ``jump``: the value itself jumps at the point (steps of 1e-13 and 1e-14, relative, change
      it by the same amount): no derivative to compare;
    - ``unconverged``: the differences converge at no step (the value's own rounding error),
      and wengert's derivative is a number, the same in both modes (else ``mismatch``);
    - ``mismatch``: it is none of these: a real disagreement.
    """
    rng = np.random.default_rng(2)
    ds = [np.array(d, dtype=float) for d in ds]
    w = [rng.standard_normal(np.shape(d)) for d in ds]
    nonzero = [abs(float(v)) for d in ds for v in d.reshape(-1) if v != 0]
    scale = min(nonzero) if nonzero else 1.0
    rank = {"ok": 0, "one-sided": 1, "overflow": 2, "jump": 3, "unconverged": 4, "mismatch": 5}
    worst, why = "ok", ""

    def second(*xs):
        return sum(np.sum(gr * wi) for gr, wi in zip(_grads(g, xs), w))

    def converged(seq):
        # two consecutive steps agree, and the value's rounding (taken as 4e-16 of it) over
        # the larger step is under 1e-5 of its difference (0 only where the values are equal)
        for (a, na), (b, nb) in zip(seq, seq[1:]):
            if np.isfinite(a) and np.isfinite(b) and abs(a - b) <= 1e-5 * max(abs(a), abs(b)) + na + nb \
                    and (na <= 1e-5 * abs(a) or a == b == 0):
                return a, na
        return None

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            for order, fn in ((1, g), (2, second)):
                try:
                    rev = [np.asarray(r, dtype=float) for r in _grads(fn, ds)]
                except Exception as e:  # noqa: BLE001
                    if order == 2 and type(e).__name__ in REFUSALS:
                        break  # refusing the second derivative is never silent
                    return "mismatch", f"order {order} raised {type(e).__name__}: {str(e)[:80]}"
                f0 = float(fn(*ds))
                for i, d in enumerate(ds):
                    for j in range(d.size):
                        x0 = float(d.reshape(-1)[j])

                        def at(h):
                            moved = [x.copy() for x in ds]
                            moved[i].reshape(-1)[j] += h
                            return moved, float(moved[i].reshape(-1)[j]) - x0

                        tangent = [np.zeros_like(x) for x in ds]
                        tangent[i].reshape(-1)[j] = 1.0
                        ours = {"reverse": float(rev[i].reshape(-1)[j]),
                                "forward": float(wg.jvp(fn, tuple(ds), tuple(tangent))[1])}
                        central, right, left = [], [], []
                        # central differences from 1e-3 of the coordinate at most; one-sided ones
                        # from the default step (x + h never crosses an end below x)
                        for seq, sides, h in ((central, (1, -1), min(eps, 1e-3 * (abs(x0) or scale))),
                                              (right, (1, 0), eps), (left, (0, -1), eps)):
                            resolved = False
                            while h >= max(1e-305, np.spacing(x0)):
                                (plus, hp), (minus, hm) = at(sides[0] * h), at(sides[1] * h)
                                if hp == hm:
                                    break
                                fp = _value_or_nan(fn, plus) if sides[0] else f0
                                fm = _value_or_nan(fn, minus) if sides[1] else f0
                                res = 4e-16 * sum(abs(v) for v in (fp, fm) if np.isfinite(v))
                                if abs(fp - fm) <= res:
                                    if resolved:
                                        break  # below the resolution of the value from here on
                                else:
                                    resolved = True
                                seq.append(((fp - fm) / (hp - hm), res / (hp - hm)))
                                h /= 10
                        where = f"order {order}, argument {i}[{j}] at {x0:.3g}"
                        c, r, l_ = converged(central), converged(right), converged(left)

                        def match(v):
                            return v is not None and all(abs(o - v[0]) <= 1e-4 * abs(v[0]) + 1e-6 + 10 * v[1]
                                                         for o in ours.values())
                        if match(c):
                            verdict, detail = "ok", ""
                        elif match(r) or match(l_) or (r is not None and l_ is not None and match(
                                (0.5 * (r[0] + l_[0]), max(r[1], l_[1])))):
                            verdict, detail = "one-sided", (f"{where}: one side's converged differences "
                                                            "(the central ones cross an end or a kink)")
                        elif not all(np.isfinite(o) for o in ours.values()) and all(
                                (c is None and abs(x0) > 1e-12)
                                or (c is not None and abs(o - c[0]) <= 1e-4 * abs(c[0]) + 1e-6 + 10 * c[1])
                                for o in ours.values() if np.isfinite(o)) and min(
                                abs(v) for d_ in ds for v in d_.reshape(-1)) <= 1e-12:
                            # a finite mode in the coordinate near 0 itself must be the converged
                            # differences: gamma.pdf(1e-300, 2.0)'s second derivative, 0.0 by
                            # reverse and -inf forward for -0.593, passed as overflow
                            verdict, detail = "overflow", (f"{where}: wengert {ours}, differences {c and c[0]!r}, "
                                                           "with a coordinate within 1e-12 of 0")
                        else:
                            tiny = min(1e-13 * max(1.0, abs(x0)), 1e-3 * (abs(x0) or scale))
                            jumps = [abs(_value_or_nan(fn, at(s)[0]) - f0) for s in (tiny, tiny / 10)]
                            if min(jumps) > 1e-8 * (1 + abs(f0)) and jumps[1] > 0.5 * jumps[0]:
                                verdict, detail = "jump", (f"{where}: the value jumps by {jumps[1]:.3g} at a step "
                                                           f"of {tiny / 10:.0e} (and as much at ten times it)")
                            elif any(np.isnan(o) for o in ours.values()) or not np.isclose(
                                    ours["reverse"], ours["forward"], rtol=1e-6, atol=0):
                                # whatever the differences say: NaN at a finite value, or the two
                                # modes apart (truncnorm.cdf(-1, -1, inf)'s NaN passed as unconverged)
                                verdict, detail = "mismatch", (f"{where}: wengert {ours}: NaN, or reverse and "
                                                               "forward disagree")
                            elif c is None:
                                reach = 1e-11 * max(1.0, abs(x0))
                                ends = [f"{x0 + side * reach:.12g}" for side in (1, -1)
                                        if not np.isfinite(_value_or_nan(fn, at(side * reach)[0]))]
                                verdict, detail = "unconverged", (
                                    f"{where}: wengert {ours}; central differences converge at no step"
                                    + (f" (the domain ends within 1e-11 of the point, before {ends[0]}: no "
                                       "step is both inside it and resolved in float64)" if ends else ""))
                            else:
                                verdict, detail = "mismatch", f"{where}: wengert {ours}, converged differences {c[0]!r}"
                        if rank[verdict] > rank[worst]:
                            worst, why = verdict, detail
    if worst == "ok":
        return "ok", (f"the step {eps:.0e} crosses an end of the domain or a pole (its differences are "
                      f"not converged); at smaller steps, where they converge, wengert's derivatives "
                      f"match (orders 1 and 2, reverse and forward)")
    return worst, why


def classify(name, args, which, kwargs=None):
    ours, theirs = _function(name)
    if kwargs:
        ours, theirs = functools.partial(ours, **kwargs), functools.partial(theirs, **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            try:
                want = _plain_outputs(theirs(*args))
            except Exception as e:  # noqa: BLE001
                want = e
            try:
                got = _plain_outputs(ours(*args))
            except Exception as e:  # noqa: BLE001
                kind = type(e).__name__
                if kind in REFUSALS:
                    return "refused", f"{kind}: {str(e)[:100]}"
                return "crash", f"{kind}: {str(e)[:100]}"
    if isinstance(want, Exception):
        return "WRONG", f"value where SciPy raises {type(want).__name__}: {want}"
    if name in DECOMPOSITIONS:  # signs and orders are conventions: the gradients are checked
        pass
    else:
        for a, b in zip(got, want):
            if a.shape != b.shape and a.size == b.size == 0:
                continue
            if np.any(np.isnan(b) & ~np.isnan(a)) if a.shape == b.shape else False:
                # SciPy's NaN marks a parameter outside its domain: a number there is wrong
                return "WRONG", f"value {a.ravel()[:4]} where SciPy gives {b.ravel()[:4]} (NaN: invalid parameters)"
            if a.shape == b.shape and np.all(np.isfinite(a) | np.isinf(b)) and np.any(np.isfinite(a) & np.isinf(b)):
                return "better", f"value {a.ravel()[:4]} finite where SciPy's {b.ravel()[:4]} over/underflows"
            rtol = 1e-5 if any(np.asarray(v).dtype == np.float32 for v in args if hasattr(v, "dtype")) else 1e-9
            if a.shape != np.broadcast(a, b).shape or not np.allclose(a, b, rtol=rtol, atol=1e-300, equal_nan=True):
                key = (name,) + tuple(float(v) if np.ndim(v) == 0 else None for v in args)
                if key in REFERENCE and np.allclose(a, REFERENCE[key], rtol=1e-12, atol=0):
                    return "better", (f"value {a.ravel()[:4]} is mpmath's {REFERENCE[key]!r} where SciPy's "
                                      f"{b.ravel()[:4]} loses digits")
                return "WRONG", f"value {a.ravel()[:4]} where SciPy gives {b.ravel()[:4]}"
    if not all(np.all(np.isfinite(a)) for a in got) or all(a.size == 0 for a in got):
        return "right", "(value only: not finite or empty)"
    ds = [np.asarray(args[i], dtype=complex if np.iscomplexobj(args[i]) else float) for i in which]
    if any(d.size == 0 or not np.all(np.isfinite(d)) for d in ds):
        return "right", "(value only)"
    g = _scalar_of(ours, args, which)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                grads = wg.grad(g, argnums=tuple(range(len(which))))(*ds) if len(which) > 1 else (wg.grad(g)(*ds),)
                if not all(np.all(np.isfinite(gr)) for gr in grads):
                    return "right", "(gradient not finite: an end of the domain)"
                eps = 1e-6 * max(1.0, max(float(np.max(np.abs(d))) if d.size else 0.0 for d in ds))
                if eps > 1e-3:
                    return "right", "(value only: too large for differences)"
                check_grads(g, *ds, order=2, modes=("rev", "fwd"), eps=eps, rtol=1e-4, atol=1e-6)
    except AssertionError as e:
        if any(np.iscomplexobj(d) for d in ds):  # (the rechecks below step along real lines)
            return "WRONG", f"gradient at a complex point: {str(e)[:200]}"
        side = _one_sided(g, ds)
        if side:
            return "one-sided", side
        try:
            verdict, why = _small_step(g, ds, eps)
        except Exception as e2:  # noqa: BLE001  (forward mode raising where reverse did not)
            return "crash", f"rechecking {str(e)[:80]}: {type(e2).__name__}: {str(e2)[:100]}"
        if verdict in ("mismatch", "unconverged", "jump") and sum(np.size(o) for o in got) > 1:
            # several output elements at ends of the support (x = [loc, ..., loc + scale]):
            # a coordinate such as loc meets each element's end from a different side, so
            # the sum's differences are neither side's: the same check element by element
            verdicts = [_small_step(_element_of(ours, args, which, k), ds, eps)
                        for k in range(sum(int(np.size(o)) for o in got))]
            worst = max(verdicts, key=lambda v: ["ok", "one-sided", "overflow", "jump", "unconverged",
                                                 "mismatch"].index(v[0]))
            if worst[0] in ("ok", "one-sided"):
                return "one-sided", ("element by element, each derivative is its element's converged "
                                     "differences or one side's (ends of the support at several elements)")
        if verdict == "ok":
            return "fd-small-step", why
        if verdict == "mismatch":
            key = (name,) + tuple(float(v) if np.ndim(v) == 0 else None for v in args)
            if key in VERIFIED:
                return "verified", f"the differences disagree ({why[:80]}...); checked by {VERIFIED[key]}"
            return "WRONG", f"gradient: {str(e)[:200]}; {why}"
        return {"unconverged": "fd-unreliable", "jump": "discontinuous"}.get(verdict, verdict), why
    except Exception as e:  # noqa: BLE001
        kind = type(e).__name__
        return ("refused" if kind in REFUSALS else "crash"), f"{kind}: {str(e)[:120]}"
    return "right", ""


def main():
    only = [a for a in sys.argv[1:] if not a.startswith("-")]
    cases = (_stats_points() + _stats_points_more() + _special_points() + _special_points_more()
             + _points_newest() + _linalg_points() + _stats_points_newer() + _points_beyond())
    if only:
        cases = [c for c in cases if only[0] in c[0]]
    counts = {}
    for name, args, which, *kwargs in cases:
        verdict, detail = classify(name, args, which, *kwargs)
        counts[verdict] = counts.get(verdict, 0) + 1
        if VERBOSE or verdict not in ("right",):
            short = ", ".join(np.array2string(np.asarray(a), threshold=4, precision=4).replace("\n", "")
                              if a is not None else "None" for a in args)
            keywords = "".join(f", {k}={v!r}" for k, v in (kwargs[0] if kwargs else {}).items())
            print(f"{verdict:8s} {name}({short}{keywords}) {detail}")
    print("counts:", dict(sorted(counts.items())), "of", len(cases))


if __name__ == "__main__":
    main()
