"""powernorm far right (z > 1): the sf ``ndtr(-z)^c`` as ``(erfcx(z / sqrt 2) / 2)^c exp(-c z^2 / 2)``, ``c z^2`` a
double-double, the density ``c sqrt(2 / pi) sf / erfcx(z / sqrt 2)`` and the log cdf ``log1p(-sf)``. Through ``exp(c
log_ndtr(-z))`` the log's rounding, ``c z^2 / 2`` ulp of it, was the relative error of the sf, the cdf's derivatives,
the density and the log cdf: powernorm.sf(55.5, 1, 0, 1.5) 1417 ulp off, sf(90, 0.3, 0, 1.5) 1118 (there ndtr(-z)
underflows), pdf(30, 0.5, 0, 1.5) 107, logcdf(12, 10, 0, 1.5) 788, derivatives alike (1.4e-13 relative). Truths:
80-digit mpmath jets (tools/far_and_near0_truths.py's ``truths``), rounded once."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402

#: (method, (x, c, loc, scale), value, gradient, the Hessian's c row, the value's tolerance in ulp)
POINTS = [
    ('sf', (55.5, 1.0, 0.0, 1.5), 5.725571222524577e-300,
     [-1.4133377010164037e-298, -3.945093692218303e-297, 1.4133377010164037e-298, 5.229349493760694e-297],
     [9.724195660482125e-296, 2.7182902169048743e-294, -9.724195660482125e-296, -3.597952394378387e-294], 2),
    ('sf', (90.0, 0.3, 0.0, 1.5), 6.726222830061931e-236,
     [-8.073708226480633e-235, -1.2140923420421007e-232, 8.073708226480633e-235, 4.844224935888379e-233],
     [1.4546240473020857e-231, 2.1914531413044213e-229, -1.4546240473020857e-231, -8.727744283812515e-230], 4),
    ('pdf', (30.0, 0.5, 0.0, 1.5), 3.507035014959955e-44,
     [-2.3322071515256743e-43, -7.081305340075477e-42, 2.3322071515256743e-43, 4.641034069618282e-42],
     [4.662249547020185e-41, 1.4296967491816024e-39, -4.662249547020185e-41, -9.2772903917732e-40], 2),
    ('logcdf', (12.0, 10.0, 0.0, 1.5), -8.681094619368742e-153,
     [4.70015766806972e-151, 3.0395496093453976e-151, -4.70015766806972e-151, -3.760126134455776e-150],
     [-1.6409865938584268e-149, -1.064250792412579e-149, 1.6409865938584268e-149, 1.3127892750867414e-148], 30),
    ('pdf', (7.5, 4.5, 0.0, 1.5), 5.624584469822312e-29,
     [-8.68164507871326e-28, -8.348444834476653e-28, 8.68164507871326e-28, 4.303325309557815e-27],
     [1.2691491939498127e-26, 1.2388632233470032e-26, -1.2691491939498127e-26, -6.290089670852552e-26], 6),
]


@pytest.mark.parametrize("method, at, value, grad, row, ulps", POINTS,
                         ids=[f"{p[0]}-{p[1][0]:g}-{p[1][1]:g}" for p in POINTS])
def test_far_right_tail_against_mpmath(method, at, value, grad, row, ulps):
    def f(v):
        return getattr(stats.powernorm, method)(*v)
    at = np.array(at)
    assert abs(float(f(at)) - value) <= ulps * np.spacing(abs(value))
    rtol = 1e-15 * max(1, ulps / 2)  # (c times erfcx's few ulp: the power's error grows with c)
    np.testing.assert_allclose(wg.grad(f)(at), grad, rtol=rtol, atol=1e-300)
    np.testing.assert_allclose(wg.hessian(f)(at)[1], row, rtol=rtol, atol=1e-300)
