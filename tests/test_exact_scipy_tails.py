"""Values and derivatives of wengert's SciPy rules at the edges of their domains and at
switching points, found by ``tools/probe_scipy_edges.py`` over the names it did not cover
before (halfnorm, t's tails, gennorm's tails, ...). The references are mpmath at 50 digits or
more (computed offline; mpmath is no dependency of the tests), each noted where it is used.
Every derivative is checked in both modes: reverse over reverse and forward over reverse.
"""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats


def _derivatives(f, x):
    """(f'(x) reverse, f'(x) forward, f''(x) reverse over reverse, f''(x) forward over reverse)."""
    return (float(wg.grad(f)(x)), float(wg.jvp(f, (x,), (1.0,))[1]),
            float(wg.grad(wg.grad(f))(x)), float(wg.jvp(wg.grad(f), (x,), (1.0,))[1]))


def _check(f, x, value, d1, d2, rtol=1e-12, rtol2=None):
    got = float(f(x))
    assert got == pytest.approx(value, rel=rtol, abs=0), (x, got, value)
    r1, f1, r2, f2 = _derivatives(f, x)
    for d, want, tol in ((r1, d1, rtol), (f1, d1, rtol), (r2, d2, rtol2 or rtol), (f2, d2, rtol2 or rtol)):
        assert d == pytest.approx(want, rel=tol, abs=0), (x, d, want)


# log(erfc(x / sqrt(2))) and its first two derivatives, mpmath at 50 digits
HALFNORM_LOGSF = [
    (1e-12, -7.9788456080318365e-13, -0.79788456080350198, -0.63661977236779936),
    (1e-8, -7.9788456398596424e-9, -0.79788456716906309, -0.63661977454771748),
    (0.5, -0.4827645810336733, -1.1410777703680645, -0.73151959284412105),
    (30.0, -453.62809677578325, -30.033259667433677, -0.99889622848810991),
]


@pytest.mark.parametrize("x, value, d1, d2", HALFNORM_LOGSF)
def test_halfnorm_logsf_near_loc_has_its_digits(x, value, d1, d2):
    # log(2) + log_ndtr(-z) cancels as z -> 0: at z = 1e-12 it was -7.97806e-13, 1e-4 off
    # (at 0.4 + 1e-12 with scale 1.7: -4.69402e-13 for SciPy's and mpmath's -4.69333e-13)
    _check(stats.halfnorm.logsf, x, value, d1, d2)


# halfnorm's quantile sqrt(2) erfinv(q) and its derivatives 1 / (2 phi(x)), x / (2 phi(x))^2 (isf: the root of
# erfc(x / sqrt(2)) = q), mpmath at 60 digits
HALFNORM_QUANTILES = [
    ("ppf", 1e-300, 1.2533141373155002e-300, 1.2533141373155003, 1.9687012432153024e-300),
    ("ppf", 1e-20, 1.2533141373155002e-20, 1.2533141373155003, 1.9687012432153022e-20),
    ("ppf", 1e-09, 1.2533141373155004e-09, 1.2533141373155003, 1.9687012432153025e-09),
    ("ppf", 0.5, 0.6744897501960817, 1.5734325402805462, 1.6698275018831954),
    ("ppf", 0.5000000000000001, 0.6744897501960819, 1.5734325402805465, 1.6698275018831963),
    ("ppf", 0.7, 1.0364333894937894, 2.1444614274371108, 4.7662615817463925),
    ("ppf", 0.9999999999999999, 8.292361075813595, 1071051700669763.4, 9.512596482498783e+30),
    ("isf", 1e-100, 21.30594006935153, -4.683254895257218e+98, 4.673005504241271e+198),
    ("isf", 1.1102230246251565e-16, 8.292361075813595, -1071051700669763.4, 9.512596482498783e+30),
    ("isf", 0.5, 0.6744897501960817, -1.5734325402805462, 1.6698275018831954),
    ("isf", 0.7, 0.3853204664075677, -1.3498956370335384, 0.7021379786198954),
    ("isf", 0.999999999, 1.2533141018693558e-09, -1.2533141373155003, 1.968701187536629e-09),
]


@pytest.mark.parametrize("method, q, value, d1, d2", HALFNORM_QUANTILES)
def test_halfnorm_quantiles_keep_q_and_one_minus_q(method, q, value, d1, d2):
    # SciPy's ndtri((1 + q) / 2) rounded q away: ppf(1e-20) was 0.0 for 1.2533e-20 (its derivatives right), ppf(1e-9)
    # 1.25331424e-9 (8.3e-8 off); ppf(1 - 2^-53) inf for 8.2924 (d/dq inf for 1.07e15)
    _check(getattr(stats.halfnorm, method), q, value, d1, d2, rtol=1e-15, rtol2=2e-15)


def test_t_logcdf_far_in_the_right_tail_is_minus_the_sf_not_zero():
    # log(stdtr(df, z)) rounded to log(1.0) = 0.0 for the log cdf -6.5095e-157 (mpmath, 60 digits:
    # log1p(-betainc(df/2, 1/2, df/(df + z^2)) / 2)); the derivatives there are the pdf's, whose
    # gammaln((df + 1)/2) - gammaln(df/2) at df = 1e6 keeps ~9 digits (as SciPy's t.pdf)
    f = lambda x: stats.t.logcdf(x, 1e6, 0.0, 1.5)  # noqa: E731
    _check(f, 40.0, -6.5095143958794641e-157, 1.1580463343214733e-155, -2.0572881370897276e-154,
           rtol=1e-8, rtol2=1e-6)
    assert float(f(40.0)) == pytest.approx(-6.5095143958794641e-157, rel=1e-12, abs=0)


# log(Q(a, x)), Q = gammaincc, far in its tail, and its first two derivatives: mpmath at 50
# digits (log(gammainc(a, x, inf, regularized=True)), minus log 2 for gennorm's halves)
FAR_TAILS = [
    ("gennorm.logcdf b=4", lambda x: stats.gennorm.logcdf(x, 4.0), -10.0,
     -10008.88899997393, 4000.2999700082467, -1199.9700149925793),
    ("gennorm.logcdf b=2", lambda x: stats.gennorm.logcdf(x, 2.0), -1000.0,
     -1000008.1732679025, 2000.000999999, -1.999999000003),
    ("gennorm.logsf b=1.5", lambda x: stats.gennorm.logsf(x, 1.5, 0.4, 1.7), 500.0,
     -5041.8623064700737, -15.127174600589586, -0.015136282415669865),
    ("gamma.logsf a=2", lambda x: stats.gamma.logsf(x, 2.0, 0.0, 1.5), 1e4,
     -6657.8616414140475, -0.666566681664417, -9.9970006748650253e-9),
    ("chi2.logsf df=3", lambda x: stats.chi2.logsf(x, 3.0), 3e3,
     -1496.2222744019927, -0.4998334443334935, -5.548159237914091e-8),
    ("invgamma.logcdf a=2", lambda x: stats.invgamma.logcdf(x, 2.0), 1e-4,
     -9990.789559633023, 99990000.9999, -1999900000000.9995),
]


@pytest.mark.parametrize("name, f, x, value, d1, d2", FAR_TAILS, ids=[c[0] for c in FAR_TAILS])
def test_log_of_gammaincc_far_in_its_tail_is_finite_with_its_derivatives(name, f, x, value, d1, d2):
    # log(gammaincc) was -inf there (gammaincc underflows) and its gradient NaN with a
    # RuntimeWarning (an error under pytest): now the continued fraction in log space
    _check(f, x, value, d1, d2, rtol=1e-13, rtol2=1e-11)


def test_far_and_near_entries_of_one_array_each_get_their_own_formula():
    x = np.array([-1e3, -5.0, 0.5, 3.0, 30.0])
    got = stats.gennorm.logcdf(x, 2.0)
    assert got[0] == pytest.approx(-1000008.1732679025, rel=1e-14, abs=0)  # SciPy: -inf
    # mpmath at 50 digits (SciPy 1.13.1's value at 3.0 is 2.6e-12 off: -1.10453094984704e-05)
    np.testing.assert_allclose(got[1:], [-27.89403672609738, -0.2741080327843857, -1.1045309498499095e-05, 0.0],
                               rtol=1e-13, atol=0.0)
    grad = wg.grad(lambda x: np.sum(stats.gennorm.logcdf(x, 2.0)))(x)
    assert np.all(np.isfinite(grad)) and grad[0] == pytest.approx(2000.000999999, rel=1e-14, abs=0)
    fwd = wg.jvp(lambda x: np.sum(stats.gennorm.logcdf(x, 2.0)), (x,), (np.ones(5),))[1]
    assert fwd == pytest.approx(float(np.sum(grad)), rel=1e-14, abs=0)


def test_the_shape_of_the_far_tail_is_differentiated_as_near_it():
    # (refused before, as near it) mpmath at 50 digits: d/dbeta log(Q(1/beta, 1000^beta) / 2)
    # at beta = 2, d/da log Q(a, 1e4) at a = 2, and the second derivatives (mp.diff)
    assert float(wg.grad(lambda b: stats.gennorm.logcdf(-1e3, b))(2.0)) == pytest.approx(-6907762.6776117187, rel=1e-13, abs=0)
    assert float(wg.grad(lambda a: stats.gamma.logsf(1e4, a))(2.0)) == pytest.approx(8.7876560368767159, rel=1e-13, abs=0)
    assert float(wg.grad(wg.grad(lambda b: stats.gennorm.logcdf(-1e3, b)))(2.0)) == pytest.approx(
        -47717082.81187337, rel=1e-14, abs=0)
    assert float(wg.grad(wg.grad(lambda a: stats.gamma.logsf(1e4, a)))(2.0)) == pytest.approx(
        -0.6449340568502262, rel=1e-14, abs=0)
