"""Silent wrong gradients outside the linalg / elementwise / special / new-SciPy
areas: the ufunc methods of binary ufuncs without a gradient (``floor_divide``,
``heaviside``) whose results hold entries of their input; ``np.diff`` of order 0 with
``prepend=`` / ``append=``; forward over reverse adding a forward-mode cotangent into a
plain adjoint in place.
"""
import numpy as np
import pytest

import wengert as wg
from wengert.testing import check_grads


def check_both_modes(f, *args, order=2):
    check_grads(f, *args, order=order, modes=("rev", "fwd"))


# -- reduce / accumulate of floor_divide and heaviside pass entries through --------------------

def _weighted_sum(f):
    """sum(w * f(x)), w = 1, 2, 3, ... (a cotangent that tells the entries apart)."""
    def g(x):
        out = f(x)
        return np.sum(out * np.arange(1.0, 1.0 + np.size(out)).reshape(np.shape(out)))
    return g


#: name -> (f, x, the gradient of _weighted_sum(f) at x): away from the steps for floor_divide
#: (checked against central differences too), at heaviside's 0 (the value taken there is x2's)
PASS_THROUGH = {
    # accumulate's first entry is x[0]
    "floor_divide.accumulate": (lambda x: np.floor_divide.accumulate(x), np.array([1.5, 0.7, 2.3]),
                                [1.0, 0.0, 0.0]),
    "floor_divide.accumulate axis": (lambda x: np.floor_divide.accumulate(x, axis=-1),
                                     np.array([[1.5, 0.7, 2.3], [2.5, 3.1, 0.6]]),
                                     [[1.0, 0.0, 0.0], [4.0, 0.0, 0.0]]),
    "floor_divide.accumulate axis 0": (lambda x: np.floor_divide.accumulate(x, axis=0),
                                       np.array([[1.5, 0.7, 2.3], [2.5, 3.1, 0.6]]),
                                       [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),
    # a reduction over one element is that element
    "floor_divide.reduce size 1": (lambda x: np.floor_divide.reduce(x, axis=1), np.array([[1.5], [0.3]]),
                                   [[1.0], [2.0]]),
    "floor_divide.reduce keepdims": (lambda x: np.floor_divide.reduce(x, axis=0, keepdims=True),
                                     np.array([[1.5, 0.3]]), [[1.0, 2.0]]),
    # heaviside(0, x2) is x2
    "heaviside.reduce at 0": (lambda x: np.heaviside.reduce(x), np.array([0.0, 3.0]), [0.0, 1.0]),
    "heaviside.accumulate": (lambda x: np.heaviside.accumulate(x, axis=-1),
                             np.array([[0.0, 3.0, 1.0], [1.0, 0.0, 2.0]]),
                             [[1.0, 2.0, 0.0], [4.0, 0.0, 0.0]]),
    "heaviside.outer": (lambda x: np.heaviside.outer(np.array([0.0, 1.0, -2.0]), x), np.array([0.5, 2.0]),
                        [1.0, 2.0]),
    "heaviside.outer list": (lambda x: np.heaviside.outer([0.0, 1.0], x), np.array([0.5, 2.0]), [1.0, 2.0]),
}


@pytest.mark.parametrize("name", list(PASS_THROUGH))
def test_methods_of_ufuncs_without_gradient_keep_the_entries_they_pass_through(name):
    """Before: every ufunc method of a function without gradient returned a constant, so
    grad(sum(floor_divide.accumulate(x)))(1.5, 0.7, 2.3) was (0, 0, 0) against central
    differences (1, 0, 0), grad(heaviside.reduce)(0, 3) was (0, 0), not (0, 1), and
    heaviside.outer((0, 1, -2), x2) had no gradient in x2 (its first row is x2)."""
    f, x, expected = PASS_THROUGH[name]
    np.testing.assert_array_equal(wg.eval_bp(f, x), f(x))  # NumPy's values
    np.testing.assert_array_equal(wg.grad(_weighted_sum(f))(x), expected)
    _, tangent = wg.jvp(_weighted_sum(f), (x,), (np.ones_like(x),))
    assert tangent == np.sum(expected)
    if name.startswith("floor_divide"):
        check_both_modes(f, x, order=1)


def test_methods_of_ufuncs_without_gradient_with_boolean_results_stay_constants():
    x = np.array([1.5, 0.0, 2.0])
    for f in (np.logical_and.accumulate, np.logical_xor.reduce):
        assert type(wg.eval_bp(lambda x: f(x), x)) is not wg.Var
        np.testing.assert_array_equal(wg.eval_bp(f, x), f(x))
    assert np.floor_divide.reduce(np.array([7, 2]), axis=0) == 3  # integers: no Var, NumPy's call


def test_methods_of_ufuncs_without_gradient_refuse_what_the_fold_cannot_record():
    x = np.array([1.5, 0.7, 2.0])
    with pytest.raises(wg.NoGradientRule, match="floor_divide.reduce"):
        wg.grad(lambda x: np.floor_divide.reduce(x, initial=4.0))(x)


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
