"""The gradient checker itself: it must catch wrong rules at every order and in both modes."""
import numpy as np
import pytest

import wengert as wg
from wengert.testing import check_grads


def _cube_with(first, second):
    """x ** 3 whose rule is ``first`` on plain values and ``second`` when differentiated again."""
    cube = wg.primitive(lambda x: x ** 3)
    wg.defvjp(cube, lambda ans, x: lambda g: g * (second(x) if isinstance(x, wg.Var) else first(x)))
    return cube


def test_a_wrong_first_derivative_is_caught_in_both_modes():
    wrong = _cube_with(lambda x: 2.0 * x * x, lambda x: 2.0 * x * x)
    for modes in ("rev", "fwd"):
        with pytest.raises(AssertionError, match="check failed"):
            check_grads(lambda x: wrong(x), np.array([0.7]), modes=modes)


def test_a_wrong_second_derivative_is_caught():
    right = _cube_with(lambda x: 3.0 * x * x, lambda x: 3.0 * x * x)
    wrong = _cube_with(lambda x: 3.0 * x * x, lambda x: 2.0 * x * x)
    check_grads(lambda x: right(x), np.array([0.7]), order=3, modes=("rev", "fwd"))
    check_grads(lambda x: wrong(x), np.array([0.7]))  # first order is right
    with pytest.raises(AssertionError, match="check failed"):
        check_grads(lambda x: wrong(x), np.array([0.7]), order=2)


def test_structures_and_float32():
    check_grads(lambda d, s: s * np.sum(np.tanh(d["w"])) + d["b"] ** 2,
                {"w": np.array([0.1, -0.3], dtype=np.float32), "b": 0.5}, 0.3,
                order=2, modes=("rev", "fwd"))


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="modes"):
        check_grads(np.sin, 0.3, modes=("backward",))
    with pytest.raises(ValueError, match="order"):
        check_grads(np.sin, 0.3, order=0)
    with pytest.raises(ValueError, match="no floating-point value"):
        check_grads(lambda x: "text", 0.3)
