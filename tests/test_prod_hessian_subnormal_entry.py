"""np.prod's second derivatives with a subnormal entry where the products of the others leave the range.

At x = [5e-324, 1e300, 2] d2 prod / dx_i dx_j is the product of the third entry (exact: 2, 1e300, 5e-324, each
an entry itself). The mantissa-and-exponent products scaled the subnormal entry by 2^1073 (two factors), which
overflowed in its tangent: the Hessian by hessian / jacfwd(jacfwd) had inf for 2 and 1e300, silently.
"""
import numpy as np
import pytest

import wengert as wg

X = np.array([5e-324, 1e300, 2.0])
TRUTH = np.array([[0.0, X[2], X[1]], [X[2], 0.0, X[0]], [X[1], X[0], 0.0]])


@pytest.mark.parametrize("how", ["hessian", "jacfwd(jacfwd)", "jacrev(grad)", "jvp of grad"])
def test_the_hessian_is_the_product_of_the_third_entry(how):
    f = lambda x: np.prod(x)  # noqa: E731
    if how == "hessian":
        h = wg.hessian(f)(X)
    elif how == "jacfwd(jacfwd)":
        h = wg.jacfwd(wg.jacfwd(f))(X)
    elif how == "jacrev(grad)":
        h = wg.jacrev(wg.grad(f))(X)
    else:
        h = np.stack([wg.jvp(wg.grad(f), (X,), (e,))[1] for e in np.eye(3)])
    assert np.array_equal(h, TRUTH), h
    assert wg.grad(f)(X).tolist() == [2e300, 1e-323, 5e-324 * 1e300]  # (the gradient: each other pair's product)


def test_the_gradient_under_second_order_where_a_partial_product_leaves_the_range():
    # (at [5e-324, 1e-300, 1e300, 1e300, 1e300, 1e-300] the left partial products underflow (5e-324 * 1e-300 = 0) and
    # the right ones overflow (1e300^3): the plain left * right products gave the gradient under jvp(grad) and
    # hessian's traced pass as [inf, inf, 0, 0, 0, 0]; the truth, exact (Fractions: each the product of the others,
    # rounded once), is the mantissa-and-exponent products', as at first order)
    from fractions import Fraction
    x = np.array([5e-324, 1e-300, 1e300, 1e300, 1e300, 1e-300])
    exact = [Fraction(1)] * len(x)
    for i in range(len(x)):
        for j, v in enumerate(x):
            exact[i] *= Fraction(v) if i != j else 1
    truth = [float(v) for v in exact]
    with np.errstate(all="ignore"):  # (the partial products' own overflow, 1e300^3, and their tangents' inf * 0)
        assert wg.grad(np.prod)(x).tolist() == truth
        for direction in np.eye(len(x))[:2]:
            assert wg.jvp(wg.grad(np.prod), (x,), (direction,))[0].tolist() == truth
        assert wg.value_and_grad(lambda v: np.sum(wg.grad(np.prod)(v)))(x)[0] == sum(truth)  # (reverse over reverse)
