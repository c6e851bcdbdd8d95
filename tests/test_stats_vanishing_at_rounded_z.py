"""Densities that vanish as exp(-c / z^k) at their lower end (alpha, invgauss, wald) where z = (x - loc) / scale is
rounded to 0 while x > loc: the support's mask (_inside_z) lets that z in, where the log density's terms in log z and
1 / z were inf - inf = NaN: alpha.pdf(1e-300, 3.57, 0, 1e300), invgauss.pdf(1e-300, 0.145, 0, 1e300) and
wald.pdf(1e-300, 0, 1e300) NaN with NaN derivatives (a ZeroDivisionError for a Python float x); SciPy's value 0.

Truth (closed form): at the exact z = 1e-600 the density is exp(-1 / (2 mu^2 z)) z^-1.5 / sqrt(2 pi) (invgauss; alpha's
exp(-(a - 1 / z)^2 / 2) / z^2) and each derivative that times a polynomial in 1 / z: below every float, 0.

Also lognorm's, gibrat's and powerlognorm's log density and log cdf below loc where z rounds to -0.0: outside the
support, -inf with derivatives 0 (they were NaN, and some values NaN)."""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats

CASES = [("alpha", (3.57,)), ("invgauss", (0.145,)), ("wald", ())]


@pytest.mark.parametrize("family, shapes", CASES)
def test_pdf_where_z_rounds_to_zero(family, shapes):
    fn = getattr(stats, family).pdf

    def f(v):
        return fn(v[0], *v[1:-1], 0.0, v[-1])
    for x, s in ((1e-300, 1e300), (5e-324, 3.0)):
        assert float(fn(x, *shapes, 0.0, s)) == 0.0  # (a Python float x: was a ZeroDivisionError)
        p = np.array([x, *shapes, s])
        assert float(f(p)) == 0.0
        np.testing.assert_array_equal(wg.grad(f)(p), 0.0)
        np.testing.assert_array_equal(wg.jvp(f, (p,), (np.ones_like(p),))[1], 0.0)
        np.testing.assert_array_equal(wg.hessian(f)(p), 0.0)
        np.testing.assert_array_equal(wg.jacfwd(wg.grad(f))(p), 0.0)
    # (an array with x at, above and below loc beside the rounded one)
    x = np.array([1e-300, 0.0, -1e-300])
    np.testing.assert_array_equal(fn(x, *shapes, 0.0, 1e300), 0.0)


def test_jit_replay_across_the_rounded_point():
    def f(v):
        return stats.invgauss.pdf(v[0], v[1], 0.0, v[2])
    replay = wg.jit(wg.grad(f))
    ordinary, rounded = np.array([0.5, 0.7, 3.0]), np.array([1e-300, 0.7, 1e300])
    first = replay(ordinary)
    np.testing.assert_array_equal(replay(rounded), 0.0)
    np.testing.assert_array_equal(replay(ordinary), first)
    np.testing.assert_array_equal(first, wg.grad(f)(ordinary))


@pytest.mark.parametrize("method", ["logpdf", "logcdf"])
@pytest.mark.parametrize("family, shapes", [("lognorm", (0.95,)), ("gibrat", ()), ("powerlognorm", (2.14, 0.446))])
def test_lognorm_logs_below_loc_where_z_rounds_to_minus_zero(family, shapes, method):
    # (x < loc with z = -1e-300 / 1e300 rounded to -0.0: outside the support, -inf with every derivative 0; the end's
    # terms at that negative x - loc gave NaN derivatives in every mode (lognorm's, gibrat's logpdf), and NaN values
    # (their logcdf, powerlognorm's logpdf and logcdf), SciPy's -inf)
    fn = getattr(getattr(stats, family), method)
    assert float(fn(-1e-300, *shapes, 0.0, 1e300)) == -np.inf

    def f(v):
        return fn(v[0], *v[1:-1], 0.0, v[-1])
    p = np.array([-1e-300, *shapes, 1e300])
    assert float(f(p)) == -np.inf
    np.testing.assert_array_equal(wg.grad(f)(p), 0.0)
    np.testing.assert_array_equal(wg.jvp(f, (p,), (np.ones_like(p),))[1], 0.0)
    np.testing.assert_array_equal(wg.hessian(f)(p), 0.0)
    np.testing.assert_array_equal(wg.jacfwd(wg.grad(f))(p), 0.0)
