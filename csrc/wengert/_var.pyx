"""Var, the handle on a tape node, and the scalar fast path (internal; use ``wengert.*``).

A Var is ``(tape, index)`` plus its value. When both operands of an arithmetic op are
Python floats (a scalar Var and a float or int constant, or two scalar Vars of the same
tape), the op is computed and recorded here in C with its local partials. Every other
case (arrays, records, Vars of nested tapes, NumPy calls, views) goes to the Python
dispatch functions that ``wengert._dispatch`` installs with ``install_hooks``; this module
knows nothing of NumPy.

Scalar functions follow Python's ``math`` module on floats: ``log(0.0)`` raises
``ValueError``, ``exp(1000.0)`` raises ``OverflowError``, ``x / 0.0`` raises
``ZeroDivisionError``, so that a function gives the same answer with and without a tape.
"""
cimport cython
import operator as _operator
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.pythread cimport PyThread_get_thread_ident
from libc.math cimport INFINITY, NAN, fabs, floor, isfinite, pow
from libc.math cimport cos as c_cos, exp as c_exp, log as c_log, sin as c_sin
from libc.math cimport sqrt as c_sqrt, tan as c_tan, tanh as c_tanh

from wengert._tape cimport (
    DOUBLE_VALUE, HAS_EXTRA, OP_CUSTOM, OP_LEAF, OP_OBJECT, OP_ABS, OP_ADD, OP_ADD_CONST, OP_COS, OP_DIV, OP_DIV_CONST, OP_EXP, OP_LOG,
    OP_LOGISTIC, OP_MUL, OP_MUL_CONST, OP_NEG, OP_POW, OP_POW_CONST, OP_RDIV_CONST,
    OP_RPOW_CONST, OP_RSUB_CONST, OP_SIN, OP_SQRT, OP_SUB, OP_SUB_CONST, OP_TAN, OP_TANH, Tape,
)


def _hooks_missing(*args, **kwargs):
    raise RuntimeError("wengert._var was imported without wengert; import wengert first")


# The slow paths, installed by wengert._dispatch (see install_hooks).
cdef object _binary = _hooks_missing       # binary(name, x, y): arithmetic with no registered operator rule
cdef object _getattr = _hooks_missing      # getattr(var, name): record field, array attribute or method
cdef object _getitem = _hooks_missing      # getitem(var, key): item, slice or index view
cdef object _iterate = _hooks_missing      # iterate(var): iterator of item views
cdef object _array_ufunc = _hooks_missing  # array_ufunc(ufunc, method, inputs, kwargs): all but plain calls
cdef object _array_function = _hooks_missing  # array_function(func, types, args, kwargs)
cdef object _check_live = _hooks_missing   # check_live(tape, var): raises the error for a Var not live here
cdef object _innermost = _hooks_missing    # innermost(vars) -> the innermost live tape among theirs
cdef object _missing_rule = _hooks_missing # missing_rule(prim, argnum) -> the exception to raise
cdef object _first_order_pullback = _hooks_missing  # (prim, rule, ans, values, kwargs) -> guarded pullback
cdef object _conversion_error = _hooks_missing  # conversion_error(kind) -> the error for float() / __array__ of a Var

cdef object _array_type = None               # the array type whose cotangents staged rules sum in C
cdef object _sum_kept = _hooks_missing       # sum_kept(g, axes, None, None, True): g summed over axes, kept as 1s
cdef object _record_fields = _hooks_missing  # record_fields(cls) -> field names of a record type, or None
cdef object _partial = _hooks_missing        # Partial(parts): a cotangent holding only some parts
cdef object _real_pullback = _hooks_missing  # real_pullback(pullback, value, ans): pullback, or one taking real parts
cdef dict _field_sets = {}   # record type -> frozenset of its field names (None: not a record)

# The rule tables, shared with (not copied from) the Python layer.
cdef dict _rules = {}        # plain function (np.exp) -> Rule: wengert.primitive's registry
cdef dict _operators = {}    # operator name ("multiply") -> Rule, for Var's arithmetic dunders
cdef dict _elementary = {}   # elementary function name ("exp") -> Rule, for wg.exp & co. on non-floats


def install_hooks(*, binary, getattr, getitem, iterate, array_ufunc, array_function, check_live,
                  innermost, missing_rule, first_order_pullback, rules, operators, elementary,
                  record_fields, partial, array_type, sum_kept, real_pullback, conversion_error):
    """Install the Python slow paths and rule tables. Called once by ``wengert._dispatch``."""
    global _binary, _getattr, _getitem, _iterate, _array_ufunc, _array_function
    global _check_live, _innermost, _missing_rule, _first_order_pullback, _conversion_error
    global _rules, _operators, _elementary, _record_fields, _partial, _array_type, _sum_kept
    global _real_pullback
    _real_pullback = real_pullback
    _array_type, _sum_kept = array_type, sum_kept
    _binary, _getattr, _getitem, _iterate = binary, getattr, getitem, iterate
    _array_ufunc, _array_function = array_ufunc, array_function
    _check_live, _innermost = check_live, innermost
    _missing_rule, _first_order_pullback = missing_rule, first_order_pullback
    _conversion_error = conversion_error
    _rules, _operators, _elementary = rules, operators, elementary
    _record_fields, _partial = record_fields, partial
    _field_sets.clear()


cdef int _raise_not_live(Var v) except -1:
    _check_live(v.tape, v)
    raise RuntimeError("wengert internal error: a Var's tape is not live but no error was raised")


cdef inline bint _is_live(Tape tape):
    # A tape records only while its runner runs, and only its own thread pushes it: in that
    # thread, every recording tape is on the stack of open tapes.
    return tape.recording and tape.owner == PyThread_get_thread_ident()


cdef inline int _check_open(Var v) except -1:
    if not _is_live(v.tape):
        _raise_not_live(v)
    return 0


cdef inline bint _is_number(object x):
    # bool is excluded on purpose (type(True) is bool): it goes the slow way and stays a constant.
    return type(x) is float or type(x) is int


cdef inline Var _new_scalar(Tape tape, Py_ssize_t index, double value):
    cdef Var r = Var.__new__(Var)
    r.tape = tape
    r.index = index
    r.scalar = value
    r.is_scalar = True
    return r


cdef inline Var _push1(Var a, int op, double d, double value, double aux):
    _check_open(a)
    return _new_scalar(a.tape, a.tape.push_scalar1(op, a.index, d, value, aux), value)


cdef inline Var _push2(Var a, Var b, int op, double da, double db, double value):
    _check_open(a)
    return _new_scalar(a.tape, a.tape.push_scalar2(op, a.index, da, b.index, db, value), value)


cdef inline bint _same_scalar_tape(Var a, object other):
    return type(other) is Var and (<Var>other).is_scalar and (<Var>other).tape is a.tape


cdef inline double _checked_div(double x, double y) except? -1.0:
    if y == 0.0:
        raise ZeroDivisionError("float division by zero")
    return x / y


cdef double _checked_pow(double x, double y) except? -1.0:
    # Python's float ** float: 0 ** negative raises, negative ** fraction is complex.
    if x == 0.0 and y < 0.0:
        raise ZeroDivisionError("0.0 cannot be raised to a negative power")
    if x < 0.0 and y != floor(y):
        raise ValueError(f"{x!r} ** {y!r} is complex, as in Python's math module; for the "
                         "complex power write (x + 0j) ** y, or use abs(x) ** y")
    cdef double r = pow(x, y)
    if not isfinite(r) and isfinite(x) and isfinite(y):
        raise OverflowError("(34, 'Numerical result out of range')")
    return r


cdef double _dpow_dexponent(double x, double value):
    # d/dy x**y = log(x) x**y; its limit at x = 0 is 0; for x < 0 it is not real.
    if x > 0.0:
        return c_log(x) * value
    if x == 0.0:
        return 0.0
    return NAN


cdef inline double _logistic(double x) noexcept nogil:
    cdef double e
    if x >= 0.0:
        return 1.0 / (1.0 + c_exp(-x))
    e = c_exp(x)
    return e / (1.0 + e)


cdef double _checked_exp(double x) except? -1.0:
    cdef double r = c_exp(x)
    if not isfinite(r) and isfinite(x):
        raise OverflowError("math range error")
    return r


cdef double _checked_log(double x) except? -1.0:
    if x <= 0.0:
        raise ValueError("math domain error")
    return c_log(x)


cdef double _checked_sqrt(double x) except? -1.0:
    if x < 0.0:
        raise ValueError("math domain error")
    return c_sqrt(x)


@cython.freelist(512)
@cython.no_gc
@cython.final
cdef class Var:
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
    cdef readonly Tape tape          # the tape this Var's node lives on
    cdef readonly Py_ssize_t index   # the node's index on that tape
    cdef double scalar               # the value, when is_scalar
    cdef object obj                  # the value, when not is_scalar
    cdef readonly bint is_scalar     # the value is a Python float kept in C
    cdef dict parts                  # an argument's structured value: its part leaves by key, else None
    cdef object __weakref__          # weak references are allowed (to watch lifetimes)

    def __init__(self, *args, **kwargs):
        raise TypeError("Vars are made by wengert's runners (backprop, grad_bp, grad, ...), "
                        "not constructed directly; use wengert.const(x) for a constant")

    @property
    def value(self):
        """The plain value of this Var (no gradient flows through it)."""
        value = self.scalar if self.is_scalar else self.obj
        if self.tape.jit is not None:
            self.tape.jit.guard(_identity, (self,), value)
        return value

    def __repr__(self):
        state = "" if self.tape.recording else ", closed"
        return f"Var({self.value!r}, node={self.index}{state})"

    def __format__(self, spec):
        return _observed(self, format, spec, format(_value(self), spec))

    def __reduce__(self):
        raise TypeError("a Var cannot be pickled or copied: it belongs to a running tape. "
                        "Pickle var.value instead")

    # -- arithmetic: float fast path, else the NumPy op tables ----------------------

    def __add__(self, other):
        cdef Var a = self
        cdef double c
        if a.is_scalar:
            if _same_scalar_tape(a, other):
                return _push2(a, <Var>other, OP_ADD, 1.0, 1.0, a.scalar + (<Var>other).scalar)
            if _is_number(other):
                c = other
                return _push1(a, OP_ADD_CONST, 1.0, a.scalar + c, c)
        return _arith("add", self, other)

    def __radd__(self, other):
        cdef Var a = self
        cdef double c
        if a.is_scalar and _is_number(other):
            c = other
            return _push1(a, OP_ADD_CONST, 1.0, c + a.scalar, c)
        return _arith("add", other, self)

    def __sub__(self, other):
        cdef Var a = self
        cdef double c
        if a.is_scalar:
            if _same_scalar_tape(a, other):
                return _push2(a, <Var>other, OP_SUB, 1.0, -1.0, a.scalar - (<Var>other).scalar)
            if _is_number(other):
                c = other
                return _push1(a, OP_SUB_CONST, 1.0, a.scalar - c, c)
        return _arith("subtract", self, other)

    def __rsub__(self, other):
        cdef Var a = self
        cdef double c
        if a.is_scalar and _is_number(other):
            c = other
            return _push1(a, OP_RSUB_CONST, -1.0, c - a.scalar, c)
        return _arith("subtract", other, self)

    def __mul__(self, other):
        cdef Var a = self
        cdef Var b
        cdef double c
        if a.is_scalar:
            if _same_scalar_tape(a, other):
                b = other
                return _push2(a, b, OP_MUL, b.scalar, a.scalar, a.scalar * b.scalar)
            if _is_number(other):
                c = other
                return _push1(a, OP_MUL_CONST, c, a.scalar * c, c)
        return _arith("multiply", self, other)

    def __rmul__(self, other):
        cdef Var a = self
        cdef double c
        if a.is_scalar and _is_number(other):
            c = other
            return _push1(a, OP_MUL_CONST, c, c * a.scalar, c)
        return _arith("multiply", other, self)

    def __truediv__(self, other):
        cdef Var a = self
        cdef Var b
        cdef double c, q
        if a.is_scalar:
            if _same_scalar_tape(a, other):
                b = other
                q = _checked_div(a.scalar, b.scalar)
                return _push2(a, b, OP_DIV, 1.0 / b.scalar, -q / b.scalar, q)
            if _is_number(other):
                c = other
                q = _checked_div(a.scalar, c)
                return _push1(a, OP_DIV_CONST, 1.0 / c, q, c)
        return _arith("true_divide", self, other)

    def __rtruediv__(self, other):
        cdef Var a = self
        cdef double c, q
        if a.is_scalar and _is_number(other):
            c = other
            q = _checked_div(c, a.scalar)
            return _push1(a, OP_RDIV_CONST, -q / a.scalar, q, c)
        return _arith("true_divide", other, self)

    def __pow__(self, other, modulo):
        cdef Var a = self
        cdef Var b
        cdef double c, r
        if modulo is not None:
            raise TypeError("pow(x, y, modulo) is not differentiable; use pow(x, y)")
        if a.is_scalar:
            if _same_scalar_tape(a, other):
                b = other
                r = _checked_pow(a.scalar, b.scalar)
                # d/dx x**y is 0 at y = 0, also at x = 0 (where y * x**(y-1) is 0 * inf)
                return _push2(a, b, OP_POW, b.scalar * pow(a.scalar, b.scalar - 1.0) if b.scalar != 0.0 else 0.0,
                              _dpow_dexponent(a.scalar, r), r)
            if _is_number(other):
                c = other
                r = _checked_pow(a.scalar, c)
                return _push1(a, OP_POW_CONST, c * pow(a.scalar, c - 1.0) if c != 0.0 else 0.0, r, c)
        return _arith("power", self, other)

    def __rpow__(self, other, modulo):
        cdef Var a = self
        cdef double c, r
        if modulo is not None:
            raise TypeError("pow(x, y, modulo) is not differentiable; use pow(x, y)")
        if a.is_scalar and _is_number(other):
            c = other
            r = _checked_pow(c, a.scalar)
            return _push1(a, OP_RPOW_CONST, _dpow_dexponent(c, r), r, c)
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
        if self.is_scalar:
            return _push1(self, OP_NEG, -1.0, -self.scalar, NAN)
        return _unary("negative", self)

    def __pos__(self):
        return self

    def __abs__(self):
        cdef double x
        if self.is_scalar:
            x = self.scalar
            return _push1(self, OP_ABS, (x > 0.0) - (x < 0.0), fabs(x), NAN)
        return _unary("absolute", self)

    # -- values, not gradients: comparisons, truth, conversions ---------------------

    def __lt__(self, other):
        return _observed(self, _operator.lt, other, _value(self) < _plain(other))

    def __le__(self, other):
        return _observed(self, _operator.le, other, _value(self) <= _plain(other))

    def __gt__(self, other):
        return _observed(self, _operator.gt, other, _value(self) > _plain(other))

    def __ge__(self, other):
        return _observed(self, _operator.ge, other, _value(self) >= _plain(other))

    def __eq__(self, other):
        return _observed(self, _operator.eq, other, _value(self) == _plain(other))

    def __ne__(self, other):
        return _observed(self, _operator.ne, other, _value(self) != _plain(other))

    __hash__ = None  # value equality, as for NumPy arrays

    def __bool__(self):
        return _observed(self, bool, _MISSING, bool(_value(self)))

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
        return _observed(self, len, _MISSING, len(_value(self)))

    def __contains__(self, item):
        # On the values (a dict's keys), as for comparisons: no gradient, nothing recorded.
        return _observed(self, _contains, item, _plain(item) in _value(self))

    def __iter__(self):
        return _iterate(self)

    def __reversed__(self):  # Var is not a sequence to CPython (see the end of this class)
        return reversed(list(_iterate(self)))

    def __getitem__(self, key):
        return _getitem(self, key)

    def __setitem__(self, key, item):
        raise TypeError(
            "Vars are immutable: x[i] = y cannot be recorded. Build a new value instead: "
            "wengert.set_var(x, i, y) for records and containers, or "
            "np.where(mask, y, x) or np.concatenate for arrays")

    def __getattr__(self, name):
        # The common case in C: a field of a dataclass or named tuple (backprop's ^^.).
        if not self.is_scalar:
            fields = _fields_of(type(self.obj))
            if fields is not None and name in <frozenset>fields:
                return _field_view(self, name)
        return _getattr(self, name)

    # -- NumPy dispatch -------------------------------------------------------------

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if not kwargs and method == "__call__":
            prim = _rules.get(ufunc)
            if prim is not None:
                return apply(<Rule>prim, inputs, None)
        return _array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        prim = _rules.get(func)
        if prim is not None and "out" not in kwargs:  # out= is refused on the slow path
            for a in args:
                if type(a) is Var:
                    return apply(<Rule>prim, args, kwargs)
        return _array_function(func, types, args, kwargs)


# Var's items are read through the mapping protocol (x[key], for records, dicts, lists and
# arrays alike). Without the sequence protocol's item slot, which Cython fills for
# __getitem__ too, CPython does not take a Var for a sequence: NumPy storing one into a
# plain array (a[0] = x) then raises wengert's error from __float__, instead of replacing
# it with "setting an array element with a sequence".
cdef extern from "Python.h":
    ctypedef struct PySequenceMethods:
        void* sq_item
    ctypedef struct _SequenceSlotOf "PyTypeObject":
        PySequenceMethods* tp_as_sequence
    void PyType_Modified(object)

if (<_SequenceSlotOf*>Var).tp_as_sequence != NULL:
    (<_SequenceSlotOf*>Var).tp_as_sequence.sq_item = NULL
    PyType_Modified(Var)


cdef object _plain(object x):
    if type(x) is Var:
        return _value(<Var>x)
    return x


cpdef object plain_value(object x):
    """``x`` without the Vars around it (under nested runners a Var's value may itself be a
    Var of an outer tape, at any depth). Unlike ``var.value``, this read is not a decision
    on the value that ``wengert.jit`` guards: the library's own reads use it.

    >>> plain_value(2.0)
    2.0
    """
    while type(x) is Var:
        x = _value(<Var>x)
    return x


cpdef object value_of(Var var):
    """``var``'s value, one level down (a Var of an outer tape under nested runners), read
    without a ``wengert.jit`` guard: the library's own reads of structured values."""
    return _value(var)


def _identity(x):
    return x


def _contains(container, item):
    return item in container


cdef object _observed(Var v, object fn, object other, object outcome):
    # A decision on a Var's value (bool, a comparison, len): while wengert.jit records, it
    # is kept with its outcome, and a replay whose outcome differs records afresh.
    if v.tape.jit is not None:
        v.tape.jit.guard(fn, (v,) if other is _MISSING else (v, other), outcome)
    return outcome


cdef inline object _value(Var v):
    return v.scalar if v.is_scalar else v.obj


cdef inline Var _wrap(Tape tape, Py_ssize_t index, object value):
    if type(value) is float:
        return _new_scalar(tape, index, <double>value)
    cdef Var r = Var.__new__(Var)
    r.tape = tape
    r.index = index
    r.obj = value
    return r


cdef object _MISSING = object()


cdef class Rule:
    """The compiled core of a primitive: the function, its staged VJP rules, its name.

    Internal; see ``wengert.primitive.Primitive``, its Python subclass. ``vjps`` maps an
    argument position to ``rule(ans, *args, **kwargs) -> (g -> cotangent)`` or to None
    (no gradient there); ``higher_order`` is False when the rules work on plain values only.
    """
    cdef public object fun
    cdef public dict vjps
    cdef public object name
    cdef public bint higher_order

    def __call__(self, *args, **kwargs):
        return apply(self, args, kwargs)


cdef class _StagedPullback  # defined below; made by StagedRule.stage


@cython.final
cdef class StagedRule:
    """A staged VJP rule for an elementwise function, compiled: ``rule(g, ans, x[, y])``.

    ``StagedRule(rule, argnum, uses, unbroadcast)`` is what ``defvjp`` takes for argument
    ``argnum`` of a function of one or two arguments (``rule=None``: the cotangent passes
    through unchanged). Staging keeps only the values the
    rule reads (``uses``: ``a`` the result, ``x``, ``y``; the others are passed as None,
    so the tape does not keep them alive), and when broadcasting stretched the argument
    the pullback sums the cotangent back: over axes worked out here when it is a plain
    array, else with ``unbroadcast(g, shape)``. It does in C what a Python staging
    function and its closure would do, and leaves one Python call (the rule's) in the
    backward sweep.

    >>> import numpy as np
    >>> stage = StagedRule(lambda g, ans, x: g * ans, 0, "a", None)
    >>> pullback = stage(np.exp(np.zeros(2)), np.zeros(2))
    >>> pullback(np.array([1.0, 2.0]))
    array([1., 2.])
    """
    cdef object rule
    cdef Py_ssize_t argnum
    cdef bint keep_ans, keep_x, keep_y
    cdef object unbroadcast

    def __init__(self, rule, Py_ssize_t argnum, str uses, unbroadcast):
        if rule is not None and not callable(rule):
            raise TypeError("StagedRule: rule must be callable, or None for a cotangent "
                            "that passes through unchanged (as for add)")
        if argnum not in (0, 1):
            raise ValueError("StagedRule: argnum must be 0 or 1")
        self.rule = rule
        self.argnum = argnum
        self.keep_ans, self.keep_x, self.keep_y = "a" in uses, "x" in uses, "y" in uses
        self.unbroadcast = unbroadcast

    def __call__(self, ans, x, y=_MISSING, **kwargs):
        return self.stage(ans, x, y)

    cdef _StagedPullback stage(self, object ans, object x, object y):
        cdef _StagedPullback pb = _StagedPullback.__new__(_StagedPullback)
        pb.rule = self.rule
        pb.binary = y is not _MISSING
        pb.ans = ans if self.keep_ans else None
        pb.x = x if self.keep_x else None
        pb.y = y if (self.keep_y and pb.binary) else None
        if pb.binary and self.unbroadcast is not None:
            shape = _shape(y if self.argnum else x)
            full = _shape(ans)
            if shape != full:  # broadcasting stretched this argument: sum back
                pb.unbroadcast = self.unbroadcast
                pb.shape = shape
                pb.axes = stretched_axes(shape, full)
                pb.drop = len(full) - len(shape)
        return pb


cpdef object stretched_axes(object shape, object full):
    """The axes of a result of shape ``full`` along which broadcasting stretched an argument
    of shape ``shape``: the leading axes it lacks and those where it has length 1. None
    for a scalar argument (``shape == ()``) or shapes that are not tuples of the expected
    lengths.

    >>> stretched_axes((1, 4), (2, 3, 4))
    (0, 1)
    """
    if type(shape) is not tuple or type(full) is not tuple:
        return None
    cdef Py_ssize_t n = len(<tuple>shape), m = len(<tuple>full)
    cdef Py_ssize_t extra = m - n, i
    if n == 0 or extra < 0:
        return None  # a scalar's cotangent is a scalar, as unbroadcast makes it
    axes = list(range(extra))
    for i in range(n):
        if (<tuple>shape)[i] == 1 and (<tuple>full)[extra + i] != 1:
            axes.append(extra + i)
    return tuple(axes)


cdef object _shape(object value):
    # The shape of an argument or result of an elementwise function: an array, a NumPy
    # scalar, a float, or a Var of an outer tape holding one of them.
    if type(value) is float:
        return ()
    return getattr(value, "shape", ())


@cython.final
cdef class _StagedPullback:
    cdef object rule, ans, x, y, unbroadcast, shape, axes
    cdef Py_ssize_t drop    # leading axes the argument lacks (summed, then reshaped away)
    cdef bint binary

    def __call__(self, g):
        if self.rule is None:
            out = g  # the identity (add, subtract's first argument): no Python call
        elif self.binary:
            out = self.rule(g, self.ans, self.x, self.y)
        else:
            out = self.rule(g, self.ans, self.x)
        if self.unbroadcast is None:
            return out
        if self.axes is not None and type(out) is _array_type:
            # One reduction over the precomputed axes, with no Python frame.
            out = _sum_kept(out, self.axes, None, None, True)
            return out.reshape(self.shape) if self.drop else out
        return self.unbroadcast(out, self.shape)


cdef object _fields_of(object cls):
    fields = _field_sets.get(cls, _MISSING)
    if fields is _MISSING:
        names = _record_fields(cls)
        fields = None if names is None else frozenset(names)
        _field_sets[cls] = fields
    return fields


@cython.final
cdef class _PartOf:
    """The pullback of a view: the cotangent of one part, as a sparse cotangent of the whole."""
    cdef object key

    def __call__(self, g):
        return _partial({self.key: g})


cpdef bint carries_no_gradient(object value):
    """True for a part of a structured value that is a constant: reading it gives the plain
    value and records nothing (integers, booleans, strings, None, integer arrays).

    >>> carries_no_gradient(3), carries_no_gradient(1.5)
    (True, False)
    """
    t = type(value)
    if t is float:
        return False
    if value is None or t is int or t is bool or t is str or t is bytes:
        return True
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    return kind is not None and kind in "biuSUO"


cdef object _field_view(Var var, str name):
    value = getattr(var.obj, name)
    if carries_no_gradient(value):
        return value
    if var.parts is not None:
        return part_leaf(var, name, value, "." + name)
    cdef _PartOf pullback = _PartOf.__new__(_PartOf)
    pullback.key = name
    view = record_view(var, pullback, value, "." + name)
    if var.tape.jit is not None:
        var.tape.jit.view((<Var>view).index, var.index, name, pullback, value)
    return view


cdef enum:
    _NO_GRADIENT = 0  # an integer or boolean result: a plain value, no node
    _REAL = 1         # a float or a real floating-point array or NumPy scalar
    _OTHER = 2        # complex, or a structure, or a user type: may be complex


cdef inline int _result_kind(object ans):
    # Integer and boolean results carry no gradient and come back as plain values.
    t = type(ans)
    if t is float:
        return _REAL
    if t is int or t is bool:
        return _NO_GRADIENT
    dtype = getattr(ans, "dtype", None)
    if dtype is None:
        return _OTHER
    kind = dtype.kind
    if kind == "f":
        return _REAL
    return _NO_GRADIENT if kind in "biu" else _OTHER


cpdef object apply(Rule prim, tuple args, dict kwargs):
    """Call ``prim`` on ``args``, recording one node if any argument is a live Var.

    Vars of the innermost live tape among the arguments are differentiated; Vars of
    outer tapes are constants here (they record themselves on their own tape when
    ``prim.fun`` runs on them). Each differentiable argument's staged rule gives its
    pullback, and the tape calls each one for its own parent.
    """
    cdef Py_ssize_t n = len(args)
    cdef Py_ssize_t i, k
    cdef Tape tape = None
    cdef bint mixed = False
    cdef object a
    for i in range(n):
        a = args[i]
        if type(a) is Var:
            if tape is None:
                tape = (<Var>a).tape
            elif (<Var>a).tape is not tape:
                mixed = True
    if tape is None:
        return prim.fun(*args, **kwargs) if kwargs else prim.fun(*args)
    if mixed:
        tape = _innermost([a for a in args if type(a) is Var])
    elif not _is_live(tape):
        for a in args:
            if type(a) is Var:
                _raise_not_live(<Var>a)
    cdef list values = list(args)
    k = 0
    for i in range(n):
        a = args[i]
        if type(a) is Var and (<Var>a).tape is tape:
            values[i] = _value(<Var>a)
            k += 1
    ans = prim.fun(*values, **kwargs) if kwargs else prim.fun(*values)
    cdef int result_kind = _result_kind(ans)
    if result_kind == _NO_GRADIENT:
        if tape.jit is not None:
            tape.jit.constant(prim, args, kwargs, ans)
        return ans
    cdef Py_ssize_t on_stack[4]
    cdef Py_ssize_t* parents = &on_stack[0]
    if k > 4:
        parents = <Py_ssize_t*>PyMem_Malloc(k * sizeof(Py_ssize_t))
        if parents == NULL:
            raise MemoryError()
    cdef list pullbacks = []
    cdef dict vjps = prim.vjps
    try:
        k = 0
        for i in range(n):
            a = args[i]
            if type(a) is not Var or (<Var>a).tape is not tape:
                continue  # a constant, or a Var of an outer tape (a constant here)
            rule = vjps.get(i, _MISSING)
            if rule is None:
                continue  # declared with no gradient (an index, a shape): a constant here
            if rule is _MISSING:
                raise _missing_rule(prim, i)
            if not prim.higher_order:
                pullbacks.append(_first_order_pullback(prim, rule, ans, values, kwargs or {}))
            elif type(rule) is StagedRule and (n == 1 or n == 2):
                # An elementwise rule, staged in C without a Python call (it reads no kwargs).
                pullbacks.append((<StagedRule>rule).stage(ans, values[0], values[1] if n == 2 else _MISSING))
            elif kwargs:
                pullbacks.append(rule(ans, *values, **kwargs))
            else:
                pullbacks.append(rule(ans, *values))
            if result_kind == _OTHER:
                # A complex result of a real argument (x * 1j): the argument's cotangent is
                # the real part of what the rule gives (autograd's and JAX's convention).
                # (wraparound is off: index from the front)
                pullbacks[k] = _real_pullback(pullbacks[k], values[i], ans)
            parents[k] = (<Var>a).index
            k += 1
        if k == 0:
            if tape.jit is not None:
                tape.jit.constant(prim, args, kwargs, ans)
            return ans
        node = _wrap(tape, tape.push_pullbacks(parents, k, tuple(pullbacks), ans, prim.name), ans)
        if tape.jit is not None:
            tape.jit.node((<Var>node).index, prim, args, kwargs, ans)
        return node
    finally:
        if parents != &on_stack[0]:
            PyMem_Free(parents)


cdef object _arith(str name, object x, object y):
    # Arithmetic on Vars that is not float-with-float: the operator's rule, if registered.
    prim = _operators.get(name)
    if prim is not None:
        return apply(<Rule>prim, (x, y), None)
    return _binary(name, x, y)


cdef object _unary(str name, object x):
    return apply(<Rule>_elementary[name], (x,), None)


cpdef Var record_view(Var parent, object pullback, object value, object name):
    """Record ``value``, a part of ``parent``'s value: one node whose cotangent for
    ``parent`` is ``pullback(g)`` (internal: the views of ``wengert.structured``)."""
    _check_open(parent)
    cdef Py_ssize_t p = parent.index
    return _wrap(parent.tape, parent.tape.push_pullbacks(&p, 1, (pullback,), value, name), value)


cdef inline bint _is_structured(object value):
    return (_fields_of(type(value)) is not None or isinstance(value, dict)
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
    cdef Var var = _wrap(tape, tape.push_leaf(value, name), value)
    if not var.is_scalar and _is_structured(value):
        var.parts = {}
    return var


cpdef object part_leaf(Var var, object key, object value, object name):
    """The leaf standing for part ``key`` (whose value is ``value``) of the argument
    ``var``, pushed on first use; None when ``var`` is not a structured argument."""
    if var.parts is None:
        return None
    _check_open(var)
    part = var.parts.get(key)
    if part is None:
        part = _leaf_var(var.tape, value, name)
        var.parts[key] = part
    return part


def part_leaves(Var var not None):
    """The part leaves read from the structured argument ``var`` (key -> Var), or None."""
    return var.parts


def make_var(Tape tape not None, Py_ssize_t index, value=None):
    """The Var of node ``index`` of ``tape``, holding ``value`` (used by the Python layer after
    a push). A scalar node's value is read from the tape; an object node's must be given
    unless the tape keeps values.
    """
    if tape.released or index < 0 or index >= tape.n_nodes:
        raise IndexError(f"node {index} is not on this tape ({tape.n_nodes} nodes)")
    if tape.flags[index] & DOUBLE_VALUE:
        return _new_scalar(tape, index, tape.sval[index])
    if value is None:
        value = tape.obj_value[tape.slot[index]]
        if value is None:
            raise ValueError(f"node {index}: this tape does not keep values; pass make_var(tape, index, value)")
    cdef Var r = Var.__new__(Var)
    r.tape = tape
    r.index = index
    r.obj = value
    return r


# -- replaying scalar nodes (wengert.jit) --------------------------------------------

cdef inline bint _pow_fails(double x, double y, double r) noexcept nogil:
    # Where _checked_pow raises: 0 ** negative, negative ** fraction, overflow.
    return ((x == 0.0 and y < 0.0) or (x < 0.0 and y != floor(y))
            or (not isfinite(r) and isfinite(x) and isfinite(y)))


cdef inline double _dpow_dy(double x, double value) noexcept nogil:
    # _dpow_dexponent, for the replay loop
    if x > 0.0:
        return c_log(x) * value
    if x == 0.0:
        return 0.0
    return NAN


cdef Py_ssize_t _replay_scalars(Tape t, Py_ssize_t start, Py_ssize_t stop) noexcept nogil:
    # Values and partials of the C-swept scalar nodes in [start, stop), from their op codes,
    # their parents' values and aux: the same formulas, in the same order, as the Var
    # dunders and wengert.exp & co. above, so a replay gives the recording's bits. Returns
    # -1, or the first node whose op would raise (the caller records afresh, which raises).
    cdef Py_ssize_t i, e
    cdef int op
    cdef double a, b, c, v, d0, d1
    for i in range(start, stop):
        if (t.flags[i] & ~HAS_EXTRA) != DOUBLE_VALUE or t.op[i] == OP_LEAF:
            continue
        op = t.op[i]
        e = t.edge_start[i]
        a = t.sval[t.parent[e]]
        c = t.aux[i]
        d1 = 0.0
        if op == OP_ADD:
            b = t.sval[t.parent[e + 1]]
            v = a + b; d0 = 1.0; d1 = 1.0
        elif op == OP_SUB:
            b = t.sval[t.parent[e + 1]]
            v = a - b; d0 = 1.0; d1 = -1.0
        elif op == OP_MUL:
            b = t.sval[t.parent[e + 1]]
            v = a * b; d0 = b; d1 = a
        elif op == OP_DIV:
            b = t.sval[t.parent[e + 1]]
            if b == 0.0:
                return i
            v = a / b; d0 = 1.0 / b; d1 = -v / b
        elif op == OP_POW:
            b = t.sval[t.parent[e + 1]]
            v = pow(a, b)
            if _pow_fails(a, b, v):
                return i
            d0 = b * pow(a, b - 1.0) if b != 0.0 else 0.0
            d1 = _dpow_dy(a, v)
        elif op == OP_ADD_CONST:
            v = a + c; d0 = 1.0
        elif op == OP_SUB_CONST:
            v = a - c; d0 = 1.0
        elif op == OP_RSUB_CONST:
            v = c - a; d0 = -1.0
        elif op == OP_MUL_CONST:
            v = a * c; d0 = c
        elif op == OP_DIV_CONST:
            if c == 0.0:
                return i
            v = a / c; d0 = 1.0 / c
        elif op == OP_RDIV_CONST:
            if a == 0.0:
                return i
            v = c / a; d0 = -v / a
        elif op == OP_POW_CONST:
            v = pow(a, c)
            if _pow_fails(a, c, v):
                return i
            d0 = c * pow(a, c - 1.0) if c != 0.0 else 0.0
        elif op == OP_RPOW_CONST:
            v = pow(c, a)
            if _pow_fails(c, a, v):
                return i
            d0 = _dpow_dy(c, v)
        elif op == OP_NEG:
            v = -a; d0 = -1.0
        elif op == OP_ABS:
            v = fabs(a); d0 = (a > 0.0) - (a < 0.0)
        elif op == OP_EXP:
            v = c_exp(a)
            if not isfinite(v) and isfinite(a):
                return i
            d0 = v
        elif op == OP_LOG:
            if a <= 0.0:
                return i
            v = c_log(a); d0 = 1.0 / a
        elif op == OP_SIN:
            v = c_sin(a); d0 = c_cos(a)
        elif op == OP_COS:
            v = c_cos(a); d0 = -c_sin(a)
        elif op == OP_TAN:
            v = c_tan(a); d0 = 1.0 + v * v
        elif op == OP_TANH:
            v = c_tanh(a); d0 = 1.0 - v * v
        elif op == OP_SQRT:
            if a < 0.0:
                return i
            v = c_sqrt(a); d0 = 0.5 / v if v != 0.0 else INFINITY
        elif op == OP_LOGISTIC:
            v = _logistic(a); d0 = v * (1.0 - v)
        else:
            return i  # OP_CUSTOM: partials given by a caller, not recomputable
        t.sval[i] = v
        t.partial[e] = d0
        if t.edge_start[i + 1] - e > 1:
            t.partial[e + 1] = d1
    return -1


cpdef object describe(object v):
    """What a replayed node's value must match (``wengert.jit``): its type, and the shape
    and dtype of a value that has a dtype (arrays, NumPy scalars).

    >>> describe(1.5)
    <class 'float'>
    """
    t = type(v)
    if t is float:
        return t
    dtype = getattr(v, "dtype", None)
    return t if dtype is None else (t, getattr(v, "shape", None), dtype)


@cython.final
cdef class ReplayStep:
    """One step of a ``wengert.jit`` replay program (internal; built by ``wengert.jit``).

    ``kind``: 0 recompute the scalar nodes ``start .. stop - 1``; 1 node ``j`` is rule
    ``prim`` on ``args``; 2 node ``j`` is ``fun(*args) -> (value, pullbacks)`` (a view, a
    collected structure, a lifted op); 3 a guard: ``same(fun(*args), outcome)`` must hold.
    ``refs[k]`` says where argument ``k`` comes from: -1 the constant ``consts[k]``, a node
    index ``i >= 0`` the replayed value of object node ``i``, ``-2 - i`` scalar node ``i``.
    ``plan`` (kind 1) holds ``(position, rule, how)`` per pullback, ``how`` 0 for a parent
    that needs no gradient, 1 a StagedRule, 2 a rule called with the arguments, 3 a
    first-order rule; ``none_pbs`` is what the node gets when none of its parents needs one.
    """
    cdef public int kind
    cdef public Py_ssize_t j, start, stop
    cdef public object prim, fun, kwargs, descr, outcome, none_pbs
    cdef public tuple consts, refs, plan
    cdef public bint needed

    def __init__(self, int kind, Py_ssize_t j=-1, Py_ssize_t start=0, Py_ssize_t stop=0, prim=None,
                 fun=None, kwargs=None, descr=None, outcome=None, none_pbs=None, tuple consts=(),
                 tuple refs=(), tuple plan=None, bint needed=True):
        if kind < 0 or kind > 3 or len(consts) != len(refs):
            raise ValueError("ReplayStep: kind is 0..3, and consts and refs have one entry per argument")
        self.kind, self.j, self.start, self.stop = kind, j, start, stop
        self.prim, self.fun, self.kwargs, self.descr = prim, fun, kwargs, descr
        self.outcome, self.none_pbs, self.consts, self.refs = outcome, none_pbs, consts, refs
        self.plan, self.needed = plan, needed


cdef list _step_args(ReplayStep step, Tape tape, list vals):
    cdef Py_ssize_t k, r, n = len(step.refs)
    cdef list values = [None] * n
    for k in range(n):
        r = step.refs[k]
        if r == -1:
            values[k] = step.consts[k]
        elif r >= 0:
            values[k] = vals[r]
        else:
            values[k] = tape.sval[-2 - r]
    return values


cdef tuple _restage(ReplayStep step, object ans, list values):
    # As apply stages a node's pullbacks, for the parents that need one.
    cdef Rule prim = step.prim
    cdef Py_ssize_t n = len(values)
    cdef list pbs = []
    cdef int how
    cdef bint other = _result_kind(ans) == _OTHER
    kwargs = step.kwargs
    for pos, rule, how in step.plan:
        if how == 0:
            pbs.append(_no_cotangent)
            continue
        if how == 3:
            pb = _first_order_pullback(prim, rule, ans, values, kwargs or {})
        elif how == 1:
            pb = (<StagedRule>rule).stage(ans, values[0], values[1] if n == 2 else _MISSING)
        elif kwargs:
            pb = rule(ans, *values, **kwargs)
        else:
            pb = rule(ans, *values)
        if other:
            pb = _real_pullback(pb, values[pos], ans)
        pbs.append(pb)
    return tuple(pbs)


def _no_cotangent(g):
    return None


cdef int _write_node(Tape tape, Py_ssize_t j, object value, object pbs) except -1:
    # A replayed node's value (scalar nodes: in the C arrays) and pullbacks.
    if tape.flags[j] & DOUBLE_VALUE:
        tape.sval[j] = <double>value
    elif tape.keep_values:
        tape.obj_value[tape.slot[j]] = value
    tape.obj_pullback[tape.slot[j]] = pbs
    return 0


def run_program(Tape tape not None, list program not None, list vals not None, bint stage, same):
    """Run a ``wengert.jit`` replay program (a list of :class:`ReplayStep`) on ``tape``,
    whose leaves hold the new inputs; ``vals`` receives the value of every object node.
    With ``stage`` the pullbacks are staged again at the new values.

    Returns -1, or the index of the step that failed: a guard whose outcome differs, a
    node whose value has another type or shape, a scalar op that would raise. The
    caller then records afresh. Exceptions of the rules propagate.
    """
    if tape.released or len(vals) != tape.n_nodes:
        raise ValueError("run_program: a live tape and one value slot per node")
    cdef Py_ssize_t s, bad
    cdef ReplayStep step
    cdef list values
    for s in range(len(program)):
        step = <ReplayStep?>program[s]
        if step.j >= tape.n_nodes or step.stop > tape.n_nodes or step.start < 0:
            raise IndexError("run_program: a step outside the tape")
        if step.kind == 0:
            with nogil:
                bad = _replay_scalars(tape, step.start, step.stop)
            if bad >= 0:
                return s
            continue
        values = _step_args(step, tape, vals)
        if step.kind == 1:
            kwargs = step.kwargs
            ans = (<Rule>step.prim).fun(*values, **kwargs) if kwargs else (<Rule>step.prim).fun(*values)
            if describe(ans) != step.descr:
                return s
            vals[step.j] = ans
            if stage:
                _write_node(tape, step.j, ans, _restage(step, ans, values) if step.needed else step.none_pbs)
            elif type(ans) is float:
                tape.sval[step.j] = <double>ans
        elif step.kind == 2:
            value, pbs = step.fun(*values)
            if describe(value) != step.descr:
                return s
            vals[step.j] = value
            if stage:
                _write_node(tape, step.j, value, pbs if step.needed else step.none_pbs)
            elif type(value) is float:
                tape.sval[step.j] = <double>value
        else:
            out = step.fun(*values)
            if not (out is step.outcome or same(out, step.outcome)):
                return s
    return -1


def first_unreplayable(Tape tape not None, Py_ssize_t start, Py_ssize_t stop):
    """The first node in ``start .. stop - 1`` that :func:`replay_scalars` does not
    recompute (a leaf, a node with a pullback, a scalar node with caller-given partials),
    or ``stop`` (internal: ``wengert.jit`` checks that its program explains every node).
    """
    if tape.released or start < 0 or stop > tape.n_nodes or start > stop:
        raise IndexError(f"nodes {start}..{stop} are not a range of this tape ({tape.n_nodes} nodes)")
    cdef Py_ssize_t i
    for i in range(start, stop):
        if ((tape.flags[i] & ~HAS_EXTRA) != DOUBLE_VALUE or tape.op[i] == OP_LEAF
                or tape.op[i] == OP_CUSTOM or tape.op[i] == OP_OBJECT):
            return i
    return stop


def replay_scalars(Tape tape not None, Py_ssize_t start, Py_ssize_t stop):
    """Recompute the scalar nodes ``start .. stop - 1`` of ``tape`` from their op codes and
    their parents' values, in C without the GIL (internal: ``wengert.jit``'s replay).

    Returns -1, or the first node whose op would raise on its new inputs (``log`` of a
    negative number, a division by zero): the caller then records afresh.
    """
    if tape.released:
        raise RuntimeError("this tape has been released; it cannot be replayed")
    if start < 0 or stop > tape.n_nodes or start > stop:
        raise IndexError(f"nodes {start}..{stop} are not a range of this tape ({tape.n_nodes} nodes)")
    cdef Py_ssize_t r
    with nogil:
        r = _replay_scalars(tape, start, stop)
    return r


# -- elementary functions: floats and scalar Vars here, everything else via NumPy ----

def exp(x):
    """Exponential of a float, scalar Var, array or array Var.

    >>> import wengert as wg
    >>> wg.exp(0.0)
    1.0
    """
    cdef double v
    if type(x) is Var and (<Var>x).is_scalar:
        v = _checked_exp((<Var>x).scalar)
        return _push1(x, OP_EXP, v, v, NAN)
    if _is_number(x):
        return _checked_exp(<double>x)
    return _unary("exp", x)


def log(x):
    """Natural logarithm (``ValueError`` for a float ``x <= 0``, as ``math.log``).

    >>> import wengert as wg
    >>> wg.log(1.0)
    0.0
    """
    cdef double a
    if type(x) is Var and (<Var>x).is_scalar:
        a = (<Var>x).scalar
        return _push1(x, OP_LOG, 1.0 / a, _checked_log(a), NAN)
    if _is_number(x):
        return _checked_log(<double>x)
    return _unary("log", x)


def sin(x):
    """Sine.

    >>> import wengert as wg
    >>> wg.sin(0.0)
    0.0
    """
    cdef double a
    if type(x) is Var and (<Var>x).is_scalar:
        a = (<Var>x).scalar
        return _push1(x, OP_SIN, c_cos(a), c_sin(a), NAN)
    if _is_number(x):
        return c_sin(<double>x)
    return _unary("sin", x)


def cos(x):
    """Cosine.

    >>> import wengert as wg
    >>> wg.cos(0.0)
    1.0
    """
    cdef double a
    if type(x) is Var and (<Var>x).is_scalar:
        a = (<Var>x).scalar
        return _push1(x, OP_COS, -c_sin(a), c_cos(a), NAN)
    if _is_number(x):
        return c_cos(<double>x)
    return _unary("cos", x)


def tan(x):
    """Tangent.

    >>> import wengert as wg
    >>> wg.tan(0.0)
    0.0
    """
    cdef double t
    if type(x) is Var and (<Var>x).is_scalar:
        t = c_tan((<Var>x).scalar)
        return _push1(x, OP_TAN, 1.0 + t * t, t, NAN)
    if _is_number(x):
        return c_tan(<double>x)
    return _unary("tan", x)


def tanh(x):
    """Hyperbolic tangent.

    >>> import wengert as wg
    >>> wg.tanh(0.0)
    0.0
    """
    cdef double t
    if type(x) is Var and (<Var>x).is_scalar:
        t = c_tanh((<Var>x).scalar)
        return _push1(x, OP_TANH, 1.0 - t * t, t, NAN)
    if _is_number(x):
        return c_tanh(<double>x)
    return _unary("tanh", x)


def sqrt(x):
    """Square root (``ValueError`` for a negative float, as ``math.sqrt``).

    >>> import wengert as wg
    >>> wg.sqrt(4.0)
    2.0
    """
    cdef double r
    if type(x) is Var and (<Var>x).is_scalar:
        r = _checked_sqrt((<Var>x).scalar)
        return _push1(x, OP_SQRT, 0.5 / r if r != 0.0 else float("inf"), r, NAN)
    if _is_number(x):
        return _checked_sqrt(<double>x)
    return _unary("sqrt", x)


def logistic(x):
    """The logistic sigmoid ``1 / (1 + exp(-x))``, computed without overflow.

    >>> import wengert as wg
    >>> wg.logistic(0.0)
    0.5
    """
    cdef double s
    if type(x) is Var and (<Var>x).is_scalar:
        s = _logistic((<Var>x).scalar)
        return _push1(x, OP_LOGISTIC, s * (1.0 - s), s, NAN)
    if _is_number(x):
        return _logistic(<double>x)
    return _unary("logistic", x)
