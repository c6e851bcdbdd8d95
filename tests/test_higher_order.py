"""Derivatives of derivatives: nested runners, no perturbation confusion."""
import numpy as np
import pytest

import wengert as wg


def test_perturbation_confusion():
    # d/dx [x * d/dy (x + y)] = 1 at any point, not 2.
    f = lambda x: x * wg.grad(lambda y: x + y)(1.0)  # noqa: E731
    for x0 in (0.5, 3.0, -2.0):
        assert wg.grad(f)(x0) == 1.0


def test_second_derivative_of_a_cubic():
    assert wg.grad(wg.grad(lambda x: x * x * x))(2.0) == 12.0


def test_third_derivative_of_sin():
    d3 = wg.grad(wg.grad(wg.grad(wg.sin)))
    for x0 in (0.0, 0.5, 2.0):
        assert d3(x0) == pytest.approx(-np.cos(x0), rel=1e-12, abs=1e-15)


def test_hessian_diagonal_of_an_array_function():
    g = wg.grad(lambda x: np.sum(np.sin(x) * x))
    x = np.array([0.5, 1.0])
    expected = 2 * np.cos(x) - x * np.sin(x)
    np.testing.assert_allclose(wg.grad(lambda v: np.sum(g(v)))(x), expected, rtol=1e-12)


def test_newton_step_on_a_quadratic_form():
    a = np.array([[3.0, 1.0], [1.0, 2.0]])
    f = lambda x: 0.5 * (x @ (a @ x))  # noqa: E731
    df = wg.grad(f)
    x = np.array([1.0, -1.0])
    hessian = np.stack([wg.grad(lambda v, i=i: df(v)[i])(x) for i in range(2)])
    np.testing.assert_allclose(hessian, a, rtol=1e-12)


def test_stop_gradient_under_nesting():
    # stop_gradient blocks every level: d/dx [d/dy (y * sg(x) * x)] = sg(x) = 3, not 2x = 6.
    f = lambda x: wg.grad(lambda y: y * wg.stop_gradient(x) * x)(1.0)  # noqa: E731
    assert wg.grad(f)(3.0) == 3.0
    g = lambda x: wg.grad(lambda y: y * wg.stop_gradient(x))(1.0)  # noqa: E731
    assert wg.grad(g)(3.0) == 0.0


def test_jvp_agrees_with_vjp():
    rng = np.random.default_rng(0)
    w = rng.standard_normal((3, 4))

    def f(x, s):
        return np.tanh(w @ x) * s + np.sin(x[:3])

    x, s = rng.standard_normal(4), 0.7
    v = (rng.standard_normal(4), 0.3)
    u = rng.standard_normal(3)
    y, jv = wg.jvp(f, (x, s), v)
    _, pullback = wg.vjp(f, x, s)
    ju = pullback(u)
    assert np.dot(u, jv) == pytest.approx(np.dot(ju[0], v[0]) + ju[1] * v[1], rel=1e-10, abs=0)


def test_linearize():
    y, f_jvp = wg.linearize(lambda x: np.exp(x) * 2.0, np.array([0.0, 1.0]))
    np.testing.assert_allclose(f_jvp(np.array([1.0, 1.0])), 2.0 * np.exp([0.0, 1.0]), rtol=1e-15)


def test_jacobian_forward_and_reverse_agree():
    a = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
    f = lambda x: np.tanh(a @ x)  # noqa: E731  2 outputs < 3 inputs: reverse rows
    g = lambda x: np.tanh(a.T @ x)  # noqa: E731  3 outputs > 2 inputs: forward columns
    x3, x2 = np.array([0.1, 0.2, 0.3]), np.array([0.4, -0.2])
    expected_f = (1 - np.tanh(a @ x3) ** 2)[:, None] * a
    expected_g = (1 - np.tanh(a.T @ x2) ** 2)[:, None] * a.T
    np.testing.assert_allclose(wg.jacobian(f)(x3), expected_f, rtol=1e-12)
    np.testing.assert_allclose(wg.jacobian(g)(x2), expected_g, rtol=1e-12)


def test_hessian_of_a_quadratic_form():
    a = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 1.0]])
    h = wg.hessian(lambda x: 0.5 * x @ (a @ x))(np.array([0.3, -0.2, 1.0]))
    np.testing.assert_allclose(h, a, rtol=1e-12)


def test_hvp_on_a_dataclass():
    from dataclasses import dataclass

    @dataclass
    class P:
        w: np.ndarray
        b: float

    f = lambda p: np.sum(p.w * p.w * p.w) * p.b  # noqa: E731
    p, v = P(np.array([1.0, 2.0]), 2.0), P(np.array([1.0, 0.0]), 1.0)
    out = wg.hvp(f, p, v)
    assert type(out) is P
    # d2f/dw2 = diag(6 w b), d2f/dw db = 3 w^2, d2f/db2 = 0
    np.testing.assert_allclose(out.w, [6 * 1 * 2 * 1 + 3 * 1 * 1, 3 * 4 * 1], rtol=1e-15)
    assert out.b == pytest.approx(3 * 1 * 1, rel=1e-15, abs=0.0)


def test_second_order_through_dict_and_list_arguments():  # autograd issue 198
    assert wg.grad(lambda d: wg.grad(lambda e: e["a"] * e["a"] * d["a"])(d)["a"])({"a": 3.0}) == {"a": 12.0}
    assert wg.grad(lambda xs: wg.grad(lambda ys: ys[0] * ys[1] * xs[0])(xs)[1])([2.0, 5.0]) == [4.0, 0.0]


def test_elementwise_grad():
    np.testing.assert_allclose(wg.elementwise_grad(np.sin)(np.array([0.0, np.pi])), [1.0, -1.0], rtol=1e-15)


# -- structured Jacobians and Hessians ------------------------------------------------------

from collections import namedtuple  # noqa: E402
from dataclasses import dataclass, fields  # noqa: E402

import wengert.numpy as wnp  # noqa: E402
from opcheck import check_both_modes  # noqa: E402
from wengert.testing import check_grads, flatten, unflatten  # noqa: E402


@dataclass
class Tiny:
    w1: np.ndarray  # (4, 3)
    b1: np.ndarray  # (3,)
    w2: np.ndarray  # (3, 2)
    b2: np.ndarray  # (2,)


def _tiny_problem():
    rng = np.random.default_rng(7)
    net = Tiny(rng.standard_normal((4, 3)), rng.standard_normal(3) * 0.1,
               rng.standard_normal((3, 2)), rng.standard_normal(2) * 0.1)
    x = rng.standard_normal((5, 4))
    t = np.eye(2)[rng.integers(0, 2, 5)]
    return net, x, t


def _mnist_loss(net, x, t):
    h = wg.logistic(x @ net.w1 + net.b1)
    z = h @ net.w2 + net.b2
    e = np.exp(z - wg.stop_gradient(z).max(axis=1, keepdims=True))
    p = e / np.sum(e, axis=1, keepdims=True)
    return -np.sum(t * np.log(p)) / x.shape[0]


def _moved(p, name, k, eps):
    """A copy of dataclass ``p`` with element ``k`` of field ``name`` moved by ``eps``."""
    vals = {f.name: np.array(getattr(p, f.name), dtype=float) for f in fields(p)}
    vals[name].flat[k] += eps
    return type(p)(**vals)


def test_hessian_of_the_mnist_loss_against_finite_differences_block_by_block():
    net, x, t = _tiny_problem()
    loss = lambda n: _mnist_loss(n, x, t)  # noqa: E731
    h = wg.hessian(loss)(net)
    g = wg.grad(loss)
    eps = 1e-5
    names = [f.name for f in fields(net)]
    assert type(h) is Tiny and all(type(getattr(h, a)) is Tiny for a in names)
    for b in names:
        size = getattr(net, b).size
        plus = [g(_moved(net, b, k, eps)) for k in range(size)]
        minus = [g(_moved(net, b, k, -eps)) for k in range(size)]
        for a in names:
            block = getattr(getattr(h, a), b)
            shape_a, shape_b = getattr(net, a).shape, getattr(net, b).shape
            assert block.shape == shape_a + shape_b
            fd = np.stack([(getattr(p, a) - getattr(m, a)) / (2 * eps) for p, m in zip(plus, minus)],
                          axis=-1).reshape(shape_a + shape_b)
            np.testing.assert_allclose(block, fd, rtol=1e-6, atol=1e-9, err_msg=f"block {a}, {b}")
            # symmetry: H.a.b is the transpose of H.b.a
            other = getattr(getattr(h, b), a)
            np.testing.assert_allclose(block.reshape(np.prod(shape_a, dtype=int), -1),
                                       other.reshape(np.prod(shape_b, dtype=int), -1).T, rtol=1e-12,
                                       atol=1e-15)
    assert np.abs(h.w1.w2).max() > 1e-2  # the cross blocks are not trivially zero


def test_structured_hessian_matches_the_flattened_array_hessian():
    @dataclass
    class P:
        w: np.ndarray
        b: np.ndarray
        s: float

    p = P(np.array([[0.3, -0.5, 0.8], [0.1, 0.4, -0.2]]), np.array([0.5, -1.0, 0.25]), 0.7)
    f = lambda q: q.s * np.sum(np.tanh(q.w @ q.b) ** 2) + np.sin(q.s) * np.sum(q.b ** 3)  # noqa: E731
    sizes = [6, 3, 1]
    offsets = np.cumsum([0] + sizes)

    def f_flat(z):
        return f(P(z[0:6].reshape(2, 3), z[6:9], z[9]))
    z = np.concatenate([p.w.ravel(), p.b, [p.s]])
    h_flat = wg.hessian(f_flat)(z)
    assert h_flat.shape == (10, 10)
    for mode in (wg.hessian, lambda fn: wg.jacfwd(wg.grad(fn)), lambda fn: wg.jacrev(wg.grad(fn))):
        h = mode(f)(p)
        assert type(h) is P and type(h.w) is P and type(h.s) is P
        names = ["w", "b", "s"]
        for i, a in enumerate(names):
            for j, b in enumerate(names):
                block = getattr(getattr(h, a), b)
                assert isinstance(block, np.ndarray)
                assert block.shape == np.shape(getattr(p, a)) + np.shape(getattr(p, b))
                expected = h_flat[offsets[i]:offsets[i + 1], offsets[j]:offsets[j + 1]]
                np.testing.assert_allclose(block.reshape(expected.shape), expected, rtol=1e-12,
                                           atol=1e-14)
    assert h.s.s.shape == () and h.w.b.shape == (2, 3, 3) and h.b.w.shape == (3, 2, 3)


def test_structured_jacobian_of_a_structured_output_against_finite_differences():
    Out = namedtuple("Out", "y total label")

    def f(d):
        y = {"u": np.sin(d["x"]) * d["c"], "v": d["c"] ** 2}
        return Out(y, np.sum(d["x"] ** 2), 3)

    d = {"x": np.array([0.2, -0.4, 1.3]), "c": 1.5, "tag": "constant"}
    for jac in (wg.jacobian, wg.jacrev, wg.jacfwd):
        j = jac(f)(d)
        # the integer output leaf: zeros of the Jacobian's shape (it was 3 itself)
        assert type(j) is Out and j.label["tag"] == "constant"
        assert np.array_equal(j.label["x"], np.zeros(3, int)) and j.label["c"] == 0 and j.label["c"].dtype.kind == "i"
        assert set(j.y) == {"u", "v"} and set(j.y["u"]) == {"x", "c", "tag"}
        assert j.y["u"]["tag"] == "constant"
        assert j.y["u"]["x"].shape == (3, 3) and j.y["u"]["c"].shape == (3,)
        assert j.y["v"]["x"].shape == (3,) and j.y["v"]["c"].shape == ()
        assert j.total["x"].shape == (3,) and j.total["c"].shape == ()
        eps = 1e-6
        for name in ("x", "c"):
            size = np.size(d[name])
            for k in range(size):
                plus, minus = dict(d), dict(d)
                if name == "x":
                    plus["x"], minus["x"] = d["x"].copy(), d["x"].copy()
                    plus["x"][k] += eps
                    minus["x"][k] -= eps
                else:
                    plus["c"], minus["c"] = d["c"] + eps, d["c"] - eps
                fp, fm = flatten(f(plus)), flatten(f(minus))
                fd = [(np.asarray(a) - np.asarray(b)) / (2 * eps) for a, b in zip(fp, fm)]
                blocks = [j.y["u"][name], j.y["v"][name], j.total[name]]
                for block, col in zip(blocks, fd):
                    got = block.reshape(np.shape(col) + (size,))[..., k]
                    np.testing.assert_allclose(got, col, rtol=1e-7, atol=1e-9)


def test_jacobian_with_tuple_argnums_and_constants():
    def f(x, n, y):
        return {"a": x * y ** n, "b": np.sum(x)}

    x, y = np.array([1.0, 2.0]), 3.0
    for jac in (wg.jacobian, wg.jacrev, wg.jacfwd):
        j = jac(f, argnums=(0, 2))(x, 2, y)
        assert isinstance(j["a"], tuple) and len(j["a"]) == 2
        np.testing.assert_allclose(j["a"][0], np.diag([9.0, 9.0]), rtol=1e-15)
        np.testing.assert_allclose(j["a"][1], 2 * y * x, rtol=1e-15)
        np.testing.assert_allclose(j["b"][0], [1.0, 1.0], rtol=1e-15)
        assert j["b"][1] == 0.0 and j["b"][1].shape == ()
    h = wg.hessian(lambda x, y: np.sum(x ** 2) * y ** 3, argnums=(0, 1))(x, y)
    np.testing.assert_allclose(h[0][0], 2 * y ** 3 * np.eye(2), rtol=1e-15)
    np.testing.assert_allclose(h[0][1], 6 * y ** 2 * x, rtol=1e-15)
    np.testing.assert_allclose(h[1][0], 6 * y ** 2 * x, rtol=1e-15)
    assert float(h[1][1]) == pytest.approx(6 * y * 5.0, rel=1e-15, abs=0.0)
    with pytest.raises(ValueError, match="argnums"):
        wg.jacobian(f, argnums=3)(x, 2, y)


def test_jacobian_nested_inside_grad():
    # d/dx sum(J(x)) for J = jacobian of y -> y**3: sum(diag(3 x^2)) -> 6 x
    x = np.array([1.0, -2.0, 0.5])
    for jac in (wg.jacrev, wg.jacfwd):
        np.testing.assert_allclose(wg.grad(lambda v: np.sum(jac(lambda y: y ** 3)(v)))(x), 6 * x, rtol=1e-15)
    # a Hessian with respect to a dict, differentiated again: d/da of d2(a^3 b)/da db = 6a
    out = wg.grad(lambda d: wg.hessian(lambda e: e["a"] ** 3 * e["b"])(d)["a"]["b"])({"a": 2.0, "b": 3.0})
    assert out == {"a": 12.0, "b": 0.0}


def test_elementwise_grad_on_structured_values_and_with_argnums():
    d = {"a": np.array([0.0, 1.0]), "b": 3.0}
    g = wg.elementwise_grad(lambda d: {"a": np.sin(d["a"]), "b": d["b"] ** 2})(d)
    np.testing.assert_allclose(g["a"], np.cos(d["a"]), rtol=1e-15)
    assert g["b"] == 6.0
    assert wg.elementwise_grad(lambda x, y: x * y, argnums=1)(2.0, np.array([1.0, 5.0])).tolist() == [2.0, 2.0]
    gx, gy = wg.elementwise_grad(lambda x, n, y: x ** n * y, argnums=(0, 2))(np.array([2.0]), 3, np.array([0.5]))
    assert gx.tolist() == [6.0] and gy.tolist() == [8.0]


# -- Newton's method converges quadratically --------------------------------------------------

def _assert_quadratic(errors, bound):
    assert min(errors) < 1e-12, errors
    first_tiny = next(k for k, e in enumerate(errors) if e < 1e-12)
    assert first_tiny <= 6, errors
    for k in range(first_tiny):
        if errors[k] > 1e-7:  # below this the next error is at rounding level
            assert errors[k + 1] <= bound * errors[k] ** 2, (k, errors)


def test_newton_on_rosenbrock_converges_quadratically():
    rosen = lambda x: (1.0 - x[0]) ** 2 + 100.0 * (x[1] - x[0] ** 2) ** 2  # noqa: E731
    x = np.array([1.2, 1.2])
    errors = []
    for _ in range(8):
        x = x - np.linalg.solve(wg.hessian(rosen)(x), wg.grad(rosen)(x))
        errors.append(np.linalg.norm(x - 1.0))
    _assert_quadratic(errors, bound=2.0)
    # with a first-order-accurate Hessian, convergence would only be linear
    assert errors[2] < 1e-2 and errors[3] < 1e-6


def test_newton_on_logistic_regression_with_hvp_converges_quadratically():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((40, 2))
    y = (x @ np.array([1.5, -2.0]) + 0.3 + rng.standard_normal(40) > 0).astype(float)

    def loss(p):
        z = x @ p["w"] + p["b"]
        return np.sum(np.log(1.0 + np.exp(z)) - y * z) + 0.05 * (p["w"] @ p["w"])

    def newton(p):
        basis = [unflatten(p, list(e)) for e in ([np.array([1.0, 0.0]), 0.0], [np.array([0.0, 1.0]), 0.0],
                                                [np.zeros(2), 1.0])]
        h = np.stack([np.hstack(flatten(wg.hvp(loss, p, v))) for v in basis], axis=1)
        step = np.linalg.solve(h, np.hstack(flatten(wg.grad(loss)(p))))
        return {"w": p["w"] - step[:2], "b": p["b"] - float(step[2])}

    p = {"w": np.array([2.5, -3.0]), "b": 0.5}  # the optimum is near w = (3.36, -3.83), b = 0.96
    iterates = []
    for _ in range(10):
        p = newton(p)
        iterates.append(np.hstack(flatten(p)))
    best = iterates[-1]
    np.testing.assert_allclose(np.hstack(flatten(wg.grad(loss)(p))), 0.0, atol=1e-10)
    errors = [np.linalg.norm(it - best) for it in iterates[:-2]]
    _assert_quadratic(errors, bound=1.0)


# -- forward mode against reverse mode on random compositions --------------------------------

_UNARY = [
    ("tanh", np.tanh), ("sin", np.sin), ("cos", np.cos),
    ("exp", lambda v: np.exp(np.tanh(v))),           # exp of bounded values
    ("log", lambda v: np.log(1.0 + v * v)),          # log of positive values
    ("logistic", wg.logistic), ("softmax", lambda v: wnp.softmax(v, axis=-1)),
    ("log_softmax", lambda v: wnp.log_softmax(v, axis=-1)), ("square", np.square),
]


def _random_program(rng, n_ops):
    """A random composition of registered NumPy functions over a pool of values."""
    mats = {}

    def matrix(n):
        if n not in mats:
            mats[n] = rng.standard_normal((n, 3)) * 0.5
        return mats[n]

    kinds = ["unary", "matmul", "sum", "reshape", "concatenate", "mul", "add"]
    weights = [0.4, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
    steps = [(str(rng.choice(kinds, p=weights)), int(rng.integers(0, 1 << 30))) for _ in range(n_ops)]

    def run(pool):
        pool = list(pool)
        for op, r in steps:
            a = pool[r % len(pool)]
            b = pool[(r // 7) % len(pool)]
            nd = np.ndim(a)
            if op == "unary":
                a = _UNARY[r % len(_UNARY)][1](a)
            elif op == "matmul" and nd >= 1:
                a = a @ matrix(np.shape(a)[-1])
            elif op == "sum" and nd >= 1:
                a = np.sum(a, axis=(r % nd), keepdims=bool(r & 1))
            elif op == "reshape" and nd >= 1:
                a = np.reshape(a, (-1,)) if nd > 1 else np.reshape(a, (1, -1))
            elif op == "concatenate" and nd >= 1:
                a = np.concatenate([a, np.sin(a)], axis=r % nd)
            elif op == "mul":
                a = a * (b if np.shape(b) == np.shape(a) else np.mean(b))
            elif op == "add":
                a = a + (np.tanh(b) if np.shape(b) == np.shape(a) else np.sum(b) * 0.1)
            pool.append(a)
        return pool[-1], pool[-2]
    return run


def _check_jvp_against_vjp(f, args, rng):
    value, pullback = wg.vjp(f, *args)
    tangents = tuple(unflatten(a, [rng.standard_normal(np.shape(leaf)) if np.ndim(leaf) else
                                   float(rng.standard_normal()) for leaf in flatten(a)]) for a in args)
    u = unflatten(value, [rng.standard_normal(np.shape(leaf)) if np.ndim(leaf) else float(rng.standard_normal())
                          for leaf in flatten(value)])
    y, jv = wg.jvp(f, args, tangents)
    assert all(np.array_equal(p, q) for p, q in zip(flatten(y), flatten(value)))
    jtu = pullback(u)
    forward = sum(np.sum(a * b) for a, b in zip(flatten(u), flatten(jv)))
    reverse = sum(np.sum(a * b) for a, b in zip(flatten(jtu), flatten(tangents)))
    assert forward == pytest.approx(reverse, rel=1e-10, abs=1e-12)
    assert abs(forward) > 1e-8  # the check is not vacuous


@pytest.mark.parametrize("seed", range(12))
def test_jvp_agrees_with_vjp_on_random_array_programs(seed):
    rng = np.random.default_rng(1000 + seed)
    program = _random_program(rng, n_ops=8)
    x = rng.standard_normal((2, 3)) * 0.7
    f = lambda x: program([x, np.sin(x)])[0]  # noqa: E731
    _check_jvp_against_vjp(f, (x,), rng)
    check_grads(f, x, modes=("rev", "fwd"))


@dataclass
class Pair:
    a: np.ndarray
    s: float


@pytest.mark.parametrize("seed", range(12))
def test_jvp_agrees_with_vjp_on_random_structured_programs(seed):
    rng = np.random.default_rng(2000 + seed)
    program = _random_program(rng, n_ops=8)
    d = {"x": rng.standard_normal((2, 3)) * 0.7, "y": rng.standard_normal(3) * 0.7}
    pair = Pair(rng.standard_normal(3) * 0.7, float(rng.standard_normal()))

    def f(d, pair):
        last, before = program([d["x"], d["y"], pair.a * pair.s])
        return {"last": last, "pair": Pair(before, np.sum(last) * pair.s)}
    _check_jvp_against_vjp(f, (d, pair), rng)
    check_grads(f, d, pair, modes=("rev", "fwd"))


# -- third order, and grad through grad_bp on a dict --------------------------------------------

def test_third_derivative_of_sum_x4_on_arrays():
    f = lambda x: np.sum(x ** 4)  # noqa: E731
    x = np.array([0.5, -1.0, 2.0])
    t = wg.jacobian(wg.hessian(f))(x)  # d3f/dxi dxj dxk = 24 x_i [i == j == k]
    expected = np.zeros((3, 3, 3))
    expected[np.arange(3), np.arange(3), np.arange(3)] = 24 * x
    np.testing.assert_allclose(t, expected, rtol=1e-12, atol=1e-14)
    d3 = wg.elementwise_grad(wg.elementwise_grad(wg.grad(f)))
    np.testing.assert_allclose(d3(x), 24 * x, rtol=1e-12)
    v = np.array([1.0, 2.0, -1.0])
    # third directional derivative: d/dx <v, H(x) v> = 24 x v^2 ... its gradient
    np.testing.assert_allclose(wg.grad(lambda y: wg.hvp(f, y, v) @ v)(x), 24 * x * v ** 2, rtol=1e-12)


def test_grad_of_a_function_that_calls_grad_bp_on_a_dict():
    def energy(x):
        inner = wg.grad_bp(lambda d: d["a"] ** 2 * d["b"] + np.sum(np.sin(d["v"]) * x), {"a": x, "b": 2.0,
                                                                                       "v": wnp.array([0.1, x])})
        return inner["a"] * x + np.sum(inner["v"])  # 2 a b x + sum(cos(v) x) with a = x, v = (0.1, x)

    x0 = 0.7
    # energy(x) = 4 x^2 + x cos(0.1) + x cos(x)
    expected = 8 * x0 + np.cos(0.1) + np.cos(x0) - x0 * np.sin(x0)
    assert wg.grad(energy)(x0) == pytest.approx(expected, rel=1e-12, abs=0)
    assert wg.grad(wg.grad(energy))(x0) == pytest.approx(8 - 2 * np.sin(x0) - x0 * np.cos(x0), rel=1e-12, abs=0)


def test_jacobians_and_hessians_of_float32_stay_float32():
    # float32 stays float32 (README), in every Jacobian mode and in the Hessian; a float64
    # leaf on either side makes the block float64.
    x = np.array([1.0, 2.0], dtype=np.float32)
    cube = lambda x: np.sum(x ** 3)  # noqa: E731
    for jac in (wg.jacobian, wg.jacrev, wg.jacfwd):
        j = jac(lambda x: {"a": x ** 2, "b": x[0]})(x)
        assert j["a"].dtype == j["b"].dtype == np.float32
        np.testing.assert_array_equal(j["a"], np.diag([2.0, 4.0]))
    assert wg.hessian(cube)(x).dtype == np.float32
    np.testing.assert_array_equal(wg.hessian(cube)(x), np.diag([6.0, 12.0]))
    assert wg.jacobian(lambda x: x * np.ones(2))(x).dtype == np.float64
    # the second-order paths too: jacfwd(jacfwd) was float64 (its inner Jacobian's tangents in float64)
    for outer in (wg.jacrev, wg.jacfwd):
        for inner in (wg.jacrev, wg.jacfwd):
            for arg, fn, part in ((x, cube, lambda h: h), ({"x": x}, lambda d: cube(d["x"]), lambda h: h["x"]["x"])):
                h = part(outer(inner(fn))(arg))
                assert h.dtype == np.float32, (outer, inner, arg)
                np.testing.assert_array_equal(h, np.diag([6.0, 12.0]))
    jvp_grad = wg.jvp(wg.grad(cube), (x,), (np.ones(2, np.float32),))[1]
    assert jvp_grad.dtype == np.float32
    np.testing.assert_array_equal(jvp_grad, [6.0, 12.0])
    # a traced Jacobian block too (one transform inside another): jacrev(jacfwd) of np.square was
    # float64, and so was every third order whose middle transform is jacfwd (x ** 3's tangent)
    sq = lambda x: np.sum(np.square(x) + np.sin(2 * x))  # noqa: E731
    assert wg.jacrev(wg.jacfwd(sq))(x).dtype == np.float32
    third = np.zeros((2, 2, 2), np.float32)
    third[0, 0, 0], third[1, 1, 1] = 6.0, 6.0
    for a in (wg.jacrev, wg.jacfwd):
        for b in (wg.jacrev, wg.jacfwd):
            for c in (wg.jacrev, wg.jacfwd):
                t = a(b(c(cube)))(x)
                assert t.dtype == np.float32, (a, b, c)
                np.testing.assert_array_equal(t, third)



def test_a_float32_cotangent_widened_by_a_rule_stays_float32_under_forward_over_reverse():
    # einsum's trace rule multiplies by a float64 np.eye: the plain gradient was cast back to
    # float32, but under an outer forward pass (hessian, hvp, jvp of grad) its Dual was not: float64
    x = np.array([[1.0, 0.5], [0.25, 2.0]], np.float32)
    f = lambda a: np.einsum("ii->", a) ** 3  # noqa: E731  (trace 3: gradient 27 I, Hessian 18 I (x) I)
    eye, v = np.eye(2, dtype=np.float32), np.array([[1.0, 2.0], [3.0, 0.5]], np.float32)
    h = wg.hessian(f)(x)
    assert h.dtype == np.float32
    np.testing.assert_array_equal(h, 18.0 * np.einsum("ij,kl->ijkl", eye, eye))
    primal, tangent = wg.jvp(wg.grad(f), (x,), (v,))
    assert primal.dtype == tangent.dtype == wg.hvp(f, x, v).dtype == np.float32
    np.testing.assert_array_equal(primal, 27.0 * eye)
    np.testing.assert_array_equal(tangent, 18.0 * 1.5 * eye)
    np.testing.assert_array_equal(wg.hvp(f, x, v), 18.0 * 1.5 * eye)


def test_a_plain_or_mixed_cotangent_of_float32_stays_float32_under_forward_over_reverse():
    # np.max's gradient is its plain mask (no tangent reaches it) and was returned as it came,
    # float64, under jvp / hvp; prod(where=)'s was a Dual with a float32 value and a float64 tangent
    x, v = np.array([0.3, -1.2, 2.0], np.float32), np.array([1.0, 2.0, 0.5], np.float32)
    mask = np.array([True, False, True])
    for f, hvp in ((lambda a: np.max(a), [0.0, 0.0, 0.0]),
                   (lambda a: np.sum(np.prod(a, where=mask) * a), [9.7, 2.15, 4.3])):  # a0 a2 (a0 + a1 + a2)
        primal, tangent = wg.jvp(wg.grad(f), (x,), (v,))
        assert primal.dtype == tangent.dtype == wg.hvp(f, x, v).dtype == np.float32
        np.testing.assert_allclose(wg.hvp(f, x, v), hvp, rtol=1e-6)

# -- forward over reverse: a forward-mode cotangent added to a plain one ------------------------

HESSIAN_CASES = {
    "x*x - x + x": lambda x: np.sum(x * x) + np.sum(-x) + np.sum(x),
    "einsum": lambda x: np.sum(np.einsum("i,i->i", x, x)) + np.sum(-x) + np.sum(2.0 * x),
    "hfft": lambda x: np.sum(-x) + 0.5 * np.sum(x) + 0.5 * np.sum(np.fft.hfft(np.outer(x, x), norm="forward")),
}


@pytest.mark.parametrize("name", list(HESSIAN_CASES))
def test_hessian_when_plain_cotangents_reach_a_node_before_a_forward_mode_one(name):
    """Before: wg.hessian / wg.hvp of sum(x * x) - sum(x) + sum(x) raised "numpy.add(...,
    out=...) writes into an array in place": two plain cotangents of x made its adjoint a
    writeable array, into which the tape added the Dual of x * x's pullback in place
    (tools/property_run.py --first-seed 1313000: 20 programs of 1500)."""
    f = HESSIAN_CASES[name]
    x = np.array([0.3, -1.2, 2.0])
    hessian = wg.hessian(f)(x)
    np.testing.assert_allclose(wg.hvp(f, x, np.array([1.0, 0.5, -2.0])), hessian @ [1.0, 0.5, -2.0], rtol=1e-12)
    np.testing.assert_allclose(hessian, wg.jacrev(wg.grad(f))(x), rtol=1e-12, atol=1e-12)
    check_both_modes(f, x)
