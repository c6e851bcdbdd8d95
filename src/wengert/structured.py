"""Views into structured values, with per-part adjoints (internal; use ``wengert.*``).

Reading one field of a record Var (``net.w1``), one item of a container Var
(``d["k"]``, ``xs[0]``, ``xs[1:3]``) records a view node whose pullback sends back a
:class:`Partial`: a cotangent that holds only the parts that were reached. Partials add
to each other in O(parts touched), so reading one field of a 100-field record costs
O(1), not O(record) (backprop's "dominating source of overhead"). A whole gradient
value, with ``zero`` for the untouched parts, is built once, at the end (``finalize``).
"""
import threading
from typing import Any, TypeVar

import numpy as np

from . import _context, protocol
from ._backend import Var, carries_no_gradient, make_var, part_leaf, record_view
from ._backend import plain_value as _plain_value
from ._backend import value_of
from .errors import NoGradientRule
from .protocol import add, zero
from .tree import children, map_leaves, rebuild, rebuild_record, record_fields

T = TypeVar("T")

__all__ = ["Partial", "as_items", "finalize", "field_view", "item_view", "collect", "strip_tape",
           "is_record", "plain_value", "stop_gradient", "is_complex", "real_like", "real_pullback", "get_part", "mismatch"]


class Partial:
    """A cotangent of a structured value in which only some parts were reached.

    ``parts`` maps a field name (records), a key (dicts) or an index (lists, tuples) to
    that part's cotangent; missing parts are zero.

    >>> Partial({"w": 1.0})
    Partial({'w': 1.0})
    """
    __slots__ = ("parts",)

    def __init__(self, parts):
        self.parts = parts

    def __repr__(self):
        return f"Partial({self.parts!r})"


def _merge_into(parts, other_parts):
    for k, v in other_parts.items():
        parts[k] = add(parts[k], v) if k in parts else v
    return parts


def _partial_add(p, q):
    if type(q) is Partial:
        return Partial(_merge_into(dict(p.parts), q.parts))
    return _add_into_dense(q, p.parts)


def _partial_iadd(p, q):
    # p was made by _partial_add, so its dict belongs to the tape; the parts it holds may
    # be anybody's, so they are combined with add, never written into.
    if type(q) is Partial:
        _merge_into(p.parts, q.parts)
        return p
    return _add_into_dense(q, p.parts)


def _partial_one(p):
    raise TypeError("one() of a partial cotangent is not defined (internal error)")


def _add_into_dense(dense, parts):
    """``dense`` plus the parts of a partial cotangent of the same structure (a new value)."""
    as_array = isinstance(plain_value(dense), np.ndarray)
    if (as_array or type(dense) is list or type(dense) is tuple) and any(type(k) is str for k in parts):
        # Fields of a named tuple met its cotangent as an array or a plain list: their
        # order is not known here (an argument's is, see as_items, but not that of a named
        # tuple held by a Var, an outer tape's under nested runners).
        raise TypeError(
            "a named tuple used both as an array (np.sum(p), np.stack(p)) and through its "
            "fields (p.u) is differentiated at first order as an argument only; build the "
            "array from its fields instead (np.stack([p.u, p.v]) or wengert.numpy.array)")
    if as_array:
        # A whole list or tuple used as an array (np.sum(xs)) has an array cotangent
        # (plain, or a Var of an outer tape); the partial one holds the items read (xs[0]).
        dense = _rows(dense)
    cls = type(dense)
    if cls is Var:
        # A whole cotangent recorded on an outer tape (derivatives of derivatives): the
        # parts, zero-filled, become one Var of that tape, so the sum is recorded there.
        return add(dense, collect(_fill(stop_gradient(dense), parts)))
    names = record_fields(cls)
    if names is not None:
        values = [getattr(dense, n) for n in names]
        for k, v in parts.items():
            i = names.index(k)
            values[i] = add(values[i], v)
        return rebuild_record(cls, values)
    if isinstance(dense, dict):
        return _merge_into(dict(dense), parts)
    if isinstance(dense, (list, tuple)):
        items = list(dense)
        for k, v in parts.items():
            items[k] = add(items[k], v)
        return cls(items)
    raise TypeError(f"a partial cotangent met a {cls.__qualname__} gradient (internal error)")


def _rows(dense):
    """The rows of an array cotangent (plain, or a Var of an outer tape: recorded reads)."""
    return [dense[i] for i in range(len(plain_value(dense)))]


def as_items(dense, like):
    """The cotangent ``dense`` of a list, tuple or named tuple ``like``, as a value of
    ``like``'s type when it is an array (the argument was used as an array, as in
    ``np.sum(xs)``) or a plain list for a named tuple (``np.stack(p)``); any other
    cotangent unchanged.

    >>> as_items(np.array([1.0, 2.0]), (3.0, 4.0))
    (np.float64(1.0), np.float64(2.0))
    """
    t = type(plain_value(like))
    if isinstance(plain_value(dense), np.ndarray):
        items = _rows(dense)
    elif (type(dense) is list or type(dense) is tuple) and type(dense) is not t:
        items = list(dense)
    else:
        return dense
    if record_fields(t) is not None:
        return rebuild_record(t, items)
    return t(items) if t is list or t is tuple else dense


# Rank 2: a Partial meeting a Var cotangent (rank 1) must run its own add, which keeps
# the Vars among its parts connected to their tape.
protocol.register(Partial, zero=lambda p: Partial({}), add=_partial_add, one=_partial_one,
                  iadd=_partial_iadd, sparse=2)


def plain_value(x):
    """The plain value of one Var: its value, through every layer of nesting (internal).

    Under nested runners a Var's value may itself be a Var of an outer tape, at any depth;
    this peels them all, in O(depth). It does not look inside containers (use
    :func:`stop_gradient` for a whole tree) and is the hot path's name for "what number or
    array is this". Anything that is not a Var comes back as it is.

    >>> plain_value(2.0)
    2.0
    >>> import wengert as wg
    >>> wg.grad_bp(lambda x: x * 0.0 + (plain_value(x) == 3.0), 3.0)
    0.0
    """
    while type(x) is Var:
        x = x.value
    return x


#: :func:`plain_value` without a ``wengert.jit`` guard (internal): for reads of structure
#: (a type, keys, a length, a part to view) that a replay re-reads or checks another way.
#: A read of a Var's value that decides anything else is a guard (``var.value``).
peek = _plain_value


def stop_gradient(x: T) -> T:
    """``x`` as a constant: every Var in it replaced by its plain value (``wengert.stop_gradient``).

    Works on a Var, a plain value, or any tree (list, tuple, dict, record) holding Vars,
    at any depth and of any tape: Vars of outer runners and Vars inside a Var's value
    included. The result holds no Var, so no gradient flows through it at any level
    (constants never reach the tape): "the plain value of a tree" and "a constant in the
    graph" are one meaning in wengert, with this one name (backprop's ``auto``; its
    ``constVar`` is the alias ``wengert.const``). For one Var's plain value inside your
    function, ``v.value`` is the same under a single runner.

    >>> import wengert as wg
    >>> wg.grad_bp(lambda x: x * wg.stop_gradient(x), 3.0)
    3.0
    >>> wg.grad_bp(lambda d: d["a"] * wg.stop_gradient(d)["a"], {"a": 2.0})
    {'a': 2.0}
    >>> wg.stop_gradient({"w": [1.0, 2.0]})  # a plain value comes back equal
    {'w': [1.0, 2.0]}

    .. versionadded:: 0.1
    """
    tapes = _context.open_tapes()
    if tapes and tapes[0].jit is not None:
        return _stopped(x, tapes[0])
    return _stripped(x)


def plain_tree(x):
    """``x`` with every Var at any depth replaced by its plain value, each read a decision
    on the value (internal): :func:`stop_gradient` but for the library's own checks and
    constants (``wengert.jit`` keeps each read as a guard, where ``stop_gradient`` records
    a node with no gradient).

    >>> plain_tree({"w": [1.0, 2.0]})
    {'w': [1.0, 2.0]}
    """
    x = plain_numbers(x)
    kids = children(x)
    if not kids:
        return x
    return rebuild(x, [plain_tree(child) for _, child in kids])


_stripped = plain_tree


def _stopped(x, tape):
    # While wengert.jit records, a constant made from a Var's value is a node of its own
    # (its pullback gives no cotangent), so that a replay recomputes it from the new value.
    found = []
    _find_vars(x, (), found)
    if not found:
        return _stripped(x)  # (no Var, but maybe an outer forward pass's Duals: jvp of a jitted f)
    if any(v.tape is not tape for _, v in found):
        tape.jit.refuse("stop_gradient of a Var of another tape")
        return _stripped(x)
    whole = collect(x)
    value = _stripped(peek(whole))
    node = make_var(tape, tape.push_object((whole.index,), _stopped_pullback, value, "stop_gradient"), value)
    tape.jit.python_node(node.index, _Stop(), (whole,), value, stops=True)
    return node


def _stopped_pullback(g):
    return (None,)


class _Stop:
    __slots__ = ()

    def __call__(self, value):
        if type(value) is np.ndarray or type(value) is float:
            return value, _stopped_pullback  # (plain already: _stripped's answer, without its three calls)
        return _stripped(value), _stopped_pullback


def plain_numbers(x):
    """``x`` without the Vars and forward-mode Duals around it: the numbers a rule reads
    for a decision that is not differentiated (a mask, a branch, a conditioning check).

    >>> plain_numbers(2.0)
    2.0
    """
    while True:
        t = type(x)
        if t is Var:
            x = x.value
        elif t is _DUAL:
            x = x.primal
        else:
            return x


def nesting(x):
    """How many Vars and forward-mode Duals wrap ``x``: 0 for plain numbers (internal).

    A rule's argument is plain under a first derivative and wrapped once for each transform
    that differentiates that derivative again (grad of grad, jvp of grad, jacfwd of
    jacfwd...): a pullback reached with ``nesting(a) == k`` computes a derivative of
    order k + 1, which rules whose rounding error grows with the order check.

    >>> nesting(2.0)
    0
    """
    depth, t = 0, type(x)
    while t is Var or t is _DUAL:
        x = x.value if t is Var else x.primal
        depth, t = depth + 1, type(x)
    return depth


#: per thread, how many underflows :func:`underflowed` has counted
class _Underflows(threading.local):
    n = 0  # (a class default: reading a count not yet set costs no AttributeError, 3 us, in forward mode's every pass)


_UNDERFLOWS = _Underflows()
# (the state np.errstate sets for a with block, and its setter, in a third of its time; None in
# another layout of NumPy's modules)
_ERRSTATE: Any = getattr(getattr(np, "_core", None), "umath", None)
_ERRSTATE, _MAKE_ERRSTATE = getattr(_ERRSTATE, "_extobj_contextvar", None), getattr(_ERRSTATE, "_make_extobj", None)
_DEFAULT_ERRSTATE = _ERRSTATE.get() if _ERRSTATE is not None else None  # (NumPy's own: underflows ignored)


def underflowed(kind="underflow", flag=0):
    """Count an underflow in this thread (internal: NumPy's error callback, ``kind`` its name of
    the error, under :func:`underflows_in`; ``wengert.scaled_power``'s, which NumPy's state
    does not see). A product of nonzero numbers below 2^-1074 is 0: a term that a later factor
    large enough would have brought back into range is lost with no sign.

    >>> n = underflow_count(); underflowed(); underflow_count() - n
    1
    """
    if kind == "underflow":
        _UNDERFLOWS.n += 1


def underflow_count():
    """How many underflows :func:`underflowed` has counted in this thread (internal: forward mode's first-order pass
    compares it before and after, ``wengert.forward.jvp_forward``).

    >>> underflow_count() >= 0
    True
    """
    return _UNDERFLOWS.n


def underflows_in(fun, *args):
    """``(fun(*args), whether it underflowed)`` (internal: forward mode's runs with a smaller
    seed, ``wengert.forward.scaled_if_nested``): NumPy's underflows counted by
    :func:`underflowed`, its other errors as they were, an underflow ignored where a rule asks
    NumPy to. Where the caller has asked NumPy for more than to ignore underflows
    (``np.errstate(under="raise")``), or NumPy's state has another layout, they are not
    counted: the run is then taken as one that underflowed (unknown), its own errors as the
    caller set them.

    >>> underflows_in(np.multiply, np.array([1e-300]), 1e-300)
    (array([0.]), True)
    >>> underflows_in(np.multiply, np.array([2.0]), 3.0)
    (array([6.]), False)
    """
    if _ERRSTATE is None or _MAKE_ERRSTATE is None or (
            _ERRSTATE.get() is not _DEFAULT_ERRSTATE and np.geterr()["under"] != "ignore"):
        return fun(*args), True  # (the caller's own handling of underflows: as it is)
    seen = underflow_count()
    token = _ERRSTATE.set(_MAKE_ERRSTATE(under="call", call=underflowed))
    try:
        out = fun(*args)
    finally:
        _ERRSTATE.reset(token)
    return out, underflow_count() != seen


def cancelled_zeros(total, addend):
    """Where the sum of cotangents ``total`` is 0 and ``addend``, the cotangent just added into
    it, is not (internal: the tape's ``cancelled`` hook): terms that cancel there, so that the
    sweep takes those zeros as live (a derivative that vanishes there: grad of ``exp(s) - 1 -
    s``, ``s = sqrt(x)``, at 0 was 0 through sqrt's infinite partial, the truth 0.5), not as
    structural. True, a boolean mask of ``total``'s shape, or None (nowhere, or not a
    number or an array of numbers: a record's sum says nothing).

    >>> cancelled_zeros(np.array([0.0, 0.0, 2.0]), np.array([1.0, 0.0, 1.0]))
    array([ True, False, False])
    """
    total, addend = plain_numbers(total), plain_numbers(addend)  # (traced: its value's zeros)
    if type(total) is np.ndarray:
        if total.dtype.kind not in "fc" or np.count_nonzero(total) == total.size:
            return None
        mask = (total == 0) & (np.asarray(addend) != 0)
        return np.broadcast_to(mask, total.shape) if mask.any() else None
    if isinstance(total, (float, np.floating, np.complexfloating)):
        return True if total == 0 and np.all(np.asarray(addend) != 0) else None
    return None


def is_record(value):
    """True for dataclass instances and named tuples."""
    return record_fields(type(value)) is not None


# -- complex numbers: a real value's cotangent is real ------------------------------------
# Under autograd's and JAX's convention a cotangent ``c`` of a complex value ``z`` stands for
# the linear map ``dz -> Re(c * dz)``; for a real ``x`` that is ``dx -> Re(c) * dx``, so
# the cotangent of a real value is the real part of whatever complex number reaches it.

def is_complex(x):
    """True for a complex number, or an array, NumPy scalar or Var holding complex numbers.

    >>> is_complex(1j), is_complex(np.ones(2)), is_complex(np.ones(2, dtype=complex))
    (True, False, True)
    """
    x = peek(x)  # the dtype, which a replay checks: no guard on the values
    t = type(x)
    if t is float or t is int:
        return False
    if t is complex:
        return True
    dtype = getattr(x, "dtype", None)
    return dtype is not None and dtype.kind == "c"


_DUAL = None  # wengert.forward.Dual (register_dual)


def is_traced(x):
    """True for a Var or a forward-mode Dual: a value a rule must not convert to a plain
    array (``np.asarray``), which would cut its derivative off (internal)."""
    t = type(x)
    return t is Var or (t is _DUAL and _DUAL is not None)


#: The rules whose result's entries are its one input's, each once, moved (a reshape or a
#: permutation): of a tape's own argument, independent variables still.
_REARRANGING = frozenset(f"numpy.{name}" for name in (
    "reshape", "ravel", "transpose", "moveaxis", "swapaxes", "squeeze", "expand_dims", "copy", "flip", "roll"))


def is_computed(x):
    """True for a Var a rule computed on its tape (a node with parents), False for a tape's
    own argument (an independent variable) or a reshape or permutation of one (its entries
    are such variables, each once: ``np.median(x.reshape(3, 1), axis=0)``), and for anything
    else (internal: the tape's structure asked here, so that the rule tables need not know it).

    >>> is_computed(1.0)
    False
    """
    if type(x) is not Var:
        return False
    node = x.tape.node(x.index)
    while node["op"] in _REARRANGING and len(node["parents"]) == 1:
        node = x.tape.node(node["parents"][0])
    return bool(node["parents"])


def on_another_tape(x, y):
    """True for a Var ``x`` recorded on a tape other than ``y``'s (``y`` a Var or not)
    (internal: a pullback being transposed meets a traced cotangent of a tape of its own).

    >>> on_another_tape(1.0, 2.0)
    False
    """
    return type(x) is Var and x.tape is not getattr(y, "tape", None)


def register_dual(cls):
    """Tell the structured-value helpers forward mode's value type (wengert.forward calls it)."""
    global _DUAL
    _DUAL = cls



def _is_real_leaf(x):
    t = type(x)
    while t is _DUAL or t is Var:  # under forward mode (a Dual), at any depth of nesting
        x = x.primal if t is _DUAL else x.value
        t = type(x)
    return t is float or ((t is np.ndarray or isinstance(x, np.floating)) and x.dtype.kind == "f")


def real_like(g, like):
    """The cotangent ``g`` of the value ``like`` with the imaginary parts dropped wherever
    ``like`` is real (in every part of a structured value).

    >>> real_like(np.array([1 + 2j]), np.array([0.5]))
    array([1.])
    >>> real_like((1 + 2j, 3j), (0.5, 1j))
    (1.0, 3j)
    """
    if g is None:
        return None
    like = plain_value(like)
    if _is_real_leaf(like):
        return np.real(g) if is_complex(g) else g
    if type(g) is Partial:
        return Partial({k: real_like(v, _part_of(like, k)) for k, v in g.parts.items()})
    kids = children(like)
    sequences = isinstance(g, (list, tuple)) and isinstance(like, (list, tuple))
    if kids is None or type(g) is Var or (type(g) is not type(like) and not sequences):
        return g
    if type(g) is dict:
        return {k: real_like(v, like[k]) if k in like else v for k, v in g.items()}
    return rebuild(g, [real_like(child, like_child)
                        for (_, child), (_, like_child) in zip(children(g), kids)])


def _part_of(value, key):
    if isinstance(value, dict) or (isinstance(value, (list, tuple)) and not isinstance(key, str)):
        return value[key]
    return getattr(value, key)


def _has_real_leaf(x):
    x = plain_value(x)  # under nested runners the items of a list may be Vars of an outer tape
    if _is_real_leaf(x):
        return True
    kids = children(x)
    return bool(kids) and any(_has_real_leaf(child) for _, child in kids)


def _has_complex_leaf(x):
    if is_complex(x):
        return True
    kids = children(x)
    return bool(kids) and any(_has_complex_leaf(child) for _, child in kids)


def real_pullback(pullback, value, ans):
    """``pullback``, or one that takes the real part of its cotangent where the argument
    ``value`` is real and the result ``ans`` is complex (``x * 1j`` for a real ``x``).

    Called by ``wengert._engine.apply`` for every result that is not a real float or array.
    """
    plain = plain_value(value)
    if not _has_real_leaf(plain) or not _has_complex_leaf(plain_value(ans)):
        return pullback
    return lambda g: real_like(pullback(g), plain)


def finalize(g, like):
    """The dense gradient for a value ``like`` from its accumulated cotangent ``g``.

    Fills untouched parts with ``zero``, and gives the result ``like``'s type: a float
    for a float (or a subclass of float), an array of ``like``'s dtype and shape for an array, a NumPy scalar of
    the same type for a NumPy scalar. A real value gets a real gradient: the real part
    of a complex cotangent (autograd's and JAX's convention), without a ComplexWarning.

    >>> finalize(Partial({"b": 2.0}), {"a": 1.0, "b": 3.0})
    {'a': 0.0, 'b': 2.0}
    """
    like = plain_value(like)  # nested runners: shape the gradient like the plain value
    t = type(like)
    if t is _DUAL and (type(g) in (np.ndarray, float, complex) or isinstance(g, np.generic)):
        # a plain cotangent of a forward pass's value (one no tangent reaches: np.max's mask
        # times a plain seed): shaped and typed like its primal, float32 staying float32
        while type(like) is _DUAL:
            like = like.primal
        return finalize(g, like)
    if t is np.ndarray and type(g) is np.ndarray:
        # The common case, checked in the fewest steps: a fresh array of the right kind.
        if g.dtype == like.dtype and g.shape == like.shape and g.flags.writeable:
            return g
    if type(g) is Partial:
        return _fill(like, g.parts)
    if is_traced(g):
        return _finalize_var(g, like)
    if t is float:
        return g if type(g) is float else _finalize_float(g, like)
    if t is complex:
        return complex(g)
    if t is np.ndarray:
        return _finalize_array(g, like)
    if isinstance(like, np.generic):
        return _finalize_numpy_scalar(g, like)
    if isinstance(like, float):
        # a subclass (a float enum's member): a float, as zero(like) is; the subclass
        # itself cannot always be built from a number
        return _finalize_float(g, like)
    if isinstance(like, complex):
        return complex(g)
    return _finalize_parts(g, like)


def _finalize_var(g, like):
    # A cotangent recorded on an outer tape, or carrying an outer forward pass's tangent (a
    # Dual: the transposed pullback of a rule under forward over forward): higher-order
    # derivatives. An array one for a list or tuple (np.sum(xs)) is opened into its items,
    # as a plain one is below; a real value gets the real part of a complex one.
    t = type(like)
    if (t is list or t is tuple) and isinstance(plain_value(g), np.ndarray):
        return t(finalize(g[i], v) for i, v in enumerate(like))
    if type(g) is not Var and _is_real_leaf(like) and is_complex(g):
        g = np.real(g)
    if type(g) is _DUAL or type(g) is Var:
        # A rule's float64 constant (np.eye in einsum's, a float64 partial) widens a float32
        # cotangent: a plain one is cast (_finalize_array), a Dual of an outer forward pass
        # (hessian, jvp of grad: ``like`` a Dual too) here, its tangent with it, and a Var of
        # an outer tape by a recorded astype (jvp of a pullback, transposed, returns it).
        # (a Python complex's gradient too: complex, also where the cotangent came out real, as a plain one is
        # (complex(g)); jvp of grad of |Re z|^2 at a complex number was a float64 gradient and tangent)
        dtype = getattr(like, "dtype", None) if t is not complex else np.dtype(np.complex128)
        if isinstance(dtype, np.dtype) and dtype.kind in "fc":
            if type(g) is _DUAL and dtype.kind == "f" and is_complex(g):  # (the real part, as above)
                g = np.real(g)
            tangent = g.tangent if type(g) is _DUAL else None
            wider = [d for d in (g.dtype, getattr(tangent, "dtype", dtype)) if d != dtype]
            if wider and all(np.can_cast(d, dtype, "same_kind") for d in wider):
                return g.astype(dtype)
    return g


def _finalize_float(g, like):
    _check_scalar(g, like)
    return float(np.real(g)) if is_complex(g) else float(g)


def _finalize_array(g, like):
    if like.dtype.kind == "f" and is_complex(g):
        g = np.real(g)
    g = np.asarray(g, dtype=like.dtype if like.dtype.kind in "fc" else None)
    if g.shape != like.shape:
        raise ValueError(f"gradient of shape {g.shape} for an input of shape {like.shape}: "
                         "a gradient rule returned a wrongly shaped cotangent")
    return g if g.flags.writeable else g.copy()


def _finalize_numpy_scalar(g, like):
    _check_scalar(g, like)
    if like.dtype.kind == "f" and is_complex(g):
        g = np.real(g)
    return like.dtype.type(g) if like.dtype.kind in "fc" else g


def _finalize_parts(g, like):
    """A container's or record's gradient, part by part; any other value's is ``g``."""
    t = type(like)
    if t is dict:  # a key the cotangent lacks was not reached: zero
        return {k: finalize(g[k], v) if k in g else zero(v) for k, v in like.items()}
    names = record_fields(t)
    if names is not None:
        if type(g) is not t:
            raise TypeError(f"gradient of type {type(g).__qualname__} for a {t.__qualname__}")
        parts = [getattr(g, n) for n in names]
    elif t is list or t is tuple:
        parts = g  # a list, a tuple, or an array whose rows are the items
    else:
        return g
    return rebuild(like, [finalize(part, v) for part, (_, v) in zip(parts, children(like))])


def mismatch(ct, like, where):
    """Why ``ct`` cannot be a cotangent of the value ``like``, or None if it can.

    A cotangent has its value's structure: the shape of an array (``()`` for a float or
    NumPy scalar), the keys of a dict (a missing key counts as zero, a key the value
    lacks is refused), the length of a list or tuple, the type of a record. ``None`` is a
    zero cotangent anywhere; other types are left to their protocol instance. ``where``
    names ``ct`` in the message (``"the seed"``); parts are named after it
    (``the seed['a'][1]``). Returns ``(exception type, message)``.

    >>> mismatch(np.ones(2), np.ones(3), "the seed")[1]
    'the seed has shape (2,) but its value has shape (3,)'
    >>> mismatch({"a": 1.0}, {"a": 2.0, "b": 3.0}, "the seed") is None
    True
    """
    if ct is None or type(ct) is Partial or carries_no_gradient(plain_value(like)):
        return None
    ct, like = plain_value(ct), plain_value(like)
    t = type(like)
    if t is float or t is complex or t is np.ndarray or isinstance(like, np.generic):
        return _leaf_mismatch(ct, like, where)
    names = record_fields(t)
    if names is not None:
        return _record_mismatch(ct, like, names, where)
    if isinstance(like, dict):
        return _dict_mismatch(ct, like, where)
    if isinstance(like, (list, tuple)):
        return _sequence_mismatch(ct, like, where)
    return None


def _leaf_mismatch(ct, like, where):
    """:func:`mismatch` for a float, complex number, NumPy scalar or array ``like``."""
    t = type(like)
    if type(ct) is np.ndarray or isinstance(ct, np.generic):
        ct_shape = ct.shape
    elif type(ct) in (float, int, complex):
        ct_shape = ()
    else:
        return TypeError, (f"{where} is a {type(ct).__qualname__}, but its value is "
                           f"{'an array' if t is np.ndarray else 'a number'}")
    shape = like.shape if t is not float and t is not complex else ()
    if ct_shape != shape:
        return ValueError, f"{where} has shape {ct_shape} but its value has shape {shape}"
    return None


def _record_mismatch(ct, like, names, where):
    t = type(like)
    if type(ct) is tuple and isinstance(like, tuple) and len(ct) == len(like):
        ct = t._make(ct)  # a named tuple's cotangent as a plain tuple: read by position
    if type(ct) is not t:
        return TypeError, f"{where} is a {type(ct).__qualname__}, but its value is a {t.__qualname__}"
    return _first_mismatch([(getattr(ct, n), getattr(like, n), f"{where}.{n}") for n in names])


def _dict_mismatch(ct, like, where):
    if not isinstance(ct, dict):
        return TypeError, f"{where} is a {type(ct).__qualname__}, but its value is a dict"
    extra = [k for k in ct if k not in like]
    if extra:
        return ValueError, (f"{where} has the key(s) {', '.join(map(repr, extra))}, which its "
                            f"value lacks (its keys: {', '.join(map(repr, like))})")
    return _first_mismatch([(v, like[k], f"{where}[{k!r}]") for k, v in ct.items()])


def _sequence_mismatch(ct, like, where):
    t = type(like)
    if type(ct) is np.ndarray and ct.shape[:1] == (len(like),):
        return None  # a sequence used as an array: its items are the array's rows
    if not isinstance(ct, (list, tuple)):
        return TypeError, (f"{where} is a {type(ct).__qualname__}, but its value is a "
                           f"{t.__qualname__} of {len(like)} part(s)")
    if len(ct) != len(like):
        return ValueError, (f"{where} has {len(ct)} part(s), but its value is a "
                            f"{t.__qualname__} of {len(like)}")
    return _first_mismatch([(c, v, f"{where}[{i}]") for i, (c, v) in enumerate(zip(ct, like))])


def _first_mismatch(triples):
    for ct, like, where in triples:
        found = mismatch(ct, like, where)
        if found is not None:
            return found
    return None


def _check_scalar(g, like):
    shape = getattr(g, "shape", ())
    if shape != ():
        raise ValueError(f"gradient of shape {shape} for a {type(like).__name__} input: a "
                         "gradient rule returned a wrongly shaped cotangent")


def _fill(like, parts):
    t = type(like)
    names = record_fields(t)
    if names is not None:
        values = []
        for n in names:
            v = getattr(like, n)
            if n not in parts:
                values.append(zero(v))
                continue
            g = parts[n]
            if (type(v) is np.ndarray and type(g) is np.ndarray and g.dtype == v.dtype and g.shape == v.shape
                    and g.flags.writeable):
                values.append(g)  # finalize's first case (a fresh array of the right kind), without its call
            else:
                values.append(finalize(g, v))
        return rebuild_record(t, values)
    if isinstance(like, dict):
        return {k: finalize(parts[k], v) if k in parts else zero(v) for k, v in like.items()}
    if isinstance(like, (list, tuple)):
        return t(finalize(parts[i], v) if i in parts else zero(v) for i, v in enumerate(like))
    raise TypeError(f"a partial cotangent for a {t.__qualname__} (internal error)")


def get_part(g, key):
    """Part ``key`` of a cotangent (dense or Partial), or None if it is zero."""
    if g is None:
        return None
    if type(g) is Partial:
        return g.parts.get(key)
    plain = plain_value(g)  # a cotangent recorded on an outer tape: take a view of it
    if isinstance(plain, dict):
        return g[key] if key in plain else None
    if isinstance(key, str):
        return getattr(g, key)
    return g[key]


# -- views -----------------------------------------------------------------------------

def _view(var, key, value, name):
    if carries_no_gradient(value):
        return value
    leaf = part_leaf(var, key, value, name)  # a part of a runner's argument: its own leaf
    if leaf is not None:
        return leaf

    def pullback(g):
        return Partial({key: g})
    view = record_view(var, pullback, value, name)
    if var.tape.jit is not None:
        var.tape.jit.python_node(view.index, _PartRead(key, (pullback,)), (var,), value, True)
    return view


class _PartRead:
    """A view's value and pullbacks at a new value of the whole (``wengert.jit``'s replay)."""
    __slots__ = ("key", "pullbacks")

    def __init__(self, key, pullbacks):
        self.key, self.pullbacks = key, pullbacks

    def __call__(self, whole):
        key = self.key
        if isinstance(whole, dict) or not isinstance(key, str):
            return whole[key], self.pullbacks
        return getattr(whole, key), self.pullbacks


def field_view(var, name):
    """``var.name`` for a Var holding a dataclass or named tuple (backprop's ``^^.``)."""
    return _view(var, name, getattr(value_of(var), name), "." + name)


def item_view(var, key):
    """``var[key]`` for a Var holding a dict, list, tuple or named tuple."""
    container = value_of(var)
    plain = plain_value(container)  # nested runners: the value is a Var of an outer tape
    if isinstance(plain, dict):
        return _view(var, key, container[key], f"[{key!r}]")
    names = record_fields(type(plain))
    if isinstance(key, slice):
        indices = range(len(plain))[key]
        return _slice_view(var, indices, container[key])
    if isinstance(key, bool) or not isinstance(key, (int, np.integer)):
        raise TypeError(f"{type(plain).__name__} indices must be integers or slices, not "
                        f"{type(key).__name__}")
    n = len(plain)
    i = int(key)
    if not -n <= i < n:
        raise IndexError(f"index {i} is out of range for a {type(plain).__name__} of length {n}")
    i %= n
    return _view(var, names[i] if names is not None else i, container[i], f"[{i}]")


def _slice_view(var, indices, value):
    tape = var.tape
    _context.check_live(tape, var)
    plain = peek(var)
    names = record_fields(type(plain))
    keys = [names[i] for i in indices] if names is not None else list(indices)

    def pullback(g):
        if type(g) is Partial:
            return (Partial({keys[j]: v for j, v in g.parts.items()}),)
        return (Partial({k: v for k, v in zip(keys, g)}),)
    view = make_var(tape, tape.push_object((var.index,), pullback, value, "slice"), value)
    if tape.jit is not None:
        tape.jit.python_node(view.index, _SliceRead(indices, pullback), (var,), value)
    return view


class _SliceRead:
    __slots__ = ("key", "pullback")

    def __init__(self, indices, pullback):
        self.key, self.pullback = slice(indices.start, indices.stop, indices.step), pullback

    def __call__(self, whole):
        return whole[self.key], self.pullback


# -- a user's function that closed over a Var -------------------------------------------

def refuse_closed_over(name, value, tape=None, tag=None):
    """Raise NoGradientRule if ``value``, what the user's function ``name`` returned when run on
    the plain values of its arguments at ``tape`` (or at the forward pass ``tag``), holds a Var
    of that tape or of one opened inside it (a Dual of that pass or of an inner one) (internal).

    Such a Var came from outside the arguments, from a variable the function closed over,
    and the function's own rule (``defvjp``, ``op1``, ``custom_vjp``, ``checkpoint``) only
    differentiates its arguments: that Var's gradient was silently 0. A Var of an outer tape
    is a constant here, and records itself on its own tape: it may be closed over.

    >>> refuse_closed_over("f", np.zeros(2))
    """
    t = type(value)
    if t is np.ndarray or t is float:
        return
    if t is Var:
        if tape is not None and value.tape.level >= tape.level:
            _closed_over(name)
        return
    if t is _DUAL and _DUAL is not None:
        if tag is not None and value.tag.level >= tag.level:
            _closed_over(name)
        return
    for _, child in children(value) or ():
        refuse_closed_over(name, child, tape, tag)


def refuse_closed_over_result(name, out):
    """:func:`refuse_closed_over` for what a call of a user's primitive returned: a Var of the
    tape it recorded on, or a Dual of the forward pass it ran in (tuples item by item)."""
    t = type(out)
    if t is Var:
        refuse_closed_over(name, value_of(out), tape=out.tape)
    elif t is _DUAL and _DUAL is not None:
        refuse_closed_over(name, out.primal, tag=out.tag)
    elif t is tuple or t is list:
        for item in out:
            refuse_closed_over_result(name, item)


def _closed_over(name):
    raise NoGradientRule(
        f"{name} returned a value computed from a Var it closed over (a variable of the enclosing "
        "function, not one of its arguments): its gradient rule differentiates its arguments "
        "only, so that Var's gradient would be lost. Pass the value as an argument (with a "
        "cotangent for it from the rule), as JAX's custom_vjp requires too")


# -- collecting a structure of Vars into one Var ---------------------------------------

def _find_vars(obj, path, found):
    if type(obj) is Var:
        found.append((path, obj))
        return
    kids = children(obj)
    if kids:
        for k, child in kids:
            _find_vars(child, path + (k,), found)


def strip_tape(obj, tape):
    """``obj`` as seen on ``tape``: its Vars of ``tape`` replaced by their values (internal).

    Vars of other (outer) tapes stay: they are constants to ``tape`` but must keep their
    own gradients. This is the value a node of ``tape`` stores (:func:`collect`, a
    runner's ``aux``); for a value with no Var at all use :func:`stop_gradient`.

    >>> strip_tape([1.0, (2.0,)], None)
    [1.0, (2.0,)]
    """
    if type(obj) is Var:
        return value_of(obj) if obj.tape is tape else obj
    kids = children(obj)
    if not kids:
        return obj
    return rebuild(obj, [strip_tape(child, tape) for _, child in kids])


def collect(obj):
    """One Var holding ``obj``, a structure with Vars inside (backprop's ``collectVar``).

    Returns ``obj`` unchanged if it holds no Var. Vars of an outer tape stay inside the
    value as constants of the innermost tape.
    """
    if type(obj) is Var:
        return obj
    found = []
    _find_vars(obj, (), found)
    if not found:
        return obj
    tape = _context.innermost([v for _, v in found])
    mine = [(path, v) for path, v in found if v.tape is tape]
    paths = [p for p, _ in mine]
    value = strip_tape(obj, tape)

    def pullback(g):
        out = []
        for path in paths:
            part = g
            for key in path:
                part = get_part(part, key)
                if part is None:
                    break
            out.append(part)
        return tuple(out)
    node = make_var(tape, tape.push_object(tuple(v.index for _, v in mine), pullback, value, "collect"), value)
    if tape.jit is not None:
        tape.jit.python_node(node.index, _Collected(obj, pullback), [v for _, v in mine], value)
    return node


class _Collected:
    """A collected structure at new values of its Vars (``wengert.jit``'s replay)."""
    __slots__ = ("template", "pullback")

    def __init__(self, template, pullback):
        self.template, self.pullback = template, pullback

    def __call__(self, *values):
        it = iter(values)
        return map_leaves(lambda x: next(it) if type(x) is Var else x, self.template), self.pullback
