"""``scipy.stats``' ``yulesimon`` (``alpha B(k, alpha + 1)`` on k >= 1), differentiable in alpha.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's in the ordinary range; values and first and second
derivatives (reverse over reverse, forward over reverse, hessian) against mpmath at the switching points (the count
below and at the support's start, the log sf's switch from its series to the closed form at alpha = 1/2, the moments'
ends at alpha = 1 and 2), as alpha nears 0 (SciPy's cdf 1 - k B(k, alpha + 1) loses its digits) and far out (SciPy's
log cdf rounds to 0); float32; refusal outside the valid alpha; a traced count refused.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from opcheck import (COUNT_FUNCTIONS, count_float32_check, count_refusals_check,  # noqa: E402
                     count_refused_outside_check, gradient_test, mp_points_test, one_shape_count_cases,
                     stats_values_test)
from wengert.scipy import stats  # noqa: E402

PMFS, TAILS, MOMENTS = COUNT_FUNCTIONS[:2], COUNT_FUNCTIONS[2:], ("mean", "var", "std")
COUNTS = np.array([0.0, 1.0, 2.0, 7.0, 40.0])
#: alpha on both sides of the log sf's switch at 1/2 and of the moments' ends
ALPHAS = np.array([[0.2], [0.7], [3.5]])


CASES = one_shape_count_cases(stats.yulesimon, COUNTS, ALPHAS, np.array([2.5, 4.0]), 0.9)
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"yulesimon.{f}", (COUNTS, ALPHAS)) for f in PMFS + TAILS],
    *[(f"yulesimon.{m}", (np.array([0.3, 0.5, 1.0, 1.5, 2.0, 2.5, 4.0, 30.0]), 2)) for m in MOMENTS + ("median",)],
    *[(f"yulesimon.{m}", (np.array([0.0, 0.3, 0.7, 1.0]), 2.5, 1)) for m in ("ppf", "isf")],
    ("yulesimon.interval", (0.9, 2.5, 2)), ("yulesimon.support", (2.5, 2)),
]
# (SciPy's cdf is 1 - sf: 1e-11 off at (40, 3.5); mpmath below)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"yulesimon.cdf": 1e-10, "yulesimon.logcdf": 1e-10})


def _mp_functions(mp):
    def sf(k, a):
        return k * mp.beta(k, a + 1) if k >= 1 else mp.mpf(1)

    def var(a):
        return a * a / ((a - 2) * (a - 1) ** 2)
    return {"logpmf": lambda k, a: mp.log(a * mp.beta(k, a + 1)), "pmf": lambda k, a: a * mp.beta(k, a + 1),
            "sf": sf, "logsf": lambda k, a: mp.log(sf(k, a)), "cdf": lambda k, a: 1 - sf(k, a),
            "logcdf": lambda k, a: mp.log1p(-sf(k, a)), "mean": lambda a: a / (a - 1), "var": var,
            "std": lambda a: mp.sqrt(var(a))}


POINTS = [
    # the support's start, inside, far out; alpha beside 0, on both sides of the switch at 1/2, large
    *[(f, (k, a), 1, 1e-12) for f in PMFS + TAILS for k in (1.0, 3.0, 1e6)
      for a in (1e-9, 0.3, 0.5 - 1e-9, 0.5, 0.5 + 1e-9, 2.5)],
    *[(f, (k, 40.0), 1, 1e-12) for f in ("logcdf", "logsf", "sf", "logpmf") for k in (3.0, 100.0)],
    *[(m, (a,), 0, 1e-12) for m in MOMENTS for a in (2.0 + 1e-9, 2.5, 40.0)],
    ("mean", (1.0 + 1e-9,), 0, 1e-12), ("mean", (1.5,), 0, 1e-12),
]
test_against_mpmath = mp_points_test(stats.yulesimon, _mp_functions, POINTS)


def test_the_cdf_keeps_its_digits_as_alpha_nears_0():
    import scipy.stats
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        for k, a in ((1.0, 1e-9), (7.0, 1e-12), (1e6, 1e-9)):
            want = float(1 - k * mpmath.beta(k, mpmath.mpf(a) + 1))
            assert float(stats.yulesimon.cdf(k, a)) == pytest.approx(want, rel=1e-14)
            assert float(stats.yulesimon.logcdf(k, a)) == pytest.approx(np.log(want), rel=1e-14)
        assert abs(float(scipy.stats.yulesimon.cdf(1.0, 1e-9)) / 1e-9 - 1.0) > 1e-8  # (SciPy's: 1 - 1/(1 + a))


def test_moments_where_they_do_not_exist():
    assert np.isinf(stats.yulesimon.mean(0.7)) and float(wg.grad(stats.yulesimon.mean)(0.7)) == 0.0
    assert np.isinf(stats.yulesimon.var(1.5)) and np.isinf(stats.yulesimon.std(1.5))
    assert np.isnan(stats.yulesimon.var(0.7)) and np.isnan(stats.yulesimon.std(0.7))
    assert float(wg.grad(stats.yulesimon.var)(1.5)) == 0.0


def test_float32_stays_float32():
    count_float32_check(stats.yulesimon, 2.5, MOMENTS + ("median",))


def test_invalid_alpha_is_refused():
    count_refused_outside_check(stats.yulesimon, 2.5, (0.0, -1.0), (), MOMENTS, "alpha must be > 0")
    with pytest.raises(ValueError, match=r"^yulesimon: alpha must be > 0 \(SciPy gives NaN\)$"):
        stats.yulesimon.ppf(0.5, 0.0)


def test_a_traced_count_or_shift_is_refused():
    count_refusals_check(stats.yulesimon)
