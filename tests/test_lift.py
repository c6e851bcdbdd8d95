"""Lifting your own operations: backprop's op1/op2/opN and noGrad, ported examples."""
import numpy as np
import pytest

import wengert as wg
from wengert.testing import check_grads

square = wg.op1(lambda x: (x * x, lambda d: 2.0 * x * d))
lifted_sin = wg.op1(lambda x: (np.sin(x), lambda d: d * np.cos(x)))
sum_elements = wg.op1(lambda xs: (float(np.sum(xs)), lambda d: np.full(np.shape(xs), d)))
add = wg.op2(lambda x, y: (x + y, lambda d: (d, d)))
mul = wg.op2(lambda x, y: (x * y, lambda d: (d * y, d * x)))
dot = wg.op2(lambda u, v: (float(u @ v), lambda d: (d * v, d * u)))
mat_vec = wg.op2(lambda m, v: (m @ v, lambda d: (np.outer(d, v), m.T @ d)))


def _split_at(n):
    return wg.op1(lambda xs: ((xs[:n], xs[n:]), lambda d: np.concatenate(
        [np.zeros(n) if d[0] is None else d[0], np.zeros(len(xs) - n) if d[1] is None else d[1]])))


negate_no_grad = wg.op_no_grad(lambda x: -x)


def test_square_and_lifted_sin():
    assert wg.grad_bp(square, 3.0) == 6.0
    assert wg.eval_bp(square, 3.0) == 9.0
    check_grads(lifted_sin, 0.4)
    check_grads(lambda x: lifted_sin(square(x)), 0.4)


def test_sum_elements_add_mul_dot():
    check_grads(sum_elements, np.array([1.0, 2.0, 3.0]))
    assert wg.grad_bp(lambda a, b: add(a, b) * mul(a, b), 2.0, 3.0) == (21.0, 16.0)
    u, v = np.array([1.0, 2.0]), np.array([3.0, -1.0])
    check_grads(dot, u, v)


def test_matrix_vector_product():
    m = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
    check_grads(lambda a, x: np.sum(np.tanh(mat_vec(a, x))), m, np.array([0.1, 0.2, 0.3]))


def test_split_at_returns_a_tuple_of_vars():
    split = _split_at(2)

    def f(xs):
        first, rest = split(xs)
        assert isinstance(first, wg.Var) and isinstance(rest, wg.Var)
        return np.sum(first * first) + 3.0 * np.sum(rest)
    g = wg.grad_bp(f, np.array([1.0, 2.0, 3.0, 4.0]))
    np.testing.assert_array_equal(g, [2.0, 4.0, 3.0, 3.0])


def test_structured_argument_is_one_input():
    norm = wg.op1(lambda d: (d["a"] ** 2 + d["b"] ** 2, lambda g: {"a": 2 * d["a"] * g, "b": 2 * d["b"] * g}))
    assert wg.grad_bp(norm, {"a": 1.0, "b": 2.0}) == {"a": 2.0, "b": 4.0}
    assert wg.grad_bp(lambda x: norm({"a": x, "b": 3.0}), 1.5) == 3.0


def test_negate_no_grad():
    assert wg.eval_bp(negate_no_grad, 2.0) == -2.0
    # Evaluated on the tape but never on the gradient's path: fine.
    assert wg.grad_bp(lambda x: x * 2.0 if negate_no_grad(x) < 0 else x, 1.0) == 2.0
    with pytest.raises(wg.NoGradientThrough, match="op_no_grad"):
        wg.grad_bp(lambda x: negate_no_grad(x) * 2.0, 1.0)
