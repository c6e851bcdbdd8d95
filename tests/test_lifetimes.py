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


def test_type_keyed_caches_stay_bounded_when_types_are_made_at_run_time():
    # A named tuple class made on every call (as some code does): the record-field, field-set
    # and protocol caches must not keep every class ever seen alive.
    import collections

    import wengert.protocol
    import wengert.tree
    first = None
    for i in range(wengert.tree.TYPE_CACHE_MAX + 100):
        point = collections.namedtuple(f"Point{i}", "x y")
        first = first or weakref.ref(point)
        assert wg.grad(lambda p: p.x * p.y)(point(2.0, 3.0)) == point(3.0, 2.0)
    del point
    gc.collect()
    assert first() is None  # no cache (compiled ones included) holds the first class any more
    assert len(wengert.tree._fields_cache) <= wengert.tree.TYPE_CACHE_MAX
    assert len(wengert.protocol._resolved) <= wengert.tree.TYPE_CACHE_MAX
