"""The mpmath truths of tests/test_stats_vonmises.py's quantiles: vonmises' (and vonmises_line's) ppf with its
gradient and Hessian in (q, kappa, loc, scale).

z is the root of ``F(z) = q`` (z <= 0 for q <= 1/2; above, ``-z(1 - q)``: the density is even), F the integral of the
density from -pi (tools/vonmises_truths.py's grids, at 60 digits), by Newton's steps from SciPy's value until a step is
below 1e-45. Its derivatives are the inverse function's: ``z_q = 1 / f``, ``z_k = -F_k / f``, ``z_qq = -f_z / f^3``,
``z_qk = -(f_z z_k + f_k) / f^2``, ``z_kk = -(f_z z_k^2 + 2 f_k z_k + F_kk) / f`` (``f_z = -kappa sin z f``, ``f_k =
(cos z - A) f``, F_k and F_kk the integrals of the density's kappa derivatives); then ``x = loc + scale z``. Run:
python tools/vonmises_quantile_truths.py.
"""
import os
import sys

import mpmath as mp
from scipy import stats

sys.path.insert(0, os.path.dirname(__file__))
from vonmises_truths import _integral, _parameters  # noqa: E402

mp.mp.dps = 60


def _root(q, k, p):
    """z <= 0 with F(z) = q (q <= 1/2), from SciPy's value."""
    z = min(mp.mpf(float(stats.vonmises.ppf(float(q), float(k)))), mp.mpf(0))
    if q == 0:
        return -mp.pi
    if q == mp.mpf(1) / 2:
        return mp.mpf(0)
    for _ in range(100):
        step = (_integral(p, z, -mp.pi, k) - q) / p(z)
        z = max(z - step, -mp.pi)
        if abs(step) < mp.mpf(10) ** -45 * (abs(z) + mp.mpf(10) ** -300):
            return z
    raise ValueError("no convergence")


def ppf_jet(q, kappa, loc, scale):
    """(value, gradient, Hessian) in (q, kappa, loc, scale) of vonmises.ppf."""
    k, s, qq = mp.mpf(kappa), mp.mpf(scale), mp.mpf(q)
    p, a, a1 = _parameters(k)
    upper = qq > mp.mpf(1) / 2
    z = _root(1 - qq if upper else qq, k, p)
    fs = [lambda t: (mp.cos(t) - a) * p(t), lambda t: ((mp.cos(t) - a) ** 2 - a1) * p(t)]
    f_k_int, f_kk_int = [_integral(g, z, -mp.pi, k) for g in fs]
    f = p(z)
    if upper:  # (z(q) = -z(1 - q): F_k at -z is -F_k at z, F_kk likewise; q's derivatives by the chain rule)
        z, f_k_int, f_kk_int = -z, -f_k_int, -f_kk_int
    f_z, f_k = -k * mp.sin(z) * f, (mp.cos(z) - a) * f
    z_q, z_k = 1 / f, -f_k_int / f
    z_qq = -f_z / f ** 3
    z_qk = -(f_z * z_k + f_k) / f ** 2
    z_kk = -(f_z * z_k ** 2 + 2 * f_k * z_k + f_kk_int) / f
    value = mp.mpf(loc) + s * z
    gradient = [s * z_q, s * z_k, 1, z]
    hessian = [[s * z_qq, s * z_qk, 0, z_q], [s * z_qk, s * z_kk, 0, z_k], [0, 0, 0, 0], [z_q, z_k, 0, 0]]
    return float(value), [float(v) for v in gradient], [[float(v) for v in row] for row in hessian]


#: (q, kappa, loc, scale): the middle; the far left tail at kappa 50 (SciPy's normal approximation 3e-4 off); beside
#: the median (q = 1/2 - 2^-40); kappa 0 (in kappa one-sided); the far tail q = 1e-300 at kappa 1e4; the upper half;
#: small kappa; the lower end q = 0 (vonmises_line's -pi)
PPF_POINTS = [(0.3, 2.0, 0.1, 1.2), (1e-10, 50.0, 0.0, 1.0), (0.5 - 2.0 ** -40, 2.0, 0.0, 1.0), (0.9, 0.0, 0.0, 1.0),
              (1e-300, 1e4, 0.0, 1.0), (0.8, 30.0, -0.2, 0.7), (0.2, 1e-3, 0.0, 1.0), (0.0, 2.0, 0.0, 1.0)]

if __name__ == "__main__":
    print("PPF_TRUTHS = [")
    for point in PPF_POINTS:
        value, gradient, hessian = ppf_jet(*point)
        print(f"    ({point!r}, {value!r},\n     {gradient!r},\n     {hessian!r}),")
    print("]")
