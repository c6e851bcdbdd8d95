"""Gradients in threads: the same total work on 1 thread and on 2, the speed-up measured in one run.

Each case is a list of independent gradients (per-sample gradients, as for differential
privacy or influence functions), split round-robin over the threads, each thread
running its own runners (one tape per thread). Timed from a barrier that releases every
thread at once until the last one is done. Cases:

* **scalar graph**: ``grad_bp`` of ``bench_scalar``'s graph (12 scalar ops per step),
  recorded in C under the GIL, swept in C without it;
* **network, per sample**: ``wengert.examples.network``'s 784-300-100-10 network at batch 1, one
  gradient per sample, and the same gradients written by hand in NumPy, for what NumPy
  alone lets overlap;
* **network, minibatches**: the same network at batch 32, where the time is in NumPy;
* **sweep alone**: ``Tape.backward`` over scalar tapes recorded beforehand (one tape per
  item, ``retain=True``): the part of a scalar gradient that runs without the GIL;
* **ceiling**: SHA-256 of 1 MiB (hashlib releases the GIL): what two threads of pure C
  gain on this machine at this moment. On an idle 2-core machine it is about 2x; when
  other processes load the cores it is lower, and every other ratio is bounded by it.

Rounds alternate the order (1 thread first, then 2 threads first); each time is the best
over the rounds and the speed-up is (best 1-thread time) / (best 2-thread time), with the
median and range of the per-round speed-ups beside it. The load average is printed with the table.
BLAS runs on one thread (``tools/report.py`` does so, and so does ``main``): two threads
each calling a 2-thread BLAS would oversubscribe the two cores.

Run ``python benchmarks/bench_threads.py`` for the table, or
``python -m pytest benchmarks/bench_threads.py --benchmark-only``.
"""
import hashlib
import os
import threading
import time

import numpy as np
import pytest

import bench_scalar
import wengert as wg
from wengert import tree
from wengert.examples import network
from wengert.examples.mnist import limit_blas_threads

THREADS = (1, 2)


def run_split(fn, items, n_threads):
    """``[fn(item) for item in items]`` computed by ``n_threads`` threads, each taking every
    ``n_threads``-th item: ``(seconds from the common start to the last finish, results)``."""
    results = [None] * len(items)
    errors = []
    barrier = threading.Barrier(n_threads + 1)

    def work(k):
        barrier.wait()
        try:
            for i in range(k, len(items), n_threads):
                results[i] = fn(items[i])
        except BaseException as exc:  # reported in the calling thread
            errors.append(exc)
    threads = [threading.Thread(target=work, args=(k,)) for k in range(n_threads)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    if errors:
        raise errors[0]
    return seconds, results


# -- the cases: each makes (fn, items) for a given amount of work --------------------------

def scalar_case(n, steps=1000):
    """``n`` scalar-graph gradients of ``12 * steps + 3`` nodes each, from different points."""
    def gradient(a0):
        return wg.grad_bp(lambda a, b: bench_scalar.graph_wengert(a, b, steps), a0, bench_scalar.B0)
    return gradient, [bench_scalar.A0 + 1e-3 * i for i in range(n)]


def network_case(n, batch=1, by_hand=False):
    """``n`` gradients of the 784-300-100-10 network, each on its own ``batch`` samples."""
    net, x, t = network.make_problem(n * batch)
    grad = network.numpy_gradient if by_hand else network.deep_gradient

    def gradient(i):
        rows = slice(i * batch, (i + 1) * batch)
        return grad(net, x[rows], t[rows])
    return gradient, list(range(n))


def sweep_case(n, steps=2000):
    """``n`` sweeps, each of its own scalar tape recorded beforehand (kept for re-sweeping)."""
    tapes = []
    for _ in range(n):
        tape, out, a, b = bench_scalar.record_wengert(steps)
        tapes.append((tape, out.index, a.index, b.index))

    def sweep(k):
        tape, root, a, b = tapes[k]
        tape.backward(root, 1.0, retain=True)
        return tape.adjoint(a), tape.adjoint(b)
    return sweep, list(range(n))


_MIB = os.urandom(1 << 20)


def ceiling_case(n):
    """``n`` SHA-256 digests of 1 MiB: C code that runs without the GIL."""
    return (lambda _: hashlib.sha256(_MIB).digest()), list(range(n))


# name -> (make(n), n for the ratio table, n for the correctness test)
CASES = {
    "scalar graph, grad_bp (12,003 nodes each)": (scalar_case, 16, 4),
    "784-300-100-10 network, per-sample gradients": (network_case, 64, 4),
    "784-300-100-10 network, per-sample gradients by hand (NumPy)":
        (lambda n: network_case(n, by_hand=True), 64, 4),
    "784-300-100-10 network, minibatches of 32": (lambda n: network_case(n, batch=32), 16, 2),
    "scalar sweep alone, Tape.backward (24,003 nodes each)": (sweep_case, 32, 4),
    "ceiling: SHA-256 of 1 MiB (no GIL at all)": (ceiling_case, 32, 2),
}


def speedups(rounds=7, names=None):
    """``name -> (best 1-thread seconds, best 2-thread seconds, per-round speed-ups)``,
    every case timed in the same rounds, in turns."""
    names = list(CASES) if names is None else names
    made = {}
    for name in names:
        make, n, _ = CASES[name]
        made[name] = make(n)
        run_split(*made[name], 1)  # warm up (imports, the spare tape arrays, caches)
    times = {name: {k: [] for k in THREADS} for name in names}
    for r in range(rounds):
        for name in names:
            for k in (THREADS if r % 2 == 0 else THREADS[::-1]):
                times[name][k].append(run_split(*made[name], k)[0])
    out = {}
    for name in names:
        one, two = times[name][1], times[name][2]
        out[name] = (min(one), min(two), sorted(a / b for a, b in zip(one, two)))
    return out


def ratio_table(rounds=7):
    """Rows of (case, implementation, seconds for the whole work, ratio to 1 thread); one
    more row per case gives the speed-up and its range over the rounds (no ratio)."""
    before = os.getloadavg()[0]
    results = speedups(rounds)
    after = os.getloadavg()[0]
    rows = []
    for name, (one, two, per_round) in results.items():
        rows.append((name, "1 thread", one, 1.0))
        rows.append((name, "2 threads, same total work", two, two / one))
        median = per_round[len(per_round) // 2]
        rows.append((name, f"speed-up, x (rounds: median {median:.2f}, "
                     f"{per_round[0]:.2f}-{per_round[-1]:.2f})", one / two, None))
    rows.append((f"machine: {os.cpu_count()} CPUs", "load average (1 min) before the run", before, None))
    rows.append((f"machine: {os.cpu_count()} CPUs", "load average (1 min) after the run", after, None))
    return rows


def main():
    with limit_blas_threads(1):
        rows = ratio_table()
    print(f"{'case':62} {'threads':42} {'time':>10} {'ratio':>7}")
    for case, impl, sec, ratio in rows:
        shown = f"{sec * 1e3:7.1f} ms" if ratio is not None else f"{sec:10.2f}"
        print(f"{case:62} {impl:42} {shown:>10} {'' if ratio is None else f'{ratio:6.2f}x':>7}")


# -- pytest-benchmark, and the check that threads change no result ---------------------------

@pytest.fixture(autouse=True)
def one_blas_thread():
    with limit_blas_threads(1):
        yield


@pytest.mark.parametrize("n_threads", THREADS)
@pytest.mark.parametrize("name", list(CASES))
def test_threads(benchmark, name, n_threads):
    make, n, _ = CASES[name]
    fn, items = make(n)
    benchmark.group = f"{name}: {n} items"
    benchmark.pedantic(run_split, args=(fn, items, n_threads), rounds=3, iterations=1, warmup_rounds=1)


@pytest.mark.parametrize("name", list(CASES))
def test_two_threads_give_the_one_thread_results_bit_for_bit(name):
    make, _, n = CASES[name]
    fn, items = make(n)
    _, one = run_split(fn, items, 1)
    _, two = run_split(fn, items, 2)
    assert [_flat(r) for r in one] == [_flat(r) for r in two]


def test_the_gradients_are_right():
    fn, items = network_case(2)
    ref_fn, _ = network_case(2, by_hand=True)
    for (loss, g), (loss_ref, g_ref) in zip(run_split(fn, items, 2)[1], run_split(ref_fn, items, 1)[1]):
        assert loss == pytest.approx(loss_ref, rel=1e-12)
        for field in ("w1", "b1", "w2", "b2", "w3", "b3"):
            np.testing.assert_allclose(getattr(g, field), getattr(g_ref, field), rtol=1e-9, atol=1e-14)
    fn, items = scalar_case(2, steps=50)
    sweep, tapes = sweep_case(2, steps=50)
    expected = bench_scalar.grad_by_hand(bench_scalar.A0, bench_scalar.B0, 50)
    assert run_split(fn, items, 2)[1][0] == pytest.approx(expected, rel=1e-12)
    assert run_split(sweep, tapes, 2)[1][1] == pytest.approx(expected, rel=1e-12)


def _flat(result):
    """A result as a tuple of bytes and floats, for exact comparison."""
    return tuple(np.asarray(leaf).tobytes() if not isinstance(leaf, (float, bytes)) else leaf
                 for leaf in tree.leaves(result))


if __name__ == "__main__":
    main()
