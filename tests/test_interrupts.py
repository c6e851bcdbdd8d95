"""Runners are safe against an exception raised at any point, KeyboardInterrupt included.

An interrupted runner must leave no tape open on the thread's stack (a stale tape keeps
its arrays and arguments alive, and used to surface later as an internal error in
nested runners), and only the interrupt itself may come out.
"""
import gc
import itertools
import os
import random
import signal
import sys
import time

import numpy as np
import pytest

import wengert as wg
from wengert import _context


def _nested(x):
    def inner(y):
        return np.sum(np.sin(y) * y) + wg.grad(lambda z: np.sum(z ** 3))(y)[0]
    return wg.grad(inner)(x)


# Where an interrupt may land: wengert's code, NumPy's Python layer and this module's
# functions. Not pytest's or the standard library's: an interrupt inside a finalizer is
# reported through pytest's unraisable-exception hook, and that hook, interrupted in its
# turn (in linecache), failed the test on Python 3.9 in CI.
_INTERRUPTIBLE = tuple(os.path.dirname(m.__file__) + os.sep for m in (wg, np)) + (__file__,)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs signal.setitimer (POSIX)")
# An interrupt that lands in a finalizer is ignored by CPython by design ("Exception
# ignored in ..."); what this test checks is the tape stack, below.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_keyboard_interrupts_at_random_moments_leave_no_open_tape():
    interrupts, completed = 0, 0
    this_test = sys._getframe().f_code

    delays = random.Random(0)
    stopping = False

    def interrupt(signum, frame):
        # A handler still pending when the loop ends runs after the timer is cancelled:
        # re-arming it then would fire SIGALRM once the default action (terminate the
        # process, exit 142) is back, which killed a CI run.
        if stopping:
            return
        # The next alarm after a random delay, from well inside one call to longer than
        # one, so that interrupts land all over the runners and some calls complete.
        signal.setitimer(signal.ITIMER_REAL, delays.uniform(20e-6, 1e-3))
        # Only inside the runners: not in this loop itself, nor in this handler re-entered.
        code = frame.f_code
        if code is this_test or code is interrupt.__code__:
            return
        if code.co_filename.startswith(_INTERRUPTIBLE):
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    x = np.linspace(0.1, 1.0, 5)
    deadline = time.monotonic() + 3.0
    try:
        signal.setitimer(signal.ITIMER_REAL, 130e-6)
        while time.monotonic() < deadline:
            try:
                _nested(x)
                completed += 1
            except KeyboardInterrupt:
                interrupts += 1
    finally:
        stopping = True
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert interrupts > 0 and completed > 0, (interrupts, completed)
    assert _context.open_tapes() == []
    np.testing.assert_allclose(_nested(x), np.cos(x) * x + np.sin(x) + 6 * x * (np.arange(5) == 0), rtol=1e-15)


class _Injected(Exception):
    pass


def test_an_exception_at_every_trace_event_leaves_no_open_tape():
    x = np.array([0.3, 0.7])
    events = 0

    def count(frame, event, arg):
        nonlocal events
        events += 1
        return count

    sys.settrace(count)
    try:
        _nested(x)
    finally:
        sys.settrace(None)
    assert events > 50
    for k in range(events):
        seen = 0

        def inject(frame, event, arg):
            nonlocal seen
            seen += 1
            if seen == k:
                raise _Injected
            return inject

        sys.settrace(inject)
        try:
            _nested(x)
        except _Injected:
            pass
        finally:
            sys.settrace(None)
        assert _context.open_tapes() == [], f"a tape was left open by an exception at event {k}"
    _kinks_refuse_on_the_forward_paths()  # (and no state of the sweeps left behind: see below)


def _kinks_refuse_on_the_forward_paths():
    # |x0 ** 2| at 0: the Hessian 2 (|x0 ** 2| = x0 ** 2), but the convention sign(0) = 0 met
    # the second-order term and gave 0: hessian, jacfwd(grad) and jacfwd(jacfwd) refuse it;
    # |x0 ** 3| has no second-order term there, its Hessian 0 exactly on each.
    x = np.zeros(2)
    for path in (wg.hessian, lambda f: wg.jacfwd(wg.grad(f)), lambda f: wg.jacfwd(wg.jacfwd(f))):
        with pytest.raises(wg.NoGradientRule, match="absolute"):
            path(lambda x: np.sum(np.abs(x[:1] ** 2)))(x)
        np.testing.assert_array_equal(path(lambda x: np.sum(np.abs(x[:1] ** 3)))(x), np.zeros((2, 2)))


def test_an_exception_at_every_trace_event_leaves_no_sweep_state():
    # The state a sweep keeps for the kinks' rules (whether a rule's g is a sweep's cotangent,
    # the conventions a sweep marked, the kink marks alive on tapes) must not outlive an
    # exception anywhere: a counter left raised by one turned every later refusal of a kink
    # reached at second order into a silent 0 (test_kinks_five_paths, test_kinks_under_where
    # run after this file). An exception at each event of the functions that keep that state,
    # in a Hessian that meets a kink (forward over reverse), one whose sort is forward mode's
    # transposed pullback (in_transposed_pullback's depth), and one in reverse over reverse.
    from wengert.ops import _util
    files = tuple(os.path.join(os.path.dirname(wg.__file__), name) for name in
                  ("runners.py", "forward.py", "_tape_py.py", "_dual_py.py", os.path.join("ops", "_util.py")))
    x = np.zeros(2)
    gc.collect()
    held_before = set(_util._HELD)  # earlier tests' marks, kept alive by pytest's reports
    for f, keepers in ((lambda x: wg.hessian(lambda x: np.sum(np.abs(x[:1] ** 2)))(x),
                        {"sweep_gradients", "_run_pullback", "live_term", "at_kink", "convention_value",
                         "settle_conventions"}),
                       (lambda x: wg.hessian(lambda x: np.sum(np.sort(x) * x) + np.sum(np.abs(x[:1] ** 2)))(x),
                        {"_transpose_sum"}),
                       (lambda x: wg.jacrev(wg.grad(lambda x: np.sum(np.abs(x[:1] ** 2) + np.maximum(x, 0) * x)))(x),
                        {"sweep_gradients", "at_kink", "__new__", "__del__"})):
        hit = set()

        def count(frame, event, arg):
            code = frame.f_code
            if code.co_name in keepers and code.co_filename in files:
                hit.add(code.co_name)
                return count
            return None

        sys.settrace(count)
        try:
            with pytest.raises(wg.NoGradientRule):
                f(x)
        finally:
            sys.settrace(None)
        assert keepers - {"_run_pullback", "live_term", "__del__"} <= hit, hit  # (those: the pure core's, a finalizer's)
        for k in itertools.count(1):
            seen = 0

            def inject(frame, event, arg):
                nonlocal seen
                code = frame.f_code
                if code.co_name in keepers and code.co_filename in files:
                    seen += 1
                    if seen == k:
                        raise _Injected
                    return inject
                return None

            sys.settrace(inject)
            try:
                f(x)
            except (_Injected, wg.NoGradientRule):
                pass
            finally:
                sys.settrace(None)
            if seen < k:
                break
        assert k > 20 and _context.open_tapes() == []
    gc.collect()
    assert not set(_util._HELD) - held_before  # (no kink mark of this test is alive on a tape)
    _kinks_refuse_on_the_forward_paths()
