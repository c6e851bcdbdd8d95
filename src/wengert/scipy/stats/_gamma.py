"""The gamma family: gamma, erlang, chi2, chi, invgamma, levy and levy_l, loggamma, gengamma, maxwell, rayleigh,
nakagami, pearson3, dgamma, argus. Part of :mod:`wengert.scipy.stats`.
"""

import functools
import math
import warnings
from fractions import Fraction

import numpy as np
from scipy import special as sc

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...ops._util import def_partials as _def_partials, piecewise as _piecewise, polynomial
from ...ops.scipy_special import (BERNOULLI_2K, erfcinv_slope, gammaincinv_da, gammaincinv_daa, log1p_remainder,
                                  log_gamma_density_near_mode, polygamma as _polygamma)
from ...primitive import OwnPrimitive
from ...structured import stop_gradient
from ._common import (_add_moments, _log1mexp, _add_quantile_summaries, _at_a_pole, _at_lower_end, _BURR_TINY, _c_log_z,
                      _cornered_z, _density_from_zero, _digamma_excess, _doc, _EULER, _exp_at_ends, _exp_of_log,
                      _FAR_GAMMA, _fraction_da_value, _GAMMA_ENTROPY_FROM, _gengamma_z_at, _in_dtype_of, _log_gamma_1p_over,
                      _infinite_end_slope, _iterated, _leading_here, _leading_power, _leading_powers_at_zero, _LIMITS_AT_INFINITY,
                      _located, _located_entropy, _location_scale, _log1p_minus_leading, _LOG_2, _LOG_2PI,
                      _log_cdf_from_lower_end, _log_gamma_1p, _log_gammaincc, _log_of, _log_of_z, _log_z_inside, _LOG_PLUS_POWER,
                      _LOG_POWER, _log_q_far_value, _lower_gamma_sum, _lower_gamma_tails, _method, _MIRRORED,
                      _NAN_SLOPED, _not_normal_z, _of_numbers, _on_support, _overflowing_power_leads, _plain, _power_less,
                      _power_of_product_less, _power_of_z, _power_second_overflows, _product_exponent, _product_less_kept,
                      _power_steep, _product_excess, _q, _quantile_primitive, _quantiles, _quiet, _quiet_over,
                      _RBETA_IN, _refuse_a_jump_in_shape, _x_at_loc, _inside_z, _refuse_at_a_moving_end, _shape_entropy, _shape_functions,
                      _shapes_positive, _standardized, _std_leading_term, _steep_end_value, _STEEP_UNIT,
                      _stirling_entropy_terms, _T_END, _tail, _TAIL_SERIES_BELOW, _TINY_NORMAL, _tiny_q_power,
                      _two_forms, _log_expm1_ratio, _unit_power_mixed, _upper_gamma_ratio, _UPPER_RATIO, _vanishing, _with_lower_end,
                      _xlog_z, _z_derivatives, _Z_ITSELF, _z_power_series, _Z_POWER_TERMS, _Z_TERMS)
from ._common import _add_quadrature_entropy  # (the entropies SciPy integrates)
from ._normal import _chi_tail, _NAKAGAMI_FAR, _NAKAGAMI_SMALL_W

__all__ = ["chi2", "gamma", "invgamma", "rayleigh", "levy", "erlang", "levy_l", "maxwell", "nakagami", "loggamma",
           "chi", "gengamma", "pearson3", "argus", "dgamma"]


def _standardized_at_fixed_end(name, x, loc, scale):
    """:func:`_standardized`'s z, a plain 0 where ``x - loc`` is one (x and loc constants: z is 0 at every scale,
    dz/dscale a structural 0, not ``-z / scale``'s live one): through it d2/dscale da of gamma.cdf(0, a, 0, scale) by
    jacrev(jacfwd) was NaN at a = 1 and 0.5 (the live 0 times d/da of the density's infinite or undefined ``z^(a - 1)
    log z``), the truth 0 (the cdf is 0 at every a and scale)."""
    z = _standardized(name, x, loc, scale)
    if isinstance(x, (Var, Dual)) or isinstance(loc, (Var, Dual)) or not isinstance(z, (Var, Dual)):
        return z
    u = np.asarray(x, dtype=float) - np.asarray(loc, dtype=float)
    fixed = np.broadcast_to(u == 0, np.shape(_plain(z)))
    if not np.any(fixed):
        return z
    return np.where(fixed, 0.0, z)


def _gamma_log_density(z, a, scale, log_z=None):
    return _on_support(_plain(z) >= 0,
                       lambda z: _xlog_z(a - 1.0, z, log_z) - z - sc.gammaln(a) - np.log(scale), z)


def _gamma_shape_at_end(name, z, a, inside=None):
    """Refuse a traced shape at ``z = 0`` where ``a = 1`` (chi2: ``df = 2``), see
    :func:`_refuse_a_jump_in_shape`; ``inside`` (:func:`_inside_z`'s plain z): at x == loc only, not where z only rounds
    to 0 (gamma.logpdf(1e-300, a, 0, 1e300) at a = 1 was refused "at x == loc", its d/da -1380.97)."""
    chi2_ = name.startswith("chi2")
    _refuse_a_jump_in_shape(name, a, lambda: _x_at_loc(z, inside) & (a == 1), "df" if chi2_ else "a",
                            "df = 2 where x == loc" if chi2_ else "a = 1 where x == loc",
                            "z**(df/2 - 1)" if chi2_ else "z**(a - 1)")
    return z


def _gamma_logpdf(name, x, a, loc, scale):
    z = _standardized(name, x, loc, scale)
    # (z rounded to -0.0 below loc: SciPy's end there, refused as before)
    z = _gamma_shape_at_end(name, z, a, np.maximum(_inside_z(x - loc, scale, z), 0.0))
    return _gamma_log_density(z, a, scale, _log_of_z(x - loc, scale, z))


def _gamma_pdf(name, x, a, loc, scale):
    z = _gamma_shape_at_end(name, _standardized(name, x, loc, scale), a)
    # 0 below the support (with derivatives 0): the powers near the end, evaluated on both sides of it,
    # gave z^(a-1) e^-z there (gamma.pdf(0.499, 2, 0.5, 1.5) was -4.4e-4, chi2.pdf(0.499, 2, 0.5, 1.5) 0.33,
    # for SciPy's 0; NaN for a non-integer a). log z from x - loc and the scale apart (_log_of_z), as in logpdf: through
    # z its 1 / z overflows at a subnormal z before meeting dz/dscale = -z / scale, and the log form serves there
    # where a = 1 (z's exponent 0): d2/da dscale of gamma.pdf(5e-324, 1) was -inf, the truth 742.86 (the other
    # densities' log forms alike)
    log_z = _log_of_z(x - loc, scale, z)
    density = _on_support(_plain(z) >= 0, lambda z: _exp_at_ends(
        lambda z: _gamma_log_density(z, a, scale, log_z),
        lambda z: _power_less(z, a) * np.exp(-z - sc.gammaln(a)) / scale,
        z, (0.0,), (a - 1.0,)), z, outside=0.0)
    return _at_a_pole(density, z, x - loc, scale, a, lambda a: sc.rgamma(a), _plain(z) == 0, a)
_def_partials(_RBETA_IN, lambda t, other=1.0, n=0: _RBETA_IN(t, other=other, n=n + 1))


def _gamma_cdf(name, x, a, loc, scale):
    z = _standardized_at_fixed_end(name, x, loc, scale)
    return _on_support(_plain(z) >= 0, lambda z: _gamma_tail_at_zero(
        lambda z: _gammainc_beyond_band(a, z, False), z, x, a, loc, scale, False), z, outside=0.0)


def _gamma_tail_at_zero(tail, z, x, a, loc, scale, upper, log=False):
    """``tail(z)`` (gammainc(a, z), gammaincc where ``upper``), and at z = 0 itself for a < 1 with x or loc traced its
    leading term ``z^a / gamma(a + 1)`` (1 minus it), ``z^a`` from ``u = x - loc`` and the scale apart
    (:data:`_Z_POWER_TERMS`): the one-sided limits from inside, d/du +inf, d2/du2 and d2/du dscale and d2/du da -inf,
    the rest 0. Through z, ``dz/dscale = -z / scale`` was a live 0 beside the density's +inf: the Hessian of gamma.cdf(x,
    0.5, 0, s) at (0, 2) had d2/dx dscale 0 by hessian and jacfwd(grad) (the truth -inf) and NaN in the scale's row
    by jacfwd(jacfwd) and jacrev(jacfwd). ``log`` (with ``upper``): the log sf, log1p(-P) of the series within 1e-20 of
    the end (-P - P^2 / 2 where P is tiny, :func:`_log1p_minus_leading`; through z reverse over forward had d2/dx dscale
    of gamma.logsf(1e-300, 0.5, 0, 1) -inf for 2.82e149)."""
    moving = isinstance(x, (Var, Dual)) or isinstance(loc, (Var, Dual))
    pz, pa = np.asarray(_plain(z), dtype=float), np.asarray(_plain(a), dtype=float)
    # (z rounded to 0 while x - loc > 0: chi2's x / 2 at 5e-324, its log sf's d2/dx2 NaN for +inf and its value 0 for
    # -2.07e-65; the series of u and the scale there too, plain or traced)
    low = _not_normal_z(x - loc, scale, pz) if pz.dtype == np.float64 else None
    low = None if low is None or not np.any(low & (pz == 0)) else low & (pz == 0)
    if not (moving or isinstance(scale, (Var, Dual)) or low is not None):
        return tail(z)
    shape = np.broadcast_shapes(pz.shape, pa.shape)
    positive = pz > 0 if low is None else (pz > 0) | low
    with np.errstate(invalid="ignore"):  # (the upper tail 1 - P only where P <= 1/2: no digits lost, a = 1e-300's Q
        # ~ a E1(z) from SciPy's)
        near = np.broadcast_to(positive & (pz < _TAIL_SERIES_BELOW) & (not upper or sc.gammainc(pa, pz) <= 0.5), shape)
    at = near if log else np.broadcast_to((pz == 0) & (pa < 1) & moving, shape) | near
    if not np.any(at):
        return tail(z)

    def end(z, u, a):
        # (near z = 0, P(a, z) = sum_n (-1)^n z^(a + n) / (n! (a + n) gamma(a)))
        def series(u):
            return _z_power_series(u, scale, a, sc.rgamma(a + 1.0), near, lambda n: (-1.0) ** n * sc.rgamma(a) / (
                math.factorial(n) * (a + n)))
        lower = series(u)
        if log:
            return _log1p_minus_leading(lower, u, a, series, sc.rgamma(a + 1.0), power=lambda u, e: _Z_POWER_TERMS(
                u, scale, e, terms=_Z_ITSELF))
        return 1.0 - lower if upper else lower
    # (stand-ins z = 1/2 for the tail, u = 1 and a = 1/2 for the end: finite derivatives in both)
    return _two_forms(at, lambda z, u, a: tail(z), end, (z, x - loc, a), (0.5, 1.0, 0.5), (0.0, 1.0, 0.5))
#: ``_STEEP_MIXED``'s derivative in q: 0, its derivative in the shape ``sign inf``
_STEEP_MIXED_SLOPE = OwnPrimitive(_steep_end_value, name="wengert.scipy.stats.steep_quantile_mixed_slope",
                                  reenters="any")


class gamma:
    """The gamma distribution, as ``scipy.stats.gamma``: differentiable in x, a, loc and scale
    (the tails and quantiles in ``a`` to second order, mixed with x or q too; their third
    derivative in ``a`` is refused, that of ``gammainc`` in ``a`` not being implemented).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gamma
    >>> float(wg.grad_bp(lambda x: gamma.logpdf(x, 3.0), 2.0))  # (a - 1) / x - 1
    0.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, a, loc=0.0, scale=1.0):
        """``(a - 1) log z - z - gammaln(a) - log(scale)`` for ``z = (x - loc) / scale >= 0``,
        ``-inf`` below.

        >>> from wengert.scipy.stats import gamma
        >>> float(gamma.logpdf(0.0, 1.0)), float(gamma.logpdf(-1.0, 2.0))
        (0.0, -inf)
        """
        return _gamma_logpdf("gamma.logpdf", x, a, loc, scale)

    @staticmethod
    def pdf(x, a, loc=0.0, scale=1.0):
        """``exp(gamma.logpdf(x, a, loc, scale))``.

        >>> from wengert.scipy.stats import gamma
        >>> round(float(gamma.pdf(1.0, 1.0)), 6)
        0.367879
        """
        return _gamma_pdf("gamma.pdf", x, a, loc, scale)

    @staticmethod
    def cdf(x, a, loc=0.0, scale=1.0):
        """``gammainc(a, (x - loc) / scale)``, 0 below the support.

        >>> from wengert.scipy.stats import gamma
        >>> round(float(gamma.cdf(1.0, 1.0)), 6), float(gamma.cdf(-1.0, 2.0))
        (0.632121, 0.0)
        """
        return _gamma_cdf("gamma.cdf", x, a, loc, scale)


class chi2:
    """The chi-squared distribution, as ``scipy.stats.chi2`` (a gamma distribution with
    ``a = df / 2`` and twice the scale): ``pdf`` and ``logpdf`` in x, df, loc and scale;
    its tails and quantiles in ``df`` too, to second order (and mixed with x or q);
    their third derivative in ``df`` is refused (that of ``gammainc`` in ``a`` is not implemented).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import chi2
    >>> round(float(wg.grad_bp(lambda x: chi2.cdf(x, 2.0), 2.0)), 6)  # exp(-x / 2) / 2
    0.18394

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, df, loc=0.0, scale=1.0):
        """``gamma.logpdf(x, df / 2, loc, 2 * scale)``.

        >>> from wengert.scipy.stats import chi2
        >>> round(float(chi2.logpdf(1.0, 2.0)), 6)
        -1.193147
        """
        return _gamma_logpdf("chi2.logpdf", x, df / 2.0, loc, 2.0 * scale)

    @staticmethod
    def pdf(x, df, loc=0.0, scale=1.0):
        """``exp(chi2.logpdf(x, df, loc, scale))``.

        >>> from wengert.scipy.stats import chi2
        >>> round(float(chi2.pdf(1.0, 2.0)), 6)
        0.303265
        """
        return _gamma_pdf("chi2.pdf", x, df / 2.0, loc, 2.0 * scale)

    @staticmethod
    def cdf(x, df, loc=0.0, scale=1.0):
        """``gammainc(df / 2, (x - loc) / (2 scale))``.

        >>> from wengert.scipy.stats import chi2
        >>> round(float(chi2.cdf(1.0, 2.0)), 6)
        0.393469
        """
        return _gamma_cdf("chi2.cdf", x, df / 2.0, loc, 2.0 * scale)


#: the most terms :func:`_lower_gamma_sum` is given where gammainc underflows (see :func:`_log_gammainc`)
_MOST_GAMMA_TERMS = 50000
#: how many terms :func:`_lower_gamma_terms` tries at once
_GAMMA_TERMS_CHUNK = 512
#: where gammainc(a, u) is below this (1 <= u < a), :func:`_log_gammainc` takes its series
_SERIES_BELOW = 1e-20


def _lower_gamma_terms(a, u):
    """How many terms of :func:`_lower_gamma_sum` at ``u < a`` (plain arrays) leave the rest below 1e-17 of the sum
    at every entry (the terms fall at least as fast as ``(u / (a + n))^n``), or ``_MOST_GAMMA_TERMS + 1`` if more."""
    shape = np.broadcast_shapes(np.shape(a), np.shape(u))
    a, u = (np.broadcast_to(np.asarray(v, dtype=float), shape)[..., None] for v in (a, u))
    term, total, n = np.ones(shape + (1,)), np.ones(shape + (1,)), 0
    # (_GAMMA_TERMS_CHUNK terms at a time, each rounded as one at a time: a Python loop of one term a step took 0.28 s
    # at a = 1e6, u = 0.99e6, 3,325 steps)
    while n <= _MOST_GAMMA_TERMS:
        ratios = u / (a + (n + 1.0 + np.arange(_GAMMA_TERMS_CHUNK)))
        run = np.cumprod(np.concatenate([term * ratios[..., :1], ratios[..., 1:]], axis=-1), axis=-1)
        totals = np.cumsum(np.concatenate([total, run], axis=-1), axis=-1)[..., 1:]
        done = (run < 1e-17 * totals * (1.0 - ratios)).reshape(-1, _GAMMA_TERMS_CHUNK)  # (the rest, geometric, below)
        every = np.all(done, axis=0)
        if np.any(every):
            return min(n + 1 + int(np.argmax(every)), _MOST_GAMMA_TERMS + 1)
        term, total, n = run[..., -1:], totals[..., -1:], n + _GAMMA_TERMS_CHUNK
    return _MOST_GAMMA_TERMS + 1


def _log_gammainc(a, z, inverse=False, log_z=None, reciprocal=None):
    """``log(gammainc(a, z))``, below ``z = 1`` from the series ``gammainc(a, z) =
    z^a e^-z / gamma(a + 1) S``, ``S = 1 + z / (a + 1) + z^2 / ((a + 1)(a + 2)) + ...`` (20 terms),
    with ``a log z`` one primitive (:data:`_LOG_POWER`): through log(gammainc) the second
    derivative was P''/P - (P'/P)^2, terms of order a^2 / z^2 that overflowed apart (NaN below
    z = 1e-154 for a = 2, the truth -a/z^2 = -inf; 3e-14 off at z = 1e-100, 1e-14 at 2e-3).
    ``inverse``: ``log(gammainc(a, 1 / z))``, with ``-a log z`` (invgamma.logsf: the log power
    of ``1 / z`` lost its derivative, ``1 / u`` times ``-1 / z^2``, where ``z^2`` underflows).
    ``log_z``: :func:`_log_of_z`'s, for ``a log z`` (d2/dx dscale of gamma.logcdf(x, 2.0, 0.0, s) was 1.0 at x = 1e-15,
    inf at 1e-200, the truth 2/3). ``reciprocal`` (with ``inverse``): ``1 / z`` (:func:`_power_of_z`'s at -1: its
    derivatives in x and in scale apart, 1 / z^3 underflowed beyond z = 1e103)."""
    small = (_plain(z) > 1.0) if inverse else (_plain(z) < 1.0)
    terms = 20
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        pu = np.asarray(1.0 / _plain(z) if inverse else _plain(z), dtype=float)
        pa = np.asarray(_plain(a), dtype=float)
        far = (pu >= 1.0) & (pu < pa) & np.isfinite(pa)
        if np.any(far):  # (gammainc only where it decides)
            far = np.array(far)
            pu_far, pa_far = np.broadcast_to(pu, far.shape)[far], np.broadcast_to(pa, far.shape)[far]
            # the series also where gammainc is below _SERIES_BELOW (its log was -inf where it underflows:
            # gamma.logcdf(200, 1000) for -813.588; above 1e-280 log(P)'s second derivative in a, P''/P - (P'/P)^2,
            # cancelled: 1.5e-9 off at (248.56, 1000)), and for a >= 1e5 beyond SciPy's asymptotic band, where its
            # series stops at 2,000 terms short of the ~8.5 sqrt(a) it needs (gammainc(1e6, 995000) 4.3e-6 off),
            # with as many terms as it needs (~1.05 sqrt(a) where gammainc is 1e-280, u/(a + n) below 1), up to
            # _MOST_GAMMA_TERMS (a up to ~1e9; beyond, SciPy's)
            far[far] = ((sc.gammainc(pa_far, pu_far) < _SERIES_BELOW)
                        | ((pa_far >= 1e5) & (pa_far - pu_far > 4.5 * np.sqrt(pa_far))))
    if np.any(far):
        terms = max(terms, _lower_gamma_terms(np.broadcast_to(pa, far.shape)[far], np.broadcast_to(pu, far.shape)[far]))
        if terms > _MOST_GAMMA_TERMS:
            far = np.zeros_like(far)
            terms = 20
        small = small | far

    def series(z):
        u = (1.0 / z if reciprocal is None else reciprocal(z)) if inverse else z
        a_log_z = _LOG_POWER(z, a) if log_z is None else log_z(z, a)
        prefactor = (-a_log_z if inverse else a_log_z) - u - _of_numbers(sc.gammaln, a + 1.0)
        if np.any(far):
            near_a = np.broadcast_to(far & (pu >= 0.5 * pa) & (pa >= 10.0), np.broadcast_shapes(pu.shape, pa.shape))
            prefactor = _two_forms(near_a, lambda u, a, prefactor: prefactor, lambda u, a, prefactor:
                                   log_gamma_density_near_mode(a, u), (u, a, prefactor), (2.0, 20.0, 0.0),
                                   (15.0, 20.0, 0.0))
        return prefactor + np.log1p(_lower_gamma_sum(a, u, terms))

    def near(z):
        return np.log(sc.gammainc(a, 1.0 / z if inverse else z))
    with np.errstate(divide="ignore"):
        return _piecewise(z, small, near, series, 0.5 if inverse else 2.0, 2.0 if inverse else 0.5)


def _gammainc_beyond_band(a, z, upper):
    """``gammainc(a, z)`` (``gammaincc`` where ``upper``), from :func:`_log_gammainc` for ``a >= 1e5`` beyond SciPy's
    asymptotic band (``1 <= z < a - 4.5 sqrt(a)``), where SciPy's series stops at 2,000 terms: gamma.cdf(995000, 1e6)
    was 4.3e-6 off, gamma.sf(990000, 1e6) - 1 2e-10 (``1 - P`` there, ``-expm1(log P)``)."""
    pa, pz = (np.asarray(_plain(v), dtype=float) for v in (a, z))
    with np.errstate(invalid="ignore"):
        band = (pa >= 1e5) & (pa < np.inf) & (pz >= 1.0) & (pa - pz > 4.5 * np.sqrt(pa))
    scipys = (lambda z, a: sc.gammaincc(a, z)) if upper else (lambda z, a: sc.gammainc(a, z))
    if not np.any(band):
        return scipys(z, a)
    series = (lambda z, a: -np.expm1(_log_gammainc(a, z))) if upper else (lambda z, a: np.exp(_log_gammainc(a, z)))
    return _two_forms(np.broadcast_to(band, np.broadcast_shapes(pa.shape, pz.shape)), scipys, series, (z, a),
                      (1.0, 1.0), (9e5, 1e6))


def _gamma_tail(name, x, a, loc, scale, upper, log):
    """cdf (``upper=False``) or sf of the gamma distribution, or their logarithms."""
    z = _standardized(name, x, loc, scale)
    lower_tail, upper_tail = (lambda z: _gammainc_beyond_band(a, z, False)), (lambda z: _gammainc_beyond_band(a, z, True))
    pa = _plain(a)
    log_z = _log_of_z(x - loc, scale, z) if log else None
    fn = (_tail(upper_tail, lower_tail, log, lambda z: _log_gammaincc(a, z), lambda z: sc.gammaincc(pa, z)) if upper
          else _tail(lower_tail, upper_tail, log, lambda z: _log_gammainc(a, z, log_z=log_z),
                     lambda z: sc.gammainc(pa, z)))
    if upper and log:  # (near 0 gengamma's at c = 1, -P - P^2 / 2: through log1p(-P) the second derivative was -P'' -
        # P'^2, inf - inf for a < 1: gamma.logsf(1e-300, 0.25)'' and chi2.logsf(1e-300, 0.5)'' NaN, the truth +inf)
        whole = fn

        def fn(z):
            pz, pa_ = np.asarray(_plain(z), dtype=float), np.asarray(pa, dtype=float)
            tiny = np.broadcast_to((pz > 0) & ((1.0 + pa_ / (pa_ + 1.0)) * pz < 1e-20),  # (_BURR_TINY)
                                   np.broadcast_shapes(pz.shape, pa_.shape))
            return _two_forms(tiny, lambda z, a: whole(z), lambda z, a: _gengamma_tiny_tail(z, a, 1.0, True, True, log_z),
                              (z, a), (1.0, 1.0), (1e-300, 1.0))
    # below the support: cdf 0, its log -inf (at z = 0 too: there the log cdf's derivative
    # is infinite, so its support is z > 0); sf 1, its log 0
    outside = {(False, False): 0.0, (False, True): -np.inf, (True, False): 1.0, (True, True): 0.0}[upper, log]
    inside = _plain(z) > 0 if (log and not upper) else _plain(z) >= 0
    if log and not upper:  # (at z = 0 itself: -inf with the limits from inside as its derivatives, log P(a, z) = a log z
        # - z + log1p(z / (a + 1)) - gammaln(a + 1) + O(z^2))
        log_end = _log_of_z(x - loc, scale, z)
        return _log_cdf_from_lower_end(z, fn, lambda z: log_end(z, a, end=True) - z + np.log1p(z / (a + 1.0))
                                       - sc.gammaln(a + 1.0))
    if upper:
        return _on_support(inside, lambda z: _gamma_tail_at_zero(fn, z, x, a, loc, scale, True, log), z,
                           outside=outside)
    return _on_support(inside, fn, z, outside=outside)


def _gamma_quantile(name, q, a, loc, scale, upper):
    return _located(name, q, loc, scale, lambda q, a: (sc.gammainccinv if upper else sc.gammaincinv)(a, q), shapes=(a,))


@_method(gamma, "logcdf")
def _gamma_logcdf(x, a, loc=0.0, scale=1.0):
    """``log(gammainc(a, z))``, ``-inf`` at and below 0.

    >>> from wengert.scipy.stats import gamma
    >>> round(float(gamma.logcdf(1.0, 1.0)), 6)
    -0.458675
    """
    return _gamma_tail("gamma.logcdf", x, a, loc, scale, False, True)


@_method(gamma, "sf")
def _gamma_sf(x, a, loc=0.0, scale=1.0):
    """``gammaincc(a, z)``, 1 below the support.

    >>> from wengert.scipy.stats import gamma
    >>> round(float(gamma.sf(1.0, 1.0)), 6)
    0.367879
    """
    return _gamma_tail("gamma.sf", x, a, loc, scale, True, False)


@_method(gamma, "logsf")
def _gamma_logsf(x, a, loc=0.0, scale=1.0):
    """``log(gammaincc(a, z))``, 0 below the support.

    >>> from wengert.scipy.stats import gamma
    >>> float(gamma.logsf(2.0, 1.0))
    -2.0
    """
    return _gamma_tail("gamma.logsf", x, a, loc, scale, True, True)


@_method(gamma, "ppf")
@_quiet
def _gamma_ppf(q, a, loc=0.0, scale=1.0):
    """``loc + scale gammaincinv(a, q)``.

    >>> from wengert.scipy.stats import gamma
    >>> round(float(gamma.ppf(0.5, 1.0)), 6)  # log 2
    0.693147
    """
    return _gamma_quantile("gamma.ppf", q, a, loc, scale, False)


@_method(gamma, "isf")
@_quiet
def _gamma_isf(q, a, loc=0.0, scale=1.0):
    """``loc + scale gammainccinv(a, q)``.

    >>> from wengert.scipy.stats import gamma
    >>> round(float(gamma.isf(0.5, 1.0)), 6)
    0.693147
    """
    return _gamma_quantile("gamma.isf", q, a, loc, scale, True)


def _chi2(name, df, scale):
    """``(df / 2, 2 scale)``: chi2 as a gamma distribution."""
    return df / 2.0, 2.0 * scale


@_method(chi2, "logcdf")
def _chi2_logcdf(x, df, loc=0.0, scale=1.0):
    """``gamma.logcdf(x, df / 2, loc, 2 scale)``.

    >>> from wengert.scipy.stats import chi2
    >>> round(float(chi2.logcdf(2.0, 2.0)), 6)
    -0.458675
    """
    a, s = _chi2("chi2.logcdf", df, scale)
    return _gamma_tail("chi2.logcdf", x, a, loc, s, False, True)


@_method(chi2, "sf")
def _chi2_sf(x, df, loc=0.0, scale=1.0):
    """``gamma.sf(x, df / 2, loc, 2 scale)``.

    >>> from wengert.scipy.stats import chi2
    >>> round(float(chi2.sf(2.0, 2.0)), 6)
    0.367879
    """
    a, s = _chi2("chi2.sf", df, scale)
    return _gamma_tail("chi2.sf", x, a, loc, s, True, False)


@_method(chi2, "logsf")
def _chi2_logsf(x, df, loc=0.0, scale=1.0):
    """``gamma.logsf(x, df / 2, loc, 2 scale)``.

    >>> from wengert.scipy.stats import chi2
    >>> float(chi2.logsf(4.0, 2.0))
    -2.0
    """
    a, s = _chi2("chi2.logsf", df, scale)
    return _gamma_tail("chi2.logsf", x, a, loc, s, True, True)


@_method(chi2, "ppf")
@_quiet
def _chi2_ppf(q, df, loc=0.0, scale=1.0):
    """``gamma.ppf(q, df / 2, loc, 2 scale)``.

    >>> from wengert.scipy.stats import chi2
    >>> round(float(chi2.ppf(0.5, 2.0)), 6)  # 2 log 2
    1.386294
    """
    a, s = _chi2("chi2.ppf", df, scale)
    return _gamma_quantile("chi2.ppf", q, a, loc, s, False)


@_method(chi2, "isf")
@_quiet
def _chi2_isf(q, df, loc=0.0, scale=1.0):
    """``gamma.isf(q, df / 2, loc, 2 scale)``.

    >>> from wengert.scipy.stats import chi2
    >>> round(float(chi2.isf(0.5, 2.0)), 6)
    1.386294
    """
    a, s = _chi2("chi2.isf", df, scale)
    return _gamma_quantile("chi2.isf", q, a, loc, s, True)


def _gengamma_steep(lower, a, c):
    """``(u Gamma(a + 1))^(1/(a c))`` at 0 for c > 0 (p' < 0 in both: +); for c < 0 ``(-log u)^(1/c)`` (-)."""
    direction = np.where(np.asarray(c) > 0, 1.0, -1.0)
    return direction, direction


def _invgamma_steep(lower, a):
    """invgamma at 0 (x = 1 / t, t ~ L + (a - 1) log L - gammaln(a), L = -log u): the slope ~ 1 / (u t^2) and t grows
    with a (by log L - digamma(a)): -, as mpmath's (tests/test_exact_scipy_ends.py); invweibull's is _power_steep's."""
    return (-1.0,)


# d^n/dz^n (-(a + 1) log z - 1/z) = (-1)^n (n - 1)! ((a + 1) - n / z) / z^n (as ((a + 1) z - n) /
# z^(n + 1) the numerator overflowed where (a + 1) z > 1.8e308: invgamma.logpdf' at 1e308 was -inf);
# its derivative in a, -d^n/dz^n log z = (-1)^n (n - 1)! / z^n
_INVGAMMA_DZ = _z_derivatives(
    "wengert.scipy.stats.invgamma (d/dz)", lambda n, z, a: (-1.0) ** n * math.factorial(n - 1) * ((a + 1.0) - n / z),
    lambda n: n, lambda n, z, a: (-1.0) ** n * math.factorial(n - 1) / z ** n)


def _invgamma_z_terms(z, a):
    return -(a + 1.0) * np.log(z) - 1.0 / z


_INVGAMMA_Z_TERMS = OwnPrimitive(_invgamma_z_terms, name="wengert.scipy.stats.invgamma (z terms)", reenters="any")


def _invgamma_scaled_terms_value(d, s, a):
    # (d an array for a Python d / s that overflows; its dtype the arguments', float32 kept: as float it was
    # float64, levy.logcdf(float32(1e-25)) too)
    return _invgamma_z_terms(np.asarray(d, dtype=np.result_type(d, s, a, 1.0)) / s, a)


# -(a + 1) log(d / s) - s / d (d = x - loc, s = scale): the z terms as a function of d and s, so that the
# scale's derivatives are not chained through z: its second, (z^2 f'' + 2 z f') / s^2, cancels where the
# 1/z term dominates (-2/z + 2/z): d2/dscale2 invgamma.logpdf(1e-10, 2.5) was -2.499998 for -2.5, at 1e-20
# 0.0, at 1e-100 -3.9e84, at 1e-300 NaN. Here d/ds = (a + 1)/s - 1/d (its own derivatives exact) and
# d/dd = (s/d - (a + 1))/d (its d-derivative -s/d^3 - (s/d - (a + 1))/d^2 without inf - inf below d = 1e-154)
# (the d-derivative a primitive too: as a quotient of Duals its derivative in a or s, along which d does
# not move, was 0 * inf = NaN where (s/d)/d overflows)
_INVGAMMA_SCALED_TERMS = OwnPrimitive(_invgamma_scaled_terms_value, name="wengert.scipy.stats.invgamma (d, s terms)",
                                      reenters="any")


def _invgamma_scaled_dd_value(d, s, a, g=1.0):
    s = np.asarray(s, dtype=np.result_type(d, s, a, 1.0))
    if isinstance(g, float) and g == 1.0:
        return ((s / d - (a + 1.0)) / d)[()]
    return ((g / d) * (s / d - (a + 1.0)))[()]


#: ``g (s / d - (a + 1)) / d``, d/dd of the d, s terms times a factor g (a tangent or cotangent) inside the quotient
_INVGAMMA_SCALED_DD = OwnPrimitive(_quiet_over(_invgamma_scaled_dd_value),
                                   name="wengert.scipy.stats.invgamma (d/dx of the d, s terms)", reenters="any")


def _invgamma_log_density(z, a):
    """``-(a + 1) log(z) - 1/z - gammaln(a)``, its terms in z one primitive whose derivatives
    in z are written as one quotient each (:func:`_z_derivatives`): the second derivative,
    ``(a + 1) / z^2 - 2 / z^3``, was inf - inf = NaN below z = 1.5e-154 (the truth -inf), and
    overflowed with a warning from 1e-103 on."""
    return _INVGAMMA_Z_TERMS(z, a) - sc.gammaln(a)


class invgamma:
    """The inverted gamma distribution, as ``scipy.stats.invgamma``: ``logpdf`` and ``pdf``
    differentiable in x, a, loc and scale; its tails and quantiles in x (or q), loc and
    scale, and in ``a`` to second order (and mixed with x or q): their third
    derivative in ``a`` is refused with :class:`~wengert.NoGradientRule` (that of
    ``gammainc`` in ``a`` is not implemented).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import invgamma
    >>> float(wg.grad_bp(lambda x: invgamma.logpdf(x, 1.0), 1.0))  # -(a + 1) / z + 1 / z^2
    -1.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, a, loc=0.0, scale=1.0):
        """``-(a + 1) log(z) - 1/z - gammaln(a) - log(scale)`` on ``z > 0``, ``-inf`` at and below 0.

        >>> from wengert.scipy.stats import invgamma
        >>> round(float(invgamma.logpdf(1.0, 2.0)), 6)
        -1.0
        """
        z = _standardized("invgamma.logpdf", x, loc, scale)
        inside = _plain(z) > 0
        # in d = x - loc and the scale (see _INVGAMMA_SCALED_TERMS); d stands in at z = 1/2 outside
        d = np.where(inside, x - loc, 0.5 * _plain(scale)) if not np.all(inside) else x - loc
        # (gammaln and log Python floats for Python a and scale: NumPy's float64 scalars made float32 results float64)
        density = _on_support(inside, lambda d: _INVGAMMA_SCALED_TERMS(d, scale, a) - _gammaln_of(a) - _log_of(scale), d)
        return _invgamma_log_density_at_end(density, x, a, loc, scale, z)


def _invgamma_log_density_at_end(density, x, a, loc, scale, z):
    """invgamma's ``density`` (its log) with ``z = 0`` itself, the end where the density vanishes: -inf with the one-sided
    limits from inside as its derivatives, ``-(a + 1) log z - 1 / z`` as :data:`_Z_TERMS`'s at ``x - loc = +0`` (each
    derivative the limit of its terms, the least power of z deciding, :func:`_power_of_z`'s end). As the constant -inf
    every derivative there was 0: invgamma.logpdf(x, a, loc, s)'s d/dx (+inf), d/da (+inf), d2/dscale2 (-a / s^2)."""
    if not np.any(np.asarray(_plain(z)) == 0):
        return density
    power_z = _power_of_z(x - loc, scale, z)
    return _at_lower_end(z, density, lambda z: power_z(z, -1.0, terms=_LOG_PLUS_POWER, e=-(a + 1.0), b=-1.0, end=True)
                         - _gammaln_of(a) - _log_of(scale))


_exp_of_log(invgamma, "pdf", "round(float(invgamma.pdf(1.0, 2.0)), 6)", "0.367879", inside=1.0,
            far=(lambda z, a, power: power.far(z, a, -1, 1) * np.exp(-power(z, -1.0) - sc.gammaln(a)),
                 lambda a: -a - 1.0))  # (z^(-a - 1) e^(-1/z) / (gamma(a) scale))


# invgamma.logcdf far in its lower tail, log Q(a, w) with w = s / d (d = x - loc, s = scale) beyond
# _FAR_GAMMA, as a function of (a, d, s): through z = d / s and w = 1 / z the second derivatives met
# 0 * inf (Q's second w-derivative ~ (a - 1)/w^2 underflowed against w's overflowing derivatives: the
# Hessian at x = 1e-300 NaN in x, in a with x, in scale) and the scale's cancelled (d2/dscale2 at
# z = 1e-6 6e-11 relative off, 0.0 from z = 1e-20 for -(a - 1)). With R = R(a, w), E = d/da log R and
# K = w^2 dR/dw = (a - 1)((a - 2) R(a - 2, w) - (a - 1) R(a - 1, w)): d/dd = w / (R d), d/ds = -1 / (R d),
# d/da = log w - digamma(a) + E, each a primitive with its partials written out (as quotients of Duals
# their derivatives along directions that leave d still were 0 * inf): d2/ds2 = K / (R s)^2,
# d2/dd2 = (K / R - 2 w) / (R d^2), d2/dd ds = (1 - K / (w R)) / (R d^2), d2/da ds = w E / (R s),
# d2/da dd = -w E / (R d), d2/da2 = dE/da - trigamma(a).
def _invgamma_far_ew_value(a, w):
    """``w E(a, w)`` (plain): from the continued fraction up to w = 1e150, beyond (where E's numerator,
    ~ 1/w^2, underflows) ``1 + (a - 2) / w``, its series' terms beyond below 1e-280 there."""
    a, w = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(w, dtype=float))
    big = w > 1e150
    out = 1.0 + (a - 2.0) / w
    if not np.all(big):
        wn = np.where(big, 2.0 * _FAR_GAMMA + a + 1.0, w)
        out = np.where(big, out, wn * _fraction_da_value(a, wn))
    return out[()]


_INVGAMMA_FAR_EW = OwnPrimitive(_invgamma_far_ew_value, name="wengert.scipy.stats.invgamma (w E)", reenters="any")


def _invgamma_far_parts(a, d, s):
    """``(w, R(a, w), d)`` of plain ``a, d, s`` (see above)."""
    a, d, s = (np.asarray(v, dtype=float) for v in (a, d, s))
    return s / d, _upper_gamma_ratio(a, s / d), d


def _invgamma_far_k(a, w):
    return (a - 1.0) * ((a - 2.0) * _UPPER_RATIO(a - 2.0, w) - (a - 1.0) * _UPPER_RATIO(a - 1.0, w))


def _per_factor(g, one, times):
    """``one`` where the factor ``g`` is 1 and ``times`` elsewhere, chosen entry by entry (so that an array call's
    entries are the scalar calls' bit for bit: chosen for the whole call, grad of invgamma.logcdf over [1e-22, 1/30]
    with a = [1e12, 1] was 9.999999999e+43 in x where the scalar call's is 9.999999998999999e+43)."""
    unit = np.asarray(g) == 1.0
    if np.all(unit):
        ones = one()
        return np.array(np.broadcast_to(ones, np.broadcast_shapes(np.shape(ones), unit.shape)))
    with np.errstate(divide="ignore", over="ignore"):  # (its entries where g is not 1 are dropped)
        ones = one()
    return np.where(unit, ones, times())


def _invgamma_far_da_value(a, d, s, g=1.0):
    w = np.asarray(s, dtype=float) / d
    value = np.log(w) - sc.digamma(a) + _invgamma_far_ew_value(a, w) / w
    return (value if isinstance(g, float) and g == 1.0 else value * g)[()]  # (value * 1.0 is value)


def _invgamma_far_ds_value(a, d, s, g=1.0):
    _, r, d = _invgamma_far_parts(a, d, s)
    return _per_factor(g, lambda: -1.0 / (r * d), lambda: -(g / d) / r)[()]


def _invgamma_far_dd_value(a, d, s, g=1.0):
    w, r, d = _invgamma_far_parts(a, d, s)
    return _per_factor(g, lambda: w / (r * d), lambda: (g / d) * (w / r))[()]


# (each with a factor g, a tangent or cotangent, inside its quotients, and its partials with theirs: t times w / (R d) at
# d = 1e-300 overflowed where the tangent 1e-300 met it, invgamma.logcdf(1e-300 p, 1.5, 0, 1e-280 q)'s jacfwd [inf,
# -inf] for [5e19, -1e20], every second derivative inf)
_INVGAMMA_FAR_DA = OwnPrimitive(_quiet_over(_invgamma_far_da_value),
                                name="wengert.scipy.stats.invgamma (logcdf far, d/da)", reenters="any")
_INVGAMMA_FAR_DS = OwnPrimitive(_quiet_over(_invgamma_far_ds_value),
                                name="wengert.scipy.stats.invgamma (logcdf far, d/dscale)", reenters="any")
_INVGAMMA_FAR_DD = OwnPrimitive(_quiet_over(_invgamma_far_dd_value),
                                name="wengert.scipy.stats.invgamma (logcdf far, d/dx)", reenters="any")


def _invgamma_far_cross_times(t, g, a, d, s):
    """``t g`` times d2/dd ds = ``(1 - K / (w R)) / (R d^2)``, t and g inside."""
    w = s / d
    r = _UPPER_RATIO(a, w)
    return ((t / d) * (g / d)) * ((1.0 - _invgamma_far_k(a, w) / (w * r)) / r)


def _invgamma_far_ew_over_r(a, d, s):
    w = s / d
    return _INVGAMMA_FAR_EW(a, w) / _UPPER_RATIO(a, w)


def _invgamma_far_dd2_times(t, g, a, d, s):
    """``t g`` times d2/dd2 = ``(K / R - 2 w) / (R d^2)``, t and g inside."""
    w = s / d
    r = _UPPER_RATIO(a, w)
    return ((t / d) * (g / d)) * ((_invgamma_far_k(a, w) / r - 2.0 * w) / r)
_INVGAMMA_LOGCDF_FAR = OwnPrimitive(lambda a, d, s: _log_q_far_value(a, np.asarray(s, dtype=float) / d),
                                    name="wengert.scipy.stats.invgamma (logcdf far)", reenters="any")


def _invgamma_log_cdf_end(z, value, a, u, scale):
    """invgamma's log cdf ``value``, at z = 0 (levy's, levy_l's log sf) ``(1 - a) log z - 1 / z - gammaln(a) + O(z)``
    (the upper gamma tail at 1 / z) as one primitive of u = x - loc and the scale (:func:`_power_of_z`'s end form):
    -inf with the limits from inside as its derivatives, where the constant -inf had every derivative 0."""
    return _at_lower_end(z, value, lambda w: _power_of_z(u, scale, z)(
        w, -1.0, terms=_LOG_PLUS_POWER, e=1.0 - a, b=-1.0, end=True) - _gammaln_of(a))


def _invgamma_tail(name, upper, log, formula, example, value):
    """Add ``invgamma.<name>``: the cdf ``gammaincc(a, 1/z)`` or (``upper``) the sf
    ``gammainc(a, 1/z)``, or (``log``) their logarithm."""
    def method(x, a, loc=0.0, scale=1.0):
        z = _standardized(f"invgamma.{name}", x, loc, scale)
        # (1 / z and log z from x - loc and the scale apart where either is traced: through z d2/dx dscale of a log z
        # was a / z - a / z plus rounding, invgamma.logsf(1e20, 2.5) 0 for 7.1e-41, and 1 / z's second derivative
        # underflowed beyond z = 1e103, levy.logcdf(1e150)'s -4e-226 one way, 2e-226 the other, the truth 2e-226)
        log_z = _log_of_z(x - loc, scale, z)
        if any(isinstance(v, (Var, Dual)) for v in (x, loc, scale)):
            reciprocal = functools.partial(_power_of_z(x - loc, scale, z), c=-1.0)
        else:
            def reciprocal(z):
                return 1.0 / z
        lower, higher = (lambda z: sc.gammaincc(a, reciprocal(z))), (lambda z: sc.gammainc(a, reciprocal(z)))
        pa = _plain(a)
        fn = (_tail(higher, lower, log, lambda z: _log_gammainc(a, z, inverse=True, log_z=log_z, reciprocal=reciprocal),
                    lambda z: sc.gammainc(pa, 1.0 / z))
              if upper else _tail(lower, higher, log, lambda z: _log_gammaincc(a, 1.0 / z),
                                  lambda z: sc.gammaincc(pa, 1.0 / z)))
        # at and below z = 0: cdf 0 (log: -inf), sf 1 (log: 0); near 0, where the density
        # vanishes, the same with derivatives 0 (not logcdf, whose derivative is 1/z^2 there).
        # Only below the mode 1/(a + 1): the density vanishes far in the upper tail too (log
        # density -3382 at z = 1e13, a = 100), where the cdf is 1, not 0
        outside = [[0.0, -np.inf], [1.0, 0.0]][upper][log]
        # the upper tails' stand-in outside the support: the mode 1/(a + 1), not z = 1/2, where for a large a
        # their a-derivatives overflow (d/da invgamma.logsf(-1e300, 1e12) was 0 * inf = NaN for 0); the lower
        # tails' z = 1/2 (at the mode gammaincc's a-derivative does not converge for a = 1e12)
        mode = 1.0 / (np.asarray(_plain(a), dtype=float) + 1.0) if upper else 0.5
        if upper or not log:
            def near_zero_log_density(z, a=_plain(a)):
                return np.where(z < 1.0 / (a + 1.0), _invgamma_log_density(z, a), 0.0)
            fn = functools.partial(_vanishing, near_zero_log_density, fn, inside=1.0, outside=outside)
        if log and not upper:
            # far in the lower tail (w = 1/z beyond _FAR_GAMMA and a + 1) in d and the scale (see
            # _INVGAMMA_LOGCDF_FAR); the other points at z = 1, never far
            zp, ap = np.broadcast_arrays(np.asarray(_plain(z), dtype=float), np.asarray(_plain(a), dtype=float))
            with np.errstate(divide="ignore"):
                wp = 1.0 / zp
            far = (zp > 0) & (wp > _FAR_GAMMA) & (wp > ap + 1.0) & (wp < np.inf)
            if np.any(far):
                sp = np.asarray(_plain(scale), dtype=float)
                d = np.where(far, x - loc, sp / (2.0 * _FAR_GAMMA + ap + 1.0))
                out_far = _INVGAMMA_LOGCDF_FAR(a, d, scale)
                if np.all(far):
                    return out_far
                return _invgamma_log_cdf_end(z, np.where(far, out_far, _on_support(
                    _plain(z) > 0, fn, np.where(far, 1.0, z), outside=outside, at=mode)), a, x - loc, scale)
            return _invgamma_log_cdf_end(z, _on_support(_plain(z) > 0, fn, z, outside=outside, at=mode), a, x - loc,
                                         scale)
        return _on_support(_plain(z) > 0, fn, z, outside=outside, at=mode)
    method.__doc__ = _doc(invgamma, formula + ".", example, value)
    _method(invgamma, name)(method)


#: Below this q invgamma's ppf and isf are one primitive each (:data:`_INVGAMMA_QUANTILES`): through 1 /
#: gammainccinv(a, q) the second derivative in q was ``2 y'^2 / y^3 - y'' / y^2`` with both terms overflowing, inf -
#: inf (invgamma.ppf(1e-300, 2)'s by jacfwd(jacfwd) NaN for -inf; isf's NaN in d2/dq2 and d2/dq da, +inf)
_INVGAMMA_TINY_Q = 1e-100
#: Below this q invgamma's isf is that primitive too (with gammaincinv refined, :func:`_gammaincinv_refined`): from
#: 1e-100 up through 1 / gammaincinv(a, q) it was up to 3.9e-14 off (SciPy's y; a = 0.5 .. 50), and where y^2
#: underflows its derivatives overflowed (isf(1e-90, 0.5)'s gradient [-inf, -inf] for [-2.5e270, -1.06e183])
_INVGAMMA_ISF_BELOW = 0.5


def _invgamma_quantile(name, q, a, loc, scale, upper):
    # (its finite end, ppf(0) and isf(1), is 0 at every a, where the density vanishes faster than any power: the slope
    # +-inf, declared, since 1 / gammainccinv(a, q)'s chain rule there is inf / inf; grad was NaN in q and a)
    def standard(q, a):
        def chain(q):
            return 1.0 / (sc.gammaincinv if upper else sc.gammainccinv)(a, q)
        pq = np.asarray(_plain(q), dtype=float)
        tiny = (pq > 0) & (pq < (_INVGAMMA_ISF_BELOW if upper else _INVGAMMA_TINY_Q))
        if not np.any(tiny):
            return chain(q)
        # (one primitive there, every derivative a product: _INVGAMMA_QUANTILES)
        return _piecewise(q, tiny, chain, lambda q: _INVGAMMA_QUANTILES[upper](q, a), 0.5,
                          0.25 if upper else 1e-200)  # (0.25: 1e-200 is 0 in float32)
    return _located(name, q, loc, scale, standard, shapes=(a,), steep_mixed=_invgamma_steep,
                    end_slope=_infinite_end_slope)


_quantiles(invgamma, "a", _invgamma_quantile, (
    ("``loc + scale / gammainccinv(a, q)``.",
     "round(float(invgamma.ppf(np.exp(-1.0), 1.0)), 6)", "1.0"),
    ("``loc + scale / gammaincinv(a, q)``.",
     "round(float(invgamma.isf(1.0 - np.exp(-1.0), 1.0)), 6)", "1.0")))


class rayleigh:
    """The Rayleigh distribution, as ``scipy.stats.rayleigh``: differentiable in x (or q),
    loc and scale. Its support is ``z = (x - loc) / scale >= 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import rayleigh
    >>> float(wg.grad_bp(rayleigh.cdf, 1.0))  # the density: z exp(-z^2 / 2)
    0.6065306597126334

    .. versionadded:: 0.1
    """


def _rayleigh_function(name, inside, function, outside, formula, example, value, log_z=False):
    """Add ``rayleigh.<name>``: ``function(z, scale)`` where ``inside(z)`` (a plain mask),
    ``outside`` elsewhere (``log_z``: ``function(z, scale, log_z)``, :func:`_log_of_z`'s)."""
    def method(x, loc=0.0, scale=1.0):
        z = _standardized(f"rayleigh.{name}", x, loc, scale)
        logs = (_log_of_z(x - loc, scale, z),) if log_z else ()
        return _on_support(inside(_plain(z)), lambda z: function(z, scale, *logs), z, outside=outside)
    method.__doc__ = _doc(rayleigh, formula, example, value)
    _method(rayleigh, name)(method)


def _rayleigh_log_density(z, scale, log_z=None):
    return (np.log(z) if log_z is None else log_z(z, 1.0, end=True)) - 0.5 * z * z - np.log(scale)
_location_scale(rayleigh, (
    ("ppf", (lambda q: np.sqrt(-2.0 * np.log1p(-q)), 1.0),
     "``loc + scale sqrt(-2 log(1 - q))``.", "round(float(rayleigh.ppf(0.5)), 6)", "1.17741"),
    ("isf", (lambda q: _tiny_q_power(q, 0.5, 2.0, lambda q: np.sqrt(-2.0 * np.log(q))), 1.0),
     "``loc + scale sqrt(-2 log(q))``.", "round(float(rayleigh.isf(0.5)), 6)", "1.17741"),
))


def _gamma_entropy(a):
    """``a + gammaln(a) + (1 - a) digamma(a)``, whose terms cancel to ``log(2 pi e a) / 2`` as
    ``a`` grows (its rounding about ``a eps``, its derivative's ``2 a^2 eps``): from a = 10 on,
    ``(1 + log(2 pi a)) / 2 - 1 / (2a)`` and the series ``sum_k B_2k (1 / ((2k - 1) a^(2k-1)) -
    1 / (2k a^(2k)))`` (Stirling's series for gammaln and digamma combined)."""
    big = _plain(a) >= _GAMMA_ENTROPY_FROM

    def direct(a):
        return a + sc.gammaln(a) + (1.0 - a) * sc.digamma(a)

    def series(a):
        u = 1.0 / a
        return 0.5 * (1.0 + np.log(2.0 * np.pi * a)) - 0.5 * u + _stirling_entropy_terms(u)
    if not np.any(big):
        return direct(a)
    if np.all(big):
        return series(a)
    return np.where(big, series(np.where(big, a, 2.0 * _GAMMA_ENTROPY_FROM)), direct(np.where(big, 1.0, a)))


def _gamma_entropy_excess(a):
    """gamma's entropy minus ``(1 + log(2 pi a)) / 2``: from a = 10 on, ``-1/(2a)`` and Stirling's
    series, where the difference cancels."""
    big = _plain(a) >= _GAMMA_ENTROPY_FROM
    return _piecewise(a, big, lambda t: _gamma_entropy(t) - 0.5 * (1.0 + np.log(2.0 * np.pi * t)),
                      lambda t: -0.5 / t + _stirling_entropy_terms(1.0 / t), 1.0, 2.0 * _GAMMA_ENTROPY_FROM)


def _gamma_1p_taylor(n):
    """The Taylor coefficients ``e_0 .. e_n`` of ``Gamma(1 + c)`` about 0 (radius 1), from those of its log,
    ``-euler c + sum_k>=2 (-1)^k zeta(k) c^k / k``, by the recurrence of ``E = exp(L)``: ``k e_k = sum_j j l_j
    e_(k - j)``; and of ``Gamma(1 + c)^2`` (``exp(2 L)``)."""
    logs = [0.0, -_EULER] + [(-1.0) ** k * float(sc.zeta(k)) / k for k in range(2, n + 1)]

    def exp_of(scaled):
        e = [1.0]
        for k in range(1, n + 1):
            e.append(sum(j * scaled * logs[j] * e[k - j] for j in range(1, k + 1)) / k)
        return e
    return exp_of(1.0), exp_of(2.0)


# -- levy (invgamma at a = 1/2, scale / 2) -----------------------------------------------------------


class levy:
    """The Lévy distribution, as ``scipy.stats.levy``: ``invgamma`` at ``a = 1/2`` with half the
    scale (its density ``exp(-1/(2z)) / sqrt(2 pi z^3) / scale``, cdf ``erfc(1/sqrt(2z))``), with
    invgamma's functions and their exact tails and ends: differentiable in x (or q), loc and scale,
    to every order. Its support is ``z = (x - loc) / scale > 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import levy
    >>> round(float(wg.grad_bp(levy.logpdf, 1.0)), 6)  # -3/(2z) + 1/(2z^2)
    -1.0

    .. versionadded:: 0.1
    """


#: Below this z levy.logcdf is log 2 + log_ndtr(-1/sqrt(z)) (within 4e-16 of mpmath from z = 1e-3 down;
#: above z = 1, log 2 + log(1/2 - ...) cancels: 2e-11 relative off at z = 1e10)
_LEVY_TINY = 1e-20


_HALF_SQRT_PI = 0.5 * math.sqrt(math.pi)


def _levy_quantile(inverse, slope, slope_over_cube, name):
    """levy's standard ppf (``inverse`` erfcinv) or isf (erfinv): ``1/(2 e^2)``, ``e = inverse(q)``, as
    ``(1/e)^2``, a primitive whose derivative ``-e'/e^3`` is one (``slope_over_cube(q, e)``: ``e'/e^3`` of plain
    numbers; ``slope(q)``: ``e'``, differentiable) whose own derivative is one product, ``ppf'' = ppf' e' (2 e -
    3/e)`` (``e'' = 2 e e'^2`` for both inverses). Through the chain rule on ``(1/e)^2`` the second derivative
    was a difference of two infinite terms: ppf's NaN by forward mode at q = 1e-300 (the truth -1.06e594, so
    -inf), isf's at q = 1e-120 (the truth 3.8e480, so inf). (Through invgamma's gammaincinv isf(1e-77) was
    3.1e-14 relative off, now 1.3e-16; 0.5 / e^2's derivative -ans / e^2 overflowed from q = 1e-80 on.)"""
    def value(q):  # (+ 0.0: erfcinv(1) is -0.0, ppf(1) +inf; inf below q = 1e-154, as SciPy's)
        with np.errstate(over="ignore", divide="ignore"):
            return 0.5 * (1.0 / (inverse(q) + 0.0)) ** 2

    def derivative(q):
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return -slope_over_cube(np.asarray(q, dtype=float), inverse(q) + 0.0)[()]

    def log_derivative_dq(q):
        e = inverse(q) + 0.0
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return slope(q) * (2.0 * e - 3.0 / e)

    def log_derivative_dq2(q):
        e = inverse(q) + 0.0
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return slope(q) ** 2 * (4.0 * e * e - 4.0 + 3.0 / e ** 2)
    # (log ppf')' a primitive too: through its product e' (2 e - 3/e) reverse mode's third derivative of isf
    # was NaN from q = 1e-77 on (a cotangent ppf' (2 e - 3/e) overflowed on its way to e')
    log_prime = OwnPrimitive(log_derivative_dq, name=f"wengert.scipy.stats.levy ((log {name}')')", reenters="any")
    _def_partials(log_prime, log_derivative_dq2)
    prime = OwnPrimitive(derivative, name=f"wengert.scipy.stats.levy ({name}')", reenters="any")
    _def_partials(prime, lambda q: prime(q) * log_prime(q))
    standard = OwnPrimitive(value, name=f"wengert.scipy.stats.levy (standard {name})", reenters="any")
    _def_partials(standard, prime)
    return standard


def _erfcinv_slope_over_cube(q, e):
    # erfcinv'(q) / e^3 = -(sqrt(pi) / 2) (erfcx(e) / e^3) / q, q last: through erfcinv'(q) (-2.1e308 at
    # q = 1e-310: -inf) ppf'(1e-310) was inf, the truth 9.9e303. (inf wherever e is: at q = 0 and 5e-324, where
    # SciPy's erfcinv is inf, the limit; erfcx(inf) / inf^3 / q was 0 there.)
    far = e > 1.0
    out = -_HALF_SQRT_PI * np.where(far, sc.erfcx(e) / e ** 3 / np.where(far, q, 1.0), np.exp(e * e) / e ** 3)
    return np.where(np.isinf(e), -np.inf, out)


_LEVY_PPF = _levy_quantile(sc.erfcinv, erfcinv_slope, _erfcinv_slope_over_cube, "ppf")
_LEVY_ISF = _levy_quantile(sc.erfinv, lambda q: _HALF_SQRT_PI * np.exp(sc.erfinv(q) ** 2),
                           lambda q, e: np.where(q == 1.0, np.inf, _HALF_SQRT_PI * np.exp(e * e) / e ** 3), "isf")


def _levy_function(name, example, value):
    """Add ``levy.<name>``: invgamma's at ``a = 1/2`` and half the scale (``x``: ``q`` for the quantiles)."""
    def method(x, loc=0.0, scale=1.0):
        z = _standardized(f"levy.{name}", x, loc, scale)
        zp = np.asarray(_plain(z), dtype=float)
        tiny = (zp > 0) & (zp < _LEVY_TINY) if name == "logcdf" else False
        if not np.any(tiny):
            return getattr(invgamma, name)(x, 0.5, loc, 0.5 * scale)
        # log(erfc(1/sqrt(2z))) = log 2 + log_ndtr(-1/sqrt(z)) near 0: gammainc at 1/(2z) did not
        # converge below z = 1e-154 (a ValueError at levy.logcdf(1e-300), the truth -5e299). That is
        # -1/(2z) + log(z)/2 + log(2/pi)/2 - z + O(z^2) (Mills' ratio), the terms from -z on below 1e-40 of
        # it and of each derivative here: through log_ndtr(-1/sqrt(z)) the second derivative was inf - inf
        # from z = 1e-150 on (NaN in reverse mode at 1e-200, by every path at 1e-300: the truth -1e900, -inf)
        inner = getattr(invgamma, name)(np.where(tiny, loc + scale, x), 0.5, loc, 0.5 * scale)
        # (in d = x - loc and the scale, -s/(2d) + log(d/s)/2, not through z: d2/dscale2 of -1/(2z) chained
        # through z was -1/z + 1/z, the truth 0, and d/dscale at z = 1e-297 -inf (1/z^2 overflowed) for -5e296)
        # (invgamma's terms in d and s at a = -3/2, s/2: -s/(2d) + log(d/s)/2 + log(2)/2)
        # (the stand-in scale in z's dtype: a float64 one made float32 results float64)
        dt = np.where(tiny, x - loc, np.asarray(_plain(scale), dtype=np.result_type(_plain(z), 1.0)))
        with np.errstate(divide="ignore", over="ignore"):  # (-inf at a subnormal z, as SciPy's)
            # (in the arguments' dtype: with SciPy < 1.18 the stand-in's invgamma came back float64)
            return _in_dtype_of(np.where(tiny, _INVGAMMA_SCALED_TERMS(dt, 0.5 * scale, -1.5)
                                         + 0.5 * math.log(1.0 / math.pi), inner), x, loc, scale)
    method.__doc__ = _doc(levy, f"``invgamma.{name}(x, 1/2, loc, scale / 2)``"
                          f"{' (``-1/(2z) + log(z)/2 + log(2/pi)/2`` below ``z = 1e-20``)' if name == 'logcdf' else ''}.",
                          example, value)
    if name in ("ppf", "isf"):
        standard = _LEVY_PPF if name == "ppf" else _LEVY_ISF  # (see _levy_quantile)

        def method(x, loc=0.0, scale=1.0):
            with np.errstate(over="ignore"):  # (inf below q = 1e-154, as SciPy's)
                return _located(f"levy.{name}", x, loc, scale, standard)
        method.__doc__ = _doc(levy, f"``loc + scale / (2 {'erfinv' if name == 'isf' else 'erfcinv'}(q)^2)``.",
                              example, value)
    _method(levy, name)(_quiet(method) if name in ("ppf", "isf") else method)


for _name, _value in (("logpdf", "-1.86047"), ("pdf", "0.1556"), ("cdf", "0.414216"), ("logcdf", "-0.881367"),
                      ("sf", "0.585784"), ("logsf", "-0.534804"), ("ppf", "2.198109"), ("isf", "2.198109")):
    _levy_function(_name, f"round(float(levy.{_name}({0.5 if _name in ('ppf', 'isf') else 1.5})), 6)", _value)


@_method(levy, "entropy")
def _levy_entropy(loc=0.0, scale=1.0):
    """``(1 + 3 euler + log(16 pi)) / 2 + log(scale)``, in scale.

    >>> from wengert.scipy.stats import levy
    >>> round(float(levy.entropy()), 6)
    3.324483
    """
    return _located_entropy("levy.entropy", lambda: 0.5 * (1.0 + 3.0 * _EULER + np.log(16.0 * np.pi)), (), loc, scale)


_add_quantile_summaries("levy")


# -- levy_l, gibrat, erlang, powerlaw, arcsine: other distributions' functions ----------------------


class levy_l:
    """The left-skewed Lévy distribution, as ``scipy.stats.levy_l``: ``levy`` mirrored (``X`` here
    is ``-X`` there), with levy's functions and their exact tails and ends, bit for bit: its cdf
    at x is levy's sf at -x (and -loc), its ppf minus levy's isf, and so on. Differentiable in x
    (or q), loc and scale, to every order. Its support is ``z = (x - loc) / scale < 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import levy_l
    >>> round(float(wg.grad_bp(levy_l.logpdf, -1.0)), 6)  # 3/(2|z|) - 1/(2z^2)
    1.0

    .. versionadded:: 0.1
    """


class erlang:
    """The Erlang distribution, as ``scipy.stats.erlang``: ``gamma`` at an integer shape ``a``
    (the sum of ``a`` standard exponential variables), with gamma's functions, bit for bit. A shape
    that is not an integer is computed as gamma's, with a RuntimeWarning (SciPy warns there too);
    one that is not positive is refused. Differentiable as gamma's functions are: in x (or q),
    loc and scale, and in ``a`` (gamma's derivative: the integer shapes' continuation).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import erlang
    >>> float(wg.grad_bp(lambda x: erlang.logpdf(x, 3), 2.0))  # (a - 1) / x - 1
    0.0

    .. versionadded:: 0.1
    """


def _levy_l_call(name):
    def call(label, arguments):
        mirrored, loc, scale = getattr(levy, _MIRRORED[name]), -arguments["loc"], arguments["scale"]
        if name in ("ppf", "isf"):
            return -mirrored(arguments["q"], loc, scale)
        return mirrored(loc, scale) if name == "entropy" else mirrored(-arguments["x"], loc, scale)
    return call


def _erlang_shapes(label, arguments):
    """gamma's ``a``: erlang's, refused where not positive, warned of where not an integer (as SciPy)."""
    a = arguments["a"]
    _shapes_positive(label, a, names=["a"])
    plain = _plain(a)
    if not np.all(np.floor(plain) == plain):
        warnings.warn(f"{label}: the shape a ({plain}) is not an integer, where the Erlang distribution is "
                      "defined; computed as gamma's (SciPy warns too)", RuntimeWarning, stacklevel=5)
    return (a,)


def _gammaln_of(v):
    """``gammaln(v)``, a Python float for a Python number in (0, 1e300) (as :func:`_log_of`)."""
    return math.lgamma(v) if isinstance(v, (int, float)) and 0 < v < 1e300 else sc.gammaln(v)
_GOMPERTZ_SERIES_TERMS = 22
_GOMPERTZ_EXPREL = [1.0 / math.factorial(k + 1) for k in range(_GOMPERTZ_SERIES_TERMS + 1)]


# -- maxwell ------------------------------------------------------------------------------------


class maxwell:
    """The Maxwell distribution (the chi distribution with 3 degrees of freedom), as
    ``scipy.stats.maxwell``: differentiable in x (or q), loc and scale, to every order. Its support
    is ``z = (x - loc) / scale >= 0``; near 0 the cdf is ``z^3`` times a series (written with that
    power: its log keeps its digits to ``z = 1e-300``, where SciPy's cdf underflows below 1e-103).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import maxwell
    >>> float(wg.grad_bp(lambda x: maxwell.cdf(x), 0.0))  # the density at 0
    0.0

    .. versionadded:: 0.1
    """


_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def _maxwell_tail(z, upper, log, log_z=None):
    """gammainc(3/2, z^2 / 2) (gammaincc), or its log (:func:`_lower_gamma_tails`). Far out (where
    ``w = z^2 / 2`` overflows from z = 1.9e154, and gammaincc's rule gave NaN derivatives) the log sf is
    its asymptote ``log z - z^2 / 2 - log(sqrt(2) gamma(3/2))`` (the next term ``1 / (2 w)``) from
    ``_MAXWELL_FAR``; the cdf, sf and log cdf constants with derivatives 0 (:func:`_vanishing`). ``log_z``:
    :func:`_log_of_z`'s, for ``3 log z``."""
    def tail(z):
        return _lower_gamma_tails(1.5, z, lambda z: 0.5 * z * z, lambda z: _MAXWELL_POWER * z ** 3,
                                  lambda z: _c_log_z(3.0, z, log_z) + math.log(_MAXWELL_POWER), upper, log, (2.0, 0.5))
    if upper and log:
        def asymptote(z):
            with np.errstate(over="ignore"):  # (-inf from z = 1.9e154, the truth's rounding)
                return np.log(z) - 0.5 * z * z - _MAXWELL_LOG_FAR
        return _piecewise(z, np.asarray(_plain(z), dtype=float) > _MAXWELL_FAR, tail, asymptote, 2.0, 2.0 * _MAXWELL_FAR)
    return _vanishing(lambda z: -0.5 * z * z, tail, z, 2.0, -0.0 if log else 0.0 if upper else 1.0)


#: From this z maxwell's log sf is its asymptote (the next term, 1 / z^2, below 1e-300)
_MAXWELL_FAR = 1e150
_MAXWELL_LOG_FAR = 0.5 * math.log(2.0) + math.lgamma(1.5)


#: (z^2 / 2)^(3/2) = z^3 / 2^(3/2)
_MAXWELL_POWER = 0.5 ** 1.5


def _maxwell_log_density(z, scale, log_z=None):  # (log_z: z = 0 too, -inf with the limits from inside, _xlog_z)
    return (math.log(_SQRT_2_OVER_PI) + (2.0 * np.log(z) if log_z is None else log_z(z, 2.0, end=True)) - 0.5 * z * z
            - _log_of(scale))


# (a = 3/2, w = z^2 / 2)
_shape_functions(maxwell, (), lambda name, z: None, [
    (*row[:5], f"round(float(maxwell.{row[0]}(1.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z >= 0, _maxwell_log_density, -np.inf,
         "``log(sqrt(2/pi)) + 2 log(z) - z^2 / 2 - log(scale)`` on ``z > 0``, ``-inf`` at and below 0.", "-0.725791"),
        # the density is 0 at z = 0 with derivatives 0, 2 sqrt(2/pi) (its log -inf): powers there
        ("pdf", lambda z: z >= 0, lambda z, scale: _exp_at_ends(
            lambda z: _maxwell_log_density(z, scale), lambda z: _SQRT_2_OVER_PI / scale * z * z * np.exp(-0.5 * z * z),
            z, (0.0,), (2.0,)), 0.0, "``sqrt(2/pi) z^2 exp(-z^2 / 2) / scale`` on ``z >= 0``, 0 below.", "0.483941"),
        ("cdf", lambda z: z >= 0, lambda z, scale: _maxwell_tail(z, False, False), 0.0,
         "``gammainc(3/2, z^2 / 2)`` (``z^3`` times a series near 0), 0 below the support.", "0.198748"),
        # (at z = 0: -inf with the limits from inside as its derivatives, 3 log z + log(sqrt(2/pi) / 3) - 3 z^2 / 10)
        ("logcdf", lambda z: z >= 0, lambda z, scale, log_z: _log_cdf_from_lower_end(
            z, lambda z: _maxwell_tail(z, False, True, log_z),
            lambda z: log_z(z, 3.0, end=True) + math.log(_SQRT_2_OVER_PI / 3.0) - 0.3 * z * z), -np.inf,
         "``log(gammainc(3/2, z^2 / 2))`` (``3 log z`` and a series near 0), ``-inf`` at and below 0.", "-1.615717"),
        ("sf", lambda z: z >= 0, lambda z, scale: _maxwell_tail(z, True, False), 1.0,
         "``gammaincc(3/2, z^2 / 2)``, 1 below the support.", "0.801252"),
        ("logsf", lambda z: z >= 0, lambda z, scale: _maxwell_tail(z, True, True), 0.0,
         "``log(gammaincc(3/2, z^2 / 2))`` (finite far in the tail, where gammaincc underflows), 0 below "
         "the support.", "-0.22158"))])
@functools.lru_cache(maxsize=None)
def _maxwell_isf_coefficients(n):
    """``{k: a_k}``: the n-th q-derivative of maxwell's isf is ``sum_k a_k x^k D^n``, ``x = isf(q)``, ``D = -1 /
    pdf(x)`` (``D' = (x - 2/x) D^2``: ``P_(n+1) = P_n' + n (x - 2/x) P_n``, ``P_1 = 1``)."""
    if n == 1:
        return {0: 1.0}
    out: dict = {}
    for k, a in _maxwell_isf_coefficients(n - 1).items():
        for power, b in ((k - 1, k * a), (k + 1, (n - 1) * a), (k - 1, -2.0 * (n - 1) * a)):
            out[power] = out.get(power, 0.0) + b
    return out


def _maxwell_isf_plain(q):
    return np.sqrt(2.0 * sc.gammainccinv(1.5, q))


def _maxwell_isf_derivative(q, n=1):
    x = _maxwell_isf_plain(np.asarray(q, dtype=float))
    with np.errstate(over="ignore"):  # (+-inf: the truth's rounding, x > sqrt 2 keeps P_n's sign)
        return (sum(a * x ** k for k, a in _maxwell_isf_coefficients(n).items())
                * (-1.0 / (_SQRT_2_OVER_PI * x * x * np.exp(-0.5 * x * x))) ** n)[()]


_MAXWELL_ISF_DQ = OwnPrimitive(_maxwell_isf_derivative, name="wengert.scipy.stats.maxwell.isf (d/dq)", reenters="any")
_def_partials(_MAXWELL_ISF_DQ, lambda q, n=1: _MAXWELL_ISF_DQ(q, n=n + 1))
_MAXWELL_ISF_TINY = OwnPrimitive(_maxwell_isf_plain, name="wengert.scipy.stats.maxwell.isf (tiny q)", reenters="any")
_def_partials(_MAXWELL_ISF_TINY, lambda q: _MAXWELL_ISF_DQ(q, n=1))
#: Below this q maxwell.isf is one primitive in q (:data:`_MAXWELL_ISF_TINY`): through gammainccinv's rule
#: its second derivative was NaN in forward mode from q = 1e-160 (the truth +inf)
_MAXWELL_TINY_Q = 1e-150


def _maxwell_isf(q):
    return _piecewise(q, np.asarray(_plain(q), dtype=float) < _MAXWELL_TINY_Q, _maxwell_isf_plain, _MAXWELL_ISF_TINY,
                      0.5, 1e-200)


_location_scale(maxwell, (
    ("ppf", (lambda q: np.sqrt(2.0 * sc.gammaincinv(1.5, q)), 1.0),
     "``loc + scale sqrt(2 gammaincinv(3/2, q))``.", "round(float(maxwell.ppf(0.5)), 6)", "1.538172"),
    ("isf", (_maxwell_isf, 1.0),
     "``loc + scale sqrt(2 gammainccinv(3/2, q))``.", "round(float(maxwell.isf(0.5)), 6)", "1.538172"),
))
_add_moments("maxwell", (), lambda: 2.0 * _SQRT_2_OVER_PI, lambda: 3.0 - 8.0 / np.pi,
             lambda: _EULER + 0.5 * np.log(2.0 * np.pi) - 0.5, None)
_add_quantile_summaries("maxwell")


# -- nakagami -----------------------------------------------------------------------------------


class nakagami:
    """The Nakagami distribution, as ``scipy.stats.nakagami``: a gamma distribution in ``x^2``
    (``cdf = gammainc(nu, nu z^2)``), differentiable in x (or q), nu, loc and scale: in x, q, loc and
    scale to every order, in ``nu`` to second order (mixed with the others too) where the function goes
    through ``gammainc`` or its inverse (the tails, quantiles, median, interval: as ``gamma``'s, whose
    third derivative in the shape is refused), to every order elsewhere (the density, mean, var, std,
    entropy). Its support is ``z = (x - loc) / scale >= 0``; near 0 the cdf is ``(nu z^2)^nu`` times a
    series (its log exact to ``z = 1e-300``), far out the log sf is finite where SciPy's is ``-inf``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import nakagami
    >>> round(float(wg.grad_bp(lambda x: nakagami.cdf(x, 1.0), 1.0)), 6)  # the density 2 x e^-x^2
    0.735759

    .. versionadded:: 0.1
    """


#: From this nu on, nakagami's ``nu log nu - gammaln(nu) - nu`` and the log of its mean are their
#: asymptotic series (10 terms: the last below 3e-19 at nu = 10), where the direct forms cancel (at
#: nu = 1e8 ``nu log nu`` is 1.8e9: the log density kept 7 digits, the variance ``1 - mean^2`` none)
_NAKAGAMI_SERIES_FROM = 10.0
#: Stirling's series ``gammaln(nu) - ((nu - 1/2) log nu - nu + log(2 pi) / 2) = sum_k B_2k / (2k (2k - 1)
#: nu^(2k - 1))``, and ``log(gamma(nu + 1/2) / (gamma(nu) sqrt(nu))) = sum_k (2^(1 - 2k) - 2) B_2k / (2k (2k - 1)
#: nu^(2k - 1))`` (from ``B_n(1/2) = (2^(1 - n) - 1) B_n``): their coefficients of ``u^(2k - 1)``, ``u = 1/nu``
_STIRLING_SERIES = [float(b / (2 * k * (2 * k - 1))) for k, b in enumerate(BERNOULLI_2K, 1)]
_NAKAGAMI_MEAN_SERIES = [float((2.0 ** (1 - 2 * k) - 2.0) * b / (2 * k * (2 * k - 1)))
                         for k, b in enumerate(BERNOULLI_2K, 1)]


def _odd_series(nu, coefficients):
    """``sum_k c_k u^(2k - 1)``, ``u = 1 / nu``, by Horner's rule in ``u^2``."""
    u = 1.0 / nu
    return u * polynomial(u * u, coefficients)


def _nakagami_normalizer(nu):
    """``nu log nu - gammaln(nu) - nu``; from ``_NAKAGAMI_SERIES_FROM`` ``log(nu / (2 pi)) / 2`` minus
    Stirling's series (the direct terms, of size ``nu log nu``, cancel to that)."""
    return _piecewise(nu, _plain(nu) >= _NAKAGAMI_SERIES_FROM, lambda nu: nu * np.log(nu) - sc.gammaln(nu) - nu,
                      lambda nu: 0.5 * np.log(nu) - 0.5 * math.log(2.0 * math.pi) - _odd_series(nu, _STIRLING_SERIES),
                      1.0, 2.0 * _NAKAGAMI_SERIES_FROM)


def _nakagami_log_mean(nu):
    """``L(nu) = log(gamma(nu + 1/2) / (gamma(nu) sqrt(nu)))``, the log of the standard mean: from
    ``_NAKAGAMI_SERIES_FROM`` its series (-1/(8 nu) + 1/(192 nu^3) - ...), below it that of ``nu + 10``
    and the recurrence ``L(nu) = L(nu + 10) + log1p(10 / nu) / 2 - sum_j<10 log1p(1 / (2 (nu + j)))``
    (through the gammaln difference the variance ``-expm1(2 L)`` was 1.9e-13 relative off at nu = 9.99)."""
    def series(nu):
        return _odd_series(nu, _NAKAGAMI_MEAN_SERIES)

    def shifted(nu):
        return (series(nu + 10.0) + 0.5 * np.log1p(10.0 / nu)
                - sum(np.log1p(0.5 / (nu + j)) for j in range(10)))
    return _piecewise(nu, _plain(nu) >= _NAKAGAMI_SERIES_FROM, shifted, series, 1.0, 2.0 * _NAKAGAMI_SERIES_FROM)


def _nakagami_log_density(z, nu, scale, log_z=None):
    # log 2 + nu log nu - gammaln(nu) + (2 nu - 1) log z - nu z^2 (the normalizer as nu log nu - gammaln(nu) - nu);
    # for 1/2 < z < 3/2 nu (1 - z^2) + (2 nu - 1) log z as -nu r(t) - log z, r(t) = t - log1p(t), t = (z - 1)(z + 1):
    # the two terms, each about 2 nu |z - 1|, cancelled (nakagami.pdf(0.999, 1e6) 2.9e-11 off, at nu = 1e8 2.9e-9)
    pz = np.asarray(_plain(z), dtype=float)
    near_one = np.broadcast_to((pz > 0.5) & (pz < 1.5), np.broadcast_shapes(pz.shape, np.shape(_plain(nu))))
    terms = _two_forms(near_one, lambda z, nu: nu * (1.0 - z * z) + _xlog_z(2.0 * nu - 1.0, z, log_z),
                       lambda z, nu: -nu * log1p_remainder((z - 1.0) * (z + 1.0)) - _xlog_z(1.0, z, log_z), (z, nu),
                       (0.25, 1.0), (1.0, 1.0))
    return math.log(2.0) + _nakagami_normalizer(nu) + terms - _log_of(scale)


def _nakagami_check(name, z, nu, inside=None):
    """``nu > 0``; for a density, a traced nu refused at ``x == loc`` where ``nu = 1/2`` (``inside``, :func:`_inside_z`'s
    plain z, is not 0 where z only rounds to 0: :func:`_x_at_loc`)."""
    _shapes_positive(name, nu)
    if name.endswith("pdf"):  # (the tails, gammainc(nu, nu z^2), are 0 and 1 at z = 0 for every nu)
        _refuse_a_jump_in_shape(name, nu, lambda: _x_at_loc(z, inside) & (nu == 0.5), "nu", "nu = 1/2 where x == loc",
                                "z**(2 nu - 1)")


def _nakagami_w_power(z, nu):
    """``w^nu``, ``w = nu z^2 < 1`` (the series' points; :func:`_lower_gamma_tails` takes its log beyond):
    below ``nu = 2`` as ``nu^nu z^(2 nu)`` (through ``w^nu`` the second derivative in z was ``nu (nu - 1)
    w^(nu - 2) w'^2 + nu w^(nu - 1) w''``, terms of order ``1/z`` cancelling for nu < 1: 2.7 relative off at
    z = 1e-8, nu = 1/2, and ``w^(nu - 2)`` overflowed for small z), above as ``w^nu`` (``nu^nu`` overflows from
    nu = 144; the terms have one sign there)."""
    pnu = np.asarray(_plain(nu), dtype=float)
    return _piecewise(z, np.broadcast_to(pnu < 2.0, np.broadcast_shapes(np.shape(pnu), np.shape(_plain(z)))),
                      lambda z: (nu * z * z) ** nu, lambda z: nu ** nu * z ** (2.0 * nu), 0.5 / np.sqrt(pnu),
                      0.5 / np.sqrt(pnu))


def _nakagami_plain_logsf(z, nu):
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return _log_gammaincc(nu, nu * z * z)


def _nakagami_tail(z, nu, upper, log, log_z=None):
    """gammainc(nu, nu z^2) (gammaincc), or its log (:func:`_lower_gamma_tails`); far out the log sf is
    its asymptote (``_NAKAGAMI_FAR``), the cdf, sf and log cdf constants with derivatives 0 where the log
    sf is below ``_VANISHING_LOG`` (:func:`_vanishing`: through gammaincc's rule 0 * inf = NaN)."""
    pnu = np.asarray(_plain(nu), dtype=float)
    # a z of each region for every nu: w = nu (elsewhere), w = 1/4 (the series)
    safe = (np.ones_like(pnu), 0.5 / np.sqrt(pnu))

    def tail(z):
        return _lower_gamma_tails(nu, z, lambda z: nu * z * z, lambda z: _nakagami_w_power(z, nu),
                                  lambda z: _c_log_z(2.0 * nu, z, log_z) + nu * np.log(nu), upper, log, safe)
    if upper and log:
        def asymptote(z):
            with np.errstate(over="ignore"):  # (-inf where nu z^2 overflows: the truth's rounding)
                return -nu * z * z + (nu - 1.0) * (np.log(nu) + 2.0 * np.log(z)) - sc.gammaln(nu)
        with np.errstate(over="ignore"):
            far = pnu * np.asarray(_plain(z), dtype=float) ** 2 > _NAKAGAMI_FAR
        return _piecewise(z, far, tail, asymptote, 1.0, 2e75 / np.sqrt(np.minimum(pnu, 1.0)))
    return _vanishing(lambda z: _nakagami_plain_logsf(z, pnu), tail, z, 1.0,
                      -0.0 if log else 0.0 if upper else 1.0)


def _nakagami_density(z, nu, scale, log_z=None):
    """``2 nu^nu / gamma(nu) z^(2 nu - 1) exp(-nu z^2) / scale``: ``exp`` of the log density, with powers
    at and near ``z = 0`` (:func:`_exp_at_ends`), 0 with derivatives 0 far out (:func:`_vanishing`)."""
    pnu = np.asarray(_plain(nu), dtype=float)

    def powers(z):
        # from nu = 300, e^nu into the power: (z e^(nu (1 - z^2) / (2 nu - 1)))^(2 nu - 1), where e^nu alone
        # overflowed against z^(2 nu - 1) = 0 (nakagami.pdf(0, 1e3) was NaN for 0)
        big = np.broadcast_to(pnu > 300.0, np.broadcast_shapes(np.shape(pnu), np.shape(_plain(z))))
        return 2.0 / scale * np.exp(_nakagami_normalizer(nu)) * _two_forms(
            big, lambda z, nu: z ** (2.0 * nu - 1.0) * np.exp(nu * (1.0 - z * z)),
            lambda z, nu: (z * np.exp(nu * (1.0 - z * z) / (2.0 * nu - 1.0))) ** (2.0 * nu - 1.0),
            (z, nu), (0.5, 1.0), (0.5, 1000.0))
    return _density_from_zero(z, lambda z: _nakagami_log_density(z, nu, scale, log_z), powers, 2.0 * pnu - 1.0,
                              lambda z: _nakagami_log_density(z, pnu, 1.0))


_shape_functions(nakagami, ("nu",), _nakagami_check, [
    (*row[:5], f"round(float(nakagami.{row[0]}(1.0, 2.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z >= 0, _nakagami_log_density, -np.inf,
         "``log 2 + nu log(nu) - gammaln(nu) + (2 nu - 1) log(z) - nu z^2 - log(scale)`` on ``z >= 0`` "
         "(Stirling's series for the normalizer from nu = 10), ``-inf`` below.", "0.079442"),
        ("pdf", lambda z: z >= 0, _nakagami_density, 0.0,
         "``2 nu^nu / gamma(nu) z^(2 nu - 1) exp(-nu z^2) / scale`` on ``z >= 0``, 0 below.", "1.082682"),
        ("cdf", lambda z: z >= 0, lambda z, nu, scale: _nakagami_tail(z, nu, False, False), 0.0,
         "``gammainc(nu, nu z^2)`` (``(nu z^2)^nu`` times a series near 0), 0 below the support.", "0.593994"),
        # (at z = 0: -inf with the limits from inside as its derivatives, 2 nu log z + nu log nu - gammaln(nu + 1)
        # + O(z^2))
        ("logcdf", lambda z: z >= 0, lambda z, nu, scale, log_z: _log_cdf_from_lower_end(
            z, lambda z: _nakagami_tail(z, nu, False, True, log_z),
            lambda z: log_z(z, 2.0 * nu, end=True) + nu * np.log(nu) - sc.gammaln(nu + 1.0)), -np.inf,
         "``log(gammainc(nu, nu z^2))`` (``2 nu log z`` and a series near 0), ``-inf`` at and below 0.",
         "-0.520886"),
        ("sf", lambda z: z >= 0, lambda z, nu, scale: _nakagami_tail(z, nu, True, False), 1.0,
         "``gammaincc(nu, nu z^2)``, 1 below the support.", "0.406006"),
        ("logsf", lambda z: z >= 0, lambda z, nu, scale: _nakagami_tail(z, nu, True, True), 0.0,
         "``log(gammaincc(nu, nu z^2))`` (finite far in the tail, where gammaincc underflows), 0 below "
         "the support.", "-0.901388"))], )


def _nakagami_log_pdf_plain(x, nu):
    return math.log(2.0) + _nakagami_normalizer(nu) + nu * (1.0 - x * x) + sc.xlogy(2.0 * nu - 1.0, x)


def _tiny_isf(name, shape, plain, log_pdf, variable, step, in_shape):
    """The isf of a distribution below ``q = 1e-150`` as one primitive ``isf(q, s)`` (``s`` its shape, named
    ``shape``): ``plain(q, s)`` its value; its n-th q-derivative ``sum_k a_k v^k D^n``, ``v = variable(x)``, ``x =
    isf(q)``, ``D = -1 / pdf(x) = -exp(-log_pdf(x, s))`` (plain), the ``a_k`` (arrays of s) from ``P_1 = 1`` by
    ``step(k, a, m, s)`` (the terms ``(power, coefficient)`` of ``P_(m+1)`` from ``a v^k`` of ``P_m``), each
    q-derivative one primitive (through the chain rule the second derivative was inf - inf = NaN in forward
    mode from q = 1e-160, the truth +inf); ``in_shape(q, s, isf)`` the derivative in s (differentiable; the
    q-derivatives' own derivatives in s, the mixed ones, refused)."""
    def coefficients(n, s):
        out = {0: np.ones_like(s)}
        for m in range(1, n):
            new = {}
            for k, a in out.items():
                for power, b in step(k, a, m, s):
                    new[power] = new.get(power, 0.0) + b
            out = new
        return out

    def dq(q, s, n=1):
        q, s = np.asarray(q, dtype=float), np.asarray(s, dtype=float)
        x = plain(q, s)
        v = variable(x)
        with np.errstate(over="ignore"):  # (+-inf: the truth's rounding)
            return (sum(a * v ** k for k, a in coefficients(n, s).items()) * (-np.exp(-log_pdf(x, s))) ** n)[()]

    def refuse_mixed(*args, **kwargs):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} below q = 1e-150 has no derivative in {shape} of its q-derivatives (the "
            f"mixed derivatives in q and {shape} there are not implemented); its derivatives in q alone, and in "
            f"{shape} alone, are. Pass q or {shape} as a constant (wengert.stop_gradient).")
    derivative = OwnPrimitive(dq, name=f"wengert.scipy.stats.{name} (d/dq)", reenters="any")
    _def_partials(derivative, lambda q, s, n=1: derivative(q, s, n=n + 1), refuse_mixed)
    isf = OwnPrimitive(plain, name=f"wengert.scipy.stats.{name} (tiny q)", reenters="any")
    _def_partials(isf, lambda q, s: derivative(q, s, n=1), lambda q, s: in_shape(q, s, isf))
    return isf


def _nakagami_isf_dnu(q, nu, isf):
    """``d isf / d nu`` at fixed q: ``x = sqrt(w / nu)``, ``w = gammainccinv(nu, q)``, whose derivative in nu is
    gammainccinv's (``gammaincinv_da(nu, w, 1 - q)``): ``(w_nu / nu - w / nu^2) / (2 x)``."""
    x = isf(q, nu)
    return gammaincinv_da(nu, nu * x * x, 1.0 - q) / (2.0 * nu * x) - x / (2.0 * nu)


# (P_n a polynomial in x and 1/x: D' = (2 nu x - (2 nu - 1) / x) D^2, P_(m+1) = P_m' + m (2 nu x - (2 nu - 1) / x) P_m)
#: (chi's too, at nu = df / 2, named for its messages: :data:`_CHI_ISF_TINY`)
_NAKAGAMI_ISF_TINY_PARTS = (
    lambda q, nu: np.sqrt(sc.gammainccinv(nu, q) / nu), _nakagami_log_pdf_plain,
    lambda x: x, lambda k, a, m, nu: ((k - 1, k * a), (k + 1, 2.0 * m * nu * a), (k - 1, -m * (2.0 * nu - 1.0) * a)),
    _nakagami_isf_dnu)
_NAKAGAMI_ISF_TINY = _tiny_isf("nakagami.isf", "nu", *_NAKAGAMI_ISF_TINY_PARTS)


def _invgamma_quantile_da(p_of_q, inverse):
    """``d x / d a`` of ``x = 1 / inverse(a, q)`` at fixed q: ``-y_a x^2``, y = 1 / x, ``y_a`` gammaincinv's
    (``gammaincinv_da(a, y, p)``, ``p = p_of_q(q)`` the lower tail)."""
    def in_shape(q, a, quantile):
        x = quantile(q, a)
        return -gammaincinv_da(a, 1.0 / x, p_of_q(q)) * (x * x)
    return in_shape


def _gammaincinv_refined(a, q):
    """``gammaincinv(a, q)`` (plain) and one Newton step in ``log y`` on ``log P(a, y) = log q``, ``P = y^a e^-y M(1, a
    + 1, y) / gamma(a + 1)`` (``d log P / d log y = a / M``): SciPy's y is up to 3e-14 relative off (a = 0.5 .. 50,
    q = 1e-100 .. 1e-20; invgamma.isf(1e-90, 10) 2.9e-14, mpmath), the step within a few ulp where y^a and
    gamma(a + 1) are normal numbers (else through their logs). Unchanged where y is not a positive normal number."""
    y = sc.gammaincinv(a, q)
    with np.errstate(all="ignore"):
        m = sc.hyp1f1(1.0, a + 1.0, y)
        power, scale = y ** a, sc.gamma(a + 1.0)
        direct = (power >= _TINY_NORMAL) & (power < np.inf) & (scale < np.inf)
        ratio = np.where(direct, q / (power * np.exp(-y) * m / np.where(direct, scale, 1.0)), 1.0)
        log_ratio = np.where(direct, np.log(ratio), np.log(q) - (a * np.log(y) - y + np.log(m) - sc.gammaln(a + 1.0)))
        step = y * np.exp(log_ratio * m / a)
        return np.where((y >= _TINY_NORMAL) & (y < np.inf) & np.isfinite(step) & (step > 0), step, y)[()]


def _invgamma_isf_tiny():
    """invgamma's isf below _INVGAMMA_ISF_BELOW, ``x = 1 / y``, ``y = gammaincinv(a, q)`` (refined,
    :func:`_gammaincinv_refined`), through ``L = log x``: every
    derivative of x, y and L is the quantity times ``L_q = -E`` or ``L_a``, ``E = 1 / (x pdf(x)) = M(1, a + 1, y) / (a
    q)`` (Kummer's M: ``gammainc(a, y) = y^a e^-y M / gamma(a + 1)``) and ``L_a = -y_a / y`` (gammaincinv_da per
    density), each a primitive whose partials are products of these: ``E_q = (y - a) E^2``, ``E_a = E Z``, ``Z = L +
    digamma(a) + (a - y) L_a`` (``d log E / da``, also ``dL_a / dL``), ``(L_a)_q = -E Z``, ``(L_a)_a = P_aa / (p(y) y)
    + L_a (L + digamma(a) + Z)``. Through ``-gammaincinv_da(a, 1 / x) x^2`` forward mode's d2/dq da met ``2 x x_q``
    overflowing where x_a's other factor is 1e-100 (isf(1e-200, 2, 0, 1.5)'s inf for 6.147e301; at 1e-300 NaN for
    +inf, reverse mode too; at a = 0.5, q = 1e-101 d/da was -inf for -1.2e205). Where y is below the smallest normal
    number (x above 4.5e307) L and L_a are the leading term's, ``-(log q + gammaln(a + 1)) / a`` and ``-(L +
    digamma(a + 1)) / a`` (d/da was NaN there), and the second derivative in a is refused, as gammaincinv_da's."""
    def parts(q, a):  # (y, L, x, L_a)
        y = _gammaincinv_refined(a, q)
        small = y < _TINY_NORMAL
        with np.errstate(divide="ignore", over="ignore", under="ignore"):
            log_x = np.where(small, -(np.log(q) + sc.gammaln(a + 1.0)) / a, -np.log(np.where(small, 1.0, y)))
            l_a = np.where(small, -(log_x + sc.digamma(a + 1.0)) / a,
                           -gammaincinv_da(a, np.where(small, 1.0, y), q) / np.where(small, 1.0, y))
            return np.where(small, np.exp(-log_x), y), log_x, np.where(small, np.exp(log_x), 1.0 / y), l_a

    def named(i, what):
        return OwnPrimitive(lambda q, a: parts(q, a)[i], name=f"wengert.scipy.stats.invgamma.isf (tiny q: {what})",
                            reenters="any")
    y, log_x, x, l_a = (named(i, what) for i, what in enumerate(("y", "log x", "x", "d log x / da")))
    e = OwnPrimitive(lambda q, a: sc.hyp1f1(1.0, a + 1.0, parts(q, a)[0]) / (a * q),
                     name="wengert.scipy.stats.invgamma.isf (tiny q: -d log x / dq)", reenters="any")

    def z(q, a):  # (d log E / da)
        return log_x(q, a) + sc.digamma(a) + (a - y(q, a)) * l_a(q, a)

    def l_aa_part(q, a):  # (P_aa / (p(y) y); its own derivatives refused: the third in a)
        yv = y(q, a)
        if np.any(_plain(yv) < _TINY_NORMAL):
            raise NoGradientRule(
                "wengert.scipy.stats.invgamma.isf: the second derivative in a where gammaincinv(a, q) is below the "
                "smallest normal number 2.2e-308 (the isf above 4.5e307) is not computed; the first derivatives and "
                "those in q are. Pass a as a constant (wengert.stop_gradient).")
        return -gammaincinv_daa(a, yv) / yv
    quiet = _quiet_over  # (each infinity the truth's overflow)
    _def_partials(y, quiet(lambda q, a: y(q, a) * e(q, a)), quiet(lambda q, a: -y(q, a) * l_a(q, a)))
    _def_partials(log_x, lambda q, a: -e(q, a), l_a)
    _def_partials(x, quiet(lambda q, a: -x(q, a) * e(q, a)), quiet(lambda q, a: x(q, a) * l_a(q, a)))
    _def_partials(e, quiet(lambda q, a: (e(q, a) * (y(q, a) - a)) * e(q, a)), quiet(lambda q, a: e(q, a) * z(q, a)))
    _def_partials(l_a, quiet(lambda q, a: -e(q, a) * z(q, a)),
                  lambda q, a: l_aa_part(q, a) + l_a(q, a) * (log_x(q, a) + sc.digamma(a) + z(q, a)))
    return x


#: invgamma's ppf (False) as :func:`_quantile_primitive`'s and isf (True) as :func:`_invgamma_isf_tiny`'s (used below
#: _INVGAMMA_TINY_Q and _INVGAMMA_ISF_BELOW)
_INVGAMMA_QUANTILES = {
    False: _quantile_primitive("invgamma.ppf", lambda q, a: 1.0 / sc.gammainccinv(a, q), _invgamma_log_density, 1.0,
                               _invgamma_quantile_da(lambda q: 1.0 - q, sc.gammainccinv)),
    True: _invgamma_isf_tiny()}


def _nakagami_ppf_dnu(q, nu, ppf):
    """``d ppf / d nu`` at fixed q, as :func:`_nakagami_isf_dnu` with gammaincinv's ``p = q``."""
    x = ppf(q, nu)
    return gammaincinv_da(nu, nu * x * x, q) / (2.0 * nu * x) - x / (2.0 * nu)


_NAKAGAMI_PPF = _quantile_primitive("nakagami.ppf", lambda q, nu: np.sqrt(sc.gammaincinv(nu, q) / nu),
                                    _nakagami_log_pdf_plain, 1.0, _nakagami_ppf_dnu)
_NAKAGAMI_ISF = _quantile_primitive("nakagami.isf", lambda q, nu: np.sqrt(sc.gammainccinv(nu, q) / nu),
                                    _nakagami_log_pdf_plain, -1.0, _nakagami_isf_dnu)
#: Below this q nakagami.isf is one primitive in q (:data:`_NAKAGAMI_ISF_TINY`, as maxwell's): through
#: sqrt(gammainccinv(nu, q) / nu) its second derivative in q was inf - inf = NaN in forward mode from
#: q = 1e-160 (the truth +inf)
_NAKAGAMI_TINY_Q = 1e-150
#: Within this of nu = 1/2 nakagami.ppf's leading term has its next term (its second derivative there)
_NAKAGAMI_NEAR_HALF = 1e-3


def _nakagami_ppf(q, nu):
    pq, pnu = np.asarray(_plain(q), dtype=float), np.asarray(_plain(nu), dtype=float)
    with np.errstate(divide="ignore", under="ignore"):
        # (and at q = 0 itself, a finite end at every nu: through gammaincinv the derivatives in q were NaN there,
        # the power's exact: 0, +inf or finite second derivative as 1 / (2 nu) is above, between 1 and 2 or at 2)
        small = (pq == 0) | (pq > 0) & ((np.log(pq) + sc.gammaln(pnu + 1.0)) / pnu < math.log(_NAKAGAMI_SMALL_W))

    def leading(q):  # (q^(1 / (2 nu)) a power: its derivatives in q exact to q = 1e-300)
        # (times q^r, r the rounding of 1 / (2 nu) (exactly, by Dekker's product): r's 1e-17 times log q (-691 at q =
        # 1e-300) was ppf(1e-300, 0.7) 2e-14 relative off; a plain factor, its derivatives below rounding)
        pq_here = np.asarray(_plain(q), dtype=float)
        rest = -_product_excess(pnu, 0.5 / pnu, 0.5) / pnu
        with np.errstate(divide="ignore", invalid="ignore"):
            rounding = np.where(pq_here > 0, np.exp(rest * np.log(np.where(pq_here > 0, pq_here, 1.0))), 1.0)
        return np.exp(0.5 * (sc.gammaln(nu + 1.0) / nu - np.log(nu))) * q ** (0.5 / nu) * rounding

    def next_term(q):  # (near nu = 1/2, where the leading term is linear, the next, below rounding in the
        # value, is its second derivative: without it 0 at q = 1e-10 for 2e-10; elsewhere its derivatives
        # overflow against the leading term's, inf - inf)
        return leading(q) * (1.0 + q ** (1.0 / nu) * np.exp(sc.gammaln(nu + 1.0) / nu) / (2.0 * (nu + 1.0)))
    near_half = np.broadcast_to(np.abs(pnu - 0.5) < _NAKAGAMI_NEAR_HALF, np.broadcast(pq, pnu).shape)
    return _piecewise(q, small, lambda q: _piecewise(q, pq < sc.gammainc(pnu, 1.0), lambda q: np.sqrt(
        sc.gammaincinv(nu, q) / nu), lambda q: _NAKAGAMI_PPF(q, nu), 0.5, 0.5),
                      lambda q: _piecewise(q, near_half, leading, next_term, 1e-300, 1e-300), 0.5, 1e-300)


def _nakagami_quantile(name, q, nu, loc, scale, upper, tiny=_NAKAGAMI_ISF_TINY):
    """``loc + scale x``, x the standard quantile; ``tiny`` the isf below ``_NAKAGAMI_TINY_Q`` (chi's its own)."""
    _shapes_positive(name, nu)
    if upper:
        def standard(q, nu):
            pq, pnu = np.asarray(_plain(q), dtype=float), np.asarray(_plain(nu), dtype=float)
            # (at q = 1, a finite end at every nu, the ppf's leading power in 1 - q: see _nakagami_ppf)
            return _piecewise(q, pq == 1.0, lambda q: _piecewise(
                q, pq < _NAKAGAMI_TINY_Q, lambda q: _piecewise(q, pq > sc.gammaincc(pnu, 1.0), lambda q: np.sqrt(
                    sc.gammainccinv(nu, q) / nu), lambda q: _NAKAGAMI_ISF(q, nu), 0.5, 0.5),
                lambda q: tiny(q, nu), 0.5, 1e-200), lambda q: _nakagami_ppf(1.0 - q, nu), 0.5, 1.0)
    else:
        def standard(q, nu):
            return _nakagami_ppf(q, nu)
    # (its end 0 at every nu, steep for nu > 1/2: d/dnu there was NaN by the chain rule, the truth 0)
    return _located(name, q, loc, scale, standard, shapes=(nu,), steep_mixed=_power_steep,
                    level_mixed=lambda lower, nu: (_unit_power_mixed(2.0 * nu),))


_quantiles(nakagami, "nu", _nakagami_quantile, (
    ("``loc + scale sqrt(gammaincinv(nu, q) / nu)``.", "round(float(nakagami.ppf(0.5, 2.0)), 6)", "0.916064"),
    ("``loc + scale sqrt(gammainccinv(nu, q) / nu)``.", "round(float(nakagami.isf(0.5, 2.0)), 6)", "0.916064")))


def _nakagami_entropy(nu):
    """``gammaln(nu) + nu - (nu - 1/2) digamma(nu) - log(nu) / 2 - log 2``, as gamma's entropy's and
    digamma's excesses over their logs (:func:`_gamma_entropy_excess`, :func:`_digamma_excess`: series
    from nu = 10), ``E - D / 2 + (1 + log(2 pi)) / 2 - log 2 - log(nu) / 2``: the terms of size log(nu)
    cancel in the direct form (SciPy's takes the norm's entropy and ``-1/(12 nu)`` from nu = 5e4)."""
    return (_gamma_entropy_excess(nu) - 0.5 * _digamma_excess(nu) + 0.5 * (1.0 + math.log(2.0 * math.pi))
            - math.log(2.0) - 0.5 * np.log(nu))


_add_moments("nakagami", ("nu",), lambda nu: np.exp(_nakagami_log_mean(nu)),
             lambda nu: -np.expm1(2.0 * _nakagami_log_mean(nu)), _nakagami_entropy, _shapes_positive,
             note=" The mean is ``gamma(nu + 1/2) / (gamma(nu) sqrt(nu))``, the variance ``1 - m^2`` (as "
                  "``-expm1(2 log m)``, its log's series from nu = 10: SciPy's ``1 - m^2`` cancels as nu grows).")
_add_quantile_summaries("nakagami")


def _dweibull_sided(z, positive, negative):
    """``positive(t)`` where ``z >= 0`` (``t = z``), ``negative(t)`` where ``z < 0`` (``t = -z``)."""
    return _piecewise(z, np.asarray(_plain(z)) < 0, positive, lambda z: negative(-z), 1.0, -1.0)


# -- loggamma (the log of a gamma variate) ------------------------------------------------------


class loggamma:
    """The log-gamma distribution, as ``scipy.stats.loggamma``: the log of a gamma(c) variate, on the whole
    real line (``logpdf = c z - e^z - gammaln(c)``, ``cdf = gammainc(c, e^z)``), differentiable in x (or q), c,
    loc and scale: in x, q, loc and scale to every order, in ``c`` to second order (mixed with the others too)
    where the function goes through ``gammainc`` or its inverse (the tails, quantiles, median, interval: as
    ``gamma``'s, whose third derivative in the shape is refused), to every order elsewhere (the density, mean,
    var, std, entropy). Both log tails are finite far out (SciPy's are ``-inf``), ``ppf`` exact to ``q = 1e-300``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import loggamma
    >>> round(float(wg.grad_bp(lambda x: loggamma.cdf(x, 1.0), 0.0)), 6)  # the density e^(z - e^z) at 0
    0.367879

    .. versionadded:: 0.1
    """


#: From this w = e^z on, loggamma's log sf is its asymptote ``-w + (c - 1) z - gammaln(c)`` (as nakagami's)
_LOGGAMMA_FAR = 1e150


def _loggamma_plain_logsf(z, c):
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return _log_gammaincc(c, np.exp(z))


def _loggamma_tail(z, c, upper, log):
    """gammainc(c, e^z) (gammaincc), or its log (:func:`_lower_gamma_tails`, with ``w^c = e^(c z)`` and its log
    ``c z``: the lower log tail ``c z - gammaln(c + 1) - e^z + log1p(S)`` exact to z = -1e300); far up the log
    sf its asymptote, the others constants with derivatives 0 where the log sf is below ``_VANISHING_LOG``."""
    pc = np.asarray(_plain(c), dtype=float)

    def tail(z):
        return _lower_gamma_tails(c, z, np.exp, lambda z: np.exp(c * z), lambda z: c * z, upper, log, (0.0, -2.0))
    if upper and log:
        def asymptote(z):
            with np.errstate(over="ignore"):  # (-inf from z = 709.8: the truth's rounding)
                return -np.exp(z) + (c - 1.0) * z - sc.gammaln(c)
        return _piecewise(z, np.asarray(_plain(z), dtype=float) > math.log(_LOGGAMMA_FAR), tail, asymptote, 0.0,
                          400.0)
    return _vanishing(lambda z: _loggamma_plain_logsf(z, pc), tail, z, 0.0, -0.0 if log else 0.0 if upper else 1.0)


def _loggamma_log_density(z, c, scale):
    with np.errstate(over="ignore"):  # (-inf from z = 709.8: the truth's rounding)
        return c * z - np.exp(z) - sc.gammaln(c) - _log_of(scale)


def _loggamma_check(name, z, c):
    _shapes_positive(name, c)


def _always_inside(z):
    return np.ones(np.shape(z), dtype=bool)


_shape_functions(loggamma, ("c",), _loggamma_check, [
    (*row[:5], f"round(float(loggamma.{row[0]}(1.0, 2.0)), 6)", row[5]) for row in (
        ("logpdf", _always_inside, _loggamma_log_density, -np.inf,
         "``c z - e^z - gammaln(c) - log(scale)``.", "-0.718282"),
        # (0 with derivatives 0 where the log density is below -3000, both ways: e^z's derivatives overflow)
        ("pdf", _always_inside, lambda z, c, scale: _vanishing(
            lambda z: _loggamma_log_density(z, _plain(c), 1.0), lambda z: np.exp(_loggamma_log_density(z, c, scale)),
            z, 0.0, 0.0), 0.0, "``exp(c z - e^z) / (gamma(c) scale)``.", "0.487589"),
        ("cdf", _always_inside, lambda z, c, scale: _loggamma_tail(z, c, False, False), 0.0,
         "``gammainc(c, e^z)`` (``e^(c z)`` times a series far down).", "0.754638"),
        ("logcdf", _always_inside, lambda z, c, scale: _loggamma_tail(z, c, False, True), -np.inf,
         "``log(gammainc(c, e^z))`` (``c z`` and a series far down: finite where SciPy's is ``-inf``).",
         "-0.281517"),
        ("sf", _always_inside, lambda z, c, scale: _loggamma_tail(z, c, True, False), 1.0,
         "``gammaincc(c, e^z)``.", "0.245362"),
        ("logsf", _always_inside, lambda z, c, scale: _loggamma_tail(z, c, True, True), 0.0,
         "``log(gammaincc(c, e^z))`` (finite far up, where gammaincc underflows).", "-1.40502"))], )


def _loggamma_isf_dc(q, c, isf):
    """``d isf / d c`` at fixed q: ``gammaincinv_da(c, w, 1 - q) / w``, ``w = e^x = gammainccinv(c, q)``."""
    w = np.exp(isf(q, c))
    return gammaincinv_da(c, w, 1.0 - q) / w


# (P_n a polynomial in u = e^x: D' = (u - c) D^2, P_(m+1) = u dP_m/du + m (u - c) P_m)
_LOGGAMMA_ISF_TINY = _tiny_isf(
    "loggamma.isf", "c", lambda q, c: np.log(sc.gammainccinv(c, q)),
    lambda x, c: c * x - np.exp(x) - sc.gammaln(c), np.exp,
    lambda k, a, m, c: ((k, k * a), (k + 1, m * a), (k, -m * c * a)), _loggamma_isf_dc)


def _loggamma_ppf(q, c):
    """``log(gammaincinv(c, q))``; below ``w = 1e-20`` its leading term ``(log q + gammaln(c + 1)) / c`` (the
    next, ``w / (c + 1)``, below rounding): gammaincinv's w underflowed (ppf(1e-300, 0.5) was -inf for -1381.4)."""
    pq, pc = np.asarray(_plain(q), dtype=float), np.asarray(_plain(c), dtype=float)
    with np.errstate(divide="ignore", under="ignore"):
        small = (pq > 0) & ((np.log(pq) + sc.gammaln(pc + 1.0)) / pc < math.log(_NAKAGAMI_SMALL_W))
    return _piecewise(q, small, lambda q: np.log(sc.gammaincinv(c, q)),
                      lambda q: (np.log(q) + sc.gammaln(c + 1.0)) / c, 0.5, 1e-300)


def _loggamma_quantile(name, q, c, loc, scale, upper):
    _shapes_positive(name, c)
    if upper:
        def standard(q, c):
            pq, pc = np.asarray(_plain(q), dtype=float), np.asarray(_plain(c), dtype=float)
            with np.errstate(divide="ignore", under="ignore"):
                small = (pq < 1) & ((np.log1p(-pq) + sc.gammaln(pc + 1.0)) / pc < math.log(_NAKAGAMI_SMALL_W))
            # where w = gammainccinv(c, q) is below 1e-20, the ppf's leading term at 1 - q: w underflowed
            # (loggamma.isf(0.5, 1e-12) was -inf for -6.9e11); the other forms' stand-in q = 1e-100 (w far from 0)
            return _piecewise(q, small, lambda q: _piecewise(
                q, np.asarray(_plain(q), dtype=float) < _NAKAGAMI_TINY_Q, lambda q: np.log(sc.gammainccinv(c, q)),
                lambda q: _LOGGAMMA_ISF_TINY(q, c), 0.5, 1e-200), lambda q: (np.log1p(-q) + sc.gammaln(c + 1.0)) / c,
                1e-100, 0.5)
    else:
        def standard(q, c):
            return _loggamma_ppf(q, c)
    return _located(name, q, loc, scale, standard, shapes=(c,))


_quantiles(loggamma, "c", _loggamma_quantile, (
    ("``loc + scale log(gammaincinv(c, q))`` (its leading term ``(log q + gammaln(c + 1)) / c`` far down).",
     "round(float(loggamma.ppf(0.5, 2.0)), 6)", "0.517809"),
    ("``loc + scale log(gammainccinv(c, q))``.", "round(float(loggamma.isf(0.5, 2.0)), 6)", "0.517809")))


def _loggamma_entropy(c):
    """``gammaln(c) - c digamma(c) + c``; from c = 10 ``log(2 pi / c) / 2 + S(c) - c (digamma(c) - log c)``
    (S Stirling's series, :func:`_digamma_excess`): the direct terms, of size c log c, cancel."""
    return _piecewise(c, _plain(c) >= _NAKAGAMI_SERIES_FROM, lambda c: sc.gammaln(c) - c * sc.digamma(c) + c,
                      lambda c: 0.5 * np.log(2.0 * math.pi / c) + _odd_series(c, _STIRLING_SERIES)
                      - c * _digamma_excess(c), 1.0, 2.0 * _NAKAGAMI_SERIES_FROM)

_add_moments("loggamma", ("c",), sc.digamma, lambda c: _polygamma(1, c), _loggamma_entropy, _shapes_positive,
             note=" The mean is ``digamma(c)``, the variance ``polygamma(1, c)``.")
_add_quantile_summaries("loggamma")


# -- chi (the square root of a chi-squared variate) ---------------------------------------------


class chi:
    """The chi distribution, as ``scipy.stats.chi``: the length of a vector of ``df`` standard normal
    variates, a gamma distribution in ``x^2 / 2`` (``cdf = gammainc(df / 2, z^2 / 2)``), differentiable in x
    (or q), df, loc and scale: in x, q, loc and scale to every order, in ``df`` to second order (mixed with the
    others too) where the function goes through ``gammainc`` or its inverse (the tails, quantiles, median,
    interval: as ``gamma``'s, whose third derivative in the shape is refused), to every order elsewhere (the
    density, mean, var, std, entropy). Its support is ``z = (x - loc) / scale >= 0``; near 0 the cdf is
    ``(z^2 / 2)^(df / 2)`` times a series (its log exact to ``z = 1e-300``), far out the log sf is finite where
    SciPy's is ``-inf``. The log density and the tails are SciPy's formulas (its values, bit for bit, where
    they do not underflow); the quantiles are nakagami's at ``nu = df / 2`` times ``sqrt(df)`` (exact to
    ``q = 1e-300``, where SciPy's ppf underflows to 0), the moments those of its log mean (SciPy's variance
    ``df - mean^2`` cancels as df grows).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import chi
    >>> round(float(wg.grad_bp(lambda x: chi.cdf(x, 2.0), 1.0)), 6)  # the density z e^(-z^2 / 2)
    0.606531

    .. versionadded:: 0.1
    """


def _chi_log_density(z, df, scale, log_z=None):
    """SciPy's ``chi._logpdf``, term for term (its value bit for bit): ``log 2 - log(2) df / 2 - gammaln(df / 2)
    + (df - 1) log z - z^2 / 2``, then ``- log(scale)`` (float32 stays float32: SciPy < 1.18's xlogy has no
    float32 loop)."""
    return _in_dtype_of(math.log(2.0) - 0.5 * math.log(2.0) * df - sc.gammaln(0.5 * df) + _xlog_z(df - 1.0, z, log_z)
                        - 0.5 * z * z - _log_of(scale), z, df, scale)


def _chi_check(name, z, df, inside=None):
    """``df > 0``; for a density, a traced df refused at ``x == loc`` where ``df = 1`` (``inside`` as
    :func:`_nakagami_check`'s)."""
    _shapes_positive(name, df)
    if name.endswith("pdf"):  # (the tails, gammainc(df / 2, z^2 / 2), are 0 and 1 at z = 0 for every df)
        _refuse_a_jump_in_shape(name, df, lambda: _x_at_loc(z, inside) & (df == 1), "df", "df = 1 where x == loc",
                                "z**(df - 1)")


def _chi_density(z, df, scale, log_z=None):
    """``exp`` of the log density at scale 1, over ``scale`` (SciPy's ``_pdf / scale``, bit for bit), with
    powers at and near ``z = 0`` (:func:`_exp_at_ends`), 0 with derivatives 0 far out (:func:`_vanishing`)."""
    pdf_ = np.asarray(_plain(df), dtype=float)
    # (-(z z) / 2, not -0.5 z z: at z = 5e-324 the node 0.5 z underflowed to 0, so the exponent's slope -z was 0 and
    # met the power's -inf slope, d2/dx2 of chi.pdf(5e-324, 0.2) NaN for +inf; the value the same, 0.5 z exact above
    # the subnormals)
    return _density_from_zero(z, lambda z: _chi_log_density(z, df, 1.0, log_z), lambda z: _power_less(z, df) * np.exp(
        -(z * z) * 0.5 - (0.5 * df - 1.0) * _LOG_2 - sc.gammaln(0.5 * df)), pdf_ - 1.0,
        lambda z: _chi_log_density(z, pdf_, 1.0), over=scale)


#: Below this gammainc(df / 2, z^2 / 2) chi's log sf is its leading term (:func:`_chi_log_sf`)
_CHI_LOG_SF_LEAD = 1e-20


#: ``gammaln(1 + d / 2) / d`` as a polynomial in d (its series, to d = 1/4 below 1e-17 of it)
_LOG_GAMMA_1P_HALF_OVER = [-0.5 * _EULER] + [(-1) ** k * float(sc.zeta(k)) / (k * 2 ** k) for k in range(2, 30)]


def _chi_rounded_log_sf(log_z, df):
    """chi's log sf ``log(1 - P)`` where z is rounded to 0 inside the support at a tiny df (``df < 0.07`` there: from
    it on P is below 1e-20, :func:`_chi_log_sf`'s lead): ``log P = df K``, ``K = log z - log(2) / 2 - gammaln(1 + df /
    2) / df`` (the next term, -df z^2 / (2 (df + 2)), below 1e-600; ``log_z`` of x - loc and the scale apart), and
    where ``|df K| <= 1/2`` ``log(1 - P) = log(df) + log(-K) + log((1 - e^(df K)) / (-df K))`` (the last by its
    series). Through ``log1mexp(df K)`` its derivatives in df were differences of terms ``1 / (df K)^n``, which cancel
    (the Hessian of chi.logsf(1e-300, 1e-10, 0, 1e30) 7e-9 off in d2/dx ddf) or overflow (at df = 1e-300: d2/dx ddf
    NaN and +inf for 5e299, d2/ddf dscale 1.3e267 for -5e-31, d2/dx dscale 0 for 1.7e264; mpmath)."""
    pdf = np.asarray(_plain(df), dtype=float)
    k = log_z - 0.5 * _LOG_2 - _piecewise(df, pdf < 0.25, lambda d: sc.gammaln(1.0 + 0.5 * d) / d,
                                          lambda d: polynomial(d, _LOG_GAMMA_1P_HALF_OVER), 1.0, 0.1)
    small = np.asarray(np.abs(pdf * np.asarray(_plain(k), dtype=float)) <= 0.5)
    small = np.broadcast_to(small, np.broadcast_shapes(small.shape, np.shape(_plain(k)), pdf.shape))
    return _two_forms(small, lambda df, k: _log1mexp(df * k), lambda df, k: np.log(df) + np.log(-k) + _log_expm1_ratio(
        -(df * k)), (df, k), (1.0, -1.0), (0.1, -1.0))


def _chi_log_sf(z, df, log_z):
    """chi's log sf (:func:`_chi_tail`), and where ``P = gammainc(df / 2, z^2 / 2) < 1e-20`` (z^2 below it too) ``-P``
    to leading order, ``-z^df / (2^(df / 2) gamma(df / 2 + 1))``, ``z^df`` of x - loc and the scale apart
    (:data:`_Z_POWER_TERMS`; the next terms, P^2 / 2 and z^2 P, below 1e-20 of it, and of each derivative): through
    log1p(-P) d2/dx2 was ``-P'' - P'^2``, +inf - inf = NaN at chi.logsf(1e-300, 0.2), the truth +inf, and d2/dscale dx
    through z ``-(z P'' + P') / scale^2`` NaN for the finite ``df^2 P / (x scale)``."""
    pz, pdf = np.asarray(_plain(z), dtype=float), np.asarray(_plain(df), dtype=float)
    low = _not_normal_z(log_z.u, log_z.scale, pz)  # (z rounded to 0 while x - loc > 0)
    at = (pz > 0) if low is None else (pz > 0) | (low & (pz == 0))
    # P's leading term itself, from log z (of x - loc and the scale where z is rounded to 0): gammainc(df / 2, z^2 / 2)
    # is 0 where z^2 / 2 underflows, whatever df, and P is near 1 there for a tiny df (chi.logsf(1e-300, 1e-300) was
    # -1.0 for -684.24: P = 1 - 2e-297)
    with np.errstate(invalid="ignore", under="ignore", over="ignore", divide="ignore"):
        log_of_z = np.where(pz > 0, np.log(np.where(pz > 0, pz, 1.0)), np.log(np.asarray(_plain(log_z.u), dtype=float))
                            - np.log(np.asarray(_plain(log_z.scale), dtype=float)))
        log_lead = pdf * log_of_z - 0.5 * pdf * _LOG_2 - sc.gammaln(0.5 * pdf + 1.0)
        lead = at & (pz < _CHI_LOG_SF_LEAD) & (log_lead < math.log(_CHI_LOG_SF_LEAD))
    lead = np.broadcast_to(lead, np.broadcast_shapes(pz.shape, pdf.shape))
    # (where z is rounded to 0 inside the support and P is not tiny (a tiny df): log(1 - P) of log P's leading term,
    # df log z - df log(2) / 2 - gammaln(df / 2 + 1) (the next, -df z^2 / (2 (df + 2)), below 1e-600), log z of x - loc
    # and the scale apart: through z = 0 gammaincc(df / 2, 0) = 1, chi.logsf(1e-300, 1e-300, 0, 1e30) was -0.0 for
    # -683.5 (mpmath), its d/dscale 0 for 2e-330, at df = 1e-10 -0.0 for -15.9; a subnormal z too, where z^2 / 2 is
    # 0: chi.logsf(1e-300, 1e-10, 0, 1e22) was 1e-6 off, its d/dscale inf for 1.3e-25)
    rounded = np.broadcast_to(at & (pz < np.finfo(float).tiny), lead.shape) & ~lead

    def tail(z, df):
        if not np.any(rounded):
            return _chi_tail(z, df, True, True, _log_z_inside(log_z, True))
        return _two_forms(rounded, lambda z, df: _chi_tail(z, df, True, True, _log_z_inside(log_z, True)),
                          lambda z, df: _chi_rounded_log_sf(log_z(z), df), (z, df), (1.0, 1.0), (0.5, 1.0))
    if not np.any(lead):
        return tail(z, df)
    scale = log_z.scale

    def leading(z, u, df):
        return -(np.exp2(-0.5 * df) * sc.rgamma(0.5 * df + 1.0)) * _Z_POWER_TERMS(u, scale, df, terms=_Z_ITSELF)
    # (stand-ins: z = 1 for the tail; u = scale (z = 1) and df = 1 for the lead)
    return _two_forms(lead, lambda z, u, df: tail(z, df), leading, (z, log_z.u, df), (1.0, 0.0, 1.0),
                      (0.5, _plain(scale), 1.0))


_shape_functions(chi, ("df",), _chi_check, [
    (*row[:5], f"round(float(chi.{row[0]}(1.0, 2.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z >= 0, _chi_log_density, -np.inf,
         "``log 2 - log(2) df / 2 - gammaln(df / 2) + (df - 1) log(z) - z^2 / 2 - log(scale)`` on ``z >= 0``, "
         "``-inf`` below.", "-0.5"),
        ("pdf", lambda z: z >= 0, _chi_density, 0.0,
         "``z^(df - 1) exp(-z^2 / 2) / (2^(df / 2 - 1) gamma(df / 2) scale)`` on ``z >= 0``, 0 below.", "0.606531"),
        ("cdf", lambda z: z >= 0, lambda z, df, scale: _chi_tail(z, df, False, False), 0.0,
         "``gammainc(df / 2, z^2 / 2)`` (``(z^2 / 2)^(df / 2)`` times a series near 0), 0 below the support.",
         "0.393469"),
        # (at z = 0: -inf with the limits from inside as its derivatives, df log z - df log(2) / 2 - gammaln(df / 2 + 1)
        # + O(z^2))
        ("logcdf", lambda z: z >= 0, lambda z, df, scale, log_z: _log_cdf_from_lower_end(
            z, lambda z: _chi_tail(z, df, False, True, log_z),
            lambda z: log_z(z, df, end=True) - 0.5 * _LOG_2 * df - sc.gammaln(0.5 * df + 1.0)), -np.inf,
         "``log(gammainc(df / 2, z^2 / 2))`` (``df log z`` and a series near 0), ``-inf`` at and below 0.",
         "-0.932752"),
        ("sf", lambda z: z >= 0, lambda z, df, scale: _chi_tail(z, df, True, False), 1.0,
         "``gammaincc(df / 2, z^2 / 2)``, 1 below the support.", "0.606531"),
        ("logsf", lambda z: z >= 0, lambda z, df, scale, log_z: _chi_log_sf(z, df, log_z), 0.0,
         "``log(gammaincc(df / 2, z^2 / 2))`` (finite far in the tail, where gammaincc underflows), 0 below "
         "the support.", "-0.5"))])


def _chi_quantile(name, q, df, loc, scale, upper):
    """``loc + scale sqrt(df) x``, ``x`` nakagami's quantile at ``nu = df / 2`` (:func:`_nakagami_quantile`:
    ``sqrt(2 gammaincinv(df / 2, q)) = sqrt(df) sqrt(gammaincinv(nu, q) / nu)``, with its leading term far
    down, its primitives in q and its isf below q = 1e-150)."""
    _shapes_positive(name, df)
    return _located(name, q, loc, scale, lambda q, df: np.sqrt(df) * _nakagami_quantile(
        name, q, 0.5 * df, 0.0, 1.0, upper, _CHI_ISF_TINY), shapes=(df,), steep_mixed=_power_steep,
                    level_mixed=lambda lower, df: (_unit_power_mixed(df),))


#: nakagami's isf below q = 1e-150 (:data:`_NAKAGAMI_ISF_TINY`), its refusals naming chi and df
_CHI_ISF_TINY = _tiny_isf("chi.isf", "df", *_NAKAGAMI_ISF_TINY_PARTS)


_quantiles(chi, "df", _chi_quantile, (
    ("``loc + scale sqrt(2 gammaincinv(df / 2, q))``.", "round(float(chi.ppf(0.5, 2.0)), 6)", "1.17741"),
    ("``loc + scale sqrt(2 gammainccinv(df / 2, q))``.", "round(float(chi.isf(0.5, 2.0)), 6)", "1.17741")))


def _chi_entropy(df):
    """nakagami's entropy at ``nu = df / 2`` plus ``log(sqrt(df))`` (chi is ``sqrt(df)`` times nakagami), the
    logs of nu cancelled: ``E - D / 2 + (1 + log(2 pi)) / 2 - log(2) / 2`` (:func:`_nakagami_entropy`)."""
    nu = 0.5 * df
    return (_gamma_entropy_excess(nu) - 0.5 * _digamma_excess(nu) + 0.5 * (1.0 + math.log(2.0 * math.pi))
            - 0.5 * _LOG_2)


def _chi_mean(df):
    """SciPy's ``sqrt(2) exp(gammaln(df / 2 + 1/2) - gammaln(df / 2))`` (bit for bit) below df = 20, from there
    ``sqrt(df) e^L`` (``L`` the log of nakagami's mean at ``nu = df / 2``, its series: the gammaln difference
    loses digits as df grows; through nakagami's recurrence below df = 20 the mean was 3.5 ulps off at df = 2)."""
    return _piecewise(df, _plain(df) >= 2.0 * _NAKAGAMI_SERIES_FROM,
                      lambda df: math.sqrt(2.0) * np.exp(sc.gammaln(0.5 * df + 0.5) - sc.gammaln(0.5 * df)),
                      lambda df: np.sqrt(df) * np.exp(_nakagami_log_mean(0.5 * df)), 2.0, 4.0 * _NAKAGAMI_SERIES_FROM)


def _chi_variance(df):
    """``df - m^2 = -df expm1(2 L)`` (``L`` the log of nakagami's mean at ``nu = df / 2``; SciPy's ``df - m^2``
    cancels as df grows: 3e-11 off at df = 200); from df = 20 ``-4 M exprel(4 M / df)``, ``M = nu L(nu)`` its
    series in ``1 / nu^2`` (-1/8 + ...), exprel a series (``|4 M / df| < 1/40``): through ``-df expm1(2 L)`` the
    derivative in df was two terms of size ``1 / (2 df)`` cancelling to ``1 / (8 df^2)`` (7e-9 off at df = 1e8)."""
    def far(df):
        u = 2.0 / df
        m = polynomial(u * u, _NAKAGAMI_MEAN_SERIES)
        return -4.0 * m * polynomial(2.0 * m * u, _GOMPERTZ_EXPREL[:16])

    def middle(df):
        # -4 M exprel(2 M / nu) as far, M = nu L = -1/8 + nu g, g = L + 1 / (8 nu) from the recurrence L(nu) = L(nu +
        # 10) + sum_j log1p(-s_j) / 2, s_j = 1 / (2 (nu + j) + 1)^2, with 1 / (8 nu) = 1 / (8 (nu + 10)) + sum_j s_j /
        # (2 (1 - s_j)) (4 x (x + 1) = (2 x + 1)^2 - 1): g(nu + 10) (the series less its first term) plus sum_j (log1p(-s)
        # + s / (1 - s)) / 2 = sum_k>=2 (k - 1) s^k / (2 k), every term positive (through -df expm1(2 L), L's
        # recurrence, the derivatives in df were terms of size 1 / (2 df) cancelling to 1 / (8 df^2): 6e-13 off)
        nu = 0.5 * df
        x = nu + 10.0
        g = _odd_series(x, _NAKAGAMI_MEAN_SERIES[1:]) / (x * x) + sum(
            (lambda s: s * s * polynomial(s, _CHI_LOG1P_EXCESS))(1.0 / (2.0 * (nu + j) + 1.0) ** 2) for j in range(10))
        m = -0.125 + nu * g
        return -4.0 * m * polynomial(2.0 * m / nu, _GOMPERTZ_EXPREL[:20])

    def near(df):  # (below df = 3 L as the gammaln difference: through the recurrence 14 ulps off at df = 2)
        pdf_ = _plain(df)
        return _piecewise(df, pdf_ >= _CHI_DIRECT_BELOW, lambda df: -df * np.expm1(2.0 * (
            sc.gammaln(0.5 * df + 0.5) - sc.gammaln(0.5 * df) - 0.5 * np.log(0.5 * df))), middle, 2.0, 10.0)
    return _piecewise(df, _plain(df) >= 2.0 * _NAKAGAMI_SERIES_FROM, near, far, 2.0, 4.0 * _NAKAGAMI_SERIES_FROM)


#: ``(log1p(-s) + s / (1 - s)) / 2 = sum_k>=2 (k - 1) s^k / (2 k)``: its coefficients of ``s^(k + 2)`` (s <= 1/36 in
#: :func:`_chi_variance`: 14 terms, the next below 1e-21 of the first)
_CHI_LOG1P_EXCESS = [(k + 1.0) / (2.0 * (k + 2.0)) for k in range(14)]


#: Below this df chi's variance takes its log mean from the gammaln difference (exact there: 0.6 ulps at df =
#: 2, nakagami's recurrence 14), above the series of its excess over -1 / (4 df) (the difference's gammaln values
#: grow: 45 ulps at 13; the excess's series in s = 1 / (df + 1)^2 <= 1/16 is within 1e-15 in its second derivative
#: from here, 3e-12 at df = 2)
_CHI_DIRECT_BELOW = 3.0


_add_moments("chi", ("df",), _chi_mean, _chi_variance, _chi_entropy, _shapes_positive,
             note=" The mean is ``sqrt(2) gamma((df + 1) / 2) / gamma(df / 2)``, the variance ``df - m^2`` (as "
                  "``-df expm1(2 L)``, ``L`` the log of nakagami's mean at ``nu = df / 2``, its series from df = 20: "
                  "SciPy's ``df - m^2`` cancels as df grows).")
_add_quantile_summaries("chi")


# -- gengamma (the generalized gamma: W^(1/c) of a gamma variate W) ---------------------------------


class gengamma:
    """The generalized gamma distribution, as ``scipy.stats.gengamma``: ``x = W^(1/c)`` for ``W`` gamma(a) (``a >
    0``, ``c != 0`` of either sign), the density ``|c| z^(c a - 1) exp(-z^c) / gamma(a)`` on ``z >= 0``,
    differentiable in x (or q), a, c, loc and scale: in x, q, c, loc and scale to every order, in ``a`` to second
    order (mixed with the others too) where the function goes through ``gammainc`` or its inverse (the tails,
    quantiles, median, interval: as ``gamma``'s, whose third derivative in the shape is refused), to every order
    elsewhere (the density, mean, var, std, entropy). The tails are gamma's at ``w = z^c`` (``cdf = gammainc(a,
    w)`` for ``c > 0``, ``gammaincc(a, w)`` for ``c < 0``): near ``w = 0`` ``w^a`` times a series with ``a c log
    z`` one term (their logs exact to ``z = 1e-300``), far out the log of the upper gamma tail finite where
    SciPy's is ``-inf``. The quantiles are ``W^(1/c)`` as one primitive in q, a and c (its derivative in q ``1 /
    pdf``: through ``gammaincinv(a, q)^(1 / c)`` the second derivative cancelled), with W's leading term ``(q
    gamma(a + 1))^(1 / a)`` where gammaincinv underflows (SciPy's ppf is 0 there: ``ppf(1e-300, 0.5, 10)`` is
    9.76e-61). The k-th moment ``gamma(a + k / c) / gamma(a)`` exists where ``a + k / c > 0`` (inf elsewhere; SciPy's
    ``poch(a, k / c)`` is finite and wrong there: its ``mean(1.2, -0.5)`` is -6.25), the variance ``m^2 expm1(D)``
    with ``D`` the second difference of gammaln (its Taylor series in ``1 / c`` where the difference cancels).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gengamma
    >>> round(float(wg.grad_bp(lambda x: gengamma.cdf(x, 1.0, 2.0), 1.0)), 6)  # the density 2 x e^(-x^2)
    0.735759

    .. versionadded:: 0.1
    """


def _gengamma_shapes(name, a, c):
    """``a > 0`` and ``c != 0`` (SciPy gives NaN elsewhere)."""
    _shapes_positive(name, a, names=["a"])
    if np.any(_plain(c) == 0):
        raise ValueError(f"{name}: c must not be 0 (SciPy gives NaN)")


def _gengamma_check(name, z, a, c, inside=None):
    """The shapes (:func:`_gengamma_shapes`); for a density, a traced ``a`` or ``c`` refused at ``x == loc`` where
    ``c a = 1`` (the factor ``z^(c a - 1)`` jumps in them there: :func:`_refuse_a_jump_in_shape`; ``inside``,
    :func:`_inside_z`'s plain z, is not 0 where z only rounds to 0)."""
    _gengamma_shapes(name, a, c)
    if name.endswith("pdf"):
        for shape, label in ((a, "a"), (c, "c")):
            _refuse_a_jump_in_shape(name, shape, lambda: _x_at_loc(z, inside) & (_plain(a) * _plain(c) == 1), label,
                                    "c a = 1 where x == loc", "z**(c a - 1)")


def _gengamma_log_kernel(z, a, c, log_z=None, power_z=None):
    """``log|c| + (c a - 1) log z - z^c - gammaln(a)`` (SciPy's ``_logpdf``), ``-inf`` at ``z = 0`` for ``c < 0``
    (there ``(c a - 1) log z - z^c`` is ``inf - inf``). ``log_z`` and ``power_z`` (:func:`_log_of_z`,
    :func:`_power_of_z`), used where every c is positive: ``log z`` and ``z^c`` with their derivatives in x and in
    scale apart (through z d2/dx dscale of gengamma.logpdf(1e-15, 2, 1.5) was 0.0, the truth 7.1e-8)."""
    pz, pc = _plain(z), _plain(c)
    negative = np.asarray(pc) < 0
    if log_z is not None and np.any(negative) and not np.all(negative):
        # (each sign its own form, the other's entries at stand-ins (c a - 1 = 1 and -2): with c of both signs in one
        # call c > 0's log z and z^c went through z, c < 0's end too, d/dscale -0.5 at x == loc for -1.125 and -inf)
        return np.where(negative, _gengamma_log_kernel(z, np.where(negative, a, 1.0), np.where(negative, c, -1.0),
                                                       log_z, power_z),
                        _gengamma_log_kernel(z, np.where(negative, 1.0, a), np.where(negative, 2.0, c), log_z, power_z))
    # (z = 0 with c > 0 too: through xlogy and z^c d/dx was (c a - 1) / u - c z^(c - 1) / scale, inf - inf = NaN for c
    # < 1, the limit +inf, and np.power refused z^c's second derivative in c at z = 0)
    # (not where z is rounded to 0 while x != loc with c > 0 (log_z's inside): there the kernel, c a - 1 with the
    # product's rounding kept; through the end's terms d/dx of gengamma.logpdf(1e-300, 1.5, 2/3, 0, 1e300) was 0, c a /
    # u - 1 / u, the truth (c a - 1) / u = -5.55e283, mpmath)
    rounded = getattr(log_z, "inside", None)
    rounded = rounded if rounded is not None and rounded.shape == np.shape(pz) else np.zeros(np.shape(pz), dtype=bool)
    zero = np.broadcast_to((pz == 0) & ((pc < 0) | ((pc > 0) & (power_z is not None) & ~rounded)),
                           np.broadcast_shapes(np.shape(pz), np.shape(pc), np.shape(_plain(a))))
    apart = log_z is not None and bool(np.all(np.asarray(pc) > 0))

    def kernel(z):
        # (c a - 1 with the product's rounding kept, _product_less_kept: where c a rounds to 1 it is the whole of the
        # slope near 0, gengamma.logpdf(1e-300, 1.5, 2/3)'s d/dx was -5.1e99, the truth -4.3e283)
        e = _product_less_kept(c, a, z, log_z=log_z)

        def apart_terms(z):
            return _xlog_z(e, z, log_z) - power_z(z, c)
        with np.errstate(over="ignore"):  # (-inf where z^c overflows: the truth's rounding)
            if apart:
                lead = _overflowing_power_leads(z, c, below=np.inf)
                # (where z^c's second derivative overflows, (c a - 1) log z - z^c as one primitive, _LOG_PLUS_POWER:
                # apart d2/dx2 was -e / z^2 + c (1 - c) z^(c - 2), both overflowing, NaN at gengamma.logpdf(1e-300, 4,
                # 0.5), the truth -inf)
                terms = _piecewise(z, lead, apart_terms, lambda z: power_z(z, c, terms=_LOG_PLUS_POWER, e=e, b=-1.0),
                                   0.1, 1e-300) if np.any(lead) else apart_terms(z)
            elif np.all(np.asarray(pc) < 0) and np.any(lead := _overflowing_power_leads(z, c, below=np.inf)):
                # (c < 0: where z^c's second derivative overflows, c a log z - log z - z^c as one primitive in z, c and
                # a, the end's terms (no cancellation for c a < 0): through xlogy and np.power d2/dx2 was -e / z^2 -
                # c (c - 1) z^(c - 2), both overflowing apart, NaN at gengamma.logpdf(1e-200, 3, -1/3), the truth
                # -inf; its slope z^(c - 1) overflowed before dz/dscale = -z / scale met it, d/dscale at 1e-300 -inf
                # for -2.8e99; with e = c a - 1 apart, d2/dx dc at 5e-324 a / z - z^(c - 1) (c log z + 1), inf - inf)
                def near(z):
                    t = (power_z(z, c, _GENGAMMA_END_TERMS, e=a) if power_z is not None
                         else _Z_TERMS(z, 1.0, c, a, 0.0, terms=_GENGAMMA_END_TERMS))
                    # (at a subnormal z its value, from log z, was up to 50 ulp off SciPy's, 2e-308: there SciPy's
                    # value, plain, the primitive's derivatives; the two within a factor 2, t + (v - t) is v)
                    sub = np.asarray(_plain(z)) < _TINY_NORMAL
                    inside = getattr(power_z, "inside", None)  # (z rounded: t is of u and the scale, SciPy's not)
                    if inside is not None and inside.shape == sub.shape:
                        sub = sub & ~inside
                    if not np.any(sub):
                        return t
                    pe, pz_ = np.asarray(_plain(e), dtype=float), np.asarray(_plain(z), dtype=float)
                    with np.errstate(all="ignore"):
                        d = (sc.xlogy(pe, pz_) - np.power(pz_, np.asarray(pc, dtype=float))) - np.asarray(_plain(t))
                    return t + np.where(sub & np.isfinite(d), d, 0.0)
                terms = _piecewise(z, lead, lambda z: sc.xlogy(e, z) - np.power(z, c), near, 1.0, 1e-300)
            else:
                terms = sc.xlogy(e, z) - np.power(z, c)
            return (_log_of(abs(c)) if isinstance(c, (int, float)) else np.log(np.abs(c))) + terms - _gammaln_of(a)
    value = _on_support(~zero, kernel, z, outside=-np.inf, at=1.0)
    if power_z is None or not np.any(zero):
        return value
    # (z = 0 with c < 0, the density vanishing faster than any power: -inf with the limits from inside as its
    # derivatives, (c a - 1) log z - z^c as one sum of terms in the exponent c, _GENGAMMA_END_TERMS (through e = c a - 1
    # apart d/dc was a log z - z^c log z, inf - inf); it was the constant -inf, every derivative 0)
    return np.where(zero, (_log_of(abs(c)) if isinstance(c, (int, float)) else np.log(np.abs(c))) + power_z(
        np.where(zero, z, 1.0), c, _GENGAMMA_END_TERMS, e=a, end=True) - _gammaln_of(a), value)


#: ``c e log z - log z - z^c`` (e = a) as :data:`_Z_TERMS`'s terms: gengamma's log kernel at z = 0 for c < 0
_GENGAMMA_END_TERMS = (((0, 0, 1, 1, 0, 1, 0), 1.0), ((0, 0, 1, 0, 0, 0, 0), -1.0), ((1, 0, 0, 0, 0, 0, 0), -1.0))
#: ``c e log z - c log z - z^c`` (e = a): gengamma's log cdf at z = 0 for c < 0
_GENGAMMA_CDF_END = (((0, 0, 1, 1, 0, 1, 0), 1.0), ((0, 0, 1, 1, 0, 0, 0), -1.0), ((1, 0, 0, 0, 0, 0, 0), -1.0))


def _gengamma_log_cdf_end(log_z, a, c, z, power_z):
    """gengamma's log cdf at z = 0 (:func:`_with_lower_end`): ``a c log z`` and its power of z for c > 0
    (:data:`_END_LOG_POWER`), the upper gamma tail's ``c (a - 1) log z - z^c`` for c < 0 (one sum of terms in the
    exponent c, :data:`_GENGAMMA_CDF_END`; the constant -inf was every derivative 0 there), each sign its own form
    where c has both signs in one call."""
    pc = np.asarray(_plain(c))
    negative = pc < 0

    def upper_tail(a, c):
        return power_z(z, c, _GENGAMMA_CDF_END, e=a, end=True) - _gammaln_of(a)

    def lower_tail(a, c):
        return log_z.end(a, stop_gradient(-a / (a + 1.0)), c, c) - sc.gammaln(a + 1.0)
    if np.all(negative):
        return upper_tail(a, c)
    if not np.any(negative):
        return lower_tail(a, c)
    # (each sign its own form, the other's entries at stand-ins: c < 0's entries were the constant -inf there)
    return np.where(negative, upper_tail(np.where(negative, a, 1.0), np.where(negative, c, -1.0)),
                    lower_tail(np.where(negative, 1.0, a), np.where(negative, 1.0, c)))


def _gengamma_log_density(z, a, c, scale, log_z=None, power_z=None):
    return _gengamma_log_kernel(z, a, c, log_z, power_z) - _log_of(scale)


def _gengamma_by_sign(z, a, c, positive, negative):
    """``positive(z, a, c)`` where ``c > 0``, ``negative(z, a, c)`` where ``c < 0``, each at ``z = 1`` and ``c = +-1``
    on the other's entries (:func:`_two_forms`)."""
    pz, pa, pc = (np.asarray(_plain(v), dtype=float) for v in (z, a, c))
    negative_c = np.broadcast_to(pc < 0, np.broadcast_shapes(pz.shape, pa.shape, pc.shape))
    return _two_forms(negative_c, positive, negative, (z, a, c), (1.0, 1.0, 1.0), (1.0, 1.0, -1.0))


def _gengamma_density(z, a, c, scale, log_z=None, power_z=None):
    """``exp`` of the log density; for ``c > 0`` with powers at and near ``z = 0`` (the density is finite there
    where ``c a = 1``, 0 with a finite slope where ``c a = 2``: :func:`_density_from_zero`), for ``c < 0`` 0 with
    derivatives 0 near 0 (``exp(-z^c)``) and far out where the log density is below ``_VANISHING_LOG``."""
    def positive(z, a, c):
        pa, pc = np.asarray(_plain(a), dtype=float), np.asarray(_plain(c), dtype=float)
        return _density_from_zero(
            z, lambda z: _gengamma_log_density(z, a, c, scale, log_z, power_z),
            lambda z: np.abs(c) / scale * np.exp(-sc.gammaln(a)) * _leading_powers_at_zero(
                z, _product_less_kept(c, a, z), c, None,
                lambda z: _power_of_product_less(z, c * a, c, a) * np.exp(-z ** c), k=1.0, third_term=0.5,
                power=_leading_power(*_product_exponent(c, a), power_z=power_z)),
            _product_less_kept(pc, pa, z),  # (where c a rounds to 1, its rounding: the powers down to 0)
            lambda z: _gengamma_log_kernel(z, pa, pc))

    def negative(z, a, c):
        pa, pc = np.asarray(_plain(a), dtype=float), np.asarray(_plain(c), dtype=float)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return _vanishing(lambda z: _gengamma_log_kernel(z, pa, pc),
                              lambda z: np.exp(_gengamma_log_density(z, a, c, scale)), z, 1.0, 0.0)
    return _gengamma_by_sign(z, a, c, positive, negative)


def _gengamma_gamma_tail(z, a, c, upper, log, log_z=None, power_z=None):
    """``gammainc(a, z^c)`` (``upper``: ``gammaincc``), or its log: where ``c > 0`` and ``(1 + a / (a + 1)) z^c <
    _BURR_TINY`` :func:`_gengamma_tiny_tail`, elsewhere :func:`_gengamma_gamma_tail_series`. ``log_z`` and ``power_z``
    (:func:`_log_of_z`, :func:`_power_of_z`; the log cdf where every c is positive): ``a c log z`` and ``z^c`` with
    their derivatives in x and in scale apart."""
    pz, pa, pc = (np.asarray(_plain(v), dtype=float) for v in (z, a, c))
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        tiny = (pc > 0) & (pz < 1.0) & ((1.0 + pa / (pa + 1.0)) * np.power(np.minimum(pz, 1.0), pc) < _BURR_TINY)
    tiny = np.broadcast_to(tiny, np.broadcast_shapes(pz.shape, pa.shape, pc.shape))
    return _two_forms(tiny, lambda z, a, c: _gengamma_gamma_tail_series(z, a, c, upper, log, log_z, power_z),
                      lambda z, a, c: _gengamma_tiny_tail(z, a, c, upper, log, log_z, power_z), (z, a, c),
                      (1.0, 1.0, 1.0), (1e-300, 1.0, 1.0))


def _gengamma_tiny_tail(z, a, c, upper, log, log_z=None, power_z=None):
    """The tails where ``w = z^c`` is tiny (``c > 0``): ``P = gammainc(a, w)`` as its leading powers ``(z^(a c) - a / (a +
    1) z^(a c + c)) / gamma(a + 1)`` (:func:`_leading_powers_at_zero`; the next relative ``w^2``), Q as ``1 - P``, log P
    as ``a c log z - gammaln(a + 1) + log1p(-a w / (a + 1))`` with ``a c log z`` one primitive (:data:`_LOG_POWER`) and
    the z-derivatives of the last term (below ``w / (a + 1)`` of the first's) dropped, log Q as ``-P - P^2 / 2`` (the
    square ``z^(2 a c) / gamma(a + 1)^2`` only where it carries the second derivative). Through ``w^a`` and the series
    in ``w`` the second derivative took ``w''``, ``c (c - 1) z^(c - 2)``, which overflows alone below ``z^(2 - c) =
    1e-308``: NaN at z = 1e-300, c = 0.5 in each tail (the truth the cdf's -2.5e149 at a = 2, the log cdf's -inf).

    With ``log_z`` and ``power_z`` (the log cdf): ``a c log z`` and ``z^c`` from them, and the last term's derivatives
    kept (they are the whole of d2/dx dscale, ``a c^2 z^(c - 1) / (a + 1)``: through z it was 0.0 at gengamma.logcdf(1e-15,
    2, 1.5), the truth 4.7e-8, inf at 1e-200 with d2/dscale2 -inf), except where ``c (c - 1) z^(c - 2)`` overflows
    (c < 1 near 1e-300), the form as before there (d2/dx dscale inf, not a silent 0)."""
    log_gamma = _log_gamma_1p(a)
    k = a / (a + 1.0)
    if log and not upper:
        def dropped(z):
            return _LOG_POWER(z, a * c) - log_gamma + np.log1p(-k * np.power(stop_gradient(z), c))
        if log_z is None:
            return dropped(z)
        overflows = _power_second_overflows(z, c)
        return _piecewise(z, overflows, lambda z: log_z(z, a * c) - log_gamma + np.log1p(-k * power_z(z, c)),
                          dropped, 1e-20, 1e-20)
    def lower_at(z, a=a, c=c):
        log_gamma, k = _log_gamma_1p(a), a / (a + 1.0)
        return np.exp(-log_gamma) * _leading_powers_at_zero(
            z, a * c, c, None, lambda z: np.power(z, a * c) * (1.0 - k * np.power(z, c)), k=k)
    if not upper:
        return lower_at(z)
    if not log:
        return 1.0 - lower_at(z)
    # (again=lower_at: with None, an array holding both a P below rounding and one above, e.g. the stand-in 1e-300 of
    # _gengamma_gamma_tail's other form beside x = 1e-10, raised TypeError under grad)
    def leading(z, a, c):
        return _log1p_minus_leading(lower_at(z, a, c), z, a * c, lambda z: lower_at(z, a, c),
                                    np.exp(-_log_gamma_1p(a)))
    pz, pa, pc = (np.asarray(_plain(v), dtype=float) for v in (z, a, c))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        near_one = (pz > 0) & (np.abs(pa * (pc * np.log(pz) - sc.gammaln(1.0 + pa) / pa)) <= 0.5)
    near_one = np.broadcast_to(near_one, np.broadcast_shapes(pz.shape, pa.shape, pc.shape))
    return _two_forms(near_one, leading, lambda z, a, c: _tiny_w_log_sf_near_one(z, a, c, log_z), (z, a, c),
                      (1e-300, 1.0, 1.0), (1e-30, 1e-3, 1.0))


def _tiny_w_log_sf_near_one(z, a, c, log_z=None):
    """``log Q(a, w)``, ``w = z^c`` below 1e-20, where ``P = 1 - Q`` is near 1 (a tiny a: ``|log P| <= 1/2``): ``log P
    = a K``, ``K = c log z - gammaln(1 + a) / a`` (the next term, ``-w / (a + 1)``, below 1e-20 of it), and ``log(1 -
    P) = log(a) + log(-K) + log((1 - e^(a K)) / (-a K))`` (the last by its series): through ``log1p(-P)`` Q was ``1 -
    P`` rounded (gamma.logsf(0.5, 1e-10, 0, 1e30) 1.6e-10 off, its gradient 3e-9, d2/da dscale -6.3e-32 for -5.0e-31;
    mpmath), as chi's where z rounds to 0 (:func:`_chi_rounded_log_sf`)."""
    k = (_LOG_POWER(z, c) if log_z is None else log_z(z, c, scaled=True)) - _log_gamma_1p_over(a)
    return np.log(a) + np.log(-k) + _log_expm1_ratio(-(a * k))


def _gengamma_gamma_tail_series(z, a, c, upper, log, log_z=None, power_z=None):
    """``gammainc(a, z^c)`` (``upper``: ``gammaincc``), or its log (:func:`_lower_gamma_tails`, ``w^a`` as ``z^(a c)``
    and its log ``a c log z``, with ``log_z`` and ``power_z`` from them: their derivatives in x and in scale apart); the
    log of the upper tail far out (``w > _NAKAGAMI_FAR``) its asymptote ``-w + (a - 1) log w - gammaln(a)``, the
    other three constants with derivatives 0 where that log is below ``_VANISHING_LOG`` (:func:`_vanishing`)."""
    pa, pc = np.asarray(_plain(a), dtype=float), np.asarray(_plain(c), dtype=float)
    safe = (_gengamma_z_at(np.maximum(pa, 1.0), pc), _gengamma_z_at(0.25, pc))  # (w = max(a, 1); w = 1/4)
    # (w = z^c from power_z on a traced z only: _lower_gamma_tails takes its regions from w of the plain z)
    w = (lambda z: z ** c) if power_z is None else (
        lambda z: power_z(z, c) if isinstance(z, (Var, Dual)) else z ** c)

    def tail(z):
        return _lower_gamma_tails(a, z, w, lambda z: z ** (a * c), lambda z: _c_log_z(a * c, z, log_z),
                                  upper, log, safe)

    def plain_log_w(z):
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            return pc * np.log(np.asarray(_plain(z), dtype=float))
    if upper and log:
        def asymptote(z):
            with np.errstate(over="ignore"):  # (-inf where z^c overflows: the truth's rounding)
                if power_z is not None and isinstance(z, (Var, Dual)):
                    # (c (a - 1) log z - z^c of x - loc and the scale apart, _GENGAMMA_CDF_END: gengamma's log cdf at
                    # c < 0 near z = 0; through z d2/dscale2 of gengamma.logcdf(1e-300, 3, -1/3) met c z^(c - 1) =
                    # 1e400 (inf) times dz/dscale = -z / scale: NaN for 2.2e99 (d2/dx dscale NaN for -inf))
                    return power_z(z, c, _GENGAMMA_CDF_END, e=a) - _gammaln_of(a)
                return -np.power(z, c) + (a - 1.0) * _LOG_POWER(z, c) - sc.gammaln(a)
        far = plain_log_w(z) > math.log(_NAKAGAMI_FAR)
        return _piecewise(z, far, tail, asymptote, safe[1], _gengamma_z_at(1e160, pc))

    def plain_log_q(z):
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            log_w = plain_log_w(z)
            return np.where(log_w > math.log(_NAKAGAMI_FAR), -np.exp(np.minimum(log_w, 709.0)),
                            _log_gammaincc(pa, np.exp(np.minimum(log_w, 709.0))))
    return _vanishing(plain_log_q, tail, z, 1.0, -0.0 if log else 0.0 if upper else 1.0)


def _gengamma_tail(name):
    """The cdf (``gammainc(a, z^c)`` for ``c > 0``, ``gammaincc`` for ``c < 0``), sf, or their logs."""
    upper, log = name in ("sf", "logsf"), name.startswith("log")
    if log and not upper:  # (the log cdf: log z and z^c with their derivatives in x and in scale apart where c > 0)
        def log_tail(z, a, c, scale, log_z, power_z):
            return _gengamma_by_sign(z, a, c,
                                     lambda z, a, c: _gengamma_gamma_tail(z, a, c, upper, log, log_z, power_z),
                                     lambda z, a, c: _gengamma_gamma_tail(z, a, c, not upper, log, log_z, power_z))
        return log_tail

    def tail(z, a, c, scale):
        return _gengamma_by_sign(z, a, c, lambda z, a, c: _gengamma_gamma_tail(z, a, c, upper, log),
                                 lambda z, a, c: _gengamma_gamma_tail(z, a, c, not upper, log))
    return tail


_shape_functions(gengamma, ("a", "c"), _gengamma_check, [
    (*row[:5], f"round(float(gengamma.{row[0]}(1.0, 2.0, 1.5)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z >= 0, _gengamma_log_density, -np.inf,
         "``log|c| + (c a - 1) log z - z^c - gammaln(a) - log(scale)`` on ``z >= 0`` (``-inf`` at 0 for ``c < 0``), "
         "``-inf`` below.", "-0.594535"),
        ("pdf", lambda z: z >= 0, _gengamma_density, 0.0,
         "``|c| z^(c a - 1) exp(-z^c) / (gamma(a) scale)`` on ``z >= 0``, 0 below.", "0.551819"),
        ("cdf", lambda z: z >= 0, _gengamma_tail("cdf"), 0.0,
         "``gammainc(a, z^c)`` for ``c > 0``, ``gammaincc(a, z^c)`` for ``c < 0``; 0 below the support.", "0.264241"),
        # (at z = 0 for c > 0: a c log z - gammaln(a + 1) - a / (a + 1) z^c + O(z^2c); for c < 0 (the upper gamma tail
        # at z^c) c (a - 1) log z - z^c - gammaln(a) + O(z^-c), _GENGAMMA_CDF_END)
        ("logcdf", lambda z: z >= 0, _with_lower_end(_gengamma_tail("logcdf"), _gengamma_log_cdf_end), -np.inf,
         "The log of the cdf (``a c log z`` and a series near 0 for ``c > 0``, the upper gamma tail's log far in "
         "it for ``c < 0``), ``-inf`` at and below 0.", "-1.330893"),
        ("sf", lambda z: z >= 0, _gengamma_tail("sf"), 1.0,
         "``gammaincc(a, z^c)`` for ``c > 0``, ``gammainc(a, z^c)`` for ``c < 0``; 1 below the support.",
         "0.735759"),
        ("logsf", lambda z: z >= 0, _gengamma_tail("logsf"), 0.0,
         "The log of the sf (finite far in the upper gamma tail, where gammaincc underflows), 0 below the support.",
         "-0.306853"))])


def _gengamma_log_w(q, a, c, upper):
    """``log W`` (plain), ``W = gammaincinv(a, p)`` the gamma quantile behind gengamma's ppf (``upper``: isf) at q,
    ``p = q`` where ``(c > 0) != upper`` (the lower inverse), ``1 - q`` elsewhere (gammainccinv(a, q)); below ``W =
    _NAKAGAMI_SMALL_W`` its leading term ``(log p + gammaln(a + 1)) / a`` (gammaincinv underflows there). Also
    returns the mask of those points and ``p``."""
    q, a, c = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (q, a, c)))
    lower = (c > 0) != upper
    p = np.where(lower, q, 1.0 - q)
    with np.errstate(divide="ignore", under="ignore"):
        w = np.where(lower, sc.gammaincinv(a, q), sc.gammainccinv(a, q))
        leading = (np.log(p) + sc.gammaln(a + 1.0)) / a
        tiny = (p > 0) & (leading < math.log(_NAKAGAMI_SMALL_W))
        return np.where(tiny, leading, np.log(w)), tiny, p


def _gengamma_quantile_value(q, a, c, upper):
    log_w, _, _ = _gengamma_log_w(q, a, c, upper)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        return np.exp(log_w / np.asarray(c, dtype=float))[()]


def _gengamma_quantile_partials(upper):
    """The partials of gengamma's ppf (``upper``: isf) ``x = W^(1/c)``, traced in x (the primitive again): in q
    ``+-1 / pdf(x)``; in a ``x (d log W / da) / c``, ``d W / da = gammaincinv_da(a, W, p)`` (the leading term's
    ``(digamma(a + 1) - log W) / a`` where W is tiny); in c ``-x log(x) / c``; at x = 0 or inf (q = 0 or 1) those
    in a and c 0."""
    sign = -1.0 if upper else 1.0

    def in_q(q, a, c):
        return sign * np.exp(-_gengamma_log_kernel(primitive(q, a, c), a, c))

    def at_ends(x, form, *args):
        px = np.asarray(_plain(x), dtype=float)
        end = (px == 0) | np.isinf(px)
        if not np.any(end):
            return form(x, *args)
        return np.where(end, 0.0, form(np.where(end, 1.0, x), *args))

    def in_a(q, a, c):
        _, tiny, p = _gengamma_log_w(_plain(q), _plain(a), _plain(c), upper)

        def form(x, a, c):
            def normal(x, a, c):
                w = x ** c
                return x / c * gammaincinv_da(a, w, p) / w

            def small(x, a, c):
                return x / c * (sc.digamma(a + 1.0) - c * np.log(x)) / a
            return _two_forms(np.broadcast_to(tiny, np.broadcast_shapes(tiny.shape, np.shape(_plain(x)))), normal,
                              small, (x, a, c), (1.0, 1.0, 1.0), (1.0, 1.0, 1.0))
        return at_ends(primitive(q, a, c), form, a, c)

    def in_c(q, a, c):
        return at_ends(primitive(q, a, c), lambda x, c: -x * np.log(x) / c, c)
    primitive = OwnPrimitive(lambda q, a, c: _gengamma_quantile_value(q, a, c, upper),
                             name=f"wengert.scipy.stats.gengamma.{'isf' if upper else 'ppf'}", reenters="any")
    _def_partials(primitive, in_q, in_a, in_c)
    return primitive


_GENGAMMA_PPF = _gengamma_quantile_partials(False)
_GENGAMMA_ISF = _gengamma_quantile_partials(True)


def _gengamma_quantile(name, q, a, c, loc, scale, upper):
    _gengamma_shapes(name, a, c)
    return _located(name, q, loc, scale, lambda q, a, c: (_GENGAMMA_ISF if upper else _GENGAMMA_PPF)(q, a, c),
                    shapes=(a, c), steep_mixed=_gengamma_steep)


_quantiles(gengamma, ("a", "c"), _gengamma_quantile, (
    ("``loc + scale gammaincinv(a, q)^(1 / c)`` (``gammainccinv`` for ``c < 0``).",
     "round(float(gengamma.ppf(0.5, 2.0, 1.5)), 6)", "1.412281"),
    ("``loc + scale gammainccinv(a, q)^(1 / c)`` (``gammaincinv`` for ``c < 0``).",
     "round(float(gengamma.isf(0.5, 2.0, 1.5)), 6)", "1.412281")))


#: Where ``|h| <= _GENGAMMA_TAYLOR a``, ``gammaln(a + h) - gammaln(a)`` is its Taylor series in h (22 terms: the
#: last below 5^-22 of the sum), and the second difference where ``|h| <= _GENGAMMA_TAYLOR (a + h)`` its central
#: series (13 terms of ratio 1/25): the gammaln values, of size ``a log a``, cancel to ``h log a`` and ``h^2 / a``
_GENGAMMA_TAYLOR = 0.2
#: Beyond this |h| (there ``a >= 5 |h|``) the series' ``h**22`` and ``h**26`` overflow (``h**22`` raised
#: OverflowError on a Python float, NaN on NumPy's: burr12.mean(1e-100, 1e300), which is 0): Stirling's differences
#: instead, whose next terms (``h / (12 a^2)`` beside ``h log a``; ``1 / (6 x^2)`` of the second difference) are below
#: 1e-23 of the value there, and in their derivatives
_GENGAMMA_STIRLING = 1e11


def _gengamma_log_ratio(a, h):
    """``gammaln(a + h) - gammaln(a)`` (Var-aware in both): below ``a = 1`` its value at ``1 + a`` less ``log(1 + h /
    a)`` (``gamma(a) = gamma(1 + a) / a``), at and above 1 :func:`_gengamma_log_ratio_from_one`."""
    pa, ph = np.asarray(_plain(a), dtype=float), np.asarray(_plain(h), dtype=float)
    small = np.broadcast_to(pa < 1.0, np.broadcast_shapes(pa.shape, ph.shape))
    return _two_forms(small, _gengamma_log_ratio_from_one,
                      lambda a, h: _gengamma_log_ratio_from_one(1.0 + a, h) - _log_one_plus_ratio(a, h), (a, h),
                      (1.0, 1.0), (0.5, 0.1))


def _log_one_plus_ratio(a, h):
    """``log(1 + h / a) = log((a + h) / a)`` for ``a + h > 0``: ``log1p(h / a)`` where ``h / a >= -1/2``, the log of
    the quotient with ``a + h`` formed first below (near the pole ``a + h -> 0`` rounding ``h / a`` lost the digits
    of ``1 + h / a``: burr12.mean(2, 0.5000001) was 1.6e-10 off, found by the review of 539bcdf)."""
    ratio = np.asarray(_plain(h), dtype=float) / np.asarray(_plain(a), dtype=float)
    return _two_forms(ratio < -0.5, lambda a, h: np.log1p(h / a), lambda a, h: np.log((a + h) / a), (a, h),
                      (0.5, 0.1), (1.0, -0.9))


def _gengamma_log_ratio_from_one(a, h):
    """``gammaln(a + h) - gammaln(a)`` (Var-aware in both): ``sum_k psi^(k - 1)(a) h^k / k!`` where ``|h| <= a / 5``
    (and a above 1e-100, where psi's orders overflow) up to ``|h| = _GENGAMMA_STIRLING``, beyond it Stirling's
    difference ``(a + h - 1/2) log1p(h / a) + h (log a - 1)``, the difference of the gammaln elsewhere (it cancelled
    to nothing at a = 1e300, h = -1e100)."""
    pa, ph = np.asarray(_plain(a), dtype=float), np.asarray(_plain(h), dtype=float)
    series_here = np.broadcast_to((np.abs(ph) <= _GENGAMMA_TAYLOR * pa) & (pa > 1e-100),
                                  np.broadcast_shapes(pa.shape, ph.shape))

    def series(a, h):
        return sum((sc.digamma(a) if k == 1 else _polygamma(k - 1, a)) * h ** k / math.factorial(k)
                   for k in range(1, 23))

    def near(a, h):
        return _two_forms(np.abs(np.asarray(_plain(h), dtype=float)) > _GENGAMMA_STIRLING, series,
                          lambda a, h: (a + h - 0.5) * np.log1p(h / a) + h * (np.log(a) - 1.0), (a, h), (1.0, 0.1),
                          (1e13, 1e12))
    return _two_forms(series_here, lambda a, h: sc.gammaln(a + h) - sc.gammaln(a), near, (a, h), (1.0, 1.0),
                      (1.0, 0.1))


def _gengamma_second_difference(a, h):
    """``gammaln(a + 2h) - 2 gammaln(a + h) + gammaln(a)`` (positive: gammaln is convex): below ``a = 1`` its value at
    ``1 + a`` plus ``log1p((h / a) (h / (a + 2h)))`` (the poles' part: its series about a tiny ``a + h`` took polygamma of
    orders up to 25, which overflowed to NaN from 1e-11 down), at and above 1
    :func:`_gengamma_second_difference_from_one`."""
    pa, ph = np.asarray(_plain(a), dtype=float), np.asarray(_plain(h), dtype=float)
    small = np.broadcast_to(pa < 1.0, np.broadcast_shapes(pa.shape, ph.shape))
    return _two_forms(small, _gengamma_second_difference_from_one,
                      lambda a, h: (_gengamma_second_difference_from_one(1.0 + a, h)
                                    + np.log1p(h / a * (h / (a + 2.0 * h)))), (a, h), (1.0, 1.0), (0.5, 0.1))


def _gengamma_second_difference_from_one(a, h):
    """``gammaln(a + 2h) - 2 gammaln(a + h) + gammaln(a)`` about x = a + h, ``sum_k 2 psi^(2k - 1)(x) h^(2k) / (2k)!``
    where ``|h| <= x / 5`` up to ``|h| = _GENGAMMA_STIRLING``, beyond it Stirling's ``(x - 1/2) log1p(-(h / x)^2) + 2 h
    atanh(h / x)``, the gammaln values elsewhere (exact for ``a >= 1``)."""
    pa, ph = np.asarray(_plain(a), dtype=float), np.asarray(_plain(h), dtype=float)
    series_here = np.broadcast_to((np.abs(ph) <= _GENGAMMA_TAYLOR * (pa + ph)) & (pa + ph > 1e-100),
                                  np.broadcast_shapes(pa.shape, ph.shape))

    def series(a, h):
        x = a + h
        return sum(2.0 * _polygamma(2 * k - 1, x) * h ** (2 * k) / math.factorial(2 * k) for k in range(1, 14))

    def stirling(a, h):
        x = a + h
        r = h / x
        return (x - 0.5) * np.log1p(-r * r) + 2.0 * h * np.arctanh(r)

    def near(a, h):
        return _two_forms(np.abs(np.asarray(_plain(h), dtype=float)) > _GENGAMMA_STIRLING, series, stirling, (a, h),
                          (1.0, 0.1), (1e13, 1e12))
    return _two_forms(series_here, lambda a, h: sc.gammaln(a + 2.0 * h) - 2.0 * sc.gammaln(a + h) + sc.gammaln(a),
                      near, (a, h), (1.0, 1.0), (1.0, 0.1))


def _gengamma_moment(a, c, n, form, safe=(1.0, 1.0), excess=None):
    """``form(a, c)`` where the n-th moment exists (``a + n / c > 0``), +inf where it does not but the mean does,
    NaN where the mean does not (the variance there; NaN derivatives); ``safe``: a point where it exists, in place of
    the others (burr12's moments too, at ``a = d``, ``c = -c``: they exist where ``c d > n``); ``excess(k)``: a plain
    number of the sign of ``a + k / c`` (burr12's: ``c d - k`` exactly)."""
    pa, pc = np.asarray(_plain(a), dtype=float), np.asarray(_plain(c), dtype=float)
    if excess is None:
        def excess(k):
            return pa + k / pc
    shape = np.broadcast_shapes(pa.shape, pc.shape)
    exists = np.broadcast_to(excess(n) > 0, shape)
    if np.all(exists):
        return form(a, c)
    out = np.inf
    if np.any(exists):
        out = np.where(exists, form(np.where(exists, a, safe[0]), np.where(exists, c, safe[1])), np.inf)
    undefined = np.broadcast_to(excess(1.0) <= 0, shape) if n > 1 else np.zeros(shape, bool)
    if np.any(undefined):
        out = np.where(undefined, _NAN_SLOPED(np.where(undefined, a, 1.0) + np.where(undefined, c, 1.0), np.nan), out)
    return out


def _gengamma_ratio(a, h):
    """``gamma(a + h) / gamma(a)`` (Var-aware in both): below ``a = 1``, ``exp(gammaln(1 + a + h) - gammaln(1 + a)) a
    / (a + h)`` (:func:`_gengamma_log_ratio_from_one` at ``1 + a``), the poles' factor out of the exp
    (through exp(gammaln(a + h) - gammaln(a)) the second derivative in a small ``a`` was a difference of terms of size
    ``1 / a^2``: d2/da2 of gengamma.mean(1e-20, 3) -32776 for -13.688, -inf at 1e-156; the value 1e-14 off)."""
    pa, ph = np.asarray(_plain(a), dtype=float), np.asarray(_plain(h), dtype=float)
    shape = np.broadcast_shapes(pa.shape, ph.shape)
    near = np.broadcast_to(np.abs(ph) <= _GENGAMMA_TAYLOR * pa, shape)

    def shifted(a, h):
        # (a / (a + h) where h is not small beside a, 1 / (1 + h / a) where it is: each form's derivatives in a are
        # differences of terms that cancel on the other side, by (h / a)^2 and a / h)
        factor = _two_forms(near, lambda a, h: a / (a + h), lambda a, h: 1.0 / (1.0 + h / a), (a, h), (1.0, 1.0),
                            (1.0, 0.1))
        return np.exp(_gengamma_log_ratio_from_one(1.0 + a, h)) * factor
    # (from a = 1 up, the exp of the log ratio at a itself: there its derivatives carry no pole, and the shifted
    # form's were 5x less exact, which the variance's cancelling terms magnified to 1e-11 at a = 1e4)
    return _two_forms(np.broadcast_to(pa < 1.0, shape), lambda a, h: np.exp(_gengamma_log_ratio_from_one(a, h)),
                      shifted, (a, h), (1.0, 1.0), (0.5, 0.1))


def _gengamma_mean(a, c):
    """``gamma(a + 1 / c) / gamma(a)`` where ``a + 1 / c > 0``, inf elsewhere."""
    return _gengamma_moment(a, c, 1, lambda a, c: _gengamma_ratio(a, 1.0 / c))


def _gengamma_var(a, c):
    """``m^2 expm1(D)``, ``D`` the second difference of gammaln at a with step ``1 / c``, where ``a + 2 / c > 0``;
    ``m2 - m^2`` (``m2 = gamma(a + 2 / c) / gamma(a)``) where ``D >= log 2``, so that it cancels at most one bit:
    ``m^2`` underflowed for a tiny ``a``, where ``expm1(D)`` is of size ``1 / a`` (var(1e-170, 3) was 0 for
    1.354e-170, 1.2e-5 off at 1e-160)."""
    def var(a, c):
        h = 1.0 / c
        apart = np.asarray(_gengamma_second_difference(np.asarray(_plain(a), dtype=float),
                                                       np.asarray(_plain(h), dtype=float))) >= math.log(2.0)
        return _two_forms(apart,
                          lambda a, h: np.exp(2.0 * _gengamma_log_ratio(a, h)) * np.expm1(
                              _gengamma_second_difference(a, h)),
                          lambda a, h: _gengamma_ratio(a, 2.0 * h) - _gengamma_ratio(a, h) ** 2, (a, h), (2.0, 0.1),
                          (1.0, 1.0))
    return _gengamma_moment(a, c, 2, var)


def _gengamma_std(a, c):
    """``m sqrt(expm1(D))`` (``sqrt`` of the variance underflows for a large c); ``m |h| sqrt(psi'(a + h))`` where that
    is its leading term (:data:`_STD_LEADING`; D underflowed: gengamma.std(2, 1e300) was 0 for 8.0e-301)."""
    def std(a, c):
        h = 1.0 / c
        return np.exp(_gengamma_log_ratio(a, h)) * _two_forms(
            np.broadcast_to(_leading_here(h, a + h), np.broadcast_shapes(np.shape(_plain(a)), np.shape(_plain(c)))),
            lambda a, h: np.sqrt(np.expm1(_gengamma_second_difference(a, h))),
            lambda a, h: _std_leading_term(h, a + h, 0.0), (a, h), (2.0, 0.5), (2.0, 1e-20))
    return _gengamma_moment(a, c, 2, std)


def _gengamma_entropy(a, c):
    """``a (1 - digamma(a)) + digamma(a) / c + gammaln(a) - log|c|`` (SciPy's), written as gamma's entropy's and
    digamma's excesses over their logs (:func:`_gamma_entropy_excess`, :func:`_digamma_excess`: series from a =
    10), ``E + (1 + log(2 pi)) / 2 + D (1 / c - 1) + log(a) (1 / c - 1/2) - log|c|``: the terms of size ``a log a``
    cancel in the direct form."""
    return (_gamma_entropy_excess(a) + 0.5 * (1.0 + math.log(2.0 * math.pi)) + _digamma_excess(a) * (1.0 / c - 1.0)
            + np.log(a) * (1.0 / c - 0.5) - np.log(np.abs(c)))


_add_moments("gengamma", ("a", "c"), _gengamma_mean, _gengamma_var, _gengamma_entropy, _gengamma_shapes, (2.0, 1.5),
             " The k-th moment is ``gamma(a + k / c) / gamma(a)`` where ``a + k / c > 0`` (inf elsewhere; the variance "
             "NaN where the mean is inf), the variance ``m^2 expm1(D)`` (``D`` the second difference of gammaln at a "
             "with step ``1 / c``, its series where it cancels).", sd=_gengamma_std)
_add_quantile_summaries("gengamma", (2.0, 1.5))


#: Below this z invgauss's log density's terms in z are invgamma's primitive (:func:`_invgauss_log_density`)
_INVGAMMA_TINY = 1e-150


# -- pearson3 (Pearson type III: a gamma variable standardized, of skewness skew) ------------------


class pearson3:
    """The Pearson type III distribution, as ``scipy.stats.pearson3``: a gamma variable of shape ``a = 4 / skew^2``
    standardized (mean 0, variance 1, skewness ``skew``; the normal at ``skew = 0``), ``cdf(z) = P(a, x)`` for ``skew >
    0`` and ``Q(a, x)`` for ``skew < 0``, ``x = (2 / skew)(z + 2 / skew)``; differentiable in x (or q), skew, loc and
    scale, at every finite skew and through 0. Near the mode at ``|skew| <= 1/2`` (``u = skew z / 2`` in [-1/2,
    0.7]) Temme's uniform expansion written in z and skew: ``cdf = ndtr(y) - (skew / 2) npdf(y) S``, ``sf = ndtr(-y)
    + (skew / 2) npdf(y) S``, ``y = z sqrt(2 (u - log1p(u))) / |u|`` and ``S`` Temme's series in ``eta = skew y / 2``
    and ``skew^2 / 4`` (SciPy forms ``x`` by a sum that loses ``log10(4 / skew^2)`` digits, and takes the normal for
    ``|skew| < 1.6e-5``: its ``cdf(1, 1e-5)`` is 1.6e-6 relative off); the log tails from the Mills ratio there;
    gamma's elsewhere. The quantiles a root of the log tail below 1/2, polished to second order in q and skew.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import pearson3
    >>> round(float(wg.grad(lambda s: pearson3.cdf(1.0, s))(0.0)), 6)  # -(z^2 - 1) npdf(z) / 6 at z = 1: 0
    0.0

    .. versionadded:: 0.1
    """


_PEARSON3_TEMME = (
    (-0.3333333333333333, 0.08333333333333333, -0.014814814814814815, 0.0011574074074074073, 0.0003527336860670194,
     -0.0001787551440329218, 3.919263178522438e-05, -2.185448510679992e-06, -1.85406221071516e-06,
     8.296711340953087e-07, -1.7665952736826078e-07, 6.707853543401498e-09, 1.0261809784240309e-08,
     -4.382036018453353e-09, 9.14769958223679e-10, -2.5514193994946248e-11, -5.830772132550426e-11,
     2.4361948020667415e-11, -5.0276692801141755e-12, 1.1004392031956135e-13, 3.371763262400985e-13,
     -1.392388722418162e-13, 2.8534893807047445e-14, -5.139111834242572e-16, -1.9752288294349442e-15,
     8.099521156704561e-16),
    (-0.001851851851851852, -0.003472222222222222, 0.0026455026455026454, -0.0009902263374485596,
     0.00020576131687242798, -4.018775720164609e-07, -1.8098550334489977e-05, 7.64916091608111e-06,
     -1.6120900894563446e-06, 4.647127802807434e-09, 1.378633446915721e-07, -5.752545603517705e-08,
     1.1951628599778148e-08, -1.7543241719747647e-11, -1.0091543710600413e-09, 4.162792991842583e-10,
     -8.56390702649298e-11, 6.067215101604758e-14, 7.1624989648114856e-12, -2.933186643771437e-12,
     5.996696365683689e-13, -2.1671786527323313e-16, -4.978339972369262e-14, 2.0291628823713425e-14),
    (0.004133597883597883, -0.0026813271604938273, 0.0007716049382716049, 2.0093878600823047e-06,
     -0.0001073665322636516, 5.2923448829120125e-05, -1.2760635188618728e-05, 3.423578734096138e-08,
     1.3721957309062934e-06, -6.298992138380055e-07, 1.4280614206064242e-07, -2.0477098421990866e-10,
     -1.409252991086752e-08, 6.228974084922022e-09, -1.3670488396617114e-09, 9.428356159014678e-13,
     1.2872252400089318e-10, -5.5645956134363323e-11, 1.197593554636698e-11, -4.1689782251838634e-15,
     -1.0940640427884595e-12, 4.662239946390136e-13),
    (0.0006494341563786008, 0.00022947209362139917, -0.0004691894943952557, 0.00026772063206283885,
     -7.561801671883977e-05, -2.396505113867297e-07, 1.1082654115347302e-05, -5.6749528269915965e-06,
     1.4230900732435883e-06, -2.7861080291528143e-11, -1.6958404091930278e-07, 8.099464905388083e-08,
     -1.9111168485973655e-08, 2.3928620439808118e-12, 2.0620131815488797e-09, -9.460496661855133e-10,
     2.1541049775774907e-10, -1.388823336813903e-14, -2.1894761681963938e-11, 9.790998951171684e-12),
    (-0.0008618882909167117, 0.0007840392217200666, -0.0002990724803031902, -1.4638452578843418e-06,
     6.641498215465122e-05, -3.968365047179435e-05, 1.1375726970678419e-05, 2.507497226237533e-10,
     -1.6954149536558305e-06, 8.907507532205309e-07, -2.292934834000805e-07, 2.956794137544049e-11,
     2.8865829742708783e-08, -1.4189739437803219e-08, 3.4463580499464896e-09, -2.3024517174528067e-13,
     -3.9409233028046403e-10, 1.86023389685045e-10),
    (-0.00033679855336635813, -6.972813758365857e-05, 0.0002772753244959392, -0.00019932570516188847,
     6.797780477937208e-05, 1.419062920643967e-07, -1.3594048189768693e-05, 8.018470256334202e-06,
     -2.291481176508095e-06, -3.252473551298454e-10, 3.4652846491085265e-07, -1.8447187191171344e-07,
     4.8240967037894184e-08, -1.7989466721743514e-14, -6.306194500013523e-09, 3.162417628774568e-09),
    (0.0005313079364639922, -0.0005921664373536939, 0.0002708782096718045, 7.902353232660328e-07,
     -8.153969367561969e-05, 5.61168275310625e-05, -1.8329116582843375e-05, -3.0796134506033047e-09,
     3.465155368803609e-06, -2.0291327396058603e-06, 5.788792863149004e-07, 2.338630673826657e-13,
     -8.828600746330484e-08, 4.7435958880408125e-08),
    (0.00034436760689237765, 5.171790908260592e-05, -0.00033493161081142234, 0.0002812695154763237,
     -0.00010976582244684731, -1.2741009095484485e-07, 2.7744451511563645e-05, -1.8263488805711332e-05,
     5.7876949497350525e-06, 4.93875893393627e-10, -1.0595367014026043e-06, 6.166714376110408e-07),
    (-0.0006526239185953094, 0.0008394987206720873, -0.000438297098541721, -6.969091458420552e-07,
     0.00016644846642067547, -0.00012783517679769218, 4.629953263691304e-05, 4.557909867922708e-09,
     -1.0595271125805195e-05, 6.783342904865167e-06),
    (-0.0005967612901927463, -7.204895416020011e-05, 0.0006782308837667328, -0.0006401475260262758,
     0.00027750107634328704, 1.819700838046515e-07, -8.479507117068503e-05, 6.105192082501531e-05),
    (0.0013324454494800656, -0.0019144384985654776, 0.0011089369134596636, 9.9324041226423e-07,
     -0.0005087450129309319, 0.00042735056665392886),
    (0.001579727660730835, 0.00016251626278391583, -0.0020633421035543276, 0.00213896861856891,
     -0.0010108559391263003, -3.99127055299192e-07),
    (-0.004072512119514016, 0.00640336283380807, -0.004041016108167662, -2.1837328028662328e-06,
     0.002174044180125464, -0.001970044051841889),
)

#: Temme's expansion serves where |skew| is at most this (a >= 16: its 13 terms in 1/a within rounding) and u = skew
#: z / 2 in [_PEARSON3_U_LOW, _PEARSON3_U_HIGH] (|eta| <= 0.62: the series in eta within rounding), gamma's elsewhere
_PEARSON3_SMALL = 0.5
#: :data:`_PEARSON3_TEMME` as one table, each row's coefficients from the constant term, zeros after its last
_PEARSON3_TEMME_TABLE = np.array([row + (0.0,) * (max(map(len, _PEARSON3_TEMME)) - len(row)) for row in _PEARSON3_TEMME])
_PEARSON3_U_LOW, _PEARSON3_U_HIGH = -0.5, 0.7
_PEARSON3_ODD = tuple(1.0 / (2 * k + 3) for k in range(34))
#: Stirling's series of log Gamma*(a) in 1/a^2, times 1/a: B_2k / (2k (2k - 1))
_PEARSON3_STIRLING = tuple(float(b / (2 * k * (2 * k - 1))) for k, b in enumerate(BERNOULLI_2K[:7], 1))


def _pearson3_skew(name, skew):
    """A finite skew (SciPy gives NaN elsewhere)."""
    if not np.all(np.isfinite(np.asarray(_plain(skew), dtype=float))):
        raise ValueError(f"{name}: skew must be finite (SciPy gives NaN)")


def _pearson3_check(name, z, skew):
    _pearson3_skew(name, skew)


def _pearson3_near(z, skew):
    """Temme's points (a plain mask): ``|skew| <= 1/2`` and ``u = skew z / 2`` in [-1/2, 0.7] (every z at skew 0)."""
    pz, ps = np.asarray(_plain(z), dtype=float), np.asarray(_plain(skew), dtype=float)
    with np.errstate(all="ignore"):
        u = 0.5 * ps * pz
        near = (np.abs(ps) <= _PEARSON3_SMALL) & (((u >= _PEARSON3_U_LOW) & (u <= _PEARSON3_U_HIGH)) | (ps == 0))
    return np.broadcast_to(near, np.broadcast_shapes(pz.shape, ps.shape))


def _pearson3_temme(z, skew):
    """``(y, S)`` at Temme's points: ``y = z rho(u)``, ``rho^2 = 2 (u - log1p(u)) / u^2`` (as ``4 (1 / (1 - w) - w
    (1/3 + w^2 / 5 + ...)) / (2 + u)^2``, ``w = u / (2 + u)``: no cancellation, 1 at u = 0), and ``S = sum C_k(eta)
    (skew^2 / 4)^k``, ``eta = u rho`` (DLMF 8.12: ``Q(a, x) = erfc(eta sqrt(a / 2)) / 2 + e^(-a eta^2 / 2) /
    sqrt(2 pi a) sum C_k(eta) / a^k`` at ``a = 4 / skew^2``, ``x = a (1 + u)``)."""
    u = 0.5 * skew * z
    w = u / (2.0 + u)
    rho = 2.0 * np.sqrt(1.0 / (1.0 - w) - w * polynomial(w * w, _PEARSON3_ODD)) / (2.0 + u)
    eta = u * rho
    t = 0.25 * skew * skew
    if type(eta) is np.ndarray and eta.dtype == np.float64:
        # (every C_k(eta) in one Horner's loop over the table, its rows' leading zeros adding exact zeros: the same
        # numbers as polynomial's, row by row, in a tenth of the calls: a root's Newton steps took half their time here)
        table = _PEARSON3_TEMME_TABLE.reshape(_PEARSON3_TEMME_TABLE.shape + (1,) * eta.ndim)
        terms = 0.0 * eta + table[:, -1]
        for k in range(table.shape[1] - 2, -1, -1):
            terms = terms * eta + table[:, k]
        s = terms[-1]
        for term in terms[-2::-1]:
            s = s * t + term
        return z * rho, s
    s = polynomial(eta, _PEARSON3_TEMME[-1])
    for coefficients in _PEARSON3_TEMME[-2::-1]:
        s = s * t + polynomial(eta, coefficients)
    return z * rho, s


def _pearson3_log_gamma_star(skew):
    """``log(gamma(a) / (sqrt(2 pi / a) (a / e)^a))`` at ``a = 4 / skew^2``: Stirling's series in ``1 / a = skew^2 /
    4`` for ``|skew| <= 1/2`` (0 at skew 0), else from gammaln."""
    def series(skew):
        t = 0.25 * skew * skew
        return polynomial(t * t, _PEARSON3_STIRLING) * t

    def direct(skew):
        a = 4.0 / (skew * skew)
        return sc.gammaln(a) - (a - 0.5) * np.log(a) + a - 0.5 * _LOG_2PI
    ps = np.asarray(_plain(skew), dtype=float)
    return _piecewise(skew, np.abs(ps) > _PEARSON3_SMALL, series, direct, 0.0, 1.0)


def _pearson3_gamma_x(z, skew):
    """``(a, x)``: gamma's shape ``4 / skew^2`` and variable ``(2 / skew)(z + 2 / skew)`` (SciPy's ``beta (x -
    zeta)``)."""
    return 4.0 / (skew * skew), (2.0 / skew) * (z + 2.0 / skew)


def _pearson3_by_sign(z, skew, positive, negative):
    """``positive(z, skew)`` where skew > 0, ``negative`` elsewhere (each at z = 0, skew = +-1 on the other's)."""
    return _two_forms(np.broadcast_to(np.asarray(_plain(skew)) > 0, np.broadcast_shapes(
        np.shape(_plain(z)), np.shape(_plain(skew)))), negative, positive, (z, skew), (0.0, -1.0), (0.0, 1.0))


def _pearson3_far(name, upper, log):
    """gamma's tail (``upper``: the sf) or its log of ``x`` (:func:`_pearson3_gamma_x`): ``P`` for the cdf at skew >
    0, ``Q`` at skew < 0 (reflected)."""
    def side(gamma_upper):
        def tail(z, skew):
            a, x = _pearson3_gamma_x(z, skew)
            return _gamma_tail(f"pearson3.{name}", x, a, 0.0, 1.0, gamma_upper, log)
        return tail
    return lambda z, skew: _pearson3_by_sign(z, skew, side(upper), side(not upper))


def _pearson3_near_tail(upper, log):
    """Temme's tail at its points: ``ndtr(-+y) +- (skew / 2) npdf(y) S``; its log ``log npdf(y) + log(M(-+y) +- (skew
    / 2) S)`` (M Mills' ratio, ``sqrt(pi / 2) erfcx(+-y / sqrt(2))``) where the tail is below 1/2, else ``log1p(-the
    other)``."""
    sign = 1.0 if upper else -1.0

    def value(z, skew):
        y, s = _pearson3_temme(z, skew)
        return sc.ndtr(sign * -y) + sign * (0.5 * skew) * np.exp(-0.5 * y * y - 0.5 * _LOG_2PI) * s
    if not log:
        return value

    def small(z, skew):
        y, s = _pearson3_temme(z, skew)
        mills = math.sqrt(0.5 * math.pi) * sc.erfcx(sign * y / math.sqrt(2.0))
        return -0.5 * y * y - 0.5 * _LOG_2PI + np.log(mills + sign * (0.5 * skew) * s)

    def other(z, skew):  # (the other tail, below 1/2 here)
        y, s = _pearson3_temme(z, skew)
        return sc.ndtr(sign * y) - sign * (0.5 * skew) * np.exp(-0.5 * y * y - 0.5 * _LOG_2PI) * s

    def function(z, skew):
        with np.errstate(all="ignore"):
            below = np.asarray(_plain(value(_plain(z), _plain(skew)))) < 0.5
        below = np.broadcast_to(below, np.broadcast_shapes(np.shape(_plain(z)), np.shape(_plain(skew))))
        return _two_forms(below, lambda z, skew: np.log1p(-other(z, skew)), small, (z, skew),
                          (-sign, 0.0), (sign, 0.0))
    return function


def _pearson3_log_density_near(z, skew):
    """``-y^2 / 2 - log(2 pi) / 2 - log1p(u) - log Gamma*(a)`` (gamma's density at ``x = a (1 + u)`` in z)."""
    y, _ = _pearson3_temme(z, skew)
    return -0.5 * y * y - 0.5 * _LOG_2PI - np.log1p(0.5 * skew * z) - _pearson3_log_gamma_star(skew)


def _pearson3_log_density_far(z, skew):
    a, x = _pearson3_gamma_x(z, skew)
    return np.log(2.0 / np.abs(skew)) + _gamma_log_density(x, a, 1.0)


def _pearson3_density_far(z, skew):
    a, x = _pearson3_gamma_x(z, skew)
    return (2.0 / np.abs(skew)) * _gamma_pdf("pearson3.pdf", x, a, 0.0, 1.0)


def _pearson3_split(near, far):
    def function(z, skew):
        return _two_forms(_pearson3_near(z, skew), far, near, (z, skew), (0.0, 1.0), (0.0, 0.0))
    return function


_PEARSON3_FORMS = {
    "logpdf": _pearson3_split(_pearson3_log_density_near, _pearson3_log_density_far),
    "pdf": _pearson3_split(lambda z, skew: np.exp(_pearson3_log_density_near(z, skew)), _pearson3_density_far),
    **{name: _pearson3_split(_pearson3_near_tail(upper, log), _pearson3_far(name, upper, log))
       for name, upper, log in (("cdf", False, False), ("logcdf", False, True), ("sf", True, False),
                                ("logsf", True, True))}}


def _pearson3_function(name):
    """``name`` at ``z``: its form inside the support, its limit (a constant, derivatives 0) beyond the end ``-2 /
    skew``, which moves with skew: there a traced skew is refused (as genpareto's, genextreme's c). Beyond it gamma's
    log density at ``x < 0`` was -inf, but ``log(2 / |skew|)``'s term kept its derivative: d/dskew of
    pearson3.logpdf(-5.1, 0.4) was -2.5 (0); at the end (-5, 0.4) NaN (inf - inf)."""
    form = _PEARSON3_FORMS[name]
    top, bottom = _LIMITS_AT_INFINITY[name]

    def inside(z, skew, scale):
        out = form(z, skew)
        if name == "logpdf":
            return out - _log_of(scale)
        if name == "pdf":
            return out / scale
        return out

    def function(z, skew, scale):
        zp, sp = np.broadcast_arrays(*(np.asarray(_plain(v), dtype=float) for v in (z, skew)))
        with np.errstate(divide="ignore"):
            end = np.where(sp != 0, _pearson3_end(np.where(sp != 0, sp, 1.0)), np.nan)
        _refuse_at_a_moving_end(f"pearson3.{name}", skew, lambda: zp == end, "x == loc - 2 scale / skew", "skew")
        below, above = (sp > 0) & (zp < end), (sp < 0) & (zp > end)
        beyond = below | above
        if not np.any(beyond):
            return inside(z, skew, scale)
        # (the unused entries at z = 0, the mean, inside the support at every skew)
        return np.where(below, bottom, np.where(above, top, inside(np.where(beyond, 0.0, z), skew, scale)))
    return function


_shape_functions(pearson3, ("skew",), _pearson3_check, [
    (name, lambda z: np.ones(np.shape(z), bool), _pearson3_function(name), np.nan, formula,
     f"round(float(pearson3.{name}(0.5, 0.5)), 6)", value) for name, formula, value in (
        ("logpdf", "``log(2 / |skew|) + log`` of gamma's density at ``x``; near the mode at ``|skew| <= 1/2`` ``-y^2 / "
         "2 - log(2 pi) / 2 - log1p(skew z / 2) - log Gamma*(4 / skew^2)`` (the normal's at skew 0).", "-1.157401"),
        ("pdf", "``exp(logpdf)``: ``(2 / |skew|)`` times gamma's density at ``x``.", "0.314302"),
        ("cdf", "``gammainc(a, x)`` for skew > 0, ``gammaincc(a, x)`` below; Temme's near the mode.", "0.713347"),
        ("logcdf", "``log(cdf)``, finite where the cdf underflows (``log1p(-sf)`` where the sf is below 1/2).", "-0.337787"),
        ("sf", "``gammaincc(a, x)`` for skew > 0, ``gammainc(a, x)`` below; Temme's near the mode.", "0.286653"),
        ("logsf", "``log(sf)``, finite where the sf underflows (``log1p(-cdf)`` where the cdf is below 1/2).", "-1.249483"))])


def _pearson3_end(skew):
    """The support's finite end ``-2 / skew`` (the lower for skew > 0, the upper below; none at 0)."""
    return -2.0 / skew


def _pearson3_root_plain(p, skew, lower):
    """Plain ``z`` with ``log tail(z, skew) = log p`` (the cdf where ``lower``, else the sf), flat arrays, ``0 < p <=
    1/2``: from gamma's quantile (the normal's with Cornish-Fisher's term where ``|skew| < 1e-7``, where ``a = 4 /
    skew^2`` is beyond 4e14), Newton's steps on the log tail (kept inside the support: halfway to its end where a step
    leaves it) until the step is within rounding."""
    with np.errstate(all="ignore"):
        tiny = np.abs(skew) < 1e-7
        a = 4.0 / (skew * skew)
        from_below = lower == (skew > 0)  # (P's side of gamma)
        x = np.where(from_below, sc.gammaincinv(a, p), sc.gammainccinv(a, p))
        z = np.where(tiny, 0.0, 0.5 * skew * x - 2.0 / skew)
        y = np.where(lower, 1.0, -1.0) * sc.ndtri(p)
        z = np.where(tiny, y + skew * (y * y - 1.0) / 6.0, z)
        end = np.where(skew == 0, np.where(skew > 0, -np.inf, np.inf), -2.0 / np.where(skew == 0, 1.0, skew))
        end = np.where(skew == 0, np.nan, end)
        target = np.log(p)
        sign = np.where(lower, 1.0, -1.0)
        log_tail = _PEARSON3_FORMS["logcdf"], _PEARSON3_FORMS["logsf"]

        def newton(state):
            z = state[0]
            tail = np.where(lower, log_tail[0](z, skew), log_tail[1](z, skew))
            slope = sign * np.exp(_PEARSON3_FORMS["logpdf"](z, skew) - tail)
            step = (target - tail) / slope
            new = z + step
            outside = np.where(skew > 0, new <= end, new >= end) & (skew != 0)
            new = np.where(outside, 0.5 * (z + end), new)
            done = np.all((np.abs(step) <= 4e-16 * np.maximum(np.abs(z), 1e-300)) | ~np.isfinite(step))
            return (np.where(np.isfinite(new), new, z),), done
        z = _iterated(newton, (np.asarray(z),), 30)[0]
    return z


def _pearson3_standard_quantile(upper):
    """``standard(q, skew)`` of the ppf (or the isf, ``upper``), from the tail ``p`` below 1/2 (``q`` or ``1 - q``).
    Where the root is among Temme's points (:func:`_pearson3_near`): ``z0 + r / L' - L'' r^2 / (2 L'^3)`` at the plain
    root ``z0`` of the log tail ``L`` (:func:`_pearson3_root_plain`), ``r = log p - L(z0, skew)``, ``L' = +-pdf /
    tail``, ``L'' = L' (d log pdf / dz - L')``, ``d log pdf / dz = -(z + skew / 2) / (1 + skew z / 2)``: the root's
    value and its first and second derivatives in q and skew (the inverse function's Taylor polynomial in r, r = 0 at
    z0). Elsewhere gamma's quantile ``x`` of ``p``, ``z = skew x / 2 - 2 / skew``. At p = 0 the support's end: ``-2 /
    skew`` where it is finite (plus ``p`` times the slope there, 1 at ``|skew| = 2``), else ``-+inf``."""
    def standard(q, skew):
        pq = np.asarray(_plain(q), dtype=float)
        ps = np.asarray(_plain(skew), dtype=float)
        shape = np.broadcast_shapes(pq.shape, ps.shape)
        pq_, ps_ = np.broadcast_to(pq, shape), np.broadcast_to(ps, shape)
        cdf_side = (pq_ <= 0.5) != upper  # (the tail below 1/2: the cdf's for the ppf's q <= 1/2)
        p = np.where(pq_ <= 0.5, pq_, 1.0 - pq_)
        inner = p > 0
        small = inner & (np.abs(ps_) <= _PEARSON3_SMALL)
        z0 = np.zeros(shape)
        if np.any(small):
            z0[small] = _pearson3_root_plain(p[small], ps_[small], cdf_side[small])
        near = small & _pearson3_near(z0, ps_)
        z0 = np.where(near, z0, 0.0)

        def tail_p(q):
            return _piecewise(q, np.broadcast_to(pq_ > 0.5, shape), np.log, lambda q: np.log1p(-q), 0.25, 0.75)

        def polished(q, skew):
            log_tail = _two_forms(cdf_side, lambda skew: _PEARSON3_FORMS["logsf"](z0, skew),
                                  lambda skew: _PEARSON3_FORMS["logcdf"](z0, skew), (skew,), (0.0,), (0.0,))
            slope = np.where(cdf_side, 1.0, -1.0) * np.exp(_PEARSON3_FORMS["logpdf"](z0, skew) - log_tail)
            curvature = slope * (-(z0 + 0.5 * skew) / (1.0 + 0.5 * skew * z0) - slope)
            r = tail_p(q) - log_tail
            return z0 + r / slope - curvature * r * r / (2.0 * slope ** 3)

        def from_gamma(q, skew):
            pp = _piecewise(q, np.broadcast_to(pq_ > 0.5, shape), lambda q: q, lambda q: 1.0 - q, 0.25, 0.75)
            a = 4.0 / (skew * skew)
            below = np.broadcast_to(cdf_side == (ps_ > 0), shape)  # (gamma's P side)
            x = _two_forms(below, lambda pp, a: sc.gammainccinv(a, pp), lambda pp, a: sc.gammaincinv(a, pp), (pp, a),
                           (0.25, 4.0), (0.25, 4.0))
            return 0.5 * skew * x - 2.0 / skew

        def at_end(q, skew):
            at_one = np.broadcast_to(np.abs(ps_) == 2.0, shape)
            moved = _piecewise(q, np.broadcast_to(pq_ > 0.5, shape), lambda q: q, lambda q: 1.0 - q, 0.25, 0.75)
            return _pearson3_end(skew) + np.where(at_one, np.where(cdf_side, 1.0, -1.0) * 0.5 * np.abs(ps_), 0.0) * moved

        finite_end = ~inner & (ps_ != 0) & ((ps_ > 0) == cdf_side)
        far = (inner & ~near) | finite_end

        def far_or_end(q, skew):
            return _two_forms(finite_end, from_gamma, at_end, (q, skew), (0.25, 1.0), (0.0, 1.0))
        with np.errstate(divide="ignore"):
            out = _two_forms(far, polished, far_or_end, (q, skew), (0.5, 0.0), (0.25, 1.0))
        infinite_end = ~inner & ~finite_end
        if np.any(infinite_end):
            out = np.where(infinite_end, np.where(cdf_side, -np.inf, np.inf), out)
        return out
    return standard


def _pearson3_end_slope(upper):
    def slope(pq, skew):
        pq, skew = np.broadcast_arrays(np.asarray(pq, dtype=float), np.asarray(skew, dtype=float))
        cdf_side = (pq <= 0.5) != upper
        finite = (skew != 0) & ((skew > 0) == cdf_side)
        direction = -1.0 if upper else 1.0
        magnitude = np.where(np.abs(skew) < 2.0, np.inf, np.where(np.abs(skew) == 2.0, 1.0, 0.0))
        return np.where(finite, direction * magnitude, direction * np.inf)
    return slope


def _pearson3_steep_mixed(lower, skew):
    """d2/dq dskew at a steep end (``|skew| < 2``): the slope ``~ p^(1/a - 1)``, ``1/a = skew^2 / 4``, shrinks with
    skew's magnitude (``log p`` times ``skew / 2``): -1 relative to the slope for skew > 0, +1 below."""
    return (np.where(np.asarray(skew) > 0, -1.0, 1.0),)


def _pearson3_quantile(name, q, skew, loc, scale, upper):
    _pearson3_skew(name, skew)
    with np.errstate(divide="ignore"):
        return _in_dtype_of(_located(name, q, loc, scale, _pearson3_standard_quantile(upper), shapes=(skew,),
                                     end_slope=_pearson3_end_slope(upper), steep_mixed=_pearson3_steep_mixed),
                            q, skew, loc, scale)


def _pearson3_entropy(skew):
    """gamma's entropy at ``a = 4 / skew^2`` less ``log(sqrt(a))`` (the standardization), in ``u = skew^2 / 4 = 1 /
    a``: up to ``u = 1 / _GAMMA_ENTROPY_FROM`` the normal's ``(1 + log(2 pi)) / 2`` plus Stirling's remainder ``-u / 2 +
    sum_k B_2k (u^(2k - 1) / (2k - 1) - u^(2k) / (2k))`` (through a = 4 / skew^2 the logs of a cancel, and at skew = 0
    a is infinite), above ``_gamma_entropy(1 / u) + log(u) / 2``; the switch at gamma's, ``a = _GAMMA_ENTROPY_FROM``.
    Below it the direct form's derivatives in skew lose digits: through a = 4 / skew^2 its d/du is ``-a^2 E'(a) + a / 2``,
    two terms of a / 2 cancelling to about 1/2 (gamma.entropy's own derivatives in a keep theirs): 5e-13 in the second
    derivative at a = 9.8."""
    u = 0.25 * skew * skew
    return _piecewise(u, np.asarray(_plain(u), dtype=float) > 1.0 / _GAMMA_ENTROPY_FROM,
                      lambda u: 0.5 * (1.0 + _LOG_2PI) - 0.5 * u + _stirling_entropy_terms(u),
                      lambda u: _gamma_entropy(1.0 / u) + 0.5 * np.log(u), 0.0, 1.0)


_shape_entropy(pearson3, _pearson3_entropy, "gamma's entropy at ``a = 4 / skew^2`` less ``log(a) / 2`` (the normal's "
               "``(1 + log(2 pi)) / 2`` at ``skew = 0``, Stirling's series up to ``|skew| = 0.63``), plus ``log(scale)``, "
               "in skew and scale (SciPy integrates the density).", "round(float(pearson3.entropy(0.0)), 6)  # normal",
               "1.418939", _pearson3_skew, "skew")


_quantiles(pearson3, "skew", _pearson3_quantile, (
    ("``loc + scale z``, ``z`` the root of ``cdf(z, skew) = q`` (of the log tail below 1/2 there), polished to second "
     "order.", "round(float(pearson3.ppf(0.5, 0.5)), 6)", "-0.083018"),
    ("``loc + scale z``, ``z`` the root of ``sf(z, skew) = q`` (of the log tail below 1/2 there), polished to second "
     "order.", "round(float(pearson3.isf(0.5, 0.5)), 6)", "-0.083018")))

_add_moments("pearson3", ("skew",), lambda skew: 0.0 * skew, lambda skew: 1.0 + 0.0 * skew, None, _pearson3_skew, 0.5,
             " The mean is 0 and the variance 1 (standardized; no entropy: SciPy integrates it).")
_add_quantile_summaries("pearson3", (0.5,))


# -- argus (chi^2 (1 - x^2) / 2 a gamma(3/2) variable truncated to [0, chi^2 / 2]) --------------------


class argus:
    """The ARGUS distribution, as ``scipy.stats.argus``: ``chi^3 / (sqrt(2 pi) Psi(chi)) z sqrt(1 - z^2) exp(-chi^2
    (1 - z^2) / 2)`` on ``0 <= z <= 1`` (``chi > 0``, ``Psi(chi) = P(3/2, chi^2 / 2) / 2``); differentiable in x (or
    q), chi, loc and scale. With ``A = chi^2 / 2`` and ``w^2 = (1 - z)(1 + z)``, ``Y = A w^2`` is a gamma(3/2) variable
    truncated to ``[0, A]``; P(3/2, t) is written ``t^(3/2) e^-t S(t) / Gamma(5/2)``, ``S = 1F1(1; 5/2; .)``, so that the
    density is ``3 z w exp(-A w^2 - M(A))``, ``M = log S - A`` (Kummer's series below A = 2, where the ``chi^3`` of the
    normaliser and of P cancel exactly: no ``3 / chi - 3 / chi`` in the derivatives), and the sf ``w^3 exp(M(A w^2) -
    M(A))``. The cdf, where it is below 1/2, from its own end: where ``u = A z^2 <= 2`` the integral ``3 exp(-A w^2 -
    M(A)) int_w^1 v^2 exp(-A (v - w)(v + w)) dv`` by 16 Gauss-Legendre nodes (an entire integrand varying by ``e^u`` at
    most), farther gamma's ``Q(Y) - Q(A)`` in logs (SciPy's ``1 - sf`` loses the cdf near 0: its ``cdf(1e-5, 1)`` keeps
    no digit past the sixth); each other tail ``1 -`` it. The quantiles the roots of the log tail below 1/2 (in z for the
    cdf, in ``w`` for the sf: no rounding to 1 near the upper end), polished to second order in q and chi. Mean
    ``sqrt(pi / 8) chi ive(1, A / 2) / Psi(chi)`` (``3 pi / 16 exp(A / 2) B(A) / S(A)`` below A = 2, ``B`` the series of
    ``I_1``; beyond, ``1 - E[1 - z]`` by quadrature in ``theta``, ``z = cos theta``, from A = 50 on a series in ``1 /
    A``), variance ``E[(1 - z - E[1 - z])^2]`` (the same quadrature; the series from A = 50 on); the entropy by
    quadrature in the probability (``_common._probability_quadrature``: SciPy integrates the density).

    >>> from wengert.scipy.stats import argus
    >>> round(float(argus.mean(1.0)), 6)
    0.618703

    .. versionadded:: 0.1
    """


def _rising_reciprocals(a, n):
    """``1 / (a)_k``, k = 0..n-1 (the coefficients of ``1F1(1; a; t) = sum t^k / (a)_k``), exact then rounded."""
    out, term = [], Fraction(1)
    for k in range(n):
        out.append(float(term))
        term /= a + k
    return tuple(out)


#: S(t) = 1F1(1; 5/2; t) (``P(3/2, t) = t^(3/2) e^-t S(t) / Gamma(5/2)``), up to t = 2: the terms beyond the 28th
#: below 1e-20 of the first
_ARGUS_S5 = _rising_reciprocals(Fraction(5, 2), 28)
#: ``e^z I_1(z) = (z / 2) sum (z^2 / 4)^k / (k! (k + 1)!)``'s coefficients, in ``(A^2 / 16)`` at z = A / 2 <= 1
_ARGUS_I1 = tuple(float(Fraction(1, math.factorial(k) * math.factorial(k + 1))) for k in range(12))
_ARGUS_SERIES_TO = 2.0  # (A = chi^2 / 2 at most this: Kummer's series; beyond, gamma's P)


def _argus_mean_series(n):
    """``c_j (3/2)_j``, j = 1..n: ``E[x] = E[sqrt(1 - Y / A)] = sum_j c_j E[Y^j] / A^j`` for a large A (as
    :func:`_argus_var_series`)."""
    c, m, out = 1.0, 1.0, []
    for j in range(1, n + 1):
        c, m = -c * (0.5 - (j - 1)) / j, m * (0.5 + j)
        out.append(c * m)
    return tuple(out)


def _argus_var_series(n):
    """``d_k``, k = 2..n+1: ``var = sum_k d_k / A^k`` for a large A (Y = A (1 - x^2) gamma(3/2) there, its truncation
    at A below ``e^-A``): ``x = sqrt(1 - Y / A) = sum_j c_j (Y / A)^j``, ``c_j = (-1)^j binom(1/2, j)``, so ``d_k = sum_(0
    < j < k) c_j c_(k - j) (m_k - m_j m_(k - j))``, ``m_k = (3/2)_k`` Y's moments (each term positive)."""
    c, m = [1.0], [1.0]
    for j in range(1, n + 2):
        c.append(-c[-1] * (0.5 - (j - 1)) / j)
        m.append(m[-1] * (0.5 + j))
    return tuple(math.fsum(c[j] * c[k - j] * (m[k] - m[j] * m[k - j]) for j in range(1, k)) for k in range(2, n + 2))


#: the asymptotic series of argus' variance in 1 / A from A = 50 on (its smallest term there, about the 36th, and the
#: truncation of Y at A below 1e-17 of the sum): ``1 - E[Y] / A - mean^2`` cancels there (the variance about
#: ``3 / (8 A^2)``: argus.var(30) was 1.1e-10 relative off)
_ARGUS_VAR_SERIES = _argus_var_series(36)
#: the mean's, from the same A on (its 36th term there 3e-20)
_ARGUS_MEAN_SERIES = _argus_mean_series(36)
_ARGUS_VAR_ASYMPTOTIC_FROM = 50.0
#: below it, 64 Gauss-Legendre nodes in theta on [0, pi/2] (z = cos theta): the weights times sin^2 cos, sin^2, and
#: ``1 - z = 2 sin^2(theta / 2)`` (the integrands entire; 48 nodes were within 1e-15 of mpmath's variance at A = 50)
_ARGUS_THETA, _ARGUS_THETA_W = np.polynomial.legendre.leggauss(64)
_ARGUS_THETA = 0.25 * math.pi * (_ARGUS_THETA + 1.0)
_ARGUS_SIN2 = np.sin(_ARGUS_THETA) ** 2
_ARGUS_THETA_W = 0.25 * math.pi * _ARGUS_THETA_W * _ARGUS_SIN2 * np.cos(_ARGUS_THETA)
_ARGUS_DROP = 2.0 * np.sin(0.5 * _ARGUS_THETA) ** 2
_ARGUS_NODES, _ARGUS_WEIGHTS = np.polynomial.legendre.leggauss(16)
_ARGUS_NODES, _ARGUS_WEIGHTS = 0.5 * (_ARGUS_NODES + 1.0), 0.5 * _ARGUS_WEIGHTS  # (on [0, 1])
_LGAMMA_5_2 = math.lgamma(2.5)
_LOG_3 = math.log(3.0)


def _argus_chi(name, chi):
    _shapes_positive(name, chi, names=["chi"])
    if not np.all(np.isfinite(_plain(chi))):
        raise ValueError(f"{name}: chi must be finite (SciPy gives NaN)")


def _argus_check(name, z, chi):
    _argus_chi(name, chi)


def _argus_m(t):
    """``M(t) = log S(t) - t = log P(3/2, t) - 3/2 log t + lgamma(5/2)``: as ``log S(t) - t`` (Kummer's series) up to
    t = 2, from gamma's ``log P(3/2, t)`` beyond; ``M(0) = 0``, decreasing."""
    pt = np.asarray(_plain(t), dtype=float)
    if not isinstance(t, (Var, Dual)):  # (plain: SciPy's P directly, above 0.74 there; the quantiles' root finder)
        with np.errstate(divide="ignore"):
            far = _LGAMMA_5_2 - 1.5 * np.log(np.where(pt > _ARGUS_SERIES_TO, pt, 4.0)) + np.log(sc.gammainc(1.5, np.where(
                pt > _ARGUS_SERIES_TO, pt, 4.0)))
        near = np.log(polynomial(np.where(pt > _ARGUS_SERIES_TO, 1.0, pt), _ARGUS_S5)) - pt
        return np.where(pt > _ARGUS_SERIES_TO, far, near)[()]
    return _piecewise(t, pt > _ARGUS_SERIES_TO, lambda t: np.log(polynomial(t, _ARGUS_S5)) - t,
                      lambda t: _LGAMMA_5_2 - 1.5 * np.log(t) + gamma.logcdf(t, 1.5), 1.0, 4.0)


def _argus_w2(z):
    """``w^2 = 1 - z^2``: below z = 1/2 as ``1 - z * z`` (its derivative ``-2 z`` exact; through ``(1 - z)(1 + z)`` it
    was ``(1 - z) - (1 + z)``, 0 below z = 1e-16: argus.logcdf(1e-200, 2)'s d2/dx dchi 0.0 by reverse over reverse
    and -2e-200 forward over forward, the truth 2e-200), above as ``(1 - z)(1 + z)`` (no rounding of z * z near 1)."""
    return np.where(np.asarray(_plain(z)) < 0.5, 1.0 - z * z, (1.0 - z) * (1.0 + z))


def _argus_log_sf(w, chi, log=True):
    """``log sf = 3 log w + M(A w^2) - M(A)`` (``sf = P(3/2, A w^2) / P(3/2, A)``), in ``w = sqrt(1 - z^2)``; the sf
    itself (not ``log``) ``w^3 exp(M(A w^2) - M(A))``."""
    a = 0.5 * chi * chi
    if not log:
        return w * w * w * np.exp(_argus_m(a * w * w) - _argus_m(a))
    with np.errstate(divide="ignore"):
        return 3.0 * np.log(w) + _argus_m(a * w * w) - _argus_m(a)


def _argus_cdf_direct(z, chi, log, log_z=None):
    """The cdf (its log, ``log``) from its own end (exact where it is below 1/2): where ``u = A z^2 <= 2``, ``3 K
    exp(-A w^2 - M(A))``, ``K = int_w^1 v^2 exp(-A (v - w)(v + w)) dv`` (16 Gauss-Legendre nodes; ``1 - w = z^2 / (1 +
    w)``); beyond, ``(Q(Y) - Q(A)) / P(A)``, ``Y = A w^2``, from gamma's log tails. ``log_z`` (:func:`_log_of_z`'s):
    ``log K``'s ``log(z^2)`` as ``2 log_z(z)`` where z > 0, its derivatives in x and in scale apart (through z d2/dx
    dscale of argus.logcdf(2e-5, 2, 0, 2) was -7.500006e-6 and -7.500013e-6 by the two orders, the truth -7.5e-6:
    2 / z - 2 / z)."""
    pz = np.asarray(_plain(z), dtype=float)
    pchi = np.asarray(_plain(chi), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pchi.shape)
    far = np.broadcast_to(0.5 * pchi * pchi * pz * pz > 2.0, shape)

    def near(z, chi):
        a = 0.5 * chi * chi
        w2 = _argus_w2(z)
        w = np.sqrt(w2)
        d = z * z / (1.0 + w)
        v = 1.0 - np.expand_dims(d, -1) * (1.0 - _ARGUS_NODES)  # (w + d t)
        integral = np.sum(_ARGUS_WEIGHTS * v * v * np.exp(-np.expand_dims(a * d, -1) * _ARGUS_NODES * (
            v + np.expand_dims(w, -1))), axis=-1)
        if not log:
            return 3.0 * d * integral * np.exp(-a * w2 - _argus_m(a))
        with np.errstate(divide="ignore"):
            positive = np.asarray(_plain(z)) > 0  # (log d where z > 0 not computed: d underflows below 1e-154)
            log_d = np.log(d) if log_z is None else np.where(positive, 2.0 * log_z(z) - np.log1p(w),
                                                             np.log(np.where(positive, 1.0, d)))
            return _LOG_3 - a * w2 - _argus_m(a) + log_d + np.log(integral)

    def gamma_form(z, chi):
        a = 0.5 * chi * chi
        y = a * (1.0 - z) * (1.0 + z)
        log_q = gamma.logsf(y, 1.5)
        difference = -np.expm1(gamma.logsf(a, 1.5) - log_q)
        if not log:
            return gamma.sf(y, 1.5) * difference / gamma.cdf(a, 1.5)
        return log_q + np.log(difference) - gamma.logcdf(a, 1.5)
    return _two_forms(far, near, gamma_form, (z, chi), (0.1, 1.0), (0.6, 4.0))


def _argus_log_cdf_direct(z, chi):
    return _argus_cdf_direct(z, chi, True)


def _argus_log_density(z, chi, log_z=None):
    """``log_z`` (:func:`_log_of_z`'s): log z with its derivatives in x and in scale apart (through z d2/dx dscale of
    argus.logpdf(2e-5, 2, 0, 2) was -1.50000014e-5, the truth -1.4999999999e-5: 1 / z - 1 / z)."""
    a = 0.5 * chi * chi
    w2 = _argus_w2(z)
    with np.errstate(divide="ignore"):
        # (z = 0 itself with log_z's end: -inf with the limits from inside as its derivatives; through log z d/dscale
        # of argus.logpdf(loc, 1, loc, 2) was -1/s (-0.5) for -2/s, d2/dx dscale -inf for 0, d2/dscale2 0.25 for 0.5)
        on = np.asarray(_plain(z)) >= 0
        log_of_z = np.log(z) if log_z is None else np.where(on, log_z(z, 1.0, end=True), np.log(np.where(on, 1.0, z)))
        return _LOG_3 + log_of_z + 0.5 * np.log(w2) - a * w2 - _argus_m(a)


def _argus_cdf_here(z, chi):
    """The plain mask of the points whose cdf is at most 1/2 (the cdf from its own end there)."""
    pz = np.asarray(_plain(z), dtype=float)
    pchi = np.asarray(_plain(chi), dtype=float)
    with np.errstate(all="ignore"):
        return np.broadcast_to(_argus_log_sf(np.sqrt((1.0 - pz) * (1.0 + pz)), pchi) >= -_LOG_2,
                               np.broadcast_shapes(pz.shape, pchi.shape))


def _argus_tails(z, chi, name, log_z=None):
    """``cdf``, ``logcdf``, ``sf`` or ``logsf`` on ``0 <= z <= 1``: each tail from its own end where it is below 1/2,
    ``1 -`` the other (``log1p``) elsewhere."""
    here = _argus_cdf_here(z, chi)
    lower = name in ("cdf", "logcdf")
    log = name.startswith("log")

    def from_cdf(z, chi):
        cdf = _argus_cdf_direct(z, chi, log and lower, log_z)
        if lower:
            return cdf
        return np.log1p(-cdf) if log else 1.0 - cdf

    def from_sf(z, chi):
        sf = _argus_log_sf(np.sqrt(_argus_w2(z)), chi, log and not lower)
        if not lower:
            return sf
        return np.log1p(-sf) if log else 1.0 - sf
    return _two_forms(here, from_sf, from_cdf, (z, chi), (0.9, 1.0), (0.1, 1.0))


def _argus_function(name):
    below, above = {"logpdf": (-np.inf, -np.inf), "pdf": (0.0, 0.0), "cdf": (0.0, 1.0), "logcdf": (-np.inf, 0.0),
                    "sf": (1.0, 0.0), "logsf": (0.0, -np.inf)}[name]

    def on_support(z, chi, scale, log_z=None):
        if name == "logpdf":
            return _argus_log_density(z, chi, log_z) - _log_of(scale)
        if name == "pdf":
            a = 0.5 * chi * chi
            w2 = _argus_w2(z)
            return 3.0 * z * np.sqrt(w2) * np.exp(-a * w2 - _argus_m(a)) / scale
        return _argus_tails(z, chi, name, log_z)

    def within(z, chi, scale, log_z=None):
        pz = np.asarray(_plain(z), dtype=float)
        inside = (pz >= 0) & (pz <= 1)
        if np.all(inside):
            return on_support(z, chi, scale, log_z)
        out = on_support(np.where(inside, z, 0.5), chi, scale, log_z)
        return np.where(inside, out, np.where(pz < 0, below, above))

    def function(z, chi, scale, log_z=None):
        pz = np.asarray(_plain(z), dtype=float)
        end = (pz == 1) | ((pz == 0) & (name == "logcdf"))
        if not np.any(end):
            return within(z, chi, scale, log_z)
        # (at z = 1, w = sqrt((1 - z)(1 + z)) = 0: the infinite cotangent of sqrt met the product's factor 1 - z = 0,
        # NaN in every function's d/dx there, the truths from inside -inf (pdf, logpdf, logsf) or 0 (cdf, logcdf,
        # sf); logcdf's d/dx at z = 0 NaN, the truth +inf (2 log z). Their values and their derivatives in z from
        # inside there, of every order, none in chi (the value is the same at every chi))
        at = np.where(end, z, 1.0)
        a = 0.5 * chi * chi
        # (the log functions, -inf there at every chi: their derivatives in chi the limits from inside too, finite:
        # logpdf's and logsf's d/dchi at z = 1 were 0 for -chi M'(A) (0.56505 at chi = 1), d2/dx dchi 0 for 2 chi /
        # scale and 0.6 chi / scale; logcdf's at z = 0, 2 log z + log 1.5 - M(A) - A + O(z^2), with log z from
        # log_z's end (log u and log scale apart): d/dscale was 0 for -2 / scale, d2/dx dscale -inf for 0)
        w2 = _argus_w2(at)
        # (the ends' infinite derivatives of z = 1 of x - loc - scale itself where x - loc or the scale is traced, each
        # of its partials z's sign (root 1: each order's sign the same, z's second partials' share of one sign with
        # the first's): through z, whose tangents in chi's direction hold the scale's traced partial, jacfwd(jacfwd)
        # took z's 0 there as live, 0 * inf: logpdf's d2/dchi dx, dloc, dscale NaN for 2 chi / s, -2 chi / s, -2 chi / s)
        top = at
        if log_z is not None and getattr(log_z, "apart", False):  # (elsewhere a plain stand-in: z's tangent untaken)
            top = log_z.u - scale if np.all(pz == 1) else np.where(pz == 1, log_z.u - scale, 0.0)
        # (pdf's d2/dx dchi there is -inf: 3 e^-M(A) / scale times the pole of w, e^-M(A) rising in chi at every chi >
        # 0; a factor e^-M(A) put the infinite cotangent into M(A)'s terms of opposite signs (NaN on the reverse paths),
        # _STEEP_PRODUCT adds the mixed limits alone, in chi itself: d2/dx dchi was 0 on five paths; its chi-derivatives'
        # signs (1, 1, 1): e^-M(A)'s first three rise at every chi > 0, mpmath (80 digits) at chi = 1e-4 .. 1e3; with
        # _STEEP_MIXED's one sign d3/dx dchi2 was 0 for -inf)
        ends = {"pdf": lambda: _STEEP_UNIT(top, sign=-1.0, root=1.0) / scale + _STEEP_PRODUCT(
                    top, chi, sign=-1.0, signs=(1.0, 1.0, 1.0)),
                "logpdf": lambda: _T_END(top, sign=-1.0, root=1.0) - a * w2 - _argus_m(a),
                "cdf": lambda: 1.0 + _FLAT_END(top, sign=-1.0, root=1.0),
                "sf": lambda: _FLAT_END(top, sign=1.0, root=1.0),
                "logcdf": lambda: np.where(pz == 0, (_T_END(np.where(end, z, 0.0), sign=-1.0, root=-1.0)
                                                     if log_z is None else log_z(np.where(pz == 0, z, 1.0), 2.0, end=True)
                                                     + math.log(1.5) - _argus_m(a) - a),
                                           _FLAT_END(top, sign=-1.0, root=1.0)),
                "logsf": lambda: _T_END(top, sign=-1.0, root=1.0) + _argus_m(a * w2) - _argus_m(a)}
        return np.where(end, ends[name](), within(np.where(end, 0.5, z), chi, scale, log_z))
    return function


def _steep_product_value(q, shape, sign=1.0, signs=(), nq=0, ns=0):
    limit = 0.0 if nq == 0 or ns == 0 else sign * signs[ns - 1] * np.inf if ns <= len(signs) else np.nan
    return np.zeros(np.broadcast_shapes(np.shape(_plain(q)), np.shape(_plain(shape)))) + limit


#: 0 at a steep end (q = 0) of ``S(q) (g(shape) - g(shape_0))`` (S(0) = 0, S's slope ``sign inf`` and each further
#: q-derivative of its sign; ``signs`` those of g's derivatives), its mixed derivatives alone, d^(nq + ns) / dq^nq
#: dshape^ns: ``sign signs[ns - 1] inf`` where nq, ns >= 1, NaN past ``signs``, 0 where nq or ns is 0 (argus.pdf's upper
#: end, beside _STEEP_UNIT's pure q-derivatives: _STEEP_MIXED's one sign had d3/dq dshape2 0)
_STEEP_PRODUCT = OwnPrimitive(_steep_product_value, name="wengert.scipy.stats.steep_end_product", reenters="any")
_def_partials(_STEEP_PRODUCT, lambda q, shape, nq=0, **kw: _STEEP_PRODUCT(q, shape, nq=nq + 1, **kw),
              lambda q, shape, ns=0, **kw: _STEEP_PRODUCT(q, shape, ns=ns + 1, **kw))


#: 0 at a finite end of a support where a function's first derivative is 0 and the further ones infinite (argus's cdf
#: and sf at z = 1): its derivative :data:`_STEEP_UNIT`'s (0, then ``sign inf``, times ``root`` per further order)
_FLAT_END = OwnPrimitive(lambda q, sign=1.0, root=1.0: _steep_end_value(q, 0.0, sign),
                         name="wengert.scipy.stats.flat_end", reenters="any")
_def_partials(_FLAT_END, lambda q, sign=1.0, root=1.0: _STEEP_UNIT(q, sign=sign, root=root))


_shape_functions(argus, ("chi",), _argus_check, [
    (name, lambda z: np.ones(np.shape(z), bool), _argus_function(name), np.nan, formula,
     f"round(float(argus.{name}(0.5, 1.0)), 6)", value) for name, formula, value in (
        ("logpdf", "``log 3 + log z + log(w^2) / 2 - A w^2 - M(A) - log(scale)`` on ``0 <= z <= 1`` (``A = chi^2 / 2``, "
         "``w^2 = (1 - z)(1 + z)``, ``M(A) = log P(3/2, A) - 3/2 log A + lgamma(5/2)``), ``-inf`` outside.",
         "0.177938"),
        ("pdf", "``3 z w exp(-A w^2 - M(A)) / scale`` on ``0 <= z <= 1``, 0 outside.", "1.194751"),
        ("cdf", "from its own end where it is below 1/2 (a Gauss-Legendre integral in ``w`` near 0, gamma's ``Q(Y) - "
         "Q(A)`` farther, ``Y = A w^2``), ``1 - sf`` elsewhere.", "0.30256"),
        ("logcdf", "``log(cdf)``, from the cdf's own end where it is below 1/2, ``log1p(-sf)`` elsewhere.",
         "-1.195477"),
        ("sf", "``w^3 exp(M(A w^2) - M(A))`` (``P(3/2, A w^2) / P(3/2, A)``) where it is below 1/2, ``1 - cdf`` "
         "elsewhere.", "0.69744"),
        ("logsf", "``3 log w + M(A w^2) - M(A)`` where the sf is below 1/2, ``log1p(-cdf)`` elsewhere.",
         "-0.360338"))])


def _argus_log_tail_p(q, pq, shape):
    """``log p`` of the tail ``p`` below 1/2: ``log q`` or ``log1p(-q)``."""
    return _piecewise(q, np.broadcast_to(pq > 0.5, shape), np.log, lambda q: np.log1p(-q), 0.25, 0.75)


def _argus_root_plain(log_p, chi, cdf_side):
    """The plain root (flat arrays): ``z`` of ``log cdf(z) = log p`` where ``cdf_side``, else ``w`` of ``log sf(w) =
    log p``, by Newton's method in ``log z`` (``log w``) from gamma's quantile (or the tail's leading power ``1.5
    exp(-M(A) - A) z^2``, ``exp(-M(A)) w^3`` where that is small), to a step of 1e-9 (the polish does the rest)."""
    a = 0.5 * chi * chi
    m = _argus_m(a)
    p = np.exp(log_p)
    log_pa = gamma.logcdf(a, 1.5)
    with np.errstate(all="ignore"):
        y_low = sc.gammainccinv(1.5, gamma.sf(a, 1.5) + p * np.exp(log_pa))
        z_gamma = np.sqrt(np.clip(1.0 - y_low / a, 0.0, 1.0))
        z_power = np.exp(0.5 * (log_p + m + a - math.log(1.5)))
        z0 = np.where(a * z_power * z_power < 1.0, z_power, z_gamma)
        w_gamma = np.sqrt(sc.gammaincinv(1.5, p * np.exp(log_pa)) / a)
        w_power = np.exp((log_p + m) / 3.0)
        w0 = np.where((a * w_power * w_power < 0.1) | ~(w_gamma > 0), w_power, w_gamma)
        t = np.log(np.clip(np.where(cdf_side, z0, w0), 1e-300, 1.0))
        # (each entry's steps end with its own first step within 1e-9, as a scalar's: stepped on until every entry's
        # was, an entry's root depended on its neighbours', argus.isf(1 - 1e-10, 3) 1.8e-15 apart in an array)
        done = np.zeros(np.shape(t), dtype=bool)
        for _ in range(40):
            e = np.exp(t)
            e2 = (1.0 - e) * (1.0 + e)
            in_cdf = np.where(cdf_side, e, 0.5)
            in_sf = np.where(cdf_side, 0.5, e)
            log_cdf = _argus_tails(in_cdf, chi, "logcdf")
            log_sf = _argus_log_sf(in_sf, chi)
            value = np.where(cdf_side, log_cdf, log_sf)
            # d log tail / d log e: z pdf / cdf, or w (3 w^2 exp(-A w^2 - M(A))) / sf
            slope = np.where(cdf_side, np.exp(_argus_log_density(in_cdf, chi) + np.log(in_cdf) - log_cdf),
                             np.exp(_LOG_3 + 3.0 * np.log(in_sf) - a * in_sf * in_sf - m - log_sf))
            step = (log_p - value) / slope
            step = np.clip(np.where(np.isfinite(step), step, 0.0), -2.0, 2.0)
            t = np.where(done, t, np.minimum(t + step, np.where(e2 > 0, np.log(0.5 + 0.5 * e), 0.0)))
            done = done | (np.abs(step) <= 1e-9)  # (the polish's second order leaves ~1e-27 of such a step)
            if np.all(done):
                break
    return np.exp(t)


def _argus_standard_quantile(upper):
    """``standard(q, chi)`` of the ppf (isf, ``upper``), from the tail ``p`` below 1/2: on the cdf's side ``z0 + h -
    (L'' / L') h^2 / 2``, ``h = r / L'``, at the plain root ``z0`` of the log cdf ``L``, ``r = log p - L(z0, chi)``, ``L' = pdf / cdf``,
    ``L'' = L' (1 / z - z / w^2 + 2 A z - L')``; on the sf's side the same in ``w`` (``L = 3 log w + M(A w^2) - M(A)``,
    ``L' = 3 w^2 exp(-A w^2 - M(A)) / sf``, ``L'' = L' (2 / w - 2 A w - L')``), then ``z = sqrt((1 - w)(1 + w))``: the
    root's value and first and second derivatives in q and chi (the inverse function's Taylor polynomial). At p = 0 the
    ends 0 and 1."""
    def standard(q, chi):
        pq = np.asarray(_plain(q), dtype=float)
        pchi = np.asarray(_plain(chi), dtype=float)
        shape = np.broadcast_shapes(pq.shape, pchi.shape)
        pq_, pchi_ = np.broadcast_to(pq, shape), np.broadcast_to(pchi, shape)
        cdf_side = (pq_ <= 0.5) != upper
        p = np.minimum(pq_, 1.0 - pq_)
        inner = p > 0
        root = np.full(shape, 0.5)
        if np.any(inner):
            with np.errstate(divide="ignore"):
                root[inner] = _argus_root_plain(np.log(p[inner]), pchi_[inner], cdf_side[inner])
        root = np.where(inner, root, 0.5)

        def in_z(q, chi, z0):
            w2 = (1.0 - z0) * (1.0 + z0)
            log_tail = _argus_tails(z0, chi, "logcdf")
            slope = np.exp(_argus_log_density(z0, chi) - log_tail)
            bend = 1.0 / z0 - z0 / w2 + chi * chi * z0 - slope  # (L'' / L')
            h = (_argus_log_tail_p(q, pq_, shape) - log_tail) / slope
            return z0 + h - 0.5 * bend * h * h

        def in_w(q, chi, w0):
            a = 0.5 * chi * chi
            log_tail = _argus_log_sf(w0, chi)
            slope = np.exp(_LOG_3 + 2.0 * np.log(w0) - a * w0 * w0 - _argus_m(a) - log_tail)
            bend = 2.0 / w0 - 2.0 * a * w0 - slope
            h = (_argus_log_tail_p(q, pq_, shape) - log_tail) / slope
            w = w0 + h - 0.5 * bend * h * h
            return np.sqrt((1.0 - w) * (1.0 + w))

        def polished(q, chi):
            return _two_forms(cdf_side, in_w, in_z, (q, chi, root), (0.25, 1.0, 0.5), (0.25, 1.0, 0.5))

        def at_end(q, chi):
            return np.where(cdf_side, 0.0, 1.0) + 0.0 * q + 0.0 * chi
        return _two_forms(~inner, polished, at_end, (q, chi), (0.5, 1.0), (0.0, 1.0))
    return standard


def _argus_steep_mixed(lower, chi):
    """d2/dq dchi at a steep end, relative to the slope: at z = 0 the cdf ``~ 1.5 exp(-A - M(A)) z^2`` shrinks with chi
    (the slope grows: +1), at z = 1 the sf ``~ exp(-M(A)) w^3`` grows with it (-1)."""
    return (np.where(lower, 1.0, -1.0),)


def _argus_end_slope(upper):
    """The quantile's slope at both ends: infinite (the density vanishes at 0 and 1), + for the ppf, - for the isf."""
    def slope(pq, chi):
        return np.full(np.broadcast_shapes(np.shape(pq), np.shape(chi)), -np.inf if upper else np.inf)
    return slope


def _argus_quantile(name, q, chi, loc, scale, upper):
    _argus_chi(name, chi)
    with np.errstate(divide="ignore"):
        return _in_dtype_of(_located(name, q, loc, scale, _argus_standard_quantile(upper), shapes=(chi,),
                                     end_slope=_argus_end_slope(upper), steep_mixed=_argus_steep_mixed),
                            q, chi, loc, scale)


_quantiles(argus, "chi", _argus_quantile, (
    ("``loc + scale z``, ``z`` the root of ``cdf(z, chi) = q`` (of the log tail below 1/2 there, in ``w = sqrt(1 - "
     "z^2)`` on the sf's side), polished to second order.", "round(float(argus.ppf(0.5, 1.0)), 6)", "0.64682"),
    ("``loc + scale z``, ``z`` the root of ``sf(z, chi) = q`` (of the log tail below 1/2 there), polished to second "
     "order.", "round(float(argus.isf(0.5, 1.0)), 6)", "0.64682")))


def _argus_drop_moments(a):
    """``(weights, total, E[d])`` of ``d = 1 - z`` by quadrature in theta (:data:`_ARGUS_THETA`), below A = 50."""
    weights = _ARGUS_THETA_W * np.exp(-np.expand_dims(a, -1) * _ARGUS_SIN2)
    total = np.sum(weights, axis=-1)
    return weights, total, np.sum(weights * _ARGUS_DROP, axis=-1) / total


def _argus_reciprocal_a(chi, a):
    """``1 / A = 2 (1 / chi)^2`` where ``A = chi^2 / 2`` is in the asymptotic series' range (elsewhere at A = 100), for
    :func:`_argus_mean` and :func:`_argus_var`: as ``1 / A`` its derivative in chi ``-chi / A^2`` underflowed (A^2 =
    2.5e399 at chi = 1e100), d/dchi of argus.mean(1e100) 0 for 3e-300, d2/dchi2 at 1e60 -3e-240 for -9e-240, d/dchi
    of argus.var(1e60) 0 for -6e-300."""
    pa = np.asarray(_plain(a), dtype=float)
    far = pa >= _ARGUS_VAR_ASYMPTOTIC_FROM
    r = 1.0 / np.where(far, chi, math.sqrt(200.0))
    e = 2.0 * r * r
    # (its value 1 / A's, as before: the constant difference, within an ulp, has no derivative)
    return e + (1.0 / np.where(far, pa, 100.0) - np.asarray(_plain(e), dtype=float))


def _argus_mean(chi):
    """Up to A = 2 ``3 pi / 16 exp(A / 2) B(A) / S(A)``, ``B = sum (A^2 / 16)^k / (k! (k + 1)!)`` (the ``chi^3`` of
    ``sqrt(pi / 8) chi ive(1, A / 2) / Psi(chi)``, ``Psi = P(3/2, A) / 2``, cancelled: through the quotient d/dchi was
    ``1 / chi + 2 / chi - 3 / chi``); beyond ``1 - E[d]``, ``d = 1 - z``, by quadrature in theta, from A = 50 on its
    asymptotic series ``1 + sum_j c_j (3/2)_j / A^j`` (:data:`_ARGUS_MEAN_SERIES`): the mean nears 1 as A grows, and
    through ive and P its derivatives in chi cancelled (d2/dchi2 at chi = 9 4.3e-12 relative off, at 30 9.4e-9)."""
    a = 0.5 * chi * chi
    e = _argus_reciprocal_a(chi, a)

    def series(a):
        return 1.0 + e * polynomial(e, _ARGUS_MEAN_SERIES)

    def beyond(a):
        return _piecewise(a, np.asarray(_plain(a), dtype=float) >= _ARGUS_VAR_ASYMPTOTIC_FROM,
                          lambda a: 1.0 - _argus_drop_moments(a)[2], series, 4.0, 100.0)
    return _piecewise(a, np.asarray(_plain(a), dtype=float) > _ARGUS_SERIES_TO, lambda a: (
        3.0 * math.pi / 16.0) * np.exp(0.5 * a) * polynomial(a * a / 16.0, _ARGUS_I1) / polynomial(a, _ARGUS_S5),
        beyond, 1.0, 4.0)


def _argus_var(chi):
    """``E[(d - E[d])^2]``, ``d = 1 - z``, below A = 50 by quadrature in theta (z = cos theta, the density ``sin^2 cos
    exp(-A sin^2)``, :data:`_ARGUS_THETA`): no difference of numbers near 1 (``1 - E[Y] / A - mean^2`` cancelled as A
    grew, where the variance is ``~ 3 / (8 A^2)``: 1.4e-12 relative off at chi = 7, its d2/dchi2 1.9e-10 at chi = 9,
    1e-13 at chi = 0.3, as SciPy's); from A = 50 on its asymptotic series in ``1 / A`` (:data:`_ARGUS_VAR_SERIES`;
    the difference was 1.1e-10 off at A = 450, where the series is within 1e-16)."""
    a = 0.5 * chi * chi
    e = _argus_reciprocal_a(chi, a)

    def difference(a):
        weights, total, mean_drop = _argus_drop_moments(a)
        spread = _ARGUS_DROP - np.expand_dims(mean_drop, -1)
        return np.sum(weights * spread * spread, axis=-1) / total

    def series(a):
        return e * e * polynomial(e, _ARGUS_VAR_SERIES)
    return _piecewise(a, np.asarray(_plain(a), dtype=float) >= _ARGUS_VAR_ASYMPTOTIC_FROM, difference, series, 4.0,
                      100.0)


_add_moments("argus", ("chi",), _argus_mean, _argus_var, None, _argus_chi, 1.0,
             " The mean is ``sqrt(pi / 8) chi ive(1, chi^2 / 4) / Psi(chi)``, the variance ``1 - E[Y] / A - mean^2`` "
             "(the entropy by quadrature: its own method).")
_add_quantile_summaries("argus", (1.0,))
_add_quadrature_entropy("argus", (1.0,))


# -- dgamma (the double gamma distribution) -------------------------------------------------------


class dgamma:
    """The double gamma distribution, as ``scipy.stats.dgamma``: gamma's density halved and mirrored about ``loc``
    (``pdf = |z|^(a - 1) exp(-|z|) / (2 gamma(a) scale)``; ``cdf = 1 - gammaincc(a, z) / 2`` for ``z > 0``),
    differentiable in x (or q), a, loc and scale away from its kink: in x, q, loc and scale to every order, in ``a``
    to second order (through ``gammainc``, as gamma's), with ``mean``, ``var``, ``std`` and ``entropy``. Each tail is
    gamma's on its side (its log finite far out, where SciPy's ``log(gammaincc / 2)`` is ``-inf``), the quantiles
    gamma's ``gammaincinv`` of ``2q - 1`` near ``q = 1/2`` (exact there) and ``gammainccinv`` of ``2 (1 - q)`` in the
    tails.

    At ``x == loc`` (``z = 0``) the density has no derivative in x, loc or scale for any a but one side's (``|z|^(a -
    1)``: its slopes there are opposite, or infinite, or the density is), so ``pdf`` and ``logpdf`` refuse them there
    (:class:`~wengert.NoGradientRule`), and their derivative in a where ``a <= 1`` (the density jumps in a at 1 and is
    inf below); the tails' first derivatives there are the density's, one number for both sides, and their second
    derivatives in x, loc and scale are refused. The quantiles refuse a traced q at ``q = 1/2`` (the same point).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import dgamma
    >>> round(float(wg.grad_bp(lambda x: dgamma.cdf(x, 1.0), 1.0)), 6)  # the density e^-1 / 2
    0.18394

    .. versionadded:: 0.1
    """


def _dgamma_z(name, x, a, loc, scale):
    """``z = (x - loc) / scale``, with dgamma's checks and its kink at z = 0 (see the class)."""
    _shapes_positive(name, a, names=["a"])
    z = _standardized(name, x, loc, scale)
    if name.endswith("pdf") and isinstance(a, (Var, Dual)) and np.any((_plain(z) == 0) & (_plain(a) <= 1)):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in a at x == loc for a <= 1: the density's factor "
            "|z|^(a - 1) is 0 ** 0 = 1 there at a = 1, 0 for a larger a and inf for a smaller one (and inf on "
            "all of a < 1). Evaluate away from x == loc, or pass a as a constant (wengert.stop_gradient).")
    return _cornered_z(name, z, (x, loc, scale), "the density is |z|^(a - 1) e^-|z| there, whose two sides' slopes "
                       "differ (or are infinite)", "a")


def _dgamma_half(log):
    """gamma's sf at ``t = |z|`` over 2 (``log``: its log, ``-log 2`` plus gamma's logsf, finite far out)."""
    def half(t, a):
        return gamma.logsf(t, a) - _LOG_2 if log else 0.5 * gamma.sf(t, a)
    return half


def _dgamma_big(log):
    """``1 - sf(t) / 2`` (``log``: ``log1p(-sf(t) / 2)``), gamma's sf at ``t = |z|``."""
    def big(t, a):
        return np.log1p(-0.5 * gamma.sf(t, a)) if log else 1.0 - 0.5 * gamma.sf(t, a)
    return big


#: name -> (the function of t = z on z >= 0, that of t = -z on z < 0; each of (t, a, scale)), formula, value at (1.0, 2.0)
_DGAMMA_FUNCTIONS = {
    "logpdf": ((lambda t, a, scale: gamma.logpdf(t, a) - _LOG_2 - _log_of(scale),) * 2,
               "``(a - 1) log|z| - |z| - gammaln(a) - log(2 scale)``.", "-1.693147"),
    "pdf": ((lambda t, a, scale: 0.5 * gamma.pdf(t, a) / scale,) * 2,
            "``|z|^(a - 1) exp(-|z|) / (2 gamma(a) scale)``.", "0.18394"),
    "cdf": ((lambda t, a, scale: _dgamma_big(False)(t, a), lambda t, a, scale: _dgamma_half(False)(t, a)),
            "``1 - gammaincc(a, z) / 2`` for ``z >= 0``, ``gammaincc(a, |z|) / 2`` below.", "0.632121"),
    "logcdf": ((lambda t, a, scale: _dgamma_big(True)(t, a), lambda t, a, scale: _dgamma_half(True)(t, a)),
               "``log1p(-gammaincc(a, z) / 2)`` for ``z >= 0``, ``log(gammaincc(a, |z|)) - log 2`` below (finite far "
               "out).", "-0.458675"),
    "sf": ((lambda t, a, scale: _dgamma_half(False)(t, a), lambda t, a, scale: _dgamma_big(False)(t, a)),
           "``gammaincc(a, z) / 2`` for ``z >= 0``, ``1 - gammaincc(a, |z|) / 2`` below.", "0.367879"),
    "logsf": ((lambda t, a, scale: _dgamma_half(True)(t, a), lambda t, a, scale: _dgamma_big(True)(t, a)),
              "``log(gammaincc(a, z)) - log 2`` for ``z >= 0`` (finite far out), ``log1p(-gammaincc(a, |z|) / 2)`` "
              "below.", "-1.0"),
}


def _dgamma_method(name, forms, formula, value):
    positive, negative = forms

    def method(x, a, loc=0.0, scale=1.0):
        z = _dgamma_z(f"dgamma.{name}", x, a, loc, scale)
        with np.errstate(divide="ignore", over="ignore"):
            return _in_dtype_of(_dweibull_sided(z, lambda t: positive(t, a, scale), lambda t: negative(t, a, scale)),
                                x, a, loc, scale)
    method.__doc__ = _doc(dgamma, formula, f"round(float(dgamma.{name}(1.0, 2.0)), 6)", value)
    _method(dgamma, name)(method)


for _name, _dgamma_row in _DGAMMA_FUNCTIONS.items():
    _dgamma_method(_name, *_dgamma_row)


def _dgamma_quantile(name, q, a, loc, scale, upper):
    """ppf: gamma's quantile mirrored: ``gammaincinv(a, 2q - 1)`` for ``1/2 <= q <= 3/4`` (``2q - 1`` exact: the
    quantile near 0 keeps its digits), ``gammainccinv(a, 2 (1 - q))`` above, minus the same at ``1 - q`` below 1/2; 0
    at 1/2 (a traced q refused there); isf: minus the ppf's."""
    _shapes_positive(name, a, names=["a"])
    pq = np.asarray(_plain(_q(name, q)), dtype=float)
    if isinstance(q, (Var, Dual)) and np.any(pq == 0.5):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in q at q = 1/2 (x == loc, the kink of the density: "
            "its slope there is 1 / pdf(loc), infinite for a > 1, and the two sides' second derivatives differ). "
            "Evaluate away from q = 1/2, or pass q as a constant.")

    def above(q):  # gamma's quantile at 2q - 1, for q >= 1/2
        return _piecewise(q, np.asarray(_plain(q)) > 0.75, lambda q: gamma.ppf(2.0 * q - 1.0, a),
                          lambda q: gamma.isf(2.0 * (1.0 - q), a), 0.6, 0.9)

    def below(q):  # minus gamma's quantile at 1 - 2q, for q < 1/2 (from q itself: 1 - q lost a small q's digits)
        return _piecewise(q, np.asarray(_plain(q)) < 0.25, lambda q: -gamma.ppf(1.0 - 2.0 * q, a),
                          lambda q: -gamma.isf(2.0 * q, a), 0.4, 0.1)

    def standard(q):  # (0 at q = 1/2 exactly, constant in a: gamma's quantile at 0 refused its second derivative in a)
        at_half = np.broadcast_to(pq == 0.5, np.broadcast_shapes(pq.shape, np.shape(_plain(a))))
        return _piecewise(q, at_half, lambda q: _piecewise(q, pq < 0.5, above, below, 0.75, 0.25),
                          lambda q: 0.0 * q + 0.0 * a, 0.75, 0.5)
    return _in_dtype_of(_located(name, q, loc, scale, standard, sign=-1.0 if upper else 1.0, ends=True),
                        q, a, loc, scale)


_quantiles(dgamma, "a", _dgamma_quantile, (
    ("``loc + scale gammaincinv(a, 2q - 1)`` above ``q = 1/2``, ``loc - scale gammaincinv(a, 1 - 2q)`` below.",
     "round(float(dgamma.ppf(0.9, 2.0)), 6)", "2.994308"),
    ("``loc - scale gammaincinv(a, 2q - 1)`` above ``q = 1/2``, ``loc + scale gammaincinv(a, 1 - 2q)`` below.",
     "round(float(dgamma.isf(0.1, 2.0)), 6)", "2.994308")))
# the mean 0 (symmetric), the variance a (a + 1) (the second moment), the entropy gamma's + log 2
_add_moments("dgamma", ("a",), lambda a: 0.0 * a, lambda a: a * (a + 1.0), lambda a: _gamma_entropy(a) + _LOG_2,
             lambda name, a: _shapes_positive(name, a, names=["a"]), 2.0,
             " The mean is 0, the variance ``a (a + 1)``.")
_add_quantile_summaries("dgamma")
