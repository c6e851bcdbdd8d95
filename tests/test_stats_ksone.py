"""``scipy.stats``' ``ksone``: the distribution of the one-sided Kolmogorov-Smirnov statistic ``D_n^+``. Its density and
tails in x, loc and scale (n a constant).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's (away from the jumps of the density at ``i / n``, where SciPy
takes either side); values, gradients and Hessians in (x, loc, scale) of the six functions against mpmath (Birnbaum
and Tingey's sum at 60 digits, mp.diff on its piece for the derivatives) at small and large n, near z = 0 (the cdf
1e-28, where ``1 - sf`` cancels in floats) and near 1 (the sf 1e-70); the five second-order paths; the jumps and the
ends; the refusals.
"""
import functools

import numpy as np
import pytest

from stats_file import ST, TAILS, distribution  # (first: it skips the file without SciPy)
from opcheck import (assert_close_or_tiny, case, five_hessians, gradient_test, location_scale_jet_from_z,
                     location_scale_jets_test, refusals_test, stats_values_test)
import wengert as wg
from wengert.errors import NoGradientRule

T, _f = distribution("ksone")

CASES = [
    *[case(_f(f), lambda x, loc, scale, f=f: _f(f)(x, 5, loc, scale), np.array([0.13, 0.35, 0.71]),
           np.array([[0.0], [-0.01]]), 1.1, id=f"ksone.{f}") for f in TAILS],
    *[case(_f(f), lambda q, loc, scale, f=f: _f(f)(q, 5, loc, scale), np.array([0.13, 0.6, 0.97]), 0.1, 1.1,
           id=f"ksone.{f}") for f in ("ppf", "isf")],
    case(_f("median"), lambda loc, scale: T.median(5, loc, scale), 0.1, 1.1, id="ksone.median"),
    case(_f("interval"), lambda c, loc, scale: T.interval(c, 5, loc, scale)[0] + 2 * T.interval(c, 5, loc, scale)[1],
         0.8, 0.1, 1.1, id="ksone.interval"),
    *[case(_f(f), lambda loc, scale, f=f: _f(f)(5, loc, scale), 0.1, 1.1, id=f"ksone.{f}")
      for f in ("mean", "var", "std")],
]
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"ksone.{f}", (np.array([-1.0, 0.0, 0.013, 0.3, 0.55, 0.97, 1.0, 1.5]), n, loc, 1.3)) for f in TAILS
      for n, loc in ((1, 0.0), (3, 0.1), (40, -0.2))],
    *[(f"ksone.{f}", (np.array([0.0, 1e-12, 0.2, 0.5, 0.9, 1.0]), n, 0.1, 1.3)) for f in ("ppf", "isf")
      for n in (1, 3, 40)],
    ("ksone.median", (np.array([1, 3, 40]), 0.1, 1.3)),
    ("ksone.interval", (0.9, np.array([1, 3, 40]), 0.1, 1.3)),
    # (SciPy's moments are quadratures: 2e-9 relative off at n = 5, 1e-7 at 40; compared at n = 1, 2, exact below)
    *[(f"ksone.{f}", (np.array([1, 2]), 0.1, 1.3)) for f in ("mean", "var", "std")],
]
#: (SciPy's log density near z = 0, where the density is 1 + O(z): log of its rounded density)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"ksone.logpdf": 2e-13, "ksone.var": 1e-13,
                                                                     "ksone.std": 1e-13})


#: (q, n, upper): the ppf in the middle and low (cdf 1e-30 at n = 30: z 1e-30), near 1 from the sf's side (n = 12), the
#: isf far out (sf 1e-40), n = 1 (the uniform)
QUANTILE_POINTS = [(0.3, 5, False), (1e-30, 30, False), (0.999, 12, False), (1e-40, 30, True), (0.3, 1, True)]


def test_quantiles_against_mpmath():
    # the root of Birnbaum and Tingey's sum at 50 digits (bisection), its q-derivatives the inverse function's (1 /
    # pdf, -pdf' / pdf^3, the sum's own by mp.diff; negated for the isf); correctly rounded in q's level (the float
    # z nearest the root: 2 ulp), the derivatives within 1e-13
    mp = pytest.importorskip("mpmath")
    for q, n, upper in QUANTILE_POINTS:
        with mp.workdps(50):
            def sf(z, n=n):
                return (1 - z) ** n + z * mp.fsum(mp.binomial(n, j) * (1 - z - mp.mpf(j) / n) ** (n - j) * (
                    z + mp.mpf(j) / n) ** (j - 1) for j in range(1, n) if mp.mpf(j) / n < 1 - z)

            def level(z, q=q, n=n, upper=upper):  # (rising in z)
                return (mp.mpf(q) - sf(z)) if upper else (1 - sf(z) - mp.mpf(q))
            lo, hi = mp.mpf(0), mp.mpf(1)
            for _ in range(60):  # (to the piece, then the secant method on its polynomial)
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if level(mid) < 0 else (lo, mid)
            z = mp.findroot(level, (lo, hi), solver="anderson")
            pdf, slope = -mp.diff(sf, z, 1), -mp.diff(sf, z, 2)
            sign = -1 if upper else 1
            truth = [float(z), float(sign / pdf), float(-slope / pdf ** 3)]
        f = T.isf if upper else T.ppf
        got = float(f(q, n))
        assert abs(got - truth[0]) <= 2 * np.spacing(truth[0]), (q, n, upper, got, truth[0])
        g = wg.grad(lambda q, f=f, n=n: f(q, n))
        assert float(g(q)) == pytest.approx(truth[1], rel=1e-13), (q, n, upper)
        for h in (wg.grad(g), wg.jacfwd(g)):
            assert float(h(q)) == pytest.approx(truth[2], rel=1e-13, abs=1e-300), (q, n, upper)
        # (in loc and scale: loc + scale z)
        assert wg.grad(lambda v, f=f, n=n, q=q: f(q, n, v[0], v[1]))(np.array([0.1, 1.3])) == pytest.approx(
            [1.0, got], rel=1e-15)


def test_ppf_far_below_converges():
    # ksone.ppf(1e-140, 5) raised "did not converge" (p below ~1e-122 at every n: the bracket's halvings from the
    # median toward the root, ~p, took more than 400 steps); the truth one Newton step from wengert's root on
    # Birnbaum and Tingey's cdf at 400 digits (the cdf is z + (n - 1) z^2 + ...: the root p (1 - (n - 1) p), whose
    # nearest float is p), the derivative 1 / pdf
    mp = pytest.importorskip("mpmath")
    for q, n in ((1e-140, 5), (1e-300, 40), (3e-19, 3)):
        got = float(T.ppf(q, n))
        with mp.workdps(400):
            def cdf(z, n=n):
                return 1 - (1 - z) ** n - z * mp.fsum(mp.binomial(n, j) * (1 - z - mp.mpf(j) / n) ** (n - j) * (
                    z + mp.mpf(j) / n) ** (j - 1) for j in range(1, n) if mp.mpf(j) / n < 1 - z)
            z = mp.mpf(got)
            pdf = mp.diff(cdf, z)
            root = z - (cdf(z) - mp.mpf(q)) / pdf
        assert got == float(root), (q, n, got, float(root))
        assert float(wg.grad(lambda q, n=n: T.ppf(q, n))(q)) == pytest.approx(float(1 / pdf), rel=1e-15)


def test_moments_against_mpmath():
    # E z and E z^2 - (E z)^2 by mpmath's quadrature of the sf (z sf for the second moment) on each piece [i / n, (i +
    # 1) / n] at 30 digits; n = 1 and 2 in closed forms (1/2, 1/12; 3/8, 3/64)
    mp = pytest.importorskip("mpmath")
    assert [float(T.mean(n)) for n in (1, 2)] == [0.5, 0.375]
    assert [float(T.var(n)) for n in (1, 2)] == [1 / 12, 3 / 64]
    for n in (3, 7, 12):
        with mp.workdps(30):
            def sf(z, n=n):
                return (1 - z) ** n + z * mp.fsum(mp.binomial(n, j) * (1 - z - mp.mpf(j) / n) ** (n - j) * (
                    z + mp.mpf(j) / n) ** (j - 1) for j in range(1, n) if mp.mpf(j) / n < 1 - z)
            pieces = [mp.mpf(i) / n for i in range(n + 1)]
            mean = mp.quad(sf, pieces, method="gauss-legendre")
            second = 2 * mp.quad(lambda z: z * sf(z), pieces, method="gauss-legendre")
            truth = (float(mean), float(second - mean ** 2))
        assert float(T.mean(n)) == pytest.approx(truth[0], rel=2e-16), n
        assert float(T.var(n)) == pytest.approx(truth[1], rel=2e-16), n
        assert float(T.std(n, 0.3, 2.0)) == pytest.approx(2.0 * np.sqrt(truth[1]), rel=4e-16), n
    assert float(T.mean(5, 0.3, 2.0)) == pytest.approx(0.3 + 2.0 * 0.25104, rel=1e-15)  # (exactly 0.25104 at n = 5)
    with pytest.raises(NoGradientRule, match="with respect to n"):
        wg.grad(lambda n: T.mean(n))(3.0)


def test_quantile_at_a_jump_of_the_density_is_refused():
    # n = 2: cdf = z + z^2 below 1/2, 1 - (1 - z)^2 above; ppf(3/4) = 1/2, where the density jumps from 2 to 1
    assert float(T.ppf(0.75, 2)) == 0.5 and float(T.isf(0.25, 2)) == 0.5
    for f in (lambda q: T.ppf(q, 2), lambda q: T.isf(1.0 - q, 2)):
        with pytest.raises(NoGradientRule, match="jumps at z = i / n"):
            wg.grad(f)(0.75)
    assert float(wg.grad(lambda q: T.ppf(q, 2))(0.5)) == pytest.approx(1 / (1 + 2 * float(T.ppf(0.5, 2))), rel=1e-15)
    assert float(T.median(1)) == 0.5 and [float(v) for v in T.interval(0.5, 1)] == [0.25, 0.75]
    with pytest.raises(ValueError, match="q must be a probability"):
        T.ppf(1.5, 3)

#: (x, n, loc, scale): small n, the middle of n = 200, near z = 0 (cdf 1e-28 at n = 30) and 1 (sf 1e-70 at n = 60),
#: n = 5 between its jumps at 1/5 and 2/5
POINTS = [(0.37, 3, 0.1, 1.3), (0.1, 200, 0.0, 1.0), (0.003, 30, 0.0, 1.0), (0.95, 60, 0.0, 1.0),
          (0.3, 5, 0.0, 1.0)]


@functools.lru_cache(maxsize=None)
def _truths(k, method):
    """mpmath's value, gradient and Hessian of ``method`` at POINTS[k] in (x, loc, scale): Birnbaum and Tingey's sum at
    60 digits, its derivatives in z by mp.diff (a polynomial's on the piece), then the chain rule through z = (x -
    loc) / scale (and the density's 1 / scale)."""
    mp = pytest.importorskip("mpmath")
    x, n, loc, scale = POINTS[k]
    log, base = method.startswith("log"), method[3:] if method.startswith("log") else method
    with mp.workdps(60):
        def sf(z):
            return (1 - z) ** n + z * mp.fsum(mp.binomial(n, j) * (1 - z - mp.mpf(j) / n) ** (n - j) * (
                z + mp.mpf(j) / n) ** (j - 1) for j in range(1, n) if mp.mpf(j) / n < 1 - z)

        x, loc, s = (mp.mpf(v) for v in (x, loc, scale))
        z = (x - loc) / s
        s0, s1, s2, s3 = (mp.diff(sf, z, i) for i in range(4))
        # (the cdf's derivatives the sf's negated: through 1 - sf those below 1e-60 were lost near z = 1)
        g0, g1, g2 = {"sf": (s0, s1, s2), "cdf": (1 - s0, -s1, -s2), "pdf": (-s1, -s2, -s3)}[base]
        return location_scale_jet_from_z(base, log, (g0, g1, g2), z, s, mp.log1p(-s0) if base == "cdf" else None)


# (correctly rounded in z; z = (x - loc) / scale's own rounding times the condition number z f' / f, and the chain
# rule's)
test_value_gradient_hessian_against_mpmath = location_scale_jets_test(T, TAILS, POINTS, _truths, 1e-13)


def test_five_second_order_paths():
    for method in ("logpdf", "cdf"):
        def f(v):
            return getattr(T, method)(v[:, 0], 5, v[:, 1], v[:, 2])
        x, _, loc, scale = POINTS[4]
        for name, h in five_hessians(f, np.array([[x, loc, scale]])).items():
            assert_close_or_tiny(h[0], _truths(4, method)[2], 1e-13)


def test_the_jumps_and_the_ends():
    # the density jumps at 1 / n (n = 2: 2 on the left, 1 on the right: SciPy's right-hand limit, as at n = 5, 2.456;
    # SciPy 1.17's at n = 2 is 1.5, their mean)
    assert float(T.pdf(0.5, 2)) == 1.0 and float(T.pdf(0.5 - 2 ** -40, 2)) == pytest.approx(2.0, rel=1e-11)
    assert float(T.pdf(0.2, 5)) == pytest.approx(2.456, rel=1e-15)
    # a derivative reaching a jump is refused (n = 4: the points i / 4 are floats): the cdf's at 1 / n, the density's
    # at 1 / n and 2 / n
    for g, x in ((lambda x: T.cdf(x, 4), 0.25), (lambda x: T.pdf(x, 4), 0.5), (lambda x: T.logsf(x, 4), 0.25)):
        with pytest.raises(NoGradientRule, match="jumps at z = i / n"):
            wg.grad(g)(x)
    with pytest.raises(NoGradientRule, match="jumps at z = i / n"):
        wg.grad(wg.grad(lambda x: T.cdf(x, 4)))(0.5)
    assert float(wg.grad(lambda x: T.cdf(x, 4))(0.5)) == float(T.pdf(0.5, 4))  # (the density continuous there)
    # the ends: one-sided from inside (sf = (1 - z)^n near 1; n = 1: the uniform), the logs' where 0 refused
    assert [float(T.sf(v, 3)) for v in (0.0, 1.0)] == [1.0, 0.0] and float(T.pdf(1.0, 1)) == 1.0
    assert float(wg.grad(lambda x: T.sf(x, 1))(1.0)) == -1.0 and float(wg.grad(lambda x: T.pdf(x, 3))(1.0)) == 0.0
    for method, x in (("logsf", 1.0), ("logcdf", 0.0), ("logpdf", 1.0)):
        assert float(getattr(T, method)(x, 3)) == -np.inf
        with pytest.raises(NoGradientRule, match="an end of the support"):
            wg.grad(lambda x, method=method: getattr(T, method)(x, 3))(x)
    with pytest.raises(NoGradientRule, match="with respect to n"):
        wg.grad(lambda n: T.pdf(0.5, n))(3.0)


REFUSALS = [
    (lambda: T.pdf(0.5, 2.5), "ksone.pdf: n must be a positive integer"),
    (lambda: T.cdf(0.5, 0), "ksone.cdf: n must be a positive integer"),
    (lambda: T.logsf(0.5, 201), "ksone.logsf: n is limited to 200"),
    (lambda: T.logpdf(0.5, 3, 0.0, -1.0), "ksone.logpdf: scale must be positive"),
]
test_refusals = refusals_test(REFUSALS)
