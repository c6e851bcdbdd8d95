"""The compiled Wengert list (internal; use ``wengert.*``).

Node ``i`` is appended when an op runs, so creation order is a topological order and
the backward sweep is one reverse loop: no toposort, no recursion.

Two kinds of node share one index space:

* scalar nodes hold a Python float. Value, adjoint, op code and, per edge, the parent
  index and the local partial derivative live in contiguous C arrays. Their part of the
  sweep, ``adjoint[parent] += adjoint[i] * partial``, runs in C without the GIL.
* object nodes (arrays, records, anything else) keep their value, pullback and adjoint
  in Python lists under a slot index; the sweep calls the pullback and adds each
  cotangent into the parent's adjoint with the protocol's ``add`` (or ``iadd``, only into
  a buffer the tape itself made by an earlier ``add``).

Every Python-visible method checks its arguments (closed tape, index range, types)
before any pointer work; the ``cdef`` methods used by ``wengert._var`` are unchecked and
rely on their callers' invariants, which are stated where they are used.
"""
cimport cython
from cpython.float cimport PyFloat_AsDouble, PyFloat_Check
from cpython.long cimport PyLong_Check
from cpython.mem cimport PyMem_Free, PyMem_Realloc
from cpython.pythread cimport PyThread_get_thread_ident
from libc.math cimport NAN
from libc.string cimport memset

import threading

from wengert._elementary import ELEMENTARY

#: The op codes' names: OpCode's (_tape.pxd), then the elementary functions' (the rows of
#: wengert._elementary, from OP_ELEMENTARY on).
OPCODE_NAMES = (
    "leaf", "object", "add", "add_const", "sub", "sub_const", "rsub_const", "mul",
    "mul_const", "div", "div_const", "rdiv_const", "pow", "pow_const", "rpow_const",
    "neg", "abs", "custom",
) + tuple(row.name for row in ELEMENTARY)
assert OPCODE_NAMES.index("custom") == OP_CUSTOM and len(OPCODE_NAMES) == OP_ELEMENTARY + len(ELEMENTARY)
cdef int N_OPCODES = len(OPCODE_NAMES)


cdef int _grow(void** array, Py_ssize_t old_count, Py_ssize_t new_count, size_t item) except -1:
    """Reallocate ``*array`` to ``new_count`` items, zeroing the new tail."""
    cdef void* grown = PyMem_Realloc(array[0], <size_t>new_count * item)
    if grown == NULL:
        raise MemoryError(f"wengert tape: cannot grow to {new_count} entries")
    memset(<char*>grown + <size_t>old_count * item, 0, <size_t>(new_count - old_count) * item)
    array[0] = grown
    return 0


cdef class Tape:
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

    def __cinit__(self):
        self.owner = PyThread_get_thread_ident()
        self.recording = True
        self.released = False
        self.obj_value = []
        self.obj_pullback = []
        self.obj_adjoint = []
        self.obj_name = []
        self.extra = {}
        self.live = {}

    def __init__(self, add, iadd, int level=0, Py_ssize_t capacity=64, bint keep_values=True, cancelled=None):
        if not callable(add) or not callable(iadd):
            raise TypeError("Tape(add, iadd): both must be callables that add two cotangents")
        if cancelled is not None and not callable(cancelled):
            raise TypeError("Tape(cancelled=...): a callable (sum, cotangent) -> live mask or None")
        if capacity < 1:
            raise ValueError(f"Tape capacity must be at least 1, got {capacity}")
        self.add = add
        self.iadd = iadd
        self.cancelled = cancelled
        self.level = level
        self.keep_values = keep_values
        if self.node_capacity == 0:
            with cython.critical_section(_spare0, _spare1):
                # a closed tape's arrays: grown and paged in already
                if _spare0.node_capacity >= capacity:
                    self._take_arrays(_spare0)
                elif _spare1.node_capacity >= capacity:
                    self._take_arrays(_spare1)
            if self.node_capacity >= 4 * NOGIL_MIN_NODES:  # 2 bytes a node: see _zero_adjoints
                with nogil:  # (no other thread knows this tape yet)
                    self._clear_marks()
            elif self.node_capacity:
                self._clear_marks()
            if self.node_capacity == 0:
                self._reserve_nodes(capacity)
                self._reserve_edges(2 * capacity)

    def __dealloc__(self):
        self._free_arrays()

    cdef void _free_arrays(self) noexcept:
        PyMem_Free(self.flags); self.flags = NULL
        PyMem_Free(self.touched); self.touched = NULL
        PyMem_Free(self.owned); self.owned = NULL
        PyMem_Free(self.op); self.op = NULL
        PyMem_Free(self.edge_start); self.edge_start = NULL
        PyMem_Free(self.slot); self.slot = NULL
        PyMem_Free(self.sval); self.sval = NULL
        PyMem_Free(self.aux); self.aux = NULL
        PyMem_Free(self.sadj); self.sadj = NULL
        PyMem_Free(self.parent); self.parent = NULL
        PyMem_Free(self.partial); self.partial = NULL
        self.node_capacity = 0
        self.edge_capacity = 0

    cdef void _take_arrays(self, Tape other) noexcept:
        # Moves other's arrays to this (empty) tape; a tape that records on them must then
        # clear its marks (_clear_marks).
        self.flags, other.flags = other.flags, NULL
        self.touched, other.touched = other.touched, NULL
        self.owned, other.owned = other.owned, NULL
        self.op, other.op = other.op, NULL
        self.edge_start, other.edge_start = other.edge_start, NULL
        self.slot, other.slot = other.slot, NULL
        self.sval, other.sval = other.sval, NULL
        self.aux, other.aux = other.aux, NULL
        self.sadj, other.sadj = other.sadj, NULL
        self.parent, other.parent = other.parent, NULL
        self.partial, other.partial = other.partial, NULL
        self.node_capacity, other.node_capacity = other.node_capacity, 0
        self.edge_capacity, other.edge_capacity = other.edge_capacity, 0
        self.edge_start[0] = 0

    cdef void _clear_marks(self) noexcept nogil:
        # Only touched and owned are read before a node writes them (adjoint() before any
        # sweep), so of arrays taken from a closed tape only they are cleared.
        memset(self.touched, 0, <size_t>self.node_capacity)
        memset(self.owned, 0, <size_t>self.node_capacity)

    # -- growth (geometric; new memory zeroed) ---------------------------------------

    cdef int _reserve_nodes(self, Py_ssize_t extra) except -1:
        cdef Py_ssize_t need = self.n_nodes + extra
        cdef Py_ssize_t old = self.node_capacity
        if need <= old:
            return 0
        cdef Py_ssize_t cap = max(2 * old, need, 16)
        # Each array is grown on its own; if one fails the others are merely larger than
        # node_capacity says, which is harmless.
        _grow(<void**>&self.flags, old, cap, sizeof(unsigned char))
        _grow(<void**>&self.touched, old, cap, sizeof(unsigned char))
        _grow(<void**>&self.owned, old, cap, sizeof(unsigned char))
        _grow(<void**>&self.op, old, cap, sizeof(int))
        _grow(<void**>&self.edge_start, old + 1 if old else 0, cap + 1, sizeof(Py_ssize_t))
        _grow(<void**>&self.slot, old, cap, sizeof(Py_ssize_t))
        _grow(<void**>&self.sval, old, cap, sizeof(double))
        _grow(<void**>&self.aux, old, cap, sizeof(double))
        _grow(<void**>&self.sadj, old, cap, sizeof(double))
        if old == 0:
            self.edge_start[0] = 0
        self.node_capacity = cap
        return 0

    cdef int _reserve_edges(self, Py_ssize_t extra) except -1:
        cdef Py_ssize_t need = self.n_edges + extra
        cdef Py_ssize_t old = self.edge_capacity
        if need <= old:
            return 0
        cdef Py_ssize_t cap = max(2 * old, need, 32)
        _grow(<void**>&self.parent, old, cap, sizeof(Py_ssize_t))
        _grow(<void**>&self.partial, old, cap, sizeof(double))
        self.edge_capacity = cap
        return 0

    # -- recording -------------------------------------------------------------------

    cdef inline Py_ssize_t _new_node(self, int op, unsigned char flags,
                                     Py_ssize_t n_parents) except -1:
        # Caller guarantees: recording, arrays allocated; parents are written by the caller
        # into parent[edge_start[i] .. edge_start[i] + n_parents - 1].
        if self.n_nodes >= self.node_capacity:
            self._reserve_nodes(1)
        if self.n_edges + n_parents > self.edge_capacity:
            self._reserve_edges(n_parents)
        cdef Py_ssize_t i = self.n_nodes
        self.flags[i] = flags
        self.op[i] = op
        self.slot[i] = -1
        self.aux[i] = NAN
        self.n_edges += n_parents
        self.edge_start[i + 1] = self.n_edges
        self.n_nodes = i + 1
        return i

    cdef Py_ssize_t push_scalar0(self, int op, double value) except -1:
        cdef Py_ssize_t i = self._new_node(op, DOUBLE_VALUE, 0)
        self.sval[i] = value
        return i

    cdef Py_ssize_t push_scalar1(self, int op, Py_ssize_t p, double d, double value,
                                 double aux) except -1:
        # Unchecked: p must be a scalar node of this tape (wengert._var guarantees it).
        cdef Py_ssize_t i = self._new_node(op, DOUBLE_VALUE, 1)
        cdef Py_ssize_t e = self.edge_start[i]
        self.parent[e] = p
        self.partial[e] = d
        self.sval[i] = value
        self.aux[i] = aux
        return i

    cdef Py_ssize_t push_scalar2(self, int op, Py_ssize_t p0, double d0, Py_ssize_t p1,
                                 double d1, double value) except -1:
        # Unchecked: p0 and p1 must be scalar nodes of this tape.
        cdef Py_ssize_t i = self._new_node(op, DOUBLE_VALUE, 2)
        cdef Py_ssize_t e = self.edge_start[i]
        self.parent[e] = p0
        self.partial[e] = d0
        self.parent[e + 1] = p1
        self.partial[e + 1] = d1
        self.sval[i] = value
        return i

    cdef int _check_recording(self) except -1:
        if not self.recording:
            raise RuntimeError(
                "this tape is closed: its runner has returned, so it records nothing more. "
                "A Var must not escape the function it was made for; return plain values "
                "(var.value) instead.")
        return 0

    cdef int _check_index(self, Py_ssize_t i, str what) except -1:
        if self.released:
            raise RuntimeError("this tape has been released (its runner returned); "
                               "its nodes can no longer be read")
        if i < 0 or i >= self.n_nodes:
            raise IndexError(f"{what} {i} is not a node of this tape (it has {self.n_nodes} nodes)")
        return 0

    cdef tuple _checked_parents(self, object parents, bint scalar_only):
        if not isinstance(parents, (tuple, list)):
            raise TypeError(f"parents must be a tuple of node indices, got {type(parents).__name__}")
        cdef list checked = []
        cdef Py_ssize_t p
        for item in parents:
            if isinstance(item, bool) or not isinstance(item, int):
                raise TypeError(f"parent indices must be ints, got {item!r}")
            p = item
            self._check_index(p, "parent")
            if scalar_only and not (self.flags[p] & DOUBLE_VALUE):
                raise ValueError(f"parent {p} is an object node; a scalar node's parents must be scalar nodes "
                                 "(use push_object with a pullback instead)")
            checked.append(p)
        return tuple(checked)

    cpdef Py_ssize_t push_leaf(self, value, name=None) except -1:
        """Append an input node; a Python float becomes a scalar node. Returns its index.

        ``name`` (kept for an object node, for debugging and drawing) says which part of
        an argument the leaf stands for, such as ``".w1"``.
        """
        self._check_recording()
        if type(value) is float:
            return self.push_scalar0(OP_LEAF, <double>value)
        cdef Py_ssize_t i = self._new_node(OP_LEAF, 0, 0)
        self.slot[i] = len(self.obj_value)
        self.obj_value.append(value)
        self.obj_pullback.append(None)
        self.obj_adjoint.append(None)
        self.obj_name.append(name)
        return i

    def push_scalar(self, int op, parents, partials, double value, double aux=NAN):
        """Append a scalar node with its local partials, one per parent. Returns its index."""
        self._check_recording()
        if op < 0 or op >= N_OPCODES or op == OP_OBJECT:
            raise ValueError(f"op code {op} is not a scalar op code (0..{N_OPCODES - 1}, not {OP_OBJECT})")
        cdef tuple ps = self._checked_parents(parents, True)
        if not isinstance(partials, (tuple, list)) or len(partials) != len(ps):
            raise ValueError(f"need one partial per parent: {len(ps)} parents")
        cdef list ds = [float(d) for d in partials]
        cdef Py_ssize_t n = len(ps)
        cdef Py_ssize_t i = self._new_node(op, DOUBLE_VALUE, n)
        cdef Py_ssize_t e = self.edge_start[i]
        cdef Py_ssize_t k
        for k in range(n):
            self.parent[e + k] = <Py_ssize_t>ps[k]
            self.partial[e + k] = <double>ds[k]
        self.sval[i] = value
        self.aux[i] = aux
        return i

    def push_object(self, parents, pullback, value, name=None):
        """Append a node whose backward step is ``pullback(g) -> tuple of cotangents``.

        ``parents`` are node indices; the pullback returns one cotangent per parent
        (``None`` for no contribution). A Python float value is kept in the scalar
        arrays, so that scalar ops on the result stay on the fast path. ``name`` is
        the op's name, kept for debugging and drawing.
        """
        self._check_recording()
        cdef tuple ps = self._checked_parents(parents, False)
        if not callable(pullback):
            raise TypeError(f"pullback must be callable, got {type(pullback).__name__}")
        cdef Py_ssize_t n = len(ps)
        cdef Py_ssize_t i = self._push_pulled(0, n, pullback, value, name)
        cdef Py_ssize_t e = self.edge_start[i]
        cdef Py_ssize_t k
        for k in range(n):
            self.parent[e + k] = <Py_ssize_t>ps[k]
        return i

    cdef Py_ssize_t _push_pulled(self, unsigned char flags, Py_ssize_t n, object pullback,
                                 object value, object name) except -1:
        # Appends a node with a Python pullback and n parent edges; the caller writes the
        # parent indices. A Python float value is kept in the scalar arrays, so that scalar
        # ops on the result stay on the fast path.
        cdef bint is_double = type(value) is float
        cdef Py_ssize_t i = self._new_node(OP_OBJECT, HAS_PULLBACK | flags
                                           | (DOUBLE_VALUE if is_double else 0), n)
        cdef Py_ssize_t e = self.edge_start[i]
        cdef Py_ssize_t k
        for k in range(n):
            self.partial[e + k] = NAN
        self.slot[i] = len(self.obj_value)
        if is_double:
            self.sval[i] = <double>value
            self.obj_value.append(None)
        else:
            self.obj_value.append(value if self.keep_values else None)
        self.obj_pullback.append(pullback)
        self.obj_adjoint.append(None)
        self.obj_name.append(name)
        return i

    cdef Py_ssize_t push_pullbacks(self, const Py_ssize_t* parents, Py_ssize_t n, tuple pullbacks,
                                   object value, object name) except -1:
        # Unchecked (wengert._var.apply): recording, every parent a node of this tape, and
        # len(pullbacks) == n, one callable per parent.
        cdef Py_ssize_t i = self._push_pulled(PER_PARENT, n, pullbacks, value, name)
        cdef Py_ssize_t e = self.edge_start[i]
        cdef Py_ssize_t k
        for k in range(n):
            self.parent[e + k] = parents[k]
        return i

    def push_per_parent(self, parents, pullbacks, value, name=None):
        """Append a node with one pullback per parent: ``pullbacks[k](g)`` is parent k's cotangent.

        Cheaper to sweep than :meth:`push_object` (no tuple of cotangents to build).
        """
        self._check_recording()
        cdef tuple ps = self._checked_parents(parents, False)
        if type(pullbacks) is not tuple or len(<tuple>pullbacks) != len(ps):
            raise TypeError(f"pullbacks must be a tuple of {len(ps)} callables, one per parent")
        for pb in pullbacks:
            if not callable(pb):
                raise TypeError(f"pullback must be callable, got {type(pb).__name__}")
        cdef Py_ssize_t i = self._push_pulled(PER_PARENT, len(ps), pullbacks, value, name)
        cdef Py_ssize_t e = self.edge_start[i]
        cdef Py_ssize_t k
        for k in range(len(ps)):
            self.parent[e + k] = <Py_ssize_t>ps[k]
        return i

    def set_leaf(self, Py_ssize_t i, value):
        """Rewrite the value of leaf ``i`` (a replay of ``wengert.jit`` at new inputs).

        A scalar leaf takes a float; any other leaf any value.
        """
        self._check_index(i, "leaf")
        if self.op[i] != OP_LEAF or (self.flags[i] & HAS_PULLBACK):
            raise ValueError(f"node {i} is not a leaf")
        if self.flags[i] & DOUBLE_VALUE:
            if type(value) is not float:
                raise TypeError(f"leaf {i} is a scalar node: its value must be a float, got "
                                f"{type(value).__name__}")
            self.sval[i] = <double>value
        else:
            self.obj_value[self.slot[i]] = value

    def set_replayed(self, Py_ssize_t i, value, pullbacks):
        """Rewrite the value and the pullbacks of node ``i``, a node with pullbacks (a
        replay of ``wengert.jit``: the rule staged again at the new values).

        ``pullbacks`` is what the node was pushed with: a tuple of one callable per parent
        (``push_per_parent``) or one callable (``push_object``); or None, leaving the node
        without pullbacks (a sweep must then not reach it).
        A scalar node takes a float value.
        """
        self._check_index(i, "node")
        if not (self.flags[i] & HAS_PULLBACK):
            raise ValueError(f"node {i} has no pullback")
        cdef Py_ssize_t n = self.edge_start[i + 1] - self.edge_start[i]
        if pullbacks is not None and self.flags[i] & PER_PARENT:
            if type(pullbacks) is not tuple or len(<tuple>pullbacks) != n:
                raise TypeError(f"pullbacks must be a tuple of {n} callables, one per parent")
            for pb in pullbacks:
                if not callable(pb):
                    raise TypeError(f"pullback must be callable, got {type(pb).__name__}")
        elif pullbacks is not None and not callable(pullbacks):
            raise TypeError(f"node {i} takes one pullback (g -> tuple of cotangents)")
        if self.flags[i] & DOUBLE_VALUE:
            if type(value) is not float:
                raise TypeError(f"node {i} is a scalar node: its value must be a float")
            self.sval[i] = <double>value
        elif self.keep_values:
            self.obj_value[self.slot[i]] = value
        self.obj_pullback[self.slot[i]] = pullbacks

    def pullbacks(self, Py_ssize_t i):
        """The pullbacks of node ``i``, a node with pullbacks, as :meth:`set_replayed`
        takes them; None once a sweep without ``retain`` has passed it."""
        self._check_index(i, "node")
        if not (self.flags[i] & HAS_PULLBACK):
            raise ValueError(f"node {i} has no pullback")
        return self.obj_pullback[self.slot[i]]

    def clear_adjoints(self):
        """Forget the adjoints of the last sweep (every node reads as not reached), so that
        the arrays they hold (a gradient handed to the caller) are not kept alive by a tape
        that lives on (``wengert.jit``'s, until its next replay)."""
        if self.released:
            return
        cdef Py_ssize_t s
        for s in range(len(self.obj_adjoint)):
            self.obj_adjoint[s] = None
        self.live = {}
        if self.extra:
            self.extra = {}
            for s in range(self.n_nodes):
                self.flags[s] &= ~HAS_EXTRA
        memset(self.touched, 0, <size_t>self.n_nodes * sizeof(unsigned char))

    def stop(self):
        """Stop recording: later pushes raise. The graph stays readable and sweepable."""
        self.recording = False

    def close(self):
        """Stop recording and free every array and object the tape holds.

        The arrays of the two largest recently closed tapes of up to ``SPARE_MAX_NODES``
        nodes are kept for the next tapes: runners build a Wengert list on every call, and
        growing it anew each time costs more in page faults than recording it (about 3,000
        faults for 120,000 scalar nodes). Two, so that runners in two threads at once each
        find one.
        """
        self.recording = False
        self.released = True
        cdef Tape smaller
        if self.node_capacity <= _SPARE_MAX_NODES:
            with cython.critical_section(_spare0, _spare1):
                smaller = _spare0 if _spare0.node_capacity <= _spare1.node_capacity else _spare1
                if smaller.node_capacity < self.node_capacity:
                    smaller._free_arrays()
                    smaller._take_arrays(self)
        self._free_arrays()  # nothing left when a spare took them
        self.n_nodes = 0
        self.n_edges = 0
        self.obj_value = []
        self.obj_pullback = []
        self.obj_adjoint = []
        self.obj_name = []

    # -- reading ---------------------------------------------------------------------

    def __len__(self):
        return self.n_nodes

    def is_scalar(self, Py_ssize_t i):
        """True if node ``i`` holds a Python float in the scalar arrays."""
        self._check_index(i, "node")
        return bool(self.flags[i] & DOUBLE_VALUE)

    def value(self, Py_ssize_t i):
        """The value recorded at node ``i``.

        None for a node with a pullback on a tape made with ``keep_values=False``, or once
        a sweep without ``retain`` has passed it.
        """
        self._check_index(i, "node")
        if self.flags[i] & DOUBLE_VALUE:
            return self.sval[i]
        return self.obj_value[self.slot[i]]

    def adjoint(self, Py_ssize_t i, default=None):
        """The adjoint of node ``i`` after ``backward``, or ``default`` if it was never reached."""
        self._check_index(i, "node")
        if not self.touched[i]:
            return default
        if self.flags[i] & DOUBLE_VALUE:
            return self._scalar_adjoint(i)
        return self.obj_adjoint[self.slot[i]]

    def node(self, Py_ssize_t i):
        """A debug view of node ``i``: op code name, parents, partials (None for object nodes), aux."""
        self._check_index(i, "node")
        cdef Py_ssize_t e
        parents = tuple(self.parent[e] for e in range(self.edge_start[i], self.edge_start[i + 1]))
        if self.flags[i] & HAS_PULLBACK:
            partials = None
        else:
            partials = tuple(self.partial[e] for e in range(self.edge_start[i], self.edge_start[i + 1]))
        op = OPCODE_NAMES[self.op[i]]
        if self.slot[i] >= 0 and self.obj_name[self.slot[i]] is not None:
            op = self.obj_name[self.slot[i]]
        return {"op": op, "parents": parents, "partials": partials,
                "aux": self.aux[i], "scalar": bool(self.flags[i] & DOUBLE_VALUE)}

    # -- the backward sweep ----------------------------------------------------------

    cdef Py_ssize_t _sweep_scalars(self, Py_ssize_t i) noexcept nogil:
        # Runs the C-swept nodes i, i-1, ... down to the first node that needs Python
        # (an object node or a scalar node with a pullback) and returns its index.
        # Invariants kept by every push: parents of a C-swept node are scalar nodes with
        # a smaller index, and edge_start[i] <= edge_start[i+1] <= n_edges.
        cdef Py_ssize_t e, p
        cdef double a
        cdef unsigned char mark
        cdef bint live
        while i >= 0 and self.flags[i] == DOUBLE_VALUE:
            if self.touched[i]:
                a = held_adjoint(self.sadj[i], self.op[i], self.aux[i])
                live = self.touched[i] & LIVE
                mark = arrival_mark(self.touched[i], self.op[i], self.aux[i])
                for e in range(self.edge_start[i], self.edge_start[i + 1]):
                    p = self.parent[e]
                    self.sadj[p] += times_partial(a, self.partial[e], live)
                    self.touched[p] |= mark
            i -= 1
        return i

    cdef bint _long_run(self, Py_ssize_t i) noexcept nogil:
        # Whether the C-swept nodes from i down number at least NOGIL_MIN_NODES (a look at
        # their flags only, a small fraction of the cost of sweeping them).
        cdef Py_ssize_t stop = i - NOGIL_MIN_NODES
        if stop < -1:
            return False
        while i > stop:
            if self.flags[i] != DOUBLE_VALUE:
                return False
            i -= 1
        return True

    cdef void _zero_adjoints(self, Py_ssize_t n) noexcept nogil:
        memset(self.touched, 0, <size_t>n * sizeof(unsigned char))
        memset(self.owned, 0, <size_t>n * sizeof(unsigned char))
        memset(self.sadj, 0, <size_t>n * sizeof(double))

    cdef int _send(self, Py_ssize_t p, object cotangent, object live=None) except -1:
        """Add one cotangent into the adjoint of parent ``p``; ``live``: where its zeros are
        live (report_live), None where each of its zeros is structural."""
        if cotangent is None:
            return 0
        cdef double d
        if self.flags[p] & DOUBLE_VALUE:
            if PyFloat_Check(cotangent) or PyLong_Check(cotangent):
                d = PyFloat_AsDouble(cotangent)
            else:
                try:
                    d = PyFloat_AsDouble(cotangent)  # a NumPy scalar or 0-d array
                except TypeError:
                    # A Var of an outer tape (derivatives of derivatives): kept aside and
                    # swept in Python, so that its own tape records the products.
                    old = self.extra.get(p)
                    self.extra[p] = cotangent if old is None else self.add(old, cotangent)
                    self.flags[p] |= HAS_EXTRA
                    self.touched[p] |= 1
                    return 0
            self.sadj[p] += d
            # (a float from a pullback: live where it is not 0; an exact 0 there is the
            # pullback's structural zero, np.where's untaken branch on a scalar)
            self.touched[p] |= (1 | LIVE) if d != 0.0 or _any_live(live) else 1
            return 0
        cdef Py_ssize_t s = self.slot[p]
        if not self.touched[p]:
            # First arrival is stored, not added to a zero (it may be a caller's array,
            # so it is marked not owned and never written into).
            self.obj_adjoint[s] = cotangent
            self.touched[p] = 1
            self.owned[p] = 0
            if live is not None and live is not False:
                self.live[s] = live
            return 0
        if live is not None and live is not False:
            self.live[s] = _either(self.live.get(s), live)
        if self.owned[p]:
            self.obj_adjoint[s] = self.iadd(self.obj_adjoint[s], cotangent)
        else:
            self.obj_adjoint[s] = self.add(self.obj_adjoint[s], cotangent)
            self.owned[p] = 1
        if self.cancelled is not None:
            # (a sum whose terms cancel: its zeros there are live, a derivative that vanishes
            # there, exp(s) - s's 1 - 1 at s = 0, as a scalar node's LIVE mark says)
            cancelled = self.cancelled(self.obj_adjoint[s], cotangent)
            if cancelled is not None:
                self.live[s] = _either(self.live.get(s), cancelled)
        return 0

    cdef int _run_pullback(self, Py_ssize_t i, bint retain) except -1:
        cdef Py_ssize_t s = self.slot[i]
        cdef Py_ssize_t start = self.edge_start[i]
        cdef Py_ssize_t n = self.edge_start[i + 1] - start
        cdef Py_ssize_t k
        pullback = self.obj_pullback[s]
        if pullback is None:
            raise RuntimeError(f"node {i} was already swept; call backward(..., retain=True) "
                               "to sweep a tape more than once")
        if self.flags[i] & DOUBLE_VALUE:
            g = self._scalar_adjoint(i)
            # (live zeros: a zero adjoint that is live; a Var of an outer tape says nothing)
            live = True if self.touched[i] & LIVE and self.sadj[i] == 0.0 and not (self.flags[i] & HAS_EXTRA) else None
        else:
            g = self.obj_adjoint[s]
            live = self.live.get(s) if self.live else None
        # (the pullback's rules read g's live zeros by sweep_cotangent, and report theirs;
        # the thread's state saved and restored around it: a pullback may run an inner sweep)
        cdef SweepState state = thread_sweep()
        cdef list reports = state.reports
        cdef Py_ssize_t mark = len(reports)
        cdef object outer_g = state.g, outer_live = state.live
        cdef Py_ssize_t outer_n = state.n
        cdef bint outer_active = state.active, outer_tangent = state.tangent
        # (the parents differentiated: a parent whose pullback is no_cotangent needs no
        # gradient and counts as a constant, as it would be outside wengert.jit)
        cdef Py_ssize_t needed = n
        if self.flags[i] & PER_PARENT:
            for k in range(n):
                if (<tuple>pullback)[k] is _NO_COTANGENT:
                    needed -= 1
        state.put(g, live, needed, True, False)
        try:
            if self.flags[i] & PER_PARENT:
                # push_pullbacks guarantees a tuple of n callables.
                cotangents = tuple([(<tuple>pullback)[k](g) for k in range(n)])
            else:
                cotangents = pullback(g)
                if type(cotangents) is not tuple or len(<tuple>cotangents) != n:
                    raise TypeError(f"the pullback of node {i} ({pullback!r}) returned {type(cotangents).__name__} "
                                    f"{cotangents!r:.80}; it must return a tuple of {n} cotangent(s), one per parent")
        except BaseException:
            del reports[mark:]  # (what the failed pullback's rules reported)
            raise
        finally:
            state.put(outer_g, outer_live, outer_n, outer_active, outer_tangent)
        if len(reports) == mark and live is None:
            for k in range(n):
                self._send(self.parent[start + k], (<tuple>cotangents)[k])
        else:
            # (g with live zeros: a result the rule did not report has its zeros live, NaN
            # where an infinite partial meets them, not 0: a rule that does not say which of
            # its zeros are structural may have moved a live one anywhere)
            for k in range(n):
                c = (<tuple>cotangents)[k]
                self._send(self.parent[start + k], c, _reported(reports, mark, c, g, live))
            del reports[mark:]
        if not retain:
            # Free what the sweep no longer needs as soon as it has passed (autograd #103):
            # the pullback (and the values it captured), the value and the adjoint.
            self.obj_pullback[s] = None
            self.obj_value[s] = None
            if not (self.flags[i] & DOUBLE_VALUE):
                self.obj_adjoint[s] = None
        return 0

    cdef object _scalar_adjoint(self, Py_ssize_t i):
        if self.flags[i] & HAS_EXTRA:
            return self.add(self.extra[i], self.sadj[i])
        return self.sadj[i]

    cdef int _run_extra(self, Py_ssize_t i) except -1:
        # A C-swept node whose adjoint includes a non-float part: its partials are plain
        # floats (all its inputs were floats), so that part flows as extra * partial.
        cdef double a = held_adjoint(self.sadj[i], self.op[i], self.aux[i])
        cdef Py_ssize_t e, p
        cdef bint live = self.touched[i] & LIVE
        cdef unsigned char mark = arrival_mark(self.touched[i], self.op[i], self.aux[i])
        extra = self.extra[i]
        for e in range(self.edge_start[i], self.edge_start[i + 1]):
            p = self.parent[e]
            self.sadj[p] += times_partial(a, self.partial[e], live)
            self.touched[p] |= mark
            self._send(p, extra * self.partial[e])
        return 0

    def backward(self, Py_ssize_t root, seed, bint retain=False):
        """Sweep from node ``root`` seeded with ``seed``; afterwards read ``adjoint(i)``.

        Every adjoint is reset first, so a tape swept with ``retain=True`` can be swept
        again with another seed. Without ``retain``, the pullbacks, values and adjoints
        of swept nodes are freed as the sweep passes them and a second sweep raises.
        """
        self._check_index(root, "root")
        cdef Py_ssize_t n = self.n_nodes
        cdef Py_ssize_t s
        for s in range(len(self.obj_adjoint)):
            self.obj_adjoint[s] = None
        if self.live:
            self.live = {}
        if self.extra:
            self.extra = {}
            for s in range(n):
                self.flags[s] &= ~HAS_EXTRA
        cdef Py_ssize_t i = root
        cdef double d
        if PyFloat_Check(seed) and self.flags[root] == DOUBLE_VALUE and n >= NOGIL_MIN_NODES:
            # A float seed of a C-swept node on a tape of 8,192 nodes or more: the zeroing
            # (about 10 bytes a node), the seed, the look at the first run's length and,
            # when it is long, that run, in one stretch without the GIL (one hand-over).
            d = PyFloat_AsDouble(seed)
            with nogil:
                self._zero_adjoints(n)
                self.sadj[root] = d
                self.touched[root] = (1 | LIVE) if d != 0.0 else 1
                if self._long_run(root):
                    i = self._sweep_scalars(root)
        else:
            if n >= 4 * NOGIL_MIN_NODES:  # zeroing costs ~10 bytes a node: a fraction of a sweep
                with nogil:
                    self._zero_adjoints(n)
            else:
                self._zero_adjoints(n)
            self._send(root, seed)
            if not self.touched[root]:
                return  # a None seed: nothing flows
        cdef unsigned char f
        while i >= 0:
            f = self.flags[i]
            if f == DOUBLE_VALUE:
                # A run of at least NOGIL_MIN_NODES nodes is swept without the GIL, a
                # shorter one with it (giving it up would cost more than the run).
                if self._long_run(i):
                    with nogil:
                        i = self._sweep_scalars(i)
                else:
                    i = self._sweep_scalars(i)
                continue
            if self.touched[i]:
                if f & HAS_PULLBACK:
                    self._run_pullback(i, retain)
                elif f & HAS_EXTRA:
                    self._run_extra(i)
            i -= 1


# The float sweep gives up the GIL for runs of at least this many C-swept nodes (and a
# replay of scalar nodes for as many): see NOGIL_MIN_NODES in _tape.pxd.
NOGIL_NODES = NOGIL_MIN_NODES

# The largest tape (in nodes of capacity, about 90 bytes each) whose arrays close() keeps.
cdef Py_ssize_t _SPARE_MAX_NODES = 1 << 18
SPARE_MAX_NODES = _SPARE_MAX_NODES

# The arrays of the two largest recently closed tapes, waiting for the next ones (moved,
# never shared): two threads running runners at once each find one.
cdef Tape _spare0 = Tape.__new__(Tape)
cdef Tape _spare1 = Tape.__new__(Tape)


# Which zeros of a cotangent are live (a derivative that vanishes there) and which are
# structural (nothing flows there: np.where's untaken branch), per thread: the pullback the
# sweep runs reads its cotangent's by sweep_cotangent (or cotangent_live, sweep_parents),
# and its rules report their results' by report_live (see times_partial in _tape.pxd).
cdef class SweepState:
    """What the pullback this thread's sweep runs was called with (internal): C fields
    (_tape.pxd), since the sweep sets and restores them around every pullback."""

    def __cinit__(self):
        self.reports = []

    cdef void put(self, object g, object live, Py_ssize_t n, bint active, bint tangent) noexcept:
        self.g = g
        self.live = live
        self.n = n
        self.active = active
        self.tangent = tangent


_state = threading.local()
# (the last thread's state, found again without the thread-local lookup: under the GIL a
# thread switch cannot fall between the two reads, and a dead thread's reused identity
# finds a state that is inactive and empty between pullbacks)
cdef unsigned long _last_thread = 0
cdef SweepState _last_state = None


cdef SweepState thread_sweep():
    global _last_thread, _last_state
    cdef unsigned long me = PyThread_get_thread_ident()
    if _last_state is not None and _last_thread == me:
        return _last_state
    state = getattr(_state, "sweep", None)
    if state is None:
        state = _state.sweep = SweepState()
    _last_thread = me
    _last_state = <SweepState>state
    return _last_state


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
    cdef SweepState state = thread_sweep()
    return (state.g, state.live, state.n) if state.active else None


def in_sweep_pullback():
    """True while this thread's sweep runs a pullback, whose rules' ``g`` is then a
    cotangent; False outside one, and while forward mode runs an elementwise rule on a
    tangent (``live_term``), inside one too (internal: wengert.ops's kink marks read it). The
    state is the sweep's own, set and restored here in C around each pullback: no exception
    can leave it set.

    >>> in_sweep_pullback()
    False
    """
    cdef SweepState state = thread_sweep()
    return state.active and not state.tangent


def cotangent_live(g):
    """Where the zeros of ``g`` are live if ``g`` is the cotangent the pullback this thread's
    sweep runs was called with (``sweep_cotangent()[1]``); None otherwise, as where every zero
    is structural (internal: the rules read it; forward mode's tangents and a rule called by
    another rule keep the convention).

    >>> cotangent_live(0.0) is None
    True
    """
    cdef SweepState state = thread_sweep()
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


cdef object _NO_COTANGENT = no_cotangent


def sweep_parents(g):
    """The number of parents of the node whose pullback this thread's sweep runs that need a
    gradient (their pullback is not :func:`no_cotangent`), if ``g`` is the cotangent it was
    called with; 0 otherwise (internal: a product's rule reads it).

    >>> sweep_parents(0.0)
    0
    """
    cdef SweepState state = thread_sweep()
    return state.n if state.active and state.g is g else 0


def report_live(cotangent, live):
    """Say that the zeros of ``cotangent`` where the mask ``live`` (or True: every entry) is
    true are live, the others structural (False: none live; internal: a rule whose result is a derivative that vanishes
    there, ``g * 2 * sqrt(x)`` at 0, reports it, and the sweep passes it on with that
    cotangent, which is returned as it is). Does nothing outside a sweep's pullback.

    >>> report_live(0.0, True)
    """
    cdef SweepState state = thread_sweep()
    if state.active:
        state.reports.append((cotangent, live))


cdef object _reported(list reports, Py_ssize_t mark, object c, object g, object live_in):
    # where the cotangent c (that object) was reported live since `mark`; where it was not
    # reported and the pullback's g had live zeros (live_in): live_in where c is g itself
    # (add's pullback), else True; None where neither
    cdef Py_ssize_t k
    cdef bint found = False
    live = None
    if c is None:
        return None
    for k in range(mark, len(reports)):
        if (<tuple>reports[k])[0] is c:
            found = True
            live = _either(live, (<tuple>reports[k])[1])
    if not found and live_in is not None:
        return live_in if c is g else True
    return live


cdef bint _any_live(object live) except -1:
    # whether a report on a scalar's cotangent (one entry) says it is live
    if live is None or live is False:
        return False
    try:
        return bool(live)
    except Exception:
        return True


cdef object _either(object a, object b):
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


def record_on(Tape tape not None, list open_tapes not None, body):
    """``body()`` with ``tape`` open on ``open_tapes`` (a thread's stack, innermost last).

    Afterwards the tape is stopped and off the stack, and closed if ``body`` raised.
    The push, and on the way out the stop and the pop, run here in C with no Python
    bytecode in between, so an exception raised anywhere in ``body``, a KeyboardInterrupt
    from a signal handler included, cannot leave the tape open on the stack.

    >>> t = Tape(lambda x, y: x + y, lambda x, y: x + y)
    >>> stack = []
    >>> record_on(t, stack, lambda: len(stack))
    1
    >>> stack, t.recording
    ([], False)
    """
    cdef Py_ssize_t depth = len(open_tapes)
    open_tapes.append(tape)
    try:
        return body()
    except BaseException:
        tape.close()
        raise
    finally:
        tape.recording = False
        del open_tapes[depth:]
