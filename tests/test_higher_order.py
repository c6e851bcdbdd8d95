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
