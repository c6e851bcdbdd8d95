"""gammaincinv's derivatives in the probability where SciPy's x is subnormal: x = e^L with L
from -745 to -708 has lost bits (x = e^-744 is 1.0e-323, 27% above the truth 7.8e-324), and
dx/dy = 1 / P_x(x) computed from that x carries the error (13% at a = 0.5), the second
derivatives were inf. There P(a, x) = x^a / gamma(a + 1) (1 + O(x)), so
log x = (log p + gammaln(a + 1)) / a and dx/dp = x / (a p), d2x/dp2 = x (1 - a) / (a p)^2,
d2x/(da dp) = dx/dp ((digamma(a + 1) - log x) / a - 1 / a): the truths below, computed so
with mpmath at 50 digits (recomputed by test_the_truths_are_mpmaths where mpmath is installed).

Also where SciPy's x underflows to 0 inside the range (a below 1): dx/da and dx/dy of
gammaincinv (gammainccinv, chdtri) were 0 where the truth is not (1.2291e-306 and
1.6499e-309 at a = 1e-15, y = 1 - 7.45e-13), and the mixed derivative NaN."""
import numpy as np
import pytest
import scipy
import scipy.special as sc

import wengert as wg
import wengert.scipy.special as wsp
from test_exact_special_limits import _assert_paths

#: (a, p, dx/dp, d2x/dp2, d2x/(da dp)) at x = e^-720 and e^-744 (p = x^a / gamma(a + 1))
TRUTHS = [
    (1e-10, 0.9999999280577242, 2.032231809405433e-303, 2.0322319554056015e-293, 1.4600016340669624e-290),
    (1e-10, 0.9999999256577243, 7.6719453748e-314, 7.67194594421938e-304, 5.695827046205679e-301),
    (0.001, 0.4870328977165431, 4.17267665480597e-310, 8.558978249098182e-307, 2.997752839242458e-304),
    (0.001, 0.47548325822264653, 1.6136e-320, 3.390006e-317, 1.1979053016e-314),
    (0.1, 5.655312772568619e-32, 3.593489669186346e-281, 5.718765402251621e-249, 2.5821963131443486e-277),
    (0.1, 5.1303839993889784e-33, 1.4953938545523488e-290, 2.623301626656802e-257, 1.1104439533986682e-286),
    (0.5, 5.086763825533363e-157, 7.990269932420963e-157, 1.5707963267948966, 1.1490591292305176e-153),
    (0.5, 3.1254157135305152e-162, 4.909391522520784e-162, 1.5707963267948966, 7.2957140896037e-159),
    (0.9, 3.927411275227952e-282, 5.749421353343805e-32, 1.6265793166235182e+249, 4.5954242287512397e-29),
    (0.9, 1.6343519046780155e-291, 5.215757377737945e-33, 3.5459229794247486e+257, 4.307961668695242e-30),
]

_NORMAL = np.finfo(np.float64).tiny


def _close(got, want):
    # a subnormal truth has as many bits as its size: a few of its units in the last place
    return abs(got - want) <= 1e-9 * abs(want) + 8 * 5e-324


def _subnormal_x(a, p):
    x = sc.gammaincinv(a, p)
    if not 0 < x < _NORMAL:
        pytest.skip(f"this SciPy gives gammaincinv({a}, {p}) = {x!r}, not a subnormal number")


@pytest.mark.parametrize("a, p, dy, dyy, day", TRUTHS)
def test_first_derivative_in_p(a, p, dy, dyy, day):
    _subnormal_x(a, p)
    assert _close(wg.grad(wsp.gammaincinv, 1)(a, p), dy)
    if 1.0 - (1.0 - p) == p:  # (gammainccinv of 1 - p: where 1 - p is exact)
        assert _close(wg.grad(wsp.gammainccinv, 1)(a, 1.0 - p), -dy)


@pytest.mark.parametrize("a, p, dy, dyy, day", TRUTHS)
def test_second_derivatives(a, p, dy, dyy, day):
    _subnormal_x(a, p)
    if dy < _NORMAL:
        pytest.skip("dx/dp is itself subnormal here: its derivatives carry its lost bits")
    assert _close(wg.grad(wg.grad(wsp.gammaincinv, 1), 1)(a, p), dyy)
    assert _close(wg.grad(wg.grad(wsp.gammaincinv, 1), 0)(a, p), day)
    assert _close(wg.grad(wg.grad(wsp.gammaincinv, 0), 1)(a, p), day)


@pytest.mark.truth_tables
def test_the_truths_are_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        for a, p, *truths in TRUTHS:
            A, P = mp.mpf(a), mp.mpf(p)
            log_x = (mp.log(P) + mp.loggamma(A + 1)) / A
            dy = mp.exp(log_x) / (A * P)
            assert [float(dy), float(dy * (1 - A) / (A * P)), float(dy * ((mp.digamma(A + 1) - log_x) / A - 1 / A))] == truths


#: (a, y, dx/da, dx/dy, d^2x/(da dy)) of x = gammaincinv(a, y) where SciPy's x is 0 (the truth
#: e^L, L = (log y + gammaln(a + 1)) / a below -745): mpmath at 60 digits of x (digamma(a + 1) -
#: L) / a, x / (a y) and its derivative in a (P = x^a / gamma(a + 1) to O(x) there)
GAMMAINCINV_UNDERFLOW = [
    (1e-15, 1 - 7.45e-13, 1.2290969560031005e-306, 1.649883932357626e-309, 1.2274470720716585e-291),
    (1e-15, 1 - 7.6e-13, 3.8817420851759883e-313, 5.10790717e-316, 3.876634178032596e-298),
    (1e-10, 1 - 7.45e-8, 1.1805214183654470e-311, 1.584592568e-314, 1.1789369137462708e-301),
]


@pytest.mark.parametrize("a, y, da, dy, mixed", GAMMAINCINV_UNDERFLOW, ids=[repr(c[:2]) for c in GAMMAINCINV_UNDERFLOW])
def test_gammaincinv_where_x_underflows(a, y, da, dy, mixed):
    sc = scipy.special
    assert sc.gammaincinv(a, y) == 0.0 and sc.gammainccinv(a, 1.0 - y) == 0.0  # (SciPy's underflow)
    rtol = 1e-12 if da > 1e-300 else 1e-9  # (a subnormal truth is rounded to fewer digits)
    _assert_paths(sc.gammaincinv, (a, y), 0, None, da, rtol)
    _assert_paths(sc.gammaincinv, (a, y), 1, None, dy, rtol)
    _assert_paths(lambda a, q: sc.gammainccinv(a, q), (a, 1.0 - y), 0, None, da, rtol)
    _assert_paths(lambda a, q: sc.gammainccinv(a, q), (a, 1.0 - y), 1, None, -dy, rtol)
    _assert_paths(lambda v, q: sc.chdtri(v, q), (2.0 * a, 1.0 - y), 0, None, da, rtol)
    _assert_paths(lambda v, q: sc.chdtri(v, q), (2.0 * a, 1.0 - y), 1, None, -2.0 * dy, rtol)
    # the mixed derivative, d/da of dx/dy (the first derivative is a subnormal for two rows:
    # its rounding is the second's); d/dy of dx/da there stays refused
    _assert_paths(sc.gammaincinv, (a, y), 1, 0, mixed, 1e-12 if dy > 1e-300 else 1e-8)
    with pytest.raises(wg.NoGradientRule):
        wg.grad(wg.grad(sc.gammaincinv), 1)(a, y)


def test_gammaincinv_at_the_lower_end_is_still_zero():
    # y = 0: x = 0 for every a, dx/da = 0; a subnormal x keeps its value's derivatives
    sc = scipy.special
    assert wg.grad(sc.gammaincinv)(0.5, 0.0) == 0.0
    assert wg.grad(sc.gammainccinv)(0.5, 1.0) == 0.0
    # x = 1e-320 at a = 1: dx/da = x (digamma(2) - log x) = 7.3724181755622458e-318 (mpmath)
    assert abs(wg.grad(sc.gammaincinv)(1.0, 1e-320) - 7.3724181755622458e-318) <= 1e-323


def test_gennorm_ppf_in_beta_where_its_gamma_quantile_is_subnormal():
    # gennorm.ppf(0.2, beta) = -X^(1/beta), X = gammainccinv(1/beta, 0.4) subnormal from beta =
    # 1390 on (2.4e-309), read as it is (the derivative in a of gammaincinv_da without P):
    # d/dbeta, mpmath at 40 digits by mp.diff of the quantile solved from gammainc
    import wengert.scipy.stats as wst
    for beta, want, rtol in ((1000.0, -3.451441628556581e-7, 1e-12), (1390.0, -1.7880874810159831e-7, 1e-12),
                             (1420.0, -1.7134218718474626e-7, 1e-10)):  # (X = 5.3e-316: fewer bits)
        got = wg.grad(lambda b: wst.gennorm.ppf(0.2, b))(beta)
        assert abs(got - want) <= rtol * abs(want), (beta, got, want)
