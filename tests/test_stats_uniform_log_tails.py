"""``scipy.stats``' ``uniform``: its log cdf and log sf (``log z``, ``log(1 - z)`` on ``[0, 1]``).

Values against SciPy's; values, gradients and Hessians in (x, loc, scale) against mpmath's derivatives of the closed
forms on the five paths (:func:`opcheck.five_hessians`), inside and on both sides of the log sf's switch at z = 1/2;
the corners z = 0 and 1, where the density jumps (a traced argument refused; x = loc with only the scale traced: the
limits from inside).
"""
import numpy as np
import pytest

import stats_file  # noqa: F401  (first: it skips the file without SciPy)
from opcheck import five_hessians, stats_values_test
import wengert as wg
from wengert.errors import NoGradientRule
from wengert.scipy import stats

U = stats.uniform
POINTS = np.array([-1.0, 0.2, 0.2 + 1e-17, 0.5, 1.1, 1.9, 2.0 - 4e-16, 2.0, 2.3])
VALUE_CHECKS = [(f"uniform.{f}", (POINTS, 0.2, 1.8)) for f in ("logcdf", "logsf")]
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)

#: (x, loc, scale): inside, both sides of z = 1/2, near both ends (z = 1e-12, z = 1 - 3.3e-8 where SciPy's 1 - z
#: keeps z's rounding)
MP_POINTS = np.array([[0.7, 0.2, 1.8], [1.1 - 1e-9, 0.2, 1.8], [1.1 + 1e-9, 0.2, 1.8], [3e-12, 0.0, 3.0],
                      [2.9999999, 0.0, 3.0], [-5.5, -7.5, 2.5]])


def _mp_truths(method):
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        def f(x, loc, scale):
            z = (x - loc) / scale
            return mp.log(z) if method == "logcdf" else mp.log(1 - z)
        out = []
        for p in MP_POINTS:
            a = [mp.mpf(float(v)) for v in p]
            units = np.eye(3, dtype=int)
            out.append((float(f(*a)), [float(mp.diff(f, a, tuple(units[i]))) for i in range(3)],
                        [[float(mp.diff(f, a, tuple(units[i] + units[j]))) for j in range(3)] for i in range(3)]))
    return out


@pytest.mark.parametrize("method", ["logcdf", "logsf"])
def test_against_mpmath_on_five_paths(method):
    truths = _mp_truths(method)
    value, gradient, hessian = (np.array([t[k] for t in truths]) for k in range(3))

    def f(v):
        return getattr(U, method)(v[:, 0], v[:, 1], v[:, 2])
    # (at z = 1 - 3.3e-8 the plain value is the log of the rounded z, or of 1 - it, as SciPy's: 1.1e-16 / 3.3e-8
    # relative; the derivatives are exact there: 1 / (x - loc), and the log sf's log(scale - (x - loc)) - log(scale))
    rtol = np.where(np.arange(len(MP_POINTS)) == 4, 4e-9, 2e-15)
    assert np.all(np.abs(f(MP_POINTS) - value) <= rtol * np.abs(value))
    np.testing.assert_allclose(wg.grad(lambda v: np.sum(f(v)))(MP_POINTS), gradient, rtol=2e-15, atol=0)
    for name, got in five_hessians(f, MP_POINTS).items():
        # (d2/dx dscale of log z is 0: log(x - loc) and log(scale) apart, not 1/(z s^2) - 1/(z s^2))
        np.testing.assert_allclose(got, hessian, rtol=4e-15, atol=0, err_msg=name)
    if method == "logsf":  # (log1p(-z): a small z's digits kept)
        assert float(U.logsf(1e-20)) == -1e-20


@pytest.mark.parametrize("method, x", [("logcdf", 0.2), ("logcdf", 2.0), ("logsf", 0.2), ("logsf", 2.0)])
def test_refused_at_the_corners(method, x):
    # the density jumps at x = loc and loc + scale: the log tails' one-sided derivatives differ (0 outside, inside
    # 1 / (x - loc) (+inf at the log cdf's -inf end), -1 / (loc + scale - x)...): refused, reverse and forward
    f = getattr(U, method)
    for i in range(3) if x == 2.0 else range(2):
        with pytest.raises(NoGradientRule, match="has no derivative where x is loc or loc \\+ scale"):
            wg.grad(f, argnums=i)(x, 0.2, 1.8)
        with pytest.raises(NoGradientRule, match="the density jumps there"):
            wg.jvp(lambda t, i=i: f(*[t if k == i else a for k, a in enumerate((x, 0.2, 1.8))]),
                   ((x, 0.2, 1.8)[i],), (1.0,))
    assert float(f(x, 0.2, 1.8)) == {("logcdf", 0.2): -np.inf, ("logcdf", 2.0): 0.0, ("logsf", 0.2): 0.0,
                                     ("logsf", 2.0): -np.inf}[method, x]


def test_x_at_loc_with_only_the_scale_traced():
    # z = 0 for every scale: no corner crossed. The log cdf -inf with the limits from inside (log(x - loc) - log(s):
    # -1 / s, 1 / s^2), as expon's and gamma's; the log sf 0 (derivatives 0)
    for f, want in ((lambda s: U.logcdf(0.2, 0.2, s), [-np.inf, -0.5, 0.25]), (lambda s: U.logsf(0.2, 0.2, s),
                                                                             [0.0, 0.0, 0.0])):
        got = [float(f(2.0)), float(wg.grad(f)(2.0)), float(wg.grad(wg.grad(f))(2.0)),
               float(wg.jvp(wg.grad(f), (2.0,), (1.0,))[1]), float(wg.hessian(f)(2.0))]
        assert got == want + want[2:] * 2
    # outside the support: constants, every derivative 0
    for f, x in (("logcdf", -1.0), ("logcdf", 2.5), ("logsf", -1.0), ("logsf", 2.5)):
        assert [float(d) for d in wg.hessian(getattr(U, f), argnums=(0, 1, 2))(x, 0.2, 1.8)[0]] == [0.0] * 3
