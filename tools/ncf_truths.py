"""The mpmath truths of tests/test_stats_ncf.py: ncf's log density and log tails, their gradients and Hessians in (x,
dfn, dfd, nc, loc, scale), from the Poisson sums at 40 digits (mpmath's betainc, regularized), the derivatives in (z,
dfn, dfd, nc) by mp.diff and the chain rule through z = (x - loc) / scale. Run: python tools/ncf_truths.py."""
import sys

import mpmath as mp

mp.mp.dps = 40


def standard(kind, z, dfn, dfd, nc):
    t, a, b, r = nc / 2, dfn / 2, dfd / 2, dfn / dfd
    w, v = r * z / (1 + r * z), 1 / (1 + r * z)
    total, j, peak = mp.mpf(0), 0, mp.mpf(0)
    while True:
        weight = mp.exp(-t) * t ** j / mp.factorial(j)
        if kind == "logpdf":
            term = weight * r ** (a + j) * z ** (a + j - 1) * (1 + r * z) ** (-(a + j + b)) / mp.beta(a + j, b)
        elif kind == "logcdf":
            term = weight * mp.betainc(a + j, b, 0, w, regularized=True)
        else:
            term = weight * mp.betainc(b, a + j, 0, v, regularized=True)
        total += term
        peak = max(peak, abs(term))
        if j > t + 10 and abs(term) < mp.mpf(10) ** -45 * peak:
            return mp.log(total)
        j += 1


def truths(kind, x, dfn, dfd, nc, loc, scale):
    # (at a small z the steps' differences in z are z times 1e-12 of the value: as many more digits as z has below 1)
    z = (mp.mpf(x) - mp.mpf(loc)) / mp.mpf(scale)
    with mp.workdps(mp.mp.dps + max(0, int(-mp.log10(z)) + 1) if 0 < z < 1 else mp.mp.dps):
        return _truths(kind, x, dfn, dfd, nc, loc, scale)


def _truths(kind, x, dfn, dfd, nc, loc, scale):
    x, dfn, dfd, nc, loc, s = (mp.mpf(v) for v in (x, dfn, dfd, nc, loc, scale))
    z = (x - loc) / s
    g = lambda *p: standard(kind, *p)  # noqa: E731
    at = (z, dfn, dfd, nc)
    units = [tuple(int(i == k) for i in range(4)) for k in range(4)]
    g0 = g(*at)
    # (an explicit step, 1e-12 of each argument (of 1 for 0): mp.diff's default moved d/dnc of the log density at (0.02, 2.5,
    # 7, 30) by 5e-5 relative, where finite differences at any step from 1e-5 to 1e-20 agree; each argument's own,
    # through G(s) = g(at + s c), c the arguments' sizes: one step for all of a mixed derivative, the smallest, was
    # below the working precision's reach for the others at z = 1e-20)
    c = [abs(p) if p else mp.mpf(1) for p in at]
    G = lambda *s: g(*(p + si * ci for p, si, ci in zip(at, s, c)))  # noqa: E731
    origin, h = (0,) * 4, mp.mpf(10) ** -12
    g1 = [mp.diff(G, origin, u, h=h) / c[i] for i, u in enumerate(units)]
    g2 = [[mp.diff(G, origin, tuple(p + q for p, q in zip(u, w)), h=h) / (c[i] * c[k]) for k, w in enumerate(units)]
          for i, u in enumerate(units)]
    # (z, dfn, dfd, nc) as functions of v = (x, dfn, dfd, nc, loc, scale)
    J = mp.matrix(4, 6)
    J[0, 0], J[0, 4], J[0, 5] = 1 / s, -1 / s, -z / s
    J[1, 1] = J[2, 2] = J[3, 3] = 1
    grad = mp.matrix([g1]) * J
    hess = J.T * mp.matrix(g2) * J
    hz = mp.matrix(6, 6)
    hz[0, 5] = hz[5, 0] = -1 / s ** 2
    hz[4, 5] = hz[5, 4] = 1 / s ** 2
    hz[5, 5] = 2 * z / s ** 2
    hess += g1[0] * hz
    value = g0
    if kind == "logpdf":
        value -= mp.log(s)
        grad[0, 5] -= 1 / s
        hess[5, 5] += 1 / s ** 2
    return (float(value), [float(grad[0, i]) for i in range(6)],
            [[float(hess[i, k]) for k in range(6)] for i in range(6)])


POINTS = [
    ("logpdf", (1.3, 4.0, 6.0, 2.0, 0.1, 1.2)), ("logcdf", (1.3, 4.0, 6.0, 2.0, 0.1, 1.2)),
    ("logsf", (1.3, 4.0, 6.0, 2.0, 0.1, 1.2)),
    ("logpdf", (1.0, 4.0, 6.0, 0.0, 0.0, 1.0)), ("logcdf", (1.0, 4.0, 6.0, 0.0, 0.0, 1.0)),
    ("logpdf", (0.02, 2.5, 7.0, 30.0, 0.0, 1.0)), ("logcdf", (0.02, 2.5, 7.0, 10.0, 0.0, 1.0)),
    ("logpdf", (40.0, 3.0, 5.0, 10.0, 0.0, 1.0)), ("logsf", (40.0, 3.0, 5.0, 10.0, 0.0, 1.0)),
    ("logcdf", (2e-10, 20.0, 5.0, 1.0, 0.0, 1.0)), ("logsf", (6.7e10, 3.0, 20.0, 4.0, 0.0, 1.0)),
    ("logpdf", (2.0, 0.5, 1000.0, 3.0, 0.0, 1.0)), ("logsf", (2.0, 0.5, 90.0, 3.0, 0.0, 1.0)),
    # (near x = loc: at dfn = 2 the density finite and nonzero there, its j = 1 term's slope 1 / z)
    ("logpdf", (1e-20, 2.0, 5.0, 0.5, 0.0, 1.3)), ("logpdf", (1e-5, 2.0, 5.0, 0.5, 0.0, 1.3)),
    ("logpdf", (1e-150, 2.0, 5.0, 5.0, 0.0, 1.3)), ("logpdf", (1e-5, 3.0, 5.0, 5.0, 0.0, 1.3)),
]

if __name__ == "__main__":
    which = [int(a) for a in sys.argv[1:]] or range(len(POINTS))
    for k in which:
        kind, args = POINTS[k]
        print(repr((kind, args, *truths(kind, *args))) + ",", flush=True)
