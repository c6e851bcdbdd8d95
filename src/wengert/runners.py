"""Runners: evaluate a function and its gradient (backprop's ``backprop``, ``evalBP``, ``gradBP``).

A runner opens a tape, wraps each argument as a leaf Var, calls the function, seeds the
result's adjoint with ``one(result)`` (or the seed given), sweeps the tape backwards,
reads each leaf's adjoint (``zero(arg)`` for a leaf never reached), closes the tape and
returns plain values. Gradients have the type and structure of the arguments.

.. versionadded:: 0.1
"""
import threading
from typing import Any, Callable, NamedTuple, Tuple, TypeVar, overload

import numpy as np

from . import _context, forward, protocol, structured, tree
from ._backend import Tape, Var, all_floats, distinct_bases, float_adjoints, leaf_var, part_leaves, record_on
from .errors import SeedRequired
from .structured import stop_gradient  # the public name is wengert.stop_gradient

__all__ = ["backprop", "grad_bp", "eval_bp", "vjp_bp", "stop_gradient", "const"]

_UNREACHED = object()


def check_argument(x, position):
    """Refuse an argument that cannot be differentiated, before the function runs (internal)."""
    if not isinstance(x, np.ndarray) and tree.is_integer_leaf(x):
        raise TypeError(
            f"argument {position} is the {type(x).__name__} {x!r}: wengert differentiates with "
            f"respect to floating-point values. Pass {float(x)!r} instead, or leave the "
            "argument out of argnums to treat it as a constant")
    if isinstance(x, np.ndarray) and x.dtype.kind not in "fc":
        raise TypeError(
            f"argument {position} is an array of dtype {x.dtype}: gradients need a floating "
            f"dtype. Pass x.astype(float), or leave it out of argnums")
    protocol.instance_for(x)  # a type with no zero/add/one fails here, before f runs


#: why ``wengert.jit`` does not replay a function that runs a runner inside (its call then
#: gives the plain call's value: see ``Jitted.__call__``)
RUNNER_INSIDE = "a runner ran inside the function"


class Recording:
    """One forward pass of ``f``; the tape stays sweepable until ``close()`` (internal:
    the engine of the runners, for ``wengert.transforms`` and ``wengert.viz``)."""

    def __init__(self, f, args, argnums, kwargs, has_aux=False, keep_values=False):
        for i in argnums:
            check_argument(args[i], i)
        for outer in _context.open_tapes():
            if outer.jit is not None:  # wengert.jit replays no tape that ran a runner inside
                outer.jit.refuse(RUNNER_INSIDE)
        self.args = args
        self.argnums = argnums
        self.aux = None
        # The tape does not hold intermediate values: the pullbacks hold what they need,
        # so memory is freed as in hand-written code (viz keeps them, to draw them).
        self.tape = tape = Tape(protocol.add, protocol.iadd, level=_context.next_level(),
                                keep_values=keep_values, cancelled=structured.cancelled_zeros)
        self._sweeping = threading.Lock()
        self._sweeper = None  # ident of the thread sweeping under _sweeping, else None
        # Opening and closing the tape happen in C around the call (record_on), so that an
        # exception raised at any point, a KeyboardInterrupt included, leaves no open tape.
        out = record_on(tape, _context.open_tapes(), lambda: self._call(f, kwargs, has_aux))
        if type(out) is Var and out.tape is tape:
            self.root, self.value = out.index, out.value
        else:
            self.root, self.value = None, out  # the output does not depend on the inputs

    def _call(self, f, kwargs, has_aux):
        tape = self.tape
        call_args = list(self.args)
        for i in self.argnums:
            call_args[i] = leaf_var(tape, self.args[i])
        leaf_vars = [call_args[i] for i in self.argnums]
        out = f(*call_args, **kwargs)
        if has_aux:
            if not isinstance(out, tuple) or len(out) != 2:
                raise TypeError("with has_aux=True the function must return a pair "
                                f"(output, aux); it returned a {type(out).__name__}")
            out, aux = out
            self.aux = structured.strip_tape(aux, tape)
        # The leaf Vars, for a runner that sweeps once and is gone; a recording that lives on
        # (a vjp pullback, a drawing) swaps them for indices with keep_no_vars().
        self.leaves = leaf_vars
        # A structure holding Vars (a tuple of results, a dict) becomes one node.
        out = structured.collect(out)
        if type(out) is Var and out.tape is not tape:
            # A Var of an outer runner is a constant here; one of a closed tape (kept
            # from an earlier call) would silently stand for its old value.
            _context.check_live(out.tape, out)
        return out

    def gradients(self, seed, retain=True):
        """Gradients for every leaf after sweeping from the output with ``seed``.

        With ``retain=False`` the sweep frees each node's pullback and value as soon as it
        has passed (memory comes back while the sweep runs, as it would in hand-written
        code), and the tape cannot be swept again.
        """
        return sweep_gradients(self.tape, self.root, self.leaves, self.args, self.argnums,
                               self.value, seed, retain)

    def shared_gradients(self, seed):
        """:meth:`gradients` for a pullback that any number of threads may call at once.

        A sweep writes the tape's adjoints, so sweeps of one tape take turns; one from
        inside another's pullback (the same thread) would overwrite them, and is refused.
        """
        # Only the thread holding the lock sets _sweeper to its own ident (and clears it
        # before releasing), so this reads True only inside this thread's own sweep.
        if self._sweeper == threading.get_ident():
            raise RuntimeError("a vjp pullback was called from inside its own sweep (a rule "
                               "or a user pullback calls it back): this is not supported")
        with self._sweeping:
            self._sweeper = threading.get_ident()
            try:
                return self.gradients(seed)
            finally:
                self._sweeper = None

    def keep_no_vars(self):
        """Keep the arguments' leaves as node indices (:class:`LeafTree`), not Vars.

        A Var is invisible to the garbage collector, so a Var kept by a recording that
        lives on would make a cycle through an argument (a pullback stored in the dict it
        was computed from) uncollectable.
        """
        self.leaves = [leaf_tree(v) for v in self.leaves]
        return self


class LeafTree(NamedTuple):
    """A runner's argument on the tape: its leaf's index and the parts read from it."""
    index: int  # type: ignore[assignment]  # a field named like tuple.index
    is_record: bool            # its parts are fields (net.w1), not items (d["w"])
    parts: dict                # key -> LeafTree of each part read (net.w1 is a leaf of its own)


def sweep_gradients(tape, root, leaves, args, argnums, value, seed, retain, flat=None, sweep=None):
    """Sweep ``tape`` from node ``root`` (None: the output is a constant) with ``seed``, then
    the gradient of each argument in ``argnums`` from its leaf in ``leaves`` (internal: a
    recording's gradients, and ``wengert.jit``'s after a replay). ``flat`` (wengert.jit)
    gives per argument the scalar leaves of its items when it may be a flat list of
    floats, whose gradient is then read in C. ``sweep`` (wengert.jit): a ScalarSweep of
    ``tape`` from ``root``, which does the same as ``tape.backward`` for a float seed."""
    check_seed(value, seed)
    marked = forward.conventions_marked()
    try:
        if root is not None and (sweep is None or not sweep.run(seed)):
            tape.backward(root, seed, retain=retain)
    except BaseException:
        forward.settle_conventions(marked, ())  # (a failed sweep's conventions: dropped, not kept)
        raise
    grads = []
    for k, (leaf, i) in enumerate(zip(leaves, argnums)):
        arg = args[i]
        if (root is not None and flat is not None and flat[k] is not None
                and type(arg) in (list, tuple) and len(arg) == len(flat[k])):
            items = float_adjoints(tape, leaf.index, flat[k])
            if items is not None:
                grads.append(items if type(arg) is list else tuple(items))
                continue
        adj = leaf_cotangent(tape, leaf, arg) if root is not None else _UNREACHED
        grads.append(protocol.zero(arg) if adj is _UNREACHED else structured.finalize(adj, arg))
    if forward.conventions_marked() > marked:  # (a kink's convention met in forward over reverse)
        grads = forward.settle_conventions(marked, grads)
    return unshared(grads, seed, args)


def leaf_tree(leaf):
    parts = part_leaves(leaf)
    if not parts:
        t = type(leaf.value)
        if t is np.ndarray or t is float:  # (not a record: is_record's answer, without three calls)
            return tuple.__new__(LeafTree, (leaf.index, False, {}))  # (LeafTree's, without its frame)
        parts = {}
    kids = {}
    for key, part in parts.items():
        # a part with no parts of its own (net.w1): its tree here, without a call per part
        kind = type(part.value) if not part_leaves(part) else None
        kids[key] = (tuple.__new__(LeafTree, (part.index, False, {})) if kind is np.ndarray or kind is float
                     else leaf_tree(part))
    return LeafTree(leaf.index, structured.is_record(structured.plain_value(leaf.value)), kids)


def leaf_cotangent(tape, leaf, like):
    """The cotangent of an argument (whose value is ``like``): its leaf's adjoint plus those
    of the parts read from it (internal: runners and ``wengert.jit``; ``net.w1`` is a leaf of its own, see
    ``wengert._var.leaf_var``), as a Partial."""
    adj = tape.adjoint(leaf.index, _UNREACHED)
    parts = leaf.parts if type(leaf) is LeafTree else part_leaves(leaf)
    if parts:
        reached = {}
        like = structured.plain_value(like)
        # a record's field is read as get_part reads it, without its call and steps
        fields = type(like) is not structured.Partial and like is not None and not isinstance(like, dict)
        for key, part in parts.items():
            value = getattr(like, key) if fields and type(key) is str else structured.get_part(like, key)
            inner = part.parts if type(part) is LeafTree else part_leaves(part)
            # a part with no parts read from it (net.w1): its adjoint, as the call finds it
            g = leaf_cotangent(tape, part, value) if inner else tape.adjoint(part.index, _UNREACHED)
            if g is not _UNREACHED:
                reached[key] = g
        if reached:
            partial = structured.Partial(reached)
            # An argument used whole as an array and through its items or fields (np.sum(p)
            # and p.u): the array cotangent is taken apart into p's type first.
            adj = partial if adj is _UNREACHED else protocol.add(structured.as_items(adj, like), partial)
    return adj


def check_seed(value, seed):
    """Refuse a seed (the output's cotangent) whose structure, shapes or types are not the
    output's, naming the part (``seed['a']``, ``seed[1]``; internal: runners and ``wengert.jit``)."""
    t = type(value)
    if (t is np.float64 or t is float) and type(seed) is t:
        return  # a scalar output and a seed of its type: what mismatch finds, without its steps
    found = structured.mismatch(seed, value, "seed")
    if found is not None:
        error, message = found
        raise error(
            f"{message.replace('its value', 'the output')}: seed is the cotangent of the "
            "function's output and must have its shape and structure (for the gradient of "
            "the sum of the output, pass seed=wengert.one(output))")


def unshared(grads, seed, args):
    """``grads`` with a copy of every array that shares memory with another gradient, the
    seed or an argument, so that each gradient can be updated in place on its own
    (internal: runners and ``wengert.jit``).

    A rule may pass its cotangent on unchanged (``a + b`` hands the same array to both,
    the identity hands back the seed), so a runner's gradients can be one object. Only
    those are copied: the check compares the arrays' bases, and looks at memory only
    when two bases are the same object.
    """
    if _floats_only(grads):
        return grads  # floats and flat lists of floats hold no memory to share
    if type(seed) in _NUMBER_SEEDS and distinct_bases(grads, args):
        return grads  # the common case: a number seed, arrays, floats and records, no base in common
    # the arrays of the seed, the arguments and the gradients, walked once
    found = tree.arrays(grads, tree.arrays((seed, args)))
    if len({id(_base(a)) for a in found}) == len(found):
        return grads  # structured values, no base in common: no rebuilding
    return rebuilt_unshared(grads, seed, args)


def rebuilt_unshared(grads, seed, args):
    """:func:`unshared`'s general path, without the checks that skip it where nothing is
    shared (internal; the tests compare those checks against it)."""
    handed = {}  # id(base) -> arrays of that base handed out (or the caller's)
    for value in (seed, args):
        _walk_arrays(value, lambda a: handed.setdefault(id(_base(a)), []).append(a) or a)

    def own(a):
        others = handed.setdefault(id(_base(a)), [])
        for b in others:  # loops, not generators: see tests/test_interrupts.py
            if np.may_share_memory(a, b):
                a = a.copy()
                others = handed.setdefault(id(a), [])
                break
        others.append(a)
        return a
    return [_walk_arrays(g, own) for g in grads]


def _floats_only(grads):
    for g in grads:  # a loop, not a generator: see tests/test_interrupts.py
        t = type(g)
        if not (t is float or ((t is list or t is tuple) and (not g or all_floats(g)))):
            return False
    return True


#: Seeds that hold no array (a structured seed's arrays may be handed back as gradients:
#: ``grad_bp(lambda x: {"a": x}, x, seed={"a": s})``'s gradient is ``s`` itself)
_NUMBER_SEEDS = frozenset({float, int, complex, type(None), np.float64, np.float32, np.float16,
                           np.longdouble, np.complex128, np.complex64, np.clongdouble})


def _base(a):
    return a if a.base is None else a.base  # NumPy collapses chains of views to the owner


def _walk_arrays(value, fn):
    """``value`` with ``fn`` applied to each of its arrays (its containers rebuilt)."""
    return tree.map_leaves(lambda a: fn(a) if type(a) is np.ndarray else a, value)


def _is_scalar(value):
    """A float, an int, or an array or NumPy scalar of size 1, whatever its shape: autograd
    seeds an output of shape (1,) or (1, 1) with ones of that shape too."""
    value = structured.plain_numbers(value)  # forward over reverse: a Dual's primal
    if isinstance(value, (float, int)):  # a subclass too: a float enum's member
        return True
    return isinstance(value, (np.ndarray, np.generic)) and value.size == 1


def _refuse_unseedable(value):
    """Raise for a boolean or complex output, which the default seed cannot differentiate."""
    value = structured.plain_value(value)
    dtype = getattr(value, "dtype", None)
    kind = getattr(dtype, "kind", None) if dtype is not None else {bool: "b", complex: "c"}.get(type(value))
    if kind == "b":
        raise TypeError(
            "the output is a bool (the result of a comparison or a test): it carries no "
            "gradient. Return the number the comparison was made on, or wrap a soft version "
            "of the test (e.g. wengert.logistic(k * (x - a)))")
    if kind == "c":
        raise TypeError(
            "the output is complex; gradients are defined for real-valued outputs: take "
            "np.real/np.abs or give a seed (the cotangent of the output, e.g. seed=1.0 + 0j)")


def default_seed(value, seed):
    """``seed``, or the output's default seed: one for a scalar output (internal)."""
    if seed is not None:
        return seed
    if type(value) is np.float64 or type(value) is float:
        return protocol.one(value)  # a real scalar: neither check below refuses it
    _refuse_unseedable(value)
    if _is_scalar(value):
        return protocol.one(value)
    shape = getattr(value, "shape", None)
    what = f"an array of shape {shape}" if shape is not None else f"a {type(value).__qualname__}"
    raise SeedRequired(
        f"the function returned {what}, not a scalar, so its gradient needs a seed: the "
        "cotangent of the output. Reduce the output to a scalar (e.g. np.sum(y)), or pass "
        "seed=... (e.g. seed=wengert.one(y) for the gradient of the sum, or use wengert.vjp)")


def _one_or_tuple(items):
    return items[0] if len(items) == 1 else tuple(items)


def run(f, args, kwargs, argnums, seed, has_aux=False):
    """Record ``f``, sweep once from ``seed`` (or the default seed), close the tape; return
    ``(value, gradients of the argnums, aux)`` (internal: for ``wengert.transforms``).
    A function made by ``wengert.jit`` replays its recorded tape instead."""
    if type(f) is jitted_type:
        return f._run(args, kwargs, argnums, seed, has_aux)
    return run_plain(f, args, kwargs, argnums, seed, has_aux)


jitted_type: Any = None  # wengert.jit.Jitted, set when wengert.jit is imported


def run_plain(f, args, kwargs, argnums, seed, has_aux=False):
    """:func:`run` without the replay of ``wengert.jit`` (internal)."""
    rec = Recording(f, args, argnums, kwargs, has_aux)
    try:
        return rec.value, rec.gradients(default_seed(rec.value, seed), retain=False), rec.aux
    finally:
        rec.tape.close()


T = TypeVar("T")
T2 = TypeVar("T2")
R = TypeVar("R")


@overload
def backprop(f: Callable[..., Any], x: T, /, *, seed: Any = None) -> Tuple[Any, T]: ...
@overload
def backprop(f: Callable[..., Any], x: T, y: T2, /, *,
             seed: Any = None) -> Tuple[Any, Tuple[T, T2]]: ...
@overload
def backprop(f: Callable[..., Any], *args: Any, seed: Any = None) -> Tuple[Any, Any]: ...


def backprop(f: Callable[..., Any], *args: Any, seed: Any = None) -> Tuple[Any, Any]:
    """The value of ``f(*args)`` and its gradient with respect to every argument.

    Returns ``(value, gradient)`` with one argument and ``(value, (g1, g2, ...))`` with
    several; each gradient has its argument's type and structure. ``f`` must return a
    scalar unless ``seed`` gives the cotangent of its output (backprop's
    ``backpropWith``); the seed must have the output's structure and shapes.

    The gradients are new arrays, safe to update in place: none shares memory with
    another gradient, the seed or an argument. The rules keep references to the arrays
    they read, not copies: do not write into an argument, an array ``f`` captures, or
    ``v.value`` while ``backprop`` runs, or the gradient is computed from the new values.

    >>> import wengert as wg
    >>> wg.backprop(lambda a, b: a * (a + b), 4.0, 3.0)
    (28.0, (11.0, 4.0))

    .. versionadded:: 0.1
    """
    value, grads, _ = run(f, args, {}, range(len(args)), seed)
    return value, _one_or_tuple(grads)


@overload
def grad_bp(f: Callable[..., Any], x: T, /, *, seed: Any = None) -> T: ...
@overload
def grad_bp(f: Callable[..., Any], x: T, y: T2, /, *, seed: Any = None) -> Tuple[T, T2]: ...
@overload
def grad_bp(f: Callable[..., Any], *args: Any, seed: Any = None) -> Any: ...


def grad_bp(f: Callable[..., Any], *args: Any, seed: Any = None) -> Any:
    """The gradient of ``f`` at ``args`` (see :func:`backprop`).

    >>> import numpy as np, wengert as wg
    >>> wg.grad_bp(lambda d: d["w"] @ d["w"], {"w": np.array([1.0, 2.0])})
    {'w': array([2., 4.])}

    .. versionadded:: 0.1
    """
    return backprop(f, *args, seed=seed)[1]


def eval_bp(f: Callable[..., R], *args: Any) -> R:
    """``f(*args)`` with no tape at all: the plain function's cost, the same answer.

    Every wengert function also accepts plain values, so the code written for
    ``backprop`` runs unchanged here (backprop's ``evalBP``).

    >>> import wengert as wg
    >>> wg.eval_bp(lambda x: wg.exp(x) * 2.0, 0.0)
    2.0

    .. versionadded:: 0.1
    """
    return f(*args)


def vjp_bp(f, args, argnums, kwargs=None, has_aux=False):
    """Record ``f`` once; return ``(value, pullback, aux)`` with a reusable pullback (internal)."""
    if type(f) is jitted_type:
        return f._vjp(args, argnums, kwargs or {}, has_aux)
    return vjp_plain(f, args, argnums, kwargs, has_aux)


def vjp_plain(f, args, argnums, kwargs=None, has_aux=False):
    """:func:`vjp_bp` without the replay of ``wengert.jit`` (internal)."""
    rec = Recording(f, args, argnums, kwargs or {}, has_aux).keep_no_vars()

    def pullback(cotangent):
        return tuple(rec.shared_gradients(cotangent))
    return rec.value, pullback, rec.aux


#: An alias of :func:`stop_gradient` (the same function), named after backprop's ``constVar``.
const = stop_gradient
