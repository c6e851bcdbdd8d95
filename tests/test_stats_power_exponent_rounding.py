"""Powers of z in the stats rules with their exponent rounded (c - 1 at c = 0.2, 1/c - 1 at c = -3), an error the
power multiplies by log z: far from z = 1 the derivatives were up to 3.7e-14 off. Each against mpmath (closed forms
at 40 digits), at first and second order."""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats


def _halfgennorm(mp, x, order):  # logpdf = -z^b + const, z = x / s
    b, s = mp.mpf(0.2), mp.mpf(0.6)
    z = mp.mpf(x) / s
    return -b * z ** (b - 1) / s if order == 1 else -b * (b - 1) * z ** (b - 2) / s ** 2


def _weibull_min(mp, x, order):  # logsf = -x^c
    c = mp.mpf(1.0 / 3.0)
    return -c * mp.mpf(x) ** (c - 1) if order == 1 else -c * (c - 1) * mp.mpf(x) ** (c - 2)


def _genextreme(mp, x, order):  # logcdf = -w^(1/c), w = 1 - c x
    c = mp.mpf(-3.0)
    w = 1 - c * mp.mpf(x)
    return w ** (1 / c - 1) if order == 1 else -c * (1 / c - 1) * w ** (1 / c - 2)


def _nakagami_ppf(mp, q, order):  # 1 / pdf(ppf(q)); at q = 1e-300 P(nu, t) = t^nu / gamma(nu + 1) to 1e-60
    nu = mp.mpf(4.5)
    x = mp.sqrt((mp.mpf(q) * mp.gamma(nu + 1)) ** (1 / nu) / nu)
    return 1 / (2 * nu ** nu / mp.gamma(nu) * x ** (2 * nu - 1) * mp.exp(-nu * x * x))


CASES = [  # (name, function, truth, point, order); main's errors in the comments
    ("halfgennorm.logpdf", lambda x: stats.halfgennorm.logpdf(x, 0.2, 0, 0.6), _halfgennorm, 3e-280, 1),  # 3.6e-14
    ("halfgennorm.logpdf", lambda x: stats.halfgennorm.logpdf(x, 0.2, 0, 0.6), _halfgennorm, 3e-150, 2),  # 1.9e-14
    ("weibull_min.logsf", lambda x: stats.weibull_min.logsf(x, 1.0 / 3.0), _weibull_min, 1e250, 1),  # 3.2e-14
    ("weibull_min.logsf", lambda x: stats.weibull_min.logsf(x, 1.0 / 3.0), _weibull_min, 1e100, 2),  # 1.3e-14
    ("genextreme.logcdf", lambda x: stats.genextreme.logcdf(x, -3.0), _genextreme, 1e200, 1),  # 3.4e-14
    ("genextreme.logcdf", lambda x: stats.genextreme.logcdf(x, -3.0), _genextreme, 1e100, 2),  # 3.4e-14
    ("nakagami.ppf", lambda q: stats.nakagami.ppf(q, 4.5), _nakagami_ppf, 1e-300, 1),  # 3.9e-14 (np.power's rule)
]


@pytest.mark.parametrize("name, f, truth, x, order", CASES, ids=[f"{c[0]}-{c[3]:g}-{c[4]}" for c in CASES])
def test_stats_powers_keep_their_exponent_exact(name, f, truth, x, order):
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        want = float(truth(mp, x, order))
    ours = float((wg.grad(f) if order == 1 else wg.grad(wg.grad(f)))(x))
    assert ours == pytest.approx(want, rel=4e-16 if order == 1 else 6e-16, abs=0.0)


# densities written z**(a - 1.0) near z = 0 (weibull's z**(c - 1)): a - 1 rounded (a = 0.2), the error times log z in the value and every
# derivative in x, 28 ulp at x = 1e-50, 86 at 1e-150 (gamma.pdf(1e-150, 0.2) 1.9e-14 off). mpmath: the closed-form log
# density L at 50 digits, the density e^L, its derivatives e^L L' and e^L (L'' + L'^2) (L's by mp.diff in x (1 + u))
DENSITIES = {
    "gamma": ((0.2,), lambda mp, z, a: (a - 1) * mp.log(z) - z - mp.loggamma(a)),
    "chi2": ((0.4,), lambda mp, z, k: (k / 2 - 1) * mp.log(z) - z / 2 - k / 2 * mp.log(2) - mp.loggamma(k / 2)),
    "beta": ((0.2, 2.5), lambda mp, z, a, b: (a - 1) * mp.log(z) + (b - 1) * mp.log1p(-z) - mp.log(mp.beta(a, b))),
    "betaprime": ((0.2, 2.5), lambda mp, z, a, b: (a - 1) * mp.log(z) - (a + b) * mp.log1p(z) - mp.log(mp.beta(a, b))),
    "f": ((0.4, 5.0), lambda mp, z, m, n: (m / 2 * mp.log(m / n) + (m / 2 - 1) * mp.log(z) - (m + n) / 2 * mp.log1p(
        m / n * z) - mp.log(mp.beta(m / 2, n / 2)))),
    "chi": ((0.2,), lambda mp, z, k: (k - 1) * mp.log(z) - z * z / 2 - (k / 2 - 1) * mp.log(2) - mp.loggamma(k / 2)),
    "weibull_min": ((0.2,), lambda mp, z, c: mp.log(c) + (c - 1) * mp.log(z) - z ** c),
    "dweibull": ((0.2,), lambda mp, z, c: mp.log(c / 2) + (c - 1) * mp.log(z) - z ** c),
    "burr12": ((0.2, 2.5), lambda mp, z, c, d: mp.log(c * d) + (c - 1) * mp.log(z) - (d + 1) * mp.log1p(z ** c)),
    "exponweib": ((2.5, 0.2), lambda mp, z, a, c: mp.log(a * c) + (c - 1) * mp.log(z) - z ** c + (a - 1) * mp.log(
        -mp.expm1(-z ** c))),
    # (below z = 1; its slope through np.power where z^(c - 3) overflowed, 4f60c14: 1.5e-14 off at 1e-150)
    "loglaplace": ((0.2,), lambda mp, z, c: mp.log(c / 2) + (c - 1) * mp.log(z))}


@pytest.mark.parametrize("name", DENSITIES)
def test_densities_keep_their_exponent_exact(name):
    mp = pytest.importorskip("mpmath")
    shapes, log_density = DENSITIES[name]
    dist = getattr(stats, name)

    def f(x):
        return dist.pdf(x, *shapes)
    # (at 1e-150 the second derivative overflows, +inf, at 1e-200 the first too, -inf: through z^(a - 1) (1 + lo log z)
    # each was two terms overflowing apart, NaN for x alone traced)
    for x in (1e-200, 1e-150, 1e-50):
        with mp.workdps(50):
            t, parameters = mp.mpf(x), [mp.mpf(s) for s in shapes]

            def L(u):
                return log_density(mp, t * (1 + u), *parameters)
            first, second, value = mp.diff(L, 0, 1) / t, mp.diff(L, 0, 2) / t ** 2, mp.exp(L(0))
            want = [float(value), float(value * first), float(value * (second + first ** 2))]
        # (weibull's: exp(-z^c)'s cotangent, ~pdf, times np.power's partial c z^(c - 1) overflows where the slope
        # does, warned by the chain rule's product, as before)
        with np.errstate(over="ignore" if x < 1e-100 and "weibull" in name else "warn"):
            got = [f(x), wg.grad(f)(x), wg.grad(wg.grad(f))(x), wg.jacfwd(wg.grad(f))(x), wg.jacrev(wg.jacfwd(f))(x),
                   wg.jacfwd(wg.jacfwd(f))(x), wg.jvp(wg.grad(f), (x,), (1.0,))[1]]
        for ours, truth in zip(got, want + [want[-1]] * 4):
            assert float(ours) == pytest.approx(truth, rel=8e-16, abs=0.0)


# densities written exp(log density) far out, where the log is e log z plus terms near their limits: the log's own
# rounding, |e log z| ulp of it, was the density's relative error (betaprime.pdf(1e50, 2.5, 5) 517 ulp, its d/da 703),
# and near 0 the powers z^(c - 1) and z^(c d - 1) with their exponents rounded (burr's c d = 0.4 * 2.5 rounds to 1:
# d/dx at 1e-100 was 5e15 ulp off, all its digits). mpmath: the log density L at 50 digits, the density e^L, d/dx
# e^L L', d/dshape e^L dL/ds (the first shape), d2/dx2 e^L (L'' + L'^2). (shapes, log density, z, main's worst ulp)
FAR_DENSITIES = [
    ("betaprime", (2.5, 5.0), lambda mp, z, a, b: (a - 1) * mp.log(z) - (a + b) * mp.log1p(z) - mp.log(mp.beta(a, b)),
     1e50),  # 517, 703 in a
    ("betaprime", (0.2, 2.5), lambda mp, z, a, b: (a - 1) * mp.log(z) - (a + b) * mp.log1p(z) - mp.log(mp.beta(a, b)),
     1e50),  # 421
    ("pareto", (2.5,), lambda mp, z, b: mp.log(b) - (b + 1) * mp.log(z), 1e50),  # 415
    ("lomax", (2.5,), lambda mp, z, c: mp.log(c) - (c + 1) * mp.log1p(z), 1e50),  # 297
    ("invgamma", (0.4,), lambda mp, z, a: -(a + 1) * mp.log(z) - 1 / z - mp.loggamma(a), 1e50),  # 135, 119 in a
    ("burr", (2.5, 5.0), lambda mp, z, c, d: mp.log(c * d) - (c + 1) * mp.log(z) - (d + 1) * mp.log1p(z ** -c),
     1e50),  # 185
    ("burr", (0.4, 2.5), lambda mp, z, c, d: mp.log(c * d) - (c + 1) * mp.log(z) - (d + 1) * mp.log1p(z ** -c),
     1e-100),  # 115; d/dx 5e15
    ("burr12", (0.2, 2.5), lambda mp, z, c, d: mp.log(c * d) + (c - 1) * mp.log(z) - (d + 1) * mp.log1p(z ** c),
     1e-100),  # 96
    ("burr12", (0.4, 2.5), lambda mp, z, c, d: mp.log(c * d) + (c - 1) * mp.log(z) - (d + 1) * mp.log1p(z ** c),
     1e50),  # 143 in x
    ("fisk", (0.2,), lambda mp, z, c: mp.log(c) - (c + 1) * mp.log(z) - 2 * mp.log1p(z ** -c), 1e-100),  # 77
    ("mielke", (0.2, 2.5), lambda mp, z, k, s: mp.log(k) + (k - 1) * mp.log(z) - (1 + k / s) * mp.log1p(z ** s),
     1e-100),  # 77
]


@pytest.mark.parametrize("name, shapes, log_density, x", FAR_DENSITIES,
                         ids=[f"{c[0]}-{c[1]}-{c[3]:g}" for c in FAR_DENSITIES])
def test_densities_keep_their_powers_far_out_and_near_zero(name, shapes, log_density, x):
    mp = pytest.importorskip("mpmath")
    dist = getattr(stats, name)
    with mp.workdps(50):
        t, parameters = mp.mpf(x), [mp.mpf(s) for s in shapes]

        def L(u):
            return log_density(mp, t * (1 + u), *parameters)
        first, second, value = mp.diff(L, 0, 1) / t, mp.diff(L, 0, 2) / t ** 2, mp.exp(L(0))
        in_shape = mp.diff(lambda s: log_density(mp, t, s, *parameters[1:]), parameters[0])
        want = [float(value), float(value * first), float(value * in_shape), float(value * (second + first ** 2))]
    got = [dist.pdf(x, *shapes), wg.grad(lambda x: dist.pdf(x, *shapes))(x),
           wg.grad(lambda s: dist.pdf(x, s, *shapes[1:]))(shapes[0]), wg.grad(wg.grad(lambda x: dist.pdf(x, *shapes)))(x)]
    for ours, truth in zip(got, want):
        if truth != 0 and abs(truth) < 1e308:  # (d2/dx2 at 1e50 of a tail z^-6: below the smallest float)
            assert float(ours) == pytest.approx(truth, rel=1.5e-15, abs=0.0)


@pytest.mark.parametrize("name, shapes, log_density", [
    ("lomax", (0.2,), lambda mp, z, c: mp.log(c) - (c + 1) * mp.log1p(z)),
    ("betaprime", (2.0, 0.2), lambda mp, z, a, b: (a - 1) * mp.log(z) - (a + b) * mp.log1p(z) - mp.log(mp.beta(a, b)))])
def test_far_powers_keep_the_scale_derivative(name, shapes, log_density):
    # (at x = 1e250 the density's z^(-1.2) is normal, z^(-2.2), d/dz's, not: through it d/dscale was -pdf / scale
    # alone, -2e-301 for 4e-302, with the far form taken where the scale is traced; there the log form, 30 ulp off as
    # on main: rel 1e-13)
    mp = pytest.importorskip("mpmath")
    dist, x = getattr(stats, name), 1e250
    with mp.workdps(40):
        parameters = [mp.mpf(s) for s in shapes]

        def g(s):
            return mp.exp(log_density(mp, mp.mpf(x) / s, *parameters)) / s
        want = [float(mp.diff(g, 1)), float(mp.diff(g, 1, 2))]

    def f(s):
        return dist.pdf(x, *shapes, 0.0, s)
    assert float(wg.grad(f)(1.0)) == pytest.approx(want[0], rel=1e-13, abs=0.0)
    assert float(wg.grad(wg.grad(f))(1.0)) == pytest.approx(want[1], rel=1e-13, abs=0.0)


# densities written exp(log density) where the log is large (far out, or -z^c beside a power), or as a power whose
# exponent c - 1 was rounded: the log's absolute rounding (or log z times the exponent's) was the density's relative
# error and its derivatives'; f's derivative in dfn with x a constant was log z - log1p(u) + log r (57 each at 1e50)
# cancelling to -0.005. mpmath: the density at 50 digits, its gradient and Hessian in (x, shapes) by mp.diff in
# relative steps. (shapes, log density, x, rel; main's worst ulp: value / gradient / Hessian; rel covers what is left:
# f's d/d dfn is -b / dfn + (digamma(a + b) - digamma(a)) / 2 + O(1 / u), 30 times smaller than its terms)
LOG_ROUNDED_DENSITIES = [
    ("invweibull", (2.5,), lambda mp, z, c: mp.log(c) - (c + 1) * mp.log(z) - z ** -c, 1e50, 2e-15),  # 415 / 371 / 358
    ("invweibull", (0.01,), lambda mp, z, c: mp.log(c) - (c + 1) * mp.log(z) - z ** -c, 1e15, 2e-15),  # 17 / 23 / 26
    ("loglaplace", (0.2,), lambda mp, z, c: mp.log(c / 2) + (c - 1) * mp.log(z), 1e-300, 2e-15),  # 332 / 221
    ("loglaplace", (7.3,), lambda mp, z, c: mp.log(c / 2) - (c + 1) * mp.log(z), 1e20, 2e-15),  # 247 / 354 / 324
    ("f", (7.3, 2.5), lambda mp, z, m, n: (m / 2 * mp.log(m / n) + (m / 2 - 1) * mp.log(z) - (m + n) / 2 * mp.log1p(
        m / n * z) - mp.log(mp.beta(m / 2, n / 2))), 1e50, 3e-14),  # 107 / 12,525 in dfn / 181
    ("f", (0.4, 2.5), lambda mp, z, m, n: (m / 2 * mp.log(m / n) + (m / 2 - 1) * mp.log(z) - (m + n) / 2 * mp.log1p(
        m / n * z) - mp.log(mp.beta(m / 2, n / 2))), 1e50, 3e-15),  # 361 / 488 / 552
    ("f", (100.0, 1.0), lambda mp, z, m, n: (m / 2 * mp.log(m / n) + (m / 2 - 1) * mp.log(z) - (m + n) / 2 * mp.log1p(
        m / n * z) - mp.log(mp.beta(m / 2, n / 2))), 1.0, 5e-14),  # 79 / 24,524 in dfn / 14,864
    ("weibull_min", (2.0,), lambda mp, z, c: mp.log(c) + (c - 1) * mp.log(z) - z ** c, 25.0, 2e-15),  # 682 / 670 / 654
    ("weibull_min", (0.2,), lambda mp, z, c: mp.log(c) + (c - 1) * mp.log(z) - z ** c, 1e5, 2e-15),  # 23 / 20 / 21
    ("dweibull", (2.0,), lambda mp, z, c: mp.log(c / 2) + (c - 1) * mp.log(z) - z ** c, 25.0, 2e-15),  # 682 / 670
    # (in (x, c, loc, scale) at z = 1e3 (x = 1500.25): d2/dx dscale cancels to c (c + 1) from terms of (c + 1) (c + 2)
    # through z; main 863 ulp in d/dscale, 1537 in the Hessian)
    ("invweibull", (0.01,), lambda mp, z, c: mp.log(c) - (c + 1) * mp.log(z) - z ** -c, 1500.25, 2e-15, (0.25, 1.5)),
]


@pytest.mark.parametrize("name, shapes, log_density, x, rel, located",
                         [c if len(c) == 6 else c + (None,) for c in LOG_ROUNDED_DENSITIES],
                         ids=[f"{c[0]}-{c[1]}-{c[3]:g}" for c in LOG_ROUNDED_DENSITIES])
def test_densities_not_exp_of_a_rounded_log(name, shapes, log_density, x, rel, located):
    mp = pytest.importorskip("mpmath")
    np = pytest.importorskip("numpy")
    dist = getattr(stats, name)
    shapes = shapes + (located or ())  # (the parameters after x: the shapes, then loc and scale if located)
    n = 1 + len(shapes)
    with mp.workdps(50):
        at = [mp.mpf(v) for v in (x,) + shapes]

        def density(*u):  # (relative steps: the point times 1 + u)
            p = [a * (1 + s) for a, s in zip(at, u)]
            if located:
                return mp.exp(log_density(mp, (p[0] - p[-2]) / p[-1], *p[1:-2])) / p[-1]
            return mp.exp(log_density(mp, *p))
        zero = [mp.mpf(0)] * n

        def diff(*orders):
            k = [0] * n
            for i in orders:
                k[i] += 1
            scale = mp.fprod(at[i] for i in orders)
            return float(mp.diff(density, zero, tuple(k), h=mp.mpf(10) ** (-15 if len(orders) == 1 else -12)) / scale)
        want_value = float(density(*zero))
        want_gradient = [diff(i) for i in range(n)]
        want_hessian = [[diff(i, j) for j in range(n)] for i in range(n)]

    def f(p):
        return dist.pdf(p[0], *[p[i] for i in range(1, n)])
    p = np.array((x,) + shapes)
    got = [(float(dist.pdf(x, *shapes)), want_value)]
    got += list(zip(np.asarray(wg.grad(f)(p), dtype=float), want_gradient))
    for i in range(1, n):  # (each shape alone, x a constant: f's d/d dfn took its own path there)
        def alone(s, i=i):
            return dist.pdf(x, *(s if j == i - 1 else v for j, v in enumerate(shapes)))
        got.append((float(wg.grad(alone)(shapes[i - 1])), want_gradient[i]))
    got += list(zip(np.asarray(wg.hessian(f)(p), dtype=float).ravel(), np.ravel(want_hessian)))
    for ours, truth in got:
        if truth != 0 and 1e-300 < abs(truth) < 1e300:  # (loglaplace's d/dx at 1e-300 is beyond the floats)
            assert ours == pytest.approx(truth, rel=rel, abs=0.0)


# near x = loc, densities whose power of z has a product for its exponent: gengamma's and exponweib's a c - 1, burr's c
# d - 1. Where the product rounds to 1 (1.5 * 2/3 = 1 - 5.6e-17, 0.4 * 2.5 = 1 + 5.6e-17) the exponent was 0 and its
# lost bit the whole of the slope, e / z: gengamma.logpdf(1.3e-300, 1.5, 2/3)'s d/dx was -5.1e99, the truth -4.3e283;
# burr.logpdf(1.3e-300, 0.4, 2.5)'s -1.1e180 for +4.3e283 (the log form below z = 1e-150); where it rounds to 2,
# gengamma.pdf(1.3e-10, 1.5, 4/3)'s d2/dx2 7.7e-4 off (e (e - 1) z^(e - 2) lost); gengamma.logpdf(1.3e-300, 4, 0.5)'s
# d2/dx2 was NaN (-e / z^2 and c (1 - c) z^(c - 2) overflowing apart), the truth -inf. (name, method, x, shapes, loc,
# scale, value, gradient and Hessian in (x, shapes, loc, scale)): tools/product_exponent_truths.py (jets over mpmath at
# 60 digits plus twice z's below 1)
INF = float("inf")
PRODUCT_EXPONENTS = [
    ('gengamma', 'logpdf', 1.3e-300, (1.5, 0.6666666666666666), 0.0, 1.3, -0.5470471349403719, [-4.2700885562506024e+283, -460.5535085727877, -1034.6632918473206, 4.2700885562506024e+283, -0.7692307692307692], [[INF, 5.128205128205128e+299, 1.1538461538461538e+300, -INF, 2.6298487836950045e+99], [5.128205128205128e+299, -0.9348022005446793, -690.7755278982137, -5.128205128205128e+299, -0.5128205128205128], [1.1538461538461538e+300, -690.7755278982137, -2.2500000000000004, -1.1538461538461538e+300, -1.1538461538461537], [-INF, -5.128205128205128e+299, -1.1538461538461538e+300, INF, -2.6298487836950045e+99], [2.6298487836950045e+99, -0.5128205128205128, -1.1538461538461537, -2.6298487836950045e+99, 0.5917159763313609]]),
    ('gengamma', 'pdf', 1.3e-10, (1.5, 1.3333333333333333), 0.0, 1.3, 1.1573119662517568e-10, [0.8902399740397577, -3.557302070266593e-09, -3.91041552468338e-09, -0.8902399740397577, -1.7804799480795705e-10], [[-0.0009896455955485718, -26.176875446919013, -28.74475945957857, 0.0009896455955485718, -1.3695999600610669], [-26.176875446919013, 1.092348296596706e-07, 1.1753207493995204e-07, 26.176875446919013, 5.35407375258928e-09], [-28.74475945957857, 1.1753207493995204e-07, 1.3206305697660538e-07, 28.74475945957857, 5.882487888021995e-09], [0.0009896455955485718, 26.176875446919013, 28.74475945957857, -0.0009896455955485718, 1.3695999600610669], [-1.3695999600610669, 5.35407375258928e-09, 5.882487888021995e-09, 1.3695999600610669, 4.1087998801834826e-10]]),
    ('gengamma', 'logpdf', 1.3e-300, (4.0, 0.5), 0.0, 1.3, -693.5227988124692, [7.692307692307693e+299, -346.6438816175386, -2761.1021115928547, -7.692307692307693e+299, -1.5384615384615383], [[-INF, 3.8461538461538465e+299, 3.076923076923077e+300, INF, 1.4792899408284023e+149], [3.8461538461538465e+299, -0.2838229557371153, -690.7755278982137, -3.8461538461538465e+299, -0.3846153846153846], [3.076923076923077e+300, -690.7755278982137, -4.0, -3.076923076923077e+300, -3.0769230769230766], [INF, -3.8461538461538465e+299, -3.076923076923077e+300, -INF, -1.4792899408284023e+149], [1.4792899408284023e+149, -0.3846153846153846, -3.0769230769230766, -1.4792899408284023e+149, 1.1834319526627217]]),
    # (c < 0, a power of z with a negative exponent in the log density: d2/dx2 NaN from z^(c - 2) and 1 / z^2
    # overflowing apart, d/dscale -inf where z^(c - 1) overflowed; at 5e-324 d/dx NaN too)
    ('gengamma', 'logpdf', 1.3e-200, (3.0, -0.3333333333333333), 0.0, 1.3, -4.6415888336127394e+66, [1.1901509829776255e+266, 152.58288853117125, 2.1375306512168627e+69, -1.1901509829776255e+266, -1.1901509829776254e+66], [[-INF, -2.564102564102564e+199, -5.51655235312231e+268, INF, 3.0516691871221165e+265], [-2.564102564102564e+199, -0.39493406684822646, -460.51701859880916, 2.564102564102564e+199, 0.2564102564102564], [-5.51655235312231e+268, -460.51701859880916, -9.843692426619606e+71, 5.51655235312231e+268, 5.51655235312231e+68], [INF, 2.564102564102564e+199, 5.51655235312231e+268, -INF, -3.0516691871221165e+265], [3.0516691871221165e+265, 0.2564102564102564, 5.51655235312231e+68, -3.0516691871221165e+265, 6.103338374244233e+65]]),
    ('gengamma', 'logpdf', 5e-324, (3.0, -0.3333333333333333), 0.0, 1.0, -5.871356456934502e+107, [INF, 247.22390630536194, 4.370873023076387e+110, -INF, -1.9571188189781672e+107], [[-INF, -INF, -INF, INF, INF], [-INF, -0.39493406684822646, -744.4400719213812, INF, 0.3333333333333333], [-INF, -744.4400719213812, -3.253853027658211e+113, INF, 1.46282903081573e+110], [INF, INF, INF, -INF, -INF], [INF, 0.3333333333333333, 1.46282903081573e+110, -INF, 1.3047458793187782e+107]]),
    ('exponweib', 'pdf', 1.3e-150, (1.5, 0.6666666666666666), 0.0, 1.3, 0.7692307692307839, [-3.2846835048082184e+133, -176.60910971749405, -397.37049686436166, 3.2846835048082184e+133, -0.5917159763313722], [[2.526679619083245e+283, 3.944773175542557e+149, 8.875739644970754e+149, -2.526679619083245e+283, 2.5266796190832446e+133], [3.944773175542557e+149, 40547.669045424955, 90967.34168762992, -3.944773175542557e+149, 135.458684003595], [8.875739644970754e+149, 90967.34168762992, 205272.57454246384, -8.875739644970754e+149, 304.7820390080888], [-2.526679619083245e+283, -3.944773175542557e+149, -8.875739644970754e+149, 2.526679619083245e+283, -2.5266796190832446e+133], [2.5266796190832446e+133, 135.458684003595, 304.7820390080888, -2.5266796190832446e+133, 0.910332271279034]]),
    ('exponweib', 'pdf', 1.3e-300, (2.5, 0.4), 0.0, 1.3, 0.7692307692307397, [3.2846835048080295e+283, -212.238623968673, -1326.4913998042064, -3.2846835048080295e+283, -0.5917159763313383], [[-INF, 2.3668639053252625e+299, 1.479289940828289e+300, INF, -2.5266796190831e+283], [2.3668639053252625e+299, 58558.68047842969, 365461.1564302638, -2.3668639053252625e+299, 163.0237935853698], [1.479289940828289e+300, 365461.1564302638, 2287448.4561886596, -1.479289940828289e+300, 1018.8987099085612], [INF, -2.3668639053252625e+299, -1.479289940828289e+300, -INF, 2.5266796190831e+283], [-2.5266796190831e+283, 163.0237935853698, 1018.8987099085612, 2.5266796190831e+283, 0.910332271278982]]),
    ('burr', 'logpdf', 1.3e-300, (0.4, 2.5), 0.0, 1.3, -0.26236426446752936, [4.2700885562506024e+283, -1724.4388197455344, -275.9102111592855, -4.2700885562506024e+283, -0.7692307692307693], [[-INF, 1.923076923076923e+300, 3.076923076923077e+299, INF, 3.3136094674555704e+179], [1.923076923076923e+300, -6.249999999999999, -690.7755278982137, -1.923076923076923e+300, -1.923076923076923], [3.076923076923077e+299, -690.7755278982137, -0.16, -3.076923076923077e+299, -0.3076923076923077], [INF, -1.923076923076923e+300, -3.076923076923077e+299, -INF, -3.3136094674555704e+179], [3.3136094674555704e+179, -1.923076923076923, -0.3076923076923077, -3.3136094674555704e+179, 0.591715976331361]]),
    ('burr', 'pdf', 1.3e-150, (0.4, 2.5), 0.0, 1.3, 0.7692307692307545, [3.284683504808093e+133, -662.2841614405775, -105.96546583049239, -3.284683504808093e+133, -0.5917159763313496], [[-2.5266796190831486e+283, 1.4792899408283458e+150, 2.3668639053253533e+149, 2.5266796190831486e+283, -2.526679619083148e+133], [1.4792899408283458e+150, 570201.5959512667, 90967.34168762644, -1.4792899408283458e+150, 507.970065013462], [2.3668639053253533e+149, 90967.34168762644, 14597.16085635243, -2.3668639053253533e+149, 81.27521040215392], [2.5266796190831486e+283, -1.4792899408283458e+150, -2.3668639053253533e+149, -2.5266796190831486e+283, 2.526679619083148e+133], [-2.526679619083148e+133, 507.970065013462, 81.27521040215392, 2.526679619083148e+133, 0.9103322712789994]]),
]


@pytest.mark.parametrize("name, method, x, shapes, loc, scale, value, grad, hess", PRODUCT_EXPONENTS,
                         ids=[f"{c[0]}.{c[1]}-{c[2]:g}-{c[3][0]:g}-{c[3][1]:.3g}" for c in PRODUCT_EXPONENTS])
def test_densities_keep_their_product_exponent_near_zero(name, method, x, shapes, loc, scale, value, grad, hess):
    np = pytest.importorskip("numpy")

    def f(v):
        return getattr(getattr(stats, name), method)(*v)
    at = np.array([x, *shapes, loc, scale])
    assert float(f(at)) == pytest.approx(value, rel=2e-15, abs=0.0)
    np.testing.assert_allclose(np.asarray(wg.grad(f)(at)), grad, rtol=1e-13, atol=0.0)
    with np.errstate(over="ignore"):  # (the infinite entries: the truth's overflow)
        for path in (wg.hessian, lambda f: wg.jacfwd(wg.grad(f))):
            np.testing.assert_allclose(np.asarray(path(f)(at)), hess, rtol=1e-13, atol=0.0)


def test_loglaplace_density_slope_where_it_overflows_is_infinite_not_nan():
    # (z^(c - 1) with its exponent's rounding kept had the slope z^(c - 2) (c - 1) + z^(c - 1) lo / z: -inf + inf where
    # both overflow, NaN for the truth -inf, by x, loc (+inf) and forward; the value there keeps the rounding: 1 ulp)
    np = pytest.importorskip("numpy")
    assert float(wg.grad(lambda x: stats.loglaplace.pdf(x, 0.2))(1e-300)) == -np.inf
    assert float(wg.grad(lambda loc: stats.loglaplace.pdf(1e-300, 0.2, loc))(0.0)) == np.inf
    assert float(wg.jvp(lambda x: stats.loglaplace.pdf(x, 0.2), (1e-300,), (1.0,))[1]) == -np.inf


def test_dweibull_log_density_mixed_scale_derivative_near_zero():
    """dweibull.logpdf(+-1.3e-300, 0.2, 0, 1.3) in (x, c, loc, scale): d2/dx dscale and d2/dloc dscale were -inf and
    +inf (through t = |z|, c (c - 1) t^(c - 2) overflowed before dt/dscale = -t / scale met it; the Hessian asymmetric),
    the truth +-2.37e238 (jets over mpmath, tools/near_zero_density_truths.py); at -x the entries with one x or loc
    index change sign."""
    np = pytest.importorskip("numpy")
    hess = np.array([[INF, 7.692307692307693e+299, -INF, 2.3668639053254257e+238],
                     [7.692307692307693e+299, -24.999999999999996, -7.692307692307693e+299, -0.7692307692307692],
                     [-INF, -7.692307692307693e+299, INF, -2.3668639053254257e+238],
                     [2.3668639053254257e+238, -0.7692307692307692, -2.3668639053254257e+238, 0.11834319526627218]])
    flip = np.array([-1.0, 1.0, -1.0, 1.0])
    for sign in (1.0, -1.0):
        at = np.array([sign * 1.3e-300, 0.2, 0.0, 1.3])
        want = hess if sign > 0 else hess * np.outer(flip, flip)
        with np.errstate(over="ignore"):  # (the infinite entries: the truth's overflow)
            for path in (wg.hessian, lambda f: wg.jacfwd(wg.grad(f))):
                got = path(lambda v: stats.dweibull.logpdf(v[0], v[1], v[2], v[3]))(at)
                np.testing.assert_allclose(np.asarray(got), want, rtol=1e-13, atol=0.0)
