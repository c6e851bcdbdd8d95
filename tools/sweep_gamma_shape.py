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

Usage (from the repository root; about a minute)::

    PYTHONPATH=src python tools/sweep_gamma_shape.py                 # 120 points, seed 0
    PYTHONPATH=src python tools/sweep_gamma_shape.py --points 500 --seed 3
"""
import argparse
import math

import mpmath as mp
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


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--points", type=int, default=120, help="how many random (a, x)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    worst = sweep(args.points, args.seed)
    print(f"{args.points} random points (seed {args.seed}), against mpmath at 50 digits:")
    for (name, order), (error, a, x, path) in worst.items():
        where = f" (a = {a!r}, x = {x!r}, {path})" if path else ""
        derivative = "d/da" if order == 1 else "d^2/da^2"
        print(f"  {derivative} {name}: largest relative error {error:.2g}{where}")


if __name__ == "__main__":
    main()
