"""The truths of tests/test_stats_rice.py's quantiles and mean: ``python tools/rice_quantile_truths.py``.

Quantiles: the root of Marcum's series at 60 digits (``Q1(b, z) = e^-(b^2 + z^2)/2 sum_k (b/z)^k I_k(b z)`` above
z = b, ``1 - Q1 = e^.. sum_(k>=1) (z/b)^k I_k(b z)`` below; rayleigh's closed form at b = 0), found by mpmath's
findroot on the log of the smaller tail from wengert's value; its derivatives the closed forms of implicit
differentiation: ``z_q = +-1 / pdf(z)``, ``z_b = rho(b z)`` (``rho = I1 / I0``), ``z_qq = -k z_q^2``, ``z_qb = -z_q (k
z_b + l)``, ``z_bb = rho'(b z) (z + b z_b)`` (``k = 1/z - z + b rho``, ``l = z rho - b`` the log density's partials,
``rho' = 1 - rho / x - rho^2``); of ``x = loc + scale z`` in (q, b, scale). Mean: ``sqrt(pi / 2) L_(1/2)(-b^2 / 2)``
and mp.diff of it; variance ``2 + b^2 - mean^2`` and mp.diff of it.
"""
import mpmath as mp

import wengert.scipy.stats as st

mp.mp.dps = 60


def log_tail(z, b, upper):
    if b == 0:
        return -z * z / 2 if upper else mp.log(-mp.expm1(-z * z / 2))
    x = b * z
    if upper == (z > b):  # the series of this tail
        r, k0 = (b / z, 0) if upper else (z / b, 1)
        total, k = 0, k0
        while True:
            term = r ** k * mp.besseli(k, x)
            total += term
            if k > k0 + 10 and term < total * mp.mpf(10) ** -70:
                break
            k += 1
        return -(b * b + z * z) / 2 + mp.log(total)
    return mp.log(-mp.expm1(log_tail(z, b, not upper)))


def rho(x):
    return mp.besseli(1, x) / mp.besseli(0, x)


def quantile(method, q, b, scale):
    q, b, scale = mp.mpf(q), mp.mpf(b), mp.mpf(scale)
    upper = method == "isf"
    z0 = mp.mpf(float(getattr(st.rice, method)(float(q), float(b))))
    side = z0 > mp.sqrt(b * b + 2 * mp.log(2))  # (the smaller tail)
    target = mp.log(q) if side == upper else mp.log1p(-q)
    z = mp.exp(mp.findroot(lambda u: log_tail(mp.exp(u), b, side) - target, mp.log(z0), tol=mp.mpf(10) ** -50))
    pdf = z * mp.exp(-(z * z + b * b) / 2) * mp.besseli(0, b * z)
    zq = (-1 if upper else 1) / pdf
    r = rho(b * z)
    k, l_ = 1 / z - z + b * r, z * r - b
    zb = r
    zqq, zqb = -k * zq * zq, -zq * (k * zb + l_)
    slope = 1 - r / (b * z) - r * r if b * z != 0 else mp.mpf(1) / 2
    zbb = slope * (z + b * zb)
    value = scale * z
    gradient = [scale * zq, scale * zb, z]
    hessian = [[scale * zqq, scale * zqb, zq], [scale * zqb, scale * zbb, zb], [zq, zb, 0]]
    return float(value), [float(g) for g in gradient], [[float(h) for h in row] for row in hessian]


def mean(b):
    m = lambda b: mp.sqrt(mp.pi / 2) * mp.laguerre(mp.mpf(1) / 2, 0, -b * b / 2)  # noqa: E731
    b = mp.mpf(b)
    return [float(mp.diff(m, b, n)) for n in range(3)]


def var(b):
    """``2 + b^2 - mean^2`` and its derivatives in b (mp.diff at 60 digits: the cancellation, b^2 / var, is far
    below them)."""
    v = lambda b: 2 + b * b - (mp.pi / 2) * mp.laguerre(mp.mpf(1) / 2, 0, -b * b / 2) ** 2  # noqa: E731
    b = mp.mpf(b)
    return [float(mp.diff(v, b, n)) for n in range(3)]


POINTS = [("ppf", 0.3, 2.0, 1.3), ("ppf", 1e-20, 30.0, 1.0), ("ppf", 0.999, 0.5, 1.3), ("ppf", 1e-300, 0.5, 1.0),
          ("isf", 0.02, 30.0, 1.0), ("isf", 2.2752651609440743e-19, 3.0, 1.0),
          ("isf", 0.9, 0.0, 1.3)]

if __name__ == "__main__":
    for point in POINTS:
        print(f"    ({point!r}, *{quantile(*point)!r}),")
    for b in (0.0, 0.5, 3.0, 9.9, 10.1, 1e3):
        print(f"    ({b!r}, {mean(b)!r}),")
    for b in (0.0, 0.5, 0.999, 1.001, 2.0, 9.9, 30.0, 1e3, 1e5):
        print(f"    ({b!r}, {var(b)!r}),")
