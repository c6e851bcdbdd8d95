"""Silent wrong numbers of issue 11 (all but complex numbers): each is refused clearly or
exact now. Every test here failed (or returned a wrong number without an error) before."""
import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from wengert.testing import check_grads

RNG = np.random.default_rng(11)
X3 = RNG.normal(size=(2, 3, 4))
X2 = RNG.normal(size=(3, 3))


# -- arguments ------------------------------------------------------------------------------

@pytest.mark.parametrize("x", [np.int64(3), np.int32(3), np.uint8(3), np.bool_(True)])
def test_numpy_integer_and_bool_scalars_are_refused_like_python_ints(x):
    with pytest.raises(TypeError, match="floating-point values. Pass"):
        wg.grad(lambda v: v * v)(x)
    with pytest.raises(TypeError, match="floating-point values"):
        wg.vjp(lambda v: v * v, x)


# -- cotangents of user rules, checked against their argument -----------------------------

def _primitive_returning(cotangent):
    @wg.primitive
    def f(x):
        return x * 2.0
    wg.defvjp(f, lambda ans, x: lambda g: cotangent)
    return f


@pytest.mark.parametrize("x", [np.float64(1.0), 1.0])
def test_an_array_cotangent_for_a_scalar_argument_names_the_rule(x):
    f = _primitive_returning(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"gradient rule of .*\.f returned for argument 0 has "
                                         r"shape \(2,\) but the argument has shape \(\)"):
        wg.grad(f)(x)


def test_a_wrongly_shaped_cotangent_of_a_user_rule_names_the_rule():
    f = _primitive_returning(np.ones(2))
    with pytest.raises(ValueError, match=r"rule of .*\.f returned .* shape \(2,\) but the argument has shape \(3,\)"):
        wg.grad(lambda x: np.sum(f(x)))(np.ones(3))
    g = _primitive_returning("oops")
    with pytest.raises(TypeError, match="is a str, but its value is an array|is a str, but the argument"):
        wg.grad(lambda x: np.sum(g(x)))(np.ones(3))


def test_a_wrongly_shaped_cotangent_of_a_lifted_function_names_it():
    def double(x):
        return 2.0 * x, lambda dy: np.ones(5)
    lifted = wg.op1(double)
    with pytest.raises(ValueError, match=r"gradient function of .*double returned for argument 0 has shape \(5,\)"):
        wg.grad(lambda x: np.sum(lifted(x)))(np.ones(3))


def test_right_cotangents_of_user_rules_pass_at_first_and_second_order():
    @wg.primitive
    def cube(x):
        return x ** 3
    wg.defvjp(cube, lambda ans, x: lambda g: g * 3.0 * x ** 2)
    check_grads(lambda x: np.sum(cube(x)), np.array([0.5, -1.5]), order=2, modes=("rev", "fwd"))
    assert wg.grad(wg.grad(cube))(2.0) == 12.0
    assert type(wg.grad(cube)(np.float64(2.0))) is np.float64


# -- seeds of structured outputs, and cotangents given to a vjp pullback ----------------------

def test_a_seed_part_of_the_wrong_shape_is_refused_naming_the_part():
    with pytest.raises(ValueError, match=r"seed\['a'\] has shape \(1,\) but the output has shape \(3,\)"):
        wg.grad_bp(lambda x: {"a": x * 2.0}, np.ones(3), seed={"a": np.ones(1)})
    with pytest.raises(ValueError, match=r"seed\[1\] has shape \(2,\)"):
        wg.grad_bp(lambda x: (x, x * 2.0), np.ones(3), seed=(np.ones(3), np.ones(2)))


def test_a_seed_key_the_output_lacks_is_refused():
    with pytest.raises(ValueError, match=r"seed has the key\(s\) 'b', which the output lacks"):
        wg.grad_bp(lambda x: {"a": x * 2.0}, np.ones(3), seed={"b": np.ones(3)})


def test_a_seed_missing_a_key_counts_it_as_zero():
    g = wg.grad_bp(lambda x: {"a": x * 2.0, "b": x * 3.0}, np.ones(2), seed={"a": np.ones(2)})
    np.testing.assert_array_equal(g, [2.0, 2.0])


def test_a_short_or_mistyped_tuple_seed_is_refused():
    with pytest.raises(ValueError, match=r"seed has 1 part\(s\), but the output is a tuple of 2"):
        wg.grad_bp(lambda x: (x * 2.0, x * 3.0), np.ones(3), seed=(np.ones(3),))
    with pytest.raises(TypeError, match="seed is a float, but the output is a tuple"):
        wg.grad_bp(lambda x: (x * 2.0, x * 3.0), np.ones(3), seed=1.0)
    with pytest.raises(ValueError, match=r"seed has shape \(2,\) but the output has shape \(\)"):
        wg.grad_bp(lambda x: x * 2.0, 1.0, seed=np.ones(2))


def test_cotangents_given_to_a_vjp_pullback_are_checked_like_seeds():
    _, pullback = wg.vjp(lambda x: (x * 2.0, {"k": x * 3.0}), np.ones(3))
    with pytest.raises(ValueError, match=r"seed has 1 part\(s\)"):
        pullback((np.ones(3),))
    with pytest.raises(ValueError, match=r"seed\[1\]\['k'\] has shape \(1,\)"):
        pullback((np.ones(3), {"k": np.ones(1)}))
    np.testing.assert_array_equal(pullback((np.ones(3), {"k": np.ones(3)}))[0], np.full(3, 5.0))


# -- escaped Vars ---------------------------------------------------------------------------

def test_returning_an_escaped_var_is_refused():
    kept = []
    wg.grad(lambda x: kept.append(x * 2.0) or x)(1.0)
    with pytest.raises(wg.EscapedVarError, match="escaped its runner"):
        wg.grad(lambda x: kept[0])(1.0)
    with pytest.raises(wg.EscapedVarError):
        wg.grad_bp(lambda x: (kept[0], x), 1.0, seed=(1.0, 1.0))


def test_returning_a_var_of_an_outer_runner_is_a_constant_there():
    # d/dy [ d/dx y ] = 0: the inner function's output does not depend on its input.
    assert wg.grad(lambda y: wg.grad(lambda x: y * y)(1.0) + y)(3.0) == 1.0


# -- protocol results of user types ----------------------------------------------------------

class _Bag:
    def __init__(self, v, broken=""):
        self.v, self.broken = v, broken

    def __wengert_zero__(self):
        return None if self.broken == "zero" else _Bag(0.0, self.broken)

    def __wengert_add__(self, other):
        return None if self.broken == "add" else _Bag(self.v + other.v, self.broken)

    def __wengert_one__(self):
        return _Bag(1.0, self.broken)


def _use_twice(b):
    lifted = wg.op1(lambda bag: (bag.v * 2.0, lambda dy: _Bag(2.0 * dy, bag.broken)))
    return lifted(b) + lifted(b)


def test_a_user_add_returning_none_is_refused_naming_the_type():
    assert wg.grad_bp(_use_twice, _Bag(1.0)).v == 4.0
    with pytest.raises(TypeError, match=r"add of a _Bag returned NoneType None, not a _Bag"):
        wg.grad_bp(_use_twice, _Bag(1.0, "add"))


def test_a_user_zero_returning_none_is_refused_naming_the_type():
    with pytest.raises(TypeError, match="zero of a _Bag returned NoneType"):
        wg.grad_bp(lambda b: 1.0, _Bag(1.0, "zero"))


def test_a_registered_add_of_the_wrong_type_is_refused():
    class Pair:
        def __init__(self, a):
            self.a = a
    wg.register(Pair, zero=lambda p: Pair(0.0), add=lambda p, q: p.a + q.a, one=lambda p: Pair(1.0))
    with pytest.raises(TypeError, match="add of a .*Pair returned float"):
        wg.add(Pair(1.0), Pair(2.0))


# -- negative axes in shape rules -------------------------------------------------------------

NEGATIVE_AXES = {
    "np.transpose(x, (-1, 0))": (lambda x: np.transpose(x, (-1, 0)), X2),
    "np.transpose(x, (-1, -2))": (lambda x: np.transpose(x, (-1, -2)), X2),
    "np.transpose(x, (-1, 0, 1))": (lambda x: np.transpose(x, (-1, 0, 1)), X3),
    "x.transpose(-1, 0)": (lambda x: x.transpose(-1, 0), X2),
    "x.transpose((2, -3, 1))": (lambda x: x.transpose((2, -3, 1)), X3),
    "x.T": (lambda x: x.T, X3),
    "np.moveaxis(x, -1, 0)": (lambda x: np.moveaxis(x, -1, 0), X3),
    "np.moveaxis(x, (0, -1), (-1, 0))": (lambda x: np.moveaxis(x, (0, -1), (-1, 0)), X3),
    "np.swapaxes(x, -1, 0)": (lambda x: np.swapaxes(x, -1, 0), X3),
    "x.swapaxes(-1, -2)": (lambda x: x.swapaxes(-1, -2), X3),
    "np.squeeze(..., -1)": (lambda x: np.squeeze(x[..., :1], -1), X3),
    "np.expand_dims(x, -2)": (lambda x: np.expand_dims(x, -2), X3),
    "np.concatenate(..., axis=-1)": (lambda x: np.concatenate([x, 2.0 * x], axis=-1), X3),
    "np.stack(..., axis=-2)": (lambda x: np.stack([x, 2.0 * x], axis=-2), X3),
    "np.split(x, 2, axis=-1)": (lambda x: np.split(x, 2, axis=-1)[1], X3),
    "np.take(x, ..., axis=-1)": (lambda x: np.take(x, [0, 2, 2], axis=-1), X3),
    "np.repeat(x, 2, axis=-1)": (lambda x: np.repeat(x, 2, axis=-1), X3),
    "np.flip(x, -1)": (lambda x: np.flip(x, -1), X3),
    "np.roll(x, 1, axis=-1)": (lambda x: np.roll(x, 1, axis=-1), X3),
    "np.cumprod(x, axis=-2)": (lambda x: np.cumprod(x, axis=-2), X3),
    "np.diff(x, axis=-2)": (lambda x: np.diff(x, axis=-2), X3),
    "np.sum(x, axis=(-1, 0))": (lambda x: np.sum(x, axis=(-1, 0)), X3),
    "np.std(x, axis=-1)": (lambda x: np.std(x, axis=-1), X3),
    "np.max(x, axis=-1)": (lambda x: np.max(x, axis=-1), X3),
    "np.prod(x, axis=-1)": (lambda x: np.prod(x, axis=-1), X3),
    "np.trace(x, axis1=-2, axis2=-1)": (lambda x: np.trace(x, axis1=-2, axis2=-1), X3),
}


@pytest.mark.parametrize("name", NEGATIVE_AXES)
def test_negative_axes_at_second_order_and_forward(name):
    f, x = NEGATIVE_AXES[name]
    check_grads(f, x, order=2, modes=("rev", "fwd"))


def test_transpose_with_a_negative_axis_gives_the_transposed_cotangent():
    w = np.arange(4.0).reshape(2, 2)
    g = wg.grad_bp(lambda x: np.sum(np.transpose(x, (-1, 0)) * w), np.ones((2, 2)))
    np.testing.assert_array_equal(g, w.T)


# -- ufunc keywords -------------------------------------------------------------------------

def test_a_ufunc_where_keyword_is_refused_with_the_alternative():
    mask = np.array([True, False])
    with pytest.raises(TypeError, match=r"numpy.sin\(..., where=...\) is not recorded.*np.where"):
        wg.grad(lambda x: np.sum(np.sin(x, where=mask)))(np.ones(2))
    # where=True is NumPy's default and means nothing
    assert wg.grad(lambda x: np.sum(np.sin(x, where=True)))(np.zeros(2)).tolist() == [1.0, 1.0]


# -- gradients are separate arrays -------------------------------------------------------------

def _no_two_share(*arrays):
    for i, a in enumerate(arrays):
        for b in arrays[i + 1:]:
            assert not np.shares_memory(a, b)


def test_gradients_passed_on_unchanged_are_separate_arrays():
    a, b, c = np.ones(2), np.ones(2), np.full(2, 3.0)
    ga, gb = wg.grad_bp(lambda a, b: np.sum((a + b) * c), a, b)
    _no_two_share(ga, gb, a, b, c)
    ga += 1.0
    np.testing.assert_array_equal(gb, [3.0, 3.0])


def test_the_callers_seed_is_not_handed_back():
    seed = np.ones(2)
    g = wg.grad_bp(lambda x: x, np.zeros(2), seed=seed)
    _no_two_share(g, seed)
    (g2,) = wg.vjp(lambda x: x, np.zeros(2))[1](seed)
    _no_two_share(g2, seed)


def test_views_of_one_cotangent_are_separated_and_disjoint_views_are_kept():
    a, b = np.ones((2, 2)), np.ones(4)
    ga, gb = wg.grad_bp(lambda a, b: np.sum((a.reshape(4) + b) * np.arange(4.0)), a, b)
    _no_two_share(ga, gb)
    np.testing.assert_array_equal(ga.ravel(), gb)
    x, y = np.ones(2), np.ones(3)
    gx, gy = wg.grad_bp(lambda x, y: np.sum(np.concatenate([x, y]) * np.arange(5.0)), x, y)
    np.testing.assert_array_equal(np.concatenate([gx, gy]), np.arange(5.0))


def test_structured_gradients_are_separate_arrays():
    d = {"a": np.ones(2), "b": np.ones(2)}
    g = wg.grad_bp(lambda d: np.sum(d["a"] + d["b"]), d)
    _no_two_share(g["a"], g["b"], d["a"], d["b"])
    g1, g2 = wg.grad_bp(lambda x, y: {"s": x + y}, np.ones(2), np.ones(2), seed={"s": np.ones(2)})
    _no_two_share(g1, g2)


# -- switching points: kinks, divisions by the result, masks for stability -------------------

def _hessian_at(f, x):
    return wg.hessian(f)(np.asarray(x, dtype=float))


@pytest.mark.parametrize("x", [np.array([3.5]), np.full(3, 0.25), np.zeros(4)])
def test_std_of_equal_values_has_the_zero_subgradient_and_no_second_derivative(x):
    np.testing.assert_array_equal(wg.grad(np.std)(x), np.zeros_like(x))
    # The second derivative was 0 "at every order": std is a cone there (|t| ||v - mean||
    # along a line), so it has none, and 0 made hessian(std(x)**2) = 0 where var's is not.
    # Now refused (tests/test_exact_kinks.py checks every transform). One value is no cone:
    # its std is 0 at every point, and so is every derivative (27c9819).
    if x.size == 1:
        np.testing.assert_array_equal(_hessian_at(np.std, x), np.zeros((1, 1)))
    else:
        with pytest.raises(wg.NoGradientRule, match=r"numpy\.std.*np\.var"):
            _hessian_at(np.std, x)
    assert wg.jvp(np.std, (x,), (np.ones_like(x),))[1] == 0.0
    g = wg.grad(lambda m: np.sum(np.std(m, axis=1)))(np.array([[1.0, 1.0], [1.0, 3.0]]))
    np.testing.assert_allclose(g, [[0.0, 0.0], [-0.5, 0.5]], rtol=1e-15)


VECTOR_ORDS = [None, 2, 1, 3, 1.5, 0.5, np.inf, -np.inf, 0]
MATRIX_ORDS = ["fro", "nuc", 2, -2, 1, -1, np.inf, -np.inf]


@pytest.mark.parametrize("ord", VECTOR_ORDS)
def test_vector_norms_of_zero_have_the_zero_subgradient_and_no_second_derivative(ord):
    f = lambda x: np.linalg.norm(x, ord=ord)  # noqa: E731
    # along every line t v through 0 the norm is |t| ||v||: the gradient is the subgradient
    # 0 (it was NaN at first order for p = 0.5). The second derivative was 0 too, which
    # made hessian(norm(x)**2) = 0 where it is 2 I: a cone has none, so it is refused
    # (except for the 0-"norm", a count whose derivatives are 0 everywhere).
    np.testing.assert_array_equal(wg.grad(f)(np.zeros(3)), np.zeros(3))
    rows = np.array([[0.0, 0.0, 0.0], [1.0, -2.0, 0.5]])  # a zero row beside a nonzero one
    row_norms = lambda x: np.sum(np.linalg.norm(x, ord=ord, axis=-1))  # noqa: E731
    if ord == 0:
        np.testing.assert_array_equal(_hessian_at(f, np.zeros(3)), np.zeros((3, 3)))
        np.testing.assert_array_equal(wg.hessian(row_norms)(rows), np.zeros((2, 3, 2, 3)))
        return
    for second in (wg.hessian(f), wg.jacfwd(wg.grad(f)), lambda x: wg.hessian(row_norms)(rows)):
        with pytest.raises(wg.NoGradientRule, match=r"numpy\.linalg\.norm.*no second derivative"):
            second(np.zeros(3))


@pytest.mark.parametrize("ord", MATRIX_ORDS)
def test_matrix_norms_of_zero_have_the_zero_subgradient(ord):
    f = lambda x: np.linalg.norm(x, ord=ord)  # noqa: E731
    np.testing.assert_array_equal(wg.grad(f)(np.zeros((2, 3))), np.zeros((2, 3)))


def test_hypot_at_the_origin_has_the_zero_subgradient_and_no_second_derivative():
    f = lambda v: np.hypot(v[0], v[1])  # noqa: E731
    np.testing.assert_array_equal(wg.grad(f)(np.zeros(2)), np.zeros(2))
    with pytest.raises(wg.NoGradientRule, match=r"numpy\.hypot.*x \* x \+ y \* y"):
        _hessian_at(f, np.zeros(2))  # was 0 at every order: hypot(x, y)**2 got 0, not 2 I
    check_grads(lambda x, y: np.hypot(x, y), np.array([0.0, 3.0]), np.array([2.0, 4.0]),
                order=2, modes=("rev", "fwd"))


def test_roots_at_zero_have_the_infinite_one_sided_derivative_not_nan():
    # sqrt, cbrt and fractional powers are not differentiable at 0: their derivative is
    # +inf there (as in NumPy's limit, JAX and PyTorch), on every path.
    assert wg.grad(wg.sqrt)(0.0) == np.inf
    with np.errstate(divide="ignore"):
        assert wg.grad(lambda x: np.sum(np.sqrt(x)))(np.zeros(2)).tolist() == [np.inf, np.inf]
        assert wg.grad(lambda x: np.sum(np.cbrt(x)))(np.zeros(1)).tolist() == [np.inf]
        assert wg.grad(lambda x: np.sum(x ** 0.5))(np.zeros(1)).tolist() == [np.inf]
        assert wg.grad(lambda x: np.sum(np.arcsin(x)))(np.ones(1)).tolist() == [np.inf]


def test_logsumexp_of_a_slice_of_minus_infinity_passes_no_gradient():
    x = np.array([[-np.inf, -np.inf], [0.0, -np.inf]])
    g = wg.grad(lambda x: np.sum(wnp.logsumexp(x, axis=1)))(x)
    np.testing.assert_array_equal(g, [[0.0, 0.0], [1.0, 0.0]])
    check_grads(lambda x: wnp.logsumexp(x), np.array([1.0, 1.0]), order=2, modes=("rev", "fwd"))


@pytest.mark.parametrize("logistic", [wg.logistic, wnp.logistic])
def test_logistic_at_zero_is_exact_at_second_order(logistic):
    # d2/dx2 logistic(x)^2 = 2 (s'^2 + s s''), which is 2 / 16 at 0 (s'' = 0 there)
    assert wg.grad(wg.grad(lambda x: logistic(x) ** 2))(0.0) == pytest.approx(0.125, rel=1e-15, abs=0.0)
    hv = wg.hvp(lambda x: np.sum(logistic(x) ** 2), np.zeros(2), np.ones(2))
    np.testing.assert_allclose(hv, [0.125, 0.125], rtol=1e-15)
    check_grads(lambda x: logistic(x) ** 2, np.array([0.0, -0.0, 1e-300]), order=2, modes=("rev", "fwd"))
    check_grads(lambda x: logistic(x), 0.0, order=3, modes=("rev", "fwd"))
    np.testing.assert_array_equal(logistic(np.array([-800.0, 800.0])), [0.0, 1.0])


def test_power_is_exact_at_an_exponent_of_zero_at_every_order():
    f = lambda v: v[0] ** v[1]  # noqa: E731
    h = _hessian_at(f, [2.0, 0.0])
    np.testing.assert_allclose(h, [[0.0, 0.5], [0.5, np.log(2.0) ** 2]], rtol=1e-15)
    np.testing.assert_array_equal(h, h.T)
    check_grads(lambda x, y: x ** y, np.array([2.0, 0.5]), np.array([0.0, 0.0]), order=3,
                modes=("rev", "fwd"))
    check_grads(lambda x, y: np.float_power(x, y), 2.0, 0.0, order=2, modes=("rev", "fwd"))


def test_power_at_a_base_of_zero():
    np.testing.assert_allclose(_hessian_at(lambda v: v[0] ** v[1], [0.0, 2.0]), [[2.0, 0.0], [0.0, 0.0]], rtol=1e-15)
    np.testing.assert_array_equal(_hessian_at(lambda v: v[0] ** v[1], [0.0, 3.0]), np.zeros((2, 2)))
    # 0 ** 0: the convention 0 for every derivative, never NaN (scalar and array paths)
    assert wg.grad(lambda x, y: x ** y, argnums=(0, 1))(0.0, 0.0) == (0.0, 0.0)
    g = wg.grad(lambda x, y: np.sum(x ** y), argnums=(0, 1))(np.zeros(1), np.zeros(1))
    assert [a.tolist() for a in g] == [[0.0], [0.0]]
    np.testing.assert_array_equal(_hessian_at(lambda v: v[0] ** v[1], [0.0, 0.0]), np.zeros((2, 2)))


STABLE_FORMS = {
    "logaddexp at a tie": (lambda x: np.logaddexp(x, 2.0 * x - 1.0), np.array([1.0, 0.0])),
    "logsumexp at a tie": (lambda x: wnp.logsumexp(x), np.array([0.5, 0.5, 0.5])),
    "softmax at a tie": (lambda x: wnp.softmax(x) * np.arange(3.0), np.array([0.5, 0.5, 0.5])),
    "log_softmax at a tie": (lambda x: wnp.log_softmax(x) * np.arange(3.0), np.zeros(3)),
    "sinc at 0": (lambda x: np.sinc(x), np.array([0.0, 1e-4, -2e-3])),
    "expm1 and log1p at 0": (lambda x: np.expm1(x) * np.log1p(x), np.array([0.0, -0.0])),
    "exp(-|x|) at 1": (lambda x: np.exp(-np.abs(x)), np.array([1.0, -1.0])),
}


@pytest.mark.parametrize("name", STABLE_FORMS)
def test_numerically_stable_forms_at_their_switching_points(name):
    f, x = STABLE_FORMS[name]
    check_grads(f, x, order=2, modes=("rev", "fwd"))


def test_conventions_at_kinks_are_the_documented_subgradients():
    # abs and relu-like selections: 0 at 0; maximum/minimum ties and clip bounds: see
    # wengert.ops.elementwise (ties share equally, a bound counts as inside).
    assert wg.grad(lambda x: abs(x))(0.0) == 0.0
    assert wg.grad(lambda x: np.sum(np.abs(x)))(np.zeros(1)).tolist() == [0.0]
    assert wg.grad(lambda x: np.sum(np.where(x > 0, x, 0.0)))(np.zeros(1)).tolist() == [0.0]
    assert wg.grad(lambda x: np.sum(np.maximum(x, 0.0)))(np.zeros(1)).tolist() == [0.5]
    assert wg.grad(lambda x: np.sum(np.clip(x, 0.0, 1.0)))(np.array([0.0, 1.0])).tolist() == [1.0, 1.0]
    # the relu as clip (docs/guide/numpy.md): one-sided, 1 at 0, and its square's second derivative the
    # inside's 2 on the five paths, where np.maximum(x, 0) shares (0.5) and refuses below
    relu2 = lambda x: np.sum(np.clip(x, 0, None) ** 2)  # noqa: E731
    assert wg.grad(lambda x: np.sum(np.clip(x, 0, None)))(np.zeros(1)).tolist() == [1.0]
    for path in (wg.hessian, lambda f: wg.jacrev(wg.grad(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
                 lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: lambda x: wg.jvp(wg.grad(f), (x,), (np.ones(1),))[1]):
        assert np.ravel(path(relu2)(np.zeros(1))).tolist() == [2.0]
    # Their second derivatives were 0 there, the derivative of the convention, which gave
    # hessian(abs(x)**2) = 0 for 2: refused now (tests/test_exact_kinks.py)
    for f, name in ((lambda x: np.sum(np.abs(x)), "absolute"), (lambda x: np.sum(np.maximum(x, 0.0)), "maximum")):
        with pytest.raises(wg.NoGradientRule, match=name):
            _hessian_at(f, np.zeros(2))


def test_only_user_rules_pay_for_the_cotangent_check():
    from wengert.primitive import registered
    checked = sorted(p.name for p in registered().values()
                     for rule in p.vjps.values() if hasattr(rule, "__wrapped__"))
    assert checked == []  # wengert's own rules are tested instead; the hot path stays unwrapped


# -- arrays written into during a runner (documented: they must not be) ----------------------

def test_a_write_into_an_array_the_pullbacks_read_changes_the_gradient_as_documented():
    # The rules keep references, not copies (README, "arrays you must not change"): this
    # test pins the documented behaviour, so that a change to it is a decision.
    def f(v):
        y = np.sum(v * v)
        v.value[0] = 100.0  # the value the multiply rule reads
        return y
    x = np.array([1.0, 2.0])
    assert wg.grad(f)(x).tolist() == [200.0, 4.0]
    c = np.array([1.0, 1.0])
    _, pullback = wg.vjp(lambda v: np.sum(v * c), np.ones(2))
    c[:] = 3.0  # a captured constant changed before the sweep
    assert pullback(1.0)[0].tolist() == [3.0, 3.0]


def test_sort_complex_is_differentiated_not_cut_off():
    # np.sort_complex of a real array is a sort: it has a gradient. It was declared
    # "no gradient", which returned a plain value and silently cut the gradient to 0.
    g = wg.grad(lambda x: np.sum(np.real(np.sort_complex(x)) * np.array([1.0, 10.0])))(np.array([2.0, 1.0]))
    np.testing.assert_array_equal(g, [10.0, 1.0])


def test_logaddexp_of_two_minus_infinities_passes_no_gradient():
    # logaddexp(-inf, -inf) = -inf: its weights were exp(-inf - -inf) = NaN, which reached
    # every input of a log-space recursion (an HMM's forward pass meeting two impossible
    # states) through 0 * NaN. Now 0, as wnp.logsumexp gives a slice of -inf only.
    for fn in (np.logaddexp, np.logaddexp2):
        f = lambda x: fn(fn(x[0] - np.inf, x[1] - np.inf), x[2])  # noqa: E731
        np.testing.assert_array_equal(wg.grad(f)(np.zeros(3)), [0.0, 0.0, 1.0])
        np.testing.assert_array_equal(wg.hessian(f)(np.zeros(3)), np.zeros((3, 3)))
        assert wg.jvp(f, (np.zeros(3),), (np.ones(3),))[1] == 1.0
        check_grads(lambda x, y: fn(x, y), np.array([-1.0, 2.0]), np.array([0.5, -np.inf]),
                    order=2, modes=("rev", "fwd"))


@pytest.mark.parametrize("x", [np.array(0.5), np.float64(0.5), 0.5])
def test_forward_over_reverse_seeds_a_zero_dimensional_output_with_one(x):
    # grad under forward mode seeds its output with one(Dual): for a 0-d array primal that
    # was np.ndarray(1), an uninitialised array of shape (1,), so jvp(grad), hvp, hessian
    # and jacfwd(grad) of a function ending in a 0-d array (np.where here) returned garbage
    # (0.0 or 2.25 for 3.0), without an error.
    f = lambda y: np.where(y > 0, y ** 3, 0.0)  # noqa: E731
    assert wg.jvp(wg.grad(f), (x,), (1.0,)) == (pytest.approx(0.75, rel=1e-15, abs=0.0), pytest.approx(3.0, rel=1e-15, abs=0.0))
    assert wg.hvp(f, x, np.ones_like(x) if type(x) is not float else 1.0) == pytest.approx(3.0, rel=1e-15, abs=0.0)
    assert wg.hessian(f)(x) == pytest.approx(3.0, rel=1e-15, abs=0.0)
    assert wg.jacfwd(wg.grad(f))(x) == pytest.approx(3.0, rel=1e-15, abs=0.0)
    assert wg.jvp(wg.grad(lambda y: np.where(True, y, 0.0)), (x,), (1.0,)) == (1.0, 0.0)
