"""Sweep of the derivatives in ``z`` of ``scipy.special.hankel1e`` and ``hankel2e`` at large
orders, first and second order, against mpmath, in the three ranges of |z| beyond 30 that
``src/wengert/ops/scipy_special_extra.py`` tells apart:

* ``recurrence``: ``30 < |z| <= |v|``, SciPy's values through ``(H_(v-1) - H_(v+1)) / 2 -+ i H``;
* ``refused``: ``|v| < |z| < v^2 / 8`` (orders above 30), where the derivative is refused: the
  sweep prints what the recurrence and Hankel's expansion would give there (computed directly);
* ``expansion``: ``v^2 / 8 <= |z| <= v^2 / 4``, Hankel's expansion (refused before).

Orders from 11 to 300 (and non-integer ones), |z| spread over each range, on the positive and
negative real axis and, where mpmath's complex Hankel functions are fast (|z| <= 400), at
arg z = 0.6 and -2.2. The reference is mpmath's ``hankel1``/``hankel2`` at 30 digits at the orders
v - 2 to v + 2, through the same recurrences (exact at 30 digits). Each derivative is taken by
``wg.grad`` of the real and imaginary parts (reverse, real z), ``wg.jvp`` (forward), and at second
order reverse over reverse and forward over reverse (forward over forward for complex z). The
sweep prints, per range and order, the largest relative error, where it is, and the count.

Usage (from the repository root; about two minutes)::

    PYTHONPATH=src python tools/sweep_hankel.py
"""
import argparse
import math

import mpmath as mp
import numpy as np
import scipy.special as sc

import wengert as wg
import wengert.scipy.special  # noqa: F401  (declares the scipy.special rules)
from wengert.ops import scipy_special_extra as extra

#: (complex z at the integer orders only on the real axis: mpmath's complex Y_n takes minutes)
ORDERS = (11.0, 11.7, 15.0, 20.0, 30.0, 31.5, 50.0, 50.5, 64.3, 100.0, 100.5, 150.5, 200.0, 200.25, 300.0, 300.5)
FUNCTIONS = {"hankel1e": (sc.hankel1e, 1), "hankel2e": (sc.hankel2e, -1)}


def zone(v, r):
    if r >= extra._HANKEL_ORDER_FAR * v * v:
        return "expansion"
    return "recurrence" if r <= max(extra._HANKEL_FAR, abs(v)) else "refused"


def points():
    """(v, z) over the three ranges (see the module's docstring)."""
    out = []
    for v in ORDERS:
        top, low = v * v / 4.0, max(30.0, v)
        radii = set(np.geomspace(30.0001, top, 7).tolist())
        # (the ranges' ends, a rounding inside: |r e^(i angle)| is r only to 1 ulp)
        radii |= {low * (1 - 1e-12), min(low * 1.3, top), v * v / 8.0 * (1 + 1e-12), v * v / 8.0 * 0.9,
                  v * v / 8.0 * 1.1}
        for r in sorted(x for x in radii if 30.0 < x <= top):
            for angle in (0.0, math.pi, 0.6, -2.2):
                if angle not in (0.0, math.pi) and (r > 400.0 or v == int(v)):
                    continue  # (mpmath's complex Hankel functions take a minute there)
                z = r if angle == 0.0 else (-r if angle == math.pi else r * complex(math.cos(angle), math.sin(angle)))
                out.append((v, z))
    return out


def reference(v, z, s):
    """(first, second) derivative of ``H^(s)_v(z) e^(-s i z)`` by mpmath at 30 digits."""
    with mp.workdps(30):
        f = mp.hankel1 if s == 1 else mp.hankel2
        h = [f(mp.mpf(v) + n, mp.mpc(z)) for n in (-2, -1, 0, 1, 2)]
        d1, d2 = (h[1] - h[3]) / 2, (h[0] - 2 * h[2] + h[4]) / 4
        i = -s * 1j
        e = mp.exp(i * mp.mpc(z))
        return complex((d1 + i * h[2]) * e), complex((d2 + 2 * i * d1 + i * i * h[2]) * e)


def paths(fn, v, z):
    """{path: (first, second)} of wengert's derivatives of ``fn(v, .)`` at ``z``."""
    f = lambda t: fn(v, t)  # noqa: E731
    if isinstance(z, complex):
        d = lambda t: wg.jvp(f, (t,), (1.0 + 0j,))[1]  # noqa: E731
        return {"fwd": (complex(d(z)), complex(wg.jvp(d, (z,), (1.0 + 0j,))[1]))}
    re, im = (lambda t: np.real(f(t))), (lambda t: np.imag(f(t)))
    return {
        "rev": (complex(wg.grad(re)(z), wg.grad(im)(z)),
                complex(wg.grad(wg.grad(re))(z), wg.grad(wg.grad(im))(z))),
        "fwd": (complex(wg.jvp(f, (z,), (1.0,))[1]),
                complex(wg.jvp(wg.grad(re), (z,), (1.0,))[1], wg.jvp(wg.grad(im), (z,), (1.0,))[1])),
    }


def unguarded(fn, s, v, z):
    """What the recurrence and the expansion give in the refused range: {name: (first, second)}."""
    def recurrence(order):
        return 0.5 * (fn(order - 1.0, z) - fn(order + 1.0, z)) - s * 1j * fn(order, z)
    first = recurrence(v)
    second = 0.5 * (recurrence(v - 1.0) - recurrence(v + 1.0)) - s * 1j * first
    w = np.complex128(z)
    expansion = (complex(extra._scaled_hankel_far(np.float64(v), w, s)),
                 complex(wg.jvp(lambda t: extra._scaled_hankel_far(np.float64(v), t, s), (w,), (1.0 + 0j,))[1]))
    return {"recurrence": (complex(first), complex(second)), "expansion": expansion}


def sweep():
    worst = {}
    for v, z in points():
        where = zone(v, abs(z))
        for name, (fn, s) in FUNCTIONS.items():
            truth = reference(v, z, s)
            got = unguarded(fn, s, v, z) if where == "refused" else paths(fn, v, z)
            for path, values in got.items():
                key = (where, path if where == "refused" else "wengert")
                for order in (0, 1):
                    error = abs(values[order] - truth[order]) / abs(truth[order])
                    entry = worst.setdefault((key, order), [0.0, None, 0])
                    entry[2] += 1
                    if not error <= entry[0]:
                        entry[:2] = [error, (name, v, z, path)]
    return worst


def main(argv=None):
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    worst = sweep()
    print("hankel1e, hankel2e at orders 11 to 300, 30 < |z| <= v^2 / 4, against mpmath at 30 digits:")
    for ((where, what), order), (error, at, count) in sorted(worst.items()):
        label = f"{where} ({what})" if where == "refused" else where
        derivative = "d/dz" if order == 0 else "d^2/dz^2"
        print(f"  {label:24} {derivative:9} largest relative error {error:.2g} over {count} "
              f"(at {at[0]}, v = {at[1]}, z = {at[2]}, {at[3]})")


if __name__ == "__main__":
    main()
