"""The convention of ``tests/test_zero_cotangent_unary.py`` (a zero cotangent adds nothing where
a unary rule's partial is infinite) on traced cotangents (a Var of an outer tape, a Dual): their
zeros add nothing in value and in the derivatives through the argument, while the derivative in
the cotangent itself stays (the transposed pullback's variable, or a difference of its entries,
stands for a direction: forward mode inside a runner must give inf, not 0, at sqrt's 0); and a
tangent of an ndarray subclass is read as an array.
"""
import math

import pytest
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
    # the transposed pullback's variable stands for every direction: sqrt's jvp at 0 is inf,
    # and its derivative -inf (it was 0 where the transposition differentiated at u = 0, a
    # traced zero that the convention reads as no contribution)
    f = lambda x: np.sum(wg.jvp(np.sqrt, (x,), (np.ones(2),))[1])  # noqa: E731
    with np.errstate(divide="ignore", invalid="ignore"):
        value, pullback = wg.vjp(f, np.array([0.0, 4.0]))
        assert value == np.inf
        np.testing.assert_array_equal(pullback(1.0)[0], [-np.inf, -1 / 32])
        np.testing.assert_array_equal(wg.grad(f)(np.array([0.0, 4.0])), [-np.inf, -1 / 32])


@wg.primitive
def _plus_minus_sqrt(x):
    return np.stack([np.sqrt(x), -np.sqrt(x)])


# a pullback that is a whole reverse sweep: under the transposition at u = ones, sqrt's
# cotangent u[0] - u[1] is a traced 0 that stands for a direction (its derivative is not 0)
wg.defvjp(_plus_minus_sqrt, lambda ans, x: lambda g: wg.vjp(
    lambda y: np.stack([np.sqrt(y), -np.sqrt(y)]), x)[1](g)[0])


def test_a_traced_zero_cotangent_keeps_its_derivative():
    x = np.array([0.0, 4.0])
    with np.errstate(divide="ignore", invalid="ignore"):
        _, t = wg.jvp(_plus_minus_sqrt, (x,), (np.ones(2),))
        np.testing.assert_array_equal(t, [[np.inf, 0.25], [-np.inf, -0.25]])


def _masked_exp_sum(x):
    return np.sum(x * np.where(x < 700, np.exp(x), 0.0))


@pytest.mark.parametrize("second", ["hessian", "jacfwd(grad)", "jacrev(grad)", "jacfwd(jacfwd)",
                                    "jacrev(jacrev)", "jacrev(jacfwd)"])
def test_second_derivative_under_a_mask(second):
    # grad's cotangent of the masked exp is where(x < 700, x, 0): a traced 0 (a Dual, a Var)
    # at 1000, times exp's partial inf; the Hessian's row was NaN by hessian and jacfwd(grad)
    outer, _, inner = second.partition("(")
    inner = inner.rstrip(")")
    fn = wg.hessian(_masked_exp_sum) if outer == "hessian" else \
        getattr(wg, outer)(getattr(wg, inner)(_masked_exp_sum))
    with np.errstate(over="ignore", invalid="ignore"):
        h = fn(np.array([1000.0, 1.0]))
    np.testing.assert_array_equal(h[0], [0.0, 0.0])
    np.testing.assert_array_equal(h[1, 0], 0.0)
    assert h[1, 1] == pytest.approx(3 * math.e, rel=1e-15)  # (x e^x)'' = (x + 2) e^x


def test_grad_of_grad_under_a_mask():
    # reverse over reverse, along each direction (hvp) and through wg.grad twice of an entry
    x = np.array([1000.0, 1.0])
    with np.errstate(over="ignore", invalid="ignore"):
        np.testing.assert_array_equal(wg.hvp(_masked_exp_sum, x, np.array([1.0, 0.0])), [0.0, 0.0])
        d1 = wg.grad(lambda v: wg.grad(_masked_exp_sum)(v)[1])(x)
    np.testing.assert_allclose(d1, [0.0, 3 * math.e], rtol=1e-15, atol=0)


def test_jit_of_a_function_calling_grad_under_a_mask():
    # the cotangent of the masked exp is a Var of jit's tape (c is traced): the recording gave
    # NaN where the plain call (and a replay) gives 0
    x = np.array([1000.0, 1.0])
    f = lambda c: wg.grad(lambda x: np.sum(np.where(x < 700, np.exp(x), 0.0) * c))(x)  # noqa: E731
    jf = wg.jit(f)
    with np.errstate(over="ignore", invalid="ignore"):
        plain = f(np.array([1.0, 2.0]))
        recorded, replayed = jf(np.array([1.0, 2.0])), jf(np.array([1.0, 2.0]))
        other = jf(np.array([3.0, 0.5]))
    np.testing.assert_array_equal(plain, [0.0, 2 * math.e])
    np.testing.assert_array_equal(recorded, plain)
    np.testing.assert_array_equal(replayed, plain)
    np.testing.assert_array_equal(other, [0.0, 0.5 * math.e])


def test_jit_recording_of_a_vjp_equals_its_replay():
    # jit(vjp(np.log)(g)) at x = [0, 1], g = [0, 1]: the recording gave [nan, 1], replays [0, 1]
    jf = wg.jit(lambda x, g: wg.vjp(np.log, x)[1](g)[0])
    x, g = np.array([0.0, 1.0]), np.array([0.0, 1.0])
    with np.errstate(divide="ignore", invalid="ignore"):
        first, second = jf(x, g), jf(x, g)
        plain = wg.vjp(np.log, x)[1](g)[0]
    np.testing.assert_array_equal(plain, [0.0, 1.0])
    np.testing.assert_array_equal(first, plain)
    np.testing.assert_array_equal(second, plain)


def test_jacobian_in_the_cotangent_of_a_vjp():
    # d/dg of vjp(np.log, x)(g) is diag(1 / x): inf at x = 0 also where g = 0 (the traced 0
    # is a direction there)
    x = np.array([0.0, 2.0])
    h = lambda g: wg.vjp(np.log, x)[1](g)[0]  # noqa: E731
    with np.errstate(divide="ignore", invalid="ignore"):
        np.testing.assert_array_equal(wg.jacrev(h)(np.array([0.0, 1.0])), [[np.inf, 0.0], [0.0, 0.5]])
