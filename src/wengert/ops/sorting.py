"""Sorting, selection, order statistics and NaN-skipping reductions, and their VJPs.

Sorting and its relatives move elements: their gradient routes each part of the
cotangent back to the element it came from, through a permutation (``_permute``, a
primitive whose own rule is the inverse permutation, so derivatives of every order come
for free). Where equal values make the source of an element ambiguous (ties), the
permutation is the one NumPy's *stable* sort picks: the first of equal elements goes to
the first place. The result is then the one-sided derivative for moves that keep that
order; the value itself is continuous there. A tie reached only at second order (the tied
values' derivatives equal in every direction), where no move may keep that order, refuses a
second derivative that depends on it, as np.max's tie does (see ``_tie_marked``).
"""
import builtins
import inspect

import numpy as np

from .._backend import Dual, Var
from ..errors import NoGradientRule
from ..forward import convention_value, defjvp
from ..primitive import OwnPrimitive, defcomposite, defvjp, lookup
from ..structured import collect, is_complex, is_computed, is_traced, on_another_tape, plain_numbers as plain_value
from ._util import (at_kink, dtype_of, in_jvp, kink_refusal, normalize_axis, own_function, refuse_keywords,
                    reshape, restore_reduced, shape_of, structural_flow, deferred_reduction_zeros,
                    tie_kink, unbroadcast, counts_for, dof_factor, nan_off_the_mean, std_pullback, std_rescaled, std_value, float16_widened, std_tangent,
                    structural_nan_dropped,
                    cast_to_real, structural_zeros_of)
from .complexnum import conj_if_complex, refuse_complex


# -- routing through a permutation ---------------------------------------------------------

def _inverse(order, axis):
    """The inverse of the permutations ``order`` (an index array) along ``axis``."""
    ndim = np.ndim(order)
    places = np.reshape(np.arange(shape_of(order)[axis]), [-1 if a == axis % ndim else 1 for a in range(ndim)])
    inverse = np.empty_like(order)
    np.put_along_axis(inverse, order, np.broadcast_to(places, shape_of(order)), axis)
    return inverse


def _permute(x, order, axis):
    """``np.take_along_axis(x, order, axis)`` for permutations ``order`` along ``axis``."""
    return np.take_along_axis(x, order, axis)


# own_function: at third order and beyond, x may be a Var of an outer tape; _permute then
# records itself on that tape rather than handing the Var to NumPy.
_permute = own_function(_permute, "wengert.permute",
                        lambda ans, x, order, axis: lambda g: _permute(g, _inverse(order, axis), axis))


def _stable_order(x, axis):
    """The permutations NumPy's stable sort applies along ``axis`` (ties: first stays first)."""
    return np.argsort(plain_value(x), axis=axis, kind="stable")


def _traced(a):
    """Whether ``a`` is traced (a second derivative) other than as a tape's own argument,
    whose entries are independent variables: ties of them part at first order (internal)."""
    if type(a) is Dual:
        return True
    return is_computed(a)


def _route_back(order, axis, a=None):
    """The pullback of ``x -> _permute(x, order, axis)``: each part back to its source
    (``a``: the input, where it may be traced: its ties marked, see :func:`_tie_marked`;
    ``order`` need not sort ``a``: np.partition's sources)."""
    inverse = _inverse(order, axis)
    if not _traced(a):
        return lambda g: _permute(g, inverse, axis)
    stable = _stable_order(a, axis)
    places = np.take_along_axis(inverse, stable, axis)  # where each sorted place's source went
    return lambda g: _tie_marked(_permute(g, inverse, axis), a, stable, axis, g, places)


def _flat_route_back(shape, order, a=None):
    """The same for a flattened input of ``shape`` (``axis=None``)."""
    back = _route_back(order, 0, np.ravel(a) if _traced(a) else None)
    return lambda g: reshape(back(g), shape)


# -- ties reached at second order ----------------------------------------------------------
# At a tie the stable order's derivative is one-sided: right for the moves that keep that
# order, which exist where the tied values' derivatives differ (a tie of x itself). Where
# they are equal in every direction the values part only at second order, and no move may
# keep the order: sort(stack([x0 ** 2, 0]))[1] is x0 ** 2 for every x0, and the stable order
# gave it the Hessian of 0. There, as np.max at a tie, a second derivative that depends on
# the order refuses: in a sweep's pullback, where the cotangents of the tied places differ
# (a swap changes the gradient); in forward mode, where the tied tangents' own tangents do.

_SORT_TIE = ("numpy.sort (partition, median, quantile, percentile)",
             "the stable order's, and the tied values move apart only at second order, so that no move "
             "may keep that order", "Evaluate away from the tie.")


def _ties(a, order, axis, tangent=None):
    """``(pairs, order, index)`` along the last axis, the others flattened (``M`` rows of ``n``):
    ``pairs[m, p]`` where places ``p`` and ``p + 1`` of row ``m`` of the sorted ``a`` hold equal
    values (and, with ``tangent``, plain, leading axes of directions first, tangents equal in
    every direction), ``order[m, p]`` the position of place ``p``'s source along the axis,
    ``index[m, k]`` the flat index in ``a`` of position ``k``. None where there is no such pair."""
    value = np.asarray(plain_value(a))
    n = shape_of(value)[axis] if value.ndim else 1
    if n < 2:
        return None
    order = np.moveaxis(np.asarray(order), axis, -1)
    rows = np.take_along_axis(np.moveaxis(value, axis, -1), order, -1).reshape(-1, n)
    pairs = rows[:, 1:] == rows[:, :-1]
    if tangent is not None and pairs.any():
        lead = np.ndim(tangent) - value.ndim
        moved = np.moveaxis(tangent, axis % value.ndim + lead, -1)
        t = np.take_along_axis(moved, np.broadcast_to(order, moved.shape), -1)
        t = t.reshape(t.shape[:lead] + (-1, n))
        pairs = pairs & np.all(t[..., 1:] == t[..., :-1], axis=tuple(range(lead)))
    if not pairs.any():
        return None
    index = np.moveaxis(np.arange(value.size).reshape(value.shape), axis, -1).reshape(-1, n)
    return pairs, order.reshape(-1, n), index


def _marked_runs(pairs, weights=None):
    """The pairs of each run of tied places (consecutive pairs) along which ``weights``
    (plain, ``(..., M, n)``: what each place is multiplied by, its leading axes any) is not
    constant; every run where ``weights`` is None."""
    if weights is None:
        return pairs
    weights = np.asarray(weights)
    differ = weights[..., 1:] != weights[..., :-1]
    differ = np.any(differ.reshape((-1,) + pairs.shape), axis=0)
    run = np.cumsum(~pairs, axis=-1) + np.arange(len(pairs))[:, None] * pairs.shape[-1]
    return pairs & np.isin(run, run[pairs & differ])


def _tie_marked(r, a, order, axis, weights, places):
    """``r``, the cotangent of ``a`` routed back from the cotangent ``weights`` of the result
    (whose positions ``places`` hold the sorted ``a``'s places) in a sweep's pullback, marked
    where ``a`` is traced (a second derivative) and a tie whose order the gradient depends
    on is reached only at second order (see the comment above): forward over
    reverse (``a`` a Dual) carries a swap of each such pair as a convention of its own, refused
    where the gradient's tangent depends on it (:func:`wengert.forward.convention_value`);
    reverse over reverse (``a`` a Var) a node whose derivative in ``a`` refuses where the
    outer cotangents of a tied pair are equal (:func:`_tie_guard`)."""
    # (a pullback transposed, forward mode's or jacfwd's of a Var (wengert.transforms._transpose:
    # reverse over forward): its g a traced 0 of a tape of its own, no weights known; the tangent
    # of a meets the mark as r's cotangent there, _tie_transposed)
    transposed = in_jvp() or on_another_tape(weights, a)
    tangent = None
    if type(a) is Dual and not transposed:
        tangent = a.tangent
        if type(tangent) is not np.ndarray or type(a.primal) is not np.ndarray:
            return r  # (a nested pass's: as before)
    found = _ties(a, order, axis, tangent)
    if found is None:
        return r
    pairs, rows, index = found
    n = rows.shape[-1]
    if not transposed:
        weights = np.take_along_axis(np.asarray(plain_value(weights)), places, axis)
        weights = np.moveaxis(weights, axis % np.ndim(plain_value(a)), -1).reshape(-1, n)
        pairs = _marked_runs(pairs, weights)
        if not pairs.any():
            return r
    m, p = np.nonzero(pairs)
    first, second = index[m, rows[m, p]], index[m, rows[m, p + 1]]
    if transposed:
        return _tie_transposed(r, first, second, np.shape(plain_value(a)))
    where = np.zeros(np.shape(plain_value(a)), dtype=bool)
    where.flat[first] = where.flat[second] = True
    if tangent is not None:
        directions = np.zeros((len(m), where.size))
        directions[np.arange(len(m)), first] = 1.0
        directions[np.arange(len(m)), second] = -1.0
        return convention_value(r, where, kink_refusal(where, _SORT_TIE), directions)
    return _tie_guard(a, r, first, second, where)


def _tie_guard_value(a, r, first, second, where):
    return r


def _vjp_tie_guard_a(ans, a, r, first, second, where):
    def pullback(g):
        # the outer cotangents of a tied pair's entries: unequal where the pair's derivatives
        # differ in this row (the order is one of a piece), equal where they may not
        shape = np.shape(plain_value(a))
        flows = structural_flow(g, where, shape)
        if flows is not None and not flows.any():
            return None
        value = np.asarray(plain_value(g)).reshape((-1, int(np.prod(shape, dtype=int))))
        if np.any(value[:, first] == value[:, second]):
            raise kink_refusal(where, _SORT_TIE)
        return None
    return pullback


_tie_guard = OwnPrimitive(_tie_guard_value, name="wengert.sort_tie", reenters="any")
defvjp(_tie_guard, _vjp_tie_guard_a, lambda ans, *args: lambda g: g, argnums=(0, 1))


def _tie_transposed_value(r, first, second, shape):
    return r


# r's cotangent in the transposition is a's tangent: marked as forward mode marks it
_tie_transposed = OwnPrimitive(_tie_transposed_value, name="wengert.sort_tie (transposed)", reenters="any")
defvjp(_tie_transposed, lambda ans, r, first, second, shape: lambda h: _difference_marked(h, first, second, shape))


def _difference_marked(t, first, second, shape):
    """``t`` (a tangent of an array of ``shape``, leading axes of directions first), marked at
    the tied pairs of entries ``first[k]``, ``second[k]`` (flat indices) whose tangents are
    equal in every direction: the values part only at second order there, and the pair's
    tangents differ only in their own tangents, which have no value where they move apart
    (:func:`at_kink` on the differences within each run of pairs; ``t`` itself where they do
    not move, or are plain: a tie of a value with itself)."""
    value = np.asarray(plain_value(t))
    lead = value.ndim - len(shape)
    value = value.reshape(value.shape[:lead] + (-1,))
    keep = np.all(value[..., first] == value[..., second], axis=tuple(range(lead)))
    first, second = first[keep], second[keep]
    if not len(first):
        return t
    size = value.shape[-1]
    partner = np.arange(size)
    partner[first] = second
    partner[second] = first  # (a run i, j, k: i with j, j with i, k with j)
    where = np.zeros(size, dtype=bool)
    where[first] = where[second] = True
    where, partner = where.reshape(shape), partner.reshape(shape)
    # (0 outside the runs, not t - t: an infinite tangent there stays itself)
    flat = reshape(t, shape_of(t)[:lead] + (-1,))
    other = reshape(np.take(flat, np.ravel(partner), axis=-1), shape_of(t))
    difference = np.where(where, t - other, 0.0)
    if type(difference) is Var:  # (reverse over forward: the outer cotangents tell whether the order is read)
        return (t - difference) + _order_guard(difference, first, second, where)
    return (t - difference) + at_kink(difference, difference, lambda: where, _SORT_TIE)


def _order_guard_value(difference, first, second, where):
    return difference


def _vjp_order_guard(ans, difference, first, second, where):
    def pullback(g):
        # The marked part of the sorted tangent: the outer objective reads the tied places'
        # tangents through g, their sum alone where g is equal at each tied pair (every row):
        # then no order is read (a sum of the sorted values), and the guard is the identity (the
        # tangent t - difference + difference is t's, permuted). Else, or a traced g (a third
        # derivative), the order is read: refused as the mark of at_kink refuses
        shape = np.shape(plain_value(difference))
        flows = structural_flow(g, where, shape)
        if flows is not None and not flows.any():
            return None
        if type(g) is not np.ndarray or g.shape[-len(shape):] != shape:
            raise kink_refusal(where, _SORT_TIE)
        value = g.reshape((-1, int(np.prod(shape, dtype=int))))
        if np.any(value[:, first] != value[:, second]):
            raise kink_refusal(where, _SORT_TIE)
        return g
    return pullback


_order_guard = OwnPrimitive(_order_guard_value, name="wengert.sort_tie (order read)", reenters="any")
defvjp(_order_guard, _vjp_order_guard)


# -- sort, partition ---------------------------------------------------------------------

def _vjp_sort(ans, a, axis=-1, kind=None, order=None, **kwargs):
    refuse_complex("numpy.sort", a)
    if order is not None:
        raise NoGradientRule("numpy.sort(..., order=...) sorts structured arrays, which have no "
                             "gradient in wengert; sort a float array")
    if axis is None:
        return _flat_route_back(shape_of(a), _stable_order(np.ravel(plain_value(a)), 0), a)
    return _route_back(_stable_order(a, axis), axis, a)


defvjp(np.sort, _vjp_sort)


def _sources(a, ans, axis):
    """For each place of ``ans`` (a rearrangement of ``a`` along ``axis``), where in ``a`` it
    came from: the k-th smallest of ``ans`` is the k-th smallest of ``a``, equal values
    matched in order (what the stable sorts of both give)."""
    return _permute(_stable_order(a, axis), _inverse(_stable_order(ans, axis), axis), axis)


def _vjp_partition(ans, a, kth, axis=-1, kind="introselect", order=None):
    # np.partition does not promise where the elements other than the kth go, nor that
    # np.argpartition puts them in the same places: the sources are read off the result.
    if order is not None:
        raise NoGradientRule("numpy.partition(..., order=...) has no gradient in wengert")
    refuse_complex("numpy.partition", a)
    ans = plain_value(ans)
    if axis is None:
        return _flat_route_back(shape_of(a), _sources(np.ravel(plain_value(a)), ans, 0), a)
    return _route_back(_sources(plain_value(a), ans, axis), axis, a)


defvjp(np.partition, _vjp_partition, None)


# -- complex order: real parts first, then imaginary parts ------------------------------------
# NumPy orders complex numbers lexicographically. Where two different numbers have equal real
# parts (a conjugate pair), any move of those real parts can swap them, and the imaginary
# parts of the result jump: a sorted result, or the order of np.unique's values, has no
# derivative there. Equal numbers are the ties of the sorts above (the value is continuous).

def _order_jumps(z, axis):
    """True if some two different entries of ``z`` (items along ``axis``; ``None``: all
    entries, as one list; for np.unique's ``axis``, the subarrays along it, compared
    lexicographically) are next to each other in NumPy's complex order and differ first at
    an entry whose real parts are equal (internal)."""
    z = np.asarray(plain_value(z))
    if not np.iscomplexobj(z) or z.size == 0:
        return False
    rows = np.reshape(np.moveaxis(z, axis, 0), (shape_of(z)[axis], -1)) if axis is not None else np.ravel(z)[:, None]
    rows = np.unique(rows, axis=0)  # sorted, each different row once
    if len(rows) < 2:
        return False
    differ = rows[1:] != rows[:-1]
    first = np.argmax(differ, axis=1)[:, None]
    left, right = (np.take_along_axis(r, first, axis=1) for r in (rows[:-1], rows[1:]))
    return bool(np.any(left.real == right.real))


def _sort_jumps(z, axis):
    """The same for sorting each 1-D slice of ``z`` along ``axis`` separately (internal)."""
    z = np.asarray(plain_value(z))
    if not np.iscomplexobj(z) or z.size == 0:
        return False
    ordered = np.sort(z, axis=axis)
    left, right = (np.take(ordered, np.arange(k, shape_of(z)[axis] - 1 + k), axis=axis) for k in (0, 1))
    return bool(np.any((left.real == right.real) & (left.imag != right.imag)))


def _vjp_complex_order_guard(ans, z, name, axis, per_slice):
    def pullback(g):
        if per_slice is None and np.unique(np.asarray(plain_value(z))).size > 1:
            raise NoGradientRule(
                f"{name} of complex numbers has no gradient in wengert: NumPy returns the distinct "
                "numbers in the order of a hash table, which almost any move of them changes (the "
                "result jumps). Use np.unique (sorted), or a loss blind to the order")
        if per_slice is not None and (_sort_jumps if per_slice else _order_jumps)(z, axis):
            raise NoGradientRule(
                f"the gradient of {name} is not defined here: two different complex numbers have "
                "equal real parts, so NumPy orders them by their imaginary parts, and any move of "
                "those real parts can swap them: the result jumps. Differentiate at a point "
                "without such ties, or order the numbers by a key that does not tie")
        return g
    return pullback


def _complex_order_guard(z, name, axis, per_slice):
    """``z`` itself, recorded (one node): its gradient raises where NumPy's complex order
    of ``z`` can change under any move (see :func:`_order_jumps`; ``per_slice`` None: a
    result in hash order, wherever two numbers differ), so that a result ordered by it
    jumps there (internal)."""
    return np.positive(z)  # a new value (Python scalars too); on a Var of an outer tape, recorded


_guard_complex_order = own_function(_complex_order_guard, "wengert.complex_order_guard",
                                    _vjp_complex_order_guard)


def _sort_complex(a):
    """np.sort_complex: sorted along the last axis as complex numbers (real parts first, then
    imaginary parts); the gradient routes back through that permutation, as np.sort's, and
    is refused where two different numbers have equal real parts (the result jumps)."""
    z = a if is_complex(a) else a + 0j  # float32 -> complex64, as NumPy
    if is_complex(a):
        z = _guard_complex_order(z, "numpy.sort_complex", -1, True)
    return _sorted_last(z, _stable_order(z, -1))


# _permute whose pullback marks the ties (_route_back with the input): one reached only at
# second order refuses as np.sort's (real(sort_complex(stack([x0 ** 2, 0])))[1]'s Hessian was 0 for 2)
_sorted_last = own_function(lambda z, order: np.take_along_axis(z, order, -1), "numpy.sort_complex",
                            lambda ans, z, order: _route_back(order, -1, z))
defcomposite(np.sort_complex, _sort_complex)


# -- select: the first true condition picks the choice ----------------------------------------

def _chosen(condlist, n):
    """Which choice each element of np.select's result comes from (``n``: the default)."""
    return np.select([plain_value(c) for c in condlist], list(range(n)), default=n)


def _vjp_select_choices(ans, condlist, choicelist, default=0):
    shapes = [shape_of(c) for c in choicelist]
    which = _chosen(condlist, len(shapes))
    return lambda g: [unbroadcast(g * (which == i), s) for i, s in enumerate(shapes)]


def _refuse_default(ans, condlist, choicelist, default=0):
    # NumPy dispatches np.select on its lists only, so a Var default arrives here only
    # beside Vars in the choicelist, already unwrapped by then: refused, with the way round.
    raise NoGradientRule("numpy.select differentiates its choicelist, not its default (NumPy does "
                         "not dispatch on default); put the default last in the choicelist with "
                         "the condition True: np.select(conds + [True], choices + [default])")


def _select(condlist, choicelist, default=0):
    """np.select, recorded with the Vars of ``choicelist`` collected into one node
    (``wengert.structured.collect``): the rule sees the list of their values."""
    collected = collect(list(choicelist))
    if type(collected) is Var:
        return lookup(np.select)(condlist, collected, default)
    return np.select([plain_value(c) for c in condlist], choicelist, default)


# collects_sequences: dispatch hands it the lists with the Vars inside
defvjp(np.select, None, _vjp_select_choices, _refuse_default, impl=_select, collects_sequences=True)


# -- order statistics: median, percentile, quantile (the linear method) ---------------------

def _interpolation_weights(q, counts, n, method="linear"):
    """``W[k, ..., j]``: the weight of the j-th smallest value of a slice holding ``counts[...]``
    values (the others, NaNs, sort after them) in quantile ``q[k]``, by NumPy's ``method``:
    the virtual index (``q (count - 1)`` for the linear method), between its floor and the
    next. A slice of no values gets no weight (its result is NaN)."""
    q = np.ravel(np.asarray(plain_value(q), dtype=float))
    last = np.maximum(counts - 1, 0)
    if method == "linear":
        virtual = np.reshape(q, (-1,) + (1,) * np.ndim(counts)) * last
    else:
        virtual = _virtual_indices(q, np.asarray(counts), method)
    q = np.reshape(q, (-1,) + (1,) * np.ndim(counts))
    below = np.minimum(np.floor(virtual), last)
    above = np.minimum(below + 1, last)
    gamma = np.where(virtual >= last, 0.0, virtual - below)[..., None]
    places = np.arange(n)
    weights = (places == below[..., None]) * (1.0 - gamma) + (places == above[..., None]) * gamma
    return weights * (np.asarray(counts) > 0)[..., None]


def _virtual_indices(q, counts, method):
    """The virtual index of quantile ``q[k]`` in a sorted slice of ``counts[...]``
    values by any of NumPy's methods, read from NumPy itself: every method returns
    ``s[i] + gamma (s[i+1] - s[i])`` (``i`` the floor of the virtual index, ``gamma`` its
    fraction, 0 for the discontinuous methods), so on ``s = 0, 1, ..., count - 1`` it returns
    ``i + gamma``, the virtual index, whatever its formula."""
    virtual = np.zeros((len(q),) + counts.shape)
    for count in np.unique(counts):
        if count > 0:
            at = np.quantile(np.arange(count, dtype=float), q, method=method)
            virtual = np.where(counts == count, np.reshape(at, (-1,) + (1,) * counts.ndim), virtual)
    return virtual


def _slices_and_weights(x, q, axis, skip_nan, method):
    """``x``'s slices over ``axis`` (``flat``: the kept axes, then the ``n`` values of each
    slice) and the weights of their sorted values in each quantile ``q`` (internal)."""
    shape = shape_of(x)
    axes = normalize_axis(axis, len(shape))
    kept = tuple(a for a in range(len(shape)) if a not in axes)
    rest = tuple(shape[a] for a in kept)
    n = 1
    for a in axes:
        n *= shape[a]
    if n == 0:
        raise NoGradientRule("the median or a quantile of an empty slice is NaN; it has no gradient")
    flat = np.reshape(np.transpose(plain_value(x), kept + axes), rest + (n,))
    counts = np.sum(~np.isnan(flat), axis=-1) if skip_nan else np.full(rest, n)
    return shape, axes, kept, rest, n, flat, _interpolation_weights(q, counts, n, method)  # (len(q),) + rest + (n,)


def _order_statistic_rule(x, q, axis, keepdims, skip_nan=False, method="linear"):
    """The pullback of a weighted sum of order statistics of ``x`` over ``axis``: the weights
    from ``q`` (a fraction or an array of them), placed on the sorted values and routed back
    through the stable sort. The result has ``q``'s shape in front of the reduced shape.
    With ``skip_nan`` each slice's order statistics are those of its values that are not NaN
    (NaNs sort last), as in np.nanquantile."""
    shape, axes, kept, rest, n, flat, weights = _slices_and_weights(x, q, axis, skip_nan, method)
    moved_shape = tuple(shape[a] for a in kept) + tuple(shape[a] for a in axes)
    nan = None if skip_nan else np.any(np.isnan(flat), axis=-1)
    if nan is not None and nan.any():
        # NumPy's result is NaN for a slice with a NaN (NaNs sort last: the weights fell on
        # the values below them, a finite gradient of a NaN); NaN there, kept to the outputs
        # that read it (as np.max's and np.var's), dropped where the cotangent is a structural 0
        weights = np.where(nan[..., None], np.nan, weights)
    else:
        nan = None
    back = _route_back(_stable_order(flat, -1), -1,  # (a second derivative: the ties marked on x's values)
                       np.reshape(np.transpose(x, kept + axes), rest + (n,)) if _traced(x) else None)
    start = tuple(range(len(kept), len(shape)))


    def _spread_to_entries(zero):  # (len(q),) + rest -> x's shape
        per_slice = np.broadcast_to(np.all(zero, axis=0)[..., None], rest + (n,))
        return np.moveaxis(np.reshape(per_slice, moved_shape), start, axes)

    def pullback(g):
        g = reshape(g, shape_of(weights)[:-1])
        if nan is not None:  # (a slice's zero for every q, spread over its entries)
            structural = lambda: structural_zeros_of(g, shape, _spread_to_entries)  # noqa: E731
        spread = np.sum(np.expand_dims(g, -1) * weights, axis=0)  # rest + (n,), in sorted order
        out = np.moveaxis(reshape(back(spread), moved_shape), start, axes)
        return out if nan is None else structural_nan_dropped(out, structural)
    return pullback


def _method(name, method, kwargs):
    """The method chosen (``interpolation=``, NumPy's old name, where given); every
    method of NumPy's (a weighted sum of two order statistics each), without ``weights=``."""
    if kwargs.get("weights") is not None:
        raise NoGradientRule(f"numpy.{name}(..., weights=...) has no gradient rule in wengert; "
                             "the unweighted methods are covered")
    return kwargs.get("interpolation") or method


def _quantile_rule(name, scale=1.0, skip_nan=False):
    """The rule of np.<name>(a, q, ...), ``q`` a fraction times ``scale`` (100 for percentiles)."""
    def vjp(ans, a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, **kwargs):
        chosen = _method(name, method, kwargs)
        return _order_statistic_rule(a, np.true_divide(plain_value(q), scale), axis, keepdims, skip_nan, chosen)
    return vjp


def _median_rule(name, skip_nan=False):
    """The rule of np.<name>: the middle element, or the mean of the two middle ones (quantile
    0.5, linear method)."""
    def vjp(ans, a, axis=None, out=None, overwrite_input=False, keepdims=False):
        refuse_complex(f"numpy.{name}", a)  # (percentile and quantile: NumPy refuses complex itself)
        return _order_statistic_rule(a, 0.5, axis, keepdims, skip_nan)
    return vjp


def _copying(numpy_fun):
    """``numpy_fun`` with ``overwrite_input=False`` always: it would reorder the recorded input
    (passed by position too: np.median(a, 0, None, False) raised "got multiple values")."""
    at = list(inspect.signature(numpy_fun).parameters).index("overwrite_input")

    def fun(*args, **kwargs):
        if len(args) > at:
            args = args[:at] + (False,) + args[at + 1:]
        else:
            kwargs["overwrite_input"] = False
        return numpy_fun(*args, **kwargs)
    return fun


def _order_statistic_tangent(t, ans, x, q, axis, skip_nan, method="linear"):
    """Forward mode's tangent of a weighted sum of order statistics (``ans``, the result): the
    pullback's weights on the sorted slice times the tangent ``t`` sorted alike, summed, ``t``
    marked at ties of a traced ``x`` as the transposed pullback marks it. A slice holding a NaN
    has NaN weights: NaN where ``t`` moves that slice, 0 where ``t`` is a structural 0 on all of
    it, as the pullback drops it where the cotangent is one. Through the transposed pullback
    jacfwd of ``np.median(a, axis=1)`` at a row holding a NaN was NaN in that output's every
    column, jacrev NaN at the row's own entries only (0 at the others')."""
    shape, axes, kept, rest, n, flat, weights = _slices_and_weights(x, q, axis, skip_nan, method)
    order = _stable_order(flat, -1)
    moved = np.reshape(np.transpose(t, kept + axes), rest + (n,))
    if _traced(x):  # (the ties of a traced x, as _tie_marked's transposed case marks them)
        found = _ties(np.reshape(np.transpose(x, kept + axes), rest + (n,)), order, -1)
        if found is not None:
            pairs, rows, index = found
            m, p = np.nonzero(pairs)
            moved = _difference_marked(moved, index[m, rows[m, p]], index[m, rows[m, p + 1]], rest + (n,))
    out = np.sum(weights * _permute(moved, order, -1), axis=-1)  # (len(q),) + rest
    nan = None if skip_nan else np.any(np.isnan(flat), axis=-1)
    if nan is not None and nan.any():
        zero = deferred_reduction_zeros(t, shape, None, True)()  # (t's structural zeros, x's shape)
        if zero is not None:
            still = np.all(np.reshape(np.transpose(zero, kept + axes), rest + (n,)), axis=-1)
            out = np.where(nan & still, 0.0, np.where(nan, np.nan, out))
        else:
            out = np.where(nan, np.nan, out)
    return np.reshape(out, shape_of(ans))


def _quantile_jvp(name, scale=1.0):
    """The JVP of np.<name>(a, q, ...) (see :func:`_order_statistic_tangent`)."""
    def tangent(t, ans, a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, **kwargs):
        chosen = _method(name, method, kwargs)
        return _order_statistic_tangent(t, ans, a, np.true_divide(plain_value(q), scale), axis, False, chosen)
    return lambda ans, primals, tangents, **kwargs: tangent(tangents[0], ans, *primals, **kwargs)


def _median_tangent(t, ans, a, axis=None, out=None, overwrite_input=False, keepdims=False):
    return _order_statistic_tangent(t, ans, a, 0.5, axis, False)


for _fn, _rule in ((np.quantile, _quantile_rule("quantile")), (np.percentile, _quantile_rule("percentile", 100)),
                   (np.median, _median_rule("median")),
                   (np.nanquantile, _quantile_rule("nanquantile", skip_nan=True)),
                   (np.nanpercentile, _quantile_rule("nanpercentile", 100, skip_nan=True)),
                   (np.nanmedian, _median_rule("nanmedian", skip_nan=True))):
    defvjp(_fn, _rule, impl=_copying(_fn))  # no rule for q: d/dq is refused, not silently 0
defjvp(np.quantile, _quantile_jvp("quantile"))
defjvp(np.percentile, _quantile_jvp("percentile", 100))
defjvp(np.median, lambda ans, primals, tangents, **kwargs: _median_tangent(tangents[0], ans, *primals, **kwargs))


# -- NaN-skipping reductions: NaN entries get gradient 0 --------------------------------------

def _present(x, where=True):
    """Where ``x`` is not NaN (a plain boolean array, on every tape), and, where the
    reduction's ``where=`` mask (broadcast to ``x``) holds: the values NumPy reduces."""
    present = ~np.isnan(plain_value(x))
    if where is True:
        return present
    return present & np.broadcast_to(np.asarray(plain_value(where), dtype=bool), np.shape(present))


def _count_present(present, axis):
    return np.sum(present, axis=axis, keepdims=True)


def _vjp_nansum(ans, a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    shape, present = shape_of(a), _present(a, where)
    return lambda g: restore_reduced(g, shape, axis, keepdims) * present


def _vjp_nanmean(ans, a, axis=None, dtype=None, out=None, keepdims=False, where=True):
    # 1 / (the number of values present) each; an all-NaN slice (result NaN) passes 0.
    shape, present = shape_of(a), _present(a, where)
    share = present / np.maximum(_count_present(present, axis), 1)
    return lambda g: restore_reduced(g, shape, axis, keepdims) * share


def _vjp_nanextremum(ans, a, axis=None, out=None, keepdims=False, initial=None, where=True):
    # As np.max's rule: the elements equal to the result share the gradient equally (NaN
    # equals nothing); an all-NaN slice (result NaN) passes 0. Only the elements
    # where= selects are candidates, and initial= is one more (a constant), as in np.max.
    refuse_complex("numpy.nanmax/nanmin", a, initial)
    shape, selected = shape_of(a), _present(a, where)

    def pullback(g):
        full = plain_value(restore_reduced(ans, shape, axis, keepdims))
        chosen = (plain_value(a) == full) & selected
        count = _count_present(chosen, axis) + (0 if initial is None else (full == initial))
        return at_kink(restore_reduced(g, shape, axis, keepdims) * (chosen / np.maximum(count, 1)), a,
                       lambda: (a == restore_reduced(ans, shape, axis, keepdims)) & selected & (count > 1),  # guarded
                       tie_kink("numpy.nanmax/nanmin"))
    return pullback


def _nan_centered_scaled(x, present, axis, ddof, structural=None):
    """(x - nanmean) / (count - ddof) where x is present (conjugated if complex), 0 at NaN:
    the gradient of nanvar / 2.

    A slice with count <= ddof (its result is inf or NaN, as NumPy's) gets +-inf (NaN at its
    mean), one with an inf NaN; 0 where ``structural()`` holds (see dof_factor and
    structural_nan_dropped)."""
    x = float16_widened(x)  # (a float16 mean keeps 11 bits: the deviations in float32)
    count = counts_for(_count_present(present, axis), x)
    mean = np.sum(np.where(present, x, 0.0), axis=axis, keepdims=True) / np.maximum(count, 1)
    scale = 1.0 / np.maximum(count - ddof, 1)
    factor = dof_factor(count, ddof, structural, count.dtype)
    if factor is not None:
        scale = scale * factor
    with np.errstate(invalid="ignore"):  # (0 * inf at the slice's mean: NaN, no derivative)
        # d|z|^2 = 2 Re(conj(z) dz): a complex input's gradient is conjugated (autograd's convention)
        scaled = conj_if_complex(np.where(present, (x - nan_off_the_mean(mean)) * scale, 0.0))
    return structural_nan_dropped(scaled, structural)


def _nan_ddof(name, ddof, kwargs):
    refuse_keywords(name, kwargs, ("mean",), f"leave the mean to np.{name}")
    return kwargs.get("correction", ddof)


def _vjp_nanvar(ans, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kwargs):
    shape, ddof, present = shape_of(a), _nan_ddof("nanvar", ddof, kwargs), _present(a, kwargs.get("where", True))
    return lambda g: 2.0 * restore_reduced(g, shape, axis, keepdims) * _nan_centered_scaled(
        a, present, axis, ddof, deferred_reduction_zeros(g, shape, axis, keepdims))


def _jvp_nanvar(ans, primals, tangents, **kwargs):
    # as np.var's: the pullback's rule with g the tangent, summed over the axes (a slice of count
    # <= ddof adds nothing along a direction that leaves it)
    return _nanvar_tangent(tangents[0], *primals, **kwargs)


def _nanvar_tangent(t, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kwargs):
    shape, ddof, present = shape_of(a), _nan_ddof("nanvar", ddof, kwargs), _present(a, kwargs.get("where", True))
    d = 2.0 * t * _nan_centered_scaled(a, present, axis, ddof, deferred_reduction_zeros(t, shape, None, True))
    d = np.sum(d, axis=axis, keepdims=keepdims)
    return np.real(d) if np.iscomplexobj(plain_value(a)) else d


def _nanstd_at(axis, keepdims, where, ddof):
    """``recompute(xs, s)`` for std_rescaled / std_value: np.nanstd of the scaled ``xs``."""
    return lambda xs, s: np.nanstd(xs, axis=axis, keepdims=keepdims, ddof=ddof, where=where)


def _vjp_nanstd(ans, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kwargs):
    # Where the deviation is 0 (all present values equal) std has a kink, as abs at 0:
    # the gradient is 0 there, the subgradient np.std's rule takes. A NaN result (count <= ddof,
    # an inf) as np.std's; the NaN values are left out (0, an all-NaN slice's too, as in nanvar).
    where = kwargs.get("where", True)
    shape, ddof, present = shape_of(a), _nan_ddof("nanstd", ddof, kwargs), _present(a, where)
    a, ans, _ = std_rescaled(a, ans, axis, present, _nanstd_at(axis, keepdims, where, ddof))
    return std_pullback(ans, a, shape, axis, keepdims, present,
                        lambda structural: _nan_centered_scaled(a, present, axis, ddof, structural))


def _nanstd_value(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kwargs):
    """np.nanstd's value on Vars: NumPy's, where its variance under- or overflows the true std (see std_value)."""
    def numpy_call():
        return np.nanstd(a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims, **kwargs)
    if dtype is not None or out is not None:
        return numpy_call()
    with np.errstate(over="ignore"):  # (its warning where the value is not finite: std_value)
        ans = numpy_call()
    where, ddof = kwargs.get("where", True), _nan_ddof("nanstd", ddof, kwargs)
    return std_value(a, ans, axis, _present(a, where), _nanstd_at(axis, keepdims, where, ddof), numpy_call)


def _jvp_nanstd(ans, primals, tangents, **kwargs):
    return std_tangent(_vjp_nanstd, ans, tangents[0], *primals, **kwargs)


for _fn, _rule in ((np.nansum, _vjp_nansum), (np.nanmean, _vjp_nanmean), (np.nanmax, _vjp_nanextremum),  # type: ignore[assignment]
                   (np.nanmin, _vjp_nanextremum), (np.nanvar, cast_to_real(_vjp_nanvar, "numpy.nanvar"))):
    defvjp(_fn, _rule)
defvjp(np.nanstd, cast_to_real(_vjp_nanstd, "numpy.nanstd"), impl=_nanstd_value)
defjvp(np.nanstd, _jvp_nanstd)
defjvp(np.nanvar, _jvp_nanvar)


# -- distinct values and set operations, weighted counts ---------------------------
# Each distinct value NumPy returns is an element of the input: wengert takes it from the
# first place it occurs (np.take of NumPy's return_index), so its gradient goes there. Where
# the values are all different this is the derivative; where some are equal (the size of
# the result changes under any move that separates them) it is the convention of the
# stable sorts above: the first of equal elements carries the gradient. The counts, the
# indices and the inverse are integers, returned as plain values.

def _hash_ordered(values, distinct):
    """True if NumPy returned the distinct complex ``values`` (1-D) in the order of its hash
    table rather than sorted (NumPy 2.3 on: ``np.unique_values``, ``np.unique(sorted=False)``):
    they are not sorted, or ``distinct`` (the function, on a 1-D array) leaves a probe of 9
    sorted numbers unsorted, so that a sorted ``values`` is so by chance (internal)."""
    values = np.asarray(values)
    if values.ndim != 1 or values.size < 2:
        return False
    if np.any(values[1:] < values[:-1]):
        return True
    probe = distinct(np.arange(1.0, 10.0) * (1 + 1j))
    return bool(np.any(probe[1:] < probe[:-1]))


def _unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, **kwargs):
    """``np.unique`` on Vars: the values are ``np.take(ar, first_index, axis)`` (recorded)."""
    found = np.unique(np.asarray(plain_value(ar)), return_index=True, return_inverse=return_inverse,
                      return_counts=return_counts, axis=axis, **kwargs)
    if is_complex(ar):
        if axis is None and kwargs.get("sorted", True) is False and _hash_ordered(
                found[0], lambda probe: np.unique(probe, sorted=False)):
            ar = _guard_complex_order(ar, "numpy.unique(sorted=False)", axis, None)
        else:
            ar = _guard_complex_order(ar, "numpy.unique (and the set operations) on complex numbers", axis, False)
    values = np.take(ar, found[1], axis=axis)
    rest = ([found[1]] if return_index else []) + list(found[2:])
    return (values, *rest) if rest else values


defcomposite(np.unique, _unique)


def _unique_result(fun):
    """The stand-in for NumPy 2's ``np.unique_<kind>(x)``: NumPy's own result, its values
    taken from ``x`` at the first place each occurs (found through np.unique_all's sorted
    values, whatever order ``fun`` returns them in)."""
    def stand_in(x):
        value = np.asarray(plain_value(x))
        res = fun(value)
        if fun is np.unique_all:
            first = res.indices
        else:
            every = np.unique_all(value)
            first = every.indices[np.searchsorted(every.values, res if fun is np.unique_values else res.values)]
        if is_complex(x):  # (in NumPy's complex order, or its hash table's: refused where it jumps)
            values_of = (lambda r: r) if fun is np.unique_values else (lambda r: r.values)
            x = _guard_complex_order(x, f"numpy.{fun.__name__}", None,
                                     None if _hash_ordered(values_of(res), lambda p: values_of(fun(p))) else False)
        values = np.take(x, first)
        return values if fun is np.unique_values else type(res)(values, *res[1:])
    stand_in.__name__ = f"_{fun.__name__}"
    stand_in.__doc__ = f"``numpy.{fun.__name__}`` on Vars: the values taken from the input (recorded)."
    return stand_in


for _fun in (np.unique_values, np.unique_counts, np.unique_inverse, np.unique_all):
    defcomposite(_fun, _unique_result(_fun))


def _union1d(ar1, ar2):
    """``np.union1d`` on Vars: np.unique of the concatenation, as NumPy computes it."""
    return np.unique(np.concatenate((ar1, ar2), axis=None))


def _setdiff1d(ar1, ar2, assume_unique=False):
    """``np.setdiff1d`` on Vars: the distinct values of ``ar1`` not in ``ar2`` (taken from ``ar1``)."""
    a = np.ravel(ar1) if assume_unique else np.unique(ar1)
    keep = np.isin(plain_value(a), plain_value(ar2), assume_unique=True, invert=True)
    return np.take(a, np.flatnonzero(keep))


def _setxor1d(ar1, ar2, assume_unique=False):
    """``np.setxor1d`` on Vars: the values in exactly one of the arrays, sorted (each taken
    from the array that has it)."""
    if not assume_unique:
        ar1, ar2 = np.unique(ar1), np.unique(ar2)
    both = np.concatenate((ar1, ar2), axis=None)
    if is_complex(both):  # sorted together: the two arrays' numbers can swap places too
        both = _guard_complex_order(both, "numpy.setxor1d on complex numbers", None, False)
    value = plain_value(both)
    if np.size(value) == 0:
        return both
    order = np.argsort(value, kind="stable")
    ordered = value[order]
    alone = np.concatenate(([True], ordered[1:] != ordered[:-1], [True]))
    return np.take(both, order[alone[1:] & alone[:-1]])


def _intersect1d(ar1, ar2, assume_unique=False, return_indices=False):
    """``np.intersect1d`` on Vars: the values found in both arrays, sorted, each
    taken from ``ar1`` where it first occurs (NumPy's own indices); as for the other set
    operations, the first of equal elements carries the gradient (here, ``ar1``'s)."""
    found = np.intersect1d(plain_value(ar1), plain_value(ar2), assume_unique=assume_unique,
                           return_indices=True)
    if is_complex(ar1) or is_complex(ar2):
        ar1 = _guard_complex_order(ar1, "numpy.intersect1d on complex numbers", None, False)
    values = np.take(np.ravel(ar1), found[1])
    return (values, found[1], found[2]) if return_indices else values


defcomposite(np.intersect1d, _intersect1d)
defcomposite(np.union1d, _union1d)
defcomposite(np.setdiff1d, _setdiff1d)
defcomposite(np.setxor1d, _setxor1d)


def _weighted_counts(weights, x, minlength=0):
    """``np.bincount(x, weights, minlength)`` as a function of the weights (internal)."""
    return np.bincount(x, weights, minlength)


# out[k] = sum of weights[i] where x[i] == k: the cotangent of weights[i] is g[x[i]]
_weighted_counts = own_function(_weighted_counts, "numpy.bincount",
                                lambda ans, weights, x, minlength=0: lambda g: np.take(g, x))


def _bincount(x, weights=None, minlength=0):
    """``np.bincount`` on Vars: differentiable in ``weights`` (each weight's gradient is the
    cotangent of its bin); the counts of ``x`` (integers) have none."""
    if not is_traced(weights):
        return np.bincount(plain_value(x), weights, minlength)  # NumPy's error for a float x
    return _weighted_counts(weights, np.asarray(plain_value(x)), minlength)


defcomposite(np.bincount, _bincount)


# -- histograms ---------------------------------------------------------------------
# The counts are piecewise constant in the data (no gradient); the bin edges NumPy computes
# from the data (bins a number or an estimator's name, no range) are linspace(min, max): they
# are differentiable in it, and so is a density (the counts over the bins' widths) and a
# histogram of weights (each weight's gradient is the cotangent of its bin).

def _histogram_bin_edges(a, bins=10, range=None, weights=None):
    """``np.histogram_bin_edges`` on Vars: NumPy's edges, recorded as ``np.linspace`` of the
    data's min and max (each moved by 0.5 when they are equal) where NumPy computes them so."""
    edges = np.histogram_bin_edges(plain_value(a), plain_value(bins), range,
                                   None if weights is None else plain_value(weights))
    if np.ndim(plain_value(bins)) > 0:
        return bins if is_traced(bins) else edges  # the edges given (NumPy checked them)
    if range is not None or not is_traced(a) or np.size(plain_value(a)) == 0:
        return edges
    first, last = np.min(a), np.max(a)
    if plain_value(first) == plain_value(last):
        first, last = first - 0.5, last + 0.5
    return np.linspace(first, last, len(edges), endpoint=True, dtype=edges.dtype)


def _histogram(a, bins=10, range=None, density=None, weights=None):
    """``np.histogram`` on Vars: NumPy's counts (no gradient in the data), its weighted sums
    (differentiable in ``weights``), its density (differentiable through the edges)."""
    value = np.asarray(plain_value(a))
    hist, plain_edges = np.histogram(value, plain_value(bins), range,
                                     weights=None if weights is None else plain_value(weights))
    edges = _histogram_bin_edges(a, bins, range, weights)
    if is_traced(weights):
        flat = value.ravel()
        n = len(plain_edges) - 1
        index = np.minimum(np.searchsorted(plain_edges, flat, side="right") - 1, n - 1)
        inside = (flat >= plain_edges[0]) & (flat <= plain_edges[-1])
        if not np.array_equal(np.bincount(index[inside], minlength=n), np.histogram(value, plain_edges)[0]):
            raise NoGradientRule("numpy.histogram: wengert could not place the data in NumPy's bins "
                                 "to differentiate the weights")
        hist = _weighted_histogram(weights, value, plain_value(bins), range,
                                   np.where(inside, index, -1).reshape(value.shape))
    if density:
        return hist / np.diff(edges) / np.sum(hist), edges
    return hist, edges


def _weighted_histogram(weights, a, bins, range, index):
    """``np.histogram(a, bins, range, weights=weights)[0]`` as a function of the weights
    (internal); ``index``: the bin of each element of ``a``, -1 outside the range."""
    return np.histogram(a, bins, range, weights=weights)[0]


_weighted_histogram = own_function(
    _weighted_histogram, "numpy.histogram",
    lambda ans, weights, a, bins, range, index: lambda g: np.where(index >= 0, np.take(g, np.maximum(index, 0)), 0.0))
defcomposite(np.histogram_bin_edges, _histogram_bin_edges)
defcomposite(np.histogram, _histogram)


# -- histogram2d, histogramdd ------------------------------------------------------
# As np.histogram, dimension by dimension: the counts have no gradient in the data; the edges
# NumPy computes from the data (bins a number, no range) are linspace(min, max) of its column,
# differentiable in it, and so is a density; a histogram of weights is np.bincount of the
# weights over NumPy's bin numbers (each weight's gradient is the cotangent of its bin).

def _sample_columns(sample):
    """NumPy's (N, D) reading of a histogramdd sample (an (N, D) array, or a sequence of D
    1-d arrays): its plain values, and a function giving column ``i`` (recorded for a Var)."""
    if isinstance(sample, (list, tuple)):
        value = np.atleast_2d(np.asarray([np.asarray(plain_value(c)) for c in sample])).T
        return value, lambda i: sample[i] if is_traced(sample[i]) else value[:, i]
    value = np.asarray(plain_value(sample))
    if value.ndim == 2:
        return value, lambda i: sample[:, i] if is_traced(sample) else value[:, i]
    value = np.atleast_2d(value).T  # NumPy's reading of any other shape (a 1-d sample: D = 1)
    return value, lambda i: reshape(sample, value.shape)[:, i] if is_traced(sample) else value[:, i]


def _histogramdd(sample, bins=10, range=None, density=None, weights=None):
    """``np.histogramdd`` on Vars (see the comment above); NumPy's values, to the bit."""
    value, column = _sample_columns(sample)
    dims = value.shape[1]
    try:
        per_dim = list(bins) if len(bins) == dims else bins
    except TypeError:
        per_dim = [bins] * dims
    plain_bins = [plain_value(b) if np.ndim(plain_value(b)) == 0 else np.asarray(plain_value(b)) for b in per_dim] \
        if isinstance(per_dim, list) else plain_value(per_dim)
    hist, plain_edges = np.histogramdd(value, plain_bins, range, density=density,
                                       weights=None if weights is None else np.asarray(plain_value(weights)))
    edges = []
    for i in builtins.range(dims):
        if np.ndim(plain_bins[i]) > 0:
            edges.append(per_dim[i] if is_traced(per_dim[i]) else plain_edges[i])
        elif (range is None or range[i] is None) and is_traced(column(i)) and value.shape[0] > 0:
            first, last = np.min(column(i)), np.max(column(i))
            if plain_value(first) == plain_value(last):
                first, last = first - 0.5, last + 0.5
            edges.append(np.linspace(first, last, len(plain_edges[i])))
        else:
            edges.append(plain_edges[i])
    if not (is_traced(weights) or (density and any(is_traced(e) for e in edges))):
        return hist, edges
    nbin = np.array([len(e) + 1 for e in plain_edges])
    counts = hist if not density else np.histogramdd(value, plain_edges, weights=None if weights is None
                                                     else np.asarray(plain_value(weights)))[0]
    if is_traced(weights):  # NumPy's bin numbers, outliers included, as np.histogramdd computes them
        index = []
        for i in builtins.range(dims):
            found = np.searchsorted(plain_edges[i], value[:, i], side="right")
            found[value[:, i] == plain_edges[i][-1]] -= 1
            index.append(found)
        flat = np.ravel_multi_index(tuple(index), nbin)
        counts = np.reshape(np.bincount(flat, weights, minlength=int(np.prod(nbin))), tuple(nbin))
        counts = counts[(slice(1, -1),) * dims]
    if density:
        total = np.sum(counts)
        for i in builtins.range(dims):
            shape = [1] * dims
            shape[i] = int(nbin[i]) - 2
            counts = counts / np.reshape(np.diff(edges[i]), shape)
        counts = counts / total
    return counts, edges


def _histogram2d(x, y, bins=10, range=None, density=None, weights=None):
    """``np.histogram2d`` on Vars: np.histogramdd of the columns ``x`` and ``y``, as NumPy."""
    try:
        n = len(bins)
    except TypeError:
        n = 1
    if n != 1 and n != 2:
        bins = [bins, bins]
    hist, edges = _histogramdd([x, y], bins, range, density, weights)
    return hist, edges[0], edges[1]


defcomposite(np.histogramdd, _histogramdd)
defcomposite(np.histogram2d, _histogram2d)


# -- np.piecewise ------------------------------------------------------------------
# NumPy fills zeros_like(x) condition by condition (a later condition overwrites an earlier
# one), calling each function on x[cond] only. On Vars: the same calls, then every element
# taken from the piece that NumPy's result holds there (one recorded gather); elements no
# condition selects are zeros (constants), as in NumPy. The conditions are booleans (no
# gradient); at a boundary the element belongs to the piece NumPy gives it.

def _piecewise(x, condlist, funclist, *args, **kw):
    """``np.piecewise`` on Vars (see the comment above)."""
    shape = shape_of(x)
    if shape == ():
        x = np.reshape(x, ())  # a Python number: a 0-d array, as NumPy makes it
    if np.isscalar(condlist) or (not isinstance(condlist[0], (list, np.ndarray)) and len(shape) != 0):
        condlist = [condlist]
    conds = np.asarray(plain_value(condlist), dtype=bool)
    if len(conds) == len(funclist) - 1:  # the last function is for the elements no condition picks
        conds = np.concatenate([conds, ~np.any(conds, axis=0, keepdims=True)], axis=0)
    elif len(conds) != len(funclist):
        raise ValueError(f"with {len(conds)} condition(s), either {len(conds)} or {len(conds) + 1} "
                         f"functions are expected")
    conds = np.broadcast_to(conds, (len(conds),) + tuple(shape))
    owner = np.full(shape, -1)
    for k, cond in enumerate(conds):
        owner[cond] = k
    dtype = dtype_of(x)
    places, pieces = [], []
    for k, (cond, func) in enumerate(zip(conds, funclist)):
        count = int(np.count_nonzero(cond))
        if count == 0:
            continue
        vals = func(x[cond], *args, **kw) if callable(func) else func
        vals = np.broadcast_to(vals, (count,))
        mine = owner[cond] == k  # the elements a later condition does not take over
        places.append(np.flatnonzero(owner == k))
        pieces.append(vals[mine] if not np.all(mine) else vals)
    rest = np.flatnonzero(owner == -1)
    places.append(rest)
    pieces.append(np.zeros(len(rest), dtype))
    order = np.argsort(np.concatenate(places), kind="stable")
    return np.reshape(np.take(np.concatenate(pieces), order), shape)


defcomposite(np.piecewise, _piecewise)
