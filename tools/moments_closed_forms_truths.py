"""The truths of tests/test_stats_moments_closed_forms.py's TRUTHS (per distribution and method: the points, the
values, the gradients, the Hessians): the standard distribution's moment (mean,
variance, standard deviation) or entropy ``g`` at each point of the shapes, and its first and second derivatives in
the shapes, by mpmath's diff of the closed forms (each shape's step 1e-15 of it, 1e-15 below 1; a mixed derivative
as a derivative of a derivative; 60 digits, 90 for pearson3's entropy, whose terms near skew = 0 are 4 / skew^2 =
4e30 at the step). The test builds the value, gradient and Hessian in (the shapes, loc, scale) from them: loc and
scale enter as polynomials (mean ``loc + scale g``, var ``scale^2 g``, std ``scale g``, entropy ``g + log(scale)``).

    python tools/moments_closed_forms_truths.py   # prints the table
"""
import textwrap

import mpmath as mp


def skewnorm(method):
    def g(a):
        delta = a / mp.sqrt(1 + a * a)
        v = 1 - 2 * delta ** 2 / mp.pi
        return {"mean": mp.sqrt(2 / mp.pi) * delta, "var": v, "std": mp.sqrt(v)}[method]
    return g


def genextreme(method):
    def g(c):
        if c == 0:  # (Gumbel: the limits)
            m, v = mp.euler, mp.pi ** 2 / 6
        else:
            m, v = (1 - mp.gamma(1 + c)) / c, (mp.gamma(1 + 2 * c) - mp.gamma(1 + c) ** 2) / c ** 2
        return {"mean": m, "var": v, "std": mp.sqrt(v)}[method]
    return g


def truncnorm(method):
    def g(a, b):
        if a + b < 0:  # (reflected: the difference of the lower tails near 1 lost the mass at a = -1000)
            value = g(-b, -a)
            return -value if method == "mean" else value
        q = (lambda t: mp.erfc(t / mp.sqrt(2)) / 2)
        mass = q(a) - q(b)
        m = (mp.npdf(a) - mp.npdf(b)) / mass
        v = 1 + (a * mp.npdf(a) - b * mp.npdf(b)) / mass - m * m
        return {"mean": m, "var": v, "std": mp.sqrt(v)}[method]
    return g


def rdist(method):
    def g(c):
        a = c / 2
        return mp.log(2) + mp.log(mp.beta(a, a)) - 2 * (a - 1) * (mp.digamma(a) - mp.digamma(2 * a))
    return g


def pearson3(method):
    def g(skew):
        if skew == 0:  # (the normal's)
            return (1 + mp.log(2 * mp.pi)) / 2
        a = 4 / skew ** 2
        return a + mp.loggamma(a) + (1 - a) * mp.digamma(a) - mp.log(a) / 2
    return g


#: a = +-1e200 (a^2 overflows), 0 (delta's odd series), |a| = 1 and the next float (the switch), 1e8 (a / h's derivative
#: cancelled)
SKEW_A = [-1e200, -3.0, -1.0, -1e-8, 0.0, 1e-8, 0.5, 1.0, 1.0000000000000002, 2.5, 1e8, 1e200]
#: c about the series' switch (|c| = 1/4), near and at 0 (Gumbel), near the ends -1 (mean) and -1/2 (variance), large
GEV_C = [-0.45, -0.3, -0.25, -0.24999999999999997, -1e-8, 0.0, 1e-8, 0.1, 0.24999999999999997, 0.25, 0.5, 1.0, 3.0,
         50.0]
#: (a, b): far in the upper tail, far in the lower, symmetric, across 0, either side of the continued fraction's switch
#: at t = 2 (1.9 and 5), a = 0 (the two forms' switch)
TRUNCNORM_AB = [(30.0, 31.0), (-1000.0, -999.0), (-2.0, 2.0), (-1.0, 3.0), (1.9, 5.0), (0.0, 1.0)]
#: skew = 0 (the normal), beside it, the switch at skew^2 / 4 = 1/10 and beside it, large
PEARSON3_SKEW = [-0.7, 0.0, 1e-5, 0.6324555320336759, 0.64, 2.0, 100.0]
#: c small, 2 (uniform), about beta's switches to Stirling's series (c/2 = 10 at 20, c = 10 at 10), large
RDIST_C = [0.01, 0.5, 2.0, 9.99, 10.0, 20.0, 20.01, 1e3, 1e6]

CASES = [
    *[("skewnorm", m, skewnorm(m), [(a,) for a in SKEW_A], 60) for m in ("mean", "var", "std")],
    *[("genextreme", m, genextreme(m), [(c,) for c in GEV_C + ([-0.9, -0.999] if m == "mean" else [])], 60)
      for m in ("mean", "var", "std")],
    *[("truncnorm", m, truncnorm(m), TRUNCNORM_AB, 60) for m in ("mean", "var")],
    ("pearson3", "entropy", pearson3("entropy"), [(s,) for s in PEARSON3_SKEW], 90),
    ("rdist", "entropy", rdist("entropy"), [(c,) for c in RDIST_C], 60),
]


def derivatives(g, x):
    """``(g, [dg/dx_i], [[d2g/dx_i dx_j]])`` at the point x (mpf list), as floats."""
    k = len(x)
    steps = [mp.mpf(10) ** -15 * max(1, abs(v)) for v in x]

    def at(i, t, y):
        return y[:i] + [t] + y[i + 1:]

    def first(i, y):
        return mp.diff(lambda t: g(*at(i, t, y)), y[i], 1, h=steps[i])

    def second(i, j):
        if i == j:
            return mp.diff(lambda t: g(*at(i, t, x)), x[i], 2, h=steps[i])
        return mp.diff(lambda t: first(j, at(i, t, x)), x[i], 1, h=steps[i])
    hessian = [[None] * k for _ in range(k)]
    for i in range(k):
        for j in range(i, k):
            hessian[i][j] = hessian[j][i] = float(second(i, j))
    return float(g(*x)), [float(first(i, x)) for i in range(k)], hessian


def _wrapped(x, indent):
    """``repr(x)`` on lines of at most 120 characters, each after ``indent`` spaces."""
    return ("\n" + " " * indent).join(textwrap.wrap(repr(x), 120 - indent, break_long_words=False))


def main():
    print("TRUTHS = {")
    for name, method, g, points, dps in CASES:
        with mp.workdps(dps):
            rows = [derivatives(g, [mp.mpf(v) for v in p]) for p in points]
        print(f"    ({name!r}, {method!r}): (")
        for k, column in enumerate((points, *([r[i] for r in rows] for i in range(3)))):
            print(" " * 8 + _wrapped(column, 8) + ("," if k < 3 else "),"))
    print("}")


if __name__ == "__main__":
    main()
