"""scipy.special.betainc's derivative in x (the beta density) and stats.f.cdf's (the F density) where a
shape is large: B(a, b) by Stirling's series, not SciPy's betaln, which keeps the rounding of gammaln
near b log b (3.8e-10 at betaln(150, 1e6), 4.8e-8 at (150, 5e7))."""
import numpy as np
import pytest
import scipy.special as sc

import wengert as wg
from wengert.scipy.stats import f as f_dist


# rtol: what is left is the rounding of the log density's terms, a log x and b log1p(-x) (each of the size of
# a log(b/a): 2e4 at (5000, 1e6)), which exp keeps
@pytest.mark.parametrize("a, b, x, rtol", [(150.0, 1e6, 1.5e-4, 2e-13), (150.0, 5e7, 3e-6, 1e-12),
                                           (5000.0, 1e6, 5e-3, 2e-11), (1.5, 1e6, 1e-6, 1e-13),
                                           (1e6, 150.0, 1.0 - 1.5e-4, 1e-12), (30.0, 40.0, 0.4, 1e-13)])
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
