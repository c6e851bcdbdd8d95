"""Forward mode on integer and boolean primals: a nonzero tangent is refused, as
``wengert.grad`` refuses the same argument; a zero tangent marks a constant.

``wg.jvp(f, (np.array([1, 2]),), (np.ones(2),))`` gave a tangent of 0.0 with no error (the
integer array entered ``f`` as a constant and its tangent was dropped), where the truth is
``J t`` and ``wg.grad`` refuses the argument; ``jacfwd`` and ``hessian`` of an integer array
failed with "a tangent of shape (2,) for a primal of shape (2,)".
"""
import dataclasses

import numpy as np
import pytest

import wengert as wg


def f(x):
    return np.sum(np.sin(x) * x)


INTEGER_PRIMALS = [
    pytest.param((np.array([1, 2]),), (np.array([1.0, 1.0]),), id="int-array"),
    pytest.param((np.array([1, 2], np.uint8),), (np.array([1.0, 0.0]),), id="uint8-array"),
    pytest.param((np.array([True, False]),), (np.array([0.0, 2.0]),), id="bool-array"),
    pytest.param((3,), (1.0,), id="python-int"),
    pytest.param((np.int64(3),), (0.5,), id="numpy-int"),
    pytest.param((True,), (1.0,), id="python-bool"),
    pytest.param((np.array([1, 2]),), (np.array([1, 0]),), id="int-tangent"),
]


@pytest.mark.parametrize("primals, tangents", INTEGER_PRIMALS)
def test_jvp_refuses_a_moving_integer(primals, tangents):
    with pytest.raises(TypeError, match="nonzero tangent for .*integer is a constant"):
        wg.jvp(f, primals, tangents)
    with pytest.raises(TypeError, match="nonzero tangent"):
        wg.linearize(f, *primals)[1](*tangents)


def test_jvp_refuses_a_moving_integer_in_a_structure():
    @dataclasses.dataclass
    class Params:
        w: np.ndarray
        n: np.ndarray

    def g(p):
        return np.sum(np.sin(p.w) * p.n) if isinstance(p, Params) else np.sum(np.sin(p["w"]) * p["n"])

    for make in (dict, Params):
        primal = make(w=np.array([0.5, 1.5]), n=np.array([1, 2]))
        moving = make(w=np.ones(2), n=np.ones(2))
        with pytest.raises(TypeError, match="nonzero tangent for an array of dtype int64"):
            wg.jvp(g, (primal,), (moving,))
        still = make(w=np.ones(2), n=np.zeros(2))
        value, tangent = wg.jvp(g, (primal,), (still,))
        assert tangent == pytest.approx(np.sum(np.cos([0.5, 1.5]) * [1, 2]), rel=1e-15, abs=0)
    with pytest.raises(TypeError, match="nonzero tangent for the int 3"):
        wg.jvp(lambda xs: xs[0] * xs[1], ([3, 2.0],), ([1.0, 1.0],))


def test_jacfwd_and_hessian_refuse_integer_arrays_clearly():
    for transform in (wg.jacfwd, wg.hessian, wg.jacobian, wg.grad):  # (all four alike)
        with pytest.raises(TypeError, match="argument 0 is an array of dtype int64"):
            transform(f)(np.array([1, 2]))
    with pytest.raises(TypeError, match="nonzero tangent for an array of dtype int64"):
        wg.hvp(f, np.array([1, 2]), np.array([1.0, 1.0]))


def test_a_zero_tangent_keeps_an_integer_constant():
    assert wg.jvp(lambda x, n: x * n, (2.0, 3), (1.0, 0)) == (6.0, 3.0)
    value, tangent = wg.jvp(lambda x, n: x * n, (2.0, np.array([3, 4])), (1.0, np.zeros(2)))
    assert np.array_equal(tangent, [3.0, 4.0])
    value, tangent = wg.jvp(lambda x, n: x * n, (np.array([2.0]), np.array([True])), (np.ones(1), np.array([False])))
    assert np.array_equal(tangent, [1.0])


def test_float_primals_keep_their_dtype():
    for dtype in (np.float16, np.float32, np.complex64):
        x = np.array([0.5, 1.5], dtype)
        value, tangent = wg.jvp(lambda x: np.sin(x) * x, (x,), (np.ones(2, dtype),))
        assert tangent.dtype == dtype
        truth = np.cos(x.astype(complex)) * x + np.sin(x.astype(complex))
        assert np.allclose(tangent, truth if dtype == np.complex64 else truth.real, rtol=4 * np.finfo(dtype).eps, atol=0)


def test_an_integer_leaf_of_a_structure_is_carried_through_by_jacfwd_as_by_jacobian():
    # (jacfwd and hessian of such a dict raised "a nonzero tangent for an array of dtype int64":
    # the integer leaf's own value was passed as its tangent)
    def g(d):
        return np.sum(np.sin(d["x"]) * d["n"])
    arg = {"x": np.array([0.5, 1.0]), "n": np.array([3])}
    forward, reverse = wg.jacfwd(g)(arg), wg.jacobian(g)(arg)
    assert np.allclose(forward["x"], 3 * np.cos([0.5, 1.0]), rtol=1e-15, atol=0)
    assert np.array_equal(forward["x"], reverse["x"]) and np.array_equal(forward["n"], reverse["n"])
    np.testing.assert_allclose(wg.hessian(g)(arg)["x"]["x"], np.diag(-3 * np.sin([0.5, 1.0])), rtol=1e-15, atol=0)


@pytest.mark.parametrize("outer", ["jvp", "jacfwd", "grad"])
def test_a_differentiated_tangent_for_an_integer_is_refused(outer):
    # the tangent depends on an outer derivative's variable: the result's derivative in it is
    # f'(n), and was dropped (0 with no error), whatever the tangent's value
    def inner(t, n=3):
        return wg.jvp(lambda x: np.sin(x) * x, (n,), (t,))[1]
    with pytest.raises(TypeError, match="tangent that is being differentiated .* for (the int 3|an array of dtype int64)"):
        if outer == "jvp":
            wg.jvp(inner, (0.0,), (1.0,))  # (a tangent of value 0 too)
        elif outer == "jacfwd":
            wg.jacfwd(lambda t: inner(t, np.array([1, 2])))(np.ones(2))
        else:
            wg.grad(inner)(1.0)
