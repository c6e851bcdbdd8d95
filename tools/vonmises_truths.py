"""The mpmath truths of tests/test_stats_vonmises.py: vonmises' cdf, sf, logcdf and logsf with their gradients and
Hessians in (x, kappa, loc, scale), and its variance E z^2 on [-pi, pi] with its first two derivatives in kappa.

The tails are the integrals of the density ``e^(kappa cos t) / (2 pi I0(kappa))`` (mpmath's besseli) and of its
derivatives in kappa, ``(cos t - A) p`` and ``((cos t - A)^2 - A') p`` (``A = I1 / I0``, ``A' = 1 - A / kappa -
A^2``), over the side of the reduced z that does not hold the mode (the cdf's from -pi, the other from pi, continued by
whole periods as SciPy's: ``cdf(z + 2 pi) = cdf(z) + 1``); the derivatives in z the density's, the chain rule through
``z = (x - loc) / scale``; the logs' by the quotient rule. Each integral by Gauss-Legendre on a grid of steps
1 / (4 (kappa |sin z| + sqrt kappa)) for 400 steps from the peak, then growing by 1.1, at 60 digits (mpmath's
tanh-sinh on the plain interval was 2e-13 off at kappa = 50; coarser grids 4e-9 off at kappa = 1e6). The variance's
derivatives likewise from ``t^2 (cos t - A) p`` and ``t^2 ((cos t - A)^2 - A') p``. Run: python tools/vonmises_truths.py.
"""
import mpmath as mp

mp.mp.dps = 60


def _grid(peak, other, k):
    """Break points from ``peak`` to ``other``: fine near the peak (the integrand's scale), growing beyond."""
    step = 1 / (4 * (k * abs(mp.sin(peak)) + mp.sqrt(k) + 1))
    sign = 1 if other > peak else -1
    points, d, j = [peak], step, 0
    while d < abs(other - peak):
        points.append(peak + sign * d)
        j += 1
        d = d + step if j < 400 else d * mp.mpf("1.1")
    points.append(other)
    return sorted(points)


def _integral(f, peak, other, k):
    return mp.quad(f, _grid(peak, other, k), method="gauss-legendre")


def _parameters(k):
    i0 = mp.besseli(0, k)
    a = mp.besseli(1, k) / i0
    a1 = 1 - a / k - a * a if k != 0 else mp.mpf(1) / 2

    def p(t):
        return mp.exp(k * (mp.cos(t) - 1)) / (2 * mp.pi * i0 * mp.exp(-k))
    return p, a, a1


def tail_jet(method, x, kappa, loc, scale):
    """(value, gradient, Hessian) in (x, kappa, loc, scale) of vonmises.method."""
    k, s = mp.mpf(kappa), mp.mpf(scale)
    z = (mp.mpf(x) - mp.mpf(loc)) / s
    ix = mp.nint(z / (2 * mp.pi))
    zr = z - 2 * mp.pi * ix
    p, a, a1 = _parameters(k)
    fs = [p, lambda t: (mp.cos(t) - a) * p(t), lambda t: ((mp.cos(t) - a) ** 2 - a1) * p(t)]
    if zr <= 0:
        side = [_integral(f, zr, -mp.pi, k) for f in fs]  # (F and its kappa derivatives)
    else:
        side = [-_integral(f, zr, mp.pi, k) for f in fs]  # (1 - F: minus them)
    small = side[0] if zr <= 0 else -side[0]  # (the integral of the side without the mode)
    upper = method in ("sf", "logsf")
    own = ((zr <= 0) != upper) and ix == 0  # (the function is that side's integral itself)
    g = [side[0] + ix + (0 if zr <= 0 else 1), p(zr), side[1], -k * mp.sin(zr) * p(zr), (mp.cos(zr) - a) * p(zr),
         side[2]]
    if upper:
        g = [1 - g[0]] + [-v for v in g[1:]]
    if ix == 0:
        g[0] = small if own else 1 - small
    if method.startswith("log"):
        lz, lk = g[1] / g[0], g[2] / g[0]
        g = [mp.log(small) if own else mp.log1p(-small) if ix == 0 else mp.log(g[0]), lz, lk, g[3] / g[0] - lz * lz,
             g[4] / g[0] - lz * lk, g[5] / g[0] - lk * lk]
    jac = mp.matrix([[1 / s, 0, -1 / s, -z / s], [0, 1, 0, 0]])
    d2z = mp.matrix(4, 4)
    d2z[0, 3] = d2z[3, 0] = -1 / s ** 2
    d2z[2, 3] = d2z[3, 2] = 1 / s ** 2
    d2z[3, 3] = 2 * z / s ** 2
    hess = jac.T * mp.matrix([[g[3], g[4]], [g[4], g[5]]]) * jac + g[1] * d2z
    return (float(g[0]), [float(g[1] * jac[0, j] + g[2] * jac[1, j]) for j in range(4)],
            [[float(hess[i, j]) for j in range(4)] for i in range(4)])


def var_jet(kappa):
    """E z^2 on [-pi, pi] and its first two derivatives in kappa."""
    k = mp.mpf(kappa)
    p, a, a1 = _parameters(k)
    fs = [lambda t: t * t * p(t), lambda t: t * t * (mp.cos(t) - a) * p(t),
          lambda t: t * t * ((mp.cos(t) - a) ** 2 - a1) * p(t)]
    return [float(2 * _integral(f, mp.mpf(0), -mp.pi, k)) for f in fs]


#: (x, kappa, loc, scale): the middle; the far left tail (cdf 4.4e-45, SciPy's series keeps no digit); near the middle
#: at kappa 1e4 and 1e8; kappa 0; a period on (cdf 1.67); kappa 300 (cdf 8e-237); the right tail at kappa 20
TAIL_POINTS = [(1.0, 2.0, 0.3, 1.2), (-3.1, 50.0, 0.0, 1.0), (-0.01, 1e4, 0.0, 1.0), (0.3, 0.0, 0.0, 1.0),
               (7.0, 0.5, 0.0, 1.0), (-2.5, 300.0, 0.0, 1.0), (2.9, 20.0, 0.1, 0.9), (-0.05, 1e8, 0.0, 1.0)]
VAR_KAPPAS = [0.0, 0.5, 2.0, 50.0, 1e4, 1e8]

if __name__ == "__main__":
    print("TAIL_TRUTHS = [")
    for method in ("cdf", "sf", "logcdf", "logsf"):
        for point in TAIL_POINTS:
            if method.startswith("log") and point[0] == 7.0:
                continue  # (the sf is negative a period on: NaN, as SciPy's)
            value, gradient, hessian = tail_jet(method, *point)
            print(f"    ({method!r}, {point!r}, {value!r},\n     {gradient!r},\n     {hessian!r}),")
    print("]")
    print("VAR_TRUTHS = [")
    for kappa in VAR_KAPPAS:
        print(f"    ({kappa!r}, {var_jet(kappa)!r}),")
    print("]")
