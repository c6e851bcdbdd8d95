"""Lower tails where z = (x - loc) / scale, or a product of it, is not a normal float (session 51's Left 1, item 2).

- f's w = dfn z / (dfn z + dfd) rounded among the subnormals or to 0 (dfn z = 0.4 * 5e-324 = 0): f.logcdf(5e-324,
  0.4, 5) was -inf for -149.158 (its d/dscale -inf for -0.2, d2/dx dscale and d2/dscale2 NaN), and SciPy's f.cdf (kept
  for plain arguments) 0.0 for 1.666e-65 there, 3.1e-4 relative off at 1e-320 and 643 ulp at 1e-310.
- gengamma.logcdf at c < 0 near z = 0 (the upper gamma tail far out, ``-z^c + c (a - 1) log z - gammaln(a)``): through
  z its d2/dscale2 met ``c z^(c - 1)`` = inf, NaN for 2.2e99 at (1e-300, 3, -1/3), d2/dx dscale NaN for +inf.

Truths: the tails' leading terms in closed form (mpmath, 30 digits; the next terms' shares below 1e-90): f's log cdf
``a log(r z) - log(a B(a, b)) - r a (a + b) / (a + 1) z``, a, b = dfn / 2, dfd / 2, r = dfn / dfd; gengamma's
``-z^c + c (a - 1) log z - gammaln(a)`` (log Q(a, w) at w = z^c = 1e100: its next term (a - 1) / w).
"""
from opcheck import lazy_mp as mp
import numpy as np

import wengert as wg
from wengert.scipy import stats


def _f_truth(x, s, dfn=0.4, dfd=5.0):
    with mp.workdps(30):
        a, b, r = mp.mpf(dfn) / 2, mp.mpf(dfd) / 2, mp.mpf(dfn) / mp.mpf(dfd)
        x, s = mp.mpf(x), mp.mpf(s)
        k = r * a * (a + b) / (a + 1)
        value = a * mp.log(r * x / s) - mp.log(a) - mp.log(mp.beta(a, b)) - k * x / s
        grad = [a / x - k / s, -a / s + k * x / s ** 2]
        hess = [[-a / x ** 2, k / s ** 2], [k / s ** 2, a / s ** 2 - 2 * k * x / s ** 3]]
        return float(value), np.array(grad, dtype=float), np.array(hess, dtype=float), float(mp.exp(value))


def _check(f, at, value, grad, hess):
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(float(f(np.array(at))), value, rtol=1e-15)
        np.testing.assert_allclose(wg.grad(f)(np.array(at)), grad, rtol=1e-14)
        np.testing.assert_allclose(wg.hessian(f)(np.array(at)), hess, rtol=1e-14)
        np.testing.assert_allclose(wg.jacfwd(wg.grad(f))(np.array(at)), hess, rtol=1e-14)


def test_f_logcdf_where_w_rounds_to_zero():
    for s in (1.0, 1.3):
        _check(lambda v: stats.f.logcdf(v[0], 0.4, 5.0, 0.0, v[1]), [5e-324, s], *_f_truth(5e-324, s)[:3])


def test_f_cdf_where_w_is_subnormal():
    for x in (5e-324, 1e-320, 1e-310):
        np.testing.assert_allclose(stats.f.cdf(x, 0.4, 5.0), _f_truth(x, 1.0)[3], rtol=1e-15)


def test_gengamma_logcdf_negative_c_near_zero():
    a, c = 3.0, -1.0 / 3.0
    for x, s in ((1e-300, 1.3), (5e-324, 1.0)):
        with mp.workdps(30):
            mc, mx, ms = mp.mpf(c), mp.mpf(x), mp.mpf(s)
            w = (mx / ms) ** mc
            value = -w + mc * (a - 1) * mp.log(mx / ms) - mp.loggamma(a)
            grad = [-mc * w / mx + mc * (a - 1) / mx, mc * w / ms - mc * (a - 1) / ms]
            hess = [[-mc * (mc - 1) * w / mx ** 2 - mc * (a - 1) / mx ** 2, mc ** 2 * w / (mx * ms)],
                    [mc ** 2 * w / (mx * ms), -mc * (mc + 1) * w / ms ** 2 + mc * (a - 1) / ms ** 2]]
            want = (float(value), np.array(grad, dtype=float), np.array(hess, dtype=float))
        _check(lambda v: stats.gengamma.logcdf(v[0], a, c, 0.0, v[1]), [x, s], *want)
