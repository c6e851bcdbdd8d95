"""mpmath truths for tests/test_stats_quadrature_entropy.py (session 50): the standard entropy -int f log f of exponweib,
exponpow, alpha, truncweibull_min, genexpon, foldcauchy, fatiguelife, rel_breitwigner, recipinvgauss and foldnorm (and
session 52's argus, rice, kstwobign, skewnorm, nct on both half-lines at once, and tukeylambda from its quantile) from
their densities in s = log x (40 digits, every interval its own quad, halved until two levels agree within 1e-32), its gradient
and Hessian in the shapes by fourth-order central differences (steps 1e-5 |shape|). Run: python
tools/quadrature_entropy_density_truths.py NAME "(shape, ...)" ... (slow: minutes a point on a loaded machine)."""
import mpmath as mp, sys
mp.mp.dps = 40

#: the break points' refinement, found at the jet's centre (a level whose result agrees with the next within 1e-32),
#: then kept for its shifted evaluations
LEVEL = {"fixed": None}


def _refined(points, level):
    for _ in range(level):
        out = []
        for a, b in zip(points, points[1:]):
            out.append(a)
            if mp.isinf(a) or mp.isinf(b):
                continue
            out.append((a + b) / 2)
        points = out + [points[-1]]
    return points


def _H(logf, points, mirror=False):
    """-int f log f over the points, in s = log x (the density's power at 0, as exponweib's x^(a c - 1) at a c = 0.12,
    holds mass at scales far below any fixed break point; heavy tails fall exponentially in s), break points at the
    logs of the given ones and, from 0 or to inf, every factor e^3 / e^10 out; every interval halved until two levels
    agree within 1e-32 (mp.quad alone was 3e-17 off at rel_breitwigner(36.5)'s peak and 6e-16 at exponweib(0.3, 0.4)
    with fixed break points, silently)."""
    def gs(s):
        x = mp.exp(s)
        lf = logf(x)
        if not mirror:
            return mp.exp(lf) * lf * x
        # (a density on the whole line: x and -x in one integrand, so one refinement serves both halves)
        lm = logf(-x)
        return (mp.exp(lf) * lf + mp.exp(lm) * lm) * x
    points = [mp.mpf(p) for p in points]
    inner = [mp.log(p) for p in points if 0 < p < mp.inf]
    lo = [-mp.inf] + [inner[0] - d for d in (3000, 1000, 300, 100, 30, 10, 3)] if points[0] == 0 else []
    hi = [inner[-1] + d for d in (1, 3, 10, 30, 100)] + [mp.inf] if mp.isinf(points[-1]) else []
    base = lo + inner + hi

    def at(level):
        # (each interval its own quad: one mp.quad over all the points gave exponweib(0.3, 0.4) 6e-16 off, the same at
        # every refinement, its degree chosen for all the intervals at once)
        pts = _refined(base, level)
        return -mp.fsum(mp.quad(gs, [a, b]) for a, b in zip(pts, pts[1:]))
    if LEVEL["fixed"] is not None:
        return at(LEVEL["fixed"])
    previous = at(0)
    for level in range(1, 6):
        value = at(level)
        if abs(value - previous) <= mp.mpf(10) ** -32 * max(1, abs(value)):
            LEVEL["fixed"] = level
            return value
        previous = value
    raise ValueError("the truth's quadrature did not settle")


def exponweib(a, c):
    def lf(x):
        y = x ** c
        return mp.log(a * c) + (c - 1) * mp.log(x) - y + (a - 1) * mp.log(-mp.expm1(-y))
    top = mp.mpf(1000) ** (1 / c)  # (x^c = 1000: beyond, the density is below e^-990)
    return _H(lf, [p for p in [0, mp.mpf(10) ** -8, mp.mpf(10) ** -4, 0.01, 0.1, 0.5, 1, 2, 4, 8] if p < top] + [top])

def exponpow(b):
    def lf(x):
        y = x ** b
        return mp.log(b) + (b - 1) * mp.log(x) + 1 + y - mp.exp(y)
    top = mp.mpf(6) ** (1 / b)  # (x^b = 6: beyond, the density is below e^-390)
    return _H(lf, [p for p in [0, mp.mpf(10) ** -8, mp.mpf(10) ** -4, 0.01, 0.1, 0.5, 0.9, 1, 1.1, 1.5, 2, 4, 8] if p < top] + [top])

def alpha(a):
    def lf(x):
        return -2 * mp.log(x) - mp.log(mp.ncdf(a)) - mp.log(2 * mp.pi) / 2 - (a - 1 / x) ** 2 / 2
    m = 1 / a
    return _H(lf, [0, m / 4, m / 2, m, 2 * m, 4 * m, 16 * m, 100 * m, 1e4 * m, mp.inf])

def truncweibull_min(c, a, b):
    norm = mp.exp(-a ** c) - mp.exp(-b ** c)
    def lf(x):
        return mp.log(c) + (c - 1) * mp.log(x) - x ** c - mp.log(norm)
    pts = sorted(set([a, b] + [p for p in (0.01, 0.1, 0.5, 1, 1.5, 2, 4) if a < p < b]))
    return _H(lf, pts)

def genexpon(a, b, c):
    def lf(x):
        e = -mp.expm1(-c * x)
        return mp.log(a + b * e) - (a + b) * x + b * e / c
    s = 1 / (a + b)
    return _H(lf, [0, s / 4, s, 4 * s, 16 * s, 64 * s, 1 / c, 4 / c, mp.inf] if False else
              sorted(set([0, s / 4, s, 4 * s, 16 * s, 64 * s, 256 * s])) + [mp.inf])

def foldcauchy(c):
    def lf(x):
        return mp.log(1 / (1 + (x - c) ** 2) + 1 / (1 + (x + c) ** 2)) - mp.log(mp.pi)
    return _H(lf, sorted(set([0, c / 2, c, c + 1, c + 10, 2 * c + 100])) + [mp.inf])

def fatiguelife(c):
    def lf(x):
        return mp.log(x + 1) - mp.log(2 * c) - mp.log(2 * mp.pi) / 2 - 1.5 * mp.log(x) - (x - 1) ** 2 / (2 * x * c * c)
    pts = [0, mp.mpf(10) ** -6, mp.mpf(10) ** -3, 0.1, 0.5, 1 - 4 * c if c < 0.2 else 0.9, 1, 1 + 4 * c if c < 0.2 else 1.1, 2, 10, 100, 1e4, 1e8, mp.inf]
    return _H(lf, sorted(set(pts)))

def rel_breitwigner(rho):
    C = mp.sqrt(2 * (1 + 1 / rho ** 2) / (1 + mp.sqrt(1 + 1 / rho ** 2))) * 2 / mp.pi
    def lf(x):
        return mp.log(C) - mp.log((((x - rho) * (x + rho) / rho)) ** 2 + 1)
    w = 1 / (2 * rho) if rho > 1 else 1
    return _H(lf, sorted(set([0, max(rho - 10 * w, 0), max(rho - w, 0), rho, rho + w, rho + 10 * w, 2 * rho + 10, 10 * rho + 100])) + [mp.inf])

def recipinvgauss(mu):
    def lf(x):
        return -mp.log(2 * mp.pi * x) / 2 - (1 - mu * x) ** 2 / (2 * x * mu * mu)
    m = 1 / mu
    return _H(lf, sorted(set([0, m / 100, m / 10, m / 2, m, 2 * m, 10 * m, 0.1, 1, 10, 100, 1e4])) + [mp.inf])

def foldnorm(c):
    def lf(x):
        return mp.log(mp.npdf(x - c) + mp.npdf(x + c))
    return _H(lf, sorted(set([0, c, c + 3, c + 8, c + 20])) + [mp.inf])

def argus(chi):
    psi = mp.ncdf(chi) - chi * mp.npdf(chi) - mp.mpf(1) / 2
    def lf(x):
        return (3 * mp.log(chi) - mp.log(2 * mp.pi) / 2 - mp.log(psi) + mp.log(x) + mp.log(1 - x * x) / 2
                - chi * chi * (1 - x * x) / 2)
    return _H(lf, [0, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 1])

def rice(b):
    def lf(x):
        return mp.log(x) - (x * x + b * b) / 2 + mp.log(mp.besseli(0, x * b))
    return _H(lf, sorted(set([0, mp.mpf(10) ** -4, 0.01, 0.1, 0.5, 1, b + 0.5, b + 1, b + 3, b + 6, b + 10, b + 40])) + [mp.inf])

def kstwobign():
    a = [(2 * k - 1) ** 2 * mp.pi ** 2 / 8 for k in range(1, 12)]
    def lf(x):
        if x < 1:  # (the derivative of Jacobi's form of the cdf, sqrt(2 pi) / x sum exp(-a_k / x^2))
            return mp.log(mp.sqrt(2 * mp.pi) * mp.fsum(mp.exp(-ak / x ** 2) * (2 * ak / x ** 4 - 1 / x ** 2) for ak in a))
        return mp.log(8 * x * mp.fsum((-1) ** (k - 1) * k * k * mp.exp(-2 * k * k * x * x) for k in range(1, 12)))
    # (below x = 0.05 and beyond 10 the density is below e^-490 and e^-199: left out, the far s-intervals were slow)
    return _H(lf, [0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1, 1.5, 2, 3, 5, 10])

def skewnorm(a):
    def lf(x):
        return mp.log(2 * mp.npdf(x) * mp.ncdf(a * x))
    return _H(lf, [0, 0.25, 0.5, 1, 2, 3, 5, 8, 12, 20, 40], mirror=True)

def nct(df, nc):
    """(the density through Kummer's function: df^(df/2) Gamma(df + 1) / (2^df e^(nc^2/2) (df + x^2)^(df/2)
    Gamma(df/2)) (sqrt(2) nc x / (df + x^2) M(df/2 + 1, 3/2, y) / Gamma((df + 1)/2) + M((df + 1)/2, 1/2, y) /
    (sqrt(df + x^2) Gamma(df/2 + 1))), y = nc^2 x^2 / (2 (df + x^2)))"""
    def lf(x):
        r = df + x * x
        y = nc * nc * x * x / (2 * r)
        head = (df / 2 * mp.log(df) + mp.loggamma(df + 1) - df * mp.log(2) - nc * nc / 2 - df / 2 * mp.log(r)
                - mp.loggamma(df / 2))
        body = (mp.sqrt(2) * nc * x / r * mp.hyp1f1(df / 2 + 1, 1.5, y) / mp.gamma((df + 1) / 2)
                + mp.hyp1f1((df + 1) / 2, 0.5, y) / (mp.sqrt(r) * mp.gamma(df / 2 + 1)))
        return head + mp.log(body)
    return _H(lf, sorted(set([0, 0.25, 0.5, 1, 2, abs(nc) + 1, abs(nc) + 3, 5, 10, 30, 100, 1e3, 1e4])), mirror=True)

def tukeylambda(lam):
    """(the quantile's derivative Q'(u) = u^(lam - 1) + (1 - u)^(lam - 1) is 1 / f(Q(u)): h = int_0^1 log Q'(u) du,
    symmetric about 1/2; no density needed)"""
    return 2 * mp.quad(lambda u: mp.log(u ** (lam - 1) + (1 - u) ** (lam - 1)), [0, mp.mpf(10) ** -8, mp.mpf(10) ** -4, 0.01, 0.1, 0.5])

def jet(name, shapes, rel=mp.mpf(10) ** -5):
    """(value, gradient, Hessian) of the standard entropy in the shapes: fourth-order central differences (steps
    ``1e-5 |shape|``, their error ~1e-20 relative) of the 40-digit quadratures."""
    fn = globals()[name]
    p = [mp.mpf(v) for v in shapes]
    k = len(p)
    h = [rel * abs(v) for v in p]
    memo = {}

    def at(*steps):
        key = tuple(steps)
        if key not in memo:
            memo[key] = fn(*[v + s * hi for v, s, hi in zip(p, steps, h)])
        return memo[key]
    zero = (0,) * k

    def e(i, s):
        return tuple(s if a == i else 0 for a in range(k))
    LEVEL["fixed"] = None
    f0 = at(*zero)
    grad, hess = [], [[None] * k for _ in range(k)]
    for i in range(k):
        f1, f_1, f2, f_2 = at(*e(i, 1)), at(*e(i, -1)), at(*e(i, 2)), at(*e(i, -2))
        grad.append((-f2 + 8 * f1 - 8 * f_1 + f_2) / (12 * h[i]))
        hess[i][i] = (-f2 + 16 * f1 - 30 * f0 + 16 * f_1 - f_2) / (12 * h[i] ** 2)
    for i in range(k):
        for j in range(i + 1, k):
            def d(s):
                def st(a, b):
                    return tuple(a if m == i else b if m == j else 0 for m in range(k))
                return at(*st(s, s)) - at(*st(s, -s)) - at(*st(-s, s)) + at(*st(-s, -s))
            hess[i][j] = hess[j][i] = (16 * d(1) - d(2)) / (48 * h[i] * h[j])
    return float(f0), [float(v) for v in grad], [[float(v) for v in row] for row in hess]


if __name__ == "__main__":
    import ast
    name = sys.argv[1]
    for s in sys.argv[2:]:
        shapes = ast.literal_eval(s)
        if len(sys.argv) and name.endswith("?"):
            pass
        v, g, h = jet(name, shapes)
        LEVEL["fixed"] = None
        print(f"    ({name!r}, {shapes!r}, {v!r},\n     {g!r},\n     {h!r}),", flush=True)
