"""The noncentral Student t distribution: nct. Part of :mod:`wengert.scipy.stats`.
"""

import collections
import inspect
import threading
import math

import numpy as np
from scipy import special as sc

from ...errors import NoGradientRule
from ...ops._util import def_partials as _def_partials, polynomial
from ...ops.scipy_special import BERNOULLI_2K
from ...primitive import OwnPrimitive
from ._common import (_add_moments, _add_quadrature_entropy, _add_quantile_summaries, _bracket_closed, _exp_of_log, _located, _log1mexp, _log_gamma_ratio,
                      _method, _moment_where, _on_support, _plain, _quantiles, _shape_functions, _standardized, _two_forms)
from ._beta import t

__all__ = ["nct"]


class nct:
    """The noncentral Student t distribution, as ``scipy.stats.nct``: ``(N + nc) / sqrt(V / df)`` for a standard
    normal ``N`` and a chi-squared ``V`` of ``df`` degrees of freedom (``df > 0`` and ``nc`` finite; ``nc = 0`` is
    ``t``). ``logpdf`` and ``pdf``, differentiable in x, df, nc, loc and scale to the third order (a fourth refuses:
    NoGradientRule); ``cdf``, ``sf``, ``logcdf``, ``logsf``, ``ppf``, ``isf``, ``median`` and ``interval``, to the
    second order (a third refuses); ``mean``, ``var`` and ``std`` (closed forms, to every order); ``entropy`` by
    quadrature in the probability (``_common._probability_quadrature``: SciPy integrates the density), to the second order.

    The tails are averages over ``V``: the cdf ``E[Phi(z sqrt(V / df) - nc)]``, the sf ``E[Phi(nc - z sqrt(V /
    df))]``, each its own sum of positive terms (no ``1 -`` of the other: the log of a tail above 1/2 is ``log1p`` of
    minus the other's), in ``s = log(V / df)``, whose log density is ``K - (df / 2)(e^s - 1 - s)``, ``K = x log x - x -
    log gamma(x)`` at ``x = df / 2`` (Stirling's series from x = 10: no cancellation at a large df), times ``Phi`` by
    ``log_ndtr``: the trapezoid rule in u, ``s = s* + sigma sinh(0.35 u) / 0.35`` about the log integrand's peak s*
    (``sigma`` its width there; on the left the rule reaches ``80 / x`` below the peak, where the integrand falls as
    ``e^(x s)`` only), at steps 1/16, 1/32, 1/64 in turn until the rule agrees with its own every other node to 1e-10
    (the error then about its square) and its end terms are below e^-40 of the peak's; ValueError where none does.
    Their derivatives in z, df and nc are the weighted means of the log integrand's derivatives (``d/dz`` the
    density over the tail; the second order their joint cumulants, plus the means of the second derivatives). The
    quantiles: Newton's method on the log of the smaller tail (its level ``log q`` or ``log1p(-q)`` exact), kept in
    the bracket found so far; their derivatives by the implicit function theorem, ``dx/dq = +-1 / pdf``, ``dx/d(df,
    nc) = -dF/d(df, nc) / pdf``, traced in x; at nc = 0 the value is ``t``'s quantile. Measured against mpmath (the
    integrals at 40 digits, tools/nct_truths.py --tails and --tail-sweep): the tails within 3e-15 relative (the
    log tails' gradients 3e-15 and Hessians 2e-14 relative, entries below 1e-15 of the largest aside) at df from 0.5 to
    1e3, nc from -10 to 20, x up to +-1e10 and tails from 1e-300 to ``1 - 1e-23``; SciPy's are -inf below 1e-308 and
    lose digits where a tail is near 1. The domain: df from 0.5 to 1e4 and |x| up to 1e100 are covered (smaller df or
    larger nc and |x| may refuse: ValueError, the rule does not converge, e.g. ``logsf(1e3, 0.05, 100)``).

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
#: nct.pdf as exp of its log density
_NCT_PDF_EXP = getattr(nct, "pdf")


def _nct_pdf(x, df, nc, loc=0.0, scale=1.0):
    # (at nc = 0 t's density bit for bit, as the class says: t's is not exp of its log density far out (its power
    # series there, f1634b7); the excess's derivatives in nc as in the log density's)
    if np.all(np.asarray(_plain(nc)) == 0.0):
        _nct_parameters("nct.pdf", df, nc)
        z = _standardized("nct.pdf", x, loc, scale)
        return t.pdf(x, df, loc, scale) * np.exp(_nct_log_excess(z, df, nc))
    return _NCT_PDF_EXP(x, df, nc, loc, scale)


_nct_pdf.__doc__ = _NCT_PDF_EXP.__doc__
setattr(_nct_pdf, "__signature__", inspect.signature(_NCT_PDF_EXP))
_method(nct, "pdf")(_nct_pdf)


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


# --- the tails: cdf, sf and their logs --------------------------------------------------------------------------------

#: the trapezoid rules of :func:`_nct_log_tail_value`, in u (``s = peak + sigma sinh(0.35 u) / 0.35``, u in [-16, 16],
#: reaching 770 sigma): the steps tried in turn, each where the one before (against its own every other node, the step
#: twice as long) is not within :data:`_NCT_TAIL_AGREE` (the rule's error about the square of that difference's)
_NCT_TAIL_STEPS = (1.0 / 16.0, 1.0 / 32.0, 1.0 / 64.0)
_NCT_TAIL_REACH = 16.0
_NCT_TAIL_AGREE = 1e-10
#: the log terms at the ends of the rule must be below the peak's by this (what is left out beyond: under e^-40 of it)
_NCT_TAIL_ENDS = -40.0
#: Stirling's series of ``log gamma(x) - ((x - 1/2) log x - x + log(2 pi) / 2)``, B_2k / (2k (2k - 1)) (x >= 10)
_NCT_STIRLING = [float(b / (2 * k * (2 * k - 1))) for k, b in enumerate(BERNOULLI_2K[:8], 1)]
#: ``log x - digamma(x) - 1 / (2x)`` = sum B_2k / (2k x^2k) and ``trigamma(x) - 1 / x - 1 / (2 x^2)`` = sum B_2k /
#: x^(2k + 1) (x >= 10)
_NCT_LOG_DIGAMMA = [float(b / (2 * k)) for k, b in enumerate(BERNOULLI_2K[:8], 1)]
_NCT_TRIGAMMA = [float(b) for b in BERNOULLI_2K[:8]]
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def _nct_prior_terms(x):
    """``K = x log x - x - log gamma(x)`` (the log density of ``s = log(V / df)`` is ``K - x (e^s - 1 - s)``, ``x = df
    / 2``), ``K' = log x - digamma(x)`` and ``K'' = 1 / x - trigamma(x)``, plain; from x = 10 by their series (each a
    difference of terms about x log x, log x or 1 / x that cancel)."""
    big = x >= 10.0
    xb, xs = np.where(big, x, 10.0), np.where(big, 1.0, x)
    inv = 1.0 / xb
    inv2 = inv * inv
    k = np.where(big, 0.5 * np.log(xb / (2.0 * np.pi)) - inv * polynomial(inv2, _NCT_STIRLING),
                 xs * np.log(xs) - xs - sc.gammaln(xs))
    k1 = np.where(big, 0.5 * inv + inv2 * polynomial(inv2, _NCT_LOG_DIGAMMA), np.log(xs) - sc.digamma(xs))
    k2 = np.where(big, -0.5 * inv2 - inv * inv2 * polynomial(inv2, _NCT_TRIGAMMA), 1.0 / xs - sc.polygamma(1, xs))
    return k, k1, k2


def _nct_integrand(s, z, x, nc, sign):
    """At the nodes s (plain): ``y = e^(s/2)``, ``u = sign (z y - nc)`` (sign 1 for the cdf, -1 for the sf), ``e^s - 1 -
    s`` and ``log Phi(u)``."""
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        y = np.exp(0.5 * s)
        u = sign * (z * y - nc)
        return y, u, _expm1_less(s), _nct_log_ndtr(u)


def _nct_split(v):
    """``v >= 0`` as ``head + tail``, head of 26 bits (``head^2`` exact)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        exponent = np.frexp(np.maximum(v, 1e-300))[1]
        head = np.where(np.isfinite(v), np.ldexp(np.round(np.ldexp(v, 26 - exponent)), exponent - 26), v)
    return head, v - head


def _nct_log_ndtr(u):
    """``log Phi(u)``, plain; below -5 as ``-u^2 / 2 + log(erfcx(-u / sqrt 2) / 2)`` with u^2 / 2 from u's halves (exact:
    SciPy's log_ndtr is within 3e-16 of its size, which at the far tails' -600 was 1.1e-13 of the tail)."""
    far = u < -5.0
    if not np.any(far):
        return sc.log_ndtr(u)
    v = np.where(far, -u, 5.0)
    head, tail = _nct_split(v)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        logs = -0.5 * head * head - (head * tail + 0.5 * tail * tail) + np.log(0.5 * sc.erfcx(v / math.sqrt(2.0)))
    return np.where(far, np.where(np.isinf(u), -np.inf, logs), sc.log_ndtr(u))


def _nct_mills(u):
    """``phi(u) / Phi(u)``, plain: below 0 ``sqrt(2 / pi) / erfcx(-u / sqrt 2)`` (no underflow), above ``phi(u) /
    Phi(u)`` with ``u^2 / 2`` from u split in halves of 26 bits (exact: through ``u * u`` its rounding, times u^2 / 2,
    reached phi(u))."""
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        negative = u < 0.0
        high = np.where(negative, 0.0, u)
        head, tail = _nct_split(high)
        upper = np.exp(-0.5 * head * head - (head * tail + 0.5 * tail * tail)) / (
            math.sqrt(2.0 * math.pi) * sc.ndtr(high))
        return np.where(negative, _SQRT_2_OVER_PI / sc.erfcx(-np.where(negative, u, 0.0) / math.sqrt(2.0)), upper)


def _nct_log_h(s, z, x, nc, sign, k):
    y, u, r, log_phi = _nct_integrand(s, z, x, nc, sign)
    return k - x * r + log_phi


def _nct_slopes(s, z, x, nc, sign):
    """The first two derivatives in s of the log integrand ``K - x (e^s - 1 - s) + log Phi(u)``."""
    y, u, r, log_phi = _nct_integrand(s, z, x, nc, sign)
    m = _nct_mills(u)
    du = 0.5 * sign * z * y
    with np.errstate(over="ignore", invalid="ignore"):
        return -x * np.expm1(s) + m * du, -x * np.exp(s) - m * (u + m) * du * du + 0.5 * m * du


def _nct_peak(z, x, nc, sign, k, name):
    """The log integrand's peak in s (1-d plain arrays): the largest on a grid of step 1 reaching ``-2 log|z|`` and
    beyond (where ``|z| y`` is 1), then bisection on its slope about it; and its width ``1 / sqrt(-h'')`` there."""
    low = -2.0 * np.log(max(float(np.max(np.abs(z))), 1.0)) - 120.0
    grid = np.arange(np.floor(low), 41.0)[:, None]
    with np.errstate(all="ignore"):
        h = _nct_log_h(grid, z, x, nc, sign, k)
    h = np.where(np.isnan(h), -np.inf, h)
    best = np.argmax(h, axis=0)
    if np.any((best == 0) | (best == len(grid) - 1)) or not np.all(np.isfinite(np.max(h, axis=0))):
        raise ValueError(f"{name}: its integral over the chi-squared variable has no peak inside [{grid[0, 0]:g}, 40] "
                         "in log(V / df): outside the domain this quadrature covers")
    lo, hi = grid[best - 1, 0], grid[best + 1, 0]
    # (Newton's steps inside the bracket, else its middle; the peak is wanted to about 1e-8 of the width only: the
    # rule is centred there)
    # (each entry stops on its own: its value the same alone or beside others in an array)
    peak = grid[best, 0]
    moving = np.ones(len(z), bool)
    for _ in range(12):
        with np.errstate(all="ignore"):
            slope, curvature = _nct_slopes(peak, z, x, nc, sign)
            rising = slope > 0.0
            lo, hi = np.where(rising, peak, lo), np.where(rising, hi, peak)
            new = peak - slope / curvature
        new = np.where((new > lo) & (new < hi), new, 0.5 * (lo + hi))
        settled = np.abs(new - peak) <= 1e-10 * (hi - lo) + 1e-12
        peak = np.where(moving, new, peak)
        moving &= ~settled
        if not np.any(moving):
            break
    with np.errstate(all="ignore"):
        curvature = _nct_slopes(peak, z, x, nc, sign)[1]
    return peak, 1.0 / np.sqrt(np.where(curvature < 0.0, -curvature, 1.0))


def _nct_nodes(z, x, nc, sign, name, strict=False):
    """The trapezoid rule's nodes s, the log of each term (log weight included) and K's three terms, for the 1-d plain
    arrays z, x = df / 2, nc (see :data:`_NCT_TAIL_STEPS`); ValueError where no step agrees or the ends are not
    small (``strict`` False: those entries' terms all -inf)."""
    k, k1, k2 = _nct_prior_terms(x)
    peak, sigma = _nct_peak(z, x, nc, sign, k, name)
    nodes, logs = [None] * len(z), [None] * len(z)
    todo = np.arange(len(z))
    # (on the left the integrand falls as e^(x s) only: the rule reaches 80 / x below the peak, U up to 40; each
    # entry's own)
    with np.errstate(over="ignore"):
        reach = np.clip(np.ceil(np.arcsinh(_NCT_BEND * (80.0 / x) / sigma) / _NCT_BEND), _NCT_TAIL_REACH, 40.0)
    for step in _NCT_TAIL_STEPS:
        width = int(np.max(reach[todo]) / step + 0.5)
        u = np.arange(-width, width + 1) * step  # (padded to the largest reach: the others' nodes beyond are left out)
        s = peak[todo, None] + sigma[todo, None] * (np.sinh(_NCT_BEND * u) / _NCT_BEND)
        with np.errstate(all="ignore"):
            terms = _nct_log_h(s, z[todo, None], x[todo, None], nc[todo, None], sign, k[todo, None]) + np.log(
                sigma[todo, None] * step * np.cosh(_NCT_BEND * u))
        outside = np.abs(u) > reach[todo, None]
        terms = np.where(outside, -np.inf, terms)
        terms = np.where(np.isnan(terms), -np.inf, terms)
        top = np.max(terms, axis=1)
        full = np.log(np.sum(np.exp(terms - top[:, None]), axis=1))
        even = (np.arange(-width, width + 1) % 2) == 0
        half = np.log(2.0 * np.sum(np.exp(terms[:, even] - top[:, None]), axis=1))
        first = np.argmax(~outside, axis=1)
        ends = np.maximum(terms[np.arange(len(todo)), first], terms[np.arange(len(todo)), len(u) - 1 - first]) - top
        good = (np.abs(full - half) <= _NCT_TAIL_AGREE) & (ends < _NCT_TAIL_ENDS)
        for i, j in enumerate(todo):
            if good[i] or step == _NCT_TAIL_STEPS[-1]:
                nodes[j], logs[j] = s[i][~outside[i]], terms[i][~outside[i]]
        if not np.all(good) and step == _NCT_TAIL_STEPS[-1]:
            if not strict:
                for i, j in enumerate(todo):
                    logs[j] = np.where(good[i], logs[j], -np.inf)
                break
            i = int(np.argmin(good))
            raise ValueError(f"{name}: the quadrature of its tail over the chi-squared variable did not converge at z "
                             f"= {z[todo[i]]:g}, df = {2.0 * x[todo[i]]:g}, nc = {nc[todo[i]]:g} (outside the domain "
                             "it covers: see nct's docstring)")
        todo = todo[~good]
        if len(todo) == 0:
            break
    return nodes, logs, k1, k2


#: the last few rules and quantiles computed (:func:`_nct_remembered`)
_NCT_REMEMBERED: "collections.OrderedDict" = collections.OrderedDict()
_NCT_REMEMBER = 16
_NCT_REMEMBERED_LOCK = threading.Lock()


def _nct_remembered(key, compute):
    """``compute()``, or its result for the same key (the plain arguments' bytes) among the last few: the derivatives
    of a tail or a quantile along each path (a Hessian's nine) and the quantiles' partials (which take the quantile
    again) use the same rule or root, found once."""
    with _NCT_REMEMBERED_LOCK:  # (threads: a key popped between another's test and its move_to_end)
        if key in _NCT_REMEMBERED:
            _NCT_REMEMBERED.move_to_end(key)
            return _NCT_REMEMBERED[key]
    value = compute()
    with _NCT_REMEMBERED_LOCK:
        _NCT_REMEMBERED[key] = value
        while len(_NCT_REMEMBERED) > _NCT_REMEMBER:
            _NCT_REMEMBERED.popitem(last=False)
    return value


def _nct_log_tail_value(z, df, nc, upper=False, path=(), strict=True):
    """The log of nct's lower (``upper`` False) or upper tail at the standard z, or (``path``: a tuple of 0 for z, 1
    for df, 2 for nc) its derivative: the mean under the terms' weights of the log integrand's derivative (its first
    derivatives' joint cumulants, plus the mean of its second derivatives); ``strict`` False: NaN where the quadrature
    does not converge (no ValueError)."""
    name = f"wengert.scipy.stats.nct.{'logsf' if upper else 'logcdf'}"
    if len(path) > 2:
        raise NoGradientRule(f"{name}: a third derivative of nct's tails is not implemented; their first two are")
    z, df, nc = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (z, df, nc)))
    shape = z.shape
    z, x, nc = z.ravel(), 0.5 * df.ravel(), nc.ravel()
    sign = -1.0 if upper else 1.0
    if len(z) == 0:
        return np.zeros(shape)
    key = (z.tobytes(), x.tobytes(), nc.tobytes(), sign)
    nodes, logs, k1, k2 = _nct_remembered(("tail",) + key, lambda: _nct_nodes(z, x, nc, sign, name))
    failed = np.array([np.max(terms) == -np.inf for terms in logs])
    if strict and np.any(failed):
        _nct_nodes(z[failed][:1], x[failed][:1], nc[failed][:1], sign, name, strict=True)  # (raises, naming it)
    value, first, second = _nct_remembered(("jet", len(path) > 0) + key, lambda: _nct_jet(
        nodes, logs, k1, k2, z, x, nc, sign, len(path) > 0))
    out = value if not path else first[:, path[0]] if len(path) == 1 else second[:, path[0], path[1]]
    return np.where(failed, np.nan, out).reshape(shape)[()]


def _nct_jet(nodes, logs, k1, k2, z, x, nc, sign, derivatives):
    """The log tails of each entry and (``derivatives``) their gradients and Hessians in (z, df, nc), from the rules'
    nodes and log terms (see :func:`_nct_log_tail_value`)."""
    value = np.full(len(z), np.nan)
    first_all, second_all = np.zeros((len(z), 3)), np.zeros((len(z), 3, 3))
    for i in range(len(z)):
        top = np.max(logs[i])
        if top == -np.inf:  # (not converged)
            continue
        weights = np.exp(logs[i] - top)
        total = np.sum(weights)
        value[i] = top + np.log(total)
        if not derivatives:
            continue
        weights = weights / total
        y, u, r, _ = _nct_integrand(nodes[i], z[i], x[i], nc[i], sign)
        live = weights > 0.0  # (beyond, r and y overflowed: 0 * inf)
        m = np.where(live, _nct_mills(u), 0.0)
        # (the log integrand's derivatives in z, df, nc; in df through K - x r: (K' - r) / 2)
        with np.errstate(invalid="ignore", over="ignore"):
            first = np.array([np.where(live, sign * y * m, 0.0), np.where(live, 0.5 * (k1[i] - r), 0.0), -sign * m])
        means = first @ weights
        centred = first - means[:, None]
        cov = (centred * weights) @ centred.T
        with np.errstate(invalid="ignore", over="ignore"):
            curve = np.where(live, -m * (u + m), 0.0) * weights
            factor = [np.where(live, sign * y, 0.0), -sign]
        zz, zn, nn = np.sum(curve * factor[0] * factor[0]), np.sum(curve * factor[0] * factor[1]), np.sum(
            curve * factor[1] * factor[1])
        second = cov + np.array([[zz, 0.0, zn], [0.0, 0.25 * k2[i], 0.0], [zn, 0.0, nn]])
        first_all[i], second_all[i] = means, second
    return value, first_all, second_all


#: :func:`_nct_log_tail_value` (its derivatives the same function along a longer path, to the second order)
_NCT_LOG_TAIL = OwnPrimitive(_nct_log_tail_value, name="wengert.scipy.stats.nct (log of a tail)", reenters="any")


def _nct_tail_partial(i):
    def partial(z, df, nc, upper=False, path=()):
        return _NCT_LOG_TAIL(z, df, nc, upper=upper, path=path + (i,))
    return partial


_def_partials(_NCT_LOG_TAIL, _nct_tail_partial(0), _nct_tail_partial(1), _nct_tail_partial(2))


def _nct_log_tail(z, df, nc, upper):
    """The log of the lower (``upper`` False) or upper tail at the standard z (finite): its own sum where it is at
    most 1/2, elsewhere ``log1p(-exp)`` of the other's (there the terms' sum, about 1, kept no digit of what it lacks
    of 1: logcdf(-2, 1, -10) was 2e-11 relative off)."""
    with np.errstate(all="ignore"):
        own = _nct_log_tail_value(*(np.asarray(_plain(v), dtype=float) for v in (z, df, nc)), upper=upper,
                                  strict=False)
    # (the other where this one is above 1/2, or did not converge: a tail about 1 with a sharp edge of e^-23 far from
    # its peak, sf(-1e10, 0.5, -10); the one used must converge)
    large = np.asarray((own > -math.log(2.0)) | np.isnan(own))
    return _two_forms(large, lambda z, df, nc: _NCT_LOG_TAIL(z, df, nc, upper=upper),
                      lambda z, df, nc: _log1mexp(_NCT_LOG_TAIL(z, df, nc, upper=not upper)), (z, df, nc),
                      (0.0, 1.0, 0.0), (0.0, 1.0, 0.0))


def _nct_check(name, z, df, nc):
    _nct_parameters(name, df, nc)


def _nct_tail_function(upper, log):
    """nct's cdf, sf or their logs (``upper``, ``log``) at the standard z: :func:`_nct_log_tail` where z is finite, the
    limits at +-inf (constants), NaN at NaN."""
    def function(z, df, nc, scale):
        pz = np.asarray(_plain(z), dtype=float)
        finite = np.isfinite(pz)
        out = _on_support(finite, lambda z: _nct_log_tail(z, df, nc, upper), z, outside=0.0, at=0.0)
        if not np.all(finite):
            below, above = (-np.inf, 0.0) if not upper else (0.0, -np.inf)
            out = np.where(finite, out, np.where(np.isnan(pz), np.nan, np.where(pz > 0, above, below)))
        return out if log else np.exp(out)
    return function


_shape_functions(nct, ("df", "nc"), _nct_check, [
    (name, lambda z: np.ones(np.shape(z), bool), _nct_tail_function(upper, log), np.nan, text, example, value)
    for name, upper, log, text, example, value in (
        ("cdf", False, False, "``E[Phi(z sqrt(V / df) - nc)]`` over V chi-squared with df degrees of freedom (see "
         ":class:`nct`).", "round(float(nct.cdf(1.0, 3.0, 2.0)), 6)", "0.157349"),
        ("logcdf", False, True, "``log`` of the cdf (``log1p(-sf)`` where the cdf is above 1/2).",
         "round(float(nct.logcdf(1.0, 3.0, 2.0)), 6)", "-1.849286"),
        ("sf", True, False, "``E[Phi(nc - z sqrt(V / df))]`` (see :class:`nct`): its own sum, no ``1 - cdf``.",
         "round(float(nct.sf(1.0, 3.0, 2.0)), 6)", "0.842651"),
        ("logsf", True, True, "``log`` of the sf (``log1p(-cdf)`` where the sf is above 1/2).",
         "round(float(nct.logsf(1.0, 3.0, 2.0)), 6)", "-0.171203"))])


# --- the quantiles: ppf and isf ---------------------------------------------------------------------------------------

#: the largest float (the quantile's search outward stops there)
_LARGEST = float(np.finfo(float).max)

#: Newton's iterations on the log of the smaller tail (each step's error about the square of the one before)
_NCT_NEWTON_STEPS = 200


def _nct_quantile_value(q, df, nc, upper=False):
    """The standard z where the cdf (``upper`` False) or the sf is q, plain: Newton's method on the log of the smaller
    tail (``log q`` or ``log1p(-q)``: the level of the tail below 1/2, exact), kept inside the bracket its values so
    far give (by bisection, or doubling outward while one side is open); ``-+inf`` at q = 0 and 1. SciPy's quantile
    the first point where it is finite."""
    q, df, nc = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (q, df, nc)))
    shape = q.shape
    q, df, nc = q.ravel(), df.ravel(), nc.ravel()
    name = f"wengert.scipy.stats.nct.{'isf' if upper else 'ppf'}"
    out = np.full(len(q), np.nan)
    ends = (q == 0.0) | (q == 1.0)
    out[ends] = np.where((q[ends] == 0.0) != upper, -np.inf, np.inf)
    inner = ~ends & ~np.isnan(q)
    if not np.any(inner):
        return out.reshape(shape)[()]
    q, df, nc = q[inner], df[inner], nc[inner]
    # (the tail below 1/2: the cdf where ppf's q <= 1/2 or isf's q > 1/2, else the sf; its level exactly)
    lower = (q <= 0.5) != upper
    level = np.where(q <= 0.5, np.log(q), np.log1p(-q))
    tail_sign = np.where(lower, 1.0, -1.0)  # (the tail's direction in z)
    with np.errstate(all="ignore"):
        from scipy import stats as _scipy_stats  # (a first point only)
        z = (_scipy_stats.nct.isf if upper else _scipy_stats.nct.ppf)(q, 2.0 * 0.5 * df, nc)
    z = np.where(np.isfinite(z), z, nc)
    below, above = np.full(len(q), -np.inf), np.full(len(q), np.inf)  # (the bracket in z)
    done = np.zeros(len(q), bool)
    for _step in range(_NCT_NEWTON_STEPS):
        todo = ~done
        log_tail = np.empty(len(q))
        for flag in (True, False):
            here = todo & (lower == flag)
            if np.any(here):
                log_tail[here] = _nct_log_tail_value(z[here], df[here], nc[here], upper=not flag)
        log_tail = np.where(todo, log_tail, level)
        excess = (log_tail - level) * tail_sign  # (> 0: z beyond the quantile)
        below, above = np.where(todo & (excess < 0), z, below), np.where(todo & (excess > 0), z, above)
        with np.errstate(all="ignore"):
            slope = np.exp(np.asarray(nct.logpdf(z, df, nc), dtype=float) - log_tail)
            new = z - excess / slope
        inside = (new > below) & (new < above) & np.isfinite(new)
        # (converged: Newton's step within the rounding of z, or the level met to the rounding of the log tail (where
        # the tail falls as a power of z, a step of that size is about z's rounding over the power), the last step
        # taken)
        finished = todo & ((excess == 0) | (np.abs(new - z) <= 2e-16 * np.abs(z) + 1e-300)
                           | (np.abs(excess) <= 4e-16 * np.maximum(1.0, np.abs(level))))
        both = np.isfinite(below) & np.isfinite(above)
        # (or the bracket holds no float between its ends: the root found to a place, where the log tail's rounding
        # keeps Newton's points on the bracket's ends: ppf(0.5, 30, -8) bisected the same two floats 200 times and
        # refused, "did not converge", and so nct.entropy(30, -8))
        with np.errstate(over="ignore"):  # (nextafter of the largest float)
            finished = finished | (todo & both & _bracket_closed(below, above))
        with np.errstate(all="ignore"):
            middle = np.where((below > 0) & (above > 2 * below), np.sqrt(below * above),
                              np.where((above < 0) & (below < 2 * above), -np.sqrt(below * above),
                                       0.5 * (below + above)))
            # (doubling; by 2^32 beyond 1e10, where a heavy tail's root may be 1e300 away: 1000 doublings of the
            # tail's quadrature took 0.5 s)
            reach = np.maximum(np.abs(z), 1.0) * np.where(np.abs(z) > 1e10, 2.0 ** 32, 1.0)
            outward = np.where(np.isfinite(below), z + reach, z - reach)
        # (the root beyond the largest float (a heavy tail, df < 1: ppf(1e-300, 0.5, 2) ~ -1e600): its rounding, -+inf,
        # once the largest float is still short of it (doubled to inf, the tail's quadrature raised "Maximum allowed
        # size exceeded")
        beyond = todo & ~finished & ~both & (np.abs(z) == _LARGEST)
        outward = np.clip(outward, -_LARGEST, _LARGEST)
        finished = finished | beyond
        new = np.where(beyond, np.copysign(np.inf, z), np.where(inside, new, np.where(finished, z, np.where(both, middle, outward))))
        z = np.where(todo, new, z)
        done |= finished
        if np.all(done):
            break
    else:
        raise ValueError(f"{name}: Newton's method did not converge (at q = {q[~done][0]:g})")
    out[inner] = z
    return out.reshape(shape)[()]


def _nct_quantile_plain(q, df, nc, upper=False):
    """:func:`_nct_quantile_value`, but t's quantile where nc is 0 (there it is t: its median 0 exactly, where Newton's
    was within 2e-16 of it)."""
    q, df, nc = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (q, df, nc)))
    out = np.array(_nct_remembered(("quantile", q.tobytes(), df.tobytes(), nc.tobytes(), q.shape, upper),
                                   lambda: _nct_quantile_value(np.where(nc == 0.0, 0.5, q), df, nc, upper)))
    if np.any(nc == 0.0):
        with np.errstate(all="ignore"):
            central = np.asarray(_plain((t.isf if upper else t.ppf)(q, df)), dtype=float)
        out = np.where(nc == 0.0, central, out)
    return out[()]


#: the standard ppf and isf: one primitive each, x(q, df, nc); by the implicit function theorem ``dx/dq = +-1 / pdf``
#: and ``dx/d(df, nc) = -dF/d(df, nc) / pdf``, dF from the smaller tail's log (``F e^-F'`` or ``-sf``'s), each traced in
#: x (every higher derivative a product of the tails' and the density's own rules)
_NCT_QUANTILES = [OwnPrimitive(lambda q, df, nc, _upper=upper: _nct_quantile_plain(q, df, nc, _upper),
                               name=f"wengert.scipy.stats.nct.{'isf' if upper else 'ppf'}", reenters="any")
                  for upper in (False, True)]


def _nct_tail_slope(x, df, nc, i, lower_small):
    """``dF/d(df)`` (i = 1) or ``dF/dnc`` (i = 2) at the standard x: ``F d(log F)`` where the cdf is the smaller tail
    (``lower_small``, plain), else ``-sf d(log sf)``."""
    def by(upper):
        def form(x, df, nc):
            log_tail = _NCT_LOG_TAIL(x, df, nc, upper=upper)
            return (-1.0 if upper else 1.0) * np.exp(log_tail) * _NCT_LOG_TAIL(x, df, nc, upper=upper, path=(i,))
        return form
    return _two_forms(np.asarray(lower_small), by(True), by(False), (x, df, nc), (0.0, 1.0, 0.0), (0.0, 1.0, 0.0))


def _nct_quantile_partials(upper):
    root = _NCT_QUANTILES[upper]

    def in_q(q, df, nc):
        return (-1.0 if upper else 1.0) * np.exp(-nct.logpdf(root(q, df, nc), df, nc))

    def in_shape(i):
        def partial(q, df, nc):
            x = root(q, df, nc)
            pq = np.asarray(_plain(q), dtype=float)
            lower_small = (pq <= 0.5) != upper
            return -_nct_tail_slope(x, df, nc, i, lower_small) * np.exp(-nct.logpdf(x, df, nc))
        return partial
    return in_q, in_shape(1), in_shape(2)


for _upper in (False, True):
    _def_partials(_NCT_QUANTILES[_upper], *_nct_quantile_partials(_upper))


def _nct_quantile(name, q, df, nc, loc, scale, upper):
    _nct_parameters(name, df, nc)
    return _located(name, q, loc, scale, lambda q, df, nc: _NCT_QUANTILES[upper](q, df, nc), shapes=(df, nc))


_quantiles(nct, ("df", "nc"), _nct_quantile, (
    ("The x where the cdf is q: Newton's method on the log of the smaller tail (see :class:`nct`); ``-inf`` and "
     "``inf`` at q = 0 and 1.", "round(float(nct.ppf(0.3, 3.0, 2.0)), 6)", "1.519788"),
    ("The x where the sf is q (no ``ppf(1 - q)``: its own tail).", "round(float(nct.isf(0.3, 3.0, 2.0)), 6)",
     "3.113643")))
_add_quantile_summaries("nct", (3.0, 2.0))
_add_quadrature_entropy("nct", (3.0, 2.0), example_value="2.380296")  # (session 54; SciPy integrates it)
