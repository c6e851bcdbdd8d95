"""gdtr and gdtrc where the rate times x underflows, and their derivatives where SciPy's value
is NaN.

``d/da gdtr(a, b, x) = x p(b, a x)`` with ``p`` the gamma density: at a = 1e-10, x = 1e-300
the product a x is the subnormal 1e-310, whose density's derivative overflowed, so the second
derivative in the rate was -inf (the truth is -2.8e-136). And where the rate or x is negative
SciPy's value is NaN, but with both negative the derivatives were those of the density at the
positive product, and np.where gave second derivatives 0 beside NaN first ones.
"""
import math
import warnings

import numpy as np
import pytest

import wengert as wg

ws = pytest.importorskip("wengert.scipy.special")


def _second_in_rate(a, b, x):
    """d^2/da^2 P(b, a x) = x^2 p'(b, a x), with p'(y) = p(y) ((b - 1) / y - 1), in mpmath."""
    return _hessian_truth(a, b, x)[0, 0]


@pytest.mark.parametrize("fn, sign", [("gdtr", 1.0), ("gdtrc", -1.0)])
@pytest.mark.parametrize("a, b, x", [(1e-10, 0.5, 1e-300), (1e-10, 0.3, 1e-300),
                                     (1e10, 0.5, 1e-300), (2.0, 3.0, 0.7)])
def test_second_derivative_in_the_rate(fn, sign, a, b, x):
    f = lambda a: getattr(ws, fn)(a, b, x)
    truth = sign * _second_in_rate(a, b, x)
    for d2 in (wg.grad(wg.grad(f))(a), wg.jacfwd(wg.grad(f))(a), wg.hessian(f)(a)):
        assert d2 == pytest.approx(truth, rel=1e-13)


@pytest.mark.parametrize("a, b, x", [(1e-300, 0.5, 1e-10), (1e-160, 0.3, 1e-160)])
def test_second_derivative_in_x(a, b, x):
    # d^2/dx^2 P(b, a x) = a^2 p'(b, a x): the same function of (x, a) as the rate's is of (a, x)
    f = lambda x: ws.gdtr(a, b, x)
    truth = _second_in_rate(x, b, a)
    assert wg.grad(wg.grad(f))(x) == pytest.approx(truth, rel=1e-13)
    assert wg.jacfwd(wg.grad(f))(x) == pytest.approx(truth, rel=1e-13)


def test_first_derivatives_where_the_product_underflows():
    a, b, x = 1e-10, 0.5, 1e-300
    ga, gx = wg.grad(lambda a, x: ws.gdtr(a, b, x), argnums=(0, 1))(a, x)
    # x p(b, a x) = sqrt(x / a) e^(-a x) / sqrt(pi); a p(b, a x) = sqrt(a / x) / sqrt(pi)
    assert ga == pytest.approx(math.sqrt(x / a) / math.sqrt(math.pi), rel=1e-13)
    assert gx == pytest.approx(math.sqrt(a / x) / math.sqrt(math.pi), rel=1e-13)


@pytest.mark.parametrize("a, x", [(-1.0, 1.0), (1.0, -1.0), (-1.0, -1.0), (-2.0, -0.5)])
def test_nan_value_has_nan_derivatives(a, x):
    assert np.isnan(ws.gdtr(a, 0.5, x))  # SciPy's value
    f = lambda v: ws.gdtr(v[0], 0.5, v[1])
    v = np.array([a, x])
    assert np.isnan(wg.grad(f)(v)).all()
    assert np.isnan(wg.hessian(f)(v)).all()
    assert np.isnan(wg.jacfwd(wg.grad(f))(v)).all()


def test_chdtr_below_zero_nan_at_second_order():
    f = lambda v: ws.chdtr(v[0], v[1])
    with np.errstate(invalid="ignore"):
        assert np.isnan(wg.hessian(f)(np.array([2.0, -1.0]))).all()


def test_zero_rate_is_constant_in_x():
    # gdtr(0, b, x) = P(b, 0) = 0 for every x
    assert wg.grad(lambda x: ws.gdtr(0.0, 3.0, x))(1.0) == 0.0
    assert wg.grad(lambda x: ws.gdtr(0.0, 0.5, x))(1.0) == 0.0


def _hessian_truth(a, b, x):
    """[[d2/da2, d2/da dx], [., d2/dx2]] of P(b, a x), from p and p' of the gamma density (mpmath)."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
        y = a * x
        density = y ** (b - 1) * mp.exp(-y) / mp.gamma(b)
        slope = density * ((b - 1) / y - 1)
        mixed = float(density + y * slope)
        return np.array([[float(x * x * slope), mixed], [mixed, float(a * a * slope)]])


@pytest.mark.parametrize("a, b, x", [(1e-10, 0.5, 1e-300), (1e-300, 0.5, 2.3e-8), (1e-100, 0.5, 1e-200),
                                     (0.5, 0.9, 1e-300), (2.0, 3.0, 0.7), (1e-5, 0.01, 1.0)])
def test_hessian_where_the_density_of_a_x_overflows(a, b, x):
    # the old form's density'(a x) overflowed from a x ~ 1e-205 (b = 0.5): -inf for +1.86e153 at
    # (1e-300, 0.5, 2.3e-8), and a zero cotangent times an infinite partial gave inf or NaN
    f = lambda v: ws.gdtr(v[0], b, v[1])
    truth = _hessian_truth(a, b, x)
    v = np.array([a, x])
    with np.errstate(over="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # entries whose truth overflows
        for h in (wg.hessian(f)(v), wg.jacrev(wg.grad(f))(v)):
            np.testing.assert_allclose(h, truth, rtol=2e-13)


def test_float32_product_below_float32_range():
    # in float32, 1e-20 * 1e-30 underflows to 0 and the density of 0 is inf
    g = wg.grad(lambda a: ws.gdtr(a, 0.5, np.float32(1e-30)))(np.float32(1e-20))
    assert g.dtype == np.float32
    assert g == pytest.approx(math.sqrt(1e-30 / 1e-20) / math.sqrt(math.pi), rel=1e-5)


def test_zero_rate_at_zero_x():
    # gdtr(a, b, 0) = 0 and gdtr(0, b, x) = 0: both first derivatives are 0 at the corner
    g = wg.grad(lambda v: ws.gdtr(v[0], 0.5, v[1]))(np.array([0.0, 0.0]))
    assert g.tolist() == [0.0, 0.0]


@pytest.mark.parametrize("fn, sign", [("gdtr", 1.0), ("gdtrc", -1.0)])
@pytest.mark.parametrize("a, b, x", [(1e-300, 2.5, 1e200), (1e-300, 0.5, 1e200), (1e-200, 7.0, 1e100),
                                     (1e-200, 2.5, 1e110)])
def test_hessian_where_one_argument_alone_is_extreme(fn, sign, a, b, x):
    # a x is moderate, but s times the density of s t lost the extreme factor: a mixed entry was
    # 0.6 off (gdtr at (1e-300, 2.5, 1e200)), +inf for -2.8e49 (gdtrc at (1e-300, 0.5, 1e200)),
    # and d2/da2 0 for 8.3e-303 (gdtr at (1e-200, 7, 1e100))
    f = lambda v: getattr(ws, fn)(v[0], b, v[1])
    truth = sign * _hessian_truth(a, b, x)
    v = np.array([a, x])
    with np.errstate(over="ignore", under="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for h in (wg.hessian(f)(v), wg.jacrev(wg.grad(f))(v)):
            np.testing.assert_allclose(h, truth, rtol=1e-12, atol=1e-320)


@pytest.mark.parametrize("a, b, x", [(0.5, 2.0, 1e-300), (1.5, 2.0, 1e-300), (2.0, 3.0, 1e-150), (0.5, 2.5, 1e-200),
                                     (3.0, 1.5, 1e-120)])
def test_density_where_the_product_is_tiny_to_the_last_digits(a, b, x):
    # before: d/dx gdtr(0.5, 2, 1e-300) 2e-14 relative off mpmath (the density as the exp of its log, an
    # exponent near -1400 whose rounding exp kept); now the product of its powers where each is normal
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        A, B, X = mp.mpf(a), mp.mpf(b), mp.mpf(x)
        y = A * X
        first = A * y ** (B - 1) * mp.exp(-y) / mp.gamma(B)
        second = A * A * y ** (B - 2) * ((B - 1) - y) * mp.exp(-y) / mp.gamma(B)
        in_rate = X * y ** (B - 1) * mp.exp(-y) / mp.gamma(B)  # d/da, as a function of (x, a) the same
    f = lambda x: ws.gdtr(a, b, x)  # noqa: E731
    for path in (wg.grad(f), wg.jacfwd(f)):
        assert abs(path(x) - first) <= 2e-15 * first
    for path in (wg.grad(wg.grad(f)), wg.jacfwd(wg.grad(f)), wg.hessian(f)):
        assert abs(path(x) - second) <= 2e-15 * abs(second)
    if in_rate > 1e-300:
        assert abs(wg.grad(lambda a: ws.gdtr(a, b, x))(a) - in_rate) <= 2e-15 * in_rate


@pytest.mark.parametrize("a, b, x", [(1e101, 2.0, 7.3e-99), (1e150, 2.0, 7.25e-148), (1e101, 2.0, 7.2e-99),
                                     (1e101, 3.0, 7.2e-99), (1e101, 0.5, 7.4e-99), (1e101, 5.0, 7.3e-99)])
def test_density_where_its_exponential_is_subnormal(a, b, x):
    # before: at a x ~ 720-745, e^(-a x - gammaln(b)) is subnormal (a few bits) while the powers'
    # product brought the density back above 1e-306: d/dx gdtr(1e101, 2, 7.3e-99) 1.8e-7 relative
    # off mpmath, its second derivative the same; now the exponential of the log there
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        A, B, X = mp.mpf(a), mp.mpf(b), mp.mpf(x)
        density = A ** B * X ** (B - 1) * mp.exp(-A * X) / mp.gamma(B)
        first, second = density, density * ((B - 1) / X - A)
        # d/da P(b, a x) = x p(b, a x)
        in_rate = X * (A * X) ** (B - 1) * mp.exp(-A * X) / mp.gamma(B)
    f = lambda x: ws.gdtr(a, b, x)  # noqa: E731
    for path in (wg.grad(f), wg.jacfwd(f)):
        assert abs(path(x) - first) <= 2e-13 * first
    for path in (wg.grad(wg.grad(f)), wg.jacfwd(wg.grad(f)), wg.hessian(f), wg.jacfwd(wg.jacfwd(f))):
        assert abs(path(x) - second) <= 2e-13 * abs(second)
    g = lambda a: ws.gdtr(a, b, x)  # noqa: E731
    for path in (wg.grad(g), wg.jacfwd(g)):
        assert abs(path(a) - in_rate) <= (2e-13 * in_rate if in_rate > 1e-300 else 1e-320)
