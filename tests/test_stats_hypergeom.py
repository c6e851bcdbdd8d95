"""``scipy.stats``' ``hypergeom`` (k good among N drawn from M of which n are good): every argument a count.

Its functions are plain values (``CASES`` multiply each by a traced factor: its derivative must be the value, at
first order here and at second by ``tests/test_coverage.py``). Below: the values against SciPy's (broadcast, loc,
outside the support, every kind of support end); the log pmf and log tails against mpmath at M = 10^6, far out (SciPy's
logsf(900, 10^6, 5 10^5, 1000) is 4.5e-12 off, its logpmf(600, ...) 5.5e-11) and at the support's ends; a traced
count refused (reverse and forward mode); invalid parameters refused (ValueError; SciPy gives NaN).
"""
import numpy as np
import pytest

from opcheck import (COUNT_FUNCTIONS, count_only_cases, count_only_checks, count_only_refusals_check, gradient_test,
                     mp_count_logs_test, stats_values_test)

stats = pytest.importorskip("wengert.scipy.stats", reason="SciPy is not installed: it is the optional extra of "
                            'wengert (pip install "wengert[scipy]")')
MOMENTS = ("mean", "var", "std", "entropy")
COUNTS = np.array([-1.0, 0.0, 1.0, 4.0, 6.0, 7.0, 8.0, 12.0, 13.0])

CASES = count_only_cases(stats.hypergeom, np.array([2.0, 4.0, 6.0]), (20, 7, 12), (20, np.array([3.0, 7.0]), 12, 1))
test_gradient = gradient_test(CASES)

# (N - (M - n) > 0: the support starts above 0; n = 0 and n = M, one point, below: SciPy's logpmf is -1.3e-15 for 0)
SHAPES = (20, np.array([[7.0], [13.0], [16.0]]), 12)
VALUE_CHECKS = [
    *[(f"hypergeom.{f}", (COUNTS, *SHAPES)) for f in COUNT_FUNCTIONS],
    *[(f"hypergeom.{f}", (COUNTS, 20, 7, 12, np.array([[0.0], [2.0]]))) for f in COUNT_FUNCTIONS],
    # (M = 1: SciPy's var 0 / 0, NaN; here 0, below)
    *[(f"hypergeom.{m}", (np.array([[20.0], [500.0]]), np.array([0.0, 1.0, 7.0]), np.array([[1.0], [300.0]])))
      for m in MOMENTS + ("median",)],
    *[(f"hypergeom.{m}", (np.array([0.0, 0.3, 0.5, 0.7, 1.0]), 20, 7, 12, 1)) for m in ("ppf", "isf")],
    ("hypergeom.interval", (0.9, 20, 7, 12, 2)), ("hypergeom.support", (20, 7, 12, 2)),
]
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)

BIG = (10 ** 6, 5 * 10 ** 5, 1000)
POINTS = [("logsf", 900, BIG), ("logsf", 520, BIG), ("logsf", 470, BIG), ("logcdf", 400, BIG), ("logcdf", 0, BIG),
          ("logsf", 999, BIG), ("logcdf", 999, BIG), ("logpmf", 600, BIG), ("logpmf", 1000, BIG),
          ("logsf", 2, (10, 3, 8)), ("logcdf", 1, (10, 3, 8)), ("logpmf", 1, (10, 3, 8))]


test_the_logs_against_mpmath = mp_count_logs_test(
    stats.hypergeom, POINTS, lambda M, n, N: (max(0, N - (M - n)), min(n, N)),
    lambda mp, M, n, N: mp.binomial(n, max(0, N - (M - n))) * mp.binomial(M - n, min(M - n, N)) / mp.binomial(M, N),
    lambda mp, j, M, n, N: mp.mpf((n - j) * (N - j)) / ((j + 1) * (M - n - N + j + 1)))


def test_at_the_support_s_ends_and_one_point():
    h = stats.hypergeom
    assert h.logcdf(7, 20, 7, 12) == 0.0 and h.logsf(7, 20, 7, 12) == -np.inf and h.cdf(-1, 20, 7, 12) == 0.0
    assert h.logsf(3, 20, 16, 12) == 0.0 and h.logcdf(7, 20, 16, 12) == -np.inf  # (the support from 8)
    assert h.logpmf(12, 20, 20, 12) == 0.0 and h.logpmf(0, 20, 0, 12) == 0.0
    assert h.var(20, 20, 12) == 0.0 and h.entropy(20, 0, 12) == 0.0
    assert h.var(1, 1, 1) == 0.0 and h.mean(1, 1, 1) == 1.0
    # (a count between whole ones: the tails SciPy's floor, as the other discrete distributions; SciPy's hypergeom's
    # cdf and sf are NaN there, its logcdf the log of cdf(3) and logsf garbage)
    count_only_checks(h, (20, 7, 12), (1e15, 5e14, 5e14))


def test_invalid_or_traced_parameters_counts_or_shifts_are_refused():
    count_only_refusals_check(stats.hypergeom, (20, 7, 12), ("M", "n", "N"),
                              ((0, 0, 0), (20, 21, 12), (20, 7, 21), (20, -1, 3), (20.5, 7, 12),
                               (20, np.array([7.0, 7.5]), 12)),
                              "hypergeom: M, n and N must be whole.*SciPy gives NaN")
    assert stats.hypergeom.pmf(3, np.float32(20), 7, 12).dtype == np.float32
