"""Densities near their lower end where ``z = (x - loc) / scale`` is below the normal floats while ``x - loc`` is not 0:
z rounded to a subnormal (5e-324 / 1.3 is 5e-324, 30% above the quotient) or to 0 (5e-324 / 2, 1e-300 / 1e30).

Through the rounded z the densities with a power of z there were silently off: gamma.pdf(5e-324, 0.2, 0, 1.3)
7.398e257 for 9.126e257 (19%, its logpdf 0.21 off), chi2.pdf(5e-324, 0.4) +inf (chi2's own z = x / 2 is 0: the end)
for 8.373e257, gamma.logpdf(1e-300, 0.2, 0, 1e30) +inf for 537.28, betaprime.logpdf there -inf (the end, outside
SciPy's open support), dweibull.logpdf +inf; derivatives alike (tools/near_zero_density_truths.py's UNDERFLOWED
points: every family of its list, pdf and logpdf, value, gradient and Hessian in x, the shapes, loc and the scale).

Truths: mpmath at 50 digits, the closed-form log densities of ``mpf(x) / scale`` (exact), differentiated by ``mp.diff``
in the shape and the scale; in x the closed form ``(e - 1) / x`` (the other terms below 1e-300 of it).
"""
from opcheck import lazy_mp as mp
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats


def _log_densities():
    def gamma(x, a, s):
        z = x / s
        return (a - 1) * mp.log(z) - z - mp.loggamma(a) - mp.log(s)

    def betaprime(x, a, b, s):
        z = x / s
        return (a - 1) * mp.log(z) - (a + b) * mp.log1p(z) - mp.log(mp.beta(a, b)) - mp.log(s)

    def weibull_min(x, c, s):
        z = x / s
        return mp.log(c) + (c - 1) * mp.log(z) - z ** c - mp.log(s)

    def dweibull(x, c, s):
        z = abs(x) / s
        return mp.log(c / 2) + (c - 1) * mp.log(z) - z ** c - mp.log(s)
    return {"gamma": gamma, "chi2": lambda x, k, s: gamma(x, k / 2, 2 * s), "betaprime": betaprime,
            "weibull_min": weibull_min, "dweibull": dweibull}


LOG_DENSITIES = _log_densities()

# (family, x, shapes, scale): z rounded to a subnormal (scale 1.3) or to 0
CASES = [
    ("chi2", 5e-324, (0.4,), 1.0),
    ("gamma", 5e-324, (0.2,), 1.3),
    ("gamma", 1e-300, (0.2,), 1e30),
    ("betaprime", 1e-300, (0.2, 2.5), 1e30),
    ("weibull_min", 5e-324, (0.2,), 1.3),
    ("dweibull", -1e-300, (0.2,), 1e30),
]


def _truth(name, x, shapes, scale):
    with mp.workdps(50):
        return LOG_DENSITIES[name](mp.mpf(x), *(mp.mpf(v) for v in shapes), mp.mpf(scale))


@pytest.mark.parametrize("name, x, shapes, scale", CASES)
def test_density_where_z_is_below_the_normal_floats(name, x, shapes, scale):
    dist = getattr(stats, name)
    log_density = _truth(name, x, shapes, scale)
    assert float(dist.logpdf(x, *shapes, 0.0, scale)) == pytest.approx(float(log_density), rel=1e-15)
    assert float(dist.pdf(x, *shapes, 0.0, scale)) == pytest.approx(float(mp.exp(log_density)), rel=1e-14)


def test_derivatives_in_the_shape_and_the_scale():
    # gamma.pdf(5e-324, a, 0, s) at (0.2, 1.3): the gradient and Hessian in (a, s), by reverse over reverse and
    # forward over reverse (through the rounded z d/da was -6.7457e260 for -6.7481e260)
    x = 5e-324

    def truth(*order):
        with mp.workdps(50):
            return float(mp.diff(lambda a, s: mp.exp(LOG_DENSITIES["gamma"](mp.mpf(x), a, s)), (mp.mpf(0.2),
                                                                                                mp.mpf(1.3)), order))
    grad = np.array([truth(1, 0), truth(0, 1)])
    hess = np.array([[truth(2, 0), truth(1, 1)], [truth(1, 1), truth(0, 2)]])

    def f(v):
        return stats.gamma.pdf(x, v[0], 0.0, v[1])
    at = np.array([0.2, 1.3])
    np.testing.assert_allclose(wg.grad(f)(at), grad, rtol=1e-13)
    np.testing.assert_allclose(wg.hessian(f)(at), hess, rtol=1e-13)
    np.testing.assert_allclose(wg.jacfwd(wg.grad(f))(at), hess, rtol=1e-13)


def test_slope_in_x_and_arrays():
    # chi2.logpdf(x, 0.4)'s d/dx at 5e-324 (its z = x / 2 is 0): (df / 2 - 1) / x - 1 / 2, finite; was -inf
    assert float(wg.grad(lambda x: stats.chi2.logpdf(x, 0.4))(5e-324)) == pytest.approx(-0.8 / 5e-324, rel=1e-15)
    # an array with z rounded to 0 beside a normal z: each entry its own, and jacfwd(grad)'s diagonal d2/dx2 of the
    # logpdf -(a - 1) / x^2 where it is finite
    xs = np.array([5e-324, 1e-300, 1e-140, 0.5])
    want = [float(_truth("gamma", x, (0.2,), 1e30)) for x in xs]
    np.testing.assert_allclose(stats.gamma.logpdf(xs, 0.2, 0.0, 1e30), want, rtol=1e-15)
    np.testing.assert_allclose(stats.gamma.pdf(xs, 0.2, 0.0, 1e30), np.exp(np.array(want)), rtol=1e-13)
    d2 = np.diagonal(wg.jacfwd(wg.grad(lambda v: np.sum(stats.gamma.logpdf(v, 0.2, 0.0, 1e30))))(xs))
    assert d2[0] == np.inf and d2[1] == np.inf
    np.testing.assert_allclose(d2[2:], 0.8 / xs[2:] ** 2, rtol=1e-14)


@pytest.mark.parametrize("name, x, shapes, scale", [("betaprime", 1e-300, (1.0, 3.0), 1e300),
                                                    ("betaprime", 5e-324, (1.0, 3.0), 1e10),
                                                    ("gamma", 5e-324, (1.0,), 3.0)])
def test_gradient_where_the_power_of_z_is_constant(name, x, shapes, scale):
    # z rounded to 0 while x > loc, at the shape where the density's power z^(a - 1) is 1 (a = 1): betaprime.pdf was
    # refused "at x == loc" (its check saw z = 0), gamma.pdf "at a = 1 where x == loc"; through z = 0 the power's
    # d/da was 0^0's 0 (betaprime.pdf(1e-300, a, 3, 0, 1e300)'s d/da 5.5e-300 for -4.139e-297). Truths: the gradient
    # in the shapes and the scale by mp.diff (relative steps), in x the closed form pdf ((a - 1) / x - (dlog pdf/dz
    # without the power) / scale)
    dist, n = getattr(stats, name), len(shapes)
    with mp.workdps(50):
        at = [mp.mpf(v) for v in (*shapes, scale)]

        def density(*e):
            return mp.exp(LOG_DENSITIES[name](mp.mpf(x), *(v * (1 + d) for v, d in zip(at, e))))
        pdf = density(*([0] * (n + 1)))
        moves = [mp.diff(density, [0] * (n + 1), tuple(int(i == j) for j in range(n + 1))) / at[i]
                 for i in range(n + 1)]
        z = mp.mpf(x) / at[-1]
        rest = (shapes[0] + shapes[1]) / (1 + z) if name == "betaprime" else 1  # (-d/dz of the log density's rest)
        want = [float(-pdf * rest / at[-1])] + [float(v) for v in moves]

    def f(v):
        return dist.pdf(v[0], *v[1:1 + n], 0.0, v[1 + n])
    np.testing.assert_allclose(wg.grad(f)(np.array([x, *shapes, scale])), want, rtol=1e-14, atol=1e-320)
