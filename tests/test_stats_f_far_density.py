"""f.pdf far out: its far form's powers of x - loc and the scale apart (session 51's Left 1, item 1).

At dfn = dfd = 2 the density is exactly ``s / (u + s)^2`` (u = x - loc), so the truths are rationals (fractions).
Through z, d2/dscale2 of the far form ``z^-2 (1 + 1/z)^-2 / s`` (scale / u^2 to leading order) was terms of ``2 / (u^2
s)`` apart with their rounding: f.pdf(1.5e20, 2, 2, 0, 1.5)'s 0.0 for -1.185e-60; at 1.5e100 the far form was gated
off (z^(-b - 3) not a normal float) and exp(log density) was 83 ulp off.
"""
from fractions import Fraction

import numpy as np

import wengert as wg
from wengert.scipy import stats


def _truth(x, s):
    u, s = Fraction(x), Fraction(s)
    t = u + s
    value = s / t ** 2
    dx, ds = -2 * s / t ** 3, (u - s) / t ** 3
    dxx, dxs, dss = 6 * s / t ** 4, (4 * s - 2 * u) / t ** 4, (2 * s - 4 * u) / t ** 4
    # (x, loc, scale): d/dloc = -d/dx
    grad = [dx, -dx, ds]
    hess = [[dxx, -dxx, dxs], [-dxx, dxx, -dxs], [dxs, -dxs, dss]]
    return float(value), np.array([float(v) for v in grad]), np.array([[float(v) for v in r] for r in hess])


def test_far_density_in_x_loc_and_scale():
    for x in (1.5e20, 1.5e100):
        value, grad, hess = _truth(x, 1.5)

        def f(v):
            return stats.f.pdf(v[0], 2.0, 2.0, v[1], v[2])
        at = np.array([x, 0.0, 1.5])
        assert float(stats.f.pdf(x, 2.0, 2.0, 0.0, 1.5)) == value
        np.testing.assert_allclose(wg.grad(f)(at), grad, rtol=1e-15)
        np.testing.assert_allclose(wg.hessian(f)(at), hess, rtol=1e-14)
        np.testing.assert_allclose(wg.jacfwd(wg.grad(f))(at), hess, rtol=1e-14)
