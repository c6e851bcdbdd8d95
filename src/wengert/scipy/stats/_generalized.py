"""The generalized and exponential-power families: genlogistic, genhalflogistic, genexpon, exponpow, tukeylambda,
alpha, rel_breitwigner, moyal, hypsecant. Part of :mod:`wengert.scipy.stats`.
"""

import functools
import math
from fractions import Fraction

import numpy as np
from scipy import special as sc

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...ops._util import def_partials as _def_partials, piecewise as _piecewise, polynomial
from ...ops.scipy_special import ndtri_exp, polygamma as _polygamma
from ...primitive import OwnPrimitive
from ...structured import stop_gradient
from ._common import (_add_moments, _add_quadrature_entropy, _add_quantile_summaries, _BELOW_ROUNDING, _density_from_zero, _digamma_excess,
                      _doc, _END_JET, _EULER, _exp_of_log, _gauss_narrow_rest, _gengamma_z_at, _in_dtype_of,
                      _inverse_slope, _LIMITS_AT_INFINITY, _located, _location_scale, _log1mexp, _LOG1P_RATIO_SERIES,
                      _LOG_2, _LOG_2PI, _log_expm1_ratio, _log_gauss_mass, _log_of, _log_of_z, _LOG_PI,
                      _log_power_series, _method, _NARROW_GAUSS, _on_support, _one_minus_product, _plain,
                      _power_second_overflows, _power_steep, _quantile_primitive, _quantiles, _refuse_a_jump_in_shape, _x_at_loc, _shape_entropy,
                      _shape_functions, _shapes_positive, _SMALL_U, _standardized, _steep_end_value, _STEEP_MIXED,
                      _STEEP_SLOPE, _STEEP_UNIT, _T_END, _two_forms, _vanishing, _vanishing_at_zero, _with_lower_end, _xlog_z)
from ._common import _add_quadrature_moments, _quadrature_var  # (the moments SciPy integrates)
from ._normal import _hypsecant_log_cosh
from ._gamma import _PEARSON3_STIRLING, _STEEP_MIXED_SLOPE, gamma

__all__ = ["hypsecant", "moyal", "genhalflogistic", "genlogistic", "alpha", "exponpow", "genexpon", "rel_breitwigner",
           "tukeylambda"]


def _alpha_steep(lower, a):
    """alpha at 0, x ~ 1 / (a - ndtri(q Phi(a))): - by mpmath (80 digits) at q = 1e-20 ... 1e-1000, a 0.5 and 1.5."""
    return (-1.0,)


_def_partials(_STEEP_MIXED, lambda q, shape, sign=1.0, root=1.0: _STEEP_MIXED_SLOPE(q, shape, sign=sign, root=root),
              lambda q, shape, sign=1.0, root=1.0: _STEEP_UNIT(q + _steep_end_value(q, shape, sign), sign=sign,
                                                               root=root))
_def_partials(_STEEP_MIXED_SLOPE,
              lambda q, shape, sign=1.0, root=1.0: _STEEP_MIXED_SLOPE(q, shape, sign=sign * root, root=root),
              lambda q, shape, sign=1.0, root=1.0: _T_END(q + _steep_end_value(q, shape, sign), sign=sign, root=root))
_def_partials(_STEEP_SLOPE, lambda q, scale, sign=1.0, root=1.0: _STEEP_SLOPE(q, scale, sign=sign * root, root=root),
              lambda q, scale, sign=1.0, root=1.0: _T_END(q + _steep_end_value(q, scale, sign), sign=sign, root=root))


# -- hypsecant (the hyperbolic secant distribution) ---------------------------------------------------


class hypsecant:
    """The hyperbolic secant distribution, as ``scipy.stats.hypsecant``: the density ``1 / (pi cosh z)`` on the whole
    line, ``cdf = (2 / pi) arctan(exp(z))``, differentiable in x (or q), loc and scale to every order. The log density
    is ``-log(pi) - log cosh(z)`` (``|z| - log 2 + log1p(exp(-2|z|))`` from ``|z| = 1``: SciPy's ``cosh`` overflows
    from 710, its density 0 and log density ``-inf`` there); each tail is written as ``(2 / pi) arctan(exp(-|z|))``
    on its small side (through ``arctan(exp(z))`` the slope ``exp(z) / (1 + exp(2z))`` was ``inf / inf`` from z = 710),
    its log as ``-|z| + log(2 / pi)`` plus the log of ``arctan(t) / t``'s series below ``t = exp(-|z|) = 0.1``
    (finite where the tail underflows), and as ``1/2 +- (2 / pi) arctan(tanh(z / 2))`` for ``|z| < 1``; the quantiles
    ``log(tan(pi q / 2))`` from the nearer end (``1 - q`` above 3/4: SciPy's ``tan`` of ``pi q / 2`` near ``pi / 2``
    loses the digits of ``1 - q``), ``2 artanh(tan(pi (q - 1/2) / 2))`` between 1/4 and 3/4 (exactly 0 at 1/2).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import hypsecant
    >>> round(float(wg.grad_bp(hypsecant.cdf, 0.0)), 6)  # the density at 0, 1 / pi
    0.31831

    .. versionadded:: 0.1
    """


_LOG_2_OVER_PI = math.log(2.0 / math.pi)
#: ``arctan(t) / t = sum_k (-1)^k t^(2k) / (2k + 1)``: its coefficients of ``(t^2)^k`` (9 terms: below 1e-18 of
#: the sum for t <= 0.1)
_ARCTAN_OVER_T = [(-1.0) ** k / (2 * k + 1) for k in range(9)]


def _hypsecant_small_tail(y, log):
    """The tail ``(2 / pi) arctan(exp(y))`` for ``y <= 0`` (its small side), or its log: below ``y = log(0.1)`` the
    log as ``y + log(2 / pi) + log(S(t^2))``, ``S`` the series of ``arctan(t) / t`` (through ``log(arctan(exp(y)))``
    the second derivative was ``inf - inf`` where ``exp(y)`` underflows, and ``-inf`` the value)."""
    if not log:
        return (2.0 / math.pi) * np.arctan(np.exp(y))
    return _piecewise(y, np.asarray(_plain(y), dtype=float) < math.log(0.1),
                      lambda y: _LOG_2_OVER_PI + np.log(np.arctan(np.exp(y))),
                      lambda y: y + _LOG_2_OVER_PI + np.log(polynomial(np.exp(2.0 * y), _ARCTAN_OVER_T)), -1.0, -3.0)


def _hypsecant_tail(z, upper, log):
    """The cdf (``upper``: the sf, the cdf at -z) or its log, ``y = z`` (-z): below ``y = -1`` the small side's form
    (:func:`_hypsecant_small_tail`), above ``y = 1`` one minus (``log1p`` of minus) the other tail's, between
    ``1/2 + (2 / pi) arctan(tanh(y / 2))`` (the Gudermannian: through ``arctan(exp(y))`` the second derivative was a
    difference of terms of size 1/4 cancelling to ``-y / (2 pi)``, 2.5e-8 relative off at y = 1e-9)."""
    y = -z if upper else z
    py = np.asarray(_plain(y), dtype=float)
    region = np.where(py < -1.0, 0, np.where(py > 1.0, 2, 1))

    def small(y):
        return _hypsecant_small_tail(y, log)

    def middle(y):
        g = (2.0 / math.pi) * np.arctan(np.tanh(0.5 * y))
        return np.log1p(2.0 * g) - _LOG_2 if log else 0.5 + g

    def big(y):
        return np.log1p(-_hypsecant_small_tail(-y, False)) if log else 1.0 - _hypsecant_small_tail(-y, False)
    return _three_forms(y, region, (small, middle, big), (-2.0, 0.0, 2.0))


def _three_forms(x, region, forms, stand_ins):
    """``forms[k](x)`` where the plain ``region`` is k (0, 1 or 2), each form at its stand-in on the others' points."""
    if region.size == 0 or np.all(region == region.flat[0]):
        return forms[int(region.flat[0]) if region.size else 1](x)
    out = 0.0
    for k, form in enumerate(forms):
        here = region == k
        if np.any(here):
            out = np.where(here, form(np.where(here, x, stand_ins[k])), out)
    return out


def _hypsecant_ppf(q):
    """``log(tan(pi q / 2))`` below q = 1/4, ``-log(tan(pi (1 - q) / 2))`` above 3/4, ``2 artanh(tan(pi (q - 1/2) /
    2))`` between (the Gudermannian's inverse: ``log(tan(pi / 4))`` is -1.1e-16 for 0, its second derivative there
    -1.4e-15 for 0)."""
    pq = np.asarray(_plain(q), dtype=float)
    region = np.where(pq < 0.25, 0, np.where(pq > 0.75, 2, 1))
    forms = (lambda q: np.log(np.tan(0.5 * math.pi * q)), lambda q: 2.0 * np.arctanh(np.tan(0.5 * math.pi * (q - 0.5))),
             lambda q: -np.log(np.tan(0.5 * math.pi * (1.0 - q))))
    with np.errstate(divide="ignore"):  # (+-inf at q = 0 and 1, as SciPy's)
        return _three_forms(q, region, forms, (0.1, 0.5, 0.9))


@_method(hypsecant, "logpdf")
def _hypsecant_logpdf(x, loc=0.0, scale=1.0):
    """``-log(pi) - log cosh(z) - log(scale)`` (``log cosh`` without overflow).

    >>> from wengert.scipy.stats import hypsecant
    >>> round(float(hypsecant.logpdf(800.0)), 6)
    -800.451583
    """
    z = _standardized("hypsecant.logpdf", x, loc, scale)
    return -_LOG_PI - _hypsecant_log_cosh(z) - _log_of(scale)


_exp_of_log(hypsecant, "pdf", "round(float(hypsecant.pdf(1.0)), 6)", "0.206282", inside=0.0)
_location_scale(hypsecant, (
    ("cdf", lambda z: _hypsecant_tail(z, False, False), "``(2 / pi) arctan(exp(z))``.",
     "round(float(hypsecant.cdf(1.0)), 6)", "0.775583"),
    ("logcdf", lambda z: _hypsecant_tail(z, False, True), "``log((2 / pi) arctan(exp(z)))``, finite far down.",
     "round(float(hypsecant.logcdf(-800.0)), 6)", "-800.451583"),
    ("sf", lambda z: _hypsecant_tail(z, True, False), "``(2 / pi) arctan(exp(-z))``.",
     "round(float(hypsecant.sf(1.0)), 6)", "0.224417"),
    ("logsf", lambda z: _hypsecant_tail(z, True, True), "``log((2 / pi) arctan(exp(-z)))``, finite far up.",
     "round(float(hypsecant.logsf(800.0)), 6)", "-800.451583"),
    ("ppf", (_hypsecant_ppf, 1.0), "``loc + scale log(tan(pi q / 2))``.", "round(float(hypsecant.ppf(0.3)), 6)",
     "-0.674275"),
    ("isf", (_hypsecant_ppf, -1.0), "``loc - scale log(tan(pi q / 2))``.", "round(float(hypsecant.isf(0.3)), 6)",
     "0.674275"),
))
_add_moments("hypsecant", (), lambda: 0.0, lambda: 0.25 * math.pi ** 2, lambda: math.log(2.0 * math.pi), None,
             note=" The mean is 0, the variance ``pi^2 / 4``.", sd=lambda: 0.5 * math.pi)
_add_quantile_summaries("hypsecant")


# -- moyal (-log W for W chi-squared with one degree of freedom) --------------------------------------


class moyal:
    """The Moyal distribution, as ``scipy.stats.moyal``: ``-log W`` for ``W`` chi-squared with one degree of freedom,
    the density ``exp(-(z + exp(-z)) / 2) / sqrt(2 pi)`` on the whole line, ``cdf = erfc(u)``, ``sf = erf(u)``, ``u =
    exp(-z / 2) / sqrt(2)``, differentiable in x (or q), loc and scale to every order. The log cdf is ``log(erfcx(u))
    - exp(-z) / 2`` where u is large (finite where the cdf underflows), the log sf ``log(u) + log(2 / sqrt(pi))`` plus
    the log of ``erf(u) / u``'s series where u is small, ``log(u)`` as ``-z / 2 - log(2) / 2`` (finite where erf(u)
    underflows, z above 1416); the tails constants with derivatives 0 where ``u^2`` overflows. The ppf is
    ``-log(2 erfcinv(q)^2)``, the isf ``-log(2 erfinv(q)^2)`` (SciPy's is ``ppf(1 - q)``: 5e-7 off at q = 1e-10, inf
    below 1.1e-16). The mean is ``log 2 + euler``, the variance ``pi^2 / 2``, the entropy ``(1 + euler + log(4 pi)) /
    2`` (``E[exp(-X)] = E[W] = 1``; SciPy integrates numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import moyal
    >>> round(float(wg.grad_bp(moyal.cdf, 0.0)), 6)  # the density at 0, exp(-1/2) / sqrt(2 pi)
    0.241971

    .. versionadded:: 0.1
    """


_LOG_2_OVER_SQRT_PI = math.log(2.0 / math.sqrt(math.pi))
#: ``erf(u) / (2 u / sqrt(pi)) = sum_k (-1)^k u^(2k) / (k! (2k + 1))``: its coefficients of ``(u^2)^k`` (9 terms:
#: below 1e-20 of the sum for u <= 0.3)
_ERF_OVER_U = [(-1.0) ** k / (math.factorial(k) * (2 * k + 1)) for k in range(9)]
#: Below this z moyal's cdf is 0 and its sf 1 with derivatives 0 (``u^2 = exp(-z) / 2`` beyond 3000: the log cdf
#: below -3000)
_MOYAL_VANISHING_Z = -math.log(6000.0)


def _moyal_u(z):
    return np.exp(-0.5 * z) * math.sqrt(0.5)


def _moyal_log_density(z):
    with np.errstate(over="ignore"):  # (-inf where exp(-z) / 2 overflows: the truth's rounding)
        return _piecewise(z, np.asarray(_plain(z), dtype=float) < -700.0, lambda z: -0.5 * (z + np.exp(-z)),
                          lambda z: -0.5 * z - _moyal_u_squared(z), 0.0, -800.0) - 0.5 * _LOG_2PI


def _moyal_logcdf(z):
    """``log(erfc(u))``: ``log1p(-erf(u))`` below u = 1/2, ``log(erfcx(u)) - u^2`` above (``u^2 = exp(-z) / 2``), and
    below ``_MOYAL_FAR_Z`` (u above 3e8) ``-u^2 - log(u sqrt(pi)) = -exp(-z) / 2 + z / 2 - log(pi / 2) / 2`` (the next
    term, ``-1 / (2 u^2) = -e^z``, below 2e-18): through erfcx the derivative took ``erfcx'(u) = 2 u erfcx(u) - 2 /
    sqrt(pi)``, cancelling, times ``u' / erfcx(u)``, about ``u^2`` (NaN where u overflows, from z = -1419: moyal.logcdf'
    at -1e20 was NaN, the truth +inf; logcdf'' at -1000 NaN, the truth -inf)."""
    pz = np.asarray(_plain(z), dtype=float)
    with np.errstate(over="ignore"):
        return _piecewise(z, pz < 2.0 * math.log(math.sqrt(2.0)), lambda z: np.log1p(-sc.erf(_moyal_u(z))),
                          lambda z: _piecewise(z, pz < _MOYAL_FAR_Z,
                                               lambda z: np.log(sc.erfcx(_moyal_u(z))) - 0.5 * np.exp(-z),
                                               lambda z: 0.5 * z - _moyal_u_squared(z) - 0.5 * math.log(0.5 * np.pi),
                                               -1.0, 2.0 * _MOYAL_FAR_Z), 3.0, -1.0)


def _moyal_u_squared(z):
    """``u^2 = exp(-z) / 2`` (``z < 0``) as ``exp(t) (1 + r)``, ``t = -z - log 2`` and ``r`` its plain rounding: finite
    to z = -710.48 and so is each intermediate of its derivatives (``0.5 exp(-z)`` was inf from z = -709.78, where the
    truth is finite: moyal.logcdf(-710) and logpdf were -inf, the truth -1.117e308; through ``u u`` reverse mode's
    ``2 u du/dz`` overflowed in ``2 u e^(-z/2)``)."""
    t = -z - _LOG_2
    pz, pt = np.asarray(_plain(z), dtype=float), np.asarray(_plain(t), dtype=float)
    # (-z - t exact: the two within a factor 2 of each other for z <= -2 log 2)
    return np.exp(t) * (1.0 + (((-pz - pt) - _LOG_2) - 2.3190468138462996e-17))


#: Below this z moyal's log cdf is its asymptotic form (:func:`_moyal_logcdf`)
_MOYAL_FAR_Z = -40.0


def _moyal_logsf(z):
    """``log(erf(u))``: above ``u = 0.3`` ``log1p(-erfc(u))``, below ``-z / 2 - log(2) / 2 + log(2 / sqrt(pi)) +
    log(S(u^2))``, ``S`` the series of ``erf(u) / (2 u / sqrt(pi))``; -0.0 with derivatives 0 below
    ``_MOYAL_VANISHING_Z`` (``-erfc(u)`` there, below 1e-1300: the derivative ``2 / sqrt(pi) exp(-u^2) u'`` was ``0 *
    -inf`` where u overflows, NaN at z = -1e20, the truth 0)."""
    small = np.asarray(_plain(z), dtype=float) > -2.0 * math.log(0.3 / math.sqrt(0.5))
    with np.errstate(over="ignore"):
        return _vanishing(lambda z: np.where(z < _MOYAL_VANISHING_Z, -np.inf, 0.0), lambda z: _piecewise(
            z, small, lambda z: np.log1p(-sc.erfc(_moyal_u(z))),
            lambda z: -0.5 * z - 0.5 * _LOG_2 + _LOG_2_OVER_SQRT_PI + np.log(
                polynomial(0.5 * np.exp(-z), _ERF_OVER_U)), 0.0, 5.0), z, 0.0, -0.0)


def _moyal_tail(name):
    def tail(z):
        if name == "logcdf":
            return _moyal_logcdf(z)
        if name == "logsf":
            return _moyal_logsf(z)
        with np.errstate(over="ignore"):
            out = {"cdf": lambda z: sc.erfc(_moyal_u(z)), "sf": lambda z: sc.erf(_moyal_u(z))}[name]
            return _vanishing(lambda z: np.where(z < _MOYAL_VANISHING_Z, -np.inf, 0.0), out, z, 0.0,
                              0.0 if name == "cdf" else 1.0)
    return tail


def _moyal_quantile(upper):
    """moyal's standard ppf ``-log(2 erfcinv(q)^2)`` (``upper``: the isf, with ``erfinv``) as one primitive in q whose
    derivative is ``+-1 / pdf(x)`` traced in x (:func:`_inverse_slope`): through ``erfcinv``'s rule the second
    derivative was ``inf - inf`` = NaN where it overflows (ppf at q = 1e-300, the truth -inf)."""
    def plain(q):
        with np.errstate(divide="ignore"):  # (+-inf at q = 0 and 1)
            return (-_LOG_2 - 2.0 * np.log((sc.erfinv if upper else sc.erfcinv)(np.asarray(q, dtype=float))))[()]
    quantile = OwnPrimitive(plain, name=f"wengert.scipy.stats.moyal.{'isf' if upper else 'ppf'}", reenters="any")
    _def_partials(quantile, lambda q: _inverse_slope(quantile(q), _moyal_log_density, np.isfinite, 0.0,
                                                     -1.0 if upper else 1.0))
    return quantile


_MOYAL_PPF, _MOYAL_ISF = _moyal_quantile(False), _moyal_quantile(True)


@_method(moyal, "logpdf")
def _moyal_logpdf(x, loc=0.0, scale=1.0):
    """``-(z + exp(-z)) / 2 - log(2 pi) / 2 - log(scale)``.

    >>> from wengert.scipy.stats import moyal
    >>> round(float(moyal.logpdf(1.0)), 6)
    -1.602878
    """
    return _moyal_log_density(_standardized("moyal.logpdf", x, loc, scale)) - _log_of(scale)


_exp_of_log(moyal, "pdf", "round(float(moyal.pdf(1.0)), 6)", "0.201316", inside=0.0)
_location_scale(moyal, (
    ("cdf", _moyal_tail("cdf"), "``erfc(exp(-z / 2) / sqrt(2))``.", "round(float(moyal.cdf(1.0)), 6)", "0.544162"),
    ("logcdf", _moyal_tail("logcdf"), "``log(erfc(u))``, ``u = exp(-z / 2) / sqrt(2)``, finite far down.",
     "round(float(moyal.logcdf(-5.0)), 6)", "-76.938999"),
    ("sf", _moyal_tail("sf"), "``erf(exp(-z / 2) / sqrt(2))``.", "round(float(moyal.sf(1.0)), 6)", "0.455838"),
    ("logsf", _moyal_tail("logsf"), "``log(erf(u))``, ``u = exp(-z / 2) / sqrt(2)``, finite far up.",
     "round(float(moyal.logsf(3000.0)), 6)", "-1500.225791"),
    ("ppf", (_MOYAL_PPF, 1.0), "``loc - scale log(2 erfcinv(q)^2)``.",
     "round(float(moyal.ppf(0.3)), 6)", "-0.071571"),
    ("isf", (_MOYAL_ISF, 1.0), "``loc - scale log(2 erfinv(q)^2)``.",
     "round(float(moyal.isf(0.3)), 6)", "1.90736"),
))
_add_moments("moyal", (), lambda: _LOG_2 + _EULER, lambda: 0.5 * math.pi ** 2,
             lambda: 0.5 * (1.0 + _EULER + math.log(4.0 * math.pi)), None,
             note=" The mean is ``log 2 + euler``, the variance ``pi^2 / 2``.", sd=lambda: math.pi * math.sqrt(0.5))
_add_quantile_summaries("moyal")


# -- genhalflogistic (the generalized half-logistic) ----------------------------------------------


class genhalflogistic:
    """The generalized half-logistic distribution, as ``scipy.stats.genhalflogistic``: with ``t = (1 - c z)^(1/c)``,
    ``cdf = (1 - t) / (1 + t)``, ``pdf = 2 (1 - c z)^(1/c - 1) / (1 + t)^2`` on ``0 <= z = (x - loc) / scale <= 1/c``
    (``c > 0``); differentiable in x (or q), c, loc and scale, to every order, with ``mean``, ``entropy``, ``median``
    and ``interval``, ``var`` by quadrature (SciPy integrates it). Below the median in ``L = log1p(-c z) / c`` (``cdf =
    tanh(-L/2)``: SciPy's ``(1 - t) / (1 + t)`` cancels near 0, its ``cdf(1e-10, 0.5)`` 8e-7 relative off), above it
    in powers of the distance ``w = 1 - c z`` to the upper end (SciPy's sf ``1 - cdf`` is 0 there: ``sf(1.999999, 0.5)``
    for 2.5e-13), so that the derivatives at the ends are the one-sided ones from inside: the density at ``z = 1/c`` is
    0, 2 or inf as ``c < 1``, ``= 1`` or ``> 1`` (a traced c refused there at ``c = 1``: it jumps). The quantiles
    ``-expm1(c L) / c`` with ``L = log1p(-q) - log1p(q)`` (SciPy's ``(1 - ((1 - q)/(1 + q))^c) / c`` cancels: its
    ``ppf(1e-10, 0.5)`` is 8e-7 relative off), at the upper end ``(1 - (p / (2 - p))^c) / c``, steep for ``c < 1``.
    Near the upper end ``w`` carries the rounding of ``c z`` (as SciPy's).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import genhalflogistic
    >>> float(wg.grad_bp(lambda x: genhalflogistic.cdf(x, 0.5), 0.0))  # the density at 0: 1/2
    0.5

    .. versionadded:: 0.1
    """


def _genhalflogistic_check(name, z, c):
    _shapes_positive(name, c, names=["c"])
    if name.endswith("pdf"):
        _refuse_a_jump_in_shape(name, c, lambda: (z * c == 1) & (c == 1), "c", "c = 1 where x == loc + scale / c",
                                "(1 - c z)**(1/c - 1)")


def _genhalflogistic_upper(z, c):
    """Where the cdf is above 1/2 (plain): ``t = (1 - c z)^(1/c) < 1/3``."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.broadcast_to(np.log1p(-np.minimum(pc * pz, 1.0)) / pc < -math.log(3.0),
                               np.broadcast_shapes(pz.shape, pc.shape))


def _genhalflogistic_log_t(z, c):
    """``L = log1p(-c z) / c`` as ``-z R(c z)``, ``R(u) = -log1p(-u) / u`` (its series below u = 1/2): through the
    quotient the derivatives in c cancelled as c z goes to 0 (d/dc of the cdf 2e-9 relative off at z = 1e-6)."""
    return -z * _genhalflogistic_ratio(c * z)


def _genhalflogistic_ratio(u):
    """``R(u) = -log1p(-u) / u`` (its series below u = 1/2)."""
    return _piecewise(u, np.asarray(_plain(u)) < 0.5, lambda u: -np.log1p(-u) / u,
                      lambda u: polynomial(-u, _LOG1P_RATIO_SERIES), 0.75, 0.25)


def _log_tanh_ratio(v):
    """``log(tanh(v) / v)`` for ``v >= 0``, below v = 1e-3 as ``log1p`` of its series less 1 (``-v^2/3 + 2 v^4/15 - 17
    v^6/315``, the next term below 1e-24)."""
    return _piecewise(v, np.asarray(_plain(v)) < 1e-3, lambda v: np.log(np.tanh(v) / v),
                      lambda v: np.log1p(v * v * (-1.0 / 3.0 + v * v * (2.0 / 15.0 - v * v * (17.0 / 315.0)))),
                      0.5, 0.0)


def _genhalflogistic_forms(kind):
    """``kind`` of the tails, by :func:`_two_forms`: below the median in ``L = log1p(-c z) / c``, above it in ``t =
    w^(1/c)``, ``w = 1 - c z``. The log cdf's ``log z`` from ``log_z`` (:func:`_log_of_z`: its derivatives in x and in
    scale apart; through z d2/dx dscale of genhalflogistic.logcdf(1e-100, 0.5) was 0.0, the truth -0.25)."""
    def lower(z, c, log_z=None):
        L = _genhalflogistic_log_t(z, c)
        if kind == "cdf":
            return np.tanh(-0.5 * L)
        if kind == "logcdf":  # (log z + log(R / 2) + log(tanh(v) / v), v = z R / 2: through log(tanh(v)) the second
            # derivative met 1 / tanh(v)^2 twice, NaN at z = 1e-300, the truth -inf)
            half = 0.5 * _genhalflogistic_ratio(c * z)
            return (np.log(z) if log_z is None else log_z(z)) + np.log(half) + _log_tanh_ratio(z * half)
        if kind == "sf":
            return 2.0 / (1.0 + np.exp(-L))
        if kind == "logsf":  # (log 2 - log1p(e^-L) cancels near 0: 8e-8 relative off at z = 1e-10)
            return np.log1p(-np.tanh(-0.5 * L))
        if kind == "logpdf":
            return _LOG_2 + (1.0 - c) * L - 2.0 * np.logaddexp(0.0, L)
        return 2.0 * np.exp((1.0 - c) * L) / np.square(1.0 + np.exp(L))

    def of_t(t):
        if kind == "cdf":
            return (1.0 - t) / (1.0 + t)
        if kind == "logcdf":
            return np.log1p(-2.0 * t / (1.0 + t))
        return 2.0 * t / (1.0 + t)

    def upper_near_end(z, c):
        w = 1.0 - c * z
        t = np.power(w, 1.0 / c)
        if kind == "logsf":
            with np.errstate(divide="ignore"):
                return _LOG_2 + np.log(w) / c - np.log1p(t)
        if kind == "logpdf":
            with np.errstate(divide="ignore"):
                return _LOG_2 + sc.xlogy(1.0 / c - 1.0, w) - 2.0 * np.log1p(t)
        if kind == "pdf":
            with np.errstate(divide="ignore"):  # (inf at the upper end for c > 1)
                return 2.0 * np.power(w, 1.0 / c - 1.0) / np.square(1.0 + t)
        return of_t(t)

    def upper_in_l(z, c):  # (where c z < 1/2: log t = L, as below the median)
        log_t = _genhalflogistic_log_t(z, c)
        t = np.exp(log_t)
        if kind == "logsf":
            return _LOG_2 + log_t - np.log1p(t)
        if kind == "logpdf":
            return _LOG_2 + (1.0 - c) * log_t - 2.0 * np.log1p(t)
        if kind == "pdf":
            return 2.0 * np.exp((1.0 - c) * log_t) / np.square(1.0 + t)
        return of_t(t)

    def upper(z, c):
        # t = w^(1/c) through log(w) / c cancels in c as c z goes to 0 (at c = 1e-6, z = 2 the cdf's d2/dc2 was
        # -21.99, the truth 0.4802; every function's likewise): there L's form, w^(1/c) near the upper end
        near_end = np.asarray(_plain(c), dtype=float) * np.asarray(_plain(z), dtype=float) >= 0.5
        return _two_forms(near_end, upper_in_l, upper_near_end, (z, c), (0.1, 1.0), (0.9, 1.0))

    def function(z, c, scale, log_z=None):
        out = _two_forms(_genhalflogistic_upper(z, c), lambda z, c: lower(z, c, log_z), upper, (z, c), (0.1, 1.0),
                         (0.9, 1.0))
        if kind == "logpdf":
            return out - np.log(scale)
        return out / scale if kind == "pdf" else out
    return function


#: (where at the upper end w = 0, on plain c; the function there of w, plain c and scale) where its derivative in w is
#: infinite, from inside (w > 0): t = w^(1/c) with 1/c < 1 (c > 1) in the tails, w^(1/c - 1) in the density for c > 1,
#: (1/c - 1) log w in its log, log w / c in logsf. Through w's power and log (and xlogy) its derivative in c was inf -
#: inf: d/dc NaN in logpdf for c < 1 (genhalflogistic.logpdf(2, 0.5): -inf by mpmath) and in pdf for c > 1 (+inf), the
#: jacobian of cdf, logcdf and sf NaN for c > 1; logsf (the -inf there a constant) had d/dx 0 for -inf
_GENHALFLOGISTIC_ENDS = {
    "pdf": (lambda c: c > 1, lambda w, c, scale: _T_END(w, sign=1.0, root=-1.0) / scale),
    "logpdf": (lambda c: c != 1, lambda w, c, scale: _T_END(w, sign=np.where(c > 1, 1.0, -1.0), root=-1.0)
               - np.log(scale)),
    "cdf": (lambda c: c > 1, lambda w, c, scale: 1.0 + _STEEP_UNIT(w, sign=-1.0, root=-1.0)),
    "logcdf": (lambda c: c > 1, lambda w, c, scale: _STEEP_UNIT(w, sign=-1.0, root=-1.0)),
    "sf": (lambda c: c > 1, lambda w, c, scale: _STEEP_UNIT(w, sign=1.0, root=-1.0)),
    "logsf": (lambda c: c > 0, lambda w, c, scale: _T_END(w, sign=-1.0, root=-1.0)),
}


#: ``w = 1 - c z`` with its partials ``-z`` and ``-c`` (def_partials: a direction's zero tangent times the infinite
#: cotangent of a function of w at w = 0 adds nothing; as a product, forward over reverse warned there, 0 * inf)
_GENHALFLOGISTIC_W = OwnPrimitive(lambda c, z: 1.0 - c * z, name="wengert.scipy.stats genhalflogistic's 1 - c z",
                                  reenters="any")
_def_partials(_GENHALFLOGISTIC_W, lambda c, z: -z, lambda c, z: -c)


def _genhalflogistic_method(name, formula, value):
    top, bottom = _LIMITS_AT_INFINITY[name]
    function = _genhalflogistic_forms(name)

    def method(x, c, loc=0.0, scale=1.0):
        _genhalflogistic_check(f"genhalflogistic.{name}", 0.0, c)
        z = _standardized(f"genhalflogistic.{name}", x, loc, scale)
        pz, pc = np.asarray(_plain(z)), np.asarray(_plain(c))
        if name.endswith("pdf"):
            _genhalflogistic_check(f"genhalflogistic.{name}", pz, c)
        # (at the upper end a log tail or the logcdf's own form is finite; outside, the limit on that side)
        inside = np.broadcast_to((pz >= 0) & (pz * pc <= 1), np.broadcast_shapes(pz.shape, pc.shape))
        if name == "logcdf":
            inside = inside & (pz > 0)
        if name == "logsf":  # (-inf at the upper end, as bradford's: log w / c - log1p(w^(1/c)) was -inf + inf)
            inside = inside & (pz * pc < 1)
        at = 0.5 / np.maximum(pc, 1.0)
        logs = {"log_z": _log_of_z(x - loc, scale, z)} if name == "logcdf" else {}
        # at the upper end w = 1 - c z = 0 where the function's derivative in w is infinite: its value there with its
        # derivatives in w from inside (so in z and c through w's), of every order (_GENHALFLOGISTIC_ENDS)
        end = np.broadcast_to((pz * pc == 1) & _GENHALFLOGISTIC_ENDS[name][0](pc), inside.shape)
        if np.any(end):
            w = _GENHALFLOGISTIC_W(np.where(end, c, 1.0), np.where(end, z, 0.0))
            z = np.where(end, at, z)
        out = _on_support(inside & ~end, lambda z: function(z, c, scale, **logs), z, outside=np.nan, at=at)
        if np.any(~inside):
            out = np.where(inside, out, np.where(pz > 0, top, bottom))
        if np.any(end):
            out = np.where(end, _GENHALFLOGISTIC_ENDS[name][1](w, np.where(end, pc, 2.0), scale), out)
        if name == "logcdf" and np.any(pz == 0):
            # (at z = 0, x == loc: log z - log 2 + c z / 2 + O(z^2), -inf with the limits from inside as its derivatives;
            # it was the constant -inf, every derivative 0: d/dscale of genhalflogistic.logcdf(0, c, 0, s) 0 for -1 / s)
            out = np.where(pz == 0, logs["log_z"].end(1.0, 0.5 * c, 1.0) - _LOG_2, out)
        return _in_dtype_of(out, x, c, loc, scale)
    method.__doc__ = _doc(genhalflogistic, formula, f"round(float(genhalflogistic.{name}(0.5, 1.5)), 6)", value)
    _method(genhalflogistic, name)(method)


for _name, _formula, _value in (
        ("logpdf", "``log 2 + (1/c - 1) log(1 - c z) - 2 log1p(t)`` on ``[0, 1/c]``, ``-inf`` outside.", "0.486806"),
        ("pdf", "``2 (1 - c z)^(1/c - 1) / (1 + t)^2 / scale`` on ``[0, 1/c]``, 0 outside.", "1.62711"),
        ("cdf", "``(1 - t) / (1 + t)`` (``tanh(-L/2)`` below the median) on ``[0, 1/c]``, 0 below, 1 above.", "0.431793"),
        ("logcdf", "``log`` of the cdf on ``(0, 1/c]``, ``-inf`` at and below 0, 0 above.", "-0.83981"),
        ("sf", "``2 t / (1 + t)`` on ``[0, 1/c]``, 1 below, 0 above.", "0.568207"),
        ("logsf", "``log 2 + log(1 - c z) / c - log1p(t)`` on ``[0, 1/c)``, 0 below, ``-inf`` at and above 1/c.",
         "-0.565269")):
    _genhalflogistic_method(_name, _formula, _value)


def _genhalflogistic_steep(lower, c):
    """At the upper end (c < 1) ``1/c - x ~ (p/2)^c / c``: the slope ``2^-c p^(c - 1)`` shrinks as c grows (-)."""
    return (-1.0,)


def _genhalflogistic_quantile(name, q, c, loc, scale, upper):
    """``loc + scale (-expm1(c L) / c)``, ``L = log1p(-p) - log1p(p)`` (``p = q``; ``upper``: ``L = log(q) -
    log(2 - q)`` below 1/2, ``log1p(-p) - log1p(p)`` of ``p = 1 - q`` above); at the upper end (q = 1, isf's 0) ``(1 -
    (r / (2 - r))^c) / c``, ``r = 1 - q`` (isf: q), powers whose slope there is +inf for c < 1 (``_located``'s steep
    end), 1/2 at c = 1, 0 above."""
    _shapes_positive(name, c, names=["c"])

    def standard(q, c):
        pq = np.asarray(_plain(q))
        end = np.broadcast_to(pq == (0.0 if upper else 1.0), np.broadcast_shapes(pq.shape, np.shape(_plain(c))))

        def inner(q):
            if upper:
                low = np.broadcast_to(pq < 0.5, end.shape)
                L = _piecewise(q, low, lambda q: np.log1p(-(1.0 - q)) - np.log1p(1.0 - q),
                               lambda q: np.log(q) - np.log(2.0 - q), 0.75, 0.25)
            else:
                L = np.log1p(-q) - np.log1p(q)
            return -L * sc.exprel(c * L)  # (-expm1(c L) / c: its derivative in c cancelled near q = 0)

        def at_end(q):  # ((r/2)^c (1 - r/2)^-c to second order in r: through r / (2 - r) d2/dq2 was NaN at c = 1.5)
            r = q if upper else 1.0 - q
            return (1.0 - np.power(0.5 * r, c) * (1.0 + 0.5 * c * r)) / c
        if not np.any(end):
            return inner(q)
        if np.all(end):
            return at_end(q)
        return np.where(end, at_end(np.where(end, q, 0.0 if upper else 1.0)), inner(np.where(end, 0.5, q)))
    with np.errstate(divide="ignore"):
        return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(c,), steep_mixed=_genhalflogistic_steep),
                            q, c, loc, scale)


_quantiles(genhalflogistic, "c", _genhalflogistic_quantile, (
    ("``loc + scale (1 - ((1 - q)/(1 + q))^c) / c``, as ``-expm1(c (log1p(-q) - log1p(q))) / c``.",
     "round(float(genhalflogistic.ppf(0.5, 1.5)), 6)", "0.538367"),
    ("``loc + scale (1 - (q/(2 - q))^c) / c``, as ``-expm1(c L) / c`` of ``L = log(q / (2 - q))``.",
     "round(float(genhalflogistic.isf(0.5, 1.5)), 6)", "0.538367")))

def _genhalflogistic_mean(c):
    return sc.digamma(0.5 * c + 1.0) - sc.digamma(0.5 * c + 0.5)


_add_moments("genhalflogistic", ("c",), _genhalflogistic_mean,
             lambda c: _quadrature_var("genhalflogistic.var", genhalflogistic, (c,), mean=_genhalflogistic_mean),
             lambda c: 2.0 - (2.0 * c + 1.0) * _LOG_2, lambda name, c: _shapes_positive(name, c, names=["c"]), 1.5,
             " The mean ``digamma(c/2 + 1) - digamma(c/2 + 1/2)`` (``2 int_0^1 u^c / (1 + u) du``); the variance "
             "(SciPy integrates it) ``int_0^1 (ppf(u) - m)^2 du`` by tanh-sinh quadrature in u about the mean's value "
             "(``_common._quadrature_var``: as differentiable as ppf and isf).")
_add_quantile_summaries("genhalflogistic", (1.5,))


# -- genlogistic (the generalized logistic distribution, type I) ---------------------------------


class genlogistic:
    """The generalized logistic (type I) distribution, as ``scipy.stats.genlogistic``: its cdf ``(1 + e^-z)^-c``
    (``logcdf = -c softplus(-z)``), differentiable in x (or q), c, loc and scale, to every order, with ``mean``
    (``euler + digamma(c)``), ``var`` (``pi^2 / 6 + polygamma(1, c)``), ``std`` and ``entropy``. The log density is
    written on each side of 0 without its terms of size ``|z|`` cancelling (``c z - (c + 1) log1p(e^z)`` below 0), the
    density with its factor ``c`` out of the exponential, the upper log tail ``log c - z`` plus a series far up (SciPy's
    is ``-inf`` from z = 745 on), the quantiles ``-log(expm1(u))``, ``u = -log(q) / c``, as ``-u - log1p(-e^-u)``
    where ``e^u`` would overflow (SciPy's ``ppf(1e-300, 0.5)`` is ``inf``, the truth -1381.55).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import genlogistic
    >>> float(wg.grad_bp(lambda c: genlogistic.logcdf(0.0, c), 2.0))  # -log 2
    -0.6931471805599453

    .. versionadded:: 0.1
    """


def _genlogistic_check(name, z, c):
    _shapes_positive(name, c, names=["c"])


def _genlogistic_log_kernel(z, c):
    """``-z - (c + 1) log1p(e^-z)`` for ``z >= 0``, ``c z - (c + 1) log1p(e^z)`` below (the same: its terms of size
    ``|z|`` collected, so that ``c z`` keeps its digits for a small c far left)."""
    with np.errstate(under="ignore"):
        return _piecewise(z, np.asarray(_plain(z)) < 0, lambda z: -z - (c + 1.0) * np.log1p(np.exp(-z)),
                          lambda z: c * z - (c + 1.0) * np.log1p(np.exp(z)), 1.0, -1.0)


def _genlogistic_slope(z, c):
    """``d/dz`` of :func:`_genlogistic_log_kernel`, ``(c - e^z) / (1 + e^z)``: ``((c - 1) - expm1(z)) / (1 + e^z)``
    below 0 (``c - e^z`` for c below 1/2, where ``c - 1`` rounds off c's digits), ``((c - 1) e^-z + expm1(-z)) / (1 +
    e^-z)`` above (as ``-1 + (c + 1) e^-z / (1 + e^-z)``, the tape's derivative of the kernel, it cancelled near its
    root ``z = log c``: at c = 1, z = 1e-5, 3.6e-11 relative off)."""
    small = np.asarray(_plain(c)) < 0.5

    def below(z):
        return np.where(small, c - np.exp(z), (c - 1.0) - np.expm1(z)) / (1.0 + np.exp(z))
    with np.errstate(under="ignore", over="ignore"):
        return _piecewise(z, np.asarray(_plain(z)) < 0, lambda z: ((c - 1.0) * np.exp(-z) + np.expm1(-z))
                          / (1.0 + np.exp(-z)), below, 1.0, -1.0)


#: The log kernel (its derivative in z :func:`_genlogistic_slope`, in c ``-log1p(e^-z)``), the cdf ``(1 + e^-z)^-c``
#: and the sf ``1 - cdf`` near, each one primitive whose derivative in z is ``c e^K`` (``exp`` of the kernel): formed
#: through ``exp(-c log1p(e^-z))`` their second derivatives in z were ``cdf (L'^2 + L'')``, cancelling near z = log
#: c (at c = 1, z = 1e-5, 1.7e-11 relative off)
_GENLOGISTIC_KERNEL = OwnPrimitive(lambda z, c: _genlogistic_log_kernel(z, c),
                                   name="wengert.scipy.stats genlogistic's log kernel", reenters="any")
_def_partials(_GENLOGISTIC_KERNEL, _genlogistic_slope, lambda z, c: -np.logaddexp(0.0, -z))


def _genlogistic_bend(z, c):
    """``K'^2 + K''`` of the log kernel (``pdf'' / pdf``), ``(w^2 - (3c + 1) w + c^2) / (1 + w)^2``, ``w = e^z`` (from
    z = 1/2 in ``t = e^-z``); inside |z| = 1/2 about w = 1, where c = 3 has its root z = 0 (as ``K'^2 + K''`` it
    cancelled there: d2/dx2 pdf at z = -1e-5 6.7e-12 relative off): ``(e^2 + (1 - 3c) e + c (c - 3)) / (1 + w)^2``,
    ``e = expm1(z)``."""
    def near(z):
        e = np.expm1(z)
        return (e * e + (1.0 - 3.0 * c) * e + c * (c - 3.0)) / (1.0 + np.exp(z)) ** 2

    def apart(z):
        with np.errstate(under="ignore", over="ignore"):
            up = np.asarray(_plain(z)) > 0
            t = np.exp(np.where(up, -z, z))  # (e^-|z|: e^-z above, w below)
            v = np.where(up, 1.0 - (3.0 * c + 1.0) * t + (c * t) ** 2, t * t - (3.0 * c + 1.0) * t + c * c)
            return v / (1.0 + t) ** 2
    return _piecewise(z, np.abs(np.asarray(_plain(z))) < 0.5, apart, near, 1.0, 0.0)


def _genlogistic_alive(form):
    """``form(z, c)`` where the density ``c e^K`` is not 0, 0 where it underflowed (``form`` there at z = 0, c = 1:
    its factors beside ``e^K = 0``, as ``c^2`` and ``c log1p(e^-z)``, overflowed, NaN at c = 1e300)."""
    def alive(z, c):
        with np.errstate(under="ignore", over="ignore"):
            pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
            dead = pc * np.exp(_genlogistic_log_kernel(pz, pc)) == 0
        if not np.any(dead):
            return form(z, c)
        return np.where(dead, 0.0, form(np.where(dead, 0.0, z), np.where(dead, 1.0, c)))
    return alive


#: The density ``c e^K`` (less its 1 / scale) and its derivative in z ``c e^K K'``, each a primitive: through the
#: tape its second derivative in z was ``pdf (K'^2 + K'')``, cancelling at the inflection point z = 0 of c = 3
_GENLOGISTIC_PDF = OwnPrimitive(lambda z, c: c * np.exp(_genlogistic_log_kernel(z, c)),
                                name="wengert.scipy.stats genlogistic's density", reenters="any")
_GENLOGISTIC_PDF_DZ = OwnPrimitive(lambda z, c: c * np.exp(_genlogistic_log_kernel(z, c)) * _genlogistic_slope(z, c),
                                   name="wengert.scipy.stats genlogistic's density's slope", reenters="any")
_def_partials(_GENLOGISTIC_PDF, _GENLOGISTIC_PDF_DZ, _genlogistic_alive(
    lambda z, c: np.exp(_GENLOGISTIC_KERNEL(z, c)) * (1.0 - c * np.logaddexp(0.0, -z))))
_def_partials(_GENLOGISTIC_PDF_DZ, _genlogistic_alive(
    lambda z, c: c * np.exp(_GENLOGISTIC_KERNEL(z, c)) * _genlogistic_bend(z, c)), _genlogistic_alive(
    lambda z, c: np.exp(_GENLOGISTIC_KERNEL(z, c)) * ((1.0 - c * np.logaddexp(0.0, -z)) * _genlogistic_slope(z, c)
                                                       + c * np.exp(-np.logaddexp(0.0, z)))))
_GENLOGISTIC_CDF = OwnPrimitive(lambda z, c: np.exp(-c * np.logaddexp(0.0, -z)),
                                name="wengert.scipy.stats genlogistic's cdf", reenters="any")
_def_partials(_GENLOGISTIC_CDF, _GENLOGISTIC_PDF,
              lambda z, c: -np.logaddexp(0.0, -z) * _GENLOGISTIC_CDF(z, c))
_GENLOGISTIC_SF = OwnPrimitive(lambda z, c: -np.expm1(-c * np.logaddexp(0.0, -z)),
                               name="wengert.scipy.stats genlogistic's sf", reenters="any")
_def_partials(_GENLOGISTIC_SF, lambda z, c: -_GENLOGISTIC_PDF(z, c),
              lambda z, c: np.logaddexp(0.0, -z) * _GENLOGISTIC_CDF(z, c))


def _genlogistic_logcdf(z, c):
    return -c * np.logaddexp(0.0, -z)


def _genlogistic_far(z, c, with_c=True):
    """``log c - z`` and a series where the upper tail is small: ``log(1 - (1 + t)^-c)``, ``t = e^-z``, as ``log c -
    z + log r + h(c t r)``, ``r = log1p(t) / t`` (its series), ``h(w) = log((1 - e^-w) / w)`` (its series,
    :func:`_log_expm1_ratio`), exact where ``t`` underflows (SciPy's is ``-inf`` there). Without ``with_c``, less
    ``log c``: the sf is ``c`` times its exp (through ``exp(log c + ...)`` its second derivative in c was ``sf (G'^2 +
    G'')``, ``1/c^2 - 1/c^2`` cancelling: 6e-12 relative off at z = 30, c = 1e8), but from z = 700, where ``e^-z``
    underflows beside a huge c, ``exp(log c + ...)`` (its second derivative in c, of order ``e^-2z``, is 0 there)."""
    with np.errstate(under="ignore"):
        t = np.exp(-z)
    r = polynomial(t, _LOG1P_RATIO_SERIES)
    return (_log_of(c) if with_c else 0.0) - z + np.log(r) + _log_expm1_ratio(c * t * r)


def _genlogistic_upper(log):
    def upper(z, c, scale):
        with np.errstate(under="ignore", over="ignore"):
            pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
            t = np.exp(-pz)
            far = np.broadcast_to((t < 0.5) & (pc * np.log1p(t) < _SMALL_U), np.broadcast_shapes(pz.shape, pc.shape))

        def near(z):
            return _log1mexp(_genlogistic_logcdf(z, c)) if log else _GENLOGISTIC_SF(z, c)
        with np.errstate(under="ignore"):
            return _piecewise(z, far, near, lambda z: _genlogistic_far(z, c) if log else _piecewise(
                z, np.asarray(_plain(z)) > 700.0, lambda z: c * np.exp(_genlogistic_far(z, c, False)),
                lambda z: np.exp(_genlogistic_far(z, c)), 40.0, 800.0), 0.0, 40.0)
    return upper


_shape_functions(genlogistic, ("c",), _genlogistic_check, [
    (name, lambda z: np.ones(np.shape(z), bool), function, 0.0, formula, f"round(float(genlogistic.{name}(1.5, 2.0)), 6)",
     value)
    for name, function, formula, value in (
        ("logpdf", lambda z, c, scale: _log_of(c) + _GENLOGISTIC_KERNEL(z, c) - _log_of(scale),
         "``log(c) - z - (c + 1) log1p(e^-z) - log(scale)`` (``c z - (c + 1) log1p(e^z)`` below 0).", "-1.411093"),
        # (c / scale out of the exponential: through exp(log c + ...) d2/dc2 was pdf ((1/c + K')^2 + K'' - 1/c^2),
        # cancelling as c goes to 0)
        ("pdf", lambda z, c, scale: _GENLOGISTIC_PDF(z, c) / scale,
         "``c e^-z (1 + e^-z)^(-c - 1) / scale``.", "0.243877"),
        ("cdf", lambda z, c, scale: _GENLOGISTIC_CDF(z, c), "``(1 + e^-z)^-c``.", "0.668428"),
        ("logcdf", lambda z, c, scale: _genlogistic_logcdf(z, c), "``-c log1p(e^-z)`` (as ``logaddexp``).",
         "-0.402827"),
        ("sf", _genlogistic_upper(False), "``1 - (1 + e^-z)^-c`` (as ``-expm1``; far up, ``exp`` of its log).",
         "0.331572"),
        ("logsf", _genlogistic_upper(True),
         "``log(1 - (1 + e^-z)^-c)`` (``log c - z`` and a series far up).", "-1.10391"))])


def _genlogistic_standard_quantile(u):
    """``-log(expm1(u))`` for ``u >= 0``: as ``-u - log1p(-e^-u)`` from u = 1 (no overflow of ``e^u``)."""
    with np.errstate(divide="ignore", over="ignore"):
        return _piecewise(u, np.asarray(_plain(u)) > 1.0, lambda u: -np.log(np.expm1(u)),
                          lambda u: -u - np.log1p(-np.exp(-u)), 0.5, 2.0)


def _genlogistic_quantile(name, q, c, loc, scale, upper):
    """``-log(expm1(u))``, ``u = -log(q) / c`` (``upper``: ``-log1p(-q) / c``), :func:`_genlogistic_standard_quantile`;
    ``-inf`` and ``inf`` at the ends."""
    _shapes_positive(name, c, names=["c"])

    def standard(q, c):  # (increasing in q: the isf's negative)
        with np.errstate(divide="ignore"):
            if upper:
                return -_genlogistic_standard_quantile(-np.log1p(-q) / c)
            return _genlogistic_standard_quantile(-np.log(q) / c)
    return _in_dtype_of(_located(name, q, loc, scale, standard, sign=-1.0 if upper else 1.0, shapes=(c,)),
                        q, c, loc, scale)


_quantiles(genlogistic, "c", _genlogistic_quantile, (
    ("``loc - scale log(q^(-1/c) - 1)``.", "round(float(genlogistic.ppf(0.5, 2.0)), 6)", "0.881374"),
    ("``loc - scale log((1 - q)^(-1/c) - 1)``.", "round(float(genlogistic.isf(0.5, 2.0)), 6)", "0.881374")))


#: zeta(k), k = 2..41: the harmonic number ``H(x) = digamma(1 + x) + euler = sum_k>=2 (-1)^k zeta(k) x^(k - 1)`` for
#: |x| <= 1/4 (its terms below 1e-24 there)
_GENLOGISTIC_ZETA = [(-1.0) ** k * float(sc.zeta(k)) for k in range(2, 42)]


def _genlogistic_mean(c):
    """``euler + digamma(c)``: as ``H(c - 1)``'s series near c = 1 (its root: the two terms cancelled there, the mean
    ``1.6e-16 / (c - 1)`` relative off)."""
    near = np.abs(np.asarray(_plain(c), dtype=float) - 1.0) < 0.25
    return _piecewise(c, near, lambda c: _EULER + sc.digamma(c),
                      lambda c: (c - 1.0) * polynomial(c - 1.0, _GENLOGISTIC_ZETA), 2.0, 1.0)


def _genlogistic_entropy(c):
    """``-log(c) + digamma(c + 1) + euler + 1``: from c = 2 as ``digamma(c) - log(c)`` (its series from c = 10,
    :func:`_digamma_excess`) ``+ 1/c`` (the terms of size ``log c`` cancel as c grows: SciPy's switches to ``1 / (2c)``
    at c = 8e6); below, as written (``digamma(c) + 1/c`` cancelled there as c goes to 0)."""
    return _piecewise(c, np.asarray(_plain(c)) < 2.0, lambda c: _digamma_excess(c) + 1.0 / c,
                      lambda c: sc.digamma(c + 1.0) - np.log(c), 3.0, 1.0) + _EULER + 1.0


_add_moments("genlogistic", ("c",), _genlogistic_mean, lambda c: np.pi ** 2 / 6.0 + _polygamma(1, c),
             _genlogistic_entropy,
             lambda name, c: _shapes_positive(name, c, names=["c"]), 2.0,
             " The mean is ``euler + digamma(c)`` (its series near its root c = 1), the variance ``pi^2 / 6 + "
             "polygamma(1, c)``.")
_add_quantile_summaries("genlogistic")


#: 1 / (n + 1)!, n = 0..19: exprel(x) = expm1(x) / x for |x| < 1/2 (its last term below 1e-24 there)
_EXPREL_SERIES = [1.0 / math.factorial(n + 1) for n in range(20)]


def _bradford_exprel(x):
    """``expm1(x) / x``, as its series below |x| = 1/2."""
    return _piecewise(x, np.abs(np.asarray(_plain(x))) < 0.5, lambda x: np.expm1(x) / x,
                      lambda x: polynomial(x, _EXPREL_SERIES), 1.0, 0.25)


# -- alpha ----------------------------------------------------------------------------------------


class alpha:
    """The alpha distribution, as ``scipy.stats.alpha``: ``1 / Z`` for a normal ``a - Z`` truncated to ``(-inf, a)``
    (``a > 0``); ``pdf = phi(a - 1/z) / (z^2 ndtr(a))``, ``cdf = ndtr(a - 1/z) / ndtr(a)`` on ``z = (x - loc) / scale >
    0``; differentiable in x (or q), a, loc and scale, to every order. The sf is the normal mass between ``a - 1/z``
    and ``a`` over ``ndtr(a)``, with its width ``1/z`` exact (SciPy's ``1 - cdf`` cancels far out: its ``sf(1e10, 1)``
    is 9.4e-8 relative off, its ``logsf(1e300, 1)`` ``-inf``, the truth -692.02), each log tail from its own form
    below 1/2 (``log1p`` of the other above). The quantiles: ``1 / (a - ndtri_exp(log q + log_ndtr(a)))`` below the
    median, above it (where that difference cancels: SciPy's ``isf(1e-10, 1)`` is 4.8e-8 relative off) the root of the
    exact log sf, one primitive in q and a differentiated by the inverse function rule (``dx/da = -(1 - e^-w + p
    e^-w) / t^2``, ``t = 1/x``, ``w = t (a - t/2)``, ``p`` the sf). The mean and variance are infinite, as SciPy's;
    the entropy by quadrature in the probability (``_common._probability_quadrature``: SciPy integrates the density).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import alpha
    >>> round(float(wg.grad_bp(lambda x: alpha.cdf(x, 1.0), 1.0)), 6)  # the density at 1: phi(0) / ndtr(1)
    0.474172

    .. versionadded:: 0.1
    """


def _alpha_check(name, z, a):
    _shapes_positive(name, a, names=["a"])


def _alpha_z_terms_value(z, a, n=0, c=-2.0):
    """The n-th z-derivative of ``c log z + a / z - 1 / (2 z^2)``: ``(-1)^n z^-(n + 2) (-c (n - 1)! z^2 + a n! z - (n +
    1)! / 2)`` for n >= 1, each one power of z (inf where it overflows, the truth's rounding)."""
    z, a = np.asarray(z, dtype=float), np.asarray(a, dtype=float)
    with np.errstate(over="ignore", divide="ignore"):
        if n == 0:
            return (c * np.log(z) + a / z - 0.5 / (z * z))[()]
        bracket = -c * math.factorial(n - 1) * z * z + a * math.factorial(n) * z - 0.5 * math.factorial(n + 1)
        return ((-1.0) ** n * np.power(z, -(n + 2.0)) * bracket)[()]


#: alpha's log density's z terms below ``_ALPHA_TINY`` (``-2 log z - (a - 1/z)^2 / 2`` less ``-a^2 / 2``; ``c = 1``:
#: the log cdf's, ``log z - (a - 1/z)^2 / 2`` less ``-a^2 / 2``) as one primitive: through the composition the second
#: derivative was ``2 / z^2 - 1 / z^4 + 2 (a - 1/z) / z^3``, +inf and -inf apart below z = 1.5e-154 (NaN at 1e-300,
#: the truth -inf)
_ALPHA_Z_TERMS = OwnPrimitive(_alpha_z_terms_value, name="wengert.scipy.stats.alpha (z terms)", reenters="any")
def _alpha_z_terms_da(z, a, n=0, c=-2.0):
    """d/da of the n-th z-derivative: ``(-1)^n n! z^-(n + 1)`` (inf where it overflows: z^-2 at z = 1e-300 warned)."""
    with np.errstate(over="ignore"):
        return (-1.0) ** n * math.factorial(n) * np.power(z, -(n + 1.0))


_def_partials(_ALPHA_Z_TERMS, lambda z, a, n=0, c=-2.0: _ALPHA_Z_TERMS(z, a, n=n + 1, c=c), _alpha_z_terms_da)
#: Below this z (and where ``a z < 1/2``: the terms do not cancel) alpha's log density is :data:`_ALPHA_Z_TERMS`, exact,
#: and its log cdf's asymptotic form (its next term z^2 / (1 - a z)^2, below 1e-100): from 1e-100 the composition's
#: second derivative overflowed in its terms (1 / z^4 below z = 1.5e-77, an overflow warning, the Hessian of
#: alpha.logpdf in (x, a) at (1e-90, 1)), their own sum finite or -inf
_ALPHA_TINY = 1e-50


def _alpha_tiny(z, a):
    pz, pa = np.asarray(_plain(z), dtype=float), np.asarray(_plain(a), dtype=float)
    return np.broadcast_to((pz < _ALPHA_TINY) & (pa * pz < 0.5), np.broadcast_shapes(pz.shape, pa.shape))


def _alpha_z_terms(z, a, c, power_z=None, end=False):
    """``c log z + a / z - 1 / (2 z^2)``: :data:`_ALPHA_Z_TERMS`, or with ``power_z`` (:func:`_power_of_z`'s) one
    primitive of x - loc and scale (:data:`_Z_TERMS`): through z alone d2/dx dscale, ``-(z L'' + L') / scale^2``, took
    ``z L''`` as z times ``-3 / z^4``, which overflows below z = 1.5e-77 (alpha.logcdf(1e-100, 1, 0, s) at s = 1: inf,
    the truth 2e300; d2/dscale2 -inf for -1e200)."""
    if power_z is None:
        return _ALPHA_Z_TERMS(z, a, c=c)
    return power_z(z, 1.0, terms=(((0, 0, 1, 0, 0, 0, 0), c), ((0, 1, 0, 0, 0, 1, 0), 1.0),
                                  ((0, 2, 0, 0, 0, 0, 0), -0.5)), e=a, end=end)


def _alpha_log_density(z, a, scale, power_z=None):
    def whole(z):
        with np.errstate(over="ignore"):  # ((a - 1/z)^2 overflows below z = 1e-154: -inf, the truth -5e599 at 1e-300)
            u = a - 1.0 / z
            return -2.0 * np.log(z) - 0.5 * u * u
    with np.errstate(over="ignore"):
        terms = _piecewise(z, _alpha_tiny(z, a), whole,
                           lambda z: _alpha_z_terms(z, a, -2.0, power_z, end=True) - 0.5 * a * a, 1.0, 1e-200)
    return terms - 0.5 * _LOG_2PI - sc.log_ndtr(a) - _log_of(scale)


def _alpha_lower(z, a):
    """Where the cdf is below 1/2 (plain): ``1/z`` above the median's ``a - ndtri(ndtr(a) / 2)``."""
    pz, pa = np.asarray(_plain(z), dtype=float) + 0.0, np.asarray(_plain(a), dtype=float)  # (-0.0: the end, 1/z inf)
    with np.errstate(divide="ignore"):
        return np.broadcast_to(1.0 / pz > pa - sc.ndtri(0.5 * sc.ndtr(pa)), np.broadcast_shapes(pz.shape, pa.shape))


def _alpha_log_cdf(z, a, power_z=None):
    """``log_ndtr(a - 1/z) - log_ndtr(a)``; below ``_ALPHA_TINY`` its asymptotic form ``log z + a / z - 1 / (2 z^2)``
    (:data:`_ALPHA_Z_TERMS`) ``- a^2 / 2 - log1p(-a z) - log(2 pi) / 2`` (the rest, ``log(1 - 1/u^2 + ...)``, ``u = a -
    1/z``, below 1e-199 and its derivatives below z's: through log_ndtr the second derivative was NaN at z = 1e-300,
    the truth -3 / z^4 = -inf). ``power_z``: :func:`_alpha_z_terms`'s."""
    with np.errstate(divide="ignore", over="ignore"):
        return _piecewise(z, _alpha_tiny(z, a), lambda z: sc.log_ndtr(a - 1.0 / z),
                          lambda z: _alpha_z_terms(z, a, 1.0, power_z, end=True) - 0.5 * a * a - np.log1p(-a * z)
                          - 0.5 * _LOG_2PI,
                          1.0, 1e-200) - sc.log_ndtr(a)


def _alpha_log_sf(z, a):
    """``log(ndtr(a) - ndtr(a - 1/z)) - log_ndtr(a)``, the mass of width ``1/z`` exact (:func:`_log_gauss_mass`)."""
    t = 1.0 / z
    return _log_gauss_mass(a - t, a + 0.0 * t, width=t) - sc.log_ndtr(a)


def _alpha_sf(z, a):
    """The sf, ``exp`` of :func:`_alpha_log_sf`, and where the mass is narrow (``t (1 + a) < 1/2``, ``t = 1/z``) ``t
    phi(m) (1 + rest) / ndtr(a)`` (``m = a - t/2``, :func:`_gauss_narrow_rest`) without a log: through ``exp(log t +
    ...)`` log t's rounding was the sf's, 9e-14 relative off at z = 3e299."""
    pz, pa = np.asarray(_plain(z), dtype=float), np.asarray(_plain(a), dtype=float)
    narrow = np.broadcast_to((1.0 / pz) * (1.0 + pa) < _NARROW_GAUSS, np.broadcast_shapes(pz.shape, pa.shape))

    def direct(z):
        t = 1.0 / z
        m = a - 0.5 * t
        return t * np.exp(-0.5 * m * m - 0.5 * _LOG_2PI) * (1.0 + _gauss_narrow_rest(0.5 * t, m)) / sc.ndtr(a)
    return _piecewise(z, narrow, lambda z: _vanishing(lambda z: _alpha_log_sf(z, _plain(a)),
                                                       lambda z: np.exp(_alpha_log_sf(z, a)), z, 1.0, 0.0),
                      direct, 1.0, 1e3 * (1.0 + pa))


def _alpha_tail(upper, log):
    def tail(z, a, scale, power_z=None):
        low = _alpha_lower(z, a)  # (each log tail from its own form below 1/2, log1p(-other) above)
        own, other = (_alpha_log_sf, _alpha_log_cdf) if upper else (
            (lambda z, a: _alpha_log_cdf(z, a, power_z if log else None)), _alpha_log_sf)
        small = ~low if upper else low
        with np.errstate(divide="ignore", over="ignore"):
            # (where the other tail underflows, 0 or 1 with derivatives 0: exp(other)'s were 0 * inf = NaN, d/dx
            # alpha.logsf(1e-120, 1) and sf's, the truth 0)
            if log:
                return _piecewise(z, small, lambda z: _vanishing(lambda z: other(z, _plain(a)), lambda z: np.log1p(
                    -np.exp(other(z, a))), z, 1.0, 0.0), lambda z: own(z, a), 1.0, 1.0)
            return _piecewise(z, small, lambda z: _vanishing(lambda z: other(z, _plain(a)), lambda z: -np.expm1(
                other(z, a)), z, 1.0, 1.0), (lambda z: _alpha_sf(z, a)) if upper else (
                lambda z: _vanishing(lambda z: own(z, _plain(a)), lambda z: np.exp(own(z, a)), z, 1.0, 0.0)), 1.0, 1.0)
    return tail


_shape_functions(alpha, ("a",), _alpha_check, [
    # (logpdf and logcdf at z = 0 too: -inf with the one-sided limits from inside as their derivatives, _power_of_z's
    # end form of log z + a / z - 1 / (2 z^2) (c log z for the density); the log cdf was the constant -inf there)
    (name, (lambda z: z >= 0) if name in ("logpdf", "logcdf") else (lambda z: z > 0), function, outside, formula,
     f"round(float(alpha.{name}(0.5, 2.0)), 6)", value)
    for name, function, outside, formula, value in (
        ("logpdf", _alpha_log_density, -np.inf,
         "``-2 log z - (a - 1/z)^2 / 2 - log(2 pi) / 2 - log_ndtr(a) - log(scale)`` on ``z > 0``, ``-inf`` at and "
         "below 0.", "0.490369"),
        # (z = 0 vanishing too, _vanishing_at_zero: z rounded to 0 while x > loc)
        ("pdf", lambda z, a, scale: _vanishing(_vanishing_at_zero(lambda z: _alpha_log_density(z, _plain(a), _plain(
            scale))), lambda z: np.exp(_alpha_log_density(z, a, scale)), z, 1.0, 0.0), 0.0,
         "``phi(a - 1/z) / (z^2 ndtr(a) scale)`` on ``z > 0``, 0 at and below 0.", "1.632918"),
        ("cdf", _alpha_tail(False, False), 0.0,
         "``ndtr(a - 1/z) / ndtr(a)`` on ``z > 0``, 0 at and below 0.", "0.51164"),
        ("logcdf", _alpha_tail(False, True), -np.inf,
         "``log_ndtr(a - 1/z) - log_ndtr(a)`` (``log1p(-sf)`` past the median) on ``z > 0``, ``-inf`` at and below 0.",
         "-0.670134"),
        ("sf", _alpha_tail(True, False), 1.0,
         "``(ndtr(a) - ndtr(a - 1/z)) / ndtr(a)`` (the mass of width ``1/z``) on ``z > 0``, 1 at and below 0.",
         "0.48836"),
        ("logsf", _alpha_tail(True, True), 0.0,
         "``log`` of the sf on ``z > 0``, 0 at and below 0.", "-0.716702"),
    )])


def _alpha_isf_plain(p, a):
    """The standard ``x`` with ``sf(x, a) = p`` (``p <= 1/2``): Newton's steps in ``log t`` (``t = 1/x``) on the exact
    log sf, from ``t = a + ndtri(ndtr(-a) + p ndtr(a))`` or, where ``p ndtr(a)`` is below ``1e-6 ndtr(-a)`` (that sum
    rounds), ``log1p(a p ndtr(a) / phi(a)) / a`` (the mass ``phi(a) expm1(a t) / a`` without ``t^2``; ``p ndtr(a) /
    phi(a)`` alone was 1e17 at a = 40, where Newton's steps went to t = inf); ``inf`` at p = 0."""
    p, a = np.broadcast_arrays(np.asarray(p, dtype=float), np.asarray(a, dtype=float))
    with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
        target = np.log(p) + sc.log_ndtr(a)
        t = a + sc.ndtri(sc.ndtr(-a) + p * sc.ndtr(a))
        fallback = np.logaddexp(0.0, np.log(a) + target + 0.5 * a * a + 0.5 * _LOG_2PI) / a
        t = np.where((t > 0) & np.isfinite(t) & (p * sc.ndtr(a) > 1e-6 * sc.ndtr(-a)), t, fallback)
        for _ in range(40):
            log_mass = np.asarray(_log_gauss_mass(a - t, a, width=t), dtype=float)
            slope = t * np.exp(-0.5 * (a - t) ** 2 - 0.5 * _LOG_2PI - log_mass)  # d log(mass) / d log(t)
            step = (target - log_mass) / slope
            step = np.clip(np.where(np.isfinite(step), step, 0.0), -2.0, 2.0)
            t = t * np.exp(step)
            if np.all(np.abs(step) <= 1e-16):
                break
        # where the mass is narrow, t = p ndtr(a) / (phi(m) (1 + rest)) (m = a - t/2) iterated: in logs the target's
        # rounding (log 1e-300's 1e-13) was t's (8e-14 relative off at p = 1e-300)
        narrow = t * (1.0 + a) < _NARROW_GAUSS
        if np.any(narrow):
            top = p * sc.ndtr(a)
            for _ in range(6):
                m = a - 0.5 * t
                t = np.where(narrow, top / (np.exp(-0.5 * m * m - 0.5 * _LOG_2PI) * (1.0 + _gauss_narrow_rest(
                    0.5 * t, m))), t)
        x = np.where(p > 0, 1.0 / t, np.inf)
    return x[()]


def _alpha_lower_plain(q, a):
    """``1 / (a - ndtri_exp(log q + log_ndtr(a)))``: the standard quantile at ``q <= 1/2`` (0 at q = 0)."""
    with np.errstate(divide="ignore"):
        return (1.0 / (np.asarray(a, dtype=float) - ndtri_exp(np.log(q) + sc.log_ndtr(a))))[()]


_alpha_isf_root = OwnPrimitive(_alpha_isf_plain, name="wengert.scipy.stats.alpha.isf", reenters="any")
_alpha_lower_root = OwnPrimitive(_alpha_lower_plain, name="wengert.scipy.stats.alpha.ppf", reenters="any")


def _alpha_root_partials(root, upper):
    """The partials of the standard quantile ``root(p, a)`` (``upper``: of the sf's ``p``) traced in its value ``x``:
    ``d/dp = -+1 / pdf(x) = -+ndtr(a) x^2 / phi(a - 1/x)`` (one exp: at q = 1e-300 through ``log q``'s ``1 / q^2`` the
    second derivative was inf - inf), ``d/da = -(dcdf/da) / pdf = -(1 - c e^-w) x^2`` (``c`` the cdf, ``w = t (a -
    t/2)``, ``t = 1/x``: ``phi(a) / phi(a - t) = e^-w``), as ``-(-expm1(-w) + p e^-w) x^2`` for the sf's ``p``."""
    def common(p, a):
        x = root(p, a)
        px = np.asarray(_plain(x))
        here = np.isfinite(px) & (px > 0)
        return (x if np.all(here) else np.where(here, x, 1.0)), here

    def dp(p, a):
        xs, here = common(p, a)
        out = (-1.0 if upper else 1.0) * np.exp(sc.log_ndtr(a) + 2.0 * np.log(xs) + 0.5 * np.square(a - 1.0 / xs)
                                                + 0.5 * _LOG_2PI)
        return out if np.all(here) else np.where(here, out, -np.inf if upper else np.inf)

    def da(p, a):
        xs, here = common(p, a)
        t = 1.0 / xs
        w = t * (a - 0.5 * t)
        with np.errstate(divide="ignore"):
            if upper:  # (as -x ((a - t/2) exprel(-w) + p x e^-w): x^2 overflowed at p = 1e-300, its derivative NaN)
                out = -xs * ((a - 0.5 * t) * _bradford_exprel(-w) + p * xs * np.exp(-w))
            else:
                out = -(1.0 - np.exp(np.log(p) - w)) * xs * xs
        return out if np.all(here) else np.where(here, out, 0.0)
    return dp, da


_def_partials(_alpha_isf_root, *_alpha_root_partials(_alpha_isf_root, True))
_def_partials(_alpha_lower_root, *_alpha_root_partials(_alpha_lower_root, False))


def _alpha_quantile(name, q, a, loc, scale, upper):
    _shapes_positive(name, a, names=["a"])

    def standard(q, a):
        pq = np.asarray(_plain(q))
        high = np.broadcast_to(pq < 0.5 if upper else pq > 0.5, np.broadcast_shapes(pq.shape, np.shape(_plain(a))))
        low_form = (lambda q: _alpha_lower_root(1.0 - q, a)) if upper else (lambda q: _alpha_lower_root(q, a))
        high_form = (lambda q: _alpha_isf_root(q, a)) if upper else (lambda q: _alpha_isf_root(1.0 - q, a))
        zero = pq == (1.0 if upper else 0.0)
        if np.any(zero):  # (the lower end x = 0: its slope in q is +inf, ppf ~ 1 / sqrt(-2 log q))
            return np.where(zero, _END_JET(q, jet=(0.0, -np.inf if upper else np.inf, np.nan)),
                            standard(np.where(zero, 0.5, q), a))
        return _piecewise(q, high, low_form, high_form, 0.75 if upper else 0.25, 0.25 if upper else 0.75)
    return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(a,), steep_mixed=_alpha_steep),
                        q, a, loc, scale)


_quantiles(alpha, "a", _alpha_quantile, (
    ("``loc + scale / (a - ndtri(q ndtr(a)))`` (above the median the root of the exact sf).",
     "round(float(alpha.ppf(0.5, 2.0)), 6)", "0.492971"),
    ("``loc + scale / (a - ndtri((1 - q) ndtr(a)))`` (below 1/2 the root of the exact sf).",
     "round(float(alpha.isf(0.5, 2.0)), 6)", "0.492971")))

_add_moments("alpha", ("a",), lambda a: np.full(np.shape(_plain(a)), np.inf)[()],
             lambda a: np.full(np.shape(_plain(a)), np.inf)[()], None,
             lambda name, a: _shapes_positive(name, a, names=["a"]), 2.0,
             " The mean and variance are infinite, as SciPy's.")
_add_quantile_summaries("alpha")
_add_quadrature_entropy("alpha", (1.5,))


# -- exponpow (the exponential power distribution) ---------------------------------------------------


class exponpow:
    """The exponential power distribution, as ``scipy.stats.exponpow``: ``sf = exp(1 - exp(z^b))`` on ``z = (x - loc) /
    scale >= 0`` (``b > 0``), the density ``b z^(b - 1) exp(1 + z^b - exp(z^b))``, differentiable in x (or q), b, loc
    and scale to every order. The log sf is ``-expm1(z^b)`` (exact everywhere); the log cdf near 0 ``b log z + log
    r(w)``, ``r(w) = (1 - exp(1 - e^w)) / w``, its series in ``w = z^b`` (SciPy's ``logcdf(1e-300, 2)`` is ``-inf``, the
    truth -1381.55), one primitive whose z-derivatives are ``numerator / z^n`` (``-b / z^2`` and the powers' ``z^(b -
    2)`` overflowed apart); the quantiles ``log1p(-log1p(-q))^(1/b)`` and ``log1p(-log q)^(1/b)``, the isf below q =
    1e-150 one primitive (``dx/dq = -1 / pdf(x)``, ``dx/db = -x log x / b``: through ``log q`` its second derivative was
    inf - inf). At z = 0 (the end of the support) the derivatives are the one-sided ones from inside (the density there
    is inf for b < 1, 1 at b = 1, 0 above; a traced b is refused in the density at b = 1, where ``z^(b - 1)`` jumps);
    the quantile's slope at q = 0 is 0 for b < 1, 1 at b = 1, +inf above. The mean, var and std (no closed
    form; SciPy integrates them numerically) and the entropy by quadrature in the probability (``_common._probability_quadrature``: SciPy integrates the density).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import exponpow
    >>> round(float(wg.grad_bp(lambda x: exponpow.cdf(x, 1.0), 0.0)), 6)  # the density at 0 for b = 1
    1.0

    .. versionadded:: 0.1
    """


def _exponpow_check(name, z, b, inside=None):
    """``b > 0``; for a density, a traced b refused at ``x == loc`` where ``b = 1`` (:func:`_refuse_a_jump_in_shape`;
    ``inside``, :func:`_inside_z`'s plain z, is not 0 where z only rounds to 0)."""
    _shapes_positive(name, b, names=["b"])
    if name.endswith("pdf"):
        _refuse_a_jump_in_shape(name, b, lambda: _x_at_loc(z, inside) & (b == 1), "b", "b = 1 where x == loc",
                                "z**(b - 1)")


def _minus_exp_power_overflowed_value(z, b):
    """-inf where ``exp(z^b)`` overflows (``z > 1``, ``b >= _EXP_POWER_B``), 0 elsewhere (the stand-ins)."""
    with np.errstate(over="ignore"):
        over = np.isinf(np.exp(np.power(np.asarray(z, dtype=float), b))) & (np.asarray(b) >= _EXP_POWER_B)
    return np.where(over, -np.inf, 0.0)[()]


#: ``-exp(z^b)`` where ``exp(z^b)`` overflows (w = z^b above 709.78): -inf, and so is each of its derivatives in z and
#: b, whose leading term ``-e^w (w')^n`` (``w log z`` in b) dominates there from ``b = _EXP_POWER_B`` on: through the
#: composition the second derivative in z, ``-e^w (w'^2 + w'')``, was ``-inf + inf`` for b < 1 (NaN: exponpow's log
#: density and log sf at z = 1e20, b = 0.5; the truth -inf)
_EXP_POWER_OVERFLOWED = OwnPrimitive(_minus_exp_power_overflowed_value,
                                     name="wengert.scipy.stats (-exp(z^b) overflowed)", reenters="any")
_def_partials(_EXP_POWER_OVERFLOWED, lambda z, b: _EXP_POWER_OVERFLOWED(z, b), lambda z, b: _EXP_POWER_OVERFLOWED(z, b))
#: From this b on the derivatives of -exp(z^b) where it overflows are -inf (their leading term's share: ``b w`` against
#: ``1 - b`` and the like, w > 709)
_EXP_POWER_B = 0.01


def _minus_exp_power_apart_value(u, s, b, sign=-1.0):
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        over = _minus_exp_power_overflowed_value(np.asarray(u, dtype=float) / s, b) == -np.inf
    return np.where(over, sign * np.inf, 0.0)[()]


#: :data:`_EXP_POWER_OVERFLOWED` of ``u = x - loc`` and the scale apart (``z = u / scale``): each derivative ``-inf``
#: times ``-1`` per derivative in the scale (the leading term ``-e^w`` times the product of w's partials, ``w_s = -b w /
#: s`` the only negative one). Through z, whose tangents in the directions of b hold the scale's traced partial,
#: jacfwd(jacfwd) took z's 0 there as live: 0 * -inf, exponpow.logpdf's and logsf's row in b NaN at x = 1e20 with the
#: scale traced
_EXP_POWER_OVERFLOWED_APART = OwnPrimitive(_minus_exp_power_apart_value,
                                           name="wengert.scipy.stats (-exp((u / s)^b) overflowed)", reenters="any")
_def_partials(_EXP_POWER_OVERFLOWED_APART, lambda u, s, b, sign=-1.0: _EXP_POWER_OVERFLOWED_APART(u, s, b, sign=sign),
              lambda u, s, b, sign=-1.0: _EXP_POWER_OVERFLOWED_APART(u, s, b, sign=-sign),
              lambda u, s, b, sign=-1.0: _EXP_POWER_OVERFLOWED_APART(u, s, b, sign=sign))


def _minus_exp_power(z, b, expm1=False, log_z=None):
    """``-exp(z^b)`` (``expm1``: ``-expm1(z^b)``), :data:`_EXP_POWER_OVERFLOWED` where it overflows (of u and the
    scale apart, :data:`_EXP_POWER_OVERFLOWED_APART`, with ``log_z`` of a traced u or scale: :func:`_log_of_z`'s)."""
    with np.errstate(over="ignore"):
        over = np.broadcast_to(np.asarray(_minus_exp_power_overflowed_value(_plain(z), _plain(b))) == -np.inf,
                               np.broadcast_shapes(np.shape(_plain(z)), np.shape(_plain(b))))

        def overflowed(z):
            if log_z is None or not getattr(log_z, "apart", False):
                return _EXP_POWER_OVERFLOWED(z, b)
            u, scale = log_z.u, log_z.scale
            # (on z's own entries: where it overflows z is z itself, not a stand-in)
            return _EXP_POWER_OVERFLOWED_APART(np.where(over, u, scale), scale, b)
        return _piecewise(z, over, lambda z: -(np.expm1 if expm1 else np.exp)(np.power(z, b)), overflowed, 1.0, 1.0)


def _expm1_minus_value(w):
    """``e^w - 1 - w``: below ``|w| = 1/2`` as ``w^2`` times its series (``sum w^k / (k + 2)!``, k < 18: the last term
    below 1e-22 of the sum), where ``expm1(w) - w`` cancels; inf where ``e^w`` overflows."""
    w = np.asarray(w, dtype=float)
    with np.errstate(over="ignore"):
        small = np.abs(w) < 0.5
        return np.where(small, w * w * polynomial(np.where(small, w, 0.0), _EXPM1_MINUS_SERIES),
                        np.expm1(w) - w)[()]


_EXPM1_MINUS_SERIES = [1.0 / math.factorial(k + 2) for k in range(18)]
#: ``e^w - 1 - w`` as a primitive whose derivative is ``expm1(w)`` (then ``exp(w)``): through ``1 + w - exp(w)`` its
#: derivative ``1 - e^w`` cancelled, all its digits lost below w = 1e-16 (exponpow.pdf(x, 2)'' at x = 1e-100 was 0, the
#: truth -2e-299; pdf(x, 1)' at 1e-10 was 8e-8 relative off)
_EXPM1_MINUS = OwnPrimitive(_expm1_minus_value, name="wengert.scipy.stats (expm1(w) - w)", reenters="any")
_def_partials(_EXPM1_MINUS, lambda w: np.expm1(w))


def _exponpow_log_density(z, b, scale, log_z=None):
    """``log b + (b - 1) log z - (e^w - 1 - w) - log(scale)``, ``w = z^b`` (:data:`_EXPM1_MINUS`); from ``w = 700`` on
    ``1 - e^w`` for ``-(e^w - 1 - w)`` (``w`` below 1e-300 of it: at z = 1e300 SciPy's and the sum here were ``inf - inf``
    = NaN, the truth -inf). ``log_z`` (:func:`_log_of_z`'s): ``(b - 1) log z`` with its derivatives in x and in scale
    apart (through z d2/dx dscale of exponpow.logpdf(1e-100, 0.5) was 0.0, the truth 0.5)."""
    pb = np.asarray(_plain(b), dtype=float)

    def rest_of(z):
        with np.errstate(over="ignore", invalid="ignore"):  # (-inf where exp(z^b) overflows: the truth's rounding)
            big = np.broadcast_to(np.power(np.asarray(_plain(z), dtype=float), pb) > 700.0,
                                  np.broadcast_shapes(np.shape(_plain(z)), pb.shape))
            return _piecewise(z, big, lambda z: _exponpow_small(z, b, pb), lambda z: 1.0 + _minus_exp_power(z, b,
                                                                                                          log_z=log_z), 1.0,
                              _gengamma_z_at(1e3, pb))
    end = np.broadcast_to((np.asarray(_plain(z)) == 0) & (pb != 1.0), np.broadcast_shapes(np.shape(_plain(z)), pb.shape))
    if np.any(end) and isinstance(z, (Var, Dual)) and not isinstance(b, (Var, Dual)) and not isinstance(scale, (Var, Dual)):
        # at z = 0 the z-derivatives of (b - 1) log z, (b - 1) (-1)^(n - 1) (n - 1)! / z^n, outgrow the rest's (of
        # z^(k b): z^(k b - n)), the only ones with b and scale plain: its 0, constant there (the second derivative
        # in x of exponpow.logpdf(0, 0.5) was inf - inf = NaN, the one-sided limit +inf). Not for a traced b (the
        # rest's z^(k b) log(z)^j counts from the third order) or scale (d2/dx dscale reads the rest's z S'' + S':
        # 1 / (2 scale^2) at b = 1/2)
        rest = np.where(end, 0.0, rest_of(np.where(end, 0.5, z)))
    else:
        rest = rest_of(z)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.log(b) + _xlog_z(b - 1.0, z, log_z) + rest - _log_of(scale)


def _exponpow_small(z, b, pb):
    """``-(e^w - 1 - w)``, ``w = z^b``, below ``w = 700``; below ``w = 1e-4`` as its series ``-sum_k z^(k b) / k!``, k = 2
    .. 5 (the next term below 3e-18 of the first), each power of z on its own: through w at z = 0 the derivative
    ``(e^w - 1) b z^(b - 1)`` was 0 times inf, and d/dx of exponpow.logpdf(0, 0.5) NaN, the truth -inf (the terms'
    derivatives ``-k b z^(k b - 1) / k!`` all of one sign)."""
    with np.errstate(over="ignore", divide="ignore"):
        tiny = np.broadcast_to(np.power(np.asarray(_plain(z), dtype=float), pb) < 1e-4,
                               np.broadcast_shapes(np.shape(_plain(z)), pb.shape))
    # (the series' stand-in z = 1e-50, not 0: its powers' derivatives k b z^(k b - n) at 0 were 0^-0.4 under a second
    # order, a RuntimeWarning from wg.hessian of exponpow.logpdf at x = [1e-33, 1] with b = 0.3; at 1e-50 they are finite
    # to the third order for every b > 0, and the entry is not kept)
    return _piecewise(z, tiny, lambda z: -_EXPM1_MINUS(np.power(z, b)), lambda z: -sum(
        np.power(z, k * b) / math.factorial(k) for k in range(2, 6)), 1.0, 1e-50)


def _exponpow_density(z, b, scale, log_z=None):
    """``exp`` of the log density, with powers at and near ``z = 0`` (:func:`_density_from_zero`: the density is
    0, 1 or inf there, its log's slope ``(b - 1) / z``), 0 with derivatives 0 far out. Near 0, where the z-derivatives
    of ``exp(1 + w - e^w)`` (``w = z^b``) are below rounding beside those of ``z^(b - 1)`` (their ratio about ``b w^2 /
    (1 - b)``), they are dropped (in b kept): through the product the second derivative met ``w'' (1 - e^w)``, ``inf *
    -w`` (exponpow.pdf(1e-300, 0.5)'' was NaN, the truth +inf). At scale 1, over ``scale`` (SciPy's ``_pdf / scale``):
    through exp of the log density with ``-log(scale)`` in it its rounding, ulp(690) at scale 1e300, reached the value
    and d/db (exponpow.pdf(0.5, 1, 0, 1e300) 2.4e-14 off, its log density right)."""
    pb = np.asarray(_plain(b), dtype=float)

    def whole(z, b):
        with np.errstate(over="ignore"):
            return b * z ** (b - 1.0) * np.exp(-_EXPM1_MINUS(z ** b))

    def leading(z, b):
        return b * z ** (b - 1.0) * np.exp(-_EXPM1_MINUS(stop_gradient(z) ** b))

    def powers(z):
        pz = np.asarray(_plain(z), dtype=float)
        with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
            w = np.power(pz, pb)
            drop = np.broadcast_to((pz > 0) & (pb != 1.0) & ((1.0 + pb) ** 2 * w * w < _BELOW_ROUNDING * np.minimum(
                np.abs(pb - 1.0), np.abs((pb - 1.0) * (pb - 2.0)))), np.broadcast_shapes(pz.shape, pb.shape))
        if not np.any(drop) or type(z) not in (Var, Dual):
            return whole(z, b)
        return _two_forms(drop, whole, leading, (z, b), (0.5, 2.0), (0.5, 2.0))
    return _density_from_zero(z, lambda z: _exponpow_log_density(z, b, 1.0, log_z), powers, pb - 1.0,
                              lambda z: _exponpow_log_density(z, pb, 1.0), over=scale)


def _exponpow_series():
    """The coefficients (from Fractions) of ``log r(w) = sum_k e_k w^k``, ``r(w) = (1 - exp(1 - e^w)) / w`` (k = 1..40;
    r's zeros nearest 0 are at ``|log(1 + 2 pi i)| = 1.65``: below w = 1/2 the last term is below 1e-21 of the sum)."""
    n = 42
    v = [Fraction(0)] + [Fraction(1, math.factorial(k)) for k in range(1, n)]  # e^w - 1
    e = [Fraction(1)]  # exp(-v): k E_k = -sum_j j v_j E_(k - j)
    for k in range(1, n):
        e.append(-sum(j * v[j] * e[k - j] for j in range(1, k + 1)) / k)
    r = [-e[k + 1] for k in range(n - 1)]  # (1 - exp(-v)) / w
    log_r = [Fraction(0)]  # k L_k = k r_k - sum_j<k j L_j r_(k - j)
    for k in range(1, n - 1):
        log_r.append(r[k] - sum(j * log_r[j] * r[k - j] for j in range(1, k)) / k)
    assert r[0] == 1
    return [float(c) for c in log_r]


_EXPONPOW_LOG_R = _exponpow_series()
#: Below this ``w = z^b`` exponpow's log cdf is ``b log z + log r(w)`` by its series (:func:`_exponpow_series`)
_EXPONPOW_SERIES_BELOW = 0.5


#: ``b log z + log r(z^b)`` (exponpow's log cdf where ``z^b < 1/2``), :func:`_log_power_series`
_EXPONPOW_LOG_CDF = _log_power_series("wengert.scipy.stats.exponpow (the log cdf near 0)",
                                      lambda b: (b, 1.0, _EXPONPOW_LOG_R, [0.0] * len(_EXPONPOW_LOG_R)))
#: its ``log r(z^b)`` alone (``b log z`` apart, from :func:`_log_of_z`)
_EXPONPOW_LOG_CDF_REST = _log_power_series("wengert.scipy.stats.exponpow (the log cdf near 0 less b log z)",
                                           lambda b: (0.0, 0.0, _EXPONPOW_LOG_R, [0.0] * len(_EXPONPOW_LOG_R)))


@functools.lru_cache(maxsize=None)
def _exponpow_terms(n):
    """``e log z + sum_k<=n e_k z^(k c)`` (e = c = b; :data:`_EXPONPOW_LOG_R`'s e_k) as :data:`_Z_TERMS`'s terms."""
    return (((0, 0, 1, 0, 0, 1, 0), 1.0),) + tuple(((k, 0, 0, 0, 0, 0, 0), d) for k, d in enumerate(
        _EXPONPOW_LOG_R[:n + 1]) if k and d)


def _exponpow_near_end(z, b, power_z):
    """exponpow's log cdf ``b log z + log r(w)`` (w = z^b) as one primitive of x - loc and scale (:func:`_power_of_z`'s),
    its series to the term below 1e-20 of the first at the largest w (each term's derivatives cost: 3 terms at w =
    1e-8, 40 at w = 1/2)."""
    pw = np.asarray(_plain(z), dtype=float) ** np.asarray(_plain(b), dtype=float)
    top = float(np.max(np.where(pw > 0, pw, 0.0), initial=0.0))
    n = 40 if top >= 0.5 else 2 if top == 0.0 else min(40, 2 + math.ceil(-20.0 / math.log10(top)))
    return power_z(z, b, terms=_exponpow_terms(n), e=b)


def _exponpow_log_cdf_w1(w):
    with np.errstate(over="ignore"):
        return np.exp(w) / np.expm1(np.expm1(w))


#: exponpow's log cdf ``f(w) = log1p(-exp(-expm1(w)))`` of ``w = z^b`` as one primitive, ``f' = e^w / expm1(expm1(w))``
#: (:data:`_EXPONPOW_LOG_CDF_W1`, ``f'' = f' (1 - f' e^(expm1(w)))``), for :func:`_exponpow_tail` where ``b / (x - loc)``
#: squared overflows (w above 1/2 there needs b < 0.002): through expm1, exp and log1p each op's second derivative
#: had ``w'' + w'^2`` (or its kin), ``-inf + inf``: jacfwd(jacfwd) of exponpow.logcdf(1e-300, 0.001, 0, 1.5) was NaN in
#: d2/dx2 (-inf), inf in d2/dx dscale (1.373e293), -inf in d2/dscale2 (4.0098e-4); now f' w'' + f'' w'^2, both -inf
_EXPONPOW_LOG_CDF_W1 = OwnPrimitive(_exponpow_log_cdf_w1, name="wengert.scipy.stats.exponpow (d/dw of the log cdf in w)",
                                    reenters="any")
_def_partials(_EXPONPOW_LOG_CDF_W1, lambda w: _EXPONPOW_LOG_CDF_W1(w) * (1.0 - _EXPONPOW_LOG_CDF_W1(w) * np.exp(
    np.expm1(w))))
_EXPONPOW_LOG_CDF_W = OwnPrimitive(lambda w: np.log1p(-np.exp(-np.expm1(w))),
                                   name="wengert.scipy.stats.exponpow (the log cdf in w)", reenters="any")
_def_partials(_EXPONPOW_LOG_CDF_W, _EXPONPOW_LOG_CDF_W1)


def _exponpow_tail(upper, log):
    """The cdf ``-expm1(-expm1(w))`` (``w = z^b``), the sf ``exp(-expm1(w))``, the log sf ``-expm1(w)``, the log cdf
    :data:`_EXPONPOW_LOG_CDF` below ``w = 1/2`` and ``log1p(-sf)`` above; the cdf, sf and log cdf constants with
    derivatives 0 where the log sf is below ``_VANISHING_LOG`` (``e^w`` overflows from w = 709). The log cdf with
    ``log_z`` (:func:`_log_of_z`'s): near 0 ``b log z`` from it (its derivatives in x and in scale apart) and ``log
    r(w)`` through z, but where the rest's second z-derivative, ``b (b - 1) z^(b - 2)``, overflows (b < 1 near 1e-300):
    through z d2/dx dscale of exponpow.logcdf(1e-8, 1.5) was -3e-8, the truth 1.5e-16, at 1e-200 inf (d2/dscale2 -inf)
    for 0 (1.5); at b = 0.5 0.1875 at 1e-15 for 1/6. There, with ``power_z`` (:func:`_power_of_z`'s), the whole series
    as one primitive of x - loc and scale (:func:`_exponpow_near_end`): through z d2/dx dscale of
    exponpow.logcdf(1e-300, 0.5, 0, 2) was +inf, the truth 1/24, d2/dscale2 -inf for 1/8."""
    def tail(z, b, scale, log_z=None, power_z=None):
        if upper and log:
            with np.errstate(over="ignore"):
                return _minus_exp_power(z, b, expm1=True, log_z=log_z)
        if upper or not log:
            log_z = None
        pb = np.asarray(_plain(b), dtype=float)
        with np.errstate(over="ignore"):
            if not log:
                def form(z):
                    return np.exp(-np.expm1(np.power(z, b))) if upper else -np.expm1(-np.expm1(np.power(z, b)))
            else:
                def form(z):
                    with np.errstate(divide="ignore", under="ignore"):
                        small = pb * np.log(np.asarray(_plain(z), dtype=float)) < math.log(_EXPONPOW_SERIES_BELOW)
                    return _piecewise(z, np.broadcast_to(small, np.broadcast_shapes(small.shape, pb.shape)),
                                      lambda z: apart(z, lambda z: np.log1p(-np.exp(-np.expm1(np.power(z, b)))),
                                                      lambda w: np.log1p(-np.exp(-np.expm1(w))), 0.0),
                                      lambda z: near_zero(z), 1.0, _gengamma_z_at(0.1, pb))

                def apart(z, through_z, of_w, lead):
                    # (b < 1, x - loc or the scale traced: lead t + f(w), t = b log z from log_z (its derivatives in x
                    # and scale apart), w = z^b exp(t - t0) (t0 t's value): each derivative of w is w times t's; through
                    # z d2/dx dscale, -(z L'' + L') / scale^2, lost the factor b of its terms b / z, 1.5e-12 off at
                    # exponpow.logcdf(1e-20, 0.005, 0, 2); z^(b - 1) of power_z's its exponent's rounding times log z)
                    def in_t(z):
                        t = log_z(z, b)
                        return of_w(np.power(_plain(z), pb) * np.exp(t - stop_gradient(t))) + lead * t
                    if not getattr(log_z, "apart", False):
                        return through_z(z)
                    # (not where t's slope b / (x - loc) squared overflows: forward over forward's w'' = w (t'' + t'^2)
                    # was -inf + inf, NaN for d2/dx2 = -inf at exponpow.logcdf(1e-160, 0.9, 0, 2); through z right there)
                    x_loc = np.asarray(_plain(z), dtype=float) * np.asarray(_plain(scale), dtype=float)
                    below = (pb < 1.0) & (np.abs(pb) < 2.0 ** 500 * np.abs(x_loc))
                    below = np.broadcast_to(below, np.broadcast_shapes(np.shape(x_loc), pb.shape))
                    return _piecewise(z, below, through_z if power_z is None or lead else lambda z: _EXPONPOW_LOG_CDF_W(
                        power_z(z, b)), in_t, 0.5, 0.5)

                def near_zero(z):
                    if log_z is None:
                        return _EXPONPOW_LOG_CDF(z, b)
                    return _piecewise(z, _power_second_overflows(z, pb),
                                      lambda z: apart(z, lambda z: log_z(z, b) + _EXPONPOW_LOG_CDF_REST(z, b),
                                                      lambda w: _EXPONPOW_LOG_CDF_REST(w, 1.0), 1.0),
                                      lambda z: _EXPONPOW_LOG_CDF(z, b) if power_z is None else _exponpow_near_end(
                                          z, b, power_z), 1e-20, 1e-20)

            def plain_log_sf(z):
                with np.errstate(over="ignore"):
                    return -np.expm1(np.asarray(z, dtype=float) ** pb)
            return _vanishing(plain_log_sf, form, z, 1.0, -0.0 if log else 0.0 if upper else 1.0)
    return tail


_shape_functions(exponpow, ("b",), _exponpow_check, [
    (name, inside, function, outside, formula, f"round(float(exponpow.{name}(0.5, 1.5)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _exponpow_log_density, -np.inf,
         "``1 + log b + (b - 1) log z + z^b - exp(z^b) - log(scale)`` on ``z >= 0``, ``-inf`` below.", "-0.011674"),
        ("pdf", lambda z: z >= 0, _exponpow_density, 0.0,
         "``b z^(b - 1) exp(1 + z^b - exp(z^b)) / scale`` on ``z >= 0``, 0 below.", "0.988394"),
        ("cdf", lambda z: z >= 0, _exponpow_tail(False, False), 0.0,
         "``-expm1(-expm1(z^b))`` on ``z >= 0``, 0 below.", "0.345654"),
        # (at z = 0: b log z - z^(2b) / 6 + O(z^(3b)), log w - w / 2 + w^2 / 24 at w = expm1(z^b))
        ("logcdf", lambda z: z >= 0, _with_lower_end(_exponpow_tail(False, True), lambda log_z, b: log_z.end(
            b, -1.0 / 6.0, 2.0 * b)), -np.inf,
         "The log of the cdf (``b log z`` and a series in ``z^b`` near 0), ``-inf`` at and below 0.", "-1.062317"),
        ("sf", lambda z: z >= 0, _exponpow_tail(True, False), 1.0,
         "``exp(-expm1(z^b))`` on ``z >= 0``, 1 below.", "0.654346"),
        ("logsf", lambda z: z >= 0, _exponpow_tail(True, True), 0.0,
         "``-expm1(z^b)`` on ``z >= 0``, 0 below.", "-0.424119"),
    )])


def _exponpow_log_pdf_plain(x, b):
    with np.errstate(over="ignore", divide="ignore"):
        w = x ** b
        return 1.0 + np.log(b) + sc.xlogy(b - 1.0, x) + w - np.exp(w)


_EXPONPOW_ISF_TINY = _quantile_primitive("exponpow.isf", lambda q, b: np.log1p(-np.log(q)) ** (1.0 / b),
                                         _exponpow_log_pdf_plain, -1.0,
                                         lambda q, b, isf: -isf(q, b) * np.log(isf(q, b)) / b)
#: Below this q exponpow's isf is one primitive (:data:`_EXPONPOW_ISF_TINY`): through ``log1p(-log q)^(1/b)`` its
#: second derivative in q was inf - inf = NaN from q = 1e-154 (the truth +inf)
_EXPONPOW_TINY_Q = 1e-150


def _exponpow_quantile(name, q, b, loc, scale, upper):
    _shapes_positive(name, b, names=["b"])

    def standard(q, b):
        if not upper:
            return np.log1p(-np.log1p(-q)) ** (1.0 / b)
        tiny = np.broadcast_to(np.asarray(_plain(q)) < _EXPONPOW_TINY_Q,
                               np.broadcast_shapes(np.shape(_plain(q)), np.shape(_plain(b))))
        return _two_forms(tiny, lambda q, b: np.log1p(-np.log(q)) ** (1.0 / b), _EXPONPOW_ISF_TINY, (q, b), (0.5, 1.0),
                          (1e-200, 1.0))
    return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(b,), steep_mixed=_power_steep),
                        q, b, loc, scale)


_quantiles(exponpow, "b", _exponpow_quantile, (
    ("``loc + scale log1p(-log1p(-q))^(1/b)``.", "round(float(exponpow.ppf(0.5, 2.0)), 6)", "0.725665"),
    ("``loc + scale log1p(-log q)^(1/b)``.", "round(float(exponpow.isf(0.5, 2.0)), 6)", "0.725665")))
_add_quantile_summaries("exponpow")
_add_quadrature_entropy("exponpow", (2.5,))
_add_quadrature_moments("exponpow", (2.5,), ("b",))


# -- genexpon (the generalized exponential: a hazard rising from a to a + b at the rate c) ------------


class genexpon:
    """The generalized exponential distribution, as ``scipy.stats.genexpon``: ``(a + b (1 - e^(-c z))) exp(-a z - b z
    + (b / c)(1 - e^(-c z)))`` on ``z >= 0`` (``a, b, c > 0``); differentiable in x (or q), a, b, c, loc and scale.
    The log sf is ``-F(z)``, ``F(z) = a z + (b / c) g(c z)``, ``g(y) = e^-y - 1 + y`` (:data:`_EXPM1_MINUS`, its series
    below ``|y| = 1/2``: SciPy's ``-(a + b) z + (b / c)(1 - e^(-c z))`` cancels near 0, ``b / a`` times: its
    ``cdf(1e-6, 1e-8, 1, 1)`` is 3.3e-10 relative off); the density ``(a - b expm1(-c z)) e^-F``, the cdf
    ``-expm1(-F)``, each log tail exact. The quantiles the root of ``F(z) = -log1p(-q)`` (ppf) or ``-log q`` (isf), F
    increasing and convex: Newton's plain root from ``R / a`` polished to second order (``z0 + d - F'' d^2 / (2 F')``, ``d
    = (R - F(z0)) / F'``; SciPy's Lambert W form ``t + W(-b/s e^-t)`` cancels near q = 0: its ``ppf(1e-10, 1, 2, 3)`` is
    1e-7 relative off). The mean ``sum_n k^n / (s)_(n+1) / c``, ``k = b / c``, ``s = (a + b) / c`` (positive terms) where
    ``k / s <= 1/2``, else ``e^k k^-s Gamma(s) P(s, k) / c`` (gamma's log cdf in its shape); the variance (SciPy
    integrates it) and the entropy by quadrature in the probability (``_common._probability_quadrature``: SciPy integrates the density).

    >>> from wengert.scipy.stats import genexpon
    >>> round(float(genexpon.mean(1.0, 2.0, 3.0)), 6)
    0.473867

    .. versionadded:: 0.1
    """


def _genexpon_shapes(name, a, b, c):
    _shapes_positive(name, a, b, c, names=["a", "b", "c"])
    if not all(np.all(np.isfinite(_plain(v))) for v in (a, b, c)):
        raise ValueError(f"{name}: a, b and c must be finite (SciPy gives NaN)")


def _genexpon_check(name, z, a, b, c):
    _genexpon_shapes(name, a, b, c)


def _genexpon_f(z, a, b, c):
    """``F(z) = a z + (b / c) g(c z) = -log sf``, ``g(y) = e^-y - 1 + y``, as ``a z + b z h(c z)``, ``h(y) = g(y) / y``
    (below y = 1/2 its series ``y sum (-y)^k / (k + 2)!``): through ``(b / c) g(c z)`` d2/dc2 was three terms of size
    ``b z^2 / c`` cancelling to ``b z^3 c / 3`` (6e-9 relative off at z = 1e-7)."""
    return a * z + b * z * _genexpon_h(z, c)


def _genexpon_h(z, c):
    y = c * z
    return _piecewise(y, np.asarray(_plain(y), dtype=float) >= 0.5, lambda y: y * polynomial(-y, _EXPM1_MINUS_SERIES),
                      lambda y: _EXPM1_MINUS(-y) / y, 0.1, 1.0)


def _genexpon_log_cdf_near_zero(z, a, b, c, log_z):
    """``log(1 - e^-F)`` for ``F = z (a + b h(c z)) < 1/2`` as ``log z + log(a + b h(c z)) + log((1 - e^-F) / F)``,
    ``log z`` from ``log_z`` (:func:`_log_of_z`: its derivatives in x and in scale apart): through ``F``, d2/dx da was
    ``L''(F) F_x F_a + L'(F) F_xa``, two terms of size ``1 / (a z)`` cancelling (genexpon.logcdf(1e-6, 0.5, 3, 2):
    2.4e-11 relative off, 3e-11 at 1e-8), and d2/dx dscale ``1 / z - 1 / z``."""
    h = _genexpon_h(z, c)
    with np.errstate(divide="ignore"):
        # (at z = 0 itself log_z's end: -inf with the limits from inside as its derivatives, log u and log scale apart;
        # through np.log(z) (dz/dscale = 0 there) d/dscale of genexpon.logcdf(loc, 1.5, 0.7, 2, loc, 2) was 0 for -1/s,
        # d2/dscale2 0 for 1/s^2)
        on = np.asarray(_plain(z)) >= 0
        log_of_z = np.where(on, log_z(z, 1.0, end=True), np.log(np.where(on, 1.0, z)))
    return log_of_z + np.log(a + b * h) + _log_expm1_ratio(a * z + b * z * h)


def _genexpon_log_rate(z, a, b, c):
    """``log(a + q)``, ``q = b (1 - e^-cz)``, from the larger of the two: ``log a + log1p(q / a)`` where ``q <= a`` (through
    ``log(a + q)`` logpdf(1e-6, 1, 2, 3) lost 6e-12), ``log b + log(1 - e^-cz) + log1p(a / q)`` where ``q > a``: through
    ``log a + log1p(q / a)`` there d/da was ``1 / a - q / (a (a + q))``, two terms of size ``1 / a`` cancelling to
    ``1 / (a + q)`` (d/da of genexpon.logpdf(0.36, 1e-6, 1, 1) 1.8e-11 off, d2/da2 6e-5: the entropy's Hessian in a
    5.9e-5 off there)."""
    q = -b * np.expm1(-c * z)
    big = np.asarray(_plain(q) > _plain(a))
    if not np.any(big):
        return np.log(a) + np.log1p(q / a)
    zb = np.where(big, z, 1.0)
    qb = -b * np.expm1(-c * zb)
    with np.errstate(divide="ignore"):
        larger = np.log(b) + _log1mexp(-c * zb) + np.log1p(a / qb)
    return np.where(big, larger, np.log(a) + np.log1p(np.where(big, 0.0, q) / a))


def _genexpon_function(name):
    def on_support(z, a, b, c, scale, log_z=None):
        f = _genexpon_f(z, a, b, c)
        if name == "logsf":
            return -f
        if name == "sf":
            return np.exp(-f)
        if name == "cdf":
            return -np.expm1(-f)
        if name == "logcdf":  # (log1p(-sf) where the sf is below 1/2; log z apart where F < 1/2)
            def whole(z, f=None):
                f = _genexpon_f(z, a, b, c) if f is None else f
                far = np.asarray(_plain(f)) > _LOG_2
                return _piecewise(f, far, lambda f: np.log(-np.expm1(-f)), lambda f: np.log1p(-np.exp(-f)), 0.1, 1.0)
            near = np.asarray(_plain(f)) < 0.5
            if log_z is None or not np.any(near) or np.shape(near) != np.shape(_plain(z)):
                return whole(z, f)
            return _piecewise(z, near, whole, lambda z: _genexpon_log_cdf_near_zero(z, a, b, c, log_z), 1.0, 1e-300)
        if name == "logpdf":
            return _genexpon_log_rate(z, a, b, c) - f - _log_of(scale)
        return (a - b * np.expm1(-c * z)) * np.exp(-f) / scale

    below = {"logpdf": -np.inf, "pdf": 0.0, "cdf": 0.0, "logcdf": -np.inf, "sf": 1.0, "logsf": 0.0}[name]

    def function(z, a, b, c, scale, log_z=None):
        pz = np.asarray(_plain(z), dtype=float)
        inside = pz >= 0
        if np.all(inside):
            return on_support(z, a, b, c, scale, log_z)
        with np.errstate(divide="ignore"):
            return np.where(inside, on_support(np.where(inside, z, 1.0), a, b, c, scale, log_z), below)
    return function


_shape_functions(genexpon, ("a", "b", "c"), _genexpon_check, [
    (name, lambda z: np.ones(np.shape(z), bool), _genexpon_function(name), np.nan, formula,
     f"round(float(genexpon.{name}(0.5, 1.0, 2.0, 3.0)), 6)", value) for name, formula, value in (
        ("logpdf", "``log(a - b expm1(-c z)) - F(z) - log(scale)`` on ``z >= 0``, ``F(z) = a z + (b / c)(e^(-c z) - 1 + "
         "c z)``; ``-inf`` below.", "-0.044528"),
        ("pdf", "``(a - b expm1(-c z)) exp(-F(z)) / scale`` on ``z >= 0``, 0 below.", "0.956449"),
        ("cdf", "``-expm1(-F(z))``.", "0.625471"),
        ("logcdf", "``log(-expm1(-F(z)))``, ``log1p(-exp(-F))`` where the sf is below 1/2.", "-0.46925"),
        ("sf", "``exp(-F(z))``.", "0.374529"),
        ("logsf", "``-F(z)``, ``e^(-c z) - 1 + c z`` by its series near 0 (no cancellation).", "-0.982087"))])


def _genexpon_root_plain(r, a, b, c):
    """The plain root of ``F(z) = r`` (flat arrays, r finite and >= 0): Newton's method from ``r / a`` (F is
    increasing and convex, ``F(z) >= a z``: the iterates fall to the root), to a step of 1e-9 relative."""
    z = r / a
    with np.errstate(all="ignore"):
        for _ in range(200):
            step = (_genexpon_f(z, a, b, c) - r) / (a - b * np.expm1(-c * z))
            step = np.where(np.isfinite(step), step, 0.0)
            z = np.maximum(z - step, 0.0)
            if np.all(np.abs(step) <= 1e-9 * z):
                break
    return z


def _genexpon_standard_quantile(upper):
    """``standard(q, a, b, c)``: the root ``z`` of ``F(z) = R``, ``R = -log1p(-q)`` (ppf) or ``-log q`` (isf), polished
    to second order at the plain root ``z0``: ``z0 + d - F'' d^2 / (2 F')``, ``d = (R - F(z0)) / F'``, ``F' = a - b
    expm1(-c z0)``, ``F'' = b c e^(-c z0)``; ``+inf`` where R is (q = 1 for the ppf, 0 for the isf)."""
    def standard(q, a, b, c):
        pq = np.asarray(_plain(q), dtype=float)
        pa, pb, pc = (np.asarray(_plain(v), dtype=float) for v in (a, b, c))
        shape = np.broadcast_shapes(pq.shape, pa.shape, pb.shape, pc.shape)
        with np.errstate(divide="ignore"):
            pr = np.broadcast_to(-np.log(pq) if upper else -np.log1p(-pq), shape)
        infinite = np.isinf(pr)
        z0 = np.zeros(shape)
        if np.any(~infinite):
            flat = [np.broadcast_to(v, shape)[~infinite] for v in (pr, pa, pb, pc)]
            z0[~infinite] = _genexpon_root_plain(*flat)

        def polished(q, a, b, c, z0):
            r = -np.log(q) if upper else -np.log1p(-q)
            slope = a - b * np.expm1(-c * z0)
            d = (r - _genexpon_f(z0, a, b, c)) / slope
            return z0 + d - 0.5 * b * c * np.exp(-c * z0) * d * d / slope

        def at_infinity(q, a, b, c, z0):
            return np.full(shape, np.inf) + 0.0 * q
        return _two_forms(infinite, polished, at_infinity, (q, a, b, c, z0), (0.5, 1.0, 1.0, 1.0, 0.5),
                          (0.5, 1.0, 1.0, 1.0, 0.5))
    return standard


def _genexpon_quantile(name, q, a, b, c, loc, scale, upper):
    _genexpon_shapes(name, a, b, c)
    with np.errstate(divide="ignore"):
        return _in_dtype_of(_located(name, q, loc, scale, _genexpon_standard_quantile(upper), shapes=(a, b, c)),
                            q, a, b, c, loc, scale)


_quantiles(genexpon, ("a", "b", "c"), _genexpon_quantile, (
    ("``loc + scale z``, ``z`` the root of ``F(z) = -log1p(-q)``, polished to second order.",
     "round(float(genexpon.ppf(0.3, 1.0, 2.0, 3.0)), 6)", "0.229478"),
    ("``loc + scale z``, ``z`` the root of ``F(z) = -log(q)``, polished to second order.",
     "round(float(genexpon.isf(0.7, 1.0, 2.0, 3.0)), 6)", "0.229478")))

#: the mean's series sum_n k^n / (s)_(n+1) where k / s <= 1/2: 60 terms (the rest below 2^-60 of the sum)
_GENEXPON_TERMS = 60


def _genexpon_mean(a, b, c):
    """``(1 / c) sum_n k^n / (s)_(n+1)``, ``k = b / c``, ``s = (a + b) / c`` (positive terms, ratio ``k / (s + n + 1)``)
    where ``k / s = b / (a + b) <= 1/2``; elsewhere ``exp(k - s log k + lgamma(s) + log P(s, k)) / c`` (gamma's log
    cdf, differentiable in its shape)."""
    pa, pb = (np.asarray(_plain(v), dtype=float) for v in (a, b))
    series_here = np.broadcast_to(pb <= pa, np.broadcast_shapes(pa.shape, pb.shape,
                                                                 np.shape(_plain(c))))

    def series(a, b, c):
        k, s = b / c, (a + b) / c
        term = 1.0 / s
        total = term
        for n in range(1, _GENEXPON_TERMS):
            term = term * k / (s + n)
            total = total + term
        return total / c

    def gamma_form(a, b, c):
        k, d = b / c, a / c
        s = k + d

        def small(k, d, s):
            return k - s * np.log(k) + sc.gammaln(s)

        def large(k, d, s):  # (Stirling's: the terms of size s log s cancelled, 7e-10 off at s = 1e6)
            return s * np.log1p(d / k) - d - 0.5 * np.log(s) + 0.5 * _LOG_2PI + polynomial(
                1.0 / (s * s), _PEARSON3_STIRLING) / s
        log_front = _two_forms(np.asarray(_plain(s), dtype=float) >= 16.0, small, large, (k, d, s), (1.0, 1.0, 2.0),
                               (20.0, 1.0, 21.0))
        return np.exp(log_front + gamma.logcdf(k, s)) / c
    return _two_forms(series_here, gamma_form, series, (a, b, c), (1.0, 2.0, 1.0), (2.0, 1.0, 1.0))


_add_quadrature_moments("genexpon", (1.0, 2.0, 3.0), _genexpon_shapes, _genexpon_mean,
                        " The mean is ``(1 / c) e^k k^-s gamma(s, k)``, ``k = b / c``, ``s = (a + b) / c``;")
_add_quantile_summaries("genexpon", (1.0, 2.0, 3.0))
_add_quadrature_entropy("genexpon", (1.0, 2.0, 3.0))


# -- rel_breitwigner (the relativistic Breit-Wigner distribution) -------------------------------------


class rel_breitwigner:
    """The relativistic Breit-Wigner distribution, as ``scipy.stats.rel_breitwigner``: ``k / ((z^2 - rho^2)^2 +
    rho^2)`` on ``z >= 0`` (``rho > 0``), ``k = 4 beta gamma / pi``; differentiable in x (or q), rho, loc and scale.
    With ``s = hypot(rho, 1)``, ``beta = rho s``, ``gamma = sqrt(rho / (2 (s + rho)))``, ``alpha = rho / gamma`` (the
    denominator is ``(z^2 + alpha z + beta)(z^2 - alpha z + beta)``): the cdf ``theta / pi + L / (2 pi (s + rho))``,
    ``theta = atan2(2 gamma z, beta - z^2)``, ``L = log1p(2 alpha z / ((z - alpha / 2)^2 + gamma^2))`` (positive
    terms; ``beta - z^2`` and ``z - alpha / 2`` from ``z - rho``, without the rounding of ``sqrt(beta)`` or ``alpha /
    2`` near rho: SciPy's complex arctan form gives cdf(1e6 + 0.3, 1e6) 8.8e-11 relative off); the sf its complement ``(pi -
    theta) / pi - L / (2 pi (s + rho))`` below ``z = 2 sqrt(beta)``, beyond the series ``k s y^3 sum_n (beta y^2)^n
    sin((n + 1) phi) / (2n + 3)``, ``y = 1 / z``, ``phi = atan2(1, rho)`` (the two terms above cancel there: the sf
    falls like ``k / (3 z^3)``); each log tail from its own end. The quantiles Newton's roots of the log tails
    (bracketed) polished to second order. Mean ``s gamma (1 + 2 atan(rho) / pi)``, variance ``beta - mean^2`` as
    ``(sqrt(beta) - mean)(sqrt(beta) + mean)`` (no cancellation at a large rho); the entropy in closed form
    (by residues; SciPy integrates it).
    rho up to 1e150 (beyond, ``rho^2`` overflows), for the quantiles up to 1e15 (beyond, floats near rho are spaced
    wider than the peak); ValueError elsewhere.

    >>> from wengert.scipy.stats import rel_breitwigner
    >>> round(float(rel_breitwigner.mean(2.0)), 6)
    1.852189

    .. versionadded:: 0.1
    """


#: the largest rho: beyond, rho^2 (in beta and the tails' forms) overflows
_RBW_RHO_MAX = 1e150


def _rbw_shapes(name, rho):
    _shapes_positive(name, rho, names=["rho"])
    if not np.all(np.asarray(_plain(rho), dtype=float) <= _RBW_RHO_MAX):
        raise ValueError(f"{name}: rho must be at most 1e150 (rho^2 overflows beyond; SciPy gives NaN at inf)")


def _rbw_check(name, z, rho):
    _rbw_shapes(name, rho)


def _rbw_constants(rho):
    """``s = hypot(rho, 1)``, ``beta = rho s``, ``gamma = sqrt(rho / (2 (s + rho)))``, ``alpha = rho / gamma``."""
    s = np.hypot(rho, 1.0)
    gamma_ = np.sqrt(rho / (2.0 * (s + rho)))
    return s, rho * s, gamma_, rho / gamma_


def _rbw_parts(z, rho, t=None):
    """``(theta, theta_c, L, c)``: ``theta = atan2(2 gamma z, beta - z^2)``, its complement ``pi - theta``,
    ``L = log1p(2 alpha z / ((z - alpha / 2)^2 + gamma^2))`` and ``c = 1 / (2 pi (s + rho))``; from ``z = sqrt(beta) / 2``
    on ``beta - z^2`` as ``(sqrt(beta) - z)(sqrt(beta) + z)``, ``sqrt(beta) - z = (rho - z) + rho / ((s + rho)(sqrt(beta)
    + rho))``, and ``z - alpha / 2 = (z - rho) - rho / (2 (s + rho)(alpha / 2 + rho))`` (exact near rho at a large rho;
    below, ``beta - z^2`` itself, and ``L = 2 atanh(alpha z / (z^2 + beta))``: through the factors d/dz was ``2z`` from
    terms of size rho, through log1p d2/dz2 terms of size 1 cancelled to O(z), 5e-10 off at z = 1e-5, rho = 50). ``t``: ``z - rho`` where it is given apart (a quantile near rho, :func:`_rbw_standard_quantile`)."""
    s, beta, gamma_, alpha = _rbw_constants(rho)
    if t is None:
        t = z - rho
    root_beta = np.sqrt(beta)
    pz, pbeta = np.asarray(_plain(z), dtype=float), np.asarray(_plain(beta), dtype=float)
    small = np.broadcast_to(4.0 * pz * pz < pbeta, np.broadcast_shapes(pz.shape, pbeta.shape, np.shape(_plain(t))))
    below = _two_forms(small, lambda z, t, beta, root_beta: ((rho / ((s + rho) * (root_beta + rho))) - t) * (
        root_beta + z), lambda z, t, beta, root_beta: beta - z * z, (z, t, beta, root_beta), (2.0, 0.0, 1.0, 1.0),
                       (0.1, -0.9, 1.0, 1.0))
    y = 2.0 * gamma_ * z

    def near_rho(z, t):
        off = t - rho / (2.0 * (s + rho) * (0.5 * alpha + rho))
        return np.log1p(2.0 * alpha * z / (off * off + gamma_ * gamma_))

    def near_zero(z, t):  # (L is odd in z: through log1p, d2/dz2 was two terms of size 1 cancelling to O(z))
        return 2.0 * np.arctanh(alpha * z / (z * z + beta))
    log_term = _two_forms(small, near_rho, near_zero, (z, t), (2.0, 0.0), (0.1, -0.9))
    return np.arctan2(y, below), np.arctan2(y, -below), log_term, 0.5 / (np.pi * (s + rho))


#: the sf's series in y = 1 / z from z = 2 sqrt(beta) on (beta y^2 <= 1/4): 32 terms, the rest below 2^-60 of it
_RBW_TERMS = 32


def _rbw_series(z, rho):
    """``(log(k s), S)``: the sf is ``k s y^3 S``, ``S = sum_n (beta y^2)^n sin((n + 1) phi) / (2n + 3)``, ``y = 1 /
    z``, ``phi = atan2(1, rho)`` (the integrand ``k u^2 / ((1 - a u^2)(1 - conj(a) u^2))``, ``a = rho^2 + i rho``,
    expanded in ``u``: its coefficients ``s beta^n sin((n + 1) phi)``)."""
    s, beta, gamma_, alpha = _rbw_constants(rho)
    y = 1.0 / z
    w = beta * y * y
    phi = np.arctan2(1.0, rho)
    total = np.sin(_RBW_TERMS * phi) / (2 * _RBW_TERMS + 1)
    for n in range(_RBW_TERMS - 2, -1, -1):
        total = total * w + np.sin((n + 1) * phi) / (2 * n + 3)
    return np.log(4.0 / np.pi) + np.log(beta) + np.log(gamma_) + np.log(s), total


def _rbw_far(z, rho):
    """Where ``|h| > 1``, ``h = (z - rho)(z + rho) / rho`` (plain, broadcast), and where moreover ``z > 2 rho``."""
    pz, prho = (np.asarray(_plain(v), dtype=float) for v in (z, rho))
    shape = np.broadcast_shapes(pz.shape, prho.shape)
    with np.errstate(all="ignore"):
        far = np.broadcast_to(np.abs((pz - prho) * ((pz + prho) / prho)) > 1.0, shape)
    return far, far & np.broadcast_to(pz > 2.0 * prho, shape)


def _rbw_h(z, rho, t):
    """``h = (z - rho)(z + rho) / rho``, below ``z = rho / 2`` as ``z (z / rho) - rho`` (through the factors d/dz was
    ``2 z / rho`` from terms of size 1)."""
    small = np.broadcast_to(np.asarray(_plain(z), dtype=float) < 0.5 * np.asarray(_plain(rho), dtype=float),
                            np.broadcast_shapes(*(np.shape(_plain(v)) for v in (z, rho, t))))
    return _two_forms(small, lambda z, rho, t: t * (z + rho) / rho, lambda z, rho, t: z * (z / rho) - rho,
                      (z, rho, t), (1.0, 1.0, 0.0), (0.1, 1.0, -0.9))


def _rbw_log_density(z, rho, t=None):
    """``log(k / rho^2) - log1p(h^2)`` (:func:`_rbw_h`); beyond ``|h| = 1`` as ``-2 log|h| - log1p(1 / h^2)``, from
    ``z = 2 rho`` on with ``log h = 2 log z + log1p(-(rho / z)^2) - log rho`` (no overflow of ``h^2``). ``t``: ``z -
    rho`` where it is given apart."""
    s, beta, gamma_, alpha = _rbw_constants(rho)
    if t is None:
        t = z - rho
    front = np.log(4.0 / np.pi) + np.log(s) + np.log(gamma_) - np.log(rho)
    far, huge = _rbw_far(z, rho)

    def near(z, rho, t):
        h = _rbw_h(z, rho, t)
        return -np.log1p(h * h)

    def beyond(z, rho, t):
        h = _rbw_h(z, rho, t)
        return -2.0 * np.log(np.abs(h)) - np.log1p((1.0 / h) ** 2)

    def above(z, rho, t):
        r = rho / z
        v = r / z / (1.0 - r * r)  # (1 / h)
        return -2.0 * (2.0 * np.log(z) + np.log1p(-r * r) - np.log(rho)) - np.log1p(v * v)
    def below_2rho(z, rho, t):  # (the stand-ins of the points beyond 2 rho: z = rho = 1, h = 0, near)
        return _two_forms(far & ~huge, near, beyond, (z, rho, t), (1.0, 1.0, 0.0), (3.0, 1.0, 2.0))
    return front + _two_forms(huge, below_2rho, above, (z, rho, t), (1.0, 1.0, 0.0), (3.0, 1.0, 2.0))


def _rbw_log_slope(z, rho, t=None):
    """``d/dz log density = -4 z h / (rho (1 + h^2))``; from ``z = 2 rho`` on ``-4 / (z (1 - (rho / z)^2)(1 + 1 /
    h^2))`` (no overflow)."""
    if t is None:
        t = z - rho
    far, huge = _rbw_far(z, rho)

    def near(z, rho, t):
        h = _rbw_h(z, rho, t)
        return -4.0 * z * h / (rho * (1.0 + h * h))

    def above(z, rho, t):
        r = rho / z
        v = r / z / (1.0 - r * r)
        return -4.0 / (z * (1.0 - r * r) * (1.0 + v * v))
    return _two_forms(huge, near, above, (z, rho, t), (1.0, 1.0, 0.0), (3.0, 1.0, 2.0))


def _rbw_tails(name, z, rho, t=None):
    """The cdf, sf or their logs at ``z >= 0`` finite: the closed forms below ``z = 2 sqrt(beta)``, the sf's series
    beyond; each log tail from its own end where it is below 1/2. ``t``: ``z - rho`` where it is given apart."""
    if t is None:
        t = z - rho
    pz, prho = (np.asarray(_plain(v), dtype=float) for v in (z, rho))
    shape = np.broadcast_shapes(pz.shape, prho.shape)
    with np.errstate(all="ignore"):
        series_here = np.broadcast_to(pz * pz >= 4.0 * prho * np.hypot(prho, 1.0), shape)

    def closed(z, rho, t):
        theta, theta_c, log_term, c = _rbw_parts(z, rho, t)
        cdf = theta / np.pi + c * log_term
        sf = theta_c / np.pi - c * log_term
        if name == "cdf":
            return cdf
        if name == "sf":
            return sf
        lower = np.asarray(_plain(cdf)) <= 0.5
        if name == "logcdf":
            return _rbw_log_from(lower, cdf, sf)
        return _rbw_log_from(~lower, sf, cdf)

    def series(z, rho, t):
        log_front, total = _rbw_series(z, rho)
        if name in ("sf", "cdf"):
            y = 1.0 / z
            sf = np.exp(log_front) * y * y * y * total  # (k s y first: no overflow of z^3 nor subnormal y^3)
            return sf if name == "sf" else 1.0 - sf
        log_sf = log_front - 3.0 * np.log(z) + np.log(total)
        return log_sf if name == "logsf" else np.log1p(-np.exp(log_sf))
    return _two_forms(series_here, closed, series, (z, rho, t), (0.5, 1.0, -0.5), (3.0, 1.0, 2.0))


def _rbw_log_from(here, small, complement):
    """``log(small)`` where the plain mask ``here`` holds, ``log1p(-complement)`` elsewhere."""
    if np.all(here):
        return np.log(small)
    if not np.any(here):
        return np.log1p(-complement)
    return np.where(here, np.log(np.where(here, small, 0.25)), np.log1p(-np.where(here, 0.25, complement)))


def _rbw_function(name):
    def on_support(z, rho, scale):
        if name in ("logpdf", "pdf"):
            log_density = _rbw_log_density(z, rho) - _log_of(scale)
            return log_density if name == "logpdf" else np.exp(log_density)
        return _rbw_tails(name, z, rho)

    below = {"logpdf": -np.inf, "pdf": 0.0, "cdf": 0.0, "logcdf": -np.inf, "sf": 1.0, "logsf": 0.0}[name]
    above = {"logpdf": -np.inf, "pdf": 0.0, "cdf": 1.0, "logcdf": 0.0, "sf": 0.0, "logsf": -np.inf}[name]

    def function(z, rho, scale):
        pz = np.asarray(_plain(z), dtype=float)
        inside = (pz >= 0) & (pz < np.inf)
        with np.errstate(divide="ignore"):
            if np.all(inside):
                return on_support(z, rho, scale)
            return np.where(inside, on_support(np.where(inside, z, 1.0), rho, scale), np.where(pz > 0, above, below))
    return function


#: Below this ``z^2 max(q, sqrt(r))`` (:func:`_rbw_log_cdf`) rel_breitwigner's log cdf is ``log z`` plus its series
_RBW_NEAR_ZERO = 1e-2


def _rbw_log_cdf(z, rho, scale, log_z):
    """The log cdf; where ``z^2 max(q, sqrt(r)) < _RBW_NEAR_ZERO`` (``q = 2 / (rho^2 + 1)``, ``r = 1 / (rho^2 (rho^2 +
    1))``: the density ``f(0) / (1 - q z^2 + r z^4)``) ``log z + log f(0) + log1p(sum_n>=1 c_n z^2n / (2n + 1))``, ``c_n
    = q c_(n-1) - r c_(n-2)`` to n = 10 (the next term below 1e-20 of the first), log z from x - loc and the scale
    apart (:func:`_log_of_z`): through the closed forms' z, d2/dx dscale of ``log z`` was ``1 / z - 1 / z`` in rounding
    and d2/dx drho the rounding of theta's: rel_breitwigner.logcdf(1e-20, 1.5, 0, 2) 8192 and 512 (12059 by reverse
    over forward), NaN at 1e-300, the truths -3.3e-21 and 1.6e-20."""
    pz, prho = (np.asarray(_plain(v), dtype=float) for v in (z, rho))
    with np.errstate(all="ignore"):
        q, r = 2.0 / (prho * prho + 1.0), 1.0 / (prho * prho * (prho * prho + 1.0))
        near = np.broadcast_to((pz >= 0) & (pz * pz * np.maximum(q, np.sqrt(r)) < _RBW_NEAR_ZERO),
                               np.broadcast_shapes(pz.shape, prho.shape))

    def series(z, rho):
        q, r = 2.0 / (rho * rho + 1.0), 1.0 / (rho * rho * (rho * rho + 1.0))
        coefficients = [1.0, q]
        for _ in range(9):
            coefficients.append(q * coefficients[-1] - r * coefficients[-2])
        y = z * z
        total = 0.0
        for n in range(10, 0, -1):
            total = (total + coefficients[n] / (2.0 * n + 1.0)) * y
        return log_z(z) + _rbw_log_density(0.0 * z, rho) + np.log1p(total)
    return _two_forms(near, lambda z, rho: _rbw_function("logcdf")(z, rho, scale), series, (z, rho), (1.0, 1.0),
                      (0.05, 1.0))


_shape_functions(rel_breitwigner, ("rho",), _rbw_check, [
    (name, lambda z: np.ones(np.shape(z), bool), _with_lower_end(_rbw_log_cdf, lambda log_z, rho: log_z.end(
        1.0, 0.0, 2.0) + _rbw_log_density(0.0, rho)) if name == "logcdf" else _rbw_function(name), np.nan, formula,
     f"round(float(rel_breitwigner.{name}(1.5, 2.0)), 6)", value) for name, formula, value in (
        ("logpdf", "``log(k / rho^2) - log1p(h^2) - log(scale)`` on ``z >= 0``, ``h = (z - rho)(z + rho) / rho``; "
         "``-inf`` below.", "-0.937186"),
        ("pdf", "``k / (rho^2 (1 + h^2)) / scale`` on ``z >= 0``, ``h = (z - rho)(z + rho) / rho``; 0 below.",
         "0.391729"),
        ("cdf", "``theta / pi + L / (2 pi (s + rho))`` (positive terms; see the class), ``1 - sf`` beyond ``z = 2 "
         "sqrt(beta)``.", "0.303486"),
        ("logcdf", "``log(cdf)``, ``log1p(-sf)`` where the cdf is above 1/2.", "-1.192419"),
        ("sf", "``(pi - theta) / pi - L / (2 pi (s + rho))``, beyond ``z = 2 sqrt(beta)`` its series in ``1 / z``.",
         "0.696514"),
        ("logsf", "``log(sf)``, ``log1p(-cdf)`` where the sf is above 1/2.", "-0.361668"))])


def _rbw_root_plain(target, rho, upper):
    """The plain root ``z`` of ``log cdf(z) = log target`` (``upper``: of the log sf) for flat arrays (target in (0,
    1/2], rho > 0): Newton's method in ``u = log z`` inside a bracket (a bisection where a step leaves it), from the
    bounds ``target / f(rho) <= z <= min(2 mean, sqrt(2 beta))`` for the cdf (the median is below both: Markov's and
    Chebyshev's inequalities) and ``(1 - target) / f(rho) <= z <= min(sqrt(beta / target), max(sqrt(2) rho, (4 k / (3
    target))^(1/3)))`` for the sf (``f(t) <= 4 k / t^4`` from ``t = sqrt(2) rho`` on)."""
    s, beta, gamma_, alpha = _rbw_constants(rho)
    k = 4.0 * beta * gamma_ / np.pi
    peak = 4.0 * s * gamma_ / (np.pi * rho)  # (f(rho) = k / rho^2, the density's largest value)
    log_target = np.log(target)
    with np.errstate(all="ignore"):
        if upper:
            lo = (1.0 - target) / peak
            hi = np.minimum(np.sqrt(beta) / np.sqrt(target),
                            np.maximum(np.sqrt(2.0) * rho, np.cbrt(4.0 * k / 3.0) / np.cbrt(target)))
            start = np.cbrt(k / 3.0) / np.cbrt(target)
        else:
            mean = s * gamma_ * (1.0 + 2.0 * np.arctan(rho) / np.pi)
            lo = target / peak
            hi = np.minimum(2.0 * mean, np.sqrt(2.0 * beta))
            start = target * peak / (peak * peak) * (1.0 + rho * rho)  # (target / f(0))
        z = np.where((start > lo) & (start < hi), start, np.sqrt(lo) * np.sqrt(hi))
        sign = -1.0 if upper else 1.0
        tail = "logsf" if upper else "logcdf"
        for _ in range(300):
            g = _rbw_tails(tail, z, rho) - log_target
            hi = np.where(sign * g > 0, z, hi)
            lo = np.where(sign * g < 0, z, lo)
            # (Newton's step on the log tail, -g / (d/dz log tail))
            new = z - sign * g * np.exp(_rbw_tails(tail, z, rho) - _rbw_log_density(z, rho))
            # (else a bisection: geometric while the bracket spans more than a factor 2, so that 1e-300 .. 1e100 takes
            # some 10 steps)
            middle = np.where(hi > 2.0 * lo, np.sqrt(lo) * np.sqrt(hi), lo + 0.5 * (hi - lo))
            new = np.where(np.isfinite(new) & (new > lo) & (new < hi), new, middle)
            new = np.where(g == 0, z, new)
            done = (np.abs(new - z) <= 2e-16 * z) | (hi - lo <= 4e-16 * hi)
            z = new
            if np.all(done):
                break
    return z


def _rbw_standard_quantile(upper):
    """``standard(q, rho)``: the root ``z`` of the lower tail where its target is at most 1/2 (``q`` for the ppf,
    ``1 - q`` for the isf), else of the sf; the plain root ``z0`` (:func:`_rbw_root_plain`) polished to second order:
    ``z0 + d - (f' / f) d^2 / 2``, ``d = (t - cdf(z0)) / f(z0)`` (lower) or ``(1 - t / sf(z0)) sf(z0) / f(z0)`` from
    the logs (upper: the density underflows from ``z = 1e77`` on, the ratio does not); ``+inf`` at the sf's 0."""
    def standard(q, rho):
        pq = np.asarray(_plain(q), dtype=float)
        prho = np.asarray(_plain(rho), dtype=float)
        shape = np.broadcast_shapes(pq.shape, prho.shape)
        pq, prho = np.broadcast_to(pq, shape), np.broadcast_to(prho, shape)
        lower = (pq <= 0.5) if not upper else (pq > 0.5)  # (where the root is the lower tail's)
        pt = np.where(lower, pq, 1.0 - pq) if not upper else np.where(lower, 1.0 - pq, pq)
        zero = lower & (pt == 0)
        infinite = ~lower & (pt == 0)
        z0 = np.zeros(shape)
        for tail_upper, mask in ((False, lower & ~zero), (True, ~lower & ~infinite)):
            if np.any(mask):
                z0[mask] = _rbw_root_plain(pt[mask], prho[mask], tail_upper)
        z0[infinite] = np.inf

        def target(q):
            return (q if not upper else 1.0 - q), (1.0 - q if not upper else q)

        def near_rho(rho, z0):
            # (within rho / 2 of rho, the root as rho + t, t = z0 - rho (exact) held apart: at z0 with rho traced,
            # d2/drho2 was terms of size f' / f cancelling to the quantile's (2.4e-9 relative off at q = 0.3, rho = 50))
            pz0, prho = np.asarray(z0, dtype=float), np.asarray(_plain(rho), dtype=float)
            central = np.abs(pz0 - prho) <= 0.5 * prho
            t0 = np.where(central, pz0 - prho, 0.0)
            z = np.where(central, rho + t0, z0)
            return z, np.where(central, t0, z - rho)

        def from_below(q, rho, z0):
            t = target(q)[0]
            z, zt = near_rho(rho, z0)
            d = (t - _rbw_tails("cdf", z, rho, zt)) / np.exp(_rbw_log_density(z, rho, zt))
            return z + d - 0.5 * _rbw_log_slope(z, rho, zt) * d * d

        def from_above(q, rho, z0):
            t = target(q)[1]
            z, zt = near_rho(rho, z0)
            log_sf = _rbw_tails("logsf", z, rho, zt)
            # (1 - t / sf: the sf's own value, exact, where it is a normal number; through log t - log sf the
            # rounding of logs near -690 moved isf(1e-300) by 2e-14 relative)
            normal = np.asarray(_plain(log_sf)) > -700.0
            ratio = _two_forms(normal, lambda t, log_sf, z, zt: np.exp(np.log(t) - log_sf),
                               lambda t, log_sf, z, zt: t / _rbw_tails("sf", z, rho, zt), (t, log_sf, z, zt),
                               (0.5, -1.0, 3.0, 1.0), (0.5, -1.0, 3.0, 1.0))
            d = (1.0 - ratio) * np.exp(log_sf - _rbw_log_density(z, rho, zt))
            return z + d - 0.5 * _rbw_log_slope(z, rho, zt) * d * d

        def at_infinity(q, rho, z0):
            return np.full(shape, np.inf) + 0.0 * q
        if infinite.size and np.all(infinite):
            return at_infinity(q, rho, z0)
        stand_q = 0.25 if not upper else 0.75
        out = _two_forms(~lower, from_below, from_above, (q, rho, np.where(infinite, 1.0, z0)),
                         (stand_q, 1.0, 0.5), (1.0 - stand_q, 1.0, 3.0))
        return np.where(infinite, np.inf, out) if np.any(infinite) else out
    return standard


#: the largest rho of the quantiles: beyond, the spacing of floats near rho (2 from 2^53 on) is wider than the peak
#: (its half width at half height is 1/2), so a central quantile is not resolved (its second-order polish moved the
#: root by 1e154 at rho = 1e100)
_RBW_QUANTILE_RHO_MAX = 1e15


def _rbw_quantile(name, q, rho, loc, scale, upper):
    _rbw_shapes(name, rho)
    if not np.all(np.asarray(_plain(rho), dtype=float) <= _RBW_QUANTILE_RHO_MAX):
        raise ValueError(f"{name}: rho must be at most 1e15 for the quantiles (beyond, the spacing of floats near rho "
                         "is wider than the peak)")
    with np.errstate(divide="ignore"):
        return _in_dtype_of(_located(name, q, loc, scale, _rbw_standard_quantile(upper), shapes=(rho,)),
                            q, rho, loc, scale)


_quantiles(rel_breitwigner, "rho", _rbw_quantile, (
    ("``loc + scale z``, ``z`` the root of ``cdf(z) = q`` (of ``sf(z) = 1 - q`` above the median), polished to "
     "second order.", "round(float(rel_breitwigner.ppf(0.3, 2.0)), 6)", "1.491041"),
    ("``loc + scale z``, ``z`` the root of ``sf(z) = q`` (of ``cdf(z) = 1 - q`` below the median), polished to "
     "second order.", "round(float(rel_breitwigner.isf(0.7, 2.0)), 6)", "1.491041")))


def _rbw_mean(rho):
    s, beta, gamma_, alpha = _rbw_constants(rho)
    return s * gamma_ * (1.0 + 2.0 * np.arctan(rho) / np.pi)


def _rbw_var(rho):
    """``E[z^2] - mean^2 = beta - mean^2`` as ``(sqrt(beta) - mean)(sqrt(beta) + mean)``, ``sqrt(beta) - mean = (2 s
    gamma / pi) atan(1 / rho) - sqrt(beta) d / (1 + sqrt(1 + d))``, ``d = 1 / (s + rho)^2`` (``sqrt(beta) - 2 s
    gamma`` without cancellation: at rho = 1e6 the variance 2 rho / pi is 1e-12 of beta)."""
    s, beta, gamma_, alpha = _rbw_constants(rho)
    root_beta = np.sqrt(beta)
    d = 1.0 / ((s + rho) * (s + rho))
    gap = 2.0 * s * gamma_ * np.arctan2(1.0, rho) / np.pi - root_beta * d / (1.0 + np.sqrt(1.0 + d))
    return gap * (root_beta + _rbw_mean(rho))


_add_moments("rel_breitwigner", ("rho",), _rbw_mean, _rbw_var, None, _rbw_shapes, 2.0,
             " The mean is ``s gamma (1 + 2 atan(rho) / pi)``, ``E[z^2] = beta``.")
_add_quantile_summaries("rel_breitwigner", (2.0,))


def _rbw_entropy(rho):
    """``log(2 pi) - log1p(1 / (2 rho t)) / 2 - 2 atan(t) / t``, ``t = rho + hypot(1, rho)``: the density extended
    evenly to the line is rational with poles at ``+-w``, ``+-conj(w)`` (``w^2 = rho^2 + i rho``), so ``E log|y - a|^2``
    is a sum of residues (two in the upper half plane); ``log(2 rho / t)`` written as ``-log1p(1 / (2 rho t))`` (``t - 2
    rho = 1 / t``: the difference ``1 / rho - 1 / s`` of its derivative does not cancel at a large rho)."""
    t = rho + np.hypot(1.0, rho)
    return _LOG_2PI - 0.5 * np.log1p(0.5 / (rho * t)) - 2.0 * np.arctan(t) / t


_shape_entropy(rel_breitwigner, _rbw_entropy,
               "``log(2 pi) - log1p(1 / (2 rho t)) / 2 - 2 atan(t) / t + log(scale)``, ``t = rho + hypot(1, rho)`` "
               "(closed, by residues; SciPy integrates it), in rho and scale to every order.",
               "round(float(rel_breitwigner.entropy(36.5, 0.5, 2.0)), 6)", "2.488278", check=_rbw_shapes, shape="rho")


# -- tukeylambda (Tukey's lambda distribution) ---------------------------------------------------------


class tukeylambda:
    """Tukey's lambda distribution, as ``scipy.stats.tukeylambda``: its quantile ``Q(p) = (p^lam - (1 - p)^lam) /
    lam`` (``lam = 0``: the logistic's ``log(p / (1 - p))``); differentiable in x (or q), lam, loc and scale to second
    order, at and near ``lam = 0`` too. With ``w = atanh(1 - 2p)``, ``Q = -S(w)``, ``S(w) = 2 sinh(lam w) / (lam (2
    cosh w)^lam)`` (as ``w (exprel(lam w) + exprel(-lam w)) (2 cosh w)^-lam`` where ``|lam w| < 1``: exact at lam =
    0), so that the cdf's root ``w`` of ``S(w) = -z`` gives ``log cdf = -w - log(2 cosh w)``, ``log sf = w - log(2
    cosh w)`` and ``log pdf = (lam - 1) log(2 cosh w) - log(2 cosh((1 - lam) w))``; ``w`` is a plain root (bracketed
    Newton) polished to second order by the implicit function theorem (``w0 + d - S'' d^2 / (2 S')``, ``d = (-z -
    S(w0)) / S'(w0)``; in the power tails, lam < 0, ``|w|`` on ``log S`` against ``log|z|`` from x - loc and scale
    apart). For ``lam > 0`` the support is ``|z| <= 1 / lam``; where ``lam |z| > 1/2`` the tail ``P`` is
    found from ``u = P^lam``, the root of ``(u - expm1(lam log1p(-u^(1/lam)))) / lam = 1/lam - |z|`` (the distance to
    the end: no cancellation), ``P = u^(1/lam)`` and the density ``u^((1 - lam) / lam) / (1 + (P / (1 - P))^(1 -
    lam))`` as powers (through logs their second derivatives were terms of size ``1 / D^2`` cancelling). Mean 0 (lam
    > -1; NaN below, where SciPy gives 0), variance ``2 (1 / (1 + 2 lam) - B(lam + 1, lam + 1)) / lam^2`` as ``2 B
    expm1(g) / lam^2``, ``g = lgamma(1 + 2 lam) - 2 lgamma(1 + lam)`` (its series near lam = 0; inf for -1 < lam <=
    -1/2, NaN below); the entropy ``int_0^1 log Q'(u) du`` (``-log`` of the density at the quantile) by quadrature in
    the probability (``_common._probability_quadrature``: SciPy integrates the density). lam finite; ValueError elsewhere.

    >>> from wengert.scipy.stats import tukeylambda
    >>> round(float(tukeylambda.cdf(0.5, 0.0)), 6)  # logistic
    0.622459

    .. versionadded:: 0.1
    """


def _tl_check(name, z, lam):
    if not np.all(np.isfinite(np.asarray(_plain(lam), dtype=float))):
        raise ValueError(f"{name}: lam must be finite")


def _tl_shapes(name, lam):
    _tl_check(name, None, lam)


def _tl_log_2cosh(v):
    """``log(2 cosh v) = |v| + log1p(exp(-2|v|))`` (each sign its form), below ``|v| = 1/2`` ``log 2 + log1p(2
    sinh(v / 2)^2)`` (through the others d/dv ``tanh v`` was ``1 - 2 / (1 + e^(2v))``, eps / v relative off near 0:
    tukeylambda.pdf(1e-8, 0.7)'s d/dx 2.5e-9)."""
    pv = np.asarray(_plain(v))
    negative = pv < 0
    small = np.abs(pv) < 0.5

    def away(v):
        return _two_forms(negative, lambda v: v + np.log1p(np.exp(-2.0 * v)), lambda v: -v + np.log1p(np.exp(2.0 * v)),
                          (v,), (1.0,), (-1.0,))
    return _two_forms(small, away, lambda v: np.log(2.0) + np.log1p(2.0 * np.sinh(0.5 * v) ** 2), (v,), (1.0,),
                      (0.1,))


def _tl_s(w, lam):
    """``S(w) = 2 sinh(lam w) / (lam (2 cosh w)^lam)``: ``w (exprel(lam w) + exprel(-lam w)) e^(-lam C)`` where ``|lam
    w| < 1`` (exact at lam = 0), beyond ``sign(w) exp(a + log(-expm1(-2 a)) - log|lam| - lam C)``, ``a = |lam w|``,
    ``C = log(2 cosh w)``."""
    pw, pl = (np.asarray(_plain(v), dtype=float) for v in (w, lam))
    shape = np.broadcast_shapes(pw.shape, pl.shape)
    far = np.broadcast_to(np.abs(pw * pl) >= 1.0, shape)
    sw = np.broadcast_to(np.where(pw < 0, -1.0, 1.0), shape)
    sl = np.broadcast_to(np.where(pl < 0, -1.0, 1.0), shape)

    def near(w, lam, sw, sl):
        return w * (sc.exprel(lam * w) + sc.exprel(-lam * w)) * np.exp(-lam * _tl_log_2cosh(w))

    def beyond(w, lam, sw, sl):
        a = sw * sl * lam * w
        return sw * np.exp(a + np.log(-np.expm1(-2.0 * a)) - np.log(sl * lam) - lam * _tl_log_2cosh(w))
    return _two_forms(far, near, beyond, (w, lam, sw, sl), (0.5, 0.5, 1.0, 1.0), (4.0, 0.5, 1.0, 1.0))


def _tl_log_slope(w, lam):
    """``log S'(w) = log 2 + log(2 cosh((1 - lam) w)) - (1 + lam) log(2 cosh w)`` (``S' = 1 / (2 cosh^2 w pdf)``)."""
    return np.log(2.0) + _tl_log_2cosh((1.0 - lam) * w) - (1.0 + lam) * _tl_log_2cosh(w)


def _tl_curvature(w, lam):
    """``S''(w) / S'(w) = (1 - lam) tanh((1 - lam) w) - (1 + lam) tanh(w)``."""
    return (1.0 - lam) * np.tanh((1.0 - lam) * w) - (1.0 + lam) * np.tanh(w)


def _tl_log_curvature(v, lam):
    """``G'' / G'`` of ``G = log S(v)`` (v > 0): ``G'' = -lam^2 / sinh(lam v)^2 - lam / cosh(v)^2`` (``lam^2 /
    sinh(lam v)^2 = 4 / (v^2 E^2)``, ``E = exprel(lam v) + exprel(-lam v)``, where ``|lam v| < 1``; exponentials beyond),
    ``G' = S' / S``: through ``S'' / S' - S' / S`` the terms near ``2 |lam|`` cancelled far out (logcdf(-1e10, -0.4)'s
    d2/dx dscale 6.6e-6 relative off)."""
    pv, pl = (np.asarray(_plain(a), dtype=float) for a in (v, lam))
    shape = np.broadcast_shapes(pv.shape, pl.shape)
    far = np.broadcast_to(np.abs(pv * pl) >= 1.0, shape)
    sl = np.broadcast_to(np.where(pl < 0, -1.0, 1.0), shape)

    def near(v, lam, sl):
        e = sc.exprel(lam * v) + sc.exprel(-lam * v)
        return 4.0 / (v * v * e * e)

    def beyond(v, lam, sl):
        a = sl * lam * v
        return 4.0 * lam * lam * np.exp(-2.0 * a) / np.expm1(-2.0 * a) ** 2
    inverse_square = _two_forms(far, near, beyond, (v, lam, sl), (0.5, 0.5, 1.0), (4.0, 0.5, 1.0))
    sech_square = 4.0 * np.exp(-2.0 * v) / (1.0 + np.exp(-2.0 * v)) ** 2
    slope = np.exp(_tl_log_slope(v, lam) - np.log(_tl_s(v, lam)))
    return (-inverse_square - lam * sech_square) / slope


def _tl_distance(u, lam):
    """``D(u) = 1/lam - S``, the distance of ``-Q(P)`` from the end ``1/lam`` (lam > 0), ``u = P^lam``: ``(u -
    expm1(lam log1p(-P))) / lam``, ``P = u^(1/lam)`` (positive terms)."""
    p = u ** (1.0 / lam)
    return (u - np.expm1(lam * np.log1p(-p))) / lam


def _tl_distance_slopes(u, lam):
    """``(D'(u), D''(u) / D'(u))``: ``D' = (1 + R) / lam``, ``R = (P / (1 - P))^(1 - lam)``, ``D'' = (1 - lam)
    P^(1 - 2 lam) (1 - P)^(lam - 2) / lam^2``."""
    p = u ** (1.0 / lam)
    r = np.exp((1.0 - lam) * (np.log(p) - np.log1p(-p)))
    second = (1.0 - lam) * np.exp((1.0 - 2.0 * lam) * np.log(p) + (lam - 2.0) * np.log1p(-p)) / (lam * lam)
    return (1.0 + r) / lam, second * lam / (1.0 + r)


def _tl_plain_w(t, lam):
    """The plain root ``v >= 0`` of ``S(v) = t`` (flat arrays, t > 0, ``lam t <= 1/2`` where lam > 0): Newton's method
    on ``log S(v) - log t`` inside a bracket (a bisection where a step leaves it)."""
    with np.errstate(all="ignore"):
        log_t = np.log(t)
        lo, hi = np.zeros(t.shape), np.ones(t.shape)
        for _ in range(2100):  # (the bracket: doubling hi until S(hi) >= t)
            short = np.log(_tl_s(hi, lam)) < log_t
            if not np.any(short):
                break
            lo, hi = np.where(short, hi, lo), np.where(short, 2.0 * hi, hi)
        v = np.where(lo > 0, np.sqrt(lo * hi), 0.5 * hi)
        for _ in range(300):
            log_s = np.log(_tl_s(v, lam))
            g = log_s - log_t
            lo, hi = np.where(g < 0, v, lo), np.where(g > 0, v, hi)
            new = v - g / np.exp(_tl_log_slope(v, lam) - log_s)
            middle = np.where((lo > 0) & (hi > 2.0 * lo), np.sqrt(lo * hi), lo + 0.5 * (hi - lo))
            new = np.where(np.isfinite(new) & (new > lo) & (new < hi), new, middle)
            new = np.where(g == 0, v, new)
            done = (np.abs(new - v) <= 4e-16 * v) | (hi - lo <= 4e-16 * hi)
            v = new
            if np.all(done):
                break
    return v


def _tl_distance_p(p, lam):
    """``D`` as a function of ``P`` (lam >= 1): ``(P^lam - expm1(lam log1p(-P))) / lam``."""
    return (p ** lam - np.expm1(lam * np.log1p(-p))) / lam


def _tl_distance_p_slopes(p, lam):
    """``(D'(P), D''(P) / D'(P))``: ``D' = Q'(P) = P^(lam - 1) + (1 - P)^(lam - 1)``, ``D'' = (lam - 1) (P^(lam - 2) -
    (1 - P)^(lam - 2))``."""
    slope = p ** (lam - 1.0) + np.exp((lam - 1.0) * np.log1p(-p))
    return slope, (lam - 1.0) * (p ** (lam - 2.0) - np.exp((lam - 2.0) * np.log1p(-p))) / slope


def _tl_plain_u(distance, lam):
    """The plain root ``u`` in ``(0, 2^-lam)`` of ``D(u) = distance`` (flat arrays, lam > 0, ``0 < distance < 1 / (2
    lam)``): Newton's method inside a bracket."""
    with np.errstate(all="ignore"):
        lo, hi = np.zeros(distance.shape), 2.0 ** -lam
        u = np.minimum(lam * distance, 0.5 * hi)
        for _ in range(300):
            g = _tl_distance(u, lam) - distance
            lo, hi = np.where(g < 0, u, lo), np.where(g > 0, u, hi)
            new = u - g / _tl_distance_slopes(u, lam)[0]
            new = np.where(np.isfinite(new) & (new > lo) & (new < hi), new, lo + 0.5 * (hi - lo))
            new = np.where(g == 0, u, new)
            done = (np.abs(new - u) <= 4e-16 * u) | (hi - lo <= 4e-16 * hi)
            u = new
            if np.all(done):
                break
    return u


def _tl_function(name):
    below_value = {"logpdf": -np.inf, "pdf": 0.0, "cdf": 0.0, "logcdf": -np.inf, "sf": 1.0, "logsf": 0.0}[name]
    above_value = {"logpdf": -np.inf, "pdf": 0.0, "cdf": 1.0, "logcdf": 0.0, "sf": 0.0, "logsf": -np.inf}[name]

    def from_w(w, lam, scale):
        # (log cdf -w - log(2 cosh w), log sf w - log(2 cosh w): each as a log1p of the smaller side's exp)
        negative = np.asarray(_plain(w) < 0)
        if name in ("logcdf", "cdf"):
            log_value = _two_forms(negative, lambda w: -2.0 * w - np.log1p(np.exp(-2.0 * w)),
                                   lambda w: -np.log1p(np.exp(2.0 * w)), (w,), (1.0,), (-1.0,))
        elif name in ("logsf", "sf"):
            log_value = _two_forms(negative, lambda w: -np.log1p(np.exp(-2.0 * w)),
                                   lambda w: 2.0 * w - np.log1p(np.exp(2.0 * w)), (w,), (1.0,), (-1.0,))
        else:
            log_value = (lam - 1.0) * _tl_log_2cosh(w) - _tl_log_2cosh((1.0 - lam) * w) - np.log(scale)
        return log_value if name.startswith("log") else np.exp(log_value)

    def from_u(u, lam, scale, upper, below_one):
        # the tail P beyond lam |z| = 1/2 (lam > 0) from ``u``: P^lam where lam < 1 (``below_one``), P itself beyond
        # (each smooth in the distance to the end: P is ~ D for lam > 1, u ~ lam D); ``upper`` where P is the sf
        def low(u, lam):  # u^((1 - lam) / lam) / (1 + R), R = (P / (1 - P))^(1 - lam)
            p = u ** (1.0 / lam)
            r = np.exp((1.0 - lam) * (np.log(u) / lam - np.log1p(-p)))
            if name == "logpdf":
                return (1.0 - lam) / lam * np.log(u) - np.log1p(r)
            if name == "pdf":
                return u ** ((1.0 - lam) / lam) / (1.0 + r)
            return np.log(u) / lam if name.startswith("log") else p

        def high(p, lam):  # 1 / (P^(lam - 1) + (1 - P)^(lam - 1))
            a = p ** (lam - 1.0)
            if name == "logpdf":
                return -((lam - 1.0) * np.log1p(-p) + np.log1p(a * np.exp((1.0 - lam) * np.log1p(-p))))
            if name == "pdf":
                return 1.0 / (a + np.exp((lam - 1.0) * np.log1p(-p)))
            return np.log(p) if name.startswith("log") else p
        value = _two_forms(below_one, high, low, (u, lam), (0.25, 2.0), (0.5, 0.5))
        if name in ("pdf", "logpdf"):
            return value - np.log(scale) if name == "logpdf" else value / scale
        tail = upper if "sf" in name else ~upper  # (where the function is the small tail P)
        if name in ("cdf", "sf"):
            return np.where(tail, value, 1.0 - value)
        p = _two_forms(below_one, lambda u, lam: u, lambda u, lam: u ** (1.0 / lam), (u, lam), (0.25, 2.0), (0.5, 0.5))
        return np.where(tail, value, np.log1p(-np.where(tail, 0.25, p)))

    def function(z, lam, scale, log_abs):
        zp, lp = np.broadcast_arrays(*(np.asarray(_plain(a), dtype=float) for a in (z, lam)))
        shape = zp.shape
        sign = np.where(zp > 0, 1.0, -1.0)
        # (lam > 0: the support 1 - lam |z| >= 0, its value with the rounding of lam |z| added back, as the distance
        # to the end below: through 1 / lam - |z| the rounding of 1 / lam, cdf(-2.4, 0.4) 2.9e-15 relative off)
        with np.errstate(all="ignore"):
            room = np.where(lp > 0, _plain(_one_minus_product(np.where(lp > 0, lp, 0.0), sign * zp)), 1.0)
        below, above = ((room < 0) | np.isinf(zp)) & (zp < 0), ((room < 0) | np.isinf(zp)) & (zp > 0)
        at_end = (room == 0) & np.isfinite(zp)
        if np.any(at_end) and any(isinstance(a, (Var, Dual)) for a in (z, lam)):
            raise NoGradientRule(
                f"wengert.scipy.stats.tukeylambda.{name} has no derivative at an end of the support, +-1 / lam (lam > "
                "0): the end moves with lam and the one-sided derivatives in x are not written. Evaluate inside the "
                "support, or pass the arguments as constants (wengert.stop_gradient).")
        with np.errstate(all="ignore"):
            near = (lp > 0) & (lp * np.abs(zp) > 0.5) & ~(below | above | at_end)
        inside = ~(below | above | at_end | near)
        out = np.zeros(shape)
        if np.any(inside):
            t = np.where(inside, -zp, 0.0)
            v0 = np.zeros(shape)
            positive = inside & (t != 0)
            if np.any(positive):
                v0[positive] = _tl_plain_w(np.abs(t[positive]), np.broadcast_to(lp, shape)[positive])
            w0 = np.where(t < 0, -v0, v0)
            zi, li = np.where(inside, z, 0.0), np.where(inside, lam, np.where(inside, 0.0, 0.5))
            # (the log form where r = S S'' / S'^2 > 1/2: there w is log-like in |z| (r -> 1 in a power tail, lam <
            # 0); through L the x-derivatives of a w linear in z cancelled instead: d2/dx2 of w = e^L / 2 at lam = 0
            # is (w_LL - w_L) L_x^2, 0; each form's loss is 1 / |1 - r| or 1 / |r|)
            with np.errstate(all="ignore"):
                lb = np.broadcast_to(lp, shape)
                r = _tl_s(v0, lb) * _tl_curvature(v0, lb) / np.exp(_tl_log_slope(v0, lb))
            far = positive & (r > 0.5)

            def linear(zi, li, w0):
                # (the root polished to second order: w0 + d - (S'' / S') d^2 / 2, d = (-z - S(w0)) / S'(w0))
                d = (-zi - _tl_s(w0, li)) / np.exp(_tl_log_slope(w0, li))
                return w0 + d - 0.5 * _tl_curvature(w0, li) * d * d

            def logarithmic(zi, li, w0):
                # in L = log|z| (log_abs: its derivatives in x and in scale apart; through z d2/dx
                # dscale of the power tail's (1 / lam) log|z| was 1 / z - 1 / z plus rounding, logcdf(-1e10, -0.4)'s
                # 6.25016e-20 for 6.25e-20): v = |w| polished on G = log S (:func:`_tl_log_curvature`)
                v0 = np.abs(w0)
                log_s = np.log(_tl_s(v0, li))
                slope = np.exp(_tl_log_slope(v0, li) - log_s)
                d = (log_abs(zi) - log_s) / slope
                v = v0 + d - 0.5 * _tl_log_curvature(v0, li) * d * d
                return np.where(np.asarray(_plain(zi)) > 0, -v, v)
            # (the stand-ins: z = 0 at its root 0; z = -2, lam = 1/2 at a positive w0: log S(0) is -inf)
            w = _two_forms(far, linear, logarithmic, (zi, li, w0), (0.0, 0.5, 0.0), (-2.0, 0.5, 1.0))
            out = from_w(w, li, scale)
        if np.any(near):
            upper = zp > 0
            lam_near = np.where(near, lam, 0.5)
            # (elsewhere at lam = 1/2, u = 1/4: the distance D(1/4))
            distance = np.where(near, _one_minus_product(lam_near, sign * np.where(near, z, 1.0)) / lam_near,
                                _tl_distance(0.25, 0.5))
            dp = np.asarray(_plain(distance), dtype=float)
            u0 = np.full(shape, 0.25)
            u0[near] = _tl_plain_u(np.broadcast_to(dp, shape)[near], np.broadcast_to(lp, shape)[near])
            below_one = np.broadcast_to((lp < 1) | ~near, shape)
            with np.errstate(all="ignore"):
                u0 = np.where(below_one, u0, u0 ** (1.0 / np.where(near, lp, 0.5)))  # (P0 for lam >= 1)

            def polish(u0, lam, distance, forms):  # (u0 + d - (D'' / D') d^2 / 2, d = (distance - D(u0)) / D'(u0))
                value, slopes = forms
                slope, curvature = slopes(u0, lam)
                d = (distance - value(u0, lam)) / slope
                return u0 + d - 0.5 * curvature * d * d
            u = _two_forms(below_one, lambda u0, lam, distance: polish(u0, lam, distance, (
                _tl_distance_p, _tl_distance_p_slopes)), lambda u0, lam, distance: polish(u0, lam, distance, (
                    _tl_distance, _tl_distance_slopes)), (u0, lam_near, distance), (0.25, 2.0, 0.1), (0.25, 0.5, 0.1))
            out = np.where(near, from_u(u, lam_near, scale, upper, below_one), out)
        if np.any(at_end):
            # (the limits at +-1/lam: the cdf 0 or 1, the density 1 / Q'(0): 0 for lam < 1, 1/2 at 1, 1 beyond)
            density = np.where(lp < 1, 0.0, np.where(lp == 1, 0.5, 1.0))
            scale_p = np.asarray(_plain(scale), dtype=float)
            with np.errstate(divide="ignore"):
                end_value = {"pdf": density / scale_p, "logpdf": np.log(density) - np.log(scale_p)}.get(
                    name, np.where(zp < 0, below_value, above_value))
            out = np.where(at_end, end_value, out)
        if np.any(below | above):
            out = np.where(below, below_value, np.where(above, above_value, out))
        return out
    return function


_shape_functions(tukeylambda, ("lam",), _tl_check, [
    (name, lambda z: np.ones(np.shape(z), bool), _tl_function(name), np.nan, formula,
     f"round(float(tukeylambda.{name}(0.5, 0.3)), 6)", value) for name, formula, value in (
        ("logpdf", "``(lam - 1) log(2 cosh w) - log(2 cosh((1 - lam) w)) - log(scale)``, ``w`` the root of ``S(w) = "
         "-z`` (see the class); ``-inf`` outside the support.", "-1.235464"),
        ("pdf", "``1 / Q'(cdf) / scale`` (see logpdf); 0 outside the support.", "0.2907"),
        ("cdf", "``1 / (1 + e^(2w))``, ``w`` the root of ``S(w) = -z`` (see the class).", "0.651028"),
        ("logcdf", "``-w - log(2 cosh w)``.", "-0.429203"),
        ("sf", "``1 / (1 + e^(-2w))``.", "0.348972"),
        ("logsf", "``w - log(2 cosh w)``.", "-1.052763"))])


def _tl_quantile(name, q, lam, loc, scale, upper):
    # Q(q) = -S(w), w = atanh(1 - 2q) (as (log1p(-q) - log q) / 2 outside [1/4, 3/4]); isf(q) = -ppf(q)
    _tl_check(name, None, lam)
    pq, pl = np.asarray(_plain(q), dtype=float), np.asarray(_plain(lam), dtype=float)
    if np.any(((pq == 0) | (pq == 1)) & (pl > 0)) and any(isinstance(a, (Var, Dual)) for a in (q, lam, loc, scale)):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative at q = 0 or 1 for lam > 0 (the finite end +-1 / lam of the "
            "support, where the slope is infinite for lam < 1): evaluate inside, or pass the arguments as constants "
            "(wengert.stop_gradient).")

    def standard(q, lam):
        pq, pl = (np.asarray(_plain(v), dtype=float) for v in (q, lam))
        shape = np.broadcast_shapes(pq.shape, pl.shape)
        end = np.broadcast_to((pq == 0) | (pq == 1), shape)
        middle = np.broadcast_to((pq >= 0.25) & (pq <= 0.75), shape)
        # for lam > 0 in the tails (|lam log q| >= 1): (q^lam - 1) / lam - L exprel(lam L), L = log1p(-q), the powers'
        # exact second derivatives (through w and exp their terms cancelled, lam (lam - 1) q^(lam - 2))
        with np.errstate(all="ignore"):
            small = np.where(pq < 0.5, pq, 1.0 - pq)
            powers = np.broadcast_to((pl > 0) & ~middle & (np.abs(pl * np.log(small)) >= 1.0), shape) & ~end

        def through_w(q, lam):
            w = _two_forms(middle, lambda q: 0.5 * (np.log1p(-q) - np.log(q)), lambda q: np.arctanh(1.0 - 2.0 * q),
                           (q,), (0.1,), (0.5,))
            return -_tl_s(w, lam)

        def by_powers(q, lam):
            lower = np.asarray(_plain(q) < 0.5)
            s = np.where(lower, q, 1.0 - q)
            sign = np.where(lower, 1.0, -1.0)
            # ((1 - s)^lam - 1) / lam as L exprel(lam L), L = log1p(-s): through expm1(lam L) / lam d2/dq dlam was
            # terms e^(lam L) L' / lam cancelling, ppf(1e-10, 2)'s 5e-9 relative off
            log_rest = np.log1p(-s)
            return sign * ((s ** lam - 1.0) / lam - log_rest * sc.exprel(lam * log_rest))
        if np.all(end):
            out = np.zeros(shape)
        else:
            qs = np.where(end, 0.5, q)
            out = _two_forms(powers, through_w, by_powers, (qs, lam), (0.5, 0.5), (0.01, 2.0))
        if np.any(end):
            with np.errstate(divide="ignore"):
                bound = np.where(pl > 0, 1.0 / np.where(pl > 0, pl, 1.0), np.inf)
            out = np.where(end, np.where(pq == 0, -bound, bound), out)
        return out

    def signed(q, lam):
        return -standard(q, lam) if upper else standard(q, lam)
    with np.errstate(divide="ignore"):
        return _in_dtype_of(_located(name, q, loc, scale, signed, shapes=(lam,)), q, lam, loc, scale)


_quantiles(tukeylambda, "lam", _tl_quantile, (
    ("``loc + scale (q^lam - (1 - q)^lam) / lam``, as ``-S(atanh(1 - 2q))`` (see the class; exact at lam = 0).",
     "round(float(tukeylambda.ppf(0.3, 0.0)), 6)  # logistic", "-0.847298"),
    ("``-ppf(q)``: ``loc + scale ((1 - q)^lam - q^lam) / lam``.", "round(float(tukeylambda.isf(0.3, 0.3)), 6)",
     "0.67226")))


#: g(lam) = lgamma(1 + 2 lam) - 2 lgamma(1 + lam) = sum_k (-1)^k zeta(k) (2^k - 2) / k lam^k (k >= 2), divided by
#: lam^2: its coefficients (|lam| < 1/4: 56 terms, the rest below 2^-56 of the sum)
_TL_G_SERIES = [(-1.0) ** k * float(sc.zeta(k)) * (2.0 ** k - 2.0) / k for k in range(2, 58)]


def _tl_mean(lam):
    pl = np.asarray(_plain(lam), dtype=float)
    return np.where(pl > -1.0, 0.0 * lam, np.nan)


def _tl_var(lam):
    """``2 B expm1(g) / lam^2``, ``B = B(lam + 1, lam + 1)``, ``g = lgamma(1 + 2 lam) - 2 lgamma(1 + lam)`` (its
    series below |lam| = 1/4: ``1 / (1 + 2 lam) - B`` cancelled to ``pi^2 lam^2 / 6``); inf for -1 < lam <= -1/2, NaN
    below."""
    pl = np.asarray(_plain(lam), dtype=float)
    finite = pl > -0.5
    small = np.abs(pl) < 0.25

    def series(lam):
        ratio = polynomial(lam, _TL_G_SERIES)
        return ratio * sc.exprel(lam * lam * ratio)

    def direct(lam):
        return np.expm1(sc.gammaln(1.0 + 2.0 * lam) - 2.0 * sc.gammaln(1.0 + lam)) / (lam * lam)
    lf = np.where(finite, lam, 1.0)
    core = _two_forms(np.broadcast_to(small, np.shape(pl)), direct, series, (lf,), (1.0,), (0.1,))
    out = 2.0 * np.exp(2.0 * sc.gammaln(1.0 + lf) - sc.gammaln(2.0 + 2.0 * lf)) * core
    if np.all(finite):
        return out
    return np.where(finite, out, np.where(pl > -1.0, np.inf, np.nan))


_add_moments("tukeylambda", ("lam",), _tl_mean, _tl_var, None, _tl_shapes, 0.3,
             " The mean is 0 (lam > -1), the variance ``2 (1 / (1 + 2 lam) - B(lam + 1, lam + 1)) / lam^2`` "
             "(lam > -1/2; the entropy by quadrature: its own method).")
_add_quantile_summaries("tukeylambda", (0.3,))


def _tl_log_density_at_quantile(p, upper, lam):
    """The log density at the quantile of tail p (either tail, ``upper`` or not: the family is symmetric), ``-log Q'(p) = -log(p^(lam -
    1) + (1 - p)^(lam - 1))`` in logs (``p^(lam - 1)`` overflows at the quadrature's ``p = e^-700`` for lam < 0): the
    entropy's integrand with no root of the cdf (through logpdf(ppf(p)) each node solved ``S(w) = -z``)."""
    _tl_shapes("tukeylambda.entropy", lam)
    return -np.logaddexp((lam - 1.0) * np.log(p), (lam - 1.0) * np.log1p(-p))


_add_quadrature_entropy("tukeylambda", (0.3,), _tl_log_density_at_quantile)
