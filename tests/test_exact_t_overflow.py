"""Student's t where a square overflows, against mpmath (60 digits) on every path (reverse,
forward, reverse over reverse, forward over reverse, forward over forward).

- ``scipy.special.stdtr``'s derivative in t is the density, whose log had ``log1p(t^2 / df)``:
  from |t| = 1.3e154 on t^2 overflows, and the density's own derivatives were inf / inf: the
  Hessian of stdtr(60, 1e200) (and of t.cdf, t.sf, t.logcdf there, t = -1e200, +-inf) had NaN
  rows, the truth 0. Where t^2 / df > 1e30 the log is now ``2 log|t| - log df + log1p(df / t^2)``,
  and at t = +-inf the density and its derivatives are 0.
- ``t.logpdf`` (and ``multivariate_t.logpdf``) where the squared distance is finite but its
  quotient by df overflows: t.logpdf(1e154, 0.5) was -inf, the truth -533.73.
"""
import numpy as np
import pytest
import scipy.special as sc

from test_exact_support_ends_forward import assert_close, paths1, paths2
import wengert as wg
from wengert.scipy import stats


def _mixed(f, df, t):
    """d^2 f / (d df d t) by reverse over reverse (both orders) and forward over reverse."""
    def g(v):
        return f(v[0], v[1])
    x = np.array([df, t])
    hessian = wg.hessian(g)(x)
    return {"hessian [0, 1]": hessian[0, 1], "hessian [1, 0]": hessian[1, 0],
            "jvp of grad": wg.jvp(wg.grad(g), (x,), (np.array([0.0, 1.0]),))[1][0],
            "grad in df of jvp in t": wg.grad(lambda d: wg.jvp(lambda s: f(d, s), (t,), (1.0,))[1])(df)}


@pytest.mark.parametrize("t", [1e200, -1e200, 1e160, np.inf, -np.inf])
def test_stdtr_second_derivatives_where_t_squared_overflows(t):
    assert_close(paths2(lambda s: sc.stdtr(60.0, s), t), 0.0, 0.0)  # was NaN
    assert_close(_mixed(sc.stdtr, 60.0, t), 0.0, 0.0)
    for name in ("cdf", "sf", "logcdf", "logsf"):
        method = getattr(stats.t, name)
        hessian = wg.hessian(lambda v: method(v[1], v[0]))(np.array([60.0, t]))
        assert np.all(np.isfinite(hessian)), (name, hessian)
        assert abs(hessian[1, 1]) <= 1e-300, (name, hessian)  # (df / t^2 at most: 6e-319 at 1e160)


# (df, t, d^2 stdtr / dt^2 (the density's derivative), d^2 stdtr / (d df d t)): mpmath, 60 digits
HUGE_T = [
    (1.0, 1e100, -6.3661977236758134e-301, -7.2913769344698227e-199),
    (3.0, -1e20, 1.3231893490123009e-99, -1.4822780099684933e-78),
    (1.5, 1e100, 0.0, -1.2960037429629714e-248),  # (the first -1.4e-350: below the doubles)
]


@pytest.mark.parametrize("df, t, second, mixed", HUGE_T, ids=[repr(c[:2]) for c in HUGE_T])
def test_stdtr_density_derivatives_far_out(df, t, second, mixed):
    # (the density is exp of a log about 460: its rounding times 460 is the precision)
    assert_close(paths2(lambda s: sc.stdtr(df, s), t), second, 5e-13)
    assert_close(_mixed(sc.stdtr, df, t), mixed, 5e-13)


def test_t_logsf_far_out_in_df_and_x():
    # d/dx log sf = -df / x, d/d df: mpmath
    assert_close(paths1(lambda x: stats.t.logsf(x, 60.0), 1e200), -6e-199, 1e-15)
    assert_close(paths1(lambda d: stats.t.logsf(1e200, d), 60.0), -457.97811021622669, 1e-14)


def test_the_huge_t_table_is_mpmaths():
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        def density(d, t):
            return mpmath.exp(mpmath.loggamma((d + 1) / 2) - mpmath.loggamma(d / 2) - mpmath.log(d * mpmath.pi) / 2
                              - (d + 1) / 2 * mpmath.log1p(t * t / d))
        for df, t, second, mixed in HUGE_T:
            d, s = mpmath.mpf(df), mpmath.mpf(t)
            assert float(density(d, s) * (-(d + 1) * s / (d + s * s))) == pytest.approx(second, rel=1e-15, abs=1e-320)
            assert float(mpmath.diff(lambda e: density(e, s), d)) == pytest.approx(mixed, rel=1e-15, abs=0.0)
        x, d = mpmath.mpf("1e200"), mpmath.mpf(60)

        def logsf(x, d):
            return mpmath.log(mpmath.betainc(d / 2, 0.5, 0, d / (d + x * x), regularized=True) / 2)
        assert float(mpmath.diff(lambda e: logsf(x, e), d)) == pytest.approx(-457.97811021622669, rel=1e-15, abs=0.0)


def _t_log_density(mpmath, x, d, dim=1):
    return (mpmath.loggamma((d + dim) / 2) - mpmath.loggamma(d / 2) - dim * mpmath.log(d * mpmath.pi) / 2
            - (d + dim) / 2 * mpmath.log1p(x * x / d))


def test_t_logpdf_where_the_square_over_df_overflows():
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        x, d = mpmath.mpf("1e154"), mpmath.mpf("0.5")
        value = float(_t_log_density(mpmath, x, d))
        in_df = float(mpmath.diff(lambda e: _t_log_density(mpmath, x, e), d))
        in_df2 = float(mpmath.diff(lambda e: _t_log_density(mpmath, x, e), d, 2))
        in_x = float(-(d + 1) * x / (d + x * x))  # (and its derivative in df: -x / (d + x^2) + (d + 1) x / (d + x^2)^2)
        mixed = float(-x / (d + x * x) + (d + 1) * x / (d + x * x) ** 2)
        assert stats.t.logpdf(1e154, 0.5) == pytest.approx(value, rel=1e-15, abs=0.0)  # was -inf (-533.73)
        assert_close(paths1(lambda e: stats.t.logpdf(1e154, e), 0.5), in_df, 1e-15)
        assert_close(paths1(lambda s: stats.t.logpdf(s, 0.5), 1e154), in_x, 1e-15)
        assert_close(paths2(lambda e: stats.t.logpdf(1e154, e), 0.5), in_df2, 1e-13)
        assert_close(_mixed(lambda e, s: stats.t.logpdf(s, e), 0.5, 1e154), mixed, 1e-15)
        point = np.array([1e154, 0.0])
        value2 = float(_t_log_density(mpmath, x, d, 2))
        in_df_2 = float(mpmath.diff(lambda e: _t_log_density(mpmath, x, e, 2), d))
        assert stats.multivariate_t.logpdf(point, None, np.eye(2), 0.5) == pytest.approx(value2, rel=1e-15,
                                                                                         abs=0.0)  # was -inf
        def mvt(e):
            return stats.multivariate_t.logpdf(point, None, np.eye(2), e)
        assert_close({"grad": wg.grad(mvt)(0.5), "jvp": wg.jvp(mvt, (0.5,), (1.0,))[1]}, in_df_2, 1e-15)


def test_stdtr_at_infinite_t_for_a_huge_df():
    """|t| against 1e15 sqrt(df), not t^2 against 1e30 df, which overflowed from df = 1.8e278 on: no t was
    'huge' there, t = inf included, and the second derivative at t = inf was NaN (the truth 0)."""
    for t in (np.inf, -np.inf):
        assert float(wg.grad(wg.grad(lambda s: sc.stdtr(1e300, s)))(t)) == 0.0
        assert float(wg.jvp(wg.grad(lambda s: sc.stdtr(1e300, s)), (t,), (1.0,))[1]) == 0.0


def test_t_logpdf_in_df_just_below_where_the_square_over_df_overflows():
    """The far form from m / df = 1e100 on, not where it overflows: just below, the derivative of m / df in df
    (-m / df^2) overflowed: jvp's d/ddf at x = 8.5e153, df = 0.5 was inf (truth -352.7150), its second
    derivative inf or NaN (truth -2.66386). (mpmath: -(df + 1)/2 log1p(x^2/df) + its normalisation)"""
    x = 0.9 * np.sqrt(1.797e308 * 0.5)
    f = lambda d: stats.t.logpdf(x, d)  # noqa: E731
    for d1 in (wg.grad(f)(0.5), wg.jvp(f, (0.5,), (1.0,))[1]):
        assert float(d1) == pytest.approx(-352.715006782531, rel=1e-13, abs=0.0)
    for d2 in (wg.grad(wg.grad(f))(0.5), wg.jacfwd(wg.jacfwd(f))(0.5), wg.jvp(wg.grad(f), (0.5,), (1.0,))[1]):
        assert float(d2) == pytest.approx(-2.6638623767088765, rel=1e-12, abs=0.0)
