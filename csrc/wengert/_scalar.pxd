# Declarations of the scalar op table: the elementary functions the core computes on
# floats and scalar Vars in C (wengert.exp, log, ...), one row each, generated from their
# declarations in wengert._elementary (see _scalar.pyx.tp). A replay of a scalar tape
# (wengert.jit) recomputes a node of one of these op codes from its row: the same
# function, domain check and partial as the recording.

ctypedef double (*Forward)(double x) noexcept nogil
ctypedef double (*Partial)(double x, double ans) noexcept nogil
ctypedef int (*Check)(double x, double ans) noexcept nogil

cdef enum DomainCheck:
    IN_DOMAIN = 0     # the value stands
    DOMAIN_ERROR = 1  # ValueError("math domain error"), as math.log(0.0)
    RANGE_ERROR = 2   # OverflowError("math range error"), as math.exp(1000.0)

ctypedef struct ScalarOp:
    int op            # the op code of its scalar nodes on the tape (OP_ELEMENTARY + row)
    Forward forward   # the function on a double
    Partial partial   # d ans / d x from x and ans: the local partial the tape stores
    Check check       # DomainCheck of (x, ans): where it raises, as Python's math module does (NULL: never)
    Check shortcut    # 1 where the row's shortcut condition holds at (x, ans), partial is then its cheaper form (NULL: no shortcut)
    Check far         # 1 where the row's far condition holds at (x, ans): the NumPy rule forms g * partial (NULL: never)

cdef const ScalarOp* scalar_op(int op) noexcept nogil        # the row of an op code, or NULL
cdef bint outside_domain(const ScalarOp* f, double x, double ans) noexcept nogil
