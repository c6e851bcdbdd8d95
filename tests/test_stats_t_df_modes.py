"""Student's t tails differentiated in df: forward mode gives what reverse mode gives, with
the same limits.

- Far in a tail (df / x^2 < 1e-3) ``t.logcdf`` / ``t.logsf`` are a series differentiable in
  df; the choice between the forms evaluated ``stdtr(df, z)`` with df traced, which forward
  mode differentiates as it runs: at df = 2000, x = -1e5 ``wg.jvp`` and ``wg.jacfwd`` were
  refused (stdtr's derivative in df stops at 1e3) where ``wg.grad`` answered -7.2127.
- At tiny df (1e-14, 1e-10) betainc's continued fraction for d/d df, whose terms are at
  rounding level there, flipped by an ulp forever and was refused as not converged in
  40000 steps (t.cdf(-3, 1e-14) in every mode; t.logcdf there in forward mode only).
References: mpmath at 60 digits (``betainc`` and its central differences)."""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy.stats import t

#: (method, x, df, d/d df), mpmath
TINY_DF = [
    ("cdf", -3.0, 1e-14, -8.704927560091624),
    ("logcdf", -3.0, 1e-14, -17.409855120186368),
    ("sf", -3.0, 1e-14, 8.704927560091624),
    ("logsf", -3.0, 1e-14, 17.40985512018013),
    ("cdf", 2.0, 1e-10, 6.199609905013173),
    ("logcdf", 2.0, 1e-10, 12.39921979403232),
    ("logsf", 2.0, 1e-10, -12.399219826020373),
]


def _modes(f, df):
    return {"rev": wg.grad(f)(df), "fwd": wg.jvp(f, (df,), (1.0,))[1],
            "jacfwd": wg.jacfwd(lambda d: f(d[0]))(np.array([df]))[0]}


@pytest.mark.parametrize("name, x, df, want", TINY_DF, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in TINY_DF])
def test_tiny_df(name, x, df, want):
    f = getattr(t, name)
    for mode, got in _modes(lambda d: f(x, d), df).items():
        assert abs(got - want) <= 3e-14 * abs(want), (mode, got, want)


#: (method, x, df, d/d df, d2/d df2), mpmath
FAR = [
    ("logcdf", -1e5, 2000.0, -7.212724372649165, 0.00025012483750004567),
    ("logsf", 1e5, 2000.0, -7.212724372649165, 0.00025012483750004567),
    ("logcdf", -1e5, 1e5, -5.2564777323351155, 4.999950000999975e-06),
    ("logcdf", -3e3, 1500.0, -3.8502571866175628, 0.00033344432406192873),
]


@pytest.mark.parametrize("name, x, df, first, second", FAR, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in FAR])
def test_far_tail_beyond_stdtr_range_in_both_modes(name, x, df, first, second):
    f = getattr(t, name)
    for mode, got in _modes(lambda d: f(x, d), df).items():
        assert abs(got - first) <= 1e-14 * abs(first), (mode, got, first)
    d = wg.grad(lambda d: f(x, d))
    for mode, got in {"rev(rev)": wg.grad(d)(df), "fwd(rev)": wg.jvp(d, (df,), (1.0,))[1]}.items():
        assert abs(got - second) <= 1e-13 * abs(second), (mode, got, second)
