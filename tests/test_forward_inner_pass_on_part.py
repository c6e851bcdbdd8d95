"""Forward over forward where the inner pass differentiates in part of the outer pass's
variables (``jacfwd(lambda v: jacfwd(lambda a: g(a, v[k:]))(v[:k]))``): a value of the outer
pass only (``v[k:]``) does not move along the inner directions. Two faults, fixed together:

- a sequence argument's item with no inner tangent (``np.concatenate([b, a * b])``, ``np.stack``)
  took its own value as its tangent where it was an outer Dual (only plain numbers and arrays
  got zeros): the inner Jacobian held ``b`` and its outer tangent, silently wrong;
- an elementwise function's argument broadcast against the result (``(2, 3)`` against
  ``(1, 2, 3)``) reshaped its live marks to the tangent's shape, where the marks broadcast
  against it (``(7, 2, 1)`` for a ``(7, 2, 3)`` tangent): ValueError ("cannot reshape").
"""
import numpy as np

import wengert as wg
from wengert.scipy import stats

V = np.array([0.5, 1.5, 2.0, 0.7, 1.2, 0.3, 0.9])


def _inner(g, k, jac):
    return lambda v: jac(lambda a: g(a, v[k:]))(v[:k])


def test_an_outer_value_in_a_sequence_has_inner_tangent_zero():
    # g(a, b) = sum(concatenate([b, a b]) ** 3): dg/da = 3 a^2 sum(b^3); its derivative in
    # (a, b) is (6 a sum(b^3), 9 a^2 b^2)
    a, b = V[0], V[1:]
    truth = np.concatenate([[6 * a * np.sum(b ** 3)], 9 * a ** 2 * b ** 2])[None, :]
    for join in (np.concatenate, np.stack):
        g = lambda a, b: np.sum(join([b, a[0] * b]) ** 3)
        for outer, jac in ((wg.jacfwd, wg.jacfwd), (wg.jacfwd, wg.jacrev), (wg.jacrev, wg.jacfwd)):
            np.testing.assert_allclose(outer(_inner(g, 1, jac))(V), truth, rtol=1e-14)
    # the inner Jacobian itself: rows of b zero, rows of a b equal to b; their derivatives 0 and 1
    inner = _inner(lambda a, b: np.concatenate([b, a[0] * b]), 1, wg.jacfwd)
    truth = np.zeros((12, 1, 7))
    truth[6:, 0, 1:] = np.eye(6)
    np.testing.assert_array_equal(wg.jacfwd(inner)(V), truth)


def test_broadcast_arguments_live_marks_in_a_batch():
    fw = np.array([1, 2, 3])
    for g in (lambda a, b: np.sum(np.cov(np.stack([b[:3], a[0] * b[1:4]]), fweights=fw, aweights=a[1] * b[2:]) ** 2),
              lambda a, b: np.sum(stats.burr12.logpdf(np.stack([b[:2], a[:2]]), a[0], b[2:4]))):
        truth = wg.jacrev(_inner(g, 2, wg.jacrev))(V)
        np.testing.assert_allclose(wg.jacfwd(_inner(g, 2, wg.jacfwd))(V), truth, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(wg.jacfwd(_inner(g, 2, wg.jacrev))(V), truth, rtol=1e-13, atol=1e-15)


def test_nested_jacfwd_in_different_arguments():
    # jacfwd(jacfwd(f, argnums=1), argnums=0): x is a value of the outer pass only in the inner one.
    # f = sum(stack([x, y0 x]) ** 2) = (1 + y0^2) sum(x^2): d2f / dx_i dy0 = 4 y0 x_i, d / dy1 0
    x, y = np.array([0.5, 1.5, 2.0]), np.array([0.7, 1.2])
    f = lambda x, y: np.sum(np.stack([x, x * y[0]]) ** 2)
    truth = np.stack([4 * y[0] * x, np.zeros(3)])
    np.testing.assert_allclose(wg.jacfwd(wg.jacfwd(f, argnums=1), argnums=0)(x, y), truth, rtol=1e-15)
