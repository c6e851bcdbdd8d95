"""A zero cotangent adds nothing where an infinite partial meets it only where the zero is
structural (nothing flows there: np.where's untaken branch, a product with a constant 0, a
Jacobian's basis cotangent); a live zero, a derivative that vanishes there (2 sqrt(x) at 0 in
sqrt(x) ** 2), times the infinite partial is undefined: NaN, as forward mode gives. The
convention of 2eb1a9f took every zero as structural: grad of np.sqrt(x) ** 2 at 0 was 0 (the
truth 1 from the right), of np.exp(np.log(x)) 0 (1), of np.sqrt(x) ** 1.5 0 (inf).
"""
import warnings

import numpy as np
import pytest

import wengert as wg
from wengert.ops._util import def_partials
from wengert.primitive import Primitive

#: the functions whose derivative at 0 is a live zero times an infinite partial
LIVE = {
    "sqrt**2": lambda x: np.sqrt(x) ** 2,
    "exp(log)": lambda x: np.exp(np.log(x)),
    "sqrt**1.5": lambda x: np.sqrt(x) ** 1.5,
    "sqrt*sqrt": lambda x: np.sqrt(x) * np.sqrt(x),
    "wg.sqrt**2": lambda x: wg.sqrt(x) ** 2,
    "sqrt[::-1]**2": lambda x: np.sqrt(x)[::-1] ** 2,
}


def _quiet(f):
    def run(*a):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            with np.errstate(all="ignore"):
                return f(*a)
    return run


def _truth(name, x):
    # the derivative at x > 0, from mpmath
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(30):
        f = {"sqrt**1.5": lambda t: mpmath.sqrt(t) ** 1.5, "exp(log)": lambda t: mpmath.exp(mpmath.log(t))}.get(
            name, lambda t: mpmath.sqrt(t) ** 2)
        return float(mpmath.diff(f, x))


@pytest.mark.parametrize("name", sorted(LIVE))
def test_a_live_zero_times_an_infinite_partial_is_nan(name):
    f = LIVE[name]
    F = _quiet(lambda x: np.sum(f(x)))
    g = _quiet(wg.grad(F))(np.array([0.0, 1.0]))
    assert np.isnan(g[0])
    assert g[1] == pytest.approx(_truth(name, 1.0), rel=1e-14)
    if name != "sqrt[::-1]**2":  # (a float argument)
        assert np.isnan(_quiet(wg.grad(F))(0.0))
    # forward mode agrees
    assert np.isnan(_quiet(lambda: wg.jvp(F, (np.array([0.0, 1.0]),), (np.array([1.0, 0.0]),))[1])())


@pytest.mark.parametrize("name", ["sqrt**2", "exp(log)", "sqrt**1.5"])
def test_a_live_zero_at_second_order(name):
    f = LIVE[name]
    F = lambda x: np.sum(f(x))  # noqa: E731
    x = np.array([0.0, 1.0])
    assert np.isnan(_quiet(wg.grad(lambda y: np.sum(wg.grad(F)(y))))(x)[0])
    assert np.isnan(_quiet(wg.grad(wg.grad(F)))(0.0))
    h = _quiet(wg.hessian(F))(x)
    assert np.isnan(h[0, 0]) and h[1, 0] == 0.0
    assert np.isnan(_quiet(wg.jacfwd(wg.grad(F)))(x)[0, 0])
    assert np.isnan(_quiet(wg.jacfwd(wg.jacfwd(F)))(x)[0, 0])


def test_structural_zeros_still_add_nothing():
    g = _quiet(wg.grad(lambda x: np.sum(np.where(x > 0, np.log(x), 0.0))))(np.array([0.0, 1.0]))
    assert g.tolist() == [0.0, 1.0]
    g = _quiet(wg.grad(lambda x: np.sum(np.where(x < 700, np.exp(x), 0.0))))(np.array([1000.0, 1.0]))
    assert g[0] == 0.0 and g[1] == np.exp(1.0)
    assert _quiet(wg.grad(lambda x: np.where(x < 700, np.exp(x), 0.0)))(1000.0) == 0.0
    assert wg.grad(lambda x: wg.sqrt(x) * 0.0 + x)(0.0) == 1.0  # (a constant 0)
    assert _quiet(wg.grad(lambda x: np.sum(np.sqrt(x) * np.array([0.0, 1.0]) + x)))(np.array([0.0, 1.0]))[0] == 1.0
    assert wg.grad(wg.grad(lambda x: wg.sqrt(x) * 0.0 + x * x))(0.0) == 2.0
    j = _quiet(wg.jacrev(np.sqrt))(np.array([0.0, 1.0]))  # (a basis cotangent's zeros)
    assert j.tolist() == [[np.inf, 0.0], [0.0, 0.5]]
    assert _quiet(wg.jacrev(lambda x: np.sqrt(x) ** 2))(np.array([0.0, 1.0]))[1, 0] == 0.0


def test_a_live_zero_through_np_where():
    # the taken branch keeps the live zero, the untaken one is structural
    x = np.array([1000.0, 1.0])
    g = _quiet(wg.grad(lambda x: np.sum(np.where(x < 700, np.exp(x), 0.0) ** 2)))(x)
    assert g[0] == 0.0 and g[1] == pytest.approx(2 * np.exp(2.0), rel=1e-15)
    assert _quiet(wg.grad(lambda x: np.where(x < 700, np.exp(x), 0.0) ** 2))(1000.0) == 0.0
    g = _quiet(wg.grad(lambda x: np.sum(np.where(x > -1, np.sqrt(x), 0.0) ** 2)))(np.array([0.0, 1.0]))
    assert np.isnan(g[0]) and g[1] == 1.0
    # (broadcast: the untaken branch of a (2, 3) where, summed back to (2, 1))
    g = _quiet(wg.grad(lambda x: np.sum(np.where(x[:, None] < 700, np.exp(x[:, None]), np.zeros((2, 3))) ** 2)))(x)
    assert g[0] == 0.0 and g[1] == pytest.approx(6 * np.exp(2.0), rel=1e-15)


def test_a_node_is_live_where_any_consumer_is():
    # sqrt's node: a structural zero from np.where and a live one from ** 2
    g = _quiet(wg.grad(lambda x: np.sum(np.where(x > 0, np.sqrt(x), 0.0) + np.sqrt(x) ** 2)))(np.array([0.0, 1.0]))
    assert np.isnan(g[0]) and g[1] == 1.5


def test_the_scalar_sweep_and_its_jit_replay():
    f = wg.jit(wg.grad(lambda x: wg.sqrt(x) ** 2))
    assert f(4.0) == 1.0 and np.isnan(f(0.0)) and np.isnan(f(0.0))
    f = wg.jit(wg.grad(lambda x: wg.sqrt(x) * 0.0 + x))  # (a constant 0: tape.backward's sweep)
    assert f(0.0) == 1.0 and f(0.0) == 1.0 and f(4.0) == 1.0
    assert wg.grad(lambda x: x ** 0.0 + x)(0.0) == 1.0  # (x ** 0: a constant)
    # the other constant partials 0 of the scalar tape: x / inf, 1.0 ** x
    assert wg.grad(lambda x: wg.sqrt(x) / float("inf") + x)(0.0) == 1.0
    assert wg.grad(lambda x: 1.0 ** wg.sqrt(x) + x)(0.0) == 1.0
    assert wg.grad(lambda x: 2.0 ** wg.sqrt(x) + x)(0.0) == np.inf  # (2 ** x: a partial log 2)
    # a seed of 0: every adjoint a structural zero; of 1: the live zero of 2 sqrt(0)
    pullback = wg.vjp(lambda x: wg.sqrt(x) ** 2, 0.0)[1]
    assert pullback(0.0) == (0.0,) and np.isnan(pullback(1.0)[0])


def test_wg_jit_takes_an_argument_it_does_not_differentiate_as_a_constant():
    # wg.jit traces every float array argument (a new batch replays the tape), the targets t
    # here too; their zeros are structural, as outside wg.jit, where t is no Var: the product
    # t * sqrt(z) at t = z = 0 has the partial 0 in z. The jit gave NaN there, on its first
    # call and every replay, where wg.grad gave 0 (its sweep counted t as a differentiated
    # factor, whose zeros are live); differentiated in t too, the zero is live (NaN) in both.
    def loss(z, t):
        return np.sum(t * np.sqrt(z))
    z, t = np.array([0.0, 1.0, 4.0]), np.array([0.0, 1.0, 1.0])
    truth = [0.0, 0.5, 0.25]
    assert _quiet(wg.grad(loss))(z, t).tolist() == truth
    for f in (wg.grad(wg.jit(loss)), wg.jit(wg.grad(loss)), lambda z, t: wg.value_and_grad(wg.jit(loss))(z, t)[1]):
        for _ in range(3):  # (record, build the replay, replay)
            assert _quiet(f)(z, t).tolist() == truth
    for f in (wg.grad(loss, argnums=(0, 1)), wg.grad(wg.jit(loss), argnums=(0, 1))):
        for _ in range(3):
            gz, gt = _quiet(f)(z, t)
            assert np.isnan(gz[0]) and gz[1:].tolist() == truth[1:] and gt.tolist() == [0.0, 1.0, 2.0]


def test_a_cotangent_passed_on_keeps_its_marks():
    # add's and subtract's pullbacks pass g on as it is: its structural zero (np.where's
    # untaken branch at 1000, under exp's infinite partial) stays structural beside a live one
    # (the square's 2 * 0 at x = 0, under sqrt's)
    def f(x):
        return np.sum(np.where(x < 700, np.sqrt(x) + np.exp(x) - 1.0, 0.0) ** 2)
    g = _quiet(wg.grad(f))(np.array([1000.0, 0.0, 1.0]))
    assert g[0] == 0.0 and np.isnan(g[1]) and g[2] == pytest.approx(2 * np.e * (0.5 + np.e), rel=1e-15)


#: a live zero reaches a selection (an index, take, maximum, minimum, clip, max), whose
#: entries it does not select are structural zeros at sqrt's infinite partial at 0:
#: (f, x, the gradient: NaN where the live zero meets sqrt at 0, 0 where nothing flows)
SELECTIONS = {
    "x[0]": (lambda x: np.sqrt(x)[0] ** 2, [0.0, 0.0], [np.nan, 0.0]),
    "x[[0, 0]]": (lambda x: np.sum(np.sqrt(x)[[0, 0]] ** 2), [0.0, 0.0], [np.nan, 0.0]),
    "take": (lambda x: np.take(np.sqrt(x), 0) ** 2, [0.0, 0.0], [np.nan, 0.0]),
    "take axis": (lambda x: np.sum(np.take(np.sqrt(x), [0], axis=0) ** 2), [0.0, 0.0], [np.nan, 0.0]),
    "maximum": (lambda x: (np.maximum(np.sqrt(x[0]), np.sqrt(x[1])) - 1.0) ** 2, [1.0, 0.0], [0.0, 0.0]),
    "maximum, array": (lambda x: np.sum((np.maximum(np.sqrt(x), 1.0) - 2.0) ** 2), [0.0, 4.0], [0.0, 0.0]),
    "minimum of -x": (lambda x: np.sum((np.minimum(-np.sqrt(x), -1.0) + 2.0) ** 2), [0.0, 4.0], [0.0, 0.0]),
    "clip": (lambda x: np.sum((np.clip(np.sqrt(x), 0.5, 2.0) - 0.5) ** 2), [0.0, 1.0], [0.0, 0.5]),
    "max": (lambda x: (np.max(np.sqrt(x)) - 1.0) ** 2, [0.0, 1.0], [0.0, 0.0]),
}


@pytest.mark.parametrize("name", sorted(SELECTIONS))
def test_a_selection_passes_its_structural_zeros_on(name):
    # (before the selections reported: NaN at every entry the live zero's array reached;
    # before 2eb1a9f's convention was narrowed: 0 at the live zero, the truth 1 from the right)
    f, x, want = SELECTIONS[name]
    x = np.array(x)
    np.testing.assert_array_equal(_quiet(wg.grad(f))(x), want)
    for k, w in enumerate(want):  # forward mode along each axis: the same where it is NaN or exact
        t = _quiet(lambda: wg.jvp(f, (x,), (np.eye(2)[k],))[1])()
        assert (np.isnan(t) if np.isnan(w) else t == w) or name in _FORWARD_NAN, (k, t)


#: forward mode gives NaN where a selection's loser has sqrt's infinite tangent at 0 (0 * inf;
#: reverse mode's structural 0 is the truth there)
_FORWARD_NAN = {"maximum", "maximum, array", "minimum of -x", "clip", "max"}


def test_selections_at_second_order():
    # the entry the live zero does not reach: its row of the Hessian 0 (or the truth), both ways
    for f, x, row in ((lambda x: (np.sqrt(x)[1] - 1.0) ** 3, [0.0, 1.0], [0.0, 0.0]),
                      (lambda x: np.sum((np.clip(np.sqrt(x), 0.5, 2.0) - 0.5) ** 3), [0.0, 1.0], [0.0, 0.5625]),
                      (lambda x: np.sum((np.maximum(np.sqrt(x), 1.0) - 2.0) ** 3), [0.0, 4.0], [0.0, 0.0])):
        x = np.array(x)
        assert _quiet(wg.hessian(f))(x)[1].tolist() == row
        assert _quiet(wg.jacfwd(wg.grad(f)))(x)[1].tolist() == row


# -- forward mode's twin: a zero tangent adds nothing where it meets an
# infinite partial only where it is structural (the direction leaves the value where it is: a
# seed's other entries, a constant, np.where's untaken branch); a live zero, a nonzero tangent
# times a derivative that vanishes there (3 x^2 at 0 in cbrt(x^3)), times the infinite partial
# is NaN, as reverse mode gives. Forward mode read every zero tangent as structural: jvp of
# np.cbrt(x ** 3) at 0 was 0 for the truth 1.

#: a live zero tangent at 0 meets an infinite partial (each was 0 in forward mode; reverse NaN)
LIVE_TANGENTS = {
    "cbrt(x**3)": lambda x: np.cbrt(x ** 3),
    "(x**3)**(1/3)": lambda x: (x ** 3) ** (1 / 3),
    "cbrt(sin(x)**3)": lambda x: np.cbrt(np.sin(x) ** 3),
    "wg.sqrt(x*x)": lambda x: wg.sqrt(x * x),
    "sqrt(x*x)": lambda x: np.sqrt(x * x),
    "arcsin(1-x**2)": lambda x: np.arcsin(1.0 - x ** 2),
}


@pytest.mark.parametrize("name", sorted(LIVE_TANGENTS))
def test_a_live_zero_tangent_times_an_infinite_partial_is_nan(name):
    f = LIVE_TANGENTS[name]
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
    # a - a's 1 - 1: terms that cancel, live as exp(y) - 1 - y's e^0 - 1 at 0 is (which first-order
    # information cannot tell from it): NaN where sqrt's infinite partial meets it, not a - a's 0: never a
    # wrong number (test_a_tangent_whose_terms_cancel_is_live)
    value, tangent = _quiet(lambda: wg.jvp(lambda a: wg.sqrt(a - a) + a, (1.0,), (1.0,)))()
    assert value == 1.0 and np.isnan(tangent)
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


def test_a_structural_zero_times_a_constant_infinite_factor_adds_nothing():
    # np.where's untaken branch times a constant log(0) = -inf: its cotangent 0 is structural, in
    # both factors' orders, one entry or several (grad was [0, nan], the truth [0, 0]), at second
    # order too; a live zero (exp(-inf)'s vanishing derivative in the taken branch) stays NaN
    c = _quiet(np.log)(np.array([1.0, 0.0]))
    x = np.array([1.0, 2.0])
    for f in (lambda v: np.sum(np.where([True, False], v * c, 0.0)),
              lambda v: np.sum(np.where([True, False], c * v, 0.0)),
              lambda v: np.where(False, v[1:] * c[1:], 0.0)[0]):
        for jacobian in (wg.grad, wg.jacfwd):
            assert _quiet(jacobian(f))(x).tolist() == [0.0, 0.0]
        for second in (wg.hessian(f), wg.jacfwd(wg.jacrev(f)), wg.jacrev(wg.jacfwd(f))):
            assert _quiet(second)(x).tolist() == [[0.0, 0.0]] * 2
    live = lambda v: np.sum(np.where([True, False], np.exp(v * np.array([-np.inf, -np.inf])), 0.0))  # noqa: E731
    for jacobian in (wg.grad, wg.jacfwd):
        g = _quiet(jacobian(live))(x)
        assert np.isnan(g[0]) and g[1] == 0.0
    assert np.isnan(_quiet(wg.grad(lambda v: np.exp(v * -np.inf)))(1.0))


def test_reverse_over_forward_at_a_structural_zero_over_a_traced_zero():
    # jacfwd inside jacrev's tape runs the transposed pullback, whose cotangent's structural 0
    # (the direction's other entries) meets log's g / x and cbrt's g / (3 ans^2) at x = 0 held by
    # the outer tape: its 0 / 0 was NaN in the Hessian's entries d2f/dv0 dvk, the truths below
    # (closed forms: f''(0) of log is -inf, of cbrt -inf from the right and +inf from the left)
    X = np.array([0.0, 0.25, 1.5, 0.7])
    h = _quiet(wg.jacrev(wg.jacfwd(lambda v: np.cbrt(v[0]))))(X)
    assert np.isnan(h[0, 0]) and h[1:].tolist() == [[0.0] * 4] * 3 and h[0, 1:].tolist() == [0.0] * 3
    for second in (wg.jacrev(wg.jacfwd(lambda v: np.log(v[0]))), wg.jacrev(wg.jacrev(lambda v: np.log(v[0])))):
        assert _quiet(second)(X)[:, 0].tolist() == [-np.inf, 0.0, 0.0, 0.0]
    # a live zero stays NaN: sqrt(v0) ** 2's 2 sqrt(0) times 1 / (2 sqrt(0))
    h = _quiet(wg.jacrev(wg.jacfwd(lambda v: np.sqrt(v[0]) ** 2)))(X)
    assert np.isnan(h[0, 0]) and np.isnan(_quiet(wg.jacfwd(lambda v: np.sqrt(v[0]) ** 2))(X)[0])


def test_reverse_over_forward_where_nothing_flows():
    # jacfwd inside jacrev's tape: the transposed pullback's cotangent along a direction that
    # leaves v[0] where it is is a plain structural 0, whose products with the outer tape's
    # partials (sqrt's 0.5 / sqrt(v0), log1p's) were Vars of value 0 with the partials'
    # infinite derivatives: d2f/dv0 dvk NaN for k >= 1. Truths in closed form: f is linear in
    # v[1] and v[2], so d2f/dv0 dv1 = 0, d2f/dv0 dv2 = d/dv0 of v[2]'s factor, d2f/dv0 dv3 = 0
    X = np.array([0.0, 0.25, 1.5, 0.7])
    cases = {  # f, the Hessian's column 0 (and row 0)
        "(-log1p(-v0)) ** 1.5": (lambda v: v[1] + v[2] * (-np.log1p(-v[0])) ** 1.5, [np.inf, 0.0, 0.0, 0.0]),
        "log(sqrt(v0))": (lambda v: v[1] + v[2] * np.log(np.sqrt(v[0])), [-np.inf, 0.0, np.inf, 0.0]),
        "sqrt(v0) ** 2": (lambda v: np.sqrt(v[0]) ** 2, [np.nan, 0.0, 0.0, 0.0]),  # (the live zero: NaN)
    }
    for name, (f, column) in cases.items():
        h = _quiet(wg.jacrev(wg.jacfwd(f)))(X)
        np.testing.assert_array_equal(h[:, 0], column, err_msg=name)
        np.testing.assert_array_equal(h[0], column, err_msg=name)
        np.testing.assert_array_equal(h, _quiet(wg.jacrev(wg.jacrev(f)))(X), err_msg=name)


def _exp_minus_one_minus(x):
    s = np.sqrt(x)
    return np.exp(s) - 1 - s  # (x/2 + x^1.5/6 + ...: the derivative 0.5 at 0 from the right)


def test_a_cotangent_that_cancels_is_live():
    # s's adjoint is exp's 1 plus the subtraction's -1: 0 from terms that cancel, a derivative that
    # vanishes there, not a structural zero; times sqrt's infinite partial, NaN (it was 0, the truth 0.5)
    g = _quiet(wg.grad(lambda x: np.sum(_exp_minus_one_minus(x))))(np.array([0.0, 1e-20]))
    assert np.isnan(g[0]) and g[1] == pytest.approx(0.5, rel=1e-7)
    assert np.isnan(_quiet(wg.grad(_exp_minus_one_minus))(0.0))
    assert np.isnan(_quiet(wg.grad(wg.jit(lambda x: np.sum(_exp_minus_one_minus(x)))))(np.array([0.0, 1.0]))[0])
    assert np.isnan(_quiet(wg.hessian(lambda x: np.sum(_exp_minus_one_minus(x))))(np.array([0.0, 1.0]))[0, 0])
    # where nothing cancels the zeros stay what they were: np.where's untaken branch adds nothing
    g = _quiet(wg.grad(lambda x: np.sum(np.where([True, False], _exp_minus_one_minus(x), 0.0) + x)))(
        np.array([1.0, 0.0]))
    assert g[1] == 1.0 and g[0] == pytest.approx(np.exp(1.0) * 0.5 - 0.5 + 1.0, rel=1e-15)


def test_a_tangent_whose_terms_cancel_is_live():
    # forward mode's mirror: exp(y) - 1 - y's tangent at 0 is e^0 - 1 = 0 from terms that cancel (a
    # derivative that vanishes there); log's and sqrt's infinite partials there give NaN, not 0 (the
    # truth is undefined: +-inf and +-1/sqrt(2) from either side; jacfwd gave [0, 0], the jvp 0)
    j = _quiet(wg.jacfwd(lambda y: np.log(np.exp(y[0]) - 1 - y[0])))(np.array([0.0, 1.0]))
    assert np.isnan(j[0]) and j[1] == 0.0
    assert np.isnan(_quiet(lambda: wg.jvp(lambda t: np.sqrt(np.exp(t) - 1 - t), (0.0,), (1.0,))[1])())
    assert np.isnan(_quiet(lambda: wg.jvp(lambda t: np.sqrt(np.exp(t) - 1 - t), (np.array([0.0]),),
                                          (np.array([1.0]),))[1])()[0])
    # a product's terms that cancel: x * y + x * (-y) along (1, 1) at (0, 1)... through sqrt of it
    j = _quiet(wg.jacfwd(lambda v: np.sqrt(v[0] * v[1] - v[0] * v[1] + v[0] ** 2)))(np.array([0.0, 1.0]))
    assert np.isnan(j[0])
    # terms that do not cancel: the tangent as before
    assert wg.jvp(lambda t: np.sqrt(t * t + 1.0), (0.0,), (1.0,))[1] == 0.0


def test_forward_over_forward_where_nothing_flows():
    # jacfwd inside jacfwd: the inner tangent of sqrt(v0) along a direction that leaves v[0] where it is
    # is a structural 0 of the outer pass (its value and outer tangent 0), which log's g / x divided by
    # x = 0: 0 / 0 was NaN in d2f/dv0 dvk for k >= 1 (all of jacfwd(jacfwd) but its row 0); the term
    # of a structural zero is 0 with its derivatives, whatever the partial. Truths in closed form, as in
    # the test above (cbrt(v0 ** 3) is v0: its Hessian 0, NaN where the first derivative is, at v0)
    X = np.array([0.0, 0.25, 1.5, 0.7])
    f = lambda v: v[1] + v[2] * np.log(np.sqrt(v[0]))  # noqa: E731
    column = [-np.inf, 0.0, np.inf, 0.0]
    h = _quiet(wg.jacfwd(wg.jacfwd(f)))(X)
    np.testing.assert_array_equal(h[:, 0], column)
    np.testing.assert_array_equal(h, _quiet(wg.jacrev(wg.jacrev(f)))(X))
    h = _quiet(wg.jacfwd(wg.jacfwd(lambda v: np.cbrt(v[0] ** 3))))(X)
    assert np.isnan(h[0, 0]) and h[1:].tolist() == [[0.0] * 4] * 3
    # a zero that moves at a higher order is live though its value and outer tangent are 0 (v0 ** 4's
    # 4 v0 ** 3; (v0 ** 2) ** 2's 2 y * 2 v0, a product of a traced tangent): NaN, not 0, where sqrt's or
    # ** 0.125's infinite partial meets it (the truths 2 and undefined, -inf from both sides)
    for g in (lambda v: np.sqrt(v[0] ** 4), lambda v: ((v[0] ** 2) ** 2) ** 0.125 + v[1]):
        h = _quiet(wg.jacfwd(wg.jacfwd(g)))(X)
        assert np.isnan(h[0, 0]) and h[1:, 1:].tolist() == [[0.0] * 3] * 3


_QUARTIC = Primitive(lambda u: u ** 4, name="test_structural_zeros.quartic")
def_partials(_QUARTIC, lambda u: 4.0 * u ** 3)


def test_forward_over_forward_a_rule_that_does_not_mark_a_traced_tangent():
    # a rule given by its partials (ops._util.def_partials) does not mark the zeros of a traced tangent's
    # term: they are live, so that sqrt's infinite partial gives NaN there, not the 0 of a zero that does
    # not move. f = sqrt(u ** 4) + v1 with u = sqrt(v0 + 1) - 1 is u^2 = v0^2 / 4 + O(v0^3): d2f/dv0^2 is
    # 1/2 (NaN, as jacrev(jacrev) and the first derivative give, not 0: u^4's tangent 4 u^3 t is 0 with
    # its outer tangent at v0 = 0)
    f = lambda v: np.sqrt(_QUARTIC(np.sqrt(v[0] + 1.0) - 1.0)) + v[1]  # noqa: E731
    h = _quiet(wg.jacfwd(wg.jacfwd(f)))(np.array([0.0, 0.25]))
    assert np.isnan(h[0, 0]) and h[0, 1] == 0.0 and h[1, 1] == 0.0
    assert np.isnan(_quiet(wg.jacfwd(f))(np.array([0.0, 0.25]))[0])
    h = _quiet(wg.jacfwd(wg.jacfwd(f)))(np.array([0.5, 0.25]))  # (away from 0: the closed form)
    u = np.sqrt(1.5) - 1.0
    assert h[0, 0] == pytest.approx((2 * (0.5 / np.sqrt(1.5)) ** 2 + 2 * u * (-0.25 * 1.5 ** -1.5)), rel=1e-12)


#: sqrt (an infinite partial at 0) of a product with a constant 0: the function is the constant 0
CONSTANT_ZERO = {
    "np.sqrt(0 * x)": lambda x: np.sqrt(0 * x),
    "wg.sqrt(x * 0.0)": lambda x: wg.sqrt(x * 0.0),
    "wg.sqrt(x / inf)": lambda x: wg.sqrt(x / np.inf),
    "wg.sqrt(x ** 0.0 - 1)": lambda x: wg.sqrt(x ** 0.0 - 1.0),
    "wg.sqrt(1.0 ** x - 1)": lambda x: wg.sqrt(1.0 ** x - 1.0),
}


@pytest.mark.parametrize("name", CONSTANT_ZERO)
def test_a_constant_zero_factor_holds_under_an_infinite_cotangent(name):
    """d/dx sqrt(0 * x) = 0 (the function is the constant 0): a product with a constant 0 is the constant 0 whatever
    the other factor's derivative, as forward mode's structural tangent gives (jvp 0; test_forward_structural_zero_
    times_infinite_factor). Reverse mode was NaN: the scalar tape's times_partial(inf, 0) for the constant partial of
    0 * x (both cores' sweeps, and so the jit replay) and multiply's rule's inf * 0 on arrays (grad, jacrev). A NaN
    cotangent stays NaN, and so does a factor that is not a constant (x * y at y = 0: its 0 is live)."""
    f = CONSTANT_ZERO[name]
    a = np.array([1.0, 2.0])
    with np.errstate(divide="ignore", invalid="ignore"):
        jitted = wg.jit(wg.grad(lambda x: f(x) + x))
        got = {"grad": wg.grad(f)(1.0), "jvp": wg.jvp(f, (1.0,), (1.0,))[1], "jit": (jitted(1.0), jitted(1.0))[1] - 1.0}
        if name.startswith("np."):
            got.update({"grad array": wg.grad(lambda x: np.sum(np.sqrt(np.zeros(2) * x)))(a),
                        "jacrev": wg.jacrev(f)(a), "jacfwd": wg.jacfwd(f)(a)})
        for path, value in got.items():
            assert np.all(np.asarray(value) == 0.0), (path, value)
        assert np.isnan(wg.grad(lambda x: np.sqrt(-1.0 + 0.0 * x))(1.0))  # (a NaN cotangent)
        assert np.isnan(wg.grad(lambda x, y: wg.sqrt(x * y), (0, 1))(1.0, 0.0)[0])  # (a traced y's 0 is live)
        assert np.all(np.isnan(wg.grad(lambda x, y: np.sum(np.sqrt(x * y)), (0, 1))(a, np.zeros(2))[0]))
