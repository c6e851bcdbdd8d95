"""Var, the handle on a tape node, and the scalar fast path, in pure Python: the reference
twin of ``csrc/wengert/_var.pyx`` (internal; use ``wengert.*``).

Selected by ``WENGERT_PURE_PYTHON=1`` (see ``wengert._backend``). Same interface, same
behaviour, same errors as the compiled module, line for line where it can be; a change
to ``_var.pyx`` changes this file too. Where C and Python differ, the twin does what C
does: the libm functions below return NaN or infinity where ``math`` would raise, and
every division the compiled module does unchecked (``cdivision``) has a nonzero
denominator here too.

A Var is ``(tape, index)`` plus its value. When both operands of an arithmetic op are
Python floats (a scalar Var and a float or int constant, or two scalar Vars of the same
tape), the op is computed and recorded here with its local partials. Every other case
(arrays, records, Vars of nested tapes, NumPy calls, views) goes to the Python dispatch
functions that ``wengert._dispatch`` installs with ``install_hooks``; this module knows
nothing of NumPy.

Scalar functions follow Python's ``math`` module on floats: ``log(0.0)`` raises
``ValueError``, ``exp(1000.0)`` raises ``OverflowError``, ``x / 0.0`` raises
``ZeroDivisionError``, so that a function gives the same answer with and without a tape.
"""
import math
import threading
from typing import Any, Dict

from ._tape_py import (
    DOUBLE_VALUE, OP_ABS, OP_ADD, OP_ADD_CONST, OP_COS, OP_DIV, OP_DIV_CONST, OP_EXP, OP_LOG,
    OP_LOGISTIC, OP_MUL, OP_MUL_CONST, OP_NEG, OP_POW, OP_POW_CONST, OP_RDIV_CONST,
    OP_RPOW_CONST, OP_RSUB_CONST, OP_SIN, OP_SQRT, OP_SUB, OP_SUB_CONST, OP_TAN, OP_TANH, Tape,
    as_double, as_index,
)

NAN = float("nan")
INF = float("inf")
_get_ident = threading.get_ident
_new = object.__new__


def _hooks_missing(*args, **kwargs):
    raise RuntimeError("wengert._var was imported without wengert; import wengert first")


# The slow paths, installed by wengert._dispatch (see install_hooks).
_binary = _hooks_missing       # binary(name, x, y): arithmetic with no registered operator rule
_getattr = _hooks_missing      # getattr(var, name): record field, array attribute or method
_getitem = _hooks_missing      # getitem(var, key): item, slice or index view
_iterate = _hooks_missing      # iterate(var): iterator of item views
_array_ufunc = _hooks_missing  # array_ufunc(ufunc, method, inputs, kwargs): all but plain calls
_array_function = _hooks_missing  # array_function(func, types, args, kwargs)
_check_live = _hooks_missing   # check_live(tape, var): raises the error for a Var not live here
_innermost = _hooks_missing    # innermost(vars) -> the innermost live tape among theirs
_missing_rule = _hooks_missing  # missing_rule(prim, argnum) -> the exception to raise
_first_order_pullback = _hooks_missing  # (prim, rule, ans, values, kwargs) -> guarded pullback
_conversion_error = _hooks_missing  # conversion_error(kind) -> the error for float() / __array__ of a Var

_array_type = None               # the array type whose cotangents staged rules sum directly
_sum_kept = _hooks_missing       # sum_kept(g, axes): g summed over axes, kept with length 1
_dtype_kind = _hooks_missing     # dtype_kind(dtype) -> 0 (no gradient), 1 (real) or 2 (other)
_record_fields = _hooks_missing  # record_fields(cls) -> field names of a record type, or None
_partial = _hooks_missing        # Partial(parts): a cotangent holding only some parts
_real_pullback = _hooks_missing  # real_pullback(pullback, value, ans): pullback, or one taking real parts
_field_sets: Dict[Any, Any] = {}   # record type -> frozenset of its field names (None: not a record)
_dtype_kinds: Dict[Any, int] = {}   # dtype -> its gradient kind, as dtype_kind answered

# The rule tables, shared with (not copied from) the Python layer.
_rules: Dict[Any, Any] = {}        # plain function (np.exp) -> Rule: wengert.primitive's registry
_operators: Dict[str, Any] = {}    # operator name ("multiply") -> Rule, for Var's arithmetic dunders
_elementary: Dict[str, Any] = {}   # elementary function name ("exp") -> Rule, for wg.exp & co. on non-floats


def install_hooks(*, binary, getattr, getitem, iterate, array_ufunc, array_function, check_live,
                  innermost, missing_rule, first_order_pullback, rules, operators, elementary,
                  record_fields, partial, array_type, sum_kept, dtype_kind, real_pullback,
                  conversion_error):
    """Install the Python slow paths and rule tables. Called once by ``wengert._dispatch``."""
    global _binary, _getattr, _getitem, _iterate, _array_ufunc, _array_function
    global _check_live, _innermost, _missing_rule, _first_order_pullback, _conversion_error
    global _rules, _operators, _elementary, _record_fields, _partial, _array_type, _sum_kept
    global _real_pullback, _dtype_kind
    _real_pullback = real_pullback
    _array_type, _sum_kept, _dtype_kind = array_type, sum_kept, dtype_kind
    _binary, _getattr, _getitem, _iterate = binary, getattr, getitem, iterate
    _array_ufunc, _array_function = array_ufunc, array_function
    _check_live, _innermost = check_live, innermost
    _missing_rule, _first_order_pullback = missing_rule, first_order_pullback
    _conversion_error = conversion_error
    _rules, _operators, _elementary = rules, operators, elementary
    _record_fields, _partial = record_fields, partial
    _field_sets.clear()
    _dtype_kinds.clear()


def _raise_not_live(v):
    _check_live(v._tape, v)
    raise RuntimeError("wengert internal error: a Var's tape is not live but no error was raised")


def _is_live(tape):
    # A tape records only while its runner runs, and only its own thread pushes it: in that
    # thread, every recording tape is on the stack of open tapes.
    return tape._recording and tape._owner == _get_ident()


def _check_open(v):
    if not _is_live(v._tape):
        _raise_not_live(v)


def _is_number(x):
    # bool is excluded on purpose (type(True) is bool): it goes the slow way and stays a constant.
    return type(x) is float or type(x) is int


def _new_scalar(tape, index, value):
    r = _new(Var)
    r._tape = tape
    r._index = index
    r._scalar = value
    r._obj = None
    r._is_scalar = True
    r._parts = None
    return r


def _push1(a, op, d, value, aux):
    _check_open(a)
    return _new_scalar(a._tape, a._tape.push_scalar1(op, a._index, d, value, aux), value)


def _push2(a, b, op, da, db, value):
    _check_open(a)
    return _new_scalar(a._tape, a._tape.push_scalar2(op, a._index, da, b._index, db, value), value)


def _same_scalar_tape(a, other):
    return type(other) is Var and other._is_scalar and other._tape is a._tape


# -- C's libm, which returns NaN or infinity where Python's math raises ----------------

def _c_floor(x):
    return float(math.floor(x)) if math.isfinite(x) else x


def _is_odd_integer(y):
    return math.isfinite(y) and y == math.floor(y) and math.fmod(y, 2.0) != 0.0


def _c_pow(x, y):
    """C's ``pow(x, y)``: infinity at a pole or on overflow, NaN outside the domain."""
    try:
        return math.pow(x, y)
    except OverflowError:
        return -INF if x < 0.0 and _is_odd_integer(y) else INF
    except ValueError:
        if x == 0.0:  # 0 ** negative: a pole, signed as the zero is for an odd power
            return math.copysign(INF, x) if _is_odd_integer(y) else INF
        return NAN    # negative ** fraction


def _c_unary(f):
    """C's ``f`` (sin, cos, tan): NaN at the infinities, where ``math`` raises."""
    def call(x):
        return NAN if math.isinf(x) else f(x)
    call.__name__ = f.__name__
    return call


_c_sin, _c_cos, _c_tan = _c_unary(math.sin), _c_unary(math.cos), _c_unary(math.tan)


def _checked_div(x, y):
    if y == 0.0:
        raise ZeroDivisionError("float division by zero")
    return x / y


def _checked_pow(x, y):
    # Python's float ** float: 0 ** negative raises, negative ** fraction is complex.
    if x == 0.0 and y < 0.0:
        raise ZeroDivisionError("0.0 cannot be raised to a negative power")
    if x < 0.0 and y != _c_floor(y):
        raise ValueError(f"{x!r} ** {y!r} is complex, as in Python's math module; for the "
                         "complex power write (x + 0j) ** y, or use abs(x) ** y")
    r = _c_pow(x, y)
    if not math.isfinite(r) and math.isfinite(x) and math.isfinite(y):
        raise OverflowError("(34, 'Numerical result out of range')")
    return r


def _dpow_dexponent(x, value):
    # d/dy x**y = log(x) x**y; its limit at x = 0 is 0; for x < 0 it is not real.
    if x > 0.0:
        return math.log(x) * value
    if x == 0.0:
        return 0.0
    return NAN


def _dpow_dbase(x, y):
    # d/dx x**y is 0 at y = 0, also at x = 0 (where y * x**(y-1) is 0 * inf)
    return y * _c_pow(x, y - 1.0) if y != 0.0 else 0.0


def _logistic(x):
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _checked_exp(x):
    return math.exp(x)  # OverflowError("math range error") for a finite x, as the compiled check


def _checked_log(x):
    if x <= 0.0:
        raise ValueError("math domain error")
    return math.log(x)


def _checked_sqrt(x):
    if x < 0.0:
        raise ValueError("math domain error")
    return math.sqrt(x)


class Var:
    """A value being differentiated: a node of the tape its runner opened.

    Vars are made by runners (``backprop``, ``grad_bp``, ``grad``...), never by hand.
    They support the number protocol, NumPy calls (``np.exp(v)``, ``W @ v``), and views
    into structured values (``v.field``, ``v["key"]``, ``v[0]``, ``v[1:3]``); a Var
    holding a dict iterates over its keys and has ``keys``, ``values``, ``items`` and
    ``get`` as a dict has, its values being recorded reads. Comparisons and ``bool()`` act on the value and return plain results, so Python
    control flow on values works. ``v.value`` is the plain value, without its gradient.

    A Var must not escape its function: once the runner returns, any use raises.

    >>> import wengert as wg
    >>> wg.grad_bp(lambda x: x * x + 3.0 * x, 2.0)
    7.0

    .. versionadded:: 0.1
    """
    # Every slot is set by _new_scalar or _wrap: an unset one would send its reads to
    # __getattr__.
    __slots__ = (
        "_tape",       # the tape this Var's node lives on
        "_index",      # the node's index on that tape
        "_scalar",     # the value, when _is_scalar
        "_obj",        # the value, when not _is_scalar
        "_is_scalar",  # the value is a Python float
        "_parts",      # an argument's structured value: its part leaves by key, else None
        "__weakref__",  # weak references are allowed (to watch lifetimes)
    )

    def __init__(self, *args, **kwargs):
        raise TypeError("Vars are made by wengert's runners (backprop, grad_bp, grad, ...), "
                        "not constructed directly; use wengert.const(x) for a constant")

    def __init_subclass__(cls, **kwargs):
        raise TypeError(f"type '{__name__}.Var' is not an acceptable base type")

    tape = property(lambda self: self._tape, doc="the tape this Var's node lives on")
    index = property(lambda self: self._index, doc="the node's index on that tape")
    is_scalar = property(lambda self: self._is_scalar, doc="the value is a Python float")

    @property
    def value(self):
        """The plain value of this Var (no gradient flows through it)."""
        if self._is_scalar:
            return self._scalar
        return self._obj

    def __repr__(self):
        state = "" if self._tape._recording else ", closed"
        return f"Var({self.value!r}, node={self._index}{state})"

    def __format__(self, spec):
        return format(self.value, spec)

    def __reduce__(self):
        raise TypeError("a Var cannot be pickled or copied: it belongs to a running tape. "
                        "Pickle var.value instead")

    # -- arithmetic: float fast path, else the NumPy op tables ----------------------

    def __add__(self, other):
        if self._is_scalar:
            if _same_scalar_tape(self, other):
                return _push2(self, other, OP_ADD, 1.0, 1.0, self._scalar + other._scalar)
            if _is_number(other):
                c = float(other)
                return _push1(self, OP_ADD_CONST, 1.0, self._scalar + c, c)
        return _arith("add", self, other)

    def __radd__(self, other):
        if self._is_scalar and _is_number(other):
            c = float(other)
            return _push1(self, OP_ADD_CONST, 1.0, c + self._scalar, c)
        return _arith("add", other, self)

    def __sub__(self, other):
        if self._is_scalar:
            if _same_scalar_tape(self, other):
                return _push2(self, other, OP_SUB, 1.0, -1.0, self._scalar - other._scalar)
            if _is_number(other):
                c = float(other)
                return _push1(self, OP_SUB_CONST, 1.0, self._scalar - c, c)
        return _arith("subtract", self, other)

    def __rsub__(self, other):
        if self._is_scalar and _is_number(other):
            c = float(other)
            return _push1(self, OP_RSUB_CONST, -1.0, c - self._scalar, c)
        return _arith("subtract", other, self)

    def __mul__(self, other):
        if self._is_scalar:
            a = self._scalar
            if _same_scalar_tape(self, other):
                b = other._scalar
                return _push2(self, other, OP_MUL, b, a, a * b)
            if _is_number(other):
                c = float(other)
                return _push1(self, OP_MUL_CONST, c, a * c, c)
        return _arith("multiply", self, other)

    def __rmul__(self, other):
        if self._is_scalar and _is_number(other):
            c = float(other)
            return _push1(self, OP_MUL_CONST, c, c * self._scalar, c)
        return _arith("multiply", other, self)

    def __truediv__(self, other):
        if self._is_scalar:
            a = self._scalar
            if _same_scalar_tape(self, other):
                b = other._scalar
                q = _checked_div(a, b)
                return _push2(self, other, OP_DIV, 1.0 / b, -q / b, q)
            if _is_number(other):
                c = float(other)
                q = _checked_div(a, c)
                return _push1(self, OP_DIV_CONST, 1.0 / c, q, c)
        return _arith("true_divide", self, other)

    def __rtruediv__(self, other):
        if self._is_scalar and _is_number(other):
            c = float(other)
            a = self._scalar
            q = _checked_div(c, a)
            return _push1(self, OP_RDIV_CONST, -q / a, q, c)
        return _arith("true_divide", other, self)

    def __pow__(self, other, modulo=None):
        if modulo is not None:
            raise TypeError("pow(x, y, modulo) is not differentiable; use pow(x, y)")
        if self._is_scalar:
            a = self._scalar
            if _same_scalar_tape(self, other):
                b = other._scalar
                r = _checked_pow(a, b)
                return _push2(self, other, OP_POW, _dpow_dbase(a, b), _dpow_dexponent(a, r), r)
            if _is_number(other):
                c = float(other)
                r = _checked_pow(a, c)
                return _push1(self, OP_POW_CONST, _dpow_dbase(a, c), r, c)
        return _arith("power", self, other)

    def __rpow__(self, other, modulo=None):
        if modulo is not None:
            raise TypeError("pow(x, y, modulo) is not differentiable; use pow(x, y)")
        if self._is_scalar and _is_number(other):
            c = float(other)
            r = _checked_pow(c, self._scalar)
            return _push1(self, OP_RPOW_CONST, _dpow_dexponent(c, r), r, c)
        return _arith("power", other, self)

    def __matmul__(self, other):
        return _arith("matmul", self, other)

    def __rmatmul__(self, other):
        return _arith("matmul", other, self)

    def __floordiv__(self, other):
        return _arith("floor_divide", self, other)

    def __rfloordiv__(self, other):
        return _arith("floor_divide", other, self)

    def __mod__(self, other):
        return _arith("remainder", self, other)

    def __rmod__(self, other):
        return _arith("remainder", other, self)

    def __divmod__(self, other):
        return _arith("divmod", self, other)

    def __rdivmod__(self, other):
        return _arith("divmod", other, self)

    def __neg__(self):
        if self._is_scalar:
            return _push1(self, OP_NEG, -1.0, -self._scalar, NAN)
        return _unary("negative", self)

    def __pos__(self):
        return self

    def __abs__(self):
        if self._is_scalar:
            x = self._scalar
            return _push1(self, OP_ABS, float((x > 0.0) - (x < 0.0)), abs(x), NAN)
        return _unary("absolute", self)

    # -- values, not gradients: comparisons, truth, conversions ---------------------

    def __lt__(self, other):
        return self.value < _plain(other)

    def __le__(self, other):
        return self.value <= _plain(other)

    def __gt__(self, other):
        return self.value > _plain(other)

    def __ge__(self, other):
        return self.value >= _plain(other)

    def __eq__(self, other):
        return self.value == _plain(other)

    def __ne__(self, other):
        return self.value != _plain(other)

    __hash__ = None  # type: ignore[assignment]  # value equality, as for NumPy arrays

    def __bool__(self):
        return bool(self.value)

    def __float__(self):
        raise _conversion_error("float")

    def __int__(self):
        raise TypeError("int() of a Var has no gradient; use int(x.value) if you mean the plain value")

    def __index__(self):
        raise TypeError("a Var cannot be used as an index; use x.value (integers carry no gradient)")

    def __complex__(self):
        raise TypeError(
            "complex() of a Var would cut it off from its gradient. Complex arithmetic on Vars "
            "is recorded (x * 1j, x + 0j, np.exp(1j * x)); use x.value for the plain number")

    def __array__(self, dtype=None, copy=None):
        raise _conversion_error("array")  # its message: wengert._dispatch._conversion_error

    # -- containers and records: views recorded on the tape -------------------------

    def __len__(self):
        return len(self.value)

    def __contains__(self, item):
        # On the values (a dict's keys), as for comparisons: no gradient, nothing recorded.
        return _plain(item) in self.value

    def __iter__(self):
        return _iterate(self)

    def __reversed__(self):
        return reversed(list(_iterate(self)))

    def __getitem__(self, key):
        return _getitem(self, key)

    def __setitem__(self, key, item):
        raise TypeError(
            "Vars are immutable: x[i] = y cannot be recorded. Build a new value instead: "
            "wengert.set_var(x, i, y) for records and containers, or "
            "np.where(mask, y, x) or np.concatenate for arrays")

    def __delitem__(self, key):  # what Cython makes of a class with __setitem__ only
        raise NotImplementedError(f"Subscript deletion not supported by {__name__}.Var")

    def __getattr__(self, name):
        # The common case first: a field of a dataclass or named tuple (backprop's ^^.).
        if not self._is_scalar:
            fields = _fields_of(type(self._obj))
            if fields is not None and name in fields:
                return _field_view(self, name)
        return _getattr(self, name)

    # -- NumPy dispatch -------------------------------------------------------------

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if not kwargs and method == "__call__":
            prim = _rules.get(ufunc)
            if prim is not None:
                return apply(prim, inputs, None)
        return _array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        prim = _rules.get(func)
        if prim is not None and "out" not in kwargs:  # out= is refused on the slow path
            for a in args:
                if type(a) is Var:
                    return apply(prim, args, kwargs)
        return _array_function(func, types, args, kwargs)


def _plain(x):
    if type(x) is Var:
        return x.value
    return x


def _value(v):
    return v._scalar if v._is_scalar else v._obj


def _wrap(tape, index, value):
    if type(value) is float:
        return _new_scalar(tape, index, value)
    return _new_object(tape, index, value)


def _new_object(tape, index, value):
    r = _new(Var)
    r._tape = tape
    r._index = index
    r._scalar = 0.0
    r._obj = value
    r._is_scalar = False
    r._parts = None
    return r


_MISSING = object()


class Rule:
    """The core of a primitive: the function, its staged VJP rules, its name.

    Internal; see ``wengert.primitive.Primitive``, its Python subclass. ``vjps`` maps an
    argument position to ``rule(ans, *args, **kwargs) -> (g -> cotangent)`` or to None
    (no gradient there); ``higher_order`` is False when the rules work on plain values only.
    """
    __slots__ = ("fun", "vjps", "name", "higher_order")

    def __new__(cls, *args, **kwargs):
        self = _new(cls)
        self.fun = self.vjps = self.name = None
        self.higher_order = False
        return self

    def __call__(self, *args, **kwargs):
        return apply(self, args, kwargs)


class StagedRule:
    """A staged VJP rule for an elementwise function: ``rule(g, ans, x[, y])``.

    ``StagedRule(rule, argnum, uses, unbroadcast)`` is what ``defvjp`` takes for argument
    ``argnum`` of a function of one or two arguments (``rule=None``: the cotangent passes
    through unchanged). Staging keeps only the values the
    rule reads (``uses``: ``a`` the result, ``x``, ``y``; the others are passed as None,
    so the tape does not keep them alive), and when broadcasting stretched the argument
    the pullback sums the cotangent back: over axes worked out here when it is a plain
    array, else with ``unbroadcast(g, shape)``. It leaves one Python call (the rule's) in
    the backward sweep.

    >>> import numpy as np
    >>> stage = StagedRule(lambda g, ans, x: g * ans, 0, "a", None)
    >>> pullback = stage(np.exp(np.zeros(2)), np.zeros(2))
    >>> pullback(np.array([1.0, 2.0]))
    array([1., 2.])
    """
    __slots__ = ("rule", "argnum", "keep_ans", "keep_x", "keep_y", "unbroadcast")

    def __init__(self, rule, argnum, uses, unbroadcast):
        argnum = as_index(argnum)
        if type(uses) is not str:
            raise TypeError("Argument 'uses' has incorrect type (expected str, "
                            f"got {type(uses).__name__})")
        if rule is not None and not callable(rule):
            raise TypeError("StagedRule: rule must be callable, or None for a cotangent "
                            "that passes through unchanged (as for add)")
        if argnum not in (0, 1):
            raise ValueError("StagedRule: argnum must be 0 or 1")
        self.rule = rule
        self.argnum = argnum
        self.keep_ans, self.keep_x, self.keep_y = "a" in uses, "x" in uses, "y" in uses
        self.unbroadcast = unbroadcast

    def __init_subclass__(cls, **kwargs):
        raise TypeError(f"type '{__name__}.StagedRule' is not an acceptable base type")

    def __call__(self, ans, x, y=_MISSING, **kwargs):
        return self.stage(ans, x, y)

    def stage(self, ans, x, y):
        """The pullback for one call (internal: ``apply`` calls it without a Python call
        in the compiled module)."""
        pb = _new(_StagedPullback)
        pb.rule = self.rule
        pb.binary = y is not _MISSING
        pb.ans = ans if self.keep_ans else None
        pb.x = x if self.keep_x else None
        pb.y = y if (self.keep_y and pb.binary) else None
        pb.unbroadcast = pb.shape = pb.axes = None
        pb.drop = 0
        if pb.binary and self.unbroadcast is not None:
            shape = _shape(y if self.argnum else x)
            full = _shape(ans)
            if shape != full:  # broadcasting stretched this argument: sum back
                pb.unbroadcast = self.unbroadcast
                pb.shape = shape
                pb.axes = stretched_axes(shape, full)
                pb.drop = len(full) - len(shape)
        return pb


def stretched_axes(shape, full):
    """The axes of a result of shape ``full`` along which broadcasting stretched an argument
    of shape ``shape``: the leading axes it lacks and those where it has length 1. None
    for a scalar argument (``shape == ()``) or shapes that are not tuples of the expected
    lengths.

    >>> stretched_axes((1, 4), (2, 3, 4))
    (0, 1)
    """
    if type(shape) is not tuple or type(full) is not tuple:
        return None
    n, m = len(shape), len(full)
    extra = m - n
    if n == 0 or extra < 0:
        return None  # a scalar's cotangent is a scalar, as unbroadcast makes it
    axes = list(range(extra))
    for i in range(n):
        if shape[i] == 1 and full[extra + i] != 1:
            axes.append(extra + i)
    return tuple(axes)


def _shape(value):
    # The shape of an argument or result of an elementwise function: an array, a NumPy
    # scalar, a float, or a Var of an outer tape holding one of them.
    if type(value) is float:
        return ()
    return getattr(value, "shape", ())


class _StagedPullback:
    __slots__ = ("rule", "ans", "x", "y", "unbroadcast", "shape", "axes",
                 "drop",     # leading axes the argument lacks (summed, then reshaped away)
                 "binary")

    def __call__(self, g):
        if self.rule is None:
            out = g  # the identity (add, subtract's first argument)
        elif self.binary:
            out = self.rule(g, self.ans, self.x, self.y)
        else:
            out = self.rule(g, self.ans, self.x)
        if self.unbroadcast is None:
            return out
        if self.axes is not None and type(out) is _array_type:
            # One reduction over the precomputed axes.
            out = _sum_kept(out, self.axes)
            return out.reshape(self.shape) if self.drop else out
        return self.unbroadcast(out, self.shape)


def _fields_of(cls):
    fields = _field_sets.get(cls, _MISSING)
    if fields is _MISSING:
        names = _record_fields(cls)
        fields = None if names is None else frozenset(names)
        _field_sets[cls] = fields
    return fields


class _PartOf:
    """The pullback of a view: the cotangent of one part, as a sparse cotangent of the whole."""
    __slots__ = ("key",)

    def __call__(self, g):
        return _partial({self.key: g})


def carries_no_gradient(value):
    """True for a value that carries no gradient: a part of a structured value that is read
    as a plain constant, recording nothing, and a result of a primitive that comes back
    plain (None, booleans, integers, strings, bytes, and arrays of them; the Python layer
    says which dtypes, see ``wengert._dispatch``).

    >>> carries_no_gradient(3), carries_no_gradient(1.5)
    (True, False)
    """
    return _gradient_kind(value) == _NO_GRADIENT


def _field_view(var, name):
    value = getattr(var._obj, name)
    if carries_no_gradient(value):
        return value
    if var._parts is not None:
        return part_leaf(var, name, value, "." + name)
    pullback = _new(_PartOf)
    pullback.key = name
    return record_view(var, pullback, value, "." + name)


_NO_GRADIENT = 0  # None, bool, int, str, bytes; arrays of booleans, integers, strings...
_REAL = 1         # a float, or a real floating-point array or NumPy scalar
_OTHER = 2        # complex, a structure, a user type: may carry a (complex) gradient


def _gradient_kind(value):
    # The one predicate for results of primitives and parts of structured values.
    t = type(value)
    if t is float:
        return _REAL
    if value is None or t is int or t is bool or t is str or t is bytes:
        return _NO_GRADIENT
    dtype = getattr(value, "dtype", None)
    if dtype is None:
        return _OTHER
    kind = _dtype_kinds.get(dtype)
    if kind is None:
        kind = _dtype_kind(dtype)
        if kind not in (_NO_GRADIENT, _REAL, _OTHER):
            raise ValueError(f"dtype_kind({dtype!r}) gave {kind!r}, not a GradientKind (0, 1 or 2)")
        _dtype_kinds[dtype] = kind
    return kind


def apply(prim, args, kwargs):
    """Call ``prim`` on ``args``, recording one node if any argument is a live Var.

    Vars of the innermost live tape among the arguments are differentiated; Vars of
    outer tapes are constants here (they record themselves on their own tape when
    ``prim.fun`` runs on them). Each differentiable argument's staged rule gives its
    pullback, and the tape calls each one for its own parent.
    """
    if not isinstance(prim, Rule):
        raise TypeError(f"Argument 'prim' has incorrect type (expected {__name__}.Rule, "
                        f"got {type(prim).__name__})")
    if type(args) is not tuple:
        raise TypeError(f"Argument 'args' has incorrect type (expected tuple, got {type(args).__name__})")
    if kwargs is not None and type(kwargs) is not dict:
        raise TypeError(f"Argument 'kwargs' has incorrect type (expected dict, got {type(kwargs).__name__})")
    n = len(args)
    tape = None
    mixed = False
    for a in args:
        if type(a) is Var:
            if tape is None:
                tape = a._tape
            elif a._tape is not tape:
                mixed = True
    if tape is None:
        return prim.fun(*args, **kwargs) if kwargs else prim.fun(*args)
    if mixed:
        tape = _innermost([a for a in args if type(a) is Var])
    elif not _is_live(tape):
        for a in args:
            if type(a) is Var:
                _raise_not_live(a)
    values = list(args)
    for i in range(n):
        a = args[i]
        if type(a) is Var and a._tape is tape:
            values[i] = _value(a)
    ans = prim.fun(*values, **kwargs) if kwargs else prim.fun(*values)
    result_kind = _gradient_kind(ans)
    if result_kind == _NO_GRADIENT:
        return ans
    parents = []
    pullbacks = []
    vjps = prim.vjps
    for i in range(n):
        a = args[i]
        if type(a) is not Var or a._tape is not tape:
            continue  # a constant, or a Var of an outer tape (a constant here)
        rule = vjps.get(i, _MISSING)
        if rule is None:
            continue  # declared with no gradient (an index, a shape): a constant here
        if rule is _MISSING:
            raise _missing_rule(prim, i)
        if not prim.higher_order:
            pullback = _first_order_pullback(prim, rule, ans, values, kwargs or {})
        elif type(rule) is StagedRule and (n == 1 or n == 2):
            # An elementwise rule, staged directly (it reads no kwargs).
            pullback = rule.stage(ans, values[0], values[1] if n == 2 else _MISSING)
        elif kwargs:
            pullback = rule(ans, *values, **kwargs)
        else:
            pullback = rule(ans, *values)
        if result_kind == _OTHER:
            # A complex result of a real argument (x * 1j): the argument's cotangent is
            # the real part of what the rule gives (autograd's and JAX's convention).
            pullback = _real_pullback(pullback, values[i], ans)
        pullbacks.append(pullback)
        parents.append(a._index)
    if not parents:
        return ans
    return _wrap(tape, tape.push_pullbacks(parents, tuple(pullbacks), ans, prim.name), ans)


def _arith(name, x, y):
    # Arithmetic on Vars that is not float-with-float: the operator's rule, if registered.
    prim = _operators.get(name)
    if prim is not None:
        return apply(prim, (x, y), None)
    return _binary(name, x, y)


def _unary(name, x):
    return apply(_elementary[name], (x,), None)


def _check_var(v, what):
    if type(v) is not Var:
        raise TypeError(f"Argument '{what}' has incorrect type (expected {__name__}.Var, "
                        f"got {type(v).__name__})")


def _check_tape(tape):
    if type(tape) is not Tape:
        raise TypeError(f"Argument 'tape' has incorrect type (expected {Tape.__module__}.Tape, "
                        f"got {type(tape).__name__})")


def record_view(parent, pullback, value, name):
    """Record ``value``, a part of ``parent``'s value: one node whose cotangent for
    ``parent`` is ``pullback(g)`` (internal: the views of ``wengert.structured``)."""
    _check_var(parent, "parent")
    _check_open(parent)
    tape = parent._tape
    return _wrap(tape, tape.push_pullbacks([parent._index], (pullback,), value, name), value)


def _is_structured(value):
    return (_fields_of(type(value)) is not None or isinstance(value, dict)
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
    _check_tape(tape)
    return _leaf_var(tape, value, None)


def _leaf_var(tape, value, name):
    var = _wrap(tape, tape.push_leaf(value, name), value)
    if not var._is_scalar and _is_structured(value):
        var._parts = {}
    return var


def part_leaf(var, key, value, name):
    """The leaf standing for part ``key`` (whose value is ``value``) of the argument
    ``var``, pushed on first use; None when ``var`` is not a structured argument."""
    _check_var(var, "var")
    if var._parts is None:
        return None
    _check_open(var)
    part = var._parts.get(key)
    if part is None:
        part = _leaf_var(var._tape, value, name)
        var._parts[key] = part
    return part


def part_leaves(var):
    """The part leaves read from the structured argument ``var`` (key -> Var), or None."""
    _check_var(var, "var")
    return var._parts


def make_var(tape, index, value=None):
    """The Var of node ``index`` of ``tape``, holding ``value`` (used by the Python layer after
    a push). A scalar node's value is read from the tape; an object node's must be given
    unless the tape keeps values.
    """
    _check_tape(tape)
    index = as_index(index)
    if tape._released or index < 0 or index >= tape._n_nodes:
        raise IndexError(f"node {index} is not on this tape ({tape._n_nodes} nodes)")
    if tape._flags[index] & DOUBLE_VALUE:
        return _new_scalar(tape, index, tape._sval[index])
    if value is None:
        value = tape._obj_value[tape._slot[index]]
        if value is None:
            raise ValueError(f"node {index}: this tape does not keep values; pass make_var(tape, index, value)")
    return _new_object(tape, index, value)  # (a float given for an object node stays one)


# -- elementary functions: floats and scalar Vars here, everything else via NumPy ----

def exp(x):
    """Exponential of a float, scalar Var, array or array Var.

    >>> import wengert as wg
    >>> wg.exp(0.0)
    1.0
    """
    if type(x) is Var and x._is_scalar:
        v = _checked_exp(x._scalar)
        return _push1(x, OP_EXP, v, v, NAN)
    if _is_number(x):
        return _checked_exp(as_double(x))
    return _unary("exp", x)


def log(x):
    """Natural logarithm (``ValueError`` for a float ``x <= 0``, as ``math.log``).

    >>> import wengert as wg
    >>> wg.log(1.0)
    0.0
    """
    if type(x) is Var and x._is_scalar:
        a = x._scalar
        r = _checked_log(a)  # first: 1 / a is computed only where the log exists
        return _push1(x, OP_LOG, 1.0 / a, r, NAN)
    if _is_number(x):
        return _checked_log(as_double(x))
    return _unary("log", x)


def sin(x):
    """Sine.

    >>> import wengert as wg
    >>> wg.sin(0.0)
    0.0
    """
    if type(x) is Var and x._is_scalar:
        a = x._scalar
        return _push1(x, OP_SIN, _c_cos(a), _c_sin(a), NAN)
    if _is_number(x):
        return _c_sin(as_double(x))
    return _unary("sin", x)


def cos(x):
    """Cosine.

    >>> import wengert as wg
    >>> wg.cos(0.0)
    1.0
    """
    if type(x) is Var and x._is_scalar:
        a = x._scalar
        return _push1(x, OP_COS, -_c_sin(a), _c_cos(a), NAN)
    if _is_number(x):
        return _c_cos(as_double(x))
    return _unary("cos", x)


def tan(x):
    """Tangent.

    >>> import wengert as wg
    >>> wg.tan(0.0)
    0.0
    """
    if type(x) is Var and x._is_scalar:
        t = _c_tan(x._scalar)
        return _push1(x, OP_TAN, 1.0 + t * t, t, NAN)
    if _is_number(x):
        return _c_tan(as_double(x))
    return _unary("tan", x)


def tanh(x):
    """Hyperbolic tangent.

    >>> import wengert as wg
    >>> wg.tanh(0.0)
    0.0
    """
    if type(x) is Var and x._is_scalar:
        t = math.tanh(x._scalar)
        return _push1(x, OP_TANH, 1.0 - t * t, t, NAN)
    if _is_number(x):
        return math.tanh(as_double(x))
    return _unary("tanh", x)


def sqrt(x):
    """Square root (``ValueError`` for a negative float, as ``math.sqrt``).

    >>> import wengert as wg
    >>> wg.sqrt(4.0)
    2.0
    """
    if type(x) is Var and x._is_scalar:
        r = _checked_sqrt(x._scalar)
        return _push1(x, OP_SQRT, 0.5 / r if r != 0.0 else INF, r, NAN)
    if _is_number(x):
        return _checked_sqrt(as_double(x))
    return _unary("sqrt", x)


def logistic(x):
    """The logistic sigmoid ``1 / (1 + exp(-x))``, computed without overflow.

    >>> import wengert as wg
    >>> wg.logistic(0.0)
    0.5
    """
    if type(x) is Var and x._is_scalar:
        s = _logistic(x._scalar)
        return _push1(x, OP_LOGISTIC, s * (1.0 - s), s, NAN)
    if _is_number(x):
        return _logistic(as_double(x))
    return _unary("logistic", x)
