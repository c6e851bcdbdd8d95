"""Lenses: building and composing them, the five operations on values and Vars, errors."""
import math
from collections import namedtuple
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import pytest

import wengert as wg
from wengert.testing import check_grads

P = namedtuple("P", "a b")


@dataclass
class Layer:
    w: np.ndarray
    b: np.ndarray


@dataclass
class Model:
    layers: list
    head: Optional[Layer] = None
    tag: str = "m"


def make_model(n=2):
    r = np.random.default_rng(1)
    return Model([Layer(r.normal(size=(2, 2)), r.normal(size=2)) for _ in range(n)],
                 Layer(r.normal(size=(1, 2)), r.normal(size=1)))


# -- lenses as values ----------------------------------------------------------------------

def test_building_and_composing():
    assert repr(wg.at.layers[0].w) == "at.layers[0].w"
    assert repr(wg.at.layers / wg.each / wg.at.w) == "at.layers / each / at.w"
    assert repr("layers" / wg.each) == "at['layers'] / each"
    assert repr(wg.at) == "at"
    assert wg.at.layers / 0 / wg.at.w == wg.at.layers[0].w
    assert wg.at["k"] != wg.at.k  # a dict key is not a field
    first = wg.Lens(lambda t: t[0], lambda t, v: (v,) + t[1:], name="first")
    assert repr(wg.at.pairs / first / wg.at.a) == "at.pairs / Lens(first) / at.a"


def test_view_on_plain_values_reads_like_python():
    m = make_model()
    assert wg.view(m, wg.at.layers[1].w) is m.layers[1].w
    assert wg.view(m, "tag") == "m"
    assert wg.view({"a": [1.0, 2.0, 3.0]}, wg.at["a"][-1]) == 3.0
    assert wg.view((1.0, 2.0, 3.0), slice(1, None)) == (2.0, 3.0)
    assert wg.view([1.0, 2.0, 3.0], slice(None, None, -2)) == [3.0, 1.0]
    assert wg.view(P(1.0, 2.0), 1) == 2.0
    assert wg.view(m, wg.at) is m


def test_view_gradients_through_a_path():
    m = make_model()
    x = np.array([1.0, -2.0])

    def f(model):
        w = wg.view(model, wg.at.layers[1].w)
        head = wg.view(model, "head")
        return np.sum(head.w @ np.tanh(w @ x + wg.view(model, wg.at.layers[1].b)))
    check_grads(f, m)
    g = wg.grad_bp(f, m)
    assert type(g) is Model and type(g.layers[0]) is Layer and g.tag == "m"
    assert not g.layers[0].w.any() and g.head.b.shape == (1,)


def test_slices_view_and_set():
    xs = [1.0, 2.0, 3.0, 4.0]
    assert wg.grad_bp(lambda v: (lambda s: s[0] * s[1])(wg.view(v, slice(1, 3))), xs) == [0.0, 3.0, 2.0, 0.0]
    assert wg.set_var(xs, slice(None, None, -2), [10.0, 20.0]) == [1.0, 20.0, 3.0, 10.0]
    assert xs == [1.0, 2.0, 3.0, 4.0]

    def f(v, new):
        out = wg.set_var(v, slice(0, 2), new)
        return out[0] * out[1] * out[3]
    g = wg.grad_bp(f, (1.0, 2.0, 3.0, 4.0), (5.0, 6.0))
    assert g == ((0.0, 0.0, 0.0, 30.0), (24.0, 20.0))
    check_grads(f, (1.0, 2.0, 3.0, 4.0), (5.0, 6.0))
    Q = namedtuple("Q", "a b c")  # a named tuple's parts are keyed by name in cotangents
    g = wg.grad_bp(lambda q, new: (lambda r: r.a * r.b * r.c)(wg.set_var(q, slice(1, None), new)),
                   Q(2.0, 3.0, 4.0), (5.0, 7.0))
    assert g == (Q(35.0, 0.0, 0.0), (14.0, 10.0))


# -- set_var and over -------------------------------------------------------------------------

def test_set_var_never_mutates_and_skips_init():
    calls = []

    @dataclass
    class Checked:
        a: float
        b: float

        def __post_init__(self):
            calls.append(1)
    c = Checked(1.0, 2.0)
    c.note = "kept"  # not a field
    calls.clear()
    d = wg.set_var(c, "b", 5.0)
    assert (c.b, d.b, d.a, d.note, calls) == (2.0, 5.0, 1.0, "kept", [])
    g_c, g_y = wg.grad_bp(lambda c, y: wg.set_var(c, "a", y).a * c.b, c, 3.0)
    assert calls == []
    assert (type(g_c), g_c.a, g_c.b, g_y) == (Checked, 0.0, 3.0, 2.0)

    @dataclass(frozen=True)
    class Frozen:
        a: float

    @dataclass  # slots written out: dataclass(slots=True) is Python 3.10+
    class Slotted:
        __slots__ = ("a", "b")
        a: float
        b: float
    assert wg.set_var(Frozen(1.0), "a", 2.0) == Frozen(2.0)
    assert wg.set_var(Slotted(1.0, 2.0), "a", 3.0) == Slotted(3.0, 2.0)
    d = {"a": 1.0}
    assert wg.set_var(d, "b", 2.0) == {"a": 1.0, "b": 2.0} and d == {"a": 1.0}
    xs = [1.0, 2.0]
    assert wg.set_var(xs, -1, 5.0) == [1.0, 5.0] and xs == [1.0, 2.0]


def test_set_var_nested_path_gradients():
    m = make_model(3)
    new_w = np.full((2, 2), 0.5)
    x = np.array([1.0, 2.0])

    def f(model, w):
        model = wg.set_var(model, wg.at.layers[1].w, w * w)
        return sum(np.sum(np.sin(layer.w @ x + layer.b)) for layer in model.layers)
    check_grads(f, m, new_w)
    g_model, g_w = wg.grad_bp(f, m, new_w)
    assert not g_model.layers[1].w.any() and g_model.layers[1].b.any() and g_model.layers[0].w.any()


def test_set_var_with_a_dense_cotangent():
    # The set's result is the output, seeded with a whole (dense) dict.
    value, pullback = wg.vjp(lambda d: wg.set_var(d, "b", 2.0 * d["a"]), {"a": 1.0, "b": 5.0})
    assert value == {"a": 1.0, "b": 2.0}
    assert pullback({"a": 1.0, "b": 1.0}) == ({"a": 3.0, "b": 0.0},)
    # A new key: the whole gets the cotangent of its own keys only.
    value, pullback = wg.vjp(lambda d: wg.set_var(d, "c", d["a"] * 3.0), {"a": 1.0})
    assert value == {"a": 1.0, "c": 3.0}
    assert pullback({"a": 1.0, "c": 1.0}) == ({"a": 4.0},)
    check_grads(lambda d: wg.set_var(d, "c", d["a"] * 3.0), {"a": 1.0})


def test_set_var_on_a_plain_whole_with_a_var_part():
    assert wg.grad_bp(lambda y: np.sum(wg.set_var({"a": np.ones(2), "b": 1.0}, "b", y)["a"]) * 0.0
                      + wg.set_var(P(1.0, 2.0), "b", y * y).b, 3.0) == 6.0


def test_set_var_on_a_plain_container_of_vars():
    first = wg.Lens(lambda t: t[0], lambda t, e: [e] + t[1:], name="first")
    kinds = []

    def f(v, y):
        parts = wg.sequence_var(v)  # a plain list of Vars (under a runner)
        out, out2 = wg.set_var(parts, 0, y * y), wg.set_var(parts, first, y * 3.0)
        kinds.extend((type(out), type(wg.stop_gradient(out)[1]), type(out2), type(wg.stop_gradient(out2)[1])))
        return out[0] * out[1] + out2[0] * out2[1]
    assert wg.grad_bp(f, [1.0, 2.0], 3.0) == ([0.0, 9.0 + 9.0], 12.0 + 6.0)
    # One Var each, whose value holds plain values, not Vars of its own tape.
    assert kinds == [wg.Var, float, wg.Var, float]
    check_grads(f, [1.0, 2.0], 3.0)


def test_over_and_set_through_a_traversal():
    m = make_model(3)
    scaled = wg.over(m, wg.at.layers / wg.each / wg.at.w, lambda w: w * 2.0)
    for old, new in zip(m.layers, scaled.layers):
        np.testing.assert_array_equal(new.w, old.w * 2.0)
        assert new.b is old.b
    zeroed = wg.set_var(m, wg.at.layers / wg.each / "b", np.zeros(2))
    assert all(not layer.b.any() for layer in zeroed.layers)

    def f(model, s):
        model = wg.over(model, wg.at.layers / wg.each / wg.at.w, lambda w: np.tanh(w * s))
        return sum(np.sum(layer.w * layer.b) for layer in model.layers)
    check_grads(f, m, 0.7)
    g = wg.grad_bp(lambda d, y: sum(wg.to_list_of(wg.set_var(d, wg.each, y), wg.each)), {"a": 1.0, "b": 2.0}, 3.0)
    assert g == ({"a": 0.0, "b": 0.0}, 2.0)


# -- preview and to_list_of -----------------------------------------------------------------

def test_preview_absent_parts():
    m = Model([], None)
    assert wg.preview(m, wg.at.head.w) is None
    assert wg.preview(m, wg.at.layers[0]) is None
    assert wg.preview({"a": 1.0}, "b") is None
    assert wg.preview({"a": 1.0}, "a") == 1.0
    assert wg.preview([[], [None, 3.0]], wg.each / wg.each) == 3.0
    assert wg.preview([1.0], wg.Lens(lambda x: None, lambda x, v: x)) is None


def test_preview_on_a_union_of_records():
    @dataclass
    class Circle:
        r: float

    @dataclass
    class Square:
        side: float

    def area(shape):
        r = wg.preview(shape, "r")
        return 3.0 * r * r if r is not None else shape.side * shape.side
    assert wg.grad_bp(area, Circle(2.0)) == Circle(12.0)
    assert wg.grad_bp(area, Square(2.0)) == Square(4.0)


def test_to_list_of():
    d = {"x": 1.0, "y": 2.0, "z": 3.0}
    assert wg.to_list_of(d, wg.each) == [1.0, 2.0, 3.0]
    assert wg.to_list_of(P(1.0, 2.0), wg.each) == [1.0, 2.0]
    assert wg.to_list_of(d, "y") == [2.0]
    g = wg.grad_bp(lambda d: math.prod(wg.to_list_of(d, wg.each)), d)
    assert g == {"x": 6.0, "y": 3.0, "z": 2.0}
    m = make_model(2)
    check_grads(lambda model: sum(np.sum(w ** 2) for w in wg.to_list_of(model, wg.at.layers / wg.each / "w")), m)


# -- containers, isomorphisms, records ---------------------------------------------------

def test_sequence_and_collect_are_inverse():
    for value in ([1.0, 2.0], (1.0, 2.0), {"a": 1.0, "b": 2.0}, P(1.0, 2.0)):
        def f(v):
            parts = wg.sequence_var(v)
            assert type(parts) is type(value)
            again = wg.collect_var(parts)
            return wg.view(again, wg.to_list_of(value, wg.at)[0] and (0 if not isinstance(value, dict) else "a")) \
                * wg.view(again, 1 if not isinstance(value, dict) else "b") * 3.0
        g = wg.grad_bp(f, value)
        assert type(g) is type(value)
        assert list(g.values() if isinstance(g, dict) else g) == [6.0, 3.0]
    plain = [1.0, 2.0]
    assert wg.sequence_var(plain) is plain and wg.collect_var(plain) is plain


def test_iso_var_and_over_second_derivatives():
    @dataclass
    class Wrapped:
        x: float
    mk = lambda v: wg.iso_var(Wrapped, lambda w: w.x, v)  # noqa: E731
    f = lambda v: wg.iso_var(lambda w: w.x, Wrapped, mk(v * v)) * v  # noqa: E731  (v**3)
    assert wg.grad(f)(2.0) == 12.0
    assert wg.grad(wg.grad(f))(2.0) == 12.0
    mk = lambda x, y: wg.iso_var_n(P, tuple, x, y)  # noqa: E731
    h = lambda x, y: mk(x * x, y).a * mk(x, y * y).b  # noqa: E731  (x**2 y**2)
    assert wg.grad(h, argnums=(0, 1))(2.0, 3.0) == (36.0, 24.0)
    assert wg.grad(lambda x, y: wg.grad(h)(x, y), argnums=(0, 1))(2.0, 3.0) == (18.0, 24.0)
    over_each = lambda d: wg.over(d, wg.each, lambda v: v * v)["a"] * d["b"]  # noqa: E731
    assert wg.grad(lambda d: wg.grad(over_each)(d)["a"])({"a": 2.0, "b": 3.0}) == {"a": 6.0, "b": 4.0}


def test_user_lens_second_derivative():
    first = wg.Lens(lambda t: t[0], lambda t, v: (v,) + tuple(t[1:]), name="first")

    def f(t):  # a**2 * b through a user lens
        return wg.view(wg.set_var(t, first, t[0] * t[0]), first) * t[1]
    assert wg.grad(f)((3.0, 2.0)) == (12.0, 9.0)
    assert wg.grad(lambda t: wg.grad(f)(t)[0])((3.0, 2.0)) == (4.0, 6.0)
    # The same cotangent reaching t densely (through the user lens) and sparsely (t[1]),
    # in either order: the dense one is a Var of the outer tape there.
    for h in (lambda t: t[1] * wg.view(t, first), lambda t: wg.view(t, first) * t[1]):
        assert wg.grad(lambda t: wg.grad(h)(t)[0])((3.0, 2.0)) == (0.0, 1.0)
        assert wg.grad(lambda t: wg.grad(h)(t)[1])((3.0, 2.0)) == (1.0, 0.0)


def test_build_defaults_and_errors():
    @dataclass
    class WithDefaults:
        a: float
        items: list = field(default_factory=list)
        c: float = 2.0
    built = wg.build(WithDefaults, 1.0)
    assert built == WithDefaults(1.0, [], 2.0)
    assert built.items is not wg.build(WithDefaults, 1.0).items
    with pytest.raises(TypeError, match="no value for a"):
        wg.build(WithDefaults)
    with pytest.raises(TypeError, match="no field 'z'"):
        wg.build(WithDefaults, 1.0, z=2.0)
    with pytest.raises(TypeError, match="given twice"):
        wg.build(WithDefaults, 1.0, a=2.0)
    with pytest.raises(TypeError, match="makes dataclasses and named tuples"):
        wg.build(dict, a=1.0)
    assert wg.build(P, b=2.0, a=1.0) == P(1.0, 2.0)


# -- errors that say what to do ------------------------------------------------------------

@pytest.mark.parametrize("value, lens, error, message", [
    ({"a": 1.0}, wg.at.a, wg.LensError, r"for the dict key use at\['a'\]"),
    (Layer(np.ones(1), np.ones(1)), 0, wg.LensError, "does not fit a .*Layer"),
    (np.ones(3), 0, wg.LensError, "Index the array itself"),
    (2.0, "x", wg.LensError, "wengert.Lens"),
    ([1.0], "x", wg.LensError, "integer index or a slice"),
    ({"a": 1.0}, "b", wg.MissingPart, "wengert.preview"),
    ([1.0], 3, wg.MissingPart, "out of range"),
    (P(1.0, 2.0), wg.at.c, wg.MissingPart, "fields: a, b"),
    ([1.0, 2.0], wg.each, wg.LensError, "to_list_of"),
])
def test_view_errors(value, lens, error, message):
    with pytest.raises(error, match=message):
        wg.view(value, lens)
    with pytest.raises(error, match=message):
        wg.grad_bp(lambda v: wg.view(v, lens), value)


def test_set_errors():
    m = make_model()
    with pytest.raises(wg.LensError, match=r"shape \(3,\).*shape \(2,\)"):
        wg.set_var(m, wg.at.layers[0].b, np.ones(3))
    with pytest.raises(wg.LensError, match=r"shape \(3,\).*shape \(2,\)"):
        wg.grad_bp(lambda model: np.sum(wg.set_var(model, wg.at.layers[0].b, np.ones(3)).layers[0].b), m)
    with pytest.raises(wg.LensError, match="the new part is a P"):
        wg.set_var(m, "head", P(1.0, 2.0))
    with pytest.raises(wg.LensError, match="length 2"):
        wg.set_var([1.0, 2.0, 3.0], slice(0, 2), [1.0])
    with pytest.raises(wg.LensError, match="shape"):
        wg.over([np.ones(2)], wg.each, lambda w: np.ones(3))
    with pytest.raises(wg.MissingPart, match="out of range"):
        wg.set_var([1.0], 2, 1.0)
    assert wg.set_var(m, "head", None).head is None  # an Optional part may be emptied


def test_misuse_errors():
    with pytest.raises(wg.LensError, match="no parts to traverse"):
        wg.to_list_of(3.0, wg.each)
    with pytest.raises(wg.LensError, match="sequence_var"):
        wg.fields([1.0, 2.0])
    with pytest.raises(wg.LensError, match="no parts to traverse"):
        wg.grad_bp(lambda x: wg.sequence_var(x), 2.0)
    with pytest.raises(TypeError, match="is not a lens"):
        wg.view([1.0], lambda x: x[0])
    with pytest.raises(TypeError, match="needs two functions"):
        wg.Lens(lambda x: x, None)
    with pytest.raises(wg.LensError, match="tuple of 2 parts"):
        wg.grad_bp(lambda a, b: wg.iso_var_n(P, lambda p: [p.a, p.b], a, b).a, 1.0, 2.0)


def test_lens_functions_run_unchanged_under_eval_bp():
    m = make_model()

    def f(model):
        model = wg.over(model, wg.at.layers / wg.each / "b", lambda b: b * 0.5)
        w1, b1 = wg.fields(wg.view(model, wg.at.layers[0]))
        head = wg.preview(model, "head")
        return np.sum(head.w @ (w1 @ b1)) + sum(np.sum(b) for b in wg.to_list_of(model, wg.at.layers / wg.each / "b"))
    expected = wg.eval_bp(f, m)
    assert wg.backprop(f, m)[0] == pytest.approx(expected, rel=1e-12, abs=0)
    check_grads(f, m)
