"""SciPy functions: ``scipy.special``'s Box-Cox transforms,
``wofz``, ``ellipk``/``ellipkm1``/``ellipe``, ``ellipkinc``/``ellipeinc`` (in phi) and
``owens_t``.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). The tests below check the values
against SciPy's, the derivatives at the points where a rule switches between a series and a
closed form (both sides agree to rounding) and at the ends of the domains, against known
closed forms (``K'(0) = pi/8``, ``d/dl boxcox(x, 0) = log(x)^2 / 2``...), and the refusals.
"""
import math

import numpy as np
import pytest

sc = pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                         'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402
import wengert.scipy.special  # noqa: E402
from opcheck import case, crand, gradient_test, rand  # noqa: E402
from opcheck import nth_grad as _d  # noqa: E402

X = np.array([0.4, 1.0, 2.5])
LMBDA = np.array([-0.7, 0.0, 1.6])
Y = np.array([-0.5, 0.0, 0.8])
#: the parameters at and around the switching points of the rules: |l log x| = 1 (Box-Cox),
#: |l y| = 1/2 (inverse), |m| = 1/2 (elliptic integrals), and l = 0, m = 0 themselves.
M = np.array([-3.0, -0.5, -1e-9, 0.0, 0.3, 0.5, 0.9])
P = np.array([0.05, 0.5, 1.0, 1.5, 3.0])

SPECIAL_CASES = [
    *[case(fn, fn, X + shift, LMBDA, id=f"{fn.__name__}") for fn, shift in ((sc.boxcox, 0.0), (sc.boxcox1p, -0.3))],
    case(sc.boxcox, lambda l: sc.boxcox(np.e, l), np.array([-1.0, -1e-12, 0.0, 1.0]), id="boxcox-switch"),
    case(sc.boxcox, lambda l: sc.boxcox(0.0, l), np.array([0.5, 2.0]), id="boxcox-at-0"),
    case(sc.boxcox1p, lambda l: sc.boxcox1p(np.e - 1.0, l), np.array([-1.0, 0.0, 1.0]), id="boxcox1p-switch"),
    # x and lmbda of two shapes: the second derivative's rules sum back to each (a ValueError before)
    *[case(fn, fn, X + shift, LMBDA[:, None], id=f"{fn.__name__}-broadcast") for fn, shift in ((sc.boxcox, 0.0),
                                                                                             (sc.boxcox1p, -0.3))],
    # (the namespace's inv_boxcox / inv_boxcox1p are wengert's, with their own values: SciPy's ufunc on a Var)
    *[case(fn, fn, Y, np.array([0.5, 0.0, -0.3]), id=fn.__name__) for fn in (wengert.scipy.special.inv_boxcox,
                                                                          wengert.scipy.special.inv_boxcox1p)],
    case(wengert.scipy.special.inv_boxcox, lambda l: wengert.scipy.special.inv_boxcox(1.0, l),
         np.array([-0.5, 1e-12, 0.5]), id="inv_boxcox-switch"),
    case(sc.wofz, sc.wofz, crand((3,)), id="wofz"),
    case(sc.wofz, sc.wofz, rand((3,), -2.0, 2.0), id="wofz-real"),
    *[case(fn, fn, M, id=f"{fn.__name__}") for fn in (sc.ellipk, sc.ellipe)],
    case(sc.ellipkm1, sc.ellipkm1, P, id="ellipkm1"),
    *[case(fn, lambda phi, _fn=fn: _fn(phi, np.array([[-2.0], [0.0], [0.6], [0.95]])), np.array([-4.0, 0.3, 1.2]),
           id=fn.__name__) for fn in (sc.ellipkinc, sc.ellipeinc)],
    case(sc.owens_t, sc.owens_t, np.array([-1.5, 0.0, 0.7]), np.array([[0.5], [-2.0], [4.0]]), id="owens_t"),
]

CASES = SPECIAL_CASES

test_gradient = gradient_test(CASES)


def test_every_function_has_a_case_and_is_listed():
    names = ["special.boxcox", "special.boxcox1p", "special.inv_boxcox", "special.inv_boxcox1p",
             "special.wofz", "special.ellipk", "special.ellipkm1", "special.ellipe", "special.owens_t",
             "special.ellipkinc", "special.ellipeinc"]
    table = wengert.scipy.supported()
    assert [n for n in names if table.get(n) != "gradient"] == []


def test_special_values_are_scipys():
    # (they are SciPy's ufuncs: the values are SciPy's by construction; the gradient of a
    # Var records the same value)
    x = np.array([0.0, 0.4, 1.0, 2.5])
    for fn, args in ((sc.boxcox, (x, 0.7)), (sc.ellipk, (M,)), (sc.owens_t, (x, 2.0))):
        value, _ = wg.backprop(lambda *a: fn(*a), *args, seed=np.ones(np.shape(fn(*args))))
        np.testing.assert_array_equal(value, fn(*args))


@pytest.mark.parametrize("x", [0.3, 2.5, 40.0])
def test_boxcox_in_lmbda_at_0_is_the_limit(x):
    log = math.log(x)
    assert _d(lambda l: sc.boxcox(x, l), 0.0) == pytest.approx(log ** 2 / 2, rel=1e-15, abs=0)
    assert _d(lambda l: sc.boxcox(x, l), 0.0, 2) == pytest.approx(log ** 3 / 3, rel=1e-14, abs=0)
    assert _d(lambda l: sc.boxcox1p(x - 1.0, l), 0.0) == pytest.approx(math.log1p(x - 1.0) ** 2 / 2, rel=1e-15, abs=0)
    # inv_boxcox(y, l) at l = 0 is exp(y): d/dl = -exp(y) y^2 / 2
    assert _d(lambda l: sc.inv_boxcox(log, l), 0.0) == pytest.approx(-x * log ** 2 / 2, rel=1e-15, abs=0)


@pytest.mark.parametrize("fn, f, at", [
    (lambda l: sc.boxcox(np.e, l), None, 1.0), (lambda l: sc.boxcox(np.e, l), None, -1.0),
    (lambda l: sc.inv_boxcox(1.0, l), None, 0.5), (lambda l: sc.inv_boxcox(1.0, l), None, -0.5),
    (sc.ellipk, None, 0.5), (sc.ellipk, None, -0.5), (sc.ellipe, None, 0.5), (sc.ellipe, None, -0.5),
    (sc.ellipkm1, None, 0.5), (sc.ellipkm1, None, 1.5)])
def test_the_series_and_the_closed_form_agree_at_the_switch(fn, f, at):
    for order in (1, 2):
        below, above = (_d(fn, np.nextafter(at, side), order) for side in (-np.inf, np.inf))
        assert below == pytest.approx(above, rel=1e-13, abs=0), order


def test_elliptic_integrals_at_0_and_1():
    assert _d(sc.ellipk, 0.0) == pytest.approx(math.pi / 8, rel=1e-15, abs=0)
    assert _d(sc.ellipk, 0.0, 2) == pytest.approx(9 * math.pi / 64, rel=1e-15, abs=0)
    assert _d(sc.ellipe, 0.0) == pytest.approx(-math.pi / 8, rel=1e-15, abs=0)
    assert _d(sc.ellipe, 0.0, 2) == pytest.approx(-3 * math.pi / 64, rel=1e-15, abs=0)
    assert _d(sc.ellipkm1, 1.0) == pytest.approx(-math.pi / 8, rel=1e-15, abs=0)
    # at m = 1 K' is +inf and E' is -inf; a second derivative there is refused
    assert _d(sc.ellipk, 1.0) == np.inf and _d(sc.ellipe, 1.0) == -np.inf and _d(sc.ellipkm1, 0.0) == -np.inf
    for fn in (sc.ellipk, sc.ellipe):
        with pytest.raises(wg.NoGradientRule, match="m = 1"):
            _d(fn, 1.0, 2)
    # the derivative against the closed form away from 0: K' = (E - (1 - m) K) / (2 m (1 - m))
    m = 0.7
    assert _d(sc.ellipk, m) == pytest.approx((sc.ellipe(m) - (1 - m) * sc.ellipk(m)) / (2 * m * (1 - m)), rel=1e-14, abs=0)


def test_boxcox_at_the_end_of_its_domain():
    # boxcox(0, l) = -1/l for l > 0: d/dl = 1/l^2; d/dx x^(l-1) at 0: 0, 1 or inf
    assert _d(lambda l: sc.boxcox(0.0, l), 0.5) == 4.0
    assert _d(lambda l: sc.boxcox1p(-1.0, l), 2.0) == 0.25
    assert [_d(lambda x: sc.boxcox(x, l), 0.0) for l in (2.0, 1.0, 0.5)] == [0.0, 1.0, np.inf]


#: (function, shift, x, lmbda): near x = 0 (boxcox: d/dx of d/dl cancelled terms of size 2 L h / x, 2.2e12 for -6.9e-14
#: at 1e-30, 2e-4 relative off at 1e-10) and near x = 0 for boxcox1p (its mixed entry from log(1 + x) rounded: 0 for 1e-30)
_MIXED_POINTS = [("boxcox", 0, 1e-30, 1.5), ("boxcox", 0, 1e-10, 0.5), ("boxcox", 0, 5.0, -0.7),
                 ("boxcox1p", 1, -1e-30, 2.5), ("boxcox1p", 1, 1e-10, 1.5), ("boxcox1p", 1, -0.5, -0.7)]


def test_boxcox_hessian_near_zero_is_mpmaths():
    from opcheck import lazy_mp as mp
    for name, shift, x, lmbda in _MIXED_POINTS:
        fn = getattr(sc, name)
        with mp.workdps(250):
            X, L = mp.mpf(x), mp.mpf(lmbda)
            f = lambda a, b: (mp.power(a + shift, b) - 1) / b  # noqa: E731
            want = np.array([[float(mp.diff(f, (X, L), (2 - i - j, i + j))) for j in (0, 1)] for i in (0, 1)])
        def g(v):
            return fn(v[0], v[1])
        for route in (wg.hessian(g), wg.jacfwd(wg.jacfwd(g)), wg.jacfwd(wg.grad(g)), wg.jacrev(wg.jacfwd(g))):
            got = np.asarray(route(np.array([x, lmbda])))
            assert got == pytest.approx(want, rel=1e-14, abs=0), (name, x, lmbda, got, want)


def test_wofz_of_a_real_argument_has_a_real_gradient():
    g = wg.grad_bp(lambda x: np.sum(np.real(sc.wofz(x)) + 2.0 * np.imag(sc.wofz(x))), np.array([0.7, -1.2]))
    assert g.dtype == np.float64
    # d/dx w(x) = -2 x w(x) + 2i / sqrt(pi)
    dw = -2.0 * np.array([0.7, -1.2]) * sc.wofz(np.array([0.7, -1.2])) + 2j / math.sqrt(math.pi)
    np.testing.assert_allclose(g, np.real(dw) + 2.0 * np.imag(dw), rtol=1e-14)


def test_incomplete_elliptic_integrals_in_phi_and_their_refusal_of_m():
    phi, m = 1.2, 0.6
    delta = 1.0 - m * math.sin(phi) ** 2
    assert _d(lambda p: sc.ellipkinc(p, m), phi) == pytest.approx(1.0 / math.sqrt(delta), rel=1e-15, abs=0)
    assert _d(lambda p: sc.ellipeinc(p, m), phi) == pytest.approx(math.sqrt(delta), rel=1e-15, abs=0)
    # at phi = pi/2 they are the complete integrals
    assert sc.ellipkinc(math.pi / 2, m) == pytest.approx(sc.ellipk(m), rel=1e-14, abs=0)
    for fn in (sc.ellipkinc, sc.ellipeinc):
        with pytest.raises(wg.NoGradientRule, match=rf"{fn.__name__} has no gradient with respect to m"):
            wg.grad_bp(lambda m, _fn=fn: _fn(phi, m), 0.5)


def test_owens_t_gradients_are_the_closed_forms():
    h, a = 0.7, 2.0
    assert _d(lambda h: sc.owens_t(h, a), h) == pytest.approx(
        -math.exp(-h * h / 2) / math.sqrt(2 * math.pi) * math.erf(a * h / math.sqrt(2)) / 2, rel=1e-14)
    assert _d(lambda a: sc.owens_t(h, a), a) == pytest.approx(
        math.exp(-h * h * (1 + a * a) / 2) / (2 * math.pi * (1 + a * a)), rel=1e-14)


def test_inv_boxcox_at_the_end_of_its_domain_in_forward_mode():
    # at 1 + l y = 0 (x = 0) d/dl is its limit, 0 for l < 1, and differentiating it again is
    # refused by name; forward over forward, forward over reverse and reverse over forward
    # raised TypeError there instead (np.asarray of a Dual in the limit's -y^2 factor)
    f = lambda v: np.sum(sc.inv_boxcox(v[:2], v[2:]))  # noqa: E731
    v = np.array([-2.0, 2.0, 0.5, 1.5])
    np.testing.assert_allclose(wg.jacfwd(f)(v), wg.grad(f)(v), rtol=1e-15)
    assert wg.grad(f)(v)[2] == 0.0
    for how in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.jacrev(f)),
                lambda f: wg.jacrev(wg.jacfwd(f))):
        with pytest.raises(wg.NoGradientRule, match="inv_boxcox"):
            how(f)(v)


@pytest.mark.parametrize("fn", [sc.inv_boxcox, sc.inv_boxcox1p])
@pytest.mark.parametrize("y, lmbda", [(-0.5, 2.0), (2.0, -0.5)])
def test_inv_boxcox_jacobian_at_the_end_of_its_domain(fn, y, lmbda):
    # 1 + l y = 0 where d/dy = (1 + l y)^(1/l - 1) is +inf and d/dl's limit from inside -inf (mpmath: 7e9 and
    # -3.5e9 at l = 2 - 1e-20): jacfwd added the other direction's 0 times the infinite partial, [nan, nan]
    f = lambda v: fn(v[0], v[1])  # noqa: E731
    v = np.array([y, lmbda])
    for how in (wg.jacfwd, wg.jacrev, wg.grad):
        np.testing.assert_array_equal(how(f)(v), [np.inf, -np.inf])


@pytest.mark.parametrize("x, lmbda, order", [(1e-300, 1.0 / 3.0, 1), (1e300, 0.2, 1), (1e-150, 0.2, 2),
                                             (1e100, 1.0 / 3.0, 2)])
def test_boxcox_slopes_keep_the_exponent_exact(x, lmbda, order):
    # d/dx boxcox = x**(l-1), d2/dx2 (l-1) x**(l-2), with l - 1 and l - 2 rounded multiplied by log x: main was
    # 3.8e-14, 3.8e-14, 1.9e-14, 1.3e-14 off (against mpmath at the float l)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        xm, lm = mp.mpf(x), mp.mpf(lmbda)
        want = float(xm ** (lm - 1) if order == 1 else (lm - 1) * xm ** (lm - 2))
    f = (lambda v: sc.boxcox(v, lmbda))
    ours = (wg.grad(f) if order == 1 else wg.grad(wg.grad(f)))(x)
    assert float(ours) == pytest.approx(want, rel=4e-16 if order == 1 else 6e-16, abs=0.0)


def _inv_boxcox_truths(y, lmbda, shift):
    # (x - shift, dx/dy, dx/dl, and the Hessian's entries) in mpmath, with B = 1 + l y, z = log(B) / l, x = e^z:
    # z_y = 1 / B, z_l = y / (l B) - log(B) / l^2, z_yy = -l / B^2, z_yl = -y / B^2,
    # z_ll = -2 y / (l^2 B) - y^2 / (l B^2) + 2 log(B) / l^3 (digits for the cancellations at tiny l)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(80 + 3 * max(0, -int(math.log10(abs(lmbda))))):
        y, l = mp.mpf(y), mp.mpf(lmbda)
        b = 1 + l * y
        log_b = mp.log(b)
        x = mp.exp(log_b / l)
        zy, zl = 1 / b, y / (l * b) - log_b / l ** 2
        zll = -2 * y / (l ** 2 * b) - y ** 2 / (l * b ** 2) + 2 * log_b / l ** 3
        return [float(v) for v in (x - shift, x * zy, x * zl, x * (zy ** 2 - l / b ** 2), x * (zy * zl - y / b ** 2),
                                   x * (zl ** 2 + zll))]


@pytest.mark.parametrize("name, y, lmbda", [
    ("inv_boxcox", -9.999999999, 0.1), ("inv_boxcox", 122.05937174176371, -0.007585899670164853),
    ("inv_boxcox", -700.0, 1e-17), ("inv_boxcox1p", 300.0, 1e-300), ("inv_boxcox1p", -9.999999999, 0.1),
    ("inv_boxcox1p", -479.70181099163403, -0.00202645176572182)])
def test_inv_boxcox_values_and_derivatives_against_mpmath(name, y, lmbda):
    # (SciPy's exp(log1p(l y) / l) rounds l y, whose error 1 + l y multiplies where it nears 0, and z, whose error exp
    # multiplies by |z|: inv_boxcox(-9.999999999, 0.1) 2.5e10 ulp off, (-700, 1e-17) 284 ulp; inv_boxcox1p returns y
    # where |l y| < 1e-154: (300, 1e-300) gave 300 for e^300 - 1 = 1.94e130, d/dy 301 for 1.94e130. The derivatives
    # from that value and the rounded 1 + l y: d/dy at (122.06, -0.007586), x**(1 - l), 138 ulp; inv_boxcox1p's from
    # ans + 1, which is 0 where x is below eps: d/dy at (-479.7, -0.0020265) 0 for 4.6e-147. Now
    # _inv_boxcox_value, x / (1 + l y) and 1 + l y exact (_base))
    wsp = pytest.importorskip("wengert.scipy.special")
    truth = _inv_boxcox_truths(y, lmbda, 1.0 if name == "inv_boxcox1p" else 0.0)
    fn, ufunc = getattr(wsp, name), getattr(sc, name)
    ulp = 2.0 ** -52
    np.testing.assert_allclose(fn(y, lmbda), truth[0], rtol=3 * ulp, atol=0)
    value, _ = wg.backprop(lambda a, b: ufunc(a, b), y, lmbda)  # (a Var records the same value)
    np.testing.assert_allclose(value, truth[0], rtol=3 * ulp, atol=0)
    np.testing.assert_allclose(np.array(wg.grad(ufunc, argnums=(0, 1))(y, lmbda), dtype=float), truth[1:3],
                               rtol=8 * ulp, atol=0)
    h = np.array(wg.hessian(ufunc, argnums=(0, 1))(y, lmbda), dtype=float)
    np.testing.assert_allclose(h, [[truth[3], truth[4]], [truth[4], truth[5]]], rtol=16 * ulp, atol=0)


def test_inv_boxcox_second_derivative_in_lmbda_that_overflows():
    # (d2/dlmbda2 of (1 + lmbda y)^(1 / lmbda) at (1000, 1e-3) is 4.011956212e+311 by mp.diff at 50 digits: +inf in
    # floats; it was NaN (1 + lmbda y and lmbda y two nodes: two adjoints of ~1e307 each times y, +inf and -inf);
    # at (10, 0.3) mpmath's 7749.9303128936362725)
    inv = wengert.scipy.special.inv_boxcox
    with np.errstate(over="ignore"):
        assert _d(lambda l: inv(1000.0, l), 1e-3, 2) == np.inf
        assert float(wg.jacfwd(wg.grad(lambda l: inv(1000.0, l)))(1e-3)) == np.inf
    assert _d(lambda l: inv(10.0, l), 0.3, 2) == pytest.approx(7749.9303128936362725, rel=1e-14)
