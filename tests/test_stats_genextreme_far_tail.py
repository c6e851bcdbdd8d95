"""genextreme.logsf far below its upper tail's mode (y = -log1p(-c z)/c beyond 745, where exp(-y)
is 0): -y, and its first derivative in c, x and scale by both modes (NaN before by forward mode
where y's c-derivative overflows)."""
import warnings

import numpy as np
import pytest

import wengert as wg
from wengert.scipy.stats import genextreme


def _run(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # (NumPy's overflow where the truth is beyond the range)
        return float(fn(*args))


@pytest.mark.parametrize("z", [1e155, 1e200, 1e154, 1e100, 1e3])
@pytest.mark.parametrize("c", [0.0, 1e-320, -1e-300])
def test_genextreme_logsf_far_first_derivatives(z, c):
    # before: d/dc genextreme.logsf(1e155, 0.0) was NaN by forward mode (exp(-y) = 0 times y' = inf); the
    # truth -z^2/2 = -5e309, -inf (reverse mode gave it)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        Z = mp.mpf(z)
        d_c = -Z * Z / 2 * (1 + mp.mpf(c) * Z * 4 / 3)  # -dy/dc = -(z^2/2 + 2 c z^3/3 + ...), c z < 1e-145 here
    value = _run(genextreme.logsf, z, c)
    assert value == pytest.approx(-z, rel=1e-15)
    for path in (wg.grad(genextreme.logsf, argnums=1), wg.jacfwd(genextreme.logsf, argnums=1)):
        got = _run(path, z, c)
        if abs(d_c) > np.finfo(float).max:
            assert got == -np.inf
        else:
            assert abs(got - d_c) <= 1e-15 * abs(d_c)
    for path in (wg.grad(genextreme.logsf), wg.jacfwd(genextreme.logsf)):
        assert _run(path, z, c) == pytest.approx(-1.0, rel=1e-12)  # d/dz (-y) = -1/(1 - c z)
