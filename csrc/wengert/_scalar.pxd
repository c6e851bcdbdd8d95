# Declarations of the scalar op table: the elementary functions the core computes on
# floats and scalar Vars in C (wengert.exp, log, ...), one row each. A replay of a scalar
# tape (wengert.jit) recomputes a node of one of these op codes from its row: the same
# function, domain check and partial as the recording.

ctypedef double (*Forward)(double x) noexcept nogil
ctypedef double (*Partial)(double x, double ans) noexcept nogil

cdef enum Domain:
    ANY_FLOAT = 0     # defined for every float
    POSITIVE = 1      # ValueError("math domain error") unless x > 0 (math.log)
    NONNEGATIVE = 2   # ValueError("math domain error") unless x >= 0 (math.sqrt)
    NO_OVERFLOW = 3   # OverflowError("math range error") for a finite x with an infinite result (math.exp)

ctypedef struct ScalarOp:
    int op            # the op code of its scalar nodes on the tape
    Forward forward   # the function on a double
    Partial partial   # d ans / d x from x and ans: the local partial the tape stores
    int domain        # Domain: where it raises, as Python's math module does

cdef const ScalarOp* scalar_op(int op) noexcept nogil        # the row of an op code, or NULL
cdef bint outside_domain(const ScalarOp* f, double x, double ans) noexcept nogil
