"""Second derivatives of log tails far out, where the log of a tiny probability is an
ordinary number: against mpmath (80 digits) or the asymptotic expansion, on every path
(reverse over reverse, forward over reverse, forward over forward, arrays).

- ``scipy.special.log_ndtr`` (``norm.logcdf``, ``norm.logsf``): its derivative below x = -1
  was ``sqrt(2 / pi) / erfcx(-x / sqrt(2))``, whose own derivative divides by ``erfcx^2``,
  which underflows from x = -1e154 on: the second derivative was -inf (reverse, with an
  overflow warning) at -1e155, NaN (reverse) and -0.0 (forward, silently) from -1e200 on;
  the truth is -1 (``-1 + 2/x^2 - ...``). Below x = -20 the derivative is now ``-x / E(1/x^2)``,
  ``E(w) = 1 - w + 3 w^2 - 15 w^3 + ...`` (12 terms).
"""
import numpy as np
import pytest
import scipy.special as sc

from test_exact_support_ends_forward import assert_close, paths1, paths2
from wengert.scipy import stats

#: (x, log_ndtr'(x), log_ndtr''(x)): r = phi / Phi and -r (x + r) in mpmath at 80 digits;
#: from -1e10 on -1 + 2/x^2 rounds to -1
LOG_NDTR = [
    (-20.5, 20.548551052435847, -0.9976537796275292),
    (-40.0, 40.02496884720726, -0.9993773316214086),
    (-1e3, 1000.000999998, -0.999999000006),
    (-1e5, 100000.00001, -0.9999999999),
    (-1e10, 1e10, -1.0),
    (-1e155, 1e155, -1.0),  # was -inf (reverse)
    (-1e200, 1e200, -1.0),  # was NaN (reverse), -0.0 (forward)
    (-1.7e308, 1.7e308, -1.0),
]


@pytest.mark.parametrize("x, first, second", LOG_NDTR, ids=[repr(c[0]) for c in LOG_NDTR])
def test_log_ndtr_far_left(x, first, second):
    assert_close(paths1(sc.log_ndtr, x), first, 4e-16)
    assert_close(paths2(sc.log_ndtr, x), second, 4e-16)
    assert_close(paths2(stats.norm.logcdf, x), second, 4e-16)
    assert_close(paths2(stats.norm.logsf, -x), second, 4e-16)
    if x > -1e300:
        assert_close(paths2(lambda t: stats.norm.logcdf(t, 3.0, 2.0), 3.0 + 2.0 * x), second / 4.0, 4e-16)


def test_the_log_ndtr_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(80):
        for x, first, second in LOG_NDTR:
            if x < -1e6:
                continue  # (the table's -1: the expansion; 80 digits cannot resolve x + r there)
            X = mp.mpf(x)
            r = mp.npdf(X) / (mp.erfc(-X / mp.sqrt(2)) / 2)
            assert float(r) == first and float(-r * (X + r)) == second
