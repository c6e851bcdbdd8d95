"""Densities just outside their support (within 1e-2 of an end, where they are written with powers):
0, with every derivative 0 (SciPy's 0). The powers were evaluated on both sides of the end."""
import warnings

import numpy as np
import pytest
import scipy.stats

import wengert as wg
from wengert.scipy import stats

_CASES = [("gamma", (2.0,), 0.499), ("gamma", (2.5,), 0.4999999999999999), ("gamma", (0.5,), 0.495),
          ("chi2", (2.0,), 0.499), ("chi2", (5.0,), 0.4999999999999999),
          ("beta", (2.0, 2.0), 0.499), ("beta", (2.0, 3.0), 2.001), ("beta", (0.5, 2.5), 2.0000000000000004),
          ("beta", (3.5, 0.5), 0.4999999999999999)]


@pytest.mark.parametrize("name, shapes, x", _CASES)
def test_density_is_zero_just_outside_the_support(name, shapes, x):
    # before: gamma.pdf(0.499, 2, 0.5, 1.5) -4.4e-4 with gradient 0.445 in x and NaN in a; chi2.pdf(0.499, 2, 0.5,
    # 1.5) 0.333; beta.pdf(0.499, 2, 2, 0.5, 1.5) -2.7e-3; NaN for a non-integer exponent
    loc, scale = 0.5, 1.5
    assert scipy.stats.__dict__[name].pdf(x, *shapes, loc=loc, scale=scale) == 0.0
    fn = getattr(stats, name).pdf

    def f(v):
        return fn(v[0], *v[1:-2], v[-2], v[-1])
    point = np.array([x, *shapes, loc, scale])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(fn(x, *shapes, loc, scale)) == 0.0
        for path in (wg.grad(f), wg.jacfwd(f)):
            assert np.all(np.asarray(path(point)) == 0.0)
        for path in (wg.hessian(f), wg.jacobian(wg.grad(f)), wg.jacfwd(wg.grad(f))):
            assert np.all(np.asarray(path(point)) == 0.0)


@pytest.mark.parametrize("name, shapes, x", [("gamma", (2.0,), 0.501), ("chi2", (5.0,), 0.5 + 1e-3),
                                             ("beta", (2.0, 3.0), 1.999), ("beta", (2.0, 2.0), 0.6)])
def test_density_just_inside_the_support_unchanged(name, shapes, x):
    fn = getattr(stats, name).pdf
    want = scipy.stats.__dict__[name].pdf(x, *shapes, loc=0.5, scale=1.5)
    assert float(fn(x, *shapes, 0.5, 1.5)) == pytest.approx(want, rel=1e-13, abs=1e-300)
    d = wg.grad(fn)(x, *shapes, 0.5, 1.5)
    h = 1e-7
    fd = (scipy.stats.__dict__[name].pdf(x + h, *shapes, loc=0.5, scale=1.5)
          - scipy.stats.__dict__[name].pdf(x - h, *shapes, loc=0.5, scale=1.5)) / (2 * h)
    assert d == pytest.approx(fd, rel=1e-6, abs=1e-12)
