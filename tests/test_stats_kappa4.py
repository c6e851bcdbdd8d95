"""``scipy.stats``' ``kappa4`` (the cdf ``(1 - h (1 - k z)^(1/k))^(1/h)``, its limits at ``h = 0`` and ``k = 0``):
its density, tails, quantiles, median and interval (no mean, variance or entropy: SciPy integrates them).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's (and against mpmath where SciPy's are off: near ``k = 0``, its
isf in the upper tail, its ppf at ``h < 0``, ``k = 0``); values and first and second derivatives against mpmath in x
(or q), h and k at and near ``h = 0`` and ``k = 0``, both sides of the forms' switches (``-h u = 1/2``, ``h u = 1/2``),
near both finite ends, far out; the Hessian in (x or q, h, k, scale) on three paths; the ends; float32; the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

from opcheck import (STATS_TAILS, case, float32_check, gradient_test, mp_points_test, mp_truths,  # noqa: E402
                     refusals_test, stats_values_test)
import wengert as wg  # noqa: E402
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.kappa4


def _f(method):
    return getattr(T, method)


CASES = [
    # (h = -0.5: the support unbounded below; 0.3: from -1.36; k = 0.2: up to 5)
    *[case(_f(f), _f(f), np.array([-1.0, 0.2, 1.5, 4.0]), np.array([[-0.5], [0.3]]), 0.2, 0.1, 1.1,
           id=f"kappa4.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([-0.5, 0.7, 2.0]), 0.0, 0.0, id=f"kappa4.{f}-h0-k0") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.6, 0.9]), np.array([[-0.5], [0.3]]), -0.2, 0.1, 1.3,
           id=f"kappa4.{f}") for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.3 if m in ("ppf", "isf") else 0.7]), np.array([0.4]), np.array([0.2]),
           np.array([0.1]), np.array([1.4]), id=f"kappa4.{m}-size1") for m in STATS_TAILS + ("ppf", "isf")],
    *[case(_f(m), _f(m), np.zeros(0), 0.3, 0.2, id=f"kappa4.{m}-size0") for m in STATS_TAILS + ("ppf", "isf")],
    case(_f("median"), lambda *a: T.median(*a), np.array([-0.4, 0.5]), 0.2, 0.2, 1.1, id="kappa4.median"),
    case(_f("interval"), lambda p, h, k: T.interval(p, h, k, 0.3, 1.2), np.array([0.2, 0.9]), 0.3, -0.2,
         id="kappa4.interval"),
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"kappa4.{f}", (np.array([-3.0, -0.5, 0.0, 0.4, 1.5, 3.0, 6.0]), h, k, -0.2, 1.3)) for f in TAILS
      for h, k in ((-1.0, 0.0), (0.0, 0.3), (0.5, -0.4), (1.0, 1.0), (2.5, 0.5), (-0.5, -0.2))],
    *[(f"kappa4.{f}", (np.array([0.0, 0.01, 0.35, 0.7, 0.99, 1.0]), h, k, -0.1, 1.3))
      for f in ("ppf", "isf") for h, k in ((0.3, 0.2), (0.0, -0.3), (1.0, 0.5), (-0.7, 0.4))],
    ("kappa4.median", (np.array([-0.5, 0.5, 2.0]), 0.3, -0.1, 1.3)),
    ("kappa4.interval", (0.8, np.array([-0.5, 2.0]), 0.3, -0.1, 1.3)),
]

# (SciPy's isf is ppf(1 - q), 1e-9 relative off at q = 0.01; its sf 1 - cdf)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"kappa4.isf": 1e-9, "kappa4.sf": 1e-11,
                                                                     "kappa4.logsf": 1e-11})


def _mp_kappa4(mp):
    def y_of(z, k):  # -log(1 - k z) / k
        return z if k == 0 else -mp.log1p(-k * z) / k

    def v_of(z, h, k):  # -log cdf = -log(1 - h u) / h, u = e^-y
        u = mp.exp(-y_of(z, k))
        return u if h == 0 else -mp.log1p(-h * u) / h

    def logpdf(z, h, k):
        return -(1 - h) * v_of(z, h, k) - (1 - k) * y_of(z, k)

    def boxcox(x, lam):
        return mp.log(x) if lam == 0 else mp.expm1(lam * mp.log(x)) / lam
    return {"logpdf": logpdf, "pdf": lambda *a: mp.exp(logpdf(*a)), "cdf": lambda *a: mp.exp(-v_of(*a)),
            "logcdf": lambda *a: -v_of(*a), "sf": lambda *a: -mp.expm1(-v_of(*a)),
            "logsf": lambda *a: mp.log(-mp.expm1(-v_of(*a))),
            "ppf": lambda q, h, k: -boxcox(-boxcox(q, h), k), "isf": lambda q, h, k: -boxcox(-boxcox(1 - q, h), k)}


#: near h = 0 and k = 0 in the shape (the series of log1p(c z) / c); both sides of -h u = 1/2 (at h = -0.5, k = 0:
#: z = 0) and of h u = 1/2 (at h = 0.5, k = 0: z = -log 1 = 0); within 1e-9 of the upper end 1/k and of the lower end
#: 1/k (k < 0, h <= 0); 1e-3 above the lower end log h (h = 2, k = 0); far out; the quantiles at 1e-30 .. 1 - 1e-9
#: (the Box-Cox forms' mixed derivative where |lam log x| >= 1: see test_quantile_hessian_far_in_the_tails)
MP_POINTS = [(f, args, i, rel) for f, args, i, rel in (
    ("logpdf", (0.7, 1e-12, 0.3), 1, 1e-11), ("cdf", (0.7, 0.4, -1e-12), 2, 1e-11),
    ("logsf", (0.7, -1e-12, 1e-12), 0, 1e-11), ("logcdf", (-0.01, -0.5, 0.0), 0, 1e-11),
    ("logcdf", (0.01, -0.5, 0.0), 1, 1e-11), ("logpdf", (-0.01, 0.5, 0.0), 1, 1e-11),
    ("sf", (0.01, 0.5, 0.0), 0, 1e-11), ("pdf", (2.0 - 1e-9, 0.3, 0.5), 0, 1e-6),
    ("logcdf", (2.0 - 1e-9, -0.4, 0.5), 2, 1e-6), ("logpdf", (-2.0 + 1e-9, -0.5, -0.5), 0, 1e-6),
    ("cdf", (np.log(2.0) + 1e-3, 2.0, 0.0), 0, 1e-11), ("logsf", (1e10, 0.3, -0.4), 0, 1e-11),
    ("logcdf", (-40.0, -1.5, 0.0), 1, 1e-11),
    ("ppf", (1e-30, 0.3, 1.5), 0, 1e-11), ("isf", (1e-30, 0.3, 0.8), 2, 1e-11), ("ppf", (1 - 1e-9, -0.6, 0.5), 1, 1e-11),
    ("isf", (0.3, 1e-12, -0.2), 1, 1e-11))]

test_against_mpmath = mp_points_test(T, _mp_kappa4, MP_POINTS)


def _mp_hessian(mp, method, point):
    """The Hessian of ``method`` in (x or q, h, k, scale) at ``point`` (loc 0) by mpmath at 60 digits."""
    fn = _mp_kappa4(mp)[method]

    def g(x, h, k, scale):
        if method in ("ppf", "isf"):
            return scale * fn(x, h, k)
        value = fn(x / scale, h, k)
        return value - mp.log(scale) if method == "logpdf" else value / scale if method == "pdf" else value
    with mp.workdps(60):
        p = [mp.mpf(v) for v in point]
        return np.array([[float(mp.diff(g, p, tuple(int(a == i) + int(a == j) for a in range(4)))) for j in range(4)]
                         for i in range(4)])


def test_hessian_in_x_h_k_scale_on_every_path():
    """At h = k = 0 (the Gumbel distribution: the series' point), near the upper end (the powers of w = 1 - k z) and
    where -h u passes 1/2 (log1p(exp(log(-h) - y)) / (-h)): the Hessian in (x, h, k, scale) on every path."""
    mp = pytest.importorskip("mpmath")
    for point in ((0.5, 0.0, 0.0, 1.3), (1.999, 0.3, 0.5, 1.0), (-1.0, -0.7, 0.2, 1.0)):
        truth = _mp_hessian(mp, "logpdf", point)

        def f(v):
            return T.logpdf(v[0], v[1], v[2], 0.0, v[3])
        v = np.array(point)
        for path in (wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacfwd(wg.jacfwd(f))):
            np.testing.assert_allclose(path(v), truth, rtol=1e-11, atol=1e-14 * np.max(np.abs(truth)))


def test_far_out_hessian_in_x_and_scale():
    # far out (-k z from 64 on) log(1 - k z) with log|z|'s derivatives in x and in scale apart: through z d2/dx dscale
    # was 1 / z - 1 / z plus rounding, kappa4.logpdf(1e10, 0.3, -0.4)'s 7.58e-20 for 8.75e-20; the lower tail (k > 0)
    # too
    mp = pytest.importorskip("mpmath")
    for method, point in (("logpdf", (1e10, 0.3, -0.4, 1.3)), ("logcdf", (-1e20, -1.0, 0.3, 1.0))):
        truth = _mp_hessian(mp, method, point)

        def f(v, method=method):
            return getattr(T, method)(v[0], v[1], v[2], 0.0, v[3])
        v = np.array(point)
        for path in (wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacfwd(wg.jacfwd(f))):
            np.testing.assert_allclose(path(v), truth, rtol=1e-12, atol=1e-300)


def test_near_the_lower_end_in_powers():
    # near the lower end (h > 0) the cdf, sf and density in powers of s = 1 - h u: through exp(-v) the second
    # derivatives were terms of size 1 / s^2 cancelling (sf(1e-12, 1, 1)'s d2/dx2 -1.2e-4 by forward over forward, the
    # truth 0 (uniform); d2/dx dh 6.6e-6 relative off; logsf(2.5e-12, 1, -1.3, 0, 2.5)'s 9e-5)
    mp = pytest.importorskip("mpmath")
    for method, point in (("sf", (1e-12, 1.0, 1.0, 1.0)), ("pdf", (1e-9, 1.0, 0.0, 1.0)),
                          ("logsf", (2.5e-12, 1.0, -1.3, 2.5))):
        truth = _mp_hessian(mp, method, point)

        def f(v, method=method):
            return getattr(T, method)(v[0], v[1], v[2], 0.0, v[3])
        v = np.array(point)
        for path in (wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacfwd(wg.jacfwd(f))):
            np.testing.assert_allclose(path(v), truth, rtol=1e-9, atol=1e-14 * np.max(np.abs(truth)))


def test_quantile_hessian_far_in_the_tails():
    # the Box-Cox rule's d2/dx dlam at x = 1e-30 (boxcox(x, lam)'s d/dlam L^2 (t e^t - expm1(t)) / t^2 differentiated
    # in x: two terms 2 L h / x cancelling) was 2.2e12 for -6.9e-14: kappa4.isf(1e-30, 2.5, 1.5)'s d2/dq dk -2.2e12,
    # the truth 6.9e-14; now expm1(lam log x) / lam there
    mp = pytest.importorskip("mpmath")
    for method, point in (("isf", (1e-30, 2.5, 1.5, 1.0)), ("ppf", (1e-30, -0.5, 1.5, 1.3))):
        truth = _mp_hessian(mp, method, point)

        def f(v, method=method):
            return getattr(T, method)(v[0], v[1], v[2], 0.0, v[3])
        v = np.array(point)
        for path in (wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacfwd(wg.jacfwd(f))):
            np.testing.assert_allclose(path(v), truth, rtol=1e-11, atol=1e-60)


def test_where_scipy_is_off():
    # SciPy near k = 0 (its (1 - k z)^(1/k): cdf(0.5, 0.3, 1e-9) 1e-7 relative off), its isf ppf(1 - q) (isf(1e-10,
    # 0, 0) 3.5e-9 off), its ppf at h < 0, k = 0 NaN (log(h))
    calls = [("cdf", (0.5, 0.3, 1e-9)), ("isf", (1e-10, 0.0, 0.0)), ("ppf", (0.3, -1.0, 0.0))]
    for (f, args), want in zip(calls, mp_truths(_mp_kappa4, calls)):
        with np.errstate(invalid="ignore"):
            assert not float(getattr(ST.kappa4, f)(*args)) == pytest.approx(want, rel=1e-12, abs=0), f
        assert float(_f(f)(*args)) == pytest.approx(want, rel=2e-15, abs=0), f
    assert float(T.ppf(0.3, -1.0, 0.0)) == pytest.approx(float(ST.logistic.ppf(0.3)), rel=1e-15)


def test_ends():
    # the limits at the finite ends (the density's by h or k against 1), constants outside; refused with a traced
    # argument at an end (it moves with h and k)
    ends = [("pdf", (2.0, 0.3, 0.5), 0.0), ("pdf", (1.0, 0.3, 1.0), 1.0), ("logpdf", (0.5, 0.3, 2.0), np.inf),
            ("cdf", (2.0, 0.3, 0.5), 1.0), ("logsf", (2.0, 0.3, 0.5), -np.inf), ("pdf", (0.0, 1.0, 0.3), 1.0),
            ("logcdf", (np.log(0.5), 0.5, 0.0), -np.inf), ("pdf", (-2.0, -1.0, -0.5), 0.0),
            ("sf", (-3.0, 0.3, 0.5), 1.0), ("logpdf", (2.5, 0.3, 0.5), -np.inf)]
    for f, args, want in ends:
        assert float(_f(f)(*args)) == want, (f, args)
    for f in ("pdf", "cdf"):
        with pytest.raises(NoGradientRule, match="at a finite end of the support"):
            wg.grad(lambda v, f=f: _f(f)(2.0, v[0], v[1]))(np.array([0.3, 0.5]))
    assert wg.grad(lambda v: T.logcdf(v[0], v[1], v[2]))(np.array([2.5, 0.3, 0.5])).tolist() == [0.0, 0.0, 0.0]
    assert float(T.ppf(0.0, 0.3, 0.5)) == pytest.approx(float(ST.kappa4.ppf(0.0, 0.3, 0.5)), rel=1e-15)
    assert float(T.isf(0.0, 0.3, 0.5)) == 2.0 and float(T.ppf(1.0, -0.3, 0.0)) == np.inf
    for m in ("mean", "var", "std", "entropy"):
        assert not hasattr(T, m)  # (SciPy integrates them)


def test_float32_stays_float32():
    float32_check(T, (0.3, 0.2), x=0.4, summaries=("median",))


REFUSALS = [
    (lambda: T.cdf(0.5, np.inf, 0.2), "kappa4.cdf: the shape parameters must be finite \\(h is not"),
    (lambda: T.ppf(0.5, 0.3, np.nan), "kappa4.ppf: the shape parameters must be finite \\(k is not"),
    (lambda: T.logpdf(0.5, 0.3, 0.2, 0.0, -1.0), "kappa4.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 0.3, 0.2), "kappa4.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_refuses_where_u_overflows():
    # h = 0, z = -800: the log cdf -e^800 is -inf as a float, its derivatives overflow
    assert float(T.logcdf(-800.0, 0.0, 0.0)) == -np.inf
    with pytest.raises(NoGradientRule, match="overflows"):
        wg.grad(lambda x: T.logcdf(x, 0.0, 0.0))(-800.0)
