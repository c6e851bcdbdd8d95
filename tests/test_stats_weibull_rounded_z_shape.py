"""weibull_min's and dweibull's pdf and logpdf where z = (x - loc) / scale rounds to 0 while x != loc, c traced: their
derivatives in c (the density times ``1 / c + log z - z^c log z``, log z = log(x - loc) - log(scale)). Through the
powers' end ``0 ** 0 = 1`` d/dc of dweibull.pdf(1e-300, 1, 0, 1e300) was 5e-301 (the density alone) for -6.9028e-298;
weibull_min.pdf refused c there as if x == loc; the second derivatives with c traced were refused (numpy.power's kink at
0 ** 1) and weibull_min.logpdf(1e-300, 1.0001, 0, 1e300)'s d2/dscale dx was NaN (d2/dx dscale 0, the truth 1e-600).
Truths: mpmath at 50 digits, the closed-form log density ``L = log(c / scale) + (c - 1) log(x / scale) - (x / scale)^c``
(minus log 2 for dweibull) and its first and second derivatives in ``(x, c, scale)`` written out (the density's: e^L L'
and e^L (L'' + L' L'^T))."""
from opcheck import lazy_mp as mp
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats

POINTS = ((1e-300, 1.0, 1e300), (5e-324, 1.0, 3.0), (1e-300, 1.0001, 1e300))


def _truth(x, c, s, half, log):
    with mp.workdps(50):
        x, c, s = mp.mpf(x), mp.mpf(c), mp.mpf(s)
        w = x / s
        lw, wc = mp.log(w), w ** c
        value = mp.log(c / s) + (c - 1) * lw - wc - (mp.log(2) if half else 0)
        grad = mp.matrix([(c - 1) / x - c * wc / x, 1 / c + lw - wc * lw, -c / s + c * wc / s])
        hess = mp.matrix([[-(c - 1) / x ** 2 - c * (c - 1) * wc / x ** 2, 1 / x - wc / x * (1 + c * lw), c ** 2 * wc / (x * s)],
                          [0, -1 / c ** 2 - wc * lw ** 2, -1 / s + wc / s * (1 + c * lw)],
                          [0, 0, c / s ** 2 - c * (c + 1) * wc / s ** 2]])
        for i in range(3):
            for j in range(i):
                hess[i, j] = hess[j, i]
        if not log:  # (of the density e^L: its gradient e^L L', its Hessian e^L (L'' + L' L'^T))
            value = mp.exp(value)
            hess = value * (hess + grad * grad.T)
            grad = value * grad
        return float(value), np.array(grad.tolist(), dtype=float).ravel(), np.array(hess.tolist(), dtype=float)


# (c = 1.0001 for the log densities only: weibull_min.logpdf's d2/dscale dx; the densities' go through _powers_at_pole)
@pytest.mark.parametrize("name, x, c, s", [(name, *point) for name in ("dweibull.pdf", "weibull_min.pdf",
                                                                       "dweibull.logpdf", "weibull_min.logpdf")
                                           for point in POINTS if point[1] == 1.0 or name.endswith("logpdf")])
def test_density_in_c_where_z_rounds_to_zero(name, x, c, s):
    family, method = name.split(".")
    value, grad, hess = _truth(x, c, s, family == "dweibull", method == "logpdf")
    fn = getattr(getattr(stats, family), method)

    def f(v):
        return fn(v[0], v[1], 0.0, v[2])
    p = np.array([x, c, s])
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(float(f(p)), value, rtol=1e-15)
        np.testing.assert_allclose(wg.grad(f)(p), grad, rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(wg.jvp(f, (p,), (np.array([0.0, 1.0, 0.0]),))[1], grad[1], rtol=1e-13)
        np.testing.assert_allclose(wg.jit(wg.grad(f))(p), grad, rtol=1e-13, atol=1e-300)
        # (reverse over reverse and forward over reverse; inf where the truth overflows: d2/dx dc = 1 / x at 5e-324)
        np.testing.assert_allclose(wg.hessian(f)(p), hess, rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(wg.jacfwd(wg.grad(f))(p), hess, rtol=1e-12, atol=1e-300)


def test_x_equal_to_loc_still_refused():
    # (x == loc itself at c = 1: the density jumps in c there)
    with pytest.raises(wg.NoGradientRule, match="x == loc"):
        wg.grad(lambda c: stats.weibull_min.pdf(0.0, c, 0.0, 1e300))(1.0)


@pytest.mark.parametrize("name", ["dweibull.pdf", "weibull_min.pdf", "dweibull.logpdf"])
def test_broadcast_x_against_scale(name):
    # (x of shape (2, 1) beside a scale of shape (2,): z's entry 1e-300 / 1e300 rounded to 0; dweibull's log|z| found
    # such entries in z's own shape only, d/dc the density alone there, as before: -3.4523e-298 for -1.0355e-297)
    family, method = name.split(".")
    fn = getattr(getattr(stats, family), method)
    x, s = np.array([[1e-300], [0.5]]), np.array([1e300, 1.0])
    c = np.array([1.0, 1.0])
    jac = wg.jacobian(lambda c: fn(x, c, 0.0, s))(c)
    for i in range(2):
        for j in range(2):
            _, grad, _ = _truth(x[i, 0], 1.0, s[j], family == "dweibull", method == "logpdf")
            np.testing.assert_allclose(jac[i, j], np.eye(2)[j] * grad[1], rtol=1e-13)


@pytest.mark.parametrize("method", ["pdf", "logpdf"])
def test_dweibull_left_of_loc_where_z_rounds_to_minus_zero(method):
    # (x - loc = -1e-300 over the scale 1e300: z rounds to -0.0, where |x - loc| was taken as x - loc by z's sign
    # (-0.0 < 0 is False): log|u| of a negative number, every derivative NaN (pdf's d/dx and d/dscale 0 before faeed3b,
    # d/dc the density alone; logpdf's d/dc NaN before too). The density is even in x - loc: the truth is the mirror of
    # the x > loc one, its x-derivatives negated)
    fn = getattr(stats.dweibull, method)

    def f(v):
        return fn(v[0], v[1], 0.0, v[2])
    value, grad, hess = _truth(1e-300, 1.0, 1e300, True, method == "logpdf")
    flip = np.array([-1.0, 1.0, 1.0])
    p = np.array([-1e-300, 1.0, 1e300])
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(float(f(p)), value, rtol=1e-15)
        np.testing.assert_allclose(wg.grad(f)(p), flip * grad, rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(wg.jvp(f, (p,), (np.array([0.0, 1.0, 0.0]),))[1], grad[1], rtol=1e-13)
        np.testing.assert_allclose(wg.hessian(f)(p), np.outer(flip, flip) * hess, rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(wg.jacfwd(wg.grad(f))(p), np.outer(flip, flip) * hess, rtol=1e-12, atol=1e-300)
        replayed = wg.jit(wg.grad(f))
        replayed(np.array([-0.5, 1.0, 1.0]))  # (recorded at an ordinary point, replayed at the rounded one)
        np.testing.assert_allclose(replayed(p), flip * grad, rtol=1e-13, atol=1e-300)
