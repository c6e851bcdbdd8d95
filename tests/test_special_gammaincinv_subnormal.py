"""gammaincinv's derivatives in the probability where SciPy's x is subnormal: x = e^L with L
from -745 to -708 has lost bits (x = e^-744 is 1.0e-323, 27% above the truth 7.8e-324), and
dx/dy = 1 / P_x(x) computed from that x carries the error (13% at a = 0.5), the second
derivatives were inf. There P(a, x) = x^a / gamma(a + 1) (1 + O(x)), so
log x = (log p + gammaln(a + 1)) / a and dx/dp = x / (a p), d2x/dp2 = x (1 - a) / (a p)^2,
d2x/(da dp) = dx/dp ((digamma(a + 1) - log x) / a - 1 / a): the truths below, computed so
with mpmath at 50 digits (recomputed by the last test where mpmath is installed)."""
import numpy as np
import pytest
import scipy.special as sc

import wengert as wg
import wengert.scipy.special as wsp

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


def test_the_truths_are_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        for a, p, *truths in TRUTHS:
            A, P = mp.mpf(a), mp.mpf(p)
            log_x = (mp.log(P) + mp.loggamma(A + 1)) / A
            dy = mp.exp(log_x) / (A * P)
            assert [float(dy), float(dy * (1 - A) / (A * P)), float(dy * ((mp.digamma(A + 1) - log_x) / A - 1 / A))] == truths
