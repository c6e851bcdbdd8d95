"""The log sf near x = loc, where its second derivative in x overflows: NaN, now the truth (tools/near_zero_density_truths.py's
tails_nan rows; session 50's Left 2).

loglaplace.logsf(x, c) below z = 1 is ``log1p(-z^c / 2)``: through log1p of np.power its d2/dx2 was ``-P'' / 2 - P'^2 /
4`` (P = z^c), +inf - inf = NaN at x = 1e-300 and 5e-324 (c = 0.2), the truth +inf (the first, ~ z^(c - 2), the larger;
d2/dscale dx alike). chi2.logsf(5e-324, 0.4): its own z = x / 2 is 0, so the series of x - loc and the scale near the
end (gamma's) was not taken: d2/dx2 was NaN for +inf, the value 0 for -2.07e-65. chi.logsf(1e-300, 0.2, 0, 1.3):
through log1p(-P) d2/dx2 ``-P'' - P'^2`` NaN for +inf, and through z d2/dscale dx ``-(z P'' + P') / scale^2`` NaN for
the finite ``df^2 P / (x scale)``.

Truths: mpmath at 80 digits of the closed forms, the x-derivatives through the density (``d/dx log S = -f / S``) and the
scale's by the chain rule of z = x / scale (``d/dscale = -(x / scale) d/dx``, exact for a function of z).
"""
from opcheck import lazy_mp as mp
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats


def _loglaplace(x, c, s):
    z = x / s
    sf = 1 - z ** c / 2
    pdf = c / 2 * z ** (c - 1) / s
    return mp.log(sf), pdf, pdf * (c - 1) / x, sf


def _chi2(x, k, s):
    a, z = k / 2, x / (2 * s)
    sf = mp.gammainc(a, z, mp.inf, regularized=True)
    pdf = z ** (a - 1) * mp.exp(-z) / (mp.gamma(a) * 2 * s)
    return mp.log(sf), pdf, pdf * ((a - 1) / x - 1 / (2 * s)), sf


def _chi(x, k, s):
    z = x / s
    sf = mp.gammainc(k / 2, z * z / 2, mp.inf, regularized=True)
    pdf = z ** (k - 1) * mp.exp(-z * z / 2) / (2 ** (k / 2 - 1) * mp.gamma(k / 2) * s)
    return mp.log(sf), pdf, pdf * ((k - 1) / x - x / s ** 2), sf


def _truths(law, x, shape, s):
    """(log sf, its gradient and Hessian in (x, scale)) as floats (a Hessian entry that overflows: +-inf)."""
    with mp.workdps(80):
        x, shape, s = mp.mpf(x), mp.mpf(shape), mp.mpf(s)
        log_sf, f, df, sf = law(x, shape, s)
        dx = -f / sf
        dxx = -df / sf - (f / sf) ** 2
        # (a function of z = x / s: d/ds = -(x / s) d/dx, d2/dx ds = -(d/dx + x d2/dx2) / s, d2/ds2 = (2 x d/dx + x^2
        # d2/dx2) / s^2)
        ds, dxs, dss = -x / s * dx, -(dx + x * dxx) / s, (2 * x * dx + x * x * dxx) / s ** 2
        return float(log_sf), np.array([float(dx), float(ds)]), np.array([[float(dxx), float(dxs)],
                                                                          [float(dxs), float(dss)]])


@pytest.mark.parametrize("name, law, x, shape, scale", [
    ("loglaplace", _loglaplace, 1e-300, 0.2, 1.3),
    ("loglaplace", _loglaplace, 1e-120, 0.2, 1.3),
    ("chi2", _chi2, 5e-324, 0.4, 1.0),
    ("chi2", _chi2, 5e-324, 0.4, 1.3),
    ("chi", _chi, 1e-300, 0.2, 1.3),
])
def test_log_sf_near_zero(name, law, x, shape, scale):
    value, grad, hess = _truths(law, x, shape, scale)

    def f(v):
        return getattr(stats, name).logsf(v[0], shape, 0.0, v[1])
    at = np.array([x, scale])
    assert float(f(at)) == pytest.approx(value, rel=1e-14, abs=0.0)
    np.testing.assert_allclose(wg.grad(f)(at), grad, rtol=1e-13)
    for h in (wg.hessian(f)(at), wg.jacfwd(wg.grad(f))(at)):
        np.testing.assert_allclose(h, hess, rtol=1e-13)
