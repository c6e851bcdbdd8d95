"""Derivatives that were silently NaN or inexact, each against an exact truth
at first and second order, in reverse and forward mode:

- complex division ``x / y`` (``np.true_divide``, ``np.divide``, the operator, a constant
  or a Var over a complex Var): d/dy was NaN at the 1e-300 scale (``-g * ans / y`` divided
  a quotient near the overflow again, and Smith's division made NaN of its infinity), where
  the truth overflows to infinities of definite signs;
- ``scipy.special.ellipkm1''(p)`` was NaN in reverse mode from 2^-1020 to 5e-307 (two terms
  of order ellipkm1(p) / p that cancel overflowed to inf - inf), where the truth, about
  1 / (2 p^2), overflows to +inf;
- ``scipy.special.gammaincinv`` (``gammainccinv``, ``chdtri``) where SciPy's ``x`` underflows to
  0 inside the range (``a`` below 1): ``dx/da`` and ``dx/dy`` were 0 where the truth is not
  (1.2291e-306 and 1.6499e-309 at ``a = 1e-15``, ``y = 1 - 7.45e-13``), and the mixed
  derivative NaN.
"""
import math
from fractions import Fraction

import numpy as np
import pytest

import wengert as wg
import scipy.special
from test_exact_special_limits import _assert_complex, _assert_paths


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


#: (a, y, dx/da, dx/dy, d^2x/(da dy)) of x = gammaincinv(a, y) where SciPy's x is 0 (the truth
#: e^L, L = (log y + gammaln(a + 1)) / a below -745): mpmath at 60 digits of x (digamma(a + 1) -
#: L) / a, x / (a y) and its derivative in a (P = x^a / gamma(a + 1) to O(x) there)
GAMMAINCINV_UNDERFLOW = [
    (1e-15, 1 - 7.45e-13, 1.2290969560031005e-306, 1.649883932357626e-309, 1.2274470720716585e-291),
    (1e-15, 1 - 7.6e-13, 3.8817420851759883e-313, 5.10790717e-316, 3.876634178032596e-298),
    (1e-10, 1 - 7.45e-8, 1.1805214183654470e-311, 1.584592568e-314, 1.1789369137462708e-301),
]


@pytest.mark.parametrize("a, y, da, dy, mixed", GAMMAINCINV_UNDERFLOW, ids=[repr(c[:2]) for c in GAMMAINCINV_UNDERFLOW])
def test_gammaincinv_where_x_underflows(a, y, da, dy, mixed):
    sc = scipy.special
    assert sc.gammaincinv(a, y) == 0.0 and sc.gammainccinv(a, 1.0 - y) == 0.0  # (SciPy's underflow)
    rtol = 1e-12 if da > 1e-300 else 1e-9  # (a subnormal truth is rounded to fewer digits)
    _assert_paths(sc.gammaincinv, (a, y), 0, None, da, rtol)
    _assert_paths(sc.gammaincinv, (a, y), 1, None, dy, rtol)
    _assert_paths(lambda a, q: sc.gammainccinv(a, q), (a, 1.0 - y), 0, None, da, rtol)
    _assert_paths(lambda a, q: sc.gammainccinv(a, q), (a, 1.0 - y), 1, None, -dy, rtol)
    _assert_paths(lambda v, q: sc.chdtri(v, q), (2.0 * a, 1.0 - y), 0, None, da, rtol)
    _assert_paths(lambda v, q: sc.chdtri(v, q), (2.0 * a, 1.0 - y), 1, None, -2.0 * dy, rtol)
    # the mixed derivative, d/da of dx/dy (the first derivative is a subnormal for two rows:
    # its rounding is the second's); d/dy of dx/da there stays refused
    _assert_paths(sc.gammaincinv, (a, y), 1, 0, mixed, 1e-12 if dy > 1e-300 else 1e-8)
    with pytest.raises(wg.NoGradientRule):
        wg.grad(wg.grad(sc.gammaincinv), 1)(a, y)


def test_gammaincinv_at_the_lower_end_is_still_zero():
    # y = 0: x = 0 for every a, dx/da = 0; a subnormal x keeps its value's derivatives
    sc = scipy.special
    assert wg.grad(sc.gammaincinv)(0.5, 0.0) == 0.0
    assert wg.grad(sc.gammainccinv)(0.5, 1.0) == 0.0
    # x = 1e-320 at a = 1: dx/da = x (digamma(2) - log x) = 7.3724181755622458e-318 (mpmath)
    assert abs(wg.grad(sc.gammaincinv)(1.0, 1e-320) - 7.3724181755622458e-318) <= 1e-323


def test_gennorm_ppf_in_beta_where_its_gamma_quantile_is_subnormal():
    # gennorm.ppf(0.2, beta) = -X^(1/beta), X = gammainccinv(1/beta, 0.4) subnormal from beta =
    # 1390 on (2.4e-309), read as it is (the derivative in a of gammaincinv_da without P):
    # d/dbeta, mpmath at 40 digits by mp.diff of the quantile solved from gammainc
    import wengert.scipy.stats as wst
    for beta, want, rtol in ((1000.0, -3.451441628556581e-7, 1e-12), (1390.0, -1.7880874810159831e-7, 1e-12),
                             (1420.0, -1.7134218718474626e-7, 1e-10)):  # (X = 5.3e-316: fewer bits)
        got = wg.grad(lambda b: wst.gennorm.ppf(0.2, b))(beta)
        assert abs(got - want) <= rtol * abs(want), (beta, got, want)



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


#: (x, y, d/dy, d2/dy2, d2/dx dy) of powm1(x, y) = x^y - 1, mpmath at 60 digits of x^y log x,
#: x^y log^2 x, x^(y - 1) (1 + y log x)
POWM1 = [
    (0.01, 10.0, -4.6051701859880923e-20, 2.1207592441913596e-19, -4.5051701859880922e-17),  # d/dy was 0
    (1e-300, 0.5, -6.9077552789821371e-148, 4.7717082994305583e-145, -3.4438776394910685e+152),
    (0.5, 60.0, -6.0120934321223593e-19, 4.1672656117385783e-19, -7.0410397709491504e-17),
    (0.5, 1000.0, -6.4688904588467857e-302, 4.4838931829007804e-302, -1.2919115645323507e-298),
    (2.0, -80.0, 5.7335790940497964e-25, 3.9742141835580619e-25, -2.2520726069922672e-23),
    (0.3, 0.7, -0.51832428272721575, 0.62404834022531527, 0.22561540780294412),
]


@pytest.mark.parametrize("x, y, dy, dyy, dxy", POWM1, ids=[repr(c[:2]) for c in POWM1])
def test_powm1_in_y_where_x_to_the_y_is_below_eps(x, y, dy, dyy, dxy):
    # x^y read from powm1 + 1 was 0 wherever x^y < eps / 2 (powm1 rounds to -1 there)
    _assert_paths(scipy.special.powm1, (x, y), 1, None, dy, 1e-13)
    _assert_paths(scipy.special.powm1, (x, y), 1, 1, dyy, 1e-13)
    _assert_paths(scipy.special.powm1, (x, y), 1, 0, dxy, 1e-13)
