# Declarations of wengert._kernels for wengert._replay: arithmetic on one float64 entry in C.

cdef enum:
    ARITH_ADD = 0
    ARITH_SUB = 1
    ARITH_MUL = 2
    ARITH_DIV = 3

# a + b, a - b, a * b or a / b on Python floats and one-entry float64 arrays (at least one an
# array of one or more dimensions) where it sets no floating-point flag but inexact, as
# NumPy computes it; None everywhere else
cdef object one_entry_arithmetic(int op, object a, object b)

# v.shape == shape and v.dtype == dtype for a numpy.ndarray v, with no tuple made (wengert.jit's
# check of a replayed array node)
cdef int array_matches(object v, object shape, object dtype) except -1
