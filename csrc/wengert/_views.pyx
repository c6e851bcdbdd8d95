"""Structured views and part leaves (internal; use ``wengert.*``).

A part of a structured value (a record's field, a dict's or a list's item) read from a Var
is recorded as a view: one node whose pullback gives the part's cotangent as a sparse
cotangent of the whole (``record_view``; the Python views of ``wengert.structured`` use it
too). A runner's structured argument is cheaper still: each part read becomes a leaf of its
own, once (``leaf_var``, ``part_leaf``), and the runner puts the gradient together from
them (``part_leaves``). A record field read as ``var.field`` is answered here in C.
"""
cimport cython

cimport wengert._hooks as _hooks
cimport wengert._var as _var
from wengert._tape cimport Tape
from wengert._var cimport Var, check_open, wrap

from numpy import generic


@cython.final
cdef class _PartOf:
    """The pullback of a view: the cotangent of one part, as a sparse cotangent of the whole."""
    cdef object key

    def __call__(self, g):
        return _hooks.partial({self.key: g})


cpdef bint carries_no_gradient(object value):
    """True for a value that carries no gradient: a part of a structured value that is read
    as a plain constant, recording nothing, and a result of a primitive that comes back
    plain (None, booleans, integers, strings, bytes, and arrays of them; the Python layer
    says which dtypes, see ``wengert._dispatch``).

    >>> carries_no_gradient(3), carries_no_gradient(1.5)
    (True, False)
    """
    return _hooks.gradient_kind(value) == _hooks.NO_GRADIENT


cdef object field_view(Var var, str name):
    value = getattr(var.obj, name)
    if carries_no_gradient(value):
        return value
    if var.parts is not None:
        return part_leaf(var, name, value, "." + name)
    cdef _PartOf pullback = _PartOf.__new__(_PartOf)
    pullback.key = name
    view = record_view(var, pullback, value, "." + name)
    if var.tape.jit is not None:  # wengert.jit's replay program: this field of the new value
        var.tape.jit.view((<Var>view).index, var.index, name, pullback, value)
    return view


cpdef Var record_view(Var parent, object pullback, object value, object name):
    """Record ``value``, a part of ``parent``'s value: one node whose cotangent for
    ``parent`` is ``pullback(g)`` (internal: the views of ``wengert.structured``)."""
    check_open(parent)
    cdef Py_ssize_t p = parent.index
    return wrap(parent.tape, parent.tape.push_pullbacks(&p, 1, (pullback,), value, name), value)


cdef inline bint _is_structured(object value):
    return (_hooks.fields_of(type(value)) is not None or isinstance(value, dict)
            or isinstance(value, list) or isinstance(value, tuple))


def leaf_var(Tape tape not None, value):
    """Push ``value``, an argument of a runner, as a leaf of ``tape`` and return its Var.

    The parts of a structured argument (record fields, dict items, list and tuple
    items) become leaves of their own when first read (:func:`part_leaf`): reading
    ``net.w1`` twice returns the same Var, and records no view node for the sweep to
    run. Its gradient is put together by the runner (:func:`part_leaves`).

    >>> import wengert as wg
    >>> wg.grad_bp(lambda d: d["w"] * d["w"], {"w": 3.0, "b": 1.0})
    {'w': 6.0, 'b': 0.0}
    """
    return _leaf_var(tape, value, None)


cdef Var _leaf_var(Tape tape, object value, object name):
    if type(value) is not float and isinstance(value, float) and not isinstance(value, generic):
        # a float subclass (a float enum's member) is the float it stores, as wengert.exp and
        # math.exp read it, not its __float__: one value for the function and its gradient
        value = <double>value
    cdef Var var = wrap(tape, tape.push_leaf(value, name), value)
    if not var.is_scalar and _is_structured(value):
        var.parts = {}
    return var


cpdef object part_leaf(Var var, object key, object value, object name):
    """The leaf standing for part ``key`` (whose value is ``value``) of the argument
    ``var``, pushed on first use; None when ``var`` is not a structured argument."""
    if var.parts is None:
        return None
    check_open(var)
    part = var.parts.get(key)
    if part is None:
        part = _leaf_var(var.tape, value, name)
        var.parts[key] = part
    return part


def part_leaves(Var var not None):
    """The part leaves read from the structured argument ``var`` (key -> Var), or None."""
    return var.parts

_var.field_view = field_view  # Var's __getattr__ on a record field
