"""``scipy.stats``' ``zipf`` (``k^-a / zeta(a)`` on k >= 1), differentiable in a.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's in the ordinary range; values and first and second
derivatives (reverse over reverse, forward over reverse, hessian) against mpmath at the switching points (the
moments' ends at a = 2 and 3, where they become infinite, the variance's switch at a = 6, the cdf's between its
finite sum and 1 - sf) and far out (SciPy sums the pmf: its sf at k = 40, a = 7 is 5e-6 off, its log sf at k = 1e6
4e-10); a near 1; float32; refusal outside the valid a; a traced count refused.
"""
import numpy as np
import pytest

import wengert as wg
from opcheck import (COUNT_FUNCTIONS, count_float32_check, count_refused_outside_check,  # noqa: E402
                     count_refusals_check, gradient_test, mp_points_test, one_shape_count_cases, stats_values_test)

stats = pytest.importorskip("wengert.scipy.stats", reason="SciPy is not installed: it is the optional extra of "
                            'wengert (pip install "wengert[scipy]")')
MOMENTS = ("mean", "var", "std")
COUNTS = np.array([0.0, 1.0, 2.0, 7.0, 40.0])
#: a near 1 (the cdf its finite sum), ordinary, and beyond the variance's switch at 6
A = np.array([[1.2], [2.5], [7.0]])

CASES = [*one_shape_count_cases(stats.zipf, COUNTS, A, np.array([3.5, 8.0]), 2.5),
         *one_shape_count_cases(stats.zipf, COUNTS, A, np.array([4.5]), 1.5, moments=("entropy",))[-7:-6]]
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"zipf.{f}", (COUNTS[:4], A[:2])) for f in COUNT_FUNCTIONS],
    *[(f"zipf.{m}", (np.array([1.5, 2.0, 2.5, 3.0, 4.5, 7.0]), 2)) for m in MOMENTS],  # (a <= 1: refused)
    ("zipf.entropy", (np.array([7.0]),)), ("zipf.median", (np.array([1.5, 4.5]), 2)),
    *[(f"zipf.{m}", (np.array([0.0, 0.3, 0.7, 1.0]), 2.5, 1)) for m in ("ppf", "isf")],
    ("zipf.interval", (0.9, 2.5, 2)), ("zipf.support", (2.5, 2)),
]
# (SciPy sums the pmf: its entropy at a = 7 is 1.4e-10 off; mpmath below)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"zipf.sf": 1e-11, "zipf.logsf": 1e-11,
                                                                     "zipf.logcdf": 1e-11, "zipf.entropy": 1e-9})


def _mp_functions(mp):
    def sf(k, a):
        return mp.zeta(a, k + 1) / mp.zeta(a) if k >= 1 else mp.mpf(1)

    def var(a):
        return (mp.zeta(a - 2) * mp.zeta(a) - mp.zeta(a - 1) ** 2) / mp.zeta(a) ** 2
    return {"logpmf": lambda k, a: -a * mp.log(k) - mp.log(mp.zeta(a)), "pmf": lambda k, a: k ** -a / mp.zeta(a),
            "sf": sf, "logsf": lambda k, a: mp.log(sf(k, a)), "cdf": lambda k, a: 1 - sf(k, a),
            "logcdf": lambda k, a: mp.log(1 - sf(k, a)), "mean": lambda a: mp.zeta(a - 1) / mp.zeta(a), "var": var,
            "std": lambda a: mp.sqrt(var(a)),
            "entropy": lambda a: mp.log(mp.zeta(a)) - a * mp.zeta(a, 1, 1) / mp.zeta(a)}


POINTS = [
    # the cdf's finite sum (sf above 1/2) and 1 - sf; a near 1
    ("logcdf", (3.0, 1.0001), 1, 1e-13), ("cdf", (2.0, 2.5), 1, 1e-13), ("logcdf", (1e5, 1.01), 1, 1e-13),
    ("logpmf", (3.0, 1.0 + 1e-9), 1, 1e-13),
    # far out, where SciPy's sum is off or stops
    ("logsf", (40.0, 7.0), 1, 1e-13), ("sf", (40.0, 7.0), 1, 1e-13), ("logsf", (1e300, 2.0), 1, 1e-13),
    ("logsf", (1e6, 50.0), 1, 1e-13),
    # beside the moments' ends (derivatives -1 / (a - 2)^2 ...) and on both sides of the variance's switch at 6
    ("mean", (2.0 + 1e-9,), 0, 1e-13), ("var", (3.0 + 1e-6,), 0, 1e-13), ("std", (3.5,), 0, 1e-13),
    ("var", (5.5,), 0, 1e-13), ("var", (6.5,), 0, 1e-13), ("var", (40.0,), 0, 1e-13),
    ("entropy", (1.01,), 0, 1e-13), ("entropy", (2.5,), 0, 1e-13),
    # huge k: zeta(a, k + 1) ~ k^(1 - a) / (a - 1) overflowed (sf(1e308, 1.01) was inf, the truth 8.27e-4)
    ("sf", (1e308, 1.01), 1, 1e-13), ("logsf", (1.7976931348623157e308, 1.01), 1, 1e-13),
    # a near 1: the derivatives of log zeta(a, q), -1 / (a - 1)^j, cancelled in the log sf and pmf (sf(1000, 1 +
    # 1e-12)'s d2/da2 was 0 for 56.2, logsf(1e300, 1.01)'s 2.5e-11 off, pmf(3, 1 + 1e-12)'s -1.11736 for -1.11722;
    # logsf(3, 1 + 2^-52) 0 for -4.07e-16); on both sides of a = 2, where they are no longer scaled by a - 1
    ("sf", (1000.0, 1.0 + 1e-12), 1, 1e-13), ("logsf", (1e300, 1.0 + 1e-12), 1, 1e-13),
    ("logsf", (1e300, 1.01), 1, 1e-13), ("pmf", (3.0, 1.0 + 1e-12), 1, 1e-13), ("logsf", (3.0, 1.0 + 2 ** -52), 1, 1e-13),
    ("logsf", (3.0, 2.0 - 1e-9), 1, 1e-13), ("pmf", (3.0, 2.0), 1, 1e-13),
    # large a: log zeta(a) = log(1 + 2^-a + ...) as a log1p (logpmf(1, 50) was 1.6e-9 off)
    ("logpmf", (1.0, 50.0), 1, 1e-13),
]
test_against_mpmath = mp_points_test(stats.zipf, _mp_functions, POINTS)


def test_moments_where_they_do_not_exist():
    import scipy.stats
    assert np.isinf(stats.zipf.mean(2.0)) and float(wg.grad(stats.zipf.mean)(1.5)) == 0.0
    assert np.isinf(stats.zipf.var(2.5)) and np.isinf(stats.zipf.std(2.5)) and float(wg.grad(stats.zipf.var)(2.5)) == 0.0
    assert np.isinf(stats.zipf.var(1.5)) and np.isinf(stats.zipf.std(2.0))  # (as SciPy's, whose second moment is inf)
    assert np.isinf(scipy.stats.zipf.var(2.5)) and np.isinf(scipy.stats.zipf.var(1.5))
    # beside them the derivatives are the formula's, large and never 0
    assert float(wg.grad(stats.zipf.mean)(2.0 + 1e-6)) < -1e11
    assert float(wg.grad(stats.zipf.var)(3.0 + 1e-6)) < -1e11


def test_float32_stays_float32():
    count_float32_check(stats.zipf, 2.5, MOMENTS + ("median", "entropy"))


def test_invalid_a_is_refused():
    count_refused_outside_check(stats.zipf, 2.5, (1.0, -1.0), (), ("mean", "entropy"), "a must be > 1")
    with pytest.raises(ValueError, match="zipf: a must be > 1"):
        stats.zipf.ppf(0.5, 1.0)


def test_an_infinite_a_is_refused():
    # (zipf.pmf(3, inf) was NaN with a RuntimeWarning; SciPy gives the limit, all the mass at k = 1, whose
    # derivatives in a are not the limits of the finite a's, as 9e359d4 refuses binom's infinite n)
    count_refused_outside_check(stats.zipf, 2.5, (np.inf,), (), ("mean", "entropy"), "a must be finite",
                                "its limit, all the mass at k = 1, where a has no derivative")
    with pytest.raises(ValueError, match="zipf: a must be finite"):
        stats.zipf.ppf(0.5, np.inf)


def test_a_traced_count_or_shift_is_refused():
    import functools
    refused = type("zipf", (), {n: staticmethod(functools.partial(lambda n, k, s, *r: getattr(stats.zipf, n)(
        k, s + 1.5, *r), n)) for n in COUNT_FUNCTIONS})  # (count_refusals_check's shape 0.7, moved into a > 1)
    count_refusals_check(refused)
