"""log(gammainc(a, z)) where gammainc underflows (z well below a large a): it was log(0) = -inf
(gamma.logcdf(200, 1000), for -813.588; poisson.logsf(199, 1), for -864.227), now the series
z^a e^-z / gamma(a + 1) S with as many terms as S needs there; truths are mpmath's. At a large shape also gammainc's
x-derivative near its mode (the density's exponent as -a r(t) - ..., r(t) = t - log1p(t), t = x / a - 1: its terms of
size a log a cancelled, 8.6e-12 of gamma.logcdf's x-derivative at (9500, 1e4), 6.8e-10 at (1e6, 1e6)), the series where
gammainc is below 1e-20 (log P's second derivative in a, P''/P - (P'/P)^2, cancelled: 5.5e-11 off at (248.56, 1000))
and at a >= 1e5 where SciPy's series stops at 2,000 terms (gammainc(1e6, 995000) 4.3e-6 off)."""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import special, stats

from opcheck import lazy_mp as mp  # noqa: E402  (mpmath where a test uses it)


@pytest.fixture(autouse=True)
def _forty_digits():
    with mp.workdps(40):
        yield


def _log_p(a, z):
    return mp.log(mp.gammainc(a, 0, z, regularized=True))


def _relative(value, truth):
    return float(abs((mp.mpf(float(value)) - truth) / truth))


@pytest.mark.parametrize("x, a", [(200.0, 1000.0), (1.0, 200.0), (0.5, 200.0), (9e5, 1e6), (0.99e8, 1e8)])
def test_gamma_log_cdf_where_the_cdf_underflows(x, a):
    # (a log z - z - gammaln(a + 1) as a (log1p(x) - x) - ..., x = z / a - 1: its terms of size a log a cancelled, to
    # -5039 at a = 1e8: 2.3e-11 off)
    assert _relative(stats.gamma.logcdf(x, a), _log_p(a, x)) < 4e-15
    assert _relative(wg.grad(lambda x: stats.gamma.logcdf(x, a))(x),
                     mp.diff(lambda y: _log_p(a, y), x)) < 1e-14
    if a <= 1e3:
        assert _relative(wg.grad(lambda a: stats.gamma.logcdf(x, a))(a),
                         mp.diff(lambda b: _log_p(b, x), a)) < 1e-14
        hessian = wg.hessian(lambda p: stats.gamma.logcdf(p[0], p[1]))(np.array([x, a]))
        assert _relative(hessian[0][0], mp.diff(lambda y: _log_p(a, y), x, 2)) < 1e-14
        assert _relative(hessian[0][1], mp.diff(lambda y, b: _log_p(b, y), (x, a), (1, 1))) < 1e-13


def test_the_same_series_in_the_other_families():
    assert _relative(stats.poisson.logsf(199, 1.0), _log_p(200, 1)) < 4e-15
    assert _relative(stats.chi2.logcdf(400.0, 2000.0), _log_p(1000, 200)) < 4e-15
    assert _relative(stats.erlang.logcdf(1.0, 200), _log_p(200, 1)) < 4e-15
    assert _relative(stats.invgamma.logsf(1.0, 200.0), _log_p(200, 1)) < 4e-15


@pytest.mark.parametrize("x, a", [(9500.0, 1e4), (1e4, 1e4), (1e6, 1e6)])
def test_gammainc_x_derivative_near_the_mode(x, a):
    density = mp.exp((a - 1) * mp.log(x) - x - mp.loggamma(a))
    assert _relative(wg.grad(lambda x: special.gammainc(a, x))(x), density) < 1e-14
    slope = mp.diff(lambda y: _log_p(a, y), x)
    assert _relative(wg.grad(lambda x: stats.gamma.logcdf(x, a))(x), slope) < 1e-14


def test_log_cdf_second_derivative_in_the_shape_below_1e_minus_20():
    hessian = wg.hessian(lambda v: stats.gamma.logcdf(v[0], v[1]))(np.array([248.56, 1000.0]))
    assert _relative(hessian[1][1], mp.diff(lambda b: _log_p(b, 248.56), 1000.0, 2)) < 1e-14
    assert _relative(hessian[0][0], mp.diff(lambda y: _log_p(1000.0, y), 248.56, 2)) < 1e-14


def test_log_cdf_where_scipys_series_stops_short():
    x, a = 995000.0, 1e6
    assert _relative(stats.gamma.logcdf(x, a), _log_p(a, x)) < 1e-15
    gradient = wg.grad(lambda v: stats.gamma.logcdf(v[0], v[1]))(np.array([x, a]))
    assert _relative(gradient[0], mp.diff(lambda y: _log_p(a, y), x)) < 1e-14
    assert _relative(gradient[1], mp.diff(lambda b: _log_p(b, x), a)) < 1e-14


def test_gammainc_only_where_it_decides(monkeypatch):
    # (below z = 1 the series is taken whatever gammainc is: it was computed there too, a second call after _tail's,
    # which chooses between log(P) and log1p(-Q))
    from scipy import special as sc
    calls = []
    gammainc = sc.gammainc
    monkeypatch.setattr(sc, "gammainc", lambda *args: calls.append(args) or gammainc(*args))
    assert _relative(stats.gamma.logcdf(0.5, 3.0), _log_p(3, 0.5)) < 4e-15
    assert len(calls) == 1


def test_the_tails_where_scipys_series_stops_short():
    # (gammainc(1e6, 995000) is 4.3e-6 off in SciPy: gamma.cdf, its logsf log1p(-P), chi2.cdf, poisson.sf followed)
    x, a = 995000.0, 1e6
    p = mp.gammainc(a, 0, x, regularized=True)
    assert _relative(stats.gamma.cdf(x, a), p) < 4e-15
    assert _relative(stats.gamma.sf(x, a), 1 - p) < 1e-16
    assert _relative(stats.gamma.logsf(x, a), mp.log1p(-p)) < 4e-15
    assert _relative(stats.chi2.cdf(2 * x, 2 * a), p) < 4e-15
    assert _relative(stats.poisson.sf(a - 1, x), p) < 4e-15


@pytest.mark.parametrize("x, a", [(1050.0, 1000.0), (1500.0, 1000.0), (1.1e4, 1e4)])
def test_log_sf_above_the_mode_with_a_large_shape(x, a):
    """log Q's far form ``-x + (a - 1) log x - gammaln(a) + log R`` from ``a >= 10`` below ``x = 4 a`` with the density's
    exponent as -a r(t) - ... (its terms, of size a log a, kept their rounding: gamma.logsf(1050, 1000) was 2.5e-13
    relative off, (1500, 1000) 5.4e-15). The value, and the Hessian in (x, a) on three paths (its rules unchanged)."""
    truth = mp.log(mp.gammainc(a, x, mp.inf, regularized=True))
    assert _relative(stats.gamma.logsf(x, a), truth) < 1e-15
    if x == 1050.0:
        def log_q(x, a):
            return mp.log(mp.gammainc(a, x, mp.inf, regularized=True))
        hessian = np.array([[float(mp.diff(log_q, (x, a), (int(i == 0) + int(j == 0), int(i == 1) + int(j == 1))))
                             for j in range(2)] for i in range(2)])

        def f(v):
            return stats.gamma.logsf(v[0], v[1])
        for path in (wg.hessian(f), wg.jacfwd(wg.jacfwd(f)), wg.jacfwd(wg.grad(f))):
            np.testing.assert_allclose(path(np.array([x, a])), hessian, rtol=2e-14, atol=0.0)


def test_log_sf_second_derivative_in_x_far_out():
    """log Q's far form's d2/dx2, R' / R^2 (R = x^(1 - a) e^x Gamma(a, x)), with R' the product (1 - a) h g of the
    continued fraction h and its tail g: as (a - 1) / x^2 ((a - 2) R(a - 2) - (a - 1) R(a - 1)) its terms of size a R
    cancelled, gamma.logsf(2501, 500)'s d2/dx2 3.7e-13 relative off, (101, 50)'s 3.3e-14, the third derivative at
    (2501, 500) 1.6e-11. The Hessian in (x, scale) on four paths, truths in closed form (d2/dx ds = -(f' + x f''))."""
    for x, a in ((2501.0, 500.0), (101.0, 50.0), (26.0, 5.0)):
        X, A = mp.mpf(x), mp.mpf(a)
        h = X ** (A - 1) * mp.exp(-X) / mp.gammainc(A, X, mp.inf)  # (-d/dx log Q)
        second = -h * ((A - 1) / X - 1) - h * h
        truth = np.array([[float(second), float(h - x * second)], [float(h - x * second), 0.0]])

        def f(v):
            return stats.gamma.logsf(v[0], a, 0.0, v[1])
        for path in (wg.hessian(f), wg.jacfwd(wg.jacfwd(f)), wg.jacfwd(wg.grad(f)), wg.jacrev(wg.jacfwd(f))):
            got = np.asarray(path(np.array([x, 1.0])))
            np.testing.assert_allclose(got[0], truth[0], rtol=1e-14, atol=0.0)
    third = wg.grad(wg.grad(wg.grad(lambda x: stats.gamma.logsf(x, 500.0))))(2501.0)
    assert _relative(third, mp.diff(lambda y: mp.log(mp.gammainc(500, y, mp.inf, regularized=True)), 2501, 3)) < 2e-12
    from wengert.scipy.stats._common import _upper_fraction_tail
    assert np.isnan(_upper_fraction_tail(2.0, np.inf))  # (at once, quietly: its Lentz steps were 0 * inf 300,000 times)


@pytest.mark.parametrize("a, u", [(1e3, 200.0), (1e5, 9.8e4), (1e6, 0.99e6)])
def test_series_length_taken_in_chunks(a, u):
    """:func:`_lower_gamma_terms` tries 512 terms at a time (a Python loop of one term a step took 0.28 s of
    gamma.cdf(0.99e6, 1e6)'s 0.33 s, 3,320 steps): the count is the one-at-a-time loop's, rounded the same way."""
    from wengert.scipy.stats._gamma import _lower_gamma_terms
    term, total, n = 1.0, 1.0, 0
    while True:
        n += 1
        term = term * (u / (a + n))
        total = total + term
        if term < 1e-17 * total * (1.0 - u / (a + n)):
            break
    assert _lower_gamma_terms(np.array(a), np.array(u)) == n
