"""``wg.custom_vjp`` (JAX's fwd/bwd rules) and ``wg.checkpoint`` (rematerialisation): checked
against finite differences at second order, reverse and forward, with structured arguments,
and for what each promises (the rule is used; checkpoint keeps no intermediates)."""
import functools
import tracemalloc

import numpy as np
import pytest

import wengert as wg
from wengert.testing import check_grads


@wg.custom_vjp
def scaled_sin(x, y):
    return np.sin(x) * y


def _scaled_sin_fwd(x, y):
    return scaled_sin(x, y), (np.cos(x), np.sin(x), y)


def _scaled_sin_bwd(residuals, g):
    cos_x, sin_x, y = residuals
    return np.sum(g * cos_x * y), g * sin_x


scaled_sin.defvjp(_scaled_sin_fwd, _scaled_sin_bwd)


def test_custom_vjp_gradients_to_third_order():
    check_grads(scaled_sin, 0.3, np.array([1.0, -2.0]), order=2, modes=("rev", "fwd"))
    check_grads(scaled_sin, 0.3, 2.0, order=3)


def test_custom_vjp_uses_its_rule_and_plain_calls_run_the_function():
    @wg.custom_vjp
    def clip_gradient(x):
        return x
    clip_gradient.defvjp(lambda x: (x, None), lambda _, g: (np.clip(g, -1.0, 1.0),))
    assert wg.grad(lambda x: 3.0 * clip_gradient(x))(2.0) == 1.0  # the rule, not f's derivative 3
    assert clip_gradient(5.0) == 5.0 and scaled_sin(0.0, 2.0) == 0.0


def test_custom_vjp_nondiff_argnums_none_cotangents_and_structured_arguments():
    @functools.partial(wg.custom_vjp, nondiff_argnums=(0,))
    def apply(fn, x):
        return fn(x)
    apply.defvjp(lambda fn, x: (fn(x), x), lambda fn, x, g: (g * 2.0 * x,))
    assert wg.grad(lambda x: apply(lambda z: z * z, x))(3.0) == 6.0

    @wg.custom_vjp
    def product(x, y):
        return x * y
    product.defvjp(lambda x, y: (x * y, y), lambda y, g: (g * y, None))  # None: a zero cotangent
    assert wg.grad(product, argnums=(0, 1))(2.0, 5.0) == (5.0, 0.0)

    @wg.custom_vjp
    def weighted(d):
        return d["a"] * d["b"]
    weighted.defvjp(lambda d: (weighted(d), d), lambda d, g: ({"a": np.sum(g * d["b"]), "b": g * d["a"]},))
    check_grads(lambda d: weighted(d), {"a": 2.0, "b": np.array([1.0, 3.0])}, order=2)
    np.testing.assert_array_equal(
        wg.grad(lambda a, b: np.sum(weighted({"a": a, "b": b})), argnums=(0, 1))(2.0, np.array([1.0, 3.0]))[1],
        [2.0, 2.0])


def test_custom_vjp_refuses_what_would_lose_or_misplace_a_gradient():
    @functools.partial(wg.custom_vjp, nondiff_argnums=(0,))
    def apply(scale, x):
        return scale * x
    apply.defvjp(lambda s, x: (s * x, None), lambda s, _, g: (s * g,))
    with pytest.raises(TypeError, match="nondiff_argnums but holds a Var"):
        wg.grad(lambda x: apply(x, x))(1.0)

    @wg.custom_vjp
    def no_rule(x):
        return x
    with pytest.raises(TypeError, match=r"defvjp\(fwd, bwd\) first"):
        wg.grad(no_rule)(1.0)

    @wg.custom_vjp
    def wrong_count(x, y):
        return x * y
    wrong_count.defvjp(lambda x, y: (x * y, None), lambda _, g: (g,))
    with pytest.raises(TypeError, match="1 cotangents for 2"):
        wg.grad(wrong_count)(1.0, 2.0)

    @wg.custom_vjp
    def wrong_shape(x):
        return np.sum(x)
    wrong_shape.defvjp(lambda x: (np.sum(x), None), lambda _, g: (g,))  # a scalar for a vector
    with pytest.raises(ValueError, match="shape"):
        wg.grad(wrong_shape)(np.ones(3))


def test_checkpoint_gradients_to_second_order_with_structures_and_tuples():
    rng = np.random.default_rng(0)
    w, x = 0.3 * rng.standard_normal((4, 4)), rng.standard_normal(4)
    block = wg.checkpoint(lambda x, w: np.tanh(w @ x) * 0.9 + x)
    check_grads(lambda x, w: block(block(x, w), w), x, w, order=2, modes=("rev", "fwd"))
    pair = wg.checkpoint(lambda d: (d["a"] * 2.0, np.sin(d["b"])))
    check_grads(lambda a, b: pair({"a": a, "b": b}), 1.0, np.array([0.3, 0.4]), order=2)
    assert wg.grad(lambda a: pair({"a": a, "b": 1.0})[0])(1.0) == 2.0


def test_checkpoint_runs_twice_and_keeps_no_intermediates():
    calls = []

    def layer(x):
        calls.append(1)
        for _ in range(10):
            x = np.sin(x) * 1.0001
        return x

    def deep(x, layer_fn):
        for _ in range(10):
            x = layer_fn(x)
        return np.sum(x)
    x0, peaks, grads = np.ones(50_000), [], []
    for fn in (layer, wg.checkpoint(layer)):
        calls.clear()
        tracemalloc.start()
        grads.append(wg.grad(lambda x: deep(x, fn))(x0))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert len(calls) == 20  # the checkpointed run: each layer once forward, once backward
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-14)
    # 100 intermediates of 400 kB alive at once without; one layer's (and the 10 results) with
    assert peaks[1] < 0.5 * peaks[0], peaks
    jitted = wg.jit(lambda x: deep(x, wg.checkpoint(layer)))
    for _ in range(2):
        np.testing.assert_allclose(wg.grad(jitted)(x0), grads[0], rtol=1e-14)


def test_a_rule_nonlinear_in_its_cotangent_and_one_recording_per_gradient():
    # A user's rule may be nonlinear in g (gradient clipping, JAX's clip_gradient example) and f may draw
    # random numbers (dropout): the gradient is the rule's at the cotangent the sweep gives, from the
    # recording whose value is returned, also where another term's cotangent underflows in NumPy
    # (1e-200 * 1e-200 here), so no sweep again with a scaled seed or a second call of f
    @wg.primitive
    def clip_gradient(x):
        return x
    wg.defvjp(clip_gradient, lambda ans, x: lambda g: np.clip(g, -1.0, 1.0))
    x = np.array([1.0, 2.0])
    assert np.array_equal(wg.grad(lambda x: np.sum(10.0 * clip_gradient(x)) + np.sum(1e-200 * (x * 1e-200)))(x),
                          [1.0, 1.0])
    rng, calls = np.random.default_rng(0), []

    def dropout(x):
        calls.append(1)
        keep = rng.random(x.shape) < 0.5
        return np.sum(np.where(keep, x, 0.0) * 3.0) + np.sum(x * 1e-200 * 1e-200)
    value, grad = wg.value_and_grad(dropout)(np.ones(8))
    assert len(calls) == 1 and value == np.sum(grad)


def _closing_over(kind, y):
    """sin(t) + y as a function of t alone, made by ``kind``, closing over ``y``."""
    if kind == "op1":
        return wg.op1(lambda t: (np.sin(t) + y, lambda g: g * np.cos(t)))
    if kind == "custom_vjp":
        f = wg.custom_vjp(lambda t: np.sin(t) + y)
        f.defvjp(lambda t: (np.sin(t) + y, t), lambda t, g: (g * np.cos(t),))
        return f
    if kind == "checkpoint":
        return wg.checkpoint(lambda t: np.sin(t) + y)
    f = (wg.Primitive if kind == "Primitive" else wg.primitive)(lambda t: np.sin(t) + y)
    wg.defvjp(f, lambda ans, t: lambda g: g * np.cos(t))
    if kind == "custom_jvp":
        f = wg.custom_jvp(f)
        f.defjvp(lambda p, t: (f(*p), t[0] * np.cos(p[0])))
    return f


@pytest.mark.parametrize("kind", ["primitive", "Primitive", "custom_jvp", "op1", "custom_vjp", "checkpoint"])
def test_a_rule_of_a_function_closing_over_a_var_of_its_tape_is_refused(kind):
    """Its rule differentiates its arguments only: d/dy of f(x) = sin(x) + y, y closed over,
    was 0 (the truth 1) for wg.primitive, wg.Primitive built directly, custom_jvp, op1 and
    custom_vjp (jacfwd too for the first three); checkpoint raised EscapedVarError. A Var of
    an outer tape may be closed over."""
    def f(x, y):
        return _closing_over(kind, y)(x) * 2.0
    for runner in (wg.grad, lambda *a, **k: wg.jit(wg.grad(*a, **k))):  # jit's recording too
        with pytest.raises(wg.NoGradientRule, match="closed over"):
            runner(f, argnums=(0, 1))(0.7, 1.3)
    with pytest.raises(wg.NoGradientRule, match="closed over"):
        wg.grad(lambda x: np.sum(_closing_over(kind, x * 2.0)(x * 3.0)))(np.array([0.7, 0.2]))
    if kind in ("primitive", "Primitive", "custom_jvp"):
        with pytest.raises(wg.NoGradientRule, match="closed over"):
            wg.jacfwd(f, argnums=(0, 1))(0.7, 1.3)
    # y of an outer tape, a constant of the inner one: d/dy of d/dx (sin(x) + y) x = 1
    assert wg.grad(lambda y: wg.grad(lambda x: _closing_over(kind, y)(x) * x)(0.7))(1.3) == 1.0
    np.testing.assert_allclose(wg.grad(lambda x: f(x, 1.3))(0.7), 2.0 * np.cos(0.7), rtol=1e-15)
    assert wg.grad(lambda y: f(0.7, y))(1.3) == 2.0
