"""Replaying a recorded tape at new inputs (internal; use ``wengert.jit``).

``wengert.jit`` keeps the tape of a recording and a program of :class:`ReplayStep`; a
later call with the same input signature runs the program here: the scalar nodes are
recomputed in C from their op codes, their parents' values and their
constant operands (the same formulas, in the same order, as wengert._var's arithmetic and
wengert._scalar's elementary functions, so a replay gives the recording's bits); every
other node calls its rule's forward function on the new values and stages its pullbacks
again, writing both into the tape, whose compiled sweep then runs as after a recording.
"""
cimport cython
from cpython.float cimport PyFloat_AS_DOUBLE, PyFloat_FromDouble
from cpython.list cimport PyList_GET_ITEM, PyList_New, PyList_SET_ITEM
from cpython.number cimport PyNumber_Add, PyNumber_Multiply, PyNumber_Subtract, PyNumber_TrueDivide
from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_INCREF
from cpython.sequence cimport PySequence_Fast_ITEMS
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_New, PyTuple_SET_ITEM
from libc.float cimport DBL_MIN
from libc.math cimport NAN, fabs, floor, isfinite, log as c_log, pow
from libc.stdint cimport INT32_MAX, int32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc
from libc.string cimport memcmp, memcpy, memset

cdef extern from "Python.h":
    PyTypeObject PyFloat_Type
    object PyObject_Vectorcall(object callable, PyObject** args, size_t nargsf, PyObject* kwnames)
    PyTypeObject* _type_of "Py_TYPE"(PyObject* o)  # of a borrowed item, without a reference
    Py_ssize_t _refcnt "Py_REFCNT"(PyObject* o)      # (of a field, read without a reference)

import operator as _operator

import numpy as _np

cimport wengert._hooks as _hooks
from wengert._engine cimport Rule, StagedPullback, StagedRule
from wengert._kernels cimport ARITH_ADD, ARITH_DIV, ARITH_MUL, ARITH_SUB, array_matches, one_entry_arithmetic
from wengert._scalar cimport IN_DOMAIN, ScalarOp, scalar_op
from wengert._tape cimport (
    DOUBLE_VALUE, HAS_EXTRA, HAS_PULLBACK, PER_PARENT, OP_ABS, OP_ADD, OP_ADD_CONST, OP_CUSTOM, OP_DIV, OP_DIV_CONST,
    OP_ELEMENTARY, OP_LEAF, OP_MUL, OP_MUL_CONST, OP_NEG, OP_OBJECT, OP_POW, OP_POW_CONST, OP_RDIV_CONST,
    OP_RPOW_CONST, OP_RSUB_CONST, OP_SUB, OP_SUB_CONST, NOGIL_MIN_NODES, Tape,
    LIVE, arrival_mark, times_partial,
)
from wengert._var cimport Var, _dpow_dbase, _dpow_dy_far, _dpow_far, value_of

from wengert._tape import no_cotangent

def plain_value(x):
    """``x`` without the Vars around it (under nested runners a Var's value may itself be a
    Var of an outer tape, at any depth). Unlike ``var.value``, this read is not a decision
    on the value that ``wengert.jit`` guards: the library's own reads use it.

    >>> plain_value(2.0)
    2.0
    """
    while type(x) is Var:
        x = value_of(<Var>x)
    return x


def read_value(Var var not None):
    """``var``'s value, one level down (a Var of an outer tape under nested runners), read
    without a ``wengert.jit`` guard: the library's own reads of structured values."""
    return value_of(var)


cdef enum:
    _MAX_FAST = 4  # the most arguments a replay step reads without a tuple


# -- replaying scalar nodes (wengert.jit) --------------------------------------------

# The rows of wengert._scalar's table by op code - OP_ELEMENTARY, read once at import: the
# replay loop reads a row here rather than by a call into _scalar per node (scalar_op, for
# an op code past them). With outside_domain's test read from the row in _scalar_node:
# micrograd's replayed forward (3,200 tanh nodes) 159-161 -> 152-154 us.
cdef enum:
    _N_ROWS = 64
cdef const ScalarOp* _ROWS[_N_ROWS]
cdef int _fill_rows() except -1:
    cdef int k
    for k in range(_N_ROWS):
        _ROWS[k] = scalar_op(OP_ELEMENTARY + k)
    return 0
_fill_rows()


cdef inline bint _pow_fails(double x, double y, double r) noexcept nogil:
    # Where _checked_pow raises: 0 ** negative, negative ** fraction, overflow.
    return ((x == 0.0 and y < 0.0) or (x < 0.0 and y != floor(y))
            or (not isfinite(r) and isfinite(x) and isfinite(y)))


cdef inline double _dpow_dy(double x, double y, double value) noexcept nogil:
    # _dpow_dexponent, for the replay loop
    cdef double h
    if x > 0.0:
        if value < DBL_MIN and isfinite(x) and isfinite(y):
            h = pow(x, 0.5 * y)
            return (h * c_log(x)) * h
        return c_log(x) * value
    if x == 0.0:
        return 0.0
    return NAN


cdef inline bint _scalar_node(int op, double a, double b, double c, double* v, double* d0,
                              double* d1) noexcept nogil:
    # The value and partials of one scalar node of op code ``op`` at parents' values a, b
    # and constant operand c: the same formulas, in the same order, as the Var dunders and
    # wengert.exp & co. above, so a replay gives the recording's bits. False where the op
    # would raise (the caller records afresh, which raises), or where Var's op would not push
    # this node (** at a partial out of range: _dpow_far). The one place per op code:
    # the replay loop (_run_forward) inlines it.
    cdef const ScalarOp* f
    cdef int row
    d1[0] = 0.0
    if op == OP_ADD:
        v[0] = a + b; d0[0] = 1.0; d1[0] = 1.0
    elif op == OP_SUB:
        v[0] = a - b; d0[0] = 1.0; d1[0] = -1.0
    elif op == OP_MUL:
        v[0] = a * b; d0[0] = b; d1[0] = a
    elif op == OP_DIV:
        if b == 0.0:
            return False
        v[0] = a / b; d0[0] = 1.0 / b; d1[0] = -v[0] / b
        if _dpow_far(1.0, b, d0[0]) or _dpow_far(a, b, d1[0]) or _dpow_far(a, b, v[0]):
            return False  # (Var's / takes NumPy's rule there: see _dpow_far)
    elif op == OP_POW:
        v[0] = pow(a, b)
        if _pow_fails(a, b, v[0]):
            return False
        d0[0] = _dpow_dbase(a, b, v[0])
        d1[0] = _dpow_dy(a, b, v[0])
        if a > 0.0 and (_dpow_far(a, b, d0[0]) or _dpow_dy_far(a, b, d1[0])):
            return False  # (Var's ** takes NumPy's rule there: see _dpow_far, _dpow_dy_far)
    elif op == OP_ADD_CONST:
        v[0] = a + c; d0[0] = 1.0
    elif op == OP_SUB_CONST:
        v[0] = a - c; d0[0] = 1.0
    elif op == OP_RSUB_CONST:
        v[0] = c - a; d0[0] = -1.0
    elif op == OP_MUL_CONST:
        v[0] = a * c; d0[0] = c
    elif op == OP_DIV_CONST:
        if c == 0.0:
            return False
        v[0] = a / c; d0[0] = 1.0 / c
        if _dpow_far(1.0, c, d0[0]):
            return False
    elif op == OP_RDIV_CONST:
        if a == 0.0:
            return False
        v[0] = c / a; d0[0] = -v[0] / a
        if _dpow_far(c, a, d0[0]) or _dpow_far(c, a, v[0]):
            return False
    elif op == OP_POW_CONST:
        v[0] = pow(a, c)
        if _pow_fails(a, c, v[0]):
            return False
        d0[0] = _dpow_dbase(a, c, v[0])
        if _dpow_far(a, c, d0[0]):
            return False
    elif op == OP_RPOW_CONST:
        v[0] = pow(c, a)
        if _pow_fails(c, a, v[0]):
            return False
        d0[0] = _dpow_dy(c, a, v[0])
        if _dpow_dy_far(c, a, d0[0]):
            return False
    elif op == OP_NEG:
        v[0] = -a; d0[0] = -1.0
    elif op == OP_ABS:
        if a == 0.0:
            return False  # (abs's kink: a Var takes the NumPy rule there, see Var.__abs__)
        v[0] = fabs(a); d0[0] = (a > 0.0) - (a < 0.0)
    else:  # an elementary function: its row of wengert._scalar's table
        row = op - OP_ELEMENTARY
        f = _ROWS[row] if 0 <= row < _N_ROWS else scalar_op(op)
        if f == NULL:
            return False  # OP_CUSTOM: partials given by a caller, not recomputable
        v[0] = f.forward(a)
        # (outside_domain's test, read from the row here: a call into _scalar less per node,
        # micrograd's 3,200 tanh nodes, whose row has no check)
        if f.check != NULL and f.check(a, v[0]) != IN_DOMAIN:
            return False
        d0[0] = f.partial(a, v[0])
    return True


cdef bint _far_node(int op, double a, double v) noexcept nogil:
    # Whether elementary op ``op`` (a row with a ``far`` condition: _compile_forward's F_FAR)
    # is where a Var takes the NumPy rule (_elementary's far): the replay records afresh. Apart
    # from _scalar_node, which the replay loop inlines: in it, the check made micrograd's
    # forward replay 10% slower (158 -> 176 us), though micrograd's tanh has no far condition.
    cdef const ScalarOp* f = scalar_op(op)
    return f != NULL and f.far != NULL and f.far(a, v)


cdef inline bint _binary(int op) noexcept nogil:
    return op == OP_ADD or op == OP_SUB or op == OP_MUL or op == OP_DIV or op == OP_POW


# The codes of a compact forward (one per node of _ForwardCode): F_LEAF a node whose value
# is set (a leaf, read into the registers that hold the last two values); F_ADD .. F_NEG an
# op whose partials are the same at every input (1.0, -1.0, the constant operand) and
# still hold those bits in the tape, so the replay computes the value only (a third of
# micrograd's nodes are sums: their partials were rewritten with the same bits on every
# replay); F_MUL a product (partials: the other factor); F_OTHER + op any other op code,
# through _scalar_node. F_MUL_ADD & co. are two nodes in one step: a product and the sum
# that adds it to the node before it (s = s + w * x, a dot product written out: most of
# micrograd's nodes), without a second dispatch or parent lookup.
cdef enum:
    F_LEAF = 0
    F_ADD = 1
    F_SUB = 2
    F_ADD_C = 3
    F_SUB_C = 4
    F_RSUB_C = 5
    F_MUL_C = 6
    F_NEG = 7
    F_MUL = 8
    F_MUL_ADD = 9      # F_MUL at i, then at i + 1 the F_ADD of node i - 1 and node i
    F_MUL_ADD_R = 10   # the same, the sum's operands the other way round (node i + node i - 1)
    F_MUL_C_ADD = 11   # F_MUL_C at i, then the F_ADD of node i - 1 and node i
    F_MUL_C_ADD_R = 12
    F_OTHER = 16
    F_TWO_EDGES = 1 << 20  # with F_OTHER + op: the node has two edges (both partials written)
    F_FAR = 1 << 21        # with F_OTHER + op: an elementary function with a far condition (_far_node)
    F_OP_BITS = F_TWO_EDGES - 1


# One step of a compact forward, 16 bytes (the 32 of a Py_ssize_t edge and an inline
# constant made micrograd's forward stream 2 MB of code per replay): its code, its parents
# (both the node itself for F_LEAF; b == a for one parent) and its first edge. Its constant
# operand is in the code's own array of constants (one per node), read by the ops that
# take one. A fused pair (F_MUL_ADD & co.) is one entry: the sum's parents are implied.
ctypedef struct _Ins:
    int32_t code, a, b, e


@cython.final
cdef class _ForwardCode:
    """The nodes ``start .. stop - 1`` of a tape in one contiguous array, an entry per step
    of the replay loop (internal: the replay of a program's scalar step). A replay reads them there rather than through the tape's
    per-node arrays (flags, op, edge_start, parent, aux), with the same formulas
    (_scalar_node), in node order."""
    cdef _Ins* ins
    cdef double* cst     # per node: its constant operand (aux)
    cdef Py_ssize_t start, stop

    def __dealloc__(self):
        free(self.ins)
        free(self.cst)


cdef inline bint _kept(const double* partial, Py_ssize_t e, double d0) noexcept nogil:
    return _same_bits(partial[e], d0)


cdef int _fixed_code(int op, const double* partial, Py_ssize_t e, double c) noexcept nogil:
    # The F_ code of a node whose recorded partials are those _scalar_node would write at
    # any input (so a replay need not write them again), else -1.
    if op == OP_ADD and _kept(partial, e, 1.0) and _kept(partial, e + 1, 1.0):
        return F_ADD
    if op == OP_SUB and _kept(partial, e, 1.0) and _kept(partial, e + 1, -1.0):
        return F_SUB
    if op == OP_ADD_CONST and _kept(partial, e, 1.0):
        return F_ADD_C
    if op == OP_SUB_CONST and _kept(partial, e, 1.0):
        return F_SUB_C
    if op == OP_RSUB_CONST and _kept(partial, e, -1.0):
        return F_RSUB_C
    if op == OP_MUL_CONST and _kept(partial, e, c):
        return F_MUL_C
    if op == OP_NEG and _kept(partial, e, -1.0):
        return F_NEG
    return -1


cdef inline bint _has_far(int op) noexcept nogil:
    # An elementary function's op code whose row has a far condition (_far_node)
    cdef const ScalarOp* f = scalar_op(op)
    return f != NULL and f.far != NULL


cdef _ForwardCode _compile_forward(Tape t, Py_ssize_t start, Py_ssize_t stop):
    # The C-swept scalar nodes in [start, stop) get their code, the other nodes (leaves,
    # nodes with pullbacks) F_LEAF.
    cdef _ForwardCode code = _ForwardCode.__new__(_ForwardCode)
    cdef Py_ssize_t i, e, n_edges
    cdef int op, fixed
    cdef _Ins* ins
    if stop >= INT32_MAX or t.edge_start[stop] >= INT32_MAX:
        raise OverflowError("wengert.jit replays tapes of fewer than 2**31 nodes and edges")
    code.ins = <_Ins*>malloc(max(stop - start, 1) * sizeof(_Ins))
    code.cst = <double*>malloc(max(stop - start, 1) * sizeof(double))
    if code.ins == NULL or code.cst == NULL:
        raise MemoryError()
    code.start, code.stop = start, stop
    for i in range(start, stop):
        ins = &code.ins[i - start]
        e = t.edge_start[i]
        n_edges = t.edge_start[i + 1] - e
        ins.e, ins.a, ins.b = <int32_t>e, <int32_t>i, <int32_t>i
        code.cst[i - start] = 0.0
        if (t.flags[i] & ~HAS_EXTRA) != DOUBLE_VALUE or t.op[i] == OP_LEAF:
            ins.code = F_LEAF
            continue
        op = t.op[i]
        if n_edges < 1 or n_edges > 2 or (_binary(op) and n_edges != 2):
            raise ValueError(f"scalar node {i} (op code {op}) has {n_edges} parents")
        code.cst[i - start] = t.aux[i]
        ins.a = <int32_t>t.parent[e]
        ins.b = <int32_t>t.parent[e + 1] if n_edges == 2 else ins.a
        fixed = _fixed_code(op, t.partial, e, t.aux[i]) if n_edges == (2 if _binary(op) else 1) else -1
        if fixed >= 0:
            ins.code = fixed
        elif op == OP_MUL:
            ins.code = F_MUL
        else:
            ins.code = F_OTHER + op + (F_TWO_EDGES if n_edges == 2 else 0) + (F_FAR if _has_far(op) else 0)
    # Fuse a product and the sum that follows it into one entry (the sum's is dropped: the
    # code holds one entry per step of the replay loop, so a fused pair streams 16 bytes)
    cdef Py_ssize_t k = 0
    i = start
    while i < stop:
        ins = &code.ins[i - start]
        code.ins[k] = ins[0]
        k += 1
        if (i > start and i < stop - 1 and (ins.code == F_MUL or ins.code == F_MUL_C)
                and ins[1].code == F_ADD and ins[1].a != ins[1].b):
            if ins[1].a == i - 1 and ins[1].b == i:
                code.ins[k - 1].code = F_MUL_ADD if ins.code == F_MUL else F_MUL_C_ADD
                i += 2
                continue
            if ins[1].a == i and ins[1].b == i - 1:
                code.ins[k - 1].code = F_MUL_ADD_R if ins.code == F_MUL else F_MUL_C_ADD_R
                i += 2
                continue
        i += 1
    return code


cdef inline double _value_of(Py_ssize_t p, Py_ssize_t i, double v1, double v2,
                             const double* sval) noexcept nogil:
    # The value of node p, a parent of node i, where v1 and v2 are those of i-1 and i-2.
    if p == i - 1:
        return v1
    if p == i - 2:
        return v2
    return sval[p]


cdef Py_ssize_t _run_forward(const _Ins* code, const double* cst, Py_ssize_t start,
                             Py_ssize_t stop, double* sval, double* partial) noexcept nogil:
    # Values and partials of the nodes start .. stop - 1 from their parents' values, written
    # into the tape's arrays (given as locals, so that a store through one does not make
    # the compiler reload the others). Returns -1, or the first node whose op would raise.
    # The node index is the loop's, so a store's address is known at once and the next
    # nodes' loads need not wait for it (indices read from the code made the loop a third
    # slower). The values of the last two nodes stay in registers: a chain of sums, as
    # s = s + w * x, reads them there rather than from the store just made (a third less
    # time per node on micrograd's tape). v1 and v2 are always sval[i - 1] and sval[i - 2].
    # The F_ codes whose partials are fixed write the value only (_compile_forward).
    cdef Py_ssize_t i
    cdef const _Ins* ins = code  # the entry of node i: one per step (a fused pair has one)
    cdef double v, d0, d1, a, b, m
    cdef int op
    cdef double v1 = sval[start - 1] if start >= 1 else 0.0
    cdef double v2 = sval[start - 2] if start >= 2 else 0.0
    i = start
    while i < stop:
        a = _value_of(ins.a, i, v1, v2, sval)
        b = _value_of(ins.b, i, v1, v2, sval)
        op = ins.code
        if op >= F_MUL_ADD and op <= F_MUL_C_ADD_R:
            if op <= F_MUL_ADD_R:
                m = a * b
                partial[ins.e] = b
                partial[ins.e + 1] = a
            else:
                m = a * cst[i - start]
            v = v1 + m if (op == F_MUL_ADD or op == F_MUL_C_ADD) else m + v1
            sval[i] = m
            sval[i + 1] = v
            v2 = m
            v1 = v
            i += 2
            ins += 1
            continue
        if op == F_MUL:
            v = a * b
            partial[ins.e] = b
            partial[ins.e + 1] = a
        elif op == F_ADD:
            v = a + b
        elif op == F_LEAF:
            v = a
        elif op == F_SUB:
            v = a - b
        elif op == F_ADD_C:
            v = a + cst[i - start]
        elif op == F_SUB_C:
            v = a - cst[i - start]
        elif op == F_RSUB_C:
            v = cst[i - start] - a
        elif op == F_MUL_C:
            v = a * cst[i - start]
        elif op == F_NEG:
            v = -a
        else:
            op = op - F_OTHER
            if not _scalar_node(op & F_OP_BITS, a, b, cst[i - start], &v, &d0, &d1):
                return i
            # (a far row's partial is below 4 2^-1022 there, e^x, e^-|x| m^2 or e^-2|x| (1 + |ans|)^2: the compare
            # spares micrograd's tanh nodes the call, 6% of its replayed step)
            if op & F_FAR and fabs(d0) < 8.0 * DBL_MIN and _far_node(op & F_OP_BITS, a, v):
                return i
            partial[ins.e] = d0
            if op & F_TWO_EDGES:
                partial[ins.e + 1] = d1
        sval[i] = v
        v2 = v1
        v1 = v
        i += 1
        ins += 1
    return -1


cdef inline bint _unit_partials(int op) noexcept nogil:
    # The ops whose partials are 1.0 whatever the values (_scalar_node).
    return op == OP_ADD or op == OP_ADD_CONST or op == OP_SUB_CONST


cdef inline bint _same_bits(double x, double y) noexcept nogil:
    return memcmp(&x, &y, sizeof(double)) == 0


# One C-swept node of a compact sweep, 16 bytes (24 with a Py_ssize_t edge: the sweep of
# a large tape streams them from memory): its first edge, -1 where its partials are all
# 1.0, as a sum's (its adjoint is passed on as it is, which g * 1.0 is, bit for bit,
# without reading the partials: micrograd's sweep takes a sixth less time), its index
# and its parents (b NO_PARENT: one parent). A node s that adds the two nodes before it,
# s - 2 and s - 1, with partials 1.0 (s = s + w * x, most of micrograd's nodes), where
# this is the sweep's first arrival at both, is one entry with node s - 1, which the sweep
# reaches right after it: out is ~s (negative), e, a and b those of node s - 1. Half the
# stream and one iteration for the two nodes.
# The adjoints are not zeroed before a sweep (8 bytes a node: a sixteenth of micrograd's
# step): the first arrival at a node, known from the graph, is stored as 0.0 + x, which is
# what adding x into a zeroed adjoint gives, bit for bit (-0.0 becomes 0.0, a NaN keeps its
# payload); a parent is ~p (negative) there (_arrive).
ctypedef struct _Back:
    int32_t e, out, a, b

cdef enum:
    NO_PARENT = -2147483648  # INT32_MIN: b of a node with one parent (~p >= -INT32_MAX for a node p)


cdef inline void _arrive(double* sadj, int32_t p, double x) noexcept nogil:
    # x into the adjoint of node p, or of node ~p where this is the sweep's first arrival
    # there (its adjoint holds the last sweep's value, not 0.0)
    if p >= 0:
        sadj[p] += x
    else:
        sadj[~p] = 0.0 + x


@cython.final
cdef class ScalarSweep:
    """The reverse sweep of a tape from node ``root`` when every node it reaches is a
    C-swept scalar node or a scalar leaf, compiled into one contiguous array of the reached
    nodes (internal: ``wengert.jit``'s gradient of a replayed scalar tape; make one with
    :func:`scalar_sweep`). :meth:`run` leaves the tape as ``tape.backward(root, seed)`` does:
    the same adjoints, added in the same order, and the same nodes marked reached (which
    depends on the graph only, so it is computed once here).
    """
    cdef Tape tape
    cdef _Back* ins
    cdef Py_ssize_t n, n_nodes, root
    cdef unsigned char* reached  # per node: 1 | LIVE where the sweep reaches it (touched: live, the seed not 0)
    cdef bint assign_seed         # tape.backward sets the seed (a long first run) or adds it

    def __dealloc__(self):
        free(self.ins)
        free(self.reached)

    def run(self, seed):
        """Sweep the tape with the float ``seed``; False (nothing done) where the tape is
        not in the state this sweep was made for: the caller then calls ``tape.backward``."""
        cdef Tape t = self.tape
        if type(seed) is not float or t.released or t.n_nodes != self.n_nodes or t.extra:
            return False
        cdef double d = seed
        cdef Py_ssize_t s
        for s in range(len(t.obj_adjoint)):
            t.obj_adjoint[s] = None
        if self.n < NOGIL_MIN_NODES:
            self._sweep(d, t.sadj, t.partial, t.touched, t.owned)
        else:
            with nogil:
                self._sweep(d, t.sadj, t.partial, t.touched, t.owned)
        return True

    cdef void _sweep(self, double d, double* sadj, const double* partial, unsigned char* touched,
                     unsigned char* owned) noexcept nogil:
        # The tape's arrays as arguments: locals the compiler need not reload after a store.
        cdef Py_ssize_t k, n = self.n_nodes
        # A seed of 0 (or -0.0): every adjoint a structural zero, which adds nothing at an
        # infinite partial (tape.backward's marks: reached, not live); any other: every
        # adjoint live (scalar_sweep refuses a constant 0 partial), a zero of them a
        # derivative that vanishes
        cdef bint live = d != 0.0
        if live:
            memcpy(touched, self.reached, <size_t>n)
        else:
            for k in range(n):
                touched[k] = self.reached[k] & 1
        memset(owned, 0, <size_t>n)
        sadj[self.root] = d if self.assign_seed else 0.0 + d
        # (the loop compiled twice, live a constant in each: times_partial's test for a
        # structural zero is then gone from the common, live, sweep)
        if live:
            _sweep_entries(self.ins, self.n, sadj, partial, True)
        else:
            _sweep_entries(self.ins, self.n, sadj, partial, False)


cdef inline void _sweep_entries(const _Back* entries, Py_ssize_t count, double* sadj, const double* partial,
                                bint live) noexcept nogil:
    # ScalarSweep._sweep's loop over its entries
    cdef Py_ssize_t k
    cdef int32_t out
    cdef const _Back* ins
    cdef double g
    for k in range(count):
        ins = &entries[k]
        if ins.out < 0:  # the sum s of s - 2 and s - 1, then node s - 1 (as two entries do)
            out = ~ins.out
            # First arrivals at both (scalar_sweep), 0.0 + g, which is g: s is not the
            # root, so this sweep wrote g by an addition (never -0.0 nor a signalling
            # NaN). No addition on the chain of sums the sweep walks down.
            g = sadj[out]
            sadj[out - 2] = g
            sadj[out - 1] = g
            _arrive(sadj, ins.a, times_partial(g, partial[ins.e], live))
            if ins.b != NO_PARENT:
                _arrive(sadj, ins.b, times_partial(g, partial[ins.e + 1], live))
            continue
        g = sadj[ins.out]
        if ins.e < 0:
            _arrive(sadj, ins.a, g)
            if ins.b != NO_PARENT:
                _arrive(sadj, ins.b, g)
        else:
            _arrive(sadj, ins.a, times_partial(g, partial[ins.e], live))
            if ins.b != NO_PARENT:
                _arrive(sadj, ins.b, times_partial(g, partial[ins.e + 1], live))


cdef inline int32_t _arrival(unsigned char* arrived, Py_ssize_t p) noexcept:
    # a parent p of a _Back entry: ~p where the sweep arrives at p first
    if arrived[p]:
        return <int32_t>p
    arrived[p] = 1
    return ~<int32_t>p


def scalar_sweep(Tape tape not None, Py_ssize_t root):
    """A :class:`ScalarSweep` of ``tape`` from ``root``, or None where the sweep from
    ``root`` reaches a node that is not a C-swept scalar node or a scalar leaf (an array
    node, a node with a pullback), or a node with more than two parents."""
    if (tape.released or root < 0 or root >= tape.n_nodes or tape.n_nodes >= INT32_MAX
            or tape.edge_start[tape.n_nodes] >= INT32_MAX):
        return None
    cdef ScalarSweep sw = ScalarSweep.__new__(ScalarSweep)
    cdef Py_ssize_t i, e, k = 0, n = tape.n_nodes, n_edges, count = 0
    cdef unsigned char* arrived
    sw.tape, sw.root, sw.n_nodes = tape, root, n
    sw.reached = <unsigned char*>malloc(n)
    if sw.reached == NULL:
        raise MemoryError()
    memset(sw.reached, 0, <size_t>n)
    sw.reached[root] = 1 | LIVE
    for i in range(root, -1, -1):
        if not sw.reached[i]:
            continue
        if tape.flags[i] != DOUBLE_VALUE:
            return None
        e = tape.edge_start[i]
        n_edges = tape.edge_start[i + 1] - e
        if n_edges > 2:
            return None
        if n_edges and arrival_mark(1 | LIVE, tape.op[i], tape.aux[i]) != (1 | LIVE):
            return None  # (a constant 0 partial: its parents' zeros may be structural, not live)
        if n_edges:
            count += 1
        for e in range(e, e + n_edges):
            sw.reached[tape.parent[e]] = 1 | LIVE
    sw.ins = <_Back*>malloc(max(count, 1) * sizeof(_Back))
    arrived = <unsigned char*>calloc(n, 1)  # per node: the sweep has written its adjoint
    if sw.ins == NULL or arrived == NULL:
        free(arrived)
        raise MemoryError()
    arrived[root] = 1  # the seed
    for i in range(root, -1, -1):
        e = tape.edge_start[i]
        n_edges = tape.edge_start[i + 1] - e
        if sw.reached[i] and n_edges:
            sw.ins[k].e, sw.ins[k].out = <int32_t>e, <int32_t>i
            sw.ins[k].a = _arrival(arrived, tape.parent[e])
            sw.ins[k].b = _arrival(arrived, tape.parent[e + 1]) if n_edges == 2 else NO_PARENT
            if (_unit_partials(tape.op[i]) and _same_bits(tape.partial[e], 1.0)
                    and (n_edges == 1 or _same_bits(tape.partial[e + 1], 1.0))):
                sw.ins[k].e = -1  # a replay writes 1.0 there again (_scalar_node)
            if (k > 0 and sw.ins[k - 1].e == -1 and sw.ins[k - 1].out == i + 1 and i + 1 != root
                    and sw.ins[k].e >= 0
                    and sw.ins[k - 1].b != NO_PARENT and sw.ins[k - 1].a < 0 and sw.ins[k - 1].b < 0
                    and (~sw.ins[k - 1].a == i - 1 or ~sw.ins[k - 1].a == i)
                    and (~sw.ins[k - 1].b == i - 1 or ~sw.ins[k - 1].b == i)):
                # node i + 1 adds nodes i - 1 and i (two first arrivals: two nodes) with
                # partials 1.0: one entry for both
                sw.ins[k].out = ~(i + 1)
                sw.ins[k - 1] = sw.ins[k]
                continue
            k += 1
    free(arrived)
    sw.n = k
    sw.assign_seed = tape._long_run(root)
    return sw


cdef inline Py_ssize_t _forward_released(_ForwardCode code, Tape t):
    # _run_forward, without the GIL for NOGIL_MIN_NODES nodes or more
    cdef Py_ssize_t r
    cdef double* sval = t.sval
    cdef double* partial = t.partial
    if code.stop - code.start < NOGIL_MIN_NODES:
        return _run_forward(code.ins, code.cst, code.start, code.stop, sval, partial)
    with nogil:
        r = _run_forward(code.ins, code.cst, code.start, code.stop, sval, partial)
    return r


cpdef object describe(object v):
    """What a replayed node's value must match (``wengert.jit``): its type, and the shape
    and dtype of a value that has a dtype (arrays, NumPy scalars).

    >>> describe(1.5)
    <class 'float'>
    """
    t = type(v)
    if t is float:
        return t
    dtype = getattr(v, "dtype", None)
    return t if dtype is None else (t, getattr(v, "shape", None), dtype)


@cython.final
cdef class ReplayStep:
    """One step of a ``wengert.jit`` replay program (internal; built by ``wengert.jit``).

    ``kind``: 0 recompute the scalar nodes ``start .. stop - 1`` (from a compact copy of
    their op codes, parents and constants made on the step's first run); 1 node ``j`` is rule
    ``prim`` on ``args`` (its forward function ``fun``, or ``prim.fun`` where ``fun`` is
    None); 2 node ``j`` is ``fun(*args) -> (value, pullbacks)`` (a view, a
    collected structure, a lifted op, a chain of rules fused into one step, which writes the
    pullbacks of its inner nodes itself); 3 a guard: ``same(fun(*args), outcome)`` must hold.
    ``refs[k]`` says where argument ``k`` comes from: -1 the constant ``consts[k]``, a node
    index ``i >= 0`` the replayed value of object node ``i``, ``-2 - i`` scalar node ``i``.
    ``plan`` (kind 1) holds ``(position, rule, how)`` per pullback, ``how`` 0 for a parent
    that needs no gradient, 1 a StagedRule, 2 a rule called with the arguments, 3 a
    first-order rule, 4 a rule called with the arguments whose pullback reads the values of
    one argument only (``rule.keeps_argument``, a leaf or a constant: a network's weight in
    ``h @ w``) and of the others their types and shapes: kept from one replay to the next
    while every argument is a plain array and that one the same object (the pullback holds
    it: its id is not reused meanwhile); ``none_pbs`` is what the node gets when none of its
    parents needs one.
    ``fixed_shapes`` (kind 1): every argument is a constant, or a node whose value a replay
    gives the recorded type and shape (a float, or an array whose shape the signature or
    the replay's check fixes). Its staged pullbacks are then kept from the first replay
    and written again on the next ones, not staged anew, where they read no value but
    constants: StagedRules that keep no node's value (add, subtract, negative, a product
    with a constant), whose staging depends on shapes alone.
    ``drops`` (kinds 1 to 3): the object nodes whose slots in the replay's value list are
    cleared once the step has run (no later step reads them): an intermediate array that no
    pullback keeps is freed there, not at the end of the replay.
    """
    cdef public int kind
    cdef public Py_ssize_t j, start, stop
    cdef public object prim, fun, kwargs, outcome, none_pbs
    cdef readonly object descr  # (read-only: kind_fixed is read from it)
    cdef public tuple plan
    cdef tuple _consts, _refs  # read-only: fast_refs are made from refs
    cdef public bint needed, fixed_shapes
    cdef public tuple drops
    cdef object code       # kind 0: its _ForwardCode, compiled on its first run (False: none fits)
    cdef object staged     # kind 1: its pullbacks, kept where they read no node's value (or None)
    cdef list kept         # kind 1: per plan entry of ``how`` 4, (the kept array, its pullback) or None
    # Its arguments read without a tuple (_MAX_FAST of them at most, each a constant or an
    # object node: refs -1 or >= 0): how many (-1: through _step_args' tuple), and refs
    cdef Py_ssize_t n_fast
    cdef Py_ssize_t fast_refs[_MAX_FAST]
    cdef int ans_kind      # kind 1: the GradientKind of its values, -1 until read
    cdef bint kind_fixed   # kind 1: descr fixes that GradientKind
    # Two arguments, one a Python float constant: that constant as a read-only 0-d float64
    # array (None for the other argument), or None (_f64_const)
    cdef tuple f64_consts

    def __init__(self, int kind, Py_ssize_t j=-1, Py_ssize_t start=0, Py_ssize_t stop=0, prim=None,
                 fun=None, kwargs=None, descr=None, outcome=None, none_pbs=None, tuple consts=(),
                 tuple refs=(), tuple plan=None, bint needed=True, bint fixed_shapes=False):
        if kind < 0 or kind > 3 or len(consts) != len(refs):
            raise ValueError("ReplayStep: kind is 0..3, and consts and refs have one entry per argument")
        self.kind, self.j, self.start, self.stop = kind, j, start, stop
        self.prim, self.fun, self.kwargs, self.descr = prim, fun, kwargs, _shared_descr(descr)
        self.outcome, self.none_pbs, self._consts, self._refs = outcome, none_pbs, _shared_consts(consts), refs
        self.plan, self.needed, self.fixed_shapes = _shared_plan(plan), needed, fixed_shapes
        self.drops = ()
        self.n_fast = len(refs) if len(refs) <= _MAX_FAST else -1
        cdef Py_ssize_t k
        for k in range(len(refs) if self.n_fast >= 0 else 0):
            self.fast_refs[k] = refs[k]
            if self.fast_refs[k] < -1:
                self.n_fast = -1  # a scalar node's value: a float made for the call
        self.f64_consts = _f64_consts(self._consts, refs)
        # A value that matches descr has one GradientKind where descr fixes it (a float, an
        # array of one dtype: gradient_kind reads only the type and the dtype): read once
        self.ans_kind = -1
        self.kind_fixed = descr is float or (type(descr) is tuple and len(<tuple>descr) == 3
                                             and (<tuple>descr)[0] is _hooks.array_type)

    @property
    def consts(self):
        return self._consts

    @property
    def refs(self):
        return self._refs


cdef tuple _step_args(ReplayStep step, Tape tape, list vals):
    # A tuple, built in place: the call takes it as it is.
    cdef Py_ssize_t k, r, n = len(step._refs)
    cdef tuple values = PyTuple_New(n)
    cdef object v
    for k in range(n):
        r = step._refs[k]
        if r == -1:
            v = step._consts[k]
        elif r >= 0:
            v = vals[r]
        else:
            v = tape.sval[-2 - r]
        Py_INCREF(v)
        PyTuple_SET_ITEM(values, k, v)
    return values


cdef inline bint _matches(object v, object descr):
    # describe(v) == descr, without building describe's tuple for a float or an array.
    t = type(v)
    if t is float:
        return descr is float
    if t is _hooks.array_type and type(descr) is tuple and len(<tuple>descr) == 3:
        if (<tuple>descr)[0] is not t:
            return False
        return array_matches(v, (<tuple>descr)[1], (<tuple>descr)[2]) == 1
    return describe(v) == descr


cdef tuple _as_tuple(PyObject** argv, Py_ssize_t n):
    cdef tuple values = PyTuple_New(n)
    cdef Py_ssize_t k
    for k in range(n):
        v = <object>argv[k]
        Py_INCREF(v)
        PyTuple_SET_ITEM(values, k, v)
    return values


cdef object _staged_key(tuple pbs):
    # What a kept tuple of pullbacks computes (they read constants only): equal keys, the
    # same pullbacks. None where one is not a StagedPullback or no_cotangent.
    cdef list key = []
    cdef StagedPullback pb
    for p in pbs:
        if p is no_cotangent:
            key.append(None)
        elif type(p) is StagedPullback:
            pb = <StagedPullback>p
            key.append((id(pb.rule), pb.binary, id(pb.ans), id(pb.x), id(pb.y), id(pb.unbroadcast),
                        pb.shape, pb.axes, pb.drop))
        else:
            return None
    out = tuple(key)
    try:
        hash(out)  # (a shape of another kind than a tuple of ints: not shared)
    except TypeError:
        return None
    return out


cdef tuple _restage(ReplayStep step, object ans, PyObject** argv, Py_ssize_t n, tuple values,
                    dict shared):
    # As apply stages a node's pullbacks, for the parents that need one, from the node's
    # arguments argv[0 .. n - 1] (or values, where argv is NULL). Where they read no node's
    # value (ReplayStep's fixed_shapes), the step keeps them for the next replays.
    if step.staged is not None:
        return step.staged
    cdef int kind = step.ans_kind
    if kind < 0:
        kind = _hooks.gradient_kind(ans)
        if step.kind_fixed:
            step.ans_kind = kind
    cdef bint other = kind == _hooks.OTHER
    cdef bint keep = step.fixed_shapes and not other
    cdef tuple plan = step.plan
    cdef Py_ssize_t i, m = len(plan)
    cdef tuple out = PyTuple_New(m)
    cdef tuple entry
    cdef int how
    if argv == NULL:
        argv = PySequence_Fast_ITEMS(values)
    kwargs = step.kwargs
    for i in range(m):
        entry = <tuple>plan[i]
        how = entry[2]
        rule = entry[1]
        if how == 0:
            pb = no_cotangent
        elif how == 1:  # a StagedRule, staged in C (the function has one or two arguments)
            if keep:
                keep = _reads_constants_only(<StagedRule>rule, step._refs)
            if n == 2:
                pb = (<StagedRule>rule).stage(ans, <object>argv[0], <object>argv[1])
            else:
                pb = (<StagedRule>rule).stage1(ans, <object>argv[0])
        else:
            keep = False
            if values is None:
                values = _as_tuple(argv, n)
            if how == 4 and not kwargs:
                pb = _kept_while_same(step, i, rule, ans, values)
            elif how == 3:
                pb = _hooks.first_order_pullback(step.prim, rule, ans, values, kwargs or {})
            elif kwargs:
                pb = rule(ans, *values, **kwargs)
            else:
                pb = rule(ans, *values)
        if other and how != 0:
            pb = _hooks.real_pullback(pb, <object>argv[<Py_ssize_t>entry[0]], ans)
        Py_INCREF(pb)
        PyTuple_SET_ITEM(out, i, pb)
    if keep:
        # Steps whose kept pullbacks compute the same (x * 0.9 in a loop) share one tuple
        # (``shared``: the ones of this replay, by _staged_key; the ids are those of objects
        # the tuples hold): a sweep then reads one tuple, not one per node spread in memory
        key = _staged_key(out)
        if key is not None:
            out = <tuple>shared.setdefault(key, out)
        step.staged = out
    return out


cdef object _kept_while_same(ReplayStep step, Py_ssize_t i, object rule, object ans, tuple values):
    # The pullback of plan entry i (``how`` 4, see ReplayStep): the one staged at an earlier
    # replay where every argument is a plain array and the kept one the same object, else
    # staged now (and kept, where they are all plain arrays)
    cdef Py_ssize_t k = rule.keeps_argument
    for v in values:
        if type(v) is not _hooks.array_type:
            return rule(ans, *values)
    kept = values[k]
    if step.kept is None:
        step.kept = [None] * len(step.plan)
    got = step.kept[i]
    if got is not None and (<tuple>got)[0] is kept:
        return (<tuple>got)[1]
    pb = rule(ans, *values)
    step.kept[i] = (kept, pb)
    return pb


cdef inline bint _reads_constants_only(StagedRule rule, tuple refs):
    # The StagedPullback ``rule`` stages keeps no node's value: only constants (refs -1).
    return (not rule.keep_ans and rule.keep_ans_if is None and rule.keep_x_if is None and (not rule.keep_x or <Py_ssize_t>refs[0] == -1)
            and (not rule.keep_y or len(refs) < 2 or <Py_ssize_t>refs[1] == -1))


cdef int _write_node(Tape tape, Py_ssize_t j, object value, object pbs) except -1:
    # A replayed node's value (scalar nodes: in the C arrays) and pullbacks.
    if tape.flags[j] & DOUBLE_VALUE:
        tape.sval[j] = <double>value
    elif tape.keep_values:
        tape.obj_value[tape.slot[j]] = value
    tape.obj_pullback[tape.slot[j]] = pbs
    return 0


def run_program(Tape tape not None, list program not None, list vals not None, bint stage, same):
    """Run a ``wengert.jit`` replay program (a list of :class:`ReplayStep`) on ``tape``,
    whose leaves hold the new inputs; ``vals`` receives the value of every object node.
    With ``stage`` the pullbacks are staged again at the new values.

    Returns -1, or the index of the step that failed: a guard whose outcome differs, a
    node whose value has another type or shape, a scalar op that would raise. The
    caller then records afresh. Exceptions of the rules propagate.
    """
    if tape.released or len(vals) != tape.n_nodes:
        raise ValueError("run_program: a live tape and one value slot per node")
    cdef Py_ssize_t s, k, r, n, bad
    cdef ReplayStep step
    cdef tuple values
    cdef PyObject* argv[_MAX_FAST]
    cdef dict shared = {}  # kept pullbacks staged by this replay (_restage)
    for s in range(len(program)):
        step = <ReplayStep?>program[s]
        if step.j >= tape.n_nodes or step.stop > tape.n_nodes or step.start < 0:
            raise IndexError("run_program: a step outside the tape")
        if step.kind == 0:
            if step.code is None:
                step.code = _compile_forward(tape, step.start, step.stop)
            bad = _forward_released(<_ForwardCode>step.code, tape)
            if bad >= 0:
                return s
            continue
        if step.kind == 1 and step.n_fast >= 0 and not step.kwargs:
            # A rule on constants and object nodes: its arguments are read where they are
            # (borrowed: the constants' tuple and vals hold them through the call) and the
            # function called without a tuple; Python's arithmetic operators directly.
            n = step.n_fast
            for k in range(n):
                r = step.fast_refs[k]
                if r == -1:
                    argv[k] = PyTuple_GET_ITEM(step._consts, k)
                else:
                    if r >= tape.n_nodes:
                        raise IndexError("run_program: a step outside the tape")
                    argv[k] = PyList_GET_ITEM(vals, r)
            fun = step.fun  # the rule's plain function, where wengert.jit found one
            if fun is None:
                fun = (<Rule>step.prim).fun
            if n == 2 and (fun is _MUL or fun is _ADD or fun is _SUB or fun is _TRUEDIV):
                ans = _arithmetic(fun, step, <object>argv[0], <object>argv[1])
            else:
                ans = PyObject_Vectorcall(fun, argv, n, NULL)
            if not _matches(ans, step.descr):
                return s
            vals[step.j] = ans
            if stage:
                _write_node(tape, step.j, ans, _restage(step, ans, argv, n, None, shared) if step.needed
                            else step.none_pbs)
            elif type(ans) is float:
                tape.sval[step.j] = <double>ans
            _drop(step.drops, vals)  # (after _restage: argv borrows from vals)
            continue
        values = _step_args(step, tape, vals)
        if step.kind == 1:
            kwargs = step.kwargs
            fun = step.fun
            if fun is None:
                fun = (<Rule>step.prim).fun
            ans = fun(*values, **kwargs) if kwargs else fun(*values)
            if not _matches(ans, step.descr):
                return s
            vals[step.j] = ans
            if stage:
                _write_node(tape, step.j, ans, _restage(step, ans, NULL, len(values), values, shared)
                            if step.needed else step.none_pbs)
            elif type(ans) is float:
                tape.sval[step.j] = <double>ans
        elif step.kind == 2:
            value, pbs = step.fun(*values)
            if not _matches(value, step.descr):
                return s
            vals[step.j] = value
            if stage:
                _write_node(tape, step.j, value, pbs if step.needed else step.none_pbs)
            elif type(value) is float:
                tape.sval[step.j] = <double>value
        else:
            out = step.fun(*values)
            if not (out is step.outcome or same(out, step.outcome)):
                return s
        _drop(step.drops, vals)
    return -1


cdef int _drop(tuple drops, list vals) except -1:
    # ReplayStep.drops: their slots cleared (each index checked against the list)
    if drops is None:
        return 0
    cdef Py_ssize_t r, n = len(vals)
    for d in drops:
        r = d
        if r < 0 or r >= n:
            raise IndexError("run_program: a step outside the tape")
        vals[r] = None
    return 0


cdef object _arithmetic(object fun, ReplayStep step, object a, object b):
    # a * b & co. (fun is one of Python's four operators), with a Python float constant
    # taken as its 0-d float64 array against a float64 array: NumPy converts the float to
    # one (NEP 50: a float64 result, from the same double) but takes 0.2 us longer to do so
    # on a 1-element array (NumPy 2.0 to 2.5). The staged pullbacks still get the float.
    # One float64 entry and a float, or two such entries: in C, as NumPy computes it
    # (wengert._kernels), 0.3 us less a node.
    out = one_entry_arithmetic(ARITH_MUL if fun is _MUL else ARITH_ADD if fun is _ADD
                               else ARITH_SUB if fun is _SUB else ARITH_DIV, a, b)
    if out is not None:
        return out
    cdef tuple c = step.f64_consts
    if c is not None:
        if (<tuple>c)[0] is not None:
            if _f64_array(b):
                a = (<tuple>c)[0]
        elif _f64_array(a):
            b = (<tuple>c)[1]
    if fun is _MUL:
        return PyNumber_Multiply(a, b)
    if fun is _ADD:
        return PyNumber_Add(a, b)
    if fun is _SUB:
        return PyNumber_Subtract(a, b)
    return PyNumber_TrueDivide(a, b)


cdef inline bint _f64_array(object v):
    return type(v) is _hooks.array_type and v.dtype is _FLOAT64


cdef tuple _f64_consts(tuple consts, tuple refs):
    # ReplayStep.f64_consts: of two arguments, one a constant that is exactly a float
    if len(refs) != 2 or ((<Py_ssize_t>refs[0] == -1) == (<Py_ssize_t>refs[1] == -1)):
        return None
    cdef Py_ssize_t k = 0 if <Py_ssize_t>refs[0] == -1 else 1
    if type(consts[k]) is not float:
        return None
    cdef double value = <double>consts[k]
    cdef uint64_t bits
    memcpy(&bits, &value, sizeof(double))  # (-0.0 is not 0.0; each NaN its own)
    key = ("f64", k, bits)
    got = _shared.get(key)
    if got is not None:
        return <tuple>got
    c = _np.array(value, dtype=_FLOAT64)
    c.flags.writeable = False
    return <tuple>_share(key, (c, None) if k == 0 else (None, c))


# Steps hold many equal small objects: the descr of a (1,) float64 array, the constants
# (None, 0.9) of x * 0.9 in a loop and their 0-d array, the plan of tanh's pullback. Each
# step had its own copies, which a replay reads at every step: on the 3,000-op chain their
# first reads were cache misses, most of run_program's own time (perf annotate). Steps
# share one copy of each (equal descrs, plans of the same rules, constants that are the
# same floats, ints or None), kept here for the process: small objects, at most
# _SHARED_MAX of them (beyond, each step keeps its own).
cdef dict _shared = {}
cdef Py_ssize_t _SHARED_MAX = 4096


cdef object _share(object key, object value):
    # The copy kept under key: value itself the first time (while there is room)
    got = _shared.get(key)
    if got is not None:
        return got
    if len(_shared) < _SHARED_MAX:
        _shared[key] = value
    return value


cdef object _shared_descr(object descr):
    # A describe() tuple compares by value (type, shape, dtype), as _matches does
    if type(descr) is not tuple:
        return descr
    try:
        return _share(("descr", descr), descr)
    except TypeError:  # (an unhashable shape)
        return descr


cdef tuple _shared_consts(tuple consts):
    # Keyed by the constants' identities (the kept tuple holds them, so the ids stay
    # theirs): 0.0 and -0.0, 1 and 1.0 are equal but not the same constant
    for c in consts:
        if not (c is None or type(c) is float or type(c) is int or type(c) is bool):
            return consts
    return <tuple>_share(("consts",) + tuple([id(c) for c in consts]), consts)


cdef object _shared_plan(object plan):
    # Plans whose rules are StagedRules of the rule tables, which live as long as the process
    if type(plan) is not tuple:
        return plan
    key = ["plan"]
    for entry in <tuple>plan:
        if (type(entry) is not tuple or len(<tuple>entry) != 3
                or not ((<tuple>entry)[1] is None or type((<tuple>entry)[1]) is StagedRule)):
            return plan
        key.append(((<tuple>entry)[0], id((<tuple>entry)[1]), (<tuple>entry)[2]))
    return _share(tuple(key), plan)


cdef object _FLOAT64 = _np.dtype(_np.float64)


# Python's operators, which a replay of x * y & co. applies directly (operator.mul(a, b)
# is PyNumber_Multiply(a, b))
cdef object _MUL = _operator.mul
cdef object _ADD = _operator.add
cdef object _SUB = _operator.sub
cdef object _TRUEDIV = _operator.truediv
# The most arguments a step reads without a tuple


def first_unreplayable(Tape tape not None, Py_ssize_t start, Py_ssize_t stop):
    """The first node in ``start .. stop - 1`` that :func:`replay_scalars` does not
    recompute (a leaf, a node with a pullback, a scalar node with caller-given partials),
    or ``stop`` (internal: ``wengert.jit`` checks that its program explains every node).
    """
    if tape.released or start < 0 or stop > tape.n_nodes or start > stop:
        raise IndexError(f"nodes {start}..{stop} are not a range of this tape ({tape.n_nodes} nodes)")
    cdef Py_ssize_t i
    for i in range(start, stop):
        if ((tape.flags[i] & ~HAS_EXTRA) != DOUBLE_VALUE or tape.op[i] == OP_LEAF
                or tape.op[i] == OP_CUSTOM or tape.op[i] == OP_OBJECT):
            return i
    return stop


def replay_scalars(Tape tape not None, Py_ssize_t start, Py_ssize_t stop):
    """Recompute the scalar nodes ``start .. stop - 1`` of ``tape`` from their op codes and
    their parents' values, in C, without the GIL for ``NOGIL_NODES`` nodes or more
    (internal: ``wengert.jit``'s replay).

    Returns -1, or the first node whose op would raise on its new inputs (``log`` of a
    negative number, a division by zero): the caller then records afresh.
    """
    if tape.released:
        raise RuntimeError("this tape has been released; it cannot be replayed")
    if start < 0 or stop > tape.n_nodes or start > stop:
        raise IndexError(f"nodes {start}..{stop} are not a range of this tape ({tape.n_nodes} nodes)")
    return _forward_released(_compile_forward(tape, start, stop), tape)


def all_floats(values):
    """True where ``values`` is a non-empty list or tuple whose items are all exactly
    floats (internal: ``wengert.jit``'s signature of a flat list of floats, as micrograd's
    parameters, read in C where ``set(map(type, values))`` took 6 us for 337 items).

    >>> all_floats([1.0, 2.0]), all_floats([1.0, 2]), all_floats([])
    (True, False, False)
    """
    if type(values) is not list and type(values) is not tuple:
        return False
    cdef Py_ssize_t k, n = len(values)
    cdef PyObject** items = PySequence_Fast_ITEMS(values)
    for k in range(n):
        if _type_of(items[k]) != &PyFloat_Type:
            return False
    return n > 0


cdef object _ZERO = 0.0  # float_adjoints' item of a leaf the sweep did not reach (one object, as [0.0] * n)


def set_float_leaves(Tape tape not None, tuple indices not None, values, list vals not None):
    """Give scalar leaf ``indices[k]`` the value ``values[k]`` (a list or tuple of floats)
    and put it in ``vals`` too (internal: ``wengert.jit``'s replay of an argument that is
    a flat list of floats, as micrograd's parameters). Returns False, having set nothing,
    where ``values`` has another length, an item is not a float, or a node is not a
    scalar leaf.
    """
    cdef Py_ssize_t k, i, n = len(indices)
    if type(values) is not list and type(values) is not tuple:
        return False
    if len(values) != n or len(vals) != tape.n_nodes:
        return False
    cdef PyObject** items = PySequence_Fast_ITEMS(values)  # a list's or tuple's items
    for k in range(n):
        i = indices[k]
        if (i < 0 or i >= tape.n_nodes or _type_of(items[k]) != &PyFloat_Type
                or tape.op[i] != OP_LEAF or (tape.flags[i] & ~HAS_EXTRA) != DOUBLE_VALUE):
            return False
    for k in range(n):
        i = indices[k]
        tape.sval[i] = PyFloat_AS_DOUBLE(<object>items[k])
        vals[i] = <object>items[k]
    return True


def set_leaves(Tape tape not None, tuple setters not None, args, list vals not None):
    """Give each argument's leaf, and the leaves of the fields read from it, their values at
    ``args`` (``tape.set_leaf``), and put them in ``vals`` too (internal: ``wengert.jit``'s
    replay of arrays and records of arrays, a network's weights). ``setters`` holds
    ``(argument, leaf, fields, field leaves)`` per argument: ``fields(arg)`` gives the
    fields' values in one call (an ``operator.attrgetter``), or is None (no fields). In C:
    the loop was 190 of a replayed network gradient's 3,300 bytecodes.
    """
    if len(vals) != tape.n_nodes:
        raise ValueError("set_leaves: one value slot per node")
    cdef tuple entry, indices, parts
    cdef Py_ssize_t k
    set_leaf = tape.set_leaf
    for e in setters:
        entry = <tuple?>e
        arg = args[<Py_ssize_t>entry[0]]
        set_leaf(entry[1], arg)
        vals[<Py_ssize_t>entry[1]] = arg
        fields = entry[2]
        if fields is not None:
            indices = <tuple?>entry[3]
            parts = tuple(fields(arg))
            if len(parts) != len(indices):
                raise ValueError(f"set_leaves: {len(parts)} fields read for {len(indices)} leaves")
            for k in range(len(indices)):
                set_leaf(indices[k], parts[k])
                vals[<Py_ssize_t>indices[k]] = parts[k]


def leaf_gradients(Tape tape not None, tuple indices not None, tuple likes not None, finalize, unreached):
    """The gradients of the arrays ``likes[k]`` from the adjoints of leaves ``indices[k]``
    after a sweep (internal: ``wengert.jit``'s gradients of a record's fields, a network's
    weights): each adjoint as it is where it is a writeable ndarray of its array's dtype and
    shape, else ``finalize(adjoint, like)``, with ``unreached`` for the adjoint of a leaf the
    sweep did not reach. In C: the loop was 370 bytecodes of a replayed network gradient.
    """
    cdef Py_ssize_t k, n = len(indices)
    if len(likes) != n:
        raise ValueError(f"leaf_gradients: {len(likes)} arrays for {n} leaves")
    cdef list out = []
    adjoint = tape.adjoint
    for k in range(n):
        g = adjoint(indices[k], unreached)
        like = likes[k]
        if not (type(g) is _hooks.array_type and g.dtype == like.dtype and g.shape == like.shape
                and g.flags.writeable):
            g = finalize(g, like)
        out.append(g)
    return out


def float_adjoints(Tape tape not None, Py_ssize_t root, tuple indices not None):
    """The adjoints of the scalar leaves ``indices`` after a sweep, as a list of floats
    (0.0 where a leaf was not reached): the gradient of an argument that is a flat list of
    floats (internal: ``wengert.jit``). None where the argument's own node ``root`` was
    reached (the list was used whole) or an adjoint is not a plain float: the caller then
    builds the gradient as for any argument.
    """
    cdef Py_ssize_t k, i, n = len(indices), nodes = tape.n_nodes
    if root < 0 or root >= nodes or tape.touched[root]:
        return None
    # Each item put in place (PyList_SET_ITEM, a new list's slots are empty): filling
    # [0.0] * n with list assignments took 4.4 us for micrograd's 337 parameters
    cdef list out = PyList_New(n)
    cdef object v
    for k in range(n):
        i = indices[k]
        if i < 0 or i >= nodes or tape.flags[i] != DOUBLE_VALUE:
            return None  # (the list's empty slots are freed as NULL)
        v = PyFloat_FromDouble(tape.sadj[i]) if tape.touched[i] else _ZERO
        Py_INCREF(v)
        PyList_SET_ITEM(out, k, v)
    return out



# -- what a recording's nodes need (wengert.jit's first call) --------------------------------

@cython.final
cdef class NodeRef:
    """A node of a recorded tape standing in an argument list of a ``wengert.jit`` replay
    program: a replay reads the node's new value there (internal).

    >>> NodeRef(3).index
    3
    """
    cdef readonly Py_ssize_t index

    def __init__(self, Py_ssize_t index):
        self.index = index

    def __repr__(self):
        return f"NodeRef({self.index})"


cdef enum:
    _NEEDS = 1    # gradient_needs' bits of a node: its gradient is needed,
    _LEAF = 2     # it is a leaf (a part of an argument),
    _STEPPED = 4  # a step of the program recomputes it (not a scalar op code)

NEEDS_GRADIENT, IS_LEAF, IS_STEPPED = _NEEDS, _LEAF, _STEPPED


cdef int _mark_leaves(unsigned char* kinds, Py_ssize_t n, object tree, unsigned char bits) except -1:
    # tree: a leaf tree (index, is_record, {key: leaf tree of a part read from it}), a
    # tuple or a subclass of it
    # (its length checked: lt[0] and lt[2] are read without bounds checks)
    if not isinstance(tree, tuple) or len(<tuple>tree) != 3:
        raise TypeError(f"a leaf tree is a tuple (index, is_record, parts), not {type(tree).__name__} {tree!r}")
    cdef tuple lt = <tuple>tree
    cdef Py_ssize_t i = lt[0]
    if i < 0 or i >= n:
        raise IndexError(f"leaf {i} is not a node of a tape of {n} nodes")
    kinds[i] = bits
    parts = lt[2]
    if parts:
        for part in (<dict?>parts).values():
            _mark_leaves(kinds, n, part, bits)
    return 0


cdef inline Py_ssize_t _node_of(object step, Py_ssize_t n) except -1:
    cdef Py_ssize_t j = step[1]
    if j < 0 or j >= n:
        raise IndexError(f"step of node {j} is not a node of a tape of {n} nodes")
    return j


def gradient_needs(Py_ssize_t n_nodes, list steps not None, list leaves not None, argnums, root):
    """Which nodes of a recording of ``n_nodes`` nodes need a gradient, as ``(kinds,
    unneeded, reached)``: a byte of ``NEEDS_GRADIENT | IS_LEAF | IS_STEPPED`` bits per
    node, the rule nodes with differentiable parents that need none (``(node,
    positions)``), whether ``root`` needs one (internal: ``wengert.jit``'s first call;
    the twin, ``wengert._replay_py.gradient_needs``, says it in full).

    >>> kinds, unneeded, reached = gradient_needs(2, [], [(0, False, {})], (), 1)
    >>> list(kinds), unneeded, reached
    ([2, 1], [], True)
    """
    cdef bytearray kinds = bytearray(b"\x01") * n_nodes
    cdef unsigned char* k = kinds
    cdef list unneeded = []
    cdef Py_ssize_t a, i, j, pos, kept
    cdef bint any_need
    cdef list unused
    cdef dict vjps
    for a in range(len(leaves)):
        lt = leaves[a]
        if lt is not None:
            _mark_leaves(k, n_nodes, lt, _LEAF | (_NEEDS if a in argnums else 0))
    for step in steps:  # a stepped node needs a gradient only where its step says so
        if step[0] != "guard":
            j = _node_of(step, n_nodes)
            k[j] = (k[j] | _STEPPED) if k[j] & _LEAF else _STEPPED
    for step in steps:
        kind = step[0]
        if kind == "node":
            j = _node_of(step, n_nodes)
            prim = step[2]
            vjps = (<Rule>prim).vjps if isinstance(prim, Rule) else prim.vjps
            any_need, unused, pos, kept = False, None, 0, 0
            for x in <tuple?>step[3]:
                if type(x) is NodeRef and vjps.get(pos) is not None:
                    i = (<NodeRef>x).index
                    if i < 0 or i >= n_nodes:
                        raise IndexError(f"parent {i} is not a node of a tape of {n_nodes} nodes")
                    if k[i] & _NEEDS:
                        any_need = True
                    else:
                        if unused is None:
                            unused = []
                        unused.append(kept)
                    kept += 1
                pos += 1
            if any_need:
                k[j] |= _NEEDS
            if unused is not None:
                unneeded.append((j, unused))
        elif kind == "py":
            j = _node_of(step, n_nodes)
            if not step[6]:  # (stops: a stop_gradient gives its parents no cotangent)
                for x in <tuple?>step[3]:
                    if type(x) is NodeRef:
                        i = (<NodeRef>x).index
                        if i < 0 or i >= n_nodes:
                            raise IndexError(f"parent {i} is not a node of a tape of {n_nodes} nodes")
                        if k[i] & _NEEDS:
                            k[j] |= _NEEDS
                            break
    cdef bint reached = False
    if root is not None:
        i = root
        if i < 0 or i >= n_nodes:
            raise IndexError(f"root {i} is not a node of a tape of {n_nodes} nodes")
        reached = k[i] & _NEEDS
    return kinds, unneeded, reached


cdef inline bint _holds_no_var(object v):
    # a keyword argument that is a number, a string or None (axis=1, keepdims=True)
    t = type(v)
    return t is int or t is bool or t is float or t is str or v is None


cdef class ProgramRecorder:
    """What a ``wengert.jit`` recording collects besides the tape (internal: the base of
    wengert.jit's recorder, which the tape calls while it is ``tape.jit``): ``steps``, in
    recording order, and why the recording cannot be replayed (``broken``, or None).

    The rule nodes, the most frequent steps, are taken here (:meth:`node`); the subclass
    gives ``template(x)`` (an argument that is not a Var of this tape: refuses what a replay
    cannot re-read) and ``kwargs_hold_var(kwargs)``, and the other kinds of steps.
    """
    cdef readonly object tape
    cdef public list steps
    cdef public object broken

    def __init__(self, tape):
        self.tape = tape
        self.steps = []
        self.broken = None

    def refuse(self, why):
        """Mark the recording as one that cannot be replayed (the first reason is kept)."""
        if self.broken is None:
            self.broken = why

    def node(self, Py_ssize_t index, prim, tuple args not None, kwargs, ans):
        """Node ``index`` (whose value is ``ans``) is rule ``prim`` on ``args``: a step
        ``("node", index, prim, template, kwargs or None, describe(ans))``, where the
        template holds a :class:`NodeRef` for each Var of this tape among ``args``."""
        if type(prim) is not Rule and not getattr(prim, "replayable", True):  # (a Rule has no mark)
            self.refuse(f"the rule {prim.name} is marked replayable=False")
        if kwargs:
            for v in kwargs.values():  # (axis=1, keepdims=True: no call)
                if not _holds_no_var(v):
                    if self.kwargs_hold_var(kwargs):
                        self.refuse(f"a Var was passed to {prim.name} as a keyword argument")
                    break
        cdef Py_ssize_t k, n = len(args)
        cdef tuple template = PyTuple_New(n)
        cdef NodeRef ref
        cdef object a, item
        tape = self.tape
        for k in range(n):
            a = <object>PyTuple_GET_ITEM(args, k)
            if type(a) is Var and (<Var>a).tape is tape:
                ref = NodeRef.__new__(NodeRef)
                ref.index = (<Var>a).index
                item = ref
            elif type(a) is Var or type(a) is list or type(a) is tuple or type(a) is dict:
                item = self.template(a)
            else:
                item = a
            Py_INCREF(item)
            PyTuple_SET_ITEM(template, k, item)
        self.steps.append(("node", index, prim, template, kwargs or None, describe(ans)))


# -- the fused sigmoid: c / (k + exp(-z)) as one replay step ------------------------------

cdef object _NEGATIVE = _np.negative
cdef object _EXP = _np.exp
cdef object _ADD_UFUNC = _np.add
cdef object _TRUE_DIVIDE = _np.true_divide


cdef int _check_chain_node(Tape tape, Py_ssize_t j, Py_ssize_t parents, str who) except -1:
    # Node j of a live tape is an array node with pullbacks, one per parent, and ``parents``
    # of them: a fused chain writes it with _write_node, without set_replayed's checks
    if (tape.released or not 0 <= j < tape.n_nodes or not tape.flags[j] & HAS_PULLBACK
            or not tape.flags[j] & PER_PARENT or tape.flags[j] & DOUBLE_VALUE
            or tape.edge_start[j + 1] - tape.edge_start[j] != parents):
        raise ValueError(f"{who}: node {j} is not an array node with {parents} parent(s)")
    return 0


cdef class LogisticChain:
    """A replay step's function (ReplayStep kind 2) for ``s = c / (k + exp(-z))`` (``k + e``
    where ``at`` is 1, ``e + k`` where 0), recorded as the four nodes ``nodes`` (``-z``,
    ``exp``, ``+``, ``/``) of ``tape`` whose staged rules are ``rules`` (internal: built by
    ``wengert.jit``'s fusing of a user's sigmoid). A call computes the four values by the
    recorded steps' ufuncs, in their order (the same values and warnings), ``-z``, ``exp(-z)``
    and ``k + exp(-z)`` into buffers kept from one call to the next (``nb``, ``eb``, ``yb``,
    made by ``new_buffer(shape)``; new ones where another holds them: a pullback of an earlier
    replay still on the tape, a vjp's). Where ``stages()`` is true (pullbacks staged), the three
    inner nodes are written their values and pullbacks that pass ``s``'s on, and the call
    gives ``s``'s: the cotangent of ``z`` in one pass, ``one_pass(g, s, y, e)``
    (``logistic_chain``'s bits are the rules'), where it can, else the rules' own pullbacks,
    staged then from these values, node by node. Returns ``(s, pullbacks or None)``.
    """
    cdef readonly Tape tape
    cdef readonly tuple rules, nodes
    cdef readonly object k, c
    cdef readonly Py_ssize_t at
    cdef readonly object nb, eb, yb
    cdef object one_pass, new_buffer, stages

    def __init__(self, Tape tape not None, tuple rules not None, tuple nodes not None, k, Py_ssize_t at, c,
                 one_pass, new_buffer, stages):
        if len(rules) != 4 or len(nodes) != 4 or at not in (0, 1):
            raise ValueError("LogisticChain: four rules and four nodes, and at is 0 or 1")
        if type(rules[0]) is not StagedRule:
            raise TypeError("LogisticChain: the negation's rule is a StagedRule")
        for j in nodes[:3]:  # (written by the call without set_replayed's checks: checked here)
            _check_chain_node(tape, j, 1, "LogisticChain")
        self.tape, self.rules, self.nodes, self.k, self.at, self.c = tape, rules, nodes, k, at, c
        self.one_pass, self.new_buffer, self.stages = one_pass, new_buffer, stages
        self.nb = self.eb = self.yb = None

    def __call__(self, z):
        if (self.nb is None or _refcnt(<PyObject*>self.nb) != 1 or _refcnt(<PyObject*>self.eb) != 1
                or _refcnt(<PyObject*>self.yb) != 1 or self.nb.shape != z.shape):
            # (held by another: a pullback of an earlier replay still on the tape, a vjp's)
            shape = z.shape
            self.nb, self.eb, self.yb = self.new_buffer(shape), self.new_buffer(shape), self.new_buffer(shape)
        # (positional outputs: the ufuncs' out=, without their keyword parsing)
        n = _NEGATIVE(z, self.nb)
        e = _EXP(n, self.eb)
        y = _ADD_UFUNC(self.k, e, self.yb)  # (the IEEE sum: operator.add's bits, either order)
        s = _TRUE_DIVIDE(self.c, y)
        if not self.stages():
            return s, None
        if self.tape.released:
            raise ValueError("LogisticChain: its tape is closed")
        # (the rules' own pullbacks staged only where the sweep needs them: the one pass
        # refused; negative's here, which keeps nothing, so that z need not be kept)
        cdef _LogisticPullbacks pbs = _LogisticPullbacks.__new__(_LogisticPullbacks)
        pbs.rules, pbs.at, pbs.k, pbs.c, pbs.one_pass = self.rules, self.at, self.k, self.c, self.one_pass
        pbs.s, pbs.y, pbs.e, pbs.n = s, y, e, n
        pbs.negative = (<StagedRule>self.rules[0]).stage1(n, z)
        _write_node(self.tape, <Py_ssize_t>self.nodes[0], n, (pbs.through_negative,))
        _write_node(self.tape, <Py_ssize_t>self.nodes[1], e, (pbs.through_exp,))
        _write_node(self.tape, <Py_ssize_t>self.nodes[2], y, (pbs.through_add,))
        return s, (pbs.first,)


cdef class _LogisticPullbacks:
    # The pullbacks of one call of a LogisticChain: first (of s, the first the sweep reaches)
    # computes the cotangent of z in one pass where one_pass can (its bits are the rules'), and
    # the nodes y, e and n then pass it through; where it cannot (a zero or a non-finite entry
    # in the cotangent or on the way, a traced cotangent), each node runs its rule's pullback
    # as the unfused replay does, staged then from the chain's values (a StagedRule's staging
    # computes nothing: it keeps what its rule reads). It holds the chain's rules and
    # constants, not the chain, which holds the tape that holds these.
    cdef tuple rules
    cdef Py_ssize_t at
    cdef object k, c, s, y, e, n, negative, one_pass
    cdef bint fused

    def first(self, g):
        out = self.one_pass(g, self.s, self.y, self.e)
        self.fused = out is not None
        return self.rules[3](self.s, self.c, self.y)(g) if out is None else out

    def through_add(self, g):
        if self.fused:
            return g
        return (self.rules[2](self.y, self.k, self.e) if self.at else self.rules[2](self.y, self.e, self.k))(g)

    def through_exp(self, g):
        return g if self.fused else self.rules[1](self.e, self.n)(g)

    def through_negative(self, g):
        return g if self.fused else self.negative(g)


# -- wnp.logistic on a float64 array as one replay step, its pullback in one pass ---------------

cdef object _ONE_F64 = _np.array(1.0)  # (logistic_array's 1 for a float64 array: the same bits)
_ONE_F64.flags.writeable = False
cdef double _EXP_FINITE_BELOW = -709.0  # (logistic_array's: exp(-x) is finite from here up)


cdef class LogisticArrayStep:
    """A replay step's function (ReplayStep kind 2) for ``wnp.logistic`` on a float64 array,
    whose recorded step called ``fun`` (``logistic_array``) and staged ``rule`` (internal: built
    by ``wengert.jit``). Where ``stages()`` is true and ``at_least(x, -709.0)`` (every entry of a
    C-contiguous float64 ``x`` at least -709: ``exp(-x)`` finite), the call computes the value as
    ``logistic_array`` does there, by the same ufuncs in the same order (``e = exp(-x)``, ``1 /
    (1 + e)``: the same bits and warnings), and gives one pullback: ``one_pass(g, e, ans, x,
    near)`` (``logistic_cotangent``: the rule's ``g * partial``, its bits, in one pass), where it
    can (``e`` then used up), else the rule's own pullback, staged then (its ``exp(-x)`` computed
    anew, the same bits, as a rule's pullback called twice does). Elsewhere ``fun(x)`` and the
    rule's pullback, as the unfused step. Returns ``(value, pullbacks or None)``.
    """
    cdef readonly object fun, rule
    cdef readonly double near
    cdef object at_least, one_pass, stages

    def __init__(self, fun, rule, double near, at_least, one_pass, stages):
        if type(rule) is not StagedRule:
            raise TypeError("LogisticArrayStep: the rule is a StagedRule")
        self.fun, self.rule, self.near = fun, rule, near
        self.at_least, self.one_pass, self.stages = at_least, one_pass, stages

    def __call__(self, x):
        if not self.stages():
            return self.fun(x), None
        if self.at_least(x, _EXP_FINITE_BELOW) is not True:
            # (an entry below -709 or NaN, x not a C-contiguous float64 array: the function itself)
            ans = self.fun(x)
            return ans, ((<StagedRule>self.rule).stage1(ans, x),)
        e = _NEGATIVE(x)
        _EXP(e, e)
        ans = _ADD_UFUNC(e, _ONE_F64)
        _TRUE_DIVIDE(_ONE_F64, ans, ans)
        cdef _LogisticArrayPullback pb = _LogisticArrayPullback.__new__(_LogisticArrayPullback)
        pb.rule, pb.one_pass, pb.near, pb.e, pb.ans, pb.x = self.rule, self.one_pass, self.near, e, ans, x
        return ans, (pb,)


cdef class _LogisticArrayPullback:
    # The pullback of one call of a LogisticArrayStep: g * partial in one pass into e where
    # one_pass can (a plain float64 cotangent with no zero, no entry far, every number normal),
    # else the rule's own pullback, staged now (it computes exp(-x) anew: the same bits)
    cdef object rule, one_pass, e, ans, x
    cdef double near

    def __call__(self, g):
        e = self.e
        if e is not None:
            self.e = None  # (written into by one_pass, whether or not it gives it)
            out = self.one_pass(g, e, self.ans, self.x, self.near)
            if out is not None:
                return out
        return (<StagedRule>self.rule).stage1(self.ans, self.x)(g)


# -- the fused log-softmax, z - log(sum(exp(z), axis=-1, keepdims=True)), and its weighted sum -----

cdef object _ADD_REDUCE = _np.add.reduce
cdef object _ERRSTATE = _np.errstate
cdef object _FLOAT64_TYPE = _np.float64


cdef class LogSoftmaxChain:
    """A replay step's function (ReplayStep kind 2) for ``p = z - log(sum(exp(z), axis=-1,
    keepdims=True))``, recorded as the four nodes ``nodes`` (``exp``, ``sum``, ``log``, ``-``) of
    ``tape``, computed by the recorded steps' functions ``funs`` (``sum``'s with ``kwargs``), in
    their order (the same values and warnings); ``rules``: the staged rules of ``exp``, ``sum``,
    ``log`` and ``-``'s two (internal: built by ``wengert.jit``'s fusing of a user's
    log-softmax). Where ``stages()`` is true, the three inner nodes are written their values and
    the rules' pullbacks (staged where the sweep reaches them), and ``p``'s pullbacks are given:
    to ``z``, in one pass where ``one_pass(g, e, S, s)`` can (``log_softmax_chain``; ``S`` the
    sums of ``g``'s rows over ``axes``, by ``row_sums(g)`` where it can, ``lone_entry_sums``),
    then none to ``l`` so that the sweep does not reach ``log``, ``sum`` and ``exp``; elsewhere
    the rules' own. Returns ``(p, pullbacks or None)``.
    """
    cdef readonly Tape tape
    cdef readonly tuple funs, rules, nodes
    cdef readonly object kwargs, axes
    cdef object one_pass, row_sums, stages

    def __init__(self, Tape tape not None, tuple funs not None, tuple rules not None, tuple nodes not None,
                 kwargs, axes, one_pass, row_sums, stages):
        if len(funs) != 4 or len(rules) != 5 or len(nodes) != 4:
            raise ValueError("LogSoftmaxChain: four functions, five rules and four nodes")
        for j in nodes[:3]:
            _check_chain_node(tape, j, 1, "LogSoftmaxChain")
        self.tape, self.funs, self.rules, self.nodes = tape, funs, rules, nodes
        self.kwargs, self.axes = dict(kwargs or {}), axes
        self.one_pass, self.row_sums, self.stages = one_pass, row_sums, stages

    def __call__(self, z):
        p, pbs = self.run(z, False)
        return p, None if pbs is None else (pbs.to_z, pbs.to_log)

    cdef tuple run(self, z, bint cross):
        # p and, where pullbacks are staged, the pullbacks' object (a cross-entropy's where
        # ``cross``), else None
        f_exp, f_sum, f_log, f_sub = self.funs
        e = f_exp(z)
        s = f_sum(e, **self.kwargs)
        lg = f_log(s)
        p = f_sub(z, lg)
        if not self.stages():
            return p, None
        if self.tape.released:
            raise ValueError("LogSoftmaxChain: its tape is closed")
        cdef _LogSoftmaxPullbacks pbs = (_CrossEntropyPullbacks.__new__(_CrossEntropyPullbacks) if cross
                                         else _LogSoftmaxPullbacks.__new__(_LogSoftmaxPullbacks))
        pbs.rules, pbs.kwargs, pbs.axes, pbs.one_pass, pbs.row_sums = (self.rules, self.kwargs, self.axes,
                                                                       self.one_pass, self.row_sums)
        pbs.z, pbs.e, pbs.s, pbs.lg, pbs.p = z, e, s, lg, p
        _write_node(self.tape, <Py_ssize_t>self.nodes[0], e, (pbs.through_exp,))
        _write_node(self.tape, <Py_ssize_t>self.nodes[1], s, (pbs.through_sum,))
        _write_node(self.tape, <Py_ssize_t>self.nodes[2], lg, (pbs.through_log,))
        return p, pbs


cdef class _LogSoftmaxPullbacks:
    # The pullbacks of one call of a LogSoftmaxChain, p = z - l: to_z (called first by the
    # sweep) gives the whole cotangent of z in one pass where one_pass can (its bits are the
    # rules'), and to_log then gives l none; where it cannot (a C-contiguous float64 array is
    # not the cotangent, a zero or a non-finite or subnormal number is made on the way), these
    # and p's are the rules' pullbacks, staged then from the chain's values, node by node. It
    # holds the chain's rules, not the chain, which holds the tape that holds these.
    cdef tuple rules
    cdef object kwargs, axes, z, e, s, lg, p, one_pass, row_sums
    cdef bint fused

    cdef object _one_pass(self, g):
        # the cotangent of z for the cotangent g of p in one pass, or None
        if (type(g) is _hooks.array_type and g.dtype == _FLOAT64_TYPE and g.flags.c_contiguous
                and g.shape == self.e.shape):
            # (the rules sum -g over the last axis, as StagedPullback does: -S bit for bit where
            # S is not 0, which one_pass refuses through S / s; where each row of g has one
            # entry other than 0 at most, any order of the additions gives that entry)
            total = self.row_sums(g)
            if total is None:
                # (a sum of floats sets no flag but overflow and invalid, whose inf or NaN is
                # refused below: the rules' own reduction then warns, once)
                with _ERRSTATE(all="ignore"):
                    total = _ADD_REDUCE(g, self.axes, None, None, True)
            return self.one_pass(g, self.e, total, self.s)
        return None

    cdef object _to_z(self, g):
        out = self._one_pass(g)
        self.fused = out is not None
        return self.rules[3](self.p, self.z, self.lg)(g) if out is None else out

    cdef object _to_log(self, g):
        return None if self.fused else self.rules[4](self.p, self.z, self.lg)(g)

    def to_z(self, g):
        return self._to_z(g)

    def to_log(self, g):
        return self._to_log(g)

    # the inner nodes' pullbacks, which the sweep reaches where the one pass was refused
    def through_exp(self, g):
        return self.rules[0](self.e, self.z)(g)

    def through_sum(self, g):
        return self.rules[1](self.s, self.e, **self.kwargs)(g)

    def through_log(self, g):
        return self.rules[2](self.lg, self.s)(g)


cdef tuple _mul_pullbacks(tuple plan, object through_mul):
    # m = w * p's pullbacks in a fused cross-entropy: through_mul for p, none for w
    cdef Py_ssize_t i, n = len(plan)
    cdef tuple out = PyTuple_New(n)
    for i in range(n):
        pb = through_mul if (<tuple>plan[i])[2] else no_cotangent
        Py_INCREF(pb)
        PyTuple_SET_ITEM(out, i, pb)
    return out


cdef object _spread_weights(object weighted, object g, object w, object shape):
    # The rules' cotangent of p for the cotangent g of t = sum(m), m = w * p: they spread g over
    # m's shape and multiply it by w, entry by entry: g * w's bits, by weighted(w, g), where g is
    # a float and w an array of p's shape; None where it is not or a flag is set (so that the
    # rules' own product warns once)
    if (type(g) is float or type(g) is _FLOAT64_TYPE) and type(w) is _hooks.array_type and w.shape == shape:
        return weighted(w, g)
    return None


cdef class CrossEntropyChain:
    """A replay step's function (ReplayStep kind 2) for ``t = total(m)``, ``m = mul(w, p)`` (or
    ``mul(p, w)`` where ``at`` is 0), ``p`` the log-softmax of ``z`` that ``head`` (a
    :class:`LogSoftmaxChain`) computes: the six values by the recorded steps' functions, in
    their order (internal: built by ``wengert.jit``'s fusing of a user's cross-entropy; ``mul``
    the ReplayStep of ``m``, ``rule`` its rule for ``p``, ``total_rule`` ``total``'s). Where
    pullbacks are staged, ``t``'s pullback gives the cotangent of ``z`` in one pass where it can
    (``weighted(w, G)``, the rules' cotangent of ``p``, taken by the log-softmax's one pass),
    which ``m`` and ``p`` then pass on, ``log`` reached by none; elsewhere the rules' pullbacks
    of ``t`` and ``m`` (staged then) and the log-softmax's of ``p``. Returns ``(t, pullbacks or
    None)``.
    """
    cdef readonly LogSoftmaxChain head
    cdef readonly Py_ssize_t j_p, j_m, at
    cdef readonly object mul, total
    cdef readonly tuple plan, rules_of_mul
    cdef object weighted

    def __init__(self, LogSoftmaxChain head not None, ReplayStep mul not None, Py_ssize_t at, rule, total,
                 total_rule, weighted):
        if at not in (0, 1):
            raise ValueError("CrossEntropyChain: at is 0 or 1")
        self.head, self.j_p, self.j_m, self.at = head, head.nodes[3], mul.j, at
        _check_chain_node(head.tape, self.j_p, 2, "CrossEntropyChain")
        _check_chain_node(head.tape, self.j_m, len(mul.plan), "CrossEntropyChain")
        self.mul = mul.fun if mul.fun is not None else mul.prim.fun
        # (mul's rule and sum's: the pullbacks of m and t where the one pass is refused)
        self.plan, self.rules_of_mul, self.total, self.weighted = mul.plan, (rule, total_rule), total, weighted

    def __call__(self, z, w):
        p, pbs = self.head.run(z, True)
        args = (w, p) if self.at else (p, w)
        m = self.mul(*args)
        t = self.total(m)
        if pbs is None:
            return t, None
        cdef _CrossEntropyPullbacks c = <_CrossEntropyPullbacks>pbs
        c.w, c.m, c.t, c.args, c.mul_rules, c.weighted = w, m, t, args, self.rules_of_mul, self.weighted
        tape = self.head.tape
        _write_node(tape, self.j_p, p, (c.to_z, c.to_log))
        _write_node(tape, self.j_m, m, _mul_pullbacks(self.plan, c.through_mul))
        return t, (c.first,)


cdef class _CrossEntropyPullbacks(_LogSoftmaxPullbacks):
    # The pullbacks of t, m and p in one call of a CrossEntropyChain: first (of t, the first
    # the sweep reaches) gives the cotangent of z in one pass where it can (G * w, the rules'
    # cotangent of p, taken by the log-softmax's one pass), which through_mul and to_z then pass
    # on, to_log giving none; elsewhere the rules' pullbacks of t and m (staged then) and the
    # log-softmax's of p.
    cdef object w, m, t, args, weighted
    cdef tuple mul_rules
    cdef bint whole

    def first(self, g):
        gw = _spread_weights(self.weighted, g, self.w, self.e.shape)
        out = None if gw is None else self._one_pass(gw)
        self.whole = out is not None
        return self.mul_rules[1](self.t, self.m)(g) if out is None else out

    def through_mul(self, g):
        return g if self.whole else self.mul_rules[0](self.m, *self.args)(g)

    def to_z(self, g):
        return g if self.whole else self._to_z(g)

    def to_log(self, g):
        return None if self.whole else self._to_log(g)


# -- wnp.log_softmax's weighted sum (a cross-entropy) as one replay step ------------------------

cdef object _MAX_REDUCE = _np.maximum.reduce
cdef object _SUBTRACT = _np.subtract
cdef object _LOG = _np.log


cdef class OwnCrossEntropyChain:
    """A replay step's function (ReplayStep kind 2) for ``t = total(m)``, ``m = mul(w, p)`` (or
    ``mul(p, w)`` where ``at`` is 0), ``p = wnp.log_softmax(z, **kwargs)`` over the last axis of
    a float64 array, recorded as the nodes ``j_p``, ``m``'s (``mul``, its ReplayStep) and ``t``'s
    of ``tape``; ``fun``: the log-softmax's recorded function, ``rules``: the log-softmax's rule,
    ``mul``'s StagedRule for ``p`` and ``total``'s rule (internal: built by ``wengert.jit``'s
    fusing of a cross-entropy written with ``wnp.log_softmax``). A call computes ``p`` as
    ``log_softmax`` does where every maximum is finite, its ufuncs in its order (``x - max``,
    ``exp``, ``add.reduce``, ``log``, ``-``: the same bits), else by ``fun``, then ``m`` and ``t``
    by the recorded functions. Where ``stages()`` is true, ``p`` and ``m`` are written their values
    and pullbacks, and ``t``'s pullback gives the cotangent of ``z`` in one pass where it can:
    the rules' cotangent of ``p``, ``weighted(w, G)``, then the log-softmax's rule ``g - exp(p) *
    S`` (``S`` the rows' sums of ``g``, by ``row_sums(g)`` where it can, ``lone_entry_sums``) as
    ``one_pass(g, exp(p), S, ones)`` (``log_softmax_chain``'s ``g - e * (S / 1)``: the same bits),
    which ``m`` and ``p`` then pass on; elsewhere the rules' pullbacks of ``t``, ``m`` and ``p``,
    staged then. Returns ``(t, pullbacks or None)``.
    """
    cdef readonly Tape tape
    cdef readonly Py_ssize_t j_p, j_m, at
    cdef readonly object fun, kwargs, axis, mul, total, ones
    cdef readonly tuple rules, plan
    cdef object one_pass, row_sums, weighted, stages

    def __init__(self, Tape tape not None, fun, kwargs, Py_ssize_t j_p, ReplayStep mul not None, Py_ssize_t at,
                 tuple rules not None, total, one_pass, row_sums, weighted, stages):
        if at not in (0, 1) or len(rules) != 3:
            raise ValueError("OwnCrossEntropyChain: at is 0 or 1, and three rules")
        if type(rules[1]) is not StagedRule:
            raise TypeError("OwnCrossEntropyChain: mul's rule is a StagedRule")
        _check_chain_node(tape, j_p, 1, "OwnCrossEntropyChain")
        _check_chain_node(tape, mul.j, len(mul.plan), "OwnCrossEntropyChain")
        d = mul.descr
        if not (type(d) is tuple and len(<tuple>d) == 3 and type(d[1]) is tuple and len(<tuple>d[1]) >= 1):
            raise ValueError("OwnCrossEntropyChain: m is an array of one or more axes")
        self.tape, self.fun, self.kwargs, self.j_p, self.j_m, self.at = tape, fun, dict(kwargs or {}), j_p, mul.j, at
        self.axis = len(<tuple>d[1]) - 1
        self.mul = mul.fun if mul.fun is not None else mul.prim.fun
        self.total, self.rules, self.plan = total, rules, mul.plan
        self.ones = _np.ones(d[1][:-1] + (1,))  # (S / 1 is S)
        self.ones.flags.writeable = False
        self.one_pass, self.row_sums, self.weighted, self.stages = one_pass, row_sums, weighted, stages

    cdef object _log_softmax(self, z):
        # log_softmax's common case, its ufuncs in its order, where z is a float64 array whose
        # maxima are finite; else its function
        if type(z) is _hooks.array_type and z.dtype == _FLOAT64 and z.size:
            top = _MAX_REDUCE(z, self.axis, None, None, True)
            if _all_finite_f64(top):
                shifted = _SUBTRACT(z, top)
                return _SUBTRACT(shifted, _LOG(_ADD_REDUCE(_EXP(shifted), self.axis, None, None, True)))
        return self.fun(z, **self.kwargs)

    def __call__(self, z, w):
        p = self._log_softmax(z)
        args = (w, p) if self.at else (p, w)
        m = self.mul(*args)
        t = self.total(m)
        if not self.stages():
            return t, None
        if self.tape.released:
            raise ValueError("OwnCrossEntropyChain: its tape is closed")
        cdef _OwnCrossEntropyPullbacks pbs = _OwnCrossEntropyPullbacks.__new__(_OwnCrossEntropyPullbacks)
        pbs.z, pbs.p, pbs.w, pbs.m, pbs.t, pbs.args, pbs.kwargs = z, p, w, m, t, args, self.kwargs
        pbs.rules, pbs.axis, pbs.ones = self.rules, self.axis, self.ones
        pbs.one_pass, pbs.row_sums, pbs.weighted = self.one_pass, self.row_sums, self.weighted
        _write_node(self.tape, self.j_p, p, (pbs.to_z,))
        _write_node(self.tape, self.j_m, m, _mul_pullbacks(self.plan, pbs.through_mul))
        return t, (pbs.first,)


cdef bint _all_finite_f64(object a) except -1:
    # every entry of the array a finite (log_softmax's _all_finite, on its maxima)
    if a.size == 1:
        return isfinite(<double>a.item())
    return bool(_np.isfinite(a).all())


cdef class _OwnCrossEntropyPullbacks:
    # The pullbacks of t, m and p in one call of an OwnCrossEntropyChain: first (of t, the first
    # the sweep reaches) gives the cotangent of z in one pass where it can, which through_mul and
    # to_z then pass on; elsewhere the rules' pullbacks of t, m and p, staged then.
    cdef object z, p, w, m, t, args, kwargs, ones, one_pass, row_sums, weighted
    cdef Py_ssize_t axis
    cdef tuple rules
    cdef bint whole

    def first(self, g):
        out = None
        gw = _spread_weights(self.weighted, g, self.w, self.p.shape)
        if gw is not None:
            total = self.row_sums(gw)
            if total is None:
                # (a sum of floats sets no flag but overflow and invalid, whose inf or NaN is
                # refused by one_pass: the rule's own reduction then warns, once)
                with _ERRSTATE(all="ignore"):
                    total = _ADD_REDUCE(gw, self.axis, None, None, True)
            out = self.one_pass(gw, _EXP(self.p), total, self.ones)
        self.whole = out is not None
        return self.rules[2](self.t, self.m)(g) if out is None else out

    def through_mul(self, g):
        return g if self.whole else self.rules[1](self.m, *self.args)(g)

    def to_z(self, g):
        return g if self.whole else self.rules[0](self.p, self.z, **self.kwargs)(g)
