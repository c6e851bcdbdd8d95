"""Second derivatives in (x, scale) of ``wengert.scipy.stats``' power and log tails far from the mode, against mpmath.

Far out these log tails are ``A log z + R(z)`` (``z = (x - loc) / scale``): through z d2/dx dscale is
``-(f' + z f'') / scale^2``, where ``A / z`` and ``-A / z`` cancel (every digit lost: lomax.logsf(1e20, 2)'s was 0, the
truth 2e-40; 2.2e-165 at 1e160 and 2e-300 at 1e300 for 2e-320 and 0), and the z-derivatives of ``R`` underflowed
apart beyond z = 1e100. Written in ``L = log z`` from ``_log_of_z`` (its derivatives in x and in scale apart, ``1 / x``
and ``-1 / scale``) the Hessian is a product of representable factors. ``test_the_table_is_mpmaths`` recomputes the
table (central differences with a step relative to x and scale, at 200 or 900 digits).
"""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats

#: (distribution, method, shapes, x, scale, Hessian in (x, scale)), loc = 0
FAR_PAIRS = [
    ('lomax', 'logsf', (2.0,), 1e+20, 1.0, [[2e-40, 2e-40], [2e-40, -2.0]]),
    ('lomax', 'logpdf', (2.0,), 1e+150, 3.0, [[3e-300, 3e-300], [3e-300, -0.2222222222222222]]),
    ('lomax', 'logsf', (2.0,), 1e5, 0.25,
     [[1.9999900000375e-10, 1.9999900000375e-10], [1.9999900000375e-10, -31.9999999998]]),
    ('pareto', 'logsf', (2.0,), 1e+100, 3.0, [[2e-200, 0.0], [0.0, -0.2222222222222222]]),
    ('pareto', 'logpdf', (2.0,), 1e+20, 3.0, [[3e-40, 0.0], [0.0, -0.2222222222222222]]),
    # (pareto's lower end z = 1: log z from x - loc - scale, exact there; log of the rounded quotient lost eps / (z - 1))
    ('pareto', 'logcdf', (2.0,), 1.1000000000010002, 1.1,
     [[-9.998222225424484e+23, 9.998222225424484e+23], [9.998222225424484e+23, -9.998222225424484e+23]]),
    ('loglaplace', 'logsf', (2.0,), 1e+300, 0.25, [[0.0, 0.0], [0.0, -32.0]]),
    ('loglaplace', 'logpdf', (2.0,), 1e+20, 3.0, [[3e-40, 0.0], [0.0, -0.2222222222222222]]),
    # (burr's logsf through its series' c log z at z: d2/dscale2 was -6.0, z^2 overflowing beside c / z^2's 0)
    ('burr', 'logsf', (3.0, 0.5), 1e+300, 1.0, [[0.0, 0.0], [0.0, -3.0]]),
    ('burr', 'logpdf', (3.0, 0.5), 1e+20, 3.0, [[4e-40, 1.215e-78], [1.215e-78, -0.3333333333333333]]),
    ('burr12', 'logsf', (3.0, 0.5), 1e+20, 1.0, [[1.5e-40, 4.5e-80], [4.5e-80, -1.5]]),
    ('fisk', 'logpdf', (3.0,), 1e+20, 3.0, [[4e-40, 1.62e-78], [1.62e-78, -0.3333333333333333]]),
    ('fisk', 'logsf', (3.0,), 1e5, 1.0,
     [[2.999999999999988e-10, 8.999999999999982e-20], [8.999999999999982e-20, -3.000000000000006]]),
    # (the Cauchy tails: the smaller's log in log|z|, the tails themselves as powers of z each on its own)
    ('cauchy', 'logsf', (), 1e+20, 1.0, [[1e-40, 1.3333333333333334e-60], [1.3333333333333334e-60, -1.0]]),
    ('cauchy', 'logpdf', (), -1e+20, 3.0, [[2e-40, -1.2e-59], [-1.2e-59, -0.1111111111111111]]),
    ('cauchy', 'logcdf', (), 1e+20, 3.0, [[-1.909859317102744e-60, 3.1830988618379067e-41],
                                          [3.1830988618379067e-41, -1.0132118364233777e-41]]),
    ('cauchy', 'sf', (), 1e+20, 3.0, [[1.909859317102744e-60, -3.1830988618379067e-41],
                                      [-3.1830988618379067e-41, -1.909859317102744e-60]]),
    ('halfcauchy', 'logsf', (), 1e+20, 0.25, [[1e-40, 3.3333333333333335e-61], [3.3333333333333335e-61, -16.0]]),
    ('halfcauchy', 'logcdf', (), 1e+20, 3.0, [[-3.819718634205488e-60, 6.366197723675813e-41],
                                              [6.366197723675813e-41, -4.0528473456935106e-41]]),
    ('foldcauchy', 'logsf', (0.5,), 1e+20, 1.0, [[1e-40, 3.3333333333333335e-61], [3.3333333333333335e-61, -1.0]]),
    ('foldcauchy', 'logpdf', (0.5,), 1e+20, 3.0, [[2e-40, 3e-60], [3e-60, -0.1111111111111111]]),
    ('foldcauchy', 'sf', (0.5,), 1e+20, 3.0, [[3.819718634205488e-60, -6.366197723675813e-41],
                                              [-6.366197723675813e-41, -9.54929658551372e-61]]),
    ('foldcauchy', 'logcdf', (0.5,), 1e+20, 3.0, [[-3.819718634205488e-60, 6.366197723675813e-41],
                                                  [6.366197723675813e-41, -4.0528473456935106e-41]]),
    ('mielke', 'logsf', (2.0, 0.5), 1e+20, 3.0,
     [[4.999999996752405e-41, 3.608439180560161e-31], [3.608439180560161e-31, -0.055555555543527424]]),
    # (t's log density and far log tails in L = log|z|: through z d2/dx dscale was (df + 1) / z - (df + 1) / z)
    ('t', 'logpdf', (1.5,), 1e+20, 3.0, [[2.5e-40, 2.25e-59], [2.25e-59, -0.16666666666666666]]),
    ('t', 'logsf', (1.5,), 1e+20, 1.0, [[1.5e-40, 3.214285714285714e-60], [3.214285714285714e-60, -1.5]]),
    ('t', 'logcdf', (1.5,), -1e+20, 0.25, [[1.5e-40, -8.035714285714286e-61], [-8.035714285714286e-61, -24.0]]),
    # (crystalball's power tail: m log1p(t / c) in L = log|z|)
    ('crystalball', 'logpdf', (2.0, 3.0), -3e+20, 1.0,
     [[3.333333333333333e-41, 1.6666666666666665e-41], [1.6666666666666665e-41, -2.0]]),
    ('crystalball', 'logcdf', (2.0, 3.0), -3e+20, 3.0,
     [[2.2222222222222222e-41, 1.1111111111111111e-41], [1.1111111111111111e-41, -0.2222222222222222]]),
    # (skewcauchy's log density beyond |w| = 1 in L = log|z|: through w d2/dx dscale was 7.5e-37 one way, 0 the other)
    ('skewcauchy', 'logpdf', (0.5,), -1e+20, 3.0, [[2e-40, -3e-60], [-3e-60, -0.1111111111111111]]),
    # (kappa3 above y = z / a^(1/a) = 1 in L = log z and with y^-a from z^-a apart in x and scale: through y 1.05e-6
    # relative off at 1e20, -6.8e-167 one way and 0 the other at 1e150, the log cdf's -5e-226 for 2.5e-226)
    ('kappa3', 'logpdf', (0.5,), 1e+20, 3.0,
     [[1.4999999998051443e-40, 2.1650635090860968e-31], [2.1650635090860968e-31, -0.05555555554833868]]),
    ('kappa3', 'logpdf', (0.5,), 1e+150, 3.0,
     [[1.5e-300, 2.165063509461097e-226], [2.165063509461097e-226, -0.05555555555555555]]),
    ('kappa3', 'logsf', (0.5,), 1e+150, 1.0, [[5e-301, 1.875e-226], [1.875e-226, -0.5]]),
    ('kappa3', 'logcdf', (0.5,), 1e+150, 1.0, [[0.0, 2.5e-226], [2.5e-226, 2.5e-76]]),
    ('kappa3', 'logcdf', (1.0,), 1e+20, 3.0, [[-6e-60, 1e-40], [1e-40, 1e-40]]),
    # (invgamma's, levy's and levy_l's tails in 1 / z and log z from x - loc and scale apart: through z the smaller
    # tail's d2/dx dscale was a / z - a / z plus rounding, 0; the larger one's at 1e150 -4e-226 one way, 2e-226 the other)
    ('invgamma', 'logsf', (2.5,), 1e+20, 1.0, [[2.5e-40, 7.142857142857143e-41], [7.142857142857143e-41, -2.5]]),
    ('levy', 'logsf', (), 1e+20, 1.0, [[5e-41, 1.6666666666666665e-41], [1.6666666666666665e-41, -0.5]]),
    ('levy', 'logcdf', (), 1e+150, 1.0,
     [[0.0, 1.9947114020071634e-226], [1.9947114020071634e-226, 1.9947114020071634e-76]]),
    ('levy_l', 'logcdf', (), -1e+20, 3.0,
     [[5e-41, -1.6666666666666665e-41], [-1.6666666666666665e-41, -0.05555555555555555]]),
    ('levy_l', 'logsf', (), -1e+150, 1.0,
     [[0.0, -1.9947114020071634e-226], [-1.9947114020071634e-226, 1.9947114020071634e-76]]),
    # (betaprime's and f's upper log tails from the series of log betainc at w = 1 / (1 + z) in L = log z and 1 / z:
    # through z the log sf's d2/dx dscale was b / z - b / z plus rounding, the log cdf's z-derivatives underflowed)
    ('betaprime', 'logsf', (2.0, 1.5), 1e+20, 1.0, [[1.5e-40, 2.1e-40], [2.1e-40, -1.5]]),
    ('betaprime', 'logcdf', (2.0, 1.5), 1e+150, 1.0, [[0.0, 0.0], [0.0, -1.8750000000000002e-225]]),
    ('f', 'logsf', (3.0, 1.5), 1e+20, 1.0, [[7.5e-41, 4.821428571428571e-41], [4.821428571428571e-41, -0.75]]),
    # (lognorm's log sf: log z through z, its d2/dx dscale log z times the rounding of 1 / z - 1 / z)
    ('lognorm', 'logsf', (0.8,), 1e+300, 1.0,
     [[0.0, 1.5624979043313422e-300], [1.5624979043313422e-300, -1080.9007078896798]]),
]

_PATHS = {"hessian": wg.hessian, "jacfwd(jacrev)": lambda f: wg.jacfwd(wg.jacrev(f)),
          "jacrev(jacfwd)": lambda f: wg.jacrev(wg.jacfwd(f)), "jacfwd(jacfwd)": lambda f: wg.jacfwd(wg.jacfwd(f))}


@pytest.mark.parametrize("distribution, method, shapes, x, s, hessian", FAR_PAIRS,
                         ids=[f"{r[0]}.{r[1]}-{r[3]!r}-{r[4]}" for r in FAR_PAIRS])
def test_far_tail_hessian_in_x_and_scale(distribution, method, shapes, x, s, hessian):
    def f(p):
        return getattr(getattr(stats, distribution), method)(p[0], *shapes, 0.0, p[1])
    for path, make in _PATHS.items():
        np.testing.assert_allclose(make(f)(np.array([x, s])), hessian, rtol=1e-12, atol=0, err_msg=path)


def _mp_function(mp, distribution, method):
    return {
        ("lomax", "logsf"): lambda z, s, c: -c * mp.log1p(z),
        ("lomax", "logpdf"): lambda z, s, c: mp.log(c) - (c + 1) * mp.log1p(z) - mp.log(s),
        ("pareto", "logsf"): lambda z, s, b: -b * mp.log(z),
        ("pareto", "logpdf"): lambda z, s, b: mp.log(b) - (b + 1) * mp.log(z) - mp.log(s),
        ("pareto", "logcdf"): lambda z, s, b: mp.log(1 - z ** -b),
        ("loglaplace", "logsf"): lambda z, s, c: -mp.log(2) - c * mp.log(z),
        ("loglaplace", "logpdf"): lambda z, s, c: mp.log(c / 2) - (c + 1) * mp.log(z) - mp.log(s),
        ("burr", "logsf"): lambda z, s, c, d: mp.log(-mp.expm1(-d * mp.log1p(z ** -c))),
        ("burr", "logpdf"): lambda z, s, c, d: (mp.log(c * d) - (c + 1) * mp.log(z) - (d + 1) * mp.log1p(z ** -c)
                                                - mp.log(s)),
        ("burr12", "logsf"): lambda z, s, c, d: -d * mp.log1p(z ** c),
        ("fisk", "logsf"): lambda z, s, c: -mp.log1p(z ** c),
        ("fisk", "logpdf"): lambda z, s, c: mp.log(c) + (c - 1) * mp.log(z) - 2 * mp.log1p(z ** c) - mp.log(s),
        ("cauchy", "logsf"): lambda z, s: mp.log(mp.atan2(1, z) / mp.pi),
        ("cauchy", "logcdf"): lambda z, s: mp.log(mp.atan2(1, -z) / mp.pi),
        ("cauchy", "sf"): lambda z, s: mp.atan2(1, z) / mp.pi,
        ("cauchy", "logpdf"): lambda z, s: -mp.log(mp.pi) - mp.log1p(z * z) - mp.log(s),
        ("halfcauchy", "logsf"): lambda z, s: mp.log(2 * mp.atan2(1, z) / mp.pi),
        ("halfcauchy", "logcdf"): lambda z, s: mp.log(2 * mp.atan(z) / mp.pi),
        ("mielke", "logsf"): lambda z, s, k, q: mp.log(1 - z ** k / (1 + z ** q) ** (k / q)),
        ("skewcauchy", "logpdf"): lambda z, s, a: -mp.log(mp.pi) - mp.log(1 + (z / (1 + a * mp.sign(z))) ** 2) - mp.log(s),
        ("kappa3", "logpdf"): lambda z, s, a: mp.log(a) - (a + 1) / a * mp.log(a + z ** a) - mp.log(s),
        ("kappa3", "logsf"): lambda z, s, a: mp.log(1 - z * (a + z ** a) ** (-1 / a)),
        ("kappa3", "logcdf"): lambda z, s, a: mp.log(z) - mp.log(a + z ** a) / a,
        ("invgamma", "logsf"): lambda z, s, a: mp.log(mp.gammainc(a, 0, 1 / z, regularized=True)),
        ("levy", "logsf"): lambda z, s: mp.log(mp.erf(1 / mp.sqrt(2 * z))),
        ("levy", "logcdf"): lambda z, s: mp.log(mp.erfc(1 / mp.sqrt(2 * z))),
        ("levy_l", "logcdf"): lambda z, s: mp.log(mp.erf(1 / mp.sqrt(-2 * z))),
        ("levy_l", "logsf"): lambda z, s: mp.log(mp.erfc(1 / mp.sqrt(-2 * z))),
        ("betaprime", "logsf"): lambda z, s, a, b: mp.log(mp.betainc(b, a, 0, 1 / (1 + z), regularized=True)),
        ("betaprime", "logcdf"): lambda z, s, a, b: mp.log(mp.betainc(a, b, 0, z / (1 + z), regularized=True)),
        ("f", "logsf"): lambda z, s, n, m: mp.log(mp.betainc(m / 2, n / 2, 0, m / (m + n * z), regularized=True)),
        ("lognorm", "logsf"): lambda z, s, g: mp.log(mp.ncdf(-mp.log(z) / g)),
        # (the power tail's: B = m / beta - beta; log N and the masses' constants left out)
        ("crystalball", "logpdf"): lambda z, s, beta, m: -m * mp.log(m / beta - beta - z) - mp.log(s),
        ("crystalball", "logcdf"): lambda z, s, beta, m: (1 - m) * mp.log(m / beta - beta - z),
        ("t", "logpdf"): lambda z, s, df: -(df + 1) / 2 * mp.log1p(z * z / df) - mp.log(s),
        ("t", "logsf"): lambda z, s, df: mp.log(mp.betainc(df / 2, 0.5, 0, df / (df + z * z), regularized=True)),
        ("t", "logcdf"): lambda z, s, df: mp.log(mp.betainc(df / 2, 0.5, 0, df / (df + z * z), regularized=True)),
        ("foldcauchy", "sf"): lambda z, s, c: (mp.atan2(1, z - c) + mp.atan2(1, z + c)) / mp.pi,
        ("foldcauchy", "logcdf"): lambda z, s, c: mp.log(1 - (mp.atan2(1, z - c) + mp.atan2(1, z + c)) / mp.pi),
        ("foldcauchy", "logsf"): lambda z, s, c: mp.log((mp.atan2(1, z - c) + mp.atan2(1, z + c)) / mp.pi),
        ("foldcauchy", "logpdf"): lambda z, s, c: mp.log((1 / (1 + (z - c) ** 2) + 1 / (1 + (z + c) ** 2)) / mp.pi)
        - mp.log(s),
    }[distribution, method]


def test_the_table_is_mpmaths():
    from opcheck import lazy_mp as mp
    for distribution, method, shapes, x, s, hessian in FAR_PAIRS:
        f = _mp_function(mp, distribution, method)
        digits = 200 if abs(x) < 1e100 else 900
        with mp.workdps(digits):
            h = mp.mpf(10) ** (-(digits // 4))
            X, S, shape = mp.mpf(x), mp.mpf(s), [mp.mpf(v) for v in shapes]
            g = {(i, j): f(X * (1 + i * h) / (S * (1 + j * h)), S * (1 + j * h), *shape)
                 for i in (-1, 0, 1) for j in (-1, 0, 1)}
            xx = (g[1, 0] - 2 * g[0, 0] + g[-1, 0]) / h ** 2 / X ** 2
            ss = (g[0, 1] - 2 * g[0, 0] + g[0, -1]) / h ** 2 / S ** 2
            xs = (g[1, 1] - g[1, -1] - g[-1, 1] + g[-1, -1]) / (4 * h ** 2) / (X * S)
            got = np.array([[float(xx), float(xs)], [float(xs), float(ss)]])
        # (a 0 in the table: below 1e-85 of the largest entry here, the differences' rounding)
        np.testing.assert_allclose(got, hessian, rtol=1e-13, atol=1e-85 * np.abs(hessian).max(),
                                   err_msg=f"{distribution}.{method}({x!r}, {s})")


def _mp_hessian(mp, f, point, digits, k):
    """The Hessian of ``f(*point)`` by central differences of relative step ``10^-k`` at ``digits`` digits."""
    with mp.workdps(digits):
        h = mp.mpf(10) ** -k
        p0 = [mp.mpf(v) for v in point]
        n = len(p0)

        def g(d):
            return f(*(p0[i] * (1 + d.get(i, 0) * h) for i in range(n)))
        want = np.zeros((n, n))
        for i in range(n):
            for j in range(i, n):
                v = ((g({i: 1}) - 2 * g({}) + g({i: -1})) if i == j else (g({i: 1, j: 1}) - g({i: 1, j: -1}) - g(
                    {i: -1, j: 1}) + g({i: -1, j: -1})) / 4) / h ** 2 / (p0[i] * p0[j])
                want[i, j] = want[j, i] = float(v)
    return want


def test_t_larger_log_tail_in_x_scale_and_df():
    # (log1p(-S) of the smaller tail S = exp of its far series, in log|z| and in df: through z d2/dx dscale was
    # -4.9e-197 by reverse over reverse, 1.5e-197 by reverse over forward; the derivatives in df were refused)
    from opcheck import lazy_mp as mp
    point = np.array([1e150, 3.0, 0.3])

    def f(p):
        return stats.t.logcdf(p[0], p[2], 0.0, p[1])
    want = _mp_hessian(mp, lambda x, s, df: mp.log1p(-mp.betainc(df / 2, 0.5, 0, df / (df + (x / s) ** 2),
                                                                 regularized=True) / 2), point, 330, 80)
    for path, make in _PATHS.items():
        np.testing.assert_allclose(make(f)(point), want, rtol=1e-12, atol=1e-300, err_msg=path)


#: (distribution, method, c, x, scale, Hessian in (x, scale, c)), loc = 0: genpareto's and genextreme's far forms in
#: (x - loc, scale, c) for |c| below 1e-4 too (through z d2/dx dscale of genpareto.logsf(1e20, 1e-5) was 9.86e-31)
SMALL_C = [
    ('genpareto', 'logsf', 1e-5, 1e20, 1.0,
     [[9.999999999999979e-36, 9.999999999999978e-31, 9.999999999999978e-11],
      [9.999999999999978e-31, -99999.99999999999, -9999999999.999979],
      [9.999999999999978e-11, -9999999999.999979, -6.607755278982136e+16]]),
    ('genextreme', 'logpdf', -1e-8, 1e20, 3.0,
     [[1.000000009994e-32, 1.000000009994e-24, -9.99999999994e-05],
      [1.000000009994e-24, -11111111.11111111, 3333333333313333.0],
      [-9.99999999994e-05, 3333333333313333.0, -5.006481764453888e+25]]),
]


@pytest.mark.parametrize("distribution, method, c, x, s, hessian", SMALL_C, ids=[r[0] for r in SMALL_C])
def test_small_shape_far_hessian_in_x_scale_and_c(distribution, method, c, x, s, hessian):
    from opcheck import lazy_mp as mp
    formula = {("genpareto", "logsf"): lambda z, s, c: -mp.log1p(c * z) / c,
               ("genextreme", "logpdf"): lambda z, s, c: ((1 / c - 1) * mp.log1p(-c * z) - mp.exp(mp.log1p(-c * z) / c)
                                                          - mp.log(s))}[distribution, method]
    want = _mp_hessian(mp, lambda x_, s_, c_: formula(x_ / s_, s_, c_), (x, s, c), 200, 50)
    np.testing.assert_allclose(want, hessian, rtol=1e-13)

    def f(p):
        return getattr(getattr(stats, distribution), method)(p[0], p[2], 0.0, p[1])
    for path, make in _PATHS.items():
        np.testing.assert_allclose(make(f)(np.array([x, s, c])), hessian, rtol=1e-12, err_msg=path)


@pytest.mark.parametrize("distribution", ["betaprime", "f"])
def test_power_tail_log_density_in_x_scale_and_shapes(distribution):
    # (the kernel p log z - k log1p(z e^shift) above 1 in L = log z, the coefficient of L free of k's shapes: through z
    # d2/dx dscale and d2/dx d(shape) were 0, the truths 3.5e-40 and 1e-40 for betaprime at (1e20, 2, 1.5))
    from opcheck import lazy_mp as mp
    point = {"betaprime": (1e20, 3.0, 2.0, 1.5), "f": (1e20, 1.0, 3.0, 1.5)}[distribution]
    formula = {
        "betaprime": lambda x, s, a, b: (a - 1) * mp.log(x / s) - (a + b) * mp.log1p(x / s) - mp.log(mp.beta(a, b))
        - mp.log(s),
        "f": lambda x, s, n, m: (n / 2 * mp.log(n / m) + (n / 2 - 1) * mp.log(x / s) - (n + m) / 2 * mp.log1p(
            n * x / (m * s)) - mp.log(mp.beta(n / 2, m / 2)) - mp.log(s))}[distribution]
    want = _mp_hessian(mp, formula, point, 200, 50)

    def f(p):
        return getattr(stats, distribution).logpdf(p[0], p[2], p[3], 0.0, p[1])
    for path, make in _PATHS.items():
        np.testing.assert_allclose(make(f)(np.array(point)), want, rtol=1e-12, atol=0, err_msg=path)


#: (distribution, method, shapes, S (x - loc and scale), mpmath's log function of (x, scale, *shapes) without its
#: constant terms): the Hessian in
#: p of method(p[0] S_x, *shapes, 0, p[1] S_s) at p = (1, 0.5): far from 1 the second derivatives of log z (``-1 /
#: u^2``, ``1 / scale^2``) underflowed or overflowed before they met the tangent of size u (pareto.logpdf at S = 1e300:
#: [[0, 0], [0, 4]], the truth [[3, 0], [0, -8]]; inf at 1e-300), and d/dscale of z, -z / scale, overflowed alone
#: (cauchy.logpdf at a scale of 1e-200: an overflow warning)
SCALED = [
    ("pareto", "logpdf", (2.0,), (1e300, 1e300), lambda mp, x, s, b: b * mp.log(s) - (b + 1) * mp.log(x)),
    ("pareto", "logpdf", (2.0,), (1e-300, 1e-300), lambda mp, x, s, b: b * mp.log(s) - (b + 1) * mp.log(x)),
    ("cauchy", "logpdf", (), (1e200, 1.0), lambda mp, x, s: -mp.log(mp.pi * s) - mp.log1p((x / s) ** 2)),
    ("cauchy", "logpdf", (), (1.0, 1e-200), lambda mp, x, s: -mp.log(mp.pi * s) - mp.log1p((x / s) ** 2)),
    ("gamma", "logpdf", (2.5,), (1e-300, 1e-300), lambda mp, x, s, a: (a - 1) * mp.log(x / s) - x / s - mp.log(s)),
    ("lognorm", "logpdf", (0.7,), (1e300, 1e300),
     lambda mp, x, s, g: -mp.log(x) - mp.log(x / s) ** 2 / (2 * g * g)),
    # (invgamma's d-derivative (s / d - (a + 1)) / d: its own derivatives underflowed (overflowed) apart at d = 1e280
    # (1e-280) before they met the tangents: d2/dp2 0 (inf) for 2)
    ("invgamma", "logpdf", (1.5,), (2e280, 1e280), lambda mp, x, s, a: -(a + 1) * mp.log(x / s) - s / x - mp.log(s)),
    ("invgamma", "logpdf", (1.5,), (2e-280, 1e-280), lambda mp, x, s, a: -(a + 1) * mp.log(x / s) - s / x - mp.log(s)),
    # (z^c and the far forms' sums of powers of z (_Z_POWER_TERMS, _Z_TERMS) with the tangents inside: their s^-2 and
    # s^-1 under- or overflowed apart, d2/dp2 of gengamma.logpdf at 1e280 -0.05 for 0.5, NaN at 1e-280)
    ("weibull_min", "logsf", (1.5,), (1e300, 1e280), lambda mp, x, s, c: -(x / s) ** c),
    ("gengamma", "logpdf", (1.5, 0.7), (2e280, 1e280),
     lambda mp, x, s, a, c: (a * c - 1) * mp.log(x / s) - (x / s) ** c - mp.log(s)),
    ("gengamma", "logpdf", (1.5, 0.7), (2e-280, 1e-280),
     lambda mp, x, s, a, c: (a * c - 1) * mp.log(x / s) - (x / s) ** c - mp.log(s)),
    ("fisk", "logcdf", (0.7,), (1e-300, 1e-280), lambda mp, x, s, c: -mp.log1p((x / s) ** -c)),
    # (genpareto's and genextreme's far forms in w = 1 - c z (_GEV_FAR_TERMS) the same: 0 at 1e200, NaN at 1e-160)
    ("genpareto", "logsf", (0.5,), (1e200, 1e180), lambda mp, x, s, c: -mp.log1p(c * x / s) / c),
    ("genextreme", "logpdf", (-0.5,), (1e-160, 1e-180),
     lambda mp, x, s, c: (1 / c - 1) * mp.log1p(-c * x / s) - mp.exp(mp.log1p(-c * x / s) / c) - mp.log(s)),
    # (t's far form in log|z|, now for every |x - loc| and scale: at 1e300 d2/dp dq through z was -1.1e-15 by
    # reverse over forward (scale 5), the truth 0 to 1e-300)
    ("t", "logpdf", (2.5,), (1e300, 10.0),
     lambda mp, x, s, df: -mp.log(s) - (df + 1) / 2 * mp.log1p((x / s) ** 2 / df)),
]


@pytest.mark.parametrize("distribution, method, shapes, scales, formula", SCALED,
                         ids=[f"{r[0]}.{r[1]}-{r[3][0]:g}-{r[3][1]:g}" for r in SCALED])
def test_hessian_of_scaled_arguments(distribution, method, shapes, scales, formula):
    from opcheck import lazy_mp as mp
    with mp.workdps(120):
        sx, ss = mp.mpf(scales[0]), mp.mpf(scales[1])

        def d(i, j):
            return float(mp.diff(lambda p, q: formula(mp, p * sx, q * ss, *(mp.mpf(v) for v in shapes)),
                                 (1, mp.mpf(0.5)), (i, j)))
        want = np.array([[d(2, 0), d(1, 1)], [d(1, 1), d(0, 2)]])

    def f(p):
        return getattr(getattr(stats, distribution), method)(p[0] * scales[0], *shapes, 0.0, p[1] * scales[1])
    for path, make in _PATHS.items():
        # (an entry below 1e-30 of the largest: 0 to mpmath's differences' rounding)
        np.testing.assert_allclose(make(f)(np.array([1.0, 0.5])), want, rtol=1e-12, atol=1e-30 * np.abs(want).max(),
                                   err_msg=path)


def test_t_larger_log_tail_at_1e300():
    # (t's far form was kept to |x - loc| and scale in [1e-150, 1e150], where 1 / u^2 is a normal float: t.logcdf(1e300,
    # 0.3, 0, 3)'s d2/dscale2 was 0, the truth 1.13e-92)
    from opcheck import lazy_mp as mp
    point = np.array([1e300, 3.0])

    def f(p):
        return stats.t.logcdf(p[0], 0.3, 0.0, p[1])
    want = _mp_hessian(mp, lambda x, s: mp.log1p(-mp.betainc(0.15, 0.5, 0, 0.3 / (0.3 + (x / s) ** 2),
                                                             regularized=True) / 2), point, 330, 80)
    assert 1.1e-92 < want[1, 1] < 1.2e-92
    for path, make in _PATHS.items():
        np.testing.assert_allclose(make(f)(point), want, rtol=1e-12, atol=1e-300, err_msg=path)


def test_skewcauchy_far_log_density_in_x_scale_and_a():
    # (log(1 + w^2) beyond |w| = 1 in L = log|z| and log(1 -+ a): through w d2/dx da was 0, the truth 1.8e-59)
    from opcheck import lazy_mp as mp
    point = (-1e20, 3.0, 0.5)
    want = _mp_hessian(mp, lambda x, s, a: -mp.log1p((x / (s * (1 - a))) ** 2) - mp.log(s), point, 200, 50)

    def f(p):
        return stats.skewcauchy.logpdf(p[0], p[2], 0.0, p[1])
    for path, make in _PATHS.items():
        np.testing.assert_allclose(make(f)(np.array(point)), want, rtol=1e-12, atol=0, err_msg=path)


def test_f_far_log_sf_in_x_scale_and_dfn():
    # (log betainc(dfd / 2, dfn / 2, 1 - w) from its series in log(1 - w) = -(log(dfn / dfd) + L + log1p(dfd / (dfn z))):
    # through z d2/dx ddfn was -1.25e-41 by reverse over reverse, -1.79e-42 by forward over forward, the truth -5.36e-42)
    from opcheck import lazy_mp as mp
    point = (1e20, 3.0, 3.0)
    want = _mp_hessian(mp, lambda x, s, n: mp.log(mp.betainc(0.75, n / 2, 0, 1.5 / (1.5 + n * x / s), regularized=True)),
                       point, 200, 50)

    def f(p):
        return stats.f.logsf(p[0], p[2], 1.5, 0.0, p[1])
    for path, make in _PATHS.items():
        np.testing.assert_allclose(make(f)(np.array(point)), want, rtol=1e-12, atol=0, err_msg=path)


def test_t_far_log_density_at_a_tiny_df_in_scale():
    # (-(df + 1) log|x - loc| + df log(scale) for the far form's L and - log(scale): through L d2/dscale2 was -(df + 1)
    # / s^2 + 1 / s^2 with the rest, -df / (x - loc)^2 = -1e-50, rounded away: 0)
    from opcheck import lazy_mp as mp
    point = (1e-100, 3.0)
    want = _mp_hessian(mp, lambda x, s: -(mp.mpf(1e-250) + 1) / 2 * mp.log1p((x / s) ** 2 / mp.mpf(1e-250))
                       - mp.log(s), point, 900, 300)
    assert -1.01e-50 < want[1, 1] < -0.99e-50

    def f(p):
        return stats.t.logpdf(p[0], 1e-250, 0.0, p[1])
    for path, make in _PATHS.items():
        np.testing.assert_allclose(make(f)(np.array(point)), want, rtol=1e-12, atol=0, err_msg=path)


def test_reverse_over_forward_of_z_far_from_1():
    # (z's JVP was t * (1 / scale): reverse over it, the cotangent g t underflowed before it met 1 / scale's derivative
    # -1 / scale^2 (or overflowed after); now t / scale, one quotient. d2/dp dq by jacrev(jacfwd) of t.logsf(1e-280 p, 2.5,
    # 0, 1e-300 q) was 7.29e-40 for 4.86e-40, of burr.logsf here 4/3 of the truth, t.logpdf's and cauchy.logpdf's 2.3e-5
    # and 5.6e-6 relative off, rayleigh.logsf's inf; every entry now within 1e-12 of mpmath on each path, none 0)
    from opcheck import lazy_mp as mp
    rows = [("t", "logpdf", (2.5,), (1e-300, 1e-280),
             lambda x, s, df: -mp.log(s) - (df + 1) / 2 * mp.log1p((x / s) ** 2 / df)),
            ("cauchy", "logpdf", (), (1e-300, 1e-280), lambda x, s: -mp.log(mp.pi * s) - mp.log1p((x / s) ** 2)),
            ("burr", "logsf", (3.0, 0.5), (1e-260, 1e-280), lambda x, s, c, d: mp.log(1 - (1 + (x / s) ** -c) ** -d)),
            ("rayleigh", "logsf", (), (1e300, 1e280), lambda x, s: -(x / s) ** 2 / 2)]
    _assert_scaled_rows(mp, rows)


def _assert_scaled_rows(mp, rows):
    """Each row's Hessian in p of method(p[0] S_x, *shapes, 0, p[1] S_s) at (1, 0.5) on every path within 1e-12 of
    mpmath's (120 digits), every entry (none 0)."""
    for distribution, method, shapes, scales, formula in rows:
        with mp.workdps(120):
            sx, ss = mp.mpf(scales[0]), mp.mpf(scales[1])

            def d(i, j):
                return float(mp.diff(lambda p, q: formula(p * sx, q * ss, *(mp.mpf(v) for v in shapes)),
                                     (1, mp.mpf(0.5)), (i, j)))
            want = np.array([[d(2, 0), d(1, 1)], [d(1, 1), d(0, 2)]])
        assert np.all(want != 0)

        def f(p):
            return getattr(getattr(stats, distribution), method)(p[0] * scales[0], *shapes, 0.0, p[1] * scales[1])
        for path, make in _PATHS.items():
            np.testing.assert_allclose(make(f)(np.array([1.0, 0.5])), want, rtol=1e-12, atol=0,
                                       err_msg=f"{distribution}.{method} {path}")


def test_hessian_of_far_power_sums_with_a_tiny_power():
    # (_Z_POWER_TERMS', _Z_TERMS' and _GEV_FAR_TERMS' terms with the tangents or cotangents as s^b g h, then times z^e: in
    # forward over reverse g = 1 and h the tangent, s^-2 h = 4e600 * 1e-280 overflowed before it met z^-3 = 1e-61; now
    # one product of mantissas and a sum of exponents. The hessian of genpareto.logsf(1e-280 p, 0.5, 0, 1e-300 q) had
    # d2/dp2 inf for 2, levy.logsf's -inf for 0.5, invweibull.logpdf's NaN for 2.5, genextreme.logpdf's NaN for 3)
    from opcheck import lazy_mp as mp
    rows = [("genpareto", "logsf", (0.5,), (1e-280, 1e-300), lambda x, s, c: -mp.log1p(c * x / s) / c),
            ("levy", "logsf", (), (1e-280, 1e-300), lambda x, s: mp.log(mp.erf(1 / mp.sqrt(2 * x / s)))),
            ("invweibull", "logpdf", (1.5,), (1e-280, 1e-300),
             lambda x, s, c: mp.log(c) - (1 + c) * mp.log(x / s) - (x / s) ** -c - mp.log(s)),
            ("genextreme", "logpdf", (-0.5,), (1e-280, 1e-300),
             lambda x, s, c: (1 / c - 1) * mp.log1p(-c * x / s) - mp.exp(mp.log1p(-c * x / s) / c) - mp.log(s))]
    _assert_scaled_rows(mp, rows)


def test_forward_mode_of_invgamma_log_density_at_a_tiny_x():
    # (the d, s terms' first derivatives with the tangent inside: t times (s / d - (a + 1)) / d overflowed where t =
    # 1e-300 meets d = 1e-300, the truth 5e19: jacfwd of invgamma.logpdf(1e-300 p, 1.5, 0, 1e-280 q) was inf, its
    # jacfwd(jacfwd) d2/dp2 -inf for -1e20, levy.logpdf's the same; reverse mode's d/dx itself is 5e319, inf)
    from opcheck import lazy_mp as mp
    rows = [("invgamma", "logpdf", (1.5,), lambda x, s, a: -(a + 1) * mp.log(x / s) - s / x - mp.log(s)),
            ("levy", "logpdf", (), lambda x, s: -1.5 * mp.log(x / s) - s / (2 * x) - mp.log(s)),
            # (the far log cdf's partials, w / (R d) and the like, with the tangents inside too: every entry was inf)
            ("invgamma", "logcdf", (1.5,), lambda x, s, a: mp.log(mp.gammainc(a, s / x, mp.inf, regularized=True)))]
    for distribution, method, shapes, formula in rows:
        with mp.workdps(60):
            def d(i, j):
                return float(mp.diff(lambda p, q: formula(p * mp.mpf(1e-300), q * mp.mpf(1e-280),
                                                          *(mp.mpf(v) for v in shapes)), (1, mp.mpf(0.5)), (i, j)))
            grad = np.array([d(1, 0), d(0, 1)])
            want = np.array([[d(2, 0), d(1, 1)], [d(1, 1), d(0, 2)]])

        def f(p):
            return getattr(getattr(stats, distribution), method)(p[0] * 1e-300, *shapes, 0.0, p[1] * 1e-280)
        p = np.array([1.0, 0.5])
        np.testing.assert_allclose(wg.jacfwd(f)(p), grad, rtol=1e-13, atol=0, err_msg=f"{distribution}.{method}")
        np.testing.assert_allclose(wg.jacfwd(wg.jacfwd(f))(p), want, rtol=1e-13, atol=0,
                                   err_msg=f"{distribution}.{method}")
        # (the reverse paths' d2/dq2 too; their entries in p meet d/dx itself, 5e319, an inherent overflow)
        for path in (wg.hessian, lambda f: wg.jacrev(wg.jacfwd(f))):
            with np.errstate(over="ignore"):
                got = path(f)(p)[1, 1]
            np.testing.assert_allclose(got, want[1, 1], rtol=1e-13, atol=0, err_msg=f"{distribution}.{method}")


def test_t_log_tail_series_from_df_over_z2_3e_2():
    # (from df / z^2 = 3e-2 on, not 1e-3, the log tail is its series (10 terms, the rest below x^11 = 1.3e-17): through
    # log(stdtr) d2/dx dscale, -(f' + z f'') / s^2, cancelled and met stdtr's rounding, t.logsf(100, 30)'s 2.9e-11
    # relative off on every path, 6.7e-11 at df / z^2 = 1.1e-3; now the near form's worst 9e-13, at 3e-2)
    from opcheck import lazy_mp as mp
    for x in (100.0, 165.0):
        point = np.array([x, 30.0, 1.0])
        want = _mp_hessian(mp, lambda x, df, s: mp.log(mp.betainc(df / 2, 0.5, 0, df / (df + (x / s) ** 2),
                                                                  regularized=True) / 2), point, 60, 15)

        def f(p):
            return stats.t.logsf(p[0], p[1], 0.0, p[2])
        for path, make in _PATHS.items():
            np.testing.assert_allclose(make(f)(point), want, rtol=1e-13, atol=0, err_msg=f"{x} {path}")


def test_f_log_density_in_scale_at_a_tiny_dfn():
    # ((dfn/2 - 1) log z - log(scale) as (dfn/2) log z - log(x - loc) where the scale is traced: d2/dscale2 was
    # (dfn/2 - 1) / s^2 + 1 / s^2, dfn/2's low bits lost in dfn/2 - 1 before the log1p term cancelled it to -2.5e-9:
    # f.logpdf(0.5, 1e-3, 50)'s 2.2e-8 relative off, now 6e-11, the log1p term's own rounding)
    from opcheck import lazy_mp as mp
    point = np.array([0.5, 1e-3, 50.0, 1.0])
    want = _mp_hessian(mp, lambda x, n, m, s: (n / 2 * mp.log(n / m) + (n / 2 - 1) * mp.log(x / s) - (n + m) / 2 * mp.log1p(
        n * x / (m * s)) - mp.log(mp.beta(n / 2, m / 2)) - mp.log(s)), point, 60, 15)
    assert -2.51e-9 < want[3, 3] < -2.49e-9

    def f(p):
        return stats.f.logpdf(p[0], p[1], p[2], 0.0, p[3])
    for path, make in _PATHS.items():
        np.testing.assert_allclose(make(f)(point), want, rtol=1e-10, atol=0, err_msg=path)


def test_dweibull_log_density_mixed_entry_near_0():
    # ((c - 1) log|z| from log|x - loc| and log(scale) apart: through z d2/dx dscale was (c - 1) / (x s) - (c - 1) / (x s),
    # which rounded away c^2 |z|^c / (x s): 0 for 1.27e-29 on every path, either side of loc)
    from opcheck import lazy_mp as mp

    def formula(x, s, c):
        return mp.log(c / 2) + (c - 1) * mp.log(abs(x / s)) - abs(x / s) ** c - mp.log(s)
    _assert_scaled_rows(mp, [("dweibull", "logpdf", (1.5,), (1e-300, 1e-280), formula),
                             ("dweibull", "logpdf", (1.5,), (-1e-20, 1.0), formula)])
