"""wengert.jit on scalar tapes: the compact forward replay and the compact reverse sweep
(``ScalarSweep``) leave the tape exactly as the recording and ``tape.backward`` do."""
import math
import struct

import numpy as np
import pytest

import wengert as wg
from wengert import protocol
from wengert._backend import OPCODE_NAMES, Tape, scalar_sweep


def bits(x):
    return None if x is None else struct.pack("<d", x)


def chain(x, y, n):
    """A scalar graph with every kind of scalar node, a node the root does not reach, a
    node used twice by one node, and constants."""
    s = x * 0.5 + 1.0
    unused = y * 3.0  # noqa: F841  (recorded, never reached by the sweep)
    for _ in range(n):
        s = wg.tanh(s) * y + (2.0 - s) / 3.0 - abs(y) ** 1.5
        s = s * s + wg.exp(-s) / (1.0 + y * y) + 2.0 ** (-abs(s))
        s = s - y / s
    return s


def traced(fn, *args):
    jitted = wg.jit(fn)
    grad = wg.grad(jitted, argnums=tuple(range(len(args))))
    grad(*args)
    grad(*[a + 0.25 for a in args])  # a replay: the sweep is made
    (trace,) = jitted._cache.entries.values()
    return grad, trace


@pytest.mark.parametrize("n", [3, 2000])  # 2000: over NOGIL_NODES, the run without the GIL
def test_the_scalar_sweep_leaves_the_tape_as_backward_does(n):
    _, trace = traced(lambda x, y: chain(x, y, n), 0.3, 0.7)
    tape, root = trace.tape, trace.root
    sweep = trace.sweep
    assert sweep, "a scalar tape has a compact sweep"
    for seed in (1.0, -0.0, 0.0, 2.5, -math.inf, math.nan):
        tape.backward(root, seed, retain=True)
        want = [bits(tape.adjoint(i)) for i in range(len(tape))]
        assert sweep.run(seed) is True
        assert [bits(tape.adjoint(i)) for i in range(len(tape))] == want
        assert want.count(None) >= 1  # the node the root does not reach


def test_a_replayed_scalar_gradient_equals_a_recording_bit_for_bit():
    grad, _ = traced(lambda x, y: chain(x, y, 5), 0.3, 0.7)
    plain = wg.grad(lambda x, y: chain(x, y, 5), argnums=(0, 1))
    for x, y in ((0.1, 0.9), (-0.4, 1.3), (0.3, 0.7)):
        assert [bits(g) for g in grad(x, y)] == [bits(g) for g in plain(x, y)]


def test_no_scalar_sweep_where_the_sweep_reaches_another_node():
    _, trace = traced(lambda x, y: np.sum(np.array([1.0, 2.0]) * x) * y, 0.3, 0.7)
    assert scalar_sweep(trace.tape, trace.root) is None
    assert not trace.sweep


def test_the_sweep_refuses_what_it_was_not_made_for():
    _, trace = traced(lambda x, y: chain(x, y, 1), 0.3, 0.7)
    assert trace.sweep.run(1) is False  # an int seed: tape.backward converts it
    assert scalar_sweep(trace.tape, len(trace.tape)) is None
    assert scalar_sweep(trace.tape, -1) is None


def test_the_sweep_reads_the_partials_of_a_sum_pushed_with_others():
    # A sum's partials are 1.0, which the compact sweep does not read; a node pushed with
    # the op code of a sum and other partials (Tape.push_scalar) is swept with its own.
    add, add_const = OPCODE_NAMES.index("add"), OPCODE_NAMES.index("add_const")
    tape = Tape(protocol.add, protocol.iadd)
    a, b = tape.push_leaf(4.0), tape.push_leaf(3.0)
    s = tape.push_scalar(add, (a, b), (1.0, 1.0), 7.0)
    t = tape.push_scalar(add, (s, a), (2.0, -0.5), 12.0)
    u = tape.push_scalar(add_const, (t,), (3.0,), 13.0)
    root = tape.push_scalar(add, (u, s), (1.0, 1.0), 20.0)
    sweep = scalar_sweep(tape, root)
    for seed in (1.0, -0.0, 2.5, math.nan):
        tape.backward(root, seed, retain=True)
        want = [bits(tape.adjoint(i)) for i in range(len(tape))]
        assert sweep.run(seed) is True
        assert [bits(tape.adjoint(i)) for i in range(len(tape))] == want
    assert sweep.run(2.0) is True
    assert tape.adjoint(a) == 2.0 * ((3.0 * 2.0 + 1.0) * 1.0 + 3.0 * -0.5)  # u, t, s and a


def dot_chains(w, x):
    """Sums of products in each order the compact forward fuses (s + w * x, w * x + s, with
    a product of two nodes and of a node and a constant), and a product whose sum is not
    the next node, or does not add the node before it."""
    s = w * 0.5
    for _ in range(3):
        s = s + w * x
        s = w * x + s
        s = s + 3.0 * x
        s = x * -2.0 + s
        t = w * s
        s = s - t + x * x
        s = wg.tanh(s) + w * x
    return s


def tape_state(tape):
    return [(tape.node(i)["op"], tape.node(i)["parents"], tuple(map(bits, tape.node(i)["partials"])),
             bits(tape.value(i))) for i in range(len(tape))]


@pytest.mark.parametrize("point", [(0.3, -0.8), (-0.0, 0.0), (1e308, 1e308), (math.nan, 0.5),
                                   (math.inf, -0.0), (0.1, 0.9)])
def test_fused_products_and_sums_replay_as_recorded(point):
    grad, trace = traced(dot_chains, 0.6, 0.2)
    plain = wg.grad(dot_chains, argnums=(0, 1))
    assert [bits(g) for g in grad(*point)] == [bits(g) for g in plain(*point)]
    assert grad.__wrapped__.stats["replays"] == 2 and grad.__wrapped__.stats["records"] == 1
    jitted = wg.jit(dot_chains)
    wg.grad(jitted, argnums=(0, 1))(*point)
    (recorded,) = jitted._cache.entries.values()
    assert tape_state(trace.tape) == tape_state(recorded.tape)


def test_a_sum_of_the_two_first_nodes_is_swept_as_recorded():
    # the compact sweep takes a sum of the two nodes before it and the node before it as one
    # entry; here node 2 adds leaves 0 and 1 (which have no parents), then a sum of a leaf
    # and the node before it
    _, trace = traced(lambda x, y: (x + y) * (y + wg.tanh(x + y)), 0.3, 0.7)
    tape, root = trace.tape, trace.root
    for seed in (1.0, -0.0, 3.0):
        tape.backward(root, seed, retain=True)
        want = [bits(tape.adjoint(i)) for i in range(len(tape))]
        assert trace.sweep.run(seed) is True
        assert [bits(tape.adjoint(i)) for i in range(len(tape))] == want


@pytest.mark.parametrize("seed", [1.0, -0.0, 0.0, 2.5, -math.inf, math.nan])
def test_the_sweep_of_fused_products_and_sums_is_backwards(seed):
    # chains of sums of products (micrograd's dot products), also reading the sum before
    # them: the compact sweep gives the same adjoints as tape.backward, bit for bit
    def chains(w, x):
        s = dot_chains(w, x)
        for _ in range(4):
            s = s + w * x
        s = s + s * w  # a product reading the sum before it: no adjoint held
        s = w * s + s
        m = w * x
        s = s + m  # the product is read again below: its adjoint is held when the sum ends
        s = s * m + wg.tanh(s)  # the sum's other node has one parent: the node before it
        s = m * s + 3.0
        return s + x * s
    _, trace = traced(chains, 0.6, 0.2)
    tape, root = trace.tape, trace.root
    tape.backward(root, seed, retain=True)
    want = [bits(tape.adjoint(i)) for i in range(len(tape))]
    assert trace.sweep.run(seed) is True
    assert [bits(tape.adjoint(i)) for i in range(len(tape))] == want


@pytest.mark.parametrize("n", [3, 2000])  # 2000: the seed is set, not added (a long first run)
def test_the_sweep_overwrites_what_the_last_sweep_left(n):
    # The compact sweep does not zero the adjoints before it runs: it stores its first
    # arrival at each node as 0.0 + x. Whatever the last sweep left there (NaN, infinities,
    # -0.0), the next one gives tape.backward's adjoints, bit for bit.
    _, trace = traced(lambda x, y: chain(x, y, n) * dot_chains(x, y), 0.3, 0.7)
    tape, root, sweep = trace.tape, trace.root, trace.sweep
    for last, seed in ((math.nan, 1.0), (-math.inf, -0.0), (1.0, 0.0), (-0.0, 2.5), (2.5, math.nan)):
        tape.backward(root, seed, retain=True)
        want = [bits(tape.adjoint(i)) for i in range(len(tape))]
        assert sweep.run(last) is True
        assert sweep.run(seed) is True
        assert [bits(tape.adjoint(i)) for i in range(len(tape))] == want


def test_a_first_arrival_of_minus_zero_is_stored_as_plus_zero():
    # tape.backward adds into zeroed adjoints: 0.0 + -0.0 is 0.0, and so is the compact
    # sweep's first arrival, also after a sweep that left -0.0 and NaN there
    mul, mul_const, add = (OPCODE_NAMES.index(name) for name in ("mul", "mul_const", "add"))
    tape = Tape(protocol.add, protocol.iadd)
    a, b = tape.push_leaf(2.0), tape.push_leaf(3.0)
    u = tape.push_scalar(mul_const, (a,), (-0.0,), -0.0)    # u = a * -0.0
    m = tape.push_scalar(mul, (a, b), (3.0, 2.0), 6.0)      # m = a * b
    s = tape.push_scalar(add, (u, m), (1.0, 1.0), 6.0)      # s = u + m: fused with m
    root = tape.push_scalar(mul_const, (s,), (-0.0,), -0.0)  # root = s * -0.0
    sweep = scalar_sweep(tape, root)
    for last in (math.nan, -0.0, 1.0):
        assert sweep.run(last) is True
        assert sweep.run(1.0) is True
        assert [bits(tape.adjoint(i)) for i in (a, b, u, m, s, root)] == [bits(0.0)] * 5 + [bits(1.0)]
        assert sweep.run(-0.0) is True  # root 0.0 + -0.0: the seed is added, as tape.backward does
        tape_bits = [bits(tape.adjoint(i)) for i in (a, b, u, m, s, root)]
        tape.backward(root, -0.0, retain=True)
        assert tape_bits == [bits(tape.adjoint(i)) for i in (a, b, u, m, s, root)] == [bits(0.0)] * 6


@pytest.mark.parametrize("n", [3, 2000])  # 2000: a seed of -0.0 is the root's adjoint as it is
@pytest.mark.parametrize("seed", [-0.0, 0.0, math.nan, 1.5])
def test_a_root_that_sums_the_two_nodes_before_it(n, seed):
    # the compact sweep copies a sum's adjoint to the two nodes it adds (0.0 + g is g for
    # any g this sweep added); the root's adjoint is the seed, which may be -0.0
    _, trace = traced(lambda x, y: chain(x, y, n) + x * y, 0.3, 0.7)
    tape, root = trace.tape, trace.root
    assert tape.node(root)["parents"] == (root - 2, root - 1)
    tape.backward(root, seed, retain=True)
    want = [bits(tape.adjoint(i)) for i in range(len(tape))]
    assert trace.sweep.run(math.nan) is True
    assert trace.sweep.run(seed) is True
    assert [bits(tape.adjoint(i)) for i in range(len(tape))] == want
