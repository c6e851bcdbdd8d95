"""t.ppf / t.isf between the median's neighbourhood and the far tails: wengert passed SciPy's ``stdtrit`` through,
which up to SciPy 1.15 stops about 1e-11 relative off (t.ppf(0.0347515310014233, 1) 2.4e-11 from the Cauchy
quantile -cot(pi q), t.ppf(0.01, 3) 2.1e-11; exact on 1.17), and nct.entropy(1, 0), through t.ppf, was refused
("quadrature did not converge") on SciPy 1.13 and 1.15. Now SciPy's root polished by Newton's method on the exact
tail: the same value on every SciPy. Truths: mpmath's roots of t's cdf ``I(df / (df + t^2); df/2, 1/2) / 2`` at 50
digits (findroot in log|t|), their derivatives by mpmath's diff."""
import math

import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats

from opcheck import lazy_mp as mp  # noqa: E402  (mpmath where a test uses it)


@pytest.fixture(autouse=True)
def _fifty_digits():
    with mp.workdps(50):
        yield


def _log_tail(u, df):  # log of t's cdf at -e^u
    s = mp.exp(u)
    if df > 1e5:  # (mpmath's betainc near 1 is slow there: 1/2 - s pdf(0) 2F1(1/2, (df + 1)/2; 3/2; -s^2 / df))
        density = mp.exp(mp.loggamma((df + 1) / 2) - mp.loggamma(df / 2)) / mp.sqrt(mp.pi * df)
        return mp.log(mp.mpf(1) / 2 - s * density * mp.hyp2f1(mp.mpf(1) / 2, (df + 1) / 2, mp.mpf(3) / 2, -s * s / df))
    return mp.log(mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + s * s), regularized=True) / 2)


def _quantile(q, df):
    """t.ppf at q, df (mpf): the root of the lower tail at min(q, 1 - q), its sign q's side."""
    p = min(q, 1 - q)
    if p == mp.mpf(1) / 2:
        return mp.mpf(0)
    a = mp.log(df) / 2 - mp.log(2 * p) / df if p < mp.mpf(1e-3) else mp.mpf(0)  # (the far tail's leading term)
    if df > 1e5:  # (the normal quantile's)
        a = mp.log(mp.sqrt(2) * mp.erfinv(1 - 2 * p))
    u = mp.findroot(lambda u: _log_tail(u, df) - mp.log(p), a, tol=mp.mpf(10) ** -45)
    return mp.exp(u) * (1 if q > mp.mpf(1) / 2 else -1)


QS = (1e-300, 1e-10, 0.01, 0.0347515310014233, 0.3, 0.5, 0.7, 1.0 - 1e-10)


@pytest.mark.parametrize("df", [0.5, 1.0, 3.0, 30.0, 1e6])
def test_t_quantiles_against_mpmath(df):
    got = stats.t.ppf(np.array(QS), df)
    isf = stats.t.isf(np.array(QS), df)
    for k, q in enumerate(QS):
        if df > 1e5 and q == 1e-300:
            continue  # (mpmath's 2F1 form would need 300 more digits)
        truth = _quantile(mp.mpf(q), mp.mpf(df))
        if truth == 0 or abs(truth) > np.finfo(float).max:  # (0 at the median; beyond the floats, inf)
            assert got[k] == float(truth) and isf[k] == -float(truth), (q, df, got[k], isf[k])
            continue
        # (4 ulp between the median's neighbourhood and the far tails, the tail's own rounding in betaincc /
        # betainc: up to SciPy 1.15 stdtrit's root was 2.1e-11 off at (0.01, 3), 2.4e-11 at (0.0347515310014233,
        # 1); far out, where df / t^2 < 1e-3, the far root's: a few ulp of log|t|)
        far = df / truth ** 2 < mp.mpf(1e-3)
        rtol = 1e-15 * max(5.0, abs(float(mp.log(abs(truth)))), -math.log(min(q, 1.0 - q))) if far else 8e-16
        assert abs(float(got[k] / truth - 1)) < rtol, (q, df, float(got[k]), float(truth))
        assert abs(float(-isf[k] / truth - 1)) < rtol, (q, df, float(isf[k]), float(truth))


def test_cauchy_quantile_closed_form():
    q = 0.0347515310014233  # (df = 1: -cot(pi q); SciPy 1.13's stdtrit 2.4e-11 off)
    assert float(stats.t.ppf(q, 1.0)) == pytest.approx(float(-mp.cot(mp.pi * mp.mpf(q))), rel=8e-16)


@pytest.mark.parametrize("q, df", [(0.0347515310014233, 1.0), pytest.param(0.01, 3.0, marks=pytest.mark.slow),
                                   pytest.param(0.7, 30.0, marks=pytest.mark.slow)])
def test_t_quantile_derivatives_in_every_mode(q, df):
    """grad, jvp, Hessian (reverse over reverse), jvp of grad (forward over reverse) and jit replays in q and df."""
    point = (mp.mpf(q), mp.mpf(df))

    def truth(orders):
        return float(mp.diff(lambda a, b: _quantile(a, b), point, orders))
    first = np.array([truth((1, 0)), truth((0, 1))])
    second = np.array([[truth((2, 0)), truth((1, 1))], [truth((1, 1)), truth((0, 2))]])
    f = lambda v: stats.t.ppf(v[0], v[1])
    at = np.array([q, df])
    # (dx/d df: the terms of stdtr's derivative in df cancel about 1/df: 1e-13 at df = 30)
    rtol = 1e-13
    np.testing.assert_allclose(wg.grad(f)(at), first, rtol=rtol)
    np.testing.assert_allclose(wg.jit(wg.grad(f))(at), first, rtol=rtol)
    for k in range(2):
        direction = np.eye(2)[k]
        assert float(wg.jvp(f, (at,), (direction,))[1]) == pytest.approx(first[k], rel=rtol)
        np.testing.assert_allclose(wg.jvp(wg.grad(f), (at,), (direction,))[1], second[k], rtol=rtol)
    np.testing.assert_allclose(wg.hessian(f)(at), second, rtol=rtol)
    # (a replay at a moved point: the polished root there)
    moved = np.array([q * 1.25, df * 1.5])
    replayed = wg.jit(wg.grad(f))
    replayed(at)
    truth_moved = [float(mp.diff(lambda a, b: _quantile(a, b), (mp.mpf(moved[0]), mp.mpf(moved[1])), o))
                   for o in ((1, 0), (0, 1))]
    np.testing.assert_allclose(replayed(moved), truth_moved, rtol=rtol)
    jitted = wg.jit(f)
    jitted(at)
    jitted(at)
    assert abs(float(jitted(moved)) / float(_quantile(mp.mpf(moved[0]), mp.mpf(moved[1]))) - 1) < 8e-16


def test_nct_entropy_at_zero_noncentrality():
    # (t's entropy at df = 1: log(4 pi); refused on SciPy 1.13 and 1.15 through t.ppf's rounding)
    assert float(stats.nct.entropy(1.0, 0.0)) == pytest.approx(math.log(4.0 * math.pi), rel=1e-14)
