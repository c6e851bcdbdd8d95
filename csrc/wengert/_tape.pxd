# Declarations of the compiled Wengert tape; the only thing other Cython modules cimport.
#
# The tape stores indices, doubles and opaque Python objects. It knows nothing of NumPy,
# of Var, or of any value type: adding cotangents of object nodes goes through the two
# callables given to the constructor (the Backprop protocol's `add` and `iadd`).

from libc.math cimport INFINITY


cdef enum NodeFlag:
    DOUBLE_VALUE = 1     # value and adjoint live in the double arrays (a Python float)
    HAS_PULLBACK = 2     # backward calls a Python pullback instead of the C edge loop
    HAS_EXTRA = 4        # a scalar node received a non-float cotangent (a Var of an outer tape)
    PER_PARENT = 8       # the pullback slot holds one callable per parent: g -> that parent's cotangent

# C loops over at least this many nodes (the float sweep, a replay of scalar nodes) run
# without the GIL; shorter ones keep it. Giving the GIL up and taking it back costs little
# alone, but with another thread waiting it hands the GIL over and waits for its return:
# worth it for tens of microseconds of work, not for a few (docs/guide/threads.md).
cdef enum:
    NOGIL_MIN_NODES = 8192


cdef enum:
    LIVE = 2  # a bit of `touched`: the adjoint received a contribution that is not a structural zero


cdef inline double times_partial(double a, double d, bint live) noexcept nogil:
    # A scalar node's adjoint a times its partial d. A zero adjoint that is structural (not
    # live: every contribution to it was a structural zero, the branch np.where did not take,
    # a product with a constant 0) adds nothing where d is infinite: 0, not 0 * inf = NaN
    # (grad of wg.sqrt(x) * 0.0 + x at 0, truth 1). A live zero is a derivative that vanishes
    # there (2 sqrt(x) at 0 in sqrt(x) ** 2): 0 * inf is then NaN, undefined, as forward mode
    # gives (the convention gave 0 for the truth 1). One compare on the common path.
    cdef double r = a * d
    if r != r and a == 0.0 and d == d and not live:
        return 0.0
    return r


# Op codes of scalar nodes. The op code, the parents, the values and `aux` (the constant
# operand) are enough to recompute every local partial, so a differentiable replay of a
# scalar tape needs no other record.
cdef enum OpCode:
    OP_LEAF = 0
    OP_OBJECT = 1        # a node with a Python pullback
    OP_ADD = 2
    OP_ADD_CONST = 3     # x + aux
    OP_SUB = 4
    OP_SUB_CONST = 5     # x - aux
    OP_RSUB_CONST = 6    # aux - x
    OP_MUL = 7
    OP_MUL_CONST = 8     # x * aux
    OP_DIV = 9
    OP_DIV_CONST = 10    # x / aux
    OP_RDIV_CONST = 11   # aux / x
    OP_POW = 12
    OP_POW_CONST = 13    # x ** aux
    OP_RPOW_CONST = 14   # aux ** x
    OP_NEG = 15
    OP_ABS = 16
    OP_CUSTOM = 17       # pushed through push_scalar with caller-given partials
    OP_ELEMENTARY = 18   # OP_ELEMENTARY + k: row k of the elementary functions (wengert._elementary)


cdef inline bint constant_zero_partial(int op, double aux) noexcept nogil:
    # Whether a node's partial is a constant 0 (x * 0.0, x / inf, x ** 0.0, 1.0 ** x): a structural zero
    return ((op == OP_MUL_CONST and aux == 0.0) or (op == OP_DIV_CONST and (aux == INFINITY or aux == -INFINITY))
            or (op == OP_POW_CONST and aux == 0.0) or (op == OP_RPOW_CONST and aux == 1.0))


cdef inline unsigned char arrival_mark(unsigned char touched, int op, double aux) noexcept nogil:
    # What a node with marks `touched` passes to its parents' marks through its C edges:
    # reached, and live where it is live and its partial is not a constant 0 (a structural
    # zero, which adds nothing: constant_zero_partial)
    if (touched & LIVE) and not constant_zero_partial(op, aux):
        return 1 | LIVE
    return 1


cdef inline double held_adjoint(double a, int op, double aux) noexcept nogil:
    # The adjoint a node of op code `op` sends along its edges: 0 for an infinite one where its partial is a constant 0
    # (constant_zero_partial: a product with a constant 0 is the constant 0 whatever the other factor's derivative, as
    # forward mode's tangent of x * 0.0 is a structural zero: grad of sqrt(0.0 * x) at 1 was 0 * inf = NaN, jvp 0);
    # a NaN adjoint stays NaN. Before the edge loop, which keeps its own bits (a replay's sweep is compared to it)
    if (a == INFINITY or a == -INFINITY) and constant_zero_partial(op, aux):
        return 0.0
    return a


cdef class SweepState:
    cdef object g          # the cotangent the running pullback was called with
    cdef object live       # its live zeros: None, True or a mask
    cdef Py_ssize_t n      # the node's number of parents
    cdef bint active       # inside a pullback the sweep runs
    cdef bint tangent      # its g forward mode's tangent (live_term), not a sweep's cotangent
    cdef list reports      # (cotangent, live) pairs its rules reported
    cdef void put(self, object g, object live, Py_ssize_t n, bint active, bint tangent) noexcept  # all of them


cdef SweepState thread_sweep()  # this thread's SweepState


cdef class Tape:
    cdef readonly Py_ssize_t n_nodes # nodes recorded so far
    cdef Py_ssize_t node_capacity    # nodes the node arrays hold before they grow
    cdef readonly Py_ssize_t n_edges # edges recorded so far
    cdef Py_ssize_t edge_capacity    # edges the edge arrays hold before they grow
    cdef unsigned char* flags        # NodeFlag bits, per node
    cdef unsigned char* touched      # 1 once the node's adjoint has received a cotangent (| LIVE: a live one)
    cdef unsigned char* owned        # 1 if an object adjoint is a buffer the tape made (may add in place)
    cdef int* op                     # OpCode, per node
    cdef Py_ssize_t* edge_start      # edges of node i are edge_start[i] .. edge_start[i+1]-1 (n_nodes+1 entries)
    cdef Py_ssize_t* slot            # index into the object lists, -1 if the node has no object slot
    cdef double* sval                # value of DOUBLE_VALUE nodes
    cdef double* aux                 # constant operand of a scalar op (NaN when it has none)
    cdef double* sadj                # adjoint of DOUBLE_VALUE nodes
    cdef Py_ssize_t* parent          # parent node, per edge
    cdef double* partial             # local partial derivative d node / d parent, per edge (C-swept nodes)
    cdef list obj_value              # per slot: the value of a non-double node, else None
    cdef list obj_pullback           # per slot: pullback g -> tuple of cotangents, else None
    cdef list obj_adjoint            # per slot: adjoint of a non-double node (valid when touched)
    cdef list obj_name               # per slot: the op's name, for debugging and wengert.viz
    cdef dict extra                  # node -> non-float cotangent of a scalar node (nested runners)
    cdef dict live                   # slot -> where an object node's adjoint holds live zeros (report_live)
    cdef object add                  # protocol add(x, y) -> new value
    cdef object iadd                 # protocol iadd(x, y): may write into x, which the tape owns
    cdef object cancelled            # cancelled(sum, cotangent): where a sum's zeros cancel (live), or None
    cdef readonly int level          # nesting depth of the runner that opened the tape
    cdef readonly unsigned long owner # ident of the thread that made the tape (the only one that records)
    cdef readonly bint recording     # False once the runner has returned: no more pushes
    cdef readonly bint released      # True once close() has freed the arrays
    cdef readonly bint keep_values   # store the values of nodes with pullbacks (for drawing and debugging)
    cdef public object jit           # None, or the wg.jit recorder collecting this tape's replay program
    cdef object __weakref__          # weak references are allowed (to watch lifetimes)

    cdef void _free_arrays(self) noexcept
    cdef void _take_arrays(self, Tape other) noexcept
    cdef void _clear_marks(self) noexcept nogil
    cdef tuple _checked_parents(self, object parents, bint scalar_only)
    cdef int _reserve_nodes(self, Py_ssize_t extra) except -1
    cdef int _reserve_edges(self, Py_ssize_t extra) except -1
    cdef Py_ssize_t _new_node(self, int op, unsigned char flags, Py_ssize_t n_parents) except -1
    cdef Py_ssize_t push_scalar0(self, int op, double value) except -1
    cpdef Py_ssize_t push_leaf(self, value, name=*) except -1
    cdef Py_ssize_t push_scalar1(self, int op, Py_ssize_t p, double d, double value, double aux) except -1
    cdef Py_ssize_t push_scalar2(self, int op, Py_ssize_t p0, double d0, Py_ssize_t p1, double d1,
                                 double value) except -1
    cdef Py_ssize_t _push_pulled(self, unsigned char flags, Py_ssize_t n, object pullback,
                                 object value, object name) except -1
    cdef Py_ssize_t push_pullbacks(self, const Py_ssize_t* parents, Py_ssize_t n, tuple pullbacks,
                                   object value, object name) except -1
    cdef int _check_recording(self) except -1
    cdef int _check_index(self, Py_ssize_t i, str what) except -1
    cdef Py_ssize_t _sweep_scalars(self, Py_ssize_t i) noexcept nogil
    cdef bint _long_run(self, Py_ssize_t i) noexcept nogil
    cdef void _zero_adjoints(self, Py_ssize_t n) noexcept nogil
    cdef int _send(self, Py_ssize_t p, object cotangent, object live=*) except -1
    cdef int _run_pullback(self, Py_ssize_t i, bint retain) except -1
    cdef int _run_extra(self, Py_ssize_t i) except -1
    cdef object _scalar_adjoint(self, Py_ssize_t i)
