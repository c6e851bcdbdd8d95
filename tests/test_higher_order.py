"""Derivatives of derivatives: nested runners, no perturbation confusion."""
import numpy as np
import pytest

import wengert as wg


def test_perturbation_confusion():
    # d/dx [x * d/dy (x + y)] = 1 at any point, not 2.
    f = lambda x: x * wg.grad(lambda y: x + y)(1.0)  # noqa: E731
    for x0 in (0.5, 3.0, -2.0):
        assert wg.grad(f)(x0) == 1.0


def test_second_derivative_of_a_cubic():
    assert wg.grad(wg.grad(lambda x: x * x * x))(2.0) == 12.0


def test_third_derivative_of_sin():
    d3 = wg.grad(wg.grad(wg.grad(wg.sin)))
    for x0 in (0.0, 0.5, 2.0):
        assert d3(x0) == pytest.approx(-np.cos(x0), rel=1e-12, abs=1e-15)


def test_hessian_diagonal_of_an_array_function():
    g = wg.grad(lambda x: np.sum(np.sin(x) * x))
    x = np.array([0.5, 1.0])
    expected = 2 * np.cos(x) - x * np.sin(x)
    np.testing.assert_allclose(wg.grad(lambda v: np.sum(g(v)))(x), expected, rtol=1e-12)


def test_newton_step_on_a_quadratic_form():
    a = np.array([[3.0, 1.0], [1.0, 2.0]])
    f = lambda x: 0.5 * (x @ (a @ x))  # noqa: E731
    df = wg.grad(f)
    x = np.array([1.0, -1.0])
    hessian = np.stack([wg.grad(lambda v, i=i: df(v)[i])(x) for i in range(2)])
    np.testing.assert_allclose(hessian, a, rtol=1e-12)


def test_stop_gradient_under_nesting():
    # stop_gradient blocks every level: d/dx [d/dy (y * sg(x) * x)] = sg(x) = 3, not 2x = 6.
    f = lambda x: wg.grad(lambda y: y * wg.stop_gradient(x) * x)(1.0)  # noqa: E731
    assert wg.grad(f)(3.0) == 3.0
    g = lambda x: wg.grad(lambda y: y * wg.stop_gradient(x))(1.0)  # noqa: E731
    assert wg.grad(g)(3.0) == 0.0


def test_jvp_agrees_with_vjp():
    rng = np.random.default_rng(0)
    w = rng.standard_normal((3, 4))

    def f(x, s):
        return np.tanh(w @ x) * s + np.sin(x[:3])

    x, s = rng.standard_normal(4), 0.7
    v = (rng.standard_normal(4), 0.3)
    u = rng.standard_normal(3)
    y, jv = wg.jvp(f, (x, s), v)
    _, pullback = wg.vjp(f, x, s)
    ju = pullback(u)
    assert np.dot(u, jv) == pytest.approx(np.dot(ju[0], v[0]) + ju[1] * v[1], rel=1e-10)


def test_linearize():
    y, f_jvp = wg.linearize(lambda x: np.exp(x) * 2.0, np.array([0.0, 1.0]))
    np.testing.assert_allclose(f_jvp(np.array([1.0, 1.0])), 2.0 * np.exp([0.0, 1.0]))


def test_jacobian_forward_and_reverse_agree():
    a = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
    f = lambda x: np.tanh(a @ x)  # noqa: E731  2 outputs < 3 inputs: reverse rows
    g = lambda x: np.tanh(a.T @ x)  # noqa: E731  3 outputs > 2 inputs: forward columns
    x3, x2 = np.array([0.1, 0.2, 0.3]), np.array([0.4, -0.2])
    expected_f = (1 - np.tanh(a @ x3) ** 2)[:, None] * a
    expected_g = (1 - np.tanh(a.T @ x2) ** 2)[:, None] * a.T
    np.testing.assert_allclose(wg.jacobian(f)(x3), expected_f, rtol=1e-12)
    np.testing.assert_allclose(wg.jacobian(g)(x2), expected_g, rtol=1e-12)


def test_hessian_of_a_quadratic_form():
    a = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 1.0]])
    h = wg.hessian(lambda x: 0.5 * x @ (a @ x))(np.array([0.3, -0.2, 1.0]))
    np.testing.assert_allclose(h, a, rtol=1e-12)


def test_hvp_on_a_dataclass():
    from dataclasses import dataclass

    @dataclass
    class P:
        w: np.ndarray
        b: float

    f = lambda p: np.sum(p.w * p.w * p.w) * p.b  # noqa: E731
    p, v = P(np.array([1.0, 2.0]), 2.0), P(np.array([1.0, 0.0]), 1.0)
    out = wg.hvp(f, p, v)
    assert type(out) is P
    # d2f/dw2 = diag(6 w b), d2f/dw db = 3 w^2, d2f/db2 = 0
    np.testing.assert_allclose(out.w, [6 * 1 * 2 * 1 + 3 * 1 * 1, 3 * 4 * 1])
    assert out.b == pytest.approx(3 * 1 * 1)


def test_second_order_through_dict_and_list_arguments():  # autograd issue 198
    assert wg.grad(lambda d: wg.grad(lambda e: e["a"] * e["a"] * d["a"])(d)["a"])({"a": 3.0}) == {"a": 12.0}
    assert wg.grad(lambda xs: wg.grad(lambda ys: ys[0] * ys[1] * xs[0])(xs)[1])([2.0, 5.0]) == [4.0, 0.0]


def test_elementwise_grad():
    np.testing.assert_allclose(wg.elementwise_grad(np.sin)(np.array([0.0, np.pi])), [1.0, -1.0])
