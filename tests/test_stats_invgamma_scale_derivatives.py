"""invgamma.logpdf and logcdf (and levy.logcdf, invgamma's at a = 1/2) near z = (x - loc) / scale = 0: the
gradient and the Hessian in x, a, loc and scale against mpmath, the ones beyond the double range the
signed infinity they round to. Through z their scale derivatives cancelled (the 1/z term's second
derivative -2/(z s^2) + 2/(z s^2)) and their second derivatives met 0 * inf."""
import warnings

import numpy as np
import pytest

import wengert as wg
from wengert.scipy.stats import invgamma, levy


def _truth(mp, name, x, a, loc, scale):
    """The gradient and Hessian of invgamma.<name> in (x, a, loc, scale) at 80 digits. logcdf is
    log Q(a, w), w = s/d, d = x - loc: -w + (a - 1) log w - gammaln(a) + log R(a, w), R = w^(1-a) e^w
    Gamma(a, w) by its asymptotic series (w >= 1000 here: the terms left out below 1e-60); its
    derivatives in t (d = d0 (1 + t1), s = s0 (1 + t3)) numerically, the other terms by hand."""
    with mp.workdps(80):
        d0, a0, s0 = mp.mpf(x) - mp.mpf(loc), mp.mpf(a), mp.mpf(scale)
        # the terms -(a + 1) log(d / s) - s / d (logpdf; logcdf: -s/d + (a - 1) log(s / d)) by hand
        k = -(a0 + 1) if name == "logpdf" else a0 - 1  # the factor of log(d / s) (logcdf: of log(s / d))
        sign = 1 if name == "logpdf" else -1
        g = {"d": sign * k / d0 + s0 / d0 ** 2, "s": -sign * k / s0 - 1 / d0 - (1 / s0 if name == "logpdf" else 0),
             "a": mp.log(s0) - mp.log(d0) - mp.digamma(a0)}
        h = {"dd": -sign * k / d0 ** 2 - 2 * s0 / d0 ** 3, "ss": sign * k / s0 ** 2 + (1 / s0 ** 2 if name == "logpdf" else 0),
             "ds": 1 / d0 ** 2, "da": -1 / d0, "sa": 1 / s0, "aa": -mp.psi(1, a0)}
        if name == "logcdf":
            def log_r(t1, t2, t3):
                aa, w = a0 + t2, s0 * (1 + t3) / (d0 * (1 + t1))
                return mp.log(sum(mp.rf(aa - j, j) / w ** j for j in range(40)))
            scale_of = {"d": d0, "a": 1, "s": s0}
            index = {"d": 0, "a": 1, "s": 2}
            for key in ("d", "a", "s"):
                order = [0, 0, 0]
                order[index[key]] = 1
                g[key] += mp.diff(log_r, (0, 0, 0), tuple(order)) / scale_of[key]
            for key in ("dd", "ss", "ds", "da", "sa", "aa"):
                order = [0, 0, 0]
                for c in key:
                    order[index[c]] += 1
                h[key] += mp.diff(log_r, (0, 0, 0), tuple(order)) / (scale_of[key[0]] * scale_of[key[1]])
        # in (x, a, loc, scale): d/dx = d/dd, d/dloc = -d/dd
        sgn = {0: ("d", 1), 1: ("a", 1), 2: ("d", -1), 3: ("s", 1)}
        grad = [g[sgn[i][0]] * sgn[i][1] for i in range(4)]
        hess = [[None] * 4 for _ in range(4)]
        for i in range(4):
            for j in range(4):
                (p, u), (q, v) = sgn[i], sgn[j]
                key = p + q if p + q in h else q + p
                hess[i][j] = h[key] * u * v
        return grad, hess


def _close(mp, got, want, rtol):
    big = np.finfo(float).max
    if abs(want) > big:
        return got == (np.inf if want > 0 else -np.inf)
    return bool(np.isfinite(got)) and abs(mp.mpf(float(got)) - want) <= rtol * abs(want) + mp.mpf(10) ** -300


_POINTS = [(z, a) for z in (1e-300, 1e-200, 1e-100, 1e-20, 1e-6, 1e-3) for a in (2.5, 0.5, 7.0)]


@pytest.mark.parametrize("name", ["logpdf", "logcdf"])
@pytest.mark.parametrize("z, a", _POINTS)
def test_invgamma_derivatives_near_zero(name, z, a):
    # before (logcdf, a = 2.5): d2/dscale2 at z = 1e-6 6e-11 relative off, at 1e-20 0.0 (truth -1.5); the
    # Hessian at z = 1e-300 NaN in x, in x and a, in scale; logpdf's d2/dscale2 at z = 1e-100 -3.9e84 for -2.5
    mp = pytest.importorskip("mpmath")
    loc, scale = 0.0, 1.5
    x = z * scale
    want_grad, want_hess = _truth(mp, name, x, a, loc, scale)
    fn = getattr(invgamma, name)

    def f(v):
        return fn(v[0], v[1], v[2], v[3])
    point = np.array([x, a, loc, scale])
    with warnings.catch_warnings():
        # (NumPy's overflow warnings where the truth overflows: 1/d^2 from z = 1e-154 on; none elsewhere)
        warnings.simplefilter("ignore" if z < 1e-154 else "error", RuntimeWarning)
        for path in (wg.grad(f), wg.jacfwd(f)):
            got = np.asarray(path(point))
            bad = [(i, got[i], mp.nstr(want_grad[i], 17)) for i in range(4) if not _close(mp, got[i], want_grad[i], 4e-15)]
            assert not bad
        for path in (wg.hessian(f), wg.jacobian(wg.grad(f)), wg.jacfwd(wg.grad(f))):
            got = np.asarray(path(point))
            bad = [(i, j, got[i, j], mp.nstr(want_hess[i][j], 17)) for i in range(4) for j in range(4)
                   if not _close(mp, got[i, j], want_hess[i][j], 4e-14)]
            assert not bad
        d2_scale = wg.grad(wg.grad(fn, argnums=3), argnums=3)(x, a, loc, scale)
        assert _close(mp, d2_scale, want_hess[3][3], 4e-14)


@pytest.mark.parametrize("z", [1e-297, 1e-200, 1e-100, 1e-30, 1e-21, 1e-6, 1e-3])
def test_levy_logcdf_scale_derivatives_near_zero(z):
    # before: d/dscale levy.logcdf(1e-297) -inf (1/z^2 overflowed; truth -5e296), the Hessian there NaN in x
    # with scale; levy is invgamma at a = 1/2 with half the scale
    mp = pytest.importorskip("mpmath")
    scale = 2.0
    x = z * scale
    want_grad, want_hess = _truth(mp, "logcdf", x, 0.5, 0.0, scale / 2)

    def f(v):
        return levy.logcdf(v[0], v[1], v[2])
    keep, half = [0, 2, 3], [1, 1, 0.5]
    grad = [want_grad[k] * h for k, h in zip(keep, half)]
    hess = [[want_hess[k][m] * h * q for m, q in zip(keep, half)] for k, h in zip(keep, half)]
    point = np.array([x, 0.0, scale])
    with warnings.catch_warnings():
        # (NumPy's overflow warnings where the truth overflows: 1/d^2 from z = 1e-154 on; none elsewhere)
        warnings.simplefilter("ignore" if z < 1e-154 else "error", RuntimeWarning)
        for path in (wg.grad(f), wg.jacfwd(f)):
            got = np.asarray(path(point))
            assert all(_close(mp, got[i], grad[i], 4e-15) for i in range(3)), (got, grad)
        for path in (wg.hessian(f), wg.jacobian(wg.grad(f))):
            got = np.asarray(path(point))
            bad = [(i, j, got[i, j], mp.nstr(hess[i][j], 17)) for i in range(3) for j in range(3)
                   if not _close(mp, got[i, j], hess[i][j], 4e-14)]
            assert not bad


@pytest.mark.parametrize("name, x, a, scale", [("levy", 1e-5, None, 1e16), ("levy", 1e-7, None, 1e14),
                                               ("invgamma", 0.5, 2.0, 1.0), ("invgamma", 3e-3, 0.7, 1.0)])
def test_float32_stays_float32(name, x, a, scale):
    # before: levy.logcdf below z = 1e-20 and invgamma.logpdf of float32 x with a Python a (or scale) were
    # float64 (the d, s terms cast to float; NumPy's float64 gammaln(a) and log(scale) scalars)
    mp = pytest.importorskip("mpmath")
    f32 = np.float32
    if name == "levy":
        f = lambda x: levy.logcdf(x, 0.0, f32(scale))  # noqa: E731
        # log erfc(sqrt(s / (2 x)))
        truth = lambda x: mp.log(mp.erfc(mp.sqrt(mp.mpf(scale) / (2 * x))))  # noqa: E731
    else:
        f = lambda x: invgamma.logpdf(x, a)  # noqa: E731
        truth = lambda x: -(a + 1) * mp.log(x) - 1 / x - mp.loggamma(a)  # noqa: E731
    with mp.workdps(60):
        x0 = mp.mpf(float(f32(x)))
        values = [truth(x0), mp.diff(truth, x0), mp.diff(truth, x0, 2)]
    value = f(f32(x))
    assert np.asarray(value).dtype == np.float32
    assert float(value) == pytest.approx(float(values[0]), rel=2e-6)
    for path in (wg.grad(f), wg.jacfwd(f)):
        got = path(f32(x))
        assert np.asarray(got).dtype == np.float32 and float(got) == pytest.approx(float(values[1]), rel=2e-6)
    assert np.asarray(wg.grad(wg.grad(f))(f32(x))).dtype == np.float32
    # (the other paths' dtype is not this test's: jacfwd(jacfwd) of x sin(x) is float64 too)
    for path in (wg.grad(wg.grad(f)), wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacfwd(wg.jacfwd(f))):
        assert float(path(f32(x))) == pytest.approx(float(values[2]), rel=2e-6)
