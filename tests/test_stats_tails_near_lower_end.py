"""Tails a little above the lower end, z = (x - loc) / scale = 1e-300, with x, loc and the scale traced.

Truths: mpmath, closed forms (60 digits), ``mp.diff`` in steps relative to each argument (1e-310 in x and loc).
"""
import numpy as np

import wengert as wg
from wengert.scipy import stats

inf = np.inf


def _agrees(got, truth):
    got, truth = np.asarray(got), np.asarray(truth)
    finite = np.isfinite(truth)
    np.testing.assert_allclose(got[finite], truth[finite], rtol=1e-11, atol=1e-320)
    assert np.array_equal(got[~finite], truth[~finite])


def test_invweibull_logcdf_near_zero():
    """invweibull.logcdf = -z^-c at x = 1e-300 (c = 2, loc 0, scale 1.5) in [x, c, loc, scale]: every entry infinite
    (z^-c = 2.25e600), its sign from the closed form. Through z d2/dx dscale, d2/dloc dscale and d2/dscale2 met
    z^(-c - 2)'s overflow: NaN on every path, the truths +inf, -inf, -inf. At x = 1e-3 (z^-c = 2.25e6, the new form
    too) the finite truths."""
    def f(p):
        return stats.invweibull.logcdf(p[0], p[1], p[2], p[3])
    p = np.array([1e-300, 2.0, 0.0, 1.5])
    hessian = [[-inf, inf, inf, inf], [inf, -inf, -inf, -inf], [inf, -inf, -inf, -inf], [inf, -inf, -inf, -inf]]
    _agrees(wg.grad(f)(p), [inf, -inf, -inf, -inf])
    for second in (wg.hessian(f), wg.jacrev(wg.jacfwd(f))):
        _agrees(second(p), hessian)
    p = np.array([1e-3, 2.0, 0.0, 1.5])
    assert float(f(p)) == -2250000.0
    _agrees(wg.grad(f)(p), [4500000000.0, -16454745.870953178, -4500000000.0, -3000000.0])
    _agrees(wg.jacrev(wg.jacfwd(f))(p), [
        [-13499999999999.998, 35159491741.90636, 13499999999999.998, 6000000000.0],
        [35159491741.90636, -120337182.96784474, -35159491741.90636, -23439661.1612709],
        [13499999999999.998, -35159491741.90636, -13499999999999.998, -6000000000.0],
        [6000000000.0, -23439661.1612709, -6000000000.0, -2000000.0]])
