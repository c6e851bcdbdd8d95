"""``scipy.stats``' ``zipfian`` (``k^-a / H_n(a)`` on k = 1, ..., n), differentiable in a; n a count.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's; values and first and second derivatives (reverse
over reverse, forward over reverse, hessian) against mpmath at the switching points (a = 1, where the sums'
integral is ``log``, the sums' switch to Euler-Maclaurin's formula at n - k = 2000, the variance's switch at a = 6,
the last count n - 1) and for a large n (SciPy's entropy sums until it gives up: 2.81 for 4.78 at (1.2, 5000));
float32; refusal outside the valid parameters; a traced n, count or shift refused.
"""
import numpy as np
import pytest

from opcheck import (COUNT_FUNCTIONS, case, count_float32_check, count_refused_outside_check,  # noqa: E402
                     count_refusals_check, count_shape_refusals_check, gradient_test, mp_points_test, stats_values_test)

stats = pytest.importorskip("wengert.scipy.stats", reason="SciPy is not installed: it is the optional extra of "
                            'wengert (pip install "wengert[scipy]")')
MOMENTS = ("mean", "var", "std", "entropy")
COUNTS = np.array([0.0, 1.0, 2.0, 7.0, 12.0])
A = np.array([[0.0], [1.0], [2.5], [7.0]])

CASES = [
    *[case(getattr(stats.zipfian, f), lambda a, f=f: getattr(stats.zipfian, f)(np.array([1.0, 2.0, 7.0, 9.0]), a, 10),
           np.array([[0.5], [1.0], [7.0]]), id=f"zipfian.{f}-counts") for f in COUNT_FUNCTIONS],
    *[case(getattr(stats.zipfian, f), lambda a, f=f: getattr(stats.zipfian, f)(np.array([3.0, 4000.0]), a, 5000),
           np.array([0.7, 1.5]), id=f"zipfian.{f}-long") for f in ("logcdf", "logsf")],
    *[case(getattr(stats.zipfian, m), lambda a, m=m: getattr(stats.zipfian, m)(a, 10, 2), np.array([0.5, 7.5]),
           id=f"zipfian.{m}-loc") for m in MOMENTS],
]
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"zipfian.{f}", (COUNTS, A, 10)) for f in COUNT_FUNCTIONS],
    *[(f"zipfian.{f}", (np.array([1.0, 3.0, 2500.0, 4999.0]), np.array([[0.5], [1.2]]), 5000)) for f in COUNT_FUNCTIONS],
    # (n = 1: 0 here, SciPy 1.13's var 1.3e-15, its entropy 4.4e-16; below)
    *[(f"zipfian.{m}", (np.array([0.0, 1.0, 2.5, 7.0]), 10.0, 2))  # (a < 0, n not whole: refused)
      for m in MOMENTS + ("median",)],
    *[(f"zipfian.{m}", (np.array([0.0, 0.3, 0.7, 1.0]), 1.5, 10, 1)) for m in ("ppf", "isf")],
    ("zipfian.interval", (0.9, 1.5, 10, 2)), ("zipfian.support", (1.5, 10, 2)),
]
# (SciPy 1.13's sf, a difference of sums, is 6e-12 off at one point of the first check)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"zipfian.var": 1e-11, "zipfian.std": 1e-11,
                                                                     "zipfian.sf": 1e-10})


def _mp_functions(mp):
    def h(a, lo, hi, weight=False):  # sum_{j = lo}^{hi} (log j) j^-a, a differences of Hurwitz's zeta (a != 1)
        return -(mp.zeta(a, lo, 1) - mp.zeta(a, hi + 1, 1)) if weight else mp.zeta(a, lo) - mp.zeta(a, hi + 1)

    def var(a, n):
        return (h(a - 2, 1, n) * h(a, 1, n) - h(a - 1, 1, n) ** 2) / h(a, 1, n) ** 2
    return {"logpmf": lambda k, a, n: -a * mp.log(k) - mp.log(h(a, 1, n)),
            "logsf": lambda k, a, n: mp.log(h(a, k + 1, n) / h(a, 1, n)),
            "logcdf": lambda k, a, n: mp.log(h(a, 1, k) / h(a, 1, n)),
            "mean": lambda a, n: h(a - 1, 1, n) / h(a, 1, n), "var": var, "std": lambda a, n: mp.sqrt(var(a, n)),
            "entropy": lambda a, n: mp.log(h(a, 1, n)) + a * h(a, 1, n, True) / h(a, 1, n)}


POINTS = [
    # beside a = 1 (at 1 below), the sums' switch to Euler-Maclaurin's formula (n - k = 2000), the last count n - 1
    ("logsf", (3000.0, 1.0 + 1e-9, 5000.0), 1, 1e-13), ("logsf", (3.0, 1.0 - 1e-9, 5000.0), 1, 1e-13),
    ("logcdf", (3000.0, 0.5, 1e6), 1, 1e-13), ("logsf", (1e6 - 1.0, 2.0, 1e6), 1, 1e-13),
    ("logpmf", (3.0, 1.0 + 1e-9, 5000.0), 1, 1e-13), ("mean", (2.0 + 1e-9, 5000.0), 0, 1e-13),
    # the variance: over a long support, on both sides of its switch at a = 6, far
    ("var", (2.5, 3000.0), 0, 1e-12), ("var", (5.5, 100.0), 0, 1e-13), ("var", (6.5, 100.0), 0, 1e-13),
    ("std", (40.0, 100.0), 0, 1e-13), ("entropy", (1.2, 1e6), 0, 1e-13), ("entropy", (1.0 + 1e-9, 5000.0), 0, 1e-13),
]
test_against_mpmath = mp_points_test(stats.zipfian, _mp_functions, POINTS)


def test_at_a_1_the_sums_are_harmonic_numbers():
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(30):
        h = [mpmath.digamma(n + 1) + mpmath.euler for n in (3, 3000, 5000)]
        assert float(stats.zipfian.logsf(3000, 1.0, 5000)) == pytest.approx(float(mpmath.log((h[2] - h[1]) / h[2])),
                                                                           rel=1e-14)
        assert float(stats.zipfian.logcdf(3, 1.0, 5000)) == pytest.approx(float(mpmath.log(h[0] / h[2])), rel=1e-14)
        assert float(stats.zipfian.mean(1.0, 5000)) == pytest.approx(float(5000 / h[2]), rel=1e-14)


def test_float32_stays_float32():
    count_float32_check(stats.zipfian, 1.5, MOMENTS + ("median",), (10,))


def test_invalid_parameters_are_refused():
    count_refused_outside_check(stats.zipfian, 1.5, (-0.5,), (10,), MOMENTS, "a must be >= 0")
    # (an infinite a was NaN with a RuntimeWarning; SciPy gives the limit, all the mass at k = 1)
    count_refused_outside_check(stats.zipfian, 1.5, (np.inf,), (10,), MOMENTS, "a must be finite",
                                "its limit, all the mass at k = 1, where a has no derivative")
    for name in COUNT_FUNCTIONS + MOMENTS:
        args = (2,) * (name in COUNT_FUNCTIONS)
        for n in (10.5, 0.0, 2.0 ** 31):  # (2^31: SciPy 1.13 took it, 1.18 gives NaN; the stricter)
            with pytest.raises(ValueError, match=r"zipfian: n must be a whole number in \[1, 2\^31 - 1\]"):
                getattr(stats.zipfian, name)(*args, 1.5, np.array([10.0, n]))
    assert stats.zipfian.entropy(1.5, 1) == 0.0
    assert stats.zipfian.var(1.5, 1) == 0.0 and stats.zipfian.std(1.5, 1) == 0.0 and stats.zipfian.mean(1.5, 1) == 1.0


def test_a_traced_n_count_or_shift_is_refused():
    count_shape_refusals_check(stats.zipfian, (1.5, 10), "n", MOMENTS + ("median",))
    count_refusals_check(stats.zipfian, (1.5, 10))
