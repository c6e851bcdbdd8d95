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


def _far_logsf_hessian(mp, x, c, loc, scale):
    """The Hessian of -y(z, c) in (x, c, loc, scale), y = -log1p(-c z) / c, z = (x - loc) / scale
    (genextreme.logsf is -y to below 1e-300 relative here), from y's partials at 80 digits."""
    with mp.workdps(80):
        x, c, loc, s = (mp.mpf(v) for v in (x, c, loc, scale))
        z = (x - loc) / s
        w = 1 - c * z
        y_z, y_zz, y_zc = 1 / w, c / w ** 2, z / w ** 2
        # y_cc = z^3 P''(c z), P(u) = log1p(-u) / (-u) = sum u^k / (k + 1)
        y_cc = z ** 3 * mp.nsum(lambda k: k * (k - 1) * (c * z) ** (k - 2) / (k + 1), [2, mp.inf])
        dz = {0: 1 / s, 2: -1 / s, 3: -z / s}  # z's partials in x, loc, scale
        d2z = {(0, 3): -1 / s ** 2, (2, 3): 1 / s ** 2, (3, 3): 2 * z / s ** 2}
        h = [[mp.mpf(0)] * 4 for _ in range(4)]
        for a in dz:
            h[1][a] = h[a][1] = -y_zc * dz[a]
            for b in dz:
                h[a][b] = -(y_zz * dz[a] * dz[b] + y_z * d2z.get((min(a, b), max(a, b)), 0))
        h[1][1] = -y_cc
        return [[float(v) for v in row] for row in h]


@pytest.mark.parametrize("z", [1e155, 1e200, 1e154, 1e100, 1e3])
@pytest.mark.parametrize("c", [0.0, 1e-320, -1e-300])
def test_genextreme_logsf_far_second_derivatives(z, c):
    # before: d2/dc2 was NaN from z = 1e155 on in every mode (the series of y = -log1p(-c z) / c by Horner's
    # rule: its intermediate tangents z^2 a_k overflowed and met c z = 0); the truth -2 z^3 / 3 = -inf
    mp = pytest.importorskip("mpmath")
    loc, scale = 0.5, 2.0
    x = loc + scale * z
    truth = _far_logsf_hessian(mp, x, c, loc, scale)

    def close(got, want):
        if np.isinf(want):
            return got == want
        return abs(got - want) <= 1e-14 * abs(want) + 1e-300

    def f(v):
        return genextreme.logsf(v[0], v[1], v[2], v[3])
    point = np.array([x, c, loc, scale])
    for path in (wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacobian(wg.grad(f))):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            got = np.asarray(path(point))
        bad = [(i, j, got[i, j], truth[i][j]) for i in range(4) for j in range(4) if not close(got[i, j], truth[i][j])]
        assert not bad
    d2_c = truth[1][1]
    for path in (wg.grad(wg.grad(genextreme.logsf, argnums=1), argnums=1),
                 wg.jacfwd(wg.grad(genextreme.logsf, argnums=1), argnums=1)):
        assert close(_run(path, x, c, loc, scale), d2_c)
