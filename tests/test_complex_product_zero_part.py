"""Multiply's pullback (and forward mode's tangent product) with a complex factor: a zero part times an infinite
part counts 0, as in a real product of the parts, not NumPy's complex NaN.

The derivative in y of F(x + 1j y) forms the complex cotangent of ``1j * y`` times 1j: where that cotangent is
infinite in one part and 0 in the other (an overflowed partial, exp(800 + 0j)'s inf + 0j), NumPy's complex product
formed inf * 0 = NaN. grad of Re exp(v0 + 1j v1) at (800, 0) was [inf, nan], the truth [inf, 0]; d/dy Re
erfcx(-30 + 1j y) at y = 1 was NaN, the truth +inf. Truths from mpmath at 30 digits (closed forms of the derivatives:
exp' = exp, erfcx' = 2 z erfcx - 2 / sqrt(pi), erfcx'' = 2 erfcx + 2 z erfcx'), each part an overflow's infinity of
its sign or an exact 0.
"""
import numpy as np
import pytest

import wengert as wg
import wengert.scipy.special as wsp

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # (the functions' own overflow: exp(800))


def _float(v):
    # an mpmath number as a double: the infinity of its sign beyond the range
    import mpmath as mp
    return float(mp.sign(v) * mp.inf) if abs(v) > 1.8e308 else float(v)


def _exp_truths():
    # G(v) = Re exp(v0 + i v1) at (800, 0): gradient (Re e^z, -Im e^z), Hessian [[Re, -Im], [-Im, -Re]] of e^z
    import mpmath as mp
    with mp.workdps(30):
        e = mp.exp(mp.mpc(800, 0))
        grad = [_float(mp.re(e)), _float(-mp.im(e))]
        hess = [[_float(mp.re(e)), _float(-mp.im(e))], [_float(-mp.im(e)), _float(-mp.re(e))]]
    return np.array(grad), np.array(hess)


def _g(v):
    return np.real(np.exp(v[0] + 1j * v[1]))


def test_exp_of_x_plus_iy_every_mode():
    x = np.array([800.0, 0.0])
    grad, hess = _exp_truths()
    assert grad.tolist() == [np.inf, 0.0] and hess.tolist() == [[np.inf, 0.0], [0.0, -np.inf]]
    np.testing.assert_array_equal(wg.grad(_g)(x), grad)
    np.testing.assert_array_equal(wg.jvp(_g, (x,), (np.array([0.0, 1.0]),))[1], grad[1])
    np.testing.assert_array_equal(wg.hessian(_g)(x), hess)
    for k in range(2):
        along = np.eye(2)[k]
        np.testing.assert_array_equal(wg.jvp(wg.grad(_g), (x,), (along,))[1], hess[:, k])
    np.testing.assert_array_equal(wg.jacfwd(wg.jacfwd(_g))(x), hess)
    np.testing.assert_array_equal(wg.jacfwd(wg.jacrev(_g))(x), hess)
    replay = wg.jit(wg.grad(_g))
    np.testing.assert_allclose(replay(np.array([1.0, 2.0])), [np.e * np.cos(2.0), -np.e * np.sin(2.0)], rtol=1e-15)
    np.testing.assert_array_equal(replay(x), grad)


def test_exp_of_x_plus_iy_complex64():
    # (e^100 overflows complex64: inf + 0j, times 1j)
    x = np.array([100.0, 0.0], np.float32)
    got = wg.grad(lambda v: np.real(np.exp(v[0] + np.complex64(1j) * v[1])))(x)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, [np.inf, 0.0])


def test_erfcx_of_x_plus_iy():
    import mpmath as mp
    with mp.workdps(30):
        z = mp.mpc(-30, 1)
        w = mp.exp(z * z) * mp.erfc(z)
        d1 = 2 * z * w - 2 / mp.sqrt(mp.pi)
        d2 = 2 * w + 2 * z * d1
        # f(y) = Re erfcx(-30 + i y): f' = Re(i erfcx') = -Im erfcx', f'' = -Re erfcx''
        first, second = _float(-mp.im(d1)), _float(-mp.re(d2))
    assert (first, second) == (np.inf, np.inf)

    def f(y):
        return np.real(wsp.erfcx(-30.0 + 1j * y))
    assert wg.grad(f)(1.0) == first
    assert wg.jvp(f, (1.0,), (1.0,))[1] == first
    assert wg.hessian(f)(1.0) == second
    assert wg.jvp(wg.grad(f), (1.0,), (1.0,))[1] == second
    assert wg.jacfwd(wg.jacfwd(f))(1.0) == second
    replay = wg.jit(wg.grad(f))
    replay(0.5)
    assert replay(1.0) == first


def test_overflowed_cancellation_is_undefined():
    # |exp(700 + iy)|^2 = e^1400 does not depend on y (closed form: d/dy is 0), and overflows. Its cotangent conj(F) F
    # has an imaginary part that is a rounding error of |F|^2 = inf: ar bi + ai br, two overflows of opposite signs.
    # It was +inf (NumPy's fused multiply-add on an array), now NaN: not a confident infinity (decided). The real
    # part, a sum of overflows of one sign, stays +inf (the truth d/dx = 2 e^1400 overflows).
    f = lambda v: np.abs(np.exp(v[0] + 1j * v[1])) ** 2  # noqa: E731
    x = np.array([700.0, 0.5])
    got = wg.grad(f)(x)
    assert got[0] == np.inf and np.isnan(got[1])
    g = lambda y: np.abs(np.exp(700.0 + 1j * y)) ** 2  # noqa: E731
    assert np.isnan(wg.grad(g)(0.5)) and np.isnan(wg.jit(wg.grad(g))(0.5))
    assert np.isnan(wg.grad(lambda z: np.abs(np.exp(z)) ** 2)(np.array([700 + 0.5j]))[0].imag)
    for h in (np.sinh, np.cosh):
        assert np.isnan(wg.grad(lambda y: np.abs(h(700.0 + 1j * y)) ** 2)(0.5))
        assert np.isnan(wg.grad(lambda y: np.sum(np.abs(h(700.0 + 1j * y)) ** 2))(np.array([0.5]))[0])
    # a finite |F|^2 keeps its rounding error, below 1e-15 of the x-derivative (the truth 0)
    small = wg.grad(f)(np.array([350.0, 0.5]))
    assert abs(small[1]) <= 1e-15 * small[0]
