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
