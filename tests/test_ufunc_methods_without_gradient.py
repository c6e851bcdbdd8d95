"""The ufunc methods (``reduce``, ``accumulate``, ``reduceat``) of binary ufuncs without a
gradient (``floor_divide``, ``heaviside``) whose results hold entries of their input: they
returned constants (a gradient of 0 without an error); now the entries passed through keep
theirs, and what the fold cannot record is refused.
"""
import numpy as np
import pytest

import wengert as wg
from opcheck import check_both_modes


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


# -- reduceat of a ufunc without gradient whose result holds input entries ------------------------

@pytest.mark.parametrize("ufunc", [np.floor_divide, np.heaviside])
def test_reduceat_passing_entries_through_is_refused(ufunc):
    # a one-element segment of reduceat is that element (and heaviside's value at 0 is its
    # second argument): floor_divide.reduceat(x, [0, 1, 3]) returned a constant, so the
    # gradient of sum(w * it) was 0 where it is w[0] for x[0] (and w[2] for x[3]); refused
    # now, in both modes, as every ufunc's reduceat (as reduce and accumulate already were)
    x = np.array([1.5, 0.7, 2.3, -1.2])
    plain = ufunc.reduceat(x, [0, 1, 3])
    np.testing.assert_array_equal(plain[[0, 2]], x[[0, 3]])  # the premise: entries pass through
    with pytest.raises(wg.NoGradientRule, match=f"numpy.{ufunc.__name__}.reduceat"):
        wg.grad(lambda v: np.sum(ufunc.reduceat(v, [0, 1, 3]) * np.arange(1.0, 4.0)))(x)
    with pytest.raises(wg.NoGradientRule, match=f"numpy.{ufunc.__name__}.reduceat"):
        wg.jvp(lambda v: ufunc.reduceat(v, [0, 1, 3]), (x,), (np.ones(4),))
    # integers: no entry of a float input; a plain result, as before
    assert wg.grad(lambda s: np.sum(ufunc.reduceat(np.array([5, 3, 7]), [0, 2])) * s)(2.0) == 2.0 * np.sum(
        ufunc.reduceat(np.array([5, 3, 7]), [0, 2])) / 2.0
