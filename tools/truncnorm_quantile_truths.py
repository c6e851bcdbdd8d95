"""The truths of tests/test_stats_truncnorm_quantiles.py: ``python tools/truncnorm_quantile_truths.py``.

The root z of ``ndtr(z) = ndtr(a) + p Z`` (``Z = ndtr(b) - ndtr(a)``, ``p = q`` for the ppf, ``1 - q`` for the isf) on
the smaller tail's log, by mpmath's findroot at 400 digits from wengert's value; its derivatives the closed forms of
implicit differentiation (``D = 1 / phi(z)``): ``z_p = Z D``, ``z_a = (1 - p) phi(a) D``, ``z_b = p phi(b) D``, ``z_pp = z
z_p^2``, ``z_pa = (Z z z_a - phi(a)) D``, ``z_pb = (Z z z_b + phi(b)) D``, ``z_aa = z_a (z z_a - a)``, ``z_ab = z z_a
z_b``, ``z_bb = z_b (z z_b - b)`` (the isf's in q with the sign of dp/dq = -1), checked against mp.diff of the root
itself (at 420 digits, to 1e-25 relative); of ``x = loc + scale z`` in (q, a, b, scale).
"""
import mpmath as mp

import wengert.scipy.stats as st


def root(p, a, b, start):
    z_mass = mp.ncdf(b) - mp.ncdf(a) if b <= 0 else mp.ncdf(-a) - mp.ncdf(-b)
    low, high = mp.ncdf(a) + p * z_mass, mp.ncdf(-b) + (1 - p) * z_mass
    if low <= high:
        return mp.findroot(lambda z: mp.log(mp.ncdf(z)) - mp.log(low), start, tol=mp.mpf(10) ** (-mp.mp.dps + 10))
    return mp.findroot(lambda z: mp.log(mp.ncdf(-z)) - mp.log(high), start, tol=mp.mpf(10) ** (-mp.mp.dps + 10))


def quantile(method, q, a, b, scale):
    with mp.workdps(400):
        q, a, b, scale = (mp.mpf(v) for v in (q, a, b, scale))
        p = q if method == "ppf" else 1 - q
        s = 1 if method == "ppf" else -1  # (dp/dq)
        start = mp.mpf(float(getattr(st.truncnorm, method)(float(q), float(a), float(b))))
        z = root(p, a, b, start)
        phi = mp.npdf
        z_mass = mp.ncdf(b) - mp.ncdf(a) if b <= 0 else mp.ncdf(-a) - mp.ncdf(-b)
        d = 1 / phi(z)
        zp, za, zb = z_mass * d, (1 - p) * phi(a) * d, p * phi(b) * d
        zpp, zpa, zpb = z * zp * zp, (z_mass * z * za - phi(a)) * d, (z_mass * z * zb + phi(b)) * d
        zaa, zab, zbb = za * (z * za - a), z * za * zb, zb * (z * zb - b)
        with mp.workdps(420):  # (the closed forms against the root's central differences)
            h = mp.mpf(10) ** -60

            def at(dp, da, db):
                return root(p + dp * h * min(p, 1 - p), a + da * h * abs(a), b + db * h * abs(b), z)
            for got, want in (((at(1, 0, 0) - at(-1, 0, 0)) / (2 * h * min(p, 1 - p)), zp),
                              ((at(0, 1, 0) - at(0, -1, 0)) / (2 * h * abs(a)), za),
                              ((at(0, 0, 1) - at(0, 0, -1)) / (2 * h * abs(b)), zb)):
                # (below 1e-300, 0 as a float, beyond the differences' digits: isf(1e-300, 2, 60)'s z_b 8.8e-483)
                assert abs(want) < 1e-300 or abs(got - want) <= mp.mpf(10) ** -25 * abs(want), (method, q, a, b)
        zq, zqq, zqa, zqb = s * zp, zpp, s * zpa, s * zpb
        gradient = [scale * zq, scale * za, scale * zb, z]
        hessian = [[scale * zqq, scale * zqa, scale * zqb, zq], [scale * zqa, scale * zaa, scale * zab, za],
                   [scale * zqb, scale * zab, scale * zbb, zb], [zq, za, zb, 0]]
        return float(scale * z), [float(g) for g in gradient], [[float(v) for v in row] for row in hessian]


POINTS = [("ppf", 0.3, -1.0, 2.0, 1.3), ("ppf", 1e-300, -1.0, 2.0, 1.0), ("ppf", 0.5, 30.0, 31.0, 1.0),
          ("ppf", 1 - 1e-16, 30.0, 31.0, 1.0), ("ppf", 0.3, -31.0, -30.0, 1.3), ("ppf", 0.3, -1e-8, 1e-8, 1.0),
          ("isf", 0.3, -1.0, 2.0, 1.3), ("isf", 1e-300, 2.0, 60.0, 1.0), ("isf", 0.9, 30.0, 31.0, 1.0),
          ("isf", 1 - 1e-16, -31.0, -30.0, 1.0), ("isf", 1e-20, -40.0, 40.0, 1.0)]

if __name__ == "__main__":
    for point in POINTS:
        print(f"    ({point!r}, *{quantile(*point)!r}),")
