"""``scipy.stats``' ``betanbinom`` (nbinom's failures at a success chance beta(a, b)), differentiable in a and b; n a
count.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's; values and first and second derivatives (reverse
over reverse, forward over reverse, hessian) in a and b against mpmath at both sides of the tails' switch (the smaller
side summed, the other 1 - it), far out (SciPy's sf, 1 - cdf, is 0 where it underflows), for a long n; the tails'
identity (betabinom's cdf) against mpmath's 3F2 and 1 - cdf; the moments both sides of their poles; n = 0 (the point
0: SciPy's pmf NaN, its median 25); float32; refusal outside the valid parameters; a traced n, count or shift
refused; no entropy (SciPy sums it numerically).
"""
import numpy as np
import pytest

import wengert as wg
from opcheck import COUNT_FUNCTIONS, case, count_refusals_check, gradient_test, mp_points_test, stats_values_test

stats = pytest.importorskip("wengert.scipy.stats", reason="SciPy is not installed: it is the optional extra of "
                            'wengert (pip install "wengert[scipy]")')
B = stats.betanbinom
MOMENTS = ("mean", "var", "std")
COUNTS = np.array([0.0, 1.0, 4.0, 30.0])

CASES = [
    *[case(getattr(B, f), lambda a, b, f=f: getattr(B, f)(COUNTS, 3, a, b), np.array([[0.7], [3.5]]),
           np.array([[0.4], [2.0]]), id=f"betanbinom.{f}-counts") for f in COUNT_FUNCTIONS],
    *[case(getattr(B, f), lambda a, b, f=f: getattr(B, f)(np.array([0.0, 2.0]), 40, a, b), np.array([1.5, 6.0]),
           np.array([2.5, 0.8]), id=f"betanbinom.{f}-long-n") for f in COUNT_FUNCTIONS],
    *[case(getattr(B, m), lambda a, b, m=m: getattr(B, m)(3, a, b, 2), np.array([2.5, 7.5]), np.array([0.5, 3.0]),
           id=f"betanbinom.{m}-loc") for m in MOMENTS],
]
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    # (where SciPy's tails are accurate: its sf and logsf are 1 - cdf, its logcdf log(cdf), off where the sf is small)
    *[(f"betanbinom.{f}", (np.array([-1.0, 0.0, 1.0, 4.0, 30.0]), np.array([[1.0], [3.0], [20.0]]),
                           np.array([[[0.5]], [[1.5]], [[3.0]]]), b)) for f in COUNT_FUNCTIONS for b in (0.4, 2.5)],
    *[(f"betanbinom.{m}", (np.array([1.0, 3.0, 20.0]), np.array([[0.5], [1.5], [2.5], [7.0]]), 2.0, 2))
      for m in MOMENTS + ("median",)],
    *[(f"betanbinom.{m}", (np.array([0.0, 0.3, 0.7, 1.0]), 3, 2.5, 2.0, 1)) for m in ("ppf", "isf")],
    ("betanbinom.interval", (0.9, 3, 2.5, 2.0, 2)), ("betanbinom.support", (3, 2.5, 2.0, 2)),
]
# (SciPy's sf and logsf are 1 - cdf: 1.2e-11 relative off where the sf is 5e-5)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"betanbinom.sf": 1e-10, "betanbinom.logsf": 1e-10,
                                                                     "betanbinom.cdf": 1e-12})


def _mp_functions(mp):
    def pmf(k, n, a, b):
        return mp.binomial(n + k - 1, k) * mp.beta(a + n, b + k) / mp.beta(a, b)

    def cdf(k, n, a, b):
        return mp.fsum(pmf(j, n, a, b) for j in range(int(k) + 1))

    def sf(k, n, a, b):  # (fewer than n successes in n + k trials: betabinom's cdf, checked below against 3F2)
        return mp.fsum(mp.binomial(n + k, s) * mp.beta(s + a, n + k - s + b) / mp.beta(a, b) for s in range(int(n)))
    return {"logpmf": lambda k, n, a, b: mp.log(pmf(k, n, a, b)), "pmf": pmf, "cdf": cdf, "sf": sf,
            "logcdf": lambda k, n, a, b: mp.log(cdf(k, n, a, b)), "logsf": lambda k, n, a, b: mp.log(sf(k, n, a, b)),
            "mean": lambda n, a, b: n * b / (a - 1),
            "var": lambda n, a, b: n * b * (n + a - 1) * (a + b - 1) / ((a - 2) * (a - 1) ** 2),
            "std": lambda n, a, b: mp.sqrt(n * b * (n + a - 1) * (a + b - 1) / ((a - 2) * (a - 1) ** 2))}


POINTS = [
    # both sides of the switch (the smaller side summed): the cdf at 4 of (3, 2.5, 2) is 0.80, at 1 0.43
    *[(f, (4.0, 3.0, 2.5, 2.0), i, 1e-13) for f in COUNT_FUNCTIONS for i in (2, 3)],
    *[(f, (1.0, 3.0, 2.5, 2.0), i, 1e-13) for f in ("logcdf", "logsf", "cdf", "sf") for i in (2, 3)],
    # the shorter side above 1/2 (k + 1 < n: the sf is summed over n terms), far out, a long n, small shapes
    # (d2/db2 of the log cdf there, -0.045, the difference of terms near 5: 1.3e-13 relative at the floor's NumPy)
    *[(f, (2.0, 40.0, 1.5, 0.3), i, 5e-13) for f in ("logcdf", "logsf") for i in (2, 3)],
    *[(f, (3000.0, 2.0, 30.0, 2.0), i, 1e-12) for f in ("logsf", "logpmf", "sf") for i in (2, 3)],
    ("logcdf", (0.0, 500.0, 3.0, 0.5), 2, 1e-13), ("logsf", (0.0, 3.0, 0.05, 0.05), 3, 1e-13),
    ("logsf", (200.0, 3.0, 0.3, 4.0), 2, 1e-12),
    # a log tail near 0, 1 - the other side (log(1 - x) kept 1e-16 of x only: logcdf(3, 1, 40, 1e-3) was 1.7e-9 off)
    ("logcdf", (3.0, 1.0, 40.0, 1e-3), 3, 1e-13),
    # the side asked for, one term, as it is: log(b / (a + b)) as -log1p(a / b) (through 1 minus the other side, a / (a
    # + b), d2/da2 was 3e-8 off at a = 1e-8)
    ("logsf", (0.0, 1.0, 1e-8, 1.0), 2, 1e-14),
    # the moments near their poles
    ("mean", (3.0, 1.0 + 1e-6, 2.0), 1, 1e-9), ("var", (3.0, 2.0 + 1e-6, 2.0), 1, 1e-9),
    ("std", (3.0, 2.5, 0.5), 2, 1e-13), ("var", (1e6, 3.5, 2.0), 1, 1e-13),
]
test_against_mpmath = mp_points_test(B, _mp_functions, POINTS)


def test_the_tails_identity_against_3f2_and_the_cdf():
    """``P(K > k)`` is betabinom's cdf at n - 1 of n + k trials: against mpmath's ``pmf(k + 1) 3F2(1, n + k + 1, b + k +
    1; k + 2, a + n + b + k + 1; 1)`` and ``1 - cdf`` (50 digits)."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        pmf = _mp_functions(mp)["pmf"]
        for k, n, a, b in ((5, 3, 2.5, 2.0), (40, 7, 4.0, 0.5), (10 ** 4, 2, 30.0, 2.0), (0, 60, 3.5, 1.5)):
            want = pmf(k + 1, n, a, b) * mp.hyp3f2(1, n + k + 1, b + k + 1, k + 2, a + n + b + k + 1, 1)
            if k < 100:
                assert abs(want - (1 - _mp_functions(mp)["cdf"](k, n, a, b))) < 1e-40
            assert float(B.sf(k, n, a, b)) == pytest.approx(float(want), rel=1e-14)


def test_where_scipy_is_off():
    """SciPy's sf is 1 - cdf: 0 where the sf is below the cdf's rounding (the truth 2.4113776507009812e-85 at (10^4, 2,
    30, 2)), its logsf NaN at 10^5 (the truth -263.86711224283..., mpmath at 50 digits)."""
    import scipy.stats
    assert scipy.stats.betanbinom.sf(1e4, 2, 30.0, 2.0) == 0.0
    assert float(B.sf(1e4, 2, 30.0, 2.0)) == pytest.approx(2.4113776507009812e-85, rel=1e-14)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        want = float(mp.log(_mp_functions(mp)["sf"](10 ** 5, 2, 30, 2)))
    assert float(B.logsf(1e5, 2, 30.0, 2.0)) == pytest.approx(want, rel=1e-14)


def test_n_0_is_the_point_0():
    """At n = 0 (valid in SciPy) the point 0: the pmf 1 at 0, the cdf 1 from 0 on, the moments 0 with derivatives 0,
    the quantiles 0 (-1 at q = 0 for ppf, at q = 1 for isf: SciPy's start - 1). SciPy's pmf and cdf there are NaN,
    its ppf(0.5, 0, 2, 3) 25, its mean at a <= 1 inf."""
    assert list(B.pmf([0, 1], 0, 2.0, 3.0)) == [1.0, 0.0] and list(B.logpmf([0, 1], 0, 2.0, 3.0)) == [0.0, -np.inf]
    assert list(B.cdf([-1, 0, 5], 0, 2.0, 3.0)) == [0.0, 1.0, 1.0] and list(B.sf([-1, 0, 5], 0, 2.0, 3.0)) == [1, 0, 0]
    assert list(B.logsf([-1, 0], 0, 2.0, 3.0)) == [0.0, -np.inf] and list(B.logcdf([-1, 0], 0, 2.0, 3.0)) == [-np.inf, 0]
    assert list(B.ppf([0.0, 0.3, 1.0], 0, 2.0, 3.0, 2)) == [1.0, 2.0, 2.0]
    assert list(B.isf([0.0, 0.3, 1.0], 0, 2.0, 3.0)) == [0.0, 0.0, -1.0] and B.median(0, 2.0, 3.0) == 0.0
    for m in MOMENTS:
        for a in (0.5, 1.5, 3.0):
            assert getattr(B, m)(0, a, 3.0) == 0.0
            assert wg.grad(lambda a: getattr(B, m)(0, a, 3.0))(a) == 0.0
            assert wg.grad(wg.grad(lambda b: getattr(B, m)(0, a, b)))(3.0) == 0.0
    for f in COUNT_FUNCTIONS:
        assert wg.grad(lambda a: getattr(B, f)(np.array([0.0, 3.0]), 0, a, 3.0).sum())(2.0) == 0.0


def test_the_moments_past_their_poles_are_inf_with_derivative_0():
    for m, pole in (("mean", 1.0), ("var", 2.0), ("std", 2.0)):
        for a in (0.3, pole):
            assert getattr(B, m)(3, a, 2.0) == np.inf
            assert wg.grad(lambda a: getattr(B, m)(3, a, 2.0))(a) == 0.0
            assert wg.grad(lambda b: getattr(B, m)(3, a, b))(2.0) == 0.0


def test_no_entropy():
    """SciPy sums it numerically (no closed form): none here."""
    assert not hasattr(B, "entropy")


def test_float32_stays_float32():
    import scipy.stats
    f = np.float32
    for name in COUNT_FUNCTIONS:
        got = getattr(B, name)(np.array([0.0, 1.0, 3.0]), 3, f(2.5), f(2.0))
        assert got.dtype == np.float32, name
        np.testing.assert_allclose(got, getattr(scipy.stats.betanbinom, name)([0.0, 1.0, 3.0], 3, 2.5, 2.0), rtol=2e-6)
    for name in MOMENTS + ("median",):
        assert np.asarray(getattr(B, name)(3, f(2.5), f(2.0))).dtype == np.float32, name
    assert np.asarray(wg.grad(lambda a: B.logsf(3.0, 3, a, f(2.0)))(f(2.5))).dtype == np.float32


def test_invalid_parameters_are_refused():
    for name in COUNT_FUNCTIONS + MOMENTS + ("ppf", "isf", "median"):
        method, first = getattr(B, name), (0.3,) if name in ("ppf", "isf") else () if name in MOMENTS + ("median",) \
            else (2,)
        assert np.isfinite(method(*first, 3, 2.5, 2.0)), name
        for args, words in (((3, np.array([2.5, 0.0]), 2.0), "a must be > 0"),
                            ((3, 2.5, np.array([2.0, -1.0])), "b must be > 0"),
                            ((np.array([3.0, 2.5]), 2.5, 2.0), "n must be a whole number >= 0"),
                            ((-1, 2.5, 2.0), "n must be a whole number >= 0"),
                            ((np.inf, 2.5, 2.0), "n must be finite"), ((3, np.inf, 2.0), "a must be finite"),
                            ((3, 2.5, np.array([2.0, np.inf])), "b must be finite")):
            with pytest.raises(ValueError, match=rf"^betanbinom: .*{words}.* \(SciPy gives NaN\)$"):
                method(*first, *args)
        for i, bad in ((1, 0.0), (2, -1.0)):
            def g(t, i=i):
                args = [3, 2.5, 2.0]
                args[i] = t
                return method(*first, *args)
            for call in (lambda: wg.grad(g)(bad), lambda: wg.jvp(g, (bad,), (1.0,))):
                with pytest.raises(ValueError, match="^betanbinom: "):
                    call()


def test_a_traced_n_count_or_shift_is_refused():
    count_refusals_check(B, (3, 2.5, 2.0))
    for name in COUNT_FUNCTIONS + ("ppf",) + MOMENTS + ("median",):
        method = getattr(B, name)
        first = (0.5,) if name == "ppf" else () if name in MOMENTS + ("median",) else (3.0,)
        with pytest.raises(wg.NoGradientRule, match=f"betanbinom.{name}.*n"):
            wg.grad(lambda n: method(*first, n, 2.5, 2.0))(3.0)


def test_both_tails_longer_than_a_million_terms_are_refused():
    with pytest.raises(ValueError, match=r"betanbinom.logsf: both tails are sums of more than 1000000 terms"):
        B.logsf(2e6, 2e6, 2.5, 2.0)
    assert np.isfinite(B.logsf(2e6, 3, 2.5, 2.0)) and np.isfinite(B.logcdf(2, 2e6, 2.5, 2.0))
