"""np.hypot's second and third derivatives where one argument is far larger than the other
(the quotient rule's 1/r - x^2/r^3 cancels there), against mpmath; its kink at 0 still refused."""
import warnings

import numpy as np
import pytest

import wengert as wg
from wengert.errors import NoGradientRule


@pytest.mark.parametrize("x, y", [(1e8, 1.0), (-1e8, 1.0), (1e20, 1.0), (1e20, -3.0), (1e150, 1e-150),
                                  (3.0, 4.0), (1.0, 1e8), (1e300, 1e300)])
def test_hypot_derivatives_far_apart(x, y):
    # before: d2/dx2 hypot(1e8, 1) was 0 by every path (the truth 1e-24), hypot(1e20, 1)'s 0 (the truth 1e-60)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        X, Y = mp.mpf(x), mp.mpf(y)
        r = mp.sqrt(X * X + Y * Y)
        want = {"xx": Y * Y / r ** 3, "xy": -X * Y / r ** 3, "yy": X * X / r ** 3, "xxx": -3 * X * Y * Y / r ** 5}
    h = np.hypot
    got = {"xx": [wg.grad(wg.grad(h))(x, y), wg.jacfwd(wg.grad(h))(x, y), wg.jacfwd(wg.jacfwd(h))(x, y)],
           "xy": [wg.grad(wg.grad(h), argnums=1)(x, y), wg.jacfwd(wg.grad(h), argnums=1)(x, y)],
           "yy": [wg.grad(wg.grad(h, argnums=1), argnums=1)(x, y)],
           "xxx": [wg.grad(wg.grad(wg.grad(h)))(x, y), wg.jacfwd(wg.grad(wg.grad(h)))(x, y)]}
    for key, values in got.items():
        for value in values:
            assert abs(float(value) - want[key]) <= 4e-16 * abs(want[key]) + 1e-320, (key, value, mp.nstr(want[key], 17))


def test_hypot_arrays_broadcast():
    x, y = np.array([1e8, 3.0]), np.array([[1.0], [4.0]])
    hess = wg.grad(lambda a: np.sum(wg.grad(lambda b: np.sum(np.hypot(b, y)))(a)))(x)
    r = np.hypot(x, y)
    assert np.allclose(hess, np.sum(y * y / r ** 3, axis=0), rtol=1e-15, atol=0)


def test_hypot_kink_still_refused():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert wg.grad(np.hypot)(0.0, 0.0) == 0.0
        for path in (wg.grad(wg.grad(np.hypot)), wg.jacfwd(wg.grad(np.hypot)), wg.jacfwd(wg.jacfwd(np.hypot))):
            with pytest.raises(NoGradientRule, match="hypot"):
                path(0.0, 0.0)


def _hypot_truth(mp, x, y):
    """hypot's gradient and Hessian at (x, y) at 60 digits (their limits where one argument is infinite)."""
    if np.isinf(x) or np.isinf(y):
        grad = [float(np.sign(x)) if np.isinf(x) else 0.0, float(np.sign(y)) if np.isinf(y) else 0.0]
        return grad, [[0.0, 0.0], [0.0, 0.0]]
    with mp.workdps(60):
        X, Y = mp.mpf(x), mp.mpf(y)
        r = mp.sqrt(X * X + Y * Y)
        return [X / r, Y / r], [[Y * Y / r ** 3, -X * Y / r ** 3], [-X * Y / r ** 3, X * X / r ** 3]]


def _same(got, want):
    if abs(want) > np.finfo(float).max:
        return got == (np.inf if want > 0 else -np.inf)
    return abs(got - want) <= 4e-16 * abs(want)  # (in mpmath where want is an mpf)


@pytest.mark.parametrize("x, y", [(np.inf, 1.0), (-np.inf, 2.0), (1.0, np.inf), (3.0, -np.inf), (5e-324, 5e-324),
                                  (1e-310, 2e-310), (5e-309, 1e-310), (1e-308, 2e-308), (-7e-320, 3e-315)])
def test_hypot_at_infinite_and_subnormal_arguments(x, y):
    # before: d/dx hypot(inf, 1) was NaN (x / hypot: inf / inf; the limit 1), the gradient at (5e-324, 5e-324)
    # [1, 1] (hypot rounded to 5e-324; the truth 0.7071), the Hessian there and at (1e-310, 2e-310) NaN in
    # every entry by forward over reverse (0 * inf; the truth +-inf)
    mp = pytest.importorskip("mpmath")
    want_grad, want_hess = _hypot_truth(mp, x, y)

    def f(v):
        return np.hypot(v[0], v[1])
    point = np.array([x, y])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for path in (wg.grad(f), wg.jacfwd(f)):
            got = np.asarray(path(point))
            assert all(_same(got[i], want_grad[i]) for i in range(2)), (got, want_grad)
        for path in (wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacobian(wg.grad(f)), wg.jacfwd(wg.jacfwd(f))):
            got = np.asarray(path(point))
            assert all(_same(got[i, j], want_hess[i][j]) for i in range(2) for j in range(2)), (got, want_hess)
        assert _same(float(wg.grad(wg.grad(np.hypot))(x, y)), want_hess[0][0])
        assert _same(float(wg.grad(wg.grad(np.hypot), argnums=1)(x, y)), want_hess[0][1])


def test_hypot_share_has_no_limit_where_both_are_infinite():
    # d/dx hypot(x, y) at (inf, inf) depends on the direction of approach: NaN (as before)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert np.isnan(wg.grad(np.hypot)(np.inf, np.inf))
