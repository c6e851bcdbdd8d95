"""``beta.logcdf`` and ``beta.logsf`` where betainc underflows: the log of the tail is an
ordinary number (``log P + log F``, P = x^a (1-x)^b / (a B(a, b)) and F betainc's continued
fraction), where ``log(betainc)`` was -inf and every derivative NaN (with RuntimeWarnings).
References: mpmath at 50 digits (``log(betainc)`` and its central differences)."""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy.stats import beta

#: (method, x, a, b, value, gradient in (x, a, b), Hessian), mpmath at 50 digits
CASES = [
    ("logcdf", 1e-05, 100.0, 2.0, -1146.6774358812206, [9999999.009891186, -11.503024475851523, 4.197268606699521],
     [[-1000000000000.9801, 99999.99990196845, -0.9901088119974412],
      [99999.99990196845, -9.80295855286979e-05, 0.009852136078087029],
      [-0.9901088119974412, 0.009852136078087029, -0.6350819297898239]]),
    ("logcdf", 0.01, 200.0, 3.0, -911.1356119368869, [19997.989950253806, -4.595245066597729, 4.377956487964838],
     [[-2000002.020098977, 99.99994949122473, -1.0050243680089477],
      [99.99994949122473, -4.925428832149899e-05, 0.004938011526036278],
      [-1.0050243680089477, 0.004938011526036278, -0.3899958027783769]]),
    ("logsf", 0.75, 3.0, 1000.0, -1373.7436983839984, [-3997.3368853337397, 5.700118903906021, -1.3842980214633944],
     [[-16003.546083575433, 1.331556153460786, -3.999996451554326],
      [1.331556153460786, -0.3939364500290172, 0.0009971732636960503],
      [-3.999996451554326, 0.0009971732636960503, -1.9926856259999527e-06]]),
]


def _close(got, want, rtol):
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    assert np.all(np.isfinite(got)), got
    np.testing.assert_allclose(got, want, rtol=rtol, atol=0.0)


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}-{c[3]}" for c in CASES])
def test_log_tail_where_betainc_underflows(case):
    name, x, a, b, value, gradient, hessian = case
    f = getattr(beta, name)
    v = np.array([x, a, b])

    def g(v):
        return f(v[0], v[1], v[2])
    _close(f(x, a, b), value, 1e-15)  # (was -inf)
    _close(wg.grad(g)(v), gradient, 1e-15)  # (was NaN)
    _close([wg.jvp(f, (x, a, b), tuple(np.eye(3)[i]))[1] for i in range(3)], gradient, 1e-15)
    # (d/dx L_x = L_x ((a-1)/x - (b-1)/(1-x) - L_x) cancels as log(betainc)'' does, by about a:
    # 6.8e-13 measured for the logsf case (a = 1000), 8e-14 at a = 200; in the shapes 9.4e-14 for
    # d2/db2 there: trigamma(a + b) - trigamma(b + 1) at b = 1000 is -2e-6 from terms of 1e-3)
    _close(wg.hessian(g)(v), hessian, 1e-12)
    _close([wg.jvp(wg.grad(g), (v,), (np.eye(3)[i],))[1] for i in range(3)], hessian, 1e-12)
    _close(wg.hessian(g)(v)[1:, 1:], np.asarray(hessian)[1:, 1:], 2e-13)


def test_log_tail_array_across_forms():
    # one array: the fraction where the tail is small, log1p(-other tail) near 1, at x = 1e-5 the
    # underflow; each element as computed alone
    x = np.array([1e-5, 0.5, 0.999])
    together = wg.grad(lambda a: np.sum(beta.logcdf(x, a, 2.0)))(100.0)
    alone = sum(wg.grad(lambda a: beta.logcdf(t, a, 2.0))(100.0) for t in x)
    _close(together, alone, 1e-15)
    _close(beta.logcdf(x, 100.0, 2.0)[0], -1146.6774358812206, 1e-15)


def test_log_tail_keeps_scipy_value_in_the_body():
    import scipy.stats as st
    x = np.array([0.05, 0.2, 0.4, 0.7])
    _close(beta.logcdf(x, 2.0, 3.0), st.beta.logcdf(x, 2.0, 3.0), 1e-14)
    _close(beta.logsf(x, 2.0, 3.0), st.beta.logsf(x, 2.0, 3.0), 1e-14)


def test_log_tail_value_is_log_betainc_where_betainc_is_a_normal_number():
    # log P + log F carries the rounding of P's log-gamma terms: beta.logcdf(0.02, 20, 200) was
    # -17.497357483236616 (2.3e-13 absolute); mpmath at 40 digits, log(betainc), -17.49735748323685
    _close(beta.logcdf(0.02, 20.0, 200.0), -17.49735748323685, 2e-15)
    _close(beta.logcdf(np.array([0.02, 1e-5]), np.array([20.0, 100.0]), np.array([200.0, 2.0])),
           np.array([-17.49735748323685, -1146.6774358812206]), 2e-15)


def test_the_derivatives_at_one_point_share_one_continued_fraction(monkeypatch):
    """The Hessian in a and b of beta.logcdf in the lower tail asks L_aa, L_ab, L_ax (d/da L's
    pullback) and L_ab, L_bb, L_bx (d/db L's) at one point: one fraction and its jet. Each of
    the five second-order primitives computed it again (39 fractions for this Hessian of 3
    points, now 5); the values are the same, bit for bit (a cache of the last point)."""
    from wengert.ops import scipy_special

    calls = []
    fraction = scipy_special._beta_fraction

    def counting(*args, **kwargs):
        calls.append(1)
        return fraction(*args, **kwargs)
    monkeypatch.setattr(scipy_special, "_beta_fraction", counting)
    a, b = np.array([6.0, 20.0, 45.0]), np.array([9.0, 30.0, 12.0])

    def f(a, b):
        return np.sum(beta.logcdf(0.02, a, b))
    h = wg.hessian(f, argnums=(0, 1))(a, b)
    assert len(calls) <= 6
    monkeypatch.setattr(scipy_special, "_LOG_BETAINC_LAST", [None])  # (no cache: each call its own)
    monkeypatch.setattr(scipy_special, "_log_betainc_parts", _uncached(scipy_special._log_betainc_parts))
    fresh = wg.hessian(f, argnums=(0, 1))(a, b)
    for row, fresh_row in zip(h, fresh):
        for block, fresh_block in zip(row, fresh_row):
            np.testing.assert_array_equal(block, fresh_block)


def _uncached(parts):
    from wengert.ops import scipy_special

    def uncached(*args, **kwargs):
        scipy_special._LOG_BETAINC_LAST[0] = None
        return parts(*args, **kwargs)
    return uncached
