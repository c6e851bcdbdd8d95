"""zero/add/one laws for every built-in type and a registered user type."""
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import pytest

import wengert as wg


@dataclass
class Rec:
    w: np.ndarray
    b: float
    name: str = "layer"


Point = namedtuple("Point", "x y")


class Poly:
    def __init__(self, coeffs):
        self.coeffs = list(coeffs)

    def __eq__(self, other):
        return type(other) is Poly and self.coeffs == other.coeffs


wg.register(Poly, zero=lambda p: Poly([0.0] * len(p.coeffs)),
            add=lambda p, q: Poly([a + b for a, b in zip(p.coeffs, q.coeffs)]),
            one=lambda p: Poly([1.0] * len(p.coeffs)))


def _samples(rng):
    """Three values of each type (x, y, z) with the same structure."""
    def arr():
        return rng.standard_normal((2, 3))
    return {
        "float": [1.5, -2.0, 0.25],
        "int": [1, 2, 3],
        "ndarray": [arr(), arr(), arr()],
        "float32": [arr().astype(np.float32) for _ in range(3)],
        "npscalar": [np.float64(1.0), np.float64(2.5), np.float64(-1.0)],
        "none": [None, None, None],
        "tuple": [(1.0, arr()), (2.0, arr()), (3.0, arr())],
        "list": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]],
        "dict": [{"a": 1.0, "b": arr()}, {"a": 2.0, "b": arr()}, {"a": 3.0, "b": arr()}],
        "namedtuple": [Point(1.0, arr()), Point(2.0, arr()), Point(3.0, arr())],
        "dataclass": [Rec(arr(), 1.0), Rec(arr(), 2.0), Rec(arr(), 3.0)],
        "nested": [[{"k": (1.0, arr())}], [{"k": (2.0, arr())}], [{"k": (3.0, arr())}]],
        "user": [Poly([1.0, 2.0]), Poly([3.0, 4.0]), Poly([5.0, 6.0])],
    }


def _equal(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.allclose(a, b)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return type(b) is dict and a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, Rec):
        return type(b) is Rec and _equal(a.w, b.w) and a.b == pytest.approx(b.b, rel=1e-15, abs=0.0) and a.name == b.name
    if isinstance(a, float):
        return type(b) is type(a) and a == pytest.approx(b, rel=1e-15, abs=0.0)
    return type(a) is type(b) and a == b


KINDS = list(_samples(np.random.default_rng(0)))


@pytest.fixture
def xyz(request):
    return _samples(np.random.default_rng(1))[request.param]


@pytest.mark.parametrize("xyz", KINDS, indirect=True)
def test_identity(xyz):
    x, y, _ = xyz
    assert _equal(wg.add(wg.zero(x), y), y)
    assert _equal(wg.add(y, wg.zero(x)), y)


@pytest.mark.parametrize("xyz", KINDS, indirect=True)
def test_commutative_and_associative(xyz):
    x, y, z = xyz
    assert _equal(wg.add(x, y), wg.add(y, x))
    assert _equal(wg.add(x, wg.add(y, z)), wg.add(wg.add(x, y), z))


@pytest.mark.parametrize("xyz", KINDS, indirect=True)
def test_zero_and_one_are_idempotent(xyz):
    x, _, _ = xyz
    assert _equal(wg.zero(wg.zero(x)), wg.zero(x))
    assert _equal(wg.one(wg.one(x)), wg.one(x))


@pytest.mark.parametrize("xyz", KINDS, indirect=True)
def test_add_does_not_write_into_its_arguments(xyz):
    import copy
    x, y, _ = xyz
    x0, y0 = copy.deepcopy(x), copy.deepcopy(y)
    wg.add(x, y)
    assert _equal(x, x0) and _equal(y, y0)


@pytest.mark.parametrize("kind", ["float", "ndarray", "float32", "tuple", "dict", "namedtuple",
                                  "dataclass", "nested"])
def test_one_is_the_gradient_of_identity(kind):
    x = _samples(np.random.default_rng(2))[kind][0]
    assert _equal(wg.grad_bp(lambda v: v, x, seed=wg.one(x)), wg.one(x))


def test_dataclass_rebuilt_without_init():
    @dataclass
    class Strict:
        w: np.ndarray

        def __post_init__(self):
            raise AssertionError("__post_init__ must not run on gradients")

    s = object.__new__(Strict)
    s.w = np.ones(2)
    z = wg.zero(s)
    assert type(z) is Strict and np.all(z.w == 0)


def test_constants_pass_through():
    r = Rec(np.ones(2), 1.0, name="hidden")
    assert wg.zero(r).name == "hidden"
    assert wg.add(wg.zero(r), r).name == "hidden"


def test_dunder_methods_instance():
    class Money:
        def __init__(self, v):
            self.v = v

        def __wengert_zero__(self):
            return Money(0.0)

        def __wengert_add__(self, other):
            return Money(self.v + other.v)

        def __wengert_one__(self):
            return Money(1.0)

    assert wg.add(Money(1.0), Money(2.0)).v == 3.0
    assert wg.one(Money(5.0)).v == 1.0


def test_shape_mismatch_is_a_clear_error():
    with pytest.raises(ValueError, match=r"shapes \(2,\) and \(3,\)"):
        wg.add(np.ones(2), np.ones(3))


def test_unknown_type():
    with pytest.raises(wg.NoProtocolInstance, match="register"):
        wg.zero(object())


def test_scale():
    assert wg.scale({"a": 2.0, "b": [np.ones(2)]}, 0.5)["a"] == 1.0
    with pytest.raises(wg.NoProtocolInstance, match="scale"):
        wg.scale(Poly([1.0]), 2.0)
