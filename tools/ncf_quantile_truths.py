"""The mpmath truths of tests/test_stats_ncf.py's quantiles: ncf's ppf and isf, their gradients and Hessians in (q,
dfn, dfd, nc, loc, scale). The root z of ``log T(z) = log p`` (T the tail of at most 1/2 there, p = q or 1 - q; the
Poisson sums of tools/ncf_truths.py at 50 digits) by mp.findroot in log z; its derivatives by implicit differentiation of
``H = log T(e^u, dfn, dfd, nc) - log p`` in ``u = log z`` (each argument of size 1 or more: with z itself, a step
fitted to z = 3e-95 in the mixed derivatives moved dfn by as little, and they were lost): ``u_i = -H_i / H_u``,
``u_ij = -(H_ij + H_iu u_j + H_ju u_i + H_uu u_i u_j) / H_u``, H's derivatives by mp.diff (steps 1e-12 of each
argument, at 50 digits), then ``z_i = z u_i``, ``z_ij = z (u_ij + u_i u_j)`` and ``x = loc + scale z``. Run: python
tools/ncf_quantile_truths.py [indices]."""
import sys

import mpmath as mp

from ncf_truths import standard

mp.mp.dps = 50


def root(kind, p, dfn, dfd, nc, start):
    target = mp.log(p)
    f = lambda u: standard(kind, mp.exp(u), dfn, dfd, nc) - target  # noqa: E731
    u = mp.findroot(f, mp.log(start), verify=False)
    assert abs(f(u)) < mp.mpf(10) ** -40, (kind, p, dfn, dfd, nc, f(u))
    return mp.exp(u)


def truths(name, q, dfn, dfd, nc, loc, scale, start):
    q, dfn, dfd, nc, loc, s = (mp.mpf(v) for v in (q, dfn, dfd, nc, loc, scale))
    # (T the sf where w = r z / (1 + r z) is above 1/2 at the start, else the cdf, p its probability: mpmath's betainc
    # of I_w near w = 1 keeps 50 digits less those of 1 - w, none at z = 1e72)
    kind = "logsf" if dfn * start > dfd else "logcdf"
    own = (kind == "logsf") == (name == "isf")  # (p = q, else 1 - q)
    p = q if own else 1 - q
    z = root(kind, p, dfn, dfd, nc, start)
    at = (mp.log(z), dfn, dfd, nc)
    g = lambda u, *p: standard(kind, mp.exp(u), *p)  # noqa: E731
    units = [tuple(int(i == k) for i in range(4)) for k in range(4)]
    h = [mp.mpf(10) ** -12 * (max(abs(p), 1) if i == 0 else abs(p) if p else 1) for i, p in enumerate(at)]

    def step(order):
        return min(h[i] for i, e in enumerate(order) if e)
    d1 = [mp.diff(g, at, u, h=step(u)) for u in units]  # (H_u, H_dfn, H_dfd, H_nc)
    d2 = [[mp.diff(g, at, o, h=step(o)) for o in (tuple(p + r for p, r in zip(u, w)) for w in units)] for u in units]
    # v = (q, dfn, dfd, nc): H's derivatives in v and u (index 0 of d1, d2 is u; q enters as -log p, p = q or 1 - q)
    Hu, Huu = d1[0], d2[0][0]
    Hv = [(-1 if own else 1) / p] + d1[1:]
    Hvv = [[1 / p ** 2 if i == k == 0 else 0 if i == 0 or k == 0 else d2[i][k] for k in range(4)] for i in range(4)]
    Hvu = [0] + [d2[0][i] for i in range(1, 4)]
    uv = [-Hv[i] / Hu for i in range(4)]
    uvv = [[-(Hvv[i][k] + Hvu[i] * uv[k] + Hvu[k] * uv[i] + Huu * uv[i] * uv[k]) / Hu for k in range(4)]
           for i in range(4)]
    zv = [z * d for d in uv]
    zvv = [[z * (uvv[i][k] + uv[i] * uv[k]) for k in range(4)] for i in range(4)]
    value = loc + s * z
    grad = [s * d for d in zv] + [1, z]
    hess = [[0] * 6 for _ in range(6)]
    for i in range(4):
        for k in range(4):
            hess[i][k] = s * zvv[i][k]
        hess[i][5] = hess[5][i] = zv[i]
    return float(value), [float(v) for v in grad], [[float(v) for v in row] for row in hess]


#: (name, (q, dfn, dfd, nc, loc, scale), a start for the root): the middle; the far lower tail and the far upper (the
#: ppf's and the isf's q of 1e-200 and 1e-100); q near 1 (the other tail's root); a small dfn, a small dfd (their own
#: tails); nc near 0, nc = 0 (f's), a large nc
POINTS = [
    ("ppf", (0.3, 4.0, 6.0, 2.0, 0.1, 1.2), 0.8743),
    ("isf", (0.3, 4.0, 6.0, 2.0, 0.1, 1.2), 2.426),
    ("ppf", (1e-200, 3.0, 20.0, 4.0, 0.0, 1.0), 1.3853e-133),
    ("isf", (1e-100, 3.0, 20.0, 4.0, 0.0, 1.0), 1.3058e11),
    ("ppf", (1 - 1e-10, 4.0, 6.0, 2.0, 0.0, 1.0), 7430.16),
    ("isf", (1 - 1e-12, 4.0, 6.0, 2.0, 0.0, 1.0), 1.0096e-6),
    ("ppf", (1e-5, 0.1, 6.0, 1.0, 0.0, 1.0), 3.0397e-95),
    ("isf", (1e-5, 4.0, 0.1, 1.0, 0.0, 1.0), 8.3517e98),
    ("ppf", (0.01, 30.0, 60.0, 1e-3, 0.0, 1.0), 0.45294),
    ("ppf", (0.4, 4.0, 6.0, 0.0, 0.0, 1.0), 0.73602),
    ("isf", (0.2, 2.5, 7.0, 100.0, -0.2, 1.3), 75.917),
    ("ppf", (0.5, 0.5, 3.0, 20.0, 0.0, 1.0), 48.642),
    ("ppf", (0.5, 0.02, 0.02, 1.0, 0.0, 1.0), 3.0013e14),
]

if __name__ == "__main__":
    which = [int(a) for a in sys.argv[1:]] or range(len(POINTS))
    for k in which:
        name, args, start = POINTS[k]
        print(repr((name, args, *truths(name, *args, start))) + ",", flush=True)
