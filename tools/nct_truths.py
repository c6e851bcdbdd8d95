"""The truths of tests/test_stats_nct.py's TRUTHS: nct's standard log density at (x, df, nc), its gradient and Hessian
in those three, by mpmath. The value two ways, which must agree to 1e-30: the defining integral ``int_0^inf chi2.pdf(v;
df) sqrt(v / df) phi(x sqrt(v / df) - nc) dv`` by mp.quad (cut at the integrand's peak and at multiples of its width,
found on the log integrand), and the closed form of ``1F1`` (SciPy's ``_nct_pdf``'s) at enough digits for its
cancellation where ``nc x < 0`` (``e^(mu^2 / 2)`` of the terms, ``mu = nc x / sqrt(df + x^2)``: 60 digits plus those);
the derivatives by mp.diff of the closed form. ``--sweep``: the log density of the library against the integral at
random points (x in +-[1e-3, 1e3], df in [0.3, 3e6], nc in +-[1e-3, 100]), the worst errors.

The tails (tests/test_stats_nct.py's TAIL_TRUTHS, ``--tails``): the log cdf and log sf and their gradients and Hessians
in (x, df, nc), the integrals over ``s = log(V / df)`` (V chi-squared, df degrees of freedom) of ``p(s) Phi(u)``, ``u =
x e^(s/2) - nc`` (cdf) or ``nc - x e^(s/2)`` (sf), and of that integrand's derivatives in x, df and nc (by hand: ``p``'s
log is ``K(df / 2) - (df / 2)(e^s - 1 - s)``), at 40 digits by Gauss-Legendre on subintervals of 1/2 over where the
integrand is within e^-160 of its largest (found on a grid of step 1/2, which must hold it), 48 and 96 nodes each, which must agree to 32
digits. ``--tail-sweep``: the library's log tails against that value on the grid df in {0.5, 1, 3, 30, 1e3}, nc in
{-10, -1, 0, 2, 20}, x in {+-1e3, +-30, +-3, +-0.5, 0} and the quantiles at q = 1e-300 ... 1e-10 of both tails.

    python tools/nct_truths.py            # prints the table
    python tools/nct_truths.py --sweep    # (needs the library built in place, PYTHONPATH=src)
    python tools/nct_truths.py --tails [i ...]   # prints TAIL_TRUTHS (of TAIL_POINTS[i] ...)
    python tools/nct_truths.py --tail-sweep    # (needs the library)
"""
import sys

import mpmath as mp

POINTS = [(0.5, 3.0, 1.0), (-2.0, 3.0, 1.0), (3.0, 0.5, -2.0), (2.0, 1e6, 1.0), (0.0, 4.0, 2.0), (-30.0, 1.0, 30.0),
          (100.0, 3.0, 50.0), (1.0, 1.0, 1e-3), (-5.0, 0.5, 3.0), (-1.0, 1000.0, 40.0)]


def closed_form(x, df, nc):
    """log pdf by 1F1 (the two terms cancel where nc x < 0: the caller's precision covers it)."""
    s = df + x * x
    c = nc * nc * x * x / (2 * s)
    first = mp.sqrt(2) * nc * x / s * mp.hyp1f1(df / 2 + 1, mp.mpf(3) / 2, c) / mp.gamma((df + 1) / 2)
    second = mp.hyp1f1((df + 1) / 2, mp.mpf(1) / 2, c) / (mp.sqrt(s) * mp.gamma(df / 2 + 1))
    return (df / 2 * mp.log(df) + mp.loggamma(df + 1) - nc * nc / 2 - df * mp.log(2) - df / 2 * mp.log(s)
            - mp.loggamma(df / 2) + mp.log(first + second))


def by_integral(x, df, nc):
    """log pdf by the defining integral over v (the chi-squared variable), cut about the peak of the integrand."""
    def log_g(v):
        s = mp.sqrt(v / df)
        return ((df / 2 - 1) * mp.log(v) - v / 2 - df / 2 * mp.log(2) - mp.loggamma(df / 2)
                - (x * s - nc) ** 2 / 2 + mp.log(s) - mp.log(2 * mp.pi) / 2)
    # the peak in u = log v (unimodal there), by bisection on the derivative
    dlog = lambda u: mp.diff(lambda w: log_g(mp.exp(w)) + w, u)
    lo, hi = mp.mpf(-200), mp.mpf(60)
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if dlog(mid) > 0 else (lo, mid)
    u0 = (lo + hi) / 2
    width = 1 / mp.sqrt(-mp.diff(lambda w: log_g(mp.exp(w)) + w, u0, 2))
    top = log_g(mp.exp(u0)) + u0
    # (beyond: below e^-100 of the peak; on the left the integrand falls as v^((df + 1) / 2), on the right faster
    # than a normal of that width)
    left = min(-60 * width, -100 / ((df + 1) / 2) - 20 * width)
    cuts = [u0 + k * width for k in (-8, -4, -2, -1, 0, 1, 2, 4, 8, 15, 30)]
    cuts = [u0 + left * k for k in (1, mp.mpf(1) / 2, mp.mpf(1) / 4, mp.mpf(1) / 8)] + [c for c in cuts if c > u0 + left / 8]
    return top + mp.log(mp.quad(lambda u: mp.exp(log_g(mp.exp(u)) + u - top), cuts + [u0 + 60 * width]))


def digits(x, df, nc):
    return 60 + int(float(nc * nc * x * x / (2 * (df + x * x))) / 2.3) + 5


def jet(x, df, nc):
    with mp.workdps(digits(x, df, nc)):
        x, df, nc = mp.mpf(x), mp.mpf(df), mp.mpf(nc)
        value = closed_form(x, df, nc)
        with mp.workdps(50):
            other = by_integral(x, df, nc)
        assert abs(value - other) < mp.mpf(10) ** -30 * max(1, abs(value)), (value, other)
        point = (x, df, nc)
        f = lambda *v: closed_form(*v)
        unit = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
        gradient = [mp.diff(f, point, o) for o in unit]
        hessian = [[mp.diff(f, point, tuple(a + b for a, b in zip(unit[i], unit[j]))) for j in range(3)]
                   for i in range(3)]
        return float(value), [float(g) for g in gradient], [[float(h) for h in row] for row in hessian]


def sweep(n=300, seed=1):
    import numpy as np
    from wengert.scipy import stats
    rng = np.random.default_rng(seed)
    worst = []
    for _ in range(n):
        x = rng.choice([-1, 1]) * 10 ** rng.uniform(-3, 3)
        df = 10 ** rng.uniform(-0.5, 6.5)
        nc = rng.choice([-1, 1]) * 10 ** rng.uniform(-3, 2)
        with mp.workdps(40):
            want = by_integral(mp.mpf(x), mp.mpf(df), mp.mpf(nc))
        got = float(stats.nct.logpdf(x, df, nc))
        worst.append((float(abs(got - want) / max(1, abs(want))), x, df, nc, float(want)))
    worst.sort(reverse=True)
    for row in worst[:5]:
        print(row)


def tail_jet(z, df, nc, upper, dps=40, derivatives=True, as_mp=False):
    """The log of the lower (``upper`` False) or upper tail at the standard z and (``derivatives``) its gradient and
    Hessian in (z, df, nc) (see the module's docstring; ``as_mp``: mpmath numbers)."""
    from mpmath.calculus.quadrature import GaussLegendre
    with mp.workdps(dps):
        z, df, nc = mp.mpf(z), mp.mpf(df), mp.mpf(nc)
        x = df / 2
        k0, k1, k2 = x * mp.log(x) - x - mp.loggamma(x), mp.log(x) - mp.digamma(x), 1 / x - mp.psi(1, x)
        sg = -1 if upper else 1

        def parts(s):
            y = mp.exp(s / 2)
            r = mp.exp(s) - 1 - s
            return y, sg * (z * y - nc), r, k0 - x * r

        def log_integrand(s):
            y, u, r, log_p = parts(s)
            return log_p + mp.log(mp.ncdf(u))
        # (on the left the integrand falls as e^(df s / 2) only: the grid reaches 340 / df below where |z| e^(s/2) = 1)
        low = int(-2 * mp.log(max(abs(z), 1)) - 60 - 340 / df) * 2
        grid = [mp.mpf(k) / 2 for k in range(low, 200)]
        values = [log_integrand(s) for s in grid]
        top = max(values)
        keep = [s for s, v in zip(grid, values) if v > top - 160]
        assert keep[0] > grid[0] and keep[-1] < grid[-1], ("the integrand's peak is not inside the grid", float(z),
                                                           float(df), float(nc), upper)
        a, b = keep[0] - 1, keep[-1] + 1
        n = int((b - a) * 2) + 1
        cuts = [a + (b - a) * k / n for k in range(n + 1)]
        keys = ("", "z", "d", "n", "zz", "zn", "nn", "dz", "dn", "dd") if derivatives else ("",)

        def integrands(s):
            y, u, r, log_p = parts(s)
            p = mp.exp(log_p - top)
            big, small = mp.ncdf(u), mp.npdf(u)
            if not derivatives:
                return (p * big,)
            dz, dn = sg * y, -sg  # (du/dz, du/dnc)
            e = (k1 - r) / 2  # (d log p / d df)
            return (p * big, p * small * dz, p * big * e, p * small * dn, -p * u * small * dz * dz,
                    -p * u * small * dz * dn, -p * u * small * dn * dn, p * small * dz * e, p * small * dn * e,
                    p * big * (e * e + k2 / 4))
        rule = GaussLegendre(mp.mp)
        totals = []
        for degree in (5, 6):
            sums = [mp.mpf(0)] * len(keys)
            for left, right in zip(cuts[:-1], cuts[1:]):
                for node, weight in rule.get_nodes(left, right, degree, mp.mp.prec):
                    sums = [acc + weight * v for acc, v in zip(sums, integrands(node))]
            totals.append(sums)
        for key, one, two in zip(keys, *totals):
            assert abs(one - two) <= mp.mpf(10) ** (8 - dps) * abs(totals[1][0]), (key, one, two)
        integral = dict(zip(keys, totals[1]))
        total = integral[""]
        value = top + mp.log(total)
        if not derivatives:
            return float(value)
        names = "zdn"
        pair = {"zz": "zz", "dd": "dd", "nn": "nn", "zd": "dz", "dz": "dz", "zn": "zn", "nz": "zn", "dn": "dn",
                "nd": "dn"}
        gradient = [integral[c] / total for c in names]
        hessian = [[integral[pair[i + j]] / total - integral[i] * integral[j] / total ** 2 for j in names]
                   for i in names]
        if as_mp:
            return value, gradient, hessian
        return float(value), [float(v) for v in gradient], [[float(v) for v in row] for row in hessian]


def tail_jets(z, df, nc, dps=40):
    """``tail_jet`` of both tails, the one above 1/2 as ``log(1 - e^L)`` of the other's jet L (its own integral, about
    1, keeps 40 digits of it, not those of what it lacks of 1: at x = 0, nc = -10 the cdf is 1 - 7.6e-24)."""
    with mp.workdps(dps):
        jets = [tail_jet(z, df, nc, upper, dps, as_mp=True) for upper in (False, True)]
        out = []
        for upper in (False, True):
            value, gradient, hessian = jets[upper]
            if value > mp.log(mp.mpf(1) / 2):
                small, g, h = jets[not upper]
                w = mp.exp(small) / (1 - mp.exp(small))  # (d log(1 - e^L) / dL = -w, d2 = -w (1 + w))
                value = mp.log1p(-mp.exp(small))
                gradient = [-w * v for v in g]
                hessian = [[-w * h[i][j] - w * (1 + w) * g[i] * g[j] for j in range(3)] for i in range(3)]
            out.append((float(value), [float(v) for v in gradient], [[float(v) for v in row] for row in hessian]))
        return out


TAIL_POINTS = [(1.0, 3.0, 2.0), (-5.0, 0.5, 1.0), (1e3, 0.5, 0.0), (40.0, 30.0, 2.0), (-3.0, 1e3, -1.0),
               (25.0, 3.0, 20.0), (-2.0, 1.0, -10.0), (0.5, 30.0, -1.0), (1e10, 30.0, 2.0), (-1e10, 30.0, 2.0),
               (25.0, 1e3, 20.0), (0.0, 0.5, -10.0)]


def tail_sweep():
    import numpy as np
    from wengert.scipy import stats
    from scipy import stats as scipy_stats
    worst, refused = [], []
    for df in (0.5, 1.0, 3.0, 30.0, 1e3):
        for nc in (-10.0, -1.0, 0.0, 2.0, 20.0):
            for x in (-1e3, -30.0, -3.0, -0.5, 0.0, 0.5, 3.0, 30.0, 1e3):
                for method in ("logcdf", "logsf"):
                    try:
                        with mp.workdps(25):
                            want = tail_jet(x, df, nc, method == "logsf", dps=25, derivatives=False)
                            if want > -0.6931471805599453:
                                other = tail_jet(x, df, nc, method != "logsf", dps=25, derivatives=False)
                                want = float(mp.log1p(-mp.exp(other)))
                    except AssertionError as e:
                        print("no truth:", e, flush=True)
                        continue
                    try:
                        got = float(getattr(stats.nct, method)(x, df, nc))
                    except ValueError as e:
                        refused.append((method, x, df, nc, str(e)[:60]))
                        continue
                    theirs = float(getattr(scipy_stats.nct, method)(x, df, nc))
                    error = abs(got - want) / max(min(abs(want), 1.0), 1e-300)  # (the tail's relative error)
                    worst.append((error, method, x, df, nc, want, abs(theirs - want) / max(min(abs(want), 1.0),
                                                                                             1e-300)))
                    print(f"{len(worst)}: {worst[-1]}", flush=True)
    worst.sort(reverse=True)
    print("worst relative errors of the tails (ours, then SciPy's):")
    for row in worst[:8]:
        print(row)
    print("refused:", refused)


if __name__ == "__main__":
    if "--tails" in sys.argv:
        chosen = [int(a) for a in sys.argv[sys.argv.index("--tails") + 1:]]  # (point indices, all if none)
        for p in [TAIL_POINTS[i] for i in chosen] if chosen else TAIL_POINTS:
            for upper, jet in zip((False, True), tail_jets(*p)):
                print(f"    ({p!r}, {upper}, *{jet!r}),", flush=True)
    elif "--tail-sweep" in sys.argv:
        tail_sweep()
    elif "--sweep" in sys.argv:
        sweep()
    else:
        for p in POINTS:
            print(f"    ({p!r}, *{jet(*p)!r}),")
