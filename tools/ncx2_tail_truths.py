"""The truths of tests/test_stats_ncx2.py's TAIL_TRUTHS: ncx2's log cdf or log sf at (x, df, nc, loc, scale), its
gradient and Hessian in those five, by mpmath (30 digits): the Poisson mixture of chi2 tails ``sum_j e^-t t^j / j!
gammainc(df / 2 + j, z / 2)`` (regularized, lower or upper; t = nc / 2, z = (x - loc) / scale), summed outward from its
heaviest term until a term is below 1e-40 of the largest, differentiated in (z, df / 2, nc) by mp.diff, then the chain
rule through z exactly. ``sweep`` compares wengert's plain log tails and their d/da, d2/da2 with these (and SciPy's
values) at points across the regimes.

    python tools/ncx2_tail_truths.py         # prints the table
    python tools/ncx2_tail_truths.py sweep   # the sweep (slow: minutes)
"""
import sys

import mpmath as mp

from ncx2_truths import through_z  # (tools/ on sys.path: this file's own folder when run as a script)

POINTS = [("logcdf", (1.1, 3.0, 2.0, 0.5, 2.0)), ("logsf", (20.5, 3.0, 2.0, 0.5, 2.0)),
          ("logcdf", (0.52, 0.5, 5.0, 0.5, 2.0)), ("logsf", (2200.5, 4.0, 1000.0, 0.5, 2.0)),
          ("logcdf", (1700.5, 4.0, 1000.0, 0.5, 2.0)), ("logcdf", (2.5, 20.0, 1300.0, 0.5, 2.0)),
          ("logsf", (2800.5, 3.0, 2.0, 0.5, 2.0)), ("logsf", (12.5, 3.0, 0.0, 0.5, 2.0)),
          ("logsf", (2100.5, 1000.0, 3.0, 0.5, 2.0)), ("logcdf", (1800.5, 1000.0, 3.0, 0.5, 2.0)),
          ("logcdf", (4.5, 4.0, 1e-12, 0.5, 2.0))]


def log_tail(z, a, lam, upper, digits=40):
    """log of the mixture of regularized gamma tails (see the module)."""
    y, t = z / 2, lam / 2

    def gam(b):
        return mp.gammainc(b, y, mp.inf, regularized=True) if upper else mp.gammainc(b, 0, y, regularized=True)
    if abs(t) < 1:  # (the power series in t: analytic through t = 0, where mp.diff's steps cross it)
        return mp.log(mp.fsum(mp.exp(-t) * t ** j / mp.factorial(j) * gam(a + j) for j in range(60)))
    j0 = int(mp.floor(t))
    small = mp.mpf(10) ** (-digits)

    def term(j):
        return mp.exp(-t + j * mp.log(t) - mp.loggamma(j + 1)) * gam(a + j)
    terms, largest = [], mp.mpf(0)
    for direction in (1, -1):
        j = j0 if direction == 1 else j0 - 1
        while j >= 0:
            v = term(j)
            terms.append(v)
            largest = max(largest, v)
            if v < small * largest and abs(j - j0) > 10:
                break
            j += direction
    return mp.log(mp.fsum(terms))


def jet(method, x, df, nc, loc, scale):
    x, df, nc, loc, s = (mp.mpf(v) for v in (x, df, nc, loc, scale))
    z, a = (x - loc) / s, df / 2
    upper = method == "logsf"
    point = (z, a, nc)

    def d(*order):
        return mp.diff(lambda *p: log_tail(*p, upper), point, order)
    f = log_tail(*point, upper)
    grad, hess = through_z(z, s, d)
    return float(f), [float(g) for g in grad], [[float(h) for h in row] for row in hess]


#: (z, df, nc) across the regimes for the sweep: tiny and huge z, nc to 1e4, df 0.5 to 1e3, far tails
SWEEP = [(1e-100, 1.0, 2.0), (1e-10, 0.5, 1e4), (1.0, 0.5, 1e4), (5000.0, 0.5, 1e4), (9000.0, 3.0, 1e4), (1e5, 5.0, 1e4),
         (1.1e4, 3.0, 1e4), (1.3e4, 3.0, 1e4), (900.0, 1000.0, 3.0), (1100.0, 1000.0, 3.0), (1e3, 1e3, 1e3),
         (2500.0, 1e3, 1e3), (1.0, 1e3, 1e3), (2000.0, 2.0, 0.5), (1500.0, 1.0, 100.0), (700.0, 10.0, 0.0),
         (3.0, 10.0, 0.0), (0.2, 0.5, 0.0), (20.0, 4.0, 1e-12), (300.0, 4.0, 1e-12), (5e-5, 200.0, 100.0),
         (150.0, 2.0, 1.0), (1.0, 20.0, 1300.0), (1400.0, 3.0, 2.0), (30.0, 3.0, 2.0), (0.5, 3.0, 2.0)]


def sweep():
    import numpy as np
    import scipy.stats as ss
    from wengert.scipy.stats._inverse_gaussian import _ncx2_tail_parts
    for z, df, nc in SWEEP:
        upper = z > df + nc
        with mp.workdps(30):
            f = lambda a: log_tail(mp.mpf(z), a, mp.mpf(nc), upper, 32)  # noqa: E731
            a = mp.mpf(df) / 2
            truth = (f(a), mp.diff(f, a), mp.diff(f, a, 2))
        mine = _ncx2_tail_parts(z, df / 2, nc, upper)
        with np.errstate(all="ignore"):
            scipys = float(np.log((ss.ncx2.sf if upper else ss.ncx2.cdf)(z, df, nc)) if nc > 0 else
                           (ss.chi2.logsf if upper else ss.chi2.logcdf)(z, df))
        rel = [float(abs((m - t) / t)) if t else float(m) for m, t in zip(mine, truth)]
        print(f"z={z:g} df={df:g} nc={nc:g} {'logsf' if upper else 'logcdf'} = {float(truth[0]):.10g}: wengert's "
              f"value, d/da, d2/da2 {rel[0]:.1e} {rel[1]:.1e} {rel[2]:.1e} relative off; SciPy's log "
              f"{scipys:.10g} ({abs(scipys - float(truth[0])) / abs(float(truth[0])):.1e})", flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["sweep"]:
        sweep()
    else:
        with mp.workdps(30):
            for method, point in POINTS:
                print(f"    ({method!r}, {point}, *{jet(method, *point)}),", flush=True)
