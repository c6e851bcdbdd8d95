"""Forward mode through a product or a quotient whose other factor is infinite: a tangent's
structural zero (a Jacobian's other directions, a direction that leaves the argument where it is)
adds nothing there, as reverse mode's sweep never multiplies it. jacfwd of
``v[1] + v[2] * log(v[0])`` at ``v[0] = 0`` was ``[nan, nan, -inf, nan]`` (v[2]'s tangent 0 in
the directions of v[0], v[1], v[3] times log(0) = -inf) where jacrev gives the truth
``[inf, 1, -inf, 0]``; jvp along v[1] NaN for 1; jacfwd(jacfwd) NaN in every entry but two. A live
zero (a derivative that vanishes there: cos's -sin(0)) times the infinite factor stays NaN, as in
reverse mode. Truths in closed form (the function is linear in v[1] and v[2], v[3] unused)."""
import numpy as np
import pytest

import wengert as wg

pytestmark = pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning", "ignore:divide by zero:RuntimeWarning")

X = np.array([0.0, 0.25, 1.5, 0.7])
INF = np.inf
FUNCTIONS = {
    "v2 * log(v0)": (lambda v: v[1] + v[2] * np.log(v[0]), [INF, 1.0, -INF, 0.0]),
    "log(v0) * v2": (lambda v: v[1] + np.log(v[0]) * v[2], [INF, 1.0, -INF, 0.0]),
    "v2 * arctanh(v0 + 1)": (lambda v: v[1] + v[2] * np.arctanh(v[0] + 1.0), [INF, 1.0, INF, 0.0]),
    "v2 / v0": (lambda v: v[1] + v[2] / v[0], [-INF, 1.0, INF, 0.0]),
}
# the Hessians of the first three: d2/dv0^2 = -v2 / v0^2 (v2 / (1 - (v0 + 1)^2)^2 ... +inf for
# arctanh), d2/dv0 dv2 the derivative of the infinite factor, every other entry 0
HESSIANS = {
    "v2 * log(v0)": [[-INF, 0, INF, 0], [0, 0, 0, 0], [INF, 0, 0, 0], [0, 0, 0, 0]],
    "log(v0) * v2": [[-INF, 0, INF, 0], [0, 0, 0, 0], [INF, 0, 0, 0], [0, 0, 0, 0]],
    "v2 * arctanh(v0 + 1)": [[INF, 0, INF, 0], [0, 0, 0, 0], [INF, 0, 0, 0], [0, 0, 0, 0]],
}


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_jacobian_forward_is_reverse(name):
    f, truth = FUNCTIONS[name]
    for jacobian in (wg.jacfwd, wg.jacrev):
        np.testing.assert_array_equal(jacobian(f)(X), truth)
    for i in range(4):  # one direction at a time: one-entry tangents
        assert wg.jvp(f, (X,), (np.eye(4)[i],))[1] == truth[i]


@pytest.mark.parametrize("name", list(HESSIANS))
def test_forward_over_forward_is_the_hessian(name):
    f = FUNCTIONS[name][0]
    np.testing.assert_array_equal(wg.jacfwd(wg.jacfwd(f))(X), HESSIANS[name])
    np.testing.assert_array_equal(wg.jacfwd(wg.jacrev(f))(X), HESSIANS[name])


def test_a_live_zero_times_the_infinite_factor_stays_nan():
    """d/dv2 of cos(v2) log(v0) at v2 = 0, v0 = 0: -sin(0) times -inf, undefined (reverse mode's NaN);
    the other directions as before."""
    def f(v):
        return v[1] + np.cos(v[2]) * np.log(v[0])
    x = np.array([0.0, 0.25, 0.0, 0.7])
    for jacobian in (wg.jacfwd, wg.jacrev):
        got = jacobian(f)(x)
        assert got[0] == INF and got[1] == 1.0 and np.isnan(got[2]) and got[3] == 0.0
    assert np.isnan(wg.jvp(f, (x,), (np.eye(4)[2],))[1]) and wg.jvp(f, (x,), (np.eye(4)[1],))[1] == 1.0


def test_a_zero_factor_that_does_not_move_holds_the_product_at_zero():
    """A product's term t * y where y is 0 and does not move along the direction (a constant 0,
    or a structural zero tangent) is 0 whatever t: d(x y) = lim x(h) y(h) / h = x(0) y'(0) = 0
    for a finite x. The term was inf * 0 = NaN: forward over forward of
    v[1] + v[2] * (-log1p(-v[0])) ** 1.5 at v[0] = 0 (the inner tangent of the power along
    v[1], v[2], v[3] is 0 and does not move, its partial 1.5 w ** 0.5 is 0 with an infinite
    derivative) gave d2f/dv0 dvk NaN for k = 1..3, the truth 0 as g'(0) = 0 for
    g = (-log1p(-v0)) ** 1.5; jvp of sqrt(x) * [0, 1] at 0 along x[0] was NaN for 0. A live zero
    factor (v[0] ** 2's tangent 2 v[0] = 0) stays NaN, as reverse mode gives."""
    def f(v):
        return v[1] + v[2] * (-np.log1p(-v[0])) ** 1.5
    # (d2f/dv0^2 = v2 g''(0) = inf; every other entry 0: g'(0) = 0, f linear in v1, v2)
    hessian = [[INF, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    np.testing.assert_array_equal(wg.jacfwd(wg.jacfwd(f))(X), hessian)
    np.testing.assert_array_equal(wg.jacrev(wg.jacrev(f))(X), hessian)
    x = np.array([0.0, 1.0])
    for direction, truth in (([1.0, 0.0], [0.0, 0.0]), ([1.0, 1.0], [0.0, 0.5])):
        t = wg.jvp(lambda x: np.sqrt(x) * np.array([0.0, 1.0]), (x,), (np.array(direction),))[1]
        np.testing.assert_array_equal(t, truth)
    assert wg.jvp(lambda v: np.sqrt(v[0]) * v[1], (np.zeros(2),), (np.array([1.0, 0.0]),))[1] == 0.0  # (one entry)
    for live in (lambda v: np.sqrt(v[0]) * v[0] ** 2, lambda v: np.sqrt(v[0]) * v[0]):
        assert np.isnan(wg.jacfwd(live)(X)[0]) and np.isnan(wg.jacrev(live)(X)[0])


def test_a_constant_zero_factor_holds_but_terms_that_cancel_stay_live():
    """The two rules side by side: x * [0, 1] with x = sqrt(exp(t) - 1 - t) (= |t| / sqrt(2) + ...)
    at t = 0 along [1, 1]: x's tangent is e^0 - 1 = 0 from terms that cancel, live, so sqrt's
    infinite partial makes it NaN (the truth undefined: +-1/sqrt(2) from either side); times the
    constant 0 the product is the constant 0 (tangent 0), times 1 it stays NaN. A factor whose 0
    is itself from terms that cancel (v[1] - v[1]) is not held: NaN, never a guess."""
    def f(t):
        return np.sqrt(np.exp(t) - 1 - t) * np.array([0.0, 1.0])
    value, tangent = wg.jvp(f, (np.zeros(2),), (np.ones(2),))
    assert value.tolist() == [0.0, 0.0] and tangent[0] == 0.0 and np.isnan(tangent[1])
    assert np.isnan(wg.jvp(lambda v: np.sqrt(v[0]) * (v[1] - v[1]), (np.zeros(2),), (np.ones(2),))[1])


def test_a_held_zero_under_an_outer_forward_pass():
    """The hold above inside an outer forward pass, where the product is a Dual of the outer pass:
    forward over forward of w * nan_to_num(x * inf) (found by hunt43 against JAX) raised
    TypeError (held_zero converted the product, a Dual, to a plain array), on both cores. Now
    the product's plain value is read: nan_to_num of +-inf is the constant +-1.8e308, every
    derivative 0, as hessian and jacrev(jacfwd) gave."""
    w = np.array([0.5, 0.25])
    def f(x):
        return np.sum(w * np.nan_to_num(x * INF))
    x = np.array([0.5, -0.5])
    for hess in (wg.jacfwd(wg.jacfwd(f)), wg.hessian(f), wg.jacrev(wg.jacfwd(f))):
        np.testing.assert_array_equal(hess(x), np.zeros((2, 2)))


def test_a_constant_zero_factor_of_a_complex_product_adds_nothing():
    """A product with a constant 0 is the constant 0 whatever the other factor's derivative: jvp of np.sqrt(z) * 0
    at z = 0j (complex: the pullback transposed) was NaN, sqrt's infinite partial times the 0 (vjp: 0); through a
    complex intermediate of a real argument (forward mode's Duals), jvp of np.sqrt(x + 0j) * 0 at x = 0 NaN too."""
    z = np.array(0j)
    with np.errstate(divide="ignore", invalid="ignore"):
        for f in (lambda z: np.sqrt(z) * 0, lambda z: 0.0 * np.sqrt(z), lambda z: np.exp(np.sqrt(z)) * 0):
            assert wg.jvp(f, (z,), (np.array(1 + 0j),))[1] == 0
            assert wg.vjp(f, z)[1](np.array(1 + 0j))[0] == 0
        out = wg.jvp(lambda x: np.sqrt(x + 0j) * 0, (np.array([0.0, 1.0]),), (np.array([1.0, 1.0]),))[1]
        np.testing.assert_array_equal(out, [0, 0])
        assert wg.jvp(lambda x: np.real(np.sqrt(x + 0j) * 0), (0.0,), (1.0,))[1] == 0
