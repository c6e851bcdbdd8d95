"""A kink in a branch ``np.where`` does not take adds nothing to the Hessian (docs/guide/numpy.md:
"a np.where(x > 0, ...) you write the branch it takes"). The untaken branch's rule gets a plain
cotangent 0 there, so its result is 0 whatever the variables do; hypot, maximum and huber marked
their gradient at the kink whatever the cotangent, and ``hessian`` / ``jacfwd(grad)`` /
``jacrev(grad)`` refused (abs and xlogy, whose rules skip a zero cotangent, did not). A kink in the
branch taken still refuses.
"""
import numpy as np
import pytest

import wengert as wg
from wengert.errors import NoGradientRule
from wengert.scipy import special

X = np.array([0.0, 1.0, -2.0])
PATHS = (wg.hessian, lambda f: wg.jacfwd(wg.grad(f)), lambda f: wg.jacrev(wg.grad(f)))


@pytest.mark.parametrize("f, truth", [
    # the taken branch x ** 2 at 0 and -2 (second derivative 2); at 1 hypot(x, x) = sqrt(2) |x| (0)
    (lambda x: np.sum(np.where(x > 0, np.hypot(x, x), x ** 2)), [2.0, 0.0, 2.0]),
    (lambda x: np.sum(np.where(x > 0, np.maximum(x, 0.0), x ** 2)), [2.0, 0.0, 2.0]),
    # huber(1, r)'s switch at r = 1, untaken (x > 1 is False there)
    (lambda x: np.sum(np.where(x > 1, special.huber(1.0, x), x ** 2)), [2.0, 2.0, 2.0]),
], ids=["hypot", "maximum", "huber"])
def test_an_untaken_kink_adds_nothing(f, truth):
    for path in PATHS:
        np.testing.assert_array_equal(path(f)(X), np.diag(truth))


@pytest.mark.parametrize("f", [
    lambda x: np.sum(np.where(x > -1, np.hypot(x, 0.0) ** 2, x)),
    lambda x: np.sum(np.where(x > -1, np.maximum(x, 0.0) ** 2, x)),
    lambda x: np.sum(np.where(x > -1, special.huber(1.0, x - 1.0), x)),
], ids=["hypot", "maximum", "huber"])
def test_a_taken_kink_still_refuses(f):
    for path in PATHS:
        with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
            path(f)(X)
