"""``scipy.stats``' ``foldcauchy`` (``|Y|`` for a Cauchy ``Y`` centred at ``c >= 0``): its density, tails, quantiles
(in closed form), mean and variance (inf), median and interval, entropy (in closed form).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its cdf's two
arctangents cancelling for a large c, its sf ``1 - cdf`` far up, its quantiles solved numerically); values and first and
second derivatives against mpmath in x (or q) and c on both sides of the median (where the tails switch), near 0, far
out, for c = 0 (halfcauchy), small and large c; the end z = 0, the limits at +-inf, float32, the refusals.
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
T = stats.foldcauchy
#: z = (x - loc) / 1.3 on both sides of the median sqrt(1 + c^2) for the c below, and far
Z = np.array([0.1, 0.6, 1.1, 2.0, 6.0])
C = np.array([[0.4], [2.5]])  # (not 0: the finite differences would step below it; at 0, test_c_zero_is_halfcauchy)


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, C, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"foldcauchy.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.5, 0.8, 0.95]), C, 0.1, 1.3, id=f"foldcauchy.{f}")
      for f in ("ppf", "isf")],
    *[c for c in one_shape_common_cases(T, "foldcauchy", size1_x=1.1, size1_shape=0.6) if c.id != "foldcauchy.interval"],
    # (not at confidence 0.99: the squared interval's second central differences in c there, in the Cauchy tail, are
    # 2.4e-4 relative off; against mpmath the quantiles' second derivatives are exact, MP_POINTS)
    case(_f("interval"), lambda p, s: T.interval(p, s, 0.3, 1.2), np.array([0.2, 0.5, 0.9]), 1.7,
         id="foldcauchy.interval"),
    # the moments: inf, as SciPy's, with derivative 0 (a constant)
    *[case(_f(m), lambda c, loc, scale, _m=_f(m): np.exp(-_m(c, loc, scale)), np.array([0.3, 2.0]), 0.1, 1.3,
           id=f"foldcauchy.{m}-infinite") for m in ("mean", "var", "std")],
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.4, 1.3, 3.0, 60.0])
VALUE_CHECKS = [
    *[(f"foldcauchy.{f}", (POINTS, np.array([[0.0], [0.3], [1.0], [7.0]]), loc, 1.3)) for f in TAILS
      for loc in (0.0, 0.1)],
    # (SciPy solves the quantiles numerically: 1e-13 relative, 7e-5 near q = 1)
    *[(f"foldcauchy.{f}", (np.array([0.0, 0.1, 0.5, 0.9, 1.0]), np.array([[0.0], [1.0], [7.0]]), -0.1, 1.3))
      for f in ("ppf", "isf")],
    *[(f"foldcauchy.{m}", (np.array([0.0, 2.0]), 0.3, 2.0)) for m in ("mean", "var", "std")],
    ("foldcauchy.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("foldcauchy.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"foldcauchy.ppf": 1e-10, "foldcauchy.isf": 1e-10,
                                                                     "foldcauchy.median": 1e-10,
                                                                     "foldcauchy.interval": 1e-10})


def _mp_foldcauchy(mp):
    def sf(z, c):
        return (mp.atan2(1, z - c) + mp.atan2(1, z + c)) / mp.pi

    def cdf(z, c):
        return mp.atan2(2 * z, 1 + c * c - z * z) / mp.pi

    def logpdf(z, c):
        return mp.log(1 / (1 + (z - c) ** 2) + 1 / (1 + (z + c) ** 2)) - mp.log(mp.pi)

    def quantile(u, c):  # (the positive root without cancellation for u > 0)
        return (1 + c * c) / (u + mp.sqrt(u * u + 1 + c * c)) if u > 0 else -u + mp.sqrt(u * u + 1 + c * c)
    return {"logpdf": logpdf, "pdf": lambda z, c: mp.exp(logpdf(z, c)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, c: mp.log(cdf(z, c)), "logsf": lambda z, c: mp.log(sf(z, c)),
            "ppf": lambda q, c: quantile(mp.cot(mp.pi * q), c), "isf": lambda q, c: quantile(-mp.cot(mp.pi * q), c)}


MP_POINTS = [
    # both sides of the median sqrt(1 + c^2) (sqrt(5) = 2.236 at c = 2), near 0 and far, in x and c
    *[(f, (z, c), i, 1e-12) for f in TAILS for z, c in ((2.23, 2.0), (2.24, 2.0), (1e-3, 2.0), (1e4, 2.0), (0.5, 0.0),
                                                         (3e3, 1e4), (0.3, 1e-8))
      for i in (0, 1) if c or i == 0],
    # far out: SciPy's sf 1 - cdf is 0 from z = 1e16; its cdf's arctangents cancel for a large c
    *[(f, (z, c), 0, 1e-14) for f, z, c in (("sf", 1e17, 2.0), ("logsf", 1e300, 2.0), ("cdf", 1e-3, 1e4),
                                            ("logpdf", 1e300, 3.0))],
    # the quantiles in their tails and near 1/2, both sides of it; c = 0, small and large
    *[(f, (q, c), i, 1e-12) for f in ("ppf", "isf") for q, c in ((1e-10, 1e4), (0.49, 2.0), (0.51, 0.0),
                                                                 (1 - 1e-12, 2.0), (0.3, 1e-8))
      for i in (0, 1) if c or i == 0],
    # at a tiny q (mpmath's 60 digits resolve the derivative in c of the isf's 2 / (pi q) at 1e-10, not below; in q
    # at 1e-100 and 1e-30, not below: test_tiny_q)
    *[(f, (q, 2.0), i, 1e-12) for f, q, i in (("ppf", 1e-300, 1), ("ppf", 1e-30, 0), ("isf", 1e-100, 0),
                                              ("isf", 1e-10, 1))],
    # (in c at c = 0: test_c_zero_is_halfcauchy)
]

test_against_mpmath = mp_points_test(T, _mp_foldcauchy, MP_POINTS)


def test_where_scipy_is_off():
    logpdf, cdf, ppf, isf = mp_truths(_mp_foldcauchy, [("logpdf", (1e300, 3.0)), ("cdf", (1e-3, 1e4)),
                                                       ("ppf", (1 - 1e-12, 2.0)), ("isf", (1e-300, 2.0))])
    with np.errstate(all="ignore"):
        assert float(ST.foldcauchy.logpdf(1e300, 3.0)) == -np.inf  # ((x - c)**2 overflows)
        assert abs(float(ST.foldcauchy.cdf(1e-3, 1e4)) / cdf - 1) > 1e-9  # (arctan(z - c) + arctan(z + c))
        assert abs(float(ST.foldcauchy.ppf(1 - 1e-12, 2.0)) / ppf - 1) > 1e-6  # (solved numerically)
        assert float(ST.foldcauchy.isf(1e-300, 2.0)) < 1e20
    for got, want in ((T.logpdf(1e300, 3.0), logpdf), (T.cdf(1e-3, 1e4), cdf), (T.ppf(1 - 1e-12, 2.0), ppf),
                      (T.isf(1e-300, 2.0), isf)):
        assert float(got) == pytest.approx(want, rel=1e-14)


def test_tiny_q():
    # ppf = s^2 v / (1 + sqrt(1 + s^2 v^2)), v = tan(pi q), s^2 = 1 + c^2: its second derivative in q near 0 is
    # (s^2 / 2) pi^3 q (2 - 3 s^2 / 2) to leading order (mpmath's differences do not resolve it below q = 1e-30)
    for q in (1e-300, 1e-100):
        want = 2.5 * np.pi ** 3 * q * (2.0 - 7.5)
        assert float(wg.grad(wg.grad(lambda q: T.ppf(q, 2.0)))(q)) == pytest.approx(want, rel=1e-14)


def test_c_zero_is_halfcauchy():
    x = np.array([0.0, 0.3, 2.0, 1e10])
    for f in TAILS:
        np.testing.assert_allclose(_f(f)(x, 0.0), getattr(stats.halfcauchy, f)(x), rtol=1e-15)
        # (the density is even in c: its derivative there 0, the one-sided one)
        assert float(wg.grad(lambda c, f=f: _f(f)(1.5, c))(0.0)) == 0.0
    q = np.array([0.0, 0.3, 0.9])
    np.testing.assert_allclose(T.ppf(q, 0.0), stats.halfcauchy.ppf(q), rtol=1e-15)


def test_at_zero():
    # the end of the support: the density's slope there 0 from inside (it is even in z), the cdf's the density
    assert float(wg.grad(lambda x: T.pdf(x, 2.0))(0.0)) == 0.0
    assert float(wg.grad(lambda x: T.cdf(x, 2.0))(0.0)) == pytest.approx(float(T.pdf(0.0, 2.0)), rel=1e-15)
    assert float(T.pdf(0.0, 2.0)) == pytest.approx(2.0 / (5.0 * np.pi), rel=1e-15)


def test_quantiles_and_tails_agree():
    for c in (0.0, 0.7, 20.0):
        for q in (1e-200, 0.01, 0.3, 0.5):
            assert float(T.cdf(float(T.ppf(q, c)), c)) == pytest.approx(q, rel=1e-12)
            assert float(T.sf(float(T.isf(q, c)), c)) == pytest.approx(q, rel=1e-12)
        assert float(T.ppf(0.0, c)) == 0.0 and float(T.isf(0.0, c)) == np.inf


def test_float32_stays_float32():
    float32_check(T, (0.7,), summaries=("mean", "var", "std", "median"))


def test_entropy_in_closed_form():
    # log(4 pi s / (1 + s)), s = hypot(1, c) (mpmath's 40-digit quadrature: tests/test_stats_quadrature_entropy.py); c = 0 is halfcauchy's
    assert "entropy" in stats.FUNCTIONS["foldcauchy"]
    assert float(T.entropy(0.0, 0.5, 2.0)) == pytest.approx(float(stats.halfcauchy.entropy(0.5, 2.0)), rel=1e-15)


REFUSALS = [
    *[(call, f"foldcauchy.{m}: the shape parameter c must be nonnegative") for m, call in (
        ("cdf", lambda: T.cdf(1.0, -1.0)), ("logpdf", lambda: T.logpdf(1.0, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, -0.5)), ("mean", lambda: T.mean(-1.0)))],
    (lambda: T.logpdf(1.0, 2.0, 0.0, -1.0), "foldcauchy.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "foldcauchy.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, (0.0, 0.4, 20.0))
