"""wengert.optim: exact small steps, convergence on a quadratic, structures kept, no copies."""
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import pytest

import wengert as wg
from wengert.optim import SGD, Adam, Momentum


@dataclass
class Layer:
    w: np.ndarray
    b: np.ndarray
    name: str = "dense"
    units: int = 3


Pair = namedtuple("Pair", "a b")

OPTIMIZERS = [SGD(0.1), Momentum(0.05, beta=0.9), Adam(0.1)]


def test_one_sgd_step_on_a_float():
    state, x = SGD(0.25).update(2.0, None, 3.0)
    assert state is None and type(x) is float and x == 2.5


def test_one_sgd_step_on_a_dict():
    params = {"w": np.array([1.0, -1.0]), "b": 0.5}
    _, new = SGD(0.5).update({"w": np.array([2.0, 4.0]), "b": -1.0}, None, params)
    assert list(new) == ["w", "b"]
    np.testing.assert_array_equal(new["w"], [0.0, -3.0])
    assert new["b"] == 1.0
    np.testing.assert_array_equal(params["w"], [1.0, -1.0])  # the old parameters are kept


def test_momentum_accumulates_velocity():
    opt = Momentum(1.0, beta=0.5)
    state = opt.init(np.zeros(2))
    x = np.zeros(2)
    for _ in range(3):
        state, x = opt.update(np.array([1.0, -2.0]), state, x)
    # velocity 1, 1.5, 1.75 (times g): x = -(1 + 1.5 + 1.75) g
    np.testing.assert_allclose(state.velocity, [1.75, -3.5], rtol=1e-15)
    np.testing.assert_allclose(x, [-4.25, 8.5], rtol=1e-15)


@pytest.mark.parametrize("g", [np.array([3.0, -0.002, 1e4]), np.array([-7.0, 0.5, -1e-3])])
def test_adams_first_step_is_lr_times_sign(g):
    opt = Adam(lr=0.01, eps=1e-8)
    state, p = opt.update(g, opt.init(np.ones(3)), np.ones(3))
    np.testing.assert_allclose(p, 1.0 - 0.01 * np.sign(g), rtol=0, atol=1e-7)
    assert state.count == 1


def test_adam_matches_the_paper_over_several_steps():
    lr, b1, b2, eps = 0.05, 0.8, 0.99, 1e-6
    opt = Adam(lr, b1, b2, eps)
    rng = np.random.default_rng(0)
    p = p_ref = rng.normal(size=4)
    state = opt.init(p)
    m = v = np.zeros(4)
    for t in range(1, 6):
        g = rng.normal(size=4)
        state, p = opt.update(g, state, p)
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        p_ref = p_ref - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    np.testing.assert_allclose(p, p_ref, rtol=1e-12)


def quadratic(params):
    # Minimum 0 at w = [1, -2, 3], b = 0.5, scale = 2, whatever the structure holds.
    return (np.sum((params.w - np.array([1.0, -2.0, 3.0])) ** 2)
            + 3.0 * (params.b - 0.5) ** 2 + (params.extra["scale"] - 2.0) ** 2)


@dataclass
class Quad:
    w: np.ndarray
    b: float
    extra: dict


@pytest.mark.parametrize("opt", OPTIMIZERS, ids=repr)
def test_each_optimizer_minimises_a_quadratic(opt):
    params = Quad(np.zeros(3), 0.0, {"scale": 0.0, "tag": "q", "n": 7})
    state = opt.init(params)
    for _ in range(500):
        state, params = opt.update(wg.grad_bp(quadratic, params), state, params)
    assert quadratic(params) < 1e-8
    np.testing.assert_allclose(params.w, [1.0, -2.0, 3.0], atol=1e-4)
    assert type(params.b) is float and params.extra["tag"] == "q" and params.extra["n"] == 7


@pytest.mark.parametrize("opt", OPTIMIZERS, ids=repr)
def test_structures_are_preserved(opt):
    params = {"layers": [Layer(np.ones((2, 3)), np.zeros(3)), Layer(np.ones((3, 1)), np.zeros(1))],
              "pair": Pair(1.0, np.float32(2.0)), "t": (np.ones(2, np.float32), 4.0)}
    grads = wg.add(wg.one(params), wg.one(params))
    state = opt.init(params)
    state, new = opt.update(grads, state, params)
    assert list(new) == ["layers", "pair", "t"]
    assert type(new["layers"]) is list and all(type(layer) is Layer for layer in new["layers"])
    assert type(new["pair"]) is Pair and type(new["t"]) is tuple
    assert new["layers"][1].w.shape == (3, 1)
    assert type(new["pair"].b) is np.float32 and new["t"][0].dtype == np.float32
    assert type(new["pair"].a) is float and new["pair"].a < 1.0
    # A second step with the state of the first works too.
    opt.update(grads, state, new)


@pytest.mark.parametrize("opt", OPTIMIZERS, ids=repr)
def test_leaves_that_do_not_move_are_the_same_objects(opt):
    frozen = Layer(np.ones((2, 2)), np.zeros(2))
    params = {"net": Layer(np.ones((2, 2)), np.ones(2)), "frozen": frozen, "n": 5,
              "ints": np.arange(3), "name": "mlp"}
    # The gradient grad_bp gives when the loss reads only net.w: zero elsewhere.
    grads = wg.grad_bp(lambda p: np.sum(p["net"].w ** 2), params)
    state = opt.init(params)
    for _ in range(2):
        state, new = opt.update(grads, state, params)
        assert new["frozen"] is frozen
        assert new["net"].b is params["net"].b
        assert new["n"] is params["n"] and new["ints"] is params["ints"]
        assert new["name"] is params["name"]
        assert new["net"].w is not params["net"].w
        assert not np.shares_memory(new["net"].w, params["net"].w)
        params = new
    # Nothing to do: the very same structure comes back.
    zero_grads = wg.zero(params)
    _, same = opt.update(zero_grads, opt.init(params), params)
    assert same is params


def test_a_key_missing_from_dict_gradients_counts_as_zero():
    params = {"a": np.ones(2), "b": np.ones(2)}
    _, new = SGD(0.5).update({"a": np.ones(2)}, None, params)
    np.testing.assert_array_equal(new["a"], [0.5, 0.5])
    assert new["b"] is params["b"]


def test_mismatched_gradients_are_a_clear_error():
    with pytest.raises(TypeError, match=r"params\[.w.\] is a ndarray but its gradient is a list"):
        SGD(0.1).update({"w": [1.0]}, None, {"w": np.ones(1)})
    with pytest.raises(ValueError, match=r"params\[.layers.\] has 2 items but"):
        SGD(0.1).update({"layers": [1.0]}, None, {"layers": [1.0, 2.0]})
    opt = Momentum(0.1)
    with pytest.raises(ValueError, match="opt.init"):
        opt.update({"a": 1.0, "b": 1.0}, opt.init({"a": 1.0}), {"a": 1.0, "b": 1.0})


def test_registered_types_work_with_sgd_and_momentum_but_not_adam():
    class Vec2:
        def __init__(self, x, y):
            self.x, self.y = x, y
    wg.register(Vec2, zero=lambda v: Vec2(0.0, 0.0), add=lambda a, b: Vec2(a.x + b.x, a.y + b.y),
                one=lambda v: Vec2(1.0, 1.0), scale=lambda v, c: Vec2(v.x * c, v.y * c))
    _, v = SGD(0.5).update(Vec2(2.0, 4.0), None, Vec2(1.0, 1.0))
    assert (v.x, v.y) == (0.0, -1.0)
    opt = Momentum(0.5)
    _, v = opt.update(Vec2(2.0, 4.0), opt.init(Vec2(1.0, 1.0)), Vec2(1.0, 1.0))
    assert (v.x, v.y) == (0.0, -1.0)
    opt = Adam()
    with pytest.raises(TypeError, match="Adam needs elementwise square.*use SGD or Momentum"):
        opt.update(Vec2(1.0, 1.0), opt.init(Vec2(1.0, 1.0)), Vec2(1.0, 1.0))


@pytest.mark.parametrize("make", [lambda: SGD(0), lambda: SGD(float("nan")),
                                  lambda: Momentum(0.1, beta=1.0), lambda: Adam(b2=-0.1),
                                  lambda: Adam(eps=0)])
def test_bad_hyperparameters_are_refused(make):
    with pytest.raises(ValueError, match="must be"):
        make()
