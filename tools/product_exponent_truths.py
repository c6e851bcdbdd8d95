"""The mpmath truths of tests/test_stats_power_exponent_rounding.py's densities near x = loc whose power of z has a
product for its exponent (gengamma's and exponweib's a c - 1, burr's c d - 1): value, gradient and Hessian in (x,
shapes, loc, scale), the chain rule carried exactly by second-order jets over mpmath (each operation's value, gradient
and Hessian at 60 digits plus twice z's below 1: the terms of size (a c - 1) / z^2 cancel to c^2 z^(c - 1) in d2/dx
dscale). Checked against mp.diff at a point away from 0 (--check). Run: python tools/product_exponent_truths.py
[--check] [--sweep]: the table, or a sweep of those families against wengert (a c in {1 - 1e-8, 1, 1 + 1e-8, 0.5,
2} and the products that round to 1 and 2, z in {1e-300, 1e-150, 1e-10, 1e-3}; entries beyond 8 ulp in the value
or 1e-13 relative in a derivative)."""
import math
import sys

import mpmath as mp


class Jet:
    """A value with its gradient and Hessian in n variables."""
    __slots__ = ("v", "g", "h")

    def __init__(self, v, g, h):
        self.v, self.g, self.h = v, g, h

    @staticmethod
    def variable(v, i, n):
        return Jet(mp.mpf(v), [mp.mpf(int(k == i)) for k in range(n)], [[mp.mpf(0)] * n for _ in range(n)])

    def _lift(self, o):
        if isinstance(o, Jet):
            return o
        n = len(self.g)
        return Jet(mp.mpf(o), [mp.mpf(0)] * n, [[mp.mpf(0)] * n for _ in range(n)])

    def __add__(self, o):
        o = self._lift(o)
        return Jet(self.v + o.v, [p + q for p, q in zip(self.g, o.g)],
                   [[p + q for p, q in zip(r, s)] for r, s in zip(self.h, o.h)])
    __radd__ = __add__

    def __neg__(self):
        return Jet(-self.v, [-p for p in self.g], [[-p for p in r] for r in self.h])

    def __sub__(self, o):
        return self + (-self._lift(o))

    def __rsub__(self, o):
        return self._lift(o) - self

    def __mul__(self, o):
        a, b = self, self._lift(o)
        n = range(len(a.g))
        return Jet(a.v * b.v, [a.g[i] * b.v + a.v * b.g[i] for i in n],
                   [[a.h[i][j] * b.v + a.v * b.h[i][j] + a.g[i] * b.g[j] + a.g[j] * b.g[i] for j in n] for i in n])
    __rmul__ = __mul__

    def apply(self, f0, f1, f2):
        """f(self) from f's value and first two derivatives at self.v."""
        n = range(len(self.g))
        return Jet(f0, [f1 * p for p in self.g], [[f1 * self.h[i][j] + f2 * self.g[i] * self.g[j] for j in n] for i in n])

    def __truediv__(self, o):
        o = self._lift(o)
        return self * o.apply(1 / o.v, -1 / o.v ** 2, 2 / o.v ** 3)

    def __pow__(self, o):
        return exp(self._lift(o) * log(self))


def _unary(f0, f1, f2):
    return lambda u: u.apply(f0(u.v), f1(u.v), f2(u.v)) if isinstance(u, Jet) else f0(u)


log = _unary(mp.log, lambda u: 1 / u, lambda u: -1 / u ** 2)
exp = _unary(mp.exp, mp.exp, mp.exp)
expm1 = _unary(mp.expm1, mp.exp, mp.exp)
log1p = _unary(mp.log1p, lambda u: 1 / (1 + u), lambda u: -1 / (1 + u) ** 2)
loggamma = _unary(mp.loggamma, mp.digamma, lambda u: mp.psi(1, u))

#: standard log densities (of z and the shapes, as jets)
LOG_DENSITIES = {
    "gengamma": lambda z, a, c: log(c) + (c * a - 1) * log(z) - z ** c - loggamma(a),
    "exponweib": lambda z, a, c: log(a) + log(c) + (c - 1) * log(z) - z ** c + (a - 1) * log(-expm1(-z ** c)),
    "burr": lambda z, c, d: log(c) + log(d) + (c * d - 1) * log(z) - (d + 1) * log1p(z ** c),
}


def truths(name, method, x, shapes, loc, scale, dps=None):
    """(value, gradient, Hessian) of name.method (logpdf or pdf) in (x, *shapes, loc, scale), as mpf."""
    z = (mp.mpf(x) - mp.mpf(loc)) / mp.mpf(scale)
    more = max(0, int(-mp.log10(z)) + 1) if 0 < z < 1 else 0
    with mp.workdps(dps or 60 + 2 * more):
        at = [x, *shapes, loc, scale]
        v = [Jet.variable(p, i, len(at)) for i, p in enumerate(at)]
        r = LOG_DENSITIES[name]((v[0] - v[-2]) / v[-1], *v[1:-2]) - log(v[-1])
        if method == "pdf":
            r = exp(r)
        return +r.v, [+p for p in r.g], [[+p for p in row] for row in r.h]


#: (name, method, x, shapes, loc, scale): the test's points
POINTS = [
    ("gengamma", "logpdf", 1.3e-300, (1.5, 2.0 / 3.0), 0.0, 1.3),  # c a rounds to 1 (from above: 1 - 5.6e-17)
    ("gengamma", "pdf", 1.3e-10, (1.5, 4.0 / 3.0), 0.0, 1.3),  # c a rounds to 2
    ("gengamma", "logpdf", 1.3e-300, (4.0, 0.5), 0.0, 1.3),  # d2/dx2 -inf (NaN: e / z^2 and z^(c - 2) apart)
    ("exponweib", "pdf", 1.3e-150, (1.5, 2.0 / 3.0), 0.0, 1.3),
    ("exponweib", "pdf", 1.3e-300, (2.5, 0.4), 0.0, 1.3),  # a c rounds to 1 from above: d2/dx2 -inf
    ("burr", "logpdf", 1.3e-300, (0.4, 2.5), 0.0, 1.3),
    ("burr", "pdf", 1.3e-150, (0.4, 2.5), 0.0, 1.3),
]


def check():
    """The jets against mp.diff of the same log densities at plain mpf arguments, at z = 0.3."""
    for name, shapes in (("gengamma", (1.5, 0.7)), ("exponweib", (2.5, 0.4)), ("burr", (0.4, 2.5))):
        at = [0.39, *shapes, 0.0, 1.3]
        value, grad, hess = truths(name, "logpdf", at[0], shapes, 0.0, 1.3)
        with mp.workdps(60):
            def f(*p):
                return LOG_DENSITIES[name]((p[0] - p[-2]) / p[-1], *p[1:-2]) - mp.log(p[-1])
            for i in range(len(at)):
                units = tuple(int(k == i) for k in range(len(at)))
                assert abs(mp.diff(f, at, units) - grad[i]) < 1e-40 * (1 + abs(grad[i])), (name, i)
                for j in range(i, len(at)):
                    both = tuple(int(k == i) + int(k == j) for k in range(len(at)))
                    assert abs(mp.diff(f, at, both) - hess[i][j]) < 1e-40 * (1 + abs(hess[i][j])), (name, i, j)
    print("jets agree with mp.diff")


def sweep():
    import numpy as np
    import wengert as wg
    from wengert.scipy import stats
    worst = {}
    products = [(t / 0.5, 0.5) for t in (1 - 1e-8, 1.0, 1 + 1e-8, 0.5, 2.0)] + [
        (1.5, 2.0 / 3.0), (2.5, 0.4), (1.5, 4.0 / 3.0), (1.5, 1.0 / 3.0), (3.0, 0.7)]
    for name in LOG_DENSITIES:
        bad = total = 0
        for shapes in products if name != "burr" else [(c, a) for a, c in products]:
            for z in (1e-300, 1e-150, 1e-10, 1e-3):
                for method in ("logpdf", "pdf"):
                    at = np.array([z * 1.3, *shapes, 0.0, 1.3])
                    f = lambda v: getattr(getattr(stats, name), method)(*v)  # noqa: E731
                    with np.errstate(all="ignore"):
                        got = [float(f(at)), np.asarray(wg.grad(f)(at)), np.asarray(wg.hessian(f)(at)),
                               np.asarray(wg.jacfwd(wg.grad(f))(at))]
                    value, grad, hess = truths(name, method, at[0], shapes, 0.0, 1.3)
                    want = [float(value), np.array([float(p) for p in grad], dtype=float),
                            np.array([[float(p) for p in r] for r in hess], dtype=float)]
                    pairs = [(got[0], want[0], 8 * 2.2e-16)] + [(g, w, 1e-13) for g, w in zip(got[1], want[1])] + [
                        (g, w, 1e-13) for h in got[2:] for g, w in zip(h.ravel(), want[2].ravel())]
                    for g, w, tol in pairs:
                        total += 1
                        # (entries that are exactly 0, the jets' rounding at 1e-70 and below, compared absolutely)
                        off = abs(g - w) / abs(w) if w and math.isfinite(w) and abs(w) > 1e-60 else (
                            0.0 if g == w or abs(g - w) < 1e-60 else math.inf)
                        if off > tol:
                            bad += 1
                            worst[(name, method, shapes, z)] = max(off, worst.get((name, method, shapes, z), 0))
        print(name, "entries off:", bad, "of", total)
    for key, off in sorted(worst.items()):
        print("  ", key, f"{off:.1e}")


if __name__ == "__main__":
    if "--check" in sys.argv:
        check()
    if "--sweep" in sys.argv:
        sweep()
    if len(sys.argv) == 1:
        for point in POINTS:
            value, grad, hess = truths(*point)
            print(repr((*point, float(value), [float(p) for p in grad], [[float(p) for p in r] for r in hess])) + ",")
