"""mpmath truths for the quadrature entropies of alpha, genexpon, fatiguelife, recipinvgauss and foldnorm
(tests/test_stats_quadrature_entropy.py) and (session 54) rice, skewnorm, exponnorm, nct, ncx2 and ncf
(tests/test_stats_quadrature_entropy_more.py): the standard entropy ``H = -int f log f`` with its gradient and Hessian in
the shapes, at 50 digits, independent of wengert's quantile route.

The derivatives are taken under the integral (``int df = 0``): with ``l = log f``,
``dH/di = -int f l_i l`` and ``d2H/didj = -int f (l_ij l + l_i l_j (l + 1))``; the log density's partials ``l_i``,
``l_ij`` by mp.diff at each node (the log density in closed form, so mp.diff's extrapolation is exact to the working
precision). The range is cut at SciPy's quantiles (break points only: mp.quad's error estimate decides the digits; the
script prints it). loc and scale add ``log(scale)`` only. Run: python tools/quadrature_entropy_jets.py [NAME].
"""
import sys

import mpmath as mp
import scipy.stats as ss

mp.mp.dps = 50
SQ2PI = mp.sqrt(2 * mp.pi)


def alpha(x, a):
    return -2 * mp.log(x) - mp.log(mp.ncdf(a)) - mp.log(SQ2PI) - (a - 1 / x) ** 2 / 2


def genexpon(x, a, b, c):
    return mp.log(a + b * -mp.expm1(-c * x)) - (a + b) * x + b * -mp.expm1(-c * x) / c


def fatiguelife(x, c):
    return mp.log(x + 1) - mp.log(2 * c * SQ2PI) - mp.mpf(1.5) * mp.log(x) - (x - 1) ** 2 / (2 * x * c ** 2)


def recipinvgauss(x, mu):
    return -mp.log(SQ2PI * mp.sqrt(x)) - (1 - mu * x) ** 2 / (2 * x * mu ** 2)


def foldnorm(x, c):
    # log(phi(x - c) + phi(x + c)) = log phi(x - c) + log1p(exp(-2 c x))
    return -(x - c) ** 2 / 2 - mp.log(SQ2PI) + mp.log1p(mp.exp(-2 * c * x))


def rice(x, b):
    return mp.log(x) - (x * x + b * b) / 2 + mp.log(mp.besseli(0, b * x))


def skewnorm(x, a):
    return mp.log(2) - x * x / 2 - mp.log(SQ2PI) + mp.log(mp.ncdf(a * x))


def exponnorm(x, k):
    return -mp.log(k) + 1 / (2 * k * k) - x / k + mp.log(mp.ncdf(x - 1 / k))


def ncx2(x, k, lam):
    return (-mp.log(2) - (x + lam) / 2 + (k / 4 - mp.mpf(1) / 2) * mp.log(x / lam)
            + mp.log(mp.besseli(k / 2 - 1, mp.sqrt(lam * x))))


def ncf(x, n1, n2, lam):
    return (-lam / 2 + (n1 / 2) * mp.log(n1 / n2) + (n1 / 2 - 1) * mp.log(x) + ((n1 + n2) / 2) * mp.log(n2 / (n2 + n1 * x))
            - mp.log(mp.beta(n1 / 2, n2 / 2)) + mp.log(mp.hyp1f1((n1 + n2) / 2, n1 / 2, lam * n1 * x / (2 * (n2 + n1 * x)))))


def nct(x, v, mu):
    # (the two 1F1 terms, written for any sign of x: they cancel far left at mu > 0, which 50 digits absorb there)
    s = v + x * x
    z = mu * mu * x * x / (2 * s)
    pre = v ** (v / 2) * mp.gamma(v + 1) * mp.exp(-mu * mu / 2) / (2 ** v * s ** (v / 2) * mp.gamma(v / 2))
    t1 = mp.sqrt(2) * mu * x / s * mp.hyp1f1(v / 2 + 1, mp.mpf(3) / 2, z) / mp.gamma((v + 1) / 2)
    t2 = mp.hyp1f1((v + 1) / 2, mp.mpf(1) / 2, z) / (mp.sqrt(s) * mp.gamma(v / 2 + 1))
    return mp.log(pre * (t1 + t2))


def _cuts(name, shapes):
    d = getattr(ss, name)
    lo, hi = d.support(*shapes)
    qs = [1e-200, 1e-60, 1e-20, 1e-8, 1e-3, 0.05, 0.3, 0.5, 0.7, 0.95]
    pts = set()
    for u in qs:
        for method in (d.ppf, d.isf):
            try:
                pts.add(float(method(u, *shapes)))
            except (ValueError, OverflowError):  # (SciPy's root search fails at recipinvgauss(1e-3)'s 1e-200, its
                # ncf.isf overflows at a small dfd: a break point fewer)
                pass
    pts = sorted(pts)
    pts = [p for p in pts if lo < p < hi and p == p]
    return [mp.mpf(lo)] + [mp.mpf(p) for p in pts] + [mp.mpf(hi)]


def jet(name, shapes):
    """(value, gradient, Hessian) of the standard entropy in the shapes, and the largest error estimate."""
    logf = globals()[name]
    p = [mp.mpf(v) for v in shapes]
    k = len(p)
    cuts = _cuts(name, shapes)
    errs = []

    def q(g):
        v, e = mp.quad(g, cuts, error=True, maxdegree=10)
        errs.append(abs(e) / max(abs(v), mp.mpf(10) ** -40))
        return v

    def partial(x, *orders):
        return mp.diff(lambda *s: logf(x, *s), p, orders)

    def fl(x):
        lv = logf(x, *p)
        return mp.exp(lv), lv

    def h(x):
        f, lv = fl(x)
        return -f * lv if f else mp.mpf(0)
    value = q(h)
    unit = [tuple(int(a == i) for a in range(k)) for i in range(k)]
    grad = []
    for i in range(k):
        def g(x, i=i):
            f, lv = fl(x)
            return -f * partial(x, *unit[i]) * lv if f else mp.mpf(0)
        grad.append(q(g))
    hess = [[None] * k for _ in range(k)]
    for i in range(k):
        for j in range(i, k):
            def g2(x, i=i, j=j):
                f, lv = fl(x)
                if not f:
                    return mp.mpf(0)
                li, lj = partial(x, *unit[i]), partial(x, *unit[j])
                lij = partial(x, *[a + b for a, b in zip(unit[i], unit[j])])
                return -f * (lij * lv + li * lj * (lv + 1))
            hess[i][j] = hess[j][i] = q(g2)
    return (float(value), [float(v) for v in grad], [[float(v) for v in row] for row in hess]), float(max(errs))


POINTS = [("alpha", (1.5,)), ("alpha", (0.05,)), ("alpha", (10.0,)), ("alpha", (1e3,)),
          ("genexpon", (9.0, 16.0, 3.0)), ("genexpon", (0.5, 1.0, 0.1)), ("genexpon", (1.0, 1.0, 1e6)),
          ("genexpon", (1e-6, 1.0, 1.0)), ("genexpon", (1.0, 1e4, 1.0)),
          ("fatiguelife", (0.8,)), ("fatiguelife", (0.01,)), ("fatiguelife", (20.0,)), ("fatiguelife", (200.0,)),
          ("recipinvgauss", (0.6,)), ("recipinvgauss", (0.05,)), ("recipinvgauss", (30.0,)),
          ("recipinvgauss", (1e4,)), ("recipinvgauss", (1e-3,)),
          ("foldnorm", (1.5,)), ("foldnorm", (1e-8,)), ("foldnorm", (0.0,)), ("foldnorm", (30.0,)),
          ("rice", (1.5,)), ("rice", (0.0,)), ("rice", (30.0,)), ("skewnorm", (2.0,)), ("skewnorm", (0.0,)),
          ("skewnorm", (-30.0,)), ("exponnorm", (1.5,)), ("exponnorm", (0.05,)), ("exponnorm", (30.0,)),
          ("nct", (5.0, 1.0)), ("nct", (1.0, 0.0)), ("nct", (40.0, -3.0)), ("ncx2", (3.0, 2.0)), ("ncx2", (0.5, 10.0)),
          ("ncf", (4.0, 6.0, 2.0)), ("ncf", (1.5, 30.0, 0.5))]

if __name__ == "__main__":
    names = sys.argv[1:]
    for name, shapes in POINTS:
        if names and name not in names:
            continue
        (value, gradient, hessian), err = jet(name, shapes)
        print(f"    ({name!r}, {shapes!r}, {value!r},\n     {gradient!r},\n     {hessian!r}),  # err {err:.1e}",
              flush=True)
