"""Which tapes are open, per thread (internal; use ``wengert.*``).

The only mutable global state of wengert is this thread-local stack, so two runners can
run at once in two threads. A nested runner (``grad(grad(f))``) pushes a tape one level
deeper; Vars of outer tapes are constants to the inner one, which is what keeps nested
derivatives free of perturbation confusion.
"""
import threading

from .errors import EscapedVarError, MixedTapesError


class _Stack(threading.local):
    def __init__(self):
        self.tapes = []


_stack = _Stack()


def open_tapes():
    """This thread's stack of open tapes, innermost last (``wengert._tape.record_on`` pushes
    and pops it)."""
    return _stack.tapes


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
