"""The elementary functions wengert.exp, log, sin, cos, tan, tanh, sqrt and logistic
(internal; use ``wengert.*``).

On a float or a scalar Var each is computed (and recorded, with its local partial) here
in C; anything else (arrays, Vars holding arrays, Vars of outer tapes) goes to the
function's NumPy rule through the primitive engine.

They follow Python's ``math`` module on floats: ``log(0.0)`` raises ``ValueError``,
``exp(1000.0)`` raises ``OverflowError``, so that a function gives the same answer with
and without a tape.
"""
from libc.math cimport NAN, isfinite
from libc.math cimport cos as c_cos, exp as c_exp, log as c_log, sin as c_sin
from libc.math cimport sqrt as c_sqrt, tan as c_tan, tanh as c_tanh

cimport wengert._hooks as _hooks
from wengert._engine cimport Rule, apply
from wengert._tape cimport (
    OP_COS, OP_EXP, OP_LOG, OP_LOGISTIC, OP_SIN, OP_SQRT, OP_TAN, OP_TANH,
)
from wengert._var cimport Var, is_number, push1


cdef object _unary(str name, object x):
    return apply(<Rule>_hooks.elementary[name], (x,), None)


cdef inline double _logistic(double x) noexcept:
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
        return push1(x, OP_EXP, v, v, NAN)
    if is_number(x):
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
        return push1(x, OP_LOG, 1.0 / a, _checked_log(a), NAN)
    if is_number(x):
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
        return push1(x, OP_SIN, c_cos(a), c_sin(a), NAN)
    if is_number(x):
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
        return push1(x, OP_COS, -c_sin(a), c_cos(a), NAN)
    if is_number(x):
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
        return push1(x, OP_TAN, 1.0 + t * t, t, NAN)
    if is_number(x):
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
        return push1(x, OP_TANH, 1.0 - t * t, t, NAN)
    if is_number(x):
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
        return push1(x, OP_SQRT, 0.5 / r if r != 0.0 else float("inf"), r, NAN)
    if is_number(x):
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
        return push1(x, OP_LOGISTIC, s * (1.0 - s), s, NAN)
    if is_number(x):
        return _logistic(<double>x)
    return _unary("logistic", x)
