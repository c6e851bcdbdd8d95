"""Var, the handle on a tape node, and its arithmetic, in pure Python: the reference twin
of ``csrc/wengert/_var.pyx`` (with ``_var.pxd``'s inline helpers; internal: use
``wengert.*``).

Selected by ``WENGERT_PURE_PYTHON=1`` (see ``wengert._backend``). Same interface, same
behaviour, same errors as the compiled module; a change to ``_var.pyx`` changes this file
too. Where C and Python differ, the twin does what C does: ``pow`` below returns NaN or
infinity where ``math.pow`` would raise, and every division the compiled module does
unchecked (``cdivision``) has a nonzero denominator here too.

A Var is ``(tape, index)`` plus its value. When both operands of an arithmetic op are
Python floats (a scalar Var and a float or int constant, or two scalar Vars of the same
tape), the op is computed and recorded here with its local partials. Every other case
goes elsewhere: a registered operator or elementary rule to the primitive engine
(``wengert._engine_py``), a record field to the structured views (``wengert._views_py``),
and arrays, records, Vars of nested tapes, NumPy calls and other views to the Python slow
paths that ``wengert._dispatch`` installs (``wengert._hooks_py``). This module knows
nothing of NumPy.

Arithmetic on floats follows Python: ``x / 0.0`` raises ``ZeroDivisionError``,
``0.0 ** -1.0`` too, and a negative number to a fractional power raises ``ValueError``,
so that a function gives the same answer with and without a tape.
"""
import math
import operator
import sys
import threading

from . import _hooks_py as _hooks
from ._tape_py import (
    DOUBLE_VALUE, OP_ABS, OP_ADD, OP_ADD_CONST, OP_DIV, OP_DIV_CONST, OP_MUL, OP_MUL_CONST,
    OP_NEG, OP_POW, OP_POW_CONST, OP_RDIV_CONST, OP_RPOW_CONST, OP_RSUB_CONST, OP_SUB,
    OP_SUB_CONST, Tape, as_index,
)

NAN = float("nan")
INF = float("inf")
_DBL_MIN = sys.float_info.min  # (C's DBL_MIN: the smallest normal float)
_DBL_MAX = sys.float_info.max
_get_ident = threading.get_ident
_new = object.__new__


def _missing_apply(rule, args, kwargs):
    raise RuntimeError("wengert._var was imported without wengert._engine; import wengert first")


def _missing_field_view(var, name):
    raise RuntimeError("wengert._var was imported without wengert._views; import wengert first")


# Var reaches the engine and the views above it through these two, which those modules
# fill in when they are imported (wengert._backend imports them all), as in _var.pxd.
apply_rule = _missing_apply        # wengert._engine_py.apply: call a Rule, recording one node
field_view = _missing_field_view   # wengert._views_py: the view of a record field of var's value


def raise_not_live(v):
    """Raise the error for a Var whose tape is not live (internal)."""
    _hooks.check_live(v._tape, v)
    raise RuntimeError("wengert internal error: a Var's tape is not live but no error was raised")


def is_live(tape):
    """A tape records only while its runner runs, and only its own thread pushes it: in that
    thread, every recording tape is on the stack of open tapes (internal)."""
    return tape._recording and tape._owner == _get_ident()


def check_open(v):
    """Raise unless ``v``'s tape is live (internal)."""
    if not is_live(v._tape):
        raise_not_live(v)


def is_number(x):
    """A float or an int (internal). bool is excluded on purpose (type(True) is bool): it goes
    the slow way and stays a constant."""
    return type(x) is float or type(x) is int


def new_scalar(tape, index, value):
    """A Var of scalar node ``index`` holding the float ``value`` (internal)."""
    r = _new(Var)
    r._tape = tape
    r._index = index
    r._scalar = value
    r._obj = None
    r._is_scalar = True
    r._parts = None
    return r


def wrap(tape, index, value):
    """The Var of node ``index`` holding ``value``: a scalar Var for a float (internal)."""
    if type(value) is float:
        return new_scalar(tape, index, value)
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


def value_of(v):
    """The plain value of the Var ``v`` (internal)."""
    return v._scalar if v._is_scalar else v._obj


def push1(a, op, d, value, aux):
    """Record a scalar op of the scalar Var ``a`` with partial ``d`` (internal)."""
    check_open(a)
    return new_scalar(a._tape, a._tape.push_scalar1(op, a._index, d, value, aux), value)


def push2(a, b, op, da, db, value):
    """Record a scalar op of the scalar Vars ``a`` and ``b``, of one tape (internal)."""
    check_open(a)
    return new_scalar(a._tape, a._tape.push_scalar2(op, a._index, da, b._index, db, value), value)


def _same_scalar_tape(a, other):
    return type(other) is Var and other._is_scalar and other._tape is a._tape


# -- C's pow, which returns NaN or infinity where Python's math.pow raises -----------------

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


def _dpow_dexponent(x, y, value):
    # d/dy x**y = log(x) x**y; its limit at x = 0 is 0; for x < 0 it is not real. Where
    # x**y is subnormal or 0, (x**(y/2) log x) x**(y/2), rounded only in its last product:
    # log(x) times the rounded x**y was 1.1% off at x = 1e-170, y = 1.9 (-3.87e-321 for
    # -3.914e-321), as wengert.ops.elementwise.power_log
    if x > 0.0:
        if value < _DBL_MIN and math.isfinite(x) and math.isfinite(y):
            h = _c_pow(x, 0.5 * y)
            return (h * math.log(x)) * h
        return math.log(x) * value
    if x == 0.0:
        return 0.0
    return NAN


def _dpow_scaled(x, y, r):
    # y * r / x from the mantissas and exponents apart, the compiled _dpow_scaled's twin (math.ldexp raises where C's
    # overflows to the infinity of its sign)
    (my, ky), (mr, kr), (mx, kx) = math.frexp(y), math.frexp(r), math.frexp(x)
    m = (my * mr) / mx
    try:
        return math.ldexp(m, ky + kr - kx)
    except OverflowError:
        return math.copysign(math.inf, m)


def _dpow_dbase_at_infinity(x, y):
    # d/dx x**y at y = +-inf, the compiled twin's (see it in csrc/wengert/_var.pxd): sign(x) y |x|**y, 0 signed as y
    # where |x|**y vanishes
    p = _c_pow(math.fabs(x), y)
    return math.copysign(1.0, x) * (math.copysign(0.0, y) if p == 0.0 else y * p)


def _dpow_dbase(x, y, r):
    # d/dx x**y (r = x**y), the compiled _dpow_dbase's twin (see it in csrc/wengert/_var.pxd): y * x**(y-1), with
    # y * (r / x) or y - 1's rounding error added back where y - 1 rounds
    if y == 0.0:
        return 0.0
    if math.isinf(y):
        return _dpow_dbase_at_infinity(x, y)
    d = y - 1.0
    s = d - y
    e = (y - (d - s)) + (-1.0 - s)
    if e == 0.0 or not (math.isfinite(e) and x > 0.0 and math.isfinite(x)):
        q = y * _c_pow(x, d)
        if e != 0.0 and math.copysign(1.0, x) < 0.0 and math.isfinite(x) and math.isfinite(e):  # (see the twin)
            if e != math.floor(e):
                return y * _c_pow(0.0, d) if x == 0.0 else math.nan
            return -q if math.fmod(e, 2.0) != 0.0 else q
        if math.isinf(q) and x > 0.0 and math.isfinite(x) and _DBL_MIN <= r <= _DBL_MAX:
            return _dpow_scaled(x, y, r)
        return q
    q = r / x
    if _DBL_MIN <= r <= _DBL_MAX:
        if _DBL_MIN <= q <= _DBL_MAX:
            return y * q
        return _dpow_scaled(x, y, r)
    p = _c_pow(x, d)
    if not math.isfinite(p):
        return y * p
    return y * (p + p * (e * math.log(x)))


def _dpow_far(x, y, d):
    # Whether d = d/dx x**y left the normal range where the truth is a nonzero finite number: Var's and Dual's ** then
    # take NumPy's rule (one product with the cotangent or tangent), a replay records afresh; the compiled
    # _dpow_far's twin (see it in csrc/wengert/_var.pxd). Also a quotient's: d = 1 / y at (1, y), -x / y^2 at (x, y)
    return (not (_DBL_MIN <= math.fabs(d) <= _DBL_MAX) and x != 0.0 and y != 0.0 and math.isfinite(x)
            and math.isfinite(y))


def _dpow_dy_far(x, y, d):
    # Whether d = d/dy x**y = log(x) x**y left the normal range where the truth is a nonzero finite number (x positive,
    # finite and not 1, y finite): Var's and Dual's ** then take NumPy's rule, a replay records afresh; the compiled
    # _dpow_dy_far's twin (see it in csrc/wengert/_var.pxd)
    return not (_DBL_MIN <= math.fabs(d) <= _DBL_MAX) and x > 0.0 and x != 1.0 and math.isfinite(x) and math.isfinite(y)


def _scaled_quotient(t, x, y):
    # t x / y^2 with no intermediate out of the float range (t, x, y finite and nonzero): the mantissas' t x / y^2,
    # within [1/4, 4), scaled back by the exponents (0 or inf only where the result is): a quotient's partial times
    # its tangent where x / y or t x / y leaves the range (Dual's /). The compiled _scaled_quotient's twin
    mt, et = math.frexp(t)
    mx, ex = math.frexp(x)
    my, ey = math.frexp(y)
    m = mt * mx / my / my
    try:
        return math.ldexp(m, et + ex - 2 * ey)
    except OverflowError:
        return math.copysign(math.inf, m)


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
                        "not constructed directly; use wengert.stop_gradient(x) (alias wengert.const) for a constant")

    def __init_subclass__(cls, **kwargs):
        raise TypeError(f"type '{__name__}.Var' is not an acceptable base type")

    tape = property(lambda self: self._tape, doc="the tape this Var's node lives on")
    index = property(lambda self: self._index, doc="the node's index on that tape")
    is_scalar = property(lambda self: self._is_scalar, doc="the value is a Python float")

    @property
    def value(self):
        """The plain value of this Var (no gradient flows through it)."""
        value = self._scalar if self._is_scalar else self._obj
        if self._tape.jit is not None:  # a decision on the value: wengert.jit keeps it as a guard
            self._tape.jit.guard(_identity, (self,), value)
        return value

    @property  # type: ignore[misc]  # (read-only: object's __class__ is settable, a Var's is never set)
    def __class__(self):
        # isinstance(v, float) reads it where the type check fails: in a plain call's recording
        # of wengert.jit, the function's own code gets its value's type (jit._Recorder.class_of)
        if self._tape.jit is not None:
            return self._tape.jit.class_of(self, sys._getframe(1))
        return Var

    def __repr__(self):
        state = "" if self._tape._recording else ", closed"
        return f"Var({self.value!r}, node={self._index}{state})"

    def __format__(self, spec):
        return _observed(self, format, spec, format(value_of(self), spec))

    def __reduce__(self):
        raise TypeError("a Var cannot be pickled or copied: it belongs to a running tape. "
                        "Pickle var.value instead")

    # -- arithmetic: float fast path, else the NumPy op tables ----------------------

    def __add__(self, other):
        if self._is_scalar:
            if _same_scalar_tape(self, other):
                return push2(self, other, OP_ADD, 1.0, 1.0, self._scalar + other._scalar)
            if is_number(other):
                c = float(other)
                return push1(self, OP_ADD_CONST, 1.0, self._scalar + c, c)
        return _arith("add", self, other)

    def __radd__(self, other):
        if self._is_scalar and is_number(other):
            c = float(other)
            return push1(self, OP_ADD_CONST, 1.0, c + self._scalar, c)
        return _arith("add", other, self)

    def __sub__(self, other):
        if self._is_scalar:
            if _same_scalar_tape(self, other):
                return push2(self, other, OP_SUB, 1.0, -1.0, self._scalar - other._scalar)
            if is_number(other):
                c = float(other)
                return push1(self, OP_SUB_CONST, 1.0, self._scalar - c, c)
        return _arith("subtract", self, other)

    def __rsub__(self, other):
        if self._is_scalar and is_number(other):
            c = float(other)
            return push1(self, OP_RSUB_CONST, -1.0, c - self._scalar, c)
        return _arith("subtract", other, self)

    def __mul__(self, other):
        if self._is_scalar:
            a = self._scalar
            if _same_scalar_tape(self, other):
                b = other._scalar
                return push2(self, other, OP_MUL, b, a, a * b)
            if is_number(other):
                c = float(other)
                return push1(self, OP_MUL_CONST, c, a * c, c)
        return _arith("multiply", self, other)

    def __rmul__(self, other):
        if self._is_scalar and is_number(other):
            c = float(other)
            return push1(self, OP_MUL_CONST, c, c * self._scalar, c)
        return _arith("multiply", other, self)

    def __truediv__(self, other):
        if self._is_scalar:
            a = self._scalar
            if _same_scalar_tape(self, other):
                b = other._scalar
                q = _checked_div(a, b)
                d0, d1 = 1.0 / b, -q / b
                # (a partial out of range, 1 / y or -x / y^2: NumPy's rule forms g / y, -g x / y^2; see _dpow_far.
                # Also q = x / y: subnormal, -q / y has lost its bits, normal or not)
                if not (_dpow_far(1.0, b, d0) or _dpow_far(a, b, d1) or _dpow_far(a, b, q)):
                    return push2(self, other, OP_DIV, d0, d1, q)
            elif is_number(other):
                c = float(other)
                q = _checked_div(a, c)
                d0 = 1.0 / c
                if not _dpow_far(1.0, c, d0):
                    return push1(self, OP_DIV_CONST, d0, q, c)
        return _arith("true_divide", self, other)

    def __rtruediv__(self, other):
        if self._is_scalar and is_number(other):
            c = float(other)
            a = self._scalar
            q = _checked_div(c, a)
            d = -q / a
            if not (_dpow_far(c, a, d) or _dpow_far(c, a, q)):
                return push1(self, OP_RDIV_CONST, d, q, c)
        return _arith("true_divide", other, self)

    def __pow__(self, other, modulo=None):
        if modulo is not None:
            raise TypeError("pow(x, y, modulo) is not differentiable; use pow(x, y)")
        if self._is_scalar:
            a = self._scalar
            if _same_scalar_tape(self, other):
                b = other._scalar
                r = _checked_pow(a, b)
                d, e = _dpow_dbase(a, b, r), _dpow_dexponent(a, b, r)
                if not (a > 0.0 and (_dpow_far(a, b, d) or _dpow_dy_far(a, b, e))):  # (x < 0: NaN in y, NumPy's warns)
                    return push2(self, other, OP_POW, d, e, r)
            elif is_number(other):
                c = float(other)
                r = _checked_pow(a, c)
                d = _dpow_dbase(a, c, r)
                if not _dpow_far(a, c, d):
                    return push1(self, OP_POW_CONST, d, r, c)
        return _arith("power", self, other)

    def __rpow__(self, other, modulo=None):
        if modulo is not None:
            raise TypeError("pow(x, y, modulo) is not differentiable; use pow(x, y)")
        if self._is_scalar and is_number(other):
            c = float(other)
            r = _checked_pow(c, self._scalar)
            d = _dpow_dexponent(c, self._scalar, r)
            if not _dpow_dy_far(c, self._scalar, d):  # (a partial out of range: NumPy's rule, see _dpow_dy_far)
                return push1(self, OP_RPOW_CONST, d, r, c)
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
            return push1(self, OP_NEG, -1.0, -self._scalar, NAN)
        return _unary("negative", self)

    def __pos__(self):
        if self._is_scalar:
            return self  # (a number: immutable, nothing to copy)
        return _unary("positive", self)  # (NumPy's +x: a new array, not x itself, and a NumPy scalar for a 0-d one)

    def __abs__(self):
        if self._is_scalar:
            x = self._scalar
            if x != 0.0:  # (at the kink the NumPy rule: it refuses an infinite cotangent there, which the C sweep can't)
                return push1(self, OP_ABS, float((x > 0.0) - (x < 0.0)), abs(x), NAN)
        return _unary("absolute", self)

    # -- values, not gradients: comparisons, truth, conversions ---------------------

    def __lt__(self, other):
        return _observed(self, operator.lt, other, value_of(self) < _plain(other))

    def __le__(self, other):
        return _observed(self, operator.le, other, value_of(self) <= _plain(other))

    def __gt__(self, other):
        return _observed(self, operator.gt, other, value_of(self) > _plain(other))

    def __ge__(self, other):
        return _observed(self, operator.ge, other, value_of(self) >= _plain(other))

    def __eq__(self, other):
        return _observed(self, operator.eq, other, value_of(self) == _plain(other))

    def __ne__(self, other):
        return _observed(self, operator.ne, other, value_of(self) != _plain(other))

    __hash__ = None  # type: ignore[assignment]  # value equality, as for NumPy arrays

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

    def __reversed__(self):
        return reversed(list(_hooks.iterate(self)))

    def __getitem__(self, key):
        return _hooks.get_item(self, key)

    def __setitem__(self, key, item):
        raise TypeError(
            "Vars are immutable: x[i] = y cannot be recorded. Build a new value instead: "
            "x.at[i].set(y) for arrays (as in JAX; also .add, .multiply, .min, .max...), "
            "wengert.set_var(x, i, y) for records and containers")

    def __delitem__(self, key):  # what Cython makes of a class with __setitem__ only
        raise NotImplementedError(f"Subscript deletion not supported by {__name__}.Var")

    def __getattr__(self, name):
        # The common case first: a field of a dataclass or named tuple (backprop's ^^.).
        if not self._is_scalar:
            fields = _hooks.fields_of(type(self._obj))
            if fields is not None and name in fields:
                return field_view(self, name)
        return _hooks.get_attribute(self, name)

    # -- NumPy dispatch -------------------------------------------------------------

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if not kwargs and method == "__call__":
            prim = _hooks.rules.get(ufunc)
            if prim is not None:
                return apply_rule(prim, numpy_reads(inputs), None)
        return _hooks.array_ufunc(ufunc, method, numpy_reads(inputs), kwargs)

    def __array_function__(self, func, types, args, kwargs):
        prim = _hooks.rules.get(func)
        # (out= is refused on the slow path; a Var keyword is bound to its position there: np.linalg.solve(a, b=b))
        if prim is not None and "out" not in kwargs and not any(type(v) is Var for v in kwargs.values()):
            for a in args:
                if type(a) is Var:
                    return apply_rule(prim, numpy_reads(args), kwargs)
        return _hooks.array_function(func, types, args, kwargs)


def _plain(x):
    if type(x) is Var:
        return value_of(x)
    return x


_NO_OTHER = object()


def _identity(x):
    return x


def _contains(container, item):
    return item in container


def _observed(v, fn, other, outcome):
    # A decision on a Var's value (bool, a comparison, len): while wengert.jit records, it
    # is kept with its outcome, and a replay whose outcome differs records afresh.
    if v._tape.jit is not None:
        v._tape.jit.guard(fn, (v,) if other is _NO_OTHER else (v, other), outcome)
    return outcome


def _arith(name, x, y):
    # Arithmetic on Vars that is not float-with-float: the operator's rule, if registered
    # (a float subclass constant read as the operator on the Var's innermost value reads it,
    # so that every order of differentiation reads the same float: see operand_read)
    prim = _hooks.operators.get(name)
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


_numpy_scalar_types: dict = {}  # type -> bool: each class's bases walked once


def _numpy_scalar_type(t):
    # np.generic among t's bases, without importing NumPy (the tape knows nothing of it); cached:
    # np.float64's own __float__ sent every NumPy scalar argument of a ufunc on a Var here
    known = _numpy_scalar_types.get(t)
    if known is None:
        known = any(c.__name__ == "generic" and c.__module__ == "numpy" for c in t.__mro__)
        _numpy_scalar_types[t] = known
    return known


def _relabelled(a):
    t = type(a)
    return (t is not float and isinstance(a, float) and t.__float__ is not float.__float__
            and not _numpy_scalar_type(t))


def _innermost(v):
    # the plain value under any number of Vars and Duals
    while True:
        if type(v) is Var:
            v = v._scalar if v._is_scalar else v._obj
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
    if not _relabelled(c):
        return c
    p = _innermost(v)
    t = type(p)
    # float's method runs first when c is on the left (it takes any float and int), or when
    # p is a Python float, int or complex (whose methods read a float's stored value)
    if isinstance(p, int) or t is float or t is complex or (reflected and isinstance(p, float)):
        return float.__float__(c)
    return float(c)


def numpy_reads(args):
    """``args`` (a tuple) with each float subclass whose ``__float__`` is not its stored float
    replaced by its ``__float__``, the number NumPy reads from it (internal)."""
    for a in args:
        if _relabelled(a):
            return tuple(float(b) if _relabelled(b) else b for b in args)
    return args


def _unary(name, x):
    rule = _hooks.elementary.get(name)
    if rule is None:  # (this core loaded beside the other one, without wengert's rules: as _scalar's _numpy_rule)
        raise RuntimeError("wengert's compiled core was imported without wengert; import wengert first")
    return apply_rule(rule, (x,), None)


def check_tape(tape):
    """Raise TypeError unless ``tape`` is a Tape (a compiled argument typed ``Tape tape not
    None``; internal)."""
    if type(tape) is not Tape:
        raise TypeError(f"Argument 'tape' has incorrect type (expected {Tape.__module__}.Tape, "
                        f"got {type(tape).__name__})")


def check_var(v, what):
    """Raise TypeError unless ``v`` is a Var (an argument typed ``Var``; internal)."""
    if type(v) is not Var:
        raise TypeError(f"Argument '{what}' has incorrect type (expected {__name__}.Var, "
                        f"got {type(v).__name__})")


def make_var(tape, index, value=None):
    """The Var of node ``index`` of ``tape``, holding ``value`` (used by the Python layer after
    a push). A scalar node's value is read from the tape; an object node's must be given
    unless the tape keeps values.
    """
    check_tape(tape)
    index = as_index(index)
    if tape._released or index < 0 or index >= tape._n_nodes:
        raise IndexError(f"node {index} is not on this tape ({tape._n_nodes} nodes)")
    if tape._flags[index] & DOUBLE_VALUE:
        return new_scalar(tape, index, tape._sval[index])
    if value is None:
        value = tape._obj_value[tape._slot[index]]
        if value is None:
            raise ValueError(f"node {index}: this tape does not keep values; pass make_var(tape, index, value)")
    return _new_object(tape, index, value)  # (a float given for an object node stays one)
