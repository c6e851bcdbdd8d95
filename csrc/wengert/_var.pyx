"""Var, the handle on a tape node, and its arithmetic (internal; use ``wengert.*``).

A Var is ``(tape, index)`` plus its value. When both operands of an arithmetic op are
Python floats (a scalar Var and a float or int constant, or two scalar Vars of the same
tape), the op is computed and recorded here in C with its local partials. Every other
case goes elsewhere: a registered operator or elementary rule to the primitive engine
(``wengert._engine``), a record field to the structured views (``wengert._views``), and
arrays, records, Vars of nested tapes, NumPy calls and other views to the Python slow
paths that ``wengert._dispatch`` installs (``wengert._hooks``). This module knows
nothing of NumPy.

Arithmetic on floats follows Python: ``x / 0.0`` raises ``ZeroDivisionError``,
``0.0 ** -1.0`` too, and a negative number to a fractional power raises ``ValueError``,
so that a function gives the same answer with and without a tape.
"""
cimport cython
import operator as _operator
from sys import _getframe
from libc.float cimport DBL_MAX, DBL_MIN
from libc.math cimport NAN, fabs, floor, isfinite, log, pow

cimport wengert._hooks as _hooks
from wengert._tape cimport (
    DOUBLE_VALUE, OP_ABS, OP_ADD, OP_ADD_CONST, OP_DIV, OP_DIV_CONST, OP_MUL, OP_MUL_CONST,
    OP_NEG, OP_POW, OP_POW_CONST, OP_RDIV_CONST, OP_RPOW_CONST, OP_RSUB_CONST, OP_SUB,
    OP_SUB_CONST, Tape,
)


cdef object _missing_apply(object rule, tuple args, dict kwargs):
    raise RuntimeError("wengert._var was imported without wengert._engine; import wengert first")


cdef object _missing_field_view(Var var, str name):
    raise RuntimeError("wengert._var was imported without wengert._views; import wengert first")


apply_rule = _missing_apply
field_view = _missing_field_view


cdef int raise_not_live(Var v) except -1:
    _hooks.check_live(v.tape, v)
    raise RuntimeError("wengert internal error: a Var's tape is not live but no error was raised")


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


cdef double _dpow_dexponent(double x, double y, double value):
    # d/dy x**y = log(x) x**y; its limit at x = 0 is 0; for x < 0 it is not real. Where
    # x**y is subnormal or 0, (x**(y/2) log x) x**(y/2), rounded only in its last product:
    # log(x) times the rounded x**y was 1.1% off at x = 1e-170, y = 1.9 (-3.87e-321 for
    # -3.914e-321), as wengert.ops.elementwise.power_log
    cdef double h
    if x > 0.0:
        if value < DBL_MIN and isfinite(x) and isfinite(y):
            h = pow(x, 0.5 * y)
            return (h * log(x)) * h
        return log(x) * value
    if x == 0.0:
        return 0.0
    return NAN


@cython.freelist(512)
@cython.no_gc
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
    def __init__(self, *args, **kwargs):
        raise TypeError("Vars are made by wengert's runners (backprop, grad_bp, grad, ...), "
                        "not constructed directly; use wengert.stop_gradient(x) (alias wengert.const) for a constant")

    @property
    def value(self):
        """The plain value of this Var (no gradient flows through it)."""
        value = self.scalar if self.is_scalar else self.obj
        if self.tape.jit is not None:  # a decision on the value: wengert.jit keeps it as a guard
            self.tape.jit.guard(_identity, (self,), value)
        return value

    @property
    def __class__(self):
        # isinstance(v, float) reads it where the type check fails: in a plain call's recording
        # of wengert.jit, the function's own code gets its value's type (jit._Recorder.class_of;
        # sys._getframe(0) is the caller's frame: a compiled function has none of its own)
        if self.tape.jit is not None:
            return self.tape.jit.class_of(self, _getframe(0))
        return Var

    def __repr__(self):
        state = "" if self.tape.recording else ", closed"
        return f"Var({self.value!r}, node={self.index}{state})"

    def __format__(self, spec):
        return _observed(self, format, spec, format(value_of(self), spec))

    def __reduce__(self):
        raise TypeError("a Var cannot be pickled or copied: it belongs to a running tape. "
                        "Pickle var.value instead")

    # -- arithmetic: float fast path, else the NumPy op tables ----------------------

    def __add__(self, other):
        cdef Var a = self
        cdef double c
        if a.is_scalar:
            if _same_scalar_tape(a, other):
                return push2(a, <Var>other, OP_ADD, 1.0, 1.0, a.scalar + (<Var>other).scalar)
            if is_number(other):
                c = other
                return push1(a, OP_ADD_CONST, 1.0, a.scalar + c, c)
        return _arith("add", self, other)

    def __radd__(self, other):
        cdef Var a = self
        cdef double c
        if a.is_scalar and is_number(other):
            c = other
            return push1(a, OP_ADD_CONST, 1.0, c + a.scalar, c)
        return _arith("add", other, self)

    def __sub__(self, other):
        cdef Var a = self
        cdef double c
        if a.is_scalar:
            if _same_scalar_tape(a, other):
                return push2(a, <Var>other, OP_SUB, 1.0, -1.0, a.scalar - (<Var>other).scalar)
            if is_number(other):
                c = other
                return push1(a, OP_SUB_CONST, 1.0, a.scalar - c, c)
        return _arith("subtract", self, other)

    def __rsub__(self, other):
        cdef Var a = self
        cdef double c
        if a.is_scalar and is_number(other):
            c = other
            return push1(a, OP_RSUB_CONST, -1.0, c - a.scalar, c)
        return _arith("subtract", other, self)

    def __mul__(self, other):
        cdef Var a = self
        cdef Var b
        cdef double c
        if a.is_scalar:
            if _same_scalar_tape(a, other):
                b = other
                return push2(a, b, OP_MUL, b.scalar, a.scalar, a.scalar * b.scalar)
            if is_number(other):
                c = other
                return push1(a, OP_MUL_CONST, c, a.scalar * c, c)
        return _arith("multiply", self, other)

    def __rmul__(self, other):
        cdef Var a = self
        cdef double c
        if a.is_scalar and is_number(other):
            c = other
            return push1(a, OP_MUL_CONST, c, c * a.scalar, c)
        return _arith("multiply", other, self)

    def __truediv__(self, other):
        cdef Var a = self
        cdef Var b
        cdef double c, q, d0, d1
        if a.is_scalar:
            if _same_scalar_tape(a, other):
                b = other
                q = _checked_div(a.scalar, b.scalar)
                d0 = 1.0 / b.scalar
                d1 = -q / b.scalar
                # (a partial out of range, 1 / y or -x / y^2: NumPy's rule forms g / y, -g x / y^2; see _dpow_far.
                # Also q = x / y: subnormal, -q / y has lost its bits, normal or not. All normal numbers, the
                # common case, in one branch)
                if ((fabs(d0) >= DBL_MIN) & (fabs(d0) <= DBL_MAX) & (fabs(d1) >= DBL_MIN) & (fabs(d1) <= DBL_MAX)
                        & (fabs(q) >= DBL_MIN) & (fabs(q) <= DBL_MAX)
                        or not (_dpow_far(1.0, b.scalar, d0) or _dpow_far(a.scalar, b.scalar, d1)
                                or _dpow_far(a.scalar, b.scalar, q))):
                    return push2(a, b, OP_DIV, d0, d1, q)
            elif is_number(other):
                c = other
                q = _checked_div(a.scalar, c)
                d0 = 1.0 / c
                if not _dpow_far(1.0, c, d0):
                    return push1(a, OP_DIV_CONST, d0, q, c)
        return _arith("true_divide", self, other)

    def __rtruediv__(self, other):
        cdef Var a = self
        cdef double c, q, d
        if a.is_scalar and is_number(other):
            c = other
            q = _checked_div(c, a.scalar)
            d = -q / a.scalar
            if not (_dpow_far(c, a.scalar, d) or _dpow_far(c, a.scalar, q)):
                return push1(a, OP_RDIV_CONST, d, q, c)
        return _arith("true_divide", other, self)

    def __pow__(self, other, modulo):
        cdef Var a = self
        cdef Var b
        cdef double c, r, d, e
        if modulo is not None:
            raise TypeError("pow(x, y, modulo) is not differentiable; use pow(x, y)")
        if a.is_scalar:
            if _same_scalar_tape(a, other):
                b = other
                r = _checked_pow(a.scalar, b.scalar)
                d = _dpow_dbase(a.scalar, b.scalar, r)
                e = _dpow_dexponent(a.scalar, b.scalar, r)
                if not (a.scalar > 0.0 and (_dpow_far(a.scalar, b.scalar, d) or _dpow_dy_far(a.scalar, b.scalar, e))):
                    return push2(a, b, OP_POW, d, e, r)  # (x < 0: NaN in y, NumPy's rule warns)
            elif is_number(other):
                c = other
                r = _checked_pow(a.scalar, c)
                d = _dpow_dbase(a.scalar, c, r)
                if not _dpow_far(a.scalar, c, d):
                    return push1(a, OP_POW_CONST, d, r, c)
        return _arith("power", self, other)

    def __rpow__(self, other, modulo):
        cdef Var a = self
        cdef double c, r, d
        if modulo is not None:
            raise TypeError("pow(x, y, modulo) is not differentiable; use pow(x, y)")
        if a.is_scalar and is_number(other):
            c = other
            r = _checked_pow(c, a.scalar)
            d = _dpow_dexponent(c, a.scalar, r)
            if not _dpow_dy_far(c, a.scalar, d):  # (a partial out of range: NumPy's rule, see _dpow_dy_far)
                return push1(a, OP_RPOW_CONST, d, r, c)
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
            return push1(self, OP_NEG, -1.0, -self.scalar, NAN)
        return _unary("negative", self)

    def __pos__(self):
        if self.is_scalar:
            return self  # (a number: immutable, nothing to copy)
        return _unary("positive", self)  # (NumPy's +x: a new array, not x itself, and a NumPy scalar for a 0-d one)

    def __abs__(self):
        cdef double x
        if self.is_scalar:
            x = self.scalar
            if x != 0.0:  # (at the kink the NumPy rule: it refuses an infinite cotangent there, which the C sweep can't)
                return push1(self, OP_ABS, (x > 0.0) - (x < 0.0), fabs(x), NAN)
        return _unary("absolute", self)

    # -- values, not gradients: comparisons, truth, conversions ---------------------

    def __lt__(self, other):
        return _observed(self, _operator.lt, other, value_of(self) < _plain(other))

    def __le__(self, other):
        return _observed(self, _operator.le, other, value_of(self) <= _plain(other))

    def __gt__(self, other):
        return _observed(self, _operator.gt, other, value_of(self) > _plain(other))

    def __ge__(self, other):
        return _observed(self, _operator.ge, other, value_of(self) >= _plain(other))

    def __eq__(self, other):
        return _observed(self, _operator.eq, other, value_of(self) == _plain(other))

    def __ne__(self, other):
        return _observed(self, _operator.ne, other, value_of(self) != _plain(other))

    __hash__ = None  # value equality, as for NumPy arrays

    def __bool__(self):
        return _observed(self, bool, _NO_OTHER, bool(value_of(self)))

    def __float__(self):
        raise _hooks.conversion_error("float")

    def __int__(self):
        raise TypeError("int() of a Var has no gradient; use int(x.value) if you mean the plain value")

    def __index__(self):
        raise TypeError("a Var cannot be used as an index; use x.value (integers carry no gradient)")

    def __complex__(self):
        raise TypeError(
            "complex() of a Var would cut it off from its gradient. Complex arithmetic on Vars "
            "is recorded (x * 1j, x + 0j, np.exp(1j * x)); use x.value for the plain number")

    def __array__(self, dtype=None, copy=None):
        raise _hooks.conversion_error("array")  # its message: wengert._dispatch._conversion_error

    # -- containers and records: views recorded on the tape -------------------------

    def __len__(self):
        return _observed(self, len, _NO_OTHER, len(value_of(self)))

    def __contains__(self, item):
        # On the values (a dict's keys), as for comparisons: no gradient, nothing recorded.
        return _observed(self, _contains, item, _plain(item) in value_of(self))

    def __iter__(self):
        return _hooks.iterate(self)

    def __reversed__(self):  # Var is not a sequence to CPython (see the end of this class)
        return reversed(list(_hooks.iterate(self)))

    def __getitem__(self, key):
        return _hooks.get_item(self, key)

    def __setitem__(self, key, item):
        raise TypeError(
            "Vars are immutable: x[i] = y cannot be recorded. Build a new value instead: "
            "x.at[i].set(y) for arrays (as in JAX; also .add, .multiply, .min, .max...), "
            "wengert.set_var(x, i, y) for records and containers")

    def __getattr__(self, name):
        # The common case in C: a field of a dataclass or named tuple (backprop's ^^.).
        if not self.is_scalar:
            fields = _hooks.fields_of(type(self.obj))
            if fields is not None and name in <frozenset>fields:
                return field_view(self, name)
        return _hooks.get_attribute(self, name)

    # -- NumPy dispatch -------------------------------------------------------------

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if not kwargs and method == "__call__":
            prim = _hooks.dict_get(_hooks.rules, ufunc, None)
            if prim is not None:
                return apply_rule(prim, _numpy_reads(inputs), None)
        return _hooks.array_ufunc(ufunc, method, _numpy_reads(inputs), kwargs)

    def __array_function__(self, func, types, args, kwargs):
        prim = _hooks.dict_get(_hooks.rules, func, None)
        # (out= is refused on the slow path; a Var keyword is bound to its position there: np.linalg.solve(a, b=b))
        if prim is not None and "out" not in kwargs and not (kwargs and _holds_var(kwargs)):
            for a in args:
                if type(a) is Var:
                    return apply_rule(prim, _numpy_reads(args), kwargs)
        return _hooks.array_function(func, types, args, kwargs)


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
        return value_of(<Var>x)
    return x


cdef object _NO_OTHER = object()


def _identity(x):
    return x


def _contains(container, item):
    return item in container


cdef object _observed(Var v, object fn, object other, object outcome):
    # A decision on a Var's value (bool, a comparison, len): while wengert.jit records, it
    # is kept with its outcome, and a replay whose outcome differs records afresh.
    if v.tape.jit is not None:
        v.tape.jit.guard(fn, (v,) if other is _NO_OTHER else (v, other), outcome)
    return outcome



cdef object _arith(str name, object x, object y):
    # Arithmetic on Vars that is not float-with-float: the operator's rule, if registered
    # (a float subclass constant read as the operator on the Var's innermost value reads it,
    # so that every order of differentiation reads the same float: see operand_read)
    prim = _hooks.dict_get(_hooks.operators, name, None)
    if prim is not None:
        if type(x) is not Var:
            x = operand_read(y, x, True)
        elif type(y) is not Var:
            y = operand_read(x, y, False)
        return apply_rule(prim, (x, y), None)
    return _hooks.binary(name, x, y)


# -- float subclasses whose __float__ is not the float they store ---------------------------
# Python's arithmetic reads such a constant's stored value (3.0 ** k, as math does), NumPy its
# __float__ (np.multiply(3.0, k), np.hypot(3.0, k)): a rule gets the float its caller reads, so
# that its value and its gradient read the same one (the rules' own Python arithmetic read the
# stored value, their NumPy calls __float__: d/dx k ** x was k^x log(__float__(k)), d/dx
# np.hypot(x, k) x / hypot(x, stored k), while the value read the other). NumPy's own scalars
# (np.float64 and its subclasses) are read by NumPy and Python alike as their stored value:
# left alone. __float__ is called only where the plain computation calls it.

_Dual = None  # wengert._dual's Dual, registered by it (a Var's value may be one)


def register_dual(cls):
    """Let the float-subclass reading see through ``cls`` (wengert._dual's Dual) (internal)."""
    global _Dual
    _Dual = cls


cdef dict _numpy_scalar_types = {}  # type -> bool: each class's bases walked once


cdef bint _numpy_scalar_type(object t):
    # np.generic among t's bases, without importing NumPy (the tape knows nothing of it); cached:
    # np.float64's own __float__ sent every NumPy scalar argument of a ufunc on a Var here
    # (0.7 us a call walking its bases)
    cdef object known = _numpy_scalar_types.get(t)
    if known is None:
        known = any(c.__name__ == "generic" and c.__module__ == "numpy" for c in t.__mro__)
        _numpy_scalar_types[t] = known
    return known


cdef inline bint _relabelled(object a):
    cdef object t = type(a)
    return (t is not float and isinstance(a, float) and t.__float__ is not float.__float__
            and not _numpy_scalar_type(t))


cdef object _innermost(object v):
    # the plain value under any number of Vars and Duals
    while True:
        if type(v) is Var:
            v = (<Var>v).scalar if (<Var>v).is_scalar else (<Var>v).obj
        elif _Dual is not None and type(v) is _Dual:
            v = v.primal
        else:
            return v


def operand_read(v, c, reflected):
    """``c`` as the operator between the plain value under ``v`` (Vars, Duals) and ``c``
    (``c (op) v`` if ``reflected``) reads it, following Python's dispatch: a float subclass
    whose ``__float__`` is not its stored float becomes its stored float where Python's
    float (or int, complex) arithmetic runs, its ``__float__`` where NumPy's does; ``c``
    itself otherwise (internal)."""
    cdef object p, t
    if not _relabelled(c):
        return c
    p = _innermost(v)
    t = type(p)
    # float's method runs first when c is on the left (it takes any float and int), or when
    # p is a Python float, int or complex (whose methods read a float's stored value)
    if isinstance(p, int) or t is float or t is complex or (reflected and isinstance(p, float)):
        return float.__float__(c)
    return float(c)


cdef bint _holds_var(dict kwargs):
    cdef object v
    for v in kwargs.values():
        if type(v) is Var:
            return True
    return False


cdef object _numpy_reads(object args):
    cdef object a
    for a in args:
        if _relabelled(a):
            return tuple(float(b) if _relabelled(b) else b for b in args)
    return args


def numpy_reads(args):
    """``args`` (a tuple) with each float subclass whose ``__float__`` is not its stored float
    replaced by its ``__float__``, the number NumPy reads from it (internal)."""
    return _numpy_reads(args)


cdef object _unary(str name, object x):
    rule = _hooks.elementary.get(name)
    if rule is None:  # (this core loaded beside the other one, without wengert's rules: as _scalar's _numpy_rule)
        raise RuntimeError("wengert's compiled core was imported without wengert; import wengert first")
    return apply_rule(rule, (x,), None)


def make_var(Tape tape not None, Py_ssize_t index, value=None):
    """The Var of node ``index`` of ``tape``, holding ``value`` (used by the Python layer after
    a push). A scalar node's value is read from the tape; an object node's must be given
    unless the tape keeps values.
    """
    if tape.released or index < 0 or index >= tape.n_nodes:
        raise IndexError(f"node {index} is not on this tape ({tape.n_nodes} nodes)")
    if tape.flags[index] & DOUBLE_VALUE:
        return new_scalar(tape, index, tape.sval[index])
    if value is None:
        value = tape.obj_value[tape.slot[index]]
        if value is None:
            raise ValueError(f"node {index}: this tape does not keep values; pass make_var(tape, index, value)")
    cdef Var r = Var.__new__(Var)
    r.tape = tape
    r.index = index
    r.obj = value
    return r
