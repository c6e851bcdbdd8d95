# Declarations of the primitive engine: Rule (a primitive's compiled core), StagedRule (a
# staged elementwise VJP) and apply, which calls a Rule and records one node. Cimported by
# the elementary functions (_scalar).
cimport cython

cdef class Rule:
    cdef public object fun           # the function computed on plain values
    cdef public dict vjps            # argument position -> staged rule, or None (no gradient)
    cdef public object name          # the name recorded on the tape (debugging, wengert.viz)
    cdef public bint higher_order    # False: the rules work on plain values only
    cdef public object plain_fun     # what fun wraps, called where no argument holds a Var or a Dual; or None


@cython.final
cdef class StagedPullback:
    cdef object rule, ans, x, y      # the staged rule and what it reads (None where it reads nothing)
    cdef object unbroadcast          # unbroadcast(g, shape) when broadcasting stretched the argument
    cdef object shape, axes          # the argument's shape, the stretched axes to sum over (or None)
    cdef Py_ssize_t drop             # leading axes the argument lacks (summed, then reshaped away)
    cdef bint binary                 # the function has two arguments


@cython.final
cdef class StagedRule:
    cdef object rule                 # rule(g, ans, x[, y]) -> cotangent, or None (the identity)
    cdef Py_ssize_t argnum           # the argument (0 or 1) whose cotangent the rule gives
    cdef bint keep_ans, keep_x, keep_y  # what the rule reads (the rest is not kept alive)
    cdef object unbroadcast          # unbroadcast(g, shape) for a binary function, else None
    cdef readonly object keep_ans_if  # keep_ans_if(x, y): whether this call's rule reads the result too, or None
    cdef readonly object keep_x_if  # keep_x_if(x, y): whether this call's rule reads x too, or None

    cdef StagedPullback stage(self, object ans, object x, object y)
    cdef StagedPullback stage1(self, object ans, object x)  # stage() of a unary function


cpdef object apply(Rule prim, tuple args, dict kwargs)
