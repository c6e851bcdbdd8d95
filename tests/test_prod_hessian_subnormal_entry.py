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
