"""gamma / chi2 / gengamma log sf where w = z^c is below 1e-20 and the shape is tiny, so that P = gammainc(a, w)
is near 1: log(1 - P) from log P = a K (mpmath truths)."""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats


def _log_sf_hessian(x, a, s, c=1.0, k=1):
    """The value, gradient and Hessian in (x, a, scale) of ``G = log(1 - e^T)``, ``T = a c log(x / s) - loggamma(1 +
    a)`` (log P(a, w), w = (x / s)^c / k, ``log(x / s)`` less ``log(k) / c``, to within a w / (a + 1) < 1e-20 of T), written out: ``S'(T) T_i T_j + S(T)
    T_ij``, ``S = -1 / expm1(-T)``, at 60 digits, 700 where a < 1e-20 (loggamma, digamma and
    trigamma of 1 + a by their series there) (mpmath; at (0.5, 1e-10, 1e30) also mp.diff of log(gammainc(a, x / s,
    inf, regularized=True)): d2/da dscale -5.0017179e-31, the same)."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(700 if a < 1e-20 else 60):
        u, a, s, c = mp.mpf(x), mp.mpf(a), mp.mpf(s), mp.mpf(c)
        log_w = c * mp.log(u / s) - mp.log(k)
        if a < 1e-20:  # (loggamma, digamma and trigamma of 1 + a by their series: 1 + a needs 300 digits)
            z2, z3 = mp.zeta(2), mp.zeta(3)
            log_gamma, digamma, trigamma = -mp.euler * a + z2 / 2 * a ** 2, -mp.euler + z2 * a, z2 - 2 * z3 * a
        else:
            log_gamma, digamma, trigamma = mp.loggamma(1 + a), mp.digamma(1 + a), mp.psi(1, 1 + a)
        t = a * log_w - log_gamma
        e = mp.exp(-t)
        slope, curve = -1 / (e - 1), -e / (e - 1) ** 2
        first = [a * c / u, log_w - digamma, -a * c / s]
        second = [[-a * c / u ** 2, c / u, 0], [c / u, -trigamma, -c / s], [0, -c / s, a * c / s ** 2]]
        return (float(mp.log(1 - mp.exp(t))), np.array([float(slope * v) for v in first]),
                np.array([[float(curve * first[i] * first[j] + slope * second[i][j]) for j in range(3)]
                          for i in range(3)]))


def _check(f, p, truth, skip=()):
    value, grad, hessian = truth
    keep = np.ones((3, 3), dtype=bool)
    for i, j in skip:
        keep[i, j] = False
    with np.errstate(over="ignore", invalid="ignore"):
        np.testing.assert_allclose(float(f(p)), value, rtol=1e-15)
        np.testing.assert_allclose(wg.grad(f)(p), grad, rtol=1e-14)
        for h in (wg.hessian(f)(p), wg.jacfwd(wg.grad(f))(p)):
            np.testing.assert_allclose(h[keep], hessian[keep], rtol=1e-13)
        # (forward mode and wengert.jit's replay of the first derivatives, each row)
        np.testing.assert_allclose(wg.jit(wg.grad(f))(p), grad, rtol=1e-15)
        for i in range(3):
            np.testing.assert_allclose(wg.jvp(f, (p,), (np.eye(3)[i],))[1], grad[i], rtol=1e-14)


def test_log_sf_where_p_is_near_one_at_a_tiny_shape():
    # (through log1p(-P): Q = 1 - P rounded, gamma.logsf(0.5, 1e-10, 0, 1e30) 1.6e-10 off, its gradient 3e-9,
    # d2/da dscale -6.278e-32 for -5.0017e-31; the form's edge |log P| = 1/2 at (1e-25, a): a = 8e-3 inside (log P =
    # -0.456), 9e-3 outside (-0.513). At x = 1e-300, d2/dx2 is +inf: test_log_sf_where_p_is_near_one_at_a_tiny_x)
    for x, a, s in ((0.5, 1e-10, 1e30), (1e-300, 1e-10, 1.0), (1e-300, 1e-300, 1.0), (1e-25, 1e-3, 1.0),
                    (1e-25, 8e-3, 1.0), (1e-25, 9e-3, 1.0), (3e-22, 0.02, 0.5)):
        def f(v):
            return stats.gamma.logsf(v[0], v[1], 0.0, v[2])
        _check(f, np.array([x, a, s]), _log_sf_hessian(x, a, s))


def test_chi2_and_gengamma_log_sf_where_p_is_near_one():
    # (chi2.logsf(0.5, 2e-10, 0, 1e30): d2/ddf dscale -5.727e-31 for -2.5008e-31; gengamma at c = 2, 1/2 the same form)
    value, grad, hessian = _log_sf_hessian(0.5, 1e-10, 2e30)
    jacobian = np.diag([1.0, 0.5, 2.0])  # (a = df / 2, the scale twice chi2's)

    def f(v):
        return stats.chi2.logsf(v[0], v[1], 0.0, v[2])
    _check(f, np.array([0.5, 2e-10, 1e30]), (value, jacobian @ grad, jacobian @ hessian @ jacobian))
    for c, s in ((2.0, 1e15), (0.5, 1e60)):
        def g(v, c=c):
            return stats.gengamma.logsf(v[0], v[1], c, 0.0, v[2])
        _check(g, np.array([0.5, 1e-10, s]), _log_sf_hessian(0.5, 1e-10, s, c))



def _log_q_hessian(x, shape, s, power, per):
    """The value, gradient and Hessian in (x, shape, scale) of ``log Q(a, w)``, ``a = per shape``, ``w = (x / s)^power /
    power`` (gamma 1, chi 2; chi2 gamma's at a = df / 2, scale 2 s), at 60 digits (mpmath): ``log Q = log G -
    loggamma(a)``,
    ``G = Gamma(a, w)``, ``G_w = -w^(a - 1) e^-w``, ``G_a`` and ``G_aa`` by mp.diff, and the chain rule through w's
    derivatives in x and s."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        x, s, a, k = mp.mpf(x), mp.mpf(s), per * mp.mpf(shape), mp.mpf(power)
        w = (x / s) ** k / k
        g = mp.gammainc(a, w)
        moments = [mp.diff(lambda b: mp.gammainc(b, w), a, j) / g for j in (1, 2)]
        rho = -w ** (a - 1) * mp.exp(-w) / g  # d/dw log G
        l_w, l_a = rho, moments[0] - mp.digamma(a)
        l_ww, l_wa, l_aa = rho * ((a - 1) / w - 1 - rho), rho * (mp.log(w) - moments[0]), (
            moments[1] - moments[0] ** 2 - mp.psi(1, a))
        dw = [k * w / x, 0, -k * w / s]  # (w = (x / s)^k / k)
        dww = [[k * (k - 1) * w / x ** 2, 0, -k * k * w / (x * s)], [0, 0, 0],
               [-k * k * w / (x * s), 0, k * (k + 1) * w / s ** 2]]
        da = [0, per, 0]
        grad = [l_w * dw[i] + l_a * da[i] for i in range(3)]
        hess = [[l_ww * dw[i] * dw[j] + l_w * dww[i][j] + l_wa * (dw[i] * da[j] + da[i] * dw[j]) + l_aa * da[i] * da[j]
                 for j in range(3)] for i in range(3)]
        return (float(mp.log(g) - mp.loggamma(a)), np.array([float(v) for v in grad]),
                np.array([[float(v) for v in row] for row in hess]))


@pytest.mark.parametrize("family, p", [("gamma", (0.9, 1e-10, 1.0)), ("gamma", (2.0, 1e-10, 1.0)),
                                       ("gamma", (1.4, 9e-3, 0.5)), ("chi", (0.5, 1e-10, 1.0)),
                                       ("chi2", (4.0, 2e-6, 1.5))])
def test_log_sf_at_a_tiny_shape_where_w_is_ordinary(family, p):
    # through log(gammaincc(a, w)) the mixed derivatives in the shape were differences of terms of order 1 cancelling
    # to order a (Q ~ a E1(w)): gamma.logsf(0.9, 1e-10) d2/dx da 0.821224 for 0.8212734 (6e-5), 1.5e-8 off at a =
    # 1e-6, 2e-12 at 1e-3; chi.logsf(0.5, 1e-10) d2/dx ddf 1.22402573 and 1.22402191 (the two sides) for 1.22402264.
    # Now log P / a by its series up to w = 1.5 (0.9, 2.8 / 2, 0.5), the continued fraction beyond (2.0; 4.0 / 3)
    x, shape, s = p
    value, grad, hessian = _log_q_hessian(x, shape, 2.0 * s if family == "chi2" else s, 2 if family == "chi" else 1,
                                          1.0 if family == "gamma" else 0.5)
    if family == "chi2":
        grad, hessian = grad * [1.0, 1.0, 2.0], hessian * np.outer([1.0, 1.0, 2.0], [1.0, 1.0, 2.0])

    def f(v):
        return getattr(stats, family).logsf(v[0], v[1], 0.0, v[2])
    point = np.array(p)
    np.testing.assert_allclose(float(f(point)), value, rtol=1e-15)
    np.testing.assert_allclose(wg.grad(f)(point), grad, rtol=1e-14)
    for h in (wg.hessian(f)(point), wg.jacfwd(wg.grad(f))(point)):
        np.testing.assert_allclose(h, hessian, rtol=5e-14)
    np.testing.assert_allclose(wg.jit(wg.grad(f))(point), grad, rtol=1e-14)
    np.testing.assert_allclose(wg.jvp(f, (point,), (np.ones(3),))[1], np.sum(grad), rtol=1e-14)


@pytest.mark.parametrize("family", ["gamma", "chi2", "chi"])
@pytest.mark.parametrize("p", [(1e-300, 5e-4, 1.0), (2e-155, 5e-4, 0.5)])
def test_log_sf_where_p_is_near_one_at_a_tiny_x(family, p):
    # (log Q = F(log z): d2/dx2 = (F'' - F') / x^2, which overflows apart below x = 1.5e-154, F'' / x^2 + F' (-1 / x^2)
    # = inf - inf: NaN at (1e-300, 5e-4) for +inf (1.21e597, mp.diff of log gammaincc too; chi's, chi2's alike) and at
    # (2e-155, 5e-4, 0.5) for 7.0e306; now summed at x 2^k (log z of it), then times 2^-2k, in every mode. d2/dscale
    # dx, through z's -z / scale, was NaN by jacfwd(grad) (d2/dx dscale by jacrev), the truth 2.0784798865e294 at the
    # first point, now log z of x and the scale apart)
    x, shape, s = p
    # (chi2: gamma's at a = df / 2 and twice the scale; chi: a = df / 2, w = z^2 / 2)
    per, c, k = {"gamma": (1.0, 1.0, 1), "chi2": (0.5, 1.0, 1), "chi": (0.5, 2.0, 2)}[family]
    value, grad, hessian = _log_sf_hessian(x, per * shape, 2.0 * s if family == "chi2" else s, c, k)
    jacobian = np.array([1.0, per, 2.0 if family == "chi2" else 1.0])
    grad, hessian = grad * jacobian, hessian * np.outer(jacobian, jacobian)
    assert hessian[0, 0] == np.inf if x == 1e-300 else 6e306 < hessian[0, 0] < 8e306

    def f(v):
        return getattr(stats, family).logsf(v[0], v[1], 0.0, v[2])
    point = np.array(p)
    np.testing.assert_allclose(float(f(point)), value, rtol=1e-15)
    np.testing.assert_allclose(wg.grad(f)(point), grad, rtol=1e-14)
    for h in (wg.hessian(f)(point), wg.jacfwd(wg.grad(f))(point), wg.jacrev(wg.grad(f))(point)):
        np.testing.assert_allclose(h, hessian, rtol=1e-13)
    np.testing.assert_allclose(wg.jit(wg.grad(f))(point), grad, rtol=1e-14)
    np.testing.assert_allclose(wg.jvp(f, (point,), (np.ones(3),))[1], np.sum(grad), rtol=1e-14)
