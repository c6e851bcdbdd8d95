"""Exactness of the ``scipy.special`` rules at extreme and switching
inputs (``tools/probe_extremes.py --only special.NAME``; the truths are mpmath's at 50
digits). Each was silently wrong (or NaN) before, on every path: reverse and forward mode,
first and second order, a Python float and a one-element array.
"""
import numpy as np
import pytest
import scipy.special

import wengert as wg
from test_exact_extremes import _first, _second, assert_derivatives


def _ive3(x):
    return scipy.special.ive(3.0, x)


def _iv25(x):
    return scipy.special.iv(2.5, x)


#: (function, x, f'(x), f''(x), relative tolerance)
CASES = [
    # SciPy's ive is NaN from |x| = 1.3e9 on: i0e'' and i1e'' were NaN (their rules call
    # ive(2, x), ive(3, x)); the asymptotic series now
    (scipy.special.i0e, 1e20, -1.9947114020071634e-31, 2.9920671030107451e-51, 1e-13),
    (scipy.special.i0e, -1e20, 1.9947114020071634e-31, 2.9920671030107451e-51, 1e-13),
    (scipy.special.i1e, 1e20, -1.9947114020071634e-31, 2.9920671030107451e-51, 1e-13),
    (scipy.special.i1e, -1e20, -1.9947114020071634e-31, -2.9920671030107451e-51, 1e-13),
    (_ive3, 1e20, -1.9947114020071634e-31, 2.9920671030107451e-51, 1e-13),
    # i1e(x) - sign(x) i0e(x) cancels: |x| eps relative in the first derivative, x^2 eps in
    # the second (i0e''(5000) was 1e-8 off, i0e'(1e8) 2e-8)
    (scipy.special.i0e, 1e8, -1.9947114094873312e-13, 2.9920671217111647e-21, 1e-13),
    (scipy.special.i0e, 5000.0, -5.6423190570275336e-7, 1.692780377295348e-10, 1e-13),
    (scipy.special.i1e, 1e8, -1.99471137956666e-13, 2.9920670469094865e-21, 1e-13),
    (scipy.special.i1e, 5000.0, -5.6406262766502382e-7, 1.691933944770254e-10, 1e-13),
    # SciPy's iv underflows below 1e-150 (iv(1, 1e-200) = 0) and is NaN at subnormal x:
    # i1''(-1e-300) was -2.5e-301 (the truth 3 x / 8), NaN at -5e-324
    (scipy.special.i1, -1e-300, 0.5, -3.75e-301, 1e-13),
    (scipy.special.i1, 1e-200, 0.5, 3.75e-201, 1e-13),
    (scipy.special.i1, -5e-324, 0.5, 0.0, 0.0),  # the truth -1.9e-324 rounds to -0
    (_iv25, 1e-120, 1.3298076013381089e-181, 1.9947114020071634e-61, 1e-13),  # the series there
    # digamma next to its poles is as far off as SciPy's pi x is rounded: gamma' was 31% off
    # at -1 + 2^-52 (through ans * digamma), gammaln' likewise
    (scipy.special.gamma, -1 + 2.0 ** -52, 2.028240960365167e+31, -1.8268770466636286e+47, 1e-13),
    (scipy.special.gamma, -0.9999999999, 9.9999983451927854e+19, -1.9999995035578562e+30, 1e-13),
    (scipy.special.gammaln, -1 + 2.0 ** -52, -4503599627370495.6, 2.028240960365167e+31, 1e-13),
    (scipy.special.loggamma, -2.5, 1.1031566406452432, 9.5392466449891238, 1e-13),
]


def _label(case):
    return f"{case[0].__name__}({case[1]})"


@pytest.mark.parametrize("f, x, first, second, rtol", CASES, ids=[_label(c) for c in CASES])
def test_special_derivatives_at_extreme_inputs(f, x, first, second, rtol):
    assert_derivatives(f, x, first, second, rtol)


# -- scipy.special.rgamma at the poles of gamma beyond the range of doubles ----------------

@pytest.mark.parametrize("x, first, second", [
    (-1e8, np.inf, -np.inf),  # the second derivative was NaN by reverse over reverse
    (-1e20, np.inf, -np.inf),  # the first was -inf (cos(pi x) rounded), the second NaN
    (-171.0, -np.inf, np.inf),  # odd: (-1)^n n!, -2 (-1)^n n! digamma(n + 1)
    (-3.0, -6.0, 15.073412021181603),  # in range: -2 (-1)^3 3! digamma(4)
])
def test_rgamma_derivatives_at_poles_of_gamma_out_of_range(x, first, second):
    # rgamma^(k)(-n) = (-1)^n n! times a polynomial in digamma(n + 1) and its derivatives:
    # out of range from n = 171 on, where the sign is all there is
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        for path, value in {**_first(scipy.special.rgamma, x)}.items():
            assert value == pytest.approx(first, rel=1e-13, abs=0), path
        for path, value in _second(scipy.special.rgamma, x).items():
            assert value == pytest.approx(second, rel=1e-13, abs=0), path


# -- scipy.special.rgamma near the poles of gamma where gamma(1 - x) overflows ----------------

#: x -> rgamma'(x) (mpmath: mp.diff(mp.rgamma, x) at 40 digits)
RGAMMA_PRIME = {-170.8: 6.8003840167584337e+307, -170.85: -8.4726689326298953e+307,
                -170.74: 1.6578139796812246e+308, -170.76: 1.4145065377979412e+308,
                -170.8 + 0.001j: 6.8016982387000291e+307 + 2.3146290290285606e+306j}


@pytest.mark.parametrize("x", RGAMMA_PRIME)
def test_rgamma_derivative_where_gamma_of_one_minus_x_overflows(x):
    # within 1/4 of a pole the rule is parity * gamma(1 - x) * (cos - sin digamma / pi),
    # whose first factor overflows from 1 - x = 171.62 on while the product does not: it
    # gave inf at -170.8 (and NaN at -170.8 + 0.001j), the truth 6.80e307; farther from
    # the pole, -rgamma digamma with SciPy's rgamma(-170.74) = -inf (the truth -7.6e307)
    # gave inf, the truth 1.66e308
    sps = pytest.importorskip("wengert.scipy.special")
    if isinstance(x, complex):
        got = wg.grad(lambda z: np.real(sps.rgamma(z)))(x)
        truth = RGAMMA_PRIME[x]  # autograd's convention: f' for a holomorphic f
    else:
        got = wg.grad(sps.rgamma)(x)
        truth = RGAMMA_PRIME[x]
    np.testing.assert_allclose(got, truth, rtol=1e-9)
    # the same entry of an array, beside an ordinary one
    at_two = wg.grad(lambda z: np.real(sps.rgamma(z)))(2.5 + 0j if isinstance(x, complex) else 2.5)
    np.testing.assert_allclose(wg.grad(lambda v: np.real(np.sum(sps.rgamma(v))))(np.array([x, 2.5])),
                               [truth, at_two], rtol=1e-9)


# -- scipy.special.iv's power series at the smallest subnormal ------------------------------------

def test_iv_derivatives_at_the_smallest_subnormal():
    # the first term (x / 2)^v / gamma(v + 1) below 1e-100: x / 2 rounds to 0 at 5e-324, so
    # iv'(0.5, x) = (I(-0.5, x) + I(1.5, x)) / 2 was inf and iv''(2.5, x) 0; the truths
    # (mpmath, (I(v-1) + I(v+1)) / 2 and (I(v-2) + 2 I(v) + I(v+2)) / 4 at 60 digits):
    sps = pytest.importorskip("wengert.scipy.special")
    x = 5e-324
    np.testing.assert_allclose(wg.grad(lambda t: sps.iv(0.5, t))(x), 1.7948069285245253e+161, rtol=1e-12)
    np.testing.assert_allclose(wg.grad(wg.grad(lambda t: sps.iv(2.5, t)))(x), 4.4337622215090682e-163,
                               rtol=1e-12)
