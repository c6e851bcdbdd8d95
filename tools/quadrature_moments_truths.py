"""mpmath truths for the quadrature means and variances (tests/test_stats_quadrature_moments.py, session 52): the
standard mean and variance from the survival function alone (independent of the quantiles the rule integrates): ``E X
= int_0^inf sf - int_-inf^0 cdf``, ``E X^2 = int_0^inf 2 x sf + int_-inf^0 2 |x| cdf``, at 30 digits (break points
per family), ``var = E X^2 - (E X)^2`` (at 30 digits no cancellation that matters), the gradient and Hessian in the
shapes by mp.diff. Run: python tools/quadrature_moments_truths.py NAME "(shape, ...)" ..."""
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
           "powernorm": lambda c: mp.sqrt(400 / c)}[name](*shapes)
    hi = min(hi, top)
    up = [0] + [p for p in POINTS if p < hi] + [hi]
    m1 = mp.quad(sf, up)
    m2 = mp.quad(lambda x: 2 * x * sf(x), up)
    if lo == -mp.inf:  # (the lower side: int_-inf^0 cdf(x) dx, cdf = 1 - sf)
        down = [-40] + [-p for p in reversed(POINTS) if p < 40] + [0]  # (cdf below e^-800 from -40)
        m1 -= mp.quad(lambda x: 1 - sf(x), down)
        m2 += mp.quad(lambda x: -2 * x * (1 - sf(x)), down)
    return m1, m2 - m1 ** 2


def jet(name, shapes, k):
    f = lambda *s: moments(name, *s)[k]
    p = [mp.mpf(v) for v in shapes]
    n = len(p)
    grad = [mp.diff(f, p, tuple(int(i == j) for j in range(n))) for i in range(n)]
    hess = [[mp.diff(f, p, tuple(int(i == a) + int(j == a) for a in range(n))) for j in range(n)] for i in range(n)]
    return float(f(*p)), [float(g) for g in grad], [[float(h) for h in row] for row in hess]


if __name__ == "__main__":
    name = sys.argv[1]
    for s in sys.argv[2:]:
        shapes = ast.literal_eval(s)
        for k, what in enumerate(("mean", "var")):
            v, g, h = jet(name, shapes, k)
            print(f"    ({name!r}, {what!r}, {shapes!r}, {v!r}, {g!r}, {h!r}),", flush=True)
