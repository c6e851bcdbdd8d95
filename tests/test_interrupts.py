"""Runners are safe against an exception raised at any point, KeyboardInterrupt included.

An interrupted runner must leave no tape open on the thread's stack (a stale tape keeps
its arrays and arguments alive, and used to surface later as an internal error in
nested runners), and only the interrupt itself may come out.
"""
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
    np.testing.assert_allclose(_nested(x), np.cos(x) * x + np.sin(x) + 6 * x * (np.arange(5) == 0))


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
