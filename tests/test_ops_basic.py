"""Every registered NumPy rule so far, against central finite differences, with broadcasting."""
import numpy as np
import pytest

import wengert as wg
from wengert.testing import check_grads

X = np.array([0.2, 0.5, 0.7])
COLUMN = np.array([[0.3], [0.9], [1.4]])   # (3, 1) against (3,) broadcasts to (3, 3)

UNARY = [np.negative, np.positive, np.absolute, np.fabs, np.exp, np.exp2, np.expm1, np.log,
         np.log2, np.log10, np.log1p, np.sin, np.cos, np.tan, np.arcsin, np.arccos, np.arctan,
         np.sinh, np.cosh, np.tanh, np.arcsinh, np.arctanh, np.sqrt, np.cbrt, np.square,
         np.reciprocal, np.deg2rad, np.rad2deg]
BINARY = [np.add, np.subtract, np.multiply, np.true_divide, np.power, np.arctan2, np.hypot,
          np.logaddexp, np.logaddexp2]


@pytest.mark.parametrize("fn", UNARY, ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [0.6, X, np.array([[0.1, 0.4], [0.3, 0.8]])], ids=["float", "vector", "matrix"])
def test_unary(fn, x):
    check_grads(lambda v: np.sum(fn(v)), x)


def test_arccosh_in_its_domain():
    check_grads(lambda v: np.sum(np.arccosh(v)), X + 1.5)


@pytest.mark.parametrize("fn", BINARY, ids=lambda f: f.__name__)
def test_binary_with_broadcasting(fn):
    check_grads(lambda a, b: np.sum(fn(a, b)), X, COLUMN)
    check_grads(lambda a, b: np.sum(fn(a, b)), 0.8, X)
    check_grads(lambda a: np.sum(fn(a, 1.3)), X)


def test_where_sends_gradient_to_the_chosen_side():
    cond = np.array([True, False, True])
    check_grads(lambda a, b: np.sum(np.where(cond, a, b) ** 2), X, COLUMN)


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("fn", [np.sum, np.mean], ids=lambda f: f.__name__)
def test_reductions(fn, axis, keepdims):
    m = np.array([[0.1, 0.4, 0.2], [0.3, 0.8, 0.5]])
    check_grads(lambda v: np.sum(np.sin(fn(v, axis=axis, keepdims=keepdims))), m)


def test_reduction_over_a_tuple_of_axes():
    t = np.arange(24.0).reshape(2, 3, 4) / 10
    check_grads(lambda v: np.sum(np.sin(np.sum(v, axis=(0, 2)))), t)


@pytest.mark.parametrize("shapes", [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 4)),
                                    ((1, 3), (3, 4)), ((2, 2, 3), (3, 4))])
def test_matmul_shapes(shapes):
    rng = np.random.default_rng(0)
    a, b = (rng.standard_normal(s) for s in shapes)
    check_grads(lambda x, y: np.sum(np.tanh(x @ y)), a, b)


def test_outer_kernel_at_batch_one_agrees_with_the_general_path():
    rng = np.random.default_rng(1)
    x, w, g = rng.standard_normal((1, 5)), rng.standard_normal((5, 4)), rng.standard_normal((1, 4))
    _, pullback = wg.vjp(lambda v: x @ v, w)
    np.testing.assert_allclose(pullback(g)[0], x.T @ g, rtol=1e-14)


@pytest.mark.parametrize("key", [1, -1, slice(0, 2), [0, 0, 2], np.array([True, False, True]),
                                 (slice(None), 0)])
def test_indexing(key):
    m = np.array([[0.1, 0.4, 0.2], [0.3, 0.8, 0.5], [0.6, 0.7, 0.9]])
    check_grads(lambda v: np.sum(np.sin(v[key])), m)


def test_repeated_indices_accumulate():
    g = wg.grad_bp(lambda v: np.sum(v[[0, 0, 2]]), np.zeros(3))
    np.testing.assert_array_equal(g, [2.0, 0.0, 1.0])


def test_shape_functions():
    m = np.arange(6.0).reshape(2, 3) / 10
    check_grads(lambda v: np.sum(np.sin(np.reshape(v, (3, 2))) * np.arange(6.0).reshape(3, 2)), m)
    check_grads(lambda v: np.sum(np.sin(v.T) * np.arange(6.0).reshape(3, 2)), m)
    check_grads(lambda v: np.sum(np.sin(np.swapaxes(v, 0, 1)) * np.arange(6.0).reshape(3, 2)), m)
    check_grads(lambda v: np.sum(np.broadcast_to(v, (4, 2, 3)) * np.arange(24.0).reshape(4, 2, 3)), m)
    check_grads(lambda v: np.sum(np.expand_dims(v, 1) * np.ones((2, 2, 3))), m)


def test_float32_is_kept_through_the_rules():
    x = np.array([0.2, 0.5], dtype=np.float32)
    for fn in UNARY:
        assert wg.grad_bp(lambda v: np.sum(fn(v)), x).dtype == np.float32


@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1), -1])
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("fn", [np.max, np.amax, np.min, np.amin, np.prod], ids=lambda f: f.__name__)
def test_max_min_prod(fn, axis, keepdims):
    m = np.array([[0.1, 0.4, 0.2], [0.3, 0.8, 0.5]])
    check_grads(lambda v: np.sum(np.sin(fn(v, axis=axis, keepdims=keepdims))), m)


def test_ties_share_the_gradient_equally():
    np.testing.assert_array_equal(wg.grad_bp(np.max, np.array([1.0, 3.0, 3.0])), [0.0, 0.5, 0.5])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: v.min(), np.array([2.0, 2.0])), [0.5, 0.5])


def test_prod_with_a_zero():
    np.testing.assert_array_equal(wg.grad_bp(np.prod, np.array([2.0, 0.0, 3.0])), [0.0, 6.0, 0.0])
    np.testing.assert_array_equal(wg.grad_bp(np.prod, np.array([0.0, 0.0, 3.0])), [0.0, 0.0, 0.0])


@pytest.mark.parametrize("fn", [np.maximum, np.minimum, np.fmax, np.fmin], ids=lambda f: f.__name__)
def test_elementwise_extrema(fn):
    check_grads(lambda a, b: np.sum(np.sin(fn(a, b))), X, COLUMN)
    tie = wg.grad_bp(lambda a, b: np.sum(fn(a, b)), np.array([1.0, 2.0]), np.array([1.0, 0.0]))
    assert tie[0][0] == 0.5 and tie[1][0] == 0.5


def test_clip():
    x = np.array([-2.0, 0.3, 0.6, 5.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.clip(v, 0.0, 1.0)), x), [0, 1, 1, 0])
    check_grads(lambda v: np.sum(np.sin(np.clip(v, 0.0, 1.0))), np.array([0.3, 0.6]))
    with pytest.raises(wg.NoGradientRule, match="argument 1"):
        wg.grad_bp(lambda lo: np.sum(np.clip(x, lo, 1.0)), 0.0)
