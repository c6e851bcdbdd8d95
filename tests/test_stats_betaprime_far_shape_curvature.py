"""betaprime.pdf far out at b = 1: d2/da2 from 1 / B(a, b)'s second derivative, exactly 0 there (1 / B(a, 1) = a).

The far form is ``z^(-b - 1) (1 + 1/z)^(-a - b) / B(a, b)``; through ``exp(... - log B(a, b))`` its d2/da2 carried
``(psi(a + b) - psi(a))^2 + psi'(a + b) - psi'(a)``, whose roundings (~1e-17) exceed the truth's share ``-2 log1p(1/z)
/ a`` far out: betaprime.pdf(1e20, 2.5, 1)'s d2/da2 was 5.1e-57 (and 6.9e-57 by the first fix's D_1^2 + D_2 apart),
the truth -2e-60; 4.6e-12 relative off at 1e5. Truths: mpmath at 60 digits, ``mp.diff`` of the closed form in the
shapes.
"""
from opcheck import lazy_mp as mp
import numpy as np

import wengert as wg
from wengert.scipy import stats


def _truth(x, a, b):
    with mp.workdps(60):
        def pdf(a, b):
            return mp.exp((a - 1) * mp.log(x) - (a + b) * mp.log1p(x) - mp.log(mp.beta(a, b)))
        at = (mp.mpf(a), mp.mpf(b))
        return np.array([[float(mp.diff(pdf, at, (2, 0))), float(mp.diff(pdf, at, (1, 1)))],
                         [float(mp.diff(pdf, at, (1, 1))), float(mp.diff(pdf, at, (0, 2)))]])


def test_far_d2_da2_at_b_one():
    for x, a in ((1e20, 2.5), (1e5, 2.5), (1e20, 0.5)):
        want = _truth(x, a, 1.0)
        np.testing.assert_allclose(wg.grad(wg.grad(lambda t: stats.betaprime.pdf(x, t, 1.0)))(a), want[0, 0],
                                   rtol=1e-13)

        def f(v):
            return stats.betaprime.pdf(x, v[0], v[1])
        at = np.array([a, 1.0])
        np.testing.assert_allclose(wg.hessian(f)(at), want, rtol=1e-13)
        np.testing.assert_allclose(wg.jacfwd(wg.grad(f))(at), want, rtol=1e-13)
