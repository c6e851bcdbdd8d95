"""The mpmath truths of tests/test_stats_quadrature_entropy.py: the entropies that SciPy integrates (johnsonsu,
johnsonsb, powernorm, powerlognorm, and the tool's foldnorm) with their gradients and Hessians in the shapes.

Each standard entropy ``-int f log f`` at 30 digits by mpmath's quad, written where it can be as an expectation over a
normal variable (independent of wengert's quantile route): johnsonsu ``-log b + E log cosh((z - a) / b) + log(2 pi e)
/ 2``, johnsonsb ``-log b + log(2 pi e) / 2 - E[softplus(-y) + softplus(y)]``, ``y = (z - a) / b``; powernorm and
foldnorm their densities on the line (halfline) with break points; powerlognorm ``H_powernorm(c) + log s + s E y`` (y
powernorm's variable). The derivatives by mp.diff; loc and scale add ``log(scale)`` only. Run: python
tools/quadrature_entropy_truths.py.
"""
import mpmath as mp

mp.mp.dps = 30
HALF_LOG_2PIE = (1 + mp.log(2 * mp.pi)) / 2


def _normal_mean(g, centre=0):
    return mp.quad(lambda z: g(z) * mp.npdf(z), [-mp.inf, centre - 3, centre, centre + 3, mp.inf])


def johnsonsu(a, b):
    return -mp.log(b) + _normal_mean(lambda z: mp.log(mp.cosh((z - a) / b)), a) + HALF_LOG_2PIE


def johnsonsb(a, b):
    def softplus(y):
        return mp.log1p(mp.exp(y)) if y < 0 else y + mp.log1p(mp.exp(-y))
    return -mp.log(b) + HALF_LOG_2PIE - _normal_mean(lambda z: softplus(-(z - a) / b) + softplus((z - a) / b), a)


def _powernorm_parts(c):
    def f(x):
        return c * mp.npdf(x) * mp.ncdf(-x) ** (c - 1)
    points = [-60, -4, -2, -1, 0, 1, 2, 4, 60]  # (beyond, below e^-90 at c = 0.05; mpmath's erfc overflows at inf)
    h = -mp.quad(lambda x: f(x) * (mp.log(c) + mp.log(mp.npdf(x)) + (c - 1) * mp.log(mp.ncdf(-x))), points)
    return h, mp.quad(lambda x: x * f(x), points)


def powernorm(c):
    return _powernorm_parts(c)[0]


def powerlognorm(c, s):
    h, mean = _powernorm_parts(c)
    return h + mp.log(s) + s * mean


def foldnorm(c):
    def f(x):
        return mp.npdf(x - c) + mp.npdf(x + c)
    return -mp.quad(lambda x: f(x) * mp.log(f(x)), [0, c, c + 3, c + 8, mp.inf])


def jet(name, shapes):
    """(value, gradient, Hessian) of the standard entropy in the shapes."""
    fn = globals()[name]
    p = [mp.mpf(v) for v in shapes]
    k = len(p)
    grad = [mp.diff(fn, p, tuple(int(a == i) for a in range(k))) for i in range(k)]
    hess = [[mp.diff(fn, p, tuple(int(a == i) + int(a == j) for a in range(k))) for j in range(k)] for i in range(k)]
    return float(fn(*p)), [float(v) for v in grad], [[float(v) for v in row] for row in hess]


#: (name, shapes): ordinary points, a small and a large shape each (the rule's step adapts: sharper densities)
POINTS = [("johnsonsu", (0.5, 1.3)), ("johnsonsu", (-2.0, 0.15)), ("johnsonsb", (0.5, 1.3)), ("johnsonsb", (3.0, 0.2)),
          ("powernorm", (2.5,)), ("powernorm", (0.05,)), ("powernorm", (200.0,)), ("powerlognorm", (2.0, 1.0)),
          ("powerlognorm", (0.3, 0.05))]

if __name__ == "__main__":
    import sys
    print("ENTROPY_TRUTHS = [")
    for name, shapes in POINTS[int(sys.argv[1])::int(sys.argv[2])] if len(sys.argv) > 2 else POINTS:
        value, gradient, hessian = jet(name, shapes)
        print(f"    ({name!r}, {shapes!r}, {value!r},\n     {gradient!r},\n     {hessian!r}),", flush=True)
    print("]")
