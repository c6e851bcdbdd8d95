"""Sweeps of wengert.scipy.stats far out and near x = loc against mpmath (second-order jets at 50+ digits, the chain
rule carried exactly: tools/product_exponent_truths.py's Jet): t.pdf far out (df in {0.5, 1, 2.5, 30, 1e6}, |z| in
{1e5, 1e20, 1e150, 1e300}), cauchy.pdf far out, exponweib's and burr's tails near x = loc, powernorm's far right
tail, f's and betaprime's densities. For each point: the value's error in ulp and the worst relative error of the
gradient and of the Hessian (grad of grad and jacfwd of grad) in (x, shapes, loc, scale); entries whose truth is 0
or below 1e-290 compared absolutely. Run: python tools/far_and_near0_truths.py [family ...] (all by default)."""
import math
import os
import sys

import mpmath as mp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from product_exponent_truths import Jet, exp, expm1, log, log1p, loggamma  # noqa: E402

mp.mp.dps = 60


def _ncdf(u):
    """Phi(u) as a jet."""
    if not isinstance(u, Jet):
        return mp.ncdf(u)
    return u.apply(mp.ncdf(u.v), mp.npdf(u.v), -u.v * mp.npdf(u.v))


def _abs(u):
    return u if u.v > 0 else -u


def t_logpdf(x, df, loc, scale):
    z = (x - loc) / scale
    return (loggamma((df + 1) * 0.5) - loggamma(df * 0.5) - 0.5 * log(df * mp.pi) - log(scale)
            - (df + 1) * 0.5 * log1p(z * z / df))


def cauchy_logpdf(x, loc, scale):
    z = (x - loc) / scale
    return -log(mp.pi * scale * (1 + z * z))


def exponweib_logcdf(x, a, c, loc, scale):
    z = (x - loc) / scale
    return a * log(-expm1(-exp(c * log(z))))


def exponweib_logsf(x, a, c, loc, scale):
    return log1p(-exp(exponweib_logcdf(x, a, c, loc, scale)))


def burr_logcdf(x, c, d, loc, scale):
    z = (x - loc) / scale
    return -d * log1p(exp(-c * log(z)))


def burr_logsf(x, c, d, loc, scale):
    return log1p(-exp(burr_logcdf(x, c, d, loc, scale)))


def powernorm_logsf(x, c, loc, scale):
    z = (x - loc) / scale
    return c * log(_ncdf(-z))


def powernorm_logcdf(x, c, loc, scale):
    return log1p(-exp(powernorm_logsf(x, c, loc, scale)))


def powernorm_logpdf(x, c, loc, scale):
    z = (x - loc) / scale
    return log(c) - 0.5 * z * z - 0.5 * math.log(2 * math.pi) + (c - 1) * log(_ncdf(-z)) - log(scale)


def f_logpdf(x, dfn, dfd, loc, scale):
    z = (x - loc) / scale
    return (0.5 * dfn * log(dfn) + 0.5 * dfd * log(dfd) + (0.5 * dfn - 1) * log(z) - (dfn + dfd) * 0.5 * log(
        dfd + dfn * z) + loggamma((dfn + dfd) * 0.5) - loggamma(dfn * 0.5) - loggamma(dfd * 0.5) - log(scale))


def betaprime_logpdf(x, a, b, loc, scale):
    z = (x - loc) / scale
    return ((a - 1) * log(z) - (a + b) * log1p(z) + loggamma(a + b) - loggamma(a) - loggamma(b) - log(scale))


#: family: (wengert name, log-truth, {method: transform of the log truth})
FAMILIES = {
    "t": ("t", t_logpdf, {"pdf": exp, "logpdf": None}),
    "cauchy": ("cauchy", cauchy_logpdf, {"pdf": exp, "logpdf": None}),
    "exponweib": ("exponweib", None, {"cdf": (exponweib_logcdf, exp), "logcdf": (exponweib_logcdf, None),
                                      "sf": (exponweib_logsf, exp), "logsf": (exponweib_logsf, None)}),
    "burr": ("burr", None, {"cdf": (burr_logcdf, exp), "logcdf": (burr_logcdf, None),
                            "sf": (burr_logsf, exp), "logsf": (burr_logsf, None)}),
    "powernorm": ("powernorm", None, {"sf": (powernorm_logsf, exp), "logsf": (powernorm_logsf, None),
                                      "cdf": (powernorm_logcdf, exp), "logcdf": (powernorm_logcdf, None),
                                      "pdf": (powernorm_logpdf, exp)}),
    "f": ("f", f_logpdf, {"pdf": exp, "logpdf": None}),
    "betaprime": ("betaprime", betaprime_logpdf, {"pdf": exp, "logpdf": None}),
}


def truths(family, method, at):
    """(value, gradient, Hessian) as floats of family.method at ``at`` = (x, *shapes, loc, scale)."""
    _, logf, methods = FAMILIES[family]
    how = methods[method]
    if isinstance(how, tuple):
        logf, how = how
    z = abs((mp.mpf(at[0]) - mp.mpf(at[-2])) / mp.mpf(at[-1]))
    # (near 0 the jets' terms ~ 1 / z^2 cancel to a size ~ z^c: at 2 |log10 z| digits exponweib.logcdf(1.5e-150, 0.3,
    # 3)'s d2/dscale dloc came out -1.5e-231 (0.0 at 382 digits), the truth -6e-301, which wengert gave)
    more = max(0, int(-mp.log10(z)) + 1) if 0 < z < 1 else 0
    with mp.workdps(80 + 4 * more):
        v = [Jet.variable(p, i, len(at)) for i, p in enumerate(at)]
        r = logf(*v)
        if how is not None:
            r = how(r)
        return float(r.v), [float(p) for p in r.g], [[float(p) for p in row] for row in r.h]


def measure(family, method, at):
    """(value ulp, worst gradient relative error, worst Hessian relative error, where) of wengert against truths."""
    import numpy as np
    import wengert as wg
    from wengert.scipy import stats
    name = FAMILIES[family][0]
    f = lambda v: getattr(getattr(stats, name), method)(*v)  # noqa: E731
    at = np.array(at, dtype=float)
    value, grad, hess = truths(family, method, list(at))
    with np.errstate(all="ignore"):
        got_v = float(f(at))
        got_g = np.asarray(wg.grad(f)(at), dtype=float)
        got_h = [np.asarray(wg.jacfwd(wg.grad(f))(at), dtype=float), np.asarray(wg.hessian(f)(at), dtype=float)]

    def off(g, w):
        if g == w:
            return 0.0
        if w == 0 or abs(w) < 1e-290 or not math.isfinite(w):
            return math.inf if abs(g - w) > 1e-300 or not math.isfinite(g) else 0.0
        return abs(g - w) / abs(w)
    ulp = 0.0 if got_v == value else (abs(got_v - value) / (math.ulp(value) if value else 5e-324))
    ge = [off(g, w) for g, w in zip(got_g, grad)]
    he = [(off(h[i, j], hess[i][j]), i, j) for h in got_h for i in range(len(at)) for j in range(len(at))]
    worst_h = max(he)
    return ulp, max(ge), worst_h, (got_h[1][worst_h[1], worst_h[2]], hess[worst_h[1]][worst_h[2]])


def points():
    """(family, method, at) of the sweeps."""
    for df in (0.5, 1.0, 2.5, 30.0, 1e6):
        for z in (6.0, 8.5, 300.0, 1e5, 1e20, 1e150, 1e300):
            for sign in (1, -1):
                yield "t", "pdf", (sign * z * 1.5, df, 0.0, 1.5)
    for z in (10.0, 1e5, 1e20, 1e150, 1e300):
        yield "cauchy", "pdf", (z * 1.5, 0.0, 1.5)
        yield "cauchy", "pdf", (-z * 1.5, 0.0, 1.5)
    for z in (1e-300, 1e-150, 1e-20, 1e-5):
        for shapes in ((2.5, 0.4), (1.5, 2.0 / 3.0), (0.3, 3.0)):
            for method in ("cdf", "logcdf", "sf", "logsf"):
                yield "exponweib", method, (z * 1.5, *shapes, 0.0, 1.5)
                yield "burr", method, (z * 1.5, shapes[1], shapes[0], 0.0, 1.5)
    for z in (3.0, 5.0, 8.0, 20.0, 37.0):
        for c in (0.5, 1.0, 4.5):
            for method in ("sf", "logsf", "cdf", "logcdf", "pdf"):
                yield "powernorm", method, (z * 1.5, c, 0.0, 1.5)
    for z in (1e-3, 0.7, 3.0, 1e3):
        for shapes in ((2.5, 3.5), (30.0, 0.7), (1e3, 1e3)):
            for method in ("pdf", "logpdf"):
                yield "f", method, (z * 1.5, *shapes, 0.0, 1.5)
                yield "betaprime", method, (z * 1.5, *shapes, 0.0, 1.5)


def main(families):
    for family, method, at in points():
        if families and family not in families:
            continue
        ulp, g, (h, i, j), (hg, hw) = measure(family, method, at)
        flag = " <--" if ulp > 4 or g > 1e-14 or h > 1e-13 else ""
        print(f"{family}.{method}{tuple(float(a) for a in at)}: value {ulp:.0f} ulp, grad {g:.1e}, "
              f"hess {h:.1e} at ({i},{j}) {hg:.3e} truth {hw:.3e}{flag}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
