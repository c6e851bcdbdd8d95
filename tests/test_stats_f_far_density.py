"""f.pdf far out: its far form's powers of x - loc and the scale apart (session 51's Left 1, item 1).

At dfn = dfd = 2 the density is exactly ``s / (u + s)^2`` (u = x - loc), so the truths are rationals (fractions).
Through z, d2/dscale2 of the far form ``z^-2 (1 + 1/z)^-2 / s`` (scale / u^2 to leading order) was terms of ``2 / (u^2
s)`` apart with their rounding: f.pdf(1.5e20, 2, 2, 0, 1.5)'s 0.0 for -1.185e-60; at 1.5e100 the far form was gated
off (z^(-b - 3) not a normal float) and exp(log density) was 83 ulp off.
"""
from fractions import Fraction

from opcheck import lazy_mp as mp
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


def _log_density_jet(x, dfn, dfd, s):
    """f's log density in (dfn, dfd) at 60 digits, its value and derivatives (1, 0), (0, 1), (2, 0), (1, 1), (0, 2)."""
    with mp.workdps(60):
        z = mp.mpf(x) / mp.mpf(s)

        def log_density(n, d):
            a, b = n / 2, d / 2
            return (a * mp.log(n / d) + (a - 1) * mp.log(z) - (a + b) * mp.log1p(n * z / d) - mp.log(mp.beta(a, b))
                    - mp.log(s))
        at = (mp.mpf(dfn), mp.mpf(dfd))
        return [float(mp.diff(log_density, at, order)) for order in ((0, 0), (1, 0), (0, 1), (2, 0), (1, 1), (0, 2))]


def test_far_density_in_the_degrees_of_freedom():
    # (far out -b log(dfn / dfd) - log B(a, b)'s derivatives in a = dfn / 2 are 0 at dfd = 2 (b = 1), d2/ddfd2's at
    # dfn = dfd = 2, and the truth O(1 / z): through the digammas' differences f.logpdf(1.5e20, 2, 2, 0, 1.5)'s d/ddfn
    # was 0.0 for 5e-21, at dfn = 4 5.6e-17 for 1.25e-21; and at (1.05, 30, 0.7) 6e-14 off, psi(a + b) - psi(a) - b / a
    # cancelling)
    for x, dfn, dfd, s in ((1.5e20, 2.0, 2.0, 1.5), (1.5e20, 4.0, 2.0, 1.5), (1.05, 30.0, 0.7, 1.0)):
        value, dn, dd, dnn, dnd, ddd = _log_density_jet(x, dfn, dfd, s)
        hess = np.array([[dnn, dnd], [dnd, ddd]])
        for traced_x in (False, True):  # (through x plain, and x traced: the far form either way)
            def log_density(v):
                return stats.f.logpdf(v[2] if traced_x else x, v[0], v[1], 0.0, s)
            at = np.array([dfn, dfd, x])
            np.testing.assert_allclose(wg.grad(log_density)(at)[:2], [dn, dd], rtol=1e-13)
            np.testing.assert_allclose(wg.hessian(log_density)(at)[:2, :2], hess, rtol=1e-13)
        density = wg.grad(lambda v: stats.f.pdf(x, v[0], v[1], 0.0, s))(np.array([dfn, dfd]))
        np.testing.assert_allclose(density, np.exp(value) * np.array([dn, dd]), rtol=1e-13)
