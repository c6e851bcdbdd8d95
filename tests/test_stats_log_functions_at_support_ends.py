"""The log cdf at the lower end of the support, the log sf at the upper, and a log density infinite at an end: their
derivatives there are the one-sided limits from inside the support, the convention of the densities' ends and the
quantiles' (``stats._infinite_at_ends``, one wrapper for every family). With d the distance from the end into the
support, the function is ``k log d + ...`` (or ``-1/d``...): d/dd +inf, d2/dd2 -inf for a tail or a vanishing density
(``log(1 - e^-x)``'s ``1 / (e^x - 1)`` and ``-e^x / (e^x - 1)^2`` at 0), -inf and +inf at a pole (``(b - 1) log x``,
b < 1); in loc through d; none in a scale or a shape that leaves the end where it is (the value is the same infinity at
each), infinite in one that moves it (truncnorm's a, b). Before: expon.logcdf's d/dx at 0 was 0 (the family's mask
z > 0), every family's log cdf and log sf the same; exponpow.logpdf(x, 0.5)'s d2/dx2 at 0 NaN; gamma.logpdf(0, 0.5, 0,
s)'s d/ds -1/s, its Hessian in (x, s) [[inf, inf], [0, 0]] (NaN in a row forward over forward)."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402

INF = np.inf
PATHS = (wg.hessian, lambda f: wg.jacfwd(wg.jacrev(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
         lambda f: wg.jacfwd(wg.jacfwd(f)))

#: (function of v, point, gradient, Hessian): the limits from inside (closed forms)
CASES = {
    "expon.logcdf(x, loc, scale) at x = loc": (
        lambda v: stats.expon.logcdf(v[0], v[1], v[2]), [0.5, 0.5, 2.0],
        [INF, -INF, 0.0], [[-INF, INF, 0.0], [INF, -INF, 0.0], [0.0, 0.0, 0.0]]),
    "beta.logsf(x, a, b) at x = 1": (
        lambda v: stats.beta.logsf(v[0], v[1], v[2]), [1.0, 2.0, 3.0],
        [-INF, 0.0, 0.0], [[-INF, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]),
    "gamma.logpdf(x, 0.5, 0, scale) at 0 (a pole)": (
        lambda v: stats.gamma.logpdf(v[0], 0.5, 0.0, v[1]), [0.0, 2.0], [-INF, 0.0], [[INF, 0.0], [0.0, 0.0]]),
    "exponpow.logpdf(x, 0.5) at 0 (a pole)": (
        lambda v: stats.exponpow.logpdf(v[0], 0.5), [0.0], [-INF], [[INF]]),
    "weibull_max.logsf(x, 0.5, loc, scale) at x = loc": (
        lambda v: stats.weibull_max.logsf(v[0], 0.5, v[1], v[2]), [1.0, 1.0, 3.0],
        [-INF, INF, 0.0], [[-INF, INF, 0.0], [INF, -INF, 0.0], [0.0, 0.0, 0.0]]),
    "genextreme.logsf(x, 0.5, loc, scale) at loc + 2 scale": (
        lambda v: stats.genextreme.logsf(v[0], 0.5, v[1], v[2]), [2.0, 0.0, 1.0],
        [-INF, INF, INF], [[-INF, INF, INF], [INF, -INF, -INF], [INF, -INF, -INF]]),
    "truncnorm.logcdf(x, a, inf) at x = a": (
        lambda v: stats.truncnorm.logcdf(v[0], v[1], np.inf), [-1.0, -1.0], [INF, -INF], [[-INF, INF], [INF, -INF]]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_derivatives_at_the_end_are_the_limits_from_inside(name):
    f, v, grad, hessian = CASES[name]
    v = np.array(v)
    for jacobian in (wg.grad, wg.jacfwd):
        np.testing.assert_array_equal(jacobian(f)(v), grad)
    for path in PATHS:
        np.testing.assert_array_equal(path(f)(v), hessian)


def test_beyond_the_end_and_inside_unchanged():
    """Outside the support the log cdf is the constant -inf (derivatives 0); beside the end the family's own (expon's
    log cdf at 1e-300: 1 / (e^x - 1) = 1e300), in one vectorised call with the end entry."""
    got = wg.jacfwd(lambda x: stats.expon.logcdf(x))(np.array([-1.0, 0.0, 1e-300]))
    np.testing.assert_array_equal(np.diag(got)[:2], [0.0, INF])
    np.testing.assert_allclose(got[2, 2], 1e300, rtol=1e-15)
    assert float(wg.grad(wg.grad(lambda x: stats.exponpow.logpdf(x, 0.5)))(0.0)) == INF
