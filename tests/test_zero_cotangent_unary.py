"""A zero cotangent (or tangent) adds nothing through a function of one argument, also where
its partial derivative is infinite (``ops._util.unary_rule``'s convention, the binary rules'
since 77de785). Before: grad of ``np.sum(np.where(x < 700, np.exp(x), 0.0))`` at x = 1000 was
NaN (the masked branch's cotangent 0 times exp's partial inf), and so for log and sqrt at 0,
arcsin at 1, arctanh at 1, cbrt at 0, log1p at -1, ... by grad, by the Hessian and by the
Jacobian's rows; on the scalar core a zero adjoint times sqrt's infinite partial at 0 (grad of
``wg.sqrt(x) * 0.0 + x``, its jit replay) and a zero tangent of a float Dual (jvp of
``wg.sqrt(a - a) + a``); and ``x ** 0.0`` at x = 1e-320 (0 * 1 / x) in its base. The truths:
the masked entry's derivative is 0, the others the function's own."""
import numpy as np
import pytest

import wengert as wg
import wengert.scipy.special  # noqa: F401  (its rules: registered on import)
from wengert.errors import NoGradientRule
from wengert.ops._util import unary_functions

#: where some function of one argument has an infinite partial derivative at a finite value
POINTS = (0.0, -0.0, 1.0, -1.0, 1000.0, -1000.0, 2000.0, 1e-320, np.pi / 2, 1e300, -1e300)
ORDINARY = (0.3, 1.5, -0.3, 3.0)  # candidates for the entry that is not masked


def _masked(f, at):
    # f's entries summed where x != at: the masked entry's cotangent is exactly 0
    return lambda x: np.sum(np.where(x == at, 0.0, f(x)))


def _infinite_partials(f):
    """The points of POINTS where f's value is not NaN and its derivative is infinite or
    NaN (by jvp with tangent 1, reverse mode's rule with a cotangent 1)."""
    found = []
    for p in POINTS:
        with np.errstate(all="ignore"):
            try:
                value = f(np.array([p]))
                slope = wg.jvp(f, (np.array([p]),), (np.array([1.0]),))[1]
            except (TypeError, ValueError, NoGradientRule):
                continue
        if np.asarray(value).dtype.kind != "f" or np.isnan(value[0]):
            continue
        if not np.isfinite(slope[0]):
            found.append(p)
    return found


def _ordinary(f):
    # a point of ORDINARY where f and its derivative are finite
    for p in ORDINARY:
        with np.errstate(all="ignore"):
            value = f(np.array([p]))
            slope = wg.jvp(f, (np.array([p]),), (np.array([1.0]),))[1]
        if np.isfinite(value[0]) and np.isfinite(slope[0]):
            return p
    raise AssertionError(f"no ordinary point for {f}")


def _sweep_cases():
    cases = []
    for fun in unary_functions():
        name = getattr(fun, "__name__", str(fun))
        module = "scipy.special" if type(fun) is np.ufunc and fun not in vars(np).values() else "numpy"
        for p in _infinite_partials(fun):
            cases.append(pytest.param(fun, p, _ordinary(fun), id=f"{module}.{name}-{p!r}"))
    return cases


SWEEP = _sweep_cases()


def test_the_sweep_reaches_the_infinite_partials():
    # not vacuous: the points of the brief are among the cases
    names = {(c.values[0].__name__, c.values[1]) for c in SWEEP}
    for expected in [("exp", 1000.0), ("log", 0.0), ("sqrt", 0.0), ("reciprocal", 0.0), ("arcsin", 1.0),
                     ("arccos", -1.0), ("arctanh", 1.0), ("cbrt", 0.0), ("log1p", -1.0), ("log2", 0.0),
                     ("exp2", 2000.0), ("sinh", 1000.0), ("cosh", -1000.0), ("expm1", 1000.0)]:
        assert expected in names, expected
    assert len(SWEEP) > 40


@pytest.mark.parametrize("fun, at, ordinary_at", SWEEP)
def test_a_masked_infinite_partial_adds_nothing(fun, at, ordinary_at):
    x = np.array([at, ordinary_at])
    f = _masked(fun, at)
    with np.errstate(over="ignore", divide="ignore"):  # (the forward values' own warnings only)
        ordinary = wg.jvp(fun, (np.array([ordinary_at]),), (np.array([1.0]),))[1][0]
        grad = wg.grad(f)(x)
        # forward mode: a direction that leaves the first entry where it is
        tangent = wg.jvp(fun, (x,), (np.array([0.0, 1.0]),))[1]
        jacobian = wg.jacobian(fun)(x)  # reverse mode's rows: a zero cotangent for the other entry
    assert grad[0] == 0.0, grad
    assert tangent[0] == 0.0, tangent
    assert jacobian[1, 0] == 0.0 and jacobian[0, 1] == 0.0, jacobian
    np.testing.assert_array_equal([grad[1], tangent[1], jacobian[1, 1]], [ordinary] * 3)


@pytest.mark.parametrize("fun, at, ordinary_at", SWEEP)
def test_a_masked_infinite_partial_adds_nothing_at_second_order(fun, at, ordinary_at):
    x = np.array([at, ordinary_at])
    f = _masked(fun, at)
    # (invalid too: the outer sweep's binary rules (reciprocal's -(g / x) / x) repair their
    # own 0 / 0 after NumPy's warning)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        try:
            ordinary = wg.hessian(lambda x: np.sum(fun(x)))(np.array([ordinary_at]))[0, 0]
        except NoGradientRule:
            pytest.skip("no second derivative")
        found = []
        for second in (wg.jacobian(wg.grad(f)),  # reverse over reverse
                       wg.jacfwd(wg.grad(f)),    # forward over reverse
                       wg.jacfwd(wg.jacfwd(f))):  # forward over forward
            try:
                found.append(second(x))
            except NoGradientRule as e:  # (a rule refusing its second derivative at a kink: no NaN)
                assert "kink" in str(e)
    for h in found:
        assert h[0, 0] == 0.0 and h[0, 1] == 0.0 and h[1, 0] == 0.0, h
        assert h[1, 1] == pytest.approx(ordinary, rel=1e-14, abs=1e-300)


def test_exp_under_the_mask_of_the_brief():
    # the report's call: the truth is [0, e]
    with np.errstate(over="ignore"):
        g = wg.grad(lambda x: np.sum(np.where(x < 700, np.exp(x), 0.0)))(np.array([1000.0, 1.0]))
    np.testing.assert_array_equal(g, [0.0, np.exp(1.0)])


def test_no_invalid_value_warning_from_the_rule():
    # the rule puts 0 where 0 * inf would be: no "invalid value" warning (warnings are errors)
    with np.errstate(divide="ignore"):  # (log(0) forward)
        g = wg.grad(lambda x: np.sum(np.where(x > 0, np.log(x), 0.0)))(np.array([0.0, 2.0]))
    g2 = wg.grad(lambda x: np.sum(np.where(x > 0, np.sqrt(x), 0.0)))(np.array([0.0, 4.0]))
    np.testing.assert_array_equal(g, [0.0, 0.5])
    np.testing.assert_array_equal(g2, [0.0, 0.25])


def test_a_nan_value_keeps_its_nan():
    # sqrt(-1) is NaN: its derivative stays NaN under the mask (the convention's limit)
    with np.errstate(invalid="ignore"):
        g = wg.grad(lambda x: np.sum(np.where(x > 0, np.sqrt(x), 0.0)))(np.array([-1.0, 4.0]))
    assert np.isnan(g[0]) and g[1] == 0.25


def test_float32_stays_float32():
    x = np.array([0.0, 4.0], np.float32)
    g = wg.grad(lambda x: np.sum(np.where(x > 0, np.sqrt(x), 0.0)))(x)
    assert g.dtype == np.float32
    np.testing.assert_array_equal(g, [0.0, 0.25])


# -- the scalar core: a zero adjoint of a scalar node, a zero tangent of a float Dual -------

def _sqrt_times_zero(x):
    return wg.sqrt(x) * 0.0 + x


def test_scalar_core_zero_adjoint_at_an_infinite_partial():
    assert wg.grad(_sqrt_times_zero)(0.0) == 1.0
    assert wg.grad(lambda x: x ** 0.5 * 0.0 + x)(0.0) == 1.0
    jitted = wg.jit(wg.grad(_sqrt_times_zero))
    assert [jitted(0.0), jitted(0.0), jitted(4.0)] == [1.0, 1.0, 1.0]  # (recorded, replayed)
    assert wg.grad(wg.grad(lambda x: wg.sqrt(x) * 0.0 + x * x))(0.0) == 2.0


def test_scalar_core_zero_tangent_at_an_infinite_partial():
    # a - a's tangent 1 - 1 = 0 comes from terms that cancel: live, as exp(a) - 1 - a's at 0 is (first
    # derivatives cannot tell the two apart), so sqrt's infinite partial there gives NaN, never a number the
    # function may not have (it was 1.0 here, the truth; 0 for exp(a) - 1 - a, whose truth is undefined);
    # the compiled scalar core, the NumPy rule and forward over forward agree
    with np.errstate(invalid="ignore"):
        value, tangent = wg.jvp(lambda a: wg.sqrt(a - a) + a, (1.0,), (1.0,))
        assert value == 1.0 and np.isnan(tangent)
        assert np.isnan(wg.jvp(lambda a: np.sqrt(a - a) + a, (np.array([1.0]),), (np.array([1.0]),))[1][0])
        assert np.isnan(wg.jacfwd(wg.jacfwd(lambda a: wg.sqrt(a - a) + a * a))(1.0))


# -- x ** 0 in its base at a tiny x: 0 * (1 / x) ------------------------------------------

@pytest.mark.parametrize("exponent", [0.0, 0, np.float32(0.0), np.array(0.0)], ids=["float", "int", "f32", "0d"])
def test_power_zero_in_its_base_at_a_subnormal(exponent):
    x = np.array([1e-320, 0.0, 2.0, 1e-300])
    g = wg.grad(lambda x: np.sum(x ** exponent))(x)
    t = wg.jvp(lambda x: x ** exponent, (x,), (np.ones(4),))[1]
    h = wg.hessian(lambda x: np.sum(np.power(x, exponent)))(x[:3])
    np.testing.assert_array_equal(g, np.zeros(4))
    np.testing.assert_array_equal(t, np.zeros(4))
    np.testing.assert_array_equal(h, np.zeros((3, 3)))
    assert wg.grad(lambda x: x ** exponent)(1e-320) == 0.0  # (the scalar core's, as before)
    x32 = np.array([1e-40, 0.0, 2.0], np.float32)  # float32's 1 / x overflows from 2.9e-39 down
    g32 = wg.grad(lambda x: np.sum(x ** exponent))(x32)
    assert g32.dtype == np.float32
    np.testing.assert_array_equal(g32, np.zeros(3))


def test_power_zero_in_its_base_at_a_subnormal_refuses_the_mixed_derivative():
    # d2/dx dy of x ** y at y = 0 is 1 / x = 1e320: beyond float64; the rule's 0 would give x
    with pytest.raises(NoGradientRule, match="1 / x overflows"):
        wg.hessian(lambda v: v[0] ** v[1])(np.array([1e-320, 0.0]))
    g = wg.grad(lambda v: v[0] ** v[1])(np.array([1e-320, 0.0]))
    assert g[0] == 0.0 and g[1] == pytest.approx(np.log(1e-320), rel=1e-3)  # (a subnormal: 3 digits)


def test_jit_replays_follow_the_values():
    # the check runs on every replay's values: a replay that meets the masked infinity gets 0,
    # one that does not the ordinary derivative (a recording without it first)
    jitted = wg.jit(wg.grad(lambda x: np.sum(np.where(x < 700, np.exp(x), 0.0))))
    with np.errstate(over="ignore"):
        got = [jitted(np.array(x)) for x in ([1.0, 2.0], [1000.0, 1.0], [1000.0, 1.0], [3.0, 1.0])]
    expected = [[np.e, np.exp(2.0)], [0.0, np.e], [0.0, np.e], [np.exp(3.0), np.e]]
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-15)
        assert not np.any(np.isnan(g))
