"""An adversarial review's findings in wg.jit's guards and replays, ufunc reductions,
forward mode's tangent checks, the cotangent spec cache and SciPy rules. Each test failed
before its fix."""
import math

import numpy as np
import pytest

import wengert as wg


def _by_sign_of_zero(x):
    # a decision on the value that only the sign of a zero changes
    return 2.0 * x if math.copysign(1.0, x.value) < 0 else 3.0 * x


def _by_sign_of_zero_in_array(x):
    return np.sum(2.0 * x) if np.signbit(x.value[0]) else np.sum(3.0 * x)


@pytest.mark.parametrize("f, zero, minus", [
    (_by_sign_of_zero, 0.0, -0.0),
    (_by_sign_of_zero_in_array, np.array([0.0, 1.0]), np.array([-0.0, 1.0])),
    (lambda z: np.real(2.0 * z if math.copysign(1.0, z.value.imag) < 0 else 3.0 * z), 0.5 + 0.0j, complex(0.5, -0.0))])
def test_jit_guard_tells_minus_zero_from_zero(f, zero, minus):
    # a guard's outcome was compared with ==, for which -0.0 is 0.0: the replay at -0.0 took
    # the branch recorded at 0.0 (grad(jit(f))(-0.0) was 3, grad(f)(-0.0) is 2)
    jf = wg.jit(f)
    for x in (zero, minus, zero, minus):
        np.testing.assert_array_equal(wg.grad(jf)(x), wg.grad(f)(x))
        np.testing.assert_array_equal(wg.jit(wg.grad(f))(x), wg.grad(f)(x))
    assert jf.stats["guard_failures"] == 3


def test_jit_guard_on_a_nan_replays():
    # a NaN, equal to nothing, failed every guard on it: each call recorded afresh
    f = wg.jit(lambda x: 2.0 * x if np.isnan(x.value) else 3.0 * x)
    g = wg.jit(lambda x: np.sum(x * 2.0) if np.isnan(x.value[0]) else np.sum(x * 3.0))
    for _ in range(3):
        assert wg.grad(f)(float("nan")) == 2.0
        np.testing.assert_array_equal(wg.grad(g)(np.array([np.nan, 1.0])), [2.0, 2.0])
    assert f.stats["records"] == 1 and g.stats["records"] == 1
    assert f.stats["guard_failures"] == 0 and g.stats["guard_failures"] == 0


X3 = np.array([1.0, 2.0, 3.0])


@pytest.mark.parametrize("call", [
    # the transposed path (complex primals, a reverse runner open, lists) held an argument
    # whose zero tangent had another shape or length constant: a zero tangent, no error
    lambda: wg.jvp(np.sin, (X3 + 1j,), (np.zeros(2, complex),)),
    lambda: wg.jvp(lambda a, b: np.sin(a) * b, (X3 + 1j, 2.0), (np.zeros(5, complex), 1.0)),
    lambda: wg.grad(lambda a: np.sum(wg.jvp(lambda u: np.sin(u) * a, (X3,), (np.zeros(2),))[1]))(2.0),
    lambda: wg.jvp(lambda l: l[0] * l[1], ([1.0, 2.0],), ([0.0, 0.0, 0.0],)),
    # the forward pass checked arrays against arrays only: a number's tangent of shape (2,)
    # passed as still, a number for an array as a tangent broadcast over it
    lambda: wg.jvp(np.sin, (1.0,), (np.zeros(2),)),
    lambda: wg.jvp(np.sin, (X3,), (1.0,)),
    lambda: wg.jvp(lambda d: np.sin(d["a"]), ({"a": 1.0},), ({"a": np.zeros(3)},)),
])
def test_jvp_refuses_a_tangent_of_another_shape_on_every_path(call):
    with pytest.raises(ValueError, match="jvp: a tangent (of shape|with)"):
        call()


@pytest.mark.parametrize("primal, f", [(X3, np.sin), (1.0, np.sin), ({"a": X3}, lambda d: np.exp(d["a"]))])
def test_jvp_refuses_a_complex_tangent_for_a_real_primal(primal, f):
    # its imaginary part was dropped: jvp(sin, (x,), (1j,)) gave 0, jvp(x -> 2x, (1.0,),
    # (1 + 1j,)) gave 2.0, with no error (sin is holomorphic: along 1j the truth is cos(x) j)
    tangent = wg.tree.map_leaves(lambda p: np.asarray(p) * 0 + 1j, primal) if isinstance(primal, dict) else (
        np.full(np.shape(primal), 1j) if np.ndim(primal) else 1j)
    with pytest.raises(ValueError, match="complex tangent for a real primal"):
        wg.jvp(f, (primal,), (tangent,))
    # a complex tangent with no imaginary part is a real one
    real_part = wg.tree.map_leaves(lambda t: t.real + 0j, tangent) if isinstance(tangent, dict) else tangent.real + 0j
    got = wg.jvp(f, (primal,), (real_part,))[1]
    want = wg.jvp(f, (primal,), (wg.tree.map_leaves(np.real, real_part),))[1]
    np.testing.assert_array_equal(np.asarray(got), np.asarray(want))


# d/dx and d2/dx2 of cotdg and tandg near their poles: mpmath at 40 digits
DEGREE_POLES = [("cotdg", 1e-12, -5.7295779513082323182e+25, 1.1459155902616464867e+38),
                ("cotdg", 1e-08, -572957795130823184.8, 1.1459155902616463456e+26),
                ("cotdg", 1e-05, -572957795130.82893279, 114591559026164613.63),
                ("cotdg", 179.99999999, -572956886096425364.81, -1.1459128631595345671e+26),
                ("tandg", 89.99999999, 572958514540018061.66, 1.1459177484899084469e+26),
                ("tandg", -89.999999, 57295779802398.202057, -1.1459155989411226894e+20)]


@pytest.mark.parametrize("name, x, first, second", DEGREE_POLES)
def test_tandg_cotdg_derivatives_near_their_poles(name, x, first, second):
    # (pi/180)(1 + ans^2) took SciPy's tandg/cotdg there, which lose digits near a pole
    # (cotdg(1e-8) is 1.8e-7 off): cotdg'(1e-12) was -5.7775e25 (8e-3 off), cotdg'(1e-8)
    # -5.72958000873e17 (3.6e-7), tandg'(90 - 1e-8) 5.72958000873e17 (9e-7)
    sc = pytest.importorskip("scipy.special")
    f = getattr(sc, name)
    assert float(wg.grad(f)(x)) == pytest.approx(first, rel=1e-14, abs=0)
    assert float(wg.grad(wg.grad(f))(x)) == pytest.approx(second, rel=1e-13, abs=0)
    assert float(wg.jvp(f, (x,), (1.0,))[1]) == pytest.approx(first, rel=1e-14, abs=0)
    # and at 45 (|ans| = 1) the exact form: 2 pi / 180
    assert float(wg.grad(f)(45.0)) == (1.0 if name == "tandg" else -1.0) * 2.0 * np.pi / 180.0


@pytest.mark.parametrize("a, x, truth", [(1e5, 1e5 + 300, -0.00080392821236356437341),
                                         (1e6, 1e6 + 1000, -0.00024193040952413304829)])
def test_gammainc_da_beyond_x_equals_a_plus_1(a, x, truth):
    # the continued fraction's branch (x > a + 1) took log x - digamma(a) directly, two
    # logarithms near 14 that cancel to about 1/sqrt(a): 5.5e-13 and 8.7e-13 off here, now
    # 6e-15 and 4e-14 (mpmath at 50 and 80 digits agree)
    sc = pytest.importorskip("scipy.special")
    assert float(wg.grad(lambda a: sc.gammainc(a, x))(a)) == pytest.approx(truth, rel=1e-13, abs=0)
    assert float(wg.grad(lambda a: sc.gammaincc(a, x))(a)) == pytest.approx(-truth, rel=1e-13, abs=0)


@pytest.mark.parametrize("a, y, truth", [(1e5, 0.9, 1.0020263139590960118), (1e6, 0.8, 1.000420810690319222)])
def test_gammaincinv_da_beyond_x_equals_a_plus_1(a, y, truth):
    # dx/da = -P_a / P_x through the same branch (per density): 1.4e-13 and 3.6e-13 off,
    # now 1e-15 and 8e-15 (mpmath: its root of P(a, x) = y, then P_a by differences)
    sc = pytest.importorskip("scipy.special")
    assert float(wg.grad(lambda a: sc.gammaincinv(a, y))(a)) == pytest.approx(truth, rel=5e-14, abs=0)


@pytest.mark.parametrize("x, y, want", [(0.0, 0.5, np.inf), (0.0, 0.0, 0.0), (-3.0, 0.5, np.nan), (-3.0, 2.0, -6.0)])
def test_powm1_derivative_in_x_at_zero_and_below(x, y, want):
    # y x^(y-1) by Python's ** on floats: ZeroDivisionError at x = 0 for y < 1, and for x < 0
    # at a fractional y a complex number whose real part came back (1.77e-17, with a
    # ComplexWarning) where SciPy's value is NaN; arrays: 0 * inf = NaN at x = y = 0, where
    # powm1(x, 0) = 0 for every x
    sc = pytest.importorskip("scipy.special")
    for value in (x, np.array([x])):
        got = wg.grad(lambda v: np.sum(sc.powm1(v, y)))(value)
        np.testing.assert_array_equal(np.ravel(got), [want])
    np.testing.assert_array_equal(wg.jvp(lambda v: sc.powm1(v, y), (x,), (1.0,))[1], want)
    # the mixed derivative at y = 0 keeps its value 1/x away from x = 0
    assert wg.grad(lambda y: wg.grad(lambda x: sc.powm1(x, y))(2.0))(0.0) == 0.5


@pytest.mark.parametrize("call", [lambda sc, x: sc.gammainc(1.0, x), lambda sc, x: sc.gammaincc(1.0, x),
                                  lambda sc, x: sc.chdtr(2.0, x), lambda sc, x: sc.gdtr(1.0, 1.0, x),
                                  lambda sc, x: sc.pdtr(0, x)])
def test_gamma_family_derivative_in_x_is_nan_where_the_value_is(call):
    # below 0 SciPy's gammainc (and chdtr, gdtr, pdtr) is NaN; the density x^(a-1) e^-x / gamma(a)
    # through xlogy(a - 1, x) was e^-x at a = 1: d/dx gammainc(1, -0.5) gave 1.6487, chdtr(2, -1)'s 0.8244
    sc = pytest.importorskip("scipy.special")
    if not np.isnan(call(sc, -0.5)):
        pytest.skip("this SciPy gives a number below 0")
    assert np.isnan(wg.grad(lambda x: call(sc, x))(-0.5))
    got = wg.grad(lambda x: np.sum(call(sc, x)))(np.array([-0.5, 0.5]))
    assert np.isnan(got[0]) and np.isfinite(got[1])
