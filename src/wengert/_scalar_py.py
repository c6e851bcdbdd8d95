"""The elementary functions wengert.exp, log, sin, cos, tan, tanh, sqrt and logistic in pure
Python: the reference twin of ``csrc/wengert/_scalar.pyx`` (internal; use ``wengert.*``).

On a float or a scalar Var each is computed (and recorded, with its local partial) here;
anything else (arrays, Vars holding arrays, Vars of outer tapes) goes to the function's
NumPy rule through the primitive engine. The libm functions are C's: ``sin``, ``cos``
and ``tan`` give NaN at the infinities, where ``math`` raises. A change to
``_scalar.pyx`` changes this file too.

They follow Python's ``math`` module on floats: ``log(0.0)`` raises ``ValueError``,
``exp(1000.0)`` raises ``OverflowError``, so that a function gives the same answer with
and without a tape.
"""
import math

from . import _hooks_py as _hooks
from ._dual_py import Dual, scalar_dual
from ._engine_py import apply
from ._tape_py import (
    OP_COS, OP_EXP, OP_LOG, OP_LOGISTIC, OP_SIN, OP_SQRT, OP_TAN, OP_TANH, as_double,
)
from ._var_py import Var, is_number, push1

NAN = float("nan")
INF = float("inf")


def _unary(name, x):
    if type(x) is Dual and x.scalar:  # forward mode on a float: the function and its partial
        a = x.primal
        ans = globals()[name](a)  # the float path below, domain errors included
        return scalar_dual(ans, _DUAL_PARTIALS[name](a, ans) * x.tangent, x.tag)
    return apply(_hooks.elementary[name], (x,), None)


def _c_unary(f):
    """C's ``f`` (sin, cos, tan): NaN at the infinities, where ``math`` raises."""
    def call(x):
        return NAN if math.isinf(x) else f(x)
    call.__name__ = f.__name__
    return call


_c_sin, _c_cos, _c_tan = _c_unary(math.sin), _c_unary(math.cos), _c_unary(math.tan)


#: d ans / d x from x and ans, as the compiled table's rows (forward mode on floats)
_DUAL_PARTIALS = {
    "exp": lambda x, ans: ans,
    "log": lambda x, ans: 1.0 / x,
    "sin": lambda x, ans: _c_cos(x),
    "cos": lambda x, ans: -_c_sin(x),
    "tan": lambda x, ans: 1.0 + ans * ans,
    "tanh": lambda x, ans: 1.0 - ans * ans,
    "sqrt": lambda x, ans: 0.5 / ans if ans != 0.0 else INF,
    "logistic": lambda x, ans: ans * (1.0 - ans),
}


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


# -- elementary functions: floats and scalar Vars here, everything else via NumPy ----

def exp(x):
    """Exponential of a float, scalar Var, array or array Var.

    >>> import wengert as wg
    >>> wg.exp(0.0)
    1.0
    """
    if type(x) is Var and x._is_scalar:
        v = _checked_exp(x._scalar)
        return push1(x, OP_EXP, v, v, NAN)
    if is_number(x):
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
        return push1(x, OP_LOG, 1.0 / a, r, NAN)
    if is_number(x):
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
        return push1(x, OP_SIN, _c_cos(a), _c_sin(a), NAN)
    if is_number(x):
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
        return push1(x, OP_COS, -_c_sin(a), _c_cos(a), NAN)
    if is_number(x):
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
        return push1(x, OP_TAN, 1.0 + t * t, t, NAN)
    if is_number(x):
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
        return push1(x, OP_TANH, 1.0 - t * t, t, NAN)
    if is_number(x):
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
        return push1(x, OP_SQRT, 0.5 / r if r != 0.0 else INF, r, NAN)
    if is_number(x):
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
        return push1(x, OP_LOGISTIC, s * (1.0 - s), s, NAN)
    if is_number(x):
        return _logistic(as_double(x))
    return _unary("logistic", x)
