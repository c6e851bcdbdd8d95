"""Derivatives that were silently inexact, NaN or a crash, each against mpmath at
50 digits or an exact limit, at first and second order, in reverse and forward mode, on
Python floats (and one-element arrays where they take another path):

- ``scipy.special.expi``: ``expi''`` cancelled near 1 (-2.22e-15 reverse, -2.66e-15 forward
  at ``1 - 1e-15``, the truth -2.716e-15), was NaN at subnormal ``x`` and at 0 (inf - inf;
  the limit is -inf) and ``expi'`` was inf from 709.8 to 716.4 (``e^x`` overflowed, the
  truth finite);
- the Box-Cox transforms at the end of their domain: the mixed derivative of
  ``boxcox(0, 1)`` was NaN (reverse) or 0 (forward), the limit -inf; ``inv_boxcox``'s
  d/dlmbda at ``1 + lmbda y = 0`` raised ZeroDivisionError on floats (NaN on arrays);
- ``scipy.special.comb(0, 0)``: the derivatives are binom's, the documented convention at
  the ends of ``0 <= k <= N`` (checked here, so the probe reports it "verified");
- ``scipy.special.y1``: ``y1''`` was 15 times the truth at 1e150 (SciPy's ``yn`` reduces its
  argument in double precision);
- ``np.logaddexp`` and ``logaddexp2`` from the difference of their arguments, and at infinities;
- ``tandg``/``cotdg`` near their poles, ``powm1`` in x at 0 and below and in y where x^y is
  below eps, the gamma-family functions' derivative in x (NaN where their value is).

(The complex ``log``, ``sqrt`` and ``reciprocal`` at extreme scales are in
tests/test_exact_complex_extreme_scales.py.)
"""
import math
import sys
import pathlib

import numpy as np
import pytest
import scipy.special

import wengert as wg
import wengert.scipy  # noqa: F401  (the rules of scipy.special)
import wengert.scipy.special as wsp

sc = scipy.special


def _close(got, want, rtol):
    got = complex(np.asarray(got))
    want = complex(want)
    for a, b in ((got.real, want.real), (got.imag, want.imag)):
        if math.isinf(b) or b == 0.0:
            assert a == b, (got, want)
        else:
            assert abs(a - b) <= rtol * abs(b), (got, want)


def _paths(f, args, i, j=None):
    """d f / d args[i] (j None) or d^2 f / d args[j] d args[i] on every path: reverse and
    forward, on floats and (reverse) on one-element arrays."""
    def unit(k):
        return tuple(1.0 if m == k else 0.0 for m in range(len(args)))

    def d1(*a):
        return wg.grad(f, argnums=i)(*a)
    arrays = tuple(np.array([a]) for a in args)
    if j is None:
        return {"grad": d1(*args), "jvp": wg.jvp(f, args, unit(i))[1],
                "grad, array": wg.grad(lambda *a: np.sum(f(*a)), argnums=i)(*arrays)[0]}
    return {"grad of grad": wg.grad(d1, argnums=j)(*args), "jvp of grad": wg.jvp(d1, args, unit(j))[1],
            "grad of grad, array": wg.grad(lambda *a: np.sum(wg.grad(lambda *b: np.sum(f(*b)), argnums=i)(*a)),
                                           argnums=j)(*arrays)[0]}


def _assert_paths(f, args, i, j, want, rtol):
    with np.errstate(over="ignore", under="ignore"):
        for path, got in _paths(f, args, i, j).items():
            try:
                _close(got, want, rtol)
            except AssertionError as e:
                raise AssertionError(f"{path}: {e}") from None


#: (x, expi'(x), expi''(x)), mpmath at 50 digits (e^x / x and e^x (x - 1) / x^2)
EXPI = [
    (1 - 1e-15, 2.7182818284590452, -2.7161091660378646e-15),  # was -2.22e-15 / -2.66e-15
    (1 + 1e-15, 2.7182818284590452, 3.0178990733753988e-15),
    (0.5, 3.2974425414002563, -3.2974425414002563),
    (2.5, 4.8729975842813894, 2.9237985505688336),
    (-30.0, -3.1192076562800582e-15, -3.2231812448227268e-15),
    (710.0, 3.1464715016362127e+305, 3.1420398516339082e+305),  # were inf and NaN
    (715.0, 4.6371219673382019e+307, 4.6306364820691974e+307),
    (-700.0, -1.4085252205371101e-307, -1.4105373994235917e-307),
    (1e-10, 10000000001.0, -9.9999999999999993e+19),
    (-1e-10, -9999999998.9999996, -9.9999999999999993e+19),
    (1e-300, 9.9999999999999997e+299, -np.inf),  # the truth -1e600 overflows
    (5e-324, np.inf, -np.inf),  # second was NaN (inf - inf)
    (-5e-324, -np.inf, -np.inf),
    (0.0, np.inf, -np.inf),  # the one-sided derivative; the second's limit from both sides
    (-0.0, -np.inf, -np.inf),
]


@pytest.mark.parametrize("x, first, second", EXPI, ids=[repr(c[0]) for c in EXPI])
def test_expi_derivatives(x, first, second):
    _assert_paths(sc.expi, (x,), 0, None, first, 4e-15)
    _assert_paths(sc.expi, (x,), 0, 0, second, 4e-15)


def test_expi_float32_and_complex():
    # float32: e^90 overflowed (88.7 on); mpmath 1.35600366e+37, 1.340936953e+37
    x = np.float32(90.0)
    assert wg.grad(sc.expi)(x).dtype == np.float32
    _close(wg.grad(sc.expi)(x), 1.35600366e+37, 1e-6)
    _close(wg.grad(wg.grad(sc.expi))(x), 1.340936953e+37, 1e-6)
    z, one = 1.0 + 1.0j, 1.0 + 0.0j
    _close(wg.jvp(sc.expi, (z,), (one,))[1], 1.8780246135473638 + 0.40933067363147862j, 1e-15)
    _close(wg.jvp(lambda t: wg.vjp(sc.expi, t)[1](one)[0], (z,), (one,))[1],
           0.73434696995794258 + 1.1436776435894212j, 1e-15)


#: (function, args, i, j, d^2 f / d args[j] d args[i]): the limits as x + shift -> 0+ of the
#: mixed derivative (x + shift)^(l - 1) log(x + shift): -inf for l <= 1, 0 for l > 1
BOXCOX_END = [
    (sc.boxcox, (0.0, 1.0), -np.inf),  # was NaN (reverse) and 0 (forward) one way, 0 the other
    (sc.boxcox, (0.0, 0.5), -np.inf),  # was 0 / NaN
    (sc.boxcox, (0.0, 2.0), 0.0),
    (sc.boxcox1p, (-1.0, 1.0), -np.inf),
    (sc.boxcox1p, (-1.0, 0.25), -np.inf),
]


@pytest.mark.parametrize("f, args, want", BOXCOX_END, ids=[f"{c[0].__name__}{c[1]}" for c in BOXCOX_END])
def test_boxcox_mixed_derivative_at_the_end_of_the_domain(f, args, want):
    _assert_paths(f, args, 0, 1, want, 0.0)
    _assert_paths(f, args, 1, 0, want, 0.0)


def test_boxcox_at_the_end_of_the_domain_otherwise_unchanged():
    # d/dx = x^(l-1), d/dl = 1 / l^2, d2/dx2 = (l - 1) x^(l-2), d2/dl2 = -2 / l^3 there
    _assert_paths(sc.boxcox, (0.0, 1.0), 0, None, 1.0, 0.0)
    _assert_paths(sc.boxcox, (0.0, 1.0), 1, None, 1.0, 0.0)
    _assert_paths(sc.boxcox, (0.0, 1.0), 0, 0, 0.0, 0.0)
    _assert_paths(sc.boxcox, (0.0, 0.5), 1, 1, -16.0, 0.0)
    _assert_paths(sc.boxcox1p, (-1.0, 1.0), 1, 1, -2.0, 0.0)


#: (function, (y, lmbda), d/dlmbda): the limit at 1 + lmbda y = 0, -y^2 (1 + s)^(1/l - 1)
INV_END = [
    (sc.inv_boxcox, (-1.0, 1.0), -1.0),  # ZeroDivisionError on floats, NaN on arrays
    (sc.inv_boxcox, (-0.5, 2.0), -np.inf),
    (sc.inv_boxcox, (-2.0, 0.5), 0.0),
    (sc.inv_boxcox1p, (-1.0, 1.0), -1.0),
    # lmbda < 0: x = inf there, d/dl from inside 1 + l y > 0 is -inf (mpmath: -7e29 at l = -2 + 1e-20); was 0
    (sc.inv_boxcox, (0.5, -2.0), -np.inf),
    (sc.inv_boxcox1p, (2.0, -0.5), -np.inf),
]


@pytest.mark.parametrize("f, args, want", INV_END, ids=[f"{c[0].__name__}{c[1]}" for c in INV_END])
def test_inv_boxcox_at_the_end_of_the_domain(f, args, want):
    _assert_paths(f, args, 1, None, want, 0.0)
    with pytest.raises(wg.NoGradientRule, match="1 \\+ lmbda y = 0"):
        wg.grad(wg.grad(f, argnums=1), argnums=1)(*args)


@pytest.mark.parametrize("f, args, first, second", [
    # mpmath, 50 digits: near lmbda = 0 the series (unchanged; checked with the fixes around it)
    (sc.inv_boxcox, (1.0, 1e-9), -1.3591409117377643, 2.491758335618635),
    (sc.inv_boxcox, (0.5, -1e-12), -0.20609015883767917, 0.16315470907990949),
    (sc.boxcox, (0.5, 1e-9), 0.2402265068480925, -0.11100821727193439),
    (sc.boxcox, (3.0, -1e-12), 0.603474480405849, 0.44198965338093826),
])
def test_box_cox_in_lmbda_near_zero(f, args, first, second):
    _assert_paths(f, args, 1, None, first, 1e-14)
    _assert_paths(f, args, 1, 1, second, 1e-14)


def test_comb_at_zero_zero_is_binoms():
    # comb(0, k) is 1 at k = 0 and 0 on both sides (outside 0 <= k <= N): the derivatives are
    # binom's, from inside the wedge 0 <= k <= N (the documented convention); mpmath:
    # d2/dk2 binom(0, k) = -pi^2 / 3, d2/dN dk = pi^2 / 6, d2/dN2 = 0
    h = wg.hessian(lambda v: wsp.comb(v[0], v[1]))(np.array([0.0, 0.0]))
    np.testing.assert_allclose(h, [[0.0, math.pi ** 2 / 6], [math.pi ** 2 / 6, -math.pi ** 2 / 3]],
                               rtol=1e-15, atol=0.0)


def test_probe_scipy_edges_rechecks_tuple_outputs():
    # fresnel and sici (tuples of outputs) crashed inside the probe's own recheck: it called
    # np.iscomplexobj on the traced output, a Var holding the tuple of forward-mode Duals
    sys.path.insert(0, str(pathlib.Path(__file__).parents[1] / "tools"))
    try:
        import probe_scipy_edges as probe
    finally:
        sys.path.pop(0)
    g = probe._scalar_of(wsp.fresnel, [1.0], (0,))
    # S'' = pi x cos(pi x^2 / 2), C'' = -pi x sin(pi x^2 / 2), weighted cos(1), cos(2)
    want = math.pi * (math.cos(math.pi / 2) * math.cos(1.0) - math.sin(math.pi / 2) * math.cos(2.0))
    assert wg.jvp(wg.grad(g), (1.0,), (1.0,))[1] == pytest.approx(want, rel=1e-12, abs=0)
    assert probe.classify("special.fresnel", (1.0,), (0,))[0] == "right"


#: Y_0 and Y_1 at the huge points below, mpmath at 400 digits (Hankel's expansion): the rule
#: of y1 is exact in terms of SciPy's y0 there, which older SciPy may compute otherwise
Y1 = [
    # y1'' through SciPy's yn(1, x) and yn(3, x) (argument reduction in double precision):
    # -2.8e-76 at 1e150 (the truth -1.8e-77), 2.9e-101 at 1e200 (6.8e-102)
    (1e150, 7.9767285282614725e-76, -1.8379124891489764e-77),
    (1e155, 1.721157848859449e-78, -1.844942650324212e-78),
    (1e200, -7.9495471168115569e-101, 6.8313825419983594e-102),
    (1e300, -1.368136045034248e-151, -7.8606730627240933e-151),
    (1e4, 0.0036470959247113522, -0.0070967073911655387),
    (2000.0, 0.016371913550977413, 0.0070860622333339894),
    (500.0, 0.0104384865785731, -0.034131821157971766),  # below 1000: (y0 - yn(2, x)) / 2
]
Y0_TRUTHS = {1e150: 7.976728528261473e-76, 1e155: 1.721157848859449e-78, 1e200: -7.949547116811557e-101,
             1e300: -1.3681360450342481e-151, 1e4: 0.0036478055589866058, 2000.0: 0.016368366425995578,
             500.0: 0.010506708739831373}


@pytest.mark.parametrize("x, first, second", Y1, ids=[repr(c[0]) for c in Y1])
def test_y1_derivatives_at_huge_x(x, first, second):
    # y1' = y0 - y1 / x beyond 1000 (Y_1 from Hankel's expansion), y1'' by composition
    if abs(sc.y0(x) - Y0_TRUTHS[x]) > 1e-13 * abs(Y0_TRUTHS[x]):
        pytest.skip(f"SciPy {scipy.__version__}'s y0({x:g}) is {sc.y0(x)!r}: y1' follows SciPy's y0")
    _assert_paths(sc.y1, (x,), 0, None, first, 1e-13)
    _assert_paths(sc.y1, (x,), 0, 0, second, 1e-13)


#: (ufunc, x, y, d/dx, d2/dx2; d2/dy dx is minus d2/dx2), mpmath at 50 digits from the closed
#: forms p = logistic(s (x - y)), s p (1 - p) (s = 1, or ln 2 for logaddexp2)
LOGADDEXP = [
    (np.logaddexp, 0.7, -700.0, 1.0, 4.896170471767981e-305),  # second was 0 (p (1 - p), p = 1)
    (np.logaddexp, -3.0, -700.0, 1.0, 1.9803689727037426e-303),
    (np.logaddexp, 30.0, 0.0, 0.9999999999999064, 9.357622968838423e-14),
    (np.logaddexp, 1e10, 1e10 - 1, 0.7310585786300049, 0.19661193324148185),  # first was 0.73105906
    (np.logaddexp, -50.0, 3.0, 9.602680054508676e-24, 9.602680054508676e-24),
    (np.logaddexp, 2.0, 2.0, 0.5, 0.25),
    (np.logaddexp2, 0.7, -700.0, 1.0, 8.111618168657585e-212),
    (np.logaddexp2, 30.0, 0.0, 0.9999999990686774, 6.455436155841295e-10),  # second was 3e-7 off
    (np.logaddexp2, 1e10, 1e10 - 1, 0.6666666666666666, 0.15403270679109896),
    (np.logaddexp2, -50.0, 3.0, 1.1102230246251564e-16, 7.695479593116618e-17),
]


@pytest.mark.parametrize("ufunc, x, y, first, second", LOGADDEXP,
                         ids=[f"{c[0].__name__}({c[1]!r}, {c[2]!r})" for c in LOGADDEXP])
def test_logaddexp_from_the_difference(ufunc, x, y, first, second):
    # the share of x is logistic(s (x - y)), not exp(x - ans): ans's rounding, and p (1 - p)
    # at p near 1, are gone; what is left is x - y's own rounding (700.7's ulp: 1.5e-13)
    rtol = 2e-13 if abs(x - y) > 100 else 1e-15
    _assert_paths(ufunc, (x, y), 0, None, first, rtol)
    _assert_paths(ufunc, (x, y), 0, 0, second, rtol)
    _assert_paths(ufunc, (x, y), 0, 1, -second, rtol)


def test_logaddexp_at_infinities():
    # +inf: the share is 1 (exp(inf - inf) was NaN, with a warning); both -inf: 0 by convention
    for ufunc in (np.logaddexp, np.logaddexp2):
        assert wg.grad(ufunc, argnums=(0, 1))(np.inf, 1.0) == (1.0, 0.0)
        g = wg.grad(lambda x: np.sum(ufunc(x, np.array([-np.inf, 1.0]))))(np.array([-np.inf, 1.0]))
        np.testing.assert_array_equal(g, [0.0, 0.5])
        h = wg.hessian(lambda x: np.sum(ufunc(x, np.array([-np.inf, 1.0]))))(np.array([-np.inf, 1.0]))
        assert np.all(np.isfinite(h)) and h[0, 0] == 0.0


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
