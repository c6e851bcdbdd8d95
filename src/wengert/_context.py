"""Which tapes are open, per thread (internal; use ``wengert.*``).

This thread-local stack is the state that makes two runners in two threads independent:
each thread sees only its own open tapes. A nested runner (``grad(grad(f))``) pushes a
tape one level deeper; Vars of outer tapes are constants to the inner one, which is what
keeps nested derivatives free of perturbation confusion.

It is not the only mutable global state. All of it, and why each is safe under threads:

- ``wengert._tape._spare0`` and ``_spare1`` (compiled): the arrays of the two largest
  recently closed tapes, taken by the next new tapes (moved, never shared). The check and
  the move happen in a Cython critical section on both spares (under the GIL, one C call
  that releases no lock), so no two tapes can take the same arrays; the compiled core is
  built ``freethreading_compatible``, so a free-threaded CPython keeps the GIL off.
- ``wengert._hooks._field_sets`` and ``_dtype_kinds`` (compiled): record type -> its field
  names and dtype -> its gradient kind, caches filled on first use (``_field_sets`` is
  cleared by ``install_hooks``). Each access is one dict operation and
  every thread computes the same entry, so a race only computes it twice; an entry is
  stored with ``setdefault`` (never replaced once read) and the compiled core reads it,
  and the rule tables, with a strong reference (``_hooks.dict_get``), so that clearing
  ``_field_sets`` when it reaches ``TYPE_CACHE_MAX`` types frees no value in use.
- The rule tables (``rules``, ``operators``, ``elementary``) and slow-path hooks of
  ``wengert._hooks`` (compiled): bound once, by ``_dispatch`` at import (``rules`` is
  ``primitive``'s registry itself, below).
- ``wengert.protocol``'s ``_registry``, ``_resolved`` (a cache) and ``_sparse_rank``:
  read without a lock (one dict operation each); ``register()`` and the store of a
  resolved instance take ``protocol._lock``, and a resolution that began before a
  ``register()`` is not cached.
- ``wengert.tree``'s ``_fields_cache`` (record type -> field names): idempotent, one dict
  operation per access, so a race only computes an entry twice. It, ``_resolved`` and
  ``_field_sets`` start afresh at ``tree.TYPE_CACHE_MAX`` (4,096) types, so that types made
  at run time do not pile up.
- ``wengert.primitive``'s registries (``PRIMITIVES``, the no-gradient set, composites, and
  each ``Primitive``'s ``vjps``): filled when rules are declared (the ``ops`` tables at
  import; ``defvjp``/``primitive`` by users), each write one dict or set operation. Declare
  your rules before other threads use them: a call racing with a ``defvjp`` of its own
  function sees the rule or its absence, nothing in between.

The pure-Python reference core has the same caches and hook tables as module globals of
``wengert._hooks_py``, safe for the same reasons (each filled by single dict operations);
its tapes (``wengert._tape_py``) keep no spare arrays.

Everything else lives on a tape or a runner's recording (a ``vjp`` pullback shared by
threads takes turns on a lock of its own).
"""
import threading

from .errors import EscapedVarError, MixedTapesError


class _Stack(threading.local):
    def __init__(self):
        self.tapes = []
        self.staging = 0  # wengert.jit replays staging pullbacks, running in this thread


_stack = _Stack()


def open_tapes():
    """This thread's stack of open tapes, innermost last (``wengert._tape.record_on`` pushes
    and pops it)."""
    return _stack.tapes


def stages_pullbacks():
    """Whether what a rule's function computes now in this thread may be read by a pullback:
    a tape records, or a ``wengert.jit`` replay stages its pullbacks (:class:`staging`).
    Lets a function keep what only its pullback reads (``wnp.logistic``'s ``exp(-x)``)
    where a pullback may read it, and not on a plain call or a replay of values.

    >>> stages_pullbacks()
    False
    """
    s = _stack
    return s.staging > 0 or len(s.tapes) > 0


class staging:
    """The block stages pullbacks without recording (``wengert.jit``'s replay of a
    gradient): :func:`stages_pullbacks` is True inside it.

    >>> with staging():
    ...     stages_pullbacks()
    True
    """
    __slots__ = ()

    def __enter__(self):
        _stack.staging += 1

    def __exit__(self, *exc):
        _stack.staging -= 1


def next_level():
    return len(_stack.tapes)


def escaped_error(var):
    """The error for a Var whose runner has returned."""
    return EscapedVarError(
        f"{var!r} escaped its runner: the function it was made for has returned and its "
        "tape is closed. A Var must not be used outside the function being differentiated "
        "(keep it inside, or return var.value). If you stored Vars in a list or closure "
        "during the call, store their values instead.")


def check_live(tape, var=None):
    """Raise unless ``tape`` is open in this thread."""
    if not tape.recording:
        raise escaped_error(var if var is not None else tape)
    tapes = _stack.tapes
    level = tape.level
    if level >= len(tapes) or tapes[level] is not tape:
        raise MixedTapesError(
            f"{var!r} belongs to a tape that is not open in this thread: Vars of unrelated "
            "runners (another thread's, or a sibling call's) cannot be mixed. Pass values, "
            "not Vars, between runners.")


def innermost(vars_):
    """The innermost live tape among the tapes of ``vars_``, checking that they nest."""
    best = None
    for v in vars_:
        tape = v.tape
        if tape is best:
            continue
        check_live(tape, v)
        if best is None or tape.level > best.level:
            best = tape
    return best
