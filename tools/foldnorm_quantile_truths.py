"""The truths of tests/test_stats_foldnorm.py's quantiles: ``python tools/foldnorm_quantile_truths.py``.

The root z of ``log cdf(z) = log q`` (ppf) or ``log sf(z) = log q`` (isf; the smaller tail's log from the other's
``log1p(-q)``), ``cdf = ndtr(z - c) - ndtr(-z - c)``, ``sf = ndtr(c - z) + ndtr(-c - z)``, by mpmath's findroot at 60
digits from wengert's value; its derivatives the closed forms of implicit differentiation: ``z_q = +-1 / pdf(z)``,
``z_c = tanh(c z)``, ``z_qq = -k z_q^2``, ``z_qc = -z_q (k z_c + l) = c sech(c z)^2 z_q``, ``z_cc = sech(c z)^2 (z + c
z_c)`` (``k = -z + c tanh(c z)``, ``l = -c + z tanh(c z)`` the log density's partials), checked against mp.diff of the root itself (at 100
digits, to 1e-25 relative); of ``x = loc + scale z`` in (q, c, scale).
"""
import mpmath as mp

import wengert.scipy.stats as st


def log_cdf(z, c):
    """(330 more digits: the difference cancels to z near 0)"""
    with mp.workdps(mp.mp.dps + 330):
        out = mp.log(mp.ncdf(z - c) - mp.ncdf(-z - c))
    return +out


def root(method, q, c, start):
    upper = method == "isf"
    low, high = (mp.log1p(-q), mp.log(q)) if upper else (mp.log(q), mp.log1p(-q))
    if low <= high:  # (the cdf's side, in log z)
        return mp.exp(mp.findroot(lambda u: log_cdf(mp.exp(u), c) - low,
                                  mp.log(start), tol=mp.mpf(10) ** (-mp.mp.dps + 5)))
    return mp.findroot(lambda z: mp.log(mp.ncdf(c - z) + mp.ncdf(-c - z)) - high, start,
                       tol=mp.mpf(10) ** (-mp.mp.dps + 5))


def quantile(method, q, c, scale):
    with mp.workdps(60):
        q, c, scale = mp.mpf(q), mp.mpf(c), mp.mpf(scale)
        start = mp.mpf(float(getattr(st.foldnorm, method)(float(q), float(c))))
        z = root(method, q, c, start)
        pdf = mp.npdf(z - c) + mp.npdf(z + c)
        zq = (-1 if method == "isf" else 1) / pdf
        t = mp.tanh(c * z)
        zc = t
        k = -z + c * t
        zqq, zqc = -k * zq * zq, zq * c * mp.sech(c * z) ** 2  # (-z_q (k z_c + l), without its cancelling)
        zcc = mp.sech(c * z) ** 2 * (z + c * zc)
    with mp.workdps(100):  # (the closed forms against mp.diff of the root at 100 digits)
        h = mp.mpf(10) ** -30

        def at(dq, dc):
            return root(method, q + dq * h * q, c + dc * h, z)
        fq = (at(1, 0) - at(-1, 0)) / (2 * h * q)
        fc = (at(0, 1) - at(0, -1)) / (2 * h) if c > 0 else zc
        for got, want in ((fq, zq), (fc, zc)):
            assert abs(got - want) <= mp.mpf(10) ** -25 * max(abs(want), mp.mpf(10) ** -300), (method, q, c)
    value = scale * z
    gradient = [scale * zq, scale * zc, z]
    hessian = [[scale * zqq, scale * zqc, zq], [scale * zqc, scale * zcc, zc], [zq, zc, 0]]
    return float(value), [float(g) for g in gradient], [[float(h) for h in row] for row in hessian]


POINTS = [("ppf", 0.3, 2.0, 1.3), ("ppf", 1e-300, 0.5, 1.0), ("ppf", 1e-20, 0.4, 1.0), ("ppf", 1 - 1e-16, 1.5, 1.0),
          ("ppf", 0.6, 0.0, 1.3), ("ppf", 0.02, 30.0, 1.0), ("isf", 1e-300, 0.5, 1.0), ("isf", 0.7, 2.0, 1.3),
          ("isf", 1 - 1e-16, 0.4, 1.0), ("isf", 0.3, 0.0, 1.0), ("isf", 0.9, 1e3, 1.0)]

if __name__ == "__main__":
    for point in POINTS:
        print(f"    ({point!r}, *{quantile(*point)!r}),")
