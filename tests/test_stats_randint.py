"""``scipy.stats``' ``randint`` (the discrete uniform on low, ..., high - 1): every argument a count.

Its functions are plain values (``CASES`` multiply each by a traced factor: its derivative must be the value, at
first order here and at second by ``tests/test_coverage.py``). Below: the values against SciPy's (broadcast, loc,
outside the support, NaN counts); the tails exact where SciPy's ``1 - cdf`` is not (``randint.sf(1e10 - 2, 0,
1e10)`` is 8.3e-8 off there), against mpmath, as the variance at large counts; a traced low, high, count or shift
refused (reverse and forward mode); invalid low and high refused (ValueError; SciPy gives NaN).
"""
import numpy as np
import pytest

import wengert as wg
from opcheck import COUNT_FUNCTIONS, count_only_cases, count_refusals_check, gradient_test, stats_values_test

stats = pytest.importorskip("wengert.scipy.stats", reason="SciPy is not installed: it is the optional extra of "
                            'wengert (pip install "wengert[scipy]")')
MOMENTS = ("mean", "var", "std", "entropy")
COUNTS = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 5.0, 6.0, 7.0, 2.5])

CASES = count_only_cases(stats.randint, np.array([2.0, 3.0, 4.0]), (2, 6), (2, np.array([3.0, 6.0]), 1))
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"randint.{f}", (COUNTS, np.array([[0.0], [2.0], [-3.0]]), np.array([[6.0], [3.0], [4.0]])))
      for f in COUNT_FUNCTIONS],
    *[(f"randint.{f}", (COUNTS, 2, 6, np.array([[0.0], [1.0], [-2.0]]))) for f in COUNT_FUNCTIONS],
    *[(f"randint.{m}", (np.array([-1.0, 0.0, 2.0]), np.array([[3.0], [7.0]]), 3)) for m in MOMENTS + ("median",)],
    *[(f"randint.{m}", (np.array([0.0, 0.3, 0.5, 0.7, 1.0]), 2, 6, 1)) for m in ("ppf", "isf")],
    ("randint.interval", (0.9, 2, 6, 2)), ("randint.support", (2, 6, 2)),
]
# (SciPy's sf, 1 - cdf, and var, (d^2 - 1) / 12, round: 1e-16 of their largest term)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


def test_exact_at_large_counts():
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        d = mpmath.mpf(10) ** 10
        r = stats.randint
        assert float(r.sf(1e10 - 2, 0, 1e10)) == float(1 / d)
        assert float(r.logsf(1e10 - 2, 0, 1e10)) == pytest.approx(float(-mpmath.log(d)), rel=1e-15)
        assert float(r.logcdf(1e10 - 2, 0, 1e10)) == pytest.approx(float(mpmath.log1p(-1 / d)), rel=1e-15)
        assert float(r.logsf(5, 5, 1e10 + 5)) == pytest.approx(float(mpmath.log1p(-1 / d)), rel=1e-15)
        # (at 1e15 - 1: 1e15 is the last value, the cdf 1 there, log cdf 0; that truth, -5e-16, passed at 1e15 only by
        # pytest.approx's default abs=1e-12)
        assert float(r.logcdf(1e15, -1e15, 1e15 + 1)) == 0.0
        assert float(r.logcdf(1e15 - 1, -1e15, 1e15 + 1)) == pytest.approx(float(mpmath.log1p(-1 / (2e15 + 1))),
                                                                          rel=1e-15, abs=0.0)
        d = 2 ** 27 + 1
        assert float(r.var(0, d)) == float((mpmath.mpf(d) ** 2 - 1) / 12)
        assert float(r.std(0, d)) == pytest.approx(float(mpmath.sqrt((mpmath.mpf(d) ** 2 - 1) / 12)), rel=1e-16)
        assert float(r.entropy(-3, 2 ** 40)) == pytest.approx(float(mpmath.log(2 ** 40 + 3)), rel=1e-16)
    # at the support's ends: the log tails 0 and -inf exactly, and NaN for a NaN count
    assert r.logcdf(5, 2, 6) == 0.0 and r.logsf(5, 2, 6) == -np.inf and r.logcdf(1, 2, 6) == -np.inf
    assert r.logsf(1, 2, 6) == 0.0 and r.pmf(5, 2, 6) == 0.25 and r.pmf(6, 2, 6) == 0.0
    assert np.isnan(r.pmf(np.nan, 2, 6)) and np.isnan(r.logsf(np.nan, 2, 6))
    assert r.var(2, 3) == 0.0 and r.entropy(2, 3) == 0.0 and r.logpmf(2, 2, 3) == 0.0


@pytest.mark.parametrize("name", COUNT_FUNCTIONS + MOMENTS + ("median", "ppf", "isf", "interval", "support"))
def test_invalid_low_and_high_are_refused(name):
    method = getattr(stats.randint, name)
    first = (0.5,) if name in ("ppf", "isf", "interval") else () if name in MOMENTS + ("median", "support") else (3,)
    for low, high in ((3, 3), (4, 2), (2.5, 6), (2, np.array([6.0, 6.5])), (0, np.inf)):
        if name == "support":
            continue  # (SciPy's ends, at any parameters)
        with pytest.raises(ValueError, match="randint: low and high must be whole.*SciPy gives NaN"):
            method(*first, low, high)


def test_a_traced_low_high_count_or_shift_is_refused():
    count_refusals_check(stats.randint, (2, 6))
    for name in COUNT_FUNCTIONS + MOMENTS + ("median", "ppf"):
        method = getattr(stats.randint, name)
        first = (0.5,) if name == "ppf" else () if name in MOMENTS + ("median",) else (3.0,)
        for argument, f in (("low", lambda t: method(*first, t, 6.0)), ("high", lambda t: method(*first, 2.0, t))):
            with pytest.raises(wg.NoGradientRule, match=f"randint.{name}.*{argument}"):
                wg.grad(f)(2.0 if argument == "low" else 6.0)
    with pytest.raises(wg.NoGradientRule, match="randint.pmf.*high"):
        wg.jvp(lambda t: stats.randint.pmf(3.0, 2.0, t), (6.0,), (1.0,))


def test_q_is_a_step_and_float32_follows_q():
    assert wg.grad(lambda q: stats.randint.ppf(q, 2, 6) * q)(0.3) == 3.0
    with pytest.raises(wg.NoGradientRule, match="no derivative in q"):
        wg.grad(lambda q: stats.randint.ppf(q, 2, 6) * q)(0.5)  # (cdf(3) = 1/2)
    assert stats.randint.ppf(np.float32(0.3), 2, 6).dtype == np.float32
    assert stats.randint.pmf(3, np.float32(2), np.float32(6)).dtype == np.float32  # (the values' dtype: low's, high's)
    assert stats.randint.mean(np.float32(2), 6).dtype == np.float32 and stats.randint.pmf(np.float32(3), 2, 6) == 0.25
