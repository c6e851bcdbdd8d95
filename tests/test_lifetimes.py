"""What a runner keeps alive, and for how long: cycles are collected, weak references work."""
import gc
import weakref

import numpy as np

import wengert as wg
from wengert._backend import Tape


def test_a_pullback_stored_in_its_own_argument_is_collected():
    # d -> pullback -> recording -> d is a cycle; every object in it must be visible to
    # the garbage collector, or the tape (and its arrays) would live forever.
    arrays = []
    for _ in range(1000):
        d = {"x": np.ones(100)}
        value, pullback = wg.vjp(lambda d: np.sum(d["x"] ** 2), d)
        d["pullback"] = pullback
        arrays.append(weakref.ref(d["x"]))
        del d, pullback, value
    gc.collect()
    alive = sum(r() is not None for r in arrays)
    assert alive == 0, f"{alive} of 1000 cycles through a pullback were not collected"


def test_tapes_and_vars_allow_weak_references():
    tape = Tape(lambda x, y: x + y, lambda x, y: x + y)
    ref = weakref.ref(tape)
    del tape
    assert ref() is None
    refs = []

    def f(x):
        y = x * x
        refs.append(weakref.ref(y))
        return y
    assert wg.grad_bp(f, 3.0) == 6.0
    gc.collect()
    assert refs[0]() is None
