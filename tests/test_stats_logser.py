"""``scipy.stats``' ``logser`` (``-p^k / (k log(1 - p))`` on k >= 1), differentiable in p.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's in the ordinary range; values and first and second
derivatives (reverse over reverse, forward over reverse, hessian) against mpmath (Lerch's Phi) at the switching points:
the count below and at the support's start, the log ratio's series below p = 1/4, Phi's three forms (its series to p =
0.9, Pfaff's series where (k + 2)(1 - p) / p >= 50, the Euler-Maclaurin form with k >= 6 and the finite difference
below), the cdf's two forms (1 - sf below sf = 1/2, C / L above, C summed to k = 64 and L - S beyond), p beside 0 and
1, far tails where SciPy's underflow; float32; refusal outside 0 < p < 1; a traced count refused.
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
#: p on both sides of the log ratio's switch at 1/4 and of Phi's at 0.9 (Pfaff's form at k = 40)
PS = np.array([[0.1], [0.6], [0.97]])


CASES = one_shape_count_cases(stats.logser, COUNTS, PS, np.array([0.1, 0.6, 0.97]), 0.93)
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"logser.{f}", (COUNTS, PS)) for f in PMFS + ("cdf", "logcdf")],
    # (the sf and log sf short of k = 40: SciPy 1.13's summed its pmf, 2e-6 off, and 0 at (40, 0.1); mpmath below)
    *[(f"logser.{f}", (COUNTS[:4], PS)) for f in ("sf", "logsf")],
    *[(f"logser.{m}", (np.array([0.01, 0.3, 0.5, 0.9, 0.99]), 2)) for m in MOMENTS + ("median",)],
    *[(f"logser.{m}", (np.array([0.0, 0.3, 0.7, 1.0]), 0.6, 1)) for m in ("ppf", "isf")],
    ("logser.interval", (0.9, 0.6, 2)), ("logser.support", (0.6, 2)),
]
# (SciPy's sf is betainc(k + 1, 1e-100, p) beta(k + 1, 1e-100) / L, 1e-13 off here, its cdf 1 - sf; mpmath below)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={**{f"logser.{f}": 1e-11 for f in TAILS},
                                                                     "logser.sf": 1e-5, "logser.logsf": 1e-5})


def _mp_functions(mp):
    def big_l(p):
        return -mp.log1p(-p)

    def lower(k, p):  # C = sum_{j <= k} p^j / j, without cancellation for k < 5000
        return mp.fsum(p ** j / j for j in range(1, int(k) + 1)) if k < 5000 else big_l(p) - upper(k, p)

    def upper(k, p):
        # S = sum_{j > k} p^j / j: its series to 1e-75 up to p = 0.9, L - C with 60 more digits (its cancellation)
        # below k = 5000, else Lerch's Phi (slow; mpmath's lerchphi was 4e-5 off at p = 1e-200)
        if p <= 0.9:
            terms = int(mp.ceil(-75 * mp.log(10) / mp.log(p))) + 1
            return p ** (k + 1) * mp.fsum(p ** m / (m + k + 1) for m in range(terms))
        if k < 5000:
            with mp.workdps(mp.mp.dps + 60):
                return big_l(p) - lower(k, p)
        return mp.lerchphi(p, 1, k + 1) * p ** (k + 1)

    def sf(k, p):
        return upper(k, p) / big_l(p) if k >= 1 else mp.mpf(1)

    def cdf(k, p):
        return lower(k, p) / big_l(p) if k >= 1 else mp.mpf(0)

    def var(p):
        return p * (big_l(p) - p) / ((1 - p) * big_l(p)) ** 2
    return {"logpmf": lambda k, p: mp.log(p ** k / (k * big_l(p))), "pmf": lambda k, p: p ** k / (k * big_l(p)),
            "sf": sf, "logsf": lambda k, p: mp.log(sf(k, p)), "cdf": cdf, "logcdf": lambda k, p: mp.log(cdf(k, p)),
            "mean": lambda p: p / ((1 - p) * big_l(p)), "var": var, "std": lambda p: mp.sqrt(var(p))}


POINTS = [
    # the support's start, inside, far out; p beside 0, on both sides of 1/4 and 0.9, beside 1
    *[(f, (k, p), 1, 1e-12) for f in PMFS + TAILS for k in (1.0, 40.0) for p in (1e-9, 0.25 - 1e-9, 0.25, 0.6, 0.9)],
    *[(f, (k, p), 1, 1e-12) for f in TAILS for k in (1.0, 3.0) for p in (0.9 + 1e-9, 0.999)],
    # Phi's forms beyond 0.9: Pfaff's (k + 2)(1 - p) / p >= 50, the Euler-Maclaurin form (k >= 6; its second derivative
    # a difference of terms 60 times larger) and the finite difference (k <= 5); the cdf's L - S beyond k = 64 where
    # the sf is above 1/2
    *[(f, (k, p), 1, 1e-11) for f in TAILS for k, p in ((2000.0, 0.95), (40.0, 0.9 + 1e-9), (10.0, 0.999),
                                                         (6.0, 0.95), (5.0, 0.95), (5.0, 1.0 - 1e-10),
                                                         (100.0, 1.0 - 1e-10))],
    ("logsf", (1e4, 0.99), 1, 1e-12), ("cdf", (1e7, 1.0 - 1e-6), 1, 1e-11),
    # far tails: the sf underflows
    *[(f, (k, p), 1, 1e-12) for f in ("logsf", "logpmf") for k, p in ((400.0, 0.1), (3.0, 1e-200))],
    *[(m, (p,), 0, 1e-12) for m in MOMENTS for p in (1e-9, 0.1, 0.25, 0.6, 0.999, 1.0 - 1e-12)],
]
test_against_mpmath = mp_points_test(stats.logser, _mp_functions, POINTS)


def test_the_tails_sum_to_one_and_the_far_log_sf_is_finite():
    import scipy.stats
    k = np.array([1.0, 3.0, 70.0, 5e3])
    for p in (0.3, 0.95, 0.999999):
        np.testing.assert_allclose(stats.logser.cdf(k, p) + stats.logser.sf(k, p), 1.0, rtol=1e-15)
    assert scipy.stats.logser.logsf(400, 0.1) == -np.inf and np.isfinite(stats.logser.logsf(400, 0.1))


def test_float32_stays_float32():
    count_float32_check(stats.logser, 0.6, MOMENTS + ("median",))


def test_invalid_p_is_refused():
    count_refused_outside_check(stats.logser, 0.7, (0.0, 1.0), (), MOMENTS, "p must be in (0, 1)")


def test_a_traced_count_or_shift_is_refused():
    count_refusals_check(stats.logser)
