"""Bessel functions and first passage times: invgauss, wald, recipinvgauss, norminvgauss, geninvgauss, fatiguelife,
rice, ncx2, kstwobign. Part of :mod:`wengert.scipy.stats`.
"""

import functools
import math
from fractions import Fraction

import numpy as np
from scipy import special as sc

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...ops._util import def_partials as _def_partials, piecewise as _piecewise, polynomial
from ...ops.scipy_special import stirling_correction
from ...primitive import OwnPrimitive
from ._common import (_add_moments, _add_quadrature_entropy, _add_quantile_summaries, _at_a_pole, _at_lower_end, _borrow, _BORROWED,
                      _borrowed_example, _closed_support_function, _constant, _digamma_excess, _doc, _EULER,
                      _exp_at_ends, _in_dtype_of, _inverse_slope, _located, _location_scale, _log1mexp, _LOG_2,
                      _LOG_2PI, _log_hypot1, _log_of, _log_of_z, _LOG_PI, _LOG_PLUS_POWER, _method,
                      _bracket_closed, _bracket_middle, _newton_step_in_bracket, _on_support, _plain, _power_of_z, _quantiles, _refuse_a_jump_in_shape, _x_at_loc,
                      _root_quantile, _scaled_exp1, _shape_functions, _shapes_positive, _standardized, _taken_call,
                      _two_forms, _vanishing, _vanishing_at_zero, _with_lower_end, _xlog_z)
from ._normal import _invgauss_erfcx_odd_taylor, _INVGAUSS_ERFCX_SERIES, _INVGAUSS_TAYLOR_D
from ._gamma import _gamma_quantile, _gamma_tail, _INVGAMMA_TINY, _INVGAMMA_Z_TERMS, chi2
from ._extreme_value import _GOMPERTZ_EIN

__all__ = ["invgauss", "wald", "recipinvgauss", "fatiguelife", "rice", "ncx2", "norminvgauss", "geninvgauss",
           "kstwobign"]


def _fatiguelife_steep(lower, c):
    """x ~ 1 / (c z)^2 at 0 (z = ndtri(q) -> -inf): the slope is proportional to c^-2."""
    return (-1.0,)


def _invgauss_steep(lower, mu):
    """invgauss at 0 (no leading power: its terms in mu cancel to the first order): + by mpmath (80 digits) at q =
    1e-20 ... 1e-1000, mu 0.3 and 3."""
    return (1.0,)


# -- invgauss (the first passage time of a Brownian motion with drift) ------------------------------


class invgauss:
    """The inverse Gaussian distribution, as ``scipy.stats.invgauss``: ``logpdf = -log(2 pi) / 2 - 3/2 log z -
    (z / mu - 1)^2 / (2 z)`` on ``z = (x - loc) / scale > 0``, differentiable in x (or q), mu, loc and scale to
    every order. The cdf is ``ndtr((z / mu - 1) / sqrt(z)) + exp(2 / mu) ndtr(-(z / mu + 1) / sqrt(z))``,
    computed in log space so that ``exp(2 / mu)`` never overflows: below ``z = mu`` as ``exp(-(z / mu - 1)^2 /
    (2 z)) (erfcx(s_a) + erfcx(s_b)) / 2`` (``s_a, s_b = (1 -+ z / mu) / sqrt(2 z)``: the exponents of the two
    terms cancel exactly), above as SciPy's ``log_ndtr`` sum; the sf the mirror. The quantiles are the roots of
    these log tails (Newton's steps in a bracket: SciPy's, Boost's, were wrong from q = 1e-57 on), differentiated by
    the inverse function rule (``dx/dmu = sqrt(2 pi) z^(3/2)
    erfcx(s_b) / mu^2`` at fixed q); the entropy is SciPy's closed form (``exp(r) E1(r)`` at ``r = 2 / mu`` gompertz's
    continued fraction for a small mu).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import invgauss
    >>> round(float(wg.grad_bp(lambda x: invgauss.cdf(x, 1.0), 1.0)), 6)  # the density at z = mu = 1
    0.398942

    .. versionadded:: 0.1
    """


def _invgauss_exponent(z, mu):
    """``(z / mu - 1)^2 / (2 z)``, the log density's and both tails' Gaussian exponent: between ``z = mu / 4`` and
    ``4 mu`` SciPy's, as ``u (u / (2 z))`` (``u = z / mu - 1``; not ``u^2``, which overflows a Python float with an
    error); outside, expanded, ``1 / (2 z) - 1 / mu + (z / mu) / (2 mu)`` (its first or last term at least twice the
    rest: no cancellation): through ``u (u / (2 z))`` the second derivative was inf - inf = NaN from z = 1e-103 (the
    truth ``1 / z^3``, +inf) and 1e-11 off at z = 1e5, mu = 1 (``u'/(2 z) - u / (2 z^2)`` cancelling to ``1 / (2
    z^2)``), and ``u^2`` overflowed from z = 1e154 mu (the log sf -inf for -5.6e298 at z = 1e300, mu = 3)."""
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    expanded_here = np.broadcast_to((pz < 0.25 * pmu) | (pz > 4.0 * pmu), np.broadcast_shapes(pz.shape, pmu.shape))

    def scipys(z):
        u = z / mu - 1.0
        return u * (u / (2.0 * z))

    def expanded(z):
        return 0.5 / z - 1.0 / mu + 0.5 * (z / mu) / mu
    return _piecewise(z, expanded_here, scipys, expanded, pmu, 8.0 * pmu)


#: Below this z (and mu / 4) invgauss's log cdf is ``-exponent + log(2 z / pi) / 2 - log1p(-(z / mu)^2)`` (erfcx's
#: asymptotic leading terms, the next below 1e-20 of the sum): through erfcx of ``(1 -+ z / mu) / sqrt(2 z)`` its
#: second derivative in z was inf - inf = NaN from z = 1e-205 (the truth -inf)
_INVGAUSS_TINY_Z = 1e-20
#: The largest float and the smallest positive one (subnormal): the ends of :func:`_invgauss_log_root`'s brackets
_DOUBLE_MAX, _DOUBLE_TINY = float(np.finfo(float).max), 5e-324


#: From this ``r = (z / mu - 1) / sqrt(2 z)`` on, invgauss's log sf writes ``erfcx(r) - erfcx(s_b)`` (``s_b = (z / mu
#: + 1) / sqrt(2 z)``) with erfcx's asymptotic series ``sum c_k x^-(2k + 1) / sqrt(pi)``, each term's difference
#: ``c_k r^-(2k + 1) (1 - (r / s_b)^(2k + 1))``, ``r / s_b = (1 - w) / (1 + w)``, ``w = mu / z``, as ``-expm1(-(2k +
#: 1) 2 atanh(w))`` (14 terms, the 15th below 2e-18 of the sum): the difference cancelled as ``mu / z`` (the log sf's
#: second derivative 2e-11 off at z = 1e5, mu = 1, its value 5e-14 at z = 1e10, mu = 1e3), and underflowed to 0 far
#: out (the log sf -inf at z = 1e300). Below r = 10, see ``_INVGAUSS_TAYLOR_D``.
_INVGAUSS_FAR_R = 10.0


def _invgauss_log_density(z, mu, scale, log_z=None, power_z=None):
    """SciPy's ``invgauss._logpdf``, term for term: ``-log(2 pi) / 2 - 1.5 log z - (z / mu - 1)^2 / (2 z)``,
    then ``- log(scale)``; below ``z = _INVGAMMA_TINY`` its terms ``-1.5 log z - 1 / (2 z)`` as invgamma's at ``a =
    1/2``, ``2 z`` (:data:`_INVGAMMA_Z_TERMS`, plus ``1.5 log 2``), the rest ``1 / mu - z / (2 mu^2)``: their second
    derivatives ``1.5 / z^2 - 1 / z^3`` overflowed apart (NaN below z = 1.5e-154, the truth -inf; wald's too). With
    ``log_z`` and ``power_z`` (:func:`_log_of_z`, :func:`_power_of_z`), from there to ``z = mu / 100`` as ``-1.5 log z
    - 1 / (2 z) + 1 / mu - z / (2 mu^2)``, ``log z`` and ``1 / z`` with their derivatives in x and in scale apart:
    through z d2/dscale2 of ``-1 / (2 z)`` was ``1 / z - 1 / z`` (invgauss.logpdf(1e-15, 1) 0.375 for the truth 0.5,
    at 1e-100 1.0 for -0.5)."""
    def scipys(z, mu):
        return -0.5 * _LOG_2PI - 1.5 * np.log(z) - _invgauss_exponent(z, mu)
    if log_z is not None:
        whole = scipys

        def scipys(z, mu):
            pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
            near = np.broadcast_to(pz < 0.01 * pmu, np.broadcast_shapes(pz.shape, pmu.shape))
            return _two_forms(near, whole, lambda z, mu: -0.5 * _LOG_2PI + log_z(z, -1.5) - 0.5 * power_z(z, -1.0)
                              + 1.0 / mu - 0.5 * (z / mu) / mu, (z, mu), (1.0, 1.0), (1e-10, 1.0))

    def tiny(z, mu):
        if power_z is not None:
            # (-1.5 log z - 1 / (2 z) as one primitive of x - loc and scale: through z d/dscale of
            # invgauss.logpdf(1e-200, 1) was -inf, the truth -5e199, and the Hessian in (x, scale) NaN)
            head = power_z(z, -1.0, terms=_LOG_PLUS_POWER, e=-1.5, b=-0.5, end=True)
        else:
            head = 1.5 * _LOG_2 + _INVGAMMA_Z_TERMS(2.0 * z, 0.5)
        return -0.5 * _LOG_2PI + head + 1.0 / mu - 0.5 * (z / mu) / mu
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    # (z = 0 itself, given power_z: -inf with the limits from inside as its derivatives, the primitive's at its end)
    small = np.broadcast_to(((pz > 0) | ((pz == 0) & (power_z is not None))) & (pz < _INVGAMMA_TINY),
                            np.broadcast_shapes(pz.shape, pmu.shape))
    return _in_dtype_of(_two_forms(small, scipys, tiny, (z, mu), (1.0, 1.0), (1e-200, 1.0)) - _log_of(scale), z, mu,
                        scale)


def _invgauss_check(name, z, mu):
    # (at z = 0 the density and every derivative of it tend to 0 from inside: smooth, no refusal)
    _shapes_positive(name, mu, names=["mu"])


#: Below this z (and mu / 100) invgauss's log cdf, given log z and 1 / z apart (:func:`_invgauss_log_cdf_near_zero`), is
#: erfcx's asymptotic series (``_INVGAUSS_ERFCX_SERIES``: its 15th term below 1e-22 of the sum there)
_INVGAUSS_SERIES_Z = 0.002


def _invgauss_log_cdf_near_zero(z, mu, log_z, power_z):
    """invgauss's log cdf for ``z < min(_INVGAUSS_SERIES_Z, mu / 100)``: ``-1 / (2 z) + 1 / mu - z / (2 mu^2) + log(2 /
    pi) / 2 + log(z) / 2 + log(H)``, ``H = (S(t_a) / (1 - w) + S(t_b) / (1 + w)) / 2``, ``w = z / mu``, ``t_a, t_b = 2 z
    / (1 -+ w)^2``, ``S(t) = sum_k c_k t^k`` (erfcx's asymptotic series, ``erfcx(x) = S(1 / x^2) / (x sqrt(pi))``), with
    ``log z`` and ``1 / z`` from ``log_z`` and ``power_z`` (:func:`_log_of_z`, :func:`_power_of_z`): their derivatives
    in x and in scale apart. Through z d2/dscale2 of ``-1 / (2 z)`` was ``1 / z - 1 / z`` (invgauss.logcdf(1e-15, 1):
    0.375, the truth 0.5; 0.0 at 1e-100)."""
    w = z / mu
    h = 0.5 * (polynomial(2.0 * z / ((1.0 - w) * (1.0 - w)), _INVGAUSS_ERFCX_SERIES) / (1.0 - w)
               + polynomial(2.0 * z / ((1.0 + w) * (1.0 + w)), _INVGAUSS_ERFCX_SERIES) / (1.0 + w))
    return (-0.5 * power_z(z, -1.0) + 1.0 / mu - 0.5 * w / mu + 0.5 * (_LOG_2 - _LOG_PI) + log_z(z, 0.5)
            + np.log(h))


def _invgauss_scaled_log_tail(z, mu, lower, log_z=None, power_z=None):
    """The log cdf (``lower``) or log sf where ``s = -+(z / mu - 1) / sqrt(2 z) >= 0`` (at and below mu for the cdf,
    at and above for the sf): ``-(z / mu - 1)^2 / (2 z) + log((erfcx(s) +- erfcx(s_b)) / 2)``, ``s_b = (z / mu + 1) /
    sqrt(2 z)``: ``exp(2 / mu) ndtr(-sqrt(2) s_b) = exp(-(z / mu - 1)^2 / (2 z)) erfcx(s_b) / 2``, the exponents
    cancel exactly, no ``exp(2 / mu)`` (through SciPy's log_ndtr sum the derivatives at a small z were inf - inf =
    NaN). The log cdf with ``log_z`` and ``power_z``: near 0 :func:`_invgauss_log_cdf_near_zero`."""
    if lower and log_z is not None:
        pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
        near_zero = np.broadcast_to((pz > 0) & (pz < np.minimum(_INVGAUSS_SERIES_Z, 0.01 * pmu)),
                                    np.broadcast_shapes(pz.shape, pmu.shape))
        return _piecewise(z, near_zero, lambda z: _invgauss_scaled_log_tail(z, mu, lower),
                          lambda z: _invgauss_log_cdf_near_zero(z, mu, log_z, power_z), 0.5 * pmu,
                          np.minimum(0.5 * _INVGAUSS_SERIES_Z, 0.005 * pmu))
    sign = 1.0 if lower else -1.0

    def general(z):
        root = np.sqrt(2.0 * z)
        return -_invgauss_exponent(z, mu) + np.log(0.5 * (sc.erfcx(sign * (1.0 - z / mu) / root)
                                                          + sign * sc.erfcx((z / mu + 1.0) / root)))
    if not lower:
        def far(z):  # (z >= mu: the difference of erfcx's as a sum of positive terms, log r apart)
            u, w = z / mu - 1.0, mu / z
            e = 2.0 * np.arctanh(w)
            series = sum(c * (2.0 * z / (u * u)) ** k * -np.expm1(-(2 * k + 1) * e)
                         for k, c in enumerate(_INVGAUSS_ERFCX_SERIES))
            return -_invgauss_exponent(z, mu) - 0.5 * math.log(math.pi) - np.log(u) + 0.5 * np.log(2.0 * z) + np.log(
                0.5 * series)
        def taylor(z):  # (r < 10, d <= 1: the difference as Taylor's series about the midpoint, positive terms)
            return -_invgauss_exponent(z, mu) + np.log(_invgauss_erfcx_odd_taylor(np.sqrt(0.5 * z) / mu,
                                                                                 np.sqrt(2.0 / z)))

        def near(z):
            pz = np.asarray(_plain(z), dtype=float)
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                pd, pr = np.sqrt(2.0 / pz), (pz / pmu - 1.0) / np.sqrt(2.0 * pz)
            here = (pd <= 1.0) | ((pd <= _INVGAUSS_TAYLOR_D) & (pr >= 1.0))
            return _piecewise(z, np.broadcast_to(here, np.broadcast_shapes(pz.shape, pmu.shape)), general, taylor, pmu,
                              pmu)
        pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            pr = (pz / pmu - 1.0) / np.sqrt(2.0 * pz)
        return _piecewise(z, np.broadcast_to(pr >= _INVGAUSS_FAR_R, np.broadcast_shapes(pz.shape, pmu.shape)),
                          near, far, pmu, np.maximum(2.0 * pmu, 800.0 * _INVGAUSS_FAR_R ** 2 * np.maximum(pmu, 1.0) ** 2))

    def tiny(z):  # (erfcx(x) = (1 - 1 / (2 x^2) + ...) / (x sqrt(pi)), 1 / (2 x^2) below 1e-20 of 1)
        return -_invgauss_exponent(z, mu) + 0.5 * np.log(z * (2.0 / math.pi)) - np.log1p(
            -(z / mu) * (z / mu))
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    return _piecewise(z, np.broadcast_to((pz < _INVGAUSS_TINY_Z) & (pz < 0.25 * pmu), np.broadcast_shapes(
        pz.shape, pmu.shape)), general, tiny, 0.5 * pmu, np.minimum(0.5 * _INVGAUSS_TINY_Z, 0.125 * pmu))


#: Below z = mu, where the sf is below this, invgauss's log sf and log cdf take :func:`_invgauss_levy_sf`
_INVGAUSS_LEVY_SF = 0.25


def _invgauss_levy_sf(z, mu):
    """The sf below ``z = mu``: ``ndtr(a) - exp(2 / mu) ndtr(-b)``, ``a, b = (1 -+ z / mu) / sqrt(z)``, as ``(erf(u -
    v) + erf(u + v)) / 2 - expm1(2 / mu) erfc(u + v) / 2`` (``u = 1 / sqrt(2 z)``, ``v = sqrt(z / 2) / mu``; the
    second term at most ``sqrt(z) / mu`` of the first: where the sf is small below mu, mu is large), the first
    term even in v as Taylor's series ``erf(u) - (2 / sqrt(pi)) exp(-u^2) sum_(k >= 1) H_(2k - 1)(u) v^(2k) /
    (2k)!`` (Hermite's polynomials; through the two erfs its derivative in mu was their derivatives' difference,
    1e-7 off at z = 1e20, mu = 1e30). Through ``1 - exp(log cdf)`` the log cdf's absolute rounding was the sf's
    relative error (a large mu, ``1 << z < mu``, the Levy-like middle): the log sf 3.5e-6 off at z = 1e20, mu =
    1e30, 0.5 at z = 1e30, mu = 1e100 (the quantiles' roots wrong with it). Here ``v^2 <= 1 / (2 mu) < 0.15``
    (``_INVGAUSS_LEVY_TERMS`` terms: the next below 1e-20 of the sum)."""
    u = 1.0 / np.sqrt(2.0 * z)
    v2 = (0.5 * z / mu) / mu
    low, high = 0.0 * u + 1.0, 2.0 * u  # (H_0, H_1)
    power = 0.5 * v2
    total = high * power
    for k in range(2, _INVGAUSS_LEVY_TERMS + 1):
        for n in (2 * k - 3, 2 * k - 2):  # (H_(n + 1) = 2 u H_n - 2 n H_(n - 1), up to H_(2k - 1))
            low, high = high, 2.0 * u * high - 2.0 * n * low
        power = power * v2 / ((2 * k - 1) * (2 * k))
        total = total + high * power
    return sc.erf(u) - (2.0 / math.sqrt(math.pi)) * np.exp(-u * u) * total - np.expm1(2.0 / mu) * 0.5 * sc.erfc(
        u + np.sqrt(v2))


#: The terms of :func:`_invgauss_levy_sf`'s series
_INVGAUSS_LEVY_TERMS = 12


def _invgauss_log_terms(z, mu, lower, log_z=None, power_z=None):
    """The log cdf (``lower``) or log sf on ``z > 0``: on its own side of ``z = mu``
    :func:`_invgauss_scaled_log_tail`, on the other ``log(1 - exp(...))`` of the other tail's (below 1/2 there
    but for a large mu: no cancellation; SciPy's ``a + log1p(exp(b - a))`` lost 1e-13 of the log cdf at z = 40 mu,
    where its two terms nearly cancel), but below ``z = mu`` where the sf is below ``_INVGAUSS_LEVY_SF`` (a large
    mu) the log of :func:`_invgauss_levy_sf` or ``log1p`` of minus it. ``log_z`` and ``power_z``: the log cdf's
    (:func:`_invgauss_scaled_log_tail`)."""
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pmu.shape)
    at = np.broadcast_to(pmu, shape)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        levy = np.broadcast_to((pz < pmu) & (_invgauss_levy_sf(pz, pmu) < _INVGAUSS_LEVY_SF), shape)
    with np.errstate(over="ignore", divide="ignore"):  # (-inf at z = 0 and far out, the truth's rounding)
        def usual(z):
            return _piecewise(z, np.broadcast_to(pz <= pmu if lower else pz >= pmu, shape),
                              lambda z: _log1mexp(_invgauss_scaled_log_tail(z, mu, not lower)),
                              lambda z: _invgauss_scaled_log_tail(z, mu, lower, log_z, power_z), at, at)
        if not np.any(levy):
            return usual(z)

        def levy_form(z):
            sf = _invgauss_levy_sf(z, np.where(levy, mu, 1e3))  # (elsewhere mu = 1e3 at z = 2: finite)
            return np.log1p(-sf) if lower else np.log(sf)
        return _piecewise(z, levy, usual, levy_form, at, 2.0)


def _invgauss_plain_log_tail(z, mu, lower):
    with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
        return _invgauss_log_terms(np.asarray(z, dtype=float), np.asarray(mu, dtype=float), lower)


def _invgauss_tail(name):
    """The log cdf or log sf (:func:`_invgauss_log_terms`) or their exps, constants with derivatives 0 where the
    other tail's log is below ``_VANISHING_LOG`` (:func:`_vanishing`): near 0 the cdf 0, the sf 1, the log sf 0
    (through ``log1p(-cdf)`` 0 * inf = NaN from z = 1e-205), far out the cdf 1, the log cdf 0, the sf 0."""
    lower, log = name in ("cdf", "logcdf"), name.startswith("log")

    def tail(z, mu, scale, log_z=None, power_z=None):  # (log_z, power_z: the log cdf's, given by _shape_functions)
        pmu = np.asarray(_plain(mu), dtype=float)
        inside = np.broadcast_to(pmu, np.broadcast_shapes(np.shape(_plain(z)), pmu.shape))
        logs = (log_z, power_z) if name == "logcdf" else (None, None)

        def function(z):
            out = _invgauss_log_terms(z, mu, lower, *logs)
            return out if log else np.exp(out)
        guarded = function
        for end_lower, ends in ((True, ("cdf", "sf", "logsf")), (False, ("cdf", "logcdf", "sf"))):
            if name in ends:  # (the value there: the tail's at that end, 0 or 1, or its log)
                at_end = (0.0 if lower else 1.0) if end_lower else (1.0 if lower else 0.0)
                guarded = (lambda f, e, v: lambda z: _vanishing(lambda z: _invgauss_plain_log_tail(z, pmu, e), f, z,
                                                                inside, v))(
                    guarded, end_lower, -0.0 if log else at_end)
        return guarded(z)
    return tail


def _invgauss_density(z, mu, scale):
    """``exp`` of the log density (SciPy's ``_pdf / scale``), 0 with derivatives 0 where the log density is below
    ``_VANISHING_LOG`` (near 0 and far out: its log's derivatives overflow there)."""
    pmu = np.asarray(_plain(mu), dtype=float)
    inside = np.broadcast_to(pmu, np.broadcast_shapes(np.shape(_plain(z)), pmu.shape))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        # (z = 0 vanishing too, _vanishing_at_zero: z rounded to 0 while x > loc)
        return _vanishing(_vanishing_at_zero(lambda z: _invgauss_log_density(z, pmu, 1.0)), lambda z: np.exp(
            _invgauss_log_density(z, mu, scale)), z, inside, 0.0)


#: ``log z / 2 - z^c / 2 + b z^-c`` (c = -1) as :data:`_Z_TERMS`'s terms: invgauss's log cdf at z = 0
_INVGAUSS_CDF_END = (((0, 0, 1, 0, 0, 0, 0), 0.5), ((1, 0, 0, 0, 0, 0, 0), -0.5), ((-1, 0, 0, 0, 0, 0, 1), 1.0))


_shape_functions(invgauss, ("mu",), _invgauss_check, [
    (*row[:5], f"round(float(invgauss.{row[0]}(1.0, 2.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z >= 0, _invgauss_log_density, -np.inf,
         "``-log(2 pi) / 2 - 1.5 log(z) - (z / mu - 1)^2 / (2 z) - log(scale)`` on ``z > 0``, ``-inf`` at and "
         "below 0 (SciPy's open support).", "-1.043939"),
        ("pdf", lambda z: z > 0, _invgauss_density, 0.0,
         "``exp(-(z / mu - 1)^2 / (2 z)) / (sqrt(2 pi z^3) scale)`` on ``z > 0``, 0 at and below 0.", "0.352065"),
        ("cdf", lambda z: z > 0, _invgauss_tail("cdf"), 0.0,
         "``ndtr((z / mu - 1) / sqrt(z)) + exp(2 / mu) ndtr(-(z / mu + 1) / sqrt(z))`` (in log space: no "
         "overflow of ``exp(2 / mu)``), 0 at and below 0.", "0.490138"),
        # (at z = 0: log z / 2 - 1 / (2 z) - (1 + 1 / (2 mu^2)) z + 1 / mu + log(2 / pi) / 2 + O(z^2), Mills' ratio of
        # both terms; it was the constant -inf, every derivative 0)
        ("logcdf", lambda z: z >= 0, _with_lower_end(_invgauss_tail("logcdf"), lambda log_z, mu, z, power_z: power_z(
            z, -1.0, terms=_INVGAUSS_CDF_END, b=-1.0 - 0.5 / (mu * mu), end=True) + 1.0 / mu + 0.5 * math.log(
            2.0 / math.pi)), -np.inf,
         "the log of the cdf, finite where the cdf underflows near 0; ``-inf`` at and below 0.", "-0.713068"),
        ("sf", lambda z: z > 0, _invgauss_tail("sf"), 1.0,
         "``1 - cdf``, as ``ndtr(-(z / mu - 1) / sqrt(z)) - exp(2 / mu) ndtr(-(z / mu + 1) / sqrt(z))`` in log "
         "space; 1 at and below 0.", "0.509862"),
        ("logsf", lambda z: z > 0, _invgauss_tail("logsf"), 0.0,
         "the log of the sf, finite far out where the sf underflows; 0 at and below 0.", "-0.673616"))])


def _invgauss_log_root(p, mu, lower):
    """Plain ``z`` with ``log cdf(z, mu) = log p`` (where ``lower``) or ``log sf(z, mu) = log p``, for flat arrays
    ``0 < p <= 1/2``, ``mu > 0`` (NaN elsewhere): a bracket grown from ``min(mu, 1)`` by the factors ``2^(2^k)`` (0
    or ``inf`` where it passes the smallest or the largest float), then Newton's steps in ``log z`` on ``h = +-(log
    tail - log p)`` (increasing in z), the bracket's geometric midpoint where a step leaves it, until the step is
    below 1e-15 (then taken), ``h`` within its rounding (``1e-15 |log p|``) or the bracket two floats wide. Far out the log tails are nearly linear in z (the
    sf, ``-z / (2 mu^2)``) or in ``log z`` (the sf where ``z << mu^2``, ``-log(z) / 2``; the cdf's ``-1 / (2 z)`` in
    ``1 / z``): a few steps, at most some 70 midpoints."""
    target = np.log(p)
    noise = 1e-15 * np.maximum(1.0, -target)
    sign = np.where(lower, 1.0, -1.0)

    def h(z, i):  # (h and its slope in log z, z pdf / tail)
        log_tail = np.empty(z.shape)
        for side in (True, False):
            s = lower[i] == side
            if np.any(s):
                log_tail[s] = _invgauss_plain_log_tail(z[s], mu[i[s]], side)
        # (beyond |log tail| = 1e4, far past any root, the slope's difference of logs has lost every digit: NaN,
        # a midpoint next; invgauss.isf(1e-100, 1e100) stopped at 9e307 for 6.4e199)
        slope = z * np.exp(_invgauss_log_density(z, mu[i], 1.0) - log_tail)
        return sign[i] * (log_tail - target[i]), np.where(np.abs(log_tail) <= 1e4, slope, np.nan)
    out = np.full(p.shape, np.nan)
    i = np.flatnonzero((p > 0) & (p <= 0.5) & (mu > 0) & np.isfinite(mu))
    z = np.minimum(mu[i], 1.0)
    hz, slope = h(z, i)
    up = hz < 0  # (the root above z)
    lo, hi = np.where(up, z, 0.0), np.where(up, np.inf, z)
    growing = hz != 0  # (NaN h: stops here, NaN out)
    out[i[hz == 0]] = z[hz == 0]
    factor = 2.0
    while np.any(growing):
        g = np.flatnonzero(growing)
        zg = np.where(up[g], np.minimum(z[g] * factor, _DOUBLE_MAX), np.maximum(z[g] / factor, _DOUBLE_TINY))
        hg, sg = h(zg, i[g])
        z[g], hz[g], slope[g] = zg, hg, sg
        found = np.where(up[g], hg >= 0, hg <= 0) | np.isnan(hg)
        lo[g] = np.where(hg < 0, zg, lo[g])
        hi[g] = np.where(hg > 0, zg, hi[g])
        past = ~found & (zg == np.where(up[g], _DOUBLE_MAX, _DOUBLE_TINY))  # (the root beyond the floats)
        out[i[g[past]]] = np.where(up[g[past]], np.inf, 0.0)
        growing[g[found | past]] = False
        out[i[g[(hg == 0)]]] = zg[hg == 0]
        factor *= factor
    active = np.isnan(out[i]) & ~np.isnan(hz)
    for _ in range(200):
        a = np.flatnonzero(active)
        if not a.size:
            break
        step = -hz[a] / slope[a]
        newton = z[a] * np.exp(step)
        inside = (newton > lo[a]) & (newton < hi[a])
        close = (np.abs(step) <= 1e-15) | (np.abs(hz[a]) <= noise[i[a]]) | (hi[a] <= lo[a] * (1.0 + 4e-16))
        finished = close & inside
        out[i[a[finished]]] = newton[finished]
        finished |= close & ~inside
        out[i[a[close & ~inside]]] = z[a[close & ~inside]]
        active[a[finished]] = False
        a, newton, inside = a[~finished], newton[~finished], inside[~finished]
        za = np.where(inside, newton, np.sqrt(lo[a]) * np.sqrt(hi[a]))
        ha, sa = h(za, i[a])
        z[a], hz[a], slope[a] = za, ha, sa
        lo[a] = np.where(ha < 0, za, lo[a])
        hi[a] = np.where(ha > 0, za, hi[a])
    return out


def _invgauss_quantile_plain(upper):
    """The root of ``log tail(z, mu) = log p`` (:func:`_invgauss_log_root`), the tail whose probability ``p`` is at
    most 1/2 there (the sf for isf's ``q < 1/2`` and ppf's ``q > 1/2``, ``p = q`` or ``1 - q``): SciPy's (Boost's)
    root was wrong far out, from q = 1e-57 on (wald.isf(1e-100) 4.4e34 for 443.76, invgauss.isf(1e-300, 1) 4.9e233
    for 1361.4), and raised an error at mu = 1e-300."""
    def plain(q, mu):
        q, mu = np.asarray(q, dtype=float), np.asarray(mu, dtype=float)
        shape = np.broadcast_shapes(q.shape, mu.shape)
        q, mu = (np.array(np.broadcast_to(a, shape), dtype=float).reshape(-1) for a in (q, mu))
        with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
            out = _invgauss_log_root(np.minimum(q, 1.0 - q), mu, (q < 0.5) != upper)
        end = np.where(q == 0, np.inf if upper else 0.0, 0.0 if upper else np.inf)  # (q = 0 and 1)
        return np.where((q == 0) | (q == 1), end, out).reshape(shape)[()]
    return plain


def _invgauss_quantile_dmu(q, mu, quantile):
    """``dx / dmu`` at fixed q (the same for ppf and isf): ``-(d cdf / d mu) / pdf``, where ``d cdf / d mu =
    -(2 / mu^2) exp(2 / mu) ndtr(-(z / mu + 1) / sqrt(z))`` (the two density terms cancel), so ``sqrt(2 pi)
    z^(3/2) erfcx((z / mu + 1) / sqrt(2 z)) / mu^2`` (the Gaussian exponents cancel), as ``sqrt(2 pi) (z / mu)
    (sqrt(z) erfcx(...) / mu)``: through ``z sqrt(z)`` it overflowed from z = 1e205 (invgauss.isf(1e-300, 1e100),
    1.4e203: the truth 2.8e103) and underflowed to 0 below z = 1e-216 (at mu = 1e-300, the truth 1)."""
    z = quantile(q, mu)
    inside = np.isfinite(_plain(z))  # (at q = 1, z = inf: the limit +inf; at q = 0, z = 0: the formula's 0)

    def slope(z):
        return math.sqrt(2.0 * math.pi) * (z / mu) * (np.sqrt(z) * sc.erfcx((z / mu + 1.0) / np.sqrt(2.0 * z)) / mu)
    if np.all(inside):
        return slope(z)
    return np.where(inside, slope(np.where(inside, z, 1.0)), np.inf)


_quantiles(invgauss, "mu", _root_quantile(
        "invgauss", "mu", _invgauss_quantile_plain, lambda q, mu, quantile, sign: _inverse_slope(
            quantile(q, mu), lambda z: _invgauss_log_density(z, mu, 1.0), lambda pz: (pz > 0) & np.isfinite(pz), 1.0,
            sign), _invgauss_quantile_dmu, steep_mixed=_invgauss_steep), (
    ("``loc + scale x``, ``x`` the root of ``cdf(x, mu) = q`` (of the log tail below 1/2 there).",
     "round(float(invgauss.ppf(0.5, 2.0)), 6)", "1.02846"),
    ("``loc + scale x``, ``x`` the root of ``sf(x, mu) = q`` (of the log tail below 1/2 there).",
     "round(float(invgauss.isf(0.5, 2.0)), 6)", "1.02846")))


def _invgauss_entropy(mu):
    """SciPy's ``(1 + log(2 pi) + 3 log mu) / 2 - 3/2 exp(r) E1(r)``, ``r = 2 / mu``; below r = 1 (a large mu) as
    ``(1 + log(2 pi)) / 2 - 3/2 (expm1(r) log mu + exp(r) (Ein(r) - euler - log 2))``, ``Ein = E1 + euler + log r``
    its series (gompertz's): through ``3/2 log mu - 3/2 exp(r) E1(r)`` the derivative was two terms ``3 / (2 mu)``
    cancelling (1e-12 off at mu = 1e6)."""
    def large_mu(mu):
        r = 2.0 / mu
        return 0.5 * (1.0 + _LOG_2PI) - 1.5 * (np.expm1(r) * np.log(mu) + np.exp(r) * (
            polynomial(r, _GOMPERTZ_EIN) - _EULER - _LOG_2))
    return _piecewise(mu, np.asarray(_plain(mu), dtype=float) > 2.0, lambda mu: 0.5 * (1.0 + _LOG_2PI) + 1.5 * np.log(
        mu) - 1.5 * _scaled_exp1(2.0 / mu), large_mu, 1.0, 4.0)


# mean mu, variance mu^3
_add_moments("invgauss", ("mu",), lambda mu: mu, lambda mu: mu ** 3, _invgauss_entropy,
             lambda name, mu: _shapes_positive(name, mu, names=["mu"]),
             note=" The mean is ``mu``, the variance ``mu^3``.")
_add_quantile_summaries("invgauss")


# -- wald (invgauss at mu = 1) -----------------------------------------------------------------------


class wald:
    """The Wald distribution, as ``scipy.stats.wald``: ``invgauss`` at ``mu = 1`` (the density ``exp(-(z - 1)^2 / (2
    z)) / sqrt(2 pi z^3)`` on ``z = (x - loc) / scale > 0``), with invgauss's functions, bit for bit: its log tails
    finite where the tails underflow, its quantiles differentiated by the inverse function rule, its entropy SciPy's
    closed form. Differentiable in x (or q), loc and scale, to every order. The mean and variance are 1 (times
    ``scale`` and ``scale^2``).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import wald
    >>> round(float(wg.grad_bp(wald.cdf, 1.0)), 6)  # the density at z = 1, 1 / sqrt(2 pi)
    0.398942

    .. versionadded:: 0.1
    """


#: the doctests' values (x = 1.5, q = 0.3, confidence 0.9)
_WALD_EXAMPLES = {"logpdf": "-1.61047", "pdf": "0.199794", "cdf": "0.810768", "logcdf": "-0.209773", "sf": "0.189232",
                  "logsf": "-1.664781", "ppf": "0.429742", "isf": "1.08512", "mean": "1.0", "var": "1.0", "std": "1.0",
                  "entropy": "0.876946", "median": "0.675841", "interval": "[0.184113, 2.922076]"}
for _name in _BORROWED:
    _borrow(wald, _name, (), _taken_call(invgauss, _name, lambda label, arguments: (1.0,)),
            f"``invgauss.{_name}`` at ``mu = 1``.", _borrowed_example("wald", _name), _WALD_EXAMPLES[_name])


# -- recipinvgauss (the reciprocal of an inverse Gaussian variable) ---------------------------------


class recipinvgauss:
    """The reciprocal inverse Gaussian distribution, as ``scipy.stats.recipinvgauss``: ``1 / y`` for ``y`` invgauss's
    at the same mu, the density ``exp(-(1 - mu z)^2 / (2 mu^2 z)) / sqrt(2 pi z)`` on ``z = (x - loc) / scale > 0``;
    differentiable in x (or q), mu, loc and scale, to every order. The tails are invgauss's at ``1 / z`` (the cdf its
    sf: SciPy's ``ndtr(-(1/mu - z) / sqrt(z)) - exp(2 / mu) ndtr(...)`` cancels, its ``cdf(0.2, 0.1)`` is 1.5e-12
    relative off, its ``logcdf(1, 0.01)`` raises), finite where they underflow; the log sf above ``z = 1 / mu`` is
    invgauss's scaled form written in z, the log cdf below ``z = 1e-20`` (and ``1e-20 / mu^2``) the leading terms of
    its asymptotic series in z (through ``1 / z`` their derivatives met 0 * inf, or cancelled), and the tails and the
    density are constants with derivatives 0 where they vanish. The quantiles ``1 / isf`` and ``1 / ppf`` of
    invgauss's (roots, by the inverse function rule: SciPy's ``isf(1e-100, 1)`` is 100 for 455.94, its ``ppf(1 -
    1e-10, 1)`` 2e-8 relative off); the mean ``1 + 1/mu`` and the variance ``2 + 1/mu`` (SciPy integrates them);
    the entropy by quadrature in the probability (``_common._probability_quadrature``: SciPy integrates the density).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import recipinvgauss
    >>> round(float(wg.grad_bp(lambda x: recipinvgauss.cdf(x, 1.0), 1.0)), 6)  # the density at 1: 1 / sqrt(2 pi)
    0.398942

    .. versionadded:: 0.1
    """


#: Below this z (and ``_RECIPINVGAUSS_TINY / mu^2``) recipinvgauss's log cdf is ``-E + log(2 / pi) / 2 + 2 log mu +
#: 3/2 log z - log1p(-(mu z)^2)`` (invgauss's log sf's far series at ``1 / z``, its next term ``-3 mu^2 z``), in z:
#: through ``1 / z`` its derivatives were a derivative that overflows times one that underflows
_RECIPINVGAUSS_TINY = 1e-20


def _recipinvgauss_exponent(z, mu):
    """``(1 - mu z)^2 / (2 mu^2 z)``, invgauss's exponent at ``1 / z``, in z (no ``1 / z`` in the chain rule): between
    ``z = 1 / (4 mu)`` and ``4 / mu`` SciPy's, as ``u (u / (2 mu^2 z))`` (``u = 1 - mu z``), outside expanded, ``1 /
    (2 mu^2 z) - 1 / mu + z / 2`` (one term at least twice the rest), as invgauss's (:func:`_invgauss_exponent`): its
    exponent at ``mu^2 z`` lost d/dmu far out (``2 z - 2 z + 1``: 0 for -1 at z = 1e19, mu = 1)."""
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    expanded_here = np.broadcast_to((pz * pmu < 0.25) | (pz * pmu > 4.0), np.broadcast_shapes(pz.shape, pmu.shape))

    def scipys(z):
        u = 1.0 - mu * z
        return u * (u / (2.0 * mu * mu * z))
    return _piecewise(z, expanded_here, scipys, lambda z: 0.5 / (mu * mu * z) - 1.0 / mu + 0.5 * z, 1.0 / pmu,
                      8.0 / pmu)


#: ``-log(z) / 2 - 1 / (2 mu^2 z)``, recipinvgauss's log density's two terms singular at z = 0, one primitive whose
#: partials ``(1 / (mu^2 z) - 1) / (2 z)`` and ``1 / (mu^3 z)`` are products with one sign each near 0: as a sum their
#: second derivatives ``1 / (2 z^2)`` and ``-1 / (mu^2 z^3)`` were inf - inf = NaN from z = 1e-154 (the truth -inf)
_RECIPINVGAUSS_SINGULAR = OwnPrimitive(lambda z, mu: -0.5 * np.log(z) - 0.5 / (mu * mu * z),
                                       name="wengert.scipy.stats.recipinvgauss (log density near 0)", reenters="any")
_def_partials(_RECIPINVGAUSS_SINGULAR, lambda z, mu: (0.5 / z) * (1.0 / (mu * mu * z) - 1.0),
              lambda z, mu: 1.0 / (mu * mu * mu * z))


def _recipinvgauss_log_density(z, mu, scale, log_z=None, power_z=None):
    """``-log(2 pi z) / 2 - E`` (:func:`_recipinvgauss_exponent`); below ``z = _RECIPINVGAUSS_TINY`` its terms
    singular at 0 as one primitive (:data:`_RECIPINVGAUSS_SINGULAR`). With ``log_z`` and ``power_z`` (:func:`_log_of_z`,
    :func:`_power_of_z`), from z = 1e-100 to ``1 / (4 mu)`` as ``-log(z) / 2 - 1 / (2 mu^2 z) + 1 / mu - z / 2``, ``log
    z`` and ``1 / z`` with their derivatives in x and in scale apart: through z d2/dscale2 of ``-1 / (2 mu^2 z)`` was
    ``1 / z - 1 / z`` (recipinvgauss.logpdf(1e-100, 0.5): 1.0, the truth 0.5)."""
    pz = np.asarray(_plain(z), dtype=float)
    if log_z is not None:
        pmu = np.asarray(_plain(mu), dtype=float)
        near = np.broadcast_to((pz >= 1e-100) & (pz * pmu < 0.25), np.broadcast_shapes(pz.shape, pmu.shape))
        if np.any(near):
            return _two_forms(near, lambda z, mu: _recipinvgauss_log_density(z, mu, scale), lambda z, mu: log_z(
                z, -0.5) - 0.5 * power_z(z, -1.0) / (mu * mu) + 1.0 / mu - 0.5 * z - 0.5 * _LOG_2PI - _log_of(scale),
                (z, mu), (1.0, 1.0), (1e-3, 1.0))

    def tiny(z):
        return _RECIPINVGAUSS_SINGULAR(z, mu) + 1.0 / mu - 0.5 * z
    return _piecewise(z, pz < _RECIPINVGAUSS_TINY, lambda z: -0.5 * np.log(z) - _recipinvgauss_exponent(z, mu), tiny,
                      1.0, 0.5 * _RECIPINVGAUSS_TINY) - 0.5 * _LOG_2PI - _log_of(scale)


#: ``P_n(v) = sum_i C(n, 2i + 1) v^i`` for n = 2k + 1 (k below 14): ``(1 + w)^n - (1 - w)^n = 2 w P_n(w^2)``
_RECIPINVGAUSS_ODD_BINOMIALS = [[float(math.comb(2 * k + 1, 2 * i + 1)) for i in range(k + 1)] for k in range(14)]


def _recipinvgauss_log_cdf_near_zero(z, mu, log_z, power_z):
    """recipinvgauss's log cdf where ``s_a = (1 - w) / (mu sqrt(2 z)) >= _INVGAUSS_FAR_R`` (``w = mu z < 1``): ``-E +
    log((erfcx(s_a) - erfcx(s_b)) / 2)`` with erfcx's asymptotic series (:data:`_INVGAUSS_ERFCX_SERIES`), the
    difference of each term ``c_k (2 mu^2 z)^k ((1 - w)^-n - (1 + w)^-n)``, ``n = 2k + 1``, as ``2 w P_n(w^2) / (1 -
    w^2)^n`` (:data:`_RECIPINVGAUSS_ODD_BINOMIALS`, no cancellation): ``-1 / (2 mu^2 z) + 1 / mu - z / 2 + 1.5 log z +
    2 log mu + log(2 / pi) / 2 - log1p(-w^2) + log(sum_k c_k q^k P_n(w^2))``, ``q = 2 mu^2 z / (1 - w^2)^2``, with
    ``log z`` and ``1 / z`` from ``log_z`` and ``power_z`` (:func:`_log_of_z`, :func:`_power_of_z`: their derivatives
    in x and in scale apart). Through z d2/dscale2 of ``-1 / (2 mu^2 z)`` was ``1 / z - 1 / z``
    (recipinvgauss.logcdf(1e-100, 0.5): 0.0 by reverse over reverse, 2.0 forward over forward, the truth 1.5)."""
    w = mu * z
    v = w * w
    q = 2.0 * (mu * mu) * z / ((1.0 - v) * (1.0 - v))
    total = polynomial(q, [c * polynomial(v, odd) for c, odd in zip(_INVGAUSS_ERFCX_SERIES,
                                                                    _RECIPINVGAUSS_ODD_BINOMIALS)])
    return (power_z(z, -1.0, _LOG_PLUS_POWER, 1.5, -0.5 / (mu * mu)) + 1.0 / mu - 0.5 * z + 2.0 * np.log(mu)
            + 0.5 * (_LOG_2 - _LOG_PI) - np.log1p(-v) + np.log(total))


def _recipinvgauss_log_cdf(z, mu, log_z=None, power_z=None):
    """invgauss's log sf at ``1 / z``, below ``_RECIPINVGAUSS_TINY`` its far series' leading terms in z; with ``log_z``
    and ``power_z``, where ``s_a >= _INVGAUSS_FAR_R``, :func:`_recipinvgauss_log_cdf_near_zero`."""
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    if log_z is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            near = np.broadcast_to((pz > 0) & (pz * pmu < 1.0) & ((1.0 - pz * pmu) >= _INVGAUSS_FAR_R * pmu * np.sqrt(
                2.0 * pz)), np.broadcast_shapes(pz.shape, pmu.shape))
        if np.any(near):
            return _two_forms(near, lambda z, mu: _recipinvgauss_log_cdf(z, mu), lambda z, mu: (
                _recipinvgauss_log_cdf_near_zero(z, mu, log_z, power_z)), (z, mu), (1.0, 1.0), (1e-5, 1.0))
    tiny = np.broadcast_to(pz < _RECIPINVGAUSS_TINY / np.maximum(1.0, pmu * pmu),
                           np.broadcast_shapes(pz.shape, pmu.shape))

    def series(z):  # (-1 / (2 mu^2 z) - log(z) / 2 as the density's primitive: d/dmu overflowed through 1 / (mu^2 z)^2)
        return (_RECIPINVGAUSS_SINGULAR(z, mu) + 2.0 * np.log(z) + 1.0 / mu - 0.5 * z + 0.5 * np.log(2.0 / math.pi)
                + 2.0 * np.log(mu) - np.log1p(-np.square(mu * z)))
    return _piecewise(z, tiny, lambda z: _invgauss_tail("logsf")(1.0 / z, mu, 1.0), series, 1.0,
                      0.5 * _RECIPINVGAUSS_TINY / np.maximum(1.0, pmu * pmu))


def _recipinvgauss_log_sf(z, mu):
    """invgauss's log cdf at ``y = 1 / z``: below ``z = 1 / mu`` its own; above, its scaled form ``-E + log((erfcx(s_a)
    + erfcx(s_b)) / 2)`` written in z (``s_a, s_b = (z -+ 1/mu) / sqrt(2 z)``: positive terms), with erfcx's asymptotic
    series from ``s_a = _INVGAUSS_FAR_R`` on (:data:`_INVGAUSS_ERFCX_SERIES`; erfcx's derivative ``2 s erfcx(s) - 2 /
    sqrt(pi)`` cancels as s grows). Through ``1 / z`` the second derivative was terms of ``1 / y`` and ``1 / z``
    cancelling (1.5e-10 relative off at z = 1e5, 0 for 5e-39 at z = 1e19)."""
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pmu.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        far = np.broadcast_to((pz * pmu - 1.0) / (pmu * np.sqrt(2.0 * pz)) >= _INVGAUSS_FAR_R, shape)

    def scaled(z):
        root = np.sqrt(2.0 * z)
        return -_recipinvgauss_exponent(z, mu) + np.log(0.5 * (sc.erfcx((z - 1.0 / mu) / root)
                                                                + sc.erfcx((z + 1.0 / mu) / root)))

    def series(z):  # (erfcx(s) = P(1 / s^2) / (s sqrt(pi)): the sum of the two over 2 sqrt(pi))
        ia, ib = mu * np.sqrt(2.0 * z) / (mu * z - 1.0), mu * np.sqrt(2.0 * z) / (mu * z + 1.0)  # (1 / s_a, 1 / s_b)
        return -_recipinvgauss_exponent(z, mu) + np.log(0.5 / math.sqrt(math.pi) * (
            ia * polynomial(ia * ia, _INVGAUSS_ERFCX_SERIES) + ib * polynomial(ib * ib, _INVGAUSS_ERFCX_SERIES)))

    def above(z):
        return _piecewise(z, far, scaled, series, 2.0 / pmu, np.maximum(2.0 / pmu, 800.0 * _INVGAUSS_FAR_R ** 2))
    return _piecewise(z, np.broadcast_to(pz * pmu >= 1.0, shape),
                      lambda z: _invgauss_tail("logcdf")(1.0 / z, mu, 1.0), above, 0.5 / pmu, 2.0 / pmu)


def _recipinvgauss_function(name):
    """``name`` on ``0 < z < inf``: the log tails, their exps, the density, with constants (derivatives 0) where the
    density or a tail vanishes (:func:`_vanishing`; near 0 the cdf 0, the sf 1, the log sf 0), the limits at and
    beyond the ends (:func:`_closed_support_function`)."""
    def inside(z, mu, scale):
        pmu = np.asarray(_plain(mu), dtype=float)
        at = np.broadcast_to(1.0 / pmu, np.broadcast_shapes(np.shape(_plain(z)), pmu.shape))
        if name == "logpdf":
            return _recipinvgauss_log_density(z, mu, scale)
        if name == "pdf":
            return _vanishing(lambda z: _recipinvgauss_log_density(z, pmu, 1.0),
                              lambda z: np.exp(_recipinvgauss_log_density(z, mu, scale)), z, at, 0.0)
        if name == "logcdf":
            return _recipinvgauss_log_cdf(z, mu)
        lower = name == "cdf"
        log_tail = _recipinvgauss_log_cdf if lower else _recipinvgauss_log_sf
        with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
            function = (lambda z: log_tail(z, mu)) if name == "logsf" else (lambda z: np.exp(log_tail(z, mu)))
            if lower:  # (near 0; far out the cdf 1: invgauss's own constant, its derivative 0 times 1 / z^2)
                return _vanishing(lambda z: _recipinvgauss_log_cdf(z, pmu), function, z, at, 0.0)
            # (the sf and log sf near 0: 1 and 0 where the cdf vanishes; the sf 0 far out)
            out = _vanishing(lambda z: _recipinvgauss_log_cdf(z, pmu), function, z, at, -0.0 if name == "logsf"
                             else 1.0)
            return out if name == "logsf" else _vanishing(lambda z: _recipinvgauss_log_sf(z, pmu), lambda z: out, z,
                                                          at, 0.0)
    if name in ("logpdf", "logcdf"):  # (given log z and 1 / z by _shape_functions)
        given = _recipinvgauss_log_density if name == "logpdf" else (
            lambda z, mu, scale, log_z, power_z: _recipinvgauss_log_cdf(z, mu, log_z, power_z))

        def log_function(z, mu, scale, log_z, power_z):
            out = _closed_support_function(name, lambda z, mu, scale: given(z, mu, scale, log_z, power_z),
                                           lambda mu: np.inf, lambda mu: 1.0 / mu, open_ends=True)(z, mu, scale)
            if name != "logpdf":
                # (the log cdf at z = 0: 1.5 log z - 1 / (2 mu^2 z) + 1 / mu + log(2 mu^2 / sqrt(2 pi)) + O(z), Mills'
                # ratio of both terms, as the density's; it was the constant -inf, every derivative 0)
                return _at_lower_end(z, out, lambda z: power_z(
                    z, -1.0, terms=_LOG_PLUS_POWER, e=1.5, b=_half_inverse_square_at_end(mu, z), end=True) + 1.0 / mu
                    + np.log(2.0 * mu * mu) - 0.5 * _LOG_2PI)
            # (at z = 0: -inf with the limits from inside as its derivatives, -log(z) / 2 - 1 / (2 mu^2 z) one
            # primitive of x - loc and scale at its end, _power_of_z's; it was the constant -inf, every derivative 0)
            return _at_lower_end(z, out, lambda z: power_z(
                z, -1.0, terms=_LOG_PLUS_POWER, e=-0.5, b=_half_inverse_square_at_end(mu, z), end=True) + 1.0 / mu
                - 0.5 * z - 0.5 * _LOG_2PI - _log_of(scale))
        return log_function
    return _closed_support_function(name, inside, lambda mu: np.inf, lambda mu: 1.0 / mu, open_ends=True)


def _recipinvgauss_check(name, z, mu):
    # (at z = 0 the density and every derivative of it tend to 0 from inside: smooth, no refusal)
    _shapes_positive(name, mu, names=["mu"])


_shape_functions(recipinvgauss, ("mu",), _recipinvgauss_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _recipinvgauss_function(row[0]), row[1], row[2],
     f"round(float(recipinvgauss.{row[0]}(1.0, 2.0)), 6)", row[3]) for row in (
        ("logpdf", -np.inf, "``-log(2 pi z) / 2 - (1 - mu z)^2 / (2 mu^2 z) - log(scale)`` on ``z > 0``, ``-inf`` at "
         "and below 0.", "-1.043939"),
        ("pdf", 0.0, "``exp(-(1 - mu z)^2 / (2 mu^2 z)) / (sqrt(2 pi z) scale)`` on ``z > 0``, 0 at and below 0.",
         "0.352065"),
        ("cdf", 0.0, "invgauss's sf at ``1 / z`` on ``z > 0``, 0 at and below 0.", "0.509862"),
        ("logcdf", -np.inf, "invgauss's log sf at ``1 / z``, finite where the cdf underflows near 0; ``-inf`` at and "
         "below 0.", "-0.673616"),
        ("sf", 1.0, "invgauss's cdf at ``1 / z`` on ``z > 0``, 1 at and below 0.", "0.490138"),
        ("logsf", 0.0, "invgauss's log cdf at ``1 / z``, finite far out where the sf underflows; 0 at and below 0.",
         "-0.713068"))])


def _recipinvgauss_quantile_plain(upper):
    """``1 / x`` of invgauss's root for the other tail (:func:`_invgauss_quantile_plain`): the ppf's ``1 / isf``."""
    inverse = _invgauss_quantile_plain(not upper)

    def plain(q, mu):
        with np.errstate(divide="ignore"):
            return 1.0 / inverse(q, mu)
    return plain


def _recipinvgauss_quantile_dmu(q, mu, quantile):
    """``dx / dmu = -x^2 dy / dmu`` at ``y = 1 / x`` (:func:`_invgauss_quantile_dmu`); 0 at x = 0 (q = 0: the end 0
    at every mu)."""
    x = quantile(q, mu)
    inside = _plain(x) > 0
    if np.all(inside):
        return -x * x * _invgauss_quantile_dmu(q, mu, lambda q, mu: 1.0 / x)
    xs = np.where(inside, x, 1.0)
    return np.where(inside, -xs * xs * _invgauss_quantile_dmu(q, mu, lambda q, mu: 1.0 / xs), 0.0)


def _recipinvgauss_steep(lower, mu):
    """recipinvgauss at 0 (``x ~ 1 / (2 mu^2 log(1 / q))``): the slope shrinks as mu grows (-), as SciPy's
    (tests/test_exact_scipy_ends.py)."""
    return (-1.0,)


_quantiles(recipinvgauss, "mu", _root_quantile(
        "recipinvgauss", "mu", _recipinvgauss_quantile_plain, lambda q, mu, quantile, sign: _inverse_slope(
            quantile(q, mu), lambda z: _recipinvgauss_log_density(z, mu, 1.0), lambda pz: (pz > 0) & np.isfinite(pz),
            1.0, sign), _recipinvgauss_quantile_dmu, steep_mixed=_recipinvgauss_steep), (
    ("``loc + scale / y``, ``y`` invgauss's isf at q.", "round(float(recipinvgauss.ppf(0.5, 2.0)), 6)", "0.972328"),
    ("``loc + scale / y``, ``y`` invgauss's ppf at q.", "round(float(recipinvgauss.isf(0.5, 2.0)), 6)", "0.972328")))

_add_moments("recipinvgauss", ("mu",), lambda mu: 1.0 + 1.0 / mu, lambda mu: 2.0 + 1.0 / mu, None,
             lambda name, mu: _shapes_positive(name, mu, names=["mu"]),
             note=" The mean is ``1 + 1/mu``, the variance ``2 + 1/mu`` (SciPy integrates them numerically).")
_add_quantile_summaries("recipinvgauss")
_add_quadrature_entropy("recipinvgauss", (0.6,))


# -- fatiguelife (Birnbaum-Saunders) -----------------------------------------------------------------


class fatiguelife:
    """The fatigue-life (Birnbaum-Saunders) distribution, as ``scipy.stats.fatiguelife``: ``u = (sqrt(z) - 1 /
    sqrt(z)) / c`` is standard normal; differentiable in x (or q), c, loc and scale, to every order, with ``mean``,
    ``var``, ``std``, ``median``, ``interval`` and ``entropy`` (by quadrature in the probability: no closed form,
    SciPy integrates the density). Its support
    is ``z = (x - loc) / scale > 0``; every derivative of the density vanishes as z goes to 0. ``u`` is written ``(z -
    1) / (c sqrt(z))`` (nothing cancels near z = 1), the log density's square as ``u^2`` (SciPy's ``(x - 1)^2``
    overflows from z = 1.3e154: its ``logpdf(1e200, 1)`` is ``-inf``), the quantiles ``exp(2 asinh(c n / 2))``, ``n =
    ndtri(q)`` (SciPy's ``(t + sqrt(t^2 + 4))^2 / 4`` cancels for a negative ``t = c n``).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import fatiguelife
    >>> round(float(wg.grad_bp(lambda x: fatiguelife.cdf(x, 0.5), 1.0)), 6)  # the density at 1: 1 / (c sqrt(2 pi))
    0.797885

    .. versionadded:: 0.1
    """


def _fatiguelife_check(name, z, c):
    _shapes_positive(name, c, names=["c"])


def _fatiguelife_u(z, c):
    """``(sqrt(z) - 1 / sqrt(z)) / c``, as ``(z - 1) / sqrt(z) / c``."""
    return (z - 1.0) / np.sqrt(z) / c


def _fatiguelife_pole_value(z, c, a=0.0, n=0, m=0):
    """The n-th derivative in z and m-th in c of ``a log z - 1 / (2 c^2 z)``, each one product (see
    :data:`_FATIGUELIFE_POLE`)."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        if m == 0 and n == 0:
            out = a * np.log(pz) - 0.5 / (pc * pc) / pz
        elif m == 0:  # (-1)^n (n - 1)! z^-n (-a - n / (2 c^2 z))
            out = (-1.0) ** n * math.factorial(n - 1) * pz ** -float(n) * (-a - n * 0.5 / (pc * pc) / pz)
        else:  # -(1/2) (-1)^n n! (-2)(-3)...(-1 - m) z^-(n + 1) c^-(2 + m), its powers as one exp
            factor = -0.5 * (-1.0) ** n * math.factorial(n) * math.prod(-2.0 - i for i in range(m))
            out = factor * np.exp(-(n + 1.0) * np.log(pz) - (2.0 + m) * np.log(pc))
    return np.asarray(out, dtype=np.result_type(pz, pc))[()]


#: ``a log z - 1 / (2 c^2 z)``, the part of fatiguelife's log density (a = -3/2) and of its log cdf (a = 1/2, where u
#: is far below 0) that is singular at z = 0, with each derivative one product: through ``u^2`` (u = (z - 1) / (c
#: sqrt(z))) the second derivative in z was inf - inf below z = 1e-154 (logpdf(1e-155, 0.5): NaN, the truth
#: 1.5 / z^2 - 1 / (c^2 z^3) = -4e465, -inf)
_FATIGUELIFE_POLE = OwnPrimitive(_fatiguelife_pole_value, name="wengert.scipy.stats (fatiguelife's pole at 0)",
                                 reenters="any")
_def_partials(_FATIGUELIFE_POLE, lambda z, c, a=0.0, n=0, m=0: _FATIGUELIFE_POLE(z, c, a=a, n=n + 1, m=m),
              lambda z, c, a=0.0, n=0, m=0: _FATIGUELIFE_POLE(z, c, a=a, n=n, m=m + 1))
#: Below this z fatiguelife's log density and log cdf take their singular part as :data:`_FATIGUELIFE_POLE` (there
#: ``1 / z`` is 1e100 beside the other terms of ``u^2 = (z - 2 + 1 / z) / c^2``: nothing cancels)
_FATIGUELIFE_TINY_Z = 1e-100


#: Below this z (from ``_FATIGUELIFE_TINY_Z``), given log z and 1 / z apart, fatiguelife's log density is ``log1p(z) -
#: 1.5 log z - (z - 2) / (2 c^2) - 1 / (2 c^2 z)`` (``u^2 = (z - 2 + 1 / z) / c^2``, its last term at least twice the
#: rest: nothing cancels)
_FATIGUELIFE_NEAR_Z = 0.25


def _fatiguelife_pole(z, c, a, power_z=None):
    """``a log z - 1 / (2 c^2 z)``: :data:`_FATIGUELIFE_POLE`, with ``power_z`` (:func:`_power_of_z`'s, where x, loc or
    scale is traced) one primitive of x - loc and scale (:data:`_LOG_PLUS_POWER`): through z d/dscale of
    fatiguelife.logpdf(1e-200, 1) and logcdf was -inf, the truth -5e199, their Hessians in (x, scale) NaN."""
    if power_z is None:
        return _FATIGUELIFE_POLE(z, c, a=a)
    # (end: at z = 0 itself too, the log density's end, -inf with the limits from inside as its derivatives)
    return power_z(z, -1.0, terms=_LOG_PLUS_POWER, e=a, b=_half_inverse_square_at_end(c, z), end=True)


def _half_inverse_square_at_end(c, z):
    """``-1 / (2 c^2)``, where z is 0 (an end, where its cotangent 1 / z is infinite) as ``-c^-2 / 2``: through ``1 / (c
    c)`` its second derivative was a sum of terms of opposite signs, each times the infinite cotangent (NaN for the
    limit -inf of d2/dc2 of fatiguelife.logpdf at x = loc by reverse mode)."""
    pz = np.asarray(_plain(z))
    if not np.any(pz == 0):
        return -0.5 / (c * c)
    return np.where(pz == 0, -0.5 * c ** -2.0, -0.5 / (c * c))


def _fatiguelife_log_density(z, c, scale, log_z=None, power_z=None):
    """``log1p(z) - 1.5 log z - u^2 / 2 - log(2 c sqrt(2 pi) scale)``; below ``_FATIGUELIFE_TINY_Z`` its singular part
    :data:`_FATIGUELIFE_POLE`. With ``log_z`` and ``power_z`` (:func:`_log_of_z`, :func:`_power_of_z`), from there to
    ``_FATIGUELIFE_NEAR_Z`` ``log z`` and ``1 / z`` with their derivatives in x and in scale apart: through z
    d2/dscale2 of ``-1 / (2 c^2 z)`` was ``1 / z - 1 / z`` (fatiguelife.logpdf(1e-15, 1.5): -0.625, the truth -0.5; at
    1e-100 1.0)."""
    def direct(z, c):
        u = _fatiguelife_u(z, c)
        return np.log1p(z) - 1.5 * np.log(z) - 0.5 * u * u
    if log_z is not None:
        whole = direct

        def direct(z, c):
            pz = np.asarray(_plain(z), dtype=float)
            near = np.broadcast_to(pz < _FATIGUELIFE_NEAR_Z, np.broadcast_shapes(pz.shape, np.shape(_plain(c))))
            return _two_forms(near, whole, lambda z, c: np.log1p(z) + log_z(z, -1.5) - (z - 2.0) / (2.0 * c * c)
                              - 0.5 * power_z(z, -1.0) / (c * c), (z, c), (1.0, 1.0), (0.1, 1.0))

    def tiny(z, c):
        return np.log1p(z) - (z - 2.0) / (2.0 * c * c) + _fatiguelife_pole(z, c, -1.5, power_z)
    pz = np.asarray(_plain(z), dtype=float)
    tiny_here = np.broadcast_to(pz < _FATIGUELIFE_TINY_Z, np.broadcast_shapes(pz.shape, np.shape(_plain(c))))
    return (_two_forms(tiny_here, direct, tiny, (z, c), (1.0, 1.0), (1e-200, 1.0)) - np.log(2.0 * c)
            - 0.5 * _LOG_2PI - np.log(scale))


def _fatiguelife_log_cdf(z, c, log_z=None, power_z=None):
    """``log_ndtr(u)``; where z is below ``_FATIGUELIFE_TINY_Z`` and u below -1e20, its asymptotic form ``-u^2 / 2 -
    log(-u) - log(2 pi) / 2`` (the next term ``1 / u^2`` below 1e-40), ``-u^2 / 2 - log(-u)`` as ``-(z - 2) / (2 c^2)
    - log1p(-z) + log(c)`` and the pole ``log(z) / 2 - 1 / (2 c^2 z)`` (:data:`_FATIGUELIFE_POLE`; through log_ndtr's
    rule the second derivative in z was NaN below 1e-154, the truth -1 / (c^2 z^3) to leading order, -inf). With
    ``log_z`` and ``power_z`` (:func:`_log_of_z`, :func:`_power_of_z`), above it where ``t = 2 c^2 z / (1 - z)^2 <
    0.005``, the same plus ``log S(t)``, erfcx's asymptotic series (``_INVGAUSS_ERFCX_SERIES``), with ``log z`` and ``1 /
    z`` from them: through log_ndtr(u) d2/dscale2 was ``1 / z - 1 / z`` (fatiguelife.logcdf(1e-100, 1.5): 0.0, the
    truth 0.5; 0.39 at 1e-15 by forward over forward)."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        far = np.broadcast_to((pz < _FATIGUELIFE_TINY_Z) & (_fatiguelife_u(pz, pc) < -1e20),
                              np.broadcast_shapes(pz.shape, pc.shape))
        near = np.broadcast_to(~far & (pz < _FATIGUELIFE_NEAR_Z) & (2.0 * pc * pc * pz / (1.0 - pz) ** 2 < 0.005),
                               far.shape)

    def log_ndtr_of_u(z, c):
        if log_z is None or not np.any(near):
            return sc.log_ndtr(_fatiguelife_u(z, c))
        return _two_forms(near, lambda z, c: sc.log_ndtr(
            _fatiguelife_u(z, c)), lambda z, c: -(z - 2.0) / (2.0 * c * c) - 0.5 * power_z(z, -1.0) / (c * c)
            - np.log1p(-z) + np.log(c) + log_z(z, 0.5) - 0.5 * _LOG_2PI + np.log(polynomial(
                2.0 * c * c * z / ((1.0 - z) * (1.0 - z)), _INVGAUSS_ERFCX_SERIES)), (z, c), (1.0, 1.0), (1e-3, 1.0))
    return _two_forms(far, log_ndtr_of_u,
                      lambda z, c: (_fatiguelife_pole(z, c, 0.5, power_z) - (z - 2.0) / (2.0 * c * c) - np.log1p(-z)
                                    + np.log(c) - 0.5 * _LOG_2PI), (z, c), (1.0, 1.0), (1e-200, 1.0))


def _fatiguelife_near_zero(function, outside):
    """``function(z, c, scale)``, and ``outside`` (its limit at z = 0) with derivatives 0 where ``-u^2 / 2`` is below
    ``_VANISHING_LOG``: there the function is ``exp(-u^2 / 2)`` times powers of ``u`` and ``1 / z``, which underflow,
    while ``u``'s derivatives overflow (0 * inf = NaN)."""
    def near(z, c, scale):
        cp = _plain(c)
        return _vanishing(lambda z: np.where(z < 1.0, -0.5 * _fatiguelife_u(z, cp) ** 2, 0.0),
                          lambda z: function(z, c, scale), z, 1.0, outside)
    return near


_shape_functions(fatiguelife, ("c",), _fatiguelife_check, [
    (name, inside, function, outside, formula, f"round(float(fatiguelife.{name}(1.5, 0.5)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _fatiguelife_log_density, -np.inf,
         "``log1p(z) - 1.5 log(z) - u^2 / 2 - log(2 c sqrt(2 pi) scale)``, ``u = (z - 1) / (c sqrt(z))``, on ``z > "
         "0``, ``-inf`` at and below 0.", "-0.944179"),
        ("pdf", lambda z: z > 0, _fatiguelife_near_zero(
            lambda z, c, scale: np.exp(_fatiguelife_log_density(z, c, scale)), 0.0), 0.0,
         "``(z + 1) exp(-u^2 / 2) / (2 c sqrt(2 pi) z^1.5 scale)`` on ``z > 0``, 0 at and below 0.", "0.388999"),
        ("cdf", lambda z: z > 0, _fatiguelife_near_zero(lambda z, c, scale: sc.ndtr(_fatiguelife_u(z, c)), 0.0), 0.0,
         "``ndtr(u)`` on ``z > 0``, 0 at and below 0.", "0.792892"),
        # (at z = 0: log z / 2 - 1 / (2 c^2 z) + 1 / c^2 + log c - log(2 pi) / 2 + O(z), as the pole's)
        ("logcdf", lambda z: z >= 0, _with_lower_end(
            lambda z, c, scale, log_z, power_z: _fatiguelife_log_cdf(z, c, log_z, power_z),
            lambda log_z, c, z, power_z: power_z(z, -1.0, terms=_LOG_PLUS_POWER, e=0.5, b=_half_inverse_square_at_end(
                c, z), end=True) + 1.0 / (c * c) + np.log(c) - 0.5 * _LOG_2PI), -np.inf,
         "``log_ndtr(u)`` on ``z > 0``, ``-inf`` at and below 0.", "-0.232068"),
        ("sf", lambda z: z > 0, _fatiguelife_near_zero(lambda z, c, scale: sc.ndtr(-_fatiguelife_u(z, c)), 1.0), 1.0,
         "``ndtr(-u)`` on ``z > 0``, 1 at and below 0.", "0.207108"),
        ("logsf", lambda z: z > 0, _fatiguelife_near_zero(
            lambda z, c, scale: sc.log_ndtr(-_fatiguelife_u(z, c)), -0.0), 0.0,
         "``log_ndtr(-u)`` on ``z > 0``, 0 at and below 0.", "-1.574514"))])


def _fatiguelife_quantile_plain(upper):
    sign = -1.0 if upper else 1.0

    def plain(q, c):
        with np.errstate(over="ignore"):  # (inf far in the upper tail for a large c, as SciPy's)
            return np.exp(2.0 * np.arcsinh(sign * 0.5 * c * sc.ndtri(q)))
    return plain


#: ppf and isf ``exp(2 asinh(+-c ndtri(q) / 2))`` as primitives in q and c: d/dq the inverse function rule ``+-1 /
#: pdf(x)`` and d/dc ``2 x (x - 1) / (c (x + 1))``, traced in x (every higher derivative a product: through ndtri
#: the second derivative in q was inf - inf = NaN at q = 1e-300, the truth -inf)
_FATIGUELIFE_QUANTILE = _root_quantile(
    "fatiguelife", "c", _fatiguelife_quantile_plain, lambda q, c, quantile, sign: _inverse_slope(
        quantile(q, c), lambda z: _fatiguelife_log_density(z, c, 1.0), lambda pz: (pz > 0) & np.isfinite(pz), 1.0,
        sign), lambda q, c, quantile: (lambda x: 2.0 * x * (x - 1.0) / (c * (x + 1.0)))(quantile(q, c)),
    steep_mixed=_fatiguelife_steep)


def _fatiguelife_quantile(name, q, c, loc, scale, upper):
    with np.errstate(over="ignore"):
        return _FATIGUELIFE_QUANTILE(name, q, c, loc, scale, upper)


_quantiles(fatiguelife, "c", _fatiguelife_quantile, (
    ("``loc + scale exp(2 asinh(c ndtri(q) / 2))`` (SciPy's ``(t + sqrt(t^2 + 4))^2 / 4``, ``t = c ndtri(q)``).",
     "round(float(fatiguelife.ppf(0.3, 0.5)), 6)", "0.769931"),
    ("``loc + scale exp(2 asinh(-c ndtri(q) / 2))``.", "round(float(fatiguelife.isf(0.3, 0.5)), 6)", "1.298818")))
_add_moments("fatiguelife", ("c",), lambda c: 1.0 + 0.5 * c * c, lambda c: c * c * (1.0 + 1.25 * c * c), None,
             lambda name, c: _shapes_positive(name, c, names=["c"]), 0.5,
             " The mean is ``1 + c^2 / 2``, the variance ``c^2 (1 + 5 c^2 / 4)``.",
             sd=lambda c: c * np.sqrt(1.0 + 1.25 * c * c))
_add_quantile_summaries("fatiguelife", (0.5,))
_add_quadrature_entropy("fatiguelife", (0.5,))


# -- rice (the Rice distribution) -----------------------------------------------------------------------


class rice:
    """The Rice distribution, as ``scipy.stats.rice``: the density ``z exp(-(z^2 + b^2) / 2) I0(b z)`` on ``z = (x -
    loc) / scale >= 0`` (``b >= 0``; ``b = 0`` is ``rayleigh``): ``logpdf``, ``pdf`` and the tails ``cdf``, ``sf``,
    ``logcdf``, ``logsf``, the quantiles and the moments, differentiable in x (or q), b, loc and scale to second
    order (a third derivative refuses), at ``b = 0`` and ``x = loc`` too. The Bessel factor is ``I0(b z)`` with
    ``exp(-(z^2 + b^2) / 2)`` below ``b z = 1`` and ``i0e(b z)`` with ``exp(-(z - b)^2 / 2)`` from there (i0e has a
    kink at 0: through it d/db of the log density at b = 0 was z, the truth 0). The smaller tail (the cdf below ``z
    = sqrt(b^2 + 2 log 2)``, the sf above) is ``1 - Q1(b, z)`` or Marcum's ``Q1(b, z)`` in log space: ``log pdf(z)``
    plus the log of the density's integral toward that tail relative to ``pdf(z)``, by Gauss-Legendre (48 panels of
    16 nodes, down to 1e-320 of the value); the other tail ``-expm1`` of it; near 0 (``z <= 1``, ``b z <= 1``) the
    cdf is the Poisson mixture of ``gammainc`` as a double series of positive terms, exact to every order at ``z =
    0``. The log tails' derivatives are closed forms through the hazard ``R = pdf / tail`` (in z ``+-R``, in b ``-+R
    I1(b z) / I0(b z)``), R's own by the same quadrature of the log density's differences (through ``R (k(z) +- R)``
    two terms of size ``|z - b|`` cancelled: 6.7e-5 relative off at b = 1e4). SciPy is off in the tails: ``sf(12,
    3)`` is 0 in SciPy 1.17.1 (7806 times the truth 2.28e-19 in 1.13.1), ``cdf(1, 30)`` 0 for 5.9e-186. The
    quantiles (``ppf``, ``isf``, ``median``, ``interval``) are Newton's roots on those log tails (SciPy's
    ``isf(2.3e-19, 3)`` is inf for 12, NaN in 1.13.1), ``dz/dq = +-1 / pdf(z)``, ``dz/db = I1(b z) / I0(b z)`` at
    fixed q (implicit differentiation of the cdf: its b-derivative is ``-z exp(-(z^2 + b^2) / 2) I1(b z)``). The
    mean ``sqrt(pi / 2) L_(1/2)(-b^2 / 2)`` as ``sqrt(pi / 2) ((1 + 2 y) i0e(y) + 2 y i1e(y))``, ``y = b^2 / 4``
    (positive terms; SciPy's ``exp(-b^2 / 2) hyp1f1`` is inf or NaN from b = 38). The variance ``2 + b^2 - mean^2``
    as it is below b = 1, from there by quadrature of positive integrands (:func:`_rice_var_parts`: as it is it lost
    ``b^2`` eps of its digits, its derivatives up to ``b^6`` eps; d/db 8.4e-11 relative off at b = 20), ``1 - 1 / (2
    b^2) - 1 / (2 b^4)`` from b = 1e10. The entropy by quadrature in the probability (``_common._probability_quadrature``:
    SciPy integrates the density). ``b`` finite and ``>= 0`` (ValueError).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import rice
    >>> round(float(rice.pdf(1.0, 0.0)), 6)  # b = 0: rayleigh, exp(-1/2)
    0.606531
    >>> round(float(wg.grad_bp(lambda b: rice.logpdf(1.0, b), 0.0)), 6)  # even in b
    0.0

    .. versionadded:: 0.1
    """


def _rice_check(name, z, b):
    pb = np.asarray(_plain(b), dtype=float)
    if np.any(pb < 0) or not np.all(np.isfinite(pb)):
        raise ValueError(f"{name}: b must be finite and not negative (SciPy gives NaN below 0)")


def _rice_log_kernel(z, b):
    """``-(z^2 + b^2) / 2 + log I0(b z)``: with ``I0`` below ``b z = 1``, ``-(z - b)^2 / 2 + log i0e(b z)`` from there
    (i0e's kink at 0: the unscaled form is smooth there)."""
    far = np.asarray(_plain(b) * _plain(z) >= 1.0)
    return _two_forms(far, lambda z, b: -0.5 * (z * z + b * b) + np.log(sc.i0(b * z)),
                      lambda z, b: -0.5 * (z - b) ** 2 + np.log(sc.i0e(b * z)), (z, b), (0.5, 0.5), (2.0, 2.0))


def _rice_density(z, b):
    """``z exp(-(z^2 + b^2) / 2) I0(b z)`` as powers (the two forms of :func:`_rice_log_kernel`)."""
    far = np.asarray(_plain(b) * _plain(z) >= 1.0)
    return z * _two_forms(far, lambda z, b: np.exp(-0.5 * (z * z + b * b)) * sc.i0(b * z),
                          lambda z, b: np.exp(-0.5 * (z - b) ** 2) * sc.i0e(b * z), (z, b), (0.5, 0.5), (2.0, 2.0))


def _rice_log_density(z, b, scale, log_z=None):  # (log_z: z = 0 too, -inf with the limits from inside, as rayleigh's)
    return (np.log(z) if log_z is None else log_z(z, 1.0, end=True)) + _rice_log_kernel(z, b) - _log_of(scale)


_RICE_NODES, _RICE_WEIGHTS = np.polynomial.legendre.leggauss(16)
#: the quadrature's nodes on [0, 1] (48 panels of 16 Gauss-Legendre nodes) and their weights
_RICE_U = ((np.arange(48)[:, None] + 0.5 * (_RICE_NODES[None, :] + 1.0)) / 48).ravel()
_RICE_W = np.tile(_RICE_WEIGHTS / 96.0, 48)


def _rice_upper_side(z, b):
    """Where the sf is the smaller tail (about the median: ``z > sqrt(b^2 + 2 log 2)``, exact at b = 0)."""
    return np.asarray(z, dtype=float) > np.sqrt(np.asarray(b, dtype=float) ** 2 + 2.0 * _LOG_2)


#: rice's ``1 - I1(x) / I0(x)`` from x = 25 on: the ratio of the two asymptotic series (Abramowitz & Stegun 9.7.1),
#: ``sum (alpha_k - beta_k) / x^k`` over ``sum alpha_k / x^k``, exact fractions (through 1 - i1e / i0e its rounding,
#: eps, was 2 x eps of it: b times it in the hazard's derivatives)
_RICE_C_FROM = 25.0
_RICE_ALPHA = [float(Fraction(math.prod((2 * j - 1) ** 2 for j in range(1, k + 1)), math.factorial(k) * 8 ** k))
               for k in range(32)]
_RICE_ALPHA_BETA = [float(Fraction(math.prod((2 * j - 1) ** 2 for j in range(1, k + 1))
                                   - math.prod((2 * j - 1) ** 2 - 4 for j in range(1, k + 1)),
                                   math.factorial(k) * 8 ** k)) for k in range(32)]


#: rice's ``e^-x (I0, I0 - I1, ...)`` below x = 25 as ``B_k = (1 / pi) int_0^pi u^k e^(-x u) dtheta``, ``u = 1 -
#: cos(theta)``: ``i0e = B0``, ``i0e - i1e = B1`` with no difference taken (the midpoint rule, 128 nodes, spectral
#: on a period)
_RICE_THETA_U = 2.0 * np.sin(0.5 * np.pi * (np.arange(128) + 0.5) / 128) ** 2


def _rice_bessel_moments(x):
    e = np.exp(-np.minimum(np.asarray(x, dtype=float), _RICE_C_FROM)[..., None] * _RICE_THETA_U)
    return e.mean(-1), (e * _RICE_THETA_U).mean(-1), (e * _RICE_THETA_U ** 2).mean(-1)


def _rice_c_plain(x):
    """The plain ``1 - I1(x) / I0(x)`` (x >= 0): to its own relative precision from 25 on (through 1 - i1e / i0e its
    rounding, eps, was 2 x eps of it: b times it in the hazard's derivatives), ``1 - i1e / i0e`` below (eps of 1)."""
    x = np.asarray(x, dtype=float)
    far = x >= _RICE_C_FROM
    with np.errstate(all="ignore"):
        out = 1.0 - sc.i1e(x) / sc.i0e(x)
        if np.any(far):
            w = 1.0 / x[far]
            out[far] = (np.polynomial.polynomial.polyval(w, _RICE_ALPHA_BETA)
                        / np.polynomial.polynomial.polyval(w, _RICE_ALPHA))
    return out


def _rice_rho_slope_plain(x):
    """The plain d/dx of ``I1(x) / I0(x)``: ``(B0 B2 - B1^2) / B0^2`` below 25 (through ``1 - rho / x - rho^2`` the
    terms cancelled to 1 / (2 x^2) of them: 4e-13 relative off at x = 20), the series' derivative from there."""
    x = np.asarray(x, dtype=float)
    w = 1.0 / np.maximum(x, _RICE_C_FROM)
    poly = np.polynomial.polynomial
    p, q = poly.polyval(w, _RICE_ALPHA_BETA), poly.polyval(w, _RICE_ALPHA)
    dp, dq = poly.polyval(w, poly.polyder(_RICE_ALPHA_BETA)), poly.polyval(w, poly.polyder(_RICE_ALPHA))
    b0, b1, b2 = _rice_bessel_moments(x)
    return np.where(x >= _RICE_C_FROM, w * w * (dp * q - p * dq) / (q * q), (b0 * b2 - b1 * b1) / (b0 * b0))


def _rice_divided(coefficients, w1, w2):
    """The polynomial's value at w1 and its divided difference ``(p(w1) - p(w2)) / (w1 - w2)`` (the quotient of
    Horner's rule at w1, at w2)."""
    value, quotient = 0.0 * w1 + coefficients[-1], 0.0 * w1
    for a in coefficients[-2::-1]:
        quotient = quotient * w2 + value
        value = value * w1 + a
    return value, quotient


def _rice_c_difference(x1, x2, dx):
    """The plain ``c(x1) - c(x2)``, ``c = 1 - I1 / I0``, ``dx = x2 - x1`` given apart: where both are from 25 on,
    by the series' divided differences ``(w1 - w2) (P[w1, w2] Q2 - P2 Q[w1, w2]) / (Q1 Q2)``, ``w = 1 / x`` (through
    the difference of the two values their rounding, eps c, was 1e-10 of it at b = 1e6: logcdf(1, 1e6)'s Hessian)."""
    x1, x2, dx = (np.array(np.broadcast_to(np.asarray(v, dtype=float), np.broadcast_shapes(
        np.shape(x1), np.shape(x2), np.shape(dx)))) for v in (x1, x2, dx))
    both = (x1 >= _RICE_C_FROM) & (x2 >= _RICE_C_FROM)
    out = np.empty(x1.shape)
    out[~both] = _rice_c_plain(x1[~both]) - _rice_c_plain(x2[~both])
    if np.any(both):
        x1, x2, dx = x1[both], x2[both], dx[both]
        w1, w2 = 1.0 / x1, 1.0 / x2
        _, dp = _rice_divided(_RICE_ALPHA_BETA, w1, w2)
        q1, dq = _rice_divided(_RICE_ALPHA, w1, w2)
        p2 = np.polynomial.polynomial.polyval(w2, _RICE_ALPHA_BETA)
        q2 = np.polynomial.polynomial.polyval(w2, _RICE_ALPHA)
        out[both] = (dx / (x1 * x2)) * (dp * q2 - p2 * dq) / (q1 * q2)
    return out


#: ``rho(x) = I1(x) / I0(x)`` (x = b z >= 0) with its slope written apart; the slope has no derivative of its own (a
#: third derivative of rice's tails and quantiles refuses)
_RICE_RHO_SLOPE = OwnPrimitive(_rice_rho_slope_plain, name="wengert.scipy.stats.rice (I1 / I0, its slope)",
                               reenters="any")
_RICE_RHO = OwnPrimitive(lambda x: sc.i1e(x) / sc.i0e(x), name="wengert.scipy.stats.rice (I1 / I0)", reenters="any")
_def_partials(_RICE_RHO, _RICE_RHO_SLOPE)


def _rice_tail_parts(z, b, upper, derivatives=True):
    """The plain log of the tail beyond z (``upper``) or below it, the hazard ``R = pdf / tail`` and its two partials.
    The tail is ``pdf(z) J``, ``J`` the integral of ``g = pdf(t) / pdf(z)`` over ``t = z +- s``, ``s`` in ``[0, S]``:
    ``g = (t / z) exp(-s (s / 2 + d)) i0e(b t) / i0e(b z)``, ``d`` the distance toward the tail (``z - b`` or ``b -
    z``), ``S`` where the exponent reaches 750 (below 1e-320 of the value beyond), at most z below; by Gauss-Legendre
    (48 panels of 16 nodes). ``R = 1 / J`` (through exp(log pdf - log tail) the two exponents' rounding, |L| eps, was its
    error: logcdf(0.25, 1e4)'s d/dx 1.4e-8 relative off). Its partials ``-R J_z / J`` and ``-R J_b / J`` by the same
    quadrature of ``g`` times ``d/dz log g = k(t) - k(z)`` and ``d/db log g = l(t) - l(z)`` (``k = 1/t - t + b rho(b t)``,
    ``l = t rho(b t) - b``, ``rho = I1 / I0``), each difference written without cancelling: through ``R (k(z) +- R)``
    two terms of size |z - b| cancelled to 1 (logcdf(0.5, 1e4, 0, 2)'s second derivatives 6.7e-5 relative off)."""
    z, b, upper = np.broadcast_arrays(np.asarray(z, dtype=float), np.asarray(b, dtype=float), np.asarray(upper))
    shape = z.shape
    z, b, upper = z.ravel(), b.ravel(), upper.ravel()
    log_tail, hazard = np.full(z.shape, -np.inf), np.full(z.shape, np.inf)
    hazard_z, hazard_b = np.full(z.shape, np.nan), np.full(z.shape, np.nan)
    live = np.isfinite(z) & (z > 0)
    with np.errstate(all="ignore"):
        log_tail[np.isinf(z) & ~upper] = 0.0  # (the whole mass below inf)
        zl, bl, ul = z[live], b[live], upper[live]
        d = np.where(ul, zl - bl, bl - zl)
        span = -d + np.sqrt(d * d + 1500.0)
        span = np.where(ul, span, np.minimum(span, zl))
        s = span[:, None] * _RICE_U
        zc, bc = zl[:, None], bl[:, None]
        t = np.where(ul[:, None], zc + s, zc - s)
        f = (t / zc) * np.exp(-s * (0.5 * s + d[:, None])) * sc.i0e(bc * t)
        total = f @ _RICE_W
        # (the product where it is a normal number: through the sum of logs the value was |L| eps off; the logs
        # where it underflows)
        product = zl * span * np.exp(-0.5 * (zl - bl) ** 2) * total
        log_tail[live] = np.where(product > 1e-290, np.log(product),
                                  np.log(zl) + np.log(span) - 0.5 * (zl - bl) ** 2 + np.log(total))
        r = sc.i0e(bl * zl) / (span * total)
        hazard[live] = r
        if derivatives:
            # (t - z as the node's s itself, signed: through the rounded t's difference, z - t was 1e-16 off for s 1e-6
            # at d = 1e6, logcdf(1, 1e6)'s Hessian 1.4e-11 relative off)
            sign = np.where(ul, 1.0, -1.0)[:, None]
            # rho(b t) - rho(b z): as rho's difference below b z = 2, as that of 1 - rho from there (b times it)
            bz, bt = bc * zc, bc * t
            rho_t = sc.i1e(bt) / sc.i0e(bt)
            rho_diff = np.where(bz < 2.0, rho_t - sc.i1e(bz) / sc.i0e(bz), _rice_c_difference(bz, bt, sign * bc * s))
            dk = -sign * s * (1.0 / (t * zc) + 1.0) + bc * rho_diff
            dl = sign * s * rho_t + zc * rho_diff
            hazard_z[live] = -r * ((f * dk) @ _RICE_W) / total
            hazard_b[live] = -r * ((f * dl) @ _RICE_W) / total
    return log_tail.reshape(shape), hazard.reshape(shape), hazard_z.reshape(shape), hazard_b.reshape(shape)


def _rice_ratio(z, b):
    """``I1(b z) / I0(b z)``."""
    return _RICE_RHO(b * z)


# the log tail L and the hazard R = pdf / tail: L_z = +-R (the cdf's +), L_b = -+R I1(b z) / I0(b z) (d/db of the
# cdf is -z exp(-(z^2 + b^2) / 2) I1(b z)); R's partials by quadrature (see _rice_tail_parts), with none of their own:
# a third derivative refuses
_RICE_LOG_TAIL = OwnPrimitive(lambda z, b, upper: _rice_tail_parts(z, b, upper, False)[0],
                              name="wengert.scipy.stats.rice (log tail)", reenters="any")
_RICE_HAZARD = OwnPrimitive(lambda z, b, upper: _rice_tail_parts(z, b, upper, False)[1],
                            name="wengert.scipy.stats.rice (hazard)", reenters="any")
_RICE_HAZARD_DZ = OwnPrimitive(lambda z, b, upper: _rice_tail_parts(z, b, upper)[2],
                               name="wengert.scipy.stats.rice (hazard, d/dz)", reenters="any")
_RICE_HAZARD_DB = OwnPrimitive(lambda z, b, upper: _rice_tail_parts(z, b, upper)[3],
                               name="wengert.scipy.stats.rice (hazard, d/db)", reenters="any")


def _rice_sign(upper):
    return np.where(upper, -1.0, 1.0)


_def_partials(_RICE_LOG_TAIL, lambda z, b, upper: _rice_sign(upper) * _RICE_HAZARD(z, b, upper),
              lambda z, b, upper: -_rice_sign(upper) * _RICE_HAZARD(z, b, upper) * _rice_ratio(z, b))
_def_partials(_RICE_HAZARD, _RICE_HAZARD_DZ, _RICE_HAZARD_DB)


#: the cdf near 0 (z <= 1, b z <= 1) as ``w e^(-b^2 / 2 - w) P``, ``w = z^2 / 2``, ``P = sum_j v^j / j! sum_k w^k / (j +
#: 1 + k)!`` (``v = (b z / 2)^2 <= 1/4``; the Poisson mixture ``sum_j e^-l l^j / j! gammainc(j + 1, w)``, ``l = b^2 /
#: 2``, with ``gammainc(j + 1, w) = w^(j + 1) e^-w sum_k w^k / (j + 1 + k)!``): every term positive, exact to every
#: order at z = 0, its log with no e^-l to underflow (through the mixture's log logcdf(0.001, 100) was -inf for
#: -5011.2); 19 by 11 terms (the next below 1e-20 of the first), ``[k, j]`` the coefficient of ``w^k v^j``
_RICE_MIXTURE = np.array([[1.0 / (math.factorial(j) * math.factorial(j + 1 + k)) for j in range(11)]
                          for k in range(19)])


def _rice_mixture_plain(w, v, dw=0, dv=0):
    """The plain ``d^dw/dw d^dv/dv P(w, v)`` (the coefficients' derivatives: exact to every order)."""
    coefficients = np.polynomial.polynomial.polyder(np.polynomial.polynomial.polyder(_RICE_MIXTURE, dw, axis=0), dv,
                                                    axis=1)
    return np.polynomial.polynomial.polyval2d(np.asarray(w, dtype=float), np.asarray(v, dtype=float), coefficients)


#: ``P(w, v)`` as one primitive (its 209 terms in the rules cost 3,000 traced products per derivative)
_RICE_MIXTURE_SUM = OwnPrimitive(_rice_mixture_plain, name="wengert.scipy.stats.rice (the mixture's sum)",
                                 reenters="any")
_def_partials(_RICE_MIXTURE_SUM, lambda w, v, dw=0, dv=0: _RICE_MIXTURE_SUM(w, v, dw=dw + 1, dv=dv),
              lambda w, v, dw=0, dv=0: _RICE_MIXTURE_SUM(w, v, dw=dw, dv=dv + 1))


def _rice_mixture_sum(z, b):
    """``P`` (see ``_RICE_MIXTURE``)."""
    return _RICE_MIXTURE_SUM(0.5 * z * z, (0.5 * b * z) ** 2)


def _rice_mixture_cdf(z, b):
    """``w e^(-b^2 / 2 - w) P`` (z <= 1, b z <= 1)."""
    w = 0.5 * z * z
    return w * np.exp(-0.5 * b * b - w) * _rice_mixture_sum(z, b)


def _rice_mixture_log_cdf(z, b, log_z):
    """``2 log z - log 2 - b^2 / 2 - w + log P``, ``log z`` from x - loc and scale apart (:func:`_log_of_z`): through z
    d2/dx dscale of logcdf(1e-8, 0, 0, 1.3) was two terms 2 / (z scale^2) cancelling, 150 times the truth. At z = 0
    -inf with the one-sided limits from inside as its derivatives (``end=True``)."""
    return log_z(z, 2.0, end=True) - _LOG_2 - 0.5 * b * b - 0.5 * z * z + np.log(_rice_mixture_sum(z, b))


def _rice_function(name):
    def function(z, b, scale, log_z=None):
        zp, bp = np.broadcast_arrays(*(np.asarray(_plain(a), dtype=float) for a in (z, b)))
        upper = _rice_upper_side(zp, bp)
        mixture = (zp <= 1.0) & (bp * zp <= 1.0) & ~upper
        if name == "logcdf":  # (the lower tail's log; where the sf is the smaller, log(-expm1(log sf)))
            def lower(z, b):
                return _two_forms(mixture, lambda z, b: _RICE_LOG_TAIL(z, b, upper),
                                  lambda z, b: _rice_mixture_log_cdf(z, b, log_z), (z, b), (1.1, 1.0), (0.5, 1.0))
            return _two_forms(upper, lower,
                              lambda z, b: _log1mexp(_RICE_LOG_TAIL(z, b, upper)), (z, b), (0.5, 1.0),
                              (3.0, 1.0))
        if name == "logsf":
            def lower(z, b):
                return _two_forms(mixture, lambda z, b: _log1mexp(_RICE_LOG_TAIL(z, b, upper)),
                                  lambda z, b: np.log1p(-_rice_mixture_cdf(z, b)), (z, b), (0.5, 1.0), (0.5, 1.0))
            return _two_forms(upper, lower, lambda z, b: _RICE_LOG_TAIL(z, b, upper), (z, b), (0.5, 1.0), (3.0, 1.0))

        def lower(z, b):
            cdf = _two_forms(mixture, lambda z, b: np.exp(_RICE_LOG_TAIL(z, b, upper)), _rice_mixture_cdf, (z, b),
                             (1.1, 1.0), (0.5, 1.0))
            return cdf if name == "cdf" else 1.0 - cdf

        def higher(z, b):
            sf = np.exp(_RICE_LOG_TAIL(z, b, upper))
            return sf if name == "sf" else -np.expm1(_RICE_LOG_TAIL(z, b, upper))
        return _two_forms(upper, lower, higher, (z, b), (0.5, 1.0), (3.0, 1.0))
    return function


_shape_functions(rice, ("b",), _rice_check, [
    ("logpdf", lambda z: z >= 0, lambda z, b, scale, log_z: _rice_log_density(z, b, scale, log_z), -np.inf,
     "``log z - (z^2 + b^2) / 2 + log I0(b z) - log(scale)`` on ``z > 0``, ``-inf`` elsewhere.",
     "round(float(rice.logpdf(1.0, 2.0)), 6)", "-1.676006"),
    ("pdf", lambda z: z >= 0, lambda z, b, scale: _exp_at_ends(
        lambda z: _rice_log_density(z, b, scale), lambda z: _rice_density(z, b) / scale, z, (0.0,), (1.0,)), 0.0,
     "``z exp(-(z^2 + b^2) / 2) I0(b z) / scale`` on ``z >= 0``, 0 below.", "round(float(rice.pdf(1.0, 2.0)), 6)",
     "0.18712"),
    ("cdf", lambda z: (z >= 0) & np.isfinite(z), _rice_function("cdf"), 0.0,
     "``1 - Q1(b, z)`` (Marcum's Q; see the class), 0 below the support.", "round(float(rice.cdf(1.0, 2.0)), 6)",
     "0.081892"),
    # (at z = 0 the Poisson mixture's log: -inf with the one-sided limits from inside as its derivatives)
    ("logcdf", lambda z: (z >= 0) & np.isfinite(z), _rice_function("logcdf"), -np.inf,
     "``log(1 - Q1(b, z))``, ``-inf`` at and below 0.", "round(float(rice.logcdf(1.0, 2.0)), 6)", "-2.50235"),
    ("sf", lambda z: (z >= 0) & np.isfinite(z), _rice_function("sf"), 1.0,
     "``Q1(b, z)`` (Marcum's Q; see the class), 1 below the support.", "round(float(rice.sf(1.0, 2.0)), 6)",
     "0.918108"),
    ("logsf", lambda z: (z >= 0) & np.isfinite(z), _rice_function("logsf"), 0.0,
     "``log Q1(b, z)``, 0 below the support.", "round(float(rice.logsf(1.0, 2.0)), 6)", "-0.085441")])


def _rice_quantile_plain(upper):
    """The plain ppf (``upper``: isf) of the standard rice: from the nearest of four closed starts (the tails' leading
    terms, the normal's, the rayleigh's; no SciPy quantile, whose roots differ between versions), Newton's
    method on the log of the smaller tail there (wengert's, :func:`_rice_tail_parts`; the tails are log-concave) within
    a bracket, to a step of 2e-15 relative (SciPy's root is off where its tails are: its ``isf(2.3e-19, 3)`` is inf
    for 12, NaN in 1.13.1). 0 and inf at the ends."""
    def plain(q, b):
        q, b = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(b, dtype=float))
        shape = q.shape
        q, b = q.ravel(), b.ravel()
        out = np.full(q.shape, np.nan)
        low = 1.0 - q if upper else q  # (the lower tail's target, SciPy's start's; the logs from q itself)
        out[q == (1.0 if upper else 0.0)] = 0.0
        out[q == (0.0 if upper else 1.0)] = np.inf
        live = (q > 0) & (q < 1) & np.isfinite(b)
        qq, bb = q[live], b[live]
        with np.errstate(all="ignore"):
            log_low = np.log1p(-qq) if upper else np.log(qq)
            log_high = np.log(qq) if upper else np.log1p(-qq)
            # the start: of four candidates, the one whose log tail is nearest the target, the others closing the
            # bracket (no SciPy quantile: SciPy 1.13's and 1.15's sqrt(chndtrix(3.6e-304, 2, 3.5^2)) was 5.1e-25 for
            # 5.7e-151, from where the halvings toward 0 did not reach the root in 200 steps: NaN, and so
            # rice.entropy(3.5) refused there, converged on 1.17): the tails' leading terms, z^2 e^(-b^2 / 2) / 2 near
            # 0 and e^(-(z - b)^2 / 2) far up, the normal's b + ndtri and the rayleigh's sqrt(-2 log(sf)) (b = 0)
            normal = np.where(log_low < log_high, bb + sc.ndtri(np.exp(log_low)), bb - sc.ndtri(np.exp(log_high)))
            candidates = [np.minimum(np.sqrt(2.0) * np.exp(0.5 * log_low + 0.25 * bb * bb), 1e300),
                          bb + np.sqrt(-2.0 * log_high), normal, np.sqrt(-2.0 * log_high)]
            c = np.stack(candidates)  # (one call of the tails for the four: its cost is mostly per call)
            c = np.where(np.isfinite(c) & (c > 0), c, 1.0)  # (1.0: a finite stand-in, itself a fair start)
            b4 = np.broadcast_to(bb, c.shape)
            side = _rice_upper_side(c, b4)
            log_tail = _rice_tail_parts(c, b4, side, derivatives=False)[0]
            g = np.where(side, log_high - log_tail, log_tail - log_low)
            below = np.max(np.where(g < 0, c, 0.0), axis=0)
            above = np.min(np.where(g > 0, c, np.inf), axis=0)
            nearest = np.abs(np.where(np.isnan(g), np.inf, g))
            z = np.take_along_axis(c, np.argmin(nearest, axis=0)[None], axis=0)[0]
            z = np.where(np.min(nearest, axis=0) < np.inf, z, _bracket_middle(below, above, 1.0))
            done = np.zeros(z.shape, bool)
            for _ in range(200):
                side = _rice_upper_side(z, bb)
                log_tail, hazard = _rice_tail_parts(z, bb, side, derivatives=False)[:2]
                # (g < 0: z below the root; its slope in z the hazard)
                g = np.where(side, log_high - log_tail, log_tail - log_low)
                below, above = np.where(g < 0, z, below), np.where(g > 0, z, above)
                step = -g / hazard
                # (a step below 2e-15 z: the one after it below rounding; one below z's last place left z where it
                # was, its bracket's end: bisected, it took 76 evaluations at ppf(1e-20, 30))
                finished = done  # (a point done stays: see foldnorm's quantile)
                done = finished | (np.abs(step) <= 2e-15 * z) | (g == 0) | _bracket_closed(below, above)
                new = z + np.where(g == 0, 0.0, step)
                z = np.where(finished, z, _newton_step_in_bracket(z, new, done, below, above))
                if np.all(done):
                    break
            z = np.where(done, z, np.nan)  # (not converged: NaN, never a number off the root)
            # near 0 (the mixture's region) the cdf's own ratio, ``z sqrt(target / cdf)`` (cdf ~ z^2 there): through
            # its log, whose rounding is |log cdf| eps, ppf(1e-300, 0.5) was 1.7e-14 relative off
            for _ in range(2):
                w, v = 0.5 * z * z, (0.5 * bb * z) ** 2
                cdf = w * np.exp(-0.5 * bb * bb - w) * _rice_mixture_plain(w, v)
                near = (z <= 1.0) & (bb * z <= 1.0) & ~_rice_upper_side(z, bb) & (cdf > 1e-305)
                z = np.where(near, z * np.sqrt(low[live] / np.where(near, cdf, 1.0)), z)
        out[live] = z
        return out.reshape(shape)
    memo = {}

    def remembered(q, b):
        # (the last 16 roots kept, by q's and b's values: each partial of the quantile (in q, in b, and theirs) takes
        # the root again at the same nodes, and Newton's method there was ~90% of rice.entropy's traced quadrature)
        q, b = np.asarray(q, dtype=float), np.asarray(b, dtype=float)
        key = (q.shape, q.tobytes(), b.shape, b.tobytes())
        out = memo.get(key)
        if out is None:
            out = plain(q, b)
            if len(memo) >= 16:  # (cleared whole: one step, safe beside other threads)
                memo.clear()
            memo[key] = out
        return np.copy(out)
    return remembered


#: rice's quantiles (ppf, isf) at fixed q: dz/dq ``+-1 / pdf(z)`` (:data:`_RICE_QUANTILE_SLOPES`); dz/db ``I1(b z) /
#: I0(b z)`` (``-(d cdf/db) / pdf``, d cdf / db = ``-z exp(-(z^2 + b^2) / 2) I1(b z)``: the same for the isf), traced
#: in z, so its derivatives are products (a third derivative refuses: I1 / I0's slope has no rule)
_RICE_QUANTILES = [OwnPrimitive(_rice_quantile_plain(upper), name=f"wengert.scipy.stats.rice.{'isf' if upper else 'ppf'}",
                                reenters="any") for upper in (False, True)]


def _rice_quantile_slope_plain(upper):
    def plain(q, b):
        z = _RICE_QUANTILES[upper](q, b)
        with np.errstate(all="ignore"):
            return (-1.0 if upper else 1.0) * np.exp(-_rice_log_density(z, b, 1.0))
    return plain


#: dz/dq ``+-1 / pdf(z)`` as a primitive with its partials: in q ``-k z_q^2`` (``k = 1/z - z + b rho(b z)``, d/dz of
#: the log density), in b ``rho'(b z) b z_q`` (d/dq of dz/db: through d/db of ``1 / pdf(z)``, ``-z_q (rho / z - b (1 -
#: rho^2))``, two terms of size 1 / z cancelled, 1e-11 relative off in isf(0.02, 30)'s d2/dq db)
_RICE_QUANTILE_SLOPES = [OwnPrimitive(_rice_quantile_slope_plain(upper), name=f"wengert.scipy.stats.rice."
                                      f"{'isf' if upper else 'ppf'} (d/dq)", reenters="any") for upper in (False, True)]


def _rice_quantile_partials(upper):
    def in_q(q, b):  # (z_q^2 overflows to +inf near q = 0: d2/dq2 -inf there, as the truth's 5.6e449 at 1e-300)
        z = _RICE_QUANTILES[upper](q, b)
        with np.errstate(over="ignore"):
            return -(1.0 / z - z + b * _rice_ratio(z, b)) * _RICE_QUANTILE_SLOPES[upper](q, b) ** 2

    def in_b(q, b):
        return _RICE_RHO_SLOPE(b * _RICE_QUANTILES[upper](q, b)) * b * _RICE_QUANTILE_SLOPES[upper](q, b)
    return in_q, in_b


for _upper in (False, True):
    _def_partials(_RICE_QUANTILE_SLOPES[_upper], *_rice_quantile_partials(_upper))
    _def_partials(_RICE_QUANTILES[_upper], _RICE_QUANTILE_SLOPES[_upper],
                  lambda q, b, _u=_upper: _rice_ratio(_RICE_QUANTILES[_u](q, b), b))


def _rice_steep(lower, b):
    """rice's ppf at q = 0, ``z ~ sqrt(2 q) e^(b^2 / 4)``: its slope grows with b (+) where b > 0; at b = 0 the limit
    is 0 (z is even in b: dz/db = I1(b z) / I0(b z) is 0 at every q)."""
    return (np.where(np.asarray(b) > 0, 1.0, 0.0),)


def _rice_quantile(name, q, b, loc, scale, upper):
    _rice_check(name, 0.0, b)
    return _in_dtype_of(_located(name, q, loc, scale, lambda q, b: _RICE_QUANTILES[upper](q, b), shapes=(b,),
                                 steep_mixed=_rice_steep), q, b, loc, scale)


_quantiles(rice, "b", _rice_quantile, (
    ("``loc + scale z``, ``z`` the root of ``cdf(z) = q`` (Newton's method on the log of the smaller tail).",
     "round(float(rice.ppf(0.3, 2.0)), 6)", "1.757905"),
    ("``loc + scale z``, ``z`` the root of ``sf(z) = q`` (Newton's method on the log of the smaller tail).",
     "round(float(rice.isf(0.7, 2.0)), 6)", "1.757905")))
_add_quantile_summaries("rice")
_add_quadrature_entropy("rice", (1.5,), example_value="1.64682")  # (session 54; SciPy integrates it)


#: from this b on rice's mean is ``b + 1 / (2 b) + 1 / (8 b^3)`` (the next term 1 / (16 b^5): below rounding)
_RICE_MEAN_FAR = 1e8


def _rice_mean_parts(b, order):
    """The plain standard mean ``m(b) = sqrt(pi / 2) ((1 + 2 y) i0e(y) + 2 y i1e(y))``, ``y = b^2 / 4`` (Laguerre's
    ``L_(1/2)(-b^2 / 2)``: positive terms), or its ``order``-th derivative in b: ``(b / 2) sqrt(pi / 2) (i0e(y) +
    i1e(y))`` (d/dy of the bracket is ``i0e + i1e``: the terms in ``I1 / y`` cancel exactly), ``sqrt(pi / 2) (i0e(y) -
    i1e(y)) / 2`` (the difference as :func:`_rice_bessel_moments`' B1 below y = 25, ``i0e c`` from there, ``c = 1 - I1
    / I0`` (:func:`_rice_c_plain`): through i0e - i1e, cancelling to ``1 / (2 y)`` of them, it lost y eps); beyond b =
    1e8 the series ``b + 1 / (2 b) + 1 / (8 b^3)`` (y overflows from 2.7e154)."""
    b = np.asarray(b, dtype=float)
    near = np.minimum(b, _RICE_MEAN_FAR)
    y = 0.25 * near * near
    with np.errstate(all="ignore"):
        i0, i1 = sc.i0e(y), sc.i1e(y)
        root = math.sqrt(0.5 * math.pi)
        if order == 0:
            value, series = root * ((1.0 + 2.0 * y) * i0 + 2.0 * y * i1), b + 0.5 / b + 0.125 / b ** 3
        elif order == 1:
            value, series = 0.5 * near * root * (i0 + i1), 1.0 - 0.5 / b ** 2 - 0.375 / b ** 4
        else:
            difference = np.where(y >= _RICE_C_FROM, i0 * _rice_c_plain(np.atleast_1d(y)).reshape(y.shape),
                                  _rice_bessel_moments(y)[1])
            value, series = 0.5 * root * difference, 1.0 / b ** 3 + 1.5 / b ** 5
    return np.where(b >= _RICE_MEAN_FAR, series, value)


#: rice's standard mean and its first derivative in b as primitives; the second has no rule (a third derivative of the
#: mean refuses, as the tails' do)
_RICE_MEAN_SLOPE = OwnPrimitive(lambda b: _rice_mean_parts(b, 1), name="wengert.scipy.stats.rice.mean (d/db)",
                                reenters="any")
_RICE_MEAN = OwnPrimitive(lambda b: _rice_mean_parts(b, 0), name="wengert.scipy.stats.rice.mean", reenters="any")
_def_partials(_RICE_MEAN, _RICE_MEAN_SLOPE)
_def_partials(_RICE_MEAN_SLOPE, OwnPrimitive(lambda b: _rice_mean_parts(b, 2), name="wengert.scipy.stats.rice.mean "
                                             "(d2/db2)", reenters="any"))
#: rice's variance: below ``y = b^2 / 4 = 1/4`` ``2 + 4 y - m^2`` as it is (at most 1.4e-15 off); from there by
#: quadrature of positive integrands (4 panels of 32 Gauss-Legendre nodes in ``phi`` on ``[0, asin(min(1, 8 /
#: sqrt(2 y)))]``, beyond which they are below 1e-18 of their value)
_RICE_VAR_FROM = 0.25
_RICE_VAR_NODES, _RICE_VAR_WEIGHTS = np.polynomial.legendre.leggauss(32)
_RICE_VAR_U = ((np.arange(4)[:, None] + 0.5 * (_RICE_VAR_NODES[None, :] + 1.0)) / 4).ravel()
_RICE_VAR_W = np.tile(_RICE_VAR_WEIGHTS / 8.0, 4)
#: from this b on rice's variance is ``1 - 1 / (2 b^2) - 1 / (2 b^4)`` (y = b^2 / 4 overflows from 2.7e154)
_RICE_VAR_FAR = 1e10


def _rice_var_parts(y):
    """The plain variance of the standard rice as a function of ``y = b^2 / 4`` and its first two derivatives in y.
    ``var = 2 + 4 y - m^2`` (``m`` the mean, :func:`_rice_mean_parts`) loses ``4 y / var`` of its digits, its
    derivatives y^2 and y^3 (8.4e-11 relative off at y = 100); from y = 1/4 it is written with ``d = m - 2 sqrt(y) =
    sqrt(pi / 2) i0e(y) + 2 y G`` and ``G = m' - 1 / sqrt(y) = -sqrt(8 / pi) (H + T)``: ``var = 2 - d (4 sqrt(y) +
    d)``, ``var' = (2 / sqrt(y)) sqrt(2 / pi) Q - 2 d G``, ``var'' = sqrt(2 / pi) (2 Q' / sqrt(y) - Q / y^(3/2)) - 2 G^2
    - 2 d G'`` (no cancellation: all four terms of the second negative, both of the first positive), with ``H =
    int_0^(pi/2) sin^2 cos / (1 + cos) e^(-2 y sin^2) dphi`` (from ``m' = sqrt(8 / pi) int_0^1 sqrt(1 - t^2) e^(-2 y
    t^2) dt``, t = sin phi, less ``1 / sqrt(y)``'s integral to infinity), ``T = int_1^inf e^(-2 y t^2) dt``, ``Q = W +
    2 (sqrt(2 pi y) erfc(sqrt(2 y)) - e^(-2 y))``, ``W = int_0^(pi/2) tan^2(phi / 2) e^(-2 y sin^2) dphi`` (by parts:
    the 1 / y terms of ``-2 d / sqrt(y) - 4 sqrt(y) G`` cancel inside the integrand), their y-derivatives the
    integrals times ``-2 sin^2``. Each within 2e-15 of mpmath at y = 1/4 .. 1e8."""
    y = np.atleast_1d(np.asarray(y, dtype=float))
    out = [np.empty(y.shape) for _ in range(3)]
    near = y < _RICE_VAR_FROM
    root = math.sqrt(0.5 * math.pi)
    with np.errstate(all="ignore"):
        if np.any(near):
            yn = y[near]
            a, b = sc.i0e(yn), sc.i1e(yn)
            m, m1 = root * (a + 2.0 * yn * (a + b)), root * (a + b)
            m2 = -root * np.where(yn > 0, b / yn, 0.5)
            out[0][near], out[1][near], out[2][near] = 2.0 + 4.0 * yn - m * m, 4.0 - 2.0 * m * m1, \
                -2.0 * m1 * m1 - 2.0 * m * m2
        if np.any(~near):
            yf = y[~near]
            top = np.arcsin(np.minimum(1.0, 8.0 / np.sqrt(2.0 * yf)))
            phi = top[:, None] * _RICE_VAR_U
            w = top[:, None] * _RICE_VAR_W
            s2, c = np.sin(phi) ** 2, np.cos(phi)
            e = w * np.exp(-2.0 * yf[:, None] * s2)
            h, t2 = s2 * c / (1.0 + c), np.tan(0.5 * phi) ** 2
            big_h, big_w = np.sum(h * e, axis=1), np.sum(t2 * e, axis=1)
            big_h1, big_w1 = -2.0 * np.sum(s2 * h * e, axis=1), -2.0 * np.sum(s2 * t2 * e, axis=1)
            a = np.sqrt(2.0 * yf)
            tail = 0.5 * np.sqrt(0.5 * math.pi / yf) * sc.erfc(a)
            tail1 = -(np.exp(-2.0 * yf) + tail) / (2.0 * yf)
            g, g1 = -math.sqrt(8.0 / math.pi) * (big_h + tail), -math.sqrt(8.0 / math.pi) * (big_h1 + tail1)
            d = root * sc.i0e(yf) + 2.0 * yf * g
            ry, c0 = np.sqrt(yf), math.sqrt(2.0 / math.pi)
            q = big_w + 2.0 * (np.sqrt(2.0 * math.pi * yf) * sc.erfc(a) - np.exp(-2.0 * yf))
            q1 = big_w1 + 4.0 * tail
            out[0][~near] = 2.0 - d * (4.0 * ry + d)
            out[1][~near] = (2.0 / ry) * c0 * q - 2.0 * d * g
            out[2][~near] = c0 * (2.0 * q1 / ry - q / (yf * ry)) - 2.0 * g * g - 2.0 * d * g1
    return out


_RICE_VAR_CURVE = OwnPrimitive(lambda y: _rice_var_parts(y)[2].reshape(np.shape(y)),
                               name="wengert.scipy.stats.rice.var (d2/dy2)", reenters="any")
_RICE_VAR_SLOPE = OwnPrimitive(lambda y: _rice_var_parts(y)[1].reshape(np.shape(y)),
                               name="wengert.scipy.stats.rice.var (d/dy)", reenters="any")
#: rice's variance in y = b^2 / 4 (see _rice_var_parts); a third derivative refuses
_RICE_VAR_IN_Y = OwnPrimitive(lambda y: _rice_var_parts(y)[0].reshape(np.shape(y)), name="wengert.scipy.stats.rice.var",
                              reenters="any")
_def_partials(_RICE_VAR_IN_Y, _RICE_VAR_SLOPE)
_def_partials(_RICE_VAR_SLOPE, _RICE_VAR_CURVE)


def _rice_var(b):
    """``V(b^2 / 4)`` (:data:`_RICE_VAR_IN_Y`), from b = 1e10 ``1 - 1 / (2 b^2) - 1 / (2 b^4)``."""
    far = np.asarray(_plain(b), dtype=float) >= _RICE_VAR_FAR
    def series(b):  # (in w = 1 / b: b^4 overflowed a Python float from 1e77)
        w2 = (1.0 / b) * (1.0 / b)
        return 1.0 - 0.5 * w2 * (1.0 + w2)
    return _two_forms(far, lambda b: _RICE_VAR_IN_Y(0.25 * b * b), series, (b,), (1.0,), (2e10,))


_add_moments("rice", ("b",), _RICE_MEAN, _rice_var, None, lambda name, b: _rice_check(name, 0.0, b), 2.0,
             " The mean is ``sqrt(pi / 2) L_(1/2)(-b^2 / 2)`` as ``sqrt(pi / 2) ((1 + 2 y) i0e(y) + 2 y i1e(y))``, ``y = "
             "b^2 / 4``; the variance ``2 + b^2 - mean^2`` by quadrature from ``b = 1`` (see the class).")




# -- ncx2 (the noncentral chi-squared distribution) -----------------------------------------------------------


class ncx2:
    """The noncentral chi-squared distribution, as ``scipy.stats.ncx2``: the Poisson(nc / 2) mixture of chi-squared
    densities of ``df + 2 j`` degrees of freedom, ``sum_j e^(-nc / 2) (nc / 2)^j / j! chi2.pdf(z, df + 2 j)`` on ``z
    = (x - loc) / scale >= 0`` (``df > 0``, ``nc >= 0``; ``nc = 0`` is ``chi2``): ``logpdf``, ``pdf``, ``cdf``,
    ``logcdf``, ``sf``, ``logsf``, ``ppf``, ``isf``, ``median``, ``interval``, ``mean``, ``var`` and ``std``,
    differentiable in x, df, nc, loc and scale to second order (a third derivative refuses), at
    ``nc = 0`` and ``x = loc`` too. With ``a = df / 2`` and ``c = nc z / 4`` the log density is ``(a - 1) log(z / 2)
    - (z + nc) / 2 - log 2 + log sum_j c^j / (j! Gamma(a + j))``. Its derivatives are the mixture's moments: over the
    weights ``p_j`` of the sum's terms, d/dz ``(a - 1 + E j) / z - 1/2``, d/dnc ``E j / nc - 1/2``, d/da ``log(z /
    2) - E psi(a + j)``, the second derivatives ``E`` of the terms' own plus their covariance (``Var j``, ``Cov(j,
    psi)``, ``Var psi - E psi'``, each centered, ``psi(a + j)`` as sums of ``1 / (a + i)`` from the weights' peak;
    the term j = 0 through ``psi(a + 1) - 1 / a``: for a small df ``-psi'(a)`` and ``Var psi`` each hold ``p_0 /
    a^2``, which cancel). Below ``c = 1`` the sum is its power series (40 terms; d/dz and d/dnc ``(nc / 4) E[1 / (a +
    j)]`` and ``(z / 4) E[1 / (a + j)]``, exact at ``nc = 0`` and ``z = 0``; the derivatives up to ``c = a / 2``
    too), from there the value is ``-log 2 - (sqrt
    z - sqrt nc)^2 / 2 + (a - 1) / 2 log(z / nc) + log ive(a - 1, sqrt(nc z))`` (from df = 200, or where ive
    underflows, the sum's own, its largest term by Stirling's forms: SciPy's is -inf from df = 2e4 at nc = 200; ive
    from ``sqrt(nc z) = 1e8`` by its asymptotic series: SciPy's is NaN from 1.07e9)
    and the moments a window of ``j`` about the weights' peak (30 + 12 sqrt of it on either side; the log weights as
    sums of ``log1p`` steps from the peak: through ``log(c / ((j + 1)(a + j)))`` summed from the window's start the
    variance was 1e-14 relative off at z = 1e3). Below z = 1 ``(a - 1) log z`` is apart (its derivatives in x and in
    scale apart, +-inf at ``z = 0`` with the one-sided limits from inside, as ``chi2``'s). The gradient where it
    crosses 0 (the mode at large nc) is the difference of terms of size 1/2: within eps of them. Derivatives need
    ``nc z <= 4e18`` (NoGradientRule beyond: the window's size), and so does the value from df = 200 (NaN beyond).
    The tails: the smaller one's log (the cdf's up to ``z = df + nc``, the sf's beyond; the other ``-expm1`` or
    ``log1mexp`` of it), with ``y = z / 2``, ``t = nc / 2``, ``J ~ Poisson(t)``, as sums of positive terms, ``cdf =
    sum_m g_m Pr(J <= m)`` and ``sf = Q(df / 2, y) + sum_m g_m Pr(J > m)``, ``g_m = y^(a + m) e^-y / Gamma(a + m + 1)``
    (the mixture of chi2 tails with its sums exchanged), over a window about the largest term, ``Q`` by quadrature:
    the log tails within 8.3e-16 of mpmath (d/ddf 3.4e-14, d2/ddf2 2e-13; tools/ncx2_tail_truths.py's sweep) down to a
    cdf of 1e-2130 (z = 1, df = 0.5, nc = 1e4) and an sf of 1e-282
    (SciPy's cdf is 0 there, and at 1e-188, ``cdf(5000, 0.5, 1e4)``, as its sf at ``sf(2000, 2, 0.5)``, 1e-422;
    elsewhere they agree within 1.2e-15); their derivatives in df the terms' moments (``E`` of ``log y - psi(a + m + 1)``, its variance
    less ``E psi'``), in x ``+-pdf / tail``, in nc ``-+pdf(z; df + 2, nc) / tail``, through the density's. In the far
    tails the second derivatives in x and the scale lose digits (the hazard's derivative ``pdf'/pdf -+ pdf / tail``
    cancels to about ``1 / z``: 3e-11 of the Hessian's largest entry at sf = 1e-282, z = 1400). Derivatives of the
    tails at ``x == loc`` and a third derivative in df are refused (NoGradientRule); nc = 0 given as a constant is
    chi2's own. The quantiles (``ppf``, ``isf``, ``median``, ``interval``): Newton's roots of the smaller log tail
    (from SciPy's chndtrix as a start: its isf(1e-300, 3, 2) is 3e-11 off, isf(1 - 1e-10, 3, 2) 6.8e-8; ours within
    2e-15 of mpmath there, as exact as the log tail's rounding ``|L| eps`` over ``d L / d log z``: ppf(1e-10, 3, 2)
    up to 4.5e-15, ppf(1e-300, 3, 2) 1.2e-13), differentiated implicitly:
    ``dz/dq = +-1 / pdf``, ``dz/da = -L_a / L_z``, ``dz/dnc = pdf(z; df + 2, nc) / pdf(z)`` (derivatives at the end z = 0,
    ppf(0) and isf(1), refused). The entropy is not yet implemented (no such method). ``df`` finite and positive, ``nc``
    finite and not negative (ValueError).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import ncx2
    >>> round(float(ncx2.pdf(1.0, 2.0, 0.0)), 6)  # nc = 0: chi2's exp(-1/2) / 2
    0.303265
    >>> round(float(wg.grad_bp(lambda nc: ncx2.logpdf(2.0, 3.0, nc), 0.0)), 6)  # (z / 4) / a - 1/2 = -1/6
    -0.166667

    .. versionadded:: 0.1
    """


def _ncx2_parameters(name, df, nc):
    pdf_, pnc = np.asarray(_plain(df), dtype=float), np.asarray(_plain(nc), dtype=float)
    if not (np.all(pdf_ > 0) and np.all(np.isfinite(pdf_)) and np.all(pnc >= 0) and np.all(np.isfinite(pnc))):
        raise ValueError(f"{name}: df must be positive and finite and nc finite and not negative (SciPy gives NaN "
                         "elsewhere)")


def _ncx2_check(name, z, df, nc, inside=None):
    """The parameters; a traced df refused at ``x == loc`` where ``df = 2`` (``inside``, :func:`_inside_z`'s plain z, is
    not 0 where z only rounds to 0: :func:`_x_at_loc`)."""
    _ncx2_parameters(name, df, nc)
    _refuse_a_jump_in_shape(name, df, lambda: _x_at_loc(z, inside) & (df == 2), "df", "df = 2 where x == loc",
                            "z**(df/2 - 1)")


def _ncx2_outward(x, m):
    """Signed partial sums of the rows of ``x`` from column ``m``: ``sum_(i = m..j - 1) x_i`` above m, ``-sum_(i =
    j..m - 1) x_i`` below (small near m: through one cumsum from the first column they were eps of its total)."""
    out = np.zeros(x.shape)
    out[:, m + 1:] = np.cumsum(x[:, m:-1], axis=1)
    if m > 0:
        out[:, :m] = -np.cumsum(x[:, m - 1::-1], axis=1)[:, ::-1]
    return out


def _ncx2_shape_moments(p, jj, a, m):
    """Over the weights ``p`` (rows) of the terms ``jj`` (the same columns in every row, ``m`` one of them, >= 1):
    ``E psi(a + j) - psi(a + m)``, ``sum p (Var psi's share - psi'(a + j))`` and ``psi(a + j)``'s deviations from
    its mean, each ``psi`` difference a sum of ``1 / (a + i)`` from m; the term j = 0 through ``psi(a + 1) - 1 /
    a``, its share ``-psi'(a + 1) + e1 (e1 - 2 / a)`` (``e1 = psi(a + 1) - E psi``: ``-psi'(a)`` and ``(e1 - 1 /
    a)^2`` alone each held 1 / a^2, cancelling for a small df)."""
    ac = a[:, None]
    step = np.where(jj >= 1.0, 1.0 / (ac + jj), 0.0)
    im = int(m - jj[0, 0])
    c1, c2 = _ncx2_outward(step, im), _ncx2_outward(step * step, im)
    zero = jj == 0.0
    mean = np.sum(p * (c1 - np.where(zero, 1.0 / ac, 0.0)), axis=1)
    e1 = c1 - mean[:, None]
    trigamma = sc.polygamma(1, a + m)[:, None] - c2
    e = np.where(zero, e1 - 1.0 / ac, e1)
    share = np.where(zero, -trigamma + e1 * (e1 - 2.0 / ac), -trigamma + e * e)
    return mean, np.sum(p * share, axis=1), e, e1


#: below this c = nc z / 4 the sum's power series (40 terms: the next below 1e-60 of the first)
_NCX2_SERIES_BELOW = 1.0
_NCX2_J = np.arange(40.0)
#: derivatives need the weights' peak j below this (their window 12 sqrt of it on either side)
_NCX2_MAX_PEAK = 1e9


def _ncx2_series_parts(z, a, lam, full):
    """Value, gradient (z, a, nc) and Hessian (zz, za, z nc, aa, a nc, nc nc) below c = 1 (see the class): ``log R``,
    ``R = sum_j r_j``, ``r_j = c^j Gamma(a) / (j! Gamma(a + j))``, ``g = log R`` of c: ``g' = E[1 / (a + j)]``, ``g''
    = Cov(1 / (a + j), 1 / (a + j + 1)) - g' E[1 / ((a + j)(a + j + 1))]``."""
    c = 0.25 * lam * z
    j = np.broadcast_to(_NCX2_J, (c.size, _NCX2_J.size))
    r = np.concatenate([np.ones((c.size, 1)), np.cumprod(c[:, None] / ((j[:, :-1] + 1.0) * (a[:, None] + j[:, :-1])),
                                                         axis=1)], axis=1)
    total = r.sum(1)
    p = r / total[:, None]

    def mean(v):
        return np.sum(p * v, axis=1)
    alpha, alpha1 = 1.0 / (a[:, None] + j), 1.0 / (a[:, None] + j + 1.0)
    g1 = mean(alpha)
    ed, haa, e, e1 = _ncx2_shape_moments(p, j, a, 1.0)
    # (from a = 1 1 / (a + j)'s deviations as 1 / a (E[k / (a + k)] - j / (a + j)), from alpha_j - alpha_0 = -j alpha_j
    # alpha_0: through alpha - g' their rounding, eps / a, was a eps of g'' (d2/dnc2 1.5e-13 relative off at df =
    # 1000); below a = 1 as they are (there j / (a + j) nears 1: E[...] - j / (a + j) cancelled)
    jalpha = j * alpha
    deviation = np.where(a[:, None] >= 1.0, alpha[:, :1] * (mean(jalpha)[:, None] - jalpha), alpha - g1[:, None])
    g2 = mean(deviation * alpha1) - g1 * mean(alpha * alpha1)
    ga = mean(np.where(j == 0.0, -e1, -(e + alpha)) * alpha)  # (d/da of g'; e + 1 / a at j = 0 as e1)
    value = -_LOG_2 - 0.5 * (z + lam) - (a - 1.0) * _LOG_2 - sc.gammaln(a) + np.log(total)
    grad = [-0.5 + 0.25 * lam * g1, -_LOG_2 - sc.psi(a + 1.0) - ed, -0.5 + 0.25 * z * g1]
    hess = [g2 * (0.25 * lam) ** 2, 0.25 * lam * ga, g2 * c / 4.0 + g1 / 4.0, haa, 0.25 * z * ga, g2 * (0.25 * z) ** 2]
    lz = np.log(np.where(full, z, 1.0))  # (full: (a - 1) log z added)
    value = value + np.where(full, (a - 1.0) * lz, 0.0)
    grad[0] = grad[0] + np.where(full, (a - 1.0) / z, 0.0)
    grad[1] = grad[1] + np.where(full, lz, 0.0)
    hess[0] = hess[0] - np.where(full, (a - 1.0) / z ** 2, 0.0)
    hess[1] = hess[1] + np.where(full, 1.0 / z, 0.0)
    return value, grad, hess


def _ncx2_log1pmx(u):
    """The plain ``log1p(u) - u`` (u > -1; arrays too): its series below |u| = 0.3 (40 terms; as it is it cancelled to u^2
    / 2)."""
    u = np.asarray(u, dtype=float)
    small = np.abs(u) < 0.3
    us = np.where(small, u, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        whole = np.log1p(np.where(small, 0.0, u)) - np.where(small, 0.0, u)
    return np.where(small, -us * us * sum((-us) ** k / (k + 2.0) for k in range(40)), whole)[()]


def _ncx2_stirling_rest(b):
    """The plain ``gammaln(b) - (b - 1/2) log b + b - log(2 pi) / 2`` (arrays too; from b = 10 Stirling's series,
    :func:`~wengert.ops.scipy_special.stirling_correction`)."""
    b = np.asarray(b, dtype=float)
    big = b >= 10.0
    near = np.where(big, 1.0, b)
    return np.where(big, stirling_correction(np.where(big, b, 10.0)),
                    sc.gammaln(near) - (near - 0.5) * np.log(near) + near - 0.5 * math.log(2.0 * math.pi))[()]


def _ncx2_log_ratio(q):
    """The plain ``log q - q + 1`` (q >= 0, arrays too): log1pmx of ``q - 1`` near 1, as it is elsewhere (through
    ``q - 1`` a tiny q was lost: -inf at q = 1e-100)."""
    q = np.asarray(q, dtype=float)
    near = np.abs(q - 1.0) < 0.3
    with np.errstate(divide="ignore"):
        return np.where(near, _ncx2_log1pmx(np.where(near, q - 1.0, 0.0)), np.log(q) + (1.0 - q))[()]


def _ncx2_log_poisson(t, j):
    """The plain ``log(e^-t t^j / j!)`` (j >= 0 integers, arrays too) by Stirling's form ``-j d(t / j) - log(2 pi j) / 2
    - rest(j)`` (``d(q) = q - 1 - log q`` by log1pmx): through ``j log t - t - gammaln(j + 1)`` its large logs
    cancelled."""
    j = np.asarray(j, dtype=float)
    jj = np.where(j > 0, j, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = jj * _ncx2_log_ratio(t / jj) - 0.5 * np.log(2.0 * math.pi * jj) - _ncx2_stirling_rest(jj)
    return np.where(j > 0, out, -t)[()]


def _ncx2_log_gamma_term(y, b):
    """The plain ``log(y^(b - 1) e^-y / Gamma(b))`` (arrays too) as ``-log y - b d(y / b) + log(b / (2 pi)) / 2 -
    rest(b)`` (see :func:`_ncx2_log_poisson`)."""
    return -np.log(y) + b * _ncx2_log_ratio(y / b) + 0.5 * np.log(b / (2.0 * math.pi)) - _ncx2_stirling_rest(b)


def _ncx2_peak_log_term(z, a, lam, j):
    """The plain log of the mixture's term j, ``log(Poisson(j; nc / 2) chi2.pdf(z, 2 (a + j)))``, by Stirling's
    forms (:func:`_ncx2_log_poisson`, :func:`_ncx2_log_gamma_term`, t = nc / 2, y = z / 2, b = a + j) less log 2:
    through ``(b - 1) log y - y - gammaln(b)`` the large logs cancelled (df = 2e5, z = 2.05e5, nc = 5e3: 6.2e-12
    relative off)."""
    return float(_ncx2_log_poisson(0.5 * lam, j) + _ncx2_log_gamma_term(0.5 * z, a + j)) - _LOG_2


def _ncx2_log_ive(nu, s):
    """The plain ``log ive(nu, s)``: from s = 1e8 (nu below 99) its asymptotic series ``(2 pi s)^(-1/2) sum_k (-1)^k
    prod_(i <= k) (4 nu^2 - (2 i - 1)^2) / (k! (8 s)^k)`` (8 terms: the next below 1e-23; SciPy's ive is NaN from s =
    1.07e9: logpdf(1e10, 3, 1e10) was NaN)."""
    if s < 1e8 or nu * nu > 2e-3 * s:  # (the series' terms fall by 4 nu^2 / (8 s) or faster)
        return np.log(sc.ive(nu, s))
    term, total = 1.0, 1.0
    for k in range(1, 8):
        term *= -(4.0 * nu * nu - (2.0 * k - 1.0) ** 2) / (k * 8.0 * s)
        total += term
    return math.log(total) - 0.5 * math.log(2.0 * math.pi * s)


#: From this c = nc z / 4 ncx2's log density is through ive (below, the window's sum of terms): SciPy's ive(a - 1, s) at
#: a moderate s was up to 1.2e-14 relative off (logpdf(12, 0.2, 30), c = 90, nu = -0.9; 3.3e-15 at c = 30, df = 3.1),
#: the terms within 7e-16 from c = 2 to 3e6 (mpmath's sum of the mixture's terms, tools/ncx2_truths.py's by_terms)
_NCX2_IVE_FROM = 1e3


def _ncx2_window_parts(z, a, lam, full, derivatives):
    """Value, gradient and Hessian from c = 1 on (see the class), one entry."""
    c, nu = 0.25 * lam * z, a - 1.0
    d = (z - lam) / (np.sqrt(z) + np.sqrt(lam))
    ratio = z / lam
    log_ratio = np.log(ratio) if 1e-300 < ratio < 1e300 else np.log(z) - np.log(lam)
    log_ive = _ncx2_log_ive(nu, np.sqrt(lam) * np.sqrt(z))
    value = -_LOG_2 - 0.5 * d * d + log_ive + (0.5 * nu * log_ratio if full else -0.5 * nu * np.log(4.0 * c))
    # (from df = 200 the largest term by Stirling's forms, below: through ive, its order's large logs cancelled with
    # (a - 1) / 2 log(z / nc), 4.8e-15 relative off at z = nc = 2e4, df = 2000; 9e-16 by the term)
    by_ive = log_ive > -667.0 and nu < 99.0 and c >= _NCX2_IVE_FROM
    if not derivatives and by_ive:
        return value, None, None
    peak = 2.0 * (c - a) / ((a + 1.0) + np.sqrt(nu * nu + 4.0 * c))  # ((j + 1)(a + j) = c)
    if not peak <= _NCX2_MAX_PEAK:
        if derivatives:
            raise NoGradientRule("wengert.scipy.stats.ncx2: derivatives where nc (x - loc) / scale is beyond 4e18 "
                                 "are not implemented (the Poisson mixture's terms there)")
        return np.nan, None, None
    j0 = math.floor(max(peak, 0.0))
    half = math.ceil(30.0 + 12.0 * math.sqrt(j0 + 1.0))
    lo = max(0, j0 - half)
    jj = np.arange(lo, j0 + half + 1.0)
    m = j0 - lo
    # log(u_(j + 1) / u_j) = log(c / ((j + 1)(a + j))) with c = (peak + 1)(a + peak): near the peak as log1p's of
    # (j - peak) (each step's rounding relative to its own size), the plain log beyond
    dj = jj - peak
    close = np.abs(dj) < 0.5 * min(peak + 1.0, a + peak)
    # (and the rounding of peak, log(c / ((peak + 1)(a + peak))), exactly: 2e-16 in each step, a tilt of the weights)
    at_peak = (Fraction(peak) + 1) * (Fraction(a) + Fraction(peak))
    tilt = math.log1p(float((Fraction(c) - at_peak) / at_peak))
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.where(close, tilt - np.log1p(dj / (peak + 1.0)) - np.log1p(dj / (a + peak)),
                        np.log(c / ((jj + 1.0) * (a + jj))))
    weights = np.exp(_ncx2_outward(step[None, :], m)[0])
    total = weights.sum()
    if not by_ive:  # (ive underflowed or a large order: the sum's own value, its terms about the peak)
        value = _ncx2_peak_log_term(z, a, lam, j0) + np.log(total) - (0.0 if full else nu * np.log(z))
    if not derivatives:
        return value, None, None
    p = weights / total
    base = max(j0, 1)
    ed, haa, e, _ = (v[0] for v in _ncx2_shape_moments(p[None, :], jj[None, :], np.array([a]), base))
    # E j as j0 + E(j - j0), and d/dz, d/dnc as (E j - z / 2) / z, (E j - nc / 2) / nc with j0 - z / 2 taken first:
    # E j through p @ jj and (a - 1 + E j) / z - 1/2 kept the rounding of a sum of terms of size j0 (d/dx at (2e9, 3,
    # 1.9e9) 1.5e-13 relative off; at (1e8, 10, 1e8), where it is 1.75e-8, 1.6e-8 off)
    shift = p @ (jj - j0)
    ej = j0 + shift
    dev = (jj - j0) - shift
    vj, cov = p @ (dev * dev), p @ (dev * e)
    # (full: log(z / 2) - psi(a + base) as log((z / 2) / b) + (log b - psi(b)), which cancel to E j's spread (1.4e-8
    # relative off at (1e8, 10, 1e8)))
    b = a + base
    half_z_less_b = (0.5 * z - base) - a
    log_ratio = np.log1p(half_z_less_b / b) if abs(half_z_less_b) < 0.5 * b else np.log(0.5 * z) - np.log(b)
    grad = [((nu if full else 0.0) + ((j0 - 0.5 * z) + shift)) / z,
            (log_ratio - _digamma_excess(b) if full else -_LOG_2 - sc.psi(b)) - ed, ((j0 - 0.5 * lam) + shift) / lam]
    hess = [(vj - (nu if full else 0.0) - ej) / z ** 2, ((1.0 if full else 0.0) - cov) / z, vj / (z * lam), haa,
            -cov / lam, (vj - ej) / lam ** 2]
    return value, grad, hess


def _ncx2_log_value(z, a, lam, full, path=()):
    """The plain standard log density (``full``) or it less ``(a - 1) log z``, or along ``path`` (0 z, 1 a, 2 nc) its
    first or second derivative (see the class)."""
    z, a, lam, full = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (z, a, lam)), np.asarray(full, bool))
    shape = z.shape
    z, a, lam, full = (np.array(v.ravel()) for v in (z, a, lam, full))
    out = np.empty(z.size)
    key = tuple(sorted(path))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        # (the value by the series below c = 1; the derivatives up to c = a / 2 too: the window's d2/dnc2, (Var j -
        # E j) / nc^2, cancelled where the weights sit at j = 0 (c < a: 1.6e-13 relative off at z = 0.01, df = 100,
        # nc = 1e3), the series' has no difference; its terms fall as (1/2)^j / j! there)
        c = 0.25 * lam * z
        series = (c < _NCX2_SERIES_BELOW) | ((c <= 0.5 * a) & bool(key))
        index = {(): None, (0,): 0, (1,): 1, (2,): 2, (0, 0): 0, (0, 1): 1, (0, 2): 2, (1, 1): 3, (1, 2): 4,
                 (2, 2): 5}[key]
        if np.any(series):
            value, grad, hess = _ncx2_series_parts(z[series], a[series], lam[series], full[series])
            out[series] = value if not key else grad[index] if len(key) == 1 else hess[index]
        for i in np.flatnonzero(~series):
            value, grad, hess = _ncx2_window_parts(z[i], a[i], lam[i], full[i], bool(key))
            out[i] = value if not key else grad[index] if len(key) == 1 else hess[index]
    return out.reshape(shape)[()]


#: ncx2's standard log density (or it less (a - 1) log z), its first and second derivatives the mixture's moments
#: (see the class), a third refused
_NCX2_LOG = OwnPrimitive(_ncx2_log_value, name="wengert.scipy.stats.ncx2 (log density)", reenters="any")


def _ncx2_partial(i):
    def partial(z, a, lam, full, path=()):
        if len(path) >= 2:
            raise NoGradientRule("wengert.scipy.stats.ncx2: a third derivative of the log density is not "
                                 "implemented; its first and second are")
        return _NCX2_LOG(z, a, lam, full, path=path + (i,))
    return partial


_def_partials(_NCX2_LOG, *[_ncx2_partial(i) for i in range(3)])


def _ncx2_log_density(z, df, nc, scale, log_z=None):
    """``(a - 1) log z`` apart below z = 1 (``log_z``'s, -inf / +inf at z = 0 with the limits from inside), the whole
    from there (where the two large logs cancel: ``(a - 1) log(z / nc) / 2``)."""
    a = 0.5 * df

    def near(z, a, nc):
        return _xlog_z(a - 1.0, z, log_z) + _NCX2_LOG(z, a, nc, False)
    return _two_forms(np.asarray(_plain(z) >= 1.0), near, lambda z, a, nc: _NCX2_LOG(z, a, nc, True), (z, a, nc),
                      (0.5, 1.5, 1.0), (2.0, 1.5, 1.0)) - _log_of(scale)


def _ncx2_pdf(z, df, nc, scale, log_z):
    a = 0.5 * df
    density = _exp_at_ends(lambda z: _ncx2_log_density(z, df, nc, scale, log_z),
                           lambda z: z ** (a - 1.0) * np.exp(_NCX2_LOG(z, a, nc, False)) / scale, z, (0.0,), (a - 1.0,))
    pa = np.asarray(_plain(a), dtype=float)
    return _at_a_pole(density, z, log_z.u, scale, a,
                      lambda e: np.exp(-0.5 * nc - pa * _LOG_2 - sc.gammaln(pa)), _plain(z) == 0, a, nc)


_shape_functions(ncx2, ("df", "nc"), _ncx2_check, [
    ("logpdf", lambda z: (z >= 0) & np.isfinite(z), _ncx2_log_density, -np.inf,
     "``log sum_j e^(-nc / 2) (nc / 2)^j / j! chi2.pdf(z, df + 2 j) - log(scale)`` on ``z >= 0`` (see the class), "
     "``-inf`` elsewhere.", "round(float(ncx2.logpdf(1.0, 3.0, 2.0)), 6)", "-2.10537"),
    ("pdf", lambda z: (z >= 0) & np.isfinite(z), _ncx2_pdf, 0.0,
     "``sum_j e^(-nc / 2) (nc / 2)^j / j! chi2.pdf(z, df + 2 j) / scale`` on ``z >= 0``, 0 elsewhere.",
     "round(float(ncx2.pdf(1.0, 3.0, 2.0)), 6)", "0.121801")])
_add_moments("ncx2", ("df", "nc"), lambda df, nc: df + nc, lambda df, nc: 2.0 * (df + 2.0 * nc), None,
             _ncx2_parameters, (3.0, 2.0), " The mean is ``df + nc``, the variance ``2 (df + 2 nc)``.")


def _ncx2_log1mexp_plain(x):
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(x > -_LOG_2, np.log(-np.expm1(x)), np.log1p(-np.exp(x)))


def _ncx2_rough_term(m, y, a, t, upper):
    """A rough log of the tail's term m (see :func:`_ncx2_tail_parts`), to find the largest."""
    g = (a + m) * math.log(y) - y - sc.gammaln(a + m + 1.0)
    if upper:
        if t == 0.0:
            return -np.inf
        d = sc.pdtrc(m, t)
        return g + (math.log(d) if d > 1e-300 else float(_ncx2_log_poisson(t, m + 1.0)) - math.log1p(-t / (m + 2.0)))
    if t == 0.0:
        return g
    c = sc.pdtr(m, t)
    return g + (math.log(c) if c > 1e-300 else float(_ncx2_log_poisson(t, m)) - math.log1p(-m / t))


def _ncx2_poisson_tails(ms, t):
    """The plain ``log Pr(J <= m)`` and ``log Pr(J > m)`` (J Poisson(t), t > 0) for the consecutive integers ``ms``:
    the smaller of the two as the Poisson term times ``r_m = Pr(J <= m) / Pr(J = m)`` (below t, from the first m by its
    series, then ``r_(m+1) = 1 + r_m (m + 1) / t`` upward) or ``s_m = Pr(J > m) / Pr(J = m + 1)`` (from t on, from the
    last m by its series, then ``s_(m-1) = 1 + s_m t / (m + 1)`` downward): both recurrences shrink their error, every
    term positive; the other as log1p of minus it."""
    log_c, log_d = np.empty(ms.size), np.empty(ms.size)
    below = ms < t
    if np.any(below):
        mb = ms[below]
        first = int(mb[0])
        terms = np.concatenate([[0.0], np.cumsum(np.log((first - np.arange(first)) / t))])
        r = np.empty(mb.size)
        r[0] = np.sum(np.exp(terms))  # (each term at most 1: m < t)
        for i in range(1, mb.size):
            r[i] = 1.0 + r[i - 1] * mb[i] / t
        log_c[below] = _ncx2_log_poisson(t, mb) + np.log(r)
        log_d[below] = _ncx2_log1mexp_plain(log_c[below])
    if not np.all(below):
        ma = ms[~below]
        k = math.ceil(60.0 + 12.0 * math.sqrt(t))
        while True:  # (the terms fall from the first: m + 2 > t)
            terms = np.concatenate([[0.0], np.cumsum(np.log(t / (ma[-1] + 2.0 + np.arange(k))))])
            if terms[-1] < -50.0:
                break
            k *= 2
        s = np.empty(ma.size)
        s[-1] = np.sum(np.exp(terms))
        for i in range(ma.size - 2, -1, -1):
            s[i] = 1.0 + s[i + 1] * t / (ma[i] + 2.0)
        log_d[~below] = _ncx2_log_poisson(t, ma + 1.0) + np.log(s)
        log_c[~below] = _ncx2_log1mexp_plain(log_d[~below])
    return log_c, log_d


def _ncx2_gamma_upper_nodes(y, a):
    """``Q(a, y) = y^a e^-y / Gamma(a) int_0^inf e^(-y u) (1 + u)^(a - 1) du`` (y > a - 1: the integrand falls from u
    = 0): the log weights of its Gauss-Legendre nodes (48 panels of 16 on [0, U], U where the exponent reaches -45,
    the rest below 3e-20 of the integral; to -750 the panels were too wide: d/da 4e-12 relative off at y = 3, a = 1.5)
    and ``log1p(u)`` at them (d/da of the log integrand)."""
    lo, hi = 0.0, 45.0 / (y - a + 1.0 if a >= 1.0 else y)
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if y * mid - (a - 1.0) * math.log1p(mid) < 45.0 else (lo, mid)
    u = hi * _RICE_U
    ell = np.log1p(u)
    return (float(_ncx2_log_gamma_term(y, a)) + math.log(y) + np.log(hi * _RICE_W) - y * u + (a - 1.0) * ell), ell


@functools.lru_cache(maxsize=4096)
def _ncx2_tail_parts(z, a, lam, upper):
    """The plain log tail of the standard ncx2 below z (or beyond it: ``upper``, for z > df + nc) and its first and
    second derivatives in ``a = df / 2``. With y = z / 2, t = nc / 2 and ``J ~ Poisson(t)``, exchanging the sums of the
    mixture of ``P(a + j, y)`` (``Q``): ``cdf = sum_m g_m Pr(J <= m)`` and ``sf = Q(a, y) + sum_m g_m Pr(J > m)``,
    ``g_m = y^(a + m) e^-y / Gamma(a + m + 1)`` (``P(b, y) - P(b + 1, y)``), every term positive (the Poisson tails by
    :func:`_ncx2_poisson_tails`, ``Q(a, y)`` by quadrature, :func:`_ncx2_gamma_upper_nodes`), each ``g_m`` by
    Stirling's form (:func:`_ncx2_log_gamma_term`), summed over a window about the largest term (its ends below e^-40 of
    it). ``d/da`` of a term's log is ``log y - psi(a + m + 1)`` (``log y - psi(a) + log1p(u)`` at Q's nodes), its
    second ``-psi'``: the log tail's are their mean and their variance less the mean of the second (the psi differences
    as sums of ``1 / (a + i)``, Q as the term j = 0: :func:`_ncx2_shape_moments`). nc = 0: the value chi2's."""
    if z == 0.0:
        return (0.0, 0.0, 0.0) if upper else (-np.inf, np.nan, np.nan)
    y, t = 0.5 * z, 0.5 * lam
    lo, m0 = -1, math.ceil(y + 10.0) if upper else math.ceil(max(y, t) + 50.0 * math.sqrt(max(y, t) + 1.0) + 100.0)
    while m0 - lo > 1:  # (the first m whose next term is smaller: the terms are log-concave in m)
        mid = (lo + m0) // 2
        if _ncx2_rough_term(mid + 1, y, a, t, upper) < _ncx2_rough_term(mid, y, a, t, upper):
            m0 = mid
        else:
            lo = mid
    half = math.ceil(40.0 + 15.0 * math.sqrt(m0 + a + 1.0))
    while True:
        lo, hi = (0 if upper else max(0, m0 - half)), m0 + half
        ms = np.arange(lo, hi + 1.0)
        logs = _ncx2_log_gamma_term(y, a + ms + 1.0)
        if t == 0.0:
            logs = logs + (-np.inf if upper else 0.0)
        else:
            logs = logs + _ncx2_poisson_tails(ms, t)[1 if upper else 0]
        top = logs.max()
        if upper:
            log_q, ell = _ncx2_gamma_upper_nodes(y, a)
            top = max(top, log_q.max())
        if (lo == 0 or logs[0] < top - 40.0) and logs[-1] < top - 40.0:
            break
        half *= 2
    weights = np.exp(logs - top)
    base = m0 + 1
    if not upper:
        total = weights.sum()
        ed, haa, _, _ = (v[0] for v in _ncx2_shape_moments((weights / total)[None, :], (ms + 1.0)[None, :],
                                                           np.array([a]), base))
        value, la, laa = top + math.log(total), math.log(y) - sc.psi(a + base) - ed, haa
    else:
        wq = np.exp(log_q - top)
        total = weights.sum() + wq.sum()
        p = np.concatenate([[wq.sum()], weights]) / total
        ed, haa, e, _ = (v[0] for v in _ncx2_shape_moments(p[None, :], np.arange(hi + 2.0)[None, :], np.array([a]),
                                                           base))
        # (Q's nodes spread log1p(u) about its mean mu: their variance, and its covariance with psi's, -p_Q mu e_0;
        # none where Q's share underflowed: z = 1.1e4, nc = 1e4)
        pq, q_total = p[0], max(wq.sum(), 1e-300)
        mu = (wq @ ell) / q_total
        value = top + math.log(total)
        la = math.log(y) - sc.psi(a + base) - ed + pq * mu
        laa = haa + pq * ((wq @ (ell - mu) ** 2) / q_total) + pq * (1.0 - pq) * mu * mu - 2.0 * pq * mu * e[0]
    if t == 0.0:  # (chi2's own)
        value = chi2.logsf(z, 2.0 * a) if upper else chi2.logcdf(z, 2.0 * a)
    return float(value), float(la), float(laa)


def _ncx2_tail_plain(which):
    def plain(z, a, lam, upper):
        z, a, lam, upper = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (z, a, lam)), np.asarray(upper, bool))
        out = np.array([_ncx2_tail_parts(*(float(v) for v in args[:3]), bool(args[3]))[which]
                        for args in zip(z.ravel(), a.ravel(), lam.ravel(), upper.ravel())])
        return out.reshape(z.shape)[()]
    return plain


#: ncx2's standard log tail (cdf, or sf where ``upper``) and its first and second derivatives in a = df / 2
#: (:func:`_ncx2_tail_parts`); in z ``+-pdf / tail``, in nc ``-+pdf(z; df + 2, nc) / tail`` (d/dnc of the cdf is
#: ``-pdf(z; df + 2, nc)``: the Poisson weights' derivative shifts j by one), through the density's own primitive
#: (:data:`_NCX2_LOG`); a third derivative in a refused
_NCX2_TAIL, _NCX2_TAIL_A, _NCX2_TAIL_AA = (
    OwnPrimitive(_ncx2_tail_plain(i), name=f"wengert.scipy.stats.ncx2 (log tail{suffix})", reenters="any")
    for i, suffix in enumerate(("", ", d/da", ", d2/da2")))


def _ncx2_hazards(z, a, lam, upper):
    """``+-pdf(z) / tail`` and ``-+pdf(z; 2 a + 2, nc) / tail``: the log tail's partials in z and in nc."""
    sign, tail = np.where(upper, -1.0, 1.0), _NCX2_TAIL(z, a, lam, upper)
    return (sign * np.exp(_NCX2_LOG(z, a, lam, True) - tail), -sign * np.exp(_NCX2_LOG(z, a + 1.0, lam, True) - tail))


def _ncx2_tail_a_partials():
    def in_z(z, a, lam, upper):
        return _ncx2_hazards(z, a, lam, upper)[0] * (_NCX2_LOG(z, a, lam, True, path=(1,)) - _NCX2_TAIL_A(z, a, lam, upper))

    def in_lam(z, a, lam, upper):
        return _ncx2_hazards(z, a, lam, upper)[1] * (_NCX2_LOG(z, a + 1.0, lam, True, path=(1,))
                                                     - _NCX2_TAIL_A(z, a, lam, upper))
    return in_z, _NCX2_TAIL_AA, in_lam


def _ncx2_third_in_a(*args):
    raise NoGradientRule("wengert.scipy.stats.ncx2: a third derivative of a tail in df is not implemented; its first "
                         "and second are")


_def_partials(_NCX2_TAIL, lambda *args: _ncx2_hazards(*args)[0], _NCX2_TAIL_A, lambda *args: _ncx2_hazards(*args)[1])
_def_partials(_NCX2_TAIL_A, *_ncx2_tail_a_partials())
_def_partials(_NCX2_TAIL_AA, _ncx2_third_in_a, _ncx2_third_in_a, _ncx2_third_in_a)


def _ncx2_tail_function(name):
    """cdf, logcdf, sf or logsf of the standard ncx2: the smaller tail's log (the cdf's up to z = df + nc, the sf's
    beyond) and the other as ``-expm1`` or ``log1mexp`` of it."""
    def function(z, df, nc, scale):
        zp, dfp, ncp = np.broadcast_arrays(*(np.asarray(_plain(v), dtype=float) for v in (z, df, nc)))
        if not isinstance(nc, (Var, Dual)) and np.all(ncp == 0):  # (chi2's own, as chi2.name(x, df, loc, scale))
            return _gamma_tail(f"ncx2.{name}", z, 0.5 * df, 0.0, 2.0, name in ("sf", "logsf"), name.startswith("log"))
        if np.any(zp == 0) and any(isinstance(v, (Var, Dual)) for v in (z, df, nc)):
            raise NoGradientRule(
                f"wengert.scipy.stats.ncx2.{name}: derivatives at x == loc (z = (x - loc) / scale = 0, the lower end "
                "of the support, or x - loc rounded to 0 against the scale) are not implemented, in any argument. "
                "Evaluate where z > 0, or pass x, loc, scale, df and nc as constants (wengert.stop_gradient).")
        upper = zp > dfp + ncp

        def lower_form(z, a, nc):
            tail = _NCX2_TAIL(z, a, nc, False)
            return {"cdf": lambda: np.exp(tail), "logcdf": lambda: tail, "sf": lambda: -np.expm1(tail),
                    "logsf": lambda: _log1mexp(tail)}[name]()

        def upper_form(z, a, nc):
            tail = _NCX2_TAIL(z, a, nc, True)
            return {"cdf": lambda: -np.expm1(tail), "logcdf": lambda: _log1mexp(tail), "sf": lambda: np.exp(tail),
                    "logsf": lambda: tail}[name]()
        return _two_forms(upper, lower_form, upper_form, (z, 0.5 * df, nc), (1.0, 1.5, 1.0), (10.0, 1.5, 1.0))
    return function


_shape_functions(ncx2, ("df", "nc"), _ncx2_check, [
    ("cdf", lambda z: (z >= 0) & np.isfinite(z), _ncx2_tail_function("cdf"), 0.0,
     "``sum_j e^(-nc / 2) (nc / 2)^j / j! chi2.cdf(z, df + 2 j)`` (see the class), 0 below the support.",
     "round(float(ncx2.cdf(1.0, 3.0, 2.0)), 6)", "0.087873"),
    ("logcdf", lambda z: (z >= 0) & np.isfinite(z), _ncx2_tail_function("logcdf"), -np.inf,
     "``log(cdf)``, exact far in the lower tail (see the class), ``-inf`` at and below ``loc``.",
     "round(float(ncx2.logcdf(1.0, 3.0, 2.0)), 6)", "-2.431861"),
    ("sf", lambda z: (z >= 0) & np.isfinite(z), _ncx2_tail_function("sf"), 1.0,
     "``sum_j e^(-nc / 2) (nc / 2)^j / j! chi2.sf(z, df + 2 j)`` (see the class), 1 below the support.",
     "round(float(ncx2.sf(10.0, 3.0, 2.0)), 6)", "0.101435"),
    ("logsf", lambda z: (z >= 0) & np.isfinite(z), _ncx2_tail_function("logsf"), 0.0,
     "``log(sf)``, exact far in the upper tail (see the class), 0 below the support.",
     "round(float(ncx2.logsf(10.0, 3.0, 2.0)), 6)", "-2.288337")])


def _ncx2_root(q, a, lam, upper):
    """The plain standard ppf (``upper``: isf) at one q in (0, 1): Newton's steps on the log of the smaller tail at z
    (:func:`_ncx2_tail_parts`, the sf's beyond z = df + nc) against log q or log1p(-q), its slope ``pdf / tail``,
    inside a bracket (a step out of it: the geometric mean of its ends), from SciPy's root (chndtrix, off in the far
    tails: only a start), to a step (or a bracket) of 2e-15 relative; NaN if not converged."""
    log_low, log_high = (math.log1p(-q), math.log(q)) if upper else (math.log(q), math.log1p(-q))
    with np.errstate(all="ignore"):
        z = float(sc.chndtrix(math.exp(log_low), 2.0 * a, lam))
    z = z if np.isfinite(z) and z > 0 else 2.0 * a + lam
    if log_low < -30.0:  # (the cdf's leading term, e^-t y^a / Gamma(a + 1): SciPy 1.13.1's start at ppf(1e-300, 3, 2)
        # left 660 halvings to go)
        lead = 2.0 * math.exp((log_low + 0.5 * lam + float(sc.gammaln(a + 1.0))) / a)
        if lead < 1e-300 and not upper:  # (the root itself: the cdf's next terms are O(z) relative; below 1e-308
            # the tail's y = z / 2 underflowed in the sums, and a root below 5e-324 left z at 0, where the step is NaN:
            # NaN ("not converged"), ppf(1e-300, 1, 1), whose root is 1.2e-600; its rounding |log q| eps relative)
            return lead
        z = min(z, lead)
    below, above, g_below, g_above = 0.0, np.inf, -np.inf, np.inf
    for _ in range(300):
        side = z > 2.0 * a + lam
        log_tail = _ncx2_tail_parts(z, a, lam, side)[0]
        g = log_high - log_tail if side else log_tail - log_low  # (< 0: z below the root)
        if g == 0:
            return z
        below, above, g_below, g_above = (z, above, g, g_above) if g < 0 else (below, z, g_below, g)
        if _bracket_closed(below, above):  # (no float between: the end nearer in the log tail; (0, 5e-324) where the
            # root underflows, ppf(1e-300, 1, 1) ~ 1e-600: 0 there (was NaN, not converged))
            return below if -g_below < g_above else above
        step = -g / math.exp(float(_ncx2_log_value(z, a, lam, True)) - log_tail)
        # (done at a step below 2e-15 z, one that leaves z where it is, or a bracket within 1e-15 z: isf(1 - 1e-10, 3,
        # 2)'s g stayed 1e-14, 3 ulps of log cdf = -23, a step of 7e-15 z, its sign the log tail's rounding)
        if abs(step) <= 2e-15 * z or z + step == z or above - below <= 1e-15 * z:
            return z + step if below <= z + step <= above else z
        new = z + step
        if not (below < new < above) or not np.isfinite(new):
            new = float(_bracket_middle(below, above, z))
        z = new
    return np.nan


def _ncx2_quantile_plain(upper):
    def plain(q, a, lam):
        q, a, lam = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (q, a, lam)))
        out = np.array([0.0 if qi == (1.0 if upper else 0.0) else np.inf if qi == (0.0 if upper else 1.0)
                        else _ncx2_root(float(qi), float(ai), float(li), upper)
                        for qi, ai, li in zip(q.ravel(), a.ravel(), lam.ravel())])
        return out.reshape(q.shape)[()]
    return plain


#: ncx2's standard quantiles (ppf, isf) in (q, a = df / 2, nc): at fixed q (implicit differentiation of the tail) dz/dq
#: ``+-1 / pdf(z)``, dz/da ``-L_a / L_z`` (L the log of the tail on z's side, :data:`_NCX2_TAIL`), dz/dnc ``pdf(z; df +
#: 2, nc) / pdf(z)`` (d/dnc of the cdf is ``-pdf(z; df + 2, nc)``), traced in z: their derivatives the chain rule's
_NCX2_QUANTILES = [OwnPrimitive(_ncx2_quantile_plain(upper), name=f"wengert.scipy.stats.ncx2.{'isf' if upper else 'ppf'}",
                            reenters="any") for upper in (False, True)]


def _ncx2_quantile_partials(upper):
    def in_q(q, a, lam):
        return (-1.0 if upper else 1.0) * np.exp(-_NCX2_LOG(_NCX2_QUANTILES[upper](q, a, lam), a, lam, True))

    def in_a(q, a, lam):
        z = _NCX2_QUANTILES[upper](q, a, lam)
        side = np.asarray(_plain(z) > 2.0 * np.asarray(_plain(a)) + np.asarray(_plain(lam)))
        return -_NCX2_TAIL_A(z, a, lam, side) / _ncx2_hazards(z, a, lam, side)[0]

    def in_lam(q, a, lam):
        z = _NCX2_QUANTILES[upper](q, a, lam)
        return np.exp(_NCX2_LOG(z, a + 1.0, lam, True) - _NCX2_LOG(z, a, lam, True))
    return in_q, in_a, in_lam


for _upper in (False, True):
    _def_partials(_NCX2_QUANTILES[_upper], *_ncx2_quantile_partials(_upper))


def _ncx2_quantile(name, q, df, nc, loc, scale, upper):
    _ncx2_parameters(name, df, nc)
    if not isinstance(nc, (Var, Dual)) and np.all(np.asarray(_plain(nc)) == 0):  # (chi2's own)
        return _gamma_quantile(name, q, 0.5 * df, loc, 2.0 * scale, upper)
    pq = np.asarray(_plain(q), dtype=float)
    # (the end z = 0, ppf(0) and isf(1): its one-sided limits not implemented; the other, +-inf, is _located's)
    if np.any(pq == (1.0 if upper else 0.0)) and any(isinstance(v, (Var, Dual)) for v in (q, df, nc, loc, scale)):
        raise NoGradientRule(f"wengert.scipy.{name}: derivatives where the quantile is loc (q = {int(upper)}) are not "
                             "implemented")
    return _in_dtype_of(_located(name, q, loc, scale, lambda q, df, nc: _NCX2_QUANTILES[upper](q, 0.5 * df, nc),
                                 shapes=(df, nc)), q, df, nc, loc, scale)


_quantiles(ncx2, ("df", "nc"), _ncx2_quantile, (
    ("``loc + scale z``, ``z`` the root of ``cdf(z) = q`` (Newton's method on the log of the smaller tail).",
     "round(float(ncx2.ppf(0.3, 3.0, 2.0)), 6)", "2.573566"),
    ("``loc + scale z``, ``z`` the root of ``sf(z) = q`` (Newton's method on the log of the smaller tail).",
     "round(float(ncx2.isf(0.7, 3.0, 2.0)), 6)", "2.573566")))
_add_quantile_summaries("ncx2", (3.0, 2.0))


# -- norminvgauss (the normal-inverse Gaussian distribution) --------------------------------------


class norminvgauss:
    """The normal-inverse Gaussian distribution, as ``scipy.stats.norminvgauss``: the density ``a K1(a r) exp(g + b z)
    / (pi r)`` on the whole line (``r = sqrt(1 + z^2)``, ``g = sqrt(a^2 - b^2)``, ``a > 0``, ``|b| < a``, ``K1`` the
    modified Bessel function of the second kind): ``logpdf``, ``pdf``, ``mean``, ``var`` and ``std``, differentiable
    in x, a, b, loc and scale to second order. The log density is ``-log pi - 2 log r + log(y K1(y) e^y) + E`` with
    ``y = a r`` and the exponent ``E = g + b z - a r <= 0`` (0 at the mode ``z0 = b / g``): on the mode's side (``b z
    >= 0``) as ``-2 g sinh^2((arcsinh z - arcsinh z0) / 2)`` (``g + b z - a r`` cancels there: near the mode, and far
    out for ``b`` near ``a``, SciPy's form loses ``a r / |E|`` of its digits), from ``|z| = 2 max(1, |z0|)`` on as ``g
    - (a - b s) |z| - a / (r + |z|)`` (``s`` the sign of z), on the other side as it is (no cancellation: ``b z <
    0``); ``log(y K1(y) e^y)`` below ``y = 1`` as one function with its derivative ``1 - K0(y) / K1(y)`` (through
    ``log y + log k1e(y)`` the ``1 / y`` terms cancel as ``a`` goes to 0). The mean is ``b / g``, the variance ``a^2 /
    g^3`` (``g`` as ``sqrt((a - b)(a + b))``). No cdf, sf, quantiles or entropy: they have no closed form (SciPy
    integrates the density numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import norminvgauss
    >>> round(float(norminvgauss.pdf(0.0, 1.0, 0.0)), 6)  # e K1(1) / pi
    0.520804
    >>> round(float(wg.grad_bp(lambda b: norminvgauss.mean(1.0, b), 0.0)), 6)  # d/db (b / g) at b = 0: 1 / a
    1.0

    .. versionadded:: 0.1
    """


def _norminvgauss_parameters(name, a, b):
    pa, pb = np.asarray(_plain(a), dtype=float), np.asarray(_plain(b), dtype=float)
    if not (np.all(pa > 0) and np.all(np.isfinite(pa)) and np.all(np.abs(pb) < pa)):
        raise ValueError(f"{name}: a must be positive and finite and |b| < a (SciPy gives NaN elsewhere)")


def _norminvgauss_check(name, z, a, b):
    _norminvgauss_parameters(name, a, b)


def _nig_gamma(a, b):
    """``g = sqrt(a^2 - b^2)`` as ``sqrt((a - b)(a + b))`` (no cancellation as |b| nears a)."""
    return np.sqrt((a - b) * (a + b))


def _log_y_k1_plain(y):
    with np.errstate(divide="ignore"):
        return np.log(np.asarray(y, dtype=float) * sc.k1e(y))


#: ``log(y K1(y) e^y)`` (below y = 1) as one primitive: its derivative ``1 - K0(y) / K1(y)`` (through ``log y + log
#: k1e(y)`` it was ``1 / y`` plus ``k1e' / k1e``, whose ``-1 / y`` cancels it: y eps / y of its digits lost)
_LOG_Y_K1 = OwnPrimitive(_log_y_k1_plain, name="wengert.scipy.stats.norminvgauss (log(y K1(y) e^y))", reenters="any")
_def_partials(_LOG_Y_K1, lambda y: 1.0 - sc.k0e(y) / sc.k1e(y))


def _log_y_k1(y):
    """``log(y K1(y) e^y)``: :data:`_LOG_Y_K1` below y = 1, ``log y + log k1e(y)`` from there (k1e's derivative there
    from its asymptotic series beyond 30: ``1 - K0 / K1`` cancels as y grows)."""
    return _piecewise(y, np.asarray(_plain(y)) >= 1.0, _LOG_Y_K1, lambda y: np.log(y) + np.log(sc.k1e(y)), 0.5, 2.0)


def _nig_exponent(z, a, b):
    """``E = g + b z - a r`` (see the class): where ``b z < 0`` as it is; on the mode's side ``-2 g sinh^2((arcsinh z -
    arcsinh z0) / 2)`` within ``|z| < 2 max(1, |z0|)``, beyond it ``g - (a - b s) |z| - a / (r + |z|)`` (``s`` z's sign):
    through the sinh form d2/dx2 far out was ``cosh(d) / r^2 - sinh(d) z / r^3``, cancelling (8e-12 relative off at z =
    1e4); each form at the others' stand-in points."""
    pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
    with np.errstate(divide="ignore", invalid="ignore"):
        far = np.abs(pz) >= 2.0 * np.maximum(1.0, np.abs(pb) / np.sqrt((pa - pb) * (pa + pb)))

    def mode_side(z, a, b):
        g = _nig_gamma(a, b)
        return -2.0 * g * np.sinh(0.5 * (np.arcsinh(z) - np.arcsinh(b / g))) ** 2

    def far_out(z, a, b):
        s = np.where(_plain(z) < 0, -1.0, 1.0)
        return _nig_gamma(a, b) - (a - b * s) * (s * z) - a / (np.hypot(1.0, z) + s * z)

    def beyond(z, a, b):
        return _nig_gamma(a, b) + b * z - a * np.hypot(1.0, z)
    same_side = np.broadcast_to(pb * pz >= 0, np.broadcast_shapes(pz.shape, pa.shape, pb.shape))
    return _two_forms(~same_side, lambda z, a, b: _two_forms(far, mode_side, far_out, (z, a, b), (0.5, 1.0, 0.5),
                                                             (1e3, 1.0, 0.5)),
                      beyond, (z, a, b), (0.5, 1.0, 0.5), (-1.0, 1.0, 0.5))


def _nig_log_kernel(z, a, b):
    """The standard log density (see the class)."""
    return -_LOG_PI - 2.0 * _log_hypot1(z) + _log_y_k1(a * np.hypot(1.0, z)) + _nig_exponent(z, a, b)


def _nig_mode(a, b):
    pa, pb = np.asarray(_plain(a), dtype=float), np.asarray(_plain(b), dtype=float)
    return pb / np.sqrt((pa - pb) * (pa + pb))


_shape_functions(norminvgauss, ("a", "b"), _norminvgauss_check, [
    ("logpdf", np.isfinite, lambda z, a, b, scale: _nig_log_kernel(z, a, b) - _log_of(scale), -np.inf,
     "``log(a K1(a r) / (pi r)) + sqrt(a^2 - b^2) + b z - log(scale)``, ``r = sqrt(1 + z^2)`` (see the class).",
     "round(float(norminvgauss.logpdf(0.5, 2.0, 1.0)), 6)", "-0.603825"),
    ("pdf", np.isfinite, lambda z, a, b, scale: _vanishing(
        lambda pz: _nig_log_kernel(pz, _plain(a), _plain(b)), lambda z: np.exp(_nig_log_kernel(z, a, b)) / scale, z,
        _nig_mode(a, b), 0.0), 0.0,
     "``a K1(a r) exp(sqrt(a^2 - b^2) + b z) / (pi r scale)``, ``r = sqrt(1 + z^2)``; 0 with derivatives 0 where its "
     "log is below -3000.", "round(float(norminvgauss.pdf(0.5, 2.0, 1.0)), 6)", "0.546716")])
_add_moments("norminvgauss", ("a", "b"), lambda a, b: b / _nig_gamma(a, b),
             lambda a, b: a * a / _nig_gamma(a, b) ** 3, None, _norminvgauss_parameters, (2.0, 1.0),
             " The mean is ``b / g``, the variance ``a^2 / g^3``, ``g = sqrt((a - b)(a + b))``. No entropy: it has no "
             "closed form.")


# -- geninvgauss (the generalized inverse Gaussian distribution) ----------------------------------


class geninvgauss:
    """The generalized inverse Gaussian distribution, as ``scipy.stats.geninvgauss``: the density ``z^(p - 1) exp(-b
    (z + 1/z) / 2) / (2 K_p(b))`` on ``z > 0`` (``b > 0``, ``K_p`` the modified Bessel function of the second kind):
    ``logpdf`` and ``pdf``, differentiable in x, b, loc and scale to second order; ``p`` a constant (a traced p raises
    :class:`~wengert.NoGradientRule`: the derivative of ``K_p(b)`` in its order is not implemented, as
    ``wengert.scipy.special.kv`` refuses it), and a traced ``b`` at most 50 (ValueError beyond: through ``kve``'s
    derivative ``kve - (kve_(p-1) + kve_(p+1)) / 2`` the second derivative of ``log K_p(b)`` loses ``b^2`` eps, 2e-12 at
    b = 100; and ``K_p`` is SciPy's ``kve``, for a fractional p up to 5e-14 relative off near b = 2, the second
    derivative in b there 1.4e-12). The log density is ``(p - 1) log z - b (z - 1)^2 / (2 z) - log(2 kve(p, b))``; near 0 (``z < 1/4``) as
    ``(p - 1) log z - b / (2 z) + b - b z / 2 - ...`` with ``log z`` and ``1 / z`` from x - loc and the scale apart
    (through z d2/dscale2 of ``-b / (2 z)`` cancelled), beyond ``z = 4`` as ``... - b (z + 1/z) / 2 + b``; at ``z = 0``
    itself -inf with the one-sided limits from inside as its derivatives. No cdf, sf, quantiles, moments or entropy (SciPy integrates).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import geninvgauss
    >>> round(float(geninvgauss.pdf(1.0, 0.5, 1.0)), 6)  # exp(-1) / (2 K_(1/2)(1)) = 1 / sqrt(2 pi)
    0.398942
    >>> round(float(wg.grad_bp(lambda x: geninvgauss.logpdf(x, 1.0, 2.0), 1.0)), 6)  # (p - 1) / z - b (1 - 1/z^2) / 2
    0.0

    .. versionadded:: 0.1
    """


#: above this a traced ``b`` is refused (see the class)
_GENINVGAUSS_B_MAX = 50.0


def _geninvgauss_check(name, z, p, b):
    _constant(name, "p", p, "the derivative of K_p(b) in its order p is not implemented")
    pb, pp = np.asarray(_plain(b), dtype=float), np.asarray(_plain(p), dtype=float)
    if not (np.all(pb > 0) and np.all(np.isfinite(pb)) and np.all(np.isfinite(pp))):
        raise ValueError(f"{name}: b must be positive and finite, p finite (SciPy gives NaN elsewhere)")
    if isinstance(b, (Var, Dual)) and np.any(pb > _GENINVGAUSS_B_MAX):
        raise ValueError(f"{name}: a traced b must be at most {_GENINVGAUSS_B_MAX:g} (the second derivative of log "
                         "K_p(b) loses b^2 eps of its digits beyond); pass b as a constant there")


def _geninvgauss_log_density(z, p, b, scale, log_z, power_z):
    """See the class: below ``z = 1/4`` ``(p - 1) log z - b / (2 z) + b - b z / 2`` (log z and 1 / z from x - loc and
    the scale apart: ``log_z``, ``power_z``), up to 4 ``(p - 1) log z - b (z - 1)^2 / (2 z)``, beyond ``(p - 1) log z -
    b (z + 1 / z) / 2 + b`` (through ``(z - 1)^2 / z`` d2/dx2 far out was ``2 / z - 4 (z - 1) / z^2 + 2 (z - 1)^2 /
    z^3``, cancelling to ``2 / z^3``: 1e-12 relative off at z = 1e4), each form at the others' stand-in points."""
    pz, pb = np.asarray(_plain(z), dtype=float), np.asarray(_plain(b), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pb.shape, np.shape(_plain(p)))

    def near(z, b):
        return _xlog_z(p - 1.0, z, log_z) - 0.5 * b * power_z(z, -1.0) + b - 0.5 * b * z

    def middle(z, b):
        return _xlog_z(p - 1.0, z, log_z) - 0.5 * b * (z - 1.0) ** 2 / z

    def far(z, b):
        return _xlog_z(p - 1.0, z, log_z) - 0.5 * b * (z + 1.0 / z) + b

    def above_near(z, b):
        return _two_forms(np.broadcast_to(np.asarray(_plain(z)) >= 4.0, np.shape(_plain(z))), middle, far, (z, b),
                          (1.0, 1.0), (8.0, 1.0))
    return (_two_forms(np.broadcast_to(pz < 0.25, shape), above_near, near, (z, b), (1.0, 1.0), (0.1, 1.0))
            - _LOG_2 - np.log(sc.kve(p, b)) - _log_of(scale))


def _geninvgauss_function(name):
    """``name`` on ``0 < z < inf`` (the constants at and below 0); the log density at 0 itself -inf with the limits from
    inside as its derivatives (``(p - 1) log z - b / (2 z)`` one primitive of x - loc and scale there)."""
    def function(z, p, b, scale, log_z, power_z):
        def inside(z, p, b, scale):
            if name == "logpdf":
                return _geninvgauss_log_density(z, p, b, scale, log_z, power_z)
            pp, pb = np.asarray(_plain(p), dtype=float), np.asarray(_plain(b), dtype=float)
            mode = np.broadcast_to(((pp - 1.0) + np.sqrt((pp - 1.0) ** 2 + pb * pb)) / pb,
                                   np.broadcast_shapes(np.shape(_plain(z)), pp.shape, pb.shape))
            return _vanishing(lambda w: _geninvgauss_log_density(w, pp, pb, 1.0, _log_of_z(w, 1.0, w),
                                                                 _power_of_z(w, 1.0, w)),
                              lambda z: np.exp(_geninvgauss_log_density(z, p, b, scale, log_z, power_z)), z, mode, 0.0)
        out = _closed_support_function(name, inside, lambda p, b: np.inf, lambda p, b: 1.0, open_ends=True)(
            z, p, b, scale)
        if name != "logpdf":
            return out
        return _at_lower_end(z, out, lambda z: power_z(z, -1.0, terms=_LOG_PLUS_POWER, e=p - 1.0, b=-0.5 * b,
                                                       end=True) + b - 0.5 * b * z - _LOG_2 - np.log(sc.kve(p, b))
                             - _log_of(scale))
    return function


_shape_functions(geninvgauss, ("p", "b"), _geninvgauss_check, [
    ("logpdf", lambda z: np.ones(np.shape(z), bool), _geninvgauss_function("logpdf"), -np.inf,
     "``(p - 1) log z - b (z + 1/z) / 2 - log(2 K_p(b)) - log(scale)`` on ``z > 0``, ``-inf`` at and below 0 (see the "
     "class).", "round(float(geninvgauss.logpdf(0.5, 1.5, 2.0)), 6)", "-1.824404"),
    ("pdf", lambda z: np.ones(np.shape(z), bool), _geninvgauss_function("pdf"), 0.0,
     "``z^(p - 1) exp(-b (z + 1/z) / 2) / (2 K_p(b) scale)`` on ``z > 0``, 0 at and below 0.",
     "round(float(geninvgauss.pdf(0.5, 1.5, 2.0)), 6)", "0.161314")])


# -- kstwobign (the limit of sqrt(n) times the Kolmogorov-Smirnov statistic) -------------------------------


class kstwobign:
    """Kolmogorov's limiting distribution, as ``scipy.stats.kstwobign``: the sf ``2 sum_k (-1)^(k - 1) exp(-2 k^2
    z^2)`` on ``z = (x - loc) / scale >= 0``, the cdf ``sqrt(2 pi) / z sum_k exp(-(2k - 1)^2 pi^2 / (8 z^2))`` (Jacobi's
    transform of it), differentiable in x (or q), loc and scale to every order. Each tail is its own series on its
    small side (the cdf below z = 0.8, where it is 0.46, the sf above), the other ``1 -`` it; the log tails ``-pi^2 /
    (8 z^2) + ...`` and ``log 2 - 2 z^2 + log1p(...)``, finite where the tails underflow. Every derivative vanishes as z
    goes to 0. The quantiles are roots of the log tails (bisection, then Newton), differentiated by the inverse
    function rule (``dx / dq = 1 / pdf(x)``). The mean ``sqrt(pi / 2) log 2``, the variance ``pi^2 / 12 - pi log(2)^2
    / 2``; the entropy by quadrature in the probability (``_common._probability_quadrature``: SciPy integrates the density).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import kstwobign
    >>> round(float(kstwobign.sf(1.0)), 6)  # 2 (e^-2 - e^-8 + e^-18 - ...)
    0.27
    >>> round(float(wg.grad_bp(kstwobign.cdf, 1.0)), 6)  # the density
    1.071949

    .. versionadded:: 0.1
    """


#: below this z kstwobign's cdf is its own series (its value 0.456 there), above the sf
_KSTWOBIGN_SWITCH = 0.8
#: below this z the cdf, the sf's 1 - it and the density are exactly 0, 1 and 0 (below e^-1900) with derivatives 0,
#: above ``_KSTWOBIGN_TOP`` the sf and density 0 (below e^-3200): their series' terms are exp(-c / z^2) and exp(-2 z^2)
#: times powers of 1 / z and z that overflow further out (0 * inf)
_KSTWOBIGN_BOTTOM, _KSTWOBIGN_TOP = 0.025, 40.0
#: the terms of each series (the 9th: below 1e-30 of the first on its side of the switch)
_KSTWOBIGN_TERMS = 8
_PI2_8 = math.pi ** 2 / 8.0


def _kstwobign_low(z, log, density=False, power_z=None):
    """The cdf (``density``: the pdf) below the switch, ``sqrt(2 pi) / z sum_k e_k`` (``sqrt(2 pi) / z^2 sum_k e_k (2
    c_k / z^2 - 1)``), ``e_k = exp(-c_k / z^2)``, ``c_k = (2k - 1)^2 pi^2 / 8``, or its log as ``log sqrt(2 pi) - log z
    - c_1 / z^2 + log1p(...)`` (``e_k / e_1 = exp(-k (k - 1) pi^2 / (2 z^2))``; below z = 0.2, where they are below
    1e-53, without them: their derivatives met 0 * inf). ``power_z`` (:func:`_power_of_z`'s, for the log): ``-log z -
    c_1 / z^2`` as one primitive of x - loc and scale: through z the Hessian in (x, scale) of kstwobign.logcdf(1e-100)
    by forward over forward and over reverse was NaN (``c_1 / z^2``'s derivatives, ``6 c_1 / z^4`` overflowing, times
    dz/dscale), the truth [[-inf, 4.9e300], [4.9e300, -2.5e200]]."""
    if log and power_z is not None:
        head = 0.5 * _LOG_2PI + power_z(z, -2.0, terms=_LOG_PLUS_POWER, e=-2.0 if density else -1.0, b=-_PI2_8)
    else:
        head = 0.5 * _LOG_2PI - (2.0 if density else 1.0) * np.log(z) - _PI2_8 / (z * z)

    def rest(z):
        u = 1.0 / (z * z)
        total = 0.0
        for k in range(2, _KSTWOBIGN_TERMS + 1):
            c = (2 * k - 1) ** 2 * _PI2_8
            term = np.exp(-k * (k - 1) * math.pi ** 2 / 2.0 * u)
            total = total + (term * (2.0 * c * u - 1.0) if density else term)
        return total
    first = (2.0 * _PI2_8 / (z * z) - 1.0) if density else 1.0
    far = np.asarray(_plain(z)) < 0.2
    log_sum = _piecewise(z, far, lambda z: np.log(first + rest(z)) if density else np.log1p(rest(z)),
                         lambda z: np.log(2.0 * _PI2_8 / (z * z) - 1.0) if density else 0.0 * z, 0.5, 0.1)
    out = head + log_sum
    return out if log else np.exp(out)


def _kstwobign_high(z, log, density=False):
    """The sf (``density``: the pdf) above the switch, ``2 sum_k (-1)^(k - 1) e_k`` (``8 z sum_k (-1)^(k - 1) k^2 e_k``),
    ``e_k = exp(-2 k^2 z^2)``, or its log ``log 2 - 2 z^2 + log1p(...)`` (``e_k / e_1 = exp(-2 (k^2 - 1) z^2)``;
    above z = 6, where they are below 1e-93, without them)."""
    w = z * z
    head = (math.log(8.0) + np.log(z) if density else _LOG_2) - 2.0 * w

    def rest(z):
        w = z * z
        total = 0.0
        for k in range(2, _KSTWOBIGN_TERMS + 1):
            total = total + (-1.0) ** (k - 1) * (k * k if density else 1.0) * np.exp(-2.0 * (k * k - 1) * w)
        return total
    far = np.asarray(_plain(z)) > 6.0
    out = head + _piecewise(z, far, lambda z: np.log1p(rest(z)), lambda z: 0.0 * z, 1.0, 7.0)
    return out if log else np.exp(out)


def _kstwobign_tail(z, upper, log, power_z=None):
    """The cdf or sf (``upper``) of plain-masked regions: its own series on its small side, ``1 -`` (``log1p(-)``) the
    other's beyond the switch (``power_z``: the log cdf's, :func:`_kstwobign_low`)."""
    high = np.asarray(_plain(z)) > _KSTWOBIGN_SWITCH
    own, other = (_kstwobign_high, _kstwobign_low) if upper else (_kstwobign_low, _kstwobign_high)
    near, far = (high, ~high) if upper else (~high, high)

    def beyond(z):
        t = other(z, False)
        return np.log1p(-t) if log else 1.0 - t
    if upper:
        return _piecewise(z, near, beyond, lambda z: own(z, log), 0.5, 1.5)
    return _piecewise(z, near, beyond, lambda z: own(z, log, power_z=power_z), 1.5, 0.5)


def _kstwobign_density(z, log, power_z=None):
    return _piecewise(z, np.asarray(_plain(z)) > _KSTWOBIGN_SWITCH, lambda z: _kstwobign_low(z, log, True, power_z),
                      lambda z: _kstwobign_high(z, log, True), 0.5, 1.5)


def _kstwobign_function(name, inside, function, outside, formula, value):
    def method(x, loc=0.0, scale=1.0):
        z = _standardized(f"kstwobign.{name}", x, loc, scale)
        pz = np.asarray(_plain(z))
        power_z = _power_of_z(x - loc, scale, z)
        out = _on_support(inside(pz), lambda z: function(z, scale, power_z), z, outside=np.nan, at=1.0)
        if np.any(~inside(pz)):
            out = np.where(inside(pz), out, np.where(pz > 1.0, outside[1], outside[0]))
        if name in _KSTWOBIGN_END:
            # (z = 0 itself, x == loc: -inf with the limits from inside as its derivatives, e log z - pi^2 / (8 z^2) +
            # const as one primitive of x - loc and scale, power_z's end; the constant -inf had every derivative 0)
            e, const = _KSTWOBIGN_END[name]
            out = _at_lower_end(z, out, lambda z: power_z(z, -2.0, terms=_LOG_PLUS_POWER, e=e, b=-_PI2_8, end=True)
                                + const - (np.log(scale) if name == "logpdf" else 0.0))
        return _in_dtype_of(out, x, loc, scale)
    method.__doc__ = _doc(kstwobign, formula, f"round(float(kstwobign.{name}(1.0)), 6)", value)
    _method(kstwobign, name)(method)


#: the log density's and log cdf's leading terms at z = 0: (e, const) of ``e log z - pi^2 / (8 z^2) + const``
_KSTWOBIGN_END = {"logpdf": (-4.0, 0.5 * _LOG_2PI + math.log(2.0 * _PI2_8)), "logcdf": (-1.0, 0.5 * _LOG_2PI)}


def _kstwobign_rows():
    def positive(z):
        return z > 0

    def body(z):  # (the tails and density in ordinary floats: outside, their limits, exact to the float)
        return (z > _KSTWOBIGN_BOTTOM) & (z < _KSTWOBIGN_TOP)
    return (
        ("logpdf", positive, lambda z, scale, power_z: _kstwobign_density(z, True, power_z) - np.log(scale),
         (-np.inf, -np.inf),
         "the log density, ``-pi^2 / (8 z^2) + ...`` below 0.8, ``log(8 z) - 2 z^2 + ...`` above, ``-inf`` at and "
         "below 0.", "0.069478"),
        ("pdf", body, lambda z, scale, power_z: _kstwobign_density(z, False) / scale, (0.0, 0.0),
         "``8 z sum_k (-1)^(k - 1) k^2 exp(-2 k^2 z^2) / scale`` (Jacobi's form below 0.8), 0 outside.", "1.071949"),
        ("cdf", body, lambda z, scale, power_z: _kstwobign_tail(z, False, False), (0.0, 1.0),
         "``1 - 2 sum_k (-1)^(k - 1) exp(-2 k^2 z^2)``, 0 at and below 0.", "0.73"),
        ("logcdf", positive, lambda z, scale, power_z: _kstwobign_tail(z, False, True, power_z), (-np.inf, 0.0),
         "``log`` of the cdf, finite where it underflows; ``-inf`` at and below 0.", "-0.31471"),
        ("sf", body, lambda z, scale, power_z: _kstwobign_tail(z, True, False), (1.0, 0.0),
         "``2 sum_k (-1)^(k - 1) exp(-2 k^2 z^2)``, 1 at and below 0.", "0.27"),
        ("logsf", lambda z: z > 0, lambda z, scale, power_z: _kstwobign_tail(z, True, True), (0.0, -np.inf),
         "``log`` of the sf, finite where it underflows; 0 at and below 0.", "-1.309335"),
    )


for _kstwobign_row in _kstwobign_rows():
    _kstwobign_function(*_kstwobign_row)


def _kstwobign_root(p, upper):
    """The plain root z of ``cdf(z) = p`` (``upper``: ``sf(z) = p``) for ``0 < p <= 1/2``: bisection on the log tail
    in ``[0.02, 40]`` (``log z`` halved 90 times), then two Newton steps; 0 at p = 0 (``upper``: inf)."""
    p = np.asarray(p, dtype=float)
    target = np.log(p)
    lo, hi = np.full(p.shape, math.log(0.02)), np.full(p.shape, math.log(40.0))
    tail = (lambda z: _kstwobign_tail(z, True, True)) if upper else (lambda z: _kstwobign_tail(z, False, True))
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        for _ in range(90):
            mid = 0.5 * (lo + hi)
            above = np.asarray(tail(np.exp(mid))) > target
            if upper:
                lo, hi = np.where(above, mid, lo), np.where(above, hi, mid)
            else:
                lo, hi = np.where(above, lo, mid), np.where(above, mid, hi)
        z = np.exp(0.5 * (lo + hi))
        for _ in range(2):
            slope = np.exp(_kstwobign_density(z, True) - tail(z)) * (-1.0 if upper else 1.0)
            step = (tail(z) - target) / slope
            z = np.where(np.isfinite(step), z - step, z)
    return np.where(p == 0, np.inf if upper else 0.0, z)


def _kstwobign_quantile_plain(upper):
    def plain(q):
        q = np.asarray(q, dtype=float)
        # (the quantile from its nearer end: above q = 1/2 the other tail's root at 1 - q, exact)
        far = q > 0.5
        p = np.where(far, 1.0 - q, q)
        own, other = _kstwobign_root(p, upper), _kstwobign_root(p, not upper)
        return np.where(far, other, own)[()]
    return plain


def _kstwobign_quantile(upper):
    root = OwnPrimitive(_kstwobign_quantile_plain(upper), name=f"wengert.scipy.stats.kstwobign.{'isf' if upper else 'ppf'}",
                        reenters="any")
    _def_partials(root, lambda q: _inverse_slope(root(q), lambda z: _kstwobign_density(z, True),
                                                 lambda pz: (pz > 0) & np.isfinite(pz), 1.0, -1.0 if upper else 1.0))
    return root


_location_scale(kstwobign, (
    ("ppf", (_kstwobign_quantile(False), 1.0), "``loc + scale z``, ``z`` the root of ``cdf(z) = q`` (of the sf at ``1 "
     "- q`` above 1/2).", "round(float(kstwobign.ppf(0.5)), 6)", "0.827574"),
    ("isf", (_kstwobign_quantile(True), 1.0), "``loc + scale z``, ``z`` the root of ``sf(z) = q`` (of the cdf at ``1 "
     "- q`` above 1/2).", "round(float(kstwobign.isf(0.5)), 6)", "0.827574"),
))
_add_moments("kstwobign", (), lambda: math.sqrt(math.pi / 2.0) * _LOG_2,
             lambda: math.pi ** 2 / 12.0 - math.pi * _LOG_2 ** 2 / 2.0, None, None,
             note=" The mean is ``sqrt(pi / 2) log 2``, the variance ``pi^2 / 12 - pi log(2)^2 / 2``.")
_add_quantile_summaries("kstwobign")
_add_quadrature_entropy("kstwobign", ())
