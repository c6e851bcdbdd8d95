"""The whole Hessian in (x, the shapes, scale) near the lower end of the support (z = (x - loc) / scale tiny), for
tails whose log has a ``a log z`` there: betaprime's and f's. Through functions of z alone d2/dx dscale, ``-(z L'' +
L') / scale^2``, cancelled as ``a / z - a / z`` (betaprime.logcdf(x, 2, 3) at x = 1e-15: 3.0, the truth 10/3; inf at
1e-200) and a shape's derivative met log z's through the tail's own terms. Now ``log z`` is ``log(x - loc) -
log(scale)`` (:func:`wengert.scipy.stats._common._log_of_z`) in a series whose terms are exact at every z.

Truths: mpmath (60 digits plus twice the digits of 1/z), derivatives in x - loc = u (1 + t) and scale (1 + v),
linear in the parameters; inf where the truth is beyond the largest float. Checked on four paths: reverse over
reverse, both mixed orders and forward over forward.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402

PATHS = {"rr": wg.hessian, "fr": lambda f: wg.jacfwd(wg.jacrev(f)), "rf": lambda f: wg.jacrev(wg.jacfwd(f)),
         "ff": lambda f: wg.jacfwd(wg.jacfwd(f))}

#: (distribution, method, x, shapes, loc, scale, the Hessian in (x, *shapes, scale)): mpmath
POINTS = [
    ("betaprime", "logcdf", 1e-15, (2.0, 3.0), 0.0, 1.0,  # (d2/dx dscale was 3.0, 3.25 by forward over reverse)
     [[-1.9999999999999998e+30, 999999999999998.8, -0.6666666666666656, 3.3333333333333255],
      [999999999999998.8, -0.17361111111111097, 0.22132295573711522, -0.9999999999999988],
      [-0.6666666666666656, 0.22132295573711522, -0.1736111111111111, 6.666666666666656e-16],
      [3.3333333333333255, -0.9999999999999988, 6.666666666666656e-16, 1.9999999999999933]]),
    ("betaprime", "logcdf", 1e-200, (2.0, 3.0), 0.0, 3.0,  # (d2/dx dscale was inf, d2/dscale2 -inf)
     [[-np.inf, 1e+200, -0.2222222222222222, 0.37037037037037035],
      [1e+200, -0.1736111111111111, 0.22132295573711533, -0.3333333333333333],
      [-0.2222222222222222, 0.22132295573711533, -0.1736111111111111, 7.407407407407407e-202],
      [0.37037037037037035, -0.3333333333333333, 7.407407407407407e-202, 0.2222222222222222]]),
    ("betaprime", "logcdf", -1.99999999, (0.5, 0.7), -2.0, 1.0,
     [[-5000000060774710.0, 99999999.74108045, -0.3333333292000001, 0.39999999264000013],
      [99999999.74108045, 0.33257500310132215, 1.2673772009793347, -0.9999999913333335],
      [-0.3333333292000001, 1.2673772009793347, -1.5666719512708318, 3.3333332717417644e-09],
      [0.39999999264000013, -0.9999999913333335, 3.3333332717417644e-09, 0.49999999200000017]]),
    ("f", "logcdf", 1e-16, (4.0, 6.0), 0.0, 1.0,  # (d2/dx ddfd was -1.5 and -0.72, the two orders)
     [[-2e+32, 4999999999999999.0, 0.1481481481481481, 2.222222222222222],
      [4999999999999999.0, 0.08159722222222221, -0.028002594399054493, -0.4999999999999999],
      [0.1481481481481481, -0.028002594399054493, 0.012152777777777773, -1.481481481481481e-17],
      [2.222222222222222, -0.4999999999999999, -1.481481481481481e-17, 1.9999999999999996]]),
    ("f", "logcdf", 1e-200, (4.0, 6.0), 0.0, 3.0,  # (d2/dx dscale was -6.8e184, d2/dx ddfn -inf)
     [[-np.inf, 5e+199, 0.04938271604938271, 0.24691358024691357],
      [5e+199, 0.08159722222222222, -0.028002594399054503, -0.16666666666666666],
      [0.04938271604938271, -0.028002594399054503, 0.012152777777777778, -1.6460905349794238e-202],
      [0.24691358024691357, -0.16666666666666666, -1.6460905349794238e-202, 0.2222222222222222]]),
    ("f", "logcdf", 0.50000001, (1.0, 0.7), 0.5, 3.0,
     [[-4999999949752408.0, 49999999.444529235, 0.1133786836878667, 0.044973544619467544],
      [49999999.444529235, 0.7902338421621907, -0.190351315119125, -0.16666666565255733],
      [0.1133786836878667, -0.190351315119125, -0.7657722043823803, -3.779289475252243e-10],
      [0.044973544619467544, -0.16666666565255733, -3.779289475252243e-10, 0.05555555525573192]]),
    ("f", "logpdf", 1e-200, (4.0, 6.0), 0.0, 1.0,  # (d2/dx dscale was 0.0 and inf, with an overflow warning)
     [[-np.inf, 5e+199, 0.2222222222222222, 3.3333333333333335],
      [5e+199, 0.019097222222222224, -0.028002594399054503, -0.5],
      [0.2222222222222222, -0.028002594399054503, 0.012152777777777778, -2.2222222222222223e-201],
      [3.3333333333333335, -0.5, -2.2222222222222223e-201, 2.0]]),
    ("f", "logpdf", -0.999999999999999, (0.5, 3.0), -1.0, 3.0,
     [[7.512003556908026e+29, 500399958596721.56, 0.004629629629629628, 0.032407407407407406],
      [500399958596721.56, -3.1083068211533207, 0.024358800806790534, -0.1666666666666666],
      [0.004629629629629628, 0.024358800806790534, -0.014897304884934872, -1.5419764230904945e-18],
      [0.032407407407407406, -0.1666666666666666, -1.5419764230904945e-18, 0.027777777777777755]]),
]
#: every path at each function's first point, reverse over reverse and forward over reverse at the others
CASES = [(p, how) for i, p in enumerate(POINTS) for how in PATHS
         if how in ("rr", "fr") or i == 0 or POINTS[i - 1][:2] != p[:2]]


@pytest.mark.parametrize("dist, method, x, shapes, loc, scale, truth, how", [(*p, how) for p, how in CASES],
                         ids=[f"{p[0]}.{p[1]}-{p[2]!r}-{p[3]!r}-{how}" for p, how in CASES])
def test_hessian_near_the_lower_end(dist, method, x, shapes, loc, scale, truth, how):
    fn = getattr(getattr(stats, dist), method)
    n = len(shapes)
    got = PATHS[how](lambda p: fn(p[0], *[p[1 + i] for i in range(n)], loc, p[n + 1]))(np.array([x, *shapes, scale]))
    np.testing.assert_allclose(got, np.array(truth), rtol=1e-10, atol=0)
