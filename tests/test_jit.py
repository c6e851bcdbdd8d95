"""wengert.jit: a replay is never wrong (guards, signatures, fallbacks), and it replays.

Every replayed answer is compared with a fresh recording at the same inputs, bit for bit
(the replay calls the same NumPy functions in the same order). Every registered rule's
replay (each case of test_coverage under wengert.jit) is tests/test_jit_rule_replays.py's.
"""
import functools
import struct
import sys
import threading
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from bits import copied, same
from wengert import tree
from wengert.jit import Jitted


# -- scalar graphs: replayed in C ----------------------------------------------------------

def scalar_graph(a, b, c):
    x = a
    for _ in range(20):
        x = wg.sin(x * b) + wg.exp(-c * x) + wg.log(1.0 + x * x) + abs(x) ** 1.5 / (2.0 + c)
        x = wg.tanh(x) - 0.5 * wg.sqrt(1.0 + b * b) + wg.logistic(x) * wg.cos(a) + 2.0 ** (x / 4.0)
        x = x ** b * 0.5 - 3.0 / (1.0 + x * x) + wg.tan(x / 10.0) - (1.0 - x) + (-x) / 7.0
    return x


def test_a_scalar_graph_replays_bit_for_bit():
    jf = wg.jit(scalar_graph)
    vg, jvg = wg.value_and_grad(scalar_graph, (0, 1, 2)), wg.value_and_grad(jf, (0, 1, 2))
    rng = np.random.default_rng(1)
    for _ in range(5):
        args = tuple(float(v) for v in rng.uniform(0.5, 1.5, 3))
        same(jvg(*args), vg(*args))
        same(jf(*args), scalar_graph(*args))
    assert jf.stats["records"] == 2 and jf.stats["replays"] == 8, jf.stats  # grad and eval


def test_a_scalar_domain_error_on_replay_raises_as_without_jit():
    f = wg.jit(lambda x, y: wg.log(x - y))
    assert wg.grad(f)(3.0, 1.0) == 0.5
    with pytest.raises(ValueError, match="math domain error"):
        wg.grad(f)(1.0, 3.0)
    assert wg.grad(f)(5.0, 1.0) == 0.25
    assert f.stats["replays"] == 1


# -- guards: both sides of every branch ----------------------------------------------------

def relu_if(x):
    if x > 0.0:
        return x * 2.0
    return x * 0.0


def piecewise(x):
    s = np.sum(x)
    if s < -1.0:
        return np.sum(x ** 2)
    elif s < 1.0:
        return np.sum(np.sin(x))
    return np.sum(np.exp(x))


def loop_by_value(x):
    y = x
    while y < 10.0:  # the number of steps depends on the value
        y = y * 1.5 + 1.0
    return y


def max_of_floats(x, y):
    return max(x * x, y) + min(x, y * 2.0)


@pytest.mark.parametrize("f, inputs, records", [
    (relu_if, [(1.0,), (2.0,), (-1.0,), (-3.0,), (4.0,)], 3),
    (piecewise, [(np.array([-1.0, -1.0]),), (np.array([0.1, 0.2]),), (np.array([1.0, 2.0]),),
                 (np.array([2.0, 0.5]),), (np.array([-2.0, 0.5]),)], 4),
    (loop_by_value, [(1.0,), (1.01,), (5.0,), (20.0,)], 3),
    (max_of_floats, [(1.0, 2.0), (1.1, 2.0), (3.0, 2.0), (3.0, 1.0)], 3),
], ids=["relu-if", "piecewise", "loop-by-value", "max-of-floats"])
def test_branches_give_right_answers_on_both_sides(f, inputs, records):
    jf = wg.jit(f)
    argnums = tuple(range(len(inputs[0])))
    for args in inputs:
        same(wg.value_and_grad(jf, argnums)(*args), wg.value_and_grad(f, argnums)(*args))
    assert jf.stats["records"] == records, jf.stats
    assert jf.stats["replays"] == len(inputs) - records
    assert jf.stats["guard_failures"] == records - 1


def test_reading_a_value_is_a_guard():
    def f(x):
        k = int(x.value)  # a decision on the value: the loop's length
        return sum(x * float(i) for i in range(k + 1)) if k else x * 1.0
    jf = wg.jit(f)
    for v in (2.5, 2.7, 3.5, 0.5):
        same(wg.grad(jf)(v), wg.grad(f)(v))
    assert jf.stats["replays"] == 0  # every read value differs: each call records
    assert jf.stats["guard_failures"] == 3


def test_an_integer_result_is_a_guard():
    def f(x):
        return x[np.argmax(x)] * 2.0 + np.sum(x[x > 0.0])  # argmax and a mask
    jf = wg.jit(f)
    for x in ([1.0, 3.0, -1.0], [1.0, 4.0, -2.0], [5.0, 4.0, -2.0], [5.0, 4.0, 2.0]):
        x = np.array(x)
        same(wg.grad(jf)(x), wg.grad(f)(x))
    assert jf.stats["replays"] == 1 and jf.stats["guard_failures"] == 2, jf.stats


def test_a_value_dependent_shape_is_checked():
    def f(x):
        return np.sum(np.unique(np.round(x)) ** 2.0)
    jf = wg.jit(f)
    for x in ([1.0, 2.0, 3.0], [1.1, 2.1, 3.1], [1.0, 1.0, 3.0]):
        x = np.array(x)
        same(wg.value_and_grad(jf)(x), wg.value_and_grad(f)(x))


# -- signatures ----------------------------------------------------------------------------

def test_a_new_signature_records():
    f = wg.jit(lambda x, n, mode="sum": np.sum(x ** n) if mode == "sum" else np.max(x ** n))
    df = wg.grad(f)
    x = np.array([1.0, 2.0])
    for args, kw in [((x, 2), {}), ((x + 1, 2), {}), ((x, 3), {}), ((np.ones(3), 3), {}),
                     ((np.ones((1, 2)), 3), {}), ((x.astype(np.float32), 3), {}),
                     ((x, 3), {"mode": "max"}), ((x * 2, 3), {"mode": "max"})]:
        same(df(*args, **kw), wg.grad(f.fun)(*args, **kw))
    assert f.stats["records"] == 6 and f.stats["replays"] == 2, f.stats


@dataclass
class Layer:
    w: np.ndarray
    b: float


class Pair(NamedTuple):
    a: np.ndarray
    b: np.ndarray


def structured_loss(params, data):
    h = np.tanh(data["x"] @ params[0].w + params[0].b)
    out = np.sum(h * params[1].a) + params[1].b[0] * data["scale"]
    return out + sum(v * v for v in params[2])


def test_structured_arguments_replay():
    rng = np.random.default_rng(2)
    jf = wg.jit(structured_loss)
    for i in range(4):
        params = (Layer(rng.normal(size=(3, 2)), float(rng.normal())),
                  Pair(rng.normal(size=2), rng.normal(size=1)), [1.0 + i, 2.0])
        data = {"x": rng.normal(size=(4, 3)), "scale": 0.5 * i}
        same(wg.value_and_grad(jf)(params, data), wg.value_and_grad(structured_loss)(params, data))
        same(wg.grad(jf, (0, 1))(params, data), wg.grad(structured_loss, (0, 1))(params, data))
    assert jf.stats["replays"] == 6, jf.stats


class Single(NamedTuple):
    a: np.ndarray


@dataclass
class Wide:
    u: np.ndarray
    v: np.ndarray
    w: np.ndarray


def test_record_fields_whose_adjoints_are_not_fresh_arrays_replay():
    # A replay reads a record's fields and their adjoints all at once (jit's _leaf_setters,
    # _fresh_like); a field not reached (zeros), one whose adjoint is a read-only broadcast
    # (np.sum's of a large array) or of another dtype, and a one-field record, each handed
    # back as the recording hands it, writeable
    def f(p, s):
        return (np.sum(p.u * 2.0) + np.sum(p.v) + np.sum(wg.stop_gradient(p.w))
                + np.sum(s.a.astype(np.float32)) * 3.0)
    jf = wg.jit(f)
    for k in range(3):
        p = Wide(np.full(3, 1.0 + k), np.ones(20000) * k, np.ones(2))
        s = Single(np.array([1.0, 2.0]) * k)
        got, expected = wg.grad(jf, (0, 1))(p, s), wg.grad(f, (0, 1))(p, s)
        same(got, expected)
        for g in (got[0].u, got[0].v, got[0].w, got[1].a):
            assert type(g) is np.ndarray and g.dtype == np.float64 and g.flags.writeable
        assert not got[0].w.any() and got[0].v.shape == (20000,)
        got[0].v[0] = 5.0  # (the caller's own array)
    assert jf.stats["replays"] == 2, jf.stats


def test_the_output_and_aux_may_be_structures():
    def f(x):
        y = np.exp(x)
        return np.sum(y), {"y": y, "n": 3, "pair": (x[0], 2.0)}
    jf = wg.jit(f)
    for x in (np.array([0.1, 0.2]), np.array([0.3, -0.2])):
        same(wg.grad(jf, has_aux=True)(x), wg.grad(f, has_aux=True)(x))
        same(wg.value_and_grad(jf, has_aux=True)(x), wg.value_and_grad(f, has_aux=True)(x))
    assert jf.stats["records"] == 1 and jf.stats["replays"] == 3


def test_every_runner_and_transform_replays():
    def f(x, y):
        return np.sum(np.sin(x) * y) + wg.exp(y[0] * 0.0 + 1.0)
    jf = wg.jit(f)
    x, y = np.array([0.1, 0.5]), np.array([1.0, 2.0])
    for k in range(3):
        a, b = x + k, y * k
        same(wg.backprop(jf, a, b), wg.backprop(f, a, b))
        same(wg.grad_bp(jf, a, b), wg.grad_bp(f, a, b))
        same(wg.eval_bp(jf, a, b), f(a, b))
        same(jf(a, b), f(a, b))
        same(wg.vjp(jf, a, b)[1](2.0), wg.vjp(f, a, b)[1](2.0))
        same(wg.jit(wg.grad(f, 1))(a, b), wg.grad(f, 1)(a, b))
    assert jf.stats["records"] == 2  # the gradient runners share one tape, eval has its own
    assert jf.stats["replays"] == 4 * 3 + 1 * 3 - 2


def test_jit_of_grad_replays():
    f = lambda x: np.sum(np.tanh(x) ** 3)  # noqa: E731
    jdf = wg.jit(wg.grad(f))
    jvg = wg.jit(wg.value_and_grad(f))
    for x in (np.ones(3), np.arange(3.0), -np.ones(3)):
        same(jdf(x), wg.grad(f)(x))
        same(jvg(x), wg.value_and_grad(f)(x))
    assert jdf._transform is not None


@pytest.mark.parametrize("output", ["array", "view", "aux", "in a list"])
def test_a_replay_never_writes_into_an_array_handed_out(output):
    def f(x):
        y = np.exp(x) * 2.0
        out = {"array": y, "view": y.reshape(2, 1), "aux": y[0], "in a list": [y, 1.0]}[output]
        return np.sum(y), out
    jf = wg.jit(f)
    kept = []
    for k in range(4):
        x = np.array([0.1, 0.2]) * k
        for got, expected in ((wg.value_and_grad(jf, has_aux=True)(x), wg.value_and_grad(f, has_aux=True)(x)),
                              (jf(x), f(x))):
            same(got, expected)
            kept.append((got, copied(got)))
    for got, copy in kept:
        same(got, copy)


def test_a_gradient_handed_out_is_not_written_into():
    jf = wg.jit(lambda x: np.sum(np.exp(x) * x))
    df = wg.grad(jf)
    gs = [(df(np.array([0.1, 0.2]) * k), k) for k in range(4)]
    for g, k in gs:
        same(g, wg.grad(lambda x: np.sum(np.exp(x) * x))(np.array([0.1, 0.2]) * k))


def _no_two_share(*arrays):
    for i, a in enumerate(arrays):
        for b in arrays[i + 1:]:
            assert not np.shares_memory(a, b)


def test_replayed_gradients_are_separate_arrays():
    # a + b hands one cotangent to both: the replay's quick read of array and record
    # gradients copies as a recording's does
    c = np.array([1.0, 3.0])
    jg = wg.jit(lambda a, b: np.sum((a + b) * c))
    jh = wg.jit(lambda p: np.sum((p.a + p.b) * c))
    for k in range(3):
        a, b = np.ones(2) * k, np.ones(2)
        ga, gb = wg.grad(jg, (0, 1))(a, b)
        _no_two_share(ga, gb, a, b, c)
        p = Pair(a, b)
        gp = wg.grad(jh)(p)
        same(gp, wg.grad(lambda p: np.sum((p.a + p.b) * c))(p))
        _no_two_share(gp.a, gp.b, a, b, c)
    assert jg.stats["replays"] == jh.stats["replays"] == 2


def test_a_record_read_by_fields_and_used_whole_gets_both_gradients():
    c = np.array([1.0, 3.0])

    def f(p):
        return np.sum(p.a * c) + np.sum(p.b * 2.0) + np.sum(np.stack(p) * 0.5)
    jf = wg.jit(f)
    for k in range(3):
        p = Pair(np.array([1.0, 2.0]) * k, np.array([0.5, 0.1]) + k)
        same(wg.value_and_grad(jf)(p), wg.value_and_grad(f)(p))
    assert jf.stats["replays"] == 2


def test_forward_mode_through_a_jitted_function_is_right():
    # operator.add & co. are replayed without their forward-mode wrapper only where no
    # argument can be a Dual
    def f(x, y):
        return np.sum((x + y) * 0.5 + x * y - np.max(x * 2.0, axis=0, keepdims=True))
    jf = wg.jit(f)
    x, y = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    for k in range(3):
        for t in ((np.ones(2), np.zeros(2)), (np.zeros(2), np.ones(2))):
            same(wg.jvp(jf, (x * k, y), t), wg.jvp(f, (x * k, y), t))
        same(wg.grad(jf, (0, 1))(x * k, y), wg.grad(f, (0, 1))(x * k, y))


def test_stop_gradient_stops_forward_mode_through_a_jitted_function():
    # jvp / jacfwd hand a jitted f forward mode's Duals while its tape records: stop_gradient
    # (and const) of a value holding no Var of that tape must still drop the Dual's tangent
    def f(a):
        return a[0] * wg.stop_gradient(a[1]) + np.sum(a * wg.const(a ** 2))

    def g(a):  # reverse inside (checkpoint's recomputation), forward outside: hessian
        return np.sum(wg.checkpoint(lambda b: np.sin(b) * wg.stop_gradient(b))(a) ** 2)
    jf, jg = wg.jit(f), wg.jit(g)
    for a in (np.array([1.0, 2.5, 3.0]), np.array([0.3, -1.2, 2.0])):
        df = np.array([a[1] + a[0] ** 2, a[1] ** 2, a[2] ** 2])  # the stopped factors held
        np.testing.assert_allclose(wg.jacfwd(jf)(a), df, rtol=1e-15, atol=0)
        np.testing.assert_allclose(wg.jvp(jf, (a,), (np.array([0.0, 1.0, 0.0]),))[1], df[1], rtol=1e-15, atol=0)
        assert not np.any(wg.jacfwd(wg.jacfwd(jf))(a))  # held at every order
        d2g = np.diag(2 * np.cos(2 * a) * a ** 2)  # d/db sin(2b) c^2 with c = b held
        np.testing.assert_allclose(wg.hessian(jg)(a), d2g, rtol=1e-14, atol=1e-15)
        np.testing.assert_allclose(wg.jvp(wg.grad(jg), (a,), (np.ones(3),))[1], np.diag(d2g), rtol=1e-14, atol=1e-15)


def _mlp_on_floats(params, xs):
    # micrograd's way: the parameters are a flat list of scalars, read one by one
    out = 0.0
    for x in xs:
        h = wg.tanh(params[0] * x + params[1])
        out = out + (params[2] * h - 0.5) ** 2
    return out


@pytest.mark.parametrize("kind", [list, tuple])
def test_a_flat_list_of_floats_replays_its_leaves_and_gradient_in_c(kind):
    jf = wg.jit(_mlp_on_floats)
    xs = [0.1, -0.4, 0.7]
    for k in range(4):
        params = kind([0.3 + k, -0.2 * k, 1.5])
        got = wg.value_and_grad(jf)(params, xs)
        same(got, wg.value_and_grad(_mlp_on_floats)(params, xs))
        assert type(got[1]) is kind
        same(wg.grad(jf, (0, 1))(params, xs), wg.grad(_mlp_on_floats, (0, 1))(params, xs))
    assert jf.stats["records"] == 2 and jf.stats["replays"] == 6


@pytest.mark.parametrize("params", [[0.3, -0.2, 1.5, 7.0], [0.3, -0.2, 1.5, 2], {0: 0.3, 1: -0.2, 2: 1.5},
                                    [0.3, -0.2, np.float64(1.5)]],
                         ids=["an item never read", "an int item", "a dict", "a numpy float"])
def test_lists_that_are_not_flat_floats_replay_as_any_structure(params):
    jf = wg.jit(_mlp_on_floats)
    for k in range(3):
        p = tree.map_leaves(lambda v, k=k: v * (1.0 + k) if isinstance(v, float) else v, params)
        same(wg.value_and_grad(jf)(p, [0.1, 0.2]), wg.value_and_grad(_mlp_on_floats)(p, [0.1, 0.2]))
    assert jf.stats["replays"] >= 1


def test_a_list_of_floats_also_used_whole_gets_both_parts_of_its_gradient():
    def f(params):
        return params[0] * params[1] * params[2] + np.sum(wg.numpy.array(params) ** 2)
    jf = wg.jit(f)
    for k in range(3):
        p = [0.5 + k, -1.0, 2.0]
        same(wg.value_and_grad(jf)(p), wg.value_and_grad(f)(p))


def test_a_vjp_pullback_keeps_its_own_values():
    jf = wg.jit(lambda x: np.sum(x ** 3))
    _, pb1 = wg.vjp(jf, np.array([1.0, 2.0]))
    _, pb2 = wg.vjp(jf, np.array([3.0, 4.0]))  # the tape is taken: this one records its own
    same(pb1(1.0), (np.array([3.0, 12.0]),))
    same(pb2(1.0), (np.array([27.0, 48.0]),))
    del pb1, pb2
    _, pb3 = wg.vjp(jf, np.array([1.0, 1.0]))
    same(pb3(2.0), (np.array([6.0, 6.0]),))


def test_a_vjp_loop_replays_while_the_last_pullback_is_alive():
    # out, pb = wg.vjp(f, x) in a loop: the last call's pullback holds its tape while the
    # next call runs. Spare tapes take the other calls: it records twice, then replays (it
    # recorded on every call before), once more for each pullback kept, until all of
    # MAX_SPARES + 1 tapes are held; every pullback, kept or not, is its own call's
    def f(x):
        return np.sum(np.tanh(x) * x)
    jf, rng = wg.jit(f), np.random.default_rng(0)
    kept = []
    for k in range(8):
        x = rng.standard_normal(3)
        out, pb = wg.vjp(jf, x)
        same(out, f(x))
        same(pb(1.5), wg.vjp(f, x)[1](1.5))
        if k in (2, 5):
            kept.append((x, pb))
    assert (jf.stats["records"], jf.stats["replays"]) == (4, 4)  # two more: kept pullbacks
    for x, pb in kept:
        same(pb(-2.0), wg.vjp(f, x)[1](-2.0))
    spares = sys.modules["wengert.jit"].MAX_SPARES
    xs = [rng.standard_normal(3) for _ in range(spares + 3)]
    held = [wg.vjp(jf, x)[1] for x in xs]   # every tape held: the last calls' are not kept
    (trace,) = jf._cache.entries.values()
    chain = [trace]
    while chain[-1].spare is not None:
        chain.append(chain[-1].spare)
    assert len(chain) == spares + 1 and all(t.lease for t in chain)
    for x, pb in zip(xs, held):
        same(pb(0.5), wg.vjp(f, x)[1](0.5))
    del pb, kept, held
    assert not any(t.lease for t in chain)
    jf.cache_clear()                        # the spares' tapes are closed with their entry
    assert not jf._cache.entries and all(t.tape.released for t in chain)


def test_the_cache_is_bounded():
    jf = wg.jit(lambda x: np.sum(x * x), cache_size=2)
    for n in (1, 2, 3, 1):
        wg.grad(jf)(np.ones(n))
    assert jf.stats["records"] == 4 and len(jf._cache.entries) == 2
    wg.grad(jf)(np.ones(1) * 2.0)
    assert jf.stats["replays"] == 1
    jf.cache_clear()
    assert not jf._cache.entries


# -- fallbacks -------------------------------------------------------------------------------

def test_randomness_inside_f_records_every_call():
    def f(x):
        return np.sum(x * np.random.normal(size=x.shape))
    jf = wg.jit(f)
    np.random.seed(0)
    first = [wg.grad(jf)(np.ones(2)) for _ in range(3)]
    np.random.seed(0)
    second = [wg.grad(f)(np.ones(2)) for _ in range(3)]
    same(first, second)
    assert jf.stats["replays"] == 0 and jf.stats["not_replayable"] == 1


@pytest.mark.parametrize("draw", ["numpy", "python"])
def test_one_draw_that_leaves_numpys_key_as_it_was_is_seen(draw):
    # NumPy's global Mersenne twister changes its key only every 624 draws: the position
    # must be compared too, or the draw below was frozen into the replays
    import random
    np.random.seed(0)
    np.random.uniform()
    rand = np.random.uniform if draw == "numpy" else random.random
    jf = wg.jit(lambda x: np.sum(x * rand()))
    grads = [wg.grad(jf)(np.ones(2))[0] for _ in range(3)]
    assert len(set(grads)) == 3
    assert jf.stats["replays"] == 0 and jf.stats["not_replayable"] == 1


def test_a_draw_of_numpys_cached_normal_deviate_is_seen():
    # The legacy generator makes normal deviates in pairs and caches the second: drawing it
    # moves neither the twister's key nor its position, only has_gauss
    np.random.seed(1)
    np.random.standard_normal()
    assert np.random.get_state()[3] == 1
    jf = wg.jit(lambda x: np.sum(x * np.random.standard_normal()))
    grads = []
    for _ in range(3):
        grads.append(wg.grad(jf)(np.ones(2))[0])
        np.random.standard_normal()  # a pair drawn outside: the next call sees a cached one again
    assert len(set(grads)) == 3
    assert jf.stats["replays"] == 0 and jf.stats["not_replayable"] == 1


def test_a_draw_of_pythons_cached_normal_deviate_is_seen():
    # random.gauss makes deviates in pairs and keeps the second in gauss_next: drawing it
    # leaves the twister's bytes as they were, which wengert.jit reads instead of getstate()
    import random
    random.seed(1)
    random.gauss(0.0, 1.0)
    assert random.getstate()[2] is not None
    jf = wg.jit(lambda x: np.sum(x * random.gauss(0.0, 1.0)))
    grads = []
    for _ in range(3):
        grads.append(wg.grad(jf)(np.ones(2))[0])
        random.gauss(0.0, 1.0)  # a pair drawn outside: the next call sees a cached one again
    assert len(set(grads)) == 3
    assert jf.stats["replays"] == 0 and jf.stats["not_replayable"] == 1


_CPYTHON_WITH_GIL = sys.implementation.name == "cpython" and getattr(sys, "_is_gil_enabled", lambda: True)()


@pytest.mark.skipif(not _CPYTHON_WITH_GIL, reason="reads random.Random's C layout: CPython's, with the GIL")
def test_pythons_random_state_is_read_as_bytes_and_tells_every_draw():
    import random
    jit_module = sys.modules["wengert.jit"]
    random.seed(5)
    before = jit_module._python_random_state()
    assert type(before) is tuple and type(before[0]) is bytes  # not getstate()'s 625 ints
    assert jit_module._same_states([before], [jit_module._python_random_state()])
    normal = lambda: random.gauss(0.0, 1.0)  # noqa: E731
    # the last two draws: a pair of deviates, then its cached second half
    for draw in (random.random, lambda: random.getrandbits(3), normal, normal):
        draw()
        after = jit_module._python_random_state()
        assert not jit_module._same_states([before], [after])
        before = after


@pytest.mark.skipif(not _CPYTHON_WITH_GIL, reason="reads NumPy's RandomState's C layout, with the GIL")
def test_numpys_random_state_is_read_as_bytes_and_tells_every_draw():
    jit_module = sys.modules["wengert.jit"]
    saved = np.random.get_state()
    try:
        np.random.seed(5)
        before = jit_module._numpy_random_state()
        assert type(before) is bytes  # not get_state()'s copy of the key
        assert jit_module._same_states([before], [jit_module._numpy_random_state()])
        bit_generator = np.random.get_bit_generator()
        # the last two draws: a pair of normal deviates, then its cached second half (which
        # moves no twister word, only has_gauss); the raw draw bypasses the RandomState
        for draw in (np.random.uniform, lambda: np.random.randint(3), np.random.standard_normal,
                     np.random.standard_normal, lambda: bit_generator.random_raw()):
            draw()
            after = jit_module._numpy_random_state()
            assert not jit_module._same_states([before], [after])
            before = after
        # the same key and position with and without a cached deviate: two states
        np.random.standard_normal()
        name, key, pos, has_gauss, gauss = np.random.get_state()
        assert has_gauss == 1
        cached = jit_module._numpy_random_state()
        np.random.set_state((name, key, pos, 0, 0.0))
        assert not jit_module._same_states([cached], [jit_module._numpy_random_state()])
        np.random.set_state((name, key, pos, 1, gauss))
        assert jit_module._same_states([cached], [jit_module._numpy_random_state()])
    finally:
        np.random.set_state(saved)


@pytest.mark.skipif(not _CPYTHON_WITH_GIL, reason="reads NumPy's RandomState's C layout, with the GIL")
def test_a_new_global_bit_generator_is_read_not_the_one_it_replaced():
    # the bytes are read through views of the global generator's memory, kept from one
    # call to the next: a new bit generator (set_bit_generator) must be read, not the old
    jit_module = sys.modules["wengert.jit"]
    saved = np.random.get_bit_generator()
    try:
        jit_module._numpy_random_state()
        np.random.set_bit_generator(np.random.MT19937(7))
        before = jit_module._numpy_random_state()
        np.random.uniform()
        assert not jit_module._same_states([before], [jit_module._numpy_random_state()])
        jf = wg.jit(lambda x: np.sum(x * np.random.uniform()))
        grads = [wg.grad(jf)(np.ones(2))[0] for _ in range(3)]
        assert len(set(grads)) == 3 and jf.stats["replays"] == 0
    finally:
        np.random.set_bit_generator(saved)


def test_a_rule_marked_not_replayable_records_every_call():
    calls = []

    @wg.primitive
    def logged(x):
        calls.append(1)
        return x * 2.0
    wg.defvjp(logged, lambda ans, x: lambda g: g * 2.0)
    logged.replayable = False
    jf = wg.jit(lambda x: np.sum(logged(x)))
    for _ in range(3):
        same(wg.grad(jf)(np.ones(2)), np.full(2, 2.0))
    assert jf.stats["replays"] == 0 and jf.stats["not_replayable"] == 1
    logged.replayable = True
    jf2 = wg.jit(lambda x: np.sum(logged(x)))
    for _ in range(3):
        same(wg.grad(jf2)(np.ones(2)), np.full(2, 2.0))
    assert jf2.stats["replays"] == 2  # a pure rule replays, and its forward function runs


def test_the_replay_program_is_built_on_the_second_call():
    # a signature called once does not pay for the program; it is built where it is used
    f = lambda x: np.sum(np.tanh(x) * x)  # noqa: E731
    jf = wg.jit(f)
    x = np.array([0.5, -1.0])
    same(wg.grad(jf)(x), wg.grad(f)(x))
    (trace,) = jf._cache.entries.values()
    assert trace.program is None
    same(wg.grad(jf)(x + 1.0), wg.grad(f)(x + 1.0))
    assert trace.program is not None and jf.stats["replays"] == 1


def test_a_program_that_cannot_be_built_on_the_second_call_records_every_call():
    # The recorder missed a node (here: its step removed by hand): building the program on
    # the second call finds the node unexplained, and the signature records from then on
    f = lambda x: np.sum(np.tanh(x) * x)  # noqa: E731
    jf = wg.jit(f)
    x = np.array([0.5, -1.0])
    same(wg.grad(jf)(x), wg.grad(f)(x))
    (trace,) = jf._cache.entries.values()
    trace.rec.steps[:] = [step for step in trace.rec.steps if getattr(step[2], "name", "") != "numpy.tanh"]
    for k in range(1, 4):
        same(wg.grad(jf)(x * k), wg.grad(f)(x * k))
    assert jf.stats["replays"] == 0 and jf.stats["not_replayable"] == 1
    assert jf.stats["records"] == 1 and trace.tape.released  # then recorded plainly


def test_a_lifted_op_replays():
    @wg.op1
    def cube(x):
        return x ** 3, lambda g: 3.0 * x ** 2 * g
    f = lambda x: np.sum(cube(x) * 2.0)  # noqa: E731
    jf = wg.jit(f)
    for x in (np.ones(2), np.array([2.0, -1.0])):
        same(wg.grad(jf)(x), wg.grad(f)(x))
    assert jf.stats["replays"] == 1


def test_exceptions_inside_f_on_the_first_call_and_on_replay():
    def f(x):
        if np.sum(x) > 10.0:
            raise ValueError("too big")
        return np.sum(np.sqrt(x))
    jf = wg.jit(f)
    with pytest.raises(ValueError, match="too big"):
        wg.grad(jf)(np.array([20.0]))
    same(wg.grad(jf)(np.array([4.0])), wg.grad(f)(np.array([4.0])))
    with pytest.raises(ValueError, match="too big"):
        wg.grad(jf)(np.array([30.0]))
    same(wg.grad(jf)(np.array([9.0])), wg.grad(f)(np.array([9.0])))


def test_a_constant_argument_that_cannot_be_a_var_runs_plainly():
    def f(w, x):
        return np.sum(w * float(x[0]))  # float() of an argument outside argnums
    jf = wg.jit(f)
    for k in range(3):
        same(wg.grad(jf)(np.ones(2) * k, np.array([2.0 + k])), np.full(2, 2.0 + k))
    assert jf.stats["not_replayable"] == 1


def test_a_runner_inside_f_is_not_replayed():
    def f(x):
        return np.sum(wg.grad(lambda y: np.sum(y ** 3))(x) * x)
    jf = wg.jit(f)
    for x in (np.ones(2), np.array([1.0, 2.0])):
        same(wg.grad(jf)(x), wg.grad(f)(x))
    assert jf.stats["replays"] == 0


def test_higher_order_through_jit():
    f = lambda x: wg.sin(x) * x ** 3  # noqa: E731
    jf = wg.jit(f)
    for x in (0.5, 1.5):
        same(wg.grad(wg.grad(jf))(x), wg.grad(wg.grad(f))(x))
        same(wg.grad(lambda y: wg.grad(jf)(y) * y)(x), wg.grad(lambda y: wg.grad(f)(y) * y)(x))
    assert wg.grad(jf)(0.5) == wg.grad(f)(0.5)


def test_threads_replay_their_own_tapes():
    def f(w, x):
        return np.sum(np.tanh(x @ w) ** 2)
    jf = wg.jit(f)
    rng = np.random.default_rng(3)
    problems = [(rng.normal(size=(3, 2)), rng.normal(size=(4, 3))) for _ in range(8)]
    expected = [wg.grad(f)(*p) for p in problems]
    errors = []

    def work(k):
        try:
            for _ in range(20):
                for p, e in zip(problems[k::2], expected[k::2]):
                    same(wg.grad(jf)(*p), e)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert jf.stats["records"] == 2 and jf.stats["replays"] == 2 * 20 * 4 - 2


# -- every transform under jit, directly and inside a function (kinks2 found two silently
# wrong: jit(hessian(f)) gave grad(f), and a Jacobian inside a jitted function gave f) ------

def _f_sum(x):
    return np.sum(x ** 2 * np.sin(x))


TRANSFORMS = {
    "grad": wg.grad(_f_sum),
    "value_and_grad": wg.value_and_grad(_f_sum),
    "hessian": wg.hessian(_f_sum),
    "hessian-inside": lambda x: wg.hessian(_f_sum)(x) * 2.0,
    "jacrev": wg.jacrev(np.sin),
    "jacrev-inside": lambda x: wg.jacrev(np.sin)(x),
    "jacfwd": wg.jacfwd(np.sin),
    "jacfwd-inside": lambda x: wg.jacfwd(np.sin)(x),
    "jacobian": wg.jacobian(lambda x: {"a": np.sin(x), "b": x[0] * x}),
    "elementwise_grad": wg.elementwise_grad(np.sin),
    "elementwise_grad-inside": lambda x: wg.elementwise_grad(np.sin)(x),
    "linearize-inside": lambda x: wg.linearize(np.sin, x)[1](np.ones(2)),
    "hvp-inside": lambda x: wg.hvp(_f_sum, x, np.ones(2)),
    "jvp-inside": lambda x: wg.jvp(np.sin, (x,), (np.ones(2),)),
    "user-wrapper-of-grad": functools.wraps(wg.grad(_f_sum))(lambda x: wg.grad(_f_sum)(x) + x),
}


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_every_transform_under_jit_gives_its_own_answer(name):
    t = TRANSFORMS[name]
    jt = wg.jit(t)
    for point in (np.array([1.0, -2.0]), np.array([1.5, -1.5]), np.array([3.0, 0.0])):
        same(jt(point), t(point))


def test_jit_of_a_wrapper_is_not_taken_for_the_function_it_wraps():
    # functools.wraps copies grad_f's attributes, the mark that jit(grad(f)) is
    # grad(jit(f)) among them: a wrapper with that copied mark must be jitted as itself
    h = wg.hessian(_f_sum)
    np.testing.assert_array_equal(wg.jit(h)(np.array([1.0, -2.0])), h(np.array([1.0, -2.0])))
    assert wg.jit(h)(np.array([1.0, -2.0])).shape == (2, 2)


@pytest.mark.parametrize("make", [lambda f: wg.value_and_grad(wg.jit(f)), lambda f: wg.grad(wg.jit(f)),
                                  lambda f: wg.jit(wg.grad(f)), lambda f: wg.jit(wg.value_and_grad(f))],
                         ids=["value_and_grad(jit)", "grad(jit)", "jit(grad)", "jit(value_and_grad)"])
def test_a_jitted_gradient_and_its_tapes_are_freed_without_the_garbage_collector(make):
    # The mark that jit(grad(f)) is grad(jit(f)) once named grad_f itself: a reference
    # cycle, which kept every jitted function made in a loop, its cache and its tapes'
    # buffers alive until the collector ran (500 page faults and 2.3x the CPU time of a
    # first call on the 784-300-100-10 network at batch 1)
    import gc
    import weakref
    gc.collect()
    gc.disable()
    try:
        fn = make(_f_sum)
        fn(np.array([1.0, -2.0]))
        fn(np.array([1.5, 2.0]))
        jitted = fn if isinstance(fn, Jitted) else fn._wengert_transform[1]
        inner = jitted._transform._wengert_transform[1] if jitted._transform else jitted
        assert inner.stats == {"records": 1, "replays": 1, "guard_failures": 0, "not_replayable": 0}
        refs = [weakref.ref(fn), weakref.ref(jitted), weakref.ref(inner)]
        del fn, jitted, inner
        assert [r() for r in refs] == [None, None, None]
    finally:
        gc.enable()


def test_a_first_call_runs_no_pullback_for_an_argument_that_gets_no_gradient():
    # Every float argument is traced (a replay takes it as an input), but a parent that no
    # gradient asked for needs no cotangent: the first sweep skips it, as a replay does
    # (a network's input x: a matrix product as large as the weight's gradient)
    calls = []

    @wg.primitive
    def scaled(w, x):
        return w * x
    wg.defvjp(scaled, lambda ans, w, x: lambda g: g * x,
              lambda ans, w, x: lambda g: calls.append(1) or g * w)
    f = lambda w, x: np.sum(scaled(w, x) ** 2)  # noqa: E731
    jf = wg.jit(f)
    for w, x in ((np.ones(2), np.array([1.0, 2.0])), (np.array([0.5, 3.0]), np.array([2.0, -1.0]))):
        expected = wg.grad(f)(w, x), wg.grad(f, argnums=(0, 1))(w, x)
        del calls[:]
        same(wg.grad(jf)(w, x), expected[0])
        assert calls == []
        same(wg.grad(jf, argnums=(0, 1))(w, x), expected[1])
        assert calls == [1]  # where x's gradient is asked for
    assert jf.stats["records"] == 2 and jf.stats["replays"] == 2


def test_a_replayed_gradient_is_not_held_by_the_tape_after_it_is_returned():
    # The gradients are the leaves' adjoints; the tape, which lives on in the cache,
    # forgets them, so that they are freed when the caller drops them and not kept
    # alive through the next replay (868 page faults a replay at batch 128 before)
    jf = wg.jit(lambda w, x: np.sum(np.tanh(w * x)))
    for _ in range(2):
        g = wg.grad(jf)(np.ones(3), np.arange(3.0))
        (trace,) = jf._cache.entries.values()
        leaf = trace.leaves[0].index
        assert trace.tape.adjoint(leaf, "forgotten") == "forgotten"
        same(g, wg.grad(lambda w, x: np.sum(np.tanh(w * x)))(np.ones(3), np.arange(3.0)))


def test_pullbacks_that_read_only_constants_are_kept_from_one_replay_to_the_next():
    # add (broadcast), subtract, negative and products with constants stage pullbacks
    # that depend on shapes alone: a replay writes the first replay's again; tanh's and
    # the product of two nodes read values and are staged anew at every replay
    c = np.array([[1.0], [2.0]])

    def f(x, b):
        y = (x + b) * 0.5 - c
        z = -y + 3.0
        return np.sum(np.tanh(z) * y)
    jf = wg.jit(f)
    rng = np.random.default_rng(5)
    staged = []
    for _ in range(4):
        x, b = rng.normal(size=(2, 3)), rng.normal(size=3)
        same(wg.grad(jf, argnums=(0, 1))(x, b), wg.grad(f, argnums=(0, 1))(x, b))
        value, pullback = wg.vjp(jf, x, b)
        same(pullback(1.0), wg.vjp(f, x, b)[1](1.0))
        (trace,) = jf._cache.entries.values()
        staged.append({step.prim.name: trace.tape.pullbacks(step.j)
                       for step in trace.program if step.kind == 1})
        del pullback
    assert jf.stats["records"] == 1 and jf.stats["replays"] == 7
    names = ("operator.add", "operator.mul", "operator.sub", "numpy.negative", "numpy.tanh")
    assert all(set(names) <= set(s) for s in staged)
    for name in ("operator.sub", "numpy.negative"):
        assert staged[1][name] is staged[2][name] is staged[3][name]
    assert staged[2]["numpy.tanh"] is not staged[3]["numpy.tanh"]


def test_steps_whose_kept_pullbacks_compute_the_same_share_them_and_no_others_do():
    # x * 0.9 in a loop: every product's kept pullback multiplies by the same constant, and
    # one tuple serves them all (w * 0.9 too: its cotangent is g * 0.9 as well); a product
    # by another constant keeps its own, and so does x * C, whose cotangent is summed back
    # over the axis broadcasting stretched, unlike tanh(y) * C's. Every replay bit for bit.
    C = np.full((2, 3), 0.9)

    def f(x):
        for _ in range(3):
            x = np.tanh(x) * 0.9 + 0.05
        z = np.tanh(x * C) * C
        return np.sum(np.tanh(z * 0.8 * 0.9))
    jf = wg.jit(f)
    rng = np.random.default_rng(7)
    for _ in range(4):
        x = rng.normal(size=3)
        same(wg.value_and_grad(jf)(x), wg.value_and_grad(f)(x))
    value, pullback = wg.vjp(jf, x)  # (the tape's pullbacks are kept while it lives)
    same(pullback(1.0), wg.vjp(f, x)[1](1.0))
    (trace,) = jf._cache.entries.values()
    pbs = [trace.tape.pullbacks(step.j) for step in trace.program
           if step.kind == 1 and step.prim.name == "operator.mul"]
    assert len(pbs) == 7 and jf.stats["replays"] == 4
    loop = pbs[:3] + pbs[-1:]
    assert all(p is loop[0] for p in loop)
    assert len({id(p) for p in pbs}) == 4


def test_arithmetic_with_a_float_constant_replays_as_recorded():
    # The compiled replay computes x * 0.9 & co. on a float64 array with the constant as a
    # 0-d float64 array (faster in NumPy, the same double): values, dtypes and gradients
    # are the recording's, on float64 arrays of shapes (1,), (2, 3) and () and, where the
    # constant stays a Python float, float32, integer and complex arrays and NumPy scalars
    ops = [lambda x: x * 0.9, lambda x: 0.9 * x, lambda x: x + 0.05, lambda x: 0.05 + x,
           lambda x: x - 0.3, lambda x: 0.3 - x, lambda x: x / 0.7, lambda x: 0.7 / x,
           lambda x: x / -0.0, lambda x: x * np.inf]

    def f(x):
        return sum(np.sum(op(x)) for op in ops) + np.sum(np.sin(x) * 1.5 + 0.25)
    jf = wg.jit(f)
    args = [np.array([0.3]), np.linspace(-1.0, 2.0, 6).reshape(2, 3), np.array(-0.4),
            np.array([0.3], dtype=np.float32), np.array([0.5 + 1j, -2.0]), np.float64(0.7)]
    with np.errstate(divide="ignore", invalid="ignore"):
        for x in args:
            for _ in range(3):
                same(jf(x), f(x))
                if not np.iscomplexobj(x):
                    same(wg.grad(jf)(x), wg.grad(f)(x))
            same(jf(np.arange(3)), f(np.arange(3)))
    assert jf.stats["replays"] >= 12 and jf.stats["guard_failures"] == 0


def test_equal_constants_that_are_not_the_same_stay_apart_in_a_replay():
    # Replay steps share one copy of equal small objects (constants, their 0-d arrays,
    # descriptions of values): 0.0 and -0.0, 1 and 1.0 and True are equal but give other
    # results (a sign), so each replays as recorded
    def f(x):
        return (x * 0.0, x * -0.0, 0.0 / x, -0.0 / x, x + 1, x + 1.0, x + True, x * np.nan,
                np.float32(2.0) * x, x * 2)
    jf = wg.jit(f)
    for x in (np.array([0.3, 2.0]), np.array([-0.5, 4.0]), np.array([7.0, 0.25])):
        got, want = jf(x), f(x)
        same(got, want)
        assert all(np.array_equal(np.signbit(a), np.signbit(b)) for a, b in zip(got, want))
    assert jf.stats["replays"] == 2 and jf.stats["guard_failures"] == 0


def test_tanh_of_one_float64_entry_replays_as_recorded():
    # tanh's rule on a 1-element float64 array takes its partial on Python floats (a 0-d
    # array times g): the same bits and dtype as the array path, inside and beyond the
    # shortcut's |tanh| < 0.8, for cotangents of other dtypes and shapes (1,) and (1, 1)
    f = lambda x: np.tanh(x) * 2.0  # noqa: E731
    jf = wg.jit(f)
    for x in (np.array([0.3]), np.array([[-0.2]]), np.array([1.5]), np.array([-30.0]), np.array([np.nan])):
        for g in (np.ones_like(x), np.full(x.shape, 0.7, dtype=np.float32), np.full(x.shape, -2.5)):
            out, pullback = wg.vjp(jf, x)
            got = pullback(g)
            del pullback  # (a live pullback holds the tape: the next call would record)
            same(got, wg.vjp(f, x)[1](g))
            assert got[0].dtype == np.float64
    assert jf.stats["replays"] >= 10


def test_a_replay_keeps_logistics_exp_only_where_it_stages_pullbacks(monkeypatch):
    # wnp.logistic keeps exp(-x) for its pullback while a tape records and while a replay
    # stages pullbacks (a gradient's), not in a replay of values (eval_bp, a direct call),
    # where no pullback reads it (it was kept on every call)
    from wengert.ops import elementwise
    kept, read = [], []
    keep, read_saved = elementwise._save_exp, elementwise.saved_exp
    monkeypatch.setattr(elementwise, "_save_exp", lambda ans, *e: (kept.append(1), keep(ans, *e)))
    monkeypatch.setattr(elementwise, "saved_exp", lambda ans: read.append(read_saved(ans)) or read[-1])
    f = lambda x: np.sum(wnp.logistic(x) * x)  # noqa: E731
    jf = wg.jit(f)
    xs = [np.array([-1.0, 0.0, 3.0]), np.array([2.0, -900.0, 0.5]), np.array([0.1, 0.2, 0.3])]
    for x in xs:
        same(wg.grad(jf)(x), wg.grad(f)(x))
    # (the three plain gradients and the recording, and the replay at -900, where logistic_array
    # computes the value; the replay at [0.1, 0.2, 0.3] keeps e in its fused step's pullback)
    assert len(kept) == 5 and len(read) == 5 and all(e is not None for e in read)
    del kept[:]
    for x in xs:
        same(jf(x), f(x))
        same(wg.eval_bp(jf, x), f(x))
    assert jf.stats["replays"] == 2 + 5 and len(kept) == 1  # only the recording of values keeps it


def test_a_rule_of_wengerts_own_replays_its_plain_function():
    # wnp.logistic's function collects Vars of an outer tape and sends Duals to forward
    # mode; a replay, on plain values, calls the array function under it directly
    from wengert.ops.elementwise import logistic_array
    f = lambda x: np.sum(wnp.logistic(x) * x)  # noqa: E731
    jf = wg.jit(f)
    for x in (np.array([-1.0, 0.0, 800.0]), np.array([2.0, -900.0, 0.5]), np.array([0.1, 0.2, 0.3])):
        same(wg.value_and_grad(jf)(x), wg.value_and_grad(f)(x))
        same(jf(x), f(x))
    assert jf.stats["replays"] == 4 and len(jf._cache.entries) == 2  # gradient, value
    for trace in jf._cache.entries.values():  # (the gradient's replay: the fused step over it)
        fun = trace.program[0].fun
        assert (fun if trace.program[0].kind == 1 else fun.fun) is logistic_array


def test_the_bit_comparer_tells_signed_zeros_and_nan_payloads_apart():
    # (the comparer of replays, shared with tests/programs.py: array_equal took -0.0 for 0.0
    # and every NaN for every other)
    quiet, payload = np.float64(np.nan), np.frombuffer(struct.pack("<Q", 0x7FF8000000000001), np.float64)[0]
    assert same([0.0, np.zeros(2), quiet], [0.0, np.zeros(2), quiet])
    for want, got in ((0.0, -0.0), (np.zeros(2), np.array([0.0, -0.0])), (np.array([quiet]), np.array([payload])),
                      (float(quiet), float(payload)), (1j * 0.0, complex(0.0, -0.0)), (np.float32(0.0), np.float32(-0.0))):
        with pytest.raises(AssertionError, match="other bits"):
            same(want, got)
    with pytest.raises(AssertionError, match="float32"):
        same(np.zeros(2), np.zeros(2, np.float32))


def test_jit_of_a_wrapper_of_a_jitted_function_is_its_own():
    """functools.wraps copies a Jitted's fields (its function, cache and stats) onto grad's wrapper of it,
    and wg.jit of that wrapper took them back: wg.jit(wg.grad(wg.jit(h))) returned h's value, not its
    gradient, and shared h's cache; wg.jit of a function with an attribute ``fun`` ran that attribute."""
    h = lambda x: np.sum(np.sin(x) ** 3)  # noqa: E731
    inner = wg.jit(h)
    jg = wg.jit(wg.grad(inner))
    for x in (np.array([1.0, 2.0]), np.array([0.5, -1.0]), np.array([1.0, 2.0])):
        np.testing.assert_array_equal(jg(x), wg.grad(h)(x))
        np.testing.assert_array_equal(wg.jit(jg)(x), wg.grad(h)(x))
    assert jg.stats is not inner.stats and jg.fun is not h

    def f(x):
        return 2.0 * x
    f.fun = lambda x: 3.0 * x
    assert wg.jit(f)(1.0) == 2.0 and wg.grad(wg.jit(f))(1.0) == 2.0


def test_a_replay_frees_an_intermediate_once_no_later_step_reads_it():
    # Each step's drops clear the value list's slots no later step reads: a chain of sums
    # on a 400 kB array, replayed for its value, holds two of its arrays at a time, not all
    # ten intermediates to the end of the replay (each add's pullback keeps nothing)
    import tracemalloc

    def f(x):
        for _ in range(10):
            x = x + 1.0
        return x
    jf, x = wg.jit(f), np.ones(50_000)
    for _ in range(2):
        jf(x)
    tracemalloc.start()
    out = jf(x)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert jf.stats["replays"] == 2
    same(out, f(x))
    assert peak < 3.5 * x.nbytes, peak  # (10 arrays and more without)
    trace, = jf._cache.entries.values()
    drops = [r for step in trace.program for r in step.drops]
    assert trace.root not in drops and len(drops) == len(set(drops)) == 9


def test_a_matmul_pullback_is_kept_while_the_array_it_reads_is_the_same():
    # x @ w's pullback in x reads w's values only (and x's shape), the one in w reads x's: a
    # replay keeps each while that array is the same leaf (a network's weight), and the kept
    # one reads its values at the sweep (an update in place is seen); a new array gets a new
    # pullback, and one that reads an intermediate (tanh(x @ w) in v's) is staged anew
    rng = np.random.default_rng(7)
    w, v, x = rng.normal(size=(3, 4)), rng.normal(size=(4, 2)), rng.normal(size=(2, 3))

    def f(w, v, x):
        return np.sum(np.tanh(x @ w) @ v)
    jf = wg.jit(f)
    staged = []
    for k in range(5):
        if k == 3:
            w = w.copy()
        w += 0.25  # (in place)
        same(wg.grad(jf, argnums=(0, 1, 2))(w, v, x), wg.grad(f, argnums=(0, 1, 2))(w, v, x))
        value, pullback = wg.vjp(jf, w, v, x)
        same(pullback(1.0), wg.vjp(f, w, v, x)[1](1.0))
        (trace,) = jf._cache.entries.values()
        staged.append([trace.tape.pullbacks(step.j) for step in trace.program
                       if step.kind == 1 and step.prim.name == "numpy.matmul"])
        del pullback
    assert jf.stats["records"] == 1 and jf.stats["replays"] == 9
    xw, tv = [s[0] for s in staged], [s[1] for s in staged]  # (per call: x's and w's, t's and v's)
    assert xw[0][0] is xw[1][0] is xw[2][0] and xw[3][0] is xw[4][0] and xw[2][0] is not xw[3][0]
    assert all(pbs[1] is xw[0][1] for pbs in xw) and all(pbs[0] is tv[0][0] for pbs in tv)
    assert len({id(pbs[1]) for pbs in tv}) == 5
