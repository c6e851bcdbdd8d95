"""Exactness of the Bessel, elliptic and dilogarithm rules of ``scipy.special`` at extreme
inputs (``tools/probe_extremes.py --only special.NAME``; the truths are mpmath's at 50
digits, from the closed forms: J1' = J0 - J1 / x, Y0' = -Y1, spence' = log(z) / (1 - z),
K' = (E - (1 - m) K) / (2 m (1 - m))). Each was silently wrong before, on every path:
reverse and forward mode, first and second order, a Python float and a one-element array.

Also: ``ellipkm1''(p)`` was NaN in reverse mode from 2^-1020 to 5e-307 (two terms of order
ellipkm1(p) / p that cancel overflowed to inf - inf), where the truth, about 1 / (2 p^2),
overflows to +inf; the incomplete integrals near phi = pi/2 with m near 1, and with m just
above 1.
"""
import numpy as np
import pytest
import scipy.special

import wengert as wg
import wengert.scipy.special as wsp
from test_exact_extremes import _first, assert_derivatives
from test_exact_scipy_tails import _derivatives
from test_exact_special_limits import _assert_paths

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


# Above m = 1 SciPy's ellipkinc and ellipeinc are NaN at every phi (1.13 to 1.18), and so is every
# derivative: these points (m = 1 + 1e-12, phi just below sin(phi)^2 = 1/m) had finite derivatives
# (17833848.95, 5.6e-8, 5.7e15), which this test asserted, of a NaN value.
_M_ABOVE_ONE = 1.0 + 1e-12


@pytest.mark.parametrize("phi", [1.570795325179652, 1.5707953267504466, 0.3, -0.9])
@pytest.mark.parametrize("m", [_M_ABOVE_ONE, 1.5, 4.0])
def test_incomplete_elliptic_integrals_in_phi_are_nan_where_scipys_value_is(phi, m):
    for fn in (wsp.ellipkinc, wsp.ellipeinc):
        f = lambda p, fn=fn: fn(p, m)
        assert np.isnan(f(phi))
        paths = {"rev": wg.grad(f)(phi), "fwd": wg.jvp(f, (phi,), (1.0,))[1], "rev(rev)": wg.grad(wg.grad(f))(phi),
                 "fwd(rev)": wg.jvp(wg.grad(f), (phi,), (1.0,))[1],
                 "array": wg.grad(lambda p: np.sum(fn(p, np.array([0.5, m]))))(phi)}
        for path, got in paths.items():
            assert np.isnan(got), (fn.__name__, path, got)
    # next to it, at m <= 1, the same array's other element is the closed form
    assert np.isnan(wg.jacobian(lambda p: wsp.ellipkinc(p, np.array([0.5, m])))(phi)[1])
    assert wg.jacobian(lambda p: wsp.ellipkinc(p, np.array([0.5, m])))(phi)[0] == \
        pytest.approx(1.0 / np.sqrt(1.0 - 0.5 * np.sin(phi) ** 2), rel=1e-15, abs=0.0)


#: (p, ellipkm1'(p), ellipkm1''(p)): mpmath at 420 digits, -K'(1 - p) and K''(1 - p) from
#: K' = (E - (1 - m) K) / (2 m (1 - m)), E' = (E - K) / (2 m)
ELLIPKM1 = [
    (1.3e-307, -3.8461538461538462e+306, np.inf),  # second was NaN (reverse), inf (forward)
    (3e-307, -1.6666666666666667e+306, np.inf),
    (2.0 ** -1019, -2.8088955232223686e+306, np.inf),
    (1e-306, -4.9999999999999999e+305, np.inf),
    (1e-150, -5.0e+149, 4.9999999999999999e+299),
    (1e-20, -5.0000000000000003e+19, 5.0000000000000005e+39),
    (1e-08, -49999997.72584129, 4999999987500002.2),
    (0.3, -1.473956255614481, 5.2782061241376655),
    (0.49, -0.86614296163453466, 1.9327053213920582),
]


@pytest.mark.parametrize("p, first, second", ELLIPKM1, ids=[repr(c[0]) for c in ELLIPKM1])
def test_ellipkm1_second_derivative_near_its_pole(p, first, second):
    _assert_paths(scipy.special.ellipkm1, (p,), 0, None, first, 4e-15)
    _assert_paths(scipy.special.ellipkm1, (p,), 0, 0, second, 4e-15)
    with np.errstate(over="ignore"):
        _assert_paths(lambda u: wg.jvp(scipy.special.ellipkm1, (u,), (1.0,))[1], (p,), 0, None, second, 4e-15)


# d/dphi of ellipeinc is sqrt(1 - m sin(phi)^2), of ellipkinc its reciprocal: mpmath at 50 digits
# (value, derivative) of each, at phi near pi/2 with m at or near 1
ELLIPTIC = [
    (np.pi / 2 - 1e-9, 1.0, (1.000000143972711e-9, -1.0), (999999856.02730977, 9.9999971205464027e+17)),
    (np.pi / 2 - 1e-6, 1 - 1e-14, (1.0049835855272535e-6, -0.99504112741667329),
     (995041.12743827658, 985197031603.94586)),
    (np.pi / 2, 1 - 1e-12, (9.9998893907876726e-7, -6.1233017250887083e-11), (1000011.0610435781, 61.234371860523198)),
]


@pytest.mark.parametrize("phi, m, e, f", ELLIPTIC)
def test_incomplete_elliptic_integrals_near_phi_pi_over_2_with_m_near_1(phi, m, e, f):
    # 1 - m sin(phi)^2 cancelled: at (pi/2 - 1e-9, 1) ellipeinc' was 0.0 and ellipkinc' inf (for
    # 1e-9 and 1e9); at (pi/2 - 1e-6, 1 - 1e-14) 1.00503e-6 and 994997 (for 1.00498e-6 and 995041)
    import scipy.special as sc
    for fn, (d1, d2) in ((lambda p: sc.ellipeinc(p, m), e), (lambda p: sc.ellipkinc(p, m), f)):
        r1, f1, r2, f2 = _derivatives(fn, phi)
        for got, want in ((r1, d1), (f1, d1), (r2, d2), (f2, d2)):
            assert got == pytest.approx(want, rel=1e-12, abs=0), (phi, m, got, want)
