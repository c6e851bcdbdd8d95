"""Extreme values: gumbel_r and gumbel_l, genextreme, weibull_min and weibull_max, dweibull, invweibull, exponweib,
truncweibull_min, gompertz. Part of :mod:`wengert.scipy.stats`.
"""

import functools
import math

import numpy as np
from scipy import special as sc

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...forward import defjvp
from ...ops._util import (def_partials as _def_partials, directions_at_once, piecewise as _piecewise, polynomial,
                          unbroadcast)
from ...ops.elementwise import scaled_exp
from ...primitive import defvjp, OwnPrimitive
from ...structured import stop_gradient
from ._common import (_add_moments, _add_quadrature_entropy, _add_quantile_summaries, _always, _at_a_pole, _at_lower_end,
                      _closed_support_function, _collected_terms, _doc, _EULER, _exp_at_ends, _EXP_NDTRI,
                      _EXP_NDTRI_SPLIT, _exp_of_log, _exponent_pair, _FAR_FORMS, _FAR_POWERS, _far_powers,
                      _FRACTION_DA, _FRACTION_DAA, _in_dtype_of, _infinite_end_slope, _invweibull_far_u,
                      _leading_powers_at_zero,
                      _located, _location_scale, _log1mexp, _log1mexp_power, _log1p_minus_leading, _LOG1P_OVER,
                      _log1p_over, _LOG1P_RATIO_SERIES, _LOG_2, _log_abs_of_z, _log_cdf_from_lower_end, _log_expm1,
                      _log_expm1_ratio, _LOG_EXPM1_RATIO, _log_of, _log_of_z, _LOG_PLUS_POWER, _LOG_POWER, _method,
                      _MINUS_LOG_POWER, _minus_log_power_value, _moment_where, _NEAR_END, _on_support, _one_minus,
                      _one_minus_product, _over_power, _overflowing_power_leads, _plain, _power_less, _power_of_z,
                      _power_product_check, _power_second_overflows, _power_steep, _q, _quantiles, _quiet_over,
                      _refuse_a_jump, _refuse_a_jump_in_shape, _refuse_at_a_moving_end, _scaled_exp1,
                      _second_order_kink, _shape_entropy, _shape_functions, _shapes_positive, _SMALL_U, _standardized,
                      _sum_of_power_terms, _TINY_Q, _tiny_q_power, _two_forms, _unit_power_mixed, _UPPER_RATIO,
                      _vanishing, _VANISHING_LOG, _with_lower_end, _xlog_z, _z_derivatives, _z_power_derive,
                      _z_power_value, _Z_ITSELF, _Z_POWER_TERMS, _Z_TERMS, _leading_power, _power_of_product_less,
                      _product_power_kept, _product_exponent,
                      _product_less_kept)
from ._common import _add_quadrature_moments, _quadrature_var  # (the moments SciPy integrates)
from ._normal import _skewnorm_log_tail, _skewnorm_tail
from ._gamma import (_dweibull_sided, _gamma_1p_taylor, _GOMPERTZ_EXPREL, _GOMPERTZ_SERIES_TERMS, _INVGAMMA_DZ,
                     _invgamma_far_cross_times, _INVGAMMA_FAR_DA, _INVGAMMA_FAR_DD, _invgamma_far_dd2_times,
                     _INVGAMMA_FAR_DS, _INVGAMMA_FAR_EW, _invgamma_far_ew_over_r, _invgamma_far_k,
                     _INVGAMMA_LOGCDF_FAR, _INVGAMMA_SCALED_DD, _INVGAMMA_SCALED_TERMS, _invgamma_tail,
                     _INVGAMMA_Z_TERMS, _rayleigh_function, _rayleigh_log_density)
from ._beta import _f_tail, _F_W

__all__ = ["gumbel_l", "gumbel_r", "weibull_max", "weibull_min", "genextreme", "gompertz", "dweibull",
           "truncweibull_min", "invweibull", "exponweib"]


def _log1mexp_of_exp(t):
    """``log(1 - exp(-e^t))`` (gumbel_r's log sf at ``t = -z``, gumbel_l's log cdf at ``t = z``): where ``u = e^t < 1/2``
    as ``t + log((1 - e^-u) / u)`` (its series, :func:`_log_expm1_ratio`): through ``log(-expm1(-u))`` it was ``log(0)``
    where ``u`` underflows (gumbel_r.logsf(800) -inf, as SciPy's, the truth -800; its derivative NaN, the truth -1)."""
    with np.errstate(over="ignore", under="ignore"):
        small = np.asarray(np.exp(np.asarray(_plain(t), dtype=float)) < 0.5)
    return _piecewise(t, small, lambda t: _log1mexp(-np.exp(t)), lambda t: t + _log_expm1_ratio(np.exp(t)), 0.0, -5.0)


def _exp_ndtri_derive(n, terms, var):
    """The derivative in ``p`` (``dp = du / pdf(u)``: n + 1) or ``s`` of :func:`_exp_ndtri_value`'s sum, as ``(n,
    terms)``."""
    def parts(a, b):
        if var == "p":  # d/du (s^a u^b e^(s u + n u^2 / 2)) = s^a e^(...) (b u^(b - 1) + s u^b + n u^(b + 1))
            return ((a, b - 1), b), ((a + 1, b), 1), ((a, b + 1), n)
        return ((a - 1, b), a), ((a, b + 1), 1)
    return (n + 1 if var == "p" else n), _collected_terms(terms, parts)


_exp_ndtri_derive = functools.lru_cache(maxsize=None)(_exp_ndtri_derive)


def _exp_ndtri_derived(args, kw, v):
    n, terms = _exp_ndtri_derive(kw.get("n", 0), kw.get("terms", (((0, 0), 1.0),)), "ps"[v])
    return dict(kw, n=n, terms=terms)


def _exp_ndtri_split_derive(terms, var):
    """The derivative in ``a``, ``m`` or ``s`` of :func:`_exp_ndtri_split_value`'s sum, as its terms: through ``p = a
    e^m`` (``dp/da = e^m``, ``dp/dm = p``, ``d/dp = (2 pi)^(1/2) e^(u^2 / 2) d/du``) and the factors ``a^i e^(j m)
    s^al``."""
    def parts(al, be, i, j, n):
        if var == "s":
            return ((al - 1, be, i, j, n), al), ((al, be + 1, i, j, n), 1)
        k = 1 if var == "m" else 0  # (dp/dm = a e^m: one more a)
        own = ((al, be, i - 1, j, n), i) if var == "a" else ((al, be, i, j, n), j)
        return (own, ((al, be - 1, i + k, j + 1, n + 1), be), ((al + 1, be, i + k, j + 1, n + 1), 1),
                ((al, be + 1, i + k, j + 1, n + 1), n))
    return _collected_terms(terms, parts)


_exp_ndtri_split_derive = functools.lru_cache(maxsize=None)(_exp_ndtri_split_derive)


def _weibull_level(lower, c):
    """weibull_min's and weibull_max's ``u^(1/c)`` at its end for c <= 1: :func:`_unit_power_mixed` at ``k = c``."""
    return (_unit_power_mixed(c),)


def _genextreme_steep(lower, c):
    """``(1 - (-log q)^c) / c``: ``(-log q)^(c - 1) / q`` grows with c at the lower end (c < 0), shrinks at the upper
    (c > 0, where -log q -> 0)."""
    return (np.where(lower, 1.0, -1.0),)


class gumbel_r:
    """The right-skewed Gumbel distribution, as ``scipy.stats.gumbel_r``: differentiable in
    x (or q), loc and scale.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gumbel_r
    >>> float(wg.grad_bp(gumbel_r.logpdf, 0.0))  # -1 + exp(-z)
    0.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-z - exp(-z) - log(scale)``.

        >>> from wengert.scipy.stats import gumbel_r
        >>> float(gumbel_r.logpdf(0.0))
        -1.0
        """
        z = _standardized("gumbel_r.logpdf", x, loc, scale)
        return -z - np.exp(-z) - np.log(scale)


_exp_of_log(gumbel_r, "pdf", "round(float(gumbel_r.pdf(0.0)), 6)", "0.367879", inside=0.0)
_location_scale(gumbel_r, (
    ("cdf", lambda z: _vanishing(lambda z: -np.exp(-z), lambda z: np.exp(-np.exp(-z)), z, 0.0, 0.0),
     "``exp(-exp(-z))``.",
     "round(float(gumbel_r.cdf(0.0)), 6)", "0.367879"),
    ("logcdf", lambda z: -np.exp(-z),
     "``-exp(-z)``.",
     "float(gumbel_r.logcdf(0.0))", "-1.0"),
    ("sf", lambda z: _vanishing(lambda z: -np.exp(-z), lambda z: -np.expm1(-np.exp(-z)), z, 0.0, 1.0),
     "``1 - exp(-exp(-z))`` (as ``-expm1``: exact in the right tail).",
     "round(float(gumbel_r.sf(0.0)), 6)", "0.632121"),
    ("logsf", lambda z: _vanishing(lambda z: -np.exp(-z), lambda z: _log1mexp_of_exp(-z), z, 0.0, 0.0),
     "``log(gumbel_r.sf(x, loc, scale))`` (``-z + log((1 - e^-u) / u)``, ``u = e^-z``, far up).",
     "round(float(gumbel_r.logsf(0.0)), 6)", "-0.458675"),
    ("ppf", (lambda q: np.log(-np.log(q)), -1.0),
     "``loc - scale log(-log(q))``.",
     "round(float(gumbel_r.ppf(0.5)), 6)", "0.366513"),
    ("isf", (lambda q: np.log(-np.log1p(-q)), -1.0),
     "``loc - scale log(-log(1 - q))``.",
     "round(float(gumbel_r.isf(0.5)), 6)", "0.366513"),
))


class gumbel_l:
    """The left-skewed Gumbel distribution, as ``scipy.stats.gumbel_l`` (``gumbel_r``
    mirrored): differentiable in x (or q), loc and scale.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gumbel_l
    >>> float(wg.grad_bp(gumbel_l.logpdf, 0.0))  # 1 - exp(z)
    0.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``z - exp(z) - log(scale)``.

        >>> from wengert.scipy.stats import gumbel_l
        >>> float(gumbel_l.logpdf(0.0))
        -1.0
        """
        z = _standardized("gumbel_l.logpdf", x, loc, scale)
        return z - np.exp(z) - np.log(scale)


_exp_of_log(gumbel_l, "pdf", "round(float(gumbel_l.pdf(0.0)), 6)", "0.367879", inside=0.0)
_location_scale(gumbel_l, (
    ("cdf", lambda z: _vanishing(lambda z: -np.exp(z), lambda z: -np.expm1(-np.exp(z)), z, 0.0, 1.0),
     "``1 - exp(-exp(z))`` (as ``-expm1``: exact in the left tail).",
     "round(float(gumbel_l.cdf(0.0)), 6)", "0.632121"),
    ("logcdf", lambda z: _vanishing(lambda z: -np.exp(z), lambda z: _log1mexp_of_exp(z), z, 0.0, 0.0),
     "``log(gumbel_l.cdf(x, loc, scale))``.",
     "round(float(gumbel_l.logcdf(0.0)), 6)", "-0.458675"),
    ("sf", lambda z: _vanishing(lambda z: -np.exp(z), lambda z: np.exp(-np.exp(z)), z, 0.0, 0.0),
     "``exp(-exp(z))``.",
     "round(float(gumbel_l.sf(0.0)), 6)", "0.367879"),
    ("logsf", lambda z: -np.exp(z),
     "``-exp(z)``.",
     "float(gumbel_l.logsf(0.0))", "-1.0"),
    ("ppf", (lambda q: np.log(-np.log1p(-q)), 1.0),
     "``loc + scale log(-log(1 - q))``.",
     "round(float(gumbel_l.ppf(0.5)), 6)", "-0.366513"),
    ("isf", (lambda q: np.log(-np.log(q)), 1.0),
     "``loc + scale log(-log(q))``.",
     "round(float(gumbel_l.isf(0.5)), 6)", "-0.366513"),
))



# -- weibull_min, invgamma, skewnorm (written with differentiable calls, as above) ----


class weibull_min:
    """The Weibull (minimum) distribution, as ``scipy.stats.weibull_min``: differentiable in
    x (or q), c, loc and scale. Its support is ``z = (x - loc) / scale >= 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import weibull_min
    >>> float(wg.grad_bp(lambda x: weibull_min.cdf(x, 1.0), 0.0))  # the density at 0 (c = 1)
    1.0

    .. versionadded:: 0.1
    """


class weibull_max:
    """The Weibull maximum distribution, as ``scipy.stats.weibull_max``: ``weibull_min``
    mirrored (``X`` here is ``-X`` there), differentiable in x (or q), c, loc and scale. Its
    support is ``z = (x - loc) / scale <= 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import weibull_max
    >>> float(wg.grad_bp(lambda x: weibull_max.cdf(x, 1.0), 0.0))  # the density at 0 (c = 1)
    1.0

    .. versionadded:: 0.1
    """


#: From this z = (x - loc) / scale on weibull_min's log sf and log density (weibull_max's log cdf and log density
#: below -this) are sums of terms of d = x - loc (loc - x), the scale s and c (_Z_POWER_TERMS)
_Z_POWER_FAR = 1e20


def _def_tangent_factors(prim, n, derived):
    """Give ``prim(*args, g=1, h=1, **kw)`` (its n arguments, then two factors g and h that multiply its value, each
    term's ``s^b g h`` formed from mantissas and exponents apart) its VJPs and JVP: in argument v the sum ``derived(args,
    kw, v)``'s keywords name, with the tangent or cotangent as a factor (g's or h's place where it is 1.0, else ``g h``
    as one); in g or h the same sum with the tangent in its place. So a tangent of size x - loc or the scale meets the
    partials' ``s^b`` inside one rounding: as a product after them d2/ds2 of weibull_min.logsf(1e300 p, 1.5, 0, 1e280
    q) was 0, s^-2 underflowing, the truth -4.2e31."""
    def folded(g, h, t):
        if isinstance(h, float) and h == 1.0:
            return g, t
        if isinstance(g, float) and g == 1.0:
            return t, h
        return g * h, t

    def term(args, kw, i, t):
        args = list(args) + [1.0] * (n + 2 - len(args))
        g, h = args[n], args[n + 1]
        if i < n:
            return prim(*args[:n], *folded(g, h, t), **derived(args, kw, i))
        return prim(*args[:n], *((t, h) if i == n else (g, t)), **kw)

    defvjp(prim, *[(lambda i: lambda ans, *args, **kw: lambda t: unbroadcast(term(args, kw, i, t), np.shape(_plain(
        (list(args) + [1.0, 1.0])[i]))))(i) for i in range(n + 2)])
    defjvp(prim, lambda ans, primals, tangents, **kw: functools.reduce(lambda u, v: u + v, [
        term(primals, kw, i, t) for i, t in enumerate(tangents) if t is not None]) + np.zeros_like(_plain(ans)))
    directions_at_once(prim)  # (jacfwd's directions in one call)
_def_tangent_factors(_Z_POWER_TERMS, 3, lambda args, kw, v: dict(kw, terms=_z_power_derive(kw.get("terms", ()),
                                                                                           kw.get("j", 1), "dsc"[v])))


def _z_terms_derive(terms, var):
    """The derivative in ``var`` (``"d"``, ``"s"``, ``"c"``, ``"e"`` or ``"b"``) of the sum of ``r c^a s^n e^m b^l
    log(z)^p z^(j c - k)`` over ``terms = (((j, k, p, a, n, m, l), r), ...)`` (as :func:`_z_power_derive`'s, each term
    its own j), as such terms."""
    def parts(j, k, p, a, n, m, l):
        if var in "dsc":
            return [((j,) + key + (m, l), f) for key, f in _z_power_derive((((k, p, a, n), 1),), j, var)]
        if var == "e":
            return [((j, k, p, a, n, m - 1, l), m)]
        return [((j, k, p, a, n, m, l - 1), l)]
    return _collected_terms(terms, parts)


_z_terms_derive = functools.lru_cache(maxsize=None)(_z_terms_derive)
_def_tangent_factors(_Z_TERMS, 5, lambda args, kw, v: dict(kw, terms=_z_terms_derive(kw.get("terms", ()), "dsceb"[v])))
_def_tangent_factors(_EXP_NDTRI, 2, _exp_ndtri_derived)  # (lognorm's quantile, above)
_def_tangent_factors(_EXP_NDTRI_SPLIT, 3, lambda args, kw, v: dict(  # (powerlognorm's quantile)
    kw, terms=_exp_ndtri_split_derive(kw.get("terms", (((0, 0, 0, 0, 0), 1.0),)), "ams"[v])))
#: ``log z + b log1p(e z^c)`` for ``e z^c < 1e-2`` (log1p's series to ``(e z^c)^8``, as ``_LOG_PLUS_LOG1P``'s)
_LOG_PLUS_SCALED_LOG1P = (((0, 0, 1, 0, 0, 0, 0), 1.0),) + tuple(((j, 0, 0, 0, 0, j, 1), (-1.0) ** (j + 1) / j)
                                                              for j in range(1, 9))


def _weibull_far_logsf(d, s, c):
    return -_Z_POWER_TERMS(d, s, c, j=1, terms=(((0, 0, 0, 0), 1),))


def _weibull_far_logpdf(d, s, c):
    # log(c) + (c - 1) log(z) - z^c - log(s)
    return (np.log(c) + _Z_POWER_TERMS(d, s, c, j=0, terms=(((0, 1, 1, 0), 1), ((0, 1, 0, 0), -1)))
            + _weibull_far_logsf(d, s, c) - np.log(s))


#: ``-log`` of the smallest normal float: beyond ``z^c = _LOG_TINY`` weibull_min's sf ``e^(-z^c)`` is subnormal or 0
_LOG_TINY = -math.log(np.finfo(float).tiny)


def _weibull_far_z_slope(d, s, c, v):
    """``dZ / dv`` of ``Z = z^c`` (v one of ``"dsc"``), as :data:`_Z_POWER_TERMS`' terms (a power of z on its own)."""
    return _Z_POWER_TERMS(d, s, c, j=1, terms=_z_power_derive(_Z_ITSELF, 1, v))


def _weibull_far_tail_partials(sign):
    """The partials ``t sign e^-Z dZ/dv`` of ``e^-Z`` (sign -1) or ``1 - e^-Z`` (sign 1), each one product
    :data:`~wengert.ops.elementwise.scaled_exp` of ``-Z``, the tangent t and ``sign dZ/dv``."""
    return [(lambda v: lambda t, d, s, c: scaled_exp(_weibull_far_logsf(d, s, c), t, (
        _weibull_far_z_slope(d, s, c, v) if sign > 0 else -_weibull_far_z_slope(d, s, c, v))))(v) for v in "dsc"]


#: ``exp(-z^c)`` and ``1 - exp(-z^c)`` as primitives of d, s and c whose partials are each one product ``e^-Z`` times
#: ``dZ/dv`` (and the tangent): through ``exp`` of the traced -Z its cotangent ``e^-Z`` was formed before it met dZ/dv,
#: a subnormal or 0 where the product is not (weibull_min.sf(744, 1, 0, 1)'s d/dscale 7.35e-321 for 5.706e-321, its
#: d/dc -4.861e-320 for -3.774e-320)
_WEIBULL_FAR_SF = OwnPrimitive(lambda d, s, c: np.exp(-_z_power_value(d, s, c, j=1, terms=_Z_ITSELF)),
                               name="wengert.scipy.stats.weibull_min (exp(-z^c) far out)", reenters="any")
_WEIBULL_FAR_CDF = OwnPrimitive(lambda d, s, c: -np.expm1(-_z_power_value(d, s, c, j=1, terms=_Z_ITSELF)),
                                name="wengert.scipy.stats.weibull_min (1 - exp(-z^c) far out)", reenters="any")
_WEIBULL_FAR = {"logsf": _weibull_far_logsf, "logpdf": _weibull_far_logpdf,
                # (exp(-z^c) and its complements of the same -z^c: through z d/dscale was exp(-z^c) c z^(c - 1) (an
                # underflow, 1e-388) times -z / scale, 0 where the product is not: weibull_min.sf(1.5e250, 0.01, 0, 1.5)'s
                # d/dscale 0 for 9.7e-138, its scale row of the Hessian 0 (d2/dscale2 1.4e-137))
                "sf": _WEIBULL_FAR_SF,
                "cdf": _WEIBULL_FAR_CDF,
                "logcdf": lambda d, s, c: _log1mexp(_weibull_far_logsf(d, s, c))}


def _weibull_log_density(z, c, scale, log_z=None, power_z=None):
    # (np.power, not **: a Python float's 1e300 ** 2.0 raised OverflowError where the truth is -inf)
    def kernel(z):
        # (where z rounded to 0 while x != loc (power_z's inside), z^c of x - loc and the scale apart: through np.power
        # of z = 0 the second derivatives in c were refused, numpy.power's kink at 0 ** 1)
        rounded = getattr(power_z, "inside", None)
        if rounded is not None and np.any(rounded):
            return _xlog_z(c - 1.0, z, log_z) - power_z(z, c)
        return _xlog_z(c - 1.0, z, log_z) - np.power(z, c)
    lead = _overflowing_power_leads(z, c, below=np.inf, power_z=power_z)  # (the two terms are the whole kernel)
    if power_z is not None and np.any(lead):
        # (there (c - 1) log z - z^c as one primitive, _LOG_PLUS_POWER: through z d2/dx dscale was inf, or NaN with
        # warnings, weibull_min.logpdf(3e-300, 0.3, 0, 3)'s, the truth 1.7e206)
        terms = _piecewise(z, lead, kernel, lambda z: power_z(z, c, terms=_LOG_PLUS_POWER, e=c - 1.0, b=-1.0),
                           0.5, 1e-300)
    else:
        terms = kernel(z)
    return np.log(c) + terms - np.log(scale)


def _weibull(name, x, c, loc, scale):
    if np.any(_plain(c) <= 0):
        raise ValueError(f"{name}: c must be positive")
    z = _standardized(name, x, loc, scale)
    if name.endswith("pdf"):  # the cdf and sf, 1 - exp(-z**c) and exp(-z**c), are smooth in c at z = 0
        # (x == loc itself, not z rounded to 0 there: weibull_min.pdf(1e-300, 1, 0, 1e300) is 1e-300 with d/dc
        # -1.38e-297, the density times log z, as dweibull's)
        _refuse_a_jump_in_shape(name, c, lambda: (np.asarray(_plain(x), dtype=float) - _plain(loc) == 0) & (c == 1),
                                "c", "c = 1 where x == loc", "z**(c - 1)")
    return z


#: weibull_max's function of weibull_min's (at w = -z): its cdf is weibull_min's sf, and so on
_WEIBULL_MIRROR = {"logpdf": "logpdf", "cdf": "sf", "logcdf": "logsf", "sf": "cdf", "logsf": "logcdf"}


def _weibull_function(name, inside, function, outside, formula, example, value, log_z=False):
    """Add ``weibull_min.<name>``: ``function(z, c, scale)`` where ``inside(z)`` (a plain mask),
    ``outside`` elsewhere; and weibull_max's mirrored function (``_WEIBULL_MIRROR``), the same
    of ``w = -z``. ``log_z``: ``function(z, c, scale, log_z, power_z)``, with :func:`_log_of_z`'s and
    :func:`_power_of_z`'s (of d / scale)."""
    def far_out(z, d, c, scale):
        """``function`` on the support, ``_WEIBULL_FAR[name]`` of ``d`` from ``z = _Z_POWER_FAR`` on."""
        zp = np.asarray(_plain(z), dtype=float)
        far = (zp >= _Z_POWER_FAR) if name in _WEIBULL_FAR else np.zeros(np.shape(zp), bool)
        if name in ("sf", "cdf"):  # (and where e^(-z^c) is below the normal floats: _WEIBULL_FAR_SF's products)
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                far = far | ((np.power(np.where(zp > 0, zp, 0.0), np.asarray(_plain(c), dtype=float)) > _LOG_TINY)
                             & np.isfinite(zp))
        if name in ("sf", "cdf", "logcdf") and np.any(far):  # (but where z^c vanishes the tail: _weibull_top's limits)
            with np.errstate(over="ignore", invalid="ignore"):
                far = far & (np.power(np.where(far, zp, 1.0), np.asarray(_plain(c), dtype=float)) < -_VANISHING_LOG)
        with np.errstate(over="ignore"):  # (z^c far out: its inf is the truth's rounding, -inf for a log, as dweibull's)
            logs = (_log_of_z(d, scale, z), _power_of_z(d, scale, z)) if log_z else ()
            out = _on_support(inside(zp) & ~far, lambda z: function(z, c, scale, *logs), np.where(far, 1.0, z),
                              outside=outside)
        if np.any(far):
            # (elsewhere at z = 2^64: d = 2^64 scale)
            sp = np.asarray(_plain(scale), dtype=float)
            out = np.where(far, _WEIBULL_FAR[name](np.where(far, d, 2.0 ** 64 * sp), scale, c), out)
        return out

    def method(x, c, loc=0.0, scale=1.0):
        return far_out(_weibull(f"weibull_min.{name}", x, c, loc, scale), x - loc, c, scale)
    method.__doc__ = _doc(weibull_min, formula, example, value)
    _method(weibull_min, name)(method)
    mirrored = _WEIBULL_MIRROR[name]

    def mirror(x, c, loc=0.0, scale=1.0):
        # (0 - z, not -z: at x = loc -z is -0.0, whose 1 / z is -inf: d/dx of weibull_max.logpdf(0, 0.5) was NaN,
        # (c - 1) / z and c z^(c - 1) of opposite signs, the truth +inf)
        return far_out(0.0 - _weibull(f"weibull_max.{mirrored}", x, c, loc, scale), loc - x, c, scale)
    mirror.__doc__ = _doc(weibull_max, f"weibull_min's {name} at ``w = -z``: {formula.replace('z', 'w')}",
                          example.replace("weibull_min", "weibull_max").replace("(1.0,", "(-1.0,").replace(
                              "(2.0,", "(-2.0,").replace(f".{name}(", f".{mirrored}("), value)
    _method(weibull_max, mirrored)(mirror)


def _weibull_top(function, outside, inside=1.0):
    """``function(z, c, scale)``, and ``outside`` (its limit, 0, 1 or -0) with derivatives 0 where ``z^c``
    passes ``-_VANISHING_LOG``: there the function (a density, a tail, log1mexp(-z^c)) is ``exp(-z^c)`` times
    powers of ``z^c``, ``log z`` and ``c``, which underflow, while ``z^c`` overflows (d/dc was inf * 0 = NaN
    at z = 1e200, c = 2: weibull_min's pdf, cdf, sf, logcdf and dweibull's, the truth 0)."""
    def top(z, c, scale, *logs):
        cp = _plain(c)
        return _vanishing(lambda z: -np.power(z, cp), lambda z: function(z, c, scale, *logs), z, inside, outside)
    return top


_weibull_function("logpdf", lambda z: z >= 0, _weibull_log_density, -np.inf,
                  "``log(c) + (c - 1) log(z) - z^c - log(scale)`` on ``z >= 0``, ``-inf`` below.",
                  "round(float(weibull_min.logpdf(1.0, 2.0)), 6)", "-0.306853", log_z=True)
_weibull_function("cdf", lambda z: z >= 0, _weibull_top(lambda z, c, scale: -np.expm1(-np.power(z, c)), 1.0), 0.0,
                  "``1 - exp(-z^c)`` (as ``-expm1``), 0 below the support.",
                  "round(float(weibull_min.cdf(1.0, 2.0)), 6)", "0.632121")
def _weibull_log_cdf(z, c, scale, log_z, power_z):
    """``log(1 - exp(-z^c))`` on ``z > 0``; at ``z = 0`` (x == loc) where c is a constant >= 1 (weibull_max: its log sf at
    its upper end) -inf with the limits from inside as its derivatives, ``c log z - z^c / 2 + O(z^(2c))`` with log z from
    log(x - loc) and log(scale) apart (as :func:`_log_cdf_from_lower_end`; it was the constant -inf, every derivative 0:
    d/dx of weibull_min.logcdf(0, 2) 0 for +inf, d/dscale 0 for -c / scale); elsewhere at z = 0 (c < 1, where z^c's
    share of d2/dx dscale is +inf against c log z's parts, or c traced) the constant -inf as before."""
    pz, pc = np.asarray(_plain(z)), np.asarray(_plain(c))
    end = np.broadcast_to(pz == 0, np.broadcast_shapes(pz.shape, pc.shape))
    if not np.any(end):
        return _log1mexp_power(z, c, log_z=log_z, power_z=power_z)
    inner = _log1mexp_power(np.where(end, 0.5, z), c, log_z=log_z, power_z=power_z)
    return np.where(end, log_z.end(c, -0.5, c), inner)


_weibull_function("logcdf", lambda z: z >= 0, _weibull_top(_weibull_log_cdf, -0.0), -np.inf,
                  "``log(1 - exp(-z^c))``, ``-inf`` at and below 0.",
                  "round(float(weibull_min.logcdf(1.0, 2.0)), 6)", "-0.458675", log_z=True)
_weibull_function("sf", lambda z: z >= 0, _weibull_top(lambda z, c, scale: np.exp(-np.power(z, c)), 0.0), 1.0,
                  "``exp(-z^c)``, 1 below the support.", "round(float(weibull_min.sf(1.0, 2.0)), 6)", "0.367879")
_weibull_function("logsf", lambda z: z >= 0, lambda z, c, scale: -np.power(z, c), 0.0,
                  "``-z^c``, 0 below the support.", "float(weibull_min.logsf(2.0, 2.0))", "-4.0")


def _weibull_powers(z, c, scale):
    """``c z^(c - 1) exp(-z^c) / scale``, ``z^(c - 1)`` with its exponent's rounding kept (:func:`_power_less`)."""
    return c * _power_less(z, c) * np.exp(-np.power(z, c)) / scale


def _weibull_power_density(z, c, scale, log_density, rounded=None, rounded_log=None):
    """weibull_min's density at ``z >= 0``: ``exp(log_density(z))`` with powers at and near ``z = 0``
    (:func:`_exp_at_ends`), and from ``z = 1`` on the powers (:func:`_weibull_powers`, :func:`_far_powers`, given z as
    at least ``2 _FAR_POWERS`` for its checks), whose relative error is that of ``z^c`` times ``z^c``: through the
    exponential of the log the log's absolute rounding, about ``z^c`` ulp of it, was the density's relative error,
    weibull_min.pdf(25, 2) 682 ulp off (z^c = 625 exactly), (13, 2.5) 814, (1e5, 0.4) 24 (mpmath); dweibull's alike."""
    pz = np.asarray(_plain(z), dtype=float)
    # (z rounded to 0 while x != loc (``rounded``, the log's mask of it) at c = 1: exp of the log density, whose
    # (c - 1) log z is log|x - loc| - log scale apart; through the powers' end 0 ** 0 = 1 its derivative in c, the
    # density times log z, was 0: d/dc of dweibull.pdf(1e-300, 1, 0, 1e300) 5e-301 for -6.9028e-298, mpmath. Elsewhere
    # at such z with anything traced, c != 1, weibull_min's and dweibull's pdf go through _powers_at_pole)
    if rounded is not None and np.shape(rounded) == pz.shape and isinstance(c, (Var, Dual)):
        rounded = rounded & (pz == 0) & (np.asarray(_plain(c), dtype=float) == 1.0)
        if np.shape(rounded) == pz.shape and np.any(rounded):
            # (its value the powers' c / scale, exact; exp of the log is |log| ulp off, 691 at 1e-300: a plain ratio.
            # The powers elsewhere only: their 0 ** c was refused at second order in c even where not used)
            through_log = np.exp((rounded_log or log_density)(np.where(rounded, z, 0.5)))
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = 1.0 / np.asarray(_plain(scale), dtype=float) / np.asarray(_plain(through_log), dtype=float)
            ratio = np.where(np.isfinite(ratio) & (ratio > 0), ratio, 1.0)
            return np.where(rounded, through_log * ratio,
                            _weibull_power_density(np.where(rounded, 0.5, z), c, scale, log_density))
    return _far_powers(np.where(pz > 1.0, np.maximum(pz, 2.0 * _FAR_POWERS), 0.0), lambda z: _exp_at_ends(
        log_density, lambda z: _weibull_powers(z, c, scale), z, (0.0,), (c - 1.0,)),
        lambda z: _weibull_powers(z, c, scale), np.asarray(_plain(c), dtype=float) - 1.0, v=z, at=1.0, scale=scale)


def _weibull_density(x, c, loc, scale, name, sign):
    z = sign * _weibull(name, x, c, loc, scale)
    log_z, power_z = _log_of_z(sign * (x - loc), scale, z), _power_of_z(sign * (x - loc), scale, z)
    with np.errstate(over="ignore"):  # (z^c far out: its inf the truth's, the density 0)
        density = _on_support(_plain(z) >= 0, lambda z: _weibull_top(lambda z, c, scale: _weibull_power_density(
            z, c, scale, lambda z: _weibull_log_density(z, c, scale, log_z), log_z.inside,
            lambda z: _weibull_log_density(z, c, scale, log_z, power_z)), 0.0)(z, c, scale), z, outside=0.0)
    # (at its pole, c < 1, with anything traced: the limits in every argument, the factor c at its plain value)
    return _at_a_pole(density, z, sign * (x - loc), scale, c, lambda pc: pc, _plain(z) == 0, c)


@_method(weibull_min, "pdf")
def _weibull_pdf(x, c, loc=0.0, scale=1.0):
    """``c z^(c - 1) exp(-z^c) / scale`` on ``z >= 0`` (with powers at ``z = 0``, where the
    log density is -inf but the density is 0, c or infinite as c is above, at or below 1).

    >>> from wengert.scipy.stats import weibull_min
    >>> float(weibull_min.pdf(0.0, 1.0))
    1.0
    """
    return _weibull_density(x, c, loc, scale, "weibull_min.pdf", 1.0)


@_method(weibull_max, "pdf")
def _weibull_max_pdf(x, c, loc=0.0, scale=1.0):
    """``c w^(c - 1) exp(-w^c) / scale`` on ``w = -z >= 0`` (see ``weibull_min.pdf``).

    >>> from wengert.scipy.stats import weibull_max
    >>> float(weibull_max.pdf(0.0, 1.0))
    1.0
    """
    return _weibull_density(x, c, loc, scale, "weibull_max.pdf", -1.0)


@functools.lru_cache(maxsize=None)
def _stirling_first(n):
    """Signed Stirling numbers of the first kind ``[s(n, 0), ..., s(n, n)]``: ``d^n/dq^n f(log q)
    = q^-n sum_k s(n, k) f^(k)(log q)``."""
    if n == 0:
        return (1,)
    last = _stirling_first(n - 1) + (0,)
    return tuple((last[k - 1] if k else 0) - (n - 1) * last[k] for k in range(n + 1))


def _falling(p, k):
    """``p (p - 1) ... (p - k + 1)`` (1 for k = 0), differentiable in ``p``."""
    return functools.reduce(lambda u, j: u * (p - j), range(k), 1.0 + 0.0 * p)


def _log_power_terms(n, q, p, in_p):
    """``q^n d^n/dq^n (-log q)^p = sum_k s(n, k) (-1)^k falling(p, k) t^(p - k)``, ``t = -log q``; with
    ``in_p`` its derivative in ``p`` (differentiable in ``p``: the product rule over falling's factors)."""
    t = -np.log(q)
    out = 0.0
    for k, stirling in enumerate(_stirling_first(n)):
        if k == 0 or stirling == 0:
            continue
        term = _falling(p, k) * t ** (p - k)
        if in_p:
            term = term * np.log(t) + t ** (p - k) * sum(
                _falling(p, j) * functools.reduce(lambda u, i: u * (p - i), range(j + 1, k), 1.0)
                for j in range(k))
        out = out + stirling * (-1.0) ** k * term
    return out


def _minus_log_power_dq_value(q, p, n=1, s=1.0):
    q, p = np.asarray(q, dtype=float), np.asarray(p, dtype=float)
    return (s ** p * _over_power(_log_power_terms(n, q, p, False), q, n))[()]


def _minus_log_power_dq_dp(q, p, n=1, s=1.0):
    # d/dp of s^p T_n(p) / q^n, divided by q one factor at a time (q^n alone underflows)
    return functools.reduce(lambda u, _: u / q, range(n), s ** p * (
        math.log(s) * _log_power_terms(n, q, p, False) + _log_power_terms(n, q, p, True)))


#: (-s log q)^p as one primitive in q, for q near 0 (quantiles of weibull_min, weibull_max and
#: rayleigh): through (-log q)^p its second derivative in q is two terms of order 1/q^2 overflowing
#: apart (weibull_min.isf'' and rayleigh.isf'' at q = 1e-300 were NaN, the truth +inf). Its n-th
#: q-derivative is s^p times one sum over q^n (_over_power: no overflow before the quotient's own).
_MINUS_LOG_POWER_DQ = OwnPrimitive(_minus_log_power_dq_value, name="wengert.scipy.stats ((-s log q)^p, d/dq)",
                                   reenters="any")
_def_partials(_MINUS_LOG_POWER_DQ, lambda q, p, n=1, s=1.0: _MINUS_LOG_POWER_DQ(q, p, n=n + 1, s=s),
              _minus_log_power_dq_dp)
_def_partials(_MINUS_LOG_POWER, lambda q, p, s=1.0: _MINUS_LOG_POWER_DQ(q, p, n=1, s=s),
              lambda q, p, s=1.0: _minus_log_power_value(q, p, s) * np.log(-s * np.log(q)))


def _weibull_lower_tail_power(q, c):
    """``(-log1p(-q))^(1/c)``, at q = 0 as ``_MINUS_LOG_POWER(1 - q, 1/c)``: through log1p the second derivative in q
    and loc by jacfwd(jacfwd) was NaN at 1/2 < c < 1 (forward mode's inner 0 tangent times power's infinite second
    derivative; the truth 0). Only below c = 1: the primitive's second derivative at p = 1 is 0 * inf there; at the
    plain c, the end's derivatives in c 0 (its own in p, x^p log x at x = 0, is 0 * inf)."""
    return _piecewise(q, (_plain(q) == 0) & (np.asarray(_plain(c)) < 1), lambda q: (-np.log1p(-q)) ** (1.0 / c),
                      lambda q: _MINUS_LOG_POWER(1.0 - q, 1.0 / _plain(c)), 0.5, 0.0)


def _weibull_upper_tail_power(q, c):
    """``(-log q)^(1/c)`` (_tiny_q_power's), at q = 1 as ``_MINUS_LOG_POWER`` (see _weibull_lower_tail_power)."""
    return _piecewise(q, (_plain(q) == 1) & (np.asarray(_plain(c)) < 1), lambda q: _tiny_q_power(q, 1.0 / c, 1.0, lambda q: (-np.log(q)) ** (1.0 / c)),
                      lambda q: _MINUS_LOG_POWER(q, 1.0 / _plain(c)), 0.5, 1.0)


def _weibull_quantile(name, q, c, loc, scale, upper):
    _weibull(name, 0.0, c, 0.0, scale)
    # (the end 0 at every c: steep for c > 1, level for c <= 1, its d/dc 0 and d2/dq dc the powers' limits)
    return _located(name, q, loc, scale, _weibull_upper_tail_power if upper else _weibull_lower_tail_power,
                    shapes=(c,), steep_mixed=_power_steep, level_mixed=_weibull_level)


def _weibull_max_quantile(name, q, c, loc, scale, upper):
    # weibull_max's ppf is minus weibull_min's isf (of -loc), its isf minus weibull_min's ppf
    _weibull(name, 0.0, c, 0.0, scale)
    return _located(name, q, loc, scale, _weibull_lower_tail_power if upper else _weibull_upper_tail_power,
                    sign=-1.0, shapes=(c,), steep_mixed=_power_steep, level_mixed=_weibull_level)


_quantiles(weibull_min, "c", _weibull_quantile, (
    ("``loc + scale (-log(1 - q))^(1/c)``.", "round(float(weibull_min.ppf(0.5, 1.0)), 6)  # log 2", "0.693147"),
    ("``loc + scale (-log(q))^(1/c)``.", "float(weibull_min.isf(np.exp(-4.0), 2.0))", "2.0")))
_quantiles(weibull_max, "c", _weibull_max_quantile, (
    ("``loc - scale (-log(q))^(1/c)``.", "float(weibull_max.ppf(np.exp(-4.0), 2.0))", "-2.0"),
    ("``loc - scale (-log(1 - q))^(1/c)``.", "round(float(weibull_max.isf(0.5, 1.0)), 6)  # -log 2",
     "-0.693147")))
_def_partials(_INVGAMMA_Z_TERMS, lambda z, a: _INVGAMMA_DZ(z, a, n=1), lambda z, a: -np.log(z))


def _def_tangent_partials(prim, *partials):
    """Give ``prim`` its VJPs and JVP from ``partials[i](t, *args)``, the tangent (or cotangent) ``t`` times its partial
    derivative in argument i formed with t inside (``((t / d) * p) / d``, not ``t * (p / d^2)``: a partial that
    under- or overflows alone where its product with a tangent of the argument's size is a normal number). 0 where
    a plain ``t`` is 0 and the partial is not NaN, as times_tangent's (a NaN partial stays NaN: invgamma.logpdf at a
    NaN shape, whose Hessian's mixed entry was -1000)."""
    def times(partial, t, args):
        if isinstance(t, (Var, Dual)):
            return partial(t, *args)
        zero = np.asarray(t) == 0
        if not np.any(zero):
            return partial(t, *args)
        out = partial(np.where(zero, 1.0, t), *args)  # (the partial itself where t is 0)
        return np.where(zero & ~np.isnan(_plain(out)), 0.0, out)

    def vjp(i):
        return lambda ans, *args: lambda g: unbroadcast(times(partials[i], g, args), np.shape(_plain(args[i])))
    defvjp(prim, *[vjp(i) for i in range(len(partials))])
    defjvp(prim, lambda ans, primals, tangents: functools.reduce(lambda u, v: u + v, [
        times(partial, t, primals) for t, partial in zip(tangents, partials) if t is not None])
        + np.zeros_like(_plain(ans)))
    directions_at_once(prim)  # (jacfwd's directions in one call)


_def_tangent_partials(_WEIBULL_FAR_SF, *_weibull_far_tail_partials(-1.0))
_def_tangent_partials(_WEIBULL_FAR_CDF, *_weibull_far_tail_partials(1.0))


# (the tangent inside each quotient: (a + 1 - 2 s / d) / d^2 underflowed at d = 1e280 before it met the tangent d twice,
# invgamma.logpdf(1e280 p, 1.5, 0, 1e280 q)'s d2/dp2 0 for 2; overflowed at 1e-280, inf)
_def_tangent_partials(_INVGAMMA_SCALED_DD,
                      _quiet_over(lambda t, d, s, a, g=1.0: ((t / d) * (g / d)) * (a + 1.0 - 2.0 * (s / d))),
                      _quiet_over(lambda t, d, s, a, g=1.0: (t / d) * (g / d)), lambda t, d, s, a, g=1.0: -(t / d) * g,
                      lambda t, d, s, a, g=1.0: _INVGAMMA_SCALED_DD(d, s, a, t))
# (the first derivatives with the tangent inside too: t times (s / d - (a + 1)) / d overflowed at d = 1e-300 where t = 1e-300
# meets it, jacfwd of invgamma.logpdf(1e-300 p, 1.5, 0, 1e-280 q) inf for 5e19, jacfwd(jacfwd)'s d2/dp2 -inf for -1e20)
_def_tangent_partials(_INVGAMMA_SCALED_TERMS, lambda t, d, s, a: _INVGAMMA_SCALED_DD(d, s, a, t),
                      lambda t, d, s, a: t * (a + 1.0) / s - t / d, lambda t, d, s, a: t * (np.log(s) - np.log(d)))


def _refuse_third_far(ans, *args):
    raise NoGradientRule("wengert.scipy.stats.invgamma.logcdf far in its lower tail (z = (x - loc) / scale below "
                         "1/20 and 1/(a + 1)) has no third derivative (not implemented); the first and second are")
defvjp(_INVGAMMA_FAR_EW, *[lambda ans, a, w: _refuse_third_far(ans)] * 2)


_def_tangent_partials(_INVGAMMA_FAR_DA, *[_quiet_over(f) for f in (
    lambda t, a, d, s, g=1.0: (t * g) * (_FRACTION_DAA(a, s / d) - _FRACTION_DA(a, s / d) ** 2 - sc.polygamma(1, a)),
    lambda t, a, d, s, g=1.0: -((t * g) / d) * _invgamma_far_ew_over_r(a, d, s),
    lambda t, a, d, s, g=1.0: ((t * g) / s) * _invgamma_far_ew_over_r(a, d, s),
    lambda t, a, d, s, g=1.0: _INVGAMMA_FAR_DA(a, d, s, t))])
_def_tangent_partials(_INVGAMMA_FAR_DS, *[_quiet_over(f) for f in (
    lambda t, a, d, s, g=1.0: ((t * g) / s) * _invgamma_far_ew_over_r(a, d, s),
    lambda t, a, d, s, g=1.0: _invgamma_far_cross_times(t, g, a, d, s),
    lambda t, a, d, s, g=1.0: ((t / s) * (g / s)) * (_invgamma_far_k(a, s / d) / _UPPER_RATIO(a, s / d) ** 2),
    lambda t, a, d, s, g=1.0: _INVGAMMA_FAR_DS(a, d, s, t))])
_def_tangent_partials(_INVGAMMA_FAR_DD, *[_quiet_over(f) for f in (
    lambda t, a, d, s, g=1.0: -((t * g) / d) * _invgamma_far_ew_over_r(a, d, s),
    lambda t, a, d, s, g=1.0: _invgamma_far_dd2_times(t, g, a, d, s),
    lambda t, a, d, s, g=1.0: _invgamma_far_cross_times(t, g, a, d, s),
    lambda t, a, d, s, g=1.0: _INVGAMMA_FAR_DD(a, d, s, t))])
_def_tangent_partials(_INVGAMMA_LOGCDF_FAR, lambda t, a, d, s: _INVGAMMA_FAR_DA(a, d, s, t),
                      lambda t, a, d, s: _INVGAMMA_FAR_DD(a, d, s, t), lambda t, a, d, s: _INVGAMMA_FAR_DS(a, d, s, t))


_invgamma_tail("cdf", False, False, "``gammaincc(a, 1 / z)`` on ``z > 0``, 0 at and below",
               "round(float(invgamma.cdf(1.0, 1.0)), 6)", "0.367879")
_invgamma_tail("logcdf", False, True, "``log(gammaincc(a, 1 / z))`` on ``z > 0``, ``-inf`` at and below",
               "round(float(invgamma.logcdf(1.0, 1.0)), 6)", "-1.0")
_invgamma_tail("sf", True, False, "``gammainc(a, 1 / z)`` on ``z > 0``, 1 at and below",
               "round(float(invgamma.sf(1.0, 1.0)), 6)", "0.632121")
_invgamma_tail("logsf", True, True, "``log(gammainc(a, 1 / z))`` on ``z > 0``, 0 at and below",
               "round(float(invgamma.logsf(1.0, 1.0)), 6)", "-0.458675")


_skewnorm_tail("cdf", 1.0, "``ndtr(z) - 2 T(z, a)`` (Owen's T), by quadrature of positive terms: SciPy's own form "
               "cancels where the skew points away (``cdf(-3, 2)`` was 2.5e-9 off; zero from ``cdf(-0.5, 50)``); its "
               "derivative in ``z`` is the density ``2 phi(z) ndtr(a z)``, in ``a`` "
               "``-exp(-z^2 (1 + a^2) / 2) / (pi (1 + a^2))``.", "round(float(skewnorm.cdf(0.0, 1.0)), 6)", "0.25")
_skewnorm_tail("sf", -1.0, "``cdf(-z, -a)`` (the reflection ``1 - cdf(z, a)`` without the cancellation); its "
               "derivatives are the cdf's, negated.", "round(float(skewnorm.sf(0.0, 1.0)), 6)", "0.75")


_skewnorm_log_tail("logcdf", 1.0, "``log(ndtr(z) - 2 T(z, a))``, finite where the cdf underflows (the log of the "
                   "cdf's scaled quadrature, ``-z^2 (1 + a^2) / 2`` apart); its derivatives ratios of positive "
                   "integrals (no cancellation in the tails).", "round(float(skewnorm.logcdf(-40.0, 5.0)), 6)",
                   "-20813.390096")
_skewnorm_log_tail("logsf", -1.0, "``logcdf(-z, -a)``.", "round(float(skewnorm.logsf(40.0, -5.0)), 6)", "-20813.390096")


# the density is z exp(-z^2 / 2) / scale, 0 at z = 0 with a finite derivative (where the log
# density is -inf): written with powers there (_exp_at_ends)
for _row in (
        # (at z = 0: -inf with the limits from inside as its derivatives, log z's in x and in scale apart)
        ("logpdf", lambda z: z >= 0, lambda z, scale, log_z: _rayleigh_log_density(z, scale, log_z), -np.inf,
         "``log(z) - z^2 / 2 - log(scale)`` on ``z > 0``, ``-inf`` at and below 0.",
         "round(float(rayleigh.logpdf(1.0)), 6)", "-0.5", True),
        ("pdf", lambda z: z >= 0, lambda z, scale: _exp_at_ends(
            lambda z: _rayleigh_log_density(z, scale), lambda z: z * np.exp(-0.5 * z * z) / scale, z, (0.0,), (1.0,)), 0.0,
         "``z exp(-z^2 / 2) / scale`` on ``z >= 0``, 0 below.", "round(float(rayleigh.pdf(1.0)), 6)", "0.606531"),
        ("cdf", lambda z: z >= 0, lambda z, scale: -np.expm1(-0.5 * z * z), 0.0,
         "``1 - exp(-z^2 / 2)`` (as ``-expm1``), 0 below the support.", "round(float(rayleigh.cdf(1.0)), 6)",
         "0.393469"),
        # (at z = 0: -inf with the limits from inside as its derivatives, 2 log z - log 2 - z^2 / 4 + O(z^4))
        ("logcdf", lambda z: z >= 0, lambda z, scale, log_z: _log_cdf_from_lower_end(
            z, lambda z: _log1mexp_power(z, 2.0, 0.5, log_z=log_z),
            lambda z: log_z(z, 2.0, end=True) - np.log(2.0) - 0.25 * z * z), -np.inf,
         "``log(1 - exp(-z^2 / 2))``, ``-inf`` at and below 0.", "round(float(rayleigh.logcdf(1.0)), 6)",
         "-0.932752", True),
        ("sf", lambda z: z >= 0, lambda z, scale: np.exp(-0.5 * z * z), 1.0,
         "``exp(-z^2 / 2)``, 1 below the support.", "round(float(rayleigh.sf(1.0)), 6)", "0.606531"),
        ("logsf", lambda z: z >= 0, lambda z, scale: -0.5 * z * z, 0.0,
         "``-z^2 / 2``, 0 below the support.", "float(rayleigh.logsf(2.0))", "-2.0")):
    _rayleigh_function(*_row)


def _log1p_over_dz(c, z, n=0, weighted=False):
    """The z-derivative of :func:`_log1p_over_value`: the n-th c-derivative of ``1 / (1 + u)`` times ``z^n``
    (weighted: of ``(1 + c) / (1 + u)``, ``(-1)^n n! z^(n-1) (z - 1) / (1 + u)^(n+1)`` for n >= 1; 0 at
    ``c = -1`` for n = 0 at its end ``u = -1``, where the density is uniform). Differentiable."""
    if not weighted:
        return 1.0 / (1.0 + c * z) if n == 0 else (-1.0) ** n * math.factorial(n) * z ** n / (1.0 + c * z) ** (n + 1)
    if n:
        return (-1.0) ** n * math.factorial(n) * z ** (n - 1) * (z - 1.0) / (1.0 + c * z) ** (n + 1)
    end = (_plain(c) == -1.0) & (_plain(z) == 1.0)  # (0 / 0 there; the c-derivative at the end is refused)
    return (1.0 + c) / (1.0 + c * z) if not np.any(end) else (1.0 + c) / np.where(end, 1.0, 1.0 + c * z)
_def_partials(_LOG1P_OVER, lambda c, z, n=0, weighted=False: _LOG1P_OVER(c, z, n=n + 1, weighted=weighted),
              _log1p_over_dz)
_def_partials(_F_W, lambda z, dfn, dfd: dfn * dfd / (dfn * z + dfd) ** 2,
              lambda z, dfn, dfd: z * dfd / (dfn * z + dfd) ** 2, lambda z, dfn, dfd: -dfn * z / (dfn * z + dfd) ** 2)


_f_tail("cdf", False, False, "``betainc(dfn/2, dfd/2, dfn z / (dfn z + dfd))``", "round(float(f.cdf(1.0, 2.0, 4.0)), 6)",
        "0.555556")
_f_tail("logcdf", False, True, "``log(f.cdf)`` (``log1p(-sf)`` where the cdf is above 1/2)",
        "round(float(f.logcdf(1.0, 2.0, 4.0)), 6)", "-0.587787")
_f_tail("sf", True, False, "``betainc(dfd/2, dfn/2, dfd / (dfd + dfn z))``", "round(float(f.sf(1.0, 2.0, 4.0)), 6)",
        "0.444444")
_f_tail("logsf", True, True, "``log(f.sf)`` (``log1p(-cdf)`` where the sf is above 1/2)",
        "round(float(f.logsf(1.0, 2.0, 4.0)), 6)", "-0.81093")


#: D(t) = gammaln(1 + 2t) - 2 gammaln(1 + t) = sum_k>=2 (-1)^k zeta(k) (2^k - 2) t^k / k: its
#: coefficients, k = 2..41 (below t = 1/10 the last term is under 2e-30 of the sum)
_WEIBULL_D_SERIES = tuple((-1.0) ** k * float(sc.zeta(k)) * (2.0 ** k - 2.0) / k for k in range(2, 42))
#: below this t = 1/c, D(t) is its series: the direct difference loses its O(t) terms, which
#: cancel (to a relative rounding of eps / t: 3 digits at c = 1000)
_WEIBULL_SERIES_BELOW = 0.1


def _weibull_variance(c):
    """``gamma(1 + 2/c) - gamma(1 + 1/c)^2``, the standard Weibull variance, as
    ``gamma(1 + 2t) (1 - exp(-D(t)))`` with ``t = 1/c`` and ``D = gammaln(1 + 2t) - 2
    gammaln(1 + t)``: the direct difference cancels as c grows (the variance is ~ pi^2 / (6
    c^2): at c = 1e3 it kept 7 digits, at c = 1e8 none), and so does D's, so below t = 1/10
    D is its power series (``_WEIBULL_D_SERIES``), whose t and constant terms are 0."""
    t = 1.0 / c
    small = _plain(t) < _WEIBULL_SERIES_BELOW

    def series(t):
        total = 0.0
        for coefficient in reversed(_WEIBULL_D_SERIES):
            total = (total + coefficient) * t
        return total * t

    def direct(t):
        return sc.gammaln(1.0 + 2.0 * t) - 2.0 * sc.gammaln(1.0 + t)
    if np.all(small):
        d = series(t)
    elif not np.any(small):
        d = direct(t)
    else:
        d = np.where(small, series(np.where(small, t, 0.0)), direct(np.where(small, 1.0, t)))
    return -np.exp(sc.gammaln(1.0 + 2.0 * t)) * np.expm1(-d)


# -- genextreme (the generalized extreme value distribution) -------------------------------------


class genextreme:
    """The generalized extreme value distribution, as ``scipy.stats.genextreme`` (SciPy's sign of
    ``c``: its cdf is ``exp(-(1 - c z)^(1/c))``): differentiable in x (or q), c, loc and scale, to
    every order, for every real ``c``, at and near ``c = 0`` (the Gumbel distribution) too, where
    ``log1p(-c z) / c`` is a series. Its support is ``z = (x - loc) / scale <= 1/c`` for ``c > 0``
    (at that end, which moves with ``c``, a traced ``c`` is refused) and ``z > 1/c`` for ``c < 0``
    (where the density and every derivative vanish). The upper log tail is ``-y + log((1 - e^-u) /
    u)``, ``u = e^-y``, as a series: finite where SciPy's ``logsf`` underflows.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import genextreme
    >>> float(wg.grad_bp(lambda x: genextreme.logcdf(x, 0.0), 0.0))  # Gumbel: exp(-z)
    1.0

    .. versionadded:: 0.1
    """


def _gev_y(z, c):
    """``y = -log1p(-c z) / c`` (``z`` at ``c = 0``), through genpareto's series near ``c z = 0``."""
    return _log1p_over(-c, z)


def _gev_logsf(y):
    """``log(1 - exp(-u))``, ``u = exp(-y)``: as ``-y + h(u)`` (:func:`_log_expm1_ratio`) for ``u < 1/2``,
    where through ``log1mexp(-u)`` the second derivative was ``-y'^2 + (y'^2 - y'')``, cancelling; as ``-y``
    from y = 745 on, where h(u) ~ -u/2 is below the smallest float: there ``exp(-y)`` is 0 and its
    derivative ``0 * y'`` was NaN by forward mode where y' overflows (d/dc at z = 1e155, c = 0: the
    truth -5e309, -inf)."""
    def upper(y):
        return _piecewise(y, _plain(y) > _GEV_LOGSF_FAR, lambda y: -y + _log_expm1_ratio(np.exp(-y)), lambda y: -y,
                          1.0, 2.0 * _GEV_LOGSF_FAR)
    return _piecewise(y, _plain(y) > np.log(2.0), lambda y: _log1mexp(-np.exp(-y)), upper, 0.0, 1.0)


#: From this y on genextreme.logsf is -y (exp(-y) / 2 is below the smallest float)
_GEV_LOGSF_FAR = 745.0


#: Beyond u = exp(-y) = 3000 (far below the mode) the density, the cdf and their derivatives
#: underflow (see _VANISHING_LOG), and sf's and logsf's derivatives: they are constants there
_GEV_VANISHING_U = -_VANISHING_LOG


#: From this w = 1 - c z on (far below the mode for c > 0, far above it for c < 0; |c| from _GEV_FAR_C), and below the
#: mode where u = w^(1/c) passes _GEV_FAR_U, genextreme's functions are written in (x - loc, scale, c) through
#: _GEV_FAR_TERMS (see _genextreme_function)
_GEV_FAR_W = 64.0
# (|c| from 1e-50, not 1e-4: below, through z d2/dx dscale of log1p(c z) / c lost 1 / (c z) relative, 9.86e-31 for
# genpareto.logsf(1e20, 1e-5)'s 1e-30; the terms' c^a, a down to -3 at second order in c, stay finite from 1e-50 on)
_GEV_FAR_C = 1e-50
_GEV_FAR_U = 1e200


def _gev_far_w(d, s, c):
    d, s, c = (np.asarray(v, dtype=float) for v in (d, s, c))
    with np.errstate(over="ignore"):
        return 1.0 - c * (d / s), d, s, c


def _gev_log_w_value(d, s, c):
    """``log w``, ``w = 1 - c d / s`` (``d = x - loc``, ``s`` the scale), ``w > 1``: below ``_GEV_FAR_W`` as
    ``log1p(-c z)``, beyond the largest float as ``log|c| + log|d| - log s``."""
    w, d, s, c = _gev_far_w(d, s, c)
    finite, near = np.isfinite(w), w < _GEV_FAR_W
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        return np.where(near, np.log1p(-c * (d / s)), np.where(
            finite, np.log(np.where(finite, w, 1.0)), np.log(np.abs(c)) + np.log(np.abs(d)) - np.log(s)))[()]


def _gev_far_derive(terms, j, var):
    """The derivative in ``var`` (``"d"``, ``"s"`` or ``"c"``) of the sum of ``r c^a s^b log(w)^p w^(j/c - k)`` over
    ``terms = (((k, p, a, b), r), ...)``, as such terms: ``w = 1 - c d / s``, ``dw/dd = -c / s``, ``dw/ds = (1 - w) /
    s``, ``dw/dc = (w - 1) / c``, ``d log(w) = dw / w``, and ``w^(e - 1)`` is term ``k + 1``."""
    def parts(k, p, a, b):
        if var == "d":
            return ((k + 1, p - 1, a + 1, b - 1), -p), ((k + 1, p, a, b - 1), -j), ((k + 1, p, a + 1, b - 1), k)
        if var == "s":
            return (((k, p, a, b - 1), b + k), ((k + 1, p - 1, a, b - 1), p), ((k, p - 1, a, b - 1), -p),
                    ((k + 1, p, a - 1, b - 1), j), ((k + 1, p, a, b - 1), -k), ((k, p, a - 1, b - 1), -j))
        return (((k, p, a - 1, b), a - k), ((k, p - 1, a - 1, b), p), ((k + 1, p - 1, a - 1, b), -p),
                ((k, p + 1, a - 2, b), -j), ((k, p, a - 2, b), j), ((k + 1, p, a - 2, b), -j),
                ((k + 1, p, a - 1, b), k))
    return _collected_terms(terms, parts)


_gev_far_derive = functools.lru_cache(maxsize=None)(_gev_far_derive)


def _gev_far_value(d, s, c, g=1.0, h=1.0, j=1, terms=()):
    """The sum of ``terms``' ``r c^a s^b log(w)^p w^(j/c - k)`` (see :func:`_gev_far_derive`), ``w >= _GEV_FAR_W``:
    each power of ``w`` a float power (beyond the largest float through ``log w``), over- or underflowing only where
    it does (below ``_GEV_FAR_W`` as ``exp(e log1p(-c z))``: ``w``'s rounding times ``1/c`` was more than that of ``log
    w`` times ``e log w``); where their sum is not finite (two infinite terms) again as a sum of ``exp(log|term| -
    max)`` times ``exp(max)``: -inf, inf or its finite value."""
    w, d, s, c = _gev_far_w(d, s, c)
    log_w = np.asarray(_gev_log_w_value(d, s, c), dtype=float)
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        direct = np.isfinite(w) & (w >= _GEV_FAR_W)
        g, h = (np.asarray(v, dtype=float) for v in (g, h))
        return _sum_of_power_terms(terms, c, s, lambda k: _exponent_pair(j, c, k, reciprocal=True), np.where(direct, w, 2.0), direct, log_w,
                                   np.broadcast(w, d, s, c, g, h).shape, (g, h))


def _scale_power(s, b, factors):
    """``s^b g h`` for ``factors = (g, h)`` (plain) and a whole b, from mantissas and exponents apart: it underflows or
    overflows only where the product does."""
    (m, k), (mg, kg), (mh, kh) = (np.frexp(v) for v in (s, *factors))
    return np.ldexp(m ** b * mg * mh, k * b + kg + kh)


#: Far from the mode (w = 1 - c z >= _GEV_FAR_W) genextreme's functions are sums of terms ``r c^a s^b log(w)^p
#: w^(j/c - k)`` of ``d = x - loc``, the scale s and c, one primitive whose partials are such sums again, each
#: evaluated on its own: through ``z = d / scale`` the derivatives in the scale met ``dz/dscale = -z / scale`` and
#: its square, huge, times the z-derivatives, tiny (``w^(1/c - 2)`` underflowed: d2/dscale2 of logcdf(-6.67e299, 1.5,
#: 0, s) at s = 1 was -1.334e200, the truth -1.111e200), or their sums cancelled (d2/dx dscale of logpdf(1e20, -0.5)
#: was 0, the truth 6e-40); and a product of a traced factor and an infinite term was NaN one order up
_GEV_FAR_TERMS = OwnPrimitive(_gev_far_value, name="wengert.scipy.stats.genextreme (sums of c^a s^b log(w)^p w^(j/c - k))",
                              reenters="any")
_def_tangent_factors(_GEV_FAR_TERMS, 3, lambda args, kw, v: dict(kw, terms=_gev_far_derive(kw.get("terms", ()),
                                                                                          kw.get("j", 1), "dsc"[v])))


def _gev_u(d, s, c):
    return _GEV_FAR_TERMS(d, s, c, j=1, terms=(((0, 0, 0, 0), 1),))


def _gev_log_w(d, s, c):
    return _GEV_FAR_TERMS(d, s, c, j=0, terms=(((0, 1, 0, 0), 1),))


def _gev_density_power(d, s, c):
    """``w^(1/c - 1) / s``."""
    return _GEV_FAR_TERMS(d, s, c, j=1, terms=(((1, 0, 0, -1), 1),))


def _gev_log_kernel(d, s, c):
    """``(1/c - 1) log(w)``."""
    return _GEV_FAR_TERMS(d, s, c, j=0, terms=(((0, 1, -1, 0), 1), ((0, 1, 0, 0), -1)))


def _gev_far_logpdf(d, s, c):
    return _gev_log_kernel(d, s, c) - _gev_u(d, s, c) - np.log(s)


def _gev_far_logsf(d, s, c):
    # log(1 - exp(-u)): log(u) + log((1 - e^-u) / u) below u = 1/2 (c < 0), as _gev_logsf
    u = _gev_u(d, s, c)
    small = np.asarray(_plain(u)) < 0.5
    return np.where(small, _gev_log_w(d, s, c) / c + _log_expm1_ratio(np.where(small, u, 0.25)),
                    _log1mexp(-np.where(small, 1.0, u)))


_GEV_FAR = {
    "logpdf": _gev_far_logpdf,
    "pdf": lambda d, s, c: np.exp(_gev_far_logpdf(d, s, c)),
    "cdf": lambda d, s, c: np.exp(-_gev_u(d, s, c)),
    "logcdf": lambda d, s, c: -_gev_u(d, s, c),
    "sf": lambda d, s, c: -np.expm1(-_gev_u(d, s, c)),
    "logsf": _gev_far_logsf,
}


#: Far above the mode (y > 3000): the values of the functions whose derivatives vanish there
_GEV_TOP = {"pdf": 0.0, "cdf": 1.0, "sf": 0.0, "logcdf": -0.0}


def _genextreme_function(name, function, at_end, outside, vanishing, open_end=False):
    """``genextreme.<name>``: ``function(z, c, scale)`` inside the support, ``at_end(w, p, scale)``
    (``w = 1 - c z``, ``p = 1/c``) within ``_NEAR_END`` of its upper end ``1/c`` (``c > 0``; at it
    too), ``outside = (below, above)`` beyond it (below: at and below ``1/c`` for ``c < 0``; above:
    beyond ``1/c`` for ``c > 0``, at it too if ``open_end``: logsf, -inf there), and below
    where ``u = exp(-y)`` passes ``_GEV_VANISHING_U`` if ``vanishing``. The unused entries are
    evaluated at ``z = 0``, inside the support for every ``c`` (as ``_on_support``). Far from the mode (``w = 1 - c z``
    from ``_GEV_FAR_W`` on, ``|c|`` from ``_GEV_FAR_C``; not where the above hold) through ``_GEV_FAR``: in ``d = x -
    loc``, the scale and c, each derivative a sum of powers of ``w`` evaluated on its own (``_GEV_FAR_TERMS``), none
    is a product of an overflowing and an underflowing factor (through ``exp(-y)`` the z-derivatives met ``u =
    exp(-y)``, which overflows from ``-y = 709.8`` on: genextreme.logcdf(-1e160, 0.5)' was inf, the truth 5e159;
    through ``z`` the scale's, see ``_GEV_FAR_TERMS``). Also below ``_GEV_FAR_W`` where ``u`` passes ``_GEV_FAR_U``
    (c below 0.08), where ``exp(-y)`` overflowed."""
    def method(x, c, loc=0.0, scale=1.0):
        z = _standardized(f"genextreme.{name}", x, loc, scale)
        zp, cp = np.broadcast_arrays(*(np.asarray(_plain(v), dtype=float) for v in (z, c)))
        positive, negative = cp > 0, cp < 0
        with np.errstate(divide="ignore"):
            end = 1.0 / np.where(cp != 0, cp, np.inf)  # (0 where c = 0: unused)
        _refuse_at_a_moving_end(f"genextreme.{name}", c, lambda: positive & (zp == end), "x == loc + scale / c (c > 0)")
        below = negative & (zp <= end)
        above = positive & ((zp >= end) if open_end else (zp > end))
        near = positive & ~above & (end - zp < _NEAR_END)
        if vanishing:
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                u = np.exp(-_gev_y(np.where(below | above | near, 0.0, zp), cp))
            below = below | (u > _GEV_VANISHING_U)
        top = np.zeros(np.shape(zp), dtype=bool)
        if name in _GEV_TOP:
            # far above the mode (y > 3000) exp(-y) and its derivatives (exp(-y) times powers of y's,
            # which overflow: d2y/dc2 = 2 z^3 / 3 at c = 0) vanish: d2/dc2 was 0 * inf = NaN from z = 1e154
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                top = ~(below | above | near) & (_gev_y(np.where(below | above | near, 0.0, zp), cp) > -_VANISHING_LOG)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            wp = 1.0 - cp * zp
            far = (np.abs(cp) >= _GEV_FAR_C) & ~(below | above | near | top) & (
                (wp >= _GEV_FAR_W) | (positive & (wp > 1.0) & (np.log1p(-cp * zp) > cp * np.log(_GEV_FAR_U))))
        inside = ~(below | above | near | top | far)
        out = function(np.where(inside, z, 0.0), c, scale)
        if np.any(far):
            # (elsewhere at w = 2: d = -scale, c = 1)
            sp = np.asarray(_plain(scale), dtype=float)
            out = np.where(far, _GEV_FAR[name](np.where(far, x - loc, -sp), scale, np.where(far, c, 1.0)), out)
        if np.any(top):
            out = np.where(top, _GEV_TOP[name], out)
        if np.any(near):
            ce = np.where(near, c, 1.0)
            w = _one_minus_product(ce, np.where(near, z, 1.0 - 0.5 * _NEAR_END))
            with np.errstate(divide="ignore"):  # (0 ** (p - 1) at the end for c > 1: the density is inf there)
                out = np.where(near, at_end(w, 1.0 / ce, scale), out)
        if np.any(below | above):
            out = np.where(below, outside[0], np.where(above, outside[1], out))
        return out
    return method


def _gev_logpdf(z, c, scale):
    y = _gev_y(z, c)
    with np.errstate(over="ignore"):  # (-inf far below the mode, as SciPy's)
        return -(1.0 - c) * y - np.exp(-y) - np.log(scale)


for _name, _function, _at_end, _outside, _vanishes, _formula, _value in (
        ("logpdf", _gev_logpdf, lambda w, p, scale: sc.xlogy(p - 1.0, w) - w ** p - np.log(scale), (-np.inf, -np.inf),
         False, "``-(1 - c) y - exp(-y) - log(scale)``, ``y = -log1p(-c z) / c``", "-0.960952"),
        ("pdf", lambda z, c, scale: np.exp(_gev_logpdf(z, c, scale)),
         lambda w, p, scale: w ** (p - 1.0) * np.exp(-w ** p) / scale, (0.0, 0.0), True,
         "``exp(-(1 - c) y - exp(-y)) / scale``, ``y = -log1p(-c z) / c``", "0.382529"),
        ("cdf", lambda z, c, scale: np.exp(-np.exp(-_gev_y(z, c))), lambda w, p, scale: np.exp(-w ** p), (0.0, 1.0),
         True, "``exp(-(1 - c z)^(1/c))``", "0.558924"),
        ("logcdf", lambda z, c, scale: -np.exp(-_gev_y(z, c)), lambda w, p, scale: -w ** p, (-np.inf, 0.0), False,
         "``-(1 - c z)^(1/c)``", "-0.581741"),
        ("sf", lambda z, c, scale: -np.expm1(-np.exp(-_gev_y(z, c))), lambda w, p, scale: -np.expm1(-w ** p),
         (1.0, 0.0), True, "``1 - exp(-(1 - c z)^(1/c))`` (as ``-expm1``)", "0.441076"),
        ("logsf", lambda z, c, scale: _gev_logsf(_gev_y(z, c)), lambda w, p, scale: _log1mexp_power(w, p),
         (0.0, -np.inf), True,
         "``log(1 - exp(-(1 - c z)^(1/c)))``, as ``-y + log((1 - e^-u) / u)`` (``u = e^-y``) where ``u < 1/2``",
         "-0.818539")):
    _genextreme_method = _genextreme_function(_name, _function, _at_end, _outside, _vanishes, _name == "logsf")
    _genextreme_method.__doc__ = _doc(
        genextreme, f"{_formula} on the support, {_outside[0]} below it (``c < 0``) and {_outside[1]} above it "
        "(``c > 0``); written with powers of ``1 - c z`` near the upper end.", f"round(float(genextreme.{_name}(0.5, 0.3)), 6)",
        _value)
    _method(genextreme, _name)(_genextreme_method)


def _genextreme_quantile(name, q, c, loc, scale, upper):
    # ppf: (1 - s^c) / c = -boxcox(s, c), s = -log(q) (isf: -log1p(-q)): SciPy's forms, exact in c at c = 0
    def standard(q, c):
        qp, cp = np.broadcast_arrays(*(np.asarray(_plain(v), dtype=float) for v in (q, c)))
        end = (qp == (1.0 if upper else 0.0)) & (cp < 0)  # the lower end 1/c (q = 0; isf: q = 1) for c < 0
        qs = np.where(end, 0.5, q) if np.any(end) else q
        out = -sc.boxcox(-(np.log1p(-qs) if upper else np.log(qs)), c)
        if np.any(end):
            # 1/c there, exactly in c: boxcox(inf, c)'s c-derivative was s^c log(s) / c = 0 * inf. The
            # q-derivatives are s^(c-1) / q -> inf (second: -inf, in q and c: inf) for every c < 0:
            # sqrt(p) e^c (p = q; isf: 1 - q) has those limits and is 0 with every c-derivative at p = 0
            # (sqrt(p) as 1 + boxcox(p, 1/2) / 2: its rule's derivatives at 0 are inf without a warning)
            ce, p = np.where(end, c, -1.0), np.where(end, (1.0 - q) if upper else q, 0.0)
            out = np.where(end, 1.0 / ce + (1.0 + 0.5 * sc.boxcox(p, 0.5)) * np.exp(ce), out)
        return out
    return _located(name, q, loc, scale, standard, shapes=(c,), steep_mixed=_genextreme_steep)


_quantiles(genextreme, "c", _genextreme_quantile, (
    ("``loc - scale boxcox(-log(q), c)``: ``loc + scale (1 - (-log q)^c) / c``.",
     "round(float(genextreme.ppf(0.5, 0.0)), 6)  # Gumbel: -log(log 2)", "0.366513"),
    ("``loc - scale boxcox(-log1p(-q), c)``: ``loc + scale (1 - (-log(1 - q))^c) / c``.",
     "round(float(genextreme.isf(0.5, 0.3)), 6)", "0.347082")))


_shape_entropy(genextreme, lambda c: _EULER * (1.0 - c) + 1.0, "``euler (1 - c) + 1 + log(scale)``, in c and scale.",
               "round(float(genextreme.entropy(0.5)), 6)", "1.288608")


#: Below this |c| genextreme's mean ``(1 - Gamma(1 + c)) / c`` and variance ``(Gamma(1 + 2c) - Gamma(1 + c)^2) / c^2``
#: are their Taylor series about c = 0 (the Gumbel distribution's euler and pi^2 / 6 at 0): through the quotients
#: their derivatives were differences of terms of ``1/c^k`` (the variance's second derivative in c lost every digit by c
#: = 1e-4, and SciPy's forms switch to the limits below |c| = 1e-7 and 1e-14, losing 1e-8 relative before)
_GEV_SERIES_BELOW = 0.25
#: (terms: the variance's series converges as (2c)^k, the second derivative's as k (2c)^k, below 1e-17 at 0.5)
_GEV_SERIES_TERMS = 72
_GEV_E, _GEV_F = _gamma_1p_taylor(_GEV_SERIES_TERMS + 2)
#: mean ``-sum_k e_(k+1) c^k``; variance ``sum_k (2^(k+2) e_(k+2) - f_(k+2)) c^k``
_GEV_MEAN_SERIES = [-e for e in _GEV_E[1:]]
_GEV_VARIANCE_SERIES = [2.0 ** (k + 2) * _GEV_E[k + 2] - _GEV_F[k + 2] for k in range(_GEV_SERIES_TERMS + 1)]


def _gev_series_value(c, which=0, n=0):
    """The n-th derivative in c of the mean's (``which`` 0) or the variance's (1) Taylor series, by Horner's rule."""
    coefficients = (_GEV_MEAN_SERIES, _GEV_VARIANCE_SERIES)[which]
    for _ in range(n):
        coefficients = [k * a for k, a in enumerate(coefficients)][1:]
    return polynomial(np.asarray(c, dtype=float), coefficients)[()]


#: The series as one primitive, each derivative its own series (through Horner's rule on the tape a Hessian of the
#: variance took 144 operations per sweep: 1.6 s for the five paths at 14 points)
_GEV_SERIES = OwnPrimitive(_gev_series_value, name="wengert.scipy.stats.genextreme (moments about c = 0)", reenters="any")
_def_partials(_GEV_SERIES, lambda c, which=0, n=0: _GEV_SERIES(c, which=which, n=n + 1))


def _gev_mean(c):
    """genextreme's standard mean ``(1 - Gamma(1 + c)) / c`` for ``c > -1`` (+inf for ``c <= -1``, where the
    distribution's upper tail is a power ``x^(1/c)``: SciPy gives inf at -1, NaN below), as ``-expm1(gammaln(1 + c)) /
    c`` (above c = 2 ``(1 - gamma(1 + c)) / c``: the exponential of a large gammaln lost its digits, 3e-14 at c = 50),
    below ``|c| = _GEV_SERIES_BELOW`` its Taylor series."""
    def form(c):
        pc = np.asarray(_plain(c), dtype=float)
        return _piecewise(c, np.abs(pc) < _GEV_SERIES_BELOW, lambda c: _piecewise(
            c, pc > 2.0, lambda c: -np.expm1(sc.gammaln(1.0 + c)) / c, lambda c: (1.0 - sc.gamma(1.0 + c)) / c, 1.0,
            3.0), lambda c: _GEV_SERIES(c, which=0), 1.0, 0.0)
    return _moment_where(lambda p: p > -1.0, _always, form, (c,), 0.0)


def _gev_variance(c):
    """genextreme's standard variance ``(Gamma(1 + 2c) - Gamma(1 + c)^2) / c^2`` for ``c > -1/2``, as ``exp(2
    gammaln(1 + c)) expm1(gammaln(1 + 2c) - 2 gammaln(1 + c)) / c^2`` (SciPy's; from c = 1 on as the difference of the
    gammas, where it no longer cancels and the exponential of a large gammaln lost digits), below ``|c| =
    _GEV_SERIES_BELOW`` its Taylor series; +inf for ``-1 < c <= -1/2`` (the second moment diverges, the mean is finite: SciPy gives inf at
    -1/2, NaN below), NaN for ``c <= -1``, where the mean is infinite."""
    def form(c):
        small = np.abs(np.asarray(_plain(c), dtype=float)) < _GEV_SERIES_BELOW

        def quotient(c):
            lg = sc.gammaln(1.0 + c)
            return np.exp(2.0 * lg) * np.expm1(sc.gammaln(1.0 + 2.0 * c) - 2.0 * lg) / (c * c)

        def gammas(c):
            return (sc.gamma(1.0 + 2.0 * c) - np.square(sc.gamma(1.0 + c))) / (c * c)
        return _piecewise(c, small, lambda c: _piecewise(c, np.asarray(_plain(c), dtype=float) >= 1.0, quotient, gammas,
                                                         0.5, 2.0),
                          lambda c: _GEV_SERIES(c, which=1), 1.0, 0.0)
    return _moment_where(lambda p: p > -0.5, lambda p: p > -1.0, form, (c,), 0.0)


_add_moments("genextreme", ("c",), _gev_mean, _gev_variance, None, None, 0.3,
             " The mean ``(1 - Gamma(1 + c)) / c`` exists for ``c > -1`` (+inf below, SciPy's NaN), the variance ``(Gamma(1 "
             "+ 2c) - Gamma(1 + c)^2) / c^2`` for ``c > -1/2`` (+inf for ``-1 < c <= -1/2``, SciPy's NaN, and NaN from ``c = "
             "-1`` down); at and near ``c = 0`` (Gumbel: euler and pi^2 / 6) their Taylor series.")


_add_quantile_summaries("genextreme")


# -- gompertz ----------------------------------------------------------------------------------


class gompertz:
    """The Gompertz distribution, as ``scipy.stats.gompertz``: its sf is ``exp(-c (e^z - 1))``;
    differentiable in x (or q), c, loc and scale, to every order, with ``mean``, ``var`` (quadrature), ``entropy``. Its
    support ``z = (x - loc) / scale >= 0`` includes 0, where the derivatives are the one-sided ones
    from inside. The lower log tail is ``log c + log(e^z - 1)`` plus a series near 0 (exact as z goes
    to 0); far in the upper tail (``c (e^z - 1) > 3000``) the density, cdf and sf are constants.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gompertz
    >>> float(wg.grad_bp(lambda x: gompertz.cdf(x, 2.0), 0.0))  # the density at 0: c
    2.0

    .. versionadded:: 0.1
    """


def _gompertz_u(z, c):
    """``u = c (e^z - 1)``; beyond z = 700, ``(c e^700) e^(z - 700)`` (``e^z - 1`` is ``e^z`` to rounding
    there, and ``z - 700`` exact): finite while ``c e^z`` is (``c expm1(z)`` was inf from z = 709.8 for
    every c: SciPy's logsf(800, 1e-300) is -inf, the truth -2.7e47; through ``exp(z + log c)`` 2.4e-14
    relative off, the rounding of ``log c``)."""
    big = _plain(z) > 700.0
    with np.errstate(over="ignore"):  # (inf where c e^z overflows, as SciPy's)
        return _piecewise(z, big, lambda z: c * np.expm1(z), lambda z: c * _EXP_700 * np.exp(z - 700.0), 1.0, 800.0)


_EXP_700 = math.exp(700.0)


def _gompertz_log_density(z, c, scale):
    return _log_of(c) + z - _gompertz_u(z, c) - _log_of(scale)


def _gompertz_logcdf(z, c, log_z=None):
    """``log(1 - exp(-u))``, ``u = c (e^z - 1)``: ``log c + log(e^z - 1) + h(u)`` (h's series,
    :func:`_log_expm1_ratio`) where ``u < 1/2``, ``log1mexp(-u)`` above. With ``log_z`` (:func:`_log_of_z`), below z =
    1/2 ``log(e^z - 1)`` as ``log z + h(-z)``, log z's derivatives in x and in scale apart (through z d2/dx dscale of
    gompertz.logcdf(1e-15, 1.5) was 0.375, the truth 0.25; 0.0 at 1e-100, an overflow warning at 1e-200)."""
    if log_z is not None:
        def log_expm1(z):
            return _piecewise(z, np.asarray(_plain(z)) < 0.5, _log_expm1,
                              lambda z: log_z(z) + _log_expm1_ratio(-z), 1.0, 0.25)
    else:
        log_expm1 = _log_expm1
    small = np.asarray(_plain(_gompertz_u(_plain(z), _plain(c))) < _SMALL_U)
    small = np.broadcast_to(small, np.broadcast_shapes(small.shape, np.shape(_plain(c))))
    # (each form at stand-ins of z and c on the other's entries: c = 1e200 at the series' z = 1e-3 made u = 1e197,
    # whose series overflowed, and its zero cotangent gave d/dc NaN to the other entries of a batch)
    return _two_forms(small, lambda z, c: _log1mexp(-_gompertz_u(z, c)),
                      lambda z, c: _log_of(c) + log_expm1(z) + _log_expm1_ratio(_gompertz_u(z, c)), (z, c),
                      (30.0, 1.0), (1e-3, 1.0))


def _gompertz_top(function, outside):
    """``function(z, c, scale)``, and ``outside`` with derivatives 0 where ``u = c (e^z - 1)`` passes
    ``-_VANISHING_LOG``: there the function (the density, a tail) is ``exp(-u)`` times powers of
    ``u``, which underflow, while ``u``'s derivatives overflow (0 * inf = NaN from e^z = inf)."""
    def top(z, c, scale):
        cp = _plain(c)
        return _vanishing(lambda z: -_gompertz_u(z, cp), lambda z: function(z, c, scale), z, 0.0, outside)
    return top


def _gompertz_check(name, z, c):
    _shapes_positive(name, c)


_shape_functions(gompertz, ("c",), _gompertz_check, [
    (name, inside, function, outside, formula, f"round(float(gompertz.{name}(0.5, 2.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _gompertz_log_density, -np.inf,
         "``log(c) + z - c (e^z - 1) - log(scale)`` on ``z >= 0``, ``-inf`` below.", "-0.104295"),
        # (c / scale out of the exponential: through exp(log c + ...) d2/dc2 was pdf ((1/c - e)^2 - 1/c^2),
        # e = e^z - 1, cancelling where e << 1/c: 1.9e-6 for -2e-8 at z = 1e-8, c = 1e-10)
        ("pdf", lambda z: z >= 0, _gompertz_top(lambda z, c, scale: c / scale * np.exp(z - _gompertz_u(z, c)), 0.0),
         0.0, "``c e^z exp(-c (e^z - 1)) / scale`` on ``z >= 0``, 0 below.", "0.900959"),
        ("cdf", lambda z: z >= 0, _gompertz_top(lambda z, c, scale: -np.expm1(-_gompertz_u(z, c)), 1.0), 0.0,
         "``1 - exp(-c (e^z - 1))`` (as ``-expm1``), 0 below the support.", "0.72677"),
        # (-0 with derivatives 0 far up, at a point of the support (1) where logcdf is finite: through
        # log1mexp(-u) the derivatives were NaN where c e^z overflows)
        # (at z = 0: -inf with the limits from inside as its derivatives, log z + log c + (1 - c) z / 2 + O(z^2))
        ("logcdf", lambda z: z >= 0, lambda z, c, scale, log_z: _log_cdf_from_lower_end(z, lambda z: _vanishing(
            lambda z: -_gompertz_u(z, _plain(c)), lambda z: _gompertz_logcdf(z, c, log_z), z, 1.0, -0.0),
            lambda z: log_z(z, 1.0, end=True) + np.log(c) + 0.5 * (1.0 - c) * z), -np.inf,
         "``log(1 - exp(-c (e^z - 1)))`` (``log c + log(e^z - 1)`` and a series where ``c (e^z - 1) < 1/2``), "
         "``-inf`` at and below 0.", "-0.319145"),
        ("sf", lambda z: z >= 0, _gompertz_top(lambda z, c, scale: np.exp(-_gompertz_u(z, c)), 0.0), 1.0,
         "``exp(-c (e^z - 1))``, 1 below the support.", "0.27323"),
        ("logsf", lambda z: z >= 0, lambda z, c, scale: -_gompertz_u(z, c), 0.0,
         "``-c (e^z - 1)``, 0 below the support.", "-1.297443"))])


@functools.lru_cache(maxsize=None)
def _gompertz_isf_coefficients(n):
    """``{k: a_k}``, ``k = n, ..., 1`` (the order of the sums below): the n-th q-derivative of
    ``log1p(t / c)``, ``t = -log(q)``, is ``sum_k a_k (c + t)^-k / q^n``. It is ``f(log q)`` with
    ``f(u) = log(c - u) - log(c)``, ``f^(k)(u) = -(k - 1)! / (c - u)^k``, so (:func:`_stirling_first`)
    ``a_k = -s(n, k) (k - 1)!``: exact integers rounded once (a float recursion gave the same bits up to
    n = 19; beyond, where they pass 2^53, it rounded at every step)."""
    stirling = _stirling_first(n)
    return {k: -float(stirling[k] * math.factorial(k - 1)) for k in range(n, 0, -1)}


_GOMPERTZ_ISF_DQ = _z_derivatives(
    "wengert.scipy.stats.gompertz.isf (d/dq)",
    lambda n, q, c: sum(a * (c - np.log(q)) ** -k for k, a in _gompertz_isf_coefficients(n).items()),
    lambda n: n,
    lambda n, q, c: sum(-k * a * (c - np.log(q)) ** (-k - 1) for k, a in _gompertz_isf_coefficients(n).items())
    / q ** n)
_GOMPERTZ_ISF_TINY = OwnPrimitive(lambda q, c: np.log1p(-np.log(q) / c), name="wengert.scipy.stats.gompertz.isf (tiny q)",
                                  reenters="any")
_def_partials(_GOMPERTZ_ISF_TINY, lambda q, c: _GOMPERTZ_ISF_DQ(q, c, n=1),
              lambda q, c: np.log(q) / (c * (c - np.log(q))))
#: Below this q gompertz.isf is one primitive in q: through log1p(-log(q) / c) its second derivative
#: in q was two terms of order 1/q^2 overflowing apart (NaN at q = 1e-300, the truth +inf)
_GOMPERTZ_TINY_Q = 1e-150


#: Below this c (where 1/c^2 overflows from 1.5e-154) and above t, gompertz's quantile log1p(t / c) is
#: log(c + t) - log(c): through log1p(t / c) its second derivative in c was inf - inf = NaN (the truth +inf)
_GOMPERTZ_TINY_C = 1e-150


def _gompertz_log1p_ratio(t, c):
    """``log1p(t / c)``, as ``log(c + t) - log(c)`` where ``c < _GOMPERTZ_TINY_C`` and ``t > c``."""
    tiny = (np.asarray(_plain(c), dtype=float) < _GOMPERTZ_TINY_C) & (np.asarray(_plain(t), dtype=float) > _plain(c))
    return _piecewise(c, tiny, lambda c: np.log1p(t / c), lambda c: np.log(c + t) - np.log(c), 1.0, 1e-200)


def _gompertz_quantile(name, q, c, loc, scale, upper):
    _shapes_positive(name, c)
    if upper:
        def standard(q, c):
            return _piecewise(q, _plain(q) < _GOMPERTZ_TINY_Q, lambda q: _gompertz_log1p_ratio(-np.log(q), c),
                              lambda q: _GOMPERTZ_ISF_TINY(q, c), 0.5, 1e-200)
    else:
        def standard(q, c):
            return _gompertz_log1p_ratio(-np.log1p(-q), c)
    return _located(name, q, loc, scale, standard, shapes=(c,))


#: Below this c gompertz's entropy is ``1 + c log c r(c) - e^c (Ein(c) - euler)``, ``r = expm1(c) / c``
#: (_GOMPERTZ_SERIES_TERMS terms of each series, the last below 1e-20 of the sum at c = 1): through
#: ``1 - log c - e^c E1(c)`` its first derivative was ``-1/c + 1/c + ...`` and its second ``1/c^2 - 1/c^2
#: + ...``, cancelling (at c = 1e-10 d2 7.2e-7 relative off, at 1e-20 d1 and d2 0 for -45.5 and 1e20)
_GOMPERTZ_SERIES_FROM = 1.0
#: Ein(c) = sum_k (-1)^(k + 1) c^k / (k k!) and expm1(c) / c = sum_k c^k / (k + 1)!
_GOMPERTZ_EIN = [0.0] + [(-1.0) ** (k + 1) / (k * math.factorial(k)) for k in range(1, _GOMPERTZ_SERIES_TERMS + 1)]


def _gompertz_entropy(c):
    """``1 - log c - e^c E1(c)``; below ``_GOMPERTZ_SERIES_FROM`` ``1 + c log c r(c) - e^c (Ein(c) - euler)``,
    ``E1(c) = Ein(c) - euler - log c``, with ``c log c`` one primitive (:data:`_LOG_POWER`, whose second
    derivative ``1/c`` is finite to c = 1e-300) and the series by Horner's rule."""
    def series(c):
        return (1.0 + _LOG_POWER(c, c) * polynomial(c, _GOMPERTZ_EXPREL)
                - np.exp(c) * (polynomial(c, _GOMPERTZ_EIN) - _EULER))
    return _piecewise(c, _plain(c) < _GOMPERTZ_SERIES_FROM, lambda c: 1.0 - np.log(c) - _scaled_exp1(c), series,
                      2.0, 0.5)


_quantiles(gompertz, "c", _gompertz_quantile, (
    ("``loc + scale log1p(-log1p(-q) / c)``.", "round(float(gompertz.ppf(0.5, 2.0)), 6)", "0.297563"),
    ("``loc + scale log1p(-log(q) / c)``.", "round(float(gompertz.isf(0.5, 2.0)), 6)", "0.297563")))
_add_moments("gompertz", ("c",), _scaled_exp1,
             lambda c: _quadrature_var("gompertz.var", gompertz, (c,), mean=_scaled_exp1), _gompertz_entropy,
             _shapes_positive, note=" The mean is ``e^c E1(c)``; the variance (no closed form in c; SciPy integrates "
             "it) ``int_0^1 (ppf(u) - m)^2 du`` by tanh-sinh quadrature in u about the mean's value "
             "(``_common._quadrature_var``: as differentiable as ppf and isf).")
_add_quantile_summaries("gompertz")


# -- dweibull (the double Weibull distribution) -------------------------------------------------


class dweibull:
    """The double Weibull distribution, as ``scipy.stats.dweibull``: weibull_min's density halved and
    mirrored about ``loc`` (``pdf = c / 2 |z|^(c - 1) exp(-|z|^c) / scale``, ``cdf = 1 - exp(-z^c) / 2`` for
    ``z > 0``), differentiable in x (or q), c, loc and scale, to every order, away from its kink.

    At ``x == loc`` (``z = 0``) the density has no derivative in x, loc or scale for any c but one side's
    (``|z|^(c - 1)``: its slopes there are opposite, or infinite, or the density is), so ``pdf`` and ``logpdf``
    refuse them there (:class:`~wengert.NoGradientRule`), and their derivative in c where ``c = 1`` (the density
    jumps in c there, as weibull_min's); the tails' first derivatives there are the density's, one number
    for both sides (0 for c > 1, 1/2 for c = 1, inf below), and their second derivatives in x, loc and scale
    are refused (the two sides' differ). The quantiles refuse a traced q at ``q = 1/2`` (the same point);
    the median, ``loc`` for every c, has derivative 0 in c.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import dweibull
    >>> round(float(wg.grad_bp(lambda x: dweibull.cdf(x, 1.0), 1.0)), 6)  # the density e^-1 / 2
    0.18394

    .. versionadded:: 0.1
    """


def _dweibull_z(name, x, c, loc, scale):
    """``z = (x - loc) / scale``, with dweibull's checks and its kink at z = 0 (see the class)."""
    _shapes_positive(name, c)
    z = _standardized(name, x, loc, scale)
    # (x == loc itself, not z rounded to 0 there: dweibull.logpdf(1e-300, 0.2, 0, 1e30) is 536.50)
    at_loc = (np.asarray(_plain(z)) == 0) & (np.asarray(_plain(x), dtype=float) - np.asarray(_plain(loc)) == 0)
    if name.endswith("pdf") and isinstance(c, (Var, Dual)) and np.any(at_loc & (_plain(c) <= 1)):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in c at x == loc for c <= 1: the density's factor "
            "|z|^(c - 1) is 0 ** 0 = 1 there at c = 1, 0 for a larger c and inf for a smaller one (and inf on "
            "all of c < 1). Evaluate away from x == loc, or pass c as a constant (wengert.stop_gradient).")
    if not any(isinstance(v, (Var, Dual)) for v in (x, loc, scale)) or not np.any(at_loc):
        return z
    if name.endswith("pdf"):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in x, loc or scale at x == loc: the density is "
            "|z|^(c - 1) there, whose two sides' slopes differ (or are infinite). Evaluate away from x == loc, "
            "or pass x, loc and scale as constants (wengert.stop_gradient) to differentiate in c.")
    # (z itself marked, not _kinked_at's z + (mark(z) - z): its cotangent g + (g - g) was NaN where the first
    # derivative is infinite, c < 1)
    return _second_order_kink(z, (
        f"wengert.scipy.stats.{name}", "the common value of its one-sided derivatives at x == loc, where its "
        "second derivative jumps (the one-sided second derivatives differ)", "Evaluate away from x == loc."))


def _dweibull_log_density(t, c, scale, log_abs=None, power_abs=None):
    """weibull_min's log density at ``t = |z|`` (log(c) and log(scale) Python floats for Python numbers: np.log(1.0)
    made float32 results float64; np.power, not ``**``: a Python float's ``1e300 ** 2.0`` raised
    OverflowError where the truth is -inf). ``log_abs`` (:func:`_log_abs_of_z`'s): ``(c - 1) log t`` from it where t > 0,
    its derivatives in x and in scale apart (through z d2/dx dscale was ``(c - 1) / (x s) - (c - 1) / (x s)``, which
    rounded away ``c^2 z^c / (x s)``: dweibull.logpdf(1e-20, 1.5, 0, 0.5)'s 0 for 1.27e-29). ``power_abs``
    (:func:`_power_of_z`'s of |x - loc| and |z|): ``t^c`` with its derivatives in x and in scale apart (through t d2/dx
    dscale met ``c (c - 1) t^(c - 2)``'s overflow: dweibull.logpdf(1e-300, 0.2, 0, 1.3)'s -inf for 2.9e238)."""
    # (float32 stays float32: SciPy < 1.18's xlogy has no float32 loop)
    if log_abs is None:
        power_log = sc.xlogy(c - 1.0, t)
    else:
        positive = _plain(t) > 0
        inside = getattr(log_abs, "inside", None)  # (z rounded to 0 while x != loc: log|u| - log scale)
        if inside is not None and inside.shape == positive.shape:
            positive = positive | inside
        power_log = np.where(positive, log_abs(t, c - 1.0), sc.xlogy(c - 1.0, np.where(positive, 1.0, t)))
    power = np.power(t, c) if power_abs is None else power_abs(t, c)
    return _in_dtype_of(_log_of(c) + power_log - power - _log_of(scale), t, c, scale)


def _dweibull_density(t, c, scale, log_abs=None, power_abs=None):
    """weibull_min's density at ``t = |z| >= 0`` over 2 (:func:`_weibull_power_density`)."""
    return 0.5 * _weibull_power_density(t, c, scale, lambda t: _dweibull_log_density(t, c, scale, log_abs, power_abs),
                                        getattr(log_abs, "inside", None))


def _dweibull_half_tail(t, c):
    return 0.5 * np.exp(-np.power(t, c))


def _dweibull_log_half_tail(t, c):
    return -_LOG_2 - np.power(t, c)


def _dweibull_big_tail(t, c):
    return 1.0 - 0.5 * np.exp(-np.power(t, c))


def _dweibull_log_big_tail(t, c):
    return np.log1p(-0.5 * np.exp(-np.power(t, c)))


_LOG_2 = math.log(2.0)
#: name -> (the function of t = z on z >= 0, that of t = -z on z < 0; each of (t, c, scale)), formula, value at
#: (1.0, 2.0)
_DWEIBULL_FUNCTIONS = {
    "logpdf": ((lambda t, c, scale, log_abs=None, power_abs=None: _dweibull_log_density(
        t, c, scale, log_abs, power_abs) - _LOG_2,) * 2,
               "``log(c / 2) + (c - 1) log|z| - |z|^c - log(scale)``.", "-1.0"),
    "pdf": ((_weibull_top(_dweibull_density, 0.0),) * 2, "``c / 2 |z|^(c - 1) exp(-|z|^c) / scale``.", "0.367879"),
    "cdf": ((_weibull_top(lambda t, c, scale: _dweibull_big_tail(t, c), 1.0),
             _weibull_top(lambda t, c, scale: _dweibull_half_tail(t, c), 0.0)),
            "``1 - exp(-z^c) / 2`` for ``z >= 0``, ``exp(-|z|^c) / 2`` below.", "0.81606"),
    "logcdf": ((_weibull_top(lambda t, c, scale: _dweibull_log_big_tail(t, c), -0.0),
                lambda t, c, scale: _dweibull_log_half_tail(t, c)),
               "``log1p(-exp(-z^c) / 2)`` for ``z >= 0``, ``-log 2 - |z|^c`` below (finite far out).", "-0.203267"),
    "sf": ((_weibull_top(lambda t, c, scale: _dweibull_half_tail(t, c), 0.0),
            _weibull_top(lambda t, c, scale: _dweibull_big_tail(t, c), 1.0)),
           "``exp(-z^c) / 2`` for ``z >= 0``, ``1 - exp(-|z|^c) / 2`` below.", "0.18394"),
    "logsf": ((lambda t, c, scale: _dweibull_log_half_tail(t, c),
               _weibull_top(lambda t, c, scale: _dweibull_log_big_tail(t, c), -0.0)),
              "``-log 2 - z^c`` for ``z >= 0`` (finite far out), ``log1p(-exp(-|z|^c) / 2)`` below.", "-1.693147"),
}


def _dweibull_method(name, forms, formula, value):
    positive, negative = forms

    def method(x, c, loc=0.0, scale=1.0):
        z = _dweibull_z(f"dweibull.{name}", x, c, loc, scale)
        # (divide: at z = 0 for c < 1 the density and the tails' slopes are inf; over: |z|^c far out, whose
        # inf is the truth's: a density and tail 0, a log one -inf)
        if name in ("logpdf", "pdf"):  # (log|z| and |z|^c of |x - loc| and the scale apart)
            u = x - loc
            if np.shape(_plain(u)) != np.shape(_plain(z)):
                # (in z's shape: _log_abs_of_z finds z rounded to 0 only there; x of shape (2, 1) beside a scale of
                # shape (2,) left d/dc of dweibull.pdf at z rounded to 0 the density alone, as before faeed3b)
                u = u + np.zeros(np.shape(_plain(z)))
            logs = (_log_abs_of_z(u, scale, z),
                    _power_of_z(np.where(np.asarray(_plain(u)) < 0, -u, u), scale, np.abs(z)))  # (u's sign: z -0.0)
        else:
            logs = ()
        with np.errstate(divide="ignore", over="ignore"):
            return _dweibull_sided(z, lambda t: positive(t, c, scale, *logs), lambda t: negative(t, c, scale, *logs))
    method.__doc__ = _doc(dweibull, formula, f"round(float(dweibull.{name}(1.0, 2.0)), 6)", value)
    _method(dweibull, name)(method)


for _name, _dweibull_row in _DWEIBULL_FUNCTIONS.items():
    _dweibull_method(_name, *_dweibull_row)


def _dweibull_quantile(name, q, c, loc, scale, upper):
    """ppf: ``-(-log(2 q))^(1/c)`` below ``q = 1/2``, ``(-log(2 (1 - q)))^(1/c)`` above (the power one
    primitive in q below ``_TINY_Q``, as weibull_min's isf), 0 at 1/2 (a traced q refused there); isf: minus
    the ppf's."""
    _shapes_positive(name, c)
    pq = np.asarray(_plain(_q(name, q)), dtype=float)
    if isinstance(q, (Var, Dual)) and np.any(pq == 0.5):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in q at q = 1/2 (x == loc, the kink of the density: "
            "its slope there is 1 / pdf(loc), infinite for c > 1, and the two sides' second derivatives differ). "
            "Evaluate away from q = 1/2, or pass q as a constant.")

    def power(p, c):  # (-log p)^(1/c), p = 2 min(q, 1 - q) in (0, 1)
        return _tiny_q_power(p, 1.0 / c, 1.0, lambda p: (-np.log(p)) ** (1.0 / c))

    def above(q, c):  # q >= 1/2: 0 at 1/2 exactly (constant in c: 0^(1/c)'s derivative in c was 0 * inf)
        return _piecewise(q, pq[()] == 0.5 if np.ndim(pq) == 0 else np.broadcast_to(pq == 0.5, np.shape(pq)),
                          lambda q: power(2.0 * (1.0 - q), c), lambda q: 0.0 * q + 0.0 * c, 0.75, 0.5)

    def standard(q, c):
        return _piecewise(q, pq < 0.5, lambda q: above(q, c), lambda q: -power(2.0 * q, c), 0.75, 0.25)
    return _located(name, q, loc, scale, standard, sign=-1.0 if upper else 1.0, shapes=(c,))


_quantiles(dweibull, "c", _dweibull_quantile, (
    ("``loc - scale (-log(2 q))^(1/c)`` below ``q = 1/2``, ``loc + scale (-log(2 (1 - q)))^(1/c)`` above.",
     "round(float(dweibull.ppf(0.9, 2.0)), 6)", "1.268636"),
    ("``loc + scale (-log(2 q))^(1/c)`` below ``q = 1/2``, ``loc - scale (-log(2 (1 - q)))^(1/c)`` above.",
     "round(float(dweibull.isf(0.1, 2.0)), 6)", "1.268636")))
# the mean 0 (symmetric), the variance gamma(1 + 2/c) (the second moment), the entropy weibull_min's + log 2
_add_moments("dweibull", ("c",), lambda c: 0.0 * c, lambda c: sc.gamma(1.0 + 2.0 / c),
             lambda c: -np.log(c) + _EULER * (1.0 - 1.0 / c) + 1.0 + _LOG_2, _shapes_positive)
_add_quantile_summaries("dweibull")


# -- truncweibull_min (Weibull's minimum distribution truncated to [a, b]) ---------------------------


class truncweibull_min:
    """The truncated Weibull minimum distribution, as ``scipy.stats.truncweibull_min``: ``c z^(c - 1) exp(-z^c) /
    (exp(-a^c) - exp(-b^c))`` on ``a <= z <= b`` (``c > 0``, ``0 <= a < b``); differentiable in x (or q), c, a, b, loc
    and scale. ``W = z^c`` is an exponential variable truncated to ``[a^c, b^c]``: each tail is written from both ends'
    distances ``l = z^c - a^c`` and ``h = b^c - z^c`` (each as ``t^c expm1(c log1p(d / t))`` of the difference ``d``
    of the points: no cancellation at either end), ``cdf = -expm1(-l) / -expm1(-D)``, ``sf = exp(-l) -expm1(-h) /
    -expm1(-D)``, ``D = b^c - a^c`` (SciPy's ``exp(-a^c) - exp(-x^c)`` cancels near a: its ``cdf(1 + 1e-10, 2, 1, 3)``
    is 3.9e-7 relative off), each log tail ``log1p(-the other)`` where the other is below 1/2. The density jumps at the
    ends: a traced argument with x at an end is refused. The quantiles from the nearer end (``l`` or ``h`` from the
    tail, then ``z``); the mean and variance SciPy's ``gamma(n/c + 1) (P(n/c + 1, b^c) - P(n/c + 1, a^c)) /
    (exp(-a^c) - exp(-b^c))`` (as a difference of the Q's above the median); no entropy (SciPy integrates it).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import truncweibull_min
    >>> round(float(wg.grad(lambda a: truncweibull_min.cdf(1.5, 2.0, a, 3.0))(1.0)), 6)
    -0.572723

    .. versionadded:: 0.1
    """


def _truncweibull_min_shapes(name, c, a, b):
    """``c > 0``, ``0 <= a < b <= inf`` (SciPy gives NaN elsewhere; b = inf is weibull_min truncated below)."""
    pc, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (c, a, b))
    if not np.all(pc > 0) or not np.all(np.isfinite(pc)):
        raise ValueError(f"{name}: c must be positive and finite (SciPy gives NaN)")
    if not np.all((pa >= 0) & (pb > pa) & np.isfinite(pa)):
        raise ValueError(f"{name}: a and b must satisfy 0 <= a < b <= inf (SciPy gives NaN)")


def _truncweibull_min_unbounded(b, z=None):
    """``(infinite, b)``: where the plain b is inf (a plain mask, None where none is), and b with a finite stand-in
    there (``2 z + 2``, above z: its terms, replaced by their limits at b = inf, evaluated on finite numbers)."""
    pb = np.asarray(_plain(b), dtype=float)
    infinite = np.isinf(pb)
    if not np.any(infinite):
        return None, b
    stand_in = 1.0 if z is None else 2.0 * np.asarray(_plain(z), dtype=float) + 2.0
    return infinite, np.where(infinite, np.where(np.isfinite(stand_in), stand_in, 1.0), b)


def _truncweibull_min_check(name, z, c, a, b):
    """The shapes (:func:`_truncweibull_min_shapes`); for a traced argument, no point at an end of the support (z = a
    or z = b), where the density jumps and the tails' one-sided derivatives differ."""
    _truncweibull_min_shapes(name, c, a, b)
    if z is not None and any(isinstance(v, (Var, Dual)) for v in (z, c, a, b)):
        pz = _plain(z)
        _refuse_a_jump(name, True, (pz == _plain(a)) | ((pz == _plain(b)) & np.isfinite(pz)), "x is loc + a scale or "
                       "loc + b scale (an end "
                       "of the support)", "the density jumps there (from 0 to c z^(c - 1) exp(-z^c) / (exp(-a^c) - "
                       "exp(-b^c))), so its one-sided derivatives and the tails' differ")


def _power_difference(t, u, c):
    """``u^c - t^c`` for ``0 <= t <= u``: ``t^c expm1(c log1p((u - t) / t))`` (no cancellation as u nears t), ``u^c -
    t^c`` at t = 0 (``u^c`` alone had no derivatives in t there: truncweibull_min's in a at a = 0 were 0, the truth
    ``-c a^(c - 1)``, ``-c (c - 1) a^(c - 2)``: -1 at c = 1, -2 in the second at c = 2)."""
    pt, pu = np.asarray(_plain(t), dtype=float), np.asarray(_plain(u), dtype=float)
    shape = np.broadcast_shapes(pt.shape, pu.shape, np.shape(_plain(c)))
    # (and u^c - t^c where (u - t) / t overflows, t below 2^-1024 u, far from u: there no digits cancel, and the
    # ratio's overflow warned, truncweibull_min.cdf(5e-324, 0.5, 0, 2)'s h = b^c - z^c, inf in a form masked after)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        zero = np.broadcast_to((pt == 0) | ~np.isfinite((pu - pt) / pt), shape)
    return _two_forms(zero, lambda t, u, c: t ** c * np.expm1(c * np.log1p((u - t) / t)), lambda t, u, c: u ** c - t ** c,
                      (t, u, c), (1.0, 2.0, 1.0), (0.0, 2.0, 1.0))


def _log1mexp_power_difference(t, u, c):
    """``log(1 - exp(-w))``, ``w = u^c - t^c`` (:func:`_power_difference`, ``0 <= t < u``). Where ``r = (u - t) / t``,
    ``y = c log1p(r)`` and ``w`` are below 1/2, ``log w + log((1 - e^-w) / w)`` with ``log w = (c - 1) log t + log c +
    log(u - t) + y + log((1 - e^-y) / y) + log(log1p(r) / r)`` (:func:`_log_expm1_ratio`, the series
    :data:`_LOG1P_RATIO_SERIES`): through ``log(-expm1(-w))`` near ``u = t`` d2/du dc was two terms ``1 / (c (u -
    t))`` apart (truncweibull_min.logcdf just above a: 2e-2 relative off at ``u - t = 4.4e-16``)."""
    pt, pu, pc = (np.asarray(_plain(v), dtype=float) for v in (t, u, c))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        r = np.where(pt > 0, (pu - pt) / np.where(pt > 0, pt, 1.0), np.inf)
        y = pc * np.log1p(r)
        near = (r < 0.5) & (y < 0.5) & (pt ** pc * np.expm1(y) < 0.5)

    def series(t, u, c):
        y = c * np.log1p((u - t) / t)
        w = t ** c * np.expm1(y)
        log_w = ((c - 1.0) * np.log(t) + np.log(c) + np.log(u - t) + y + _log_expm1_ratio(y)
                 + np.log(polynomial((u - t) / t, _LOG1P_RATIO_SERIES)))
        return log_w + _log_expm1_ratio(w)
    return _two_forms(near, lambda t, u, c: _log1mexp(-_power_difference(t, u, c)), series, (t, u, c),
                      (1.0, 2.0, 1.0), (1.0, 1.1, 1.0))


def _truncweibull_min_inside(name):
    """``name`` on ``a <= z <= b`` from ``l = z^c - a^c``, ``h = b^c - z^c``, ``D = b^c - a^c``. ``log_z`` and
    ``power_z`` (:func:`_log_of_z`, :func:`_power_of_z`; the log density and log cdf): ``(c - 1) log z`` from them, and
    where a is a constant 0 the log cdf's ``log(1 - exp(-z^c))`` as weibull_min's (:func:`_log1mexp_power`): through z
    d2/dx dscale of truncweibull_min.logcdf(x, 1.5, 0, 2) was -0.25 at 1e-15 (the truth 3.6e-8) and 1.9e84 at 1e-100
    (1.1e-50), logpdf's 0.0 at 1e-15 for 7.1e-8."""
    def inside(z, c, a, b, scale, log_z=None, power_z=None):
        # (b = inf: exp(-h) and exp(-D) 0, with derivatives 0: the terms of a finite stand-in replaced by them)
        infinite, b = _truncweibull_min_unbounded(b, z)
        l, h, d = _power_difference(a, z, c), _power_difference(z, b, c), _power_difference(a, b, c)
        if infinite is not None:
            h, d = np.where(infinite, np.inf, h), np.where(infinite, np.inf, d)
        log_mass = _log1mexp_power_difference(a, b, c)  # log(1 - exp(-D))
        if infinite is not None:
            log_mass = np.where(infinite, 0.0, log_mass)
        if name == "logpdf":
            return np.log(c) + _xlog_z(c - 1.0, z, log_z) - l - log_mass - _log_of(scale)
        if name == "pdf":
            return c * np.exp(sc.xlogy(c - 1.0, z) - l - log_mass) / scale
        mass = -np.expm1(-d)
        cdf = -np.expm1(-l) / mass
        sf = np.exp(-l) * -np.expm1(-h) / mass
        if name in ("cdf", "sf"):  # (1 - the other where that is below 1/2: through the quotient near its end the
            # derivatives in c and a cancelled, 1e-7 relative off at z = b - 1e-9)
            return _one_minus(sf, cdf, False) if name == "cdf" else _one_minus(cdf, sf, False)
        pz = np.asarray(_plain(z), dtype=float)
        shape = np.broadcast_shapes(pz.shape, *(np.shape(_plain(v)) for v in (c, a, b)))
        small = np.broadcast_to(_plain(cdf if name == "logcdf" else sf) < 0.5, shape)
        if name == "logcdf":
            own = _log1mexp_power_difference(a, z, c)
            from_zero = np.broadcast_to((np.asarray(_plain(a)) == 0) & (pz > 0), shape)  # (z = 0: -inf as before)
            if log_z is not None and not isinstance(a, (Var, Dual)) and np.any(from_zero):
                own = np.where(from_zero, _log1mexp_power(np.where(from_zero, z, 1.0), c, log_z=log_z,
                                                          power_z=power_z), own)
            own = own - log_mass
        else:
            own = _log1mexp_power_difference(z, b, c)
            own = -l + (own if infinite is None else np.where(infinite, 0.0, own)) - log_mass
        other = sf if name == "logcdf" else cdf
        return np.where(small, own, np.log1p(-np.where(small, 0.25, other)))
    return inside


def _truncweibull_min_function(name):
    inside = _truncweibull_min_inside(name)

    def function(log_z=None, power_z=None):
        return _closed_support_function(name, lambda z, c, a, b, scale: inside(z, c, a, b, scale, log_z, power_z),
                                        lambda c, a, b: b, lambda c, a, b: np.where(np.isinf(b), a + 1.0, 0.5 * (a + b)),
                                        start=lambda c, a, b: a)
    if name in ("logpdf", "logcdf"):  # (given log z and z^c by _shape_functions)
        return lambda z, c, a, b, scale, log_z, power_z: function(log_z, power_z)(z, c, a, b, scale)
    return function()


_shape_functions(truncweibull_min, ("c", "a", "b"), _truncweibull_min_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _truncweibull_min_function(row[0]), row[1], row[2],
     f"round(float(truncweibull_min.{row[0]}(1.5, 2.0, 1.0, 3.0)), 6)", row[3]) for row in (
        ("logpdf", -np.inf, "``log(c) + (c - 1) log(z) - (z^c - a^c) - log(1 - exp(a^c - b^c)) - log(scale)`` on ``a "
         "<= z <= b``, ``-inf`` outside.", "-0.151052"),
        ("pdf", 0.0, "``c z^(c - 1) exp(-z^c) / ((exp(-a^c) - exp(-b^c)) scale)`` on ``a <= z <= b``, 0 outside.",
         "0.859803"),
        ("cdf", 0.0, "``-expm1(-l) / -expm1(-D)``, ``l = z^c - a^c``, ``D = b^c - a^c``; 0 below, 1 above.", "0.713735"),
        ("logcdf", -np.inf, "``log(cdf)`` (``log1p(-sf)`` where the sf is below 1/2).", "-0.337244"),
        ("sf", 1.0, "``exp(-l) -expm1(-h) / -expm1(-D)``, ``h = b^c - z^c``; 1 below, 0 above.", "0.286265"),
        ("logsf", 0.0, "``log(sf)`` (``log1p(-cdf)`` where the cdf is below 1/2).", "-1.250836"))])


def _truncweibull_min_quantile(name, q, c, a, b, loc, scale, upper):
    """From the nearer end: where the cdf ``p`` is at most 1/2, ``l = -log1p(-p (1 - exp(-D)))`` and ``z = a exp(log1p(l
    / a^c) / c)`` (``l^(1/c)`` at a = 0); else from the sf ``r``, ``h = log1p(r expm1(D))`` (``D + log(exp(-D) + r (1 -
    exp(-D)))`` where ``r expm1(D) > 1``) and ``z = b exp(log1p(-h / b^c) / c)``."""
    _truncweibull_min_shapes(name, c, a, b)

    def standard(q, c, a, b):
        infinite, b = _truncweibull_min_unbounded(b, a)
        d = d_finite = _power_difference(a, b, c)  # (d_finite: the stand-in's where b = inf, for from_b's unused form)
        if infinite is not None:
            d = np.where(infinite, np.inf, d)
        pq = np.asarray(_plain(q), dtype=float)
        shape = np.broadcast_shapes(pq.shape, *(np.shape(_plain(v)) for v in (c, a, b)))
        low = np.broadcast_to((pq > 0.5) if upper else (pq <= 0.5), shape)  # (the cdf at most 1/2)
        pa = np.broadcast_to(np.asarray(_plain(a), dtype=float), shape)

        def from_l(l):  # (z from l = z^c - a^c; at a = 0 (l + a^c)^(1/c): its one-sided derivatives in a there)
            return _two_forms(pa == 0, lambda l, a: a * np.exp(np.log1p(l / a ** c) / c),
                              lambda l, a: (l + a ** c) ** (1.0 / c), (l, a), (0.5, 1.0), (0.5, 0.0))

        def from_a(q):
            p = 1.0 - q if upper else q
            return from_l(-np.log1p(-p * -np.expm1(-d)))

        def from_b(q):
            r = q if upper else 1.0 - q
            if infinite is None:
                return from_b_finite(r)
            # (b = inf: the sf exp(-l), l = -log r; at a = 0 weibull_min's (-log r)^(1/c), one primitive below r =
            # 1e-150, where through the log its second derivative overflowed)
            unbounded = _two_forms(pa == 0, lambda r, a: a * np.exp(np.log1p(-np.log(r) / a ** c) / c),
                                   lambda r, a: _tiny_q_power(r, 1.0 / c, 1.0,
                                                              lambda r: (a ** c - np.log(r)) ** (1.0 / c)),
                                   (r, a), (0.5, 1.0), (0.5, 0.0))
            return np.where(infinite, unbounded, from_b_finite(r))

        def from_b_finite(r):
            with np.errstate(over="ignore"):
                big = np.broadcast_to(_plain(r) * np.expm1(np.asarray(_plain(d_finite), dtype=float)) > 1.0, shape)
            h = _two_forms(big, lambda r, d: np.log1p(r * np.expm1(d)),
                           lambda r, d: d + np.log(np.exp(-d) + r * -np.expm1(-d)), (r, d_finite), (0.1, 1.0),
                           (0.9, 800.0))
            return b * np.exp(np.log1p(-h / b ** c) / c)
        return _piecewise(q, ~low, from_a, from_b, 0.25 if upper else 0.75, 0.75 if upper else 0.25)
    with np.errstate(divide="ignore"):
        return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(c, a, b)), q, c, a, b, loc, scale)


_quantiles(truncweibull_min, ("c", "a", "b"), _truncweibull_min_quantile, (
    ("``loc + scale (a^c - log1p(-q (1 - exp(a^c - b^c))))^(1/c)`` (from the nearer end).",
     "round(float(truncweibull_min.ppf(0.5, 2.0, 1.0, 3.0)), 6)", "1.301081"),
    ("``ppf(1 - q)``, from the nearer end.", "round(float(truncweibull_min.isf(0.5, 2.0, 1.0, 3.0)), 6)", "1.301081")))


def _truncweibull_min_moment(n, c, a, b):
    """``E[z^n] = gamma(n/c + 1) (P(s, b^c) - P(s, a^c)) / (exp(-a^c) - exp(-b^c))``, ``s = n/c + 1`` (the Q's
    difference ``Q(s, a^c) - Q(s, b^c)`` where ``a^c`` is above s)."""
    # (in float64 for float32 shapes, cast back by the caller: the P's difference over exp(-a^c) - exp(-b^c) lost 8e-5
    # of the mean in float32 arithmetic at c = 3, a = 2.5, b = 3.5)
    c, a, b = (v + np.zeros((), np.float64) for v in (c, a, b))
    infinite, b = _truncweibull_min_unbounded(b, a)
    if infinite is not None:  # (b = inf: gamma(s) Q(s, a^c) / exp(-a^c), gamma(s) at a = 0; elsewhere as below)
        shape = np.broadcast_shapes(*(np.shape(_plain(v)) for v in (c, a, b)))
        at_zero = np.broadcast_to(np.asarray(_plain(a)) == 0, shape)
        s = n / c + 1.0
        unbounded = _two_forms(at_zero, lambda s, a: sc.gamma(s) * sc.gammaincc(s, a ** c) / np.exp(-(a ** c)),
                               lambda s, a: sc.gamma(s) + 0.0 * a, (s, a), (2.0, 1.0), (2.0, 0.0))
        if np.all(infinite):
            return unbounded
        return np.where(infinite, unbounded, _truncweibull_min_moment(n, c, a, np.where(infinite, 2.0 * a + 2.0, b)))
    shape = np.broadcast_shapes(*(np.shape(_plain(v)) for v in (c, a, b)))
    at_zero = np.broadcast_to(np.asarray(_plain(a)) == 0, shape)

    def inner(c, a, b):  # (a > 0)
        s = n / c + 1.0
        big_a, big_b = a ** c, b ** c
        above = np.broadcast_to(np.asarray(_plain(big_a)) > np.asarray(_plain(s)), np.shape(_plain(big_a + s + b)))
        difference = _two_forms(above, lambda s, big_a, big_b: sc.gammainc(s, big_b) - sc.gammainc(s, big_a),
                                lambda s, big_a, big_b: sc.gammaincc(s, big_a) - sc.gammaincc(s, big_b),
                                (s, big_a, big_b), (2.0, 1.0, 2.0), (2.0, 3.0, 4.0))
        return sc.gamma(s) * difference / (np.exp(-big_a) * -np.expm1(-_power_difference(a, b, c)))

    def from_zero(c, a, b):  # (a = 0: P(s, b^c) / (1 - exp(-b^c)))
        s = n / c + 1.0
        return sc.gamma(s) * sc.gammainc(s, b ** c) / -np.expm1(-(b ** c)) + 0.0 * a
    return _two_forms(at_zero, inner, from_zero, (c, a, b), (1.0, 1.0, 2.0), (1.0, 0.0, 2.0))


def _truncweibull_min_mean(c, a, b):
    return _truncweibull_min_moment(1.0, c, a, b)


#: Gauss-Legendre's nodes and weights on [-1, 1] (20 points, symmetric: the positive half), for
#: :func:`_truncweibull_min_narrow_var`, from mpmath (50 digits: NumPy's leggauss(20) weights are up to 7e-14 off)
_LEGENDRE_20_HALF = (0.07652652113349734, 0.22778585114164507, 0.37370608871541955, 0.5108670019508271,
                     0.636053680726515, 0.7463319064601508, 0.8391169718222188, 0.912234428251326, 0.9639719272779138,
                     0.9931285991850949)
_LEGENDRE_20_WEIGHTS = (0.15275338713072584, 0.14917298647260374, 0.14209610931838204, 0.13168863844917664,
                        0.11819453196151841, 0.10193011981724044, 0.08327674157670475, 0.06267204833410907,
                        0.04060142980038694, 0.017614007139152118)
_LEGENDRE_20 = (np.concatenate([-np.array(_LEGENDRE_20_HALF[::-1]), _LEGENDRE_20_HALF]),
                np.concatenate([_LEGENDRE_20_WEIGHTS[::-1], _LEGENDRE_20_WEIGHTS]))


def _truncweibull_min_narrow_var(c, a, b):
    """The variance on a narrow ``[a, b]`` (Var-aware) by Gauss-Legendre's rule (20 points) about the midpoint ``m``:
    ``E[u^2] - E[u]^2``, ``u = z - m`` (``E[u]`` small against the width), the density relative to its value at ``m``,
    ``exp((c - 1) log1p(u / m) - m^c expm1(c log1p(u / m)))``."""
    nodes, weights = (v.reshape((20,) + (1,) * np.ndim(_plain(c + a + b))) for v in _LEGENDRE_20)
    mid, half = 0.5 * (a + b), 0.5 * (b - a)
    u = half * nodes
    t = np.log1p(u / mid)
    weighted = weights * np.exp((c - 1.0) * t - mid ** c * np.expm1(c * t))
    total = np.sum(weighted, axis=0)
    first = np.sum(weighted * u, axis=0) / total
    return np.sum(weighted * u * u, axis=0) / total - first * first


def _truncweibull_min_var(c, a, b):
    """``E[z^2] - E[z]^2``; on a narrow ``[a, b]`` (``b - a <= a / 2``, the log density changing by at most 2 across
    it) :func:`_truncweibull_min_narrow_var`: the difference of the moments, about ``12 a^2 / (b - a)^2`` times the
    variance, cancelled (truncweibull_min.var(2, 1, 1.001) 8.7e-6 off, its derivative in c 30 times the truth)."""
    pc, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (c, a, b))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        narrow = ((pb - pa <= 0.5 * pa) & ((pb - pa) * np.abs((pc - 1.0) / pa - pc * pa ** (pc - 1.0)) <= 2.0)
                  & (pa > 0))

    def moments(c, a, b):
        mean = _truncweibull_min_moment(1.0, c, a, b)
        return _truncweibull_min_moment(2.0, c, a, b) - mean * mean
    return _two_forms(np.broadcast_to(narrow, np.broadcast_shapes(pc.shape, pa.shape, pb.shape)), moments,
                      _truncweibull_min_narrow_var, (c, a, b), (2.0, 1.0, 3.0), (2.0, 1.0, 1.001))


_add_moments("truncweibull_min", ("c", "a", "b"), _truncweibull_min_mean, _truncweibull_min_var, None,
             _truncweibull_min_shapes, (2.0, 1.0, 3.0),
             " From SciPy's ``gamma(n/c + 1) (P(n/c + 1, b^c) - P(n/c + 1, a^c)) / (exp(-a^c) - exp(-b^c))`` (no "
             "entropy: SciPy integrates it).")
_add_quantile_summaries("truncweibull_min", (2.0, 1.0, 3.0))


def _truncweibull_min_log_density_at_quantile(p, upper, c, a, b):
    """The standard log density at the quantile of tail p (:func:`_common._ts_level`'s ``at``); where the quantile
    rounds onto an end of the support (a > 0 below, a finite b above: the nodes within ``f(end) ulp(end)`` of u = 0 or
    1), the log density at that end from inside, ``log c + (c - 1) log e - e^c - log(exp(-a^c) - exp(-b^c))`` with e
    the end (traced): its derivatives are the node's own to O(ulp), where logpdf refuses them at an end (the density
    jumps there). Left out, those nodes' mass f(a) ulp(a) went missing (2e-10 at c = 2, a = 1000). In float64 for
    float32 shapes (cast back by the caller): the quantiles in float32 rounded onto the ends 2^29 times as far in, the
    gradient in float32 1e-6 off."""
    c, a, b = (v + np.zeros((), np.float64) for v in (c, a, b))
    q = (truncweibull_min.isf if upper else truncweibull_min.ppf)(p, c, a, b)
    pq, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (q, a, b))
    end = (pq == pb) & np.isfinite(pb) if upper else (pq == pa) & (pa > 0)
    if not np.any(end):
        return truncweibull_min.logpdf(q, c, a, b)
    e = b if upper else a
    e = np.where(end, e, 1.0)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        # (b = inf: the normalizer exp(-a^c); else exp(-a^c) (1 - exp(-(b^c - a^c))), the difference without
        # cancellation)
        finite_b = np.isfinite(pb)
        gap = _power_difference(a, np.where(finite_b, b, np.where(finite_b, pb, 2.0 * pa + 2.0)), c)
        log_norm = -(a ** c) + np.where(finite_b, np.log(-np.expm1(-gap)), 0.0)
        at_end = np.log(c) + (c - 1.0) * np.log(e) - e ** c - log_norm
    stand_in = np.where(np.isfinite(pb), 0.5 * (pa + pb), pa + 1.0)
    return np.where(end, at_end, truncweibull_min.logpdf(np.where(end, stand_in, q), c, a, b))


# (SciPy integrates it)
_add_quadrature_entropy("truncweibull_min", (2.0, 1.0, 3.0), _truncweibull_min_log_density_at_quantile)


def _truncweibull_min_entropy_at_zero(fn):
    """``fn`` (the quadrature's entropy), refusing a traced a at a = 0: the end of a's domain, where the entropy's
    derivative in a is one-sided and, for c < 1 (first) or c <= 2 (second), infinite (d/da ~ f(a) log f(a), f(a) ~ c
    a^(c - 1)), which the quadrature does not show (its d2/da2 at (2, 0, 3) was -73.9)."""
    @functools.wraps(fn)
    def entropy(c, a, b, loc=0.0, scale=1.0):
        if isinstance(a, (Var, Dual)) and np.any(np.asarray(_plain(a)) == 0):
            raise NoGradientRule("wengert.scipy.stats.truncweibull_min.entropy has no derivative in a at a = 0 (the "
                                 "end of a's domain: one-sided, and infinite there for c < 1 at first order, c <= 2 "
                                 "at second). Take a > 0, or pass a as a constant (wengert.stop_gradient) to "
                                 "differentiate in the others.")
        return fn(c, a, b, loc, scale)
    return staticmethod(entropy)


setattr(truncweibull_min, "entropy", _truncweibull_min_entropy_at_zero(getattr(truncweibull_min, "entropy")))


# -- invweibull ----------------------------------------------------------------------------------


class invweibull:
    """The inverse Weibull (Fréchet) distribution, as ``scipy.stats.invweibull``: ``1 / X`` for a
    ``weibull_min`` ``X``, its cdf ``exp(-z^-c)``; differentiable in x (or q), c, loc and scale, to
    every order, with ``mean``, ``var``, ``std`` and ``entropy``. Its support is ``z = (x - loc) / scale
    >= 0``; every derivative of the density vanishes as z goes to 0, so the functions are smooth there.
    The log density is written in ``u = c log z`` (exact as ``c`` goes to 0), the upper log tail as
    ``-c log z`` plus a series far out (SciPy's ``logsf`` is ``-inf`` from ``z^c = 1e308`` on), the lower
    one ``-z^-c`` (SciPy's is ``log(cdf)``, ``-inf`` where the cdf underflows).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import invweibull
    >>> float(wg.grad_bp(lambda x: invweibull.logcdf(x, 2.0), 1.0))  # c z^(-c - 1)
    2.0

    .. versionadded:: 0.1
    """


def _invweibull_check(name, z, c):
    _shapes_positive(name, c, names=["c"])


#: h(u) = e^-u - 1 + u = u^2 sum_k>=2 (-u)^(k - 2) / k!: its coefficients, k = 2..25 (the last term
#: below 1e-30 of the sum for |u| < 1/2)
_INVWEIBULL_H = [(-1.0) ** k / math.factorial(k) for k in range(2, 26)]


def _invweibull_excess(z, c):
    """``z^-c + c log z - 1`` for ``z > 0`` (``h(u) = e^-u - 1 + u``, ``u = c log z``): its series in ``u``
    where ``|u| < 1/2``. Through the closed form the derivative in c, ``log z (1 - z^-c)``, cancelled as
    ``u`` goes to 0 (and the second derivative of the density in c with it: 4e-7 relative off at z = 2,
    c = 1e-10)."""
    with np.errstate(divide="ignore", over="ignore"):
        small = np.abs(_plain(c) * np.log(_plain(z))) < 0.5

    def series(z, c):
        u = c * np.log(z)
        return u * u * polynomial(u, _INVWEIBULL_H)

    def direct(z, c):
        return np.power(z, -c) + c * np.log(z) - 1.0
    with np.errstate(over="ignore"):  # (z^-c near 0: its inf the truth's rounding)
        return _two_forms(small, direct, series, (z, c), (3.0, 1.0), (1.0, 1.0))


def _invweibull_rising(c, n):
    """``c (c + 1) ... (c + n - 1)``, differentiable in ``c``."""
    return functools.reduce(lambda u, j: u * (c + j), range(n), 1.0 + 0.0 * c)


def _invweibull_rising_dc(c, n):
    """The derivative in ``c`` of :func:`_invweibull_rising`, ``sum_j prod_(i != j) (c + i)``."""
    return sum(functools.reduce(lambda u, i: u * (c + i), [i for i in range(n) if i != j], 1.0 + 0.0 * c)
               for j in range(n))


# d^n/dz^n (-(c + 1) log z - z^-c) = (-1)^n ((n - 1)! (c + 1) - rising(c, n) z^-c) / z^n: near z = 0 its
# two terms overflow apart as two (through the closed form the second derivative in z was inf - inf = NaN below
# z = 1e-154 at c = 1, where the log density is finite, -1e300 at z = 1e-300; the truth -inf); in c,
# (-1)^n ((n - 1)! - (rising'(c, n) - rising(c, n) log z) z^-c) / z^n
def _invweibull_dz_in_c(n, z, c):
    with np.errstate(over="ignore"):
        return (-1.0) ** n * (math.factorial(n - 1) - (_invweibull_rising_dc(c, n) - _invweibull_rising(c, n)
                                                       * np.log(z)) * np.power(z, -c)) / z ** n


_INVWEIBULL_DZ = _z_derivatives(
    "wengert.scipy.stats.invweibull (d/dz)",
    lambda n, z, c: (-1.0) ** n * (math.factorial(n - 1) * (c + 1.0) - _invweibull_rising(c, n) * np.power(z, -c)),
    lambda n: n, _invweibull_dz_in_c)


def _invweibull_z_terms(z, c):
    with np.errstate(over="ignore"):
        return -(c + 1.0) * np.log(z) - np.power(z, -c)


_INVWEIBULL_Z_TERMS = OwnPrimitive(_invweibull_z_terms, name="wengert.scipy.stats.invweibull (z terms)", reenters="any")
_def_partials(_INVWEIBULL_Z_TERMS, lambda z, c: _INVWEIBULL_DZ(z, c, n=1),
              lambda z, c: np.log(z) * (np.power(z, -c) - 1.0))
#: Below this z invweibull's log density in z is one primitive (_INVWEIBULL_Z_TERMS)
_INVWEIBULL_TINY = 1e-150


def _invweibull_log_kernel(z, c):
    """``-(c + 1) log z - z^-c``, as ``-log z - 1 - h(c log z)`` (:func:`_invweibull_excess`), and below
    ``_INVWEIBULL_TINY`` one primitive whose derivatives in z do not overflow apart."""
    return _two_forms(_plain(z) < _INVWEIBULL_TINY, lambda z, c: -np.log(z) - 1.0 - _invweibull_excess(z, c),
                      _INVWEIBULL_Z_TERMS, (z, c), (1.0, 1.0), (1e-200, 1.0))


#: ``(C - 1) log z - z^C`` (C = -c) as :data:`_Z_TERMS`'s terms: invweibull's log density's terms at z = 0
_INVWEIBULL_END_TERMS = (((0, 0, 1, 1, 0, 0, 0), 1.0), ((0, 0, 1, 0, 0, 0, 0), -1.0), ((1, 0, 0, 0, 0, 0, 0), -1.0))


def _invweibull_log_density(z, c, scale, log_z=None, power_z=None, end=True):
    """With ``log_z`` and ``power_z`` (:func:`_log_of_z`, :func:`_power_of_z`), below z = 1 where ``c log z < -1/2``
    ``-(c + 1) log z - z^-c`` as one :data:`_Z_TERMS` of x - loc and scale (``_LOG_PLUS_POWER``, each derivative a
    sum of powers of z on its own): through z d2/dx dscale and d2/dscale2 met ``z^(-c - 2)``'s overflow (at 1e-100,
    c = 1.5: inf and -inf with an overflow warning, the truths 2.25e250 and -7.5e149)."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    if power_z is not None:
        if end and np.any(pz == 0):
            # (z = 0 itself, the end: -inf with the limits from inside as its derivatives, (-c - 1) log z - z^-c as
            # one sum of terms in the exponent -c (_INVWEIBULL_END_TERMS: through e = -(c + 1) apart d/dc was -log z
            # + z^-c log z, inf - inf); it was the constant -inf, every derivative 0)
            return _at_lower_end(z, _invweibull_log_density(np.where(pz == 0, 1.0, z), c, scale, log_z, power_z,
                                                            end=False), lambda z: (
                _log_of(c) + power_z(z, -c, _INVWEIBULL_END_TERMS, end=True) - _log_of(scale)))
        with np.errstate(divide="ignore"):
            near = np.broadcast_to((pz > 0) & (pz < 1.0) & (pc * np.log(np.where(pz > 0, pz, 1.0)) < -0.5),
                                   np.broadcast_shapes(pz.shape, pc.shape))
        if np.any(near):
            return _two_forms(near, lambda z, c: _invweibull_log_density(z, c, scale), lambda z, c: _log_of(c) + power_z(
                z, -c, _LOG_PLUS_POWER, -(c + 1.0), -1.0) - _log_of(scale), (z, c), (1.0, 1.0), (1e-3, 1.0))
    return _log_of(c) + _invweibull_log_kernel(z, c) - _log_of(scale)


def _invweibull_tail_slope(z, c):
    """``exp(-z^-c) z^-c`` (``exp(-1 - h(c log z))``, :func:`_invweibull_excess`): ``d/dc exp(-z^-c)`` is it
    times ``log z``, ``d/dz`` it times ``c / z``."""
    return np.exp(-1.0 - _invweibull_excess(z, c))


def _invweibull_tail_value(upper):
    def value(z, c):
        with np.errstate(over="ignore"):
            w = np.power(z, -c)
        return -np.expm1(-w) if upper else np.exp(-w)
    return value


#: The cdf ``exp(-z^-c)`` and sf ``-expm1(-z^-c)`` as primitives in z and c whose partials are ``+-(c / z, log z)``
#: times :func:`_invweibull_tail_slope`: by composition their second derivative in c was ``e^-w w L^2 (w - 1)``
#: (``w = z^-c``, ``L = log z``) as the difference ``e^-w (w^2 L^2 - w L^2)``, cancelling as ``c log z`` goes to 0
#: (1e-6 relative off at z = 2, c = 1e-10); here ``w - 1`` is h's series' derivative.
_INVWEIBULL_TAILS = tuple(OwnPrimitive(_invweibull_tail_value(upper), name=f"wengert.scipy.stats.invweibull.{name}",
                                       reenters="any") for upper, name in ((False, "cdf"), (True, "sf")))
for _iw_sign, _iw_tail in zip((1.0, -1.0), _INVWEIBULL_TAILS):
    _def_partials(_iw_tail, lambda z, c, _sign=_iw_sign: _sign * c / z * _invweibull_tail_slope(z, c),
                  lambda z, c, _sign=_iw_sign: _sign * np.log(z) * _invweibull_tail_slope(z, c))


def _invweibull_near_zero(function, outside):
    """``function(z, c, scale)``, and ``outside`` (its limit at z = 0) with derivatives 0 where ``z^-c`` passes
    ``-_VANISHING_LOG``: there the function is ``exp(-z^-c)`` times powers of ``z^-c`` and ``log z``, which
    underflow, while ``z^-c``'s derivatives overflow (0 * inf = NaN)."""
    def near(z, c, scale):
        cp = _plain(c)
        return _vanishing(lambda z: -np.power(z, -cp), lambda z: function(z, c, scale), z, 1.0, outside)
    return near


def _invweibull_logsf(z, c):
    # log(1 - exp(-z^-c)): weibull_min's lower log tail at -c (its series in z^-c far out, where SciPy's is -inf)
    with np.errstate(over="ignore"):
        return _log1mexp_power(z, -c)

# (logcdf, -z^-c, near 0 too, where c log z < -1/2: through z its second derivatives in x and the scale met
# z^(-c - 2)'s overflow, NaN at invweibull.logcdf(1e-300, 2, 0, 1.5) in d2/dx dscale and d2/dscale2, the truths
# +inf and -inf)
_FAR_FORMS["invweibull.logcdf"] = (lambda z, c: ((z >= 2.0) & (c * np.log(np.maximum(z, 1.0)) >= 0.5)) | (
    (z > 0) & (z < 1.0) & (c * np.log(np.where((z > 0) & (z < 1.0), z, 0.5)) < -0.5)),
    _FAR_FORMS["invweibull.logcdf"][1])


def _invweibull_far_pdf(d, s, c):
    """The density far out (``z = d / s >= 2``, :data:`_FAR_FORMS`) as sums of powers of z of d and s
    (:data:`_Z_POWER_TERMS`): ``c z^(-c - 1) / s`` times ``exp(-z^-c)`` where ``c log z >= 1/2``, and below (c small) ``c
    / (s z)`` times ``exp(-1 - h(c log z))`` (:func:`_invweibull_excess`'s series; through ``u = z^-c`` near 1 d2/dc2
    cancelled as c goes to 0). Through exp(-(c + 1) log z - z^-c) the log's absolute rounding, (c + 1) log z ulp of it,
    was the density's relative error (invweibull.pdf(1e150, 0.4) 446 ulp, d/dc 598; (1e15, 0.01) 17 ulp, mpmath), and
    through z its mixed derivatives in x and the scale cancelled to c (c + 1) from terms of (c + 1) (c + 2)
    (d2/dx dscale at (1e3, 0.01) 1537 ulp off)."""
    pd, ps, pc = (np.asarray(_plain(v), dtype=float) for v in (d, s, c))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        series = np.broadcast_to(pc * np.log(np.maximum(pd / ps, 1.0)) < 0.5,
                                 np.broadcast_shapes(pd.shape, ps.shape, pc.shape))

    def power(d, s, c):
        return _Z_POWER_TERMS(d, s, c, j=-1, terms=(((1, 0, 1, -1), 1),)) * np.exp(-_invweibull_far_u(d, s, c))

    def near_one(d, s, c):
        t = _Z_POWER_TERMS(d, s, c, j=0, terms=(((0, 1, 1, 0), 1),))
        return _Z_POWER_TERMS(d, s, c, j=0, terms=(((1, 0, 1, -1), 1),)) * np.exp(
            -1.0 - t * t * polynomial(t, _INVWEIBULL_H))
    return _two_forms(series, power, near_one, (d, s, c), (1e10, 1.0, 1.0), (2.0, 1.0, 0.1))


# (pdf: from z = 2 on for every c, _invweibull_far_pdf)
_FAR_FORMS["invweibull.pdf"] = (lambda z, c: z >= 2.0, _invweibull_far_pdf)

_shape_functions(invweibull, ("c",), _invweibull_check, [
    (name, inside, function, outside, formula, f"round(float(invweibull.{name}(1.5, 2.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _invweibull_log_density, -np.inf,
         "``log(c) - (c + 1) log(z) - z^-c - log(scale)`` on ``z > 0``, ``-inf`` at and below 0.", "-0.967693"),
        # (c / scale out of the exponential: through exp(log c + ...) d2/dc2 was pdf ((1/c + K')^2 + K'' - 1/c^2),
        # cancelling as c goes to 0; from z = 2 on the far form, _FAR_FORMS)
        ("pdf", lambda z: z > 0, _invweibull_near_zero(
            lambda z, c, scale: c / scale * np.exp(_invweibull_log_kernel(z, c)), 0.0), 0.0,
         "``c z^(-c - 1) exp(-z^-c) / scale`` on ``z > 0``, 0 at and below 0.", "0.379959"),
        ("cdf", lambda z: z > 0, _invweibull_near_zero(lambda z, c, scale: _INVWEIBULL_TAILS[0](z, c), 0.0), 0.0,
         "``exp(-z^-c)`` on ``z > 0``, 0 at and below 0.", "0.64118"),
        ("logcdf", lambda z: z >= 0, _with_lower_end(lambda z, c, scale: -np.power(z, -c), lambda log_z, c, z, power_z:
            power_z(z, -c, terms=(((1, 0, 0, 0, 0, 0, 0), -1.0),), end=True)), -np.inf,
         "``-z^-c`` on ``z > 0``, ``-inf`` at and below 0.", "-0.444444"),
        ("sf", lambda z: z > 0, _invweibull_near_zero(lambda z, c, scale: _INVWEIBULL_TAILS[1](z, c), 1.0), 1.0,
         "``1 - exp(-z^-c)`` (as ``-expm1``) on ``z > 0``, 1 at and below 0.", "0.35882"),
        ("logsf", lambda z: z > 0, _invweibull_near_zero(lambda z, c, scale: _invweibull_logsf(z, c), -0.0), 0.0,
         "``log(1 - exp(-z^-c))`` (``-c log z`` and a series where ``z^-c < 1/2``) on ``z > 0``, 0 at and below 0.",
         "-1.024935"))])


def _invweibull_quantile(name, q, c, loc, scale, upper):
    _shapes_positive(name, c, names=["c"])
    with np.errstate(over="ignore"):  # (a small c: the quantile's inf is the truth's rounding, as SciPy's)
        if upper:
            # below q = 1e-150 -log1p(-q) is q to rounding, and q^(-1/c) one power: through (-log1p(-q))^(-1/c) the
            # second derivative in q was two terms overflowing apart (NaN at q = 1e-300, c = 2; the truth +inf)
            return _located(name, q, loc, scale, lambda q, c: _piecewise(
                q, _plain(q) < _TINY_Q, lambda q: (-np.log1p(-q)) ** (-1.0 / c), lambda q: np.power(q, -1.0 / c),
                0.5, 1e-200), shapes=(c,), steep_mixed=_power_steep, end_slope=_infinite_end_slope)
        # (0 - log q: -log(1) is -0.0, whose power -1/c was -inf at q = 1; at q = 0 the slope inf^(-1/c - 1) / 0 is
        # NaN by the chain rule: declared)
        return _located(name, q, loc, scale,
                        lambda q, c: _tiny_q_power(q, -1.0 / c, 1.0, lambda q: (0.0 - np.log(q)) ** (-1.0 / c)),
                        shapes=(c,), steep_mixed=_power_steep, end_slope=_infinite_end_slope)


_quantiles(invweibull, "c", _invweibull_quantile, (
    ("``loc + scale (-log(q))^(-1/c)``.", "round(float(invweibull.ppf(0.5, 2.0)), 6)", "1.201122"),
    ("``loc + scale (-log(1 - q))^(-1/c)`` (as ``-log1p(-q)``).", "round(float(invweibull.isf(0.5, 2.0)), 6)",
     "1.201122")))


def _invweibull_variance(c):
    """``gamma(1 - 2/c) - gamma(1 - 1/c)^2`` for ``c > 2``, as weibull_min's (:func:`_weibull_variance`) at
    ``t = -1/c``: ``gamma(1 - 2/c) (1 - exp(-D))``, ``D = gammaln(1 - 2/c) - 2 gammaln(1 - 1/c)``, its series
    from c = 10 on (the difference cancels as c grows: SciPy's is 2.2e-16 at c = 1e8, the truth 1.6e-16), and
    ``1 - k/c`` as ``(c - k) / c`` (exact near c = 2, the variance's pole)."""
    def series(c):
        t = -1.0 / c
        total = 0.0
        for coefficient in reversed(_WEIBULL_D_SERIES):
            total = (total + coefficient) * t
        return total * t

    def direct(c):
        return sc.gammaln(_invweibull_one_minus(c, 2.0)) - 2.0 * sc.gammaln(_invweibull_one_minus(c, 1.0))
    d = _piecewise(c, _plain(c) > 1.0 / _WEIBULL_SERIES_BELOW, direct, series, 3.0, 20.0)
    return -np.exp(sc.gammaln(_invweibull_one_minus(c, 2.0))) * np.expm1(-d)


def _invweibull_one_minus(c, k):
    """``1 - k/c`` for ``c > k``: as ``(c - k) / c`` up to ``c = 2k`` (exact near the pole c = k), ``1 - k/c`` above
    (through ``(c - k) / c`` its derivative ``1/c - (c - k)/c^2`` cancelled as c grows: the mean's 6.7e-9 relative
    off at c = 1e8)."""
    return _piecewise(c, _plain(c) > 2.0 * k, lambda c: (c - k) / c, lambda c: 1.0 - k / c, 1.5 * k, 4.0 * k)


_add_moments("invweibull", ("c",),
             lambda c: _moment_where(lambda p: p > 1.0, _always, lambda c: sc.gamma(_invweibull_one_minus(c, 1.0)),
                                     (c,), 2.0),
             lambda c: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, _invweibull_variance, (c,), 3.0),
             lambda c: 1.0 + _EULER + _EULER / c - np.log(c), lambda name, c: _invweibull_check(name, 0.0, c), 3.0,
             " The mean ``gamma(1 - 1/c)`` exists for ``c > 1`` (inf below; SciPy's is NaN for ``c < 1``), the "
             "variance ``gamma(1 - 2/c) - gamma(1 - 1/c)^2`` for ``c > 2``; it is inf for ``1 < c <= 2`` (SciPy's "
             "is negative or inf there) and NaN for ``c <= 1``, where the mean is infinite.")
_add_quantile_summaries("invweibull")


# -- exponweib (the exponentiated Weibull distribution) ------------------------------------------


class exponweib:
    """The exponentiated Weibull distribution, as ``scipy.stats.exponweib``: its cdf ``(1 - exp(-z^c))^a``, weibull_min's
    raised to the power ``a``; differentiable in x (or q), a, c, loc and scale, to every order, with ``median`` and
    ``interval``, and ``mean``, ``var``, ``std`` and ``entropy`` (no closed form, SciPy integrates them: by
    quadrature in the probability). Its
    support is ``z = (x - loc) / scale >= 0``. ``log(1 - exp(-z^c))`` is weibull_min's log cdf (``c log z`` and a
    series near 0), so the lower log tail is finite where SciPy's is ``-inf``; near 0 the density and the cdf are
    powers ``z^(a c - 1)`` and ``z^(a c)`` times series (exact at z = 0); the upper log tail is ``log a - z^c`` plus a
    series far up (SciPy's is ``-inf`` where ``exp(-z^c)`` underflows); the quantiles ``(-log1p(-q^(1/a)))^(1/c)`` in
    logs where ``q^(1/a)`` is small (SciPy's ``ppf(1e-300, 0.5, 100)`` is 0, the truth 1e-6).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import exponweib
    >>> round(float(wg.grad_bp(lambda a: exponweib.logcdf(1.0, a, 1.0), 2.0)), 6)  # log(1 - e^-1)
    -0.458675

    .. versionadded:: 0.1
    """


_exponweib_check = _power_product_check(("a", "c"))  # (burr's check: a c is the density's power of z at 0)


def _exponweib_small(z, c):
    """Where ``z^c <= 1/2`` (a plain mask): there the functions are powers of z times series in ``z^c``."""
    with np.errstate(over="ignore", divide="ignore"):
        return np.asarray(np.power(_plain(z), _plain(c)) <= 0.5)


#: ``e log z - w + b h(w)``, ``w = z^c <= 1/2`` (h's series), as :data:`_Z_TERMS`'s terms
_EXPONWEIB_NEAR_TERMS = ((((0, 0, 1, 0, 0, 1, 0), 1.0), ((1, 0, 0, 0, 0, 0, 0), -1.0), ((1, 0, 0, 0, 0, 0, 1), -0.5))
                         + tuple(((2 * i, 0, 0, 0, 0, 0, 1), r) for i, r in enumerate(_LOG_EXPM1_RATIO, 1)))


def _exponweib_log_kernel(z, a, c, log_z=None, power_z=None):
    """``(c - 1) log z - z^c + (a - 1) log(1 - exp(-z^c))``: where ``w = z^c <= 1/2`` as ``(a c - 1) log z - w + (a - 1)
    h(w)``, ``h(w) = log((1 - e^-w) / w)`` (its series: the terms of size ``log z`` collected, and ``0 ** 0``'s
    convention at z = 0). ``log_z`` and ``power_z`` (:func:`_log_of_z`, :func:`_power_of_z`): there ``log z`` and ``z^c``
    with their derivatives in x and in scale apart (through z d2/dx dscale of exponweib.logpdf(1e-8, 2, 1.5) was
    3.37511e-4, the truth 3.375e-4; 0.0 at 1e-15 for 7.1e-8)."""
    pz = np.asarray(_plain(z))
    if power_z is not None and np.any(pz == 0):
        # (z = 0 itself, x == loc: (a c - 1) log z - (a + 1)/2 z^c (+ O(z^2c)) with power_z's end, +-inf with the limits
        # from inside as its derivatives (b held: where a moves it, a moves e too, and e's share is the larger); through
        # z d/dscale of exponweib.logpdf(loc, 2, 1.5, loc, 2) was -1/s (-0.5) for -a c / s (-1.5), d2/dx dscale -inf
        # for 0, and for a c < 1 the Hessian had NaNs)
        # (where z is rounded to 0 while x != loc, e with the product's rounding kept: _product_less_kept)
        return _at_lower_end(z, _exponweib_log_kernel(np.where(pz == 0, 0.1, z), a, c, log_z, power_z), lambda z: power_z(
            z, c, terms=_LOG_PLUS_POWER, e=_product_less_kept(a, c, z, log_z=log_z), b=stop_gradient(-0.5 * (a + 1.0)),
            end=True))

    def direct(z):
        return sc.xlogy(c - 1.0, z) - np.power(z, c) + (a - 1.0) * _log1mexp_power(z, c)

    def near_zero(z):
        # (a c - 1 with the product's rounding kept, _product_less_kept: where a c rounds to 1 it is the whole of the
        # slope, exponweib.logpdf(1e-300, 1.5, 2/3)'s d/dx was -6.4e99, the truth -4.3e283)
        e = _product_less_kept(a, c, z, log_z=log_z)
        lead = _overflowing_power_leads(z, c, below=np.inf)
        if log_z is not None and power_z is not None and np.any(lead):
            # (where w'' overflows, (a c - 1) log z - w + (a - 1) h(w) as one primitive, _EXPONWEIB_NEAR_TERMS: through
            # z d2/dx dscale was inf, exponweib.logpdf(1e-300, 2, 0.7)'s, the truth 7.35e89; at c = 0.05 NaN with an
            # overflow warning, the truth 2.5e282)
            return _piecewise(z, lead, lambda z: near_zero_rest(z, e), lambda z: power_z(
                z, c, terms=_EXPONWEIB_NEAR_TERMS, e=e, b=a - 1.0), 0.1, 1e-300)
        return near_zero_rest(z, e)

    def near_zero_rest(z, e):
        apart = log_z is not None and not np.any(_power_second_overflows(z, c))  # (where w'' overflows, as before)
        if apart:
            w = power_z(z, c)
            return _xlog_z(e, z, log_z) - w + (a - 1.0) * _log_expm1_ratio(w)
        w = np.power(z, c)
        return sc.xlogy(e, z) - w + (a - 1.0) * _log_expm1_ratio(w, tiny=True)
    with np.errstate(over="ignore", divide="ignore"):
        return _two_forms(_exponweib_small(z, c), direct, near_zero, (z,), (2.0,), (0.1,))


def _exponweib_log_density(z, a, c, scale, log_z=None, power_z=None):
    return _log_of(a) + _log_of(c) + _exponweib_log_kernel(z, a, c, log_z, power_z) - _log_of(scale)


def _exponweib_density(z, a, c, scale, log_z=None, power_z=None):
    """``a c / scale`` times ``exp`` of the rest of the log density (out of the exponential: through ``exp(log a +
    ...)`` the second derivative in a cancelled as ``1/a^2 - 1/a^2``), with powers near and at ``z = 0``
    (:func:`_exp_at_ends`)."""
    return a * c / scale * _exp_at_ends(
        lambda z: _exponweib_log_kernel(z, a, c, log_z, power_z),
        lambda z: _leading_powers_at_zero(
            z, _product_less_kept(a, c, z), c, None,
            lambda z: _power_of_product_less(z, a * c, a, c) * np.exp(
                -np.power(z, c) + (a - 1.0) * _log_expm1_ratio(np.power(z, c), tiny=True)),
            k=0.5 * (a + 1.0), third_term=(a - 1.0) / 24.0 + (a + 1.0) ** 2 / 8.0,
            power=_leading_power(*_product_exponent(a, c), power_z=power_z)),
        z, (0.0,), (_product_less_kept(a, c, z),))  # (where a c rounds to 1, its rounding: powers down to 0)


def _exponweib_cdf(z, a, c, power=np.power):
    """``(1 - exp(-z^c))^a``: ``exp(a log(1 - exp(-z^c)))`` (weibull_min's log cdf, :func:`_log1mexp_power`), and
    where ``z^c <= 1/2`` the power ``z^(a c) exp(a h(z^c))`` (exact at z = 0, where the log form's derivatives were 0 *
    inf), where ``z^c`` is tiny its leading powers ``z^(a c) - a/2 z^(a c + c)`` (:func:`_leading_powers_at_zero`:
    cdf'' at a = 2, c = 0.5, z = 1e-300 was +inf through the product, the truth -7.5e149)."""
    # (z^(a c) with the product's rounding kept: _product_power_kept)
    kept = _product_power_kept(a, c, power)
    with np.errstate(over="ignore", divide="ignore", under="ignore"):
        return _two_forms(_exponweib_small(z, c), lambda z: np.exp(a * _log1mexp_power(z, c)),
                          lambda z: _leading_powers_at_zero(
                              z, a * c, c, None,
                              lambda z: _product_power_kept(a, c)(z, a * c) * np.exp(
                                  a * _log_expm1_ratio(np.power(z, c), tiny=True)),
                              k=0.5 * a, third_term=a / 24.0 + a * a / 8.0, power=kept), (z,), (2.0,), (0.1,))


def _exponweib_far(z, a, c, with_a=True):
    """The upper tail's log where it is small: ``log(1 - (1 - v)^a)``, ``v = exp(-z^c)``, as ``log a - z^c + log r +
    h(a v r)``, ``r = -log1p(-v) / v`` (its series), ``h(w) = log((1 - e^-w) / w)`` (its series): finite where ``v``
    underflows (SciPy's is ``-inf`` there); without ``with_a``, less ``log a`` (the sf is ``a`` times its exp)."""
    with np.errstate(under="ignore", over="ignore"):
        w = np.power(z, c)
        v = np.exp(-w)
    r = polynomial(-v, _LOG1P_RATIO_SERIES)
    return (_log_of(a) if with_a else 0.0) - w + np.log(r) + _log_expm1_ratio(a * v * r)


def _exponweib_upper(log):
    """sf (``log``: logsf): ``1 - cdf`` (``log1p(-cdf)``) of :func:`_exponweib_cdf` where the cdf is below 1/2 (exact
    at z = 0); ``-expm1(a log(1 - v))`` (``log1p(-exp)`` of the log cdf) above; far up (``v = exp(-z^c) < 1/2`` and
    ``a v < 1/2``) from :func:`_exponweib_far`."""
    def upper(z, a, c, scale, power_z=None):
        # (near 0 the cdf's leading powers from power_z, :func:`_power_of_z`: their derivatives in x and in scale apart;
        # through z d2/dscale dx of exponweib.logsf(1e-200, 0.5, 0.5) by hessian was -inf, the truth 6.25e148)
        power = np.power if power_z is None else power_z
        with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
            pz, pa, pc = (np.asarray(_plain(v), dtype=float) for v in (z, a, c))
            low = np.asarray(_plain(_exponweib_cdf(pz, pa, pc)) < 0.5)
            v = np.exp(-np.power(pz, pc))
            far = (v < 0.5) & (pa * v < _SMALL_U) & ~low
        shape = np.broadcast_shapes(pz.shape, pa.shape, pc.shape)
        low, far = np.broadcast_to(low, shape), np.broadcast_to(far, shape)

        def near(z, a, c):
            cdf = _exponweib_cdf(z, a, c, power)
            return _log1p_minus_leading(cdf, z, a * c, lambda z: _exponweib_cdf(z, a, c), power=power) if log \
                else 1.0 - cdf

        def middle(z, a, c):
            logcdf = a * _log1mexp_power(z, c)
            return _log1mexp(logcdf) if log else -np.expm1(logcdf)

        def beyond(z, a, c):
            if log:
                return _exponweib_far(z, a, c)
            return a * np.exp(_exponweib_far(z, a, c, False))
        with np.errstate(under="ignore", over="ignore"):
            return _two_forms(low, lambda z, a, c: _two_forms(far, middle, beyond, (z, a, c), (1.0, 1.0, 1.0),
                                                               (30.0, 1.0, 1.0)),
                              near, (z, a, c), (30.0, 1.0, 1.0), (0.1, 1.0, 1.0))
    return upper


_shape_functions(exponweib, ("a", "c"), _exponweib_check, [
    (name, inside, function, outside, formula, f"round(float(exponweib.{name}(1.5, 2.0, 3.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _exponweib_log_density, -np.inf,
         "``log(a c) + (c - 1) log z - z^c + (a - 1) log(1 - exp(-z^c)) - log(scale)`` on ``z >= 0``, ``-inf`` below.",
         "-0.807128"),
        ("pdf", lambda z: z >= 0, _exponweib_density, 0.0,
         "``a c z^(c - 1) exp(-z^c) (1 - exp(-z^c))^(a - 1) / scale`` on ``z >= 0``, 0 below.", "0.446138"),
        ("cdf", lambda z: z >= 0, lambda z, a, c, scale, power_z=None: _exponweib_cdf(
            z, a, c, np.power if power_z is None else power_z), 0.0,
         "``(1 - exp(-z^c))^a`` on ``z >= 0``, 0 below.", "0.932735"),
        # (at z = 0: a c log z - (a / 2) z^c + O(z^2c))
        ("logcdf", lambda z: z >= 0, _with_lower_end(lambda z, a, c, scale, log_z=None, power_z=None: a * _log1mexp_power(
            z, c, log_z=log_z, power_z=power_z), lambda log_z, a, c: log_z.end(a, stop_gradient(-0.5 * a), c, c)),
         -np.inf,
         "``a log(1 - exp(-z^c))`` (``c log z`` and a series where ``z^c < 1/2``) on ``z > 0``, ``-inf`` at and below 0.",
         "-0.069635"),
        ("sf", lambda z: z >= 0, _exponweib_upper(False), 1.0,
         "``1 - (1 - exp(-z^c))^a`` on ``z >= 0``, 1 below.", "0.067265"),
        ("logsf", lambda z: z >= 0, _exponweib_upper(True), 0.0,
         "``log(1 - (1 - exp(-z^c))^a)`` (``log a - z^c`` and a series far up) on ``z >= 0``, 0 below.",
         "-2.69911"))])


def _exponweib_quantile(name, q, a, c, loc, scale, upper):
    """``loc + scale (-log1p(-p^(1/a)))^(1/c)``, ``p = q`` (``upper``: ``1 - q``): ``(-log(-expm1(u)))^(1/c)``, ``u =
    log(p) / a`` (``log1p(-q) / a``), where ``p^(1/a) >= 1/2``; below, the powers ``p^(1/(a c)) r(p^(1/a))^(1/c)``, ``r(v) =
    -log1p(-v) / v`` (its series): ``p^(1/a)`` underflows at a tiny q and a small a where the quantile does not (SciPy's
    ``ppf(1e-300, 0.5, 100)`` is 0, the truth 1e-6), and through ``exp((u + log r) / c)`` the second derivative in q
    was ``x ((u' / c)^2 + u'' / c)``, ``1/q^2 - 1/q^2`` cancelling at ``a c = 1`` (-1.5e284 at q = 1e-300, a = 1/2, c = 2;
    the truth 1.5e-300)."""
    _shapes_positive(name, a, c, names=["a", "c"])

    def standard(q):
        with np.errstate(divide="ignore", over="ignore", under="ignore"):
            log_p = np.log1p(-q) if upper else np.log(q)
            small = np.asarray(_plain(log_p) / _plain(a) < -_LOG_2)

            def direct(q):
                return (-np.log(-np.expm1((np.log1p(-q) if upper else np.log(q)) / a))) ** (1.0 / c)

            def powers(q):
                p = 1.0 - q if upper else q
                return np.power(p, 1.0 / (a * c)) * np.power(polynomial(-np.power(p, 1.0 / a), _LOG1P_RATIO_SERIES),
                                                             1.0 / c)
            return _piecewise(q, np.broadcast_to(small, np.broadcast_shapes(small.shape, np.shape(_plain(q)))), direct,
                              powers, 0.1 if upper else 0.9, 0.9 if upper else 0.1)

    def standard_with_tail(q):
        # the upper tail far out (isf at q below 1e-100, q / a below 1e-20): (log a - log q)^(1/c) as one primitive;
        # through the direct form d2/dq2 was inf - inf below q ~ 1e-154 (the truth +inf)
        pq, pa = np.asarray(_plain(q), dtype=float), np.asarray(_plain(a), dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            far = (pq > 0) & (pq < 1e-100) & (pq / pa < 1e-20)
        if not upper or not np.any(far):
            return standard(q)
        far = np.broadcast_to(far, np.broadcast_shapes(far.shape, np.shape(pq)))
        tail = _EXPONWEIB_FAR(np.where(far, q, 1e-200), np.where(far, a, 1.0), c)
        if np.all(far):
            return tail
        return np.where(far, tail, standard(np.where(far, 0.5, q)))
    return _in_dtype_of(_located(name, q, loc, scale, standard_with_tail), q, a, c, loc, scale)


def _exponweib_far_log(q, a):
    """``L = log a - log q``: ``-log(-expm1(log1p(-q) / a))`` where q and q / a are tiny (the isf's far tail)."""
    return np.log(a) - np.log(q)


def _exponweib_far_value(q, a, c):
    return _exponweib_far_log(_plain(q), _plain(a)) ** (1.0 / _plain(c))


def _exponweib_far_slope_value(q, a, c):
    q, a, c = _plain(q), _plain(a), _plain(c)
    return -(_exponweib_far_log(q, a) ** (1.0 / c - 1.0)) / (c * q)


def _exponweib_far_curvature(q, a, c):
    """d2/dq2 of ``L^(1/c)``: ``L^(1/c - 2) (L + 1/c - 1) / (c q^2)``, +inf below q ~ 1e-154 (no inf - inf)."""
    log = _exponweib_far_log(q, a)
    with np.errstate(over="ignore"):
        return log ** (1.0 / c - 2.0) * (log + 1.0 / c - 1.0) / c / q / q


#: exponweib's standard isf far out, ``L^(1/c)``, ``L = log a - log q`` (:func:`_exponweib_quantile`)
_EXPONWEIB_FAR = OwnPrimitive(_exponweib_far_value, name="wengert.scipy.stats.exponweib_far_isf", reenters="any")
#: its derivative in q, ``-L^(1/c - 1) / (c q)``
_EXPONWEIB_FAR_SLOPE = OwnPrimitive(_exponweib_far_slope_value, name="wengert.scipy.stats.exponweib_far_isf_slope",
                                    reenters="any")
_def_partials(_EXPONWEIB_FAR, lambda q, a, c: _EXPONWEIB_FAR_SLOPE(q, a, c),
              lambda q, a, c: _exponweib_far_log(q, a) ** (1.0 / c - 1.0) / (c * a),
              lambda q, a, c: -(_exponweib_far_log(q, a) ** (1.0 / c)) * np.log(_exponweib_far_log(q, a)) / (c * c))
_def_partials(_EXPONWEIB_FAR_SLOPE, _exponweib_far_curvature,
              lambda q, a, c: -(1.0 / c - 1.0) * _exponweib_far_log(q, a) ** (1.0 / c - 2.0) / (c * a * q),
              lambda q, a, c: _exponweib_far_log(q, a) ** (1.0 / c - 1.0) * (1.0 + np.log(_exponweib_far_log(q, a)) / c)
              / (c * c * q))


_quantiles(exponweib, ("a", "c"), _exponweib_quantile, (
    ("``loc + scale (-log(1 - q^(1/a)))^(1/c)``.", "round(float(exponweib.ppf(0.5, 2.0, 3.0)), 6)", "1.070845"),
    ("``loc + scale (-log(1 - (1 - q)^(1/a)))^(1/c)``.", "round(float(exponweib.isf(0.5, 2.0, 3.0)), 6)",
     "1.070845")))
_add_quantile_summaries("exponweib", (2.0, 3.0))
_add_quadrature_entropy("exponweib", (2.0, 3.0))
_add_quadrature_moments("exponweib", (2.0, 3.0), ("a", "c"))
