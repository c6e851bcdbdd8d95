"""The beta family: beta, t, f, betaprime, arcsine, powerlaw, rdist, and jf_skew_t (Jones and Faddy's skew t, a beta
variable transformed). Part of :mod:`wengert.scipy.stats`.
"""

import functools
import inspect
import math
from fractions import Fraction

import numpy as np
from scipy import special as sc

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...ops._util import def_partials as _def_partials, piecewise as _piecewise, polynomial
from ...ops.scipy_special import (BERNOULLI_2K, betainccinv_checked, betaincinv_checked, DIGAMMA_SERIES, log_beta_exact,
                                  log_betainc_lower, polygamma as _polygamma, stirling_correction, STDTRIT_RULES)
from ...ops.elementwise import two_product
from ...ops.scipy_special_dist import F_MAX_DF
from ...primitive import defvjp, OwnPrimitive
from ...structured import stop_gradient
from ._common import (_add_moments, _add_quantile_summaries, _always, _at_a_pole, _BELOW_ROUNDING, _density_from_zero,
                      _digamma_excess, _doc, _exp_at_ends, _exp_of_log, _GAMMA_ENTROPY_FROM, _in_dtype_of, _located,
                      _located_entropy, _log1mexp, _log1p_minus_leading, _log1p_over, _LOG1P_RATIO_SERIES, _LOG_2,
                      _LOG_2PI, _log_abs_of_z, _log_beta, _log_cdf_from_lower_end, _LOG_GAMMA_1P_SERIES,
                      _log_gamma_ratio, _log_hypot1, _log_of, _log_of_z, _LOG_POWER, _method, _moment_where,
                      _FAR_POWERS, _far_power, _far_powers, _on_support, _plain, _power_less, _power_of_z, _power_steep, _q, _quantiles,
                      _quiet, _RBETA_IN, _reciprocal_beta,
                      _refuse_a_jump_in_shape, _x_at_loc, _inside_z, _scaled_squares, _shape_entropy, _shape_functions, _shapes_positive,
                      _standardized, _STEEP_END, _symmetric_far_series,
                      _steep_end_value, _STEEP_SLOPE, _STEEP_UNIT, _T_END, _tail,
                      _TAIL_SERIES_BELOW, _taken_call, _two_forms, _xlog_z, _Z_ITSELF, _z_power_series, _Z_POWER_TERMS)
from ._common import _LN2_HI, _LN2_LO  # (log 2's high and low parts)
from ._gamma import _gamma_entropy, _gamma_entropy_excess

__all__ = ["beta", "t", "f", "arcsine", "powerlaw", "betaprime", "rdist", "jf_skew_t"]


_LOG_GAMMA_HALF = 0.5 * math.log(math.pi)  # (log gamma(1/2))


def _t_log_kernel(m, df, h, e, w, axis=None):
    """The log density of the (multivariate, ``2h``-dimensional) t at the squared Mahalanobis
    distance ``m 4^e``, but for ``- h log(2 pi) - log det(scale) / 2``: ``log gamma(df/2 + h) -
    log gamma(df/2) - h log(df/2) - (df/2 + h) log1p(m 4^e / df)``, with ``df/2 log1p(m / df)`` as
    :func:`_log1p_over` (its series near ``m / df = 0``: the derivatives in df, about ``1 / df^2``,
    of terms about ``1 / df``, keep their digits; at ``df = inf`` the normal's ``m / 2``). ``e``: the
    plain exponents of :func:`_scaled_squares` (0 but where the squared distance overflows), and there
    ``log1p(m 4^e / df)`` as ``log(m / df) + e log 4 + log1p(df 4^-e / m)``, finite; at ``df = inf`` where
    ``m`` overflowed (``e`` 0), ``-m / 2`` (-inf, the truth's rounding; its derivatives finite), which
    ``log1p(c m) / c`` at ``c = 0`` made NaN. The same far form where ``m / df`` overflows but ``m`` does
    not (``e`` 0 there), and from ``m > df`` on, its ``log(m 4^e)`` from ``w`` (the unscaled distances whose
    squares, summed over ``axis``, ``m 4^e`` is) by :func:`_log_sum_of_squares`: through ``m`` the cotangent
    met ``1 / m`` before ``dm/dw = 2 w``, their product below the truth's by ``|w|`` (the density's, about
    ``|w|^-(df + d)``, underflowed: grad of t.pdf(x, 0.5) at x = 1e100 was 0.0, the truth -2.4e-251), and the
    near form's second derivative lost its terms in ``(1 + m / df)^-2`` (t.pdf'' at x = 1e50, df = 3 was
    -1.3e-299, the truth 6.6e-299; multivariate_t.pdf's at ``[1e60, 0]``, df = 0.5, -1.7e-271 for 5.9e-271)."""
    if type(m) not in (Var, Dual) and not np.any(m):  # (at the center, a plain 0: the rest is 0 at every df, whose
        # 1 / df's tangent, -1 / df^2, overflowed at df = 1e-300 and met log1p(c m) / c's partial 0 in c: NaN by jvp)
        return _log_gamma_ratio(0.5 * df, h) + np.zeros(np.shape(m))
    with np.errstate(divide="ignore"):  # (1 / df at df = inf: 0, the normal)
        c = 1.0 / df
    pm, pc = _plain(m), _plain(c)
    with np.errstate(over="ignore", invalid="ignore"):  # (m / df overflows while m does not: df < 1 and m
        # near the largest float; t.logpdf(1e154, 0.5) was -inf, the truth -533.73)
        # (from m / df = 1 on, not where it overflows: just below, the derivative of m / df in df,
        # -m / df^2, overflowed: d/ddf inf by jvp at x = 8.5e153, df = 0.5, the truth -352.7)
        over = ~(pm * pc <= 1.0) & np.isfinite(pm) & (pc != np.inf)
    big, infinite = (np.asarray(e) > 0) | over, np.isinf(pm) & (_plain(df) == np.inf)
    if not (np.any(big) or np.any(infinite)):
        return _log_gamma_ratio(0.5 * df, h) - 0.5 * _log1p_over(c, m) - h * _t_log1p_ratio(m, df)
    # (each form on its own points, the others' at 1: finite, so that no NaN reaches a derivative)
    m_near, m_far, df_far = np.where(big | infinite, 1.0, m), np.where(big, m, 1.0), np.where(big, df, 1.0)
    dtype = np.asarray(pm).dtype  # (float32 stays float32)
    with np.errstate(under="ignore"):  # (df 4^-e: 0 where the square is ever so large)
        # (log m - log df, not log(m / df): m is about 1 there and df may be 1e170, where the quotient's
        # tangent -m / df^2 underflowed (forward mode lost d/ddf's 1/2 and all of d/dx) and the adjoint
        # (df / 2) / (m / df) overflowed (reverse mode: inf))
        log1p_far = (_log_sum_of_squares(np.where(big, w, 1.0), axis) - np.log(df_far)
                     + np.log1p(df_far * np.ldexp(np.ones((), dtype), -2 * np.asarray(e)) / m_far))
    # (the near form at its own points only, df and 1 / df at 1 elsewhere, 1 / df taken after the mask: at df =
    # 1e-300 its derivative -1 / df^2 met the mask's zero cotangent, NaN in jvp of grad of t.logpdf(1, df))
    df_near = np.where(big | infinite, 1.0, df)
    with np.errstate(divide="ignore"):
        c_near = 1.0 / df_near
    return _log_gamma_ratio(0.5 * df, h) + np.where(big, -(0.5 * df_far + h) * log1p_far, np.where(
        infinite, -0.5 * np.where(infinite, m, 0.0),
        -0.5 * _log1p_over(c_near, m_near) - h * _t_log1p_ratio(m_near, df_near)))


def _t_far_log_kernel(log_abs, z, df, log_scale=None, log_u=None):
    """:func:`_t_log_kernel` of one dimension where ``z^2 > df`` (finite), in ``L = log|z|`` from ``log_abs``
    (:func:`_log_abs_of_z`'s: its derivatives in x and in scale apart): ``log gamma(a + 1/2) - log gamma(a) - log(a) / 2 -
    (a + 1/2) (2 L - log df + log1p(exp(log df - 2 L)))``, ``a = df / 2``. Through z d2/dx dscale of ``(a + 1/2)
    log(z^2 + df)`` was ``-(f' + z f'') / scale^2``, ``(df + 1) / z`` and ``-(df + 1) / z`` apart with rounding
    (t.logpdf(1e20, 1.5, 0, 3): -1.5e-36 one way, 0 the other, the truth 2.25e-59). ``log_scale`` and ``log_u`` (``log|x -
    loc|``, constant in the scale): the log density's ``- log(scale)`` with it, ``(a + 1/2) 2 L + log(scale)`` as
    ``(df + 1) log|x - loc| - df log(scale)``, L in the rest only: through L d2/dscale2 was ``-(df + 1) / scale^2 + 1 /
    scale^2`` with the rest rounded away (t.logpdf(1e-100, 1e-250)'s 0, the truth -1e-50)."""
    big_l = log_abs(z)
    log_df = np.log(df)
    tail = np.log1p(np.exp(log_df - 2.0 * big_l)) - log_df
    if log_scale is None:
        return _log_gamma_ratio(0.5 * df, 0.5) - (0.5 * df + 0.5) * (2.0 * big_l + tail)
    return _log_gamma_ratio(0.5 * df, 0.5) - (df + 1.0) * log_u - (0.5 * df + 0.5) * tail + df * log_scale


def _t_log1p_ratio(m, df):
    """``log1p(m / df)``, as ``log(m + df) - log(df)`` where ``m > df``: through ``log1p(c m)``, ``c = 1 / df``, the
    mixed derivative in m and df was two terms of about ``1 / (df m)`` cancelling to ``1 / m^2`` (times ``dc/d df =
    -1 / df^2``): d2/dx d df of t.logpdf(-1e-10, 1e-100) 0 (reverse over reverse) and -1.4e94 for -1e30."""
    pm, pdf = np.asarray(_plain(m)), np.asarray(_plain(df))
    with np.errstate(invalid="ignore"):
        above = np.broadcast_to(pm > pdf, np.broadcast_shapes(pm.shape, pdf.shape))  # (False at df = inf)

    def near(m, df):
        with np.errstate(divide="ignore"):  # (1 / df at df = inf: 0, the normal)
            return np.log1p((1.0 / df) * m)
    return _two_forms(above, near, lambda m, df: np.log(m + df) - np.log(df), (m, df), (0.5, 1.0), (2.0, 1.0))


def _log_sum_of_squares(w, axis=None):
    """``log(sum(w^2, axis))`` (``w`` finite, not all 0) without the sum's cotangent ``1 / m`` apart from ``dm/dw =
    2 w`` (their product, about ``1 / |w|``, underflowed where the one met was tiny): ``2 log|w|``, or (over
    ``axis``) ``log(sum((w 2^-k)^2)) + 2 k log 2``, ``2^k`` the plain power of 2 of the largest ``|w|``, exact."""
    if axis is None:
        return 2.0 * np.log(np.abs(w))
    pw = np.abs(np.asarray(_plain(w)))
    pw = pw if pw.dtype.kind == "f" else pw.astype(float)
    k = np.frexp(np.max(pw, axis=axis))[1]
    scaled = w * np.ldexp(np.ones((), pw.dtype), -np.expand_dims(k, axis))
    return np.log(np.sum(scaled * scaled, axis=axis)) + np.asarray(2.0 * _LOG_2 * k, dtype=pw.dtype)


class t:
    """Student's t distribution, as ``scipy.stats.t``: ``pdf``, ``logpdf`` and the tails
    (``cdf``, ``sf`` and their logarithms) in x, df, loc and scale (df through the derivatives
    of ``betainc`` in its shapes, for df up to 1e3, to second order up to 100: beyond,
    ValueError); the quantiles too (``stdtrit`` in df, the same limits), but far out (``df / x^2 < 1e-3``,
    where SciPy's root was clamped, +inf or finite past the largest float) the root of the exact log tail,
    in every df, ``-inf`` or ``inf`` where it overflows (every derivative infinite there).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import t
    >>> round(float(wg.grad_bp(lambda x: t.cdf(x, 3.0), 0.0)), 6)  # the density at 0
    0.367553

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, df, loc=0.0, scale=1.0):
        """The log density, with ``gammaln`` (differentiable in ``df``).

        >>> from wengert.scipy.stats import t
        >>> round(float(t.logpdf(0.0, 1.0)), 6)  # Cauchy: -log(pi)
        -1.14473
        """
        z = _standardized("t.logpdf", x, loc, scale)

        def near(z, df):
            m, e = _scaled_squares(z, where=_plain(df) != np.inf)  # (z^2 overflows from |z| = 1.3e154)
            return _t_log_kernel(m, df, 0.5, e, z)
        log_scale = _log_of(scale)
        if any(isinstance(v, (Var, Dual)) for v in (x, loc, scale)):
            pz, pdf = (np.asarray(_plain(v), dtype=float) for v in (z, df))
            with np.errstate(over="ignore", invalid="ignore"):
                far = np.broadcast_to((pz * pz > pdf) & np.isfinite(pdf), np.broadcast_shapes(pz.shape, pdf.shape))
            if np.any(far):
                # (- log(scale) inside the far form, see _t_far_log_kernel)
                u = x - loc
                log_u = _log_abs_of_z(u, 1.0, u)(np.where(far, u, 2.0))
                return _two_forms(far, lambda z, df: near(z, df) - log_scale, functools.partial(
                    _t_far_log_kernel, _log_abs_of_z(u, scale, z), log_scale=log_scale, log_u=log_u),
                                  (z, df), (0.5, 1.0), (2.0, 1.0)) - 0.5 * _LOG_2PI
        return near(z, df) - 0.5 * _LOG_2PI - log_scale

    @staticmethod
    def cdf(x, df, loc=0.0, scale=1.0):
        """``stdtr(df, (x - loc) / scale)`` (it has no closed form); in every argument (``df``
        through the derivatives of ``betainc`` in its shapes, to second order).

        >>> from wengert.scipy.stats import t
        >>> float(t.cdf(0.0, 2.5))
        0.5
        """
        return sc.stdtr(df, _standardized("t.cdf", x, loc, scale))

    @staticmethod
    def logcdf(x, df, loc=0.0, scale=1.0):
        """``log(t.cdf(x, df, loc, scale))`` (as ``log1p(-sf)`` where the cdf is near 1).

        >>> from wengert.scipy.stats import t
        >>> round(float(t.logcdf(0.0, 2.5)), 6)
        -0.693147
        """
        return _t_log_tail("t.logcdf", x, df, loc, scale, lower=True)


_exp_of_log(t, "pdf", "round(float(t.pdf(0.0, 1.0)), 6)  # Cauchy: 1 / pi", "0.31831")


def _t_pdf_far_terms(count=12):
    """t's density far out, ``exp(R) (2 pi)^-1/2 df^(df/2 + 1/2) |z|^-(df + 1) (1 + df / z^2)^-(df + 1)/2 / scale`` (``R``
    :func:`_log_gamma_ratio`'s), but for its factor in df alone: ``sum_m binom(-(df + 1)/2, m) df^m z^-(df + 1 + 2m) /
    scale``, m < ``count``, each coefficient a polynomial in df (exact, then rounded), as :data:`_Z_POWER_TERMS`' terms
    ((k, p, a, b), r) with j = -1. Where ``z^2 > 64 df max(df, 1)`` successive terms fall by 1/32 at least (the 13th
    below 1e-18 of the first)."""
    terms = []
    for m in range(count):
        poly = [Fraction(1)]  # (coefficients of df^0, df^1, ...)
        for i in range(m):  # (times (df + 1 + 2 i) / (2 (i + 1)))
            poly = [(a + b) / (2 * (i + 1)) for a, b in zip([Fraction(0)] + poly, [(1 + 2 * i) * p for p in poly] + [0])]
        terms += [((1 + 2 * m, 0, a + m, -1), float((-1) ** m * r)) for a, r in enumerate(poly) if r]
    return tuple(terms)


_T_PDF_FAR_TERMS = _t_pdf_far_terms()


def _t_pdf_far_factor(df):
    """``exp(R) (2 pi)^-1/2 df^(df/2) df^(1/2)``, :func:`_t_pdf_far_terms`' factor in df alone (``df^(df/2)`` one power:
    ``0.5 df`` exact)."""
    return np.exp(_log_gamma_ratio(0.5 * df, 0.5) - 0.5 * _LOG_2PI) * (df ** (0.5 * df) * np.sqrt(df))


#: t.pdf as exp of its log density (near the center)
_T_PDF_NEAR = getattr(t, "pdf")


def _t_pdf(x, df, loc=0.0, scale=1.0):
    return _symmetric_far_series("t.pdf", x, loc, scale, df, _T_PDF_FAR_TERMS, -1,
                                 lambda z, df: z * z > 64.0 * df * np.maximum(df, 1.0), _t_pdf_far_factor,
                                 lambda x: _T_PDF_NEAR(x, df, loc, scale))


_t_pdf.__doc__ = _T_PDF_NEAR.__doc__
setattr(_t_pdf, "__signature__", inspect.signature(_T_PDF_NEAR))
_method(t, "pdf")(_t_pdf)


class beta:
    """The beta distribution, as ``scipy.stats.beta``: differentiable in x, a, b, loc and scale.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import beta
    >>> float(wg.grad_bp(lambda x: beta.logpdf(x, 2.0, 2.0), 0.5))  # symmetric: 0 at the middle
    0.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, a, b, loc=0.0, scale=1.0):
        """``(a-1) log z + (b-1) log(1-z) - betaln(a, b) - log(scale)`` on ``0 <= z <= 1``,
        ``-inf`` outside.

        >>> from wengert.scipy.stats import beta
        >>> float(beta.logpdf(0.3, 1.0, 1.0)), float(beta.logpdf(1.5, 2.0, 2.0))
        (0.0, -inf)
        """
        z, inside = _beta_shapes_at_ends("beta.logpdf", x, a, b, loc, scale)
        return _beta_log_density(z, a, b, scale, _log_of_z(x - loc, scale, z),
                                 _log_of_z(scale - (x - loc), scale, 1.0 - _plain(z)), inside)

    @staticmethod
    def pdf(x, a, b, loc=0.0, scale=1.0):
        """``exp(beta.logpdf(x, a, b, loc, scale))``.

        >>> from wengert.scipy.stats import beta
        >>> round(float(beta.pdf(0.5, 2.0, 2.0)), 6)
        1.5
        """
        z, inside = _beta_shapes_at_ends("beta.pdf", x, a, b, loc, scale)
        pz = _plain(z)
        # (not below loc where z only rounds to -0.0: outside, 0 below)
        infinite = ((pz == 0) & (inside >= 0) & (_plain(a) < 1)) | ((pz == 1) & (_plain(b) < 1))
        if np.any(infinite):
            # +inf at an end whose power has a negative exponent, its derivatives in z infinite: -inf, +inf, ... at
            # z = 0, +inf at z = 1 (from inside; those of z^(a - 1) (1 - z)^(b - 1)), and in a, b, loc and the scale
            # (_at_a_pole below). Through exp(log density) the infinite cotangent met both logs' partials, -inf + 1/2 = NaN where b
            # < 1 or b = 1 (beta.pdf'(0, 0.5, 0.5), arcsine's and rdist's for c < 2 at both ends)
            end = _T_END(np.where(infinite, z, 0.0), root=np.where(pz == 0, -1.0, 1.0))
            density = np.where(infinite, end, beta.pdf(np.where(infinite, loc + 0.5 * scale, x), a, b, loc, scale))
            # (with anything traced: the limits in every argument, _at_a_pole)
            density = _at_a_pole(density, z, x - loc, scale, a, lambda pa: _RBETA_IN(b, other=pa), pz == 0, b)
            return _at_a_pole(density, z, loc + scale - x, scale, b, lambda pb: _RBETA_IN(a, other=pb), pz == 1, a)
        # 0 outside [0, 1] (see _gamma_pdf: beta.pdf(0.499, 2, 2, 0.5, 1.5) was -2.7e-3 for 0); the logs as logpdf's
        # (see _gamma_pdf)
        log_z, log_1mz = _log_of_z(x - loc, scale, z), _log_of_z(scale - (x - loc), scale, 1.0 - _plain(z))
        return _on_support((inside >= 0) & (_plain(z) <= 1), lambda z: _exp_at_ends(
            lambda z: _beta_log_density(z, a, b, scale, log_z, log_1mz), lambda z: _beta_powers(z, a, b) / scale, z,
            (0.0, 1.0), (a - 1.0, b - 1.0)), z, outside=0.0)

    @staticmethod
    def cdf(x, a, b, loc=0.0, scale=1.0):
        """``betainc(a, b, (x - loc) / scale)``, 0 below and 1 above the support; in every
        argument (``a`` and ``b`` to second order, for a, b up to 1e7).

        >>> from wengert.scipy.stats import beta
        >>> float(beta.cdf(0.25, 1.0, 1.0)), float(beta.cdf(1.5, 2.0, 2.0))
        (0.25, 1.0)
        """
        return _beta_tail("beta.cdf", x, a, b, loc, scale, False, False)


def _beta_powers(z, a, b):
    """``z^(a - 1) (1 - z)^(b - 1) / B(a, b)``; at an end where the power is 0 and ``1 / B(a, b)`` overflows (a or b
    above about 300), with it inside that power (``(z B^(-1 / (a - 1)))^(a - 1)`` at z = 0): alone it met the power's
    0, ``inf * 0`` (beta.pdf(0, 1e200, 2.5) was NaN for 0; its derivatives there are 0, or inf for a <= 2). Only there:
    elsewhere ``B^(-1 / (a - 1))`` rounds to 1 for a huge a. Near 0, where the z-derivatives of ``(1 - z)^(b - 1)``
    are below rounding beside those of ``z^(a - 1)`` (``_BELOW_ROUNDING``), they are dropped (in b kept): through the
    product the second derivative took ``2 (z^(a - 1))' ((1 - z)^(b - 1))'``, infinite beside ``(z^(a - 1))''`` with
    the other sign for a < 1 (beta.pdf(1e-300, 0.5, 0.5)'', arcsine's: NaN, the truth +inf), or ``-inf * 0`` at b = 1
    (powerlaw.pdf(1e-300, 0.5)'': NaN, the truth +inf)."""
    pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
    shape = np.broadcast_shapes(pz.shape, pa.shape, pb.shape)
    with np.errstate(invalid="ignore"):
        # (the second factor's share of the first two derivatives: (b - 1) z / (a - 1), 2 (b - 1) z / (a - 2))
        drop = (pz > 0) & ((1.0 + np.abs(pb - 1.0)) ** 2 * pz < _BELOW_ROUNDING * np.minimum(
            np.abs(pa - 1.0), np.abs((pa - 1.0) * (pa - 2.0))))

    def whole(z, a, b):
        # (1 - z)^(b - 1) from log1p below z = 1/2 (above, 1 - z is exact): the rounding of 1 - z times b - 1 was
        # 5.3e-9 of beta.pdf(1e-7, 20, 1e8), 9.3e-10 of beta.pdf(1e-6, 0.5, 1e6)
        lower = np.broadcast_to(pz < 0.5, shape)
        return _power_less(z, a) * _two_forms(lower, lambda z, b: (1.0 - z) ** (b - 1.0),
                                           lambda z, b: np.exp(sc.xlog1py(b - 1.0, -z)), (z, b), (0.75, 2.0),
                                           (0.25, 2.0)) * np.exp(-_log_beta(a, b))

    def plain_form(z, a, b):
        if not np.any(drop) or type(z) not in (Var, Dual):
            return whole(z, a, b)
        return _two_forms(np.broadcast_to(drop, shape), whole, lambda z, a, b: _power_less(z, a) * (
            1.0 - stop_gradient(z)) ** (b - 1.0) * np.exp(-_log_beta(a, b)), (z, a, b), (0.5, 2.0, 2.0),
            (0.5, 2.0, 2.0))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        undefined = np.broadcast_to(np.isnan(plain_form(pz, pa, pb)), shape)
    if not np.any(undefined):
        return plain_form(z, a, b)

    def folded(z, a, b):  # into z's power, at z = 0
        # (its log capped at 700: c^p overflows still for p > 1.015, as 1 / B does, and the derivatives at 0 are 0 or
        # inf but for p = 1, left NaN: there the first is 1 / B itself, inf, and z c = 0 * inf)
        p = a - 1.0
        log_c = -_log_beta(a, b) / p
        capped = np.where(_plain(p) == 1.0, log_c, np.minimum(log_c, 700.0))
        return (z * np.exp(capped)) ** p * (1.0 - z) ** (b - 1.0)
    at_one = undefined & np.broadcast_to(pz == 1.0, shape)
    return _two_forms(undefined & ~at_one, lambda z, a, b: _two_forms(
        at_one, plain_form, lambda z, a, b: folded(1.0 - z, b, a), (z, a, b), (0.5, 2.0, 2.0), (1.0, 2.0, 1e3)),
        folded, (z, a, b), (0.5, 2.0, 2.0), (0.0, 1e3, 2.0))


def _beta_shapes_at_ends(name, x, a, b, loc, scale):
    """``z`` and :func:`_inside_z`'s plain z (for the support's mask: below 0 where x < loc and z only rounds to -0.0),
    refusing a traced ``a`` at ``x == loc`` where ``a = 1`` (not where z only rounds to 0: beta.logpdf(1e-300, a, 2,
    0, 1e300) at a = 1 was refused, its d/da -1379.55) and a traced ``b`` at ``z = 1`` where ``b = 1`` (see
    :func:`_refuse_a_jump_in_shape`)."""
    z = _standardized(name, x, loc, scale)
    inside = _inside_z(x - loc, scale, z)
    _refuse_a_jump_in_shape(name, a, lambda: _x_at_loc(z, inside) & (a == 1), "a", "a = 1 where x == loc",
                            "z**(a - 1)")
    _refuse_a_jump_in_shape(name, b, lambda: (z == 1) & (b == 1), "b", "b = 1 where x == loc + scale",
                            "(1 - z)**(b - 1)")
    return z, inside


def _beta_log_density(z, a, b, scale, log_z=None, log_1mz=None, inside=None):
    """``log_z``, ``log_1mz``: :func:`_log_of_z`'s of ``z`` and of ``1 - z`` (used above z = 1/2, where
    ``1 - z = (scale - (x - loc)) / scale`` is exact); ``inside``: :func:`_inside_z`'s plain z for the support's lower
    end (x < loc where z rounds to -0.0 is outside: -inf, every derivative 0)."""
    plain = _plain(z)
    lower = plain if inside is None else inside

    def upper(z):
        if log_1mz is None:
            return sc.xlog1py(b - 1.0, -z)
        high = _plain(z) > 0.5
        return _piecewise(z, high, lambda z: sc.xlog1py(b - 1.0, -z), lambda z: _xlog_z(b - 1.0, 1.0 - z, log_1mz),
                          0.25, 0.75)
    return _on_support(
        (lower >= 0) & (plain <= 1),
        lambda z: (_xlog_z(a - 1.0, z, log_z) + upper(z) - _log_beta(a, b)
                   - np.log(scale)), z)


#: 1 / (2 j + 3): bd0's series in v^2 (|v| < 0.1: 10 terms reach 1e-20)
_BD0_SERIES = [1.0 / (2 * j + 3) for j in range(10)]


def _x_log_x_over_value(m, x):
    """``x log(x / m)`` for plain ``x > m > 0`` as ``-x log(m / x)``; below ``m / x = 1e-100`` as ``x (log x - log
    m)``: -x log(0) was inf where m / x underflowed (poisson.logpmf(1e300, 1e-300) -inf for -1.38e303). Only there:
    the difference of logs loses log10(|log x| / log(x / m)) digits, at most 6 ulps there (2.5 digits at x / m =
    1.2, x = 1e308)."""
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    tiny = m < 1e-100 * x
    with np.errstate(divide="ignore"):
        ratio = -sc.xlogy(x, np.where(tiny, x, m) / x)
        xt = np.where(tiny, x, 1.0)
        return np.where(tiny, xt * (np.log(xt) - np.log(np.where(tiny, m, 1.0))), ratio)[()]


def _bd0_value(m, x):
    """Loader's deviance term ``x log(x / m) + m - x`` at plain ``m > 0`` and counts ``x >= 0``: where ``v = (x - m) /
    (x + m)`` is below 0.1, its series ``(x - m) v + x (2 v^3 sum_j v^2j / (2 j + 3))``, whose terms are all small
    (the direct form is a difference of numbers of size x that cancel to (x - m)^2 / 2m near the mode: 1e-13 of the
    pmf at x = 150); x multiplies last, 2 x overflowed from x = 9e307 (poisson.logpmf(9e307, 9.5e307) +inf for
    -1.3395e305, at (1e308, 1e308) NaN, inf * 0, for -355.5)."""
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    # (the mean h of x and m, not their sum, which overflowed from 9e307: the same numbers, scaled by 2 exactly)
    h = 0.5 * x + 0.5 * m
    near = (x - m < 0.2 * h) & (m - x < 0.2 * h)
    ms = np.where(near, m, x + 1.0)
    v = (x - ms) / (0.5 * x + 0.5 * ms) * 0.5
    series = (x - ms) * v + x * (2.0 * v ** 3 * polynomial(v * v, _BD0_SERIES))
    md = np.where(near, x, m)  # (x where near: its log term 0, no overflow to discard)
    above = x > md
    with np.errstate(divide="ignore"):
        log_term = np.where(above, _x_log_x_over_value(np.where(above, md, 0.5), np.where(above, x, 1.0)),
                            sc.xlogy(x, x / np.where(above, 1.0, md)))
    # (m - x first: (x log(x / m) + m) - x overflowed from x = 1.3e308 at m = x / 1.7)
    return np.where(near, series, log_term + (md - x))[()]


def _bd0_dm(m, x):
    """d/dm bd0 = ``1 - x / m``, near the mode as ``(m - x) / m`` (exact there: 1 - x / m kept eps absolute, not
    relative); apart as ``1 - x / m``, whose derivative ``x / m^2`` is a quotient of quotients, not ``1 / m -
    (m - x) / m^2`` (which cancels for x << m)."""
    mp = np.asarray(_plain(m), dtype=float)
    h = 0.5 * x + 0.5 * mp
    near = (x - mp < 0.2 * h) & (mp - x < 0.2 * h)  # (the value's switch, on plain numbers)
    return np.where(near, (m - x) / m, 1.0 - x / m)


#: Loader's bd0 in ``m`` (``x`` a plain keyword) as one primitive whose derivative in ``m`` is :func:`_bd0_dm`.
#: Differentiated through its forms, forward over forward formed the series' v'' ~ 1 / m^2 and the second tangent
#: of x / m, 2 x / m^3, which underflowed from m = 1e154 (d2/dmu2 poisson.logpmf(1e200, 0.85e200) -1.1696e-200 for
#: -1.3841e-200, at (1e200, 3e200) +1.111e-201 for -1.111e-201); above m, through xlogy(x, x / m), the cotangent
#: was divided by x / m before the multiplication by x / m^2, and a subnormal one underflowed (binom.pmf(50, 100,
#: 1e-7)'s derivative in p -5e-320 for +5.04e-313), and as -x log(m / x) the pullback of log formed x / (m / x),
#: inf once x^2 / m passed 1.8e308 (d/dm poisson.logpmf(1e300, 1e250) inf for 1e50)
_BD0 = OwnPrimitive(_bd0_value, name="wengert.scipy.stats (bd0)", reenters="any")
_def_partials(_BD0, _bd0_dm)


#: The region of :func:`_log_betainc_series`: ``0 < w`` and ``b w`` below the first, ``a`` below the second times
#: ``min(1, b)``: the series' terms' ratios below 1/2 (60 terms, the 61st below 1e-18 of the sum), its shift's 1e-3
#: (6 terms). There betainc is near 1 (``w^a / (a B(a, b))`` with ``a |log w|`` below 0.7)
_BETA_SERIES_W, _BETA_SERIES_SMALL = 0.5, 1e-3
_BETA_SERIES_TERMS = 60


def _beta_series_region(a, b, w):
    """Where :func:`_log_betainc_series` is used (a plain mask of the broadcast shape)."""
    pa, pb, pw = (np.asarray(_plain(v), dtype=float) for v in (a, b, w))
    with np.errstate(invalid="ignore", over="ignore"):
        region = ((pw > 0) & (pw < _BETA_SERIES_W) & (pb * pw < _BETA_SERIES_W)
                  & (pa < _BETA_SERIES_SMALL * np.minimum(1.0, pb)))
    return np.broadcast_to(region, np.broadcast_shapes(pa.shape, pb.shape, pw.shape))


def _beta_series_sum(a, b, w):
    """``T = sum_n (1 - b)_n w^n / (n! (a + n))``, n = 1, ..., ``_BETA_SERIES_TERMS``: ``betainc(a, b, w) = w^a / (a
    B(a, b)) (1 + a T)``."""
    t = (1.0 - b) * w
    total = t / (a + 1.0)
    for n in range(1, _BETA_SERIES_TERMS):
        t = t * ((n + 1.0 - b) / (n + 1.0)) * w
        total = total + t / (a + n + 1.0)
    return total


#: Below this ``w`` (and ``b w`` below ``_BETA_SERIES_W``) the log of ``betainc(a, b, w)`` is ``a log w - log(a B(a,
#: b)) + log1p(a T)`` (:func:`_beta_series_sum`), ``log w`` from :func:`_log_of_z`: through log_betainc_lower, a
#: function of z alone, d2/dx dscale of beta.logcdf(x, 2, 3, 0, s) was 1.0 at x = 1e-15, 0.0 at 1e-200, the truth 4/3
#: (``a / z - a / z`` cancelled)
_BETA_LOG_SMALL_W = 1e-3


def _log_betainc_small_w(a, b, w, log_w, log_lower):
    """``log(betainc(a, b, w))``: where ``w`` is below ``_BETA_LOG_SMALL_W`` (and ``b w`` below ``_BETA_SERIES_W``),
    its series with ``a log_w(w)``; elsewhere ``log_lower(w)``."""
    return _two_forms(_beta_small_w_region(a, b, w), lambda a, b, w: log_lower(w),
                      lambda a, b, w: _log_betainc_lower_series(a, b, w, log_w(w)), (a, b, w), (1.0, 1.0, 0.25),
                      (1.0, 1.0, 1e-4))


def _beta_small_w_region(a, b, w):
    """Where :func:`_log_betainc_lower_series` is used: ``0 < w < _BETA_LOG_SMALL_W``, ``b w < _BETA_SERIES_W`` (a
    plain mask of the broadcast shape)."""
    pa, pb, pw = (np.asarray(_plain(v), dtype=float) for v in (a, b, w))
    with np.errstate(invalid="ignore", over="ignore"):
        return np.broadcast_to((pw > 0) & (pw < _BETA_LOG_SMALL_W) & (pb * pw < _BETA_SERIES_W),
                               np.broadcast_shapes(pa.shape, pb.shape, pw.shape))


def _log_betainc_lower_series(a, b, w, log_w):
    """``log(betainc(a, b, w)) = a log w - log(a B(a, b)) + log1p(a T)`` (:func:`_beta_series_sum`), ``log_w`` w's
    log (an array), for a small ``w`` (:data:`_BETA_LOG_SMALL_W`)."""
    return a * log_w - np.log(a) - _log_beta(a, b) + np.log1p(a * _beta_series_sum(a, b, w))


def _log_betainc_series(a, b, w, log_w):
    """``log(betainc(a, b, w))`` for a small ``a`` (:func:`_beta_series_region`), ``log_w`` the log of ``w`` (computed
    from the caller's own terms: through a rounded, or subnormal, ``w`` the derivatives of ``a log w`` underflowed in
    reverse mode, d/d dfn f.logsf(1e300, 3, 1e-12) 2.3e-13 for 6.7e-14): ``a log w - log gamma(1 + a) + (log gamma(a
    + b) - log gamma(b)) + log1p(a T)``, ``T = sum_n (1 - b)_n w^n / (n! (a + n))`` (the power series of ``I_w(a, b)
    = w^a / (a B(a, b)) 2F1(1 - b, a; a + 1; w)``), ``log gamma(a + b) - log gamma(b)`` as its Taylor series in a
    (polygamma's): each term a multiple of a, so the log is exact to its last digit where the tail is 1 - 1e-298 (a =
    1e-300), and so are its derivatives. Through betainc the complement 1 - I and its derivatives kept I's rounding:
    f.logsf(0.7, 1e-300, 5) was -inf for -684.93, its d/d dfd by jvp 2.9e-4 for -6.5e-5; beta.logsf(0.1, 1e-300,
    2.5)'s d/db -4.7e283 for -0.338, beta.logsf(1e-12, 1e-12, 2.5) 3.4e-8 relative off."""
    return a * _log_betainc_series_per_a(a, b, w, log_w)


def _log_betainc_series_per_a(a, b, w, log_w):
    """:func:`_log_betainc_series` over ``a``, each of its terms divided by ``a`` in its own series (``log gamma(1 +
    a) / a``, the shift's, ``log1p(a T) / a = T log1p(y) / y``), so that the upper tail's log is ``log(a) + log(-M) +
    log(exprel(a M))`` with no cancellation: through ``log(-expm1(a M))`` its mixed second derivatives were
    differences of terms of size 1 / a (d2/da dx of beta.logsf(0.4, 1e-20, 0.5) -36252 for 4.56)."""
    total = _beta_series_sum(a, b, w)
    shift = sc.digamma(b)
    power = 1.0
    for k in range(2, 7):
        power = power * a
        shift = shift + power * _polygamma(k - 1, b) / math.factorial(k)  # (sc.polygamma refuses a Var)
    return (log_w - polynomial(a, _LOG_GAMMA_1P_SERIES[1:]) + shift
            + total * polynomial(a * total, _LOG1P_RATIO_SERIES))


def _beta_series_tail(a, b, w, log_w, upper, log):
    """``betainc(a, b, w)`` (``upper``: ``betaincc``), or (``log``) its log, from :func:`_log_betainc_series`."""
    if log and upper:
        per_a = _log_betainc_series_per_a(a, b, w, log_w)
        return np.log(a) + np.log(-per_a) + np.log(sc.exprel(a * per_a))
    log_lower = _log_betainc_series(a, b, w, log_w)
    if log:
        return log_lower
    return -np.expm1(log_lower) if upper else np.exp(log_lower)


#: Stand-ins inside the series' region and outside it: (a, b, w, log w)
_IN_SERIES, _OUT_OF_SERIES = (1e-5, 1.0, 1e-12, -27.6), (1.0, 1.0, 0.25, -1.0)


def _beta_tail_at_small_w(a, b, w, log_w, upper, log):
    """``betainc(a, b, w)`` (``upper``: ``betaincc``), or (``log``) its logarithm, for ``w <= 1/2``: from
    :func:`_log_betainc_series` in its region (``log_w``: w's log), elsewhere SciPy's (the log of a tail above 1/2 as
    ``log1p`` of the other, the log of the lower tail :func:`_beta_log_lower`: through log(betainc) its second
    derivative was -I'^2 / I^2 with I^2 underflowing, -inf for f.logcdf(1e-100, 5, 0.7)'' = -2.5e200)."""
    def scipys(a, b, w, log_w):
        lower, upper_tail = (lambda w: sc.betainc(a, b, w)), (lambda w: sc.betaincc(a, b, w))
        return (_tail(upper_tail, lower, log)(w) if upper
                else _tail(lower, upper_tail, log, lambda w: _beta_log_lower(a, b, w))(w))
    with np.errstate(divide="ignore"):
        return _two_forms(_beta_series_region(a, b, w), scipys, lambda a, b, w, log_w: _beta_series_tail(
            a, b, w, log_w, upper, log), (a, b, w, log_w), _OUT_OF_SERIES, _IN_SERIES)


def _beta_tail(name, x, a, b, loc, scale, upper, log):
    """cdf (``upper=False``) or sf of the beta distribution, or their logarithms."""
    if log and not upper and not isinstance(b, (Var, Dual)) and np.any(np.asarray(b) == 1.0):
        return _beta_log_cdf_at_b_1(name, x, a, b, loc, scale)
    return _beta_tail_any_b(name, x, a, b, loc, scale, upper, log)


def _beta_log_cdf_at_b_1(name, x, a, b, loc, scale):
    """beta.logcdf where ``b`` is the number 1 (powerlaw's) and ``0 < a < inf``: ``a log z`` on ``0 < z <= 1``
    (``I_z(a, 1) = z^a``, SciPy's powerlaw._logcdf), linear in ``a``; ``-inf`` below, 0 above; elsewhere the general
    form. Through log(betainc) d2/da2 of powerlaw.logcdf(0.5, 1.5) was -3.1e-17, the truth 0 (its terms log(z)^2
    cancelling), d2/dx da at x = 0.05 19.99999999999999 for 20."""
    z = _standardized(name, x, loc, scale)
    pz, pa = np.asarray(_plain(z), dtype=float), np.asarray(_plain(a), dtype=float)
    shape = np.broadcast_shapes(pz.shape, np.shape(b), pa.shape)
    with np.errstate(invalid="ignore"):
        one = np.broadcast_to((np.asarray(b) == 1.0) & (pa > 0) & (pa < np.inf), shape)
    if not np.any(one):
        return _beta_tail_any_b(name, x, a, b, loc, scale, False, True)
    log_z = _log_of_z(x - loc, scale, z)
    # (beta's own at z = 0 itself: a log z = -inf with the limits from inside as its derivatives; it was the constant
    # -inf. The count tails (binom, nbinom) keep theirs)
    end = name == "beta.logcdf"
    power = _on_support((pz >= 0 if end else pz > 0) & (pz <= 1), lambda w: log_z(w, a, end=end), z,
                        outside=np.where(pz <= 0, -np.inf, 0.0))
    if np.all(one):
        return power
    # (the general form at z = 1/2 and a = 1 on power's entries, where its derivatives are finite)
    general = _beta_tail_any_b(name, np.where(one, loc + 0.5 * scale, x), np.where(one, 1.0, a), b, loc, scale, False,
                               True)
    return np.where(one, power, general)


def _beta_tail_any_b(name, x, a, b, loc, scale, upper, log):
    """:func:`_beta_tail` at any ``b``."""
    z = _standardized(name, x, loc, scale)
    plain = _plain(z)
    lower_tail, upper_tail = (lambda z: sc.betainc(a, b, z)), (lambda z: sc.betaincc(a, b, z))
    pa, pb = _plain(a), _plain(b)
    # (near its own end the log tail's a log z, or b log(1 - z), from _log_of_z: log(1 - z) as
    # log(scale - (x - loc)) - log(scale))
    log_z = _log_of_z(x - loc, scale, z)
    log_1mz = _log_of_z(scale - (x - loc), scale, 1.0 - plain)
    fn = (_tail(upper_tail, lower_tail, log, lambda z: _log_betainc_small_w(
        b, a, 1.0 - z, log_1mz, lambda w: _beta_log_lower(b, a, w)), lambda z: sc.betaincc(pa, pb, z))
          if upper else _tail(lower_tail, upper_tail, log, lambda z: _log_betainc_small_w(
              a, b, z, log_z, lambda z: _beta_log_lower(a, b, z)), lambda z: sc.betainc(pa, pb, z)))
    # where the value is 0 (z = 0 for the cdf, z = 1 for the sf) the log is -inf, outside
    inside = (plain > 0 if log and not upper else plain >= 0) & (plain < 1 if log and upper else plain <= 1)
    below, above = (1.0, 0.0) if upper else (0.0, 1.0)
    with np.errstate(divide="ignore"):
        outside = np.where(plain <= 0.5, below, above)
        outside = np.log(outside) if log else outside
    # a small a near 0 (b near 1): the power series of log betainc at z (1 - z), where betainc's complement lost
    # its digits (:func:`_log_betainc_series`)
    pz = np.asarray(plain, dtype=float)
    near_zero = _beta_series_region(a, b, np.where(pz <= 0.5, pz, 0.0))
    near_one = _beta_series_region(b, a, np.where(pz > 0.5, 1.0 - pz, 0.0))

    def elsewhere(z, a, b):
        return _two_forms(near_one, lambda z, a, b: fn(z), lambda z, a, b: _beta_series_tail(
            b, a, 1.0 - z, np.log1p(-z), not upper, log), (z, a, b), (0.5, 1.0, 1.0), (1.0 - 1e-12, 1.0, 1e-5))

    def series(z, a, b):
        return _beta_series_tail(a, b, z, log_z(z), upper, log)
    if np.any(near_zero) or np.any(near_one):
        def whole(z):
            with np.errstate(divide="ignore"):
                return _two_forms(near_zero, elsewhere, series, (z, a, b), (0.5, 1.0, 1.0), (1e-12, 1e-5, 1.0))
    else:
        whole = fn
    if log and not upper and name == "beta.logcdf":
        # (at z = 0 itself: -inf with the limits from inside as its derivatives, log I_z(a, b) = a log z - log a -
        # betaln(a, b) + a (1 - b) z / (a + 1) + O(z^2); it was the constant -inf, every derivative 0)
        return _log_cdf_from_lower_end(z, whole, lambda z: log_z(z, a, end=True) - np.log(a) - sc.betaln(a, b)
                                       + a * (1.0 - b) / (a + 1.0) * z, support=inside, outside=outside)
    if log and upper:
        near = _beta_near_lower_end(z, x, a, b, loc, scale, True)
        if np.any(near):
            # (log1p(-I) of the lower end's series: through log(betaincc) d2/dx dscale of powerlaw.logsf(1e-300, 2, 0,
            # 1.5) was 8.9e-301 by reverse over forward and reverse over reverse, the truth 1.8e-300)
            tail = whole

            def whole(z):
                return _two_forms(near, lambda z, d: tail(z), lambda z, d: _log1p_minus_tiny(
                    _beta_lower_series(d, scale, a, b, near), a), (z, x - loc), (0.5, 0.0), (0.0, 0.5 * _plain(scale)))
        one = (np.asarray(pa) == 1.0) & (pz >= 0) & (pz <= 0.5)
        if not isinstance(a, (Var, Dual)) and np.any(one):
            # (a == 1, not traced: b log1p(-z), exactly; through betaincc and its series d2/db2 was rounding where the
            # truth is 0: beta.logsf(1.5e-20, 1, 2.5) -6.9e-55 in (x, b), 2.0e-56 in (x, b, loc, scale))
            one = np.broadcast_to(one, np.broadcast_shapes(one.shape, np.shape(pb)))
            other = whole

            def whole(z):
                return _two_forms(one, other, lambda z: b * np.log1p(-z), (z,), (0.75,), (0.25,))
    if log:
        return _on_support(inside, whole, z, outside=outside)
    return _on_support(inside, lambda z: _beta_tail_at_ends(whole, z, x, a, b, loc, scale, upper), z,
                       outside=outside)


def _beta_near_lower_end(z, x, a, b, loc, scale, upper):
    """Where (plain) beta's tail at ``z`` is its series at the lower end (:func:`_beta_lower_series`): ``0 < z <
    _TAIL_SERIES_BELOW`` with x, loc or the scale traced, not b (1 / B(a, b)'s second derivative in b through
    exp(-betaln) is rounding beside the series' exact one where it is 0: at a = 1, 5e-116 for 1e-200 at beta.sf(1e-100, 1,
    0.5)), and for the upper tail ``1 - I`` only where I <= 1/2 (no digits lost)."""
    if not any(isinstance(v, (Var, Dual)) for v in (x, loc, scale)):
        return np.zeros(np.shape(_plain(z)), dtype=bool)
    pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
    with np.errstate(invalid="ignore"):
        return np.broadcast_to((pz > 0) & (pz < _TAIL_SERIES_BELOW) & (not upper or sc.betainc(pa, pb, pz) <= 0.5),
                               np.broadcast_shapes(pz.shape, pa.shape, pb.shape))


def _beta_lower_series(d, scale, a, b, near):
    """``I_z(a, b) = sum_n (1 - b)_n z^(a + n) / (n! (a + n) B(a, b))`` near z = 0 (``z = d / scale``; the later terms
    only where ``near``: :func:`_z_power_series`)."""
    rbeta = _inverse_beta(a, b)
    return _z_power_series(d, scale, a, rbeta / a, near, lambda n: rbeta * (
        (1.0 - b) if n == 1 else 0.5 * (1.0 - b) * (2.0 - b)) / (a + n))


def _inverse_beta(a, b):
    """``1 / B(a, b)``, at a == 1 (plain) as ``a b exp((a - 1) g1 + (a - 1)^2 g2 / 2)`` (g1, g2 the a-derivatives of
    ``log(gamma(a + b) / (gamma(a + 1) gamma(b)))`` at a = 1: ``digamma(1 + b) - digamma(2)``, ``trigamma(1 + b) -
    trigamma(2)``; exact to second order there), whose derivatives in b are b's, structurally: through exp(-betaln)
    d2/db2 was rounding, 1e-16 of the series' first term, where the truth (0 at a = 1) is the later terms'
    (beta.logsf(1.5e-20, 1, 2.5)'s d2/db2 -6.9e-55 for 0, d2/dx ddfd of f.cdf(1.2e-20, 2, 3, 0, 1.5) 0 for 2 z / (dfd^2
    s) = 1.19e-21), and reverse mode's sum of such cancelling terms absorbed the true one first."""
    one = np.asarray(_plain(a)) == 1.0
    if not np.any(one):
        return np.exp(-_log_beta(a, b))
    e = a - 1.0
    at_one = a * b * np.exp(e * (sc.digamma(1.0 + b) - sc.digamma(2.0)) + 0.5 * e * e * (
        _polygamma(1, 1.0 + b) - sc.polygamma(1, 2.0)))
    if np.all(one):
        return at_one
    return np.where(one, at_one, np.exp(-_log_beta(a, b)))


def _log1p_minus_tiny(p, e):
    """``log1p(-p)`` for a lower tail ``p`` whose leading power near z = 0 is ``z^e``: where p is below rounding ``-p``
    (``p^2 / 2``'s second derivative against p's ``e / (e - 1) p``, kept only near e = 1), whose second derivative is
    p's: through log1p its ``-p'' - p'^2`` was inf - inf for e < 1."""
    pp, pe = (np.asarray(_plain(v), dtype=float) for v in (p, e))
    with np.errstate(invalid="ignore"):
        tiny = (pp < _BELOW_ROUNDING) & (np.abs(pe - 1.0) > pe * pp / _BELOW_ROUNDING)
    if not np.any(tiny):
        return np.log1p(-p)
    return np.where(tiny, -p, np.log1p(-np.where(tiny, 0.0, p)))


def _beta_tail_at_ends(tail, z, x, a, b, loc, scale, upper):
    """``tail(z)`` (betainc, betaincc where ``upper``), and at an end where the density is infinite (z = 0 with a < 1, z
    = 1 with b < 1) that moves (x or loc traced, or the scale at z = 1) the leading term ``d^e / (e B(a, b))`` of the
    tail that vanishes there (e = a, d = z; e = b, d = 1 - z; the other tail 1 minus it), ``d^e`` from its distance
    ``x - loc`` (``loc + scale - x``) and the scale apart (:data:`_Z_POWER_TERMS`): the one-sided limits from inside.
    Through z the scale's live 0 met the density's +inf, and betainc's rule in a and b its log z: the Hessian of
    beta.cdf(x, 0.5, 2, 0, s) at (0, 2) had NaN in d2/dx db on every path (the truth +inf: mpmath's 1.49e9 at x =
    1e-20, 1.49e19 at 1e-40) and in b's, loc's and the scale's rows by forward over forward and reverse over forward."""
    traced = any(isinstance(v, (Var, Dual)) for v in (x, loc))
    pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
    shape = np.broadcast_shapes(pz.shape, pa.shape, pb.shape)
    near = np.broadcast_to(_beta_near_lower_end(z, x, a, b, loc, scale, upper), shape)
    lower_end = np.broadcast_to((pz == 0) & (pa < 1) & traced, shape) | near
    upper_end = np.broadcast_to((pz == 1) & (pb < 1) & (traced or isinstance(scale, (Var, Dual))), shape)
    at = lower_end | upper_end
    if not np.any(at):
        return tail(z)

    def end(z, d, a, b):
        # (1 / (e B(a, b))'s derivatives in e left out: at the end d^e's, with log d, exceed them in every entry
        # where both are infinite (d2/dx da: z^(a - 1) (a log z + ...) beside the factor's finite ones, inf - inf)
        pa_, pb_ = (np.asarray(_plain(v), dtype=float) for v in (a, b))
        e = np.where(lower_end, a, b)
        factor = np.where(lower_end, np.exp(-sc.betaln(pa_, b)) / pa_, np.exp(-sc.betaln(a, pb_)) / pb_)
        power = _Z_POWER_TERMS(d, scale, e, terms=_Z_ITSELF) * factor
        if np.any(near):  # (a's derivatives too)
            power = np.where(near, _beta_lower_series(np.where(near, d, 0.5 * _plain(scale)), scale, a, b, near), power)
        return np.where(lower_end == (not upper), power, 1.0 - power)
    # (stand-ins z = 1/2 for the tail, d = scale / 2 and a = b = 1/2 for the end: finite derivatives in both)
    return _two_forms(at, lambda z, d, a, b: tail(z), end, (z, np.where(lower_end, x - loc, loc + scale - x), a, b),
                      (0.5, 0.0, 1.0, 1.0), (0.0, 0.5 * _plain(scale), 0.5, 0.5))


#: Beyond these shapes the log tail is log(betainc) unless betainc underflows (the fraction
#: takes about sqrt(max(a, b)) steps)
_BETA_LOG_FRACTION_UP_TO = 1e7


def _beta_log_lower(a, b, z):
    """``log(betainc(a, b, z))``: below the mode side's switch z < (a + 1) / (a + b + 2) by
    ``log_betainc_lower`` (its value log(betainc) where betainc is a normal number and log P + log F
    where it underflows, where log(betainc) was -inf and its derivatives NaN: beta.logcdf(1e-5, 100,
    2) is -1146.677, d/da -11.503; its derivatives from the fraction's jet, the second without the
    cancelling I_aa / I - (I_a / I)^2), elsewhere log(betainc)."""
    pa, pb, pz = np.broadcast_arrays(_plain(a), _plain(b), _plain(z))
    switch = (pa + 1.0) / (pa + pb + 2.0)
    with np.errstate(invalid="ignore", under="ignore"):
        # (and where SciPy's betainc is NaN: beta.logcdf(1e-200, 2.5, 1e200) was, from about a = 1e155 with a z
        # near 1, betaprime.logsf(1e200, 1e200, 2.5) NaN for -1.8914364076182)
        scipys = sc.betainc(pa, pb, pz)
        lower = (pz > 0) & (pz < switch) & ((np.maximum(pa, pb) <= _BETA_LOG_FRACTION_UP_TO) | (scipys < 1e-300)
                                            | np.isnan(scipys))
    if not np.any(lower):
        return np.log(sc.betainc(a, b, z))
    if np.all(lower):
        return log_betainc_lower(a, b, z)
    # each form at the other's points: the fraction at half the switch, log(betainc) at (1, 1, 1/2) (at the
    # switch betainc is about 1/2, but NaN for shapes beyond 1e155, and 0 * NaN = NaN; at half of it it
    # underflows for large shapes, and 0 * inf = NaN)
    return np.where(lower, log_betainc_lower(a, b, np.where(lower, z, 0.5 * switch)),
                    np.log(sc.betainc(np.where(lower, 1.0, a), np.where(lower, 1.0, b), np.where(lower, 0.5, z))))


def _beta_tail_function(name, upper, log, formula, example):
    def function(x, a, b, loc=0.0, scale=1.0):
        return _beta_tail(f"beta.{name}", x, a, b, loc, scale, upper, log)
    function.__doc__ = (f"``{formula}`` (``z = (x - loc) / scale``) on the support; in every "
                        f"argument.\n\n    >>> from wengert.scipy.stats import beta\n"
                        f"    >>> {example}\n    ")
    return _method(beta, name)(function)


_beta_tail_function("logcdf", False, True, "log(betainc(a, b, z))",
                    "round(float(beta.logcdf(0.5, 1.0, 1.0)), 6)\n    -0.693147")
_beta_tail_function("sf", True, False, "betaincc(a, b, z)", "float(beta.sf(0.25, 1.0, 1.0))\n    0.75")
_beta_tail_function("logsf", True, True, "log(betaincc(a, b, z))",
                    "round(float(beta.logsf(0.5, 1.0, 1.0)), 6)\n    -0.693147")


@_method(beta, "ppf")
@_quiet
def _beta_ppf(q, a, b, loc=0.0, scale=1.0):
    """``loc + scale betaincinv(a, b, q)`` and ``b`` (SciPy's betaincinv but where a tail probability is below
    1e-10, there Newton's method's root from it: beta.ppf(1e-300, 4.5, 30) was NaN, the truth 1.6365e-68; SciPy's
    own beta.ppf gives 1.1157e-23 there); above 1/2, ``1 - beta.isf(q, b, a)`` (:func:`_beta_quantile`).

    >>> from wengert.scipy.stats import beta
    >>> float(beta.ppf(0.25, 1.0, 1.0))
    0.25
    """
    return _beta_located_quantile("beta.ppf", q, a, b, loc, scale, upper=False)


@_method(beta, "isf")
@_quiet
def _beta_isf(q, a, b, loc=0.0, scale=1.0):
    """``loc + scale betainccinv(a, b, q)`` and ``b`` (checked at tiny tail probabilities as beta.ppf).

    >>> from wengert.scipy.stats import beta
    >>> float(beta.isf(0.25, 1.0, 1.0))
    0.75
    """
    return _beta_located_quantile("beta.isf", q, a, b, loc, scale, upper=True)


def _beta_located_quantile(name, q, a, b, loc, scale, upper):
    """``loc + scale`` times beta's ppf (``upper``: isf) at q: power's closed form at ``b = 1``, else the root's."""
    if _at_b_one(b):
        return _located(name, q, loc, scale, lambda q, a: _beta_quantile_at_b_one(q, a, upper), shapes=(a,),
                        steep_mixed=_power_steep)
    return _located(name, q, loc, scale, lambda q, a, b: _beta_quantile(q, a, b, upper), shapes=(a, b))


def _beta_quantile(q, a, b, upper):
    """beta's quantile (``upper``: the isf) below 1/2; above, ``1 - s`` with ``s`` beta(b, a)'s other quantile, so
    that its derivatives are taken at ``s``, not at the rounded ``1 - s`` (d/dq of beta.ppf(1e-300, 1e12, 2.5) was
    4.6e-5 relative off: its (a - 1) log x at x = 1 - 7e-10 kept x's rounding times a)."""
    first, other = (betainccinv_checked, betaincinv_checked) if upper else (betaincinv_checked, betainccinv_checked)
    pq, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (q, a, b))
    with np.errstate(invalid="ignore"):
        near_one = np.broadcast_to(first(pa, pb, pq) > 0.5, np.broadcast_shapes(pq.shape, pa.shape, pb.shape))
    return _two_forms(near_one, lambda q, a, b: first(a, b, q), lambda q, a, b: 1.0 - other(b, a, q), (q, a, b),
                      (0.5, 1.0, 1.0), (0.5, 1.0, 1.0))


def _at_b_one(b):
    """``b`` a constant 1 (not traced: powerlaw's): its quantiles in closed form (:func:`_beta_quantile_at_b_one`)."""
    return not isinstance(b, (Var, Dual)) and bool(np.all(np.asarray(b) == 1.0))


def _beta_quantile_at_b_one(q, a, upper):
    """beta's quantile at a constant ``b = 1`` (powerlaw's) in closed form: ``q^(1/a)`` (the isf ``(1 - q)^(1/a)``,
    ``exp(log1p(-q) / a)`` below q = 1/2): SciPy's betaincinv, checked by Newton's method, left the root undecided at
    a huge a, NaN (powerlaw.ppf(1e-300, 1e200) NaN for 1)."""
    pq, pa = np.asarray(_plain(q), dtype=float), np.asarray(_plain(a), dtype=float)
    shape = np.broadcast_shapes(pq.shape, pa.shape)

    def form(q, a):
        if not upper:
            return q ** (1.0 / a)
        return _two_forms(np.broadcast_to(np.asarray(_plain(q)) > 0.5, shape), lambda q, a: np.exp(np.log1p(-q) / a),
                          lambda q, a: (1.0 - q) ** (1.0 / a), (q, a), (0.25, 1.0), (0.75, 1.0))
    # where -log(q) / a (the log's magnitude) is above 1e4, 0 with derivatives 0 (each below e^-1e4 times powers of
    # it): by jvp the tangent of 1 / a, -1 / a^2, overflowed against the power's 0 at a = 1e-300 (NaN)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        size = -(np.log1p(-pq) if upper else np.log(pq)) / pa
    vanishing = np.broadcast_to(np.isfinite(size) & (size > 1e4), shape)
    if not np.any(vanishing):
        return form(q, a)
    return np.where(vanishing, 0.0, form(np.where(vanishing, 0.5, q), np.where(vanishing, 1.0, a)))




def _stdtrit(df, q):
    """``stdtrit(df, q)``, with the ends of the support at q = 0 and 1 (-inf and inf, as
    SciPy's ``t.ppf``; its ``stdtrit`` gives NaN there up to 1.14 and +inf at 0 in 1.17).
    There it is ``ndtri(q)`` (the normal quantile: the same infinities, with infinite
    derivatives, as the quantile has). Far out (``df / x^2 < _T_FAR_ROOT``) the root of the
    exact log tail (:func:`_t_far_root`), where SciPy's root was wrong: clamped at
    ``6.7e153 sqrt(df)`` (SciPy >= 1.17; at 1e100 before), ``+inf`` for tiny q at moderate df
    (1.17 and 1.18: t.ppf(1e-300, 3) inf for -1.49e100), a finite number where the root
    overflows at a tiny df (t.ppf(0.3, 1e-300) -6703.9, the truth -inf)."""
    pq, pdf = np.asarray(_plain(q), dtype=float), np.asarray(_plain(df), dtype=float)
    shape = np.broadcast_shapes(pq.shape, pdf.shape)
    ends = np.broadcast_to((pq == 0) | (pq == 1), shape)
    # (q = 1/2: the root 0 at every df, as (q - 1/2) / pdf(0): SciPy 1.13's was NaN at df = 1e-300, -inf at
    # 1e-100, -6.1e-11 at 1e-12)
    center = np.broadcast_to((pq == 0.5) & (pdf > 0), shape)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        far = np.broadcast_to(_t_far_root(np.minimum(pq, 1.0 - pq), pdf)[1], shape) & ~ends

    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        scipys = np.broadcast_to(np.abs(sc.stdtrit(pdf, pq)), shape)
        near_median = np.broadcast_to((np.abs(pq - 0.5) < 0.1) & (pdf >= 0.5) & (pdf < np.inf), shape) & (
            scipys * scipys < np.broadcast_to(pdf, shape)) & ~far & ~ends & ~center

    def inside(q, df):
        out = lambda q, df: _two_forms(far, lambda q, df: _T_QUANTILE(df, q), _T_FAR_QUANTILE, (q, df), (0.25, 1.0),
                                       (1e-10, 1.0))
        # (SciPy's root, its start there, computed once: the placeholder's at (0.6, 3) is 0.2767)
        return _two_forms(near_median, lambda q, df, start: out(q, df), _t_near_median, (q, df, scipys),
                          (0.25, 1.0, 0.0), (0.6, 3.0, 0.2767))

    def end(q):  # (-inf at q = 0, inf at 1)
        root = np.where(np.asarray(_plain(q)) == 0, -1.0, 1.0)
        return _T_END(q, sign=root, root=root)

    def special(q, df):
        if not np.any(center):
            return end(q)
        if np.all(center):
            return _T_CENTER(q, df)
        return np.where(ends, end(np.where(ends, q, 0.0)), _T_CENTER(np.where(ends, 0.5, q), np.where(ends, 1.0, df)))
    return _two_forms(ends | center, inside, special, (q, df), (0.25, 1.0), (0.5, 1.0))


def _t_lower_tail_plain(s, df):
    """``stdtr(df, -s)`` for ``s > 0`` (plain), as ``I_v(1/2, df/2)``'s complement (``v = s^2 / (df + s^2)``) up to v =
    1/2, beyond as ``I_z(df/2, 1/2)`` (``z = df / (df + s^2)``): each argument below 1/2, from s and df without a
    difference (within 3.4e-15 of mpmath, and the same, on SciPy 1.13.1, 1.15.3 and 1.17.1, df <= 30)."""
    a = 0.5 * df
    v = 1.0 / (1.0 + df / (s * s))
    z = 1.0 / (1.0 + (s / df) * s)
    return np.where(v <= 0.5, 0.5 * sc.betaincc(0.5, a, np.minimum(v, 0.5)), 0.5 * sc.betainc(a, 0.5, np.minimum(z, 0.5)))


def _t_quantile_plain(df, q):
    """``stdtrit(df, q)``, SciPy's root polished by Newton's method on the exact tail (:func:`_t_lower_tail_plain`):
    up to SciPy 1.15 stdtrit stops 1e-11 relative off (t.ppf(0.01, 3) 2.1e-11, t.ppf(0.0347515310014233, 1)
    2.4e-11, against mpmath), exact on 1.17 (the value now the same on each, within 2 ulp). Where the root is 0,
    infinite or NaN, or df not positive and finite, SciPy's."""
    q, df = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(df, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        root = np.asarray(sc.stdtrit(df, q), dtype=float)
        p = np.minimum(q, 1.0 - q)
        ok = (p > 0) & (p < 0.5) & (df > 0) & np.isfinite(df) & np.isfinite(root) & (root != 0)
        if not np.any(ok):
            return root[()]
        s, pdf, pp = np.abs(np.where(ok, root, 1.0)), np.where(ok, df, 1.0), np.where(ok, p, 0.25)
        log_f0 = -0.5 * np.log(pdf) - log_beta_exact(0.5 * pdf, 0.5)
        for _ in range(6):  # (from SciPy's root, 1e-11 off: one or two steps)
            slope = np.exp(log_f0 - 0.5 * (pdf + 1.0) * np.log1p((s / pdf) * s))
            step = (_t_lower_tail_plain(s, pdf) - pp) / slope
            s = s + step
            if not np.any(np.abs(step) > 1e-16 * s):
                break
        ok &= np.isfinite(s) & (s > 0)
    return np.where(ok, np.where(q > 0.5, s, -s), root)[()]


#: t's quantile between the median's neighbourhood and the far tails (:func:`_t_quantile_plain`), with stdtrit's rules
_T_QUANTILE = OwnPrimitive(_t_quantile_plain, name="wengert.scipy.stats.t_quantile", reenters="any")
defvjp(_T_QUANTILE, *STDTRIT_RULES)


def _t_near_median(q, df, start):
    """t's quantile for ``0 < |q - 1/2| < 0.1`` (``df >= 1/2``, the root below ``sqrt(df)``): ``+-(s0 + r / H' - H''
    r^2 / (2 H'^3))``, ``s0`` the plain root of ``H(s) = I(s^2 / (df + s^2); 1/2, df/2) / 2 = |q - 1/2|`` (SciPy's
    stdtrit, ``start``, polished by Newton's method), ``r = |q - 1/2| - H(s0)``, ``H'`` the density, ``H''`` its
    slope: exact to second order in q and df. SciPy's root loses digits towards the median: stdtrit(4, 0.50000001) is 11.8% off
    (2.9831e-8 for 2.6667e-8), stdtrit(4, 0.500001) 3.7e-5, stdtrit(1, 0.50000001) 3.7e-9."""
    pq = np.asarray(_plain(q), dtype=float)
    pdf = np.asarray(_plain(df), dtype=float)
    d_plain = np.abs(pq - 0.5)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        log_f0 = -0.5 * np.log(pdf) - log_beta_exact(0.5 * pdf, 0.5)
        s0 = np.asarray(start, dtype=float)
        for _ in range(6):  # (from SciPy's root, at worst ~12% off: Newton's method converges in 3 or 4)
            x0 = s0 * s0 / (pdf + s0 * s0)
            slope = np.exp(log_f0 - 0.5 * (pdf + 1.0) * np.log1p(s0 * s0 / pdf))
            s0 = np.maximum(s0 - (0.5 * sc.betainc(0.5, 0.5 * pdf, x0) - d_plain) / slope, 0.0)
    above = pq > 0.5
    d = _piecewise(q, above, lambda q: 0.5 - q, lambda q: q - 0.5, 0.25, 0.75)
    x0 = s0 * s0 / (df + s0 * s0)
    slope = np.exp(-0.5 * np.log(df) - _log_beta(0.5 * df, 0.5) - 0.5 * (df + 1.0) * np.log1p(s0 * s0 / df))
    curvature = -slope * (df + 1.0) * s0 / (df + s0 * s0)
    r = d - 0.5 * beta.cdf(x0, 0.5, 0.5 * df)
    s = s0 + r / slope - curvature * r * r / (2.0 * slope ** 3)
    return _in_dtype_of(np.where(above, 1.0, -1.0) * s, q, df)
_def_partials(_T_END, lambda q, sign=1.0, root=1.0: _T_END(q, sign=sign * root, root=root))
_def_partials(_STEEP_END, lambda q, scale, sign=1.0, root=1.0: _STEEP_SLOPE(q, scale, sign=sign, root=root),
              lambda q, scale, sign=1.0, root=1.0: _STEEP_UNIT(q + _steep_end_value(q, scale, sign), sign=sign, root=root))
_def_partials(_STEEP_UNIT, lambda q, sign=1.0, root=1.0: _T_END(q, sign=sign, root=root))


def _t_center_value(q, df):
    return np.zeros(np.broadcast_shapes(np.shape(_plain(q)), np.shape(_plain(df))))[()]


def _t_center_slope(df):
    """``1 / pdf(0)``, t's density at 0 at ``df``, and its derivative in df, ``-(1 / pdf(0)) (digamma((df + 1) / 2) -
    digamma(df / 2) - 1 / df) / 2`` (below df = 1 with ``digamma(df / 2) = digamma(1 + df / 2) - 2 / df``: no inf - inf
    at a tiny df)."""
    scale = np.exp(-_t_far_log_density(0.0, df))
    bracket = _piecewise(df, np.asarray(_plain(df), dtype=float) < 1.0,
                         lambda df: 0.5 * (sc.digamma(0.5 * (df + 1.0)) - sc.digamma(0.5 * df)) - 0.5 / df,
                         lambda df: 0.5 * (sc.digamma(0.5 * (df + 1.0)) - sc.digamma(1.0 + 0.5 * df)) + 0.5 / df,
                         2.0, 0.5)
    with np.errstate(over="ignore"):  # (-inf at df = 1e-300: the truth, -1e450)
        return scale, -scale * bracket


#: t's quantile at q = 1/2 (0 at every df): ``(q - 1/2) / pdf(0)`` with its derivatives written out, each term with
#: the factor ``q - 1/2`` (0) left out: as a product, 0 times the infinite derivatives of ``1 / pdf(0)`` in a tiny df
#: gave NaN in the Hessian at (1/2, 1e-300) where the truth is 0 in df twice (and -inf in q and df)
_T_CENTER = OwnPrimitive(_t_center_value, name="wengert.scipy.stats.t_center_quantile", reenters="any")
_T_CENTER_SLOPE = OwnPrimitive(_t_center_value, name="wengert.scipy.stats.t_center_slope", reenters="any")
_def_partials(_T_CENTER, lambda q, df: _t_center_slope(df)[0] + _t_center_value(q, df),
              lambda q, df: _T_CENTER_SLOPE(q, df))
_def_partials(_T_CENTER_SLOPE, lambda q, df: _t_center_slope(df)[1] + _t_center_value(q, df),
              lambda q, df: _t_center_value(q, df))


#: Where the root's ``df / x^2`` is below this, t's quantile is :func:`_t_far_root`'s (at most ``_T_FAR``: there
#: :func:`_t_log_cdf` is its series; SciPy 1.13's root was 1e-12 off from about here in)
_T_FAR_ROOT = 1e-3
#: ``log B(1 + a, 1/2) - log 2`` as its Taylor series in ``a`` (its coefficients ``(polygamma(k - 1, 1) -
#: polygamma(k - 1, 3/2)) / k!``, the k-th about ``ζ(k) / k``), used below ``a = 0.1``: the difference of the
#: gammaln lost ``1e-16`` absolute, a relative ``1e-16 / df`` of the root (1.4e-14 at df = 0.0087)
_T_LOG_BETA_SERIES = [0.0] + [float((sc.polygamma(k - 1, 1.0) - sc.polygamma(k - 1, 1.5)) / math.factorial(k))
                              for k in range(1, 21)]


def _t_log_half_beta(a):
    """``log(B(1 + a, 1/2) / 2)`` (plain): exact near ``a = 0``, where it is about ``-0.61 a``."""
    return np.where(a < 0.1, polynomial(np.minimum(a, 0.1), _T_LOG_BETA_SERIES),
                    _log_beta(a + 1.0, 0.5) - _LOG_2)


def _t_far_series(a, x):
    """``S = sum_n (a + 1/2)_n / (a + 1)_n x^n`` (10 terms, :func:`_t_log_cdf`'s) and its partials in ``a`` and
    ``x``, by Horner's rule carried with its derivatives (traced or plain)."""
    s = s_a = s_x = 0.0 * x
    for n in range(10, 0, -1):
        r = (a + n - 0.5) / (a + n)
        s_a = x * (0.5 / ((a + n) * (a + n)) * (1.0 + s) + r * s_a)
        s_x = r * (1.0 + s) + x * r * s_x
        s = x * r * (1.0 + s)
    return s, s_a, s_x


def _t_far_root_coefficients(a, terms=10):
    """``g_n`` (plain, ``n < terms``, ``g_0 = 0``) of ``G = (1 + S) sqrt(1 - x) - 1 = sum g_n x^n``
    (:func:`_t_far_series`' S): 0 at ``a = 0``, where ``1 + S = (1 - x)^(-1/2)``, so that ``log1p(S) - log1p(w) / 2 =
    log1p(G)`` keeps its digits (``w = x / (1 - x)``): as two logs of about ``w / 2`` their difference, ``O(a w)``,
    lost ``1e-16 w`` absolute, ``1e-16 w / df`` of the root's log (1.4e-12 of t.ppf(0.49999999984, 4e-11)).
    ``g_n = sum_k (c_k - c_k^0) e_(n - k)``, ``c_k`` S's coefficients (``c_k^0`` at ``a = 0``), their difference as
    ``c_k^0 expm1(sum_j log1p(d_j))``, ``d_j = a / (2 (a + 1 + j) (j + 1/2))`` (the ratio of the factors minus 1),
    ``e_m`` those of ``sqrt(1 - x)``."""
    c0, e = [1.0], [1.0]
    for k in range(terms):
        c0.append(c0[-1] * (k + 0.5) / (k + 1.0))
        e.append(e[-1] * (k - 0.5) / (k + 1.0))
    total, differences = 0.0 * a, [0.0 * a]
    for k in range(terms - 1):
        total = total + np.log1p(a / (2.0 * (a + 1.0 + k) * (k + 0.5)))
        differences.append(c0[k + 1] * np.expm1(total))
    return [0.0 * a] + [sum(differences[k] * e[n - k] for k in range(1, n + 1)) for n in range(1, terms)]


def _t_far_root(p, df):
    """``(x, far)`` (plain): ``x < 0`` with ``stdtr(df, x) = p`` for ``0 < p <= 1/2``, where ``far`` (its
    ``df / x^2`` below ``_T_FAR_ROOT``; elsewhere NaN), ``-inf`` where it overflows. Newton's steps in ``l = log|x|``
    on ``log(2 p) = a log df - df l - (a + 1/2) log1p(w) + log1p(S) - log1p(df) - log(B(1 + a, 1/2) / 2)`` (``a = df
    / 2``, ``w = df / x^2``, :func:`_t_log_cdf`'s series), from its root at ``w = 0``, almost linear in ``l`` (a
    few steps); ``log(2 p)`` as ``log1p(2 p - 1)`` near 1/2 and the last step as a factor, so that ``x`` is exact to
    a few ulps of ``l`` (not 1e-16 / df: the root's log moves by ``log(2 p) / df``). Below p = 1/4 ``log(2 p)`` as
    ``k log 2 + log m`` (``2 p = m 2^k``, k log 2's high part exact) and the step's residual with ``df l`` exact
    (Dekker's product) beside it: through ``log(2 p)`` and ``base - df l`` rounded, each near 690 at p = 1e-300, the
    root's log was off by their ulp (1.1e-13) over df: t.ppf(1e-300, 1) 7.5e-14 off -cot(pi q)."""
    p, df = np.broadcast_arrays(np.asarray(p, dtype=float), np.asarray(df, dtype=float))
    a = 0.5 * df
    m2, k2 = np.frexp(2.0 * p)
    # (log(2 p) = log_2p_hi + log_2p_lo: the first k LN2_HI, exact, below p = 1/4)
    log_2p_hi = np.where(p > 0.25, 0.0, k2 * _LN2_HI)
    with np.errstate(divide="ignore"):
        log_2p_lo = np.where(p > 0.25, np.log1p(2.0 * p - 1.0), np.log(m2) + k2 * _LN2_LO)
    log_2p = log_2p_hi + log_2p_lo
    base = a * np.log(df) - np.log1p(df) - _t_log_half_beta(a)
    ok = (p > 0) & (p <= 0.5) & (df > 0) & np.isfinite(df)
    ell = (base - log_2p) / df
    ok &= np.log(df) - 2.0 * ell < math.log(_T_FAR_ROOT)  # (the root's w is above its estimate's)
    step = np.zeros(p.shape)
    coefficients = _t_far_root_coefficients(a)
    for _ in range(30):
        ell = np.where(ok, ell + step, ell)
        w = np.where(ok, np.exp(np.log(df) - 2.0 * ell), 0.0)
        x = w / (1.0 + w)
        g = g_x = 0.0 * x
        for n in range(len(coefficients) - 1, 0, -1):
            g, g_x = (g + coefficients[n]) * x, g_x * x + n * coefficients[n]
        slope = -df + df * x - g_x * 2.0 * x / (1.0 + w) / (1.0 + g)
        # (log(2 p) - value, value = base - df l - a log1p(w) + log1p(g): its two large terms apart, df l exact)
        product, product_lo = two_product(df, ell)
        residual = ((log_2p_hi + product) + (product_lo + log_2p_lo - base + a * np.log1p(w) - np.log1p(g)))
        step = np.where(ok, residual / slope, 0.0)
        if not np.any(np.abs(step) > 1e-15 * np.maximum(1.0, np.abs(ell))):
            break
    far = ok & (w < _T_FAR_ROOT) & np.isfinite(ell)
    with np.errstate(over="ignore"):
        root = -(np.exp(np.minimum(ell, 1e4)) * np.exp(step))
    return np.where(far, root, np.nan), far


def _t_far_quantile_plain(q, df):
    q, df = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(df, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        root = _t_far_root(np.minimum(q, 1.0 - q), df)[0]
    return np.where(q > 0.5, -root, root)[()]


def _t_far_dlogcdf_ddf(z, df):
    """``d log stdtr(df, z) / d df`` for ``z < 0`` far out (``df / z^2`` small): the derivative of
    :func:`_t_log_cdf`'s series form, written out (traced in z and df, so differentiable again)."""
    a = 0.5 * df
    r = 1.0 / z
    w = df * r * r  # (r * r, not 1 / z^2: z^2 overflows from 1.3e154)
    x = w / (1.0 + w)
    s, s_a, s_x = _t_far_series(a, x)
    return (-1.0 / (1.0 + df) - 0.5 * (sc.digamma(a + 1.0) - sc.digamma(a + 1.5)) + 0.5 * (np.log(df) + 1.0)
            - np.log(-z) - 0.5 * np.log1p(w) - 0.5 * (df + 1.0) * r * r / (1.0 + w)
            + (0.5 * s_a + s_x * r * r / ((1.0 + w) * (1.0 + w))) / (1.0 + s))


def _t_overflowed_value(q, df, sign=1.0, root=1.0):  # (sign * inf in the broadcast shape)
    return np.broadcast_to(sign * np.inf, np.broadcast_shapes(np.shape(q), np.shape(df)))[()]


#: t's quantile where it overflows (``sign`` inf; ``root`` the quantile's sign): its derivatives of every order
#: infinite, each of the sign of ``root`` times ``root`` per derivative in q and ``-1`` per derivative in df (the
#: quantile is ``+-sqrt(df) (2 p)^(-1/df)`` to leading order, whose exponent's derivatives dominate)
_T_OVERFLOWED = OwnPrimitive(_t_overflowed_value, name="wengert.scipy.stats.t_overflowed_quantile", reenters="any")
_def_partials(_T_OVERFLOWED, lambda q, df, sign=1.0, root=1.0: _T_OVERFLOWED(q, df, sign=sign * root, root=root),
              lambda q, df, sign=1.0, root=1.0: _T_OVERFLOWED(q, df, sign=-sign, root=root))


def _t_far_log_density(x, df):
    m, e = _scaled_squares(x)
    return _t_log_kernel(m, df, 0.5, e, x) - 0.5 * _LOG_2PI


def _t_far_partial(q, df, in_df):
    """``dx/dq = 1 / pdf(x)`` (``in_df``: ``dx/d df = -(d cdf / d df) / pdf(x)``, the cdf's derivative as the
    lower tail's ``p`` times its log's, :func:`_t_far_dlogcdf_ddf`, and ``p / pdf`` as one exp), traced in ``x =
    _T_FAR_QUANTILE(q, df)``; where x or the partial overflows, :data:`_T_OVERFLOWED`'s infinities (through
    ``exp`` of the log density an infinite cotangent met its terms' opposite signs: d2x/dq2 at t.ppf(1e-300, 3)
    was NaN for -inf). Where dx/dq overflows but dx/d df does not, dx/d df is taken at ``x`` with ``q`` held
    (its derivative in df exact) plus :data:`_T_STEEP`, 0 with an infinite derivative in q: by jvp the tangent
    ``dx/dq = inf`` met the terms of dx/d df's own derivative in x (inf - inf, NaN for -inf)."""
    x = _T_FAR_QUANTILE(q, df)
    px = np.asarray(_plain(x))
    lower = np.broadcast_to(px < 0, px.shape)
    pq, pdf = np.asarray(_plain(q), dtype=float), np.asarray(_plain(df), dtype=float)
    finite = np.isfinite(px)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        exponent = -_t_far_log_density(np.where(finite, px, -1e10), pdf)
        steep = finite & ~(exponent < _LOG_DOUBLE_MAX)  # (dx/dq overflows)
        if in_df:
            exponent = exponent + np.where(lower, np.log(pq), np.log1p(-pq))
    finite = finite & (exponent < _LOG_DOUBLE_MAX)
    root = np.where(lower, -1.0, 1.0)

    def in_df_form(q, df, x):
        # (log p as the log tail at x, equal on the root: so q enters through x alone; through log(q) too, d/dq
        # of it was 1/q, about dx/d df / q, against the x path's, each inf where dx/dq overflows: NaN for -inf)
        return root * _t_far_dlogcdf_ddf(-root * x, df) * np.exp(_t_log_cdf(df, -root * x)
                                                                 - _t_far_log_density(x, df))

    def finite_form(q, df, x):
        if not in_df:
            return np.exp(-_t_far_log_density(x, df))
        if not np.any(steep):
            return in_df_form(q, df, x)
        held = _T_FAR_QUANTILE(stop_gradient(q), df)
        return np.where(steep, in_df_form(q, df, held) + _T_STEEP(q, df), in_df_form(q, df, x))

    def overflowed(q, df, x):
        return _T_OVERFLOWED(q, df, sign=-root if in_df else root * root, root=root)
    return _two_forms(finite, overflowed, finite_form, (q, df, x), (0.3, 1e-300, -np.inf), (1e-10, 1.0, -1e10))


#: 0, with the derivative in q of t's quantile's dx/d df where dx/dq overflows: -inf (:func:`_t_far_partial`)
_T_STEEP = OwnPrimitive(lambda q, df: np.zeros(np.broadcast_shapes(np.shape(q), np.shape(df)))[()],
                        name="wengert.scipy.stats.t_steep_quantile", reenters="any")
_def_partials(_T_STEEP, lambda q, df: _T_OVERFLOWED(q, df, sign=-1.0, root=1.0),
              lambda q, df: np.zeros(np.broadcast_shapes(np.shape(_plain(q)), np.shape(_plain(df))))[()])


#: The log of the largest float: beyond, :func:`_t_far_partial`'s exp overflows
_LOG_DOUBLE_MAX = math.log(float(np.finfo(float).max))


#: t's quantile where its root is far out (``_stdtrit``): ``x`` with ``stdtr(df, x) = q`` (:func:`_t_far_root`)
_T_FAR_QUANTILE = OwnPrimitive(_t_far_quantile_plain, name="wengert.scipy.stats.t_far_quantile", reenters="any")
_def_partials(_T_FAR_QUANTILE, lambda q, df: _t_far_partial(q, df, False), lambda q, df: _t_far_partial(q, df, True))


@_method(t, "sf")
def _t_sf(x, df, loc=0.0, scale=1.0):
    """``stdtr(df, -(x - loc) / scale)`` (exact in the right tail).

    >>> from wengert.scipy.stats import t
    >>> float(t.sf(0.0, 2.5))
    0.5
    """
    return sc.stdtr(df, -_standardized("t.sf", x, loc, scale))


@_method(t, "logsf")
def _t_logsf(x, df, loc=0.0, scale=1.0):
    """``log(t.sf(x, df, loc, scale))`` (as ``log1p(-cdf)`` where the sf is near 1).

    >>> from wengert.scipy.stats import t
    >>> round(float(t.logsf(0.0, 2.5)), 6)
    -0.693147
    """
    return _t_log_tail("t.logsf", x, df, loc, scale, lower=False)


def _t_log_tail(name, x, df, loc, scale, lower):
    """t's log cdf (``lower``) or log sf at ``x``, as ``log1p`` of minus the other tail where this one is near 1."""
    # (log(stdtr) was 0.0 in the right tail, at x = 40, df = 1e6, scale = 1.5, where SciPy and
    # mpmath give -6.5095e-157, with the gradient pdf / 1 there but the value lost)
    z = _standardized(name, x, loc, scale)
    log_abs = _log_abs_of_z(x - loc, scale, z)
    toward, away = ((lambda z: z), (lambda z: -z)) if lower else ((lambda z: -z), (lambda z: z))  # (z of each tail)
    return _tail(lambda z: sc.stdtr(df, toward(z)), lambda z: _t_small_cdf(df, away(z), log_abs), True,
                 lambda z: _t_log_cdf(df, toward(z), log_abs), lambda z: sc.stdtr(_plain(df), toward(z)))(z)


#: Where ``df / z^2`` is below this, t's log tail is its series (:func:`_t_log_cdf`; 10 terms in x = w / (1 + w), the
#: rest below x^11 = 1.3e-17): above, through log(stdtr) d2/dx dscale, -(f' + z f'') / scale^2, cancelled (from 1e-3
#: on t.logsf(100, 30)'s was 2.9e-11 relative off, 6.7e-11 at df / z^2 = 1.1e-3; 9e-13 here)
_T_FAR = 3e-2


def _t_log_cdf(df, z, log_abs=None):
    """``log(stdtr(df, z))`` (differentiable in ``df`` too), far in the left tail (``df / z^2 < _T_FAR``) from
    ``I_x(a, 1/2) / 2`` with ``x = df / (df + z^2)``, ``a = df / 2``:
    ``log(x^a (1 - x)^(1/2) / (2 a B(a, 1/2))) + log S(x)``, ``S = sum (a + 1/2)_n / (a + 1)_n x^n``
    (10 terms), written in ``w = df / z^2``: ``a log df - df log|z| - (a + 1/2) log1p(w)``. The
    log of stdtr's value there had derivatives density / cdf through a density that
    underflows: t.logcdf' was 0 at z = -1e100 (df = 3; the truth 3e-100), t.logcdf'' 0 (the
    truth 3e-200), and NaN from -1e150 on, where stdtr is 0 and its log -inf (the truth -1036.07). ``log_abs``
    (:func:`_log_abs_of_z`'s): ``log|z|`` with its derivatives in x and in scale apart (through z d2/dx dscale of ``df
    log|z|`` was ``df / z - df / z`` plus rounding: t.logsf(1e20, 1.5) 3e-36 one way, 0 the other, the truth
    3.2e-60)."""
    dfp, zp = np.asarray(_plain(df), dtype=float), _plain(z)
    with np.errstate(over="ignore"):
        far = (zp < 0) & (dfp / (zp * zp) < _T_FAR)
    if not np.any(far):
        return np.log(sc.stdtr(df, z))
    a = 0.5 * df  # (df may be traced: the series is differentiable in it)

    def series(z):
        w = (df / z) / z
        x = w / (1.0 + w)
        s = 0.0
        for n in range(10, 0, -1):  # Horner: (a + 1/2)_n / (a + 1)_n = prod (a + 1/2 + k) / (a + 1 + k)
            s = x * (a + n - 0.5) / (a + n) * (1.0 + s)
        # log(1 / (2 a B(a, 1/2))) = -log(2a + 1) - log B(a + 1, 1/2): as log(0.5 / a) - betaln(a, 1/2)
        # their 1/a terms cancelled in d/d(df) (6.8e-8 off at df = 1e-10, z = -1); a log df one primitive: by jvp
        # its second derivative in df was 1 / df - a / df^2, the last inf from df = 1e-154 (-inf for 5e299 at
        # df = 1e-300)
        return (-np.log(2.0 * a + 1.0) - _log_beta(a + 1.0, 0.5) + _LOG_POWER(df, a)
                - df * (np.log(-z) if log_abs is None else log_abs(z))
                - (a + 0.5) * np.log1p(w) + np.log1p(s))
    with np.errstate(divide="ignore"):
        return _piecewise(z, far, lambda z: np.log(sc.stdtr(df, z)), series, 0.0, -np.sqrt(dfp / _T_FAR) * 2.0)


def _t_small_cdf(df, z, log_abs):
    """``stdtr(df, z)`` where it is the smaller tail (``z < 0``), the other's ``log1p(-it)``: far out (``df / z^2 <
    _T_FAR``) ``exp`` of :func:`_t_log_cdf` (in ``log|z|`` from ``log_abs``, and in df): through z d2/dx dscale of
    t.logcdf(1e150, 0.3, 0, 3) was -4.9e-197 one way, 1.5e-197 the other, the truth 1.46e-197, d2/dscale2 of
    t.logcdf(1e150, 1.5) 0 for -2.8e-226; and the derivatives in df were refused there (stdtr's are not computed)."""
    dfp, zp = np.asarray(_plain(df), dtype=float), _plain(z)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        far = (zp < 0) & (dfp / (zp * zp) < _T_FAR)
    if not np.any(far):
        return sc.stdtr(df, z)
    with np.errstate(divide="ignore"):
        return _piecewise(z, far, lambda z: sc.stdtr(df, z), lambda z: np.exp(_t_log_cdf(df, z, log_abs)), 0.0,
                          -np.sqrt(dfp / _T_FAR) * 2.0)


@_method(t, "ppf")
@_quiet
def _t_ppf(q, df, loc=0.0, scale=1.0):
    """``loc + scale stdtrit(df, q)`` (far out the root of the exact log tail, see :class:`t`).

    >>> from wengert.scipy.stats import t
    >>> round(float(t.ppf(0.5, 2.5)), 12)  # (SciPy 1.13's stdtrit gives 7e-17 here)
    0.0
    """
    return _located("t.ppf", q, loc, scale, lambda q, df: _stdtrit(df, q), shapes=(df,))


@_method(t, "isf")
@_quiet
def _t_isf(q, df, loc=0.0, scale=1.0):
    """``loc - scale stdtrit(df, q)`` (far out the root of the exact log tail, see :class:`t`).

    >>> from wengert.scipy.stats import t
    >>> round(float(t.isf(0.25, 1.0)), 6)  # Cauchy: tan(pi / 4)
    1.0
    """
    return _located("t.isf", q, loc, scale, lambda q, df: _stdtrit(df, q), sign=-1.0, shapes=(df,))


class f:
    """The F distribution (Fisher-Snedecor), as ``scipy.stats.f``: ``logpdf`` and ``pdf``
    differentiable in x, dfn, dfd, loc and scale; the tails too (dfn and dfd through the
    derivatives of ``betainc`` in its shapes, for dfn, dfd up to 300, to second order up to
    100: beyond, ValueError); the
    quantiles too, in q, dfn, dfd, loc and scale (the same limits). Its support is ``z = (x - loc) / scale >= 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import f
    >>> round(float(wg.grad_bp(lambda x: f.cdf(x, 2.0, 4.0), 1.0)), 6)  # the density at 1
    0.296296

    .. versionadded:: 0.1
    """


def _f_log1p_u(z, dfn, dfd):
    """``log1p(u)``, ``u = dfn z / dfd``; from ``u = 1e100`` on as ``log(z) + log(dfn) - log(dfd) + log1p(dfd / dfn /
    z)`` (no cancellation there: the logs' sum is above 230), where u overflowed (f.logpdf(1e300, 3, 1e-300) was -inf
    for -1382.24)."""
    pz, pn, pd = (np.asarray(_plain(v), dtype=float) for v in (z, dfn, dfd))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        large = ~(pn * pz / pd <= 1e100) & (pz > 0)
    return _two_forms(np.broadcast_to(large, np.broadcast_shapes(pz.shape, pn.shape, pd.shape)),
                      lambda z, dfn, dfd: np.log1p(dfn * z / dfd),
                      lambda z, dfn, dfd: np.log(z) + np.log(dfn) - np.log(dfd) + np.log1p(dfd / dfn / z),
                      (z, dfn, dfd), (1.0, 1.0, 1.0), (1e200, 1.0, 1.0))


def _f_log_ratio(dfn, dfd):
    """``log(dfn / dfd)``; as ``log(dfn) - log(dfd)`` where one is below 1e-100 or above 1e100: by jvp the ratio's
    tangent ``-dfn / dfd^2`` overflowed for the log's finite ``-1 / dfd`` (d/d dfd f.logpdf(1e300, 3, 1e-300): -inf
    for 1e300)."""
    pn, pd = (np.asarray(_plain(v), dtype=float) for v in (dfn, dfd))
    extreme = (pn < 1e-100) | (pn > 1e100) | (pd < 1e-100) | (pd > 1e100)
    return _two_forms(np.broadcast_to(extreme, np.broadcast_shapes(pn.shape, pd.shape)),
                      lambda dfn, dfd: np.log(dfn / dfd), lambda dfn, dfd: np.log(dfn) - np.log(dfd), (dfn, dfd),
                      (1.0, 1.0), (1.0, 1.0))


def _log1p_less(y):
    """``log1p(y) - y`` for y > -1, by ``log1p(y) = 2 atanh(s)``, ``s = y / (2 + y)``, below |y| = 1/2 (``-2 s^2 / (1 -
    s) + 2 sum_k s^(2k + 1) / (2k + 1)``: log1p(y) - y lost as many digits as 1 / y is large)."""
    near = np.abs(y) < 0.5
    s = np.where(near, y, 0.0) / (2.0 + np.where(near, y, 0.0))
    series = -2.0 * s * s / (1.0 - s) + 2.0 * s * polynomial(s * s, [0.0] + [1.0 / (2 * k + 1) for k in range(1, 13)])
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(near, series, np.log1p(y) - y)


def _f_far_constant_value(a, b, i=0, j=0):
    """The derivative ``(i, j)`` in (a, b) of ``C(a, b) = -b log(a / b) - log B(a, b)``, a = dfn / 2, b = dfd / 2 (f's
    far log density ``C - (b + 1) log z - (a + b) log1p(1 / (r z))``, r = a / b, :func:`_f_log_density`). Its
    first and second derivatives ``C_a = psi(a + b) - psi(a) - b / a``, ``C_aa = psi'(a + b) - psi'(a) + b / a^2``,
    ``C_bb = psi'(a + b) - psi'(b) + 1 / b`` are 0 at b = 1 (C_a, C_aa: for every a) and a = b = 1 (C_bb), where the
    far log density's derivatives are O(1 / z): through the digamma differences their roundings were all of it
    (f.logpdf(1.5e20, 2, 2, 0, 1.5)'s d/ddfn 0.0 for 5e-21, at dfn = 4 5.6e-17 for 1.25e-21). Here: at a whole b (a)
    up to 64 their finite sums, every term of one sign; from a = 10 (b) on the asymptotic series term by term (C_a as
    ``log1p(y) - y + b / (2 a (a + b)) + sum_k B_2k / (2k) a^-2k (1 - (1 + y)^-2k)``, y = b / a: the digammas'
    difference cancelled against b / a, 3e-13 relative off at f.logpdf(1.05, 30, 0.7)); elsewhere polygamma."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    shape = np.broadcast_shapes(a.shape, b.shape)
    a, b = np.broadcast_to(a, shape), np.broadcast_to(b, shape)
    with np.errstate(all="ignore"):
        if i + j == 0:
            extreme = (a < 1e-100) | (a > 1e100) | (b < 1e-100) | (b > 1e100)
            log_r = np.where(extreme, np.log(a) - np.log(b), np.log(a / b))
            return (-b * log_r - log_beta_exact(a, b))[()]
        general = (sc.polygamma(i + j - 1, a + b) - (sc.polygamma(i - 1, a) if j == 0 else 0.0)
                   - (sc.polygamma(j - 1, b) if i == 0 else 0.0))
        # (-b log a + b log b's share)
        if j == 0:
            general = general - b * (-1.0) ** (i - 1) * math.factorial(i - 1) / a ** i
        elif j == 1:
            general = general + (np.log(b / a) + 1.0 if i == 0 else -(-1.0) ** (i - 1) * math.factorial(i - 1) / a ** i)
        elif i == 0:
            general = general + (-1.0) ** j * math.factorial(j - 2) / b ** (j - 1)
        if (i, j) not in ((1, 0), (2, 0), (1, 1), (0, 2)):
            return general[()]
        # (C_a, C_aa below a = 10: from a + n >= 10 by psi(x + 1) = psi(x) + 1 / x, C_a(a) = C_a(a + n) + sum_(k < n) b
        # (1 - b) / ((a + k) (a + k + 1) (a + b + k)), every term of one sign; C_aa its a-derivative)
        shift = np.where(a < 10.0, np.ceil(10.0 - a), 0.0) if j == 0 else np.zeros(shape)
        a0, a = a, a + shift
        large = (a >= 10.0) if j < 2 else (b >= 10.0)
        out = general
        if np.any(large):
            big, small = np.where(large, a, 10.0), np.where(large, b, 1.0)
            if j == 2:  # 1 / b - psi'(b) = -1 / (2 b^2) - sum_k B_2k b^(-2k - 1), plus psi'(a + b)
                b_ = np.where(large, b, 10.0)
                asymptotic = sc.polygamma(1, a + b_) - 0.5 / b_ ** 2 - sum(
                    float(c) / b_ ** (2 * k + 1) for k, c in enumerate(BERNOULLI_2K, 1))
            else:
                y = small / big
                log_y = np.log1p(y)
                if (i, j) == (1, 0):
                    asymptotic = _log1p_less(y) + 0.5 * y / (big + small) - sum(
                        c * big ** (-2.0 * k) * np.expm1(-2.0 * k * log_y) for k, c in enumerate(DIGAMMA_SERIES, 1))
                elif (i, j) == (2, 0):
                    asymptotic = (y * y / (big + small) + 0.5 * big ** -2.0 * np.expm1(-2.0 * log_y) + sum(
                        float(c) * big ** (-2.0 * k - 1) * np.expm1(-(2.0 * k + 1) * log_y)
                        for k, c in enumerate(BERNOULLI_2K, 1)))
                else:
                    w = big + small
                    asymptotic = -y / w + 0.5 / w ** 2 + sum(float(c) * w ** (-2.0 * k - 1)
                                                              for k, c in enumerate(BERNOULLI_2K, 1))
            out = np.where(large, asymptotic, out)
        if (i, j) == (1, 1):
            return out[()]
        for k in range(int(np.max(shift))):
            at = np.where(k < shift, a0 + k, 1.0)
            term = np.where(k < shift, b * (1.0 - b) / (at * (at + 1.0) * (at + b)), 0.0)
            out = out + (term if i == 1 else -term * (1.0 / at + 1.0 / (at + 1.0) + 1.0 / (at + b)))
        a = a0
        # (a whole b, or a for C_bb, up to 64: finite sums)
        other, t = (b, a) if j == 0 else (a, b)
        whole = (other == np.round(other)) & (other >= 1) & (other <= 64) & (t > 0)
        if np.any(whole):
            m, t = np.where(whole, other, 1.0), np.where(whole, t, 1.0)
            terms = range(1, int(np.max(m)))
            if (i, j) == (1, 0):  # -sum_(0 < k < b) k / (a (a + k))
                exact = -sum(np.where(k < m, k / (t * (t + k)), 0.0) for k in terms)
            elif (i, j) == (2, 0):  # sum_(0 < k < b) k (2a + k) / (a^2 (a + k)^2)
                exact = sum(np.where(k < m, (k / (t * (t + k))) * ((2.0 * t + k) / (t * (t + k))), 0.0) for k in terms)
            else:  # (b - 1) / b^2 - sum_(0 < k < a) 1 / (b + k)^2
                exact = (t - 1.0) / (t * t) - sum(np.where(k < m, 1.0 / (t + k) ** 2, 0.0) for k in terms)
            out = np.where(whole, exact + 0.0 * t, out)
        return out[()]


_F_FAR_CONSTANT = OwnPrimitive(_f_far_constant_value, name="wengert.scipy.stats.f (-b log(a / b) - log B(a, b))",
                               reenters="any")
_def_partials(_F_FAR_CONSTANT, lambda a, b, i=0, j=0: _F_FAR_CONSTANT(a, b, i=i + 1, j=j),
              lambda a, b, i=0, j=0: _F_FAR_CONSTANT(a, b, i=i, j=j + 1))


#: Where ``|u|`` is within these ``1 / u^2`` is a normal float
_NORMAL_SQUARE = (1e-150, 1e150)


def _f_log_density(z, dfn, dfd, scale, log_z=None, log_u=None):
    """``log_z``: :func:`_log_of_z`'s, for ``(dfn/2 - 1) log z`` (d2/dx dscale of f.logpdf(x, 4, 6) at x = 1e-15 was
    3.375, at 1e-200 0.0 with an overflow warning, the truth 10/3). ``log_u``: ``log(x - loc)`` (where every z > 0),
    with which ``(dfn/2 - 1) log z - log(scale)`` is ``(dfn/2) log z - log(x - loc)``: d2/dscale2 ``dfn / (2 scale^2)``
    in one rounding, not ``(dfn/2 - 1) / scale^2 + 1 / scale^2``, which lost dfn/2's low bits in ``dfn/2 - 1``
    (f.logpdf(0.5, 1e-3, 50)'s, where the log1p term cancels it to -2.5e-9, 2.2e-8 relative off)."""
    a, b = 0.5 * dfn, 0.5 * dfd
    # (where u > 1 in L = log z, :func:`_power_tail_log_kernel`)
    ratio = _f_log_ratio(dfn, dfd)
    power, tail = (a - 1.0, b + 1.0) if log_u is None else (a, b)
    # (far out -b log r - log B(a, b) one primitive, _F_FAR_CONSTANT: its derivatives in the shapes are 0 at b = 1,
    # and the far density's in them O(1 / z))
    kernel = _power_tail_log_kernel(z, log_z, lambda z: a * ratio + _xlog_z(power, z, log_z) - (a + b) * _f_log1p_u(
        z, dfn, dfd) - _log_beta(a, b), lambda big_l, t: _F_FAR_CONSTANT(a, b) - tail * big_l - (a + b) * t, ratio, (dfn, dfd))
    return kernel - (np.log(scale) if log_u is None else log_u)


def _f_z(name, x, dfn, dfd, loc, scale, density, quantile=False):
    if np.any(_plain(dfn) <= 0) or np.any(_plain(dfd) <= 0):
        raise ValueError(f"{name}: dfn and dfd must be positive")
    z = _standardized(name, x, loc, scale)
    if density:
        # (at x == loc, not where z only rounds to 0: f.logpdf(1e-300, dfn, 3, 0, 1e300) at dfn = 2 was refused, its
        # d/ddfn -690.08)
        _refuse_a_jump_in_shape(name, dfn, lambda: _x_at_loc(z, _inside_z(x - loc, scale, z)) & (dfn == 2), "dfn",
                                "dfn = 2 where x == loc", "z**(dfn/2 - 1)")
    elif quantile:
        _f_degrees_checked(name, dfn, dfd)
    return z


@_method(f, "logpdf")
def _f_logpdf(x, dfn, dfd, loc=0.0, scale=1.0):
    """``(dfn/2) log(dfn/dfd) + (dfn/2 - 1) log z - ((dfn + dfd)/2) log1p(dfn z / dfd) -
    betaln(dfn/2, dfd/2) - log(scale)`` on ``z >= 0``, ``-inf`` below; in every argument.

    >>> from wengert.scipy.stats import f
    >>> round(float(f.logpdf(1.0, 2.0, 4.0)), 6)
    -1.216395
    """
    z = _f_z("f.logpdf", x, dfn, dfd, loc, scale, True)
    log_z = _log_of_z(x - loc, scale, z)
    # (a traced scale, every z > 0: in log(x - loc), see _f_log_density; where 1 / (x - loc)^2 is a normal float, its
    # d2/dx2 -dfn / (2 u^2) + 1 / u^2 apart: inf - inf beyond, the truth -(dfn/2 - 1) / u^2 = -inf at 1e-200)
    pu = np.abs(np.asarray(_plain(x - loc), dtype=float))
    log_u = (np.log(x - loc) if isinstance(scale, (Var, Dual)) and np.all(_plain(z) > 0)
             and np.all((pu > _NORMAL_SQUARE[0]) & (pu < _NORMAL_SQUARE[1])) else None)
    # (x < loc where z rounds to -0.0: outside, _inside_z)
    return _on_support(_inside_z(x - loc, scale, z) >= 0, lambda z: _f_log_density(z, dfn, dfd, scale, log_z, log_u), z)


@_method(f, "pdf")
def _f_pdf(x, dfn, dfd, loc=0.0, scale=1.0):
    """``exp(f.logpdf(...))``, with powers at and near ``z = 0`` (where the density is 0, 1 or
    infinite as dfn is above, at or below 2); in every argument.

    >>> from wengert.scipy.stats import f
    >>> float(f.pdf(0.0, 2.0, 4.0))
    1.0
    """
    z = _f_z("f.pdf", x, dfn, dfd, loc, scale, True)
    log_z = _log_of_z(x - loc, scale, z)
    power_z = _power_of_z(x - loc, scale, z)
    a, b = 0.5 * dfn, 0.5 * dfd
    pn = np.asarray(_plain(dfn), dtype=float)

    def powers(z):
        # from dfn = 600 on, the exponential into the power: (z e^(E / (a - 1)))^(a - 1), where e^E alone overflowed
        # against z^(a - 1) = 0 (f.pdf(0, 1e12, 5) was NaN for 0)
        big = np.broadcast_to(pn > 600.0, np.broadcast_shapes(pn.shape, np.shape(_plain(z))))

        def exponent(z, dfn):
            a = 0.5 * dfn
            return a * _f_log_ratio(dfn, dfd) - (a + b) * _f_log1p_u(z, dfn, dfd) - _log_beta(a, b)
        return _two_forms(big, lambda z, dfn: _power_less(z, 0.5 * dfn) * np.exp(exponent(z, dfn)),
                          lambda z, dfn: (z * np.exp(exponent(z, dfn) / (0.5 * dfn - 1.0))) ** (0.5 * dfn - 1.0),
                          (z, dfn), (0.5, 3.0), (0.5, 1e3)) / scale
    pd = np.asarray(_plain(dfd), dtype=float)

    def density(z):
        # (where u = dfn z / dfd is beyond _FAR_POWERS, r^-b z^(-b - 1) (1 + 1/u)^(-a - b) / B(a, b), r = dfn / dfd:
        # _far_powers, given z where z >= 2 _FAR_POWERS, else that (its power's checks), where z^(-b - 3) is a normal
        # float. Through exp(log density) the log's absolute rounding was the density's relative error, f.pdf(1e50,
        # 0.4, 2.5) 361 ulp off (mpmath), and its derivative in dfn (x a constant) the difference of log z - log1p(u) +
        # log r, 57 at 1e50, to -0.005: 12,525 ulp off at dfn = 7.3, dfd = 2.5; at z = 1, dfn = 100, dfd = 1 21,739)
        # (z^(-b - 1) / scale and 1 / z as primitives of x - loc and the scale, _far_power (betaprime's, f being
        # r betaprime(r z; a, b)): through z d2/dscale2 of z^-2 / scale, scale / u^2, was terms of 2 / (u^2 scale)
        # apart with their rounding, f.pdf(1.5e20, 2, 2, 0, 1.5)'' 0.0 for -1.185e-60 (mpmath), and the form was
        # gated to where z^(-b - 3) is a normal float: f.pdf(1.5e100, 2, 2, 0, 1.5) was exp(log density), 83 ulp off)
        pz = np.asarray(_plain(z), dtype=float)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            far = (pn * pz > _FAR_POWERS * pd) & ((0.5 * pd + 1.0) * np.abs(np.log(pz)) < 700.0)
            gate = np.where(far, np.maximum(pz, 2.0 * _FAR_POWERS), 0.0)
        return _far_powers(gate, lambda z: _exp_at_ends(
            lambda z: _f_log_density(z, dfn, dfd, scale, log_z), powers, z, (0.0,), (a - 1.0,)),
            lambda z: power_z.far(z, b, -1, 1) * np.exp(_F_FAR_CONSTANT(a, b) - (a + b) * np.log1p(
                dfd / dfn * power_z(z, -1.0))),
            -0.5 * pd - 1.0, v=z, at=np.maximum(2.0 * _FAR_POWERS, 4.0 * _FAR_POWERS * pd / pn))
    return _on_support(_inside_z(x - loc, scale, z) >= 0, density, z, outside=0.0)


def _layers(x):
    """How many derivatives are being taken through ``x``: the Vars and Duals around it."""
    n = 0
    while type(x) is Var or type(x) is Dual:
        x, n = (x.value if type(x) is Var else x.primal), n + 1
    return n


#: the largest dfn and dfd at which the F tails are differentiated in them, once and twice: the
#: derivative of the shapes and that of betainc's argument (which moves with them) cancel as the
#: degrees of freedom grow, most where dfn is far above dfd. The relative errors against mpmath,
#: as ``tools/sweep_f_tails.py`` prints them (* beyond these limits, where they are refused):
#:
#:         x    dfn    dfd |   d/d dfn   d/d dfd | d2/d dfn2 d2/d dfd2
#:         1    100    100 |  9.1e-13   9.1e-13  |  3.2e-10   3.2e-10
#:         3    100      3 |  1.6e-11   6.3e-16  |  4.9e-11   1.3e-15
#:         2    300      3 |  1.6e-12   4.1e-15  |  1.9e-12*  1.9e-14
#:         2   1000      3 |  1.9e-09*  9.0e-13  |  8.0e-10*  6.5e-13
#:         2      3    300 |  3.0e-14   2.3e-11  |  2.6e-12   5.6e-09*
#:         2      5  10000 |  3.7e-11   2.9e-08* |  4.9e-11   1.2e-07*
_F_MAX_DF = F_MAX_DF  # (scipy.special.fdtr, fdtrc and fdtri's too)


def _f_degrees_checked(name, dfn, dfd):
    for argument, value in (("dfn", dfn), ("dfd", dfd)):
        order = _layers(value)
        if order and np.any(_plain(value) > _F_MAX_DF[min(order, 2) - 1]):
            raise ValueError(
                f"{name}: its {'second ' if order > 1 else ''}derivative in {argument} is computed for {argument} up "
                f"to {_F_MAX_DF[min(order, 2) - 1]:g} (here {np.max(_plain(value))!r}): beyond, it is a small "
                "difference that keeps the rounding of its terms. Pass it as a constant there")


def _f_w_value(z, dfn, dfd):
    with np.errstate(invalid="ignore"):
        return np.asarray(dfn * z / (dfn * z + dfd))[()]


#: The F tails' ``w = dfn z / (dfn z + dfd)`` as a primitive whose partials are single terms (``dfn dfd / (dfn z +
#: dfd)^2`` in z, ``z dfd / ...^2``, ``-dfn z / ...^2``): through the quotient its z-derivative was two terms of
#: opposite signs, each times betainc's infinite second derivative near w = 0 (+inf - inf: f.cdf(x, 0.5, 3)'' at
#: x = 1e-300 was NaN, the truth -inf)
_F_W = OwnPrimitive(_f_w_value, name="wengert.scipy.stats.f (dfn z / (dfn z + dfd))", reenters="any")


def _f_log_lower_tail(a, b, w, log_w):
    """``log(betainc(a, b, w))`` for ``w <= 1/2``: :func:`_log_betainc_lower_series` where w is small (its ``a log w``
    from ``log_w``, the caller's, with its derivatives in x and in scale apart), :func:`_beta_tail_at_small_w`'s
    elsewhere."""
    return _two_forms(_beta_small_w_region(a, b, w) & ~_beta_series_region(a, b, w),
                      lambda a, b, w, log_w: _beta_tail_at_small_w(a, b, w, log_w, False, True),
                      _log_betainc_lower_series, (a, b, w, log_w), _OUT_OF_SERIES, (1.0, 1.0, 1e-4, math.log(1e-4)))


def _f_near_lower_end(z, x, dfn, dfd, loc, scale, upper):
    """Where (plain) the F tails at ``z`` are their series at the lower end (:func:`_f_lower_end`): as
    :func:`_beta_near_lower_end`'s, with ``dfn z / dfd`` below 1e-20 and dfd (beta's b) not traced."""
    pz, pn, pd = (np.asarray(_plain(v), dtype=float) for v in (z, dfn, dfd))
    if not any(isinstance(v, (Var, Dual)) for v in (x, loc, scale)):
        # (SciPy's values, but for the cdf where w is not a normal float while z > 0: there betainc's w had lost its
        # digits, dfn z rounded among the subnormals, f.cdf(1e-310, 0.4, 5) 643 ulp off (mpmath), (1e-320, 0.4, 5)
        # 7.638991387961028e-65 for 7.636572758732029e-65, (5e-324, 0.4, 5) 0.0 for 1.666e-65)
        if upper:
            return np.zeros(np.shape(_plain(z)), dtype=bool)
        with np.errstate(invalid="ignore", over="ignore"):
            return np.broadcast_to((pz > 0) & (_f_w_value(pz, pn, pd) < np.finfo(float).tiny),
                                   np.broadcast_shapes(pz.shape, pn.shape, pd.shape))
    with np.errstate(invalid="ignore", over="ignore"):
        return np.broadcast_to((pz > 0) & (pz < _TAIL_SERIES_BELOW) & (pn * pz < _TAIL_SERIES_BELOW * pd) & (
            not upper or sc.fdtr(pn, pd, pz) <= 0.5), np.broadcast_shapes(pz.shape, pn.shape, pd.shape))


def _f_lower_end(d, scale, dfn, dfd, near, upper, log):
    """The F cdf (``upper``: sf, ``log``: its log) near z = 0 (``z = d / scale``) from beta's series at ``w = r z / (1 +
    r z)``, ``r = dfn / dfd``, in powers of z: ``I = K z^a (1 + (c1 - a) r z + (c2 - c1 - a c1 + a (a + 1) / 2) r^2
    z^2)``, ``K = r^a / (a B(a, b))``, ``a, b = dfn / 2, dfd / 2``, ``c1, c2`` beta's (:func:`_beta_lower_series`).
    Through w and betainc's density reverse mode lost the term through dz/dscale's x (as beta's: d2/dx dscale of
    f.cdf(1.5e-300, 3, 5, 0, 1.5) by jacrev(jacfwd) -1.05e-150 for -1.58e-150, d2/dx ddfn -5.43935e-148 for
    -5.43672e-148)."""
    a, b = 0.5 * dfn, 0.5 * dfd
    r = dfn / dfd
    first = _f_lower_factor(a, b)
    c1 = (1.0 - b) * a / (a + 1.0)
    c2 = 0.5 * (1.0 - b) * (2.0 - b) * a / (a + 2.0)
    lower = _z_power_series(d, scale, a, first, near, lambda n: first * (
        (c1 - a) * r if n == 1 else (c2 - c1 - a * c1 + 0.5 * a * (a + 1.0)) * r * r))
    if not upper:
        return lower
    return _log1p_minus_tiny(lower, a) if log else 1.0 - lower


def _f_lower_factor(a, b):
    """``K = (a / b)^a / (a B(a, b))`` (:func:`_f_lower_end`), at a == 1 (plain) as ``a^(a - 1) exp((a - 1) g1 + (a -
    1)^2 g2 / 2)``, g1, g2 the a-derivatives of ``log(gamma(a + b) / (gamma(a) gamma(b) b^a))`` at a = 1 (0 there;
    :func:`_inverse_beta`'s way: b's derivatives exactly 0 there: through r = dfn / dfd and exp(-betaln) they were
    rounding beside the later terms', d2/dx ddfd of f.cdf(1.2e-20, 2, 3, 0, 1.5) 0 for 1.19e-21, d2/ddfd2 -1.9e-37 for
    -4.7e-42)."""
    one = np.asarray(_plain(a)) == 1.0
    other = np.exp(a * np.log(a / b) - _log_beta(a, b)) / a if not np.all(one) else 0.0
    if not np.any(one):
        return other
    e = a - 1.0
    at_one = a ** e * np.exp(e * (sc.digamma(1.0 + b) - sc.digamma(1.0) - np.log(b)) + 0.5 * e * e * (
        _polygamma(1, 1.0 + b) - sc.polygamma(1, 1.0)))
    return at_one if np.all(one) else np.where(one, at_one, other)


def _f_tail(name, upper, log, formula, example, value):
    """Add ``f.<name>``: the cdf ``betainc(dfn/2, dfd/2, w)`` or (``upper``) the sf ``betaincc(dfn/2, dfd/2, w)``,
    ``w = dfn z / (dfn z + dfd)``, where ``w <= 1/2``; above, the same tails of beta(dfd/2, dfn/2) at ``1 - w =
    dfd / (dfd + dfn z)`` (each ratio exact; betainc's argument rounded near 1 lost digits), or (``log``) their
    logarithms (``log1p`` of the other tail where this one is above 1/2)."""
    def method(x, dfn, dfd, loc=0.0, scale=1.0):
        z = _f_z(f"f.{name}", x, dfn, dfd, loc, scale, False)
        _f_degrees_checked(f"f.{name}", dfn, dfd)
        log_z = _log_of_z(x - loc, scale, z)
        located = any(isinstance(v, (Var, Dual)) for v in (x, loc, scale))
        power_z = _power_of_z(x - loc, scale, z) if located else None

        # the tails of beta(dfn/2, dfd/2) at w or of beta(dfd/2, dfn/2) at 1 - w, the smaller (each ratio exact:
        # betainc at w = 1 - 1.7e-7 lost digits, the cdf at x = 1e6, dfn = 3, dfd = 0.5 1.6e-12 relative off mpmath;
        # 1 - betainc lost every digit of a tail 1 - 3.5e-298: f.logsf(0.7, 1e-300, 5) was -inf for -684.93), each
        # form at stand-ins on the other's entries (z and both degrees: a shape's 1e-300 gave 0 * inf)
        # (log w = log(dfn) + log z - log(dfn z + dfd), log z from _log_of_z, its derivatives in x and scale apart; the
        # log cdf from its series where w is small, :func:`_log_betainc_lower_series`: through log betainc, a function
        # of w alone, d2/dx dscale of f.logcdf(x, 4, 6) was 1.75 at x = 1e-15, -6.8e184 at 1e-200, the truth 20/9, and
        # d2/dx ddfd 0.125 and 0.0903 (the two orders) at 1e-15, the truth 4/27)
        def lower_w(z, dfn, dfd):
            log_w = np.log(dfn) + log_z(z) - np.log(dfn * z + dfd)
            a, b, w = 0.5 * dfn, 0.5 * dfd, _F_W(z, dfn, dfd)
            zero = _plain(z) == 0
            if np.any(zero) and isinstance(z, (Var, Dual)):
                # (w at z = 0 with the degrees held: dw/ddfn a structural 0 there (w is 0 at every dfn), not a live
                # one times betainc's infinite slope in w for dfn < 2: grad of f.cdf(x, 0.5, 0.5) at x = 0 traced was
                # [inf, nan, nan], the truth [inf, 0, 0], the cdf 0 at every dfn, dfd)
                w = np.where(zero, _F_W(z, stop_gradient(dfn), stop_gradient(dfd)), w)
            if not log or upper:
                return _beta_tail_at_small_w(a, b, w, log_w, upper, log)
            # (where w = dfn z / (dfn z + dfd) rounds to 0 while z > 0 (dfn z = 0.4 * 5e-324): as 5e-324, inside the
            # log series' regions, whose power is a log w from log z apart and whose w enters only the O(w) terms; at
            # w = 0 the regions were left for log(betainc(a, b, 0)): f.logcdf(5e-324, 0.4, 5) -inf for -149.158 (mpmath),
            # its d/dscale -inf for -0.2, d2/dx dscale and d2/dscale2 NaN for 0.036 and 0.2)
            return _f_log_lower_tail(a, b, w + np.where((_plain(w) == 0) & (_plain(z) > 0), 5e-324, 0.0), log_w)

        def upper_w(z, dfn, dfd):
            # 1 - w for dfn >= 1 as r / (r + z), r = dfd / dfn: by grad dfd / (dfd + dfn z)'s derivative -ans / y, then
            # times dfn, underflowed at dfn = 1e200 (-1e-399 before the product: d/dx f.logsf(0.7, 1e200, 5) 0 for
            # -0.922); below dfn = 1 the truth underflows with it, and r's derivative -dfd / dfn^2 overflowed
            pn = np.asarray(_plain(dfn), dtype=float)
            one_minus_w = _two_forms(np.broadcast_to(pn >= 1.0, np.broadcast_shapes(pn.shape, np.shape(_plain(z)))),
                                     lambda z, dfn: dfd / (dfd + dfn * z), lambda z, dfn: dfd / dfn / (dfd / dfn + z),
                                     (z, dfn), (1.0, 0.5), (1.0, 2.0))
            log_one_minus_w = -_f_log1p_u(z, dfn, dfd)
            if power_z is not None:
                # (x or scale traced: 1 - w = t / (1 + t), t = r / z, and its log -(log(1 / r) + L + log1p(t)) in L = log
                # z and 1 / z, from x - loc and scale apart: through z d2/dx dscale of (dfd / 2) log(1 - w) was dfd / (2
                # z) - dfd / (2 z) plus rounding, f.logsf(1e20, 3, 1.5) 0 for 4.82e-41, and d2/dx ddfn -1.25e-41 / -1.79e-42
                # for -5.36e-42)
                t = dfd / dfn * power_z(z, -1.0)
                one_minus_w = t / (1.0 + t)
                log_one_minus_w = -(np.log(dfn) - np.log(dfd) + log_z(z) + np.log1p(t))
                if log and upper:
                    return _f_log_lower_tail(0.5 * dfd, 0.5 * dfn, one_minus_w, log_one_minus_w)
            return _beta_tail_at_small_w(0.5 * dfd, 0.5 * dfn, one_minus_w, log_one_minus_w, not upper, log)

        def fn(z):
            pz, pn, pd = (np.asarray(_plain(v), dtype=float) for v in (z, dfn, dfd))
            with np.errstate(invalid="ignore", over="ignore"):
                above = pn * pz > pd
            return _two_forms(np.broadcast_to(above, np.broadcast_shapes(pz.shape, pn.shape, pd.shape)),
                              lower_w, upper_w, (z, dfn, dfd), (0.5, 2.0, 2.0), (2.0, 2.0, 2.0))
        plain = _plain(z)
        if log and not upper:
            # (at z = 0 -inf with the limits from inside as its derivatives: log I_w(a, b), w = r z / (1 + r z), r = dfn
            # / dfd, is a log z + a log r - log a - betaln(a, b) - r a (a + b) / (a + 1) z + O(z^2); it was the constant
            # -inf, every derivative 0: d/dscale of f.logcdf(0, 4, 6, 0, s) 0 for -dfn / (2 s))
            a, b, r = 0.5 * dfn, 0.5 * dfd, dfn / dfd
            return _log_cdf_from_lower_end(z, fn, lambda z: log_z.end(a, -r * a * (a + b) / (a + 1.0), 1.0)
                                           + a * np.log(r) - np.log(a) - sc.betaln(a, b))
        inside = plain >= 0
        outside = (0.0 if log else 1.0) if upper else 0.0
        near = _f_near_lower_end(z, x, dfn, dfd, loc, scale, upper) if upper or not log else False
        if np.any(near):
            tails = fn

            def fn(z):
                return _two_forms(near, lambda z, d: tails(z), lambda z, d: _f_lower_end(
                    d, scale, dfn, dfd, near, upper, log), (z, x - loc), (0.5, 0.0), (0.0, 0.5 * _plain(scale)))
        return _on_support(inside, fn, z, outside=outside)
    method.__doc__ = _doc(f, f"{formula} on ``z >= 0``; in every argument.", example, value)
    _method(f, name)(method)


def _f_quantile(name, q, dfn, dfd, loc, scale, upper):
    """``(dfd/dfn) u / (1 - u)`` with ``u = betaincinv(dfn/2, dfd/2, p)``, ``p`` the lower-tail
    probability, and ``1 - u = betaincinv(dfd/2, dfn/2, 1 - p)`` taken from the other tail:
    each inverse is called at the probability of at most 1/2 (``q`` or ``1 - q``, exact there),
    so neither ``1 - q`` nor ``1 - u`` loses digits near 1."""
    _f_z(name, 0.0, dfn, dfd, 0.0, scale, False, quantile=True)
    other = (_plain(_q(name, q)) < 0.5) if upper else (_plain(q) > 0.5)  # invert the upper tail at its own q

    def standard(q, dfn, dfd):
        a, b = 0.5 * dfn, 0.5 * dfd

        def from_lower(p):  # p = P(X <= x) <= 1/2
            u = sc.betaincinv(a, b, p)
            return dfd / dfn * u / (1.0 - u)

        def from_upper(p):  # p = P(X > x) <= 1/2
            w = sc.betaincinv(b, a, p)
            return dfd / dfn * (1.0 - w) / w
        if upper:
            return np.where(other, from_upper(np.where(other, q, 0.5)), from_lower(1.0 - np.where(other, 0.5, q)))
        return np.where(other, from_upper(1.0 - np.where(other, q, 0.5)), from_lower(np.where(other, 0.5, q)))
    return _located(name, q, loc, scale, standard, shapes=(dfn, dfd))


@_method(f, "ppf")
@_quiet
def _f_ppf(q, dfn, dfd, loc=0.0, scale=1.0):
    """``loc + scale (dfd/dfn) u / (1 - u)``, ``u = betaincinv(dfn/2, dfd/2, q)`` (from the
    upper tail above q = 1/2); in every argument.

    >>> from wengert.scipy.stats import f
    >>> round(float(f.ppf(0.5, 2.0, 4.0)), 6)
    0.828427
    """
    return _f_quantile("f.ppf", q, dfn, dfd, loc, scale, False)


@_method(f, "isf")
@_quiet
def _f_isf(q, dfn, dfd, loc=0.0, scale=1.0):
    """``f.ppf(1 - q, ...)``, from the upper tail below q = 1/2 (exact for a small q); in q, dfn, dfd, loc
    and scale.

    >>> from wengert.scipy.stats import f
    >>> round(float(f.isf(0.5, 2.0, 4.0)), 6)
    0.828427
    """
    return _f_quantile("f.isf", q, dfn, dfd, loc, scale, True)


def _f_entropy(dfn, dfd):
    """The F distribution's entropy, with ``a, b = dfn / 2, dfd / 2``: ``log(b / a) + betaln(a, b) +
    (1 - a) digamma(a) - (1 + b) digamma(b) + (a + b) digamma(a + b)`` (SciPy's), written as
    ``(1 + log(2 pi)) / 2 + log(1/a + 1/b) / 2 + R(a) + R(b) - R(a + b) + L(a + b) - 2 L(b)`` with
    ``R`` gamma's entropy beyond ``(1 + log(2 pi x)) / 2`` and ``L = digamma - log``: the
    logarithms, which grow with a and b, cancel exactly (SciPy's value lost them: 0.9555206298828125
    at dfn = 3, dfd = 1e10, where the truth is 0.9555076675173021), and R, L are series from 10 on.
    Where a and b are both below 10, SciPy's form (the other's terms, about 1/a and 1/b, cancel as
    the shapes go to 0: 5e-14 off at dfn = dfd = 1e-3, SciPy's 1e-14)."""
    a, b = 0.5 * dfn, 0.5 * dfd
    small = (_plain(a) < _GAMMA_ENTROPY_FROM) & (_plain(b) < _GAMMA_ENTROPY_FROM)

    def direct(a, b):
        s = a + b
        return (np.log(b / a) + _log_beta(a, b) + (1.0 - a) * sc.digamma(a) - (1.0 + b) * sc.digamma(b)
                + s * sc.digamma(s))

    def split(a, b):
        s = a + b
        return (0.5 * (1.0 + np.log(2.0 * np.pi)) + 0.5 * np.log(1.0 / a + 1.0 / b)
                + _gamma_entropy_excess(a) + _gamma_entropy_excess(b) - _gamma_entropy_excess(s)
                + _digamma_excess(s) - 2.0 * _digamma_excess(b))
    if np.all(small):
        return direct(a, b)
    if not np.any(small):
        return split(a, b)
    far = 2.0 * _GAMMA_ENTROPY_FROM
    return np.where(small, direct(np.where(small, a, 1.0), np.where(small, b, 1.0)),
                    split(np.where(small, far, a), np.where(small, far, b)))



@_method(beta, "entropy")
def _beta_entropy(a, b, loc=0.0, scale=1.0):
    """The differential entropy, in a, b and scale: ``betaln(a, b) - (a - 1) digamma(a) - (b - 1)
    digamma(b) + (a + b - 2) digamma(a + b) + log(scale)``, written as ``E(a) + E(b) - E(a + b) -
    digamma(a + b)`` with ``E`` gamma's entropy (Stirling's series from 10 on), so that its terms,
    which grow as ``a log a``, cancel exactly.

    >>> from wengert.scipy.stats import beta
    >>> round(float(beta.entropy(2.0, 3.0)), 6)
    -0.234907
    """
    return _located_entropy("beta.entropy", _beta_standard_entropy, (a, b), loc, scale)  # (checked: the wrapper)


def _beta_standard_entropy(a, b):
    # in float64 (a strong NumPy float64 one: exact), rounded once by _located_entropy: its terms about 1
    # cancel to the entropy, 21 float32 ulps off at (2.5, 1.5) when each was rounded to float32
    a, b = a * np.float64(1.0), b * np.float64(1.0)
    s = a + b
    return _gamma_entropy(a) + _gamma_entropy(b) - _gamma_entropy(s) - sc.digamma(s)


class powerlaw:
    """The power-function distribution, as ``scipy.stats.powerlaw``: ``beta`` at ``b = 1`` (its cdf
    ``z^a`` on ``0 <= z <= 1``), with beta's functions, bit for bit: differentiable as they are, in
    x (or q), ``a``, loc and scale. A shape that is not positive is refused.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import powerlaw
    >>> round(float(wg.grad_bp(lambda x: powerlaw.cdf(x, 3.0), 0.5)), 6)  # a z^(a - 1)
    0.75

    .. versionadded:: 0.1
    """


class arcsine:
    """The arcsine distribution, as ``scipy.stats.arcsine``: ``beta`` at ``a = b = 1/2`` (its cdf
    ``2 arcsin(sqrt z) / pi`` on ``0 <= z <= 1``), with beta's functions, bit for bit:
    differentiable in x (or q), loc and scale, to every order. Near ``z = 1`` its sf keeps its
    digits where SciPy's ``1 - cdf`` loses them (``arcsine.sf(1 - 1e-12)``: SciPy's 5.5e-5 off).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import arcsine
    >>> round(float(wg.grad_bp(arcsine.cdf, 0.5)), 6)  # 1 / (pi sqrt(z (1 - z)))
    0.63662

    .. versionadded:: 0.1
    """


def _powerlaw_shapes(label, arguments):
    """beta's ``a, b``: powerlaw's ``a`` (refused where not positive) and 1."""
    _shapes_positive(label, arguments["a"], names=["a"])
    return arguments["a"], 1.0


def _powerlaw_call(name):
    """beta's function at ``b = 1``; the density 0 (its log -inf) at ``z = 0`` where ``a < 1``, as
    SciPy's powerlaw leaves that end out of its support there (beta's density is infinite)."""
    taken = _taken_call(beta, name, _powerlaw_shapes)
    if name not in ("pdf", "logpdf"):
        return taken

    def call(label, arguments):
        at_zero = (_plain(arguments["x"]) == _plain(arguments["loc"])) & (_plain(arguments["a"]) < 1)
        if not np.any(at_zero):
            return taken(label, arguments)
        # (beta's function at the middle there: its derivatives at z = 0, infinite, would meet the
        # zero cotangent of the entries not taken)
        inside = dict(arguments, x=np.where(at_zero, arguments["loc"] + 0.5 * arguments["scale"], arguments["x"]))
        return np.where(at_zero, 0.0 if name == "pdf" else -np.inf, taken(label, inside))
    return call


# -- the moments of cauchy, halfcauchy, levy, levy_l, pareto, invgamma and t; the entropy of t ---------
def _t_entropy(df):
    """t's entropy ``(df + 1)/2 (digamma((df + 1)/2) - digamma(df/2)) + log(sqrt(df) B(df/2, 1/2))``
    (SciPy's form) below df = 20. From there on its terms, of size df log df, cancel to
    ``log(2 pi e) / 2``: it is, with ``x = df/2``, ``digamma(x) = log x - 1/(2x) + F(x)`` and R
    Stirling's remainder of gammaln, ``log(2 pi e) / 2 + log1p(1/df) / 2 + 1/(4x) + (x + 1/2)
    (F(x + 1/2) - F(x)) + R(x) - R(x + 1/2)``, each term small and exact: the 1/(2x) terms'
    difference is taken in closed form (as a difference its derivative lost a digit per decade of
    df, 8 of them at df = 1e12), F's and R's differences are 1/x smaller than the result."""
    x = 0.5 * df
    big = _plain(x) >= _GAMMA_ENTROPY_FROM

    def direct(x):
        # (below x = 1 with digamma(x) = digamma(1 + x) - 1 / x and betaln(x, 1/2) = gammaln(1 + x) - log x +
        # gammaln(1/2) - gammaln(x + 1/2): the second derivative of the terms of size 1 / x was inf - inf at
        # df = 1e-300, NaN for +inf)
        return _piecewise(x, np.asarray(_plain(x), dtype=float) < 1.0,
                          lambda x: (x + 0.5) * (sc.digamma(x + 0.5) - sc.digamma(x)) + 0.5 * np.log(2.0 * x)
                          + _log_beta(x, 0.5),
                          lambda x: (x + 0.5) * (sc.digamma(x + 0.5) - sc.digamma(1.0 + x)) + 1.0 + 0.5 / x
                          + 0.5 * (_LOG_2 - np.log(x)) + sc.gammaln(1.0 + x) + _LOG_GAMMA_HALF - sc.gammaln(x + 0.5),
                          2.0, 0.5)

    def digamma_beyond(x):  # F(x) = digamma(x) - log x + 1/(2x), its asymptotic series
        u = 1.0 / x
        return -u * u * polynomial(u * u, DIGAMMA_SERIES)

    def split(x):
        return (0.5 * (1.0 + np.log(2.0 * np.pi)) + 0.5 * np.log1p(0.5 / x) + 0.25 / x
                + (x + 0.5) * (digamma_beyond(x + 0.5) - digamma_beyond(x))
                + stirling_correction(x) - stirling_correction(x + 0.5))
    return _piecewise(x, big, direct, split, 1.0, 2.0 * _GAMMA_ENTROPY_FROM)


# -- betaprime (the odds Y / (1 - Y) of a beta variate) ------------------------------------------


class betaprime:
    """The beta prime distribution, as ``scipy.stats.betaprime``: ``Y / (1 - Y)`` for ``Y`` beta(a, b)
    (``logpdf = (a - 1) log z - (a + b) log(1 + z) - betaln(a, b)``), differentiable in x (or q), a, b, loc and
    scale: the tails and quantiles are beta's (SciPy's formulas: ``beta.cdf(z / (1 + z), a, b)`` up to z = 1,
    ``beta.sf(1 / (1 + z), b, a)`` above, where ``z / (1 + z)`` rounds to 1), as differentiable as beta's are.
    Its support is ``z = (x - loc) / scale >= 0``; the log tails are finite where SciPy's underflow, the isf
    is beta's, not SciPy's ``ppf(1 - q)`` (which is 0 for q below 1e-17 and loses digits below 1e-3), and the
    entropy is closed (SciPy integrates numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import betaprime
    >>> round(float(wg.grad_bp(lambda x: betaprime.cdf(x, 1.0, 1.0), 1.0)), 6)  # the density 1 / (1 + z)^2
    0.25

    .. versionadded:: 0.1
    """


def _power_tail_log_kernel(z, log_z, near, far, shift=0.0, traced=()):
    """A power tail's ``p log z - k log1p(z e^shift)`` for ``z >= 0`` (``shift`` a log: 0, or a traced one):
    ``near(z)`` where ``z e^shift <= 1``; above, with ``log_z`` (:func:`_log_of_z`'s), ``far(L, t)`` of ``L = log z``
    (its derivatives in x and in scale apart) and ``t = log1p(exp(-L - shift))``, written ``(p - k) L - k shift - k
    t`` with the coefficient of L free of k's shape (else k's adjoint ``-L - t`` rounds t away, and d2/dx d(shape)
    with it): through z d2/dx dscale far out was ``k / z - k / z`` plus rounding, and d2/dx d(shape) met ``1 / z - 1 /
    (1 + z)`` (betaprime.logpdf(1e20, 2, 1.5): d2/dx dscale and d2/dx da 0, the truths 3.5e-40 and 1e-40;
    f.logpdf(1e20, 3, 1.5): 0 for 1.125e-40 and -1.25e-41)."""
    # (a plain z and ``traced`` plain: near's values, SciPy's to the bit)
    if log_z is None or not any(isinstance(v, (Var, Dual)) for v in (z, *traced)):
        return near(z)
    pz = np.asarray(_plain(z), dtype=float)
    ps = np.asarray(_plain(shift), dtype=float)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        big = (np.log(np.where(pz > 0, pz, 1.0)) + ps > 0.0) & (pz > 0)
    if not np.any(big):
        return near(z)
    # (the far form's stand-in at L + shift = 1, the near one's at L + shift = -log 2 or below: inside, not at z = 0,
    # where xlogy's derivatives are infinite and the third 0 / 0)
    stand_in = np.exp(np.clip(1.0 - ps, -700.0, 700.0))
    near_stand_in = 0.5 * np.exp(np.clip(-ps, -700.0, 0.0))

    def far_form(z):
        big_l = log_z(z)
        return far(big_l, np.log1p(np.exp(-(big_l + shift))))
    return _piecewise(z, np.broadcast_to(big, np.broadcast_shapes(pz.shape, ps.shape)), near, far_form, near_stand_in,
                      stand_in)


def _betaprime_log_density(z, a, b, scale, log_z=None):
    """SciPy's ``betaprime._logpdf``, term for term: ``xlogy(a - 1, z) - xlog1py(a + b, z) - betaln(a, b)``, then
    ``- log(scale)`` (float32 stays float32: SciPy < 1.18's xlogy and betaln have no float32 loop); ``log_z``:
    :func:`_log_of_z`'s (d2/dx dscale at x = 1e-200 was 0.0, the truth a + b; above z = 1 the kernel in it,
    :func:`_power_tail_log_kernel`)."""
    kernel = _power_tail_log_kernel(z, log_z, lambda z: _xlog_z(a - 1.0, z, log_z) - sc.xlog1py(a + b, z),
                                    lambda big_l, t: -(b + 1.0) * big_l - (a + b) * t)
    return _in_dtype_of(kernel - _log_beta(a, b) - _log_of(scale), z, a, b, scale)


def _betaprime_check(name, z, a, b, inside=None):
    """The shapes positive; for a density, a traced x, loc or scale refused at ``x == loc``: SciPy leaves that
    point out of the support (the density 0 there for every a, its log -inf, constant in a), where the density's
    limit from inside is inf (a < 1), b (a = 1) or 0 with a slope ``1 / B(2, b)`` (a = 2) or a higher derivative
    that is not 0: the two sides' derivatives differ. ``inside``: :func:`_inside_z`'s plain z, not 0 where z is
    rounded to 0 while x > loc (betaprime.pdf(1e-300, 1, 3, 0, 1e300) was refused "at x == loc", its gradient
    defined: the density there is computed from x - loc and the scale apart)."""
    _shapes_positive(name, a, b, names=["a", "b"])
    if name.endswith("pdf") and isinstance(z, (Var, Dual)) and np.any((_plain(z) if inside is None else inside) == 0):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in x, loc or scale at x == loc: SciPy's density is 0 "
            "there (the point is outside its open support), its limit from inside z**(a - 1) (1 + z)**(-a - b) / "
            "B(a, b), whose derivatives differ from the outside's. Evaluate inside the support, or pass x, loc and "
            "scale as constants (wengert.stop_gradient).")


def _betaprime_density(z, a, b, scale, log_z=None, power_z=None):
    """``exp`` of the log density at scale 1, over ``scale`` (SciPy's ``_pdf / scale``), with powers at and near
    ``z = 0`` (:func:`_density_from_zero`)."""
    pa, pb = np.asarray(_plain(a), dtype=float), np.asarray(_plain(b), dtype=float)
    # (far out z^(-b - 1) (1 + 1/z)^(-a - b) / B(a, b): _far_powers, z^(-b - 1) / scale and 1 / z primitives of x -
    # loc and the scale, _far_power, as burr's)
    inner = np.power if power_z is None else power_z
    far_power = _far_power(np.power, None, scale, None) if power_z is None else power_z.far
    return _far_powers(z, lambda z: _density_from_zero(
        z, lambda z: _betaprime_log_density(z, a, b, 1.0, log_z),
        lambda z: _power_less(z, a) * np.exp(-sc.xlog1py(a + b, z) - _log_beta(a, b)), pa - 1.0,
        lambda z: _betaprime_log_density(z, pa, pb, 1.0), over=scale),
        lambda z: far_power(z, b, -1, 1) * np.exp(-(a + b) * np.log1p(inner(z, -1.0))) * _reciprocal_beta(a, b),
        -pb - 1.0)


_BETA_MIRROR = {"cdf": "sf", "sf": "cdf", "logcdf": "logsf", "logsf": "logcdf"}


#: Below ``z = _BETAPRIME_END / (1 + a (1 + b))`` betaprime's lower tail is its leading term ``z^a / (a B(a, b))``,
#: above ``z = (1 + b (1 + a)) / _BETAPRIME_END`` its upper tail ``(1 + z)^-b / (b B(a, b))`` (the next terms'
#: factors below 1e-20): through beta's functions of ``z / (1 + z)`` the log cdf's second derivative was
#: inf - inf = NaN at z = 1e-200 (the truth -inf), and of ``1 / (1 + z)`` the log sf's first derivative
#: underflowed to 0 at z = 1e200 (``-(1 + z)^-2``; the truth -b / z)
_BETAPRIME_END = 1e-20


def _betaprime_log_cdf(z, a, b, scale, log_z, power_z):
    """The log cdf on ``z > 0`` (:func:`_betaprime_tail`); at z = 0 -inf with the limits from inside as its derivatives
    (:func:`_log_cdf_from_lower_end`): log I_w(a, b), w = z / (1 + z), ``a log z - log a - betaln(a, b) + (a (1 - b) /
    (a + 1) - a) z + O(z^2)``; it was the constant -inf, every derivative 0."""
    return _log_cdf_from_lower_end(z, lambda z: _BETAPRIME_LOG_CDF(z, a, b, scale, log_z, power_z),
                                   lambda z: log_z(z, a, end=True) - np.log(a) - sc.betaln(a, b)
                                   + (a * (1.0 - b) / (a + 1.0) - a) * z)


def _betaprime_tail(name):
    """beta's ``name`` at ``z / (1 + z)`` (a, b) up to ``z = 1``, its mirror (cdf and sf swapped) at
    ``1 / (1 + z)`` (b, a) above (SciPy's, gh-17631: ``z / (1 + z)`` rounds to 1 from z = 9e15); their leading
    terms at both ends (``_BETAPRIME_END``), the powers' logs one primitive (:data:`_LOG_POWER`). ``log_z``:
    :func:`_log_of_z`'s, for the lower end's series (:func:`_betaprime_lower_series`)."""
    def tail(z, a, b, scale, log_z=None, power_z=None):
        pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
        shape = np.broadcast_shapes(pz.shape, pa.shape, pb.shape)
        # (but the log cdf's, at a = 1 (b = 1 at the upper end, but the log sf's): there the next power of the tail,
        # z^(a + 1), carries its second derivative, which the leading power's a (a - 1) z^(a - 2) is not: cdf'' at a = 1,
        # b = 2, z = 1e-300 was 0.0, the truth -6; logsf'' inf, the truth 2; at 1e-100 -3.9e84)
        near = (pz < _BETAPRIME_END / (1.0 + pa * (1.0 + pb))) & ((pa != 1.0) | (name == "logcdf"))
        far = (pz > (1.0 + pb * (1.0 + pa)) / _BETAPRIME_END) & ((pb != 1.0) | (name == "logsf"))

        def middle(z):
            return _piecewise(z, np.broadcast_to(pz > 1.0, shape), lambda z: getattr(beta, name)(z / (1.0 + z), a, b),
                              lambda z: getattr(beta, _BETA_MIRROR[name])(1.0 / (1.0 + z), b, a), 0.5, 2.0)

        def lower_leading(z, a, b):  # z^a / (a B(a, b)); as a power where not a log (its derivatives at z = 0)
            if name == "cdf" or name == "sf":
                c = z ** a * np.exp(-np.log(a) - _log_beta(a, b))
                return c if name == "cdf" else 1.0 - c
            if name == "logsf":  # (-c - c^2 / 2 where c is tiny: through log1p(-exp(log c)) the second derivative was
                # exp(log c) (log c'^2 + log c'') = 0 * inf, NaN at z = 1e-300, the truth a (a - 1) z^(a - 2) / (a B))
                k = np.exp(-np.log(a) - _log_beta(a, b))
                return _log1p_minus_leading(np.power(z, a) * k, z, a, lambda z: np.power(z, a) * k, k)
            return _LOG_POWER(z, a) - np.log(a) - _log_beta(a, b)

        def upper_leading(z, a, b):  # (1 + z)^-b / (b B(a, b))
            log_s = -b * np.log1p(z) - np.log(b) - _log_beta(a, b)
            return {"logsf": log_s, "sf": np.exp(log_s), "cdf": -np.expm1(log_s), "logcdf": np.log1p(-np.exp(log_s))}[name]

        # where a (at the upper end b) is small, the tail is 1 - 1e-298 (a = 1e-300) and the leading term's log(a) +
        # betaln(a, b) lost it (betaprime.logsf(1e-300, 1e-300, 2.5) -inf for -684.24, betaprime.logcdf(1e200, 1.5,
        # 1e-300) -inf for -684.64): the power series of log betainc (:func:`_log_betainc_series`), exact at every w
        def lower_end(z):
            region = _beta_series_region(pa, pb, np.asarray(_plain(z), dtype=float))
            return _two_forms(region, lower_leading, lambda z, a, b: _beta_series_tail(
                a, b, z / (1.0 + z), np.log(z) - np.log1p(z), name in ("sf", "logsf"), name.startswith("log")),
                (z, a, b), (1e-300, 1.0, 1.0), (1e-30, 1e-5, 1.0))

        def upper_end(z):
            with np.errstate(divide="ignore"):
                region = _beta_series_region(pb, pa, 1.0 / (1.0 + np.asarray(_plain(z), dtype=float)))
            return _two_forms(region, upper_leading, lambda z, a, b: _beta_series_tail(
                b, a, 1.0 / (1.0 + z), -np.log1p(z), name in ("cdf", "logcdf"), name.startswith("log")),
                (z, a, b), (1e300, 1.0, 1.0), (1e30, 1.0, 1e-5))

        def ends(z):
            return _piecewise(z, np.broadcast_to(far, shape), lower_end, upper_end, 1e-300, 1e300)
        def elsewhere(z):
            with np.errstate(divide="ignore"):  # (the log cdf at z = 0, outside its support: -inf)
                return _piecewise(z, np.broadcast_to(near | far, shape), middle, ends, 0.5, 1e-300)
        low = None if log_z is None else _betaprime_lower_series(name, z, a, b, log_z)
        if low is not None:
            return low(elsewhere)
        high = None if power_z is None else _betaprime_upper_series(name, z, a, b, log_z, power_z)
        return elsewhere(z) if high is None else high(elsewhere)
    return tail


_BETAPRIME_LOG_CDF = _betaprime_tail("logcdf")
_shape_functions(betaprime, ("a", "b"), _betaprime_check, [
    (*row[:5], f"round(float(betaprime.{row[0]}(1.0, 2.0, 3.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z > 0, _betaprime_log_density, -np.inf,
         "``(a - 1) log(z) - (a + b) log1p(z) - betaln(a, b) - log(scale)`` on ``z > 0``, ``-inf`` at and below 0 "
         "(SciPy's open support).", "-0.980829"),
        ("pdf", lambda z: z > 0, _betaprime_density, 0.0,
         "``z^(a - 1) (1 + z)^(-a - b) / (B(a, b) scale)`` on ``z > 0``, 0 at and below 0 (SciPy's open support).",
         "0.375"),
        ("cdf", lambda z: z >= 0, _betaprime_tail("cdf"), 0.0,
         "``beta.cdf(z / (1 + z), a, b)`` for ``z <= 1``, ``beta.sf(1 / (1 + z), b, a)`` above; 0 below the "
         "support.", "0.6875"),
        ("logcdf", lambda z: z >= 0, _betaprime_log_cdf, -np.inf,
         "``beta.logcdf(z / (1 + z), a, b)`` for ``z <= 1``, ``beta.logsf(1 / (1 + z), b, a)`` above; ``-inf`` at "
         "and below 0.", "-0.374693"),
        ("sf", lambda z: z >= 0, _betaprime_tail("sf"), 1.0,
         "``beta.sf(z / (1 + z), a, b)`` for ``z <= 1``, ``beta.cdf(1 / (1 + z), b, a)`` above; 1 below the "
         "support.", "0.3125"),
        ("logsf", lambda z: z >= 0, _betaprime_tail("logsf"), 0.0,
         "``beta.logsf(z / (1 + z), a, b)`` for ``z <= 1``, ``beta.logcdf(1 / (1 + z), b, a)`` above (finite far "
         "out); 0 below the support.", "-1.163151"))])


def _betaprime_upper_series(name, z, a, b, log_z, power_z):
    """Far out (``z > 1``, ``w = 1 / (1 + z)`` small, :func:`_beta_small_w_region` of (b, a)) the log tails from
    :func:`_log_betainc_lower_series` of (b, a) at ``w = t / (1 + t)``, ``t = 1 / z``, with ``log w = -(L + log1p(t))``,
    ``L = log z`` and t from ``log_z`` and ``power_z`` (:func:`_log_of_z`, :func:`_power_of_z`: their derivatives in x
    and in scale apart); the log cdf ``log1p(-exp(it))``. Through z d2/dx dscale of ``b log w`` was ``b / z - b / z``
    plus rounding and its leading term's dropped the next (betaprime.logsf(1e20, 2, 1.5) 0 one way, 6e-41 the other,
    the truth 2.1e-40), and the log cdf's z-derivatives underflowed (betaprime.logcdf(1e150, 2, 1.5)'s d2/dscale2 0
    for -1.875e-225). ``None`` where not used (and for the cdf and sf), else a function of the form elsewhere."""
    if name not in ("logsf", "logcdf") or not isinstance(z, (Var, Dual)):
        return None
    pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
    with np.errstate(divide="ignore"):
        pw = 1.0 / (1.0 + pz)
    high = (pz > 1.0) & _beta_small_w_region(pb, pa, pw) & ~_beta_series_region(pb, pa, pw)
    if not np.any(high):
        return None

    def series(z, a, b):
        t = power_z(z, -1.0)
        log_sf = _log_betainc_lower_series(b, a, t / (1.0 + t), -(log_z(z) + np.log1p(t)))
        return log_sf if name == "logsf" else np.log1p(-np.exp(log_sf))
    return lambda elsewhere: _two_forms(high, lambda z, a, b: elsewhere(z), series, (z, a, b), (0.5, 1.0, 1.0),
                                        (1e12, 1.0, 1.0))


def _betaprime_lower_series(name, z, a, b, log_z):
    """Near ``z = 0``, ``w = z / (1 + z)``, ``log w = log_z(z) - log1p(z)`` (:func:`_log_of_z`: its derivatives in x
    and in scale apart): where ``a`` is small, every tail from :func:`_beta_series_tail`; elsewhere the log cdf from
    :func:`_log_betainc_lower_series` where ``w`` is small (:func:`_beta_small_w_region`). Through w alone (beta's at
    ``z / (1 + z)``, or the leading term ``a log z - log(a B(a, b))``) d2/dx dscale of the log cdf, ``-(z L'' + L') /
    scale^2``, cancelled as ``a / z - a / z`` (betaprime.logcdf(x, 2, 3, 0, s) at x = 1e-15: 3.0, at 1e-200 inf, the
    truth 10/3), and the leading term dropped the linear term that is the whole of it. ``None`` where neither is used;
    else a function of the form elsewhere, that gives the tail."""
    pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
    pw = pz / (1.0 + pz)
    own = _beta_series_region(pa, pb, pw)
    small = (_beta_small_w_region(pa, pb, pw) & ~own) if name == "logcdf" else np.zeros_like(own)
    low = own | small
    if not np.any(low):
        return None

    def series(z, a, b):
        w, log_w = z / (1.0 + z), log_z(z) - np.log1p(z)
        return _two_forms(small, lambda a, b, w, log_w: _beta_series_tail(
            a, b, w, log_w, name in ("sf", "logsf"), name.startswith("log")), _log_betainc_lower_series,
            (a, b, w, log_w), _IN_SERIES, (1.0, 1.0, 1e-4, math.log(1e-4)))
    return lambda elsewhere: _two_forms(low, lambda z, a, b: elsewhere(z), series, (z, a, b), (0.5, 1.0, 1.0),
                                        (1e-12, 1e-5, 1.0))


def _betaprime_quantile(name, q, a, b, loc, scale, upper):
    """``r / (1 - r)``, ``r`` beta's quantile (a, b), where ``r <= 1/2``; above, ``1 / s - 1``, ``s = 1 - r`` the
    other quantile of beta(b, a) (SciPy's from r = 0.9999: through ``1 - r`` the quantile lost digits as r
    nears 1, 1e-12 off at r = 0.9999). The isf is beta's isf so, not SciPy's ``ppf(1 - q)``."""
    _shapes_positive(name, a, b, names=["a", "b"])
    pq, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (_q(name, q), a, b))
    lower_tail = betaincinv_checked(pa, pb, pq) if not upper else betainccinv_checked(pa, pb, pq)
    low, high = (beta.isf, beta.ppf) if upper else (beta.ppf, beta.isf)

    def standard(q, a, b):
        with np.errstate(divide="ignore"):  # (inf at the far end: the truth)
            return _piecewise(q, np.broadcast_to(lower_tail > 0.5, np.broadcast_shapes(pq.shape, pa.shape, pb.shape)),
                              lambda q: (lambda r: r / (1.0 - r))(low(q, a, b)),
                              lambda q: 1.0 / high(q, b, a) - 1.0, 0.5, 0.5)
    return _located(name, q, loc, scale, standard, shapes=(a, b))


_quantiles(betaprime, ("a", "b"), _betaprime_quantile, (
    ("``loc + scale r / (1 - r)``, ``r = beta.ppf(q, a, b)`` (``1 / beta.isf(q, b, a) - 1`` where r > 1/2).",
     "round(float(betaprime.ppf(0.5, 2.0, 3.0)), 6)", "0.627942"),
    ("``loc + scale r / (1 - r)``, ``r = beta.isf(q, a, b)`` (``1 / beta.ppf(q, b, a) - 1`` where r > 1/2).",
     "round(float(betaprime.isf(0.5, 2.0, 3.0)), 6)", "0.627942")))


def _betaprime_entropy(a, b):
    """``betaln(a, b) + (1 - a) digamma(a) - (1 + b) digamma(b) + (a + b) digamma(a + b)``: the F distribution's
    at ``dfn, dfd = 2 a, 2 b`` (:func:`_f_entropy`, its logs cancelled for large shapes) plus ``log(a / b)`` (F's
    scale against betaprime's)."""
    return _f_entropy(2.0 * a, 2.0 * b) + np.log(a / b)


# mean a/(b - 1) (b > 1), variance a (a + b - 1) / ((b - 2) (b - 1)^2) (b > 2)
_add_moments("betaprime", ("a", "b"),
             lambda a, b: _moment_where(lambda p: p > 1.0, _always,  # (SciPy's shape: a's too)
                                        lambda a, b: a / (b - 1.0), (a, b), 2.0, 1),
             lambda a, b: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0,
                                        lambda a, b: a * (a + b - 1.0) / ((b - 2.0) * (b - 1.0) ** 2), (a, b), 3.0, 1),
             _betaprime_entropy, lambda name, a, b: _shapes_positive(name, a, b, names=["a", "b"]), 3.0,
             " The mean ``a/(b - 1)`` exists for ``b > 1`` (inf below), the variance ``a (a + b - 1) / ((b - 2) (b - "
             "1)^2)`` for ``b > 2``; it is inf for ``1 < b <= 2`` and NaN for ``b <= 1``, where the mean is infinite.")
_add_quantile_summaries("betaprime")


# -- rdist (the R-distribution: 2 Beta(c/2, c/2) - 1) -------------------------------------------------


class rdist:
    """The R-distribution, as ``scipy.stats.rdist``: ``(1 - z^2)^(c/2 - 1) / B(1/2, c/2)`` on ``-1 <= z <= 1`` (``c >
    0``): ``2 U - 1`` of ``U ~ beta(c/2, c/2)``; differentiable in x (or q), c, loc and scale. Each tail is beta's
    from its own end, ``I((1 + z) / 2)`` for the cdf at ``z <= 0`` and ``I((1 - z) / 2)`` for the sf at ``z >= 0``,
    the other side by symmetry (SciPy's ``beta.cdf((x + 1) / 2)`` loses the distance to the upper end: its ``sf(1 -
    1e-6, 3)`` is 1.7e-10 relative off). The quantiles ``-1 + 2 u`` from the nearer end (``u`` beta's quantile of the
    tail below 1/2), and near the median the root of ``I(z^2; 1/2, c/2) = |2q - 1|`` (``z^2 ~ beta(1/2, c/2)``),
    polished to second order (no cancellation at z = 0, where SciPy's ``2 u - 1`` loses all of it). Mean 0, variance ``1 / (c + 1)``; no entropy
    (SciPy integrates it).

    >>> from wengert.scipy.stats import rdist
    >>> round(float(rdist.var(3.0)), 6)
    0.25

    .. versionadded:: 0.1
    """


def _rdist_c(name, c):
    _shapes_positive(name, c, names=["c"])


def _rdist_check(name, z, c):
    _rdist_c(name, c)


def _rdist_by_side(z, left, right):
    """``left((1 + z) / 2)`` for ``z <= 0``, ``right((1 - z) / 2)`` above (beta's variable at the nearer end)."""
    return _piecewise(z, np.asarray(_plain(z)) > 0, lambda z: left(0.5 * (1.0 + z)), lambda z: right(0.5 * (1.0 - z)),
                      -0.5, 0.5)


def _rdist_function(name):
    def function(z, c, scale):
        h = 0.5 * c
        if name == "pdf":  # (beta's density, its powers at the ends: through exp(log) the derivative at z = +-1 was
            # exp(-inf) * inf = NaN, rdist.pdf'(1, 4) NaN for -1.5)
            return _rdist_by_side(z, lambda u: beta.pdf(u, h, h), lambda u: beta.pdf(u, h, h)) / (2.0 * scale)
        if name == "logpdf":
            log_density = _rdist_by_side(z, lambda u: beta.logpdf(u, h, h), lambda u: beta.logpdf(u, h, h)) - _LOG_2
            return log_density - _log_of(scale)
        lower = {"cdf": (beta.cdf, beta.sf), "logcdf": (beta.logcdf, beta.logsf)}
        own, other = lower[name.replace("sf", "cdf")]
        sign = -1.0 if name.endswith("sf") else 1.0
        return _rdist_by_side(sign * z, lambda u: own(u, h, h), lambda u: other(u, h, h))
    return function


_shape_functions(rdist, ("c",), _rdist_check, [
    (name, lambda z: np.ones(np.shape(z), bool), _rdist_function(name), np.nan, formula,
     f"round(float(rdist.{name}(0.5, 3.0)), 6)", value) for name, formula, value in (
        ("logpdf", "``(c/2 - 1) log1p(-z^2) - log B(1/2, c/2) - log(scale)`` (beta's at the nearer end) on ``|z| <= "
         "1``, ``-inf`` outside.", "-0.595424"),
        ("pdf", "``(1 - z^2)^(c/2 - 1) / (B(1/2, c/2) scale)`` on ``|z| <= 1``, 0 outside.", "0.551329"),
        ("cdf", "``I((1 + z) / 2; c/2, c/2)`` for ``z <= 0``, ``1 - I((1 - z) / 2; c/2, c/2)`` above.", "0.804499"),
        ("logcdf", "``log(cdf)``, beta's log tails at the nearer end.", "-0.217536"),
        ("sf", "``cdf(-z)`` (symmetric).", "0.195501"),
        ("logsf", "``logcdf(-z)`` (symmetric).", "-1.632189"))])


def _rdist_quantile(name, q, c, loc, scale, upper):
    """``-1 + 2 u``, ``u`` beta's quantile (``c/2, c/2``) of the tail ``p`` below 1/2, on the side of that tail, where
    that is beyond ``|z| = 1/2``; nearer the median ``+-(z0 + r / G' - G'' r^2 / (2 G'^3))`` at the plain root ``z0``
    of ``G(z) = I(z^2; 1/2, c/2) = |2q - 1|``, ``r = |2q - 1| - G(z0)``, ``G' = 2 pdf`` (exact to second order in q
    and c)."""
    _rdist_c(name, c)

    def standard(q, c):
        pq = np.asarray(_plain(q), dtype=float)
        pc = np.asarray(_plain(c), dtype=float)
        shape = np.broadcast_shapes(pq.shape, pc.shape)
        with np.errstate(all="ignore"):
            p = np.minimum(pq, 1.0 - pq)
            middle = np.broadcast_to(sc.betaincinv(0.5 * pc, 0.5 * pc, p) > 0.25, shape)
        left = np.broadcast_to((pq <= 0.5) != upper, shape)  # (z below the median)

        def tails(q, c):
            h = 0.5 * c
            p = _piecewise(q, np.broadcast_to(pq > 0.5, shape), lambda q: q, lambda q: 1.0 - q, 0.25, 0.75)
            distance = 2.0 * beta.ppf(p, h, h)
            return np.where(left, -1.0 + distance, 1.0 - distance)

        def center(q, c):  # (z^2 is beta(1/2, c/2): G(|z|) = I(z^2; 1/2, c/2) = |2q - 1|, its root polished)
            pq_ = np.asarray(_plain(q), dtype=float)  # (q's stand-ins here: not pq)
            above = np.broadcast_to(pq_ > 0.5, shape)
            p = _piecewise(q, above, lambda q: 1.0 - 2.0 * q, lambda q: 2.0 * q - 1.0, 0.25, 0.75)
            with np.errstate(all="ignore"):
                z0 = np.sqrt(sc.betaincinv(0.5, 0.5 * np.asarray(_plain(c), dtype=float), np.abs(2.0 * pq_ - 1.0)))
            z0 = np.broadcast_to(z0, shape)
            density = np.exp((0.5 * c - 1.0) * np.log1p(-z0 * z0) - sc.betaln(0.5, 0.5 * c))
            slope = 2.0 * density  # (G' = 2 pdf; G'' = 2 pdf' = G' (2 - c) z0 / (1 - z0^2))
            curvature = slope * (2.0 - c) * z0 / (1.0 - z0 * z0)
            r = p - beta.cdf(z0 * z0, 0.5, 0.5 * c)
            return np.where(above != upper, 1.0, -1.0) * (z0 + r / slope - curvature * r * r / (2.0 * slope ** 3))

        def median(q, c):  # (q = 1/2: z = 0, the slope 1 / pdf(0) = B(1/2, c/2), the second derivatives 0 but d2/dq dc)
            return (-1.0 if upper else 1.0) * (q - 0.5) * np.exp(sc.betaln(0.5, 0.5 * c))
        def near(q, c):
            at_median = np.broadcast_to(np.asarray(_plain(q)) == 0.5, shape)
            return _two_forms(at_median, center, median, (q, c), (0.4, 3.0), (0.5, 3.0))
        return _two_forms(middle, tails, near, (q, c), (0.25, 3.0), (0.4, 3.0))
    with np.errstate(divide="ignore"):
        return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(c,)), q, c, loc, scale)


_quantiles(rdist, "c", _rdist_quantile, (
    ("``loc + scale z``: ``-1 + 2 betaincinv(c/2, c/2, q)`` in the tails, ``sign(q - 1/2) sqrt(betaincinv(1/2, c/2, "
     "|2q - 1|))`` near the median.", "round(float(rdist.ppf(0.8, 3.0)), 6)", "0.491862"),
    ("``ppf(1 - q)``, from the nearer end.", "round(float(rdist.isf(0.8, 3.0)), 6)", "-0.491862")))

_add_moments("rdist", ("c",), lambda c: 0.0 * c, lambda c: 1.0 / (c + 1.0), None, _rdist_c, 3.0,
             " The mean is 0, the variance ``1 / (c + 1)`` (no entropy: SciPy integrates it).")
_shape_entropy(rdist, lambda c: _LOG_2 + _beta_standard_entropy(0.5 * c, 0.5 * c), "``log 2`` plus beta's entropy at "
               "``(c/2, c/2)`` (``2 U - 1`` of ``U ~ beta(c/2, c/2)``; written as beta's so that its terms, growing as "
               "``c log c``, cancel exactly), plus ``log(scale)`` (SciPy integrates the density).",
               "round(float(rdist.entropy(2.0)), 6)  # uniform on [-1, 1]: log 2", "0.693147", _rdist_c)
_add_quantile_summaries("rdist", (3.0,))


# -- jf_skew_t (Jones and Faddy's skew t) ----------------------------------------------------------------


class jf_skew_t:
    """Jones and Faddy's skew t distribution, as ``scipy.stats.jf_skew_t``: ``T = (1 + w / h) / 2`` is ``beta(a, b)``
    (``w = z / sqrt(a + b)``, ``h = sqrt(1 + w^2)``, ``z = (x - loc) / scale``), so the density is ``4 t^(a + 1/2) s^(b
    + 1/2) / (B(a, b) sqrt(a + b))`` with ``t = (1 + w / h) / 2``, ``s = 1 - t``, the cdf ``I_t(a, b)``; ``a = b`` is
    Student's t with ``2a`` degrees of freedom. ``logpdf``, ``pdf``, ``cdf``, ``logcdf``, ``sf``, ``logsf``, ``ppf``,
    ``isf``, ``median``, ``interval``, ``mean``, ``var``, ``std`` and ``entropy``, differentiable in x (or q), a, b, loc
    and scale to second order (a third derivative in a or b of the tails and quantiles is refused, as beta's). The
    smaller of ``t`` and ``s`` is ``1 / (2 h (h + |w|))`` and its log ``-log 2 - log h - arcsinh|w|`` (no cancellation
    in either tail), the larger ``1 -`` it; the tails are beta's at the smaller one (``I_t(a, b)`` left of 0, ``1 -
    I_s(b, a)`` right of it), beyond ``|w| = 1e50`` their leading terms ``p log m - log p - log B(a, b)`` (``p`` a or
    b; through m its derivative, about ``1 / (2 w^3)``, underflows further out). The quantiles are beta's (``ppf`` or
    ``isf`` at ``q``, with a and b swapped right of 0) mapped by ``w = (2t - 1) / (2 sqrt(t (1 - t)))`` (one function
    of t with its own derivatives), where ``m (1 + other) / p`` is below 4e-18 from the small tail's leading term (``w
    = -+m^(-1/2) / 2``; the value within ``|log m| eps / 4``, the rounding of the power's exponent: 2.6e-14 at
    ``isf(1e-250, 3, 0.6)``). Far out the tails and their derivatives carry ``|log m| eps`` (beta's powers of m:
    4.4e-14 in d2/dx2 of the cdf at ``x = -1e49``, a = 0.1), and second derivatives in a small shape the cancellation
    of ``1 / a^2`` against ``trigamma(a)`` (8.6e-14 at a = 0.1, as beta's). The mean ``sqrt(a + b) (a - b)
    G(a) G(b) / 2``, ``G(a) = gamma(a - 1/2) / gamma(a)``, exists for ``a, b > 1/2`` (it is -inf for ``a <= 1/2 < b``,
    +inf for ``b <= 1/2 < a``, NaN for both; SciPy's is NaN); the variance ``(a + b) ((a - b)^2 (1 - k) + a + b - 2) /
    (4 (a - 1)(b - 1))``, ``k = (a - 1)(b - 1) G(a)^2 G(b)^2`` (``1 - k`` as ``-expm1`` of its log: ``E X^2 - mean^2``
    cancels for large shapes), for ``a, b > 1`` (inf where only the mean exists, NaN where it does not); the entropy
    beta's plus ``log(a + b) / 2 - 2 log 2 - 3/2 (digamma(a) + digamma(b) - 2 digamma(a + b))`` (SciPy integrates it).
    Large shapes: the log density's terms grow as ``a log a`` and cancel (as beta's do), about ``(a + b) eps``
    absolute.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import jf_skew_t
    >>> round(float(jf_skew_t.cdf(0.0, 2.0, 2.0)), 6)  # a = b: symmetric
    0.5
    >>> round(float(wg.grad_bp(lambda x: jf_skew_t.cdf(x, 1.0, 1.0), 0.0)), 6)  # t with 2 df: the density at 0
    0.353553

    .. versionadded:: 0.1
    """


def _jf_skew_t_check(name, z, a, b):
    _shapes_positive(name, a, b, names=["a", "b"])


#: beyond this |w| the smaller of t and s (about 1 / (4 w^2), below 1e-100) is taken through its log (the tails' leading
#: terms, their error O(m)): through m itself its derivative in w, about 1 / (2 w^3), underflowed (the cdf's gradient
#: at x = -1e149, a = 0.1, b = 2 was 0, the truth 3.3e-180)
_JF_FAR = 1e50


def _jf_w(z, a, b):
    return z / np.sqrt(a + b)


def _jf_log_half(w, sign):
    """``log((1 + sign w / h) / 2)`` as ``-log 2 - log h + sign arcsinh(w)`` (``(1 + u / h) / 2 = 1 / (2 h (h - u))``
    for ``u < 0``): exact where ``sign w <= 0``."""
    return -_LOG_2 - _log_hypot1(w) + sign * np.arcsinh(w)


def _jf_logs(w):
    """``(log t, log s)``: each from :func:`_jf_log_half` on its small side, ``log1p(-exp(.))`` of the other's beyond."""
    left = np.asarray(_plain(w)) < 0
    log_t = _piecewise(w, left, lambda w: np.log1p(-np.exp(_jf_log_half(w, -1.0))), lambda w: _jf_log_half(w, 1.0),
                       1.0, -1.0)
    log_s = _piecewise(w, left, lambda w: _jf_log_half(w, -1.0), lambda w: np.log1p(-np.exp(_jf_log_half(w, 1.0))),
                       1.0, -1.0)
    return log_t, log_s


def _jf_log_density(z, a, b, scale):
    log_t, log_s = _jf_logs(_jf_w(z, a, b))
    return (2.0 * _LOG_2 + (a + 0.5) * log_t + (b + 0.5) * log_s - _log_beta(a, b) - 0.5 * np.log(a + b)
            - _log_of(scale))


def _jf_small(w):
    """The smaller of ``t`` and ``s``, ``1 / (2 h (h + |w|))``, ``h = sqrt(1 + w^2)``."""
    def side(w, sign):
        h = np.hypot(1.0, w)
        return 0.5 / (h * (h + sign * w))
    return _piecewise(w, np.asarray(_plain(w)) < 0, lambda w: side(w, 1.0), lambda w: side(w, -1.0), 1.0, -1.0)


def _jf_tail(upper, log):
    """The cdf (``upper``: the sf; ``log``: their logs): beta's tails at the smaller of t and s (left of 0 ``beta(a,
    b)``'s at t, right of it ``beta(b, a)``'s at s, the other tail), beyond ``|w| = 1e50`` the small tail's leading
    term ``exp(p log m - log p - log B(a, b))`` (``p`` a on the left, b on the right) and ``1 -`` it."""
    def near_tail(m, p, other, lower):
        # (beta(p, other)'s cdf at m where ``lower``, else its sf)
        return getattr(beta, ("log" if log else "") + ("cdf" if lower else "sf"))(m, p, other)

    def far_tail(log_m, p, other, lower):
        # (the lower tail of beta(p, other) at m is exp(lead) (1 + O(m)), m below 1e-100)
        lead = p * log_m - np.log(p) - _log_beta(p, other)
        if lower:
            return lead if log else np.exp(lead)
        return _log1mexp(lead) if log else -np.expm1(lead)

    def tail(z, a, b, scale):
        w = _jf_w(z, a, b)
        pw = np.asarray(_plain(w), dtype=float)
        shape = np.broadcast_shapes(pw.shape, np.shape(_plain(a)), np.shape(_plain(b)))
        left = np.broadcast_to(pw < 0, shape)  # (as _jf_small's sides: w = 0 on the right)
        far = np.broadcast_to(np.abs(pw) >= _JF_FAR, shape)

        def near(w, a, b):
            return _two_forms(left, lambda m, a, b: near_tail(m, b, a, upper),
                              lambda m, a, b: near_tail(m, a, b, not upper), (_jf_small(w), a, b), (0.25, 2.0, 2.0),
                              (0.25, 2.0, 2.0))

        def beyond(w, a, b):
            return _two_forms(left, lambda w, a, b: far_tail(_jf_log_half(w, -1.0), b, a, upper),
                              lambda w, a, b: far_tail(_jf_log_half(w, 1.0), a, b, not upper), (w, a, b),
                              (2e50, 2.0, 2.0), (-2e50, 2.0, 2.0))
        return _two_forms(far, near, beyond, (w, a, b), (0.0, 2.0, 2.0), (2e50, 2.0, 2.0))
    return tail


_shape_functions(jf_skew_t, ("a", "b"), _jf_skew_t_check, [
    (name, lambda z: np.ones(np.shape(z), bool), function, np.nan, formula,
     f"round(float(jf_skew_t.{name}(0.5, 2.0, 3.0)), 6)", value)
    for name, function, formula, value in (
        ("logpdf", _jf_log_density, "``log 4 + (a + 1/2) log t + (b + 1/2) log s - log B(a, b) - log(a + b) / 2 - "
         "log(scale)`` (see the class).", "-1.460556"),
        ("pdf", lambda z, a, b, scale: np.exp(_jf_log_density(z, a, b, scale)),
         "``4 t^(a + 1/2) s^(b + 1/2) / (B(a, b) sqrt(a + b) scale)``.", "0.232107"),
        ("cdf", _jf_tail(False, False), "``I_t(a, b)`` (``1 - I_s(b, a)`` right of 0).", "0.831134"),
        ("logcdf", _jf_tail(False, True), "``log I_t(a, b)``.", "-0.184965"),
        ("sf", _jf_tail(True, False), "``I_s(b, a)`` (``1 - I_t(a, b)`` left of 0).", "0.168866"),
        ("logsf", _jf_tail(True, True), "``log I_s(b, a)``.", "-1.778647"),
    )])


#: where the smaller of t and s, m, times ``(1 + other) / p`` (the small tail's next term over its leading one, relative)
#: is below ``exp(_JF_FAR_LOG)`` (4e-18), a quantile takes m from the small tail's leading term
_JF_FAR_LOG = -40.0


def _jf_w_value(m, n=0):
    """The n-th derivative in m of ``W(m) = (1 - 2m) / (2 sqrt(m (1 - m)))``: ``(-2)^n g^(n)(y)``, ``y = 1 - 2m``, ``g(y) =
    y (1 - y^2)^(-1/2)``, ``1 - y^2 = 4 m (1 - m)``."""
    m = np.asarray(m, dtype=float)
    y, v = 1.0 - 2.0 * m, 4.0 * m * (1.0 - m)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        g = (y / np.sqrt(v), v ** -1.5, 3.0 * y * v ** -2.5, (3.0 + 12.0 * y * y) * v ** -3.5,
             (45.0 * y + 60.0 * y ** 3) * v ** -4.5)[n]
        return ((-2.0) ** n * g)[()]


def _jf_w_partial(m, n=0):
    if n >= 4:
        raise NoGradientRule("wengert.scipy.stats.jf_skew_t: a quantile's fifth derivative in q is not implemented")
    return _JF_W(m, n=n + 1)


#: ``W(m)`` (:func:`_jf_w_value`) as one primitive whose derivatives are its own closed forms: through ``(1 - 2m) / (2
#: sqrt(m (1 - m)))`` an infinite cotangent (beta's quantile's slope at q = 1e-300, 4.5e305 at b = 20) met the opposite
#: signs of m's and (1 - m)'s partials: d2/dq2 of jf_skew_t.ppf(1e-300, 20, 3) was inf - inf = NaN, the truth -inf
_JF_W = OwnPrimitive(_jf_w_value, name="wengert.scipy.stats.jf_skew_t ((1 - 2m) / (2 sqrt(m (1 - m))))", reenters="any")
_def_partials(_JF_W, _jf_w_partial)


def _jf_side_quantile(quantile, sign, tail_is_q):
    """The standard ``w`` on one side of 0 from the smaller ``m`` of t and s, beta's ``quantile(q, p, other)``: ``sign
    (1 - 2m) / (2 sqrt(m (1 - m)))``; where the small tail's leading term ``exp(p log m - log p - log B(p, other))``
    puts m below ``_JF_FAR_LOG``'s bound, ``sign m^(-1/2) / 2`` from that term (its error O(m (1 + other) / p); the
    value within ``|log m| eps / 4``, the rounding of the power's exponent): beta's quantile underflows there (its
    derivatives refused), and through it the second derivative in q at q = 1e-300 was inf - inf (NaN for the truth
    -inf). ``tail_is_q``: the small tail is q (else 1 - q)."""
    def log_tail(q):
        return np.log(q) if tail_is_q else np.log1p(-q)

    def near(q, p, other):
        return sign * _JF_W(quantile(q, p, other))

    def far(q, p, other):
        # (the small tail's power of its own, ``P^(-1 / (2p))``: through exp(-log(P) / (2p)) d2/dq2 at q = 1e-300 was
        # inf - inf, NaN for the truth +-inf)
        small = q if tail_is_q else 1.0 - q
        return sign * 0.5 * np.exp(-0.5 * (np.log(p) + _log_beta(p, other)) / p) * small ** (-0.5 / p)

    def side(q, p, other):
        pq, pp, po = (np.asarray(_plain(v), dtype=float) for v in (q, p, other))
        with np.errstate(divide="ignore", invalid="ignore"):
            lead = (log_tail(pq) + np.log(pp) + log_beta_exact(pp, po)) / pp + np.log1p(po) - np.log(pp)
        beyond = np.broadcast_to(lead < _JF_FAR_LOG, np.broadcast_shapes(pq.shape, pp.shape, po.shape))
        return _two_forms(beyond, near, far, (q, p, other), (0.5, 2.0, 2.0), (0.5, 2.0, 2.0))
    return side


def _jf_standard_quantile(upper):
    """The standard ppf (``upper``: isf) in (q, a, b): left of 0 (``q`` up to the cdf at 0, ``I_(1/2)(a, b)``; for the
    isf from the sf at 0 on) from ``t = beta.ppf(q, a, b)`` (isf: ``beta.isf``), right of it from ``s = beta.isf(q, b,
    a)`` (isf: ``beta.ppf``), each exact at its small end (:func:`_jf_side_quantile`)."""
    lower_side = _jf_side_quantile(beta.isf if upper else beta.ppf, -1.0, not upper)
    upper_side = _jf_side_quantile(beta.ppf if upper else beta.isf, 1.0, upper)

    def standard(q, a, b):
        pq, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (q, a, b))
        shape = np.broadcast_shapes(pq.shape, pa.shape, pb.shape)
        with np.errstate(invalid="ignore"):
            at_zero = sc.betainc(pa, pb, 0.5)  # (the cdf at 0)
        left = np.broadcast_to(pq >= 1.0 - at_zero if upper else pq <= at_zero, shape)
        # (stand-ins: q halfway into each side's own range)
        left_q = np.broadcast_to(np.where(upper, 1.0 - 0.5 * at_zero, 0.5 * at_zero), shape)
        right_q = np.broadcast_to(np.where(upper, 0.5 * (1.0 - at_zero), 0.5 * (1.0 + at_zero)), shape)
        return np.sqrt(a + b) * np.where(left, lower_side(np.where(left, q, left_q), a, b),
                                         upper_side(np.where(left, right_q, q), b, a))
    return standard


_JF_PPF, _JF_ISF = _jf_standard_quantile(False), _jf_standard_quantile(True)


def _jf_quantile(name, q, a, b, loc, scale, upper):
    _shapes_positive(name, a, b, names=["a", "b"])
    return _in_dtype_of(_located(name, q, loc, scale, _JF_ISF if upper else _JF_PPF, shapes=(a, b)), q, a, b, loc,
                        scale)


_quantiles(jf_skew_t, ("a", "b"), _jf_quantile, (
    ("``loc + scale z``, ``z = (2t - 1) sqrt(a + b) / (2 sqrt(t (1 - t)))``, ``t`` beta(a, b)'s ppf at q (see the "
     "class).", "round(float(jf_skew_t.ppf(0.3, 2.0, 3.0)), 6)", "-1.143263"),
    ("``loc + scale z``, ``z`` as for ppf at ``t`` beta(a, b)'s isf at q.",
     "round(float(jf_skew_t.isf(0.3, 2.0, 3.0)), 6)", "0.037593")))
_add_quantile_summaries("jf_skew_t", (2.0, 3.0))


def _jf_log_g(a):
    """``log(gamma(a - 1/2) / gamma(a))`` for ``a > 1/2`` (:func:`_log_gamma_ratio`: no cancellation for large a)."""
    return -_log_gamma_ratio(a - 0.5, 0.5) - 0.5 * np.log(a - 0.5)


def _jf_moment(order, form, infinite):
    """``form(a, b)`` where ``a, b > order / 2`` (the moment exists), the plain ``infinite(pa, pb)`` (+-inf or NaN)
    elsewhere, the form at stand-ins there."""
    def moment(a, b):
        pa, pb = np.asarray(_plain(a), dtype=float), np.asarray(_plain(b), dtype=float)
        ok = (pa > 0.5 * order) & (pb > 0.5 * order)
        if np.all(ok):
            return form(a, b)
        with np.errstate(invalid="ignore"):
            return np.where(ok, form(np.where(ok, a, order + 1.0), np.where(ok, b, order + 2.0)), infinite(pa, pb))
    return moment


def _jf_mean(a, b):
    return np.sqrt(a + b) * (a - b) * 0.5 * np.exp(_jf_log_g(a) + _jf_log_g(b))


def _jf_var(a, b):
    # (log k = sum of 2 log G(p) + log(p - 1) = -2 L(p - 1/2, 1/2) + log1p(-1 / (2p - 1)), L _log_gamma_ratio)
    log_k = sum(-2.0 * _log_gamma_ratio(p - 0.5, 0.5) + np.log1p(-1.0 / (2.0 * p - 1.0)) for p in (a, b))
    return (a + b) * ((a - b) ** 2 * -np.expm1(log_k) + (a + b - 2.0)) / (4.0 * (a - 1.0) * (b - 1.0))


def _jf_entropy(a, b):
    s = a + b
    return (_beta_standard_entropy(a, b) + 0.5 * np.log(s) - 2.0 * _LOG_2
            - 1.5 * (sc.digamma(a) + sc.digamma(b) - 2.0 * sc.digamma(s)))


_add_moments("jf_skew_t", ("a", "b"),
             _jf_moment(1, _jf_mean, lambda pa, pb: np.where(pa > 0.5, np.inf, np.where(pb > 0.5, -np.inf, np.nan))),
             _jf_moment(2, _jf_var, lambda pa, pb: np.where((pa > 0.5) & (pb > 0.5), np.inf, np.nan)),
             _jf_entropy, lambda name, a, b: _shapes_positive(name, a, b, names=["a", "b"]), (2.0, 3.0),
             " The mean exists for ``a, b > 1/2`` (-inf for ``a <= 1/2 < b``, +inf for ``b <= 1/2 < a``, NaN for "
             "both; SciPy's NaN), the variance for ``a, b > 1`` (inf where only the mean exists); see the class.")
