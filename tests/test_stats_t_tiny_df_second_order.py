"""Student's t (and the multivariate t) at a tiny df, against mpmath, to second order.

``log gamma(a + h) - log gamma(a) - h log a`` (a = df / 2) was betaln's form below a = 10, whose second derivative in
a tiny a was ``trigamma(a) - trigamma(a + h)`` against ``h / a^2``: inf - inf from a = 1e-154 on (d2/d df2 of
t.logpdf(1, 1e-300) NaN for -1e600, which is -inf). Now below a = 1 ``gammaln(a + h) - gammaln(1 + a) + (1 - h) log
a``; the entropies' digamma terms the same way; t.cdf(0, df) (1/2 at every df) and t.ppf at q = 1/2 (0 at every
df) and at q = 0 (-inf at every df) with 0 in df to second order (they were NaN through 0 times infinite terms).
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from opcheck import mp_point_check  # noqa: E402
from wengert.scipy import stats  # noqa: E402


def _mp_t_logpdf(mp, df):
    return (mp.loggamma((df + 1) / 2) - mp.loggamma(df / 2) - mp.log(df * mp.pi) / 2
            - (df + 1) / 2 * mp.log1p(1 / df))


def _mp_mvt_logpdf(mp, df, p=2, m=1.25):  # (x = (1, 0.5), shape the identity: m = 1.25)
    return (mp.loggamma((df + p) / 2) - mp.loggamma(df / 2) - p * mp.log(df * mp.pi) / 2
            - (df + p) / 2 * mp.log1p(m / df))


def _mp_t_entropy(mp, df):
    return (df + 1) / 2 * (mp.digamma((df + 1) / 2) - mp.digamma(df / 2)) + mp.log(mp.sqrt(df) * mp.beta(df / 2, 0.5))


def _mp_mvt_entropy(mp, df, p=2):
    return (mp.loggamma(df / 2) - mp.loggamma((df + p) / 2) + p * mp.log(df * mp.pi) / 2
            + (df + p) / 2 * (mp.digamma((df + p) / 2) - mp.digamma(df / 2)))


X2 = np.array([1.0, 0.5])
METHODS = {
    "t.logpdf": (lambda df: stats.t.logpdf(1.0, df), _mp_t_logpdf),
    "multivariate_t.logpdf": (lambda df: stats.multivariate_t.logpdf(X2, shape=np.eye(2), df=df), _mp_mvt_logpdf),
    "t.entropy": (lambda df: stats.t.entropy(df), _mp_t_entropy),
    "multivariate_t.entropy": (lambda df: stats.multivariate_t.entropy(shape=np.eye(2), df=df), _mp_mvt_entropy),
}
# (1e-300: the second derivative beyond the float range, its sign; 1e-100; both sides of the switch at df = 2)
POINTS = [(name, df) for name in METHODS for df in (1e-300, 1e-100, 2.0 - 2.0 ** -40, 2.0)]


@pytest.mark.parametrize("name, df", POINTS, ids=[f"{n}-{d!r}" for n, d in POINTS])
def test_tiny_df_to_second_order(name, df):
    method, truth = METHODS[name]
    mp_point_check(method, (df,), 0, truth, 1e-13)


@pytest.mark.parametrize("df", [1e-300, 1e-100, 3.0])
def test_cdf_at_0_is_flat_in_df(df):
    # t.cdf(0, df) is 1/2 at every df: grad of grad at df = 1e-100 was NaN, jvp of grad at 1e-300 NaN
    def f(d):
        return stats.t.cdf(0.0, d)
    with np.errstate(all="ignore"):
        got = [f(df), wg.grad(f)(df), wg.grad(wg.grad(f))(df), wg.jvp(wg.grad(f), (df,), (1.0,))[1],
               wg.jacfwd(wg.jacfwd(f))(df)]
    assert [float(v) for v in got] == [0.5, 0.0, 0.0, 0.0, 0.0]


def _hessians(q, df):
    def f(v):
        return stats.t.ppf(v[0], v[1])
    v = np.array([q, df])
    with np.errstate(all="ignore"):
        return [np.asarray(h) for h in (wg.hessian(f)(v), wg.jacfwd(wg.jacfwd(f))(v), wg.jacobian(wg.grad(f))(v))]


@pytest.mark.parametrize("df", [1e-300, 1e-100, 1.5])
def test_ppf_hessian_at_the_center(df):
    # the quantile at q = 1/2 is 0 at every df: 0 in df twice and in q twice; d2/dq d df = d/d df (1 / pdf(0)), -inf
    # at df = 1e-300 (mpmath -1e450); the Hessian had NaN in d2/d df2 and one mixed entry there
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        def inverse_density(d):
            return mp.sqrt(d * mp.pi) * mp.gamma(d / 2) / mp.gamma((d + 1) / 2)
        x = mp.mpf(df)
        mixed = float(mp.diff(inverse_density, x, 1, h=x * mp.mpf(10) ** -25))
    for h in _hessians(0.5, df):
        assert h[0, 0] == 0.0 and h[1, 1] == 0.0
        assert [h[0, 1], h[1, 0]] == pytest.approx([mixed, mixed], rel=1e-13)


@pytest.mark.parametrize("q, df", [(0.0, 3.0), (1.0, 3.0), (0.0, 1e-300)])
def test_ppf_hessian_at_the_ends(q, df):
    # t.ppf(0, df) = -inf and d/dq = +inf at every df (constants in df: 0 in df, mixed 0); d2/dq2 -inf at q = 0,
    # +inf at q = 1 (ndtri's); the mixed entries were NaN (by forward over reverse, through ndtri's exp(ans^2 / 2))
    sign = -1.0 if q == 0.0 else 1.0
    for h in _hessians(q, df):
        assert h.tolist() == [[sign * np.inf, 0.0], [0.0, 0.0]]
