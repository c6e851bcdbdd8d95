"""A plain call of a ``wg.jit`` function hands ``f`` its arguments' own container types, and
``isinstance`` on a Var answers for its value there.

The recording used to give ``f`` a Var of a list, tuple, dict or record argument, so a
function branching on ``isinstance(a, list)`` took the other branch there and computed
something else than ``f`` with no error (review48: 2.6601 where ``f`` gives 4.8415). The
truths are ``f`` itself, called plainly, and the closed forms written with ``math``.
The runners still hand ``f`` a Var of the container (backprop's BVar; README, 'Records,
lenses and your own types'): pinned here, so that the README's statement stays exact.
``wg.checkpoint``'s second run of ``f`` (its backward pass) gets the containers its forward
pass gave ``f``, so that the value and the gradient come from the same branch.
"""
import math
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import pytest

import wengert as wg


def val(a):
    """review48's reproducer: a list is summed item by item, an int doubled."""
    if isinstance(a, list):
        return sum(val(x) for x in a)
    if isinstance(a, int):
        return 2.0 * a
    return np.sum(np.sin(a) * a)


def test_a_plain_call_branching_on_a_list_computes_what_f_does():
    jf = wg.jit(val)
    assert jf([1.0, 2]) == val([1.0, 2]) == math.sin(1.0) + 4.0      # recorded (was 2.6601)
    assert jf([1.5, 2]) == val([1.5, 2]) == math.sin(1.5) * 1.5 + 4.0  # replayed
    assert jf([1.5, 3]) == val([1.5, 3]) == math.sin(1.5) * 1.5 + 6.0  # another int: recorded
    assert jf.stats["replays"] == 1 and jf.stats["records"] == 2


def test_gradients_of_the_jitted_function_are_the_runners():
    """grad of jit and jit of grad give what the runner gives (f sees a Var of the list
    there), recorded and replayed."""
    for x in ([1.0, 2.0], [0.5, -1.0], [0.5, -1.0]):
        want = wg.value_and_grad(val)(x)
        assert wg.value_and_grad(wg.jit(val))(x) == want
        assert wg.jit(wg.value_and_grad(val))(x) == want
    jg = wg.jit(wg.grad(val))
    assert jg([0.5, -1.0]) == jg([0.5, -1.0]) == wg.grad(val)([0.5, -1.0])


def test_the_runners_hand_f_a_var_of_the_container():
    """The README's statement: the runners give f a Var of a list argument; eval_bp and a
    plain call of a jitted function give it the list."""
    seen = []

    def f(a):
        seen.append(type(a))
        return a[0] * a[1]
    x = [2.0, 3.0]
    for run in (lambda: wg.grad(f)(x), lambda: wg.value_and_grad(f)(x), lambda: wg.vjp(f, x),
                lambda: wg.backprop(f, x), lambda: wg.grad_bp(f, x), lambda: wg.grad(wg.jit(f))(x)):
        seen.clear()
        run()
        assert seen == [wg.Var]
    for run in (lambda: wg.eval_bp(f, x), lambda: wg.jit(f)(x)):
        seen.clear()
        assert run() == 6.0 and seen == [list]


@dataclass
class Pair:
    x: object
    y: object

    def total(self):  # a method: a Var of the record had none
        return walk(self.x) + 3.0 * walk(self.y)


Point = namedtuple("Point", "u v")


class Poly:
    """A type of the user's, with the zero/add/one protocol (not walked by the tree)."""

    def __init__(self, coeffs):
        self.coeffs = coeffs


wg.register(Poly, zero=lambda p: Poly([0.0] * len(p.coeffs)),
            add=lambda p, q: Poly([a + b for a, b in zip(p.coeffs, q.coeffs)]),
            one=lambda p: Poly([1.0] * len(p.coeffs)))


def walk(a):
    """A number from ``a`` that depends on its container types at every depth, their
    lengths, iteration and indexing."""
    if isinstance(a, Pair):
        return a.total()
    if isinstance(a, Point):  # (before tuple: a named tuple is one)
        return 5.0 * walk(a.u) - walk(a[1])
    if isinstance(a, dict):
        return sum(7.0 * walk(a[k]) for k in sorted(a)) + len(a)
    if isinstance(a, tuple):
        return len(a) * sum(walk(x) for x in a)
    if isinstance(a, list):
        return sum((i + 1) * walk(x) for i, x in enumerate(a))
    if isinstance(a, Poly):
        return 11.0 * sum(a.coeffs)
    if isinstance(a, int):
        return 13.0 * a
    if a is None:
        return 17.0
    return np.sum(np.sin(a))


def _cases(s):
    """Arguments of each kind, their floats scaled by ``s`` (the same signature for every s)."""
    return {
        "list": [1.0 * s, 2.0 * s, 3.0 * s],
        "tuple": (1.0 * s, np.array([2.0, -1.0]) * s),
        "dict": {"b": 2.0 * s, "a": np.array([0.5, 0.25]) * s},
        "dataclass": Pair(1.0 * s, np.array([2.0, 4.0]) * s),
        "namedtuple": Point(1.0 * s, 2.0 * s),
        "nested": {"p": Pair([1.0 * s, (2.0 * s, 3)], Point(None, 4.0 * s)), "q": [{"r": (5.0 * s,)}]},
        "user type": [Poly([1.0, 2.0]), 0.5 * s],
        "empty and ints": ([], [1, 2], 0.5 * s),
    }


@pytest.mark.parametrize("kind", list(_cases(1.0)))
def test_every_container_type_reaches_f_as_itself(kind):
    jf = wg.jit(walk)
    poly = None
    for s in (1.0, 0.5, -2.0):
        arg = _cases(s)[kind]
        if kind == "user type":  # (the same object: a new one is a new signature)
            poly = arg[0] = poly or arg[0]
        want = walk(arg)
        assert jf(arg) == want
    assert (jf.stats["records"], jf.stats["replays"]) == (1, 2)


@dataclass
class Scaled:
    w: np.ndarray

    def __post_init__(self):
        self.total = float(np.sum(self.w))  # not a field: not kept by a rebuilt record


def test_an_attribute_outside_the_fields_is_never_a_stale_constant():
    f = lambda s: s.total * s.w  # noqa: E731
    jf = wg.jit(f)
    for w in ([1.0, 2.0], [3.0, 4.0]):
        arg = Scaled(np.array(w))
        assert np.array_equal(jf(arg), f(arg))


def _pick(a):
    return 3.0 * a[0] if isinstance(a, list) else 5.0 * a[0]


@pytest.mark.parametrize("kind, arg, want", [
    ("list", [1.0, 2.0, 3.0], [math.cos(1.0), 2 * math.cos(2.0), 3 * math.cos(3.0)]),
    ("dict", {"b": 2.0, "a": np.array([0.5, 0.25])},
     {"b": 7 * math.cos(2.0), "a": 7 * np.cos(np.array([0.5, 0.25]))}),
    ("dataclass", Pair(1.0, np.array([2.0, 4.0])), Pair(math.cos(1.0), 3 * np.cos(np.array([2.0, 4.0])))),
    ("namedtuple", Point(1.0, 2.0), Point(5 * math.cos(1.0), -math.cos(2.0))),
])
def test_checkpoint_runs_f_again_on_the_containers_its_forward_pass_gave(kind, arg, want):
    value, g = wg.value_and_grad(wg.checkpoint(walk))(arg)
    assert value == walk(arg) and type(g) is type(arg)
    got, truth = wg.tree.paths(g), wg.tree.paths(want)
    assert [p for p, _ in got] == [p for p, _ in truth]
    for (_, a), (_, b) in zip(got, truth):
        np.testing.assert_allclose(a, b, rtol=1e-15)


def test_checkpoint_value_and_gradient_come_from_one_branch():
    """checkpoint(f)'s forward pass runs f on the plain values, and its backward pass ran f
    again on a Var of each container: the value was one branch's, the gradient another's."""
    assert wg.value_and_grad(wg.checkpoint(_pick))([2.0, 3.0]) == (6.0, [3.0, 0.0])  # was [5.0, 0.0]


def test_a_function_branching_on_a_float_leafs_type():
    """The function's own code sees its Vars' value types in a plain call's recording:
    isinstance(a, float) was False there (wg.jit(f)(3.0) 3.0, f(3.0) 6.0)."""
    f = lambda a: 2.0 * a if isinstance(a, float) else np.sum(a)  # noqa: E731
    g = lambda a: 2.0 * a if isinstance(a, np.ndarray) else np.sum(a)  # noqa: E731
    h = lambda a: np.sum(a) if isinstance(np.sin(a), np.floating) else 3.0 * a  # noqa: E731
    jf, jg, jh = wg.jit(f), wg.jit(g), wg.jit(h)
    for x in (3.0, -0.5):
        assert jf(x) == f(x) == 2.0 * x and jh(x) == h(x) == x
        y = np.array([x, 1.0], dtype=np.float32)
        out = jg(y)
        assert np.array_equal(out, g(y)) and out.dtype == np.float32
    assert [j.stats["replays"] for j in (jf, jg, jh)] == [1, 1, 1]
    # under a runner (and so in grad of jit) the function sees a Var, as the README says
    assert wg.grad(f)(3.0) == wg.grad(wg.jit(f))(3.0) == 1.0


def test_checkpoint_of_a_function_branching_on_a_float_leafs_type():
    """checkpoint's first run gave f the float, its second a Var of it: the value was one
    branch's (2 a: 6.0), the gradient the other's (sum: 1.0). Both runs now give f what a
    runner gives it, so checkpoint(f) is f under the runner, to second order."""
    f = lambda a: 2.0 * a if isinstance(a, float) else np.sum(a)  # noqa: E731
    assert wg.value_and_grad(wg.checkpoint(f))(3.0) == wg.value_and_grad(f)(3.0) == (3.0, 1.0)
    g = lambda a: a ** 3 if isinstance(a, float) else np.sum(a * a)  # noqa: E731
    assert wg.hessian(wg.checkpoint(g))(3.0) == wg.hessian(g)(3.0) == 2.0


def test_an_abc_or_singledispatch_in_f_answers_for_the_value_as_isinstance_float_does():
    """review49: an ABC's isinstance (numbers.Real) and functools.singledispatch read
    ``x.__class__`` in Python's own abc / functools frames, which saw the Var: in the same
    recording isinstance(a, float) was True and isinstance(a, numbers.Real) False, so
    wg.jit(f)(3.0) was 9.0 where f(3.0) is 6.0. Now their caller's module decides."""
    import functools
    import numbers

    f = lambda a: 2.0 * a if isinstance(a, numbers.Real) else 3.0 * np.sum(a)  # noqa: E731

    @functools.singledispatch
    def scale(a):
        return 3.0 * a

    @scale.register
    def _(a: float):
        return 2.0 * a

    g = lambda a: scale(a) + 0.0  # noqa: E731
    jf, jg = wg.jit(f), wg.jit(g)
    for x in (3.0, -0.5):
        assert jf(x) == f(x) == 2.0 * x and jg(x) == g(x) == 2.0 * x
    assert [j.stats["replays"] for j in (jf, jg)] == [1, 1]
    # library code still sees a Var (np.isscalar's numbers.Number test), as without jit
    assert wg.jit(lambda a: 2.0 * a if np.isscalar(a) else 3.0 * a)(3.0) == 9.0
