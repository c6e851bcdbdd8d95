"""The one-sided Kolmogorov-Smirnov statistic's distribution: ksone. Part of :mod:`wengert.scipy.stats`.
"""

import functools
import math
from fractions import Fraction

import numpy as np

from ...errors import NoGradientRule
from ...ops._util import def_partials as _def_partials
from ...primitive import OwnPrimitive
from ._common import (_add_moments, _add_quantile_summaries, _located, _newton_root_in_bracket, _plain, _q, _quantiles,
                      _shape_functions)
from ._irwinhall import _count_checked, _exact_function, _log_derivative, _log_fraction, _per_entry

__all__ = ["ksone"]


class ksone:
    """The distribution of the one-sided Kolmogorov-Smirnov statistic ``D_n^+`` of ``n`` observations, as
    ``scipy.stats.ksone``, on ``0 <= z = (x - loc) / scale <= 1``, ``n`` a positive integer (a constant: its
    derivative is refused): ``logpdf``, ``pdf``, ``cdf``, ``logcdf``, ``sf`` and ``logsf``, differentiable in x, loc
    and scale to every order; ``ppf``, ``isf``, ``median`` and ``interval`` (Newton's method on the exact tail at
    most 1/2, or at ``1 - q`` from the other tail, to the float nearest the root; in q the inverse function's
    derivatives, through the density's exact sums, refused where the root is a point ``i / n`` at which they jump);
    ``mean``, ``var`` and ``std`` (the standard ones exact sums, rounded once; in loc and scale). The sf is Birnbaum
    and Tingey's
    sum of positive terms ``z sum_{j < n (1 - z)} C(n, j) (1 - z - j / n)^(n - j) (z + j / n)^(j - 1)`` (the j = 0
    term ``(1 - z)^n``), a polynomial between the points ``i / n``; the cdf is ``1 -`` it. Both, and their
    derivatives of every order, are summed exactly in integers (z, a float, is a dyadic rational) and rounded once:
    each value is correctly rounded in z (the cdf near z = 0, where ``1 - sf`` cancels, too), and the log functions'
    derivatives are exact from the ratios of such sums, rounded once. The terms have ``n`` times the bits of z:
    ``n`` is limited to 200 (0.07 s a value there; ValueError beyond). The sf's term j has a zero of order ``n - j``
    at ``z = 1 - j / n``: the sf's derivative of order i jumps at ``z = i / n`` (the density at ``1 / n``: at n = 2
    it is 2 on the left, 1 on the right). The functions take the right-hand limit there (SciPy's at n = 5; SciPy
    1.17's at n = 2 is 1.5, the mean), and a derivative of a function reaching a jump of it is refused
    (NoGradientRule: grad of the cdf at 1 / n, of the density at 1 / n and 2 / n; i / n is a float only where n /
    gcd(i, n) is a power of 2). At the ends 0 and 1 the derivatives are one-sided from inside; the log
    functions' where their function is 0 there (``logsf`` at 1, ``logcdf`` at 0, ``logpdf`` at 1 for n >= 2) are
    refused.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import ksone
    >>> float(ksone.sf(0.5, 2))  # (1 - z)^2 on [1/2, 1]
    0.25
    >>> float(wg.grad(lambda x: ksone.cdf(x, 2))(0.25))  # the density: sf = 1 - z - z^2 on [0, 1/2)
    1.5

    .. versionadded:: 0.1
    """


#: the largest n: the exact sums' terms have about 60 n bits, n of them (0.07 s a value at n = 200, 3 s at n = 1000)
_KS_MAX_N = 200


def _ks_check(name, z, n):
    """``n`` checked: a positive integer up to :data:`_KS_MAX_N`, not traced."""
    _count_checked(name, n, _KS_MAX_N, "observations", "the exact sums' time grows as n^3 (3 s a value at n = 1000)")


@functools.lru_cache(maxsize=4096)
def _ks_sf_derivative(zf, n, d):
    """The d-th derivative in z of the standard sf at the rational ``0 <= zf <= 1``, exact: the terms j >= 1 where ``j
    / n < 1 - zf`` (SciPy's right-hand limits at the points ``i / n``), the j = 0 term ``(1 - zf)^n`` up to zf = 1
    (the left-hand limit there: derivatives from inside). In integers over ``D^(n - d)``, ``D = n 2^e`` (``zf = m /
    2^e``): ``1 - zf - j / n = (D - n m - j 2^e) / D``, ``zf + j / n = (n m + j 2^e) / D`` (through Fractions 18 s a
    value at n = 1000)."""
    if d > n:  # (a polynomial of degree n on each piece)
        return Fraction(0)
    m, e = zf.numerator, zf.denominator  # (a power of 2)
    big = n * e
    total = math.perm(n, d) * (-1) ** d * (big - n * m) ** (n - d)
    j = 1
    while j < n and j * e < big - n * m:  # (j / n < 1 - zf)
        a, b, p, r = big - n * m - j * e, n * m + j * e, n - j, j - 1

        def h(i):  # the i-th derivative of a^p b^r (a' = -1, b' = 1), over D^(n - 1 - i)
            return sum(math.comb(i, k) * math.perm(p, k) * (-1) ** k * a ** (p - k) * math.perm(r, i - k)
                       * b ** (r - i + k) for k in range(i + 1) if k <= p and i - k <= r)
        total += math.comb(n, j) * (n * m * h(d) + (d * h(d - 1) if d else 0))
        j += 1
    return Fraction(total, big ** (n - d))


def _ks_exact(z, n, d, s, own):
    """The d-th derivative in z of the standard cdf (``s = 0``) or sf (``s = 1``) at the float z, exact; ``own`` the
    order of the function asked for (a derivative of it, ``d > own``, is refused where the d-th jumps, at ``i / n``
    for ``1 <= i <= d``)."""
    zf = Fraction(z)
    if zf < 0 or zf > 1:  # (outside: the tails 0 or 1, every derivative 0)
        return Fraction(int(d == 0 and (zf > 0) != (s == 1)))
    if d > own and 0 < zf < 1 and (zf * n).denominator == 1 and zf * n <= d:
        raise NoGradientRule(f"wengert.scipy.stats.ksone: the sf's derivative of order {d} jumps at z = i / n for i "
                             f"<= {d} (here z = {z!r}, n = {n}): a derivative of the function there is not defined")
    sf = _ks_sf_derivative(zf, n, d)
    if d == 0:
        return sf if s else 1 - sf
    return sf if s else -sf


def _ks_log_derivative(z, n, d, s, own, m):
    """The m-th derivative in z of ``log V``, V = :func:`_ks_exact`'s ``(z, n, d, s)``, exact and rounded once."""
    below = _ks_exact(z, n, d, s, own)
    if m == 0:
        return _log_fraction(below)
    if below == 0:  # (0 inside the support only at its ends)
        if 0 <= z <= 1:
            raise NoGradientRule("wengert.scipy.stats.ksone: the log functions' derivatives where the function is 0 "
                                 f"at an end of the support (here z = {z!r}) are infinite; not implemented")
        return 0.0
    return _log_derivative([below] + [_ks_exact(z, n, d + j, s, own) for j in range(1, m + 1)])


#: the standard cdf (d = 0, or the sf: s = 1) and their d-th derivatives in z, exact sums rounded once; in z the next d
_KS_VALUE = OwnPrimitive(_per_entry(lambda z, n, d, s, own: float(_ks_exact(z, n, d, s, own))),
                         name="wengert.scipy.stats.ksone (exact sums)", reenters="any")
#: their logs' m-th derivatives in z, exact and rounded once; in z the next m
_KS_LOG = OwnPrimitive(_per_entry(lambda z, n, d, s, own, m=0: _ks_log_derivative(z, n, d, s, own, m)),
                       name="wengert.scipy.stats.ksone (log of the exact sums)", reenters="any")
_def_partials(_KS_VALUE, lambda z, n, d, s, own: _KS_VALUE(z, n, d + 1, s, own))
_def_partials(_KS_LOG, lambda z, n, d, s, own, m=0: _KS_LOG(z, n, d, s, own, m + 1))


def _ks_function(d, s, log):
    return _exact_function(_KS_VALUE, _KS_LOG, d, log, s, d)  # (own: the order asked for, d)


def _finite(z):
    return np.isfinite(z)


_shape_functions(ksone, ("n",), _ks_check, [
    ("logpdf", _finite, _ks_function(1, 0, True), -np.inf,
     "``log`` of the density (minus the sf's derivative, exact; see the class) less ``log(scale)``, ``-inf`` outside "
     "``[0, 1]``.", "round(float(ksone.logpdf(0.3, 5)), 6)", "0.826804"),
    ("pdf", _finite, _ks_function(1, 0, False), 0.0,
     "Minus the sf's derivative (see the class), over scale, on ``[0, 1]``: summed exactly.",
     "round(float(ksone.pdf(0.3, 5)), 6)", "2.286"),
    ("cdf", _finite, _ks_function(0, 0, False), 0.0,
     "``1 - sf`` (see the class), exact, on ``[0, 1]`` (1 beyond).", "round(float(ksone.cdf(0.3, 5)), 6)", "0.65718"),
    ("logcdf", _finite, _ks_function(0, 0, True), -np.inf,
     "``log`` of the cdf (exact, then rounded).", "round(float(ksone.logcdf(0.3, 5)), 6)", "-0.419797"),
    ("sf", _finite, _ks_function(0, 1, False), 1.0,
     "``z sum_{j < n (1 - z)} C(n, j) (1 - z - j / n)^(n - j) (z + j / n)^(j - 1)`` (see the class), exact.",
     "round(float(ksone.sf(0.3, 5)), 6)", "0.34282"),
    ("logsf", _finite, _ks_function(0, 1, True), 0.0,
     "``log`` of the sf (exact, then rounded).", "round(float(ksone.logsf(0.3, 5)), 6)", "-1.07055")])


def _ks_root(p, n, s):
    """The plain z in [0, 1] where the exact cdf (``s = 0``) or sf (``s = 1``) is ``p`` (a float; the caller passes
    the tail that is at most 1/2, or the level ``1 - q`` exact from ``q >= 1/2``): Newton's steps on ``log(T(z) / p)``
    (the quotient exact; its slope ``T' / T`` from the exact sums), kept in the bracket found so far (else its
    midpoint), until a step is within the float's spacing. The tail is a polynomial between the points ``i / n``:
    Newton's steps across them are kept by the bracket."""
    if p == 0.0:
        return 0.0 if s == 0 else 1.0
    if p == 1.0:
        return 1.0 if s == 0 else 0.0
    if s == 0 and (n - 1) * p <= 2.0 ** -58:
        # (the cdf is z + (n - 1) z^2 + C(n - 1, 2) z^3 + ... near 0 (checked in exact sums): the root is p (1 - (n - 1)
        # p + ...), within 2^-57 of p relative, and half the floats' spacing below p is at least 2^-54 p: the nearest
        # float is p itself (Newton's steps there found it, in 27 s a value at n = 200, p = 1e-302)
        return p
    target = Fraction(p)
    sign = 1.0 if s == 0 else -1.0  # (the cdf rises, the sf falls)

    def g(z):  # (sign log(T(z) / p), increasing in z, and its slope)
        value = _ks_exact(z, n, 0, s, 0)
        slope = float(_ks_exact(z, n, 1, s, 1) / value) if value else 0.0
        return sign * _log_fraction(value / target), sign * slope
    # (from about the median, or on the cdf's side from the leading term's root z = p where that is smaller: the cdf
    # is z + O(z^2) at every n; from the median the bracket's halvings toward 0 took more than the 400 steps below p
    # ~ 1e-122, "did not converge")
    start = 0.5 / math.sqrt(n) if s else min(0.5 / math.sqrt(n), p)
    return _newton_root_in_bracket(g, start, 0.0, 1.0,
                                   f"ksone: the quantile's Newton iteration did not converge at p = {p!r}, n = {n}")


def _ks_root_plain(p, n, s):
    """:func:`_ks_root` elementwise."""
    p, n = np.broadcast_arrays(np.asarray(p, dtype=float), np.asarray(n, dtype=float))
    out = np.empty(p.shape)
    for i in np.ndindex(p.shape):
        out[i] = _ks_root(float(p[i]), int(n[i]), s)
    return out[()]


#: the standard z where the cdf (s = 0) or sf (s = 1) is p; in p ``+-1 / pdf`` of it (the inverse function: its
#: derivatives through the density's exact sums, which refuse where they jump, at ``z = i / n``)
_KS_ROOT = OwnPrimitive(_ks_root_plain, name="wengert.scipy.stats.ksone (quantile)", reenters="any")
_def_partials(_KS_ROOT, lambda p, n, s: (1.0 if s == 0 else -1.0) / _KS_VALUE(_KS_ROOT(p, n, s), n, 1, 0, 0))


def _ks_quantile(name, q, n, loc, scale, upper):
    """The root of the smaller tail's level: the ppf at ``q <= 1/2`` from the cdf, above from the sf at ``1 - q``
    (exact there); the isf the other way round."""
    pn = _count_checked(name, n, _KS_MAX_N, "observations", "the exact sums' time grows as n^3")
    _q(name, q)

    def standard(q):
        # (each side only where it is used; elsewhere at the level 0.3 (stand-ins at a dyadic level such as 1/4 met
        # the density's jump at n = 2, z = 1/2, in the unused side's derivative: refused)
        small = np.asarray(_plain(q)) <= 0.5
        if np.all(small):
            return _KS_ROOT(q, pn, 1 if upper else 0)
        if not np.any(small):
            return _KS_ROOT(1.0 - q, pn, 0 if upper else 1)
        own = _KS_ROOT(np.where(small, q, 0.3), pn, 1 if upper else 0)
        other = _KS_ROOT(1.0 - np.where(small, 0.7, q), pn, 0 if upper else 1)
        return np.where(small, own, other)
    return _located(name, q, loc, scale, standard)


_quantiles(ksone, "n", _ks_quantile, tuple(
    (f"``loc + scale z``, z the root of the exact {tail} at q (above 1/2 the other tail's at ``1 - q``; see the "
     "class); in q, loc and scale, the derivatives in q the inverse function's, refused where z is a point ``i / n`` "
     "at which the density's derivatives jump.", f"round(float(ksone.{method}({q}, 5)), 6)", value)
    for method, tail, q, value in (("ppf", "cdf", 0.25, "0.145299"), ("isf", "sf", 0.25, "0.343195"))))
_add_quantile_summaries("ksone", (5.0,))


@functools.lru_cache(maxsize=256)
def _ks_moments(n):
    """``(E z, E z^2)`` of the standard ksone, exact: ``E z^(k+1) = (k + 1) int_0^1 z^k sf(z) dz``; the j = 0 term
    ``int z^k (1 - z)^n = k! n! / (n + k + 1)!``, the term j over ``u = z + j / n`` in ``[j / n, 1]`` the incomplete
    beta integrals ``int_(j/n)^1 u^(j - 1 + a) (1 - u)^(n - j) du = B(j + a, n - j + 1) sum_(m < j + a) C(n + a, m)
    j^m (n - j)^(n + a - m) / n^(n + a)`` (the binomial sum of integer parameters: positive integer terms over one
    denominator), ``a <= k + 1`` from ``(u - j / n)^(k + 1)``, ``C(n, j) B(j + a, n - j + 1)`` being ``1 / j``, ``1 /
    (n + 1)`` and ``(j + 1) / ((n + 1)(n + 2))``: summed in integers and Fractions (0.5 s at n = 200, once)."""
    out = []
    for k in (0, 1):
        lead = Fraction(math.factorial(k) * math.factorial(n), math.factorial(n + k + 1))
        acc = Fraction(0)
        for j in range(1, n):
            for a in range(k + 2):
                s_a = sum(math.comb(n + a, m) * j ** m * (n - j) ** (n + a - m) for m in range(j + a))
                factor = (Fraction(1, j), Fraction(1, n + 1), Fraction(j + 1, (n + 1) * (n + 2)))[a]
                acc += math.comb(k + 1, a) * (-j) ** (k + 1 - a) * factor * s_a
        out.append((k + 1) * (lead + acc / n ** (n + k + 1)))
    return out[0], out[1]


def _ks_moment(k):
    """The standard mean (k = 1) or variance (k = 2) at each n (plain), exact and rounded once."""
    def moment(n):
        n = np.asarray(_plain(n), dtype=float)
        values = [_ks_moments(int(v)) for v in n.ravel()]
        return np.array([float(m if k == 1 else e2 - m * m) for m, e2 in values]).reshape(n.shape)[()]
    return moment


_add_moments("ksone", ("n",), _ks_moment(1), _ks_moment(2), None,
             lambda name, n: _count_checked(name, n, _KS_MAX_N, "observations", "the exact sums' time grows as n^3"),
             5.0, " The standard mean and variance are exact sums over the pieces of the sf (see :func:`_ks_moments`),"
             " rounded once; n a constant.")
