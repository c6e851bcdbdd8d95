"""``scipy.stats``' ``foldnorm`` (``|N + c|``): its density, tails, mean, variance and std (no quantiles, median,
interval or entropy: they have no closed form).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's in the ordinary range, against mpmath where SciPy's
cancel (its cdf ``(erf((z - c) / sqrt 2) + erf((z + c) / sqrt 2)) / 2`` near z = 0 and for a large c, its log
density far out), values and first and second derivatives in x and c against mpmath on both sides of the series'
switch (z = 1/2, c z = 1) and of the tails' (the sf at 1/2), far out; float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test, infinite_ends_check, mp_point_check, refusals_test  # noqa: E402
from opcheck import stats_values_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
F = stats.foldnorm


def _f(method):
    return getattr(F, method)


CASES = [
    *[case(_f(f), _f(f), np.array([0.15, 0.4, 0.6, 1.1, 2.5, 4.0]), np.array([[0.05], [0.3], [1.5], [3.0]]), 0.1, 1.3,
           id=f"foldnorm.{f}") for f in TAILS],
    *[case(_f(m), _f(m), np.array([0.05, 0.4, 3.0, 12.0]), 0.2, 1.4, id=f"foldnorm.{m}") for m in ("mean", "var", "std")],
    *[case(_f(m), _f(m), np.zeros(0), 0.5, id=f"foldnorm.{m}-size0") for m in TAILS],
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"foldnorm.{f}", (np.array([-1.0, 0.0, 0.05, 0.3, 0.7, 1.0, 2.0, 5.0]), c, loc, 1.3))
      for f in TAILS for c in (0.0, 0.4, 2.0) for loc in (0.0, -0.4)],
    *[(f"foldnorm.{m}", (np.array([0.0, 0.5, 2.0, 6.0]), 0.2, 2.0)) for m in ("mean", "var", "std")],
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"foldnorm.cdf": 1e-11, "foldnorm.logcdf": 1e-11,
                                                                     "foldnorm.logsf": 1e-11, "foldnorm.sf": 1e-11})


def _mp_foldnorm(mp):
    def logpdf(z, c):
        return mp.log(mp.npdf(z - c) + mp.npdf(z + c))

    def cdf(z, c):
        return mp.ncdf(z - c) - mp.ncdf(-z - c)  # (60 digits: the cancellation leaves 40)

    def sf(z, c):
        return mp.ncdf(c - z) + mp.ncdf(-c - z)
    return {"logpdf": logpdf, "pdf": lambda z, c: mp.exp(logpdf(z, c)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, c: mp.log(cdf(z, c)), "logsf": lambda z, c: mp.log(sf(z, c)),
            "mean": lambda c: 2 * mp.npdf(c) + c * mp.erf(c / mp.sqrt(2)),
            "var": lambda c: c * c + 1 - (2 * mp.npdf(c) + c * mp.erf(c / mp.sqrt(2))) ** 2}


MP_POINTS = [
    *[(f, (z, c), i, 1e-11) for f in TAILS for z, c in ((1e-10, 0.4), (0.49, 2.0), (0.51, 1.5), (0.3, 3.4),
                                                        (0.26, 3.8), (1.2, 0.7), (6.0, 12.0), (3.0, 0.5))
      for i in (0, 1)],
    *[(f, (z, c), 0, 1e-11) for f in ("logpdf", "logsf") for z, c in ((40.0, 2.0), (1e3, 0.5))],
    # (the log density's far form, -(z - c)^2 / 2 + log1p(exp(-2 c z)), from c z = 1: through log cosh(c z) its terms
    # of size c z cancelled, the density 1.8e-11 relative off here)
    *[(f, (z, c), i, 1e-14) for f, z, c in (("logpdf", 998.7184484344554, 1e3), ("pdf", 27.946251089368175, 30.0))
      for i in (0, 1)],
    *[(m, (c,), 0, 1e-11) for m in ("mean", "var") for c in (1e-3, 0.3, 2.0, 9.0)],
]


@pytest.mark.parametrize("method, args, i, rel", MP_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i, _ in MP_POINTS])
def test_against_mpmath(method, args, i, rel):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_foldnorm(mp)[method](*a), rel)


def test_no_quantiles_or_entropy():
    for m in ("ppf", "isf", "median", "interval", "entropy"):
        assert not hasattr(F, m) and m not in stats.FUNCTIONS["foldnorm"]
    assert "no closed form" in F.__doc__


def test_float32_stays_float32():
    f32 = np.float32
    for m in TAILS:
        got = _f(m)(f32(0.7), f32(1.5))
        assert np.asarray(got).dtype == np.float32, m
        assert float(got) == pytest.approx(float(getattr(ST.foldnorm, m)(0.7, 1.5)), rel=2e-6), m
        assert np.asarray(wg.grad(lambda c, m=m: _f(m)(0.7, c))(f32(1.5))).dtype == np.float32, m
    for m in ("mean", "var", "std"):
        assert np.asarray(_f(m)(f32(1.5))).dtype == np.float32, m


test_refusals = refusals_test([
    (lambda: F.cdf(1.0, -1.0), "foldnorm.cdf: c must be nonnegative"),
    (lambda: F.mean(-0.5), "foldnorm.mean: c must be nonnegative"),
    (lambda: F.logpdf(1.0, 0.5, 0.0, -1.0), "foldnorm.logpdf: scale must be positive"),
])


def test_at_infinity():
    infinite_ends_check(F, (0.0, 1.5))
