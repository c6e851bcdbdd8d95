# Declarations of Var, the handle on a tape node, and the helpers that make and push scalar
# Vars; cimported by the primitive engine (_engine), the structured views (_views) and the
# elementary functions (_scalar).
#
# Var's slow paths reach the modules above it through two function pointers, which those
# modules fill in when they are imported (wengert._backend imports them all): Var needs
# them, and they need Var, so that a cimport in each direction would be a cycle.
cimport cython
from cpython.pythread cimport PyThread_get_thread_ident

from libc.float cimport DBL_MAX, DBL_MIN
from libc.math cimport NAN, copysign, fabs, floor, fmod, frexp, isfinite, isinf, ldexp, log, pow, signbit

from wengert._tape cimport DOUBLE_VALUE, Tape


@cython.final
cdef class Var:
    cdef readonly Tape tape          # the tape this Var's node lives on
    cdef readonly Py_ssize_t index   # the node's index on that tape
    cdef double scalar               # the value, when is_scalar
    cdef object obj                  # the value, when not is_scalar
    cdef readonly bint is_scalar     # the value is a Python float kept in C
    cdef dict parts                  # an argument's structured value: its part leaves by key, else None
    cdef object __weakref__          # weak references are allowed (to watch lifetimes)


ctypedef object (*ApplyFunction)(object rule, tuple args, dict kwargs)
ctypedef object (*FieldViewFunction)(Var var, str name)
cdef ApplyFunction apply_rule        # wengert._engine.apply: call a Rule, recording one node
cdef FieldViewFunction field_view    # wengert._views: the view of a record field of var's value

cdef int raise_not_live(Var v) except -1  # raises the error for a Var whose tape is not live


cdef inline bint is_live(Tape tape):
    # A tape records only while its runner runs, and only its own thread pushes it: in that
    # thread, every recording tape is on the stack of open tapes.
    return tape.recording and tape.owner == PyThread_get_thread_ident()


cdef inline int check_open(Var v) except -1:
    if not is_live(v.tape):
        raise_not_live(v)
    return 0


cdef inline bint is_number(object x):
    # bool is excluded on purpose (type(True) is bool): it goes the slow way and stays a constant.
    return type(x) is float or type(x) is int


cdef inline Var new_scalar(Tape tape, Py_ssize_t index, double value):
    cdef Var r = Var.__new__(Var)
    r.tape = tape
    r.index = index
    r.scalar = value
    r.is_scalar = True
    return r


cdef inline Var wrap(Tape tape, Py_ssize_t index, object value):
    if type(value) is float:
        return new_scalar(tape, index, <double>value)
    cdef Var r = Var.__new__(Var)
    r.tape = tape
    r.index = index
    r.obj = value
    return r


cdef inline object value_of(Var v):
    return v.scalar if v.is_scalar else v.obj


cdef inline Var push1(Var a, int op, double d, double value, double aux):
    check_open(a)
    return new_scalar(a.tape, a.tape.push_scalar1(op, a.index, d, value, aux), value)


cdef inline Var push2(Var a, Var b, int op, double da, double db, double value):
    check_open(a)
    return new_scalar(a.tape, a.tape.push_scalar2(op, a.index, da, b.index, db, value), value)


# Python's float ** float on doubles, with its errors (0 ** negative, negative ** fraction,
# overflow), and its two partial derivatives: scalar Vars here, scalar Duals (_dual) too.
cdef double _checked_pow(double x, double y) except? -1.0
cdef object _numpy_reads(object args)


cdef inline double _dpow_scaled(double x, double y, double r) noexcept nogil:
    # y * r / x (x > 0 finite, r normal) rounded as y * (r / x), over- or underflowing only in its last step
    cdef int ky, kr, kx
    cdef double my = frexp(y, &ky), mr = frexp(r, &kr), mx = frexp(x, &kx)
    return ldexp((my * mr) / mx, ky + kr - kx)


cdef inline double _dpow_dbase_at_infinity(double x, double y) noexcept nogil:
    # d/dx x**y at y = +-inf: the limit of y x**(y-1) along the floats, all even integers beyond 2^53, as
    # pow(x, +-inf) = |x|**(+-inf) itself: sign(x) y |x|**y, 0 (signed as y) where |x|**y vanishes (y x**(y-1) was
    # inf * 0 = NaN at 0.5 ** inf for 0). wengert._var_py._dpow_dbase_at_infinity is its twin.
    cdef double p = pow(fabs(x), y)
    return copysign(1.0, x) * (copysign(0.0, y) if p == 0.0 else y * p)


cdef inline double _dpow_dbase(double x, double y, double r) noexcept nogil:
    # d/dx x**y (r = x**y), 0 at y = 0, also at x = 0 (where y * x**(y-1) is 0 * inf). y - 1 rounds for most y
    # (1/3 - 1 loses its last bit) and x**(y-1) multiplies that error by log x: d/dx x**(1/3) at 1e-300 was 3.8e-14
    # off. Where it rounds, y * (r / x) (one division, no second pow), or where that is not a normal number
    # x**(y-1) with the error e of y - 1 (two-sum: y - 1 = d + e exactly) added back as x**d e log x; exact
    # exponents (x**2: 2 * x**1, exactly 2x) as before. Where x**(y-1) overflows or underflows and r is a normal
    # number, y * r / x from the mantissas and exponents apart (_dpow_scaled): x**(y-1) = inf times |y| < 1 can be
    # finite, d/dx x**1e-3 at 1e-310 was inf for 4.898e306. wengert._var_py._dpow_dbase is its twin.
    cdef double d, s, e, q, p
    if y == 0.0:
        return 0.0
    if isinf(y):
        return _dpow_dbase_at_infinity(x, y)
    d = y - 1.0
    s = d - y
    e = (y - (d - s)) + (-1.0 - s)
    if e == 0.0 or not (isfinite(e) and x > 0.0 and isfinite(x)):
        q = y * pow(x, d)
        if e != 0.0 and signbit(x) and isfinite(x) and isfinite(e):
            # (y - 1 = d + e with d an integer and e not: y = 1e-17, y - 1 rounds to -1, where x**(y-1) is NaN at x < 0
            # as x**y is, x**d real, d/dx of x**1e-17 at -2 was -5e-18, and +0's at -0.0 (-inf was -0.0 ** -1); an odd
            # integer e, |y| > 2^53, flips its sign)
            if e != floor(e):
                return y * pow(0.0, d) if x == 0.0 else NAN
            return -q if fmod(e, 2.0) != 0.0 else q
        if isinf(q) and x > 0.0 and isfinite(x) and DBL_MIN <= r and r <= DBL_MAX:
            return _dpow_scaled(x, y, r)  # (y = -0.5, -0.25: inf only past the largest float)
        return q
    q = r / x
    if DBL_MIN <= r and r <= DBL_MAX:
        if DBL_MIN <= q and q <= DBL_MAX:
            return y * q
        return _dpow_scaled(x, y, r)
    p = pow(x, d)
    if not isfinite(p):
        return y * p
    return y * (p + p * (e * log(x)))
cdef double _dpow_dexponent(double x, double y, double value)


cdef inline bint _dpow_far(double x, double y, double d) noexcept nogil:
    # Whether d = d/dx x**y left the normal range (0, subnormal, inf) where the truth y x**(y-1) is a nonzero finite
    # number (x and y finite and nonzero): a cotangent or tangent times the stored partial is then 0 or inf, or loses
    # bits, where the product is a normal number (grad of 1e300 * v ** 1100.0 at 0.5 was 0.0 for 1.6e-28). Var's and
    # Dual's ** then take NumPy's rule, which forms g y x**(y-1) as one product (ops.elementwise.scaled_power); a
    # replay records afresh. Two compares where d is a normal number. wengert._var_py._dpow_far is its twin.
    # Var's / asks it too, of d = 1 / y at (1, y) and -x / y^2 at (x, y): wg.grad of 1e300 * (1 / v) at 1e200 was
    # 0.0 for -1e-100, of 1e-100 * (v / 1e-310) inf for 1e210 (NumPy's rule forms g / y and -g x / y^2).
    return not (fabs(d) >= DBL_MIN and fabs(d) <= DBL_MAX) and x != 0.0 and y != 0.0 and isfinite(x) and isfinite(y)


cdef inline bint _dpow_dy_far(double x, double y, double d) noexcept nogil:
    # Whether d = d/dy x**y = log(x) x**y left the normal range where the truth is a nonzero finite number (x positive,
    # finite and not 1, y finite): the cotangent or tangent times it is then 0, inf or lost bits where the product is a
    # normal number (grad of 1e300 * 0.5 ** e at 1100 was 0.0 for -5.1e-32). Var's and Dual's ** then take NumPy's
    # rule, which forms g x**y log x as one product; a replay records afresh. wengert._var_py._dpow_dy_far is its twin.
    return not (fabs(d) >= DBL_MIN and fabs(d) <= DBL_MAX) and x > 0.0 and x != 1.0 and isfinite(x) and isfinite(y)


cdef inline double _scaled_quotient(double t, double x, double y) noexcept nogil:
    # t x / y^2 with no intermediate out of the float range (t, x, y finite and nonzero): the mantissas' t x / y^2,
    # within [1/4, 4), scaled back by the exponents (0 or inf only where the result is): a quotient's partial times
    # its tangent where x / y or t x / y leaves the range (Dual's /). wengert._var_py._scaled_quotient is its twin.
    cdef int et, ex, ey
    cdef double mt = frexp(t, &et), mx = frexp(x, &ex), my = frexp(y, &ey)
    return ldexp(mt * mx / my / my, et + ex - 2 * ey)
