"""The scalar op table and the elementary functions it drives: wengert.exp, log, sin,
cos, tan, tanh, sqrt and logistic (internal; use ``wengert.*``).

Each function is one row of the table (``_OPS``, declared in ``_scalar.pxd``): its op code
on the tape, the C function computing it, its derivative as a function of ``x`` and the
answer (written once here; a replay of the tape reads the same row), and its domain. One
mechanism, ``_call``, serves them all: on a float or a scalar Var the function is computed
(and recorded with its local partial) in C; anything else (arrays, Vars holding arrays,
Vars of outer tapes) goes to the function's NumPy rule through the primitive engine.

They follow Python's ``math`` module on floats: ``log(0.0)`` raises ``ValueError``,
``exp(1000.0)`` raises ``OverflowError``, so that a function gives the same answer with
and without a tape.
"""
cimport cython
from libc.math cimport INFINITY, NAN, isfinite
from libc.math cimport cos as c_cos, exp as c_exp, log as c_log, sin as c_sin
from libc.math cimport sqrt as c_sqrt, tan as c_tan, tanh as c_tanh

cimport wengert._hooks as _hooks
from wengert._dual cimport Dual, scalar_dual
from wengert._engine cimport Rule, apply
from wengert._tape cimport (
    OP_COS, OP_EXP, OP_LOG, OP_LOGISTIC, OP_SIN, OP_SQRT, OP_TAN, OP_TANH,
)
from wengert._var cimport Var, is_number, push1


# -- the functions on a double and their derivatives ------------------------------------

cdef double _exp(double x) noexcept nogil:
    return c_exp(x)

cdef double _log(double x) noexcept nogil:
    return c_log(x)

cdef double _sin(double x) noexcept nogil:
    return c_sin(x)

cdef double _cos(double x) noexcept nogil:
    return c_cos(x)

cdef double _tan(double x) noexcept nogil:
    return c_tan(x)

cdef double _tanh(double x) noexcept nogil:
    return c_tanh(x)

cdef double _sqrt(double x) noexcept nogil:
    return c_sqrt(x)

cdef double _logistic(double x) noexcept nogil:
    # 1 / (1 + exp(-x)) without overflow: exp of a negative number only.
    cdef double e
    if x >= 0.0:
        return 1.0 / (1.0 + c_exp(-x))
    e = c_exp(x)
    return e / (1.0 + e)


@cython.cdivision(True)
cdef double _d_exp(double x, double ans) noexcept nogil:
    return ans

@cython.cdivision(True)
cdef double _d_log(double x, double ans) noexcept nogil:
    return 1.0 / x

@cython.cdivision(True)
cdef double _d_sin(double x, double ans) noexcept nogil:
    return c_cos(x)

@cython.cdivision(True)
cdef double _d_cos(double x, double ans) noexcept nogil:
    return -c_sin(x)

@cython.cdivision(True)
cdef double _d_tan(double x, double ans) noexcept nogil:
    return 1.0 + ans * ans

@cython.cdivision(True)
cdef double _d_tanh(double x, double ans) noexcept nogil:
    return 1.0 - ans * ans

@cython.cdivision(True)
cdef double _d_sqrt(double x, double ans) noexcept nogil:
    return 0.5 / ans if ans != 0.0 else INFINITY  # +inf at -0.0 too

@cython.cdivision(True)
cdef double _d_logistic(double x, double ans) noexcept nogil:
    return ans * (1.0 - ans)


# -- the table ----------------------------------------------------------------------------

cdef enum:
    _N_OPS = 8

cdef ScalarOp _OPS[_N_OPS]
#                    op code       function    derivative    domain
_OPS[0] = ScalarOp(OP_EXP,      _exp,       _d_exp,       NO_OVERFLOW)
_OPS[1] = ScalarOp(OP_LOG,      _log,       _d_log,       POSITIVE)
_OPS[2] = ScalarOp(OP_SIN,      _sin,       _d_sin,       ANY_FLOAT)
_OPS[3] = ScalarOp(OP_COS,      _cos,       _d_cos,       ANY_FLOAT)
_OPS[4] = ScalarOp(OP_TAN,      _tan,       _d_tan,       ANY_FLOAT)
_OPS[5] = ScalarOp(OP_TANH,     _tanh,      _d_tanh,      ANY_FLOAT)
_OPS[6] = ScalarOp(OP_SQRT,     _sqrt,      _d_sqrt,      NONNEGATIVE)
_OPS[7] = ScalarOp(OP_LOGISTIC, _logistic,  _d_logistic,  ANY_FLOAT)


cdef const ScalarOp* scalar_op(int op) noexcept nogil:
    cdef int k
    for k in range(_N_OPS):
        if _OPS[k].op == op:
            return &_OPS[k]
    return NULL


cdef bint outside_domain(const ScalarOp* f, double x, double ans) noexcept nogil:
    if f.domain == POSITIVE:
        return x <= 0.0  # (NaN is in the domain: log(nan) is nan, as math.log gives)
    if f.domain == NONNEGATIVE:
        return x < 0.0
    if f.domain == NO_OVERFLOW:
        return not isfinite(ans) and isfinite(x)
    return False


cdef double _checked(const ScalarOp* f, double x) except? -1.0:
    cdef double ans
    if f.domain == POSITIVE or f.domain == NONNEGATIVE:
        if outside_domain(f, x, 0.0):
            raise ValueError("math domain error")
        return f.forward(x)
    ans = f.forward(x)
    if outside_domain(f, x, ans):
        raise OverflowError("math range error")
    return ans


cdef object _call(const ScalarOp* f, str name, object x):
    # The one mechanism: a scalar Var records a node with its partial, a number is computed,
    # anything else goes to the function's NumPy rule.
    cdef double a, ans
    if type(x) is Var and (<Var>x).is_scalar:
        a = (<Var>x).scalar
        ans = _checked(f, a)
        return push1(<Var>x, f.op, f.partial(a, ans), ans, NAN)
    if type(x) is Dual and (<Dual>x).scalar:  # forward mode on a float: the same row, in C
        a = (<Dual>x).p
        ans = _checked(f, a)
        return scalar_dual(ans, f.partial(a, ans) * (<Dual>x).t, (<Dual>x).tag)
    if is_number(x):
        return _checked(f, <double>x)
    return apply(<Rule>_hooks.elementary[name], (x,), None)


# -- the elementary functions, each a row of the table -----------------------------------

def exp(x):
    """Exponential of a float, scalar Var, array or array Var.

    >>> import wengert as wg
    >>> wg.exp(0.0)
    1.0
    """
    return _call(&_OPS[0], "exp", x)


def log(x):
    """Natural logarithm (``ValueError`` for a float ``x <= 0``, as ``math.log``).

    >>> import wengert as wg
    >>> wg.log(1.0)
    0.0
    """
    return _call(&_OPS[1], "log", x)


def sin(x):
    """Sine.

    >>> import wengert as wg
    >>> wg.sin(0.0)
    0.0
    """
    return _call(&_OPS[2], "sin", x)


def cos(x):
    """Cosine.

    >>> import wengert as wg
    >>> wg.cos(0.0)
    1.0
    """
    return _call(&_OPS[3], "cos", x)


def tan(x):
    """Tangent.

    >>> import wengert as wg
    >>> wg.tan(0.0)
    0.0
    """
    return _call(&_OPS[4], "tan", x)


def tanh(x):
    """Hyperbolic tangent.

    >>> import wengert as wg
    >>> wg.tanh(0.0)
    0.0
    """
    return _call(&_OPS[5], "tanh", x)


def sqrt(x):
    """Square root (``ValueError`` for a negative float, as ``math.sqrt``).

    >>> import wengert as wg
    >>> wg.sqrt(4.0)
    2.0
    """
    return _call(&_OPS[6], "sqrt", x)


def logistic(x):
    """The logistic sigmoid ``1 / (1 + exp(-x))``, computed without overflow.

    >>> import wengert as wg
    >>> wg.logistic(0.0)
    0.5
    """
    return _call(&_OPS[7], "logistic", x)
