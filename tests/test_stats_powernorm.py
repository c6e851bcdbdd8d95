"""``scipy.stats``' ``powernorm`` (``sf = ndtr(-z)^c`` on the real line): its density, tails, quantiles, median and
interval; the mean, var, std (tests/test_stats_quadrature_moments.py) and entropy
(tests/test_stats_quadrature_entropy.py) by quadrature (SciPy integrates them numerically: no closed form).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its log cdf far
left, its quantiles near their lower ends); values and first and second derivatives in x (or q) and c against mpmath
in both tails (x = -40, 40, q = 1e-300, 1 - 1e-12), both sides of the log cdf's switch (ndtr(z) = 1e-3), c below, at
and above 1; the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as special  # noqa: E402
import scipy.stats as ST  # noqa: E402

from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_hessian_check,  # noqa: E402
                     mp_points_test, mp_truths, one_shape_common_cases, refusals_test, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.powernorm
C = np.array([[0.3], [1.0], [2.5]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), np.array([-3.5, -0.4, 0.3, 2.0]), C, np.array([[[0.0]], [[-0.1]]]), 1.3,
           id=f"powernorm.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.6, 0.95]), C, 0.1, 1.3, id=f"powernorm.{f}") for f in ("ppf", "isf")],
    *one_shape_common_cases(T, "powernorm", size1_x=0.5, size1_shape=1.6),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-8.0, -3.0, -0.5, 0.0, 0.5, 3.0, 8.0])
VALUE_CHECKS = [
    *[(f"powernorm.{f}", (POINTS, np.array([[0.5], [1.0], [2.0], [5.0]]), loc, 1.0)) for f in TAILS
      for loc in (0.0, 0.05)],
    # (not below q = 1e-3: SciPy's -ndtri((1 - q)^(1/c)) loses q's digits there, see test_where_scipy_is_off)
    *[(f"powernorm.{f}", (np.array([0.0, 1e-3, 0.1, 0.5, 0.9, 1.0]), np.array([[0.5], [1.0], [2.0], [5.0]]), -0.1,
                          1.3)) for f in ("ppf", "isf")],
    ("powernorm.median", (np.array([0.5, 2.0]), -0.1, 1.3)),
    ("powernorm.interval", (0.8, np.array([0.5, 2.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"powernorm.isf": 1e-10, "powernorm.ppf": 1e-10})


def _mp_powernorm(mp):
    def log_ndtr(z):  # (log ndtr(z) for z > 0 as log1p of the other tail: its digits)
        return mp.log1p(-mp.ncdf(-z)) if z > 0 else mp.log(mp.ncdf(z))

    def logsf(z, c):
        return c * log_ndtr(-z)

    def cdf(z, c):
        return -mp.expm1(logsf(z, c))

    def logcdf(z, c):  # (from the log sf, its digits on either side)
        s = logsf(z, c)
        return mp.log(-mp.expm1(s)) if s > -mp.log(2) else mp.log1p(-mp.exp(s))

    def logpdf(z, c):
        return mp.log(c) - z * z / 2 - mp.log(2 * mp.pi) / 2 + (c - 1) * log_ndtr(-z)

    def quantile(log_upper):
        # the x with log ndtr(-x) = log_upper: Newton's steps on the smaller log tail, from a float start
        if log_upper < -mp.log(2):
            sign, target = -1, log_upper
        else:
            sign, target = 1, mp.log(-mp.expm1(log_upper))
        start = -special.ndtri_exp(float(log_upper)) if sign < 0 else special.ndtri_exp(float(target))
        x = mp.mpf(float(start))
        for _ in range(12):
            tail = mp.ncdf(sign * x)
            step = (mp.log(tail) - target) * tail / (sign * mp.npdf(x))
            x -= step
            if abs(step) < mp.mpf(2) ** (-mp.mp.prec - 8) * (1 + abs(x)):
                break
        return x
    return {"logpdf": logpdf, "pdf": lambda z, c: mp.exp(logpdf(z, c)), "cdf": cdf,
            "sf": lambda z, c: mp.exp(logsf(z, c)), "logcdf": logcdf, "logsf": logsf,
            "ppf": lambda q, c: quantile(mp.log1p(-q) / c), "isf": lambda q, c: quantile(mp.log(q) / c)}


MP_POINTS = [
    # both tails, both sides of the log cdf's switch (ndtr(z) = 1e-3 at z = -3.09; c p = 1e-3), c below, at, above 1
    *[(f, (z, c), i, 1e-12) for f in TAILS for z, c in ((-40.0, 2.5), (-3.2, 0.3), (-3.0, 1.0), (0.4, 2.5),
                                                          (40.0, 0.3)) for i in (0, 1)
      if (f, i) != ("logsf", 1)],  # (c log_ndtr(-z): linear in c, its second derivative 0 against mpmath's noise)
    ("logsf", (-40.0, 2.5), 1, 1e-12),
    # the quantiles in both tails, in q and c
    *[(f, (q, c), i, 1e-11) for f in ("ppf", "isf") for q, c in ((1e-300, 0.3), (0.3, 2.5), (1 - 1e-12, 1.0))
      for i in (0, 1)],
]

test_against_mpmath = mp_points_test(T, _mp_powernorm, MP_POINTS)


def test_where_scipy_is_off():
    logcdf, ppf, isf = mp_truths(_mp_powernorm, [("logcdf", (-40.0, 2.0)), ("ppf", (1e-20, 2.0)),
                                                 ("isf", (1 - 1e-12, 2.0))])
    with np.errstate(divide="ignore"):
        assert float(ST.powernorm.logcdf(-40.0, 2.0)) == -np.inf  # (log of -expm1(2 log_ndtr(40)) = 0)
        assert float(ST.powernorm.ppf(1e-20, 2.0)) == -np.inf  # (-ndtri((1 - q)^(1/2)) = -ndtri(1))
        assert abs(float(ST.powernorm.isf(1 - 1e-12, 2.0)) / isf - 1) > 1e-6  # (-ndtri(q^(1/2)) near 1)
    assert float(T.logcdf(-40.0, 2.0)) == pytest.approx(logcdf, rel=1e-14)
    assert float(T.ppf(1e-20, 2.0)) == pytest.approx(ppf, rel=1e-14)
    assert float(T.isf(1 - 1e-12, 2.0)) == pytest.approx(isf, rel=1e-12)


def test_quantiles_and_tails_agree():
    for c in (0.3, 1.0, 2.5, 8.0):
        for q in (1e-200, 0.01, 0.3, 0.7):
            assert float(T.cdf(float(T.ppf(q, c)), c)) == pytest.approx(q, rel=1e-12)
            assert float(T.sf(float(T.isf(q, c)), c)) == pytest.approx(q, rel=1e-12)


def test_moments_by_quadrature():
    # SciPy integrates them numerically: no closed form (by quadrature: tests/test_stats_quadrature_moments.py)
    for m in ("mean", "var", "std", "moment", "stats"):
        assert hasattr(T, m), m
    assert hasattr(T, "entropy")  # (by quadrature: tests/test_stats_quadrature_entropy.py)


def test_float32_stays_float32():
    float32_check(T, (1.5,), x=0.3, summaries=("median",))


REFUSALS = [
    *[(call, f"powernorm.{m}: the shape parameters must be positive \\(c is not; SciPy gives NaN\\)") for m, call in (
        ("cdf", lambda: T.cdf(0.5, 0.0)), ("logpdf", lambda: T.logpdf(0.5, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, 0.0)))],
    (lambda: T.logpdf(0.5, 2.0, 0.0, -1.0), "powernorm.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "powernorm.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, (0.6, 2.0))


def test_near_the_root_of_the_slope():
    """At z = +-1e-5 and +-1e-10 (c = 0.5, 1, 3), where at c = 1 the density's slope ``-z phi(z)`` vanishes, and at z = -8
    (c = 0.3, 1), where ``log_ndtr(-z)`` is -6e-16: the value, gradient in (x, c, loc, scale) and Hessian of pdf, cdf and
    sf against mpmath's at 40 digits. Through ``exp(c log_ndtr(-z))`` the tails' second derivatives in x were ``sf
    (L'^2 + L'')``, cancelling at c = 1 near z = 0 (z = -1e-5: 8.5e-12 relative off); through ``exp(log c + ...)`` the
    density's second derivative in c was ``pdf ((1/c + log_ndtr(-z))^2 - 1/c^2)`` (z = -8, c = 0.3: 15% off). (mpmath
    differentiates numerically at 40 digits.)"""
    import mpmath
    truths = _mp_powernorm(mpmath.mp)
    loc, scale = 0.2, 1.3
    points = [(z, c, m) for c in (0.5, 1.0, 3.0) for z in (-1e-5, 1e-5, -1e-10, 1e-10) for m in ("pdf", "cdf", "sf")]
    with mpmath.workdps(40):
        for z, c, method in points + [(-8.0, 0.3, "pdf"), (-8.0, 1.0, "pdf")]:
            def truth(x, c, loc, scale, method=method):
                value = truths[method]((x - loc) / scale, c)
                return value / scale if method == "pdf" else value
            # (the value at z = -8 within z's rounding: (x - loc) / scale's eps times z^2 = 64)
            mp_hessian_check(getattr(T, method), [loc + scale * z, c, loc, scale], truth, 1e-13,
                             2e-14 if z == -8.0 else 2e-15)
