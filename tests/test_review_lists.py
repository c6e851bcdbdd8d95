"""Regressions found in review: a Var holding a list of floats in an elementwise function,
and Jacobians of functions of empty arrays."""
import numpy as np
import pytest

import wengert as wg

XS = [0.5, -0.3, 1.2]
W = np.array([1.0, -2.0, 3.0])


@pytest.mark.parametrize("f", [
    lambda x: np.sum(np.cumsum(x) * x),           # the list second: its cotangent was summed
    lambda x: np.sum(x * np.cumsum(x)),
    lambda x: np.sum(np.multiply(x, W)),
    lambda x: np.sum(np.subtract(W, x) ** 2),
    lambda x: np.sum(np.maximum(W, x) ** 2),
    lambda x: np.sum(np.hypot(W, x)),
    lambda x: np.sum(np.ones((2, 3)) * x),
], ids=["cumsum*x", "x*cumsum", "multiply", "subtract", "maximum", "hypot", "broadcast"])
def test_list_argument_of_elementwise_function(f):
    """A list argument gets the gradient of the same array, item by item, at every order
    (it came out as the sum over the list in every item, with no error)."""
    want = wg.grad(f)(np.array(XS))
    got = wg.grad(f)(XS)
    assert type(got) is list
    np.testing.assert_allclose(np.array(got, dtype=float), want, rtol=1e-13)
    np.testing.assert_allclose(np.array(wg.hessian(f)(XS), dtype=float), wg.hessian(f)(np.array(XS)), rtol=1e-13)
    np.testing.assert_allclose(np.array(wg.grad(wg.jit(f))(XS), dtype=float), want, rtol=1e-13)


@pytest.mark.parametrize("shape", [(0,), (0, 3)])
def test_hessian_of_empty_array(shape):
    """No forward directions: an empty Hessian (forward mode's stack of no tangents raised)."""
    x = np.zeros(shape)
    h = wg.hessian(lambda t: np.sum(np.exp(t) ** 2))(x)
    assert h.shape == shape + shape
    assert wg.jacfwd(np.exp)(x).shape == shape + shape
