"""True forward mode (wengert.forward): Duals through the rule tables, issue 16.

The coverage meta-test (tests/test_coverage.py) checks every case's JVP against finite
differences; here: the seed's neuron, the kinds of JVP, agreement with the VJP on random
vectors (<J v, u> = <v, J^T u>), switching points, nesting, custom rules, jacfwd batching.
"""
import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from wengert import forward, tree
from wengert.forward import jvp_kind
from wengert.primitive import registered
from wengert.testing import check_grads


def neuron(a, b, c, x, y):
    return wg.logistic(a * x + b * y + c)


def test_the_seeds_neuron_one_direction_at_a_time():
    point = (1.0, 2.0, -3.0, -1.0, 3.0)
    directional = []
    for i in range(5):
        value, tangent = wg.jvp(neuron, point, tuple(float(i == j) for j in range(5)))
        assert type(tangent) is float
        directional.append(tangent)
    np.testing.assert_allclose(directional, [-0.1050, 0.3150, 0.1050, 0.1050, 0.2100], atol=5e-5)
    np.testing.assert_allclose(directional, wg.grad(neuron, argnums=tuple(range(5)))(*point), rtol=1e-12)


def test_jvp_kinds_are_declared():
    assert jvp_kind(np.reshape) == "linear"
    assert jvp_kind(np.sum) == "linear"
    assert jvp_kind(np.exp) == "elementwise"
    assert jvp_kind(np.multiply) == "elementwise"
    assert jvp_kind(np.matmul) == "multilinear"
    assert jvp_kind(np.linalg.inv) == "explicit"
    assert jvp_kind(np.linalg.eigh) == "transposed"
    kinds = forward.jvp_kinds()
    assert sum(map(len, kinds.values())) == len(registered())


def _pairing(a, b):
    return sum(np.real(np.sum(np.asarray(x) * np.asarray(y))) for x, y in zip(wg.testing.flatten(a), wg.testing.flatten(b)))


def _random_like(x, rng):
    return wg.testing.unflatten(x, [rng.standard_normal(np.shape(leaf)) if np.ndim(leaf) else float(rng.standard_normal())
                                    for leaf in wg.testing.flatten(x)])


@pytest.mark.parametrize("f, args", [
    (lambda x: np.sum(x[::-1, 1:] ** 2, axis=-1), (np.arange(6.0).reshape(2, 3),)),
    (lambda a, b: np.linalg.solve(a, b), (np.eye(3) * 3 + 0.1 * np.arange(9.0).reshape(3, 3), np.ones(3))),
    (lambda a, b: np.linalg.solve(a, b), (np.eye(3) * 3 + 0.1 * np.arange(9.0).reshape(3, 3), np.ones((3, 2)))),
    (lambda a: np.linalg.inv(a) + np.linalg.det(a), (np.eye(2) * 2 + 0.3,)),
    (lambda x: wnp.log_softmax(x, axis=0) * wnp.softmax(x) + wnp.logsumexp(x, axis=-1, keepdims=True),
     (np.arange(6.0).reshape(2, 3) / 7,)),
    (lambda x, y: np.einsum("ij,jk->ik", x, y) + np.concatenate([x, x], axis=1)[:, :2], (np.ones((2, 2)), np.eye(2))),
    (lambda x: np.linalg.eigh(x @ x.T)[0], (np.arange(4.0).reshape(2, 2) + np.eye(2),)),
])
def test_jvp_is_the_transpose_of_the_vjp(f, args):
    rng = np.random.default_rng(3)
    v = tuple(_random_like(a, rng) for a in args)
    out, jv = wg.jvp(f, args, v)
    u = _random_like(out, rng)
    _, pullback = wg.vjp(f, *args)
    assert _pairing(jv, u) == pytest.approx(_pairing(v, pullback(u)), rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("f, x, t, expected", [
    (np.abs, 0.0, 1.0, 0.0),  # sign(0) = 0, the subgradient abs's VJP uses
    (np.abs, np.array([-1.0, 0.0, 2.0]), np.ones(3), np.array([-1.0, 0.0, 1.0])),
    (lambda x: np.max(x), np.array([1.0, 3.0, 3.0]), np.array([0.0, 1.0, 3.0]), 2.0),  # ties share
    (lambda x: np.sum(x, axis=-1), np.ones((2, 3)), np.arange(6.0).reshape(2, 3), np.array([3.0, 12.0])),
    (lambda x: np.sum(x), np.zeros((0, 3)), np.zeros((0, 3)), 0.0),
    (lambda x: x.reshape(1, 1) * 2.0, np.ones(1), np.array([0.5]), np.array([[1.0]])),
])
def test_switching_points(f, x, t, expected):
    _, tangent = wg.jvp(f, (x,), (t,))
    np.testing.assert_allclose(tangent, expected, rtol=1e-15)
    # the same as the VJP's directional derivative
    _, pullback = wg.vjp(f, x)
    u = np.ones(np.shape(expected)) if np.ndim(expected) else 1.0
    assert _pairing(tangent, u) == pytest.approx(_pairing(pullback(u)[0] if isinstance(pullback(u), tuple) else pullback(u), t), rel=1e-15, abs=0.0)


def test_complex_holomorphic_and_not():
    z = 0.3 + 0.4j
    assert wg.jvp(np.exp, (z,), (1j,))[1] == pytest.approx(np.exp(z) * 1j, rel=1e-15, abs=0.0)
    # |z| is a real function of z: its tangent is Re(conj(z) t) / |z|
    assert wg.jvp(np.abs, (z,), (1j,))[1] == pytest.approx(0.4 / 0.5, rel=1e-15, abs=0.0)
    assert wg.jvp(np.real, (z,), (1j,))[1] == 0.0
    assert wg.jvp(np.conj, (z,), (1j,))[1] == -1j


def test_structured_values_carry_structured_tangents():
    from dataclasses import dataclass

    @dataclass
    class P:
        w: np.ndarray
        b: float
    p, t = P(np.array([1.0, 2.0]), 3.0), P(np.array([1.0, 0.0]), 1.0)
    out, tangent = wg.jvp(lambda q: {"s": q.b * np.sum(q.w ** 2), "n": 3}, (p,), (t,))
    assert out == {"s": 15.0, "n": 3}
    assert tangent["s"] == pytest.approx(5.0 + 3.0 * 2.0, rel=1e-15, abs=0.0)


def test_forward_over_forward_third_order():
    f = lambda x: np.sin(x) * x ** 2  # noqa: E731
    d1 = lambda x: wg.jvp(f, (x,), (1.0,))[1]  # noqa: E731
    d2 = lambda x: wg.jvp(d1, (x,), (1.0,))[1]  # noqa: E731
    d3 = lambda x: wg.jvp(d2, (x,), (1.0,))[1]  # noqa: E731
    x = 0.7
    expected = -np.cos(x) * x ** 2 - 6 * x * np.sin(x) + 6 * np.cos(x)
    assert d3(x) == pytest.approx(expected, rel=1e-12, abs=0)


def test_forward_over_reverse_hvp():
    f = lambda x: np.sum(np.sin(x) * x[::-1])  # noqa: E731
    x, v = np.array([0.1, 0.5, 0.9]), np.array([1.0, -2.0, 0.5])
    expected = wg.jacrev(wg.grad(f))(x) @ v
    np.testing.assert_allclose(wg.hvp(f, x, v), expected, rtol=1e-12)


def test_reverse_over_forward():
    v = np.array([1.0, 2.0])
    g = wg.grad(lambda x: wg.jvp(lambda y: np.sum(np.exp(y) * y), (x,), (v,))[1])(np.array([0.0, 1.0]))
    x = np.array([0.0, 1.0])
    np.testing.assert_allclose(g, np.exp(x) * (x + 2) * v, rtol=1e-12)


def test_custom_jvp_and_defjvp():
    calls = []

    @wg.custom_jvp
    def f(x):
        return np.sin(x)

    @f.defjvp
    def _(primals, tangents):
        calls.append(1)
        return np.sin(primals[0]), np.cos(primals[0]) * tangents[0]
    assert wg.jvp(f, (0.0,), (2.0,)) == (0.0, 2.0)
    assert calls == [1]


def test_a_primitive_with_only_a_vjp_goes_through_the_transpose():
    @wg.primitive
    def cube(x):
        return x * x * x
    wg.defvjp(cube, lambda ans, x: lambda g: g * 3 * x ** 2)
    assert jvp_kind(cube) == "transposed"
    np.testing.assert_allclose(wg.jvp(cube, (np.array([1.0, 2.0]),), (np.ones(2),))[1], [3.0, 12.0], rtol=1e-15)


def test_jacfwd_batches_the_directions():
    A = np.arange(12.0).reshape(6, 2) / 10
    f = lambda x: np.tanh(A @ x) * np.sin(A @ (x * x))  # noqa: E731
    x = np.array([0.3, -0.2])
    np.testing.assert_allclose(wg.jacfwd(f)(x), wg.jacrev(f)(x), rtol=1e-12)


def test_a_dual_refuses_to_become_a_plain_number():
    with pytest.raises(TypeError, match="drop its tangent"):
        wg.jvp(lambda x: float(x), (1.0,), (1.0,))
    with pytest.raises(TypeError, match="drop its tangent"):
        wg.jvp(lambda x: np.asarray(x), (np.ones(2),), (np.ones(2),))


@pytest.mark.parametrize("op", [lambda x, y: x * y, lambda x, y: y * x, lambda x, y: np.multiply(x, y),
                                lambda x, y: x / y, lambda x, y: x ** y, lambda x, y: wg.exp(x) * wg.sin(y)])
@pytest.mark.parametrize("x0", [1.5, np.array(1.5)])
def test_reverse_over_forward_sees_the_outer_var(op, x0):
    # grad of a jvp that closes over the outer runner's Var: forward mode inside a reverse
    # runner would meet x as a constant (a silent 0); it goes reverse over reverse there.
    def h(x):
        return wg.jvp(lambda y: op(x, y), (2.0,), (3.0,))[1]
    check_grads(h, x0, order=1)
    assert wg.grad(h)(x0) != 0.0


def test_gradients_through_linearize_jacfwd_and_hvp_inside_a_runner():
    _, f_jvp = wg.linearize(lambda y: wg.sin(y) * y, 2.0)
    assert wg.grad(f_jvp)(3.0) == pytest.approx(np.cos(2.0) * 2 + np.sin(2.0), rel=1e-14, abs=0)
    assert wg.grad(lambda x: np.sum(wg.jacfwd(lambda y: x * y)(np.ones(2))))(1.5) == pytest.approx(2.0, rel=1e-15, abs=0.0)
    assert wg.grad(lambda x: np.sum(wg.hvp(lambda y: x * np.sum(y ** 3), np.ones(2), np.ones(2))))(1.5) \
        == pytest.approx(12.0, rel=1e-15, abs=0.0)


# -- fwd3: forward over forward through rules with only a VJP; inner tapes under jvp ---------

def _third_directional(f, x, v):
    d1 = lambda y: wg.jvp(f, (y,), (v,))[1]  # noqa: E731
    d2 = lambda y: wg.jvp(d1, (y,), (v,))[1]  # noqa: E731
    return wg.jvp(d2, (x,), (v,))[1]


def test_third_order_forward_through_transposed_rules():
    # prod and cumprod have only a VJP (jvp_kind "transposed"): forward over forward over
    # forward goes through their transposed pullbacks, which compute with outer Duals.
    # prod(x + s v) is a polynomial in s: its third derivative is 6 times the s^3 coefficient.
    x, v = np.array([0.3, -1.2, 2.5, 0.7]), np.array([1.0, 0.5, -0.2, 0.3])
    assert jvp_kind(np.prod) == "transposed"
    poly = np.array([1.0])
    for xi, vi in zip(x, v):
        poly = np.convolve(poly, [xi, vi])
    assert _third_directional(np.prod, x, v) == pytest.approx(6 * poly[3], rel=1e-12, abs=0)
    assert _third_directional(lambda y: np.cumprod(y)[-1], x, v) == pytest.approx(6 * poly[3], rel=1e-12, abs=0)
    # sort: piecewise the identity's permutation, so the cube's third derivative is 6 sum v^3
    assert _third_directional(lambda y: np.sum(np.sort(y) ** 3), x, v) == pytest.approx(6 * np.sum(v ** 3), rel=1e-15, abs=0.0)


def test_jacfwd_of_jacfwd_is_the_hessian_through_transposed_rules():
    x = np.array([0.3, -1.2, 2.5, 0.7])
    for f in (np.prod, lambda y: np.median(y) ** 3 + np.sum(np.sort(y) * y)):
        np.testing.assert_allclose(wg.jacfwd(wg.jacfwd(f))(x), wg.hessian(f)(x), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("outer", ["jacfwd", "jacrev"])
@pytest.mark.parametrize("inner", ["jacfwd", "jacrev"])
@pytest.mark.parametrize("f, x, truth", [
    (lambda x: x ** 3, 2.0, 12.0),
    (lambda x: x / (x - 2.0), 3.5, 4.0 / 1.5 ** 3),  # (t.var's form)
    (lambda x: np.sum(x ** 3), np.array([1.0, 2.0]), np.diag([6.0, 12.0])),
    (lambda d: d["a"] ** 2 * d["b"], {"a": 1.5, "b": 2.0},
     {"a": {"a": 4.0, "b": 3.0}, "b": {"a": 3.0, "b": 0.0}}),
    (lambda x: (x ** 2, x ** 3), 2.0, (2.0, 12.0)),
], ids=["scalar", "quotient", "array", "dict", "tuple out"])
def test_every_composition_of_jacfwd_and_jacrev_is_the_second_derivative(outer, inner, f, x, truth):
    # jacfwd(jacrev(f)) (JAX's hessian) once raised TypeError: the reverse Jacobian's rows,
    # Duals of the outer forward pass, were converted to a plain array
    got = getattr(wg, outer)(getattr(wg, inner)(f))(x)
    got_paths, truth_paths = tree.paths(got), tree.paths(truth)
    assert [p for p, _ in got_paths] == [p for p, _ in truth_paths]
    for (_, g), (_, t) in zip(got_paths, truth_paths):
        np.testing.assert_allclose(g, t, rtol=1e-14, atol=0)


def test_a_tape_opened_inside_jvp_records_calls_mixing_its_vars_and_duals():
    # np.stack([x, y]) with x a Var of grad's tape and y a Dual closed over: grad's tape
    # records the call (forward mode used to wrap the Var in a Dual: an escaped Var, or
    # through odeint's adjoint a silent zero).
    def h(y):
        return wg.grad(lambda x: np.sum(wnp.stack([x, y]) ** 2 * x))(np.array([1.0, 2.0]))
    y, v = np.array([0.5, -1.0]), np.array([1.0, 0.0])
    value, tangent = wg.jvp(h, (y,), (v,))
    np.testing.assert_allclose(value, [3.25, 13.0], rtol=1e-15)
    np.testing.assert_allclose(tangent, (h(y + 1e-6 * v) - h(y - 1e-6 * v)) / 2e-6, rtol=1e-7)


def _outcome(run):
    """(value, derivative) or the error's type and message, with the warnings' categories.
    The sign of a zero is left out: reverse mode's sum of adjoints gives 0.0 + -0.0."""
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value, derivative = run()
            result = ("ok", float(value) + 0.0, float(derivative) + 0.0)  # (-0.0 as 0.0)
        except (ZeroDivisionError, ValueError, OverflowError) as exc:
            result = (type(exc).__name__, str(exc))
    return result, sorted({w.category.__name__ for w in caught})


@pytest.mark.parametrize("x", [0.0, -0.0, np.inf, np.nan, -1.0, 4.0], ids=str)
@pytest.mark.parametrize("name, f", [
    ("np.sqrt", np.sqrt), ("wg.sqrt", wg.sqrt), ("x ** 0.5", lambda y: y ** 0.5),
    ("x ** 1.5", lambda y: y ** 1.5), ("x ** 2", lambda y: y ** 2), ("x ** -1.0", lambda y: y ** -1.0),
    ("2.0 ** x", lambda y: 2.0 ** y), ("0.0 ** x", lambda y: 0.0 ** y), ("x ** x", lambda y: y ** y),
    ("np.power(x, 0.5)", lambda y: np.power(y, 0.5)), ("np.power(x, 3)", lambda y: np.power(y, 3)),
])
def test_forward_and_reverse_agree_on_python_floats_at_the_edges(name, f, x):
    # the same value, the same derivative (nan for nan), the same error and warnings
    reverse = _outcome(lambda: wg.value_and_grad(f)(x))
    forward = _outcome(lambda: wg.jvp(f, (x,), (1.0,)))
    assert repr(forward) == repr(reverse), f"{name} at {x!r}: forward {forward}, reverse {reverse}"


@pytest.mark.parametrize("side", ["right", "left"])
def test_matrix_products_with_one_tangent_are_one_product(side):
    # x @ [y | ty] (or [x ; tx] @ y) split in two: the same numbers as the two products
    rng = np.random.default_rng(4)
    tall, small, direction = rng.standard_normal((9, 3)), rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    for product in (np.matmul, np.dot):
        if side == "right":
            value, tangent = wg.jvp(lambda y: product(tall, y), (small,), (direction,))
            expected = (tall @ small, tall @ direction)
        else:
            value, tangent = wg.jvp(lambda x: product(x, tall.T), (small.T,), (direction.T,))
            expected = (small.T @ tall.T, direction.T @ tall.T)
        np.testing.assert_allclose(value, expected[0], rtol=1e-14)
        np.testing.assert_allclose(tangent, expected[1], rtol=1e-14)
    # forward over reverse: the weight gradient x.T @ g of a layer, g carrying a tangent
    x, w, v = rng.standard_normal((20, 3)), rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    f = lambda w: np.sum(np.tanh(x @ w) ** 2)  # noqa: E731
    value, tangent = wg.jvp(wg.grad(f), (w,), (v,))
    np.testing.assert_array_equal(value, wg.grad(f)(w))
    np.testing.assert_allclose(tangent, (wg.grad(f)(w + 1e-6 * v) - wg.grad(f)(w - 1e-6 * v)) / 2e-6, rtol=1e-6)


def test_a_deferred_primal_is_computed_once_and_only_when_read():
    from wengert._backend import Deferred
    rng = np.random.default_rng(5)
    a, b, t = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal((4, 2))
    calls = []

    def product(x, y):
        calls.append(1)
        return x @ y
    d = forward.Dual(Deferred(product, (a, b), (4, 2), np.dtype(float)), t, forward._Tag())
    assert (d.shape, d.dtype, d.ndim, d.size, d.deferred) == ((4, 2), np.dtype(float), 2, 8, True)
    assert not calls  # shape, dtype, ndim and size are read without computing it
    np.testing.assert_array_equal(d.primal, a @ b)
    np.testing.assert_array_equal(d.primal, a @ b)
    assert len(calls) == 1 and not d.deferred
    assert d.tangent is t


def _record_fused_products(monkeypatch):
    """The list that each result of forward._fused_matmul (None where it does not apply) is
    appended to from now on."""
    made = []
    fused = forward._fused_matmul

    def spy(primals, tangents, tag):
        out = fused(primals, tangents, tag)
        made.append(out)
        return out
    monkeypatch.setattr(forward, "_fused_matmul", spy)
    return made


def test_hvp_leaves_the_primal_of_a_weight_gradient_uncomputed(monkeypatch):
    # forward over reverse: the first layer's weight gradient x.T @ g (3 inputs of 20
    # features: a product larger than g) is one whose primal hvp never reads; it stays a
    # Deferred, and the hvp is right
    rng = np.random.default_rng(6)
    x, w, v = rng.standard_normal((3, 20)), rng.standard_normal((20, 2)), rng.standard_normal((20, 2))
    made = _record_fused_products(monkeypatch)
    f = lambda w: np.sum(np.tanh(x @ w) ** 2)  # noqa: E731
    hv = wg.hvp(f, w, v)
    deferred = [d for d in made if d is not None and d.deferred]
    assert len(deferred) == 1 and deferred[0].shape == (20, 2)
    expected = wg.jacrev(wg.grad(f))(w).reshape(40, 40) @ v.ravel()
    np.testing.assert_allclose(hv.ravel(), expected, rtol=1e-12)
    # a deferred primal that is read after all (the weight used twice: the two parts of
    # its gradient are added, primal and tangent) is computed, with the same numbers
    g = lambda w: np.sum(np.tanh(x @ w) ** 2) + np.sum(np.sin(x @ w))  # noqa: E731
    del made[:]
    expected = wg.jacrev(wg.grad(g))(w).reshape(40, 40) @ v.ravel()
    np.testing.assert_allclose(wg.hvp(g, w, v).ravel(), expected, rtol=1e-12)
    assert sum(d is not None and d.deferred for d in made) == 0 < len(made)
    # a pass that returns its primals (jvp) defers nothing
    value, tangent = wg.jvp(wg.grad(g), (w,), (v,))
    np.testing.assert_allclose(value, wg.grad(g)(w), rtol=1e-14)
    assert not any(d is not None and d.deferred for d in made)


def test_hvp_defers_the_primal_of_a_product_of_two_matrices_with_tangents(monkeypatch):
    # a second layer: its weight gradient h.T @ g (h the hidden layer, both with tangents
    # under forward over reverse, 20 > 3 rows) is never read as a primal either; the
    # cotangent of h, g @ w2.T, is read and computed; the hvp is jacrev(grad)'s
    rng = np.random.default_rng(8)
    x = rng.standard_normal((3, 5))
    p = {"w1": rng.standard_normal((5, 20)), "w2": rng.standard_normal((20, 2))}
    v = {"w1": rng.standard_normal((5, 20)), "w2": rng.standard_normal((20, 2))}
    made = _record_fused_products(monkeypatch)
    f = lambda p: np.sum(np.tanh(np.tanh(x @ p["w1"]) @ p["w2"]) ** 2)  # noqa: E731
    hv = wg.hvp(f, p, v)
    deferred = sorted(d.shape for d in made if d is not None and d.deferred)
    assert deferred == [(5, 20), (20, 2)]
    flat = lambda q: np.concatenate([q["w1"].ravel(), q["w2"].ravel()])  # noqa: E731
    n = flat(p).size

    def f_flat(z):
        return f({"w1": z[:100].reshape(5, 20), "w2": z[100:].reshape(20, 2)})
    expected = wg.jacrev(wg.grad(f_flat))(flat(p)).reshape(n, n) @ flat(v)
    np.testing.assert_allclose(flat(hv), expected, rtol=1e-12)
    # and a pass that defers nothing (jvp of grad) agrees
    _, tangent = wg.jvp(wg.grad(f), (p,), (v,))
    for k in p:
        np.testing.assert_allclose(hv[k], tangent[k], rtol=1e-13)


def test_the_array_fast_paths_agree_with_the_general_one():
    # keywords, shapes and axes as tuples, and np.ndim / np.shape / np.size on Duals take
    # forward mode's short path: the same values and tangents as the general path, and a
    # deferred primal stays deferred under the shape readers
    from wengert._backend import Deferred
    rng = np.random.default_rng(7)
    a, t = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    calls = []
    d = forward.Dual(Deferred(lambda: calls.append(1) or a, (), (3, 4), np.dtype(float)), t, forward._Tag())
    assert (np.ndim(d), np.shape(d), np.size(d)) == (2, (3, 4), 12) and not calls
    for f in (lambda x: np.sum(x, axis=(0,), keepdims=True), lambda x: np.reshape(x, (4, 3)),
              lambda x: np.transpose(x, (1, 0)), lambda x: np.concatenate((x, a), axis=1),
              lambda x: np.sum(x, initial=2.0, where=a > 0)):
        value, tangent = wg.jvp(f, (a,), (t,))
        np.testing.assert_array_equal(value, f(a))
        np.testing.assert_allclose(tangent, (f(a + 1e-6 * t) - f(a - 1e-6 * t)) / 2e-6, rtol=1e-6, atol=1e-9)


# -- inputs that do not move: a zero seed enters as a constant ---------------------------------

def test_an_input_whose_whole_seed_is_zero_enters_as_a_constant():
    # d/dt [x(t) + sqrt(y)] along (1, 0) at y = 0 is 1: y does not move. Propagated as a Dual,
    # y's tangent 0 met sqrt's infinite partial and the tangent was NaN (0 * inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        assert wg.jvp(lambda x, y: x + wg.sqrt(y), (2.0, 0.0), (1.0, 0.0)) == (2.0, 1.0)
        value, tangent = wg.jvp(np.sqrt, (np.float64(0.0),), (np.float64(0.0),))
        assert value == 0.0 and tangent == 0.0 and type(tangent) is np.float64
        x, y = np.array([1.0, 2.0]), np.zeros(2)
        _, tangent = wg.jvp(lambda x, y: np.sum(x * np.sqrt(y) + x), (x, y), (np.ones(2), np.zeros(2)))
        assert tangent == 2.0
        record = {"a": 3.0, "b": np.zeros(2)}
        _, tangent = wg.jvp(lambda d: d["a"] * np.sum(np.sqrt(d["b"]) + 1.0), (record,),
                            ({"a": 1.0, "b": np.zeros(2)},))
        assert tangent == 2.0
        # an entry that does not move in an array that does adds nothing too (unary_rule's
        # convention; it met 0 * inf = NaN, as in JAX)
        _, tangent = wg.jvp(np.sqrt, (np.array([0.0, 4.0]),), (np.array([0.0, 1.0]),))
        assert tangent[0] == 0.0 and tangent[1] == 0.25


def test_a_zero_tangent_that_moves_with_an_outer_pass_is_not_a_constant():
    # nested forward mode: the inner seed v is a Dual of the outer pass, zero at v = 0 but
    # moving: d/dv of jvp(sin, x, v) is cos(x), not 0
    x = 0.7
    _, second = wg.jvp(lambda v: wg.jvp(np.sin, (x,), (v,))[1], (0.0,), (1.0,))
    assert second == pytest.approx(np.cos(x), rel=1e-15, abs=0)
    _, second = wg.jvp(lambda v: wg.jvp(lambda a: np.sum(np.sin(a)), (np.array([x, 1.0]),), (v,))[1],
                       (np.zeros(2),), (np.array([1.0, 0.0]),))
    assert second == pytest.approx(np.cos(x), rel=1e-15, abs=0)


def test_explicit_rule_refuses_a_moving_argument_it_has_no_rule_for():
    """Before: an explicit JVP (defjvp) skipped the missing-rule check, so a moving argument the
    rule does not read was dropped: np.max(x * a, None, None, False, 10 * a) (initial= by
    position) had jvp 0.0 at a = 1, truth 10 (reverse mode refused it). Now refused, naming the
    argument, as reverse mode does; a primitive with no VJP (custom_jvp's) keeps its rule for all."""
    x = np.array([1.0, 4.0, 2.0])
    with pytest.raises(wg.NoGradientRule, match="numpy.max with respect to argument 4"):
        wg.jvp(lambda a: np.max(x * a, None, None, False, 10 * a), (1.0,), (1.0,))

    @wg.primitive
    def scaled(u, s):
        return u * s
    wg.defvjp(scaled, lambda ans, u, s: lambda g: g * s)
    wg.defjvp(scaled, lambda ans, primals, tangents: tangents[0] * primals[1])
    assert wg.jvp(lambda a: scaled(a, 3.0), (2.0,), (1.0,)) == (6.0, 3.0)
    with pytest.raises(wg.NoGradientRule, match="with respect to argument 1"):
        wg.jvp(lambda a: scaled(a, a), (2.0,), (1.0,))
