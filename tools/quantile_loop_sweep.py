"""Sweep of the iterative quantiles (Newton / bisection loops) of wengert.scipy.stats: ``python
tools/quantile_loop_sweep.py [FAMILY ...]``.

For each family with a root-finding quantile, a grid of q = logspace(-300, -0.01, N) (N = 400, fewer for the slow
exact-sum families) and 3-4 shapes including extreme ones, ppf and isf at q and at 1 - q: the array call against
the scalar calls of the same points (a loop whose ``done`` is not sticky, or whose array bracket differs, gives an
array point off its scalar call, or NaN), NaN where the scalar call or SciPy is finite, and the errors raised. Each
point where wengert and SciPy differ by more than 1e-9 relative (or either is NaN) is then checked against mpmath
where the family has an mpmath cdf here (MP_LOG_CDF: the root's relative error ``(log T(x) - log q) / (x (log
T)'(x))``, one high-precision Newton step from wengert's root at 50 digits), so that SciPy's own faults are not
counted as wengert's. Prints one line per (family, shapes, method) with a fault, and a summary line per family.
"""
import sys
import time
import warnings

import mpmath as mp
import numpy as np
import scipy.stats as ss

import wengert.scipy.stats as st

warnings.filterwarnings("ignore")

#: family -> (shape tuples, number of q points)
CASES = {
    "foldnorm": ([(1e-3,), (3.0,), (30.0,)], 400),
    "rice": ([(0.1,), (10.0,), (30.0,)], 400),
    "truncnorm": ([(-1.0, 2.0), (5.0, 40.0), (-40.0, -5.0), (-1e-3, 1e-3)], 400),
    "skewnorm": ([(0.5,), (-30.0,), (300.0,)], 200),
    "argus": ([(1e-3,), (1.0,), (30.0,)], 400),
    "alpha": ([(1e-2,), (1.0,), (30.0,)], 400),
    "genexpon": ([(1.0, 1.0, 1.0), (1e-3, 10.0, 0.5), (9.0, 0.01, 50.0)], 400),
    "rel_breitwigner": ([(1e-2,), (1.0,), (100.0,)], 400),
    "tukeylambda": ([(-0.5,), (0.14,), (5.0,), (1e-6,)], 400),
    "invgauss": ([(1e-2,), (1.0,), (50.0,)], 400),
    "recipinvgauss": ([(1e-2,), (1.0,), (50.0,)], 400),
    "fatiguelife": ([(1e-2,), (1.0,), (50.0,)], 400),
    "exponnorm": ([(1e-2,), (1.0,), (50.0,)], 400),
    "ncx2": ([(1.0, 1.0), (0.1, 30.0), (50.0, 1e-3)], 80),
    "kstwobign": ([()], 400),
    "irwinhall": ([(1,), (3,), (20,)], 200),
    "ncf": ([(3.0, 7.0, 2.0), (1.0, 50.0, 20.0)], 40),
    "nct": ([(3.0, 1.0), (30.0, -5.0), (0.5, 2.0)], 40),
    "cosine": ([()], 400),
    "vonmises": ([(1e-3,), (1.0,), (1e4,)], 400),
    "vonmises_line": ([(1e-3,), (1.0,), (1e4,)], 400),
    "t": ([(0.5,), (3.0,), (1e5,)], 400),
    "ksone": ([(1,), (5,), (40,)], 60),
}


def _argus_psi(c):
    return mp.ncdf(c) - c * mp.npdf(c) - mp.mpf(1) / 2


def _ncdf_log(z):
    return mp.log(mp.ncdf(z))


#: family -> (log cdf, log sf) in mpmath at the standard x and shapes (truths for the flagged points)
MP_LOG_CDF = {
    "foldnorm": (lambda x, c: mp.log(mp.ncdf(x - c) - mp.ncdf(-x - c)),
                 lambda x, c: mp.log(mp.ncdf(c - x) + mp.ncdf(-c - x))),
    "truncnorm": (lambda x, a, b: mp.log((mp.ncdf(x) - mp.ncdf(a)) / (mp.ncdf(b) - mp.ncdf(a))),
                  lambda x, a, b: mp.log((mp.ncdf(b) - mp.ncdf(x)) / (mp.ncdf(b) - mp.ncdf(a)))),
    "alpha": (lambda x, a: mp.log(mp.ncdf(a - 1 / x) / mp.ncdf(a)),
              lambda x, a: mp.log(mp.ncdf(1 / x - a) - mp.ncdf(-a)) - mp.log(mp.ncdf(a))),
    "invgauss": (lambda x, m: mp.log(mp.ncdf((x / m - 1) / mp.sqrt(x)) + mp.exp(2 / m) * mp.ncdf(-(x / m + 1) / mp.sqrt(x))),
                 lambda x, m: mp.log(mp.ncdf(-(x / m - 1) / mp.sqrt(x)) - mp.exp(2 / m) * mp.ncdf(-(x / m + 1) / mp.sqrt(x)))),
    "fatiguelife": (lambda x, c: _ncdf_log((mp.sqrt(x) - 1 / mp.sqrt(x)) / c),
                    lambda x, c: _ncdf_log(-(mp.sqrt(x) - 1 / mp.sqrt(x)) / c)),
    "exponnorm": (lambda x, K: mp.log(mp.ncdf(x) - mp.exp(1 / (2 * K * K) - x / K + _ncdf_log(x - 1 / K))),
                  lambda x, K: mp.log(mp.ncdf(-x) + mp.exp(1 / (2 * K * K) - x / K + _ncdf_log(x - 1 / K)))),
    "kstwobign": (lambda x: mp.log(1 - 2 * mp.nsum(lambda k: (-1) ** (k - 1) * mp.exp(-2 * k * k * x * x), [1, mp.inf]))
                  if x > 1 else mp.log(mp.sqrt(2 * mp.pi) / x * mp.nsum(
                      lambda k: mp.exp(-(2 * k - 1) ** 2 * mp.pi ** 2 / (8 * x * x)), [1, mp.inf])),
                  lambda x: mp.log(2 * mp.nsum(lambda k: (-1) ** (k - 1) * mp.exp(-2 * k * k * x * x), [1, mp.inf]))),
    "argus": (lambda x, c: mp.log(1 - _argus_psi(c * mp.sqrt(1 - x * x)) / _argus_psi(c)),
              lambda x, c: mp.log(_argus_psi(c * mp.sqrt(1 - x * x)) / _argus_psi(c))),
    "t": (lambda x, df: mp.log(mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + x * x), regularized=True) / 2)
          if x < 0 else mp.log(1 - mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + x * x), regularized=True) / 2),
          lambda x, df: mp.log(mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + x * x), regularized=True) / 2)
          if x > 0 else mp.log(1 - mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + x * x), regularized=True) / 2)),
}


#: families whose mpmath forms cancel (differences of cdfs near equal): more digits
EXTRA_DIGITS = {"foldnorm": 400, "truncnorm": 400, "alpha": 100, "argus": 400, "exponnorm": 100}


def mp_error(family, method, q, x, shapes):
    """The relative error of the root x: one Newton step on ``log T(x) = log q`` at 50 digits, over |x|."""
    if family not in MP_LOG_CDF or not np.isfinite(x) or x == 0:
        return None
    cdf_side = method == "ppf"
    lc, ls = MP_LOG_CDF[family]
    with mp.workdps(EXTRA_DIGITS.get(family, 50)):
        f = lc if cdf_side else ls
        s = [mp.mpf(v) for v in shapes]
        try:
            g = f(mp.mpf(x), *s) - mp.log(mp.mpf(q))
            slope = mp.diff(lambda u: f(u, *s), mp.mpf(x))
            return float(abs(g / slope / x))
        except (ValueError, ZeroDivisionError):
            return None


def _scipy_one(s, method, q, shapes):
    try:
        return float(getattr(s, method)(q, *shapes))
    except Exception:  # noqa: BLE001
        return np.nan


#: an array point off its scalar call by more than this is a fault (below it: the log tail's rounding, |log q| eps,
#: met on different paths; counted and shown, not as a fault)
ARRAY_TOLERANCE = 1e-13


def sweep(family):
    shapes_list, npts = CASES[family]
    w, s = getattr(st, family), getattr(ss, family)
    q = np.logspace(-300, -0.01, npts)
    levels = [("ppf", q), ("isf", q), ("ppf", 1 - q), ("isf", 1 - q)]
    faults = 0
    t0 = time.time()
    for shapes in shapes_list:
        for method, qs in levels:
            qs = np.unique(qs)
            try:
                arr = np.asarray(getattr(w, method)(qs, *shapes), dtype=float)
                arr_err = None
            except Exception as e:  # noqa: BLE001
                arr, arr_err = np.full(qs.shape, np.nan), f"{type(e).__name__}: {str(e)[:80]}"
            one = np.empty(qs.shape)
            errors = []
            for i, qi in enumerate(qs):
                try:
                    one[i] = float(getattr(w, method)(float(qi), *shapes))
                except Exception as e:  # noqa: BLE001
                    one[i] = np.nan
                    errors.append((qi, f"{type(e).__name__}: {str(e)[:80]}"))
            try:
                ref = np.asarray(getattr(s, method)(qs, *shapes), dtype=float)
            except Exception:  # noqa: BLE001 (SciPy's brentq fails: ncx2, kstwobign)
                ref = np.array([_scipy_one(s, method, qi, shapes) for qi in qs])
            nan_one = np.isnan(one) & ~np.isnan(ref)
            nan_arr = np.isnan(arr) & ~np.isnan(one)
            rel = np.abs(arr - one) / np.maximum(np.abs(one), 1e-300)
            differ = ~np.isnan(arr) & ~np.isnan(one) & (arr != one)
            far = differ & ~(rel <= ARRAY_TOLERANCE)
            off_scipy = ~(np.abs(one - ref) <= 1e-9 * np.abs(ref)) & ~(np.isnan(one) & np.isnan(ref))
            mp_bad = []
            for i in np.flatnonzero(off_scipy)[:40]:
                e = mp_error(family, method, qs[i], one[i], shapes)
                if e is not None and e > 1e-13:
                    mp_bad.append((qs[i], one[i], e))
            bad = nan_one.sum() + nan_arr.sum() + far.sum() + len(errors) + (arr_err is not None) + len(mp_bad)
            if bad or differ.any():
                faults += bad
                print(f"{family}{shapes} {method}{'(1-q)' if qs[-1] > 0.99 else ''}: NaN alone {nan_one.sum()}, "
                      f"NaN in array {nan_arr.sum()}, array != alone {differ.sum()} ({far.sum()} beyond {ARRAY_TOLERANCE:g}; max rel "
                      f"{rel[differ].max() if differ.any() else 0:.2g}), errors {len(errors)}"
                      f"{' ' + repr(errors[0]) if errors else ''}{' array: ' + arr_err if arr_err else ''}, "
                      f"off mpmath {len(mp_bad)}{' ' + repr(mp_bad[:2]) if mp_bad else ''}"
                      f"{' e.g. NaN at q=' + repr(qs[nan_one][0]) if nan_one.any() else ''}"
                      f"{' array NaN at q=' + repr(qs[nan_arr][0]) if nan_arr.any() else ''}", flush=True)
    print(f"== {family}: {faults} faults ({time.time() - t0:.0f} s)", flush=True)


if __name__ == "__main__":
    for family in sys.argv[1:] or CASES:
        sweep(family)
