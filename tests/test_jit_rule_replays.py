"""Every registered rule replays under wengert.jit: each case of test_coverage recorded, replayed at
two moved points (a vjp and the forward-only eval replay) and through backprop, every answer a fresh
recording's at the same inputs, bit for bit.

Apart from tests/test_jit.py (wengert.jit's mechanism: guards, signatures, threads, random state,
frees) so that CI selects it by file: it tests the rules' replay on a NumPy and SciPy, not the
Python, and runs in step 1 only (see .ci/run's header: RULE_REPLAYS).
"""
import numpy as np
import pytest

import wengert as wg
from bits import copied, same
from opcheck import ids
from test_coverage import ALL_CASES
from wengert import tree


def perturbed(args, rng, scale=0.01):
    """``args`` with every floating-point leaf moved by a small relative step."""
    def move(x):
        if type(x) is float:
            return x * (1.0 + scale * rng.uniform(-1, 1))
        if tree.is_inexact_leaf(x) and isinstance(x, (np.ndarray, np.generic)):
            step = 1.0 + scale * rng.uniform(-1, 1, np.shape(x))
            return (x * step).astype(x.dtype) if isinstance(x, np.ndarray) else type(x)(x * step)
        if type(x) is complex:
            return x * (1.0 + scale * rng.uniform(-1, 1))
        return x
    with np.errstate(all="ignore"):  # cases at inf and nan stay there
        return tree.map_leaves(move, args)


# -- every registered rule replays ----------------------------------------------------------

def _vjp_at(f, args):
    value, pullback = wg.vjp(f, *args)
    return value, pullback(wg.one(value))


@pytest.mark.parametrize("c", ALL_CASES, ids=ids(ALL_CASES))
def test_every_rule_replays(c):
    jf = wg.jit(c.f)
    rng = np.random.default_rng(0)
    _vjp_at(jf, c.args)
    for _ in range(2):
        args = perturbed(c.args, rng)
        try:
            expected = _vjp_at(c.f, args)
        except Exception as exc:  # noqa: BLE001  (then the jitted function raises it too)
            with pytest.raises(type(exc)):
                _vjp_at(jf, args)
            continue
        same(_vjp_at(jf, args), expected)
        same(jf(*args), expected[0])  # forward only, the eval replay
    _backprop_replays_as_it_records(c, jf, rng)
    if c.id.split("-")[0] in DRAWS_RANDOM_NUMBERS:
        return  # recorded on every call where it drew (not for a 1x1 logm): checked above
    assert jf.stats["not_replayable"] == 0, c.id
    if not _records_every_call(c.id):
        assert jf.stats["replays"] >= 1, jf.stats


#: Functions that draw from NumPy's global random state, which wengert.jit detects: they
#: record on every call (a replay would leave the state where it was, and their last bits
#: can depend on it).
DRAWS_RANDOM_NUMBERS = {
    "logm",  # SciPy's logm: its 1-norm estimator (onenormest) draws random sign vectors
    "fractional_matrix_power",  # (expm(t logm(A)): logm's)
}


def _backprop_at(f, args, seed):
    return wg.backprop(f, *args, seed=seed)


def _backprop_replays_as_it_records(c, jf, rng):
    # The runners' path (a sweep that keeps no pullback, unlike vjp's): each answer must be
    # a fresh recording's, and what was handed out must not change on later replays.
    handed = []
    for _ in range(3):
        args = perturbed(c.args, rng)
        try:
            value = c.f(*args)
            seed = wg.one(value)
            expected = _backprop_at(c.f, args, seed)
        except Exception:  # noqa: BLE001  (covered above: the jitted function raises it too)
            continue
        got = _backprop_at(jf, args, seed)
        same(got, expected)
        handed.append((got, copied(got)))
    for got, copy in handed:
        same(got, copy)


#: Functions that read their inputs' values outside the rules (a domain check on a
#: distribution's parameters, a shift or a sign taken as a constant, an order computed
#: from the values): each read is a guard, so at new inputs they record on every call,
#: and are right by recording.
RECORDS_EVERY_CALL = {
    "beta.cdf", "beta.logpdf", "beta.pdf", "chi2.cdf", "chi2.logpdf", "chi2.pdf",
    "dirichlet.logpdf", "dirichlet.pdf", "gamma.cdf", "gamma.logpdf", "gamma.pdf",
    "norm.cdf", "norm.logcdf", "norm.logpdf", "norm.logsf", "norm.pdf", "norm.sf",
    "t.cdf", "t.logcdf", "t.logpdf", "t.pdf", "multigammaln", "sort_complex",
    # (nct's log density is t's plus its noncentral part)
    "nct.logpdf", "nct.pdf", "nct.mean", "nct.var", "nct.std",
    # (and its tails and quantiles pick a tail, and its quadrature's rule, by the values)
    "nct.cdf", "nct.logcdf", "nct.sf", "nct.logsf", "nct.ppf", "nct.isf", "nct.median", "nct.interval",
    # (every distribution's moment and stats at once, tests/test_stats_moment_stats.py: among them nct's, and the
    # distributions' parameter checks)
    "moment", "stats",
    # which elements are distinct (and which are in the other set) is read from the values
    "unique", "unique_values", "unique_counts", "unique_inverse", "unique_all", "union1d", "setdiff1d",
    "setxor1d", "histogram", "histogram_bin_edges", "trim_zeros",
    # wengert.scipy.stats' loc-scale distributions check their parameters' values
    *{f"{d}.{f}" for d in ("expon", "laplace", "cauchy", "logistic", "uniform", "lognorm", "pareto",
                            "truncnorm", "vonmises", "norm")
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf")},
    # which values are shared is read from the values, as for union1d
    "intersect1d",
    # geomspace reads the signs, poly whether the zeros pair up, polydiv the remainder's
    # leading zeros
    "geomspace", "poly", "polydiv",
    # wengert.scipy.linalg.polar of a square matrix takes its values from the SVD of
    # the plain values (its derivatives from sqrtm's rule)
    "polar",
    # as histogram, the bins are read from the values
    "histogramdd", "histogram2d",
    # the distributions' parameter checks, as the loc-scale distributions'; lu reads the pivots and
    # pinv the singular values (the cutoff)
    *{f"{d}.{f}" for d in ("gumbel_r", "gumbel_l", "halfnorm", "gamma", "chi2", "beta", "t")
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf")},
    "wrapcauchy.logpdf", "wrapcauchy.pdf", "gennorm.logpdf", "gennorm.pdf", "betabinom.logpmf",
    "betabinom.pmf", "lu", "pinv",
    # the distributions' parameter checks, as the loc-scale distributions'
    *{f"{d}.{f}" for d in ("weibull_min", "invgamma", "rayleigh", "skewnorm")
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf")},
    # (skewnorm's moments: the check that a is finite, and delta's two forms about |a| = 1)
    "skewnorm.mean", "skewnorm.var", "skewnorm.std",
    "skewnorm.median", "skewnorm.interval",  # (a finite, read from the values, as its ppf)
    # (truncnorm's moments: a < b checked, the reflection and the forms chosen by a's and b's values)
    "truncnorm.mean", "truncnorm.var", "truncnorm.std", "truncnorm.entropy",
    # SciPy's check that the leading coefficient is not zero
    "companion",
    # the cells (and the nearest samples) are read from the coordinates' values (ndimage.shift's: i - shift), as
    # histogram's bins; sem reads where the NaNs are (nan_policy 'omit' and 'raise' only)
    "map_coordinates", "RegularGridInterpolator", "interpn", "sem_nan_policy", "CubicSpline",
    "make_interp_spline", "BSpline", "interp1d", "shift",
    # gennorm's parameter checks, as the loc-scale distributions'; poisson.entropy reads where mu is 0 or
    # large, bernoulli.ppf where q is at its jumps, mode which values repeat
    *{f"gennorm.{f}" for f in ("cdf", "sf", "logcdf", "logsf", "ppf", "isf", "entropy")},
    "poisson.entropy", "bernoulli.ppf", "mode",
    # the distributions' parameter checks, as the loc-scale distributions' (median and interval through ppf)
    *{f"{d}.{f}" for d in ("norm", "expon", "laplace", "logistic", "uniform", "gumbel_r", "gumbel_l", "halfnorm",
                            "rayleigh", "gamma", "chi2", "beta", "lognorm", "gennorm", "cauchy", "weibull_min",
                            "pareto", "invgamma", "t")
      for f in ("mean", "var", "std", "entropy", "median", "interval")},
    # the distributions' parameter checks, as the loc-scale distributions'
    *{f"weibull_max.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var",
                                   "std", "entropy", "median", "interval")},
    *{f"{d}.{f}" for d in ("genpareto", "lomax", "halfcauchy")
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "entropy", "median", "interval")},
    *{f"f.{m}" for m in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "median", "interval")},
    # the shapes' checks, and where each moment exists, read from their values
    *{f"{d}.{m}" for d in ("genpareto", "lomax", "f") for m in ("mean", "var", "std")}, "f.entropy",
    *{f"{d}.{m}" for d in ("cauchy", "halfcauchy", "levy", "levy_l", "pareto", "invgamma", "t")
      for m in ("mean", "var", "std", "entropy")},
    *{f"{d}.{f}" for d in ("burr12", "fisk")
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "median", "interval")},
    *{f"fisk.{m}" for m in ("mean", "var", "std", "entropy")},
    *{f"burr12.{m}" for m in ("mean", "var", "std", "entropy")},
    *{f"foldnorm.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                "median", "interval")},
    "truncnorm.median", "truncnorm.interval",  # (a < b read from the values, as its ppf)
    *{f"genextreme.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var",
                                  "std", "entropy", "median", "interval")},
    *{f"{d}.{f}" for d in ("levy", "halflogistic")
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "entropy", "median", "interval")},
    *{f"halflogistic.{m}" for m in ("mean", "var", "std")},
    *{f"gengamma.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                "entropy", "median", "interval")},
    *{f"wald.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                            "entropy", "median", "interval")},
    *{f"{d}.{f}" for d in ("hypsecant", "moyal")
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std", "entropy",
                "median", "interval")},
    *{f"gompertz.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "entropy",
                                "median", "interval")},
    *{f"maxwell.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                               "entropy", "median", "interval")},
    # the df checks of the multivariate t and the Wishart distributions (and where the series in df begins)
    *{f"{d}.{f}" for d in ("multivariate_t", "wishart", "invwishart") for f in ("logpdf", "pdf", "entropy")},
    *{f"{d}.{f}" for d in ("levy_l", "gibrat", "erlang", "powerlaw", "arcsine")
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std", "entropy",
                "median", "interval")},
    *{f"{d}.{f}" for d in ("nakagami", "dweibull", "loggamma", "chi", "betaprime", "invgauss", "loguniform", "triang",
                        "truncexpon")
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std", "entropy",
                "median", "interval")},
    *{f"johnsonsu.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                 "median", "interval")},
    *{f"johnsonsb.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "median", "interval")},
    *{f"burr.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                            "entropy", "median", "interval")},
    *{f"mielke.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                              "entropy", "median", "interval")},
    *{f"kappa3.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                              "entropy", "median", "interval")},
    *{f"genhalflogistic.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean",
                                       "entropy", "median", "interval")},
    *{f"trapezoid.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                 "entropy", "median", "interval")},
    *{f"truncpareto.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var",
                                   "std", "entropy", "median", "interval")},
    *{f"recipinvgauss.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var",
                                     "std", "median", "interval")},
    *{f"rdist.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                             "entropy", "median", "interval")},
    *{f"truncweibull_min.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean",
                                        "var", "std", "median", "interval")},
    *{f"pearson3.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                "entropy", "median", "interval")},
    *{f"powerlognorm.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "median",
                                    "interval")},
    *{f"rel_breitwigner.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var",
                                       "std", "median", "interval")},
    *{f"kappa4.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "median", "interval")},
    *{f"vonmises_line.{f}" for f in ("logpdf", "pdf", "mean")},
    *{f"rice.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                            "median", "interval")},
    *{f"norminvgauss.{f}" for f in ("logpdf", "pdf", "mean", "var", "std")},
    *{f"geninvgauss.{f}" for f in ("logpdf", "pdf")},
    *{f"ncx2.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                            "median", "interval")},
    *{f"irwinhall.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                 "median", "interval")},
    *{f"ksone.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "median", "interval",
                             "mean", "var", "std")},
    *{f"ncf.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                           "median", "interval")},
    *{f"tukeylambda.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                   "median", "interval")},
    *{f"genexpon.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "median",
                                "interval")},
    *{f"crystalball.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var",
                                   "std", "median", "interval")},
    *{f"argus.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                             "median", "interval")},
    *{f"kstwobign.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                 "median", "interval")},
    *{f"skewcauchy.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                  "entropy", "median", "interval")},
    *{f"laplace_asymmetric.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var",
                                          "std", "entropy", "median", "interval")},
    *{f"genlogistic.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                   "entropy", "median", "interval")},
    *{f"dgamma.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                              "entropy", "median", "interval")},
    *{f"exponweib.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "median", "interval")},
    *{f"foldcauchy.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                  "median", "interval")},
    *{f"loglaplace.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                  "entropy", "median", "interval")},
    *{f"bradford.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                "entropy", "median", "interval")},
    *{f"powernorm.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "median",
                                 "interval")},
    *{f"jf_skew_t.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                 "entropy", "median", "interval")},
    *{f"dpareto_lognorm.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "mean", "var", "std")},
    *{f"exponpow.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "median",
                                "interval")},
    *{f"halfgennorm.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var",
                                   "std", "entropy", "median", "interval")},
    *{f"alpha.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                             "median", "interval")},
    *{f"semicircular.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var",
                                    "std", "entropy", "median", "interval")},
    *{f"cosine.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                              "entropy", "median", "interval")},
    *{f"anglit.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                              "entropy", "median", "interval")},
    *{f"fatiguelife.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                   "median", "interval")},
    *{f"invweibull.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                  "entropy", "median", "interval")},
    *{f"exponnorm.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std",
                                 "median", "interval")},
    # the discrete distributions' parameter checks, and which form each tail takes, read from the values
    *{f"{d}.{f}" for d in ("poisson", "binom", "bernoulli", "nbinom", "geom", "betabinom")
      for f in ("cdf", "logcdf", "sf", "logsf", "mean", "var", "std")},
    # the discrete quantiles are SciPy's values (steps), read from the values of q and the parameters
    *{f"{d}.{f}" for d in ("poisson", "binom", "bernoulli", "nbinom", "geom", "betabinom")
      for f in ("ppf", "isf", "median", "interval", "support")},
    *{f"{d}.entropy" for d in ("binom", "bernoulli", "betabinom", "geom")},
    # poisson's pmf: 0 with derivatives 0 where its log is below -3000, read from the value of mu
    "poisson.pmf",
    # the new discrete distributions' parameter checks (refused outside), the tails' and entropies' forms and the
    # quantiles (SciPy's steps), read from the values
    *{f"{d}.{f}" for d in ("planck", "dlaplace", "yulesimon", "logser", "skellam", "zipf", "zipfian", "boltzmann",
                           "betanbinom",
                           "randint", "hypergeom", "nhypergeom", "nchypergeom_fisher")
      for f in ("logpmf", "pmf", "cdf", "logcdf", "sf", "logsf", "mean", "var", "std", "entropy", "ppf", "isf", "median",
                "interval", "support")},
    # wrapcauchy's c checked, the tails' and quantiles' halves read from the values
    *{f"wrapcauchy.{f}" for f in ("cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std", "entropy",
                                  "median", "interval")},
    # vonmises' kappa checked, the entropy's forms read from its value; the variance's kappa checked, the line's tails'
    # support read from z
    "vonmises.mean", "vonmises.entropy", "vonmises_line.entropy", "vonmises.var", "vonmises.std",
    *{f"vonmises_line.{f}" for f in ("cdf", "sf", "logcdf", "logsf", "var", "std")},
    # (the quadrature's step read from the values, as its quantiles' forms)
    *{f"{d}.entropy" for d in ("johnsonsu", "johnsonsb", "powernorm", "powerlognorm", "exponweib", "exponpow", "alpha",
                               "genexpon", "fatiguelife", "recipinvgauss", "foldnorm", "argus", "tukeylambda",
                               "kstwobign", "rice", "nct", "ncf", "truncweibull_min")},
    # (the quadrature variances: the step read from the values, as the entropies')
    *{f"{d}.{m}" for d in ("gompertz", "genhalflogistic", "genexpon") for m in ("var", "std")},
    *{f"{d}.{m}" for d in ("exponpow", "exponweib", "powernorm", "johnsonsb", "powerlognorm")
      for m in ("mean", "var", "std")},
    # (the counts summed read from n and p; logser's from p)
    "nbinom.entropy", "logser.entropy",
    # (the closed forms' c and rho checked, as their other methods')
    "foldcauchy.entropy", "rel_breitwigner.entropy",
    # (the quantiles' kappa and q checked, the side of 1/2 read from q)
    "vonmises.median", "vonmises.interval",
    *{f"vonmises_line.{f}" for f in ("ppf", "isf", "median", "interval")},
}


def _records_every_call(case_id):
    return case_id.split("-")[0] in RECORDS_EVERY_CALL or case_id.startswith("logsumexp-b")
