"""Powers of z in the stats rules with their exponent rounded (c - 1 at c = 0.2, 1/c - 1 at c = -3), an error the
power multiplies by log z: far from z = 1 the derivatives were up to 3.7e-14 off. Each against mpmath (closed forms
at 40 digits), at first and second order."""
import pytest

import wengert as wg
from wengert.scipy import stats


def _halfgennorm(mp, x, order):  # logpdf = -z^b + const, z = x / s
    b, s = mp.mpf(0.2), mp.mpf(0.6)
    z = mp.mpf(x) / s
    return -b * z ** (b - 1) / s if order == 1 else -b * (b - 1) * z ** (b - 2) / s ** 2


def _weibull_min(mp, x, order):  # logsf = -x^c
    c = mp.mpf(1.0 / 3.0)
    return -c * mp.mpf(x) ** (c - 1) if order == 1 else -c * (c - 1) * mp.mpf(x) ** (c - 2)


def _genextreme(mp, x, order):  # logcdf = -w^(1/c), w = 1 - c x
    c = mp.mpf(-3.0)
    w = 1 - c * mp.mpf(x)
    return w ** (1 / c - 1) if order == 1 else -c * (1 / c - 1) * w ** (1 / c - 2)


def _nakagami_ppf(mp, q, order):  # 1 / pdf(ppf(q)); at q = 1e-300 P(nu, t) = t^nu / gamma(nu + 1) to 1e-60
    nu = mp.mpf(4.5)
    x = mp.sqrt((mp.mpf(q) * mp.gamma(nu + 1)) ** (1 / nu) / nu)
    return 1 / (2 * nu ** nu / mp.gamma(nu) * x ** (2 * nu - 1) * mp.exp(-nu * x * x))


CASES = [  # (name, function, truth, point, order); main's errors in the comments
    ("halfgennorm.logpdf", lambda x: stats.halfgennorm.logpdf(x, 0.2, 0, 0.6), _halfgennorm, 3e-280, 1),  # 3.6e-14
    ("halfgennorm.logpdf", lambda x: stats.halfgennorm.logpdf(x, 0.2, 0, 0.6), _halfgennorm, 3e-150, 2),  # 1.9e-14
    ("weibull_min.logsf", lambda x: stats.weibull_min.logsf(x, 1.0 / 3.0), _weibull_min, 1e250, 1),  # 3.2e-14
    ("weibull_min.logsf", lambda x: stats.weibull_min.logsf(x, 1.0 / 3.0), _weibull_min, 1e100, 2),  # 1.3e-14
    ("genextreme.logcdf", lambda x: stats.genextreme.logcdf(x, -3.0), _genextreme, 1e200, 1),  # 3.4e-14
    ("genextreme.logcdf", lambda x: stats.genextreme.logcdf(x, -3.0), _genextreme, 1e100, 2),  # 3.4e-14
    ("nakagami.ppf", lambda q: stats.nakagami.ppf(q, 4.5), _nakagami_ppf, 1e-300, 1),  # 3.9e-14 (np.power's rule)
]


@pytest.mark.parametrize("name, f, truth, x, order", CASES, ids=[f"{c[0]}-{c[3]:g}-{c[4]}" for c in CASES])
def test_stats_powers_keep_their_exponent_exact(name, f, truth, x, order):
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        want = float(truth(mp, x, order))
    ours = float((wg.grad(f) if order == 1 else wg.grad(wg.grad(f)))(x))
    assert ours == pytest.approx(want, rel=4e-16 if order == 1 else 6e-16, abs=0.0)
