"""``scipy.stats``' ``irwinhall`` (SciPy 1.15 on: the floor's SciPy 1.13 has none, and the checks against SciPy skip
there): the sum of n standard uniforms. Its density, tails, mean, var and std, in x, loc and scale (n a constant).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: values, gradients and Hessians in (x, loc, scale) of the six functions against mpmath
(the textbook alternating sums at 400 digits, mp.diff for the derivatives) in the middle of large n (where the sum in
floats loses every digit), far in both tails (cdf 1e-165, density 1e-113), at small n; the five second-order paths;
the support's ends; the refusals (n not a positive integer or beyond 1000, n traced, the kink of the density's
derivative of order n - 1, the log functions' infinite derivatives at the ends); the moments; +-inf.
"""
import functools

import numpy as np
import pytest

from stats_file import ST, TAILS, distribution  # (first: it skips the file without SciPy)
from opcheck import (assert_close_or_tiny, case, five_hessians, gradient_test, location_scale_jet_from_z,
                     location_scale_jets_test, refusals_test, stats_values_test)
import wengert as wg
from wengert.errors import NoGradientRule

T, _f = distribution("irwinhall")
THEIRS = pytest.mark.skipif(not hasattr(ST, "irwinhall"), reason="SciPy < 1.15 has no irwinhall")

CASES = [
    *[case(_f(f), lambda x, loc, scale, f=f: _f(f)(x, 5, loc, scale), np.array([0.4, 1.5, 2.7, 4.6]),
           np.array([[0.0], [-0.1]]), 1.1, id=f"irwinhall.{f}") for f in TAILS],
    *[case(_f(m), lambda loc, scale, m=m: _f(m)(np.array([3, 8]), loc, scale), 0.2, 1.3, id=f"irwinhall.{m}")
      for m in ("mean", "var", "std", "median")],
    *[case(_f(f), lambda q, loc, scale, f=f: _f(f)(q, 5, loc, scale), np.array([1e-3, 0.3, 0.6, 0.9]),
           np.array([[0.0], [-0.1]]), 1.1, id=f"irwinhall.{f}") for f in ("ppf", "isf")],
    case(T.interval, lambda c, loc, scale: np.stack(T.interval(c, 4, loc, scale)), np.array([0.2, 0.9]), 0.1, 1.3,
         id="irwinhall.interval"),
]
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"irwinhall.{f}", (np.array([-1.0, 0.0, 0.3, 1.2, 2.5, 3.0, 4.0]), 3, loc, 1.3)) for f in TAILS
      for loc in (0.0, 0.1)],
    *[(f"irwinhall.{f}", (np.array([0.7, 5.3, 10.1, 19.0]), 20)) for f in TAILS],
    *[(f"irwinhall.{m}", (np.array([1, 4, 30]), 0.1, 1.3)) for m in ("mean", "var", "std", "median")],
    # (no tiny q: SciPy's isf at 1e-10 is 1 - q's, 7.7e-9 off at n = 20; against mpmath below)
    *[(f"irwinhall.{f}", (np.array([0.0, 0.01, 0.3, 0.5, 0.8, 1.0]), n, 0.1, 1.3)) for f in ("ppf", "isf")
      for n in (1, 3, 20)],
    ("irwinhall.interval", (0.8, np.array([1, 4, 30]), 0.1, 1.3)),
]
test_stats_values_are_scipys = THEIRS(stats_values_test(VALUE_CHECKS))

#: (x, n, loc, scale): small n; the middle of n = 60 and 200 (the float sum 3.5e-6 off and every digit lost); the far
#: lower tail (cdf 3e-165 at z = 0.0133) and the upper (sf 4e-150 at z = 49.98; scale 2, z exact: with scale 1.5
#: z's rounding alone moves n - z = 0.013 by 4e-13, the sf by 2e-11, as one float of x does); n = 2 beside its kink
POINTS = [(1.7, 3, 0.1, 1.3), (39.4, 60, 0.1, 1.3), (130.7, 200, 0.5, 1.3), (0.02, 50, 0.0, 1.5),
          (99.96, 50, 0.0, 2.0), (1.2, 2, 0.0, 1.0)]


@functools.lru_cache(maxsize=None)
def _truths(k, method):
    """mpmath's value, gradient and Hessian of ``method`` at POINTS[k] in (x, loc, scale): the alternating sums over
    every k (no symmetry) at 250 digits (the middle of n = 200 cancels 90, the upper end of n = 50 170), their
    derivatives in z the same sums with the power less one and two (a polynomial's on each piece), then the chain rule
    through z = (x - loc) / scale (and the density's 1 / scale)."""
    mp = pytest.importorskip("mpmath")
    x, n, loc, scale = POINTS[k]
    log, base = method.startswith("log"), method[3:] if method.startswith("log") else method
    with mp.workdps(250):
        def sums(z):  # (the function of z and its first two derivatives)
            sign, z = (-1, n - z) if base == "sf" else (1, z)
            p = n - 1 if base == "pdf" else n
            return [sign ** i * mp.fsum((-1) ** j * mp.binomial(n, j) * (z - j) ** (p - i)
                                        for j in range(int(mp.floor(z)) + 1)) / mp.factorial(p - i) if p >= i else
                    mp.mpf(0) for i in range(3)]
        x, loc, s = (mp.mpf(v) for v in (x, loc, scale))
        z = (x - loc) / s
        return location_scale_jet_from_z(base, log, sums(z), z, s)


# (correctly rounded in z; z = (x - loc) / scale's own rounding times the condition number z f'/f, up to n = 50 in
# the far tails, and the chain rule's)
# (where a truth is 0 mpmath's is its digits' rounding, 1e-246: logpdf's d2/dx dscale -(z g'' + g') / scale^2 at
# the lower end, g = (n - 1) log z: hence assert_close_or_tiny's floor of 1e-16 of the largest entry)
test_value_gradient_hessian_against_mpmath = location_scale_jets_test(T, TAILS, POINTS, _truths, 1e-12)


def test_five_second_order_paths():
    # every path at the small n and in the middle of n = 60, the log density and the sf
    for method in ("logpdf", "sf"):
        def f(v):
            return getattr(T, method)(v[:, 0], 60, v[:, 1], v[:, 2])
        x, _, loc, scale = POINTS[1]
        v = np.array([[x, loc, scale]])
        for name, h in five_hessians(f, v).items():
            assert_close_or_tiny(h[0], _truths(1, method)[2], 2e-13)


def test_at_the_support_ends_and_the_kink():
    # the ends: the one-sided limits from inside (n = 1: the uniform, density 1 there; n = 3: z^2 / 2, derivative 0)
    assert [float(T.pdf(v, 1)) for v in (0.0, 1.0)] == [1.0, 1.0]
    assert float(wg.grad(lambda x: T.pdf(x, 1))(0.0)) == 0.0
    assert float(wg.grad(lambda x: T.pdf(x, 3))(0.0)) == 0.0 and float(wg.grad(lambda x: T.pdf(x, 3))(3.0)) == 0.0
    assert float(wg.grad(wg.grad(lambda x: T.pdf(x, 3)))(0.0)) == 1.0
    assert float(wg.grad(wg.grad(lambda x: T.pdf(x, 3)))(3.0)) == 1.0
    assert float(wg.grad(lambda x: T.cdf(x, 2))(2.0)) == 0.0 and float(T.logsf(2.0, 2)) == -np.inf
    # the triangle's kink at 1 (and the density's second derivative for n = 3 at 1 and 2) is refused; beside it the
    # one-sided slopes
    for n, x, order in ((2, 1.0, 1), (3, 2.0, 2)):
        g = lambda x, n=n: T.pdf(x, n)  # noqa: E731
        for _ in range(order):
            g = wg.grad(g)
        with pytest.raises(NoGradientRule, match="jumps at the integers"):
            g(x)
    assert float(wg.grad(lambda x: T.pdf(x, 2))(1.0 - 2 ** -40)) == 1.0
    assert float(wg.grad(lambda x: T.pdf(x, 2))(1.0 + 2 ** -40)) == -1.0
    # the log functions' derivatives where the function is 0 at an end
    for method, x in (("logpdf", 0.0), ("logpdf", 3.0), ("logcdf", 0.0), ("logsf", 3.0)):
        assert float(getattr(T, method)(x, 3)) == -np.inf
        with pytest.raises(NoGradientRule, match="an end of the support"):
            wg.grad(lambda x, method=method: getattr(T, method)(x, 3))(x)


def test_n_is_a_constant_and_the_moments():
    with pytest.raises(NoGradientRule, match="with respect to n"):
        wg.grad(lambda n: T.pdf(1.5, n))(3.0)
    assert float(T.mean(3, 0.5, 2.0)) == 3.5 and float(T.var(3, 0.5, 2.0)) == 1.0 and float(T.std(12)) == 1.0
    assert float(wg.grad(lambda s: T.std(3, 0.0, s))(2.0)) == 0.5


REFUSALS = [
    (lambda: T.pdf(1.0, 2.5), "irwinhall.pdf: n must be a positive integer"),
    (lambda: T.cdf(1.0, 0), "irwinhall.cdf: n must be a positive integer"),
    (lambda: T.logsf(1.0, 1001), "irwinhall.logsf: n is limited to 1000"),
    (lambda: T.mean(-1), "irwinhall.mean: n must be a positive integer"),
    (lambda: T.logpdf(1.0, 3, 0.0, -1.0), "irwinhall.logpdf: scale must be positive"),
]
test_refusals = refusals_test(REFUSALS)



#: (q, n): far in the lower tail (z = 8.3e-5; at q = 1e-300 the second derivative, 1e595, overflows), q = 1e-10 at
#: n = 60 (the isf's root from the upper end), the middle
QUANTILES = [(1e-100, 20), (1e-10, 60), (0.3, 3), (0.7, 100)]


@pytest.mark.parametrize("method", ["ppf", "isf"])
def test_quantiles_against_mpmath(method):
    # the root of mpmath's log tail (the alternating sum at 150 digits: n = 100 cancels 30), its derivatives in q 1 / pdf and -pdf' / pdf^3
    # (isf: -1 / pdf, the same second): the root within an ulp, the derivatives within the root's rounding times their
    # condition (the density's z-derivative of order 1 and 2: 19 / z at z^19)
    mp = pytest.importorskip("mpmath")
    for q, n in QUANTILES:
        with mp.workdps(150):
            def power_sum(z, p):
                return mp.fsum((-1) ** j * mp.binomial(n, j) * (z - j) ** p
                               for j in range(int(mp.floor(z)) + 1)) / mp.factorial(p)

            def newton_step(z):  # (on log tail - log q; the tail's z-derivative +-pdf)
                tail = power_sum(z, n) if method == "ppf" else power_sum(n - z, n)
                return z - (mp.log(tail) - mp.log(q)) * tail / (power_sum(z, n - 1) * (1 if method == "ppf" else -1))
            z = mp.mpf(float(getattr(T, method)(q, n)))  # (from wengert's root, within ulps: 4 steps are 1e-120)
            for _ in range(4):
                z = newton_step(z)
            pdf, slope = power_sum(z, n - 1), power_sum(z, n - 2)
            want = [float(z), float((1 if method == "ppf" else -1) / pdf), float(-slope / pdf ** 3)]
        f = lambda q: getattr(T, method)(q, n)  # noqa: E731
        got = [float(f(q)), float(wg.grad(f)(q)), float(wg.grad(wg.grad(f))(q))]
        np.testing.assert_allclose(got[0], want[0], rtol=2.3e-16, err_msg=str((q, n)))
        np.testing.assert_allclose(got[1:], want[1:], rtol=1e-13, err_msg=str((q, n)))


def test_quantile_ends():
    # the support's ends, where the density vanishes for n >= 2: d/dq +-inf, d2/dq2 -inf at the lower end and +inf at
    # the upper, d2/dq dscale the slope's; n = 1 (the uniform) finite
    for method, q, n, want in (("ppf", 0.0, 3, [[-np.inf, 0.0, np.inf], [0.0] * 3, [np.inf, 0.0, 0.0]]),
                               ("isf", 0.0, 3, [[np.inf, 0.0, -np.inf], [0.0] * 3, [-np.inf, 0.0, 0.0]]),
                               ("ppf", 1.0, 1, [[0.0, 0.0, 1.0], [0.0] * 3, [1.0, 0.0, 0.0]])):
        def f(v, method=method, n=n):
            return getattr(T, method)(v[0], n, v[1], v[2])
        v = np.array([q, 0.25, 1.5])
        assert float(f(v)) == 0.25 + 1.5 * n * ((method == "isf") != (q == 1.0))
        for route in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f))):
            assert np.asarray(route(f)(v)).tolist() == want, (method, q, n)
