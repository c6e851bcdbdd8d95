"""d/dx x**y = y x**(y-1) with y - 1 rounded (1/3 - 1 loses its last bit), an exponent error x**(y-1) multiplies by
log x: 3.8e-14 off at x = 1e-300, y = 1/3 on every path (and y (y-1) x**(y-2) at second order). Each path against
mpmath's y x**(y-1) and y (y-1) x**(y-2) at the float y, to a few ulp."""
import functools
import math

import numpy as np
import pytest

import wengert as wg

XS = (1e-310, 1e-300, 1e-200, 1e300, 0.3)
XS2 = (1e-150, 1e150, 0.3)  # (second derivatives: at 1e+-200 and beyond they under- or overflow)
YS = (1.0 / 3.0, 0.2, 4.5, -2.5, 1e-3)


@functools.lru_cache(maxsize=None)
def _truth(x, y, order):
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        xm, ym = mp.mpf(x), mp.mpf(y)
        return float(ym * xm ** (ym - 1)) if order == 1 else float(ym * (ym - 1) * xm ** (ym - 2))


def _points(xs, order):
    # (the normal truths only: elsewhere the derivative under- or overflows)
    return [(x, y, _truth(x, y, order)) for x in xs for y in YS
            if 2.3e-308 < abs(_truth(x, y, order)) < math.inf]


def _jit_replayed(x, y):
    g = wg.grad(wg.jit(lambda v: v ** y))
    g(0.7)  # (the recording; the call below replays its scalar tape)
    return g(x)


def _array(make):
    # (the derivative at a one-entry array)
    return lambda y: lambda x: float(np.ravel(make(y)(np.array([x])))[0])


FIRST = {
    "grad": _array(lambda y: wg.grad(lambda v: np.sum(v ** y))),
    "scalar grad": lambda y: wg.grad(lambda v: v ** y),
    "scalar grad, y traced": lambda y: lambda x: wg.grad(lambda v, w: v ** w, argnums=(0, 1))(x, y)[0],
    "jacfwd": _array(lambda y: wg.jacfwd(lambda v: v ** y)),
    "scalar jacfwd": lambda y: wg.jacfwd(lambda v: v ** y),
    "float_power": _array(lambda y: wg.grad(lambda v: np.sum(np.float_power(v, y)))),
    "jit replay": lambda y: lambda x: _jit_replayed(x, y),
}
SECOND = {
    "grad(grad)": lambda y: wg.grad(wg.grad(lambda v: v ** y)),
    "jacrev(jacrev)": _array(lambda y: wg.jacrev(wg.jacrev(lambda v: v ** y))),
    "jacfwd(jacrev)": _array(lambda y: wg.jacfwd(wg.jacrev(lambda v: v ** y))),
    "jacrev(jacfwd)": _array(lambda y: wg.jacrev(wg.jacfwd(lambda v: v ** y))),
    "jacfwd(jacfwd)": _array(lambda y: wg.jacfwd(wg.jacfwd(lambda v: v ** y))),
}


@pytest.mark.parametrize("order, path", [(1, p) for p in FIRST] + [(2, p) for p in SECOND])
def test_power_rule_keeps_the_exponent_exact(order, path):
    make = (FIRST if order == 1 else SECOND)[path]
    errors = {(x, y): abs(make(y)(x) - t) / abs(t) for x, y, t in _points(XS if order == 1 else XS2, order)}
    worst = max(errors, key=errors.get)
    assert errors[worst] <= (4e-16 if order == 1 else 6e-16), (worst, errors[worst])


ARRAY_PATHS = {
    "grad": lambda y: wg.grad(lambda v: np.sum(v ** y)),
    "jacfwd": lambda y: lambda x: np.diag(wg.jacfwd(lambda v: v ** y)(x)),
}


@pytest.mark.parametrize("path", ARRAY_PATHS)
@pytest.mark.parametrize("y, xs", [
    (1.0 / 3.0, (5e-324, 1e-300, 0.3, 1e300)),  # y * (x**y / x) from the result at every point, a subnormal x too
    (0.2, (5e-324, 1e-300, 0.3, 1e300)),
    (-0.3, (1e-200, 0.3, 1e100)),
])
def test_array_power_rule_from_its_result(path, y, xs):
    # The array rule's y * (ans / x) where y - 1 rounds and ans, y ans / x are normal numbers, power_less at every
    # point of an array with one that is not (here 0 and a negative x, which keep their conventions: inf, NaN).
    make = ARRAY_PATHS[path](y)
    for extra in ((), (0.0, -1.0)):
        with np.errstate(invalid="ignore", divide="ignore"):  # ((-1)**y, 0**-0.3 themselves)
            got = make(np.array(extra + xs))
        if extra:
            assert np.isinf(got[0]) and np.isnan(got[1]), got[:2]
        errors = [abs(float(g) / _truth(x, y, 1) - 1.0) for x, g in zip(xs, got[len(extra):])]
        assert max(errors) <= 4e-16, (extra, errors)


@pytest.mark.parametrize("path", ARRAY_PATHS)
def test_array_power_rule_with_a_subnormal_exponent(path):
    # (y x**(y - 1) with x**(y - 1) beyond the largest float: scaled_power, whose factor y = 1e-310 is subnormal and
    # lost its bits in the product, 222 ulp off at x = 5e-324)
    xs = (5e-324, 1e-320, 1e-312)
    errors = [abs(float(g) / _truth(x, 1e-310, 1) - 1.0) for x, g in zip(xs, ARRAY_PATHS[path](1e-310)(np.array(xs)))]
    assert max(errors) <= 4e-16, errors


@pytest.mark.parametrize("path", ARRAY_PATHS)
def test_array_power_rule_from_its_result_on_a_0d_array(path):
    # (a 0-d x: x ** y / x is a NumPy scalar, not an array; its product with the tangent was written into it with
    # out=, a TypeError in forward mode: stats' pdfs at a traced 0-d x, e.g. exponpow.pdf(1e-8, 0.6))
    y, x = 1.0 / 3.0, 0.3
    got = ARRAY_PATHS[path](y)(np.array(x)) if path == "grad" else wg.jacfwd(lambda v: v ** y)(np.array(x))
    assert abs(float(got) / _truth(x, y, 1) - 1.0) <= 4e-16


@pytest.mark.parametrize("path", ["scalar grad", "scalar jacfwd", "jit replay"])
def test_scalar_power_rule_where_only_the_power_overflows(path):
    # (an exact y - 1 with |y| < 1: y x**(y - 1) = -0.25 x**-1.25 is -1.4e308 at x = 1e-247, x**-1.25 alone 5.6e308;
    # the scalar cores formed the second, -inf)
    assert FIRST[path](-0.25)(1e-247) == pytest.approx(_truth(1e-247, -0.25, 1), rel=4e-16, abs=0)


_HUGE = 2.0 ** 53 + 2.0  # (y - 1 = 2^53 + 1 rounds to 2^53: an even power for an odd one)
#: (x, y, d/dx x**y, d2/dx2 x**y) at a base with a sign bit: y - 1 rounding to an integer beside a y that is none
#: (1e-17, 1e-310: to -1) made x**(y - 1) real where x**y is NaN; at -0.0 x**(y - 1) is +0's, not (-0.0)**-1's -inf
NEGATIVE_BASES = [
    (-2.0, 1e-17, math.nan, math.nan), (-1.0, 1e-310, math.nan, math.nan), (-0.0, 1e-17, math.inf, -math.inf),
    (-1.0, _HUGE, -_HUGE, _HUGE * (_HUGE - 1.0)),
    (-2.0, 3.0, 12.0, -12.0), (-2.0, -2.0, 0.25, 0.375), (-2.0, 0.0, 0.0, 0.0),  # (exact exponents as before)
]
AT_NEGATIVE = {
    "grad": _array(lambda y: wg.grad(lambda v: np.sum(v ** y))),
    "scalar grad": lambda y: lambda x: wg.grad(lambda v: v ** y)(np.float64(x)),
    "0-d grad, y traced": lambda y: lambda x: wg.grad(lambda v, w: v ** w)(np.array(x), np.array(y)),
    "jvp": lambda y: lambda x: wg.jvp(lambda v: v ** y, (np.float64(x),), (np.float64(1.0),))[1],
    "jacfwd": _array(lambda y: wg.jacfwd(lambda v: v ** y)),
    "jit replay": lambda y: lambda x: wg.jit(wg.grad(lambda v: v ** y))(np.float64(x)),
    "grad(grad)": lambda y: lambda x: wg.grad(wg.grad(lambda v: v ** y))(np.float64(x)),
    "hessian": _array(lambda y: wg.hessian(lambda v: np.sum(v ** y))),
    "jacrev(jacfwd)": _array(lambda y: wg.jacrev(wg.jacfwd(lambda v: v ** y))),
    "jacfwd(jacfwd)": _array(lambda y: wg.jacfwd(wg.jacfwd(lambda v: v ** y))),
    "jvp(grad)": lambda y: lambda x: wg.jvp(wg.grad(lambda v: v ** y), (np.float64(x),), (np.float64(1.0),))[1],
}


@pytest.mark.parametrize("path", AT_NEGATIVE)
def test_power_rule_at_a_negative_base_where_y_minus_1_rounds_to_an_integer(path):
    second = path in ("grad(grad)", "hessian", "jacrev(jacfwd)", "jacfwd(jacfwd)", "jvp(grad)")
    got, want = [], []
    for x, y, first_truth, second_truth in NEGATIVE_BASES:
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):  # ((-2)**1e-17 itself)
            got.append(float(AT_NEGATIVE[path](y)(x)))
        want.append(second_truth if second else first_truth)
    np.testing.assert_allclose(got, want, rtol=4e-16, atol=0)


#: (dtype, x, y, order): float32 and float16 powers out of their range where the derivative is not (grad of
#: sum(v ** 1e-3) at 1e-40 was inf for 9.12e36, the Hessian of sum(v ** 1e-20) at 1e-25 -inf for -1e30, float16's
#: grad at 6e-8 inf for 1.65e4), and y - 1 rounded in float32 (an error times log x: 32 ulp at 1e-38, y = 1/3)
NARROW = [
    (np.float32, 1e-40, 1e-3, 1), (np.float32, 1e-38, 1.0 / 3.0, 1), (np.float16, 6e-8, 1e-3, 1),
    (np.float32, 1e-25, 1e-20, 2), (np.float32, 1e-20, 0.3, 2), (np.float32, 1e5, -0.7, 2),
]
NARROW_PATHS = {
    "grad": lambda y: lambda x: wg.grad(lambda v: np.sum(v ** y))(np.stack([x, x]))[0],
    "scalar grad": lambda y: wg.grad(lambda v: v ** y),
    "jacfwd": lambda y: lambda x: wg.jacfwd(lambda v: v ** y)(np.stack([x, x]))[0, 0],
    "hessian": lambda y: lambda x: wg.hessian(lambda v: np.sum(v ** y))(np.stack([x, x]))[0, 0],
    "jacrev(jacfwd)": lambda y: lambda x: wg.jacrev(wg.jacfwd(lambda v: np.sum(v ** y)))(np.stack([x, x]))[0, 0],
    "jvp(grad)": lambda y: lambda x: wg.jvp(wg.grad(lambda v: v ** y), (x,), (x.dtype.type(1),))[1],
}


@functools.lru_cache(maxsize=None)
def _narrow_truth(x, y, order):
    return _truth(x, y, order)  # (at the narrow x and y, both exact in float64)


@pytest.mark.parametrize("path", NARROW_PATHS)
def test_narrow_power_rule_in_float64(path):
    second = path in ("hessian", "jacrev(jacfwd)", "jvp(grad)")
    for kind, x, y, order in NARROW:
        if (order == 2) != second:
            continue
        x, y = kind(x), kind(y)
        with np.errstate(over="ignore", under="ignore"):
            got = NARROW_PATHS[path](y)(x)
        assert np.asarray(got).dtype == kind
        want = _narrow_truth(float(x), float(y), order)
        assert abs(float(got) - want) <= 2 * abs(float(np.spacing(kind(want)))), (kind, x, y, float(got), want)


# (complex x, real y: tiny, huge, on the imaginary axis, beside the branch cut, ordinary)
COMPLEX = ((1e-310 + 0j, 1e-3), (1e-310 + 0j, 0.5), (1e-200j, 0.5), (1e300 - 2e299j, 1.0 / 3.0),
           (-1e-300 + 1e-300j, 1e-3), (0.3 + 0.4j, 0.7))


@functools.lru_cache(maxsize=None)
def _complex_truth(x, y):
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        return complex(mp.mpf(y) * mp.mpc(x) ** (mp.mpf(y) - 1))  # (mpmath's principal branch, NumPy's)


def _parts(z):
    return np.stack([np.real(z), np.imag(z)])


COMPLEX_PATHS = {  # (each gives d/dx x**y: grad of real(f) is f', of imag(f) -1j f')
    "grad of real": lambda x, y: wg.grad(lambda u: np.real(u ** y))(x),
    "grad of imag": lambda x, y: 1j * wg.grad(lambda u: np.imag(u ** y))(x),
    "array grad": lambda x, y: wg.grad(lambda v: np.sum(np.real(v ** y)))(np.array([x, 2 * x]))[0],
    "jvp": lambda x, y: wg.jvp(lambda u: u ** y, (x,), (1 + 0j,))[1],
    "jacfwd": lambda x, y: complex(*wg.jacfwd(lambda v: _parts((v[0] + 1j * v[1]) ** y))(
        np.array([x.real, x.imag]))[:, 0]),
}


@pytest.mark.parametrize("path", COMPLEX_PATHS)
def test_complex_base_power_rule(path):
    # y x**(y - 1) through NumPy's complex power, exp((y - 1) log x), lost |(y - 1) log|x|| ulp (81 at 1e-200j,
    # y = 0.5) and overflowed where the product did not: nan + nanj at 1e-310 + 0j, y = 1e-3, for 4.8978e306
    for x, y in COMPLEX:
        want = _complex_truth(x, y)
        got = complex(COMPLEX_PATHS[path](x, y))
        tol = 4 * np.spacing(abs(want))
        assert abs(got.real - want.real) <= tol and abs(got.imag - want.imag) <= tol, (x, y, got, want)


def _complex_second_truth(x, y):
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        return complex(mp.mpf(y) * (mp.mpf(y) - 1) * mp.mpc(x.real, x.imag) ** (mp.mpf(y) - 2))


COMPLEX_SECOND = {  # (each gives d2/dx2 x**y along the real axis: a holomorphic x**y's f'')
    "grad(grad) of real and imag": lambda x, y: complex(
        wg.grad(wg.grad(lambda a: np.real((a + 1j * x.imag) ** y)))(x.real),
        wg.grad(wg.grad(lambda a: np.imag((a + 1j * x.imag) ** y)))(x.real)),
    "jvp(jvp)": lambda x, y: wg.jvp(lambda u: wg.jvp(lambda v: v ** y, (u,), (1 + 0j,))[1], (x,), (1 + 0j,))[1],
}


@pytest.mark.parametrize("path", COMPLEX_SECOND)
def test_complex_base_second_derivative(path):
    # (the second derivative's power x**(y - 2) from y - 1 = d + lo rounded, lo dropped at a complex x (power_less):
    # d2/da2 of real((a + bi) ** (1/3)) at |x| = 1e-100 was 58 ulp off, lo log|x| in the exponent; now power_lo
    # keeps lo at a complex128 x too, its power by modulus and phase, elementwise._complex_power)
    for r in (1e-100, 1e100, 0.7):
        for t in (0.3, 1.5707963267948966, -2.5):
            x = complex(r * math.cos(t), r * math.sin(t))
            for y in (1.0 / 3.0, 1e-3, 2.5):
                want = _complex_second_truth(x, y)
                got = complex(COMPLEX_SECOND[path](x, y))
                assert abs(got - want) <= 8 * np.spacing(abs(want)), (x, y, got, want)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
@pytest.mark.parametrize("y", [2.0, 3.0])
def test_narrow_power_rule_at_an_all_zero_base(dtype, y):
    # the narrow-dtype check took log2 of the largest |x|, 0 for an all-zero x: grad of sum(v ** 2) at
    # float32 zeros raised "ValueError: math domain error" (and norm(v) ** 2 there). The truth: 0, Hessian 2 I for y = 2
    z = np.zeros(2, dtype=dtype)
    g = wg.grad(lambda v: np.sum(v ** y))(z)
    assert g.dtype == dtype and not np.any(g)
    h = wg.hessian(lambda v: np.sum(v ** y))(z)
    np.testing.assert_array_equal(h, 2.0 * np.eye(2) if y == 2.0 else np.zeros((2, 2)))
    assert not np.any(wg.grad(lambda v: np.linalg.norm(v) ** y)(z))
