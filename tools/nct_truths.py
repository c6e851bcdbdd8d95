"""The truths of tests/test_stats_nct.py's TRUTHS: nct's standard log density at (x, df, nc), its gradient and Hessian
in those three, by mpmath. The value two ways, which must agree to 1e-30: the defining integral ``int_0^inf chi2.pdf(v;
df) sqrt(v / df) phi(x sqrt(v / df) - nc) dv`` by mp.quad (cut at the integrand's peak and at multiples of its width,
found on the log integrand), and the closed form of ``1F1`` (SciPy's ``_nct_pdf``'s) at enough digits for its
cancellation where ``nc x < 0`` (``e^(mu^2 / 2)`` of the terms, ``mu = nc x / sqrt(df + x^2)``: 60 digits plus those);
the derivatives by mp.diff of the closed form. ``--sweep``: the log density of the library against the integral at
random points (x in +-[1e-3, 1e3], df in [0.3, 3e6], nc in +-[1e-3, 100]), the worst errors.

    python tools/nct_truths.py            # prints the table
    python tools/nct_truths.py --sweep    # (needs the library built in place, PYTHONPATH=src)
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


if __name__ == "__main__":
    if "--sweep" in sys.argv:
        sweep()
    else:
        for p in POINTS:
            print(f"    ({p!r}, *{jet(*p)!r}),")
