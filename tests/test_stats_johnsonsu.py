"""``scipy.stats``' ``johnsonsu`` (Johnson's SU: ``sinh((n - a) / b)`` of a standard normal ``n``): its density,
tails, quantiles, mean, variance, std, median and interval (the entropy, by quadrature: tests/test_stats_quadrature_entropy.py).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and against mpmath
where SciPy's are off (its density 0 and log density ``-inf`` from ``|x| = 1.3e154`` on, where ``x^2`` overflows;
its variance and std inf where only cosh(2a / b) or the variance overflows); values and first and second
derivatives against mpmath in x, a and b near 0, at both sides of ``|z| = 1`` (the log density's two forms), far
out (``|z|`` up to 1e300) and in the far tails, the quantiles down to q = 1e-300, the moments on both sides of
their switches; the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_normal_transform,  # noqa: E402
                     mp_points_test, mp_truths, refusals_test, stats_values_test, two_shape_common_cases)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.johnsonsu
#: both sides of |z| = 1 and of the median, both signs
Z = np.array([-40.0, -1.2, -0.3, 0.05, 0.8, 1.1, 7.0])
A = np.array([[-0.7], [1.3]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, A, np.array([[[0.6]], [[1.7]]]), 0.2, 1.3, id=f"johnsonsu.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.45, 0.55, 0.9, 0.95]), A, np.array([[[1.2]], [[2.5]]]), 0.1, 1.3,
           id=f"johnsonsu.{f}") for f in ("ppf", "isf")],
    # the moments in a and b (and loc, scale), the variance and std near their switches too
    *[case(_f(m), _f(m), np.array([-1.5, 0.0, 0.4, 2.0]), np.array([[0.5], [1.0], [3.0]]),
           np.array([[[0.6]], [[2.0]]]), 1.4, id=f"johnsonsu.{m}") for m in ("mean", "var", "std")],
    # the std from the logs of its factors (s + |a / b| above 300) beside the direct form
    case(_f("std"), lambda a, b: np.log(T.std(a, b)), np.array([360.0, -420.0]),
         np.array([[1.0], [1.2]]), id="johnsonsu.std-far"),
    # the variance's cosh(2a / b) from its log (|2a / b| >= 700): a large b keeps it finite (a and b in units of
    # 1e12 and 1e10: finite differences of steps that move 2a / b)
    case(_f("var"), lambda a, b: np.log(T.var(a * 1e12, b * 1e10)), np.array([3.55, -3.6]), 1.0,
         id="johnsonsu.var-far"),
    *two_shape_common_cases(T, "johnsonsu"),
]

test_gradient = gradient_test(CASES)


SHAPES = ((0.0, 1.0), (-1.5, 0.4), (2.0, 3.0))
VALUE_CHECKS = [
    *[(f"johnsonsu.{f}", (np.array([-1e150, -30.0, -1.0, -0.2, 0.0, 0.4, 1.0, 5.0, 1e100]), a, b, loc, 1.3))
      for f in TAILS for a, b in SHAPES for loc in (0.0, -0.4)],
    *[(f"johnsonsu.{f}", (np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 0.999, 1.0]), a, b, -0.1, 1.3))
      for f in ("ppf", "isf") for a, b in SHAPES],
    *[(f"johnsonsu.{m}", (np.array([-3.0, 0.0, 0.5, 20.0]), np.array([[0.3], [1.0], [5.0]]), 0.2, 2.0))
      for m in ("mean", "var", "std")],
    ("johnsonsu.median", (np.array([0.3, -2.0]), 1.5, -0.1, 1.3)),
    ("johnsonsu.interval", (0.8, np.array([0.3, -2.0]), 1.5, -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


def _mp_johnsonsu(mp):
    def var(a, b):
        return mp.expm1(1 / b ** 2) * (mp.exp(1 / b ** 2) * mp.cosh(2 * a / b) + 1) / 2
    return {**mp_normal_transform(mp, lambda z, a, b: a + b * mp.asinh(z),
                                  lambda z, a, b: mp.log(b) - mp.log(1 + z * z) / 2, mp.sinh),
            "mean": lambda a, b: -mp.exp(1 / (2 * b ** 2)) * mp.sinh(a / b), "var": var,
            "std": lambda a, b: mp.sqrt(var(a, b))}


MP_POINTS = [
    # near 0, both sides of |z| = 1, far out (where SciPy's x^2 overflows), the far tails; in x, a and b
    *[(f, (z, 0.5, 0.7), i, 1e-12) for f in TAILS for z in (1e-9, -0.999, 1.001, 30.0, -2e5) for i in (0, 1, 2)],
    *[(f, (z, 0.5, 0.7), i, 1e-12) for f in ("logpdf", "logcdf", "logsf") for z in (1e200, -1e300)
      for i in (0, 1, 2)],
    *[(f, (z, -1.0, 0.05), i, 1e-12) for f in ("logpdf", "pdf", "cdf", "sf") for z in (1e10, -3.0) for i in (0, 1, 2)],
    *[(f, (q, a, b), i, 1e-12) for f in ("ppf", "isf") for q in (1e-300, 1e-9, 0.3, 0.7) for a, b in
      ((0.5, 0.7), (-2.0, 4.0)) for i in (0, 1, 2)],
]
#: the moments: small and large b, a near 0 and far; the variance's log-cosh form (|2a / b| >= 700) and the
#: std's log form (s + |a / b| >= 300)
MOMENT_POINTS = [
    *[(m, (a, b), i, 1e-12) for m in ("mean", "var", "std") for a, b in
      ((0.25, 1.0), (1e-8, 0.3), (-2.0, 0.7), (30.0, 8.0), (0.5, 1e3)) for i in (0, 1)],
    *[(m, (a, b), i, 1e-11) for m in ("var", "std") for a, b in ((3.6e12, 1e10), (-3.55e12, 1e10)) for i in (0, 1)],
    *[("std", (a, b), i, 2e-12) for a, b in ((1e-3, 0.05), (1.0, 0.06), (353.5, 1.0), (800.0, 2.0)) for i in (0, 1)],
    # the mean where exp(1 / (2 b^2)) overflows and the mean does not: -inf at (1e-300, 0.02) for -3.69e244 (SciPy's
    # too); from the log, sinh(a / b) / (a / b) by its series (|a / b| <= 1/4) and log|sinh(a / b)| above (in a: the
    # derivatives in b overflow; in b at a tiny a: those in a overflow). (In b within 3e-13: its conditioning there,
    # 1 / b^2 = 2500 ulps)
    *[("mean", (a, b), i, 3e-13) for a, b, i in ((1e-300, 0.02, 1), (-1e-280, 0.021, 1))],
    *[("mean", (a, b), 0, 1e-13) for a, b in ((0.0005, 0.02672), (0.007, 0.02672))],
]


test_against_mpmath = mp_points_test(T, _mp_johnsonsu, MP_POINTS)
test_moments_against_mpmath = mp_points_test(T, _mp_johnsonsu, MOMENT_POINTS)


def test_where_scipy_is_off():
    # SciPy's 1 / sqrt(x^2 + 1) is 0 from |x| = 1.3e154 on (x^2 overflows): its density 0, its log density -inf
    logpdf, pdf, var, std = mp_truths(_mp_johnsonsu, [("logpdf", (1e200, -1.0, 0.05)), ("pdf", (1e200, -1.0, 0.05)),
                                                      ("var", (3.6e12, 1e10)), ("std", (0.0, 0.05))])
    with np.errstate(over="ignore"):
        assert float(ST.johnsonsu.logpdf(1e200, -1.0, 0.05)) == -np.inf
        assert float(ST.johnsonsu.pdf(1e200, -1.0, 0.05)) == 0.0
        assert float(ST.johnsonsu.var(3.6e12, 1e10)) == np.inf and float(ST.johnsonsu.std(0.0, 0.05)) == np.inf
    assert float(T.logpdf(1e200, -1.0, 0.05)) == pytest.approx(logpdf, rel=1e-14, abs=0.0)
    assert pdf > 1e-308 and float(T.pdf(1e200, -1.0, 0.05)) == pytest.approx(pdf, rel=1e-12, abs=0.0)
    assert float(T.var(3.6e12, 1e10)) == pytest.approx(var, rel=1e-11, abs=0.0)
    assert float(T.std(0.0, 0.05)) == pytest.approx(std, rel=1e-12, abs=0.0)


def test_derivative_in_x_far_out():
    # the log density's slope -(z + u b sqrt(1 + z^2)) / (1 + z^2): through log(hypot(1, z)) its first term was 0
    # from |z| = 1.3e154 on (hypot^2 overflowed), the slope's relative error 1 / (u b)
    for z in (1e160, -1e250):
        u = 0.5 + 0.7 * np.arcsinh(z)
        want = -0.7 * u / abs(z) - 1.0 / z
        assert float(wg.grad(lambda x: T.logpdf(x, 0.5, 0.7))(z)) == pytest.approx(want, rel=1e-14, abs=0)
        assert float(wg.jvp(lambda x: T.logpdf(x, 0.5, 0.7), (z,), (1.0,))[1]) == pytest.approx(want, rel=1e-14, abs=0)


def test_quantiles_and_tails_agree():
    for a, b in SHAPES:
        for q in (1e-200, 0.01, 0.3, 0.5):
            x = float(T.ppf(q, a, b))
            assert float(T.cdf(x, a, b)) == pytest.approx(q, rel=1e-12, abs=0.0)
            if q > 0.01:
                assert float(T.isf(q, a, b)) == pytest.approx(float(T.ppf(1.0 - q, a, b)), rel=1e-10, abs=0.0)
            assert float(T.sf(float(T.isf(q, a, b)), a, b)) == pytest.approx(q, rel=1e-12, abs=0.0)
        assert float(T.ppf(0.0, a, b)) == -np.inf and float(T.isf(0.0, a, b)) == np.inf
    assert float(T.median(1.0, 2.0)) == pytest.approx(np.sinh(-0.5), rel=1e-15, abs=0.0)


def test_float32_stays_float32():
    float32_check(T, (0.5, 2.0), summaries=("mean", "var", "std", "median"))
    f32 = np.float32
    for m, at in (("logsf", 0.7), ("cdf", 0.2), ("isf", 0.4), ("ppf", 0.9)):
        assert np.asarray(wg.grad(lambda b, m=m, at=at: _f(m)(at, 0.5, b))(f32(2.0))).dtype == np.float32, m
        tangent = wg.jvp(lambda a, m=m, at=at: _f(m)(at, a, 2.0), (f32(0.1),), (f32(1.0),))[1]
        assert np.asarray(tangent).dtype == np.float32, m
    assert np.asarray(wg.grad(lambda b: T.std(0.5, b))(f32(2.0))).dtype == np.float32


def test_entropy_by_quadrature():
    # (no closed form: tanh-sinh quadrature, tests/test_stats_quadrature_entropy.py; once left out)
    assert "entropy" in stats.FUNCTIONS["johnsonsu"] and "tanh-sinh" in T.entropy.__doc__
    assert "no closed form" in T.__doc__


REFUSALS = [
    *[(call, f"johnsonsu.{m}: the shape parameters must be positive \\(b is not") for m, call in (
        ("cdf", lambda: T.cdf(1.0, 0.5, 0.0)), ("logpdf", lambda: T.logpdf(1.0, 0.5, -1.0)),
        ("isf", lambda: T.isf(0.5, 0.5, -1.0)), ("ppf", lambda: T.ppf(0.5, 0.5, 0.0)),
        ("mean", lambda: T.mean(0.5, 0.0)), ("std", lambda: T.std(0.5, -1.0)))],
    (lambda: T.logpdf(1.0, 0.5, 2.0, 0.0, -1.0), "johnsonsu.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 0.5, 2.0), "johnsonsu.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, ((0.5, 2.0), (-1.0, 0.3)))
