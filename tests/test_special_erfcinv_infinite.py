"""erfcinv's derivatives where SciPy's erfcinv is infinite (y = 0, the subnormal 5e-324, y = 2), and levy's
quantiles, which use them: the signed limits, in reverse and forward mode.

SciPy's ``erfcinv(5e-324)`` is inf (the truth 27.2, and 1e-323 is finite); its true derivative
``-(sqrt(pi)/2) e^(x^2)`` is beyond the range there (-1.8e322 / 5e-324 ...: -inf), as at y = 0.
"""
import numpy as np
import pytest
import scipy.special as sc

import wengert as wg
import wengert.scipy.special as ws
import wengert.scipy.stats as st

Y_INF = [0.0, 5e-324]  # where sc.erfcinv is +inf


def _orders(f, y):
    """f', f'' by three paths, f''' in reverse mode."""
    return (wg.grad(f)(y), wg.grad(wg.grad(f))(y), wg.jacfwd(wg.grad(f))(y), wg.hessian(f)(y),
            wg.grad(wg.grad(wg.grad(f)))(y))


@pytest.mark.parametrize("y", Y_INF)
def test_erfcinv_derivatives_at_its_infinity(y):
    assert sc.erfcinv(y) == np.inf
    d1, d2r, d2f, d2h, d3 = _orders(ws.erfcinv, y)
    assert d1 == -np.inf
    assert d2r == d2f == d2h == np.inf  # erfcinv'' = 2 x erfcinv'^2
    assert d3 == -np.inf  # erfcinv''' = 2 erfcinv'^3 (1 + 4 x^2)


def test_erfcinv_derivatives_at_two():
    assert sc.erfcinv(2.0) == -np.inf and np.isfinite(sc.erfcinv(np.nextafter(2.0, 0.0)))
    d1, d2r, d2f, d2h, d3 = _orders(ws.erfcinv, 2.0)
    assert d1 == -np.inf and d2r == d2f == d2h == -np.inf and d3 == -np.inf


def test_erfcinv_derivative_in_an_array():
    y = np.array([5e-324, 1e-300, 0.5])
    g = wg.grad(lambda v: ws.erfcinv(v).sum())(y)
    assert g[0] == -np.inf and np.isfinite(g[1:]).all()


def test_true_derivative_overflows_at_5e_324():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        y = mp.mpf(5e-324)
        x = mp.findroot(lambda t: mp.log(mp.erfc(t)) - mp.log(y), 27.2)
        assert abs(-mp.sqrt(mp.pi) / 2 * mp.exp(x * x)) > mp.mpf("1.8e308")


@pytest.mark.parametrize("q", Y_INF)
@pytest.mark.parametrize("loc,scale", [(0.0, 1.0), (1.0, 2.5)])
def test_levy_ppf_derivatives_where_erfcinv_is_infinite(q, loc, scale):
    f = lambda v: st.levy.ppf(v, loc, scale)  # noqa: E731
    assert f(q) == loc
    d1, d2r, d2f, d2h, d3 = _orders(f, q)
    assert d1 == np.inf  # ppf' = -erfcinv'/(scale e^3)... > 0, beyond the range
    assert d2r == d2f == d2h == -np.inf
    assert d3 == np.inf
