"""What keeps the second order's cost down (benchmarks/second_order_cost.py) without changing a number:
np.where's untaken marks die with their Duals (the rules' checks cost nothing in a computation that
marks none)."""
import numpy as np

import wengert as wg
from wengert.ops import _util


def test_untaken_marks_die_with_their_duals():
    # (the last 16 Duals marked were held for good: every later computation paid the marks' look-ups)
    def f(x):
        with np.errstate(over="ignore"):
            return np.sum(np.where(x < 700, np.exp(x), 0.0) * x)
    h = wg.jacfwd(wg.jacfwd(f))(np.array([1000.0, 1.0]))
    np.testing.assert_allclose(h, [[0.0, 0.0], [0.0, 3 * np.e]], rtol=1e-14)
    assert _util._UNTAKEN == {} and all(ref() is None for _, ref in _util._UNTAKEN_DUALS)
    assert _util._STRUCTURAL == {} and all(ref() is None for _, ref in _util._STRUCTURAL_DUALS)
