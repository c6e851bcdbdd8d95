"""The elementary functions wengert.exp, log, sin, ... in pure Python: the reference twin of
the compiled ``wengert._scalar`` (generated from ``csrc/wengert/_scalar.pyx.tp``), built at
import from the same table, ``wengert._elementary`` (internal; use ``wengert.*``).

On a float or a scalar Var each is computed (and recorded, with its local partial) here;
anything else (arrays, Vars holding arrays, Vars of outer tapes) goes to the function's
NumPy rule through the primitive engine. The expressions of the table are computed as C
computes them: ``math``'s functions give NaN where ``math`` raises ValueError and libm
gives NaN (``sin(inf)``), a division by zero gives an infinity or NaN.

They follow Python's ``math`` module on floats: ``log(0.0)`` raises ``ValueError``,
``exp(1000.0)`` raises ``OverflowError``, so that a function gives the same answer with
and without a tape.
"""
import math

from numpy import generic

from . import _hooks_py as _hooks
from ._dual_py import Dual, scalar_dual
from ._elementary import ELEMENTARY, FUNCTIONS, compile_expression, docstring, scalar_partial, value_functions
from ._engine_py import apply
from ._tape_py import OP_ELEMENTARY, as_double, times_partial
from ._var_py import Var, is_number, push1

NAN = float("nan")
INF = float("inf")


def _libm(f):
    """C's ``f``: NaN where ``math`` raises ValueError (``sin(inf)``, ``log(-1.0)``)."""
    def call(x):
        try:
            return f(x)
        except ValueError:
            return NAN
    call.__name__ = f.__name__
    return call


def _logistic(x):
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _hypot1(x):
    a = math.fabs(x)
    if a < 134217728.0:  # 2^27: above, 1 + x * x rounds to x * x
        return math.sqrt(1.0 + a * a)
    return a


def _divide(a, b):
    """C's ``a / b`` on doubles: an infinity or NaN where Python raises ZeroDivisionError."""
    if b != 0.0:
        return a / b
    if a != a or a == 0.0:
        return NAN
    return math.copysign(INF, a) * math.copysign(1.0, b)


#: The functions the table's expressions call, computed as C's libm does.
LIBM = {name: _libm(getattr(math, name)) for name in FUNCTIONS}
LIBM["logistic"] = _logistic
LIBM["hypot1"] = _hypot1


class ScalarOp:
    """One row of the scalar op table (``_scalar.pxd``'s ScalarOp): its op code, the function,
    its partial ``(x, ans) -> d ans / d x``, where it raises."""
    __slots__ = ("op", "name", "forward", "partial", "domain_error", "overflows", "far")

    def __init__(self, k, row):
        self.op, self.name, self.overflows = OP_ELEMENTARY + k, row.name, row.overflows
        self.forward = compile_expression(row.value, ("x",), LIBM, _divide, value_functions())
        self.partial = compile_expression(scalar_partial(row), ("x", "ans"), LIBM, _divide, value_functions(),
                                          conditional=True)
        self.domain_error = (None if row.domain_error is None
                             else compile_expression(row.domain_error, ("x",), LIBM, _divide))
        # (where the NumPy rule forms g * partial apart: see _elementary's far)
        self.far = None if row.far is None else compile_expression(row.far, ("x", "ans"), LIBM, _divide)


_OPS = tuple(ScalarOp(k, row) for k, row in enumerate(ELEMENTARY))
#: The functions of the table, in op-code order.
NAMES = tuple(row.name for row in ELEMENTARY)
#: name -> op code of its scalar nodes on the tape
OP_CODES = {f.name: f.op for f in _OPS}


def scalar_op(op):
    """The row of an op code, or None."""
    k = op - OP_ELEMENTARY
    return _OPS[k] if 0 <= k < len(_OPS) else None


def checked(f, x):
    """``f`` at the float ``x``, raising where Python's ``math`` module does."""
    if f.domain_error is not None and f.domain_error(x):
        raise ValueError("math domain error")
    ans = f.forward(x)  # (math's own OverflowError("math range error") where it overflows)
    if f.overflows and math.isinf(ans) and math.isfinite(x):
        raise OverflowError("math range error")
    return ans


def _numpy_rule(f, x):
    # the row's NumPy rule, registered once wengert's rules are imported (not where this core is loaded beside the
    # compiled one: the same error as the twin's other slow paths there)
    rule = _hooks.elementary.get(f.name)
    if rule is None:
        raise RuntimeError("wengert's compiled core was imported without wengert; import wengert first")
    return apply(rule, (x,), None)


def _call(f, x):
    if type(x) is Var and x._is_scalar:
        a = x._scalar
        ans = checked(f, a)
        if f.far is not None and f.far(a, ans):  # (the NumPy rule forms g * partial apart: see _elementary's far)
            return _numpy_rule(f, x)
        return push1(x, f.op, f.partial(a, ans), ans, NAN)
    if type(x) is Dual and x.scalar:  # forward mode on a float: the same row
        a = x.primal
        ans = checked(f, a)
        if f.far is not None and f.far(a, ans):
            return _numpy_rule(f, x)
        # (a structural zero tangent adds nothing where the partial is infinite: sqrt at 0; a
        # live one, 3 x^2 at 0 in cbrt(x^3), gives NaN, and a nonzero one times a partial that
        # vanishes gives a live zero: see Dual)
        t = x.tangent
        live = x.live is not None
        out = times_partial(t, f.partial(a, ans), live)
        return scalar_dual(ans, out, x.tag, True if out == 0.0 and (t != 0.0 or live) else None)
    if is_number(x):
        return checked(f, as_double(x))
    if isinstance(x, (float, int)) and not isinstance(x, generic):
        # a subclass (an IntEnum member, a bool, a float enum's member) is the number it
        # stands for, as for math.exp: a float subclass the float it stores, an int subclass
        # its __float__ (math.log's ints: the row's int_value, above); NumPy's float64 (a
        # float subclass) and its own subclasses keep NumPy's rule
        return checked(f, as_double(x))
    return apply(_hooks.elementary[f.name], (x,), None)


def _function(f, row):
    def elementary(x):
        if row.int_value and isinstance(x, int) and not isinstance(x, generic):  # (math's int path)
            return getattr(math, f.name)(x)
        return _call(f, x)
    elementary.__name__ = elementary.__qualname__ = f.name
    elementary.__doc__ = docstring(row)
    elementary.__module__ = __name__
    return elementary


# -- the elementary functions, each a row of the table -------------------------------------
globals().update({f.name: _function(f, row) for f, row in zip(_OPS, ELEMENTARY)})
