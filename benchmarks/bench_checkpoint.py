"""``wg.checkpoint``: the time and the peak memory of a gradient through checkpointed blocks, as
ratios to the same gradient without checkpointing, measured in one run.

A chain of ``BLOCKS`` blocks, each ``STEPS`` elementwise steps (``sin`` and a product), is
differentiated with every block plain and with every block wrapped in ``wg.checkpoint``: once
on float blocks (the per-call overhead of a checkpoint: its own tape, one node, ``f`` run
twice) and once on arrays of ``SIZE`` entries (the work of ``f`` run twice against the
intermediates it no longer keeps). The times are taken in turns (``timing.interleaved``, CPU
time: the machine is shared); the peak memory of one gradient is tracemalloc's (NumPy's
buffers). Run ``python benchmarks/bench_checkpoint.py`` for the table, or
``python -m pytest benchmarks/bench_checkpoint.py --benchmark-only``.
"""
import os
import sys
import time

import numpy as np
import pytest

import wengert as wg

sys.path.insert(0, os.path.dirname(__file__))
from timing import interleaved, peak_memory, print_table  # noqa: E402

BLOCKS = 10
STEPS = 10
SIZE = 10_000


def block(x):
    """One block: STEPS elementwise steps, each intermediate kept by a plain recording."""
    for _ in range(STEPS):
        x = np.sin(x) * 1.0001
    return x


CHECKPOINTED = wg.checkpoint(block)


def chain(x, step):
    for _ in range(BLOCKS):
        x = step(x)
    return np.sum(x)


def plain_gradient(x):
    return wg.grad(lambda x: chain(x, block))(x)


def checkpoint_gradient(x):
    return wg.grad(lambda x: chain(x, CHECKPOINTED))(x)


CASES = [("plain", plain_gradient), ("wg.checkpoint of every block", checkpoint_gradient)]
#: (the case's name, the input): float blocks and array blocks
INPUTS = [(f"{BLOCKS} float blocks of {STEPS} steps", 0.5),
          (f"{BLOCKS} blocks of {STEPS} steps on {SIZE:,} floats", np.linspace(0.1, 1.0, SIZE))]


@pytest.mark.parametrize("what", [name for name, _ in CASES])
@pytest.mark.parametrize("case", [name for name, _ in INPUTS])
def test_checkpoint_against_plain(benchmark, case, what):
    benchmark.group = case
    benchmark(dict(CASES)[what], dict(INPUTS)[case])


def _chain_derivative(x):
    """The chain's gradient by hand (the chain rule, each step's derivative cos(x) * 1.0001)."""
    x, g = np.asarray(x, dtype=float), np.ones(np.shape(x))
    for _ in range(BLOCKS * STEPS):
        g = g * (np.cos(x) * 1.0001)
        x = np.sin(x) * 1.0001
    return g


@pytest.mark.parametrize("case", [name for name, _ in INPUTS])
def test_both_gradients_are_the_chain_rule(case):
    x = dict(INPUTS)[case]
    expected = _chain_derivative(x)
    np.testing.assert_allclose(plain_gradient(x), expected, rtol=1e-13)
    # the same operations run again in the backward pass: the same bits as the plain gradient
    np.testing.assert_array_equal(checkpoint_gradient(x), plain_gradient(x))


def test_checkpoint_keeps_one_block_of_intermediates():
    # Plain: every step's intermediate (sin's input, one array a step: BLOCKS * STEPS of them) is alive at the
    # start of the backward pass. Checkpointed: the blocks' inputs and results and, in the backward pass, one
    # block's own intermediates (8.2 MB against 3.4 MB on 2026-12-07).
    x = INPUTS[1][1]
    plain, checkpointed = peak_memory(plain_gradient, x), peak_memory(checkpoint_gradient, x)
    assert plain >= BLOCKS * STEPS * x.nbytes
    assert checkpointed <= plain / 2, (plain, checkpointed)


def ratio_table(rounds=15):
    """Rows of (case, implementation, seconds per call, ratio to the plain gradient), timed in turns; then the
    peak memory of one gradient on the array blocks (MB) and its ratio (rows whose ratio is None: a number in
    the unit the implementation names)."""
    rows = []
    for case, x in INPUTS:
        times = interleaved([lambda fn=fn, x=x: fn(x) for _, fn in CASES], rounds=rounds,
                            clock=time.process_time)
        rows += [(case, name, sec, sec / times[0]) for (name, _), sec in zip(CASES, times)]
    case, x = INPUTS[1]
    peaks = [peak_memory(fn, x) for _, fn in CASES]
    rows += [(f"peak memory of one gradient (tracemalloc), {case}", f"{name}, MB", peak / 1e6, None)
             for (name, _), peak in zip(CASES, peaks)]
    rows.append((f"peak memory of one gradient (tracemalloc), {case}", "checkpoint / plain (ratio)",
                 peaks[1] / peaks[0], None))
    return rows


def main():
    print_table(ratio_table())


if __name__ == "__main__":
    main()
