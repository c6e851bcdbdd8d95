"""Replaying a recorded tape at new inputs: the pure-Python twin of the compiled module
``wengert._replay`` (csrc/wengert/_replay.pyx), the same names and behaviour (internal;
use ``wengert.jit``).
"""
import math
import operator
import sys

import numpy as np

from . import _hooks_py as _hooks
from ._engine_py import Rule, StagedPullback, StagedRule
from ._scalar_py import checked, scalar_op
from ._tape_py import (
    DOUBLE_VALUE, HAS_EXTRA, OP_ABS, OP_ADD, OP_ADD_CONST, OP_CUSTOM, OP_DIV, OP_DIV_CONST,
    OP_LEAF, OP_MUL, OP_MUL_CONST, OP_NEG, OP_OBJECT, OP_POW, OP_POW_CONST, OP_RDIV_CONST,
    OP_RPOW_CONST, OP_RSUB_CONST, OP_SUB, OP_SUB_CONST, Tape, LIVE, arrival_mark, no_cotangent, times_partial,
)
# (the scalar formulas of the twins' arithmetic, as the compiled replay's: the twin's _checked_pow and _checked_div
# raise where the compiled replay reports a node whose op fails; the caller then records afresh, and the recording
# raises the error the function gives without a tape)
from ._var_py import Var, _checked_div, _checked_pow, _dpow_dbase, _dpow_dexponent, _dpow_dy_far, _dpow_far, value_of


def _check_tape(tape):
    if type(tape) is not Tape:
        raise TypeError(f"Argument 'tape' has incorrect type (expected Tape, got {type(tape).__name__})")


def plain_value(x):
    """``x`` without the Vars around it (under nested runners a Var's value may itself be a
    Var of an outer tape, at any depth). Unlike ``var.value``, this read is not a decision
    on the value that ``wengert.jit`` guards: the library's own reads use it.

    >>> plain_value(2.0)
    2.0
    """
    while type(x) is Var:
        x = value_of(x)
    return x


def read_value(var):
    """``var``'s value, one level down (a Var of an outer tape under nested runners), read
    without a ``wengert.jit`` guard: the library's own reads of structured values."""
    if type(var) is not Var:
        raise TypeError(f"Argument 'var' has incorrect type (expected Var, got {type(var).__name__})")
    return value_of(var)


# -- replaying scalar nodes (wengert.jit) --------------------------------------------

def _replayed(op, a, b, c):
    # (value, d0, d1) of a scalar op: the formulas of the Var dunders and wengert.exp & co.
    if op == OP_ADD:
        return a + b, 1.0, 1.0
    if op == OP_SUB:
        return a - b, 1.0, -1.0
    if op == OP_MUL:
        return a * b, b, a
    if op == OP_DIV:
        q = _checked_div(a, b)
        d0, d1 = 1.0 / b, -q / b
        if _dpow_far(1.0, b, d0) or _dpow_far(a, b, d1) or _dpow_far(a, b, q):
            raise ValueError("Var's / takes NumPy's rule here")  # (records afresh: see _dpow_far)
        return q, d0, d1
    if op == OP_POW:
        r = _checked_pow(a, b)
        d, e = _dpow_dbase(a, b, r), _dpow_dexponent(a, b, r)
        if a > 0.0 and (_dpow_far(a, b, d) or _dpow_dy_far(a, b, e)):
            raise ValueError("Var's ** takes NumPy's rule here")  # (records afresh: see _dpow_far, _dpow_dy_far)
        return r, d, e
    if op == OP_ADD_CONST:
        return a + c, 1.0, 0.0
    if op == OP_SUB_CONST:
        return a - c, 1.0, 0.0
    if op == OP_RSUB_CONST:
        return c - a, -1.0, 0.0
    if op == OP_MUL_CONST:
        return a * c, c, 0.0
    if op == OP_DIV_CONST:
        q, d0 = _checked_div(a, c), 1.0 / c
        if _dpow_far(1.0, c, d0):
            raise ValueError("Var's / takes NumPy's rule here")
        return q, d0, 0.0
    if op == OP_RDIV_CONST:
        q = _checked_div(c, a)
        d0 = -q / a
        if _dpow_far(c, a, d0) or _dpow_far(c, a, q):
            raise ValueError("Var's / takes NumPy's rule here")
        return q, d0, 0.0
    if op == OP_POW_CONST:
        r = _checked_pow(a, c)
        d = _dpow_dbase(a, c, r)
        if _dpow_far(a, c, d):
            raise ValueError("Var's ** takes NumPy's rule here")
        return r, d, 0.0
    if op == OP_RPOW_CONST:
        r = _checked_pow(c, a)
        d0 = _dpow_dexponent(c, a, r)
        if _dpow_dy_far(c, a, d0):
            raise ValueError("Var's ** takes NumPy's rule here")
        return r, d0, 0.0
    if op == OP_NEG:
        return -a, -1.0, 0.0
    if op == OP_ABS:
        if a == 0.0:
            raise ValueError("abs's kink: a Var takes the NumPy rule there")  # (records afresh: see Var.__abs__)
        return abs(a), float((a > 0.0) - (a < 0.0)), 0.0
    f = scalar_op(op)  # an elementary function: its row of wengert._scalar_py's table
    if f is not None:
        v = checked(f, a)  # raises where the compiled replay reports the node
        if f.far is not None and f.far(a, v):
            raise ValueError("a Var takes the NumPy rule here")  # (records afresh: _elementary's far)
        return v, f.partial(a, v), 0.0
    raise ValueError("not a replayable op code")  # OP_CUSTOM: caller-given partials


def _c_swept(tape, i):
    return ((tape._flags[i] & ~HAS_EXTRA) == DOUBLE_VALUE and tape._op[i] != OP_LEAF
            and tape._op[i] != OP_CUSTOM and tape._op[i] != OP_OBJECT)


def _check_range(tape, start, stop):
    _check_tape(tape)
    if tape._released or start < 0 or stop > tape._n_nodes or start > stop:
        raise IndexError(f"nodes {start}..{stop} are not a range of this tape ({tape._n_nodes} nodes)")


def describe(v):
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


class ReplayStep:
    """One step of a ``wengert.jit`` replay program (internal; built by ``wengert.jit``).

    ``kind``: 0 recompute the scalar nodes ``start .. stop - 1``; 1 node ``j`` is rule
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
    __slots__ = ("kind", "j", "start", "stop", "prim", "fun", "kwargs", "_descr", "outcome",
                 "none_pbs", "_consts", "_refs", "plan", "needed", "fixed_shapes", "_staged", "drops",
                 "_kept")

    def __init__(self, kind, j=-1, start=0, stop=0, prim=None, fun=None, kwargs=None, descr=None,
                 outcome=None, none_pbs=None, consts=(), refs=(), plan=None, needed=True,
                 fixed_shapes=False):
        if kind < 0 or kind > 3 or len(consts) != len(refs):
            raise ValueError("ReplayStep: kind is 0..3, and consts and refs have one entry per argument")
        self.kind, self.j, self.start, self.stop = kind, j, start, stop
        self.prim, self.fun, self.kwargs, self._descr = prim, fun, kwargs, descr
        self.outcome, self.none_pbs, self._consts, self._refs = outcome, none_pbs, tuple(consts), tuple(refs)
        self.plan, self.needed, self.fixed_shapes = plan, bool(needed), bool(fixed_shapes)
        self._staged = None  # kind 1: its pullbacks, kept where they read no node's value
        self._kept = None    # kind 1: per plan entry of ``how`` 4, (the kept array, its pullback) or None
        self.drops = ()

    # (read-only, as in the compiled module, which reads its arguments and their kind from them)
    consts = property(lambda self: self._consts)
    refs = property(lambda self: self._refs)
    descr = property(lambda self: self._descr)


def _step_args(step, tape, vals):
    return [step.consts[k] if r == -1 else (vals[r] if r >= 0 else tape._sval[-2 - r])
            for k, r in enumerate(step.refs)]


def _staged_key(pbs):
    # What a kept tuple of pullbacks computes (they read constants only): equal keys, the
    # same pullbacks. None where one is not a StagedPullback or no_cotangent.
    key = []
    for pb in pbs:
        if pb is no_cotangent:
            key.append(None)
        elif type(pb) is StagedPullback:
            key.append((id(pb.rule), pb.binary, id(pb.ans), id(pb.x), id(pb.y), id(pb.unbroadcast),
                        pb.shape, pb.axes, pb.drop))
        else:
            return None
    key = tuple(key)
    try:
        hash(key)  # (a shape of another kind than a tuple of ints: not shared)
    except TypeError:
        return None
    return key


def _restage(step, ans, values, shared):
    # As apply stages a node's pullbacks, for the parents that need one. Where they read
    # no node's value (ReplayStep's fixed_shapes), the step keeps them for the next replays;
    # steps whose kept pullbacks compute the same share one tuple (``shared``: those of this
    # replay, by _staged_key).
    if step._staged is not None:
        return step._staged
    prim, kwargs, n = step.prim, step.kwargs, len(values)
    other = _hooks.gradient_kind(ans) == _hooks.OTHER
    keep = step.fixed_shapes and not other
    pbs = []
    for i, (pos, rule, how) in enumerate(step.plan):
        if how == 0:
            pbs.append(no_cotangent)
            continue
        if how == 4 and not kwargs:
            keep = False
            pb = _kept_while_same(step, i, rule, ans, values)
        elif how == 3:
            pb = _hooks.first_order_pullback(prim, rule, ans, values, kwargs or {})
            keep = False
        elif how == 1:
            keep = keep and _reads_constants_only(rule, step.refs)
            pb = rule.stage(ans, values[0], values[1]) if n == 2 else rule.stage1(ans, values[0])
        else:
            keep = False
            pb = rule(ans, *values, **kwargs) if kwargs else rule(ans, *values)
        if other:
            pb = _hooks.real_pullback(pb, values[pos], ans)
        pbs.append(pb)
    out = tuple(pbs)
    if keep:
        key = _staged_key(out)
        if key is not None:
            out = shared.setdefault(key, out)
        step._staged = out
    return out


def _kept_while_same(step, i, rule, ans, values):
    # The pullback of plan entry i (``how`` 4, see ReplayStep): the one staged at an earlier
    # replay where every argument is a plain array and the kept one the same object, else
    # staged now (and kept, where they are all plain arrays)
    if any(type(v) is not _hooks.array_type for v in values):
        return rule(ans, *values)
    kept = values[rule.keeps_argument]
    if step._kept is None:
        step._kept = [None] * len(step.plan)
    got = step._kept[i]
    if got is not None and got[0] is kept:
        return got[1]
    pb = rule(ans, *values)
    step._kept[i] = (kept, pb)
    return pb


def _reads_constants_only(rule, refs):
    # The StagedPullback ``rule`` stages keeps no node's value: only constants (refs -1).
    return (not rule.keep_ans and rule.keep_ans_if is None and rule.keep_x_if is None and (not rule.keep_x or refs[0] == -1)
            and (not rule.keep_y or len(refs) < 2 or refs[1] == -1))


def _write_node(tape, j, value, pbs):
    # A replayed node's value (scalar nodes: in the scalar arrays) and pullbacks.
    if tape._flags[j] & DOUBLE_VALUE:
        tape._sval[j] = value
    elif tape._keep_values:
        tape._obj_value[tape._slot[j]] = value
    tape._obj_pullback[tape._slot[j]] = pbs


def run_program(tape, program, vals, stage, same):
    """Run a ``wengert.jit`` replay program (a list of :class:`ReplayStep`) on ``tape``,
    whose leaves hold the new inputs; ``vals`` receives the value of every object node.
    With ``stage`` the pullbacks are staged again at the new values.

    Returns -1, or the index of the step that failed: a guard whose outcome differs, a
    node whose value has another type or shape, a scalar op that would raise. The
    caller then records afresh. Exceptions of the rules propagate.
    """
    _check_tape(tape)
    if tape._released or len(vals) != tape._n_nodes:
        raise ValueError("run_program: a live tape and one value slot per node")
    shared = {}  # kept pullbacks staged by this replay (_restage)
    for s, step in enumerate(program):
        if type(step) is not ReplayStep:
            raise TypeError("run_program: the program is a list of ReplayStep")
        if step.j >= tape._n_nodes or step.stop > tape._n_nodes or step.start < 0:
            raise IndexError("run_program: a step outside the tape")
        if step.kind == 0:
            if replay_scalars(tape, step.start, step.stop) >= 0:
                return s
            continue
        values = _step_args(step, tape, vals)
        if step.kind == 1:
            kwargs = step.kwargs
            fun = step.fun if step.fun is not None else step.prim.fun
            ans = fun(*values, **kwargs) if kwargs else fun(*values)
            if describe(ans) != step.descr:
                return s
            vals[step.j] = ans
            if stage:
                _write_node(tape, step.j, ans, _restage(step, ans, values, shared) if step.needed else step.none_pbs)
            elif type(ans) is float:
                tape._sval[step.j] = ans
        elif step.kind == 2:
            value, pbs = step.fun(*values)
            if describe(value) != step.descr:
                return s
            vals[step.j] = value
            if stage:
                _write_node(tape, step.j, value, pbs if step.needed else step.none_pbs)
            elif type(value) is float:
                tape._sval[step.j] = value
        else:
            out = step.fun(*values)
            if not (out is step.outcome or same(out, step.outcome)):
                return s
        _drop(step.drops, vals)
    return -1


def _drop(drops, vals):
    # ReplayStep.drops: their slots cleared (indices checked as the compiled module does)
    for r in drops:
        if not 0 <= r < len(vals):
            raise IndexError("run_program: a step outside the tape")
        vals[r] = None


def first_unreplayable(tape, start, stop):
    """The first node in ``start .. stop - 1`` that :func:`replay_scalars` does not
    recompute (a leaf, a node with a pullback, a scalar node with caller-given partials),
    or ``stop`` (internal: ``wengert.jit`` checks that its program explains every node).
    """
    _check_range(tape, start, stop)
    for i in range(start, stop):
        if not _c_swept(tape, i):
            return i
    return stop


def replay_scalars(tape, start, stop):
    """Recompute the scalar nodes ``start .. stop - 1`` of ``tape`` from their op codes and
    their parents' values (internal: ``wengert.jit``'s replay).

    Returns -1, or the first node whose op would raise on its new inputs (``log`` of a
    negative number, a division by zero): the caller then records afresh.
    """
    if getattr(tape, "_released", False):
        raise RuntimeError("this tape has been released; it cannot be replayed")
    _check_range(tape, start, stop)
    sval, partial, parent, edge_start = tape._sval, tape._partial, tape._parent, tape._edge_start
    for i in range(start, stop):
        if (tape._flags[i] & ~HAS_EXTRA) != DOUBLE_VALUE or tape._op[i] == OP_LEAF:
            continue
        e = edge_start[i]
        two = edge_start[i + 1] - e > 1
        try:
            v, d0, d1 = _replayed(tape._op[i], sval[parent[e]], sval[parent[e + 1]] if two else 0.0,
                                  tape._aux[i])
        except (ArithmeticError, ValueError):
            return i
        sval[i] = v
        partial[e] = d0
        if two:
            partial[e + 1] = d1
    return -1


def all_floats(values):
    """Whether ``values`` is a list or tuple of one or more items that are all exactly
    floats (internal: how ``wengert.jit`` tells a flat list of floats).

    >>> all_floats([1.0, 2.0]), all_floats([1.0, 2]), all_floats([])
    (True, False, False)
    """
    if type(values) is not list and type(values) is not tuple:
        return False
    return len(values) > 0 and all(type(v) is float for v in values)


def set_float_leaves(tape, indices, values, vals):
    """Give scalar leaf ``indices[k]`` the value ``values[k]`` (a list or tuple of floats)
    and put it in ``vals`` too (internal: ``wengert.jit``'s replay of an argument that is
    a flat list of floats, as micrograd's parameters). Returns False, having set nothing,
    where ``values`` has another length, an item is not a float, or a node is not a
    scalar leaf.
    """
    _check_tape(tape)
    if type(values) is not list and type(values) is not tuple:
        return False
    if len(values) != len(indices) or len(vals) != tape._n_nodes:
        return False
    for i, v in zip(indices, values):
        if (i < 0 or i >= tape._n_nodes or type(v) is not float or tape._op[i] != OP_LEAF
                or (tape._flags[i] & ~HAS_EXTRA) != DOUBLE_VALUE):
            return False
    for i, v in zip(indices, values):
        tape._sval[i] = v
        vals[i] = v
    return True


def set_leaves(tape, setters, args, vals):
    """Give each argument's leaf, and the leaves of the fields read from it, their values at
    ``args`` (``tape.set_leaf``), and put them in ``vals`` too (internal: ``wengert.jit``'s
    replay of arrays and records of arrays, a network's weights). ``setters`` holds
    ``(argument, leaf, fields, field leaves)`` per argument: ``fields(arg)`` gives the
    fields' values in one call (an ``operator.attrgetter``), or is None (no fields).
    """
    if len(vals) != tape.n_nodes:
        raise ValueError("set_leaves: one value slot per node")
    for i, index, fields, indices in setters:
        arg = args[i]
        tape.set_leaf(index, arg)
        vals[index] = arg
        if fields is not None:
            parts = tuple(fields(arg))
            if len(parts) != len(indices):
                raise ValueError(f"set_leaves: {len(parts)} fields read for {len(indices)} leaves")
            for index, v in zip(indices, parts):
                tape.set_leaf(index, v)
                vals[index] = v


def leaf_gradients(tape, indices, likes, finalize, unreached):
    """The gradients of the arrays ``likes[k]`` from the adjoints of leaves ``indices[k]``
    after a sweep (internal: ``wengert.jit``'s gradients of a record's fields, a network's
    weights): each adjoint as it is where it is a writeable ndarray of its array's dtype and
    shape, else ``finalize(adjoint, like)``, with ``unreached`` for the adjoint of a leaf the
    sweep did not reach.
    """
    if len(likes) != len(indices):
        raise ValueError(f"leaf_gradients: {len(likes)} arrays for {len(indices)} leaves")
    out = []
    for index, like in zip(indices, likes):
        g = tape.adjoint(index, unreached)
        if not (type(g) is _hooks.array_type and g.dtype == like.dtype and g.shape == like.shape
                and g.flags.writeable):
            g = finalize(g, like)
        out.append(g)
    return out


def float_adjoints(tape, root, indices):
    """The adjoints of the scalar leaves ``indices`` after a sweep, as a list of floats
    (0.0 where a leaf was not reached): the gradient of an argument that is a flat list of
    floats (internal: ``wengert.jit``). None where the argument's own node ``root`` was
    reached (the list was used whole) or an adjoint is not a plain float: the caller then
    builds the gradient as for any argument.
    """
    _check_tape(tape)
    if root < 0 or root >= tape._n_nodes or tape._touched[root]:
        return None
    out = [0.0] * len(indices)
    for k, i in enumerate(indices):
        if i < 0 or i >= tape._n_nodes or tape._flags[i] != DOUBLE_VALUE:
            return None
        if tape._touched[i]:
            out[k] = tape._sadj[i]
    return out


class ScalarSweep:
    """The reverse sweep of a tape from node ``root`` when every node it reaches is a
    C-swept scalar node or a scalar leaf: the reached nodes, found once (internal:
    ``wengert.jit``'s gradient of a replayed scalar tape; make one with
    :func:`scalar_sweep`). :meth:`run` leaves the tape as ``tape.backward(root, seed)`` does.
    """

    def __init__(self, tape, root, reached, nodes):
        self._tape, self._root, self._n_nodes = tape, root, tape._n_nodes
        self._reached = reached  # per node: 1 | LIVE where the sweep reaches it (live: the seed is not 0)
        # (node, ((edge, parent, first), ...)) of the reached nodes with parents, last first;
        # first: the sweep's first arrival at that parent
        self._nodes = nodes

    def run(self, seed):
        """Sweep the tape with the float ``seed``; False (nothing done) where the tape is
        not in the state this sweep was made for: the caller then calls ``tape.backward``."""
        t = self._tape
        if type(seed) is not float or t._released or t._n_nodes != self._n_nodes or t._extra:
            return False
        n = self._n_nodes
        # A seed of 0 (or -0.0): every adjoint a structural zero, which adds nothing at an
        # infinite partial (tape.backward's marks: reached, not live); any other: every
        # adjoint live (scalar_sweep refuses a constant 0 partial), a zero of them a
        # derivative that vanishes
        live = seed != 0.0
        t._touched = list(self._reached) if live else [r & 1 for r in self._reached]
        t._owned = [0] * n
        t._obj_adjoint = [None] * len(t._obj_adjoint)
        # The adjoints are not zeroed: the first arrival at a node is stored as 0.0 + x,
        # which is what adding x into a zeroed adjoint gives (-0.0 becomes 0.0).
        sadj = t._sadj
        sadj[self._root] = 0.0 + seed
        partial = t._partial
        for i, edges in self._nodes:
            a = sadj[i]
            for e, p, first in edges:
                x = times_partial(a, partial[e], live)
                sadj[p] = 0.0 + x if first else sadj[p] + x
        return True


def scalar_sweep(tape, root):
    """A :class:`ScalarSweep` of ``tape`` from ``root``, or None where the sweep from
    ``root`` reaches a node that is not a C-swept scalar node or a scalar leaf (an array
    node, a node with a pullback), or a node with more than two parents."""
    if tape._released or root < 0 or root >= tape._n_nodes:
        return None
    reached = [0] * tape._n_nodes
    reached[root] = 1 | LIVE  # (the seed is the first arrival at the root)
    nodes = []
    edge_start, parent = tape._edge_start, tape._parent
    for i in range(root, -1, -1):
        if not reached[i]:
            continue
        if tape._flags[i] != DOUBLE_VALUE:
            return None
        start, count = edge_start[i], edge_start[i + 1] - edge_start[i]
        if count > 2:
            return None
        if count and arrival_mark(1 | LIVE, tape._op[i], tape._aux[i]) != 1 | LIVE:
            return None  # (a constant 0 partial: its parents' zeros may be structural, not live)
        edges = []
        for e in range(start, start + count):
            edges.append((e, parent[e], not reached[parent[e]]))
            reached[parent[e]] = 1 | LIVE
        if edges:
            nodes.append((i, tuple(edges)))
    return ScalarSweep(tape, root, reached, nodes)


# -- what a recording's nodes need (wengert.jit's first call) --------------------------------

class NodeRef:
    """A node of a recorded tape standing in an argument list of a ``wengert.jit`` replay
    program: a replay reads the node's new value there (internal).

    >>> NodeRef(3).index
    3
    """
    __slots__ = ("_index",)

    def __init__(self, index):
        self._index = operator.index(index)

    @property
    def index(self):
        return self._index

    def __repr__(self):
        return f"NodeRef({self._index})"


NEEDS_GRADIENT = 1  # gradient_needs' bits of a node: its gradient is needed,
IS_LEAF = 2         # it is a leaf (a part of an argument),
IS_STEPPED = 4      # a step of the program recomputes it (not a scalar op code)


def _mark_leaves(kinds, lt, bits):
    # lt: a leaf tree (index, is_record, {key: leaf tree of a part read from it}), a
    # tuple or a subclass of it
    if not isinstance(lt, tuple) or len(lt) != 3:
        raise TypeError(f"a leaf tree is a tuple (index, is_record, parts), not {type(lt).__name__} {lt!r}")
    i = _node_index(lt[0], len(kinds), "leaf")
    kinds[i] = bits
    parts = lt[2]
    if parts:
        for part in parts.values():
            _mark_leaves(kinds, part, bits)


def _node_index(i, n, what):
    if not 0 <= i < n:
        raise IndexError(f"{what} {i} is not a node of a tape of {n} nodes")
    return i


def gradient_needs(n_nodes, steps, leaves, argnums, root):
    """Which nodes of a recording of ``n_nodes`` nodes need a gradient (internal:
    ``wengert.jit``, on its first call, so that the first sweep runs no pullback that no
    gradient reads): the leaves of the arguments ``argnums``, the scalar op nodes (sweeping
    them costs C only), and every node of a step one of whose differentiable parents needs
    one (a step of a stop_gradient: none).

    ``steps``: the recorder's steps, ``("node", j, rule, template, ...)``, ``("py", j, fn,
    template, descr, per_parent, stops)`` or ``("guard", ...)``, a template holding
    :class:`NodeRef` where a node is an argument; ``leaves``: per argument, its leaf tree
    ``(index, is_record, {key: leaf tree})`` or None. Returns ``(kinds, unneeded,
    reached)``: per node a byte of ``NEEDS_GRADIENT | IS_LEAF | IS_STEPPED`` bits; the rule
    nodes some of whose differentiable parents need no gradient, as ``(node, [their
    positions among those parents])``; whether ``root`` (or None) needs a gradient.

    >>> kinds, unneeded, reached = gradient_needs(2, [], [(0, False, {})], (), 1)
    >>> list(kinds), unneeded, reached
    ([2, 1], [], True)
    """
    n_nodes = operator.index(n_nodes)
    if type(steps) is not list or type(leaves) is not list:
        raise TypeError("gradient_needs: steps and leaves must be lists")
    kinds = bytearray(b"\x01") * n_nodes  # a node of no step and no leaf: a scalar op node
    unneeded = []
    for a, lt in enumerate(leaves):
        if lt is not None:
            _mark_leaves(kinds, lt, IS_LEAF | (NEEDS_GRADIENT if a in argnums else 0))
    for step in steps:  # a stepped node needs a gradient only where its step says so
        if step[0] != "guard":
            j = _node_index(step[1], n_nodes, "step of node")
            kinds[j] = (kinds[j] | IS_STEPPED) if kinds[j] & IS_LEAF else IS_STEPPED
    for step in steps:
        kind = step[0]
        if kind == "node":
            j = _node_index(step[1], n_nodes, "step of node")
            vjps = step[2].vjps
            any_need, unused, kept = False, [], 0
            for pos, x in enumerate(step[3]):
                if type(x) is NodeRef and vjps.get(pos) is not None:
                    if kinds[_node_index(x.index, n_nodes, "parent")] & NEEDS_GRADIENT:
                        any_need = True
                    else:
                        unused.append(kept)
                    kept += 1
            if any_need:
                kinds[j] |= NEEDS_GRADIENT
            if unused:
                unneeded.append((j, unused))
        elif kind == "py":
            j = _node_index(step[1], n_nodes, "step of node")
            if not step[6] and any(type(x) is NodeRef
                                   and kinds[_node_index(x.index, n_nodes, "parent")] & NEEDS_GRADIENT
                                   for x in step[3]):
                kinds[j] |= NEEDS_GRADIENT
    reached = root is not None and bool(kinds[_node_index(root, n_nodes, "root")] & NEEDS_GRADIENT)
    return kinds, unneeded, reached


def _holds_no_var(v):
    # a keyword argument that is a number, a string or None (axis=1, keepdims=True)
    t = type(v)
    return t is int or t is bool or t is float or t is str or v is None


class ProgramRecorder:
    """What a ``wengert.jit`` recording collects besides the tape (internal: the base of
    wengert.jit's recorder, which the tape calls while it is ``tape.jit``): ``steps``, in
    recording order, and why the recording cannot be replayed (``broken``, or None).

    The rule nodes, the most frequent steps, are taken here (:meth:`node`); the subclass
    gives ``template(x)`` (an argument that is not a Var of this tape: refuses what a replay
    cannot re-read) and ``kwargs_hold_var(kwargs)``, and the other kinds of steps.
    """
    __slots__ = ("_tape", "steps", "broken")

    def __init__(self, tape):
        self._tape = tape
        self.steps = []
        self.broken = None

    @property
    def tape(self):
        return self._tape

    def refuse(self, why):
        """Mark the recording as one that cannot be replayed (the first reason is kept)."""
        if self.broken is None:
            self.broken = why

    def node(self, index, prim, args, kwargs, ans):
        """Node ``index`` (whose value is ``ans``) is rule ``prim`` on ``args``: a step
        ``("node", index, prim, template, kwargs or None, describe(ans))``, where the
        template holds a :class:`NodeRef` for each Var of this tape among ``args``."""
        index = operator.index(index)
        if type(args) is not tuple:
            raise TypeError(f"Argument 'args' has incorrect type (expected tuple, got {type(args).__name__})")
        if type(prim) is not Rule and not getattr(prim, "replayable", True):  # (a Rule has no mark)
            self.refuse(f"the rule {prim.name} is marked replayable=False")
        if kwargs and not all(_holds_no_var(v) for v in kwargs.values()) and self.kwargs_hold_var(kwargs):
            self.refuse(f"a Var was passed to {prim.name} as a keyword argument")
        tape = self._tape
        template = tuple([NodeRef(a.index) if type(a) is Var and a.tape is tape
                          else self.template(a) if type(a) in (Var, list, tuple, dict) else a
                          for a in args])
        self.steps.append(("node", index, prim, template, kwargs or None, describe(ans)))


# -- the fused sigmoid: c / (k + exp(-z)) as one replay step ------------------------------

_refcount = sys.getrefcount


class _Slot:
    __slots__ = ("a",)

    def __init__(self, a):
        self.a = a


_PROBE = _Slot(object())  # (kept: a temporary slot may be freed before getrefcount reads .a)
#: sys.getrefcount of an object held by one slot and nothing else, on this interpreter
_UNSHARED = _refcount(_PROBE.a)


class LogisticChain:
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
    __slots__ = ("_tape", "_rules", "_nodes", "_k", "_at", "_c", "_nb", "_eb", "_yb", "_one_pass",
                 "_new_buffer", "_stages")

    def __init__(self, tape, rules, nodes, k, at, c, one_pass, new_buffer, stages):
        if type(tape) is not Tape or type(rules) is not tuple or type(nodes) is not tuple:
            raise TypeError("LogisticChain: a Tape, and rules and nodes as tuples")
        if len(rules) != 4 or len(nodes) != 4 or at not in (0, 1):
            raise ValueError("LogisticChain: four rules and four nodes, and at is 0 or 1")
        if type(rules[0]) is not StagedRule:
            raise TypeError("LogisticChain: the negation's rule is a StagedRule")
        self._tape, self._rules, self._nodes, self._k, self._at, self._c = tape, rules, nodes, k, at, c
        self._one_pass, self._new_buffer, self._stages = one_pass, new_buffer, stages
        self._nb = self._eb = self._yb = None

    tape = property(lambda self: self._tape)
    rules = property(lambda self: self._rules)
    nodes = property(lambda self: self._nodes)
    k = property(lambda self: self._k)
    at = property(lambda self: self._at)
    c = property(lambda self: self._c)
    nb = property(lambda self: self._nb)
    eb = property(lambda self: self._eb)
    yb = property(lambda self: self._yb)

    def __call__(self, z):
        if (self._nb is None or _refcount(self._nb) != _UNSHARED or _refcount(self._eb) != _UNSHARED
                or _refcount(self._yb) != _UNSHARED or self._nb.shape != z.shape):
            # (held by another: a pullback of an earlier replay still on the tape, a vjp's)
            shape = z.shape
            self._nb, self._eb, self._yb = self._new_buffer(shape), self._new_buffer(shape), self._new_buffer(shape)
        n = np.negative(z, self._nb)
        e = np.exp(n, self._eb)
        y = np.add(self._k, e, self._yb)  # (the IEEE sum: operator.add's bits, either order)
        s = np.true_divide(self._c, y)
        if not self._stages():
            return s, None
        # (the rules' own pullbacks staged only where the sweep needs them: the one pass
        # refused; negative's here, which keeps nothing, so that z need not be kept)
        pbs = _LogisticPullbacks(self._rules, self._at, self._k, self._c, s, y, e, n,
                                 self._rules[0].stage1(n, z), self._one_pass)
        set_replayed = self._tape.set_replayed
        j_neg, j_exp, j_add, _ = self._nodes
        set_replayed(j_neg, n, (pbs.through_negative,))
        set_replayed(j_exp, e, (pbs.through_exp,))
        set_replayed(j_add, y, (pbs.through_add,))
        return s, (pbs.first,)


class _LogisticPullbacks:
    # The pullbacks of one call of a LogisticChain: first (of s, the first the sweep reaches)
    # computes the cotangent of z in one pass where one_pass can (its bits are the rules'), and
    # the nodes y, e and n then pass it through; where it cannot (a zero or a non-finite entry
    # in the cotangent or on the way, a traced cotangent), each node runs its rule's pullback
    # as the unfused replay does, staged then from the chain's values (a StagedRule's staging
    # computes nothing: it keeps what its rule reads). It holds the chain's rules and
    # constants, not the chain, which holds the tape that holds these.
    __slots__ = ("rules", "at", "k", "c", "s", "y", "e", "n", "negative", "one_pass", "fused")

    def __init__(self, rules, at, k, c, s, y, e, n, negative, one_pass):
        self.rules, self.at, self.k, self.c = rules, at, k, c
        self.s, self.y, self.e, self.n, self.negative, self.one_pass = s, y, e, n, negative, one_pass
        self.fused = False

    def first(self, g):
        out = self.one_pass(g, self.s, self.y, self.e)
        self.fused = out is not None
        return self.rules[3](self.s, self.c, self.y)(g) if out is None else out

    def through_add(self, g):
        if self.fused:
            return g
        k, e, y = self.k, self.e, self.y
        return (self.rules[2](y, k, e) if self.at else self.rules[2](y, e, k))(g)

    def through_exp(self, g):
        return g if self.fused else self.rules[1](self.e, self.n)(g)

    def through_negative(self, g):
        return g if self.fused else self.negative(g)


# -- wnp.logistic on a float64 array as one replay step, its pullback in one pass ---------------

_ONE_F64 = np.array(1.0)  # (logistic_array's 1 for a float64 array: the same bits)
_ONE_F64.flags.writeable = False
_EXP_FINITE_BELOW = -709.0  # (logistic_array's: exp(-x) is finite from here up)


class LogisticArrayStep:
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
    __slots__ = ("_fun", "_rule", "_near", "_at_least", "_one_pass", "_stages")

    def __init__(self, fun, rule, near, at_least, one_pass, stages):
        if type(rule) is not StagedRule:
            raise TypeError("LogisticArrayStep: the rule is a StagedRule")
        self._fun, self._rule, self._near = fun, rule, float(near)
        self._at_least, self._one_pass, self._stages = at_least, one_pass, stages

    fun = property(lambda self: self._fun)
    rule = property(lambda self: self._rule)
    near = property(lambda self: self._near)

    def __call__(self, x):
        if not self._stages():
            return self._fun(x), None
        if self._at_least(x, _EXP_FINITE_BELOW) is not True:
            # (an entry below -709 or NaN, x not a C-contiguous float64 array: the function itself)
            ans = self._fun(x)
            return ans, (self._rule.stage1(ans, x),)
        e = np.negative(x)
        np.exp(e, e)
        ans = np.add(e, _ONE_F64)
        np.true_divide(_ONE_F64, ans, ans)
        return ans, (_LogisticArrayPullback(self._rule, self._one_pass, self._near, e, ans, x),)


class _LogisticArrayPullback:
    # The pullback of one call of a LogisticArrayStep: g * partial in one pass into e where
    # one_pass can (a plain float64 cotangent with no zero, no entry far, every number normal),
    # else the rule's own pullback, staged now (it computes exp(-x) anew: the same bits)
    __slots__ = ("rule", "one_pass", "near", "e", "ans", "x")

    def __init__(self, rule, one_pass, near, e, ans, x):
        self.rule, self.one_pass, self.near, self.e, self.ans, self.x = rule, one_pass, near, e, ans, x

    def __call__(self, g):
        e = self.e
        if e is not None:
            self.e = None  # (written into by one_pass, whether or not it gives it)
            out = self.one_pass(g, e, self.ans, self.x, self.near)
            if out is not None:
                return out
        return self.rule.stage1(self.ans, self.x)(g)


# -- the fused log-softmax, z - log(sum(exp(z), axis=-1, keepdims=True)), and its weighted sum -----

_add_reduce = np.add.reduce


class LogSoftmaxChain:
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
    __slots__ = ("_tape", "_funs", "_rules", "_nodes", "_kwargs", "_axes", "_one_pass", "_row_sums", "_stages")

    def __init__(self, tape, funs, rules, nodes, kwargs, axes, one_pass, row_sums, stages):
        if type(tape) is not Tape or type(funs) is not tuple or type(rules) is not tuple or type(nodes) is not tuple:
            raise TypeError("LogSoftmaxChain: a Tape, and funs, rules and nodes as tuples")
        if len(funs) != 4 or len(rules) != 5 or len(nodes) != 4:
            raise ValueError("LogSoftmaxChain: four functions, five rules and four nodes")
        self._tape, self._funs, self._rules, self._nodes = tape, funs, rules, nodes
        self._kwargs, self._axes = dict(kwargs or {}), axes
        self._one_pass, self._row_sums, self._stages = one_pass, row_sums, stages

    tape = property(lambda self: self._tape)
    funs = property(lambda self: self._funs)
    rules = property(lambda self: self._rules)
    nodes = property(lambda self: self._nodes)
    kwargs = property(lambda self: self._kwargs)
    axes = property(lambda self: self._axes)

    def __call__(self, z):
        p, pbs = self._run(z, False)
        return p, None if pbs is None else (pbs.to_z, pbs.to_log)

    def _run(self, z, cross):
        # p and, where pullbacks are staged, the pullbacks' object (a cross-entropy's where
        # ``cross``), else None
        f_exp, f_sum, f_log, f_sub = self._funs
        e = f_exp(z)
        s = f_sum(e, **self._kwargs)
        lg = f_log(s)
        p = f_sub(z, lg)
        if not self._stages():
            return p, None
        pbs = (_CrossEntropyPullbacks if cross else _LogSoftmaxPullbacks)(
            self._rules, self._kwargs, self._axes, self._one_pass, self._row_sums, z, e, s, lg, p)
        set_replayed = self._tape.set_replayed
        j_exp, j_sum, j_log, _ = self._nodes
        set_replayed(j_exp, e, (pbs.through_exp,))
        set_replayed(j_sum, s, (pbs.through_sum,))
        set_replayed(j_log, lg, (pbs.through_log,))
        return p, pbs


class _LogSoftmaxPullbacks:
    # The pullbacks of one call of a LogSoftmaxChain, p = z - l: to_z (called first by the
    # sweep) gives the whole cotangent of z in one pass where one_pass can (its bits are the
    # rules'), and to_log then gives l none; where it cannot (a C-contiguous float64 array is
    # not the cotangent, a zero or a non-finite or subnormal number is made on the way), these
    # and p's are the rules' pullbacks, staged then from the chain's values, node by node. It
    # holds the chain's rules, not the chain, which holds the tape that holds these.
    __slots__ = ("rules", "kwargs", "axes", "one_pass", "row_sums", "z", "e", "s", "lg", "p", "fused")

    def __init__(self, rules, kwargs, axes, one_pass, row_sums, z, e, s, lg, p):
        self.rules, self.kwargs, self.axes, self.one_pass, self.row_sums = rules, kwargs, axes, one_pass, row_sums
        self.z, self.e, self.s, self.lg, self.p = z, e, s, lg, p
        self.fused = False

    def _one_pass(self, g):
        # the cotangent of z for the cotangent g of p in one pass, or None
        if type(g) is np.ndarray and g.dtype == np.float64 and g.flags.c_contiguous and g.shape == self.e.shape:
            # (the rules sum -g over the last axis, as StagedPullback does: -S bit for bit where
            # S is not 0, which one_pass refuses through S / s; where each row of g has one
            # entry other than 0 at most, any order of the additions gives that entry)
            total = self.row_sums(g)
            if total is None:
                # (a sum of floats sets no flag but overflow and invalid, whose inf or NaN is
                # refused below: the rules' own reduction then warns, once)
                with np.errstate(all="ignore"):
                    total = _add_reduce(g, self.axes, None, None, True)
            return self.one_pass(g, self.e, total, self.s)
        return None

    def _to_z(self, g):
        out = self._one_pass(g)
        self.fused = out is not None
        return self.rules[3](self.p, self.z, self.lg)(g) if out is None else out

    def _to_log(self, g):
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


def _spread_weights(weighted, g, w, shape):
    # The rules' cotangent of p for the cotangent g of t = sum(m), m = w * p: they spread g over
    # m's shape and multiply it by w, entry by entry: g * w's bits, by weighted(w, g), where g is
    # a float and w an array of p's shape; None where it is not or a flag is set (so that the
    # rules' own product warns once)
    if (type(g) is float or type(g) is np.float64) and type(w) is np.ndarray and w.shape == shape:
        return weighted(w, g)
    return None


class CrossEntropyChain:
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
    __slots__ = ("_head", "_j_p", "_j_m", "_at", "_mul", "_total", "_plan", "_rules_of_mul", "_weighted")

    def __init__(self, head, mul, at, rule, total, total_rule, weighted):
        if type(head) is not LogSoftmaxChain or type(mul) is not ReplayStep:
            raise TypeError("CrossEntropyChain: a LogSoftmaxChain and a ReplayStep")
        if at not in (0, 1):
            raise ValueError("CrossEntropyChain: at is 0 or 1")
        self._head, self._j_p, self._j_m, self._at = head, head.nodes[3], mul.j, at
        self._mul = mul.fun if mul.fun is not None else mul.prim.fun
        # (mul's rule and sum's: the pullbacks of m and t where the one pass is refused)
        self._plan, self._rules_of_mul, self._total, self._weighted = mul.plan, (rule, total_rule), total, weighted

    head = property(lambda self: self._head)
    j_p = property(lambda self: self._j_p)
    j_m = property(lambda self: self._j_m)
    at = property(lambda self: self._at)
    mul = property(lambda self: self._mul)
    total = property(lambda self: self._total)
    plan = property(lambda self: self._plan)
    rules_of_mul = property(lambda self: self._rules_of_mul)

    def __call__(self, z, w):
        p, pbs = self._head._run(z, True)
        args = (w, p) if self._at else (p, w)
        m = self._mul(*args)
        t = self._total(m)
        if pbs is None:
            return t, None
        pbs.w, pbs.m, pbs.t, pbs.args, pbs.mul_rules, pbs.weighted = w, m, t, args, self._rules_of_mul, self._weighted
        set_replayed = self._head.tape.set_replayed
        set_replayed(self._j_p, p, (pbs.to_z, pbs.to_log))
        set_replayed(self._j_m, m, tuple([pbs.through_mul if how else no_cotangent for _, _, how in self._plan]))
        return t, (pbs.first,)


class _CrossEntropyPullbacks(_LogSoftmaxPullbacks):
    # The pullbacks of t, m and p in one call of a CrossEntropyChain: first (of t, the first
    # the sweep reaches) gives the cotangent of z in one pass where it can (G * w, the rules'
    # cotangent of p, taken by the log-softmax's one pass), which through_mul and to_z then pass
    # on, to_log giving none; elsewhere the rules' pullbacks of t and m (staged then) and the
    # log-softmax's of p.
    __slots__ = ("w", "m", "t", "args", "mul_rules", "weighted", "whole")

    def __init__(self, *fields):
        super().__init__(*fields)
        self.whole = False
        self.w = self.m = self.t = self.args = self.mul_rules = self.weighted = None

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

class OwnCrossEntropyChain:
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
    __slots__ = ("_tape", "_fun", "_kwargs", "_j_p", "_j_m", "_at", "_axis", "_mul", "_total", "_rules", "_plan",
                 "_ones", "_one_pass", "_row_sums", "_weighted", "_stages")

    def __init__(self, tape, fun, kwargs, j_p, mul, at, rules, total, one_pass, row_sums, weighted, stages):
        if type(tape) is not Tape or type(mul) is not ReplayStep or type(rules) is not tuple:
            raise TypeError("OwnCrossEntropyChain: a Tape, a ReplayStep and the rules as a tuple")
        if at not in (0, 1) or len(rules) != 3:
            raise ValueError("OwnCrossEntropyChain: at is 0 or 1, and three rules")
        if type(rules[1]) is not StagedRule:
            raise TypeError("OwnCrossEntropyChain: mul's rule is a StagedRule")
        d = mul.descr
        if not (type(d) is tuple and len(d) == 3 and type(d[1]) is tuple and len(d[1]) >= 1):
            raise ValueError("OwnCrossEntropyChain: m is an array of one or more axes")
        self._tape, self._fun, self._kwargs, self._j_p, self._j_m, self._at = tape, fun, dict(kwargs or {}), j_p, mul.j, at
        self._axis = len(d[1]) - 1
        self._mul = mul.fun if mul.fun is not None else mul.prim.fun
        self._total, self._rules, self._plan = total, rules, mul.plan
        self._ones = np.ones(d[1][:-1] + (1,))  # (S / 1 is S)
        self._ones.flags.writeable = False
        self._one_pass, self._row_sums, self._weighted, self._stages = one_pass, row_sums, weighted, stages

    tape = property(lambda self: self._tape)
    fun = property(lambda self: self._fun)
    kwargs = property(lambda self: self._kwargs)
    j_p = property(lambda self: self._j_p)
    j_m = property(lambda self: self._j_m)
    at = property(lambda self: self._at)
    axis = property(lambda self: self._axis)
    mul = property(lambda self: self._mul)
    total = property(lambda self: self._total)
    ones = property(lambda self: self._ones)
    rules = property(lambda self: self._rules)
    plan = property(lambda self: self._plan)

    def _log_softmax(self, z):
        # log_softmax's common case, its ufuncs in its order, where z is a float64 array whose
        # maxima are finite; else its function
        if type(z) is np.ndarray and z.dtype == np.float64 and z.size:
            top = np.maximum.reduce(z, self._axis, None, None, True)
            if (math.isfinite(top.item()) if top.size == 1 else bool(np.isfinite(top).all())):
                shifted = np.subtract(z, top)
                return np.subtract(shifted, np.log(_add_reduce(np.exp(shifted), self._axis, None, None, True)))
        return self._fun(z, **self._kwargs)

    def __call__(self, z, w):
        p = self._log_softmax(z)
        args = (w, p) if self._at else (p, w)
        m = self._mul(*args)
        t = self._total(m)
        if not self._stages():
            return t, None
        pbs = _OwnCrossEntropyPullbacks(z, p, w, m, t, args, self._kwargs, self._rules, self._axis, self._ones,
                                        self._one_pass, self._row_sums, self._weighted)
        set_replayed = self._tape.set_replayed
        set_replayed(self._j_p, p, (pbs.to_z,))
        set_replayed(self._j_m, m, tuple([pbs.through_mul if how else no_cotangent for _, _, how in self._plan]))
        return t, (pbs.first,)


class _OwnCrossEntropyPullbacks:
    # The pullbacks of t, m and p in one call of an OwnCrossEntropyChain: first (of t, the first
    # the sweep reaches) gives the cotangent of z in one pass where it can, which through_mul and
    # to_z then pass on; elsewhere the rules' pullbacks of t, m and p, staged then.
    __slots__ = ("z", "p", "w", "m", "t", "args", "kwargs", "rules", "axis", "ones", "one_pass", "row_sums",
                 "weighted", "whole")

    def __init__(self, z, p, w, m, t, args, kwargs, rules, axis, ones, one_pass, row_sums, weighted):
        self.z, self.p, self.w, self.m, self.t, self.args, self.kwargs = z, p, w, m, t, args, kwargs
        self.rules, self.axis, self.ones = rules, axis, ones
        self.one_pass, self.row_sums, self.weighted = one_pass, row_sums, weighted
        self.whole = False

    def first(self, g):
        out = None
        gw = _spread_weights(self.weighted, g, self.w, self.p.shape)
        if gw is not None:
            total = self.row_sums(gw)
            if total is None:
                # (a sum of floats sets no flag but overflow and invalid, whose inf or NaN is
                # refused by one_pass: the rule's own reduction then warns, once)
                with np.errstate(all="ignore"):
                    total = _add_reduce(gw, self.axis, None, None, True)
            out = self.one_pass(gw, np.exp(self.p), total, self.ones)
        self.whole = out is not None
        return self.rules[2](self.t, self.m)(g) if out is None else out

    def through_mul(self, g):
        return g if self.whole else self.rules[1](self.m, *self.args)(g)

    def to_z(self, g):
        return g if self.whole else self.rules[0](self.p, self.z, **self.kwargs)(g)
