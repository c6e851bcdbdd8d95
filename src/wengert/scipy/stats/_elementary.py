"""Elementary shapes: expon, truncexpon, laplace, laplace_asymmetric, loglaplace, logistic, halflogistic, uniform,
loguniform, triang, trapezoid, anglit, cosine, semicircular, bradford, and the circular vonmises, vonmises_line,
wrapcauchy. Part of :mod:`wengert.scipy.stats`.
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
from ...ops._util import (def_partials as _def_partials, directions_at_once, piecewise as _piecewise, polynomial,
                          times_tangent, unbroadcast)
from ...primitive import defvjp, OwnPrimitive
from ._common import (_add_moments, _add_quantile_summaries, _always, _closed_support_function, _cornered_z, _doc,
                      _END_JET, _exp_of_log, _EXPM1_MINUS_X, _in_dtype_of, _kinked_at, _kinked_at_mode,
                      _LIMITS_AT_INFINITY, _located, _location_scale, _log1mexp, _log1mexp_power, _LOG1P_RATIO_SERIES,
                      _LOG_2, _LOG_2PI, _log_cdf_from_lower_end, _log_of, _log_of_z, _LOG_PI, _LOG_POWER,
                      _LOG_POWER_DZ, _log_z_inside, _method, _moment_where, _newton_root_in_bracket, _on_support,
                      _one_minus, _overflowing_power_leads, _plain, _power_less, _power_of_z, _q, _quantiles, _quiet,
                      _refuse_a_jump,
                      _refuse_a_jump_in_shape, _x_at_loc, _inside_z, _shape_functions, _shapes_positive, _standardized, _two_forms, _xlog_z)
from ._gamma import _GOMPERTZ_EXPREL
from ._power_tails import _bradford_ratio, _truncexpon_mean_series, _TRUNCEXPON_SERIES_BELOW
from ._generalized import _bradford_exprel

__all__ = ["expon", "laplace", "logistic", "uniform", "vonmises", "wrapcauchy", "halflogistic", "loguniform", "triang",
           "trapezoid", "truncexpon", "laplace_asymmetric", "loglaplace", "bradford", "anglit", "cosine",
           "semicircular", "vonmises_line"]


class expon:
    """The exponential distribution, as ``scipy.stats.expon``: differentiable in x (or q),
    loc and scale. Its support ``z = (x - loc) / scale >= 0`` includes 0, where the
    derivatives are the one-sided ones from inside.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import expon
    >>> float(wg.grad_bp(lambda x: expon.logpdf(x, 0.0, 2.0), 1.0))  # -1 / scale
    -0.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-z - log(scale)`` on ``z >= 0``, ``-inf`` below.

        >>> from wengert.scipy.stats import expon
        >>> float(expon.logpdf(1.0)), float(expon.logpdf(-1.0))
        (-1.0, -inf)
        """
        z = _standardized("expon.logpdf", x, loc, scale)
        return _on_support(_plain(z) >= 0, lambda z: -z - np.log(scale), z)

    @staticmethod
    def cdf(x, loc=0.0, scale=1.0):
        """``1 - exp(-z)`` (as ``-expm1(-z)``), 0 below the support.

        >>> from wengert.scipy.stats import expon
        >>> round(float(expon.cdf(1.0)), 6)
        0.632121
        """
        z = _standardized("expon.cdf", x, loc, scale)
        return _on_support(_plain(z) >= 0, lambda z: -np.expm1(-z), z, outside=0.0)

    @staticmethod
    def logcdf(x, loc=0.0, scale=1.0):
        """``log(1 - exp(-z))``, ``-inf`` at and below 0.

        >>> from wengert.scipy.stats import expon
        >>> round(float(expon.logcdf(1.0)), 6)
        -0.458675
        """
        z = _standardized("expon.logcdf", x, loc, scale)
        log_z = _log_of_z(x - loc, scale, z)
        # (at z = 0: log z - z / 2 + O(z^2), log((1 - e^-z) / z)'s series)
        return _log_cdf_from_lower_end(z, lambda z: _log1mexp_power(z, 1.0, log_z=log_z),
                                       lambda z: log_z(z, 1.0, end=True) - 0.5 * z)

    @staticmethod
    def sf(x, loc=0.0, scale=1.0):
        """``exp(-z)``, 1 below the support.

        >>> from wengert.scipy.stats import expon
        >>> round(float(expon.sf(1.0)), 6)
        0.367879
        """
        z = _standardized("expon.sf", x, loc, scale)
        return _on_support(_plain(z) >= 0, lambda z: np.exp(-z), z, outside=1.0)

    @staticmethod
    def logsf(x, loc=0.0, scale=1.0):
        """``-z``, 0 below the support.

        >>> from wengert.scipy.stats import expon
        >>> float(expon.logsf(2.0))
        -2.0
        """
        z = _standardized("expon.logsf", x, loc, scale)
        return _on_support(_plain(z) >= 0, lambda z: -z, z, outside=0.0)

    @staticmethod
    @_quiet
    def ppf(q, loc=0.0, scale=1.0):
        """``loc - scale log(1 - q)`` (as ``log1p(-q)``).

        >>> from wengert.scipy.stats import expon
        >>> round(float(expon.ppf(0.5)), 6)
        0.693147
        """
        return _located("expon.ppf", q, loc, scale, lambda q: -np.log1p(-q))


_exp_of_log(expon, "pdf", "round(float(expon.pdf(1.0)), 6)", "0.367879")
_location_scale(expon, (
    ("isf", (np.log, -1.0),
     "``loc - scale log(q)``.",
     "round(float(expon.isf(0.5)), 6)", "0.693147"),
))


class laplace:
    """The Laplace distribution, as ``scipy.stats.laplace``: differentiable in x (or q), loc
    and scale. At ``x = loc`` (the kink of ``|z|``) ``logpdf`` takes the mean of the
    one-sided derivatives (0 in x), as ``np.abs`` does. ``cdf``, ``sf``, ``logcdf`` and
    ``logsf`` at ``x = loc``, and ``ppf`` and ``isf`` at ``q = 1/2``, are smooth to first
    order only: their second derivative there does not exist (the one-sided ones differ)
    and raises :class:`~wengert.NoGradientRule`, as at every kink (see the guide's "Second
    derivatives at kinks").

    >>> import wengert as wg
    >>> from wengert.scipy.stats import laplace
    >>> float(wg.grad_bp(laplace.cdf, 0.0))  # the density at 0
    0.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-|z| - log(2 scale)``.

        >>> from wengert.scipy.stats import laplace
        >>> round(float(laplace.logpdf(0.0)), 6)
        -0.693147
        """
        z = _standardized("laplace.logpdf", x, loc, scale)
        return -np.abs(z) - np.log(2.0 * scale)


_exp_of_log(laplace, "pdf", "float(laplace.pdf(0.0))", "0.5",
            doc="``exp(-|z|) / (2 scale)``.")
_location_scale(laplace, (
    ("cdf", lambda z: _laplace_tail(z, "laplace.cdf", lower=True, log=False),
     "``exp(z) / 2`` for ``z < 0``, ``1 - exp(-z) / 2`` above.",
     "round(float(laplace.cdf(1.0)), 6)", "0.81606"),
    ("logcdf", lambda z: _laplace_tail(z, "laplace.logcdf", lower=True, log=True),
     "``log(laplace.cdf(x, loc, scale))``, exact in both tails.",
     "float(laplace.logcdf(-10.0))", "-10.693147180559945"),
    ("sf", lambda z: _laplace_tail(z, "laplace.sf", lower=False, log=False),
     "``1 - laplace.cdf``, as ``laplace.cdf(-z)``.",
     "round(float(laplace.sf(1.0)), 6)", "0.18394"),
    ("logsf", lambda z: _laplace_tail(z, "laplace.logsf", lower=False, log=True),
     "``log(laplace.sf(x, loc, scale))``.",
     "float(laplace.logsf(10.0))", "-10.693147180559945"),
    ("ppf", (lambda q: _laplace_quantile(q, "laplace.ppf"), 1.0),
     "``loc + scale log(2q)`` for ``q <= 1/2``, ``loc - scale log(2 - 2q)`` above.",
     "round(float(laplace.ppf(0.75)), 6)", "0.693147"),
    ("isf", (lambda q: _laplace_quantile(q, "laplace.isf"), -1.0),
     "``loc - scale laplace.ppf(q)`` (the distribution is symmetric).",
     "round(float(laplace.isf(0.25)), 6)", "0.693147"),
))


def _laplace_tail(z, name, lower, log):
    """The Laplace cdf (``lower``) or sf at ``z``, or its logarithm: ``exp(-|z|) / 2`` on the
    near side of 0, ``1 - exp(-|z|) / 2`` on the far one (each branch evaluated where it is used).
    Its second derivative jumps at 0 (from 1/2 to -1/2 for the cdf): it is refused there."""
    z = _kinked_at(z, 0.0, name, "x = loc")
    near = (_plain(z) < 0) if lower else (_plain(z) > 0)
    s = z if lower else -z
    small = np.where(near, s, 0.0) - _LOG_2  # log(exp(s) / 2) for s < 0
    if log:
        large = np.log1p(-0.5 * np.exp(-np.where(near, 0.0, s)))
        return np.where(near, small, large)
    return np.where(near, np.exp(small), 1.0 - 0.5 * np.exp(-np.where(near, 0.0, s)))


def _laplace_quantile(q, name):
    """``log(2q)`` up to 1/2, ``-log(2 - 2q)`` above: the second derivative jumps at 1/2
    (from -4 to 4), where it is refused."""
    low = _plain(q) <= 0.5
    q = _kinked_at(q, 0.5, name, "q = 1/2")
    with np.errstate(divide="ignore"):
        return np.where(low, np.log(2.0 * np.where(low, q, 0.25)),
                        -np.log(2.0 - 2.0 * np.where(low, 0.75, q)))


class logistic:
    """The logistic distribution, as ``scipy.stats.logistic``: differentiable in x (or q),
    loc and scale, without overflow in either tail.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import logistic
    >>> float(wg.grad_bp(logistic.cdf, 0.0))  # the density at 0
    0.25

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-z - 2 log(1 + exp(-z)) - log(scale)`` (with ``logaddexp``).

        >>> from wengert.scipy.stats import logistic
        >>> float(logistic.logpdf(800.0))
        -800.0
        """
        z = _standardized("logistic.logpdf", x, loc, scale)
        return -z - 2.0 * np.logaddexp(0.0, -z) - np.log(scale)


_exp_of_log(logistic, "pdf", "float(logistic.pdf(0.0))", "0.25")
_location_scale(logistic, (
    ("cdf", sc.expit,
     "``expit(z)``.",
     "float(logistic.cdf(0.0))", "0.5"),
    ("logcdf", sc.log_expit,
     "``log_expit(z)``.",
     "float(logistic.logcdf(-800.0))", "-800.0"),
    ("sf", lambda z: sc.expit(-z),
     "``expit(-z)``.",
     "float(logistic.sf(0.0))", "0.5"),
    ("logsf", lambda z: sc.log_expit(-z),
     "``log_expit(-z)``.",
     "float(logistic.logsf(800.0))", "-800.0"),
    ("ppf", (sc.logit, 1.0),
     "``loc + scale logit(q)``.",
     "float(logistic.ppf(0.5))", "0.0"),
    ("isf", (sc.logit, -1.0),
     "``loc - scale logit(q)``.",
     "float(logistic.isf(0.5))", "0.0"),
))


class uniform:
    """The uniform distribution on ``[loc, loc + scale]``, as ``scipy.stats.uniform``:
    differentiable in x (or q), loc and scale (the density in loc and scale only: it is flat
    in x). At the ends of the support ``cdf`` takes ``np.clip``'s convention.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import uniform
    >>> float(wg.grad_bp(lambda s: uniform.logpdf(0.5, 0.0, s), 2.0))  # -1 / scale
    -0.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-log(scale)`` on ``0 <= z <= 1``, ``-inf`` outside.

        >>> from wengert.scipy.stats import uniform
        >>> float(uniform.logpdf(0.5, 0.0, 2.0)), float(uniform.logpdf(1.5))
        (-0.6931471805599453, -inf)
        """
        z = _standardized("uniform.logpdf", x, loc, scale)
        plain = _plain(z)
        return _on_support((plain >= 0) & (plain <= 1), lambda z: -np.log(scale) + 0.0 * z, z)

    @staticmethod
    @_quiet
    def ppf(q, loc=0.0, scale=1.0):
        """``loc + q scale``.

        >>> from wengert.scipy.stats import uniform
        >>> float(uniform.ppf(0.25, 1.0, 2.0))
        1.5
        """
        _standardized("uniform.ppf", 0.0, 0.0, scale)
        return loc + _q("uniform.ppf", q) * scale

    @staticmethod
    @_quiet
    def isf(q, loc=0.0, scale=1.0):
        """``loc + (1 - q) scale``.

        >>> from wengert.scipy.stats import uniform
        >>> float(uniform.isf(0.25, 1.0, 2.0))
        2.5
        """
        _standardized("uniform.isf", 0.0, 0.0, scale)
        return loc + (1.0 - _q("uniform.isf", q)) * scale


_exp_of_log(uniform, "pdf", "float(uniform.pdf(0.5, 0.0, 2.0))", "0.5",
            doc="``1 / scale`` on the support, 0 outside.")
_location_scale(uniform, (
    ("cdf", lambda z: np.clip(z, 0.0, 1.0),
     "``clip(z, 0, 1)``.",
     "float(uniform.cdf(0.25)), float(uniform.cdf(2.0))", "(0.25, 1.0)"),
    ("sf", lambda z: np.clip(1.0 - z, 0.0, 1.0),
     "``clip(1 - z, 0, 1)``.",
     "float(uniform.sf(0.25))", "0.75"),
))


def _fold_factor(c, g, h, k):
    """Three factors for ``c g h k``: a factor that is the number 1.0 dropped, else ``c g`` as one."""
    if isinstance(h, float) and h == 1.0:
        return c, g, k
    if isinstance(g, float) and g == 1.0:
        return c, h, k
    return c * g, h, k


def _log_power_dz_terms(z, c, g, h, n, tangents):
    """``_LOG_POWER_DZ(z, c, g, h, n)``'s derivatives along ``tangents`` (one per argument or None): one term per
    tangent given, each one quotient with its tangent as a factor."""
    terms = []
    for i, t in enumerate(tangents):
        if t is None:
            continue
        if i == 0:
            terms.append(_LOG_POWER_DZ(z, *_fold_factor(c, g, h, t), n=n + 1))
        else:
            factors = [c, g, h]
            factors[i - 1] = t
            terms.append(_LOG_POWER_DZ(z, *factors, n=n))
    return terms


defvjp(_LOG_POWER_DZ, *[(lambda i: lambda ans, z, c, g=1.0, h=1.0, n=1: lambda k: unbroadcast(
    _log_power_dz_terms(z, c, g, h, n, [k if j == i else None for j in range(4)])[0],
    np.shape(_plain((z, c, g, h)[i]))))(i) for i in range(4)])


def _log_power_dz_jvp(ans, primals, tangents, n=1):
    z, c, g, h = list(primals) + [1.0] * (4 - len(primals))  # (g, h given or not)
    return functools.reduce(lambda a, b: a + b, _log_power_dz_terms(
        z, c, g, h, n, list(tangents) + [None] * (4 - len(tangents)))) + np.zeros_like(_plain(ans))


defjvp(_LOG_POWER_DZ, _log_power_dz_jvp)
directions_at_once(_LOG_POWER_DZ)  # (jacfwd's directions in one call)
defvjp(_LOG_POWER, lambda ans, z, c: lambda g: unbroadcast(_LOG_POWER_DZ(z, c, g), np.shape(_plain(z))),
       lambda ans, z, c: lambda g: unbroadcast(times_tangent(g, np.log(z)), np.shape(_plain(c))))
defjvp(_LOG_POWER, lambda ans, primals, tangents: functools.reduce(lambda a, b: a + b, [
    _LOG_POWER_DZ(primals[0], primals[1], t) if i == 0 else times_tangent(t, np.log(primals[0]))
    for i, t in enumerate(tangents) if t is not None]) + np.zeros_like(_plain(ans)))
directions_at_once(_LOG_POWER)  # (jacfwd's directions in one call)


class vonmises:
    """The von Mises distribution, as ``scipy.stats.vonmises``: ``logpdf`` and ``pdf``, differentiable in x, kappa,
    loc and scale (``kappa >= 0``; the density is periodic in x) to every order; ``cdf``, ``sf``, their logs, ``ppf``,
    ``isf``, ``median``, ``interval``, ``var`` and ``std`` to the second order (a third refuses: NoGradientRule);
    ``mean`` and ``entropy``. The quantiles are Newton's roots of the smaller side's integral (``ppf(0)`` is -inf, as
    SciPy's: its support is the line). The tails are
    the smaller side's own integral of the density (Gauss-Legendre on pieces placed from the peak: relative in the far
    tails, ``e^-2 kappa``, where SciPy's series cancels), continued by whole periods as SciPy's (``cdf(z + 2 pi) =
    cdf(z) + 1``; ``kappa`` up to 1e8 there); the variance SciPy's, ``E z^2`` on ``[-pi, pi]``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import vonmises
    >>> round(float(wg.grad_bp(lambda x: vonmises.logpdf(x, 2.0), 0.5)), 6)  # -kappa sin(x)
    -0.958851

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, kappa, loc=0.0, scale=1.0):
        """``kappa (cos z - 1) - log(2 pi i0e(kappa) scale)`` (exponentially scaled: no
        overflow for large kappa).

        >>> from wengert.scipy.stats import vonmises
        >>> round(float(vonmises.logpdf(0.0, 0.0)), 6)  # uniform: -log(2 pi)
        -1.837877
        """
        if np.any(_plain(kappa) < 0):
            raise ValueError("vonmises: kappa must not be negative")
        z = _standardized("vonmises.logpdf", x, loc, scale)
        return kappa * (np.cos(z) - 1.0) - _LOG_2PI - _vm_log_i0e(kappa) - np.log(scale)


def _vm_log_i0e(kappa):
    """``log i0e(kappa)`` for ``kappa >= 0``, differentiable to every order: ``log i0(kappa) - kappa`` below 1 (i0e's
    kink at 0, ``exp(-|kappa|)``: its rule's derivative there is the two sides' mean, so d/dkappa of vonmises.logpdf at
    kappa = 0 was ``cos z - 1``, the truth ``cos z``), ``log i0e`` from 1 on (i0 overflows from 713)."""
    return _two_forms(np.asarray(_plain(kappa)) >= 1.0, lambda k: np.log(sc.i0(k)) - k, lambda k: np.log(sc.i0e(k)),
                      (kappa,), (0.5,), (2.0,))


_exp_of_log(vonmises, "pdf", "round(float(vonmises.pdf(0.0, 0.0)), 6)", "0.159155")


def _vonmises_entropy_series():
    """``c_k``, k = 1..38: ``sqrt(2 pi kappa) kappa (i0e(kappa) - i1e(kappa)) ~ sum_k c_k / kappa^(k - 1)``, the
    difference of Hankel's series of ``i0e`` and ``i1e`` (``a_k(nu) = prod_j (4 nu^2 - (2j - 1)^2) / (k! 8^k)``, ``c_k =
    (-1)^k (a_k(0) - a_k(1))``: 1/2, 3/16, ...), exact in Fractions, then rounded once."""
    def a(k, nu):
        product = Fraction(1)
        for j in range(1, k + 1):
            product *= 4 * nu * nu - (2 * j - 1) ** 2
        return product / (math.factorial(k) * 8 ** k)
    return (tuple(float((-1) ** k * (a(k, 0) - a(k, 1))) for k in range(1, 39)),
            tuple(float((-1) ** k * a(k, 0)) for k in range(39)))


#: the c_k above, and Hankel's series of ``sqrt(2 pi kappa) i0e(kappa)`` in 1 / kappa (1, 1/8, 9/128, ...)
_VONMISES_ENTROPY_SERIES, _I0E_SERIES = _vonmises_entropy_series()
#: from here the series (its least term, the 38th, is 2e-17 at kappa = 20, 4e-17 of the sum); below, the direct form
#: cancels by ``i1e / i0e = 1 - 1 / (2 kappa) + ...``: 40 eps relative at kappa = 20
_VONMISES_ENTROPY_SERIES_FROM = 20.0


def _vonmises_entropy(kappa):
    """``log(2 pi I0(kappa)) - kappa I1(kappa) / I0(kappa)`` as ``log(2 pi) + log(i0e) + kappa (i0e - i1e) / i0e``
    (each term bounded: ``kappa (1 - I1 / I0)`` tends to 1/2, where the two terms of the closed form grow like kappa and
    cancel, SciPy's form: 3.6e-13 relative off at kappa = 1e4, 3.8e-10 at 1e8); below kappa = 1 the closed form unscaled
    (i0e's kink at 0, ``exp(-|kappa|)``, gave d/dkappa 1 at 0, the truth 0), from 20 on the difference ``i0e - i1e`` by
    its asymptotic series (:func:`_vonmises_entropy_series`). Between 1 and 20 ``i0e - i1e`` cancels: up to 40 eps
    relative in ``kappa (1 - I1 / I0)``, 5e-15 absolute in the entropy."""
    k = np.asarray(_plain(kappa), dtype=float)

    def small(kappa):
        return np.log(sc.i0(kappa)) - kappa * sc.i1(kappa) / sc.i0(kappa)

    def middle(kappa):
        return np.log(sc.i0e(kappa)) + kappa * (sc.i0e(kappa) - sc.i1e(kappa)) / sc.i0e(kappa)

    def large(kappa):  # (i0e by its series too: its derivative i1e - i0e cancels as well, d2/dkappa2 1.5e-13 off)
        scaled = polynomial(1.0 / kappa, _I0E_SERIES)  # sqrt(2 pi kappa) i0e(kappa), tending to 1
        return np.log(scaled) - 0.5 * np.log(2.0 * np.pi * kappa) + polynomial(1.0 / kappa, _VONMISES_ENTROPY_SERIES) \
            / scaled

    def from_one(kappa):
        return _piecewise(kappa, np.asarray(_plain(kappa), dtype=float) >= _VONMISES_ENTROPY_SERIES_FROM, middle,
                          large, 2.0, 2.0 * _VONMISES_ENTROPY_SERIES_FROM)
    return _LOG_2PI + _piecewise(kappa, k >= 1.0, small, from_one, 0.5, 2.0)



def _triang_steep(lower, c):
    """``sqrt(c q)`` at 0 (+), ``1 - sqrt((1 - c)(1 - q))`` at 1 (-)."""
    return (np.where(lower, 1.0, -1.0),)


class wrapcauchy:
    """The wrapped Cauchy distribution on ``0 <= z <= 2 pi``, as ``scipy.stats.wrapcauchy``
    (``0 < c < 1``): ``logpdf``, ``pdf``, the tails and their logs, ``ppf``, ``isf``, ``median``, ``interval``,
    ``mean``, ``var``, ``std`` and ``entropy``, differentiable in x (or q), c, loc and scale to every order. The tails
    and quantiles are angles (``atan2``), exact near both ends of the support; the variance about the mean pi is ``pi^2
    / 3 + 4 Li2(c)``, the entropy ``log(2 pi (1 - c^2))``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import wrapcauchy
    >>> round(float(wg.grad_bp(lambda x: wrapcauchy.logpdf(x, 0.5), 1.0)), 6)  # -2 c sin z / (1 + c^2 - 2 c cos z)
    -1.185675

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, c, loc=0.0, scale=1.0):
        """``log(1 - c**2) - log(2 pi (1 + c**2 - 2 c cos z)) - log(scale)`` on the support,
        ``-inf`` outside.

        >>> from wengert.scipy.stats import wrapcauchy
        >>> round(float(wrapcauchy.logpdf(0.0, 0.5)), 6)  # log(3 / (2 pi))
        -0.739265
        """
        plain_c = _plain(c)
        if np.any((plain_c <= 0) | (plain_c >= 1)):
            raise ValueError("wrapcauchy: c must be between 0 and 1 (exclusive)")
        z = _standardized("wrapcauchy.logpdf", x, loc, scale)
        plain = _plain(z)
        return _on_support((plain >= 0) & (plain <= 2.0 * np.pi), lambda z: (
            np.log1p(-c * c) - _LOG_2PI - np.log(1.0 + c * c - 2.0 * c * np.cos(z)) - np.log(scale)), z)


_exp_of_log(wrapcauchy, "pdf", "round(float(wrapcauchy.pdf(0.0, 0.5)), 6)", "0.477465")


# (the tails as angles: the cdf is atan2((1 + c) sin(z/2), (1 - c) cos(z/2)) / pi on [0, 2 pi], one formula through
# z = pi where SciPy's arctan(tan(z/2) (1 + c) / (1 - c)) switches branches (tan's pole); the sf the same angle measured
# from the other end, atan2((1 + c) sin(z/2), -(1 - c) cos(z/2)) / pi, whose sin(z/2) near z = 2 pi is the distance
# to the end (relative accuracy in both tails, where SciPy's 1 - arctan(...) / pi has the sf's absolute error only).
# The derivatives at the ends of the support, where the density jumps, are the one-sided ones from inside (as logpdf's).)
def _wrapcauchy_tail(z, c, upper):
    half = 0.5 * z
    return np.arctan2((1.0 + c) * np.sin(half), (-(1.0 - c) if upper else (1.0 - c)) * np.cos(half)) / np.pi


def _wrapcauchy_inside(name):
    def inside(z, c, scale):
        if name in ("cdf", "sf"):
            return _wrapcauchy_tail(z, c, name == "sf")
        # (log of the own tail on its own half, log1p(-other) past the middle: the own tail near 1 there)
        own = name == "logcdf"
        past = np.asarray(_plain(z) > np.pi) if own else np.asarray(_plain(z) < np.pi)
        with np.errstate(divide="ignore"):  # (the log tails' -inf at the ends)
            return _piecewise(z, past, lambda z: np.log(_wrapcauchy_tail(z, c, not own)),
                              lambda z: np.log1p(-_wrapcauchy_tail(z, c, own)), *((1.0, 5.0) if own else (5.0, 1.0)))
    return _closed_support_function(name, inside, lambda c: 2.0 * np.pi, lambda c: np.pi + 0.0 * c)


def _wrapcauchy_check(name, z, c):
    plain_c = _plain(c)
    if np.any((plain_c <= 0) | (plain_c >= 1)):
        raise ValueError("wrapcauchy: c must be between 0 and 1 (exclusive)")


_shape_functions(wrapcauchy, ("c",), _wrapcauchy_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _wrapcauchy_inside(row[0]), row[1], row[2],
     f"round(float(wrapcauchy.{row[0]}(1.0, 0.5)), 6)", row[3]) for row in (
        ("cdf", 0.0, "``atan2((1 + c) sin(z/2), (1 - c) cos(z/2)) / pi`` on ``0 <= z <= 2 pi``, 0 below, 1 above.",
         "0.325611"),
        ("logcdf", -np.inf, "``log(cdf)`` (``log1p(-sf)`` past ``z = pi``).", "-1.122051"),
        ("sf", 1.0, "``atan2((1 + c) sin(z/2), -(1 - c) cos(z/2)) / pi`` on the support: ``cdf(2 pi - z)``, exact "
         "near both ends; 1 below, 0 above.", "0.674389"),
        ("logsf", 0.0, "``log(sf)`` (``log1p(-cdf)`` below ``z = pi``).", "-0.393949"))])


def _wrapcauchy_quantile(name, q, c, loc, scale, upper):
    """``2 atan2((1 - c) sin(pi p), +-(1 + c) cos(pi p))`` with ``p = min(q, 1 - q)`` (``sin(pi q)`` near q = 1 lost
    its relative digits to ``pi q``'s rounding), the sign of the cosine choosing the half; the isf ``ppf(1 - q)``.
    ``cos(pi p)`` as ``sin(pi (1/2 - p))``: ``cos`` of the rounded ``pi / 2`` is 6e-17, not 0 (ppf(0.5, 0.97) was pi -
    8e-15)."""
    _wrapcauchy_check(name, None, c)

    def standard(q):
        lower_half = np.asarray(_plain(q) <= 0.5)

        def angle(p, first_half):
            return 2.0 * np.arctan2((1.0 - c) * np.sin(np.pi * p), (1.0 + c) * np.sin(np.pi * (0.5 - p)) *
                                    (1.0 if first_half else -1.0))
        # ppf: q <= 1/2 on the first half (p = q), else the second (p = 1 - q); the isf the other way round
        return _piecewise(q, lower_half, lambda q: angle(1.0 - q, upper), lambda q: angle(q, not upper), 0.75, 0.25)
    return _located(name, q, loc, scale, standard)


_quantiles(wrapcauchy, "c", _wrapcauchy_quantile, (
    ("``loc + scale z``, ``z = 2 atan2((1 - c) sin(pi q), (1 + c) cos(pi q))`` (``1 - q`` in ``sin`` and ``cos`` "
     "above ``q = 1/2``).", "round(float(wrapcauchy.ppf(0.25, 0.5)), 6)", "0.643501"),
    ("``ppf(1 - q)``.", "round(float(wrapcauchy.isf(0.25, 0.5)), 6)", "5.639684")))
# (the density is 1 / (2 pi) (1 + 2 sum c^n cos(n z)): about z = pi the mean is pi, E(z - pi)^2 = pi^2 / 3 + 4 sum c^n /
# n^2 = pi^2 / 3 + 4 Li2(c), Li2(c) = spence(1 - c); the entropy log(2 pi (1 - c^2)), 1 - c^2 as (1 - c)(1 + c), exact
# near c = 1)
_add_moments("wrapcauchy", ("c",), lambda c: np.pi + 0.0 * c, lambda c: np.pi ** 2 / 3.0 + 4.0 * sc.spence(1.0 - c),
             lambda c: _LOG_2PI + np.log1p(-c) + np.log1p(c), lambda name, c: _wrapcauchy_check(name, None, c), 0.5)
_add_quantile_summaries("wrapcauchy", (0.5,))


# -- halflogistic --------------------------------------------------------------------------------


class halflogistic:
    """The half-logistic distribution (``|X|`` for a standard logistic ``X``), as
    ``scipy.stats.halflogistic``: differentiable in x (or q), loc and scale, to every order, exact in
    both tails. Its support ``z = (x - loc) / scale >= 0`` includes 0, where the derivatives are the
    one-sided ones from inside.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import halflogistic
    >>> float(wg.grad_bp(halflogistic.cdf, 0.0))  # the density at 0
    0.5

    .. versionadded:: 0.1
    """


def _halflogistic_function(name, inside, function, outside, formula, example, value):
    logs = "log_z" in inspect.signature(function).parameters

    def method(x, loc=0.0, scale=1.0):
        z = _standardized(f"halflogistic.{name}", x, loc, scale)
        # (a function with ``log_z`` is given _log_of_z's and _power_of_z's, as _shape_functions gives them)
        kw = {"log_z": _log_of_z(x - loc, scale, z), "power_z": _power_of_z(x - loc, scale, z)} if logs else {}
        return _on_support(inside(_plain(z)), lambda z: function(z, scale, **kw), z, outside=outside)
    method.__doc__ = _doc(halflogistic, formula, example, value)
    _method(halflogistic, name)(method)


def _halflogistic_log_density(z, scale):
    """``-log 2 - 2 log(cosh(z / 2)) - log(scale)`` (``log(cosh(z/2))`` as ``z/2 + log1p(exp(-z)) - log 2``
    above z = 1): through ``log 2 - z - 2 log1p(exp(-z))`` the derivative ``-tanh(z/2)`` was ``-1 + 2
    expit(-z)``, cancelling near 0 (0 for -5e-101 at z = 1e-100; 8e-9 relative off at 1e-10)."""
    return -_LOG_2 - 2.0 * _piecewise(z, _plain(z) > 1.0, lambda z: np.log(np.cosh(0.5 * z)),
                                      lambda z: 0.5 * z + np.log1p(np.exp(-z)) - _LOG_2, 0.5, 2.0) - np.log(scale)


#: log(tanh(z / 2) / (z / 2)) = sum_k c_k z^(2 k) (its terms to z^8: the next's second derivative 2e-20 of the first's
#: at z = 1e-2)
_HALFLOGISTIC_LOG_CDF_SERIES = (0.0, -1.0 / 12.0, 7.0 / 1440.0, -31.0 / 90720.0, 127.0 / 4838400.0)


def _halflogistic_logsf(z):
    """``log(2 / (1 + e^z))``, as ``-log1p(expm1(z) / 2)`` up to z = 1 (``log 2 + log_expit(-z)`` lost
    its digits near 0: 8e-9 relative at z = 1e-10), ``log 2 - z - log1p(e^-z)`` above."""
    return _piecewise(z, _plain(z) > 1.0, lambda z: -np.log1p(0.5 * np.expm1(z)),
                      lambda z: _LOG_2 - z - np.log1p(np.exp(-z)), 0.5, 2.0)


for _halflogistic_row in (
        ("logpdf", lambda z: z >= 0, _halflogistic_log_density, -np.inf,
         "``-log 2 - 2 log(cosh(z / 2)) - log(scale)`` on ``z >= 0``, ``-inf`` below.", "-1.209679"),
        ("pdf", lambda z: z >= 0, lambda z, scale: np.exp(_halflogistic_log_density(z, scale)), 0.0,
         "``2 exp(-z) / ((1 + exp(-z))^2 scale)`` on ``z >= 0``, 0 below.", "0.298293"),
        ("cdf", lambda z: z >= 0, lambda z, scale: np.tanh(0.5 * z), 0.0,
         "``tanh(z / 2)``, 0 below the support.", "0.635149"),
        # log(1 - e^-z) through weibull's _log1mexp_power (c = 1): exact as z -> 0, where its second
        # derivative -1/z^2 overflows
        # (log z and z from x - loc and scale apart: through z d2/dx dscale was 1 / z - 1 / z, 0.125 at x = 1e-15 for
        # 3.3e-16, as expon's)
        # (at z = 0: -inf with the limits from inside as its derivatives, log z - log 2 - z^2 / 12 + O(z^4))
        # (below z = 1e-2 log z - log 2 + its series in z^2: through the two logs d2/dx dscale was -(f'' z + f') / s^2
        # with f' = (1/z - 1/2 ..) - (-1/2 ..) cancelling, 0 or 1.11e-101 at halflogistic.logcdf(1.5e-100, 0, 1.5)
        # for u / (3 s^3) = 1.48e-101)
        ("logcdf", lambda z: z >= 0, lambda z, scale, log_z=None, power_z=None: _log_cdf_from_lower_end(
            z, lambda z: _piecewise(z, _plain(z) < 1e-2, lambda z: _log1mexp_power(
                z, 1.0, log_z=log_z, power_z=power_z) - np.logaddexp(0.0, -z), lambda z: log_z(z) - _LOG_2 + polynomial(
                    z * z, _HALFLOGISTIC_LOG_CDF_SERIES), 0.5, 1e-3),
            lambda z: log_z(z, 1.0, end=True) - _LOG_2 - z * z / 12.0), -np.inf,
         "``log(tanh(z / 2))``, as ``log(1 - exp(-z)) - log(1 + exp(-z))``, ``-inf`` at and below 0.", "-0.453896"),
        ("sf", lambda z: z >= 0, lambda z, scale: 2.0 * sc.expit(-z), 1.0,
         "``2 expit(-z)``, 1 below the support.", "0.364851"),
        ("logsf", lambda z: z >= 0, lambda z, scale: _halflogistic_logsf(z), 0.0,
         "``log(2 / (1 + exp(z)))``, as ``-log1p(expm1(z) / 2)`` up to 1, 0 below the support.", "-1.008266")):
    _halflogistic_function(*_halflogistic_row[:5], f"round(float(halflogistic.{_halflogistic_row[0]}(1.5)), 6)",
                           _halflogistic_row[5])
_location_scale(halflogistic, (
    ("ppf", (lambda q: 2.0 * np.arctanh(q), 1.0),
     "``loc + scale 2 artanh(q)`` (``log((1 + q) / (1 - q))``, whose second derivative cancelled near 0).",
     "round(float(halflogistic.ppf(0.5)), 6)",
     "1.098612"),
    ("isf", (lambda q: np.log(2.0 - q) - np.log(q), 1.0),
     "``loc + scale log((2 - q) / q)``: exact as q nears 0.", "round(float(halflogistic.isf(0.5)), 6)", "1.098612"),
))
_add_moments("halflogistic", (), lambda: 2.0 * np.log(2.0), lambda: np.pi ** 2 / 3.0 - 4.0 * np.log(2.0) ** 2,
             lambda: 2.0 - np.log(2.0), None)
_add_quantile_summaries("halflogistic")


# -- loguniform (log x uniform on [log a, log b]) ---------------------------------------------------


class loguniform:
    """The log-uniform (reciprocal) distribution, as ``scipy.stats.loguniform`` and ``scipy.stats.reciprocal`` (SciPy's
    two names of it; ``wengert.scipy.stats.reciprocal`` is this class): ``log z`` uniform on ``[log a, log
    b]`` (``pdf = 1 / (z log(b / a))`` on ``a <= z <= b``, ``0 < a < b``), differentiable in x (or q), a, b, loc and
    scale to every order inside its support. ``log(b / a)`` and ``log(z / a)`` are ``log1p`` of a difference
    (SciPy's ``log b - log a`` loses digits as b nears a); the variance is ``a^2 (g(2u) - g(u)^2)``, ``u = log(b /
    a)``, ``g(u) = expm1(u) / u``, its series below u = 1/2 (SciPy's ``E[x^2] - mean^2`` cancels). At the ends
    ``z = a`` and ``z = b`` the density jumps and the tails have kinks: a traced argument there is refused.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import loguniform
    >>> round(float(wg.grad_bp(lambda x: loguniform.cdf(x, 1.0, np.e), 2.0)), 6)  # the density 1 / z
    0.5

    .. versionadded:: 0.1
    """


def _loguniform_check(name, z, a, b):
    """``0 < a < b`` (SciPy gives NaN elsewhere); for a traced x, loc, scale, a or b, no point at an end of the
    support (``z == a`` or ``z == b``), where the density jumps and the tails' one-sided derivatives differ."""
    _shapes_positive(name, a, b, names=["a", "b"])
    pa, pb = _plain(a), _plain(b)
    if np.any(pb <= pa):
        raise ValueError(f"{name}: b must be greater than a (SciPy gives NaN)")
    if z is not None and any(isinstance(v, (Var, Dual)) for v in (z, a, b)):
        pz = _plain(z)
        if np.any((pz == pa) | (pz == pb)):
            raise NoGradientRule(
                f"wengert.scipy.stats.{name} has no derivative at an end of the support (x == loc + a scale or "
                "x == loc + b scale): the density jumps there (from 0 to 1 / (z log(b / a))) and the tails' "
                "one-sided derivatives differ. Evaluate inside or outside the support, or pass the arguments as "
                "constants (wengert.stop_gradient).")


def _log_ratio(x, y):
    """``log(x / y)`` for ``x >= y > 0`` as ``log1p((x - y) / y)``: exact as x nears y (``log x - log y``
    cancels); where the quotient is beyond 1e300 (or overflows), ``log x - log y``, which no longer cancels
    (loguniform(1e-200, 1e200): log1p of inf made its cdf 0 and its median inf)."""
    px, py = np.asarray(_plain(x), dtype=float), np.asarray(_plain(y), dtype=float)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        far = ~((px - py) / py <= 1e300)
    if not np.any(far):
        return np.log1p((x - y) / y)
    xn, yn = np.where(far, 2.0, x), np.where(far, 1.0, y)
    return np.where(far, np.log(np.where(far, x, 2.0)) - np.log(np.where(far, y, 1.0)), np.log1p((xn - yn) / yn))


def _loguniform_width(a, b):
    """``log(b / a)`` (:func:`_log_ratio`: exact as b nears a, where SciPy's ``log b - log a`` cancels)."""
    return _log_ratio(b, a)


def _loguniform_function(name):
    """``name`` on ``a <= z <= b`` (closed, SciPy's support), its constants below and above (derivatives 0)."""
    below, above = {"logpdf": (-np.inf, -np.inf), "pdf": (0.0, 0.0), "cdf": (0.0, 1.0), "logcdf": (-np.inf, 0.0),
                    "sf": (1.0, 0.0), "logsf": (0.0, -np.inf)}[name]

    def inside(z, a, b, scale):
        w = _loguniform_width(a, b)
        if name in ("logpdf", "pdf"):
            log_density = -np.log(z) - np.log(w) - _log_of(scale)
            return log_density if name == "logpdf" else np.exp(log_density)
        pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
        own = name in ("cdf", "logcdf")

        def part(z, lower):  # log(z / a) or log(b / z), over log(b / a)
            return (_log_ratio(z, a) if lower else _log_ratio(b, z)) / w

        def direct(z):  # (the log tails as log L - log w: through log(L / w) their second derivatives in z and a or
            # b cancelled near the far end: d2/dx da of loguniform.logsf(3.5 - 4e-16, 2.5, 3.5) was -0.571 and 0 by the
            # two orders, d2/da db -0.712 and -0.438, the truths 0 and -1.0095)
            if not name.startswith("log"):
                return part(z, own)
            return np.log(_log_ratio(z, a) if own else _log_ratio(b, z)) - np.log(w)

        def mirrored(z):  # 1 - the other tail, where that is below 1/2 (no cancellation of two near-equal logs)
            return 1.0 - part(z, not own) if not name.startswith("log") else np.log1p(-part(z, not own))
        shape = np.broadcast_shapes(pz.shape, pa.shape, pb.shape)
        middle = np.broadcast_to(np.sqrt(pa * pb), shape)
        return _piecewise(z, np.broadcast_to(pz > np.sqrt(pa * pb) if own else pz < np.sqrt(pa * pb), shape), direct,
                          mirrored, middle, middle)

    def function(z, a, b, scale):
        pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
        shape = np.broadcast_shapes(pz.shape, pa.shape, pb.shape)
        low, high = np.broadcast_to(pz < pa, shape), np.broadcast_to(pz > pb, shape)
        out = low | high
        with np.errstate(divide="ignore"):  # (the log tails at the ends: -inf, the truth)
            if not np.any(out):
                return inside(z, a, b, scale)
            middle = np.broadcast_to(0.5 * (pa + pb), shape)
            return np.where(low, below, np.where(high, above, inside(np.where(out, middle, z), a, b, scale)))
    return function


_shape_functions(loguniform, ("a", "b"), _loguniform_check, [
    (*row[:5], f"round(float(loguniform.{row[0]}(1.5, 1.0, 3.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: np.ones(np.shape(z), bool), _loguniform_function("logpdf"), -np.inf,
         "``-log(z) - log(log(b / a)) - log(scale)`` on ``a <= z <= b``, ``-inf`` outside.", "-0.499513"),
        ("pdf", lambda z: np.ones(np.shape(z), bool), _loguniform_function("pdf"), 0.0,
         "``1 / (z log(b / a) scale)`` on ``a <= z <= b``, 0 outside.", "0.606826"),
        ("cdf", lambda z: np.ones(np.shape(z), bool), _loguniform_function("cdf"), 0.0,
         "``log(z / a) / log(b / a)`` on the support, 0 below, 1 above.", "0.36907"),
        ("logcdf", lambda z: np.ones(np.shape(z), bool), _loguniform_function("logcdf"), -np.inf,
         "``log(log(z / a)) - log(log(b / a))`` on the support, ``-inf`` below, 0 above.", "-0.996768"),
        ("sf", lambda z: np.ones(np.shape(z), bool), _loguniform_function("sf"), 1.0,
         "``log(b / z) / log(b / a)`` on the support, 1 below, 0 above.", "0.63093"),
        ("logsf", lambda z: np.ones(np.shape(z), bool), _loguniform_function("logsf"), 0.0,
         "``log(log(b / z)) - log(log(b / a))`` on the support, 0 below, ``-inf`` above.", "-0.460561"))])


def _loguniform_quantile(name, q, a, b, loc, scale, upper):
    """``a (b / a)^q`` (``b (a / b)^q`` for the isf), as ``exp`` of ``q log(b / a)``."""
    _loguniform_check(name, None, a, b)
    w = _loguniform_width(a, b)
    return _located(name, q, loc, scale, lambda q, a, b, w: b * np.exp(-q * w) if upper else a * np.exp(q * w),
                    shapes=(a, b, w))


_quantiles(loguniform, ("a", "b"), _loguniform_quantile, (
    ("``loc + scale a (b / a)^q``.", "round(float(loguniform.ppf(0.5, 1.0, 4.0)), 6)", "2.0"),
    ("``loc + scale b (a / b)^q``.", "round(float(loguniform.isf(0.5, 1.0, 4.0)), 6)", "2.0")))


def _loguniform_variance_series(n):
    """The coefficients of ``Q(u) = (g(2u) - g(u)^2) / (u g(u))^2`` (``g(u) = expm1(u) / u``), exact (fractions):
    the numerator's ``(2^(k + 2) k + 2) / (k + 4)!`` divided by g^2's; Q's poles are g's zeros, ``u = 2 pi i k``."""
    p = [Fraction(2 ** (k + 2) * k + 2, math.factorial(k + 4)) for k in range(n)]
    g = [Fraction(1, math.factorial(k + 1)) for k in range(n)]
    g2 = [sum(g[i] * g[k - i] for i in range(k + 1)) for k in range(n)]
    q: list = []
    for k in range(n):
        q.append(p[k] - sum(q[i] * g2[k - i] for i in range(k)))
    return [float(c) for c in q]


#: ``Q(u) = var / (b - a)^2`` as a series (1/12, 0, -1/240, ...), 40 terms: below 1e-18 of the sum at u = 2
_LOGUNIFORM_VARIANCE_SERIES = _loguniform_variance_series(40)
#: Below this u = log(b / a) loguniform's moments are series in u
_LOGUNIFORM_SERIES_BELOW = 2.0


def _loguniform_g(u):
    """``expm1(u) / u``, its series below ``_LOGUNIFORM_SERIES_BELOW`` (gompertz's coefficients; through the
    quotient its derivatives cancelled as u went to 0, the mean's second derivative 1.5e-7 off at b = a (1 +
    5e-5))."""
    return _piecewise(u, _plain(u) >= _LOGUNIFORM_SERIES_BELOW, lambda u: polynomial(u, _GOMPERTZ_EXPREL),
                      lambda u: np.expm1(u) / u, 1.0, 4.0)


def _loguniform_q(u):
    """``var / (b - a)^2 = (g(2u) - g(u)^2) / (u g(u))^2`` (1/12 at u = 0), the numerator's series below
    ``_LOGUNIFORM_SERIES_BELOW`` (SciPy's ``E[x^2] - mean^2`` cancels as b nears a: 0.8% off at b = 1.00005 a)."""
    def series(u):  # (Q's own series: through P / g^2 its derivative was 1/12 - 1/12 + O(u) at u = 0)
        return polynomial(u, _LOGUNIFORM_VARIANCE_SERIES)

    def direct(u):  # (the same as coth(u / 2) / 2u - 1 / u^2, which never overflows: expm1(2u) did from u = 355)
        return 0.5 / (u * np.tanh(0.5 * u)) - 1.0 / (u * u)
    return _piecewise(u, _plain(u) >= _LOGUNIFORM_SERIES_BELOW, series, direct, 1.0, 4.0)


def _loguniform_var(a, b):
    """``(b - a)^2 Q(log(b / a))``: inf where (b - a)^2 overflows (the truth's rounding; SciPy: NaN, and
    ``(b - a) ** 2`` of Python floats raised OverflowError)."""
    with np.errstate(over="ignore"):
        return np.square(b - a) * _loguniform_q(_loguniform_width(a, b))


def _loguniform_mean(a, b):
    """``(b - a) / log(b / a)``, as ``a g(u)`` (its series) below u = 2 (the difference cancels as b nears a);
    above, the quotient itself (``a expm1(u) / u`` overflowed in expm1 from u = 710)."""
    w = _loguniform_width(a, b)
    return _piecewise(w, _plain(w) >= _LOGUNIFORM_SERIES_BELOW, lambda w: a * _loguniform_g(w),
                      lambda w: (b - a) / w, 1.0, 4.0)


_add_moments("loguniform", ("a", "b"), _loguniform_mean,
             lambda a, b: _loguniform_var(a, b),
             lambda a, b: 0.5 * (np.log(a) + np.log(b)) + np.log(_loguniform_width(a, b)),
             lambda name, a, b: _loguniform_check(name, None, a, b), (1.0, 3.0),
             " The mean is ``(b - a) / log(b / a)``, the variance ``(b^2 - a^2) / (2 log(b / a)) - mean^2`` (as "
             "``(b - a)^2`` times a function of ``log(b / a)``, a series below 2: SciPy's difference cancels as b nears "
             "a).")


@_method(loguniform, "std")
def _loguniform_std(a, b, loc=0.0, scale=1.0):
    """``scale (b - a) sqrt(Q(log(b / a)))`` (``Q = var / (b - a)^2``), in a, b, loc and scale: through ``sqrt(var)``
    the second derivative was two terms ``1 / (b - a)`` cancelling as b nears a (1e-6 off at b = 1.00005 a).

    >>> from wengert.scipy.stats import loguniform
    >>> round(float(loguniform.std(1.0, 3.0, 0.5, 1.5)), 6)
    0.857516
    """
    _loguniform_check("loguniform.std", None, a, b)
    _standardized("loguniform.std", 0.0, 0.0, scale)
    out = scale * ((b - a) * np.sqrt(_loguniform_q(_loguniform_width(a, b))))
    return _in_dtype_of(out + np.zeros(np.broadcast_shapes(*(np.shape(_plain(p)) for p in (a, b, loc, scale)))),
                        a, b, loc, scale)


_add_quantile_summaries("loguniform", (1.0, 3.0))


# -- triang (the triangular distribution on [0, 1] with mode c) --------------------------------------


class triang:
    """The triangular distribution, as ``scipy.stats.triang``: on ``[0, 1]`` with mode ``c`` (``0 <= c <= 1``), the
    density ``2 z / c`` up to c and ``2 (1 - z) / (1 - c)`` after, differentiable in x (or q), c, loc and scale to
    every order away from its kinks. The tails are exact near both ends and both sides of the mode (``1 - z^2 / c`` as
    ``((c - z) + z (1 - z)) / c``: SciPy's sf, ``1 - cdf``, loses the digits of a tail near 1); the quantiles too
    (``1 - sqrt((1 - c)(1 - q))`` as a quotient of sums, SciPy's cancels for a small q). Where ``z`` is 0, c or 1 the
    density's slope jumps: a traced argument there is refused by the density, and by the tails where the density
    itself jumps (``z = c = 0`` or ``1``, the log tails at their ``-inf`` end); elsewhere at those points the tails'
    (and at ``q = c`` the quantiles') first derivatives are the common one-sided ones, their second derivatives
    refused. At ``c = 0`` or ``1`` a derivative in c is the one-sided one, from inside ``[0, 1]``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import triang
    >>> round(float(wg.grad_bp(lambda x: triang.cdf(x, 0.5), 0.25)), 6)  # the density 2 z / c
    1.0

    .. versionadded:: 0.1
    """


def _triang_c(name, c):
    """``0 <= c <= 1`` (SciPy gives NaN elsewhere)."""
    if not np.all((_plain(c) >= 0) & (_plain(c) <= 1)):
        raise ValueError(f"{name}: c must be in [0, 1] (SciPy gives NaN)")


def _triang_check(name, z, c):
    """``c`` in ``[0, 1]``; for a traced x, loc, scale or c, no point where the function's first derivative jumps:
    the density's at ``z`` = 0, c and 1 (its slope jumps), the tails' where the density jumps (``z = c = 0`` or
    ``1``) and the log cdf's at ``z = 0``, the log sf's at ``z = 1`` (``-inf`` there, an infinite slope inside).
    Where z does not move (only c traced; only scale with x = loc), the ends 0 and 1 are no kink: the density there
    is 0 for every c inside (derivative 0), the log density and the log tail ``-inf`` with the derivative of their
    formula, the limit from inside (``-1/c`` at 0, ``1/(1 - c)`` at 1); only the mode, moving across z, is."""
    _triang_c(name, c)
    _corners_check(name, z, c, c, isinstance(c, (Var, Dual)), (
        "x is loc, loc + c scale or loc + scale",
        "the density's slope jumps there (from 2 / c to -2 / (1 - c) at the mode, from 0 to 2 / c at loc, from -2 / (1 "
        "- c) to 0 at loc + scale; the density itself at c = 0 or 1)",
        "x is loc (at c = 0) or loc + scale (at c = 1)",
        "the density jumps there (from 0 to 2), so the tails' one-sided derivatives differ (the log tail at its -inf "
        "end: 0 outside, +-inf inside)"))


def _corners_check(name, z, c, d, shapes_traced, words):
    """For a traced z (or ``shapes_traced``), no point of a density on ``[0, 1]`` with corners at ``c`` and ``d``
    (triang's mode: c = d) where a function's first derivative jumps: the density's at z = 0, c, d and 1 (its slope
    jumps; at 0 and 1 only where z moves), the tails' where the density jumps (``z = c = 0``, ``z = d = 1``), the log
    cdf's at ``z = 0`` and the log sf's at ``z = 1`` where z moves. ``words``: where and why, for the density's
    refusal, then for the tails'."""
    pz, pc, pd = _plain(z), _plain(c), _plain(d)
    moves = isinstance(z, (Var, Dual))
    traced = moves or shapes_traced
    method = name.split(".")[-1]
    if method in ("pdf", "logpdf"):
        _refuse_a_jump(name, traced, ((pz == 0) | (pz == 1)) & moves | (pz == pc) | (pz == pd), *words[:2])
    _refuse_a_jump(name, traced, ((pz == 0) & ((pc == 0) | (method == "logcdf") & moves))
                   | ((pz == 1) & ((pd == 1) | (method == "logsf") & moves)), *words[2:])


def _triang_sides(z, c, left, right, turn=None):
    """``left(z, c)`` (``2 z / c``'s side) where ``z < turn`` (``c``), ``right(z, c)`` where ``z > turn``; at ``z ==
    turn`` the side whose formula is defined there (the left for ``turn >= 1/2``: c = 0 divides by 0 on the left, c =
    1 on the right). Each side is evaluated on its own points only, the others replaced by a point inside it (no 0 *
    inf)."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c if turn is None else turn), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pc.shape)
    on_right = np.broadcast_to((pz > pc) | ((pz == pc) & (pc < 0.5)), shape)
    return _piecewise(z, on_right, lambda z: left(z, np.where(on_right, 0.5, c)),
                      lambda z: right(z, np.where(on_right, c, 0.5)), 0.25, 0.75)


def _log_over(numerator, denominator, difference):
    """``log(numerator / denominator)`` (both >= 0; ``difference`` their difference, formed without rounding where
    they are near): ``log1p(difference / denominator)`` where the quotient is in [1/2, 2] (through the log of the
    quotient triang.logpdf(0.5, 1e-9) was 8e-8 off, through a difference of logs 3.6e-15 at 0), the log of the
    quotient elsewhere, the difference of the logs where the quotient is below the normal numbers."""
    with np.errstate(divide="ignore", under="ignore", invalid="ignore"):
        ratio = _plain(numerator / denominator)
    near, tiny = (ratio >= 0.5) & (ratio <= 2.0), ratio < 1e-300
    if np.all(near):
        return np.log1p(difference / denominator)
    if not np.any(near | tiny):
        return np.log(numerator / denominator)
    with np.errstate(divide="ignore"):  # (log 0 = -inf: the log density at an end of the support)
        return np.where(near, np.log1p(np.where(near, difference, 0.0) / denominator),
                        np.where(tiny, np.log(np.where(tiny, numerator, 1.0)) - np.log(denominator),
                                 np.log(np.where(near | tiny, 1.0, numerator) / denominator)))


def _log_cdf_at_lower_corner(value, z, log_z, positive, constant):
    """``value``, a log cdf on ``0 <= z <= 1`` whose cdf is ``z^k e^constant`` to leading order at z = 0 (``k`` 2 where
    the plain mask ``positive`` holds, else 1; ``constant()`` evaluated with the shapes where ``positive``), with its
    entries at z = 0 replaced by that leading term's end (``log_z.end``, :func:`_end_of`: -inf with the limits from
    inside as its derivatives, as expon's, gamma's and uniform's log cdfs). There z does not move (a moving z is
    refused by :func:`_corners_check`): only the scale or a shape is traced, and through log 0 = -inf every derivative
    was 0 (triang.logcdf(0, 0.4, 0, s)'s d/ds 0 for -2 / s, d/dc 0 for -1 / c)."""
    pz = np.asarray(_plain(z))
    if not hasattr(log_z, "end") or not np.any(pz == 0):
        return value
    return np.where(pz == 0, log_z.end(np.where(positive, 2.0, 1.0), 0.0, 1.0) + constant(), value)


def _log_twice_z_over(z, c, log_z):
    """``log(2 z / c)`` (:func:`_log_over`), below ``z = c / 4`` as ``log 2 + log z - log c`` with ``log_z`` (from x - loc
    and the scale apart: through z d2/dx dscale of triang.logpdf(1.5e-100, 0.158, 0, 1.5) was -9.7e83 by hessian, the
    truth 0)."""
    far = np.asarray(_plain(z)) < 0.25 * np.asarray(_plain(c))
    if log_z is np.log or not np.any(far):
        return _log_over(2.0 * z, c, 2.0 * z - c)
    w = np.where(far, 0.5 * c, z)  # (the quotient's form at z = c / 2 there: its derivatives overflowed at z = 1e-300)
    return np.where(far, _LOG_2 + log_z(z) - np.log(c), _log_over(2.0 * w, c, 2.0 * w - c))


def _triang_inside(name):
    """``name`` of ``0 <= z <= 1`` (the tails with their second derivatives refused at z = 0, c and 1)."""
    def inside(z, c, scale, log_z=None):
        given_log_z, log_z = log_z, _log_z_inside(log_z)
        if name == "logpdf":
            return _triang_sides(z, c, lambda z, c: _log_twice_z_over(z, c, log_z),
                                 lambda z, c: _log_over(2.0 * (1.0 - z), 1.0 - c, (1.0 - 2.0 * z) + c)) - _log_of(scale)
        if name == "pdf":  # (itself: through exp(log pdf) its second derivative in z, 0, was 1/z^2 - 1/z^2)
            return _triang_sides(z, c, lambda z, c: 2.0 * z / c, lambda z, c: 2.0 * (1.0 - z) / (1.0 - c)) / scale
        where = "x = loc, loc + c scale or loc + scale"
        z = _kinked_at(_kinked_at(_kinked_at_mode(z, c, f"triang.{name}", where), 0.0, f"triang.{name}", where), 1.0,
                       f"triang.{name}", where)

        def left(z, c):  # the cdf z^2 / c, the sf 1 - z^2 / c (as ((c - z) + z (1 - z)) / c where that is below 1/2)
            if name == "logcdf":  # (log z from x - loc and the scale apart, :func:`_trapezoid_inside`'s)
                return 2.0 * log_z(z) - np.log(c)
            low = z * z / c
            return low if name == "cdf" else _one_minus(low, ((c - z) + z * (1.0 - z)) / c, name == "logsf")

        def right(z, c):  # the sf (1 - z)^2 / (1 - c), the cdf 1 - that (as ((z - c) + z (1 - z)) / (1 - c) below 1/2)
            if name == "logsf":
                return 2.0 * np.log1p(-z) - np.log1p(-c)
            high = np.square(1.0 - z) / (1.0 - c)
            return high if name == "sf" else _one_minus(high, ((z - c) + z * (1.0 - z)) / (1.0 - c), name == "logcdf")
        if name != "logcdf":
            return _triang_sides(z, c, left, right)
        positive = np.asarray(_plain(c)) > 0  # (the cdf z^2 / c at z = 0, at c = 0 z (2 - z))
        return _log_cdf_at_lower_corner(_triang_sides(z, c, left, right), z, given_log_z, positive,
                                        lambda: np.where(positive, -np.log(np.where(positive, c, 1.0)), _LOG_2))
    return inside


def _triang_function(name):
    """``name`` on ``0 <= z <= 1``, outside constants; a stand-in point inside away from the mode (no kink marked
    where the point is outside)."""
    if name in ("logcdf", "logpdf"):  # (given log z by _shape_functions)
        return lambda z, c, scale, log_z: _closed_support_function(
            name, lambda z, c, scale: _triang_inside(name)(z, c, scale, log_z), lambda c: 1.0,
            lambda c: np.where(c >= 0.5, 0.25, 0.75))(z, c, scale)
    return _closed_support_function(name, _triang_inside(name), lambda c: 1.0, lambda c: np.where(c >= 0.5, 0.25, 0.75))


_shape_functions(triang, ("c",), _triang_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _triang_function(row[0]), row[1], row[2],
     f"round(float(triang.{row[0]}(0.2, 0.4)), 6)", row[3]) for row in (
        ("logpdf", -np.inf, "``log(2 z / c)`` on ``0 <= z <= c``, ``log(2 (1 - z) / (1 - c))`` on ``c <= z <= 1`` "
         "(``- log(scale)``), ``-inf`` outside.", "0.0"),
        ("pdf", 0.0, "``2 z / c`` on ``0 <= z <= c``, ``2 (1 - z) / (1 - c)`` on ``c <= z <= 1`` (over ``scale``), 0 "
         "outside.", "1.0"),
        ("cdf", 0.0, "``z^2 / c`` up to the mode, ``1 - (1 - z)^2 / (1 - c)`` after, 0 below, 1 above.", "0.1"),
        ("logcdf", -np.inf, "``log(cdf)``: ``2 log(z) - log(c)`` up to the mode.", "-2.302585"),
        ("sf", 1.0, "``1 - z^2 / c`` up to the mode, ``(1 - z)^2 / (1 - c)`` after, 1 below, 0 above.", "0.9"),
        ("logsf", 0.0, "``log(sf)``: ``2 log(1 - z) - log(1 - c)`` after the mode.", "-0.105361"))], still=True)


def _one_minus_root(q, c, factors, numerator):
    """``1 - sqrt(a) sqrt(b)`` (``a, b = factors(q, c)``, in [0, 1]) where ``a b <= 1/4``, else ``numerator(q, c) /
    (1 + sqrt(a) sqrt(b))``, ``numerator`` the same ``1 - a b`` as a sum of positive terms (the difference cancels as
    ``a b`` nears 1): each where its derivatives do not cancel (through the quotient everywhere, d/dc of the ppf was
    ``(1 - q) / D`` as ``1 / D - q / D``, 4.5e-12 off at q = 1 - 1e-9), and only on its own points (q = c = 1/2 on
    the other's: no 0 * inf from a root's derivative at 0)."""
    def direct(q, c):
        a, b = factors(q, c)
        return 1.0 - np.sqrt(a) * np.sqrt(b)

    def quotient(q, c):
        a, b = factors(q, c)
        return numerator(q, c) / (1.0 + np.sqrt(a) * np.sqrt(b))
    a, b = factors(_plain(q), _plain(c))
    far = np.broadcast_to(a * b <= 0.25, np.broadcast_shapes(np.shape(_plain(q)), np.shape(_plain(c))))
    if np.all(far):
        return direct(q, c)
    if not np.any(far):
        return quotient(q, c)
    return np.where(far, direct(np.where(far, q, 0.5), np.where(far, c, 0.5)),
                    quotient(np.where(far, 0.5, q), np.where(far, 0.5, c)))


def _triang_quantile(name, q, c, loc, scale, upper):
    """``sqrt(c q)`` up to ``q = c`` (the mode), ``1 - sqrt((1 - c)(1 - q))`` after, written ``(c + q (1 - c)) / (1 +
    sqrt(1 - c) sqrt(1 - q))`` (SciPy's difference cancels for small c and q); the isf at ``1 - q``, without forming
    it. At the mode the first derivatives are the common one-sided ones, the second refused; at ``q = c`` with c = 0
    or 1 (a corner of the support) a traced argument is refused."""
    _triang_c(name, c)
    pq, pc = _plain(q), _plain(c)
    turn = 1.0 - c if upper else c  # (the q of the mode)
    corner = (pq == _plain(turn)) & ((pc == 0) | (pc == 1))
    _refuse_a_jump(name, any(isinstance(v, (Var, Dual)) for v in (q, c)), corner,
                   "q is at the mode with c = 0 or 1", "the quantile's one-sided derivatives there differ (the mode "
                   "is an end of the support)")

    def standard(q, c):
        if upper:  # (the sf (1 - x)^2 / (1 - c) = q after the mode, 1 - x^2 / c = q before it)
            def after(q, c):
                return _one_minus_root(q, c, lambda q, c: (1.0 - c, q), lambda q, c: (1.0 - q) + c * q)

            def before(q, c):
                return np.sqrt(c) * np.sqrt(1.0 - q)
            q = _kinked_at_mode(q, 1.0 - c, name, "q = 1 - c (the mode)")
            return _triang_sides(q, c, after, before, 1.0 - c)

        def up(q, c):
            return np.sqrt(c) * np.sqrt(q)

        def down(q, c):
            return _one_minus_root(q, c, lambda q, c: (1.0 - c, 1.0 - q), lambda q, c: c + q * (1.0 - c))
        q = _kinked_at_mode(q, c, name, "q = c (the mode)")
        return _triang_sides(q, c, up, down)
    return _located(name, q, loc, scale, standard, shapes=(c,), steep_mixed=_triang_steep)


_quantiles(triang, "c", _triang_quantile, (
    ("``loc + scale sqrt(c q)`` up to ``q = c``, ``loc + scale (1 - sqrt((1 - c)(1 - q)))`` after.",
     "round(float(triang.ppf(0.1, 0.4)), 6)", "0.2"),
    ("``ppf(1 - q)``: ``loc + scale (1 - sqrt((1 - c) q))`` up to ``q = 1 - c``, ``loc + scale sqrt(c (1 - q))`` "
     "after.", "round(float(triang.isf(0.9, 0.4)), 6)", "0.2")))

_add_moments("triang", ("c",), lambda c: (1.0 + c) / 3.0, lambda c: (1.0 - c + c * c) / 18.0,
             lambda c: 0.5 - _LOG_2 + 0.0 * c, lambda name, c: _triang_c(name, c), 0.4,
             " The mean is ``(1 + c) / 3``, the variance ``(1 - c + c^2) / 18``; the entropy ``1/2 - log 2`` does not "
             "depend on c.")
_add_quantile_summaries("triang", (0.4,))


# -- uniform's log tails (its corners checked as triang's) ----------------------------------------

def _uniform_check(name, z):
    """For a traced x, loc or scale, no ``z = 0`` or ``1`` (x = loc or loc + scale), where the density jumps: the log
    tails' one-sided derivatives differ there (0 outside; inside ``1 / (x - loc)`` (+inf at the log cdf's -inf end) or
    ``-1 / scale``). Where z does not move (x = loc, both constants, only the scale traced) the end is none."""
    _corners_check(name, z, 0.0, 1.0, False, (
        "", "", "x is loc or loc + scale", "the density jumps there (from 0 to 1 / scale and back), so the log tails' "
        "one-sided derivatives differ (0 outside, inside 1 / (x - loc) or -1 / (loc + scale - x), infinite at their "
        "-inf end)"))


# -- trapezoid (the trapezoidal distribution on [0, 1], flat from c to d) ------------------------------


class trapezoid:
    """The trapezoidal distribution, as ``scipy.stats.trapezoid``: on ``[0, 1]``, with ``s = 1 + d - c``, the density
    ``2 z / (c s)`` up to c, ``2 / s`` from c to d and ``2 (1 - z) / ((1 - d) s)`` after (``0 <= c <= d <= 1``),
    differentiable in x (or q), c, d, loc and scale to every order away from its corners. Each tail is a sum of
    positive terms on each piece (``1 - z^2 / (c s)`` as ``((c - z)(c + z) + c (1 - c) + c (d - c)) / (c s)`` where
    it is above 1/2: SciPy's sf, ``1 - cdf``, loses the digits of a tail near 1), the quantiles too (``1 - sqrt((1 -
    d)(1 - q) s)`` as a quotient of sums). Where ``z`` is 0, c, d or 1 the density's slope jumps: a traced argument
    there is refused by the density, and by the tails where the density itself jumps (``z = c = 0``, ``z = d = 1``, the
    log tails at their ``-inf`` end); elsewhere at those points the tails' (and at the corners' q the quantiles')
    first derivatives are the common one-sided ones, their second derivatives refused. triang is trapezoid at ``c =
    d``, uniform at ``c = 0, d = 1``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import trapezoid
    >>> round(float(wg.grad_bp(lambda x: trapezoid.cdf(x, 0.25, 0.75), 0.5)), 6)  # the density 2 / s
    1.333333

    .. versionadded:: 0.1
    """


def _trapezoid_shapes(name, c, d):
    """``0 <= c <= d <= 1`` (SciPy gives NaN elsewhere)."""
    pc, pd = _plain(c), _plain(d)
    if not np.all((pc >= 0) & (pc <= pd) & (pd <= 1)):
        raise ValueError(f"{name}: c and d must satisfy 0 <= c <= d <= 1 (SciPy gives NaN)")


def _trapezoid_check(name, z, c, d):
    """The shapes (:func:`_trapezoid_shapes`); for a traced x, loc, scale, c or d, no point where the function's
    first derivative jumps: the density's at ``z`` = 0, c, d and 1 (its slope jumps), the tails' where the density
    jumps (``z = c = 0``, ``z = d = 1``) and the log cdf's at ``z = 0``, the log sf's at ``z = 1`` (``-inf`` there, an
    infinite slope inside), as triang's (:func:`_corners_check`)."""
    _trapezoid_shapes(name, c, d)
    _corners_check(name, z, c, d, isinstance(c, (Var, Dual)) or isinstance(d, (Var, Dual)), (
        "x is loc, loc + c scale, loc + d scale or loc + scale",
        "the density's slope jumps there (the density itself at c = 0 or d = 1)",
        "x is loc (at c = 0) or loc + scale (at d = 1)",
        "the density jumps there (from 0 to 2 / s), so the tails' one-sided derivatives differ (the log tail at its "
        "-inf end: 0 outside, +-inf inside)"))


def _trapezoid_pieces(z, c, d, left, middle, right, turns=None):
    """``left(z, c, d)`` where ``z < c``, ``middle`` where ``c <= z <= d``, ``right`` where ``z > d`` (``turns``:
    the two points in place of c and d, plain or traced), each evaluated on its own points only, the others replaced
    by a point inside it and shapes where it is defined (no division by c = 0 or 1 - d = 0, no 0 * inf)."""
    low, high = (c, d) if turns is None else turns
    pz, pl, ph = (np.asarray(_plain(v), dtype=float) for v in (z, low, high))
    shape = np.broadcast_shapes(pz.shape, pl.shape, ph.shape, np.shape(_plain(c)), np.shape(_plain(d)))
    masks = [np.broadcast_to(pz < pl, shape), np.broadcast_to((pz >= pl) & (pz <= ph), shape),
             np.broadcast_to(pz > ph, shape)]
    if not np.any(masks[0] | masks[1] | masks[2]):  # (no points: trapezoid.pdf([], 0.2, 0.8) met None)
        return left(z, c, d)
    out = None
    for mask, form, stand_ins in zip(masks, (left, middle, right), ((0.25, 0.5, 0.75), (0.5, 0.25, 0.75),
                                                                    (0.75, 0.25, 0.5))):
        if not np.any(mask):
            continue
        if np.all(mask):
            return form(z, c, d)
        value = form(*(np.where(mask, v, s) for v, s in zip((z, c, d), stand_ins)))
        out = value if out is None else np.where(mask, value, out)
    nowhere = ~(masks[0] | masks[1] | masks[2])  # (a NaN z: NaN, as SciPy; trapezoid.pdf([nan, 0.5], 0.2, 0.8) was 1.33)
    return np.where(nowhere, np.nan, out) if np.any(nowhere) else out


def _trapezoid_inside(name):
    """``name`` of ``0 <= z <= 1`` (the tails with their second derivatives refused at z = 0, c, d and 1)."""
    def inside(z, c, d, scale, log_z=None):
        given_log_z, log_z = log_z, _log_z_inside(log_z)
        # (log z from x - loc and the scale apart, _log_of_z: through z d2/dx dscale of 2 log z was 2 / (z s^2) - 2 / (z
        # s^2) in rounding, trapezoid.logcdf(1.5e-100, 0.2, 0.8, 0, 1.5)'s by jacfwd(jacfwd) 1.9e84 for 0, and
        # trapezoid.logpdf's by hessian -3.9e84 in d2/dx dc for 0)
        if name == "logpdf":
            return _trapezoid_pieces(z, c, d, lambda z, c, d: _LOG_2 + log_z(z) - np.log(c) - np.log1p(d - c),
                                     lambda z, c, d: _LOG_2 - np.log1p(d - c) + 0.0 * z,
                                     lambda z, c, d: np.log(2.0 * (1.0 - z) / ((1.0 - d) * (1.0 + d - c)))) \
                - _log_of(scale)
        if name == "pdf":
            return _trapezoid_pieces(z, c, d, lambda z, c, d: 2.0 * z / (c * (1.0 + d - c)),
                                     lambda z, c, d: 2.0 / (1.0 + d - c) + 0.0 * z,
                                     lambda z, c, d: 2.0 * (1.0 - z) / ((1.0 - d) * (1.0 + d - c))) / scale
        where = "x = loc, loc + c scale, loc + d scale or loc + scale"
        full = f"trapezoid.{name}"
        z = _kinked_at(_kinked_at(_kinked_at_mode(_kinked_at_mode(z, c, full, where), d, full, where), 0.0, full,
                                  where), 1.0, full, where)
        log = name.startswith("log")

        def left(z, c, d):  # the cdf z^2 / (c s); the sf 1 - that, as a sum where that is below 1/2
            s = 1.0 + d - c
            if name == "logcdf":
                return 2.0 * log_z(z) - np.log(c) - np.log1p(d - c)
            low = z * z / (c * s)
            if name == "cdf":
                return low
            return _one_minus(low, ((c - z) * (c + z) + c * (1.0 - c) + c * (d - c)) / (c * s), log)

        def middle(z, c, d):  # the cdf (z + (z - c)) / s, the sf ((1 - z) + (d - z)) / s; a log as log1p(-other)
            s = 1.0 + d - c  # (where the other is below 1/2: log(sf) near 0 at a small z kept its rounding)
            low, high = (z + (z - c)) / s, ((1.0 - z) + (d - z)) / s
            if not log:
                return low if name == "cdf" else high
            return _one_minus(high, low, True) if name == "logcdf" else _one_minus(low, high, True)

        def right(z, c, d):  # the sf (1 - z)^2 / ((1 - d) s); the cdf 1 - that, as a sum where that is below 1/2
            if name == "logsf":
                return 2.0 * np.log1p(-z) - np.log1p(-d) - np.log1p(d - c)
            s = 1.0 + d - c
            high = np.square(1.0 - z) / ((1.0 - d) * s)
            if name == "sf":
                return high
            return _one_minus(high, ((z - d) * (2.0 - d - z) + (1.0 - d) * (2.0 * d - c)) / ((1.0 - d) * s), log)
        if name != "logcdf":
            return _trapezoid_pieces(z, c, d, left, middle, right)
        positive = np.asarray(_plain(c)) > 0  # (the cdf z^2 / (c s) at z = 0, at c = 0 2 z / s)
        return _log_cdf_at_lower_corner(
            _trapezoid_pieces(z, c, d, left, middle, right), z, given_log_z, positive,
            lambda: np.where(positive, -np.log(np.where(positive, c, 1.0)), _LOG_2) - np.log1p(d - c))
    return inside


def _trapezoid_function(name):
    """``name`` on ``0 <= z <= 1``, outside constants; a stand-in point inside the flat part (or the triangle's
    larger side, at c = d), away from the corners."""
    def stand_in(c, d):
        return np.where(d - c > 0.0, 0.5 * (c + d), np.where(c >= 0.5, 0.5 * c, 0.5 * (1.0 + c)))
    if name in ("logcdf", "logpdf"):  # (given log z by _shape_functions)
        return lambda z, c, d, scale, log_z: _closed_support_function(
            name, lambda z, c, d, scale: _trapezoid_inside(name)(z, c, d, scale, log_z), lambda c, d: 1.0,
            stand_in)(z, c, d, scale)
    return _closed_support_function(name, _trapezoid_inside(name), lambda c, d: 1.0, stand_in)


_shape_functions(trapezoid, ("c", "d"), _trapezoid_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _trapezoid_function(row[0]), row[1], row[2],
     f"round(float(trapezoid.{row[0]}(0.2, 0.4, 0.8)), 6)", row[3]) for row in (
        ("logpdf", -np.inf, "``log(2 z / (c s))`` up to c, ``log(2 / s)`` to d, ``log(2 (1 - z) / ((1 - d) s))`` after "
         "(``- log(scale)``; ``s = 1 + d - c``), ``-inf`` outside.", "-0.336472"),
        ("pdf", 0.0, "``2 z / (c s)`` up to c, ``2 / s`` to d, ``2 (1 - z) / ((1 - d) s)`` after (over ``scale``; ``s "
         "= 1 + d - c``), 0 outside.", "0.714286"),
        ("cdf", 0.0, "``z^2 / (c s)`` up to c, ``(2 z - c) / s`` to d, ``1 - (1 - z)^2 / ((1 - d) s)`` after, 0 below, "
         "1 above.", "0.071429"),
        ("logcdf", -np.inf, "``log(cdf)``: ``2 log(z) - log(c s)`` up to c.", "-2.639057"),
        ("sf", 1.0, "``1 - z^2 / (c s)`` up to c, ``(1 + d - 2 z) / s`` to d, ``(1 - z)^2 / ((1 - d) s)`` after, 1 "
         "below, 0 above.", "0.928571"),
        ("logsf", 0.0, "``log(sf)``: ``2 log(1 - z) - log((1 - d) s)`` after d.", "-0.074108"))], still=True)


def _trapezoid_steep(lower, c, d):
    """``sqrt(c s q)`` at 0 (+ in c and d: ``c s`` grows with both), ``1 - sqrt((1 - d) s (1 - q))`` at 1 (-: ``(1 -
    d) s`` shrinks as c or d grows)."""
    sign = np.where(lower, 1.0, -1.0)
    return (sign, sign)


def _trapezoid_quantile(name, q, c, d, loc, scale, upper):
    """``sqrt(c s q)`` up to ``q = c / s`` (the corner c), ``(c + q s) / 2`` to ``q = (2 d - c) / s`` (the corner d),
    ``1 - sqrt((1 - d) s (1 - q))`` after, written as a quotient of sums (:func:`_one_minus_root`); the isf at ``1 -
    q``, without forming it. At the corners the first derivatives are the common one-sided ones, the second refused
    (a corner at an end of the support, c = 0 or d = 1, is at q = 0 or 1: the middle piece's end there). At the
    steep ends d2/dq dc and d2/dq dd are infinite (:func:`_trapezoid_steep`) but where the slope's factor does not
    move with the shape: d at the upper end at c = d = 0 (``(1 - d) s`` has d-derivative ``c - 2 d = 0``), c at the
    lower end at c = d = 1 (``c s``'s ``1 + d - 2 c = 0``), where the limit is 0: a traced d (c) there is refused."""
    _trapezoid_shapes(name, c, d)
    pq, pc, pd = (np.asarray(_plain(v), dtype=float) for v in (q, c, d))
    for shape, end, at in (("d", 1.0, (pc == 0) & (pd == 0)), ("c", 0.0, (pc == 1) & (pd == 1))):
        _refuse_a_jump(name, isinstance(d if shape == "d" else c, (Var, Dual)),
                       (pq == (1.0 - end if upper else end)) & at, f"q is at the steep end {end:g} of ppf with c = d "
                       f"= {1.0 - end:g}", f"d2/dq d{shape} there is the limit 0 of the infinite slope's derivative in "
                       f"{shape}, not the infinity declared at every other shape")

    def standard(q, c, d):
        s = 1.0 + d - c
        first, second = c / s, (2.0 * d - c) / s  # (the cdf at the corners)

        def factor(d):  # ((1 - d) s, in [0, 1]; 1 minus it is d^2 + c (1 - d): as 1 minus that below d = 1/2,
            # where the product's d-derivative -(1 + d - c) + (1 - d) cancelled, 2e-11 of ppf's at d = 1e-6)
            return np.where(_plain(d) < 0.5, 1.0 - (d * d + c * (1.0 - d)), (1.0 - d) * (1.0 + d - c))
        if upper:  # (the sf (1 - x)^2 / ((1 - d) s) = q after d, ((1 - x) + (d - x)) / s to c, 1 - x^2 / (c s) before)
            turns = (1.0 - second, 1.0 - first)
            q = _kinked_at_mode(_kinked_at_mode(q, turns[0], name, "the corners"), turns[1], name, "the corners")
            return _trapezoid_pieces(
                q, c, d, lambda q, c, d: _one_minus_root(q, d + 0.0 * c, lambda q, d: (factor(d), q),
                                                        lambda q, d: (1.0 - q) * factor(d) + d * d + c * (1.0 - d)),
                lambda q, c, d: 0.5 * (c + (1.0 - q) * (1.0 + d - c)),  # ((1 + d) - q s cancelled near q = 1)
                lambda q, c, d: np.sqrt(c * (1.0 + d - c)) * np.sqrt(1.0 - q), turns=turns)
        q = _kinked_at_mode(_kinked_at_mode(q, first, name, "the corners"), second, name, "the corners")
        return _trapezoid_pieces(
            q, c, d, lambda q, c, d: np.sqrt(c * (1.0 + d - c)) * np.sqrt(q),
            lambda q, c, d: 0.5 * (c + q * (1.0 + d - c)),
            lambda q, c, d: _one_minus_root(q, d + 0.0 * c, lambda q, d: (factor(d), 1.0 - q),
                                            lambda q, d: q * factor(d) + d * d + c * (1.0 - d)), turns=(first, second))
    return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(c, d), steep_mixed=_trapezoid_steep),
                        q, c, d, loc, scale)


_quantiles(trapezoid, ("c", "d"), _trapezoid_quantile, (
    ("``loc + scale sqrt(c s q)`` up to ``q = c / s``, ``loc + scale (c + q s) / 2`` to ``q = (2 d - c) / s``, ``loc "
     "+ scale (1 - sqrt((1 - d) s (1 - q)))`` after (``s = 1 + d - c``).",
     "round(float(trapezoid.ppf(0.5, 0.2, 0.8)), 6)", "0.5"),
    ("``ppf(1 - q)``, formed without ``1 - q``.", "round(float(trapezoid.isf(0.5, 0.2, 0.8)), 6)", "0.5")))

_add_moments("trapezoid", ("c", "d"), lambda c, d: (1.0 + d + d * d - c * c) / (3.0 * (1.0 + d - c)),
             lambda c, d: (1.0 + d + d * d + d ** 3 - c ** 3) / (6.0 * (1.0 + d - c))
             - np.square((1.0 + d + d * d - c * c) / (3.0 * (1.0 + d - c))),
             lambda c, d: 1.0 / (1.0 + d - c) - 0.5 + np.log1p(d - c) - _LOG_2,
             lambda name, c, d: _trapezoid_shapes(name, c, d), (0.2, 0.8),
             " With ``s = 1 + d - c``: the mean ``(1 + d + d^2 - c^2) / (3 s)``, the variance ``(1 + d + d^2 + d^3 - "
             "c^3) / (6 s)`` minus its square, the entropy ``1/s - 1/2 + log(s / 2)``.")
_add_quantile_summaries("trapezoid", (0.2, 0.8))


# -- truncexpon (the exponential distribution truncated to [0, b]) ----------------------------------


class truncexpon:
    """The truncated exponential distribution, as ``scipy.stats.truncexpon``: ``exp(-z) / (1 - exp(-b))`` on ``0 <= z
    <= b`` (``b > 0``), differentiable in x (or q), b, loc and scale to every order inside its support. The tails
    are exact at both ends (the sf ``-exp(-z) expm1(z - b)``; each log tail ``log1p(-the other)`` where the other is
    below 1/2, finite far out where the tail underflows); the quantiles ``-log(exp(-b) + (1 - q)(1 - exp(-b)))`` near
    q = 1 (SciPy's ``-log1p(q expm1(-b))`` cancels there); the mean ``1 - b / expm1(b)`` and the variance ``1 - (u /
    sinh u)^2`` (``u = b / 2``) from series of their differences below b = 2 and u = 2 (SciPy's moments cancel as b
    goes to 0). At the ends ``z = 0`` and ``z = b`` the density jumps: a traced argument there is refused.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import truncexpon
    >>> round(float(wg.grad_bp(lambda x: truncexpon.logpdf(x, 2.0), 1.0)), 6)  # -1
    -1.0

    .. versionadded:: 0.1
    """


def _truncexpon_check(name, z, b):
    """``b > 0`` (SciPy gives NaN elsewhere); for a traced x, loc, scale or b, no point at an end of the support
    (``z == 0`` or ``z == b``), where the density jumps and the tails' one-sided derivatives differ. Where z does not
    move (only b traced; only scale with x = loc) the end 0 stays: the functions there are differentiable in b and
    scale (the density ``1 / ((1 - exp(-b)) scale)``, the sf 1); the end b still moves across z."""
    _shapes_positive(name, b, names=["b"])
    if z is not None and any(isinstance(v, (Var, Dual)) for v in (z, b)):
        pz = _plain(z)
        _refuse_a_jump(name, True, (pz == 0) & isinstance(z, (Var, Dual)) | (pz == _plain(b)),
                       "x is loc or loc + b scale (an end of the support)",
                       "the density jumps there (from 0 to exp(-z) / (1 - exp(-b))), so its one-sided derivatives "
                       "and the tails' differ")


def _truncexpon_inside(name):
    """``name`` of ``0 <= z <= b``. The log cdf with ``log_z`` and ``power_z`` (:func:`_log_of_z`, :func:`_power_of_z`):
    ``log(1 - e^-z)`` as expon's (:func:`_log1mexp_power`, log z's derivatives in x and in scale apart: through z
    d2/dx dscale of truncexpon.logcdf(x, 1.5) was 0.625 at 1e-15, the truth 0.5, 0.0 at 1e-100)."""
    def inside(z, b, scale, log_z=None, power_z=None):
        log_mass = _log1mexp(-b)  # log(1 - exp(-b))
        if name == "logpdf":
            return -z - log_mass - _log_of(scale)
        if name == "pdf":
            return np.exp(-z) / (-np.expm1(-b) * scale)
        cdf = -np.expm1(-z) / -np.expm1(-b)
        # (1 - cdf where the cdf is below 1/2: through the direct form d/db cancelled, 5e-10 off at z = 1e-7)
        sf = _one_minus(cdf, np.exp(-z) * (0.0 - np.expm1(z - b)) / -np.expm1(-b), False)
        if name in ("cdf", "sf"):
            return cdf if name == "cdf" else sf
        pz, pb = np.asarray(_plain(z), dtype=float), np.asarray(_plain(b), dtype=float)
        safe = np.broadcast_to(0.5 * pb, np.broadcast_shapes(pz.shape, pb.shape))
        small = _plain(sf if name == "logcdf" else cdf) < 0.5  # (log1p(-the other tail) there)
        if name == "logcdf":
            def own(z):  # (at z = 0 log1mexp's -inf: log_z is 0 there)
                if log_z is None:
                    return _log1mexp(-z)
                return _piecewise(z, np.asarray(_plain(z)) > 0, lambda z: _log1mexp(-z), lambda z: _log1mexp_power(
                    z, 1.0, log_z=log_z, power_z=power_z), 0.5, 0.5)
            return _piecewise(z, small, lambda z: own(z) - log_mass,
                              lambda z: np.log1p(-np.exp(-z) * -np.expm1(z - b) / -np.expm1(-b)), safe, safe)
        return _piecewise(z, small, lambda z: -z + _log1mexp(z - b) - log_mass,
                          lambda z: np.log1p(np.expm1(-z) / -np.expm1(-b)), safe, safe)
    return inside


def _truncexpon_function(name):
    """``name`` on ``0 <= z <= b``, outside constants (the log cdf given log z and z^c by _shape_functions)."""
    inside = _truncexpon_inside(name)
    if name == "logcdf":
        return lambda z, b, scale, log_z, power_z: _closed_support_function(
            name, lambda z, b, scale: inside(z, b, scale, log_z, power_z), lambda b: b, lambda b: 0.5 * b)(z, b, scale)
    return _closed_support_function(name, inside, lambda b: b, lambda b: 0.5 * b)


_shape_functions(truncexpon, ("b",), _truncexpon_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _truncexpon_function(row[0]), row[1], row[2],
     f"round(float(truncexpon.{row[0]}(0.5, 2.0)), 6)", row[3]) for row in (
        ("logpdf", -np.inf, "``-z - log(1 - exp(-b)) - log(scale)`` on ``0 <= z <= b``, ``-inf`` outside.",
         "-0.354587"),
        ("pdf", 0.0, "``exp(-z) / ((1 - exp(-b)) scale)`` on ``0 <= z <= b``, 0 outside.", "0.701463"),
        ("cdf", 0.0, "``(1 - exp(-z)) / (1 - exp(-b))`` on the support, 0 below, 1 above.", "0.455054"),
        ("logcdf", -np.inf, "``log(cdf)`` (``log1p(-sf)`` where the sf is below 1/2).", "-0.787339"),
        ("sf", 1.0, "``(exp(-z) - exp(-b)) / (1 - exp(-b))`` on the support, 1 below, 0 above.", "0.544946"),
        ("logsf", 0.0, "``-z + log(1 - exp(z - b)) - log(1 - exp(-b))`` (``log1p(-cdf)`` where the cdf is below "
         "1/2).", "-0.607069"))], still=True)


def _truncexpon_quantile(name, q, b, loc, scale, upper):
    """``-log1p(-q (1 - exp(-b)))`` for the smaller q (of the ppf; ``1 - q`` of the isf), ``-log(exp(-b) + p (1 -
    exp(-b)))`` with ``p = 1 - q`` (of the ppf; ``q`` of the isf) for the other: sums of positive terms."""
    _shapes_positive(name, b, names=["b"])

    def standard(q):
        mass = -np.expm1(-b)
        p = _plain(q)
        low = (p > 0.5) if upper else (p < 0.5)  # (where the ppf's own q, or the isf's 1 - q, is below 1/2)

        def near_zero(q):  # the point where the cdf is the small p
            return -np.log1p(-(1.0 - q if upper else q) * mass)

        def far(q):  # (b - log1p(p expm1(b)) where p expm1(b) <= 1: through -log(exp(-b) + p (1 - exp(-b))) the
            p = q if upper else 1.0 - q  # second derivative in b was two terms near 1 cancelling, 8e-9 off at q =
            with np.errstate(over="ignore"):  # 1 - 1e-9; beyond, that form (the other's d/db cancels, 1 - 1)
                small = _plain(p) * np.expm1(_plain(b)) <= 1.0
            return _piecewise(b, ~small, lambda b: b - np.log1p(p * np.expm1(b)),
                              lambda b: -np.log(np.exp(-b) + p * -np.expm1(-b)), 1.0, 800.0)
        return _piecewise(q, ~np.broadcast_to(low, np.shape(low)), near_zero, far, 0.5, 0.5)
    return _located(name, q, loc, scale, standard)


_quantiles(truncexpon, "b", _truncexpon_quantile, (
    ("``loc - scale log1p(-q (1 - exp(-b)))``.", "round(float(truncexpon.ppf(0.5, 2.0)), 6)", "0.566219"),
    ("``ppf(1 - q)``: ``loc - scale log(exp(-b) + q (1 - exp(-b)))``.", "round(float(truncexpon.isf(0.5, 2.0)), 6)",
     "0.566219")))


def _truncexpon_mean(b):
    """``1 - b / expm1(b)``: ``b P(b) / g(b)`` below b = 2, ``P = (expm1(b) - b) / b^2`` and ``g = expm1(b) / b`` their
    series (the difference cancels as b goes to 0, where the mean is b / 2; through ``b^2 P / expm1(b)`` the second
    derivative 2e-9 off at b = 1e-6); above, ``1 - b exp(-b) / (1 - exp(-b))`` (no overflow)."""
    def direct(b):
        return 1.0 - b * np.exp(-b) / -np.expm1(-b)
    return _piecewise(b, _plain(b) >= _TRUNCEXPON_SERIES_BELOW, lambda b: b * _truncexpon_mean_series(b), direct,
                      1.0, 4.0)


def _truncexpon_var_parts(u):
    """``P = (sinh u - u) / u^3`` and ``S = sinh(u) / u``, series: ``var = u^2 P (S + 1) / S^2``."""
    return polynomial(u * u, _EXPM1_MINUS_X[1::2]), polynomial(u * u, (1.0,) + _EXPM1_MINUS_X[1::2])


def _truncexpon_var_direct(u):
    return 1.0 - np.square(2.0 * u * np.exp(-u) / -np.expm1(-2.0 * u))


def _truncexpon_var(b):
    """``1 - (u / sinh u)^2``, ``u = b / 2``: ``u^2 P (S + 1) / S^2`` (:func:`_truncexpon_var_parts`) below u = 2 (the
    difference cancels as b goes to 0, where the variance is b^2 / 12; SciPy's ``E[x^2] - mean^2`` too); above,
    ``1 - (2 u exp(-u) / (1 - exp(-2u)))^2`` (no overflow)."""
    def series(u):
        p, s = _truncexpon_var_parts(u)
        return u * u * p * (s + 1.0) / (s * s)
    u = 0.5 * b
    return _piecewise(u, _plain(u) >= _TRUNCEXPON_SERIES_BELOW, series, _truncexpon_var_direct, 1.0, 4.0)


_add_moments("truncexpon", ("b",), _truncexpon_mean, _truncexpon_var, lambda b: _truncexpon_mean(b) + _log1mexp(-b),
             _shapes_positive, 2.0,
             " The mean is ``1 - b / expm1(b)``, the variance ``1 - (b / 2)^2 / sinh(b / 2)^2`` (their differences "
             "from series below 2: SciPy's cancel as b goes to 0).")


@_method(truncexpon, "std")
def _truncexpon_std(b, loc=0.0, scale=1.0):
    """``scale u sqrt(P (S + 1)) / S`` below u = b / 2 = 2 (``var = u^2 P (S + 1) / S^2``), ``scale sqrt(var)`` above:
    through ``sqrt(var)`` the second derivative cancelled as b goes to 0 (1.4% off at b = 1e-6).

    >>> from wengert.scipy.stats import truncexpon
    >>> round(float(truncexpon.std(2.0, 0.5, 1.5)), 6)
    0.787948
    """
    _shapes_positive("truncexpon.std", b, names=["b"])
    _standardized("truncexpon.std", 0.0, 0.0, scale)

    def series(u):
        p, s = _truncexpon_var_parts(u)
        return u * np.sqrt(p * (s + 1.0)) / s
    u = 0.5 * b
    out = scale * _piecewise(u, _plain(u) >= _TRUNCEXPON_SERIES_BELOW, series,
                             lambda u: np.sqrt(_truncexpon_var_direct(u)), 1.0, 4.0)
    return _in_dtype_of(out + np.zeros(np.broadcast_shapes(*(np.shape(_plain(p)) for p in (b, loc, scale)))),
                        b, loc, scale)


_add_quantile_summaries("truncexpon")


# == session 29 (dist29a): laplace_asymmetric, genlogistic, dgamma, ... ===========================
# (one block: other helpers add distributions elsewhere in this file)

# -- laplace_asymmetric ---------------------------------------------------------------------------


class laplace_asymmetric:
    """The asymmetric Laplace distribution, as ``scipy.stats.laplace_asymmetric``: ``pdf = exp(-kappa z) / (kappa +
    1/kappa)`` for ``z = (x - loc) / scale >= 0``, ``exp(z / kappa) / (kappa + 1/kappa)`` below; differentiable in x (or
    q), kappa, loc and scale, to every order, away from its kink, with ``mean``, ``var``, ``std`` and ``entropy``.
    Each tail is written in logs (``log sf = -kappa z - log(1 + kappa^2)`` for ``z >= 0``, ``log cdf = z / kappa +
    log(kappa^2 / (1 + kappa^2))`` below; the other tail ``-expm1`` and ``log1p(-exp)`` of it), exact far out where
    SciPy's ``log(1 - ...)`` is ``-inf``.

    At ``x == loc`` (``z = 0``) the log density's slopes in x, loc and scale are ``-kappa`` and ``1 / kappa`` on the two
    sides: ``pdf`` and ``logpdf`` refuse them there (:class:`~wengert.NoGradientRule`; in kappa alone they exist); the
    tails' first derivatives there are the density's, one number for both sides, and their second derivatives in x,
    loc and scale are refused (the two sides' differ), as ``ppf`` and ``isf``'s at the same point ``q = kappa^2 / (1 +
    kappa^2)`` (``1 / (1 + kappa^2)`` for ``isf``).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import laplace_asymmetric
    >>> round(float(wg.grad_bp(lambda x: laplace_asymmetric.logpdf(x, 2.0), 1.0)), 6)  # -kappa
    -2.0

    .. versionadded:: 0.1
    """


def _laplace_asymmetric_z(name, x, kappa, loc, scale):
    """``z = (x - loc) / scale`` with laplace_asymmetric's checks and its kink at z = 0 (see the class)."""
    _shapes_positive(name, kappa, names=["kappa"])
    return _cornered_z(name, _standardized(name, x, loc, scale), (x, loc, scale), "the log density's slope in z is "
                       "-kappa on the right and 1 / kappa on the left (the density has a corner there)", "kappa")


def _laplace_asymmetric_logs(kappa):
    """``(log(1 / (1 + kappa^2)), log(kappa^2 / (1 + kappa^2)), log(kappa + 1/kappa))``: the logs of the right and left
    tails' weights (``sf`` and ``cdf`` at 0) as ``-log1p(kappa^2)`` and ``-log1p(kappa^-2)``, each with ``2 log kappa``
    where its square would be the large one (through ``log kappa - log(kappa + 1/kappa)`` the weight's log lost its
    digits to the two terms' rounding: cdf(0.5, 1e-8) was 8e-8 relative off), and ``log(kappa + 1/kappa)`` as ``log 2
    + log1p(m^2 / 4) / 2``, ``m = 1/kappa - kappa`` the mean, near kappa = 1 (its derivative ``(1 - 1/kappa^2) / (kappa +
    1/kappa)`` cancelled there), ``logaddexp(log kappa, -log kappa)`` elsewhere."""
    pk = np.asarray(_plain(kappa))
    big = pk > 1.0

    def weight(kappa, sign):  # log(1 / (1 + kappa^(2 sign)))
        return _piecewise(kappa, big if sign > 0 else ~big, lambda k: -np.log1p(k ** (2.0 * sign)),
                          lambda k: -2.0 * sign * np.log(k) - np.log1p(k ** (-2.0 * sign)), 0.5 if sign > 0 else 2.0,
                          2.0 if sign > 0 else 0.5)
    with np.errstate(over="ignore", under="ignore"):
        right, left = weight(kappa, 1.0), weight(kappa, -1.0)
        near_one = (pk > 0.5) & (pk < 2.0)
        n = _piecewise(kappa, near_one, lambda k: np.logaddexp(np.log(k), -np.log(k)),
                       lambda k: _LOG_2 + 0.5 * np.log1p(np.square(_laplace_asymmetric_mean(k)) / 4.0), 3.0, 1.0)
    return right, left, n


def _laplace_asymmetric_mean(kappa):
    """``1/kappa - kappa``, as ``(1 - kappa) (1 + kappa) / kappa`` near kappa = 1 (exact there, where the difference
    cancels; its second derivative lost digits far from 1: 1.2e-6 relative off at kappa = 1e5)."""
    return _piecewise(kappa, (np.asarray(_plain(kappa)) > 0.5) & (np.asarray(_plain(kappa)) < 2.0),
                      lambda k: 1.0 / k - k, lambda k: (1.0 - k) * (1.0 + k) / k, 3.0, 1.0)


def _laplace_asymmetric_sd(kappa):
    """``sqrt(1/kappa^2 + kappa^2)``: ``sqrt(m^2 + 2)`` near kappa = 1 (``m`` the mean, exact there), ``kappa sqrt(1 +
    kappa^-4)`` above 2 and ``sqrt(1 + kappa^4) / kappa`` below 1/2 (through ``sqrt(m^2 + 2)`` the second derivative
    cancelled far from 1)."""
    pk = np.asarray(_plain(kappa))
    with np.errstate(over="ignore", under="ignore"):
        return _piecewise(kappa, (pk > 0.5) & (pk < 2.0), lambda k: _piecewise(
            k, np.asarray(_plain(k)) > 1.0, lambda k: np.sqrt(1.0 + k ** 4) / k, lambda k: k * np.sqrt(1.0 + k ** -4.0),
            0.25, 4.0), lambda k: np.sqrt(np.square(_laplace_asymmetric_mean(k)) + 2.0), 3.0, 1.0)


def _laplace_asymmetric_near_tail(z, kappa):
    """The log of the tail on z's side of 0 (``logsf`` for ``z >= 0``, ``logcdf`` below): ``-kappa z`` and ``z /
    kappa`` plus the tail's weight's log (:func:`_laplace_asymmetric_logs`)."""
    right, left, _ = _laplace_asymmetric_logs(kappa)
    return _piecewise(z, np.asarray(_plain(z)) < 0, lambda z: -kappa * z + right, lambda z: z / kappa + left,
                      1.0, -1.0)


def _laplace_asymmetric_tail(upper, log):
    """sf (``upper``) or cdf, or its log: the near tail's log (:func:`_laplace_asymmetric_near_tail`) where z is on the
    tail's side of 0 (its exp), ``-expm1`` or ``log1p(-exp)`` (:func:`_log1mexp`) of the other tail's log elsewhere."""
    def tail(z, kappa, scale):
        near_side = np.asarray(_plain(z) >= 0) if upper else np.asarray(_plain(z) < 0)
        t = _laplace_asymmetric_near_tail(z, kappa)
        with np.errstate(under="ignore"):
            if log:
                return np.where(near_side, t, _log1mexp(np.where(near_side, -1.0, t)))
            return np.where(near_side, np.exp(t), -np.expm1(np.where(near_side, -1.0, t)))
    return tail


def _laplace_asymmetric_logpdf(z, kappa, scale):
    n = _laplace_asymmetric_logs(kappa)[2]
    return _piecewise(z, np.asarray(_plain(z)) < 0, lambda z: -kappa * z, lambda z: z / kappa, 1.0, -1.0) - n \
        - _log_of(scale)


def _laplace_asymmetric_pdf(z, kappa, scale):
    """``1 / (kappa + 1/kappa)`` (as ``kappa / (1 + kappa^2)`` up to kappa = 1) out of the exponential: through ``exp(log
    density)`` the second derivative in kappa was ``pdf (L'^2 + L'')``, ``1/kappa^2 - 1/kappa^2`` cancelling as kappa goes
    to 0 (NaN-level off at kappa = 1e-8)."""
    factor = _piecewise(kappa, np.asarray(_plain(kappa)) > 1.0, lambda k: k / (1.0 + k * k), lambda k: 1.0 / (k + 1.0 / k),
                        0.5, 2.0)
    with np.errstate(under="ignore"):
        return factor / scale * np.exp(_piecewise(z, np.asarray(_plain(z)) < 0, lambda z: -kappa * z, lambda z: z / kappa,
                                                  1.0, -1.0))


_LAPLACE_ASYMMETRIC_FUNCTIONS = {
    "logpdf": (_laplace_asymmetric_logpdf,
               "``-kappa z - log(kappa + 1/kappa) - log(scale)`` for ``z >= 0``, ``z / kappa - ...`` below.", "-3.916291"),
    "pdf": (_laplace_asymmetric_pdf,
            "``exp(-kappa z) / ((kappa + 1/kappa) scale)`` for ``z >= 0``, ``exp(z / kappa) / ...`` below.", "0.019915"),
    "cdf": (_laplace_asymmetric_tail(False, False),
            "``1 - exp(-kappa z) / (1 + kappa^2)`` for ``z >= 0``, ``kappa^2 exp(z / kappa) / (1 + kappa^2)`` below.",
            "0.990043"),
    "logcdf": (_laplace_asymmetric_tail(False, True),
               "``log1p(-exp(-kappa z) / (1 + kappa^2))`` for ``z >= 0``, ``z / kappa + log(kappa^2 / (1 + kappa^2))`` "
               "below.", "-0.010007"),
    "sf": (_laplace_asymmetric_tail(True, False),
           "``exp(-kappa z) / (1 + kappa^2)`` for ``z >= 0``, ``1 - kappa^2 exp(z / kappa) / (1 + kappa^2)`` below.",
           "0.009957"),
    "logsf": (_laplace_asymmetric_tail(True, True),
              "``-kappa z - log(1 + kappa^2)`` for ``z >= 0`` (finite far out), ``log1p(-kappa^2 exp(z / kappa) / (1 + "
              "kappa^2))`` below.", "-4.609438"),
}


def _laplace_asymmetric_method(name, function, formula, value):
    def method(x, kappa, loc=0.0, scale=1.0):
        z = _laplace_asymmetric_z(f"laplace_asymmetric.{name}", x, kappa, loc, scale)
        return _in_dtype_of(function(z, kappa, scale), x, kappa, loc, scale)
    method.__doc__ = _doc(laplace_asymmetric, formula, f"round(float(laplace_asymmetric.{name}(1.5, 2.0)), 6)", value)
    _method(laplace_asymmetric, name)(method)


for _name, _la_row in _LAPLACE_ASYMMETRIC_FUNCTIONS.items():
    _laplace_asymmetric_method(_name, *_la_row)


def _laplace_asymmetric_quantile(name, q, kappa, loc, scale, upper):
    """ppf: ``kappa (log q + N - log kappa)`` below ``q = kappa^2 / (1 + kappa^2)`` (where z = 0), ``-(log1p(-q) + N +
    log kappa) / kappa`` above; isf: the same with the tails' roles exchanged (``N = log(kappa + 1/kappa)``); a traced
    q refused at the switch at second order (the two sides' second derivatives differ)."""
    _shapes_positive(name, kappa, names=["kappa"])
    pq, pk = (np.asarray(_plain(v), dtype=float) for v in (q, kappa))
    with np.errstate(divide="ignore", over="ignore"):
        turn = 1.0 / (1.0 + pk * pk) if upper else 1.0 / (1.0 + 1.0 / (pk * pk))
    if isinstance(q, (Var, Dual)):
        q = _kinked_at(q, turn, name, "q = kappa^2 / (1 + kappa^2), x == loc" if not upper
                       else "q = 1 / (1 + kappa^2), x == loc")

    def standard(q, kappa):  # (increasing in q: the isf's negative)
        right, left, _ = _laplace_asymmetric_logs(kappa)
        low = np.broadcast_to(np.asarray(_plain(q)) < turn, np.broadcast_shapes(np.shape(_plain(q)), np.shape(turn)))
        if upper:  # -isf: q below 1 / (1 + kappa^2) on the right of 0
            return _piecewise(q, low, lambda q: -kappa * (np.log1p(-q) - left), lambda q: (np.log(q) - right) / kappa,
                              0.5 * turn + 0.5, 0.5 * turn)
        return _piecewise(q, low, lambda q: -(np.log1p(-q) - right) / kappa, lambda q: kappa * (np.log(q) - left),
                          0.5 * turn + 0.5, 0.5 * turn)
    return _in_dtype_of(_located(name, q, loc, scale, standard, sign=-1.0 if upper else 1.0, shapes=(kappa,)),
                        q, kappa, loc, scale)


_quantiles(laplace_asymmetric, "kappa", _laplace_asymmetric_quantile, (
    ("``loc + scale kappa log(q (1 + kappa^2) / kappa^2)`` below ``q = kappa^2 / (1 + kappa^2)``, ``loc - scale "
     "log((1 - q) (1 + kappa^2)) / kappa`` above.", "round(float(laplace_asymmetric.ppf(0.9, 2.0)), 6)", "0.346574"),
    ("``loc - scale log(q (1 + kappa^2)) / kappa`` below ``q = 1 / (1 + kappa^2)``, ``loc + scale kappa log((1 - q) "
     "(1 + kappa^2) / kappa^2)`` above.", "round(float(laplace_asymmetric.isf(0.1, 2.0)), 6)", "0.346574")))
_add_moments("laplace_asymmetric", ("kappa",), _laplace_asymmetric_mean,
             lambda k: np.square(_laplace_asymmetric_mean(k)) + 2.0, lambda k: 1.0 + _laplace_asymmetric_logs(k)[2],
             lambda name, k: _shapes_positive(name, k, names=["kappa"]), 2.0,
             " The mean is ``1/kappa - kappa`` (as ``(1 - kappa) (1 + kappa) / kappa``, exact near kappa = 1), the "
             "variance ``1/kappa^2 + kappa^2`` (as ``m^2 + 2``, ``m`` the mean).", sd=_laplace_asymmetric_sd)
_add_quantile_summaries("laplace_asymmetric")


# -- loglaplace (the log-Laplace distribution) ----------------------------------------------------


class loglaplace:
    """The log-Laplace distribution, as ``scipy.stats.loglaplace``: ``log z`` Laplace with scale ``1/c`` (``pdf = c/2
    z^(c - 1)`` for ``0 <= z < 1``, ``c/2 z^(-c - 1)`` above), differentiable in x (or q), c, loc and scale, to every
    order away from its kink, with ``mean``, ``var``, ``std`` and ``entropy``. Each tail is a power on its side of 1
    (its log ``c log z - log 2`` or ``-c log z - log 2``, finite far out where SciPy's is ``-inf``); the variance
    ``c^2 (2 c^2 + 1) / ((c^2 - 4) (c^2 - 1)^2)`` (SciPy's difference of moments cancels as c grows).

    At ``z = 1`` (``x == loc + scale``) the density has a corner (its log's slopes ``c - 1`` and ``-c - 1``): ``pdf``
    and ``logpdf`` refuse a derivative in x, loc or scale there (:class:`~wengert.NoGradientRule`), the tails' second
    derivatives there too (their first is the density), as ``ppf`` and ``isf``'s at ``q = 1/2``. At ``z = 0`` the
    density is ``c/2 z^(c - 1)``: a traced c is refused there where ``c = 1`` (it jumps in c).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import loglaplace
    >>> float(wg.grad_bp(lambda c: loglaplace.logsf(2.0, c), 1.0))  # -log 2
    -0.6931471805599453

    .. versionadded:: 0.1
    """


def _loglaplace_z(name, x, c, loc, scale):
    """``z = (x - loc) / scale`` with loglaplace's checks: c positive, a traced c refused in the density at x == loc
    where c = 1 (not where z only rounds to 0: :func:`_x_at_loc`; loglaplace.logpdf(1e-300, c, 0, 1e300) at c = 1 was
    refused, its d/dc -1380.55), and the corner at z = 1 (:func:`_cornered_z`)."""
    _shapes_positive(name, c, names=["c"])
    z = _standardized(name, x, loc, scale)
    if name.endswith("pdf"):
        _refuse_a_jump_in_shape(name, c, lambda: _x_at_loc(z, _inside_z(x - loc, scale, z)) & (_plain(c) == 1), "c",
                                "c = 1 where x == loc", "z**(c - 1)")
    return _cornered_z(name, z, (x, loc, scale), "the log density's slope in log z is c - 1 below and -c - 1 above "
                       "(the density has a corner there)", "c", 1.0, "x == loc + scale")


def _loglaplace_sides(z, below, above):
    """``below(z)`` for ``z < 1``, ``above(z)`` for ``z >= 1``, each on its own points."""
    return _piecewise(z, np.asarray(_plain(z)) >= 1.0, below, above, 0.5, 2.0)


def _loglaplace_power(z, c):
    """``z^(c - 1)`` with its exponent's rounding kept (:func:`_power_less`: through np.power(z, c - 1.0) the rounding
    of c - 1 times log z was the density's relative error, loglaplace.pdf(1e-300, 0.2) 332 ulp off, (1e150, 0.4) 182;
    its derivatives the limits where they overflow). A Python float z as NumPy's (0.0 ** -0.5 is inf, not a
    ZeroDivisionError)."""
    return _power_less(np.float64(z) if isinstance(z, float) else z, c)


#: name -> (the function below z = 1, that above; each of (z, c, scale)), formula, value at (1.5, 2.0)
_LOGLAPLACE_FUNCTIONS = {
    "logpdf": ((lambda z, c, scale, log_z: _xlog_z(c - 1.0, z, log_z), lambda z, c, scale, log_z: -(c + 1.0) * log_z(z)),
               "``log(c / 2) + (c - 1) log z`` below ``z = 1``, ``log(c / 2) - (c + 1) log z`` above, ``- log(scale)``.",
               "-1.216395"),
    "pdf": ((lambda z, c, scale, log_z: _loglaplace_power(z, c), lambda z, c, scale, log_z: _loglaplace_power(z, -c)),
            "``c / 2 z^(c - 1) / scale`` below ``z = 1``, ``c / 2 z^(-c - 1) / scale`` above.", "0.296296"),
    "cdf": ((lambda z, c, scale, log_z: 0.5 * np.power(z, c), lambda z, c, scale, log_z: 1.0 - 0.5 * np.power(z, -c)),
            "``z^c / 2`` below ``z = 1``, ``1 - z^-c / 2`` above.", "0.777778"),
    "logcdf": ((lambda z, c, scale, log_z: c * log_z(z) - _LOG_2,
                lambda z, c, scale, log_z: np.log1p(-0.5 * np.power(z, -c))),
               "``c log z - log 2`` below ``z = 1`` (finite near 0), ``log1p(-z^-c / 2)`` above.", "-0.251314"),
    "sf": ((lambda z, c, scale, log_z: 1.0 - 0.5 * np.power(z, c), lambda z, c, scale, log_z: 0.5 * np.power(z, -c)),
           "``1 - z^c / 2`` below ``z = 1``, ``z^-c / 2`` above.", "0.222222"),
    "logsf": ((lambda z, c, scale, log_z: np.log1p(-0.5 * np.power(z, c)), lambda z, c, scale, log_z: -c * log_z(z) - _LOG_2),
              "``log1p(-z^c / 2)`` below ``z = 1``, ``-c log z - log 2`` above (finite far out).", "-1.504077"),
}


#: ``log1p(-w / 2) = -sum_j (w / 2)^j / j`` in powers ``w = z^c`` (:data:`_Z_TERMS`' terms) for ``w < 1e-2``: eight
#: terms, the ninth below 1e-20 of the first
_LOG1P_MINUS_HALF = tuple(((j, 0, 0, 0, 0, 0, 0), -(0.5 ** j) / j) for j in range(1, 9))


def _loglaplace_log_sf_below(z, c, scale, log_z, power_z):
    """loglaplace's log sf below z = 1, ``log1p(-z^c / 2)``, and where ``z^c < 1e-2`` and ``c (c - 1) z^(c - 2)``
    overflows its series in powers of z (:data:`_LOG1P_MINUS_HALF`), one primitive of x - loc and the scale whose
    derivatives are sums of powers, summed from their logs where they overflow: through log1p of np.power d2/dx2 was
    ``-P'' / 2 - P'^2 / 4`` (P = z^c), +inf - inf = NaN at loglaplace.logsf(1e-300, 0.2), the truth +inf (the first,
    ~ z^(c - 2), the larger)."""
    lead = _overflowing_power_leads(z, c, below=1e-2, power_z=power_z)
    return _piecewise(z, lead, lambda z: np.log1p(-0.5 * np.power(z, c)),
                      lambda z: power_z(z, c, terms=_LOG1P_MINUS_HALF), 0.5, 1e-300)


def _loglaplace_method(name, forms, formula, value):
    below, above = forms
    # where each is defined: the log tails' power logs at z > 0; the others at z >= 0; outside, the limits
    inside = (lambda z: z > 0) if name == "logcdf" else (lambda z: z >= 0)
    outside = _LIMITS_AT_INFINITY[name][1]

    def method(x, c, loc=0.0, scale=1.0):
        z = _loglaplace_z(f"loglaplace.{name}", x, c, loc, scale)
        # (c log z from _log_of_z, its derivatives in x and in scale apart: through z d2/dx dscale of logsf(1e160, 2,
        # 0, s) was 2.2e-165, of logpdf(1e20, 2, 0, 3) -1.5e-36, the truth 0)
        log_z = _log_of_z(x - loc, scale, z)
        power_z = _power_of_z(x - loc, scale, z) if name == "logsf" else None

        def inner(z):
            out = _loglaplace_sides(z, lambda z: below(z, c, scale, log_z) if power_z is None
                                    else _loglaplace_log_sf_below(z, c, scale, log_z, power_z),
                                    lambda z: above(z, c, scale, log_z))
            if name == "pdf":
                return 0.5 * c / scale * out
            if name == "logpdf":
                return out + _log_of(c) - _LOG_2 - _log_of(scale)
            return out
        with np.errstate(divide="ignore", over="ignore"):
            if name == "logcdf":
                # (at z = 0, x == loc: c log z - log 2, -inf with the limits from inside as its derivatives; it was the
                # constant -inf, every derivative 0: d/dscale of loglaplace.logcdf(0, 2, 0, s) 0 for -c / s)
                out = _log_cdf_from_lower_end(z, inner, lambda z: log_z.end(c, 0.0, 1.0) - _LOG_2)
            else:
                # (the support's mask on _inside_z's z: x < loc where z rounds to -0.0 outside)
                out = _on_support(inside(_inside_z(x - loc, scale, z)), inner, z, outside=outside)
            return _in_dtype_of(out, x, c, loc, scale)
    method.__doc__ = _doc(loglaplace, formula, f"round(float(loglaplace.{name}(1.5, 2.0)), 6)", value)
    _method(loglaplace, name)(method)


for _name, _loglaplace_row in _LOGLAPLACE_FUNCTIONS.items():
    _loglaplace_method(_name, *_loglaplace_row)


def _loglaplace_quantile(name, q, c, loc, scale, upper):
    """ppf: ``(2q)^(1/c)`` below ``q = 1/2``, ``(2 (1 - q))^(-1/c)`` above; isf: ``(2q)^(-1/c)`` below, ``(2 (1 -
    q))^(1/c)`` above (``1 - q`` exact there); a traced q refused at second order at ``q = 1/2`` (z = 1, the kink)."""
    _shapes_positive(name, c, names=["c"])
    q = _kinked_at(_q(name, q), 0.5, name, "q = 1/2, x == loc + scale")
    pq = np.asarray(_plain(q), dtype=float)
    high = np.broadcast_to(pq >= 0.5, np.broadcast_shapes(pq.shape, np.shape(_plain(c))))
    sign = -1.0 if upper else 1.0

    def standard(q):
        with np.errstate(divide="ignore", over="ignore"):
            return _piecewise(q, high, lambda q: np.power(2.0 * q, sign / c),
                              lambda q: np.power(2.0 * (1.0 - q), -sign / c), 0.25, 0.75)
    return _in_dtype_of(_located(name, q, loc, scale, standard), q, c, loc, scale)


_quantiles(loglaplace, "c", _loglaplace_quantile, (
    ("``loc + scale (2q)^(1/c)`` below ``q = 1/2``, ``loc + scale (2 (1 - q))^(-1/c)`` above.",
     "round(float(loglaplace.ppf(0.9, 2.0)), 6)", "2.236068"),
    ("``loc + scale (2q)^(-1/c)`` below ``q = 1/2``, ``loc + scale (2 (1 - q))^(1/c)`` above.",
     "round(float(loglaplace.isf(0.1, 2.0)), 6)", "2.236068")))


def _loglaplace_variance(c):
    """``c^2 (2 c^2 + 1) / ((c^2 - 4) (c^2 - 1)^2)`` for ``c > 2``, with ``c^2 - k^2`` as ``(c - k) (c + k)``: the second
    moment less the mean's square collected in one quotient (SciPy's difference cancels as c grows)."""
    return c * c * (2.0 * c * c + 1.0) / ((c - 2.0) * (c + 2.0)) / ((c - 1.0) * (c + 1.0)) ** 2


_add_moments("loglaplace", ("c",),
             # (the mean as 1 + 1 / (c^2 - 1): through c^2 / (c^2 - 1) its derivative cancelled as c grows, 3e-7
             # relative off at c = 1e5)
             lambda c: _moment_where(lambda p: p > 1.0, _always, lambda c: 1.0 + 1.0 / ((c - 1.0) * (c + 1.0)), (c,),
                                     2.0),
             lambda c: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, _loglaplace_variance, (c,), 3.0),
             lambda c: 1.0 + _LOG_2 - np.log(c), lambda name, c: _shapes_positive(name, c, names=["c"]), 3.0,
             " The mean ``c^2 / (c^2 - 1)`` exists for ``c > 1`` (inf below), the variance ``c^2 (2 c^2 + 1) / ((c^2 - "
             "4) (c^2 - 1)^2)`` for ``c > 2``; it is inf for ``1 < c <= 2`` and NaN for ``c <= 1``, where the mean is "
             "infinite.",
             sd=lambda c: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda c: c * np.sqrt(
                 (2.0 * c * c + 1.0) / ((c - 2.0) * (c + 2.0))) / ((c - 1.0) * (c + 1.0)), (c,), 3.0))
_add_quantile_summaries("loglaplace")


# -- bradford (the Bradford distribution) ----------------------------------------------------------


def _bradford_series():
    """The coefficients (from Fractions) of the series bradford's moments and entropy take for a small c, where their
    closed forms cancel: ``c - log1p(c) = c^2 A(c)`` (the mean ``A / L``, ``L = log1p(c) / c``), the variance ``V(c) =
    B / (2 L^2)`` (``(c + 2) log1p(c) - 2c = c^3 B(c)``), to c^59, and the entropy ``log1p(c) / 2 + log(log1p(c) / c) =
    c^2 H(c)`` to c^30."""
    n = 31  # (the entropy's series; the moments' to c^60, below c = 1/2)
    ratio = [Fraction((-1) ** k, k + 1) for k in range(n)]  # log1p(c) / c
    u = [Fraction(0)] + ratio[1:]  # log1p(c) / c - 1
    log_ratio, power = [Fraction(0)] * n, [Fraction(1)] + [Fraction(0)] * (n - 1)
    for k in range(1, n):  # log(1 + u) = sum (-1)^(k + 1) u^k / k
        power = [sum(power[i] * u[j - i] for i in range(j + 1)) for j in range(n)]
        log_ratio = [a + Fraction((-1) ** (k + 1), k) * b for a, b in zip(log_ratio, power)]
    entropy = [log_ratio[j] + (Fraction((-1) ** (j + 1), j) / 2 if j else 0) for j in range(n)]
    assert entropy[0] == entropy[1] == 0
    # the variance B / (2 L^2), L = log1p(c) / c, as one series (through the quotient its derivative cancelled as c goes
    # to 0: B' / (2 L^2) - B L' / L^3, -1/12 + 1/12; 6.6e-9 relative off at c = 1e-6)
    m = 60
    ratio_m = [Fraction((-1) ** k, k + 1) for k in range(m)]
    square = [sum(ratio_m[i] * ratio_m[j - i] for i in range(j + 1)) for j in range(m)]
    b = [Fraction((-1) ** j * (j + 1), (j + 2) * (j + 3)) for j in range(m)]
    variance = []
    for j in range(m):  # 2 L^2 V = B
        variance.append((b[j] - 2 * sum(square[i] * variance[j - i] for i in range(1, j + 1))) / (2 * square[0]))
    return ([(-1.0) ** j / (j + 2) for j in range(m)], [float(v) for v in variance], [float(e) for e in entropy[2:]])


_BRADFORD_A, _BRADFORD_V, _BRADFORD_H = _bradford_series()
#: below this c bradford's entropy is a series (:func:`_bradford_series`; its terms below 1e-28 there), below 5 times
#: it its moments (their terms below 1e-18 of the sum at c = 1/2; their closed forms cancelled as 12 / c^2 there)
_BRADFORD_SERIES_BELOW = 0.1


class bradford:
    """The Bradford distribution, as ``scipy.stats.bradford``: ``pdf = c / (log1p(c) (1 + c z))`` on ``0 <= z <= 1``
    (``z = (x - loc) / scale``), differentiable in x (or q), c, loc and scale, to every order, with ``mean``,
    ``var``, ``std`` and ``entropy``. At the ends of the support (z = 0 and z = 1, where the density jumps to 0) the
    derivatives are the one-sided ones from inside. The sf is ``log1p(c (1 - z) / (1 + c z)) / log1p(c)`` (exact near
    z = 1, where SciPy's ``1 - cdf`` cancels), the moments and the entropy series in c below c = 0.1, where their
    closed forms cancel (SciPy's ``var(1e-6)`` is -82.2, the truth 0.0833; its ``entropy(1e-6)`` -8.2e-11, the truth
    -4.2e-14).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import bradford
    >>> round(float(wg.grad_bp(lambda x: bradford.cdf(x, 1.0), 0.0)), 6)  # the density at 0: 1 / log 2
    1.442695

    .. versionadded:: 0.1
    """


def _bradford_log_ratio(t):
    """``log(log1p(t) / t)``: below t = 1/2 ``log1p`` of the series less its 1 (the log of a number near 1 lost the
    digits of ``-t/2``: the log density 3.6e-5 relative off at c = 1e-6, z = 1/2)."""
    return _piecewise(t, np.asarray(_plain(t)) < 0.5, lambda t: np.log(np.log1p(t) / t),
                      lambda t: np.log1p(t * polynomial(t, _LOG1P_RATIO_SERIES[1:])), 1.0, 0.25)


def _bradford_lower(z, c):
    """The cdf ``log1p(c z) / log1p(c)`` as ``z L(c z) / L(c)``, ``L(t) = log1p(t) / t`` (:func:`_bradford_ratio`)."""
    return z * _bradford_ratio(c * z) / _bradford_ratio(c)


def _bradford_upper(z, c):
    """The sf ``log1p(c (1 - z) / (1 + c z)) / log1p(c)`` (nothing cancels near z = 1, where SciPy's ``1 - cdf``
    does), as ``(1 - z) / (1 + c z) L(w) / L(c)``, ``w = c (1 - z) / (1 + c z)``."""
    v = (1.0 - z) / (1.0 + c * z)
    return v * _bradford_ratio(c * v) / _bradford_ratio(c)


def _bradford_tail(upper, log):
    """cdf or sf (``upper``), or its log: each from its own form on its own half (z below 1/2 the cdf's, above the
    sf's: their derivatives in c vanish at z = 0 and z = 1 respectively, without cancelling), the other ``1 -`` it. The
    log cdf's own as ``log z + log L(c z) - log L(c)`` (:func:`_bradford_log_ratio`): through ``log(z L(c z) / L(c))``
    its second derivative met ``1 / (z L)^2`` twice (bradford.logcdf(1e-300, 0.5)'': NaN, the truth -inf); ``log z``
    from ``log_z`` (:func:`_log_of_z`: its derivatives in x and in scale apart; through z d2/dx dscale of
    bradford.logcdf(1e-100, 1.5) was 0.0, the truth 0.75, an overflow warning at 1e-200)."""
    def tail(z, c, scale, log_z=None):
        high = np.broadcast_to(np.asarray(_plain(z)) > 0.5, np.broadcast_shapes(np.shape(_plain(z)), np.shape(
            _plain(c))))
        own, other = (_bradford_upper, _bradford_lower) if upper else (_bradford_lower, _bradford_upper)
        near, far = (lambda z: own(z, c)), (lambda z: other(z, c))
        with np.errstate(divide="ignore"):
            if log:
                if upper:  # (the log sf as log1p(-z) - log1p(c z) + log L(w) - log L(c): through log(v L(w) / L(c))
                    # its d2/dz dc met 1 / v^2 twice, cancelling near z = 1: at z = 1 - 1.1e-16, c = 3 -0.0625 and
                    # +0.0625 by the two orders, the truth -0.03125)
                    return _piecewise(z, high, lambda z: np.log1p(-far(z)), lambda z: np.log1p(-z) - np.log1p(c * z) + (
                        _bradford_log_ratio(c * (1.0 - z) / (1.0 + c * z)) - _bradford_log_ratio(c)), 0.25, 0.75)
                return _piecewise(z, high, lambda z: (np.log(z) if log_z is None else log_z(z))
                                  + _bradford_log_ratio(c * z) - _bradford_log_ratio(c),
                                  lambda z: np.log1p(-far(z)), 0.25, 0.75)
            if upper:
                return _piecewise(z, high, lambda z: 1.0 - far(z), near, 0.25, 0.75)
            return _piecewise(z, high, near, lambda z: 1.0 - far(z), 0.25, 0.75)
    return tail


def _bradford_functions():
    def log_density(z, c, scale):
        return -_bradford_log_ratio(c) - np.log1p(c * z) - _log_of(scale)
    return {
        "logpdf": (lambda z: (z >= 0) & (z <= 1), log_density,
                   "``log(c / log1p(c)) - log1p(c z) - log(scale)`` on ``0 <= z <= 1``, ``-inf`` outside.", "-0.094048"),
        "pdf": (lambda z: (z >= 0) & (z <= 1), lambda z, c, scale: 1.0 / (_bradford_ratio(c) * (1.0 + c * z) * scale),
                "``c / (log1p(c) (1 + c z) scale)`` on ``0 <= z <= 1``, 0 outside.", "0.910239"),
        "cdf": (lambda z: (z >= 0) & (z <= 1), _bradford_tail(False, False),
                "``log1p(c z) / log1p(c)`` on ``0 <= z <= 1``, 0 below, 1 above.", "0.63093"),
        "logcdf": (lambda z: (z > 0) & (z <= 1), _bradford_tail(False, True),
                   "``log(log1p(c z) / log1p(c))`` on ``0 < z <= 1``, ``-inf`` at and below 0, 0 above.", "-0.460561"),
        "sf": (lambda z: (z >= 0) & (z <= 1), _bradford_tail(True, False),
               "``log1p(c (1 - z) / (1 + c z)) / log1p(c)`` on ``0 <= z <= 1``, 1 below, 0 above.", "0.36907"),
        "logsf": (lambda z: (z >= 0) & (z < 1), _bradford_tail(True, True),
                  "``log`` of the sf on ``0 <= z < 1``, 0 below, ``-inf`` at and above 1.", "-0.996768"),
    }


def _bradford_method(name, inside, function, formula, value):
    top, bottom = _LIMITS_AT_INFINITY[name]

    def method(x, c, loc=0.0, scale=1.0):
        _shapes_positive(f"bradford.{name}", c, names=["c"])
        z = _standardized(f"bradford.{name}", x, loc, scale)
        pz = np.asarray(_plain(z))
        logs = {"log_z": _log_of_z(x - loc, scale, z)} if name == "logcdf" else {}
        # outside (or at an end where a log tail is -inf): the limit on that side
        out = _on_support(inside(pz), lambda z: function(z, c, scale, **logs), z, outside=np.nan)
        if np.any(~inside(pz)):
            out = np.where(inside(pz), out, np.where(pz > 0.5, top, bottom))
        if name == "logcdf" and np.any(pz == 0):
            # (at z = 0, x == loc: log z + log c - log(log1p(c)) - c z / 2 + O(z^2), -inf with the limits from inside as
            # its derivatives; it was the constant -inf, every derivative 0: d/dscale of bradford.logcdf(0, c, 0, s) 0
            # for -1 / s, d/dc 0 for 1 / c - 1 / ((1 + c) log1p(c)))
            out = np.where(pz == 0, logs["log_z"].end(1.0, -0.5 * c, 1.0) + np.log(c) - np.log(np.log1p(c)), out)
        return _in_dtype_of(out, x, c, loc, scale)
    method.__doc__ = _doc(bradford, formula, f"round(float(bradford.{name}(0.5, 2.0)), 6)", value)
    _method(bradford, name)(method)


for _name, _bradford_row in _bradford_functions().items():
    _bradford_method(_name, *_bradford_row)


def _bradford_quantile(name, q, c, loc, scale, upper):
    """``loc + scale expm1(p log1p(c)) / c``, ``p = q`` (``upper``: ``1 - q``), as ``p L(c) exprel(p c L(c))`` (exact in c
    as c goes to 0)."""
    _shapes_positive(name, c, names=["c"])

    def standard(q):  # (above p = 1/2 as 1 - (1 + c) (1 - p) L(c) exprel(-(1 - p) c L(c)), from the other tail: its
        # derivative in c vanishes at p = 1 without cancelling, 6e-5 relative off at q = 1 - 1e-12, c = 70)
        ratio = _bradford_ratio(c)
        high = np.broadcast_to(np.asarray(_plain(q)) < 0.5 if upper else np.asarray(_plain(q)) > 0.5,
                               np.broadcast_shapes(np.shape(_plain(q)), np.shape(_plain(c))))

        def low_form(q):
            p = (1.0 - q) if upper else q
            return p * ratio * _bradford_exprel(p * c * ratio)

        def high_form(q):
            r = q if upper else 1.0 - q
            return 1.0 - (1.0 + c) * r * ratio * _bradford_exprel(-r * c * ratio)
        return _piecewise(q, high, low_form, high_form, 0.75 if upper else 0.25, 0.25 if upper else 0.75)
    return _in_dtype_of(_located(name, q, loc, scale, standard), q, c, loc, scale)


_quantiles(bradford, "c", _bradford_quantile, (
    ("``loc + scale expm1(q log1p(c)) / c``.", "round(float(bradford.ppf(0.5, 2.0)), 6)", "0.366025"),
    ("``loc + scale expm1((1 - q) log1p(c)) / c``.", "round(float(bradford.isf(0.5, 2.0)), 6)", "0.366025")))


def _bradford_small(c, factor=1.0):
    return np.asarray(_plain(c)) < factor * _BRADFORD_SERIES_BELOW


def _bradford_mean(c):
    """``(c - log1p(c)) / (c log1p(c))``, as ``A(c) / L(c)`` below c = 1/2 (:func:`_bradford_series`)."""
    return _piecewise(c, _bradford_small(c, 5.0), lambda c: (c - np.log1p(c)) / (c * np.log1p(c)),
                      lambda c: polynomial(c, _BRADFORD_A) / _bradford_ratio(c), 1.0, 0.01)


def _bradford_variance(c):
    """``((c + 2) log1p(c) - 2c) / (2 c log1p(c)^2)``, its series ``V(c)`` below c = 1/2 (:func:`_bradford_series`; above,
    its second derivative is 1e-10 relative off near c = 1/2, where the numerator cancels as ``12 / c^2``)."""
    return _piecewise(c, _bradford_small(c, 5.0), lambda c: ((c + 2.0) * np.log1p(c) - 2.0 * c) / (2.0 * c * np.log1p(c) ** 2),
                      lambda c: polynomial(c, _BRADFORD_V), 1.0, 0.01)


def _bradford_entropy(c):
    """``log1p(c) / 2 - log(c / log1p(c))``, as ``c^2 H(c)`` below c = 0.1 (its terms of size c cancel)."""
    return _piecewise(c, _bradford_small(c), lambda c: 0.5 * np.log1p(c) + np.log(np.log1p(c) / c),
                      lambda c: c * c * polynomial(c, _BRADFORD_H), 1.0, 0.01)


_add_moments("bradford", ("c",), _bradford_mean, _bradford_variance, _bradford_entropy,
             lambda name, c: _shapes_positive(name, c, names=["c"]), 2.0,
             " The mean is ``(c - log1p(c)) / (c log1p(c))``, the variance ``((c + 2) log1p(c) - 2c) / (2 c log1p(c)^2)`` "
             "(series in c below 0.1, where they cancel).")
_add_quantile_summaries("bradford")


# -- anglit ---------------------------------------------------------------------------------------

#: pi/4 as the float np.pi / 4 plus the rest (pi/4 - fl(pi/4) = 3.06e-17): anglit's distances to its ends
_PI4_HI = np.pi / 4.0
_PI4_LO = 3.061616997868383e-17


class anglit:
    """The anglit distribution, as ``scipy.stats.anglit``: ``pdf = cos(2z)`` on ``|z| <= pi/4`` (``z = (x - loc) /
    scale``), ``cdf = sin(z + pi/4)^2``; differentiable in x (or q), loc and scale, to every order, with ``mean`` (0),
    ``var`` (``pi^2/16 - 1/2``), ``std`` and ``entropy`` (``1 - log 2``). At the ends of the support (where the density
    is 0, its slope 2 inside and 0 outside) the derivatives are the one-sided ones from inside. The density and the
    tails are written in the distances to the ends, ``pi/4 -+ z`` with pi/4's rounding error added (``cos(2z) = sin(2
    (pi/4 - |z|))``, ``sf = sin(pi/4 - z)^2``: exact near the ends, where SciPy's ``sin(z + pi/4)`` of a rounded sum
    loses digits: its ``sf(pi/4 - 1e-13)`` is 1.6e-3 relative off, its ``cdf(-pi/4 + 1e-9)`` 6e-8), the log tails
    ``log1p`` of the other tail past the middle, the quantiles ``arcsin(2q - 1) / 2`` near ``q = 1/2`` (SciPy's
    ``arcsin(sqrt(q)) - pi/4`` cancels there) and ``pi/4 - arcsin(sqrt(1 - q))`` near 1.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import anglit
    >>> float(wg.grad_bp(anglit.cdf, 0.0))  # the density at 0
    1.0

    .. versionadded:: 0.1
    """


def _anglit_to_end(t):
    """``pi/4 - t`` for ``t`` near ``pi/4``, with pi/4's rest (the distance to the end keeps its digits)."""
    return (_PI4_HI - t) + _PI4_LO


def _anglit_functions():
    def logpdf(z, scale):
        return np.log(np.sin(2.0 * _anglit_to_end(np.abs(z)))) - _log_of(scale)

    def cdf(z):
        return np.square(np.sin(_anglit_to_end(-z)))

    def sf(z):
        return np.square(np.sin(_anglit_to_end(z)))

    def halves(z, own, other, own_side):  # own(z) on its own half, 1 - other(z) past the middle
        past = np.asarray(_plain(z) > 0) if own_side == "low" else np.asarray(_plain(z) < 0)
        return _piecewise(z, past, own, lambda z: 1.0 - other(z), -0.3 if own_side == "low" else 0.3,
                          0.3 if own_side == "low" else -0.3)

    def log_tail(own, other, own_side):  # log(own) on its own half, log1p(-other) past the middle
        def tail(z, scale):
            past = np.asarray(_plain(z) > 0) if own_side == "low" else np.asarray(_plain(z) < 0)
            with np.errstate(divide="ignore"):
                return _piecewise(z, past, lambda z: 2.0 * np.log(np.sin(_anglit_to_end(-z if own_side == "low"
                                                                                         else z))),
                                  lambda z: np.log1p(-other(z)), -0.3 if own_side == "low" else 0.3,
                                  0.3 if own_side == "low" else -0.3)
        return tail
    inside = (lambda z: np.abs(z) <= _PI4_HI)
    return {
        # (the density with |z|: its kink at 0 is the density's own, cos(2z) is smooth there; np.abs's derivative at
        # 0, the mean of the one-sided ones, is the true one)
        "logpdf": (inside, logpdf, "``log(cos(2z)) - log(scale)`` on ``|z| <= pi/4``, ``-inf`` outside.", "-0.191965"),
        "pdf": (inside, lambda z, scale: np.sin(2.0 * _anglit_to_end(np.abs(z))) / scale,
                "``cos(2z) / scale`` on ``|z| <= pi/4``, 0 outside.", "0.825336"),
        # (each tail from its own form on its own half, 1 - the other's past the middle: near an end the other's
        # derivative, sin(2 (pi/4 + z)), lost its digits to the sum's rounding, 1.4e-7 relative off at pi/4 - 1e-9)
        "cdf": (inside, lambda z, scale: halves(z, cdf, sf, "low"),
                "``sin(z + pi/4)^2`` on ``|z| <= pi/4``, 0 below, 1 above.", "0.782321"),
        "logcdf": (lambda z: (z > -_PI4_HI) & (z <= _PI4_HI), log_tail(cdf, sf, "low"),
                   "``2 log(sin(z + pi/4))`` (``log1p(-sf)`` above 0) on ``-pi/4 < z <= pi/4``, ``-inf`` below, 0 above.",
                   "-0.24549"),
        "sf": (inside, lambda z, scale: halves(z, sf, cdf, "high"),
               "``cos(z + pi/4)^2`` on ``|z| <= pi/4``, 1 below, 0 above.", "0.217679"),
        "logsf": (lambda z: (z >= -_PI4_HI) & (z < _PI4_HI), log_tail(sf, cdf, "high"),
                  "``2 log(sin(pi/4 - z))`` (``log1p(-cdf)`` below 0) on ``-pi/4 <= z < pi/4``, 0 below, ``-inf`` above.",
                  "-1.524735"),
    }


def _anglit_method(name, inside, function, formula, value):
    top, bottom = _LIMITS_AT_INFINITY[name]

    def method(x, loc=0.0, scale=1.0):
        z = _standardized(f"anglit.{name}", x, loc, scale)
        pz = np.asarray(_plain(z))
        out = _on_support(inside(pz), lambda z: function(z, scale), z, outside=np.nan, at=0.1)
        if np.any(~inside(pz)):
            out = np.where(inside(pz), out, np.where(pz > 0, top, bottom))
        return _in_dtype_of(out, x, loc, scale)
    method.__doc__ = _doc(anglit, formula, f"round(float(anglit.{name}(0.3)), 6)", value)
    _method(anglit, name)(method)


for _name, _anglit_row in _anglit_functions().items():
    _anglit_method(_name, *_anglit_row)


def _anglit_standard_quantile(q):
    """``arcsin(2q - 1) / 2`` for ``1/4 <= q <= 3/4`` (``2q - 1`` exact), ``arcsin(sqrt(q)) - pi/4`` below and ``pi/4 -
    arcsin(sqrt(1 - q))`` above (near the ends, where ``arcsin`` of ``2q - 1`` near -1 lost a small q's digits)."""
    pq = np.asarray(_plain(q))
    low, high = pq < 0.25, pq > 0.75

    def middle_or_high(q):
        return _piecewise(q, high, lambda q: 0.5 * np.arcsin(2.0 * q - 1.0),
                          lambda q: _anglit_to_end(np.arcsin(np.sqrt(1.0 - q))), 0.5, 0.9)
    return _piecewise(q, low, middle_or_high, lambda q: -_anglit_to_end(np.arcsin(np.sqrt(q))), 0.5, 0.1)


def _anglit_quantile(upper):
    def quantile(q, loc=0.0, scale=1.0):
        name = f"anglit.{'isf' if upper else 'ppf'}"
        return _in_dtype_of(_located(name, q, loc, scale, _anglit_standard_quantile, sign=-1.0 if upper else 1.0),
                            q, loc, scale)
    return quantile


for _name, _upper, _text, _value in (("ppf", False, "``loc + scale (arcsin(sqrt(q)) - pi/4)``.", "0.261799"),
                                     ("isf", True, "``loc - scale (arcsin(sqrt(q)) - pi/4)`` (symmetric).", "-0.261799")):
    _anglit_q = _anglit_quantile(_upper)
    _anglit_q.__doc__ = _doc(anglit, _text, f"round(float(anglit.{_name}(0.75)), 6)", _value)
    _method(anglit, _name)(_quiet(_anglit_q))

_add_moments("anglit", (), lambda: 0.0, lambda: np.pi ** 2 / 16.0 - 0.5, lambda: 1.0 - _LOG_2, None, 2.0,
             " The mean is 0, the variance ``pi^2/16 - 1/2``.")
_add_quantile_summaries("anglit")


def _bounded_methods(cls, functions):
    """Give the distribution ``cls`` (no shapes; a bounded support) its six functions of x: ``functions`` maps each name
    to ``(inside, function(z, scale), formula, value)``: ``function`` where the plain mask ``inside(z)`` holds, the
    function's limit on the side of z beyond it (:data:`_LIMITS_AT_INFINITY`), the docstring's example at ``(0.3, 0.0,
    1.5)``."""
    def make(name, inside, function):
        top, bottom = _LIMITS_AT_INFINITY[name]

        def method(x, loc=0.0, scale=1.0):
            z = _standardized(f"{cls.__name__}.{name}", x, loc, scale)
            pz = np.asarray(_plain(z))
            out = _on_support(inside(pz), lambda z: function(z, scale), z, outside=np.nan, at=0.1)
            if np.any(~inside(pz)):
                out = np.where(inside(pz), out, np.where(pz > 0, top, bottom))
            return _in_dtype_of(out, x, loc, scale)
        return method
    for name, (inside, function, formula, value) in functions.items():
        method = make(name, inside, function)
        method.__doc__ = _doc(cls, formula, f"round(float({cls.__name__}.{name}(0.3, 0.0, 1.5)), 6)", value)
        _method(cls, name)(method)


def _symmetric_quantiles(cls, standard, docs):
    """Give the symmetric distribution ``cls`` (no shapes) its ppf, ``loc + scale standard(q)``, and isf, ``loc - scale
    standard(q)``, quiet at q = 0 and 1; ``docs``: ``(text, value)`` of each, its example at q = 0.7."""
    def make(name, upper):
        def quantile(q, loc=0.0, scale=1.0):
            return _in_dtype_of(_located(f"{cls.__name__}.{name}", q, loc, scale, standard, sign=-1.0 if upper else 1.0),
                                q, loc, scale)
        return quantile
    for (name, upper), (text, value) in zip((("ppf", False), ("isf", True)), docs):
        quantile = make(name, upper)
        quantile.__doc__ = _doc(cls, text, f"round(float({cls.__name__}.{name}(0.7)), 6)", value)
        _method(cls, name)(_quiet(quantile))


# -- cosine ---------------------------------------------------------------------------------------

#: pi as the float np.pi plus the rest (pi - fl(pi) = 1.22e-16): cosine's distances to its ends
_PI_HI = np.pi
_PI_LO = 1.2246467991473532e-16
#: below this distance u to an end, cosine's ``u - sin(u)`` is ``u^3 P(u^2)`` (its series: the difference cancels as
#: u^3 / 6); ``P``'s coefficients ``(-1)^k / (2k + 3)!``, k = 0..21 (the last below 1e-30 of the sum at u = 2)
_COSINE_SERIES_BELOW = 2.0
_COSINE_P = [(-1.0) ** k / math.factorial(2 * k + 3) for k in range(22)]
#: cosine's quantiles: below this q (and above 1 - it) from the distance to the end (:func:`_cosine_end_root`),
#: between from ``z + sin z = pi (2q - 1)`` (:func:`_cosine_middle_root`; z within 1.55 of 0 there)
_COSINE_TAIL_BELOW = 0.1


class cosine:
    """The cosine distribution, as ``scipy.stats.cosine``: ``pdf = (1 + cos z) / (2 pi)`` on ``|z| <= pi`` (``z = (x
    - loc) / scale``), ``cdf = (pi + z + sin z) / (2 pi)``; differentiable in x (or q), loc and scale, to every order,
    with ``mean`` (0), ``var`` (``pi^2/3 - 2``), ``std`` and ``entropy`` (``log(4 pi) - 1``). At the ends of the support
    (where the density and its slope are 0, its second derivative ``1 / (2 pi)`` inside and 0 outside) the
    derivatives are the one-sided ones from inside. The density and the tails are written in the distances to the ends,
    ``u = pi -+ z`` with pi's rounding error added: the density ``sin(u/2)^2 / pi`` near them, the tail ``(u - sin u) /
    (2 pi)`` (its series ``u^3 P(u^2)`` below u = 2, and its log ``3 log u + log P``: at the float ``np.pi``, 1.2e-16 inside the
    support, SciPy's ``logpdf`` is ``-inf``, the truth -75.81, its ``cdf(-np.pi)`` 0, the truth 4.87e-50), each tail from its own form on its own half. The quantiles have no closed form: the roots of ``u - sin u =
    2 pi q`` in the tails (below q = 0.1, u the distance to the end: Newton's steps from ``(12 pi q)^(1/3)``) and of ``z
    + sin z = pi (2q - 1)`` between, differentiated by the inverse function rule (``dz/dq = 1 / pdf(z)``, traced: every
    higher derivative a product).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import cosine
    >>> round(float(wg.grad_bp(cosine.cdf, 0.0)), 6)  # the density at 0: 1 / pi
    0.31831

    .. versionadded:: 0.1
    """


def _cosine_to_end(t):
    """``pi - t`` for ``t`` near pi, with pi's rest (the distance to the end keeps its digits)."""
    return (_PI_HI - t) + _PI_LO


def _cosine_small(u):
    return np.asarray(_plain(u)) < _COSINE_SERIES_BELOW


def _cosine_mass(u):
    """``u - sin u`` (2 pi times a tail at the distance u from its end), as ``u^3 P(u^2)`` below u = 2."""
    return _piecewise(u, _cosine_small(u), lambda u: u - np.sin(u), lambda u: u ** 3 * polynomial(u * u, _COSINE_P),
                      3.0, 1.0)


def _cosine_log_mass(u):
    """``log(u - sin u)``, as ``3 log u + log P(u^2)`` below u = 2 (finite where ``u^3`` underflows)."""
    with np.errstate(divide="ignore"):
        return _piecewise(u, _cosine_small(u), lambda u: np.log(u - np.sin(u)),
                          lambda u: 3.0 * np.log(u) + np.log(polynomial(u * u, _COSINE_P)), 3.0, 1.0)


def _cdf_from_nearer_end(z, log, tail, to_lower_end, to_upper_end, at):
    """The cdf (or its log) of a law symmetric about 0 from ``tail(u, log)``, a tail at the distance ``u`` to its end:
    the lower tail at ``to_lower_end(z)`` for z <= 0, 1 - the upper one at ``to_upper_end(z)`` above (stand-ins
    ``-at``, ``at``)."""
    high = np.asarray(_plain(z)) > 0
    with np.errstate(divide="ignore"):
        if log:
            return _piecewise(z, high, lambda z: tail(to_lower_end(z), True),
                              lambda z: np.log1p(-tail(to_upper_end(z), False)), -at, at)
        return _piecewise(z, high, lambda z: tail(to_lower_end(z), False),
                          lambda z: 1.0 - tail(to_upper_end(z), False), -at, at)


def _mirrored_functions(inside, log_pdf, pdf, cdf, docs):
    """:func:`_bounded_methods`'s table of a law symmetric about 0: ``log_pdf(z, scale)``, ``pdf(z, scale)``, the cdf
    ``cdf(z, log)`` (or its log) and the sf its mirror ``cdf(-z, log)``; ``docs`` maps each name to (formula, value)."""
    functions = {"logpdf": log_pdf, "pdf": pdf,
                 "cdf": lambda z, scale: cdf(z, False), "logcdf": lambda z, scale: cdf(z, True),
                 "sf": lambda z, scale: cdf(-z, False), "logsf": lambda z, scale: cdf(-z, True)}
    return {name: (inside, function, *docs[name]) for name, function in functions.items()}


def _cosine_functions():
    def near_end(z, form):  # form(u) of the distance u to the nearer end
        return _piecewise(z, np.asarray(_plain(z)) > 0, lambda z: form(_cosine_to_end(-z)),
                          lambda z: form(_cosine_to_end(z)), -2.5, 2.5)

    def density(z, log):
        # (1 + cos z) within pi/2 of 0; sin(u/2)^2 near the ends, where 1 + cos z cancels (not through |z|: abs's
        # kink at 0 would refuse the second derivative there)
        far = np.abs(np.asarray(_plain(z))) > 0.5 * np.pi
        if log:
            return _piecewise(z, far, lambda z: np.log1p(np.cos(z)) - _LOG_2PI,
                              lambda z: near_end(z, lambda u: 2.0 * np.log(np.sin(0.5 * u))) - _LOG_PI, 0.0, 2.5)
        return _piecewise(z, far, lambda z: (1.0 + np.cos(z)) / (2.0 * np.pi),
                          lambda z: near_end(z, lambda u: np.square(np.sin(0.5 * u))) / np.pi, 0.0, 2.5)

    def tail(u, log):  # the tail (or its log) at the distance u to its end
        return _cosine_log_mass(u) - _LOG_2PI if log else _cosine_mass(u) / (2.0 * np.pi)
    return _mirrored_functions(
        lambda z: np.abs(z) <= _PI_HI, lambda z, scale: density(z, True) - _log_of(scale),
        lambda z, scale: density(z, False) / scale,
        lambda z, log: _cdf_from_nearer_end(z, log, tail, lambda z: _cosine_to_end(-z), _cosine_to_end, 1.0), {
            "logpdf": ("``log1p(cos z) - log(2 pi) - log(scale)`` on ``|z| <= pi``, ``-inf`` outside.", "-1.560212"),
            "pdf": ("``(1 + cos z) / (2 pi scale)`` on ``|z| <= pi``, 0 outside.", "0.210092"),
            "cdf": ("``(pi + z + sin z) / (2 pi)`` on ``|z| <= pi``, 0 below, 1 above.", "0.56345"),
            "logcdf": ("``log((pi + z + sin z) / (2 pi))`` on ``|z| <= pi``, ``-inf`` below, 0 above.", "-0.573676"),
            "sf": ("``(pi - z - sin z) / (2 pi)`` on ``|z| <= pi``, 1 below, 0 above.", "0.43655"),
            "logsf": ("``log((pi - z - sin z) / (2 pi))`` on ``|z| <= pi``, 0 below, ``-inf`` above.", "-0.828853"),
        })


_bounded_methods(cosine, _cosine_functions())


def _cosine_end_root_plain(p):
    """The distance ``u`` to the end with ``u - sin u = 2 pi p`` (``0 <= p <= 0.1``, u below 1.7): Newton's steps from
    ``(12 pi p)^(1/3)`` (left of the root: ``u - sin u <= u^3 / 6``; the function is convex, so the steps converge
    from the right after the first), each ``u (1 - 1/r) u^2 P(u^2) / (2 sin(u/2)^2)`` with ``r = u^3 P / (2 pi p)``
    (scaled by 2^600 below p = 1e-200: ``u^3`` underflows near q = 5e-324)."""
    p = np.asarray(p, dtype=float)
    c = 2.0 * np.pi * p
    tiny = c < 1e-200
    cs = np.where(tiny, np.ldexp(c, 600), c)
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        u = np.cbrt(6.0 * c)
        for _ in range(8):  # (quadratic: 1e-16 after five from the start's 5% at p = 0.1)
            v = u * u
            poly = polynomial(v, _COSINE_P)
            us = np.where(tiny, np.ldexp(u, 200), u)
            ratio = us * us * us * poly / cs
            half = np.sin(0.5 * u)
            step = u * (1.0 - 1.0 / ratio) * v * poly / (2.0 * half * half)
            u = np.where(c > 0, u - step, 0.0)
    return u[()]


def _cosine_middle_root_plain(a):
    """``z`` with ``z + sin z = a`` (``|a| <= 0.8 pi``, ``|z| <= 1.55``): Newton's steps from ``a / 2`` (left of the root
    for a > 0, the function concave there: they converge monotonically; symmetric below)."""
    a = np.asarray(a, dtype=float)
    z = 0.5 * a
    for _ in range(8):  # (quadratic: within 1e-17 after six at |a| = 0.8 pi)
        z = z - (z + np.sin(z) - a) / (1.0 + np.cos(z))
    return z[()]


_cosine_end_root = OwnPrimitive(_cosine_end_root_plain, name="wengert.scipy.stats.cosine.ppf", reenters="any")
_cosine_middle_root = OwnPrimitive(_cosine_middle_root_plain, name="wengert.scipy.stats.cosine.ppf", reenters="any")


def _cosine_end_slope(p):
    """``du/dp = 2 pi / (1 - cos u) = pi / sin(u/2)^2`` at ``u = _cosine_end_root(p)`` (traced), ``+inf`` at p = 0."""
    u = _cosine_end_root(p)
    here = np.asarray(_plain(u)) > 0
    if np.all(here):
        return np.pi / np.square(np.sin(0.5 * u))
    return np.where(here, np.pi / np.square(np.sin(0.5 * np.where(here, u, 1.0))), np.inf)


_def_partials(_cosine_end_root, _cosine_end_slope)
_def_partials(_cosine_middle_root, lambda a: 1.0 / (1.0 + np.cos(_cosine_middle_root(a))))


def _cosine_standard_quantile(q):
    """``-pi + u`` with ``u - sin u = 2 pi q`` below q = 0.1, ``pi - u`` (at ``1 - q``, exact) above 0.9, the root of ``z
    + sin z = pi (2q - 1)`` between (near q = 1/2 ``-pi + u`` would cancel)."""
    pq = np.asarray(_plain(q))
    low, high = pq < _COSINE_TAIL_BELOW, pq > 1.0 - _COSINE_TAIL_BELOW

    def middle_or_high(q):
        return _piecewise(q, np.asarray(_plain(q)) > 1.0 - _COSINE_TAIL_BELOW,
                          lambda q: _cosine_middle_root(np.pi * (2.0 * q - 1.0)),
                          lambda q: _cosine_to_end(_cosine_end_root(1.0 - q)), 0.5, 0.95)
    if not np.any(low | high):
        return _cosine_middle_root(np.pi * (2.0 * q - 1.0))
    return _piecewise(q, low, middle_or_high, lambda q: -_cosine_to_end(_cosine_end_root(q)), 0.5, 0.05)


_symmetric_quantiles(cosine, _cosine_standard_quantile, (
    ("``loc + scale z``, ``z`` the root of ``(pi + z + sin z) / (2 pi) = q``.", "0.650808"),
    ("``loc - scale z``, ``z`` the root of ``(pi + z + sin z) / (2 pi) = q`` (symmetric).", "-0.650808")))

_add_moments("cosine", (), lambda: 0.0, lambda: np.pi ** 2 / 3.0 - 2.0, lambda: math.log(4.0 * np.pi) - 1.0, None, 2.0,
             " The mean is 0, the variance ``pi^2/3 - 2``.")
_add_quantile_summaries("cosine")
_def_partials(_END_JET, lambda u, jet: _END_JET(u, jet=tuple(jet[1:]) + (np.nan,)))


def _with_end(u, form, jet):
    """``form(u)`` for a distance ``u > 0`` to an end of the support, :data:`_END_JET` of ``jet`` at ``u = 0``."""
    return _piecewise(u, np.asarray(_plain(u)) == 0, form, lambda u: _END_JET(u, jet=jet), 0.5, 0.0)


#: semicircular's tail at the distance u to its end below u = 1/2: ``(16 / pi) (u/2)^(3/2) R(u/2)``, ``R(v) = sum
#: (-1)^k binom(1/2, k) v^k / (2k + 3)`` (``16 int_0^s t^2 sqrt(1 - t^2) dt``, ``s^2 = u/2``), k = 0..29 (the last
#: below 1e-20 of the sum at v = 1/4)
_SEMICIRCULAR_R = [float((-1) ** k * math.prod(Fraction(1, 2) - j for j in range(k)) / math.factorial(k)
                         / (2 * k + 3)) for k in range(30)]
_SEMICIRCULAR_SERIES_BELOW = 0.5
_LOG_16_PI = math.log(16.0 / math.pi)


class semicircular:
    """The semicircular distribution, as ``scipy.stats.semicircular``: ``pdf = 2 sqrt(1 - z^2) / pi`` on ``|z| <= 1``
    (``z = (x - loc) / scale``), ``cdf = 1/2 + (z sqrt(1 - z^2) + arcsin z) / pi``; differentiable in x (or q), loc and
    scale, to every order, with ``mean`` (0), ``var`` (1/4), ``std`` and ``entropy`` (``log(pi) - 1/2``). At the ends of
    the support the derivatives are the one-sided ones from inside: the density's slope is infinite there (``+inf`` at
    -1, ``-inf`` at 1; its second derivative ``-inf``), the log density's and the log tail's at their zero end too, the
    tails' second derivative. The density is ``2 sqrt(u (2 - u)) / pi`` in the distance ``u = 1 -+ z`` to the nearer
    end, the tail ``(w - sin w) / (2 pi)`` with ``w = 4 arcsin(sqrt(u / 2))`` (cosine's), as its series ``(16 / pi)
    (u/2)^(3/2) R(u/2)`` below u = 1/2 (SciPy's ``1/2 + (z sqrt(1 - z^2) + arcsin z) / pi`` cancels near -1: its
    ``cdf(-1 + 1e-10)`` is 35% off, its ``logcdf(-1 + 1e-15)`` -inf, the truth -52.32), each tail from its own form on
    its own half (SciPy's ``sf(1 - 1e-10)`` is 26% off). The quantiles are cosine's, ``z = sin(y / 2)`` of its ``y`` between q = 0.1 and 0.9,
    ``-1 + 2 sin(w/4)^2`` of its distance ``w`` to the end in the tails, differentiated by the inverse function rule
    (``dz/dq = 1 / pdf(z)``, traced; SciPy's ``ppf(0.5 + 1e-9)`` is 2.2e-7 relative off).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import semicircular
    >>> round(float(wg.grad_bp(semicircular.cdf, 0.0)), 6)  # the density at 0: 2 / pi
    0.63662

    .. versionadded:: 0.1
    """


def _semicircular_tail(u, log):
    """The tail (or its log) at the distance ``u`` to its end, ``0 <= u <= 1``."""
    def series(u):
        v = 0.5 * u
        if log:
            return _LOG_16_PI + 1.5 * np.log(v) + np.log(polynomial(v, _SEMICIRCULAR_R))
        return (16.0 / np.pi) * v ** 1.5 * polynomial(v, _SEMICIRCULAR_R)

    def closed(u):
        w = 4.0 * np.arcsin(np.sqrt(0.5 * u))
        return _cosine_log_mass(w) - _LOG_2PI if log else _cosine_mass(w) / (2.0 * np.pi)
    small = np.asarray(_plain(u)) < _SEMICIRCULAR_SERIES_BELOW
    return _with_end(u, lambda u: _piecewise(u, small, closed, series, 0.8, 0.25),
                     (-np.inf, np.inf, -np.inf) if log else (0.0, 0.0, np.inf))


def _semicircular_functions():
    def near_end(z, form):  # form(u) of the distance u to the nearer end
        return _piecewise(z, np.asarray(_plain(z)) > 0, lambda z: form(1.0 + z), lambda z: form(1.0 - z), -0.5, 0.5)

    def density(u):
        return _with_end(u, lambda u: (2.0 / np.pi) * np.sqrt(u * (2.0 - u)), (0.0, np.inf, -np.inf))

    def log_density(u):
        return _with_end(u, lambda u: math.log(2.0 / np.pi) + 0.5 * (np.log(u) + np.log(2.0 - u)),
                         (-np.inf, np.inf, -np.inf))

    return _mirrored_functions(
        lambda z: np.abs(z) <= 1.0, lambda z, scale: near_end(z, log_density) - _log_of(scale),
        lambda z, scale: near_end(z, density) / scale,
        lambda z, log: _cdf_from_nearer_end(z, log, _semicircular_tail, lambda z: 1.0 + z, lambda z: 1.0 - z, 0.5), {
            "logpdf": ("``log(2 / pi) + log1p(-z^2) / 2 - log(scale)`` on ``|z| <= 1``, ``-inf`` outside.",
                       "-0.877459"),
            "pdf": ("``2 sqrt(1 - z^2) / (pi scale)`` on ``|z| <= 1``, 0 outside.", "0.415838"),
            "cdf": ("``1/2 + (z sqrt(1 - z^2) + arcsin z) / pi`` on ``|z| <= 1``, 0 below, 1 above.", "0.62647"),
            "logcdf": ("``log`` of the cdf on ``|z| <= 1``, ``-inf`` below, 0 above.", "-0.467654"),
            "sf": ("``1/2 - (z sqrt(1 - z^2) + arcsin z) / pi`` on ``|z| <= 1``, 1 below, 0 above.", "0.37353"),
            "logsf": ("``log`` of the sf on ``|z| <= 1``, 0 below, ``-inf`` above.", "-0.984757"),
        })


_bounded_methods(semicircular, _semicircular_functions())


def _semicircular_end_root_plain(p):
    """The distance ``u`` to the end with tail ``p`` (``p <= 0.1``): ``2 sin(w/4)^2``, ``w`` cosine's distance at p."""
    return (2.0 * np.square(np.sin(0.25 * np.asarray(_cosine_end_root_plain(p)))))[()]


_semicircular_end_root = OwnPrimitive(_semicircular_end_root_plain, name="wengert.scipy.stats.semicircular.ppf",
                                      reenters="any")


def _semicircular_end_slope(p):
    """``du/dp = 1 / pdf = pi / (2 sqrt(u (2 - u)))`` at ``u = _semicircular_end_root(p)`` (traced), ``+inf`` at p = 0."""
    u = _semicircular_end_root(p)
    here = np.asarray(_plain(u)) > 0
    if np.all(here):
        return (0.5 * np.pi) / np.sqrt(u * (2.0 - u))
    us = np.where(here, u, 1.0)
    return np.where(here, (0.5 * np.pi) / np.sqrt(us * (2.0 - us)), np.inf)


_def_partials(_semicircular_end_root, _semicircular_end_slope)


def _semicircular_standard_quantile(q):
    """``-1 + u`` with the tail ``q`` at the distance u below q = 0.1, ``1 - u`` (at ``1 - q``) above 0.9, ``sin(y / 2)``
    of cosine's quantile ``y`` between."""
    pq = np.asarray(_plain(q))
    low, high = pq < _COSINE_TAIL_BELOW, pq > 1.0 - _COSINE_TAIL_BELOW

    def middle(q):
        return np.sin(0.5 * _cosine_middle_root(np.pi * (2.0 * q - 1.0)))

    def middle_or_high(q):
        return _piecewise(q, np.asarray(_plain(q)) > 1.0 - _COSINE_TAIL_BELOW, middle,
                          lambda q: 1.0 - _semicircular_end_root(1.0 - q), 0.5, 0.95)
    if not np.any(low | high):
        return middle(q)
    return _piecewise(q, low, middle_or_high, lambda q: _semicircular_end_root(q) - 1.0, 0.5, 0.05)


_symmetric_quantiles(semicircular, _semicircular_standard_quantile, (
    ("``loc + scale z``, ``z`` the root of ``cdf(z) = q``.", "0.319692"),
    ("``loc - scale z``, ``z`` the root of ``cdf(z) = q`` (symmetric).", "-0.319692")))

_add_moments("semicircular", (), lambda: 0.0, lambda: 0.25, lambda: _LOG_PI - 0.5, None, 2.0,
             " The mean is 0, the variance 1/4.", sd=lambda: 0.5)
_add_quantile_summaries("semicircular")


# -- vonmises_line (the von Mises distribution on the line) -------------------------------------------


class vonmises_line:
    """The von Mises distribution on the line, as ``scipy.stats.vonmises_line``: ``vonmises``'s density on
    ``|z| <= pi`` (``z = (x - loc) / scale``, the support's ends included, as SciPy's), 0 beyond (``vonmises``'s is
    periodic in x); ``logpdf``, ``pdf`` and ``mean`` (``loc``: the density is even in z), differentiable in x, kappa,
    loc and scale (``kappa >= 0``); as ``vonmises``'s in the period its ``cdf``, ``sf``, their logs (0 and 1 beyond),
    ``var``, ``std``, ``entropy``, ``ppf``, ``isf``, ``median`` and ``interval`` (its quantiles end at ``loc -+ scale
    pi``).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import vonmises_line
    >>> round(float(wg.grad_bp(lambda x: vonmises_line.logpdf(x, 2.0), 0.5)), 6)  # -kappa sin(x)
    -0.958851
    >>> float(vonmises_line.pdf(4.0, 2.0))  # beyond pi: 0 (vonmises's is periodic)
    0.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, kappa, loc=0.0, scale=1.0):
        """``kappa (cos z - 1) - log(2 pi i0e(kappa) scale)`` on ``|z| <= pi``, ``-inf`` beyond.

        >>> from wengert.scipy.stats import vonmises_line
        >>> round(float(vonmises_line.logpdf(3.0, 0.0)), 6)  # uniform on [-pi, pi]: -log(2 pi)
        -1.837877
        """
        _vonmises_line_check(kappa)
        z = _standardized("vonmises_line.logpdf", x, loc, scale)
        inside = np.abs(np.asarray(_plain(z), dtype=float)) <= np.pi
        return _on_support(inside, lambda z: kappa * (np.cos(z) - 1.0) - _LOG_2PI - _vm_log_i0e(kappa)
                           - np.log(scale), z, outside=-np.inf, at=0.0)


def _vonmises_line_check(kappa, name="vonmises_line"):
    if np.any(_plain(kappa) < 0) or not np.all(np.isfinite(np.asarray(_plain(kappa), dtype=float))):
        raise ValueError(f"{name}: kappa must be finite and not negative")


_exp_of_log(vonmises_line, "pdf", "round(float(vonmises_line.pdf(0.0, 0.0)), 6)", "0.159155", inside=0.0)
# -- vonmises' and vonmises_line's tails and variance: quadratures of positive terms ---------------------------------
# The tails are integrals of the density, ``F(z) = int_-pi^z p``, continued past the period as SciPy's: ``cdf(z + 2 pi)
# = cdf(z) + 1`` (z reduced to [-pi, pi] by ``round(z / 2 pi)`` periods, 2 pi in two parts: exact up to 2^21 periods).
# Each is the smaller side's own integral (``F(w)``, ``w = -|z|``: the density is even), over pieces of [-pi, w] on
# which the log integrand ``-2 kappa sin^2(t / 2)`` falls by at most 8 and which are at most 1/2 long, by 20-point
# Gauss-Legendre, from w down until what is left is below 1e-20 of the sum (the integrand rises towards w): every
# term positive and relative to the peak's, so the far tails (``e^-2 kappa``) keep their digits where SciPy's series
# cancels. Their derivatives: in z the density's; in kappa the integrals of the density's, ``p (cos t - A)`` and ``p
# ((cos t - A)^2 - A')`` (``A = I1 / I0 = E cos``, ``A' = var cos``, themselves integrals of positive terms over the
# circle, ``1 - A = E 2 sin^2(t / 2)``), each over the side of w on which its sum of absolute values is smaller: that
# of one sign where there is one (``dF/dkappa`` and ``d2F/dkappa2`` vanish at 0 and pi by symmetry). The variance is
# SciPy's, ``E z^2`` on [-pi, pi] (the line's, not the circular ``1 - A``), and its derivatives ``E z^2 (cos z - A)``
# and ``E z^2 ((cos z - A)^2 - A')``. To the second order (a third refuses: NoGradientRule).
_VM_X, _VM_W = np.polynomial.legendre.leggauss(20)
_VM_DROP, _VM_LENGTH, _VM_LEFT_OUT, _VM_PIECES = 8.0, 0.5, 1e-20, 400
_VM_TWO_PI_HI = math.ldexp(math.floor(math.ldexp(2.0 * math.pi, 29)), -29)  # (32 bits: ix * hi exact to 2^21)
_VM_TWO_PI_LO = (2.0 * math.pi - _VM_TWO_PI_HI) + 2.4492935982947064e-16  # (2 pi - float(2 pi))


@functools.lru_cache(maxsize=256)  # (each derivative of an entry asks for the same rules; read-only arrays)
def _vm_rule(a, b, kappa):
    """Nodes ``t`` in ``[a, b]`` (``-pi <= a <= b <= 0``), their offsets ``u = b - t`` and weights times ``e^(phi(t) -
    phi(b))``, ``phi(t) = -2 kappa sin^2(t / 2)``: ``sum w f(t)`` is ``e^-phi(b) int_a^b e^(kappa (cos t - 1)) f(t) dt``
    for a smooth f. The nodes are placed by their offsets (at kappa = 1e8 the pieces are 1e-6 wide: t's own rounding
    was 1e-10 of its offset) and ``phi(t) - phi(b) = 2 kappa sin(u / 2) sin(b - u / 2)``."""
    s_b, reach = math.sin(0.5 * b) ** 2, b - a
    offsets, nodes, weights, total, near = [], [], [], 0.0, 0.0
    for _ in range(_VM_PIECES):
        if near >= reach:
            break
        far = reach
        if kappa > 0.0:
            s = s_b - math.sin(0.5 * near) * math.sin(b - 0.5 * near) + _VM_DROP / (2.0 * kappa)
            far = b + 2.0 * math.asin(math.sqrt(s)) if s < 1.0 else reach
        far = min(max(far, near), near + _VM_LENGTH, reach)
        if far <= near:  # (rounding: one ulp on)
            far = min(np.nextafter(near, math.inf) * 2.0 if near == 0.0 else np.nextafter(near, math.inf), reach)
        half = 0.5 * (far - near)
        u = 0.5 * (far + near) + half * _VM_X
        w = half * _VM_W * np.exp(2.0 * kappa * np.sin(0.5 * u) * np.sin(b - 0.5 * u))
        offsets.append(u)
        weights.append(w)
        total += float(np.sum(w))
        if (reach - far) * math.exp(2.0 * kappa * math.sin(0.5 * far) * math.sin(b - 0.5 * far)) < \
                _VM_LEFT_OUT * total:
            break
        near = far
    else:
        raise ValueError(f"vonmises: the quadrature did not end at kappa = {kappa!r}")
    if not offsets:
        offsets, weights = [np.zeros(0)], [np.zeros(0)]
    u = np.concatenate(offsets)
    out = (b - u, u, np.concatenate(weights))
    for v in out:
        v.setflags(write=False)
    return out


@functools.lru_cache(maxsize=64)  # (the same kappa for every entry and every derivative: 0.6 ms each)
def _vm_circle(kappa):
    """``N = int e^(kappa (cos t - 1))`` over the circle, ``1 - A``, ``A'`` and the half circle's rule (t, w, cos t -
    A) from -pi to 0."""
    t, _, w = _vm_rule(-math.pi, 0.0, kappa)
    s = 2.0 * np.sin(0.5 * t) ** 2
    n = 2.0 * math.fsum(w)
    one_minus_a = 2.0 * math.fsum(w * s) / n
    c = one_minus_a - s
    return n, one_minus_a, 2.0 * math.fsum(w * c * c) / n, (t, w, c)


def _vm_smaller(left, right):
    """The sum of the side whose sum of absolute values is the smaller (its terms of one sign where they are)."""
    return left[0] if left[1] <= right[1] else right[0]


def _vm_tail_entry(z, kappa, upper, log, path, per_density=False):
    """One entry of :func:`_vm_tail_value` (plain floats); ``per_density``: the derivative along ``path`` over the
    density at z (``F_kappa / f`` for the cdf along (1,): no underflow where the density does)."""
    if not (math.isfinite(z) and math.isfinite(kappa)):
        return math.nan
    ix = float(np.round(z / (2.0 * math.pi)))
    zr = (z - ix * _VM_TWO_PI_HI) - ix * _VM_TWO_PI_LO
    w = max(-abs(zr), -math.pi)
    n, one_minus_a, a1, _ = _vm_circle(kappa)
    tl, ul, wl = _vm_rule(-math.pi, w, kappa)  # (weights relative to the density at w)
    s_q = math.fsum(wl)
    tau = -1.0 if upper else 1.0
    eps = 1.0 if (zr <= 0.0) != upper else -1.0  # (the function is const + eps Q, Q = F(w) the smaller side)
    const = ((0.0 if zr <= 0.0 else 1.0) + ix) if not upper else ((1.0 if zr <= 0.0 else 0.0) - ix)
    phi_w = -2.0 * kappa * math.sin(0.5 * w) ** 2
    scale = math.exp(phi_w) / n  # (the density at w)
    key = tuple(sorted(path))

    def k_sum(order):  # (the function's order-th derivative in kappa, relative to the density at w)
        gl = one_minus_a - 2.0 * np.sin(0.5 * tl) ** 2
        gl = gl * gl - a1 if order == 2 else gl
        left = (math.fsum(wl * gl), math.fsum(wl * np.abs(gl)))
        if phi_w < -700.0:  # (the right side, relative to the density at 0, would overflow: it is the bulk there)
            return eps * left[0]
        tr, _, wr = _vm_rule(w, 0.0, kappa)  # (relative to the density at 0: e^-phi(w) times)
        back = math.exp(-phi_w)
        gr = one_minus_a - 2.0 * np.sin(0.5 * tr) ** 2
        gr = gr * gr - a1 if order == 2 else gr
        return eps * _vm_smaller(left, (-back * math.fsum(wr * gr), back * math.fsum(wr * np.abs(gr))))

    def relative(key):  # (the function's derivative along key, relative to the density at w)
        if key == (0,):
            return tau
        if key == (0, 0):
            return tau * -kappa * math.sin(zr)
        if key == (0, 1):
            return tau * (one_minus_a - 2.0 * math.sin(0.5 * w) ** 2)
        return k_sum(len(key))
    if per_density:
        return relative(key)
    if not log:
        return const + eps * s_q * scale if not key else relative(key) * scale
    if const == 0.0 and eps == 1.0:  # (the smaller side itself: its log, the derivatives' ratios to s_q)
        if s_q == 0.0:
            if key:
                raise NoGradientRule("wengert.scipy.stats.vonmises: the log tail is -inf at the end of the period (z = "
                                     "-pi or pi), where its derivatives are not finite")
            return -math.inf
        if not key:
            return phi_w + math.log(s_q) - math.log(n)
        if len(key) == 2:  # (the differences of G_ij / G and G_i G_j / G^2 as integrals that do not cancel)
            return _vm_small_log_second(key, w, zr, kappa, tl, ul, wl, s_q, one_minus_a, a1, k_sum, phi_w)
        g, base = s_q, 1.0
    else:
        g, base = const + eps * s_q * scale, scale
        if not key:
            if const == 1.0 and eps == -1.0:
                return math.log1p(-s_q * scale)
            return math.log(g) if g > 0 else (-math.inf if g == 0 else math.nan)
    if len(key) == 1:
        return relative(key) * base / g
    return relative(key) * base / g - (relative(key[:1]) * base / g) * (relative(key[1:]) * base / g)


def _vm_small_log_second(key, w, zr, kappa, tl, ul, wl, s_q, one_minus_a, a1, k_sum, phi_w):
    """The log of the smaller side's second derivative along key (sorted, of length 2) at w (its argument zr), from the
    left rule (tl, wl; weights relative to the density at w, summing to s_q): in z ``(int (phi'(w) - phi'(t)) - e^(phi(-pi)
    - phi(w))) / s_q^2`` (``phi' = -kappa sin``: ``phi'(w) s_q - 1`` by parts), in z and kappa ``int (cos w - cos t) /
    s_q^2`` (``c(w) s_q - K1``), in kappa twice ``var(cos)`` over the side less ``A'`` in the tail (where ``E c^2 - (E
    c)^2`` cancels), ``K2 / s_q - (K1 / s_q)^2`` near the middle (where the variance over the side tends to ``A'``)."""
    sign = 1.0 if zr <= 0.0 else -1.0  # (d/dz at zr is -d/dw)
    if key == (0, 0):
        d = -2.0 * kappa * np.cos(w - 0.5 * ul) * np.sin(0.5 * ul)
        edge = math.exp(-2.0 * kappa * math.cos(0.5 * w) ** 2)
        return (math.fsum(wl * d) - edge) / (s_q * s_q)
    if key == (0, 1):
        return sign * math.fsum(wl * (-2.0 * np.sin(w - 0.5 * ul) * np.sin(0.5 * ul))) / (s_q * s_q)
    c = one_minus_a - 2.0 * np.sin(0.5 * tl) ** 2
    mean = math.fsum(wl * c) / s_q
    spread = math.fsum(wl * (c - mean) ** 2) / s_q
    k2 = k_sum(2)
    if abs(spread - a1) >= 0.5 * a1 or phi_w < -700.0:  # (the tail: the variance far below A')
        return spread - a1
    k1 = k_sum(1)
    return k2 / s_q - (k1 / s_q) ** 2


def _vm_tail_value(z, kappa, upper=False, log=False, path=()):
    """vonmises' cdf (sf with ``upper``; their logs with ``log``) at the standard z, or (``path``: a tuple of 0 for z,
    1 for kappa) its derivative, to the second order (see the notes above :func:`_vm_rule`)."""
    if len(path) > 2:
        raise NoGradientRule("wengert.scipy.stats.vonmises: a third derivative of the tails is not implemented; their "
                             "first two are")
    z, kappa = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (z, kappa)))
    out = np.array([_vm_tail_entry(float(a), float(b), upper, log, path) for a, b in zip(z.ravel(), kappa.ravel())])
    return out.reshape(z.shape)[()]


#: :func:`_vm_tail_value` (its derivatives the same function along a longer path)
_VM_TAIL = OwnPrimitive(_vm_tail_value, name="wengert.scipy.stats.vonmises (a tail)", reenters="any")


def _vm_tail_partial(i):
    def partial(z, kappa, upper=False, log=False, path=()):
        return _VM_TAIL(z, kappa, upper=upper, log=log, path=path + (i,))
    return partial


_def_partials(_VM_TAIL, _vm_tail_partial(0), _vm_tail_partial(1))


def _vm_of_kappa(kappa, path, refusal, entry):
    """``entry(k, n, 1 - A, A', (t, w, c))`` (:func:`_vm_circle`'s) at each kappa, NaN where it is not finite; beyond the
    second derivative (``path`` longer than 2) NoGradientRule(``refusal``)."""
    if len(path) > 2:
        raise NoGradientRule(refusal)
    kappa = np.asarray(kappa, dtype=float)
    return np.array([entry(k, *_vm_circle(k)) if math.isfinite(k) else math.nan
                     for k in map(float, kappa.ravel())]).reshape(kappa.shape)[()]


def _vm_var_value(kappa, path=()):
    """``E z^2`` on [-pi, pi] (SciPy's variance of vonmises), or its first or second derivative in kappa (``path``)."""
    def entry(k, n, one_minus_a, a1, rule):
        t, w, c = rule
        return 2.0 * math.fsum(w * t * t * {0: 1.0, 1: c, 2: c * c - a1}[len(path)]) / n
    return _vm_of_kappa(kappa, path, "wengert.scipy.stats.vonmises.var: a third derivative in kappa is not "
                        "implemented; the first two are", entry)


_VM_VAR = OwnPrimitive(_vm_var_value, name="wengert.scipy.stats.vonmises.var", reenters="any")
_def_partials(_VM_VAR, lambda kappa, path=(): _VM_VAR(kappa, path=path + (0,)))


#: the tails' kappa up to here (measured to 1e8; beyond, the pieces' ends, placed through sin^2(w / 2) + 4 / kappa,
#: would lose the step to rounding from about 1e12 on)
_VM_TAIL_KAPPA_UP_TO = 1e8


def _vm_tail_function(upper, log):
    def function(z, kappa, scale):
        if np.any(np.asarray(_plain(kappa), dtype=float) > _VM_TAIL_KAPPA_UP_TO):
            raise ValueError(f"vonmises: the tails are implemented for kappa up to {_VM_TAIL_KAPPA_UP_TO:g} (measured "
                             "there); pass a smaller kappa")
        return _VM_TAIL(z, kappa, upper=upper, log=log)
    return function


_VM_TAIL_ROWS = (
    ("cdf", False, False, "``int_-pi^z p``, continued past the period as SciPy's: ``cdf(z + 2 pi) = cdf(z) + 1`` (a "
     "quadrature of positive terms, relative in both tails; see :class:`vonmises`).", "0.889578"),
    ("logcdf", False, True, "``log`` of the cdf (``log1p(-sf)`` past z = 0 in the first period; NaN where the cdf is "
     "negative, below ``z = -pi``, as SciPy's).", "-0.117008"),
    ("sf", True, False, "``1 - cdf``: the smaller side's own integral in the first period (``sf(z) = cdf(-z)`` "
     "there).", "0.110422"),
    ("logsf", True, True, "``log`` of the sf (``log1p(-cdf)`` below z = 0 in the first period; NaN where the sf is "
     "negative, past ``z = pi``).", "-2.203444"))
_shape_functions(vonmises, ("kappa",), lambda name, z, kappa: _vonmises_line_check(kappa, name), [
    (name, _always, _vm_tail_function(upper, log), np.nan, text, f"round(float(vonmises.{name}(1.0, 2.0)), 6)", value)
    for name, upper, log, text, value in _VM_TAIL_ROWS])
_shape_functions(vonmises_line, ("kappa",), lambda name, z, kappa: _vonmises_line_check(kappa, name), [
    (name, _always, _closed_support_function(name, _vm_tail_function(upper, log), lambda kappa: np.pi,
                                             lambda kappa: 0.0 * kappa, start=lambda kappa: -np.pi),
     np.nan, text.split(", continued past")[0].split(" (")[0] + " on ``|z| <= pi``; 0 and 1 (their logs) beyond.",
     f"round(float(vonmises_line.{name}(1.0, 2.0)), 6)", value)
    for name, upper, log, text, value in _VM_TAIL_ROWS])
_add_moments("vonmises", ("kappa",), lambda kappa: 0.0 * kappa, lambda kappa: _VM_VAR(kappa), _vonmises_entropy,
             lambda name, kappa: _vonmises_line_check(kappa, name), 2.0,
             " The density is even in z about loc: the mean is loc, as SciPy's (on the line, not the circular mean).")
_add_moments("vonmises_line", ("kappa",), lambda kappa: 0.0 * kappa, lambda kappa: _VM_VAR(kappa),
             _vonmises_entropy,
             lambda name, kappa: _vonmises_line_check(kappa, name), 2.0, " The density is even in z: the mean is loc.")




# -- vonmises' and vonmises_line's quantiles: the root of the smaller side's own integral ------------------------------
# The density is even: ppf(q) = -ppf(1 - q) and isf(q) = -ppf(q) in z, so one root serves: w in [-pi, 0] where the
# smaller side ``F(w) = int_-pi^w f`` is p <= 1/2 (p = q, or 1 - q, exact, above 1/2). Newton's steps on ``log F(w) -
# log p`` (p <= 1/4; the slope ``f / F``, every sum relative to the density at w: the far tail's digits kept), else on
# ``log G(w) - log(1/2 - p)``, ``G = int_w^0 f`` (``1/2 - p`` exact: w's digits kept near the median), kept in the
# bracket found so far (else its midpoint). Its derivatives (the inverse function's): in p ``1 / f = n e^(2 kappa
# sin^2(w / 2))`` (n the circle's integral, :func:`_vm_circle`: at kappa = 0 i0e's kink is not met), in kappa ``-F_kappa
# / f`` (the tails' sums over the density at w: 0 at w = -pi and 0, no 0 / 0 where the density underflows); to the
# second order (a third refuses: NoGradientRule).
_VM_QUANTILE_THIRD = ("wengert.scipy.stats.vonmises: a third derivative of the quantiles is not implemented; their "
                      "first two are")


def _vm_root_entry(p, kappa):
    """The plain w in ``[-pi, 0]`` where vonmises' standard cdf is p (``0 <= p <= 1/2``)."""
    if not (math.isfinite(p) and math.isfinite(kappa)):
        return math.nan
    if p <= 0.0:
        return -math.pi
    if p >= 0.5:
        return 0.0
    n = _vm_circle(kappa)[0]
    inner = p > 0.25
    level = math.log(0.5 - p) if inner else math.log(p)

    def g(w):  # (increasing in w, and its slope)
        phi = -2.0 * kappa * math.sin(0.5 * w) ** 2
        if inner:
            s = math.fsum(_vm_rule(w, 0.0, kappa)[2])  # (n G, the weights relative to the density at 0)
            return (level - (math.log(s) - math.log(n)), math.exp(phi) / s) if s > 0 else (math.inf, math.inf)
        s = math.fsum(_vm_rule(-math.pi, w, kappa)[2])  # (n F / e^phi)
        return (phi + math.log(s) - math.log(n) - level, 1.0 / s) if s > 0 else (-math.inf, math.inf)
    lo, hi = -math.pi, 0.0
    if inner:
        w = -(0.5 - p) * n
    elif kappa >= 1.0:
        w = 2.0 * math.asin(max(float(sc.ndtri(p)) / (2.0 * math.sqrt(kappa)), -1.0))
    else:
        w = -math.pi + 2.0 * math.pi * p
    if not lo < w < hi:
        w = -0.5 * math.pi
    return _newton_root_in_bracket(
        g, w, lo, hi, f"vonmises: the quantile's Newton iteration did not converge at p = {p!r}, kappa = {kappa!r}")


def _vm_root_value(p, kappa):
    """:func:`_vm_root_entry` elementwise."""
    p, kappa = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (p, kappa)))
    return np.array([_vm_root_entry(float(a), float(b)) for a, b in zip(p.ravel(), kappa.ravel())]).reshape(p.shape)[()]


def _vm_norm_value(kappa, path=()):
    """``n = int e^(kappa (cos t - 1))`` over the circle (``2 pi i0e(kappa)``), or its first or second derivative in
    kappa (``-n (1 - A)``, ``n ((1 - A)^2 + A')``: sums of positive terms, one-sided at kappa = 0)."""
    def entry(k, n, one_minus_a, a1, rule):
        return (n, -n * one_minus_a, n * (one_minus_a * one_minus_a + a1))[len(path)]
    return _vm_of_kappa(kappa, path, _VM_QUANTILE_THIRD, entry)


_VM_NORM = OwnPrimitive(_vm_norm_value, name="wengert.scipy.stats.vonmises (the circle's integral)", reenters="any")
_def_partials(_VM_NORM, lambda kappa, path=(): _VM_NORM(kappa, path=path + (0,)))


def _vm_ratio_value(w, kappa, path=()):
    """``r = F_kappa / f`` at w in ``[-pi, 0]`` (F the cdf, f the density), or (``path``: (0,) or (1,)) ``dr/dw = f_kappa
    / f + kappa sin(w) r`` or ``dr/dkappa = F_kappa_kappa / f - r f_kappa / f``."""
    if len(path) > 1:
        raise NoGradientRule(_VM_QUANTILE_THIRD)
    w, kappa = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (w, kappa)))

    def entry(a, k):
        if not (math.isfinite(a) and math.isfinite(k)):
            return math.nan
        r = _vm_tail_entry(a, k, False, False, (1,), per_density=True)
        if not path:
            return r
        f_k = _vm_tail_entry(a, k, False, False, (0, 1), per_density=True)
        if path == (0,):
            return f_k + k * math.sin(a) * r
        return _vm_tail_entry(a, k, False, False, (1, 1), per_density=True) - r * f_k
    return np.array([entry(float(a), float(b)) for a, b in zip(w.ravel(), kappa.ravel())]).reshape(w.shape)[()]


_VM_RATIO = OwnPrimitive(_vm_ratio_value, name="wengert.scipy.stats.vonmises (F_kappa / f)", reenters="any")
_def_partials(_VM_RATIO, lambda w, kappa, path=(): _VM_RATIO(w, kappa, path=path + (0,)),
              lambda w, kappa, path=(): _VM_RATIO(w, kappa, path=path + (1,)))
#: the w in [-pi, 0] where vonmises' standard cdf is p (p <= 1/2; see the notes above :func:`_vm_root_entry`)
_VM_ROOT = OwnPrimitive(_vm_root_value, name="wengert.scipy.stats.vonmises (quantile)", reenters="any")
_def_partials(_VM_ROOT, lambda p, kappa: _VM_NORM(kappa) * np.exp(2.0 * kappa * np.sin(0.5 * _VM_ROOT(p, kappa)) ** 2),
              lambda p, kappa: -_VM_RATIO(_VM_ROOT(p, kappa), kappa))


def _vm_quantile(line):
    def quantile(name, q, kappa, loc, scale, upper):
        _vonmises_line_check(kappa, name)
        if np.any(np.asarray(_plain(kappa), dtype=float) > _VM_TAIL_KAPPA_UP_TO):
            raise ValueError(f"vonmises: the quantiles are implemented for kappa up to {_VM_TAIL_KAPPA_UP_TO:g} (as "
                             "the tails); pass a smaller kappa")
        _q(name, q)

        def standard(q, kappa):
            # (each side only where it is used, elsewhere at a stand-in level; z = -w above 1/2)
            pq = np.asarray(_plain(q), dtype=float)
            small = pq <= 0.5
            if np.all(small):
                z = _VM_ROOT(q, kappa)
            elif not np.any(small):
                z = -_VM_ROOT(1.0 - q, kappa)
            else:
                z = np.where(small, _VM_ROOT(np.where(small, q, 0.3), kappa),
                             -_VM_ROOT(1.0 - np.where(small, 0.7, q), kappa))
            if not line and np.any((pq == 0) | (pq == 1)):  # (SciPy's support is the line: ppf(0) = -inf)
                z = np.where(pq == 0, -np.inf, np.where(pq == 1, np.inf, z))
            return z
        return _located(name, q, loc, scale, standard, sign=-1.0 if upper else 1.0, shapes=(kappa,))
    return quantile


for _cls, _line in ((vonmises, False), (vonmises_line, True)):
    _name = _cls.__name__
    _quantiles(_cls, "kappa", _vm_quantile(_line), tuple(
        (f"``loc {sign} scale z``, z the root of the smaller side's own integral of the density (Newton's steps on its "
         "log, relative in the far tails; the density is even: ``z(q) = -z(1 - q)``), on ``[-pi, pi]`` "
         + ("(infinite at q = 0 and 1, as SciPy's, whose support is the line)" if not _line else "(its ends at q = 0 "
            "and 1)") + "; in q, kappa, loc and scale to the second order (a third refuses: NoGradientRule).",
         f"round(float({_name}.{method}(0.25, 2.0)), 6)", value)
        for method, sign, value in (("ppf", "+", "-0.529663"), ("isf", "-", "0.529663"))))
    _add_quantile_summaries(_name)
