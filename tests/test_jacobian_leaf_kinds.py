"""What Jacobians, Hessians and ``check_grads`` do with each kind of leaf that is not a
plain float: a subclass of ``float`` (or of ``complex``) is a floating-point leaf; an
integer leaf (an int, an int subclass, a NumPy integer, an integer array) is a constant,
whose slot in a Jacobian is the zero ``wengert.grad`` gives it.

A float subclass was carried through the Jacobian's assembly as a constant:
``jacfwd(lambda k: 3.0 * k * k)(MyF(2.0))`` gave 2.0 (the argument) for 12,
``hessian`` 2.0 for 6, and ``check_grads`` refused its float gradient. Forward-mode
``check_grads`` gave an integer array inside a structure the tangent ``0`` (a scalar) and
failed on the structure. An integer input leaf's slot of a Jacobian held its own value
(``jacfwd(...)({"x": 3.0, "k": 2})["k"]`` was 2, where ``grad`` gives 0).
"""
import collections
import enum

import numpy as np
import pytest

import wengert as wg
from wengert import tree
from wengert.testing import check_grads


class Metres(float):
    pass


class Level(float, enum.Enum):
    TWO = 2.0


class Phase(complex):
    pass


class Mode(enum.IntEnum):
    TWO = 2


class Count(int):
    pass


FLOAT_LIKE = [pytest.param(Metres(2.0), id="float-subclass"), pytest.param(Level.TWO, id="float-enum")]
JACOBIANS = {"jacfwd": wg.jacfwd, "jacrev": wg.jacrev, "jacobian": wg.jacobian}


def cubic(k):
    return 3.0 * k * k


def test_float_and_complex_subclasses_are_floating_point_leaves():
    assert tree.is_float_leaf(Metres(2.0)) and tree.is_float_leaf(Level.TWO)
    assert tree.is_inexact_leaf(Metres(2.0)) and tree.is_inexact_leaf(Phase(1 + 2j))
    assert not tree.is_float_leaf(Phase(1 + 2j)) and not tree.is_float_leaf(Count(2))
    assert not tree.is_inexact_leaf(Mode.TWO) and not tree.is_inexact_leaf(True)
    assert tree.float_paths({"n": Count(2), "w": [Metres(1.0), 2.0]}) == [(("w", 0), 1.0), (("w", 1), 2.0)]


@pytest.mark.parametrize("value", FLOAT_LIKE)
@pytest.mark.parametrize("name", sorted(JACOBIANS))
def test_the_jacobian_at_a_float_subclass_is_the_floats(name, value):
    # d/dk 3 k^2 = 6 k = 12 at k = 2 (it was 2.0, the argument carried through)
    jac = JACOBIANS[name](cubic)(value)
    assert float(jac) == 12.0
    assert float(JACOBIANS[name](cubic)(2.0)) == 12.0
    in_dict = JACOBIANS[name](lambda d: {"y": cubic(d["x"])})({"x": value, "n": 3})
    assert float(in_dict["y"]["x"]) == 12.0 and in_dict["y"]["n"] == 0


@pytest.mark.parametrize("value", FLOAT_LIKE)
def test_the_hessian_at_a_float_subclass_is_the_floats(value):
    assert float(wg.hessian(cubic)(value)) == 6.0  # it was 2.0
    # d^2/dx^2 of x^2 * 2 = 4 (it was 2.0)
    assert float(wg.hessian(lambda d: d["x"] ** 2 * 2.0)({"x": value})["x"]["x"]) == 4.0
    h = wg.hessian(lambda d: d["x"] ** 2 * d["y"])({"x": value, "y": Metres(5.0)})
    assert [[float(h[a][b]) for b in "xy"] for a in "xy"] == [[10.0, 4.0], [4.0, 0.0]]


def test_a_float_subclass_output_leaf_gets_its_block():
    assert float(wg.jacfwd(lambda x: Metres(1.0) * 0.0 + x * x)(Metres(3.0))) == 6.0
    assert float(wg.jacrev(lambda x: [x * 2.0, Metres(4.0)])(3.0)[0]) == 2.0


@pytest.mark.parametrize("value", FLOAT_LIKE)
def test_check_grads_takes_a_float_subclass(value):
    # it refused: "gradient has type float, argument has type Metres"
    check_grads(cubic, value, order=2, modes=("rev", "fwd"))
    check_grads(lambda q: np.sin(q) ** 2, value, order=2, modes=("rev", "fwd"))
    check_grads(lambda d: np.sin(d["a"]) * d["b"], {"a": value, "b": 1.5}, order=2, modes=("rev", "fwd"))


def test_check_grads_takes_a_complex_subclass():
    check_grads(lambda z: np.real(z * z), Phase(1 + 2j), order=2, modes=("rev", "fwd"))


def test_check_grads_still_catches_a_wrong_gradient_of_a_float_subclass():
    @wg.primitive
    def square(x):
        return x * x
    wg.defvjp(square, lambda ans, x: lambda g: g * 3.0 * x)  # 3x, not 2x
    with pytest.raises(AssertionError, match="check failed"):
        check_grads(square, Metres(2.0))


@pytest.mark.parametrize("constant", [
    pytest.param(np.array([1, 2]), id="int-array"),
    pytest.param(np.array([[1], [2]], dtype=np.uint8), id="uint8-array"),
    pytest.param(np.array([True, False]), id="bool-array"),
    pytest.param(Count(3), id="int-subclass"),
    pytest.param(Mode.TWO, id="IntEnum"),
    pytest.param(np.int32(3), id="numpy-int"),
    pytest.param(3, id="int"),
])
def test_forward_check_grads_with_an_integer_leaf_in_a_structure(constant):
    # an integer array got the tangent 0 (a scalar): "a value with 2 differentiable
    # leaves met one with 1"
    def f(a):
        return a[0] ** 2 * np.sum(a[1])
    check_grads(f, (3.0, constant), order=2, modes=("rev", "fwd"))
    check_grads(lambda d: d["x"] ** 3 * np.sum(d["k"]), {"x": 1.5, "k": constant}, modes=("fwd",))
    jac = wg.jacfwd(f)((3.0, constant))
    assert float(jac[0]) == 6.0 * float(np.sum(constant))


INTEGER_LEAVES = [
    pytest.param(2, id="int"),
    pytest.param(Count(2), id="int-subclass"),
    pytest.param(Mode.TWO, id="IntEnum"),
    pytest.param(np.int32(2), id="int32"),
    pytest.param(np.array([1, 2]), id="int-array"),
]


def _same(a, b):
    return type(a) is type(b) and np.shape(a) == np.shape(b) and np.array_equal(a, b) \
        and getattr(a, "dtype", None) == getattr(b, "dtype", None)


@pytest.mark.parametrize("k", INTEGER_LEAVES)
@pytest.mark.parametrize("name", sorted(JACOBIANS))
def test_an_integer_input_leaf_gets_the_gradients_zero_in_a_jacobian(name, k):
    def f(d):
        return d["x"] ** 2 * np.sum(d["k"])
    arg = {"x": 3.0, "k": k, "s": "label", "n": None}
    zero = wg.grad(f)(arg)["k"]
    assert _same(zero, wg.zero(k)) and not np.any(zero)
    jac = JACOBIANS[name](f)(arg)
    # the slot held k itself (2, or the array [1, 2]): read as a derivative, it was wrong
    assert _same(jac["k"], zero)
    assert float(jac["x"]) == 6.0 * float(np.sum(k))
    assert jac["s"] == "label" and jac["n"] is None

    # in a list, with an array output: every output leaf's input structure has the zero
    def g(xs):
        return [xs[0] * np.array([1.0, 2.0]) * np.sum(xs[1]), xs[1]]
    jac = JACOBIANS[name](g)([3.0, k])
    assert _same(jac[0][1], zero)
    assert np.array_equal(jac[0][0], np.array([1.0, 2.0]) * np.sum(k))
    # the integer output leaf k: zeros of shape k.shape + () for x, k's own zero for k (it was k)
    assert _same(jac[1][0], np.zeros(np.shape(k), np.asarray(k).dtype)) and _same(jac[1][1], zero)


@pytest.mark.parametrize("k", INTEGER_LEAVES)
def test_an_integer_input_leaf_gets_the_gradients_zero_in_a_hessian(k):
    def f(d):
        return d["x"] ** 2 * np.sum(d["k"])
    h = wg.hessian(f)({"x": 3.0, "k": k})
    zero = wg.grad(f)({"x": 3.0, "k": k})["k"]
    # it was {'x': {'x': 4, 'k': 2}, 'k': 0}: the inner 'k' was k itself
    assert float(h["x"]["x"]) == 2.0 * float(np.sum(k))
    assert _same(h["x"]["k"], zero)
    # the gradient's own leaf (an integer output leaf of grad f): zeros, not the leaf itself
    assert _same(h["k"]["x"], np.zeros(np.shape(zero), np.asarray(zero).dtype)) and _same(h["k"]["k"], zero)
    h = wg.hessian(lambda xs: xs[0] ** 3 * np.sum(xs[1]))([2.0, k])
    assert float(h[0][0]) == 12.0 * float(np.sum(k)) and _same(h[0][1], zero)


def test_bools_get_grads_false_and_strings_are_carried_through():
    def f(d):
        return d["x"] ** 2 * (2.0 if d["flag"] else 1.0)
    arg = {"x": 3.0, "flag": True, "name": "x", "none": None}
    for jac in (wg.jacfwd(f)(arg), wg.jacrev(f)(arg), wg.hessian(f)(arg)["x"]):
        assert jac["flag"] is False and jac["name"] == "x" and jac["none"] is None
    assert wg.grad(f)(arg)["flag"] is False


Mark = collections.namedtuple("Mark", "n mask y label")


@pytest.mark.parametrize("name", sorted(JACOBIANS))
def test_an_integer_or_boolean_output_leaf_gets_zeros_of_the_jacobians_shape(name):
    # the entry of an output leaf of shape S for an input leaf of shape T has shape S + T;
    # an integer or boolean output (a count, a mask, an argmin) is a constant, whose entry
    # was the output itself (3, the mask, the index) where jvp gives it a zero tangent
    x = np.array([0.3, -0.7])
    jac = JACOBIANS[name](lambda x: (np.sin(x), 3, x > 0, np.argmin(x), True, "s", None))(x)
    assert np.array_equal(jac[0], np.diag(np.cos(x)))
    int_ = np.asarray(3).dtype
    assert _same(jac[1], np.zeros(2, int_)) and _same(jac[2], np.zeros((2, 2), bool))
    assert _same(jac[3], np.zeros(2, np.intp)) and _same(jac[4], np.zeros(2, bool))
    assert jac[5] == "s" and jac[6] is None  # not numbers: carried through
    assert _same(JACOBIANS[name](lambda c: (c * c, 3, c > 0))(2.0)[1:], (np.zeros((), int_), np.zeros((), bool)))
    # records in and out, a tuple argnums
    d = {"x": np.array([0.3, -0.7, 1.1]), "c": 2.0, "k": 2, "s": "tag"}
    j = JACOBIANS[name](lambda d, t: Mark(np.uint8(3), d["x"] > 0, d["x"] * d["c"] * t, "m"), argnums=(0, 1))(d, 1.5)
    assert type(j) is Mark and j.label == "m"
    assert _same(j.n[0]["x"], np.zeros(3, np.uint8)) and _same(j.n[0]["c"], np.zeros((), np.uint8))
    assert _same(j.mask[0]["x"], np.zeros((3, 3), bool)) and _same(j.mask[0]["c"], np.zeros(3, bool))
    assert _same(j.mask[1], np.zeros(3, bool)) and _same(j.n[1], np.zeros((), np.uint8))
    assert j.n[0]["k"] == 0 and j.mask[0]["k"] == 0 and j.mask[0]["s"] == "tag"
    assert np.array_equal(j.y[0]["x"], np.diag([3.0, 3.0, 3.0])) and np.array_equal(j.y[1], d["x"] * 2.0)
    # jacfwd and jacrev agree leaf for leaf
    other = (wg.jacrev if name == "jacfwd" else wg.jacfwd)(lambda d: Mark(3, d["x"] > 0, d["x"] * d["c"], "m"))(d)
    mine = JACOBIANS[name](lambda d: Mark(3, d["x"] > 0, d["x"] * d["c"], "m"))(d)
    assert all(p == q and _same(a, b) for (p, a), (q, b) in zip(tree.paths(mine), tree.paths(other)))


def test_jit_keeps_a_float_subclass_a_constant_keyed_by_value():
    f = wg.jit(cubic)
    assert f(Metres(2.0)) == 12.0 and f(Metres(3.0)) == 27.0
    df = wg.jit(wg.grad(cubic))
    assert float(df(Metres(2.0))) == 12.0 and float(df(Metres(3.0))) == 18.0
    assert f(Level.TWO) == 12.0


def test_optimizers_take_float_subclass_parameters():
    for opt in (wg.optim.SGD(lr=0.1), wg.optim.Momentum(lr=0.1), wg.optim.Adam(lr=0.1)):
        params = {"a": Metres(2.0), "n": 3}
        grads = wg.grad(lambda p: p["a"] ** 2)(params)
        plain = opt.update(wg.grad(lambda p: p["a"] ** 2)({"a": 2.0, "n": 3}), opt.init({"a": 2.0, "n": 3}),
                           {"a": 2.0, "n": 3})[1]
        _, new = opt.update(grads, opt.init(params), params)
        assert float(new["a"]) == float(plain["a"]) and new["n"] == 3
