"""t's quantile near the median: SciPy's stdtrit loses digits as q nears 1/2 (stdtrit(4, 0.50000001)
is 11.8% off, 2.9831e-8 for 2.6667e-8; stdtrit(4, 0.500001) 3.7e-5) and wengert's t.ppf took it.
Now the root of I(t^2 / (df + t^2); 1/2, df/2) / 2 = |q - 1/2| polished to second order in q and
df; the truths are mpmath's roots of t's cdf at 60 digits."""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats

from opcheck import lazy_mp as mp  # noqa: E402  (mpmath where a test uses it)


@pytest.fixture(autouse=True)
def _sixty_digits():
    with mp.workdps(60):
        yield


def _cdf(t, df):
    t, df = mp.mpf(t), mp.mpf(df)
    half_tail = mp.betainc(df / 2, mp.mpf(0.5), 0, df / (df + t * t), regularized=True) / 2
    return half_tail if t < 0 else 1 - half_tail


def _root(q, df):
    return mp.findroot(lambda t: _cdf(t, df) - q, mp.mpf(0.001) * (1 if q > 0.5 else -1),
                       tol=mp.mpf(10) ** -55)


def _relative(value, truth):
    return float(abs((mp.mpf(float(value)) - truth) / truth))


@pytest.mark.parametrize("q, df", [(0.5 + 1e-8, 4.0), (0.5 - 1e-5, 4.0), (0.501, 4.0), (0.5 + 2.0 ** -53, 1.0),
                                   (0.5 + 1e-8, 0.7), (0.59, 30.0), (0.49999, 1e6)])
def test_t_quantile_near_the_median(q, df):
    truth = _root(mp.mpf(q), df)
    assert _relative(stats.t.ppf(q, df), truth) < 6e-16
    upper = 1.0 - q  # (isf's own q: 1 - q rounded)
    assert _relative(stats.t.isf(upper, df), _root(1 - mp.mpf(upper), df)) < 6e-16
    slope = mp.diff(lambda s: _cdf(s, df), truth)
    assert _relative(wg.grad(lambda q: stats.t.ppf(q, df))(q), 1 / slope) < 1e-15
    if df < 1e5:
        # dt/d df = -(dF/d df) / F' at the root (its terms cancel as 1/df: 1e-14 at df = 30)
        in_df = -mp.diff(lambda n: _cdf(truth, n), df) / slope
        hessian = wg.hessian(lambda v: stats.t.ppf(v[0], v[1]))(np.array([q, df]))
        assert _relative(wg.grad(lambda n: stats.t.ppf(q, n))(df), in_df) < 1e-13
        assert _relative(hessian[0][0], -mp.diff(lambda s: _cdf(s, df), truth, 2) / slope ** 3) < 2e-15
        # (the mixed derivative a difference of terms 40 times its size at df = 30)
        assert _relative(hessian[0][1], mp.mpf(float(hessian[1][0]))) < 5e-14


def test_scipys_root_is_computed_once(monkeypatch):
    # (its start near the median and the mask that chooses that form: SciPy's stdtrit was called twice)
    from scipy import special
    calls = []
    stdtrit = special.stdtrit
    monkeypatch.setattr(special, "stdtrit", lambda *args: calls.append(args) or stdtrit(*args))
    # (against the root, not SciPy's: SciPy 1.13's stdtrit(4, 0.55) is 2.1e-12 off, 1.17's exact)
    assert _relative(stats.t.ppf(0.55, 4.0), _root(mp.mpf(0.55), 4.0)) < 6e-16
    assert len(calls) == 1
