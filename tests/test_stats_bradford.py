"""``scipy.stats``' ``bradford`` (``pdf = c / (log1p(c) (1 + c z))`` on ``[0, 1]``): its density, tails, quantiles, mean,
variance, std, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its moments and
entropy cancelling as c goes to 0, its sf ``1 - cdf`` near z = 1); values and first and second derivatives against
mpmath in x (or q) and c inside the support and near its ends, the moments both sides of c = 0.1 (their series); the
ends (one-sided derivatives from inside), the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_points_test,  # noqa: E402
                     mp_truths, one_shape_common_cases, refusals_test, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.bradford
#: z = (x - loc) / 1.3 inside the support
Z = np.array([0.1, 0.35, 0.6, 0.9])
C = np.array([[0.05], [2.5]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, C, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"bradford.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.5, 0.8, 0.95]), C, 0.1, 1.3, id=f"bradford.{f}")
      for f in ("ppf", "isf")],
    # (the moments both sides of c = 0.1, their series')
    *[case(_f(m), _f(m), np.array([0.01, 0.09, 0.11, 4.0]), np.array([[0.0], [1.0]]), np.array([[[0.6]], [[2.0]]]),
           id=f"bradford.{m}") for m in ("mean", "var", "std", "entropy")],
    *one_shape_common_cases(T, "bradford", size1_x=0.5, size1_shape=0.6),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.4, 0.9, 1.0, 1.2])
VALUE_CHECKS = [
    *[(f"bradford.{f}", (POINTS, np.array([[0.3], [1.0], [70.0]]), loc, 1.0)) for f in TAILS for loc in (0.0, 0.05)],
    *[(f"bradford.{f}", (np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0]), np.array([[0.3], [1.0], [70.0]]), -0.1,
                         1.3)) for f in ("ppf", "isf")],
    # (not below c = 0.1: SciPy's closed forms cancel there, see MP_POINTS)
    *[(f"bradford.{m}", (np.array([0.5, 2.0, 700.0]), 0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("bradford.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("bradford.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"bradford.entropy": 1e-11})


def _mp_bradford(mp):
    def cdf(z, c):
        return mp.log1p(c * z) / mp.log1p(c)

    def sf(z, c):
        return mp.log1p(c * (1 - z) / (1 + c * z)) / mp.log1p(c)

    def logpdf(z, c):
        return mp.log(c / mp.log1p(c)) - mp.log1p(c * z)

    def var(c):
        k = mp.log1p(c)
        return ((c + 2) * k - 2 * c) / (2 * c * k * k)
    return {"logpdf": logpdf, "pdf": lambda z, c: mp.exp(logpdf(z, c)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, c: mp.log(cdf(z, c)), "logsf": lambda z, c: mp.log(sf(z, c)),
            "ppf": lambda q, c: mp.expm1(q * mp.log1p(c)) / c, "isf": lambda q, c: mp.expm1((1 - q) * mp.log1p(c)) / c,
            "mean": lambda c: (c - mp.log1p(c)) / (c * mp.log1p(c)), "var": var, "std": lambda c: mp.sqrt(var(c)),
            "entropy": lambda c: mp.log1p(c) / 2 - mp.log(c / mp.log1p(c))}


MP_POINTS = [
    # inside and near the ends, small and large c
    # (not at z = 1/2 for a tiny c, where the log density's terms c/2 - c z cancel to nothing)
    *[(f, (z, c), i, 1e-12) for f in TAILS for z, c in ((1e-3, 2.0), (0.1, 1e-6), (0.5, 70.0), (1 - 1e-9, 2.0))
      for i in (0, 1)],
    # (not below q = 1e-30 in q: mpmath's differences do not resolve the second derivative there)
    *[(f, (q, c), i, 1e-12) for f in ("ppf", "isf") for q, c in ((1e-30, 2.0), (0.3, 1e-6), (1 - 1e-12, 70.0))
      for i in (0, 1)],
    # the moments both sides of c = 0.1 and 1/2 (their series), tiny and large c
    # (above c = 1/2 the variance's closed form cancels as 12 / c^2: its second derivative 1e-10 relative off there)
    *[(m, (c,), 0, 1e-9 if c == 0.51 else 1e-12) for m in ("mean", "var", "std", "entropy")
      for c in (1e-6, 0.099, 0.101, 0.49, 0.51, 1e3)],
]

test_against_mpmath = mp_points_test(T, _mp_bradford, MP_POINTS)


def test_where_scipy_is_off():
    var, entropy, sf = mp_truths(_mp_bradford, [("var", (1e-6,)), ("entropy", (1e-6,)), ("sf", (1 - 1e-9, 2.0))])
    with np.errstate(all="ignore"):
        assert abs(float(ST.bradford.var(1e-6)) / var - 1) > 1e-8
        assert abs(float(ST.bradford.entropy(1e-6)) / entropy - 1) > 1e-3
        assert abs(float(ST.bradford.sf(1 - 1e-9, 2.0)) / sf - 1) > 1e-9  # (1 - cdf)
    for got, want in ((T.var(1e-6), var), (T.entropy(1e-6), entropy), (T.sf(1 - 1e-9, 2.0), sf)):
        assert float(got) == pytest.approx(want, rel=1e-13)


def test_at_the_ends():
    # the derivatives at z = 0 and z = 1 are the one-sided ones from inside; outside, the limits with derivative 0
    c = 2.0
    k = np.log1p(c)
    assert float(wg.grad(lambda x: T.cdf(x, c))(0.0)) == pytest.approx(c / k, rel=1e-15)
    assert float(wg.grad(lambda x: T.cdf(x, c))(1.0)) == pytest.approx(c / (k * (1 + c)), rel=1e-15)
    assert float(wg.grad(lambda x: T.logpdf(x, c))(0.0)) == pytest.approx(-c, rel=1e-15)
    assert float(wg.grad(wg.grad(lambda x: T.sf(x, c)))(1.0)) == pytest.approx(c * c / (k * (1 + c) ** 2), rel=1e-14)
    for x in (-0.5, 1.5):
        for f in ("pdf", "cdf", "sf"):
            assert float(wg.grad(lambda x, f=f: _f(f)(x, c))(x)) == 0.0
    assert float(T.logcdf(0.0, c)) == -np.inf and float(T.logsf(1.0, c)) == -np.inf


def test_quantiles_and_tails_agree():
    for c in (1e-3, 0.7, 200.0):
        for q in (1e-200, 0.01, 0.3, 0.7):
            assert float(T.cdf(float(T.ppf(q, c)), c)) == pytest.approx(q, rel=1e-12, abs=0.0)
            if q > 1e-200:
                assert float(T.sf(float(T.isf(q, c)), c)) == pytest.approx(q, rel=1e-12, abs=0.0)
        # (isf(1e-200), 1e-200 or less below 1, rounds to 1: no round trip there (sf(1) is 0; that check passed only
        # by pytest.approx's default abs=1e-12))
        assert float(T.isf(1e-200, c)) == 1.0


def test_float32_stays_float32():
    float32_check(T, (3.0,), x=0.4)


REFUSALS = [
    *[(call, f"bradford.{m}: the shape parameters must be positive \\(c is not") for m, call in (
        ("cdf", lambda: T.cdf(0.5, 0.0)), ("logpdf", lambda: T.logpdf(0.5, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, 0.0)), ("mean", lambda: T.mean(0.0)), ("std", lambda: T.std(-1.0)),
        ("entropy", lambda: T.entropy(0.0)))],
    (lambda: T.logpdf(0.5, 2.0, 0.0, -1.0), "bradford.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "bradford.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, (0.4, 2.0))
