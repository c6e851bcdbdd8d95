"""Integer-like arguments (an ``enum.IntEnum`` or ``IntFlag`` member, any subclass of
``int``, a bool, a NumPy integer scalar or array) are constants, as a plain int is, in
every runner and transform: at the top level they are refused with the int's TypeError,
inside a structure they get the int 0 as their gradient and must have a zero tangent.

An IntEnum was differentiated as a float: ``wg.grad(lambda k: k * k)(K.A)`` gave 0 (no
error), ``wg.grad(f, argnums=(0, 1))(3.0, K.A)`` 3.0 for the member, ``jacfwd`` of
``k * k`` gave 4, and inside a dict its gradient was 3.0 where an int's is 0.
"""
import enum

import numpy as np
import pytest

import wengert as wg
from wengert import tree
from wengert.testing import check_grads


class Mode(enum.IntEnum):
    TWO = 2


class Flag(enum.IntFlag):
    TWO = 2


class Count(int):
    pass


INTEGER_LIKE = [
    pytest.param(Mode.TWO, id="IntEnum"),
    pytest.param(Flag.TWO, id="IntFlag"),
    pytest.param(Count(2), id="int-subclass"),
    pytest.param(2, id="int"),
    pytest.param(True, id="bool"),
    pytest.param(np.int64(2), id="numpy-int"),
    pytest.param(np.True_, id="numpy-bool"),
]


def test_is_integer_leaf():
    for value in (Mode.TWO, Flag.TWO, Count(2), 2, True, np.int32(2), np.True_, np.arange(2),
                  np.arange(2).view(np.recarray)):
        assert tree.is_integer_leaf(value), value
    for value in (2.0, np.float32(2.0), np.ones(2), 1j, "2", None):
        assert not tree.is_integer_leaf(value), value


RUNNERS = {
    "grad": lambda f, x: wg.grad(f)(x),
    "grad-argnums": lambda f, x: wg.grad(lambda y, k: y * f(k), argnums=(0, 1))(3.0, x),
    "value_and_grad": lambda f, x: wg.value_and_grad(f)(x),
    "grad_bp": lambda f, x: wg.grad_bp(f, x),
    "backprop": lambda f, x: wg.backprop(f, x),
    "vjp": lambda f, x: wg.vjp(f, x),
    "jacfwd": lambda f, x: wg.jacfwd(f)(x),
    "jacrev": lambda f, x: wg.jacrev(f)(x),
    "hessian": lambda f, x: wg.hessian(f)(x),
    "elementwise_grad": lambda f, x: wg.elementwise_grad(f)(x),
    "jit-grad": lambda f, x: wg.jit(wg.grad(lambda y, k: y * f(k), argnums=1))(3.0, x),
    "grad-jit": lambda f, x: wg.grad(wg.jit(lambda y, k: y * f(k)), argnums=(0, 1))(3.0, x),
    "check_grads": lambda f, x: check_grads(f, x),
}


@pytest.mark.parametrize("runner", RUNNERS)
@pytest.mark.parametrize("value", INTEGER_LIKE)
def test_an_integer_like_argument_is_refused(runner, value):
    with pytest.raises(TypeError, match=f"argument [01] is the {type(value).__name__} .*: wengert "
                                        "differentiates with respect to floating-point values"):
        RUNNERS[runner](lambda k: k * k, value)


@pytest.mark.parametrize("value", INTEGER_LIKE)
def test_jvp_refuses_a_moving_integer_like_primal(value):
    with pytest.raises(TypeError, match=f"nonzero tangent for the {type(value).__name__} "):
        wg.jvp(lambda k: k * k, (value,), (1.0,))
    with pytest.raises(TypeError, match="nonzero tangent"):
        wg.jvp(lambda d: d["x"] * d["k"], ({"x": 3.0, "k": value},), ({"x": 1.0, "k": 1.0},))
    assert wg.jvp(lambda x, k: x * k, (3.0, value), (1.0, 0)) == (3.0 * value, 1.0 * value)
    assert wg.jvp(lambda d: d["x"] * d["k"], ({"x": 3.0, "k": value},), ({"x": 1.0, "k": 0.0},)) \
        == (3.0 * value, 1.0 * value)


@pytest.mark.parametrize("value", INTEGER_LIKE)
def test_an_integer_like_leaf_of_a_structure_is_a_constant(value):
    def f(d):
        return d["x"] ** 2 * d["k"]
    arg = {"x": 3.0, "k": value}
    zero = wg.zero(value)
    expected = {"x": 6.0 * value, "k": zero}
    for grads in (wg.grad(f)(arg), wg.grad_bp(f, arg), wg.vjp(f, arg)[1](1.0)[0],
                  wg.jit(wg.grad(f))(arg), wg.jit(wg.grad(f))(arg), wg.grad(wg.jit(f))(arg)):
        assert grads == expected
        assert type(grads["k"]) is type(zero)
    assert wg.jacfwd(f)(arg)["x"] == 6.0 * value
    assert wg.hessian(f)(arg)["x"]["x"] == 2.0 * value
    check_grads(f, arg, order=2, modes=("rev", "fwd"))


def test_the_gradient_of_an_int_subclass_is_the_int_zero():
    assert wg.zero(Mode.TWO) == 0 and type(wg.zero(Mode.TWO)) is int
    assert type(wg.grad(lambda d: d["x"] * d["k"])({"x": 1.0, "k": Flag.TWO})["k"]) is int
