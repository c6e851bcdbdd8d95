"""Reductions and their VJPs: each NumPy function next to its rule."""
import math

import numpy as np

from ..errors import NoGradientRule
from ..primitive import defvjp, lookup, missing_rule
from ..structured import plain_numbers as plain_value
from ._util import (along, at_kink, binary_exponents, broadcast_back, counts_for, dof_factor, float_dtype_of, leave_one_out, moved, normalize_axis,
                    own_function, zero_moving_with,
                    reshape, restore_reduced, shape_of, spread, deferred_reduction_zeros, tie_kink,
                    nan_off_the_mean, std_pullback, std_rescaled, std_value, float16_widened, std_tangent, structural_nan_dropped,
                    cast_to_real)
from .complexnum import conj_if_complex, is_complex, refuse_complex


def _count(shape, axis):
    """How many elements each result of a reduction over ``axis`` gathers."""
    n = 1
    for a in normalize_axis(axis, len(shape)):
        n *= shape[a]
    return n


def _ones_along(x, axis):
    """Ones shaped like ``x`` with length 1 along ``axis``, of ``x``'s dtype (a constant)."""
    shape = list(shape_of(x))
    shape[axis] = 1
    return np.ones(shape, dtype=np.result_type(x))


# -- sum / mean ------------------------------------------------------------------------

def _where_mask(where, shape):
    """``where=`` as NumPy reads it, a boolean mask of ``shape`` (None is False: nothing kept)."""
    return np.broadcast_to(np.asarray(where, dtype=bool), shape)


def _vjp_sum(ans, x, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True, **kwargs):
    # (initial= in its place: np.sum(x, None, None, None, False, 0.0) passes it by position, which
    # took it for where=, a mask of False: the gradient was 0)
    shape = shape_of(x)
    if where is not True:  # the elements left out get no gradient
        return lambda g: restore_reduced(g, shape, axis, keepdims) * _where_mask(where, shape)

    def pullback(g):
        # (g's structural zeros, np.where's untaken branch, spread too: see spread)
        return spread(broadcast_back(restore_reduced(g, shape, axis, keepdims), shape), g,
                      lambda m: np.broadcast_to(restore_reduced(m, shape, axis, keepdims), shape))
    return pullback


def _plain_sum(a, *args, **kwargs):
    """``np.sum`` on the values of a recorded call: a plain array's own reduction, without
    ``np.sum``'s Python-level argument handling (2.3 against 0.9 us on a small array)."""
    if type(a) is np.ndarray and not args and kwargs.keys() <= _SUM_FAST_KEYWORDS:
        return _add_reduce(a, kwargs.get("axis"), kwargs.get("dtype"), None,
                           kwargs.get("keepdims", False))
    return np.sum(a, *args, **kwargs)


_SUM_FAST_KEYWORDS = frozenset({"axis", "dtype", "keepdims"})
_add_reduce = np.add.reduce
defvjp(np.sum, _vjp_sum, impl=_plain_sum, methods=("sum",))


def _vjp_mean(ans, x, axis=None, dtype=None, out=None, keepdims=False, where=True, **kwargs):
    shape = shape_of(x)
    if where is not True:  # each result averages only the elements selected in its slice
        chosen = _where_mask(where, shape)
        count = np.sum(chosen, axis=axis, keepdims=True)
        return lambda g: restore_reduced(g, shape, axis, keepdims) * (chosen / count)
    count = _count(shape, axis)

    def pullback(g):
        return spread(broadcast_back(restore_reduced(g, shape, axis, keepdims), shape) / count, g,
                      lambda m: np.broadcast_to(restore_reduced(m, shape, axis, keepdims), shape))
    return pullback


defvjp(np.mean, _vjp_mean, methods=("mean",))


# -- max / min: ties share the gradient equally ------------------------------------------------

def _vjp_extremum(ans, x, axis=None, out=None, keepdims=False, initial=None, where=True, *, _name="numpy.max"):
    # (_name keyword-only: np.max(x, None, None, False, 0.0) passes initial by position)
    refuse_complex(_name, x, initial)
    shape = shape_of(x)

    def pullback(g):
        full = restore_reduced(ans, shape, axis, keepdims)
        chosen = (x == full) & where  # where= (NumPy then asks for initial=) narrows the candidates
        count = np.sum(chosen, axis=axis, keepdims=True)
        if initial is not None:  # initial= is one more candidate, a constant: where it
            # wins x gets nothing; where it ties, it takes its share as one of the tied values
            count = count + (full == initial)
        # (a traced g's untaken marks kept through the reshape: at_kink reads them)
        restored = spread(restore_reduced(g, shape, axis, keepdims), g, lambda m: restore_reduced(m, shape, axis, keepdims))
        out = at_kink(restored * chosen / count, x, lambda: chosen & (count > 1), tie_kink(_name), restored)
        # (a NaN slice's 0 / 0 stays with the outputs that read it, as np.var's: jacrev of
        # np.max(a, 1) put NaN into the other rows' entries of a NaN row, truth 0)
        out = structural_nan_dropped(out, deferred_reduction_zeros(g, shape, axis, keepdims))
        # (the entries not chosen are structural zeros, g's live zeros land on the chosen)
        return moved(out, g, lambda live: np.broadcast_to(restore_reduced(live, shape, axis, keepdims), shape) & chosen)
    return pullback


for _fn, _methods in ((np.max, ("max",)), (np.amax, ()), (np.min, ("min",)), (np.amin, ())):
    defvjp(_fn, lambda *args, _name=f"numpy.{_fn.__name__}", **kwargs:
           _vjp_extremum(*args, _name=_name, **kwargs), methods=_methods)


# -- var / std ---------------------------------------------------------------------------

def _ddof(name, ddof, kwargs):
    """The effective ``ddof`` of var/std."""
    return kwargs.get("correction", ddof)


def _centered_scaled(x, axis, shape, ddof, where=True, mean=None, structural=None):
    """conj(x - mean) / (N - ddof): the gradient of var / 2 (var is mean(|x - mean|^2) for
    complex x, whose cotangent conjugates, see wengert.ops.complexnum). Over the
    elements ``where`` selects (N their number, 0 elsewhere); ``mean`` given (a constant, as
    NumPy's ``mean=``) is the center. A slice of N <= ddof gets +-inf (see dof_factor), 0 where
    ``structural()`` holds; so does a NaN (a slice with a NaN or an inf: NaN in all of it)."""
    if mean is not None and is_complex(mean) and not is_complex(x):
        # (NumPy squares a real x's deviations without conjugating: sum((x - mean)**2) / N,
        # complex; the rule below is the variance's, and gave its gradient, silently)
        raise NoGradientRule(
            "numpy.var / numpy.std of a real array with a complex mean= has no gradient rule in "
            "wengert: NumPy then squares x - mean without conjugating (a complex result, not a "
            "variance). Pass mean.real, or x.astype(complex) for mean(|x - mean|**2)")
    x = float16_widened(x)  # (a float16 mean keeps 11 bits: the deviations in float32)
    if where is True:
        center = np.mean(x, axis=axis, keepdims=True) if mean is None else mean
        num, count = conj_if_complex(x - nan_off_the_mean(center)), counts_for(_count(shape, axis), x)
    else:
        where = np.broadcast_to(np.asarray(where, dtype=bool), shape)
        center = np.mean(x, axis=axis, keepdims=True, where=where) if mean is None else mean
        count = counts_for(np.sum(where, axis=axis, keepdims=True), x)
        num = np.where(where, conj_if_complex(x - nan_off_the_mean(center)), 0.0)
    factor = dof_factor(count, ddof, structural, np.result_type(count, float_dtype_of(x)))
    if factor is None:
        return structural_nan_dropped(num / (count - ddof), structural)
    divisor = np.where(factor == 1.0, count - ddof, 1.0).astype(factor.dtype)
    if where is not True:
        factor = np.where(where, factor, 1.0)  # (an entry where= leaves out: 0)
    with np.errstate(invalid="ignore"):  # (0 * inf at the slice's mean: NaN, no derivative)
        return structural_nan_dropped(num / divisor * factor, structural)


def _vjp_var(ans, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=True, mean=None, **kwargs):
    shape, ddof = shape_of(x), _ddof("var", ddof, kwargs)
    return lambda g: 2.0 * restore_reduced(g, shape, axis, keepdims) * _centered_scaled(
        x, axis, shape, ddof, where, mean, deferred_reduction_zeros(g, shape, axis, keepdims))


defvjp(np.var, cast_to_real(_vjp_var, "numpy.var"), methods=("var",))


def _jvp_var(ans, primals, tangents, **kwargs):
    # the pullback's rule with g the tangent (x's shape), summed over the axes: a slice of count
    # <= ddof (infinite gradient) adds nothing along a direction that leaves it, as the pullback's
    # structural 0 (through the transposed pullback its traced cotangent kept the NaN)
    return _var_tangent(tangents[0], *primals, **kwargs)


def _var_tangent(t, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=True, mean=None, **kwargs):
    shape, ddof = shape_of(x), _ddof("var", ddof, kwargs)
    d = 2.0 * t * _centered_scaled(x, axis, shape, ddof, where, mean, deferred_reduction_zeros(t, shape, None, True))
    d = np.sum(d, axis=axis, keepdims=keepdims)
    return np.real(d) if np.iscomplexobj(plain_value(x)) else d


def _std_at(axis, keepdims, where, ddof, mean):
    """``recompute(xs, s)`` for std_rescaled / std_value: np.std of the scaled ``xs`` (a given mean scaled too)."""
    return lambda xs, s: np.std(xs, axis=axis, keepdims=keepdims, where=where, ddof=ddof,
                                **({} if mean is None else {"mean": mean / s}))


def _vjp_std(ans, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=True, mean=None, **kwargs):
    """Where the deviation is 0 (all values equal), std has a kink like abs at 0; the
    gradient is then 0, the subgradient ``abs`` takes, at every order."""
    shape, ddof = shape_of(x), _ddof("std", ddof, kwargs)
    xs, ans, s = std_rescaled(x, ans, axis, where, _std_at(axis, keepdims, where, ddof, mean))
    mean = mean if mean is None or s is None else mean / s
    return std_pullback(ans, xs, shape, axis, keepdims, where,
                        lambda structural: _centered_scaled(xs, axis, shape, ddof, where, mean, structural))


def _std_value(x, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=True, mean=None, **kwargs):
    """np.std's value on Vars: NumPy's, where its variance under- or overflows the true std (see std_value)."""
    given = {} if mean is None else {"mean": mean}

    def numpy_call():
        return np.std(x, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims, where=where, **given, **kwargs)
    if dtype is not None or out is not None:
        return numpy_call()
    with np.errstate(over="ignore"):  # (its warning where the value is not finite: std_value)
        ans = numpy_call()
    ddof = _ddof("std", ddof, kwargs)
    return std_value(x, ans, axis, where, _std_at(axis, keepdims, where, ddof, mean), numpy_call)


defvjp(np.std, cast_to_real(_vjp_std, "numpy.std"), methods=("std",), impl=_std_value)


def _jvp_std(ans, primals, tangents, **kwargs):
    return std_tangent(_vjp_std, ans, tangents[0], *primals, **kwargs)


# -- cumulative sums and products, differences ---------------------------------------------

def _reverse_cumsum(g, axis):
    return np.flip(np.cumsum(np.flip(g, axis), axis), axis)


def _cumulative_rule(grad):
    """A rule for cumsum / cumprod from ``grad(g, ans, x, axis)`` along one axis.

    With ``axis=None`` NumPy works on the flattened array; the cotangent is flattened
    back to ``x``'s shape.
    """
    def vjp(ans, x, axis=None, dtype=None, out=None):
        if axis is not None:
            return lambda g: grad(g, ans, x, axis)
        shape = shape_of(x)
        return lambda g: np.reshape(grad(g, ans, np.reshape(x, -1), 0), shape)
    return vjp


defvjp(np.cumsum, _cumulative_rule(lambda g, ans, x, axis: _reverse_cumsum(g, axis)), methods=("cumsum",))


def _exclusive_cumprod(x, axis):
    """The product of the elements before each one along ``axis`` (1 for the first): no division."""
    head = x[along(axis, len(shape_of(x)), slice(None, -1))]
    return np.cumprod(np.concatenate([_ones_along(x, axis), head], axis=axis), axis=axis)


def _divisible(ans):
    """True if every partial product is a finite normal number: then no x_i is 0 and
    ``ans_j / x_i`` is the product of the others to rounding (a product that underflowed
    to 0 or a subnormal, or overflowed, would make it wrong: 0 for 1e-170 * 1e-170)."""
    magnitude = np.abs(plain_value(ans))
    tiny = np.finfo(magnitude.dtype).tiny if magnitude.dtype.kind == "f" else 0
    return bool(np.all((magnitude >= tiny) & np.isfinite(magnitude)) and np.all(magnitude != 0))


def _cumprod_grad(g, ans, x, axis):
    """d ans_j / d x_i = prod_{k <= j, k != i} x_k, summed against g_j for j >= i."""
    if _divisible(ans):
        return _reverse_cumsum(g * ans, axis) / x
    # With a zero (or an underflowing or overflowing product), dividing by x_i is wrong:
    # prod_{k<=j, k!=i} = (prod_{k<i}) * (prod_{i<k<=j}).
    xm, gm = np.moveaxis(x, axis, -1), np.moveaxis(g, axis, -1)
    far = _prefix_others_products(xm, gm)
    if far is not None:
        return np.moveaxis(far, -1, axis)
    return np.moveaxis(_exclusive_cumprod(xm, -1) * _later_products(xm, gm), -1, axis)


def _prefix_others_products(xm, gm):
    """``r_k = sum_{j >= k} g_j prod_{i <= j, i != k} x_i`` along the last axis where a partial
    product can leave the double range (float64, at most 1000 entries, the table small), else None.

    Each prefix's products of the others come from :func:`_others_products` (mantissas and
    exponents apart), not from the left and right partial products, one of which can leave the
    range while their product does not: grad of sum(cumprod(x)) at [1e-200, 1e-200, 1e200, 3]
    was 0 in its last entry for 1e-200 (the left product 1e-400 underflowed), at [1e200, 1e200,
    1e-200, 1e-200] inf for 1e200, its Hessian NaN for 3e200 and 0.
    """
    plain = np.asarray(plain_value(xm))
    n = plain.shape[-1]
    if n * plain.size > _TABLE_ELEMENTS or _far_exponents(plain, -1) is None:
        return None
    if not np.all(plain != 0.0):
        # (the left and right products hold with a zero: the split's second derivatives at
        # [0, 1e200, 1e200, 1e-200] were NaN in a whole row, theirs are the truth)
        return None
    j, k = np.indices((n, n))
    prefixes = np.where(k <= j, xm[..., None, :], 1.0)  # [..., j, k]: x_k in prefix j, else 1
    others = np.moveaxis(_others_products(np.moveaxis(prefixes, -1, 0)), 0, -1)
    # (the entries past each prefix by where, before g: their product may be inf, and g's
    # derivative is that product)
    return np.sum(np.where(k <= j, others, 0.0) * gm[..., :, None], axis=-2)


#: up to this many elements, _later_products builds its (n, n) table; beyond, it scans.
_TABLE_ELEMENTS = 1 << 21


def _later_products(xm, gm):
    """``r_i = sum_{j >= i} g_j prod_{i<k<=j} x_k`` along the last axis, with no division.

    From a cumprod over an (n, n) table of the products (vectorized, O(n^2) memory) while
    that stays small; else from the recurrence ``r_i = g_i + x_{i+1} r_{i+1}``, one slice
    per step (O(n) memory, n NumPy calls), as a long axis with a zero needs.
    """
    shape = shape_of(xm)
    n = shape[-1]
    if n * math.prod(shape) <= _TABLE_ELEMENTS:
        i, j = np.indices((n, n))
        between = np.cumprod(np.where(j > i, xm[..., None, :], 1.0), axis=-1)  # [i, j]: prod_{i<k<=j}
        return np.sum(between * (j >= i) * gm[..., None, :], axis=-1)
    r = gm[..., n - 1]
    later = [r]
    for k in range(n - 2, -1, -1):
        r = gm[..., k] + xm[..., k + 1] * r
        later.append(r)
    return np.stack(later[::-1], axis=-1)


defvjp(np.cumprod, cast_to_real(_cumulative_rule(_cumprod_grad)), methods=("cumprod",))


def _vjp_diff(ans, a, n=1, axis=-1, prepend=np._NoValue, append=np._NoValue):
    """diff is linear: its adjoint pads and subtracts, n times, on (prepend, a, append)."""
    if n == 0:  # NumPy returns ``a`` itself, without prepend= / append=
        return lambda g: g
    shape = shape_of(a)
    ndim = len(shape)
    axis %= ndim

    def extra(value):
        if value is np._NoValue:
            return 0
        return 1 if np.ndim(value) == 0 else shape_of(value)[axis]
    first = extra(prepend)
    key = along(axis, ndim, slice(first, first + shape[axis]))
    widths = [(0, 0)] * ndim

    def pullback(g):
        before, after = list(widths), list(widths)
        before[axis], after[axis] = (1, 0), (0, 1)
        for _ in range(n):
            g = np.pad(g, before) - np.pad(g, after)
        return g[key]
    return pullback


defvjp(np.diff, _vjp_diff)


def _vjp_trace(ans, a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    shape = shape_of(a)
    ndim = len(shape)
    axis1, axis2 = axis1 % ndim, axis2 % ndim
    diagonal_shape = [1] * ndim
    diagonal_shape[axis1], diagonal_shape[axis2] = shape[axis1], shape[axis2]
    dtype = np.result_type(a)

    def pullback(g):
        eye = np.eye(shape[axis1], shape[axis2], k=offset, dtype=dtype)
        eye = eye if axis1 < axis2 else eye.T
        return np.expand_dims(g, (axis1, axis2)) * np.reshape(eye, diagonal_shape)
    return pullback


defvjp(np.trace, _vjp_trace, methods=("trace",))


# -- prod: zero-safe -------------------------------------------------------------------------

def _powers_of_two(k):
    """``2.0 ** k`` for integer arrays ``k`` with ``|k| <= 1100`` as two factors, each a normal double."""
    half = k // 2
    return np.ldexp(1.0, half), np.ldexp(1.0, k - half)


def _far_exponents(plain, axis):
    """frexp's binary exponents of ``plain`` where a partial product along ``axis`` can leave the
    double range (float64, 2 to 1000 entries, some lane's exponents summing to 1000 or more),
    else None: the screen of the mantissa-and-exponent products (internal: ``_others_products``,
    ``_prefix_others_products``)."""
    if plain.dtype == np.complex128:
        # (complex: by the larger part's exponent; a power of two scales both parts exactly. The left and right
        # products of [z, z, 2] at z = 1e300 (1 + 1j): z * z's real part inf - inf = NaN, where it is 0, so the jvp
        # of prod was NaN for 4e300 (1 + 1j), through the constant 2's tangent 0 times that NaN)
        # (and normal: a subnormal entry's scaling 2^-e, two factors of up to 2^537, overflowed in its tangent, so the
        # second derivative of prod([z, z, 2]) at z = 5e-324 was NaN for 4; the plain products are right there)
        mag = np.maximum(np.abs(plain.real), np.abs(plain.imag))
        if not np.all(np.isfinite(plain)) or np.any((mag != 0.0) & (mag < np.finfo(np.float64).tiny)):
            return None
    elif plain.dtype != np.float64:
        return None
    if not 1 < plain.shape[axis] <= 1000:
        return None
    e = binary_exponents(plain)
    return None if np.all(np.sum(np.abs(e), axis=axis) < 1000) else e


def _has_subnormal(plain):
    """Whether the real float64 array ``plain`` has an entry below the normal range, not 0."""
    if plain.dtype != np.float64:
        return False
    a = np.abs(plain)
    return bool(np.any((a < np.finfo(np.float64).tiny) & (a != 0.0)))


def _others_products(flat):
    """The product of the other entries along axis 0, from exclusive products on each side.

    Where a partial product leaves the double range while the product of the others does
    not (1e200 * 1e200 * 1e-200 * 1e-200: the others of the first are 1e-200, the right
    partial product 0), float64 entries are first split as ``m 2**e`` (powers of two:
    exact): the mantissas' products and the exponents' sums are formed apart and joined
    once at the end, so each product of the others is rounded as the plain product would
    be, were it formed without leaving the range.
    """
    left = _exclusive_cumprod(flat, 0)
    right = np.flip(_exclusive_cumprod(np.flip(flat, 0), 0), 0)
    plain = np.asarray(plain_value(flat))
    e = _far_exponents(plain, 0)
    if e is None:
        return left * right
    if plain is not flat and _has_subnormal(plain):
        # (a traced flat with a subnormal entry: its scaling 2^-e, two factors of up to 2^537, overflowed in its
        # tangent, so the Hessian of prod at [5e-324, 1e300, 2] had inf for 2 and 1e300 (jacfwd(grad)); the plain
        # left and right products there, as for a complex one, see _far_exponents, but only where their value is the
        # scaled one's: where a partial product left the range the first derivatives themselves were wrong, the
        # gradient under jvp(grad) at [5e-324, 1e-300, 1e300, 1e300, 1e300, 1e-300] [inf, inf, 0, 0, 0, 0] for [1e300,
        # 4.9e276, 4.9e-324, 4.9e-324, 4.9e-324, 4.9e276]: the scaled products there, as before)
        products = left * right
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            same = np.asarray(plain_value(products)) == _scaled_others(plain, np.asarray(plain_value(left)),
                                                                       np.asarray(plain_value(right)), e)
        if np.all(same):
            return products
        with np.errstate(over="ignore", invalid="ignore"):  # (the scaled products' tangents: inf there, as before)
            return np.where(same, products, _scaled_others(flat, left, right, e))
    return _scaled_others(flat, left, right, e)


def _scaled_others(flat, left, right, e):
    # _others_products' mantissa-and-exponent products of the others (``left`` and ``right`` its plain exclusive
    # products, ``e`` the entries' binary exponents)
    down_a, down_b = _powers_of_two(-e)
    m = flat * down_a * down_b  # |m| in [0.5, 1), or 0, inf, nan
    mantissas = _exclusive_cumprod(m, 0) * np.flip(_exclusive_cumprod(np.flip(m, 0), 0), 0)
    me = binary_exponents(np.asarray(plain_value(mantissas)))  # |mantissas| >= 2**-1000: normal
    total = np.sum(e, axis=0) - e + me
    rescale_a, rescale_b = _powers_of_two(-me)
    up_a, up_b = _powers_of_two(np.clip(total, -1100, 1100))
    # beyond 2**+-1100 the product of the others is 0 or inf either way: the plain one keeps
    # its own derivatives there (a clipped exponent would scale them wrongly)
    return np.where(np.abs(total) <= 1100, mantissas * rescale_a * rescale_b * up_a * up_b, left * right)


def _vjp_prod(ans, x, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True, **kwargs):
    """d prod / d x_i = the product of the others, from products on each side: no division.

    The reduced axes are moved to the front and flattened into one, so that one
    exclusive product from the left and one from the right cover every axis choice.
    ``where=``: the entries left out count as 1 and get no gradient;
    ``initial=`` (a constant) multiplies every gradient.
    """
    shape = shape_of(x)
    chosen = None if where is True else _where_mask(where, shape)
    axes = normalize_axis(axis, len(shape))

    def selected(g):  # the gradient of the entries where= keeps, times initial
        if chosen is not None:
            g = np.where(chosen, g, 0)
        return g if initial is None else g * initial
    if not axes:
        return lambda g: selected(broadcast_back(g, shape) if shape else g)
    if 0 in shape:  # nothing to differentiate (and no length to flatten the axes into)
        return lambda g: np.zeros(shape, dtype=np.result_type(x))
    front = tuple(range(len(axes)))
    moved_shape = tuple(shape[a] for a in axes) + tuple(n for a, n in enumerate(shape) if a not in axes)
    flat_shape = (-1,) + moved_shape[len(axes):]

    def pullback(g):
        kept = x if chosen is None else np.where(chosen, x, 1)
        flat = np.reshape(np.moveaxis(kept, axes, front), flat_shape)
        others = np.moveaxis(np.reshape(_others_products(flat), moved_shape), front, axes)
        return selected(restore_reduced(g, shape, axis, keepdims) * others)
    return pullback


defvjp(np.prod, cast_to_real(_vjp_prod), methods=("prod",))


# -- wengert's own: logsumexp, softmax, log_softmax (stable for large inputs) --------------------

def _shifted(x, axis):
    """``x - m`` with ``m`` the maximum over ``axis`` (0 where it is not finite), and ``m``,
    and whether every ``m`` was finite. Over an empty axis (no maximum) ``m`` is 0 and not
    finite: logsumexp's log(0) is -inf there, as ``scipy.special.logsumexp`` and
    ``np.logaddexp.reduce`` give, and softmax is empty."""
    if type(x) is np.ndarray and x.dtype.kind == "f" and x.size:
        # The array's own reduction (no np.max argument handling); integer and boolean
        # arrays take the general path, which computes in floating point.
        m = _max_reduce(x, axis, None, None, True)
        if _all_finite(m):
            return x - m, m, True
    elif 0 in shape_of(x):
        zeros = np.zeros_like(np.sum(plain_value(x), axis=axis, keepdims=True), dtype=float_dtype_of(x))
        return x - zeros, zeros, False
    else:
        m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    return x - m, m, False


_max_reduce = np.maximum.reduce


def _all_finite(a):
    a = plain_value(a)
    if type(a) is np.ndarray and a.size == 1:
        return math.isfinite(a.item())  # about 10x np.isfinite(a).all() on one element
    return bool(np.isfinite(a).all())


def _sum_kept(g, axis):
    """``np.sum(g, axis, keepdims=True)``, through the ufunc's reduction for a plain array."""
    return _plain_sum(g, axis=axis, keepdims=True)


def logsumexp(x, axis=None, keepdims=False):
    """``log(sum(exp(x), axis))`` without overflow or underflow.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> float(wnp.logsumexp(np.array([1000.0, 1000.0])))  # np.log(np.sum(np.exp(x))) is inf
    1000.6931471805599
    >>> wg.grad_bp(wnp.logsumexp, np.array([0.0, 0.0]))
    array([0.5, 0.5])

    .. versionadded:: 0.1
    """
    shifted, m, finite = _shifted(x, axis)
    if finite:
        total = np.log(_sum_kept(np.exp(shifted), axis)) + m
    else:
        with np.errstate(divide="ignore"):  # an all -inf slice: log(0) = -inf is the answer
            total = np.log(_sum_kept(np.exp(shifted), axis)) + m
    return total if keepdims else np.squeeze(total, axis)[()]


def _logsumexp_weights(x, total, axis):
    """The softmax of ``x`` (``total``: logsumexp's value, its axes kept), normalized as
    :func:`softmax` computes it, ``e / sum(e)``: ``exp(x - total)`` alone carried the rounding
    of ``total``, eps * |total| (at x = [7e5, 7e5] 0.4999999999789954 for 0.5), a factor
    common to the slice that the division takes out. (``e = exp(x - total)``, not
    ``exp(x - max)``: the same digits without a second maximum, 3x the pullback's time at
    shape (1000, 10), axis 1; a traced ``x``, a second derivative, takes softmax itself.)
    0 for a slice of -inf only (whose result is -inf: no direction of growth is preferred,
    and exp(-inf) passes no gradient); for a slice with k entries +inf, 1/k on each of them,
    the limit along their diagonal, with its derivative the limit of softmax's (x - total
    was inf - inf: NaN)."""
    empty = total == -np.inf  # plain values on every tape
    full = total == np.inf
    if not (np.any(empty) or np.any(full)):
        if type(x) is np.ndarray:
            e = np.exp(x - total)
            e /= _sum_kept(e, axis)
            return e
        return softmax(x, axis=axis)  # (a second derivative: softmax's own, see _softmax_jvp)
    # the other slices' softmax, of x with the slices of no softmax (0 / 0, inf / inf) zeroed
    weights = softmax(np.where(empty | full, 0.0, x), axis=axis)
    if np.any(full):
        top = full & (x == np.inf)
        count = np.maximum(np.sum(top, axis=axis, keepdims=True), 1)
        share = zero_moving_with(x) - zero_moving_with(total) - np.log(count)
        weights = np.where(full, np.where(top, np.exp(share), 0.0), weights)
    return np.where(empty, 0.0, weights)


def _vjp_logsumexp(ans, x, axis=None, keepdims=False):
    """The softmax of ``x`` along ``axis`` (:func:`_logsumexp_weights`)."""
    shape = shape_of(x)

    def pullback(g):
        total = restore_reduced(ans, shape, axis, keepdims)
        return restore_reduced(g, shape, axis, keepdims) * _logsumexp_weights(x, total, axis)
    return pullback


logsumexp = own_function(logsumexp, "wengert.numpy.logsumexp", _vjp_logsumexp, names=("numpy.logsumexp",))


def softmax(x, axis=-1):
    """``exp(x) / sum(exp(x), axis)``, without overflow.

    A slice of -inf only has no softmax (0 / 0): its values are NaN, with NumPy's
    "invalid value" warning, as in SciPy, JAX and PyTorch, and so are its derivatives
    (other slices are unaffected); entries of -inf in a slice with a finite one are 0,
    with a gradient of 0. For a fully masked row whose result should be 0, change the
    input, not the output: ``np.where(keep, softmax(np.where(keep, x, 0.0)), 0.0)`` with
    ``keep`` true on rows with a finite entry (a ``where`` on the output alone still
    sends 0 * NaN = NaN back). The same holds for :func:`log_softmax`.

    >>> import numpy as np, wengert.numpy as wnp
    >>> wnp.softmax(np.array([1000.0, 1000.0]))
    array([0.5, 0.5])

    .. versionadded:: 0.1
    """
    e = np.exp(_shifted(x, axis)[0])
    return e / _sum_kept(e, axis)


def _dominated(s, log=False):
    """True if some entry of the softmax ``s`` (plain; its logarithm with ``log``) is above 0.999
    (internal): there 1 - s_i, and the sum of the others' terms, are differences of numbers
    near 1 in the Jacobian diag(s) - s s^T (its pullback the same), and lose their digits."""
    return bool(np.any(np.asarray(s) > (-1.0005e-3 if log else 0.999)))


def _softmax_jvp(s, t, axis):
    """``s * (t - sum(s t))``, softmax's Jacobian ``diag(s) - s s^T`` times ``t`` (symmetric: its
    pullback too; internal). Where an entry of ``s`` dominates, as
    ``s_i (t_i sum_(j != i) s_j - sum_(j != i) s_j t_j)`` (:func:`leave_one_out`): the difference
    of the two lost the small 1 - s_i, and with it every digit of the Jacobian and of the
    Hessians of logsumexp and log_softmax there (softmax([0, -40])'s d s_0 / d x_0 0 for
    4.25e-18, the largest entry)."""
    if _dominated(plain_value(s)):
        return s * (t * leave_one_out(s, axis) - leave_one_out(t * s, axis))
    return s * (t - _sum_kept(t * s, axis) if type(t) is np.ndarray else t - np.sum(t * s, axis=axis, keepdims=True))


softmax = own_function(softmax, "wengert.numpy.softmax",
                       lambda ans, x, axis=-1: lambda g: _softmax_jvp(ans, g, axis),
                       names=("numpy.softmax",))


def log_softmax(x, axis=-1):
    """``x - logsumexp(x, axis, keepdims=True)``, without overflow.

    >>> import numpy as np, wengert.numpy as wnp
    >>> wnp.log_softmax(np.array([1000.0, 1000.0]))
    array([-0.69314718, -0.69314718])

    .. versionadded:: 0.1
    """
    shifted, _, finite = _shifted(x, axis)
    if finite:  # the common case, written out: logsumexp(x) - m in four NumPy calls
        return shifted - np.log(_sum_kept(np.exp(shifted), axis))
    return x - logsumexp(x, axis=axis, keepdims=True)


def _log_softmax_weights(ans, x, axis):
    """``exp(ans)``, the softmax of ``x``: softmax itself where ``x`` is traced (a second
    derivative, through :func:`_softmax_jvp`; internal)."""
    return np.exp(ans) if type(x) is np.ndarray or not _dominated(plain_value(ans), log=True) else softmax(x, axis=axis)


log_softmax = own_function(log_softmax, "wengert.numpy.log_softmax",
                           lambda ans, x, axis=-1: lambda g: g - _log_softmax_weights(ans, x, axis) * _sum_kept(g, axis),
                           names=("numpy.log_softmax",))


# -- forward mode (wengert.forward) ----------------------------------------------------------
from ..forward import declare_jvp, defjvp  # noqa: E402  (after the rules it declares)

declare_jvp("linear", np.sum, np.mean, np.cumsum, np.trace)


def _jvp_diff(ans, primals, tangents, **kwargs):
    # (n, axis, prepend, append passed positionally are among the primals: bound to diff's own
    # parameters, as _jvp_extremum; the keywords alone took np.diff(a, 2)'s tangent for n = 1)
    for i, t in enumerate(tangents[1:], 1):
        if t is not None:  # (a moving prepend / append: no rule, as in reverse mode)
            raise missing_rule(lookup(np.diff), i)
    return _diff_tangent(tangents[0], *primals, **kwargs)


def _diff_tangent(t, a, n=1, axis=-1, prepend=np._NoValue, append=np._NoValue):
    # prepend= and append= are constants: their tangents are zeros (diff is affine in them)
    zeros = {k: np.zeros_like(plain_value(v)) for k, v in (("prepend", prepend), ("append", append))
             if v is not np._NoValue}
    return np.diff(t, n=n, axis=axis, **zeros)


defjvp(np.diff, _jvp_diff)


def _jvp_extremum(ans, primals, tangents, _name="numpy.max", **kwargs):
    # (the arguments after x as the pullback binds them: np.max(a, 0) passes the axis in primals)
    return _extremum_tangent(ans, tangents[0], *primals, _name=_name, **kwargs)


def _extremum_tangent(ans, t, x, axis=None, out=None, keepdims=False, initial=None, where=True, _name="numpy.max"):
    # the tied entries' mean tangent, as the pullback shares g; the mark on t's shares, summed:
    # forward over forward's tangent then has no value at a tie, which np.where's mask drops
    # (through the transposed pullback the inner product with the direction refused it)
    refuse_complex(_name, x, initial)
    shape = shape_of(x)
    full = restore_reduced(ans, shape, axis, keepdims)
    chosen = (x == full) & where
    count = np.sum(chosen, axis=axis, keepdims=True)
    if initial is not None:
        count = count + (full == initial)
    shares = at_kink(t * chosen / count, x, lambda: chosen & (count > 1), tie_kink(_name), t)
    shares = structural_nan_dropped(shares, deferred_reduction_zeros(t, shape, None, True))
    return np.sum(shares, axis=axis, keepdims=keepdims)


defjvp(np.std, _jvp_std)
defjvp(np.var, _jvp_var)
for _fn in (np.max, np.amax, np.min, np.amin):
    defjvp(_fn, lambda *args, _name=f"numpy.{_fn.__name__}", **kwargs:
           _jvp_extremum(*args, _name=_name, **kwargs))  # type: ignore[misc]


# (an axis passed positionally is among the primals: each rule binds the primals to the
# function's own parameters, as _jvp_norm; a forward pass took axis=-1 for wnp.softmax(x, 0))
def _jvp_logsumexp(ans, primals, tangents, **kwargs):
    return _logsumexp_tangent(ans, tangents[0], *primals, **kwargs)


def _logsumexp_tangent(ans, t, x, axis=None, keepdims=False):
    total = restore_reduced(ans, shape_of(x), axis, keepdims)
    return np.sum(_logsumexp_weights(x, total, axis) * t, axis=axis, keepdims=keepdims)


def _jvp_softmax(ans, primals, tangents, **kwargs):
    return _softmax_jvp(ans, tangents[0], _axis_of(*primals, **kwargs))


def _axis_of(x, axis=-1):
    return axis


def _jvp_log_softmax(ans, primals, tangents, **kwargs):
    t, axis = tangents[0], _axis_of(*primals, **kwargs)
    return t - np.sum(_log_softmax_weights(ans, primals[0], axis) * t, axis=axis, keepdims=True)


defjvp(logsumexp, _jvp_logsumexp)
defjvp(softmax, _jvp_softmax)
defjvp(log_softmax, _jvp_log_softmax)
