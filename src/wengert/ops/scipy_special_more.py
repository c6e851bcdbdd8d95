"""More ``scipy.special`` ufuncs and their VJPs (internal; imported by
``wengert.ops.scipy_special``): the Box-Cox transforms (``boxcox``, ``boxcox1p``,
``inv_boxcox``, ``inv_boxcox1p``, in both arguments), the Faddeeva function ``wofz``, the
complete elliptic integrals ``ellipk``, ``ellipkm1``, ``ellipe``, the incomplete ones
``ellipkinc`` and ``ellipeinc`` (in the amplitude ``phi``; ``m`` is refused), and Owen's T
function ``owens_t`` (in ``h`` and ``a``).

Every derivative is a closed form in functions that have rules, so derivatives of every
order come by composition. Where a closed form divides by a quantity that vanishes (the
Box-Cox derivatives in ``lmbda`` at ``lmbda = 0``, the elliptic integrals' at ``m = 0``),
the rule uses the function's Taylor series near that point instead (a polynomial: exact
there and differentiable again), and the closed form away from it, so no derivative loses
digits to cancellation.
"""
import math

import numpy as np
import scipy.special as sc

from ..errors import NoGradientRule
from ..forward import defjvp
from ..primitive import OwnPrimitive, defvjp, staged_rule
from ..structured import get_part, is_complex, is_traced, plain_numbers
from ._util import at_kink, def_partials, own_function, polynomial, unary_rule, unbroadcast, zero_cotangent_adds_nothing_n
from .elementwise import complex_times, dd_add, dd_normal, log_dd, power_less, power_log, two_product, two_sum


def _register(ufunc, *rules, **declaration):
    """Declare ``rules`` (one per argument) for the SciPy ufunc, by its name in SciPy."""
    name = f"scipy.special.{ufunc.__name__}"
    defvjp(ufunc, *rules, name=name, names=(name,), **declaration)


def _quiet(rule):
    """``rule`` run without NumPy's divide/invalid warnings: its infinities are the answer."""
    return np.errstate(divide="ignore", invalid="ignore")(rule)


def _switch(small, t, near, far, at):
    """``near(t)`` where ``small`` (a plain mask), ``far(t)`` elsewhere; each is evaluated
    only where it is used (the other points get ``at``, a value inside its own range), so
    that no infinity or NaN of the other branch reaches a gradient."""
    if np.all(small):
        return near(t)
    if not np.any(small):
        return far(t)
    return np.where(small, near(np.where(small, t, 0.0)), far(np.where(small, at, t)))


# -- Box-Cox ---------------------------------------------------------------------------------
# boxcox(x, l) = (x^l - 1) / l = L expm1(t) / t with L = log x, t = l L (log x at l = 0).
# d/dx = x^(l - 1); d/dl = L^2 h(t), h(t) = (t e^t - expm1(t)) / t^2 = sum_k t^k (k+1)/(k+2)!,
# the series for |t| < 1 (30 terms: below 1e-30), the closed form beyond (no cancellation
# there). Where L = -inf (x = 0; x = -1 for boxcox1p) with l > 0: d/dl = 1 / l^2 (the limit).
# There (the end of the domain: one-sided limits from inside) the mixed derivative x^(l-1) L
# is -inf for l <= 1 and 0 for l > 1: both ways of taking it (d/dl of d/dx, d/dx of d/dl)
# gave 0 or NaN at boxcox(0, 1) (np.power's convention d/dy 0**y = 0; log(x)' = inf times the
# 0 a mask sends), so each carries that limit itself.

_BOXCOX_SERIES = [(k + 1.0) / math.factorial(k + 2) for k in range(30)]


def _mixed_at_end(base, lmbda):
    """The limit of x^(l-1) log x as x = ``base`` -> 0+ (plain values): -inf for l <= 1, 0 beyond."""
    return np.where(lmbda > 1.0, 0.0, -np.inf)


#: h'(t) = sum_j t^j (j+1)(j+2)/(j+3)! (h's series differentiated term by term)
_BOXCOX_SERIES_SLOPE = [(j + 1.0) * (j + 2.0) / math.factorial(j + 3) for j in range(30)]


def _log_base(x, shift):
    """log(x + shift) without rounding x + shift first: log x, or log1p x for boxcox1p."""
    return np.log(x) if shift == 0.0 else np.log1p(x)


def _mixed(x, lmbda, shift):
    """The mixed derivative of boxcox (shift 0) or boxcox1p (shift 1), base^(l - 1) log(base),
    base = x + shift: d/dl of d/dx and d/dx of d/dl, one formula. Taken as d/dx of d/dl's
    L^2 h(l L) it cancelled terms of size 2 L h / x (boxcox at (1e-30, 1.5): 2.2e12 for
    -6.9e-14); with log(base) from rounded 1 + x, boxcox1p's lost x (0 for 1e-30 at x = -1e-30)."""
    end = plain_numbers(x) + shift == 0  # a plain mask, also on outer tapes
    safe = np.where(end, 1.0 - shift, x) if np.any(end) else x
    if shift == 0.0:
        mixed = power_log(safe, lmbda - 1.0, 1)  # (x^(l-1) log x where x^(l-1) alone underflows)
    else:
        mixed = np.power(safe + 1.0, lmbda - 1.0) * np.log1p(safe)
    return np.where(end, _mixed_at_end(x, lmbda), mixed) if np.any(end) else mixed


def _box_cox_derivatives(shift):
    """boxcox's (shift 0) or boxcox1p's (shift 1) derivatives in x and in lmbda, each a
    primitive with its own partials, the mixed one :func:`_mixed` in both."""

    # (power_less: base^(l - 1) with l - 1's rounding error added back, which base^(l - 1) multiplied by log(base):
    # d/dx boxcox(1e-300, 1/3) was 3.8e-14 off, d2/dx2 at (1e-150, 0.2) 1.9e-14)
    def slope(x, lmbda):  # d/dx = base^(l - 1)
        return power_less(x + shift, lmbda)

    def curvature(x, lmbda):  # (l - 1) base^(l - 2); 0 where l = 1 (boxcox(x, 1) = x - 1), also at base = 0
        return np.where(lmbda == 1.0, 0.0, (lmbda - 1.0) * power_less(x + shift, lmbda, 2.0))

    def dlmbda(x, lmbda):  # d/dl = L^2 h(l L); 1 / l^2 at base = 0 with l > 0 (the limit)
        end = plain_numbers(x) + shift == 0
        log_x = _log_base(np.where(end, 1.0 - shift, x), shift) if np.any(end) else _log_base(x, shift)
        t = lmbda * log_x
        h = _switch((t < 1.0) & (t > -1.0), t, lambda t: polynomial(t, _BOXCOX_SERIES),
                    lambda t: (t * np.exp(t) - np.expm1(t)) / (t * t), 2.0)
        d = log_x * log_x * h
        return np.where(end, np.where(lmbda > 0, 1.0 / (lmbda * lmbda), np.nan), d) if np.any(end) else d

    def dlmbda2(x, lmbda):  # d2/dl2 = L^3 h'(l L); -2 / l^3 at base = 0 with l > 0
        end = plain_numbers(x) + shift == 0
        log_x = _log_base(np.where(end, 1.0 - shift, x), shift) if np.any(end) else _log_base(x, shift)
        t = lmbda * log_x
        h_slope = _switch((t < 1.0) & (t > -1.0), t, lambda t: polynomial(t, _BOXCOX_SERIES_SLOPE),
                          lambda t: np.exp(t) * ((t - 2.0) / (t * t)) + 2.0 * np.expm1(t) / (t * t * t), 2.0)
        d = log_x * log_x * log_x * h_slope
        return (np.where(end, np.where(lmbda > 0, -2.0 / (lmbda * lmbda * lmbda), np.nan), d) if np.any(end)
                else d)

    name = "scipy.special." + ("boxcox" if shift == 0.0 else "boxcox1p")
    slope_prim = OwnPrimitive(_quiet(slope), name=name + " (d/dx)", reenters="any")
    def_partials(slope_prim, _quiet(curvature), _quiet(lambda x, lmbda: _mixed(x, lmbda, shift)))
    dlmbda_prim = OwnPrimitive(_quiet(dlmbda), name=name + " (d/dlmbda)", reenters="any")
    def_partials(dlmbda_prim, _quiet(lambda x, lmbda: _mixed(x, lmbda, shift)), _quiet(dlmbda2))
    return slope_prim, dlmbda_prim


for _fn, _shift in ((sc.boxcox, 0.0), (sc.boxcox1p, 1.0)):
    _slope, _dlmbda = _box_cox_derivatives(_shift)
    _register(_fn,
              staged_rule(zero_cotangent_adds_nothing_n(_quiet(lambda g, ans, x, l, _p=_slope: g * _p(x, l))),
                          0, "xy", unbroadcast),
              staged_rule(zero_cotangent_adds_nothing_n(_quiet(lambda g, ans, x, l, _p=_dlmbda: g * _p(x, l))),
                          1, "xy", unbroadcast))

# inv_boxcox(y, l) = (1 + l y)^(1/l) = x: dx/dy = x / (1 + l y); dx/dl = x y^2 k(l y) with
# k(s) = (s / (1 + s) - log1p(s)) / s^2 = sum_k (-1)^(k+1) (k+1)/(k+2) s^k, the series for |s| < 1/2 (60 terms), the
# closed form beyond. inv_boxcox1p = inv_boxcox - 1 (its derivatives from inv_boxcox's x: ans + 1 lost x below
# eps). 1 + l y is rounded in neither: _base adds its rounding error back, a constant.

_INV_SERIES = [(-1.0) ** (k + 1) * (k + 1.0) / (k + 2.0) for k in range(60)]


def _base(y, lmbda, s=None):
    """``1 + lmbda y`` (y, lmbda may be traced) with the rounding error of the float ``1 + lmbda * y`` added back as a
    constant (two_product, two_sum on the plain values), so that it is exact to double-double where it cancels:
    d/dy of inv_boxcox at (-9.999999999, 0.1), x / (1 + l y), was 2.3e-6 relative off through the rounded 1 + l y
    (SciPy's value besides) and d/dl 2.5e9 ulp; ``x**(1 - l)`` before lost (1 - l)'s rounding times log x: 138 ulp at
    (122.06, -0.007586), x = 1e149."""
    yp, lp = np.asarray(plain_numbers(y), dtype=float), np.asarray(plain_numbers(lmbda), dtype=float)
    with np.errstate(all="ignore"):
        p = two_product(lp, yp)
        error = two_sum(1.0, p[0])[1] + p[1]
        error = np.where(np.isfinite(error) & (np.abs(lp) < 2.0 ** 996) & (np.abs(yp) < 2.0 ** 996), error, 0.0)
    s = lmbda * y if s is None else s  # (given: the caller's node, so that d/dlmbda meets y once, see _dinv_dlmbda)
    return (1.0 + s) + error[()] if np.any(error) else 1.0 + s


def _dinv_dlmbda(y, lmbda):
    s = lmbda * y
    small = (s < 0.5) & (s > -0.5)  # (plain)
    if np.all(small):
        return y * y * polynomial(s, _INV_SERIES)
    # (1 + s from s itself: with its own lmbda * y, the second derivative in lmbda took two adjoints of ~1e307 each
    # times y, +inf and -inf, NaN: d2/dlmbda2 of inv_boxcox(1000, 1e-3), whose truth is +inf)
    base = _base(y, lmbda, s)
    far_s, far_base = (s, base) if not np.any(small) else (np.where(small, 1.0, s), np.where(small, 2.0, base))
    far = (far_s / far_base - np.log(far_base)) / (far_s * far_s)
    if not np.any(small):
        return y * y * far
    return y * y * np.where(small, polynomial(np.where(small, s, 0.0), _INV_SERIES), far)


def _inv_x(ans, y, lmbda, shift):
    # inv_boxcox's x: ans, or inv_boxcox(y, lmbda) beside inv_boxcox1p's ans = x - 1 (_inv_boxcox_value's on plain y
    # and lmbda, recorded with it on Vars)
    if shift == 0.0:
        return ans
    return sc.inv_boxcox(y, lmbda) if is_traced(y) or is_traced(lmbda) else _inv_boxcox_value(y, lmbda, 0.0)


def _dinv_dy(g, ans, y, lmbda, shift):
    # x / (1 + l y); at the end (1 + l y = 0: x = 0 for l > 0, inf for l < 0) x^(1 - l)'s limit: 0, 1, inf
    x = _inv_x(ans, y, lmbda, shift)
    end = lmbda * y == -1.0  # (plain)
    if not np.any(end):
        return g * (x / _base(y, lmbda))
    inside = np.where(end, 1.0, x) / _base(np.where(end, 0.0, y), lmbda)
    return g * np.where(end, np.power(np.where(end, x, 1.0), 1.0 - lmbda), inside)


#: What at_kink says where inv_boxcox's d/dl at the end of its domain is differentiated again.
_INV_END = ("scipy.special.inv_boxcox / inv_boxcox1p (d/dlmbda)",
            "its limit at 1 + lmbda y = 0 (the end of the domain: 0, -1 or -inf for lmbda <, =, > 1)",
            "The second derivative is not implemented there; evaluate at 1 + lmbda y > 0.")


def _dinv(g, ans, y, lmbda, shift):
    # dx/dl = x y^2 k(s); at s = -1 (x = 0) k is inf - inf (a ZeroDivisionError on Python
    # floats, NaN on arrays) and the product's limit is -y^2 (1 + s)^(1/l - 1): 0, -y^2 or -inf (for l < 0 too,
    # where x = inf there: it was 0, inv_boxcox(2, -0.5)'s d/dl from inside 1 + l y > 0 is -inf)
    end = lmbda * y == -1.0  # a plain value, also on outer tapes
    if not np.any(end):
        return g * _inv_x(ans, y, lmbda, shift) * _dinv_dlmbda(y, lmbda)
    x = np.where(end, 1.0, _inv_x(ans, y, lmbda, shift)) if shift else ans + shift
    limit = -(y * y) * np.where((lmbda < 1.0) & (lmbda > 0.0), 0.0,
                                np.where(lmbda == 1.0, 1.0, np.inf))  # (y may be traced)
    out = g * np.where(end, limit, x * _dinv_dlmbda(np.where(end, 0.0, y), lmbda))
    return at_kink(out, (y, lmbda), lambda: end, _INV_END)


def _inv_boxcox_value(y, lmbda, shift):
    """inv_boxcox (shift 0), inv_boxcox1p (shift 1): ``exp(z)`` or ``expm1(z)``, ``z = log(1 + lmbda y) / lmbda`` in
    double-double (lmbda y by Dekker's product, 1 + lmbda y by two-sum, its log by log_dd), so that x is within 3 ulp
    (np.exp's own rounding and z's last bits); SciPy's value elsewhere (lmbda = 0, the end and outside of the domain, |lmbda|, |y| beyond 2^996).
    SciPy's: exp(log1p(lmbda y) / lmbda) rounds lmbda y, whose error 1 + lmbda y multiplies near 0, and z, whose error
    exp multiplies by |z|: inv_boxcox(-9.999999999999, 0.1) 1.5e13 ulp off, (700, 1e-17) 230 ulp; inv_boxcox1p gives
    y itself where |lmbda y| < 1e-154: inv_boxcox1p(300, 1e-300) = 300 for e^300 - 1 = 1.94e130.

    >>> float(_inv_boxcox_value(300.0, 1e-300, 1.0))
    1.9424263952412558e+130
    """
    scipys = np.asarray((sc.inv_boxcox if shift == 0.0 else sc.inv_boxcox1p)(y, lmbda))  # (its dtype: float32's too)
    y, lmbda = np.broadcast_arrays(np.asarray(y, dtype=float), np.asarray(lmbda, dtype=float))
    with np.errstate(all="ignore"):
        p = two_product(lmbda, y)
        s = two_sum(1.0, p[0])
        base = dd_normal(s[0], s[1] + p[1])  # (1 + lmbda y)
        log_hi, log_lo = log_dd(base[0])
        log_base = dd_add((log_hi, log_lo), (base[1] / base[0], 0.0))  # (log(b + c) = log b + c / b, |c / b| < 2^-52)
        z_hi = log_base[0] / lmbda
        r = two_product(z_hi, lmbda)
        z_lo = (((log_base[0] - r[0]) - r[1]) + log_base[1]) / lmbda
        # (|lmbda y| < 2^-60: z = y (1 - lmbda y / 2 + ...), the rest below 2^-120; there Dekker's error terms of a
        # tiny lmbda were subnormal, inv_boxcox(300, 1e-300) 57 ulp off)
        series = np.abs(p[0]) < 2.0 ** -60
        z_hi, z_lo = np.where(series, y, z_hi), np.where(series, -0.5 * (y * p[0]), z_lo)
        e = np.exp(z_hi)
        if shift == 0.0:
            out = np.where(np.isinf(e), e, e + e * z_lo)
        else:  # (expm1(a + b) = expm1(a) + e^a expm1(b))
            out = np.where(np.isinf(e), e, np.expm1(z_hi) + e * np.expm1(z_lo))
        use = (lmbda != 0) & (np.abs(lmbda) < 2.0 ** 996) & (np.abs(y) < 2.0 ** 996) & np.isfinite(out) & (base[0] > 0)
        return np.where(use, out, scipys).astype(scipys.dtype, copy=False)[()]


def _inv_boxcox_function(ufunc, shift):
    """wengert.scipy.special's inv_boxcox / inv_boxcox1p: the ufunc on a Var (recorded with _inv_boxcox_value), that
    value on plain numbers (SciPy's ufunc itself with ufunc keywords: out=, where=)."""
    def inv(y, lmbda, **kwargs):
        if kwargs or is_traced(y) or is_traced(lmbda):
            return ufunc(y, lmbda, **kwargs)
        return _inv_boxcox_value(y, lmbda, shift)
    inv.__name__ = inv.__qualname__ = ufunc.__name__
    inv.__doc__ = (f"scipy.special.{ufunc.__name__}(y, lmbda), " + ("(1 + lmbda y)**(1 / lmbda)" if shift == 0.0 else
                   "(1 + lmbda y)**(1 / lmbda) - 1") + ", within 3 ulp (SciPy's rounds lmbda y and the exponent: "
                   "see wengert.ops.scipy_special_more._inv_boxcox_value), differentiable in both arguments.\n\n"
                   f"    >>> import wengert.scipy.special as wsp\n    >>> float(wsp.{ufunc.__name__}(300.0, 1e-300))\n"
                   f"    {float(_inv_boxcox_value(300.0, 1e-300, shift))!r}\n")
    return inv


for _fn, _shift in ((sc.inv_boxcox, 0.0), (sc.inv_boxcox1p, 1.0)):
    _register(_fn,
              staged_rule(zero_cotangent_adds_nothing_n(
                  _quiet(lambda g, ans, y, l, _s=_shift: _dinv_dy(g, ans, y, l, _s))), 0, "axy", unbroadcast),
              staged_rule(zero_cotangent_adds_nothing_n(
                  _quiet(lambda g, ans, y, l, _s=_shift: _dinv(g, ans, y, l, _s))), 1, "axy", unbroadcast),
              impl=lambda y, l, _s=_shift: _inv_boxcox_value(y, l, _s), reenters="any",
              exposed=_inv_boxcox_function(_fn, _shift))


# -- the Faddeeva function -----------------------------------------------------------------
# w(z) = exp(-z^2) erfc(-iz): w' = -2 z w + 2i / sqrt(pi) (holomorphic), whose two terms cancel at large |z|
# (w ~ i / (sqrt(pi) z)): there its asymptotic series (faddeeva_slope_far), as erfcx' and dawsn' at complex z.

#: From this |z| on w', and erfcx' and dawsn' at complex z, are their asymptotic series (``faddeeva_slope_far``):
#: the first omitted of its 12 terms 2e-15 of the sum at 10; the closed forms lose about |2 z^2| ulps there, and
#: (2 |z|^2)^2 in the second derivative (w''(1e4) had the wrong sign).
FADDEEVA_FAR = 10.0


def erfc_asymptotic_series(x, sign):
    """``sum over k = 1..12 of sign^(k+1) (2k - 1)!! u^k``, ``u = 1 / (2 x^2)`` (internal, Var-aware, real or
    complex x; Horner's scheme, u as (0.5 / x) / x: no overflow of x * x): erfc's asymptotic series less its
    first term, ``sign`` -1 (erfcx(x) ~ (1 - that) / (sqrt(pi) x)), +1 for Dawson's integral and w."""
    u = (0.5 / x) / x
    s = 1.0
    for k in range(12, 1, -1):
        s = 1.0 + sign * (2 * k - 1) * u * s
    return u * s


def _signed_square(t, s):
    # (w, r), s t^2 = w + log r exactly (s = +-1): w rounded part by part, r = e^(rest) the exponential of what the
    # rounding left (1 where that is not finite). At a complex t = x + yi, Re w = (x - y)(x + y) and Im w = 2 x y rounded
    # from their double-double values (two_product, two_sum; in double precision, exact for float32 parts). NumPy's
    # product, x x - y y (fused on arrays), had the real part 8.8e43 at 1e30 + 1e30i (y y's rounding; the truth 0:
    # e^(-z^2) overflowed where it is 1 in size), and the phase x y rounded is 1e44 off there (dawsn'(1e30 + 1e30j)
    # inf - inf j, then -3.6e29 - 2.5e30j, for 2.29e30 + 1.02e30j); its real part rounded, 640 at 10 + 27.2i, is
    # 5.7e-14 of e^(-z^2) (erf'' was 1.1e-13 off there); s (1 + 0j) times inf + 2e200i was inf + NaN i (erfi'(1e200 +
    # 1j) and dawsn'(1 + 1e200j) NaN, the truths infinities of their signs)
    def exact(a, b):
        # a b as hi + lo (lo 0 where it is not finite: a product beyond the range, or a part beyond 2^996)
        small = (np.abs(a) < 2.0 ** 996) & (np.abs(b) < 2.0 ** 996)
        hi, lo = two_product(np.where(small, a, 0.0), np.where(small, b, 0.0))
        return a * b, np.where(np.isfinite(lo), lo, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        if t.dtype.kind != "c":
            x = t.astype(np.float64)
            xx, xx_lo = exact(x, x)
            w = np.asarray(s * xx).astype(t.dtype)
            # (1 where the rest is not finite: x x beyond the range (|x| > 1.3e154; float32's w beyond 3.4e38 at
            # 1.8e19) left inf - inf, and e^NaN made erfi'(1e200) NaN for inf)
            rest = s * ((xx - s * w.astype(np.float64)) + xx_lo)
            return w, np.exp(np.where(np.isfinite(rest), rest, 0.0)).astype(t.dtype)
        x, y = t.real.astype(np.float64), t.imag.astype(np.float64)
        xx, xx_lo = exact(x, x)
        yy, yy_lo = exact(y, y)
        xy, xy_lo = exact(x, y)
        re, re_lo = two_sum(xx, -yy)
        re_lo = np.where(np.isfinite(re_lo), re_lo + (xx_lo - yy_lo), 0.0)
        w = np.empty(t.shape, t.dtype)
        w.real, w.imag = s * ((x - y) * (x + y)), s * (2.0 * xy)
        rest_re = s * (re - w.real.astype(np.float64) * s + re_lo)
        rest_im = s * (2.0 * xy - s * w.imag.astype(np.float64)) + 2.0 * s * xy_lo
        rest_re = np.where(np.isfinite(rest_re), rest_re, 0.0)
        rest_im = np.where(np.isfinite(rest_im), rest_im, 0.0)
    return w, (np.exp(rest_re) * (np.cos(rest_im) + 1j * np.sin(rest_im))).astype(t.dtype)


def _gaussian_poly_value(t, coefficients, s, c):
    # c P(t) e^(s t^2), P's coefficients lowest first: as that product where s t^2's real part is below 600 in size
    # (75 in single precision: 0.85 of the largest exponent), elsewhere as its size exp(Re s t^2 + log |c P(t)|) times
    # its phase, each part of an overflow the infinity of its sign (the product's (finite) (inf + inf j) is NaN), of an
    # underflow its zero
    t = np.asarray(t)
    w, rest = _signed_square(t, s)
    dtype = w.dtype
    far = np.abs(np.real(w)) >= 0.85 * np.log(np.finfo(dtype if dtype.kind in "fc" else np.float64).max)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        p = 0.0 * t + coefficients[-1]
        for a in coefficients[-2::-1]:
            p = p * t + a
        direct = ((c * p) * rest) * np.exp(np.where(far, 0.0, w))
        if not np.any(far):
            return direct[()]
        return np.where(far, _size_times_phase(w, rest, t, coefficients, c), direct)[()]


def _size_times_phase(w, rest, t, coefficients, c):
    # c P(t) e^w as exp(Re w + log |c P(t)|) times the unit of c P(t) e^(i Im w), part by part (0 where the unit's part
    # is 0). As exp(w + log(c P(t))) the phase of c P(t) was lost beside a large Im w (2e200 + pi is 2e200: erfc'(1 +
    # 1e200j) was +inf + inf j for -inf - inf j), log of a negative real NaN, and P(t) overflowed at |t| = 1e200 where
    # the whole underflows (dawsn''(1e200 + 1j) NaN for 0). P(t) = m^n Q(t / m), m = max(1, |t|), n its degree:
    # log |c P(t)| = n log m + log |c Q|, Q = sum a_k (t / m)^k m^(k - n) in range
    n = len(coefficients) - 1
    m = np.maximum(np.abs(t), 1.0)
    u, inverse = t / m, 1.0 / m
    q = 0.0 * u + coefficients[-1]
    for k in range(n - 1, -1, -1):
        q = q * u + coefficients[k] * inverse ** (n - k)
    a = c * q
    size = np.abs(a)
    log_size = np.log(size) + n * np.log(m)
    if np.asarray(a).dtype.kind != "c":
        return (np.sign(a) * rest) * np.exp(w + log_size)
    im = np.imag(w)
    unit = (a / np.where(size > 0, size, 1.0)) * (np.cos(im) + 1j * np.sin(im)) * rest
    magnitude = np.exp(np.real(w) + log_size)
    out = np.empty(np.shape(unit), np.result_type(unit))
    out.real = np.where(unit.real == 0, 0.0, magnitude * unit.real)
    out.imag = np.where(unit.imag == 0, 0.0, magnitude * unit.imag)
    return out


def _gaussian_poly_next(coefficients, s):
    # the coefficients of P' + 2 s t P, (P e^(s t^2))' = (P' + 2 s t P) e^(s t^2)
    n = len(coefficients)
    return tuple((k + 1) * (coefficients[k + 1] if k + 1 < n else 0.0) + (2.0 * s * coefficients[k - 1] if k >= 1 else 0.0)
                 for k in range(n + 1))


#: ``c P(t) e^(s t^2)`` (internal; t real or complex, P a real polynomial by its coefficients lowest first, s = +-1, c a
#: constant): erf', erfc' and the exponential of erfcx', dawsn' and w' in their sectors (faddeeva_slope_far), where
#: e^(s t^2) overflows: each part the infinity of its sign at every order. Its derivative is such a product again (P'
#: + 2 s t P), the cotangent times it by complex_times: as c (2t) exp(...) differentiated through exp's and multiply's
#: rules, (inf + inf j) times 2t was inf - inf (erfcx'' at -30 + 1j, erf' and erf'' at 10 + 30j NaN, the truths
#: infinities of their signs).
gaussian_poly = OwnPrimitive(_gaussian_poly_value, name="wengert.gaussian_poly", reenters="any")
defvjp(gaussian_poly, lambda ans, t, coefficients, s, c: lambda k: complex_times(
    k, gaussian_poly(t, _gaussian_poly_next(coefficients, s), s, c)))
defjvp(gaussian_poly, lambda ans, primals, tangents: complex_times(
    tangents[0], gaussian_poly(primals[0], _gaussian_poly_next(primals[1], primals[2]), primals[2], primals[3])))


def faddeeva_slope_far(z, kind):
    """``w'(z)`` (kind "wofz"), ``erfcx'(z)`` ("erfcx") or ``dawsn'(z)`` ("dawsn") for ``|z| >= FADDEEVA_FAR``
    (internal, Var-aware, holomorphic): the derivative of the asymptotic series (``erfc_asymptotic_series``;
    each function satisfies f' = -+2 z f + c, so the series of f' is c times that sum), plus the exponential its
    sector carries: ``w = 2 e^(-z^2) - w(-z)`` below the real axis (``e^(-z^2)`` once on it, its real part there),
    ``erfcx(z) = 2 e^(z^2) - erfcx(-z)`` left of the imaginary one, ``dawsn = -+ i sqrt(pi)/2 e^(-z^2) + ...``
    above and below the real axis. The exponential, ``c 2z e^(+-z^2)``, is :data:`gaussian_poly`'s (where it
    overflows each part the infinity of its sign, at every order); its weight (2, 1, 0 or -1) as ``e + e`` or ``-e``,
    part by part: as a factor (2 + 0j) (inf - inf j) was NaN (erfcx' at -30 + 1j, dawsn' at 10 + 30j; the truths
    the infinities of their signs)."""
    plain = np.asarray(plain_numbers(z))
    if kind == "wofz":
        series = (-2j / math.sqrt(math.pi)) * erfc_asymptotic_series(z, 1.0)
        weight, sign, c = 1.0 - np.sign(plain.imag), -1.0, -1.0
    elif kind == "erfcx":
        series = (-2.0 / math.sqrt(math.pi)) * erfc_asymptotic_series(z, -1.0)
        weight, sign, c = 1.0 - np.sign(plain.real), 1.0, 1.0
    else:
        series = -erfc_asymptotic_series(z, 1.0)
        weight, sign, c = np.sign(plain.imag), -1.0, -0.5j * math.sqrt(math.pi)
    here = weight != 0.0
    if not np.any(here):
        return series
    t = np.where(here, z, 10j if kind == "erfcx" else 10.0) if not np.all(here) else z
    exponential = gaussian_poly(t, (0.0, 2.0), sign, c)
    # (the weight, 2, 1, 0 or -1, applied exactly and part by part: e + e, -e)
    weighted = np.where(weight == 2.0, exponential + exponential, np.where(weight < 0.0, -exponential, exponential))
    return series + (weighted if np.all(here) else np.where(here, weighted, 0.0))


#: Rybicki's sum for Dawson's integral, ``D(z) = lim_(h -> 0) sum over odd n of e^-(z - n h)^2 / (n sqrt(pi))`` (exact in
#: the limit; at step h its error is about e^-(pi / 2h)^2 e^(pi |Im z| / h)): h = 1/8 (n h exact), the n with n h from
#: -5.125 to 17.125, the terms within 7 of every 2 <= Re z <= 10 (beyond, below e^-48 of them).
_RYBICKI_N = np.arange(-41, 138, 2)
_RYBICKI_CENTRES = _RYBICKI_N * 0.125
_RYBICKI_WEIGHTS = 1.0 / (_RYBICKI_N * math.sqrt(math.pi))


def near_axis_middle(z):
    """Where :func:`dawson_slope_near_axis` takes D' (a plain mask): 2 <= |Re z| <= 10, |Im z| <= 1 (``z`` plain)."""
    re, im = np.abs(np.real(z)), np.abs(np.imag(z))
    return (re >= 2.0) & (re <= FADDEEVA_FAR) & (im <= 1.0)


def dawson_slope_near_axis(z):
    """``D'(z)``, D Dawson's integral, for 2 <= |Re z| <= 10 and |Im z| <= 1 (internal, Var-aware, real or complex):
    the derivative of Rybicki's sum, ``sum -2 u e^(-u^2) / (n sqrt(pi))``, ``u = z - n h`` (z taken to Re z > 0:
    D' is even), terms of either sign about 1 / n, about 2 x h of the sum (no cancellation to speak of), each of its
    derivatives again such a sum. The closed form ``1 - 2 z D(z)`` is a difference of two numbers near 1 there, which
    loses 2 |z|^2 ulps, and its derivative (2 |z|^2)^2: d2/dx2 dawsn was 1.8e-12 relative off at 10, 3.3e-13 at 5,
    w'' at 6 + 0.1i 1.1e-11 (mpmath). Within 1.5e-15 (D') and 6e-15 (D'') of mpmath at 40 points there."""
    plain = np.asarray(plain_numbers(z))
    if np.any(np.real(plain) < 0):
        z = z * np.where(np.real(plain) < 0, -1.0, 1.0)
    u = np.expand_dims(z, -1) - _RYBICKI_CENTRES
    return np.sum((-2.0 * u) * np.exp(-(u * u)) * _RYBICKI_WEIGHTS, axis=-1)


def _dwofz(g, ans, z):
    # w' = -2 z w + 2i / sqrt(pi); near the real axis from |Re z| = 2 on -2 z e^(-z^2) + (2i / sqrt(pi)) D'(z) (w = e^(-z^2)
    # + (2i / sqrt(pi)) D(z)), D' by Rybicki's sum (dawson_slope_near_axis); from |z| = 10 on the asymptotic series
    plain = np.asarray(plain_numbers(z))
    far = np.abs(plain) >= FADDEEVA_FAR
    middle = near_axis_middle(plain) & ~far

    def closed(t):
        return -2.0 * t * ans + 2j / math.sqrt(math.pi)

    def near_axis(t):
        return -2.0 * t * np.exp(-(t * t)) + (2j / math.sqrt(math.pi)) * dawson_slope_near_axis(t)

    def near(t):
        return _switch(~middle, t, closed, near_axis, 5.0 + 0j) if np.any(middle) else closed(t)
    if not np.any(far):
        return g * near(z)
    # (g times w' by complex_times: 1 + 0j times the sector's overflowed exponential, below the real axis, was NaN +
    # NaN j, w'(0.5 - 700j) NaN for -inf - inf j)
    return complex_times(g, _switch(~far, z, near, lambda t: faddeeva_slope_far(t, "wofz"), 10.0))


_register(sc.wofz, staged_rule(_dwofz, 0, "ax", None))


# -- complete elliptic integrals (parameter m = k^2, as SciPy) -------------------------------
# K' = (E - (1 - m) K) / (2 m (1 - m)), E' = (E - K) / (2 m): 0/0 at m = 0. There (|m| < 1/2)
# their Taylor series: K = pi/2 sum a_n^2 m^n, E = pi/2 sum a_n^2 m^n / (1 - 2n), with a_n =
# binom(2n, n) / 4^n; 60 terms (2^-60 < 1e-18). K' is +inf at m = 1, E' is -inf there.

_A2 = [(math.comb(2 * n, n) / 4.0 ** n) ** 2 for n in range(62)]
_DK_SERIES = [math.pi / 2.0 * n * _A2[n] for n in range(1, 61)]
_DE_SERIES = [math.pi / 2.0 * n * _A2[n] / (1.0 - 2.0 * n) for n in range(1, 61)]


def _elliptic(m, series, far, what, q=None):
    """The derivative of a complete elliptic integral: ``series(m)`` for ``|m| < 1/2``,
    ``far(m, q, where)`` elsewhere (``q``: ``1 - m``, given exactly by ellipkm1, whose ``1 - p``
    rounds ``p`` away below 1e-16; ``where``: the mask of the points it is used at), infinite
    at ``m = 1`` (``what``), where differentiating it again raises (at_kink)."""
    q = 1.0 - m if q is None else q
    one = q == 0.0  # comparisons: plain values, also for a Var of an outer tape
    small = (m < 0.5) & (m > -0.5)
    used = np.logical_not(small | one)  # not ~: small and one are Python bools for a float m
    d = _switch(small, np.where(one, 0.75, m), series,
                lambda m: far(m, np.where(used, q, 0.25), used), 0.75)
    if not np.any(one):
        return d
    return at_kink(np.where(one, what, d), m, lambda: q == 0.0, (
        "the derivative of scipy.special.ellipk/ellipkm1/ellipe", "its limit at m = 1 (infinite)",
        "Evaluate at m < 1."))


def _dellipk(m, k, q=None):
    """dK/dm at ``m`` (``k``: K(m), the answer of ellipk or ellipkm1; ``q``: 1 - m).
    (E / q - K) / (2 m), not (E - q K) / (2 m q): m q overflowed from |m| = 1.3e154 on (0 at
    m = -1e155, the truth 2.8e-231)."""
    def far(m, q, used):
        return (sc.ellipe(m) / q - np.where(used, k, 1.0)) / (2.0 * m)
    return _elliptic(m, lambda m: polynomial(m, _DK_SERIES), far, np.inf, q)


def _dellipe(m, e):
    return _elliptic(m, lambda m: polynomial(m, _DE_SERIES),
                     lambda m, q, used: (np.where(used, e, 1.0) - sc.ellipk(m)) / (2.0 * m), -np.inf)


#: (K(m) - E(m)) / m = pi/2 sum_n a_n^2 (2n / (2n - 1)) m^(n - 1), n >= 1 (for |m| < 1/2)
_K_MINUS_E_OVER_M = [math.pi / 2.0 * _A2[n] * 2.0 * n / (2.0 * n - 1.0) for n in range(1, 61)]

#: K(0.25) = ellipkm1(0.75), the answer put where ellipkm1's Legendre form is not used
_K_AT_QUARTER = float(sc.ellipk(0.25))


def _dellipkm1(p, k1):
    """d/dp ellipkm1(p) = -K'(1 - p), in ``p`` itself: 1 - p rounds p away below 1e-16
    (ellipkm1'(1e-20) was -inf, the truth -5e19; at 1e-8 7 digits were right). For 0 < p <
    1/2 by Legendre's relation E(1 - p) = (pi/2 + K(1 - p) (K(p) - E(p))) / K(p), so that
    K'(1 - p) = (pi/2 + K1 (K(p) - E(p) - p K(p))) / (2 p (1 - p) K(p)) with K1 = ellipkm1(p):
    no E(1 - p), whose derivative at the rounded 1 - p = 1 is -inf (the second derivative
    was inf at p = 1e-20, the truth 5e39)."""
    low = plain_numbers(p)
    # below 2^-1020 (1 / (2p) overflows) the pole's -inf, whose derivative is refused (the
    # forms below gave NaN there for the second derivative, out of range: +inf)
    at_pole = (low >= 0.0) & (low < 2.0 ** -1020)
    legendre = (low > 0.0) & (low < 0.5) & np.logical_not(at_pole)

    def near_one(t, k1):  # m = 1 - t in (1/2, 1)
        k = sc.ellipk(t)
        # the numerator over 2t as pi / (4t) + K1 ((K(t) - E(t)) / t - K(t)) / 2, the
        # quotient (K - E) / t a power series: (K - E - t K) / (2t) differentiated had terms
        # of order K1 / t that cancel, and overflowed to inf - inf (NaN) below t = 5e-307
        # where the truth of the second derivative, 1 / (2 t^2), overflows to +inf
        return -(0.25 * math.pi / t + k1 * (polynomial(t, _K_MINUS_E_OVER_M) - k) / 2.0) / ((1.0 - t) * k)

    def elsewhere(t, k1):
        return -_dellipk(1.0 - t, k1, np.where(at_pole, 0.0, t) if np.any(at_pole) else t)
    if not np.any(legendre):  # (one float or one side: no np.where)
        return elsewhere(p, k1)
    if np.all(legendre):
        return near_one(p, k1)
    return np.where(legendre, near_one(np.where(legendre, p, 0.75), np.where(legendre, k1, _K_AT_QUARTER)),
                    elsewhere(np.where(legendre, 2.0, p), np.where(legendre, 1.0, k1)))


_register(sc.ellipk, unary_rule(sc.ellipk, _quiet(lambda g, ans, m: g * _dellipk(m, ans)), "ax"))
_register(sc.ellipkm1, unary_rule(sc.ellipkm1, _quiet(lambda g, ans, p: g * _dellipkm1(p, ans)), "ax"))
_register(sc.ellipe, unary_rule(sc.ellipe, _quiet(lambda g, ans, m: g * _dellipe(m, ans)), "ax"))


# -- Owen's T function -------------------------------------------------------------------------
# T(h, a) = 1/(2 pi) int_0^a exp(-h^2 (1 + x^2) / 2) / (1 + x^2) dx:
# dT/dh = -phi(h) erf(a h / sqrt 2) / 2, dT/da = exp(-h^2 (1 + a^2) / 2) / (2 pi (1 + a^2)).
_register(sc.owens_t,
          staged_rule(lambda g, ans, h, a: -g * np.exp(-0.5 * h * h) / math.sqrt(8.0 * math.pi)
                      * sc.erf(a * h / math.sqrt(2.0)), 0, "xy", unbroadcast),
          staged_rule(lambda g, ans, h, a: g * np.exp(-0.5 * h * h * (1.0 + a * a)) / (2.0 * math.pi * (1.0 + a * a)),
                      1, "xy", unbroadcast))


# -- incomplete elliptic integrals, in the amplitude phi only -----------------------------------
# dF/dphi = 1 / sqrt(1 - m sin^2 phi), dE/dphi = sqrt(1 - m sin^2 phi). In m the first derivative
# is exact through Carlson's R_D (dF/dm = sin^3 phi R_D(cos^2 phi, 1, 1 - m sin^2 phi) / 6), but
# R_D's own derivatives divide by differences of its arguments, which vanish at m = 0: refused.

def _refuse_m(name):
    def rule(ans, phi, m):
        raise NoGradientRule(
            f"scipy.special.{name} has no gradient with respect to m (argument 1): its derivative "
            "in m (through Carlson's elliprd) is not differentiable again at m = 0 by a closed form, "
            "and is not implemented; only phi is differentiated. Pass a constant there (var.value, "
            "or wengert.stop_gradient(var))")
    return rule


def _delta(phi, m):
    """``1 - m sin(phi)^2``; for ``0 < m <= 2`` as ``(1 - m) + m cos(phi)^2`` (``1 - m`` exact from
    m = 1/2 on; two terms >= 0 up to m = 1): the difference lost every digit near phi = pi/2
    with m near 1 (at m = 1, phi = pi/2 - 1e-9 it was 0 for 1e-18, so ellipeinc' was 0 for
    1e-9 and ellipkinc' inf for 1e9). Above 1 it vanishes at sin(phi)^2 = 1/m, where its
    error is eps (m - 1) this way and eps the other (it was: at m = 1 + 1e-12, phi one ulp
    below that point, ellipeinc' was 0 and ellipkinc' inf, both finite: 9.6e-9 and 1.0e8)."""
    s, c = np.sin(phi), np.cos(phi)
    return np.where((m > 0) & (m <= 2), (1.0 - m) + m * c * c, 1.0 - m * s * s)


def _nan_where_m_above_one(rule):
    """SciPy's value is NaN for m > 1 at every phi (1.13 to 1.18), the integral being complex
    beyond sin(phi)^2 = 1/m: the derivative there was finite below that point (ellipkinc(0.3, 1.5)
    is NaN, its phi-derivative was 1.0727). NaN at every order there (exp(NaN phi))."""
    def masked(g, ans, phi, m):
        above = np.asarray(plain_numbers(m)) > 1.0
        if not np.any(above):
            return rule(g, ans, phi, m)
        out = rule(g, ans, phi, np.where(above, 0.5, m))  # (sqrt of a negative 1 - m sin^2 phi: a warning)
        # (NaN in the exponent only where m > 1: g exp(NaN phi) made the other elements' rows of a
        # Jacobian NaN too, 0 * NaN, by reverse mode and by forward mode's transpose)
        return np.where(above, g * np.exp(np.where(above, np.nan, 0.0) * phi), out)
    return masked


_register(sc.ellipkinc, staged_rule(_nan_where_m_above_one(_quiet(lambda g, ans, phi, m: g / np.sqrt(_delta(phi, m)))),
                                    0, "xy", unbroadcast), _refuse_m("ellipkinc"))
_register(sc.ellipeinc, staged_rule(_nan_where_m_above_one(lambda g, ans, phi, m: g * np.sqrt(_delta(phi, m))),
                                    0, "xy", unbroadcast), _refuse_m("ellipeinc"))


# -- the sine and cosine integrals and the Fresnel integrals (two outputs each) ----
# si' = sin(x) / x (sinc: 1 at 0), ci' = cos(x) / x (SciPy's real ci(x) is Ci(|x|), whose
# derivative is cos(x) / x on both sides); S' = sin(pi z^2 / 2), C' = cos(pi z^2 / 2). All
# holomorphic (no conjugate). At x = 0, where ci is -inf, ci's derivative is NaN (none exists).

def _ci_slope_plain(x):
    at_zero = np.asarray(x) == 0
    safe = np.where(at_zero, 1.0, x)
    return np.where(at_zero, np.nan, np.cos(safe) / safe)[()]


def _ci_slope_times(t, x):
    """``t Ci''(x)`` (``Ci'' = -(sin(x) / x + cos(x) / x^2)``), NaN at 0 where ``t`` asks (at the pole no second
    derivative exists) but 0 where a plain ``t`` is 0 there (a direction that leaves that entry adds nothing: the
    Hessian's mixed entries stay 0). Near 0 as ``s = x + 1`` there, the shift a constant (no np.where's choice of a
    constant, whose derivative, 0, was Ci'' at 0 where it has a pole: a finite 0 for -inf)."""
    here = np.asarray(plain_numbers(x)) == 0
    s = x + np.where(here, 1.0, 0.0)[()]
    partial = -(np.sinc(s / math.pi) + np.cos(s) / (s * s))
    missing = np.nan if is_traced(t) else np.where(np.asarray(plain_numbers(t)) != 0, np.nan, 0.0)
    return t * (partial * np.where(here, missing, 1.0)[()])


#: Ci'(x) = cos(x) / x, NaN at 0 (the pole) with NaN derivatives there in the directions that move x
_ci_slope = OwnPrimitive(_ci_slope_plain, name="scipy.special.sici (Ci')", reenters="any")
defvjp(_ci_slope, lambda ans, x: lambda g: _ci_slope_times(g, x))
defjvp(_ci_slope, lambda ans, primals, tangents: _ci_slope_times(tangents[0], primals[0]))


def _vjp_sici(ans, x):
    def pullback(g):
        g_si, g_ci = get_part(g, 0), get_part(g, 1)
        out = 0.0 * x
        if g_si is not None:
            out = out + g_si * np.sinc(x / math.pi)
        if g_ci is not None:
            out = out + g_ci * _ci_slope(x)
        return out
    return pullback


def _half_square_sin_cos(z):
    """``(sin(pi z^2 / 2), cos(pi z^2 / 2))`` of a real ``z`` (plain), ``z^2 / 2`` reduced exactly:
    ``z^2 = p + e`` (two_product), ``p / 2`` modulo 2 (fmod: exact), less its nearest multiple
    ``k / 2`` of 1/2 (exact), plus ``e / 2``: ``t`` within 1/4, the phase ``pi (k / 2 + t)`` by the
    quarter turn ``k`` modulo 4. (``pi z^2 / 2`` in floating point is off by about ``z^2`` ulps:
    fresnel's derivative was 0.20 at z = 1e10, the truth sin(pi 5e19) = 0.) A complex ``z = x + iy``: the real
    part of ``z^2``, ``x^2 - y^2``, reduced modulo 4 the same way (each square's two_product modulo 4), then
    ``sin(a + ib) = sin a cosh b + i cos a sinh b`` (S'(1e10 + 1e-12j) was 0.20 - 0.031j for 0.031j)."""
    z = np.asarray(z)
    if z.dtype.kind == "c":
        x, y = z.real.astype(float), z.imag.astype(float)
        finite = (np.abs(x) < 1e150) & (np.abs(y) < 1e150)
        p, e = two_product(np.where(finite, x, 0.0), np.where(finite, x, 0.0))
        q, f = two_product(np.where(finite, y, 0.0), np.where(finite, y, 0.0))
        a, g = two_sum(np.fmod(p, 4.0), -np.fmod(q, 4.0))  # x^2 - y^2 modulo 4: a + g + (e - f), exactly
        sin_a, cos_a = _half_pi_sin_cos(a, g + (e - f))
        b = (0.5 * math.pi) * (2.0 * x * y)
        with np.errstate(invalid="ignore", over="ignore"):
            sin_out = sin_a * np.cosh(b) + 1j * (cos_a * np.sinh(b))
            cos_out = cos_a * np.cosh(b) - 1j * (sin_a * np.sinh(b))
        nan = np.where(finite, 0.0, np.nan)
        return (sin_out + nan).astype(z.dtype)[()], (cos_out + nan).astype(z.dtype)[()]
    z = np.asarray(z, dtype=float)
    finite = np.abs(z) < 1e150  # (z^2 beyond the range: the phase is NaN, as before)
    p, e = two_product(np.where(finite, z, 0.0), np.where(finite, z, 0.0))
    sin_out, cos_out = _half_pi_sin_cos(p, e)
    nan = np.where(finite, 0.0, np.nan)
    return (sin_out + nan)[()], (cos_out + nan)[()]


def _half_pi_sin_cos(p, e):
    """``(sin(pi (p + e) / 2), cos(pi (p + e) / 2))``, ``p / 2`` reduced modulo 2 exactly (``e`` small)."""
    half = np.fmod(0.5 * p, 2.0)
    k = np.round(2.0 * half)
    t = (half - 0.5 * k) + 0.5 * e
    sin_t, cos_t = np.sin(math.pi * t), np.cos(math.pi * t)
    quarter = np.mod(k, 4.0)
    sin_out = np.select([quarter == 0, quarter == 1, quarter == 2], [sin_t, cos_t, -sin_t], -cos_t)
    cos_out = np.select([quarter == 0, quarter == 1, quarter == 2], [cos_t, -sin_t, -cos_t], sin_t)
    return sin_out, cos_out


# S'(z) = sin(pi z^2 / 2) and C'(z) = cos(pi z^2 / 2) each with its own rule (their derivatives
# pi z C' and -pi z S'), so every order keeps the exact reduction
_fresnel_sin: OwnPrimitive = own_function(lambda z: _half_square_sin_cos(z)[0], "scipy.special.fresnel (S')",
                                          lambda ans, z: lambda g: g * (math.pi * z) * _fresnel_cos(z))
_fresnel_cos: OwnPrimitive = own_function(lambda z: _half_square_sin_cos(z)[1], "scipy.special.fresnel (C')",
                                          lambda ans, z: lambda g: -g * (math.pi * z) * _fresnel_sin(z))


def _vjp_fresnel(ans, z):
    def pullback(g):
        g_s, g_c = get_part(g, 0), get_part(g, 1)
        sin, cos = _fresnel_sin(z), _fresnel_cos(z)
        out = 0.0 * z
        if g_s is not None:
            out = out + g_s * sin
        if g_c is not None:
            out = out + g_c * cos
        return out
    return pullback


_register(sc.sici, _vjp_sici)
_register(sc.fresnel, _vjp_fresnel)
