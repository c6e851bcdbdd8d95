"""SciPy functions: ``lambertw`` (every branch, in z), ``exprel``,
``spherical_jn spherical_yn spherical_in spherical_kn`` (in z, with and without
``derivative=True``), ``jve`` and ``yve`` (in z).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode, complex inputs where SciPy's ufunc takes
them); below, complex arguments, third derivatives, the values at the switching points against
mpmath (50 digits), and the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.special as wsp  # noqa: E402
from opcheck import case, gradient_test, rand  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

Z = np.array([0.3, 1.7, 4.0])
ORDERS = np.array([[0], [1], [4]])
#: complex points away from the real axis (jve, yve: the scale factor's kink is at Im z = 0)
ZC = np.array([0.7 + 0.4j, 2.0 - 1.1j, -1.3 + 0.6j])


def _parts(f):
    """The real and imaginary parts of a complex-valued function, as a pair."""
    return lambda *args: (np.real(f(*args)), np.imag(f(*args)))


CASES = [
    case(wsp.lambertw, _parts(wsp.lambertw), np.array([-0.3, 0.0, 0.5, 3.0, -1.0]), id="lambertw"),
    case(wsp.lambertw, _parts(lambda z: wsp.lambertw(z, -1)), np.array([-0.3, -0.05, -0.36, 2.0]), id="lambertw-k-1"),
    case(wsp.lambertw, _parts(lambda z: wsp.lambertw(z, 2)), np.array([-0.3, 0.5, 30.0]), id="lambertw-k2"),
    case(wsp.lambertw, _parts(lambda z: wsp.lambertw(z, 1)), ZC, id="lambertw-complex"),
    case(wsp.lambertw, _parts(wsp.lambertw), 1.5, id="lambertw-float"),
    # the three forms of exprel' (|x| < 1, below -1, above 1) and their switching points
    case(sc.exprel, sc.exprel, np.array([-40.0, -1.0, -0.5, 0.0, 0.7, 1.0, 3.0]), id="exprel"),
    case(sc.exprel, sc.exprel, rand((2, 3), -3.0, 3.0, seed=5), id="exprel-matrix"),
    case(sc.exprel, sc.exprel, 0.25, id="exprel-float"),
    *[case(getattr(wsp, f"spherical_{kind}"), lambda z, _f=getattr(wsp, f"spherical_{kind}"): _f(ORDERS, z), Z,
           id=f"spherical_{kind}") for kind in ("jn", "yn", "in", "kn")],
    *[case(getattr(wsp, f"spherical_{kind}"),
           lambda z, _f=getattr(wsp, f"spherical_{kind}"): _f(ORDERS, z, derivative=True), Z,
           id=f"spherical_{kind}-derivative") for kind in ("jn", "yn", "in", "kn")],
    *[case(getattr(wsp, f"spherical_{kind}"), _parts(lambda z, _f=getattr(wsp, f"spherical_{kind}"): _f(ORDERS, z)),
           ZC, id=f"spherical_{kind}-complex") for kind in ("jn", "yn", "in", "kn")],
    # (z = 0: below, against the series; SciPy before 1.18 gives NaN at z < 0, where central differences look)
    case(sc.jve, lambda z: sc.jve(np.array([-1.5, 0.0, 2.5]), z), rand((2, 3), 0.2, 3.0, seed=6), id="jve"),
    case(sc.jve, lambda z: sc.jve(np.array([-1.0, 0.0, 2.0]), z), rand((2, 3), -3.0, 3.0, seed=8), id="jve-integer"),
    case(sc.jve, lambda z: sc.jve(1.0, z), ZC, id="jve-complex"),
    case(sc.yve, lambda z: sc.yve(np.array([-1.5, 0.0, 2.0]), z), rand((2, 3), 0.4, 3.0, seed=7), id="yve"),
    case(sc.yve, lambda z: sc.yve(0.5, z), ZC, id="yve-complex"),
]

test_gradient = gradient_test(CASES)


@pytest.mark.parametrize("f, z", [
    (lambda z: wsp.lambertw(z, 1), ZC), (lambda z: wsp.lambertw(z, -1), np.array([-0.2, -0.36, 0.7])),
    (sc.exprel, np.array([-3.0, -1.0, 0.0, 0.5, 1.0, 2.0])),
    *[(lambda z, _f=getattr(wsp, f"spherical_{kind}"): _f(ORDERS, z), ZC) for kind in ("jn", "yn", "in", "kn")],
    (lambda z: sc.jve(1.5, z), ZC), (lambda z: sc.yve(-0.5, z), ZC),
])
def test_third_order_and_complex(f, z):
    # the derivative of the derivative, and once more (both modes), complex points included
    check_grads(_parts(f), z, order=3, modes=("rev", "fwd"))


def _grad(f, order=1):
    for _ in range(order):
        f = wg.grad(f)
    return f


@pytest.mark.parametrize("z, k, first, second", [
    # mpmath at 50 digits: lambertw's derivatives W' = 1 / (e^W (1 + W)), W'' = -W'^2 (2 + W) / (1 + W)
    # near the branch point -1/e, where SciPy's W loses digits (3e-9 at -0.3678794411714423: its
    # exp(-W) / (1 + W) was 23% off there, 9e-10 at -0.36787944)
    (-0.3678794411714423, 0, 177616090.53502116, -2.061353388076378e24),
    (-0.3678794411714423, -1, -177616094.15939692, 2.061353388076378e24),
    (-0.36787944, 0, 34060.316839871906, -14538542896684.299),
    (-0.36787944, -1, -34063.94121565422, 14538542896674.885),
    (-0.36, 0, 11.54689014005681, -820.9010073028068),
    (1.0, 0, 0.3618962566348892, -0.2145406462821437),
])
def test_lambertw_near_the_branch_point_against_mpmath(z, k, first, second):
    assert _grad(lambda t: np.real(wsp.lambertw(t, k)))(z) == pytest.approx(first, rel=4e-16, abs=0)
    assert _grad(lambda t: np.real(wsp.lambertw(t, k)), 2)(z) == pytest.approx(second, rel=1e-15, abs=0)


@pytest.mark.parametrize("x, first, second", [
    # mpmath at 50 digits: (e^x - 1) / x differentiated (mp.diff)
    (0.0, 0.5, 1.0 / 3.0), (1e-10, 0.5000000000333333, 0.3333333333583333),
    (-0.999, 0.26440177743037113, 0.16071676701409343), (1.0, 1.0, 0.7182818284590452),
    (-1.0, 0.26424111765711533, 0.16060279414278839), (-30.0, 0.001111111111107888, 7.407407407073999e-05),
    (700.0, 1.4468330739995269e301, 1.444769126552865e301), (-1e6, 1e-12, 2e-18),
])
def test_exprel_against_mpmath(x, first, second):
    assert _grad(sc.exprel)(x) == pytest.approx(first, rel=4e-16, abs=0)
    assert _grad(sc.exprel, 2)(x) == pytest.approx(second, rel=5e-16, abs=0)


def test_spherical_functions_first_derivative_is_scipys_and_second_against_mpmath():
    for kind in ("jn", "yn", "in", "kn"):
        f = getattr(wsp, f"spherical_{kind}")
        for n in (0, 1, 4):
            assert _grad(lambda z: f(n, z))(1.3) == getattr(sc, f"spherical_{kind}")(n, 1.3, derivative=True)
    # mpmath at 50 digits: d^2/dz^2 sqrt(pi / (2z)) J_(n+1/2)(z) and the others, at z = 2
    for kind, n, second in (("jn", 0, -0.01925093843284923), ("jn", 4, 0.03079395529607476),
                            ("yn", 1, -0.38337942041159884), ("in", 4, 0.07744419516117007),
                            ("kn", 0, 0.2657302072422727)):
        got = _grad(lambda z: getattr(wsp, f"spherical_{kind}")(n, z), 2)(2.0)
        assert got == pytest.approx(second, rel=2e-15, abs=0)
    # at z = 0 (the recurrence divides by 2n + 1, not by z): j_0'' = -1/3, j_2'' = 2/15, i_1''' = 1/5
    assert _grad(lambda z: wsp.spherical_jn(0, z), 2)(0.0) == pytest.approx(-1.0 / 3.0, rel=1e-15, abs=0)
    assert _grad(lambda z: wsp.spherical_jn(2, z), 2)(0.0) == pytest.approx(2.0 / 15.0, rel=1e-15, abs=0)
    assert _grad(lambda z: wsp.spherical_in(1, z, derivative=True), 2)(0.0) == pytest.approx(0.2, rel=1e-15, abs=0)


def test_jve_yve_are_jv_yv_on_the_real_line():
    z = np.array([0.5, 2.0, 7.5])
    np.testing.assert_array_equal(wg.elementwise_grad(lambda t: sc.jve(1.0, t))(z),
                                  wg.elementwise_grad(lambda t: sc.jv(1.0, t))(z))
    np.testing.assert_allclose(wg.elementwise_grad(lambda t: sc.yve(2.5, t))(z),
                               0.5 * (sc.yv(1.5, z) - sc.yv(3.5, z)), rtol=1e-15)


def test_refusals():
    with pytest.raises(ValueError, match="lambertw.*z = 0 on the branches k != 0"):
        wg.grad(lambda z: np.real(wsp.lambertw(z, 1)))(0.0)
    # (at the float nearest -1/e SciPy's W is NaN, and so is its gradient, without a warning)
    assert np.isnan(wg.grad(lambda z: np.real(wsp.lambertw(z)))(-1.0 / np.e + 0j))
    for call, argument in ((lambda k: wsp.lambertw(0.5, k), "branch k"),
                           (lambda n: wsp.spherical_jn(n, 0.5), "order n"),
                           (lambda n: wsp.spherical_kn(n, 0.5, derivative=True), "order n"),
                           (lambda v: sc.jve(v, 0.5), "order"), (lambda v: sc.yve(v, 0.5), "order")):
        with pytest.raises(wg.NoGradientRule, match=argument):
            wg.grad(lambda t: np.real(call(t)))(1.0)


def test_values_are_scipys():
    z = np.array([-0.2, 0.5, 3.0])
    np.testing.assert_array_equal(wsp.lambertw(z, -1), sc.lambertw(z, -1))
    for kind in ("jn", "yn", "in", "kn"):
        for derivative in (False, True):
            np.testing.assert_array_equal(getattr(wsp, f"spherical_{kind}")(ORDERS, Z, derivative),
                                          getattr(sc, f"spherical_{kind}")(ORDERS, Z, derivative))
