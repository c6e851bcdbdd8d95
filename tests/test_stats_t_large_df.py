"""``scipy.stats.t.logpdf`` in df, far out: ``log gamma((df+1)/2) - log gamma(df/2)`` as the
difference of two gammaln (each about ``df log df``) kept their rounding: at ``df = 1e15`` the
value was a factor 3.9 off (relative -2.9), at 1e10 5e-7, at 1e6 3.7e-10, and its d/d df 1e16
times off at 1e15 (SciPy's value is right there). Now the series of the log gamma ratio in
``2/df`` and ``(df/2) log1p(z^2/df)`` by its series near 0: against mpmath at 80 digits, first and
second order in df and x, by every mode; ``df = inf`` is the normal."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402

DFS = [1e-3, 0.5, 3.0, 19.9, 20.0, 21.0, 1e3, 1e6, 1e10, 1e15, 1e200]
XS = [0.0, 0.5, 30.0, 1e5]
SECOND = {"grad(grad)": lambda f: wg.grad(wg.grad(f)), "jacfwd(grad)": lambda f: wg.jacfwd(wg.grad(f)),
          "grad(jacfwd)": lambda f: wg.grad(wg.jacfwd(f)), "jacfwd(jacfwd)": lambda f: wg.jacfwd(wg.jacfwd(f))}


def _truth(x, df):
    """logpdf, d/d df, d2/d df2, d/dx at 80 digits beyond df's (the df-derivatives from digamma and
    trigamma)."""
    import mpmath
    with mpmath.workdps(80 + max(0, int(np.log10(df)))):
        x, df = mpmath.mpf(x), mpmath.mpf(df)
        u = x * x / df
        value = mpmath.loggamma((df + 1) / 2) - mpmath.loggamma(df / 2) - mpmath.log(df * mpmath.pi) / 2 - (df + 1) / 2 * mpmath.log1p(u)
        d1 = ((mpmath.digamma((df + 1) / 2) - mpmath.digamma(df / 2)) / 2 - 1 / (2 * df) - mpmath.log1p(u) / 2
              + (df + 1) / 2 * u / (df * (1 + u)))
        d2 = ((mpmath.psi(1, (df + 1) / 2) - mpmath.psi(1, df / 2)) / 4 + 1 / (2 * df * df) + u / (df * (1 + u))
              - (df + 1) / 2 * u * (2 + u) / (df * df * (1 + u) ** 2))
        dx = -(df + 1) * x / (df * (1 + u))
        return value, d1, d2, dx


@pytest.mark.parametrize("x", XS)
@pytest.mark.parametrize("df", DFS)
def test_t_logpdf_in_df_against_mpmath(x, df):
    pytest.importorskip("mpmath")
    value, d1, d2, dx = (float(v) for v in _truth(x, df))
    f = lambda d: stats.t.logpdf(x, d)  # noqa: E731
    assert float(f(df)) == pytest.approx(value, rel=4e-16, abs=1e-300)
    # (the derivatives in df are about 1/df^2: 0 in floating point at df = 1e200, where mpmath's
    # digamma at this precision gives -5e-283)
    for mode in (wg.grad, wg.jacfwd):
        assert float(mode(f)(df)) == pytest.approx(d1 if df < 1e100 else 0.0, rel=2e-14, abs=1e-300)
    for name, mode in SECOND.items():
        assert float(mode(f)(df)) == pytest.approx(d2 if df < 1e100 else 0.0, rel=5e-13, abs=1e-300), name
    assert float(wg.grad(lambda y: stats.t.logpdf(y, df))(x)) == pytest.approx(dx, rel=1e-15, abs=1e-300)


def test_t_logpdf_at_infinite_df_is_the_normal():
    x = np.array([-3.0, 0.0, 0.5, 40.0])
    np.testing.assert_array_equal(stats.t.logpdf(x, np.inf), stats.norm.logpdf(x))
    assert wg.grad(lambda d: stats.t.logpdf(0.7, d))(np.inf) == 0.0
    np.testing.assert_array_equal(wg.grad(lambda y: np.sum(stats.t.logpdf(y, np.inf)))(x),
                                  wg.grad(lambda y: np.sum(stats.norm.logpdf(y)))(x))


def test_the_hessian_in_x_df_loc_scale_is_symmetric_and_finite_far_out():
    f = lambda v: stats.t.logpdf(v[0], v[1], v[2], v[3])  # noqa: E731
    for df in (3.0, 1e8, 1e14):
        h = wg.hessian(f)(np.array([1.3, df, 0.2, 1.7]))
        assert np.all(np.isfinite(h))
        np.testing.assert_allclose(h, h.T, rtol=1e-14, atol=0)
