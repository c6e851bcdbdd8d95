"""scipy.special.betainc's derivative in x (the beta density) and stats.f.cdf's (the F density) where a
shape is large: B(a, b) by Stirling's series, not SciPy's betaln, which keeps the rounding of gammaln
near b log b (3.8e-10 at betaln(150, 1e6), 4.8e-8 at (150, 5e7))."""
import numpy as np
import pytest
import scipy.special as sc

import wengert as wg
from wengert.scipy.stats import f as f_dist


# rtol: where a, b >= 10 the log density in Didonato and Morris' form (its terms small; the sum of a log x, b
# log1p(-x) and betaln, each about 2e4 at (5000, 1e6), kept 9e-12 of their rounding), what is left is the
# density's conditioning in x, |x dlog f/dx| ulps (226 at (5000, 1e6, 0.0052)); below 10 that sum's rounding
@pytest.mark.parametrize("a, b, x, rtol", [(150.0, 1e6, 1.5e-4, 5e-14), (150.0, 5e7, 3e-6, 5e-14),
                                           (5000.0, 1e6, 5e-3, 5e-14), (5000.0, 1e6, 5.2e-3, 5e-14),
                                           (5000.0, 1e6, 4.6e-3, 5e-14), (1e4, 1e4, 0.501, 5e-15),
                                           (1.5, 1e6, 1e-6, 1e-13), (1e6, 150.0, 1.0 - 1.5e-4, 5e-14),
                                           (30.0, 40.0, 0.4, 1e-14), (12.0, 1e5, 1e-4, 1e-14),
                                           # x near 1 (l near -b: 1.6e-9 off before), its mirror near 0
                                           (6330.1, 18.2, 0.99999999772, 1e-13), (18.2, 6330.1, 2.28e-9, 1e-13)])
def test_betainc_x_derivatives_with_large_shapes(a, b, x, rtol):
    # before: d/dx betainc(150, 1e6, 1.5e-4) 3.8e-10 relative off, at (150, 5e7, 3e-6) 4.8e-8, (5000, 1e6) 2.1e-9
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        A, B, X = mp.mpf(a), mp.mpf(b), mp.mpf(x)
        density = X ** (A - 1) * (1 - X) ** (B - 1) / mp.beta(A, B)
        slope = density * ((A - 1) / X - (B - 1) / (1 - X))
    for path in (wg.grad(sc.betainc, argnums=2), wg.jacfwd(sc.betainc, argnums=2)):
        assert abs(path(a, b, x) - density) <= rtol * density
    for path in (wg.grad(wg.grad(sc.betainc, argnums=2), argnums=2),
                 wg.jacfwd(wg.grad(sc.betainc, argnums=2), argnums=2)):
        assert abs(path(a, b, x) - slope) <= 10 * rtol * abs(slope)


def test_betainc_x_derivative_in_the_shapes_with_large_shapes():
    """d^2 betainc / dx da and dx db (the density's derivatives in a and b) through the same form: 7e-12 off at
    (5000, 1e6, 0.0052) through betaln's sum."""
    mp = pytest.importorskip("mpmath")
    a, b, x = 5000.0, 1e6, 5.2e-3
    with mp.workdps(50):
        def density(A, B):
            return mp.mpf(x) ** (A - 1) * (1 - mp.mpf(x)) ** (B - 1) / mp.beta(A, B)
        want = [float(mp.diff(lambda A: density(A, mp.mpf(b)), mp.mpf(a))),
                float(mp.diff(lambda B: density(mp.mpf(a), B), mp.mpf(b)))]
    for i in (0, 1):
        dx = wg.grad(sc.betainc, argnums=2)
        for path in (wg.grad(dx, argnums=i), wg.jacfwd(dx, argnums=i)):
            assert float(path(a, b, x)) == pytest.approx(want[i], rel=5e-14)


@pytest.mark.parametrize("x, dfn, dfd", [(0.9, 300.0, 2e6), (1.0, 300.0, 2e6), (0.9, 300.0, 1e8)])
def test_f_cdf_x_derivative_with_large_dfd(x, dfn, dfd):
    # before: d/dx f.cdf(0.9, 300, 2e6) 3.8e-10 relative off mpmath, at dfd = 1e8 4.8e-8
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        n, d, X = mp.mpf(dfn), mp.mpf(dfd), mp.mpf(x)
        a, b = n / 2, d / 2
        density = mp.exp(a * mp.log(n / d) + (a - 1) * mp.log(X) - (a + b) * mp.log1p(n / d * X) - mp.log(mp.beta(a, b)))
    for path in (wg.grad(f_dist.cdf), wg.jacfwd(f_dist.cdf)):
        assert abs(path(x, dfn, dfd) - density) <= 2e-12 * density
    assert np.isfinite(wg.grad(wg.grad(f_dist.cdf))(x, dfn, dfd))
