"""Densities and betaincinv's slope with one shape large and the other small: SciPy's betaln(a, b) is there the difference
of two gammaln near b and keeps their rounding (betaln(0.5, 1e6) 9.6e-10 off), and ``(1 - z)**(b - 1)``
keeps the rounding of ``1 - z`` times ``b - 1``; the truths are mpmath's at 50 digits."""
import pytest

import wengert as wg
from wengert.scipy import special, stats

from opcheck import lazy_mp as mp  # noqa: E402  (mpmath where a test uses it)


@pytest.fixture(autouse=True)
def _fifty_digits():
    with mp.workdps(50):  # (mpmath's precision is global: other modules set their own)
        yield


def _relative(value, truth):
    return float(abs((mp.mpf(float(value)) - truth) / truth))


def _beta_log_density(x, a, b):
    return (a - 1) * mp.log(x) + (b - 1) * mp.log1p(-mp.mpf(x)) - mp.log(mp.beta(a, b))


@pytest.mark.parametrize("x, a, b", [(1e-6, 0.5, 1e6), (2e-6, 3.0, 1e5), (1e-7, 20.0, 1e8), (0.3, 2.0, 3.0)])
def test_beta_density_with_a_large_shape(x, a, b):
    truth = _beta_log_density(x, a, b)
    assert _relative(stats.beta.logpdf(x, a, b), truth) < 4e-16 * 4
    # (the density's exp of a log of size ~330 at b = 1e8 leaves 330 ulps)
    assert _relative(stats.beta.pdf(x, a, b), mp.exp(truth)) < 1e-13


def test_beta_log_density_with_the_large_shape_first():
    """a large and b small: betaln(a, b) is the same function with its arguments swapped."""
    x, a, b = 1.0 - 1e-6, 1e6, 0.5
    assert _relative(stats.beta.logpdf(x, a, b), _beta_log_density(x, a, b)) < 1e-15


@pytest.mark.parametrize("x, dfn, dfd", [(1.0, 1.0, 2e6), (0.5, 3.0, 2e5)])
def test_f_log_density_with_a_large_dfd(x, dfn, dfd):
    a, b = mp.mpf(dfn) / 2, mp.mpf(dfd) / 2
    truth = (a * mp.log(mp.mpf(dfn) / dfd) + (a - 1) * mp.log(x) - (a + b) * mp.log1p(mp.mpf(dfn) * x / dfd)
             - mp.log(mp.beta(a, b)))
    assert _relative(stats.f.logpdf(x, dfn, dfd), truth) < 5e-14


def test_betaprime_log_density_with_a_large_shape():
    x, a, b = 1e-6, 0.5, 1e6
    truth = (a - 1) * mp.log(x) - (a + b) * mp.log1p(x) - mp.log(mp.beta(a, b))
    assert _relative(stats.betaprime.logpdf(x, a, b), truth) < 1e-15


@pytest.mark.parametrize("a, b, p", [(0.5, 1e6, 0.3), (3.0, 1e5, 0.7)])
def test_betaincinv_slope_with_a_large_shape(a, b, p):
    """d betaincinv / dp = B(a, b) / (x^(a - 1) (1 - x)^(b - 1)) at the root x (beta.ppf's slope in q)."""
    x = mp.mpf(float(special.betaincinv(a, b, p)))
    truth = mp.beta(a, b) / (x ** (a - 1) * (1 - x) ** (b - 1))
    assert _relative(wg.grad(lambda p: special.betaincinv(a, b, p))(p), truth) < 4e-15


@pytest.mark.parametrize("x, a, b", [(1e-6, 0.5, 1e6), (1e-8, 1.0, 1e4), (1e-3, 3.0, 1e4)])
def test_betaprime_density_below_one_with_a_large_shape(x, a, b):
    """The density is read for vanishing where it is, not at 1 (whose log is -(a + b) log 2 - betaln there):
    betaprime.pdf(1e-6, 0.5, 1e6) was 0.0 with the derivatives 0."""
    def log_density(x):
        return (a - 1) * mp.log(x) - (a + b) * mp.log1p(x) - mp.log(mp.beta(a, b))
    xm = mp.mpf(x)
    assert _relative(stats.betaprime.pdf(x, a, b), mp.exp(log_density(xm))) < 1e-14
    first = mp.diff(lambda t: mp.exp(log_density(t)), xm)
    second = mp.diff(lambda t: mp.exp(log_density(t)), xm, 2)
    assert _relative(wg.grad(lambda x: stats.betaprime.pdf(x, a, b))(x), first) < 1e-13
    assert _relative(wg.grad(wg.grad(lambda x: stats.betaprime.pdf(x, a, b)))(x), second) < 1e-13


@pytest.mark.parametrize("a, b", [(1e200, 1e200), (20.0, 1e200), (1e300, 3e299), (30.0, 40.0)])
def test_log_beta_exact_second_order_at_huge_shapes(a, b):
    """Stirling's main terms of ``log_beta_exact`` one primitive with closed-form partials: as the product ``(a - 1/2)
    log1p(b / a)`` forward over forward went through ``2 b / a^3``, which underflows (d2/da2 at (1e200, 1e200) 1e-200,
    the truth 5e-201), and d2/da db at (20, 1e200) was -2.5e-202 by reverse over reverse (the truth -1e-200). The
    Hessian (trigamma's differences) on every path."""
    import numpy as np
    from wengert.ops.scipy_special import log_beta_exact
    A, B = mp.mpf(a), mp.mpf(b)
    tri = lambda x: mp.polygamma(1, x)  # noqa: E731
    truth = np.array([[float(tri(A) - tri(A + B)), float(-tri(A + B))], [float(-tri(A + B)), float(tri(B) - tri(A + B))]])

    def f(v):
        return log_beta_exact(v[0], v[1])
    v = np.array([a, b])
    for path in (wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacrev(wg.jacfwd(f)), wg.jacfwd(wg.jacfwd(f))):
        np.testing.assert_allclose(path(v), truth, rtol=4e-15, atol=0.0)
