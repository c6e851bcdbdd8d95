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
]
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"ksone.{f}", (np.array([-1.0, 0.0, 0.013, 0.3, 0.55, 0.97, 1.0, 1.5]), n, loc, 1.3)) for f in TAILS
      for n, loc in ((1, 0.0), (3, 0.1), (40, -0.2))],
]
#: (SciPy's log density near z = 0, where the density is 1 + O(z): log of its rounded density)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"ksone.logpdf": 2e-13})

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
