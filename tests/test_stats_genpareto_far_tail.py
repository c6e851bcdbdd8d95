"""genpareto's pdf, cdf, sf and logcdf far in the upper tail (log sf = -log1p(c z)/c below -3000): the
constants 0, 1, 0, -0.0 with every derivative 0 (exp(-y) times powers of y's derivatives, which
overflow: d2y/dc2 = 2 z^3/3 at c = 0)."""
import warnings

import numpy as np
import pytest
import scipy.stats

import wengert as wg
from wengert.scipy.stats import genpareto


@pytest.mark.parametrize("name, value", [("pdf", 0.0), ("cdf", 1.0), ("sf", 0.0), ("logcdf", 0.0)])
@pytest.mark.parametrize("z, c", [(1e155, 0.0), (1e200, 1e-320), (1e155, 0.1), (1e300, 0.05), (4000.0, 0.0)])
def test_far_in_the_upper_tail(name, value, z, c):
    # before: d2/dc2 NaN at z = 1e155 (c = 0, 1e-320) in every mode (0 * inf); the truth 0
    loc, scale = 0.5, 2.0
    x = loc + scale * z
    assert getattr(scipy.stats.genpareto, name)(x, c, loc=loc, scale=scale) == value
    fn = getattr(genpareto, name)

    def f(v):
        return fn(v[0], v[1], v[2], v[3])
    point = np.array([x, c, loc, scale])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(fn(x, c, loc, scale)) == value
        for path in (wg.grad(f), wg.jacfwd(f), wg.hessian(f), wg.jacobian(wg.grad(f))):
            assert np.all(np.asarray(path(point)) == 0.0)
        for path in (wg.grad(wg.grad(fn, argnums=1), argnums=1), wg.jacfwd(wg.grad(fn, argnums=1), argnums=1)):
            assert path(x, c, loc, scale) == 0.0


def test_just_short_of_the_far_tail_unchanged():
    # y = 2900 (z = 2900, c = 0): sf = e^-2900 underflows, but not below -3000: the formula, as before
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert float(genpareto.logsf(2900.0, 0.0)) == -2900.0
        assert float(wg.grad(genpareto.cdf)(2.0, 0.0)) == pytest.approx(np.exp(-2.0), rel=1e-15)
