"""lognorm's (and gibrat's) quantiles at the end where they are 0 (the ppf at q = 0, the isf at q = 1): the
value 0 with the limits of its derivatives, d/dq = s x / density -> +inf (the isf's -inf), d2/dq2 -> -inf,
d2/dq ds = x (1 + s z) / density -> -inf (+inf), d/ds = z x -> 0 and d2/ds2 = z^2 x -> 0 (z = ndtri(q)).
Through exp(s ndtri(q)) they were 0 * inf: gibrat.ppf(0)'s d/dq 0 by grad and NaN by jvp, d/ds NaN."""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats


def _q_derivatives(f, q):
    return {"grad": wg.grad(f)(q), "jvp": wg.jvp(f, (q,), (1.0,))[1],
            "grad of grad": wg.grad(wg.grad(f))(q), "jvp of grad": wg.jvp(wg.grad(f), (q,), (1.0,))[1]}


@pytest.mark.parametrize("method, q, sign", [("ppf", 0.0, 1.0), ("isf", 1.0, -1.0)])
def test_lognorm_quantile_at_its_zero_end(method, q, sign):
    fn = getattr(stats.lognorm, method)
    s = 0.8
    assert float(fn(q, s)) == 0.0
    got = _q_derivatives(lambda t: fn(t, s), q)
    assert [float(v) for v in got.values()] == [sign * np.inf, sign * np.inf, -np.inf, -np.inf], got
    for d in (wg.grad(lambda t: fn(q, t))(s), wg.jvp(lambda t: fn(q, t), (s,), (1.0,))[1],
              wg.grad(wg.grad(lambda t: fn(q, t)))(s)):
        assert float(d) == 0.0
    mixed = [wg.grad(lambda u: wg.grad(lambda t: fn(t, u))(q))(s),
             wg.jvp(lambda u: wg.grad(lambda t: fn(t, u))(q), (s,), (1.0,))[1]]
    assert [float(v) for v in mixed] == [-sign * np.inf] * 2
    # loc and scale: d/d loc 1, d/d scale the value 0
    assert float(wg.grad(lambda t: fn(q, s, t, 2.0))(0.5)) == 1.0
    assert float(wg.grad(lambda t: fn(q, s, 0.5, t))(2.0)) == 0.0
    # gibrat (s = 1) the same; arrays with the end among ordinary points keep the others' derivatives
    assert float(wg.grad(getattr(stats.gibrat, method))(q)) == sign * np.inf
    qs = np.array([q, 0.3, 0.7])
    grads = wg.grad(lambda t: np.sum(fn(t, s)))(qs)
    assert grads[0] == sign * np.inf
    eps = 1e-6
    for i in (1, 2):
        fd = (float(fn(qs[i] + eps, s)) - float(fn(qs[i] - eps, s))) / (2 * eps)
        assert grads[i] == pytest.approx(fd, rel=1e-8)


def test_the_limits_are_mpmaths():
    """mpmath (50 digits) at q = 1e-5000 (z = -151.4): d/dq, d2/dq2 and d2/dq ds beyond the largest float with the
    signs above, d/ds and d2/ds2 below 1e-45 (toward 0)."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        s, q = mpmath.mpf(0.8), mpmath.mpf(10) ** -5000
        z = mpmath.findroot(lambda t: mpmath.log(mpmath.ncdf(t)) - mpmath.log(q), -150)
        x, density = mpmath.exp(s * z), mpmath.npdf(z)
        assert s * x / density > 1e308
        assert s * x / density ** 2 * (s + z) < -1e308  # d2/dq2
        assert x * (1 + s * z) / density < -1e308  # d2/dq ds
        assert abs(z * x) < 1e-45 and z * z * x < 1e-45


def test_second_derivative_with_tiny_tangents():
    # d2/dt2 of lognorm.ppf(1e-300 t, 1) at t = 1, mpmath's (dps 60, exp(ndtri(1e-300 t)), its ndtri a root of
    # log(erfc(-w / sqrt 2) / 2)): forward over forward was 0, the two tangents 1e-300 multiplied to 0 before the
    # partial (1.2e582) met them
    f = lambda t: stats.lognorm.ppf(1e-300 * t, 1.0)  # noqa: E731
    for path in (wg.jacfwd(wg.jacfwd(f)), wg.grad(wg.grad(f)), wg.jacfwd(wg.grad(f)), wg.jacrev(wg.jacfwd(f))):
        assert float(path(1.0)) == pytest.approx(-2.134915724633183e-18, rel=5e-13, abs=0)
