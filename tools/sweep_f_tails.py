"""The errors of the derivatives of ``scipy.stats.f``'s tails in its degrees of freedom
``dfn`` and ``dfd``, first and second order, against mpmath at 50 digits: the figures quoted
where ``src/wengert/scipy/stats/_beta.py`` sets ``_F_MAX_DF``, the largest degrees of freedom at
which they are differentiated.

wengert differentiates ``f.cdf`` and ``f.sf`` in ``dfn`` and ``dfd`` through ``betainc``'s
derivatives in its shapes, and through its argument ``dfn x / (dfn x + dfd)``, which moves
with them: the two cancel more and more as the degrees of freedom grow, most where ``dfn`` is
far above ``dfd``. The sweep lifts the limits (``_F_MAX_DF``) to show the errors beyond them
too. For each point it prints the largest relative error of ``f.cdf``'s and ``f.sf``'s
derivative (reverse mode; at second order reverse over reverse), against ``mp.diff`` of the
regularized incomplete beta function (its smaller tail) at 50 digits; "-" where the
derivative is not computed within the limits.

Usage (from the repository root; about a minute)::

    PYTHONPATH=src python tools/sweep_f_tails.py
"""
import mpmath as mp

import wengert as wg
import wengert.scipy.stats as stats
from wengert.scipy.stats import _beta  # (f's module: the limits its code reads)

#: (x, dfn, dfd): within the limits, at them, and beyond (dfn far above dfd, and the reverse)
POINTS = [
    (1.0, 100.0, 100.0),
    (3.0, 100.0, 3.0),
    (2.0, 300.0, 3.0),
    (2.0, 1e3, 3.0),
    (2.0, 3.0, 300.0),
    (2.0, 5.0, 1e4),
]


def reference(x, dfn, dfd, argument, order):
    """The ``order``-th derivative of f.cdf at ``x`` in ``argument`` ("dfn" or "dfd"), mpmath."""
    with mp.workdps(50):
        x, n, d = mp.mpf(x), mp.mpf(dfn), mp.mpf(dfd)

        def cdf(n, d):
            return mp.betainc(n / 2, d / 2, 0, n * x / (n * x + d), regularized=True)

        def sf(n, d):
            return mp.betainc(d / 2, n / 2, 0, d / (d + n * x), regularized=True)
        sign, tail = (1, cdf) if cdf(n, d) <= 0.5 else (-1, sf)  # the smaller tail: no 1 - ...
        if argument == "dfn":
            return float(sign * mp.diff(lambda t: tail(t, d), n, order))
        return float(sign * mp.diff(lambda t: tail(n, t), d, order))


def wengert(method, x, dfn, dfd, argument, order):
    """The same by wengert: ``f.<method>`` differentiated ``order`` times (reverse over reverse)."""
    def fn(t):
        return getattr(stats.f, method)(x, t, dfd) if argument == "dfn" else getattr(stats.f, method)(x, dfn, t)
    for _ in range(order):
        fn = wg.grad(fn)
    return fn(dfn if argument == "dfn" else dfd)


def main():
    limits = _beta._F_MAX_DF
    _beta._F_MAX_DF = (float("inf"), float("inf"))  # measure beyond the limits as well
    print(f"f.cdf and f.sf in dfn and dfd against mpmath (50 digits); limits: first order {limits[0]:g}, "
          f"second {limits[1]:g}")
    print(f"{'x':>5} {'dfn':>6} {'dfd':>6} | {'d/d dfn':>9} {'d/d dfd':>9} | {'d2/d dfn2':>9} {'d2/d dfd2':>9}")
    try:
        for x, dfn, dfd in POINTS:
            cells = []
            for order in (1, 2):
                for argument, value in (("dfn", dfn), ("dfd", dfd)):
                    truth = reference(x, dfn, dfd, argument, order)
                    sign = {"cdf": 1.0, "sf": -1.0}
                    error = max(abs(sign[m] * wengert(m, x, dfn, dfd, argument, order) - truth) / abs(truth)
                                for m in ("cdf", "sf"))
                    beyond = value > limits[order - 1]
                    cells.append(f"{error:8.1e}{'*' if beyond else ' '}")
            print(f"{x:5g} {dfn:6g} {dfd:6g} | {cells[0]} {cells[1]} | {cells[2]} {cells[3]}")
    finally:
        _beta._F_MAX_DF = limits
    print("(* beyond the limit: refused with a ValueError)")


if __name__ == "__main__":
    main()
