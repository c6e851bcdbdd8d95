"""The noncentral Student t distribution: nct. Part of :mod:`wengert.scipy.stats`.
"""

import math

import numpy as np

from ...errors import NoGradientRule
from ...ops._util import def_partials as _def_partials, polynomial
from ...primitive import OwnPrimitive
from ._common import _add_moments, _exp_of_log, _log_gamma_ratio, _moment_where, _plain, _standardized
from ._beta import t

__all__ = ["nct"]


class nct:
    """The noncentral Student t distribution, as ``scipy.stats.nct``: ``(N + nc) / sqrt(V / df)`` for a standard
    normal ``N`` and a chi-squared ``V`` of ``df`` degrees of freedom (``df > 0`` and ``nc`` finite; ``nc = 0`` is
    ``t``). ``logpdf`` and ``pdf``, differentiable in x, df, nc, loc and scale to the third order (a fourth refuses:
    NoGradientRule); ``mean``, ``var`` and ``std`` (closed forms, to every order). The tails and quantiles are not yet
    implemented (no such methods).

    The log density is ``t.logpdf(z, df) - nc^2 / 2 + log E[e^(mu Y)]``, ``mu = nc z / sqrt(df + z^2)``, ``Y`` chi
    distributed with ``df + 1`` degrees of freedom (from the integral ``int_0^inf y^df exp(-(y - mu)^2 / 2) dy`` of the
    density, a Hermite function): with ``a = df + 1`` and ``y* = (mu + sqrt(mu^2 + 4 a)) / 2`` the peak of ``y^a
    exp(-(y - mu)^2 / 2)`` (in ``log y``), ``-nc^2 / 2 + mu y* / 2 + a asinh(mu / (2 sqrt a))`` (for ``mu >= 0`` its
    first two terms as ``-df nc^2 / (2 (df + z^2)) + a mu / (2 y*)``: no cancellation on either side) plus ``log S(a,
    a r^2) - log S(a, a)``, ``r = y* / sqrt a``, ``S(a, b) = int exp(-a (expm1(s) - s) - b expm1(s)^2 / 2) ds``, the
    integral about the peak, of positive terms, by the trapezoid rule (step 1/8 in ``u``, ``s = sigma sinh(0.35 u) /
    0.35``, ``sigma = 1 / sqrt(a + b)``, the terms below ``e^-80`` of the peak's left out); its derivatives in a and b
    the joint cumulants of the exponent's two terms under the integrand's weights. SciPy's ``hyp1f1`` form cancels
    where ``nc x < 0`` (its logpdf(-4, 60, 3, -0.2, 1.3) is 7.8e-11 off). At ``nc = 0`` the density is ``t``'s, bit for
    bit. Measured against mpmath (the defining integral at 40 digits, tools/nct_truths.py --sweep): the log density
    within 4e-15 of its size (or of 1) at 300 random points, x in +-[1e-3, 1e3], df in [0.3, 3e6], nc in +-[1e-3,
    100]; its gradient within 1e-13 and its Hessian 1e-12 (relative) at the ten points of tests/test_stats_nct.py, on
    the five paths. ``df`` finite and positive and ``nc`` finite (ValueError elsewhere).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import nct
    >>> round(float(nct.pdf(0.0, 3.0, 0.0)), 6)  # nc = 0: t's density, 2 / (pi sqrt(3))
    0.367553
    >>> round(float(wg.grad_bp(lambda nc: nct.logpdf(0.0, 3.0, nc), 1.0)), 6)  # at x = 0 the density is e^(-nc^2 / 2) t's
    -1.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, df, nc, loc=0.0, scale=1.0):
        """``t.logpdf(x, df, loc, scale)`` plus the noncentral part ``-nc^2 / 2 + log E[e^(mu Y)]`` (see
        :class:`nct`), by a quadrature of positive terms.

        >>> from wengert.scipy.stats import nct
        >>> round(float(nct.logpdf(1.0, 3.0, 2.0)), 6)
        -1.441601
        """
        _nct_parameters("nct.logpdf", df, nc)
        z = _standardized("nct.logpdf", x, loc, scale)
        return t.logpdf(x, df, loc, scale) + _nct_log_excess(z, df, nc)


def _nct_parameters(name, df, nc):
    pdf_, pnc = np.asarray(_plain(df), dtype=float), np.asarray(_plain(nc), dtype=float)
    if not (np.all(pdf_ > 0) and np.all(np.isfinite(pdf_)) and np.all(np.isfinite(pnc))):
        raise ValueError(f"{name}: df must be positive and finite and nc finite (SciPy gives NaN elsewhere)")


#: the trapezoid rule of :func:`_nct_log_s`: its nodes u, s / sigma at them and the weights ds / sigma (1e-16 of the
#: integral from step 1/8 on; the sinh map reaches s = -384 sigma, where the integrand of a small a still matters)
_NCT_STEP, _NCT_BEND = 0.125, 0.35
_NCT_U = np.arange(-14.0, 14.0 + _NCT_STEP / 2, _NCT_STEP)
_NCT_S = np.sinh(_NCT_BEND * _NCT_U) / _NCT_BEND
_NCT_WEIGHT = _NCT_STEP * np.cosh(_NCT_BEND * _NCT_U)
#: the terms left out: below e^-80 of the peak's
_NCT_LEFT_OUT = -80.0
#: ``(expm1(s) - s) / s^2``'s Taylor series (below |s| = 1/4, 13 terms: within 1e-17)
_EXPM1_LESS_SERIES = [1.0 / math.factorial(k) for k in range(2, 15)]


def _expm1_less(s):
    """``expm1(s) - s`` of plain s, by its series below |s| = 1/4 (there the difference cancels: ``a (expm1(s) - s)`` at
    df = 1e6 lost 1e-13)."""
    small = np.abs(s) < 0.25
    near = np.where(small, s, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.where(small, near * near * polynomial(near, _EXPM1_LESS_SERIES), np.expm1(s) - s)


def _nct_log_s_value(a, b, path=()):
    """``log S``, ``S = int exp(-a (expm1(s) - s) - b expm1(s)^2 / 2) ds`` (``b = a r^2``: the integrand 1 at its peak s
    = 0, its curvature there ``a + b``), or (``path``, a tuple of 0 for a and 1 for b) its derivative: the joint
    cumulant of ``-(expm1(s) - s)`` and ``-expm1(s)^2 / 2`` under the integrand's weights (the mean, then the central
    moments: the second and third cumulants). The trapezoid rule on :data:`_NCT_S` scaled by ``1 / sqrt(a + b)``; the
    nodes where the integrand is below e^-80 of its peak left out (there ``expm1(s)^2`` overflowed)."""
    if len(path) > 3:
        raise NoGradientRule("wengert.scipy.stats.nct: a fourth derivative of the log density is not implemented; "
                             "its first three are")
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    a, b = a[..., None], b[..., None]
    sigma = 1.0 / np.sqrt(a + b)
    s = sigma * _NCT_S
    with np.errstate(over="ignore", invalid="ignore"):
        p, q = _expm1_less(s), 0.5 * np.expm1(s) ** 2
        exponent = -(a * p + b * q)
    keep = exponent > _NCT_LEFT_OUT
    weights = np.where(keep, np.exp(np.where(keep, exponent, 0.0)), 0.0) * _NCT_WEIGHT
    total = np.sum(weights, axis=-1)
    if not path:
        return (np.log(total) + np.log(sigma[..., 0]))[()]
    weights = weights / total[..., None]
    terms = [np.where(keep, -p, 0.0), np.where(keep, -q, 0.0)]
    if len(path) == 1:
        return np.sum(weights * terms[path[0]], axis=-1)[()]
    terms = [v - np.sum(weights * v, axis=-1)[..., None] for v in terms]
    product = weights
    for i in path:
        product = product * terms[i]
    return np.sum(product, axis=-1)[()]


#: :func:`_nct_log_s_value` (its derivatives in a and b the same function along a longer path, to the third order)
_NCT_LOG_S = OwnPrimitive(_nct_log_s_value, name="wengert.scipy.stats.nct (log of its quadrature)", reenters="any")


def _nct_partial(i):
    def partial(a, b, path=()):
        return _NCT_LOG_S(a, b, path=path + (i,))
    return partial


_def_partials(_NCT_LOG_S, _nct_partial(0), _nct_partial(1))


def _nct_log_s(a, r):
    """``log S(a, a r^2)`` (:data:`_NCT_LOG_S`)."""
    return _NCT_LOG_S(a, a * r * r)


def _nct_log_excess(z, df, nc):
    """``nct.logpdf - t.logpdf`` at the standard ``z``: ``-nc^2 / 2 + log E[e^(mu Y)]`` (see :class:`nct`)."""
    a = df + 1.0
    root_a = np.sqrt(a)
    h = np.hypot(np.sqrt(df), z)  # (sqrt(df + z^2): z^2 overflowed from |z| = 1.3e154)
    mu = nc * (z / h)
    w = np.arcsinh(mu / (2.0 * root_a))
    r = np.exp(w)
    peak = root_a * r  # (y*, without cancellation for mu < 0)
    upper = np.asarray(_plain(mu)) >= 0
    first = np.where(upper, -0.5 * (nc * (np.sqrt(df) / h)) ** 2 + a * mu / (2.0 * peak),
                     -0.5 * nc * nc + 0.5 * mu * peak)
    return first + a * w + _nct_log_s(a, r) - _nct_log_s(a, 1.0)


_exp_of_log(nct, "pdf", "round(float(nct.pdf(1.0, 3.0, 2.0)), 6)", "0.236549")


def _nct_gamma_term(df):
    """``R = log gamma(df / 2) - log gamma((df - 1) / 2) - log((df - 1) / 2) / 2`` (about ``-1 / (4 df)`` for a large
    df: :func:`_log_gamma_ratio`, no cancellation), ``df > 1``."""
    return _log_gamma_ratio(0.5 * (df - 1.0), 0.5)


def _nct_mean(df, nc):
    """``nc sqrt(df / 2) gamma((df - 1) / 2) / gamma(df / 2) = nc sqrt(df / (df - 1)) e^-R`` for ``df > 1`` (NaN below:
    it does not exist, both tails' integrals diverge; SciPy's is inf); ``df / (df - 1)`` as ``1 + 1 / (df - 1)``
    (through the quotient its derivative cancelled: d/ddf at df = 1e6 3.9e-11 off)."""
    return _moment_where(lambda p: p > 1.0, lambda p: np.zeros(np.shape(p), bool),
                         lambda df, nc: nc * np.sqrt(1.0 + 1.0 / (df - 1.0)) * np.exp(-_nct_gamma_term(df)), (df, nc), 2.0)


def _nct_var(df, nc):
    """``df (1 + nc^2) / (df - 2) - mean^2`` for ``df > 2`` as ``df / (df - 2) + nc^2 df / ((df - 2) (df - 1)) (1 - (df
    - 2) expm1(-2 R))`` (the bracket about 1/2 for a large df, where the difference lost ``log10 df`` digits); inf for
    ``1 < df <= 2``, NaN below; ``df / (df - 2)`` as ``1 + 2 / (df - 2)``."""
    def form(df, nc):
        return 1.0 + 2.0 / (df - 2.0) + nc * nc * df / ((df - 2.0) * (df - 1.0)) * (
            1.0 - (df - 2.0) * np.expm1(-2.0 * _nct_gamma_term(df)))
    return _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, form, (df, nc), 3.0)


_add_moments("nct", ("df", "nc"), _nct_mean, _nct_var, None, _nct_parameters, (3.0, 2.0),
             " The mean ``nc sqrt(df / 2) gamma((df - 1) / 2) / gamma(df / 2)`` exists for ``df > 1`` (NaN below: it "
             "does not exist; SciPy's is inf), the variance ``df (1 + nc^2) / (df - 2) - mean^2`` for ``df > 2`` (with "
             "the log of the gammas' ratio less its leading term: no cancellation at a large df); it is inf for ``1 < "
             "df <= 2`` and NaN for ``df <= 1``.")
