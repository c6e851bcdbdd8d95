"""Reductions, with axis (int, tuple, None) and keepdims, against central finite differences."""
import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from opcheck import REDUCTION_AXES, case, check_both_modes, gradient_test, rand, reduction

#: (shape, axis) pairs where every reduced slice has at least two elements (std is not
#: differentiable where the deviation is 0, as sqrt is not at 0).
SPREAD_AXES = [(s, a) for s, a in REDUCTION_AXES if s not in ((), (1, 3))] + [((1, 3), 1)]
V = rand((4,), seed=3)
M = rand((2, 3), seed=4)
T = rand((2, 3, 2), seed=5)


def _cumulative(fn):
    """Cases for cumsum / cumprod along every axis, flattened (None) and negative."""
    return [case(fn, lambda v, a=a: fn(v, axis=a), x, id=f"{fn.__name__}-{x.ndim}d-axis{a}")
            for x, axes in ((V, (None, 0)), (M, (None, 0, 1, -1)), (T, (1,)))
            for a in axes] + [case(fn, fn, 0.7, id=f"{fn.__name__}-float")]


CASES = [
    *reduction(np.sum), *reduction(np.mean),
    *reduction(np.max), *reduction(np.amax), *reduction(np.min), *reduction(np.amin),
    *reduction(np.prod),
    case(np.sum, lambda v: np.sum(v, axis=1, where=np.array([True, False, True])), M, id="sum-where"),
    case(np.mean, lambda v: np.mean(v, axis=0, where=np.array([[True], [False]])), M, id="mean-where"),
    case(np.mean, lambda v: np.mean(v, where=np.array([[True, False, True], [True, True, False]])), M,
         id="mean-where-all"),
    case(np.prod, np.prod, np.array([2.0, 0.0, 3.0]), id="prod-one-zero"),
    case(np.prod, lambda v: np.prod(v, axis=1), np.array([[0.0, 0.0, 3.0], [1.0, 0.0, 2.0]]),
         id="prod-two-zeros"),
    *reduction(np.var, axes=SPREAD_AXES), *reduction(np.std, axes=SPREAD_AXES),
    *reduction(np.var, axes=[((2, 3), 1), ((2, 3), None)], ddof=1),
    *reduction(np.std, axes=[((2, 3), 0), ((2, 3), (0, 1))], ddof=1),
    case(np.var, np.var, 0.3, id="var-float"),
    *_cumulative(np.cumsum), *_cumulative(np.cumprod),
    case(np.cumprod, lambda v: np.cumprod(v, axis=1), np.array([[1.5, 0.0, 2.0], [0.0, -1.0, 0.5]]),
         id="cumprod-zeros"),
    case(np.diff, np.diff, V),
    case(np.diff, lambda v: np.diff(v, n=2, axis=0), rand((4, 3)), id="diff-n2-axis0"),
    case(np.diff, lambda v: np.diff(v, n=3), V, id="diff-n3"),
    case(np.diff, lambda v: np.diff(v, axis=1, prepend=0.5, append=[[1.0], [2.0]]), M, id="diff-prepend-append"),
    case(np.trace, np.trace, rand((3, 3))),
    case(np.trace, lambda v: np.trace(v, offset=1), M, id="trace-offset"),
    case(np.trace, lambda v: np.trace(v, offset=-1, axis1=2, axis2=0), T, id="trace-axes-reversed"),
    *reduction(wnp.logsumexp, low=-3.0, high=3.0),
    *[case(fn, lambda v, fn=fn, a=a: fn(v, axis=a), x, id=f"{fn.__name__}-{x.ndim}d-axis{a}")
      for fn in (wnp.softmax, wnp.log_softmax)
      for x, a in ((V, -1), (M, 0), (M, -1), (T, (0, 2)), (M, None), (rand(()), None))],
]


# initial= (JAX's reducer tests): one more candidate, a constant
CASES += [
    case(np.max, lambda v: np.max(v, axis=0, initial=-0.2), rand((3, 4), seed=41), id="max-initial"),
    case(np.min, lambda v: np.min(v, axis=1, keepdims=True, initial=0.1), rand((3, 4), seed=42), id="min-initial"),
    case(np.max, lambda v: np.max(v, initial=5.0), rand((3,), seed=43), id="max-initial-wins"),
    case(np.max, lambda v: np.max(v, axis=0, initial=0.5), np.zeros((0, 2)), id="max-initial-empty"),
]

# where= (a mask of the elements reduced) for max/min (NumPy asks for initial=),
# var and std; mean= (a constant center) for var and std
MASK = np.array([[True, False, True, True], [False, False, True, False], [True, True, True, False]])
CENTER = rand((3, 1), seed=44)
CASES += [
    case(np.max, lambda v: np.max(v, axis=1, where=MASK, initial=-5.0), rand((3, 4), seed=45), id="max-where"),
    case(np.min, lambda v: np.min(v, axis=0, where=MASK, initial=0.2, keepdims=True), rand((3, 4), seed=46),
         id="min-where-initial-wins"),
    case(np.max, lambda v: np.max(v, where=MASK[0], initial=-5.0), rand((4,), seed=47), id="max-where-broadcast"),
    case(np.var, lambda v: np.var(v, axis=1, where=MASK), rand((3, 4), seed=48), id="var-where"),
    case(np.std, lambda v: np.std(v, axis=-1, ddof=1, where=MASK[[0, 2]], keepdims=True), rand((2, 4), seed=49),
         id="std-where-ddof1"),
    case(np.var, lambda v: np.var(v, where=MASK), rand((3, 4), seed=50) + 1j * rand((3, 4), seed=51),
         id="var-where-complex"),
    case(np.var, lambda v: np.var(v, axis=1, keepdims=True, mean=CENTER), rand((3, 4), seed=52), id="var-mean"),
    case(np.std, lambda v: np.std(v, axis=1, keepdims=True, mean=CENTER, where=MASK), rand((3, 4), seed=53),
         id="std-mean-where"),
]

test_gradient = gradient_test(CASES)


def test_ties_share_the_gradient_equally():
    np.testing.assert_array_equal(wg.grad_bp(np.max, np.array([1.0, 3.0, 3.0])), [0.0, 0.5, 0.5])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: v.min(), np.array([2.0, 2.0])), [0.5, 0.5])


def test_prod_with_a_zero():
    np.testing.assert_array_equal(wg.grad_bp(np.prod, np.array([2.0, 0.0, 3.0])), [0.0, 6.0, 0.0])
    np.testing.assert_array_equal(wg.grad_bp(np.prod, np.array([0.0, 0.0, 3.0])), [0.0, 0.0, 0.0])


def test_prod_second_derivative_with_zeros():
    # prod(x) = x0 x1 x2: the Hessian is [[0, x2, x1], [x2, 0, x0], [x1, x0, 0]].
    h = wg.hessian(np.prod)(np.array([2.0, 0.0, 3.0]))
    np.testing.assert_array_equal(h, [[0.0, 3.0, 0.0], [3.0, 0.0, 2.0], [0.0, 2.0, 0.0]])
    assert "prod" not in wnp.first_order_only()


def test_cumprod_with_zeros_is_exact():
    # sum(cumprod(x)) = x0 + x0 x1 + x0 x1 x2: the gradient at (2, 0, 3) is (1, 2 + 6, 0).
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.cumprod(v)), np.array([2.0, 0.0, 3.0])),
                                  [1.0, 8.0, 0.0])


def test_var_and_std_exact():
    x = np.array([1.0, 2.0, 4.0])  # mean 7/3
    np.testing.assert_allclose(wg.grad_bp(np.var, x), 2 * (x - 7 / 3) / 3, rtol=1e-15)
    np.testing.assert_allclose(wg.grad_bp(lambda v: np.var(v, ddof=1), x), 2 * (x - 7 / 3) / 2, rtol=1e-15)
    np.testing.assert_allclose(wg.grad_bp(np.std, x), (x - 7 / 3) / (3 * np.std(x)), rtol=1e-15)
    np.testing.assert_allclose(wg.grad_bp(lambda v: v.std(correction=1), x),
                               (x - 7 / 3) / (2 * np.std(x, ddof=1)), rtol=1e-15)



_STD_SPREAD = np.array([3.0, -4.0, 1.0])  # mean 0, std sqrt(26 / 3): gradient x / sqrt(78)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # (NumPy's std itself)
@pytest.mark.parametrize("fn", [np.std, np.nanstd])
@pytest.mark.parametrize("dtype, scale", [(np.float64, 1e-170), (np.float64, 1e160), (np.float32, 1e-24),
                                          (np.float32, 1e19)])
def test_std_where_its_variance_under_or_overflows(fn, dtype, scale):
    # NumPy's std of these is 0 (the squares underflow) or inf: the gradient through it was the 0 of
    # equal values ([0, -0, 0]); std's gradient does not change with the scale
    x = (_STD_SPREAD * scale).astype(dtype)
    assert np.std(x) in (0.0, np.inf)
    g = wg.grad(fn)(x)
    assert g.dtype == dtype
    np.testing.assert_allclose(g, _STD_SPREAD / np.sqrt(78.0), rtol=4 * np.finfo(dtype).eps, atol=0)
    with_nan = np.append(x, np.nan)  # (nanstd leaves it out)
    if fn is np.nanstd:
        np.testing.assert_allclose(wg.grad(fn)(with_nan)[:3], _STD_SPREAD / np.sqrt(78.0), rtol=4 * np.finfo(dtype).eps, atol=0)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # (NumPy's std itself)
@pytest.mark.parametrize("fn", [np.std, np.nanstd])
@pytest.mark.parametrize("dtype, scale", [(np.float64, 1e-170), (np.float64, 1e160), (np.float32, 1e-24)])
def test_std_value_where_its_variance_under_or_overflows(fn, dtype, scale):
    # NumPy's std there is 0 or inf: on Vars the value was NumPy's while std's pullback took the rescaled x, so a
    # function of the value was wrong: grad of std(x) ** 2 (the variance, 2 (x - mean) / N) was [0, -0, 0] at 1e-170,
    # its value and gradient inf / NaN at 1e160. Now the true std there (sqrt(26 / 3) scale), in every mode;
    # the variance's own rule, np.var, is the truth for the gradient
    x = (_STD_SPREAD * scale).astype(dtype)
    std = np.sqrt(26.0 / 3.0) * scale
    rtol = 4 * np.finfo(dtype).eps
    with np.errstate(over="ignore", under="ignore"):
        value, g = wg.value_and_grad(fn)(x)
        assert type(value) is dtype and g.dtype == dtype
        np.testing.assert_allclose(value, std, rtol=rtol, atol=0)
        np.testing.assert_allclose(wg.jit(wg.value_and_grad(fn))(x)[0], std, rtol=rtol, atol=0)
        np.testing.assert_allclose(wg.jvp(fn, (x,), (np.ones_like(x),))[0], std, rtol=rtol, atol=0)
        if scale < 1:  # (the variance itself overflows at 1e160)
            np.testing.assert_allclose(wg.grad(lambda v: fn(v) ** 2)(x), 2.0 * x / 3.0, rtol=rtol, atol=0)
            np.testing.assert_allclose(wg.jacfwd(lambda v: fn(v) ** 2)(x), 2.0 * x / 3.0, rtol=rtol, atol=0)


@pytest.mark.parametrize("fn", [np.std, np.nanstd])
def test_std_of_complex_subnormal_entries(fn):
    # the rescaling divided a complex x by a subnormal power of two, which NumPy does through 1 / s (an
    # overflow): x / s was inf + inf j and the gradient NaN; conj(x - mean) / (N std), std = sqrt(2 * 26 / 3)
    x = _STD_SPREAD * 1e-310 * (1 + 1j)
    np.testing.assert_allclose(wg.grad(fn)(x), (1 - 1j) * _STD_SPREAD / np.sqrt(156.0), rtol=4e-16, atol=0)


def test_std_second_derivatives_where_its_variance_underflows():
    # the Hessian of std at s x is H(x) / s: P / (N std) - g g^T / std, P = I - 1 1^T / N
    x, s = _STD_SPREAD, 1e-170
    g, std = x / np.sqrt(78.0), np.sqrt(26.0 / 3.0)
    hessian = (np.eye(3) - 1.0 / 3.0) / (3.0 * std) - np.outer(g, g) / std
    for path in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
                 lambda f: wg.jacrev(wg.grad(f))):
        np.testing.assert_allclose(path(np.std)(x * s) * s, hessian, rtol=1e-15, atol=1e-16)
    np.testing.assert_allclose(wg.jvp(wg.grad(np.std), (x * s,), (np.ones(3),))[1] * s, hessian.sum(1), rtol=1e-15, atol=1e-16)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_var_and_std_of_n_at_most_ddof():
    # N = 2 rows <= ddof: NumPy's results are inf (S / 0); each output depends on its own column only, so
    # the other rows are 0 (jacrev gave NaN there: the one-hot's structural 0 times the infinite gradient);
    # ddof 3 gave finite gradients of an inf ([1, -1]: divided by N - ddof = -1), now the limit +-inf as ddof 2
    a = np.array([[1.0, 3.0, 3.0], [2.0, 0.0, 2.0]])
    own = np.kron(np.eye(3), np.ones(2)).reshape(3, 3, 2).transpose(0, 2, 1).reshape(3, 6) == 1
    sign = np.where(a > a[::-1], 1.0, -1.0).ravel()
    for ddof in (2, 3):
        for jac in (wg.jacrev, wg.jacfwd):
            j = jac(lambda a: np.var(a, 0, ddof=ddof))(a).reshape(3, 6)
            np.testing.assert_array_equal(j, np.where(own, np.inf * sign, 0.0))
            j = jac(lambda a: np.std(a, 0, ddof=ddof))(a).reshape(3, 6)
            np.testing.assert_array_equal(j, np.where(own, np.nan, 0.0))
    # where= leaving one value in column 1 (ddof 1: its result NaN): a[0, 1] and a[1, 1] add nothing to out0, out2
    mask, s, n = np.array([[1, 1, 1], [1, 0, 1]], bool), 1 / np.sqrt(2), np.nan
    for fn, d in ((np.std, s), (np.var, 1.0)):
        truth = [[-d, 0, 0, d, 0, 0], [0, n, 0, 0, 0, 0], [0, 0, d, 0, 0, -d]]
        for jac in (wg.jacrev, wg.jacfwd):
            np.testing.assert_allclose(jac(lambda a: fn(a, 0, ddof=1, where=mask))(a).reshape(3, 6), truth, rtol=1e-15)

@pytest.mark.parametrize("fn", [np.var, np.std])
def test_var_and_std_of_a_slice_with_a_nan_leave_the_other_outputs_alone(fn):
    # out1 = var(3, nan) reads a[0, 1] and a[1, 1] only: NaN there, 0 in the other columns; out0, out2
    # do not read them: 0 (jacrev put NaN in out0's and out2's rows at both, jacfwd in out1's whole row).
    # Two values: var's gradient 2 (a - mean) / 2 and std's (a - mean) / (2 std) are the same here
    a, n = np.array([[1.0, 3.0, 3.0], [2.0, np.nan, 2.0]]), np.nan
    truth = np.array([[-0.5, 0, 0, 0.5, 0, 0], [0, n, 0, 0, n, 0], [0, 0, 0.5, 0, 0, -0.5]])
    for jac in (wg.jacrev, wg.jacfwd):
        np.testing.assert_array_equal(jac(lambda a: fn(a, 0))(a).reshape(3, 6), truth)
        np.testing.assert_array_equal(jac(lambda a: fn(a.T, 1, keepdims=True))(a).reshape(3, 6), truth)
    # second order: (a0 - a1) ** 2 / 4 per column (std: |a0 - a1| / 2, linear), nothing of the NaN
    # column (hessian, jacfwd(grad), jacrev(grad) had NaN in its rows for std; jacrev(jacfwd) too)
    hessian = np.zeros((6, 6))
    if fn is np.var:
        for i, j, w in ((0, 3, 1.0), (2, 5, 3.0)):
            hessian[np.ix_([i, j], [i, j])] = 0.5 * w * np.array([[1.0, -1.0], [-1.0, 1.0]])
    f = lambda a: fn(a, 0)[0] + 3.0 * fn(a, 0)[2]  # noqa: E731
    paths = [wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f)),
             lambda f: wg.jacrev(wg.grad(f)), lambda f: wg.jacrev(wg.jacfwd(f))]
    for path in paths:
        np.testing.assert_array_equal(path(f)(a).reshape(6, 6), hessian)
    if fn is np.std:  # (and the NaN output's own second derivatives stay NaN, on five paths)
        for path in paths:
            assert np.isnan(path(lambda a: fn(a, 0)[1])(a).reshape(6, 6)[np.ix_([1, 4], [1, 4])]).all()


def test_prod_where_and_initial_exact():
    # (they were refused): left-out entries count as 1 and get 0; initial scales
    x = np.array([1.0, -2.0, 3.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.prod(v, where=v > 0), x), [3.0, 0.0, 1.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.prod(v, initial=2.0), x), [-12.0, 6.0, -4.0])


def test_where_and_mean_keywords_exact():
    """The masked-out elements get nothing; a tie with initial= shares; a given
    mean is the center (at the true mean the gradient is var's own)."""
    x, mask = np.array([1.0, -2.0, 3.0, 3.0]), np.array([True, True, False, True])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.max(v, where=mask, initial=-9.0), x), [0, 0, 0, 1])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.max(v, where=mask, initial=3.0), x), [0, 0, 0, 0.5])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.min(v, where=~mask, initial=5.0), x), [0, 0, 1, 0])
    np.testing.assert_allclose(wg.grad_bp(lambda v: np.var(v, where=mask), x), 2 * (x - 2 / 3) / 3 * mask, rtol=1e-15)
    np.testing.assert_allclose(wg.grad_bp(lambda v: np.var(v, mean=np.mean(x, keepdims=True)), x), wg.grad_bp(np.var, x), rtol=1e-15)
    np.testing.assert_allclose(wg.grad_bp(lambda v: np.var(v, mean=np.zeros(1)), x), 2 * x / 4, rtol=1e-15)


def test_sum_and_mean_where_exact():
    mask = np.array([True, False, True])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(v, where=mask), np.ones(3)), [1.0, 0.0, 1.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.mean(v, where=mask), np.ones(3)), [0.5, 0.0, 0.5])


def test_cumsum_exact():
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.cumsum(v) * [1.0, 10.0, 100.0]),
                                             np.zeros(3)), [111.0, 110.0, 100.0])


def test_trace_exact():
    np.testing.assert_array_equal(wg.grad_bp(np.trace, np.zeros((2, 3))), [[1, 0, 0], [0, 1, 0]])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.trace(v, offset=1), np.zeros((2, 3))),
                                  [[0, 1, 0], [0, 0, 1]])


def test_logsumexp_softmax_stable_for_large_inputs():
    x = np.array([1000.0, 1000.0, -1000.0, -np.inf])
    assert wnp.logsumexp(x) == pytest.approx(1000.0 + np.log(2.0), rel=1e-15, abs=0.0)
    np.testing.assert_allclose(wnp.softmax(x), [0.5, 0.5, 0.0, 0.0], rtol=1e-15)
    np.testing.assert_allclose(wnp.log_softmax(x)[:2], [-np.log(2.0)] * 2, rtol=1e-15)
    # exactly 0.5: exp(x - logsumexp(x)) normalized by its sum, as softmax (it was
    # 0.5000000000000275, through the rounding of logsumexp(x), at rtol=2e-13)
    np.testing.assert_array_equal(wg.grad_bp(wnp.logsumexp, x), [0.5, 0.5, 0.0, 0.0])
    assert wnp.logsumexp(np.array([-np.inf, -np.inf])) == -np.inf
    g = wg.grad_bp(lambda v: wnp.log_softmax(v)[0], np.array([800.0, 800.0]))
    np.testing.assert_allclose(g, [0.5, -0.5], rtol=1e-15)


@pytest.mark.parametrize("path", ["jacrev(jacrev)", "jacfwd(jacrev)", "jacrev(jacfwd)", "jacfwd(jacfwd)", "jvp(grad)"])
def test_logsumexps_hessian_without_the_rounding_of_its_value(path):
    # diag(s) - s s^T at s = 1/3: 2/9 and -1/9 (1.999999999956517 / 9 through exp(x - logsumexp(x)))
    x = np.full(3, 7e5)
    f = wnp.logsumexp
    if path == "jvp(grad)":
        h = np.array([wg.jvp(wg.grad(f), (x,), (e,))[1] for e in np.eye(3)])
    else:
        outer, inner = (getattr(wg, name) for name in path[:-1].split("("))
        h = outer(inner(f))(x)
    np.testing.assert_allclose(h, (3.0 * np.eye(3) - 1.0) / 9.0, rtol=2e-16, atol=0)


def test_logsumexp_matches_the_formula():
    x = rand((2, 3), seed=9)
    for axis, keep in ((None, False), (1, True), ((0, 1), False), (-1, False)):
        np.testing.assert_allclose(wnp.logsumexp(x, axis=axis, keepdims=keep),
                                   np.log(np.sum(np.exp(x), axis=axis, keepdims=keep)), rtol=1e-15)
    np.testing.assert_allclose(wnp.softmax(x, axis=0), np.exp(x) / np.sum(np.exp(x), axis=0), rtol=1e-15)


def test_own_functions_record_one_node():
    def f(v):
        y = wnp.softmax(v)
        assert len(v.tape) == 2  # the leaf and one softmax node
        return y[0]
    wg.grad_bp(f, np.ones(3))


def test_float32_is_kept():
    x = np.array([1.0, 0.0, 2.0], dtype=np.float32)
    for f in (np.var, np.std, np.prod, wnp.logsumexp, lambda v: np.sum(np.cumprod(v)),
              lambda v: np.sum(np.cumsum(v)), lambda v: wnp.softmax(v)[0], lambda v: np.sum(np.diff(v))):
        assert wg.grad_bp(f, x).dtype == np.float32


_WHERE_ALL = np.ones(70000, dtype=bool)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("f, ddof, std", [(np.var, 0, False), (lambda v: np.var(v, ddof=1, where=_WHERE_ALL), 1, False),
                                          (np.nanvar, 0, False), (np.std, 0, True), (np.nanstd, 0, True)])
def test_a_float16_slice_of_more_than_65504_counts(f, ddof, std):
    # the count in float16 was inf (65504 its largest): the gradient 0; now float64 there (the truth
    # from the float16 values in float64: 2 (x - mean) / (n - ddof), std's over 2 std)
    x = np.linspace(-1.0, 1.0, 70000).astype(np.float16)  # (its sum of squares within float16: NumPy's var finite)
    v = x.astype(np.float64)
    truth = 2.0 * (v - v.mean()) / (v.size - ddof) / (2.0 * np.std(v) if std else 1.0)
    np.testing.assert_allclose(wg.grad(f)(x).astype(np.float64), truth, rtol=0, atol=2e-3 * np.max(np.abs(truth)))


def _assert_gradient_in_its_dtype(fn, x, gradient, tol):
    # grad and jacfwd of fn at x: x's dtype, within tol of the largest entry of the float64 truth
    for jac in (wg.grad, wg.jacfwd):
        g = jac(fn)(x)
        assert g.dtype == x.dtype
        np.testing.assert_allclose(g.astype(np.float64), gradient, rtol=0, atol=tol * np.max(np.abs(gradient)))


def _std_gradient_and_hessian(x):
    # d std / dx = d / (N s) and its Hessian (I - 1/N) / (N s) - d d^T / (N^2 s^3), d = x - mean,
    # in float64 on x scaled by a power of two (exact) to keep every square finite
    scale = 2.0 ** (np.frexp(np.max(np.abs(x.astype(np.float64))))[1] - 1)
    v = x.astype(np.float64) / scale
    n, d = v.size, v - v.mean()
    s = np.sqrt(np.mean(d * d))
    return d / (n * s), ((np.eye(n) - 1.0 / n) / (n * s) - np.outer(d, d) / (n * n * s ** 3)) / scale


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # (NumPy's own std: 0 or inf there)
@pytest.mark.parametrize("x", [np.array([1e-4, 3e-4, -2e-4], np.float16), np.array([300.0, -400.0, 50.0], np.float16),
                               np.array([1e-3, 3e-3, 0.0], np.float16), np.array([6e-8, 0.0, 0.0], np.float16),
                               np.array([1e308, -1e308, 0.0]), np.array([3e38, -3e38, 0.0], np.float32)])
@pytest.mark.parametrize("fn", [np.std, np.nanstd])
def test_std_gradient_where_the_variance_leaves_the_floats_range(x, fn):
    # float16 was never rescaled (its squares are float16 in NumPy's var: 0 for [1e-4, 3e-4, -2e-4],
    # inf for [300, -400, 50]): the gradient 0 there, 0.7% off at [1e-3, 3e-3, 0] (a subnormal
    # variance); and the scale 2^1024 at 1e308 (2^128 at float32's 3e38) was inf: gradient 0
    gradient, hessian = _std_gradient_and_hessian(x)
    tol = 2.0 * np.finfo(x.dtype).eps
    _assert_gradient_in_its_dtype(fn, x, gradient, tol)
    # (float16: the Hessian's differences cancel to float16's eps of its largest entry; at
    # [6e-8, 0, 0] it is 5.9e6, beyond float16)
    if x.dtype == np.float16 and np.max(np.abs(hessian)) < np.finfo(np.float16).max:
        for path in (wg.hessian, lambda f: wg.jacfwd(wg.grad(f))):
            np.testing.assert_allclose(path(fn)(x).astype(np.float64), hessian, rtol=0,
                                       atol=2.0 * tol * np.max(np.abs(hessian)))


@pytest.mark.parametrize("x", [np.array([1000.0, 1000.5], np.float16), np.array([1000.0, 1001.0, 1003.0], np.float16),
                               np.array([30000.0, 30016.0], np.float16), np.array([1.0, 1.001, 0.999], np.float16)])
@pytest.mark.parametrize("fn", [np.var, np.nanvar, np.std, np.nanstd])
def test_float16_variance_gradient_where_the_mean_is_not_a_float16(x, fn):
    # the deviations were taken from a mean rounded to float16 (1000 for [1000, 1000.5]): grad(np.var)
    # [0, 0.5] for [-0.25, 0.25], grad(np.std) [0, 0.707] for [-0.5, 0.5], silently; now in float32
    v = x.astype(np.float64)
    n, d = v.size, v - v.mean()
    if fn in (np.var, np.nanvar):
        gradient, hessian = 2.0 * d / n, 2.0 * (np.eye(n) - 1.0 / n) / n
    else:
        gradient, hessian = _std_gradient_and_hessian(x)
    tol = 2.0 * np.finfo(np.float16).eps
    _assert_gradient_in_its_dtype(fn, x, gradient, tol)
    if np.max(np.abs(hessian)) < np.finfo(np.float16).max:
        np.testing.assert_allclose(wg.hessian(fn)(x).astype(np.float64), hessian, rtol=0,
                                   atol=2.0 * tol * np.max(np.abs(hessian)))
    # along the last axis of a stack, beside a float16 slice that needs no care
    stack = np.stack([x, np.arange(n, dtype=np.float16)])
    g = wg.grad(lambda m: np.sum(fn(m, axis=-1)))(stack)
    np.testing.assert_allclose(g[0].astype(np.float64), gradient, rtol=0, atol=tol * np.max(np.abs(gradient)))


@pytest.mark.parametrize("f", [lambda v: np.var(v, axis=2), lambda v: np.cumsum(v, axis=-3),
                               lambda v: wnp.logsumexp(v, axis=(0, 5)), lambda v: np.trace(v, axis2=4)])
def test_axis_out_of_range_raises(f):
    with pytest.raises(np.exceptions.AxisError):
        wg.grad_bp(f, np.ones((2, 3)))


def test_a_first_order_only_rule_refuses_a_second_derivative():
    # No built-in rule is first order only any more (prod was): keep the refusal tested.
    @wg.primitive
    def cube(x):
        return x ** 3
    wg.defvjp(cube, lambda ans, x: lambda g: g * 3.0 * np.asarray(x) ** 2, higher_order=False)
    assert wg.grad_bp(cube, 2.0) == 12.0
    with pytest.raises(wg.NoGradientRule, match="second derivative"):
        wg.hessian(cube)(np.array(2.0))


@pytest.mark.parametrize("dtype", [np.uint8, np.uint32, np.int8, np.int64, np.bool_])
def test_softmax_family_of_integer_and_boolean_arrays_is_computed_in_floating_point(dtype):
    # The fast path subtracts the maximum in the input's dtype; integers must not get there
    # (uint8 wrapped around to nan, int8 overflowed, bool raised).
    x = np.array([1, 0, 1] if dtype is np.bool_ else [1, 2, 3], dtype=dtype)
    f = x.astype(np.float64)
    np.testing.assert_allclose(wnp.softmax(x), np.exp(f) / np.sum(np.exp(f)), rtol=1e-15)
    np.testing.assert_allclose(wnp.log_softmax(x), f - np.log(np.sum(np.exp(f))), rtol=4e-15)
    assert wnp.logsumexp(x) == pytest.approx(np.log(np.sum(np.exp(f))), rel=1e-15, abs=0.0)
    assert wnp.log_softmax(x).dtype == np.float64


@pytest.mark.parametrize("shape, axis", [((0, 3), None), ((0, 3), 0), ((3, 0), 0), ((3, 0), 1)])
def test_prod_of_empty_arrays(shape, axis):
    # the rule flattened the reduced axes with reshape(-1, ...), ambiguous for a size 0
    x = np.zeros(shape, dtype=np.float32)
    g = wg.grad_bp(lambda v: np.sum(np.prod(v, axis=axis)), x)
    assert g.shape == shape and g.dtype == np.float32


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("axis", [1, -1, None, (0, 1), 0])
def test_softmax_family_over_an_empty_axis(axis, dtype):
    # on main: ValueError (np.maximum.reduce of a zero-size array). The sum of no terms is 0:
    # logsumexp is log(0) = -inf, np.logaddexp.reduce's identity; softmax and log_softmax are
    # empty; every derivative is empty, and logsumexp's tangent 0 (a constant -inf)
    x = np.zeros((2, 0), dtype=dtype)
    lse = lambda v: wnp.logsumexp(v, axis=axis)  # noqa: E731
    expected = np.full((2,) if axis in (1, -1) else (0,) if axis == 0 else (), -np.inf)
    np.testing.assert_array_equal(lse(x), expected)
    np.testing.assert_array_equal(np.logaddexp.reduce(x, axis=axis), expected)
    assert np.result_type(lse(x)) == dtype
    np.testing.assert_array_equal(wg.jvp(lse, (x,), (x,)), (expected, np.zeros_like(expected)))
    for fn in (lse, lambda v: wnp.softmax(v, axis=axis), lambda v: wnp.log_softmax(v, axis=axis)):
        assert fn(x).shape == expected.shape if fn is lse else fn(x).shape == (2, 0)
        scalar = lambda v, fn=fn: np.sum(fn(v))  # noqa: E731
        for derivative in (wg.grad(scalar), wg.jit(wg.grad(scalar)), wg.jacfwd(fn), wg.hessian(scalar),
                           wg.jacfwd(wg.jacrev(scalar))):
            d = derivative(x)
            assert d.size == 0 and d.shape[-2:] == (2, 0) and d.dtype == dtype


def test_max_with_initial_shares_a_tie_with_the_initial_value():
    """A tie between the values and initial= is a kink (one-sided derivatives 0 and 1): the
    initial value counts as one more tied candidate, as np.maximum's tie convention (x gets
    half against one constant); where initial wins, x gets nothing."""
    x = np.array([[0.5, 0.2, 0.5], [0.1, 0.3, 0.5]])
    g = wg.grad_bp(lambda v: np.sum(np.max(v, axis=0, initial=0.5)), x)
    np.testing.assert_array_equal(g, [[0.5, 0.0, 1 / 3], [0.0, 0.0, 1 / 3]])
    assert wg.grad_bp(lambda v: np.min(v, initial=-1.0), np.array([0.0, 2.0])).tolist() == [0.0, 0.0]


def test_max_of_a_slice_with_a_nan_keeps_its_nan_to_its_own_output():
    """np.max(a, 1) with a NaN in row 0: output 0 is NaN (its derivatives NaN), output 1 does not
    read row 0. Before: jacrev put NaN into output 1's row at row 0's entries, jacfwd into output
    0's row at row 1's entries, and jacrev(jacrev) of max(a, 1)[1]**2 NaN at row 0 (truth 0)."""
    x = np.array([[1.0, np.nan, 3.0], [2.0, 5.0, 4.0]])
    nan = np.nan
    truth = np.array([[[nan, nan, nan], [0, 0, 0]], [[0, 0, 0], [0, 1.0, 0]]])
    with np.errstate(invalid="ignore"):
        for jac in (wg.jacrev, wg.jacfwd):
            np.testing.assert_array_equal(jac(lambda a: np.max(a, axis=1))(x), truth)
        h = wg.jacrev(wg.jacrev(lambda a: np.max(a, axis=1)[1] ** 2))(x)
    np.testing.assert_array_equal(h[1], [[[0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 2.0, 0]], [[0, 0, 0], [0, 0, 0]]])


def test_max_with_initial_and_where_passed_by_position():
    """Before: np.max(x, None, None, False, 0.0) raised "_vjp_extremum() got multiple values for
    argument '_name'" in reverse mode (the rule's _name sat where NumPy's initial is)."""
    x = np.array([3.0, 1.0, 3.0])
    np.testing.assert_array_equal(wg.grad(lambda v: np.max(v, None, None, False, 0.0))(x), [0.5, 0.0, 0.5])
    mask = np.array([False, True, True])
    np.testing.assert_array_equal(wg.grad(lambda v: np.min(v, 0, None, False, 9.0, mask))(x), [0.0, 1.0, 0.0])


# -- where=None in sum and prod: NumPy keeps nothing ----------------------------------------

@pytest.mark.parametrize("reduce", [lambda x: np.sum(x * x, where=None, initial=1.0),
                                    lambda x: np.prod(x, where=None) * x[0],
                                    lambda x: np.sum(x ** 2, where=np.array([True, False, True])),
                                    lambda x: np.prod(x, where=[True, False, True]),
                                    lambda x: np.sum(x ** 2, where=np.True_)],
                         ids=["sum-None", "prod-None", "sum-mask", "prod-list", "sum-numpy-true"])
def test_where_none_keeps_nothing(reduce):
    """Before: np.sum(x, where=None, initial=0.0) is 0.0 (NumPy reads None as False) but its
    reverse gradient was [1, 1, 1] (the rules took None as no where=), forward mode's 0."""
    check_both_modes(reduce, np.array([-1.0, 0.3, 2.0]))


# -- diff with n=0 ------------------------------------------------------------------------------

@pytest.mark.parametrize("ends", [{"prepend": 0.0}, {"append": [1.0, 2.0]}, {"prepend": 1.0, "append": 2.0}])
def test_diff_of_order_zero_ignores_prepend_and_append(ends):
    """Before: np.diff(a, n=0, prepend=...) (NumPy returns ``a`` unchanged, ignoring the ends)
    cut the cotangent as if the ends were there: of an intermediate of 2 elements,
    grad(sum((1, 2) * diff(x[:2], n=0, prepend=0))) was (2, 2), silently (the cut cotangent
    of 1 element broadcast), against (1, 2); at 4 elements it raised "gradient of shape (3,)
    for an input of shape (4,)"."""
    x = np.array([1.0, 2.0, 4.0, 7.0])
    w = np.array([0.5, -1.0, 2.0, 3.0])
    np.testing.assert_array_equal(wg.grad(lambda x: np.sum(w * np.diff(x, n=0, **ends)))(x), w)
    np.testing.assert_array_equal(wg.grad(lambda x: np.sum(np.diff(x[:1], n=0, **ends)) * 3.0)(x), [3.0, 0, 0, 0])
    np.testing.assert_array_equal(wg.grad(lambda x: np.sum(np.diff(x[:2], n=0, **ends) * w[:2]))(x), [0.5, -1.0, 0, 0])
    check_both_modes(lambda x: np.diff(x ** 2, n=0, axis=0, **ends), x)


def test_sum_with_initial_and_where_passed_by_position():
    """Before: np.sum(x, None, None, None, False, 0.0) (initial= by position) took the 0.0 for
    where=, a mask of False: the gradient of sum(x**2) was [0, 0, 0] (truth 2x), silently; a
    where= by position raised "_vjp_sum() takes from 2 to 7 positional arguments"."""
    x = np.array([3.0, 1.0, 2.0])
    np.testing.assert_array_equal(wg.grad(lambda a: np.sum(a ** 2, None, None, None, False, 0.0))(x), 2 * x)
    np.testing.assert_array_equal(wg.grad(lambda a: a.sum(0, None, None, False, 0.0) * 1.0)(x), [1.0, 1.0, 1.0])
    mask = np.array([True, False, True])
    np.testing.assert_array_equal(wg.grad(lambda a: np.sum(a ** 2, None, None, None, False, 0.0, mask))(x), [6.0, 0, 4.0])


def test_median_and_quantile_with_overwrite_input_passed_by_position():
    """Before: np.median(x, 0, None, False) raised "median() got multiple values for argument
    'overwrite_input'" (wengert sets it to False, as a keyword)."""
    x = np.array([3.0, 1.0, 2.0])
    np.testing.assert_array_equal(wg.grad(lambda a: np.median(a, 0, None, True))(x), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(wg.grad(lambda a: np.quantile(a, 0.75, 0, None, True, "lower"))(x), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(x, [3.0, 1.0, 2.0])  # (not reordered)


def test_diff_forward_mode_reads_n_and_axis_passed_by_position():
    """Before: forward mode read n and axis from the keywords only: np.diff(a, 2)'s tangent was
    np.diff(t) (n = 1), so jvp(sum(diff(a, 2))) along e_0 was -1.0 (truth 1.0), and jacfwd,
    hessian of sum(diff(a, 2)**2) raised a broadcast error. A moving prepend passed by
    position: refused, as in reverse mode (its tangent was dropped)."""
    x = np.array([1.0, 4.0, 2.0, 7.0, 3.0])
    assert wg.jvp(lambda a: np.sum(np.diff(a, 2)), (x,), (np.eye(5)[0],))[1] == 1.0
    second = np.diff(np.eye(5), 2, axis=0)
    np.testing.assert_array_equal(wg.jacfwd(lambda a: np.diff(a, 2))(x), second)
    np.testing.assert_array_equal(wg.hessian(lambda a: np.sum(np.diff(a, 2) ** 2))(x), 2 * second.T @ second)
    m = x.reshape(1, 5) * np.array([[1.0], [2.0]])
    np.testing.assert_array_equal(wg.jvp(lambda a: np.diff(a, 1, 0), (m,), (m,))[1], np.diff(m, 1, 0))
    with pytest.raises(wg.NoGradientRule, match="argument 3"):
        wg.jvp(lambda p: np.diff(x, 1, -1, p), (np.ones(1),), (np.ones(1),))


#: a softmax with one entry near 1: its Jacobian diag(s) - s s^T has 1 - s_0 = 4.2e-18 on the
#: diagonal, which s_0 (t_0 - sum s t) lost (0 for 4.277e-18, the largest entry, in the gradient of
#: softmax(x)[0] and in the Hessians of logsumexp and log_softmax on every path)
SATURATED = np.array([0.0, -40.0, -45.0, -41.0])
SOFTMAX_PATHS = {
    "rev-rev": lambda f, x: wg.jacrev(wg.jacrev(f))(x), "fwd-rev": lambda f, x: wg.jacfwd(wg.jacrev(f))(x),
    "rev-fwd": lambda f, x: wg.jacrev(wg.jacfwd(f))(x), "fwd-fwd": lambda f, x: wg.jacfwd(wg.jacfwd(f))(x),
    "jvp(grad)": lambda f, x: np.stack([wg.jvp(wg.grad(f), (x,), (e,))[1] for e in np.eye(x.size)], axis=1)}


def _saturated_jacobian():
    # the closed form diag(s) - s s^T, s from mpmath (30 digits)
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(30):
        e = [mpmath.exp(mpmath.mpf(t)) for t in SATURATED]
        s = [v / mpmath.fsum(e) for v in e]
        return np.array([[float((s[i] if i == j else 0) - s[i] * s[j]) for j in range(4)] for i in range(4)])


@pytest.mark.parametrize("path", SOFTMAX_PATHS)
def test_softmax_family_where_one_entry_dominates(path):
    truth = _saturated_jacobian()
    tol = dict(rtol=1e-14, atol=1e-14 * np.abs(truth).max())
    np.testing.assert_allclose(wg.jacrev(wnp.softmax)(SATURATED), truth, **tol)
    np.testing.assert_allclose(wg.jacfwd(wnp.softmax)(SATURATED), truth, **tol)
    np.testing.assert_allclose(SOFTMAX_PATHS[path](wnp.logsumexp, SATURATED), truth, **tol)
    np.testing.assert_allclose(SOFTMAX_PATHS[path](lambda v: wnp.log_softmax(v)[2], SATURATED), -truth, **tol)


def test_softmax_family_forward_mode_with_a_positional_axis():
    # forward mode bound axis=-1 (logsumexp: None) whatever was passed positionally:
    # jacfwd(lambda v: wnp.softmax(v, 0)) was softmax's along the rows (0.24 off), log_softmax's
    # likewise, logsumexp's a broadcast error. Closed form: diag(s) - s s^T in each column
    x = np.array([[0.1, 0.5, -1.0], [0.7, -0.2, 0.3]])
    s = np.exp(x) / np.sum(np.exp(x), axis=0)
    eye = np.eye(2)[:, None, :, None] * np.eye(3)[None, :, None, :]  # d x[i, c] / d x[j, d]
    jac = s[:, :, None, None] * (eye - s[None, :, :, None].transpose(0, 3, 1, 2) * np.eye(3)[None, :, None, :])
    np.testing.assert_allclose(wg.jacfwd(lambda v: wnp.softmax(v, 0))(x), jac, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(wg.jacfwd(lambda v: wnp.log_softmax(v, 0))(x), eye - s[None, None] *
                               np.eye(3)[None, :, None, :], rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(wg.jacfwd(lambda v: wnp.logsumexp(v, 0))(x), s[None] * np.eye(3)[:, None, :],
                               rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("f", [lambda a: np.std(a, where=np.array([True, False, False])), lambda a: np.std(a[None, :], 0).sum(),
                               lambda a: np.nanstd(np.where([True, False, False], a, np.nan))],
                         ids=["where-one", "axis-of-length-one", "nanstd-one"])
def test_std_of_a_single_value_is_the_constant_0_at_every_order(f):
    # a slice holding one value: std is identically 0, no kink (the refusal is for equal values among several):
    # its Hessian was refused, "no second derivative at its kink"; 0 on every path (exact: the constant 0)
    a = np.array([1.0, 2.0, 3.0])
    with np.errstate(invalid="ignore"):
        paths = {"hessian": wg.hessian(f), "jacfwd(jacfwd)": wg.jacfwd(wg.jacfwd(f)),
                 "jacrev(jacfwd)": wg.jacrev(wg.jacfwd(f)), "jacfwd(grad)": wg.jacfwd(wg.grad(f))}
        for name, h in paths.items():
            np.testing.assert_array_equal(h(a), np.zeros((3, 3)), err_msg=name)
    with pytest.raises(wg.NoGradientRule, match="kink"):  # (two equal values: the kink, refused as before)
        wg.hessian(lambda a: np.std(a, where=np.array([True, True, False])))(np.array([2.0, 2.0, 3.0]))
