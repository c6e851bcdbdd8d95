"""``scipy.stats`` densities, as wengert differentiates them.

SciPy's distributions are Python code that converts its arguments to arrays, which a
Var refuses; the functions here take the same arguments as SciPy's (``norm.logpdf(x,
loc, scale)``) and give the same values, written with NumPy and ``scipy.special`` calls
that have rules, so that they are differentiable in every continuous argument, to every
order; :func:`sem` (the standard error of the mean) is here too. The continuous distributions
with closed forms have ``mean``, ``var``, ``std`` and ``entropy`` (in their shapes, loc and scale),
and ``median`` and ``interval`` from their ``ppf``; every distribution with a mean and a variance has ``moment(order,
...)`` (SciPy's non-central moment of ``loc + scale X``: orders 0 to 2 from them, beyond from closed forms of the raw
moments or the skewness and kurtosis, else ``NotImplementedError``) and ``stats(..., moments='mv')``. A mean whose integral diverges is ``inf``, a
variance ``inf`` where the mean is finite and the second moment not, ``nan`` where the mean is
infinite (``genpareto``, ``lomax``, ``f``). An infinite moment has derivative 0 in every
argument (its shapes, loc and scale): it is ``inf`` on a neighbourhood of the point, a constant
(so ``exp(-mean)``, which is 0 there, has its true derivative 0); an undefined one has NaN
derivatives. What is not differentiated
is refused by name with
:class:`~wengert.NoGradientRule`: ``poisson`` in ``k`` (a count), and third derivatives in
the shapes of the distributions built on ``betainc`` and ``gammainc``.

Outside a distribution's support the log density is ``-inf`` (gradient 0), as in SciPy.
Invalid parameters raise ``ValueError`` (SciPy returns NaN): a ``scale`` that is not
positive, a ``cov`` that is not positive definite (``LinAlgError``), a Dirichlet ``x``
off the simplex (SciPy's own checks).

>>> import numpy as np, wengert as wg
>>> from wengert.scipy import stats
>>> wg.grad_bp(lambda mu: stats.norm.logpdf(1.0, mu, 2.0), 0.0)  # (x - mu) / scale**2
0.25

.. versionadded:: 0.1
"""

# The modules, in the order they import each other (each only from those above it):
#   _common: The machinery every distribution shares: standardization, the method factories and their docstrings,
#     the numerical helpers (log-beta, log-gamma, tails at the support's ends, powers, series), the checks of the
#     parameters.
#   _normal: The normal family: norm, truncnorm, lognorm and gibrat, halfnorm, foldnorm, skewnorm, exponnorm,
#     powernorm, powerlognorm, crystalball, Johnson's SU and SB, gennorm and halfgennorm.
#   _gamma: The gamma family: gamma, erlang, chi2, chi, invgamma, levy and levy_l, loggamma, gengamma, maxwell,
#     rayleigh, nakagami, pearson3, dgamma, argus.
#   _beta: The beta family: beta, t, f, betaprime, arcsine, powerlaw, rdist, and jf_skew_t (Jones and Faddy's skew
#     t, a beta variable transformed).
#   _extreme_value: Extreme values: gumbel_r and gumbel_l, genextreme, weibull_min and weibull_max, dweibull,
#     invweibull, exponweib, truncweibull_min, gompertz.
#   _power_tails: Power-law tails: pareto, genpareto, lomax, truncpareto, burr, burr12, fisk, mielke, kappa3,
#     kappa4, dpareto_lognorm, and the Cauchy distributions (cauchy, halfcauchy, foldcauchy, skewcauchy).
#   _inverse_gaussian: Bessel functions and first passage times: invgauss, wald, recipinvgauss, norminvgauss,
#     geninvgauss, fatiguelife, rice, ncx2, kstwobign.
#   _generalized: The generalized and exponential-power families: genlogistic, genhalflogistic, genexpon, exponpow,
#     tukeylambda, alpha, rel_breitwigner, moyal, hypsecant.
#   _elementary: Elementary shapes: expon, truncexpon, laplace, laplace_asymmetric, loglaplace, logistic,
#     halflogistic, uniform, loguniform, triang, trapezoid, anglit, cosine, semicircular, bradford, and the circular
#     vonmises, vonmises_line, wrapcauchy.
#   _noncentral_t: The noncentral Student t distribution, nct.
#   _discrete: The discrete distributions, differentiable in their continuous parameters.
#   _multivariate: The multivariate distributions: multivariate_normal, multivariate_t, wishart, invwishart,
#     dirichlet, multinomial.
#   _irwinhall: The Irwin-Hall distribution (a sum of uniforms), its alternating sums exact.
#   _ncf: The noncentral F distribution, its Poisson sums of f's terms.
#   _ksone: The one-sided Kolmogorov-Smirnov statistic's distribution, its sums exact.
#   _across_families: What is given to distributions of several families at once: the moments, medians and intervals
#     from the tables of closed forms, and levy_l, gibrat, erlang, powerlaw and arcsine made of other distributions'
#     functions.
#   _descriptive: Statistics of a sample: sem, rankdata, mode.
#   _moments: moment(order, ...) and stats(..., moments) of every distribution with a mean and a variance, from its
#     mean and var and the tables of closed forms (the skewness and kurtosis, the raw moments of every order).
#   _every_distribution: What every distribution gets, applied last: the table FUNCTIONS, the dtype of the
#     arguments, the powers at a pole of the density, the limits at infinity; reciprocal.

from . import (_common, _normal, _gamma, _beta, _extreme_value, _power_tails, _inverse_gaussian, _generalized,
               _elementary, _discrete, _multivariate, _irwinhall, _ncf, _ksone, _across_families,
               _descriptive, _moments, _every_distribution)

from ._normal import (norm, lognorm, truncnorm, gennorm, halfnorm, skewnorm, gibrat, crystalball, johnsonsu, foldnorm,
                      johnsonsb, exponnorm, halfgennorm, powerlognorm, powernorm)
from ._gamma import (chi2, gamma, invgamma, rayleigh, levy, erlang, levy_l, maxwell, nakagami, loggamma, chi, gengamma,
                     pearson3, argus, dgamma)
from ._beta import beta, t, f, arcsine, powerlaw, betaprime, rdist, jf_skew_t
from ._extreme_value import (gumbel_l, gumbel_r, weibull_max, weibull_min, genextreme, gompertz, dweibull,
                             truncweibull_min, invweibull, exponweib)
from ._power_tails import (cauchy, pareto, genpareto, halfcauchy, lomax, burr12, fisk, skewcauchy, burr, mielke,
                           kappa3, foldcauchy, truncpareto, kappa4, dpareto_lognorm)
from ._inverse_gaussian import (invgauss, wald, recipinvgauss, fatiguelife, rice, ncx2, norminvgauss, geninvgauss,
                                kstwobign)
from ._generalized import (hypsecant, moyal, genhalflogistic, genlogistic, alpha, exponpow, genexpon, rel_breitwigner,
                           tukeylambda)
from ._elementary import (expon, laplace, logistic, uniform, vonmises, wrapcauchy, halflogistic, loguniform, triang,
                          trapezoid, truncexpon, laplace_asymmetric, loglaplace, bradford, anglit, cosine,
                          semicircular, vonmises_line)
from ._discrete import (poisson, bernoulli, binom, geom, nbinom, betabinom, planck, dlaplace, yulesimon, logser,
                        skellam, zipf, zipfian, boltzmann, randint, hypergeom, nhypergeom, nchypergeom_fisher,
                        betanbinom)
from ._multivariate import dirichlet, multivariate_normal, multinomial, invwishart, multivariate_t, wishart
from ._irwinhall import irwinhall
from ._ncf import ncf
from ._ksone import ksone
from ._descriptive import mode, rankdata, sem
from ._noncentral_t import nct
from ._every_distribution import reciprocal, FUNCTIONS, __all__

# (what stats.py, one module, imported for its own use, public there: kept, so that dir(stats) is unchanged)
import functools
import inspect
import math
import warnings
from fractions import Fraction
import numpy as np
from scipy import special as sc
from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...forward import defjvp
from ...ops._util import at_kink, directions_at_once, polynomial, times_tangent, unbroadcast
from ...ops.elementwise import power_log
from ...ops.scipy_special import (BERNOULLI_2K, betainccinv_checked, betaincinv_checked, DIGAMMA_SERIES, erfcinv_slope,
                                  gammainc_da, gammaincinv_da, gammaincinv_daa, log1p_remainder, log_beta,
                                  log_beta_exact, log_betainc_lower, log_gamma_density_near_mode, stirling_correction,
                                  upper_gamma_fraction)
from ...ops.scipy_special_dist import F_MAX_DF
from ...ops.shape import astype
from ...primitive import defvjp, Primitive
from ...structured import peek, plain_tree, stop_gradient
from ...transforms import jvp

from types import FunctionType as _FunctionType  # noqa: E402


def _as_one_module():
    """Give the public functions and distributions, and the distributions' methods, the package's name as their
    ``__module__``, as when stats was one module: the API reference (autodoc's ``:members:``) and the docstring tests
    (doctest takes a class's methods by their module) find them here, where they are public."""
    inner = __name__ + "."
    for obj in [value for name, value in sorted(globals().items()) if not name.startswith("_")]:
        if not isinstance(obj, (type, _FunctionType)) or not obj.__module__.startswith(inner):
            continue
        obj.__module__ = __name__
        for member in vars(obj).values() if isinstance(obj, type) else ():
            function = member.__func__ if isinstance(member, (staticmethod, classmethod)) else member
            if isinstance(function, _FunctionType) and function.__module__.startswith(inner):
                function.__module__ = __name__


_as_one_module()
