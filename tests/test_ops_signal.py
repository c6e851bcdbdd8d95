"""Differences, integration, interpolation, convolution, unwrapping and polynomials, against
central finite differences (tests/test_coverage.py runs these cases again at second order,
in forward mode, on complex inputs and under wengert.jit)."""
import warnings

import numpy as np
import pytest

import wengert as wg
from opcheck import case, crand, gradient_test, rand
from test_ops_statistics import assert_numpys_values

V = rand((4,), seed=31)
M = rand((2, 3), seed=32)
T = rand((2, 3, 2), seed=33)
XP = np.array([-1.0, -0.25, 0.5, 0.5, 1.5])  # a repeated knot (a jump in fp's curve)
FP = np.array([0.3, -0.7, 1.1, 2.0, 0.4])
X = np.array([-1.6, -0.8, 0.1, 0.62, 1.2, 2.5])  # below, inside (away from knots), above
PHASE = np.array([0.1, 2.9, 6.0, 9.4, 0.3, -2.8])  # jumps larger than pi, both ways
P3 = np.array([0.7, -1.2, 0.4])


def _trapz(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # NumPy 2.0-2.3: trapz is deprecated
        return np.trapz(*args, **kwargs)


def _ediff1d_cases():
    return [
        case(np.ediff1d, np.ediff1d, V),
        case(np.ediff1d, np.ediff1d, M, id="ediff1d-matrix"),
        case(np.ediff1d, lambda a: np.ediff1d(a, to_begin=-1.0, to_end=[1.0, 2.0]), V, id="ediff1d-ends-constant"),
        case(np.ediff1d, lambda a, b, e: np.ediff1d(a, to_end=e, to_begin=b), M, rand((2,), seed=34), 0.5,
             id="ediff1d-ends-differentiated"),
        case(np.ediff1d, lambda a: np.ediff1d(a, to_end=0.5), rand((1,), seed=35), id="ediff1d-size-1"),
    ]


def _trapezoid_cases(fn):
    name = "trapz" if fn is _trapz else "trapezoid"
    covers = np.trapz if fn is _trapz else np.trapezoid
    return [
        case(covers, fn, V, id=f"{name}-1d"),
        case(covers, lambda y, x: fn(y, x), V, rand((4,), seed=36), id=f"{name}-x"),
        case(covers, lambda y, x: fn(y, x, axis=0), M, np.array([0.2, 1.3]), id=f"{name}-x-1d-axis0"),
        case(covers, lambda y, x: fn(y, x, axis=1), M, rand((2, 3), seed=37), id=f"{name}-x-2d"),
        case(covers, lambda y: fn(y, dx=0.3, axis=-2), T, id=f"{name}-dx-axis-2"),
        case(covers, lambda y: fn(y, axis=0), rand((1, 3), seed=38), id=f"{name}-size-1"),
    ]


def _interp_cases():
    return [
        case(np.interp, lambda x, fp: np.interp(x, XP, fp), X, FP),
        case(np.interp, lambda x: np.interp(x, XP, FP, left=-3.0, right=4.0), X, id="interp-left-right-x"),
        case(np.interp, lambda fp: np.interp(X, XP, fp, left=-3.0, right=4.0), FP, id="interp-left-right-fp"),
        case(np.interp, lambda x, fp: np.interp(x, [0.55, 2.05, 0.15, 1.25], fp, period=2.5), X, FP[:4],
             id="interp-period"),
        case(np.interp, lambda x, fp: np.interp(x, XP[:2], fp), 0.1, FP[:2], id="interp-float"),
        case(np.interp, lambda x, fp: np.interp(x, [0.5], fp), X, FP[:1], id="interp-one-knot"),
        case(np.interp, lambda x, fp: np.interp(x, XP, fp), X[:3], crand((5,), seed=39), id="interp-complex-fp"),
        case(np.interp, lambda x, fp: np.interp(x, XP, fp), M, FP, id="interp-matrix-x"),
    ]


def _convolution_cases():
    cases = []
    for fn in (np.convolve, np.correlate):
        for n, m in ((5, 3), (3, 5), (4, 4), (4, 1), (1, 3)):
            for mode in ("full", "same", "valid"):
                a, v = rand((n,), seed=n), rand((m,), seed=10 + m)
                cases.append(case(fn, lambda a, v, fn=fn, mode=mode: fn(a, v, mode), a, v,
                                  id=f"{fn.__name__}-{n}-{m}-{mode}"))
    cases.append(case(np.convolve, lambda a: np.convolve(a, np.array([1.0, -2.0])), 0.7, id="convolve-float"))
    return cases


def _poly_cases():
    return [
        case(np.polyval, np.polyval, P3, M),
        case(np.polyval, np.polyval, P3, 0.0, id="polyval-at-zero"),
        case(np.polyval, lambda x: np.polyval([2.0], x), V, id="polyval-constant"),
        case(np.vander, np.vander, V),
        case(np.vander, lambda x: np.vander(x, 2), np.array([0.0, 0.5, -1.2]), id="vander-zero-N2"),
        case(np.vander, lambda x: np.vander(x, 5, increasing=True), np.array([0.0, 0.5, -1.2]), id="vander-increasing"),
        case(np.vander, lambda x: np.vander(x, 1), V, id="vander-N1"),
        case(np.polyadd, np.polyadd, P3, V, id="polyadd-shorter-first"),
        case(np.polyadd, np.polyadd, V, P3, id="polyadd-longer-first"),
        case(np.polyadd, np.polyadd, P3, 0.5, id="polyadd-scalar"),
        case(np.polysub, np.polysub, P3, V, id="polysub-shorter-first"),
        case(np.polysub, np.polysub, V, V[::-1].copy(), id="polysub-same-length"),
        case(np.polymul, np.polymul, P3, V),
        case(np.polyder, np.polyder, V),
        case(np.polyder, lambda p: np.polyder(p, 2), V, id="polyder-2"),
        case(np.polyder, lambda p: np.polyder(p, 0), P3, id="polyder-0"),
        case(np.polyint, np.polyint, P3),
        case(np.polyint, lambda p, k: np.polyint(p, 2, k), P3, np.array([0.3, -0.4]), id="polyint-2-k"),
        case(np.polyint, lambda p, k: np.polyint(p, 3, k), P3, 0.6, id="polyint-3-scalar-k"),
        # JAX's polynomial tests
        case(np.poly, np.poly, V),
        case(np.poly, np.poly, rand((3, 3), seed=44), id="poly-matrix"),
        case(np.poly, lambda z: np.poly(np.concatenate([z, np.conj(z)])), crand((2,), seed=45), id="poly-conjugate-pairs"),
        case(np.roots, np.roots, np.array([1.0, -6.0, 11.0, -6.0])),
        case(np.roots, np.roots, np.array([1.0, 0.5, 1.0]), id="roots-complex"),
        case(np.roots, np.roots, np.array([2.0, -3.0, 1.0, 0.0]), id="roots-trailing-zero"),
        case(np.roots, lambda q: np.roots(np.concatenate([np.zeros(1), q])), np.array([1.0, -3.0, 2.0]),
             id="roots-leading-zero"),
        case(np.roots, np.roots, np.array([0.7]), id="roots-constant"),
        case(np.polydiv, np.polydiv, rand((5,), seed=46), rand((3,), 1.0, 2.0, seed=47)),
        case(np.polydiv, np.polydiv, rand((2,), seed=48), rand((3,), 1.0, 2.0, seed=49), id="polydiv-lower-degree"),
        case(np.polydiv, lambda u: np.polydiv(u, np.array([1.0, 1.0])), np.array([1.0, 3.0, 3.0, 1.0]),
             id="polydiv-exact"),
        case(np.polyfit, lambda x, y: np.polyfit(x, y, 2), rand((6,), seed=50), rand((6,), seed=51)),
        case(np.polyfit, lambda x, y, w: np.polyfit(x, y, 1, w=w), rand((5,), seed=52), rand((5, 2), seed=53),
             rand((5,), 0.5, 1.0, seed=54), id="polyfit-weights-2d"),
        case(np.polyfit, lambda y: np.polyfit(np.arange(6.0), y, 2, cov=True), rand((6,), seed=55), id="polyfit-cov"),
        case(np.polyfit, lambda y: np.polyfit(np.arange(6.0), y, 2, full=True)[:2], rand((6,), seed=56),
             id="polyfit-full"),
    ]


CASES = [
    *_ediff1d_cases(), *_trapezoid_cases(np.trapezoid), *_interp_cases(), *_convolution_cases(),
    case(np.unwrap, np.unwrap, PHASE),
    case(np.unwrap, lambda p: np.unwrap(p, axis=0, period=4.0), np.stack([PHASE, -PHASE]), id="unwrap-axis0-period"),
    case(np.unwrap, lambda p: np.unwrap(p, discont=4.0), PHASE, id="unwrap-discont"),
    case(np.modf, lambda x: np.modf(x)[0], np.array([2.3, -1.7, 0.4, -0.2])),
    case(np.modf, np.modf, rand((2, 3), -3.0, 3.0, seed=40), id="modf-both-outputs"),
    *_poly_cases(),
    case(np.i0, np.i0, np.array([-9.5, -3.0, 0.0, 0.4, 7.9, 8.2, 20.0])),
    case(np.i0, np.i0, 0.3, id="i0-float"),
    case(np.i0, np.i0, rand((2, 3), -10.0, 10.0, seed=41), id="i0-matrix"),
]
if hasattr(np, "trapz"):  # NumPy < 2.4
    CASES += _trapezoid_cases(_trapz)

test_gradient = gradient_test(CASES)


@pytest.mark.parametrize("f, args", [
    (lambda a: np.ediff1d(a, to_begin=[-1.0, 0.0], to_end=2.0), (M,)),
    (lambda y, x: np.trapezoid(y, x, axis=0), (M, np.array([0.2, 1.3]))),
    (lambda y: np.trapezoid(y, dx=0.3, axis=1), (T,)),
    (lambda x, fp: np.interp(x, XP, fp), (np.concatenate([X, XP]), FP)),
    (lambda x, fp: np.interp(x, XP, fp, period=2.5), (X, FP)),
    (np.polyval, (P3, M)),
    (lambda x: np.vander(x, 4), (np.array([0.0, -0.5, 1.5]),)),
    (np.polyadd, (P3, V)), (np.polysub, (V, P3)), (np.polymul, (P3, V)),
    (lambda p: np.polyder(p, 2), (V,)), (lambda p: np.polyint(p, 2, [0.5, 1.0]), (P3,)),
    (np.unwrap, (PHASE,)), (np.i0, (np.array([-9.5, -3.0, 0.0, 0.4, 7.9, 8.0, 8.2, 20.0, 700.0]),)),
    (np.i0, (np.array([-2.0, 0.5, 9.0], dtype=np.float32),)), (np.modf, (np.array([-0.0, 2.5, -1.5]),)),
])
def test_values_are_numpys_to_the_bit(f, args):
    assert_numpys_values(f, args)


def test_interp_at_a_knot_takes_the_right_hand_slope():
    # NumPy puts x == xp[j] in the segment [xp[j], xp[j+1]): the derivative is that segment's slope.
    xp, fp = np.array([0.0, 1.0, 3.0]), np.array([0.0, 2.0, 3.0])
    slope = wg.grad_bp(lambda x: np.interp(x, xp, fp), 1.0)
    assert slope == 0.5
    h = 1e-7
    assert (np.interp(1.0 + h, xp, fp) - np.interp(1.0, xp, fp)) / h == pytest.approx(slope, rel=1e-8, abs=0.0)  # right side
    assert wg.grad_bp(lambda x: np.interp(x, xp, fp), 1.0 - h) == 2.0  # left of the knot: the other slope
    assert wg.grad_bp(lambda x: np.interp(x, xp, fp), 0.0) == 2.0  # first knot: the first segment
    assert wg.grad_bp(lambda x: np.interp(x, xp, fp), 3.0) == 0.0  # last knot: constant to its right
    # the gradient in fp at a knot: all on that knot's value
    np.testing.assert_array_equal(wg.grad_bp(lambda f: np.interp(1.0, xp, f), fp), [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda f: np.interp(3.0, xp, f), fp), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda f: np.interp(5.0, xp, f, right=9.0), fp), [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda f: np.interp(-5.0, xp, f), fp), [1.0, 0.0, 0.0])


def test_interp_second_order_mixed():
    # d/dx interp = (fp[j+1] - fp[j]) / (xp[j+1] - xp[j]): its gradient in fp is (-1, 1) / width
    xp = np.array([0.0, 1.0, 3.0])
    g = wg.grad_bp(lambda f: wg.grad_bp(lambda x: np.interp(x, xp, f), 2.0), np.array([0.0, 2.0, 3.0]))
    np.testing.assert_array_equal(g, [0.0, -0.5, 0.5])


def test_interp_refuses_variable_knots():
    with pytest.raises(wg.NoGradientRule, match="not the knots xp"):
        wg.grad_bp(lambda xp: np.interp(0.5, xp, FP), XP)


def test_convolve_and_correlate_exact():
    a, v = np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda u: np.sum(np.convolve(u, v)), a), [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda u: np.sum(np.convolve(a, u, "valid")), v), [5.0, 3.0])
    # correlate conjugates its second argument: d/dv of sum(correlate(a, v)) for complex v is conj(sum a)
    z = np.array([1.0 + 1.0j, 2.0 - 1.0j])
    g = wg.grad_bp(lambda u: np.real(np.sum(np.correlate(a + 0j, u, "full"))), z)
    np.testing.assert_allclose(g, np.full(2, np.sum(a)) + 0j, rtol=1e-15)


def test_unwrap_and_modf_are_exact():
    np.testing.assert_array_equal(wg.grad_bp(lambda p: np.sum(np.unwrap(p) * np.arange(6.0)), PHASE), np.arange(6.0))
    np.testing.assert_array_equal(wg.grad_bp(lambda x: np.sum(np.modf(x)[0]), np.array([2.0, -1.5, 0.0])), [1.0] * 3)
    np.testing.assert_array_equal(wg.grad_bp(lambda x: np.sum(np.modf(x)[1] + x), np.array([2.0, -1.5])), [1.0] * 2)


def test_fix_has_no_gradient():
    with warnings.catch_warnings():  # NumPy 2.5 deprecates np.fix (use np.trunc)
        warnings.simplefilter("ignore", DeprecationWarning)
        g = wg.grad_bp(lambda x: np.sum(np.fix(x) + x), np.array([-1.5, 2.7]))
    np.testing.assert_array_equal(g, [1.0, 1.0])


def test_polynomials_exact():
    # p(x) = 0.7 x^2 - 1.2 x + 0.4: p'(0) = -1.2, d/dp = (x^2, x, 1)
    assert wg.grad_bp(lambda x: np.polyval(P3, x), 0.0) == -1.2
    np.testing.assert_array_equal(wg.grad_bp(lambda p: np.polyval(p, 2.0), P3), [4.0, 2.0, 1.0])
    # vander at 0: columns x^2, x, 1 -> d/dx of their sum at 0 is 1 (from x), exactly
    np.testing.assert_array_equal(wg.grad_bp(lambda x: np.sum(np.vander(x, 3)), np.array([0.0])), [1.0])


def test_i0_derivatives():
    special = pytest.importorskip("scipy.special")
    x = np.array([-9.5, -3.0, 0.0, 0.4, 7.9, 8.2, 20.0])
    np.testing.assert_allclose(wg.grad_bp(lambda v: np.sum(np.i0(v)), x), special.i1(x), rtol=1e-13, atol=1e-15)
    # I0'' = I0 - I1 / x, 1/2 at x = 0 (not lost to |x|'s kink)
    assert wg.hessian(np.i0)(0.0) == pytest.approx(0.5, rel=1e-13, abs=0)
    with pytest.raises(TypeError, match="complex"):
        wg.grad_bp(lambda z: np.real(np.i0(z)), 1.0 + 1.0j)


#: (x, I1(x), (I0(x) + I2(x)) / 2): np.i0' and np.i0'' (mpmath, 40 digits)
I0_SLOPES = [(0.0, 0.0, 0.5), (1e-300, 5e-301, 0.5), (1e-10, 5e-11, 0.5),
             (-3.0, -3.9533702174026093, 3.5630025133974876), (7.9, 363.8539440845084, 343.34882200563794)]


@pytest.mark.parametrize("x, first, second", I0_SLOPES, ids=[repr(x) for x, _, _ in I0_SLOPES])
def test_i0_derivatives_to_rounding_near_0(x, first, second):
    """The derivative of NumPy's expansion exp(x) C(x / 2 - 2) up to |x| = 8 is a difference of two numbers near
    1 at 0: np.i0'(0) was -2.2e-16, np.i0'(1e-10) 2.3e-6 relative off, np.i0'' 2.2e-14 off at 0; now I1's series."""
    f = np.i0
    assert [float(wg.grad(f)(x)), float(wg.jvp(f, (x,), (1.0,))[1])] == pytest.approx([first] * 2, rel=1e-15, abs=0.0)
    got = [float(wg.grad(wg.grad(f))(x)), float(wg.jvp(wg.grad(f), (x,), (1.0,))[1]), float(wg.jacfwd(wg.jacrev(f))(x)),
           float(wg.grad(lambda t: wg.jvp(f, (t,), (1.0,))[1])(x)),
           float(wg.jvp(lambda t: wg.jvp(f, (t,), (1.0,))[1], (x,), (1.0,))[1])]
    assert got == pytest.approx([second] * 5, rel=1e-15, abs=0.0)


def test_polynomials_agree_with_numpy():
    """Values to NumPy's (its own code for roots; the steps NumPy takes for the others)."""
    u, v = np.array([1.0, 3.0, 3.0, 1.0]), np.array([1.0, 1.0])
    got = wg.vjp(lambda u: np.polydiv(u, v), u)[0]
    for a, b in zip(got, np.polydiv(u, v)):
        np.testing.assert_allclose(a, b, rtol=1e-15, atol=1e-15)
    m = rand((3, 3), seed=44)
    np.testing.assert_allclose(wg.vjp(np.poly, m)[0], np.poly(m), rtol=1e-13)
    x, y = np.arange(6.0), rand((6,), seed=57)
    for got, want in zip(wg.vjp(lambda y: np.polyfit(x, y, 2, cov=True), y)[0], np.polyfit(x, y, 2, cov=True)):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


def test_roots_at_a_repeated_root_is_refused():
    with pytest.raises(wg.NoGradientRule, match="repeated root"):
        wg.grad_bp(lambda p: np.sum(np.roots(p)), np.array([1.0, -2.0, 1.0]))
    with pytest.raises(wg.NoGradientRule, match="repeated root"):  # two trailing zeros: a double root 0
        wg.grad_bp(lambda p: np.sum(np.roots(p)), np.array([1.0, 2.0, 0.0, 0.0]))


def test_roots_leading_zero_coefficient_moves_the_finite_roots():
    """d z / d p[0] = -z**n / p'(z) for the roots of p = 0 z^3 + z^2 - 3 z + 2 (1 and 2)."""
    g = wg.grad_bp(lambda p: np.sum(np.roots(p) * np.array([1.0, 10.0])), np.array([0.0, 1.0, -3.0, 2.0]))
    z = np.roots(np.array([1.0, -3.0, 2.0]))  # [2, 1]
    slope = 2 * z - 3
    expected0 = -np.sum(np.array([1.0, 10.0]) * z ** 3 / slope)
    np.testing.assert_allclose(g[0], expected0, rtol=1e-12)


@pytest.mark.parametrize("call", [lambda c: np.polynomial.polynomial.polyval(1.5, c),
                                  lambda c: np.polynomial.polynomial.polyder(c),
                                  lambda c: np.polynomial.polynomial.polyfit(np.arange(3.0), c, 1)],
                         ids=["polyval", "polyder", "polyfit"])
def test_numpy_polynomial_is_not_sent_to_numpys_poly_functions(call):
    # numpy.polynomial's polyval(x, c), polyder, polyfit take coefficients lowest degree first.
    # Their conversion error named them numpy.polyval & co. and sent the user to
    # wengert.numpy.polyval "with the same arguments": wnp.polyval(1.5, c) is the constant 1.5,
    # gradient [0, 0, 0] for polyval(1.5, c)'s [1, 1.5, 2.25]
    with pytest.raises(TypeError, match="cannot be converted") as info:
        wg.grad(lambda c: np.sum(call(c)))(P3)
    assert "wengert.numpy.poly" not in str(info.value)
    # with plain coefficients polyval takes a Var x as it is: d/dx sum(1 + x + x^2) = 1 + 2x
    np.testing.assert_allclose(wg.grad(lambda x: np.sum(np.polynomial.polynomial.polyval(x, np.ones(3))))(P3),
                               1 + 2 * P3, rtol=1e-15)
