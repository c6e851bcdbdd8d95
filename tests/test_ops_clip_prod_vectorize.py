"""NumPy options and functions against central finite
differences (tests/test_coverage.py runs every case again at second order and in forward
mode, and with complex arguments where the function takes them), with exact values at
their switching points: ``np.clip`` with Var bounds (positional, and NumPy 2.1's ``min=``
and ``max=``); ``np.prod`` (and
``np.nanprod``, ``np.multiply.reduce``) with ``where=`` and ``initial=``; ``wnp.vectorize``
and ``wnp.frompyfunc`` (Python loops over element Vars).
"""
import math
from fractions import Fraction

import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from opcheck import case, gradient_test, rand
from wengert.testing import check_grads

_CLIP_MIN_MAX = np.lib.NumpyVersion(np.__version__) >= "2.1.0"
X = np.array([-0.9, -0.3, 0.2, 0.45, 0.8])  # no entry at a bound below
MASK = np.array([[True, False, True], [False, True, True]])


def _huber(t):
    """A Python function with a branch on the value (each element takes its own)."""
    return t * t / 2 if abs(t) < 0.5 else 0.5 * abs(t) - 0.125


_pair = wnp.vectorize(lambda a, b: (a * np.sin(b), a + b * b))
_dot = wnp.vectorize(lambda a, b: np.sum(a * b), signature="(n),(n)->()")
_outer = wnp.vectorize(lambda a: np.outer(a, np.exp(a)), signature="(n)->(n,n)")
_hyp = wnp.frompyfunc(lambda a, b: np.sqrt(a * a + b * b), 2, 1)
_polar = wnp.frompyfunc(lambda r, t: (r * np.cos(t), r * np.sin(t)), 2, 2)

CASES = [
    # -- clip: the bounds are differentiable, broadcast against a
    case(np.clip, lambda a, lo, hi: np.clip(a, lo, hi), X, -0.5, 0.5, id="clip-var-bounds"),
    case(np.clip, lambda lo: np.clip(X, lo, 0.5), -0.5, id="clip-var-lo"),
    case(np.clip, lambda hi: np.clip(X, None, hi), np.array([0.1, 0.3, 0.35, 0.5, 0.7]), id="clip-var-hi-array"),
    case(np.clip, lambda a, lo, hi: np.clip(a, lo, hi), X, rand((2, 1), -0.6, -0.1, seed=3),
         rand((5,), 0.0, 0.6, seed=4), id="clip-broadcast-bounds"),
    case(np.clip, lambda a, lo: np.clip(a, lo, 0.5), 0.3, np.array([[-0.2], [0.35], [0.4]]), id="clip-float-a"),
    case(np.clip, lambda lo, hi: np.clip(X, lo, hi), 0.6, 0.1, id="clip-lo-above-hi"),  # NumPy: hi everywhere
    case(np.clip, lambda lo, hi: lo.clip(lo * 0.5, hi), rand((2, 3), seed=5), 0.2, id="clip-method-var-bounds"),
    *([case(np.clip, lambda a, lo, hi: np.clip(a, min=lo, max=hi), X, -0.5, 0.5, id="clip-min-max-vars"),
       case(np.clip, lambda hi: np.clip(X, max=hi), np.full(5, 0.1), id="clip-max-var")]
      if _CLIP_MIN_MAX else []),
    # -- prod with where= and initial=
    case(np.prod, lambda v: np.prod(v, where=MASK), rand((2, 3), seed=8), id="prod-where"),
    case(np.prod, lambda v: np.prod(v, axis=-1, where=MASK, initial=1.5), rand((2, 3), seed=9), id="prod-where-axis-initial"),
    case(np.prod, lambda v: np.prod(v, axis=0, keepdims=True, where=MASK[0]), rand((2, 3), seed=10), id="prod-where-broadcast"),
    case(np.prod, lambda v: np.prod(v, axis=(), where=MASK, initial=2.0), rand((2, 3), seed=11), id="prod-where-no-axes"),
    case(np.prod, lambda v: v.prod(axis=1, where=np.array([[True], [False]])), rand((2, 3), seed=12), id="prod-method-where"),
    case(np.prod, lambda v: np.multiply.reduce(v, axis=0, where=MASK, initial=1.0), rand((2, 3), seed=13),
         id="prod-multiply-reduce-where"),
    case(np.nanprod, lambda v: np.nanprod(v, axis=1, where=MASK, initial=0.5),
         np.array([[0.3, np.nan, -0.7], [np.nan, 0.4, 0.9]]), id="nanprod-where-initial"),
    # -- vectorize and frompyfunc: the function's own derivatives at each element
    case(wnp.vectorize, lambda x: wnp.vectorize(_huber)(x), np.array([-1.3, -0.2, 0.1, 0.7, 2.0]), id="vectorize-branches"),
    case(wnp.vectorize, lambda x: wnp.vectorize(np.exp)(x), 0.4, id="vectorize-float"),
    case(wnp.vectorize, lambda x: wnp.vectorize(np.tanh)(x), rand((), seed=15), id="vectorize-0d"),
    case(wnp.vectorize, lambda a, b: _pair(a, b), rand((2, 1), seed=16), rand((3,), seed=17), id="vectorize-two-outputs-broadcast"),
    case(wnp.vectorize, lambda b: _pair(0.7, b)[0], rand((1, 3), seed=18), id="vectorize-constant-first"),
    case(wnp.vectorize, lambda x: wnp.vectorize(lambda t, k: t ** k, excluded={1})(x, 3), rand((4,), seed=19),
         id="vectorize-excluded"),
    case(wnp.vectorize, lambda x: wnp.vectorize(lambda t, k=2.0: k * t * t)(x, k=x), rand((2, 2), seed=20),
         id="vectorize-keyword"),
    case(wnp.vectorize, lambda a, b: _dot(a, b), rand((2, 3, 4), seed=21), rand((4,), seed=22), id="vectorize-signature"),
    case(wnp.vectorize, lambda a: _outer(a), rand((2, 3), seed=23), id="vectorize-signature-new-dims"),
    case(wnp.vectorize, lambda x: wnp.vectorize(lambda t: t * t, otypes=[np.float64])(x), rand((3,), seed=24),
         id="vectorize-otypes"),
    # (as float: without Vars, the finite differences' calls, NumPy returns object arrays)
    case(wnp.frompyfunc, lambda a, b: _hyp(a, b).astype(float), rand((2, 3), seed=25), rand((3,), 0.5, 1.0, seed=26),
         id="frompyfunc"),
    case(wnp.frompyfunc, lambda r, t: tuple(p.astype(float) for p in _polar(r, t)), rand((3,), seed=27), 0.4,
         id="frompyfunc-two-outputs"),
]

test_gradient = gradient_test(CASES)


@pytest.mark.parametrize("call", [lambda x, lo, hi: np.clip(x, lo, hi), lambda x, lo, hi: x.clip(lo, hi)]
                         + ([lambda x, lo, hi: np.clip(x, min=lo, max=hi)] if _CLIP_MIN_MAX else []))
def test_clip_gives_each_entry_to_the_piece_it_is(call):
    # below, at lo, inside, at hi, above: a bound counts as inside (a gets it all at a tie,
    # the same gradient as with constant bounds), so lo and hi get 1 each here
    x = np.array([-2.0, 0.0, 0.5, 1.0, 3.0])
    w = np.arange(1.0, 6.0)
    gx, glo, ghi = wg.grad_bp(lambda x, lo, hi: np.sum(call(x, lo, hi) * w), x, 0.0, 1.0)
    np.testing.assert_array_equal(gx, [0.0, 2.0, 3.0, 4.0, 0.0])
    assert (glo, ghi) == (1.0, 5.0)
    np.testing.assert_array_equal(wg.grad_bp(lambda x: np.sum(call(x, 0.0, 1.0) * w), x), gx)
    # equal bounds: a tie with both is inside; otherwise lo below, hi above
    gx, glo, ghi = wg.grad_bp(lambda x, lo, hi: np.sum(call(x, lo, hi) * w), x, 0.0, 0.0)
    np.testing.assert_array_equal(gx, [0.0, 2.0, 0.0, 0.0, 0.0])
    assert (glo, ghi) == (1.0, 12.0)


def test_clip_with_crossed_bounds_is_hi_everywhere():
    x = np.array([-2.0, 0.5, 3.0])
    gx, glo, ghi = wg.grad_bp(lambda x, lo, hi: np.sum(np.clip(x, lo, hi)), x, 1.0, 0.0)
    np.testing.assert_array_equal(gx, [0.0, 0.0, 0.0])
    assert (glo, ghi) == (0.0, 3.0)


def test_clip_second_derivatives_are_those_of_the_pieces():
    x = np.array([-2.0, 0.0, 0.5, 3.0])
    # lo at a tie with x[1]: x's piece (lo gets 0), so only x[0] is lo's: d2/dlo2 of lo**2 = 2
    assert wg.hessian(lambda lo: np.sum(np.clip(x, lo, 1.0) ** 2))(0.0) == 2.0
    h = wg.hessian(lambda x: np.sum(np.clip(x, 0.0, 1.0) ** 2))(x)
    np.testing.assert_array_equal(np.diag(h), [0.0, 2.0, 2.0, 0.0])
    check_grads(lambda lo, hi: np.clip(X, lo, hi) ** 2, -0.5, 0.5, order=2, modes=("rev", "fwd"))


def test_clip_bounds_keep_shapes_dtypes_and_empty_arrays():
    lo32 = np.array([0.1, 0.2], dtype=np.float32)
    g = wg.grad_bp(lambda lo: np.sum(np.clip(np.zeros((3, 2), np.float32), lo, 1.0)), lo32)
    assert g.dtype == np.float32 and g.tolist() == [3.0, 3.0]
    g = wg.grad_bp(lambda lo: np.sum(np.clip(np.zeros((0, 2)), lo, 1.0)), np.array([[0.1], [0.2], [0.3]])[:1])
    assert g.shape == (1, 1) and g[0, 0] == 0.0
    g = wg.grad_bp(lambda lo: np.sum(np.clip(np.array([1.0, -1.0]), lo, None)), np.array(0.0))
    assert g.shape == () and g == 1.0


def test_clip_refuses_complex_bounds_and_keeps_numpys_errors():
    with pytest.raises(wg.NoGradientRule, match="numpy.clip"):
        wg.grad_bp(lambda lo: np.abs(np.clip(np.ones(2), lo, 2.0)).sum(), 0.5 + 0.1j)
    if _CLIP_MIN_MAX:
        with pytest.raises(TypeError):
            wg.grad_bp(lambda lo: np.sum(np.clip(X, lo, 1.0, min=0.0)), 0.0)


def test_prod_where_at_zeros_and_empty_selections():
    x = np.array([[0.0, 2.0, 0.0], [3.0, 0.0, 4.0]])
    mask = np.array([[True, True, False], [True, False, True]])
    # row 0 keeps 0 and 2 (the left-out 0 is not a factor): d/dx00 = 2; row 1 keeps 3 and 4
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.prod(v, axis=1, where=mask)), x),
                                  [[2.0, 0.0, 0.0], [4.0, 0.0, 3.0]])
    # nothing selected: the product is initial, a constant
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.prod(v, where=False, initial=3.0), x), np.zeros((2, 3)))
    assert wg.grad_bp(lambda v: np.prod(v, where=np.zeros((0,), bool)), np.zeros(0)).shape == (0,)
    # second order at the zeros: d2/dx00 dx01 of x00 * x01 = 1
    h = wg.hessian(lambda v: np.prod(v, where=np.array([True, True, False])))(np.array([0.0, 0.0, 5.0]))
    np.testing.assert_array_equal(h, [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])


def _exact_others(x, skip):
    """The product of the entries of ``x`` other than those at ``skip``, in Fractions, rounded once."""
    out = Fraction(1)
    for k, t in enumerate(x):
        if k not in skip:
            out *= Fraction(t)
    return float(out) if abs(out) < 2 ** 1024 else (math.inf if out > 0 else -math.inf)


@pytest.mark.parametrize("x", [[1e200, 1e200, 1e-200, -1e-200], [1e-200, 1e-200, 1e200, 3.0], [1e-300, 1e-300, 1e300, 1e300]],
                         ids=["over-and-back", "under-then-over", "under-and-back"])
def test_prod_derivatives_where_a_partial_product_leaves_the_range(x):
    # the products of the others are in range while a partial product on one side is not:
    # grad of prod at [1e200, 1e200, 1e-200, -1e-200] was [0, 0, -inf, inf], truth [-1e-200, -1e-200, -1e200, 1e200]
    x = np.array(x)
    n = x.size
    grad_truth = [_exact_others(x, {i}) for i in range(n)]
    hess_truth = [[0.0 if i == j else _exact_others(x, {i, j}) for j in range(n)] for i in range(n)]
    jitted = wg.grad(wg.jit(np.prod))
    rows = np.stack([x, x[::-1]])
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):  # the value overflows (NumPy's)
        jitted(x)
        grads = (wg.grad(np.prod)(x), jitted(x), wg.grad(lambda v: np.sum(np.prod(v, axis=-1)))(rows)[0])
        hessians = (wg.hessian(np.prod)(x), wg.jacfwd(wg.jacrev(np.prod))(x),
                    np.stack([wg.jvp(wg.grad(np.prod), (x,), (e,))[1] for e in np.eye(n)], axis=1))
    for g in grads:
        np.testing.assert_allclose(g, grad_truth, rtol=1e-15, atol=0)
    for h in hessians:
        np.testing.assert_allclose(h, hess_truth, rtol=1e-15, atol=0)


def _exact_cumprod_derivative(x, w, skip):
    """d^|skip| / d x_skip of sum_j w_j prod_{k <= j} x_k (skip: distinct indices), in Fractions, rounded once."""
    out = Fraction(0)
    for j in range(max(skip), len(x)):
        term = Fraction(w[j])
        for k in range(j + 1):
            if k not in skip:
                term *= Fraction(x[k])
        out += term
    return float(out) if abs(out) < 2 ** 1024 else (math.inf if out > 0 else -math.inf)


@pytest.mark.parametrize("x", [[1e-200, 1e-200, 1e200, 3.0], [1e200, 1e200, 1e-200, 1e-200], [0.0, 1e200, 1e200, 1e-200]],
                         ids=["under-then-over", "over-and-back", "zero-and-over"])
def test_cumprod_derivatives_where_a_partial_product_leaves_the_range(x):
    # grad of sum(w cumprod(x)) at [1e-200, 1e-200, 1e200, 3] was 0 in its last entry for 4e-200 (the
    # left product 1e-400 underflowed), at [1e200, 1e200, 1e-200, 1e-200] inf for 4e200 and its
    # Hessian NaN for 3e200 and 0; at [0, 1e200, 1e200, 1e-200] the Hessian NaN for inf
    x, w = np.array(x), np.arange(1.0, 5.0)
    n = x.size
    f = lambda v: np.sum(w * np.cumprod(v))  # noqa: E731
    grad_truth = [_exact_cumprod_derivative(x, w, {i}) for i in range(n)]
    hess_truth = [[0.0 if i == j else _exact_cumprod_derivative(x, w, {i, j}) for j in range(n)] for i in range(n)]
    jitted = wg.grad(wg.jit(f))
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):  # the value overflows (NumPy's)
        jitted(x)
        grads = (wg.grad(f)(x), jitted(x))
        hessians = (wg.hessian(f)(x), wg.jacfwd(wg.jacrev(f))(x),
                    np.stack([wg.jvp(wg.grad(f), (x,), (e,))[1] for e in np.eye(n)], axis=1))
    for g in grads:
        np.testing.assert_allclose(g, grad_truth, rtol=1e-15, atol=0)
    for h in hessians:
        np.testing.assert_allclose(h, hess_truth, rtol=1e-15, atol=0)


def test_vectorize_values_are_numpys_and_each_element_takes_its_own_branch():
    x = np.array([[-1.3, -0.2], [0.5, 2.0]])  # 0.5: the branch NumPy's function takes there
    got = wg.eval_bp(lambda v: wnp.vectorize(_huber)(v), x)
    np.testing.assert_array_equal(got, np.vectorize(_huber)(x))
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(wnp.vectorize(_huber)(v)), x),
                                  [[-0.5, -0.2], [0.5, 0.5]])
    h = wg.hessian(lambda v: np.sum(wnp.vectorize(_huber)(v)))(np.array([-1.3, 0.2]))
    np.testing.assert_array_equal(h, [[0.0, 0.0], [0.0, 1.0]])
    assert wnp.vectorize(_huber)(np.array([0.2, 3.0])).tolist() == np.vectorize(_huber)(np.array([0.2, 3.0])).tolist()


def test_vectorize_shapes_dtypes_and_empty_inputs():
    sq = wnp.vectorize(lambda t: t * t)
    g = wg.grad_bp(lambda v: sq(v), 3.0)
    assert g == 6.0
    assert wg.eval_bp(lambda v: sq(v), np.array(2.0)).shape == ()
    g32 = wg.grad_bp(lambda v: np.sum(sq(v)), np.ones(2, np.float32))
    assert g32.dtype == np.float32
    with pytest.raises(ValueError, match="otypes"):
        wg.grad_bp(lambda v: np.sum(sq(v)), np.zeros((0, 2)))
    g = wg.grad_bp(lambda v: np.sum(wnp.vectorize(lambda t: t * t, otypes=[float])(v)), np.zeros((0, 2)))
    assert g.shape == (0, 2)
    # as NumPy: the first result's dtype is every result's (an integer one carries no gradient)
    step = wnp.vectorize(lambda t: 1 if t > 0 else t)
    np.testing.assert_array_equal(wg.eval_bp(step, np.array([1.0, -0.5])), np.vectorize(lambda t: 1 if t > 0 else t)(np.array([1.0, -0.5])))


def test_vectorize_signature_checks_and_decorators():
    with pytest.raises(ValueError, match="inconsistent size"):
        wg.grad_bp(lambda a: np.sum(_dot(a, np.ones(3))), np.ones((2, 4)))
    with pytest.raises(ValueError, match="does not have enough dimensions"):
        wg.grad_bp(lambda a: np.sum(_dot(a, np.ones(3))), 1.0)
    with pytest.raises(ValueError, match="signature"):
        wnp.vectorize(np.sum, signature="(n->()")

    @wnp.vectorize
    def cube(t):
        return t ** 3

    @wnp.vectorize(otypes=[float])
    def square(t):
        return t * t
    assert wg.grad_bp(lambda v: np.sum(cube(v) + square(v)), np.array([1.0, 2.0])).tolist() == [5.0, 16.0]
    assert cube(2.0) == 8.0 and square(np.ones(0)).shape == (0,)


@pytest.mark.parametrize("path", ["grad", "jacrev(jacrev)", "jacfwd(jacrev)", "jacrev(jacfwd)", "jacfwd(jacfwd)",
                                  "jvp(grad)"])
def test_vectorize_of_a_var_holding_a_list(path):
    # a differentiated list (or tuple) argument raised TypeError 'list indices must be integers or
    # slices, not tuple' (the loop indexed the list with NumPy's index tuples); now an array, as
    # NumPy converts it. f = (x . x)^2: gradient 4 (x . x) x, Hessian 4 (x . x) I + 8 x x^T
    sq = wnp.vectorize(lambda v: np.sum(v * v), signature="(n)->()")
    square = wnp.vectorize(lambda t: t * t)

    def f(xs):
        return sq(xs) ** 2 if path != "grad" else np.sum(square(xs)) ** 2
    x = [1.0, 2.0]
    if path == "grad":
        assert wg.grad(f)(x) == [20.0, 40.0] and wg.grad(f)((1.0, 2.0)) == (20.0, 40.0)
        assert wg.grad(lambda xs: np.sum(sq(xs)))([[1.0, 2.0], [3.0, 4.0]]) == [[2.0, 4.0], [6.0, 8.0]]
        return
    if path == "jvp(grad)":
        h = [wg.jvp(wg.grad(f), (x,), (e,))[1] for e in ([1.0, 0.0], [0.0, 1.0])]
    else:
        outer, inner = (getattr(wg, name) for name in path[:-1].split("("))
        h = outer(inner(f))(x)
    np.testing.assert_array_equal(np.array(h, dtype=float), [[28.0, 16.0], [16.0, 52.0]])


def test_numpys_vectorize_on_a_var_names_wengerts():
    with pytest.raises(TypeError, match="wengert.numpy.vectorize"):
        wg.grad_bp(lambda v: np.sum(np.vectorize(np.sin)(v)), np.ones(2))


def test_frompyfunc_values_and_plain_calls():
    x, y = np.array([3.0, 0.6]), np.array([4.0, 0.8])
    plain = _hyp(x, y)
    assert plain.dtype == object and plain.tolist() == [5.0, 1.0]  # NumPy's own without Vars
    got = wg.backprop(lambda a: _hyp(a, y), x, seed=np.ones(2))[0]
    assert got.dtype == np.float64 and got.tolist() == [5.0, 1.0]
    np.testing.assert_allclose(wg.grad_bp(lambda a: np.sum(_hyp(a, y)), x), x / np.array([5.0, 1.0]), rtol=1e-15)
    assert (_hyp.nin, _hyp.nout, _polar.nout) == (2, 1, 2)
    with pytest.raises(TypeError, match="takes 2 arguments"):
        wg.grad_bp(lambda a: _hyp(a), 1.0)


def test_vectorize_of_complex_numbers_follows_the_functions_convention():
    z = np.array([0.3 + 0.4j, -0.2 - 0.1j])
    check_grads(lambda v: wnp.vectorize(lambda t: np.exp(t) * t)(v), z, order=2, modes=("rev", "fwd"))
    g = wg.grad_bp(lambda v: np.sum(np.abs(wnp.vectorize(lambda t: t * t)(v)) ** 2), z)
    np.testing.assert_allclose(g, 4 * np.abs(z) ** 2 * np.conj(z), rtol=1e-15)  # |z|^4: 2 * 2|z|^2 conj(z)


@pytest.mark.parametrize("path", ["grad", "jit(grad)", "jvp", "jacfwd", "hessian", "jacfwd(grad)"])
def test_vectorize_and_frompyfunc_of_a_function_closing_over_a_var(path):
    # plain arguments, the function closing over the traced y (or given it as an excluded
    # argument): NumPy's loop got the Var results and refused them (TypeError naming
    # wnp.vectorize, which it was; jvp: "a forward-mode value cannot be converted"), frompyfunc
    # returned an object array of Vars, which np.exp refused. Now they are collected:
    # f(y) = sum_t exp(t y) + sum_t (t <= 0 ? t - y : t y^2) over t = -1, 0, 1, 2, so
    # f' = sum t exp(t y) + sum (t <= 0 ? -1 : 2 t y), f'' = sum t^2 exp(t y) + sum (t > 0) 2 t
    t = np.arange(-1.0, 3.0)

    def f(y):
        products = wnp.vectorize(lambda v: v * y, signature="(n)->(n)")(t)
        exps = np.exp(wnp.frompyfunc(lambda s: s * y, 1, 1)(t)) if path != "grad" else np.exp(products)
        branch = wnp.vectorize(lambda s, w: (s - w) if s <= 0 else s * w * w, excluded={1})(t, y)
        return np.sum(exps) + np.sum(branch)

    def truth(y):
        return (np.sum(t * np.exp(t * y)) + np.sum(np.where(t > 0, 2 * t * y, -1.0)),
                np.sum(t * t * np.exp(t * y)) + np.sum(np.where(t > 0, 2 * t, 0.0)))
    y = 0.5
    first, second = truth(y)
    if path == "grad":
        assert wg.grad(f)(y) == pytest.approx(first, rel=1e-15)
    elif path == "jit(grad)":
        step = wg.jit(wg.grad(f))
        assert step(y) == pytest.approx(first, rel=1e-15) and step(0.25) == pytest.approx(truth(0.25)[0], rel=1e-15)
    elif path == "jvp":
        assert wg.jvp(f, (y,), (1.0,))[1] == pytest.approx(first, rel=1e-15)
    elif path == "jacfwd":
        assert wg.jacfwd(f)(y) == pytest.approx(first, rel=1e-15)
    else:
        assert (wg.jacfwd(wg.grad(f)) if "(" in path else wg.hessian(f))(y) == pytest.approx(second, rel=1e-15)
    # a function that returns no Var is NumPy's own under a tape too (frompyfunc: object arrays)
    ones = wg.grad(lambda y: y * np.sum(wnp.frompyfunc(lambda s: s + 1, 1, 1)(t).astype(float)))(y)
    assert ones == pytest.approx(np.sum(t + 1))
