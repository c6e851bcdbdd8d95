"""``scipy.stats``' ``nhypergeom`` (the red balls drawn, from M of which n are red, until the r-th blue): every
argument a count.

Its functions are plain values (``CASES`` multiply each by a traced factor: its derivative must be the value, at
first order here and at second by ``tests/test_coverage.py``). Below: the values against SciPy's (broadcast, loc,
outside the support, r = 0 and r = M - n); the log pmf and log tails against mpmath, far out at M = 10^6 (SciPy's
logsf(900, 10^6, 1000, 5 10^5) is NaN) and near 0 (SciPy's logcdf(6, 20, 7, 1), log(1 - sf), is 4.8e-11 off); a
traced count refused (reverse and forward mode); invalid parameters refused (ValueError; SciPy gives NaN).
"""
import numpy as np
import pytest

from opcheck import (COUNT_FUNCTIONS, count_only_cases, count_only_checks, count_only_refusals_check, gradient_test,
                     mp_count_logs_test, stats_values_test)

stats = pytest.importorskip("wengert.scipy.stats", reason="SciPy is not installed: it is the optional extra of "
                            'wengert (pip install "wengert[scipy]")')
MOMENTS = ("mean", "var", "std", "entropy")
COUNTS = np.array([-1.0, 0.0, 1.0, 4.0, 6.0, 7.0, 8.0])

CASES = count_only_cases(stats.nhypergeom, np.array([2.0, 4.0, 6.0]), (20, 7, 12), (20, np.array([3.0, 7.0]), 12, 1))
test_gradient = gradient_test(CASES)

SHAPES = (20, 7, np.array([[12.0], [1.0], [13.0], [0.0]]))
VALUE_CHECKS = [
    *[(f"nhypergeom.{f}", (COUNTS, *SHAPES)) for f in COUNT_FUNCTIONS],
    *[(f"nhypergeom.{f}", (COUNTS, 45, 13, 8, np.array([[0.0], [2.0]]))) for f in COUNT_FUNCTIONS],
    *[(f"nhypergeom.{m}", (np.array([[20.0], [500.0]]), np.array([0.0, 1.0, 7.0]), np.array([[1.0], [300.0]])[:1]))
      for m in MOMENTS + ("median",)],
    *[(f"nhypergeom.{m}", (np.array([0.0, 0.3, 0.5, 0.7, 1.0]), 20, 7, 12, 1)) for m in ("ppf", "isf")],
    ("nhypergeom.interval", (0.9, 20, 7, 12, 2)), ("nhypergeom.support", (20, 7, 12, 2)),
]
# (SciPy's tails are 1 - the other tail: sf(6, 20, 7, 1) is 4.8e-11 off (1 / 77520 here); its log pmf a difference
# of betaln's: its entropy at (500, 1, 1) 1.5e-11 off, mpmath's 0.014427214862176114, here ...612)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={f"nhypergeom.{f}": 1e-10 for f in (
    "sf", "logsf", "cdf", "logcdf", "entropy")})

BIG = (10 ** 6, 1000, 5 * 10 ** 5)
POINTS = [("logsf", 900, BIG), ("logsf", 520, BIG), ("logcdf", 470, BIG), ("logcdf", 100, BIG), ("logcdf", 0, BIG),
          ("logsf", 999, BIG), ("logcdf", 999, BIG), ("logpmf", 100, BIG), ("logpmf", 1000, BIG),
          ("logcdf", 6, (20, 7, 1)), ("logsf", 3, (45, 13, 8)), ("logpmf", 6, (45, 13, 8))]


test_the_logs_against_mpmath = mp_count_logs_test(
    stats.nhypergeom, POINTS, lambda M, n, r: (0, n), lambda mp, M, n, r: mp.binomial(M - r, n) / mp.binomial(M, n),
    lambda mp, j, M, n, r: mp.mpf((j + r) * (n - j)) / ((j + 1) * (M - r - j)))


def test_at_the_support_s_ends_and_one_point():
    h = stats.nhypergeom
    assert h.logcdf(7, 20, 7, 12) == 0.0 and h.logsf(7, 20, 7, 12) == -np.inf and h.cdf(-1, 20, 7, 12) == 0.0
    assert h.logpmf(0, 20, 7, 0) == 0.0 and h.pmf(1, 20, 7, 0) == 0.0 and h.logcdf(0, 20, 7, 0) == 0.0
    assert h.var(20, 7, 0) == 0.0 and h.entropy(20, 7, 0) == 0.0 and h.entropy(0, 0, 0) == 0.0
    count_only_checks(h, (20, 7, 12), (1e15, 5e14, 2e14))


def test_invalid_or_traced_parameters_counts_or_shifts_are_refused():
    count_only_refusals_check(stats.nhypergeom, (20, 7, 12), ("M", "n", "r"),
                              ((20, 21, 0), (20, 7, 14), (20, 7, -1), (20.5, 7, 12), (20, np.array([7.0, 7.5]), 12)),
                              "nhypergeom: M, n and r must be whole.*SciPy gives NaN")
    assert stats.nhypergeom.pmf(3, np.float32(20), 7, 12).dtype == np.float32
