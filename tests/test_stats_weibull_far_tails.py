"""weibull_min's sf, cdf and logcdf far out, where ``z^(c - 1)`` underflows and ``z^c`` does not.

Through z, d/dscale was ``exp(-z^c) c z^(c - 1)`` (1e-388: 0) times ``-z / scale``: weibull_min.sf(1.5e250, 0.01, 0,
1.5)'s d/dscale 0 for 9.7e-138 and the scale's row of the Hessian 0 (d2/dscale2 1.4e-137); cdf and logcdf alike. Now
``-z^c`` of x - loc and the scale apart from z = 1e20 on (as the log sf's). Truths: mpmath at 200 digits, ``mp.diff`` of
the closed forms ``exp(-z^c)``, ``-expm1(-z^c)``, ``log(-expm1(-z^c))`` in (c, scale).
"""
from opcheck import lazy_mp as mp
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats

_CLOSED = {"sf": lambda t: mp.exp(-t), "cdf": lambda t: -mp.expm1(-t), "logcdf": lambda t: mp.log(-mp.expm1(-t))}


@pytest.mark.parametrize("method", ["sf", "cdf", "logcdf"])
def test_scale_derivatives_far_out(method):
    x = 1.5e250
    with mp.workdps(200):  # (1 - 1e-138: the cdf's derivatives need its last digits)
        def closed(c, s):
            return _CLOSED[method]((mp.mpf(x) / s) ** c)
        at = (mp.mpf(0.01), mp.mpf(1.5))
        grad = [float(mp.diff(closed, at, o)) for o in ((1, 0), (0, 1))]
        hess = [[float(mp.diff(closed, at, o)) for o in row] for row in (((2, 0), (1, 1)), ((1, 1), (0, 2)))]

    def f(v):
        return getattr(stats.weibull_min, method)(x, v[0], 0.0, v[1])
    at = np.array([0.01, 1.5])
    np.testing.assert_allclose(wg.grad(f)(at), grad, rtol=1e-13)
    np.testing.assert_allclose(wg.hessian(f)(at), hess, rtol=1e-13)
    np.testing.assert_allclose(wg.jacfwd(wg.grad(f))(at), hess, rtol=1e-13)


@pytest.mark.parametrize("x, c, s", [(744.0, 1.0, 1.0), (30.0, 2.0, 1.1)])
def test_derivatives_where_the_sf_is_subnormal(x, c, s):
    # weibull_min.sf where e^(-z^c) is subnormal: through exp of the traced -z^c its cotangent e^-Z was formed (a
    # subnormal, few bits) before it met dZ/dv: sf(744, 1, 0, 1)'s d/dscale 7.35e-321 for 5.706e-321 (mpmath: 744
    # e^-744), d/dc -4.861e-320 for -3.774e-320. Now each partial one product (and so the cdf's, their negatives)
    with mp.workdps(50):
        def closed(x, c, s):
            return mp.exp(-(x / s) ** c)
        at = (mp.mpf(x), mp.mpf(c), mp.mpf(s))
        grad = [float(mp.diff(closed, at, tuple(int(i == j) for j in range(3)))) for i in range(3)]
        hess = [[float(mp.diff(closed, at, tuple(int(i == j) + int(k == j) for j in range(3)))) for k in range(3)]
                for i in range(3)]
    at = np.array([x, c, s])
    for method, sign in (("sf", 1.0), ("cdf", -1.0)):
        def f(v):
            return getattr(stats.weibull_min, method)(v[0], v[1], 0.0, v[2])
        for path in (wg.grad(f), wg.jacfwd(f)):
            np.testing.assert_allclose(path(at), sign * np.array(grad), rtol=1e-13, atol=5e-324)
        np.testing.assert_allclose(wg.hessian(f)(at), sign * np.array(hess), rtol=1e-13, atol=5e-324)


def test_log_sf_slopes_where_z_overflows():
    # z = (x - loc) / scale past the largest float (1e310, 1e400, 1e450): the powers z^(c - 1), z^c log z, z^c / s of
    # d and s apart were ~1e-14 off: log z as log d - log s (each rounded near 700), the exponent's rounding counted
    # twice (exp(e log z + lo log z), then times 1 + lo log z), and z^(c - 1) below the floats through (e log z) / log 2.
    # d/dx of weibull_min.logsf(1e300, 0.3, 0, 1e-10) was 6.2e-14 off, of (1e250, 0.1, 0, 1e-200) 2.3e-14, d/dc of
    # (1e300, 0.7, 0, 1e-100) 1.9e-14. Truths: mpmath, the closed forms -c z^(c - 1) / s, -z^c log z, c z^c / s
    for x, c, s in ((1e300, 0.3, 1e-10), (1e300, 0.7, 1e-100), (1e250, 0.1, 1e-200)):
        with mp.workdps(40):
            z, mc, ms = mp.mpf(x) / mp.mpf(s), mp.mpf(c), mp.mpf(s)
            want = [float(-mc * z ** (mc - 1) / ms), float(-z ** mc * mp.log(z)), float(mc * z ** mc / ms)]
        want = [v if abs(v) < 1.7e308 else np.inf for v in want]
        with np.errstate(over="ignore"):  # (z itself overflows)
            got = wg.grad(lambda v: stats.weibull_min.logsf(v[0], v[1], 0.0, v[2]))(np.array([x, c, s]))
        np.testing.assert_allclose(got, want, rtol=1e-15)
