"""What is given to distributions of several families at once: the moments, medians and intervals from the tables of
closed forms, and levy_l, gibrat, erlang, powerlaw and arcsine made of other distributions' functions. Part of
:mod:`wengert.scipy.stats`.
"""

import math

import numpy as np
from scipy import special as sc

from ...ops._util import piecewise as _piecewise
from ._common import (_add_moments, _add_quantile_summaries, _always, _borrow, _BORROWED, _borrowed_example, _by_name,
                      _closed_support_function, _EULER, _log_cdf_from_lower_end, _log_z_inside, _MIRRORED,
                      _moment_where, _plain, _quantiles, _shape_functions, _shapes_positive, _taken_call)
from ._normal import _skewnorm_check, _skewnorm_delta, _skewnorm_quantile, lognorm, skewnorm
from ._gamma import _erlang_shapes, _gamma_entropy, _levy_l_call, gamma, levy_l
from ._beta import _f_entropy, _powerlaw_call, _powerlaw_shapes, _t_entropy, beta
from ._extreme_value import _weibull_variance
from ._elementary import _uniform_check, uniform


#: name -> (shapes, m(*shapes), v(*shapes), h(*shapes) or None, the shapes' check or None);
#: gamma's, chi2's and beta's None: every method of theirs, these too, is checked once by
#: :func:`_refusing_nonpositive_shapes` (the end of the module)
_CONTINUOUS_MOMENTS = {
    "norm": ((), lambda: 0.0, lambda: 1.0, lambda: 0.5 * np.log(2.0 * np.pi * np.e), None),
    "expon": ((), lambda: 1.0, lambda: 1.0, lambda: 1.0, None),
    "laplace": ((), lambda: 0.0, lambda: 2.0, lambda: 1.0 + np.log(2.0), None),
    "logistic": ((), lambda: 0.0, lambda: np.pi ** 2 / 3.0, lambda: 2.0, None),
    "uniform": ((), lambda: 0.5, lambda: 1.0 / 12.0, lambda: 0.0, None),
    "gumbel_r": ((), lambda: _EULER, lambda: np.pi ** 2 / 6.0, lambda: _EULER + 1.0, None),
    "gumbel_l": ((), lambda: -_EULER, lambda: np.pi ** 2 / 6.0, lambda: _EULER + 1.0, None),
    "halfnorm": ((), lambda: np.sqrt(2.0 / np.pi), lambda: 1.0 - 2.0 / np.pi,
                 lambda: 0.5 * np.log(np.pi * np.e / 2.0), None),
    "rayleigh": ((), lambda: np.sqrt(np.pi / 2.0), lambda: 2.0 - np.pi / 2.0,
                 lambda: 1.0 + 0.5 * _EULER - 0.5 * np.log(2.0), None),
    "gamma": (("a",), lambda a: a, lambda a: a, _gamma_entropy, None),
    "chi2": (("df",), lambda df: df, lambda df: 2.0 * df, lambda df: _gamma_entropy(0.5 * df) + np.log(2.0),
             None),
    "beta": (("a", "b"), lambda a, b: a / (a + b), lambda a, b: a * b / ((a + b) ** 2 * (a + b + 1.0)), None,
             None),
    "lognorm": (("s",), lambda s: np.exp(0.5 * s * s), lambda s: np.expm1(s * s) * np.exp(s * s),
                lambda s: 0.5 * (1.0 + np.log(2.0 * np.pi)) + np.log(s), _shapes_positive),
    "gennorm": (("beta",), lambda beta: 0.0, lambda beta: np.exp(sc.gammaln(3.0 / beta) - sc.gammaln(1.0 / beta)),
                None, _shapes_positive),
    # mean gamma(1 + 1/c); entropy SciPy's -log(c) + euler (1 - 1/c) + 1
    "weibull_min": (("c",), lambda c: sc.gamma(1.0 + 1.0 / c), _weibull_variance,
                    lambda c: -np.log(c) + _EULER * (1.0 - 1.0 / c) + 1.0, _shapes_positive),
    "weibull_max": (("c",), lambda c: -sc.gamma(1.0 + 1.0 / c), _weibull_variance,
                    lambda c: -np.log(c) + _EULER * (1.0 - 1.0 / c) + 1.0, _shapes_positive),
    # mean sqrt(2 / pi) delta, variance 1 - 2 delta^2 / pi (delta = a / sqrt(1 + a^2)); no entropy (SciPy integrates)
    "skewnorm": (("a",), lambda a: math.sqrt(2.0 / math.pi) * _skewnorm_delta(a),
                 lambda a: 1.0 - (2.0 / np.pi) * np.square(_skewnorm_delta(a)), None, _skewnorm_check, 2.0,
                 " The mean is ``sqrt(2 / pi) delta``, the variance ``1 - 2 delta^2 / pi``, ``delta = a / sqrt(1 + "
                 "a^2)`` (as ``sign(a) / sqrt(1 + 1 / a^2)`` above ``|a| = 1``)."),
}


for _distribution, _closed_forms in _CONTINUOUS_MOMENTS.items():
    _add_moments(_distribution, *_closed_forms)
for _distribution in ("norm", "expon", "laplace", "logistic", "uniform", "gumbel_r", "gumbel_l", "halfnorm", "rayleigh",
              "cauchy", "gamma", "chi2", "beta", "lognorm", "gennorm", "weibull_min", "weibull_max", "pareto", "invgamma", "t",
              "genpareto", "lomax", "halfcauchy", "f"):
    _add_quantile_summaries(_distribution)


_MORE_MOMENTS = {
    # mean 1/(1 - c) (c < 1), variance 1/((1 - c)^2 (1 - 2c)) (c < 1/2)
    "genpareto": (("c",), lambda c: _moment_where(lambda p: p < 1.0, _always, lambda c: 1.0 / (1.0 - c), (c,), 0.0),
                  lambda c: _moment_where(lambda p: p < 0.5, lambda p: p < 1.0,
                                          lambda c: 1.0 / ((1.0 - c) ** 2 * (1.0 - 2.0 * c)), (c,), 0.0),
                  None, None, 0.25,
                  " The mean ``1/(1 - c)`` exists for ``c < 1`` (inf above), the variance ``1/((1 - c)^2 "
                  "(1 - 2c))`` for ``c < 1/2``; it is inf for ``1/2 <= c < 1`` (SciPy's is NaN there) and NaN "
                  "from ``c = 1`` on, where the mean is infinite."),
    # mean 1/(c - 1) (c > 1), variance c/((c - 1)^2 (c - 2)) (c > 2)
    "lomax": (("c",), lambda c: _moment_where(lambda p: p > 1.0, _always, lambda c: 1.0 / (c - 1.0), (c,), 2.0),
              lambda c: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0,
                                      lambda c: c / ((c - 1.0) ** 2 * (c - 2.0)), (c,), 3.0),
              None, _shapes_positive, 3.0,
              " The mean ``1/(c - 1)`` exists for ``c > 1`` (inf below), the variance ``c/((c - 1)^2 (c - 2))`` "
              "for ``c > 2``; it is inf for ``1 < c <= 2`` and NaN for ``c <= 1``, where the mean is infinite "
              "(SciPy's is inf there)."),
    # mean dfd/(dfd - 2) (dfd > 2), variance 2 dfd^2 (dfn + dfd - 2) / (dfn (dfd - 2)^2 (dfd - 4)) (dfd > 4)
    "f": (("dfn", "dfd"),
          lambda dfn, dfd: _moment_where(lambda p: p > 2.0, _always,  # (SciPy's shape: dfn's too)
                                         lambda dfn, dfd: dfd / (dfd - 2.0) + np.zeros(np.shape(_plain(dfn))),
                                         (dfn, dfd), 3.0, 1),
          lambda dfn, dfd: _moment_where(
              lambda p: p > 4.0, lambda p: p > 2.0,
              lambda dfn, dfd: 2.0 * dfd * dfd * (dfn + dfd - 2.0) / (dfn * (dfd - 2.0) ** 2 * (dfd - 4.0)),
              (dfn, dfd), 5.0, 1),
          _f_entropy, _shapes_positive, 5.0,
          " The mean ``dfd/(dfd - 2)`` exists for ``dfd > 2`` (inf below), the variance for ``dfd > 4``; it is "
          "inf for ``2 < dfd <= 4`` and NaN for ``dfd <= 2``, where the mean is infinite (SciPy's is inf there)."),
}
for _distribution, _with_note in _MORE_MOMENTS.items():
    _add_moments(_distribution, *_with_note)


#: the doctests' values (erlang's at a = 3, powerlaw's at a = 2.5)
_EXAMPLE_VALUES = {
    "levy_l": {"logpdf": "-1.86047", "pdf": "0.1556", "cdf": "0.585784", "logcdf": "-0.534804", "sf": "0.414216",
               "logsf": "-0.881367", "ppf": "-6.735283", "isf": "-0.93093", "entropy": "3.324483"},
    "gibrat": {"logpdf": "-1.406605", "pdf": "0.244974", "cdf": "0.657432", "logcdf": "-0.419414", "sf": "0.342568",
               "logsf": "-1.071286", "ppf": "0.59191", "isf": "1.689446", "mean": "1.648721", "var": "4.670774",
               "std": "2.161197", "entropy": "1.418939", "median": "1.0", "interval": "[0.193041, 5.180252]"},
    "erlang": {"logpdf": "-1.382217", "pdf": "0.251021", "cdf": "0.191153", "logcdf": "-1.65468", "sf": "0.808847",
               "logsf": "-0.212146", "ppf": "1.913776", "isf": "3.615568", "mean": "3.0", "var": "3.0",
               "std": "1.732051", "entropy": "1.847579", "median": "2.67406", "interval": "[0.817691, 6.295794]"},
    "powerlaw": {"logpdf": "-0.889668", "pdf": "0.410792", "cdf": "0.049295", "logcdf": "-3.009932",
                 "sf": "0.950705", "logsf": "-0.050551", "ppf": "0.617801", "isf": "0.86704", "mean": "0.714286",
                 "var": "0.045351", "std": "0.212959", "entropy": "-0.316291", "median": "0.757858",
                 "interval": "[0.301709, 0.979692]"},
    "arcsine": {"logpdf": "-0.364406", "pdf": "0.694609", "cdf": "0.36901", "logcdf": "-0.996931", "sf": "0.63099",
                "logsf": "-0.460465", "ppf": "0.206107", "isf": "0.793893", "mean": "0.5", "var": "0.125",
                "std": "0.353553", "entropy": "-0.241564", "median": "0.5", "interval": "[0.006156, 0.993844]"},
}
_TAKEN_AT = {"gibrat": "``s = 1``", "erlang": "an integer ``a``", "powerlaw": "``b = 1``",
             "arcsine": "``a = b = 1/2``"}
#: each distribution's functions: (the other distribution, the shapes' names, the other's shapes)
_TAKEN = {"gibrat": (lognorm, (), lambda label, arguments: (1.0,)), "erlang": (gamma, ("a",), _erlang_shapes),
          "powerlaw": (beta, ("a",), _powerlaw_shapes), "arcsine": (beta, (), lambda label, arguments: (0.5, 0.5))}
#: (powerlaw's density at its lower end: :func:`_powerlaw_call`)
for _name in _BORROWED:
    if _name in _MIRRORED:
        _borrow(levy_l, _name, (), _levy_l_call(_name),
                f"``-levy.{_MIRRORED[_name]}(q, -loc, scale)``." if _name in ("ppf", "isf")
                else "``levy.entropy(loc, scale)``." if _name == "entropy"
                else f"``levy.{_MIRRORED[_name]}(-x, -loc, scale)``.", _borrowed_example("levy_l", _name),
                _EXAMPLE_VALUES["levy_l"][_name])
    for _dist, (_base, _shapes, _their_shapes) in _TAKEN.items():
        _borrow(_by_name(_dist), _name, _shapes,
                _powerlaw_call(_name) if _dist == "powerlaw" else _taken_call(_base, _name, _their_shapes),
                f"``{_base.__name__}.{_name}`` at {_TAKEN_AT[_dist]}.",
                _borrowed_example(_dist, _name, {"erlang": "3", "powerlaw": "2.5"}.get(_dist, "")),
                _EXAMPLE_VALUES[_dist][_name])
_add_quantile_summaries("levy_l")


#: The moments and entropies of the distributions whose moments exist only for some shapes, or never:
#: (shapes, m, v, h, check, shape example, note), as _MORE_MOMENTS. Where SciPy's value is another
#: (an infinite mean where it does not exist, an infinite variance where the mean is infinite), the note says so.
_MOMENTS_WHERE_THEY_EXIST = {
    # no mean (the integral of |x| pdf diverges on both sides): NaN, as SciPy
    "cauchy": ((), lambda: np.nan, lambda: np.nan, lambda: np.log(4.0 * np.pi), None, 2.0,
               " The mean and variance do not exist: NaN, as SciPy."),
    "halfcauchy": ((), lambda: np.inf, lambda: np.inf, lambda: np.log(2.0 * np.pi), None, 2.0,
                   " The mean and variance are infinite, as SciPy's."),
    # entropy (1 + 3 euler + log(16 pi)) / 2
    "levy": ((), lambda: np.inf, lambda: np.inf, lambda: 0.5 * (1.0 + 3.0 * _EULER + np.log(16.0 * np.pi)), None,
             2.0, " The mean and variance are infinite, as SciPy's."),
    "levy_l": ((), lambda: -np.inf, lambda: np.inf, lambda: 0.5 * (1.0 + 3.0 * _EULER + np.log(16.0 * np.pi)),
               None, 2.0, " The mean is -inf (the distribution is levy's mirror image; SciPy's is +inf), the "
               "variance inf."),
    # mean b/(b - 1) (b > 1), variance b/((b - 1)^2 (b - 2)) (b > 2), entropy 1 + 1/b - log b; the
    # variance as quotients of factors of size 1 and 1/b (as one quotient (b - 1)^2 (b - 2) overflowed
    # from b = 1e103: OverflowError for a Python float, and the derivative's sign wrong from 1e80)
    "pareto": (("b",), lambda b: _moment_where(lambda p: p > 1.0, _always, lambda b: b / (b - 1.0), (b,), 2.0),
               lambda b: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0,
                                       lambda b: b / (b - 1.0) / (b - 1.0) / (b - 2.0), (b,), 3.0),
               lambda b: 1.0 + 1.0 / b - np.log(b), _shapes_positive, 3.0,
               " The mean ``b/(b - 1)`` exists for ``b > 1`` (inf below), the variance ``b/((b - 1)^2 (b - 2))`` "
               "for ``b > 2``; it is inf for ``1 < b <= 2`` and NaN for ``b <= 1``, where the mean is infinite "
               "(SciPy's is inf there).",
               # the standard deviation as such a quotient too: sqrt of the variance, underflowed beyond b = 1e160,
               # had derivative sqrt'(0) * 0 = NaN (truth -0)
               lambda b: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0,
                                       lambda b: np.sqrt(b / (b - 2.0)) / (b - 1.0), (b,), 3.0)),
    # mean 1/(a - 1) (a > 1), variance 1/((a - 1)^2 (a - 2)) (a > 2); entropy gamma's minus 2 digamma(a)
    # (h(1/X) = h(X) - 2 E[log X]): a + gammaln(a) - (a + 1) digamma(a), whose terms of size a log a cancel
    "invgamma": (("a",), lambda a: _moment_where(lambda p: p > 1.0, _always, lambda a: 1.0 / (a - 1.0), (a,), 2.0),
                 lambda a: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0,
                                         lambda a: 1.0 / (a - 1.0) / (a - 1.0) / (a - 2.0), (a,), 3.0),
                 lambda a: _gamma_entropy(a) - 2.0 * sc.digamma(a), _shapes_positive, 3.0,
                 " The mean ``1/(a - 1)`` exists for ``a > 1`` (inf below), the variance ``1/((a - 1)^2 (a - 2))`` "
                 "for ``a > 2``; it is inf for ``1 < a <= 2`` and NaN for ``a <= 1``, where the mean is infinite "
                 "(SciPy's is inf there).",
                 lambda a: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0,
                                         lambda a: 1.0 / (a - 1.0) / np.sqrt(a - 2.0), (a,), 3.0)),
    # mean 0 (df > 1), variance df/(df - 2) (df > 2)
    "t": (("df",), lambda df: _moment_where(lambda p: p > 1.0, lambda p: np.zeros(np.shape(p), bool),
                                            lambda df: 0.0 * df, (df,), 2.0),
          lambda df: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda df: df / (df - 2.0), (df,), 3.0),
          _t_entropy, _shapes_positive, 3.0,
          " The mean 0 exists for ``df > 1`` (NaN below: it does not exist; SciPy's is inf), the variance "
          "``df/(df - 2)`` for ``df > 2``; it is inf for ``1 < df <= 2`` and NaN for ``df <= 1``, as SciPy's."),
}
for _distribution, _moment_forms in _MOMENTS_WHERE_THEY_EXIST.items():
    _add_moments(_distribution, *_moment_forms)


_shape_functions(uniform, (), _uniform_check, [
    ("logcdf", lambda z: np.ones(np.shape(z), bool), lambda z, scale, log_z: _closed_support_function(
        # (at x == loc with only the scale traced, z = 0 for every scale: -inf with the limits from inside, -1 / scale
        # and 1 / scale^2, as expon's and gamma's log cdfs there)
        "logcdf", lambda z, scale: _log_cdf_from_lower_end(z, log_z, lambda w: log_z.end(1.0, 0.0, 1.0)), lambda: 1.0,
        lambda: 0.5)(z, scale), -np.inf,
     "``log(z)`` on ``0 <= z <= 1`` (log z from ``log(x - loc) - log(scale)``: no cancellation in its derivatives), "
     "``-inf`` below, 0 above; a traced x or loc is refused at ``z = 0`` and a traced argument at ``z = 1``, where the "
     "density jumps.",
     "float(uniform.logcdf(0.5, 0.0, 2.0))", "-1.3862943611198906"),
    # (log1p(-z) up to z = 1/2 (+ 0.0: 0, not -0.0, at z = 0), above it log(scale - (x - loc)) - log(scale): z's
    # rounding no longer in 1 - z, and d2/dx dscale of the two logs apart)
    ("logsf", lambda z: np.ones(np.shape(z), bool), lambda z, scale, log_1mz: _closed_support_function(
        "logsf", lambda z, scale: _piecewise(z, _plain(z) > 0.5, lambda z: np.log1p(-z) + 0.0,
                                             lambda z: _log_z_inside(log_1mz)(1.0 - z), 0.25, 0.75),
        lambda: 1.0, lambda: 0.5)(z, scale), 0.0,
     "``log(1 - z)`` on ``0 <= z <= 1``, near 1 as ``log(scale - (x - loc)) - log(scale)`` (SciPy's ``log(1 - z)`` "
     "loses the digits of a small z and, through z's rounding, of ``1 - z`` near 1), 0 below, ``-inf`` "
     "above; a traced x or loc is refused at ``z = 0`` and a traced argument at ``z = 1``, where the density jumps.",
     "float(uniform.logsf(0.5, 0.0, 2.0))", "-0.2876820724517809")], still=True)


_quantiles(skewnorm, "a", _skewnorm_quantile, (
    ("``loc + scale z``, ``z`` the root of ``cdf(z, a) = q`` (Newton's method on the log of the smaller tail).",
     "round(float(skewnorm.ppf(0.25, 1.0)), 6)", "0.0"),
    ("``loc + scale z``, ``z`` the root of ``sf(z, a) = q`` (Newton's method on the log of the smaller tail).",
     "round(float(skewnorm.isf(0.75, 1.0)), 6)", "0.0")))
_add_quantile_summaries("skewnorm")
