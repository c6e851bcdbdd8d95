"""Gradients with respect to structured values: records, containers, user types.

Each structure of the issue gets a finite-difference check (``check_grads``) and exact
small examples: the gradient has the input's type, an untouched part gets ``zero`` of
its own type, and reading one field of a wide record stays O(1).
"""
from collections import namedtuple
from dataclasses import dataclass, make_dataclass
from typing import Optional

import numpy as np
import pytest

import wengert as wg
from wengert.examples import network
from wengert.testing import check_grads

rng = np.random.default_rng(4)


@dataclass
class Net(network.Net):
    """The examples' two-layer network with two fields that are not arrays."""
    scale: float = 1.0
    name: str = "net"


def run_net(net, x):
    h = wg.logistic(net.w1 @ x + net.b1)
    return np.tanh(net.w2 @ h + net.b2)


def make_net():
    return Net(rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=(2, 4)), rng.normal(size=2))


X = np.array([0.5, -1.0, 2.0])


# -- records ---------------------------------------------------------------------------

def test_dataclass_network():
    net = make_net()
    check_grads(lambda n: np.sum(run_net(n, X) ** 2), net)
    g = wg.grad_bp(lambda n: np.sum(run_net(n, X) ** 2), net)
    assert type(g) is Net
    assert g.w1.shape == (4, 3) and g.b2.shape == (2,)
    # Untouched fields: zero of their own type; a string comes back unchanged.
    assert g.scale == 0.0 and type(g.scale) is float
    assert g.name == "net"


def test_untouched_array_field_is_zeros_of_its_shape_and_dtype():
    net = Net(np.ones((2, 2), dtype=np.float32), np.ones(2), np.ones((1, 2)), np.ones(1))
    g = wg.grad_bp(lambda n: np.sum(n.b1) * 2.0, net)
    np.testing.assert_array_equal(g.b1, [2.0, 2.0])
    assert g.w1.dtype == np.float32 and g.w1.shape == (2, 2) and not g.w1.any()
    assert g.w2.shape == (1, 2) and not g.w2.any()


def test_named_tuple():
    Affine = namedtuple("Affine", "w b")
    a = Affine(rng.normal(size=(3, 3)), rng.normal(size=3))
    check_grads(lambda p: np.sum(np.sin(p.w @ X + p[1])), a)
    g = wg.grad_bp(lambda p: np.sum(p.b * 3.0), a)
    assert type(g) is Affine
    np.testing.assert_array_equal(g.b, [3.0, 3.0, 3.0])
    np.testing.assert_array_equal(g.w, np.zeros((3, 3)))


def test_list_of_layer_records():
    Layer = namedtuple("Layer", "w b")
    layers = [Layer(rng.normal(size=(3, 3)), rng.normal(size=3)) for _ in range(3)]

    def f(ls):
        h = X
        for layer in ls:  # iterating over a Var of a list gives one view per element
            h = np.tanh(layer.w @ h + layer.b)
        return np.sum(h)
    check_grads(f, layers)

    def g_traversal(ls):
        ws = wg.to_list_of(ls, wg.each / "w")
        return sum(np.sum(w * w) for w in ws)
    g = wg.grad_bp(g_traversal, layers)
    assert type(g) is list and all(type(item) is Layer for item in g)
    for item, layer in zip(g, layers):
        np.testing.assert_allclose(item.w, 2.0 * layer.w, rtol=1e-15)
        np.testing.assert_array_equal(item.b, np.zeros(3))


def test_dict_of_arrays():
    params = {"w": rng.normal(size=(2, 3)), "b": rng.normal(size=2), "unused": np.ones(4)}
    check_grads(lambda p: np.sum(np.exp(p["w"] @ X + p["b"])), params)
    g = wg.grad_bp(lambda p: np.sum(p["b"]), params)
    assert list(g) == ["w", "b", "unused"]
    np.testing.assert_array_equal(g["unused"], np.zeros(4))


def test_nested_dicts_in_lists():
    data = [{"a": {"w": rng.normal(size=3)}, "b": 0.5}, {"a": {"w": rng.normal(size=3)}, "b": -1.5}]

    def f(items):
        return sum(np.sum(np.sin(item["a"]["w"])) * item["b"] for item in items)
    check_grads(f, data)
    g = wg.grad_bp(lambda items: items[1]["a"]["w"] @ X, data)
    assert type(g) is list and type(g[0]["a"]) is dict
    np.testing.assert_array_equal(g[1]["a"]["w"], X)
    np.testing.assert_array_equal(g[0]["a"]["w"], np.zeros(3))
    assert g[0]["b"] == 0.0 and g[1]["b"] == 0.0


# -- a user type registered through the protocol --------------------------------------

class Poly:
    """A polynomial sum(c[k] x**k), a vector space by its coefficients."""

    def __init__(self, coeffs):
        self.coeffs = np.asarray(coeffs, dtype=float)

    def __call__(self, x):
        return float(np.polyval(self.coeffs[::-1], x))

    def derivative(self):
        return Poly(self.coeffs[1:] * np.arange(1, len(self.coeffs)))


wg.register(Poly, zero=lambda p: Poly(np.zeros_like(p.coeffs)),
            add=lambda p, q: Poly(p.coeffs + q.coeffs), one=lambda p: Poly(np.ones_like(p.coeffs)),
            scale=lambda p, c: Poly(p.coeffs * c))

# p(x) and its gradient with respect to the polynomial (a Poly) and to x.
poly_at = wg.op2(lambda p, x: (p(x), lambda d: (Poly(d * x ** np.arange(len(p.coeffs))),
                                                d * p.derivative()(x))))
COEFFS = wg.Lens(lambda p: p.coeffs, lambda p, c: Poly(c), name="coeffs")


def test_user_type_gradient_is_of_its_type():
    g_p, g_x = wg.grad_bp(poly_at, Poly([1.0, 2.0, 3.0]), 2.0)
    assert type(g_p) is Poly
    np.testing.assert_array_equal(g_p.coeffs, [1.0, 2.0, 4.0])
    assert g_x == 2.0 + 2 * 3.0 * 2.0
    # An unused Poly gets the registered zero.
    g = wg.grad_bp(lambda p, x: x * 2.0, Poly([1.0, 1.0]), 1.0)
    assert type(g[0]) is Poly and not g[0].coeffs.any()


def test_user_type_through_iso_var_and_a_user_lens():
    def f(c, x):
        p = wg.iso_var(Poly, lambda q: q.coeffs, c)  # a Var of a Poly
        scaled = wg.over(p, COEFFS, lambda cs: cs * x)  # the coefficients, through a user lens
        return poly_at(scaled, x) + np.sum(wg.view(p, COEFFS) ** 2)
    check_grads(f, np.array([0.5, -1.0, 2.0]), 0.7)
    assert wg.eval_bp(f, np.array([1.0, 1.0]), 2.0) == pytest.approx((2.0 + 2.0 * 2.0) + 2.0, rel=1e-15, abs=0.0)


def test_user_type_argument_through_a_user_lens():
    g = wg.grad_bp(lambda p: np.sum(wg.view(p, COEFFS) * np.array([1.0, 10.0])), Poly([3.0, 4.0]))
    assert type(g) is Poly
    np.testing.assert_array_equal(g.coeffs, [1.0, 10.0])


# -- Optional fields through preview -------------------------------------------------------

@dataclass
class Dense:
    w: np.ndarray
    bias: Optional[np.ndarray] = None


def dense(layer, x):
    b = wg.preview(layer, "bias")
    y = layer.w @ x
    return np.sum(np.tanh(y if b is None else y + b))


def test_optional_field_through_preview():
    w = rng.normal(size=(2, 3))
    check_grads(dense, Dense(w, rng.normal(size=2)), X)
    check_grads(dense, Dense(w), X)
    g = wg.grad_bp(dense, Dense(w), X)[0]
    assert type(g) is Dense and g.bias is None and g.w.shape == (2, 3)


def test_preview_of_a_none_field_gives_none_on_vars_and_values():
    seen = []
    wg.grad_bp(lambda layer: seen.append(wg.preview(layer, "bias")) or np.sum(layer.w), Dense(np.ones(2)))
    assert seen == [None]
    assert wg.preview(Dense(np.ones(2)), wg.at.bias) is None


# -- set_var and friends ---------------------------------------------------------------------

def test_set_var_then_read_gives_both_parts_their_gradients():
    net = make_net()
    new_b1 = rng.normal(size=4)

    def f(n, b):
        m = wg.set_var(n, "b1", b * 2.0)
        return np.sum(run_net(m, X))
    check_grads(f, net, new_b1)
    g_net, g_b = wg.grad_bp(f, net, new_b1)
    assert not g_net.b1.any()  # the replaced part gets nothing from the result
    g_ref = wg.grad_bp(lambda n: np.sum(run_net(n, X)), Net(net.w1, new_b1 * 2.0, net.w2, net.b2))
    np.testing.assert_allclose(g_b, 2.0 * g_ref.b1, rtol=1e-12)
    np.testing.assert_allclose(g_net.w1, g_ref.w1, rtol=1e-12)


def test_fields_and_build_round_trip():
    net = make_net()

    def f(n):
        w1, b1, w2, b2, scale, name = wg.fields(n)
        assert name == "net"  # a string field is a constant, not a Var
        m = wg.build(Net, w1, b1 * scale, w2=w2, b2=b2)
        return np.sum(run_net(m, X)) * scale
    check_grads(f, net)
    assert wg.eval_bp(f, net) == pytest.approx(np.sum(run_net(net, X)), rel=1e-15, abs=0.0)


def test_gradient_of_a_net_is_a_net_under_every_access_style():
    net = make_net()
    by_attribute = wg.grad_bp(lambda n: np.sum(run_net(n, X)), net)
    by_lens = wg.grad_bp(lambda n: np.sum(np.tanh(wg.view(n, wg.at.w2) @ wg.logistic(
        wg.view(n, "w1") @ X + wg.view(n, "b1")) + wg.view(n, wg.at.b2))), net)
    by_fields = wg.grad_bp(lambda n: np.sum(run_net(Net(*wg.fields(n)), X)), net)
    for g in (by_lens, by_fields):
        assert type(g) is Net
        for name in ("w1", "b1", "w2", "b2"):
            np.testing.assert_allclose(getattr(g, name), getattr(by_attribute, name), rtol=1e-12)


# -- reading one field of a wide record is O(1) --------------------------------------------

class Counted:
    """A float-like gradient that counts how often the protocol touches it."""
    zeros = adds = 0

    def __init__(self, v):
        self.v = v


def _count_zero(c):
    Counted.zeros += 1
    return Counted(0.0)


def _count_add(a, b):
    Counted.adds += 1
    return Counted(a.v + b.v)


wg.register(Counted, zero=_count_zero, add=_count_add, one=lambda c: Counted(1.0))
read_counted = wg.op1(lambda c: (c.v, lambda d: Counted(d)))


def test_reading_one_field_of_a_wide_record_touches_only_that_field():
    Wide = make_dataclass("Wide", [(f"f{i}", Counted) for i in range(100)])
    wide = Wide(*(Counted(float(i)) for i in range(100)))
    Counted.zeros = Counted.adds = 0

    def f(r):
        total = 0.0
        for _ in range(50):
            total = total + read_counted(r.f7)
        return total
    g = wg.grad_bp(f, wide)
    assert g.f7.v == 50.0
    # 49 additions for the 50 reads (never one per field per read), and one zero per
    # untouched field, built once at the end.
    assert Counted.adds == 49
    assert Counted.zeros == 99


def test_second_derivatives_through_views_and_set_var():
    P = namedtuple("P", "a b")

    def f(p):  # a**3 through a set and a view
        return wg.view(wg.set_var(p, "b", p.a * p.a), "b") * p.a
    assert wg.grad(f)(P(2.0, 5.0)) == P(12.0, 0.0)
    assert wg.grad(lambda p: wg.grad(f)(p).a)(P(2.0, 5.0)) == P(12.0, 0.0)


def test_field_names_of_a_wide_record_behave_as_a_tuple():
    # Wide records get a tuple with O(1) membership (checked on every field read).
    Wide = make_dataclass("Wide30", [(f"f{i}", float) for i in range(30)])
    names = wg.protocol.record_fields(Wide)
    assert names == tuple(f"f{i}" for i in range(30)) and isinstance(names, tuple)
    assert "f29" in names and "g" not in names and names.index("f17") == 17
    wide = Wide(*map(float, range(30)))
    assert wg.grad_bp(lambda r: r.f29 * r.f3, wide) == Wide(*[3.0 if i == 29 else 29.0 if i == 3 else 0.0
                                                               for i in range(30)])


def test_constant_fields_are_read_as_plain_values():
    # Integers, booleans, strings, None and integer arrays in a record carry no gradient:
    # reading them records nothing and gives the plain value; the gradient has their zero
    # (0, False, zeros) or keeps them (strings, None).
    @dataclass
    class Tagged:
        w: np.ndarray
        count: int
        flag: bool
        name: str
        extra: object
        labels: np.ndarray

    seen = {}

    def f(r):
        for field in ("count", "flag", "name", "extra", "labels"):
            seen[field] = getattr(r, field)
        return np.sum(r.w * r.count)
    rec = Tagged(np.array([1.0, 2.0]), 3, True, "n", None, np.array([1, 2]))
    g = wg.grad_bp(f, rec)
    assert not any(isinstance(v, wg.Var) for v in seen.values())
    assert seen["count"] == 3 and seen["name"] == "n" and seen["extra"] is None
    np.testing.assert_array_equal(g.w, [3.0, 3.0])
    assert (g.count, g.flag, g.name, g.extra) == (0, False, "n", None)
    np.testing.assert_array_equal(g.labels, [0, 0])  # an integer array's gradient is its zero


@pytest.mark.parametrize("value, plain", [
    (np.array(["a", "b"]), True), (np.array([b"a"]), True), (np.array([1.5, "x"], dtype=object), True),
    (np.array(["2026-01-01"], dtype="datetime64[D]"), True), (np.array([1, 2], dtype=np.uint8), True),
    (np.array([True]), True), (np.array([1.0, 2.0]), False), (np.array([1j]), False),
    (np.float32(2.0), False), (None, True), ("s", True), (3, True), (1.5, False),
], ids=lambda v: getattr(getattr(v, "dtype", None), "str", type(v).__name__))
def test_a_value_carries_a_gradient_alike_as_a_result_and_as_a_part(value, plain):
    # One predicate decides both: a primitive's result that carries no gradient comes back
    # plain (no node), and a record's part that carries none is read as a constant. They
    # used to disagree on string and object arrays (a string result recorded a node).
    from wengert._backend import carries_no_gradient

    @dataclass
    class Holder:
        w: float
        part: object

    make = wg.primitive(lambda w: value)
    wg.defvjp(make, lambda ans, w: lambda g: 0.0)
    seen = {}

    def f(h):
        seen["result"], seen["part"] = make(h.w), h.part
        return h.w * 2.0
    assert wg.grad_bp(f, Holder(1.0, value)).w == 2.0
    assert carries_no_gradient(value) is plain
    assert isinstance(seen["result"], wg.Var) is not plain
    assert isinstance(seen["part"], wg.Var) is not plain


# -- the parts of an argument are leaves of their own -----------------------------------

def test_a_part_of_an_argument_is_one_leaf_however_often_it_is_read():
    # net.w1 read three times is one leaf (no view node for the sweep to run), and the
    # three uses add up on it.
    seen = {}

    def f(n):
        first = n.w1
        assert n.w1 is first
        total = np.sum(first) + np.sum(n.w1 * 2.0) + np.sum(n.w1 ** 2)
        seen["nodes_after_reads"] = len(n.tape)
        return total
    net = make_net()
    g = wg.grad_bp(f, net)
    np.testing.assert_allclose(g.w1, 3.0 + 2.0 * net.w1, rtol=1e-15)
    assert not g.b1.any()
    # the argument, w1 (once), and the ops: mul, power, three sums, two adds
    assert seen["nodes_after_reads"] == 2 + 7


def test_items_of_dict_list_and_tuple_arguments_are_leaves_too():
    def f(d, xs, t):
        a, b = t  # iteration reads items
        return d["w"] * xs[0] * a + d["w"] * xs[0] * b + xs[1]
    d, xs, t = {"w": 2.0, "tag": "x"}, [3.0, 4.0], (5.0, 7.0)
    assert wg.grad_bp(f, d, xs, t) == ({"w": 36.0, "tag": "x"}, [24.0, 1.0], (6.0, 6.0))
    check_grads(f, d, xs, t)


def test_an_argument_used_whole_and_through_its_fields_gets_both_gradients():
    # n.w1 is a part leaf; set_var uses n whole (a dense or partial cotangent on its own
    # leaf); m.b1 is a view of an intermediate record. All three meet in one gradient.
    def f(n):
        m = wg.set_var(n, "b1", n.w1[:, 0] * 2.0)
        return np.sum(m.b1 * m.w1[:, 1]) + np.sum(n.w1 ** 2) + np.sum(np.tanh(m.b2))
    net = make_net()
    check_grads(f, net)
    g = wg.grad_bp(f, net)
    assert not g.b1.any()  # replaced by set_var before any read
    expected_w1 = 2.0 * net.w1
    expected_w1[:, 0] += 2.0 * net.w1[:, 1]
    expected_w1[:, 1] += 2.0 * net.w1[:, 0]
    np.testing.assert_allclose(g.w1, expected_w1, rtol=1e-15)


def test_part_leaves_of_nested_records_and_lists():
    Layer = namedtuple("Layer", "w b")
    layers = [Layer(rng.normal(size=(3, 3)), rng.normal(size=3)) for _ in range(2)]

    def f(ls):
        h = X
        for layer in ls:
            h = np.tanh(layer.w @ h + layer.b)
        return np.sum(h * h) + np.sum(ls[0].b)
    check_grads(f, layers)
    g = wg.grad_bp(f, layers)
    assert type(g) is list and type(g[1]) is Layer and g[1].w.shape == (3, 3)


def test_a_part_read_after_the_runner_returned_raises():
    kept = []
    net = make_net()
    wg.grad_bp(lambda n: kept.append(n) or np.sum(n.b1), net)
    with pytest.raises(wg.EscapedVarError, match="escaped its runner"):
        kept[0].b1  # read during the run: the cached part leaf is not handed out either
    with pytest.raises(wg.EscapedVarError, match="escaped its runner"):
        kept[0].w1


def test_second_derivatives_through_part_leaves():
    P = namedtuple("P", "a b")
    f = lambda p: p.a ** 3 * p.b + p.b * p.b  # noqa: E731
    hess = wg.hessian(f)(P(2.0, 5.0))
    assert hess == P(P(6.0 * 2.0 * 5.0, 3.0 * 4.0), P(3.0 * 4.0, 2.0))
