"""``scipy.stats``' ``loglaplace`` (``log z`` Laplace with scale ``1/c``): its density, tails, quantiles, mean,
variance, std, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its log tails
``-inf`` near 0 and far up, its variance a difference of moments, 8e-8 relative off at c = 1e5); values and first and second derivatives against
mpmath in x (or q) and c on both sides of the kink z = 1 (q = 1/2), near 0, far out, the moments near their poles and
for a large c; the kink and the end z = 0, the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, round_trip_resolution, float32_check, gradient_test, infinite_ends_check, mp_points_test,  # noqa: E402
                     mp_truths, one_shape_common_cases, refusals_test, stats_values_test)
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.loglaplace
#: z = (x - loc) / 1.3 on both sides of 1 (not at it), near 0 and far
Z = np.array([0.1, 0.6, 1.1, 2.0, 6.0])
C = np.array([[0.7], [2.5]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, C, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"loglaplace.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.45, 0.55, 0.8, 0.95]), C, 0.1, 1.3, id=f"loglaplace.{f}")
      for f in ("ppf", "isf")],
    # the moments both sides of c = 10 and near the variance's pole
    *[case(_f(m), _f(m), np.array([2.5, 4.0, 11.0]), np.array([[0.0], [1.0]]), np.array([[[0.6]], [[2.0]]]),
           id=f"loglaplace.{m}") for m in ("mean", "var", "std", "entropy")],
    *one_shape_common_cases(T, "loglaplace", size1_x=1.1, size1_shape=0.6),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.4, 1.6, 3.0, 60.0])
VALUE_CHECKS = [
    *[(f"loglaplace.{f}", (POINTS, np.array([[0.3], [1.0], [2.0], [7.0]]), loc, 1.3)) for f in TAILS
      for loc in (0.0, 0.1)],
    *[(f"loglaplace.{f}", (np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0]), np.array([[0.3], [1.0], [7.0]]), -0.1,
                           1.3)) for f in ("ppf", "isf")],
    *[(f"loglaplace.{m}", (np.array([2.5, 3.0, 7.0]), 0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("loglaplace.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("loglaplace.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"loglaplace.var": 1e-11,
                                                                     "loglaplace.std": 1e-11})


def _mp_loglaplace(mp):
    def cdf(z, c):
        return z ** c / 2 if z < 1 else 1 - z ** -c / 2

    def sf(z, c):
        return 1 - z ** c / 2 if z < 1 else z ** -c / 2

    def logpdf(z, c):
        return mp.log(c / 2) + ((c - 1) * mp.log(z) if z < 1 else -(c + 1) * mp.log(z))

    def ppf(q, c):
        return (2 * q) ** (1 / c) if q < 0.5 else (2 * (1 - q)) ** (-1 / c)

    def isf(q, c):
        return (2 * q) ** (-1 / c) if q < 0.5 else (2 * (1 - q)) ** (1 / c)

    def var(c):
        return c * c / (c * c - 4) - (c * c / (c * c - 1)) ** 2
    return {"logpdf": logpdf, "pdf": lambda z, c: mp.exp(logpdf(z, c)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, c: mp.log(cdf(z, c)), "logsf": lambda z, c: mp.log(sf(z, c)), "ppf": ppf, "isf": isf,
            "mean": lambda c: c * c / (c * c - 1), "var": var, "std": lambda c: mp.sqrt(var(c)),
            "entropy": lambda c: mp.log(2 / c) + 1}


MP_POINTS = [
    # both sides of the kink z = 1, near 0 and far out, small and large c
    *[(f, (z, c), i, 1e-12) for f in TAILS for z, c in ((0.999, 2.0), (1.001, 2.0), (1e-3, 0.5), (1e5, 3.0))
      for i in (0, 1) if (f, z < 1, i) not in (("logsf", False, 1), ("logcdf", True, 1))],
    # (a log tail on its own side of 1 is linear in c: its second derivative 0, mpmath's difference noise)
    # far out: SciPy's log of an underflowed tail
    *[(f, (z, c), 0, 1e-14) for f, z, c in (("logsf", 1e300, 3.0), ("logcdf", 1e-300, 3.0))],
    *[(f, (q, c), i, 1e-12) for f in ("ppf", "isf") for q, c in ((1e-300, 20.0), (0.49, 2.0), (0.51, 2.0),
                                                                 (1 - 1e-12, 2.0))
      for i in (0, 1)],
    # the moments near their poles (c = 1, 2) and far
    *[(m, (c,), 0, 1e-11) for m in ("mean", "var", "std", "entropy") for c in (2.0 + 1e-9, 3.0, 1e5)],
]

test_against_mpmath = mp_points_test(T, _mp_loglaplace, MP_POINTS)


def test_where_scipy_is_off():
    logsf, logcdf, var = mp_truths(_mp_loglaplace, [("logsf", (1e300, 3.0)), ("logcdf", (1e-300, 3.0)),
                                                    ("var", (1e5,))])
    with np.errstate(all="ignore"):
        assert float(ST.loglaplace.logsf(1e300, 3.0)) == -np.inf
        assert float(ST.loglaplace.logcdf(1e-300, 3.0)) == -np.inf
        assert abs(float(ST.loglaplace.var(1e5)) / var - 1) > 1e-8  # (a difference of moments)
    for got, want in ((T.logsf(1e300, 3.0), logsf), (T.logcdf(1e-300, 3.0), logcdf), (T.var(1e5), var)):
        assert float(got) == pytest.approx(want, rel=1e-14)


def test_at_the_kink():
    c = 2.0
    for f, sign in (("cdf", 1.0), ("sf", -1.0)):
        assert float(wg.grad(lambda x, f=f: _f(f)(x, c))(1.0)) == pytest.approx(sign * c / 2, rel=1e-15)
        for second in (lambda g: wg.grad(wg.grad(g))(1.0), lambda g: wg.hessian(g)(1.0)):
            with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
                second(lambda x, f=f: _f(f)(x, c))
    for f in ("pdf", "logpdf"):
        with pytest.raises(NoGradientRule, match="no derivative in x, loc or scale at x == loc \\+ scale"):
            wg.grad(lambda x, f=f: _f(f)(x, c))(1.0)
        assert float(wg.grad(lambda c, f=f: _f(f)(1.0, c))(c)) == pytest.approx(1.0 / c, rel=1e-15)
    with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
        wg.grad(wg.grad(lambda q: T.ppf(q, c)))(0.5)
    # z = 0: the density c/2 z^(c - 1), a jump in c at c = 1
    assert [float(T.pdf(0.0, c)) for c in (2.0, 1.0, 0.5)] == [0.0, 0.5, np.inf]
    with pytest.raises(NoGradientRule, match="c = 1 where x == loc"):
        wg.grad(lambda c: T.pdf(0.0, c))(1.0)


def test_infinite_moments():
    assert float(T.mean(0.7)) == np.inf and float(T.var(1.5)) == np.inf and np.isnan(float(T.var(0.8)))
    assert float(wg.grad(lambda c: np.exp(-T.mean(c)))(0.7)) == 0.0


def test_quantiles_and_tails_agree():
    for c in (0.05, 0.7, 20.0):
        for q in (1e-200, 0.01, 0.3, 0.7):
            x, y = float(T.ppf(q, c)), float(T.isf(q, c))
            assert float(T.cdf(x, c)) == pytest.approx(q, rel=1e-12, abs=round_trip_resolution(T.cdf, x, c))
            assert float(T.sf(y, c)) == pytest.approx(q, rel=1e-12, abs=round_trip_resolution(T.sf, y, c))


def test_float32_stays_float32():
    float32_check(T, (3.0,))


REFUSALS = [
    *[(call, f"loglaplace.{m}: the shape parameters must be positive \\(c is not") for m, call in (
        ("cdf", lambda: T.cdf(1.0, 0.0)), ("logpdf", lambda: T.logpdf(1.0, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, 0.0)), ("mean", lambda: T.mean(0.0)), ("std", lambda: T.std(-1.0)),
        ("entropy", lambda: T.entropy(0.0)))],
    (lambda: T.logpdf(1.0, 2.0, 0.0, -1.0), "loglaplace.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "loglaplace.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, (0.4, 2.0))
