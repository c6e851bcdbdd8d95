"""Derivatives of ``scipy.special`` functions at the ends of their ranges:

- ``lambertw(z, k=-1)`` at z = -1e-300: W'' was NaN by forward mode (over reverse, and over
  forward) and -inf by reverse mode: exp(-W) / (1 + W) differentiated gave two terms
  overflowing apart. For real W the derivative is now one exponential below |z| = 1
  (``sign(1 + W) exp(-W - log|1 + W|)``) and ``W / (z (1 + W))`` above (exp(-W) lost 4e-14 at
  1e300): the truth -1.0014e600 rounds to -inf on every path;
- ``lambertw`` at z = +inf: refused with "infinite at the branch point z = -1/e", where the
  derivative ``W / (z (1 + W))`` tends to 0 (every order): now 0;
- ``exprel''(+inf)``: NaN (``exprel(u) / u^2`` was inf / inf), the truth +inf;
- ``yv''(v, 0)``: -inf, right, but with NumPy's divide-by-zero warning from the reciprocal's
  rule (SciPy's yv(v, 0) itself says nothing): quiet now.

Truths: mpmath at 50 digits (``W / (z (1 + W))``, ``-W^2 (W + 2) / (z^2 (1 + W)^3)``) or the limits.
"""
import numpy as np
import pytest
import scipy.special as sc

from test_exact_support_ends_forward import assert_close, paths1, paths2
from wengert.scipy import special as wsp


def _real_w(k):
    return lambda z: np.real(wsp.lambertw(z, k=k))


#: (z, k, W', W''): mpmath at 50 digits
LAMBERTW = [
    (-1e-300, -1, -1.001436115597597e+300, -np.inf),  # W'' was NaN forward, -inf reverse
    (-1e-10, -1, -10395331313.985899, -1.0379084778355052e+20),
    (-0.2, -1, -8.241194056417903, -23.890662962700425),
    (1e300, 0, 9.985406726398788e-301, -0.0),  # W' was 6e-15 off
    (1.0, 0, 0.3618962566348892, -0.2145406462821437),
    (30.0, 0, 0.023780115424137716, -0.0007275624801911254),
    (-1e-300, 0, 1.0, -2.0),
    (np.inf, 0, 0.0, 0.0),  # was refused (ValueError)
]


@pytest.mark.parametrize("z, k, first, second", LAMBERTW, ids=[f"{c[0]!r}-{c[1]}" for c in LAMBERTW])
def test_lambertw_real_derivatives(z, k, first, second):
    assert_close(paths1(_real_w(k), z), first, 4e-16)
    with np.errstate(over="ignore"):  # (the truth -1e600 overflows: NumPy says so)
        assert_close(paths2(_real_w(k), z), second, 1e-15)


def test_exprel_at_infinity():
    assert_close(paths1(sc.exprel, np.inf), np.inf, 0.0)
    assert_close(paths2(sc.exprel, np.inf), np.inf, 0.0)  # was NaN
    assert_close(paths2(sc.exprel, 800.0), np.inf, 0.0)
    assert_close(paths2(sc.exprel, 2.0), 1.5972640247326626, 4e-16)  # (e^2 (x^2 - 2x + 2) - 2) / x^3


@pytest.mark.parametrize("v", [0.0, 0.5, 1.0, 2.5, 3.0])
def test_yv_second_derivative_at_zero_is_quiet(v):
    # pytest turns the divide-by-zero warning, which reverse over reverse gave, into an error
    assert_close(paths2(lambda x: sc.yv(v, x), 0.0), -np.inf, 0.0)


def test_the_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        for z, k, first, second in LAMBERTW[:-1]:
            t = mp.mpf(z)
            w = mp.lambertw(t, k)
            assert float(mp.re(w / (t * (1 + w)))) == first
            d2 = mp.re(-w ** 2 * (w + 2) / (t ** 2 * (1 + w) ** 3))
            assert (float(d2) if abs(d2) < 1e308 else -np.inf) == second
        x = mp.mpf(2)
        assert float((mp.exp(x) * (x * x - 2 * x + 2) - 2) / x ** 3) == 1.5972640247326626
