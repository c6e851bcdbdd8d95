"""``wengert.jit``: record the tape once per input signature, replay it on later calls.

This is tape reuse with guards (ADOL-C's re-taping, JAX's cache of traces per input
signature), not code generation. See :func:`jit`.

.. versionadded:: 0.1
"""
import abc
import collections.abc
import contextvars
import ctypes
import functools
import gc
import itertools
import math
import mmap
import operator
import os
import random as _pyrandom
import struct
import sys
import sysconfig
import threading
import types
import warnings
import weakref
from collections import OrderedDict
from typing import Any, Callable, Optional

import numpy as np

from . import _context, forward, protocol, records, runners, structured, tree
from .ops.elementwise import LOGISTIC_NEAR, logistic_array
from .ops.reductions import log_softmax as _log_softmax_rule
from .primitive import dual_type, lookup, plain_function
from ._backend import (IS_LEAF, IS_STEPPED, NEEDS_GRADIENT, CrossEntropyChain, LogisticArrayStep, LogisticChain,
                       LogSoftmaxChain, OwnCrossEntropyChain, NodeRef, ProgramRecorder, ReplayStep, Rule,
                       StagedRule, Tape, Var, stretched_axes, value_of,
                       all_floats, array_keys, describe, first_unreplayable, gradient_needs, leaf_gradients, leaf_var,
                       at_least, log_softmax_chain, logistic_chain, logistic_cotangent, lone_entry_sums, no_cotangent, weighted, record_on, run_program, same_key, scalar_sweep, set_float_leaves,
                       set_leaves)

__all__ = ["jit", "Jitted"]

#: Signatures kept per jitted function and per thread (least recently used evicted first).
DEFAULT_CACHE_SIZE = 8

#: Further tapes kept per signature for calls made while ``wg.vjp`` pullbacks of the
#: signature are alive (each reads its own tape until it is dropped).
MAX_SPARES = 3


class _NotReplayable(Exception):
    """Raised while building or replaying a trace: record afresh instead."""


# -- the recorder: what a recording collects besides the tape ---------------------------

#: A node of the recorded tape standing in an argument list of the replay program (a
#: compiled class: the recorder makes one per argument of every node, and _needs reads them)
_Ref = NodeRef


class _Recorder(ProgramRecorder):  # type: ignore[misc,valid-type]  # a compiled class
    """Collects the replay program while a tape records (``tape.jit``; internal).

    Every node the tape gets must be explained by one of: a scalar op (op code and
    constant operand, replayed in C), a leaf (a part of an argument), or a step below
    (a rule's forward function on node references, or a Python function of node values
    for views and lifted ops). Every decision ``f`` takes on a value is a guard. The rule
    nodes are taken in C (``ProgramRecorder.node``: 350 Python lines of a network's first
    call), which calls :meth:`template` and :meth:`kwargs_hold_var` for what is not plain.
    """
    __slots__ = ()

    def template(self, x):
        # x with this tape's Vars replaced by _Ref; a Var anywhere else (inside a list, of
        # another tape) cannot be re-read on a replay.
        if type(x) is Var:
            if x.tape is self.tape:
                return _Ref(x.index)
            self.refuse("a Var of another runner's tape reached the function")
            return x
        if type(x) in (list, tuple, dict) and _holds_var(x):
            self.refuse("a container holding Vars was passed to a rule")
        return x

    def kwargs_hold_var(self, kwargs):
        return _kwargs_hold_var(kwargs)

    #: whether the function's own code sees a Var's value's type (:meth:`class_of`)
    masquerade = False

    def class_of(self, var, frame):
        """``var.__class__``, read by ``frame``'s code (``isinstance(v, float)`` reads it where
        the type check fails). In a plain call's recording (:class:`_EvalRecorder`), code
        that is not wengert's, NumPy's, SciPy's or Python's own gets the type of ``var``'s
        value, so that ``f`` takes the branch it takes on the plain value (``isinstance(x,
        float)``, ``isinstance(x, np.ndarray)``); every replayed node is checked to have the
        recorded type, so the outcome holds on every replay. Elsewhere: Var."""
        if self.masquerade and var.tape is self.tape:
            while frame.f_code in _ASKS_FOR_ITS_CALLER:
                frame = frame.f_back
            if not _library_or_standard(frame.f_globals.get("__name__")):
                return type(value_of(var))
        return Var

    def constant(self, prim, args, kwargs, ans):
        # A rule's result with no gradient (an int, a bool array, an argmax): a value read.
        if kwargs and _kwargs_hold_var(kwargs):
            self.refuse(f"a Var was passed to {prim.name} as a keyword argument")
        self.steps.append(("guard", self.tape.n_nodes, _call_rule(prim, kwargs),
                           tuple([self.template(a) for a in args]), ans))

    def guard(self, fn, operands, outcome):
        """``fn(*operands)`` (Vars among them) gave ``outcome``: a decision on values."""
        self.steps.append(("guard", self.tape.n_nodes, fn,
                           tuple([self.template(a) for a in operands]), outcome))

    def python_node(self, index, fn, args, value, per_parent=False, stops=False):
        """Node ``index`` (whose value is ``value``) is ``fn(*args) -> (value, pullbacks)``
        on the new values of ``args``: a view, a collected structure, a lifted op.
        ``pullbacks`` is one callable per parent with ``per_parent``, else one callable;
        ``stops``: they give no cotangent (``stop_gradient``), so nothing after the node
        needs its gradient."""
        self.steps.append(("py", index, fn, tuple([self.template(a) for a in args]),
                           describe(value), per_parent, stops))

    def view(self, index, parent_index, name, pullback, value):
        self.steps.append(("py", index, _FieldRead(name, pullback), (_Ref(parent_index),),
                           describe(value), True, False))


class _EvalRecorder(_Recorder):
    """The recorder of a plain call (``fun(*args)``, ``eval_bp``): the function's own code
    sees the types of its Vars' values, as without ``jit``. (Under a runner it sees Vars,
    as the runner's own recording, which a replay must agree with, gives them.)"""
    __slots__ = ()
    masquerade = True


def _holds_var(x):
    if type(x) is Var:
        return True
    kids = tree.children(x)
    return bool(kids) and any(_holds_var(child) for _, child in kids)


#: Types of keyword arguments that hold no Var (axis=1, keepdims=True, dtype=None)
_HOLDS_NO_VAR = frozenset({int, bool, float, str, type(None)})


def _kwargs_hold_var(kwargs):
    """``_holds_var(kwargs)`` for a dict of keyword arguments, with no call for those
    that are numbers, strings or None (np.sum(z, axis=1, keepdims=True): three calls)."""
    for v in kwargs.values():
        if type(v) not in _HOLDS_NO_VAR and _holds_var(v):
            return True
    return False


class _FieldRead:
    __slots__ = ("name", "pullbacks")

    def __init__(self, name, pullback):
        self.name, self.pullbacks = name, (pullback,)

    def __call__(self, value):
        return getattr(value, self.name), self.pullbacks


class _RuleCall:
    __slots__ = ("fun", "kwargs")

    def __init__(self, fun, kwargs):
        self.fun, self.kwargs = fun, kwargs

    def __call__(self, *args):
        return self.fun(*args, **self.kwargs)


def _call_rule(prim, kwargs):
    return _RuleCall(prim.fun, kwargs or {})


# -- signatures ----------------------------------------------------------------------------

_RNG_TYPES = (np.random.Generator, np.random.RandomState, _pyrandom.Random, np.random.BitGenerator)

#: The most objects a recording looks through, inside arguments that wengert's tree does not
#: walk, for a random generator (:func:`_generators`): an argument holding more may hide one,
#: and its signature records every call.
_SEARCH_LIMIT = 100_000


def _root_value(vals, tape, root, constant):
    """A replay's result at node ``root``: its replayed value, the tape's where the replay
    kept none, ``constant`` where the function's result held no Var (``root`` None).

    >>> _root_value([None, 2.0], None, 1, None), _root_value([], None, None, 'aux')
    (2.0, 'aux')
    """
    if root is None:
        return constant
    value = vals[root]
    return tape.value(root) if value is None else value


def _traced_leaf(x):
    """True for a leaf whose value a trace takes as an input (not as a constant). A
    subclass of float or complex (a float enum's member) is a constant keyed by its value:
    ``f`` may use what the subclass adds, which a traced input would not have."""
    t = type(x)
    if t is float or t is complex or isinstance(x, (np.ndarray, np.generic)):
        return tree.is_inexact_leaf(x)
    return False


def _leaf_key(x, keep):
    """The signature of one leaf: type, shape and dtype of what is traced; the value (or,
    unhashable, the identity) of everything else. ``keep`` holds the objects keyed by
    identity, so that their ids are not reused while the key lives."""
    t = type(x)
    if t is float or t is complex:
        return t
    if t is np.ndarray:
        dtype = x.dtype  # the dtype itself: hashed and compared by value, with no string built
        if dtype.kind in "fc":
            return (x.shape, dtype)
        if dtype.hasobject:
            # its bytes are its elements' addresses: they are kept alive with the key (a
            # freed one's address taken by a new float replayed the old constant), and
            # searched for generators
            keep.append(x)
            keep.extend(x.ravel().tolist())
        return (x.shape, dtype, x.tobytes())  # an index or mask array: by content
    if isinstance(x, np.generic):
        return (t, x.dtype.str) if x.dtype.kind in "fc" else (t, x.item())
    if t is int or t is bool or t is str or t is bytes or x is None:
        return (t, x)
    if t is Var:
        raise _VarInside()
    try:
        hash(x)
    except TypeError:
        keep.append(x)
        return (t, "id", id(x))
    keep.append(x)  # (an object wengert's tree does not walk: searched for generators)
    if isinstance(x, _RNG_TYPES):
        return (t, "id", id(x))
    return (t, x)


def _keyword_key(x, keep):
    """The signature of the keyword arguments ``x``: :func:`_leaf_key`'s, except that a
    floating-point leaf is keyed by its value (its bytes: -0.0 is not 0.0). ``f`` gets the
    keywords as they are, not as traced inputs, so a recording holds them as constants."""
    kids = tree.children(x)
    if kids is not None:
        return (type(x), tuple(k for k, _ in kids), tuple([_keyword_key(c, keep) for _, c in kids]))
    if _traced_leaf(x):
        value = np.asarray(x)
        return (type(x), value.shape, value.dtype, value.tobytes())
    return _leaf_key(x, keep)


class _VarInside(Exception):
    """A Var among the arguments (``f`` called inside a runner): no signature."""


def _tree_key(x, keep, arrays):
    """The signature of ``x`` (see :func:`_leaf_key`); the plain arrays met on the way are
    appended to ``arrays`` (a replay's gradients are checked against them for shared
    memory without a second walk)."""
    t = type(x)
    if t is np.ndarray:
        arrays.append(x)
        return _leaf_key(x, keep)
    if t is float:
        return t
    if t is list or t is tuple:
        if all_floats(x):
            return (t, len(x))  # a flat list of floats (micrograd's parameters), read at C speed
        # (the arguments: each array or float keyed in C, anything else by _tree_key)
        return (t, len(x), array_keys(x, keep, arrays, _tree_key))
    names = tree.record_fields(t)
    if names is not None:  # a dataclass or named tuple: its fields (a network's weights), in C
        return (t, tuple(names), array_keys(x, keep, arrays, _tree_key, names))
    kids = tree.children(x)
    if kids is None:
        return _leaf_key(x, keep)
    return (t, tuple(k for k, _ in kids), tuple([_tree_key(c, keep, arrays) for _, c in kids]))


def _has_traced_leaf(x):
    if type(x) is np.ndarray and x.dtype.kind in "fc":
        return True  # (a network's input: _traced_leaf's answer, without tree.children's call)
    kids = tree.children(x)
    if kids is None:
        return _traced_leaf(x)
    return any(_has_traced_leaf(c) for _, c in kids)


#: Leaves that hold no other object: the search for generators stops at them at once
_HOLDS_NOTHING = frozenset({float, int, bool, complex, str, bytes, type(None), np.float64,
                            np.float32, np.int64, np.bool_})


#: Modules whose functions hold no generator of the user's: their globals are not searched
_LIBRARIES = ("wengert.", "numpy.", "scipy.")


def _in_library(module):
    """Whether ``module`` (a name, or None) is wengert's, NumPy's or SciPy's. A class's
    ``__module__`` may be any object (a descriptor, met in the ABC caches the search walks):
    not a name, not the libraries'."""
    return isinstance(module, str) and (module + ".").startswith(_LIBRARIES)


#: The directories of Python's own library (not its site-packages), for :func:`_in_standard_library`
_STANDARD_LIBRARY = tuple({os.path.normcase(os.path.realpath(sysconfig.get_paths()[key])) + os.sep
                           for key in ("stdlib", "platstdlib")})


@functools.lru_cache(maxsize=None)
def _in_standard_library(module):
    """Whether the module named ``module`` is a file of Python's own library or built into the
    interpreter, judged by where it was loaded from (a user's ``test.py`` or ``random.py`` is the
    user's, whatever its name). Its functions and classes hold no generator of the user's: the
    search takes them as the libraries' (through an ``inspect.Signature`` in a closure, the
    search of a SciPy distribution's method walked 18,000 objects of ``inspect``, ``email``,
    ``argparse`` and pytest, 0.2 s on every recording)."""
    found = sys.modules.get(module) if isinstance(module, str) else None
    if found is None:
        return False
    path = getattr(found, "__file__", None)
    if path is None:
        return module in sys.builtin_module_names
    path = os.path.normcase(os.path.realpath(path))
    return path.startswith(_STANDARD_LIBRARY) and not any(
        part in ("site-packages", "dist-packages") for part in path.split(os.sep))


def _dispatchers_code():
    """The code of Python's own functions that read ``x.__class__`` for their caller's test of
    ``x``'s type: an ABC's ``isinstance`` (``numbers.Real``, ``collections.abc.Sequence``) and
    ``functools.singledispatch``'s dispatch. Their caller's module decides (:meth:`_Recorder.class_of`),
    so that ``isinstance(x, numbers.Real)`` answers as ``isinstance(x, float)`` does."""
    codes = {abc.ABCMeta.__instancecheck__.__code__, functools.singledispatch(repr).__code__}

    class _Dispatched:
        @functools.singledispatchmethod
        def method(self, x):
            return x
    method = getattr(_Dispatched().method, "__code__", None)  # (a function on Python <= 3.13)
    if method is not None:
        codes.add(method)
    return frozenset(codes)


#: See :func:`_dispatchers_code`.
_ASKS_FOR_ITS_CALLER = _dispatchers_code()


def _library_or_standard(module):
    """Whether ``module`` (a name, or None) is wengert's, NumPy's, SciPy's or Python's own."""
    return _in_library(module) or _in_standard_library(module)


def _named_globals(fn):
    """The values of the globals that ``fn``'s code (and the code nested in it) names, not the
    module's every name: a module-level generator drawn in ``fn`` or in a helper it calls. A
    global that is a module (not the libraries') gives the attributes the same code names
    (``mymodule.rng``, ``package.sub.rng``), not its every name; so does a module the code
    imports itself or names as a string (``sys.modules["mymodule"]``)."""
    names, codes = fn.__globals__, [fn.__code__]
    found = []
    while codes:
        code = codes.pop()
        named = [names[n] for n in code.co_names if n in names]
        # modules the code imports itself (``import m`` or ``from m import rng`` inside it: the
        # module's name is among its names, not its globals) or reads from sys.modules by a
        # constant name: a generator there was frozen on replay. (Looked for one by one only
        # where some string of the code names a module: a set intersection tells, where the
        # loop over a network's loss and its docstring was 350 bytecodes of a first call.)
        if not sys.modules.keys().isdisjoint(_code_strings(code)):  # (iterates the smaller)
            named.extend(module for n in itertools.chain(code.co_names, code.co_consts)
                         if type(n) is str and n not in names and (module := sys.modules.get(n)) is not None)
        modules = [m for m in named if isinstance(m, types.ModuleType)]
        seen = set()
        while modules:
            module = modules.pop()
            if id(module) in seen or _in_library(module.__name__):
                continue
            seen.add(id(module))
            # (vars(), not getattr: a module's __getattr__ may import or compute)
            # (not sys.modules, every module of the program and what else a library put there: the
            # search of it looked through 15,000 objects; the modules the code names are taken above)
            attributes = [vars(module)[n] for n in code.co_names
                          if n in vars(module) and vars(module)[n] is not sys.modules]
            named.extend(attributes)
            modules.extend(a for a in attributes if isinstance(a, types.ModuleType))
        found.extend(named)
        codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return found


#: Per code object, the strings among its names and constants (:func:`_code_strings`)
_CODE_STRINGS: "weakref.WeakKeyDictionary[types.CodeType, frozenset]" = weakref.WeakKeyDictionary()


def _code_strings(code):
    """The strings among ``code``'s names and constants, once per code object."""
    try:
        return _CODE_STRINGS[code]
    except KeyError:
        pass
    strings = frozenset(n for n in itertools.chain(code.co_names, code.co_consts) if type(n) is str)
    _CODE_STRINGS[code] = strings
    return strings


def _generators(args, keep=None, fun=None):
    """(the random generators reachable from ``args``, whether the search was complete),
    for :func:`_rng_states`. ``keep``: the leaves of a complete signature
    (:meth:`Jitted._key`) of ``args`` that its tree does not walk (objects keyed by
    identity or by hash, object arrays and their elements), read instead of a second walk.

    From each such leaf, every object it refers to is searched (``gc.get_referents``: the
    items of an OrderedDict, a deque, a set, the attributes of a SimpleNamespace or of any
    object, a partial's arguments, a bound method's ``__self__``; the elements of an object
    array; a function's closure, defaults, attributes and the globals its code names; a
    class's attributes), except modules, the classes of extension modules, wengert's,
    NumPy's and SciPy's own classes, objects and functions (of which only the function a
    wrapper holds, and a function's closure), and the classes and functions of Python's own
    library (the same: an object of theirs, a ``functools.partial``, a ``SimpleNamespace``,
    is searched). ``fun``: the function recorded, searched the
    same way (a generator at module level or in its closure, drawn inside it), within
    ``_FUNCTION_SEARCH_LIMIT`` objects. More than ``_SEARCH_LIMIT`` objects reachable from
    the arguments: incomplete (a generator may be hidden)."""
    roots = list(keep if keep is not None else tree.leaves(args))
    found, seen = [], set()
    if fun is not None:
        # (its own budget, and no refusal past it: the globals a function names may reach a program's
        # every object, and a generator there is the documented limit it was before)
        _search([fun], found, seen, _FUNCTION_SEARCH_LIMIT)
    return found, _search(roots, found, seen, _SEARCH_LIMIT)


#: The most objects a recording looks through from the jitted function itself (its closure,
#: defaults and the globals its code names) for a random generator; past it the search stops
#: without refusing the recording.
_FUNCTION_SEARCH_LIMIT = 20_000


#: Exact types that :func:`_search` looks into at once through ``gc.get_referents`` (none is a
#: generator, an array, a module, a weak reference, a context variable, a class, a function or
#: the libraries' own: a function's closure, defaults and ``__dict__``, the containers of the
#: arguments), where the checks for those took most of a network's first-call search
_REFERENT_TYPES: "frozenset[type]" = frozenset({dict, list, tuple, set, frozenset, types.CellType})


#: The type of an abstract base class's registry and caches (``Sequence._abc_impl``): weak
#: references to every class ever checked against it, the program's whole class graph, not
#: state of the function's (reached from ``random`` through ``collections.abc``, the search
#: grew from 240 objects to 72,545 after a test suite's isinstance checks)
_ABC_CACHES = type(getattr(collections.abc.Sequence, "_abc_impl", None))


def _search(todo, found, seen, budget):
    """Append to ``found`` the generators reachable from ``todo`` (see :func:`_generators`);
    False when more than ``budget`` objects were reachable."""
    while todo:
        x = todo.pop()
        t = type(x)
        if t in _HOLDS_NOTHING or id(x) in seen:
            continue
        seen.add(id(x))
        budget -= 1
        if budget < 0:
            return False
        if t in _REFERENT_TYPES:  # (the last branch's, without the isinstance checks before it)
            todo.extend(gc.get_referents(x))
        elif t is types.ModuleType or t is _ABC_CACHES:
            pass
        elif t is types.FunctionType:
            if _library_or_standard(x.__module__):  # (a wrapper of the user's function: wg.grad(f)'s f)
                todo.extend((x.__closure__, x.__dict__.get("__wrapped__")))
            else:
                todo.extend((x.__closure__, x.__defaults__, x.__kwdefaults__, x.__dict__))
                todo.extend(_named_globals(x))
        elif isinstance(x, _RNG_TYPES):
            found.append(x)
        elif t is np.ndarray or isinstance(x, np.ndarray):
            if x.dtype.hasobject:  # (an array does not report its elements to gc)
                todo.extend(x.ravel().tolist())
        elif isinstance(x, (types.ModuleType, np.generic)):
            pass
        elif isinstance(x, weakref.ProxyTypes):  # (gc reports no referent of a weak proxy or reference)
            try:
                # (the referent's attributes, forwarded; vars() refuses a proxy, and gc reports nothing
                # in an object's inline __dict__ on Python 3.13)
                todo.extend(x.__dict__.values())
            except (ReferenceError, AttributeError):
                pass
        elif isinstance(x, weakref.ReferenceType):
            todo.append(x())
        elif isinstance(x, contextvars.ContextVar):  # (its value lives in the context, not in the variable)
            todo.append(x.get(None))
        elif isinstance(x, type):
            # a class of Python code: its attributes and bases (not wengert's, NumPy's, SciPy's or Python's
            # own: their registries and functions reach every rule and module, more objects than the search
            # looks through)
            if x.__flags__ & _HEAP_TYPE and not _library_or_standard(x.__module__):
                todo.extend(vars(x).values())
                todo.extend(x.__bases__)
        elif _in_library(t.__module__):  # an object of the libraries' own classes: the function it wraps
            todo.append(getattr(x, "__wrapped__", None))
        else:
            todo.extend(gc.get_referents(x))
    return True


_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made by a class statement


def _rng_states(generators):
    """A snapshot of every generator ``f`` may draw from: NumPy's and Python's global
    ones and those among the arguments (``generators``). Compared with
    :func:`_same_states`, two snapshots tell whether ``f`` drew a random number."""
    states = [_numpy_random_state(), _python_random_state()]
    for leaf in generators:
        if isinstance(leaf, np.random.Generator):
            states.append(leaf.bit_generator.state)
        elif isinstance(leaf, np.random.BitGenerator):
            states.append(leaf.state)
        elif isinstance(leaf, (np.random.RandomState, _pyrandom.Random)):
            states.append(leaf.get_state() if isinstance(leaf, np.random.RandomState) else leaf.getstate())
    return states


# [(size of the twister's key and position, offset of has_gauss in a RandomState) or None]
_numpy_layout: list = []
# [bit generator, RandomState, ctypes views of their state] while they are NumPy's global ones:
# held, so that the memory the views read stays theirs
_numpy_views: list = [None, None, None, None]


def _numpy_random_state():
    """The state of NumPy's global generator (``np.random.seed`` & co.). With its Mersenne
    twister, the bytes of its C state (0.5 us): the twister's key and position, and the
    legacy RandomState's cached normal deviate (``has_gauss``, ``gauss``: drawing it moves
    no twister word); else, or where those bytes were not found to be the state (checked
    once, against ``get_state()``), ``get_state()`` (28 us: it copies the key word by
    word), or ``get_state(legacy=False)`` for another bit generator
    (``np.random.set_bit_generator``: the legacy tuple warned and made f unreplayable)."""
    bit_generator = np.random.get_bit_generator()
    legacy = getattr(np.random.get_state, "__self__", None)
    views = _numpy_views
    if views[0] is not bit_generator or views[1] is not legacy:
        if type(bit_generator) is not np.random.MT19937:
            return np.random.get_state(legacy=False)
        if not _numpy_layout:
            _numpy_layout.append(_find_numpy_layout(legacy, bit_generator))
        layout = _numpy_layout[0]
        if layout is None or type(legacy) is not np.random.RandomState:
            name, key, *rest = np.random.get_state()
            return (name, key.copy(), *rest)
        size, offset = layout
        # has_gauss (an int), 4 bytes of padding, gauss (a double): the padding read too
        # can only make an unchanged state look changed (f then records every call)
        views[:] = [bit_generator, legacy,
                    (ctypes.c_char * size).from_address(bit_generator.ctypes.state_address),
                    (ctypes.c_char * 16).from_address(id(legacy) + offset)]
    return views[2].raw + views[3].raw


def _find_numpy_layout(legacy, bit_generator):
    """(size, offset) for :func:`_numpy_random_state`, or None: the twister's key and
    position are the first bytes of its C state, and a RandomState's ``has_gauss`` (an
    int) and ``gauss`` (a double, 8 bytes further: NumPy's aug_bitgen_t) are found in a
    RandomState of its own that draws normal deviates, then checked on ``legacy``, the
    global one."""
    if type(legacy) is not np.random.RandomState:
        return None
    state = bit_generator.state["state"]
    expected = state["key"].tobytes() + np.intc(state["pos"]).tobytes()
    # read only inside the bit generator's own object (the state is a member of it in
    # NumPy 2.0-2.5): a NumPy that keeps it elsewhere gets get_state(), never a stray read
    start = bit_generator.ctypes.state_address - id(bit_generator)
    if not 0 <= start <= type(bit_generator).__basicsize__ - len(expected):
        return None
    if ctypes.string_at(bit_generator.ctypes.state_address, len(expected)) != expected:
        return None
    probe = np.random.RandomState(np.random.MT19937(12345))
    probe.standard_normal()  # a pair of deviates: the second is cached
    _, _, _, has_gauss, gauss = probe.get_state()
    memory = ctypes.string_at(id(probe), type(probe).__basicsize__)
    wanted = struct.pack("=i", has_gauss), struct.pack("=d", gauss)
    offsets = [o for o in range(8, len(memory) - 15, 8)
               if has_gauss == 1 and (memory[o:o + 4], memory[o + 8:o + 16]) == wanted]

    def matches(rs, offset):
        _, _, _, has_gauss, gauss = rs.get_state()
        read = ctypes.string_at(id(rs) + offset, 16)
        return read[:4] == struct.pack("=i", has_gauss) and read[8:] == struct.pack("=d", gauss)
    offsets = [o for o in offsets if matches(probe, o)]
    probe.standard_normal()  # the cached one: has_gauss is 0 again
    offsets = [o for o in offsets if matches(probe, o) and matches(legacy, o)]
    return (len(expected), offsets[0]) if len(offsets) == 1 else None


_random_layout: list = []  # [(offset, size) of the state in random's global Random's C object, or None]
_random_view: list = [None, None]  # [random's global Random, a ctypes view of its index and key]


def _python_random_state():
    """The state of Python's global generator (``random.random`` & co.): the bytes of its C
    Mersenne twister (index and key, 0.5 us) and its cached normal deviate (``gauss_next``),
    or ``random.getstate()`` (23-40 us: it builds a tuple of 625 ints) where the bytes were
    not found to be the index and key (checked once, against ``getstate()``)."""
    inst = getattr(_pyrandom.getstate, "__self__", None)
    view = _random_view
    if view[0] is not inst:
        if type(inst) is not _pyrandom.Random:
            return _pyrandom.getstate()
        if not _random_layout:
            _, words, _ = inst.getstate()  # the key's 624 words, then the index
            expected = struct.pack(f"=i{len(words) - 1}I", words[-1], *words[:-1])
            offset = object.__basicsize__  # CPython's RandomObject: the object's head, index, key
            # (read only inside the object: a CPython whose layout is not this one gets
            # getstate(), never a stray read)
            fits = offset + len(expected) <= _pyrandom.Random.__basicsize__
            read = ctypes.string_at(id(inst) + offset, len(expected)) if fits else b""
            _random_layout.append((offset, len(expected)) if read == expected else None)
        layout = _random_layout[0]
        if layout is None:
            return _pyrandom.getstate()
        view[:] = [inst, (ctypes.c_char * layout[1]).from_address(id(inst) + layout[0])]  # (inst held)
    return view[1].raw, getattr(inst, "gauss_next", None)


def _same_states(a, b):
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if type(x) is bytes:  # NumPy's global state
            if x != y:
                return False
            continue
        if type(x) is tuple and type(y) is tuple and len(x) == len(y):
            # a generator's state: arrays, and tuples of ints and bytes compared at C speed
            # (a loop, not all() of a generator: Python's state is compared on every first call)
            for u, v in zip(x, y):
                if u is v:
                    continue
                if type(u) is np.ndarray:
                    if not np.array_equal(u, v):
                        return False
                elif type(u) is tuple or type(u) is bytes:
                    if u != v:
                        return False
                elif not _same(u, v):
                    return False
        elif not _same(x, y):
            return False
    return True


def _same(a, b):
    """Whether a replayed outcome is the recorded one (arrays by shape, dtype and values).
    Floating-point values are the same where their bits are, up to a NaN's payload: -0.0
    is not 0.0 (``math.copysign(1, v.value)``, ``1 / v.value`` tell them apart), a NaN is
    a NaN of its sign (equal to none, it made every replay record afresh)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if type(a) is np.ndarray:
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind not in "fc":
            return bool(np.array_equal(a, b))
        return bool(np.array_equal(a, b, equal_nan=True)) and _same_signs(a, b)
    if type(a) is float:
        if a == b:
            return a != 0.0 or math.copysign(1.0, a) == math.copysign(1.0, b)
        return a != a and b != b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if type(a) is complex or isinstance(a, np.inexact):
        return _same(np.asarray(a), np.asarray(b))
    if type(a) in (tuple, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if type(a) is dict:
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    kids = tree.children(a)
    if kids is not None:
        return _same([c for _, c in kids], [c for _, c in tree.children(b)])
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001  (an == that is not a truth value: not the same)
        return False


def _same_signs(a, b):
    """Whether the zeros and NaNs of arrays ``a`` and ``b`` (equal but for those) have the
    same signs, in both parts of a complex number."""
    if a.dtype.kind == "c":
        return _same_signs(a.real, b.real) and _same_signs(a.imag, b.imag)
    signed = (a == 0) | np.isnan(a)
    return not signed.any() or bool(np.array_equal(np.signbit(a[signed]), np.signbit(b[signed])))


class _Trace:
    """The tape of one recording and the program that replays it (internal)."""

    def __init__(self, tape, rec, needs, leaves, root, value, aux_root, aux, argnums):
        self.tape = tape
        self.program = None         # its ReplaySteps, built by build() before the first replay
        self.rec, self.needs = rec, needs  # what build() reads (dropped once it has run)
        self.leaves = leaves        # per argument: LeafTree, or None (not traced)
        self.root = root            # the output's node, or None (a constant output)
        self.value = value          # the output when root is None
        self.aux_root = aux_root
        self.aux = aux
        self.argnums = argnums
        self.lease = 0              # live vjp pullbacks reading this tape
        self.spare = None           # another _Trace of the signature, replayed while this is leased
        self.lock = threading.Lock()
        # per argument: the scalar leaves of the items of a flat list of floats, or None
        self.flat = [_flat_float_parts(lt) for lt in leaves]
        self.caller_arrays = None   # the plain arrays of the arguments of the last replay
        self.fast = None            # per argnum: how gradients() reads it (set by build)
        self.sweep = None           # its ScalarSweep, False if it has none, None until made
        self.reached = needs.reached  # whether the output needs a gradient

    def build(self, args):
        """Build the replay program (on the second call of the signature, not the first:
        a signature called once never pays for it), at that call's ``args``. Raises
        _NotReplayable where a node is not explained by the recording (:func:`_build`)."""
        leaves, tape = self.leaves, self.tape
        program = _fuse_chains(tape, _build(tape, self.rec, self.needs), (self.root, self.aux_root))
        # (what it reads of args, their types and records' fields, is fixed by the signature)
        self.fast = _fast_gradients(leaves, self.argnums, args)
        # per argument: its leaves as (index, position of the parent's entry or -1, key)
        self.leaf_plans = [None if lt is None else _leaf_plan(lt, [], -1, None) for lt in leaves]
        self.leaf_setters = _leaf_setters(self.leaf_plans, self.flat)
        # The slots of a replay's value list that it writes (leaves, nodes of rule and
        # Python steps): where they are few (a scalar tape), the list is kept from one
        # replay to the next and only they are cleared, not made anew (64 us for
        # micrograd's 65,615 nodes, 7% of its step).
        written = set()
        for lt in leaves:
            if lt is not None:
                _leaf_indices(lt, written)
        written.update(step.j for step in program if step.kind in (1, 2))
        _set_drops(program, (self.root, self.aux_root))
        self.vals = [None] * len(tape) if 8 * len(written) < len(tape) else None
        # The items of flat lists of floats are left there: floats, which hold nothing
        # alive, and which the next replay writes again before any step reads them
        # (micrograd's 337 parameters: clearing them took as long as reading them in)
        floats = {i for parts in self.flat if parts is not None for i in parts}
        self.written = tuple(i for i in written if i not in floats)
        self.program, self.rec, self.needs = program, None, None

    # values ------------------------------------------------------------------------

    def replay(self, args, stage):
        """Recompute every node at ``args``; with ``stage``, stage the pullbacks too.
        Returns (value, aux). Raises _NotReplayable where a guard or a check fails."""
        tape = self.tape
        kept = self.vals
        if kept is None:
            vals = [None] * len(tape)
        else:
            vals, self.vals = kept, None  # a replay inside this one (a rule calling f again) makes its own
        try:
            setters = self.leaf_setters
            if setters is not None:
                # Arrays and records of arrays (a network's weights, its input): each argument's
                # leaf, then its fields' read in one call (_leaf_setters), in C
                set_leaves(tape, setters, args, vals)
            else:
                self._set_leaves(args, vals)
            if stage:
                with _STAGING:  # (a rule's function may keep what its pullback reads)
                    failed = run_program(tape, self.program, vals, stage, _same)
            else:
                failed = run_program(tape, self.program, vals, stage, _same)
            if failed >= 0:
                raise _GuardFailed(failed)
            return (_root_value(vals, tape, self.root, self.value),
                    _root_value(vals, tape, self.aux_root, self.aux))
        finally:
            if kept is not None:
                for i in self.written:
                    vals[i] = None
                self.vals = kept

    def _set_leaves(self, args, vals):
        """Give the tape's leaves, and ``vals``, the parts of ``args`` (any leaf plan)."""
        tape = self.tape
        set_leaf = tape.set_leaf
        for i, plan in enumerate(self.leaf_plans):
            if plan is not None:
                flat = self.flat[i]
                if flat is not None and set_float_leaves(tape, flat, args[i], vals):
                    set_leaf(plan[0][0], args[i])
                    vals[plan[0][0]] = args[i]
                    continue
                # The argument's leaves: each part read from the one it belongs to (a
                # loop here rather than a call per argument: 3 of a network's 106 calls)
                got = []
                for index, parent, key, field in plan:
                    if parent < 0:
                        v = args[i]
                    elif field:
                        v = getattr(got[parent], key)
                    else:
                        v = structured.get_part(got[parent], key)
                    got.append(v)
                    set_leaf(index, v)
                    vals[index] = v

    def gradients(self, args, value, seed, retain, caller=None):
        """The gradients of the argnums after sweeping from ``seed``. ``caller``: the plain
        arrays of ``args`` (from the signature's walk), or None to look for them."""
        root = self.root if self.reached else None
        if self.sweep is None and root is not None:
            # a scalar tape's sweep in one compact C loop (made at the first gradient)
            self.sweep = scalar_sweep(self.tape, root) or False
        if self.fast is None or root is None or caller is None:
            return runners.sweep_gradients(self.tape, root, [self.leaves[i] for i in self.argnums],
                                           args, self.argnums, value, seed, retain,
                                           flat=[self.flat[i] for i in self.argnums],
                                           sweep=self.sweep or None)
        # Arguments that are arrays, or records whose fields were read as leaves (a
        # network's weights): each gradient read straight from its leaf's adjoint, as
        # sweep_gradients would build it, and memory checked against the caller's arrays.
        runners.check_seed(value, seed)
        tape = self.tape
        marked = forward.conventions_marked()
        try:
            if not self.sweep or not self.sweep.run(seed):
                tape.backward(root, seed, retain=retain)
        except BaseException:
            forward.settle_conventions(marked, ())  # (see runners.sweep_gradients)
            raise
        grads, given = [], []
        adjoint = tape.adjoint
        for i, fields in zip(self.argnums, self.fast):
            arg = args[i]
            if fields is None:  # an array: its leaf's adjoint
                g = adjoint(self.leaves[i].index, _UNREACHED)
                if not (type(g) is np.ndarray and g.dtype == arg.dtype and g.shape == arg.shape
                        and g.flags.writeable):  # (_finalized's first case, without its call)
                    g = _finalized(g, arg)
                given.append(g)
            elif adjoint(self.leaves[i].index, _UNREACHED) is not _UNREACHED:
                # the record was also used whole: its cotangent and its fields' add up
                g = runners.leaf_cotangent(tape, self.leaves[i], arg)
                g = structured.finalize(g, arg)
                given.append(None)  # not a flat array: the general check below
            else:
                read, indices = fields
                # (the fields read in one call; each adjoint as it is where _finalized's first
                # case holds, in C)
                parts = leaf_gradients(tape, indices, read(arg), _finalized, _UNREACHED)
                given.extend(parts)
                g = tree.rebuild_record(type(arg), parts)
            grads.append(g)
        if forward.conventions_marked() > marked:  # (see runners.sweep_gradients)
            grads = forward.settle_conventions(marked, grads)
        if type(seed) is not float and type(seed) is not np.float64:
            caller = caller + tree.arrays(seed)  # (a structured seed's arrays may be handed back too)
        if runners.distinct_bases(given, caller):
            return grads
        return runners.unshared(grads, seed, args)


_STAGING = _context.staging()  # (it holds no state: the count is the thread's)


class _GuardFailed(_NotReplayable):
    pass


def _set_drops(program, kept):
    """Each step's ``drops``: the nodes made by the program's steps that no later step
    reads (and not ``kept``, the output's nodes), cleared from the replay's value list once
    it has run. An intermediate array no pullback keeps (a network's ``x @ w`` before its
    ``+ b``) is then freed as soon as it is used, not at the end of the replay: at batch 128
    the peak of a replayed gradient was about one such array per layer above the
    hand-written one's."""
    last = {}  # node -> the position of the last step that reads it or makes it
    for s, step in enumerate(program):
        if step.kind == 0:
            continue
        for r in step.refs:
            if r >= 0:
                last[r] = s
        if step.kind in (1, 2):
            last[step.j] = s
    made = {step.j for step in program if step.kind in (1, 2)}
    drops = {}
    for r, s in last.items():
        if r in made and r not in kept:
            drops.setdefault(s, []).append(r)
    for s, rs in drops.items():
        program[s].drops = tuple(sorted(rs))


def _leaf_plan(lt, plan, parent, key, field=False):
    """The leaves of LeafTree ``lt`` as ``plan`` entries ``(index, parent, key, field)``:
    node ``index`` holds part ``key`` of the value of entry ``parent`` (-1: the argument),
    a field of a dataclass or named tuple where ``field`` (the parent's type, a part of
    the signature, is the recorded one)."""
    me = len(plan)
    plan.append((lt.index, parent, key, field))
    for k, part in lt.parts.items():
        _leaf_plan(part, plan, me, k, lt.is_record and type(k) is str)
    return plan


def _leaf_setters(plans, flat):
    """The leaf plans (:func:`_leaf_plan`) as ``(argument, leaf index, fields, field leaf
    indices)`` where every argument is read whole or as a dataclass or named tuple whose
    fields are read whole, as a network's weights (``fields``: an ``operator.attrgetter`` of
    them, giving a tuple; None for an argument with no parts); None otherwise (a flat list
    of floats, parts read by index or deeper: :meth:`_Trace._set_leaves`)."""
    setters = []
    for i, plan in enumerate(plans):
        if plan is None:
            continue
        if flat[i] is not None:
            return None
        (index, parent, _, _), rest = plan[0], plan[1:]
        if parent != -1 or any(p != 0 or not field or type(key) is not str or "." in key
                               for _, p, key, field in rest):
            return None
        if not rest:
            setters.append((i, index, None, ()))
        elif len(rest) == 1:
            name = rest[0][2]
            setters.append((i, index, functools.partial(_one_field, name), (rest[0][0],)))
        else:
            setters.append((i, index, operator.attrgetter(*[key for _, _, key, _ in rest]),
                            tuple(j for j, _, _, _ in rest)))
    return tuple(setters)


def _one_field(name, value):
    return (getattr(value, name),)


def _fast_gradients(leaves, argnums, args):
    """Per argnum, how :meth:`_Trace.gradients` reads its gradient without the general
    walk: None for an array read whole, ``(read, (leaf index, ...))`` for a dataclass or
    named tuple read field by field (each an array, read whole, every field read; ``read``
    gives the tuple of their values); None overall where an argument is anything else."""
    out = []
    for i in argnums:
        lt, arg = leaves[i], args[i]
        if lt is None:
            return None
        if not lt.parts:
            if type(arg) is not np.ndarray or arg.dtype.kind not in "fc":
                return None
            out.append(None)
            continue
        names = tree.record_fields(type(arg))
        if (names is None or not lt.is_record or set(lt.parts) != set(names) or any("." in n for n in names)
                or any(part.parts or type(getattr(arg, n)) is not np.ndarray
                       or getattr(arg, n).dtype.kind not in "fc"
                       for n, part in lt.parts.items())):
            return None
        # (an attrgetter of the fields, which gives a tuple, and their leaves' indices)
        read = operator.attrgetter(*names) if len(names) > 1 else functools.partial(_one_field, names[0])
        out.append((read, tuple(lt.parts[n].index for n in names)))
    return out


def _finalized(g, like):
    """The gradient for array ``like`` from its leaf's adjoint ``g`` (``_UNREACHED`` where
    the sweep did not reach it: zeros), as ``structured.finalize`` gives it."""
    if g is _UNREACHED:
        return protocol.zero(like)
    if (type(g) is np.ndarray and g.dtype == like.dtype and g.shape == like.shape
            and g.flags.writeable):
        return g
    return structured.finalize(g, like)


_UNREACHED = object()


def _flat_float_parts(lt):
    """The leaf indices of items 0, 1, ... of an argument all of whose items were read
    as leaves of their own and have no parts, or None: the argument may be a flat list
    of floats, whose leaves a replay sets and reads in C (set_float_leaves)."""
    if lt is None or lt.is_record or not lt.parts:
        return None
    parts = lt.parts
    if any(parts.get(k) is None or parts[k].parts for k in range(len(parts))):
        return None
    return tuple(parts[k].index for k in range(len(parts)))


def _leaf_indices(lt, out):
    stack = [lt]  # (a loop, not a call per part: a network's six weights)
    while stack:
        lt = stack.pop()
        out.add(lt.index)
        if lt.parts:
            stack.extend(lt.parts.values())
    return out


class _Needs:
    """Which nodes of a recording need a gradient (:func:`_needs`; internal)."""
    __slots__ = ("kinds", "unneeded", "reached")

    def __init__(self, kinds, unneeded, reached):
        # kinds: per node, NEEDS_GRADIENT (a scalar op node is taken to need its gradient:
        # sweeping it costs C only), IS_LEAF, IS_STEPPED bits
        self.kinds, self.unneeded, self.reached = kinds, unneeded, reached


def _needs(rec, leaves, argnums, root):
    """Which nodes need a gradient: the leaves of the argnums, the scalar op nodes, and
    every node of a step with a parent that needs one. ``unneeded``: the rule nodes some
    of whose parents need none, as ``(node, positions)`` (their recorded pullbacks need
    not run: :func:`_prune`); ``reached``: whether the output needs a gradient. In C
    (``gradient_needs``): a first call computes it to prune its sweep, without building
    the replay program (43-45 us of a network's first call in Python)."""
    return _Needs(*gradient_needs(len(rec.tape), rec.steps, leaves, argnums, root))


def _build(tape, rec, needs):
    """The replay program of a finished recording whose gradient needs are ``needs``
    (:func:`_needs`). Raises _NotReplayable where a node is not explained by a scalar op
    code, a leaf or a recorded step."""
    if rec.broken is not None:
        raise _NotReplayable(rec.broken)
    kinds = needs.kinds  # per node: NEEDS_GRADIENT, IS_LEAF, IS_STEPPED bits

    def need(ref):
        return kinds[ref.index] & NEEDS_GRADIENT

    program = []
    done = 0
    descr_of = {}  # node -> what its recorded value was (describe), for the stepped nodes

    def cover(stop):
        # Nodes done .. stop - 1 must be scalar op nodes (replayed in C) or leaves.
        i, scalars = done, 0
        while i < stop:
            bad = first_unreplayable(tape, i, stop)
            scalars += bad - i
            if bad == stop:
                break
            if not kinds[bad] & IS_LEAF:
                raise _NotReplayable(f"node {bad} ({tape.node(bad)['op']}) was recorded by a "
                                     "path that wg.jit cannot replay")
            i = bad + 1
        if scalars:
            program.append(ReplayStep(0, start=done, stop=stop))

    def args_of(template):
        # (consts, refs): a leaf's or a stepped node's value is in the replay's list,
        # a scalar op node's in the tape's scalar arrays.
        consts, refs = [], []
        for a in template:
            if type(a) is _Ref:
                i = a.index
                consts.append(None)
                refs.append(i if kinds[i] & (IS_LEAF | IS_STEPPED) else -2 - i)
            else:
                consts.append(a)
                refs.append(-1)
        return tuple(consts), tuple(refs)

    types = {}  # leaf or scalar node -> the type of its recorded value (None: not kept)

    def value_type(i):
        # The type of node i's value: recorded with its step (descr), else read once.
        d = descr_of.get(i)
        if d is not None:
            return d if type(d) is type else d[0]
        t = types.get(i, _UNREACHED)
        if t is _UNREACHED:
            try:
                t = type(tape.value(i))
            except Exception:  # noqa: BLE001  (no value kept: not known)
                t = None
            types[i] = t
        return t

    def fixed_shapes(template):
        # Whether a replay gives every argument the recorded type and shape: a constant, a
        # float (a scalar op node's value is one), or an array whose shape the signature (a
        # leaf) or the replay's check of its step (descr) fixes. ReplayStep's fixed_shapes.
        for a in template:
            if type(a) is _Ref:
                t = value_type(a.index)
                if t is not float and t is not np.ndarray:
                    return False
        return True

    dual = dual_type()
    for step in rec.steps:
        kind = step[0]
        if kind == "node":
            _, j, prim, template, kwargs, descr = step
            cover(j)
            plan, any_need = [], False
            for pos, a in enumerate(template):
                if type(a) is not _Ref:
                    continue
                rule = prim.vjps.get(pos)
                if rule is None:
                    continue
                if not need(a):
                    plan.append((pos, None, 0))
                    continue
                any_need = True
                if not prim.higher_order:
                    plan.append((pos, rule, 3))
                elif type(rule) is StagedRule and len(template) in (1, 2):
                    plan.append((pos, rule, 1))
                elif _kept_while_same(rule, template, kwargs, kinds) and fixed_shapes(template):
                    plan.append((pos, rule, 4))
                else:
                    plan.append((pos, rule, 2))
            consts, refs = args_of(template)
            descr_of[j] = descr
            program.append(ReplayStep(1, j=j, prim=prim, kwargs=kwargs, descr=descr,
                                      fun=_plain_forward(prim, template, kwargs, descr_of,
                                                         value_type, dual),
                                      none_pbs=(no_cotangent,) * len(plan), consts=consts,
                                      refs=refs, plan=tuple(plan), needed=any_need,
                                      fixed_shapes=fixed_shapes(template)))
            done = j + 1
        elif kind == "py":
            _, j, fn, template, descr, per_parent, stops = step
            cover(j)
            refs_ = [a for a in template if type(a) is _Ref]
            any_need = not stops and any(need(a) for a in refs_)
            consts, refs = args_of(template)
            descr_of[j] = descr
            n = len({a.index for a in refs_}) if not per_parent else len(refs_)
            none_pbs = (no_cotangent,) * n if per_parent else _Nones(tape, j)
            program.append(ReplayStep(2, j=j, fun=fn, descr=descr, none_pbs=none_pbs,
                                      consts=consts, refs=refs, needed=any_need))
            done = j + 1
        else:
            _, pos, fn, template, outcome = step
            cover(pos)
            done = max(done, pos)
            consts, refs = args_of(template)
            program.append(ReplayStep(3, fun=fn, outcome=outcome, consts=consts, refs=refs))
    cover(len(tape))
    return program


#: The forward functions of a replay's steps (ReplayStep.fun, else the rule's) that
#: :func:`_fuse_logistic_chains` takes for ``k + e`` and ``c / y``
_ADDS = frozenset({operator.add, np.add})
_DIVIDES = frozenset({operator.truediv, np.true_divide})


def _fuse_chains(tape, program, kept):
    """``program`` with each run of four rule steps that computes the sigmoid or the
    log-softmax a user writes, and of six that computes the log-softmax's weighted sum (a
    cross-entropy), replaced by one step (:func:`_logistic_chain_step`,
    :func:`_log_softmax_step`, :func:`_cross_entropy_step`), where the values of its inner
    nodes are read by nothing else (``kept``: the output's nodes)."""
    readers: dict = {}
    for step in program:
        for r in step.refs:
            if r >= 0:
                readers[r] = readers.get(r, 0) + 1
    out, k = [], 0
    while k < len(program):
        fused = _cross_entropy_step(tape, program[k:k + 6], readers, kept)
        if fused is not None:
            out.append(fused)
            k += 6
            continue
        fused = _own_cross_entropy_step(tape, program[k:k + 3], readers, kept)
        if fused is not None:
            out.append(fused)
            k += 3
            continue
        steps = program[k:k + 4]
        fused = _logistic_chain_step(tape, steps, readers, kept) or _log_softmax_step(tape, steps, readers, kept)
        out.append((_logistic_array_step(program[k]) or program[k]) if fused is None else fused)
        k += 1 if fused is None else 4
    return out


def _logistic_array_step(step):
    """The step that replaces a rule step of ``wnp.logistic`` on a float64 array of one or
    more axes and entries (its function ``logistic_array``, its rule staged), or None where it
    is not that step: one step (``LogisticArrayStep``, in the core) that computes the value as
    ``logistic_array`` does (the same ufuncs, the same bits) and gives the sweep one pullback,
    the rule's ``g * partial`` in one pass where the cotangent and the values allow it
    (``logistic_cotangent``: no zero, no entry the rule forms apart, no floating-point flag),
    elsewhere the rule's own pullback; :func:`_fuse_chains`."""
    if (step.kind != 1 or step.kwargs or not step.needed or step.fun is not logistic_array
            or len(step.refs) != 1 or step.refs[0] < 0 or step.plan is None or len(step.plan) != 1
            or step.plan[0][0] != 0 or step.plan[0][2] != 1):
        return None
    d = step.descr
    if not (type(d) is tuple and d[0] is np.ndarray and d[2] == np.float64 and type(d[1]) is tuple
            and len(d[1]) >= 1 and math.prod(d[1]) >= 1):
        return None
    try:
        fun = _LogisticArrayStep(logistic_array, step.plan[0][1], LOGISTIC_NEAR, at_least, logistic_cotangent,
                                 _context.stages_pullbacks)
    except TypeError:  # (a rule that is not a StagedRule: not fused)
        return None
    return ReplayStep(2, j=step.j, fun=fun, descr=d, none_pbs=step.none_pbs, consts=step.consts,
                      refs=step.refs, needed=True)


def _logistic_chain_step(tape, steps, readers, kept):
    """The step that replaces four rule steps ``n = -z``, ``e = exp(n)``, ``y = k + e``,
    ``s = c / y`` (the sigmoid a user writes, ``1 / (1 + np.exp(-z))``, on a float64 array),
    or None where they are not that chain: one step (``LogisticChain``, in the core) that computes the
    same four values with the same functions and gives the sweep one pullback for the chain: where the cotangent and
    the values allow it (``logistic_chain``: no zero, no floating-point flag), the cotangent
    of ``z`` in one pass, ``((g * s) / y) * e``, the bits of the rules' ``-((-g * s) / y) * e``
    (negation is exact); elsewhere the rules' own pullbacks, node by node. Only where ``n``,
    ``e`` and ``y`` are read by nothing else (``kept``: the output's nodes); :func:`_fuse_chains`."""
    if len(steps) < 4 or any(s.kind != 1 or s.kwargs or not s.needed or len(s.plan) != 1
                             or s.plan[0][2] != 1 for s in steps):
        return None
    neg, exp, add, div = steps
    funs = [s.fun if s.fun is not None else s.prim.fun for s in steps]
    if not (funs[0] is np.negative and funs[1] is np.exp and funs[2] in _ADDS and funs[3] in _DIVIDES):
        return None
    d = neg.descr
    if not (type(d) is tuple and d[0] is np.ndarray and d[2] == np.float64
            and exp.descr == d and add.descr == d and div.descr == d):
        return None
    at = 0 if add.refs[0] == exp.j else 1  # (k + e or e + k)
    if not (neg.refs[0] >= 0 and exp.refs == (neg.j,) and add.refs[at] == exp.j and add.refs[1 - at] == -1
            and type(add.consts[1 - at]) is float and div.refs == (-1, add.j) and type(div.consts[0]) is float
            and neg.plan[0][0] == 0 and exp.plan[0][0] == 0 and add.plan[0][0] == at and div.plan[0][0] == 1):
        return None
    if any(readers.get(s.j) != 1 or s.j in kept for s in (neg, exp, add)):
        return None
    # (in the core: its forward and the staging of its pullbacks, 3.4 us a chain in Python at
    # 300 entries; logistic_chain read here when the program is built, so that a test can count it)
    try:
        chain = _LogisticChain(tape, tuple([s.plan[0][1] for s in steps]), tuple([s.j for s in steps]),
                               add.consts[1 - at], at, div.consts[0], logistic_chain, _buffer,
                               _context.stages_pullbacks)
    except ValueError:  # (a node of another shape than the chain's: not fused)
        return None
    return ReplayStep(2, j=div.j, fun=chain, descr=div.descr, none_pbs=div.none_pbs,
                      consts=neg.consts, refs=neg.refs, needed=True)


#: The fused chains' replay steps (``wengert._replay``'s, or its twin's)
_LogisticChain, _LogSoftmaxChain, _CrossEntropyChain = LogisticChain, LogSoftmaxChain, CrossEntropyChain
_LogisticArrayStep, _OwnCrossEntropyChain = LogisticArrayStep, OwnCrossEntropyChain


def _buffer(shape):
    """A float64 array of ``shape`` kept from one replay to the next: from its own mapping
    where it is large, outside malloc's heap, so that it does not change where the heap's
    top lies (glibc hands a freed top back to the system, and a replay that then grows the
    heap again at each call faults its pages in again: 870 faults a call at batch 128)."""
    size = 8 * math.prod(shape)
    if size < _MAPPED_FROM:
        return np.empty(shape)
    return np.frombuffer(mmap.mmap(-1, size), dtype=np.float64).reshape(shape)


_MAPPED_FROM = 1 << 16


#: The forward functions of a replay's steps that :func:`_log_softmax_step` takes for ``z - l``
_SUBTRACTS = frozenset({operator.sub, np.subtract})


def _log_softmax_step(tape, steps, readers, kept):
    """The step that replaces four rule steps ``e = exp(z)``, ``s = sum(e, axis=-1,
    keepdims=True)``, ``l = log(s)``, ``p = z - l`` (the log-softmax a user writes on a float64
    array with a last axis of two or more), or None where they are not that chain: one step
    (``LogSoftmaxChain``, in the core) that computes the same four values with the same functions
    and gives the sweep one pullback for ``z``: where the cotangent ``g`` and the values allow
    it (``log_softmax_chain``: no zero made, no floating-point flag), ``g - e * (S / s)`` with
    ``S`` the sum of ``g``'s rows, the bits of the rules' ``g + ((-S) / s) * e`` (negation is
    exact, and NumPy's sum of -g is -S where it is not 0); elsewhere the rules' own pullbacks,
    node by node. Only where ``e``, ``s`` and ``l`` are read by nothing else and ``z`` only by
    ``exp`` and ``z - l`` (its two cotangents then add up in the recorded order), none of them
    an output (``kept``)."""
    if len(steps) < 4 or any(s.kind != 1 or not s.needed for s in steps):
        return None
    exp, total, log, sub = steps
    if not (exp.prim is lookup(np.exp) and total.prim is lookup(np.sum) and log.prim is lookup(np.log)
            and (sub.fun if sub.fun is not None else sub.prim.fun) in _SUBTRACTS):
        return None
    d, ds = exp.descr, total.descr
    if not (type(d) is tuple and d[0] is np.ndarray and d[2] == np.float64 and type(d[1]) is tuple
            and len(d[1]) >= 1 and d[1][-1] >= 2 and sub.descr == d
            and ds == (np.ndarray, d[1][:-1] + (1,), d[2]) and log.descr == ds):
        return None
    kwargs = total.kwargs or {}
    if (exp.kwargs or log.kwargs or sub.kwargs or kwargs.keys() != {"axis", "keepdims"}
            or kwargs["keepdims"] is not True or type(kwargs["axis"]) is not int
            or kwargs["axis"] not in (-1, len(d[1]) - 1)):
        return None
    z = exp.refs[0] if len(exp.refs) == 1 else -1
    if not (z >= 0 and total.refs == (exp.j,) and log.refs == (total.j,) and sub.refs == (z, log.j)):
        return None
    plans = (exp.plan, total.plan, log.plan, sub.plan)
    if [[(pos, how) for pos, _, how in plan] for plan in plans] != [[(0, 1)], [(0, 2)], [(0, 1)], [(0, 1), (1, 1)]]:
        return None
    axes = stretched_axes(ds[1], d[1])
    if axes != (len(d[1]) - 1,) or readers.get(z) != 2 or any(readers.get(s.j) != 1 for s in (exp, total, log)) \
            or any(j in kept for j in (z, exp.j, total.j, log.j)):
        return None
    funs = [s.fun if s.fun is not None else s.prim.fun for s in steps]
    try:  # (in the core: one_pass and row_sums read here when the program is built, so that a test can count them)
        chain = _LogSoftmaxChain(tape, tuple(funs), tuple([rule for plan in plans for _, rule, _ in plan]),
                                 tuple([s.j for s in steps]), kwargs, axes, log_softmax_chain, lone_entry_sums,
                                 _context.stages_pullbacks)
    except ValueError:  # (a node of another shape than the chain's: not fused)
        return None
    return ReplayStep(2, j=sub.j, fun=chain, descr=sub.descr, none_pbs=sub.none_pbs,
                      consts=exp.consts, refs=exp.refs, needed=True)


#: The forward functions of a replay's steps that :func:`_cross_entropy_step` takes for ``w * p``
_MULTIPLIES = frozenset({operator.mul, np.multiply})


def _cross_entropy_step(tape, steps, readers, kept):
    """The step that replaces six rule steps, a log-softmax ``p`` (:func:`_log_softmax_step`)
    then ``m = w * p`` (or ``p * w``) and ``t = np.sum(m)``, with ``w`` no gradient is asked
    for (a cross-entropy's one-hot targets), or None where they are not that chain: one step
    (``CrossEntropyChain``, in the core) that computes the same six values with the same functions
    and gives the sweep one pullback for ``t``: where ``t``'s cotangent ``G`` is a float (or
    NumPy's float64), ``w`` an array of ``p``'s shape and the one pass of the log-softmax
    takes ``G * w`` (the bits of the rules' ``G`` spread times ``w``), the cotangent of ``z``,
    which ``m`` and ``p`` then pass through (``log`` reached by none); elsewhere the rules'
    own pullbacks, node by node (the log-softmax's one pass tried again at ``p``). Only where
    ``p`` and ``m`` are read by nothing else and are not an output (``kept``)."""
    if len(steps) < 6:
        return None
    head = _log_softmax_step(tape, steps[:4], readers, kept)
    mul, total = steps[4], steps[5]
    tail = None if head is None else _weighted_sum(steps[3], mul, total, readers, kept)
    if tail is None:
        return None
    at, rule = tail
    try:
        chain = _CrossEntropyChain(head.fun, mul, at, rule, total.fun if total.fun is not None else total.prim.fun,
                                   total.plan[0][1], weighted)
    except ValueError:  # (a node of another shape than the chain's: not fused)
        return None
    return ReplayStep(2, j=total.j, fun=chain, descr=total.descr, none_pbs=total.none_pbs,
                      consts=(None, mul.consts[1 - at]), refs=(head.refs[0], mul.refs[1 - at]), needed=True)


def _weighted_sum(head, mul, total, readers, kept):
    """``(at, rule)`` where the steps ``mul`` and ``total`` are ``m = w * p`` (``p * w``: ``at``
    0) and ``t = np.sum(m)`` of the value ``p`` of the step ``head``, with ``w`` no gradient is
    asked for (``rule``: ``mul``'s for ``p``), ``p`` and ``m`` read by nothing else and not an
    output (``kept``); else None (a cross-entropy's tail: :func:`_cross_entropy_step`,
    :func:`_own_cross_entropy_step`)."""
    p = head.j
    if not (mul.kind == 1 and total.kind == 1 and mul.needed and total.needed
            and (mul.fun if mul.fun is not None else mul.prim.fun) in _MULTIPLIES and not mul.kwargs
            and len(mul.refs) == 2 and p in mul.refs and mul.refs[0] != mul.refs[1]
            and total.prim is lookup(np.sum) and not total.kwargs and total.refs == (mul.j,)
            and mul.descr == head.descr and type(total.descr) is tuple and total.descr[1] == ()):
        return None
    at = mul.refs.index(p)  # (w * p or p * w)
    if [(pos, how) for pos, _, how in mul.plan if pos == at] != [(at, 1)] \
            or any(how != 0 for pos, _, how in mul.plan if pos != at) \
            or [(pos, how) for pos, _, how in total.plan] != [(0, 2)]:
        return None
    if readers.get(p) != 1 or readers.get(mul.j) != 1 or p in kept or mul.j in kept:
        return None
    return at, [r for pos, r, _ in mul.plan if pos == at][0]


def _own_cross_entropy_step(tape, steps, readers, kept):
    """The step that replaces three rule steps ``p = wnp.log_softmax(z)`` over the last axis of
    a float64 array, ``m = w * p`` (or ``p * w``) and ``t = np.sum(m)``, with ``w`` no gradient
    is asked for (a cross-entropy's targets), or None where they are not that chain: one step
    (``OwnCrossEntropyChain``, in the core) that computes the three values as the recorded
    steps do (the same bits) and gives the sweep one pullback for ``t``: where ``t``'s cotangent
    ``G`` is a float and the values allow it, the cotangent of ``z`` in one pass (``G * w``, then
    the log-softmax's rule ``g - exp(p) * S`` by ``log_softmax_chain``), which ``m`` and ``p``
    then pass on; elsewhere the rules' own pullbacks. Only where ``p`` and ``m`` are read by
    nothing else and are not an output (``kept``); :func:`_fuse_chains`."""
    if len(steps) < 3 or any(s.kind != 1 or not s.needed for s in steps):
        return None
    ls, mul, total = steps
    d = ls.descr
    kwargs = ls.kwargs or {}
    if not (ls.prim is _log_softmax_rule and type(d) is tuple and d[0] is np.ndarray and d[2] == np.float64
            and type(d[1]) is tuple and len(d[1]) >= 1 and math.prod(d[1]) >= 1 and len(ls.refs) == 1
            and ls.refs[0] >= 0 and kwargs.keys() <= {"axis"} and kwargs.get("axis", -1) in (-1, len(d[1]) - 1)
            and type(kwargs.get("axis", -1)) is int
            and [(pos, how) for pos, _, how in ls.plan] == [(0, 2)]):
        return None
    tail = _weighted_sum(ls, mul, total, readers, kept)
    if tail is None:
        return None
    at, rule = tail
    p, rules = ls.j, (ls.plan[0][1], rule, total.plan[0][1])
    try:
        chain = _OwnCrossEntropyChain(tape, ls.fun if ls.fun is not None else ls.prim.fun, kwargs, p, mul, at, rules,
                                      total.fun if total.fun is not None else total.prim.fun, log_softmax_chain,
                                      lone_entry_sums, weighted, _context.stages_pullbacks)
    except (ValueError, TypeError):  # (a node of another shape than the chain's, another rule: not fused)
        return None
    return ReplayStep(2, j=total.j, fun=chain, descr=total.descr, none_pbs=total.none_pbs,
                      consts=(ls.consts[0], mul.consts[1 - at]), refs=(ls.refs[0], mul.refs[1 - at]), needed=True)


def _kept_while_same(rule, template, kwargs, kinds):
    """Whether a replay may keep ``rule``'s pullback while the argument it keeps is the same
    array (ReplayStep's ``how`` 4; where the step's arguments have fixed shapes too): the rule
    says which argument its pullback reads the values of (``keeps_argument``; of the others
    only their types and shapes), and that argument is a leaf or a constant, the same object
    from one call to the next where the caller passes the same array (a network's weights;
    an intermediate array is new at every replay)."""
    k = getattr(rule, "keeps_argument", None)
    if type(k) is not int or kwargs or not 0 <= k < len(template):
        return False
    a = template[k]
    return type(a) is not _Ref or bool(kinds[a.index] & IS_LEAF)


def _prune(tape, unneeded):
    """The recorded pullbacks of ``unneeded`` (from :func:`_needs`) for parents that need
    no gradient made ``no_cotangent``, as a replay stages them: the first sweep then does
    not compute, say, the cotangent of a network's input ``x`` (a matrix product as large
    as the weight's gradient), which no gradient asked for reads."""
    for j, positions in unneeded:
        pbs = tape.pullbacks(j)
        if type(pbs) is tuple:
            pbs = list(pbs)
            for k in positions:
                pbs[k] = no_cotangent
            tape.set_replayed(j, tape.value(j), tuple(pbs))


# -- the forward functions a replay calls -----------------------------------------------

_REDUCTIONS = {np.max: np.maximum.reduce, np.amax: np.maximum.reduce,
               np.min: np.minimum.reduce, np.amin: np.minimum.reduce}


def _plain_forward(prim, template, kwargs, descr_of, value_type, dual):
    """The function a replay calls for ``prim`` on these arguments instead of ``prim.fun``,
    or None for ``prim.fun`` itself: the same computation with less Python around it.

    A rule whose function NumPy does not dispatch (``operator.add``, ``_plain_sum``) is
    wrapped to send forward mode's Duals to its JVP, and one of wengert's own that takes
    Vars of an outer tape (``wnp.logistic``) to collect them (``primitive.plain_function``);
    the wrapper is skipped where no positional argument can be a Dual: no constant is one,
    and no node's recorded value is one or a container (nor a Var: a replay runs on plain
    values). ``np.max`` & co. on a float
    array with only ``axis``/``keepdims`` are the ufunc reduction they call themselves
    (NumPy's ``_wrapreduction``), without its Python-level argument handling.
    ``value_type(i)``: the type of node i's recorded value (None where it was not kept:
    then the rule's own function); ``dual``: forward mode's Dual type.
    """
    for a in template:
        if type(a) is _Ref:
            t = value_type(a.index)
            if t is None or t is dual or t is list or t is tuple or t is dict:
                return None
        elif type(a) is dual or (type(a) in (list, tuple) and any(type(x) is dual for x in a)):
            return None
    fun = prim.fun
    plain = plain_function(fun)
    if plain is not fun:
        return plain
    reduce = _REDUCTIONS.get(fun) if _is_hashable(fun) else None
    if (reduce is not None and len(template) == 1 and type(template[0]) is _Ref
            and (not kwargs or kwargs.keys() <= {"axis", "keepdims"})):
        d = descr_of.get(template[0].index)
        if type(d) is tuple and d[0] is np.ndarray and d[2].kind == "f":
            return functools.partial(_reduce, reduce)
    return None


def _is_hashable(x):
    try:
        hash(x)
    except TypeError:
        return False
    return True


def _reduce(reduce, a, axis=None, keepdims=False):
    return reduce(a, axis, None, None, keepdims)


class _Nones:
    """The pullback of a node no gradient is asked through: no cotangent for any parent."""
    __slots__ = ("nones",)

    def __init__(self, tape, j):
        self.nones = (None,) * len(tape.node(j)["parents"])

    def __call__(self, g):
        return self.nones


def _record(f, args, kwargs, argnums, has_aux, seed_mode, keep=None):
    """Record ``f`` at ``args`` with its float leaves traced; returns (trace or None, value,
    aux, the tape kept for the first sweep). A trace is None when it cannot be replayed.
    ``keep``: what the signature of ``(args, kwargs)`` keyed by identity, where it was
    made whole (its generators are those of the arguments), else None."""
    tape = Tape(protocol.add, protocol.iadd, level=_context.next_level(), keep_values=False,
                cancelled=structured.cancelled_zeros)
    rec = (_EvalRecorder if seed_mode == "eval" else _Recorder)(tape)
    traced = [i in argnums or _has_traced_leaf(a) for i, a in enumerate(args)]
    for i in argnums:
        runners.check_argument(args[i], i)
    # (a generator passed by keyword too, or reached from f: captured, or at module level)
    generators, complete = _generators((args, kwargs), keep, f)
    states = _rng_states(generators)
    found = {}

    def body():
        call_args = list(args)
        leaf_vars = [None] * len(args)
        for i in range(len(args)):
            if traced[i]:
                call_args[i] = leaf_vars[i] = leaf_var(tape, args[i])
                if seed_mode == "eval":
                    # A plain call: f gets the argument's own containers, not a Var of each, which
                    # fails isinstance(xs, list) (f then computed something else with no error,
                    # review48). Parts with no float leaf are given as they are: constants of the
                    # signature. (Under a runner, f gets the Var, as without jit.)
                    call_args[i] = records.own_containers(leaf_vars[i], args[i], _has_traced_leaf)
        tape.jit = rec
        out = f(*call_args, **kwargs)
        aux = None
        if has_aux:
            if not isinstance(out, tuple) or len(out) != 2:
                raise TypeError("with has_aux=True the function must return a pair "
                                f"(output, aux); it returned a {type(out).__name__}")
            out, aux = out
            aux = structured.collect(aux)
        out = structured.collect(out)
        tape.jit = None
        for v in (out, aux):
            if type(v) is Var and v.tape is not tape:
                _context.check_live(v.tape, v)
        found["leaves"] = [None if v is None else runners.leaf_tree(v) for v in leaf_vars]
        return out, aux

    try:
        out, aux = record_on(tape, _context.open_tapes(), body)
    finally:
        tape.jit = None
    root = out.index if type(out) is Var else None
    value = structured.plain_value(out)
    aux_root = aux.index if type(aux) is Var else None
    aux_value = structured.plain_value(aux)
    if not _same_states(states, _rng_states(generators)):
        rec.refuse("the function drew random numbers")
    if not complete:
        reason = (f"the arguments hold more than {_SEARCH_LIMIT} objects: they were not searched to the end for a "
                  "random generator, so this signature records every call")
        warnings.warn(f"wengert.jit: {reason}. Pass large data as NumPy arrays (an array's numbers are not "
                      "searched), or raise wengert.jit._SEARCH_LIMIT.", RuntimeWarning, stacklevel=3)
        rec.refuse(reason)
    if rec.broken is not None:
        trace = None
        reason = rec.broken
    else:
        # The replay program is built on the second call (_Trace.build), where it is used
        needs = _needs(rec, found["leaves"], argnums, root)
        trace = _Trace(tape, rec, needs, found["leaves"], root, value, aux_root, aux_value,
                       argnums)
        if seed_mode != "eval":  # this recording is swept next
            _prune(tape, needs.unneeded)
        reason = None
    return trace, tape, root, value, aux_value, found["leaves"], reason


_HOLDS_VAR = object()  # Jitted._key's key where a Var is among the arguments
_UNKNOWN = object()  # Jitted._key's entry where it did not look the key up


#: Types of values that hold no array: _own_constants gives them back as they are
_HOLDS_NO_ARRAY = frozenset({float, int, bool, complex, type(None), np.float64, np.float32,
                             np.complex128})


def _own_constants(value, recorded):
    """``value`` (of a replay, or the recording itself) with a copy of each array that is
    the recorded output's own: a constant of the trace, which every replay returns again and
    which its pullbacks may read (``f(x) = (sum(x * c), c)``: the caller's ``c *= 10`` on the
    first result made every later value and gradient ten times too large). The caller gets
    its own arrays, as from ``f``; the computed ones are fresh at each replay already."""
    if type(value) is np.ndarray:
        return value.copy() if value is recorded else value
    kids = tree.children(value)
    if not kids:
        return value
    recorded_kids = tree.children(recorded)
    if recorded_kids is None or len(recorded_kids) != len(kids):
        return value
    parts = [_own_constants(part, was) for (_, part), (_, was) in zip(kids, recorded_kids)]
    if value is not recorded and all(new is old for new, (_, old) in zip(parts, kids)):
        return value
    return tree.rebuild(value, parts)  # (a recorded container too: a list the caller may change)


class _NotReplayableMark:
    """In a cache: this signature records every call (why: ``reason``)."""

    def __init__(self, reason):
        self.reason = reason


class _RetryPlain:
    """The recording raised, perhaps only because constants were traced: run plainly."""

    def __init__(self, key):
        self.key = key


class _Cache(threading.local):
    def __init__(self):
        self.entries = OrderedDict()
        # (key, entry) of the signature last looked up or stored, the most recent in entries'
        # order, or None: a call with that signature finds it by same_key, with no key made,
        # hashed and compared (1.5 us of a network's replay)
        self.last = None


class Jitted:
    """A function whose tape ``wengert.jit`` records once per input signature (see :func:`jit`)."""

    def __init__(self, fun, cache_size=DEFAULT_CACHE_SIZE):
        if not callable(fun):
            raise TypeError(f"wengert.jit: {fun!r} is not callable")
        if cache_size < 1:
            raise ValueError("wengert.jit: cache_size must be at least 1")
        # First, so that the fields below are this object's own: a wrapper made by functools.wraps
        # of another Jitted (grad of one: wg.jit(wg.grad(wg.jit(h)))) carries that one's fun, cache and
        # stats in its __dict__, which update_wrapper copied over them: the result was h's value.
        functools.update_wrapper(self, fun)
        transform = getattr(fun, "_wengert_transform", None)
        self.fun = fun
        self.cache_size = cache_size
        self._transform = None
        # jit(grad(f)) is grad(jit(f)). The attribute names the function it was set on:
        # functools.wraps copies it onto every wrapper of grad_f (hessian's, a user's), which
        # are other functions, and must be jitted as they are. (A weak reference: see
        # wengert.transforms.value_and_grad.)
        if transform is not None and transform[2]() is fun:
            make, inner, _ = transform
            self._transform = make(Jitted(inner, cache_size))
        self._cache = _Cache()
        self._stats_lock = threading.Lock()
        self.stats = {"records": 0, "replays": 0, "guard_failures": 0, "not_replayable": 0}

    def __repr__(self):
        return f"<wengert.jit of {getattr(self.fun, '__qualname__', self.fun)!r}>"

    def __get__(self, obj, objtype=None):
        return self if obj is None else functools.partial(self, obj)

    def _count(self, what):
        with self._stats_lock:
            self.stats[what] += 1

    def cache_clear(self):
        """Drop this thread's recorded tapes."""
        for entry in self._cache.entries.values():
            _discard(entry)
        self._cache.entries.clear()
        self._cache.last = None

    # -- the cache ------------------------------------------------------------------

    def _lookup(self, key):
        cache = self._cache
        entries = cache.entries
        entry = entries.get(key)
        if entry is not None:
            if len(entries) > 1:  # (one signature: the order is kept)
                entries.move_to_end(key)
            cache.last = (key, entry)
        return entry

    def _store(self, key, entry):
        cache = self._cache
        entries = cache.entries
        _discard(entries.pop(key, None))
        entries[key] = entry
        while len(entries) > self.cache_size:
            _discard(entries.popitem(last=False)[1])
        cache.last = (key, entry)

    def _key(self, mode, args, kwargs, argnums, has_aux):
        """(signature key or None, objects keyed by identity, the plain arrays of ``args``,
        the cache's entry for the key or ``_UNKNOWN``: not looked up); the key is
        ``_HOLDS_VAR`` where a Var is among the arguments (the same walk as
        :func:`_holds_var`'s). The last signature looked up or stored is tried first
        (``same_key``): where the arguments have it, its key and entry, with no key made."""
        last = self._cache.last
        if last is not None and not kwargs:
            key = last[0]
            if (key[0] == mode and key[2] == has_aux and key[4] == ()
                    and key[1] == (argnums if type(argnums) is tuple else tuple(argnums))):
                arrays = []
                if same_key(key[3], args, arrays):
                    return key, [], arrays, last[1]
        keep, arrays = [], []
        try:
            key = (mode, tuple(argnums), has_aux, _tree_key(args, keep, arrays),
                   _keyword_key(kwargs, keep) if kwargs else ())
            hash(key)
        except TypeError:
            return None, keep, None, _UNKNOWN
        except _VarInside:
            return _HOLDS_VAR, keep, None, _UNKNOWN
        return key, keep, arrays, _UNKNOWN

    # -- the runners' entry points ----------------------------------------------------

    def _replay_or_record(self, mode, args, kwargs, argnums, has_aux, stage, found=None):
        """(trace or None, value, aux): a replay if one fits, else a new recording whose
        tape is the trace's (or, unreplayable, a tape to sweep once and close). ``found``:
        what :meth:`_key` gave for these arguments, if it was called already."""
        key, keep, arrays, entry = found or self._key(mode, args, kwargs, argnums, has_aux)
        if key is _HOLDS_VAR:
            key = None  # recorded, never cached
        if entry is _UNKNOWN:
            entry = self._lookup(key) if key is not None else None
        owner, depth = None, 0  # the _Trace whose spare entry is (None: the cache's own)
        while type(entry) is _Trace and entry.lease:
            # A live vjp pullback reads its tape (``out, pb = wg.vjp(f, x)`` in a loop holds
            # the last one while the next call runs): a spare of the signature replays instead
            owner, entry, depth = entry, entry.spare, depth + 1
        if type(entry) is _Trace and entry.program is None and not entry.lease:
            try:
                entry.build(args)
            except _NotReplayable as exc:  # a node the recording does not explain
                self._count("not_replayable")
                entry = _NotReplayableMark(str(exc))
                self._store(key, entry)
        if type(entry) is _Trace and not entry.lease:
            try:
                value, aux = entry.replay(args, stage)
                entry.caller_arrays = arrays
            except _GuardFailed:
                self._count("guard_failures")
            except _NotReplayable:
                self._count("guard_failures")
            except Exception:  # noqa: BLE001  (f itself raises at these inputs: record, it raises)
                pass
            else:
                with self._stats_lock:  # (_count's, inline)
                    self.stats["replays"] += 1
                # (a number or None holds no array of the recording: no call; nor does a
                # computed array, new at each replay)
                if type(value) is np.ndarray:
                    if value is entry.value:
                        value = value.copy()
                elif type(value) not in _HOLDS_NO_ARRAY:
                    value = _own_constants(value, entry.value)
                if type(aux) not in _HOLDS_NO_ARRAY:
                    aux = _own_constants(aux, entry.aux)
                return entry, value, aux, None
        elif type(entry) is _NotReplayableMark:
            return None, None, None, entry
        try:
            trace, tape, root, value, aux, leaves, reason = _record(
                self.fun, args, kwargs, argnums, has_aux, mode, keep if key is not None else None)
        except Exception:  # noqa: BLE001
            # Its own error, or one of tracing: a constant argument taken as an input
            # (float() of it), a stop_gradient value made a node. The caller runs the
            # function as it is, which raises its own error; a success there marks the
            # signature as one that records on every call.
            return None, None, None, _RetryPlain(key)
        self._count("records")
        if trace is None:
            self._count("not_replayable")
            if key is not None:
                self._store(key, _NotReplayableMark(reason))
            return None, value, aux, (tape, root, leaves, reason)
        trace.keep = keep
        if key is not None:
            if owner is None:
                self._store(key, trace)
            elif type(entry) is _Trace:  # a spare whose guard failed: the new one takes its place
                trace.spare, entry.spare, owner.spare = entry.spare, None, trace
                _discard(entry)
            elif depth <= MAX_SPARES:    # (else every tape is leased: the new one is not kept)
                owner.spare = trace
            if type(value) not in _HOLDS_NO_ARRAY:
                value = _own_constants(value, trace.value)
            if type(aux) not in _HOLDS_NO_ARRAY:
                aux = _own_constants(aux, trace.aux)
            return trace, value, aux, None
        return None, value, aux, (tape, root, leaves, None)

    def _run(self, args, kwargs, argnums, seed, has_aux):
        """``wengert.runners.run`` on this function: (value, gradients, aux)."""
        if _context.open_tapes():
            return runners.run_plain(self.fun, args, kwargs, argnums, seed, has_aux)
        trace, value, aux, other = self._replay_or_record("grad", args, kwargs, argnums, has_aux, True)
        if type(other) is _NotReplayableMark:
            return runners.run_plain(self.fun, args, kwargs, argnums, seed, has_aux)
        if type(other) is _RetryPlain:
            return self._plain_then_mark(other.key, runners.run_plain, self.fun, args, kwargs,
                                         argnums, seed, has_aux)
        seed = runners.default_seed(value, seed)
        if trace is not None:
            with trace.lock:
                try:
                    return value, trace.gradients(args, value, seed, retain=False,
                                                  caller=trace.caller_arrays), aux
                finally:
                    # The gradients handed back are the leaves' adjoints: held by the tape
                    # until the next replay's sweep, they would be alive while it allocates
                    # its own (868 minor page faults per replay at batch 128)
                    trace.tape.clear_adjoints()
        tape, root, leaves, _ = other
        try:
            return value, runners.sweep_gradients(tape, root, [leaves[i] for i in argnums], args,
                                                  argnums, value, seed, False), aux
        finally:
            tape.close()

    def _vjp(self, args, argnums, kwargs, has_aux):
        """``wengert.runners.vjp_bp`` on this function: (value, pullback, aux)."""
        if _context.open_tapes():
            return runners.vjp_plain(self.fun, args, argnums, kwargs, has_aux)
        trace, value, aux, other = self._replay_or_record("grad", args, kwargs, argnums, has_aux, True)
        if type(other) is _RetryPlain:
            return self._plain_then_mark(other.key, runners.vjp_plain, self.fun, args, argnums,
                                         kwargs, has_aux)
        if trace is None:
            if type(other) is tuple:
                other[0].close()
            return runners.vjp_plain(self.fun, args, argnums, kwargs, has_aux)
        trace.lease += 1
        args = tuple(args)

        def pullback(cotangent):
            with trace.lock:
                return tuple(trace.gradients(args, value, cotangent, retain=True))
        weakref.finalize(pullback, _release, trace)
        return value, pullback, aux

    def __call__(self, *args, **kwargs):
        if self._transform is not None:
            return self._transform(*args, **kwargs)
        if _context.open_tapes():
            return self.fun(*args, **kwargs)
        found = self._key("eval", args, kwargs, (), False)
        if found[0] is _HOLDS_VAR or (found[0] is None and _holds_var((args, kwargs))):
            return self.fun(*args, **kwargs)
        trace, value, aux, other = self._replay_or_record("eval", args, kwargs, (), False, False, found)
        if type(other) is _NotReplayableMark:
            return self.fun(*args, **kwargs)
        if type(other) is _RetryPlain:
            return self._plain_then_mark(other.key, lambda: self.fun(*args, **kwargs))
        if other is not None:
            other[0].close()
            if other[3] == runners.RUNNER_INSIDE:
                # Under the recording's open tape wengert.jvp / jacfwd in f took the transposed
                # pullback (forward.supports), not the plain call's forward pass, and round
                # otherwise (x log(x)'s f'' at 1e200 by jacfwd(jacfwd): 2e-200, the plain call's
                # 1e-200): the plain call's value, as every later call of the signature gives
                return self.fun(*args, **kwargs)
        return value

    def _plain_then_mark(self, key, plain, *args):
        out = plain(*args)
        if key is not None:
            self._store(key, _NotReplayableMark("the function does not accept its floating-point "
                                                "arguments as Vars (a constant one taken as a float, "
                                                "a list of them passed whole to NumPy)"))
            self._count("not_replayable")
        return out


def _release(trace):
    trace.lease -= 1


def _discard(entry):
    """Close the tapes of a cache entry (a _Trace and its spares) that no pullback reads
    (a leased one is freed with its last pullback)."""
    while type(entry) is _Trace:
        if not entry.lease:
            entry.tape.close()
        entry = entry.spare


runners.jitted_type = Jitted


def jit(fun: Callable[..., Any], *, cache_size: int = DEFAULT_CACHE_SIZE) -> Any:
    """``fun``, with its tape recorded once per input signature and replayed on later calls.

    This is tape reuse with guards (ADOL-C's re-taping, JAX's per-signature cache), not
    code generation. ``wg.jit(f)`` behaves like ``f``; every runner and transform applied
    to it (``grad``, ``value_and_grad``, ``backprop``, ``grad_bp``, ``vjp``, ``eval_bp``,
    or the jitted function called directly) replays, and so does ``wg.jit(wg.grad(f))``.
    Called directly (or by ``eval_bp``), ``fun`` gets its arguments' own lists, tuples,
    dicts, dataclasses and named tuples, with leaf Vars inside, so that ``isinstance``,
    ``len``, iteration and a record's methods behave as on the plain values, and
    ``isinstance(v, float)`` or ``isinstance(v, np.ndarray)`` in its own code (an ABC's,
    ``numbers.Real``, and ``functools.singledispatch``'s too) answers for the value of a Var
    ``v``; under a runner or transform it gets a Var of each
    differentiated container, and Vars are not floats or arrays, as without ``jit``.

    The first call with a given *signature* records the tape as any runner does, with
    every floating-point leaf of every argument taken as an input (those outside
    ``argnums`` get no gradient). The second call with the same signature builds a replay
    program from that recording (each array node's rule with its plain arguments, each
    scalar node's op code and constant operand), so that a signature called once does
    not pay for it; that call and every later one replay it: forward values are
    recomputed from the program (scalar nodes in C, without the GIL; array nodes by each
    rule's NumPy function: no dispatch, no Var, no call of ``fun``), pullbacks are
    staged again at the new values, and the same compiled sweep runs. The signature is the structure of the
    arguments, the type, shape and dtype of each floating-point leaf, and the value of
    every other leaf (ints, strings, integer and boolean arrays by content; objects that
    cannot be hashed by identity), of keyword arguments too, whose floating-point leaves
    are keyed by value (``fun`` gets them as constants: only positional arguments are
    traced).

    Guards keep a replay from ever being wrong. Every decision ``fun`` takes on a value
    while recording (``bool(v)``, ``v > 0``, ``len(v)``, ``int(v.value)``, any read of
    ``v.value``, an integer or boolean result of a NumPy call such as ``argmax`` or a
    mask) is kept with its outcome, and every replayed node is checked to have the
    recorded type, shape and dtype; a replay whose outcome differs records afresh and
    keeps the new tape (``stats["guard_failures"]`` counts them). A recording that cannot
    be replayed (a rule with ``replayable = False``, a runner nested inside ``fun``,
    random numbers drawn from NumPy's or Python's global generator or from a generator
    passed in, a node pushed by a path the program does not know) makes its signature
    record on every call. A generator passed in (``np.random.Generator``, ``RandomState``,
    a ``BitGenerator``, ``random.Random``) is found wherever the arguments, positional or
    keyword, hold it: in their dicts, lists, tuples and records, and in every object the
    tree does not walk (an ``OrderedDict``, a ``deque``, a set, a ``SimpleNamespace``, an
    object array, any object's attributes, a ``functools.partial``, a bound method's
    object, a function's closure and defaults, a class's attributes), through any depth.
    So is a generator that ``fun`` reaches: in its closure or defaults, as a global its code
    names (at module level), or through the functions, objects and classes those refer to
    (a helper that draws from a module-level ``rng``), an attribute its code names of a module
    it names (``mymodule.rng``, ``package.sub.rng``), and the value a ``contextvars.ContextVar``
    holds when ``fun`` records; not through a module's other names, nor inside wengert's, NumPy's or SciPy's own functions and objects, and not beyond the
    first ``_FUNCTION_SEARCH_LIMIT`` (20,000) objects ``fun`` reaches. Arguments holding
    more than ``_SEARCH_LIMIT`` (100,000) objects are not searched to the end: the
    signature records every call (with a warning). Called inside another runner (``fun``'s arguments are Vars,
    higher order), ``fun`` is simply recorded on that runner's tape.

    The cache holds ``cache_size`` signatures per thread (least recently used dropped
    first); each thread records and replays its own tapes. A ``vjp`` pullback reads its
    own tape until it is dropped: a call made while one is alive (``out, pb = wg.vjp(f, x)``
    in a loop holds the last call's) replays one of up to ``MAX_SPARES`` (3) further tapes
    of the signature, recorded when needed, and records without keeping the tape when all
    are held. ``stats`` counts records,
    replays, guard failures and unreplayable recordings; ``cache_clear()`` empties it.

    What cannot be detected, and so must not be done (as with JAX's ``jit``): ``fun``
    reading a global or captured value that changes between calls (an array, a flag),
    drawing from a generator reached in a way the search above does not follow (an
    attribute or module named at run time, ``getattr(mymodule, name)``,
    ``importlib.import_module(name)``) or that it makes without a seed
    (``np.random.default_rng()``: its draws from the operating system's entropy become
    constants of the recording, the same on every replay), or a mutable object passed in whose contents change
    (it is keyed by identity), or branching on ``type(x)`` of a floating-point argument or
    value (a Var in the recording; ``isinstance`` is answered as on the plain value in a
    plain call's recording, see :meth:`_Recorder.class_of`, and as a Var under a runner);
    side effects of ``fun`` outside NumPy calls (printing,
    appending to a list) happen only when it records. Rules' forward functions and
    pullbacks do run on every replay.

    The sigmoid written out, ``c / (k + np.exp(-z))`` on a float64 array, is replayed as one
    step whose pullback computes the cotangent of ``z`` in one pass (the recording's bits);
    its three inner arrays are kept from one replay to the next (three arrays of ``z``'s
    size per such chain, held while the signature is cached). So is the log-softmax written
    out, ``z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))`` (``z`` shifted by its
    rows' maxima or not): one step, and one pass for the cotangent of ``z`` (the recording's
    bits), whose ``exp(z)`` and row sums stay alive until the next replay; and with it a
    cross-entropy, ``np.sum(t * log_p)`` with targets ``t`` that get no gradient.

    >>> import numpy as np, wengert as wg
    >>> f = wg.jit(lambda x: np.sum(np.tanh(x) ** 2))
    >>> df = wg.grad(f)
    >>> g1 = df(np.array([0.5, 1.0])); g2 = df(np.array([0.1, -2.0]))   # records, replays
    >>> f.stats["records"], f.stats["replays"]
    (1, 1)
    >>> bool(np.allclose(g2, wg.grad(lambda x: np.sum(np.tanh(x) ** 2))(np.array([0.1, -2.0]))))
    True

    .. versionadded:: 0.1
    """
    return Jitted(fun, cache_size)
