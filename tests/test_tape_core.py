"""The tape on its own: sweeps, growth, and misuse that must raise, never crash.

Every test runs over both tapes, the compiled ``wengert._tape`` and its pure-Python twin
``wengert._tape_py`` (thinc's ``ALL_OPS``), whichever core ``wengert._backend`` selected.
"""
import importlib

import numpy as np
import pytest

from wengert import protocol
from wengert._backend import OPCODE_NAMES


def _tape_modules():
    params = [pytest.param("wengert._tape_py", id="python")]
    try:
        importlib.import_module("wengert._tape")
        params.append(pytest.param("wengert._tape", id="compiled"))
    except ImportError as exc:
        params.append(pytest.param("wengert._tape", id="compiled", marks=pytest.mark.skip(
            reason=f"the compiled tape is not built: {exc}")))
    return params


@pytest.fixture(params=_tape_modules(), autouse=True)
def Tape(request, monkeypatch):
    """The Tape class under test; ``new_tape`` below makes its tapes too."""
    cls = importlib.import_module(request.param).Tape
    monkeypatch.setitem(globals(), "_TAPE", cls)
    return cls


_TAPE = None
ADD, MUL = OPCODE_NAMES.index("add"), OPCODE_NAMES.index("mul")


def new_tape():
    return _TAPE(protocol.add, protocol.iadd, capacity=2)


def test_seed_example_and_growth_past_capacity():
    t = new_tape()
    a, b = t.push_leaf(4.0), t.push_leaf(3.0)
    c = t.push_scalar(ADD, (a, b), (1.0, 1.0), 7.0)
    d = t.push_scalar(MUL, (a, c), (7.0, 4.0), 28.0)
    x = a
    for _ in range(1000):  # grows the arrays geometrically from a capacity of 2
        x = t.push_scalar(MUL, (x,), (1.0,), 4.0)
    t.backward(d, 1.0)
    assert (t.adjoint(a), t.adjoint(b), t.adjoint(c), t.adjoint(d)) == (11.0, 4.0, 4.0, 1.0)
    assert t.adjoint(x) is None  # never reached: skipped, reported as untouched
    assert len(t) == 1004 and t.node(c)["parents"] == (a, b)


def test_object_nodes_and_in_place_accumulation_only_into_owned_buffers():
    t = new_tape()
    x = t.push_leaf(np.ones(2))
    users = np.array([1.0, 2.0])
    y = t.push_object((x, x, x), lambda g: (users, users, users), np.ones(2))
    t.backward(y, np.ones(2))
    np.testing.assert_array_equal(t.adjoint(x), [3.0, 6.0])
    np.testing.assert_array_equal(users, [1.0, 2.0])  # the caller's array is untouched


def test_scalar_node_fed_by_an_object_node():
    t = new_tape()
    s = t.push_leaf(2.0)
    v = t.push_object((s,), lambda g: (float(np.sum(g)),), np.full(3, 2.0))
    t.backward(v, np.ones(3))
    assert t.adjoint(s) == 3.0


def test_retain_allows_a_second_sweep():
    t = new_tape()
    x = t.push_leaf(np.ones(2))
    y = t.push_object((x,), lambda g: (2.0 * g,), 2.0 * np.ones(2))
    t.backward(y, np.ones(2), retain=True)
    t.backward(y, np.full(2, 3.0), retain=True)
    np.testing.assert_array_equal(t.adjoint(x), [6.0, 6.0])
    t.backward(y, np.ones(2))
    with pytest.raises(RuntimeError, match="already swept"):
        t.backward(y, np.ones(2))


def test_a_million_node_chain_needs_no_recursion(Tape):
    t = Tape(protocol.add, protocol.iadd)
    x = t.push_leaf(1.0)
    for _ in range(1_000_000):
        x = t.push_scalar(MUL, (x,), (1.0,), 1.0)
    t.backward(x, 1.0)
    assert t.adjoint(0) == 1.0


@pytest.mark.parametrize("bad", [None, "0", 1.5, -1, 99, True])
def test_bad_parent_indices_raise(bad):
    t = new_tape()
    t.push_leaf(1.0)
    with pytest.raises((TypeError, IndexError)):
        t.push_scalar(ADD, (bad,), (1.0,), 1.0)
    with pytest.raises((TypeError, IndexError)):
        t.push_object((bad,), lambda g: (g,), 1.0)


@pytest.mark.parametrize("bad", [None, -1, 5, 10**12])
def test_bad_node_indices_raise(bad):
    t = new_tape()
    t.push_leaf(1.0)
    for method in (t.value, t.adjoint, t.node, t.is_scalar):
        with pytest.raises((TypeError, IndexError, OverflowError)):
            method(bad)
    with pytest.raises((TypeError, IndexError, OverflowError)):
        t.backward(bad, 1.0)


def test_misuse_of_pushes_raises(Tape):
    t = new_tape()
    a = t.push_leaf(1.0)
    obj = t.push_leaf(np.ones(2))
    with pytest.raises(ValueError, match="object node"):
        t.push_scalar(ADD, (obj,), (1.0,), 1.0)
    with pytest.raises(ValueError, match="one partial per parent"):
        t.push_scalar(ADD, (a,), (1.0, 2.0), 1.0)
    with pytest.raises(ValueError, match="op code"):
        t.push_scalar(9999, (a,), (1.0,), 1.0)
    with pytest.raises(TypeError):
        t.push_scalar(ADD, None, None, 1.0)
    with pytest.raises(TypeError, match="callable"):
        t.push_object((a,), None, 1.0)
    with pytest.raises(TypeError):
        Tape(None, None)


def test_one_pullback_per_parent():
    t = new_tape()
    a, b = t.push_leaf(np.array([1.0, 2.0])), t.push_leaf(3.0)
    y = t.push_per_parent((a, b), (lambda g: 2.0 * g, lambda g: float(np.sum(g))), np.array([5.0, 7.0]))
    z = t.push_per_parent((y, a), (lambda g: g, lambda g: g), np.array([6.0, 9.0]))
    t.backward(z, np.array([1.0, 10.0]))
    np.testing.assert_array_equal(t.adjoint(a), [3.0, 30.0])  # 2 g through y, plus g directly
    assert t.adjoint(b) == 11.0
    assert t.node(y)["parents"] == (a, b) and t.node(y)["partials"] is None


def test_misuse_of_push_per_parent_raises():
    t = new_tape()
    a = t.push_leaf(1.0)
    with pytest.raises(TypeError, match="tuple of 1 callables"):
        t.push_per_parent((a,), lambda g: g, 1.0)
    with pytest.raises(TypeError, match="tuple of 1 callables"):
        t.push_per_parent((a,), (len, len), 1.0)
    with pytest.raises(TypeError, match="callable"):
        t.push_per_parent((a,), (None,), 1.0)
    with pytest.raises(IndexError):
        t.push_per_parent((a + 5,), (len,), 1.0)
    t.stop()
    with pytest.raises(RuntimeError, match="closed"):
        t.push_per_parent((a,), (len,), 1.0)


def test_a_bad_pullback_raises():
    t = new_tape()
    a = t.push_leaf(1.0)
    y = t.push_object((a,), lambda g: (g, g), 1.0)
    with pytest.raises(TypeError, match="tuple of 1 cotangent"):
        t.backward(y, 1.0)
    z = t.push_object((a,), lambda g: g, 1.0)
    with pytest.raises(TypeError, match="tuple"):
        t.backward(z, 1.0)


def test_stopped_and_closed_tapes():
    t = new_tape()
    a = t.push_leaf(1.0)
    t.stop()
    with pytest.raises(RuntimeError, match="closed"):
        t.push_leaf(2.0)
    assert t.value(a) == 1.0  # a stopped tape is still readable
    t.close()
    for call in (lambda: t.value(a), lambda: t.backward(a, 1.0), lambda: t.adjoint(a)):
        with pytest.raises((RuntimeError, IndexError)):
            call()


def test_a_tape_on_reused_arrays_starts_clean():
    # close() keeps the arrays for the next tape; nothing of the old graph may show through.
    old = new_tape()
    a, b = old.push_leaf(2.0), old.push_leaf(5.0)
    x = old.push_scalar(MUL, (a, b), (5.0, 2.0), 10.0)
    for _ in range(500):
        x = old.push_scalar(ADD, (x, a), (1.0, 1.0), 1.0)
    old.backward(x, 1.0)
    old.close()
    t = new_tape()  # takes the arrays the closed tape left
    c, d = t.push_leaf(3.0), t.push_leaf(4.0)
    y = t.push_scalar(MUL, (c, d), (4.0, 3.0), 12.0)
    assert len(t) == 3 and t.node(y)["parents"] == (c, d)
    assert t.adjoint(c) is None and t.adjoint(y) is None  # untouched before any sweep
    t.backward(y, 1.0)
    assert (t.adjoint(c), t.adjoint(d)) == (4.0, 3.0)
    with pytest.raises(RuntimeError):
        old.value(a)  # the closed tape lost its arrays for good


def test_large_reused_arrays_start_clean_and_a_short_first_run_is_swept(Tape):
    # Past 32,768 nodes of capacity a reused tape's marks are cleared without the GIL, and
    # a float seed on a tape of 8,192 nodes or more is set without it (then the first run,
    # here 3 nodes before an object node, is swept with it).
    old = Tape(protocol.add, protocol.iadd, capacity=40_000)
    x = old.push_leaf(1.0)
    for _ in range(40_000):
        x = old.push_scalar(MUL, (x,), (1.0,), 1.0)
    old.backward(x, 1.0)
    old.close()
    t = Tape(protocol.add, protocol.iadd, capacity=40_000)  # takes those arrays
    a = x = t.push_leaf(2.0)
    for _ in range(10_000):
        x = t.push_scalar(MUL, (x,), (1.0,), 2.0)
    y = t.push_object((x,), lambda g: (3.0 * g,), 6.0)
    for _ in range(3):
        y = t.push_scalar(MUL, (y,), (2.0,), 6.0)
    assert all(t.adjoint(i) is None for i in range(0, len(t), 97))  # untouched before a sweep
    t.backward(y, 1.0)
    assert t.adjoint(a) == 24.0 and t.adjoint(x) == 24.0


def test_clear_adjoints_forgets_the_last_sweep_and_pullbacks_reads_what_was_pushed():
    t = new_tape()
    x, s = t.push_leaf(np.ones(2)), t.push_leaf(2.0)
    pbs = (lambda g: 2.0 * g, lambda g: float(np.sum(g)))
    y = t.push_per_parent((x, s), pbs, 2.0 * np.ones(2))
    assert t.pullbacks(y) is pbs
    with pytest.raises(ValueError, match="no pullback"):
        t.pullbacks(x)
    t.backward(y, np.ones(2), retain=True)
    assert t.adjoint(s) == 2.0 and t.adjoint(x) is not None
    t.clear_adjoints()
    assert t.adjoint(x) is None and t.adjoint(s) is None and t.adjoint(y, "unreached") == "unreached"
    t.backward(y, np.ones(2))  # sweeps as before
    np.testing.assert_array_equal(t.adjoint(x), [2.0, 2.0])
    assert t.pullbacks(y) is None  # passed by a sweep without retain
