"""Differences, integration, interpolation, convolution, phase unwrapping and polynomials:
ediff1d, trapezoid (and trapz where NumPy still has it), interp, convolve, correlate,
unwrap, polyval, vander, polyadd, polysub, polymul, polyder, polyint, i0, modf; fix (no
gradient); poly, roots, polydiv, polyfit.

Functions that NumPy writes in Python over arithmetic are composites
(:func:`wengert.primitive.defcomposite`) repeating NumPy's steps (the values are NumPy's
to the bit); ``interp``, ``convolve``, ``correlate``, ``unwrap`` and ``modf`` run NumPy's
own code and have rules written with NumPy calls (differentiable again).

Conventions at the switching points:

* ``np.interp``: NumPy puts a point ``x`` equal to a knot ``xp[j]`` in the segment
  ``[xp[j], xp[j+1])`` (its binary search), so the derivative in ``x`` at a knot is the
  right-hand one, the slope of the segment that starts there; at and beyond ``xp[-1]``
  and below ``xp[0]`` it is 0 (the result is ``fp[-1]``, ``right``, ``left``). The knots
  ``xp`` and ``left``/``right``/``period`` are constants (a Var there is refused).
* ``np.unwrap`` adds multiples of ``period`` that are piecewise constant in ``p``: its
  derivative is the identity, on both sides of every jump.
* ``np.modf``: the fractional part ``x - trunc(x)`` has derivative 1 on both sides of
  every integer (where it jumps, as ``np.remainder``'s convention); the integer part has
  none.
"""
import math
import warnings
from fractions import Fraction

import numpy as np

from ..errors import NoGradientRule
from ..primitive import defcomposite, defvjp, nondifferentiable
from ..structured import get_part, is_complex, is_traced, peek, plain_numbers, stop_gradient
from ._util import own_function, shape_of
from .complexnum import conj_if_complex
from .shape import untake
from .statistics import as_dtype, dtype_of


_dtype = dtype_of


def _vector(x):
    """``x`` as a 1-d array (a recorded reshape for a Var), as NumPy's ``ndmin=1``."""
    return np.reshape(x, (-1,)) if is_traced(x) else np.ravel(np.asarray(x))


# -- ediff1d ------------------------------------------------------------------------------------

def _ediff1d(ary, to_end=None, to_begin=None):
    """np.ediff1d: the differences of the flattened array, between ``to_begin`` and ``to_end``
    (each differentiable), all of ``ary``'s dtype."""
    dtype = _dtype(ary)
    flat = _vector(ary)
    parts = []
    for name, extra in (("to_begin", to_begin), (None, None), ("to_end", to_end)):
        if name is None:
            parts.append(flat[1:] - flat[:-1])
        elif extra is not None:
            if not np.can_cast(_dtype(extra), dtype, casting="same_kind"):
                raise TypeError(f"dtype of `{name}` must be compatible with input `ary` under the `same_kind` rule.")
            parts.append(as_dtype(_vector(extra), dtype))
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


defcomposite(np.ediff1d, _ediff1d)


# -- trapezoid, trapz ---------------------------------------------------------------------------

def _trapezoid(y, x=None, dx=1.0, axis=-1):
    """np.trapezoid: ``sum(d * (y[1:] + y[:-1]) / 2)`` along ``axis``; linear in ``y``,
    differentiable in ``x`` (or ``dx``) too."""
    y = y if is_traced(y) else np.asarray(y)
    ndim = len(shape_of(y))
    if x is None:
        d = dx
    elif len(shape_of(x)) == 1:
        d = np.diff(x)
        shape = [1] * ndim
        shape[axis] = shape_of(d)[0]
        d = np.reshape(d, shape)
    else:
        d = np.diff(x, axis=axis)
    upper, lower = [slice(None)] * ndim, [slice(None)] * ndim
    upper[axis], lower[axis] = slice(1, None), slice(None, -1)
    return np.sum(d * (y[tuple(upper)] + y[tuple(lower)]) / 2.0, axis=axis)


defcomposite(np.trapezoid, _trapezoid)

if hasattr(np, "trapz"):  # NumPy < 2.4, deprecated since 2.0
    def _trapz(y, x=None, dx=1.0, axis=-1):
        """np.trapz: np.trapezoid, with NumPy's deprecation warning."""
        warnings.warn("`trapz` is deprecated. Use `trapezoid` instead, or one of the numerical "
                      "integration functions in `scipy.integrate`.", DeprecationWarning, stacklevel=3)
        return _trapezoid(y, x=x, dx=dx, axis=axis)

    defcomposite(np.trapz, _trapz)


# -- interp -------------------------------------------------------------------------------------

def _interp(x, xp, fp, left=None, right=None, period=None):
    for name, value in (("left", left), ("right", right), ("period", period)):
        if is_traced(value):
            raise NoGradientRule(f"numpy.interp differentiates x and fp, not {name}: pass it as a "
                                 "constant (var.value, wengert.stop_gradient(var))")
    return np.interp(x, xp, fp, left, right, period)


def _knots(x, xp, n, period):
    """NumPy's view of an interp call (plain values): the points, the knots, and for each
    knot the index of ``fp`` it takes (``period`` sorts the knots and wraps them around)."""
    x = np.asarray(plain_numbers(x), dtype=np.float64)
    xp = np.asarray(xp, dtype=np.float64)
    index = np.arange(n)
    if period is not None:
        period = abs(period)
        x, xp = x % period, xp % period
        order = np.argsort(xp)
        xp, index = xp[order], index[order]
        xp = np.concatenate((xp[-1:] - period, xp, xp[0:1] + period))
        index = np.concatenate((index[-1:], index, index[0:1]))
    return x, xp, index


def _segments(x, xp):
    """For each point: its segment ``j`` (``xp[j] <= x < xp[j+1]``, NumPy's search), and
    whether it is inside one (not NaN, not below ``xp[0]``, not at or beyond ``xp[-1]``)."""
    j = np.searchsorted(xp, x, side="right") - 1
    inside = (j >= 0) & (j < len(xp) - 1)
    return np.where(inside, j, 0), inside


def _vjp_interp_x(ans, x, xp, fp, left=None, right=None, period=None):
    """The right-hand derivative: the slope of the segment the point is in; 0 outside."""
    px, knots, index = _knots(x, xp, shape_of(fp)[0], period)
    j, inside = _segments(px, knots)
    shape, real = shape_of(x), not is_complex(x) and is_complex(ans)
    values = fp if is_traced(fp) else np.asarray(fp)
    if not is_traced(fp) and values.dtype.kind in "biu":  # NumPy interpolates them as floats
        values = values.astype(np.float64)

    def pullback(g):
        if len(knots) < 2:
            return np.zeros(shape)
        slope = (values[index[j + 1]] - values[index[j]]) / np.where(inside, knots[j + 1] - knots[j], 1.0)
        out = g * np.where(inside, slope, 0.0)
        return np.real(out) if real else out
    return pullback


def _vjp_interp_fp(ans, x, xp, fp, left=None, right=None, period=None):
    """``ans = fp[j] + (x - xp[j]) / (xp[j+1] - xp[j]) * (fp[j+1] - fp[j])``: weights
    ``1 - t`` and ``t`` on the segment's ends (``t`` a function of ``x``, so the mixed second
    derivative is right); 1 on ``fp[0]`` / ``fp[-1]`` where the result is that value."""
    n = shape_of(fp)[0]
    px, knots, index = _knots(x, xp, n, period)
    j, inside = _segments(px, knots)
    first = (px < knots[0]) & (left is None)
    last = (px == knots[-1]) | ((px > knots[-1]) & (right is None))
    lo = np.where(inside, index[j], np.where(last, index[-1], index[0]))
    hi = index[np.minimum(j + 1, len(knots) - 1)]
    dtype = np.result_type(peek(fp), np.float64)

    def pullback(g):
        if len(knots) < 2:
            t = 0.0
        else:
            at = np.remainder(x, abs(period)) if period is not None else x
            t = np.where(inside, (at - knots[j]) / np.where(inside, knots[j + 1] - knots[j], 1.0), 0.0)
        w_lo = np.where(inside, 1.0 - t, 1.0 * (first | last))
        w_hi = np.where(inside, t, 0.0)
        cotangent = np.concatenate([np.reshape(g * w_lo, (-1,)), np.reshape(g * w_hi, (-1,))])
        return untake(cotangent, np.concatenate([np.ravel(lo), np.ravel(hi)]), (n,), dtype)
    return pullback


def _refuse_xp(ans, x, xp, *args, **kwargs):
    raise NoGradientRule("numpy.interp differentiates x and fp, not the knots xp: pass xp as a "
                         "constant (var.value, wengert.stop_gradient(var))")


defvjp(np.interp, _vjp_interp_x, _refuse_xp, _vjp_interp_fp, impl=_interp)


# -- convolve, correlate --------------------------------------------------------------------------

def _full_cotangent(g, n, m, same_offset):
    """``g`` (of mode full, same or valid) padded with zeros to the full result's length."""
    full, length = n + m - 1, shape_of(g)[0]
    if length == full:
        start = 0
    elif length == max(n, m):  # "same" (when min(n, m) == 1 every mode starts at 0)
        start = same_offset(n, m)
    else:
        start = min(n, m) - 1
    return np.pad(g, (start, full - start - length))


def _flipped(x):
    return _vector(x)[::-1]


def _convolution_rule(which, same_offset, transform):
    """The rule for argument ``which`` of ``f(a, v) = select(full(a, w(v)))``, by the
    full convolution's adjoint: ``np.convolve(g_full, other[::-1], "valid")``."""
    def vjp(ans, a, v, mode="full"):
        n, m, shape = shape_of(_vector(peek(a)))[0], shape_of(_vector(peek(v)))[0], shape_of((a, v)[which])

        def pullback(g):
            g_full = _full_cotangent(g, n, m, same_offset)
            if which == 0:
                return np.reshape(np.convolve(g_full, transform(_vector(v)), "valid"), shape)
            return np.reshape(transform(np.convolve(g_full, _flipped(a), "valid")), shape)
        return pullback
    return vjp


def _convolve_same(n, m):
    return (min(n, m) - 1) // 2


def _correlate_same(n, m):
    return m - 1 - m // 2 if n >= m else n // 2


# convolve: full = sum_i a_i v_{k-i}; d/da = g_full (*) v flipped, d/dv = g_full (*) a flipped.
defvjp(np.convolve, _convolution_rule(0, _convolve_same, _flipped), _convolution_rule(1, _convolve_same, lambda u: u))
# correlate(a, v) = convolve(a, conj(v[::-1])): d/da = g_full (*) conj(v); d/dv = conj(g_full (*) a flipped)[::-1].
defvjp(np.correlate, _convolution_rule(0, _correlate_same, conj_if_complex),
       _convolution_rule(1, _correlate_same, lambda u: conj_if_complex(u)[::-1]))


# -- unwrap, modf, fix ----------------------------------------------------------------------------

# unwrap(p) = p + (multiples of period, piecewise constant in p): the identity.
defvjp(np.unwrap, lambda ans, p, *args, **kwargs: lambda g: g)


def _vjp_modf(ans, x):
    def pullback(g):
        return get_part(g, 0)  # the fractional part's; the integer part is piecewise constant
    return pullback


defvjp(np.modf, _vjp_modf)
nondifferentiable(np.fix)  # trunc: piecewise constant, as np.trunc


# -- i0 ------------------------------------------------------------------------------------------

def _chebyshev(x, coefficients):
    """NumPy's ``_chbevl``: Clenshaw's recurrence for a Chebyshev series (Cephes)."""
    b0, b1, b2 = coefficients[0], 0.0, 0.0
    for c in coefficients[1:]:
        b2, b1 = b1, b0
        b0 = x * b1 - b2 + c
    return 0.5 * (b0 - b2)


def _i0_near_plain(x):
    """np.i0 for |x| <= 8 on plain numbers: exp(|x|) times NumPy's first Chebyshev series."""
    x = np.asarray(x)
    magnitude = x * np.where(x < 0, -1, 1).astype(x.dtype)
    return np.exp(magnitude) * _chebyshev(magnitude / 2.0 - 2, _I0_NEAR)


#: 1 / (k! (k + 1)!) for k < 26, correctly rounded: I1's series in (x / 2)^2, whose next term is
#: below 1e-19 of the sum at |x| = 8
_I1_SERIES = [float(Fraction(1, math.factorial(k) * math.factorial(k + 1))) for k in range(26)]


def _i1_near(x):
    """I1(x) = (x / 2) sum_k (x^2 / 4)^k / (k! (k + 1)!) for |x| <= 8: positive terms, so it
    and its derivatives keep their relative accuracy at 0, where they vanish."""
    t = x * x / 4.0
    total = _I1_SERIES[-1]
    for c in _I1_SERIES[-2::-1]:
        total = total * t + c
    return x / 2.0 * total


# np.i0 for |x| <= 8 with I1 for its derivative: the derivative of NumPy's expansion there is a
# difference of two numbers near 1 (I0'(1e-10) was 2.3e-6 relative off, I0'(0) -2.2e-16, I0''(0)
# 2.2e-14 off)
_i0_near = own_function(_i0_near_plain, "numpy.i0 (|x| <= 8)", lambda ans, x: lambda g: g * _i1_near(x))


def _i0(x):
    """np.i0, NumPy's Chebyshev expansions (Cephes) in |x| <= 8 and beyond, step for step (the
    values are NumPy's to the bit). Beyond 8 the gradient is the derivative of the function NumPy
    computes (I1 to rounding); up to 8 it is I1's power series (:func:`_i1_near`)."""
    dtype = _dtype(x)
    if dtype.kind == "c":
        raise TypeError("i0 not supported for complex values")
    if dtype.kind != "f":
        x, dtype = as_dtype(x, np.float64), np.dtype(np.float64)
    magnitude = x * np.where(x < 0, -1, 1).astype(dtype)
    small = magnitude <= 8.0  # a plain mask (a guard under wengert.jit)
    far = np.where(small, 9.0, magnitude)  # each branch at points where it is finite
    return np.where(small, _i0_near(np.where(small, x, 0.0)),
                    np.exp(far) * _chebyshev(32.0 / far - 2.0, _I0_FAR) / np.sqrt(far))


try:  # NumPy's own coefficients (numpy/lib/_function_base_impl.py, NumPy 2.0 on)
    from numpy.lib._function_base_impl import _i0A as _I0_NEAR, _i0B as _I0_FAR  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover  (a NumPy that moved them: np.i0 is then not claimed)
    pass
else:
    defcomposite(np.i0, _i0)


# -- polynomials ----------------------------------------------------------------------------------

def _polyval(p, x):
    """np.polyval by Horner's rule, as NumPy: ``y = y * x + p[i]``."""
    if len(shape_of(p)) == 0:
        raise TypeError("iteration over a 0-d array")
    p = p if is_traced(p) else np.asarray(p)
    # (the first step's 0 * x on x's value, stop_gradient: its derivative, 0, is not a node, whose cotangent, the
    # rest of the polynomial's, overflowed: grad of real(polyval([1, 2, 3], z)) at 1e300 (1 + 1j) was inf * 0 = NaN
    # for 2e300 (1 + 1j))
    y = np.zeros(shape_of(x), dtype=_dtype(x))
    for i in range(shape_of(p)[0]):
        y = (y * x if i else y * stop_gradient(x)) + p[i]
    return y


defcomposite(np.polyval, _polyval)


def _vander(x, N=None, increasing=False):
    """np.vander: columns 1, x, x**2, ... (a cumprod, exact at x = 0), highest first unless increasing."""
    if len(shape_of(x)) != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    n = shape_of(x)[0]
    N = n if N is None else N
    dtype = np.promote_types(_dtype(x), int)
    if N <= 0:  # an empty matrix (NumPy's ValueError for N < 0)
        return np.empty((n, N), dtype=dtype)
    columns = np.ones((n, 1), dtype=dtype)
    if N > 1:
        powers = np.cumprod(np.broadcast_to(as_dtype(x, dtype)[:, None], (n, N - 1)), axis=1)
        columns = np.concatenate([columns, powers], axis=1)
    return columns if increasing else columns[:, ::-1]


defcomposite(np.vander, _vander)


def _poly_combine(op):
    def combine(a1, a2):
        a1, a2 = np.atleast_1d(a1), np.atleast_1d(a2)
        diff = shape_of(a2)[0] - shape_of(a1)[0]
        if diff > 0:
            a1 = np.concatenate((np.zeros(diff, _dtype(a1)), a1))
        elif diff < 0:
            a2 = np.concatenate((np.zeros(-diff, _dtype(a2)), a2))
        return op(a1, a2)
    combine.__name__ = f"_poly{op.__name__}"
    combine.__doc__ = f"np.poly{op.__name__[:3]}: the shorter coefficient array padded with leading zeros."
    return combine


defcomposite(np.polyadd, _poly_combine(np.add))
defcomposite(np.polysub, _poly_combine(np.subtract))
def _poly1d_coefficients(a):
    """The coefficients ``np.poly1d(a)`` keeps: leading zeros dropped, ``[0]`` for none left."""
    a = np.atleast_1d(a)
    nonzero = np.flatnonzero(a != 0)  # a plain value, also for a Var (a guard under wengert.jit)
    if nonzero.size == 0:
        return np.zeros(1, np.promote_types(_dtype(a), np.float64))
    return a[nonzero[0]:] if nonzero[0] else a


def _polymul(a1, a2):
    """np.polymul: the convolution of the coefficients as ``np.poly1d`` keeps them (NumPy's
    polymul of an empty array is ``[0.]``, where ``np.convolve`` raises)."""
    return np.convolve(_poly1d_coefficients(a1), _poly1d_coefficients(a2))


defcomposite(np.polymul, _polymul)


def _polyder(p, m=1):
    """np.polyder: ``p[:-1] * (n, ..., 1)``, ``m`` times."""
    m = int(m)
    if m < 0:
        raise ValueError("Order of derivative must be positive (see polyint)")
    p = p if is_traced(p) else np.asarray(p)
    for _ in range(m):
        p = p[:-1] * np.arange(shape_of(p)[0] - 1, 0, -1)
    return p


defcomposite(np.polyder, _polyder)


def _polyint(p, m=1, k=None):
    """np.polyint: ``p / (n, ..., 1)`` then the constant ``k[i]``, ``m`` times (``k`` differentiable)."""
    m = int(m)
    if m < 0:
        raise ValueError("Order of integral must be positive (see polyder)")
    k = np.zeros(m, float) if k is None else k
    k = np.atleast_1d(k) if is_traced(k) else np.atleast_1d(np.asarray(k))
    if shape_of(k)[0] == 1 and m > 1:
        k = k[0] * np.ones(m, float)
    if shape_of(k)[0] < m:
        raise ValueError("k must be a scalar or a rank-1 array of length 1 or >m.")
    p = p if is_traced(p) else np.asarray(p)
    for i in range(m):
        p = np.concatenate((p / np.arange(shape_of(p)[0], 0, -1), np.reshape(k[i], (1,))))
    return p


defcomposite(np.polyint, _polyint)


# -- roots and coefficients, division and fitting (JAX's NumPy tests) -------------------

def _poly(seq_of_zeros):
    """np.poly: the monic polynomial with the given zeros (the eigenvalues of a square
    matrix), one recorded step ``a <- [a, 0] - z [0, a]`` per zero, as NumPy's convolution
    with ``[1, -z]``; real when the zeros come in conjugate pairs, as NumPy."""
    z = np.atleast_1d(seq_of_zeros)
    shape = shape_of(z)
    if len(shape) == 2 and shape[0] == shape[1] and shape[0] != 0:
        z = np.linalg.eigvals(z)
    elif len(shape) == 1:
        if not np.issubdtype(_dtype(z), np.inexact):
            z = as_dtype(z, float)
    else:
        raise ValueError("input must be 1d or non-empty square 2d array.")
    if shape_of(z)[0] == 0:
        return 1.0
    a = np.ones((1,), dtype=_dtype(z))
    zero = np.zeros((1,), dtype=_dtype(z))
    for i in range(shape_of(z)[0]):
        a = np.concatenate((a, zero)) - z[i] * np.concatenate((zero, a))
    if is_complex(a):
        roots = np.asarray(plain_numbers(z), complex)
        if np.all(np.sort(roots) == np.sort(roots.conjugate())):
            a = np.real(a)
    return a


defcomposite(np.poly, _poly)


def _vjp_roots(ans, p):
    """np.roots runs NumPy's own code (its companion matrix's eigenvalues); the rule is the
    implicit derivative of each simple root ``z`` of ``p(z) = sum_k p[k] z**(n-k)``:
    ``dz = -sum_k dp[k] z**(n-k) / p'(z)``, for every coefficient, the leading and trailing
    zeros NumPy strips included (a zero coefficient moved off 0 moves the roots: a trailing
    one moves the root 0 by ``-dp / p'(0)``; a leading one adds a root from infinity, which
    is not in the result, and moves the others). A repeated root (two trailing zeros, or
    any double root) has no derivative: refused."""
    found = np.asarray(plain_numbers(ans))
    if found.size > 1:
        gaps = np.abs(found[:, None] - found[None, :]) + np.diag(np.full(found.size, np.inf))
        if np.min(gaps) <= 1e-7 * max(1.0, float(np.max(np.abs(found)))):
            raise NoGradientRule("numpy.roots at a repeated root has no derivative (a double root "
                                 "splits at any move of the coefficients); wengert refuses it")
    n = shape_of(p)[0] - 1
    real = not is_complex(p)

    def pullback(g):
        slope = np.polyval(np.polyder(p), ans)  # p'(z) at each root
        powers = ans[:, np.newaxis] ** np.arange(n, -1, -1)
        grad = -np.sum((g / slope)[:, np.newaxis] * powers, axis=0)
        return np.real(grad) if real else grad
    return pullback


defvjp(np.roots, _vjp_roots)


def _polydiv(u, v):
    """np.polydiv: NumPy's long division, each step ``r <- r - (r[k] / v[0]) v`` shifted by
    ``k`` (recorded), and the leading remainder terms NumPy drops (within 1e-8 of 0)
    dropped."""
    u, v = np.atleast_1d(u) + 0.0, np.atleast_1d(v) + 0.0
    dtype = np.result_type(_dtype(u), _dtype(v))
    m, n = shape_of(u)[0] - 1, shape_of(v)[0] - 1
    scale = 1.0 / v[0]
    r = as_dtype(u, dtype)
    q = []
    for k in range(0, m - n + 1):
        d = scale * r[k]
        q.append(d)
        r = r - d * np.concatenate((np.zeros(k, dtype), v, np.zeros(m - n - k, dtype)))
    q = np.stack(q) if q else np.zeros((1,), dtype)
    while np.allclose(plain_numbers(r)[0], 0, rtol=1e-14) and shape_of(r)[-1] > 1:
        r = r[1:]
    return q, r


defcomposite(np.polydiv, _polydiv)


def _polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    """np.polyfit: NumPy's scaled least-squares problem ``vander(x) c = y`` (weights ``w``
    on the rows), solved by the recorded np.linalg.lstsq; ``cov`` as NumPy computes it."""
    order = int(deg) + 1
    x, y = x + 0.0, y + 0.0
    if deg < 0:
        raise ValueError("expected deg >= 0")
    if len(shape_of(x)) != 1:
        raise TypeError("expected 1D vector for x")
    if shape_of(x)[0] == 0:
        raise TypeError("expected non-empty vector for x")
    if len(shape_of(y)) < 1 or len(shape_of(y)) > 2:
        raise TypeError("expected 1D or 2D array for y")
    if shape_of(x)[0] != shape_of(y)[0]:
        raise TypeError("expected x and y to have same length")
    if rcond is None:
        rcond = shape_of(x)[0] * np.finfo(_dtype(x)).eps
    lhs, rhs = np.vander(x, order), y
    if w is not None:
        w = w + 0.0
        if len(shape_of(w)) != 1:
            raise TypeError("expected a 1-d array for weights")
        if shape_of(w)[0] != shape_of(y)[0]:
            raise TypeError("expected w and y to have the same length")
        lhs = lhs * w[:, np.newaxis]
        rhs = rhs * (w[:, np.newaxis] if len(shape_of(rhs)) == 2 else w)
    scale = np.sqrt(np.sum(lhs * lhs, axis=0))
    c, resids, rank, s = np.linalg.lstsq(lhs / scale, rhs, rcond)
    c = (c.T / scale).T
    if rank != order and not full:
        warnings.warn("Polyfit may be poorly conditioned", np.exceptions.RankWarning, stacklevel=2)
    if full:
        return c, resids, rank, s, rcond
    if not cov:
        return c
    unscaled = np.linalg.inv(np.dot((lhs / scale).T, lhs / scale)) / np.outer(scale, scale)
    if cov == "unscaled":
        fac = 1
    else:
        if shape_of(x)[0] <= order:
            raise ValueError("the number of data points must exceed order to scale the covariance matrix")
        fac = resids / (shape_of(x)[0] - order)
    if len(shape_of(y)) == 1:
        return c, unscaled * fac
    return c, unscaled[:, :, np.newaxis] * fac


defcomposite(np.polyfit, _polyfit)
