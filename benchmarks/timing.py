"""Timing helpers shared by the benchmarks: every ratio is measured in one run, interleaved.

These machines are shared and noisy: timing implementation A for a while and then B
lets a burst of load land on one of them. :func:`interleaved` runs one call of each in
turn, round after round, and keeps each one's best time, so both see the same machine.
"""
import time
import tracemalloc

__all__ = ["best_time", "interleaved", "interleaved_best", "peak_memory", "print_table"]


def _calls_per_round(fn, min_time):
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        if time.perf_counter() - start >= min_time or number >= 1 << 20:
            return number
        number *= 2


def interleaved(fns, rounds=15, min_time=0.02, clock=time.perf_counter):
    """The best per-call time of each zero-argument function in ``fns``, timed in turns
    (by ``clock``: ``time.process_time`` for the process's CPU time, which load on a shared
    machine changes less than wall time).

    >>> a, b = interleaved([lambda: sum(range(10)), lambda: sum(range(1000))], rounds=3)
    >>> a < b
    True
    """
    numbers = [_calls_per_round(fn, min_time) for fn in fns]
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, (fn, number) in enumerate(zip(fns, numbers)):
            start = clock()
            for _ in range(number):
                fn()
            best[i] = min(best[i], (clock() - start) / number)
    return best


def interleaved_best(cases, rounds=5, min_time=0.1):
    """:func:`interleaved` for ``(name, fn, args)`` cases: a dict ``name -> best seconds per call``."""
    times = interleaved([lambda fn=fn, args=args: fn(*args) for _, fn, args in cases],
                        rounds=rounds, min_time=min_time)
    return {name: sec for (name, _, _), sec in zip(cases, times)}


def peak_memory(fn, *args):
    """The most memory (bytes, as tracemalloc counts NumPy's buffers) live during ``fn(*args)``
    (its second call: the first fills the caches a run keeps).

    >>> import numpy as np
    >>> peak_memory(np.ones, 125_000) >= 1_000_000
    True
    """
    fn(*args)
    tracemalloc.start()
    try:
        fn(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def best_time(fn, *args, repeat=7, min_time=0.2):
    """The best per-call time of ``fn(*args)`` over ``repeat`` rounds (one function alone)."""
    return interleaved([lambda: fn(*args)], rounds=repeat, min_time=min_time / 4)[0]


_SCALE = {"ms": 1e3, "us": 1e6}


def print_table(rows, unit="ms"):
    """Print rows of (case, implementation, seconds, ratio) as an aligned table, times in
    ``unit`` ("ms" or "us").

    A row whose ratio is None holds a number in the unit its implementation names
    ("wengert, MB", "us per op"), printed as it is.
    """
    print(f"{'case':48} {'implementation':44} {'time':>12} {'ratio':>7}")
    for case, impl, sec, ratio in rows:
        shown = f"{sec * _SCALE[unit]:9.3f} {unit}" if ratio is not None else f"{sec:9.2f}"
        print(f"{case:48} {impl:44} {shown:>12} {'' if ratio is None else f'{ratio:6.2f}x':>7}")
