"""Pullbacks on one float64 entry: the pure-Python twin of the compiled ``wengert._kernels``
(internal; ``wengert.ops`` uses them).

The compiled module computes the common case of these pullbacks (one float64 entry) in C,
with the values, dtypes, shapes, warnings and errors of the Python expressions written
here, which it computes everywhere else: this twin is those expressions. (Its C function
for ``wengert.jit``'s replay of ``x + c`` & co. on one entry has no twin: the pure replay
computes those with NumPy, the same values.)
"""
import numpy as np

from ._elementary import ELEMENTARY
from ._tape_py import thread_sweep
from .tree import record_fields


def product(g, c):
    """``g * c``: a cotangent times a number (a factor of a product, a partial).

    >>> import numpy as np
    >>> product(np.array([2.0]), 0.5)
    array([1.])
    """
    return g * c


def times_y(g, ans, x, y):
    """Multiply's pullback for its first factor: ``g * y``.

    >>> import numpy as np
    >>> times_y(np.array([2.0]), None, None, 0.5)
    array([1.])
    """
    return _reporting(_times(g, y), g, y)


def times_x(g, ans, x, y):
    """Multiply's pullback for its second factor: ``g * x``.

    >>> import numpy as np
    >>> times_x(np.array([2.0]), None, 0.5, None)
    array([1.])
    """
    return _reporting(_times(g, x), g, x)


#: ``traced(g, other)``: multiply's ``g * other`` where ``g`` or ``other`` is traced (a Var or a
#: Dual: not an ndarray, not a float), either is complex or ``g`` has a zero, 0 where ``g`` is a
#: structural zero, a complex product's zero part times an infinite one 0 (``wengert.ops`` sets
#: it; see set_traced_product).
_traced_product = None


def set_traced_product(traced):
    """Give :func:`times_y` and :func:`times_x` the Python function that computes a cotangent
    times the other factor where either is traced or complex or the cotangent has a zero
    (internal): where it is a structural zero (np.where's untaken branch), 0 there with its
    derivatives, not 0 times an infinite factor (NaN); in a complex product, a zero part times
    an infinite one 0 too.

    >>> set_traced_product(_traced_product)
    """
    global _traced_product
    _traced_product = traced


def _times(g, c):
    # product(g, c); a traced g or c (neither an ndarray nor a float), a complex ndarray (a zero
    # part times an infinite one), or an ndarray g with a zero (0 times an infinite c), given to
    # _traced_product, except where c is a plain factor below 1e150 in size (there it gives
    # product(g, c) too: no 0 * inf, and its finiteness test, c's sum of squares, finite)
    if _traced_product is not None and ((type(g) is not np.ndarray and type(g) is not float)
                                        or (type(c) is not np.ndarray and type(c) is not float)
                                        or (type(g) is np.ndarray and g.dtype.kind == "c")
                                        or (type(c) is np.ndarray and c.dtype.kind == "c")
                                        or (type(g) is np.ndarray and (g.dtype == object or np.count_nonzero(g) != g.size)
                                            and not _moderate(c))):
        return _traced_product(g, c)
    return product(g, c)


def _moderate(c):
    # whether c is a Python float or an ndarray of NumPy's float64 with every entry finite and
    # below 1e150 in size, fewer than 2^27 of them
    if type(c) is float:
        return abs(c) < 1e150
    return c.dtype == np.float64 and c.size < 1 << 27 and bool((np.abs(c) < 1e150).all())


#: ``report(out, g, other)``: multiply's reporting of its result's live zeros
#: (``wengert.ops.elementwise`` sets it), for the cases times_y and times_x leave to it.
_live_product = None


def set_live_product(report):
    """Give :func:`times_y` and :func:`times_x` the Python function that reports a product's live
    zeros where it cannot tell that there are none to report (internal).

    >>> set_live_product(_live_product)
    """
    global _live_product
    _live_product = report


def _reporting(out, g, other):
    # out = g * other as multiply's rule in a sweep: nothing to report where g is not the
    # sweep's cotangent, or g has no live zeros and either out is one entry neither 0 nor NaN
    # or the other factor is a constant (its zeros are structural) and g has no zero (no
    # structural 0 * inf to make 0); the reporting function decides everywhere else
    state = thread_sweep()
    if not state.active or state.g is not g:
        return out
    if state.live is None:
        if type(out) is np.ndarray and out.size == 1 and out.dtype == np.float64:
            v = out.item()
            if v != 0.0 and v == v:
                return out
        if state.n == 1 and ((type(g) is np.ndarray and g.dtype != object and (g.size == 0 or np.count_nonzero(g) == g.size)
                              and (g.dtype.kind not in "fc" or bool(np.isfinite(g).all())))
                             or (type(g) is float and g != 0.0 and abs(g) <= 1.7976931348623157e308)):
            return out  # (an infinite g, of any float dtype: the reporting function holds a constant 0 factor's product)
    return _live_product(out, g, other)


def one_entry_rule(name, fallback):
    """The NumPy rule ``(g, ans, x) -> g * partial`` of the elementary function ``name`` (a
    row of ``wengert._elementary``'s table with a shortcut): ``fallback`` itself here (the
    compiled module computes its one-entry case in C, with the same bits).

    >>> import numpy as np
    >>> rule = one_entry_rule("tanh", lambda g, ans, x: g * (1.0 - ans * ans))
    >>> rule(np.array([2.0]), np.array([0.5]), np.array([0.5493061443340549]))
    array([1.5])
    """
    if not any(row.name == name and row.shortcut is not None for row in ELEMENTARY):
        raise ValueError(f"one_entry_rule: {name!r} is not a row of the table of elementary "
                         "functions with a shortcut")
    return fallback


def vanishing_unless_zeros(rest):
    """``wengert.ops``' ``vanishing(out, g=None, live=None)``: ``rest`` itself here (the
    compiled module returns an ndarray ``out`` with no zero in C, as ``rest`` returns it).

    >>> import numpy as np
    >>> vanishing = vanishing_unless_zeros(lambda out, g=None, live=None: "reported")
    >>> vanishing(np.array([0.0, 2.0]))
    'reported'
    """
    return rest


def nonzero_cotangent_rule(rule, rest, vanishing):
    """A unary rule checked for zero cotangents at infinite partials (``wengert.ops``'
    ``zero_cotangent_adds_nothing``): ``rest`` itself here (the compiled module runs
    ``rule`` in C where ``g`` is an ndarray with no zero, as ``rest`` runs it).

    >>> import numpy as np
    >>> checked = nonzero_cotangent_rule(lambda g, ans, x: 2.0 * g, lambda g, ans, x: "checked", None)
    >>> checked(np.array([1.0]), None, None)
    'checked'
    """
    return rest


def distinct_bases(grads, args):
    """True if the arguments and gradients are floats, arrays, and dataclasses or named
    tuples of floats and arrays, with no array base in common (internal: runners and
    ``wengert.jit`` check that a gradient handed back shares no memory with an argument).

    >>> x = np.ones(3)
    >>> distinct_bases([np.zeros(3)], (x,)), distinct_bases([x[1:]], (x,))
    (True, False)
    """
    bases = set()
    for values in (args, grads):
        for a in values:
            t = type(a)
            if t is np.ndarray:
                key = id(a if a.base is None else a.base)  # NumPy collapses chains of views to the owner
                if key in bases:
                    return False
                bases.add(key)
            elif t is not float:
                names = record_fields(t)  # a network's weights: its fields, as tree.arrays reads them
                if names is None:
                    return False
                for name in names:
                    v = getattr(a, name)
                    if type(v) is np.ndarray:
                        key = id(v if v.base is None else v.base)
                        if key in bases:
                            return False
                        bases.add(key)
                    elif type(v) is not float:
                        return False
    return True


def _same_part(part, v, arrays):
    t = type(v)
    if part is float or part is complex:
        return t is part
    if type(part) is not tuple:
        return False
    if t is np.ndarray:
        if len(part) != 2 or type(part[0]) is not tuple or v.dtype.kind not in "fc":
            return False
        if v.dtype is not part[1] and not (isinstance(part[1], np.dtype) and v.dtype == part[1]):
            return False
        shape = part[0]
        if len(shape) != v.ndim or any(type(n) is not int or n != m for n, m in zip(shape, v.shape)):
            return False
        arrays.append(v)
        return True
    if t is list or t is tuple:
        if part[0] is not t or type(part[1]) is not int or part[1] != len(v):
            return False
        if len(part) == 2:  # (a flat list of floats: all_floats, one or more)
            return len(v) > 0 and all(type(x) is float for x in v)
        if len(part) != 3 or type(part[2]) is not tuple or len(part[2]) != len(v):
            return False
        return all(_same_part(p, x, arrays) for p, x in zip(part[2], v))
    if len(part) != 3 or part[0] is not t or type(part[1]) is not tuple or type(part[2]) is not tuple:
        return False
    names, parts = part[1], part[2]
    if len(names) != len(parts) or record_fields(t) is None:  # (a dataclass or named tuple only)
        return False
    for name, p in zip(names, parts):
        try:
            field = getattr(v, name)
        except Exception:  # noqa: BLE001  (the full signature's walk meets it again)
            return False
        if not _same_part(p, field, arrays):
            return False
    return True


def same_key(part, values, arrays):
    """Whether the signature part ``wengert.jit`` makes of ``values`` (its arguments: arrays
    by shape and dtype, floats, flat lists of floats, lists and tuples of them, dataclasses
    and named tuples of arrays and floats) is ``part``, a part made before (internal: a call
    with the last call's signature is found without making the key anew). Where it is, the
    floating-point arrays met are appended to ``arrays`` in the order the signature's walk
    appends them; False also where the walk cannot tell (a leaf keyed by value or identity).

    >>> arrays = []
    >>> same_key((tuple, 2, (((2,), np.dtype(float)), float)), (np.ones(2), 1.5), arrays), len(arrays)
    (True, 1)
    >>> same_key((tuple, 2, (((3,), np.dtype(float)), float)), (np.ones(2), 1.5), [])
    False
    """
    return _same_part(part, values, arrays)


def array_keys(values, keep, arrays, fallback, names=None):
    """The parts of ``wengert.jit``'s signature for the items of the sequence ``values`` (for
    its fields ``names`` where given: a dataclass or named tuple), as a tuple (internal): a
    floating-point ``numpy.ndarray``'s shape and dtype (the array appended to ``arrays``),
    ``float`` for a float, ``fallback(item, keep, arrays)`` for anything else.

    >>> arrays = []
    >>> array_keys([np.ones((2, 3)), 1.5, "a"], [], arrays, lambda v, keep, arrays: (type(v), v))
    (((2, 3), dtype('float64')), <class 'float'>, (<class 'str'>, 'a'))
    >>> len(arrays)
    1
    """
    parts = []
    for v in (values if names is None else (getattr(values, name) for name in names)):
        if type(v) is np.ndarray and v.dtype.kind in "fc":
            arrays.append(v)
            parts.append((v.shape, v.dtype))
        elif type(v) is float:
            parts.append(float)
        else:
            parts.append(fallback(v, keep, arrays))
    return tuple(parts)


_TINY = np.finfo(np.float64).tiny  # (DBL_MIN, the smallest normal number)
_HUGE = np.finfo(np.float64).max
_F64 = np.dtype(np.float64)


def logistic_chain(g, s, y, e):
    """``((g * s) / y) * e`` (a new array), or None where that sets a floating-point flag
    (overflow, underflow, invalid) or makes a zero in an entry, or where ``g``, ``s``, ``y``
    and ``e`` are not arrays of NumPy's own float64 of one shape (internal: ``wengert.jit``'s
    fused pullback of ``c / (k + exp(-z))``).

    >>> import numpy as np
    >>> logistic_chain(np.array([2.0]), np.array([0.5]), np.array([2.0]), np.array([1.0]))
    array([0.5])
    >>> logistic_chain(np.array([0.0]), np.array([0.5]), np.array([2.0]), np.array([1.0])) is None
    True
    """
    if type(s) is not np.ndarray:
        return None
    for a in (g, s, y, e):
        if (type(a) is not np.ndarray or a.dtype is not _F64 or not a.flags.c_contiguous
                or not a.flags.aligned or a.shape != s.shape):
            return None
    with np.errstate(all="ignore"):
        t1 = g * s
        t2 = t1 / y
        r = t2 * e
        # (NaN compares False: not taken)
        if not (np.all(np.abs(t1) > _TINY) and np.all(np.abs(t2) > _TINY)
                and np.all((np.abs(r) > _TINY) & (np.abs(r) <= _HUGE))):
            return None
    return r


def log_softmax_chain(g, e, S, s):
    """``g - e * (S / s)`` (a new array; ``S`` and ``s`` one entry per row, the last axis of
    ``g`` and ``e``), or None where that sets a floating-point flag (overflow, underflow,
    invalid) or makes a zero in an entry, or where ``g`` and ``e`` are not arrays of NumPy's own
    float64 of one shape and ``S`` and ``s`` of that shape with a last axis of length 1
    (internal: ``wengert.jit``'s fused pullback of ``z - log(sum(exp(z), axis=-1,
    keepdims=True))``).

    >>> import numpy as np
    >>> log_softmax_chain(np.array([[1.0, 2.0]]), np.array([[0.25, 0.75]]), np.array([[3.0]]), np.array([[1.5]]))
    array([[0.5, 0.5]])
    >>> log_softmax_chain(np.array([[1.0, 2.0]]), np.array([[0.5, 0.25]]), np.array([[3.0]]), np.array([[1.5]])) is None
    True
    """
    if type(g) is not np.ndarray or type(S) is not np.ndarray:
        return None
    for a, like in ((g, g), (e, g), (S, S), (s, S)):
        if (type(a) is not np.ndarray or a.dtype is not _F64 or not a.flags.c_contiguous
                or not a.flags.aligned or a.shape != like.shape):
            return None
    if g.ndim == 0 or S.ndim != g.ndim or S.shape[-1] != 1 or S.shape[:-1] != g.shape[:-1]:
        return None
    with np.errstate(all="ignore"):
        q = S / s
        p = e * q
        r = g - p
        # (NaN compares False: not taken)
        if not all(np.all((np.abs(v) >= _TINY) & (np.abs(v) <= _HUGE)) for v in (q, p, r)):
            return None
    return r


def lone_entry_sums(g):
    """The sums of ``g`` along its last axis, with that axis kept (of length 1), where no row
    of ``g`` has two entries other than 0 (a one-hot cotangent, ``t * c``): such a sum is that
    entry (or a zero) whatever the order of the additions, so that NumPy's own reduction gives
    the same bits; None where a row has two, or where ``g`` is not a C-contiguous array of
    NumPy's own float64 with at least one axis (internal: ``wengert.jit``'s fused pullback of the
    log-softmax).

    >>> import numpy as np
    >>> lone_entry_sums(np.array([[0.0, -0.5, 0.0], [0.0, 0.0, 2.0]]))
    array([[-0.5],
           [ 2. ]])
    >>> lone_entry_sums(np.array([[0.25, -0.5, 0.0]])) is None
    True
    """
    if (type(g) is not np.ndarray or g.dtype is not _F64 or not g.flags.c_contiguous or not g.flags.aligned
            or g.ndim == 0):
        return None
    if g.size and np.count_nonzero(g, axis=-1).max(initial=0) > 1:
        return None
    return np.add.reduce(g, axis=-1, keepdims=True)


def outer_dot(a, b):
    """``np.dot(a, b)`` (internal: ``wengert.ops.linalg``'s matmul pullbacks; the compiled
    core computes an outer product of float64 matrices, (m, 1) by (1, n), itself: the same
    bits, each entry written once).

    >>> import numpy as np
    >>> outer_dot(np.array([[2.0], [-0.0]]), np.array([[0.5, -3.0]]))
    array([[ 1., -6.],
           [ 0.,  0.]])
    """
    return np.dot(a, b)


def logistic_partial(e, ans):
    """``np.fmin(e * ans, 1.0) * ans`` written into ``e`` (and returned), for arrays ``e`` and
    ``ans`` of NumPy's own float64 of one shape, C-contiguous, ``e`` writeable and not
    ``ans``, where every product and result is a normal number (no floating-point flag but
    inexact); None otherwise, ``e`` then holding no value to be read (internal: the logistic
    sigmoid's derivative from the forward pass's ``e = exp(-x)``).

    >>> import numpy as np
    >>> logistic_partial(np.array([1.0, 3.0]), np.array([0.5, 0.25]))
    array([0.25  , 0.1875])
    >>> logistic_partial(np.array([1e-300]), np.array([1e-20])) is None
    True
    """
    for a in (e, ans):
        if (type(a) is not np.ndarray or a.dtype is not _F64 or not a.flags.c_contiguous
                or not a.flags.aligned or a.shape != e.shape):
            return None
    if e is ans or not e.flags.writeable:
        return None
    with np.errstate(all="ignore"):
        t = e * ans
        r = np.fmin(t, 1.0) * ans
        size = np.abs(r)
        # (NaN compares False: not taken)
        if not (np.all(np.abs(t) >= _TINY) and np.all((size >= _TINY) & (size <= _HUGE))):
            return None
    e[...] = r
    return e


def logistic_cotangent(g, e, ans, x, near):
    """``g * (np.fmin(e * ans, 1.0) * ans)`` written into ``e`` (and returned): the logistic
    sigmoid's pullback ``g * partial`` from the forward pass's ``e = exp(-x)``, for arrays ``g``,
    ``e``, ``ans`` and ``x`` of NumPy's own float64 of one shape, C-contiguous, ``e`` writeable
    and none of the others, where every ``|x|`` is at most ``near`` and every product and result
    is a normal number (no floating-point flag but inexact, no zero); None otherwise, ``e`` then
    holding no value to be read (internal: ``wengert.jit``'s replay of ``wnp.logistic``).

    >>> import numpy as np
    >>> logistic_cotangent(np.array([2.0, 4.0]), np.array([1.0, 3.0]), np.array([0.5, 0.25]), np.zeros(2), 700.0)
    array([0.5 , 0.75])
    >>> logistic_cotangent(np.array([0.0]), np.array([1.0]), np.array([0.5]), np.zeros(1), 700.0) is None
    True
    """
    for a in (e, g, ans, x):
        if (type(a) is not np.ndarray or a.dtype is not _F64 or not a.flags.c_contiguous
                or not a.flags.aligned or a.shape != e.shape):
            return None
    if e is ans or e is g or e is x or not e.flags.writeable:
        return None
    near = float(near)
    with np.errstate(all="ignore"):
        t = e * ans
        p = np.fmin(t, 1.0) * ans
        r = g * p
        size = np.abs(r)
        # (NaN compares False: not taken)
        if not (np.all(np.abs(x) <= near) and np.all(np.abs(t) >= _TINY)
                and np.all((np.abs(p) >= _TINY) & (np.abs(p) <= _HUGE))
                and np.all((size >= _TINY) & (size <= _HUGE))):
            return None
    e[...] = r
    return e


def at_least(x, bound):
    """Whether every entry of ``x`` is at least ``bound`` (a NaN is not), where ``x`` is a
    C-contiguous array of NumPy's own float64; None where it is not (internal: the logistic
    sigmoid's test that ``exp(-x)`` cannot overflow).

    >>> import numpy as np
    >>> at_least(np.array([0.0, -1.0]), -1.0), at_least(np.array([0.0, np.nan]), -1.0)
    (True, False)
    >>> at_least(np.array([1, 2]), 0.0) is None
    True
    """
    if type(x) is not np.ndarray or x.dtype is not _F64 or not x.flags.c_contiguous or not x.flags.aligned:
        return None
    return bool(np.all(x >= float(bound)))


def within(x, bound):
    """Whether every entry of ``x`` is within ``[-bound, bound]`` (a NaN is not), where ``x`` is
    a C-contiguous array of NumPy's own float64; None where it is not (internal: tanh's and the
    logistic sigmoid's test that no entry is where their rules form ``g * partial`` apart).

    >>> import numpy as np
    >>> within(np.array([0.0, -1.0]), 1.0), within(np.array([0.0, np.nan]), 1.0)
    (True, False)
    >>> within(np.array([1, 2]), 3.0) is None
    True
    """
    if type(x) is not np.ndarray or x.dtype is not _F64 or not x.flags.c_contiguous or not x.flags.aligned:
        return None
    # (the extremes, a NaN propagated by both: no array of x's size)
    return not x.size or bool(x.min() >= -float(bound) and x.max() <= float(bound))


def all_finite(a):
    """Whether every entry of ``a`` is finite (no inf, no NaN), where ``a`` is an aligned C- or
    Fortran-contiguous array of NumPy's own float64; None where it is not (internal: matmul's
    pullbacks ask it of the product's value at every staging).

    >>> import numpy as np
    >>> all_finite(np.array([[1.0, 1e308]])), all_finite(np.array([1.0, -np.inf])), all_finite(np.array([np.nan]))
    (True, False, False)
    >>> all_finite(np.array([1, 2])) is None
    True
    """
    if type(a) is not np.ndarray or a.dtype is not _F64 or not (a.flags.c_contiguous or a.flags.f_contiguous) or not a.flags.aligned:
        return None
    return bool(np.all(np.isfinite(a)))


def quotient_in_range(g, ans):
    """Whether ``ans`` and ``g * ans`` are normal numbers in every entry (``g * ans`` where ``g``
    is not 0), where each of ``g`` and ``ans`` is a Python float or a C-contiguous array of NumPy's
    own float64, the arrays of one shape; None where it cannot tell (internal: a quotient's
    pullback ``-g * ans / y`` needs no rescaling then, ``wengert.ops.elementwise``'s
    ``_far_mended``).

    >>> import numpy as np
    >>> quotient_in_range(np.array([1.0, 0.0]), np.array([2.0, 3.0])), quotient_in_range(1e-300, 1e-10)
    (True, False)
    >>> quotient_in_range(np.array([1.0]), np.array([1, 2])) is None
    True
    """
    arrays = [v for v in (g, ans) if type(v) is not float]
    for v in arrays:
        if type(v) is not np.ndarray or v.dtype is not _F64 or not v.flags.c_contiguous or not v.flags.aligned:
            return None
    if len(arrays) == 2 and g.shape != ans.shape:
        return None
    with np.errstate(all="ignore"):
        a, p = np.abs(ans), np.abs(np.multiply(g, ans))
        tiny, huge = np.finfo(np.float64).tiny, np.finfo(np.float64).max
        return bool(np.all((a >= tiny) & (a <= huge) & (((p >= tiny) & (p <= huge)) | np.equal(g, 0.0))))


def weighted(w, c):
    """``w * c`` (a new array), or None where that sets a floating-point flag other than
    inexact (overflow, underflow, invalid): an entry that is neither 0 where ``w`` is (an exact
    zero) nor finite and at least the smallest normal number in size; or where ``w`` is not a
    C-contiguous array of NumPy's own float64 (internal: ``wengert.jit``'s fused pullback of
    a cross-entropy).

    >>> import numpy as np
    >>> weighted(np.array([0.0, 2.0, -1.0]), -0.5)
    array([-0. , -1. ,  0.5])
    >>> weighted(np.array([1e-300]), 1e-100) is None
    True
    """
    if type(w) is not np.ndarray or w.dtype is not _F64 or not w.flags.c_contiguous or not w.flags.aligned:
        return None
    c = float(c)
    with np.errstate(all="ignore"):
        out = w * c
        size = np.abs(out)
        if not (_TINY <= abs(c) <= _HUGE and np.all((w == 0) | ((size >= _TINY) & (size <= _HUGE)))):
            return None
    return out
