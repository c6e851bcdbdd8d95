"""Lifting your own operations: backprop's op1/op2/opN and noGrad, ported examples."""
from dataclasses import dataclass

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


def test_split_at_as_a_var_of_a_tuple():
    # splitAt is an isomorphism between a vector and the pair of its two pieces.
    def split_var(xs, n=2):
        return wg.iso_var(lambda v: (v[:n], v[n:]), np.concatenate, xs)

    def f(xs):
        pair = split_var(xs)
        assert isinstance(pair, wg.Var) and type(pair.value) is tuple
        first, rest = pair[0], wg.view(pair, 1)
        return np.sum(first * first) + 3.0 * np.sum(rest)
    np.testing.assert_array_equal(wg.grad_bp(f, np.array([1.0, 2.0, 3.0, 4.0])), [2.0, 4.0, 3.0, 3.0])
    # The lifted op's tuple of Vars, collected back into one Var of a tuple.
    split = _split_at(1)
    g = wg.grad_bp(lambda xs: np.sum(wg.collect_var(split(xs))[1]) * 2.0, np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(g, [0.0, 2.0, 2.0])
    check_grads(lambda xs: np.sum(np.sin(split_var(xs)[0])) * np.sum(split_var(xs)[1]), np.array([0.1, 0.2, 0.3]))


@dataclass
class Foo:  # newtype Foo = MkFoo { getFoo :: Double }
    get_foo: float


def test_mk_foo_iso_var_and_coerce_var():
    mk_foo = lambda x: wg.iso_var(Foo, lambda f: f.get_foo, x)  # noqa: E731  (isoVar MkFoo getFoo)
    # Python has no coerce; coerceVar's port is the same pair of constructor and field.
    coerce_var = lambda f: wg.iso_var(lambda foo: foo.get_foo, Foo, f)  # noqa: E731
    assert wg.eval_bp(mk_foo, 2.0) == Foo(2.0)
    assert wg.grad_bp(lambda x: mk_foo(x * x).get_foo * 3.0, 2.0) == 12.0
    assert wg.grad_bp(lambda f: coerce_var(f) * coerce_var(f), Foo(3.0)) == Foo(6.0)
    assert wg.grad_bp(lambda x: coerce_var(mk_foo(x)) * 5.0, 1.0) == 5.0
    check_grads(lambda x: wg.sin(mk_foo(x).get_foo), 0.3)


@dataclass
class Bar:  # data Bar = MkBar { bar1 :: Double, bar2 :: Float }
    bar1: float
    bar2: np.float32


def test_mk_bar_iso_var_n():
    mk_bar = lambda a, b: wg.iso_var_n(Bar, lambda r: (r.bar1, r.bar2), a, b)  # noqa: E731  (isoVar2)
    assert wg.eval_bp(mk_bar, 1.0, np.float32(2.0)) == Bar(1.0, np.float32(2.0))
    g1, g2 = wg.grad_bp(lambda a, b: mk_bar(a * 2.0, b).bar1 * mk_bar(a, b).bar2, 3.0, np.float32(4.0))
    assert (g1, g2) == (8.0, 6.0) and type(g2) is np.float32
    # Only the first argument on the tape: the second is a constant.
    assert wg.grad_bp(lambda a: mk_bar(a, 5.0).bar1 * mk_bar(a, 5.0).bar2, 2.0) == 5.0


def test_tuple():
    # backprop's T2: a Var of a pair from two Vars, three ways.
    as_tuple_op = wg.op2(lambda x, y: ((x, y), lambda d: (d[0], d[1])))  # a tuple of Vars
    as_iso = lambda x, y: wg.iso_var_n(lambda a, b: (a, b), tuple, x, y)  # noqa: E731  one Var
    for make in (as_tuple_op, as_iso, lambda x, y: wg.collect_var((x, y))):
        def f(x, y):
            pair = make(x * 2.0, y)
            return pair[0] * pair[1] * pair[1]
        assert wg.grad_bp(f, 3.0, 5.0) == (50.0, 60.0)
        check_grads(f, 0.5, -1.5)

    def check_kinds(x):
        assert type(as_iso(x, 1.0)) is wg.Var and as_iso(x, 1.0).value == (x.value, 1.0)
        assert type(as_tuple_op(x, 1.0)) is tuple
        return x
    wg.grad_bp(check_kinds, 2.0)
