"""Power-law tails: pareto, genpareto, lomax, truncpareto, burr, burr12, fisk, mielke, kappa3, kappa4, dpareto_lognorm,
and the Cauchy distributions (cauchy, halfcauchy, foldcauchy, skewcauchy). Part of :mod:`wengert.scipy.stats`.
"""

import functools
import inspect
import math
from fractions import Fraction

import numpy as np
from scipy import special as sc

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...forward import defjvp
from ...ops._util import (at_kink, def_partials as _def_partials, piecewise as _piecewise, polynomial, times_tangent,
                          unbroadcast)
from ...ops.scipy_special import polygamma as _polygamma
from ...primitive import defvjp, OwnPrimitive
from ...structured import stop_gradient
from ._common import (_add_moments, _add_quantile_summaries, _always, _closed_support_function, _digamma_excess, _doc,
                      _dtype_of, _END_LOG_POWER, _EULER, _exp_at_ends, _exponent_pair, _far_power, _far_powers, _exp_of_log,
                      _EXPM1_MINUS_X, _in_dtype_of, _kinked_at, _leading_here, _leading_power, _leading_powers_at_zero,
                      _located, _located_entropy, _location_scale, _log1mexp, _log1mexp_power, _log1p_exp,
                      _log1p_minus_leading, _LOG1P_OVER, _log1p_over, _log1p_power, _LOG1P_RATIO_SERIES, _LOG_2,
                      _LOG_2_OVER_PI, _log_abs_of_z, _log_and_log1p_power, _log_cdf_from_lower_end, _log_expm1,
                      _LOG_EXPM1_RATIO, _log_expm1_ratio, _log_of, _log_of_z, _LOG_PI, _LOG_PLUS_LOG1P, _method,
                      _moment_where, _NEAR_END, _of_numbers, _on_support, _one_minus, _one_minus_product,
                      _overflowing_power_leads, _plain, _power_less, _power_of_product_less, _power_of_z,
                      _product_less_kept,
                      _product_exponent, _power_product_check, _product_power_kept, _power_steep, _product_excess, _quantiles, _quiet,
                      _refuse_a_jump, _refuse_a_jump_in_shape, _x_at_loc, _refuse_at_a_moving_end, _second_order_kink,
                      _shape_entropy, _shape_functions, _shapes_positive, _standardized, _std_leading_term,
                      _symmetric_far_series, _two_forms,
                      _VANISHING_LOG, _xlog_z, _Z_ITSELF, _Z_POWER_TERMS, _Z_TERMS)
from ._gamma import _gengamma_log_ratio, _gengamma_moment, _gengamma_second_difference, _GOMPERTZ_EXPREL
from ._extreme_value import (_gev_density_power, _GEV_FAR_C, _GEV_FAR_W, _gev_log_kernel, _gev_log_w, _gev_u, _gev_y,
                             _LOG_PLUS_SCALED_LOG1P)

__all__ = ["cauchy", "pareto", "genpareto", "halfcauchy", "lomax", "burr12", "fisk", "skewcauchy", "burr", "mielke",
           "kappa3", "foldcauchy", "truncpareto", "kappa4", "dpareto_lognorm"]


#: From this |z| on the Cauchy tails are functions of ``L = log|z|`` (:func:`_log_arctan_reciprocal`)
_CAUCHY_FAR = 8.0

#: ``arctan(t) / t - 1 = t^2 sum_k (-1)^(k + 1) t^2k / (2k + 3)``, k = 0..15: to rounding for ``t <= 0.27``
_ARCTAN_RATIO_SERIES = [(-1.0) ** (k + 1) / (2.0 * k + 3.0) for k in range(16)]


def _log_arctan_ratio(t2):
    """``log(arctan(t) / t)`` of ``t2 = t^2 <= 0.075`` (its series)."""
    return np.log1p(t2 * polynomial(t2, _ARCTAN_RATIO_SERIES))


def _log_arctan_reciprocal(L):
    """``log(arctan(1 / |z|))`` of ``L = log|z| >= log(_CAUCHY_FAR)`` (from :func:`_log_abs_of_z`): ``-L + log(arctan(t) /
    t)``, ``t = exp(-L)``. Its derivatives in x and in scale are L's, apart, times those of this function of L: through
    z the Cauchy log tails' d2/dx dscale was ``-(f' + z f'') / scale^2``, ``1 / z`` and ``-1 / z`` apart with rounding
    (cauchy.logsf(1e20): 1.5e-36, the truth 1.33e-60; 1e-300 at 1e300 for 0)."""
    return _log_arctan_ratio(np.exp(-2.0 * L)) - L
defvjp(_second_order_kink, lambda ans, z, what: lambda g: at_kink(g, z, lambda: z == 0, what))


def _end_log_power_step(path):
    if len(path) >= 2:
        raise NoGradientRule("wengert.scipy.stats: a log cdf (or log sf) at an end of its support (x == loc) has no "
                             "third derivative there (not implemented); its first and second are the one-sided limits")


def _end_log_power_vjp(i):
    def vjp(ans, *args, path=()):
        _end_log_power_step(path)
        return lambda g: unbroadcast(times_tangent(g, _END_LOG_POWER(*args, path=path + (i,))),
                                     np.shape(_plain(args[i])))
    return vjp


def _end_log_power_jvp(ans, primals, tangents, path=()):
    _end_log_power_step(path)
    return functools.reduce(lambda s, t: s + t, [
        times_tangent(t, _END_LOG_POWER(*primals, path=path + (i,))) for i, t in enumerate(tangents)
        if t is not None]) + np.zeros_like(_plain(ans))


defvjp(_END_LOG_POWER, *[_end_log_power_vjp(i) for i in range(6)])
defjvp(_END_LOG_POWER, _end_log_power_jvp)


class cauchy:
    """The Cauchy distribution, as ``scipy.stats.cauchy``: differentiable in x (or q), loc
    and scale.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import cauchy
    >>> round(float(wg.grad_bp(cauchy.cdf, 0.0)), 6)  # 1 / pi
    0.31831

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-log(pi scale (1 + z^2))``.

        >>> from wengert.scipy.stats import cauchy
        >>> round(float(cauchy.logpdf(0.0)), 6)
        -1.14473
        """
        z = _standardized("cauchy.logpdf", x, loc, scale)
        return -_LOG_PI - np.log(scale) - _log1p_square(z, _log_abs_of_z(x - loc, scale, z))




#: ``arctan(1 / z) / pi = sum_m (-1)^m z^-(2m + 1) / ((2m + 1) pi)``, m = 0..13 (to rounding from z = 8 on, and its
#: second derivatives), as _Z_POWER_TERMS' terms ((k, p, a, b), r)
_CAUCHY_SF_TERMS = tuple(((2 * m + 1, 0, 0, 0), (-1.0) ** m / ((2 * m + 1) * math.pi)) for m in range(14))


def _cauchy_log_tail(z, located=None):
    """``log(cauchy.cdf(z))``, as ``log1p(-sf)`` for ``z > 0`` (``log(cdf)`` rounded to 0 there
    beyond 1e16, where SciPy's is ``-sf``); ``logsf(z)`` is this at ``-z``. ``located``: see :func:`_cauchy_tail`."""
    return _cauchy_tail(z, located, True)


def _cauchy_tail(z, located=None, log=False):
    """``cauchy.cdf(z)`` (``log``: its log), ``arctan2(1, -z) / pi``. ``located = (u, scale)``, ``z = u / scale``: beyond
    ``|z| = _CAUCHY_FAR`` in ``|u|`` and the scale, the smaller tail ``S = arctan(1 / |z|) / pi`` as powers of z each
    on its own (_Z_POWER_TERMS, :data:`_CAUCHY_SF_TERMS`) and its log as a function of ``L = log|z|``
    (:func:`_log_arctan_reciprocal`), the larger ``1 - S`` (``log1p(-S)``): through z d2/dscale2 of the tails far out
    was ``(2 z f' + z^2 f'') / scale^2``, ``2 / (pi z)`` and ``-2 / (pi z)`` apart (cauchy.logcdf(1e20, 0, 3): -3.8e-37,
    the truth -1.01e-41; cauchy.sf's -1.9e-37 for -1.9e-60), d2/dx dscale of the log tails the same (cauchy.logsf(1e20):
    1.5e-36, the truth 1.33e-60), and at 1e150 the z-derivatives underflowed apart (-3.2e-301 for 3.2e-301)."""
    pz = _plain(z)
    right = pz > 0
    if located is None:
        far = np.zeros(np.shape(pz), dtype=bool)
    else:
        far = np.abs(pz) > _CAUCHY_FAR
    left, right = ~right & ~far, right & ~far
    out = np.arctan2(1.0, -np.where(left, z, -1.0)) / np.pi
    if log:
        out = np.log(out)
    if np.any(right):
        upper = np.arctan2(1.0, np.where(right, z, 1.0)) / np.pi
        out = np.where(right, np.log1p(-upper) if log else 1.0 - upper, out)
    if np.any(far):
        u, scale = located
        w = np.where(far, z, 2.0 * _CAUCHY_FAR)
        size = np.where(far, np.where(pz > 0, u, -u), 2.0 * _CAUCHY_FAR * np.asarray(_plain(scale)))
        small = _Z_POWER_TERMS(size, scale, 1.0, j=0, terms=_CAUCHY_SF_TERMS)
        big = np.log1p(-small) if log else 1.0 - small
        if log:
            small = _log_arctan_reciprocal(_log_abs_of_z(u, scale, z)(w)) - _LOG_PI
        out = np.where(far, np.where(pz > 0, big, small), out)
    return out


def _log1p_square(z, log_abs=None):
    """``log(1 + z^2)``, as ``2 log|z| + log1p(1 / z^2)`` for ``|z| > 1`` (``z * z`` overflows
    beyond 1e154: the Cauchy log density was -inf there, where SciPy's is finite); ``log_abs``
    (:func:`_log_abs_of_z`'s): there ``2 L + log1p(exp(-2 L))`` of ``L = log|z|``, whose derivatives in x and in scale are
    apart (through z cauchy.logpdf's d2/dx dscale was 0 at 1e20, the truth 4e-60; 2e-300 at 1e300 for 0)."""
    big = np.abs(_plain(z)) > 1.0
    if not np.any(big):
        return np.log1p(z * z)
    w = np.where(big, z, 2.0)
    if log_abs is None:
        far = 2.0 * np.log(np.abs(w)) + np.log1p(np.square(1.0 / w))
    else:
        far = _log1p_exp(2.0 * log_abs(w))
    return np.where(big, far, np.log1p(np.square(np.where(big, 0.5, z))))


def _cauchy_quantile(q):
    """``tan(pi (q - 1/2))``, as ``-1 / tan(pi q)`` below 1/4 and ``1 / tan(pi (1 - q))``
    above 3/4 (the same function: accurate in the tails, ``-inf`` at 0, ``inf`` at 1, and
    no cancellation in its derivatives near 1/2, where the tangent is used directly)."""
    plain = _plain(q)
    low, high = plain < 0.25, plain > 0.75
    middle = ~(low | high)
    return np.where(low, -1.0 / np.tan(np.pi * np.where(low, q, 0.1)),
                    np.where(high, 1.0 / np.tan(np.pi * (1.0 - np.where(high, q, 0.9))),
                             np.tan(np.pi * (np.where(middle, q, 0.5) - 0.5))))


_exp_of_log(cauchy, "pdf", "round(float(cauchy.pdf(1.0)), 6)", "0.159155",
            doc="``1 / (pi scale (1 + z^2))``.")
#: cauchy's density beyond ``|z| = 8``: ``sum_m (-1)^m z^-(2m + 2) / (pi scale)``, m = 0..11 (the 13th term below
#: 1e-21 of the first), as :data:`_Z_POWER_TERMS`' terms ((k, p, a, b), r)
_CAUCHY_PDF_TERMS = tuple(((2 * m + 2, 0, 0, -1), (-1.0) ** m / math.pi) for m in range(12))


#: cauchy.pdf as exp of its log density (near the center)
_CAUCHY_PDF_NEAR = getattr(cauchy, "pdf")


def _cauchy_pdf(x, loc=0.0, scale=1.0):
    return _symmetric_far_series("cauchy.pdf", x, loc, scale, 1.0, _CAUCHY_PDF_TERMS, 0,
                                 lambda z, c: z > 8.0, lambda c: 1.0, lambda x: _CAUCHY_PDF_NEAR(x, loc, scale))


_cauchy_pdf.__doc__ = _CAUCHY_PDF_NEAR.__doc__
setattr(_cauchy_pdf, "__signature__", inspect.signature(_CAUCHY_PDF_NEAR))
_method(cauchy, "pdf")(_cauchy_pdf)
_location_scale(cauchy, (
    ("cdf", lambda z, located: _cauchy_tail(z, located),
     "``1/2 + arctan(z) / pi``, as ``arctan2(1, -z) / pi`` (exact in the left tail).",
     "float(cauchy.cdf(1.0))", "0.75"),
    ("logcdf", lambda z, located: _cauchy_log_tail(z, located),
     "``log(cauchy.cdf(x, loc, scale))``.",
     "round(float(cauchy.logcdf(1.0)), 6)", "-0.287682"),
    ("sf", lambda z, located: _cauchy_tail(-z, (-located[0], located[1])),
     "``1/2 - arctan(z) / pi``, as ``arctan2(1, z) / pi`` (exact in the right tail).",
     "float(cauchy.sf(1.0))", "0.25"),
    ("logsf", lambda z, located: _cauchy_log_tail(-z, (-located[0], located[1])),
     "``log(cauchy.sf(x, loc, scale))``.",
     "round(float(cauchy.logsf(1.0)), 6)", "-1.386294"),
    ("ppf", (_cauchy_quantile, 1.0),
     "``loc + scale tan(pi (q - 1/2))``.",
     "round(float(cauchy.ppf(0.75)), 6)", "1.0"),
    ("isf", (_cauchy_quantile, -1.0),
     "``loc - scale tan(pi (q - 1/2))``.",
     "round(float(cauchy.isf(0.25)), 6)", "1.0"),
))


def _pareto_of_log_z(name, x, loc, scale, function, outside=-np.inf, closed=True):
    """``function(z, log_z)`` (``log_z(z)``: log z) on pareto's support ``z >= 1`` (``z > 1``: not ``closed``),
    ``outside`` elsewhere."""
    z = _standardized(name, x, loc, scale)
    log_z = _log_of_z(x - loc, scale, z)
    return _on_support(_plain(z) >= 1 if closed else _plain(z) > 1, lambda z: function(z, log_z), z, outside=outside,
                       at=2.0)


class pareto:
    """The Pareto distribution, as ``scipy.stats.pareto`` (shape ``b``): differentiable in x
    (or q), b, loc and scale, on its support ``z >= 1``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import pareto
    >>> float(wg.grad_bp(lambda b: pareto.logpdf(1.0, b), 2.0))  # 1 / b - log(1)
    0.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, b, loc=0.0, scale=1.0):
        """``log(b) - (b + 1) log(z) - log(scale)`` on ``z >= 1``, ``-inf`` below.

        >>> from wengert.scipy.stats import pareto
        >>> round(float(pareto.logpdf(1.0, 2.0)), 6)
        0.693147
        """
        return _pareto_of_log_z("pareto.logpdf", x, loc, scale,
                                lambda z, log_z: np.log(b) - (b + 1.0) * log_z(z) - np.log(scale))

    @staticmethod
    def cdf(x, b, loc=0.0, scale=1.0):
        """``1 - z^-b`` (as ``-expm1(-b log z)``), 0 below the support.

        >>> from wengert.scipy.stats import pareto
        >>> float(pareto.cdf(2.0, 1.0))
        0.5
        """
        return _pareto_of_log_z("pareto.cdf", x, loc, scale, lambda z, log_z: -np.expm1(-b * log_z(z)), outside=0.0)

    @staticmethod
    def logcdf(x, b, loc=0.0, scale=1.0):
        """``log(1 - z^-b)``, ``-inf`` at and below 1.

        >>> from wengert.scipy.stats import pareto
        >>> round(float(pareto.logcdf(2.0, 1.0)), 6)
        -0.693147
        """
        return _pareto_of_log_z("pareto.logcdf", x, loc, scale, lambda z, log_z: _log1mexp(-b * log_z(z)), closed=False)

    @staticmethod
    def sf(x, b, loc=0.0, scale=1.0):
        """``z^-b``, 1 below the support.

        >>> from wengert.scipy.stats import pareto
        >>> float(pareto.sf(2.0, 1.0))
        0.5
        """
        # (far out z^-b itself, a primitive of x - loc and the scale, _far_power: through exp(-b log z) the log's
        # rounding was the value's, 35 to 86 ulp at 1e20 to 1e100, and d2/dscale2 of scale / u (b = 1) through z
        # terms of 1 / (u scale) apart, -2.5e-116 at pareto.sf(1.5e100, 1, 0, 1.5) for 0)
        power_z = _power_of_z(x - loc, scale, _standardized("pareto.sf", x, loc, scale))
        return _pareto_of_log_z("pareto.sf", x, loc, scale, lambda z, log_z: _far_powers(
            z, lambda z: np.exp(-b * log_z(z)), lambda z: power_z.far(z, b, -1, 0, over_scale=False),
            -np.asarray(_plain(b))), outside=1.0)

    @staticmethod
    def logsf(x, b, loc=0.0, scale=1.0):
        """``-b log(z)``, 0 below the support.

        >>> from wengert.scipy.stats import pareto
        >>> round(float(pareto.logsf(2.0, 1.0)), 6)
        -0.693147
        """
        return _pareto_of_log_z("pareto.logsf", x, loc, scale, lambda z, log_z: -b * log_z(z), outside=0.0)

    @staticmethod
    @_quiet
    def ppf(q, b, loc=0.0, scale=1.0):
        """``loc + scale (1 - q)^(-1/b)``.

        >>> from wengert.scipy.stats import pareto
        >>> float(pareto.ppf(0.5, 1.0))
        2.0
        """
        return _located("pareto.ppf", q, loc, scale, lambda q, b: np.exp(-np.log1p(-q) / b), shapes=(b,))

    @staticmethod
    @_quiet
    def isf(q, b, loc=0.0, scale=1.0):
        """``loc + scale q^(-1/b)``.

        >>> from wengert.scipy.stats import pareto
        >>> float(pareto.isf(0.5, 1.0))
        2.0
        """
        return _located("pareto.isf", q, loc, scale, lambda q, b: np.exp(-np.log(q) / b), shapes=(b,))


_exp_of_log(pareto, "pdf", "float(pareto.pdf(1.0, 2.0))", "2.0",
            far=(lambda z, b, power: b * power.far(z, b, -1, 1), lambda b: -b - 1.0))  # (b z^(-b - 1) / scale)
#: pareto.pdf as above (exp of its log, and from z = 4 its far form through z)
_PARETO_PDF_NEAR = getattr(pareto, "pdf")


def _pareto_pdf(x, b, loc=0.0, scale=1.0):
    # (beyond z = 8 b z^(-b - 1) / scale as one primitive of x - loc and the scale: through z, d2/dscale2 of the density
    # (b (b - 1) scale^(b - 2) (x - loc)^(-b - 1): 0 at b = 1) was terms of 2 / (u^2 scale) apart with their rounding,
    # pareto.pdf(1.5e20, 1, 0, 1.5)'' 2.0e-56 for 0)
    return _symmetric_far_series("pareto.pdf", x, loc, scale, b, (((1, 0, 1, -1), 1.0),), -1, lambda z, b: z > 8.0,
                                 lambda b: 1.0, lambda x: _PARETO_PDF_NEAR(x, b, loc, scale), one_sided=True)


_pareto_pdf.__doc__ = _PARETO_PDF_NEAR.__doc__
setattr(_pareto_pdf, "__signature__", inspect.signature(_PARETO_PDF_NEAR))
_method(pareto, "pdf")(_pareto_pdf)


def _burr12_steep(lower, c, d):
    """``(u / d)^(1/c)`` at 0: in c the log term (+), in d the factor ``d^(-1/c)`` (-)."""
    return 1.0, -1.0


class genpareto:
    """The generalized Pareto distribution, as ``scipy.stats.genpareto``: differentiable in x
    (or q), c, loc and scale, to every order, for every real ``c``: at and near ``c = 0`` (the
    exponential distribution) too, where its formulas' ``log1p(c z) / c`` is written as a
    series. Its support is ``z = (x - loc) / scale >= 0``, and ``z <= -1/c`` for ``c < 0``; at
    that upper end, which moves with ``c``, a traced ``c`` is refused.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import genpareto
    >>> float(wg.grad_bp(lambda c: genpareto.logsf(2.0, c), 0.0))  # d/dc -log1p(c z) / c = z^2 / 2
    2.0

    .. versionadded:: 0.1
    """


def _genpareto_log_density(z, c, scale):
    """``-(1 + 1/c) log1p(c z) - log(scale)``: as ``-(1 + c) log1p(c z) / c`` with the series
    for ``|c z| < 1/2``, as ``xlog1py`` beyond (0, not NaN, at ``c = -1`` at the upper end,
    where the density is 1); one primitive (:data:`_LOG1P_OVER`)."""
    with np.errstate(divide="ignore"):
        return -_LOG1P_OVER(c, z, weighted=True) - np.log(scale)


def _genpareto_log_cdf(z, c, scale, log_z=None):
    """``log(1 - exp(-v))``, ``v = log1p(c z) / c``; with ``log_z`` (:func:`_log_of_z`), where ``|c z|`` and ``v`` are
    below 1/2, ``log z + log(P(c z)) + log((1 - e^-v) / v)``, ``P(u) = log1p(u) / u`` (its series) and ``log z``'s
    derivatives in x and in scale apart: through log1mexp d2/dx dscale near z = 0 was ``1 / z - 1 / z`` (0.875 at
    genpareto.logcdf(1e-15, 0.5), the truth 0.75; 0.0 at 1e-100, overflowing below 1e-154)."""
    with np.errstate(divide="ignore"):
        if log_z is None:
            return _log1mexp(-_log1p_over(c, z))
        pz, pc = (np.asarray(_plain(v), dtype=float) for v in (z, c))
        small = np.broadcast_to((np.abs(pc * pz) < 0.5) & (pz < 0.25),  # (v <= z / (1 - |c z|) < 1/2)
                                np.broadcast_shapes(pz.shape, pc.shape))

        def series(z):
            return log_z(z) + np.log(polynomial(c * z, _LOG1P_RATIO_SERIES)) + _log_expm1_ratio(_log1p_over(c, z))
        return _piecewise(z, small, lambda z: _log1mexp(-_log1p_over(c, z)), series, 0.5, 0.125)


def _genpareto_sf_power(z, c):
    """``(1 + c z)^(-1/c)``, the survival function as a power: used near the upper end of the
    support (``c < 0``), where it is 0 with a finite derivative and ``exp(-log1p(c z) / c)``'s
    derivative was ``0 * inf``."""
    return (1.0 + c * z) ** (-1.0 / c)


#: Far in the upper tail (1 + c z from _GEV_FAR_W on, c from _GEV_FAR_C; not where _GENPARETO_TOP holds) genpareto's
#: functions of d = x - loc, the scale s and -c, genextreme's c (w = 1 + c z, the sf w^(-1/c)): as genextreme's
#: (_GEV_FAR_TERMS), each derivative a sum of powers of w on its own. Through z = d / s the s-derivatives met dz/ds =
#: -z / s, huge, times z-derivatives, tiny, or cancelling: d2/dx ds of genpareto.logsf(1e160, 0.5) was 2.2e-165 by
#: reverse over reverse (0 forward over reverse), the truth 4e-320; at x = 1e20 0, the truth 4e-40
_GENPARETO_FAR = {
    "logpdf": lambda d, s, c: _gev_log_kernel(d, s, c) - np.log(s),
    "pdf": lambda d, s, c: _gev_density_power(d, s, c),
    "cdf": lambda d, s, c: 1.0 - _gev_u(d, s, c),
    "logcdf": lambda d, s, c: np.log1p(-_gev_u(d, s, c)),
    "sf": lambda d, s, c: _gev_u(d, s, c),
    "logsf": lambda d, s, c: _gev_log_w(d, s, c) / c,
}


#: Far in the upper tail (log sf or the log density below _VANISHING_LOG): the values of the functions
#: whose derivatives vanish there (as genextreme's _GEV_TOP)
_GENPARETO_TOP = {"pdf": 0.0, "cdf": 1.0, "sf": 0.0, "logcdf": -0.0}


def _genpareto_function(name, lower_open, function, at_end, outside):
    """Add ``genpareto.<name>``: ``function(z, c, scale)`` inside the support (``z > 0`` if
    ``lower_open``, else ``z >= 0``; ``z <= -1/c`` for ``c < 0``), ``at_end(z, c, scale)``
    within ``_NEAR_END`` of the upper end, ``outside = (below, above)`` beyond it. The unused
    entries are evaluated at a point inside the support, so that no NaN or infinity of theirs
    reaches the gradient (as ``_on_support``)."""
    logs = "log_z" in inspect.signature(function).parameters

    def method(x, c, loc=0.0, scale=1.0):
        z = _standardized(f"genpareto.{name}", x, loc, scale)
        zp, cp = np.broadcast_arrays(*(np.asarray(_plain(v), dtype=float) for v in (z, c)))
        negative = cp < 0
        with np.errstate(divide="ignore"):
            end = np.where(negative, -1.0 / np.where(negative, cp, -1.0), np.inf)
        _refuse_at_a_moving_end(f"genpareto.{name}", c, lambda: negative & (zp == end), "x == loc - scale / c (c < 0)")
        below = (zp <= 0) if lower_open else (zp < 0)
        above = zp > end
        # (nearer the upper end than the lower: where the support is narrower than _NEAR_END (c < -50), the powers'
        # 1 - (1 + c z)^(-1/c) lost every digit near the lower end: genpareto.logcdf(1e-300, -1e12) was -inf, -690.8)
        near = (negative & ~above & ~below & (end - zp < np.minimum(_NEAR_END, 0.5 * end)) if at_end is not None
                else np.zeros(zp.shape, bool))
        inside = ~(below | above | near)
        top = np.zeros(zp.shape, bool)
        if name in _GENPARETO_TOP:
            # far in the upper tail (log sf = -y below _VANISHING_LOG; pdf: its log) the function is a
            # constant and its derivatives vanish: they are exp(-y) times powers of y's, which overflow
            # (d2y/dc2 = 2 z^3 / 3 at c = 0): d2/dc2 was 0 * inf = NaN from z = 1e155 (truth 0 to 1e-1000)
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                y = _log1p_over(np.where(inside, cp, 0.0), np.where(inside, zp, 0.0))
                log_tail = -(1.0 + cp) * y - np.log(_plain(scale)) if name == "pdf" else -y
            top = inside & (log_tail < _VANISHING_LOG)
            inside = inside & ~top
        far = np.zeros(zp.shape, bool)
        if np.any(cp >= _GEV_FAR_C):
            with np.errstate(over="ignore", invalid="ignore"):
                far = inside & (cp >= _GEV_FAR_C) & (1.0 + cp * zp >= _GEV_FAR_W)
            inside = inside & ~far
        # inside the support, for every c (in z's dtype: a float64 one made float32 results float64)
        safe = np.minimum(0.5, 0.5 * end).astype(_dtype_of(z, 1.0))
        kw = {"log_z": _log_of_z(x - loc, scale, z)} if logs else {}  # (as _shape_functions gives it)
        out = function(np.where(inside, z, safe), c, scale, **kw)
        if np.any(far):
            # (elsewhere at 1 + c z = 2: d = scale, c = 1)
            sp = np.asarray(_plain(scale), dtype=float)
            out = np.where(far, _GENPARETO_FAR[name](np.where(far, x - loc, sp), scale, -np.where(far, c, 1.0)), out)
        if np.any(top):
            out = np.where(top, _GENPARETO_TOP[name], out)
        if np.any(near):
            with np.errstate(divide="ignore"):  # (0 ** -y at the end for c < -1: the density is inf there)
                powers = at_end(np.where(near, z, safe), np.where(near, c, -1.0), scale)
            out = np.where(near, powers, out)
        if lower_open and logs and np.any(zp == 0):
            # (the log cdf at x == loc: -inf with the limits from inside as its derivatives, as
            # _log_cdf_from_lower_end's, log z - (1 + c) z / 2 + O(z^2); it was the constant -inf, every derivative 0)
            w = np.where(np.asarray(_plain(z)) == 0, z, 0.0)
            below = below & (zp != 0)
            out = np.where(zp == 0, kw["log_z"](w, 1.0, end=True) - 0.5 * (1.0 + c) * w, out)
        if np.any(below | above):
            out = np.where(below, outside[0], np.where(above, outside[1], out))
        return out
    return method


for _name, _lower_open, _function, _at_end, _outside, _formula, _example, _value in (
        ("logpdf", False, _genpareto_log_density, None, (-np.inf, -np.inf),
         "``-(1 + 1/c) log1p(c z) - log(scale)`` (``-z - log(scale)`` at ``c = 0``)",
         "round(float(genpareto.logpdf(1.0, 0.5)), 6)", "-1.216395"),
        ("pdf", False, lambda z, c, scale: np.exp(_genpareto_log_density(z, c, scale)),
         lambda z, c, scale: (1.0 + c * z) ** (-1.0 - 1.0 / c) / scale, (0.0, 0.0),
         "``(1 + c z)^(-1 - 1/c) / scale``", "round(float(genpareto.pdf(1.0, 0.5)), 6)", "0.296296"),
        ("cdf", False, lambda z, c, scale: -np.expm1(-_log1p_over(c, z)),
         lambda z, c, scale: 1.0 - _genpareto_sf_power(z, c), (0.0, 1.0),
         "``1 - (1 + c z)^(-1/c)``, as ``-expm1(-log1p(c z) / c)``", "round(float(genpareto.cdf(1.0, 0.5)), 6)",
         "0.555556"),
        ("logcdf", True, _genpareto_log_cdf,
         lambda z, c, scale: np.log1p(-_genpareto_sf_power(z, c)), (-np.inf, 0.0),
         "``log(1 - (1 + c z)^(-1/c))``", "round(float(genpareto.logcdf(1.0, 0.5)), 6)", "-0.587787"),
        ("sf", False, lambda z, c, scale: np.exp(-_log1p_over(c, z)),
         lambda z, c, scale: _genpareto_sf_power(z, c), (1.0, 0.0),
         "``(1 + c z)^(-1/c)``, as ``exp(-log1p(c z) / c)``", "round(float(genpareto.sf(1.0, 0.5)), 6)", "0.444444"),
        ("logsf", False, lambda z, c, scale: -_log1p_over(c, z), None, (0.0, -np.inf),
         "``-log1p(c z) / c`` (``-z`` at ``c = 0``)", "round(float(genpareto.logsf(1.0, 0.5)), 6)", "-0.81093")):
    _genpareto_method = _genpareto_function(_name, _lower_open, _function, _at_end, _outside)
    _genpareto_method.__doc__ = _doc(
        genpareto, f"{_formula} on the support, {_outside[0]} below it and {_outside[1]} above it (``c < 0``); "
        "written with powers near the upper end.", _example, _value)
    _method(genpareto, _name)(_genpareto_method)


def _genpareto_quantile(name, q, c, loc, scale, upper):
    # ppf: ((1 - q)^(-c) - 1) / c = -boxcox1p(-q, -c); isf: (q^(-c) - 1) / c = -boxcox(q, -c): SciPy's
    # forms, exact in c at c = 0 (the Box-Cox rules)
    return _located(name, q, loc, scale, lambda q, c: -(sc.boxcox(q, -c) if upper else sc.boxcox1p(-q, -c)),
                    shapes=(c,))


_quantiles(genpareto, "c", _genpareto_quantile, (
    ("``loc - scale boxcox1p(-q, -c)``: ``loc + scale ((1 - q)^(-c) - 1) / c``.",
     "round(float(genpareto.ppf(0.5, 0.0)), 6)  # exponential: log 2", "0.693147"),
    ("``loc - scale boxcox(q, -c)``: ``loc + scale (q^(-c) - 1) / c``.",
     "round(float(genpareto.isf(0.5, 1.0)), 6)", "1.0")))


_shape_entropy(genpareto, lambda c: c + 1.0, "``c + 1 + log(scale)``, in c and scale.",
               "float(genpareto.entropy(0.0))  # exponential", "1.0")


class lomax:
    """The Lomax (Pareto of the second kind) distribution, as ``scipy.stats.lomax``:
    differentiable in x (or q), c, loc and scale. Its support is ``z = (x - loc) / scale >= 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import lomax
    >>> float(wg.grad_bp(lambda c: lomax.logsf(1.0, c), 2.0))  # -log(2)
    -0.6931471805599453

    .. versionadded:: 0.1
    """


def _lomax_sf(z, c, log1p, power_z):
    """``(1 + z)^-c``, far out (:func:`_far_powers`) ``z^-c (1 + 1/z)^-c`` with ``z^-c`` and ``1 / z`` primitives of x -
    loc and the scale (:func:`_far_power`; as :func:`_burr12_sf`)."""
    return _far_powers(z, lambda z: np.exp(-c * log1p(z)), lambda z: power_z.far(z, c, -1, 0, over_scale=False)
                       * np.exp(-c * np.log1p(power_z(z, -1.0))), -np.asarray(_plain(c)))


def _lomax_function(name, inside, function, outside, formula, example, value):
    """Add ``lomax.<name>``: ``function(z, c, scale)`` where ``inside(z)`` (a plain mask),
    ``outside`` elsewhere. A function with ``log1p`` is given ``log1p(z)`` as a function, from ``z = 1`` on ``L +
    log1p(exp(-L))`` of ``L = log z`` from :func:`_log_of_z` (its derivatives in x and in scale apart): through z
    d2/dx dscale of ``-c log1p(z)``, ``c / (x + scale)^2``, was ``c z / (1 + z)^2 - c / (1 + z)`` over scale^2, every
    digit lost (logsf(1e20, 2): 0.0 for 2e-40; at 1e160 2.2e-165 for 2e-320, at 1e300 2e-300 for 0); through ``1 /
    z`` its z-derivatives underflowed apart (at 1e150 -2e-300 for 2e-300)."""
    parameters = inspect.signature(function).parameters

    def method(x, c, loc=0.0, scale=1.0):
        _shapes_positive(f"lomax.{name}", c)
        z = _standardized(f"lomax.{name}", x, loc, scale)
        # (a function with ``log_z`` is given _log_of_z's and _power_of_z's, as _shape_functions gives them)
        kw = {"log_z": _log_of_z(x - loc, scale, z), "power_z": _power_of_z(x - loc, scale, z)} if (
            "log_z" in parameters) else {}
        if "log1p" in parameters:
            log_z = _log_of_z(x - loc, scale, z)

            def log1p_z(z):
                return _piecewise(z, _plain(z) >= 1.0, np.log1p, lambda z: _log1p_exp(log_z(z)), 0.5, 2.0)
            kw["log1p"] = log1p_z
        return _on_support(inside(_plain(z)), lambda z: function(z, c, scale, **kw), z, outside=outside)
    method.__doc__ = _doc(lomax, formula, example, value)
    _method(lomax, name)(method)


for _lomax_row in (
        ("logpdf", lambda z: z >= 0, lambda z, c, scale, log1p: np.log(c) - (c + 1.0) * log1p(z) - np.log(scale),
         -np.inf, "``log(c) - (c + 1) log1p(z) - log(scale)`` on ``z >= 0``, ``-inf`` below.",
         "round(float(lomax.logpdf(1.0, 2.0)), 6)", "-1.386294"),
        ("pdf", lambda z: z >= 0, lambda z, c, scale, log1p: _far_powers(  # (far out c z^(-c-1) (1 + 1/z)^(-c-1))
            z, lambda z: c * np.exp(-(c + 1.0) * log1p(z)) / scale,
            lambda z: c * _power_less(z, -c) * np.exp(-(c + 1.0) * np.log1p(1.0 / z)) / scale, -_plain(c) - 1.0,
            scale=scale), 0.0,
         "``c (1 + z)^(-c - 1) / scale`` on ``z >= 0``, 0 below.", "round(float(lomax.pdf(1.0, 2.0)), 6)", "0.25"),
        ("cdf", lambda z: z >= 0, lambda z, c, scale, log1p: -np.expm1(-c * log1p(z)), 0.0,
         "``1 - (1 + z)^(-c)`` (as ``-expm1``), 0 below the support.", "float(lomax.cdf(1.0, 2.0))", "0.75"),
        # (burr12's at c = 1, d = c: log c + log z and a series below c z = 1/2, with log z and z apart in x and
        # scale: through log1mexp d2/dx dscale of logcdf(1e-200, 2) was 0.0 with an overflow warning, the truth 1.5)
        # (at z = 0: -inf with the limits from inside as its derivatives, log z + log c - (c + 1) z / 2 + O(z^2))
        ("logcdf", lambda z: z >= 0, lambda z, c, scale, log_z, power_z: _log_cdf_from_lower_end(
            z, lambda z: _log1mexp_power(z, 1.0, c, log1p_power=True, log_z=log_z, power_z=power_z),
            lambda z: log_z(z, 1.0, end=True) + np.log(c) - 0.5 * (c + 1.0) * z), -np.inf,
         "``log(1 - (1 + z)^(-c))``, ``-inf`` at and below 0.", "round(float(lomax.logcdf(1.0, 2.0)), 6)",
         "-0.287682"),
        ("sf", lambda z: z >= 0, lambda z, c, scale, log1p, log_z=None, power_z=None: _lomax_sf(z, c, log1p, power_z), 1.0,
         "``(1 + z)^(-c)``, 1 below the support.", "float(lomax.sf(1.0, 2.0))", "0.25"),
        ("logsf", lambda z: z >= 0, lambda z, c, scale, log1p: -c * log1p(z), 0.0,
         "``-c log1p(z)``, 0 below the support.", "round(float(lomax.logsf(1.0, 2.0)), 6)", "-1.386294")):
    _lomax_function(*_lomax_row)


def _lomax_pdf_far_terms(count=20):
    """lomax's density far out, ``c z^(-c - 1) (1 + 1/z)^(-c - 1) / scale = sum_m binom(-c - 1, m) c z^(-c - 1 - m) /
    scale``, m < ``count``, each coefficient a polynomial in c (exact, then rounded), as :data:`_Z_POWER_TERMS`' terms
    ((k, p, a, b), r), j = -1: beyond ``z = 16 max(c, 1)`` successive terms fall by 1/8 at least (the 21st below 1e-18
    of the first)."""
    terms = []
    poly = [Fraction(1)]  # (binom(-c - 1, m) (-1)^m in powers of c: (c + 1) ... (c + m) / m!)
    for m in range(count):
        terms += [((1 + m, 0, a + 1, -1), float((-1) ** m * r)) for a, r in enumerate(poly) if r]
        poly = [(p + q) / (m + 1) for p, q in zip([Fraction(0)] + poly, [(m + 1) * r for r in poly] + [0])]
    return tuple(terms)


_LOMAX_PDF_FAR_TERMS = _lomax_pdf_far_terms()
#: lomax.pdf as above (exp of its log, and from z = 4 its far form through z)
_LOMAX_PDF_NEAR = getattr(lomax, "pdf")


def _lomax_pdf(x, c, loc=0.0, scale=1.0):
    # (beyond z = 16 max(c, 1) a sum of powers of x - loc and the scale, one primitive: through z, d2/dscale2 of the
    # density's leading c scale^c u^(-c - 1) (0 at c = 1) was terms of 2 / (u^2 scale) apart with their rounding,
    # lomax.pdf(1.5e20, 1, 0, 1.5)'' 0.0 for -1.19e-60)
    return _symmetric_far_series("lomax.pdf", x, loc, scale, c, _LOMAX_PDF_FAR_TERMS, -1,
                                 lambda z, c: z > 16.0 * np.maximum(c, 1.0), lambda c: 1.0,
                                 lambda x: _LOMAX_PDF_NEAR(x, c, loc, scale), one_sided=True)


_lomax_pdf.__doc__ = _LOMAX_PDF_NEAR.__doc__
setattr(_lomax_pdf, "__signature__", inspect.signature(_LOMAX_PDF_NEAR))
_method(lomax, "pdf")(_lomax_pdf)


def _burr12_standard_quantile(m, c, d):
    """``expm1(t)^(1/c)``, ``t = m / d``, ``m = -log1p(-q)`` (or ``-log(q)``): below ``t = 1`` as
    ``m^(1/c) d^(-1/c) exprel(t)^(1/c)``, above as ``exp((t + log1p(-exp(-t))) / c)``. The power of
    ``expm1(t)`` overflowed where the quantile does not (burr12.isf(1e-300, 4, 0.3) was inf for 1e250),
    and its second derivative in d was ``inf * 0`` at small t (-inf at q = 1e-300, c = 2, d = 3 for
    4.8e-152); in log form its derivatives in q cancelled near q = 0 (the second 1.5 for 2 at q =
    1e-20, c = d = 1). Values and first and second derivatives within 4e-15 of mpmath, 9e-14 far in
    the tails (an exp of a log near 700), except where a derivative crosses zero: d/dc of isf as the
    quantile nears 0 (q near 1) is 4.5e-14 to 1.9e-12 relative off there, about 1e-16 absolute."""
    if isinstance(c, float) and c == 1.0:  # lomax: expm1(t) itself (correctly rounded in float32, as before)
        return np.expm1(m / d)

    def product(m, c, d):
        return m ** (1.0 / c) * d ** (-1.0 / c) * sc.exprel(m / d) ** (1.0 / c)

    def small(m):
        # where one factor of the product overflows and another underflows (1/c = 1e12: 0 * inf, NaN for
        # burr12.ppf(0.3, 1e-12, 2.5), whose quantile is 0; fisk.ppf(0.5, 1e-12), 1), expm1(t)^(1/c), one power of
        # one base (not exp of its log: exp(L)'s second derivative exp(L) (L'^2 + L'') was 0 * inf where exp(L)
        # underflowed, NaN by jacfwd(jacfwd) and 0 by grad(grad) for burr12.ppf(1e-300, 0.455911, 1e-3)'s in q,
        # 9.44e-52; the power's y x^(y - 1) is finite wherever the truth is); each form at stand-ins (1/2, 1, 1) on
        # the other's entries, c and d included, so that no factor's inf meets the zero cotangent of the unused form
        mp, cp, dp = (np.asarray(_plain(v), dtype=float) for v in (m, c, d))
        with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
            plain = product(mp, cp, dp)
            log_value = np.log(sc.exprel(mp / dp) * (mp / dp)) / cp
            representable = np.exp(log_value) > 0
        # also where the product underflows far (its log below -1500: its first derivatives, exp(L) L' with |L'| <=
        # |L| e^745, underflow too; not where t = m / d does, log -inf): a factor's derivative overflowed beside
        # another's 0 (d^(-1/c)'s second, 0 * inf: burr12.ppf's second derivative in d at (1e-10, 0.01, 1e-3) was
        # NaN for 0)
        finite = np.isfinite(log_value)
        # (and, as before, wherever the product underflows but the one power does not: burr12.ppf(1e-10, 0.03, 1e-3)
        # is 4.64e-234, not the product's 0)
        far = ~np.isfinite(plain) & ~np.isnan(mp + cp + dp) | (
            (plain == 0) & finite & ((log_value < -1500.0) | representable))
        # far below exp's range, the quantile and its derivatives of low order (exp(L) times powers of L') are 0: a
        # constant 0 there, at stand-ins in both forms (exp(L)'s tangent was 0 * inf, L' overflowing at c = 1e-12:
        # jvp of burr12.ppf(1e-300, 1e-12, 1e-3) in q was NaN for 0)
        gone = finite & (log_value < -4000.0)
        args = (m, c, d)
        if np.any(gone):
            args = tuple(np.where(gone, s, v) for v, s in zip(args, (0.5, 1.0, 1.0)))
            far = far & ~gone

        def one_power(m, c, d):
            return np.expm1(m / d) ** (1.0 / c)
        out = _two_forms(far, product, one_power, args, (0.5, 1.0, 1.0), (0.5, 1.0, 1.0))
        return np.where(gone, 0.0, out) if np.any(gone) else out

    def large(m):
        t = m / d
        # beyond t = 40 the derivatives of log1p(-exp(-t)) are below 5e-18 of t's: dropped (its value
        # kept), their exp(-t) times the overflowing derivatives of t in q (q < 1e-154) was -inf against
        # t's +inf (lomax.isf's second derivative at q = 1e-200 NaN for 2/q^3 = inf)
        tp = np.asarray(_plain(t))
        far = tp > 40.0
        with np.errstate(over="ignore"):
            tail = np.log1p(-np.exp(-np.where(far, 40.0, t)))
            return np.exp((t + (np.where(far, np.log1p(-np.exp(-tp)), tail) if np.any(far) else tail)) / c)
    # (stand-ins per element, t = 1/2 and t = 2: 2 max(d) for all, t = 8e11 beside d = 1e12, made the unused form
    # inf and d/dc of burr12.isf([0.3, 0.0], 1.5, [2.5, 1e12]) NaN at its first, ordinary entry)
    dp = np.asarray(_plain(d))
    return _piecewise(m, _plain(m / d) >= 1.0, small, large, 0.5 * dp, 2.0 * dp)


def _burr12_quantile(name, q, c, d, loc, scale, upper):
    """``loc + scale expm1(-log1p(-q) / d)^(1/c)`` (``upper``: ``log(q)`` for ``log1p(-q)``), through
    :func:`_burr12_standard_quantile` (lomax's at ``c = 1``)."""
    _shapes_positive(name, c, d)
    with np.errstate(over="ignore"):  # (inf far in the tail, as SciPy's)
        return _located(name, q, loc, scale,
                        lambda q, c, d: _burr12_standard_quantile(-(np.log(q) if upper else np.log1p(-q)), c, d),
                        shapes=(c, d), steep_mixed=_burr12_steep)


def _lomax_quantile(name, q, c, loc, scale, upper):
    return _burr12_quantile(name, q, 1.0, c, loc, scale, upper)  # (lomax is burr12 at c = 1, d = c)


_quantiles(lomax, "c", _lomax_quantile, (
    ("``loc + scale expm1(-log1p(-q) / c)``.", "float(lomax.ppf(0.75, 2.0))", "1.0"),
    ("``loc + scale expm1(-log(q) / c)``.", "float(lomax.isf(0.25, 2.0))", "1.0")))


_shape_entropy(lomax, lambda c: 1.0 + 1.0 / c - np.log(c), "``1 + 1/c - log(c) + log(scale)``, in c and scale.",
               "round(float(lomax.entropy(2.0)), 6)", "0.806853",
               lambda name, c: _shapes_positive(name, c))


class halfcauchy:
    """The half-Cauchy distribution (``|X|`` for a standard Cauchy ``X``), as
    ``scipy.stats.halfcauchy``: differentiable in x (or q), loc and scale. Its support ``z >=
    0`` includes 0, where the derivatives are the one-sided ones from inside.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import halfcauchy
    >>> round(float(wg.grad_bp(halfcauchy.cdf, 0.0)), 6)  # 2 / pi
    0.63662

    .. versionadded:: 0.1
    """


def _halfcauchy_logcdf(z):
    """``log(2 arctan(z) / pi)``, as ``log1p(-sf)`` above ``z = 1`` (where the cdf passes 1/2)."""
    right = _plain(z) > 1.0
    if not np.any(right):
        return np.log(2.0 / np.pi * np.arctan(z))
    return np.where(right, np.log1p(-2.0 / np.pi * np.arctan2(1.0, np.where(right, z, 2.0))),
                    np.log(2.0 / np.pi * np.arctan(np.where(right, 0.5, z))))


def _halfcauchy_tail(z, located, upper, log):
    """halfcauchy's sf (``upper``) or cdf (``log``: its log), ``z >= 0``; from ``_CAUCHY_FAR`` on, twice the Cauchy
    upper tail ``S`` in ``x - loc`` and the scale and its log in ``log z`` (as :func:`_cauchy_tail`'s, for the same
    reason: halfcauchy.logsf(1e20)'s d2/dx dscale was 1.5e-36, the truth 1.33e-60)."""
    def near(z):
        if upper:
            return np.log(2.0 / np.pi * np.arctan2(1.0, z)) if log else 2.0 / np.pi * np.arctan2(1.0, z)
        if log and any(isinstance(v, (Var, Dual)) for v in located[:2]):
            # below z = 1/4 log z + log(2 / pi) + log(arctan(z) / z) (its series), log z from _log_of_z: through
            # log(arctan z) d2/dx dscale was 1 / z - 1 / z (0.0 at halfcauchy.logcdf(1e-15), the truth 1.33e-15)
            log_z = _log_of_z(*located)
            return _piecewise(z, _plain(z) < 0.25, _halfcauchy_logcdf,
                              lambda z: log_z(z) + _LOG_2_OVER_PI + _log_arctan_ratio(z * z), 0.5, 0.125)
        return _halfcauchy_logcdf(z) if log else 2.0 / np.pi * np.arctan(z)

    def far(w):
        u, scale, z = located  # (z itself; w its copy with stand-ins)
        if upper and log:
            return _LOG_2_OVER_PI + _log_arctan_reciprocal(_log_abs_of_z(u, scale, z)(w))
        own = np.asarray(_plain(w)) == np.asarray(_plain(z))
        twice = 2.0 * _Z_POWER_TERMS(np.where(own, u, w * scale), scale, 1.0, j=0, terms=_CAUCHY_SF_TERMS)
        if upper:
            return twice
        return np.log1p(-twice) if log else 1.0 - twice
    return _piecewise(z, _plain(z) > _CAUCHY_FAR, near, far, 1.0, 2.0 * _CAUCHY_FAR)


def _halfcauchy_quantile(q, upper):
    """``tan(pi q / 2)`` (``upper``: ``tan(pi (1 - q) / 2)``), as ``1 / tan(pi p / 2)`` of the
    other probability ``p`` (``1 - q``, or ``q``) where the tangent's argument is above ``pi / 4``
    (exact as ``q`` nears the end where the quantile is infinite, and infinite at it)."""
    flip = (_plain(q) < 0.5) if upper else (_plain(q) > 0.5)
    with np.errstate(divide="ignore"):
        if upper:
            return np.where(flip, 1.0 / np.tan(0.5 * np.pi * np.where(flip, q, 0.5)),
                            np.tan(0.5 * np.pi * (1.0 - np.where(flip, 0.5, q))))
        return np.where(flip, 1.0 / np.tan(0.5 * np.pi * (1.0 - np.where(flip, q, 0.5))),
                        np.tan(0.5 * np.pi * np.where(flip, 0.5, q)))


def _halfcauchy_function(name, inside, function, outside, formula, example, value):
    def method(x, loc=0.0, scale=1.0):
        z = _standardized(f"halfcauchy.{name}", x, loc, scale)
        if "located" in inspect.signature(function).parameters:  # (x - loc and the scale beside z: _cauchy_tail)
            return _on_support(inside(_plain(z)), lambda w: function(w, scale, (x - loc, scale, z)), z, outside=outside)
        return _on_support(inside(_plain(z)), lambda z: function(z, scale), z, outside=outside)
    method.__doc__ = _doc(halfcauchy, formula, example, value)
    _method(halfcauchy, name)(method)


for _halfcauchy_row in (
        ("logpdf", lambda z: z >= 0,
         lambda z, scale, located: _LOG_2_OVER_PI - _log1p_square(z, _log_abs_of_z(*located)) - np.log(scale),
         -np.inf,
         "``log(2 / pi) - log(1 + z^2) - log(scale)`` on ``z >= 0``, ``-inf`` below.",
         "round(float(halfcauchy.logpdf(1.0)), 6)", "-1.14473"),
        ("pdf", lambda z: z >= 0, lambda z, scale: np.exp(_LOG_2_OVER_PI - _log1p_square(z)) / scale, 0.0,
         "``2 / (pi (1 + z^2) scale)`` on ``z >= 0``, 0 below.", "round(float(halfcauchy.pdf(1.0)), 6)", "0.31831"),
        ("cdf", lambda z: z >= 0, lambda z, scale, located: _halfcauchy_tail(z, located, False, False), 0.0,
         "``2 arctan(z) / pi``, 0 below the support.", "float(halfcauchy.cdf(1.0))", "0.5"),
        # (at z = 0: -inf with the limits from inside as its derivatives, log z + log(2 / pi) - z^2 / 3 + O(z^4))
        ("logcdf", lambda z: z >= 0, lambda z, scale, located: _log_cdf_from_lower_end(
            z, lambda z: _halfcauchy_tail(z, located, False, True),
            lambda z: _log_of_z(*located)(z, 1.0, end=True) + _LOG_2_OVER_PI - z * z / 3.0), -np.inf,
         "``log(2 arctan(z) / pi)``, ``-inf`` at and below 0.", "round(float(halfcauchy.logcdf(1.0)), 6)",
         "-0.693147"),
        ("sf", lambda z: z >= 0, lambda z, scale, located: _halfcauchy_tail(z, located, True, False), 1.0,
         "``2 arctan(1 / z) / pi``, as ``arctan2(1, z)`` (exact in the right tail), 1 below the support.",
         "float(halfcauchy.sf(1.0))", "0.5"),
        ("logsf", lambda z: z >= 0, lambda z, scale, located: _halfcauchy_tail(z, located, True, True), 0.0,
         "``log(2 arctan(1 / z) / pi)``, 0 below the support.", "round(float(halfcauchy.logsf(1.0)), 6)",
         "-0.693147")):
    _halfcauchy_function(*_halfcauchy_row)
_location_scale(halfcauchy, (
    ("ppf", (lambda q: _halfcauchy_quantile(q, False), 1.0),
     "``loc + scale tan(pi q / 2)``.", "round(float(halfcauchy.ppf(0.5)), 6)", "1.0"),
    ("isf", (lambda q: _halfcauchy_quantile(q, True), 1.0),
     "``loc + scale tan(pi (1 - q) / 2)``.", "round(float(halfcauchy.isf(0.5)), 6)", "1.0"),
))


@_method(halfcauchy, "entropy")
def _halfcauchy_entropy(loc=0.0, scale=1.0):
    """``log(2 pi) + log(scale)``, in scale.

    >>> from wengert.scipy.stats import halfcauchy
    >>> round(float(halfcauchy.entropy()), 6)
    1.837877
    """
    return _located_entropy("halfcauchy.entropy", lambda: np.log(2.0 * np.pi), (), loc, scale)


# -- burr12 and fisk (the log-logistic) -----------------------------------------------------------


class burr12:
    """The Burr type XII distribution, as ``scipy.stats.burr12``: differentiable in x (or q), c, d,
    loc and scale, to every order. Its support is ``z = (x - loc) / scale >= 0``; ``log1p(z^c)``
    is ``c log z + log1p(z^-c)`` above ``z = 1``, so that the log functions stay finite far in
    the upper tail (where ``z^c`` overflows: SciPy's ``logsf`` is ``-inf`` there), and the lower
    log tail is ``log d + c log z`` plus a series near 0 (SciPy's underflows).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import burr12
    >>> float(wg.grad_bp(lambda d: burr12.logsf(1.0, 1.0, d), 2.0))  # -log1p(1)
    -0.6931471805599453

    .. versionadded:: 0.1
    """


class fisk:
    """The Fisk (log-logistic) distribution, as ``scipy.stats.fisk``: ``burr12`` with ``d = 1``,
    differentiable in x (or q), c, loc and scale, to every order, with ``mean``, ``var``, ``std``
    (written so that they do not cancel as ``c`` grows) and ``entropy``. Its support is ``z = (x -
    loc) / scale >= 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import fisk
    >>> float(wg.grad_bp(lambda x: fisk.cdf(x, 1.0), 0.0))  # the density at 0 (c = 1)
    1.0

    .. versionadded:: 0.1
    """


def _burr12_check(name, z, c, d=1.0, inside=None):
    """The shapes positive; for a density, a traced ``c`` refused at ``x == loc`` where ``c = 1``
    (:func:`_refuse_a_jump_in_shape`; ``inside``, :func:`_inside_z`'s plain z, is not 0 where z only rounds to 0)."""
    _shapes_positive(name, c, d)
    if name.endswith("pdf"):
        _refuse_a_jump_in_shape(name, c, lambda: _x_at_loc(z, inside) & (c == 1), "c", "c = 1 where x == loc",
                                "z**(c - 1)")


def _burr12_log_kernel(z, c, d, log_z=None, power_z=None):
    """``(c - 1) log z - (d + 1) log1p(z^c)``; with ``log_z`` and ``power_z`` (:func:`_log_of_z`, :func:`_power_of_z`)
    their derivatives in x and in scale apart: through z alone d2/dx dscale near z = 0 lost every digit ((c - 1) / z -
    (c - 1) / z: 0.0 for fisk.logpdf(1e-8, 3), the truth 1.8e-15; burr12.logpdf(1e-15, 2, 3) 0.0 for 1.6e-14)."""
    if log_z is None:
        return sc.xlogy(c - 1.0, z) - (d + 1.0) * _log1p_power(z, c)

    def apart(z):
        return _xlog_z(c - 1.0, z, log_z) - (d + 1.0) * _log1p_power(z, c, power_z, log_z)
    lead = _overflowing_power_leads(z, c, below=1e-2)
    if power_z is None or not np.any(lead):
        return apart(z)
    # (there (c - 1) log z - (d + 1) log1p(z^c) as one primitive, _LOG_PLUS_LOG1P: through log1p(z^c) its d2/dx2 met
    # (c z^(c - 1))^2, an overflow warning, burr12.logpdf(3e-300, 0.3, 0.5, 0, s)'s Hessian in (x, s))
    return _piecewise(z, lead, apart, lambda z: power_z(z, c, terms=_LOG_PLUS_LOG1P, e=c - 1.0, b=-(d + 1.0)),
                      0.5, 1e-300)


def _burr12_log_density(z, c, d, scale, log_z=None, power_z=None):
    return np.log(c) + _of_numbers(np.log, d) + _burr12_log_kernel(z, c, d, log_z, power_z) - np.log(scale)


def _burr12_log_cdf(z, c, d, scale, log_z=None, power_z=None):
    """``log(1 - (1 + z^c)^-d)`` on ``z > 0``; at ``z = 0`` (x == loc) where c is a constant, 1 or >= 2, -inf with the
    limits from inside as its derivatives, ``c log z + log d - (d + 1) z^c / 2 + O(z^(2c))`` with log z from log(x -
    loc) and log(scale) apart (as :func:`_weibull_log_cdf`; it was the constant -inf, every derivative 0: d/dx of
    fisk.logcdf(0, 2) 0 for +inf, d/dscale 0 for -c / scale); elsewhere at z = 0 (c < 1, where z^c's share of d2/dx
    dscale is +inf; 1 < c < 2, where z^c's second derivative divides by 0; c traced) the constant -inf."""
    pz, pc = np.asarray(_plain(z)), np.asarray(_plain(c))
    if not np.any(pz == 0):
        return _log1mexp_power(z, c, d, log1p_power=True, log_z=log_z, power_z=power_z)
    inner = _log1mexp_power(np.where(pz == 0, 0.5, z), c, d, log1p_power=True, log_z=log_z, power_z=power_z)
    end = np.broadcast_to(pz == 0, np.broadcast_shapes(pz.shape, pc.shape, np.shape(_plain(d))))
    return np.where(end, log_z.end(c, -0.5 * (d + 1.0), c) + np.log(d), inner)


def _burr12_density(z, c, d, scale, log_z=None, power_z=None):
    """``c d / scale`` times ``exp`` of the rest of the log density, with powers near and at ``z = 0``
    (:func:`_exp_at_ends`). The factors are kept out of the exponential: through ``exp(log c + log d
    + ...)`` the second derivative in d, ``pdf ((1/d - L)^2 - 1/d^2)`` with ``L = log1p(z^c)``, cancelled
    (25% off at z = 0.3, c = 30, d = 1), where ``(d E)'' = 2 E' + d E''`` does not."""
    # (far out z^(-c d - 1) (1 + z^-c)^(-d - 1): _far_powers)
    power = _leading_power(*_exponent_pair(1, _plain(c), 1.0))  # (z^(c - 1) near 0, its exponent's rounding kept)
    # (far out the power z^(-c d - 1) / scale one primitive of x - loc and the scale, the product's rounding kept,
    # _far_power, and z^-c, as burr's)
    inner = np.power if power_z is None else power_z
    far_power = _far_power(np.power, None, scale, None) if power_z is None else power_z.far
    return _far_powers(z, lambda z: c * d / scale * _exp_at_ends(
        lambda z: _burr12_log_kernel(z, c, d, log_z, power_z),
        lambda z: _leading_powers_at_zero(z, c - 1.0, c, d,
                                          lambda z: power(z, c - 1.0) * np.exp(-(d + 1.0) * _log1p_power(z, c)),
                                          power=power),
        z, (0.0,), (c - 1.0,)), lambda z: c * d * far_power(z, c * d, -1, 1, -_product_exponent(c, d, 0.0)[1]) * np.exp(
            -(d + 1.0) * np.log1p(inner(z, -c))), -np.asarray(_plain(c)) * np.asarray(_plain(d)) - 1.0)


def _burr12_sf(z, c, d, power_z=None):
    """``(1 + z^c)^-d``, far out (:func:`_far_powers`) ``z^(-c d) (1 + z^-c)^-d`` with ``z^(-c d)`` (the product's
    rounding kept) and ``z^-c`` primitives of x - loc and the scale (:func:`_far_power`): through ``exp(-d log1p(z^c))``
    the log's rounding was the value's, burr12.sf(1.5e100, 0.5, 3) 331 ulp off, fisk.sf(1.5e100, 3) 541; through z
    d/dscale met ``z^(-c d - 1)``'s underflow (fisk.sf(1.5e100, 3)' 0 for 2e-300) and d2/dscale2 of ``scale / u`` (c d =
    1) was terms of ``1 / (u scale)`` apart (-2.5e-116 at 1.5e100 for -8.9e-201)."""
    def near(z):
        return np.exp(-d * _log1p_power(z, c, power_z))
    if power_z is None:
        return near(z)
    return _far_powers(z, near, lambda z: power_z.far(z, c * d, -1, 0, -_product_exponent(c, d, 0.0)[1], False)
                       * np.exp(-d * np.log1p(power_z(z, -c))), -np.asarray(_plain(c)) * np.asarray(_plain(d)))


#: (name, inside, function(z, c, d, scale), outside, burr12's formula and value, fisk's formula and value)
_BURR12_ROWS = (
    ("logpdf", lambda z: z >= 0, _burr12_log_density, -np.inf,
     "``log(c d) + (c - 1) log(z) - (d + 1) log1p(z^c) - log(scale)``", "-2.517395",
     "``log(c) + (c - 1) log(z) - 2 log1p(z^c) - log(scale)``", "-1.258698"),
    ("pdf", lambda z: z >= 0, _burr12_density, 0.0,
     "``c d z^(c - 1) (1 + z^c)^(-d - 1) / scale``", "0.080669", "``c z^(c - 1) / ((1 + z^c)^2 scale)``", "0.284024"),
    # (z^c from power_z near 0, its derivatives in x and in scale apart: through z d2/dx dscale of fisk.cdf(1.5e-300,
    # 0.9, 0, 1.5) was -inf, z^(c - 2) overflowing, the truth 3.6e29; sf the same)
    ("cdf", lambda z: z >= 0, lambda z, c, d, scale, log_z=None, power_z=None: -np.expm1(-d * _log1p_power(
        z, c, power_z)), 0.0,
     "``1 - (1 + z^c)^(-d)`` (as ``-expm1``)", "0.970869", "``1 / (1 + z^-c)``", "0.692308"),
    ("logcdf", lambda z: z >= 0, _burr12_log_cdf, -np.inf,
     "``log(1 - (1 + z^c)^(-d))`` (``log d + c log z`` and a series where ``d z^c`` and ``z^c < 1/2``)", "-0.029563",
     "``-log1p(z^-c)`` (``c log z`` and a series where ``z^c < 1/2``)", "-0.367725"),
    ("sf", lambda z: z >= 0, lambda z, c, d, scale, log_z=None, power_z=None: _burr12_sf(z, c, d, power_z), 1.0,
     "``(1 + z^c)^(-d)``", "0.029131", "``1 / (1 + z^c)``", "0.307692"),
    ("logsf", lambda z: z >= 0, lambda z, c, d, scale, log_z=None, power_z=None: -d * _log1p_power(
        z, c, power_z, log_z), 0.0,
     "``-d log1p(z^c)``", "-3.535965", "``-log1p(z^c)``", "-1.178655"),
)


def _burr12_text(formula, name):
    """The docstring of a burr12 or fisk function: ``formula`` and its value outside the support."""
    below = {"logpdf": "``-inf``", "logcdf": "``-inf``", "pdf": "0", "cdf": "0", "sf": "1", "logsf": "0"}[name]
    return f"{formula} on ``z {'>' if name == 'logcdf' else '>='} 0``, {below} {'at and ' if name == 'logcdf' else ''}below."


_shape_functions(burr12, ("c", "d"), _burr12_check, [
    (name, inside, function, outside, _burr12_text(formula, name), f"round(float(burr12.{name}(1.5, 2.0, 3.0)), 6)",
     value) for name, inside, function, outside, formula, value, _, _ in _BURR12_ROWS])
def _fisk_function(function):
    """burr12's ``function(z, c, d, scale)`` at d = 1 (with its ``log_z`` and ``power_z`` where it takes them)."""
    if "log_z" in inspect.signature(function).parameters:
        return lambda z, c, scale, log_z=None, power_z=None: function(z, c, 1.0, scale, log_z, power_z)
    return lambda z, c, scale: function(z, c, 1.0, scale)


_shape_functions(fisk, ("c",), _burr12_check, [
    (name, inside, _fisk_function(function), outside,
     "burr12's at ``d = 1``: " + _burr12_text(formula, name), f"round(float(fisk.{name}(1.5, 2.0)), 6)", value)
    for name, inside, function, outside, _, _, formula, value in _BURR12_ROWS])


_quantiles(burr12, ("c", "d"), _burr12_quantile, (
    ("``loc + scale ((1 - q)^(-1/d) - 1)^(1/c)``, as ``expm1(-log1p(-q) / d)^(1/c)``.",
     "round(float(burr12.ppf(0.5, 2.0, 3.0)), 6)", "0.509825"),
    ("``loc + scale (q^(-1/d) - 1)^(1/c)``, as ``expm1(-log(q) / d)^(1/c)``.",
     "round(float(burr12.isf(0.5, 2.0, 3.0)), 6)", "0.509825")))
def _fisk_quantile(name, q, c, loc, scale, upper):
    """``loc + scale (q / (1 - q))^(1/c)`` (``upper``: its reciprocal odds) inside (0, 1) as ``exp((log q -
    log1p(-q)) / c)``: burr12's ``expm1(-log1p(-q))^(1/c)`` rounded log1p(-q) once and the power magnified
    it 1/c times (fisk.ppf(0.5, 1e-12) was 0.99994 with d/dc 5.6e7, truth 1 and 0; at c = 1e-6 5.6e-11
    off). An array reaching q = 0 or 1 keeps burr12's form, with its limits there."""
    _shapes_positive(name, c)
    qp = np.asarray(_plain(q))
    if not np.all((qp > 0) & (qp < 1)):
        return _burr12_quantile(name, q, c, 1.0, loc, scale, upper)

    def standard(q):
        log_odds = np.log(q) - np.log1p(-q)
        with np.errstate(over="ignore", under="ignore"):  # (inf and 0 far out, as SciPy's)
            return np.exp((-log_odds if upper else log_odds) / c)

    def tiny(q):
        # (the ppf below q = 1e-100: q^(1/c) (1 - q)^(-1/c), one power of q, its derivatives powers on their own
        # (_Z_POWER_TERMS); exp(L)'s d2/dq2 exp(L) (L'^2 + L'') was inf - inf, L' = 1/(c q) squared overflowing:
        # fisk.ppf(1e-300, 2) NaN for -inf)
        return _Z_POWER_TERMS(q, 1.0, 1.0 / c, j=1, terms=_Z_ITSELF) * np.exp(-np.log1p(-q) / c)
    if not upper and np.any(qp < 1e-100):
        return _located(name, q, loc, scale, lambda q: _two_forms(np.asarray(_plain(q)) < 1e-100, standard, tiny,
                                                                  (q,), (0.5,), (1e-200,)))
    return _located(name, q, loc, scale, standard)


_quantiles(fisk, "c", _fisk_quantile, (
    ("``loc + scale (q / (1 - q))^(1/c)``, as ``exp(log(q / (1 - q)) / c)``.",
     "round(float(fisk.ppf(0.75, 2.0)), 6)  # sqrt(3)", "1.732051"),
    ("``loc + scale ((1 - q) / q)^(1/c)``, as ``exp(log((1 - q) / q) / c)``.",
     "round(float(fisk.isf(0.25, 2.0)), 6)", "1.732051")))


#: sin(u) - u cos(u) = u^3 sum_k>=1 (-1)^(k+1) 2k (u^2)^(k-1) / (2k + 1)!: 22 coefficients (the
#: last term below 1e-40 at u = pi/2, the largest u of a finite variance)
_SIN_MINUS_U_COS = [(-1.0) ** (k + 1) * 2.0 * k / math.factorial(2 * k + 1) for k in range(1, 23)]


def _fisk_mean(c):
    """``(pi/c) / sin(pi/c)`` for ``c > 1``, inf for ``c <= 1``: from ``c = 2`` on ``1 / sinc(1/c)``
    (sinc's derivative is its series near 0, where that of ``u / sin(u)`` cancels as c grows), below
    with ``sin(pi (c - 1) / c)``, exact as c nears 1 (``sin(pi / c)`` was 8e-15 off at c = 1.01)."""
    def finite(c):
        return _piecewise(c, _plain(c) >= 2.0, lambda c: np.pi / c / np.sin(np.pi * (c - 1.0) / c),
                          lambda c: 1.0 / np.sinc(1.0 / c), 1.5, 2.0)
    return _moment_where(lambda p: p > 1.0, lambda p: p <= 1.0, finite, (c,), 2.0)


def _fisk_variance(c):
    """``2u / sin(2u) - (u / sin(u))^2``, ``u = pi/c``, for ``c > 2``: its two terms are near 1 and
    cancel to ``pi^2 / (3 c^2)`` as c grows (SciPy's, from its moments, is 1.3e-11 relative off
    mpmath at c = 1e3): here ``(sin u - u cos u) / (sin(u)^2 cos(u)) u``, the difference a series
    in ``u`` (``_SIN_MINUS_U_COS``) and ``cos u`` as ``sin(pi (c - 2) / (2c))``, exact as c nears 2;
    inf for ``1 < c <= 2``, NaN for ``c <= 1``."""
    def finite(c):
        u = np.pi / c
        s = np.sinc(1.0 / c)  # sin(u) / u
        return u * u * polynomial(u * u, _SIN_MINUS_U_COS) / (s * s * np.sin(np.pi * (c - 2.0) / (2.0 * c)))
    return _moment_where(lambda p: p > 2.0, lambda p: (p > 1.0) & (p <= 2.0), finite, (c,), 3.0)


_add_moments("fisk", ("c",), _fisk_mean, _fisk_variance, lambda c: 2.0 - np.log(c), _shapes_positive, 3.0,
             " The mean ``(pi/c) / sin(pi/c)`` exists for ``c > 1`` (inf below), the variance for ``c > 2`` (inf "
             "for ``1 < c <= 2``, NaN for ``c <= 1``, where the mean is infinite).")
for _distribution in ("burr12", "fisk"):
    _add_quantile_summaries(_distribution)


# -- burr12's moments (gamma function ratios, as gengamma's) --------------------------------------------

def _burr12_gap_value(c, d, k=1.0):
    pc, pd = np.asarray(_plain(c)), np.asarray(_plain(d))
    with np.errstate(over="ignore", under="ignore", divide="ignore"):  # (in the shapes' dtype: float32 stays)
        return (_product_excess(pc, pd, k) / pc.astype(float)).astype(np.result_type(pc, pd, np.float32))[()]


#: ``d - k / c = (c d - k) / c`` with ``c d - k`` exact (:func:`_product_excess`), its partials ``k / c^2`` and 1:
#: the pole of burr12's k-th moment; ``d - k / c`` in floats was 0 at c = 1e-10, d = 1e10 (the truth 3.64e-7)
_BURR12_GAP = OwnPrimitive(_burr12_gap_value, name="wengert.scipy.stats (burr12's d - k / c)", reenters="any")
_def_partials(_BURR12_GAP, lambda c, d, k=1.0: k / (c * c) + 0.0 * d, lambda c, d, k=1.0: 1.0 + 0.0 * (c + d))


def _burr12_near_pole(c, d, k):
    """The plain mask where the k-th moment's ``t = d - k / c`` is below ``d / 16`` (``d - k h`` formed in floats
    lost more than 4 bits there: it is 0 at c = 1e-10, d = 1e10, k = 1)."""
    pc, pd = np.asarray(_plain(c), dtype=float), np.asarray(_plain(d), dtype=float)
    return np.broadcast_to(_burr12_gap_value(pc, pd, k) < pd / 16.0, np.broadcast_shapes(pc.shape, pd.shape))


def _burr12_log_moment_near_pole(c, d, k):
    """``log(d B(t, 1 + k h)) = gammaln(t) + (gammaln(d + 1 - t) - gammaln(d))``, ``t = d - k h`` exactly
    (:data:`_BURR12_GAP`; ``1 + k h = d + 1 - t``)."""
    t = _BURR12_GAP(c, d, k)
    return sc.gammaln(t) + _gengamma_log_ratio(d, 1.0 - t)


def _burr12_moment(c, d, n, form):
    """``form(c, d)`` where ``c d > n`` exactly (the n-th moment ``d B(d - n / c, 1 + n / c)`` exists; the float
    product rounded to n at c = 1e-10, d = 1e10: the mean was inf for 2.7448e16), +inf where it does not but the mean
    does, NaN where the mean does not (:func:`_gengamma_moment` at ``a = d`` and ``-c``)."""
    pc, pd = np.asarray(_plain(c), dtype=float), np.asarray(_plain(d), dtype=float)
    return _gengamma_moment(d, -c, n, lambda d, minus_c: form(-minus_c, d), safe=(3.0, -1.0),
                            excess=lambda k: _product_excess(pc, pd, k))


def _burr12_log_mean(c, d):
    """``log(d B(d - h, 1 + h)) = (gammaln(d - h) - gammaln(d)) + gammaln(1 + h)``, ``h = 1 / c``, each difference
    its Taylor series where it cancels (:func:`_gengamma_log_ratio`: a large d; ``1 + h`` rounded h's digits away);
    near the pole ``c d = 1`` (``d - h < d / 16``) :func:`_burr12_log_moment_near_pole`."""
    def far(c, d):
        h = 1.0 / c
        return _gengamma_log_ratio(d, -h) + _gengamma_log_ratio(1.0, h)
    return _two_forms(_burr12_near_pole(c, d, 1.0), far, lambda c, d: _burr12_log_moment_near_pole(c, d, 1.0), (c, d),
                      (3.0, 2.0), (1.0, 1.05))


def _burr12_log_spread(c, d):
    """``log(m2 / m1^2)``: the second differences of gammaln at d with step ``-1/c`` and at 1 with step ``1/c``
    (:func:`_gengamma_second_difference`; ``m2 - m1^2`` cancels as c or d grows: SciPy's variance is 2e-10 relative
    off at c = 1e3)."""
    h = 1.0 / c
    return _gengamma_second_difference(d, -h) + _gengamma_second_difference(1.0, h)


def _burr12_entropy(c, d):
    """``-log(c d) + 1 + 1/d + (1 - 1/c) (euler + digamma(d))`` (``log(1 + X^c)`` is exponential with rate d, ``X^c``
    betaprime(1, d): ``E[log X^c] = digamma(1) - digamma(d)``), with ``digamma(d) - log d`` as its excess
    (:func:`_digamma_excess`: its series from d = 10), the terms of size ``log d`` collected in ``-log(d) / c``
    (SciPy integrates numerically)."""
    return (-np.log(c) + 1.0 + 1.0 / d + (1.0 - 1.0 / c) * (_EULER + _digamma_excess(d)) - np.log(d) / c)


def _burr12_spread_moment(c, d, k):
    """``m^k expm1(D)^(k / 2)`` (k = 2 the variance, 1 the std; ``m`` the mean, ``D`` :func:`_burr12_log_spread`), as
    ``exp(k log m + (k / 2) log(expm1(D)))`` where the product is 0, inf or NaN: for a tiny c and a large d ``m``
    underflows and ``expm1(D)`` overflows (burr12.var(1e-3, 1e4) was NaN, 0 * inf, for 7.6e-2172, which is 0)."""
    def form(c, d):
        pole = _burr12_near_pole(c, d, 2.0)
        if np.any(pole):  # (near c d = 2: m2 from the exact d - 2 / c, 1 - m^2 / m2 = -expm1(2 log m - log m2))
            return _two_forms(pole, away, lambda c, d: np.exp(0.5 * k * (
                (lambda log_m2: log_m2 + _log1mexp(2.0 * _burr12_log_mean(c, d) - log_m2))(
                    _burr12_log_moment_near_pole(c, d, 2.0)))), (c, d), (3.0, 2.0), (1.0, 2.1))
        return away(c, d)

    def away(c, d):
        if k == 1:  # (the std's leading term where D is tiny: D underflowed, burr12.std(1e300, 2) was 0 for 1.28e-300)
            h = 1.0 / c
            leading = np.broadcast_to(_leading_here(h, d - h),
                                      np.broadcast_shapes(np.shape(_plain(c)), np.shape(_plain(d))))
            if np.any(leading):
                return _two_forms(leading, spread_form, lambda c, d: np.exp(_burr12_log_mean(c, d)) * _std_leading_term(
                    1.0 / c, d - 1.0 / c, _polygamma(1, 1.0 + 1.0 / c)), (c, d), (3.0, 2.0), (1e20, 2.0))
        return spread_form(c, d)

    def spread_form(c, d):
        log_m, spread = _burr12_log_mean(c, d), _burr12_log_spread(c, d)
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            plain = np.exp(k * np.asarray(_plain(log_m))) * np.expm1(np.asarray(_plain(spread))) ** (0.5 * k)
        return _two_forms(~(np.isfinite(plain) & (plain > 0)),
                          lambda log_m, spread: (np.exp(2.0 * log_m) * np.expm1(spread) if k == 2 else
                                                 np.exp(log_m) * np.sqrt(np.expm1(spread))),
                          lambda log_m, spread: np.exp(k * log_m + 0.5 * k * _log_expm1(spread)),
                          (log_m, spread), (0.0, 0.5), (0.0, 1.0))
    return _burr12_moment(c, d, 2, form)


_add_moments("burr12", ("c", "d"), lambda c, d: _burr12_moment(c, d, 1, lambda c, d: np.exp(_burr12_log_mean(c, d))),
             lambda c, d: _burr12_spread_moment(c, d, 2), lambda c, d: _burr12_entropy(c, d), _shapes_positive,
             (3.0, 2.0),
             " The k-th moment ``d B(d - k / c, 1 + k / c)`` exists for ``c d > k``: the mean is inf for ``c d <= 1``, "
             "the variance inf for ``1 < c d <= 2`` and NaN for ``c d <= 1``, where the mean is infinite (SciPy's are "
             "NaN there); the variance is ``m^2 expm1(D)``, ``D`` the second differences of gammaln (their series where "
             "they cancel).",
             sd=lambda c, d: _burr12_spread_moment(c, d, 1))


#: Below this b (u = b / 2 for the variance) truncexpon's mean and variance take the series of their differences
_TRUNCEXPON_SERIES_BELOW = 2.0


def _truncexpon_mean_series(b):
    """``P(b) / g(b)`` (:func:`_truncexpon_mean`), the mean over b: its series, for b below 2."""
    return polynomial(b, _EXPM1_MINUS_X) / polynomial(b, _GOMPERTZ_EXPREL)


# -- skewcauchy (the skewed Cauchy distribution) ----------------------------------------------------


class skewcauchy:
    """The skewed Cauchy distribution, as ``scipy.stats.skewcauchy``: ``pdf = 1 / (pi (1 + w^2))``, ``w = z / (1 -
    a)`` for ``z <= 0`` and ``z / (1 + a)`` above (``-1 < a < 1``): each side cauchy's at ``w`` weighted by ``1 -+ a``;
    differentiable in x (or q), a, loc and scale. Each tail from its own side exact far out (``(1 - a) arctan2(1, -w) /
    pi`` on the left; SciPy's ``(1 - a)/2 + (1 - a)/pi arctan(w)`` cancels, its ``cdf(-1e10, 0.3)`` is 3.4e-7
    relative off), the other as a sum of positive terms, each log tail ``log1p(-the other)`` where the other is below
    1/2; the log density cauchy's (finite where ``w^2`` overflows). At ``z = 0`` the density's second derivative jumps
    (``-2 / (pi (1 -+ a)^2)``): a second derivative in x, loc or scale there is refused for ``a != 0``. The quantiles
    ``(1 - a)`` times cauchy's at ``q / (1 - a)`` below ``(1 - a) / 2``, ``-(1 + a)`` times cauchy's at ``(1 - q) / (1 +
    a)`` above (exact in both tails). The mean and variance do not exist (NaN, as SciPy); no entropy (SciPy integrates
    it).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import skewcauchy
    >>> round(float(wg.grad_bp(lambda x: skewcauchy.cdf(x, 0.5), 0.0)), 6)  # the density at 0: 1 / pi
    0.31831

    .. versionadded:: 0.1
    """


def _skewcauchy_a(name, a):
    """``-1 < a < 1`` (SciPy gives NaN elsewhere)."""
    pa = np.asarray(_plain(a), dtype=float)
    if not np.all((pa > -1.0) & (pa < 1.0)):
        raise ValueError(f"{name}: a must be in (-1, 1) (SciPy gives NaN)")


def _skewcauchy_check(name, z, a):
    _skewcauchy_a(name, a)


def _skewcauchy_sides(z, a, left, right):
    """``left(u, 1 - a)`` for ``z <= 0`` and ``right(u, 1 + a)`` above, ``u = |w| = -+z / (1 -+ a)`` (no abs: its
    kink at 0 refused the tails' second derivatives), each on its own points (the other at ``z = -+1``)."""
    def side(function, sign):
        return lambda z: function(sign * z / (1.0 + sign * a), 1.0 + sign * a)
    return _piecewise(z, np.broadcast_to(np.asarray(_plain(z)) > 0, np.broadcast_shapes(np.shape(_plain(z)),
                                                                                        np.shape(_plain(a)))),
                      side(left, -1.0), side(right, 1.0), -1.0, 1.0)


def _skewcauchy_log1p_square(z, s, log_abs):
    """``log(1 + w^2)``, ``w = z / s`` (``s = 1 -+ a``), beyond ``|w| = 1`` as :func:`_log1p_exp` of ``2 (L - log s)``, ``L =
    log|z|`` from ``log_abs`` (:func:`_log_abs_of_z_moderate`'s: its derivatives in x and in scale apart): through w
    d2/dx dscale was ``2 / z - 2 / z`` plus rounding and d2/dx da lost the same (skewcauchy.logpdf(-1e20, 0.5, 0, 3):
    7.5e-37 one way, 0 the other, the truth -3e-60; d2/dx da 0 for 1.8e-59)."""
    big = np.abs(_plain(z)) > np.asarray(_plain(s))
    if not np.any(big):
        return np.log1p(np.square(z / s))
    far = _log1p_exp(2.0 * (log_abs(np.where(big, z, 2.0 * s)) - np.log(s)))
    return np.where(big, far, np.log1p(np.square(np.where(big, 0.5, z / s))))


def _skewcauchy_function(name):
    """``name`` of the standardized ``z``: from the tail on z's own side (cauchy's at ``-|w|`` times its weight ``s``),
    the other tail as ``(2 - s)/2 + s arctan(|w|) / pi`` (positive terms)."""
    def near(u, s):  # (the tail on this side: cdf on the left, sf on the right; cauchy's at -u, u = |w|)
        return s * np.arctan2(1.0, u) / np.pi

    def far(u, s):  # (the other: 1 - near where near is below 1/2, else as (2 - s)/2 + s arctan(u) / pi: through
        # the sum d/da cancelled far out, -1/2 + arctan(u) / pi, 5e-7 relative off at z = 1e10, a = -0.7)
        return _one_minus(near(u, s), (1.0 - 0.5 * s) + s * np.arctan(u) / np.pi, False)

    def log_far(u, s):  # (log1p(-near) where near is below 1/2, else log(far))
        return _one_minus(near(u, s), far(u, s), True)

    def log_near(u, s):
        return np.log(s) + _cauchy_log_tail(-u)
    own = {"cdf": (near, far), "sf": (far, near), "logcdf": (log_near, log_far), "logsf": (log_far, log_near)}

    def function(z, a, scale, log_abs):
        if name in ("logpdf", "pdf"):
            if np.any(np.asarray(_plain(a)) != 0):  # (the second derivative jumps at z = 0, but not for cauchy)
                z = _kinked_at(z, 0.0, f"skewcauchy.{name}", "x = loc (z = 0)")

            def side(sign):
                return lambda z: -_skewcauchy_log1p_square(z, 1.0 + sign * a, log_abs)
            log_density = _piecewise(z, np.broadcast_to(np.asarray(_plain(z)) > 0, np.broadcast_shapes(
                np.shape(_plain(z)), np.shape(_plain(a)))), side(-1.0), side(1.0), -1.0, 1.0)
            log_density = log_density - _LOG_PI - _log_of(scale)
            return log_density if name == "logpdf" else np.exp(log_density)
        left, right = own[name]
        return _skewcauchy_sides(z, a, left, right)
    return function


_shape_functions(skewcauchy, ("a",), _skewcauchy_check, [
    (name, lambda z: np.ones(np.shape(z), bool), _skewcauchy_function(name), np.nan, formula,
     f"round(float(skewcauchy.{name}(1.5, 0.5)), 6)", value) for name, formula, value in (
        ("logpdf", "``-log(pi (1 + w^2)) - log(scale)``, ``w = z / (1 + a sign(z))``.", "-1.837877"),
        ("pdf", "``1 / (pi (1 + w^2) scale)``, ``w = z / (1 + a sign(z))``.", "0.159155"),
        ("cdf", "``(1 - a) arctan2(1, -w) / pi`` for ``z <= 0``, ``(1 - a)/2 + (1 + a) arctan(w) / pi`` above.", "0.625"),
        ("logcdf", "``log(cdf)`` (``log1p(-sf)`` where the sf is below 1/2).", "-0.470004"),
        ("sf", "``(1 + a)/2 + (1 - a) arctan(-w) / pi`` for ``z <= 0``, ``(1 + a) arctan2(1, w) / pi`` above.", "0.375"),
        ("logsf", "``log(sf)`` (``log1p(-cdf)`` where the cdf is below 1/2).", "-0.980829"))])


def _skewcauchy_quantile(name, q, a, loc, scale, upper):
    """``(1 - a) C(p / (1 - a))`` where the cdf ``p`` (the ppf's q, the isf's ``1 - q``) is below ``(1 - a)/2``, else
    ``-(1 + a) C(r / (1 + a))`` of the sf ``r``, C cauchy's standard quantile (:func:`_cauchy_quantile`: exact in the
    tails; ``-inf`` and ``inf`` at the ends)."""
    _skewcauchy_a(name, a)

    def standard(q, a):
        pq, pa = np.asarray(_plain(q), dtype=float), np.asarray(_plain(a), dtype=float)
        p = 1.0 - pq if upper else pq
        shape = np.broadcast_shapes(pq.shape, pa.shape)
        right = np.broadcast_to(p >= 0.5 * (1.0 - pa), shape)

        def below(q):
            return (1.0 - a) * _cauchy_quantile((1.0 - q if upper else q) / (1.0 - a))

        def above(q):
            return -(1.0 + a) * _cauchy_quantile((q if upper else 1.0 - q) / (1.0 + a))
        return _piecewise(q, right, below, above, 0.75 if upper else 0.25, 0.25 if upper else 0.75)
    with np.errstate(divide="ignore"):
        return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(a,)), q, a, loc, scale)


_quantiles(skewcauchy, "a", _skewcauchy_quantile, (
    ("``loc + scale (1 - a) tan(pi (q / (1 - a) - 1/2))`` below ``(1 - a)/2``, ``(1 + a) tan(pi ((q - 1) / (1 + a) "
     "+ 1/2))`` above.", "round(float(skewcauchy.ppf(0.5, 0.5)), 6)", "0.866025"),
    ("``ppf(1 - q)``, from the sf's side above ``(1 + a)/2``.", "round(float(skewcauchy.isf(0.5, 0.5)), 6)", "0.866025")))

_add_moments("skewcauchy", ("a",), lambda a: np.nan + 0.0 * a, lambda a: np.nan + 0.0 * a, None,
             _skewcauchy_a, 0.5, " The mean and variance do not exist: NaN, as SciPy.")
# (each half a half-Cauchy of scale 1 -+ a and weight (1 -+ a) / 2, whose share of the entropy is (1 -+ a) log(4 pi) / 2)
_shape_entropy(skewcauchy, lambda a: math.log(4.0 * math.pi) + 0.0 * a, "``log(4 pi) + log(scale)`` for every a: each "
               "half a half-Cauchy of scale ``1 -+ a`` and weight ``(1 -+ a) / 2`` (SciPy integrates the density).",
               "round(float(skewcauchy.entropy(0.5)), 6)", "2.531024", lambda name, a: _skewcauchy_a(name, a), "a")
_add_quantile_summaries("skewcauchy", (0.5,))


# -- burr (Burr type III) --------------------------------------------------------------------------


class burr:
    """The Burr type III distribution, as ``scipy.stats.burr``: ``1 / X`` for a ``burr12`` ``X``, its cdf ``(1 +
    z^-c)^-d``; differentiable in x (or q), c, d, loc and scale, to every order, with ``mean``, ``var``, ``std``
    and ``entropy``. Its support is ``z = (x - loc) / scale >= 0``; ``log1p(z^-c)`` is ``-c log z + log1p(z^c)``
    below ``z = 1``, so that the log functions stay finite near 0 (SciPy's ``logcdf`` is ``-inf`` where the cdf
    underflows) and the density is ``c d z^(c d - 1)`` times a power near 0, and the upper log tail is ``log d - c log
    z`` plus a series far out (SciPy's is ``-inf`` where ``z^-c`` underflows).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import burr
    >>> float(wg.grad_bp(lambda d: burr.logcdf(1.0, 1.0, d), 2.0))  # -log1p(1)
    -0.6931471805599453

    .. versionadded:: 0.1
    """


_burr_check = _power_product_check(("c", "d"))


def _burr_log1p(z, c, log_z=None, power_z=None):
    """``log1p(z^-c)`` for ``z > 0`` (:func:`_log1p_power` at ``-c``: ``-c log z + log1p(z^c)`` below z = 1)."""
    return _log1p_power(z, -c, power_z, log_z)


def _burr_log_kernel(z, c, d, cd=None, log_z=None, power_z=None):
    """``-(c + 1) log z - (d + 1) log1p(z^-c)``: below z = 1 as ``(c d - 1) log z - (d + 1) log1p(z^c)`` (its terms
    of size ``log z`` collected: no cancellation near 0, and ``0 ** 0``'s convention at z = 0). ``cd``: the product
    ``c d`` where it is known exactly (mielke's ``k`` beside ``d = k / s``, whose product rounds)."""
    def upper(z):
        if log_z is None:
            return -(c + 1.0) * np.log(z) - (d + 1.0) * np.log1p(np.power(z, -c))
        # (in L = log z from _log_of_z, its derivatives in x and in scale apart, see _log1p_power)
        big_l = log_z(z)
        return -(c + 1.0) * big_l - (d + 1.0) * np.log1p(np.exp(-c * big_l))

    def lower(z):
        # (c d - 1 with the product's rounding kept where cd is c * d, _product_less_kept: at c = 0.4, d = 2.5 it rounds
        # to 1, and below z = 1e-150 (the log form) d/dx of burr.pdf(1e-300, 0.4, 2.5) was -1.2e-17, the truth 5.6e283)
        e = _product_less_kept(c, d, z, log_z=log_z) if cd is None else cd - 1.0
        return _log_and_log1p_power(z, e, -(d + 1.0), c, log_z, power_z)
    return _piecewise(z, _plain(z) < 1.0, upper, lower, 2.0, 0.5)


def _burr_log_density(z, c, d, scale, log_z=None, power_z=None):
    return np.log(c) + _of_numbers(np.log, d) + _burr_log_kernel(z, c, d, None, log_z, power_z) - np.log(scale)


def _burr_density(z, c, d, scale, cd=None, log_z=None, power_z=None):
    """``c d / scale`` times ``exp`` of the rest of the log density, with powers near and at ``z = 0``
    (:func:`_exp_at_ends`, as burr12's; at 0 its leading powers, :func:`_leading_powers_at_zero`); ``cd`` as
    :func:`_burr_log_kernel`'s."""
    # (near 0 z^(c d - 1) with the exponent's rounding kept, the product's too where cd is c * d: 0.4 * 2.5 rounds
    # to 1; far out z^(-c - 1) (1 + z^-c)^(-d - 1): _far_powers)
    power = _leading_power(*(_product_exponent(c, d) if cd is None else _exponent_pair(1, _plain(cd), 1.0)),
                           power_z=power_z)
    given = cd
    cd = c * d if cd is None else cd

    def exponent(z):  # (c d - 1 with the product's rounding where it rounds to 1: z ** lo itself, and its decisions)
        return cd - 1.0 if given is not None else _product_less_kept(c, d, z)
    # (far out the power z^(-c - 1) / scale one primitive of x - loc and the scale, _far_power, and z^-c: through z
    # a reverse pass's cotangent of z, the density times z^(-c - 1), underflowed where the terms it makes do not)
    inner = np.power if power_z is None else power_z
    far_power = _far_power(np.power, None, scale, None) if power_z is None else power_z.far
    return _far_powers(z, lambda z: cd / scale * _exp_at_ends(
        lambda z: _burr_log_kernel(z, c, d, given, log_z, power_z),
        lambda z: _leading_powers_at_zero(
            z, exponent(z), c, d, lambda w: power(w, exponent(z)) * np.exp(-(d + 1.0) * np.log1p(np.power(w, c))),
            power=power),
        z, (0.0,), (exponent(z),)),
        lambda z: cd * far_power(z, c, -1, 1) * np.exp(-(d + 1.0) * np.log1p(inner(z, -c))),
        -np.asarray(_plain(c)) - 1.0)


def _burr_cdf(z, c, d, cd=None, power=np.power):
    """``(1 + z^-c)^-d``: below z = 1 as ``z^(c d) (1 + z^c)^-d``, a power that differentiates exactly at z = 0
    (through ``exp(-d log1p(z^-c))`` the derivatives there were ``0 * inf``), at 0 and where ``z^c`` is tiny its
    leading powers ``z^(c d) - d z^(c d + c)`` (:func:`_leading_powers_at_zero`; the second only where it carries the
    second derivative: the product's there was 0 * inf at c = 1.7, d = 2: NaN, the truth 0; c = 0.7, d = 2: NaN, the
    truth +inf); ``cd`` as :func:`_burr_log_kernel`'s. ``power`` (:func:`_power_of_z`'s): the leading powers'
    derivatives in x and in scale apart (through z d2/dx dscale of burr.cdf(1.5e-300, 3, 0.3, 0, 1.5) was -inf, z^(c d
    - 2) overflowing, the truth 3.6e29)."""
    # (z^(c d) with the product's rounding kept where cd is c * d: _product_power_kept)
    plain = _product_power_kept(c, d) if cd is None else np.power
    power = _product_power_kept(c, d, power) if cd is None else power
    cd = c * d if cd is None else cd
    return _piecewise(z, np.asarray(_plain(z)) < 1.0, lambda z: np.exp(-d * np.log1p(np.power(z, -c))),
                      lambda z: _leading_powers_at_zero(z, cd, c, d, lambda z: plain(z, cd) * np.exp(
                          -d * np.log1p(np.power(z, c))), k=d, power=power), 2.0, 0.5)


def _burr_upper(log, z, c, d, cd=None, log_z=None, power_z=None):
    """``sf = 1 - cdf`` (``log``: its log): where the cdf is below 1/2, ``1 - cdf`` (``log1p(-cdf)``) of
    :func:`_burr_cdf` (exact, and at z = 0 the one-sided derivatives); above, ``-expm1(-d log1p(z^-c))`` (its log
    ``log d - c log z`` and a series where ``d z^-c`` and ``z^-c < 1/2``, :func:`_log1mexp_power`); ``cd`` as :func:`_burr_log_kernel`'s."""
    given = cd is not None  # (else c * d, whose rounding _burr_cdf keeps)
    cd = c * d if cd is None else cd
    power = np.power if power_z is None else power_z  # (near 0 the cdf's leading powers: _burr_cdf's power)
    with np.errstate(divide="ignore", over="ignore", under="ignore"):
        low = np.asarray(_plain(_burr_cdf(_plain(z), _plain(c), _plain(d), _plain(cd) if given else None)) < 0.5)

    def far(z, c, d, cd):
        if log:  # (log_z: its derivatives in x and in scale apart, see _log1p_power; log d = log(c d) - log c apart)
            return _log1mexp_power(z, -c, d, log1p_power=True, log_z=log_z, power_z=power_z,
                                   log_k=np.log(cd) - np.log(c) if given else None)
        if power_z is None:
            return -np.expm1(-d * _burr_log1p(z, c))
        # (above z = 1 z^-c from power_z, a primitive of x - loc and the scale: through z d/dscale was z^(-c - 1) times
        # -z / scale, the first underflowing where the product does not, burr.sf(1.5e250, 1, 1, 0, 1.5)' 0 for
        # 6.7e-251, and d2/dscale2 of z^-1 = scale / u terms of 1 / (u scale) apart, 1.3e-116 at 1.5e100 for -8.9e-201)
        return -np.expm1(-d * _piecewise(z, _plain(z) > 1.0, lambda z: _burr_log1p(z, c),
                                         lambda z: np.log1p(power_z(z, -c)), 0.5, 2.0))

    def near(z, c, d, cd):
        cdf = _burr_cdf(z, c, d, cd if given else None, power)
        if not log:
            return 1.0 - cdf
        return _log1p_minus_leading(cdf, z, cd, lambda z: _burr_cdf(z, c, d, cd if given else None), power=power)
    return _two_forms(low, far, near, (z, c, d, cd), (2.0, 1.0, 1.0, 1.0), (0.5, 1.0, 1.0, 1.0))


_shape_functions(burr, ("c", "d"), _burr_check, [
    (name, inside, function, outside, formula, f"round(float(burr.{name}(1.5, 2.0, 3.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _burr_log_density, -np.inf,
         "``log(c d) - (c + 1) log(z) - (d + 1) log1p(z^-c) - log(scale)`` on ``z >= 0``, ``-inf`` below.",
         "-0.895535"),
        ("pdf", lambda z: z >= 0, _burr_density, 0.0,
         "``c d z^(-c - 1) (1 + z^-c)^(-d - 1) / scale`` on ``z >= 0``, 0 below.", "0.408389"),
        ("cdf", lambda z: z >= 0, lambda z, c, d, scale, power_z=None: _burr_cdf(
            z, c, d, power=np.power if power_z is None else power_z), 0.0,
         "``(1 + z^-c)^-d`` on ``z >= 0``, 0 below.", "0.331816"),
        # (at z = 0, x == loc: c d log z - d z^c + O(z^2c), -inf with the limits from inside as its derivatives; it was
        # the constant -inf, every derivative 0: d/dscale of burr.logcdf(0, 2, 1.5, 0, 2) 0 for -c d / scale = -1.5)
        ("logcdf", lambda z: z >= 0, lambda z, c, d, scale, log_z, power_z=None: _log_cdf_from_lower_end(
            z, lambda z: -d * _burr_log1p(z, c, log_z, power_z),
            lambda z: log_z.end(c, stop_gradient(-d), c, d)), -np.inf,
         "``-d log1p(z^-c)`` on ``z > 0``, ``-inf`` at and below 0.", "-1.103174"),
        ("sf", lambda z: z >= 0, lambda z, c, d, scale, power_z=None: _burr_upper(False, z, c, d, power_z=power_z), 1.0,
         "``1 - (1 + z^-c)^-d`` on ``z >= 0``, 1 below.", "0.668184"),
        ("logsf", lambda z: z >= 0, lambda z, c, d, scale, log_z, power_z=None: _burr_upper(
            True, z, c, d, log_z=log_z, power_z=power_z), 0.0,
         "``log(1 - (1 + z^-c)^-d)`` (``log d - c log z`` and a series where ``d z^-c`` and ``z^-c < 1/2``) on "
         "``z >= 0``, 0 below.", "-0.403192"))])


def _burr_standard_quantile(q, c, d, upper, cd=None):
    """``expm1(t)^(-1/c)``, ``t = -log(q) / d`` (``upper``: ``-log1p(-q) / d``): burr12's standard quantile at ``-c``
    (:func:`_burr12_standard_quantile`: its forms hold for either sign of ``1/c``), but where ``t >= 1`` (``upper``: and
    q > 1/2) as ``p^(1/(c d)) (1 - p^(1/d))^(-1/c)``, ``p = q`` (or ``1 - q``): through ``exp(-(t + log1p(-e^-t)) / c)``
    the second derivative in q was ``f (G'^2 + G'')``, two terms of order ``1/q^2`` cancelling where ``c d`` is near 1
    (2.6e-12 relative off at q = 1e-9, c = 0.5, d = 2; its truth ``1.5 / sqrt(q)``). (Not below c = 1e-3, where the
    second factor overflows beside the first's 0.) ``cd`` as :func:`_burr_log_kernel`'s."""
    cd = c * d if cd is None else cd
    qp, cp, dp = (np.asarray(_plain(v), dtype=float) for v in (q, c, d))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -(np.log1p(-qp) if upper else np.log(qp)) / dp
        power = (t >= 1.0) & (cp > 1e-3) & ((qp > 0.5) if upper else True)

    def general(q, c, d, cd):
        return _burr12_standard_quantile(0.0 - (np.log1p(-q) if upper else np.log(q)), -c, d)

    def powers(q, c, d, cd):
        p = 1.0 - q if upper else q
        return np.power(p, 1.0 / cd) * np.exp(-np.log1p(-np.power(p, 1.0 / d)) / c)
    return _two_forms(power, general, powers, (q, c, d, cd), (0.5, 1.0, 1.0, 1.0),
                      (0.999 if upper else 1e-3, 1.0, 1.0, 1.0))


def _mielke_standard_quantile(q, k, s, upper, d=None):
    """burr's :func:`_burr_standard_quantile` at ``c = s``, ``d = k/s`` (``d``: where it is given, burr's own), its
    power ``1 / (c d)`` the exact ``1 / k``;
    at the end ``p = 0`` (``p = q``, or ``1 - q``) its two leading powers ``p^(1/k) + p^((1 + s)/k) / s`` (exact to
    second order there: the further powers' coefficients are positive too), so that :func:`_located` sees its slope
    +inf for k > 1: through ``p^(1/k) (1 - p^(s/k))^(-1/s)`` the chain rule met 0 * inf, NaN, where ``s < k`` (the
    slope at k = 3, s = 1.5; d2/dq2 at k = 0.9, s = 0.3, the truth +inf, and at k = 1, s = 0.5)."""
    pp = np.asarray(_plain(q))
    end = np.broadcast_to(pp == (1.0 if upper else 0.0), np.broadcast_shapes(pp.shape, *(np.shape(_plain(v))
                                                                                         for v in (k, s))))
    d = k / s if d is None else d
    if not np.any(end):
        return _burr_standard_quantile(q, s, d, upper, k)
    p = 1.0 - q if upper else q
    leading = np.power(p, 1.0 / k) + np.power(p, (1.0 + s) / k) / s
    if np.all(end):
        return leading
    return np.where(end, leading, _burr_standard_quantile(np.where(end, 0.5, q), s, d, upper, k))


def _burr_quantile(name, q, c, d, loc, scale, upper):
    """``loc + scale expm1(-log(q) / d)^(-1/c)`` (``upper``: ``log1p(-q)`` for ``log(q)``), through
    :func:`_burr_standard_quantile`; at the end q = 0 (isf's 1) mielke's two leading powers at ``k = c d``, ``s = c``
    (:func:`_mielke_standard_quantile`: through the product the slope there was inf + 0 * inf = NaN where ``c < c d``,
    burr.ppf's at c = d = 3, the truth +inf), a steep end for ``c d > 1`` with d2/dq dc and d2/dq dd ``+inf``
    (``q^(1/(c d))``'s log term)."""
    _shapes_positive(name, c, d, names=["c", "d"])
    with np.errstate(over="ignore", divide="ignore"):  # (0 and inf at the ends and far in the tails, as SciPy's)
        return _located(name, q, loc, scale, lambda q, c, d: _mielke_standard_quantile(q, c * d, c, upper, d),
                        shapes=(c, d), steep_mixed=_power_steep)


_quantiles(burr, ("c", "d"), _burr_quantile, (
    ("``loc + scale (q^(-1/d) - 1)^(-1/c)``, as ``expm1(-log(q) / d)^(-1/c)``.",
     "round(float(burr.ppf(0.5, 2.0, 3.0)), 6)", "1.961459"),
    ("``loc + scale ((1 - q)^(-1/d) - 1)^(-1/c)``, as ``expm1(-log1p(-q) / d)^(-1/c)``.",
     "round(float(burr.isf(0.5, 2.0, 3.0)), 6)", "1.961459")))


def _burr_entropy(c, d):
    """``-log(c) + 1 + 1/d + (1 + 1/c) (euler + digamma(d)) + ...``: burr12's plus ``2 (euler + digamma(d)) / c``
    (``h(1/X) = h(X) - 2 E[log X]``, ``E[log X] = -(euler + digamma(d)) / c`` for a burr12 ``X``), with ``digamma(d) -
    log d`` as its excess (:func:`_digamma_excess`) and the ``log d`` terms collected in ``log(d) / c`` (SciPy
    integrates numerically)."""
    return -np.log(c) + 1.0 + 1.0 / d + (1.0 + 1.0 / c) * (_EULER + _digamma_excess(d)) + np.log(d) / c


def _burr_log_mean(c, d):
    """``log(d B(1 - h, d + h)) = (gammaln(d + h) - gammaln(d)) + gammaln(1 - h)``, ``h = 1/c`` (burr12's
    :func:`_burr12_log_mean` at ``-c``), with ``1 - h`` as ``(c - 1) / c`` below c = 2 (near the pole c = 1 rounding
    ``1 - 1/c`` lost the digits of ``c - 1``: the mean 1e-9 relative off at c = 1 + 1e-9)."""
    return _gengamma_log_ratio(d, 1.0 / c) + _piecewise(
        c, _plain(c) >= 2.0, lambda c: sc.gammaln((c - 1.0) / c), lambda c: _gengamma_log_ratio(1.0, -1.0 / c), 1.5, 4.0)


def _burr_log_spread(c, d):
    """``log(m2 / m1^2)``: the second differences of gammaln at d with step ``1/c`` and at 1 with step ``-1/c`` (burr12's
    :func:`_burr12_log_spread` at ``-c``), the latter from ``(c - 2) / c`` and ``(c - 1) / c`` below c = 4 (near the
    pole c = 2 as the mean's)."""
    return _gengamma_second_difference(d, 1.0 / c) + _piecewise(
        c, _plain(c) >= 4.0, lambda c: sc.gammaln((c - 2.0) / c) - 2.0 * sc.gammaln((c - 1.0) / c),
        lambda c: _gengamma_second_difference(1.0, -1.0 / c), 3.0, 8.0)


#: the k-th moment d B(1 - k/c, d + k/c) is burr12's d B(d - k/c', 1 + k/c') at c' = -c
_add_moments("burr", ("c", "d"),
             lambda c, d: _moment_where(lambda p: p > 1.0, _always, lambda c, d: np.exp(_burr_log_mean(c, d)),
                                        (c, d), 2.0),
             lambda c, d: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda c, d: np.exp(
                 2.0 * _burr_log_mean(c, d)) * np.expm1(_burr_log_spread(c, d)), (c, d), 3.0),
             _burr_entropy, lambda name, c, d: _shapes_positive(name, c, d, names=["c", "d"]), (3.0, 2.0),
             " The k-th moment ``d B(1 - k/c, d + k/c)`` exists for ``c > k``: the mean is inf for ``c <= 1``, the "
             "variance inf for ``1 < c <= 2`` and NaN for ``c <= 1``, where the mean is infinite (SciPy's are NaN "
             "there); the variance is ``m^2 expm1(D)``, ``D`` the second differences of gammaln (their series where "
             "they cancel).",
             sd=lambda c, d: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda c, d: np.exp(
                 _burr_log_mean(c, d)) * np.sqrt(np.expm1(_burr_log_spread(c, d))), (c, d), 3.0))
_add_quantile_summaries("burr", (2.0, 3.0))


# -- mielke (Mielke's beta-kappa, Dagum) -----------------------------------------------------------


class mielke:
    """Mielke's beta-kappa (Dagum) distribution, as ``scipy.stats.mielke``: ``pdf = k z^(k - 1) / (1 + z^s)^(1 +
    k/s)``, ``cdf = z^k / (1 + z^s)^(k/s)`` on ``z = (x - loc) / scale >= 0`` (``k, s > 0``); ``burr`` at ``c = s``, ``d
    = k/s``, written with burr's forms and the exact product ``c d = k`` (``k / s`` rounds: through ``z^(s (k/s))``
    the cdf at z = 1e-300 was ``690 k`` ulps off); differentiable in x (or q), k, s, loc and scale, to every order.
    SciPy's tails are off where wengert's are exact: its sf is ``1 - cdf`` (``sf(1e10, 2, 3)`` is 3e-7 relative off,
    ``logsf(1e300, 2, 3)`` ``-inf``), its ``logcdf(1e-300, 2, 3)`` ``-inf``. At ``z = 0`` the density is 0, ``1`` or
    ``inf`` as ``k > 1``, ``= 1`` or ``< 1``: a traced ``k`` is refused there at ``k = 1`` (the density jumps in
    it); the derivatives in x are the one-sided ones from inside. The n-th moment ``Gamma((k + n)/s) Gamma(1 - n/s)
    / Gamma(k/s)`` exists for ``n < s``; the entropy is burr's closed form (SciPy integrates it numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import mielke
    >>> float(wg.grad_bp(lambda x: mielke.cdf(x, 1.0, 1.0), 1.0))  # the density at 1: 1 / (1 + 1)^2
    0.25

    .. versionadded:: 0.1
    """


def _mielke_check(name, z, k, s, inside=None):
    """Positive shapes; for a density, a traced ``k`` refused at ``x == loc`` where ``k = 1`` (the factor ``z^(k -
    1)``: :func:`_refuse_a_jump_in_shape`; ``s`` moves nothing there; ``inside`` as :func:`_burr12_check`'s)."""
    _shapes_positive(name, k, s, names=["k", "s"])
    if name.endswith("pdf"):
        _refuse_a_jump_in_shape(name, k, lambda: _x_at_loc(z, inside) & (k == 1), "k", "k = 1 where x == loc",
                                "z**(k - 1)")


def _mielke_log_cdf(z, k, s, scale, log_z=None, power_z=None):
    """``-(k/s) log1p(z^-s)``, below z = 1 as ``k log z - (k/s) log1p(z^s)`` (:func:`_log_and_log1p_power`): through
    ``-(k/s)`` times ``-s log z + log1p(z^s)`` d2/dx ds was two terms ``k / (s x)`` apart, the rest lost
    (mielke.logcdf(3e-300, 0.7, 0.5, 0, 3): 0.0, the truth 1.6e152; 0.0 at 3e-100 for 5.4e51)."""
    return _piecewise(z, _plain(z) < 1.0, lambda z: -(k / s) * _burr_log1p(z, s, log_z, power_z),
                      lambda z: _log_and_log1p_power(z, k, -(k / s), s, log_z, power_z), 2.0, 0.5)


_shape_functions(mielke, ("k", "s"), _mielke_check, [
    (name, inside, function, outside, formula, f"round(float(mielke.{name}(1.5, 2.0, 3.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0,
         lambda z, k, s, scale, log_z=None, power_z=None: _of_numbers(np.log, k) + _burr_log_kernel(
             z, s, k / s, k, log_z, power_z) - np.log(scale), -np.inf,
         "``log(k) + (k - 1) log(z) - (1 + k/s) log1p(z^s) - log(scale)`` (above z = 1 as ``-(s + 1) log(z) - (1 + "
         "k/s) log1p(z^-s)``) on ``z >= 0``, ``-inf`` below.", "-1.361232"),
        ("pdf", lambda z: z >= 0, lambda z, k, s, scale, log_z=None, power_z=None: _burr_density(
            z, s, k / s, scale, k, log_z, power_z), 0.0,
         "``k z^(k - 1) (1 + z^s)^(-1 - k/s) / scale`` on ``z >= 0``, 0 below.", "0.256345"),
        ("cdf", lambda z: z >= 0, lambda z, k, s, scale, power_z=None: _burr_cdf(
            z, s, k / s, k, np.power if power_z is None else power_z), 0.0,
         "``z^k (1 + z^s)^(-k/s)`` on ``z >= 0``, 0 below.", "0.841131"),
        # (at z = 0, x == loc: k log z - (k/s) z^s + O(z^2s), -inf with the limits from inside as its derivatives; it
        # was the constant -inf, every derivative 0: d/dscale of mielke.logcdf(0, 2, 1.5, 0, 2) 0 for -k / scale = -1)
        ("logcdf", lambda z: z >= 0, lambda z, k, s, scale, log_z, power_z=None: _log_cdf_from_lower_end(
            z, lambda z: _mielke_log_cdf(z, k, s, scale, log_z, power_z),
            lambda z: log_z.end(k, stop_gradient(-k / s), s)), -np.inf,
         "``-(k/s) log1p(z^-s)`` on ``z > 0``, ``-inf`` at and below 0.", "-0.173007"),
        ("sf", lambda z: z >= 0, lambda z, k, s, scale, power_z=None: _burr_upper(
            False, z, s, k / s, k, power_z=power_z), 1.0,
         "``1 - (1 + z^-s)^(-k/s)`` (``-expm1`` of its log where the cdf is above 1/2) on ``z >= 0``, 1 below.", "0.158869"),
        # (log z from _log_of_z, as burr's: through z d2/dx dscale of logsf(1e20, 2, 0.5, 0, 3) was 8.6e-7 relative off)
        ("logsf", lambda z: z >= 0, lambda z, k, s, scale, log_z, power_z=None: _burr_upper(
            True, z, s, k / s, k, log_z=log_z, power_z=power_z), 0.0,
         "``log(1 - (1 + z^-s)^(-k/s))`` (``log(k/s) - s log z`` and a series far out) on ``z >= 0``, 0 below.",
         "-1.839677"))])


def _mielke_steep(lower, k, s):
    """mielke at 0, ``x = q^(1/k) (1 - q^(s/k))^(-1/s)`` (steep for k > 1): in k the log term of ``q^(1/k)`` (+); in
    s ``q^((1 + s)/k - 1) log q`` (-) where ``s <= k - 1``, 0 above (that power vanishes)."""
    return 1.0, np.where(np.asarray(s) <= np.asarray(k) - 1.0, -1.0, 0.0)


def _mielke_quantile(name, q, k, s, loc, scale, upper):
    """``loc + scale (p^(s/k) / (1 - p^(s/k)))^(1/s)`` (``p = q``, or ``1 - q``): :func:`_mielke_standard_quantile`."""
    _shapes_positive(name, k, s, names=["k", "s"])
    with np.errstate(over="ignore", divide="ignore"):  # (0 and inf at the ends and far in the tails, as SciPy's)
        return _located(name, q, loc, scale, lambda q, k, s: _mielke_standard_quantile(q, k, s, upper),
                        shapes=(k, s), steep_mixed=_mielke_steep)


_quantiles(mielke, ("k", "s"), _mielke_quantile, (
    ("``loc + scale (q^(s/k) / (1 - q^(s/k)))^(1/s)``, as burr's ``expm1(-log(q) s/k)^(-1/s)``.",
     "round(float(mielke.ppf(0.5, 2.0, 3.0)), 6)", "0.817788"),
    ("``loc + scale (p^(s/k) / (1 - p^(s/k)))^(1/s)``, ``p = 1 - q``, as burr's ``expm1(-log1p(-q) s/k)^(-1/s)``.",
     "round(float(mielke.isf(0.5, 2.0, 3.0)), 6)", "0.817788")))

#: the n-th moment Gamma((k + n)/s) Gamma(1 - n/s) / Gamma(k/s) is burr's d B(1 - n/c, d + n/c) at c = s, d = k/s
_add_moments("mielke", ("k", "s"),
             lambda k, s: _moment_where(lambda p: p > 1.0, _always, lambda k, s: np.exp(_burr_log_mean(s, k / s)),
                                        (k, s), 2.0, at=1),
             lambda k, s: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda k, s: np.exp(
                 2.0 * _burr_log_mean(s, k / s)) * np.expm1(_burr_log_spread(s, k / s)), (k, s), 3.0, at=1),
             lambda k, s: _burr_entropy(s, k / s), lambda name, k, s: _shapes_positive(name, k, s, names=["k", "s"]),
             (2.0, 3.0),
             " The n-th moment ``Gamma((k + n)/s) Gamma(1 - n/s) / Gamma(k/s)`` exists for ``s > n``: the mean is inf "
             "for ``s <= 1``, the variance inf for ``1 < s <= 2`` and NaN for ``s <= 1``, where the mean is infinite "
             "(SciPy's variance is inf there too); burr's forms at ``c = s``, ``d = k/s``. The entropy is burr's "
             "closed form (SciPy integrates it numerically).",
             sd=lambda k, s: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda k, s: np.exp(
                 _burr_log_mean(s, k / s)) * np.sqrt(np.expm1(_burr_log_spread(s, k / s))), (k, s), 3.0, at=1))
_add_quantile_summaries("mielke", (2.0, 3.0))


# -- kappa3 (the three-parameter kappa) --------------------------------------------------------------


class kappa3:
    """The three-parameter kappa distribution, as ``scipy.stats.kappa3``: ``pdf = a (a + z^a)^(-(a + 1)/a)``, ``cdf =
    z (a + z^a)^(-1/a)`` on ``z = (x - loc) / scale >= 0`` (``a > 0``); mielke at ``k = 1``, ``s = a`` scaled by ``b
    = a^(1/a)`` (``cdf = (1 + a z^-a)^(-1/a)``), written with burr's forms at ``c = a``, ``d = 1/a`` and the exact
    product ``c d = 1``; differentiable in x (or q), a, loc and scale, to every order. SciPy's are off where
    wengert's are exact: its ``logsf(1e300, 2)`` is ``-inf`` (the truth -1381.55), its ``ppf(1e-300, 2)`` 0 (``q^-a``
    overflows: the truth 1.41e-300). At ``z = 0`` the density is ``a^(-1/a)``, its derivatives the one-sided ones
    from inside. The n-th moment ``b^n Gamma((1 + n)/a) Gamma(1 - n/a) / Gamma(1/a)`` exists for ``n < a``; the
    entropy is burr's closed form plus ``log(a) / a`` (SciPy integrates both numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import kappa3
    >>> float(wg.grad_bp(lambda x: kappa3.cdf(x, 1.0), 0.0))  # the density at 0: a^(-1/a)
    1.0

    .. versionadded:: 0.1
    """


def _kappa3_scale(a):
    """``b = a^(1/a)``: kappa3's ``z / b`` is mielke's at ``k = 1``, ``s = a`` (a Python float for a Python ``a``)."""
    return _of_numbers(lambda a: np.exp(np.log(a) / a), a)


def _kappa3_y(z, a):
    """``z / a^(1/a)``; where z is a plain 0 (x and loc constants and equal), a plain 0: through the quotient the
    derivative in a there was a live 0 times y^a's infinite slope for a < 1, NaN (the density there, ``a^(-1/a)``,
    has the derivative ``-(1 - log a) / (a^2 a^(1/a))``)."""
    if isinstance(z, (Var, Dual)):
        # (a traced z at 0: y = z / b there with b held, dy/da a structural 0 (y is 0 at every a), not a live one:
        # d/da kappa3.pdf(x, a) at x = loc traced was NaN, -(1 - log a) / (a^2 a^(1/a)) = -27.09 at a = 1/2)
        zero = _plain(z) == 0
        if np.any(zero) and isinstance(a, (Var, Dual)):
            return np.where(zero, z / stop_gradient(_kappa3_scale(a)), z / _kappa3_scale(a))
        return z / _kappa3_scale(a)
    zero = np.asarray(z) == 0
    if np.all(zero):
        return z
    return np.where(zero, 0.0, z / _kappa3_scale(a))


def _kappa3_log_y(z, y, a, log_z):
    """``log_y(w, c=None)``: ``log w`` (``c log w``) for ``w`` y (``y = z / a^(1/a)``, :func:`_kappa3_y`) or a copy of
    it with entries replaced, on y's own entries above 1 ``log z - log(a) / a`` with ``log z`` from ``log_z``
    (:func:`_log_of_z`'s: its derivatives in x and in scale apart), elsewhere through w. Through y, burr's ``-(a + 1)
    log y`` far out had d2/dx dscale ``(a + 1) / y - (a + 1) / y`` plus rounding: kappa3.logpdf(1e20, 0.5, 0, 3) 1.05e-6
    relative off, logsf 4e-6, at 1e150 -6.8e-167 one way and 0 the other for 2.17e-226, logcdf(1e150, 0.5) -5e-226 for
    2.5e-226."""
    py = np.asarray(_plain(y))

    def through_w(w, c):
        pw = np.asarray(_plain(w))
        out = np.log(np.where(pw > 0, w, 1.0))
        return out if c is None else c * out

    def log_y(w, c=None):
        pw = np.asarray(_plain(w))
        if pw.shape != py.shape:
            return through_w(w, c)
        own = (pw == py) & (py > 1.0)
        if not np.any(own):
            return through_w(w, c)
        out = np.where(own, log_z(np.where(own, z, 1.0)) - _of_numbers(np.log, a) / a,
                       np.log(np.where(own | (pw <= 0), 1.0, w)))
        return out if c is None else c * out
    return log_y


def _kappa3_power_y(z, y, a, power_z):
    """``power_y(w, c)``: ``w^c`` for ``w`` y (:func:`_kappa3_y`) or a copy of it, on y's own entries above 1 ``z^c
    a^(-c / a)`` with ``z^c`` from ``power_z`` (:func:`_power_of_z`'s: its derivatives in x and in scale apart),
    elsewhere (and with ``terms``, :data:`_Z_TERMS`) through w: through y the second derivative of ``y^-a`` underflowed
    beyond y = 1e120 (kappa3.logsf(1e150, 0.5)'s d2/dx dscale -3.75e-226, the truth 1.875e-226) and d2/dscale2 of
    ``log1p(y^-a) / a`` at a = 1 was ``(a^2 - a) y^-a`` plus rounding (kappa3.logcdf(1e20, 1, 0, 3) 0 for 1.1e-41)."""
    py = np.asarray(_plain(y))

    def power_y(w, c, terms=None, e=0.0, b=0.0):
        pw = np.asarray(_plain(w))
        if terms is not None:
            return _Z_TERMS(w, 1.0, c, e, b, terms=terms)
        if pw.shape != py.shape:
            return np.power(w, c)
        own = (pw == py) & (py > 1.0)
        if not np.any(own):
            return np.power(w, c)
        return np.where(own, power_z(np.where(own, z, 1.0), c) * np.exp(-c * _of_numbers(np.log, a) / a),
                        np.power(np.where(own, 1.0, w), c))
    return power_y


def _kappa3_check(name, z, a):
    _shapes_positive(name, a, names=["a"])


def _kappa3_tail(function):
    """``function(y, a, 1/a, log_y)`` of burr's forms at ``y = z / a^(1/a)``, ``c = a``, ``d = 1/a``, ``log_y``
    :func:`_kappa3_log_y`'s."""
    def tail(z, a, scale, log_z, power_z):
        y = _kappa3_y(z, a)
        return function(y, a, 1.0 / a, _kappa3_log_y(z, y, a, log_z), _kappa3_power_y(z, y, a, power_z))
    return tail


def _kappa3_rounded(z, power_z):
    """The plain mask where z is rounded below the normal floats while x - loc is not 0 (``power_z``'s ``inside``,
    :func:`_power_of_z`) or is below 1e-100 (there y^(a - 2) can overflow beside dy/da's underflow: d2/da dx of
    kappa3.logpdf(1e-300, 0.5) was -inf by both orders, the truth 2.08e153, mpmath), or None."""
    pz = np.asarray(_plain(z))
    if power_z is None or pz.dtype != np.float64:
        return None
    rounded = (pz > 0) & (pz < 1e-100)
    inside = getattr(power_z, "inside", None)
    if inside is not None and inside.shape == pz.shape:
        rounded = rounded | inside
    return rounded if np.any(rounded) else None


def _kappa3_near_log(z, a, scale, power_z):
    """``-(1 + 1/a) log1p(z^a / a)`` with ``z^a`` of x - loc and the scale apart (:func:`_power_of_z`): the density's
    log less ``-log(a) / a - log(scale)`` where z is rounded below the normal floats while x != loc (through the rounded
    z, y = z / a^(1/a), d/dx of kappa3.logpdf(1e-300, 0.5, 0, 1e300) was -inf for -3, and at (5e-324, 0.5, 0, 1.3) 12%
    off, z 30% above the quotient: mpmath)."""
    return -(1.0 + 1.0 / a) * np.log1p(power_z(z, a) / a)


def _kappa3_log_density(z, a, scale, log_z, power_z):
    def through_y(z, a, scale):
        return _kappa3_tail(lambda y, c, d, log_y, power_y: _burr_log_kernel(y, c, d, 1.0, log_y))(
            z, a, scale, log_z, power_z)
    rounded = _kappa3_rounded(z, power_z)
    kernel = through_y(z, a, scale) if rounded is None else _two_forms(
        rounded, through_y, lambda z, a, scale: _kappa3_near_log(z, a, scale, power_z), (z, a, scale), (0.5, 1.0, 1.0),
        (0.0, 1.0, 1.0))
    return kernel - np.log(scale) - _of_numbers(np.log, a) / a


def _kappa3_density(z, a, scale, power_z=None):
    """``a (a + z^a)^(-(a + 1)/a) / scale``: burr's density at ``y = z / a^(1/a)`` over the scale and over ``a^(1/a)``
    apart (through their product's cotangent, the density over it, d/da underflowed where the scale is large,
    kappa3.pdf(1e-300, a, 0, 1e300)'s at a = 1 0 for -1e-300, mpmath); where z is rounded below the normal floats while
    x != loc, ``exp`` of :func:`_kappa3_near_log` (no large log: exact) over the two."""
    def through_y(z, a, scale):
        return _burr_density(_kappa3_y(z, a), a, 1.0 / a, scale, 1.0) / _kappa3_scale(a)
    rounded = _kappa3_rounded(z, power_z)
    if rounded is None:
        return through_y(z, a, scale)
    return _two_forms(rounded, through_y, lambda z, a, scale: np.exp(_kappa3_near_log(z, a, scale, power_z)) / scale
                      / _kappa3_scale(a), (z, a, scale), (0.5, 1.0, 1.0), (0.0, 1.0, 1.0))


def _kappa3_log_cdf(z, a, scale, log_z, power_z=None, with_series=True):
    """``log z - log(a) / a - log1p(z^a / a) / a`` below z = 1 at a >= 1 (log z from :func:`_log_of_z`: apart from
    a), burr's ``-log1p(y^-a) / a`` at ``y = z / a^(1/a)`` elsewhere: through y the Hessian in (x, a) at z = 1e-300
    was [[-inf, inf], [nan, nan]] (``a / y^2`` overflowing times ``dy/da`` squared, underflowing), the truth [[-inf,
    ~0], [~0, 0.0747]]; at z = 1e-100 d2/dx da -4.6e82 and -4.9e83 by the two orders, the truth 9.2e-149."""
    def upper_y(y, c, d, log_y, power_y):  # (above y = 1 log1p(y^-a) of power_y's y^-a)
        return -d * _piecewise(y, np.asarray(_plain(y)) > 1.0, lambda y: _burr_log1p(y, c),
                               lambda y: np.log1p(power_y(y, -c)), 0.5, 2.0)
    upper = _kappa3_tail(upper_y)
    pz, pa = np.asarray(_plain(z), dtype=float), np.asarray(_plain(a), dtype=float)
    if power_z is not None and with_series:
        # (where z^a / a < 1e-2: log z - log1p(z^a / a) / a one _Z_TERMS of x - loc and scale, log1p's series: through
        # y the Hessian in (x, scale) of kappa3.logcdf(1e-250, 0.5) was [[-inf, inf], [inf, -inf]], the truth's d2/dx
        # dscale and d2/dscale2 1e125 and -0.5e125)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            series = np.broadcast_to((pz > 0) & (pz < 1.0) & (np.minimum(pz, 1.0) ** pa / pa < 1e-2),
                                     np.broadcast_shapes(pz.shape, pa.shape))
        if np.any(series):
            return _two_forms(series, lambda z, a, scale: _kappa3_log_cdf(z, a, scale, log_z, power_z, False),
                              lambda z, a, scale: (power_z(z, a, _LOG_PLUS_SCALED_LOG1P, 1.0 / a, -1.0 / a)
                                                   - _of_numbers(np.log, a) / a),
                              (z, a, scale), (0.5, 2.0, 1.0), (1e-5, 2.0, 1.0))
    # (from a = 1 on, and below it where the second term's d2/dz2, z^(a - 2) (1 - a) / a, does not overflow: there it
    # did beside -1 / z^2, inf - inf; burr's form drops it. Only from a = 1 on, d2/dx dscale through y of
    # kappa3.logcdf(1e-100, 0.5) was 0.0, the truth 1e50)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        below_one = np.maximum(np.abs(1.0 - pa) / pa, 1.0) * np.minimum(pz, 1.0) ** (pa - 2.0) < 1e305
    low = np.broadcast_to((pz < 1.0) & ((pa >= 1.0) | below_one), np.broadcast_shapes(pz.shape, pa.shape))
    return _two_forms(low, lambda z, a, scale: upper(z, a, scale, log_z, power_z), lambda z, a, scale: log_z(
        z) - _of_numbers(np.log, a) / a - np.log1p(np.power(z, a) / a) / a, (z, a, scale), (2.0, 2.0, 1.0),
                      (0.5, 2.0, 1.0))


_shape_functions(kappa3, ("a",), _kappa3_check, [
    (name, inside, function, outside, formula, f"round(float(kappa3.{name}(1.5, 2.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _kappa3_log_density, -np.inf,
         "``log(a) - (1 + 1/a) log(a + z^a) - log(scale)`` (burr's kernel at ``z / a^(1/a)``) on ``z >= 0``, ``-inf`` "
         "below.", "-1.477231"),
        ("pdf", lambda z: z >= 0, _kappa3_density, 0.0,
         "``a (a + z^a)^(-(a + 1)/a) / scale`` on ``z >= 0``, 0 below.", "0.228269"),
        ("cdf", lambda z: z >= 0, lambda z, a, scale: _burr_cdf(_kappa3_y(z, a), a, 1.0 / a, 1.0), 0.0,
         "``z (a + z^a)^(-1/a)`` on ``z >= 0``, 0 below.", "0.727607"),
        # (at z = 0, x == loc: log z - log(a) / a - z^a / a^2 + O(z^2a), -inf with the limits from inside as its
        # derivatives; it was the constant -inf, every derivative 0: d/da of kappa3.logcdf(0, 1) 0 for -1)
        ("logcdf", lambda z: z >= 0, lambda z, a, scale, log_z, power_z=None: _log_cdf_from_lower_end(
            z, lambda z: _kappa3_log_cdf(z, a, scale, log_z, power_z),
            lambda z: log_z.end(1.0, stop_gradient(-1.0 / a ** 2), a) - np.log(a) / a), -np.inf,
         "``-log1p(a z^-a) / a`` on ``z > 0``, ``-inf`` at and below 0.", "-0.317994"),
        ("sf", lambda z: z >= 0, lambda z, a, scale: _burr_upper(False, _kappa3_y(z, a), a, 1.0 / a, 1.0), 1.0,
         "``1 - (1 + a z^-a)^(-1/a)`` (``-expm1`` of its log where the cdf is above 1/2) on ``z >= 0``, 1 below.",
         "0.272393"),
        ("logsf", lambda z: z >= 0, _kappa3_tail(lambda y, c, d, log_y, power_y: _burr_upper(
            True, y, c, d, 1.0, log_y, power_y)), 0.0,
         "``log(1 - (1 + a z^-a)^(-1/a))`` (``-a log z`` and a series far out) on ``z >= 0``, 0 below.", "-1.300509"))],
                 still=True)


def _kappa3_quantile(name, q, a, loc, scale, upper):
    """``loc + scale (a / (q^-a - 1))^(1/a)`` (``upper``: ``(1 - q)``): ``a^(1/a)`` times mielke's standard quantile
    at ``k = 1``, ``s = a`` (:func:`_mielke_standard_quantile`)."""
    _shapes_positive(name, a, names=["a"])
    with np.errstate(over="ignore", divide="ignore"):  # (0 and inf at the ends and far in the tails, as SciPy's)
        return _located(name, q, loc, scale,
                        lambda q, a: _kappa3_scale(a) * _mielke_standard_quantile(q, 1.0, a, upper), shapes=(a,))


_quantiles(kappa3, "a", _kappa3_quantile, (
    ("``loc + scale (a / (q^-a - 1))^(1/a)``, as mielke's at ``k = 1``, ``s = a`` times ``a^(1/a)``.",
     "round(float(kappa3.ppf(0.5, 2.0)), 6)", "0.816497"),
    ("``loc + scale (a / ((1 - q)^-a - 1))^(1/a)``, as mielke's at ``k = 1``, ``s = a`` times ``a^(1/a)``.",
     "round(float(kappa3.isf(0.5, 2.0)), 6)", "0.816497")))

#: the n-th moment b^n Gamma((1 + n)/a) Gamma(1 - n/a) / Gamma(1/a), mielke's (burr's) at k = 1, s = a, b = a^(1/a)
_add_moments("kappa3", ("a",),
             lambda a: _moment_where(lambda p: p > 1.0, _always, lambda a: _kappa3_scale(a) * np.exp(
                 _burr_log_mean(a, 1.0 / a)), (a,), 2.0),
             lambda a: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda a: np.exp(
                 2.0 * (_of_numbers(np.log, a) / a + _burr_log_mean(a, 1.0 / a))) * np.expm1(
                 _burr_log_spread(a, 1.0 / a)), (a,), 3.0),
             lambda a: _burr_entropy(a, 1.0 / a) + _of_numbers(np.log, a) / a,
             lambda name, a: _shapes_positive(name, a, names=["a"]), 3.0,
             " The n-th moment ``a^(n/a) Gamma((1 + n)/a) Gamma(1 - n/a) / Gamma(1/a)`` exists for ``a > n``: the "
             "mean is inf for ``a <= 1``, the variance inf for ``1 < a <= 2`` and NaN for ``a <= 1``, where the mean "
             "is infinite (SciPy's are NaN there; it integrates the mean and the variance numerically); burr's forms at "
             "``c = a``, ``d = 1/a``. The entropy is burr's closed form plus ``log(a) / a``.",
             sd=lambda a: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda a: _kappa3_scale(a) * np.exp(
                 _burr_log_mean(a, 1.0 / a)) * np.sqrt(np.expm1(_burr_log_spread(a, 1.0 / a))), (a,), 3.0))
_add_quantile_summaries("kappa3")


# -- foldcauchy (the folded Cauchy distribution) --------------------------------------------------


class foldcauchy:
    """The folded Cauchy distribution, as ``scipy.stats.foldcauchy``: ``|Y|`` for a Cauchy ``Y`` centred at ``c >= 0``
    (``pdf = (1 / (1 + (z - c)^2) + 1 / (1 + (z + c)^2)) / pi`` on ``z >= 0``), differentiable in x (or q), c, loc and
    scale, to every order, with ``mean`` and ``var`` (both inf, as SciPy's) and ``entropy`` (closed: ``log(4 pi s / (1
    + s))``, ``s = hypot(1, c)``; SciPy integrates it). The cdf is ``arctan2(2z, 1 + c^2 - z^2) / pi`` (its two arctangents' sum without their
    cancellation for a large c: SciPy's ``cdf(1e-3, 1e4)`` is 9e-8 relative off), the sf ``(arctan2(1, z - c) +
    arctan2(1, z + c)) / pi`` past the median, the log density a function of ``c^2`` (exact in c as c goes to 0) and
    finite far out (SciPy's ``logpdf(1e300, 3)`` is ``-inf``), the quantiles in closed form, the root ``(1 + c^2) / (u +
    sqrt(u^2 + 1 + c^2))``, ``u = cot(pi q)``, written with tangents that do not cancel (SciPy solves for them
    numerically: its ``isf(1e-300, 2)`` is 1e16, the truth 6.4e299).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import foldcauchy
    >>> round(float(wg.grad_bp(lambda x: foldcauchy.cdf(x, 0.0), 0.0)), 6)  # halfcauchy's density at 0: 2 / pi
    0.63662

    .. versionadded:: 0.1
    """


def _foldcauchy_check(name, z, c):
    if np.any(_plain(c) < 0):
        raise ValueError(f"{name}: the shape parameter c must be nonnegative (c < 0; SciPy gives NaN)")


def _foldcauchy_past_median(z, c):
    """Where ``z^2 > 1 + c^2`` (a plain mask): the cdf is above 1/2 there."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    with np.errstate(over="ignore"):
        return np.broadcast_to(pz * pz > 1.0 + pc * pc, np.broadcast_shapes(pz.shape, pc.shape))


def _foldcauchy_tails(z, c):
    """``(past, low, high)``: where z is past the median (a plain mask), the cdf ``arctan2(2z, 1 + c^2 - z^2) / pi``
    (for below it) and the sf ``(arctan2(1, z - c) + arctan2(1, z + c)) / pi`` (a sum of positive terms, for above)."""
    past = _foldcauchy_past_median(z, c)

    def low(z):
        return np.arctan2(2.0 * z, 1.0 + c * c - z * z) / np.pi

    def high(z):
        return (np.arctan2(1.0, z - c) + np.arctan2(1.0, z + c)) / np.pi
    return past, low, high


def _foldcauchy_log_sf_far(z, c, log_z):
    """``log(sf)`` from ``z = _CAUCHY_FAR sqrt(1 + c^2)`` on: ``sf = arctan(v) / pi``, ``v = 2t / (1 - (1 + c^2) t^2)``,
    ``t = 1/z = exp(-L)`` of ``L = log z`` from :func:`_log_of_z` (its derivatives in x and in scale apart): ``log(arctan(v)
    / v) + log 2 - L - log1p(-(1 + c^2) t^2) - log pi``; through z d2/dx dscale was ``1 / z`` and ``-1 / z`` apart
    (logsf(1e20, 0.5): 1.5e-36, the truth 3.3e-61)."""
    big_l = log_z(z)
    t2 = np.exp(-2.0 * big_l)
    q = (1.0 + c * c) * t2
    v2 = 4.0 * t2 / (1.0 - q) ** 2
    return _log_arctan_ratio(v2) + _LOG_2 - big_l - np.log1p(-q) - _LOG_PI


#: foldcauchy's sf far out, ``(2 / pi) sum_k P_k(c) z^-k`` over odd k to 41: ``arctan(1 / (z - c)) + arctan(1 / (z +
#: c))`` as ``arctan(1/y)``'s series in ``y^-1 = z^-1 (1 -+ c / z)^-1``, the odd powers of c cancelling; ``P_k`` the
#: coefficients of ``c^j`` (j even), ``(-1)^m / (2m + 1) binom(2m + j, j)``, ``k = 2m + 1 + j``
_FOLDCAUCHY_SF_SERIES = tuple(
    (k, tuple(2.0 / math.pi * (-1.0) ** ((k - 1 - j) // 2) / (k - j) * math.comb(k - 1, j) for j in range(0, k, 2)))
    for k in range(1, 42, 2))


def _foldcauchy_sf_far(z, c, power_z):
    """foldcauchy's sf from ``z = _CAUCHY_FAR sqrt(1 + c^2)`` on (c up to 1e10): :data:`_FOLDCAUCHY_SF_SERIES`, each
    ``z^-k`` from :func:`_power_of_z` (in x - loc and the scale, its derivatives powers on their own): through z
    d2/dscale2 of the tails far out was ``2 / (pi z)`` and ``-2 / (pi z)`` apart (sf(1e20, 0.5, 0, 3): 7.5e-37, the
    truth -9.5e-61; logcdf(1e20, 0.5, 0, 3) -7.5e-37 for -4.05e-41)."""
    c2 = c * c
    return functools.reduce(lambda a, b: a + b, [polynomial(c2, list(coefficients)) * power_z(z, -float(k))
                                                 for k, coefficients in _FOLDCAUCHY_SF_SERIES])


def _foldcauchy_log_cdf_near_zero(near, log_z, c):
    """The log cdf below the median: where ``v = 2z / (1 + c^2 - z^2)`` has ``v^2 < 0.07``, ``log z + log(2 / pi) -
    log1p(c^2 - z^2) + log(arctan(v) / v)`` (its series), log z from ``log_z`` (:func:`_log_of_z`: its derivatives in x
    and in scale apart); ``near(z)`` elsewhere. Through ``log(arctan2(2z, 1 + c^2 - z^2))`` d2/dx dscale was ``1 / z -
    1 / z`` (foldcauchy.logcdf(1e-15, 1): 0.0, the truth -6.7e-16; at c = 0, 1e-8: 2.98e-8 for 1.33e-8; an overflow
    warning at 1e-200)."""
    def series(z):
        rest = c * c - z * z
        v = 2.0 * z / (1.0 + rest)
        return log_z(z) + (_LOG_2 - _LOG_PI) - np.log1p(rest) + _log_arctan_ratio(v * v)

    def here(z):
        pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            v = 2.0 * pz / (1.0 + pc * pc - pz * pz)
            small = (pz > 0) & (v * v < 0.07) & (pz * pz < 1.0 + pc * pc)
        small = np.broadcast_to(small, np.broadcast_shapes(pz.shape, pc.shape))
        return _piecewise(z, small, near, series, 1.0, 1e-3)
    return here


def _foldcauchy_tail(upper, log):
    def tail(z, c, scale, log_z=None, power_z=None):
        past, low, high = _foldcauchy_tails(z, c)
        if log_z is not None and ((upper and log) or power_z is not None):
            pc = np.asarray(_plain(c), dtype=float)
            with np.errstate(over="ignore"):
                far_out = np.asarray(_plain(z)) > _CAUCHY_FAR * np.sqrt(1.0 + pc * pc)
                if not (upper and log):
                    far_out = far_out & (pc <= 1e10)
            if np.any(far_out):
                near_in = _foldcauchy_tail(upper, log)
                stand_in = 2.0 * _CAUCHY_FAR * np.sqrt(1.0 + np.minimum(pc, 1e10) ** 2)

                def far_form(z, c):
                    if upper and log:
                        return _foldcauchy_log_sf_far(z, c, log_z)
                    sf = _foldcauchy_sf_far(z, c, power_z)
                    if upper:
                        return sf
                    return np.log1p(-sf) if log else 1.0 - sf
                return _two_forms(far_out, lambda z, c: near_in(z, c, scale), far_form, (z, c), (1.0, c),
                                  (stand_in, c))
        with np.errstate(divide="ignore"):
            if upper:  # the sf: 1 - cdf below the median, the arctangents' sum above
                near = (lambda z: np.log1p(-low(z))) if log else (lambda z: 1.0 - low(z))
                far = (lambda z: np.log(high(z))) if log else high
            else:
                near = (lambda z: np.log(low(z))) if log else low
                far = (lambda z: np.log1p(-high(z))) if log else (lambda z: 1.0 - high(z))
                if log and log_z is not None:
                    near = _foldcauchy_log_cdf_near_zero(near, log_z, c)
            stand_in = 1.0 + np.sqrt(1.0 + np.asarray(_plain(c), dtype=float) ** 2)  # (past the median)
            return _piecewise(z, past, near, far, 0.5 * (stand_in - 1.0), stand_in)
    return tail


def _foldcauchy_logpdf(z, c, scale, log_z=None):
    """``log(2/pi) + log1p(z^2 + c^2) - log1p(2 (z^2 + c^2) + (z^2 - c^2)^2)``, a function of ``c^2`` (its derivative in
    c ``2c`` times one in ``c^2``: through the two Cauchy terms' sum each term's derivative in c cancelled the other's
    as c goes to 0, 3e-9 relative off at c = 1e-8); past z = 1e50 the same in ``w = 1/z^2`` (``-2 log z + log1p(w (1
    + c^2)) - log1p(2 w (1 - c^2) + w^2 (1 + c^2)^2)``, no overflow); past c = 1e100, ``logaddexp`` of the two terms'
    logs (:func:`_log1p_square`). With ``log_z`` (:func:`_log_of_z`'s) the far form from ``z = 8 sqrt(1 + c^2)`` on, in
    ``L = log z`` (``w = exp(-2 L)``): through z its d2/dx dscale was ``2 / z`` and ``-2 / z`` apart, over ``(x
    scale)`` (logpdf(1e20, 0.5): -3e-36, the truth 1e-60)."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pc.shape)
    with np.errstate(over="ignore"):
        start = 1e50 if log_z is None else _CAUCHY_FAR * np.sqrt(1.0 + pc * pc)
    huge_c, far = np.broadcast_to(pc > 1e100, shape), np.broadcast_to((pz > start) & (pc <= 1e100), shape)

    def direct(z, c):
        s, d = z * z + c * c, z * z - c * c
        return np.log1p(s) - np.log1p(2.0 * s + d * d)

    def far_out(z, c):
        with np.errstate(under="ignore"):
            log_of_z = np.log(z) if log_z is None else log_z(z)
            w = 1.0 / (z * z) if log_z is None else np.exp(-2.0 * log_of_z)
            b = w * (1.0 + c * c)
            return -2.0 * log_of_z + np.log1p(b) - np.log1p(2.0 * w * (1.0 - c * c) + b * b)

    def terms(z, c):
        return np.logaddexp(-_log1p_square(z - c), -_log1p_square(z + c)) - _LOG_2
    with np.errstate(over="ignore"):
        return _two_forms(huge_c, lambda z, c: _two_forms(far, direct, far_out, (z, c), (1.0, 1.0), (1e60, 1.0)), terms,
                          (z, c), (1.0, 1.0), (1.0, 1e101)) + _LOG_2 - _LOG_PI - _log_of(scale)


_FOLDCAUCHY_LOG_CDF = _foldcauchy_tail(False, True)


def _foldcauchy_log_cdf(z, c, scale, log_z, power_z):
    """The log cdf on ``z > 0`` (:func:`_foldcauchy_tail`); at z = 0 -inf with the limits from inside as its
    derivatives (:func:`_log_cdf_from_lower_end`): ``log z + log(2 / pi) - log1p(c^2) + O(z^2)`` (the cdf's z^2 term
    is 0)."""
    return _log_cdf_from_lower_end(z, lambda z: _FOLDCAUCHY_LOG_CDF(z, c, scale, log_z, power_z),
                                   lambda z: log_z(z, 1.0, end=True) + _LOG_2_OVER_PI - np.log1p(c * c))


_shape_functions(foldcauchy, ("c",), _foldcauchy_check, [
    (name, inside, function, outside, formula, f"round(float(foldcauchy.{name}(1.5, 2.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _foldcauchy_logpdf, -np.inf,
         "``log(1 / (1 + (z - c)^2) + 1 / (1 + (z + c)^2)) - log(pi scale)`` on ``z >= 0``, ``-inf`` below.",
         "-1.277722"),
        ("pdf", lambda z: z >= 0, lambda z, c, scale: np.exp(_foldcauchy_logpdf(z, c, scale)), 0.0,
         "``(1 / (1 + (z - c)^2) + 1 / (1 + (z + c)^2)) / (pi scale)`` on ``z >= 0``, 0 below.", "0.278671"),
        ("cdf", lambda z: z >= 0, _foldcauchy_tail(False, False), 0.0,
         "``(arctan(z - c) + arctan(z + c)) / pi``, as ``arctan2(2z, 1 + c^2 - z^2) / pi``, on ``z >= 0``, 0 below.",
         "0.263831"),
        ("logcdf", lambda z: z >= 0, _foldcauchy_log_cdf, -np.inf,
         "``log(foldcauchy.cdf)`` (``log1p(-sf)`` past the median) on ``z > 0``, ``-inf`` at and below 0.",
         "-1.332447"),
        ("sf", lambda z: z >= 0, _foldcauchy_tail(True, False), 1.0,
         "``1 - cdf``, as ``(arctan2(1, z - c) + arctan2(1, z + c)) / pi`` past the median, on ``z >= 0``, 1 below.",
         "0.736169"),
        ("logsf", lambda z: z >= 0, _foldcauchy_tail(True, True), 0.0,
         "``log(foldcauchy.sf)`` (finite far out) on ``z >= 0``, 0 below.", "-0.306295"))])


def _foldcauchy_quantile(name, q, c, loc, scale, upper):
    """``loc + scale x``, ``x`` the positive root of ``x^2 + 2 u x - (1 + c^2) = 0``, ``u = cot(pi p)`` (``p = q``;
    ``upper``: ``1 - q``), written with ``s = sqrt(1 + c^2)`` and a tangent that does not cancel: near ``x = 0`` (p below
    1/4) ``s^2 v / (1 + sqrt(1 + s^2 v^2))``, ``v = tan(pi p)``; far up (p above 3/4) ``(1 + sqrt(1 + s^2 t^2)) / t``,
    ``t = tan(pi (1 - p))`` (through ``cot`` the second derivative in q cancelled: 1e-5 relative off at q = 1e-10, c =
    1e4, and ``u^2`` overflowed at q = 1e-300); between, ``s^2 / (u + hypot(u, s))`` or ``hypot(u, s) - u``."""
    _foldcauchy_check(name, 0.0, c)
    s = np.hypot(1.0, c)

    def near_zero(v):
        return s * s * v / (1.0 + np.hypot(1.0, s * v))

    def far_up(t):
        return (1.0 + np.hypot(1.0, s * t)) / t

    def middle(u):
        positive = np.broadcast_to(np.asarray(_plain(u)) > 0, np.broadcast_shapes(np.shape(_plain(u)), np.shape(
            _plain(c))))
        return _piecewise(u, positive, lambda u: np.hypot(u, s) - u, lambda u: s * s / (u + np.hypot(u, s)), -1.0, 1.0)

    def standard(q):
        pq = np.asarray(_plain(q), dtype=float)
        shape = np.broadcast_shapes(pq.shape, np.shape(_plain(c)))
        low, high = np.broadcast_to(pq < 0.25, shape), np.broadcast_to(pq > 0.75, shape)
        first, last = (far_up, near_zero) if upper else (near_zero, far_up)

        def not_low(q):
            return _piecewise(q, high, lambda q: middle(np.tan(np.pi * ((q - 0.5) if upper else (0.5 - q)))),
                              lambda q: last(np.tan(np.pi * (1.0 - q))), 0.5, 0.9)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            return _piecewise(q, low, not_low, lambda q: first(np.tan(np.pi * q)), 0.5, 0.1)
    return _in_dtype_of(_located(name, q, loc, scale, standard), q, c, loc, scale)


_quantiles(foldcauchy, "c", _foldcauchy_quantile, (
    ("``loc + scale ((1 + c^2) / (u + sqrt(u^2 + 1 + c^2)))``, ``u = cot(pi q)``.",
     "round(float(foldcauchy.ppf(0.5, 2.0)), 6)", "2.236068"),
    ("``loc + scale (sqrt(u^2 + 1 + c^2) - u)``, ``u = cot(pi q)``.", "round(float(foldcauchy.isf(0.5, 2.0)), 6)",
     "2.236068")))
_add_moments("foldcauchy", ("c",), lambda c: np.full(np.shape(_plain(c)), np.inf)[()],
             lambda c: np.full(np.shape(_plain(c)), np.inf)[()], None,
             lambda name, c: _foldcauchy_check(name, 0.0, c), 2.0,
             " The mean and variance are infinite, as SciPy's. No entropy: it has no closed form.")
_add_quantile_summaries("foldcauchy")
# (Y's density is the mixture of two Cauchy densities at +-c; E log|Y - z|^2 over a Cauchy at m is log|m + i - conj(z)|^2
# (Poisson's integral of a harmonic function), so h(|Y|) = h(Y) - log 2 = log(4 pi s / (1 + s)), s = hypot(1, c))
_shape_entropy(foldcauchy, lambda c: math.log(4.0 * math.pi) - np.log1p(1.0 / np.hypot(1.0, c)),
               "``log(4 pi) - log1p(1 / s) + log(scale)``, ``s = hypot(1, c)`` (closed, from the Cauchy mixture's "
               "log moments; SciPy integrates it), in c and scale to every order.",
               "round(float(foldcauchy.entropy(1.5, 0.5, 2.0)), 6)", "2.782889",
               check=lambda name, c: _foldcauchy_check(name, None, c))


def _bradford_ratio(t):
    """``log1p(t) / t`` for ``t > -1/2``, as its series below t = 1/2 (1 at t = 0): bradford's functions are written in it
    so that their derivatives in c do not cancel as c goes to 0 (through ``log1p(c z) / log1p(c)`` the cdf's terms of
    size ``1/c`` cancelled: its second derivative in c 2e-3 relative off at c = 1e-6)."""
    return _piecewise(t, np.asarray(_plain(t)) < 0.5, lambda t: np.log1p(t) / t,
                      lambda t: polynomial(t, _LOG1P_RATIO_SERIES), 1.0, 0.25)


# -- truncpareto (the Pareto distribution truncated to [1, c]) ----------------------------------------


class truncpareto:
    """The upper-truncated Pareto distribution, as ``scipy.stats.truncpareto``: ``pdf = b z^(-b - 1) / (1 - c^-b)``,
    ``cdf = (1 - z^-b) / (1 - c^-b)`` on ``1 <= z = (x - loc) / scale <= c`` (``b != 0``, ``c > 1``; SciPy 1.13 takes
    ``b > 0`` only); differentiable in x (or q), b, c, loc and scale to every order inside its support. ``|b| log z``
    (for ``b < 0`` ``|b| log(c / z)``) is truncexpon's variable at ``|b| log c``: each tail is written from both ends'
    distances ``log z`` and ``log(c / z) = log1p((c - z) / z)`` (SciPy's ``(z^-b - c^-b) / (1 - c^-b)`` cancels near
    the upper end: its ``sf(3 - 1e-10, 2, 3)`` is 2e-7 relative off), each log tail ``log1p(-the other)`` where the
    other is below 1/2; the quantiles the same from the nearer end. At the ends ``z = 1`` and ``z = c`` the density
    jumps: a traced argument that moves z or the end there is refused. The n-th moment ``exprel((n - b) log c) /
    exprel(-b log c)`` (no pole at b = n, where SciPy's closed form is 0 / 0), the variance from the logs of the
    moments (``mean^2 expm1(...)``); the entropy SciPy's closed form, through truncexpon's mean.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import truncpareto
    >>> round(float(wg.grad_bp(lambda x: truncpareto.cdf(x, 1.0, 2.0), 1.5)), 6)  # the density: 1 / (2 (1/2) 1.5^2)
    0.888889

    .. versionadded:: 0.1
    """


def _truncpareto_shapes(name, b, c):
    """``b != 0`` and ``c > 1`` (SciPy gives NaN elsewhere)."""
    pb, pc = np.asarray(_plain(b), dtype=float), np.asarray(_plain(c), dtype=float)
    if not np.all((pb != 0) & (pc > 1)):
        raise ValueError(f"{name}: b must be nonzero and c above 1 (SciPy gives NaN)")


def _truncpareto_check(name, z, b, c):
    """The shapes (:func:`_truncpareto_shapes`); for a traced argument, no point at an end of the support where it
    moves across z: ``z == 1`` where z is traced, ``z == c`` where z or c is (the density jumps there, from 0 to
    ``b / (1 - c^-b)`` or ``b c^(-b - 1) / (1 - c^-b)``). Where z does not move (only b traced; only c at z = 1) the
    ends stay: the tails there are constants, the density differentiable."""
    _truncpareto_shapes(name, b, c)
    moves = isinstance(z, (Var, Dual))
    pz = _plain(z)
    _refuse_a_jump(name, moves or isinstance(c, (Var, Dual)), ((pz == 1) & moves) | (pz == _plain(c)),
                   "x is loc + scale or loc + c scale (an end of the support)",
                   "the density jumps there (from 0 to b / (1 - c^-b) or b c^(-b - 1) / (1 - c^-b)), so its one-sided "
                   "derivatives and the tails' differ")


def _truncpareto_distances(z, b, c):
    """``(beta, l, h, u, v, B)``: ``beta = |b|``, truncexpon's variable ``u = beta l``, ``l = log z`` (``b < 0``:
    ``log(c / z)``), its distance ``v = beta h`` to its upper end ``B = beta log c``, each from its own log (``log(c /
    z)`` as ``log1p((c - z) / z)``: exact near z = c)."""
    positive = np.asarray(_plain(b)) > 0
    beta = b * np.where(positive, 1.0, -1.0)
    log_z, log_cz = np.log(z), np.log1p((c - z) / z)
    low, high = np.where(positive, log_z, log_cz), np.where(positive, log_cz, log_z)
    return beta, low, high, beta * low, beta * high, beta * np.log(c)


def _truncpareto_inside(name):
    """``name`` of ``1 <= z <= c`` from truncexpon's ``u``, ``v`` and ``B`` (:func:`_truncpareto_distances`; its cdf
    and sf are truncpareto's cdf and sf, for b < 0 its sf and cdf), written with the even part ``G`` of ``log
    exprel`` (:func:`_log_exprel_even`) so that no term grows like ``1/b`` as b goes to 0 (through ``-expm1(-u) /
    -expm1(-B)`` d2/db2 of the cdf was 1e-7 relative off at b = 1e-3): the log density ``-log L + B/2 - G(B) - u - log
    z`` (``L = log c``), truncexpon's cdf ``(l / L) exp(v/2 + G(u) - G(B))`` and sf ``(h / L) exp(-u/2 + G(v) -
    G(B))`` (``l``, ``h`` the logs ``u / |b|``, ``v / |b|``), each ``1 -`` the other where the other is below 1/2
    (near its end: d/db of the cdf at z = c - 1e-9 was 1e-7 off), each log ``log1p(-the other)`` there."""
    def forms(z, b, c):
        beta, low, high, u, v, B = _truncpareto_distances(z, b, c)
        L, G = np.log(c), _log_exprel_even(B)
        return low / L, high / L, 0.5 * v + _log_exprel_even(u) - G, -0.5 * u + _log_exprel_even(v) - G

    def tails(z, b, c):
        low, high, log_lower, log_upper = forms(z, b, c)
        lower, upper = low * np.exp(log_lower), high * np.exp(log_upper)
        return _one_minus(upper, lower, False), _one_minus(lower, upper, False)

    def log_tail(z, b, c, lower):
        pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
        shape = np.broadcast_shapes(pz.shape, pc.shape, np.shape(_plain(b)))
        with np.errstate(all="ignore"):
            other = np.asarray(_plain(tails(pz, _plain(b), pc)[1 if lower else 0]))
        direct = np.broadcast_to(other >= 0.5, shape)
        safe = np.broadcast_to(np.sqrt(pc), shape)

        def near_one(z):  # (log1p of minus the other tail)
            return np.log1p(-tails(z, b, c)[1 if lower else 0])

        def far(z):
            low, high, log_lower, log_upper = forms(z, b, c)
            return np.log(low) + log_lower if lower else np.log(high) + log_upper
        return _piecewise(z, direct, near_one, far, safe, safe)

    def inside(z, b, c, scale):
        positive = np.asarray(_plain(b)) > 0
        if name in ("logpdf", "pdf"):
            u, B = _truncpareto_distances(z, b, c)[3::2]
            log_density = 0.5 * B - _log_exprel_even(B) - u - np.log(np.log(c))  # (log(|b| / (1 - exp(-B))) - u)
            if name == "logpdf":
                return log_density - np.log(z) - _log_of(scale)
            return np.exp(log_density) / (z * scale)
        first = name in ("cdf", "logcdf")  # (truncexpon's cdf where b > 0)
        if name in ("cdf", "sf"):
            lower, upper = tails(z, b, c)
            return np.where(positive == first, lower, upper)
        if np.all(positive == first):
            return log_tail(z, b, c, True)
        if not np.any(positive == first):
            return log_tail(z, b, c, False)
        return np.where(positive == first, log_tail(z, b, c, True), log_tail(z, b, c, False))
    return inside


def _truncpareto_function(name):
    """``name`` on ``1 <= z <= c``, outside constants; the tails' constants at the ends too (their limits: the
    derivatives there in the shapes 0, where ``log1mexp`` at u = 0 gave 0 * inf)."""
    return _closed_support_function(name, _truncpareto_inside(name), lambda b, c: c, lambda b, c: np.sqrt(c),
                                    open_ends=name not in ("logpdf", "pdf"), start=lambda b, c: 1.0)


_shape_functions(truncpareto, ("b", "c"), _truncpareto_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _truncpareto_function(row[0]), row[1], row[2],
     f"round(float(truncpareto.{row[0]}(1.5, 2.0, 3.0)), 6)", row[3]) for row in (
        ("logpdf", -np.inf, "``log(|b|) - (b + 1) log(z) - log((1 - c^-b) / sign(b)) - log(scale)`` on ``1 <= z <= "
         "c``, ``-inf`` outside.", "-0.405465"),
        ("pdf", 0.0, "``b z^(-b - 1) / ((1 - c^-b) scale)`` on ``1 <= z <= c``, 0 outside.", "0.666667"),
        ("cdf", 0.0, "``(1 - z^-b) / (1 - c^-b)`` on the support, 0 below, 1 above.", "0.625"),
        ("logcdf", -np.inf, "``log(cdf)`` (``log1p(-sf)`` where the sf is below 1/2).", "-0.470004"),
        ("sf", 1.0, "``z^-b (1 - (c / z)^-b) / (1 - c^-b)`` on the support, 1 below, 0 above.", "0.375"),
        ("logsf", 0.0, "``log(sf)`` (``log1p(-cdf)`` where the cdf is below 1/2).", "-0.980829"))])


def _truncpareto_quantile(name, q, b, c, loc, scale, upper):
    """From the nearer end of truncexpon's variable (:func:`_truncpareto_distances`): where its cdf ``p`` (the ppf's
    q for b > 0, ``1 - q`` for b < 0; the isf's the other) is below 1/2 ``u = -log1p(-p m)``, else ``v = log1p(r
    expm1(B))`` (``-log(exp(-B) + r m) + B`` where ``r expm1(B) > 1``), ``r = 1 - p`` the other tail, exact; then
    ``z = exp(u / |b|)`` or ``c exp(-v / |b|)`` (reflected for b < 0): near either end the quantile's distance to it is
    exact (SciPy's ``(1 - (1 - c^-b) q)^(-1/b)``, from 1 only, rounds ``c^-b`` near q = 1)."""
    _truncpareto_shapes(name, b, c)

    def standard(q, b, c):
        pq, pb = np.asarray(_plain(q), dtype=float), np.asarray(_plain(b), dtype=float)
        positive = pb > 0
        shape = np.broadcast_shapes(pq.shape, pb.shape, np.shape(_plain(c)))
        own = np.broadcast_to(positive != upper, shape)  # (q is truncexpon's cdf p there, else its sf r)
        beta = b * np.where(positive, 1.0, -1.0)
        B = beta * np.log(c)
        mass = -np.expm1(-B)
        near_lower = np.broadcast_to(np.where(own, pq, 1.0 - pq) < 0.5, shape)

        L = np.log(c)

        def from_lower(q):  # (-log1p(-p m) / |b| as L p exprel(-B) log1p(-p m) / (-p m): no 1/b as b goes to 0)
            p = np.where(own, q, 1.0 - q)
            return L * p * sc.exprel(-B) * _bradford_ratio(-p * mass)

        def from_upper(q):
            r = np.where(own, 1.0 - q, q)
            with np.errstate(over="ignore"):
                small = _plain(r) * np.expm1(np.asarray(_plain(B))) <= 1.0
            return _piecewise(B, ~small, lambda B: L * r * sc.exprel(B) * _bradford_ratio(r * np.expm1(B)),
                              lambda B: (B + np.log(np.exp(-B) + r * -np.expm1(-B))) / beta, 1.0, 800.0)
        distance = _piecewise(q, ~near_lower, from_lower, from_upper, 0.5, 0.5)
        # (the distance from 1 in log z where b > 0 and near truncexpon's lower end, or b < 0 and near its upper)
        at_one = near_lower == np.broadcast_to(positive, shape)
        return np.where(at_one, np.exp(distance), c * np.exp(-distance))
    return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(b, c)), q, b, c, loc, scale)


_quantiles(truncpareto, ("b", "c"), _truncpareto_quantile, (
    ("``loc + scale (1 - (1 - c^-b) q)^(-1/b)``, from the nearer end.",
     "round(float(truncpareto.ppf(0.5, 2.0, 3.0)), 6)", "1.341641"),
    ("``ppf(1 - q)``: ``loc + scale c (1 + (c^b - 1) q)^(-1/b)``, from the nearer end.",
     "round(float(truncpareto.isf(0.5, 2.0, 3.0)), 6)", "1.341641")))


def _log_exprel_even(u):
    """``log(exprel(u)) - u/2`` (``exprel(u) = expm1(u) / u``; ``log(sinh(u/2) / (u/2))``, even): its series
    (:func:`_log_expm1_ratio`'s) below |u| = 1/2, else ``|u|/2 + log1mexp(-|u|) - log|u|`` (no overflow)."""
    def far(u):
        a = u * np.where(np.asarray(_plain(u)) < 0, -1.0, 1.0)
        return 0.5 * a + _log1mexp(-a) - np.log(a)
    return _piecewise(u, np.abs(np.asarray(_plain(u), dtype=float)) > 0.5, lambda u: u * u * polynomial(u * u, _LOG_EXPM1_RATIO), far, 0.0, 1.0)


def _truncpareto_log_moments(b, c):
    """``(log E[z], log(E[z^2] / E[z]^2))``: with ``L = log c``, ``log E[z^n] = log exprel((n - b) L) - log
    exprel(-b L)`` (no pole at b = n), written with the even parts :func:`_log_exprel_even` (``L/2`` plus their
    difference; the spread their second difference: the linear parts cancel exactly, so the variance ``mean^2
    expm1(spread)`` does not cancel as c goes to 1, where it is ``L^2 / 12``: SciPy's ``E[z^2] - mean^2`` is 1.6e-9
    relative off at b = 1/2, c = 1.001). Where every ``(n - b) L`` is beyond 1/2 on one side (b > 2 or b < 0) the
    even parts' ``|u|/2`` and ``log|u|`` are summed exactly: ``-log1p(-1/b)`` (plus L for b < 0) and ``-log1p(-1 / (1 -
    b)^2)``, with the ``log1mexp(-|u|)`` left (through the even parts the spread was 1e-10 off at b = 50)."""
    def near(b, c):
        L = np.log(c)
        g1, g0 = _log_exprel_even((1.0 - b) * L), _log_exprel_even(-b * L)
        return 0.5 * L + g1 - g0, (_log_exprel_even((2.0 - b) * L) + g0) - 2.0 * g1

    def far(b, c):
        L = np.log(c)
        positive = np.asarray(_plain(b)) > 0
        a1, a0, a2 = (v * np.where(positive, -1.0, 1.0) for v in (1.0 - b, -b, 2.0 - b))
        e1, e0 = _log1mexp(-a1 * L), _log1mexp(-a0 * L)
        log_mean = np.where(positive, 0.0, L) - np.log1p(-1.0 / b) + e1 - e0
        return log_mean, (_log1mexp(-a2 * L) + e0) - 2.0 * e1 - np.log1p(-1.0 / np.square(1.0 - b))
    pb, pL = np.asarray(_plain(b), dtype=float), np.log(np.asarray(_plain(c), dtype=float))
    beyond = ((pb > 2.0) & ((pb - 2.0) * pL > 0.5)) | ((pb < 0.0) & (-pb * pL > 0.5))
    shape = np.broadcast_shapes(pb.shape, pL.shape)
    return tuple(_two_forms(np.broadcast_to(beyond, shape), lambda b, c, k=k: near(b, c)[k],
                            lambda b, c, k=k: far(b, c)[k], (b, c), (0.5, 2.0), (4.0, 3.0)) for k in (0, 1))


def _truncpareto_mean(b, c):
    return np.exp(_truncpareto_log_moments(b, c)[0])


def _truncpareto_var(b, c):
    log_mean, spread = _truncpareto_log_moments(b, c)
    return np.exp(2.0 * log_mean) * np.expm1(spread)


def _truncpareto_sd(b, c):
    log_mean, spread = _truncpareto_log_moments(b, c)
    return np.exp(log_mean) * np.sqrt(np.expm1(spread))


def _truncpareto_entropy(b, c):
    """SciPy's ``-log(b / (1 - c^-b)) - (b + 1) (log c / (c^b - 1) - 1/b)``, as ``log L - B/2 + G(B) + (B + sign(b)
    L) M(B)`` (``L = log c``, ``B = |b| L``, ``G`` :func:`_log_exprel_even`, ``M(B) = 1/B - 1/expm1(B)`` truncexpon's
    mean over B, its series below 2; plus ``L`` for b < 0): no term in ``1/b`` (SciPy's entropy(1e-3, 3) is 2e-11
    relative off)."""
    L = np.log(c)
    positive = np.asarray(_plain(b)) > 0
    sign = np.where(positive, 1.0, -1.0)
    B = b * sign * L
    M = _piecewise(B, np.asarray(_plain(B)) >= _TRUNCEXPON_SERIES_BELOW, _truncexpon_mean_series,
                   lambda B: 1.0 / B - np.exp(-B) / -np.expm1(-B), 1.0, 4.0)
    return np.log(L) - 0.5 * B + _log_exprel_even(B) + (B + sign * L) * M + np.where(positive, 0.0, L)


_add_moments("truncpareto", ("b", "c"), _truncpareto_mean, _truncpareto_var,
             _truncpareto_entropy, _truncpareto_shapes, (2.0, 3.0),
             " The n-th moment ``exprel((n - b) log c) / exprel(-b log c)`` (SciPy's ``b (c^b - c^n) / ((b - n) (c^b "
             "- 1))`` is 0 / 0 at b = n); the variance ``mean^2 expm1(log E[z^2] - 2 log E[z])``.",
             sd=_truncpareto_sd)
_add_quantile_summaries("truncpareto", (2.0, 3.0))


# -- kappa4 (the four-parameter kappa distribution) ---------------------------------------------------


class kappa4:
    """The four-parameter kappa distribution, as ``scipy.stats.kappa4``: its cdf is ``(1 - h u)^(1/h)``, ``u = (1 -
    k z)^(1/k)``, at ``h = 0`` ``exp(-u)``, at ``k = 0`` ``u = exp(-z)`` (h = 0: genextreme(k), h = 1: genpareto(-k),
    h = -1, k = 0: logistic); differentiable in x (or q), h, k, loc and scale to second order, at and near ``h = 0`` and
    ``k = 0`` too. With ``y = -log1p(-k z) / k`` and ``v = -log1p(-h u) / h`` (genpareto's series of ``log1p(c z) / c``
    near ``c z = 0``: exact in the shapes at 0; ``log1p(exp(log(-h) - y)) / (-h)`` where ``-h u`` passes 1/2, no
    overflow of ``u``): ``log cdf = -v``, ``log pdf = -(1 - h) v - (1 - k) y - log(scale)``, ``log sf = log(1 -
    exp(-v))`` (as ``-y + log(v / u) + log((1 - e^-v) / v)`` where ``v`` is small: finite where the sf underflows);
    within 1e-2 of the upper end ``1/k`` (k > 0) in powers of ``w = 1 - k z`` (as genextreme's). The support: ``z <=
    1/k`` for ``k > 0``, ``z >= (1 - h^-k) / k`` (``log h`` at ``k = 0``) for ``h > 0``, ``z > 1/k`` for ``h <= 0``,
    ``k < 0``. At a finite end of the support (which moves with h and k) the derivatives are refused. The quantiles
    ``-boxcox(-boxcox(q, h), k)`` (isf: ``-boxcox(-boxcox1p(-q, h), k)``), SciPy's forms, exact in h and k at 0 through
    the Box-Cox rules. No mean, variance or entropy (SciPy integrates them). h and k finite; ValueError elsewhere.

    >>> from wengert.scipy.stats import kappa4
    >>> round(float(kappa4.cdf(0.5, -1.0, 0.0)), 6)  # logistic
    0.622459

    .. versionadded:: 0.1
    """


def _kappa4_check(name, z, h, k):
    for value, label in ((h, "h"), (k, "k")):
        if not np.all(np.isfinite(np.asarray(_plain(value), dtype=float))):
            raise ValueError(f"{name}: the shape parameters must be finite ({label} is not)")


def _kappa4_ends(h, k):
    """The plain ends of the standard support: ``(1 - h^-k) / k`` (``log h`` at ``k = 0``) for ``h > 0``, ``1/k`` for
    ``h <= 0``, ``k < 0``, else ``-inf``; ``1/k`` for ``k > 0``, else ``inf``."""
    h, k = (np.asarray(_plain(v), dtype=float) for v in (h, k))
    with np.errstate(all="ignore"):
        hp = np.where(h > 0, h, 1.0)
        kn = np.where(k != 0, k, 1.0)
        lower = np.where(h > 0, np.where(k != 0, -np.expm1(-k * np.log(hp)) / kn, np.log(hp)),
                         np.where(k < 0, 1.0 / kn, -np.inf))
        upper = np.where(k > 0, 1.0 / kn, np.inf)
    return lower, upper


def _kappa4_v(y, u, h, soft, edge):
    """``v = -log1p(-h u) / h`` (``u`` at ``h = 0``; genpareto's series near ``h u = 0``); where the plain mask ``soft``
    holds (``h < 0``, ``-h u >= 1/2``) ``log1p(exp(log(-h) - y)) / (-h)``, free of ``u``'s overflow; where ``edge``
    holds (``h > 0``, ``h u > 1/2``, near the lower end) ``-log(-expm1(log(h) - y)) / h`` (through ``1 - h u`` the
    rounding of ``u`` was ``eps / (1 - h u)`` relative: 1.6e-11 at kappa4.cdf(1e-6, 1, 0))."""
    def not_soft(y, u, h):
        return _two_forms(edge, lambda y, u, h: _log1p_over(-h, u), lambda y, u, h: -np.log(-np.expm1(np.log(h) - y)) / h,
                          (y, u, h), (0.0, 1.0, 0.5), (0.0, 1.0, 0.5))
    return _two_forms(soft, not_soft, lambda y, u, h: _log1p_exp(np.log(-h) - y) / (-h), (y, u, h), (0.0, 1.0, 0.5),
                      (-1.0, 1.0, -1.0))


def _kappa4_logsf(y, u, v, h):
    """``log(1 - exp(-v))``; where ``v`` and ``|h u|`` are below 1/2, ``-y + log(P(-h u)) + log((1 - e^-v) / v)``
    (``P(t) = log1p(t) / t``, its series): finite where ``u = e^-y`` underflows."""
    small = np.asarray((_plain(v) < 0.5) & (np.abs(_plain(h) * _plain(u)) < 0.5))
    small = np.broadcast_to(small, np.broadcast_shapes(*(np.shape(_plain(a)) for a in (y, u, v, h))))
    return _two_forms(small, lambda y, u, v, h: _log1mexp(-v),
                      lambda y, u, v, h: -y + np.log(polynomial(-h * u, _LOG1P_RATIO_SERIES)) + _log_expm1_ratio(v),
                      (y, u, v, h), (0.0, 1.0, 1.0, 0.0), (3.0, 0.05, 0.05, 0.0))


def _kappa4_forms(name, y, u, v, h, k, log_w, scale):
    """``name``'s value from ``y``, ``u = e^-y``, ``v`` and ``log w = log(1 - k z) = -k y`` (the log density
    ``-(1 - h) v - y - log w - log(scale)``)."""
    if name == "logcdf":
        return -v
    if name == "cdf":
        return np.exp(-v)
    if name == "sf":
        return -np.expm1(-v)
    if name == "logsf":
        return _kappa4_logsf(y, u, v, h)
    log_density = -(1.0 - h) * v - y - log_w - np.log(scale)
    return log_density if name == "logpdf" else np.exp(log_density)


#: near the lower end (h > 0, h u > 1/2) in powers of s = 1 - h u: the cdf s^(1/h), the density s^(1/h - 1) u / (1 - k z),
#: the log sf log1p(-s^(1/h))
_KAPPA4_EDGE = {"cdf": lambda s, y, h, log_w, scale: s ** (1.0 / h),
                "sf": lambda s, y, h, log_w, scale: 1.0 - s ** (1.0 / h),
                "logsf": lambda s, y, h, log_w, scale: np.log1p(-s ** (1.0 / h)),
                "pdf": lambda s, y, h, log_w, scale: s ** (1.0 / h - 1.0) * np.exp(-y - log_w) / scale}


#: the values where the cdf is below exp(-3000) (v > 3000) for h < 1 (the pdf too), whose derivatives vanish there
_KAPPA4_LOW = {"cdf": 0.0, "sf": 1.0, "logsf": 0.0, "pdf": 0.0}


def _kappa4_function(name):
    below_value = {"logpdf": -np.inf, "pdf": 0.0, "cdf": 0.0, "logcdf": -np.inf, "sf": 1.0, "logsf": 0.0}[name]
    above_value = {"logpdf": -np.inf, "pdf": 0.0, "cdf": 1.0, "logcdf": 0.0, "sf": 0.0, "logsf": -np.inf}[name]

    def function(z, h, k, scale, log_abs):
        zp, hp, kp = np.broadcast_arrays(*(np.asarray(_plain(a), dtype=float) for a in (z, h, k)))
        lower, upper = _kappa4_ends(hp, kp)
        at_end = (zp == lower) | (zp == upper)
        if np.any(at_end) and any(isinstance(a, (Var, Dual)) for a in (z, h, k)):
            raise NoGradientRule(
                f"wengert.scipy.stats.kappa4.{name} has no derivative at a finite end of the support, (1 - h^-k) / k "
                "(h > 0) or 1 / k (k > 0): the end moves with h and k and the one-sided derivatives in x are not "
                "written. Evaluate inside the support, or pass the arguments as constants (wengert.stop_gradient).")
        below, above = zp < lower, zp > upper
        # (at the ends their limits: the cdf 0 or 1 and its log; the density's limit by h or k against 1)
        low_end, high_end = zp == lower, zp == upper
        end_value = None
        if np.any(low_end | high_end):
            low = {"logpdf": np.where(hp < 1, -np.inf, np.where(hp == 1, 0.0, np.inf)),
                   "pdf": np.where(hp < 1, 0.0, np.where(hp == 1, 1.0, np.inf))}.get(name, below_value)
            high = {"logpdf": np.where(kp < 1, -np.inf, np.where(kp == 1, 0.0, np.inf)),
                    "pdf": np.where(kp < 1, 0.0, np.where(kp == 1, 1.0, np.inf))}.get(name, above_value)
            end_value = np.where(low_end, low, high)
            if name in ("logpdf", "pdf"):
                scale_p = np.asarray(_plain(scale), dtype=float)
                end_value = end_value - np.log(scale_p) if name == "logpdf" else end_value / scale_p
        # within _NEAR_END of the upper end 1/k (k > 0): in powers of w = 1 - k z (as genextreme's at_end)
        with np.errstate(all="ignore"):
            near = (kp > 0) & ~(below | above | low_end | high_end) & (upper - zp < _NEAR_END) & (zp > lower)
            yp = np.where(near | below | above | low_end | high_end, 0.0, -np.log1p(-kp * zp) / np.where(
                kp != 0, kp, 1.0))
            yp = np.where(kp == 0, np.where(near | below | above | low_end | high_end, 0.0, zp), yp)
            up = np.exp(-yp)
            soft = (hp < 0) & (-hp * up >= 0.5)
            vp = np.where(soft, np.log1p(-hp * up) / -np.where(hp < 0, hp, -1.0),
                          np.where(hp != 0, -np.log1p(-hp * up) / np.where(hp != 0, hp, 1.0), up))
            vp = np.where(soft, (np.log(-np.where(hp < 0, hp, -1.0)) - yp + np.log1p(np.exp(yp) / -np.where(
                hp < 0, hp, -1.0))) / -np.where(hp < 0, hp, -1.0), vp)
        low_region = ~(below | above | low_end | high_end | near) & (vp > -_VANISHING_LOG) & (hp < 1)
        if name in ("logpdf", "pdf"):
            with np.errstate(all="ignore"):
                low_region = low_region & (-(1.0 - hp) * vp - (1.0 - kp) * yp < _VANISHING_LOG)
        if name not in _KAPPA4_LOW:
            low_region = np.zeros_like(low_region)
        # (h >= 0 where u = e^-y overflows: the log cdf -u and the log density are -inf, their derivatives overflow)
        overflow = ~(below | above | low_end | high_end | near | low_region | soft) & ~np.isfinite(up)
        if np.any(overflow) and any(isinstance(a, (Var, Dual)) for a in (z, h, k, scale)):
            raise NoGradientRule(
                f"wengert.scipy.stats.kappa4.{name} has no finite derivative where (1 - k z)^(1/k) overflows (h >= 0, "
                "the log cdf below -1.8e308): its derivatives overflow there.")
        inside = ~(below | above | low_end | high_end | near | low_region | overflow)
        out = np.zeros(zp.shape)
        if np.any(inside):
            with np.errstate(all="ignore"):  # (the stand-in: the median, inside the support)
                median = -sc.boxcox(-sc.boxcox(0.5, hp), kp)
            zi = np.where(inside, z, median)
            # (near 1 - k z = 0, the lower end 1/k for k < 0, h <= 0: log(1 - k z) with the rounding of k z added back,
            # eps / w relative off through log1p)
            with np.errstate(all="ignore"):
                steep = inside & (kp < 0) & (1.0 - kp * zp < 0.5)
            # (far out, -k z from 64 on, log(-k z) as log|k| + log|z| + log1p(-1 / (k z)), log|z| with its derivatives in
            # x and in scale apart (_log_abs_of_z_moderate): through z d2/dx dscale of log1p(-k z) was 1 / z - 1 / z,
            # kappa4.logpdf(1e10, 0.3, -0.4)'s 8.7e-8 relative off)
            with np.errstate(all="ignore"):
                far = inside & (-kp * zp >= 64.0)

            def moderate(z, k):
                return _two_forms(steep, _gev_y, lambda z, k: -np.log(_one_minus_product(k, z)) / k, (z, k),
                                  (0.0, 0.5), (-0.75, -1.0))
            y = _two_forms(far, moderate, lambda z, k: -(np.log(np.abs(k)) + log_abs(z) + np.log1p(-1.0 / (k * z))) / k,
                           (zi, k), (0.0, 0.5), (100.0, -1.0))
            soft_here = np.broadcast_to(soft & inside, zp.shape)
            with np.errstate(over="ignore"):
                u = np.exp(-np.where(soft_here, 0.0, y))
            with np.errstate(all="ignore"):
                edge_here = inside & (hp > 0) & (hp * up > 0.5)
            v = _kappa4_v(y, u, h, soft_here, edge_here)
            out = _kappa4_forms(name, y, u, v, h, k, -k * y, scale)
            if name in _KAPPA4_EDGE and np.any(edge_here):
                # (near the lower end, h > 0: in powers of s = 1 - h u, the cdf s^(1/h); through exp(-v) the second
                # derivatives were v'^2 - v'' of size 1 / s^2 cancelling: kappa4.sf(1e-12, 1, 1)'s d2/dx2 -1.2e-4 by
                # forward over forward, the truth 0, d2/dx dh 6.6e-6 relative off; logsf(1e-12, 1, -1.3)'s 9e-5)
                def edge(y, h, k):
                    return _KAPPA4_EDGE[name](-np.expm1(np.log(h) - y), y, h, -k * y, scale)
                out = _two_forms(edge_here, lambda y, h, k: out, edge, (y, h, k), (0.0, 0.5, 0.0), (0.0, 0.5, 0.0))
        if np.any(near):
            kn, hn = np.where(near, k, 1.0), np.where(near, h, 0.5)
            w = _one_minus_product(kn, np.where(near, z, 1.0 - 0.5 * _NEAR_END))
            with np.errstate(divide="ignore"):
                u = w ** (1.0 / kn)
                v = _log1p_over(-hn, u)
                log_w = np.log(w)
                y = -log_w / kn
                if name == "pdf":
                    value = np.exp(-(1.0 - hn) * v) * w ** (1.0 / kn - 1.0) / scale
                elif name == "logpdf":
                    value = -(1.0 - hn) * v + sc.xlogy(1.0 / kn - 1.0, w) - np.log(scale)
                else:
                    value = _kappa4_forms(name, y, u, v, hn, kn, log_w, scale)
            out = np.where(near, value, out)
        if np.any(low_region):
            out = np.where(low_region, _KAPPA4_LOW[name], out)
        if np.any(overflow):
            out = np.where(overflow, -np.inf, out)
        if end_value is not None:
            out = np.where(low_end | high_end, end_value, out)
        if np.any(below | above):
            out = np.where(below, below_value, np.where(above, above_value, out))
        return out
    return function


_shape_functions(kappa4, ("h", "k"), _kappa4_check, [
    (name, lambda z: np.ones(np.shape(z), bool), _kappa4_function(name), np.nan, formula,
     f"round(float(kappa4.{name}(0.5, 0.3, 0.2)), 6)", value) for name, formula, value in (
        ("logpdf", "``-(1 - h) v - (1 - k) y - log(scale)``, ``y = -log1p(-k z) / k``, ``v = -log1p(-h e^-y) / h`` "
         "(their limits at h = 0, k = 0); ``-inf`` outside the support.", "-0.87639"),
        ("pdf", "``exp(-(1 - h) v - (1 - k) y) / scale`` (see logpdf); 0 outside the support.", "0.416283"),
        ("cdf", "``exp(-v) = (1 - h (1 - k z)^(1/k))^(1/h)``.", "0.522085"),
        ("logcdf", "``-v = log1p(-h (1 - k z)^(1/k)) / h``.", "-0.649926"),
        ("sf", "``-expm1(-v)``.", "0.477915"),
        ("logsf", "``log(1 - exp(-v))``, where ``v`` is small ``-y + log(v / u) + log((1 - e^-v) / v)``.",
         "-0.738321"))])


def _kappa4_quantile(name, q, h, k, loc, scale, upper):
    # ppf: (1 - b^k) / k, b = (1 - q^h) / h: -boxcox(-boxcox(q, h), k) (isf: b = -boxcox1p(-q, h)); SciPy's forms,
    # exact in h and k at 0 (the Box-Cox rules)
    _kappa4_check(name, None, h, k)

    def standard(q, h, k):
        b = -_kappa4_boxcox(q, h, sc.boxcox1p if upper else sc.boxcox, np.log1p if upper else np.log, -1.0 if upper
                            else 1.0)
        return -_kappa4_boxcox(b, k, sc.boxcox, np.log, 1.0)
    return _located(name, q, loc, scale, standard, shapes=(h, k))


def _kappa4_boxcox(x, lam, boxcox, log, sign):
    """``boxcox(sign x, lam)`` (``boxcox`` or ``boxcox1p``, whose log is ``log``), ``L = log(sign x)`` finite: as ``L
    exprel(lam L)`` where ``|lam L| < 1``, as ``expm1(lam L) / lam`` beyond (at ``L = -inf``, the end, the rule's).
    Through the Box-Cox rules the mixed second derivative was off: d/dlam ``L^2 (t e^t - expm1(t)) / t^2``
    differentiated in x is two terms ``2 L h / x`` cancelling to ``L x^(lam - 1)`` (d2/dx dlam of boxcox(1e-30, 1.5)
    2.2e12, the truth -6.9e-14), and boxcox1p's ``(1 + x)^(lam - 1) log(1 + x)`` lost x in ``1 + x`` (d2/dx dlam of
    boxcox1p(-1e-30, 2.5) 0, the truth 1e-30)."""
    px, pl = (np.asarray(_plain(v), dtype=float) for v in (x, lam))
    shape = np.broadcast_shapes(px.shape, pl.shape)
    with np.errstate(all="ignore"):
        log_x = log(sign * px)
        finite = np.broadcast_to((px > 0) & np.isfinite(log_x), shape)
        far = np.broadcast_to(np.abs(pl * log_x) >= 1.0, shape) & finite

    def inner(x, lam):
        return _two_forms(far, lambda x, lam: log(sign * x) * sc.exprel(lam * log(sign * x)),
                          lambda x, lam: np.expm1(lam * log(sign * x)) / lam, (x, lam), (0.5, 0.5), (0.5, 4.0))
    return _two_forms(~finite, inner, lambda x, lam: boxcox(sign * x, lam), (x, lam), (0.5, 0.5), (0.5, 1.0))


_quantiles(kappa4, ("h", "k"), _kappa4_quantile, (
    ("``loc - scale boxcox(-boxcox(q, h), k)``: ``loc + scale (1 - ((1 - q^h) / h)^k) / k``.",
     "round(float(kappa4.ppf(0.5, -1.0, 0.0)), 6)  # logistic: 0", "0.0"),
    ("``loc - scale boxcox(-boxcox1p(-q, h), k)``: ``loc + scale (1 - ((1 - (1 - q)^h) / h)^k) / k``.",
     "round(float(kappa4.isf(0.3, 0.3, 0.2)), 6)", "0.974509")))
_add_quantile_summaries("kappa4")


# -- dpareto_lognorm (the double Pareto-lognormal distribution) -------------------------------------------


class dpareto_lognorm:
    """The double Pareto-lognormal distribution, as ``scipy.stats.dpareto_lognorm`` (SciPy 1.15 on): ``log z`` is
    normal-Laplace, ``N(u, s^2)`` plus ``E1 / a - E2 / b`` (``z = (x - loc) / scale > 0``, ``s, a, b > 0``):
    ``logpdf``, ``pdf``, ``cdf``, ``logcdf``, ``sf``, ``logsf``, ``mean``, ``var`` and ``std``, differentiable in x, u,
    s, a, b, loc and scale to second order. With ``t = (log z - u) / s`` the two Mills-ratio terms are written as
    ``A1 = log(phi(t) R(a s - t)) = a s (a s / 2 - t) + log_ndtr(t - a s)`` and ``A2 = b s (t + b s / 2) +
    log_ndtr(-(b s + t))`` (``R = (1 - Phi) / phi``: no ``exp(t^2 / 2)`` that overflows, no ``t^2 / 2`` that cancels):
    the density ``a b / (a + b) (e^A1 + e^A2) / z``, the cdf ``F = Phi(t) (1 - b / (a + b) e^(A1 - log Phi(t))) + a / (a
    + b) e^A2`` and the sf ``S = Phi(-t) (1 - a / (a + b) e^(A2 - log Phi(-t))) + b / (a + b) e^A1``, each a sum of two
    positive terms (``e^(A1 - log Phi(t)) = R(a s - t) / R(-t) < 1``); the log of the larger one as ``log1p(-)`` of the
    smaller. The moments ``E z^n = a b / ((a - n)(b + n)) exp(n u + n^2 s^2 / 2)`` for ``a > n``: the mean (inf for ``a
    <= 1``; SciPy's NaN), the variance ``exp(2u + s^2) K2 (expm1(s^2) + (a (a - 2) + b (b + 2) + 1) / ((a - 1)^2 (b +
    1)^2))``, ``K2 = a b / ((a - 2)(b + 2))`` (``E z^2 - mean^2`` cancels as s goes to 0), inf for ``1 < a <= 2``, NaN
    for ``a <= 1``. At ``x = loc`` itself the values are the limits and a traced argument is refused
    (:class:`~wengert.NoGradientRule`: the one-sided limits of the derivatives are not implemented). No ppf, isf,
    median, interval or entropy (no closed form: SciPy finds the quantiles numerically and integrates the entropy).
    Measured against mpmath (60 digits): values, first and second derivatives within 2e-13 from z = 1e-8 to 1e8 (a
    random sweep: the first derivatives in a shape below 1/2 within 1.8e-13, terms of size 1 / a cancelling), but where
    ``a s`` (or ``b s``) is small and the other shape large ``Phi(t) - b / (a + b) e^A1`` cancels by ``(a + b) / a``
    (5e-13 at s = 0.05, a = 0.3, b = 20) and the second derivatives in u far out, exponentially small terms (1e-94 to
    1e-107 beside first derivatives of 1.5 to 2.5), are within 1.4e-11 of themselves; far out ``exp`` of the log terms
    carries ``|A| eps``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import dpareto_lognorm
    >>> round(float(dpareto_lognorm.cdf(1.0, 0.0, 1.0, 2.0, 2.0)), 6)  # symmetric in log z: 1/2 at z = e^u
    0.5
    >>> round(float(wg.grad_bp(lambda x: dpareto_lognorm.cdf(x, 0.0, 1.0, 2.0, 3.0), 1.0)), 6)  # the density
    0.347539

    .. versionadded:: 0.1
    """


def _dpareto_lognorm_check(name, z, u, s, a, b):
    _shapes_positive(name, s, a, b, names=["s", "a", "b"])
    if np.any(~np.isfinite(_plain(u))):
        raise ValueError(f"{name}: u must be finite (SciPy gives NaN elsewhere)")
    traced = any(isinstance(v, (Var, Dual)) for v in (z, u, s, a, b))
    if traced and np.any(np.asarray(_plain(z)) == 0):
        raise NoGradientRule(f"wengert.scipy.stats.{name} at x == loc (z = 0): the one-sided limits of its "
                             "derivatives are not implemented")


def _dpl_terms(z, u, s, a, b, log_z):
    """``(t, A1, A2)`` (see the class), ``log z`` from ``log_z`` (its derivatives in x and scale apart)."""
    d = log_z(z) - u
    t = d / s
    # (a s t as a d: through s t d/ds was a t - a s t / s, cancelling far out, d2/ds2 of the log density at x = 1e30,
    # s = 0.05 4.2e-11 relative off)
    return (t, _dpl_mills_term(t, a * s - t, 0.5 * (a * s) ** 2 - a * d),
            _dpl_mills_term(t, b * s + t, 0.5 * (b * s) ** 2 + b * d))


def _dpl_mills_term(t, v, lead):
    """``log(phi(t) R(v))``, ``lead = (v^2 - t^2) / 2`` (from the shape times d): below ``v = 0`` as ``lead +
    log_ndtr(-v)`` (log_ndtr near 0 there), from 0 on as ``-t^2 / 2 - log 2 + log(erfcx(v / sqrt 2))``: through
    ``lead + log_ndtr(-v)`` the two ``v^2 / 2`` cancelled (d/db of the log density at z = 5.3, b = 10.5, s = 0.84 was
    7.7e-13 relative off)."""
    beyond = np.asarray(_plain(v)) >= 0
    shape = np.broadcast_shapes(*(np.shape(_plain(w)) for w in (t, v, lead)))
    return _two_forms(np.broadcast_to(beyond, shape), lambda t, v, lead: lead + sc.log_ndtr(-v),
                      lambda t, v, lead: -0.5 * t * t - _LOG_2 + np.log(sc.erfcx(v / math.sqrt(2.0))), (t, v, lead),
                      (0.0, -1.0, 0.5), (0.0, 1.0, 0.5))


def _dpl_log_density(z, u, s, a, b, scale, log_z):
    t, a1, a2 = _dpl_terms(z, u, s, a, b, log_z)
    return np.log(a) + np.log(b) - np.log(a + b) - log_z(z) + np.logaddexp(a1, a2) - _log_of(scale)


def _dpl_log_tails(z, u, s, a, b, log_z):
    """``(log F, log S)``, each a sum of two positive terms in logs (see the class)."""
    t, a1, a2 = _dpl_terms(z, u, s, a, b, log_z)
    log_low, log_high = sc.log_ndtr(t), sc.log_ndtr(-t)
    log_f = np.logaddexp(log_low + np.log1p(-b / (a + b) * np.exp(a1 - log_low)), np.log(a / (a + b)) + a2)
    log_s = np.logaddexp(log_high + np.log1p(-a / (a + b) * np.exp(a2 - log_high)), np.log(b / (a + b)) + a1)
    return log_f, log_s


def _dpl_tail(upper, log):
    """The cdf (``upper``: the sf; ``log``: their logs): the smaller tail from its own log, the larger as ``1 -`` (or
    ``log1p(-)``) the smaller."""
    def tail(z, u, s, a, b, scale, log_z):
        log_f, log_s = _dpl_log_tails(z, u, s, a, b, log_z)
        own, other = (log_s, log_f) if upper else (log_f, log_s)
        small = np.asarray(_plain(own)) <= -_LOG_2
        if log:
            return np.where(small, own, _log1mexp(np.where(small, -1.0, other)))
        return np.where(small, np.exp(own), -np.expm1(np.where(small, -1.0, other)))
    return tail


_shape_functions(dpareto_lognorm, ("u", "s", "a", "b"), _dpareto_lognorm_check, [
    (name, lambda z: z > 0, function, outside, formula, f"round(float(dpareto_lognorm.{name}(1.5, 0.2, 0.8, 2.5, 1.5)), 6)",
     value)
    for name, function, outside, formula, value in (
        ("logpdf", _dpl_log_density, -np.inf, "``log(a b / (a + b)) - log z + logaddexp(A1, A2) - log(scale)`` (see "
         "the class), ``-inf`` at and below 0.", "-1.43062"),
        ("pdf", lambda z, u, s, a, b, scale, log_z: np.exp(_dpl_log_density(z, u, s, a, b, scale, log_z)), 0.0,
         "``a b / (a + b) (e^A1 + e^A2) / (z scale)``, 0 at and below 0.", "0.239161"),
        ("cdf", _dpl_tail(False, False), 0.0, "``Phi(t) - b / (a + b) e^A1 + a / (a + b) e^A2``.", "0.660788"),
        ("logcdf", _dpl_tail(False, True), -np.inf, "``log`` of the cdf.", "-0.414321"),
        ("sf", _dpl_tail(True, False), 1.0, "``Phi(-t) + b / (a + b) e^A1 - a / (a + b) e^A2``.", "0.339212"),
        ("logsf", _dpl_tail(True, True), 0.0, "``log`` of the sf.", "-1.081131"),
    )])


def _dpl_shaped(out, *parameters):
    # (_moment_where's plain inf where no entry exists has the shape of none of them)
    return out + np.zeros(np.broadcast_shapes(*(np.shape(_plain(p)) for p in parameters)))


def _dpl_mean(u, s, a, b):
    return _dpl_shaped(_moment_where(lambda pa: pa > 1.0, lambda pa: np.ones(np.shape(pa), bool),
                         lambda a, u, s, b: a * b / ((a - 1.0) * (b + 1.0)) * np.exp(u + 0.5 * s * s),
                         (a, u, s, b), 2.0), u, s, a, b)


def _dpl_var(u, s, a, b):
    def form(a, u, s, b):
        rest = (a * (a - 2.0) + b * (b + 2.0) + 1.0) / ((a - 1.0) ** 2 * (b + 1.0) ** 2)
        return np.exp(2.0 * u + s * s) * a * b / ((a - 2.0) * (b + 2.0)) * (np.expm1(s * s) + rest)
    return _dpl_shaped(_moment_where(lambda pa: pa > 2.0, lambda pa: pa > 1.0, form, (a, u, s, b), 3.0), u, s, a, b)


_add_moments("dpareto_lognorm", ("u", "s", "a", "b"), _dpl_mean, _dpl_var, None,
             lambda name, u, s, a, b: _dpareto_lognorm_check(name, 1.0, u, s, a, b), (0.2, 0.8, 2.5, 1.5),
             " The mean ``a b / ((a - 1)(b + 1)) exp(u + s^2 / 2)`` exists for ``a > 1`` (inf below; SciPy's NaN), the "
             "variance for ``a > 2`` (inf for ``1 < a <= 2``, NaN below); see the class.")
