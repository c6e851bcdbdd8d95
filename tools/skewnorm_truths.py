"""The truths of tests/test_ops_scipy_skewnorm_cdf.py: ``python tools/skewnorm_truths.py``.

skewnorm's standard cdf for ``z < 0`` is ``(1/pi) int_a^inf exp(-z^2 (1 + x^2) / 2) / (1 + x^2) dx`` (``ndtr(z) - 2
T(z, a)`` with ``T(z, inf) = ndtr(z) / 2``), a positive integrand that mpmath's quad takes at 40 digits on pieces of
its own scale (no cancellation, no underflow: its log is kept); for ``z > 0`` it is ``1 - cdf(-z, -a)``, and the sf
is ``cdf(-z, -a)``. The cdf's derivatives are closed forms (``F_z = 2 phi(z) ndtr(a z)``, ``F_a = -exp(-z^2 (1 + a^2)
/ 2) / (pi (1 + a^2))``, then ``F_zz = -z F_z + 2 a phi(z) phi(a z)``, ``F_za = 2 z phi(z) phi(a z)``, ``F_aa = -F_a
a (z^2 + 2 / (1 + a^2))``), checked here against mp.diff of the quadrature (to 1e-20 relative). The log cdf's
(``LOG_POINTS``, the second table) are theirs over the cdf: ``L_z = F_z / F``, ``L_zz = F_zz / F - L_z^2``, ...
"""
import mpmath as mp


def log_cdf_below(z, a):
    """log cdf(z, a) for z < 0."""
    h2 = z * z
    if a >= 0:  # exp(-z^2 (1 + a^2) / 2) int_a^inf exp(-z^2 (x^2 - a^2) / 2) / (1 + x^2) dx, on pieces of its scale
        width = min(1 / abs(z), 1 / (h2 * a)) if a > 0 else 1 / abs(z)
        inner = mp.quad(lambda x: mp.exp(-h2 * (x * x - a * a) / 2) / (1 + x * x),
                        [a] + [a + width * 4 ** k for k in range(12)] + [mp.inf])
        return -h2 * (1 + a * a) / 2 - mp.log(mp.pi) + mp.log(inner)
    width = 1 / abs(z)
    ends = sorted({a, 0, *(s * width * 4 ** k for s in (-1, 1) for k in range(12) if s * width * 4 ** k > a)})
    inner = mp.quad(lambda x: mp.exp(-h2 * x * x / 2) / (1 + x * x), ends + [mp.inf])
    return -h2 / 2 - mp.log(mp.pi) + mp.log(inner)


def log_cdf(z, a):
    z, a = mp.mpf(z), mp.mpf(a)
    if z < 0:
        return log_cdf_below(z, a)
    if z == 0:
        return mp.log(mp.mpf(1) / 2 - mp.atan(a) / mp.pi)
    return mp.log1p(-mp.exp(log_cdf_below(-z, -a)))


def derivatives(z, a):
    """The cdf's gradient and Hessian in (z, a), closed forms."""
    z, a = mp.mpf(z), mp.mpf(a)
    both = 2 * mp.npdf(z) * mp.npdf(a * z)
    fz = 2 * mp.npdf(z) * mp.ncdf(a * z)
    fa = -mp.exp(-z * z * (1 + a * a) / 2) / (mp.pi * (1 + a * a))
    return [fz, fa], [[-z * fz + a * both, z * both], [z * both, -fa * a * (z * z + 2 / (1 + a * a))]]


def row(z, a):
    with mp.workdps(40):
        lc, ls = log_cdf(z, a), log_cdf(-mp.mpf(z), -mp.mpf(a))
        g, h = derivatives(z, a)
        with mp.workdps(60):  # (the closed forms against mp.diff of the quadrature)
            for i, d in enumerate(((1, 0), (0, 1))):
                got = mp.diff(lambda u, v: mp.exp(log_cdf(u, v)), (mp.mpf(z), mp.mpf(a)), d)
                assert abs(got - g[i]) <= mp.mpf(10) ** -20 * abs(g[i]) + mp.mpf(10) ** -400, (z, a, i, got, g[i])
        return (z, a, float(mp.exp(lc)), float(mp.exp(ls)), [float(v) for v in g], [[float(v) for v in r] for r in h])


def log_row(z, a):
    with mp.workdps(40):
        value = log_cdf(z, a)
        (fz, fa), ((fzz, fza), (_, faa)) = derivatives(z, a)
        e = mp.exp(-value)
        lz, la = fz * e, fa * e
        return (z, a, float(value), [float(lz), float(la)],
                [[float(fzz * e - lz * lz), float(fza * e - lz * la)], [float(fza * e - lz * la), float(faa * e - la * la)]])


POINTS = [(-3.0, 2.0), (-0.5, 50.0), (-7.0, 5.0), (-30.0, 0.1), (-20.0, -0.5), (0.01, 1000.0), (0.3, 5.0), (2.0, 1.0),
          (8.0, -1.0), (-0.001, 0.01), (-1.5, -0.1)]

#: (the log cdf's: its switching points h = -z = 1 and c = -a z = 1, where the cdf underflows, near 1)
LOG_POINTS = [(-1.0, 2.0), (-0.999, 0.5), (-0.5, 2.0), (-0.5, 1.999), (-40.0, 50.0), (-10.0, -5.0), (-3.0, 0.0),
              (0.0, 5.0), (2.0, 5.0), (8.0, -1.0), (0.5, -50.0), (-0.3, 5.0), (-1.5, -0.1)]

def quantile_row(method, q, a):
    """The ppf (isf) at (q, a): the root of log cdf (log sf) = log q by mpmath's findroot at 30 digits from wengert's
    value; its gradient and Hessian in (q, a) implicit differentiation's closed forms (``f`` the density, ``M(t) =
    phi(t) / ndtr(t)``): ``z_q = s / f`` (``s`` 1, the isf's -1), ``z_a = M(a z) / (1 + a^2)``, ``z_qq = -(log f)_z
    z_q^2``, ``z_qa = -z_q ((log f)_z z_a + z M(a z))``, ``z_aa = (M'(a z) (z + a z_a) - 2 a z_a) / (1 + a^2)``, ``M'(t)
    = -M (t + M)``, ``(log f)_z = -z + a M(a z)``."""
    import wengert.scipy.stats as st
    with mp.workdps(30):
        q, a = mp.mpf(q), mp.mpf(a)
        start = mp.mpf(float(getattr(st.skewnorm, method)(float(q), float(a))))
        if method == "ppf":
            z = mp.findroot(lambda z: log_cdf(z, a) - mp.log(q), start)
        else:
            z = mp.findroot(lambda z: log_cdf(-z, -a) - mp.log(q), start)
        s = 1 if method == "ppf" else -1
        f = 2 * mp.npdf(z) * mp.ncdf(a * z)
        m = mp.npdf(a * z) / mp.ncdf(a * z)
        dm = -m * (a * z + m)
        lf = -z + a * m
        zq, za = s / f, m / (1 + a * a)
        zqq, zqa = -lf * zq * zq, -zq * (lf * za + z * m)
        zaa = (dm * (z + a * za) - 2 * a * za) / (1 + a * a)
        return (method, float(q), float(a), float(z), [float(zq), float(za)],
                [[float(zqq), float(zqa)], [float(zqa), float(zaa)]])


QUANTILE_POINTS = [("ppf", 1e-300, 50.0), ("ppf", 1e-20, -5.0), ("ppf", 0.3, 2.0), ("ppf", 0.9, -1.0),
                   ("ppf", 1 - 1e-10, 5.0), ("isf", 1e-300, -50.0), ("isf", 0.3, 2.0), ("isf", 1e-10, 1.0)]


if __name__ == "__main__":
    for z, a in POINTS:
        print(f"    {row(z, a)!r},")
    print()
    for z, a in LOG_POINTS:
        print(f"    {log_row(z, a)!r},")
    print()
    for method, q, a in QUANTILE_POINTS:  # (run with the repository's src on the path: the roots start at wengert's)
        print(f"    {quantile_row(method, q, a)!r},")
