"""A kink in a branch ``np.where`` does not take adds nothing to the Hessian (docs/guide/numpy.md:
"a np.where(x > 0, ...) you write the branch it takes"). The untaken branch's rule gets a plain
cotangent 0 there, so its result is 0 whatever the variables do; hypot, maximum and huber marked
their gradient at the kink whatever the cotangent, and ``hessian`` / ``jacfwd(grad)`` /
``jacrev(grad)`` refused (abs and xlogy, whose rules skip a zero cotangent, did not). A kink in the
branch taken still refuses.

Forward over forward differentiates the untaken branch before the mask: the tangent there has no
value (wengert.forward.undefined_tangent), and np.where's mask, indexing, or a value the result
does not use drop it (``jacfwd(jacfwd)`` refused all of these; ``jacrev(grad)`` the abs case); a
tangent computed from it is refused as a whole, where it is used (an unused norm, huber, i0e).
"""
import numpy as np
import pytest

import scipy.special as sc
from opcheck import lazy_mp as mp

import wengert as wg
from wengert.errors import NoGradientRule
from wengert.scipy import special

X = np.array([0.0, 1.0, -2.0])
PATHS = (wg.hessian, lambda f: wg.jacfwd(wg.grad(f)), lambda f: wg.jacrev(wg.grad(f)))
FORWARD_OVER_FORWARD = lambda f: wg.jacfwd(wg.jacfwd(f))  # noqa: E731


@pytest.mark.parametrize("f, truth, paths", [
    # the taken branch x ** 2 at 0 and -2 (second derivative 2); at 1 hypot(x, x) = sqrt(2) |x| (0)
    (lambda x: np.sum(np.where(x > 0, np.hypot(x, x), x ** 2)), [2.0, 0.0, 2.0], PATHS + (FORWARD_OVER_FORWARD,)),
    (lambda x: np.sum(np.where(x > 0, np.maximum(x, 0.0), x ** 2)), [2.0, 0.0, 2.0], PATHS + (FORWARD_OVER_FORWARD,)),
    (lambda x: np.sum(np.where(x > 0, np.abs(x), x ** 2)), [2.0, 0.0, 2.0], PATHS + (FORWARD_OVER_FORWARD,)),
    # huber(1, r)'s switch at r = 1, untaken (x > 1 is False there; all five paths:
    # tests/test_kinks_five_paths.py)
    (lambda x: np.sum(np.where(x > 1, special.huber(1.0, x), x ** 2)), [2.0, 2.0, 2.0], PATHS + (FORWARD_OVER_FORWARD,)),
], ids=["hypot", "maximum", "abs", "huber"])
def test_an_untaken_kink_adds_nothing(f, truth, paths):
    for path in paths:
        np.testing.assert_array_equal(path(f)(X), np.diag(truth))


@pytest.mark.parametrize("v", [0.0, 1.0])
def test_an_untaken_scaled_bessel_kink_adds_nothing(v):
    # exp(-|x|) I_v(x) under the mask x > 0.5: at 0 and -2 the taken x ** 2 (2), at 1 the scaled
    # Bessel function's second derivative (mpmath); jacrev(grad) refused (its rule marked the
    # derivative at x = 0 whatever the cotangent)
    with mp.workdps(30):
        d2 = float(mp.diff(lambda t: mp.exp(-t) * mp.besseli(v, t), 1, 2))
    fns = [lambda x, v=v: sc.ive(v, x), sc.i0e if v == 0 else sc.i1e]
    for fn in fns:
        f = lambda x, fn=fn: np.sum(np.where(x > 0.5, fn(x), x ** 2))  # noqa: E731
        for path in PATHS:
            np.testing.assert_allclose(path(f)(X), np.diag([2.0, d2, 2.0]), rtol=1e-13, atol=0)


@pytest.mark.parametrize("f, truth", [
    # a kinked value the result does not use: x ** 2's Hessian, 2 I
    (lambda x: (np.maximum(x, 0.0), np.sum(x ** 2))[1], np.diag([2.0, 2.0, 2.0])),
    (lambda x: (np.sum(np.abs(x)), np.sum(x ** 2))[1], np.diag([2.0, 2.0, 2.0])),
    # the kinks of rules whose tangent needs the undefined one (refused as a whole, where used):
    # a norm of a zero vector, huber's at |r| = delta = 1, i0e's at 0
    (lambda x: (np.linalg.norm(x[:1]), np.sum(x ** 2))[1], np.diag([2.0, 2.0, 2.0])),
    (lambda x: (special.huber(1.0, x), np.sum(x ** 2))[1], np.diag([2.0, 2.0, 2.0])),
    (lambda x: (sc.i0e(x), np.sum(x ** 2))[1], np.diag([2.0, 2.0, 2.0])),
    # abs's kink at x[0] sliced away: x1 x2 + |x1| + |x2|
    (lambda x: x[1] * x[2] + np.sum(np.abs(x)[1:]), [[0.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]),
], ids=["unused-maximum", "unused-abs", "unused-norm", "unused-huber", "unused-i0e", "sliced-abs"])
def test_forward_over_forward_drops_an_unused_kink(f, truth):
    for path in (wg.hessian, lambda f: wg.jacfwd(wg.grad(f)), FORWARD_OVER_FORWARD):
        np.testing.assert_array_equal(path(f)(X), truth)


@pytest.mark.parametrize("f", [
    lambda x: np.sum(np.where(x > -1, np.hypot(x, 0.0) ** 2, x)),
    lambda x: np.sum(np.where(x > -1, np.maximum(x, 0.0) ** 2, x)),
    lambda x: np.sum(np.where(x > -1, special.huber(1.0, x - 1.0), x)),
    lambda x: np.sum(np.where(x > -1, np.abs(x) * x, x)),
    lambda x: np.sum(x * np.maximum(x, 0.0)),  # (the kink's tangent times x, 0 there: still undefined)
    lambda x: np.sum(np.hypot(x, 0.0) ** 2),  # (hypot's value 0 with its tangent 0 by the convention)
    lambda x: np.sum(np.where(x > -1, sc.i0e(x) ** 2, x)),
], ids=["hypot", "maximum", "huber", "abs", "x-maximum", "hypot-squared", "i0e"])
def test_a_taken_kink_still_refuses(f):
    for path in PATHS + (FORWARD_OVER_FORWARD, lambda f: wg.jacrev(wg.jacfwd(f))):
        with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
            path(f)(X)
