"""Shapes and indexing, and their VJPs: each NumPy function next to its rule."""
import math
import warnings

import numpy as np

from .._backend import Var
from ..errors import NoGradientRule
from ..primitive import OwnPrimitive, defcomposite, defvjp
from ..structured import get_part, is_traced, peek, plain_numbers as plain_value
from ._util import (along, at_kink, dtype_of, is_basic_index, moved, normalize_axis, own_function, reshape, sequence_function,
                    shape_of, structural_nan_dropped, structural_zeros_of, tie_kink, unbroadcast)
from .complexnum import refuse_complex


# -- indexing ----------------------------------------------------------------------------

def _selects_blocks_once(key, shape, g):
    """True if ``key`` is one boolean mask, or one integer index array whose entries are
    all different, each selecting a block of several elements (basic indices around either).

    Then ``out[key] = g`` writes every element once and is exact. For single elements
    np.add.at is about as fast as assignment (NumPy >= 2), so the check is not worth it
    there; for rows (an embedding lookup) assignment is about 13x faster.
    """
    parts = key if isinstance(key, tuple) else (key,)
    arrays = [i for i, k in enumerate(parts) if not (k is None or k is Ellipsis or isinstance(k, slice))]
    if len(arrays) != 1:
        return False
    index = np.asarray(parts[arrays[0]])
    if index.dtype.kind == "b":  # a mask selects each element at most once
        return True
    if index.dtype.kind not in "iu" or index.size == 0 or np.size(g) < 2 * index.size:
        return False
    n = shape[_indexed_axis(parts, arrays[0], len(shape))]
    return np.bincount(index.ravel() % n, minlength=n).max() <= 1


def _indexed_axis(parts, position, ndim):
    """The axis of an ``ndim``-dimensional array that index ``parts[position]`` reads."""
    before = parts[:position]
    if Ellipsis in before:
        consumed = sum(1 for k in parts if k is not None and k is not Ellipsis)
        return ndim - consumed + sum(1 for k in before if k is not None and k is not Ellipsis)
    return sum(1 for k in before if k is not None)


def untake(g, key, shape, dtype):
    """Scatter ``g`` into zeros of ``shape`` at ``key``, adding where indices repeat.

    >>> untake(np.ones(3), [0, 0, 2], (3,), np.float64)
    array([2., 0., 1.])
    """
    out = np.zeros(shape, dtype=dtype)
    if is_basic_index(key) or _selects_blocks_once(key, shape, g):
        out[key] = g
    else:
        np.add.at(out, key, g)
    return out


def getitem(x, key):
    """``x[key]`` for arrays; recorded when ``x`` is a Var."""
    return x[key]


getitem = OwnPrimitive(getitem, name="getitem")


def _scatter_rule(shape, dtype, key):
    """The pullback of ``x -> x[key]`` for ``x`` of ``shape`` (the entries not selected are
    structural zeros: ``moved`` reports g's live zeros where they land)."""
    return lambda g: moved(untake(g, key, shape, dtype), g, lambda live: untake(live, key, shape, bool))


def _vjp_getitem(ans, x, key):
    return _scatter_rule(shape_of(x), np.result_type(x), key)


defvjp(getitem, _vjp_getitem, None)
# own_function: at third order and beyond, g may be a Var of an outer tape, which the
# in-place writes above cannot take; untake then records itself on that tape.
untake = own_function(untake, "untake", lambda ans, g, key, shape, dtype: lambda h: getitem(h, key))


# -- reshaping ---------------------------------------------------------------------------

def _vjp_reshape(ans, x, *args, **kwargs):
    shape = shape_of(x)
    order = args[1] if len(args) > 1 else kwargs.get("order", "C")
    return lambda g: _reshaped(g, shape, _memory_order(x, order))


def _reshaped(g, shape, order):
    # g reshaped; its structural and live zeros with it (np.std(a, 0).reshape(-1)[2] ** 2: the
    # NaN slice's drop reads them)
    return moved(np.reshape(g, shape, order=order), g, lambda m: np.reshape(m, shape, order=order))


defvjp(np.reshape, _vjp_reshape, methods={
    "reshape": lambda x, *shape, **kw: np.reshape(x, shape[0] if len(shape) == 1 else shape, **kw)})
defvjp(np.squeeze, lambda ans, a, axis=None: _vjp_reshape(ans, a), methods=("squeeze",))


def _memory_order(x, order):
    """"C" or "F", for NumPy's order argument of reshape / ravel ("A" and "K" follow ``x``)."""
    if order in ("C", "F", None):
        return order or "C"
    flags = getattr(x, "flags", None)
    if flags is None or flags.c_contiguous:
        return "C"
    if flags.f_contiguous:
        return "F"
    if order == "A":
        return "C"
    raise NoGradientRule(f"numpy.ravel(..., order={order!r}) of an array that is neither C- nor "
                         "F-contiguous has no gradient rule in wengert; use order='C' or 'F'")


def _vjp_ravel(ans, a, order="C"):
    shape, order = shape_of(a), _memory_order(a, order)
    return lambda g: _reshaped(g, shape, order)


defvjp(np.ravel, _vjp_ravel, methods=("ravel", "flatten"))  # flatten: a copy in NumPy; the same values and gradient


def _vjp_transpose(ans, x, axes=None):
    if axes is None:
        return lambda g: np.transpose(g)
    ndim = len(shape_of(x))
    inverse = np.argsort([a % ndim for a in axes])  # negative axes count from the end
    return lambda g: np.transpose(g, inverse)


defvjp(np.transpose, _vjp_transpose, properties=("T",), aliases=("permute_dims",), methods={
    "transpose": lambda x, *axes: np.transpose(x, (axes[0] if len(axes) == 1 else axes) or None)})
defvjp(np.moveaxis, lambda ans, a, source, destination: lambda g: np.moveaxis(g, destination, source))
defvjp(np.flip, lambda ans, m, axis=None: lambda g: np.flip(g, axis))


def _vjp_roll(ans, a, shift, axis=None):
    back = tuple(-s for s in shift) if isinstance(shift, (tuple, list)) else -shift
    return lambda g: np.roll(g, back, axis)


defvjp(np.roll, _vjp_roll)


# -- broadcasting ------------------------------------------------------------------------

def _vjp_broadcast_to(ans, x, shape, **kwargs):
    x_shape = shape_of(x)
    return lambda g: unbroadcast(g, x_shape)


defvjp(np.broadcast_to, _vjp_broadcast_to, None)


def _vjp_expand_dims(ans, x, axis):
    x_shape = shape_of(x)
    return lambda g: np.reshape(g, x_shape)


defvjp(np.expand_dims, _vjp_expand_dims, None)


def _vjp_swapaxes(ans, x, axis1, axis2):
    return lambda g: np.swapaxes(g, axis1, axis2)


defvjp(np.swapaxes, _vjp_swapaxes, None, None, methods=("swapaxes",))


# -- joining: the arrays arrive in a list (see sequence_function) ---------------------------

def _is_sequence(arrays):
    """True for a list or tuple of arrays, also when it is held by a Var of an outer tape
    (the joined sequence is then that Var's value, under nested runners)."""
    return isinstance(plain_value(arrays), (list, tuple))


def _item_shapes(arrays):
    """The shapes of the items of a list of arrays, or of the rows of one array."""
    if _is_sequence(arrays):
        return [shape_of(a) for a in plain_value(arrays)]
    shape = shape_of(arrays)
    return [shape[1:]] * shape[0]


def _split_back(arrays, shapes, joined_shapes, axis):
    """The pullback of joining ``arrays`` (of ``shapes``, as ``joined_shapes``) along ``axis``."""
    bounds = np.cumsum([s[axis] for s in joined_shapes])[:-1].tolist()
    as_array = not _is_sequence(arrays)  # np.concatenate(matrix): the rows

    def pullback(g):
        parts = np.split(g, bounds, axis=axis)
        parts = [p if js == s else np.reshape(p, s) for p, js, s in zip(parts, joined_shapes, shapes)]
        return np.stack(parts) if as_array else parts
    return pullback


def _vjp_concatenate(ans, arrays, axis=0, out=None, **kwargs):
    shapes = _item_shapes(arrays)
    if axis is None:
        return _split_back(arrays, shapes, [(int(np.prod(s)),) for s in shapes], 0)
    return _split_back(arrays, shapes, shapes, axis % len(shapes[0]))


sequence_function(np.concatenate, _vjp_concatenate, aliases=("concat",))  # np.concat: NumPy 2's name


def _vjp_stack(ans, arrays, axis=0, out=None, **kwargs):
    shapes = _item_shapes(arrays)
    axis %= len(shapes[0]) + 1
    return _split_back(arrays, shapes, [s[:axis] + (1,) + s[axis:] for s in shapes], axis)


sequence_function(np.stack, _vjp_stack)


def _atleast_1d_shape(shape):
    return shape or (1,)


def _atleast_2d_shape(shape):
    return (1,) * (2 - len(shape)) + shape if len(shape) < 2 else shape


def _atleast_3d_shape(shape):
    """The shape np.atleast_3d gives: () -> (1, 1, 1), (n,) -> (1, n, 1), (m, n) -> (m, n, 1)."""
    if len(shape) >= 3:
        return shape
    return ((1, 1, 1), (1,) + shape + (1,), shape + (1,))[len(shape)]


def _column_shape(shape):
    """The shape np.column_stack gives an item: () -> (1, 1), (n,) -> (n, 1)."""
    return shape if len(shape) >= 2 else (shape + (1,) if shape else (1, 1))


def _joined_rule(item_shape, axis):
    """The rule of a join that reshapes each item with ``item_shape`` and concatenates
    along ``axis`` (of the reshaped items)."""
    def vjp(ans, tup, **kwargs):
        shapes = _item_shapes(tup)
        return _split_back(tup, shapes, [item_shape(s) for s in shapes], axis)
    return vjp


def _vjp_hstack(ans, tup, **kwargs):
    shapes = _item_shapes(tup)
    joined = [_atleast_1d_shape(s) for s in shapes]
    return _split_back(tup, shapes, joined, 0 if len(joined[0]) == 1 else 1)


sequence_function(np.hstack, _vjp_hstack)
sequence_function(np.vstack, _joined_rule(_atleast_2d_shape, 0))


def array(obj, dtype=None):
    """An array built from a nested list of floats, arrays, and Vars holding them.

    ``np.array([v, w])`` cannot be recorded (NumPy does not dispatch it); this can. For a
    flat list of arrays of one shape it is ``np.stack``.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> wg.grad_bp(lambda a, b: np.sum(wnp.array([[a, 2.0], [b, a]]) ** 2), 1.0, 3.0)
    (4.0, 6.0)

    .. versionadded:: 0.1
    """
    return np.array(obj, dtype=dtype)


def _unstack(g, like):
    """The cotangent of a nested list ``like`` from the cotangent ``g`` of its array."""
    if isinstance(like, (list, tuple)):
        return [_unstack(g[i], item) for i, item in enumerate(like)]
    return g


array = own_function(array, "wengert.numpy.array", lambda ans, obj, dtype=None: lambda g: _unstack(g, obj),
                     names=("numpy.array",))


def asarray(a, dtype=None, order=None, **kwargs):
    """``np.asarray`` that keeps Vars (JAX's and autograd's code calls it on traced
    arrays): a Var holding an array of the dtype asked is returned as it is, another dtype
    is a recorded cast, a Var holding a Python number a 0-d array (recorded); a nested list
    holding Vars is :func:`array`'s; anything else is NumPy's own ``np.asarray``.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> wg.grad_bp(lambda x: np.sum(wnp.asarray(x) * 2.0), np.ones(2))
    array([2., 2.])

    .. versionadded:: 0.1
    """
    if not is_traced(a):
        return np.asarray(a, dtype=dtype, order=order, **kwargs)
    if shape_of(a) == ():
        a = np.reshape(a, ())  # a Python number: a 0-d array
    if dtype is not None and np.dtype(dtype) != dtype_of(a):
        a = astype(a, dtype)
    return a


# wengert's own (np.asarray has no dispatch), made of recorded calls; lists: see wengert.numpy
defcomposite(asarray, asarray, names=("numpy.asarray",))


# -- splitting: the result is a list, the cotangent a list or a Partial ------------------------

def _vjp_split(ans, ary, indices_or_sections, axis=0):
    shape, dtype = shape_of(ary), np.result_type(ary)
    axis %= len(shape)
    lengths = [len(p) for p in np.array_split(np.arange(shape[axis]), indices_or_sections)]
    piece_shapes = [shape[:axis] + (n,) + shape[axis + 1:] for n in lengths]

    def pullback(g):
        parts = [get_part(g, i) for i in range(len(piece_shapes))]
        parts = [np.zeros(s, dtype=dtype) if p is None else p for p, s in zip(parts, piece_shapes)]
        return np.concatenate(parts, axis=axis)
    return pullback


defvjp(np.split, _vjp_split, None)
defvjp(np.array_split, _vjp_split, None)


# -- gathers: take, repeat, tile, pad ---------------------------------------------------------

def _gather_rule(shape, dtype, index, axis):
    """The pullback of ``x -> np.take(x, index, axis)`` for ``x`` of ``shape``: a scatter-add."""
    if axis is None:
        size = int(np.prod(shape))
        return lambda g: moved(np.reshape(untake(g, index, (size,), dtype), shape), g,
                               lambda live: np.reshape(untake(live, index, (size,), bool), shape))
    return _scatter_rule(shape, dtype, along(axis, len(shape), index))


def _vjp_take(ans, a, indices, axis=None, out=None, mode="raise"):
    shape = shape_of(a)
    n = int(np.prod(shape)) if axis is None else shape[axis]
    index = np.asarray(indices).astype(np.intp, copy=False)  # (np.take([]) reads [] as floats)
    if mode == "wrap":
        index = index % n
    elif mode == "clip":
        index = np.clip(index, 0, n - 1)
    return _gather_rule(shape, np.result_type(a), index[()] if index.ndim == 0 else index, axis)


defvjp(np.take, _vjp_take, None, methods=("take",))


def _vjp_repeat(ans, a, repeats, axis=None):
    shape = shape_of(a)
    base = (int(np.prod(shape)),) if axis is None else shape
    ax = 0 if axis is None else axis % len(shape)
    counts = np.asarray(repeats)
    if counts.size != 1:
        index = np.repeat(np.arange(base[ax]), counts)
        return _gather_rule(shape, np.result_type(a), index, axis)
    # Every element repeated r times: the r copies sit side by side, sum them.
    copies = base[:ax + 1] + (int(counts.reshape(-1)[0]),) + base[ax + 1:]
    return lambda g: np.reshape(np.sum(np.reshape(g, copies), axis=ax + 1), shape)


defvjp(np.repeat, _vjp_repeat, None, methods=("repeat",))


def _vjp_tile(ans, A, reps):
    shape = shape_of(A)
    reps = tuple(reps) if np.ndim(reps) else (int(reps),)
    n = max(len(shape), len(reps))
    padded_shape, padded_reps = (1,) * (n - len(shape)) + shape, (1,) * (n - len(reps)) + reps
    # The result's axis k is (copy, element) = (padded_reps[k], padded_shape[k]), copy-major.
    pairs = tuple(d for pair in zip(padded_reps, padded_shape) for d in pair)
    copy_axes = tuple(range(0, 2 * n, 2))
    return lambda g: np.reshape(np.sum(np.reshape(g, pairs), axis=copy_axes), shape)


defvjp(np.tile, _vjp_tile, None)

#: pad modes whose result is a gather of the input (each element a copy of one input element).
_GATHER_PAD_MODES = ("edge", "reflect", "symmetric", "wrap")


def _pad_widths(pad_width, ndim):
    """NumPy's pad_width forms (int, (n,), (before, after), per axis, dict) as ndim pairs."""
    if isinstance(pad_width, dict):
        pairs = [(0, 0)] * ndim
        for axis, width in pad_width.items():
            pairs[axis] = tuple(np.broadcast_to(np.asarray(width, dtype=int), (2,)).tolist())
        return pairs
    return [tuple(p) for p in np.broadcast_to(np.asarray(pad_width, dtype=int), (ndim, 2)).tolist()]


def _vjp_pad(ans, array, pad_width, mode="constant", **kwargs):
    shape = shape_of(array)
    widths = _pad_widths(pad_width, len(shape))
    if mode in ("constant", "empty"):  # 'empty' pads with values that depend on nothing
        key = tuple(slice(before, before + n) for (before, _), n in zip(widths, shape))
        return lambda g: g[key]
    if mode in ("reflect", "symmetric") and kwargs.get("reflect_type") == "odd":
        return _odd_pad_rule(shape, widths, mode)
    if mode in _GATHER_PAD_MODES and kwargs.get("reflect_type", "even") == "even":
        options = {"reflect_type": "even"} if mode in ("reflect", "symmetric") else {}
        positions = [np.pad(np.arange(n), w, mode=mode, **options) for n, w in zip(shape, widths)]
        return _scatter_rule(shape, np.result_type(array), np.ix_(*positions))
    if mode in _STAT_PAD_MODES or mode == "linear_ramp":
        return _pad_by_axes_rule(array, shape, widths, mode, kwargs)
    what = f"mode={mode!r}" + (f", reflect_type={kwargs['reflect_type']!r}" if "reflect_type" in kwargs else "")
    raise NoGradientRule(
        f"numpy.pad(..., {what}) has no gradient rule in wengert (covered: mode='constant', 'empty', "
        f"{', '.join(repr(m) for m in _GATHER_PAD_MODES + _STAT_PAD_MODES)}, 'linear_ramp', with "
        "reflect_type='even' or 'odd'). Build the padding from those, or register a rule with "
        "wengert.defvjp(numpy.pad, ...)")


# -- np.pad(..., reflect_type='odd') -------------------------------------------------
# An odd reflection pads with 2 * edge - mirror image (NumPy repeats it, chunk by chunk, for
# widths beyond the axis' length): along each axis a linear map x -> M x whose center rows are
# the identity. The pullback applies M's transpose axis by axis (the axes' maps commute). M's
# padding rows are read from NumPy, by padding unit vectors: only those of the elements that
# an even reflection copies and of the two ends (each odd value is built from them), checked
# on a random vector.

def _odd_pad_matrix(n, before, after, mode):
    """``T`` (n, before + after): the transpose of the padding rows of the axis' linear map."""
    rows = np.r_[0:before, before + n:before + n + after]
    even = np.pad(np.arange(n), (before, after), mode=mode)[rows]
    columns = np.unique(np.concatenate([even, [0, n - 1]]))
    padded = np.pad(np.eye(n)[:, columns], ((before, after), (0, 0)), mode=mode, reflect_type="odd")[rows]
    probe = np.random.default_rng(0).standard_normal(n)
    if not np.allclose(padded @ probe[columns], np.pad(probe, (before, after), mode=mode, reflect_type="odd")[rows]):
        columns = np.arange(n)  # (not expected: then every element, at the cost of an n x n pad)
        padded = np.pad(np.eye(n), ((before, after), (0, 0)), mode=mode, reflect_type="odd")[rows]
    transpose = np.zeros((n, before + after))
    transpose[columns] = padded.T
    return transpose


def _odd_pad_rule(shape, widths, mode):
    steps = [(k, before, n, _odd_pad_matrix(n, before, after, mode))
             for k, ((before, after), n) in enumerate(zip(widths, shape)) if before or after]

    def pullback(g):
        for k, before, n, transpose in reversed(steps):
            outer, center, inner = np.split(g, [before, before + n], axis=k)
            padding = np.moveaxis(np.concatenate([outer, inner], axis=k), k, 0)
            g = center + np.moveaxis(np.tensordot(transpose, padding, axes=(1, 0)), 0, k)
        return g
    return pullback


# -- pad modes whose padding is a statistic of the edge, or a ramp to it -------------
# NumPy pads one axis after the other; along axis k the array is already padded along the
# axes before k and still of its own length along those after. Each padded value along k
# is a statistic of a window of that stage (its first or last stat_length elements along k)
# or a ramp from an end value (constant) to the edge element. The pullback undoes the axes
# in reverse: the cotangent of the padding along k, summed over its width, goes to the window
# with the statistic's weights (mean: 1/L each; maximum/minimum: the elements equal to it,
# ties sharing equally, as np.max; median: the middle element(s) of the window's stable
# order, halves for an even length), or to the edge with the ramp's weights t = i / width.

_STAT_PAD_MODES = ("mean", "maximum", "minimum", "median")


def _window_weights(window, mode, axis):
    """d stat(window) / d window along ``axis`` (plain values in, plain weights out)."""
    length = window.shape[axis]
    if mode == "mean":
        return np.full(window.shape, 1.0 / length)
    if mode in ("maximum", "minimum"):
        best = (np.max if mode == "maximum" else np.min)(window, axis=axis, keepdims=True)
        chosen = window == best
        return chosen / np.sum(chosen, axis=axis, keepdims=True)
    ranks = np.argsort(np.argsort(window, axis=axis, kind="stable"), axis=axis, kind="stable")
    middle = [(length - 1) // 2, length // 2]
    weights = 0.5 * (ranks == middle[0]) + 0.5 * (ranks == middle[1])
    # (NumPy's median of a window with a NaN is NaN: no derivative, as maximum's 0 / 0 there)
    return np.where(np.any(np.isnan(window), axis=axis, keepdims=True), np.nan, weights)


def _median_tied(window, weights, axis):
    """Whether some two equal values of a window along ``axis`` have different median weights
    (the stable order picked one of them: a convention, as a tie of maximum's, whose second
    derivative is refused; np.pad(np.stack([x0 ** 2, 0, 1]), 1, mode="median")[0] is x0 ** 2
    and its Hessian at 0 was 0 for 2)."""
    order = np.argsort(window, axis=axis, kind="stable")
    values, shares = np.take_along_axis(window, order, axis), np.take_along_axis(weights, order, axis)
    same = np.diff(values, axis=axis) == 0
    return bool(np.any(same & (np.diff(shares, axis=axis) != 0)))


def _statistic_spread(total, weights):
    """The padding's summed cotangent ``total`` spread over its window by the statistic's
    ``weights``; a NaN window's (a maximum or median of a NaN: NaN weights) dropped where
    ``total`` is a structural zero, so that its NaN stays with the padding that reads it (it
    went into every output's row: the window's entries are copied into the result too)."""
    spread = total * weights
    return structural_nan_dropped(spread, lambda: structural_zeros_of(total, shape_of(spread), lambda m: m))


def _pad_by_axes_rule(array, shape, widths, mode, kwargs):
    if mode in ("maximum", "minimum", "median"):
        refuse_complex(f"numpy.pad(..., mode={mode!r})", array)
    if any(is_traced(v) for v in kwargs.values()):
        raise NoGradientRule(f"numpy.pad(..., mode={mode!r}): a Var among the keyword arguments "
                             "has no gradient rule in wengert (they are constants here)")
    value = np.asarray(plain_value(array))
    ndim = len(shape)
    stat_length = kwargs.get("stat_length")
    lengths = [(n, n) for n in shape] if stat_length is None else _pad_widths(stat_length, ndim)
    steps = []  # per axis: (before, after, n, weights before, weights after), plain
    tied = False  # a maximum/minimum window with a tie: its shares are a convention (at_kink)
    for k in range(ndim):
        stage = np.pad(value, [widths[j] if j < k else (0, 0) for j in range(ndim)], mode=mode, **kwargs)
        (before, after), n = widths[k], shape[k]
        if mode == "linear_ramp":
            w_before = np.arange(before) / before if before else np.zeros(0)
            w_after = (np.arange(after) / after)[::-1] if after else np.zeros(0)
            steps.append((before, after, n, w_before, w_after))
            continue
        take = [min(int(length), n) for length in lengths[k]]
        first = np.take(stage, np.arange(take[0]), axis=k)
        last = np.take(stage, np.arange(n - take[1], n), axis=k)
        weights = (_window_weights(first, mode, k), _window_weights(last, mode, k))
        if mode in ("maximum", "minimum"):
            tied = tied or any(bool(np.any((w > 0) & (w < 1))) for w, width in zip(weights, (before, after))
                               if width)
        elif mode == "median":  # equal values of a window weighted differently: the stable order's pick
            tied = tied or any(_median_tied(window, w, k) for window, w, width in zip((first, last), weights,
                                                                                      (before, after)) if width)
        steps.append((before, after, n, (take[0], weights[0]), (take[1], weights[1])))

    def along(k, vector):  # a 1-d vector of weights placed along axis k
        return np.reshape(vector, (1,) * k + (-1,) + (1,) * (ndim - k - 1))

    def pullback(g):
        for k in reversed(range(ndim)):
            before, after, n, wb, wa = steps[k]
            parts = np.split(g, [before, before + n], axis=k)
            center = parts[1]
            if mode == "linear_ramp":
                if before:
                    edge = np.sum(parts[0] * along(k, wb), axis=k, keepdims=True)
                    center = center + np.pad(edge, [(0, n - 1) if j == k else (0, 0) for j in range(ndim)])
                if after:
                    edge = np.sum(parts[2] * along(k, wa), axis=k, keepdims=True)
                    center = center + np.pad(edge, [(n - 1, 0) if j == k else (0, 0) for j in range(ndim)])
            else:
                (lb, weights_b), (la, weights_a) = wb, wa
                if before:
                    spread = _statistic_spread(np.sum(parts[0], axis=k, keepdims=True), weights_b)
                    center = center + np.pad(spread, [(0, n - lb) if j == k else (0, 0) for j in range(ndim)])
                if after:
                    spread = _statistic_spread(np.sum(parts[2], axis=k, keepdims=True), weights_a)
                    center = center + np.pad(spread, [(n - la, 0) if j == k else (0, 0) for j in range(ndim)])
            g = center
        # review: ties share equally, a convention that is not differentiated again
        return at_kink(g, array, lambda: np.full(shape, tied), tie_kink(f"numpy.pad(..., mode={mode!r})"))
    return pullback


defvjp(np.pad, _vjp_pad, None)


# -- more joins and splits: column_stack, dstack, vsplit, hsplit, dsplit, atleast_nd --------

sequence_function(np.column_stack, _joined_rule(_column_shape, 1))
sequence_function(np.dstack, _joined_rule(_atleast_3d_shape, 2))
defvjp(np.vsplit, lambda ans, ary, indices_or_sections: _vjp_split(ans, ary, indices_or_sections, 0), None)
defvjp(np.hsplit, lambda ans, ary, indices_or_sections: _vjp_split(
    ans, ary, indices_or_sections, 1 if len(shape_of(ary)) > 1 else 0), None)
defvjp(np.dsplit, lambda ans, ary, indices_or_sections: _vjp_split(ans, ary, indices_or_sections, 2), None)


def _atleast(fun, shape_for):
    """The stand-in for ``np.atleast_<n>d(*arys)``: one recorded reshape per Var argument."""
    def atleast(*arys):
        out = [np.reshape(a, shape_for(shape_of(a))) if is_traced(a) else fun(a) for a in arys]
        return out[0] if len(out) == 1 else tuple(out)
    atleast.__name__ = fun.__name__
    atleast.__doc__ = f"``numpy.{fun.__name__}`` on Vars: each argument reshaped (one node each)."
    return atleast


for _fun, _shape_for in ((np.atleast_1d, _atleast_1d_shape), (np.atleast_2d, _atleast_2d_shape),
                         (np.atleast_3d, _atleast_3d_shape)):
    defcomposite(_fun, _atleast(_fun, _shape_for))


def row_stack(tup, *, dtype=None, casting="same_kind"):
    """``np.vstack``, under the name NumPy 2 deprecated.

    ``np.row_stack`` still works on Vars (it calls ``np.vstack``, which records itself), but
    NumPy issues a ``DeprecationWarning`` first, an error under ``-W error``; this one does
    not warn.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> wg.grad_bp(lambda a: np.sum(wnp.row_stack([a, 2.0 * a])), np.ones(2))
    array([3., 3.])

    .. versionadded:: 0.1
    """
    return np.vstack(tup, dtype=dtype, casting=casting)


# wengert's own, made of a recorded np.vstack; it takes a sequence of arrays (see wengert.numpy)
defcomposite(row_stack, row_stack, names=("numpy.row_stack",), collects_sequences=True)


# -- flips, rotations, moved axes -----------------------------------------------------------

defvjp(np.copy, lambda ans, a, *args, **kwargs: lambda g: g,  # Vars are immutable: a copy is the value
       methods={"copy": lambda x, order="C": np.copy(x, order=order)})
defvjp(np.flipud, lambda ans, m: lambda g: np.flipud(g))
defvjp(np.fliplr, lambda ans, m: lambda g: np.fliplr(g))
defvjp(np.rot90, lambda ans, m, k=1, axes=(0, 1): lambda g: np.rot90(g, -k, axes))


def _vjp_rollaxis(ans, a, axis, start=0):
    """rollaxis moves ``axis`` to before ``start``: the inverse moves it back."""
    ndim = len(shape_of(a))
    axis %= ndim  # NumPy has already checked the range
    start = start + ndim if start < 0 else start
    if axis < start:
        start -= 1
    return lambda g: np.moveaxis(g, start, axis)


defvjp(np.rollaxis, _vjp_rollaxis)


# -- gathers by labels: append, insert, delete, diagonal ------------------------------------------

def _labels(shape, first=0):
    """Integer labels ``first, first + 1, ...`` laid out in ``shape``."""
    return np.arange(first, first + math.prod(shape)).reshape(shape)


def _from_sources(sources, total, dtype, counted=0):
    """The pullback ``g -> flat cotangent of length total`` of ``x -> x.ravel()[sources]``.

    Where each element ``counted..`` is copied at most once (delete, diagonal, append,
    most inserts) it is a gather of ``g`` at the inverse positions, about ten times
    faster on large arrays than the scatter-add that repeated copies need.
    """
    flat = sources.ravel()
    if np.bincount(flat, minlength=total)[counted:].max(initial=0) > 1:
        return lambda g: untake(g, sources, (total,), dtype)
    where = np.full(total, flat.size)  # elements not copied read the zero appended to g
    where[flat] = np.arange(flat.size)
    zero = np.zeros(1, dtype)
    return lambda g, part=slice(None): np.concatenate([reshape(g, (-1,)), zero])[where[part]]


def _moved_elements_rule(fun, argnums):
    """Rules for ``fun``, which only copies elements of its arguments at ``argnums`` into
    its result (insert, delete, diagonal...), one per argument.

    ``fun`` is run once more on integer labels of those elements, so the labels in its
    result say where each element came from; the pullback scatters ``g`` back along them,
    adding where an element was copied more than once (broadcast values). It is exact for
    any index form NumPy accepts, since NumPy itself placed the labels.
    """
    def rule_for(k):
        def vjp(ans, *args, **kwargs):
            shapes = [tuple(shape_of(args[i])) for i in argnums]
            bounds = np.cumsum([0] + [math.prod(s) for s in shapes]).tolist()
            labelled = list(args)
            for i, shape, first in zip(argnums, shapes, bounds):
                labelled[i] = _labels(shape, first)
            pullback = _from_sources(fun(*labelled, **kwargs), bounds[-1], np.result_type(args[argnums[k]]))
            part = slice(bounds[k], bounds[k + 1])
            return lambda g: reshape(pullback(g)[part], shapes[k])
        return vjp
    return [rule_for(k) for k in range(len(argnums))]




def _append_rule(k):
    """np.append is a concatenation (of the raveled arguments for ``axis=None``): its
    cotangents are the parts of ``g``, as for np.concatenate."""
    def vjp(ans, arr, values, axis=None):
        shapes = [shape_of(arr), shape_of(values)]
        if axis is None:
            pullback = _split_back((arr, values), shapes, [(math.prod(s),) for s in shapes], 0)
        else:
            pullback = _split_back((arr, values), shapes, shapes, axis % len(shapes[0]))
        return lambda g: pullback(g)[k]
    return vjp


defvjp(np.append, _append_rule(0), _append_rule(1))
defvjp(np.insert, *_moved_elements_rule(np.insert, (0, 2)), argnums=(0, 2))
defvjp(np.delete, *_moved_elements_rule(np.delete, (0,)))
defvjp(np.diagonal, *_moved_elements_rule(np.diagonal, (0,)), methods=("diagonal",))


# -- np.r_ / np.c_: NumPy converts their items with np.array, so wengert has its own ------------

def _index_trick(items, trick):
    """``trick[tuple(items)]`` for NumPy's index tricks ``np.r_`` and ``np.c_``."""
    return trick[tuple(items)]


def _is_inexact(item):
    return type(item) in (float, complex) or (
        isinstance(item, (np.ndarray, np.generic)) and item.dtype.kind in "fc")


def _vjp_index_trick(ans, items, trick):
    """NumPy concatenates the items once more, the floating-point ones replaced by labels
    1, 2, ... (float64, exact) and the others by zeros (slices by zeros of their length,
    directives kept): the labels in the result say where each element came from."""
    if isinstance(ans, np.matrix):
        raise NoGradientRule("the 'r' and 'c' matrix directives of np.r_ / np.c_ have no gradient "
                             "rule in wengert; build a 2-d array instead")
    labelled, parts, first = [], [], 1  # label 0: an element of no floating-point item
    for item in items:
        if _is_inexact(plain_value(item)):  # under nested runners the items may be Vars
            shape = shape_of(item)
            labelled.append(_labels(shape, first).astype(np.float64))
            parts.append((slice(first, first + math.prod(shape)), shape))
            first += math.prod(shape)
        else:
            labelled.append(item if isinstance(item, str) else np.zeros(
                len(np.r_[item]) if isinstance(item, slice) else np.shape(item)))
            parts.append(None)
    moved = _from_sources(np.real(trick[tuple(labelled)]).astype(np.intp), first, np.result_type(ans), 1)
    return lambda g: [None if p is None else reshape(moved(g)[p[0]], p[1]) for p in parts]


_index_trick = own_function(_index_trick, "wengert.numpy.r_/c_", _vjp_index_trick)


class IndexTrick:
    """``np.r_`` or ``np.c_`` that records when items are Vars (NumPy converts the items
    with ``np.array``, which it does not dispatch, so ``np.r_[v, w]`` cannot record).

    Items, slices and directives are NumPy's: the result is NumPy's, computed on the
    values, and the gradient of each Var item is read off where NumPy put its elements.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> wg.grad_bp(lambda v: np.sum(wnp.r_[v, 0.0, 2.0 * v] ** 2), np.array([1.0, 2.0]))
    array([10., 20.])
    >>> wnp.c_[np.array([1.0, 2.0]), np.array([3.0, 4.0])]
    array([[1., 3.],
           [2., 4.]])

    .. versionadded:: 0.1
    """
    def __init__(self, trick):
        self.trick = trick

    def __getitem__(self, key):
        items = list(key) if isinstance(key, tuple) else [key]
        if not any(is_traced(item) for item in items):
            return self.trick[key]
        return _index_trick(items, self.trick)

    def __len__(self):
        return 0


r_ = IndexTrick(np.r_)
c_ = IndexTrick(np.c_)
# wengert's own, made of one recorded _index_trick per use: declared by their __getitem__
defcomposite(r_.__getitem__, r_.__getitem__, names=("numpy.r_",), exposed=r_)
defcomposite(c_.__getitem__, c_.__getitem__, names=("numpy.c_",), exposed=c_)


# -- full / full_like with a Var fill value ---------------------------------------------------

def full(shape, fill_value, dtype=None, order="C"):
    """``np.full(shape, fill_value)`` with a differentiable ``fill_value`` (an array
    broadcast to ``shape``, or a scalar): its gradient is the sum of ``g`` over the copies.

    ``np.full(shape, v)`` cannot record (NumPy converts ``v`` with ``np.array``);
    ``np.full_like(x, v)`` can when ``x`` is a Var, and comes here (NumPy dispatches it on
    ``x`` only: with a plain ``x`` it reaches ``np.copyto``, which writes in place).

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> wg.grad_bp(lambda c: np.sum(wnp.full((2, 3), c) * np.arange(6.0).reshape(2, 3)), 1.0)
    15.0

    .. versionadded:: 0.1
    """
    if type(fill_value) is Var:  # a Var of an outer tape (derivatives of derivatives): record there
        return full(shape, fill_value, dtype=dtype, order=order)
    return np.full(shape, fill_value, dtype=dtype, order=order)


full = OwnPrimitive(full, name="wengert.numpy.full", names=("numpy.full",))
defvjp(full, None, lambda ans, shape, fill_value, *args, **kwargs:
       lambda g, fill_shape=shape_of(fill_value): unbroadcast(g, fill_shape))


def _full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None, **kwargs):
    """``np.full_like`` on Vars: the shape and dtype of ``a`` are read, never differentiated."""
    # peek: only a's shape and dtype are read, which a wengert.jit replay checks itself
    like = np.empty_like(peek(a), dtype=dtype, order=order, subok=subok, shape=shape, **kwargs)
    if not is_traced(fill_value):
        like[...] = fill_value
        return like
    return full(like.shape, fill_value, dtype=like.dtype, order="F" if like.flags.f_contiguous
                and not like.flags.c_contiguous else "C")


defcomposite(np.full_like, _full_like)


# -- diagonals and triangles: each pullback is the matching projection -----------------------

_vjp_diag_of_matrix = _moved_elements_rule(np.diag, (0,))[0]


def _vjp_diag(ans, v, k=0):
    """A vector's diagonal matrix pulls back to its diagonal; a matrix's diagonal scatters back."""
    if len(shape_of(v)) == 1:
        return lambda g: np.diag(g, k)
    return _vjp_diag_of_matrix(ans, v, k)


defvjp(np.diag, _vjp_diag)


def _vjp_diagflat(ans, v, k=0):
    shape = shape_of(v)
    return lambda g: reshape(np.diag(g, k), shape)


defvjp(np.diagflat, _vjp_diagflat)
defvjp(np.tril, lambda ans, m, k=0: lambda g, shape=shape_of(m): unbroadcast(np.tril(g, k), shape))
defvjp(np.triu, lambda ans, m, k=0: lambda g, shape=shape_of(m): unbroadcast(np.triu(g, k), shape))


# -- ndarray.astype --------------------------------------------------------------------------

def astype(x, dtype, order="K", casting="unsafe", subok=True, copy=True):
    """``x.astype(dtype)``; ``var.astype(dtype)`` records it.

    Between floating-point (or complex) dtypes the gradient comes back in ``x``'s dtype;
    to an integer or boolean dtype the result is a plain value with no gradient. From a
    complex to a real dtype NumPy keeps the real part (with a ``ComplexWarning``), whose
    cotangent is ``g`` as for ``np.real``; from real to complex the cotangent is the real
    part of ``g`` (a real input gets a real gradient).

    >>> import numpy as np, wengert as wg
    >>> wg.grad_bp(lambda v: np.sum(v.astype(np.float32) ** 2), np.array([1.0, 2.0]))
    array([2., 4.])

    .. versionadded:: 0.1
    """
    if not hasattr(x, "astype"):
        x = np.asarray(x)
    return x.astype(dtype, order=order, casting=casting, subok=subok, copy=copy)


def _vjp_astype(ans, x, dtype, *args, **kwargs):
    source = np.result_type(x)
    if source.kind != "c" and np.result_type(ans).kind == "c":
        return lambda g: astype(np.real(g), source)
    return lambda g: astype(g, source)


astype = OwnPrimitive(astype, name="numpy.ndarray.astype", methods=("astype",))
defvjp(astype, _vjp_astype)
defvjp(np.astype, _vjp_astype)  # NumPy 2's function form, np.astype(x, dtype, copy=..., device=...)


# -- linspace with differentiable endpoints ---------------------------------------------------

def _linspace_rule(weight_of):
    """The rule for ``start`` or ``stop`` of np.linspace: sample i is
    ``start * (1 - t_i) + stop * t_i`` with ``t = linspace(0, 1, num, endpoint)`` (exactly
    1 at an included end point, where NumPy puts ``stop`` itself)."""
    def vjp(ans, start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, **kwargs):
        if retstep:
            raise NoGradientRule("numpy.linspace(..., retstep=True) has no gradient rule in wengert; "
                                 "compute the step as (stop - start) / (num - 1) (or / num without "
                                 "the end point) next to np.linspace(start, stop, num)")
        shape = shape_of(stop if weight_of == "stop" else start)
        ans_ndim = len(shape_of(ans))
        axis %= ans_ndim
        t = np.linspace(0.0, 1.0, num, endpoint=endpoint, dtype=np.finfo(np.result_type(ans)).dtype)
        weights = np.reshape(t if weight_of == "stop" else 1.0 - t,
                             (1,) * axis + (num,) + (1,) * (ans_ndim - axis - 1))
        return lambda g: unbroadcast(np.sum(g * weights, axis=axis), shape)
    return vjp


defvjp(np.linspace, _linspace_rule("start"), _linspace_rule("stop"))


# -- logspace and geomspace through linspace; apply_along_axis / apply_over_axes ------

def _with_ndim(x, ndim):
    """``x`` with leading axes of length 1 up to ``ndim`` (NumPy's ``ndmin``), recorded."""
    shape = shape_of(x)
    return np.reshape(x, (1,) * (ndim - len(shape)) + tuple(shape)) if len(shape) < ndim else x


def _logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    """``np.logspace`` on Vars: ``base ** linspace(start, stop)`` as NumPy computes it (all
    three differentiable)."""
    ndim = max(len(shape_of(a)) for a in (start, stop, base))
    start, stop, base = (_with_ndim(a, ndim) for a in (start, stop, base))
    y = np.linspace(start, stop, num=num, endpoint=endpoint, axis=axis)
    out = np.power(np.expand_dims(base, axis=axis), y)
    return out if dtype is None else out.astype(dtype)


defcomposite(np.logspace, _logspace)


def _geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """``np.geomspace`` on Vars, NumPy's steps: the signs of ``start`` taken out (constants),
    ``logspace`` between the logarithms, the end points ``start`` and ``stop`` themselves.
    Real input only: NumPy's complex ``sign`` (``z / |z|``) moves with ``z``."""
    refuse_complex("numpy.geomspace", start, stop)
    start, stop = start * 1.0, stop * 1.0
    plain_start, plain_stop = plain_value(start), plain_value(stop)
    if np.any(plain_start == 0) or np.any(plain_stop == 0):
        raise ValueError("Geometric sequence cannot include zero")
    dt = np.result_type(plain_start, plain_stop, float(num), np.zeros((), dtype))
    sign = np.sign(plain_start).astype(dt)
    start, stop = start / sign, stop / sign
    shape = np.broadcast_shapes(shape_of(start), shape_of(stop))
    result = np.logspace(np.log10(start), np.log10(stop), num=num, endpoint=endpoint, base=10.0, dtype=dt)
    if num > 0:  # NumPy puts the end points in exactly
        ends = [np.broadcast_to(start, shape)[np.newaxis]]
        middle = num - 2 if (num > 1 and endpoint) else num - 1
        ends_after = [np.broadcast_to(stop, shape)[np.newaxis]] if (num > 1 and endpoint) else []
        result = np.concatenate(ends + [result[1:1 + middle]] + ends_after, axis=0)
    result = result * sign
    if axis != 0:
        result = np.moveaxis(result, 0, axis)
    return result if dtype is None else result.astype(dtype)


defcomposite(np.geomspace, _geomspace)


def _apply_along_axis(func1d, axis, arr, *args, **kwargs):
    """``np.apply_along_axis`` on Vars: ``func1d`` on every 1-d slice (each a recorded
    index), the results stacked and placed at ``axis`` as NumPy places them."""
    shape = shape_of(arr)
    axis = normalize_axis(axis, len(shape))[0]
    moved = np.moveaxis(arr, axis, -1)
    outer = shape[:axis] + shape[axis + 1:]
    if math.prod(outer) == 0:
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
    results = [func1d(moved[index], *args, **kwargs) for index in np.ndindex(*outer)]
    stacked = np.stack(results)
    res_ndim = len(shape_of(stacked)) - 1
    out = np.reshape(stacked, tuple(outer) + tuple(shape_of(stacked)[1:]))
    inner = list(range(len(outer), len(outer) + res_ndim))
    return np.moveaxis(out, inner, list(range(axis, axis + res_ndim)))


defcomposite(np.apply_along_axis, _apply_along_axis)


def _apply_over_axes(func, a, axes):
    """``np.apply_over_axes`` on Vars: ``func(a, axis)`` for each axis in turn, its result
    given back the reduced axis (recorded), as NumPy does."""
    ndim = len(shape_of(a))
    for axis in (axes,) if np.ndim(axes) == 0 else axes:
        axis = axis + ndim if axis < 0 else axis
        res = func(a, axis)
        if len(shape_of(res)) != ndim:
            res = np.expand_dims(res, axis)
            if len(shape_of(res)) != ndim:
                raise ValueError("function is not returning an array of the correct shape")
        a = res
    return a


defcomposite(np.apply_over_axes, _apply_over_axes)


# -- np.gradient: a banded linear map, its bands read off NumPy's own stencil ---------------------

#: np.gradient's stencils reach at most two places either side of the point.
_REACH = 2


def _gradient_bands(n, spacing, edge_order, dtype):
    """The coefficients ``w[d][i]`` of the finite differences ``out[i] = sum_d w[d][i] f[i + d]``
    that np.gradient takes along an axis of length ``n`` (``d = -2..2``).

    Every row reaches at most 2 places either side, so columns 5 apart never meet in a
    row: np.gradient of the comb with ones at the columns ``j = r (mod 5)`` gives, in
    row ``i``, the one coefficient ``w[j - i][i]`` (the Jacobian compression of Curtis,
    Powell and Reid). Five calls of NumPy's own np.gradient read every coefficient
    exactly, for uniform and coordinate spacing and both edge orders.
    """
    width = 2 * _REACH + 1
    rows = np.arange(n)
    bands = np.zeros((width, n), dtype=dtype)
    for r in range(width):
        comb = (np.arange(n) % width == r).astype(dtype)
        column = np.gradient(comb, *spacing, edge_order=edge_order)
        d = (r - rows) % width  # the column j = i + d of residue r nearest to row i
        d = np.where(d > _REACH, d - width, d)
        bands[d + _REACH, rows] = column
    return bands


def _transposed_stencil(g, bands, axis):
    """``L^T g`` along ``axis`` for the banded map ``L`` with coefficients ``bands``."""
    ndim = len(shape_of(g))
    n = shape_of(g)[axis]
    out = 0.0
    for d in range(-_REACH, _REACH + 1):
        if abs(d) >= n:
            continue
        w = np.reshape(bands[d + _REACH], (n,) + (1,) * (ndim - axis - 1))
        term = (g * w)[(slice(None),) * axis + (slice(max(-d, 0), n - max(d, 0)),)]
        widths = [(0, 0)] * ndim
        widths[axis] = (max(d, 0), max(-d, 0))  # out[j] += term[j - d]
        out = out + np.pad(term, widths)
    return out


def _vjp_gradient(ans, f, *varargs, axis=None, edge_order=1):
    shape = shape_of(f)
    ndim = len(shape)
    axes = tuple(range(ndim)) if axis is None else tuple(
        a % ndim for a in (axis if isinstance(axis, tuple) else (axis,)))
    if len(varargs) == 0:
        spacings = [()] * len(axes)
    elif len(varargs) == 1 and np.ndim(varargs[0]) == 0:
        spacings = [varargs] * len(axes)
    else:
        spacings = [(v,) for v in varargs]
    dtype = np.finfo(np.result_type(ans if len(axes) == 1 else ans[0])).dtype  # real, as the stencil
    bands = [_gradient_bands(shape[a], s, edge_order, dtype) for a, s in zip(axes, spacings)]
    if len(axes) == 1:
        return lambda g: _transposed_stencil(g, bands[0], axes[0])

    def pullback(g):
        total = None
        for i, (a, b) in enumerate(zip(axes, bands)):
            part = get_part(g, i)
            if part is not None:
                term = _transposed_stencil(part, b, a)
                total = term if total is None else total + term
        return np.zeros(shape, dtype=dtype) if total is None else total
    return pullback


defvjp(np.gradient, _vjp_gradient)


# -- np.cross: written with products of components -------------------------------------------

#: NumPy 2.0 deprecated cross products of 2-element vectors and NumPy 2.5 removed them;
#: wengert's np.cross does as the installed NumPy does.
CROSS_OF_2_VECTORS = np.lib.NumpyVersion(np.__version__) < "2.5.0"


def _cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """``np.cross`` on Vars, from recorded products of the components (broadcasting,
    2- and 3-vectors and their mixtures, axisa/axisb/axisc as in NumPy)."""
    if axis is not None:
        axisa = axisb = axisc = axis
    a = np.moveaxis(a if is_traced(a) else np.asarray(a), axisa, -1)
    b = np.moveaxis(b if is_traced(b) else np.asarray(b), axisb, -1)
    na, nb = shape_of(a)[-1], shape_of(b)[-1]
    if na not in (2, 3) or nb not in (2, 3):
        raise ValueError("incompatible dimensions for cross product\n(dimension must be 2 or 3)")
    if (na == 2 or nb == 2) and not CROSS_OF_2_VECTORS:  # as NumPy >= 2.5 refuses them
        raise ValueError("Both input arrays must be (arrays of) 3-dimensional vectors, but they "
                         f"are {na} and {nb} dimensional instead.")
    a0, a1, b0, b1 = a[..., 0], a[..., 1], b[..., 0], b[..., 1]
    if na == 2 or nb == 2:  # as NumPy 2.0 to 2.4 warn
        warnings.warn("Arrays of 2-dimensional vectors are deprecated. Use arrays of "
                      "3-dimensional vectors instead. (deprecated in NumPy 2.0)",
                      DeprecationWarning, stacklevel=3)
    z = a0 * b1 - a1 * b0
    if na == nb == 2:
        return z
    if na == 2:  # a third component 0
        x, y = a1 * b[..., 2], -(a0 * b[..., 2])
    elif nb == 2:
        x, y = -(a[..., 2] * b1), a[..., 2] * b0
    else:
        a2, b2 = a[..., 2], b[..., 2]
        x, y = a1 * b2 - a2 * b1, a2 * b0 - a0 * b2
    c = np.stack([x, y, z], axis=-1)
    return np.moveaxis(c, -1, axisc)


defcomposite(np.cross, _cross)


# -- forward mode: every function here is linear in its differentiable arguments ----------
# (its JVP is the function applied to the tangents, wengert.forward); np.pad is affine
# (constant_values) and goes through the transpose of its pullback.
from ..forward import declare_jvp, defjvp  # noqa: E402  (after the rules it declares)

declare_jvp("linear", getitem, untake, np.reshape, np.squeeze, np.ravel, np.transpose, np.moveaxis,
            np.flip, np.roll, np.broadcast_to, np.expand_dims, np.swapaxes, np.concatenate, np.stack,
            np.hstack, np.vstack, np.split, np.array_split, np.take, np.repeat, np.tile,
            np.column_stack, np.dstack, np.vsplit, np.hsplit, np.dsplit, np.copy, np.flipud,
            np.fliplr, np.rot90, np.rollaxis, np.append, np.insert, np.delete, np.diagonal, np.diag,
            np.diagflat, np.tril, np.triu, astype, np.astype, np.linspace, np.gradient, full, array)


def _jvp_index_trick(ans, primals, tangents):
    # r_/c_ are affine: a slice item is a constant range, a string a directive; the
    # tangent is the same trick on the tangents, with zeros for every constant item
    items, trick = primals
    ts = tangents[0] or [None] * len(items)
    new = []
    for item, t in zip(items, ts):
        if t is not None or isinstance(item, str):
            new.append(item if t is None else t)
        elif isinstance(item, slice):
            new.append(np.zeros(len(np.r_[item])))
        else:
            new.append(np.zeros(np.shape(item)))
    return _index_trick(new, trick)


defjvp(_index_trick, _jvp_index_trick)


# -- gathers along an axis, selections, broadcasting and NumPy 2's names ----------------

def _along_axis_key(indices, shape, axis):
    """The fancy index ``key`` with ``np.take_along_axis(x, indices, axis) == x[key]`` for
    ``x`` of ``shape``: ``indices`` on ``axis``, broadcast ranges on the other axes."""
    ndim = len(shape)
    return tuple(indices if d == axis else
                 np.reshape(np.arange(shape[d]), (1,) * d + (shape[d],) + (1,) * (ndim - d - 1))
                 for d in range(ndim))


def _vjp_take_along_axis(ans, arr, indices, axis=-1):
    shape, dtype = shape_of(arr), np.result_type(arr)
    index = np.asarray(plain_value(indices)).astype(np.intp, copy=False)
    if axis is None:  # the flattened array
        return _gather_rule(shape, dtype, index, None)
    key = _along_axis_key(index, shape, axis % len(shape))
    # the result broadcasts arr's length-1 axes against indices': scatter into that shape
    full = tuple(np.broadcast_shapes(*[np.shape(k) for k in key]))
    wide = tuple(n if d == axis % len(shape) else max(n, m) for d, (n, m) in enumerate(zip(shape, full)))
    if wide == tuple(shape):
        return _scatter_rule(shape, dtype, key)
    return lambda g: unbroadcast(untake(g, key, wide, dtype), shape)


defvjp(np.take_along_axis, _vjp_take_along_axis, None)


def _condition_indices(condition):
    """The positions where ``condition`` (a plain array or a Var) is true, as NumPy reads it."""
    return np.flatnonzero(np.ravel(np.asarray(plain_value(condition))))


def _compress(condition, a, axis=None, out=None):
    """``np.compress`` on Vars: ``np.take`` of the positions where ``condition`` holds (one
    recorded gather; ``condition`` is read, never differentiated)."""
    return np.take(a, _condition_indices(condition), axis=axis)


def _extract(condition, arr):
    """``np.extract`` on Vars: the elements of ``ravel(arr)`` where ``ravel(condition)`` holds."""
    return np.take(np.ravel(arr), _condition_indices(condition))


defcomposite(np.compress, _compress,
             methods={"compress": lambda x, condition, axis=None: np.compress(condition, x, axis)})
defcomposite(np.extract, _extract)


def _choose(a, choices, out=None, mode="raise"):
    """``np.choose`` on Vars: nested ``np.where`` (each element is one choice's, exactly;
    each choice's gradient is ``g`` where it was chosen, summed over broadcasting)."""
    if is_traced(choices):  # one array: its rows are the choices
        choices = [choices[k] for k in range(shape_of(choices)[0])]
    index = np.asarray(plain_value(a))
    n = len(choices)
    # NumPy's own checks and errors (index range for mode="raise", shapes, dtypes)
    # (peek: only shapes and dtypes are read, which a wengert.jit replay checks itself)
    np.choose(index, [np.zeros(shape_of(c), np.result_type(peek(c))) for c in choices], mode=mode)
    if mode in ("wrap", "clip"):
        index = index % n if mode == "wrap" else np.clip(index, 0, n - 1)
    out_value = choices[0]
    for k in range(1, n):
        out_value = np.where(index == k, choices[k], out_value)
    shape = np.broadcast_shapes(np.shape(index), *[shape_of(c) for c in choices])
    return out_value if shape_of(out_value) == shape else np.broadcast_to(out_value, shape)


defcomposite(np.choose, _choose, methods={"choose": lambda x, choices, mode="raise": np.choose(x, choices, mode=mode)})


def _broadcast_arrays(*args, subok=False):
    """``np.broadcast_arrays`` on Vars: one recorded ``np.broadcast_to`` per Var."""
    shape = np.broadcast_shapes(*[shape_of(a) for a in args])
    return tuple(np.broadcast_to(a if is_traced(a) else np.asarray(a), shape) for a in args)


defcomposite(np.broadcast_arrays, _broadcast_arrays)


def _meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    """``np.meshgrid`` on Vars: each coordinate vector reshaped and broadcast (recorded)."""
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    ndim = len(xi)
    axes = list(range(ndim))
    if indexing == "xy" and ndim > 1:
        axes[0], axes[1] = 1, 0
    out = [np.reshape(x if is_traced(x) else np.asarray(x), tuple(-1 if d == axes[i] else 1 for d in range(ndim)))
           for i, x in enumerate(xi)]
    return tuple(out) if sparse else _broadcast_arrays(*out)


defcomposite(np.meshgrid, _meshgrid)


def _matrix_transpose(x):
    """``np.matrix_transpose`` (and ``np.linalg.matrix_transpose``) on Vars: the last two axes
    swapped (recorded)."""
    if len(shape_of(x)) < 2:
        raise ValueError("Input array must be at least 2-dimensional, but it is "
                         f"{len(shape_of(x))}-dimensional.")
    return np.swapaxes(x, -1, -2)


defcomposite(np.matrix_transpose, _matrix_transpose, properties=("mT",))  # x.mT (NumPy >= 2)
if np.linalg.matrix_transpose is not np.matrix_transpose:  # numpy.linalg's own function object
    defcomposite(np.linalg.matrix_transpose, _matrix_transpose)


def _unstack_axis(x, /, *, axis=0):
    """``np.unstack`` (NumPy >= 2.1) on Vars: one recorded gather per slice."""
    return tuple(np.take(x, k, axis=axis) for k in range(shape_of(x)[axis]))


def _block_depth(arrays):
    return 1 + _block_depth(arrays[0]) if type(arrays) is list and arrays else int(type(arrays) is list)


def _block(arrays):
    """``np.block`` on Vars: the items brought to a common number of dimensions (recorded
    reshapes) and concatenated, innermost lists along the last axis, as NumPy does. NumPy
    itself checks the nesting and the shapes first, on zeros of the items' shapes."""
    def placeholder(x):
        if type(x) is list:
            return [placeholder(i) for i in x]
        if type(x) is tuple:
            return x  # NumPy's own error for a tuple
        return np.zeros(shape_of(x), np.result_type(peek(x)))
    ndim = np.ndim(np.block(placeholder(arrays)))
    depth = _block_depth(arrays)

    def joined(x, level):
        if type(x) is list:
            return np.concatenate([joined(i, level + 1) for i in x], axis=level - depth)
        x = x if is_traced(x) else np.asarray(x)
        shape = shape_of(x)
        return np.reshape(x, (1,) * (ndim - len(shape)) + tuple(shape)) if len(shape) < ndim else x
    return joined(arrays, 0)


defcomposite(np.block, _block)


def _resize(a, new_shape):
    """``np.resize`` on Vars: the raveled array repeated and cut to the new size (recorded), as
    NumPy computes it; an empty result is plain zeros."""
    new_shape = (new_shape,) if isinstance(new_shape, (int, np.integer)) else tuple(new_shape)
    flat = np.ravel(a)
    size = math.prod(new_shape)
    if size < 0:
        raise ValueError("all elements of `new_shape` must be non-negative")
    n = math.prod(shape_of(flat))
    if n == 0 or size == 0:
        return np.zeros(new_shape, dtype=np.result_type(peek(a)))
    if -(-size // n) > 1:
        flat = np.concatenate((flat,) * -(-size // n))
    return np.reshape(flat[:size], new_shape)


defcomposite(np.resize, _resize)


def _trim_zeros(filt, trim="fb", axis=None):
    """``np.trim_zeros`` on Vars: the slice NumPy keeps (its bounds read from the values:
    the trimmed zeros get no gradient, any move of them changing the result's size)."""
    trim = trim.lower()
    value = np.asarray(plain_value(filt))
    ndim = value.ndim
    axes = range(ndim) if axis is None else [a % ndim for a in ((axis,) if np.ndim(axis) == 0 else axis)]
    key = [slice(None)] * ndim
    for ax in axes:
        along = np.any(value != 0, axis=tuple(d for d in range(ndim) if d != ax)) if ndim > 1 else value != 0
        nonzero = np.flatnonzero(along)
        if nonzero.size == 0:
            key[ax] = slice(0, 0)
            continue
        key[ax] = slice(int(nonzero[0]) if "f" in trim else 0,
                        int(nonzero[-1]) + 1 if "b" in trim else value.shape[ax])
    if ndim > 1 and axis is None and all(k == slice(0, 0) for k in key):
        key = [slice(0, 0)] * ndim
    return filt[tuple(key)]


defcomposite(np.trim_zeros, _trim_zeros)


if hasattr(np, "unstack"):
    defcomposite(np.unstack, _unstack_axis)

declare_jvp("linear", np.take_along_axis)


# -- np.ix_ of float Vars, the open mesh -------------------------------------------

def _ix(*args):
    """``np.ix_`` with Vars among its sequences: NumPy's own steps, each sequence reshaped to
    run along its own axis (a recorded ``np.reshape``, so the gradient is the reshape's).
    A Var holds floating-point numbers, so it is an open mesh of values (``a * b`` of
    ``np.ix_(x, y)`` is the outer product), never an index; integer and boolean sequences
    are plain, and NumPy's (booleans become the positions of their True entries)."""
    out = []
    nd = len(args)
    for k, new in enumerate(args):
        if not is_traced(new) and not isinstance(new, np.ndarray):
            new = np.asarray(new)
            if new.size == 0:  # NumPy's: an empty sequence indexes with integers, not floats
                new = new.astype(np.intp)
        if len(shape_of(new)) != 1:
            raise ValueError("Cross index must be 1 dimensional")
        if not is_traced(new) and np.issubdtype(new.dtype, np.bool_):
            new, = new.nonzero()
        size = shape_of(new)[0]
        out.append(np.reshape(new, (1,) * k + (size,) + (1,) * (nd - k - 1)))
    return tuple(out)


defcomposite(np.ix_, _ix)
