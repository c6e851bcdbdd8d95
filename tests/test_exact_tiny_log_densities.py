"""Second derivatives in x of ``invgamma.logpdf`` and ``lognorm.logpdf`` near x = 0, where
the terms of the second derivative overflow apart with opposite signs:

- ``invgamma.logpdf''`` is ``(a + 1) / x^2 - 2 / x^3``: inf - inf = NaN below 1.5e-154 on
  every path (and -inf with an overflow warning from 1e-103 on), the truth -inf (+inf where
  ``(a + 1) x > 2``);
- ``lognorm.logpdf''`` is ``(s^2 + log x - 1) / (s^2 x^2)``: NaN below 1.5e-154 where
  ``s^2 > -log x`` (the truth +inf), and forward over forward -inf at (1e-155, s = 18.8) where
  the truth is -1.262e308.

Each is now a primitive whose derivatives in x are one quotient each, the power of x
scaled exactly (``frexp`` / ``ldexp``). Truths: the closed forms in mpmath at 50 digits at
the double x (``test_the_table_is_mpmaths`` recomputes them where mpmath is installed).
"""
import math

import numpy as np
import pytest

import wengert as wg
from test_exact_support_ends_forward import assert_close, paths2
from wengert.scipy import stats

#: (x, a, (a + 1) / x^2 - 2 / x^3)
INVGAMMA = [
    (0.5, 2.0, -4.0),
    (1e-100, 2.0, -1.9999999999999998e+300),
    (1e-150, 2.0, -np.inf),  # was -inf with an overflow warning
    (1e-155, 2.0, -np.inf),  # were NaN
    (1e-300, 2.0, -np.inf),
    (1e-160, 1e200, np.inf),
]

#: (x, s, (s^2 + log x - 1) / (s^2 x^2))
LOGNORM = [
    (1e-150, 30.0, 6.151247067232146e+299),
    (1e-151, 30.0, 6.125662788421102e+301),
    (1e-155, 30.0, np.inf),  # were inf with an overflow warning
    (1e-200, 30.0, np.inf),  # were NaN
    (1e-155, 1.0, -np.inf),
    (1e-300, 1.0, -np.inf),
    (1e-155, 18.8, -1.26207826337626e+308),  # forward over forward was -inf
    (1e-158, 19.2, np.inf),
    (1e-160, 19.2, -np.inf),
]


@pytest.mark.parametrize("x, a, want", INVGAMMA, ids=[f"{c[0]!r}-{c[1]!r}" for c in INVGAMMA])
def test_invgamma_logpdf_second_derivative_near_zero(x, a, want):
    assert_close(paths2(lambda t: stats.invgamma.logpdf(t, a), x), want, 2e-15)


@pytest.mark.parametrize("x, s, want", LOGNORM, ids=[f"{c[0]!r}-{c[1]!r}" for c in LOGNORM])
def test_lognorm_logpdf_second_derivative_near_zero(x, s, want):
    # (1e-14: the numerator s^2 + log x - 1 cancels, to -4.5 of 353 at s = 18.8, x = 1e-155)
    assert_close(paths2(lambda t: stats.lognorm.logpdf(t, s), x), want, 1e-14)


def test_mixed_and_third_derivatives_near_zero():
    # d2/(dx ds) of lognorm.logpdf below 1e-150: 2 log(x) / (s^3 x); d2/ds2: 1/s^2 - 3 log(x)^2 / s^4
    x, s = 1e-151, 2.0
    lx = math.log(x)
    f = stats.lognorm.logpdf
    for got in (wg.grad(wg.grad(f, 0), 1)(x, s), wg.grad(wg.grad(f, 1), 0)(x, s),
                wg.jvp(lambda s: wg.grad(f, 0)(x, s), (s,), (1.0,))[1]):
        assert got == pytest.approx(2.0 * lx / (s ** 3 * x), rel=1e-14, abs=0.0)
    assert wg.grad(wg.grad(f, 1), 1)(x, s) == pytest.approx(1.0 / s ** 2 - 3.0 * lx * lx / s ** 4, rel=1e-14, abs=0.0)
    # invgamma: d2/(dx da) = -1/x; d3/dx3 = -2 ((a + 1) x - 3) / x^4
    g = stats.invgamma.logpdf
    assert wg.grad(wg.grad(g, 0), 1)(1e-5, 2.0) == pytest.approx(-1e5, rel=1e-14, abs=0.0)
    assert wg.grad(wg.grad(wg.grad(g, 0), 0), 0)(1e-5, 2.0) == pytest.approx(-2.0 * (3e-5 - 3.0) / 1e-20, rel=1e-14,
                                                                             abs=0.0)
    a = np.array([2.0, 2.0, 5.0])
    got = wg.grad(lambda x: np.sum(wg.grad(lambda y: np.sum(g(y, a)))(x)))(np.array([1e-5, 1e-160, 3.0]))
    np.testing.assert_allclose(got, [3.0 / 1e-10 - 2.0 / 1e-15, -np.inf, 6.0 / 9.0 - 2.0 / 27.0], rtol=1e-14)


def test_the_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")

    def double(v):
        return float(v) if abs(v) < mp.mpf("1.7976931348623157e308") else math.copysign(math.inf, v)
    with mp.workdps(50):
        for x, a, want in INVGAMMA:
            z = mp.mpf(x)
            assert double((a + 1) / z ** 2 - 2 / z ** 3) == want
        for x, s, want in LOGNORM:
            z, s2 = mp.mpf(x), mp.mpf(s) ** 2
            assert double((s2 + mp.log(z) - 1) / (s2 * z * z)) == want
