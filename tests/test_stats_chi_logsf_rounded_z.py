"""chi.logsf where z = x / scale rounds to 0 while x > 0, at a tiny df (session 51's Left 1, item 2): there P =
gammainc(df / 2, z^2 / 2) is near 1 and the log sf is log(1 - P); through z = 0 it was gammaincc(df / 2, 0) = 1,
chi.logsf(1e-300, 1e-300, 0, 1e30) -0.0 for -684.14, d/dscale 0 for 1.3e-33. Truths: mpmath at 30 digits, ``log(-expm1(T))``
with ``T = a log w - loggamma(1 + a)``, a = df / 2, w = (x / scale)^2 / 2 (log P to within w = 5e-661), and its
derivatives ``-T' / (e^-T - 1)`` (grad: x, df, scale).
"""
from opcheck import lazy_mp as mp
import numpy as np

import wengert as wg
from wengert.scipy import stats


def test_log_sf_where_z_rounds_to_zero():
    s = 1e30
    # (and where z is subnormal, z^2 / 2 rounded to 0: at 1e-322 the value was 1e-6 off, d/dscale inf)
    for x, df, s in ((1e-300, 1e-10, s), (1e-300, 1e-300, s), (5e-324, 1e-10, s), (1e-300, 1e-10, 1e22),
                     (1e-300, 1e-10, 1e15)):
        with mp.workdps(30):
            mx, ms, a = mp.mpf(x), mp.mpf(s), mp.mpf(df) / 2
            log_w = 2 * mp.log(mx / ms) - mp.log(2)
            # (loggamma(1 + a) and digamma(1 + a) by their series in a <= 5e-11: 1 + a would round a away)
            t = a * log_w - (-mp.euler * a + mp.zeta(2) / 2 * a ** 2 - mp.zeta(3) / 3 * a ** 3)
            slope = -1 / mp.expm1(-t)  # (d log(1 - e^T) / dT = -e^T / (1 - e^T))
            value = float(mp.log(-mp.expm1(t)))
            digamma = -mp.euler + mp.zeta(2) * a - mp.zeta(3) * a ** 2
            grad = [float(slope * 2 * a / mx), float(slope * (log_w / 2 - digamma / 2)), float(-slope * 2 * a / ms)]

        def f(v):
            return stats.chi.logsf(v[0], v[1], 0.0, v[2])
        np.testing.assert_allclose(float(stats.chi.logsf(x, df, 0.0, s)), value, rtol=1e-15)
        with np.errstate(over="ignore"):
            np.testing.assert_allclose(wg.grad(f)(np.array([x, df, s])), grad, rtol=1e-14)
