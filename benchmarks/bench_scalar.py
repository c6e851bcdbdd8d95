"""Scalar graphs: wengert's compiled tape against plain floats, a hand-written adjoint and a
pure-Python tape engine in the style of micrograd.

One step of the graph is 12 scalar ops (mul, add, div, sub, neg, exp, logistic, tanh)
that stay bounded however often they repeat; STEPS steps make a graph of 12 * STEPS
nodes (120,000 by default). Reported in one run, interleaved:

* recording and backward sweep, in ns per node (the sweep alone on the compiled tape);
* plain Python floats (the limit for recording);
* the same math with its gradient written out by hand: the limit for record + backward;
* a pure-Python engine (a Value class with backward closures): what users would write;
* the share of the time spent in Python's garbage collector;
* wengert's two cores on the same tape work (record + backward): the compiled one and its
  pure-Python twin (``WENGERT_PURE_PYTHON=1`` selects it for everything), and their ratio.

Run ``python benchmarks/bench_scalar.py`` for the table of ratios, or
``python -m pytest benchmarks/bench_scalar.py --benchmark-only``.
"""
import gc
import importlib
import math
import os
import sys
import time

import pytest

import wengert as wg
from wengert import protocol
from wengert._backend import Tape, make_var

sys.path.insert(0, os.path.dirname(__file__))
from timing import best_time, interleaved  # noqa: E402

STEPS = 10_000
OPS_PER_STEP = 12
A0, B0 = 0.3, -0.4


# -- the graph, on anything with the number protocol ----------------------------------

def graph_wengert(a, b, steps=STEPS, functions=(wg.exp, wg.logistic, wg.tanh)):
    exp, logistic, tanh = functions
    for _ in range(steps):
        u = a * b + 0.5
        a = logistic(u - a / (1.0 + b * b))
        b = tanh(exp(-u) * b + 0.1)
    return a + b  # one more node (an add), counted below


def nodes(steps=STEPS):
    return 2 + OPS_PER_STEP * steps + 1  # two leaves, the steps, the final add


def _logistic(x):
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def graph_floats(a, b, steps=STEPS):
    exp, tanh = math.exp, math.tanh
    for _ in range(steps):
        u = a * b + 0.5
        a = _logistic(u - a / (1.0 + b * b))
        b = tanh(exp(-u) * b + 0.1)
    return a + b


def grad_by_hand(a, b, steps=STEPS):
    """The gradient of graph_floats written out: a forward loop keeping its locals, then the reverse loop."""
    exp, tanh = math.exp, math.tanh
    tape = []
    for _ in range(steps):
        bb = b * b
        d = 1.0 + bb
        u = a * b + 0.5
        q = a / d
        s = _logistic(u - q)
        e = exp(-u)
        t = tanh(e * b + 0.1)
        tape.append((a, b, d, q, s, e, t))
        a, b = s, t
    ga, gb = 1.0, 1.0
    for a, b, d, q, s, e, t in reversed(tape):
        # b' = t: dt = 1 - t^2, through e * b + 0.1
        gz = gb * (1.0 - t * t)
        gu = -gz * e * b  # d exp(-u) / du = -e
        g_b = gz * e
        # a' = s = logistic(u - q)
        gw = ga * s * (1.0 - s)
        gu += gw
        gq = -gw
        # q = a / d, d = 1 + b^2
        g_a = gq / d
        g_b += -gq * q / d * 2.0 * b
        # u = a * b + 0.5
        g_a += gu * b
        g_b += gu * a
        ga, gb = g_a, g_b
    return ga, gb


# -- a pure-Python tape engine, as users write it (micrograd style, iterative sort) -------

class Value:
    __slots__ = ("data", "grad", "_backward", "_prev")

    def __init__(self, data, prev=()):
        self.data = data
        self.grad = 0.0
        self._backward = None
        self._prev = prev

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out

    __radd__ = __add__

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = backward
        return out

    __rmul__ = __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other if isinstance(other, Value) else -other)

    def __truediv__(self, other):
        return self * other.pow(-1.0)

    def __rtruediv__(self, other):
        return self.pow(-1.0) * other

    def pow(self, k):
        out = Value(self.data ** k, (self,))

        def backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = backward
        return out

    def _unary(self, value, slope):
        out = Value(value, (self,))

        def backward():
            self.grad += slope * out.grad
        out._backward = backward
        return out

    def exp(self):
        e = math.exp(self.data)
        return self._unary(e, e)

    def tanh(self):
        t = math.tanh(self.data)
        return self._unary(t, 1.0 - t * t)

    def logistic(self):
        s = _logistic(self.data)
        return self._unary(s, s * (1.0 - s))

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:  # iterative post-order: no recursion limit
            node, done = stack.pop()
            if done:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in node._prev)
        self.grad = 1.0
        for node in reversed(order):
            if node._backward is not None:
                node._backward()


def graph_engine(a, b, steps=STEPS):
    for _ in range(steps):
        u = a * b + 0.5
        a = (u - a / (1.0 + b * b)).logistic()
        b = ((-u).exp() * b + 0.1).tanh()
    return a + b


def grad_engine(a0, b0, steps=STEPS):
    a, b = Value(a0), Value(b0)
    out = graph_engine(a, b, steps)
    out.backward()
    return a.grad, b.grad


# -- wengert, split into recording and sweep -----------------------------------------------

def record_wengert(steps=STEPS):
    tape = Tape(protocol.add, protocol.iadd)
    a = make_var(tape, tape.push_leaf(A0))
    b = make_var(tape, tape.push_leaf(B0))
    out = graph_wengert(a, b, steps)
    return tape, out, a, b


def grad_wengert(steps=STEPS):
    return wg.grad_bp(lambda a, b: graph_wengert(a, b, steps), A0, B0)


# -- the two cores side by side -------------------------------------------------------------

def core(implementation):
    """``(Tape, make_var, (exp, logistic, tanh))`` of the compiled core (``"cython"``) or of
    its pure-Python twin (``"python"``), imported directly, whichever ``wengert._backend``
    chose (the scalar fast path needs none of the hooks the chosen core gets); None when
    the compiled core is not built."""
    suffix = "_py" if implementation == "python" else ""
    try:
        tape, var, scalar = (importlib.import_module(f"wengert.{name}{suffix}")
                             for name in ("_tape", "_var", "_scalar"))
        importlib.import_module(f"wengert._engine{suffix}")  # fills in Var's calls to it
    except ImportError:
        return None
    return tape.Tape, var.make_var, (scalar.exp, scalar.logistic, scalar.tanh)


def grad_core(parts, steps=STEPS):
    """Record the graph on one core's tape and sweep it: the gradient in (a, b)."""
    Tape_, make_var_, functions = parts
    tape = Tape_(protocol.add, protocol.iadd)
    a = make_var_(tape, tape.push_leaf(A0))
    b = make_var_(tape, tape.push_leaf(B0))
    out = graph_wengert(a, b, steps, functions)
    tape.backward(out.index, 1.0)
    grads = tape.adjoint(a.index), tape.adjoint(b.index)
    tape.close()
    return grads


# -- pytest-benchmark ------------------------------------------------------------------------

@pytest.mark.parametrize("impl", ["plain floats", "hand-written adjoint", "wengert", "pure-Python engine"])
def test_scalar_graph(benchmark, impl):
    benchmark.group = f"scalar graph of {nodes()} nodes, value and gradient"
    fn = {"plain floats": lambda: graph_floats(A0, B0), "hand-written adjoint": lambda: grad_by_hand(A0, B0),
          "wengert": grad_wengert, "pure-Python engine": lambda: grad_engine(A0, B0)}[impl]
    benchmark(fn)


def test_all_gradients_agree():
    steps = 50
    ref = grad_by_hand(A0, B0, steps)
    assert grad_wengert(steps) == pytest.approx(ref, rel=1e-12)
    assert grad_engine(A0, B0, steps) == pytest.approx(ref, rel=1e-12)
    tape, out, _, _ = record_wengert(steps)
    assert len(tape) == nodes(steps)
    assert out.value == pytest.approx(graph_floats(A0, B0, steps), rel=1e-15)
    # The pure-Python core computes the same floats in the same order: equal, bit for bit.
    compiled, pure = core("cython"), core("python")
    assert grad_core(pure, steps) == pytest.approx(ref, rel=1e-12)
    if compiled is not None:
        assert grad_core(pure, steps) == grad_core(compiled, steps)


# -- one-run table -----------------------------------------------------------------------------

def _sweep_time(repeat=5):
    best = float("inf")
    for _ in range(repeat):
        tape, out, _, _ = record_wengert()
        start = time.perf_counter()
        tape.backward(out.index, 1.0)
        best = min(best, time.perf_counter() - start)
        tape.close()
    return best


def _gc_share():
    """(time with the collector on - time with it off) / time with it on, for grad_wengert."""
    gc.collect()
    on = best_time(grad_wengert, repeat=5, min_time=0.1)
    gc.disable()
    try:
        off = best_time(grad_wengert, repeat=5, min_time=0.1)
    finally:
        gc.enable()
    return max(0.0, (on - off) / on)


def table():
    """Rows of (name, ns per node or None, ratio to the hand-written adjoint), one run.

    Everything but the sweep alone (which needs a fresh recording each time) is timed in
    turns (``timing.interleaved``).
    """
    n = nodes()
    compiled, pure = core("cython"), core("python")
    cores = [lambda parts=parts: grad_core(parts) for parts in (compiled, pure) if parts is not None]
    hand, plain, record, whole, engine, *on_cores = interleaved(
        [lambda: grad_by_hand(A0, B0), lambda: graph_floats(A0, B0),
         lambda: record_wengert()[0].close(), grad_wengert, lambda: grad_engine(A0, B0), *cores],
        rounds=3, min_time=0.05)
    sweep = _sweep_time()
    share = _gc_share()
    if compiled is None:  # only the pure-Python core here: no ratio between the two
        twins = [("wengert pure-Python core (record + backward)", on_cores[0] / n * 1e9, on_cores[0] / hand)]
    else:
        twins = [("wengert compiled core (record + backward)", on_cores[0] / n * 1e9, on_cores[0] / hand),
                 ("wengert pure-Python core (record + backward)", on_cores[1] / n * 1e9, on_cores[1] / hand),
                 ("pure-Python core / compiled core", None, on_cores[1] / on_cores[0])]
    return [
        ("plain Python floats (forward only)", plain / n * 1e9, plain / hand),
        ("hand-written adjoint (forward + backward)", hand / n * 1e9, 1.0),
        ("wengert recording", record / n * 1e9, record / hand),
        ("wengert backward sweep", sweep / n * 1e9, sweep / hand),
        ("wengert grad_bp (record + backward)", whole / n * 1e9, whole / hand),
        ("pure-Python engine (forward + backward)", engine / n * 1e9, engine / hand),
        ("pure-Python engine / wengert", None, engine / whole),
        ("garbage collector's share of wengert", None, share),
        *twins,
    ]


def ratio_table():
    """The table as report rows: (case, implementation, seconds per node, ratio); the two
    summary rows carry their number in the seconds field, with no ratio."""
    case = f"scalar graph of {nodes():,} nodes, per node"
    return [(case, name, ns * 1e-9, ratio) if ns is not None else (case, name, ratio, None)
            for name, ns, ratio in table()]


def main():
    print(f"scalar graph of {nodes()} nodes; ratios to the hand-written adjoint, one run")
    print(f"{'':45} {'ns/node':>9} {'ratio':>8}")
    for name, ns, ratio in table():
        print(f"{name:45} {'' if ns is None else f'{ns:9.1f}':>9} {ratio:8.2f}")


if __name__ == "__main__":
    main()
