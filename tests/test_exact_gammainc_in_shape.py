"""Silent wrong gradients: ``scipy.special.gammainc`` /
``gammaincc`` differentiated in ``a`` at large ``a`` (the series' ``log x - digamma`` kept
only its rounding near x = a) and at tiny ``a`` far in the tail (a subnormal factor).
"""
import numpy as np
import pytest

import wengert as wg
import wengert.scipy.special as wsp
from wengert.ops import scipy_special


# d/da gammainc(a, x): mpmath at 40 digits, as the integral of log(t) t^(a-1) e^-t / gamma(a)
# over (0, x) minus P(a, x) digamma(a) (mpmath's gammainc does not converge at a = 1e7), and
# mp.diff of gammaincc(a, x, inf, regularized=True) at 50 digits for the tail rows
@pytest.mark.parametrize("a, x, truth", [
    (1e7, 1e7, -1.2615662715231323e-4),       # before: -1.2615662714959e-4 (3.3e-10 off)
    (1e7, 9997000.0, -8.0445843470994312e-5),
    (1e5, 1e5, -1.261567312316086e-3),        # before: 9.0e-13 off
])
def test_gammainc_in_a_near_x_equals_a_at_large_a(a, x, truth):
    for fn, sign in ((wsp.gammainc, 1.0), (wsp.gammaincc, -1.0)):
        got = wg.grad(lambda a_: fn(a_, x))(a)
        assert abs(got - sign * truth) <= 2e-13 * abs(truth), (fn.__name__, got)
        tangent = wg.jvp(lambda a_: fn(a_, x), (a,), (1.0,))[1]
        assert abs(tangent - sign * truth) <= 2e-13 * abs(truth), (fn.__name__, tangent)


@pytest.mark.parametrize("a, x, truth", [
    (1e-10, 700.0, 1.4065187682396501e-307),   # before: 1.4065189272904613e-307 (1.1e-7 off)
    (1e-3, 700.0, 1.4266790230882355e-307),
])
def test_gammaincc_in_a_at_tiny_a_far_in_the_tail(a, x, truth):
    got = wg.grad(lambda a_: wsp.gammaincc(a_, x))(a)
    assert abs(got - truth) <= 1e-12 * truth, got


@pytest.mark.parametrize("x", [5e-324, 1e-310])
def test_gammainc_in_a_at_a_subnormal_x(x):
    # the truth underflows (about -1e-9000 at a = 30): 0, not NaN from log(x / a) = -inf
    # (a first version of the fix above never converged there)
    for a in (20.0, 30.0, 1e4):
        assert wg.grad(lambda a_: wsp.gammainc(a_, x))(a) == 0.0


def test_gammainc_in_a_refused_where_its_sums_do_not_converge(monkeypatch):
    # beyond about 1e9 (10 sqrt(a) terms near x = a) the sums stopped at their cap and the
    # partial sum came out as the derivative (a = x = 1e11: 6.6e-3 off); now a ValueError
    monkeypatch.setattr(scipy_special, "_MAX_TERMS", 50)
    for x in (1e4, 1e4 + 2.0):  # the series (x <= a + 1), the continued fraction (beyond)
        with pytest.raises(ValueError, match="did not converge in 50 terms"):
            wg.grad(lambda a_: wsp.gammainc(a_, x))(1e4)


# d/dphi of ellipkinc = (1 - m sin^2 phi)^(-1/2), of ellipeinc its reciprocal, and the
# second derivative of ellipkinc: mpmath at 60 digits (the formula at the double phi; mp.diff)
_M_ABOVE_ONE = 1.0 + 1e-12   # sin(phi)^2 = 1/m at phi = 1.5707953267504473
@pytest.mark.parametrize("phi, dk, de, dk2", [
    # before: 17935598.33597199, 5.5755039852469285e-08, 5778944640460520 (5.7e-3 off)
    (1.570795325179652, 17833848.954142812, 5.607314509455344e-8, 5681148976630107.1),
    # one ulp further: inf, 0.0, inf (with a RuntimeWarning)
    (1.5707953267504466, 27211195898.58913, 3.6749579244029069e-11, 2.0149403351385629e+25),
])
def test_incomplete_elliptic_integrals_in_phi_with_m_just_above_one(phi, dk, de, dk2):
    f = lambda p: wsp.ellipkinc(p, _M_ABOVE_ONE)
    g = lambda p: wsp.ellipeinc(p, _M_ABOVE_ONE)
    # (one ulp from the singular point, cos(phi)'s own rounding is 3e-8 of 1 - m sin^2 phi)
    rtol = 1e-7 if phi > 1.5707953267504 else 3e-12
    for got in (wg.grad(f)(phi), wg.jvp(f, (phi,), (1.0,))[1]):
        assert abs(got - dk) <= rtol * dk, got
    for got in (wg.grad(g)(phi), wg.jvp(g, (phi,), (1.0,))[1]):
        assert abs(got - de) <= rtol * de, got
    for got in (wg.grad(wg.grad(f))(phi), wg.jvp(wg.grad(f), (phi,), (1.0,))[1]):
        assert abs(got - dk2) <= 3 * rtol * dk2, got


# -- wengert.jvp: an argument whose tangent is zero is a constant on every path --------------
# (the forward pass made it so; the transposed path, taken inside a reverse
# runner, for complex numbers and for list arguments, multiplied the pullback's infinite
# part by the zero tangent: NaN with a RuntimeWarning, where the truth is finite)

def _sqrt_sum(x, y):
    return x + np.sqrt(y)  # d/dy infinite at y = 0


def test_jvp_zero_tangent_inside_a_reverse_runner():
    # d/da of the tangent of x * a + sqrt(y) along (1, 0): a's derivative, 1 (it was NaN)
    def tangent(a):
        return wg.jvp(lambda x, y: x * a + np.sqrt(y), (a, 0.0), (1.0, 0.0))[1]
    assert wg.grad(tangent)(2.0) == 1.0
    assert wg.grad(lambda a: wg.jvp(_sqrt_sum, (a, 0.0), (1.0, 0.0))[1])(2.0) == 0.0


@pytest.mark.parametrize("primals, tangents", [
    ((2.0 + 0j, 0j), (1.0 + 0j, 0j)),                                     # complex: transposed
    ((np.array([2.0 + 0j]), np.array([0j])), (np.array([1.0 + 0j]), np.array([0j]))),
    ((2.0, 0.0), (1.0, 0)),                                               # an int zero seed
    ((np.array([2.0]), np.array([0.0])), (np.array([1.0]), np.array([0]))),
])
def test_jvp_zero_tangents_of_other_kinds_are_constants(primals, tangents):
    value, tangent = wg.jvp(_sqrt_sum, primals, tangents)
    assert np.all(np.asarray(tangent) == 1.0), tangent
    assert np.all(np.asarray(value) == 2.0)


def test_jvp_transposed_path_with_no_moving_argument():
    value, tangent = wg.jvp(_sqrt_sum, (2.0 + 0j, 0j), (0j, 0j))
    assert value == 2.0 and tangent == 0.0


# -- wengert.jit: a constant array of the result is the caller's own --------------------------

def _scaled_by_a_constant(x):
    c = np.array([1.0, 2.0])  # made inside: a constant of the recording, read by x * c's pullback
    return np.sum(x * c), c


def test_jit_hands_out_copies_of_the_constants_of_its_result():
    # the caller scaling the returned c (its own array, from the plain function) changed every
    # later replay: value 110 and gradient [10, 20] at the second call, the truths 11 and [1, 2]
    x = np.array([3.0, 4.0])
    for jitted in (wg.jit(wg.value_and_grad(_scaled_by_a_constant, has_aux=True)),
                   wg.value_and_grad(wg.jit(_scaled_by_a_constant), has_aux=True)):
        for _ in range(3):
            (value, c), g = jitted(x)
            assert value == 11.0 and np.array_equal(g, [1.0, 2.0]) and np.array_equal(c, [1.0, 2.0])
            c *= 10.0
    evaluated = wg.jit(_scaled_by_a_constant)
    for _ in range(3):
        value, c = evaluated(x)
        assert value == 11.0 and np.array_equal(c, [1.0, 2.0])
        c *= 10.0
    constant = wg.jit(lambda x: [np.ones(2), 2.0])  # a constant result: no node at all
    for _ in range(3):
        out = constant(x)
        assert np.array_equal(out[0], [1.0, 1.0]) and len(out) == 2
        out[0][0] = 5.0
        out.append(3.0)


def test_jvp_refuses_a_tangent_of_another_shape():
    # a zero tangent of another shape passed as "does not move" (a still input)
    # and returned a zero tangent; a nonzero one failed with NumPy's broadcasting message
    f = lambda x: np.sum(x ** 2)  # noqa: E731
    for t in (np.zeros(5), np.ones(5), np.zeros((3, 1))):
        with pytest.raises(ValueError, match=r"tangent of shape .* for a primal of shape \(3,\)"):
            wg.jvp(f, (np.ones(3),), (t,))
        with pytest.raises(ValueError, match="tangent of shape"):
            wg.jvp(lambda d: np.sum(d["a"] ** 2), ({"a": np.ones(3)},), ({"a": t},))
    assert wg.jvp(f, (np.ones(3),), (np.zeros(3),))[1] == 0.0
    np.testing.assert_array_equal(wg.jacfwd(lambda d: d["a"] ** 2)({"a": np.ones(2)})["a"], 2 * np.eye(2))
