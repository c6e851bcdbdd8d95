"""The Wengert list in pure Python: the reference twin of ``csrc/wengert/_tape.pyx`` (internal;
use ``wengert.*``).

Selected by ``WENGERT_PURE_PYTHON=1`` (see ``wengert._backend``), as msgpack's
``fallback.py`` stands in for its compiled core. It has the compiled module's interface
(``Tape`` and its Python-visible methods and read-only attributes, ``record_on``,
``OPCODE_NAMES``, ``SPARE_MAX_NODES``, ``NOGIL_NODES``), its behaviour, its error types and messages, and
its invariants; the test suite runs over both. A change to ``_tape.pyx`` changes this
file too.

The layout is the compiled one, a struct of arrays, with Python lists for the C arrays:
per node ``_flags``, ``_touched``, ``_owned``, ``_op``, ``_edge_start`` (one more entry
than nodes), ``_slot``, ``_sval``, ``_aux``, ``_sadj``; per edge ``_parent`` and
``_partial``; per slot the object lists. These are the fields ``_tape.pxd`` declares for
``_var.pyx`` to cimport, so ``wengert._var_py`` reads them as ``_var.pyx`` does. The lists
grow by appending (the compiled tape's capacity and the spare arrays kept by ``close``
are a matter of speed and have no twin here: ``capacity`` is only checked).
"""
import math
import operator
import threading

from ._elementary import ELEMENTARY

# NodeFlag bits (``_tape.pxd``).
DOUBLE_VALUE = 1     # value and adjoint live in the double arrays (a Python float)
HAS_PULLBACK = 2     # backward calls a Python pullback instead of the edge loop
HAS_EXTRA = 4        # a scalar node received a non-float cotangent (a Var of an outer tape)
PER_PARENT = 8       # the pullback slot holds one callable per parent: g -> that parent's cotangent

#: The op codes' names: OpCode's (_tape.pxd), then the elementary functions' (the rows of
#: wengert._elementary, from OP_ELEMENTARY on).
OPCODE_NAMES = (
    "leaf", "object", "add", "add_const", "sub", "sub_const", "rsub_const", "mul",
    "mul_const", "div", "div_const", "rdiv_const", "pow", "pow_const", "rpow_const",
    "neg", "abs", "custom",
) + tuple(row.name for row in ELEMENTARY)
N_OPCODES = len(OPCODE_NAMES)
# The op codes (``_tape.pxd``'s OpCode), by name: OP_LEAF = 0, OP_OBJECT = 1, ...
(OP_LEAF, OP_OBJECT, OP_ADD, OP_ADD_CONST, OP_SUB, OP_SUB_CONST, OP_RSUB_CONST, OP_MUL,
 OP_MUL_CONST, OP_DIV, OP_DIV_CONST, OP_RDIV_CONST, OP_POW, OP_POW_CONST, OP_RPOW_CONST,
 OP_NEG, OP_ABS, OP_CUSTOM, OP_ELEMENTARY) = range(19)

NAN = float("nan")

#: The compiled tape keeps the arrays of two closed tapes of up to this many nodes for the
#: next ones; the twin keeps none, but names the same limit.
SPARE_MAX_NODES = 1 << 18

#: The compiled sweep gives up the GIL for runs of at least this many float nodes (the
#: zeroing of the adjoints and the seed with the first run, when that run is one of them),
#: and a replay of scalar nodes for as many; the twin holds it throughout, as any Python
#: code does, but names the same limit.
NOGIL_NODES = 8192


def as_double(x):
    """``x`` as a C double, as Cython converts an argument typed ``double``: floats, ints
    and objects with ``__float__`` or ``__index__``; a string is a TypeError, not parsed."""
    if type(x) is float:
        return x
    if isinstance(x, float):
        # a float subclass is its stored value, not its __float__ (CPython's PyFloat_AsDouble,
        # which Cython and math.exp call, reads it so)
        return float.__float__(x)
    if isinstance(x, (str, bytes, bytearray)):
        raise TypeError(f"must be real number, not {type(x).__name__}")
    return float(x)


def as_index(x):
    """``x`` as a ``Py_ssize_t`` argument: an int (or ``__index__``), else TypeError."""
    return operator.index(x)


#: A bit of ``_touched``: the adjoint received a contribution that is not a structural zero.
LIVE = 2


def times_partial(a, d, live):
    """A scalar node's adjoint ``a`` times its partial ``d`` (internal; ``_tape.pxd``'s inline
    function in the compiled core). A zero adjoint that is structural (not ``live``: every
    contribution to it was a structural zero, the branch np.where did not take, a product
    with a constant 0) adds nothing where ``d`` is infinite: 0, not 0 * inf = NaN (grad of
    ``wg.sqrt(x) * 0.0 + x`` at 0, truth 1). A live zero is a derivative that vanishes there
    (2 sqrt(x) at 0 in sqrt(x) ** 2): 0 * inf is then NaN, undefined, as forward mode gives
    (the convention gave 0 for the truth 1). A NaN partial stays NaN.

    >>> times_partial(0.0, float("inf"), False), times_partial(0.0, float("inf"), True)
    (0.0, nan)
    """
    r = a * d
    if r != r and a == 0.0 and d == d and not live:
        return 0.0
    return r


def arrival_mark(touched, op, aux):
    """What a node with marks ``touched`` passes to its parents' marks through its scalar
    edges (internal; ``_tape.pxd``'s inline function): reached (1), and :data:`LIVE` where it
    is live and its partial is not a constant 0 (``x * 0.0``, ``x / inf``, ``x ** 0.0``,
    ``1.0 ** x``: a structural zero, which adds nothing).

    >>> arrival_mark(1 | LIVE, OP_MUL_CONST, 0.0), arrival_mark(1 | LIVE, OP_MUL_CONST, 2.0)
    (1, 3)
    """
    if (touched & LIVE) and not constant_zero_partial(op, aux):
        return 1 | LIVE
    return 1


def constant_zero_partial(op, aux):
    """Whether a node's partial is a constant 0 (``x * 0.0``, ``x / inf``, ``x ** 0.0``, ``1.0 ** x``): a structural
    zero (internal; ``_tape.pxd``'s inline function).

    >>> constant_zero_partial(OP_MUL_CONST, 0.0), constant_zero_partial(OP_MUL_CONST, 2.0)
    (True, False)
    """
    return ((op == OP_MUL_CONST and aux == 0.0) or (op == OP_DIV_CONST and (aux == _INF or aux == -_INF))
            or (op == OP_POW_CONST and aux == 0.0) or (op == OP_RPOW_CONST and aux == 1.0))


def held_adjoint(a, op, aux):
    """The adjoint a node of op code ``op`` sends along its edges (internal; ``_tape.pxd``'s inline function): 0 for an
    infinite one where its partial is a constant 0 (:func:`constant_zero_partial`: a product with a constant 0 is the
    constant 0 whatever the other factor's derivative, as forward mode's tangent of ``x * 0.0`` is a structural zero:
    grad of ``sqrt(0.0 * x)`` at 1 was 0 * inf = NaN, jvp 0); a NaN adjoint stays NaN.

    >>> held_adjoint(float("inf"), OP_MUL_CONST, 0.0), held_adjoint(float("inf"), OP_MUL_CONST, 2.0)
    (0.0, inf)
    """
    if (a == _INF or a == -_INF) and constant_zero_partial(op, aux):
        return 0.0
    return a


_INF = float("inf")


class Tape:
    """A Wengert list of scalar and object nodes (internal; use ``wengert.backprop``).

    ``Tape(add, iadd, level=0, capacity=64, keep_values=True, cancelled=None)``: ``add`` and
    ``iadd`` are the Backprop protocol's functions used to accumulate cotangents of object
    nodes, ``cancelled(sum, cotangent)`` says where a sum's zeros come from terms that cancel
    (live zeros, not structural; None: nowhere);
    ``level`` is the nesting depth of the runner that owns the tape. With
    ``keep_values=False`` the tape does not hold the values of nodes with pullbacks
    (their Vars and pullbacks hold what is needed), so intermediates are freed as soon as
    nothing needs them, as in hand-written code; ``value(i)`` is then None for those nodes.

    >>> t = Tape(lambda x, y: x + y, lambda x, y: x + y)
    >>> a = t.push_leaf(4.0); b = t.push_leaf(3.0)
    >>> c = t.push_scalar(2, (a, b), (1.0, 1.0), 7.0)        # c = a + b (op code 2: add)
    >>> d = t.push_scalar(7, (a, c), (7.0, 4.0), 28.0)       # d = a * c
    >>> t.backward(d, 1.0)
    >>> t.adjoint(a), t.adjoint(b)
    (11.0, 4.0)
    """
    __slots__ = ("_n_nodes", "_n_edges", "_flags", "_touched", "_owned", "_op", "_edge_start",
                 "_slot", "_sval", "_aux", "_sadj", "_parent", "_partial", "_obj_value",
                 "_obj_pullback", "_obj_adjoint", "_obj_name", "_extra", "_live", "_add", "_iadd", "_cancelled",
                 "_level", "_owner", "_recording", "_released", "_keep_values", "jit", "__weakref__")

    def __new__(cls, *args, **kwargs):
        # What the compiled __cinit__ does: a usable empty tape even without __init__.
        self = object.__new__(cls)
        self._owner = threading.get_ident()
        self._recording = True
        self._released = False
        self._level = 0
        self._keep_values = True
        self._add = self._iadd = self._cancelled = None
        self.jit = None  # the wg.jit recorder collecting this tape's replay program, or None
        self._free_arrays()
        return self

    def __init__(self, add, iadd, level=0, capacity=64, keep_values=True, cancelled=None):
        level, capacity = as_index(level), as_index(capacity)
        if not callable(add) or not callable(iadd):
            raise TypeError("Tape(add, iadd): both must be callables that add two cotangents")
        if cancelled is not None and not callable(cancelled):
            raise TypeError("Tape(cancelled=...): a callable (sum, cotangent) -> live mask or None")
        if capacity < 1:
            raise ValueError(f"Tape capacity must be at least 1, got {capacity}")
        self._add = add
        self._iadd = iadd
        self._cancelled = cancelled
        self._level = level
        self._keep_values = bool(keep_values)

    def __reduce__(self):
        raise TypeError("a Tape cannot be pickled: it holds a running computation's nodes")

    def _free_arrays(self):
        self._n_nodes = 0
        self._n_edges = 0
        self._flags, self._touched, self._owned, self._op = [], [], [], []
        self._edge_start = [0]
        self._slot, self._sval, self._aux, self._sadj = [], [], [], []
        self._parent, self._partial = [], []
        self._obj_value, self._obj_pullback, self._obj_adjoint, self._obj_name = [], [], [], []
        self._extra = {}
        self._live = {}  # slot -> where an object node's adjoint holds live zeros (report_live)

    # -- the read-only attributes (``cdef readonly`` in _tape.pxd) ---------------------

    n_nodes = property(lambda self: self._n_nodes, doc="nodes recorded so far")
    n_edges = property(lambda self: self._n_edges, doc="edges recorded so far")
    level = property(lambda self: self._level, doc="nesting depth of the runner that opened the tape")
    owner = property(lambda self: self._owner, doc="ident of the thread that made the tape")
    recording = property(lambda self: self._recording, doc="False once the runner has returned")
    released = property(lambda self: self._released, doc="True once close() has freed the arrays")
    keep_values = property(lambda self: self._keep_values, doc="store the values of nodes with pullbacks")

    # -- recording -------------------------------------------------------------------

    def new_node(self, op, flags, n_parents):
        """Append node ``i`` with ``n_parents`` edges; the caller writes ``_parent`` and
        ``_partial`` for them (internal: unchecked, as the compiled ``_new_node``)."""
        i = self._n_nodes
        self._flags.append(flags)
        self._touched.append(0)
        self._owned.append(0)
        self._op.append(op)
        self._slot.append(-1)
        self._sval.append(0.0)
        self._aux.append(NAN)
        self._sadj.append(0.0)
        self._n_edges += n_parents
        self._edge_start.append(self._n_edges)
        self._n_nodes = i + 1
        return i

    def push_scalar0(self, op, value):
        """A scalar node without parents (internal, unchecked)."""
        i = self.new_node(op, DOUBLE_VALUE, 0)
        self._sval[i] = value
        return i

    def push_scalar1(self, op, p, d, value, aux):
        """A scalar node of one scalar parent ``p`` with partial ``d`` (internal, unchecked:
        ``p`` must be a scalar node of this tape, as ``wengert._var_py`` guarantees)."""
        i = self.new_node(op, DOUBLE_VALUE, 1)
        self._parent.append(p)
        self._partial.append(d)
        self._sval[i] = value
        self._aux[i] = aux
        return i

    def push_scalar2(self, op, p0, d0, p1, d1, value):
        """A scalar node of two scalar parents (internal, unchecked)."""
        i = self.new_node(op, DOUBLE_VALUE, 2)
        self._parent += (p0, p1)
        self._partial += (d0, d1)
        self._sval[i] = value
        return i

    def _check_recording(self):
        if not self._recording:
            raise RuntimeError(
                "this tape is closed: its runner has returned, so it records nothing more. "
                "A Var must not escape the function it was made for; return plain values "
                "(var.value) instead.")

    def _check_index(self, i, what):
        i = as_index(i)
        if self._released:
            raise RuntimeError("this tape has been released (its runner returned); "
                               "its nodes can no longer be read")
        if i < 0 or i >= self._n_nodes:
            raise IndexError(f"{what} {i} is not a node of this tape (it has {self._n_nodes} nodes)")
        return i

    def _checked_parents(self, parents, scalar_only):
        if not isinstance(parents, (tuple, list)):
            raise TypeError(f"parents must be a tuple of node indices, got {type(parents).__name__}")
        checked = []
        for item in parents:
            if isinstance(item, bool) or not isinstance(item, int):
                raise TypeError(f"parent indices must be ints, got {item!r}")
            p = self._check_index(item, "parent")
            if scalar_only and not (self._flags[p] & DOUBLE_VALUE):
                raise ValueError(f"parent {p} is an object node; a scalar node's parents must be scalar nodes "
                                 "(use push_object with a pullback instead)")
            checked.append(p)
        return tuple(checked)

    def push_leaf(self, value, name=None):
        """Append an input node; a Python float becomes a scalar node. Returns its index.

        ``name`` (kept for an object node, for debugging and drawing) says which part of
        an argument the leaf stands for, such as ``".w1"``.
        """
        self._check_recording()
        if type(value) is float:
            return self.push_scalar0(OP_LEAF, value)
        i = self.new_node(OP_LEAF, 0, 0)
        self._slot[i] = len(self._obj_value)
        self._obj_value.append(value)
        self._obj_pullback.append(None)
        self._obj_adjoint.append(None)
        self._obj_name.append(name)
        return i

    def push_scalar(self, op, parents, partials, value, aux=NAN):
        """Append a scalar node with its local partials, one per parent. Returns its index."""
        op, value, aux = as_index(op), as_double(value), as_double(aux)
        self._check_recording()
        if op < 0 or op >= N_OPCODES or op == OP_OBJECT:
            raise ValueError(f"op code {op} is not a scalar op code (0..{N_OPCODES - 1}, not {OP_OBJECT})")
        ps = self._checked_parents(parents, True)
        if not isinstance(partials, (tuple, list)) or len(partials) != len(ps):
            raise ValueError(f"need one partial per parent: {len(ps)} parents")
        ds = [float(d) for d in partials]
        i = self.new_node(op, DOUBLE_VALUE, len(ps))
        self._parent += ps
        self._partial += ds
        self._sval[i] = value
        self._aux[i] = aux
        return i

    def push_object(self, parents, pullback, value, name=None):
        """Append a node whose backward step is ``pullback(g) -> tuple of cotangents``.

        ``parents`` are node indices; the pullback returns one cotangent per parent
        (``None`` for no contribution). A Python float value is kept in the scalar
        arrays, so that scalar ops on the result stay on the fast path. ``name`` is
        the op's name, kept for debugging and drawing.
        """
        self._check_recording()
        ps = self._checked_parents(parents, False)
        if not callable(pullback):
            raise TypeError(f"pullback must be callable, got {type(pullback).__name__}")
        return self._push_pulled(0, ps, pullback, value, name)

    def _push_pulled(self, flags, parents, pullback, value, name):
        # Appends a node with a Python pullback, its parents' edges carrying NaN partials.
        # A Python float value is kept in the scalar arrays, so that scalar ops on the
        # result stay on the fast path.
        is_double = type(value) is float
        i = self.new_node(OP_OBJECT, HAS_PULLBACK | flags | (DOUBLE_VALUE if is_double else 0),
                          len(parents))
        self._parent += parents
        self._partial += [NAN] * len(parents)
        self._slot[i] = len(self._obj_value)
        if is_double:
            self._sval[i] = value
            self._obj_value.append(None)
        else:
            self._obj_value.append(value if self._keep_values else None)
        self._obj_pullback.append(pullback)
        self._obj_adjoint.append(None)
        self._obj_name.append(name)
        return i

    def push_pullbacks(self, parents, pullbacks, value, name):
        """A node with one pullback per parent (internal, unchecked: ``wengert._var_py.apply``
        guarantees a recording tape, parents of this tape, one callable per parent)."""
        return self._push_pulled(PER_PARENT, parents, pullbacks, value, name)

    def push_per_parent(self, parents, pullbacks, value, name=None):
        """Append a node with one pullback per parent: ``pullbacks[k](g)`` is parent k's cotangent.

        Cheaper to sweep than :meth:`push_object` (no tuple of cotangents to build).
        """
        self._check_recording()
        ps = self._checked_parents(parents, False)
        if type(pullbacks) is not tuple or len(pullbacks) != len(ps):
            raise TypeError(f"pullbacks must be a tuple of {len(ps)} callables, one per parent")
        for pb in pullbacks:
            if not callable(pb):
                raise TypeError(f"pullback must be callable, got {type(pb).__name__}")
        return self._push_pulled(PER_PARENT, ps, pullbacks, value, name)

    def set_leaf(self, i, value):
        """Rewrite the value of leaf ``i`` (a replay of ``wengert.jit`` at new inputs).

        A scalar leaf takes a float; any other leaf any value.
        """
        i = self._check_index(i, "leaf")
        if self._op[i] != OP_LEAF or (self._flags[i] & HAS_PULLBACK):
            raise ValueError(f"node {i} is not a leaf")
        if self._flags[i] & DOUBLE_VALUE:
            if type(value) is not float:
                raise TypeError(f"leaf {i} is a scalar node: its value must be a float, got "
                                f"{type(value).__name__}")
            self._sval[i] = value
        else:
            self._obj_value[self._slot[i]] = value

    def set_replayed(self, i, value, pullbacks):
        """Rewrite the value and the pullbacks of node ``i``, a node with pullbacks (a
        replay of ``wengert.jit``: the rule staged again at the new values).

        ``pullbacks`` is what the node was pushed with: a tuple of one callable per parent
        (``push_per_parent``) or one callable (``push_object``); or None, leaving the node
        without pullbacks (a sweep must then not reach it). A scalar node takes a float value.
        """
        i = self._check_index(i, "node")
        if not (self._flags[i] & HAS_PULLBACK):
            raise ValueError(f"node {i} has no pullback")
        n = self._edge_start[i + 1] - self._edge_start[i]
        if pullbacks is not None and self._flags[i] & PER_PARENT:
            if type(pullbacks) is not tuple or len(pullbacks) != n:
                raise TypeError(f"pullbacks must be a tuple of {n} callables, one per parent")
            for pb in pullbacks:
                if not callable(pb):
                    raise TypeError(f"pullback must be callable, got {type(pb).__name__}")
        elif pullbacks is not None and not callable(pullbacks):
            raise TypeError(f"node {i} takes one pullback (g -> tuple of cotangents)")
        if self._flags[i] & DOUBLE_VALUE:
            if type(value) is not float:
                raise TypeError(f"node {i} is a scalar node: its value must be a float")
            self._sval[i] = value
        elif self._keep_values:
            self._obj_value[self._slot[i]] = value
        self._obj_pullback[self._slot[i]] = pullbacks

    def pullbacks(self, i):
        """The pullbacks of node ``i``, a node with pullbacks, as :meth:`set_replayed`
        takes them; None once a sweep without ``retain`` has passed it."""
        i = self._check_index(i, "node")
        if not (self._flags[i] & HAS_PULLBACK):
            raise ValueError(f"node {i} has no pullback")
        return self._obj_pullback[self._slot[i]]

    def clear_adjoints(self):
        """Forget the adjoints of the last sweep (every node reads as not reached), so that
        the arrays they hold (a gradient handed to the caller) are not kept alive by a tape
        that lives on (``wengert.jit``'s, until its next replay)."""
        if self._released:
            return
        self._touched = [0] * self._n_nodes
        self._obj_adjoint = [None] * len(self._obj_adjoint)
        self._live = {}
        if self._extra:
            self._extra = {}
            self._flags = [f & ~HAS_EXTRA for f in self._flags]

    def stop(self):
        """Stop recording: later pushes raise. The graph stays readable and sweepable."""
        self._recording = False

    def close(self):
        """Stop recording and free every array and object the tape holds."""
        self._recording = False
        self._released = True
        self._free_arrays()

    # -- reading ---------------------------------------------------------------------

    def __len__(self):
        return self._n_nodes

    def is_scalar(self, i):
        """True if node ``i`` holds a Python float in the scalar arrays."""
        i = self._check_index(i, "node")
        return bool(self._flags[i] & DOUBLE_VALUE)

    def value(self, i):
        """The value recorded at node ``i``.

        None for a node with a pullback on a tape made with ``keep_values=False``, or once
        a sweep without ``retain`` has passed it.
        """
        i = self._check_index(i, "node")
        if self._flags[i] & DOUBLE_VALUE:
            return self._sval[i]
        return self._obj_value[self._slot[i]]

    def adjoint(self, i, default=None):
        """The adjoint of node ``i`` after ``backward``, or ``default`` if it was never reached."""
        i = self._check_index(i, "node")
        if not self._touched[i]:
            return default
        if self._flags[i] & DOUBLE_VALUE:
            return self._scalar_adjoint(i)
        return self._obj_adjoint[self._slot[i]]

    def node(self, i):
        """A debug view of node ``i``: op code name, parents, partials (None for object nodes), aux."""
        i = self._check_index(i, "node")
        edges = range(self._edge_start[i], self._edge_start[i + 1])
        parents = tuple(self._parent[e] for e in edges)
        partials = None if self._flags[i] & HAS_PULLBACK else tuple(self._partial[e] for e in edges)
        op = OPCODE_NAMES[self._op[i]]
        s = self._slot[i]
        if s >= 0 and self._obj_name[s] is not None:
            op = self._obj_name[s]
        return {"op": op, "parents": parents, "partials": partials,
                "aux": self._aux[i], "scalar": bool(self._flags[i] & DOUBLE_VALUE)}

    # -- the backward sweep ----------------------------------------------------------

    def _send(self, p, cotangent, live=None):
        """Add one cotangent into the adjoint of parent ``p``; ``live``: where its zeros are
        live (report_live), None where each of its zeros is structural."""
        if cotangent is None:
            return
        if self._flags[p] & DOUBLE_VALUE:
            try:
                d = as_double(cotangent)  # a float, int, NumPy scalar or 0-d array
            except TypeError:
                # A Var of an outer tape (derivatives of derivatives): kept aside and
                # swept in Python, so that its own tape records the products.
                old = self._extra.get(p)
                self._extra[p] = cotangent if old is None else self._add(old, cotangent)
                self._flags[p] |= HAS_EXTRA
                self._touched[p] |= 1
                return
            self._sadj[p] += d
            # (a float from a pullback: live where it is not 0; an exact 0 there is the
            # pullback's structural zero, np.where's untaken branch on a scalar)
            self._touched[p] |= (1 | LIVE) if d != 0.0 or _any_live(live) else 1
            return
        s = self._slot[p]
        if not self._touched[p]:
            # First arrival is stored, not added to a zero (it may be a caller's array,
            # so it is marked not owned and never written into).
            self._obj_adjoint[s] = cotangent
            self._touched[p] = 1
            self._owned[p] = 0
            if live is not None and live is not False:
                self._live[s] = live
            return
        if live is not None and live is not False:
            self._live[s] = _either(self._live.get(s), live)
        if self._owned[p]:
            self._obj_adjoint[s] = self._iadd(self._obj_adjoint[s], cotangent)
        else:
            self._obj_adjoint[s] = self._add(self._obj_adjoint[s], cotangent)
            self._owned[p] = 1
        if self._cancelled is not None:
            # (a sum whose terms cancel: its zeros there are live, a derivative that vanishes
            # there, exp(s) - s's 1 - 1 at s = 0, as a scalar node's LIVE mark says)
            cancelled = self._cancelled(self._obj_adjoint[s], cotangent)
            if cancelled is not None:
                self._live[s] = _either(self._live.get(s), cancelled)

    def _run_pullback(self, i, retain):
        s = self._slot[i]
        start, stop = self._edge_start[i], self._edge_start[i + 1]
        pullback = self._obj_pullback[s]
        if pullback is None:
            raise RuntimeError(f"node {i} was already swept; call backward(..., retain=True) "
                               "to sweep a tape more than once")
        if self._flags[i] & DOUBLE_VALUE:
            g = self._scalar_adjoint(i)
            # (live zeros: a zero adjoint that is live; a Var of an outer tape says nothing)
            live = True if self._touched[i] & LIVE and self._sadj[i] == 0.0 and not (self._flags[i] & HAS_EXTRA) else None
        else:
            g = self._obj_adjoint[s]
            live = self._live.get(s) if self._live else None
        # (the pullback's rules read g's live zeros by sweep_cotangent, and report theirs;
        # the thread's state saved and restored around it: a pullback may run an inner sweep)
        state = thread_sweep()
        reports = state.reports
        mark = len(reports)
        n = stop - start
        # (the parents differentiated: a parent whose pullback is no_cotangent needs no
        # gradient and counts as a constant, as it would be outside wengert.jit)
        needed = n - sum(pb is no_cotangent for pb in pullback) if self._flags[i] & PER_PARENT else n
        outer = state.g, state.live, state.n, state.active, state.tangent
        # (set inside the try and restored twice: an exception can arrive before any line,
        # the try's own and the finally's included; the compiled core does this in C)
        try:
            try:
                state.g, state.live, state.n, state.active, state.tangent = g, live, needed, True, False
                if self._flags[i] & PER_PARENT:
                    # (a loop, not a comprehension: on Python 3.13 an exception raised by a
                    # trace function inside an inlined comprehension skipped these finally
                    # blocks and left the thread's sweep state set: tests/test_interrupts.py)
                    listed = []
                    for k in range(n):
                        listed.append(pullback[k](g))
                    cotangents = tuple(listed)
                else:
                    cotangents = pullback(g)
                    if type(cotangents) is not tuple or len(cotangents) != n:
                        raise TypeError(f"the pullback of node {i} ({pullback!r}) returned {type(cotangents).__name__} "
                                        f"{cotangents!r:.80}; it must return a tuple of {n} cotangent(s), one per parent")
            except BaseException:
                del reports[mark:]  # (what the failed pullback's rules reported)
                raise
            finally:
                state.g, state.live, state.n, state.active, state.tangent = outer
        finally:
            state.g, state.live, state.n, state.active, state.tangent = outer
        if len(reports) == mark and live is None:
            for k in range(n):
                self._send(self._parent[start + k], cotangents[k])
        else:
            # (g with live zeros: a result the rule did not report has its zeros live, NaN
            # where an infinite partial meets them, not 0: a rule that does not say which of
            # its zeros are structural may have moved a live one anywhere)
            for k in range(n):
                c = cotangents[k]
                self._send(self._parent[start + k], c, _reported(reports, mark, c, g, live))
            del reports[mark:]
        if not retain:
            # Free what the sweep no longer needs as soon as it has passed (autograd #103):
            # the pullback (and the values it captured), the value and the adjoint.
            self._obj_pullback[s] = None
            self._obj_value[s] = None
            if not (self._flags[i] & DOUBLE_VALUE):
                self._obj_adjoint[s] = None

    def _scalar_adjoint(self, i):
        if self._flags[i] & HAS_EXTRA:
            return self._add(self._extra[i], self._sadj[i])
        return self._sadj[i]

    def _run_extra(self, i):
        # A scalar node whose adjoint includes a non-float part: its partials are plain
        # floats (all its inputs were floats), so that part flows as extra * partial.
        a = held_adjoint(self._sadj[i], self._op[i], self._aux[i])
        live = self._touched[i] & LIVE
        mark = arrival_mark(self._touched[i], self._op[i], self._aux[i])
        extra = self._extra[i]
        for e in range(self._edge_start[i], self._edge_start[i + 1]):
            p = self._parent[e]
            self._sadj[p] += times_partial(a, self._partial[e], live)
            self._touched[p] |= mark
            self._send(p, extra * self._partial[e])

    def backward(self, root, seed, retain=False):
        """Sweep from node ``root`` seeded with ``seed``; afterwards read ``adjoint(i)``.

        Every adjoint is reset first, so a tape swept with ``retain=True`` can be swept
        again with another seed. Without ``retain``, the pullbacks, values and adjoints
        of swept nodes are freed as the sweep passes them and a second sweep raises.
        """
        root = self._check_index(root, "root")
        retain = bool(retain)
        n = self._n_nodes
        self._touched = touched = [0] * n
        self._owned = [0] * n
        self._sadj = sadj = [0.0] * n
        self._obj_adjoint = [None] * len(self._obj_adjoint)
        if self._live:
            self._live = {}
        if self._extra:
            self._extra = {}
            self._flags = [f & ~HAS_EXTRA for f in self._flags]
        self._send(root, seed)
        if not touched[root]:
            return  # a None seed: nothing flows
        flags, edge_start, parent, partial = self._flags, self._edge_start, self._parent, self._partial
        op, aux = self._op, self._aux
        for i in range(root, -1, -1):
            if not touched[i]:
                continue
            f = flags[i]
            if f == DOUBLE_VALUE:  # the compiled tape's C loop: adjoint[parent] += adjoint * partial
                a = held_adjoint(sadj[i], op[i], aux[i])
                live = touched[i] & LIVE
                mark = arrival_mark(touched[i], op[i], aux[i])
                for e in range(edge_start[i], edge_start[i + 1]):
                    p = parent[e]
                    sadj[p] += times_partial(a, partial[e], live)
                    touched[p] |= mark
            elif f & HAS_PULLBACK:
                self._run_pullback(i, retain)
            elif f & HAS_EXTRA:
                self._run_extra(i)


# Which zeros of a cotangent are live (a derivative that vanishes there) and which are
# structural (nothing flows there: np.where's untaken branch), per thread: the pullback the
# sweep runs reads its cotangent's by sweep_cotangent (or cotangent_live, sweep_parents),
# and its rules report their results' by report_live (see times_partial).
class SweepState:
    """What the pullback this thread's sweep runs was called with (internal)."""
    __slots__ = ("g", "live", "n", "active", "tangent", "reports")

    def __init__(self):
        self.g = self.live = None
        self.n = 0
        self.active = self.tangent = False
        self.reports = []


_state = threading.local()


def thread_sweep():
    state = getattr(_state, "sweep", None)
    if state is None:
        state = _state.sweep = SweepState()
    return state


def sweep_cotangent():
    """``(g, live, n)``: the cotangent the pullback this thread's sweep runs was called with,
    where its zeros are live (a derivative that vanishes there: a zero there times an
    infinite partial is undefined, NaN), not structural (nothing flows there, as in np.where's
    untaken branch: 0): None (every zero structural), True (every entry live) or a mask of
    g's shape; and the number of the node's parents (x * y's partial y is a constant where
    y is not one of them: its zeros are structural). None outside a sweep's pullback
    (internal: the rules read it).

    >>> sweep_cotangent() is None
    True
    """
    state = thread_sweep()
    return (state.g, state.live, state.n) if state.active else None


def in_sweep_pullback():
    """True while this thread's sweep runs a pullback, whose rules' ``g`` is then a
    cotangent; False outside one, and while forward mode runs an elementwise rule on a
    tangent (``live_term``), inside one too (internal: wengert.ops's kink marks read it). The
    state is the sweep's own, set and restored around each pullback: no exception can leave
    it set.

    >>> in_sweep_pullback()
    False
    """
    state = thread_sweep()
    return state.active and not state.tangent


def cotangent_live(g):
    """Where the zeros of ``g`` are live if ``g`` is the cotangent the pullback this thread's
    sweep runs was called with (``sweep_cotangent()[1]``); None otherwise, as where every zero
    is structural (internal: the rules read it; forward mode's tangents and a rule called by
    another rule keep the convention).

    >>> cotangent_live(0.0) is None
    True
    """
    state = thread_sweep()
    return state.live if state.active and state.g is g else None


def no_cotangent(g):
    """The pullback of a parent that needs no gradient (internal: ``wengert.jit`` gives it to
    the parents its gradients do not depend on, a network's input among them): it sends
    nothing, and :func:`sweep_parents` does not count that parent, a constant as it would be
    outside ``wengert.jit`` (so that a product's zeros there stay structural).

    >>> no_cotangent(1.0) is None
    True
    """
    return None


def sweep_parents(g):
    """The number of parents of the node whose pullback this thread's sweep runs that need a
    gradient (their pullback is not :func:`no_cotangent`), if ``g`` is the cotangent it was
    called with; 0 otherwise (internal: a product's rule reads it).

    >>> sweep_parents(0.0)
    0
    """
    state = thread_sweep()
    return state.n if state.active and state.g is g else 0


def report_live(cotangent, live):
    """Say that the zeros of ``cotangent`` where the mask ``live`` (or True: every entry) is
    true are live, the others structural (False: none live; internal: a rule whose result is a derivative that vanishes
    there, ``g * 2 * sqrt(x)`` at 0, reports it, and the sweep passes it on with that
    cotangent, which is returned as it is). Does nothing outside a sweep's pullback.

    >>> report_live(0.0, True)
    """
    state = thread_sweep()
    if state.active:
        state.reports.append((cotangent, live))


def _reported(reports, mark, c, g, live_in):
    # where the cotangent c (that object) was reported live since `mark`; where it was not
    # reported and the pullback's g had live zeros (live_in): live_in where c is g itself
    # (add's pullback), else True; None where neither
    found = False
    live = None
    if c is None:
        return None
    for k in range(mark, len(reports)):
        if reports[k][0] is c:
            found = True
            live = _either(live, reports[k][1])
    if not found and live_in is not None:
        return live_in if c is g else True
    return live


def _any_live(live):
    # whether a report on a scalar's cotangent (one entry) says it is live
    if live is None or live is False:
        return False
    try:
        return bool(live)
    except Exception:
        return True


def _either(a, b):
    # live in a or in b (None or False: nowhere; True: everywhere; masks of one shape);
    # every entry where they do not combine
    if a is None or a is False:
        return None if b is False else b
    if b is None or b is False:
        return a
    if a is True or b is True:
        return True
    try:
        return a | b
    except Exception:
        return True


def record_on(tape, open_tapes, body):
    """``body()`` with ``tape`` open on ``open_tapes`` (a thread's stack, innermost last).

    Afterwards the tape is stopped and off the stack, and closed if ``body`` raised.

    The compiled function runs the push, the stop and the pop in C, where no exception
    can come between them. Here an exception (a KeyboardInterrupt from a signal handler,
    or one a trace function raises) can arrive before any line, so the push is inside the
    ``try`` and the stop-and-pop is written twice, in nested ``finally`` blocks: an
    exception that skips the inner one does not skip the outer one, and both are
    idempotent.

    >>> t = Tape(lambda x, y: x + y, lambda x, y: x + y)
    >>> stack = []
    >>> record_on(t, stack, lambda: len(stack))
    1
    >>> stack, t.recording
    ([], False)
    """
    if type(tape) is not Tape:
        raise TypeError(f"Argument 'tape' has incorrect type (expected {Tape.__module__}.Tape, "
                        f"got {type(tape).__name__})")
    if type(open_tapes) is not list:
        raise TypeError("Argument 'open_tapes' has incorrect type (expected list, "
                        f"got {type(open_tapes).__name__})")
    depth = len(open_tapes)
    try:
        try:
            open_tapes.append(tape)
            return body()
        except BaseException:
            tape.close()
            raise
        finally:
            tape._recording = False
            del open_tapes[depth:]
    finally:
        tape._recording = False
        del open_tapes[depth:]
