# Declarations of Var, the handle on a tape node, and the helpers that make and push scalar
# Vars; cimported by the primitive engine (_engine), the structured views (_views) and the
# elementary functions (_scalar).
#
# Var's slow paths reach the modules above it through two function pointers, which those
# modules fill in when they are imported (wengert._backend imports them all): Var needs
# them, and they need Var, so that a cimport in each direction would be a cycle.
cimport cython
from cpython.pythread cimport PyThread_get_thread_ident

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
cdef double _dpow_dbase(double x, double y)
cdef double _dpow_dexponent(double x, double y, double value)
