"""Gradients at the inputs random tests miss: the findings of ``tools/probe_edges.py``.

The sweep re-runs every gradient case of the op tables with edge variants of its
arguments (non-contiguous layouts, single precision, integer and boolean operands, size-1
and empty shapes, negative axes...). Each silently wrong gradient it found is a
regression test here, and a few of the sweep's variants run as tests on a sample of cases
so that the tool itself keeps working.
"""
import pathlib
import warnings
import sys

import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from wengert.testing import check_grads

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import probe_edges  # noqa: E402


# -- x.at[key].set(v) with v of more axes than the selection (length-1 leading ones) ---------

@pytest.mark.parametrize("v_shape, key", [((1, 4), 0), ((1, 1, 4), 0), ((1, 2, 4), slice(0, 2)),
                                           ((1, 3), (slice(None), 1)), ((1, 4), np.array([1]))])
@pytest.mark.parametrize("update", ["set", "add"])
def test_at_update_with_leading_unit_axes_in_v(v_shape, key, update):
    """NumPy's ``a[0] = v`` takes v of shape (1, 4) for a row of 4 (it drops v's leading
    length-1 axes); the pullback for v raised ("cannot be summed back") before."""
    a = np.arange(12.0).reshape(3, 4) / 7.0
    v = np.linspace(-1.0, 1.0, int(np.prod(v_shape))).reshape(v_shape)
    expected = a.copy()

    def f(a, v):
        return getattr(wnp.at(a)[key], update)(v) ** 2
    if update == "set":
        expected[key] = v
    else:
        try:
            expected[key] += v
        except ValueError:  # NumPy's += refuses what its = takes: so does .add
            with pytest.raises(ValueError):
                f(a, v)
            return
    np.testing.assert_allclose(wg.stop_gradient(f(a, v)), expected ** 2, rtol=1e-15)
    check_grads(f, a, v, order=2, modes=("rev", "fwd"))


# -- forward mode: an integer or boolean constant in a linear function's argument --------------

@pytest.mark.parametrize("other", [np.array([[1], [0]]), np.array([[True], [False]]), np.int64(3), 2])
def test_forward_mode_of_where_with_an_integer_constant(other):
    """The JVP of a linear rule (np.where) filled a constant's slot with its tangent 0 only
    for floats and Python ints: an integer or boolean array went in as itself, so the
    tangent held the constant's values (1 where the constant was 1) with no error."""
    cond = np.array([True, False, True])
    x = np.array([0.3, -0.2, 0.5])

    def f(x):
        return np.where(cond, x, other)
    _, tangent = wg.jvp(f, (x,), (np.ones(3),))
    expected = np.broadcast_to(np.where(cond, 1.0, 0.0), np.shape(f(x)))
    np.testing.assert_array_equal(tangent, expected)
    check_grads(f, x, order=2, modes=("rev", "fwd"))
    np.testing.assert_array_equal(wg.jacfwd(f)(x), wg.jacrev(f)(x))


# -- the sweep itself, on a sample of cases ----------------------------------------------------

SAMPLE = ("where", "sum-2x3x2-axis(0, 2)-keepTrue", "index_set", "concatenate", "matmul-(2, 3)-(3, 4)")


def _sample():
    cases, first_order = probe_edges._cases()
    return [(c, bool(first_order.intersection(c.covers))) for c in cases if any(s in c.id for s in SAMPLE)]


@pytest.mark.parametrize("variant", sorted(probe_edges.VARIANTS))
def test_the_sweep_finds_nothing_wrong_on_a_sample(variant):
    verdicts = {}
    for c, first_order in _sample():
        verdict, detail = probe_edges.run_variant(c, variant, first_order)
        if verdict is not None:
            verdicts[c.id] = (verdict, detail)
    bad = {k: v for k, v in verdicts.items() if v[0] in ("WRONG", "crash")}
    assert not bad, bad


@pytest.mark.parametrize("constant", [np.array([[1], [2], [0]]), np.array([[True], [False], [True]]), 2])
def test_forward_mode_of_a_sequence_function_with_an_integer_constant_item(constant):
    """The JVP of np.select is the transpose of its VJP; the tangent paired with the VJP's
    cotangents had, for an integer or boolean item of the choice list, that item's VALUES
    (only floating-point items were given tangent 0), so the integer choice leaked into the
    tangent, with no error."""
    cond = [np.array([True, False, False, True]), np.array([False, True, False, False])]

    def f(a):
        return np.select(cond, [a, constant])
    a = np.array([0.5, -0.25, 0.75, 1.5])
    _, tangent = wg.jvp(f, (a,), (np.ones(4),))
    np.testing.assert_array_equal(tangent, np.broadcast_to([1.0, 0.0, 0.0, 1.0], np.shape(f(a))))
    check_grads(f, a, order=2, modes=("rev", "fwd"))


@pytest.mark.parametrize("f", [lambda a: np.linalg.svd(a, compute_uv=False),
                               lambda a: np.linalg.svd(a, full_matrices=False)[0],
                               lambda a: np.linalg.norm(a, 2), lambda a: np.linalg.norm(a, "nuc")],
                         ids=["svdvals", "svd-u", "norm-2", "norm-nuc"])
def test_linalg_of_an_empty_matrix(f):
    """NumPy returns empty singular values (and norm 0) for a (3, 0) matrix; the rules
    crashed in a max over no values ("zero-size array to reduction operation maximum")."""
    a = np.zeros((3, 0))
    try:
        f(a)
    except ValueError:  # NumPy 2.0's norm(a, 2) of an empty matrix raises: so does wengert
        with pytest.raises(ValueError, match="zero-size array"):
            wg.grad(lambda a: np.sum(f(a)))(a)
        return
    grad = wg.grad(lambda a: np.sum(f(a)))(a)
    assert grad.shape == (3, 0)
    check_grads(f, a, modes=("rev", "fwd"))


@pytest.mark.parametrize("transform", ["hessian", "jacfwd(grad)", "jacrev(grad)", "hessian(jit)", "jit(hessian)"])
def test_hessian_through_a_python_if_on_an_element(transform):
    """A Python ``if`` on an element of the argument, under every way of taking a Hessian
    (reported to raise an error about ``out=``; not reproduced: kept as a test), on both
    branches and back, each against the branch's own Hessian."""
    def f(x):
        return np.sum(x ** 3) if x[0] > 0 else np.sum(x ** 2)
    hess = {"hessian": wg.hessian(f), "jacfwd(grad)": wg.jacfwd(wg.grad(f)),
            "jacrev(grad)": wg.jacrev(wg.grad(f)), "hessian(jit)": wg.hessian(wg.jit(f)),
            "jit(hessian)": wg.jit(wg.hessian(f))}[transform]
    for x in (np.array([1.0, 2.0]), np.array([-1.0, 2.0]), np.array([0.5, -2.0])):
        expected = np.diag(6.0 * x) if x[0] > 0 else 2.0 * np.eye(2)
        np.testing.assert_allclose(hess(x), expected, rtol=1e-15)


def test_einsum_broadcasting_a_length_one_axis_against_an_empty_one():
    """NumPy's ``...`` broadcasts a length-1 axis against a length-0 one; the rule took the
    larger (1) as the broadcast size and returned y's cotangent with the empty axis."""
    x, y = np.ones((0, 2, 3)), np.ones((1, 3, 2))
    gx, gy = wg.grad(lambda x, y: np.sum(np.einsum("...ij,...jk", x, y)), argnums=(0, 1))(x, y)
    assert gx.shape == x.shape and gy.shape == y.shape and not gy.any()


@pytest.mark.parametrize("fp", [np.array([0, 1, 3]), np.array([False, True, True])])
def test_interp_with_integer_or_boolean_values(fp):
    """np.interp interpolates integer or boolean fp as floats; the x rule subtracted the
    booleans (a TypeError from NumPy's boolean subtract)."""
    x = np.array([0.25, 1.5])
    check_grads(lambda x: np.interp(x, [0.0, 1.0, 2.0], fp), x, order=2, modes=("rev", "fwd"))


def test_forward_mode_of_sum_with_initial_leaves_the_constant_out_of_the_tangent():
    # np.sum(x, initial=c) is x's sum plus a constant: its jvp was sum(v) + c (found by
    # np.add.reduce(x, initial=...), which is np.sum)
    x, v = np.array([1.0, 2.0, 3.0]), np.array([1.0, -2.0, 0.5])
    mask = np.array([True, False, True])
    for f in (lambda x: np.sum(x, initial=0.5), lambda x: np.sum(x, initial=0.5, where=mask),
              lambda x: np.add.reduce(x, initial=2.0), lambda x: np.nansum(x, initial=0.5)):
        value, tangent = wg.jvp(f, (x,), (v,))
        assert value == f(x)
        assert tangent == pytest.approx(float(wg.grad(f)(x) @ v), abs=0.0)


# -- softmax / log_softmax on a slice of -inf only ---------------------------------------------

@pytest.mark.parametrize("fun", ["softmax", "log_softmax"])
def test_softmax_of_a_slice_of_minus_inf_only_is_nan_with_nan_derivatives(fun):
    """A slice of -inf only has no softmax (0 / 0): the value is NaN there (as in SciPy,
    JAX and PyTorch) and so are its derivatives, reverse and forward, and only there; a
    slice with one finite entry has finite derivatives (0 for softmax at its -inf entries,
    1 - p for log_softmax's own entry), also at second order."""
    f = getattr(wnp, fun)
    x = np.array([[-np.inf, -np.inf, -np.inf], [0.3, -np.inf, 1.2], [0.1, -0.4, 0.2]])
    w = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0], [-0.3, 0.7, 1.1]])
    with pytest.warns(RuntimeWarning, match="invalid value"):
        value = f(x)
    with pytest.warns(RuntimeWarning, match="invalid value"):
        g = wg.grad(lambda x: np.sum(w * f(x)))(x)
    with pytest.warns(RuntimeWarning, match="invalid value"):
        _, t = wg.jvp(f, (x,), (w,))
    for a in (value, g, t):
        assert np.isnan(a[0]).all() and not np.isnan(a[1:]).any()
    finite = x[1:]

    def masked(x):  # the -inf entry kept, the function smooth in the finite ones
        return np.sum(w[1:] * np.where(np.isinf(finite), 0.0, f(x)))
    if fun == "softmax":
        assert g[1, 1] == 0.0 and t[1, 1] == 0.0
    check_grads(lambda y: masked(np.where(np.isinf(finite), -np.inf, y)), np.where(np.isinf(finite), 0.0, finite),
                order=2, modes=("rev", "fwd"))


# -- forward mode at a Python float where the derivative is infinite ---------------------------

@pytest.mark.parametrize("f", [np.log, np.sqrt, lambda x: np.log1p(x - 1.0), wg.sqrt, np.cbrt, lambda x: x ** 0.5,
                               lambda x: np.power(x, 0.5), lambda x: np.arccos(x + 1.0),
                               lambda x: np.arctanh(x - 1.0)],
                         ids=["log", "sqrt", "log1p", "wg.sqrt", "cbrt", "pow", "power", "arccos", "arctanh"])
def test_forward_mode_at_an_infinite_derivative_of_a_python_float_agrees_with_reverse(f):
    """A rule such as log's ``t / x`` ran on the Python floats 1.0 and 0.0 in forward mode
    and raised ZeroDivisionError where reverse mode (NumPy's scalars) gives inf; at second
    order (forward over forward) 0.5 / sqrt(x) raised on a Dual of floats. Both modes now
    give the same infinity (with NumPy's divide warning), first and second order."""
    x = 0.0
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        rev1 = wg.grad(f)(x)
        fwd1 = wg.jvp(f, (x,), (1.0,))[1]
        rev2 = wg.grad(wg.grad(f))(x)
        fwd2 = wg.jvp(lambda t: wg.jvp(f, (t,), (1.0,))[1], (x,), (1.0,))[1]
        rev_fwd = wg.grad(lambda t: wg.jvp(f, (t,), (1.0,))[1])(x)
    assert np.isinf(rev1) or np.isinf(rev2)
    np.testing.assert_array_equal(fwd1, rev1)
    np.testing.assert_array_equal(fwd2, rev2)
    np.testing.assert_array_equal(rev_fwd, rev2)


# -- tools/probe_edges.py's crashes: a float cotangent of a 0-d update, empty pinv, polymul ---

def test_at_set_on_a_numpy_scalar_takes_a_float_cotangent():
    """``wnp.at(x)[()].set(v)`` on a NumPy scalar gives a 0-d array, whose cotangent may be
    a Python float: the pullback for v indexed it ('float' object is not subscriptable)."""
    value, pullback = wg.vjp(lambda x, v: wnp.at(x)[()].set(v) * x, np.float64(0.6), np.array(0.7))
    gx, gv = pullback(2.0)
    assert gx == pytest.approx(1.4, rel=1e-15, abs=0.0) and gv == pytest.approx(1.2, rel=1e-15, abs=0.0)


@pytest.mark.parametrize("shape", [(3, 0), (0, 3), (0, 0)])
@pytest.mark.parametrize("hermitian", [False, True])
def test_pinv_of_an_empty_matrix(shape, hermitian):
    """NumPy takes pinv(hermitian=True) of any empty matrix; the rule's Hermitian fold
    assumed a square one and raised a broadcasting error."""
    a = np.zeros(shape)
    g = wg.grad(lambda a: np.sum(np.linalg.pinv(a, hermitian=hermitian)))(a)
    assert g.shape == shape


@pytest.mark.parametrize("a1, a2", [(np.zeros(0), np.array([1.0, 2.0])), (np.array([0.0, 1.0, 3.0]), np.array([1.0, 2.0])),
                                    (np.array([0.0, 0.0]), np.array([0.5, 2.0])), (np.array([1.5, -3.0]), np.zeros(0))])
def test_polymul_keeps_the_coefficients_poly1d_keeps(a1, a2):
    """np.polymul drops leading zeros and takes an empty array as [0] (np.poly1d); the
    rule convolved the arrays as given: a longer result, or np.convolve's 'a cannot be
    empty'. Now the same values and shape as NumPy, and the derivatives of that."""
    expected = np.polymul(a1, a2)
    np.testing.assert_array_equal(wg.stop_gradient(wg.vjp(np.polymul, a1, a2)[0]), expected)
    np.testing.assert_array_equal(wg.jvp(np.polymul, (a1, a2), (np.ones_like(a1), np.ones_like(a2)))[0], expected)
    if a1.size and a1[0] != 0 and a2.size and a2[0] != 0:
        check_grads(np.polymul, a1, a2, order=2, modes=("rev", "fwd"))
    check_grads(lambda b: np.polymul(a1, b), a2 + 0.25, order=1, modes=("rev", "fwd"))


# -- np.power's derivative in its exponent at base 0, differentiated again ----------------------

def test_power_exponent_derivative_at_base_zero_refuses_where_its_derivative_is_not_zero():
    """d/dy x**y is taken as 0 at x = 0 (its limit for y > 0). Differentiated again in x that
    0 is right only for y > 1 (d/dx of x**y log(x) is x**(y-1) (y log(x) + 1)): for y <= 1 it
    gave 0 where the truth is infinite, e.g. a mixed second derivative of beta.pdf at the end
    of its support. It now refuses there, in both modes; elsewhere the Hessian is unchanged."""
    from wengert.scipy import stats
    h = wg.hessian(lambda v: v[0] ** v[1])
    np.testing.assert_array_equal(h(np.array([0.0, 2.5])), np.zeros((2, 2)))
    for y in (1.0, 0.5):
        with pytest.raises(wg.NoGradientRule, match=r"numpy\.power \(in its (exponent y|base x, differentiated)"), \
                np.errstate(all="ignore"):
            h(np.array([0.0, y]))
    with pytest.raises(wg.NoGradientRule, match="exponent"):
        wg.hessian(lambda v: stats.beta.pdf(v[0], 2.0, v[1]))(np.array([1.0, 2.0]))
    with pytest.raises(wg.NoGradientRule, match="exponent"), np.errstate(all="ignore"):
        wg.jvp(lambda v: wg.jvp(lambda w: w[0] ** w[1], (v,), (np.array([0.0, 1.0]),))[1],
               (np.array([0.0, 0.5]),), (np.array([1.0, 0.0]),))
    np.testing.assert_allclose(wg.hessian(lambda v: stats.beta.pdf(v[0], 2.0, v[1]))(np.array([1.0, 3.0])),
                               [[24.0, 0.0], [0.0, 0.0]], atol=1e-12)
    check_grads(lambda x, y: x ** y, np.array([0.3, 0.5, 2.0]), np.array([0.7, 2.5, 1.5]), order=2, modes=("rev", "fwd"))


def test_power_base_derivative_at_zero_differentiated_in_the_exponent_refuses():
    """y * x**(y-1), power's derivative in x, is 1 at x = 0, y = 1 (0 ** 0), but 0 for y > 1
    and inf for y < 1 there: its derivative in y, x**(y-1) (y log(x) + 1), is -inf. The chain
    rule through 0 ** 0's convention gave 1 (d/dy of d/dx, the order the other refusal does
    not see), and beta.pdf's mixed derivative at its support's end gave -11, with no error."""
    from wengert.scipy import stats
    d_dy_of_d_dx = wg.grad(lambda y: wg.grad(lambda x: x ** y)(0.0))
    with pytest.raises(wg.NoGradientRule, match=r"in its base x, differentiated in its exponent"):
        d_dy_of_d_dx(1.0)
    with pytest.raises(wg.NoGradientRule, match="exponent"):
        wg.grad(lambda b: wg.grad(lambda x: stats.beta.pdf(x, 2.0, b))(1.0))(2.0)
    with pytest.raises(wg.NoGradientRule, match="exponent"):  # forward over reverse
        wg.jvp(lambda y: wg.grad(lambda x: x ** y)(0.0), (1.0,), (1.0,))
    assert d_dy_of_d_dx(2.0) == 0.0 and d_dy_of_d_dx(0.0) == 0.0  # y > 1 is exact; 0 ** 0's convention
    assert d_dy_of_d_dx(1.0 + 1e-9) == 0.0
    check_grads(lambda y: wg.grad(lambda x: x ** y)(0.3), 1.0, order=1, modes=("rev", "fwd"))
