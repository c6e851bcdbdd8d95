"""``scipy.stats``' ``betabinom``'s tails (cdf, logcdf, sf, logsf), differentiable in a and b; n a count; and its
quantiles from them.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's; values and first and second derivatives (reverse
over reverse, forward over reverse, hessian) in a and b against mpmath on both sides of the tails' switch (the side
with the smaller chance summed, the other 1 - it), at the ends' terms with a tiny shape (gamma(a) cancels there), the
log tails near 0 (log1p, not log(1 - x)), far out on a long n; n = 0 (the point 0); the support's ends; a traced n
refused; both sides longer than a million terms refused; the far quantiles of a long n by their definition, without
SciPy's search (ppf(1e-300, 1e6, 2.0, 0.1) took 4 s on SciPy 1.13).
"""
import numpy as np
import pytest

import wengert as wg
from opcheck import case, gradient_test, mp_points_test, stats_values_test

stats = pytest.importorskip("wengert.scipy.stats", reason="SciPy is not installed: it is the optional extra of "
                            'wengert (pip install "wengert[scipy]")')
B = stats.betabinom
TAILS = ("cdf", "logcdf", "sf", "logsf")
COUNTS = np.array([0.0, 1.0, 4.0, 9.0])

CASES = [
    *[case(getattr(B, f), lambda a, b, f=f: getattr(B, f)(COUNTS, 10, a, b), np.array([[0.7], [3.5]]),
           np.array([[0.4], [2.0]]), id=f"betabinom.{f}-counts") for f in TAILS],
    *[case(getattr(B, f), lambda a, b, f=f: getattr(B, f)(np.array([2.0, 37.0]), 40, a, b, 1), np.array([1.5, 6.0]),
           np.array([2.5, 0.8]), id=f"betabinom.{f}-loc") for f in TAILS],
]
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"betabinom.{f}", (np.array([-1.0, 0.0, 1.0, 4.0, 9.0, 10.0, 11.0]), np.array([[1.0], [10.0]]),
                          np.array([[[0.5]], [[3.0]]]), b)) for f in TAILS for b in (0.4, 2.5)],
    *[(f"betabinom.{m}", (np.array([0.0, 0.3, 0.7, 1.0]), 10, 2.0, 3.0, 1)) for m in ("ppf", "isf")],
]
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


def _mp_functions(mp):
    def pmf(j, n, a, b):
        return mp.binomial(n, j) * mp.beta(j + a, n - j + b) / mp.beta(a, b)

    def cdf(k, n, a, b):
        return mp.fsum(pmf(j, n, a, b) for j in range(int(k) + 1))

    def sf(k, n, a, b):
        return mp.fsum(pmf(j, n, a, b) for j in range(int(k) + 1, int(n) + 1))
    return {"pmf": pmf, "logpmf": lambda k, n, a, b: mp.log(pmf(k, n, a, b)),
            "cdf": cdf, "sf": sf, "logcdf": lambda k, n, a, b: mp.log(cdf(k, n, a, b)),
            "logsf": lambda k, n, a, b: mp.log(sf(k, n, a, b))}


POINTS = [
    # both sides of the switch: the cdf at 3 of (10, 2, 3) is 0.45, at 4 0.59 (d2/db2 of the log sf at 3, -7.5e-4,
    # 1.8e-13 relative off: the log sum's terms are about 1)
    *[(f, (k, 10.0, 2.0, 3.0), i, 5e-13) for f in TAILS for k in (3.0, 4.0) for i in (2, 3)],
    # the ends' terms at tiny a (j = 0) and b (j = n): gamma(a) cancels in B(a, n + b) / B(a, b) (the other terms are
    # a times the rest: their d2/da2 is (1 / a + r')^2 - 1 / a^2 + r'', 6.5e-13 relative off at a = 1e-3)
    ("logcdf", (0.0, 10.0, 1e-3, 2.0), 2, 2e-12), ("logsf", (9.0, 10.0, 2.0, 1e-3), 3, 2e-12),
    # the log tails near 0: log(1 - x) had 1e-16 of x only (logsf(2, 30, 30, 0.2) is -1.1e-16)
    ("logsf", (2.0, 30.0, 30.0, 0.2), 2, 1e-13), ("logcdf", (20.0, 30.0, 0.7, 40.0), 3, 1e-13),
    ("logsf", (0.0, 30.0, 2.0, 0.1), 2, 1e-13),
    # far out on a long n: a few terms each (d2/db2 1.3e-12 relative off at 999998)
    ("logcdf", (1.0, 1e6, 2.0, 0.1), 2, 1e-13), ("logsf", (999998.0, 1e6, 2.0, 3.0), 3, 5e-12),
    # the log pmf as a term of those sums (through gammaln and SciPy's betaln logpmf(0, 1, 1, 1e6) was 1.7e-7 off;
    # then 9.5e-11, log B(1, 1e6 + 2) - log B(1, 1e6 + 1) a difference of terms near 14; at n = 1000 1.1e-9; now at
    # the ends -sum_j<n log1p(a / (b + j)))
    ("logpmf", (0.0, 1.0, 1.0, 1e6), 2, 1e-14), ("logpmf", (0.0, 1000.0, 1.0, 1e6), 3, 1e-14),
    ("logpmf", (3.0, 10.0, 2.0, 3.0), 3, 1e-13),
    # a one-term side (the end j = n) taken as it is: through 1 minus the other side's 1000 terms d2/db2 was 2.2e-9 off
    ("logsf", (999.0, 1000.0, 200.0, 1e-5), 3, 1e-14),
    ("pmf", (10.0, 10.0, 2.0, 1e-3), 3, 2e-12),
]
test_against_mpmath = mp_points_test(B, _mp_functions, POINTS)


def test_support_ends_and_n_0():
    """Below the support the cdf is 0 (log -inf), from n on 1 (log 0), with derivatives 0; at n = 0 the point 0."""
    k = np.array([-1.0, 0.0, 5.0, 6.0])
    assert list(B.cdf(k, 5, 2.0, 3.0)[[0, 2, 3]]) == [0.0, 1.0, 1.0]
    assert list(B.sf(k, 5, 2.0, 3.0)[[0, 2, 3]]) == [1.0, 0.0, 0.0]
    assert list(B.logcdf([-1, 0, 3], 0, 2.0, 3.0)) == [-np.inf, 0.0, 0.0]
    assert list(B.logsf([-1, 0], 0, 2.0, 3.0)) == [0.0, -np.inf]
    for f in TAILS:
        assert list(wg.grad(lambda a: getattr(B, f)(np.array([-1.0, 5.0]), 5, a, 3.0)[0])(2.0) for _ in (0,)) == [0.0]
        assert float(wg.grad(wg.grad(lambda b: getattr(B, f)(5.0, 5, 2.0, b)))(3.0)) == 0.0


def test_a_traced_n_is_refused_and_both_sides_too_long():
    for f in TAILS:
        with pytest.raises(wg.NoGradientRule, match=f"betabinom.{f}.*n"):
            wg.grad(lambda n: getattr(B, f)(2.0, n, 2.0, 3.0))(10.0)
    with pytest.raises(ValueError, match=r"betabinom.logsf: both tails are sums of more than 1000000 terms"):
        B.logsf(1.5e6, 3e6, 2.0, 3.0)
    assert np.isfinite(B.logsf(5.0, 3e6, 2.0, 3.0))


def _is_quantile(function, q, k, parameters):
    """``k`` is the smallest count with ``cdf(k) >= q`` (ppf; isf: ``sf(k) <= q``), above q = 1/2 through the other
    tail at ``1 - q``."""
    upper = function == "isf"
    tail, other = (B.sf, B.cdf) if upper else (B.cdf, B.sf)
    flip = q > 0.5

    def meets(x):
        if x < 0:  # (below the support: the cdf 0, the sf 1)
            return False
        return (float(other(x, *parameters)) >= 1 - q if upper else float(other(x, *parameters)) <= 1 - q) if flip \
            else (float(tail(x, *parameters)) <= q if upper else float(tail(x, *parameters)) >= q)
    return meets(k) and not meets(k - 1)


@pytest.mark.parametrize("parameters", [(1e6, 2.0, 0.1), (1e6, 2.0, 3.0), (40, 0.5, 0.5)])
@pytest.mark.parametrize("function", ("ppf", "isf"))
def test_far_quantiles_by_their_definition(parameters, function):
    for q in (1e-300, 1e-12, 1 - 1e-16):
        k = float(getattr(B, function)(q, *parameters))
        assert _is_quantile(function, q, k, parameters), (q, k)


def test_far_quantile_values():
    # mpmath (40 digits) at (1e6, 2, 3): cdf(0) = 1.19999e-11, cdf(1) = 3.59997e-11; sf(999998) = pmf(n) + pmf(n - 1)
    # = 9.59991e-17, sf(999997) = 2.39997e-16
    assert list(B.ppf([1e-11, 3e-11, 3.6e-11], 1e6, 2.0, 3.0)) == [0.0, 1.0, 2.0]
    assert list(B.isf([1e-16, 2.3e-16, 2.4e-16], 1e6, 2.0, 3.0)) == [999998.0, 999998.0, 999997.0]


@pytest.mark.parametrize("method, k, a, b", [("logsf", 0, 1e-10, 3.0), ("logcdf", 29, 3.0, 1e-10),
                                             ("logsf", 0, 0.01, 0.5)])
def test_log_one_minus_an_end_second_order(method, k, a, b):
    """``log(1 - pmf(0))`` (``log(1 - pmf(n))``) as ``log a + log(s) + log((1 - e^-W) / W)`` where ``W = -log pmf(0)``
    is small (``W = a s``): through ``log(-expm1(-W))`` d2/da db was two terms of size ``1 / a`` apart
    (betabinom.logsf(0, 30, a, 3) at a = 1e-10: 0.2018866 and 0.2018868 for 0.2018869, 1.3e-6 relative off). The Hessian
    in (a, b) on every path against mpmath's."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        def truth_f(a, b):
            end = mp.beta(a, 30 + b) / mp.beta(a, b) if k == 0 else mp.beta(30 + a, b) / mp.beta(a, b)
            return mp.log(1 - end)
        point = (mp.mpf(a), mp.mpf(b))
        truth = np.array([[float(mp.diff(truth_f, point, (int(i == 0) + int(j == 0), int(i == 1) + int(j == 1))))
                           for j in range(2)] for i in range(2)])

    def f(v):
        return getattr(B, method)(k, 30, v[0], v[1])
    v = np.array([a, b])
    for path in (wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacrev(wg.jacfwd(f)), wg.jacfwd(wg.jacfwd(f))):
        np.testing.assert_allclose(path(v), truth, rtol=1e-13)
