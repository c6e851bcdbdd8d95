"""mpmath truths for the quadrature means and variances (tests/test_stats_quadrature_moments.py, session 52): the
standard mean and variance from the survival function alone (independent of the quantiles the rule integrates): ``E X
= int_0^inf sf - int_-inf^0 cdf``, ``E X^2 = int_0^inf 2 x sf + int_-inf^0 2 |x| cdf``, at 40 digits (break points
per family), ``var = E X^2 - (E X)^2`` (no cancellation that matters at 40 digits), the gradient and Hessian in the
shapes by central differences (:func:`jets`). Run: python tools/quadrature_moments_truths.py NAME "(shape, ...)" ..."""
import ast
import sys

import mpmath as mp
mp.mp.dps = 30

SF = {
    "exponpow": lambda x, b: mp.exp(1 - mp.exp(x ** b)),
    "exponweib": lambda x, a, c: 1 - (-mp.expm1(-x ** c)) ** a,
    "gompertz": lambda x, c: mp.exp(-c * mp.expm1(x)),
    "genhalflogistic": lambda x, c: (lambda u: 0 if u <= 0 else (2 * u ** (1 / c)) / (1 + u ** (1 / c)))(1 - c * x),
    "powerlognorm": lambda x, c, s: mp.ncdf(-mp.log(x) / s) ** c,
    "johnsonsb": lambda x, a, b: mp.ncdf(-(a + b * mp.log(x / (1 - x)))),
    "powernorm": lambda x, c: mp.ncdf(-x) ** c,
    "genexpon": lambda x, a, b, c: mp.exp(-(a + b) * x - b / c * mp.expm1(-c * x)),
}
#: the support's lower end (0, or -inf for powernorm) and upper end; break points
SUPPORT = {"powernorm": (-mp.inf, mp.inf), "johnsonsb": (0, 1)}
POINTS = [mp.mpf(10) ** -8, mp.mpf(10) ** -4, 0.01, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 64, 256]


def moments(name, *shapes):
    sf = lambda x: SF[name](x, *shapes)
    lo, hi = SUPPORT.get(name, (0, mp.inf))
    # (the upper end, or where the sf is below e^-200: beyond it nothing at 30 digits, and mpmath's exp of the
    # double exponentials far out is slow)
    top = {"genhalflogistic": lambda c: 1 / c, "gompertz": lambda c: mp.log1p(200 / c),
           "exponpow": lambda b: mp.mpf(6) ** (1 / b), "exponweib": lambda a, c: (200 + mp.log(a + 1)) ** (1 / c),
           "powerlognorm": lambda c, s: mp.exp(21 * s / mp.sqrt(c)), "johnsonsb": lambda a, b: 1,
           "powernorm": lambda c: mp.sqrt(400 / c), "genexpon": lambda a, b, c: 200 / a}[name](*shapes)
    hi = min(hi, top)
    up = [0] + [p for p in POINTS if p < hi] + [hi]
    m1 = mp.quad(sf, up)
    m2 = mp.quad(lambda x: 2 * x * sf(x), up)
    if lo == -mp.inf:  # (the lower side: int_-inf^0 cdf(x) dx, cdf = 1 - sf)
        down = [-40] + [-p for p in reversed(POINTS) if p < 40] + [0]  # (cdf below e^-800 from -40)
        m1 -= mp.quad(lambda x: 1 - sf(x), down)
        m2 += mp.quad(lambda x: -2 * x * (1 - sf(x)), down)
    return m1, m2 - m1 ** 2


def jets(name, shapes, h=mp.mpf(10) ** -10):
    """(value, gradient, Hessian) of the mean and of the variance in the shapes, by central differences of step h
    (relative for shapes above 1) on the 40-digit quadratures: 1 + 2n + 2n(n - 1) points for n shapes, each giving both
    moments (mp.diff raised the quadratures' precision to ~90 digits, minutes a point); the differences' own error is
    ~h^2 = 1e-20 relative, the quadratures' 1e-40 / h^2 = 1e-20: ~20 digits."""
    mp.mp.dps = 40
    p = [mp.mpf(v) for v in shapes]
    n = len(p)
    step = [h * max(abs(v), 1) for v in p]
    memo = {}

    def at(*offsets):  # (the shapes moved by offsets[i] steps)
        key = tuple(offsets)
        if key not in memo:
            memo[key] = moments(name, *(v + o * d for v, o, d in zip(p, offsets, step)))
        return memo[key]

    def unit(*pairs):
        o = [0] * n
        for i, k in pairs:
            o[i] += k
        return o
    out = []
    for k in (0, 1):
        f = lambda *pairs: at(*unit(*pairs))[k]
        f0 = f()
        grad = [(f((i, 1)) - f((i, -1))) / (2 * step[i]) for i in range(n)]
        hess = [[None] * n for _ in range(n)]
        for i in range(n):
            hess[i][i] = (f((i, 1)) - 2 * f0 + f((i, -1))) / step[i] ** 2
            for j in range(i + 1, n):
                hess[i][j] = hess[j][i] = (f((i, 1), (j, 1)) - f((i, 1), (j, -1)) - f((i, -1), (j, 1))
                                           + f((i, -1), (j, -1))) / (4 * step[i] * step[j])
        out.append((float(f0), [float(g) for g in grad], [[float(v) for v in row] for row in hess]))
    return out


if __name__ == "__main__":
    name = sys.argv[1]
    for s in sys.argv[2:]:
        shapes = ast.literal_eval(s)
        for what, (v, g, h) in zip(("mean", "var"), jets(name, shapes)):
            print(f"    ({name!r}, {what!r}, {shapes!r}, {v!r}, {g!r}, {h!r}),", flush=True)
