"""mpmath truths for nbinom.entropy (tests/test_stats_nbinom_entropy.py, session 53): ``-sum_k f_k log f_k`` at 40
digits, the pmf by its ratio ``f_(k+1) = f_k (k + n) (1 - p) / (k + 1)`` from ``f_0 = p^n`` (independent of wengert's
log pmf and of its tail bound), summed until the terms are below 1e-60 past the mode; the gradient and Hessian in (n, p)
by central differences of step 1e-12 (~20 digits). Run: python tools/nbinom_entropy_truths.py "(n, p)" ..."""
import ast
import sys

import mpmath as mp

mp.mp.dps = 50


def entropy(n, p):
    f, total, k = p ** n, mp.mpf(0), 0
    while True:
        if f > 0:
            total -= f * mp.log(f)
        r = (k + n) * (1 - p) / (k + 1)
        if r < 1 and f < mp.mpf(10) ** -60:
            return total
        f *= r
        k += 1


def jet(n, p, h=mp.mpf(10) ** -12):
    n, p = mp.mpf(n), mp.mpf(p)
    f = lambda i, j: entropy(n + i * h, p + j * h)
    f0 = f(0, 0)
    grad = [(f(1, 0) - f(-1, 0)) / (2 * h), (f(0, 1) - f(0, -1)) / (2 * h)]
    hnn = (f(1, 0) - 2 * f0 + f(-1, 0)) / h ** 2
    hpp = (f(0, 1) - 2 * f0 + f(0, -1)) / h ** 2
    hnp = (f(1, 1) - f(1, -1) - f(-1, 1) + f(-1, -1)) / (4 * h * h)
    return float(f0), [float(g) for g in grad], [[float(hnn), float(hnp)], [float(hnp), float(hpp)]]


if __name__ == "__main__":
    for s in sys.argv[1:]:
        shapes = ast.literal_eval(s)
        print(f"    ({shapes!r}, *{jet(*shapes)!r}),", flush=True)
