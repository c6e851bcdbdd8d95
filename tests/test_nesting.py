"""Structures inside structures, and transforms inside transforms (issue 11, "Structure and
nesting holes"): each test was a crash or a wrong answer before its fix.
"""
import functools
import re
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import pytest

import wengert as wg
from wengert.testing import check_grads

Pair = namedtuple("Pair", "a b")


@dataclass
class Rec:
    a: float
    b: np.ndarray


# -- forward mode through structured tangents and outputs --------------------------------

def test_grad_through_jvp_with_respect_to_a_structured_tangent():
    # The tangent is a Var of the outer tape holding a tuple: it is opened into its parts.
    f = wg.grad(lambda v: wg.jvp(lambda t: t[0] * t[1], ((0.4, 0.5),), (v,))[1])
    assert f((1.0, 2.0)) == (0.5, 0.4)
    g = wg.grad(lambda v: wg.jvp(lambda t: t["a"] * t["b"], ({"a": 0.4, "b": 0.5},), (v,))[1])
    assert g({"a": 1.0, "b": 2.0}) == {"a": 0.5, "b": 0.4}


@pytest.mark.parametrize("make", [
    lambda d, x: wg.set_var(d, wg.at["a"], x * d["b"]),           # a dict Var from set_var
    lambda d, x: [d["a"] * x, np.sin(d["b"])],                     # a list
    lambda d, x: (d["a"] * x, {"s": d["b"] ** 2}),                 # a tuple holding a dict
], ids=["set_var-dict", "list", "tuple-of-dict"])
def test_forward_checks_with_structured_outputs(make):
    check_grads(make, {"a": 1.5, "b": 2.0}, 3.0, order=2, modes=("rev", "fwd"))


def test_jvp_and_linearize_of_a_record_made_by_set_var():
    def f(d, x):
        return wg.set_var(d, wg.at["a"], x * d["b"])
    primals, tangents = ({"a": 1.0, "b": 2.0}, 3.0), ({"a": 1.0, "b": 1.0}, 1.0)
    assert wg.jvp(f, primals, tangents) == ({"a": 6.0, "b": 2.0}, {"a": 5.0, "b": 1.0})
    assert wg.linearize(f, *primals)[1](*tangents) == {"a": 5.0, "b": 1.0}
    rec = Rec(1.0, np.array([2.0, 3.0]))
    _, t = wg.jvp(lambda r: wg.set_var(r, wg.at.a, r.a * 2.0), (rec,), (Rec(1.0, np.ones(2)),))
    assert type(t) is Rec and t.a == 2.0
    np.testing.assert_array_equal(t.b, [1.0, 1.0])
    check_grads(lambda p: wg.set_var(p, wg.at.b, p.a * p.b), Pair(1.5, np.array([0.5, 2.0])),
                order=2, modes=("rev", "fwd"))


def test_a_tangent_of_the_wrong_structure_is_refused():
    with pytest.raises(ValueError, match="structure"):
        wg.jvp(lambda t: t[0] * t[1], ((0.4, 0.5),), ((1.0, 2.0, 3.0),))


# -- joining a tuple argument, differentiated twice ---------------------------------------

@pytest.mark.parametrize("join", [np.concatenate, np.stack, np.hstack, np.vstack])
@pytest.mark.parametrize("kind", [tuple, list])
def test_joining_a_sequence_argument_twice(join, kind):
    arg = kind([np.array([1.0, 2.0]), np.array([0.5, 3.0])])
    check_grads(lambda t: np.sum(join(t) ** 3), arg, order=2, modes=("rev", "fwd"))
    h = wg.hessian(lambda t: np.sum(join(t) ** 3))(arg)
    assert type(h) is kind and type(h[0]) is kind
    np.testing.assert_allclose(h[0][0], np.diag(6.0 * arg[0]), rtol=1e-15)
    np.testing.assert_allclose(h[0][1], np.zeros((2, 2)), rtol=1e-15)
    g = wg.grad(lambda t: wg.grad(lambda s: np.sum(join(s) ** 3))(t)[0][0])(arg)
    assert type(g) is kind
    np.testing.assert_allclose(g[0], [6.0, 0.0], rtol=1e-15)


def test_concatenate_of_tuples_of_different_lengths_twice():
    arg = (np.ones(2), np.ones(3))
    g = wg.grad(lambda t: wg.grad(lambda s: np.sum(np.concatenate(s) ** 3))(t)[0][0])(arg)
    assert type(g) is tuple
    np.testing.assert_allclose(g[0], [6.0, 0.0], rtol=1e-15)
    np.testing.assert_allclose(g[1], np.zeros(3), rtol=1e-15)


# -- a Var holding a dict behaves as a dict ------------------------------------------------

D0 = {"a": 1.0, "b": np.array([2.0, 3.0]), "n": 3}


def test_iterating_a_dict_var_gives_its_keys():
    seen = []

    def f(d):
        seen.append(list(d))
        return sum(np.sum(d[k]) for k in d if k != "n")
    g = wg.grad_bp(f, D0)
    assert seen == [["a", "b", "n"]]
    assert g["a"] == 1.0
    np.testing.assert_array_equal(g["b"], [1.0, 1.0])


def test_dict_methods_on_a_dict_var_are_recorded_part_reads():
    def f(d):
        assert list(d.keys()) == ["a", "b", "n"] and len(d) == 3
        assert "a" in d and "z" not in d
        assert d.get("z") is None and d.get("z", 5.0) == 5.0 and d.get("n") == 3
        total = d.get("a") * 2.0
        for k, v in d.items():
            if k != "n":
                total = total + np.sum(v * v)
        return total + sum(np.sum(v) for v in d.values())
    g = wg.grad_bp(f, D0)
    assert g["a"] == 2.0 + 2.0 + 1.0
    np.testing.assert_array_equal(g["b"], [5.0, 7.0])
    check_grads(lambda d: sum(np.sum(v ** 3) for v in d.values()), {"a": 1.0, "b": np.array([2.0, 0.5])},
                order=2, modes=("rev", "fwd"))


def test_dict_views_of_a_dict_made_inside_the_function_and_under_nesting():
    def f(x):
        d = wg.set_var({"p": 1.0, "q": 2.0}, wg.at["p"], x * x)
        return sum(v for v in d.values()) * sum(d[k] for k in d)
    assert wg.grad(f)(3.0) == pytest.approx(2 * (9.0 + 2.0) * 6.0, rel=1e-15, abs=0.0)
    inner = wg.grad(lambda e: sum(v ** 3 for _, v in e.items()))
    assert wg.grad(lambda d: inner(d)["a"])({"a": 1.0, "b": 2.0}) == {"a": 6.0, "b": 0.0}


# -- a list argument used both as an array and through its items --------------------------

def test_list_argument_used_whole_and_by_items():
    assert wg.grad_bp(lambda xs: np.sum(xs) + xs[0] * xs[1], [1.0, 2.0]) == [3.0, 2.0]
    assert wg.grad_bp(lambda xs: xs[0] * 3.0 + np.mean(xs), (1.0, 2.0)) == (3.5, 0.5)
    g = wg.grad_bp(lambda xs: np.sum(np.stack(xs) ** 2) + np.sum(xs[1]), [np.ones(2), np.ones(2)])
    assert type(g) is list
    np.testing.assert_array_equal(g[1], [3.0, 3.0])
    h = wg.hessian(lambda xs: np.sum(xs) ** 2 + xs[0] * xs[1])([1.0, 2.0])
    np.testing.assert_array_equal(np.array(h, dtype=float), [[2.0, 3.0], [3.0, 2.0]])


@pytest.mark.parametrize("f, arg", [
    (lambda xs: np.sum(xs) ** 2 + xs[0] * xs[1] ** 2, [1.0, 2.0]),
    (lambda xs: np.mean(xs) * xs[1] ** 2, (1.0, 2.0)),
    (lambda xs: np.sum(np.sin(xs)) * np.sum(xs[1] ** 2), [np.ones(2), np.array([0.5, 2.0])]),
    (lambda d: np.sum(d["x"]) ** 2 + d["x"][0] * d["x"][1], {"x": [1.0, 2.0]}),
])
def test_list_argument_used_whole_and_by_items_at_higher_order(f, arg):
    check_grads(f, arg, order=3, modes=("rev", "fwd"))


# -- NumPy functions of lists holding Vars ----------------------------------------------------

import wengert.numpy as wnp  # noqa: E402


@pytest.mark.parametrize("call, expected", [
    (lambda x: wnp.mean([x, x + 2.0]), 1.0),
    (lambda x: wnp.std([x, 2.0 * x]), 0.5),
    (lambda x: wnp.var((x, 2.0 * x)), 0.5),
    (lambda x: wnp.linalg.norm([x, 2.0 * x]), np.sqrt(5.0)),
    (lambda x: wnp.sum(wnp.exp([x, [x, 1.0]][1])), np.e),           # a ufunc, nested lists
    (lambda x: wnp.sum(wnp.where([True, False], [x, x], [3.0 * x, 5.0])), 1.0),
    (lambda x: wnp.dot([x, 1.0], [2.0, x]), 3.0),
    (lambda x: wnp.sum(wnp.concatenate([[x, 2.0], np.ones(1)]) * x), 5.0),  # items of a sequence
    (lambda x: wnp.linalg.multi_dot([[x, 1.0], np.eye(2), [2.0, x]]), 3.0),
])
def test_wengert_numpy_functions_take_lists_holding_vars(call, expected):
    assert wg.grad_bp(call, 1.0) == pytest.approx(expected, rel=1e-15, abs=0.0)


def test_wengert_numpy_list_arguments_at_second_order():
    check_grads(lambda x, y: wnp.std([x, y * x, np.sin(y)]), 0.7, 1.3, order=2, modes=("rev", "fwd"))
    check_grads(lambda v: wnp.linalg.norm([v[0], v[1] ** 2]), np.array([0.3, -0.8]), order=2,
                modes=("rev", "fwd"))


def test_wengert_numpy_functions_are_numpys_otherwise():
    x = np.array([1.0, 2.0, 4.0])
    assert wnp.exp.plain is np.exp and wnp.linalg.norm.plain is np.linalg.norm
    assert wnp.mean(x) == np.mean(x) and type(wnp.mean([1.0, 2.0])) is np.float64
    assert wnp.add.reduce(x) == 7.0 and wnp.exp.nin == 1 and wnp.mean.__name__ == "mean"
    assert wnp.concatenate.plain is np.concatenate and wnp.array(np.ones(2)).shape == (2,)
    for name in wnp.supported():  # every listed function is reached through its wrapper
        fn = functools.reduce(getattr, name.split("."), wnp)
        assert getattr(fn, "plain", fn) is not None


def test_numpy_calls_on_lists_holding_vars_name_the_wengert_numpy_function():
    for call, name in [(lambda x: np.mean([x, x + 2]), "wengert.numpy.mean"),
                       (lambda x: np.std((x, x)), "wengert.numpy.std"),
                       (lambda x: np.var([x, 1.0]), "wengert.numpy.var"),
                       (lambda x: np.linalg.norm([x, x]), "wengert.numpy.linalg.norm")]:
        with pytest.raises(TypeError, match=f"{name.replace('wengert.numpy.', 'numpy.')} cannot record.*{name} "):
            wg.grad_bp(call, 1.0)
    with pytest.raises(TypeError, match=r"wengert.numpy.s functions on lists holding Vars \(wnp.exp"):
        wg.grad_bp(lambda x: np.exp([x, x]), 1.0)  # a ufunc: no NumPy frame to name


def test_storing_a_var_into_a_plain_array_gets_wengerts_message():
    def scalar(x):
        a = np.zeros(3)
        a[0] = x
        return x

    def block(x):
        a = np.zeros(3)
        a[:2] = x
        return np.sum(x)

    def item(x):
        a = np.zeros(3)
        a[1] = x[0]
        return np.sum(x)
    # The a[i] = x wording comes from reading the caller's bytecode: STORE_SUBSCR, and
    # STORE_SLICE for a[:2] = x from CPython 3.12 on (CI's Python 3.13 run found it).
    refused = r"cannot be stored into a plain NumPy array \(a\[i\] = x\)"
    for f, arg in [(scalar, 1.0), (block, np.ones(2)), (item, np.ones(2))]:
        with pytest.raises((TypeError, ValueError)) as info:
            wg.grad_bp(f, arg)
        error = info.value
        if wg.IMPLEMENTATION == "python" and isinstance(error, ValueError):
            # The pure-Python core's Var is a sequence to CPython (a Python class with
            # __getitem__ fills the sequence item slot, which the compiled Var clears), so
            # NumPy puts its own ValueError in front of wengert's TypeError, kept as the cause.
            assert "setting an array element with a sequence" in str(error)
            error = error.__cause__
        assert isinstance(error, TypeError) and re.search(refused, str(error)), repr(error)
    with pytest.raises(TypeError, match=r"float\(\) of a Var"):
        wg.grad_bp(lambda x: float(x), 1.0)


def test_reversed_vars():
    assert wg.grad_bp(lambda xs: list(reversed(xs))[0] * 3.0, [1.0, 2.0]) == [0.0, 3.0]
    assert wg.grad_bp(lambda d: d[next(reversed(d))], {"a": 1.0, "b": 2.0}) == {"a": 0.0, "b": 1.0}
    g = wg.grad_bp(lambda v: list(reversed(v))[0] * 2.0, np.array([1.0, 2.0]))
    np.testing.assert_array_equal(g, [0.0, 2.0])


# -- outputs of size 1, boolean and complex outputs ---------------------------------------------

@pytest.mark.parametrize("shape", [(1,), (1, 1), (1, 1, 1)])
def test_grad_of_an_output_of_size_1_seeds_ones_of_its_shape(shape):
    x = np.full(shape, 3.0)
    np.testing.assert_array_equal(wg.grad(lambda v: v * v)(x), np.full(shape, 6.0))
    value, g = wg.value_and_grad(lambda v: np.sum(v, keepdims=True) * 2.0)(np.ones(3))
    assert value.shape == (1,)
    np.testing.assert_array_equal(g, [2.0, 2.0, 2.0])
    assert wg.grad(lambda v: v @ v[:, None])(np.array([1.0, 2.0])).tolist() == [2.0, 4.0]


def test_boolean_and_complex_outputs_are_refused_saying_why():
    for f, arg in [(lambda x: x > 0.0, 1.0), (lambda x: np.sum(x) > 0.0, np.ones(2)),
                   (lambda x: x > 0.0, np.ones(2))]:
        with pytest.raises(TypeError, match="the output is a bool"):
            wg.grad(f)(arg)
    for f, arg in [(lambda x: x * 1j, 1.0), (lambda x: np.sum(x * (1.0 + 2.0j)), np.ones(2))]:
        with pytest.raises(TypeError, match=r"the output is complex; gradients are defined for "
                                            r"real-valued outputs: take np.real/np.abs or give a seed"):
            wg.grad(f)(arg)
    # With a seed, a complex output is differentiated (a real input's gradient is real).
    assert wg.backprop(lambda x: x * (2.0 + 1.0j), 1.0, seed=1.0 + 0.0j) == (2.0 + 1.0j, 2.0)


# -- error messages -----------------------------------------------------------------------------

@pytest.mark.parametrize("bad, what", [(np, "the module numpy"), ("exp", r"the string 'exp' \(pass the function itself"),
                                       (3, "the int 3"), (None, "the NoneType None")])
def test_defvjp_and_primitive_refuse_what_is_not_a_function(bad, what):
    with pytest.raises(TypeError, match=f"wengert.defvjp needs a function.*got {what}"):
        wg.defvjp(bad, lambda ans, x: lambda g: g)
    with pytest.raises(TypeError, match=f"wengert.primitive needs a function.*got {what}"):
        wg.primitive(bad)


def test_defvjp_on_a_wengert_numpy_name_gives_the_rule_to_the_numpy_function():
    from wengert.primitive import lookup
    assert lookup(wnp.exp) is lookup(np.exp) is not None


def test_functions_of_numpy_submodules_are_named_in_full():
    # every numpy.linalg function is declared now: the names errors give, read directly
    from wengert.primitive import lookup, missing_rule, qualified_name
    assert qualified_name(np.linalg.matrix_rank) == "numpy.linalg.matrix_rank"
    assert qualified_name(np.linalg.cond) == "numpy.linalg.cond"
    assert str(missing_rule(lookup(np.linalg.matrix_power), 1)).startswith(
        "no gradient rule for numpy.linalg.matrix_power with respect to argument 1")


def test_named_tuple_argument_used_whole_and_by_fields():
    assert wg.grad_bp(lambda p: np.sum(p) + p.a * p.b, Pair(1.0, 2.0)) == Pair(3.0, 2.0)
    check_grads(lambda p: np.mean(np.stack(p) ** 2) + np.sum(p.a * p.b),
                Pair(np.ones(2), np.array([0.5, 2.0])))
    check_grads(lambda d: np.sum(d["p"]) ** 2 + d["p"].a * d["p"].b ** 2, {"p": Pair(1.0, 2.0)})
    # Beyond first order the fields' order is not known where the cotangents meet: refused.
    with pytest.raises(TypeError, match=r"named tuple used both as an array .* first order"):
        wg.hessian(lambda p: np.sum(p) ** 2 + p.a * p.b)(Pair(1.0, 2.0))
