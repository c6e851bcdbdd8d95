"""The convention of ``tests/test_zero_cotangent_unary.py`` (a zero cotangent adds nothing where
a unary rule's partial is infinite) and the cotangents it does not read: a traced cotangent keeps
the product (the transposed pullback differentiates at u = 0: forward mode inside a runner must
give inf, not 0, at sqrt's 0), and a tangent of an ndarray subclass is read as an array.
"""
import numpy as np

import wengert as wg


def test_a_finite_partial_keeps_its_derivative_in_a_zero_cotangent():
    # d/dc of grad(sum(sin(x) c)) is diag(cos x), also at c = 0
    h = lambda c: wg.grad(lambda x: np.sum(np.sin(x) * c))(np.array([0.3, 0.7]))  # noqa: E731
    for jac in (wg.jacfwd, wg.jacrev):
        np.testing.assert_allclose(jac(h)(np.array([0.0, 1.0])), np.diag(np.cos([0.3, 0.7])), rtol=1e-15)


def test_a_tangent_of_an_ndarray_subclass():
    # type(g) is np.ndarray was False for a subclass, which fell to `g != 0` (ValueError)
    tangent = np.ones(2).view(type("Sub", (np.ndarray,), {}))
    primal, t = wg.jvp(np.exp, (np.array([1.0, 2.0]),), (tangent,))
    np.testing.assert_allclose(np.asarray(t), np.exp([1.0, 2.0]), rtol=1e-15)


def test_forward_mode_inside_a_runner_is_not_masked():
    # the transposed pullback's variable is 0 in value and traced: not a zero cotangent
    f = lambda x: np.sum(wg.jvp(np.sqrt, (x,), (np.ones(2),))[1])  # noqa: E731
    with np.errstate(divide="ignore", invalid="ignore"):  # (0 * inf in the transposition's value)
        value, _ = wg.vjp(f, np.array([0.0, 4.0]))
    assert value == np.inf
