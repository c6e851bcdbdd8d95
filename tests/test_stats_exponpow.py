"""``scipy.stats``' ``exponpow`` (``sf = exp(1 - exp(z^b))`` on ``z >= 0``): its density, tails, quantiles, median and
interval; the mean, var and std (tests/test_stats_quadrature_moments.py) and the entropy
(tests/test_stats_quadrature_entropy.py) by quadrature (SciPy integrates them numerically: no closed form).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its log cdf
underflowing near 0); values and first and second derivatives in x (or q) and b against mpmath near 0 (x = 1e-300,
q = 1e-300), both sides of the log cdf's switch (w = 1/2) and the isf's (q = 1e-150), far out, b below, at and above
1 and 2; the end z = 0 (one-sided derivatives from inside, a traced b refused in the density at b = 1), the limits at
+-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_points_test, mp_truths,  # noqa: E402
                     one_shape_common_cases, refusals_test, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.exponpow
#: b below, at and above 1 and 2
B = np.array([[0.6], [1.0], [1.5], [2.0], [3.0]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), np.array([0.15, 0.5, 0.9, 1.3]), B, np.array([[[0.0]], [[-0.1]]]), 1.3,
           id=f"exponpow.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.6, 0.95]), B, 0.1, 1.3, id=f"exponpow.{f}") for f in ("ppf", "isf")],
    *one_shape_common_cases(T, "exponpow", size1_x=0.5, size1_shape=1.6),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.7, 1.5, 2.5])
VALUE_CHECKS = [
    *[(f"exponpow.{f}", (POINTS, np.array([[0.5], [1.0], [2.0], [5.0]]), loc, 1.0)) for f in TAILS
      for loc in (0.0, 0.05)],
    *[(f"exponpow.{f}", (np.array([0.0, 1e-10, 0.1, 0.5, 0.9, 1.0]), np.array([[0.5], [1.0], [2.0], [5.0]]), -0.1,
                         1.3)) for f in ("ppf", "isf")],
    ("exponpow.median", (np.array([0.5, 2.0]), -0.1, 1.3)),
    ("exponpow.interval", (0.8, np.array([0.5, 2.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


def _mp_exponpow(mp):
    def logsf(z, b):
        return -mp.expm1(z ** b)

    def cdf(z, b):
        return -mp.expm1(logsf(z, b))

    def logpdf(z, b):
        return 1 + mp.log(b) + (b - 1) * mp.log(z) + z ** b - mp.exp(z ** b)
    return {"logpdf": logpdf, "pdf": lambda z, b: mp.exp(logpdf(z, b)), "cdf": cdf,
            "sf": lambda z, b: mp.exp(logsf(z, b)), "logcdf": lambda z, b: mp.log(cdf(z, b)), "logsf": logsf,
            "ppf": lambda q, b: mp.log1p(-mp.log1p(-q)) ** (1 / b), "isf": lambda q, b: mp.log1p(-mp.log(q)) ** (1 / b)}


MP_POINTS = [
    # near 0, both sides of the log cdf's switch (w = z^b = 1/2), far out; b below, at and above 1, 2
    *[(f, (z, b), i, 1e-12) for f in TAILS for z, b in ((1e-8, 0.6), (0.3, 1.5), (0.8, 2.0), (0.9, 3.0), (1.7, 1.0))
      for i in (0, 1)],
    # at x = 1e-300 the log cdf (-inf in its second derivative: -b/z^2 and the powers' z^(k b - 2) overflow apart) and
    # the cdf; in b the density too (mpmath's steps of 1e-325 do not resolve its x-derivatives)
    # (not in b at b = 0.3: mpmath's differences do not resolve the log cdf's second derivative there, -3.2e-175)
    *[(f, (1e-300, b), i, 1e-12) for f in ("cdf", "logcdf") for b in (0.3, 2.0) for i in (0, 1) if (b, i) != (0.3, 1)],
    *[(f, (1e-300, 0.6), 1, 1e-12) for f in ("logpdf", "pdf")],
    *[("logcdf", (z, 2.0), i, 1e-12) for z in (0.7, 0.715) for i in (0, 1)],  # (w = 0.49, 0.511)
    ("logsf", (1e100, 0.005), 0, 1e-13),
    # the quantiles near both ends (the isf both sides of q = 1e-150), in q and b
    *[(f, (q, b), i, 1e-12) for f in ("ppf", "isf") for q, b in ((1e-30, 0.6), (0.3, 2.0), (1 - 1e-12, 1.5))
      for i in (0, 1)],
    *[("isf", (q, 1.5), i, 1e-12) for q in (1e-300, 1e-149, 1e-151) for i in (0, 1)],
    ("ppf", (1e-300, 0.6), 1, 1e-12),
]

test_against_mpmath = mp_points_test(T, _mp_exponpow, MP_POINTS)


def test_where_scipy_is_off():
    logcdf, = mp_truths(_mp_exponpow, [("logcdf", (1e-300, 2.0))])
    with np.errstate(divide="ignore"):
        assert float(ST.exponpow.logcdf(1e-300, 2.0)) == -np.inf  # (log of -expm1(-expm1(1e-600)) = 0)
    assert float(T.logcdf(1e-300, 2.0)) == pytest.approx(logcdf, rel=1e-14)


def test_at_the_end():
    # at z = 0 the one-sided derivatives from inside: the density inf, 1, 0 for b below, at, above 1; its slope -inf
    # (b < 1), 0 at b = 1 (1 + z - e^z), +inf for 1 < b < 2
    with np.errstate(all="ignore"):
        assert [float(T.pdf(0.0, b)) for b in (0.6, 1.0, 1.5)] == [np.inf, 1.0, 0.0]
        assert [float(wg.grad(lambda x: T.pdf(x, b))(0.0)) for b in (1.0, 1.5)] == [0.0, np.inf]
        assert [float(wg.grad(lambda x: T.cdf(x, b))(0.0)) for b in (0.6, 1.0, 2.0)] == [np.inf, 1.0, 0.0]
        assert float(wg.grad(lambda x: T.logpdf(x, 1.0))(0.0)) == 0.0
        # the quantile's slope at q = 0: 0, 1, +inf (steep: its second derivative -inf, in b its declared limit)
        assert [float(wg.grad(lambda q: T.ppf(q, b))(0.0)) for b in (0.6, 1.0, 2.0)] == [0.0, 1.0, np.inf]
        assert float(wg.grad(wg.grad(lambda q: T.ppf(q, 1.0)))(0.0)) == 0.0  # (log1p(-log1p(-q)) = q + O(q^3))
        assert float(wg.grad(lambda b: T.ppf(0.0, b))(1.5)) == 0.0
    # a traced b at b = 1 where x == loc: the density jumps in b there (inf, 1, 0)
    for f in ("pdf", "logpdf"):
        with pytest.raises(wg.NoGradientRule, match="b = 1 where x == loc"):
            wg.grad(lambda b, f=f: _f(f)(0.0, b))(1.0)
    assert float(wg.grad(lambda b: T.cdf(0.0, b))(1.0)) == 0.0
    assert float(T.logcdf(0.0, 1.5)) == -np.inf


def test_the_log_density_bends_at_the_end():
    # at z = 0 the second derivative in x of (b - 1) log z, -(b - 1) / (x - loc)^2, outgrows the rest's (of z^(k b),
    # k >= 2): +inf for b < 1, -inf above, as the one-sided limits from inside; -1 / scale^2 at b = 1 (1 + z - e^z).
    # It was inf - inf = NaN for b < 1 (z^(2 b) / 2's -inf against it)
    paths = (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacrev(wg.grad(f)), lambda f: wg.jacrev(wg.jacfwd(f)))
    for b, sign in ((0.3, 1.0), (0.5, 1.0), (0.9, 1.0), (1.5, -1.0), (3.0, -1.0)):
        for path in paths:
            h = path(lambda v: T.logpdf(v[0], b, v[1], 2.0))(np.zeros(2))
            np.testing.assert_array_equal(h, sign * np.array([[np.inf, -np.inf], [-np.inf, np.inf]]), err_msg=str(b))
    assert float(wg.grad(wg.grad(lambda x: T.logpdf(x, 0.5)))(0.0)) == np.inf
    assert float(wg.grad(wg.grad(lambda x: T.logpdf(x, 1.0, 0.0, 2.0)))(0.0)) == -0.25


def test_quantiles_and_tails_agree():
    for b in (0.3, 1.0, 2.5, 8.0):
        for q in (1e-200, 0.01, 0.3, 0.7):
            if (b, q) == (0.3, 1e-200):
                # (the quantile, q^(1 / b) = 1e-667, underflows: no round trip (cdf(0) is 0; that check passed only by
                # pytest.approx's default abs=1e-12))
                assert float(T.ppf(q, b)) == 0.0
            else:
                assert float(T.cdf(float(T.ppf(q, b)), b)) == pytest.approx(q, rel=1e-12, abs=0.0)
            assert float(T.sf(float(T.isf(q, b)), b)) == pytest.approx(q, rel=1e-12, abs=0.0)


def test_moments_by_quadrature():
    # SciPy integrates them numerically: no closed form (by quadrature: tests/test_stats_quadrature_moments.py)
    for m in ("mean", "var", "std", "moment", "stats"):
        assert hasattr(T, m), m
    assert hasattr(T, "entropy")  # (by quadrature: tests/test_stats_quadrature_entropy.py)


def test_float32_stays_float32():
    float32_check(T, (1.5,), x=0.3, summaries=("median",))


REFUSALS = [
    *[(call, f"exponpow.{m}: the shape parameters must be positive \\(b is not; SciPy gives NaN\\)") for m, call in (
        ("cdf", lambda: T.cdf(0.5, 0.0)), ("logpdf", lambda: T.logpdf(0.5, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, 0.0)))],
    (lambda: T.logpdf(0.5, 2.0, 0.0, -1.0), "exponpow.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "exponpow.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, (0.6, 2.0))


@pytest.mark.parametrize("x, b", [(1e-300, 0.001), (1e-200, 0.0015)])
def test_log_cdf_hessian_where_the_slope_squared_overflows(x, b):
    # w = z^b above 1/2 with b / x squared overflowing: through expm1(w) each op's second derivative had w'' + w'^2,
    # -inf + inf; jacfwd(jacfwd) in (x, b, scale) at (1e-300, 0.001, 1.5) was NaN in d2/dx2 (-inf), inf in d2/dx dscale
    # (1.373e293), -inf in d2/dscale2 (4.0098e-4); reverse mode's d2/dx dscale at 1e-200 was 1.5e-10 off
    mp = pytest.importorskip("mpmath")
    point = [mp.mpf(x), mp.mpf(b), mp.mpf(1.5)]
    with mp.workdps(60):
        def log_cdf(*t):  # (relative steps: each argument times 1 + t_i)
            xx, bb, s = (p * (1 + ti) for p, ti in zip(point, t))
            return mp.log(-mp.expm1(1 - mp.exp((xx / s) ** bb)))
        truth = np.array([[float(mp.diff(log_cdf, (0, 0, 0), tuple(int(k == i) + int(k == j) for k in range(3)))
                                 / (point[i] * point[j])) for j in range(3)] for i in range(3)])

    def f(p):
        return T.logcdf(p[0], p[1], 0.0, p[2])
    p = np.array([x, b, 1.5])
    with np.errstate(over="ignore"):
        paths = [wg.jacrev(wg.jacrev(f))(p), wg.jacfwd(wg.jacrev(f))(p), wg.jacrev(wg.jacfwd(f))(p),
                 wg.jacfwd(wg.jacfwd(f))(p), np.array([wg.hvp(f, p, e) for e in np.eye(3)])]
    assert truth[0, 0] == -np.inf
    for h in paths:
        np.testing.assert_array_equal(h[0, 0], -np.inf)
        np.testing.assert_allclose(np.asarray(h).ravel()[1:], truth.ravel()[1:], rtol=5e-14)


def test_logpdf_hessian_at_an_array_reaching_below_the_series():
    # x = [1e-33, 1] (w = x^b below 1e-4 at one entry only): the series' stand-in z was 0, whose powers' derivatives
    # 0^(k b - 2) warned (divide by zero) under wg.hessian; d2/dx2 is -(b - 1) / x^2 plus the series' (1.9e45 here: below
    # its rounding) and 0.8161938194150854 at x = 1 (mpmath)
    x = np.array([1e-33, 1.0])
    h = wg.hessian(lambda v: np.sum(T.logpdf(v, 0.3)))(x)
    np.testing.assert_allclose(np.diag(h), [0.7 / 1e-66, 0.8161938194150854], rtol=1e-14)


@pytest.mark.parametrize("b", [1.0, 1.5])
def test_pdf_at_a_huge_scale(b):
    # (exp of the log density with -log(scale) in it: its rounding, ulp(690) at scale 1e300, reached the value and d/db:
    # exponpow.pdf(0.5, 1, 0, 1e300) 1.0000000000000237e-300, d/db 2.4e-14 off; now at scale 1 over the scale. Truths:
    # mpmath at 40 digits, b z^(b - 1) exp(1 + z^b - e^(z^b)) / s and mp.diff in (x, b, s))
    mp = pytest.importorskip("mpmath")
    point = np.array([0.5, b, 1e300])
    with mp.workdps(40):
        def pdf(x, b, s):
            z = x / s
            return b * z ** (b - 1) * mp.exp(1 + z ** b - mp.exp(z ** b)) / s
        p = [mp.mpf(v) for v in point]
        value = float(pdf(*p))
        grad = np.array([float(mp.diff(pdf, p, tuple(int(i == j) for j in range(3)))) for i in range(3)])
        dbb = float(mp.diff(pdf, p, (0, 2, 0)))

    def f(v):
        return stats.exponpow.pdf(v[0], v[1], 0.0, v[2])
    assert float(f(point)) == pytest.approx(value, rel=2e-16, abs=0)
    np.testing.assert_allclose(wg.grad(f)(point), grad, rtol=1e-15)
    np.testing.assert_allclose([wg.jvp(f, (point,), (e,))[1] for e in np.eye(3)], grad, rtol=1e-15)
    np.testing.assert_allclose(wg.jit(wg.grad(f))(point), grad, rtol=1e-15)
    assert wg.hessian(f)(point)[1, 1] == pytest.approx(dbb, rel=1e-14)
    assert wg.jacfwd(wg.grad(f))(point)[1, 1] == pytest.approx(dbb, rel=1e-14)
