"""Structured views and part leaves in pure Python: the reference twin of
``csrc/wengert/_views.pyx`` (internal; use ``wengert.*``).

A part of a structured value (a record's field, a dict's or a list's item) read from a Var
is recorded as a view: one node whose pullback gives the part's cotangent as a sparse
cotangent of the whole (``record_view``; the Python views of ``wengert.structured`` use it
too). A runner's structured argument is cheaper still: each part read becomes a leaf of its
own, once (``leaf_var``, ``part_leaf``), and the runner puts the gradient together from
them (``part_leaves``). A record field read as ``var.field`` is answered here. A change to
``_views.pyx`` changes this file too.
"""
from numpy import generic

from . import _hooks_py as _hooks
from . import _var_py as _var
from ._var_py import check_open, check_tape, check_var, wrap

_new = object.__new__


class _PartOf:
    """The pullback of a view: the cotangent of one part, as a sparse cotangent of the whole."""
    __slots__ = ("key",)

    def __call__(self, g):
        return _hooks.partial({self.key: g})


def carries_no_gradient(value):
    """True for a value that carries no gradient: a part of a structured value that is read
    as a plain constant, recording nothing, and a result of a primitive that comes back
    plain (None, booleans, integers, strings, bytes, and arrays of them; the Python layer
    says which dtypes, see ``wengert._dispatch``).

    >>> carries_no_gradient(3), carries_no_gradient(1.5)
    (True, False)
    """
    return _hooks.gradient_kind(value) == _hooks.NO_GRADIENT


def field_view(var, name):
    """The view of the record field ``name`` of ``var``'s value (internal: Var's
    ``__getattr__``)."""
    value = getattr(var._obj, name)
    if carries_no_gradient(value):
        return value
    if var._parts is not None:
        return part_leaf(var, name, value, "." + name)
    pullback = _new(_PartOf)
    pullback.key = name
    view = record_view(var, pullback, value, "." + name)
    if var._tape.jit is not None:  # wengert.jit's replay program: this field of the new value
        var._tape.jit.view(view._index, var._index, name, pullback, value)
    return view


def record_view(parent, pullback, value, name):
    """Record ``value``, a part of ``parent``'s value: one node whose cotangent for
    ``parent`` is ``pullback(g)`` (internal: the views of ``wengert.structured``)."""
    check_var(parent, "parent")
    check_open(parent)
    tape = parent._tape
    return wrap(tape, tape.push_pullbacks([parent._index], (pullback,), value, name), value)


def _is_structured(value):
    return (_hooks.fields_of(type(value)) is not None or isinstance(value, dict)
            or isinstance(value, list) or isinstance(value, tuple))


def leaf_var(tape, value):
    """Push ``value``, an argument of a runner, as a leaf of ``tape`` and return its Var.

    The parts of a structured argument (record fields, dict items, list and tuple
    items) become leaves of their own when first read (:func:`part_leaf`): reading
    ``net.w1`` twice returns the same Var, and records no view node for the sweep to
    run. Its gradient is put together by the runner (:func:`part_leaves`).

    >>> import wengert as wg
    >>> wg.grad_bp(lambda d: d["w"] * d["w"], {"w": 3.0, "b": 1.0})
    {'w': 6.0, 'b': 0.0}
    """
    check_tape(tape)
    return _leaf_var(tape, value, None)


def _leaf_var(tape, value, name):
    if type(value) is not float and isinstance(value, float) and not isinstance(value, generic):
        # a float subclass (a float enum's member) is the float it stores, as wengert.exp and
        # math.exp read it, not its __float__: one value for the function and its gradient
        value = float.__float__(value)
    var = wrap(tape, tape.push_leaf(value, name), value)
    if not var._is_scalar and _is_structured(value):
        var._parts = {}
    return var


def part_leaf(var, key, value, name):
    """The leaf standing for part ``key`` (whose value is ``value``) of the argument
    ``var``, pushed on first use; None when ``var`` is not a structured argument."""
    check_var(var, "var")
    if var._parts is None:
        return None
    check_open(var)
    part = var._parts.get(key)
    if part is None:
        part = _leaf_var(var._tape, value, name)
        var._parts[key] = part
    return part


def part_leaves(var):
    """The part leaves read from the structured argument ``var`` (key -> Var), or None."""
    check_var(var, "var")
    return var._parts


_var.field_view = field_view  # Var's __getattr__ on a record field
