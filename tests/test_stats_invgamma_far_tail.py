"""The continued fraction of the upper incomplete gamma function beyond x = 2^53, where its
steps stop moving (b + 2 rounds to b): log gammaincc's far tail and invgamma.logcdf at the
smallest x, their value and their derivatives in x and in the shape, against mpmath."""
import numpy as np
import pytest

import wengert as wg
from wengert.ops.scipy_special import upper_gamma_fraction
from wengert.scipy.stats import invgamma


@pytest.mark.parametrize("x, a", [(2e-300, 0.5), (1e-300, 0.5), (1e-290, 2.5), (3e-200, 7.0), (1e-18, 3.0),
                                  (1e-17, 0.5)])
def test_invgamma_logcdf_at_the_smallest_x(x, a):
    # before: a ValueError ("did not converge in 300000 terms") at (2e-300, 0.5), the truth -5e299
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        y, shape = 1 / mp.mpf(x), mp.mpf(a)
        value = mp.log(mp.gammainc(shape, y, mp.inf, regularized=True))

        def log_ratio(s):  # log of x^(1-a) e^x Gamma(a, x) = 1 + (a-1)/x + (a-1)(a-2)/x^2 + ...
            return mp.log(1 + (s - 1) / y + (s - 1) * (s - 2) / y ** 2 + (s - 1) * (s - 2) * (s - 3) / y ** 3)
        d_a = mp.log(y) - mp.digamma(shape) + mp.diff(log_ratio, shape)
        d_aa = -mp.psi(1, shape) + mp.diff(log_ratio, shape, 2)
    assert abs(float(invgamma.logcdf(x, a)) - value) <= 4e-16 * abs(value)
    assert abs(float(wg.grad(invgamma.logcdf, argnums=1)(x, a)) - d_a) <= 2e-15 * abs(d_a)
    for second in (wg.grad(wg.grad(invgamma.logcdf, argnums=1), argnums=1),
                   wg.jacfwd(wg.grad(invgamma.logcdf, argnums=1), argnums=1)):
        assert abs(float(second(x, a)) - d_aa) <= 2e-15 * abs(d_aa)


@pytest.mark.parametrize("x", [2.0 ** 53, 2.0 ** 54 + 8.0, 1e18, 1e100, 5e299, 1.7e308])
@pytest.mark.parametrize("a", [0.5, 3.0, 7.5, 1e4])
def test_upper_gamma_fraction_beyond_two_to_the_53(x, a):
    # h = e^x x^-a Gamma(a, x) and dh/da, d2h/da2: refused before from x = 1e154 (a = 0.5), and at 1e18, a = 3
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        # h = u (1 + u (a - 1) + u^2 g(a)), u = 1/x, g(s) = sum_k>=2 (s-1)...(s-k) u^(k-2) (Gamma(a, x)'s
        # asymptotic series, its terms left out below 1e-90 here): dh/da = u^2 (1 + u g'(a)), d2h/da2 = u^3 g''(a)
        u, s0 = 1 / mp.mpf(x), mp.mpf(a)

        def g(s):
            return sum(mp.rf(s - k, k) * u ** (k - 2) for k in range(2, 9))
        want = [u * (1 + u * (s0 - 1) + u * u * g(s0)), u * u * (1 + u * mp.diff(g, s0)), u ** 3 * mp.diff(g, s0, 2)]
    got = upper_gamma_fraction(a, x, derivatives=2)
    for g, w in zip(got, want):
        assert abs(float(g) - w) <= 1e-15 * abs(w) + 1e-320, (float(g), mp.nstr(w, 17))
