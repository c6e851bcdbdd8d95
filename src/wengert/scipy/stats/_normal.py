"""The normal family: norm, truncnorm, lognorm and gibrat, halfnorm, foldnorm, skewnorm, exponnorm, powernorm,
powerlognorm, crystalball, Johnson's SU and SB, gennorm and halfgennorm. Part of :mod:`wengert.scipy.stats`.
"""

import functools
import math

import numpy as np
from scipy import special as sc

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...forward import defjvp
from ...ops._util import at_kink, def_partials as _def_partials, piecewise as _piecewise, polynomial, unbroadcast
from ...ops.elementwise import veltkamp_split
from ...ops.scipy_special import gammainc_da, gammaincinv_da, ndtri_exp
from ...primitive import defvjp, OwnPrimitive
from ...structured import stop_gradient
from ._common import (_add_moments, _add_quadrature_entropy, _add_quadrature_moments, _add_quantile_summaries, _at_lower_end, _c_log_z, _closed_support_function,
                      _collected_terms, _doc, _EULER, _EXP_NDTRI, _EXP_NDTRI_SPLIT, _exp_of_log, _FAR_GAMMA,
                      _gauss_narrow_rest, _gengamma_z_at, _in_dtype_of, _inside_z, _infinite_where_infinite, _inverse_slope,
                      _iterated, _kinked_at_mode, _located, _located_entropy, _location_scale, _log1mexp, _LOG_2,
                      _LOG_2_OVER_PI, _LOG_2PI, _log_cdf_from_lower_end, _log_expm1, _LOG_EXPM1_RATIO, _log_gammaincc,
                      _log_gauss_mass, _log_hypot1, _log_of, _log_of_z, _LOG_PI, _log_power_series, _LOG_Q_FAR,
                      _LOG_STANDARDIZED, _log_standardized_value, _lower_gamma_tails, _method, _NARROW_GAUSS,
                      _bracket_closed, _newton_step_in_bracket, _on_support, _over_power, _plain, _power_second_overflows, _product_excess, _quantile_primitive,
                      _quantiles, _quiet, _refuse_a_jump, _root_quantile, _rounded_to, _shape_functions,
                      _product_exponent, _shapes_positive, _SMALLEST_SUBNORMAL, _standardized, _tail, _TINY_NORMAL, _two_forms,
                      _vanishing, _VANISHING_LOG, _with_lower_end, _z_derivatives)

__all__ = ["norm", "lognorm", "truncnorm", "gennorm", "halfnorm", "skewnorm", "gibrat", "crystalball", "johnsonsu",
           "foldnorm", "johnsonsb", "exponnorm", "halfgennorm", "powerlognorm", "powernorm"]


class norm:
    """The normal distribution, as ``scipy.stats.norm``: differentiable in x, loc and scale.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import norm
    >>> round(float(wg.grad_bp(norm.cdf, 0.0)), 6)  # the density at 0
    0.398942

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-z**2 / 2 - log(scale) - log(2 pi) / 2`` with ``z = (x - loc) / scale``.

        >>> from wengert.scipy.stats import norm
        >>> round(float(norm.logpdf(0.0)), 6)
        -0.918939
        """
        z = _standardized("norm.logpdf", x, loc, scale)
        return -0.5 * z * z - np.log(scale) - 0.5 * _LOG_2PI


_exp_of_log(norm, "pdf", "round(float(norm.pdf(1.0, 1.0, 2.0)), 6)", "0.199471", inside=0.0)
_location_scale(norm, (
    ("cdf", sc.ndtr,
     "``ndtr((x - loc) / scale)``.",
     "float(norm.cdf(0.0))", "0.5"),
    ("logcdf", sc.log_ndtr,
     "``log_ndtr((x - loc) / scale)``: exact far in the left tail.",
     "round(float(norm.logcdf(-40.0)), 3)", "-804.608"),
    ("sf", lambda z: sc.ndtr(-z),
     "``1 - cdf``, as ``ndtr(-(x - loc) / scale)`` (exact in the right tail).",
     "float(norm.sf(0.0))", "0.5"),
    ("logsf", lambda z: sc.log_ndtr(-z),
     "``log(1 - cdf)``, as ``log_ndtr(-(x - loc) / scale)``.",
     "round(float(norm.logsf(40.0)), 3)", "-804.608"),
    ("ppf", (sc.ndtri, 1.0),
     "``loc + scale ndtri(q)``.",
     "float(norm.ppf(0.5, 1.0))", "1.0"),
    ("isf", (sc.ndtri, -1.0),
     "``loc - scale ndtri(q)``.",
     "float(norm.isf(0.5, 1.0))", "1.0"),
))


#: Below this z lognorm's log density is one primitive in z (_LOGNORM_Z_TERMS)
_LOGNORM_TINY = 1e-150


def _lognorm_coefficients(n):
    """``(A, B, C)`` with ``d^n/dz^n (-L - L^2 / (2 s^2)) = (A + (B + C L) / s^2) / z^n``,
    ``L = log z``: ``(-1, 0, -1)`` at n = 1, then ``(-n A, C - n B, -n C)``."""
    a, b, c = -1.0, 0.0, -1.0
    for k in range(1, n):
        a, b, c = -k * a, c - k * b, -k * c
    return a, b, c


def _lognorm_dz_numerator(n, z, s):
    a, b, c = _lognorm_coefficients(n)
    return a + (b + c * np.log(z)) / (s * s)


def _lognorm_dz_in_s(n, z, s):
    _, b, c = _lognorm_coefficients(n)
    return (b + c * np.log(z)) * (-2.0 / s ** 3) / z ** n


_LOGNORM_DZ = _z_derivatives("wengert.scipy.stats.lognorm (d/dz)", _lognorm_dz_numerator, lambda n: n,
                             _lognorm_dz_in_s)


def _lognorm_z_terms(z, s):
    with np.errstate(divide="ignore", invalid="ignore"):  # (z = 0, the end: -inf, the limit, not inf - inf)
        log_z = np.log(z)
        return np.where(log_z == -np.inf, -np.inf, -log_z - 0.5 * (log_z / s) ** 2)[()]


_LOGNORM_Z_TERMS = OwnPrimitive(_lognorm_z_terms, name="wengert.scipy.stats.lognorm (z terms)", reenters="any")
_def_partials(_LOGNORM_Z_TERMS, lambda z, s: _LOGNORM_DZ(z, s, n=1), lambda z, s: _lognorm_z_ds(z, s))


def _lognorm_z_ds(z, s):
    with np.errstate(divide="ignore"):  # (z = 0, the end: +inf, the limit)
        return np.log(z) ** 2 / s ** 3


def _lognorm_u_value(u, scale, s, n=1, which=0):
    """With ``L = log(u / scale)`` (z's log, :func:`_log_standardized_value`) and ``(A, B, C)`` of n
    (:func:`_lognorm_coefficients`): ``which`` 0, the n-th u-derivative of ``-L - L^2 / (2 s^2)``, ``(A + (B + C L) /
    s^2) / u^n``; 1, its scale-derivative ``-C / (s^2 scale u^n)``; 2, its s-derivative ``-2 (B + C L) / (s^3 u^n)``
    (:func:`_over_power`: each one quotient)."""
    u, scale, s = (np.asarray(v, dtype=float) for v in (u, scale, s))
    _, b, c = _lognorm_coefficients(n)
    log_z = _log_standardized_value(u, scale)
    numerator = (_lognorm_coefficients(n)[0] + (b + c * log_z) / (s * s) if which == 0 else -c / (s * s * scale)
                 if which == 1 else -2.0 * (b + c * log_z) / s ** 3)
    with np.errstate(divide="ignore"):  # (u = 0, the end: the numerator's infinity over 0, the limit's sign)
        return _over_power(numerator, u, n)[()]


_LOGNORM_U_DZ = OwnPrimitive(_lognorm_u_value, name="wengert.scipy.stats.lognorm (d/du)", reenters="any")
_def_partials(_LOGNORM_U_DZ, lambda u, scale, s, n=1, which=0: _LOGNORM_U_DZ(u, scale, s, n=n + 1, which=which),
              lambda u, scale, s, n=1, which=0: _LOGNORM_U_DZ(u, scale, s, n=n, which=1) if which == 0 else (
                  -_LOGNORM_U_DZ(u, scale, s, n=n, which=1) / scale if which == 1
                  else -2.0 / s * _LOGNORM_U_DZ(u, scale, s, n=n, which=1)),
              lambda u, scale, s, n=1, which=0: _LOGNORM_U_DZ(u, scale, s, n=n, which=2) if which == 0 else (
                  -2.0 / s * _LOGNORM_U_DZ(u, scale, s, n=n, which=1) if which == 1
                  else -3.0 / s * _LOGNORM_U_DZ(u, scale, s, n=n, which=2)))


def _lognorm_u_terms(u, scale, s):
    log_z = _log_standardized_value(u, scale)
    # (u = 0, the end of lognorm.logpdf's support: -inf, not inf - inf; its partials there the limits from inside)
    with np.errstate(invalid="ignore"):
        return np.where(log_z == -np.inf, -np.inf, -log_z - 0.5 * (log_z / s) ** 2)[()]


#: ``-L - L^2 / (2 s^2)``, ``L = log z = log(u / scale)`` (u = x - loc), one primitive of u, scale and s whose
#: derivatives in u and in scale are apart (:data:`_LOGNORM_U_DZ`): lognorm's log density below _LOGNORM_TINY, where
#: through z (:data:`_LOGNORM_Z_TERMS`) d2/dx dscale, ``-(z L'' + L') / scale^2``, overflowed apart (inf for
#: lognorm.logpdf(1e-200, 1), the truth 1e200; d2/dscale2 -inf for 459.5)
_LOGNORM_U_TERMS = OwnPrimitive(_lognorm_u_terms, name="wengert.scipy.stats.lognorm (z terms in u and scale)",
                                reenters="any")
_def_partials(_LOGNORM_U_TERMS, lambda u, scale, s: _LOGNORM_U_DZ(u, scale, s, n=1),
              lambda u, scale, s: (1.0 + _LOG_STANDARDIZED(u, scale) / (s * s)) / scale,
              lambda u, scale, s: _LOG_STANDARDIZED(u, scale) ** 2 / s ** 3)


def _lognorm_log_density(z, s, scale, log_z=None):
    """``-log(s z scale sqrt(2 pi)) - log(z)^2 / (2 s^2)``; below ``_LOGNORM_TINY`` its terms
    in z are one primitive whose derivatives in z are one quotient each (see
    :func:`_z_derivatives`): with ``log(z)`` twice, the second derivative's terms were
    inf - inf below z = 1.5e-154 (NaN; the truth ``(s^2 + log z - 1) / (s^2 z^2)``: -inf at
    s = 1, +inf at s = 30 and 1e-200, -1.26e308 at s = 18.8 and 1e-155, where forward over
    forward gave -inf), and logpdf' NaN in forward mode at subnormal z (+inf)."""
    def usual(z):
        if log_z is not None:  # (z's log with its derivatives in x and in scale apart: _log_of_z)
            log_of_z = log_z(z)
            return -log_of_z - np.log(s * scale) - 0.5 * _LOG_2PI - 0.5 * (log_of_z / s) ** 2
        return -np.log(s * z * scale) - 0.5 * _LOG_2PI - 0.5 * (np.log(z) / s) ** 2

    def tiny(z):
        return _LOGNORM_Z_TERMS(z, s) - np.log(s * scale) - 0.5 * _LOG_2PI
    return _piecewise(z, _plain(z) < _LOGNORM_TINY, usual, tiny, 1.0, 0.1 * _LOGNORM_TINY)


class lognorm:
    """The log-normal distribution, as ``scipy.stats.lognorm`` (shape ``s``, the standard
    deviation of ``log z``): differentiable in x (or q), s, loc and scale. At and below
    ``z = 0`` the density is 0 with every derivative 0 (it is flat there from the right too).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import lognorm
    >>> float(wg.grad_bp(lambda x: lognorm.logcdf(x, 1.0), 1.0))  # pdf / cdf at the median
    0.7978845608028654

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, s, loc=0.0, scale=1.0):
        """``-log(s z sqrt(2 pi) scale) - log(z)^2 / (2 s^2)`` on ``z > 0``, ``-inf`` elsewhere.

        >>> from wengert.scipy.stats import lognorm
        >>> round(float(lognorm.logpdf(1.0, 1.0)), 6)
        -0.918939
        """
        _standardized("lognorm.logpdf", 0.0, 0.0, s)  # s > 0, as scale
        z = _standardized("lognorm.logpdf", x, loc, scale)
        # (z = 0 itself, the end: -inf with the one-sided limits from inside as its derivatives, the primitives' at u
        # = 0; it was the constant -inf, every derivative 0)
        if not any(isinstance(v, (Var, Dual)) for v in (x, loc, scale)):
            return _on_support(_plain(z) >= 0, lambda z: _lognorm_log_density(z, s, scale), z)
        # log z with its derivatives in x and in scale apart (through z d2/dx dscale cancelled, 1 / z - 1 / z, and
        # overflowed below z = 1e-154); below _LOGNORM_TINY the terms in z as one primitive of x - loc and scale
        u = x - loc + 0.0  # (-0.0 as +0.0: the end from above)
        pz = np.asarray(_plain(z))
        # (not below loc where z only rounds to -0.0, _inside_z: outside, -inf with every derivative 0; the terms at
        # that negative u gave NaN derivatives, lognorm.logpdf(-1e-300, 0.95, 0, 1e300)'s gradient [nan, nan, nan])
        tiny = (_inside_z(x - loc, scale, z) >= 0) & (pz < _LOGNORM_TINY)
        log_z = _log_of_z(u, scale, z)
        out = _on_support((pz > 0) & ~tiny, lambda z: _lognorm_log_density(z, s, scale, log_z), z)
        if not np.any(tiny):
            return out
        scale_t = np.where(tiny, scale, 1.0)
        return np.where(tiny, _LOGNORM_U_TERMS(np.where(tiny, u, 0.1 * _LOGNORM_TINY), scale_t, s)
                        - np.log(s * scale_t) - 0.5 * _LOG_2PI, out)

    @staticmethod
    def cdf(x, s, loc=0.0, scale=1.0):
        """``ndtr(log(z) / s)``, 0 at and below 0.

        >>> from wengert.scipy.stats import lognorm
        >>> float(lognorm.cdf(1.0, 0.5))
        0.5
        """
        return _lognorm_tail("lognorm.cdf", x, s, loc, scale, 1.0, sc.ndtr, 0.0)

    @staticmethod
    def logcdf(x, s, loc=0.0, scale=1.0):
        """``log_ndtr(log(z) / s)``.

        >>> from wengert.scipy.stats import lognorm
        >>> round(float(lognorm.logcdf(1.0, 0.5)), 6)
        -0.693147
        """
        return _lognorm_tail("lognorm.logcdf", x, s, loc, scale, 1.0, sc.log_ndtr, -np.inf)

    @staticmethod
    def sf(x, s, loc=0.0, scale=1.0):
        """``ndtr(-log(z) / s)``, 1 at and below 0.

        >>> from wengert.scipy.stats import lognorm
        >>> float(lognorm.sf(1.0, 0.5))
        0.5
        """
        return _lognorm_tail("lognorm.sf", x, s, loc, scale, -1.0, sc.ndtr, 1.0)

    @staticmethod
    def logsf(x, s, loc=0.0, scale=1.0):
        """``log_ndtr(-log(z) / s)``.

        >>> from wengert.scipy.stats import lognorm
        >>> round(float(lognorm.logsf(1.0, 0.5)), 6)
        -0.693147
        """
        return _lognorm_tail("lognorm.logsf", x, s, loc, scale, -1.0, sc.log_ndtr, 0.0)

    @staticmethod
    @_quiet
    def ppf(q, s, loc=0.0, scale=1.0):
        """``loc + scale exp(s ndtri(q))``.

        >>> from wengert.scipy.stats import lognorm
        >>> float(lognorm.ppf(0.5, 0.7))
        1.0
        """
        return _located("lognorm.ppf", q, loc, scale, lambda q, s: _lognorm_quantile(q, s, False), shapes=(s,),
                        steep_mixed=_lognorm_steep)

    @staticmethod
    @_quiet
    def isf(q, s, loc=0.0, scale=1.0):
        """``loc + scale exp(-s ndtri(q))``.

        >>> from wengert.scipy.stats import lognorm
        >>> float(lognorm.isf(0.5, 0.7))
        1.0
        """
        return _located("lognorm.isf", q, loc, scale, lambda q, s: _lognorm_quantile(q, s, True), shapes=(s,),
                        steep_mixed=_lognorm_steep)


_exp_of_log(lognorm, "pdf", "float(lognorm.pdf(0.0, 1.0))", "0.0", inside=1.0)


def _lognorm_quantile(q, s, upper):
    """``exp(s ndtri(q))`` (``upper``: ``exp(-s ndtri(q))``); at the end where it is 0 (q = 0, the isf's q = 1)
    ``sqrt(q) / (1 + s)`` (``sqrt(1 - q)``), its value and its limits there: d/dq +inf (-inf), d2/dq2 -inf, d/ds
    and d2/ds2 0, d2/dq ds -inf (+inf), as ``s x / density`` and its derivatives tend there. Through exp(s ndtri(q))
    they were 0 * inf: gibrat.ppf(0)'s d/dq 0 by grad and NaN by jvp, lognorm.ppf(0, s)'s d/ds NaN."""
    pq = np.asarray(_plain(q))
    end = pq == (1.0 if upper else 0.0)
    if not np.any(end):
        return _EXP_NDTRI(q, -s if upper else s)
    inside = _EXP_NDTRI(np.where(end, 0.5, q), -s if upper else s)
    # (stand-ins 1 - the other end's q elsewhere: sqrt of 0 there had an infinite partial, times 0 NaN)
    at_end = _SQRT_AT_END(1.0 - np.where(end, q, 0.0)) if upper else _SQRT_AT_END(np.where(end, q, 1.0))
    return np.where(end, at_end / (1.0 + s), inside)


def _sqrt_derivative(u, n=0):
    """The n-th derivative of ``sqrt(u)``, ``(1/2)_n u^(1/2 - n)`` (falling factorial), inf at u = 0 from n = 1
    on without a divide warning (np.sqrt's rule warned there)."""
    with np.errstate(divide="ignore"):
        return math.prod(0.5 - k for k in range(n)) * np.power(np.asarray(u, dtype=float), 0.5 - n)[()]


#: ``sqrt(u)`` whose derivatives at u = 0 are infinite quietly (:func:`_lognorm_quantile`'s end)
_SQRT_AT_END = OwnPrimitive(_sqrt_derivative, name="wengert.scipy.stats (sqrt at an end)", reenters="any")
_def_partials(_SQRT_AT_END, lambda u, n=0: _SQRT_AT_END(u, n=n + 1))


def _lognorm_tail(name, x, s, loc, scale, sign, fn, outside):
    _standardized(name, 0.0, 0.0, s)
    z = _standardized(name, x, loc, scale)
    # (log z from _log_of_z, its derivatives in x and in scale apart: through z d2/dx dscale of logsf(1e300, 1) was
    # 1.08e-297, the truth 1.56e-300, log z times the rounding of 1 / z - 1 / z)
    log_z = _log_of_z(x - loc, scale, z)

    def tail(z):
        # the cdf and sf: 0 or 1 with derivatives 0 where the density's log -u^2/2 is below _VANISHING_LOG (their
        # derivatives are the density times powers of u and 1/s); through ndtr's rule the tangent of u, overflowed
        # (log(z) / s^2), met the density's 0 (lognorm.cdf(0.5, 1e-300) by jvp in s or x: 0 * inf = NaN for 0). The
        # log cdf and log sf there on the side where they are log(1 - tiny), -0.0 (log_ndtr's underflowed derivative
        # met u's overflowed second, d2/dx2 of lognorm.logsf(1e-300, 0.8, 0, 1.5) NaN by jacfwd(jacfwd) for 0)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            u = sign * np.log(np.asarray(_plain(z), dtype=float)) / np.asarray(_plain(s), dtype=float)
            far = -0.5 * u * u < _VANISHING_LOG
            if fn is not sc.ndtr:
                far = far & (u > 0)
        if not np.any(far):
            return fn(sign * log_z(z) / s)
        return np.where(far, np.where(u > 0, 1.0 if fn is sc.ndtr else -0.0, 0.0),
                        fn(sign * log_z(np.where(far, 1.0, z)) / s))
    out = _on_support(_plain(z) > 0, tail, z, outside=outside)
    return _lognorm_log_cdf_end(z, out, x - loc, scale, s) if name == "lognorm.logcdf" else out


def _lognorm_log_cdf_end(z, value, u, scale, s, log_c=0.0):
    """lognorm's log cdf ``value`` (plus ``log_c``: powerlognorm's), at z = 0 ``-L^2 / (2 s^2) - log(-L) - log(2
    pi) / 2 + O(1 / L^2)`` (L = log z): -inf, each first and second derivative's limit from inside infinite, with the
    signs of :data:`_LOGNORM_U_TERMS`'s ``-L - L^2 / (2 s^2)`` (L^2 decides each), whose partials are those limits at
    u = 0; the constant -inf had every derivative 0 there (lognorm.logcdf(x, 0.95, loc, 2)'s gradient at x = loc)."""
    # (below loc where z only rounds to -0.0: outside, -inf with every derivative 0; the end's terms at that negative u
    # were NaN, lognorm.logcdf(-1e-300, 0.95, 0, 1e300) NaN for SciPy's -inf)
    below = (np.asarray(_plain(z)) == 0) & (np.asarray(_plain(u), dtype=float) < 0)

    def at_end(z):
        end = (np.asarray(_plain(z)) == 0) & ~below
        w = np.where(end, u + 0.0, scale)  # (+ 0.0: -0.0 is the end from above; z = 1 elsewhere)
        return log_c + _LOGNORM_U_TERMS(w, np.where(end, scale, 1.0) * np.ones_like(w), s)
    out = _at_lower_end(z, value, at_end)
    return np.where(below, -np.inf, out) if np.any(below) else out


def _inside_point(a, b):
    """A finite point of ``[a, b]`` (plain): where a function of ``z`` is evaluated at the points
    where its value is not used. A fill such as ``(a + b) / 2`` was infinite for an infinite
    end and a Var of ``a`` or ``b``: ndtr's second derivative at it, ``-z ndtr'(z)``, is
    ``inf * 0`` = NaN, which reached the second derivatives of the points that were used
    (truncnorm.cdf(-1, -1, inf) in ``a``)."""
    pa, pb = _plain(a), _plain(b)
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(pa) & np.isfinite(pb), 0.5 * (pa + pb),
                        np.where(np.isfinite(pa), pa + 1.0, np.where(np.isfinite(pb), pb - 1.0, 0.0)))


def _truncnorm(name, x, a, b, loc, scale):
    if np.any(_plain(a) >= _plain(b)):
        raise ValueError(f"{name}: a must be less than b")
    return _standardized(name, x, loc, scale)


class truncnorm:
    """The normal distribution truncated to ``[a, b]`` (in standard units, as in SciPy), as
    ``scipy.stats.truncnorm``: differentiable in x, a, b, loc and scale, accurate far in the
    tails (the normal mass between a and b is computed as SciPy does). At the ends of the
    support, ``z = a`` and ``z = b``, the derivatives are the one-sided ones from inside. The quantiles
    (``ppf``, ``isf``, ``median``, ``interval``) from the smaller tail in log space (exact in far truncations, where
    SciPy's isf is off: 1.1e-7 at ``isf(1e-10, 30, 31)``), their derivatives in q, a, b (to second order; a third
    refuses) closed forms of implicit differentiation in the tails' hazards.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import truncnorm
    >>> round(float(wg.grad_bp(lambda x: truncnorm.logpdf(x, -1.0, 1.0), 0.5)), 6)  # -x
    -0.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, a, b, loc=0.0, scale=1.0):
        """``-z^2/2 - log(sqrt(2 pi) scale) - log(ndtr(b) - ndtr(a))`` on ``a <= z <= b``.

        >>> from wengert.scipy.stats import truncnorm
        >>> round(float(truncnorm.logpdf(0.0, -1.0, 1.0)), 6)
        -0.537223
        """
        z = _truncnorm("truncnorm.logpdf", x, a, b, loc, scale)
        plain = _plain(z)
        return _on_support((plain >= _plain(a)) & (plain <= _plain(b)),
                           lambda z: -0.5 * z * z - 0.5 * _LOG_2PI - np.log(scale) - _log_gauss_mass(a, b),
                           np.where((plain >= _plain(a)) & (plain <= _plain(b)), z, _inside_point(a, b)))

    @staticmethod
    def logcdf(x, a, b, loc=0.0, scale=1.0):
        """``log((ndtr(z) - ndtr(a)) / (ndtr(b) - ndtr(a)))``: ``-inf`` below a, 0 above b.

        >>> from wengert.scipy.stats import truncnorm
        >>> round(float(truncnorm.logcdf(0.0, -1.0, 1.0)), 6)
        -0.693147
        """
        return _truncnorm_tail("truncnorm.logcdf", x, a, b, loc, scale, lower=True, log=True)

    @staticmethod
    def cdf(x, a, b, loc=0.0, scale=1.0):
        """``exp(truncnorm.logcdf(x, a, b, loc, scale))``.

        >>> from wengert.scipy.stats import truncnorm
        >>> round(float(truncnorm.cdf(0.0, -1.0, 1.0)), 12)
        0.5
        """
        return _truncnorm_tail("truncnorm.cdf", x, a, b, loc, scale, lower=True, log=False)

    @staticmethod
    def logsf(x, a, b, loc=0.0, scale=1.0):
        """``log((ndtr(b) - ndtr(z)) / (ndtr(b) - ndtr(a)))``.

        >>> from wengert.scipy.stats import truncnorm
        >>> round(float(truncnorm.logsf(0.0, -1.0, 1.0)), 6)
        -0.693147
        """
        return _truncnorm_tail("truncnorm.logsf", x, a, b, loc, scale, lower=False, log=True)

    @staticmethod
    def sf(x, a, b, loc=0.0, scale=1.0):
        """``exp(truncnorm.logsf(x, a, b, loc, scale))``.

        >>> from wengert.scipy.stats import truncnorm
        >>> round(float(truncnorm.sf(0.0, -1.0, 1.0)), 12)
        0.5
        """
        return _truncnorm_tail("truncnorm.sf", x, a, b, loc, scale, lower=False, log=False)


_exp_of_log(truncnorm, "pdf", "round(float(truncnorm.pdf(0.0, -1.0, 1.0)), 6)", "0.584369")


def _truncnorm_tail(name, x, a, b, loc, scale, lower, log):
    # At the ends of the support [a, b] the derivatives are the one-sided ones from inside
    # (they were 0 there, as outside: a wrong gradient with no error). The end where the
    # function is 1 (cdf at b, sf at a) is in the log formula's domain. At the end where it
    # is 0, log 0 leaves no derivative, so the cdf and sf there come from the difference of
    # ndtr, exactly 0 with exact derivatives of every order; logcdf and logsf are -inf there,
    # with gradient 0 as outside (expon's logcdf at 0 does the same).
    z = _truncnorm(name, x, a, b, loc, scale)
    plain, pa, pb = _plain(z), _plain(a), _plain(b)
    one_end, zero_end = (pb, pa) if lower else (pa, pb)
    inside = ((plain > pa) & (plain < pb)) | (plain == one_end)
    zi = np.where(inside, z, _inside_point(a, b))
    part = _log_gauss_mass(a, zi) if lower else _log_gauss_mass(zi, b)
    total = _log_gauss_mass(a, b)  # log of the normal mass between a and b
    logs = part - total
    below, above = (-np.inf, 0.0) if lower else (0.0, -np.inf)
    # (one number at a time: np.where of two Python floats is a float64 array, which made float32 results float64)
    out = np.where(~inside & (plain <= pa), below, np.where(inside, logs, above))
    if log:
        return _log_of_one_minus_tail(out, z, a, b, total, plain, pa, pb, inside & (plain != one_end), lower)
    out = np.exp(out)
    at_zero_end = plain == zero_end
    if not np.any(at_zero_end):
        return out
    if lower:
        mass = sc.ndtr(np.where(at_zero_end, z, a)) - sc.ndtr(a)
    else:
        mass = sc.ndtr(b) - sc.ndtr(np.where(at_zero_end, z, b))
    return np.where(at_zero_end, mass / np.exp(total), out)


def _log_of_one_minus_tail(out, z, a, b, total, plain, pa, pb, inside, lower):
    """``out`` (truncnorm's logcdf or logsf), with ``log1p(-other tail)`` where the other
    tail is below 1/2: near 1 the direct formula loses the digits (logcdf gave 0 where
    SciPy gives -8.8e-133)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        zp = np.where(inside, plain, _inside_point(pa, pb))
        other = (_log_gauss_mass(zp, pb) if lower else _log_gauss_mass(pa, zp)) - _plain(total)
    near_one = inside & (other < -0.6931471805599453)
    if not np.any(near_one):
        return out
    zo = np.where(near_one, z, _inside_point(a, b))
    other = (_log_gauss_mass(zo, b) if lower else _log_gauss_mass(a, zo)) - total
    out = np.where(near_one, _log1mexp(np.where(near_one, other, -1.0)), out)
    # within a narrow interval of the other end the other tail as ``w phi(m) (1 + rest) / mass`` (w the width, m
    # the middle: _log_gauss_mass's narrow form without its log): through log(w) its derivatives in z and that end were
    # +-1/w, whose products in the second derivative cancelled (d2/dx da of truncnorm.logsf at x = a + 2e-16, a = -1,
    # b = 2 was 0.148 and -0.235 by the two orders, the truth 0; d2/dx2 -0.148, the truth -0.383)
    with np.errstate(invalid="ignore", over="ignore"):
        width = (pb - plain) if lower else (plain - pa)
        tiny = near_one & (width * (1.0 + np.maximum(np.abs(pa), np.abs(pb))) < 1e-3)
    if not np.any(tiny):
        return out
    zt = np.where(tiny, z, _inside_point(a, b))
    lo, hi = (zt, np.where(tiny, b, zt + 1e-5)) if lower else (np.where(tiny, a, zt - 1e-5), zt)
    w, m = hi - lo, 0.5 * lo + 0.5 * hi
    tail = w * np.exp(-0.5 * m * m - 0.5 * _LOG_2PI - total) * (1.0 + _gauss_narrow_rest(0.5 * w, m))
    return np.where(tiny, np.log1p(-np.where(tiny, tail, 0.0)), out)


def _johnsonsb_steep(lower, a, b):
    """johnsonsb's ``x = expit((n - a) / b)``, ``n = ndtri(q)``: the slope ``x (1 - x) / (b phi(n))``, whose log is
    ``-+(n - a) / b + n^2 / 2 - log b + ...`` at the lower (upper) end, in a ``-+1 / b`` (-, +), in b ``+-(n - a) / b^2
    - 1 / b`` -> +inf at both (|n| -> inf)."""
    return np.where(lower, -1.0, 1.0), 1.0


def _lognorm_steep(lower, s):
    """lognorm's x = exp(s z) at 0: d2/dq ds = x (1 + s z) / pdf(z) -> -inf (its only finite end)."""
    return (-1.0,)


_SQRT_2 = float(np.sqrt(2.0))


class halfnorm:
    """The half-normal distribution (``|X|`` for a standard normal ``X``), as
    ``scipy.stats.halfnorm``: differentiable in x (or q), loc and scale. Its support
    ``z >= 0`` includes 0, where the derivatives are the one-sided ones from inside.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import halfnorm
    >>> float(wg.grad_bp(halfnorm.logpdf, 1.5))  # -z
    -1.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``log(2 / pi) / 2 - z**2 / 2 - log(scale)`` on ``z >= 0``, ``-inf`` below.

        >>> from wengert.scipy.stats import halfnorm
        >>> round(float(halfnorm.logpdf(0.0)), 6)
        -0.225791
        """
        z = _standardized("halfnorm.logpdf", x, loc, scale)
        return _on_support(_plain(z) >= 0,
                           lambda z: 0.5 * _LOG_2_OVER_PI - 0.5 * z * z - np.log(scale), z)

    @staticmethod
    def cdf(x, loc=0.0, scale=1.0):
        """``erf(z / sqrt(2))``, 0 below the support.

        >>> from wengert.scipy.stats import halfnorm
        >>> round(float(halfnorm.cdf(1.0)), 6)
        0.682689
        """
        z = _standardized("halfnorm.cdf", x, loc, scale)
        return _on_support(_plain(z) >= 0, lambda z: sc.erf(z / _SQRT_2), z, outside=0.0)

    @staticmethod
    def logcdf(x, loc=0.0, scale=1.0):
        """``log(erf(z / sqrt(2)))``, ``-inf`` at and below 0.

        >>> from wengert.scipy.stats import halfnorm
        >>> round(float(halfnorm.logcdf(1.0)), 6)
        -0.381715
        """
        z = _standardized("halfnorm.logcdf", x, loc, scale)
        whole = _tail(lambda z: sc.erf(z / _SQRT_2), lambda z: sc.erfc(z / _SQRT_2), True)
        if not any(isinstance(v, (Var, Dual)) for v in (x, loc, scale)):
            return _on_support(_plain(z) > 0, whole, z)
        # below z = 1/2 chi's at df = 1 (log P(1/2, z^2 / 2): log z from _log_of_z and a series): through log(erf(z /
        # sqrt 2)) d2/dx dscale, -(z L'' + L') / scale^2, was 1 / z - 1 / z (0.0 at x = 1e-8, the truth 6.7e-9)
        log_z = _log_of_z(x - loc, scale, z)
        # (at z = 0: -inf with the limits from inside as its derivatives, log z + log(2/pi) / 2 - z^2 / 6 + O(z^4))
        return _log_cdf_from_lower_end(z, lambda z: _piecewise(
            z, _plain(z) < 0.5, whole, lambda z: _chi_tail(z, 1.0, False, True, log_z), 1.0, 0.25),
            lambda z: log_z(z, 1.0, end=True) + 0.5 * _LOG_2_OVER_PI - z * z / 6.0)

    @staticmethod
    def sf(x, loc=0.0, scale=1.0):
        """``2 ndtr(-z)`` (exact in the right tail), 1 below the support.

        >>> from wengert.scipy.stats import halfnorm
        >>> round(float(halfnorm.sf(1.0)), 6)
        0.317311
        """
        z = _standardized("halfnorm.sf", x, loc, scale)
        return _on_support(_plain(z) >= 0, lambda z: 2.0 * sc.ndtr(-z), z, outside=1.0)

    @staticmethod
    def logsf(x, loc=0.0, scale=1.0):
        """``log(2) + log_ndtr(-z)``: finite far in the right tail (where SciPy's
        ``log(sf)`` is ``-inf``), 0 below the support.

        >>> from wengert.scipy.stats import halfnorm
        >>> round(float(halfnorm.logsf(40.0)), 3)
        -803.915
        """
        z = _standardized("halfnorm.logsf", x, loc, scale)
        return _on_support(_plain(z) >= 0, _halfnorm_logsf, z, outside=0.0)


def _halfnorm_logsf(z):
    """``log(2 ndtr(-z))`` on ``z >= 0``: ``log1p(-erf(z / sqrt(2)))`` where the sf is above 1/2
    (``log(2) + log_ndtr(-z)`` cancels there: at z = 5.9e-13 it was -4.69402e-13, 1.5e-4 off
    mpmath's -4.69333e-13), ``log(2) + log_ndtr(-z)`` beyond (finite far in the tail)."""
    near = _plain(z) < _HALFNORM_MEDIAN
    return np.where(near, np.log1p(-sc.erf(np.where(near, z, 0.0) / _SQRT_2)),
                    _LOG_2 + sc.log_ndtr(-np.where(near, 1.0, z)))


#: the half-normal's median, ndtri(3/4): below it the sf is above 1/2
_HALFNORM_MEDIAN = float(sc.ndtri(0.75))
_exp_of_log(halfnorm, "pdf", "round(float(halfnorm.pdf(0.0)), 6)", "0.797885", inside=1.0)


def _halfnorm_quantile(upper):
    """halfnorm's standard ppf (isf with ``upper``): ``sqrt(2) erfinv(p)`` for the cdf's ``p = q`` (isf: ``1 - q``, exact
    from q = 1/2 on) up to 1/2, beyond it ``-ndtri(r / 2)`` for the sf's ``r = 1 - q`` (exact; isf: ``q``). SciPy's
    ``ndtri((1 + q) / 2)`` rounds q away below 1e-16 (ppf(1e-20) 0 for 1.2533e-20; ppf(1e-9) 8.3e-8 off) and loses
    1 - q near 1 (ppf(1 - 2^-53) inf for 8.2924)."""
    def quantile(q):
        p_small = (_plain(q) > 0.5) if upper else (_plain(q) <= 0.5)  # (the cdf's p = q or 1 - q at most 1/2)

        def through_erfinv(q):
            return _SQRT_2 * sc.erfinv(1.0 - q if upper else q)

        def through_ndtri(q):
            return -sc.ndtri(0.5 * (q if upper else 1.0 - q))
        return _piecewise(q, p_small, through_ndtri, through_erfinv, 0.25 if upper else 0.75, 0.75 if upper else 0.25)
    return quantile


_location_scale(halfnorm, (
    ("ppf", (_halfnorm_quantile(False), 1.0),
     "``loc + scale sqrt(2) erfinv(q)`` (``loc - scale ndtri((1 - q) / 2)`` above 1/2: no ``(1 + q) / 2`` rounded).",
     "round(float(halfnorm.ppf(0.5)), 6)", "0.67449"),
    ("isf", (_halfnorm_quantile(True), 1.0),
     "``loc - scale ndtri(q / 2)`` (``loc + scale sqrt(2) erfinv(1 - q)`` above 1/2).",
     "round(float(halfnorm.isf(0.5)), 6)", "0.67449"),
))


class gennorm:
    """The generalized normal distribution (density proportional to ``exp(-|z|**beta)``), as
    ``scipy.stats.gennorm``: ``logpdf`` and ``pdf``, differentiable in x, beta, loc and scale.

    At ``x = loc`` the gradient in ``beta`` and ``scale`` is that of a constant
    ``|z|**beta = 0`` (0 for every beta > 0) and the derivatives in x and loc are those
    of ``|z|**beta`` with beta held: 0 for ``beta > 1``, the kink convention of ``np.abs``
    for ``beta = 1`` (Laplace); for ``beta < 1`` there is none (a cusp: the one-sided
    derivatives are -inf and +inf), and a call with x or loc traced there raises
    :class:`~wengert.NoGradientRule`.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gennorm
    >>> float(wg.grad_bp(lambda x: gennorm.logpdf(x, 2.0), 0.5))  # -2 z
    -1.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, beta, loc=0.0, scale=1.0):
        """``log(beta / 2) - gammaln(1 / beta) - |z|**beta - log(scale)``.

        >>> from wengert.scipy.stats import gennorm
        >>> round(float(gennorm.logpdf(0.0, 2.0)), 6)  # the normal with variance 1/2
        -0.572365
        """
        if np.any(_plain(beta) <= 0):
            raise ValueError("gennorm: beta must be positive")
        z = _standardized("gennorm.logpdf", x, loc, scale)
        zero = _plain(z) == 0
        power = _gennorm_power(np.abs(np.where(zero, 1.0, z)), beta)
        if np.any(zero) and not (isinstance(x, (Var, Dual)) or isinstance(loc, (Var, Dual))):
            power = np.where(zero, 0.0, power)  # |0 / scale|**beta: 0 for every scale and beta
        elif np.any(zero):
            if np.any(zero & (_plain(beta) < 1)):
                raise NoGradientRule(
                    "wengert.scipy.stats.gennorm.logpdf (pdf) with beta < 1 has no derivative in x "
                    "or loc at x == loc: |z|**beta has a cusp there (its one-sided derivatives are "
                    "-inf and +inf). Evaluate away from x == loc, or pass x and loc as constants "
                    "(wengert.stop_gradient) to differentiate in beta and scale only.")
            power = np.where(zero, np.abs(z) ** _plain(beta), power)
        return np.log(0.5 * beta) - sc.gammaln(1.0 / beta) - power - np.log(scale)


_exp_of_log(gennorm, "pdf", "round(float(gennorm.pdf(0.0, 1.0)), 6)  # Laplace", "0.5", inside=1.0)


#: From this ``|z|**beta`` on gennorm's log tails are their leading terms: its second derivative in beta,
#: ``|z|**beta log|z|^2``, overflows from 3.6e302 (gennorm.logsf(1.3e154, 2)'s was NaN through log Q, the truth -inf)
_GENNORM_POWER_FROM = 1e300


def _gennorm_power(t, beta):
    """``t**beta`` (``t = |z| > 0``): np.power, whose derivative in beta is :func:`~wengert.ops.elementwise.power_log`
    (from t and beta, not the overflowed ``t**beta`` times ``log t``: the Hessian of gennorm.logpdf in (x, beta) at
    x = 1e300, beta = 2 is -t^(beta - 1) (1 + beta log t) = -1.38e303 in d/dx d/dbeta, not -inf)."""
    with np.errstate(over="ignore"):  # (inf in float32: -inf in the log density, the truth's rounding)
        return np.power(t, beta)


class skewnorm:
    """The skew-normal distribution, as ``scipy.stats.skewnorm``: ``logpdf``, ``pdf``,
    ``cdf``, ``sf``, ``logcdf`` and ``logsf``, differentiable in x, a, loc and scale. The cdf's (and sf's) value is a quadrature of
    positive terms that keeps its digits in both tails (SciPy's ``ndtr(z) - 2 owens_t(z, a)`` cancels in the
    tail the skew points away from), its derivatives are closed forms: the density in ``z``, and in ``a``
    ``-2 dT(z, a)/da``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import skewnorm
    >>> round(float(wg.grad_bp(lambda a: skewnorm.logpdf(1.0, a), 0.0)), 6)  # z phi(0) / ndtr(0)
    0.797885

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, a, loc=0.0, scale=1.0):
        """``log(2) - z^2 / 2 - log(2 pi) / 2 + log_ndtr(a z) - log(scale)``.

        >>> from wengert.scipy.stats import skewnorm
        >>> round(float(skewnorm.logpdf(0.0, 5.0)), 6)  # the normal's: norm.logpdf(0)
        -0.918939
        """
        z = _standardized("skewnorm.logpdf", x, loc, scale)
        return _LOG_2 - 0.5 * z * z - 0.5 * _LOG_2PI + sc.log_ndtr(a * z) - np.log(scale)


_exp_of_log(skewnorm, "pdf", "round(float(skewnorm.pdf(0.0, 5.0)), 6)", "0.398942", inside=0.0)


def _skewnorm_density(z, a):
    """``2 phi(z) ndtr(a z)``, the skew-normal density at the standardized ``z``."""
    return 2.0 * np.exp(-0.5 * z * z - 0.5 * _LOG_2PI) * sc.ndtr(a * z)


def _skewnorm_cdf_in_a(z, a):
    """d/da of ``ndtr(z) - 2 T(z, a)``: ``-2 dT/da = -exp(-z^2 (1 + a^2) / 2) / (pi (1 + a^2))``."""
    b = 1.0 + a * a
    return -np.exp(-0.5 * z * z * b) / (np.pi * b)


# skewnorm's cdf by quadrature, without SciPy's cancellation. For z < 0 the cdf is
# (1/pi) int_a^inf exp(-z^2 (1 + x^2) / 2) / (1 + x^2) dx (ndtr(z) - 2 owens_t(z, a) with T(z, inf) = ndtr(z) / 2):
# for a >= 0 exp(-z^2 (1 + a^2) / 2) / pi times the scaled integral I(|z|, a, inf) below (no underflow, no
# cancellation); for a < 0 exp(-z^2 / 2) / pi (pi / 2 erfcx(|z| / sqrt 2) + I(|z|, 0, -a)), two positive terms. For
# z > 0 and a <= 0 the cdf is 1 - cdf(-z, -a) (that is below 1/2); for z > 0 and a > 0 it is the positive sum
# erf(z / sqrt 2) / 2 + atan(1 / a) / pi + (1/pi) int_0^a -expm1(-z^2 (1 + x^2) / 2) / (1 + x^2) dx (ndtr(z) - 2 T(z, a)
# lost every digit below cdf ~ eps at small z and large a). The integrals: tanh-sinh in theta = atan(x), on pieces cut
# where the exponent h^2 (x^2 - a0^2) / 2 is 1e-3, 1 and 50 (the pieces' ends are where it bends; past 50 it is
# e^-50 of the rest), x - a0 from each node's distances to both ends of its piece (no cancellation by pi / 2).
def _tanh_sinh_nodes(step=1.0 / 16.0, reach=3.2):
    t = np.arange(-reach, reach + step / 2, step)
    e = np.pi * np.sinh(t)
    return 1.0 / (1.0 + np.exp(-e)), 1.0 / (1.0 + np.exp(e)), step * 0.25 * np.pi * np.cosh(t) / np.cosh(0.5 * e) ** 2


_TANH_SINH = _tanh_sinh_nodes()  # (fraction of the piece from its start, from its end, weight over the piece's length)
_SKEWNORM_CUTS = (1e-3, 1.0, 50.0)


def _skewnorm_cut(h2, a0, k):
    """``x - a0`` where ``h2 (x^2 - a0^2) / 2 = k`` (inf where ``h2`` is 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        c = (2.0 * k / h2) / (a0 + np.sqrt(a0 * a0 + 2.0 * k / h2))
    return np.where(h2 == 0, np.inf, c)


def _skewnorm_piece(h2, a0, lo, hi, extra, complement, moments=False):
    """``int g(h2 (x^2 - a0^2) / 2 + extra) / (1 + x^2) dx`` over x in ``a0 + [lo, hi]``, ``g`` ``exp(-E)`` or
    (``complement``) ``-expm1(-E)`` (``moments``: on a last axis, that and the integrals with ``g`` times ``x^2 - a0^2``,
    its square, ``x - a0`` and ``2 x / (1 + x^2)``, all positive: :func:`_skewnorm_log_derivatives`)."""
    start, end, weight = _TANH_SINH
    x_lo, x_hi = a0 + lo, a0 + hi
    with np.errstate(invalid="ignore", over="ignore"):
        length = np.where(np.isinf(x_hi), np.arctan2(1.0, x_lo), np.arctan2(hi - lo, 1.0 + x_lo * x_hi))
    length = np.where(hi > lo, length, 0.0)[..., None]
    # x - x_lo = sin(u) / (cos(theta_lo) cos(theta)), cos(theta) = sin(theta_hi's distance to pi / 2 + v)
    u, v = length * start, length * end
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        d = lo[..., None] + np.sin(u) * np.hypot(1.0, x_lo)[..., None] / np.sin(np.arctan2(1.0, x_hi)[..., None] + v)
        e = 0.5 * h2[..., None] * d * (d + 2.0 * a0[..., None]) + extra[..., None]
        g = -np.expm1(-e) if complement else np.exp(-e)
    g = np.where(np.isnan(g), float(complement), g)  # (at an infinite x)
    if moments:
        with np.errstate(invalid="ignore", over="ignore"):
            m, x = d * (d + 2.0 * a0[..., None]), a0[..., None] + d
            g = np.stack([g, m * g, m * m * g, d * g, 2.0 * x / (1.0 + x * x) * g], axis=-2)
        g = np.where(np.isnan(g), 0.0, g)  # (an infinite x: g is 0 faster than the weights grow)
        return length[..., None, 0] * np.sum(g * weight, axis=-1)
    return length[..., 0] * np.sum(g * weight, axis=-1)


def _skewnorm_integral(h, a0, a1, extra=None, complement=False, moments=False):
    """``int_a0^a1 g(h^2 (x^2 - a0^2) / 2 + extra) / (1 + x^2) dx`` (:func:`_skewnorm_piece`), ``0 <= a0 <= a1 <= inf``."""
    h, a0, a1 = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (h, a0, a1)))
    h2, top = h * h, a1 - a0
    extra = np.zeros_like(h) if extra is None else extra
    out, lo = 0.0, np.zeros_like(a0)
    for k in _SKEWNORM_CUTS + ((np.inf,) if complement else ()):  # (-expm1 is 1 past the last cut: to a1)
        hi = top if k == np.inf else np.minimum(_skewnorm_cut(h2, a0, k), top)
        out = out + _skewnorm_piece(h2, a0, lo, hi, extra, complement, moments)
        lo = hi
    return out


def _skewnorm_lower(h, a, log):
    """``cdf(-h, a)`` (``log``: its log) for plain ``h >= 0``: ``exp(-h^2 / 2) exp(-(h a)^2 / 2)`` (the latter
    only for ``a >= 0``) times a sum of positive terms, the squares' roundings added back (Dekker's exact
    products): ``exp`` of their floats is ``eps h^2`` relative off (1.1e-13 at cdf ~ 1e-217)."""
    right = a >= 0
    c = h * np.where(right, a, 0.0)
    scaled = _skewnorm_integral(h, np.where(right, a, 0.0), np.where(right, np.inf, -a))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        terms = np.where(right, scaled, 0.5 * np.pi * sc.erfcx(h / _SQRT_2) + scaled) / np.pi
        square, c_square = h * h, c * c
        if log:
            return np.log(terms) - 0.5 * square - 0.5 * c_square
        excess = (_product_excess(h, h, square) + _product_excess(c, c, c_square)
                  + 2.0 * c * _product_excess(h, np.where(right, a, 0.0), c))
        return np.exp(-0.5 * square) * np.exp(-0.5 * c_square) * (1.0 - 0.5 * np.where(np.isfinite(excess), excess, 0.0)) * terms


def _skewnorm_cdf_plain(z, a):
    """skewnorm's standard cdf at plain ``z``, ``a`` (float64; NaN where ``a`` is not finite, as SciPy)."""
    z, a = np.broadcast_arrays(np.asarray(z, dtype=float), np.asarray(a, dtype=float))
    bad, end = ~np.isfinite(a) | np.isnan(z), np.isinf(z)
    end_value = (z > 0).astype(float)
    z, a = np.where(bad | end, 0.0, z), np.where(bad, 0.0, a)
    lower = z <= 0
    h = np.abs(z)
    lower_value = _skewnorm_lower(h, np.where(lower, a, -a), log=False)
    above = z > 0
    b = np.where(above, np.maximum(a, 0.0), 0.0)
    hh = np.where(above & (a > 0), h, 0.0)  # (the positive sum's terms only where it is used)
    with np.errstate(invalid="ignore"):
        positive = (0.5 * sc.erf(hh / _SQRT_2) + np.arctan2(1.0, b) / np.pi
                    + _skewnorm_integral(hh, np.zeros_like(b), b, 0.5 * hh * hh, True) / np.pi)
    out = np.where(lower | (a <= 0), np.where(lower, lower_value, 1.0 - lower_value), positive)
    return np.where(bad, np.nan, np.where(end, end_value, out))[()]


def _skewnorm_log_derivatives(z, a, derivatives=True):
    """``log cdf`` at plain ``z``, ``a`` and its first and second derivatives, ``(L, (L_z, L_a), (L_zz, L_za, L_aa))``.
    Where ``z <= -1`` or ``a z <= -1`` (the cdf may underflow) from the moments of the scaled integrals
    (:func:`_skewnorm_piece`), every term positive or of one sign but a variance's: for ``a >= 0`` (``h = -z``, ``S, J,
    K, Y, Q`` the integrals over ``[a, inf)``) ``L_z = h (1 + a^2 + J / S)``, ``L_a = -1 / ((1 + a^2) S)``, ``L_zz = -(1 +
    a^2) - J / S + h^2 (K S - J^2) / S^2``, ``L_za = h J / ((1 + a^2) S^2)``, ``L_aa = 2 a / ((1 + a^2)^2 S) - (h^2 Y + Q)
    / ((1 + a^2) S^2)``; for ``a < 0`` (``W, N2, N4`` over ``[0, inf)`` and ``[0, -a]``, ``W`` the cdf times ``pi
    exp(h^2 / 2)``) ``L_z = h (1 + N2 / W)``, ``L_a = -exp(-(h a)^2 / 2) / ((1 + a^2) W)``, ``L_zz = -1 - N2 / W + h^2 (N4
    W - N2^2) / W^2``, ``L_za = h exp(-(h a)^2 / 2) (N2 - a^2 W) / ((1 + a^2) W^2)``, ``L_aa = L_a (-h^2 a - 2 a / (1 +
    a^2) - L_a)``.
    Elsewhere the cdf is not small: the ratios of its closed-form derivatives to it."""
    z, a = np.broadcast_arrays(np.asarray(z, dtype=float), np.asarray(a, dtype=float))
    value = _skewnorm_cdf_plain(z, a)
    h, b = -z, 1.0 + a * a
    c = h * a
    far = (h >= 1.0) | ((h > 0) & (c >= 1.0))
    with np.errstate(all="ignore"):
        # (log1p(-sf) where the sf is below 1/2: log of the cdf near 1 was eps / sf relative off)
        upper = _skewnorm_cdf_plain(-z, -a)
        log_value = np.where(upper < 0.5, np.log1p(-upper),
                             np.where(z <= 0, _skewnorm_lower(np.maximum(h, 0.0), a, log=True), np.log(value)))
    if not derivatives:
        return log_value, None, None
    with np.errstate(all="ignore"):
        # (near: the closed forms over the cdf)
        both = 2.0 * np.exp(-0.5 * z * z * b - _LOG_2PI)
        f_z = 2.0 * np.exp(-0.5 * z * z - 0.5 * _LOG_2PI) * sc.ndtr(a * z)
        f_a = -np.exp(-0.5 * z * z * b) / (np.pi * b)
        near = [f_z / value, f_a / value]
        near2 = [(-z * f_z + a * both) / value - near[0] ** 2, z * both / value - near[0] * near[1],
                 -f_a * a * (z * z + 2.0 / b) / value - near[1] ** 2]
        # (far, a >= 0)
        hf = np.where(far, h, 1.0)
        s_, j_, k_, y_, q_ = np.moveaxis(_skewnorm_integral(hf, np.maximum(a, 0.0), np.inf, moments=True), -1, 0)
        right = [hf * (b + j_ / s_), -1.0 / (b * s_)]
        right2 = [-b - j_ / s_ + hf * hf * (k_ * s_ - j_ * j_) / (s_ * s_), hf * j_ / (b * s_ * s_),
                  2.0 * a / (b * b * s_) - (hf * hf * y_ + q_) / (b * s_ * s_)]
        # (far, a < 0)
        zero = np.zeros_like(a)
        w_, n2, n4 = np.moveaxis(_skewnorm_integral(hf, zero, np.inf, moments=True)
                                 + _skewnorm_integral(hf, zero, np.maximum(-a, 0.0), moments=True), -1, 0)[:3]
        l_a = -np.exp(-0.5 * c * c) / (b * w_)
        left = [hf * (1.0 + n2 / w_), l_a]
        left2 = [-1.0 - n2 / w_ + hf * hf * (n4 * w_ - n2 * n2) / (w_ * w_),
                 hf * np.exp(-0.5 * c * c) / b * (n2 - a * a * w_) / (w_ * w_),
                 l_a * (-hf * hf * a - 2.0 * a / b - l_a)]
    pick = [np.where(far, np.where(a >= 0, r, l), n) for r, l, n in ((right[i], left[i], near[i]) for i in range(2))]
    pick2 = [np.where(far, np.where(a >= 0, r, l), n) for r, l, n in ((right2[i], left2[i], near2[i]) for i in range(3))]
    return log_value, pick, pick2


def _skewnorm_tail(name, sign, formula, example, value):
    """Add ``skewnorm.<name>`` (``cdf``: ``sign`` 1, ``sf``: -1, the cdf at ``(-z, -a)``): :func:`_skewnorm_cdf_plain`
    at the standardized z, derivatives ``sign`` times the cdf's closed forms."""
    def standard(z, a):
        # (wengert's distributions keep float32)
        return _rounded_to(_skewnorm_cdf_plain(sign * np.asarray(z), sign * np.asarray(a)), z, a)
    standard.__name__ = standard.__qualname__ = f"_skewnorm_standard_{name}"
    prim = OwnPrimitive(standard, name=f"wengert.scipy.stats.skewnorm.{name}", reenters="any")
    defvjp(prim,
           lambda ans, z, a: lambda g: unbroadcast(g * (sign * _skewnorm_density(z, a)), np.shape(_plain(z))),
           lambda ans, z, a: lambda g: unbroadcast(g * (sign * _skewnorm_cdf_in_a(z, a)), np.shape(_plain(a))))

    def method(x, a, loc=0.0, scale=1.0):
        return prim(_standardized(f"skewnorm.{name}", x, loc, scale), a)
    method.__doc__ = _doc(skewnorm, formula, example, value)
    _method(skewnorm, name)(method)


def _kept_last(compute):
    """``compute`` of plain float arrays, its last point's result kept (a primitive's partials are asked for one at a
    time, each from the same computation; one assignment: another thread sees the old pair or the new)."""
    last = [(None, None)]

    def kept(*args):
        arrays = [np.asarray(v, dtype=float) for v in args]
        key = tuple((v.shape, v.tobytes()) for v in arrays)
        held, out = last[0]
        if held != key:
            out = compute(*arrays)
            last[0] = (key, out)
        return out
    return kept


def _skewnorm_log_cdf_primitive():
    """skewnorm's standard log cdf as a primitive of (z, a) whose partials are primitives, whose own partials are the
    plain second derivatives (:func:`_skewnorm_log_derivatives`; a third derivative refuses)."""
    label = "wengert.scipy.stats.skewnorm.logcdf"
    names = ("z", "a")

    kept = _kept_last(_skewnorm_log_derivatives)

    def plain(z, a, order, k):
        if order == 0:
            return _rounded_to(_skewnorm_log_derivatives(z, a, False)[0][()], z, a)
        return _rounded_to(kept(z, a)[order][k][()], z, a)

    def second(i, j):
        return OwnPrimitive(lambda z, a: plain(z, a, 2, i + j), name=f"{label} (d2/d{names[i]} d{names[j]})",
                            reenters="any")
    first = []
    for i in range(2):
        slope = OwnPrimitive(lambda z, a, i=i: plain(z, a, 1, i), name=f"{label} (d/d{names[i]})", reenters="any")
        _def_partials(slope, *(second(i, j) for j in range(2)))
        first.append(slope)
    log_cdf = OwnPrimitive(lambda z, a: plain(z, a, 0, 0), name=label, reenters="any")
    _def_partials(log_cdf, *first)
    return log_cdf


_SKEWNORM_LOG_CDF = _skewnorm_log_cdf_primitive()


def _skewnorm_log_tail(name, sign, formula, example, value):
    """Add ``skewnorm.<name>`` (``logcdf``: ``sign`` 1, ``logsf``: -1, the log cdf at ``(-z, -a)``)."""
    def method(x, a, loc=0.0, scale=1.0):
        z = _standardized(f"skewnorm.{name}", x, loc, scale)
        return _SKEWNORM_LOG_CDF(z, a) if sign > 0 else _SKEWNORM_LOG_CDF(-z, -a)
    method.__doc__ = _doc(skewnorm, formula, example, value)
    _method(skewnorm, name)(method)


def _skewnorm_delta(a):
    """``delta = a / sqrt(1 + a^2)`` (skewnorm's moments), above ``|a| = 1`` as ``sign(a) / sqrt(1 + (1 / a)^2)``:
    there a^2 overflowed from 1.3e154 (SciPy's mean 0 at a = 1e200 for sqrt(2 / pi)), and the derivative through the
    quotient, ``1 / h - a^2 / h^3``, was two terms of ``1 / a`` cancelling to ``1 / a^3`` (every digit lost by a = 1e8)."""
    def near(a):
        return a / np.sqrt(1.0 + a * a)

    def far(a):
        r = 1.0 / a
        return np.sign(_plain(a)) / np.sqrt(1.0 + r * r)
    return _piecewise(a, np.abs(np.asarray(_plain(a), dtype=float)) > 1.0, near, far, 0.5, 2.0)


def _skewnorm_check(name, a):
    if not np.all(np.isfinite(_plain(a))):
        raise ValueError(f"{name}: a must be finite (SciPy gives NaN)")
# -- gennorm's tails, quantiles and entropy; poisson.entropy ------------------------------



def _gennorm_density(z, beta):
    """``beta / (2 gamma(1 / beta)) exp(-|z|**beta)``, the standard density (``beta`` plain).
    At ``z = 0`` with ``beta <= 1``, ``|z|**beta`` is the constant 0 (its derivative there is
    infinite or jumps: the callers refuse to differentiate it there, see ``at_kink``). From ``|z|**beta = 1e300`` on
    (:data:`_GENNORM_POWER_FROM`), 0 with derivatives 0 (a Python float's power raised OverflowError: the jvp of the gradient of
    gennorm.cdf(x, 2) from x = 1.4e154 on; through the power, ``beta |z|^(beta - 1)`` times 0, NaN where it
    overflows too)."""
    cusp = (z == 0) & (beta <= 1)  # plain values
    with np.errstate(over="ignore"):  # (from 1e300 on: its derivatives in beta overflowed to inf * 0 = NaN)
        vanishing = np.asarray(np.abs(_plain(z)) ** _plain(beta), dtype=float) > _GENNORM_POWER_FROM
    z = np.where(vanishing, 1.0, z) if np.any(vanishing) else z
    power = np.power(np.abs(np.where(cusp, 1.0, z)), beta)
    density = np.exp(np.log(0.5 * beta) - sc.gammaln(1.0 / beta) - np.where(cusp, 0.0, power))
    return np.where(vanishing, 0.0, density) if np.any(vanishing) else density


def _gennorm_kink(name, gradient, where):
    return (f"wengert.scipy.stats.gennorm.{name}", f"{gradient}, whose own derivative there is infinite "
            "(beta < 1, or the quantile at its ends) or jumps (beta = 1: Laplace)", f"Evaluate away from {where}.")


def _gennorm_standard_cdf(z, beta):
    """SciPy's ``gennorm._cdf``: ``1/2 + sign(z)/2 gammainc(1/beta, |z|**beta)``, written with
    ``gammaincc`` (no cancellation in the tails)."""
    c = 0.5 * np.sign(z)
    with np.errstate(over="ignore"):  # (|z|**beta = inf far out: gammaincc 0, the truth's rounding)
        return (0.5 + c) - c * sc.gammaincc(1.0 / beta, np.power(np.abs(z), beta))


def _gennorm_standard_ppf(q, beta):
    """SciPy's ``gennorm._ppf``: ``sign(q - 1/2) gammainccinv(1/beta, 1 - |2q - 1|)**(1/beta)``."""
    c = np.sign(q - 0.5)
    with np.errstate(divide="ignore"):
        return c * sc.gammainccinv(1.0 / beta, (1.0 + c) - 2.0 * c * q) ** (1.0 / beta)


def _vjp_gennorm_cdf(ans, z, beta):
    # the density, not the chain rule through gammaincc(1/beta, |z|**beta): that is
    # density(|z|**beta) * beta |z|**(beta - 1), 0 * inf at z = 0 (and inf * 0 where |z|**beta
    # underflows)
    shape = np.shape(_plain(z))
    return lambda g: unbroadcast(at_kink(g * _gennorm_density(z, beta), z, lambda: (z == 0) & (beta <= 1),
                                         _gennorm_kink("cdf", "the density at x == loc", "x == loc")), shape)


def _vjp_gennorm_ppf(ans, q, beta):
    # 1 / density(ppf(q)), the inverse function's derivative: finite at q = 1/2 (ans = 0), where
    # the chain rule through gammainccinv(...)**(1/beta) is 0 * inf; inf at q = 0 and 1
    shape = np.shape(_plain(q))

    def pullback(g):
        infinite = np.isinf(ans)  # (q = 0 or 1: the density 0 there, its derivative refused below)
        if np.any(infinite):
            with np.errstate(invalid="ignore"):
                d = np.where(infinite, np.inf * g, g / _gennorm_density(np.where(infinite, 0.0, ans), beta))
        else:
            d = g / _gennorm_density(ans, beta)
        return unbroadcast(at_kink(d, q, lambda: ((ans == 0) & (beta <= 1)) | np.isinf(ans),
                                   _gennorm_kink("ppf", "1 / density(ppf(q)) at q == 1/2 (or q = 0, 1)",
                                                 "q == 1/2 (and the ends q = 0 and 1)")), shape)
    return pullback


# -- in beta: with a = 1/beta, x = |z|**beta, c = sign(z) / 2, the cdf is
# (1/2 + c) - c Q(a, x), so dF/dbeta = -c (dP/da(a, x) / beta^2 - x^a e^-x log|z| / gamma(a)) (Q_a =
# -P_a, Q_x = -x^(a-1) e^-x / gamma(a), dx/dbeta = x log|z|, and x^a = |z|). The quantile is
# c X**(1/beta) with X = gammainccinv(a, p): dppf/dbeta = -(ppf / beta^2) (beta log|ppf| + X_a / (beta
# X)), X = |ppf|**beta, X_a = dX/da (gammaincinv_da). Both are 0 where z (the quantile) is 0, for
# every beta; their derivatives in z (q) there are not (the density's derivative in beta), so a
# second derivative through that point is refused. The second derivative in beta takes gammainc's
# d^2/da^2; the third is refused by name.

def _vjp_gennorm_cdf_beta(ans, z, beta):
    shape = np.shape(_plain(beta))

    def pullback(g):
        zero = _plain(z) == 0
        # (0, with derivatives 0, from |z|**beta = 1e300 on, as the density: where it overflowed gammainc_da's
        # derivative in x was NaN, and the hessian of gennorm.cdf in (x, beta) at x = 1e300, beta = 2 [[0, 0], [nan, nan]])
        with np.errstate(over="ignore"):
            vanishing = np.asarray(np.abs(_plain(z)) ** _plain(beta), dtype=float) > _GENNORM_POWER_FROM
        zs = np.where(zero | vanishing, 1.0, z)
        a, log_z = 1.0 / beta, np.log(np.abs(zs))
        d = -0.5 * np.sign(zs) * (gammainc_da(a, np.abs(zs) ** beta) * a * a
                                  - np.exp(log_z - np.abs(zs) ** beta - sc.gammaln(a)) * log_z)
        d = np.where(zero | vanishing, 0.0, d) if np.any(zero | vanishing) else d
        return unbroadcast(at_kink(g * d, z, lambda: _plain(z) == 0, _gennorm_kink(
            "cdf", "the derivative in beta at x == loc (0 for every beta)", "x == loc")), shape)
    return pullback


def _vjp_gennorm_ppf_beta(ans, q, beta):
    shape = np.shape(_plain(beta))

    def pullback(g):
        end = (_plain(ans) == 0) | np.isinf(_plain(ans))
        s = np.where(end, 1.0, ans)
        x = np.abs(s) ** beta
        d = -(s / (beta * beta)) * (beta * np.log(np.abs(s)) + gammaincinv_da(1.0 / beta, x) / (beta * x))
        if np.any(end):  # 0 at q = 1/2 for every beta; at q = 0, 1 the limit -sign(ppf) inf
            with np.errstate(invalid="ignore"):
                d = np.where(end, -_plain(ans), d)
        return unbroadcast(at_kink(g * d, q, lambda: end, _gennorm_kink(
            "ppf", "the derivative in beta at q == 1/2 (0 for every beta) or at q = 0, 1",
            "q == 1/2 and the ends q = 0 and 1")), shape)
    return pullback


_GENNORM_CDF = OwnPrimitive(_gennorm_standard_cdf, name="wengert.scipy.stats.gennorm.cdf", reenters="any")
_GENNORM_PPF = OwnPrimitive(_gennorm_standard_ppf, name="wengert.scipy.stats.gennorm.ppf", reenters="any")
defvjp(_GENNORM_CDF, _vjp_gennorm_cdf, _vjp_gennorm_cdf_beta)
defvjp(_GENNORM_PPF, _vjp_gennorm_ppf, _vjp_gennorm_ppf_beta)


#: Below this ``|z|^beta`` (z != 0) gennorm's cdf is P's series (:func:`_gennorm_cdf`), 13 terms (the next below 1e-22)
_GENNORM_SERIES_T = 0.1


def _gennorm_cdf(z, beta):
    """The standard cdf (:data:`_GENNORM_CDF`); where ``0 < |z|^beta < _GENNORM_SERIES_T``, P's series ``1/2 + sign(z)
    sum_k (-1)^k |z|^(1 + k beta) / (2 gamma(1/beta) k! (1/beta + k))`` (``t^a = |z|``, each term one power of |z|):
    through gammainc its derivative in beta, gammainc_da at an underflowed ``|z|^beta``, had an infinite derivative in
    z (gennorm.cdf(1e-200, 2)'s d2/dx dbeta inf, the truth 0.0051468). The value SciPy's, bit for bit."""
    pz, pb = np.asarray(_plain(z), dtype=float), np.asarray(_plain(beta), dtype=float)
    with np.errstate(over="ignore", under="ignore"):
        near = np.broadcast_to((pz != 0) & (np.abs(pz) ** pb < _GENNORM_SERIES_T), np.broadcast_shapes(pz.shape,
                                                                                                      pb.shape))
    if not np.any(near):
        return _GENNORM_CDF(z, beta)

    def series(z, beta):
        size, a = np.abs(z), 1.0 / beta
        total = sum((-1.0) ** k / math.factorial(k) * np.power(size, 1.0 + k * beta) / (a + k) for k in range(13))
        out = 0.5 + np.sign(_plain(z)) * 0.5 * total / sc.gamma(a)
        # (the value SciPy's, bit for bit: the series' rounding apart as a constant)
        return out + (_gennorm_standard_cdf(_plain(z), _plain(beta)) - _plain(out))
    return _two_forms(near, _GENNORM_CDF, series, (z, beta), (1.0, 2.0), (1e-3, 2.0))


def _gennorm_beta(name, beta):
    """``beta``, checked positive (a traced one too)."""
    if np.any(_plain(beta) <= 0):
        raise ValueError("gennorm: beta must be positive")
    return beta


def _gennorm_tail(name, upper, log, formula, example, value):
    """Add ``gennorm.<name>``: the cdf (``upper``: the sf, the cdf at ``-z``), or (``log``) its
    logarithm (``log1p`` of the other tail where the tail is above 1/2)."""
    def method(x, beta, loc=0.0, scale=1.0):
        beta = _gennorm_beta(f"gennorm.{name}", beta)
        z = _standardized(f"gennorm.{name}", x, loc, scale)
        lower, higher = (lambda z: _gennorm_cdf(z, beta)), (lambda z: _gennorm_cdf(-z, beta))
        # below the median the cdf is Q(1/beta, |z|**beta) / 2: finite in log space far out
        # (it was -inf with a NaN gradient and a warning from |z|**beta ~ 700 on)
        fn = higher if upper else lower
        return (_tail(higher, lower, log, lambda z: _gennorm_log_tail(fn, z, beta, upper)) if upper
                else _tail(lower, higher, log, lambda z: _gennorm_log_tail(fn, z, beta, upper)))(z)
    method.__doc__ = _doc(gennorm, formula + "; in x, beta, loc and scale (the third derivative in beta "
                          "refused).", example, value)
    _method(gennorm, name)(method)


_gennorm_tail("cdf", False, False, "SciPy's ``(1/2 + c) - c gammaincc(1/beta, |z|**beta)``, ``c = sign(z) / 2``, "
              "whose derivative in ``z`` is the density (finite at z = 0)", "float(gennorm.cdf(0.0, 1.5))", "0.5")
_gennorm_tail("sf", True, False, "``gennorm.cdf(-z)``", "round(float(gennorm.sf(1.0, 1.0)), 6)  # Laplace", "0.18394")
_gennorm_tail("logcdf", False, True, "``log(gennorm.cdf)`` (``log1p(-sf)`` above the median)",
              "round(float(gennorm.logcdf(0.0, 2.0)), 6)", "-0.693147")
_gennorm_tail("logsf", True, True, "``log(gennorm.sf)`` (``log1p(-cdf)`` below the median)",
              "round(float(gennorm.logsf(0.0, 2.0)), 6)", "-0.693147")


def _gennorm_log_tail(fn, z, beta, upper):
    """``log(fn(z))``, ``fn`` the cdf (``upper``: the sf) of the standard gennorm, finite far in
    its tail: there it is ``log(Q(1/beta, |z|**beta) / 2)`` (``_log_gammaincc``), where
    ``log(fn)`` was -inf with a NaN gradient and a warning (from ``|z|**beta`` ~ 700 on:
    z = -10 for beta = 4). From ``|z|**beta = 1e300`` on (:data:`_GENNORM_POWER_FROM`), its leading terms ``log(1/2) - |z|**beta + (a - 1) beta
    log|z| - gammaln(a)`` (``a = 1/beta``; the rest, about ``1 / |z|**beta``, below the smallest float): -inf, with
    their derivatives (through log(fn) the gradient of gennorm.logsf(x, 2) at x = 1e160 was 0.0, the truth -2e160,
    its other paths NaN; before, a Python float's power raised OverflowError). ``beta`` is plain."""
    zp, a = _plain(z), 1.0 / _plain(beta).astype(float)
    with np.errstate(over="ignore"):
        x = np.abs(zp) ** _plain(beta)
    side = (zp > 0) if upper else (zp < 0)
    over = side & (np.asarray(x, dtype=float) > _GENNORM_POWER_FROM) & np.isfinite(zp)
    if np.any(over):
        def leading(z):
            return (np.log(0.5) - _gennorm_power(np.abs(z), beta) + (a - 1.0) * _plain(beta) * np.log(np.abs(z))
                    - sc.gammaln(a))
        return _piecewise(z, over, lambda z: _gennorm_log_tail(fn, z, beta, upper), leading, 0.0,
                          1e300 if upper else -1e300)
    far = side & (x > _FAR_GAMMA) & (x > a + 1.0) & (x < np.inf)
    with np.errstate(divide="ignore"):
        if not np.any(far):
            return np.log(fn(z))
        # a point far in the tail for the entries that are not, one inside for those that are
        far_point = (1.0 if upper else -1.0) * (2.0 * _FAR_GAMMA + a + 1.0) ** (1.0 / _plain(beta))
        near = np.log(fn(np.where(far, -far_point / np.abs(far_point), z)))
        return np.where(far, np.log(0.5) + _LOG_Q_FAR(1.0 / beta, np.abs(np.where(far, z, far_point)) ** beta), near)


def _gennorm_quantile(name, q, beta, loc, scale, upper):
    beta = _gennorm_beta(name, beta)
    return _located(name, q, loc, scale, lambda q, beta: _GENNORM_PPF(q, beta), sign=-1.0 if upper else 1.0,
                    shapes=(beta,))


_quantiles(gennorm, "beta", _gennorm_quantile, (
    ("SciPy's ``loc + scale sign(q - 1/2) gammainccinv(1/beta, 1 - |2q - 1|)**(1/beta)``; its derivative in q "
     "is 1 / density (finite at q = 1/2); in q, beta, loc and scale (the third derivative in beta refused).",
     "round(float(gennorm.ppf(0.75, 1.0)), 6)  # Laplace: log 2", "0.693147"),
    ("``loc - scale ppf(q)`` (the standard distribution is symmetric).",
     "round(float(gennorm.isf(0.25, 1.0)), 6)", "0.693147")))


@_method(gennorm, "entropy")
def _gennorm_entropy(beta, loc=0.0, scale=1.0):
    """``1/beta - log(beta / 2) + gammaln(1/beta) + log(scale)``, in beta and scale.

    >>> from wengert.scipy.stats import gennorm
    >>> round(float(gennorm.entropy(1.0)), 6)  # Laplace: 1 + log 2
    1.693147
    """
    if np.any(_plain(beta) <= 0):
        raise ValueError("gennorm: beta must be positive")
    return _located_entropy("gennorm.entropy", lambda b: 1.0 / b - np.log(0.5 * b) + sc.gammaln(1.0 / b),
                            (beta,), loc, scale)


# -- truncnorm's quantiles ----------------------------------------------------------------------------


def _truncnorm_quantile_plain(upper):
    """The plain standard ppf (``upper``: isf) of truncnorm on [a, b]: from the smaller of the two tails at the root,
    each a sum of positive terms in log space, ``log ndtr(z) = logaddexp(log_ndtr(a), log(p) + log Z)`` (``p`` the
    lower tail's target, ``Z = ndtr(b) - ndtr(a)``, :func:`_log_gauss_mass`) and ``log ndtr(-z) = logaddexp(log_ndtr(-b),
    log(1 - p) + log Z)``, each inverted by ndtri_exp: exact in far truncations (a = 30, b = 31), where ``ndtri(ndtr(a)
    + q Z)`` is ndtri(1). a and b at q = 0 and 1 (b and a for the isf)."""
    def plain(q, a, b):
        q, a, b = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (q, a, b)))
        with np.errstate(divide="ignore", invalid="ignore"):
            log_mass = _log_gauss_mass(a, b)
            log_p, log_s = (np.log1p(-q), np.log(q)) if upper else (np.log(q), np.log1p(-q))
            low = np.logaddexp(sc.log_ndtr(a), log_p + log_mass)
            high = np.logaddexp(sc.log_ndtr(-b), log_s + log_mass)
            lower = low <= -_LOG_2
            z = np.where(lower, ndtri_exp(np.minimum(low, 0.0)), -ndtri_exp(np.minimum(high, 0.0)))
            # in a narrow interval two Newton steps on the smaller tail's mass ratio, its series (ndtri near 1/2 is exact
            # to 1e-16 absolute: z = 4e-9 in (-1e-8, 1e-8) was 3e-8 relative off)
            narrow = (b - a) * (1.0 + np.maximum(np.abs(a), np.abs(b))) < _NARROW_GAUSS
            for _ in range(2 if np.any(narrow) else 0):
                z = np.clip(z, a, b)
                tail = np.where(lower, _log_gauss_mass(a, np.maximum(z, a)), _log_gauss_mass(np.minimum(z, b), b))
                residual = np.exp(tail - log_mass) - np.exp(np.where(lower, log_p, log_s))
                step = np.where(lower, -1.0, 1.0) * residual * np.exp(log_mass + 0.5 * z * z + 0.5 * _LOG_2PI)
                z = np.where(narrow, z + step, z)
            z = np.clip(z, a, b)  # (the root's rounding at an end)
            return np.where(np.exp(log_p) == 0.0, a, np.where(np.exp(log_s) == 0.0, b, z))[()]
    return plain


def _truncnorm_hazard_excess(t):
    """``h(t) - t``, ``h = phi / ndtr(-t)`` (the upper tail's hazard; plain): from t = 2.5 its continued fraction ``1 /
    (t + 2 / (t + 3 / (t + ...)))`` (80 terms: to 1e-16), through which the difference's rounding, ``t eps``, is gone
    (1.5e-13 relative off at t = 30, 2.4e-10 at 1e3); below, the difference."""
    t = np.asarray(t, dtype=float)
    with np.errstate(all="ignore"):
        f = np.maximum(t, 2.5)
        tail = f
        for k in range(80, 1, -1):
            tail = f + k / tail
        return np.where(t >= 2.5, 1.0 / tail, _truncnorm_hazard(t) - t)


def _truncnorm_hazard(t):
    with np.errstate(all="ignore"):
        return math.sqrt(2.0 / math.pi) / sc.erfcx(np.asarray(t, dtype=float) / math.sqrt(2.0))


def _truncnorm_upper_side(w0, w1, a, b):
    """The plain standard quantile z of ``ndtr(-z) = w0 ndtr(-a) + w1 ndtr(-b)`` (``w0 = 1 - p``, ``w1 = p``; its upper
    tail the smaller) and its derivatives in (p, a, b) to second order, in hazards (h the upper tail's, ``m = h - t``):
    ``D = ndtr(-z) / ndtr(-a) = w0 + w1 r``, ``r = ndtr(-b) / ndtr(-a)``; ``z_p = (1 - r) / (h(z) D)``, ``z_a = w0 h(a) / (h(z)
    D)``, ``z_b = w1 r h(b) / (h(z) D)`` (every factor of size 1 with its own digits: through ``exp((z^2 - a^2) / 2)``
    z's rounding, eps z, was eps z^2 of them); ``z_pp = z z_p^2``, ``z_pa = -z_p (r h(a) / (1 - r) + m(z) z_a + w1 r h(a)
    / D)`` (terms of one sign: through ``z z_p z_a - phi(a) / phi(z)`` they cancelled at [30, 31]), ``z_pb = z_p (r h(b)
    / (1 - r) - m(z) z_b + w1 r h(b) / D)``, ``z_aa = z_a (m(a) - m(z) z_a - w1 r h(a) / D)``, ``z_ab = z z_a z_b``, ``z_bb
    = z_b (z z_b - b)`` (d log of each: D_a = w1 r h(a), D_b = -w1 r h(b))."""
    with np.errstate(all="ignore"):
        finite_a, finite_b = np.isfinite(a), np.isfinite(b)
        log_mass = _log_gauss_mass(a, b)
        positive = a > 1.0
        af, bf = np.where(positive, a, 2.0), np.where(positive & finite_b, b, 3.0)
        log_r = np.where(positive, np.log(_truncnorm_hazard(af)) - np.log(_truncnorm_hazard(bf))
                         - 0.5 * (bf - af) * (bf + af), sc.log_ndtr(-b) - sc.log_ndtr(-a))
        log_r = np.where(finite_b, log_r, -np.inf)
        r = np.exp(log_r)
        narrow = positive & finite_b & ((b - a) * (1.0 + b) < _NARROW_GAUSS)
        w, m = np.where(narrow, b - a, 1e-3), np.where(narrow, 0.5 * a + 0.5 * b, 2.0)
        one_minus_r = np.where(
            narrow, w * _truncnorm_hazard(af) * np.exp(-0.5 * (m - af) * (m + af)) * (1.0 + _gauss_narrow_rest(0.5 * w, m)),
            np.where(positive, -np.expm1(log_r), np.exp(log_mass - sc.log_ndtr(-a))))
        d = np.where(r > 0.5, 1.0 - w1 * one_minus_r, w0 + w1 * r)
        z = -ndtri_exp(np.log(d) + sc.log_ndtr(-a))
        h_z, m_z = _truncnorm_hazard(z), _truncnorm_hazard_excess(z)
        h_a = np.where(finite_a, _truncnorm_hazard(np.where(finite_a, a, 0.0)), 0.0)
        h_b_r = np.where(finite_b, r * _truncnorm_hazard(np.where(finite_b, b, 0.0)), 0.0)
        m_a = np.where(finite_a, _truncnorm_hazard_excess(np.where(finite_a, a, 0.0)), 0.0)
        z_p = one_minus_r / (h_z * d)
        z_a, z_b = w0 * h_a / (h_z * d), w1 * h_b_r / (h_z * d)
        second = {(0, 0): z * z_p * z_p,
                  (0, 1): -z_p * (r * h_a / one_minus_r + m_z * z_a + w1 * r * h_a / d),
                  (0, 2): z_p * (h_b_r / one_minus_r - m_z * z_b + w1 * h_b_r / d),
                  (1, 1): z_a * (m_a - m_z * z_a - w1 * r * h_a / d),
                  (1, 2): z * z_a * z_b,
                  (2, 2): np.where(finite_b, z_b * (z * z_b - np.where(finite_b, b, 0.0)), 0.0)}
    return z, (z_p, z_a, z_b), second


def _truncnorm_densities(w0, w1, a, b, z):
    """As :func:`_truncnorm_upper_side`, in densities at the root z (plain; where |z| <= 1: the hazards' terms of size 1
    cancelled to z there, d2/da db in (-1e-8, 1e-8) 8.8e-7 relative off): ``z_p = Z / phi(z)``, ``phi_a = exp((z - a)(z +
    a) / 2)``, ``z_a = w0 phi_a``, ``z_b = w1 phi_b``, ``z_pp = z z_p^2``, ``z_pa = z z_p z_a - phi_a``, ``z_pb = z z_p z_b
    + phi_b``, ``z_aa = z_a (z z_a - a)``, ``z_ab = z z_a z_b``, ``z_bb = z_b (z z_b - b)`` (an infinite end's 0)."""
    with np.errstate(all="ignore"):
        finite_a, finite_b = np.isfinite(a), np.isfinite(b)
        af, bf = np.where(finite_a, a, 0.0), np.where(finite_b, b, 0.0)
        phi_a = np.where(finite_a, np.exp(0.5 * (z - af) * (z + af)), 0.0)
        phi_b = np.where(finite_b, np.exp(0.5 * (z - bf) * (z + bf)), 0.0)
        z_p = np.exp(_log_gauss_mass(a, b) + 0.5 * z * z + 0.5 * _LOG_2PI)
        z_a, z_b = w0 * phi_a, w1 * phi_b
        second = {(0, 0): z * z_p * z_p, (0, 1): z * z_p * z_a - phi_a, (0, 2): z * z_p * z_b + phi_b,
                  (1, 1): z_a * (z * z_a - af), (1, 2): z * z_a * z_b, (2, 2): z_b * (z * z_b - bf)}
    return (z_p, z_a, z_b), second


def _truncnorm_quantile_derivatives(q, a, b, upper):
    """truncnorm's plain standard quantile's derivatives in (q, a, b): the first ``(z_q, z_a, z_b)`` and the second
    ``{(i, j): ...}`` (i <= j), from the side of the smaller tail (the lower side as the upper side of -z on [-b, -a],
    ``z(p; a, b) = -t(1 - p; -b, -a)``: each first derivative t's with a and b swapped, each second minus t's),
    :func:`_truncnorm_densities` where |z| <= 1."""
    q, a, b = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (q, a, b)))
    z = _TRUNCNORM_QUANTILE_VALUES[upper](q, a, b)
    w0, w1 = (q, 1.0 - q) if upper else (1.0 - q, q)  # (1 - p and p)
    with np.errstate(all="ignore"):
        lower = np.logaddexp(sc.log_ndtr(a), np.log(w1) + _log_gauss_mass(a, b)) <= -_LOG_2
    _, first_u, second_u = _truncnorm_upper_side(w0, w1, a, b)
    _, first_l, second_l = _truncnorm_upper_side(w1, w0, -b, -a)
    first_d, second_d = _truncnorm_densities(w0, w1, a, b, z)
    swap = {0: 0, 1: 2, 2: 1}
    near = np.abs(z) <= 1.0
    first = [np.where(near, first_d[k], np.where(lower, first_l[swap[k]], first_u[k])) for k in range(3)]
    second = {}
    for (i, j), v in second_u.items():
        mirrored = tuple(sorted((swap[i], swap[j])))
        second[i, j] = np.where(near, second_d[i, j], np.where(lower, -second_l[mirrored], v))
    sign = -1.0 if upper else 1.0  # (dp/dq)
    first[0] = sign * first[0]
    for j in (1, 2):
        second[0, j] = sign * second[0, j]
    return first, second


_TRUNCNORM_QUANTILE_VALUES = {upper: _truncnorm_quantile_plain(upper) for upper in (False, True)}


def _truncnorm_quantile_primitives(upper):
    """truncnorm's standard ppf (``upper``: isf) as a primitive of (q, a, b) whose partials are primitives, whose own
    partials are the plain second derivatives (:func:`_truncnorm_quantile_derivatives`; a third derivative refuses)."""
    label = f"wengert.scipy.stats.truncnorm.{'isf' if upper else 'ppf'}"
    names = ("q", "a", "b")

    def second(i, j):
        key = (min(i, j), max(i, j))
        return OwnPrimitive(lambda q, a, b: _truncnorm_quantile_derivatives(q, a, b, upper)[1][key][()],
                            name=f"{label} (d2/d{names[i]} d{names[j]})", reenters="any")
    first = []
    for i in range(3):
        slope = OwnPrimitive(lambda q, a, b, i=i: _truncnorm_quantile_derivatives(q, a, b, upper)[0][i][()],
                             name=f"{label} (d/d{names[i]})", reenters="any")
        _def_partials(slope, *(second(i, j) for j in range(3)))
        first.append(slope)
    quantile = OwnPrimitive(lambda q, a, b: _TRUNCNORM_QUANTILE_VALUES[upper](q, a, b), name=label, reenters="any")
    _def_partials(quantile, *first)
    return quantile


_TRUNCNORM_QUANTILES = {upper: _truncnorm_quantile_primitives(upper) for upper in (False, True)}


def _truncnorm_quantile(name, q, a, b, loc, scale, upper):
    _truncnorm(name, 0.0, a, b, 0.0, scale)
    return _in_dtype_of(_located(name, q, loc, scale, _TRUNCNORM_QUANTILES[upper], shapes=(a, b)), q, a, b, loc,
                        scale)


_quantiles(truncnorm, ("a", "b"), _truncnorm_quantile, (
    ("``loc + scale z``, ``ndtr(z) = ndtr(a) + q (ndtr(b) - ndtr(a))``, from the smaller tail in log space (exact in "
     "far truncations).", "round(float(truncnorm.ppf(0.3, -1.0, 2.0)), 6)", "-0.242404"),
    ("``loc + scale z``, ``ndtr(-z) = ndtr(-b) + q (ndtr(b) - ndtr(a))``, from the smaller tail in log space.",
     "round(float(truncnorm.isf(0.7, -1.0, 2.0)), 6)", "-0.242404")))
_add_quantile_summaries("truncnorm", (-1.0, 2.0))


# -- truncnorm's moments ---------------------------------------------------------------------------------------

#: From this t on the normal's Mills quantities are Laplace's continued fraction ``h(t) - t = 1 / (t + 2 / (t + 3 / (t
#: + ...)))`` (_TRUNCNORM_CF_DEPTH levels from t = 2, fewer further out); below, from erfcx
_TRUNCNORM_CF_FROM = 2.0
_TRUNCNORM_CF_DEPTH = 140


def _taylor_reciprocal(series):
    """The Taylor coefficients of ``1 / f`` from those of ``f`` (lists of arrays, the same length)."""
    out = [1.0 / series[0]]
    for m in range(1, len(series)):
        out.append(-sum(series[j] * out[m - j] for j in range(1, m + 1)) / series[0])
    return out


def _taylor_product(u, w):
    return [sum(u[j] * w[m - j] for j in range(m + 1)) for m in range(len(u))]


def _normal_tail_cf_value(t, which=0, n=0):
    """The n-th derivative in t of ``g`` (``which`` 0) or ``v`` (1) by the continued fraction (see
    :func:`_normal_tail_moments`), its levels carried as Taylor series in t to order n."""
    t = np.asarray(t, dtype=float)
    x = [t, np.ones_like(t)] + [np.zeros_like(t)] * (n - 1) if n else [t]
    level, levels = x, {}
    # (the depth by the least t: the fraction's error at depth d falls as exp(-2 t sqrt(d)), below 1e-18 of g at
    # (2, 140), (3, 70), (5, 30), (8, 16))
    least = float(np.min(t)) if t.size else 8.0
    depth = next(d for at, d in ((8.0, 16), (5.0, 30), (3.0, 70), (-np.inf, _TRUNCNORM_CF_DEPTH)) if least >= at)
    for k in range(depth, 0, -1):
        level = [xi + (k + 1.0) * ri for xi, ri in zip(x, _taylor_reciprocal(level))]
        levels[k] = level
    g, r2, r3 = (_taylor_reciprocal(levels[k]) for k in (1, 2, 3))
    if which == 0:
        out = g
    else:
        inner = [(1.0 if m == 0 else 0.0) - 6.0 * p + 4.0 * q for m, (p, q) in enumerate(
            zip(_taylor_product(r2, r3), _taylor_product(r2, r2)))]
        out = _taylor_product(inner, _taylor_product(g, g))
    return (out[n] * math.factorial(n))[()]


#: g and v of the continued fraction as one primitive each, every derivative from the levels' Taylor series (on the tape
#: its 140 levels made a Hessian of truncnorm's moments take 1.4 s a path)
_NORMAL_TAIL_CF = OwnPrimitive(_normal_tail_cf_value, name="wengert.scipy.stats (the normal tail's mean and variance)",
                               reenters="any")
_def_partials(_NORMAL_TAIL_CF, lambda t, which=0, n=0: _NORMAL_TAIL_CF(t, which=which, n=n + 1))


def _normal_tail_moments(t):
    """``(g, v)`` of the standard normal truncated to ``[t, inf)``: its mean minus t, ``g = h(t) - t`` (``h = phi /
    Q``, the inverse Mills ratio), and its variance ``v = 1 - h g``. From ``_TRUNCNORM_CF_FROM`` on by the continued
    fraction's levels ``T_k = t + (k + 1) / T_(k + 1)``: ``g = 1 / T_1``, ``v = (1 - 6 / (T_2 T_3) + 4 / T_2^2) / T_1^2``
    (through ``h - t`` and ``1 - h g`` both cancel as t grows: ``v`` is ``1 / t^2`` from terms of 1, every digit lost by
    t = 1e8); below, ``h = sqrt(2 / pi) / erfcx(t / sqrt(2))`` and the differences."""
    def far(t):
        return _NORMAL_TAIL_CF(t, which=0), _NORMAL_TAIL_CF(t, which=1)

    def near(t):
        h = math.sqrt(2.0 / math.pi) / sc.erfcx(t / math.sqrt(2.0))
        g = h - t
        return g, 1.0 - h * g
    big = np.asarray(_plain(t), dtype=float) >= _TRUNCNORM_CF_FROM
    if np.all(big):
        return far(t)
    if not np.any(big):
        return near(t)
    (gf, vf), (gn, vn) = far(np.where(big, t, 4.0)), near(np.where(big, 0.0, t))
    return np.where(big, gf, gn), np.where(big, vf, vn)


def _truncnorm_standard_moments(a, b, entropy=False):
    """``(mean, var)`` of the standard normal truncated to ``[a, b]``, ``a < b`` (a = -inf and b = inf allowed); with
    ``entropy``, the entropy instead, ``log(sqrt(2 pi e) Z) + (a phi(a) - b phi(b)) / (2 Z)``: in the tail form (below)
    ``1/2 - log(a + g(a)) + log1p(-rho) + (d (2a + d) + var - 1) / 2``, ``d = mean - a`` (``log Q(a) = -a^2/2 -
    log(sqrt(2 pi) h(a))``, and ``-a^2/2 + mean^2/2`` as ``d (2a + d) / 2``: through ``log Z`` and ``mean^2 / 2``, each
    about ``a^2 / 2``, the entropy at a = 1e4 kept 8 digits), in the middle form the closed form. Reflected
    to ``a + b >= 0`` (the mean odd, the variance even under ``[a, b] -> [-b, -a]``). There, for ``a >= 0`` from the
    upper tails' ratio ``rho = Q(b) / Q(a) = exp(-(b - a)(b + a) / 2) h(a) / h(b)`` (finite where the tails underflow)
    and the tails' own moments (:func:`_normal_tail_moments`): with ``alpha = g(a)``, ``beta = g(b) + b - a``, the mean ``a + (alpha -
    rho beta) / (1 - rho)`` and the variance ``(v(a) - rho v(b)) / (1 - rho) - rho (alpha - beta)^2 / (1 - rho)^2``
    (the interval's moments from those of ``[a, inf)`` less ``[b, inf)``: SciPy's ``m2 - m1^2`` is ``1 / a^2`` from
    terms of ``a^2``); for ``a < 0`` (and a narrow interval, ``b - a < 1/2``, below a = 1) the mean ``phi(a) (1 - exp(-(b + a)(b - a) / 2)) / Z`` (exact at and near a
    symmetric truncation, where ``phi(a) - phi(b)`` cancels), the variance ``1 + (a phi(a) - b phi(b)) / Z - mean^2``,
    ``Z = ndtr(b) - ndtr(a)``. Where the interval is narrow (``b - a`` far below ``1 / (1 + |a|)``) the variance is the
    difference of nearly equal terms and loses digits (``-log10((b - a)^2 (1 + a^2))`` of them, as SciPy's)."""
    pa, pb = np.asarray(_plain(a), dtype=float), np.asarray(_plain(b), dtype=float)
    shape = np.broadcast_shapes(pa.shape, pb.shape)
    flip = np.broadcast_to(pa + pb < 0, shape)
    a, b = np.where(flip, -b, a), np.where(flip, -a, b)
    pa, pb = np.where(flip, -pb, pa), np.where(flip, -pa, pb)
    # (a narrow interval below a = 1 by the direct forms, as SciPy's: there the tails' difference cancels further)
    tail = (pa >= 0) & ((pa >= 1.0) | (pb - pa >= 0.5))
    # (stand-ins: an infinite end enters only through terms that vanish there, phi(b), rho; each form on its own points)
    b_inf, a_inf = np.isinf(pb), np.isinf(pa)
    b = np.where(b_inf, np.where(tail, pa + 50.0, 50.0), b)

    def upper(a, b):
        # (rho = Q(b) / Q(a) as (phi(b) / phi(a)) (h(a) / h(b)), h = t + g: through log_ndtr's difference, rho took the
        # rounding of log_ndtr(-31) = -484: d/db of the mean at a = 30, b = 31 was 2.4e-14 off, now 3e-15)
        gone = np.asarray(0.5 * (_plain(b) - _plain(a)) * (_plain(b) + _plain(a)) > 750.0)  # (rho below 1e-325)
        b = np.where(gone, a + 1.0, b)  # (b's terms times rho = 0, from a stand-in)
        (ga, va), (gb, vb) = _normal_tail_moments(a), _normal_tail_moments(b)
        rho = np.where(gone, 0.0, np.exp(-0.5 * (b - a) * (b + a)) * ((a + ga) / (b + gb)))
        beta = gb + (b - a)
        rest = 1.0 - rho
        d = (ga - rho * beta) / rest
        var = (va - rho * vb) / rest - rho * np.square(ga - beta) / np.square(rest)
        if entropy:
            return 0.5 - np.log(a + ga) + np.log1p(-rho) + 0.5 * (d * (2.0 * a + d) + (var - 1.0)), None
        return a + d, var

    def middle(a, b):
        a = np.where(a_inf, -50.0, a)
        mass = sc.ndtr(b) - sc.ndtr(a)
        da, db = np.exp(-0.5 * a * a - 0.5 * _LOG_2PI), np.exp(-0.5 * b * b - 0.5 * _LOG_2PI)
        mean = da * -np.expm1(-0.5 * (b + a) * (b - a)) / mass
        if entropy:  # (b phi(b) as 0 at b = inf: the stand-in 50's phi, 1e-544, underflows to 0)
            return 0.5 * (_LOG_2PI + 1.0) + np.log(mass) + 0.5 * (a * da - b * db) / mass, None
        return mean, 1.0 + (a * da - b * db) / mass - np.square(mean)
    if np.all(tail):
        mean, var = upper(a, b)
    elif not np.any(tail):
        mean, var = middle(a, b)
    else:
        (mu, vu), (mm, vm) = upper(np.where(tail, a, 0.5), np.where(tail, b, 1.5)), middle(np.where(tail, -1.0, a),
                                                                                            np.where(tail, 1.0, b))
        mean, var = np.where(tail, mu, mm), np.where(tail, vu, vm) if not entropy else None
    if entropy:  # (even under the reflection)
        return mean
    return np.where(flip, -mean, mean), var


def _truncnorm_check(name, a, b):
    if np.any(_plain(a) >= _plain(b)):
        raise ValueError(f"{name}: a must be less than b")


_add_moments("truncnorm", ("a", "b"), lambda a, b: _truncnorm_standard_moments(a, b)[0],
             lambda a, b: _truncnorm_standard_moments(a, b)[1],
             lambda a, b: _truncnorm_standard_moments(a, b, entropy=True), _truncnorm_check, (-1.0, 2.0),
             " Written with the upper tails' ratio ``Q(b) / Q(a)`` and Laplace's continued fraction for the tails' own "
             "moments: accurate far in the tails (at ``a = 30, b = 31`` SciPy's variance is 1e-4 off), and exact at a "
             "symmetric truncation.")


class gibrat:
    """Gibrat's distribution, as ``scipy.stats.gibrat``: ``lognorm`` at ``s = 1`` (``log z``
    standard normal), with lognorm's functions, bit for bit. Differentiable in x (or q), loc and
    scale, to every order. Its support is ``z = (x - loc) / scale > 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gibrat
    >>> float(wg.grad_bp(gibrat.logpdf, 1.0))  # -(1 + log z) / z
    -1.0

    .. versionadded:: 0.1
    """


#: From this w = nu z^2 on, nakagami's log sf is its asymptote ``-w + (nu - 1) log w - gammaln(nu)`` (the
#: next term (nu - 1) / w: below 1e-300 of the sum for nu < 1e150): beyond, gammaincc's continued fraction
#: and its rules overflow (w^2), and w itself from z = 1.3e154 / sqrt(nu)
_NAKAGAMI_FAR = 1e150
#: Below this w = gammaincinv(nu, q) nakagami.ppf is its leading term ``(q gamma(nu + 1))^(1 / (2 nu)) /
#: sqrt(nu)`` (the next, a factor ``1 + w / (2 (nu + 1))``, below rounding): gammaincinv's w underflowed
#: (ppf(1e-300, 0.7) was 0 for 1.1e-214) and its second derivative was refused there
_NAKAGAMI_SMALL_W = 1e-20


def _chi_w(z):
    return 0.5 * z * z


def _chi_w_power(z, nu):
    """``w^nu``, ``w = z^2 / 2 < 1`` (the series' points), below ``nu = 2`` as ``2^-nu z^(2 nu)`` (through
    ``w^nu`` the second derivative in z cancelled for nu < 1, as nakagami's: :func:`_nakagami_w_power`), above as
    ``w^nu`` (``z^(2 nu)`` overflows first for a large nu)."""
    pnu = np.asarray(_plain(nu), dtype=float)
    return _piecewise(z, np.broadcast_to(pnu < 2.0, np.broadcast_shapes(np.shape(pnu), np.shape(_plain(z)))),
                      lambda z: _chi_w(z) ** nu, lambda z: 0.5 ** nu * z ** (2.0 * nu), math.sqrt(0.5), math.sqrt(0.5))


def _chi_tail(z, df, upper, log, log_z=None):
    """gammainc(df / 2, z^2 / 2) (gammaincc), or its log (:func:`_lower_gamma_tails`, as nakagami's:
    :func:`_nakagami_tail`); far out (``w = z^2 / 2 > _NAKAGAMI_FAR``) the log sf is its asymptote
    ``-w + (df / 2 - 1) log w - gammaln(df / 2)``, the cdf, sf and log cdf constants with derivatives 0 where
    the log sf is below ``_VANISHING_LOG``."""
    nu = 0.5 * df
    pnu = np.asarray(_plain(nu), dtype=float)
    safe = (np.sqrt(2.0 * pnu), math.sqrt(0.5))  # (w = nu: elsewhere; w = 1/4: the series)

    def tail(z):
        return _lower_gamma_tails(nu, z, _chi_w, lambda z: _chi_w_power(z, nu),
                                  lambda z: _c_log_z(df, z, log_z) - nu * _LOG_2, upper, log, safe)
    if upper and log:
        def asymptote(z):
            with np.errstate(over="ignore"):  # (-inf where z^2 overflows: the truth's rounding)
                return -0.5 * z * z + (nu - 1.0) * (2.0 * np.log(z) - _LOG_2) - sc.gammaln(nu)
        with np.errstate(over="ignore"):
            far = 0.5 * np.asarray(_plain(z), dtype=float) ** 2 > _NAKAGAMI_FAR
        return _piecewise(z, far, tail, asymptote, 1.0, 2e75)

    def plain_logsf(z):
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return _log_gammaincc(pnu, 0.5 * z * z)
    return _vanishing(plain_logsf, tail, z, 1.0, -0.0 if log else 0.0 if upper else 1.0)


_SQRT_HALF = math.sqrt(0.5)
#: From this v = -z / sqrt(2) on exponnorm's lower tail takes erfcx's asymptotic series (invgauss's coefficients),
#: from this u = (1 / K - z) / sqrt(2) on its log density
_EXPONNORM_FAR_V = 10.0
#: erfcx's asymptotic coefficients ``(-1)^k (2k - 1)!! / 2^k``
_INVGAUSS_ERFCX_SERIES = [(-1.0) ** k * math.prod(range(1, 2 * k, 2)) / 2.0 ** k for k in range(14)]
#: Below ``r = _INVGAUSS_FAR_R``, where ``d = s_b - r = sqrt(2 / z)`` is at most 1 (from z = 2 on), or this and r >= 1,
#: invgauss's log sf writes ``(erfcx(r) - erfcx(s_b)) / 2`` as Taylor's series about the midpoint ``c =
#: sqrt(z / 2) / mu``: ``sum_(n odd) d^n J_n(c)``, ``J_n(c) = exp(c^2) i^n erfc(c)`` (the scaled repeated integrals of
#: erfc, ``erfcx^(n)(c) = (-2)^n n! J_n(c)``), positive terms (:func:`_invgauss_erfcx_odd_taylor`). The difference
#: of erfcx's lost ``log10(erfcx(r) / (d J_1))`` digits, ``log10(mu sqrt(z))`` at a small r and ``log10(z / mu)`` at
#: a large one, up to ``log10(200 mu)`` just below r = 10: 2e-10 of the log sf at z = 1.2e14, mu = 1e6, its second
#: derivative in z 7e-5 off at z = 2e14 (SciPy's log sf 5.6e-9 there), its second derivative through erfcx's
#: 1e-11 off at z = 1.8, mu = 0.1 (r = 9, d = 1.05). Elsewhere (z < 2 and r < 1, or z < 1/2) the difference loses
#: at most a digit, the series' upward recurrence more (2e-15 of the log sf at z = 0.6, mu = 0.5, d = 1.8).
_INVGAUSS_TAYLOR_D = 2.0
#: Below this c the ``J_n`` by their recurrence ``2 n J_n = J_(n-2) - 2 c J_(n-1)`` upwards from ``J_(-1) = 2 /
#: sqrt(pi)`` and ``J_0 = erfcx(c)`` (its errors grow as ``exp(2 c sqrt(2 n))`` against the terms' ``1 / (2^n
#: Gamma(1 + n / 2))``: within 4e-16); from it on downwards (Miller's, all terms positive), from ``J_(N + 1) / J_N``
#: near its limit ``(sqrt(c^2 + 2 N) - c) / 2 N`` at N = 150 (60 where every c is at least 2), scaled to ``J_(-1)``:
#: within 4e-16 from c = 1.2 on (from 0 and 1 at N = 100, 2e-13 at c = 1.2)
_INVGAUSS_UPWARD_C = 1.2
_INVGAUSS_MILLER_FROM = (150, 60)
#: The odd orders of the series: d <= 2, its 39th term below 1e-17 of the sum
_INVGAUSS_TAYLOR_ORDERS = 39
def _invgauss_erfcx_odd_taylor(c, d):
    """``(erfcx(c - d / 2) - erfcx(c + d / 2)) / 2 = sum_(n odd) d^n J_n(c)`` for ``0 <= c <= 11``, ``d <= 2`` (see
    ``_INVGAUSS_TAYLOR_D``; elsewhere, the points of the other forms, computed at ``c = 1``, ``d = 1/2``)."""
    pc, pd = np.asarray(_plain(c), dtype=float), np.asarray(_plain(d), dtype=float)
    ok = (pc <= 11.0) & (pd <= _INVGAUSS_TAYLOR_D)
    c, d, pc = np.where(ok, c, 1.0), np.where(ok, d, 0.5), np.where(ok, pc, 1.0)
    upward = pc < _INVGAUSS_UPWARD_C
    top = _INVGAUSS_TAYLOR_ORDERS
    terms = [None] * (top + 2)  # J_(-1), ..., J_top
    if np.any(upward):
        cu = np.where(upward, c, 0.5)
        low, high = 2.0 / math.sqrt(math.pi) + 0.0 * cu, sc.erfcx(cu)
        terms[0], terms[1] = low, high
        for n in range(1, top + 1):
            low, high = high, (low - 2.0 * cu * high) / (2.0 * n)
            terms[n + 1] = high
    if not np.all(upward):
        cm = np.where(upward, 2.0, c)
        start = _INVGAUSS_MILLER_FROM[int(bool(np.all(np.where(upward, 2.0, pc) >= 2.0)))]
        # the ratios q_n = J_n / J_(n - 1) downwards, q_(n - 1) = 1 / (2 c + 2 n q_n), from q_N at its limit (2 N q^2
        # + 2 c q = 1), then J_n = J_(n - 1) q_n up from J_(-1) (not J_n's own recurrence scaled: its derivatives,
        # of size N / c, cancelled in the scaling, 1e-13 of the log sf's second derivative at c = 10)
        ratio = (np.sqrt(cm * cm + 2.0 * start) - cm) / (2.0 * start)
        ratios = [None] * (top + 1)
        for n in range(start, 0, -1):
            ratio = 1.0 / (2.0 * cm + 2.0 * n * ratio)
            if n - 1 <= top:
                ratios[n - 1] = ratio
        downward = [2.0 / math.sqrt(math.pi) + 0.0 * cm]
        for ratio in ratios:
            downward.append(downward[-1] * ratio)
        terms = downward if not np.any(upward) else [np.where(upward, u, m) for u, m in zip(terms, downward)]
    return d * polynomial(d * d, terms[2::2])


# -- crystalball (a normal core with a power-law lower tail) -----------------------------------------


class crystalball:
    """The Crystal Ball distribution, as ``scipy.stats.crystalball``: ``N exp(-z^2 / 2)`` for ``z > -beta`` and ``N
    exp(-beta^2 / 2) (1 + t / c)^(-m)`` below, ``t = -beta - z``, ``c = m / beta`` (``beta > 0``, ``m > 1``), ``1 / N = T
    + G``, ``T = c exp(-beta^2 / 2) / (m - 1)`` the tail's mass and ``G = sqrt(2 pi) ndtr(beta)`` the core's (``log N =
    -logaddexp(log T, log G)``); differentiable in x (or q), beta, m, loc and scale. Each tail from its own end where it
    is below 1/2: the cdf ``N T (1 + t / c)^(1 - m)`` in the power tail and ``N (T + sqrt(2 pi) (ndtr(z) - ndtr(-beta)))``
    above, the sf ``N sqrt(2 pi) ndtr(-z)`` in the core and ``N (G - T expm1((1 - m) log1p(t / c)))`` in the power tail
    (positive terms), the log tails finite where the tails underflow; the other tail ``1 -`` it. The density and its log
    are once differentiable at ``z = -beta`` (their second derivatives jump there: refused). The quantiles in closed
    form: ``-beta - c expm1(-(log p + log1p(G / T)) / (m - 1))`` in the power tail, ``ndtri(ndtr(-beta) + (p / N - T) /
    sqrt(2 pi))`` below the core's middle, ``-ndtri(r / (N sqrt(2 pi)))`` above (``r`` the upper tail's probability).
    Mean ``-N exp(-beta^2 / 2) (1 / (m - 1) + c^2 / ((m - 1)(m - 2)))`` for ``m > 2`` (-inf below: SciPy's is +inf),
    variance ``E[z^2] - mean^2`` for ``m > 3`` (inf below), ``E[z^2]`` a sum of positive terms (below); no entropy (SciPy
    integrates it).

    >>> from wengert.scipy.stats import crystalball
    >>> round(float(crystalball.mean(1.0, 4.0)), 6)
    -0.623651

    .. versionadded:: 0.1
    """


def _crystalball_shapes(name, beta, m):
    """``beta > 0`` and ``m > 1``, both finite (SciPy gives NaN elsewhere)."""
    pb, pm = (np.asarray(_plain(v), dtype=float) for v in (beta, m))
    if not np.all((pb > 0) & np.isfinite(pb)):
        raise ValueError(f"{name}: beta must be positive and finite (SciPy gives NaN)")
    if not np.all((pm > 1) & np.isfinite(pm)):
        raise ValueError(f"{name}: m must be above 1 and finite (SciPy gives NaN)")


def _crystalball_check(name, z, beta, m):
    _crystalball_shapes(name, beta, m)


def _crystalball_masses(beta, m):
    """``log T``, ``log G`` and ``log N``: the power tail's mass ``c exp(-beta^2 / 2) / (m - 1)``, the core's ``sqrt(2
    pi) ndtr(beta)`` and the normaliser ``-log(T + G)``."""
    log_t = np.log(m / beta) - 0.5 * beta * beta - np.log(m - 1.0)
    log_g = 0.5 * _LOG_2PI + sc.log_ndtr(beta)
    return log_t, log_g, -np.logaddexp(log_t, log_g)


def _crystalball_sides(z, beta, m, tail, core):
    """``tail(z, beta, m)`` where ``z <= -beta``, ``core(z, beta, m)`` above, each on its own points only."""
    pz, pb, pm = (np.asarray(_plain(v), dtype=float) for v in (z, beta, m))
    shape = np.broadcast_shapes(pz.shape, pb.shape, pm.shape)
    return _two_forms(np.broadcast_to(pz > -pb, shape), tail, core, (z, beta, m), (-2.0, 1.0, 3.0), (0.0, 1.0, 3.0))


def _crystalball_log_base(z, beta, m, log_abs=None):
    """``log1p(t / c)`` of the power tail (``t = -beta - z``, ``c = m / beta``); with ``log_abs``
    (:func:`_log_abs_of_z`'s) from ``|z| > 2 max(|b|, beta)`` on as ``L - log c + log1p(b exp(-L))``, ``b = c -
    beta``, of ``L = log|z|`` (its derivatives in x and in scale apart): through z d2/dx dscale of ``m log1p(t / c)``
    was ``m / z - m / z`` plus rounding (crystalball.logpdf(-3e20, 2, 3): 0 or -1.5e-36 by the path, the truth
    1.67e-41)."""
    def near(z, beta, m):
        return np.log1p((-beta - z) * beta / m)
    if log_abs is None:
        return near(z, beta, m)
    pz, pb, pm = (np.asarray(_plain(v), dtype=float) for v in (z, beta, m))
    far = np.broadcast_to(-pz > 2.0 * np.maximum(np.abs(pm / pb - pb), pb), np.broadcast_shapes(
        pz.shape, pb.shape, pm.shape))

    def far_form(z, beta, m):
        big_l = log_abs(z)
        c = m / beta
        return big_l - np.log(c) + np.log1p((c - beta) * np.exp(-big_l))
    return _two_forms(far, near, far_form, (z, beta, m), (-2.0, 1.0, 3.0), (-1e3, 1.0, 3.0))


def _crystalball_log_density(z, beta, m, log_abs=None):
    def tail(z, beta, m):
        log_n = _crystalball_masses(beta, m)[2]
        return log_n - 0.5 * beta * beta - m * _crystalball_log_base(z, beta, m, log_abs)

    def core(z, beta, m):
        return _crystalball_masses(beta, m)[2] - 0.5 * z * z
    return _crystalball_sides(z, beta, m, tail, core)


def _crystalball_cdf_direct(z, beta, m, log, log_abs=None):
    """The cdf (its log) from its own end: exact where it is below 1/2."""
    def tail(z, beta, m):
        log_t, _, log_n = _crystalball_masses(beta, m)
        power = (1.0 - m) * _crystalball_log_base(z, beta, m, log_abs)
        return log_n + log_t + power if log else np.exp(log_n + log_t) * np.exp(power)

    def core(z, beta, m):  # (z below the median, so at most 0: ndtr(z) - ndtr(-beta) both left tails)
        log_t, _, log_n = _crystalball_masses(beta, m)
        if not log:
            return np.exp(log_n) * (np.exp(log_t) + math.sqrt(2.0 * math.pi) * (sc.ndtr(z) - sc.ndtr(-beta)))
        log_z = sc.log_ndtr(z)
        return log_n + np.logaddexp(log_t, 0.5 * _LOG_2PI + log_z + np.log(-np.expm1(sc.log_ndtr(-beta) - log_z)))
    return _crystalball_sides(z, beta, m, tail, core)


def _crystalball_sf_direct(z, beta, m, log, log_abs=None):
    """The sf (its log) from its own end: exact where it is below 1/2 (in the power tail too: positive terms)."""
    def tail(z, beta, m):
        log_t, log_g, log_n = _crystalball_masses(beta, m)
        inner = np.exp(log_g) - np.exp(log_t) * np.expm1((1.0 - m) * _crystalball_log_base(z, beta, m, log_abs))
        return log_n + np.log(inner) if log else np.exp(log_n) * inner

    def core(z, beta, m):
        log_n = _crystalball_masses(beta, m)[2]
        if log:
            return log_n + 0.5 * _LOG_2PI + sc.log_ndtr(-z)
        return np.exp(log_n) * math.sqrt(2.0 * math.pi) * sc.ndtr(-z)
    return _crystalball_sides(z, beta, m, tail, core)


def _crystalball_function(name):
    def function(z, beta, m, scale, log_abs):
        if name in ("logpdf", "pdf"):
            if any(isinstance(v, (Var, Dual)) for v in (z, beta)):
                z = _kinked_at_mode(z, -beta, f"crystalball.{name}", "x = loc - beta scale (the switch to the power "
                                    "tail)")
            log_density = _crystalball_log_density(z, beta, m, log_abs) - _log_of(scale)
            return log_density if name == "logpdf" else np.exp(log_density)
        pz, pb, pm = (np.asarray(_plain(v), dtype=float) for v in (z, beta, m))
        with np.errstate(all="ignore"):
            low = np.broadcast_to(_crystalball_cdf_direct(pz, pb, pm, False) <= 0.5,
                                  np.broadcast_shapes(pz.shape, pb.shape, pm.shape))
        lower, log = name in ("cdf", "logcdf"), name.startswith("log")

        def from_cdf(z, beta, m):
            cdf = _crystalball_cdf_direct(z, beta, m, log and lower, log_abs)
            return cdf if lower else (np.log1p(-cdf) if log else 1.0 - cdf)

        def from_sf(z, beta, m):
            sf = _crystalball_sf_direct(z, beta, m, log and not lower, log_abs)
            return sf if not lower else (np.log1p(-sf) if log else 1.0 - sf)
        with np.errstate(divide="ignore"):
            return _two_forms(low, from_sf, from_cdf, (z, beta, m), (1.0, 1.0, 3.0), (-1.0, 1.0, 3.0))
    return function


_shape_functions(crystalball, ("beta", "m"), _crystalball_check, [
    (name, lambda z: np.ones(np.shape(z), bool), _crystalball_function(name), np.nan, formula,
     f"round(float(crystalball.{name}(-1.5, 1.0, 3.0)), 6)", value) for name, formula, value in (
        ("logpdf", "``log N - z^2 / 2`` for ``z > -beta``, ``log N - beta^2 / 2 - m log1p(t / c)`` below (``t = -beta - "
         "z``, ``c = m / beta``), minus ``log(scale)``.", "-2.06729"),
        ("pdf", "``exp(logpdf)``.", "0.126528"),
        ("cdf", "``N T (1 + t / c)^(1 - m)`` in the power tail, ``N (T + sqrt(2 pi) (ndtr(z) - ndtr(-beta)))`` above, "
         "``1 - sf`` where it is above 1/2.", "0.221424"),
        ("logcdf", "``log(cdf)``, finite where the cdf underflows.", "-1.507674"),
        ("sf", "``N sqrt(2 pi) ndtr(-z)`` in the core, ``N (G - T expm1((1 - m) log1p(t / c)))`` in the power tail, ``1 "
         "- cdf`` where it is above 1/2.", "0.778576"),
        ("logsf", "``log(sf)``, finite where the sf underflows.", "-0.250289"))])


def _crystalball_standard_quantile(upper):
    """``standard(q, beta, m)`` of the ppf (isf, ``upper``) in closed form from the lower tail's probability ``p`` (``q``,
    or ``1 - q`` for the isf) where that is at most ``cdf(0)``: ``-beta - c expm1(-(log p + log1p(G / T)) / (m - 1))``
    up to ``N T`` (the power tail), ``ndtri(ndtr(-beta) + (p / N - T) / sqrt(2 pi))`` above; beyond ``cdf(0)``
    ``-ndtri(r / (N sqrt(2 pi)))``, ``r`` the upper tail's (``1 - q``, or ``q`` for the isf); where ``ndtr(z) = 1/2 + d``,
    ``|d| < 1/4``, ``sqrt(2) erfinv(2 d)``, ``d = s (q - 1/2) - (T / sqrt(2 pi) - ndtr(-beta)) / 2``, ``s = T / sqrt(2
    pi) + ndtr(beta)`` (through ``ndtri(1/2 + d)`` the median lost its digits: ppf(0.5, 5, 2.5) was 4.7e-10 relative
    off, ppf(0.5, 10, 4) 0 for -3.3e-24)."""
    def standard(q, beta, m):
        pq, pb, pm = (np.asarray(_plain(v), dtype=float) for v in (q, beta, m))
        shape = np.broadcast_shapes(pq.shape, pb.shape, pm.shape)
        with np.errstate(all="ignore"):
            log_t, log_g, log_n = _crystalball_masses(pb, pm)
            low = 1.0 - pq if upper else pq
            in_tail = np.broadcast_to(low <= np.exp(log_n + log_t), shape)
            in_upper = np.broadcast_to(low > 1.0 - 0.5 * math.sqrt(2.0 * math.pi) * np.exp(log_n), shape)

        def lower_p(q):
            return 1.0 - q if upper else q

        def tail(q, beta, m):
            log_t, log_g, _ = _crystalball_masses(beta, m)
            log_p = np.log1p(-q) if upper else np.log(q)
            with np.errstate(over="ignore"):  # (beyond -1.8e308: -inf, the float nearest)
                return -beta - (m / beta) * np.expm1(-(log_p + np.log1p(np.exp(log_g - log_t))) / (m - 1.0))

        def core(q, beta, m):
            log_t, _, log_n = _crystalball_masses(beta, m)
            return sc.ndtri(sc.ndtr(-beta) + (lower_p(q) * np.exp(-log_n) - np.exp(log_t)) / math.sqrt(2.0 * math.pi))

        def above(q, beta, m):
            log_n = _crystalball_masses(beta, m)[2]
            return -sc.ndtri((q if upper else 1.0 - q) * np.exp(-log_n) / math.sqrt(2.0 * math.pi))

        def middle(q, beta, m):  # (ndtr(z) = 1/2 + d: z = sqrt(2) erfinv(2 d), no 1/2 + d rounded)
            log_n = _crystalball_masses(beta, m)[2]
            s = np.exp(-log_n) / math.sqrt(2.0 * math.pi)  # (T / sqrt(2 pi) + ndtr(beta))
            # (T / sqrt(2 pi) - ndtr(-beta) cancels near the median: as exp(-beta^2 / 2) (c / ((m - 1) sqrt(2 pi)) -
            # erfcx(beta / sqrt(2)) / 2), beta^2's rounding added back (Dekker's exact square); through exp(log T)
            # and SciPy's ndtr(-beta) (7.4e-15 off at beta = 10) ppf(0.5, 10, 4) was 2.8e-14 relative off)
            pb = np.asarray(_plain(beta), dtype=float)
            with np.errstate(over="ignore", invalid="ignore"):
                high, low = veltkamp_split(pb)  # (a square's: 2 high low in one product, not two_product's two)
                square_error = ((high * high - pb * pb) + 2.0 * high * low) + low * low  # (beta^2 - its float)
            square_error = np.where(np.isfinite(square_error), square_error, 0.0)
            inner = (m / beta) / ((m - 1.0) * math.sqrt(2.0 * math.pi)) - 0.5 * sc.erfcx(beta / math.sqrt(2.0))
            return math.sqrt(2.0) * sc.erfinv(2.0 * (s * ((0.5 - q) if upper else (q - 0.5)) - 0.5 * (
                np.exp(-0.5 * (beta * beta)) * (1.0 - 0.5 * square_error) * inner)))
        stand = (lambda p: (1.0 - p) if upper else p)
        with np.errstate(all="ignore"):
            s_plain = np.exp(-log_n) / math.sqrt(2.0 * math.pi)
            d_plain = s_plain * (low - 0.5) - 0.5 * (np.exp(log_t) / math.sqrt(2.0 * math.pi) - sc.ndtr(-pb))
            in_middle = np.broadcast_to(np.abs(d_plain) < 0.25, shape) & ~in_tail

        def core_or_above(q, beta, m):
            return _two_forms(in_upper, core, above, (q, beta, m), (stand(0.4), 1.0, 3.0), (stand(0.9), 1.0, 3.0))

        def inner(q, beta, m):
            return _two_forms(in_middle, core_or_above, middle, (q, beta, m), (stand(0.1), 0.3, 3.0),
                              (stand(0.6), 1.0, 3.0))
        with np.errstate(divide="ignore"):
            return _two_forms(~in_tail, tail, inner, (q, beta, m), (stand(0.01), 1.0, 3.0), (stand(0.6), 1.0, 3.0))
    return standard


def _crystalball_quantile(name, q, beta, m, loc, scale, upper):
    _crystalball_shapes(name, beta, m)
    with np.errstate(divide="ignore"):
        return _in_dtype_of(_located(name, q, loc, scale, _crystalball_standard_quantile(upper), shapes=(beta, m)),
                            q, beta, m, loc, scale)


_quantiles(crystalball, ("beta", "m"), _crystalball_quantile, (
    ("``loc + scale z``: ``-beta - c expm1(-(log q + log1p(G / T)) / (m - 1))`` up to ``q = N T`` (the power tail), "
     "``ndtri(ndtr(-beta) + (q / N - T) / sqrt(2 pi))`` up to ``cdf(0)``, ``-ndtri((1 - q) / (N sqrt(2 pi)))`` above.",
     "round(float(crystalball.ppf(0.3, 1.0, 3.0)), 6)", "-1.006908"),
    ("``loc + scale z``, ``z`` the ppf's of ``1 - q`` (the upper tail's ``q`` itself above ``z = 0``).",
     "round(float(crystalball.isf(0.7, 1.0, 3.0)), 6)", "-1.006908")))


def _crystalball_moment_where(m, above, form):
    """``form(m)`` where ``m > above`` (the moment is finite), ``m = above + 1`` elsewhere (replaced by the caller)."""
    pm = np.asarray(_plain(m), dtype=float)
    return form(np.where(pm > above, m, above + 1.0)), pm > above


def _crystalball_mean(beta, m):
    """``-N exp(-beta^2 / 2) (1 / (m - 1) + c^2 / ((m - 1)(m - 2)))`` for ``m > 2`` (the core's ``exp(-beta^2 / 2)``
    and the tail's ``-beta T - c T / (m - 2)`` summed by hand: no cancellation), -inf elsewhere."""
    def form(m):
        log_n = _crystalball_masses(beta, m)[2]
        c = m / beta
        return -np.exp(log_n - 0.5 * beta * beta) * (1.0 + c * c / (m - 2.0)) / (m - 1.0)
    out, finite = _crystalball_moment_where(m, 2.0, form)
    return np.where(finite, out, -np.inf)


def _crystalball_var(beta, m):
    """``E[z^2] - mean^2`` for ``m > 3``, ``E[z^2] = N (G + exp(-beta^2 / 2) (beta / (m - 1) + 2 m c / ((m - 1)(m -
    2)) + 2 c^3 / ((m - 1)(m - 2)(m - 3))))`` (positive terms); inf elsewhere."""
    def form(m):
        log_t, log_g, log_n = _crystalball_masses(beta, m)
        c = m / beta
        second = np.exp(log_n + log_g) + np.exp(log_n - 0.5 * beta * beta) * (
            beta + 2.0 * m * c / (m - 2.0) + 2.0 * c ** 3 / ((m - 2.0) * (m - 3.0))) / (m - 1.0)
        mean = _crystalball_mean(beta, m)
        return second - mean * mean
    out, finite = _crystalball_moment_where(m, 3.0, form)
    return np.where(finite, out, np.inf)


_add_moments("crystalball", ("beta", "m"), _crystalball_mean, _crystalball_var, None, _crystalball_shapes, (1.0, 4.0),
             " The mean is ``-N exp(-beta^2 / 2) (1 / (m - 1) + c^2 / ((m - 1)(m - 2)))`` (-inf for ``m <= 2``), the "
             "variance from ``E[z^2]``'s positive terms (inf for ``m <= 3``; no entropy: SciPy integrates it).")
_add_quantile_summaries("crystalball", (1.0, 3.0))


# -- johnsonsu (Johnson's SU: a normal variable through sinh) ----------------------------------------


class johnsonsu:
    """Johnson's SU distribution, as ``scipy.stats.johnsonsu``: ``x = sinh((n - a) / b)`` for a standard normal
    ``n`` (``b > 0``), the density ``b / sqrt(1 + z^2) phi(a + b arcsinh(z))`` on the whole line, differentiable in x
    (or q), a, b, loc and scale to every order. The tails are the normal's of ``u = a + b arcsinh(z)`` (their logs
    ``log_ndtr``, finite far out where the tails underflow); the log density's ``log(1 + z^2) / 2`` is ``log|z| +
    log1p(z^-2) / 2`` from ``|z| = 1`` on (SciPy's ``1 / sqrt(x^2 + 1)`` is 0 from ``|x| = 1.3e154`` on, where
    ``x^2`` overflows: its density 0 there, its log density ``-inf``); the mean ``-exp(1 / (2 b^2)) sinh(a / b)``,
    the variance ``expm1(1 / b^2) (exp(1 / b^2) cosh(2a / b) + 1) / 2`` (``cosh`` from its log where it overflows
    and the product does not) and the std from the logs of its factors where the variance overflows. No entropy:
    it has no closed form (``E[log cosh((n - a) / b)]``; SciPy integrates numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import johnsonsu
    >>> round(float(wg.grad_bp(lambda x: johnsonsu.cdf(x, 0.0, 1.0), 0.0)), 6)  # the density at 0, phi(0)
    0.398942

    .. versionadded:: 0.1
    """


def _johnsonsu_check(name, z, a, b):
    """``b > 0`` (SciPy gives NaN elsewhere)."""
    _shapes_positive(name, b, names=["b"])


def _johnsonsu_log_kernel(z, a, b):
    u = a + b * np.arcsinh(z)
    return -0.5 * u * u - _log_hypot1(z) - 0.5 * _LOG_2PI


def _johnsonsu_log_density(z, a, b, scale):
    return _log_of(b) + _johnsonsu_log_kernel(z, a, b) - _log_of(scale)


def _johnsonsu_density(z, a, b, scale):
    """``b / scale`` times ``exp`` of the rest of the log density, 0 with derivatives 0 where the log density is below
    -3000 (:func:`_vanishing`; the point ``u = 0`` in its place). The factor ``b`` is kept out of the exponential:
    through ``exp(log b + ...)`` the second derivative in b, ``pdf ((1/b - u t)^2 - 1/b^2 - t^2)`` with ``t =
    arcsinh(z)``, cancelled near z = 0 (2.3e-7 off at z = 1e-9)."""
    pa, pb, ps = _plain(a), _plain(b), _plain(scale)
    return _vanishing(lambda pz: _johnsonsu_log_density(pz, pa, pb, ps),
                      lambda z: b / scale * np.exp(_johnsonsu_log_kernel(z, a, b)), z, np.sinh(-pa / pb), 0.0)


def _johnsonsu_tail(name):
    def tail(z, a, b, scale):
        u = a + b * np.arcsinh(z)
        return {"cdf": lambda: sc.ndtr(u), "sf": lambda: sc.ndtr(-u), "logcdf": lambda: sc.log_ndtr(u),
                "logsf": lambda: sc.log_ndtr(-u)}[name]()
    return tail


_shape_functions(johnsonsu, ("a", "b"), _johnsonsu_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), row[1], -np.inf, row[2],
     f"round(float(johnsonsu.{row[0]}(0.5, 1.0, 2.0)), 6)", row[3]) for row in (
        ("logpdf", _johnsonsu_log_density, "``log(b) - u^2 / 2 - log(1 + z^2) / 2 - log(2 pi) / 2 - log(scale)``, ``u "
         "= a + b arcsinh(z)`` (``log(1 + z^2) / 2`` as ``log|z| + log1p(z^-2) / 2`` from ``|z| = 1`` on).",
         "-2.262916"),
        ("pdf", _johnsonsu_density, "``b phi(a + b arcsinh(z)) / (sqrt(1 + z^2) scale)``.", "0.104047"),
        ("cdf", _johnsonsu_tail("cdf"), "``ndtr(a + b arcsinh(z))``.", "0.975143"),
        ("logcdf", _johnsonsu_tail("logcdf"), "``log_ndtr(a + b arcsinh(z))`` (exact far in the lower tail).",
         "-0.025171"),
        ("sf", _johnsonsu_tail("sf"), "``ndtr(-(a + b arcsinh(z)))``.", "0.024857"),
        ("logsf", _johnsonsu_tail("logsf"), "``log_ndtr(-(a + b arcsinh(z)))`` (exact far in the upper tail).",
         "-3.694632"))])


def _johnsonsu_quantile(name, q, a, b, loc, scale, upper):
    """``sinh((ndtri(q) - a) / b)`` (the isf's ``-ndtri(q)``: exact for a small q)."""
    _shapes_positive(name, b, names=["b"])

    def standard(q, a, b):
        n = -sc.ndtri(q) if upper else sc.ndtri(q)
        with np.errstate(over="ignore"):  # (+-inf where sinh overflows, as SciPy's)
            return np.sinh((n - a) / b)
    return _located(name, q, loc, scale, standard, shapes=(a, b))


_quantiles(johnsonsu, ("a", "b"), _johnsonsu_quantile, (
    ("``loc + scale sinh((ndtri(q) - a) / b)``.", "round(float(johnsonsu.ppf(0.5, 1.0, 2.0)), 6)", "-0.521095"),
    ("``loc + scale sinh((-ndtri(q) - a) / b)``.", "round(float(johnsonsu.isf(0.5, 1.0, 2.0)), 6)", "-0.521095")))


#: Beyond this |2a / b| johnsonsu's variance takes cosh(2a / b) from its log (cosh overflows from 710 on)
_JOHNSONSU_COSH_BELOW = 700.0


def _log_cosh(y):
    """``log(cosh(y))``: as it is below ``|y| = 20``, ``|y| - log 2 + log1p(exp(-2|y|))`` from there (no overflow)."""
    big = np.abs(np.asarray(_plain(y), dtype=float)) >= 20.0
    return _piecewise(y, big, lambda y: np.log(np.cosh(y)),
                      lambda y: np.abs(y) - _LOG_2 + np.log1p(np.exp(-2.0 * np.abs(y))), 0.0, 30.0)


def _johnsonsu_mean(a, b):
    """``-exp(1 / (2 b^2)) sinh(a / b)``; where ``1 / (2 b^2)`` is above 700 (the exp overflows from 709.8) ``-sign(a)
    exp(1 / (2 b^2) + log|sinh(a / b)|)``, ``log|sinh(y)|`` as ``log|y| + log(sinh(y) / y)`` by its series below |y| =
    1/4, for ``a != 0``: the product was inf for a finite mean (johnsonsu.mean(1e-300, 0.02): -inf for -3.69e244;
    SciPy's too). At ``a = 0`` it is still NaN there (0 * inf; SciPy's too), the truth 0 (its derivative in a -exp(1 /
    (2 b^2)) / b)."""
    pa, pb = np.asarray(_plain(a), dtype=float), np.asarray(_plain(b), dtype=float)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        # (not at a = 0: there the log form's value 0 came with a derivative in a 0 for -exp(1 / (2 b^2)) / b, -inf)
        over = np.broadcast_to((0.5 / (pb * pb) > 700.0) & (pa != 0), np.broadcast_shapes(pa.shape, pb.shape))

    def product(a, b):
        with np.errstate(over="ignore", invalid="ignore"):
            return -np.exp(0.5 / (b * b)) * np.sinh(a / b)

    def from_log(a, b):
        small = np.abs(np.asarray(_plain(a), dtype=float) / np.asarray(_plain(b), dtype=float)) <= 0.25

        def near_zero(a, b):
            # (a 2^-k, k a's binary exponent, times exp(1 / (2 b^2) - log b + k log 2 + log(sinh(y) / y)): a in a log,
            # log|a|, had the second derivative in a as 1 / a^2 - 1 / a^2 + ..., cancelling, and the reverse sweep
            # divided the cotangent by a / b before multiplying by d(a / b)/db: inf for d/db of mean(1e-300, 0.02),
            # 4.6e249. log(sinh(y) / y) = h(2y) + y, h of _log_expm1_ratio: its even part)
            k = np.frexp(np.asarray(_plain(a), dtype=float))[1].astype(float)
            w2 = 4.0 * (a / b) * (a / b)
            return -(a * 2.0 ** -k) * np.exp(0.5 / (b * b) - np.log(b) + k * _LOG_2 + w2 * polynomial(w2, _LOG_EXPM1_RATIO))

        def far_from_zero(a, b):
            return -np.sign(_plain(a)) * np.exp(0.5 / (b * b) + np.log(np.abs(np.sinh(a / b))))
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            return _two_forms(small, far_from_zero, near_zero, (a, b), (0.5, 1.0), (0.01, 1.0))
    return _two_forms(over, product, from_log, (a, b), (0.0, 1.0), (1e-3, 0.02))


def _johnsonsu_log_var(a, b):
    """``log(var) = log expm1(s) - log 2 + s + log cosh(w) + log1p(exp(-s - log cosh(w)))``, ``s = 1 / b^2``, ``w = 2a /
    b``; ``log expm1(s)`` as ``-2 log(b) + log(exprel(s))`` below s = 1 (through ``log(expm1(s))`` the reverse sweep
    overflowed for a large b: ``var 1 / expm1(s)``, 1e312 at b = 1e10, times ``ds/db``, 2e-30)."""
    s = 1.0 / (b * b)
    log_expm1 = _piecewise(b, np.asarray(_plain(b), dtype=float) < 1.0,
                           lambda b: -2.0 * np.log(b) + np.log(sc.exprel(1.0 / (b * b))),
                           lambda b: _log_expm1(1.0 / (b * b)), 2.0, 0.5)
    lc = _log_cosh(2.0 * a / b)
    return log_expm1 - _LOG_2 + s + lc + np.log1p(np.exp(-s - lc))


def _johnsonsu_var(a, b):
    """``expm1(s) (exp(s) cosh(2a / b) + 1) / 2``, ``s = 1 / b^2``; ``exp`` of its log (:func:`_johnsonsu_log_var`)
    where cosh overflows (``|2a / b| >= 700``: for a large b the product is finite)."""
    pa, pb = np.asarray(_plain(a), dtype=float), np.asarray(_plain(b), dtype=float)
    far = np.broadcast_to(np.abs(2.0 * pa / pb) >= _JOHNSONSU_COSH_BELOW, np.broadcast_shapes(pa.shape, pb.shape))

    def near(a, b):
        s = 1.0 / (b * b)
        return 0.5 * np.expm1(s) * (np.exp(s) * np.cosh(2.0 * a / b) + 1.0)
    with np.errstate(over="ignore"):  # (inf where the variance overflows: b below 0.0375)
        # (each form's stand-ins finite in the other's points: 2a / b = 720 at b = 1e10)
        return _two_forms(far, near, lambda a, b: np.exp(_johnsonsu_log_var(a, b)), (a, b), (0.0, 1.0),
                          (3.6e12, 1e10))


_add_moments("johnsonsu", ("a", "b"), _johnsonsu_mean, _johnsonsu_var, None,
             lambda name, a, b: _shapes_positive(name, b, names=["b"]), (1.0, 2.0),
             " The mean is ``-exp(1 / (2 b^2)) sinh(a / b)``, the variance ``expm1(1 / b^2) (exp(1 / b^2) cosh(2a / "
             "b) + 1) / 2``. No entropy: it has no closed form.")


#: Above this log of johnsonsu's std, the std is taken from the logs of its factors (the variance overflows from 354)
_JOHNSONSU_STD_LOG_FROM = 300.0


@_method(johnsonsu, "std")
def _johnsonsu_std(a, b, loc=0.0, scale=1.0):
    """``scale sqrt(var)``; where the variance may overflow (``s + |a / b|`` above 300, ``s = 1 / b^2``; the variance's
    log above 709, the std's above 354) ``scale exp(log(var) / 2)`` (:func:`_johnsonsu_log_var`; SciPy's is inf
    there).

    >>> from wengert.scipy.stats import johnsonsu
    >>> round(float(johnsonsu.std(1.0, 2.0, 0.5, 1.5)), 6)
    0.976027
    """
    _shapes_positive("johnsonsu.std", b, names=["b"])
    _standardized("johnsonsu.std", 0.0, 0.0, scale)
    pa, pb = np.asarray(_plain(a), dtype=float), np.asarray(_plain(b), dtype=float)
    with np.errstate(over="ignore", divide="ignore"):
        ps = 1.0 / (pb * pb)
        far = np.broadcast_to(ps + 0.5 * np.abs(2.0 * pa / pb) >= _JOHNSONSU_STD_LOG_FROM,
                              np.broadcast_shapes(pa.shape, pb.shape))

    def near(a, b):
        return np.sqrt(_johnsonsu_var(a, b))

    def logs(a, b):
        with np.errstate(over="ignore"):  # (inf where the std itself overflows)
            return np.exp(0.5 * _johnsonsu_log_var(a, b))
    out = scale * _two_forms(far, near, logs, (a, b), (0.0, 1.0), (0.0, 0.05))
    out = _infinite_where_infinite(out, lambda v: v, True, (a, b, scale))
    return _in_dtype_of(out + np.zeros(np.broadcast_shapes(*(np.shape(_plain(p)) for p in (a, b, loc, scale)))),
                        a, b, loc, scale)


_add_quantile_summaries("johnsonsu", (1.0, 2.0))


def _hypsecant_log_cosh(z):
    """``log(cosh(z))`` below ``|z| = 1``, ``|z| - log 2 + log1p(exp(-2|z|))`` from there (no overflow; through
    ``log(cosh(z))`` the second derivative ``1 - tanh(z)^2`` cancelled as |z| grows: 4.4e-16 at z = 19 for
    1.26e-16)."""
    return _piecewise(z, np.abs(np.asarray(_plain(z), dtype=float)) >= 1.0, lambda z: np.log(np.cosh(z)),
                      lambda z: np.abs(z) - _LOG_2 + np.log1p(np.exp(-2.0 * np.abs(z))), 0.5, 2.0)


# -- foldnorm (|N + c|, the folded normal) -------------------------------------------------------------


class foldnorm:
    """The folded normal distribution, as ``scipy.stats.foldnorm``: ``|N + c|`` for a standard normal ``N`` (``c >=
    0``), the density ``phi(z - c) + phi(z + c)`` on ``z >= 0``, differentiable in x, c, loc and scale to every order.
    The log density is ``log 2 - (z^2 + c^2) / 2 - log(2 pi) / 2 + log cosh(c z)`` (finite far out, where SciPy's log
    of the density is ``-inf``); the cdf ``ndtr(z - c) - ndtr(-z - c)`` is ``2 phi(c) z S`` near ``z = 0`` (``z <= 1/2``,
    ``c z <= 1``: S the series of the mean of ``exp(-t^2 / 2) cosh(c t)`` over ``[0, z]``, where the difference
    cancels: SciPy's is 1e-6 relative off at z = 1e-10), its log from ``log_ndtr`` below 1/2 (finite where the cdf
    underflows) and ``1 - sf`` above; the sf ``ndtr(c - z) + ndtr(-c - z)``, its log their ``logaddexp``. The mean
    ``2 phi(c) + c erf(c / sqrt 2)``, the variance ``1 - (m - c)(m + c)`` (SciPy's ``c^2 + 1 - m^2`` cancels as c
    grows: 0 at c = 1e8 for 1). The quantiles (``ppf``, ``isf``, ``median``, ``interval``) are Newton's roots on the
    log of the smaller tail (in ``log z`` on the cdf's side; SciPy's are brentq's roots of ``cdf - q`` to 1e-14
    absolute, its isf ``ppf(1 - q)``: inf from q = 1e-17), ``dz/dq = +-1 / pdf(z)``, ``dz/dc = tanh(c z)``
    (implicit differentiation: d cdf / dc is ``phi(z + c) - phi(z - c)``). The entropy has no closed form (SciPy's is
    numerical): by quadrature in the probability (``_common._probability_quadrature``).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import foldnorm
    >>> round(float(wg.grad_bp(lambda x: foldnorm.cdf(x, 1.0), 0.0)), 6)  # the density at 0, 2 phi(1)
    0.483941

    .. versionadded:: 0.1
    """


def _foldnorm_check(name, *shapes):
    c = shapes[-1]
    if np.any(_plain(c) < 0):
        raise ValueError(f"{name}: c must be nonnegative (SciPy gives NaN)")


#: (z^2)^j (-1)^j / (2^j j!) and (c z)^(2m) / (2m)!: the Taylor coefficients of exp(-t^2 / 2) and cosh(c t), to
#: degree 40 (for z <= 1/2 and c z <= 1 the terms of degree 42 are below 1e-18 of the sum)
_FOLDNORM_TERMS = 21
_FOLDNORM_GAUSS = [(-0.5) ** j / math.factorial(j) for j in range(_FOLDNORM_TERMS)]
_FOLDNORM_COSH = [1.0 / math.factorial(2 * m) for m in range(_FOLDNORM_TERMS)]


def _foldnorm_series(z, c):
    """``S = (1 / z) int_0^z exp(-t^2 / 2) cosh(c t) dt = sum_(j, m) g_j h_m c^(2m) z^(2(j + m)) / (2(j + m) + 1)``."""
    w, v = z * z, (c * z) * (c * z)
    out = 0.0
    for m in range(_FOLDNORM_TERMS - 1, -1, -1):  # (Horner's rule in v: products only, the same bits in any shape)
        out = out * v + _FOLDNORM_COSH[m] * polynomial(w, [g / (2 * (j + m) + 1) for j, g in
                                                            enumerate(_FOLDNORM_GAUSS[:_FOLDNORM_TERMS - m])])
    return out


def _foldnorm_regions(z, c):
    """0 where the series holds (``z <= 1/2``, ``c z <= 1``), 2 where the sf is at most 1/2, 1 elsewhere (plain)."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    series = (pz <= 0.5) & (pc * pz <= 1.0)
    sf = sc.ndtr(pc - pz) + sc.ndtr(-pc - pz)
    return np.where(series, 0, np.where(sf <= 0.5, 2, 1))


def _foldnorm_lower(z, c, log, log_z=None):
    """The cdf (or its log) where it is below 1/2: the series (region 0) or ``log_ndtr(z - c) + log(1 - exp(log_ndtr(-z
    - c) - log_ndtr(z - c)))`` (region 1). ``log_z`` (:func:`_log_of_z`'s): the log's ``log z`` with its derivatives in
    x and in scale apart (through z d2/dx dscale of foldnorm.logcdf(1e-8, 0) was 0.0 by reverse over reverse, the
    truth 6.7e-9; an overflow warning at 1e-200)."""
    region = _foldnorm_regions(z, c)

    def series(z, c):
        out = (_LOG_2 - 0.5 * c * c - 0.5 * _LOG_2PI + (np.log(z) if log_z is None else log_z(z))
               + np.log(_foldnorm_series(z, c)) if log else
               2.0 * np.exp(-0.5 * c * c - 0.5 * _LOG_2PI) * z * _foldnorm_series(z, c))
        return out

    def difference(z, c):
        high = sc.log_ndtr(z - c)
        out = high + _log1mexp(sc.log_ndtr(-z - c) - high)
        return out if log else np.exp(out)
    return _two_forms(np.broadcast_to(region != 0, region.shape), series, difference, (z, c), (0.25, 1.0), (2.0, 1.0))


def _foldnorm_tail(name):
    upper, log = name in ("sf", "logsf"), name.startswith("log")

    def upper_side(z, c):
        if log:
            return np.logaddexp(sc.log_ndtr(c - z), sc.log_ndtr(-c - z))
        return sc.ndtr(c - z) + sc.ndtr(-c - z)

    def lower_side(z, c, log_z=None):
        if upper:
            return np.log1p(-_foldnorm_lower(z, c, False)) if log else 1.0 - _foldnorm_lower(z, c, False)
        return _foldnorm_lower(z, c, log, log_z)

    def tail(z, c, scale, log_z=None):  # (log_z: the log cdf's, :func:`_foldnorm_lower`)
        region = _foldnorm_regions(z, c)
        big = np.broadcast_to(region == 2, region.shape)
        if upper:
            return _two_forms(big, lower_side, upper_side, (z, c), (0.25, 1.0), (4.0, 1.0))
        return _two_forms(big, lambda z, c: lower_side(z, c, log_z if log else None),
                          lambda z, c: np.log1p(-upper_side_plain(z, c)) if log
                          else 1.0 - upper_side_plain(z, c), (z, c), (0.25, 1.0), (4.0, 1.0))

    def upper_side_plain(z, c):
        return sc.ndtr(c - z) + sc.ndtr(-c - z)
    with np.errstate(divide="ignore"):
        return tail


_FOLDNORM_LOG_CDF = _foldnorm_tail("logcdf")


def _foldnorm_log_cdf(z, c, scale, log_z):
    """The log cdf on ``z > 0`` (:func:`_foldnorm_tail`); at z = 0 -inf with the limits from inside as its derivatives
    (:func:`_log_cdf_from_lower_end`): ``log z + log(2 phi(c)) + O(z^2)`` (the cdf's z^2 term is 0)."""
    return _log_cdf_from_lower_end(z, lambda z: _FOLDNORM_LOG_CDF(z, c, scale, log_z),
                                   lambda z: log_z(z, 1.0, end=True) + _LOG_2 - 0.5 * c * c - 0.5 * _LOG_2PI)


def _foldnorm_log_density(z, c, scale):
    """``log 2 - (z^2 + c^2) / 2 - log(2 pi) / 2 + log cosh(c z)`` below ``c z = 1`` (through ``-(z - c)^2 / 2 +
    log1p(exp(-2 c z))`` the slope ``c - c (1 - tanh(c z))`` cancelled near z = 0: 3.5e-7 relative off at z = 1e-10),
    that form from there (through the first, its terms of size ``c z`` cancelled to ``(z - c)^2 / 2``: the density was
    1.8e-11 relative off at z = 998.7, c = 1e3, 2.8e-14 at z = 27.9, c = 30)."""
    far = np.asarray(np.asarray(_plain(c), dtype=float) * np.asarray(_plain(z), dtype=float) >= 1.0)
    return _two_forms(far, lambda z, c: _LOG_2 - 0.5 * (z * z + c * c) + _hypsecant_log_cosh(c * z),
                      lambda z, c: -0.5 * (z - c) ** 2 + np.log1p(np.exp(-2.0 * (c * z))), (z, c), (0.5, 0.5),
                      (2.0, 2.0)) - 0.5 * _LOG_2PI - _log_of(scale)


def _foldnorm_density(z, c, scale):
    pc = np.asarray(_plain(c), dtype=float)
    with np.errstate(over="ignore"):
        return _vanishing(lambda z: _foldnorm_log_density(z, pc, 1.0), lambda z: np.exp(
            _foldnorm_log_density(z, c, scale)), z, pc, 0.0)


_shape_functions(foldnorm, ("c",), _foldnorm_check, [
    (*row[:5], f"round(float(foldnorm.{row[0]}(1.0, 2.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z >= 0, _foldnorm_log_density, -np.inf,
         "``log 2 - (z^2 + c^2) / 2 - log(2 pi) / 2 + log cosh(c z) - log(scale)`` on ``z >= 0``, ``-inf`` below.",
         "-1.400789"),
        ("pdf", lambda z: z >= 0, _foldnorm_density, 0.0,
         "``(phi(z - c) + phi(z + c)) / scale`` on ``z >= 0``, 0 below.", "0.246403"),
        ("cdf", lambda z: z >= 0, _foldnorm_tail("cdf"), 0.0,
         "``ndtr(z - c) - ndtr(-z - c)`` (a series near 0), 0 below the support.", "0.157305"),
        ("logcdf", lambda z: z >= 0, _foldnorm_log_cdf, -np.inf,
         "The log of the cdf (``log z`` and a series near 0, from ``log_ndtr`` below 1/2), ``-inf`` at and below 0.",
         "-1.849566"),
        ("sf", lambda z: z >= 0, _foldnorm_tail("sf"), 1.0,
         "``ndtr(c - z) + ndtr(-c - z)``, 1 below the support.", "0.842695"),
        ("logsf", lambda z: z >= 0, _foldnorm_tail("logsf"), 0.0,
         "``logaddexp(log_ndtr(c - z), log_ndtr(-c - z))`` (``log1p(-cdf)`` where the cdf is below 1/2), 0 below "
         "the support.", "-0.171151"))])


def _foldnorm_excess(c):
    """``m - c = 2 phi(c) - c erfc(c / sqrt 2)``."""
    return 2.0 * np.exp(-0.5 * c * c - 0.5 * _LOG_2PI) - c * sc.erfc(c * math.sqrt(0.5))


_add_moments("foldnorm", ("c",), lambda c: c + _foldnorm_excess(c),
             lambda c: 1.0 - _foldnorm_excess(c) * (2.0 * c + _foldnorm_excess(c)), None,
             lambda name, c: _foldnorm_check(name, c), 1.0,
             " The mean is ``2 phi(c) + c erf(c / sqrt 2)``, the variance ``1 - (m - c)(m + c)``. No entropy: it has no "
             "closed form.")


#: :func:`_foldnorm_series`' coefficients, ``[j, m]`` that of ``(z^2)^j (c z)^(2m)`` (the quantiles' plain Newton
#: steps: one polyval2d, not 21 traced polynomials)
_FOLDNORM_SERIES_TABLE = np.array([[_FOLDNORM_GAUSS[j] * _FOLDNORM_COSH[m] / (2 * (j + m) + 1) if j + m < _FOLDNORM_TERMS
                                    else 0.0 for m in range(_FOLDNORM_TERMS)] for j in range(_FOLDNORM_TERMS)])


def _foldnorm_series_plain(z, c):
    return np.polynomial.polynomial.polyval2d(z * z, (c * z) * (c * z), _FOLDNORM_SERIES_TABLE)


def _foldnorm_log_tails_plain(z, c):
    """The plain ``(log cdf, log sf, log pdf)`` of the standard foldnorm at ``z > 0``: the log cdf by the series near 0
    (:func:`_foldnorm_series`, ``z <= 1/2``, ``c z <= 1``) and ``log_ndtr(z - c) + log(1 - ndtr(-z - c) / ndtr(z -
    c))`` elsewhere (each exact to a few eps of its value where it is the smaller tail: the quantiles' roots), the log
    sf ``logaddexp(log_ndtr(c - z), log_ndtr(-c - z))``."""
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        series = (z <= 0.5) & (c * z <= 1.0)
        high = sc.log_ndtr(z - c)
        log_cdf = high + _log1mexp(sc.log_ndtr(-z - c) - high)
        if np.any(series):
            zs, cs = z[series], c[series]
            log_cdf[series] = _LOG_2 - 0.5 * cs * cs - 0.5 * _LOG_2PI + np.log(zs) + np.log(_foldnorm_series_plain(zs, cs))
        log_sf = np.logaddexp(sc.log_ndtr(c - z), sc.log_ndtr(-c - z))
        u = c * z  # (:func:`_foldnorm_log_density`'s two forms)
        log_pdf = np.where(u >= 1.0, -0.5 * (z - c) ** 2 + np.log1p(np.exp(-2.0 * u)),
                           _LOG_2 - 0.5 * (z * z + c * c) + np.log(np.cosh(np.minimum(u, 1.0)))) - 0.5 * _LOG_2PI
    return log_cdf, log_sf, log_pdf


def _foldnorm_quantile_plain(upper):
    """The plain standard ppf (``upper``: isf) of foldnorm: the root of the log of the smaller tail at it, by Newton's
    method within a bracket: in ``log z`` on the cdf's side (the log cdf is ``log z`` plus a smooth function there:
    exact steps down to q = 1e-300), in z on the sf's (``-(z - c)^2 / 2`` and a slow log far out), from ``c +
    ndtri(p)`` (the cdf is below ``ndtr(z - c)``) or ``p / (2 phi(c))`` (its first term at 0), and ``c - ndtri(s)``
    (the sf is above ``ndtr(c - z)``), to a step of 2e-15 relative. 0 and inf at the ends. SciPy's is its generic
    root of ``cdf - q`` (brentq, xtol 1e-14: 2e-15 absolute at ppf(1e-10, 1) for 6.6e-11, 3% off; its isf(q) is
    ppf(1 - q): inf from q = 1e-17)."""
    def plain(q, c):
        q, c = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(c, dtype=float))
        shape = q.shape
        q, c = q.ravel(), c.ravel()
        out = np.full(q.shape, np.nan)
        out[q == (1.0 if upper else 0.0)] = 0.0
        out[q == (0.0 if upper else 1.0)] = np.inf
        live = (q > 0) & (q < 1) & (c >= 0) & np.isfinite(c)
        qq, cc = q[live], c[live]
        with np.errstate(all="ignore"):
            log_low = np.log1p(-qq) if upper else np.log(qq)  # (the cdf's target, and the sf's)
            log_high = np.log(qq) if upper else np.log1p(-qq)
            lower = log_low <= log_high
            p, s = np.exp(log_low), np.exp(log_high)
            # (lower bounds of the root: the cdf is below ndtr(z - c) and, as it falls with c, below halfnorm's
            # erf(z / sqrt 2); the sf above ndtr(c - z) and, where z >= c, 2 ndtr(-z); each exact in a limit)
            start = np.maximum(cc + sc.ndtri(p), -sc.ndtri(0.5 - 0.5 * p))
            first = np.exp(np.minimum(log_low - _LOG_2 + 0.5 * cc * cc + 0.5 * _LOG_2PI, 690.0))
            z = np.where(lower, np.where(start > 1e-3, start, first),
                         np.maximum(cc - sc.ndtri(s), -sc.ndtri(0.5 * s)))
            below, above = np.zeros(z.shape), np.full(z.shape, np.inf)
            done = np.zeros(z.shape, bool)
            for _ in range(100):
                log_cdf, log_sf, log_pdf = _foldnorm_log_tails_plain(z, cc)
                # (g < 0: z below the root; the steps relative to z, dz / z)
                g = np.where(lower, log_cdf - log_low, log_high - log_sf)
                below, above = np.where(g < 0, z, below), np.where(g > 0, z, above)
                step = np.where(lower, -g / np.exp(log_pdf - log_cdf) / z, -g / np.exp(log_pdf - log_sf) / z)
                # (a point done stays where its last step put it: an array's converged points took further noisy
                # steps while others went on, and were NaN if the last was above the tolerance)
                finished = done
                done = finished | (np.abs(step) <= 2e-15) | (g == 0) | _bracket_closed(below, above)
                new = np.where(g == 0, z, np.where(lower, z * np.exp(step), z * (1.0 + step)))
                z = np.where(finished, z, _newton_step_in_bracket(z, new, done, below, above))
                if np.all(done):
                    break
            z = np.where(done, z, np.nan)  # (not converged: NaN, never a number off the root)
            # near 0 (the series' region) two Newton steps on ``z S(z, c) = K = p sqrt(pi / 2) e^(c^2 / 2)`` (the
            # slope ``e^(-z^2 / 2) cosh(c z)``): through the logs, whose rounding is |log p| eps, ppf(1e-20, 0.4) was
            # 3e-15 relative off
            p = (1.0 - qq) if upper else qq
            k = p * math.sqrt(0.5 * math.pi) * np.exp(0.5 * cc * cc)
            near = lower & (z <= 0.5) & (cc * z <= 1.0) & (k > 1e-300) & np.isfinite(k)
            if np.any(near):
                zs, cs, ks = z[near], cc[near], k[near]
                for _ in range(2):
                    zs = zs - (zs * _foldnorm_series_plain(zs, cs) - ks) / (np.exp(-0.5 * zs * zs) * np.cosh(cs * zs))
                z[near] = zs
            out[live] = z
        return out.reshape(shape)
    return plain


def _foldnorm_quantile_dc(q, c, quantile):
    """dz/dc at fixed q: ``-(dF/dc) / pdf = (phi(z - c) - phi(z + c)) / (phi(z - c) + phi(z + c)) = tanh(c z)`` (the
    same for the isf), traced in z."""
    return np.tanh(c * quantile(q, c))


def _foldnorm_sech_squared(u):  # (u >= 0; no overflow)
    e = np.exp(-2.0 * u)
    return 4.0 * e / (1.0 + e) ** 2


#: foldnorm's ppf (False) and isf (True): dz/dq ``s = +-1 / pdf(z)``, dz/dc ``tanh(c z)`` (:func:`_quantile_primitive`);
#: s's partials ``-k s^2`` (``k = c tanh(c z) - z``, d log pdf / dz) and ``c sech(c z)^2 s`` (through the log density's
#: chain, ``-s (k tanh(c z) + z tanh(c z) - c)``, terms of size c cancelled to that: d2/dq dc of ppf(1 - 1e-16, 1.5)
#: was 1452.0 for 1451.469)
_FOLDNORM_QUANTILES = {upper: _quantile_primitive(
    f"foldnorm.{'isf' if upper else 'ppf'}", _foldnorm_quantile_plain(upper),
    lambda z, c: _foldnorm_log_density(z, c, 1.0), -1.0 if upper else 1.0, _foldnorm_quantile_dc,
    (lambda q, c, z, s: (z(q, c) - c * np.tanh(c * z(q, c))) * s(q, c) ** 2,
     lambda q, c, z, s: c * _foldnorm_sech_squared(c * z(q, c)) * s(q, c))) for upper in (False, True)}


def _foldnorm_quantile(name, q, c, loc, scale, upper):
    _foldnorm_check(name, c)
    return _in_dtype_of(_located(name, q, loc, scale, _FOLDNORM_QUANTILES[upper], shapes=(c,)), q, c, loc, scale)


_quantiles(foldnorm, "c", _foldnorm_quantile, (
    ("``loc + scale z``, ``z`` the root of ``ndtr(z - c) - ndtr(-z - c) = q`` (Newton's method on the log of the "
     "smaller tail; see the class).", "round(float(foldnorm.ppf(0.3, 2.0)), 6)", "1.47633"),
    ("``loc + scale z``, ``z`` the root of ``ndtr(c - z) + ndtr(-c - z) = q`` (Newton's method on the log of the "
     "smaller tail; see the class).", "round(float(foldnorm.isf(0.7, 2.0)), 6)", "1.47633")))
_add_quantile_summaries("foldnorm")


# -- johnsonsb (Johnson's SB: a normal variable through the logistic function) -------------------


class johnsonsb:
    """Johnson's SB distribution, as ``scipy.stats.johnsonsb``: ``x = expit((n - a) / b)`` for a standard normal ``n``
    (``b > 0``), the density ``b / (z (1 - z)) phi(a + b logit(z))`` on ``0 < z < 1``, differentiable in x (or q), a,
    b, loc and scale to every order inside its support. The tails are the normal's of ``u = a + b logit(z)`` (their
    logs ``log_ndtr``: finite near the ends, where SciPy's log density and log tails are ``-inf`` from z = 1e-300 on);
    the density ``b / scale`` times ``exp`` of the rest. At the ends the density, the cdf and the sf are 0, 0 or 1 with
    every derivative 0 (their limits: the density vanishes faster than any power); the log density and the log tail
    that is ``-inf`` there have an infinite slope inside: a traced argument there is refused. The mean,
    variance, std and entropy (no closed form; SciPy integrates them) by quadrature in the probability.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import johnsonsb
    >>> round(float(wg.grad_bp(lambda x: johnsonsb.cdf(x, 0.0, 1.0), 0.5)), 6)  # the density 4 phi(0) at 1/2
    1.595769

    .. versionadded:: 0.1
    """


def _johnsonsb_check(name, z, a, b):
    """``b > 0`` (SciPy gives NaN elsewhere); for a traced x, a, b, loc or scale, no point where a log function is
    ``-inf`` at an end of the support (the log density at ``z = 0`` and 1, the log cdf at 0, the log sf at 1), whose
    slope is infinite inside."""
    _shapes_positive(name, b, names=["b"])
    method = name.split(".")[-1]
    if method in ("logpdf", "logcdf", "logsf") and any(isinstance(v, (Var, Dual)) for v in (z, a, b)):
        pz = _plain(z)
        at = {"logpdf": (pz == 0) | (pz == 1), "logcdf": pz == 0, "logsf": pz == 1}[method]
        _refuse_a_jump(name, True, at, "x is loc or loc + scale (an end of the support)" if method == "logpdf" else
                       f"x is loc{' + scale' if method == 'logsf' else ''} (an end of the support)",
                       "the function is -inf there with an infinite slope inside and 0 outside")


def _johnsonsb_kernel_value(z, a, b):
    with np.errstate(divide="ignore"):
        u = a + b * sc.logit(z)
        return np.asarray(-0.5 * u * u - np.log(z) - np.log1p(-z) - 0.5 * _LOG_2PI)[()]


def _johnsonsb_kernel_dz_value(z, a, b):
    with np.errstate(divide="ignore", over="ignore"):
        return np.asarray((-b * (a + b * sc.logit(z)) - 1.0 + 2.0 * z) / (z * (1.0 - z)))[()]


def _johnsonsb_kernel_dzz(z, a, b):
    """d2/dz2 of johnsonsb's log kernel: ``(-b^2 + b u (1 - 2z) + (1 - z)^2 + z^2) / (z (1 - z))^2`` (differentiable:
    its own derivatives by composition)."""
    with np.errstate(over="ignore"):
        w = z * (1.0 - z)
        return (-b * b + b * (a + b * sc.logit(z)) * (1.0 - 2.0 * z) + (1.0 - z) ** 2 + z * z) / w / w


#: johnsonsb's log kernel ``-u^2 / 2 - log z - log1p(-z) - log(2 pi) / 2``, ``u = a + b logit(z)``, and its
#: z-derivative ``(-b u - 1 + 2z) / (z (1 - z))`` as primitives whose z-derivatives are one quotient each (its second
#: :func:`_johnsonsb_kernel_dzz`): by composition the second derivative's terms ``-u'^2``, ``-u u''`` and ``1 / z^2``
#: were each infinite near z = 0 and 1, with opposite signs (johnsonsb.logpdf(x, 0, 1)'' at 1e-300 was NaN, the truth
#: (-b^2 + b u + 1) / z^2 = -6.9e602, -inf)
_JOHNSONSB_KERNEL = OwnPrimitive(_johnsonsb_kernel_value, name="wengert.scipy.stats.johnsonsb (log kernel)",
                                 reenters="any")
_JOHNSONSB_KERNEL_DZ = OwnPrimitive(_johnsonsb_kernel_dz_value, name="wengert.scipy.stats.johnsonsb (log kernel, d/dz)",
                                    reenters="any")
_def_partials(_JOHNSONSB_KERNEL, _JOHNSONSB_KERNEL_DZ, lambda z, a, b: -(a + b * sc.logit(z)),
              lambda z, a, b: -(a + b * sc.logit(z)) * sc.logit(z))
_def_partials(_JOHNSONSB_KERNEL_DZ, _johnsonsb_kernel_dzz, lambda z, a, b: -b / (z * (1.0 - z)),
              lambda z, a, b: -(a + 2.0 * b * sc.logit(z)) / (z * (1.0 - z)))


def _johnsonsb_log_kernel(z, a, b):
    return _JOHNSONSB_KERNEL(z, a, b)


#: ``e log z + b log(z)^2`` as :data:`_Z_TERMS`'s terms
_LOG_PLUS_LOG_SQUARED = (((0, 0, 1, 0, 0, 1, 0), 1), ((0, 0, 2, 0, 0, 0, 1), 1))


def _johnsonsb_log_density(z, a, b, scale, power_z=None):
    """With ``power_z`` (:func:`_power_of_z`), below z = 1/2 the log kernel in ``L = log z`` and ``m = log1p(-z)``:
    ``-(b^2 / 2) L^2 - (b (a - b m) + 1) L - (a - b m)^2 / 2 - m - log(2 pi) / 2``, its terms in L one :data:`_Z_TERMS`
    of x - loc and scale (their derivatives in x and in scale apart, powers of z summed from their logs): through z
    d2/dx dscale and d2/dscale2 met ``1 / z^2``'s overflow (johnsonsb.logpdf(1e-200, 0.5, 1.5): inf and -inf, the
    truths 2.25e200 and -1033.16)."""
    if power_z is not None:
        pz = np.asarray(_plain(z), dtype=float)
        near = np.broadcast_to((pz > 0) & (pz < 0.5), np.broadcast_shapes(pz.shape, *(np.shape(_plain(v)) for v in (
            a, b))))
        if np.any(near):
            def near_form(z, a, b):
                m = np.log1p(-z)
                shift = a - b * m
                return (_log_of(b) + power_z(z, 1.0, _LOG_PLUS_LOG_SQUARED, -(b * shift + 1.0), -0.5 * (b * b))
                        - 0.5 * (shift * shift) - m - 0.5 * _LOG_2PI - _log_of(scale))
            return _two_forms(near, lambda z, a, b: _johnsonsb_log_density(z, a, b, scale), near_form, (z, a, b),
                              (0.75, 1.0, 1.0), (0.25, 1.0, 1.0))
    return _log_of(b) + _johnsonsb_log_kernel(z, a, b) - _log_of(scale)


def _johnsonsb_inside(name):
    """``name`` on ``0 < z < 1``: the density ``b / scale exp(kernel)`` (``b`` outside the exponential, as
    johnsonsu's); where the log density is below -3000 (:data:`_VANISHING_LOG`), the density, the tails and the log
    tail near 0 there are their constants with derivatives 0 (the chain rule gave 0 * inf = NaN where ``du/dz = b / (z
    (1 - z))`` overflows)."""
    def inside(z, a, b, scale):
        pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            vanishing = _johnsonsb_log_density(pz, pa, pb, 1.0) < _VANISHING_LOG
            upper = pa + pb * sc.logit(pz) > 0  # (the side of the median)
        constant = {"pdf": (0.0, 0.0), "cdf": (0.0, 1.0), "sf": (1.0, 0.0), "logcdf": (None, 0.0),
                    "logsf": (0.0, None), "logpdf": (None, None)}[name]
        fixed = vanishing & np.where(upper, constant[1] is not None, constant[0] is not None)

        def f(z):
            if name == "logpdf":
                return _johnsonsb_log_density(z, a, b, scale)
            if name == "pdf":
                return b / scale * np.exp(_johnsonsb_log_kernel(z, a, b))
            u = a + b * sc.logit(z)
            return {"cdf": sc.ndtr, "sf": lambda u: sc.ndtr(-u), "logcdf": sc.log_ndtr,
                    "logsf": lambda u: sc.log_ndtr(-u)}[name](u)
        if not np.any(fixed):
            return f(z)
        values = np.where(upper, 0.0 if constant[1] is None else constant[1], 0.0 if constant[0] is None else
                          constant[0])
        return np.where(fixed, values, f(np.where(fixed, sc.expit(-pa / pb), z)))
    return inside


def _johnsonsb_function(name):
    """``name`` on ``0 < z < 1``, its limits at and beyond the ends (:func:`_closed_support_function`)."""
    if name == "logpdf":  # (given z's powers and logs apart by _shape_functions)
        return lambda z, a, b, scale, power_z: _closed_support_function(
            name, lambda z, a, b, scale: _johnsonsb_log_density(z, a, b, scale, power_z), lambda a, b: 1.0,
            lambda a, b: sc.expit(-a / b), open_ends=True)(z, a, b, scale)
    return _closed_support_function(name, _johnsonsb_inside(name), lambda a, b: 1.0,
                                    lambda a, b: sc.expit(-a / b), open_ends=True)


_shape_functions(johnsonsb, ("a", "b"), _johnsonsb_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _johnsonsb_function(row[0]), row[1], row[2],
     f"round(float(johnsonsb.{row[0]}(0.4, 0.5, 0.8)), 6)", row[3]) for row in (
        ("logpdf", -np.inf, "``log(b) - u^2 / 2 - log(z) - log1p(-z) - log(2 pi) / 2 - log(scale)``, ``u = a + b "
         "logit(z)``, on ``0 < z < 1``; ``-inf`` elsewhere.", "0.269612"),
        ("pdf", 0.0, "``b phi(a + b logit(z)) / (z (1 - z) scale)`` on ``0 < z < 1``, 0 elsewhere.", "1.309456"),
        ("cdf", 0.0, "``ndtr(a + b logit(z))`` on ``0 < z < 1``, 0 below, 1 above.", "0.569707"),
        ("logcdf", -np.inf, "``log_ndtr(a + b logit(z))`` (exact near 0).", "-0.562633"),
        ("sf", 1.0, "``ndtr(-(a + b logit(z)))`` on ``0 < z < 1``, 1 below, 0 above.", "0.430293"),
        ("logsf", 0.0, "``log_ndtr(-(a + b logit(z)))`` (exact near 1).", "-0.843289"))])


def _johnsonsb_quantile(name, q, a, b, loc, scale, upper):
    """``expit((ndtri(q) - a) / b)`` (the isf's ``-ndtri(q)``: exact for a small q)."""
    _shapes_positive(name, b, names=["b"])

    def standard(q, a, b):
        return sc.expit(((-sc.ndtri(q) if upper else sc.ndtri(q)) - a) / b)
    # (its ends 0 and 1 at every a, b, where the density vanishes: the slope, expit's 0 times ndtri's inf by the chain
    # rule, declared)
    return _located(name, q, loc, scale, standard, shapes=(a, b), steep_mixed=_johnsonsb_steep,
                    end_slope=lambda q, a, b: np.full(np.shape(q), -np.inf if upper else np.inf))


_quantiles(johnsonsb, ("a", "b"), _johnsonsb_quantile, (
    ("``loc + scale expit((ndtri(q) - a) / b)``.", "round(float(johnsonsb.ppf(0.5, 1.0, 2.0)), 6)", "0.377541"),
    ("``loc + scale expit((-ndtri(q) - a) / b)``.", "round(float(johnsonsb.isf(0.5, 1.0, 2.0)), 6)", "0.377541")))
_add_quantile_summaries("johnsonsb", (1.0, 2.0))


# -- exponnorm (the exponentially modified normal: N + K E) ---------------------------------------


class exponnorm:
    """The exponentially modified normal distribution, as ``scipy.stats.exponnorm``: ``N + K E`` for a standard normal
    ``N`` and a standard exponential ``E`` (``K > 0``), differentiable in x (or q), K, loc and scale to every order.
    With ``v = -z / sqrt(2)``, ``d = 1 / (K sqrt(2))`` and ``u = v + d``: the log density ``-log(2K) - z^2 / 2 +
    log(erfcx(u))`` where ``u >= 0`` (SciPy's switch, for every K: the ``exp(1 / (2K^2) - z / K) ndtr(z - 1 / K)``
    form's two terms cancel there as K goes to 0), that form elsewhere; the sf ``ndtr(-z) + K pdf`` (positive terms,
    summed as logs: finite far out); the cdf ``1 - sf`` where the sf is below 1/2, elsewhere ``exp(-v^2) (erfcx(v) -
    erfcx(u)) / 2`` with the difference of erfcx's written without cancelling (SciPy's ``ndtr(z) - K pdf`` loses
    ``log10(ndtr(z) / cdf)`` digits far in the lower tail and for a large K): erfcx's asymptotic series, term by term,
    from v = 10, Taylor's series about the midpoint ``c = v + d / 2`` (invgauss's) below, of the repeated integrals of
    erfc for ``c < 0``; the quantiles SciPy's roots polished by Newton's steps on these log tails, one primitive in q
    and K (its derivatives by the inverse function rule; for a large K the quantile's second derivative in K, near 0,
    is the difference of terms of size ``x / K^2``, exact to ``1e-16 x / K^2``, not relatively). The mean is ``K``,
    the variance ``1 + K^2``. No entropy: it has no closed form (SciPy integrates numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import exponnorm
    >>> round(float(wg.grad_bp(lambda K: exponnorm.mean(K), 1.5)), 6)
    1.0

    .. versionadded:: 0.1
    """


def _exponnorm_check(name, z, K):
    """``K > 0`` (SciPy gives NaN elsewhere)."""
    _shapes_positive(name, K, names=["K"])


_SQRT_HALF = math.sqrt(0.5)


def _exponnorm_far_log_density(z, K):
    """The log density where ``u = (1 / K - z) / sqrt(2) >= 10``: ``-log(2K) - z^2 / 2 + log(erfcx(u))`` with erfcx's
    asymptotic series ``sum c_k u^-(2k + 1) / sqrt(pi)`` and ``log(K u) = log1p(-z K) - log(2) / 2``: through
    erfcx's derivative ``2u erfcx(u) - 2 / sqrt(pi)`` (terms cancelling as u grows) and ``-1 / K + 1 / (K (1 - z
    K))``, d/dK was 2e-14 off, d2/dK2 4e-12, at z = 0.3, K = 0.01."""
    t = 2.0 * K * K / np.square(1.0 - z * K)  # (1 / u^2)
    series = polynomial(t, _INVGAUSS_ERFCX_SERIES)
    return -0.5 * _LOG_2 - 0.5 * _LOG_PI - 0.5 * z * z - np.log1p(-z * K) + np.log(series)


def _exponnorm_log_density(z, K, scale=1.0):
    """``-log(2K) - z^2 / 2 + log(erfcx(u))`` where ``u = (1 / K - z) / sqrt(2) >= 0``, ``(1 / K)(1 / (2K) - z) +
    log_ndtr(z - 1 / K) - log(K)`` elsewhere (no cancellation in either where it is used)."""
    pz, pK = np.asarray(_plain(z), dtype=float), np.asarray(_plain(K), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pK.shape)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        erfcx_form = np.broadcast_to(1.0 / pK - pz >= 0.0, shape)

    def scaled(z, K):
        pu = (1.0 / np.asarray(_plain(K), dtype=float) - np.asarray(_plain(z), dtype=float)) * _SQRT_HALF
        far = np.broadcast_to(pu >= _EXPONNORM_FAR_V, np.broadcast_shapes(pu.shape, np.shape(_plain(z))))
        return _two_forms(far, lambda z, K: -_LOG_2 - np.log(K) - 0.5 * z * z + np.log(sc.erfcx((1.0 / K - z)
                                                                                               * _SQRT_HALF)),
                          _exponnorm_far_log_density, (z, K), (0.0, 1.0), (0.0, 0.05))

    def default(z, K):
        return (0.5 / K - z) / K + sc.log_ndtr(z - 1.0 / K) - np.log(K)
    return _two_forms(~erfcx_form, scaled, default, (z, K), (0.0, 1.0), (2.0, 1.0)) - _log_of(scale)


def _exponnorm_log_sf(z, K):
    """``log(ndtr(-z) + K pdf)``: the logs of two positive terms added."""
    return np.logaddexp(sc.log_ndtr(-z), np.log(K) + _exponnorm_log_density(z, K))


def _erfc_integrals_odd_taylor(c, d):
    """``sum_(n odd) d^n i^n erfc(c)`` for ``c < 0`` and ``|c| d <= 1`` (``exp(-c^2)`` times invgauss's series
    :func:`_invgauss_erfcx_odd_taylor`): the repeated integrals of erfc by their upward recurrence ``2 n I_n = I_(n -
    2) - 2 c I_(n - 1)`` from ``I_(-1) = 2 exp(-c^2) / sqrt(pi)``, ``I_0 = erfc(c)``: for ``c < 0`` every term is
    positive (no overflow where ``erfcx(c)`` does)."""
    low, high = 2.0 / math.sqrt(math.pi) * np.exp(-c * c), sc.erfc(c)
    terms = [low, high]
    for n in range(1, _INVGAUSS_TAYLOR_ORDERS + 1):
        low, high = high, (low - 2.0 * c * high) / (2.0 * n)
        terms.append(high)
    return d * polynomial(d * d, terms[2::2])


def _exponnorm_lower_log_cdf(z, K, log=True):
    """``log(exp(-v^2) (erfcx(v) - erfcx(u)) / 2)``, ``v = -z / sqrt(2)``, ``u = v + d``, ``d = 1 / (K sqrt(2))``, the
    difference without cancelling: from v = 10 erfcx's asymptotic series term by term (``c_k v^-(2k + 1) (1 - (v /
    u)^(2k + 1))``, the bracket ``-expm1(-(2k + 1) log1p(d / v))``); below, about the midpoint ``c = v + d / 2``:
    Taylor's series of erfcx (:func:`_invgauss_erfcx_odd_taylor`) for ``0 <= c`` and ``d <= 2``, of the repeated
    integrals of erfc (:func:`_erfc_integrals_odd_taylor`, times ``exp(v d + d^2 / 4)``) for ``c < 0`` and ``|c| d
    <= 1``; elsewhere the difference itself (``ndtr(z) - K pdf``; at most a digit lost: ``erfcx(u) / erfcx(v)``
    below 0.82 for ``d > 2``, ``exp(2 c d) < e^-2`` for ``c d < -1``). Not ``log``: the cdf itself, each form's
    factors multiplied (through ``exp`` of the log the second derivative was ``cdf (L'' + L'^2)``, two terms
    cancelling where the cdf is nearly linear: 2.6e-11 off at z = 5, K = 1e6)."""
    pz, pK = np.asarray(_plain(z), dtype=float), np.asarray(_plain(K), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pK.shape)
    pv, pd = -pz * _SQRT_HALF, _SQRT_HALF / pK
    pc = pv + 0.5 * pd
    far = np.broadcast_to(pv >= _EXPONNORM_FAR_V, shape)
    taylor = np.broadcast_to(~far & (pc >= 0.0) & (pd <= _INVGAUSS_TAYLOR_D), shape)
    negative = np.broadcast_to(~far & (pc < 0.0) & (-pc * pd <= 1.0), shape)
    direct = ~(far | taylor | negative)

    def product(exponent, factor):  # exp(exponent) factor, or its log
        return exponent + np.log(factor) if log else np.exp(exponent) * factor

    def asymptotic(z, K):
        # (1 / v^2 as (1 / v)^2, and the log of the factor as a sum of logs: the factor, the series over 2 sqrt(pi) v,
        # underflowed from v = 1e154 (grad of exponnorm.logcdf(x, 1) at -1e300 was 0 * inf = NaN, the truth 1e300))
        v, d = -z * _SQRT_HALF, _SQRT_HALF / K
        ratio = np.log1p(d / v)
        t = np.square(1.0 / v)
        series = sum(coefficient * (t ** k if k else 1.0) * -np.expm1(-(2 * k + 1) * ratio)
                     for k, coefficient in enumerate(_INVGAUSS_ERFCX_SERIES))
        with np.errstate(over="ignore"):  # (-v^2 overflows from v = 1.3e154: -inf, the truth's rounding)
            exponent = -v * v
        if log:
            return exponent + np.log(series) - np.log(2.0 * math.sqrt(math.pi) * v)
        return product(exponent, series / (2.0 * math.sqrt(math.pi) * v))

    def about_midpoint(z, K):
        v, d = -z * _SQRT_HALF, _SQRT_HALF / K
        return product(-v * v, _invgauss_erfcx_odd_taylor(v + 0.5 * d, d))

    def integrals(z, K):
        v, d = -z * _SQRT_HALF, _SQRT_HALF / K
        return product(v * d + 0.25 * d * d, _erfc_integrals_odd_taylor(v + 0.5 * d, d))

    def difference(z, K):
        cdf = sc.ndtr(z) - K * np.exp(_exponnorm_log_density(z, K))
        return np.log(cdf) if log else cdf
    # (each form's stand-ins inside its own region: v = 20; c = 1, d = 1; c = -1, d = 1/2; d = 4, v = 0)
    safe = {"asymptotic": (-20.0 / _SQRT_HALF, 0.5), "about_midpoint": (-0.5 / _SQRT_HALF, 1.0),
            "integrals": (1.25 / _SQRT_HALF, 2.0), "difference": (0.0, _SQRT_HALF / 4.0)}
    out = None
    for mask, form, name in ((far, asymptotic, "asymptotic"), (taylor, about_midpoint, "about_midpoint"),
                             (negative, integrals, "integrals"), (direct, difference, "difference")):
        if not np.any(mask):
            continue
        value = form(*(np.where(mask, v, s) for v, s in zip((z, K), safe[name])))
        out = value if out is None else np.where(mask, value, out)
    return difference(z, K) if out is None else out  # (None: no points)


def _exponnorm_function(name):
    """``name`` of the standard ``z``: the sf and its log from :func:`_exponnorm_log_sf`, the cdf and its log from
    the lower form where the sf is above 1/2 (:func:`_exponnorm_lower_log_cdf`), ``1 - sf`` elsewhere."""
    def function(z, K, scale):
        if name == "logpdf":
            return _exponnorm_log_density(z, K, scale)
        if name == "pdf":
            pK, ps = _plain(K), _plain(scale)
            return _vanishing(lambda pz: _exponnorm_log_density(pz, pK, ps),
                              lambda z: np.exp(_exponnorm_log_density(z, K, scale)), z, pK, 0.0)
        if name in ("sf", "logsf"):
            log_sf = _exponnorm_log_sf(z, K)
            return log_sf if name == "logsf" else np.exp(log_sf)
        pz, pK = np.asarray(_plain(z), dtype=float), np.asarray(_plain(K), dtype=float)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
            upper = np.broadcast_to(_exponnorm_log_sf(pz, pK) < -_LOG_2, np.broadcast_shapes(pz.shape, pK.shape))

        def from_sf(z):
            log_sf = _exponnorm_log_sf(z, K)
            return _log1mexp(log_sf) if name == "logcdf" else -np.expm1(log_sf)

        def lower(z):
            return _exponnorm_lower_log_cdf(z, K, log=name == "logcdf")
        # (stand-ins: far up and far down, K's median being near K log 2 + 1/2)
        return _piecewise(z, upper, lower, from_sf, -3.0, 5.0 + 3.0 * pK)
    return function


_shape_functions(exponnorm, ("K",), _exponnorm_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _exponnorm_function(row[0]), -np.inf, row[1],
     f"round(float(exponnorm.{row[0]}(0.5, 1.5)), 6)", row[2]) for row in (
        ("logpdf", "``-log(2K) - z^2 / 2 + log(erfcx((1 / K - z) / sqrt(2)))`` (``(1 / K)(1 / (2K) - z) + "
         "log_ndtr(z - 1 / K) - log(K)`` where the erfcx argument is negative), ``- log(scale)``.", "-1.351711"),
        ("pdf", "``exp(1 / (2K^2) - z / K) ndtr(z - 1 / K) / (K scale)``.", "0.258797"),
        ("cdf", "``ndtr(z) - exp(1 / (2K^2) - z / K) ndtr(z - 1 / K)`` (the difference without cancelling).",
         "0.303267"),
        ("logcdf", "``log(cdf)``, finite far in the lower tail.", "-1.193143"),
        ("sf", "``ndtr(-z) + exp(1 / (2K^2) - z / K) ndtr(z - 1 / K)``.", "0.696733"),
        ("logsf", "``log(sf)``, finite far in the upper tail.", "-0.361353"))])


def _exponnorm_quantile_plain(upper):
    """SciPy's root (its generic ppf, or isf, of ``exponnorm``), polished by Newton's steps on the log tail that is
    below 1/2 there (:func:`_exponnorm_log_sf` or :func:`_exponnorm_lower_log_cdf`): SciPy's isf is its ppf at ``1 -
    q``, and its cdf cancels in the lower tail."""
    def plain(q, K):
        from scipy import stats as scipy_stats  # (imported when first used: scipy.stats is slow to import)
        q, K = np.asarray(q, dtype=float), np.asarray(K, dtype=float)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
            x = np.asarray((scipy_stats.exponnorm.isf if upper else scipy_stats.exponnorm.ppf)(q, K), dtype=float)
            x, qb, Kb = np.broadcast_arrays(x, q, K)
            shape = x.shape
            x, qb, Kb = (np.array(a, dtype=float).reshape(-1) for a in (x, qb, Kb))

            def newton(state):
                x, ok = state[0].copy(), state[1].copy()
                xs, qs, Ks = x[ok], qb[ok], Kb[ok]
                sf_side = (qs < 0.5) == upper  # (the tail of the target below 1/2: sf for isf's small q)
                lower_cdf = ~sf_side
                target = np.log(np.where(upper, np.where(sf_side, qs, 1.0 - qs), np.where(lower_cdf, qs, 1.0 - qs)))
                log_tail = np.where(sf_side, _exponnorm_log_sf(xs, Ks), _exponnorm_lower_log_cdf(xs, Ks))
                log_density = _exponnorm_log_density(xs, Ks)
                # d log(tail) / dx = -+pdf / tail
                slope = np.exp(log_density - log_tail) * np.where(sf_side, -1.0, 1.0)
                step = (target - log_tail) / slope
                x[ok] = np.where(np.isfinite(step), xs + step, xs)
                ok[ok] = np.isfinite(step) & (np.abs(step) > 1e-16 * np.abs(xs))
                return (x, ok), not np.any(ok)
            # (the log tails are concave: Newton's steps converge from any start, quadratically near the root; SciPy's
            # isf stops at its bracket, 100 for q = 1e-300 at K = 1.5)
            ok = np.isfinite(x) & (qb > 0) & (qb < 1)
            x = _iterated(newton, (x, ok), 60, done=not np.any(ok))[0]
        return x.reshape(shape)[()]
    return plain


def _exponnorm_quantile_dK(q, K, quantile):
    """``dx / dK = -(d cdf / dK) / pdf = (z - 1 / K) / K + 2 / (K sqrt(2 pi) erfcx((1 / K - z) / sqrt(2)))`` (``d
    cdf / dK = -((z - 1/K) pdf / K + phi(z) / K^2)``; ``phi(z) / pdf = 2K / (sqrt(2 pi) erfcx(u))``), 0 at q = 0 and
    1 (x infinite: the formula's limit there is not taken)."""
    z = quantile(q, K)
    inside = np.isfinite(_plain(z))
    z = z if np.all(inside) else np.where(inside, z, 0.0)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        far = np.asarray(1.0 / _plain(K) - _plain(z), dtype=float) >= _EXPONNORM_DK_SERIES_FROM

    def direct(z, K):
        u = (1.0 / K - z) * _SQRT_HALF
        # (1 / erfcx(u) as exp(-u^2) / erfc(u) for u < 0: erfcx overflows there, and its reciprocal's derivative was
        # inf / inf = NaN)
        reciprocal = _piecewise(u, np.asarray(_plain(u), dtype=float) < 0.0, lambda u: 1.0 / sc.erfcx(u),
                                lambda u: np.exp(-u * u) / sc.erfc(u), 1.0, -1.0)
        return (z - 1.0 / K) / K + 2.0 / (K * math.sqrt(2.0 * math.pi)) * reciprocal

    def series(z, K):
        # w = 1/K - z = sqrt(2) u >= 10: with S = u sqrt(pi) erfcx(u) = 1 - y T, y = 1 / w^2, T = sum_n (-1)^n
        # (2n + 1)!! y^n (erfcx's asymptotic series), dx/dK = (w / K)(1 - S) / S = T / ((1 - K z) S): the direct
        # form's two terms of size 1 / K^2 cancelled to about 1 (d/dK of ppf(0.9, 1e-6) 0.99988 for 1.0000013, its
        # second derivative 512 for 1.28)
        y = (K / (1.0 - K * z)) ** 2  # (1 / w^2, not overflowing at a tiny K)
        term = 0.0 * y + 1.0
        total = term
        for n in range(1, _EXPONNORM_DK_SERIES_TERMS):
            term = term * (-(2.0 * n + 1.0)) * y
            total = total + term
        return total / ((1.0 - K * z) * (1.0 - y * total))
    out = _two_forms(far, direct, series, (z, K), (0.0, 1.0), (0.0, 1e-3))
    return out if np.all(inside) else np.where(inside, out, 0.0)


#: Where :func:`_exponnorm_quantile_dK` takes erfcx's asymptotic series (1 / K - z from 10 on: the 40th term below
#: 1e-19 of the first; below, the direct form's terms cancel at most 100 times)
_EXPONNORM_DK_SERIES_FROM, _EXPONNORM_DK_SERIES_TERMS = 10.0, 40


_quantiles(exponnorm, "K", _root_quantile(
        "exponnorm", "K", _exponnorm_quantile_plain, lambda q, K, quantile, sign: _inverse_slope(
            quantile(q, K), lambda z: _exponnorm_log_density(z, K), np.isfinite, 0.0, sign), _exponnorm_quantile_dK), (
    ("``loc + scale x``, ``x`` the root of ``cdf(x, K) = q`` (SciPy's, polished on the exact log tails).",
     "round(float(exponnorm.ppf(0.5, 1.5)), 6)", "1.236654"),
    ("``loc + scale x``, ``x`` the root of ``sf(x, K) = q`` (polished on the exact log tails).",
     "round(float(exponnorm.isf(0.5, 1.5)), 6)", "1.236654")))


# mean K, variance 1 + K^2
_add_moments("exponnorm", ("K",), lambda K: K, lambda K: 1.0 + K * K, None,
             lambda name, K: _shapes_positive(name, K, names=["K"]), 1.5,
             " The mean is ``K``, the variance ``1 + K^2``. No entropy: it has no closed form.")
_add_quantile_summaries("exponnorm", (1.5,))


# -- halfgennorm (the upper half of the generalized normal distribution) -----------------------------


class halfgennorm:
    """The upper half of the generalized normal distribution, as ``scipy.stats.halfgennorm``: ``pdf = beta exp(-z^beta)
    / gamma(1/beta)`` on ``z = (x - loc) / scale >= 0`` (``beta > 0``; gengamma at ``a = 1/beta``, ``c = beta``),
    differentiable in x (or q), beta, loc and scale: in x, q, loc and scale to every order, in ``beta`` to second order
    (mixed with the others too) where the function goes through ``gammainc`` or its inverse (the tails, quantiles,
    median, interval: as ``gamma``'s, whose third derivative in the shape is refused), to every order elsewhere (the
    density, mean, var, std, entropy). The cdf is ``gammainc(1/beta, z^beta)``, near 0 ``z`` itself times a series
    (``w^a`` is ``z``: no ``z^(beta / beta)`` whose rounding, or whose derivatives in beta, cancel), its log exact to
    z = 1e-300 (SciPy's ``logcdf(1e-300, 2)`` is ``-inf``, the truth -690.65); far out the log sf is ``-z^beta + (1 -
    beta) log z - gammaln(1/beta)`` (SciPy's ``logsf(1e3, 1.5)`` is ``-inf``, the truth -31626.53). The quantiles are
    one primitive in q and beta, ``dx/dq = gamma(1 + 1/beta) e^(x^beta)`` and ``dx/dbeta = -(psi(1 + a) x - gamma(1 + a)
    e^w dP(a + 1, w)/da) / beta^2`` (``a = 1/beta``, ``w = x^beta``: the implicit derivative, without the chain through
    ``gammaincinv(a, q)^(1/beta)``, whose terms ``log W`` cancel as q goes to 0). At z = 0 (the end of the support,
    where the density jumps from 0) the derivatives are the one-sided ones from inside: the density's slope there is
    ``-inf`` for beta < 1, ``-pdf(0)`` at beta = 1, 0 above. Mean ``gamma(2/beta) / gamma(1/beta)``, variance
    ``gamma(3/beta) / gamma(1/beta) - mean^2`` (SciPy integrates them numerically), entropy ``1/beta + gammaln(1 +
    1/beta)``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import halfgennorm
    >>> round(float(wg.grad_bp(lambda x: halfgennorm.cdf(x, 2.0), 0.0)), 6)  # the density at 0: 2 / sqrt(pi)
    1.128379

    .. versionadded:: 0.1
    """


#: ``gammaln(1 + a) = -euler a + sum_k>=2 (-1)^k zeta(k) a^k / k``, to a^45 (below a = 1/4 its last term is below
#: 1e-28): _log_gamma_1p's series ends at 1e-3, above which ``gammaln(1 + a)`` lost a's low digits (halfgennorm's
#: entropy ``a + gammaln(1 + a)`` at beta = 1e3 was 5.1e-13 relative off)
_HALFGENNORM_LOG_GAMMA_SERIES = [0.0, -_EULER] + [(-1) ** k * float(sc.zeta(k)) / k for k in range(2, 46)]


def _halfgennorm_log_gamma(a):
    """``gammaln(1 + a)``, its series below a = 1/4 (:data:`_HALFGENNORM_LOG_GAMMA_SERIES`)."""
    return _piecewise(a, np.asarray(_plain(a), dtype=float) < 0.25, lambda a: sc.gammaln(a + 1.0),
                      lambda a: polynomial(a, _HALFGENNORM_LOG_GAMMA_SERIES), 1.0, 0.1)


def _halfgennorm_check(name, z, beta):
    _shapes_positive(name, beta, names=["beta"])


def _halfgennorm_log_density(z, beta, scale, power_z=None):
    """``log(beta / gamma(1/beta)) - z^beta - log(scale)``, the constant as ``-gammaln(1 + 1/beta)``; with ``power_z``
    (:func:`_power_of_z`) z^beta's derivatives in x and in scale apart: through z d2/dx dscale of logpdf(1e-300, 0.5, 0,
    1.5) was -(z L'' + L') / scale^2 with L'' overflowing, -inf for 1.36e149."""
    with np.errstate(over="ignore"):  # (-inf where z^beta overflows: the truth's rounding)
        return -_halfgennorm_log_gamma(1.0 / beta) - (np.power(z, beta) if power_z is None else power_z(z, beta)) \
            - _log_of(scale)


def _halfgennorm_density(z, beta, scale, log_z):
    """``exp`` of the log density (0 where it vanishes, :func:`_vanishing`); near 0 where the density underflows or
    ``z^(beta - 2)`` overflows :data:`_HALFGENNORM_TERMS`'s (:func:`_halfgennorm_steep`)."""
    steep, terms = _halfgennorm_steep(z, beta, scale, log_z)
    body = _vanishing(lambda z: _halfgennorm_log_density(z, _plain(beta), _plain(scale)), lambda z: _piecewise(
        z, np.broadcast_to(steep, np.broadcast_shapes(steep.shape, np.shape(_plain(z)))),
        lambda z: np.exp(_halfgennorm_log_density(z, beta, scale)),
        lambda z: terms(z, _HALFGENNORM_PDF_TERMS, True), 0.5, 0.5), z, 1.0, 0.0)
    # at z = 0 itself (x == loc) where the density is below the smallest normal number (beta = 0.005: e^-863): its
    # constant exp(log(beta / gamma(1/beta)) - log(scale)), less z^beta times the smallest subnormal number (0 there:
    # the value is the constant's), whose derivative in x, -inf for beta < 1, keeps its sign where the density's
    # underflowed 0 met it (-inf times e^-863 in truth). Through exp(log density) d/dx and d/dscale of pdf(0, 0.005,
    # 0, 1.5) were NaN for -inf and -0 (-pdf / scale, e^-863 / 1.5 underflowing); second derivatives are refused
    # there as at every beta < 1 (z^beta's kink)
    pz = np.asarray(_plain(z), dtype=float)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
        log_density = np.asarray(_halfgennorm_log_density(pz, _plain(beta), _plain(scale)), dtype=float)
    end = (pz == 0) & (log_density < math.log(_TINY_NORMAL))
    if not np.any(end):
        return body
    with np.errstate(under="ignore"):
        out = np.exp(-_halfgennorm_log_gamma(1.0 / beta) - _log_of(scale)) - _SMALLEST_SUBNORMAL * np.power(
            np.where(end, z, 0.0), beta)
    return np.where(end, out, body)


def _halfgennorm_plain_log_sf(z, beta):
    """The plain log sf (to find where the tails vanish): ``log gammaincc(1/beta, z^beta)``, its asymptote far out."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        log_w = beta * np.log(np.asarray(z, dtype=float))
        return np.where(log_w > math.log(_NAKAGAMI_FAR), -np.exp(np.minimum(log_w, 709.0)),
                        _log_gammaincc(1.0 / beta, np.exp(np.minimum(log_w, 709.0))))


#: Below this ``w = z^beta`` halfgennorm's lower tail is its series in powers of z, :func:`_halfgennorm_lower_tiny`
_HALFGENNORM_TINY_W = 1e-3


def _halfgennorm_lower_tiny(z, beta):
    """The cdf ``sum_k (-1)^k z^(1 + k beta) / (k! (1 + k beta)) / gamma(1 + 1/beta)`` (7 terms: the last below 1e-20
    of the sum for ``w = z^beta < _HALFGENNORM_TINY_W``), each term one power of z: through the series in ``w`` its
    second derivative in z had ``z w''`` with ``w'' = beta (beta - 1) z^(beta - 2)``, which overflows where the term is
    finite (cdf'' at z = 1e-300, beta = 0.6 was NaN, the truth -4.0e119)."""
    total = z
    for k in range(1, 7):
        total = total + ((-1.0) ** k / math.factorial(k)) * z ** (1.0 + k * beta) / (1.0 + k * beta)
    return total * np.exp(-_halfgennorm_log_gamma(1.0 / beta))


def _halfgennorm_log_series(beta):
    """The coefficients ``d_k`` and their derivatives ``d_k'`` in beta (k = 1..6, index 0 unused; Var-aware) of
    ``log1p(sum_k c_k w^k) = sum_k d_k w^k``, ``c_k = (-1)^k / (k! (1 + k beta))``: the log of the tiny series
    (:func:`_halfgennorm_lower_tiny`) over its first term, by ``d_k = c_k - sum_j<k j d_j c_(k - j) / k``."""
    c = [((-1.0) ** k / math.factorial(k)) / (1.0 + k * beta) for k in range(7)]
    dc = [-k * c[k] / (1.0 + k * beta) for k in range(7)]
    d, dd = [0.0], [0.0]
    for k in range(1, 7):
        d.append(c[k] - sum(j * d[j] * c[k - j] for j in range(1, k)) / k)
        dd.append(dc[k] - sum(j * (dd[j] * c[k - j] + d[j] * dc[k - j]) for j in range(1, k)) / k)
    return d, dd


#: ``log z + log1p(sum_k c_k z^(k beta))`` near z = 0, halfgennorm's log cdf less ``-gammaln(1 + 1/beta)``
#: (:func:`_log_power_series`, :func:`_halfgennorm_log_series`)
_HALFGENNORM_LOG_TINY = _log_power_series("wengert.scipy.stats.halfgennorm (the log cdf near 0)",
                                          lambda beta: (1.0, 0.0, *_halfgennorm_log_series(beta)))

#: its ``log1p(sum_k c_k z^(k beta))`` alone (log z apart, from :func:`_log_of_z`)
_HALFGENNORM_LOG_TINY_REST = _log_power_series("wengert.scipy.stats.halfgennorm (the log cdf near 0 less log z)",
                                               lambda beta: (0.0, 0.0, *_halfgennorm_log_series(beta)))


#: ``log z + e z^c + b z^2c`` as :data:`_Z_TERMS`'s terms
_LOG_PLUS_TWO_POWERS = (((0, 0, 1, 0, 0, 0, 0), 1.0), ((1, 0, 0, 0, 0, 1, 0), 1.0), ((2, 0, 0, 0, 0, 0, 1), 1.0))


def _halfgennorm_log_series_in_beta(order=21):
    """:func:`_halfgennorm_log_series`'s ``d_k`` (k = 3..6) as power series in beta to ``beta^(order - 1)``, from
    ``c_k = (-1)^k / k! sum_a (-k beta)^a``: within 1e-13 of d_3, 1e-7 of d_6 (relative) below beta = 0.065."""
    c = [np.array([((-1.0) ** k / math.factorial(k)) * float(-k) ** a for a in range(order)]) for k in range(7)]
    d = [np.zeros(order)]
    for k in range(1, 7):
        d.append(c[k] - sum(j * np.convolve(d[j], c[k - j])[:order] for j in range(1, k)) / k)
    return d


#: ``log z + e z^c + b z^2c + sum_(k = 3..6) d_k(c) z^(k c)`` (``d_k`` as series in c, whose powers the terms carry)
_LOG_PLUS_SIX_POWERS = _LOG_PLUS_TWO_POWERS + tuple(
    ((k, 0, 0, a, 0, 0, 0), float(r)) for k, d in enumerate(_halfgennorm_log_series_in_beta()) if k >= 3
    for a, r in enumerate(d) if r)
#: Below this beta the terms to ``z^(6 beta)`` (:data:`_LOG_PLUS_SIX_POWERS`) where ``z^beta >= 1e-9``
_HALFGENNORM_SIX_POWERS_BELOW = 0.065


def _halfgennorm_near_end(z, beta, power_z, whole):
    """halfgennorm's log cdf where ``beta (beta - 1) z^(beta - 2)`` overflows: where every ``w = z^beta`` is below 1e-9
    (w^3 below 1e-18 of w), ``log z + d_1 w + d_2 w^2 - gammaln(1 + 1/beta)`` (:func:`_halfgennorm_log_series`'s d_k)
    as one primitive of x - loc and scale (:func:`_power_of_z`'s): through z (``whole``, :data:`_HALFGENNORM_LOG_TINY`)
    d2/dx dscale was -(z L'' + L') / scale^2, z L'' and L' overflowing apart (halfgennorm.logcdf(1e-300, 0.5, 0, 2):
    +inf for 1.86e149, d2/dscale2 -inf for 1/4). Above (w up to the tiny series' 1e-3, beta below 0.065 there) the
    terms to ``w^6`` (:data:`_LOG_PLUS_SIX_POWERS`): through z at (1e-300, 0.02, 0, 2) d2/dx dscale was +inf for
    1.93e290. Elsewhere (none: w >= 1e-9 with an overflow needs beta < 0.06) ``whole`` as before."""
    if power_z is None:
        return whole(z)
    pb = np.asarray(_plain(beta), dtype=float)
    with np.errstate(under="ignore"):
        pw = np.asarray(_plain(z), dtype=float) ** pb
    d = _halfgennorm_log_series(beta)[0]

    def near(terms):
        return lambda z: power_z(z, beta, terms=terms, e=d[1], b=d[2]) - _halfgennorm_log_gamma(1.0 / beta)
    six = np.broadcast_to(pb < _HALFGENNORM_SIX_POWERS_BELOW, pw.shape)
    return _piecewise(z, pw < 1e-9, lambda z: _piecewise(z, six, whole, near(_LOG_PLUS_SIX_POWERS), 1e-20, 1e-300),
                      near(_LOG_PLUS_TWO_POWERS), 1e-20, 1e-300)


def _halfgennorm_terms_derive(terms, var, decay):
    """The derivative in ``var`` (``"u"``, ``"s"`` or ``"b"``: x - loc, the scale, beta) of :data:`_HALFGENNORM_TERMS`'s
    sum of ``r w^i log(z)^p a^m z^-k s^-n prod_j psi_j^(q_j) exp(-gammaln(1 + a) [- w])`` over ``terms = (((i, p, m,
    k, n, q), r), ...)`` (``z = u / s``, ``w = z^beta``, ``a = 1/beta``, ``psi_j = polygamma(j, 1 + a)``; ``decay``:
    with ``-w`` in the exponent), as such terms (``dz/du = 1 / s``, ``dz/ds = -z / s``, ``da/dbeta = -a^2``)."""
    def parts(i, p, m, k, n, q):
        q = q + (0,) * (4 - len(q))
        if var == "u":  # (each factor's derivative over z s)
            out = [((i, p, m - 1, k + 1, n + 1, q), i), ((i, p - 1, m, k + 1, n + 1, q), p),
                   ((i, p, m, k + 1, n + 1, q), -k)]
            return out + ([((i + 1, p, m - 1, k + 1, n + 1, q), -1)] if decay else [])
        if var == "s":
            out = [((i, p, m - 1, k, n + 1, q), -i), ((i, p - 1, m, k, n + 1, q), -p), ((i, p, m, k, n + 1, q), k - n)]
            return out + ([((i + 1, p, m - 1, k, n + 1, q), 1)] if decay else [])
        out = [((i, p + 1, m, k, n, q), i), ((i, p, m + 1, k, n, q), -m),
               ((i, p, m + 2, k, n, (q[0] + 1,) + q[1:]), 1)]  # (-gammaln(1 + a)'s: a^2 psi_0)
        for j in range(3):  # (psi_j's: -a^2 psi_(j + 1))
            if q[j]:
                moved = list(q)
                moved[j] -= 1
                moved[j + 1] += 1
                out.append(((i, p, m + 2, k, n, tuple(moved)), -q[j]))
        if q[3]:
            raise NoGradientRule("wengert.scipy.stats.halfgennorm has no derivative of this order in beta near "
                                 "x = loc (it would need polygamma(4, 1 + 1/beta))")
        return out + ([((i + 1, p + 1, m, k, n, q), -1)] if decay else [])
    return _collected_terms(terms, lambda *key: [(part, f) for part, f in parts(*key) if part[1] >= 0])


_halfgennorm_terms_derive = functools.lru_cache(maxsize=None)(_halfgennorm_terms_derive)


def _halfgennorm_terms_value(u, s, beta, terms=(), decay=True):
    u, s, beta = (np.asarray(v, dtype=float) for v in (u, s, beta))
    shape = np.broadcast(u, s, beta).shape
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        z = u / s
        direct = np.isfinite(z) & (z >= _TINY_NORMAL)
        log_z = np.where(direct, np.log(np.where(direct, z, 1.0)), np.log(u) - np.log(s))
        a = 1.0 / beta
        w = np.exp(beta * log_z)
        base = -_halfgennorm_log_gamma(a) - (w if decay else 0.0)
        psi = [sc.polygamma(j, 1.0 + a) if j else sc.digamma(1.0 + a) for j in range(4)]
        logs = []
        for (i, p, m, k, n, q), r in terms:
            t = base + np.log(abs(r)) + (i * beta - k) * log_z + m * np.log(a) - n * np.log(s)
            sign = np.sign(r) * np.sign(log_z) ** p
            if p:
                t = t + p * np.log(np.abs(log_z))
            for j, count in enumerate(q):
                if count:
                    t, sign = t + count * np.log(np.abs(psi[j])), sign * np.sign(psi[j]) ** count
            logs.append((sign, t))
        if not logs:
            return np.zeros(shape)[()]
        top = functools.reduce(np.maximum, [t for _, t in logs])
        top = np.where(np.isfinite(top), top, 0.0)
        total = functools.reduce(np.add, [sign * np.exp(t - top) for sign, t in logs])
        return np.broadcast_to(np.sign(total) * np.exp(top + np.log(np.abs(total))), shape)[()]


#: halfgennorm's density and lower tail near z = 0 as sums of ``r w^i log(z)^p a^m z^-k s^-n prod_j psi_j^(q_j) exp(-
#: gammaln(1 + a) [- w])`` (:func:`_halfgennorm_terms_derive`) of ``u = x - loc``, the scale and beta, one primitive
#: whose partials are such sums again, each summed from its terms' logs: where ``gammaln(1 + 1/beta)`` is large the
#: density underflows (e^-863 at beta = 0.005) while its derivatives, ``pdf`` times powers of ``beta z^(beta - 1)``,
#: do not, and through ``exp(log density)`` they were ``0 * (1.6e296)`` = 0 (pdf(1e-300, 0.005, 0, 1.5)'s d/dx for
#: -1.29e-79) or ``0 * inf`` = NaN (its Hessian); where ``z^(beta - 2)`` overflows, z and the scale apart
_HALFGENNORM_TERMS = OwnPrimitive(_halfgennorm_terms_value, name="wengert.scipy.stats.halfgennorm (its terms near z = 0)",
                                  reenters="any")
_def_partials(_HALFGENNORM_TERMS, *[(lambda var: lambda u, s, beta, terms=(), decay=True: _HALFGENNORM_TERMS(
    u, s, beta, terms=_halfgennorm_terms_derive(terms, var, decay), decay=decay))(var) for var in "usb"])
#: the density's terms, ``exp(-gammaln(1 + a) - w) / s``
_HALFGENNORM_PDF_TERMS = (((0, 0, 0, 0, 1, ()), 1.0),)


def _halfgennorm_steep(z, beta, scale, log_z, tails=False):
    """Where halfgennorm's density and tails take :data:`_HALFGENNORM_TERMS` (a plain mask: z < 1 where ``z^(beta -
    2)`` overflows or the density is below the smallest normal number; for the tails (``tails``) only the latter: their
    terms carry ``exp(log z - gammaln(1 + 1/beta))``, whose log's rounding (|log z| eps) made cdf(1e-300, 0.5, 0, 1.5)
    3.3333333333336094e-301 for 3.3333333333333334e-301, where the series route is exact), and ``terms(w, terms, decay)``: the primitive of u and the scale on z's own entries (``w`` z or a copy whose other entries are
    constants, as :func:`_on_support` and ``_piecewise`` make), elsewhere of ``w`` and 1."""
    pz, pb = np.asarray(_plain(z), dtype=float), np.asarray(_plain(beta), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pb.shape)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
        low = np.log(pz) * pb < 0.0  # (z < 1)
        underflows = -_halfgennorm_log_gamma(1.0 / pb) - pz ** pb - np.log(np.asarray(_plain(scale), dtype=float)) \
            < math.log(_TINY_NORMAL)
    steep = np.broadcast_to((pz > 0) & low & (underflows if tails else _power_second_overflows(pz, pb) | underflows),
                            shape)
    u, s = log_z.u, log_z.scale

    def terms(w, which, decay):
        pw = np.asarray(_plain(w), dtype=float)
        own = np.broadcast_to(pw == pz, np.broadcast_shapes(pw.shape, pz.shape))
        return _HALFGENNORM_TERMS(np.where(own, u, pw * _plain(s)), s, beta, terms=which, decay=decay)
    return steep, terms


def _halfgennorm_steep_lower(z, beta, terms):
    """The cdf ``sum_k (-1)^k z w^k / (k! (1 + k beta)) / gamma(1 + 1/beta)`` (``w = z^beta < 1``; to the term below
    1e-18 of the k = 1 term's, which leads the second z-derivative) as :data:`_HALFGENNORM_TERMS`'s (``terms``, :func:`_halfgennorm_steep`): its z-derivative is the density's
    terms, not ``exp(-gammaln(1 + a))``'s underflowed 0 times ``z^(k beta)``'s."""
    with np.errstate(under="ignore", divide="ignore"):
        top = float(np.max(np.asarray(_plain(z), dtype=float) ** np.asarray(_plain(beta), dtype=float), initial=0.0))
    total, k = 0.0, 0
    while True:
        total = total + (((-1.0) ** k / math.factorial(k)) / (1.0 + k * beta)) * terms(
            z, (((k, 0, 0, -1, 0, ()), 1.0),), False)
        k += 1
        if k > 1 and top ** (k - 1) / math.factorial(k) < 1e-18:  # (the z-derivatives' lead from k = 1 on)
            return total


def _halfgennorm_tail(upper, log):
    """``gammainc(1/beta, z^beta)`` (``upper``: ``gammaincc``), or its log (:func:`_lower_gamma_tails` with ``w^a =
    z`` and its log ``log z``); far out the log sf its asymptote ``-w + (a - 1) log w - gammaln(a)`` as ``-z^beta +
    (1 - beta) log z - gammaln(1/beta)``, the other three constants with derivatives 0 where the log sf is below
    ``_VANISHING_LOG`` (:func:`_vanishing`). The log cdf with ``log_z`` and ``power_z`` (:func:`_log_of_z`,
    :func:`_power_of_z`): ``log z`` and ``z^beta`` with their derivatives in x and in scale apart (through z d2/dx dscale
    of halfgennorm.logcdf(1e-15, 1.5) was 0.125, the truth 2.8e-8); near 0 the series' rest (less log z) through z,
    and where its second z-derivative's ``beta (beta - 1) z^(beta - 2)`` overflows (beta < 1 near 1e-300) the one
    primitive as before (there d2/dx dscale inf, not a silent 0)."""
    def tail(z, beta, scale, log_z=None, power_z=None):
        if (upper or not log) and log_z is not None:
            steep, terms = _halfgennorm_steep(z, beta, scale, log_z, tails=True)
            if np.any(steep):  # (near 0, where the density underflows or z^(beta - 2) overflows: the terms)
                def near(z):
                    p = _halfgennorm_steep_lower(z, beta, terms)
                    return (np.log1p(-p) if log else 1.0 - p) if upper else p
                return _piecewise(z, steep, lambda z: tail(z, beta, scale), near, 0.5, 0.5)
        if upper or not log:
            log_z = power_z = None
        a = 1.0 / beta
        pb = np.asarray(_plain(beta), dtype=float)
        pa = 1.0 / pb
        safe = (_gengamma_z_at(np.maximum(pa, 1.0), pb), _gengamma_z_at(0.25, pb))  # (w = max(a, 1); w = 1/4)
        # (w = z^beta from power_z on a traced z only: _lower_gamma_tails takes its regions from w of the plain z)
        w = (lambda z: z ** beta) if power_z is None else (
            lambda z: power_z(z, beta) if isinstance(z, (Var, Dual)) else z ** beta)

        def series(z):
            with np.errstate(over="ignore"):
                return _lower_gamma_tails(a, z, w, lambda z: z, np.log if log_z is None else log_z, upper, log, safe)

        def tiny(z):
            if log and not upper:
                def whole(z):
                    return _HALFGENNORM_LOG_TINY(z, beta) - _halfgennorm_log_gamma(a)
                if log_z is None:
                    return whole(z)
                return _piecewise(z, _power_second_overflows(z, pb), lambda z: log_z(z)
                                  + _HALFGENNORM_LOG_TINY_REST(z, beta) - _halfgennorm_log_gamma(a),
                                  lambda z: _halfgennorm_near_end(z, beta, power_z, whole), 1e-20, 1e-20)
            p = _halfgennorm_lower_tiny(z, beta)
            if upper:
                return np.log1p(-p) if log else 1.0 - p
            return p

        def inner(z):
            with np.errstate(divide="ignore", under="ignore"):
                small = pb * np.log(np.asarray(_plain(z), dtype=float)) < math.log(_HALFGENNORM_TINY_W)
            if log and not upper and power_z is not None:
                # (and the log cdf where beta (beta - 1) z^(beta - 2) overflows, beta below 0.065: there z^beta < 0.97
                # and the six powers within 5e-16 (mpmath); through the series d2/dx2 was -1 / u^2 plus f'(w) w_xx,
                # inf - inf = NaN at (1e-300, 0.005) for -inf)
                small = small | (_power_second_overflows(z, pb) & (pb < _HALFGENNORM_SIX_POWERS_BELOW))
            return _piecewise(z, np.broadcast_to(small, np.broadcast_shapes(small.shape, pb.shape)), series, tiny,
                              safe[1], _gengamma_z_at(1e-4, pb))
        if upper and log:
            def asymptote(z):
                with np.errstate(over="ignore"):  # (-inf where z^beta overflows: the truth's rounding)
                    return -np.power(z, beta) + (1.0 - beta) * np.log(z) - sc.gammaln(a)
            with np.errstate(divide="ignore"):
                far = pb * np.log(np.asarray(_plain(z), dtype=float)) > math.log(_NAKAGAMI_FAR)
            return _piecewise(z, np.broadcast_to(far, np.broadcast_shapes(far.shape, pb.shape)), inner, asymptote,
                              safe[1], _gengamma_z_at(1e160, pb))
        return _vanishing(lambda z: _halfgennorm_plain_log_sf(z, pb), inner, z, 1.0,
                          -0.0 if log else 0.0 if upper else 1.0)
    return tail


_shape_functions(halfgennorm, ("beta",), _halfgennorm_check, [
    (name, inside, function, outside, formula, f"round(float(halfgennorm.{name}(0.5, 1.5)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _halfgennorm_log_density, -np.inf,
         "``log(beta / gamma(1/beta)) - z^beta - log(scale)`` on ``z >= 0``, ``-inf`` below.", "-0.251239"),
        ("pdf", lambda z: z >= 0, _halfgennorm_density, 0.0,
         "``beta exp(-z^beta) / (gamma(1/beta) scale)`` on ``z >= 0``, 0 below.", "0.777837"),
        ("cdf", lambda z: z >= 0, _halfgennorm_tail(False, False), 0.0,
         "``gammainc(1/beta, z^beta)`` (``z`` times a series near 0) on ``z >= 0``, 0 below.", "0.483499"),
        # (given log_z and power_z; at z = 0: log z - gammaln(1 + 1/beta) - z^beta / (1 + beta) + O(z^(2 beta)))
        ("logcdf", lambda z: z >= 0, _with_lower_end(_halfgennorm_tail(False, True), lambda log_z, beta: log_z.end(
            1.0, stop_gradient(-1.0 / (1.0 + beta)), beta) - sc.gammaln(1.0 + 1.0 / beta)), -np.inf,
         "The log of the cdf (``log z`` and a series near 0), ``-inf`` at and below 0.", "-0.726707"),
        ("sf", lambda z: z >= 0, _halfgennorm_tail(True, False), 1.0,
         "``gammaincc(1/beta, z^beta)`` on ``z >= 0``, 1 below.", "0.516501"),
        ("logsf", lambda z: z >= 0, _halfgennorm_tail(True, True), 0.0,
         "The log of the sf (far out ``-z^beta + (1 - beta) log z - gammaln(1/beta)``), 0 below the support.",
         "-0.660677"),
    )])


def _halfgennorm_quantile_base(upper):
    """``W``, the gamma(1/beta) quantile of the standard ppf's (``upper``: isf's) ``p`` from the smaller tail
    (``gammaincinv`` of the lower tail's ``p`` up to 1/2, ``gammainccinv`` of the upper's above: ``1 - p`` lost the
    upper tail's digits), of plain q and beta."""
    def base(q, beta):
        q, beta = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(beta, dtype=float))
        a = 1.0 / beta
        p, r = (1.0 - q, q) if upper else (q, 1.0 - q)
        with np.errstate(divide="ignore", under="ignore", over="ignore", invalid="ignore"):
            return np.where(p <= 0.5, sc.gammaincinv(a, p), sc.gammainccinv(a, r))
    return base


def _halfgennorm_quantile_value(upper):
    """The standard ppf (``upper``: isf) ``W^(1/beta)`` (``W`` from :func:`_halfgennorm_quantile_base`), and ``p
    gamma(1 + 1/beta)`` where ``W`` is below ``_NAKAGAMI_SMALL_W`` (its leading term, the next a factor ``1 + a W / (a
    + 1)``; gammaincinv underflows there)."""
    base = _halfgennorm_quantile_base(upper)

    def value(q, beta):
        q, beta = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(beta, dtype=float))
        a = 1.0 / beta
        p = 1.0 - q if upper else q
        with np.errstate(divide="ignore", under="ignore", over="ignore", invalid="ignore"):
            tiny = (p <= 0.5) & (p > 0) & ((np.log(p) + sc.gammaln(a + 1.0)) / a < math.log(_NAKAGAMI_SMALL_W))
            return np.where(tiny, p * np.exp(sc.gammaln(a + 1.0)), base(q, beta) ** a)[()]
    return value


def _halfgennorm_refuse_overflowed(upper):
    raise NoGradientRule(
        f"wengert.scipy.stats.halfgennorm.{'isf' if upper else 'ppf'}: the quantile overflows (inf: gammaincinv(1/beta, "
        "q)^(1/beta) beyond 1.8e308, for beta below about 0.0059), and its second derivatives there are not computed "
        f"(infinities whose signs are those of the log quantile's derivatives); its first derivatives are "
        f"({'-' if upper else '+'}inf in q, -inf in beta). Evaluate where the quantile is finite.")


def _halfgennorm_quantile_partials(upper):
    """The partials of the standard quantile ``x(q, beta)``, traced in x (the primitive again): in q ``+-1 / pdf(x) =
    +-gamma(1 + a) e^(x^beta)``; in beta ``-F_beta / pdf`` at fixed x (``F`` the cdf, the same for the isf), ``-a^2
    (psi(1 + a) x + gamma(1 + a) e^w (-dP(a + 1, w)/da))`` (``a = 1/beta``, ``w = x^beta``; from ``F = int_0^x
    exp(-t^beta) dt / gamma(1 + a)``, whose integrand's derivative ``-t^beta log t e^(-t^beta)`` integrates to ``-a^2
    gamma(a + 1) d gammainc(s, w) / ds`` at ``s = a + 1``: nothing cancels as x goes to 0, where the chain through
    ``gammaincinv(a, q)^(1/beta)`` cancelled ``log W``'s), the product's exp from the logs beyond ``w = 500``
    (``e^w`` overflows from 709)."""
    sign = -1.0 if upper else 1.0

    def in_q(q, beta):
        with np.errstate(over="ignore"):  # (inf: the truth's rounding, or the infinite end)
            return sign * np.exp(exponent(q, beta))

    def log_slope(x, beta):  # (x_beta / x, and w = x^beta)
        a = 1.0 / beta
        w = x ** beta
        # (gamma(1 + a) e^w (-dP(a + 1, w)/da) as x gammaincinv_da(a + 1, w), dP/da over the gamma(a + 1) density
        # w^a e^-w / gamma(1 + a), w^a = x: as the product, gamma(1 + a) overflowed from beta = 0.0058 against dP/da's
        # 1e-300, halfgennorm.ppf(1e-300, 0.005)'s d/dbeta -inf for -1.83e81, d2/dbeta2 NaN for 5.9e86)
        with np.errstate(under="ignore"):
            p = sc.gammainc(_plain(a) + 1.0, _plain(w))  # (its value where w is below the smallest normal number)
        return -a * a * (sc.digamma(1.0 + a) + gammaincinv_da(a + 1.0, w, p)), w

    def inside(q, beta):  # (x(q, beta) and where it is neither 0 nor infinite)
        x = primitive(q, beta)
        px = np.asarray(_plain(x), dtype=float)
        return x, np.broadcast_to((px > 0) & (px < np.inf), np.broadcast_shapes(px.shape, np.shape(_plain(beta))))

    def overflowed(q, beta):  # (where x overflowed inside 0 < q < 1: not the end q = 1 (isf: 0), whose x is inf)
        pq = np.asarray(_plain(q), dtype=float)
        return np.isinf(np.asarray(_plain(primitive(q, beta)), dtype=float)) & (pq > 0) & (pq < 1)

    def refuse_where_overflowed(q, beta):
        if np.any(overflowed(q, beta)):
            _halfgennorm_refuse_overflowed(upper)

    def in_beta(q, beta):
        x, ok = inside(q, beta)
        if not np.all(ok):  # (q at the infinite end: 0, the end does not move)
            x = np.where(np.isinf(_plain(x)), 1.0, x)
        out = x * log_slope(x, beta)[0]
        if not np.all(ok):
            over = overflowed(q, beta)
            out = np.where(np.isinf(_plain(primitive(q, beta))), 0.0, out)
            if np.any(over):
                # (where x overflowed, d/dbeta is x times d log x / dbeta = -a^2 (psi(1 + a) + gammaincinv_da(a + 1,
                # W)) at W = x^beta, finite: -inf (it was 0); its own derivatives refused)
                pb = np.asarray(_plain(beta), dtype=float)
                pa = 1.0 / pb
                w = _halfgennorm_quantile_base(upper)(_plain(q), pb)
                with np.errstate(under="ignore", invalid="ignore"):
                    slope = -pa * pa * (sc.digamma(1.0 + pa) + gammaincinv_da(pa + 1.0, w, sc.gammainc(pa + 1.0, w)))
                out = np.where(over, overflowed_slope(q, beta, np.where(over, slope * np.inf, 0.0)), out)
        return out

    def exponent_in_q(q, beta):
        refuse_where_overflowed(q, beta)
        x, ok = inside(q, beta)

        def through_logs(q):  # (beta w e^E / x without 1 / pdf's overflow: d2/dq dbeta of ppf(1e-300, 0.005) was NaN)
            x = primitive(q, beta)
            return sign * beta * x ** beta * np.exp(exponent(q, beta) - np.log(x))

        def at_end(q):
            with np.errstate(over="ignore", divide="ignore"):
                return sign * beta * primitive(q, beta) ** (beta - 1.0) * np.exp(exponent(q, beta))
        return _piecewise(q, ok, at_end, through_logs, 0.5, 0.5)

    def exponent_in_beta(q, beta):  # (d/dbeta of gammaln(1 + 1/beta) + x^beta)
        refuse_where_overflowed(q, beta)
        x, ok = inside(q, beta)
        x = np.where(ok, x, 1.0)
        slope, w = log_slope(x, beta)
        return -sc.digamma(1.0 + 1.0 / beta) / (beta * beta) + w * (np.log(x) + beta * slope)
    value = _halfgennorm_quantile_value(upper)
    primitive = OwnPrimitive(value, name=f"wengert.scipy.stats.halfgennorm.{'isf' if upper else 'ppf'}", reenters="any")
    # (``value``, d/dbeta where x overflowed, on the tape of q and beta: its own derivatives refused)
    overflowed_slope = OwnPrimitive(lambda q, beta, value: value, name="wengert.scipy.stats.halfgennorm (d/dbeta where "
                                    "the quantile overflows)", reenters="any")
    defvjp(overflowed_slope, *[lambda ans, q, beta, value: lambda g: _halfgennorm_refuse_overflowed(upper)] * 2)
    defjvp(overflowed_slope, lambda ans, primals, tangents: _halfgennorm_refuse_overflowed(upper))
    _def_partials(primitive, in_q, in_beta)

    def exponent_value(q, beta):  # (log |dx/dq| = gammaln(1 + 1/beta) + x^beta)
        with np.errstate(over="ignore"):
            return _halfgennorm_log_gamma(1.0 / beta) + value(q, beta) ** beta
    exponent = OwnPrimitive(exponent_value, name="wengert.scipy.stats.halfgennorm (log |dx/dq| of its quantiles)",
                            reenters="any")
    _def_partials(exponent, exponent_in_q, exponent_in_beta)
    return primitive


_HALFGENNORM_PPF = _halfgennorm_quantile_partials(False)
_HALFGENNORM_ISF = _halfgennorm_quantile_partials(True)


def _halfgennorm_quantile(name, q, beta, loc, scale, upper):
    _shapes_positive(name, beta, names=["beta"])
    return _in_dtype_of(_located(name, q, loc, scale, _HALFGENNORM_ISF if upper else _HALFGENNORM_PPF,
                                 shapes=(beta,)), q, beta, loc, scale)


_quantiles(halfgennorm, "beta", _halfgennorm_quantile, (
    ("``loc + scale gammaincinv(1/beta, q)^(1/beta)`` (``gammainccinv(1/beta, 1 - q)`` above 1/2).",
     "round(float(halfgennorm.ppf(0.5, 2.0)), 6)", "0.476936"),
    ("``loc + scale gammainccinv(1/beta, q)^(1/beta)`` (``gammaincinv(1/beta, 1 - q)`` below 1/2).",
     "round(float(halfgennorm.isf(0.5, 2.0)), 6)", "0.476936")))


def _halfgennorm_mean(beta):
    """``gamma(2a) / gamma(a) = gamma(1 + 2a) / (2 gamma(1 + a))``, ``a = 1/beta`` (no poles as a goes to 0)."""
    a = 1.0 / beta
    return 0.5 * np.exp(_halfgennorm_log_gamma(2.0 * a) - _halfgennorm_log_gamma(a))


def _halfgennorm_var(beta):
    """``gamma(3a) / gamma(a) - mean^2`` as ``gamma(1 + 3a) / (3 gamma(1 + a)) - mean^2`` (their ratio is above 4/3:
    at most two bits cancel)."""
    a = 1.0 / beta
    return np.exp(_halfgennorm_log_gamma(3.0 * a) - _halfgennorm_log_gamma(a)) / 3.0 - _halfgennorm_mean(beta) ** 2


_add_moments("halfgennorm", ("beta",), _halfgennorm_mean, _halfgennorm_var,
             lambda beta: 1.0 / beta + _halfgennorm_log_gamma(1.0 / beta),
             lambda name, beta: _shapes_positive(name, beta, names=["beta"]), 2.0,
             " The mean is ``gamma(2/beta) / gamma(1/beta)``, the variance ``gamma(3/beta) / gamma(1/beta) - mean^2`` "
             "(SciPy integrates them numerically).")
_add_quantile_summaries("halfgennorm")


# -- powerlognorm (the minimum's law of c lognormal variables: sf ndtr(-log(z) / s)^c) ----------------


class powerlognorm:
    """The power log-normal distribution, as ``scipy.stats.powerlognorm``: ``(c / (z s)) npdf(u) ndtr(-u)^(c - 1)``,
    ``u = log(z) / s``, on ``z > 0`` (``c, s > 0``); differentiable in x (or q), c, s, loc and scale. The log sf ``c
    log_ndtr(-u)`` (finite where the sf underflows), the cdf ``-expm1`` of it, the log cdf ``log(-expm1(.))`` or
    ``log1p(-sf)`` where the sf is below 1/2 (where ``c ndtr(u) < e^-46`` ``log c + log_ndtr(u)``: finite where the cdf
    underflows),
    ``log z`` from x - loc and scale apart (:func:`_log_of_z`); every
    derivative 0 at z = 0, but the log density's: -inf there, its derivatives the one-sided limits from inside. The quantiles ``exp(-s ndtri_exp(l / c))``, ``l = log1p(-q)`` (ppf) or ``log q`` (isf)
    (SciPy's ``exp(-s ndtri(q^(1/c)))`` at ``1 - q`` for the ppf loses the lower tail: its ``ppf(1e-10, 2, 1)`` is
    2e-7 relative off, ``ppf(1e-20, 2, 1)`` 1 for 1.6e-4, and ``q^(1/c)`` rounds near 1 for a large c); the mean,
    variance and entropy (SciPy integrates them) by quadrature in the probability.

    >>> from wengert.scipy.stats import powerlognorm
    >>> round(float(powerlognorm.median(2.0, 1.0)), 6)
    0.57987

    .. versionadded:: 0.1
    """


def _powerlognorm_shapes(name, c, s):
    _shapes_positive(name, c, s, names=["c", "s"])
    if not all(np.all(np.isfinite(_plain(v))) for v in (c, s)):
        raise ValueError(f"{name}: c and s must be finite (SciPy gives NaN)")


def _powerlognorm_check(name, z, c, s):
    _powerlognorm_shapes(name, c, s)


def _powerlognorm_function(name):
    def on_support(z, c, s, scale, log_z):
        def log_density(z):
            u = log_z(z) / s
            return (np.log(c) - log_z(z) - np.log(s) - 0.5 * u * u - 0.5 * _LOG_2PI + (c - 1.0) * sc.log_ndtr(-u)
                    - _log_of(scale))
        if name == "logpdf":
            return log_density(z)
        if name == "pdf":
            def plain_log_density(pz):
                pc, ps = np.asarray(_plain(c), dtype=float), np.asarray(_plain(s), dtype=float)
                pu = np.log(pz) / ps
                return np.log(pc) - np.log(pz) - np.log(ps) - 0.5 * pu * pu + (pc - 1.0) * sc.log_ndtr(-pu)
            # (0 with derivatives 0 where the log density is below _VANISHING_LOG, _vanishing: through exp(log density) at
            # a subnormal z, 1 / z overflowing, d2/dx2 of powerlognorm.pdf(1e-310, 1, 1) was NaN, the truth 0 in floats,
            # exp(-254000) z^-2 u^2)
            return _vanishing(plain_log_density, lambda z: np.exp(log_density(z)), z, 1.0, 0.0)
        u = log_z(z) / s
        log_sf = c * sc.log_ndtr(-u)
        if name == "logsf":
            return log_sf
        if name == "sf":
            return np.exp(log_sf)
        if name in ("cdf", "logcdf"):  # (where c ndtr(u) < e^-46: c ndtr(u), its log log c + log_ndtr(u), within
            # rounding of -expm1(c log1p(-ndtr(u))); through that form the log cdf's d2/ds2 was 3.5e-11 off at u = -36.9
            # and it underflowed from u = -37.5 on)
            with np.errstate(divide="ignore"):
                tiny = np.asarray(np.log(_plain(c)) + sc.log_ndtr(_plain(u)) < -46.0)

            def near_zero(u, c):
                return np.log(c) + sc.log_ndtr(u) if name == "logcdf" else c * sc.ndtr(u)

            def farther(u, c):
                log_sf = c * sc.log_ndtr(-u)
                if name == "cdf":
                    return -np.expm1(log_sf)
                far = np.asarray(_plain(log_sf)) < -_LOG_2  # (log1p(-sf) where the sf is below 1/2)
                return _piecewise(log_sf, far, lambda v: np.log(-np.expm1(v)), lambda v: np.log1p(-np.exp(v)), -0.1,
                                  -1.0)
            return _two_forms(tiny, farther, near_zero, (u, c), (0.0, 1.0), (-40.0, 1.0))

    at_zero = {"logpdf": -np.inf, "pdf": 0.0, "cdf": 0.0, "logcdf": -np.inf, "sf": 1.0, "logsf": 0.0}[name]

    def at_end(z, c, s, scale, log_z):
        # (the log density at z = 0: -inf with the one-sided limits from inside as its derivatives, lognorm's -L - L^2
        # / (2 s^2) as its primitive of x - loc and scale (_LOGNORM_U_TERMS: each derivative one quotient, where
        # through -L and -L^2 apart d2/dx2 was inf - inf); (c - 1) log_ndtr(-u) and every derivative of it vanish
        # there, as exp(-u^2 / 2))
        end = np.asarray(_plain(z)) == 0
        u = np.where(end, log_z.u + 0.0, log_z.scale)  # (+ 0.0: -0.0 is the end from above; z = 1 elsewhere)
        return (np.log(c) - np.log(s) - _log_of(scale) - 0.5 * _LOG_2PI
                + _LOGNORM_U_TERMS(u, np.where(end, log_z.scale, 1.0) * np.ones_like(u), s))

    def function(z, c, s, scale, log_z):
        pz = np.asarray(_plain(z), dtype=float)
        inside = pz > 0
        if np.all(inside):
            return on_support(z, c, s, scale, log_z)
        with np.errstate(divide="ignore"):
            out = np.where(inside, on_support(np.where(inside, z, 1.0), c, s, scale, log_z), at_zero)
        # (below loc where z only rounds to -0.0: outside, -inf with every derivative 0; the end's terms at that
        # negative x - loc were NaN, powerlognorm.logpdf and logcdf(-1e-300, 2.14, 0.446, 0, 1e300) NaN for SciPy's
        # -inf)
        below = (pz == 0) & (np.asarray(_plain(log_z.u), dtype=float) < 0)
        if name in ("logpdf", "logcdf") and np.any(below):
            return np.where(below, -np.inf, function(np.where(below, 1.0, z), c, s, scale, log_z))
        if name == "logcdf":  # (log c + lognorm's log cdf at z = 0: c ndtr(u) there)
            return _lognorm_log_cdf_end(z, out, log_z.u, log_z.scale, s, np.log(c))
        if name != "logpdf":
            return out
        return _at_lower_end(z, out, lambda z: at_end(z, c, s, scale, log_z))
    return function


_shape_functions(powerlognorm, ("c", "s"), _powerlognorm_check, [
    (name, lambda z: np.ones(np.shape(z), bool), _powerlognorm_function(name), np.nan, formula,
     f"round(float(powerlognorm.{name}(0.5, 2.0, 1.0)), 6)", value) for name, formula, value in (
        ("logpdf", "``log(c / (z s)) - u^2 / 2 - log(2 pi) / 2 + (c - 1) log_ndtr(-u)``, ``u = log(z) / s``, minus "
         "``log(scale)``, on ``z > 0``; ``-inf`` elsewhere.", "-0.052728"),
        ("pdf", "``exp(logpdf)``, 0 at and below z = 0.", "0.948638"),
        ("cdf", "``-expm1(c log_ndtr(-u))`` (``c ndtr(u)`` where that is below e^-46).", "0.428628"),
        ("logcdf", "``log(-expm1(c log_ndtr(-u)))``, ``log1p(-sf)`` where the sf is below 1/2, ``log c + log_ndtr(u)`` "
         "where ``c ndtr(u) < e^-46``.", "-0.847165"),
        ("sf", "``ndtr(-u)^c``, as ``exp(c log_ndtr(-u))``.", "0.571372"),
        ("logsf", "``c log_ndtr(-u)``: finite where the sf underflows.", "-0.559715"))])


def _powerlognorm_standard_quantile(upper):
    """``exp(-s ndtri_exp(l / c))``, ``l = log q`` (isf) or ``log1p(-q)`` (ppf): ``ndtr(-u) = sf^(1/c)``; where ``p =
    -expm1(l / c) <= 1/2`` as ``exp(s ndtri_exp(log p))``, ``log p = log(-l) - log(c) + log(exprel(l / c))`` (through
    exp and ndtri_exp of l / c d2/dq2 was inf - inf, powerlognorm.ppf(1e-300, 2, 1, 0, s)'s NaN, the truth -inf; through
    p, ``d/dp`` overflowing beside ``dp/dc`` tiny, its d2/dq dc by reverse over forward and forward over reverse +inf, the
    truth -4.47e280)."""
    def small_p(tail, c, s):
        return _EXP_NDTRI_SPLIT(-tail, np.log(sc.exprel(tail / c)) - np.log(c), s)

    def standard(q, c, s):
        with np.errstate(divide="ignore", over="ignore"):
            tail = np.log(q) if upper else np.log1p(-q)
            small = np.asarray(_plain(tail / c)) > -_LOG_2  # (p = -expm1(level) < 1/2)
            return _two_forms(small, lambda tail, c: np.exp(-s * sc.ndtri_exp(tail / c)),
                              lambda tail, c: small_p(tail, c, s), (tail, c), (-1.0, 1.0), (-0.25, 1.0))
    return standard


def _powerlognorm_end_slope(upper):
    """The quantile's slope at its finite end (z = 0, the density vanishing faster than any power): + inf for the
    ppf, -inf for the isf."""
    def slope(pq, c, s):
        return np.full(np.broadcast_shapes(np.shape(pq), np.shape(c), np.shape(s)), -np.inf if upper else np.inf)
    return slope


def _powerlognorm_steep_mixed(lower, c, s):
    """d2/dq dshape at z = 0, relative to the slope ``z s / (c npdf(u) ...) ~ z s / (|u| q)``, ``ndtr(u) ~ q / c``,
    ``z = e^(s u)``: a larger c or s takes z (and the slope) down: -1 for both."""
    return (-1.0, -1.0)


def _powerlognorm_quantile(name, q, c, s, loc, scale, upper):
    _powerlognorm_shapes(name, c, s)
    with np.errstate(divide="ignore"):
        return _in_dtype_of(_located(name, q, loc, scale, _powerlognorm_standard_quantile(upper), shapes=(c, s),
                                     end_slope=_powerlognorm_end_slope(upper),
                                     steep_mixed=_powerlognorm_steep_mixed), q, c, s, loc, scale)


_quantiles(powerlognorm, ("c", "s"), _powerlognorm_quantile, (
    ("``loc + scale exp(-s ndtri_exp(log1p(-q) / c))``.", "round(float(powerlognorm.ppf(0.3, 2.0, 1.0)), 6)", "0.375002"),
    ("``loc + scale exp(-s ndtri_exp(log(q) / c))``.", "round(float(powerlognorm.isf(0.7, 2.0, 1.0)), 6)", "0.375002")))
_add_quantile_summaries("powerlognorm", (2.0, 1.0))


# -- skewnorm's quantiles ----------------------------------------------------------------------------

def _skewnorm_quantile_plain(upper):
    """skewnorm's plain standard ppf (``upper``: isf): Newton's steps on the log of the smaller tail (``logcdf(z, a) =
    log p`` for ``p = q`` (isf: ``1 - q``) up to 1/2, else ``logcdf(-z, -a) = log(1 - p)``, :func:`_skewnorm_log_derivatives`)
    from the moments' normal approximation: both tails are log-concave (the density is), so after the first step
    the steps approach the root from one side; to a step of 2e-15 |z| + 1e-15 / slope (or one that leaves z where it
    is)."""
    def plain(q, a):
        q, a = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(a, dtype=float))
        p = 1.0 - q if upper else q  # (the isf's 1 - q read only where q >= 1/2: exact there)
        lower = (q <= 0.5) if not upper else (q >= 0.5)
        with np.errstate(all="ignore"):
            log_target = np.where(lower, np.log(p), np.where(upper, np.log(q), np.log1p(-q)))
            delta = a / np.sqrt(1.0 + a * a)
            normal = (-1.0 if upper else 1.0) * sc.ndtri(q)  # (ndtri(p), without p's rounding)
            z = np.sqrt(2.0 / np.pi) * delta + np.sqrt(1.0 - 2.0 / np.pi * delta * delta) * normal
        sign = np.where(lower, 1.0, -1.0)  # (the upper tail as the lower one of (-z, -a))
        inside = (q > 0) & (q < 1) & np.isfinite(a)
        z = np.where(inside, z, 0.0)
        done = ~inside
        for _ in range(200):
            log_tail, (slope, _), _ = _skewnorm_log_derivatives(sign * z, sign * a)
            step = np.where(done, 0.0, -(log_tail - log_target) / (sign * slope))
            new = z + step
            # (or a step below 1e-15 / slope, a few ulps of the log tail, where z is near 0)
            done = done | (np.abs(step) <= 2e-15 * np.abs(z) + 1e-15 / np.abs(slope)) | (new == z) | ~np.isfinite(new)
            z = np.where(np.isfinite(new), new, z)
            if np.all(done):
                break
        out = np.where(inside, z, np.nan)
        out = np.where(q == (1.0 if upper else 0.0), -np.inf, np.where(q == (0.0 if upper else 1.0), np.inf, out))
        return out[()]
    return plain


def _skewnorm_quantile_derivatives(q, a, upper):
    """skewnorm's plain standard ppf (``upper``: isf) and its derivatives in (q, a), implicit differentiation's closed
    forms (``f`` the density at z, ``t = a z``, ``M = phi(t) / ndtr(t)`` and ``E = M + t`` by
    :func:`_truncnorm_hazard_excess`, ``s`` 1 for the ppf, -1 for the isf): ``z_q = s / f``, ``z_a = M / (1 + a^2)``,
    ``z_qq = -(log f)_z z_q^2`` (``(log f)_z = -z + a M``, of one sign in both tails), ``z_qa = -z_q a M E / (1 + a^2)``
    (the chain rule's ``(log f)_z z_a + z M`` cancelled to it: 7.6e-11 relative off at (1e-300, 50)), ``z_aa = -M (E (z
    + a E) + 2 a) / (1 + a^2)^2``."""
    q, a = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(a, dtype=float))
    z = _SKEWNORM_QUANTILE_VALUES[upper](q, a)
    with np.errstate(all="ignore"):
        t, b = a * z, 1.0 + a * a
        m, e = _truncnorm_hazard(-t), _truncnorm_hazard_excess(-t)
        z_q = (-1.0 if upper else 1.0) * np.exp(-(_LOG_2 - 0.5 * z * z - 0.5 * _LOG_2PI + sc.log_ndtr(t)))
        second = {(0, 0): -(-z + a * m) * z_q * z_q, (0, 1): -z_q * a * m * e / b,
                  (1, 1): -m * (e * (z + a * e) + 2.0 * a) / (b * b)}
    return z, [z_q, m / b], second


_SKEWNORM_QUANTILE_VALUES = {upper: _skewnorm_quantile_plain(upper) for upper in (False, True)}


def _skewnorm_quantile_primitive(upper):
    """skewnorm's standard ppf (``upper``: isf) as a primitive of (q, a) whose partials are primitives, whose own partials
    are the plain second derivatives (:func:`_skewnorm_quantile_derivatives`; a third derivative refuses)."""
    label = f"wengert.scipy.stats.skewnorm.{'isf' if upper else 'ppf'}"
    names = ("q", "a")
    kept = _kept_last(lambda q, a: _skewnorm_quantile_derivatives(q, a, upper))

    def plain(q, a, order, k=None):
        out = kept(q, a)[order]
        return _rounded_to((out if k is None else out[k])[()], q, a)

    def second(i, j):
        return OwnPrimitive(lambda q, a: plain(q, a, 2, (min(i, j), max(i, j))),
                            name=f"{label} (d2/d{names[i]} d{names[j]})", reenters="any")
    first = []
    for i in range(2):
        slope = OwnPrimitive(lambda q, a, i=i: plain(q, a, 1, i), name=f"{label} (d/d{names[i]})", reenters="any")
        _def_partials(slope, *(second(i, j) for j in range(2)))
        first.append(slope)
    quantile = OwnPrimitive(lambda q, a: plain(q, a, 0), name=label, reenters="any")
    _def_partials(quantile, *first)
    return quantile


_SKEWNORM_QUANTILES = [_skewnorm_quantile_primitive(upper) for upper in (False, True)]


def _skewnorm_quantile(name, q, a, loc, scale, upper):
    _skewnorm_check(name, a)
    return _in_dtype_of(_located(name, q, loc, scale, _SKEWNORM_QUANTILES[upper], shapes=(a,)), q, a, loc, scale)


# -- powernorm (the power normal distribution) --------------------------------------------------------


# -- powernorm (the power normal distribution) --------------------------------------------------------


class powernorm:
    """The power normal distribution, as ``scipy.stats.powernorm``: ``sf = ndtr(-z)^c`` on the real line (``z = (x -
    loc) / scale``, ``c > 0``), the density ``c phi(z) ndtr(-z)^(c - 1)``, differentiable in x (or q), c, loc and scale
    to every order. Everything from the log sf ``c log_ndtr(-z)`` (exact in both tails): the cdf ``-expm1`` of it, the
    log cdf ``log(-expm1(.))``, and far left (``ndtr(z) < 1e-3`` and ``c ndtr(z) < 1e-3``) ``log c + log_ndtr(z) +
    log1p(S)``, ``S`` the binomial series of ``(1 - (1 - p)^c) / (c p) - 1`` in ``p = ndtr(z)``: there the log sf
    underflows to 0 (SciPy's ``logcdf(-40, 2)`` is ``-inf``, the truth -803.92). The quantiles are ``-ndtri_exp(L)``,
    ``L = log1p(-q) / c`` (ppf) or ``log(q) / c`` (isf), the log of ``ndtr(-x)``: SciPy's ``-ndtri((1 - q)^(1/c))``
    rounds ``(1 - q)^(1/c)`` to 1 below q = 1e-16 (its ``ppf(1e-20, 2)`` is ``-inf``, the truth -9.34; its ``isf(1 -
    1e-12, 2)`` 2.1e-6 relative off). The mean, var, std and entropy (no closed form; SciPy integrates them
    numerically) by quadrature in the probability.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import powernorm
    >>> round(float(wg.grad_bp(lambda x: powernorm.cdf(x, 1.0), 0.0)), 6)  # c = 1: the normal's density at 0
    0.398942

    .. versionadded:: 0.1
    """


def _powernorm_check(name, z, c):
    _shapes_positive(name, c, names=["c"])


def _powernorm_log_density(z, c, scale):
    """``log c - z^2 / 2 - log sqrt(2 pi) + (c - 1) log_ndtr(-z)``; for z > 1 ``log c - log M(z) + c log_ndtr(-z)``, ``M``
    the Mills ratio (:func:`_powernorm_log_mills`): through the first form ``-z^2 / 2`` and ``-log_ndtr(-z)`` cancelled
    far right where c is small (powernorm.logpdf(141.3, 1e-4) 6.9e-13 relative off, mpmath; its entropy(1e-4) 2.9e-13)."""
    pz = np.asarray(_plain(z), dtype=float)
    right = np.broadcast_to(pz > _POWERNORM_RIGHT, np.broadcast_shapes(pz.shape, np.shape(_plain(c))))
    return _two_forms(right, lambda z, c: np.log(c) - 0.5 * z * z - 0.5 * _LOG_2PI + (c - 1.0) * sc.log_ndtr(-z),
                      lambda z, c: np.log(c) - _powernorm_log_mills(z) + c * sc.log_ndtr(-z),
                      (z, c), (-1.0, 1.0), (2.0, 1.0)) - _log_of(scale)


def _powernorm_density(z, c):
    """``c phi(z) ndtr(-z)^(c - 1)``, the factor c out of the exponential: through ``exp(log c + ...)`` its second
    derivative in c was ``pdf ((1/c + log_ndtr(-z))^2 - 1/c^2)``, cancelling where ``log_ndtr(-z)`` is small (z = -8,
    c = 0.3: 15% off); ``1 / sqrt(2 pi)`` a factor too (its log, added to ``-z^2 / 2``, rounded the exponent). For z >
    1 ``c sqrt(2 / pi) sf / erfcx(z / sqrt 2)`` (``phi(z) / ndtr(-z)``, exactly), the sf :data:`_POWERNORM_SF`'s:
    through the exponential the exponent's rounding, ``c z^2 / 2`` ulp of it, was the density's relative error (558 ulp
    of powernorm.pdf(55.5, 0.5, 0, 1.5))."""
    pz = np.asarray(_plain(z), dtype=float)
    right = np.broadcast_to(pz > _POWERNORM_RIGHT, np.broadcast_shapes(pz.shape, np.shape(_plain(c))))
    return _two_forms(right, lambda z, c: c * _POWERNORM_INV_SQRT_2PI * np.exp(
        -0.5 * z * z + (c - 1.0) * sc.log_ndtr(-z)), lambda z, c: c * _POWERNORM_SQRT_2_OVER_PI * _POWERNORM_SF(z, c) / sc.erfcx(
        z * _POWERNORM_SQRT_HALF), (z, c), (-1.0, 1.0), (2.0, 1.0))


_POWERNORM_INV_SQRT_2PI = 0.3989422804014327  # (1 / sqrt(2 pi), correctly rounded)
_POWERNORM_SQRT_2_OVER_PI = 0.7978845608028654  # (sqrt(2 / pi), correctly rounded)
_POWERNORM_SQRT_HALF = 0.7071067811865476  # (sqrt(1 / 2), correctly rounded)
#: From this z on the sf is :func:`_powernorm_sf_value`'s power of erfcx: below, ``|log ndtr(-z)| < 1.85`` and the
#: log form's error (``c |log ndtr(-z)|`` ulp) is below the power's (``c`` times erfcx's few ulp: at z = 0.3, c = 40 125
#: ulp, the log form's 34)
_POWERNORM_RIGHT = 1.0


def _powernorm_sf_value(z, c):
    """``ndtr(-z)^c``: ``exp(c log_ndtr(-z))`` up to z = 1; beyond ``(erfcx(z / sqrt 2) / 2)^c exp(-c z^2 / 2)`` with
    ``c z^2`` exact to a double-double (Dekker's products) and its low part taken to first order: through ``exp(c
    log_ndtr(-z))`` the log's rounding, ``c z^2 / 2`` ulp of it, was the sf's relative error (1417 ulp of
    powernorm.sf(55.5, 1, 0, 1.5), 417 at (12, 4.5)), and SciPy's ``ndtr(-z)`` rounds ``z / sqrt 2`` inside erfc (516
    ulp at z = 37); erfcx's own sensitivity to that rounding is about 1."""
    z, c = np.asarray(z, dtype=float), np.asarray(c, dtype=float)
    with np.errstate(all="ignore"):
        near = np.exp(c * sc.log_ndtr(-z))
        right = z > _POWERNORM_RIGHT
        if not np.any(right):
            return near[()]
        w = np.where(right & (z < 1e150), z, 1.0)
        square, square_lo = _product_exponent(w, w, 0.0)
        product, product_lo = _product_exponent(c, square, 0.0)
        low = product_lo + c * square_lo
        far = np.power(0.5 * sc.erfcx(w * _POWERNORM_SQRT_HALF), c) * (np.exp(-0.5 * product) * (1.0 - 0.5 * low))
        far = np.where(z < 1e150, far, 0.0)
    return np.where(right, far, near)[()]


#: The sf ``ndtr(-z)^c`` and the cdf ``1 - sf``, each one primitive whose derivative in z is the density (in c ``+-sf
#: log_ndtr(-z)``): through ``exp(c log_ndtr(-z))`` their second derivatives in z were ``sf (L'^2 + L'')``, ``L'^2 =
#: c^2 r^2`` against ``L'' = -c r (r - z)`` (r the inverse Mills ratio), cancelling at c = 1 near z = 0 (z = -1e-5:
#: 8.5e-12 relative off)
_POWERNORM_SF = OwnPrimitive(_powernorm_sf_value, name="wengert.scipy.stats powernorm's sf", reenters="any")
_def_partials(_POWERNORM_SF, lambda z, c: -_powernorm_density(z, c),
              lambda z, c: sc.log_ndtr(-z) * _POWERNORM_SF(z, c))
_POWERNORM_CDF = OwnPrimitive(lambda z, c: -np.expm1(c * sc.log_ndtr(-z)), name="wengert.scipy.stats powernorm's cdf",
                              reenters="any")
_def_partials(_POWERNORM_CDF, _powernorm_density, lambda z, c: -sc.log_ndtr(-z) * _POWERNORM_SF(z, c))


#: The binomial series of ``(1 - (1 - p)^c) / (c p) - 1`` (powernorm's log cdf far left) is used where ``p`` and ``c
#: p`` are below this: its 7 terms, each below ``max(p, c p)^m``, end below 1e-21
_POWERNORM_SERIES_BELOW = 1e-3


def _powernorm_left(z, c):
    """``log c + log_ndtr(z) + log1p(S)``, ``S = sum_m (-1)^m (c - 1) ... (c - m) p^m / (m + 1)!``, ``p = ndtr(z)``: the
    log cdf where the log sf underflows (the cdf is ``c p (1 + S)``)."""
    p = sc.ndtr(z)
    term, total = 1.0, 0.0
    for m in range(1, 8):
        term = term * (-(c - m) * p / (m + 1))
        total = total + term
    return np.log(c) + sc.log_ndtr(z) + np.log1p(total)


def _powernorm_tail(upper, log):
    """The sf ``exp(c log_ndtr(-z))``, the log sf ``c log_ndtr(-z)``, the cdf ``-expm1`` of it, the log cdf
    ``log(-expm1(.))`` (:func:`_powernorm_left` far left); the cdf, sf and log cdf constants with derivatives 0 where
    the log sf is below ``_VANISHING_LOG``."""
    def tail(z, c, scale):
        if upper and log:
            return c * sc.log_ndtr(-z)
        pc = np.asarray(_plain(c), dtype=float)

        def form(z):
            if upper:
                return _POWERNORM_SF(z, c)
            if not log:
                return _POWERNORM_CDF(z, c)
            p = sc.ndtr(np.asarray(_plain(z), dtype=float))
            left = np.broadcast_to((p < _POWERNORM_SERIES_BELOW) & (pc * p < _POWERNORM_SERIES_BELOW),
                                   np.broadcast_shapes(np.shape(p), pc.shape))
            # (right of 0 where the sf is below 1/2, log1p(-sf) of its own form: through the log sf
            # the log cdf was -exp(c log_ndtr(-z)), 1417 ulp off at powernorm.logcdf(55.5, 1, 0, 1.5))
            right = np.broadcast_to((np.asarray(_plain(z)) > 0) & (_POWERNORM_SF(np.asarray(_plain(z), dtype=float), pc)
                                                                    < 0.5), left.shape)
            return _piecewise(z, left, lambda z: _two_forms(right, lambda z, c: _log1mexp(c * sc.log_ndtr(-z)),
                                                            lambda z, c: np.log1p(-_POWERNORM_SF(z, c)), (z, c),
                                                            (-1.0, 1.0), (3.0, 1.0)),
                              lambda z: _powernorm_left(z, c), 0.0, -10.0)
        return _vanishing(lambda z: pc * sc.log_ndtr(-np.asarray(z, dtype=float)), form, z, 0.0,
                          -0.0 if log else 0.0 if upper else 1.0)
    return tail


_shape_functions(powernorm, ("c",), _powernorm_check, [
    (name, lambda z: np.ones(np.shape(z), bool), function, np.nan, formula,
     f"round(float(powernorm.{name}(0.5, 1.5)), 6)", value)
    for name, function, formula, value in (
        ("logpdf", _powernorm_log_density,
         "``log c - z^2 / 2 - log(2 pi) / 2 + (c - 1) log_ndtr(-z) - log(scale)``.", "-1.226429"),
        ("pdf", lambda z, c, scale: _vanishing(lambda z: _powernorm_log_density(z, _plain(c), _plain(scale)),
                                                lambda z: _powernorm_density(z, c) / scale, z, 0.0, 0.0),
         "``c phi(z) ndtr(-z)^(c - 1) / scale``.", "0.293338"),
        ("cdf", _powernorm_tail(False, False), "``-expm1(c log_ndtr(-z))``.", "0.828619"),
        ("logcdf", _powernorm_tail(False, True),
         "``log(-expm1(c log_ndtr(-z)))`` (far left ``log c + log_ndtr(z)`` and a series).", "-0.187995"),
        ("sf", _powernorm_tail(True, False), "``ndtr(-z)^c``.", "0.171381"),
        ("logsf", _powernorm_tail(True, True), "``c log_ndtr(-z)``.", "-1.763868"),
    )])


def _powernorm_log_mills(x):
    """``log(ndtr(-x) / phi(x))`` as ``log(sqrt(pi / 2) erfcx(x / sqrt 2))``: exact in both tails (through
    ``log_ndtr(-x) + x^2 / 2`` its terms cancel far right)."""
    return 0.5 * math.log(0.5 * math.pi) + np.log(sc.erfcx(x / math.sqrt(2.0)))


def _powernorm_quantile_primitive(upper):
    """powernorm's standard ppf (``upper``: isf) ``-ndtri_exp(L)``, ``L = log1p(-q) / c`` (``log(q) / c``) the log of
    ``ndtr(-x)``, as one primitive in (q, c), its partials traced in x: in q ``+-M(x) / (c (1 - q))`` (``M / (c q)``),
    ``M = ndtr(-x) / phi(x)`` (:func:`_powernorm_log_mills`), one exp (through ndtri_exp's rule ``exp(L + x^2 / 2 +
    ...)`` cancelled far out: the second derivative in c of isf(1e-300, 0.3) was 3e-10 relative off, in q NaN for the
    truth +inf); in c ``L M(x) / c`` (from ``c log ndtr(-x) = const``)."""
    def log_tail(q):
        return np.log(q) if upper else np.log1p(-q)

    def value(q, c):
        with np.errstate(divide="ignore"):
            return (-ndtri_exp(log_tail(np.asarray(q, dtype=float)) / np.asarray(c, dtype=float)))[()]

    sign = -1.0 if upper else 1.0

    def slope_value(q, c):
        with np.errstate(divide="ignore", over="ignore"):
            return sign * np.exp(_powernorm_log_mills(value(q, c)) - np.log(c) - log_tail(q))

    def in_c(q, c):
        x = primitive(q, c)
        return log_tail(q) / c * np.exp(_powernorm_log_mills(x)) / c

    def mills_slope(q, c):  # (M'(x) = x M(x) - 1)
        x = primitive(q, c)
        return x * np.exp(_powernorm_log_mills(x)) - 1.0

    # (the slope's own partials as one factor each, D (1 + M'/c) / (1 - q) and D (M' L - 1) / c: through the exp's
    # chain its derivative in q at q = 1e-300 was the sum of two overflowing terms, inf - inf, for the truth +inf)
    slope = OwnPrimitive(slope_value, name=f"wengert.scipy.stats.powernorm.{'isf' if upper else 'ppf'} (d/dq)",
                         reenters="any")
    _def_partials(slope, lambda q, c: slope(q, c) * (1.0 + mills_slope(q, c) / c) / (sign * (q if upper else 1.0 - q)),
                  lambda q, c: slope(q, c) * (mills_slope(q, c) * log_tail(q) / c - 1.0) / c)
    primitive = OwnPrimitive(value, name=f"wengert.scipy.stats.powernorm.{'isf' if upper else 'ppf'}", reenters="any")
    _def_partials(primitive, slope, in_c)
    return primitive


_POWERNORM_PPF = _powernorm_quantile_primitive(False)
_POWERNORM_ISF = _powernorm_quantile_primitive(True)


def _powernorm_quantile(name, q, c, loc, scale, upper):
    _shapes_positive(name, c, names=["c"])
    return _in_dtype_of(_located(name, q, loc, scale, _POWERNORM_ISF if upper else _POWERNORM_PPF, shapes=(c,)),
                        q, c, loc, scale)


_quantiles(powernorm, "c", _powernorm_quantile, (
    ("``loc - scale ndtri_exp(log1p(-q) / c)`` (``-ndtri((1 - q)^(1/c))``).",
     "round(float(powernorm.ppf(0.5, 2.0)), 6)", "-0.544952"),
    ("``loc - scale ndtri_exp(log(q) / c)`` (``-ndtri(q^(1/c))``).",
     "round(float(powernorm.isf(0.5, 2.0)), 6)", "-0.544952")))
_add_quantile_summaries("powernorm")


# -- the entropies SciPy integrates: tanh-sinh quadrature of -logpdf(ppf(u)) in u ------------------------------------
for _name, _examples in (("johnsonsu", (0.5, 1.3)), ("johnsonsb", (0.5, 1.3)), ("powernorm", (2.5,)),
                         ("powerlognorm", (2.0, 1.0)), ("foldnorm", (1.5,))):
    _add_quadrature_entropy(_name, _examples)
# (and the means and variances SciPy integrates)
for _name, _examples, _positive in (("johnsonsb", (0.5, 1.3), ("b",)), ("powerlognorm", (2.0, 1.0), ("c", "s")),
                                    ("powernorm", (2.5,), ("c",))):
    _add_quadrature_moments(_name, _examples, _positive)
