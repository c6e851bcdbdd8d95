"""The Irwin-Hall distribution (the sum of n standard uniforms): irwinhall. Part of :mod:`wengert.scipy.stats`.
"""

import functools
import math
from fractions import Fraction

import numpy as np

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...ops._util import def_partials as _def_partials
from ...primitive import OwnPrimitive
from ._common import (_add_moments, _add_quantile_summaries, _located, _log_of, _plain, _q, _quantiles,
                      _shape_functions)

__all__ = ["irwinhall"]


class irwinhall:
    """The Irwin-Hall distribution, as ``scipy.stats.irwinhall`` (SciPy 1.15 on): the sum of ``n`` standard uniforms,
    on ``0 <= z = (x - loc) / scale <= n``, ``n`` a positive integer (a constant: its derivative is refused):
    ``logpdf``, ``pdf``, ``cdf``, ``logcdf``, ``sf``, ``logsf``, ``mean``, ``var`` and ``std``, differentiable in x, loc
    and scale to every order. The density is ``sum_{k <= z} (-1)^k C(n, k) (z - k)^(n - 1) / (n - 1)!``, the cdf the
    same with the power n and ``n!``; the density's derivative of order j the same with the power ``n - 1 - j``. That
    alternating sum cancels (in floats it is 2.8e-13 relative off at n = 20, z = 10.3, 3.5e-6 at n = 60, every digit
    lost at n = 100, z = 50.3): here it is summed exactly, in integers (z, a float, is a dyadic rational), from the
    nearer end of the support (``z -> n - z``: the density's derivatives are symmetric, the tails swap), and rounded
    once: each value, and each derivative of the log functions (exact from the ratios of such sums), is correctly
    rounded in z (against mpmath's sums at 400 digits, tests/test_stats_irwinhall.py; SciPy 1.17's within 1.8e-15). The sums' terms have ``n`` times the bits of z: ``n`` is
    limited to 1000 (0.1 s a value there, a quantile about 1 s; beyond, ValueError). The density's derivative of order ``n - 1`` jumps at
    the integers inside the support (a kink of the one before): a derivative reaching it there is refused
    (NoGradientRule), at the ends it is the one-sided limit from inside; the log functions' derivatives where their
    function is 0 at an end of the support (``logpdf`` at z = 0 and n for n >= 2, ``logcdf`` at 0, ``logsf`` at n)
    are refused too.

    The quantiles (``ppf``, ``isf``, ``median``, ``interval``): Newton's root of the exact log cdf below the median
    (``n - `` it above, at ``1 - q``, exact there), from the normal's or the lower end's ``(q n!)^(1/n)``, to the
    float's rounding; in q ``+-1 / pdf`` (its derivatives through the density's), in loc and scale.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import irwinhall
    >>> float(irwinhall.pdf(1.5, 3))  # (3/4)
    0.75
    >>> float(wg.grad(lambda x: irwinhall.cdf(x, 3))(0.5))  # the density, z^2 / 2
    0.125

    .. versionadded:: 0.1
    """


#: the largest n: the exact sums' terms have about 53 n bits, and there are up to n / 2 of them
_IH_MAX_N = 1000


def _ih_n(name, n):
    """``n`` as plain integers, checked: a positive integer up to :data:`_IH_MAX_N`, not traced."""
    return _count_checked(name, n, _IH_MAX_N, "uniforms", "the exact sums' time grows as n^3, and in floats the "
                          "alternating sum loses every digit")


def _count_checked(name, n, limit, what, why):
    """``n`` as plain integers, checked: a positive integer (the count of ``what``) up to ``limit`` (``why``), not
    traced."""
    if isinstance(n, (Var, Dual)):
        raise NoGradientRule(f"wengert.scipy.stats.{name} has no gradient with respect to n (an integer, the count "
                             f"of {what}): pass it as a constant")
    pn = np.asarray(_plain(n), dtype=float)
    if not np.all((pn >= 1) & (pn == np.floor(pn))):
        raise ValueError(f"{name}: n must be a positive integer (SciPy gives NaN elsewhere)")
    if np.any(pn > limit):
        raise ValueError(f"{name}: n is limited to {limit} (here {np.max(pn):g}): {why}")
    return pn


def _ih_check(name, z, n):
    _ih_n(name, n)


def _ih_parameters(name, n):
    _ih_n(name, n)


@functools.lru_cache(maxsize=4096)
def _ih_sum(t, n, p):
    """``sum_{k <= t} (-1)^k C(n, k) (t - k)^p / p!`` for a rational ``0 <= t <= n / 2``, exact (``0^0 = 1``)."""
    a, b = t.numerator, t.denominator
    total, c = 0, 1
    for k in range(int(t) + 1):
        term = c * (a - k * b) ** p
        total += -term if k % 2 else term
        c = c * (n - k) // (k + 1)
    return Fraction(total, b ** p * math.factorial(p))


def _ih_exact(z, n, d, s):
    """The standard cdf (``d = 0``; ``s = 1``: the sf) or the density's derivative of order ``d - 1`` (negated where
    ``s = 1``: the sf's derivative of order d), at the float z, as an exact Fraction: the sum from the nearer end."""
    p = n - d
    zf = Fraction(z)
    if zf < 0 or zf > n:  # (outside: the tails 0 or 1, every derivative 0)
        return Fraction(int(p == n and (zf > 0) != (s == 1)))
    if p <= 0 and zf.denominator == 1 and 0 < zf < n:
        raise NoGradientRule(f"wengert.scipy.stats.irwinhall: the density's derivative of order {n - 1} jumps at the "
                             f"integers inside the support (here z = {z!r}, n = {n}): a derivative of it there is "
                             "not defined")
    if p < 0:  # (the derivatives of the piecewise-constant order n - 1: 0 between the integers and at the ends)
        return Fraction(0)
    flip = 2 * zf > n
    g = _ih_sum(n - zf if flip else zf, n, p)
    if p == n:
        lower = 1 - g if flip else g
        return lower if s == 0 else 1 - lower
    if flip and (n + p) % 2 == 0:  # (the density's derivative of order j at z is (-1)^j that at n - z)
        g = -g
    return -g if s else g


def _log_fraction(v):
    """``log(v)`` of a Fraction ``v >= 0``, to a float's rounding: near 1 as log1p of the exact ``v - 1``, elsewhere
    as ``log(r) + k log 2``, ``v = 2^k r``, r in (1/2, 2) correctly rounded (no over- or underflow)."""
    if v == 0:
        return -math.inf
    if abs(v - 1) < Fraction(1, 2):
        return math.log1p(float(v - 1))
    num, den = v.numerator, v.denominator
    k = num.bit_length() - den.bit_length()
    r = num / (den << k) if k >= 0 else (num << -k) / den
    return math.log(r) + k * math.log(2.0)


def _ih_log_derivative(z, n, d, s, m):
    """The m-th derivative in z of ``log V``, V = :func:`_ih_exact`'s ``(z, n, d, s)`` (m = 0: the log), exact, from
    the ratios ``r_j = V^(j) / V``: ``l_m = r_m - sum_{j < m} C(m - 1, j - 1) l_j r_(m - j)`` (from ``V^(m) = (V
    L')^(m - 1)``), rounded once (through floats ``r_2 - r_1^2`` lost ``r_1^2 / l_2`` in the far tails: n at n = 1000)."""
    below = _ih_exact(z, n, d, s)
    if m == 0:
        return _log_fraction(below)
    if below == 0:  # (0 inside the support only at its ends, where it grows as a power of z or n - z)
        if 0 <= z <= n:
            raise NoGradientRule("wengert.scipy.stats.irwinhall: the log functions' derivatives where the function "
                                 f"is 0 at an end of the support (here z = {z!r}) are infinite; not implemented")
        return 0.0
    return _log_derivative([below] + [_ih_exact(z, n, d + j, s) for j in range(1, m + 1)])


def _log_derivative(values):
    """The m-th derivative of ``log V`` from the exact ``values`` ``[V, V', ..., V^(m)]`` (Fractions, V != 0), rounded
    once: ``l_m = r_m - sum_{j < m} C(m - 1, j - 1) l_j r_(m - j)``, ``r_j = V^(j) / V``."""
    m = len(values) - 1
    r = [None] + [v / values[0] for v in values[1:]]
    logs = [None]
    for k in range(1, m + 1):
        logs.append(r[k] - sum(math.comb(k - 1, j - 1) * logs[j] * r[k - j] for j in range(1, k)))
    return float(logs[m])


def _per_entry(function):
    """``function(z, n, *args)`` (a Python float z, an int n; a float) elementwise over the arrays z and n."""
    def value(z, n, *args):
        z, n = np.broadcast_arrays(np.asarray(z, dtype=float), np.asarray(n, dtype=float))
        out = np.empty(z.shape)
        for i in np.ndindex(z.shape):
            out[i] = function(float(z[i]), int(n[i]), *args)
        return out[()]
    return value


#: the standard cdf (d = 0, or the sf: s = 1) and the density's derivatives (d - 1), exact sums rounded once;
#: in z the next d
_IH_VALUE = OwnPrimitive(_per_entry(lambda z, n, d, s: float(_ih_exact(z, n, d, s))),
                         name="wengert.scipy.stats.irwinhall (exact sums)", reenters="any")
#: their logs' m-th derivatives in z, exact and rounded once; in z the next m
_IH_LOG = OwnPrimitive(_per_entry(lambda z, n, d, s, m=0: _ih_log_derivative(z, n, d, s, m)),
                       name="wengert.scipy.stats.irwinhall (log of the exact sums)", reenters="any")
_def_partials(_IH_VALUE, lambda z, n, d, s: _IH_VALUE(z, n, d + 1, s))
_def_partials(_IH_LOG, lambda z, n, d, s, m=0: _IH_LOG(z, n, d, s, m + 1))


def _exact_function(value, log_value, d, log, *args):
    """The function ``(z, n, scale)`` of the primitives ``value`` and (``log``) ``log_value`` of exact sums, ``(z, n, d,
    *args)``: the d-th derivative in z of a tail (a density for d = 1, over scale), or its log."""
    def function(z, n, scale):
        n = _plain(n)
        if log:
            out = log_value(z, n, d, *args)
            return out - _log_of(scale) if d else out
        out = value(z, n, d, *args)
        return out / scale if d else out
    return function


def _ih_function(d, s, log):
    return _exact_function(_IH_VALUE, _IH_LOG, d, log, s)


def _finite(z):
    return np.isfinite(z)


_shape_functions(irwinhall, ("n",), _ih_check, [
    ("logpdf", _finite, _ih_function(1, 0, True), -np.inf,
     "``log`` of the density (see the class) less ``log(scale)``, ``-inf`` outside ``[0, n]``.",
     "round(float(irwinhall.logpdf(1.5, 3)), 6)", "-0.287682"),
    ("pdf", _finite, _ih_function(1, 0, False), 0.0,
     "``sum_{k <= z} (-1)^k C(n, k) (z - k)^(n - 1) / ((n - 1)! scale)`` on ``[0, n]``, summed exactly.",
     "float(irwinhall.pdf(1.5, 3))", "0.75"),
    ("cdf", _finite, _ih_function(0, 0, False), 0.0,
     "``sum_{k <= z} (-1)^k C(n, k) (z - k)^n / n!`` on ``[0, n]`` (1 beyond), summed exactly from the nearer end.",
     "float(irwinhall.cdf(0.5, 3))", "0.020833333333333332"),
    ("logcdf", _finite, _ih_function(0, 0, True), -np.inf,
     "``log`` of the cdf (exact, then rounded).", "round(float(irwinhall.logcdf(0.5, 3)), 6)", "-3.871201"),
    ("sf", _finite, _ih_function(0, 1, False), 1.0,
     "``1 - cdf``, exact (the cdf at ``n - z``).", "float(irwinhall.sf(2.5, 3))", "0.020833333333333332"),
    ("logsf", _finite, _ih_function(0, 1, True), 0.0,
     "``log`` of the sf (exact, then rounded).", "round(float(irwinhall.logsf(2.5, 3)), 6)", "-3.871201")])
_add_moments("irwinhall", ("n",), lambda n: 0.5 * n, lambda n: n / 12.0, None, _ih_parameters, 3.0,
             " The mean is ``n / 2``, the variance ``n / 12``.")


def _ih_lower_root(p, n):
    """The plain z in ``[0, n / 2]`` where the exact cdf is ``p <= 1/2``: Newton's steps on ``log(cdf(z) / p)``
    (concave in z: the density is log-concave; the quotient exact, its log near 1 log1p's: through ``log cdf - log p``
    each log's rounding ``|log p| eps`` left the root 2.4e-14 off at p = 1e-300), kept in the bracket (else its
    midpoint), from the better of the normal's start and the lower end's ``(p n!)^(1 / n)``, until a step is within
    the float's spacing."""
    if p == 0.0 or p == 0.5:  # (the ends: 0 and the median n / 2, by the symmetry)
        return 0.5 * n if p else 0.0
    target = Fraction(p)

    def g(z):
        return _log_fraction(_ih_exact(z, n, 0, 0) / target)
    lo, hi = 0.0, 0.5 * n
    starts = [min(math.exp((math.log(p) + math.lgamma(n + 1.0)) / n), hi)]
    if n > 1:
        from statistics import NormalDist
        starts.append(min(max(0.5 * n + math.sqrt(n / 12.0) * NormalDist().inv_cdf(p), 0.0), hi))
    z = min(starts, key=lambda t: abs(g(t)) if 0 < t < hi else math.inf)
    for _ in range(200):
        gz = g(z)
        if gz == 0:
            return z
        lo, hi = (lo, z) if gz > 0 else (z, hi)
        slope = _ih_log_derivative(z, n, 0, 0, 1)
        step = gz / slope if slope > 0 else math.inf
        if abs(step) <= 2.0 * math.ulp(z):  # (converged: a step within the float's spacing)
            return z - step
        z = z - step if lo < z - step < hi else 0.5 * (lo + hi)
        if hi - lo <= 2.0 * math.ulp(hi):
            return z
    return z


def _ih_root_plain(p, n):
    """:func:`_ih_lower_root` elementwise (``p <= 1/2``)."""
    p, n = np.broadcast_arrays(np.asarray(p, dtype=float), np.asarray(n, dtype=float))
    out = np.empty(p.shape)
    for i in np.ndindex(p.shape):
        out[i] = _ih_lower_root(float(p[i]), int(n[i]))
    return out[()]


#: the standard quantile below the median, at ``p <= 1/2``; in p ``1 / pdf`` of it (its derivatives through the
#: density's), at the root itself (the upper side's quantile ``n -`` it: the density there at the rounded ``n - t``
#: was 3.2e-10 off in isf(1e-100, 20)'s slope, ``n - t`` keeping ``t = 8.3e-5`` to 4e-11)
_IH_ROOT = OwnPrimitive(_ih_root_plain, name="wengert.scipy.stats.irwinhall (quantile)", reenters="any")
_def_partials(_IH_ROOT, lambda p, n: 1.0 / _IH_VALUE(_IH_ROOT(p, n), n, 1, 0))


def _ih_quantile(name, q, n, loc, scale, upper):
    """The root below the median at q or ``1 - q`` (at most 1/2: exact), ``n -`` it on the upper side."""
    pn = _ih_n(name, n)
    _q(name, q)

    def standard(q):
        small = np.asarray(_plain(q)) <= 0.5
        at_q = _IH_ROOT(np.where(small, q, 0.25), pn)
        at_other = _IH_ROOT(1.0 - np.where(small, 0.75, q), pn)
        return np.where(small, pn - at_q, at_other) if upper else np.where(small, at_q, pn - at_other)
    return _located(name, q, loc, scale, standard)


_quantiles(irwinhall, "n", _ih_quantile, tuple(
    (f"``loc + scale z``, z the root of the exact {tail} at q (see the class); in q, loc and scale.",
     f"round(float(irwinhall.{method}({q}, 3)), 6)", "1.14714")
    for method, tail, q in (("ppf", "cdf", 0.25), ("isf", "sf", 0.75))))
_add_quantile_summaries("irwinhall", (3.0,))
