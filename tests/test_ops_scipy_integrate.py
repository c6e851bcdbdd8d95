"""``wengert.scipy.integrate.odeint`` (the optional extra): the adjoint method's gradients in
the initial state, the times and ``args``, against finite differences, closed forms and
SciPy's own values; its refusals.

The gradient is as accurate as the solver, so the problems are solved at ``rtol = atol =
1e-12`` and compared at the looser tolerances of an ODE solution (``TOL``).
"""
import dataclasses

import numpy as np
import pytest

si = pytest.importorskip("scipy.integrate", reason="SciPy is not installed: it is the optional "
                         'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
import wengert.numpy as wnp  # noqa: E402
import wengert.scipy  # noqa: E402
import wengert.scipy.integrate as wsi  # noqa: E402
from opcheck import case, gradient_test  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

SOLVER = {"rtol": 1e-12, "atol": 1e-12}
TOL = {"rtol": 1e-4, "atol": 1e-6}
TIMES = np.array([0.0, 0.4, 1.0])


def pendulum(y, s, k, c):
    """A damped, driven pendulum: its parameters a float and a dict."""
    return wnp.array([y[1], -k * np.sin(y[0]) - c["damping"] * y[1] + 0.1 * s])


def linear(y, s, a):
    return a @ y


CASES = [
    case(wsi.odeint, lambda y0, t, k, c: wsi.odeint(pendulum, y0, t, args=(k, c), **SOLVER),
         np.array([0.5, -0.2]), TIMES, 1.3, {"damping": 0.4}, id="odeint-pendulum", **TOL),
    case(wsi.odeint, lambda y0, a: wsi.odeint(linear, y0, np.array([0.0, 0.5]), args=(a,), **SOLVER),
         np.array([1.0, -1.0, 0.5]), np.array([[-0.5, 1.0, 0.0], [0.0, -0.3, 0.2], [0.1, 0.0, -1.0]]),
         id="odeint-linear-matrix", **TOL),
    case(wsi.odeint, lambda y0, t: wsi.odeint(lambda y, s: -y * s, y0, t, **SOLVER), 0.7,
         np.array([1.0, 0.5, 0.0]), id="odeint-scalar-backward-in-time", **TOL),
]

test_gradient = gradient_test(CASES)


def test_odeint_is_listed_as_supported_to_every_order():
    assert wengert.scipy.supported()["integrate.odeint"] == "gradient"


def test_values_are_scipys():
    y0, k, c = np.array([0.5, -0.2]), 1.3, {"damping": 0.4}
    expected = si.odeint(lambda y, s: np.array([y[1], -k * np.sin(y[0]) - 0.4 * y[1] + 0.1 * s]), y0, TIMES)
    value, _ = wg.vjp(lambda k: wsi.odeint(pendulum, y0, TIMES, args=(k, c)), k)
    np.testing.assert_array_equal(value, expected)
    # With no Var anywhere it is SciPy's call itself, full_output included.
    plain, info = wsi.odeint(lambda y, s: -y, [1.0], TIMES, full_output=True)
    assert info["message"] == "Integration successful." and plain.shape == (3, 1)


def test_gradients_match_the_closed_form_of_exponential_decay():
    # y(t) = y0 exp(-k t): d/dk = -t y(t), d/dt = -k y(t), d/dy0 = exp(-k t), d2/dk2 = t^2 y(t)
    y0, k, t = 2.0, 0.7, np.array([0.0, 0.5, 1.5])
    final = lambda y0, k, t: wsi.odeint(lambda y, s, k: -k * y, y0, t, args=(k,), **SOLVER)[-1, 0]
    g_y0, g_k, g_t = wg.grad(final, argnums=(0, 1, 2))(y0, k, t)
    y_end = y0 * np.exp(-k * 1.5)
    np.testing.assert_allclose([g_y0, g_k], [np.exp(-k * 1.5), -1.5 * y_end], rtol=1e-8)
    # moving t[0] later shortens the run (+k y), t[-1] lengthens it (-k y), t[1] does nothing
    np.testing.assert_allclose(g_t, [k * y_end, 0.0, -k * y_end], rtol=1e-8, atol=1e-12)
    second = wg.grad(wg.grad(final, argnums=1), argnums=1)(y0, k, t)
    np.testing.assert_allclose(second, 1.5 ** 2 * y_end, rtol=1e-6)
    tangent = wg.jvp(lambda k: final(y0, k, t), (k,), (1.0,))[1]
    np.testing.assert_allclose(tangent, -1.5 * y_end, rtol=1e-8)


@dataclasses.dataclass
class Rates:
    decay: np.ndarray
    coupling: float


def test_structured_args_tfirst_and_a_single_time():
    def rhs(s, y, rates, scale):  # tfirst=True: func(t, y, ...)
        return -rates.decay * y + rates.coupling * scale * y[::-1]
    rates, y0 = Rates(np.array([0.3, 0.8]), 0.25), np.array([1.0, 2.0])
    check_grads(lambda y0, rates: wsi.odeint(rhs, y0, TIMES, args=(rates, 2.0), tfirst=True, **SOLVER),
                y0, rates, **TOL)
    # one time: the output is y0 itself
    g = wg.grad(lambda y0, rates: np.sum(wsi.odeint(rhs, y0, [0.0], args=(rates, 2.0), tfirst=True)),
                argnums=(0, 1))(y0, rates)
    np.testing.assert_array_equal(g[0], np.ones(2))
    np.testing.assert_array_equal(g[1].decay, np.zeros(2))


def test_options_passed_by_position_land_where_scipy_puts_them():
    # SciPy's eighth positional argument is ml (then mu, rtol, atol, ...); wengert's was tfirst,
    # so odeint(f, y0, t, (), None, 0, 0, 1) called f(t, y): y' = -2 y + 0 t became y' = -2 t,
    # y(1) = y0 - 1 (was [0, 2]) where the truth is y0 e^-2, and its gradient in y0 1 for e^-2,
    # silently. ml = mu = 1: the full band of a 2-state system, the same solution as without
    t = np.array([0.0, 1.0])
    decay = lambda y, s: -2.0 * y + 0.0 * s  # noqa: E731
    y0 = np.array([1.0, 3.0])
    np.testing.assert_allclose(wsi.odeint(decay, y0, t, (), None, 0, 0, 1)[-1], y0 * np.exp(-2.0), rtol=1e-6)
    final = lambda y0: np.sum(wsi.odeint(decay, y0, t, (), None, 0, 0, 1, 1, 1e-11, 1e-11)[-1])  # noqa: E731
    np.testing.assert_allclose(wg.grad(final)(y0), [np.exp(-2.0)] * 2, rtol=1e-8)
    np.testing.assert_allclose(wsi.odeint(decay, y0, t, (), None, 0, 0, 1, 1, 1e-11, 1e-11)[-1], y0 * np.exp(-2.0),
                               rtol=1e-9)
    with pytest.raises(TypeError):  # (SciPy's signature: no other keywords)
        wsi.odeint(decay, y0, t, rtool=1e-9)


def test_a_stiff_problem_uses_the_jacobian_and_needs_short_segments_for_its_gradient():
    calls = []

    def jacobian(y, s, a):
        calls.append(s)
        return a
    a, y0 = np.array([[-200.0, 1.0], [0.5, -3.0]]), np.array([1.0, 0.0])  # stiff: LSODA calls Dfun

    def f(a, times):
        return np.sum(wsi.odeint(linear, y0, times, args=(a,), Dfun=jacobian, **SOLVER)[-1] ** 2)
    check_grads(lambda a: f(a, np.linspace(0.0, 1.0, 101)), a, **TOL)
    assert calls
    # Two output times: the backward solve of the state over the whole run grows like e^200
    # and fails; that is an error saying what to do, never a wrong number.
    with pytest.warns(si.ODEintWarning), pytest.raises(RuntimeError, match="backward solve.*more output times"):
        wg.grad(f)(a, np.array([0.0, 1.0]))


def test_under_jit_the_solve_replays():
    f = wg.jit(lambda k: np.sum(wsi.odeint(lambda y, s, k: -k * y, 1.0, TIMES, args=(k,), **SOLVER)))
    for k in (0.5, 1.5, 2.5):
        expected = -np.sum(TIMES * np.exp(-k * TIMES))
        np.testing.assert_allclose(wg.grad(f)(k), expected, rtol=1e-8)
    assert f.stats["replays"] >= 1 and f.stats["not_replayable"] == 0, f.stats


def test_refusals_say_what_to_do():
    k = 0.5
    with pytest.raises(ValueError, match="closes over.*args="):
        wg.grad(lambda k: np.sum(wsi.odeint(lambda y, s: -k * y, 1.0, TIMES)) + k)(k)
    with pytest.raises(ValueError, match="full_output"):
        wg.grad(lambda k: np.sum(wsi.odeint(lambda y, s, k: -k * y, 1.0, TIMES, args=(k,), full_output=True)[0]))(k)
    with pytest.raises(TypeError, match="complex"):
        wg.grad(lambda y0: np.real(np.sum(wsi.odeint(lambda y, s: -y, y0, TIMES))))(np.array([1.0 + 1j]))
    with pytest.raises(ValueError, match="1-d"):
        wg.grad(lambda y0: np.sum(wsi.odeint(lambda y, s: -y, y0, TIMES)))(np.ones((2, 2)))
