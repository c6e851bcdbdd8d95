"""Shapes and indexing, and their VJPs: each NumPy function next to its rule."""
import numpy as np

from ..errors import NoGradientRule
from ..primitive import Primitive, defvjp
from ..structured import get_part, plain_value
from ._util import own_function, sequence_function, shape_of, unbroadcast


# -- indexing ----------------------------------------------------------------------------

def _is_basic_index(key):
    """True for keys made only of ints, slices, None and Ellipsis (no repeated elements)."""
    parts = key if isinstance(key, tuple) else (key,)
    return all(k is None or k is Ellipsis or isinstance(k, (slice, int, np.integer))
               and not isinstance(k, bool) for k in parts)


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
    before = parts[:arrays[0]]
    if Ellipsis in before:
        consumed = sum(1 for k in parts if k is not None and k is not Ellipsis)
        axis = len(shape) - consumed + sum(1 for k in before if k is not None and k is not Ellipsis)
    else:
        axis = sum(1 for k in before if k is not None)
    n = shape[axis]
    return np.bincount(index.ravel() % n, minlength=n).max() <= 1


def untake(g, key, shape, dtype):
    """Scatter ``g`` into zeros of ``shape`` at ``key``, adding where indices repeat.

    >>> untake(np.ones(3), [0, 0, 2], (3,), np.float64)
    array([2., 0., 1.])
    """
    out = np.zeros(shape, dtype=dtype)
    if _is_basic_index(key) or _selects_blocks_once(key, shape, g):
        out[key] = g
    else:
        np.add.at(out, key, g)
    return out


def getitem(x, key):
    """``x[key]`` for arrays; recorded when ``x`` is a Var."""
    return x[key]


getitem = Primitive(getitem, name="getitem")


def _scatter_rule(shape, dtype, key):
    """The pullback of ``x -> x[key]`` for ``x`` of ``shape``."""
    return lambda g: untake(g, key, shape, dtype)


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
    return lambda g: np.reshape(g, shape, order=_memory_order(x, order))


defvjp(np.reshape, _vjp_reshape)
defvjp(np.squeeze, lambda ans, a, axis=None: _vjp_reshape(ans, a))


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
    return lambda g: np.reshape(g, shape, order=order)


defvjp(np.ravel, _vjp_ravel)


def _vjp_transpose(ans, x, axes=None):
    if axes is None:
        return lambda g: np.transpose(g)
    ndim = len(shape_of(x))
    inverse = np.argsort([a % ndim for a in axes])  # negative axes count from the end
    return lambda g: np.transpose(g, inverse)


defvjp(np.transpose, _vjp_transpose)
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


defvjp(np.swapaxes, _vjp_swapaxes, None, None)


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


sequence_function(np.concatenate, _vjp_concatenate)


def _vjp_stack(ans, arrays, axis=0, out=None, **kwargs):
    shapes = _item_shapes(arrays)
    axis %= len(shapes[0]) + 1
    return _split_back(arrays, shapes, [s[:axis] + (1,) + s[axis:] for s in shapes], axis)


sequence_function(np.stack, _vjp_stack)


def _vjp_hstack(ans, tup, **kwargs):
    shapes = _item_shapes(tup)
    joined = [s or (1,) for s in shapes]  # as np.atleast_1d
    return _split_back(tup, shapes, joined, 0 if len(joined[0]) == 1 else 1)


sequence_function(np.hstack, _vjp_hstack)


def _vjp_vstack(ans, tup, **kwargs):
    shapes = _item_shapes(tup)
    joined = [(1,) * (2 - len(s)) + s for s in shapes]  # as np.atleast_2d
    return _split_back(tup, shapes, joined, 0)


sequence_function(np.vstack, _vjp_vstack)


def array(obj, dtype=None):
    """An array built from a nested list of floats, arrays, and Vars holding them.

    ``np.array([v, w])`` cannot be recorded (NumPy does not dispatch it); this can. For a
    flat list of arrays of one shape it is ``np.stack``.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> wg.grad_bp(lambda a, b: np.sum(wnp.array([[a, 2.0], [b, a]]) ** 2), 1.0, 3.0)
    (4.0, 6.0)

    .. versionadded:: 0.2
    """
    return np.array(obj, dtype=dtype)


def _unstack(g, like):
    """The cotangent of a nested list ``like`` from the cotangent ``g`` of its array."""
    if isinstance(like, (list, tuple)):
        return [_unstack(g[i], item) for i, item in enumerate(like)]
    return g


array = own_function(array, "wengert.numpy.array", lambda ans, obj, dtype=None: lambda g: _unstack(g, obj))


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
        return lambda g: np.reshape(untake(g, index, (size,), dtype), shape)
    return _scatter_rule(shape, dtype, (slice(None),) * (axis % len(shape)) + (index,))


def _vjp_take(ans, a, indices, axis=None, out=None, mode="raise"):
    shape = shape_of(a)
    n = int(np.prod(shape)) if axis is None else shape[axis]
    index = np.asarray(indices)
    if mode == "wrap":
        index = index % n
    elif mode == "clip":
        index = np.clip(index, 0, n - 1)
    return _gather_rule(shape, np.result_type(a), index[()] if index.ndim == 0 else index, axis)


defvjp(np.take, _vjp_take, None)


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


defvjp(np.repeat, _vjp_repeat, None)


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
    if mode == "constant":
        key = tuple(slice(before, before + n) for (before, _), n in zip(widths, shape))
        return lambda g: g[key]
    if mode in _GATHER_PAD_MODES and kwargs.get("reflect_type", "even") == "even":
        options = {"reflect_type": "even"} if mode in ("reflect", "symmetric") else {}
        positions = [np.pad(np.arange(n), w, mode=mode, **options) for n, w in zip(shape, widths)]
        return _scatter_rule(shape, np.result_type(array), np.ix_(*positions))
    what = f"mode={mode!r}" + (f", reflect_type={kwargs['reflect_type']!r}" if "reflect_type" in kwargs else "")
    raise NoGradientRule(
        f"numpy.pad(..., {what}) has no gradient rule in wengert (covered: mode='constant', "
        f"{', '.join(repr(m) for m in _GATHER_PAD_MODES)} with reflect_type='even'). Build the "
        "padding from those, or register a rule with wengert.defvjp(numpy.pad, ...)")


defvjp(np.pad, _vjp_pad, None)
