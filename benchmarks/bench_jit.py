"""``wengert.jit``: a replayed tape against hand-written code and against recording afresh.

Every ratio is measured in one run, interleaved (``timing.interleaved``), against the best
hand-written code on the same machine, in the process's CPU time (``time.process_time``)
and in wall time. On a shared machine the CPU time is the one to read: under a load of 5
to 9 on 2 cores the wall-time ratio of the 3,000-op chain swung from 1.55x to 1.68x over
two runs of one build (2.19x to 2.68x on another), its CPU-time ratio by 0.03x:

* the scalar graph of ``bench_scalar.py`` (120,003 nodes through mul, add, div, exp,
  logistic, tanh): the replay recomputes the scalar nodes in C from their op codes and
  sweeps them in C, against the hand-written Python float adjoint;
* the 784-300-100-10 network of ``bench_arrays.py`` at batch 1 and 128, with the sigmoid
  and the log-softmax written by the user in plain NumPy, and with ``wg.logistic`` /
  ``wnp.log_softmax``; ``eval_bp`` replayed against the plain forward pass at batch 1;
* 3,000 elementwise ops on 1-element arrays;
* micrograd's demo step: a 2-16-16-1 tanh network on scalar Vars (its parameters a flat
  list of floats, as micrograd's MLP holds Values), its max-margin loss with an L2 term
  over 100 points of two moons, gradient and SGD update (target 0.3 ms per step);
* the first call (record and build the replay program) against a plain recording, and
  the peak memory of a replayed gradient against the hand-written one (tracemalloc), at
  batch 1 and 128;
* the minor page faults per call of those gradients (``getrusage``). Where glibc's malloc
  hands memory freed at the end of a call back to the system (the top of its heap trimmed),
  the next call faults it in again, which can cost more than the arithmetic. Whether it
  does depends on the heap's layout, so on what the process allocated before: the
  ``wnp.logistic``/``wnp.log_softmax`` replay at batch 128, called after this file's
  other gradients, faulted 861 pages a call (3.6 MB grown by ``brk`` and trimmed again
  each call, ``strace``) and took 8.9-11.1 ms against 6.2-6.8 ms for the hand-written
  gradient; in a process that called them in another order it faulted none, 1.14x
  (session 21, load 5-6). Read a ratio next to its faults.

Run ``python benchmarks/bench_jit.py`` for the table, or
``python -m pytest benchmarks/bench_jit.py --benchmark-only``; with
``--benchmark-disable`` only the correctness checks run (as CI does).
"""
import math
import os
import time

if __name__ == "__main__":
    # One BLAS thread, as the tables say, unless asked otherwise: OpenBLAS starts one per core
    # (2 here), whose work time.process_time adds in. Read before NumPy is imported.
    for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_name, "1")

try:
    import resource
except ImportError:  # (not on Windows: no page-fault rows)
    resource = None

import numpy as np
import pytest

import bench_arrays
import bench_scalar
import wengert as wg
from bench_arrays import CHAIN_OPS, chain_numpy_grad, chain_wengert, grad_numpy, make_problem
import timing
from timing import print_table


# -- the network with the user's own sigmoid and log-softmax, in plain NumPy ---------------

def loss_user_numpy(net, x, t):
    """The loss as a NumPy user writes it, with no wengert function in it."""
    h1 = 1.0 / (1.0 + np.exp(-(x @ net.w1 + net.b1)))
    h2 = 1.0 / (1.0 + np.exp(-(h1 @ net.w2 + net.b2)))
    z = h2 @ net.w3 + net.b3
    z = z - np.max(wg.stop_gradient(z), axis=1, keepdims=True)
    log_p = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.sum(t * log_p) / x.shape[0]


LOSSES = {"user sigmoid": loss_user_numpy, "wnp.logistic/log_softmax": bench_arrays.loss_wengert}

# -- micrograd's demo step, on scalar Vars ----------------------------------------------------

def make_moons(n=100, seed=0, noise=0.1):
    """Two interleaved half circles (sklearn's make_moons, written out): points, labels +-1."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0.0, math.pi, n)
    upper = rng.uniform(size=n) < 0.5
    xy = np.stack([np.where(upper, np.cos(t), 1.0 - np.cos(t)),
                   np.where(upper, np.sin(t), 0.5 - np.sin(t))], axis=1)
    xy += noise * rng.standard_normal((n, 2))
    return [tuple(map(float, row)) for row in xy], [1.0 if u else -1.0 for u in upper]


MOONS_X, MOONS_Y = make_moons()
MLP_SIZES = (2, 16, 16, 1)


def mlp_init(seed=1):
    """The 2-16-16-1 network's 337 parameters, a flat list of floats (neuron by neuron:
    its weights, then its bias)."""
    n = sum((a + 1) * b for a, b in zip(MLP_SIZES, MLP_SIZES[1:]))
    return [float(v) for v in np.random.default_rng(seed).uniform(-1.0, 1.0, n)]


def micrograd_loss(params):
    """micrograd's demo loss: the network's scores, the mean max-margin loss (its relu
    written ``(z + abs(z)) / 2``, which takes no branch) and an L2 term."""
    params = list(params)  # the scalar Vars, read once: micrograd's MLP holds its Values
    scores = []
    for point in MOONS_X:
        act, k = point, 0
        for layer, (nin, nout) in enumerate(zip(MLP_SIZES, MLP_SIZES[1:])):
            out = []
            for _ in range(nout):
                s = params[k + nin]
                for i in range(nin):
                    s = s + params[k + i] * act[i]
                k += nin + 1
                out.append(wg.tanh(s) if layer < len(MLP_SIZES) - 2 else s)
            act = out
        scores.append(act[0])
    data = 0.0
    for label, score in zip(MOONS_Y, scores):
        z = 1.0 - label * score
        data = data + (z + abs(z)) * 0.5
    reg = 0.0
    for p in params:
        reg = reg + p * p
    return data * (1.0 / len(MOONS_X)) + 1e-4 * reg


MICROGRAD_PLAIN = wg.value_and_grad(micrograd_loss)
MICROGRAD_JIT = wg.value_and_grad(wg.jit(micrograd_loss))


def micrograd_step(value_and_grad, params, rate=0.05):
    """One step of micrograd's demo: the loss, its gradient, the SGD update."""
    value, g = value_and_grad(params)
    return value, [p - rate * gi for p, gi in zip(params, g)]


#: Jitted gradients, made once (the cache lives in the jitted function).
JITTED = {name: wg.value_and_grad(wg.jit(loss)) for name, loss in LOSSES.items()}
JIT_FORWARD = wg.jit(bench_arrays.forward_wengert)
JIT_CHAIN = wg.grad(wg.jit(chain_wengert))
JIT_SCALAR = wg.grad(wg.jit(bench_scalar.graph_wengert), argnums=(0, 1))


def grad_scalar_plain():
    return wg.grad(bench_scalar.graph_wengert, argnums=(0, 1))(bench_scalar.A0, bench_scalar.B0)


def grad_scalar_jit():
    return JIT_SCALAR(bench_scalar.A0, bench_scalar.B0)


def page_faults(fn, *args, calls=20):
    """Minor page faults per call of ``fn(*args)`` (``getrusage``), after two calls."""
    fn(*args)
    fn(*args)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(calls):
        fn(*args)
    return (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / calls


def first_call(loss, net, x, t):
    """A jitted gradient's first call: record, and build the replay program."""
    return wg.value_and_grad(wg.jit(loss))(net, x, t)


# -- correctness (these run in CI with --benchmark-disable) --------------------------------

@pytest.mark.parametrize("name", list(LOSSES))
def test_replayed_network_gradient_equals_recorded_and_hand_written(name):
    loss, jitted = LOSSES[name], JITTED[name]
    for batch in (1, 7, 1, 7):
        net, x, t = make_problem(batch, seed=batch + 3)
        value, g = jitted(net, x, t)
        ref_value, ref = wg.value_and_grad(loss)(net, x, t)
        assert value == ref_value
        for field in ("w1", "b1", "w2", "b2", "w3", "b3"):
            assert np.array_equal(getattr(g, field), getattr(ref, field))
        hand_value, hand = grad_numpy(net, x, t)
        assert value == pytest.approx(hand_value, rel=1e-12)
        assert np.allclose(g.w1, hand.w1, rtol=1e-9, atol=1e-15)
    assert jitted.__wrapped__.stats["replays"] >= 2


def test_replayed_scalar_graph_and_chain_equal_recorded():
    assert grad_scalar_jit() == grad_scalar_plain()
    assert grad_scalar_jit() == pytest.approx(bench_scalar.grad_by_hand(bench_scalar.A0, bench_scalar.B0),
                                              rel=1e-12)
    x = np.array([0.3])
    for _ in range(2):
        assert np.array_equal(JIT_CHAIN(x), wg.grad(chain_wengert)(x))
    assert np.allclose(JIT_CHAIN(x), chain_numpy_grad(x), rtol=1e-12)
    net, x, _ = make_problem(1)
    for _ in range(2):
        assert np.array_equal(wg.eval_bp(JIT_FORWARD, net, x), bench_arrays.forward_numpy(net, x))


def test_the_replayed_micrograd_step_equals_the_recorded_one():
    a = b = mlp_init()
    for _ in range(3):
        (va, a), (vb, b) = micrograd_step(MICROGRAD_JIT, a), micrograd_step(MICROGRAD_PLAIN, b)
        assert va == vb and a == b
    assert MICROGRAD_JIT.__wrapped__.stats["replays"] >= 2


def test_a_replayed_gradient_needs_no_more_memory_than_the_hand_written_one():
    net, x, t = make_problem(128)
    jitted = JITTED["wnp.logistic/log_softmax"]
    assert (bench_arrays.peak_memory(jitted, net, x, t)
            <= 1.05 * bench_arrays.peak_memory(grad_numpy, net, x, t))


# -- pytest-benchmark ---------------------------------------------------------------------------

@pytest.mark.parametrize("batch", [128, 1])
@pytest.mark.parametrize("impl", ["numpy", "jit replay", "recording"])
def test_mlp_gradient_replayed(benchmark, batch, impl):
    net, x, t = make_problem(batch)
    fn = {"numpy": grad_numpy, "jit replay": JITTED["user sigmoid"],
          "recording": wg.value_and_grad(loss_user_numpy)}[impl]
    benchmark.group = f"mlp gradient (user sigmoid), batch {batch}"
    benchmark(fn, net, x, t)


@pytest.mark.parametrize("impl", ["hand-written adjoint", "jit replay"])
def test_scalar_graph_replayed(benchmark, impl):
    benchmark.group = f"scalar graph of {bench_scalar.nodes()} nodes, gradient"
    benchmark({"hand-written adjoint": lambda: bench_scalar.grad_by_hand(bench_scalar.A0, bench_scalar.B0),
               "jit replay": grad_scalar_jit}[impl])


# -- one-run table ------------------------------------------------------------------------------

class _Both:
    """A time measured by two clocks in the same calls (CPU, wall), with the arithmetic the
    rows below do on it: each table is read off the same run (:func:`ratio_tables`)."""
    __slots__ = ("cpu", "wall")

    def __init__(self, cpu, wall):
        self.cpu, self.wall = cpu, wall

    def _op(self, other, fn):
        if type(other) is _Both:
            return _Both(fn(self.cpu, other.cpu), fn(self.wall, other.wall))
        return _Both(fn(self.cpu, other), fn(self.wall, other))

    def __truediv__(self, other):
        return self._op(other, lambda a, b: a / b)

    def __sub__(self, other):
        return self._op(other, lambda a, b: a - b)

    def __mul__(self, other):
        return self._op(other, lambda a, b: a * b)


def _interleaved_both(fns, rounds=15, min_time=0.02):
    """``timing.interleaved`` with both clocks read around the same calls: the best CPU time
    and the best wall time of each function, as :class:`_Both`."""
    numbers = [timing._calls_per_round(fn, min_time) for fn in fns]
    cpu, wall = [float("inf")] * len(fns), [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, (fn, number) in enumerate(zip(fns, numbers)):
            c, w = time.process_time(), time.perf_counter()
            for _ in range(number):
                fn()
            cpu[i] = min(cpu[i], (time.process_time() - c) / number)
            wall[i] = min(wall[i], (time.perf_counter() - w) / number)
    return [_Both(c, w) for c, w in zip(cpu, wall)]


def ratio_table(clock=time.process_time):
    """Rows of (case, implementation, seconds per call, ratio to the reference), timed by
    ``clock`` (``time.process_time``: the process's CPU time, or ``time.perf_counter``)."""
    cpu, wall = ratio_tables()
    return wall if clock is time.perf_counter else cpu


def ratio_tables():
    """The rows of :func:`ratio_table` in CPU time and in wall time, both from one run (each
    call timed by both clocks): two separate runs differed by more than the clocks do (the
    ``wnp.logistic``/``wnp.log_softmax`` replay at batch 128 was 1.52x in CPU time and 1.13x
    in wall time, one run after the other, with one thread: a heap trimmed in one run and
    not in the other, see the module's docstring)."""
    interleaved = _interleaved_both

    rows = []
    a0, b0 = bench_scalar.A0, bench_scalar.B0
    case = f"scalar graph, {bench_scalar.nodes()} nodes"
    hand, replay, plain = interleaved([lambda: bench_scalar.grad_by_hand(a0, b0), grad_scalar_jit,
                                       grad_scalar_plain], rounds=7, min_time=0.05)
    rows += [(case, "hand-written float adjoint", hand, 1.0), (case, "wg.jit replay", replay, replay / hand),
             (case, "wengert recording", plain, plain / hand),
             (case, "wg.jit replay, ns per node", replay / bench_scalar.nodes() * 1e9, None)]
    for batch in (1, 128):
        net, x, t = make_problem(batch)
        for name, loss in LOSSES.items():
            jitted, plain_vg = JITTED[name], wg.value_and_grad(loss)
            fns = [lambda: grad_numpy(net, x, t), lambda: jitted(net, x, t), lambda: plain_vg(net, x, t)]
            if batch == 1:
                fns.append(lambda: first_call(loss, net, x, t))
            times = interleaved(fns, rounds=15 if batch == 1 else 7)
            case = f"784-300-100-10 gradient, batch {batch}, {name}"
            rows += [(case, "hand-written NumPy", times[0], 1.0),
                     (case, "wg.jit replay", times[1], times[1] / times[0]),
                     (case, "wengert recording", times[2], times[2] / times[0])]
            if batch == 1:
                rows.append((case, "wg.jit first call / recording", times[3], times[3] / times[2]))
    net, x, _ = make_problem(1)
    plain, replay = interleaved([lambda: bench_arrays.forward_numpy(net, x),
                                 lambda: wg.eval_bp(JIT_FORWARD, net, x)], rounds=15)
    rows += [("forward pass, batch 1", "plain NumPy", plain, 1.0),
             ("forward pass, batch 1", "wg.jit eval_bp replay", replay, replay / plain)]
    x1 = np.array([0.3])
    hand, replay, plain = interleaved([lambda: chain_numpy_grad(x1), lambda: JIT_CHAIN(x1),
                                       lambda: wg.grad(chain_wengert)(x1)], rounds=7)
    case = f"{CHAIN_OPS} ops on 1-element arrays"
    rows += [(case, "hand-written NumPy", hand, 1.0), (case, "wg.jit replay", replay, replay / hand),
             (case, "wengert recording", plain, plain / hand),
             (case, "wg.jit replay overhead, us per op", (replay - hand) / CHAIN_OPS * 1e6, None)]
    params = mlp_init()
    for _ in range(2):
        micrograd_step(MICROGRAD_JIT, params)
    plain, replay = interleaved([lambda: micrograd_step(MICROGRAD_PLAIN, params),
                                 lambda: micrograd_step(MICROGRAD_JIT, params)], rounds=7, min_time=0.05)
    case = "micrograd's demo step (2-16-16-1 tanh, 100 points)"
    rows += [(case, "wengert recording", plain, 1.0), (case, "wg.jit replay", replay, replay / plain),
             (case, "wg.jit replay, ms per step (target 0.3)", replay * 1e3, None)]
    for batch in (1, 128):
        net, x, t = make_problem(batch)
        for name, fn in (("hand-written NumPy", grad_numpy), ("wg.jit replay", JITTED["user sigmoid"]),
                         ("wg.jit replay, wnp.logistic/log_softmax", JITTED["wnp.logistic/log_softmax"])):
            rows.append((f"peak memory of one gradient (tracemalloc), batch {batch}", f"{name}, MB",
                         bench_arrays.peak_memory(fn, net, x, t) / 1e6, None))
            if resource is not None:
                rows.append((f"minor page faults per gradient (getrusage), batch {batch}", f"{name}, faults",
                             page_faults(fn, net, x, t), None))

    def pick(value, which):
        return getattr(value, which) if type(value) is _Both else value
    return tuple([(case, impl, pick(sec, which), pick(ratio, which)) for case, impl, sec, ratio in rows]
                 for which in ("cpu", "wall"))


def threads():
    """The number of threads of this process (Linux; None elsewhere). ``time.process_time``
    adds up the CPU time of all of them: a BLAS thread's work counts in the CPU-time ratios."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return None


def main():
    load = os.getloadavg()
    cpu, wall = ratio_tables()
    print("process CPU time (time.process_time), all threads:")
    print_table(cpu)
    print("wall time (the same calls):")
    print_table(wall)
    print(f"threads in this process: {threads()} (1 expected: OPENBLAS_NUM_THREADS="
          f"{os.environ.get('OPENBLAS_NUM_THREADS')}, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')})")
    print(f"load average (1, 5, 15 min): before {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, after "
          + " ".join(f"{v:.2f}" for v in os.getloadavg()) + f"; {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
