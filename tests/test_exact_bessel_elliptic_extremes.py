"""Exactness of the Bessel, elliptic and dilogarithm rules of ``scipy.special`` at extreme
inputs (``tools/probe_extremes.py --only special.NAME``; the truths are mpmath's at 50
digits, from the closed forms: J1' = J0 - J1 / x, Y0' = -Y1, spence' = log(z) / (1 - z),
K' = (E - (1 - m) K) / (2 m (1 - m))). Each was silently wrong before, on every path:
reverse and forward mode, first and second order, a Python float and a one-element array.
"""
import numpy as np
import pytest
import scipy.special

import wengert as wg
import wengert.scipy  # noqa: F401  (the rules of scipy.special)
from test_exact_extremes import _first, assert_derivatives

sc = scipy.special

#: (function, x, f'(x), f''(x), relative tolerance)
CASES = [
    # SciPy's jv(2, x) is wrong from about 1e17 on: j1' = (j0 - jv(2, x)) / 2 was -2.7e-11 at
    # 1e20 (and j0'' = -j1' with it), 2.8e-76 at 1e150 (the truth -1.8e-77)
    (sc.j1, 1e20, 6.6980090407034243e-12, 7.9506819824254502e-11, 1e-13),
    (sc.j1, 1e150, -1.8379124891489764e-77, -7.9767285282614725e-76, 1e-13),
    (sc.j0, 1e20, 7.9506819824254502e-11, -6.6980090407034243e-12, 1e-13),
    (sc.j1, 0.3, 0.48323019229461606, -0.11109927644289079, 1e-14),  # below 1: (j0 - jv(2, x)) / 2
    (sc.j1, 5e-310, 0.5, -1.875e-310, 1e-13),
    # SciPy's y1 reduces x - 3 pi / 4 in double precision: y0' = -y1 was 1.4e-8 off at 1e8,
    # 7.7 times the truth at 1e20; Hankel's expansion beyond 1000
    (sc.y0, 1e8, 3.206029497509252e-5, -7.3063911975820021e-5, 1e-13),
    (sc.y0, 1e20, 6.6980090407034243e-12, 7.9506819824254502e-11, 1e-13),
    (sc.y0, 30.0, -0.084425570661747235, None, 1e-13),  # SciPy's y1 below 1000
    # k0e' = k0e - k1e, k1e' = k1e - k0e - k1e / x cancel (x eps, x^2 eps in the second
    # derivative): k0e'(1e8) was 2e-9 off and k0e''(1e8) 28%, k0e'(1e20) -2.6e-26 for
    # -6.3e-31; their asymptotic series above x = 30
    (sc.k0e, 1e8, -6.2665706630778614e-13, 9.3998559711171525e-21, 1e-13),
    (sc.k0e, 1e20, -6.2665706865775013e-31, 9.3998560298662519e-51, 1e-13),
    (sc.k1e, 1e4, -6.2672756390660508e-7, 9.4016183743784316e-11, 1e-13),
    (sc.k1e, 1e8, -6.2665707570764211e-13, 9.3998562061135512e-21, 1e-13),
    (sc.k0e, 1.0, -0.49169040645636323, 0.65277267335053178, 1e-14),  # the closed forms below 30
    (sc.k1e, 29.9, -0.0039746598989016565, 0.00020406236770370866, 1e-11),
    # spence'' = (1/z + log(z) / (1 - z)) / (1 - z) cancels near 1: 0.25 (reverse) and 0.375
    # (forward) at 1 - 1e-15, 2.0 at 1 - 2^-53; the series in z - 1 there
    (sc.spence, 1 - 1e-15, -1.0000000000000005, 0.50000000000000067, 1e-13),
    (sc.spence, 1 - 2.0 ** -53, -1.0000000000000001, 0.50000000000000007, 1e-13),
    (sc.spence, 1 - 1e-10, -1.00000000005, 0.50000000006666667, 1e-13),
    # K' = (E - (1 - m) K) / (2 m (1 - m)): m (1 - m) overflowed, 0 where the truth is 2.8e-231
    (sc.ellipk, -1e155, 2.8276555427241651e-231, 0.0, 1e-13),  # the second: 4e-386, below the doubles
    (sc.ellipk, -1e200, 1.1532240183026223e-298, 0.0, 1e-13),
    # ellipkm1(p) = K(1 - p): 1 - p rounds p away (d/dp was -inf at 1e-20, 7 digits right at
    # 1e-8, -0.0 at 1e155)
    (sc.ellipkm1, 1e-20, -5.0000000000000003e+19, 5.0000000000000005e+39, 1e-13),
    (sc.ellipkm1, 1e-8, -49999997.72584129, 4999999987500002.2, 1e-13),
    (sc.ellipkm1, 1e-16, -4999999999999995.5, 5.0000000000000001e+31, 1e-13),
    (sc.ellipkm1, 1e155, -2.8276555427241651e-231, 0.0, 1e-13),
    (sc.ellipkm1, 0.3, -1.473956255614481, 5.2782061241376655, 1e-13),  # Legendre's relation
    # arcsinh' = 1 / cosh(ans) was 4e-14 off at 1e308 and 8e-14 at 1e300 (ans, 690 to 710, is
    # rounded): 1 / hypot(1, x) now, 2 ulp at most
    (np.arcsinh, 1e308, 9.9999999999999999e-309, 0.0, 1e-15),
    (wg.arcsinh, 1e300, 9.9999999999999995e-301, 0.0, 1e-15),
    (np.arcsinh, -7e200, 1.4285714285714285e-201, 0.0, 1e-15),
    (wg.arcsinh, 1e150, 1e-150, -1e-300, 1e-15),
    (np.arcsinh, 3e4, 3.3333333314814815e-5, -1.1111111092592593e-09, 1e-14),
    (wg.arcsinh, 1e-300, 1.0, -1e-300, 1e-15),
    (np.arcsinh, 5e-324, 1.0, -5e-324, 0.0),
]


def _label(case):
    return f"{case[0].__name__}({case[1]})"


#: J0 and J1 at the huge points above (mpmath, 50 digits): the rules of j0 and j1 are
#: exact in terms of SciPy's j0 and j1 (J0' = -J1, J1' = J0 - J1 / x), which SciPy computes
#: right there from 1.18 on; SciPy 1.17.1 gives j0(1e20) = j1(1e20) = 6.1e-11 (the truths
#: 6.7e-12 and -8.0e-11), and no rule can be right from such values.
BESSEL_TRUTHS = {1e20: (6.698009040703424e-12, -7.95068198242545e-11),
                 1e150: (-1.8379124891489763e-77, 7.976728528261473e-76)}


@pytest.mark.parametrize("f, x, first, second, rtol", CASES, ids=[_label(c) for c in CASES])
def test_derivatives_at_extreme_inputs(f, x, first, second, rtol):
    if f in (sc.j0, sc.j1) and x in BESSEL_TRUTHS:
        own = (sc.j0(x), sc.j1(x))
        if not np.allclose(own, BESSEL_TRUTHS[x], rtol=1e-13, atol=0.0):
            pytest.skip(f"SciPy {scipy.__version__}'s own j0/j1 at {x:g} are {own}, the truths "
                        f"{BESSEL_TRUTHS[x]}: the derivatives follow SciPy's values (right from 1.18)")
    assert_derivatives(f, x, first, second, rtol)


def test_ellipkm1_at_subnormal_p_is_the_pole():
    # 1 / (2p) overflows: the first derivative is -inf (the truth, -1e323 at 5e-324, is out of
    # range) and the second, out of range too, is refused as at p = 0 (it was NaN)
    for p in (5e-324, 1e-310, 0.0):
        assert wg.grad(sc.ellipkm1)(p) == -np.inf
        with pytest.raises(wg.NoGradientRule, match="m = 1"):
            wg.grad(wg.grad(sc.ellipkm1))(p)


@pytest.mark.parametrize("z, want", [
    (2e-300 + 1e-300j, complex(-np.inf, np.inf)),  # -1/z^2 = -1.2e599 + 1.6e599j: was NaN + inf j
    (1e-160 + 1e-160j, complex(0.0, np.inf)),  # 0.5e320 j
    (0.5 + 1e-300j, -4.0 + 1.6e-299j),
])
def test_complex_reciprocal_derivative_without_inf_minus_inf(z, want):
    # -ans * ans formed a^2 - b^2 as inf - inf; -(g / z) / z rounds each quotient on its own
    with np.errstate(over="ignore", invalid="ignore"):
        for path, value in _first(np.reciprocal, z).items():
            value = complex(value)
            for got, truth in ((value.real, want.real), (value.imag, want.imag)):
                assert got == truth or abs(got - truth) <= 1e-15 * abs(truth), (path, value, want)
