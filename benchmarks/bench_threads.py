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
* **network, minibatches**: the same network at batch 256, where the time is in NumPy
  (about 6 ms of BLAS per gradient, so that each item is long against a hand-over of the GIL);
* **sweep alone**: ``Tape.backward`` over scalar tapes of 120,003 nodes recorded beforehand
  (``retain=True``): the part of a scalar gradient that runs without the GIL. Four tapes,
  item ``i`` sweeping tape ``i % 4``, so that the two threads (items ``k, k + 2, ...``)
  never sweep one tape at once;
* **ceiling**: SHA-256 of 1 MiB (hashlib releases the GIL): what two threads of pure C
  gain on this machine at this moment. On an idle 2-core machine it is about 2x; when
  other processes load the cores it is lower, and every other ratio is bounded by it.

Each round times every case with 1 thread and with 2, one after the other (the order
alternating between rounds), so the two times of a round saw the same machine: the
speed-up reported is the median over the rounds of that round's (1-thread time) /
(2-thread time), with its range; beside it, the median over the rounds of the case's
speed-up divided by the ceiling's in the same round (the share of what the machine gave
two threads at that moment), and the CPU time of the process for the 2-thread run over
the 1-thread run (``time.process_time``: 1.00 when the threads add no work, such as
waiting for the GIL by spinning). The best times are printed too. The load average is
printed with the table.
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
    return _run_split(fn, items, n_threads)[::2]


def _run_split(fn, items, n_threads):
    # (wall seconds, results, CPU seconds of the process over the same stretch)
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
    cpu = time.process_time()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    if errors:
        raise errors[0]
    return seconds, cpu, results


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


def sweep_case(n, steps=10_000, tapes=4):
    """``n`` sweeps of scalar tapes of ``12 * steps + 3`` nodes recorded beforehand (kept for
    re-sweeping): item ``i`` sweeps tape ``i % tapes``, so that with ``tapes`` even two
    threads taking alternate items never sweep one tape at once."""
    recorded = []
    for _ in range(min(n, tapes)):
        tape, out, a, b = bench_scalar.record_wengert(steps)
        recorded.append((tape, out.index, a.index, b.index))

    def sweep(k):
        tape, root, a, b = recorded[k % len(recorded)]
        tape.backward(root, 1.0, retain=True)
        return tape.adjoint(a), tape.adjoint(b)
    return sweep, list(range(n))


_MIB = os.urandom(1 << 20)


def ceiling_case(n):
    """``n`` SHA-256 digests of 1 MiB: C code that runs without the GIL."""
    return (lambda _: hashlib.sha256(_MIB).digest()), list(range(n))


CEILING = "ceiling: SHA-256 of 1 MiB (no GIL at all)"

# name -> (make(n), n for the ratio table, n for the correctness test)
CASES = {
    "scalar graph, grad_bp (12,003 nodes each)": (scalar_case, 16, 4),
    "784-300-100-10 network, per-sample gradients": (network_case, 64, 4),
    "784-300-100-10 network, per-sample gradients by hand (NumPy)":
        (lambda n: network_case(n, by_hand=True), 64, 4),
    "784-300-100-10 network, minibatches of 256": (lambda n: network_case(n, batch=256), 16, 2),
    "scalar sweep alone, Tape.backward (120,003 nodes each)": (sweep_case, 32, 4),
    CEILING: (ceiling_case, 32, 2),
}


def speedups(rounds=7, names=None):
    """``name -> {"one": best 1-thread seconds, "two": best 2-thread seconds, "ratios":
    per-round speed-ups (sorted), "of_ceiling": per-round speed-up / the ceiling's in that
    round (sorted; absent without the ceiling), "cpu": per-round 2-thread / 1-thread CPU
    seconds (sorted)}``, every case timed in the same rounds, in turns."""
    names = list(CASES) if names is None else names
    made = {}
    for name in names:
        make, n, _ = CASES[name]
        made[name] = make(n)
        run_split(*made[name], 1)  # warm up (imports, the spare tape arrays, caches)
    wall = {name: {k: [] for k in THREADS} for name in names}
    cpu = {name: {k: [] for k in THREADS} for name in names}
    for r in range(rounds):
        for name in names:
            for k in (THREADS if r % 2 == 0 else THREADS[::-1]):
                seconds, cpu_seconds, _ = _run_split(*made[name], k)
                wall[name][k].append(seconds)
                cpu[name][k].append(cpu_seconds)
    ratio = {name: [a / b for a, b in zip(wall[name][1], wall[name][2])] for name in names}
    out = {}
    for name in names:
        out[name] = {"one": min(wall[name][1]), "two": min(wall[name][2]), "ratios": sorted(ratio[name]),
                     "cpu": sorted(b / a for a, b in zip(cpu[name][1], cpu[name][2]))}
        if CEILING in ratio:
            out[name]["of_ceiling"] = sorted(a / c for a, c in zip(ratio[name], ratio[CEILING]))
    return out


def _median(values):
    return values[len(values) // 2] if len(values) % 2 else sum(values[len(values) // 2 - 1:][:2]) / 2


def ratio_table(rounds=7):
    """Rows of (case, implementation, seconds for the whole work, ratio to 1 thread); more
    rows per case give the speed-up (the median of the rounds' speed-ups) with its range,
    its share of the ceiling's, and the 2-thread run's CPU time over the 1-thread run's
    (their number in the seconds field, no ratio)."""
    before = os.getloadavg()[0]
    results = speedups(rounds)
    after = os.getloadavg()[0]
    rows = []
    for name, r in results.items():
        ratios = r["ratios"]
        rows.append((name, "1 thread (best)", r["one"], 1.0))
        rows.append((name, "2 threads, same total work (best)", r["two"], r["two"] / r["one"]))
        rows.append((name, f"speed-up, x (median of rounds; {ratios[0]:.2f}-{ratios[-1]:.2f})",
                     _median(ratios), None))
        if "of_ceiling" in r and name != CEILING:
            rows.append((name, "speed-up / the ceiling's, same round (median)",
                         _median(r["of_ceiling"]), None))
        rows.append((name, "CPU time, 2 threads / 1 thread (median)", _median(r["cpu"]), None))
    rows.append((f"machine: {os.cpu_count()} CPUs", "load average (1 min) before the run", before, None))
    rows.append((f"machine: {os.cpu_count()} CPUs", "load average (1 min) after the run", after, None))
    return rows


def main():
    with limit_blas_threads(1):
        rows = ratio_table()
    print(f"{'case':62} {'threads':50} {'time':>10} {'ratio':>7}")
    for case, impl, sec, ratio in rows:
        shown = f"{sec * 1e3:7.1f} ms" if ratio is not None else f"{sec:10.2f}"
        print(f"{case:62} {impl:50} {shown:>10} {'' if ratio is None else f'{ratio:6.2f}x':>7}")


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
