"""The truths of tests/test_stats_moment_stats.py's TRUTHS: ``moment(n, *shapes, loc, scale)`` and the skewness and
kurtosis of ``stats`` at points of each distribution, with their gradients and Hessians in every argument (the shapes,
loc, scale), from mpmath at 50 digits, independent of wengert's closed forms: the standard raw moments ``E[X^k]`` by
numerical integration of ``x^k pdf(x)`` (``mp.quad``; a sum of ``k^j pmf(k)`` for the discrete ones, ``mp.nsum``), their
shape derivatives by ``mp.diff`` of those integrals; the located moment as ``sum_k C(n, k) loc^(n-k) scale^k E[X^k]``
(polynomial in loc and scale: its derivatives exact), the skewness and kurtosis from the central moments.

    python tools/moment_stats_truths.py   # prints the table
"""
import math

import mpmath as mp

mp.mp.dps = 50
INF = mp.inf


def _quad_moment(pdf, lo, hi, breaks=()):
    def mu(k, *s):
        pts = [lo, *(breaks(*s) if callable(breaks) else breaks), hi]
        return mp.quad(lambda x: x ** k * pdf(x, *s), pts)
    return mu


def _sum_moment(pmf, lo=0):
    def mu(k, *s):
        return mp.nsum(lambda j: j ** k * pmf(j, *s), [lo, INF])
    return mu


def _finite_sum_moment(pmf, hi):
    def mu(k, *s):
        return mp.fsum(j ** k * pmf(j, *s) for j in range(0, int(hi(*s)) + 1))
    return mu


def _from_cumulants(kappa):
    """E[X^k] from the cumulants kappa(j) (the recursion m_k = sum_j C(k-1, j-1) kappa_j m_(k-j))."""
    def mu(k):
        m = [mp.mpf(1)]
        for i in range(1, k + 1):
            m.append(mp.fsum(mp.binomial(i - 1, j - 1) * kappa(j) * m[i - j] for j in range(1, i + 1)))
        return m[k]
    return mu


SQ2PI = mp.sqrt(2 * mp.pi)
FAMILIES = {
    "norm": _quad_moment(lambda x: mp.exp(-x * x / 2) / SQ2PI, -INF, INF, (0,)),
    "expon": _quad_moment(lambda x: mp.exp(-x), 0, INF),
    "laplace": _quad_moment(lambda x: mp.exp(-abs(x)) / 2, -INF, INF, (0,)),
    "logistic": _quad_moment(lambda x: mp.exp(-abs(x)) / (1 + mp.exp(-abs(x))) ** 2, -INF, INF, (0,)),
    "uniform": _quad_moment(lambda x: 1, 0, 1),
    # (Gumbel's cumulants: Euler's gamma, then (j - 1)! zeta(j); the quadrature of its double exponential was slow)
    "gumbel_r": _from_cumulants(lambda j: mp.euler if j == 1 else mp.factorial(j - 1) * mp.zeta(j)),
    "gumbel_l": _from_cumulants(lambda j: (-1) ** j * (mp.euler if j == 1 else mp.factorial(j - 1) * mp.zeta(j))),
    "halfnorm": _quad_moment(lambda x: 2 * mp.exp(-x * x / 2) / SQ2PI, 0, INF),
    "rayleigh": _quad_moment(lambda x: x * mp.exp(-x * x / 2), 0, INF),
    "maxwell": _quad_moment(lambda x: mp.sqrt(2 / mp.pi) * x * x * mp.exp(-x * x / 2), 0, INF),
    "semicircular": _quad_moment(lambda x: 2 / mp.pi * mp.sqrt(1 - x * x), -1, 1, (0,)),
    "arcsine": _quad_moment(lambda x: 1 / (mp.pi * mp.sqrt(x * (1 - x))), 0, 1, (mp.mpf(1) / 2,)),
    "hypsecant": _quad_moment(lambda x: 1 / (mp.pi * mp.cosh(x)), -INF, INF, (0,)),
    "cosine": _quad_moment(lambda x: (1 + mp.cos(x)) / (2 * mp.pi), -mp.pi, mp.pi, (0,)),
    "anglit": _quad_moment(lambda x: mp.cos(2 * x), -mp.pi / 4, mp.pi / 4, (0,)),
    "wald": _quad_moment(lambda x: mp.exp(-(x - 1) ** 2 / (2 * x)) / mp.sqrt(2 * mp.pi * x ** 3), 0, INF, (1,)),
    "gamma": _quad_moment(lambda x, a: mp.exp((a - 1) * mp.log(x) - x - mp.loggamma(a)), 0, INF,
                          lambda a: (1,) if a < 100 else tuple(a + j * mp.sqrt(a) for j in range(-30, 31, 2))),
    "chi2": _quad_moment(lambda x, df: x ** (df / 2 - 1) * mp.exp(-x / 2) / (2 ** (df / 2) * mp.gamma(df / 2)), 0, INF,
                         (1,)),
    "beta": _quad_moment(lambda x, a, b: x ** (a - 1) * (1 - x) ** (b - 1) / mp.beta(a, b), 0, 1,
                         (mp.mpf(1) / 2,)),
    "lognorm": _quad_moment(lambda x, s: mp.exp(-mp.log(x) ** 2 / (2 * s * s)) / (s * x * SQ2PI), 0, INF, (1,)),
    "t": _quad_moment(lambda x, df: mp.gamma((df + 1) / 2) / (mp.sqrt(df * mp.pi) * mp.gamma(df / 2))
                      * (1 + x * x / df) ** (-(df + 1) / 2), -INF, INF, (0,)),
    "pareto": _quad_moment(lambda x, b: b / x ** (b + 1), 1, INF, (2,)),
    "invgauss": _quad_moment(lambda x, mu: mp.exp(-(x - mu) ** 2 / (2 * x * mu * mu)) / mp.sqrt(2 * mp.pi * x ** 3),
                             0, INF, (1,)),
    "poisson": _sum_moment(lambda j, mu: mp.exp(j * mp.log(mu) - mu - mp.loggamma(j + 1))),
    "geom": _sum_moment(lambda j, p: (1 - p) ** (j - 1) * p, 1),
    "nbinom": _sum_moment(lambda j, n, p: mp.exp(mp.loggamma(j + n) - mp.loggamma(j + 1) - mp.loggamma(n))
                          * p ** n * (1 - p) ** j),
    "binom": _finite_sum_moment(lambda j, n, p: mp.binomial(n, j) * p ** j * (1 - p) ** (n - j), lambda n, p: n),
    "bernoulli": _finite_sum_moment(lambda j, p: p ** j * (1 - p) ** (1 - j), lambda p: 1),
}
def _stirling2(k, j):
    return sum((-1) ** (j - i) * math.comb(j, i) * i ** k for i in range(j + 1)) // math.factorial(j)


def _from_factorial_moments(fm):
    """E[X^k] = sum_j S(k, j) E[X (X - 1) ... (X - j + 1)] (Stirling numbers of the second kind)."""
    return lambda k, *s: mp.fsum(_stirling2(k, j) * fm(j, *s) for j in range(k + 1))


def _t_closed(k, df):
    if k % 2:
        return mp.mpf(0)
    return df ** (k / 2) * mp.gamma((k + 1) / mp.mpf(2)) * mp.gamma((df - k) / 2) / (mp.sqrt(mp.pi) * mp.gamma(df / 2))


#: closed forms of the shape families' raw moments (their derivatives by mp.diff; each checked by the quadrature's value
#: above at the points, CHECKED)
CLOSED = {
    "gamma": lambda k, a: mp.rf(a, k),
    "chi2": lambda k, df: 2 ** k * mp.rf(df / 2, k),
    "beta": lambda k, a, b: mp.rf(a, k) / mp.rf(a + b, k),
    "lognorm": lambda k, s: mp.exp(k * k * s * s / 2),
    "t": _t_closed,
    "pareto": lambda k, b: b / (b - k),
    # (E[X^k] of the inverse Gaussian, lambda = 1: mu^k sum_i (k - 1 + i)! / (i! (k - 1 - i)!) (mu / 2)^i)
    "invgauss": lambda k, mu: mu ** k * mp.fsum(mp.factorial(k - 1 + i) / (mp.factorial(i) * mp.factorial(k - 1 - i))
                                                * (mu / 2) ** i for i in range(k)),
    # factorial moments: mu^j; n (n-1)...(n-j+1) p^j; rf(n, j) (q/p)^j; j! q^(j-1) / p^j (geom from 1: X - 1 ~ nbinom(1))
    "poisson": _from_factorial_moments(lambda j, mu: mu ** j),
    "binom": _from_factorial_moments(lambda j, n, p: mp.ff(n, j) * p ** j),
    "bernoulli": _from_factorial_moments(lambda j, p: p ** j if j < 2 else 0),
    "nbinom": _from_factorial_moments(lambda j, n, p: mp.rf(n, j) * ((1 - p) / p) ** j),
    "geom": lambda k, p: mp.fsum(mp.binomial(k, i) * _from_factorial_moments(lambda j, p: mp.rf(1, j)
                                                                             * ((1 - p) / p) ** j)(i, p)
                                 for i in range(k + 1)),
}


#: the counts (no derivative: left out of the gradient and Hessian)
COUNTS = {"binom": (0,)}
DISCRETE = {"poisson", "geom", "nbinom", "binom", "bernoulli"}

#: (family, shapes, loc, scale, orders): ordinary points, shapes small and large, beside where a moment stops existing
POINTS = [
    *[(name, (), 0.3, 1.7, (0, 1, 2, 3, 4, 5)) for name in (
        "norm", "expon", "laplace", "logistic", "uniform", "gumbel_r", "gumbel_l", "halfnorm", "rayleigh", "maxwell",
        "semicircular", "arcsine", "hypsecant", "wald")],
    *[(name, (), 0.3, 1.7, (0, 1, 2, 3, 4)) for name in ("cosine", "anglit")],  # (no closed form beyond 4 here)
    ("gamma", (2.5,), -0.4, 1.3, (2, 3, 4, 5)), ("gamma", (1e-3,), 0.2, 0.8, (2, 4)),
    ("gamma", (1e6,), 0.0, 1.0, (3, 4)),
    ("chi2", (3.0,), 0.5, 2.0, (3, 4)), ("beta", (0.7, 2.5), 0.1, 1.5, (2, 3, 4, 5)),
    ("beta", (30.0, 0.5), 0.0, 1.0, (3, 4)),
    ("lognorm", (0.6,), 0.2, 1.1, (2, 3, 4, 5)), ("lognorm", (1e-4,), 0.0, 1.0, (3, 4)),
    ("t", (7.5,), 0.3, 1.4, (2, 3, 4, 5)), ("t", (4.01,), 0.0, 1.0, (2, 4)), ("t", (5.2,), -0.2, 1.1, (4, 5)),
    ("pareto", (6.5,), 0.1, 1.2, (2, 3, 4, 5, 6)), ("pareto", (4.001,), 0.0, 1.0, (3, 4)),
    ("invgauss", (0.8,), 0.2, 1.3, (3, 4)),
    ("poisson", (2.5,), 1, 1, (2, 3, 4, 5)), ("poisson", (1e-3,), 0, 1, (3, 4)),
    ("geom", (0.3,), 0, 1, (3, 4)), ("nbinom", (3.5, 0.4), 2, 1, (3, 4)),
    ("binom", (9, 0.35), 0, 1, (3, 4)), ("bernoulli", (0.2,), 1, 1, (3, 4)),
]


def _jet(f, at):
    """f, its gradient and Hessian at ``at`` (mp.diff)."""
    m = len(at)
    value = f(*at)
    grad = [mp.diff(f, at, tuple(int(i == j) for i in range(m))) for j in range(m)]
    hess = [[mp.diff(f, at, tuple(int(i == j) + int(i == k) for i in range(m))) for k in range(m)] for j in range(m)]
    return value, grad, hess


def truths(name, shapes, loc, scale, orders):
    mu = CLOSED.get(name, FAMILIES[name])
    if name in CLOSED:  # (the closed form against the quadrature or sum, values at the point)
        for k in (1, 2, 3, 4):
            if name in ("pareto", "t") and k > shapes[0] - 1:  # (the integral converges too slowly there)
                continue
            a, b = CLOSED[name](k, *map(mp.mpf, shapes)), FAMILIES[name](k, *map(mp.mpf, shapes))
            if mp.isfinite(b) and abs(b) < 1e30:
                assert abs(a - b) <= mp.mpf(10) ** -25 * max(1, abs(b)), (name, shapes, k, a, b)
    counts = COUNTS.get(name, ())
    moving = [i for i in range(len(shapes)) if i not in counts]
    fixed = [mp.mpf(s) for s in shapes]

    def at(k):  # E[X^k] as a function of the moving shapes
        def f(*m):
            s = list(fixed)
            for i, v in zip(moving, m):
                s[i] = v
            return mu(k, *s)
        return f
    point = [fixed[i] for i in moving]
    top = max(max(orders), 4)
    jets = [(mp.mpf(1), [mp.mpf(0)] * len(point), [[mp.mpf(0)] * len(point) for _ in point])]
    jets += [_jet(at(k), point) if point else (at(k)(), [], []) for k in range(1, top + 1)]
    out = {}
    L, S = mp.mpf(loc), mp.mpf(scale)
    located = name not in DISCRETE
    m = len(point)
    size = m + (2 if located else 0)

    for n in orders:
        # moment n: value, gradient and Hessian in (moving shapes, loc, scale) (loc and scale: the continuous ones)
        value = mp.fsum(mp.binomial(n, k) * L ** (n - k) * S ** k * jets[k][0] for k in range(n + 1))
        g = [mp.mpf(0)] * size
        h = [[mp.mpf(0)] * size for _ in range(size)]
        for k in range(n + 1):
            c = mp.binomial(n, k)
            a, da, dda = L ** (n - k), (n - k) * L ** (n - k - 1) if n > k else 0, (
                (n - k) * (n - k - 1) * L ** (n - k - 2) if n - k > 1 else 0)
            b, db, ddb = S ** k, k * S ** (k - 1) if k else 0, k * (k - 1) * S ** (k - 2) if k > 1 else 0
            v, gv, hv = jets[k]
            for i in range(m):
                g[i] += c * a * b * gv[i]
                for j in range(m):
                    h[i][j] += c * a * b * hv[i][j]
                if located:
                    h[i][m] += c * da * b * gv[i]
                    h[i][m + 1] += c * a * db * gv[i]
            if located:
                g[m] += c * da * b * v
                g[m + 1] += c * a * db * v
                h[m][m] += c * dda * b * v
                h[m + 1][m + 1] += c * a * ddb * v
                h[m][m + 1] += c * da * db * v
        for i in range(size):
            for j in range(i):
                h[i][j] = h[j][i]
        out[f"moment{n}"] = (value, g, h)

    def central(*mm):
        m1, m2, m3, m4 = mm
        v = m2 - m1 ** 2
        c3 = m3 - 3 * m1 * m2 + 2 * m1 ** 3
        c4 = m4 - 4 * m1 * m3 + 6 * m1 ** 2 * m2 - 3 * m1 ** 4
        return c3 / v ** mp.mpf(1.5), c4 / v ** 2 - 3
    if point:
        for which in (0, 1):
            out["sk"[which]] = _jet(lambda *p: central(*(at(k)(*p) for k in (1, 2, 3, 4)))[which], point)
    else:
        for which in (0, 1):
            out["sk"[which]] = (central(*(jets[k][0] for k in (1, 2, 3, 4)))[which], [], [])
    return out


def _f(x):
    return float(x)


if __name__ == "__main__":
    import sys
    print("TRUTHS = [")
    for name, shapes, loc, scale, orders in POINTS:
        if len(sys.argv) > 1 and name not in sys.argv[1:]:
            continue
        t = truths(name, shapes, loc, scale, orders)
        for key, (v, g, h) in t.items():
            print(f"    ({name!r}, {shapes!r}, {loc!r}, {scale!r}, {key!r}, {_f(v)!r}, {[_f(x) for x in g]!r}, "
                  f"{[[_f(x) for x in r] for r in h]!r}),", flush=True)
    print("]")
