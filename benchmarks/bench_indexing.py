"""Scattering a cotangent back through indexing: the unique-row fast path against np.add.at.

The pullback of ``x[index]`` writes ``g`` into zeros at ``index``. With repeated indices
it must add (``np.add.at``); when every index is different and selects a whole row (an
embedding lookup) plain assignment is exact and much faster. Both are timed in one run,
interleaved, and reported as a ratio.

Run ``python benchmarks/bench_indexing.py`` or ``python -m pytest benchmarks/bench_indexing.py``.
"""
import numpy as np

from timing import interleaved
from wengert.ops import shape

ROWS, WIDTH, PICKED = 4000, 64, 1000


def make_problem(seed=0):
    rng = np.random.default_rng(seed)
    return rng.permutation(ROWS)[:PICKED], rng.standard_normal((PICKED, WIDTH))


def scatter_wengert(index, g):
    return shape.untake(g, index, (ROWS, WIDTH), np.float64)


def scatter_add_at(index, g):
    out = np.zeros((ROWS, WIDTH))
    np.add.at(out, index, g)
    return out


def test_fast_path_is_exact():
    index, g = make_problem()
    np.testing.assert_array_equal(scatter_wengert(index, g), scatter_add_at(index, g))


def test_scatter(benchmark):
    index, g = make_problem()
    benchmark.group = "scatter 1000 unique rows of 64 into 4000"
    benchmark(scatter_wengert, index, g)


def ratio_table():
    index, g = make_problem()
    add_at, untake = interleaved([lambda: scatter_add_at(index, g), lambda: scatter_wengert(index, g)])
    case = f"scatter {PICKED} unique rows into {ROWS}x{WIDTH}"
    return [(case, "np.add.at", add_at, 1.0), (case, "wengert untake", untake, untake / add_at)]


if __name__ == "__main__":
    from timing import print_table
    print_table(ratio_table())
