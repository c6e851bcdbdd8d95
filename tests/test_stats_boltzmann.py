"""``scipy.stats``' ``boltzmann`` (planck truncated to k < N), differentiable in lambda_; N a count.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's; values and first and second derivatives (reverse
over reverse, forward over reverse, hessian) against mpmath at the switching points (lambda_ N = 1, where the log
tails change form, lambda_ = 1, where the moments do, the last count N - 1) and as lambda_ -> 0 (SciPy's var at
lambda_ = 1e-6, N = 10 is 41.1 for 8.25) and far out (SciPy's log sf -inf); float32; refusal outside the valid
parameters; a traced N, count or shift refused.
"""
import numpy as np
import pytest

from opcheck import (COUNT_FUNCTIONS, case, count_float32_check, count_refused_outside_check,  # noqa: E402
                     count_refusals_check, count_shape_refusals_check, gradient_test, mp_points_test, stats_values_test)

stats = pytest.importorskip("wengert.scipy.stats", reason="SciPy is not installed: it is the optional extra of "
                            'wengert (pip install "wengert[scipy]")')
MOMENTS = ("mean", "var", "std", "entropy")
LAMBDAS = np.array([[1e-3], [0.5], [3.0]])

CASES = [
    *[case(getattr(stats.boltzmann, f), lambda lam, f=f: getattr(stats.boltzmann, f)(np.array([0.0, 1.0, 4.0, 8.0]),
                                                                                     lam, 10),
           LAMBDAS, id=f"boltzmann.{f}-counts") for f in COUNT_FUNCTIONS],
    *[case(getattr(stats.boltzmann, m), lambda lam, m=m: getattr(stats.boltzmann, m)(lam, 10, 2),
           np.array([1e-3, 0.5, 3.0]), id=f"boltzmann.{m}-loc") for m in MOMENTS],
]
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"boltzmann.{f}", (np.array([-1.0, 0.0, 1.0, 4.0, 9.0, 12.0]), np.array([[0.05], [0.5], [3.0]]), 10))
      for f in COUNT_FUNCTIONS],
    *[(f"boltzmann.{m}", (np.array([0.5, 3.0]), np.array([[1.0], [10.0]]), 2))  # (lambda_ <= 0, N not whole: refused)
      for m in MOMENTS + ("median",)],
    *[(f"boltzmann.{m}", (np.array([0.0, 0.3, 0.7, 1.0]), 0.5, 10, 1)) for m in ("ppf", "isf")],
    ("boltzmann.interval", (0.9, 0.5, 10, 2)), ("boltzmann.support", (0.5, 10, 2)),
]
# (SciPy's sf, (exp(-lambda_ (k + 1)) - exp(-lambda_ N)) / (1 - exp(-lambda_ N)), is 1.4e-10 off at (4, 3, 10))
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"boltzmann.var": 1e-11, "boltzmann.std": 1e-11,
                                                                     "boltzmann.sf": 1e-9, "boltzmann.logsf": 1e-11})


def _mp_functions(mp):
    def pmf(k, lam, n):
        return -mp.expm1(-lam) * mp.exp(-lam * k) / -mp.expm1(-lam * n)

    def moment(lam, n, j):
        return mp.fsum(k ** j * pmf(k, lam, n) for k in range(int(n)))
    return {"logsf": lambda k, lam, n: mp.log(mp.fsum(pmf(j, lam, n) for j in range(int(k) + 1, int(n)))),
            "logcdf": lambda k, lam, n: mp.log(mp.fsum(pmf(j, lam, n) for j in range(int(k) + 1))),
            "logpmf": lambda k, lam, n: mp.log(pmf(k, lam, n)),
            "mean": lambda lam, n: moment(lam, n, 1), "var": lambda lam, n: moment(lam, n, 2) - moment(lam, n, 1) ** 2,
            "entropy": lambda lam, n: -mp.fsum(pmf(k, lam, n) * mp.log(pmf(k, lam, n)) for k in range(int(n)))}


POINTS = [
    # lambda_ -> 0 (the logs of lambda_ cancel), both sides of lambda_ N = 1, far out, the last count N - 1
    ("logsf", (3.0, 1e-6, 10.0), 1, 1e-13), ("logcdf", (0.0, 1e-6, 10.0), 1, 1e-13),
    ("logsf", (3.0, 0.1 * (1 - 1e-9), 10.0), 1, 1e-13), ("logpmf", (3.0, 0.1 * (1 + 1e-9), 10.0), 1, 1e-13),
    ("logsf", (8.0, 50.0, 10.0), 1, 1e-13),
    # the moments as lambda_ -> 0 and on both sides of their switch at 1; the entropy's derivative at 1e-6, -lambda_
    # (N^2 - 1) / 12, was what was left of terms about N / 2 (6.4e-11 off at N = 10, 3e-10 at N = 2): k's series now
    ("mean", (1e-6, 10.0), 0, 1e-13), ("var", (1e-6, 10.0), 0, 1e-13), ("var", (1.0 - 1e-9, 10.0), 0, 1e-13),
    ("var", (1.0, 10.0), 0, 1e-13), ("var", (30.0, 10.0), 0, 1e-13), ("entropy", (1e-6, 10.0), 0, 1e-13),
    ("entropy", (1e-6, 2.0), 0, 1e-13), ("entropy", (0.5, 10.0), 0, 1e-13), ("entropy", (1.0 - 1e-9, 3.0), 0, 1e-13),
    ("entropy", (0.1 * (1 + 1e-9), 10.0), 0, 1e-13),  # k's switches at lambda_ = 1 and lambda_ N = 1
]
test_against_mpmath = mp_points_test(stats.boltzmann, _mp_functions, POINTS)


def test_float32_stays_float32():
    count_float32_check(stats.boltzmann, 0.5, MOMENTS + ("median",), (10,))


def test_invalid_parameters_are_refused():
    count_refused_outside_check(stats.boltzmann, 0.5, (0.0, -0.5), (10,), MOMENTS, "lambda_ must be > 0")
    for name in COUNT_FUNCTIONS + MOMENTS:
        args = (2,) * (name in COUNT_FUNCTIONS)
        for N in (10.5, 0.0):
            with pytest.raises(ValueError, match=r"boltzmann: N must be a whole number >= 1 \(SciPy gives NaN\)"):
                getattr(stats.boltzmann, name)(*args, 0.5, np.array([10.0, N]))
    assert stats.boltzmann.var(0.5, 1) == 0.0 and stats.boltzmann.std(0.5, 1) == 0.0


def test_a_traced_n_count_or_shift_is_refused():
    count_shape_refusals_check(stats.boltzmann, (0.5, 10), "N", MOMENTS + ("median",))
    count_refusals_check(stats.boltzmann, (0.5, 10))
