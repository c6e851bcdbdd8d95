"""``wengert.jvp``'s tangents: a tangent of another shape or a complex tangent for a real
primal is refused on every path (it was broadcast, or silently gave wrong numbers); an
argument whose tangent is zero is a constant on every path, the transposed one (inside a
reverse runner) included. Each test failed before its fix."""
import numpy as np
import pytest

import wengert as wg


X3 = np.array([1.0, 2.0, 3.0])


@pytest.mark.parametrize("call", [
    # the transposed path (complex primals, a reverse runner open, lists) held an argument
    # whose zero tangent had another shape or length constant: a zero tangent, no error
    lambda: wg.jvp(np.sin, (X3 + 1j,), (np.zeros(2, complex),)),
    lambda: wg.jvp(lambda a, b: np.sin(a) * b, (X3 + 1j, 2.0), (np.zeros(5, complex), 1.0)),
    lambda: wg.grad(lambda a: np.sum(wg.jvp(lambda u: np.sin(u) * a, (X3,), (np.zeros(2),))[1]))(2.0),
    lambda: wg.jvp(lambda l: l[0] * l[1], ([1.0, 2.0],), ([0.0, 0.0, 0.0],)),
    # the forward pass checked arrays against arrays only: a number's tangent of shape (2,)
    # passed as still, a number for an array as a tangent broadcast over it
    lambda: wg.jvp(np.sin, (1.0,), (np.zeros(2),)),
    lambda: wg.jvp(np.sin, (X3,), (1.0,)),
    lambda: wg.jvp(lambda d: np.sin(d["a"]), ({"a": 1.0},), ({"a": np.zeros(3)},)),
])
def test_jvp_refuses_a_tangent_of_another_shape_on_every_path(call):
    with pytest.raises(ValueError, match="jvp: a tangent (of shape|with)"):
        call()


@pytest.mark.parametrize("primal, f", [(X3, np.sin), (1.0, np.sin), ({"a": X3}, lambda d: np.exp(d["a"]))])
def test_jvp_refuses_a_complex_tangent_for_a_real_primal(primal, f):
    # its imaginary part was dropped: jvp(sin, (x,), (1j,)) gave 0, jvp(x -> 2x, (1.0,),
    # (1 + 1j,)) gave 2.0, with no error (sin is holomorphic: along 1j the truth is cos(x) j)
    tangent = wg.tree.map_leaves(lambda p: np.asarray(p) * 0 + 1j, primal) if isinstance(primal, dict) else (
        np.full(np.shape(primal), 1j) if np.ndim(primal) else 1j)
    with pytest.raises(ValueError, match="complex tangent for a real primal"):
        wg.jvp(f, (primal,), (tangent,))
    # a complex tangent with no imaginary part is a real one
    real_part = wg.tree.map_leaves(lambda t: t.real + 0j, tangent) if isinstance(tangent, dict) else tangent.real + 0j
    got = wg.jvp(f, (primal,), (real_part,))[1]
    want = wg.jvp(f, (primal,), (wg.tree.map_leaves(np.real, real_part),))[1]
    np.testing.assert_array_equal(np.asarray(got), np.asarray(want))


def test_jvp_refuses_a_tangent_of_another_shape():
    # a zero tangent of another shape passed as "does not move" (a still input)
    # and returned a zero tangent; a nonzero one failed with NumPy's broadcasting message
    f = lambda x: np.sum(x ** 2)  # noqa: E731
    for t in (np.zeros(5), np.ones(5), np.zeros((3, 1))):
        with pytest.raises(ValueError, match=r"tangent of shape .* for a primal of shape \(3,\)"):
            wg.jvp(f, (np.ones(3),), (t,))
        with pytest.raises(ValueError, match="tangent of shape"):
            wg.jvp(lambda d: np.sum(d["a"] ** 2), ({"a": np.ones(3)},), ({"a": t},))
    assert wg.jvp(f, (np.ones(3),), (np.zeros(3),))[1] == 0.0
    np.testing.assert_array_equal(wg.jacfwd(lambda d: d["a"] ** 2)({"a": np.ones(2)})["a"], 2 * np.eye(2))


# -- wengert.jvp: an argument whose tangent is zero is a constant on every path --------------
# (the forward pass made it so; the transposed path, taken inside a reverse
# runner, for complex numbers and for list arguments, multiplied the pullback's infinite
# part by the zero tangent: NaN with a RuntimeWarning, where the truth is finite)

def _sqrt_sum(x, y):
    return x + np.sqrt(y)  # d/dy infinite at y = 0


def test_jvp_zero_tangent_inside_a_reverse_runner():
    # d/da of the tangent of x * a + sqrt(y) along (1, 0): a's derivative, 1 (it was NaN)
    def tangent(a):
        return wg.jvp(lambda x, y: x * a + np.sqrt(y), (a, 0.0), (1.0, 0.0))[1]
    assert wg.grad(tangent)(2.0) == 1.0
    assert wg.grad(lambda a: wg.jvp(_sqrt_sum, (a, 0.0), (1.0, 0.0))[1])(2.0) == 0.0


@pytest.mark.parametrize("primals, tangents", [
    ((2.0 + 0j, 0j), (1.0 + 0j, 0j)),                                     # complex: transposed
    ((np.array([2.0 + 0j]), np.array([0j])), (np.array([1.0 + 0j]), np.array([0j]))),
    ((2.0, 0.0), (1.0, 0)),                                               # an int zero seed
    ((np.array([2.0]), np.array([0.0])), (np.array([1.0]), np.array([0]))),
])
def test_jvp_zero_tangents_of_other_kinds_are_constants(primals, tangents):
    value, tangent = wg.jvp(_sqrt_sum, primals, tangents)
    assert np.all(np.asarray(tangent) == 1.0), tangent
    assert np.all(np.asarray(value) == 2.0)


def test_jvp_transposed_path_with_no_moving_argument():
    value, tangent = wg.jvp(_sqrt_sum, (2.0 + 0j, 0j), (0j, 0j))
    assert value == 2.0 and tangent == 0.0
