"""Forward over forward through a rule given by its partials (``ops._util.def_partials``): where the
inner tangent of an argument is a plain 0 (the other direction of a Jacobian's seed) and the partial's
own derivative is infinite, the product's derivative is 0, not 0 * inf. ``jacfwd(jacfwd(f))`` gave NaN
where ``hessian`` gives the truth: far in genpareto's and genextreme's upper tails (d2/dx dc at
z = 1e103..1e150, c = 0: truth z) and in invgamma's lower tail (d2/da dx of logcdf at z = 1e-160:
truth -1e160; of logpdf at x - loc = 2e-300: -5e299, and in loc +5e299)."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402

CASES = [
    ("genpareto.logsf", lambda v: stats.genpareto.logsf(v[0], v[1]), [1e103, 0.0], {(0, 1): 1e103}),
    ("genpareto.logsf", lambda v: stats.genpareto.logsf(v[0], v[1]), [1e150, 1e-200], {(0, 1): 1e150}),
    ("genextreme.logsf", lambda v: stats.genextreme.logsf(v[0], v[1]), [1e120, 0.0], {}),
    ("genextreme.logsf", lambda v: stats.genextreme.logsf(v[0], v[1]), [1e140, 1e-200], {}),
    ("invgamma.logcdf", lambda v: stats.invgamma.logcdf(v[0], v[1], 0.0, v[2]), [1e-160, 2.5, 1.0], {(0, 1): -1e160}),
    ("invgamma.logpdf", lambda v: stats.invgamma.logpdf(v[0], v[1], v[2], v[3]), [2e-300, 2.5, 0.0, 2.0],
     {(0, 1): -5e299, (1, 2): 5e299}),
]


@pytest.mark.parametrize("name, f, point, known", CASES, ids=[f"{c[0]}-{c[2][0]:g}" for c in CASES])
def test_forward_over_forward_is_the_hessian(name, f, point, known):
    point = np.array(point)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        want = wg.hessian(f)(point)
        got = wg.jacfwd(wg.jacfwd(f))(point)
    assert not np.any(np.isnan(want)), want
    np.testing.assert_allclose(got, want, rtol=1e-14, atol=0)
    for (i, j), value in known.items():  # (the truth, analytic)
        assert got[i, j] == pytest.approx(value, rel=1e-14) and got[j, i] == pytest.approx(value, rel=1e-14)

