"""The truths of tests/test_stats_ncx2.py's TRUTHS: ncx2's log density at (x, df, nc, loc, scale), its gradient and
Hessian in those five, by mpmath (60 digits): the standard log density ``-log 2 - (z + nc) / 2 + (a - 1) / 2 log(z /
nc) + log I_(a - 1)(sqrt(nc z))`` (``a = df / 2``; chi2's at nc = 0) differentiated in (z, a, nc) by mp.diff (the
Bessel function's order too), then the chain rule through ``z = (x - loc) / scale`` and ``- log(scale)`` exactly.

    python tools/ncx2_truths.py   # prints the table
"""
import mpmath as mp

POINTS = [(1.1, 3.0, 2.0, 0.5, 2.0), (4.5, 1.0, 0.5, 0.5, 2.0), (2000.5, 3.0, 900.0, 0.5, 2.0),
          (60.5, 0.001, 20.0, 0.5, 2.0), (100.5, 1000.0, 3.0, 0.5, 2.0), (1.5, 5.0, 100.0, 0.5, 2.0),
          (200000.5, 2.5, 120000.0, 0.5, 2.0), (6.5, 2.5, 0.0, 0.5, 2.0), (1e-150, 1.0, 2.0, 0.0, 1.5),
          (3.5, 4.0, 1e-8, 0.5, 2.0), (4.5, 0.0001, 3.0, 0.5, 2.0), (0.52, 100.0, 1000.0, 0.5, 2.0)]
#: large df (the Bessel function's order beyond mpmath's series): the value alone, by the sum of the mixture's terms
LARGE_DF = [(205000.0, 200000.0, 5000.0), (2100000.0, 2000000.0, 50000.0), (20000.0, 2000.0, 20000.0),
            (220.0, 200.0, 22.0)]


def standard(z, a, nc):
    """The standard log density: by the Bessel function from nc z = 100, else less (a - 1) log z (analytic in z, a
    and nc: mp.diff's steps may cross z = 0 and nc = 0) by the series ``sum_j c^j / (j! Gamma(a + j))``, c = nc z / 4."""
    if nc * z >= 100:
        # (re: mpmath gives I_nu of a negative order nu > -1 as a complex number with a 0 imaginary part)
        return (-mp.log(2) - (z + nc) / 2 + (a - 1) / 2 * mp.log(z / nc)
                + mp.log(mp.re(mp.besseli(a - 1, mp.sqrt(nc * z)))))
    c = nc * z / 4
    return (-(a - 1) * mp.log(2) - (z + nc) / 2 - mp.log(2)
            + mp.log(mp.fsum(c ** j / (mp.factorial(j) * mp.gamma(a + j)) for j in range(200))))


def jet(x, df, nc, loc, scale):
    x, df, nc, loc, s = (mp.mpf(v) for v in (x, df, nc, loc, scale))
    z, a = (x - loc) / s, df / 2
    point = (z, a, nc)
    apart = nc * z < 100  # ((a - 1) log z added below)

    def d(*order):
        extra = 0
        if apart:
            extra = {(1, 0, 0): (a - 1) / z, (0, 1, 0): mp.log(z), (2, 0, 0): -(a - 1) / z ** 2,
                     (1, 1, 0): 1 / z}.get(order, 0)
        return mp.diff(lambda *p: standard(*p), point, order) + extra
    f = standard(*point) + ((a - 1) * mp.log(z) if apart else 0)
    grad, hess = through_z(z, s, d)
    grad[4] -= 1 / s
    hess[4][4] += 1 / s ** 2
    return f - mp.log(s), grad, hess


def through_z(z, s, d):
    """The gradient and Hessian in (x, df, nc, loc, scale) of a function of (z, a, nc), ``z = (x - loc) / s``, ``a = df
    / 2``, whose partial derivatives are ``d(i, j, k)`` (orders in z, a, nc): the chain rule, exactly (also
    tools/ncx2_tail_truths.py's)."""
    fz, fa, fl = d(1, 0, 0), d(0, 1, 0), d(0, 0, 1)
    fzz, fza, fzl, faa, fal, fll = (d(2, 0, 0), d(1, 1, 0), d(1, 0, 1), d(0, 2, 0), d(0, 1, 1), d(0, 0, 2))
    # (x, df, nc, loc, scale): dz = (dx - dloc - z dscale) / s
    dz = [1 / s, 0, 0, -1 / s, -z / s]
    da = [0, mp.mpf(1) / 2, 0, 0, 0]
    dl = [0, 0, 1, 0, 0]
    grad = [fz * dz[i] + fa * da[i] + fl * dl[i] for i in range(5)]
    # second derivatives of z: d2z/dx ds = -1 / s^2, d2z/dloc ds = 1 / s^2, d2z/ds2 = 2 z / s^2
    zz = [[0] * 5 for _ in range(5)]
    zz[0][4] = zz[4][0] = -1 / s ** 2
    zz[3][4] = zz[4][3] = 1 / s ** 2
    zz[4][4] = 2 * z / s ** 2
    hess = [[fzz * dz[i] * dz[j] + faa * da[i] * da[j] + fll * dl[i] * dl[j]
             + fza * (dz[i] * da[j] + da[i] * dz[j]) + fzl * (dz[i] * dl[j] + dl[i] * dz[j])
             + fal * (da[i] * dl[j] + dl[i] * da[j]) + fz * zz[i][j] for j in range(5)] for i in range(5)]
    return grad, hess


def by_terms(x, df, nc):
    """The log density at loc 0, scale 1 as the sum of the mixture's terms ``c^j / (j! Gamma(a + j))`` about their
    largest (every term within 1e-40 of it)."""
    z, a, nc = mp.mpf(x), mp.mpf(df) / 2, mp.mpf(nc)
    c = nc * z / 4
    peak = int((-(a + 1) + mp.sqrt((a - 1) ** 2 + 4 * c)) / 2) if c > a else 0
    width = int(60 + 20 * mp.sqrt(peak + 1))
    logs = [j * mp.log(c) - mp.loggamma(j + 1) - mp.loggamma(a + j) for j in range(max(0, peak - width), peak + width)]
    top = max(logs)
    return ((a - 1) * mp.log(z / 2) - (z + nc) / 2 - mp.log(2) + top + mp.log(mp.fsum(mp.exp(t - top) for t in logs)))


if __name__ == "__main__":
    with mp.workdps(60):
        for p in POINTS:
            v, g, h = jet(*p)
            print(f"    ({p!r}, {float(v)!r}, {[float(t) for t in g]!r},\n     {[[float(t) for t in r] for r in h]!r}),")
        for p in LARGE_DF:
            print(f"    ({p!r}, {float(by_terms(*p))!r}),")
