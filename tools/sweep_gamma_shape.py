"""Random sweep of the derivatives of ``scipy.special.gammainc`` and ``gammaincc`` in their
shape ``a``, first and second order, against mpmath at 50 digits.

wengert computes dP/da and d^2P/da^2 from a series below x = a + 1 and a continued fraction
above it (``src/wengert/ops/scipy_special.py``); ``tests/test_gamma_shape_second_derivative.py``
checks them at chosen points, this sweep at random ones. The points (seeded, so that a run is
repeatable): ``a`` log-uniform over [1e-2, 300] and ``x`` on both sides of ``a``: log-uniform
over [1e-3, 30] for ``a`` below 1, ``a + sqrt(a) t`` with ``t`` uniform over [-6, 6] above,
where the tail beyond is out of double range anyway.

Each derivative is computed by ``wg.grad`` (reverse), ``wg.jvp`` (forward) and, at second
order, reverse over reverse and forward over reverse; the reference is ``mp.diff`` of the
smaller tail (``P`` below ``x = a``, ``Q`` above: the other's derivatives are its negatives,
so neither is the difference of two numbers near 1). The sweep prints, for each function and
order, the largest relative error over the points and paths, and where it is.

With ``--large``, ``a`` is log-uniform over [1e3, 1e15] (where Temme's uniform expansion
serves near ``x = a``), a third of the points in each of three ranges: the centre, ``|x - a|
<= 3 sqrt(a)``; the tails, ``3 < |x - a| / sqrt(a) <= 38`` (beyond, P or Q is below 1e-300);
and ``x / a`` uniform over [0.5, 2] (mostly beyond the tails for ``a`` above 1e4, where the
derivative underflows to 0 and the check is that it does). mpmath's ``gammainc`` does not
converge there, so the reference is the integral of the density's derivatives in ``a`` over
the smaller tail, by Gauss-Legendre at 60 digits on panels a quarter of its decay length wide
(it agrees with ``mp.diff`` of ``gammainc`` to the last double digit where both run). The sweep
prints the largest error per range, and the slowest gradient.

Usage (from the repository root; about a minute, ``--large`` two)::

    PYTHONPATH=src python tools/sweep_gamma_shape.py                 # 120 points, seed 0
    PYTHONPATH=src python tools/sweep_gamma_shape.py --points 500 --seed 3
    PYTHONPATH=src python tools/sweep_gamma_shape.py --large         # a from 1e3 to 1e15
"""
import argparse
import math
import time

import mpmath as mp
from mpmath.calculus.quadrature import GaussLegendre
import numpy as np
import scipy.special as sc

import wengert as wg
import wengert.scipy.special  # noqa: F401  (declares the scipy.special rules)

FUNCTIONS = {"gammainc": (sc.gammainc, 1.0), "gammaincc": (sc.gammaincc, -1.0)}


def points(n, seed=0):
    """``n`` pairs ``(a, x)`` (see the module's docstring)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        a = 10.0 ** rng.uniform(-2.0, math.log10(300.0))
        if a < 1.0:
            x = 10.0 ** rng.uniform(-3.0, math.log10(30.0))
        else:
            x = max(a + math.sqrt(a) * rng.uniform(-6.0, 6.0), 1e-3)
        out.append((float(a), float(x)))
    return out


def large_points(n, seed=0):
    """``n`` triples ``(a, x, range)`` for ``--large`` (see the module's docstring)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        a = 10.0 ** rng.uniform(3.0, 15.0)
        where = RANGES[i % 3]
        if where == "centre":
            x = a + math.sqrt(a) * rng.uniform(-3.0, 3.0)
        elif where == "tails":
            x = a + math.sqrt(a) * rng.choice([-1.0, 1.0]) * rng.uniform(3.0, 38.0)
        else:
            x = a * rng.uniform(0.5, 2.0)
        out.append((float(a), float(x), where))
    return out


RANGES = ("centre", "tails", "x/a in [0.5, 2]")


def reference_by_quadrature(a, x, dps=60):
    """(dP/da, d^2P/da^2) at ``(a, x)``: the integrals of ``(log t - digamma(a))`` and
    ``(log t - digamma(a))^2 - trigamma(a)`` times the density over the smaller tail, in
    ``s = t / a - 1``, by 24-point Gauss-Legendre panels out to e^-160 of the largest."""
    with mp.workdps(dps):
        nodes = GaussLegendre(mp.mp).calc_nodes(4, mp.mp.prec)
        a, x = mp.mpf(a), mp.mpf(x)
        psi, psi1, log_a = mp.digamma(a), mp.polygamma(1, a), mp.log(a)
        log_prefactor = a * log_a - a - mp.loggamma(a)
        start = x / a - 1
        step = 1 / (4 * (a * abs(start) / (1 + start) + mp.sqrt(a)))
        direction = 1 if x > a else -1
        totals, largest, left = [mp.mpf(0), mp.mpf(0)], mp.mpf(0), start
        while True:
            right = max(left + direction * step, mp.mpf(-1))
            middle, half = (left + right) / 2, (right - left) / 2
            parts = [mp.mpf(0), mp.mpf(0)]
            for node, weight in nodes:
                s = middle + half * node
                density = mp.exp(log_prefactor - a * (s - mp.log1p(s))) / (1 + s)
                log_part = log_a + mp.log1p(s) - psi
                parts[0] += weight * log_part * density
                parts[1] += weight * (log_part * log_part - psi1) * density
            totals = [t + p * abs(half) for t, p in zip(totals, parts)]
            size = abs(parts[0] * half) + abs(parts[1] * half)
            largest = max(largest, size)
            if right == -1 or size < largest * mp.exp(-160):
                break
            left = right
            if direction > 0:
                step *= mp.mpf(1.02)  # (the upper tail's decay slows as s grows)
        return tuple(float(direction * -t) for t in totals)  # (P's: Q's are their negatives)


def reference(a, x):
    """(dP/da, d^2P/da^2) at ``(a, x)`` by mpmath at 50 digits, from the smaller tail."""
    with mp.workdps(50):
        if x <= a:
            sign, tail = 1, lambda s: mp.gammainc(s, 0, x, regularized=True)
        else:
            sign, tail = -1, lambda s: mp.gammainc(s, x, mp.inf, regularized=True)
        return tuple(float(sign * mp.diff(tail, mp.mpf(a), k)) for k in (1, 2))


def paths(fn, a, x, order):
    """The ``order``-th derivative of ``fn(a, x)`` in ``a`` along every path."""
    f = lambda s: fn(s, x)  # noqa: E731
    if order == 1:
        return {"rev": wg.grad(f)(a), "fwd": wg.jvp(f, (a,), (1.0,))[1]}
    d = wg.grad(f)
    return {"rev(rev)": wg.grad(d)(a), "fwd(rev)": wg.jvp(d, (a,), (1.0,))[1]}


def sweep(n, seed=0):
    """{(function, order): (largest relative error, a, x, path)} over ``n`` random points."""
    worst = {(name, order): (0.0, None, None, None) for name in FUNCTIONS for order in (1, 2)}
    for a, x in points(n, seed):
        truths = reference(a, x)
        for name, (fn, sign) in FUNCTIONS.items():
            for order in (1, 2):
                want = sign * truths[order - 1]
                for path, got in paths(fn, a, x, order).items():
                    error = abs(float(got) - want) / abs(want) if want != 0 else abs(float(got))
                    if not error <= worst[name, order][0]:  # (a NaN is the worst)
                        worst[name, order] = (error, a, x, path)
    return worst


def sweep_large(n, seed=0):
    """{(function, order, range): (largest error, a, x, path)} over ``n`` points of
    :func:`large_points`, and the slowest gradient's seconds; the error is relative, absolute
    where the truth underflows to 0."""
    worst = {(name, order, where): (0.0, None, None, None)
             for name in FUNCTIONS for order in (1, 2) for where in RANGES}
    slowest = 0.0
    for a, x, where in large_points(n, seed):
        truths = reference_by_quadrature(a, x)
        for name, (fn, sign) in FUNCTIONS.items():
            for order in (1, 2):
                want = sign * truths[order - 1]
                start = time.perf_counter()
                got = paths(fn, a, x, order)
                slowest = max(slowest, (time.perf_counter() - start) / len(got))
                for path, value in got.items():
                    error = abs(float(value) - want) / abs(want) if want != 0 else abs(float(value))
                    if not error <= worst[name, order, where][0]:  # (a NaN is the worst)
                        worst[name, order, where] = (error, a, x, path)
    return worst, slowest


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--points", type=int, default=120, help="how many random (a, x)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--large", action="store_true", help="a from 1e3 to 1e15 (the uniform expansion)")
    args = p.parse_args(argv)
    if args.large:
        worst, slowest = sweep_large(args.points, args.seed)
        print(f"{args.points} random points, a from 1e3 to 1e15 (seed {args.seed}), against mpmath "
              "(quadrature at 60 digits):")
        for (name, order, where), (error, a, x, path) in worst.items():
            at = f" (a = {a!r}, x = {x!r}, {path})" if path else ""
            derivative = "d/da" if order == 1 else "d^2/da^2"
            print(f"  {derivative} {name}, {where}: largest error {error:.2g}{at}")
        print(f"slowest derivative: {slowest * 1e3:.1f} ms")
        return
    worst = sweep(args.points, args.seed)
    print(f"{args.points} random points (seed {args.seed}), against mpmath at 50 digits:")
    for (name, order), (error, a, x, path) in worst.items():
        where = f" (a = {a!r}, x = {x!r}, {path})" if path else ""
        derivative = "d/da" if order == 1 else "d^2/da^2"
        print(f"  {derivative} {name}: largest relative error {error:.2g}{where}")


if __name__ == "__main__":
    main()
