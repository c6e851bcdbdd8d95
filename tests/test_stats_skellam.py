"""``scipy.stats``' ``skellam`` (the difference of two Poisson counts), differentiable in mu1 and mu2.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's in the ordinary range; values and first and second
derivatives (reverse over reverse, forward over reverse, hessian) against mpmath at the switching points (k = 0 and
beside it, mu1 = mu2, the tails' switch between their small and large sides) and far out (where SciPy's ``1 - cdf``
is 0 and its log tails -inf; where ``ive`` underflows and the log pmf is the power series or Debye's expansion);
float32; refusal outside the valid parameters; a traced count refused.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from opcheck import (COUNT_FUNCTIONS, case, count_refused_outside_check, gradient_test, mp_points_test,  # noqa: E402
                     stats_values_test)
from wengert.scipy import stats  # noqa: E402

MOMENTS = ("mean", "var", "std")
COUNTS = np.array([-7.0, -1.0, 0.0, 1.0, 2.0, 9.0])

CASES = [
    *[case(getattr(stats.skellam, f), lambda a, b, f=f: getattr(stats.skellam, f)(COUNTS, a, b),
           np.array([[0.3], [2.0]]), np.array([[1.5], [2.0]]), id=f"skellam.{f}-counts") for f in COUNT_FUNCTIONS],
    *[case(getattr(stats.skellam, m), lambda a, b, m=m: getattr(stats.skellam, m)(a, b, 2), np.array([0.5, 3.0]),
           np.array([1.5, 3.0]), id=f"skellam.{m}-loc") for m in MOMENTS + ("entropy",)],
]
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"skellam.{f}", (COUNTS[:-1], np.array([[0.3], [2.0], [40.0]]), np.array([[1.5], [2.0], [2.0]])))
      for f in ("logpmf", "pmf")],
    # (SciPy 1.13's cdf below the mean, special.chndtr's, is 2.3e-5 off at (0, 40, 2); mpmath below)
    *[(f"skellam.{f}", (COUNTS[:-1], np.array([[0.3], [2.0]]), np.array([[1.5], [2.0]]))) for f in COUNT_FUNCTIONS[2:]],
    *[(f"skellam.{m}", (np.array([0.3, 2.0, 40.0]), 1.5, 2)) for m in MOMENTS + ("median", "entropy")],
    *[(f"skellam.{m}", (np.array([0.0, 0.3, 0.7, 1.0]), 2.5, 1.5, 1)) for m in ("ppf", "isf")],
    ("skellam.interval", (0.9, 2.5, 1.5, 2)), ("skellam.support", (2.5, 1.5, 2)),
]
# (SciPy's sf is 1 - cdf: 3.6e-5 off at (9, 0.3, 1.5), 5e-12 at (2, 0.3, 1.5); mpmath below)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"skellam.sf": 1e-10, "skellam.logsf": 1e-10,
                                                                     "skellam.logcdf": 1e-10, "skellam.entropy": 1e-11})


def _mp_functions(mp):
    def pmf(k, m1, m2):  # far out, the sum over N2 = n of P(N1 = k + n) P(N2 = n) (besseli took 0.1 s at order 200)
        if abs(k) < 50:
            return mp.exp(-m1 - m2) * (m1 / m2) ** (k / 2) * mp.besseli(abs(k), 2 * mp.sqrt(m1 * m2))
        if k < 0:
            k, m1, m2 = -k, m2, m1
        term = mp.exp(-m1 - m2) * m1 ** k / mp.factorial(k)
        total, n = term, 0
        while term > total * mp.eps:
            term = term * m1 * m2 / ((n + k + 1) * (n + 1))
            total, n = total + term, n + 1
        return total

    def tail_sum(j, m1, m2, step):  # sum of pmf(j), pmf(j + step), ... until below the working precision
        total = mp.mpf(0)
        while True:
            term = pmf(j, m1, m2)
            total += term
            if term < total * mp.eps:
                return total
            j += step

    def sf(k, m1, m2):  # the small side by its sum, the other 1 - the small side
        return tail_sum(k + 1, m1, m2, 1) if k >= m1 - m2 else 1 - tail_sum(k, m1, m2, -1)

    def cdf(k, m1, m2):
        return 1 - sf(k, m1, m2) if k >= m1 - m2 else tail_sum(k, m1, m2, -1)
    return {"logpmf": lambda k, a, b: mp.log(pmf(k, a, b)), "pmf": pmf, "sf": sf, "cdf": cdf,
            "logsf": lambda k, a, b: mp.log(sf(k, a, b)), "logcdf": lambda k, a, b: mp.log(cdf(k, a, b)),
            "mean": lambda a, b: a - b, "var": lambda a, b: a + b, "std": lambda a, b: mp.sqrt(a + b)}


POINTS = [
    # k = 0 and beside it at mu1 = mu2 and beside it (the tails' switch between their small and large sides)
    ("pmf", (0.0, 1.5, 1.5), 1, 1e-12), ("cdf", (0.0, 1.5, 1.5), 2, 1e-12), ("logsf", (0.0, 1.5, 1.5), 1, 1e-12),
    ("sf", (-1.0, 1.5, 1.5), 2, 1e-12), ("logpmf", (-1.0, 0.4, 1.5), 1, 1e-12), ("logcdf", (1.0, 0.4, 1.5), 2, 1e-12),
    # far out: SciPy's log tails -inf (its sf, 1 - cdf, 0), and ive underflowed (the series; Debye's from 1000 on); the
    # second derivative in mu2 at k = 20 is -8.8e-5, a difference of terms about 1 (1e-10)
    ("logsf", (20.0, 1.0, 2.0), 2, 1e-10), ("logsf", (200.0, 1.0, 2.0), 1, 1e-11),
    ("logpmf", (200.0, 1.0, 2.0), 1, 1e-11), ("logcdf", (-300.0, 1.0, 2.0), 2, 1e-11),
    ("logpmf", (1200.0, 3.0, 2.0), 1, 1e-11),
    ("logcdf", (0.0, 40.0, 2.0), 1, 1e-11), ("logpmf", (5.0, 1e-100, 1e-100), 1, 1e-12),
    ("std", (0.7, 2.5), 0, 1e-14),
]
test_against_mpmath = mp_points_test(stats.skellam, _mp_functions, POINTS)


def test_far_tails_are_finite_where_scipys_are_not():
    import scipy.stats
    assert scipy.stats.skellam.logsf(20, 1.0, 2.0) == -np.inf
    assert float(stats.skellam.logsf(20, 1.0, 2.0)) == pytest.approx(-48.243171647306454, rel=1e-14)
    assert float(stats.skellam.logcdf(-200, 2.0, 3.0)) == pytest.approx(
        float(stats.skellam.logsf(199, 3.0, 2.0)), rel=1e-15)  # (K -> -K, mu1 <-> mu2)


def test_the_shapes_swap_with_k():
    k = np.arange(-5.0, 6.0)
    np.testing.assert_allclose(stats.skellam.logpmf(k, 0.7, 2.5), stats.skellam.logpmf(-k, 2.5, 0.7), rtol=1e-14)
    g = wg.grad(lambda a: np.sum(stats.skellam.cdf(k, a, 2.5)))(0.7)
    h = wg.grad(lambda a: np.sum(stats.skellam.sf(-k - 1, 2.5, a)))(0.7)
    assert float(g) == pytest.approx(float(h), rel=1e-13)


def test_float32_stays_float32():
    import scipy.stats
    for name in COUNT_FUNCTIONS:
        got = getattr(stats.skellam, name)(np.array([-1.0, 0.0, 3.0]), np.float32(0.7), np.float32(1.5))
        assert got.dtype == np.float32, name
        np.testing.assert_allclose(got, getattr(scipy.stats.skellam, name)([-1.0, 0.0, 3.0], 0.7, 1.5), rtol=2e-6)
    for name in MOMENTS + ("median", "entropy"):
        assert np.asarray(getattr(stats.skellam, name)(np.float32(0.7), np.float32(1.5))).dtype == np.float32, name
    assert wg.grad(lambda s: stats.skellam.logsf(2.0, s, 1.5))(np.float32(0.7)).dtype == np.float32


def test_invalid_shapes_are_refused():
    count_refused_outside_check(stats.skellam, 0.7, (0.0, -1.0), (1.5,), MOMENTS + ("entropy",), "mu1 must be > 0")
    for call in (lambda: stats.skellam.mean(1.0, 0.0), lambda: stats.skellam.ppf(0.5, 1.0, 0.0),
                 lambda: stats.skellam.entropy(1.0, -1.0)):
        with pytest.raises(ValueError, match=r"^skellam: mu2 must be > 0 \(SciPy gives NaN\)$"):
            call()


def test_a_traced_count_or_shift_is_refused_and_a_huge_entropy_too():
    for name in COUNT_FUNCTIONS:
        method = getattr(stats.skellam, name)
        with pytest.raises(wg.NoGradientRule, match=f"skellam.{name}.*k"):
            wg.grad(lambda k: method(k, 0.7, 1.5))(3.0)
        with pytest.raises(wg.NoGradientRule, match=f"skellam.{name}.*loc"):
            wg.grad(lambda loc: method(3.0, 0.7, 1.5, loc))(1.0)
    with pytest.raises(ValueError, match="skellam.entropy: mu1 \\+ mu2 above 1e7"):
        stats.skellam.entropy(1e7, 1.0)
