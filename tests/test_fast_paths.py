"""The runners' fast paths give what the general paths give.

The common cases of every call (an operator on arrays and floats, the arrays of a
record's gradient looked at for shared memory) take shorter paths than the general
ones; these tests hold them to the general paths' answers, errors and messages,
aliasing included (the same array passed twice, a view of another argument, a record
holding one array twice).
"""
import importlib
import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from wengert import runners, structured, tree
from wengert._backend import Var, all_floats, part_leaves
from wengert.ops import elementwise
from wengert.primitive import Primitive, plain_function


# -- the look for forward mode's Duals in a primitive's call ------------------------------

def _scaled(x, y=2.0, *more, k=1.0):
    return (x * y + sum(more)) * k


_SCALED = wg.primitive(_scaled)
wg.defvjp(_SCALED, lambda ans, x, y=2.0, *more, k=1.0: lambda g: g * y * k,
          lambda ans, x, y=2.0, *more, k=1.0: lambda g: g * x * k)


def _outcome(fn, args, kwargs):
    try:
        return "value", fn(*args, **kwargs)
    except TypeError as e:
        return "error", str(e)


@pytest.mark.parametrize("args, kwargs", [
    ((), {}), ((3.0,), {}), ((3.0, 4.0), {}), ((np.ones(2), 0.5), {}), ((3.0, 4.0, 1.0), {}),
    ((3.0, 4.0), {"k": 2.0}), ((3.0,), {"y": 5.0}), ((np.float64(1.5), np.int64(2)), {}),
    ((3.0, 4.0), {"z": 1.0}), ((1.0, 2.0, 3.0, 4.0), {"k": 0.5}), ((True, None), {}),
])
def test_a_call_with_no_dual_is_the_plain_functions_call(args, kwargs):
    # the two-argument fast path, the general path and the plain function agree on every
    # arity, keyword and argument type, errors and their messages included
    (kind, got), (expected_kind, expected) = _outcome(_SCALED.fun, args, kwargs), _outcome(_scaled, args, kwargs)
    assert kind == expected_kind and type(got) is type(expected)
    if kind == "error":
        assert got == expected  # the message
    else:
        np.testing.assert_array_equal(got, expected)
    assert plain_function(_SCALED.fun) is _scaled


def test_a_dual_in_either_argument_reaches_forward_mode():
    x, t = np.array([1.0, 2.0]), np.array([1.0, -0.5])
    for f in (lambda v: _SCALED(v, 3.0), lambda v: _SCALED(3.0, v), lambda v: _SCALED(v, 3.0, 1.0),
              lambda v: _SCALED(v, 2.0 * v, k=2.0), lambda v: v @ np.array([[1.0], [2.0]]),
              lambda v: 0.9 * v + 0.05, lambda v: np.sum(v * v)):
        # the tangent by forward mode and by the transposed gradient (the vjp's cotangent)
        value, tangent = wg.jvp(f, (x,), (t,))
        np.testing.assert_array_equal(value, f(x))
        out = np.asarray(f(x))
        by_vjp = [wg.vjp(f, x)[1](np.eye(out.size)[i].reshape(out.shape))[0] @ t for i in range(out.size)]
        np.testing.assert_allclose(np.ravel(tangent), by_vjp, rtol=1e-15)
    # the operator primitives called on Duals (a Var's value under jvp of grad)
    h = wg.jvp(wg.grad(lambda v: np.sum((v * 0.9) @ np.ones((2, 2)) * v)), (x,), (t,))[1]
    np.testing.assert_allclose(h, 0.9 * 2 * np.ones((2, 2)) @ t, rtol=1e-15)


def _mine(x, y=2.0, *more, k=1.0):
    return (x * y + sum(more)) * k


_ANY = Primitive(_mine, name="test_fast_paths.any", reenters="any")
_FIRST = Primitive(_mine, name="test_fast_paths.first", reenters="first")
_CALLS = [((), {}), ((3.0,), {}), ((np.ones(2),), {}), ((np.ones(2),), {"k": 2.0}), ((3.0, 4.0), {}),
          ((np.float64(1.5),), {"y": 3.0}), ((None,), {}), ((1j,), {"bogus": 1}), ((True,), {}),
          ((np.ones(2), 4.0, 1.0), {})]


# (reenters="first" needs its first argument: its wrapper's own signature says so)
@pytest.mark.parametrize("prim, args, kwargs", [(p, a, k) for p in (_ANY, _FIRST) for a, k in _CALLS
                                                if a or p is _ANY])
def test_wengerts_own_functions_on_one_plain_argument_are_their_impl(prim, args, kwargs):
    # reenters="any" and "first": one argument of a plain type takes the fast path
    (kind, got), (expected_kind, expected) = _outcome(prim.fun, args, kwargs), _outcome(_mine, args, kwargs)
    assert kind == expected_kind and type(got) is type(expected)
    if kind == "error":
        assert got == expected
    else:
        np.testing.assert_array_equal(got, expected)


def test_wengerts_own_functions_still_record_on_an_outer_tape():
    # the fast path is for plain values only: a Var of an outer tape records a node there
    x = np.array([0.5, -1.0])
    for prim in (_ANY, _FIRST):
        wg.defvjp(prim, lambda ans, x, y=2.0, *more, k=1.0: lambda g: g * y * k) if not prim.vjps else None
        h = wg.grad(lambda v: np.sum(wg.grad(lambda w: np.sum(prim(w) * w))(v) * v))(x)
        np.testing.assert_array_equal(h, 8.0 * x)  # d/dv sum((2 * 2v) * v) = 8v



@pytest.mark.parametrize("prim", [_SCALED, _ANY, _FIRST], ids=["forward-aware", "reenters-any", "reenters-first"])
@pytest.mark.parametrize("args, kwargs", _CALLS + [
    ((3.0, 4.0), {"k": 2.0}), ((np.float32(1.5), np.int64(2)), {}), ((np.ones(2), [1.0, 2.0]), {}),
    (([np.ones(2)],), {}), ((np.ones(2), (1.0,)), {}), ((np.ones(2), 1.0, 2.0, 3.0), {"k": 0.5}),
    ((np.ones(2).view(np.ma.MaskedArray),), {}), ((1.0,), {"y": 3.0}),
])
def test_apply_calls_what_the_functions_look_for_duals_would_call(prim, args, kwargs):
    # The compiled apply calls prim.plain_fun (the function prim.fun wraps) where every
    # positional argument is of PLAIN_TYPES, without prim.fun's Python look for Duals and
    # Vars; anything else (no positional argument, a list, a subclass) goes through prim.fun:
    # the same values and the same errors, messages included, either way.
    from wengert._backend import apply
    assert prim.plain_fun in (_scaled, _mine)
    (kind, got), (expected_kind, expected) = _outcome(apply, (prim, args, kwargs), {}), _outcome(prim.fun, args, kwargs)
    assert kind == expected_kind and type(got) is type(expected)
    if kind == "error":
        assert got == expected
    else:
        np.testing.assert_array_equal(got, expected)


def test_a_primitive_that_numpy_dispatches_has_no_plain_function():
    # np.exp reaches forward mode by NumPy's dispatch: its fun is NumPy's, called as is
    from wengert.primitive import lookup
    assert lookup(np.exp).plain_fun is None and lookup(np.exp).fun is np.exp


# -- matrix products: plain matrices ---------------------------------------------------------

@pytest.mark.parametrize("m, k, n", [(1, 7, 5), (64, 200, 300), (3, 1, 4), (1, 1, 1)])
def test_matmul_of_plain_matrices_as_written_by_hand(m, k, n):
    # np.dot for small results and inner dimension 1, np.matmul above (see linalg._product)
    rng = np.random.default_rng(0)
    x, y, c = rng.normal(size=(m, k)), rng.normal(size=(k, n)), rng.normal(size=(m, n))
    gx, gy = wg.grad_bp(lambda x, y: np.sum((x @ y) * c), x, y)
    product = np.matmul if k > 1 and m * n >= 8192 else np.dot
    np.testing.assert_array_equal(gx, product(c, y.T))
    np.testing.assert_array_equal(gy, np.dot(x.T, c) if not (m > 1 and k * n >= 8192) else np.matmul(x.T, c))


# -- the arrays of a nested value -----------------------------------------------------------

@dataclass
class _Rec:
    a: object
    b: object


class _Pair(NamedTuple):
    u: object
    v: object


class _Sub(np.ndarray):
    pass


class _Dict(dict):
    pass


@pytest.mark.parametrize("value", [
    np.ones(2), 1.0, None, "s", [], (), {}, [np.ones(1), 2.0, (np.zeros(2), {"k": np.ones(3)})],
    _Rec(np.ones(2), _Pair(np.zeros(1), [np.ones(1), 1.0])), {"r": _Rec(1.0, np.ones(2)), "n": 3},
    [np.ones(2).view(_Sub), _Dict(a=np.ones(1)), np.float64(1.0), np.ones(2)],
    _Pair(_Rec([], {}), ()),
])
def test_arrays_are_the_array_leaves_in_order(value):
    expected = [a for a in tree.leaves(value) if type(a) is np.ndarray]
    found = tree.arrays(value)
    assert len(found) == len(expected) and all(a is b for a, b in zip(found, expected))
    out = [np.ones(1)]
    assert tree.arrays(value, out) is out and out[1:] == found


# -- gradients that share memory: the checks of unshared ------------------------------------

def _no_two_share(arrays):
    for i, a in enumerate(arrays):
        for b in arrays[i + 1:]:
            assert not np.shares_memory(a, b)


def _cases():
    a, b = np.ones(3), np.arange(4.0)
    view = b[1:]
    yield [a], 1.0, (np.zeros(3),)                                     # nothing shared
    yield [_Rec(a, b)], 1.0, (_Rec(np.zeros(3), np.zeros(4)),)         # a record, nothing shared
    yield [_Rec(a, a)], 1.0, (_Rec(np.zeros(3), np.zeros(3)),)         # a record holding one array twice
    yield [a, a], 1.0, (np.zeros(3), np.zeros(3))                      # the same array twice
    yield [a, b], 1.0, (a, np.zeros(4))                                # an argument handed back
    yield [{"x": view}], 1.0, ({"x": b},)                              # a view of an argument
    yield [{"x": b[:2]}, {"x": b[2:]}], 1.0, ({"x": a}, {"x": a})      # disjoint views: kept
    yield [_Pair(a, 2.0)], a, (_Pair(np.zeros(3), 1.0),)               # the seed handed back
    yield [[a, [b, view]]], np.ones(2), ([np.zeros(3), [np.zeros(4), np.zeros(3)]],)
    yield [a], {"s": a}, (np.zeros(3),)                                # a structured seed's array handed back
    yield [_Rec(a, b)], (view, 2.0), (_Rec(np.zeros(3), np.zeros(4)),)  # a view of it, in a record
    yield [_Rec(a, b)], np.float64(1.0), (_Rec(np.zeros(3), np.zeros(4)),)  # a record, a NumPy scalar seed


@pytest.mark.parametrize("grads, seed, args", list(_cases()))
def test_unshared_agrees_with_its_general_path(grads, seed, args):
    fast = runners.unshared(list(grads), seed, args)
    general = runners.rebuilt_unshared(list(grads), seed, args)  # the checks skipped
    fast_leaves, general_leaves = tree.leaves(fast), tree.leaves(general)
    assert [type(x) for x in fast_leaves] == [type(x) for x in general_leaves]
    for x, y in zip(fast_leaves, general_leaves):
        np.testing.assert_array_equal(x, y)
        # the same array kept, or copied, in both
        assert (x is y) == any(x is z for z in tree.leaves(grads))
    assert type(fast[0]) is type(general[0])
    given, caller = tree.arrays(fast), tree.arrays((seed, args))
    _no_two_share(given)
    assert not any(np.shares_memory(x, z) for x in given for z in caller)


def test_gradients_of_aliased_arguments_are_separate_arrays():
    a = np.ones(3)
    ga, gb = wg.grad_bp(lambda x, y: np.sum(x + y), a, a)            # the same array twice
    _no_two_share([ga, gb, a])
    b = np.arange(4.0)
    gx, gv = wg.grad_bp(lambda x, v: np.sum(x[1:] + v), b, b[1:])     # a view of another argument
    _no_two_share([gx, gv, b])
    np.testing.assert_array_equal(gx, [0.0, 1.0, 1.0, 1.0])
    g = wg.grad_bp(lambda r: np.sum(r.a + r.b), _Rec(a, a))            # a record holding it twice
    _no_two_share([g.a, g.b, a])
    np.testing.assert_array_equal(g.a, np.ones(3))
    seed = np.ones(3)
    g = wg.grad_bp(lambda r: r.a, _Rec(np.zeros(3), 1.0), seed=seed)  # the seed handed back in a record
    _no_two_share([g.a, seed])


def test_no_gradient_is_an_array_of_a_structured_seed():
    # f passes a part of its output's cotangent on unchanged: the gradient must still be an
    # array of its own (it was the caller's seed array itself, for a dict or tuple seed,
    # recorded and replayed: g += 1 changed the seed)
    def fresh_seed(kind):
        return {"a": np.ones(3)} if kind == "dict" else (np.ones(3), 2.0)

    def f(x, kind):
        return {"a": x} if kind == "dict" else (x, 1.0)

    def seed_arrays(seed):
        return tree.arrays(seed)

    for kind in ("dict", "tuple"):
        seed = fresh_seed(kind)
        _no_two_share([wg.grad_bp(lambda x: f(x, kind), np.zeros(3), seed=seed)] + seed_arrays(seed))
        seed = fresh_seed(kind)
        _, pullback = wg.vjp(lambda x: f(x, kind), np.zeros(3))
        _no_two_share([pullback(seed)[0]] + seed_arrays(seed))
        jitted = wg.jit(lambda x: f(x, kind))
        for _ in range(3):  # a recording, then replays
            seed = fresh_seed(kind)
            _no_two_share([wg.grad_bp(jitted, np.zeros(3), seed=seed)] + seed_arrays(seed))
            seed = fresh_seed(kind)
            _, pullback = wg.vjp(jitted, np.zeros(3))
            g = pullback(seed)[0]
            _no_two_share([g] + seed_arrays(seed))
            np.testing.assert_array_equal(g, np.ones(3))
        assert jitted.stats["replays"] >= 4


# -- the seed of a scalar output ---------------------------------------------------------------

@pytest.mark.parametrize("value", [np.float64(2.0), 2.0])
@pytest.mark.parametrize("seed", [np.float64(1.0), 1.0, np.float32(1.0), np.ones(1), np.ones(()), 1, None,
                                  {"a": 1.0}, [1.0], 1j])
def test_a_scalar_outputs_seed_is_checked_as_before(value, seed):
    # check_seed's fast path (a seed of the output's own type) and structured.mismatch agree
    from wengert.structured import mismatch
    found = mismatch(seed, value, "seed")
    if found is None:
        runners.check_seed(value, seed)
    else:
        with pytest.raises(found[0], match=re.escape(found[1].replace("its value", "the output"))):
            runners.check_seed(value, seed)


@pytest.mark.parametrize("value", [np.float64(2.0), 2.0, -0.0, np.float64("nan"), float("inf")])
def test_a_real_scalar_outputs_default_seed_is_one_of_its_type(value):
    seed = runners.default_seed(value, None)
    assert type(seed) is type(value) and seed == 1.0
    assert runners.default_seed(value, 3.0) == 3.0


# -- a user rule's cotangent, checked against its argument ----------------------------------

def _user_rule_returning(ct):
    @wg.primitive
    def f(x):
        return 2.0 * x
    wg.defvjp(f, lambda ans, x: lambda g: ct)
    return f


@pytest.mark.parametrize("ct, error", [
    (np.ones(3), None), (np.ones(2), ValueError), (np.ones((3, 1)), ValueError), (1.0, ValueError),
    ([1.0, 1.0, 1.0], TypeError), (np.ones(3, dtype=np.float32), None),
])
def test_a_user_rules_cotangent_is_checked_as_before(ct, error):
    # the common case (an array of the argument's shape) skips mismatch's steps; the rest
    # is refused with mismatch's message, named after the rule and the argument
    from wengert.structured import mismatch
    f, x = _user_rule_returning(ct), np.zeros(3)
    found = mismatch(ct, x, f"the cotangent that the gradient rule of {f.name} returned for argument 0")
    assert (found is None) == (error is None) and (found is None or found[0] is error)
    if error is None:
        np.testing.assert_array_equal(wg.grad_bp(lambda x: np.sum(f(x)), x), ct)
    else:
        with pytest.raises(error, match=re.escape(found[1].replace("its value", "the argument"))):
            wg.grad_bp(lambda x: np.sum(f(x)), x)
    # a user's gradient function (wg.op_n) is checked the same way
    g = wg.op_n(lambda x, y: (x + y, lambda d: (ct, d)))
    if error is None:
        np.testing.assert_array_equal(wg.grad_bp(lambda x: np.sum(g(x, x)), x), ct + 1.0)
    else:
        with pytest.raises(error, match=r"the cotangent that the gradient function of .* returned for argument 0"):
            wg.grad_bp(lambda x: np.sum(g(x, x)), x)


# -- wnp.logistic on small float64 arrays: the minimum looked at, no errstate ----------------

_BELOW_709 = np.nextafter(-709.0, -np.inf)


@pytest.mark.parametrize("x", [
    np.array([-709.0, 0.0, 3.0]), np.array([_BELOW_709, 1.0]), np.array([-709.7, 2.0]),
    np.array([-745.5, -800.0, 0.5]), np.array([np.nan, 1.0]), np.array([-np.inf, 0.0]),
    np.array([np.inf, -1.0, 800.0]), np.linspace(-700.0, 700.0, 2048), np.linspace(-700.0, 700.0, 2049),
    np.linspace(-720.0, 5.0, 2048), np.arange(12.0).reshape(3, 4)[:, ::2] - 709.0,
    np.array([-88.0, -89.0, 1.0], dtype=np.float32), np.zeros(0),
    np.asfortranarray(np.array([[-709.0, 1.0], [_BELOW_709, 2.0]])), np.array([-709.0, _BELOW_709]).astype(">f8"),
    # (exp(-x) subnormal or 0, where its products are: logistic_partial refuses, e is computed anew)
    np.array([720.0, 1.0, -3.0]), np.array([750.0, 0.0]), np.array([-708.5, 0.25]),
    # (beyond _MIN_BELOW, where a pullback is staged: the minimum is looked at too)
    np.linspace(-720.0, 5.0, 2049), np.linspace(-700.0, 800.0, 2049),
])
@pytest.mark.parametrize("errors", ["default", "raise"])
def test_logistic_without_errstate_is_the_general_path(x, errors, monkeypatch):
    # Where every entry of a float64 array of at most _MIN_BELOW entries (of any size where a
    # tape records: _MIN_KEPT_BELOW) is >= -709, exp(-x) cannot overflow and logistic_array
    # takes no errstate; its pullback then multiplies
    # exp(-x) by the result without one either. Both give the general path's values,
    # gradients, floating-point errors and warnings (none), bit for bit, under the
    # default error handling and under np.errstate(all="raise").
    from wengert.ops import elementwise
    w = np.linspace(0.5, 1.5, x.size).reshape(x.shape)

    def outcome():
        with np.errstate(**({"all": "raise"} if errors == "raise" else {})):
            try:
                value = wnp.logistic(x)
                grad = wg.grad_bp(lambda v: np.sum(wnp.logistic(v) * w), x)
                return value, grad
            except FloatingPointError as e:
                return "error", str(e)
    fast = outcome()
    monkeypatch.setattr(elementwise, "_MIN_BELOW", 0)  # every array takes the errstate
    monkeypatch.setattr(elementwise, "_MIN_KEPT_BELOW", 0)
    general = outcome()
    assert type(fast[0]) is type(general[0])
    for got, expected in zip(fast, general):
        if type(got) is str:
            assert got == expected
        else:
            assert got.dtype == expected.dtype and got.tobytes() == expected.tobytes()


def _kernel(core, name):
    """Function ``name`` of module ``core`` (the compiled kernels or their twin), or a skip."""
    try:
        return getattr(importlib.import_module(core), name)
    except ImportError:
        pytest.skip("the compiled core is not built")


@pytest.mark.parametrize("core", ["wengert._kernels", "wengert._kernels_py"])
def test_logistic_partial_is_numpys_three_passes_where_it_answers(core):
    # logistic's derivative from the saved e = exp(-x): np.fmin(e * ans, 1.0) * ans, in one pass
    # into e where every product is a normal number, the bits of NumPy's three passes; None
    # where one is not (subnormal, 0, inf, NaN) or the arrays are not plain float64 ones
    logistic_partial = _kernel(core, "logistic_partial")
    x = np.concatenate([np.linspace(-708.0, 708.0, 301), [0.0, -0.0, 1e-300, 36.0, 37.5]])
    e = np.exp(-x)
    ans = 1.0 / (1.0 + e)
    with np.errstate(all="ignore"):
        want = np.fmin(e * ans, 1.0) * ans
    buffer = e.copy()
    got = logistic_partial(buffer, ans)
    assert got is buffer and got.tobytes() == want.tobytes()
    for bad in (720.0, 745.0, 750.0, -709.5, np.nan, -np.inf):  # (a product not normal)
        xb = np.array([1.0, bad])
        with np.errstate(all="ignore"):
            eb = np.exp(-xb)
            assert logistic_partial(eb, 1.0 / (1.0 + eb)) is None, bad
    for e2, a2 in [(np.ones(3, np.float32), np.ones(3, np.float32)), (np.ones(4)[::2], np.ones(2)),
                   (np.ones(2), np.ones(3)), (np.ones(2), [0.5, 0.5]), (np.ones(2).astype(">f8"), np.ones(2))]:
        assert logistic_partial(e2, a2) is None
    same = np.ones(2)
    assert logistic_partial(same, same) is None
    frozen = np.ones(2)
    frozen.flags.writeable = False
    assert logistic_partial(frozen, np.full(2, 0.5)) is None


@pytest.mark.parametrize("core", ["wengert._kernels", "wengert._kernels_py"])
def test_at_least_is_numpys_minimum_where_it_answers(core):
    # logistic_array's test that exp(-x) cannot overflow, in C: np.minimum.reduce(x, None) >= bound
    # (NaN compares False) on C-contiguous arrays of NumPy's own float64, None on the others
    at_least = _kernel(core, "at_least")
    arrays = [np.array([-709.0, 0.0]), np.array([_BELOW_709, 1.0]), np.array([1.0, np.nan]), np.array([np.nan]),
              np.array([-np.inf, 1.0]), np.array([np.inf]), np.zeros(0), np.array(-709.0), np.array([-0.0]),
              np.linspace(-700.0, 700.0, 2048).reshape(32, 64), np.array([5e-324, -5e-324])]
    for x in arrays:
        for bound in (-709.0, 0.0, -np.inf, np.nan):
            want = bool(np.all(x >= bound)) if x.size == 0 else bool(np.minimum.reduce(x, None) >= bound)
            assert at_least(x, bound) is want, (x, bound)
    others = [np.arange(6.0)[::2], np.asfortranarray(np.ones((2, 3))), np.ones(3, np.float32),
              np.ones(3, ">f8"), np.arange(3), [1.0, 2.0], 1.0, np.float64(1.0)]
    for x in others:
        assert at_least(x, -709.0) is None


@pytest.mark.parametrize("core", ["wengert._kernels", "wengert._kernels_py"])
def test_within_is_numpys_bound_of_the_absolute_values_where_it_answers(core):
    # tanh's and logistic's test that no entry is where their rules form g * partial apart (ops.elementwise's
    # _far_entries), in C: np.all(np.abs(x) <= bound) on C-contiguous arrays of NumPy's own float64, None on the others
    within = _kernel(core, "within")
    for x in [np.array([-354.0, 354.0]), np.array([354.5, 0.0]), np.array([-708.5]), np.array([0.0, np.nan]),
              np.array([np.inf, 1.0]), np.zeros(0), np.array(-1.0), np.linspace(-700.0, 700.0, 2048).reshape(32, 64)]:
        for bound in (354.19820926613205, 708.3964185322641, np.inf, np.nan):
            assert within(x, bound) is bool(np.all(np.abs(x) <= bound)), (x, bound)
    for x in [np.arange(6.0)[::2], np.ones(3, np.float32), np.ones(3, ">f8"), np.arange(3), [1.0], 1.0, np.float64(1.0)]:
        assert within(x, 1.0) is None


@pytest.mark.parametrize("core", ["wengert._kernels", "wengert._kernels_py"])
def test_all_finite_is_numpys_isfinite_where_it_answers(core):
    # matmul's pullbacks' test of the product's value, in C: np.isfinite(a).all() on aligned
    # C- or Fortran-contiguous arrays of NumPy's own float64 (scanned 16 entries a block, then
    # one by one: an inf or NaN in a block, in the tail, first or last), None on the others
    all_finite = _kernel(core, "all_finite")
    big = np.finfo(np.float64).max
    for n in (0, 1, 15, 16, 17, 35, 300):
        base = np.linspace(-1.0, 1.0, n) * big
        assert all_finite(base) is True, n
        for k in sorted({0, n // 2, n - 1} - {-1}) if n else ():
            for bad in (np.inf, -np.inf, np.nan, -np.nan, 5e-324, -0.0):
                x = base.copy()
                x[k] = bad
                assert all_finite(x) is bool(np.isfinite(x).all()), (n, k, bad)
    assert all_finite(np.array(np.inf)) is False and all_finite(np.array(2.0)) is True
    assert all_finite(np.asfortranarray([[1.0, 2.0], [np.nan, 3.0]])) is False
    for a in [np.arange(6.0)[::2], np.ones(3, np.float32), np.ones(3, ">f8"), np.arange(3), [1.0], 1.0, np.float64(1.0)]:
        assert all_finite(a) is None


# -- wg.jit's per-call paths: the loops and checks that replaced calls ----------------------

_JIT = importlib.import_module("wengert.jit")  # (wengert.jit is also the function's name)


def _holds_var_reference(x):
    # _holds_var as it is written, on a dict of keyword arguments: the general walk
    return type(x) is Var or bool(tree.children(x)) and any(_holds_var_reference(c) for _, c in tree.children(x))


def test_keyword_arguments_are_checked_for_vars_as_by_the_general_walk():
    seen = []

    def f(v):
        for kwargs in ({"axis": 1, "keepdims": True}, {"dtype": None, "out": None}, {"s": "a", "x": 1.5},
                       {"axis": (0, 1)}, {"w": [1.0, v]}, {"w": v}, {"w": {"k": (2, v)}}, {"w": np.ones(2)},
                       {"flag": np.True_}, {}):
            seen.append((_JIT._kwargs_hold_var(kwargs), _holds_var_reference(kwargs)))
        return v * 2.0
    wg.grad(f)(1.0)
    assert [fast for fast, _ in seen] == [general for _, general in seen]
    assert [fast for fast, _ in seen] == [False, False, False, False, True, True, True, False, False, False]


def _leaf_tree_reference(leaf):
    # runners.leaf_tree's general path, for every leaf
    parts = part_leaves(leaf) or {}
    return runners.LeafTree(leaf.index, structured.is_record(structured.plain_value(leaf.value)),
                            {key: _leaf_tree_reference(part) for key, part in parts.items()})


class _Half(float):
    pass


@pytest.mark.parametrize("arg, read", [
    (np.ones(2), lambda a: np.sum(a)), (2.0, lambda a: a * a), (np.float64(2.0), lambda a: a * a),
    (_Rec(np.ones(2), 3.0), lambda r: np.sum(r.a) * r.b), (_Rec(np.ones(2), 3.0), lambda r: np.sum(r.a)),
    ({"w": np.ones(2), "u": [1.0, 2.0]}, lambda d: np.sum(d["w"]) * d["u"][1]),
    (_Pair(np.ones(1), _Rec(2.0, np.zeros(2))), lambda p: p.u[0] * p.v.a), (_Half(0.5), lambda h: h * 3.0),
])
def test_the_leaf_tree_of_an_argument_is_the_general_paths(arg, read):
    rec = runners.Recording(read, (arg,), (0,), {}, False)
    try:
        fast, general = runners.leaf_tree(rec.leaves[0]), _leaf_tree_reference(rec.leaves[0])
        assert fast == general and type(fast) is runners.LeafTree

        def types(lt):
            return [type(lt)] + [t for part in lt.parts.values() for t in types(part)]
        assert types(fast) == types(general)
    finally:
        rec.tape.close()


def _tree_key_reference(x, keep, arrays):
    # _tree_key's list and tuple case as it was: a call per item
    t = type(x)
    if (t is list or t is tuple) and not all_floats(x):
        return (t, len(x), tuple([_tree_key_reference(c, keep, arrays) for c in x]))
    return _JIT._tree_key(x, keep, arrays)


@pytest.mark.parametrize("args", [
    (np.ones((2, 3)), np.zeros(4, dtype=np.float32), 2.0),
    (np.arange(3), np.array([True, False]), np.ones(2, dtype=complex), "s", None, 3),
    ([np.ones(2), 1.0, [2.0, 3.0]], (np.ones(1), {"k": np.zeros(2)}), _Rec(np.ones(2), 1.5)),
    (np.ones(2).view(_Sub), np.float64(1.0), _Half(2.0), [], ()),
])
def test_the_jit_signature_of_the_arguments_is_the_general_walks(args):
    keep, arrays, keep_ref, arrays_ref = [], [], [], []
    assert _JIT._tree_key(args, keep, arrays) == _tree_key_reference(args, keep_ref, arrays_ref)
    assert len(arrays) == len(arrays_ref) and all(a is b for a, b in zip(arrays, arrays_ref))
    assert len(keep) == len(keep_ref) and all(a is b for a, b in zip(keep, keep_ref))


def test_replayed_gradients_of_unreached_read_only_and_other_dtype_leaves():
    # a record's fields and an array argument whose adjoints are not a fresh array of the
    # argument's dtype: zeros (not reached), a broadcast view (np.sum's pullback: read-only),
    # a float64 cotangent of a float32 array. Recorded and replayed give the plain gradient
    def f(r, x, y):
        return np.sum(r.a) + np.sum(x * 2.0) + np.sum(y.astype(np.float64))

    jitted = wg.value_and_grad(wg.jit(f), argnums=(0, 1, 2))
    r, x, y = _Rec(np.ones(3), np.zeros(2)), np.ones(4), np.ones(2, dtype=np.float32)
    expected = wg.value_and_grad(f, argnums=(0, 1, 2))(r, x, y)
    for _ in range(3):
        value, (gr, gx, gy) = jitted(r, x, y)
        assert value == expected[0]
        for got, want, like in ((gr.a, expected[1][0].a, r.a), (gr.b, expected[1][0].b, r.b),
                                (gx, expected[1][1], x), (gy, expected[1][2], y)):
            np.testing.assert_array_equal(got, want)
            assert got.dtype == like.dtype and got.shape == like.shape and got.flags.writeable
        _no_two_share([gr.a, gr.b, gx, gy, r.a, r.b, x, y])
    assert jitted.__wrapped__.stats["replays"] == 2


@pytest.mark.parametrize("value", [2.5, np.float64(2.5), np.float32(2.5), 3, True, 1j, None])
def test_a_replayed_number_output_is_what_the_recording_gives(value):
    jitted = wg.jit(lambda x, c: (np.sum(x) * 0.0 + 1.0, c))
    for _ in range(3):
        out = jitted(np.ones(2), value)
        assert out == (1.0, value) and type(out[1]) is type(value)


def test_real_division_and_log_rules_are_the_general_paths():
    # the rules' real-array case without is_complex: the same bits as before, and complex
    # arguments still take the complex formulas
    rng = np.random.default_rng(5)
    y, g = rng.uniform(0.5, 2.0, 7), rng.standard_normal(7)
    for x in (1.0, rng.standard_normal(7), rng.standard_normal(7).astype(np.float32)):
        ans = x / y
        np.testing.assert_array_equal(elementwise._ddivide_dy(g, ans, x, y), -g * ans / y)
    z, w = y + 0.5j, rng.standard_normal(7) + 1j
    np.testing.assert_array_equal(elementwise._ddivide_dy(g, 1.0 / z, 1.0, z), elementwise.inverse_power(g, z, 2, -1.0))
    np.testing.assert_array_equal(elementwise._ddivide_dy(g, w / y, w, y), elementwise.inverse_power(g, y + 0j, 2, -w))
    np.testing.assert_array_equal(wg.grad(lambda v: np.sum(np.log(v)))(y), 1.0 / y)
    np.testing.assert_array_equal(wg.grad(lambda v: np.sum(np.log(v)), )(y.astype(np.float32)),
                                  1.0 / y.astype(np.float32))
