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


def _log_sf_hessian(x, df, s):
    """The Hessian in (x, df, scale) of ``G = log(1 - e^T)``, ``T = df (log(x / s) - log(2) / 2) - loggamma(1 + df /
    2)`` (log P to within z^2 = 1e-600), written out: ``S'(T) T_i T_j + S(T) T_ij``, ``S = -1 / expm1(-T)``, at 60
    digits, at 700 where df < 1e-20 (its terms cancel to 1e-598 of their size at df = 1e-300), loggamma, digamma and
    trigamma of 1 + h there by their series in h (1 + h would need 300 digits)."""
    tiny = df < 1e-20
    with mp.workdps(700 if tiny else 60):
        u, d, s, h = mp.mpf(x), mp.mpf(df), mp.mpf(s), mp.mpf(df) / 2
        if tiny:
            z2, z3, z4 = mp.zeta(2), mp.zeta(3), mp.zeta(4)
            log_gamma = -mp.euler * h + z2 / 2 * h ** 2 - z3 / 3 * h ** 3 + z4 / 4 * h ** 4
            digamma, trigamma = -mp.euler + z2 * h - z3 * h ** 2 + z4 * h ** 3, z2 - 2 * z3 * h + 3 * z4 * h ** 2
        else:
            log_gamma, digamma, trigamma = mp.loggamma(1 + h), mp.digamma(1 + h), mp.psi(1, 1 + h)
        log_w = mp.log(u / s) - mp.log(2) / 2
        t = d * log_w - log_gamma
        e = mp.exp(-t)
        slope, curve = -1 / (e - 1), -e / (e - 1) ** 2
        first = [d / u, log_w - digamma / 2, -d / s]
        second = [[-d / u ** 2, 1 / u, 0], [1 / u, -trigamma / 4, -1 / s], [0, -1 / s, d / s ** 2]]
        return np.array([[float(curve * first[i] * first[j] + slope * second[i][j]) for j in range(3)]
                         for i in range(3)])


def test_log_sf_second_order_where_z_rounds_to_zero():
    # (the mixed derivatives in df: through log1mexp(df K) differences of terms 1 / (df K)^n, 7e-9 off at df = 1e-10
    # (d2/dx ddf 5.0000034273e299 and 5.0000033880e299 by its two sides, the truth 5.0000034340e299); at df = 1e-300
    # d2/dx ddf inf and NaN for 5e299, d2/ddf dscale 1.3e267 for -5e-31, d2/dx dscale 0 for 1.7e264; at df = 0.01
    # (df K = -7.6) the closed form. d2/dx2 is +inf there (df / x^2 times a positive number): NaN, left)
    for x, df, s in ((1e-300, 1e-10, 1e30), (1e-300, 1e-300, 1e30), (1e-300, 1e-10, 1e15), (1e-300, 0.01, 1e30),
                     (1e-100, 1e-3, 1e250)):
        truth = _log_sf_hessian(x, df, s)

        def f(v):
            return stats.chi.logsf(v[0], v[1], 0.0, v[2])
        p = np.array([x, df, s])
        off = ~np.eye(3, dtype=bool) | (np.arange(3) > 0)  # (all but d2/dx2 where it overflows)
        off[0, 0] = np.isfinite(truth[0, 0])
        with np.errstate(over="ignore", invalid="ignore"):
            for h in (wg.hessian(f)(p), wg.jacfwd(wg.grad(f))(p)):
                np.testing.assert_allclose(h[off], truth[off], rtol=1e-13)
            # (the first derivatives by forward mode and under wengert.jit's replay: the reverse ones, each row)
            grad = wg.grad(f)(p)
            np.testing.assert_allclose(wg.jit(wg.grad(f))(p), grad, rtol=1e-15)
            np.testing.assert_allclose(wg.jvp(f, (p,), (np.array([0.0, 1.0, 0.0]),))[1], grad[1], rtol=1e-14)
