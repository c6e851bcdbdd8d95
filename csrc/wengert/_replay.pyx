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
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from libc.math cimport NAN, fabs, floor, isfinite, log as c_log, pow

cimport wengert._hooks as _hooks
from wengert._engine cimport Rule, StagedRule
from wengert._scalar cimport ScalarOp, outside_domain, scalar_op
from wengert._tape cimport (
    DOUBLE_VALUE, HAS_EXTRA, OP_ABS, OP_ADD, OP_ADD_CONST, OP_CUSTOM, OP_DIV, OP_DIV_CONST,
    OP_LEAF, OP_MUL, OP_MUL_CONST, OP_NEG, OP_OBJECT, OP_POW, OP_POW_CONST, OP_RDIV_CONST,
    OP_RPOW_CONST, OP_RSUB_CONST, OP_SUB, OP_SUB_CONST, NOGIL_MIN_NODES, Tape,
)
from wengert._var cimport Var, value_of

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


# -- replaying scalar nodes (wengert.jit) --------------------------------------------

cdef inline bint _pow_fails(double x, double y, double r) noexcept nogil:
    # Where _checked_pow raises: 0 ** negative, negative ** fraction, overflow.
    return ((x == 0.0 and y < 0.0) or (x < 0.0 and y != floor(y))
            or (not isfinite(r) and isfinite(x) and isfinite(y)))


cdef inline double _dpow_dy(double x, double value) noexcept nogil:
    # _dpow_dexponent, for the replay loop
    if x > 0.0:
        return c_log(x) * value
    if x == 0.0:
        return 0.0
    return NAN


cdef Py_ssize_t _replay_scalars(Tape t, Py_ssize_t start, Py_ssize_t stop) noexcept nogil:
    # Values and partials of the C-swept scalar nodes in [start, stop), from their op codes,
    # their parents' values and aux: the same formulas, in the same order, as the Var
    # dunders and wengert.exp & co. above, so a replay gives the recording's bits. Returns
    # -1, or the first node whose op would raise (the caller records afresh, which raises).
    cdef Py_ssize_t i, e
    cdef int op
    cdef double a, b, c, v, d0, d1
    cdef const ScalarOp* f
    for i in range(start, stop):
        if (t.flags[i] & ~HAS_EXTRA) != DOUBLE_VALUE or t.op[i] == OP_LEAF:
            continue
        op = t.op[i]
        e = t.edge_start[i]
        a = t.sval[t.parent[e]]
        c = t.aux[i]
        d1 = 0.0
        if op == OP_ADD:
            b = t.sval[t.parent[e + 1]]
            v = a + b; d0 = 1.0; d1 = 1.0
        elif op == OP_SUB:
            b = t.sval[t.parent[e + 1]]
            v = a - b; d0 = 1.0; d1 = -1.0
        elif op == OP_MUL:
            b = t.sval[t.parent[e + 1]]
            v = a * b; d0 = b; d1 = a
        elif op == OP_DIV:
            b = t.sval[t.parent[e + 1]]
            if b == 0.0:
                return i
            v = a / b; d0 = 1.0 / b; d1 = -v / b
        elif op == OP_POW:
            b = t.sval[t.parent[e + 1]]
            v = pow(a, b)
            if _pow_fails(a, b, v):
                return i
            d0 = b * pow(a, b - 1.0) if b != 0.0 else 0.0
            d1 = _dpow_dy(a, v)
        elif op == OP_ADD_CONST:
            v = a + c; d0 = 1.0
        elif op == OP_SUB_CONST:
            v = a - c; d0 = 1.0
        elif op == OP_RSUB_CONST:
            v = c - a; d0 = -1.0
        elif op == OP_MUL_CONST:
            v = a * c; d0 = c
        elif op == OP_DIV_CONST:
            if c == 0.0:
                return i
            v = a / c; d0 = 1.0 / c
        elif op == OP_RDIV_CONST:
            if a == 0.0:
                return i
            v = c / a; d0 = -v / a
        elif op == OP_POW_CONST:
            v = pow(a, c)
            if _pow_fails(a, c, v):
                return i
            d0 = c * pow(a, c - 1.0) if c != 0.0 else 0.0
        elif op == OP_RPOW_CONST:
            v = pow(c, a)
            if _pow_fails(c, a, v):
                return i
            d0 = _dpow_dy(c, v)
        elif op == OP_NEG:
            v = -a; d0 = -1.0
        elif op == OP_ABS:
            v = fabs(a); d0 = (a > 0.0) - (a < 0.0)
        else:  # an elementary function: its row of wengert._scalar's table
            f = scalar_op(op)
            if f == NULL:
                return i  # OP_CUSTOM: partials given by a caller, not recomputable
            v = f.forward(a)
            if outside_domain(f, a, v):
                return i
            d0 = f.partial(a, v)
        t.sval[i] = v
        t.partial[e] = d0
        if t.edge_start[i + 1] - e > 1:
            t.partial[e + 1] = d1
    return -1


cdef inline Py_ssize_t _replay_scalars_released(Tape t, Py_ssize_t start, Py_ssize_t stop):
    # _replay_scalars without the GIL for at least NOGIL_MIN_NODES nodes, as the sweep
    # gives it up (a shorter run keeps it: handing it over would cost more than the run).
    cdef Py_ssize_t r
    if stop - start < NOGIL_MIN_NODES:
        return _replay_scalars(t, start, stop)
    with nogil:
        r = _replay_scalars(t, start, stop)
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

    ``kind``: 0 recompute the scalar nodes ``start .. stop - 1``; 1 node ``j`` is rule
    ``prim`` on ``args`` (its forward function ``fun``, or ``prim.fun`` where ``fun`` is
    None); 2 node ``j`` is ``fun(*args) -> (value, pullbacks)`` (a view, a
    collected structure, a lifted op); 3 a guard: ``same(fun(*args), outcome)`` must hold.
    ``refs[k]`` says where argument ``k`` comes from: -1 the constant ``consts[k]``, a node
    index ``i >= 0`` the replayed value of object node ``i``, ``-2 - i`` scalar node ``i``.
    ``plan`` (kind 1) holds ``(position, rule, how)`` per pullback, ``how`` 0 for a parent
    that needs no gradient, 1 a StagedRule, 2 a rule called with the arguments, 3 a
    first-order rule; ``none_pbs`` is what the node gets when none of its parents needs one.
    """
    cdef public int kind
    cdef public Py_ssize_t j, start, stop
    cdef public object prim, fun, kwargs, descr, outcome, none_pbs
    cdef public tuple consts, refs, plan
    cdef public bint needed

    def __init__(self, int kind, Py_ssize_t j=-1, Py_ssize_t start=0, Py_ssize_t stop=0, prim=None,
                 fun=None, kwargs=None, descr=None, outcome=None, none_pbs=None, tuple consts=(),
                 tuple refs=(), tuple plan=None, bint needed=True):
        if kind < 0 or kind > 3 or len(consts) != len(refs):
            raise ValueError("ReplayStep: kind is 0..3, and consts and refs have one entry per argument")
        self.kind, self.j, self.start, self.stop = kind, j, start, stop
        self.prim, self.fun, self.kwargs, self.descr = prim, fun, kwargs, descr
        self.outcome, self.none_pbs, self.consts, self.refs = outcome, none_pbs, consts, refs
        self.plan, self.needed = plan, needed


cdef tuple _step_args(ReplayStep step, Tape tape, list vals):
    # A tuple, built in place: the call takes it as it is.
    cdef Py_ssize_t k, r, n = len(step.refs)
    cdef tuple values = PyTuple_New(n)
    cdef object v
    for k in range(n):
        r = step.refs[k]
        if r == -1:
            v = step.consts[k]
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
        dtype = v.dtype
        return v.shape == (<tuple>descr)[1] and (dtype is (<tuple>descr)[2] or dtype == (<tuple>descr)[2])
    return describe(v) == descr


cdef tuple _restage(ReplayStep step, object ans, tuple values):
    # As apply stages a node's pullbacks, for the parents that need one.
    cdef Rule prim = step.prim
    cdef Py_ssize_t n = len(values)
    cdef list pbs = []
    cdef int how
    cdef bint other = _hooks.gradient_kind(ans) == _hooks.OTHER
    kwargs = step.kwargs
    for pos, rule, how in step.plan:
        if how == 0:
            pbs.append(_no_cotangent)
            continue
        if how == 3:
            pb = _hooks.first_order_pullback(prim, rule, ans, values, kwargs or {})
        elif how == 1:
            if n == 2:
                pb = (<StagedRule>rule).stage(ans, values[0], values[1])
            else:  # through __call__, which gives stage the engine's "no second argument"
                pb = rule(ans, values[0])
        elif kwargs:
            pb = rule(ans, *values, **kwargs)
        else:
            pb = rule(ans, *values)
        if other:
            pb = _hooks.real_pullback(pb, values[pos], ans)
        pbs.append(pb)
    return tuple(pbs)


def _no_cotangent(g):
    return None


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
    cdef Py_ssize_t s, bad
    cdef ReplayStep step
    cdef tuple values
    for s in range(len(program)):
        step = <ReplayStep?>program[s]
        if step.j >= tape.n_nodes or step.stop > tape.n_nodes or step.start < 0:
            raise IndexError("run_program: a step outside the tape")
        if step.kind == 0:
            bad = _replay_scalars_released(tape, step.start, step.stop)
            if bad >= 0:
                return s
            continue
        values = _step_args(step, tape, vals)
        if step.kind == 1:
            kwargs = step.kwargs
            fun = step.fun  # the rule's plain function, where wengert.jit found one
            if fun is None:
                fun = (<Rule>step.prim).fun
            ans = fun(*values, **kwargs) if kwargs else fun(*values)
            if not _matches(ans, step.descr):
                return s
            vals[step.j] = ans
            if stage:
                _write_node(tape, step.j, ans, _restage(step, ans, values) if step.needed else step.none_pbs)
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
    return -1


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
    return _replay_scalars_released(tape, start, stop)


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
    for k in range(n):
        i = indices[k]
        if (i < 0 or i >= tape.n_nodes or type(values[k]) is not float or tape.op[i] != OP_LEAF
                or (tape.flags[i] & ~HAS_EXTRA) != DOUBLE_VALUE):
            return False
    for k in range(n):
        i = indices[k]
        tape.sval[i] = <double>values[k]
        vals[i] = values[k]
    return True


def float_adjoints(Tape tape not None, Py_ssize_t root, tuple indices not None):
    """The adjoints of the scalar leaves ``indices`` after a sweep, as a list of floats
    (0.0 where a leaf was not reached): the gradient of an argument that is a flat list of
    floats (internal: ``wengert.jit``). None where the argument's own node ``root`` was
    reached (the list was used whole) or an adjoint is not a plain float: the caller then
    builds the gradient as for any argument.
    """
    cdef Py_ssize_t k, i, n = len(indices)
    if root < 0 or root >= tape.n_nodes or tape.touched[root]:
        return None
    cdef list out = [0.0] * n
    for k in range(n):
        i = indices[k]
        if i < 0 or i >= tape.n_nodes or tape.flags[i] != DOUBLE_VALUE:
            return None
        if tape.touched[i]:
            out[k] = tape.sadj[i]
    return out
