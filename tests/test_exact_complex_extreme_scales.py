"""Complex derivatives at extreme scales that were silently NaN or inexact, each against an
exact truth at first and second order, in reverse and forward mode:

- complex division ``x / y`` (``np.true_divide``, ``np.divide``, the operator, a constant
  or a Var over a complex Var): d/dy was NaN at the 1e-300 scale (``-g * ans / y`` divided
  a quotient near the overflow again, and Smith's division made NaN of its infinity), where
  the truth overflows to infinities of definite signs;
- ``np.arccosh``'s second derivative near 0;
- ``np.log``, ``np.sqrt``, ``np.reciprocal`` (and ``log2``, ``log10``) of complex ``z``: the
  second derivatives were NaN at the 1e-300 scale (complex infinities multiplied and divided
  in the chain), where the truth overflows to infinities of definite signs or is finite; a
  real variable through them.
"""
import math
from fractions import Fraction

import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from opcheck import lazy_mp as mp
from test_exact_special_limits import _assert_paths, _close


def _rounded(re, im):
    # each exact part rounded to a double: its infinity beyond the range, 0 below it
    def part(q):
        try:
            return float(q)
        except OverflowError:
            return math.inf if q > 0 else -math.inf
    return complex(part(re), part(im))


class _Exact:
    """A complex rational: the truth of x / y's derivatives at any scale."""

    def __init__(self, re, im=Fraction(0)):
        self.re, self.im = Fraction(re), Fraction(im)

    def __add__(self, o):
        return _Exact(self.re + o.re, self.im + o.im)

    def __mul__(self, o):
        return _Exact(self.re * o.re - self.im * o.im, self.re * o.im + self.im * o.re)

    def inverse(self):
        d = self.re * self.re + self.im * self.im
        return _Exact(self.re / d, -self.im / d)

    def scaled(self, k):
        return _Exact(self.re * k, self.im * k)

    def rounded(self):
        return _rounded(self.re, self.im)


def _exact(z):
    z = complex(z)
    return _Exact(z.real, z.imag)


def _derivatives(x, y):
    """{(i, j): d/d args[i] (j None) or d^2 / d args[j] d args[i] of x / y}, exactly."""
    X, r = _exact(x), _exact(y).inverse()
    r2 = r * r
    return {(0, None): r.rounded(), (1, None): (X * r2).scaled(-1).rounded(),
            (1, 1): (X * r2 * r).scaled(2).rounded(), (0, 1): r2.scaled(-1).rounded(),
            (1, 0): r2.scaled(-1).rounded()}


def _complex_paths(f, args, i, j=None):
    """d f / d args[i] or d^2 f / d args[j] d args[i] (holomorphic: no conjugate) on every
    path: vjp and jvp, both ways round at second order, on numbers and one-element arrays."""
    out = {}
    for kind in ("number", "array"):
        a = tuple(v if kind == "number" else np.array([v]) for v in args)

        def at(k, u, b):
            return b[:k] + (u,) + b[k + 1:]

        def d(*b):
            return wg.vjp(lambda u: f(*at(i, u, b)), b[i])[1](np.ones_like(f(*b))[()])[0]

        def t(*b):
            return wg.jvp(lambda u: f(*at(i, u, b)), (b[i],), (np.ones_like(b[i])[()],))[1]
        if j is None:
            out[f"vjp, {kind}"], out[f"jvp, {kind}"] = d(*a), t(*a)
            continue
        for name, g in (("vjp", d), ("jvp", t)):
            seed = np.ones_like(a[j])[()]
            out[f"jvp of {name}, {kind}"] = wg.jvp(lambda u: g(*at(j, u, a)), (a[j],), (seed,))[1]
            out[f"vjp of {name}, {kind}"] = wg.vjp(lambda u: g(*at(j, u, a)), a[j])[1](np.ones_like(g(*a))[()])[0]
    return {k: complex(np.ravel(v)[0]) for k, v in out.items()}


#: (x, y) for x / y: d/dy was NaN + inf j at 1e-300 (1 + 1j) (the truth 0 + inf j), and NaN
#: on 94 of the 200 checks below before
DIVISIONS = [
    (1 + 0j, 1e-300 + 1e-300j), (2 + 1j, 3e-170 + 2e-170j), (1 + 0j, 1e-300 + 0j), (1 - 1j, 1e-300j),
    (1 + 0j, 2e-300 + 1e-300j), (1e-300 + 1e-300j, 1e-300 - 1e-300j), (1 + 0j, 1e300 + 1e300j),
    (1e300 + 0j, 1e-10 + 1e-10j), (2 + 3j, 1e-100 - 2e-100j), (1 + 2j, 1e-300 + 0j), (2 + 1j, 0.5 - 3j),
]


@pytest.mark.parametrize("x, y", DIVISIONS, ids=[f"{c[0]}/{c[1]}" for c in DIVISIONS])
def test_complex_division_at_extreme_scales(x, y):
    truths = _derivatives(x, y)
    with np.errstate(over="ignore", under="ignore"):
        for (i, j), want in truths.items():
            try:
                _assert_complex(_complex_paths(lambda a, b: a / b, (x, y), i, j), want, 1e-14)
            except AssertionError as e:
                raise AssertionError(f"d/d{'xy'[i]}{'' if j is None else ' d/d' + 'xy'[j]}: {e}") from None


@pytest.mark.parametrize("spell", [
    lambda z: 1.0 / z, lambda z: np.divide(1.0, z), lambda z: np.true_divide(1.0, z), lambda z: (2 + 1j) / z,
], ids=["1.0 / z", "np.divide", "np.true_divide", "constant / z"])
@pytest.mark.parametrize("z", [1e-300 + 1e-300j, 3e-170 + 2e-170j, -2e-300 + 0j])
def test_complex_division_by_a_var(spell, z):
    c = complex(spell(1.0 + 0j))  # the constant numerator
    truths = _derivatives(c, z)
    with np.errstate(over="ignore", under="ignore"):
        _assert_complex(_complex_paths(spell, (z,), 0), truths[1, None], 1e-14)
        _assert_complex(_complex_paths(spell, (z,), 0, 0), truths[1, 1], 1e-14)


def test_complex_numerator_over_a_real_var():
    # d/dy (1 + 2j) / y = -(1 + 2j) / y^2, -inf - inf j at y = 1e-300 (the real y's
    # cotangent from a complex result); second derivative 2 (1 + 2j) / y^3
    f = lambda y: (1 + 2j) / y  # noqa: E731
    with np.errstate(over="ignore", under="ignore"):
        assert wg.jvp(f, (1e-300,), (1.0,))[1] == complex(-np.inf, -np.inf)
        assert wg.grad(lambda y: np.imag(f(y)))(1e-300) == -np.inf
        assert wg.grad(wg.grad(lambda y: np.imag(f(y))))(1e-300) == np.inf
        assert wg.jvp(lambda y: wg.jvp(f, (y,), (1.0,))[1], (1e-300,), (1.0,))[1] == complex(np.inf, np.inf)
    assert wg.jvp(f, (2.0,), (1.0,))[1] == -0.25 - 0.5j


def test_complex_division_broadcast_at_second_order():
    # y (and x) broadcast against the other: the second derivatives' cotangents are summed
    # back to each argument's shape (a shape error before); exact: sum 2 x / y^3, -1 / y^2
    x, y = np.array([1 + 1j, 2.0, 3j]), 0.5 - 1j
    r = _exact(y).inverse()
    exact = _Exact(0)
    for v in x:
        exact = exact + _exact(v) * r * r * r
    want_yy, want_xy = exact.scaled(2).rounded(), (r * r).scaled(-1).rounded()
    f = lambda a, b: np.sum(a / b)  # noqa: E731
    _assert_complex(_complex_paths(lambda b: f(x, b), (y,), 0, 0), want_yy, 1e-14)
    dy = lambda a: wg.vjp(lambda b: f(a, b), y)[1](1 + 0j)[0]  # noqa: E731
    got = wg.vjp(dy, x)[1](1 + 0j)[0]
    np.testing.assert_allclose(got, np.full(3, want_xy), rtol=1e-14)
    got = wg.jvp(dy, (x,), (np.ones(3, complex),))[1]
    np.testing.assert_allclose(got, 3 * want_xy, rtol=1e-14)


#: (z, arccosh''(z) = -z / (sqrt(z - 1) sqrt(z + 1))^3), mpmath at 50 digits on NumPy's branch
#: (sqrt(z - 1) = -i sqrt(1 - z) below the cut, for a negative zero imaginary part)
ARCCOSH = [
    (2e-300 + 1e-300j, 1e-300 - 2e-300j),  # was 1e-300 + 0j on every second-order path
    (1e-20 - 1e-20j, 1e-20 + 1e-20j),  # was 1e-20 + 0j
    (complex(1e-300, 0.0), -1e-300j),  # was 0
    (complex(0.2, 0.0), -0.21262931794992868j),
    (complex(0.2, -0.0), 0.21262931794992868j),
    (-0.3 + 0.4j, 0.41432557243563967 + 0.13387677371543813j),
    (0.49 - 0.2j, 0.48163318653940607 + 0.5191085600833919j),
    (2 + 1j, -0.08631830465635532 + 0.22011553720432225j),
]


@pytest.mark.parametrize("z, second", ARCCOSH, ids=[repr(c[0]) for c in ARCCOSH])
def test_arccosh_second_derivative_near_0(z, second):
    # arccosh'' near 0 is O(z): the derivative of the two reciprocals cancelled to O(eps)
    _assert_complex(_complex_paths(np.arccosh, (z,), 0, 0), second, 1e-14)


def _unary_complex_paths(f, z, order):
    """f'(z) or f''(z) for complex z on every path (holomorphic: no conjugate): forward,
    reverse, both ways round at second order, on a complex number and a one-element array."""
    out = {}
    for kind, point in (("number", z), ("array", np.array([z]))):
        one = np.ones_like(point)[()]

        def d(u, one=one):
            return wg.vjp(f, u)[1](one)[0]

        def t(u, one=one):
            return wg.jvp(f, (u,), (one,))[1]
        if order == 1:
            out[f"jvp, {kind}"] = wg.jvp(f, (point,), (one,))[1]
            out[f"vjp, {kind}"] = wg.vjp(f, point)[1](one)[0]
        else:
            out[f"jvp of vjp, {kind}"] = wg.jvp(d, (point,), (one,))[1]
            out[f"jvp of jvp, {kind}"] = wg.jvp(t, (point,), (one,))[1]
            out[f"vjp of vjp, {kind}"] = wg.vjp(d, point)[1](one)[0]
    return {k: complex(np.ravel(v)[0]) for k, v in out.items()}


def _assert_complex(got, want, rtol):
    # each part: its infinity, 0 (of either sign: an underflow), or within rtol of |f'|
    for path, value in got.items():
        for a, b in ((value.real, want.real), (value.imag, want.imag)):
            ok = a == b if (math.isinf(b) or b == 0.0) else abs(a - b) <= rtol * abs(want)
            assert ok, (path, value, want)


#: (function, z, f'(z), f''(z)): mpmath at 60 digits, each part rounded to a double (its
#: infinity beyond the range, 0 below it): -1/z^2 and 2/z^3, 1/z and -1/z^2, 0.5 z^-1/2 and
#: -0.25 z^-3/2. The second derivatives at the 1e-300 scale were NaN on every path.
COMPLEX = [
    (np.log, (1e-300+1e-300j), complex(4.9999999999999995e+299, -4.9999999999999995e+299), complex(0.0, np.inf)),
    (np.log, (2e-300+1e-300j), complex(4e+299, -2e+299), complex(-np.inf, np.inf)),
    (np.log, (-1e-300+2e-300j), complex(-2e+299, -4e+299), complex(np.inf, -np.inf)),
    (np.log, 1e-300j, complex(0.0, -9.999999999999999e+299), complex(np.inf, 0.0)),
    (np.log, (1e-160+1e-160j), complex(5e+159, -5e+159), complex(0.0, np.inf)),
    (np.log, (1e-200+3e-200j), complex(1e+199, -3e+199), complex(np.inf, np.inf)),
    (np.log, (1e+300+1e+300j), complex(5e-301, -5e-301), complex(0.0, 0.0)),
    (np.log, (-3e+300+1e+300j), complex(-3e-301, -9.999999999999999e-302), complex(-0.0, -0.0)),
    (np.log, (1e-100-2e-100j), complex(2e+99, 4e+99), complex(1.1999999999999999e+199, -1.6e+199)),
    (np.log, (-1e-300-1e-300j), complex(-4.9999999999999995e+299, 4.9999999999999995e+299), complex(0.0, np.inf)),
    (np.log, (-2e-300+0j), complex(-4.9999999999999995e+299, 0.0), complex(-np.inf, 0.0)),
    (np.sqrt, (1e-300+1e-300j), complex(3.884434935075093e+149, -1.6089856322639565e+149), complex(-np.inf, np.inf)),
    (np.sqrt, (2e-300+1e-300j), complex(3.254254130173222e+149, -7.682251907803299e+148), complex(-np.inf, np.inf)),
    (np.sqrt, (-1e-300+2e-300j), complex(1.7578879212707146e+149, -2.8443224050289155e+149), complex(np.inf, np.inf)),
    (np.sqrt, 1e-300j, complex(3.5355339059327374e+149, -3.5355339059327374e+149), complex(np.inf, np.inf)),
    (np.sqrt, (1e-160+1e-160j), complex(3.884434935075093e+79, -1.6089856322639566e+79), complex(-5.688623257027841e+238, 1.3733551418347624e+239)),
    (np.sqrt, (1e-200+3e-200j), complex(2.2809750273096974e+99, -1.644033781651239e+99), complex(1.3255631588220102e+298, 4.243479431790165e+298)),
    (np.sqrt, (1e+300+1e+300j), complex(3.884434935075093e-151, -1.6089856322639565e-151), complex(-0.0, 0.0)),
    (np.sqrt, (-3e+300+1e+300j), complex(4.503854740225023e-152, -2.7754003450332123e-151), complex(0.0, -0.0)),
    (np.sqrt, (1e-100-2e-100j), complex(2.8443224050289154e+49, 1.7578879212707146e+49), complex(6.714534375125138e+147, -7.446532731328546e+148)),
    (np.sqrt, (-1e-300-1e-300j), complex(1.6089856322639565e+149, 3.884434935075093e+149), complex(np.inf, np.inf)),
    (np.sqrt, (-2e-300+0j), complex(0.0, -3.5355339059327374e+149), complex(0.0, -np.inf)),
    (np.reciprocal, (1e-300+1e-300j), complex(0.0, np.inf), complex(-np.inf, -np.inf)),
    (np.reciprocal, (2e-300+1e-300j), complex(-np.inf, np.inf), complex(np.inf, -np.inf)),
    (np.reciprocal, (-1e-300+2e-300j), complex(np.inf, -np.inf), complex(np.inf, np.inf)),
    (np.reciprocal, 1e-300j, complex(np.inf, 0.0), complex(0.0, np.inf)),
    (np.reciprocal, (1e-160+1e-160j), complex(0.0, np.inf), complex(-np.inf, -np.inf)),
    (np.reciprocal, (1e-200+3e-200j), complex(np.inf, np.inf), complex(-np.inf, np.inf)),
    (np.reciprocal, (1e+300+1e+300j), complex(0.0, 0.0), complex(-0.0, -0.0)),
    (np.reciprocal, (-3e+300+1e+300j), complex(-0.0, -0.0), complex(-0.0, -0.0)),
    (np.reciprocal, (1e-100-2e-100j), complex(1.1999999999999999e+199, -1.6e+199), complex(-1.76e+299, -3.1999999999999996e+298)),
    (np.reciprocal, (-1e-300-1e-300j), complex(0.0, np.inf), complex(np.inf, np.inf)),
    (np.reciprocal, (-2e-300+0j), complex(-np.inf, 0.0), complex(-np.inf, 0.0)),
]


@pytest.mark.parametrize("f, z, first, second", COMPLEX, ids=[f"{c[0].__name__}({c[1]})" for c in COMPLEX])
def test_complex_derivatives_at_extreme_scales(f, z, first, second):
    _assert_complex(_unary_complex_paths(f, z, 1), first, 1e-15)
    _assert_complex(_unary_complex_paths(f, z, 2), second, 1e-15)


@pytest.mark.parametrize("f, z, second", [
    # complex64: log'' = -1/z^2 = 0.5e60 j at 1e-30 (1 + j), sqrt'' and 1/z's past float32 too
    (np.log, 1e-30 + 1e-30j, complex(0.0, np.inf)),
    (np.reciprocal, 1e-30 + 1e-30j, complex(-np.inf, -np.inf)),
    (np.sqrt, 1e-30 + 1e-30j, complex(-np.inf, np.inf)),
    (np.log, 1e-10 - 2e-10j, complex(1.2e19, -1.6e19)),  # finite: -1/z^2
])
def test_complex64_second_derivatives(f, z, second):
    z = np.complex64(z)
    got = _unary_complex_paths(f, z, 2)
    assert np.asarray(wg.jvp(lambda u: wg.vjp(f, u)[1](np.complex64(1))[0], (z,), (np.complex64(1),))[1]).dtype \
        == np.complex64
    _assert_complex(got, second, 1e-6)


@pytest.mark.parametrize("t, first, second", [
    (1e-100, -3.9999999999999998e+199, 7.9999999999999995e+299),
    (0.5, 0.40660243776802414, 5.5005462800260664),
])
def test_real_variable_through_complex_log_sqrt_reciprocal(t, first, second):
    # a real Var or Dual entering the complex rules (forward mode's own JVP of inverse_power);
    # mpmath: arg(1 + 2j) - Re(1 / (t^2 (2 + j))) + Im(sqrt(-1 + 2j) / (2 sqrt(t))) and its derivative
    def f(u):
        return (np.imag(np.log(u * (1 + 2j))) * u + np.real(np.reciprocal(u * (2 + 1j)))
                + np.imag(np.sqrt(u * (-1 + 2j))))
    _assert_paths(f, (t,), 0, None, first, 1e-15)
    _assert_paths(f, (t,), 0, 0, second, 1e-15)
    _close(wg.jvp(lambda u: wg.jvp(f, (u,), (1.0,))[1], (t,), (1.0,))[1], second, 1e-15)


@pytest.mark.parametrize("z", [1e-300 + 1e-300j, -3e-200 + 1e-200j, 1e-160 - 1e-160j])
def test_abs_squared_of_a_tiny_complex_z(z):
    # |z|^2 = x^2 + y^2 exactly: gradient 2 conj(z), Hessian 2 I. abs's pullback formed g * conj(z) before dividing
    # by |z|: 0 at the 1e-300 scale (gradient 0 for 2e-300 (1 - 1j), Hessian [[3, 1], [1, 3]]), subnormal digits at
    # 1e-160 (2.00007e-160 for 2e-160); now the unit conj(z) / |z| first
    f = lambda u: np.abs(u) ** 2  # noqa: E731
    r = lambda v: np.abs(v[0] + 1j * v[1]) ** 2  # noqa: E731
    v = np.array([z.real, z.imag])
    assert wg.grad(f)(z) == pytest.approx(2 * z.conjugate(), rel=1e-15, abs=0.0)
    np.testing.assert_allclose(wg.grad(r)(v), 2 * v, rtol=1e-15, atol=0.0)
    two = 2 * np.eye(2)
    for h in (wg.hessian(r)(v), wg.jacfwd(wg.jacrev(r))(v), np.stack([wg.jvp(wg.grad(r), (v,), (e,))[1] for e in np.eye(2)])):
        np.testing.assert_allclose(h, two, rtol=1e-15, atol=1e-15)  # (off the diagonal: rounding of 2)
    assert wg.jvp(wg.grad(f), (z,), (1 + 0j,))[1] == pytest.approx(2.0, rel=1e-15, abs=0.0)
    assert wg.jvp(wg.grad(f), (z,), (1j,))[1] == pytest.approx(-2j, rel=1e-15, abs=0.0)


@pytest.mark.parametrize("name, z", [
    ("arcsin", 1 + 1e-10j), ("arcsin", -1 - 3e-9j), ("arccos", -1 + 1e-10j), ("arctanh", 1 + 1e-10j),
    ("arctanh", -1 + 2e-8j), ("arctan", 1e-10 + 1j), ("arctan", -1e-10 - 1j),
    ("arcsinh", 1e-10 + 1j), ("arcsinh", -3e-9 - 1j),
])
def test_inverse_functions_beside_their_branch_points(name, z):
    # 1 -+ z * z (1 + z * z) cancelled near z = +-1 (+-i): arcsin'(1 + 1e-10j) was 2.5e-11 off, arctan'(1e-10 + 1j) and
    # arctanh'(1 + 1e-10j) had the real part 0 for 0.25 (of a modulus 5e9), arcsinh'(1e-10 + 1j) (1 / cosh(ans)) was
    # 8.5e-13 off; truths: mpmath's derivative at 50 digits
    fun = getattr(np, name)
    with mp.workdps(50):
        m = {"arcsin": mp.asin, "arccos": mp.acos, "arctanh": mp.atanh, "arctan": mp.atan, "arcsinh": mp.asinh}[name]
        w = mp.mpc(z.real, z.imag)
        want = [complex(mp.diff(m, w, n)) for n in (1, 2)]
    _assert_complex(_unary_complex_paths(fun, z, 1), want[0], 1e-14)
    _assert_complex(_unary_complex_paths(fun, z, 2), want[1], 1e-14)


@pytest.mark.parametrize("z, unit", [
    (complex(5e-324, 0.0), 1 + 0j), (1e-310j, -1j), (complex(-5e-324, 1e-323), (-1 - 2j) / math.sqrt(5.0)),
    (np.complex64(complex(-1e-45, 3e-45)), (-1 - 2j) / math.sqrt(5.0)),  # (float32's 1 and 2 subnormal units)
])
def test_abs_of_a_subnormal_complex_z(z, unit):
    # d|z| = conj(z) / |z|: NumPy's complex division by a subnormal |z| overflowed (NaN for 1 and -1j), and a
    # subnormal |z| has few digits (-0.5 - 1j for (-1 - 2j) / sqrt(5)); z and |z| are now scaled by 2^200 (2^50)
    with np.errstate(all="ignore"):
        for got in (wg.grad(np.abs)(z), wg.grad(lambda u: np.sum(np.abs(u)))(np.array([z]))[0]):
            assert got == pytest.approx(unit, rel=1e-6 if np.asarray(z).dtype == np.complex64 else 1e-15)
            assert np.asarray(got).dtype == np.asarray(z).dtype


@pytest.mark.parametrize("z", [1.5e308 + 1.5e308j, 1e308 - 1e308j, np.complex64(complex(3e38, -3e38))])
def test_abs_of_a_complex_z_whose_modulus_overflows(z):
    # d|z| = conj(z) / |z|: |z| = inf at 1.5e308 (1 + 1j) (the gradient was 0 for 0.707 (1 - 1j); complex64 at
    # 3e38 (1 - 1j) too), and NumPy's complex division takes 1 / |z|, subnormal near the top (0.7071067811865472 for
    # ...476 at 1e308 (1 - 1j)); z is now scaled by 2^-200 (2^-50) first. Truths: mpmath at 50 digits, the Hessian
    # of (x, y) -> |x + iy| too, [[y^2, -xy], [-xy, x^2]] / |z|^3
    with mp.workdps(50):
        a, b = mp.mpf(float(z.real)), mp.mpf(float(z.imag))
        r = mp.sqrt(a * a + b * b)
        unit = complex(a / r, -b / r)
        hess = [[float(b * b / r ** 3), float(-a * b / r ** 3)], [float(-a * b / r ** 3), float(a * a / r ** 3)]]
    c64 = np.asarray(z).dtype == np.complex64
    for got in (wg.grad(np.abs)(z), wg.grad(lambda u: np.sum(np.abs(u)))(np.array([z]))[0]):
        assert got == pytest.approx(unit, rel=1e-6 if c64 else 4e-16, abs=0.0)
        assert np.asarray(got).dtype == np.asarray(z).dtype
    if not c64:
        f = lambda v: np.abs(v[0] + 1j * v[1])  # noqa: E731
        v = np.array([z.real, z.imag])
        jitted = wg.jit(wg.grad(f))
        jitted(np.array([1.0, 2.0]))
        np.testing.assert_allclose(jitted(v), [unit.real, -unit.imag], rtol=4e-16, atol=0.0)
        for h in (wg.hessian(f)(v), wg.jacfwd(wg.jacrev(f))(v)):
            np.testing.assert_allclose(h, hess, rtol=1e-15, atol=0.0)


@pytest.mark.parametrize("z", [1e10 + 1e-12j, 1e5 + 1e-5j, 1 + 1e-10j])
def test_fresnel_derivatives_of_a_complex_z(z):
    # S' = sin(pi z^2 / 2), C' = cos(pi z^2 / 2) formed pi z^2 / 2 in floating point, off by about |z|^2 ulps: S'(1e10 +
    # 1e-12j) was 0.20 - 0.031j for 0.031j; the real part of z^2 is now reduced modulo 4 exactly, as for a real z.
    # Truths: mpmath at 50 digits (S'' = pi z C', C'' = -pi z S')
    import wengert.scipy.special as wsp
    with mp.workdps(50):
        w = mp.mpc(z.real, z.imag)
        phase = mp.pi * w * w / 2
        want = {0: (mp.sin(phase), mp.pi * w * mp.cos(phase)), 1: (mp.cos(phase), -mp.pi * w * mp.sin(phase))}
    for part, (first, second) in want.items():
        _assert_complex(_unary_complex_paths(lambda u: wsp.fresnel(u)[part], z, 1), complex(first), 1e-14)
        _assert_complex(_unary_complex_paths(lambda u: wsp.fresnel(u)[part], z, 2), complex(second), 1e-14)


@pytest.mark.parametrize("z, c", [(3e-200 + 4e-200j, 1.0), (3e-200 + 4e-200j, 1e-200), (-1e-300 + 2e-300j, 1e-300)])
def test_abs_of_a_tiny_complex_z_reverse_over_reverse(z, c):
    # the Hessian of c |z| through reverse over reverse: abs's d/d|z| term, -g conj(z) / |z|^2 by inverse_power, formed
    # g (~c) times conj(z) first, 0 below 1e-308: jacrev(grad) of |z|^2 at 3e-200 + 4e-200j was [[2.72, 0.96], [0.96,
    # 3.28]] for 2 I (only the I / |z| term), of 1e-200 |z| [[1, 0], [0, 1]] for [[0.64, -0.48], [-0.48, 0.36]];
    # truths: c (|z|^2 I - v v^T) / |z|^3 at the doubles (mpmath, 50 digits)
    v = np.array([z.real, z.imag])
    with mp.workdps(50):
        x, y = mp.mpf(z.real), mp.mpf(z.imag)
        r3 = mp.sqrt(x * x + y * y) ** 3
        want = np.array([[float(c * y * y / r3), float(-c * x * y / r3)], [float(-c * x * y / r3), float(c * x * x / r3)]])
    h = wg.jacrev(wg.grad(lambda v: c * np.abs(v[0] + 1j * v[1])))(v)
    np.testing.assert_allclose(h, want, rtol=1e-14, atol=0.0)
    r = lambda v: np.abs(v[0] + 1j * v[1]) ** 2  # noqa: E731
    np.testing.assert_allclose(wg.jacrev(wg.grad(r))(v), 2 * np.eye(2), rtol=1e-15, atol=1e-15)


def test_polyval_of_a_huge_complex_z():
    # Horner's first step 0 * z took part in the derivative: its cotangent, the rest of the polynomial's, overflowed, so
    # grad of real(polyval([1, 2, 3], z)) at 1e300 (1 + 1j) was inf * 0 = NaN for p'(z) = 2 z + 2 (exact here)
    p = np.array([1.0, 2.0, 3.0])
    for z in (1e300 + 1e300j, -1e300 + 0j, 1e155 - 1e155j):
        with np.errstate(over="ignore", invalid="ignore"):  # (the value's own overflow, NumPy's)
            assert wg.grad(lambda u: np.real(np.polyval(p, u)))(z) == 2 * z + 2
            g = wg.grad(lambda u: np.sum(np.real(np.polyval(p, u))))(np.array([z]))
        np.testing.assert_array_equal(g, [2 * z + 2])


def test_prod_of_complex_entries_whose_partial_products_leave_the_range():
    # d prod / d x_i, the product of the others, from left and right partial products: one of them overflowed (or
    # underflowed) to NaN or 0 for complex entries while the product of the others is ~1, so the gradient was
    # [0, 0, NaN, NaN, NaN]; now mantissas and exponents apart, as for real entries; truths: mpmath's products
    x = np.array([1e200 + 1e200j, 1e200 - 3e199j, 1e-200 + 2e-200j, 1e-200 - 1e-200j, 3 - 1j])
    with mp.workdps(50):
        xs = [mp.mpc(u.real, u.imag) for u in x]
        want = [complex(mp.fprod(xs[:i] + xs[i + 1:])) for i in range(len(xs))]
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):  # (the value's own partial products, NumPy's)
        g = wg.grad(lambda x: np.real(np.prod(x)))(x)
        t = wg.jvp(np.prod, (x,), (np.eye(5)[0] + 0j,))[1]
    np.testing.assert_allclose(g, want, rtol=1e-15, atol=0.0)
    np.testing.assert_allclose(t, want[0], rtol=1e-15, atol=0.0)
    # a subnormal entry keeps the plain products (the scaled form's tangent overflowed: NaN for 4 and 2)
    for z in (5e-324 + 0j, 1e-310j):
        p = lambda u: np.real(np.prod(wnp.array([u, u, 2.0])))  # noqa: E731
        c = lambda u: np.real(np.cumprod(wnp.array([u, u]))[-1])  # noqa: E731
        assert wg.jvp(wg.grad(p), (z,), (1 + 0j,))[1] == 4 and wg.jvp(wg.grad(c), (z,), (1 + 0j,))[1] == 2


#: (z, rtol) outside the sector |arg z| <= pi/4, where log_ndtr(z) is near -z^2 / 2 and its derivative's closed form
#: exp(-z^2 / 2 - log sqrt(2 pi) - log_ndtr(z)) cancelled; the worst error before (over every path, of |f'| or |f''|)
#: in the comments. At 3 + 10j (Re z > 0) SciPy's erfcx(-z / sqrt(2)) holds e^(z^2 / 2), whose phase Im z^2 / 2 = 30
#: carries 30 ulps: 1e-14 there
LOG_NDTR_OUTSIDE = [
    (-700 + 0.5j, 2e-15),  # 2e-5 (the second derivative; the first 4e-11)
    (-1e5 + 1j, 2e-15),  # 6e3 times the truth
    (3 + 10j, 1.5e-14),  # 6e-13
    (-5 - 40j, 2e-15),  # 4e-10
    (1e4 - 2e4j, 2e-15),  # 25 times the truth
]


@pytest.mark.parametrize("z, rtol", LOG_NDTR_OUTSIDE)
def test_log_ndtr_of_a_complex_z_outside_its_right_sector(z, rtol):
    # Truths: mpmath at 50 digits, r = pdf / cdf with cdf = erfc(-z / sqrt(2)) / 2, and r' = -r (z + r)
    import scipy.special as sc
    import wengert.scipy.special as wsp
    with mp.workdps(50):
        w = mp.mpc(z.real, z.imag)
        r = mp.exp(-w * w / 2) / mp.sqrt(2 * mp.pi) / (mp.erfc(-w / mp.sqrt(2)) / 2)
        first, second = complex(r), complex(-r * (w + r))
    _assert_complex(_unary_complex_paths(wsp.log_ndtr, z, 1), first, rtol)
    _assert_complex(_unary_complex_paths(wsp.log_ndtr, z, 2), second, rtol)
    # a real variable through it (Re of log_ndtr of x + i y: Hessian [[Re f'', -Im f''], [-Im f'', -Re f'']]) and the
    # replay of a recorded gradient
    v = np.array([z.real, z.imag])
    hess = np.array([[second.real, -second.imag], [-second.imag, -second.real]])
    for h in (wg.hessian(lambda v: np.real(sc.log_ndtr(v[0] + 1j * v[1])))(v),
              wg.jacfwd(wg.jacrev(lambda v: np.real(sc.log_ndtr(v[0] + 1j * v[1]))))(v)):
        np.testing.assert_allclose(h, hess, rtol=0.0, atol=rtol * abs(second))
    replayed = wg.jit(wg.grad(lambda u: np.real(sc.log_ndtr(u))))
    replayed(-1.5 + 0.5j)
    assert abs(replayed(z) - first) <= rtol * abs(first)  # (the gradient of Re f: df/dx - i df/dy = f')
