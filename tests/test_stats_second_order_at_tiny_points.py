"""Second derivatives at points within 1e-100 of a function's switching point that were NaN where the truth is a
number (or an infinity): every path (reverse over reverse, both mixed orders, forward over forward), one vectorised
call each. Truths: mpmath (60 and 90 digits agree to every printed digit; derivatives in x taken in x (1 + u)), or
the closed form where mpmath's difference needs more digits than the point has (d2/dx2 of t.cdf: the density's slope
``-f(0) (df + 1) t / df``)."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402

PATHS = (wg.hessian, lambda f: wg.jacfwd(wg.jacrev(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
         lambda f: wg.jacfwd(wg.jacfwd(f)))


def check(f, x, truth, rtol=1e-13):
    for path in PATHS:
        got = np.asarray(path(f)(np.asarray(x, dtype=float)))
        np.testing.assert_allclose(got, truth, rtol=rtol, atol=0)


def test_t_cdf_hessian_in_x_and_df_at_a_tiny_x():
    """t.cdf(1e-200, 2) in (x, df): the row of df was NaN (d/d df through r = df / t^2, overflowing from |t| = 1e-154,
    its derivative from 1e-103); at 1e-100 d2/dx ddf was 1.2e-13 off. Now t f(0) (digamma terms) below t^2 = 1e-32."""
    f02 = 0.35355339059327376  # (the density at 0, df = 2: 1 / (2 sqrt(2)))
    for x in (1e-200, -1e-120, 1e-100):
        truth = [[-f02 * 1.5 * x, 0.020100507077818523722], [0.020100507077818523722, -1.7430437951279136802e-2 * x]]
        check(lambda v: stats.t.cdf(v[0], v[1]), [x, 2.0], truth)


def test_burr12_logcdf_hessian_at_a_tiny_x():
    """burr12.logcdf(1e-300, 0.05, 2) in (x, c, d): d2/dx2 was NaN (-c / z^2 and z^c's c (c - 1) z^(c - 2) overflowing
    apart), the truth -inf; the other entries as before."""
    truth = [[-np.inf, 1.0000000000000503e+300, -2.4999999999999911e+283],
             [1.0000000000000503e+300, -7.1575624491458069e-10, 3.4538776394910562e-13],
             [-2.4999999999999911e+283, 3.4538776394910562e-13, -0.25]]
    check(lambda v: stats.burr12.logcdf(v[0], v[1], v[2]), [1e-300, 0.05, 2.0], truth)


def test_quantiles_through_exp_of_ndtri_at_a_tiny_q():
    """lognorm.ppf(1e-300, 1, 0, 1.5) in (q, s, scale) and powerlognorm.ppf(1e-300, 2, 1, 0, 1.5) in (q, scale):
    d2/dq2 was NaN (exp(s ndtri(p))'s ``z s^2 / pdf^2`` and ``z s u / pdf^2`` overflowing apart), the truth -3.2e582
    = -inf; the other entries as before (mpmath, 400 and 500 digits; powerlognorm's slope 3.2309879807494828e282 at
    700 and 800). Within 5e-13: ndtri's rounding at 1e-300 (u = -37) times u^2 in the slope's exp(u^2 / 2)."""
    check(lambda v: stats.lognorm.ppf(v[0], v[1], 0.0, v[2]), [1e-300, 1.0, 1.5],
          [[-np.inf, -1.187249577662781e+284, 2.1957377977650876e+282],
           [-1.187249577662781e+284, 1.6759077688682089e-13, -3.0158148883895236e-15],
           [2.1957377977650876e+282, -3.0158148883895236e-15, 0.0]], rtol=5e-13)
    slope = 3.2309879807494828e+282 / 1.5
    check(lambda v: stats.powerlognorm.ppf(v[0], 2.0, 1.0, 0.0, v[1]), [1e-300, 1.5], [[-np.inf, slope], [slope, 0.0]],
          rtol=5e-13)
