"""Forward mode's twin of test_structural_zeros: a zero tangent adds nothing where it meets an
infinite partial only where it is structural (the direction leaves the value where it is: a
seed's other entries, a constant, np.where's untaken branch); a live zero, a nonzero tangent
times a derivative that vanishes there (3 x^2 at 0 in cbrt(x^3)), times the infinite partial
is NaN, as reverse mode gives. Forward mode read every zero tangent as structural: jvp of
np.cbrt(x ** 3) at 0 was 0 for the truth 1.
"""
import warnings

import numpy as np
import pytest

import wengert as wg


def _quiet(f):
    def run(*a):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            with np.errstate(all="ignore"):
                return f(*a)
    return run


#: a live zero tangent at 0 meets an infinite partial (each was 0 in forward mode; reverse NaN)
LIVE = {
    "cbrt(x**3)": lambda x: np.cbrt(x ** 3),
    "(x**3)**(1/3)": lambda x: (x ** 3) ** (1 / 3),
    "cbrt(sin(x)**3)": lambda x: np.cbrt(np.sin(x) ** 3),
    "wg.sqrt(x*x)": lambda x: wg.sqrt(x * x),
    "sqrt(x*x)": lambda x: np.sqrt(x * x),
    "arcsin(1-x**2)": lambda x: np.arcsin(1.0 - x ** 2),
}


@pytest.mark.parametrize("name", sorted(LIVE))
def test_a_live_zero_tangent_times_an_infinite_partial_is_nan(name):
    f = LIVE[name]
    assert np.isnan(_quiet(lambda: wg.jvp(f, (0.0,), (1.0,))[1])())  # (a Python float: the scalar core)
    t = _quiet(lambda: wg.jvp(f, (np.array([0.0, 1.0]),), (np.array([1.0, 0.0]),))[1])()
    assert np.isnan(t[0]) and t[1] == 0.0  # (the seed's other entry: structural)
    assert np.isnan(_quiet(wg.grad(lambda x: np.sum(f(x))))(np.array([0.0, 1.0]))[0])  # (reverse agrees)
    j = _quiet(wg.jacfwd(f))(np.array([0.0, 1.0]))  # (a basis direction's zero entries)
    assert np.isnan(j[0, 0]) and j[0, 1] == 0.0 and j[1, 0] == 0.0


def test_jacfwd_agrees_with_jacrev_at_the_switch():
    f = lambda x: np.cbrt(x ** 3)  # noqa: E731
    for x in ([0.0, 1.0], [0.0, 0.0]):
        np.testing.assert_array_equal(_quiet(wg.jacfwd(f))(np.array(x)), _quiet(wg.jacrev(f))(np.array(x)))


def test_structural_zero_tangents_still_add_nothing():
    assert _quiet(lambda: wg.jvp(lambda x: np.where(x < 700, np.exp(x), 0.0), (1000.0,), (1.0,))[1])() == 0.0
    t = _quiet(lambda: wg.jvp(lambda x: np.sum(np.where(x > 0, np.log(x), 0.0)), (np.array([0.0, 1.0]),),
                              (np.array([1.0, 1.0]),))[1])()
    assert t == 1.0
    assert _quiet(wg.jacfwd(np.sqrt))(np.array([0.0, 1.0])).tolist() == [[np.inf, 0.0], [0.0, 0.5]]
    # a - a is the constant 0 (1 - 1 is structural, as in reverse mode)
    assert wg.jvp(lambda a: wg.sqrt(a - a) + a, (1.0,), (1.0,)) == (1.0, 1.0)
    # a live zero's mark passes through a selection to the entries it selects only
    f = lambda x: np.sqrt(x ** 2)[::-1]  # noqa: E731
    j = _quiet(wg.jacfwd(f))(np.array([0.0, 1.0]))
    assert np.isnan(j[1, 0]) and j[0].tolist() == [0.0, 1.0] and j[1, 1] == 0.0


def test_a_constant_zero_partial_adds_nothing_to_an_infinite_tangent():
    # x * 0.0, x / inf, 1.0 ** x are constants: their tangent 0 (was inf * 0 = NaN), as reverse mode
    for f in (lambda x: wg.sqrt(x) * 0.0 + x, lambda x: wg.sqrt(x) / float("inf") + x,
              lambda x: 1.0 ** wg.sqrt(x) + x):
        assert wg.jvp(f, (0.0,), (1.0,)) == (f(0.0), 1.0) == (f(0.0), wg.grad(f)(0.0))


def test_second_order_at_the_switch():
    # the entry the live zero does not reach: its row of the Hessian the truth, every way;
    # the live zero's own entry NaN (forward over forward and over reverse take traced
    # tangents' products as they are)
    F = lambda x: np.sum(np.cbrt(x ** 3) ** 2)  # noqa: E731  (sum(x^2): Hessian 2 I)
    x = np.array([0.0, 1.0])
    for h in (_quiet(wg.hessian(F))(x), _quiet(wg.jacfwd(wg.grad(F)))(x)):
        assert np.isnan(h[0, 0]) and h[1].tolist() == [0.0, 2.0]
    assert np.isnan(_quiet(wg.jacfwd(wg.jacfwd(F)))(x)[0, 0])
    inner = lambda x: wg.jvp(lambda y: np.cbrt(y ** 3), (x,), (np.ones(2),))[1]  # noqa: E731
    j = _quiet(wg.jacfwd(inner))(x)
    assert np.isnan(j[0, 0]) and j[1].tolist() == [0.0, 0.0]


def test_an_overflowed_argument_stays_undefined():
    # Decided: no rule gives exp's tangent 0 at an argument of -inf with an infinite tangent:
    # exp(-exp(s^2 / 2)) at s = 50 has the truth 0, but exp(log(x)) at 0 meets the same floats
    # (-inf, tangent -inf... +inf) with the truth 1: NaN, not a guess, both ways
    f = lambda s: np.exp(-np.exp(s * s / 2))  # noqa: E731
    assert np.isnan(_quiet(lambda: wg.jvp(f, (50.0,), (1.0,))[1])())
    assert np.isnan(_quiet(wg.grad(f))(50.0))
    assert np.isnan(_quiet(lambda: wg.jvp(lambda x: np.exp(np.log(x)), (0.0,), (1.0,))[1])())


def test_a_structural_zero_stays_structural_beside_a_live_one():
    # cbrt's rule puts 0 at the structural zero of (x ** 3)'s tangent and NaN at the live one:
    # sqrt's infinite partial at 0 then adds nothing there (it took the whole tangent as live)
    f = lambda x: np.sqrt(np.cbrt(x ** 3))  # noqa: E731
    for j in (_quiet(wg.jacfwd(f))(np.zeros(2)), _quiet(wg.jacrev(f))(np.zeros(2))):
        assert np.isnan(np.diag(j)).all() and j[0, 1] == 0.0 and j[1, 0] == 0.0
