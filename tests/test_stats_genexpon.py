"""``scipy.stats``' ``genexpon`` (``(a + b (1 - e^(-c z))) exp(-a z - b z + (b / c)(1 - e^(-c z)))`` on ``z >= 0``): its
density, tails, quantiles, mean, median and interval (no variance: SciPy integrates it; the entropy by quadrature,
tests/test_stats_quadrature_entropy.py).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its tails near 0,
where ``-(a + b) z + (b / c)(1 - e^(-c z))`` cancels; its quantiles near q = 0, Lambert W's ``t + W``); values and
first and second derivatives against mpmath in x (or q), a, b and c near 0, on both sides of ``c z = 1/2`` (the series
of ``e^-y - 1 + y``), far out; the mean on both sides of its switch; float32; the refusals.
"""
import numpy as np
import pytest

from stats_file import ST, TAILS, distribution  # (first: it skips the file without SciPy)
from opcheck import (STATS_TAILS, case, float32_check, gradient_test, mp_points_test, mp_truths,
                     refusals_test, stats_values_test)
import wengert as wg

T, _f = distribution("genexpon")


CASES = [
    *[case(_f(f), _f(f), np.array([0.15, 0.3, 1.2, 3.0]), np.array([[0.7], [1.5]]), 2.0, 1.3, 0.1, 1.1,
           id=f"genexpon.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.5, 0.9]), np.array([[0.7], [1.5]]), 2.0, 1.3, 0.1, 1.3,
           id=f"genexpon.{f}") for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.3 if m in ("ppf", "isf") else 0.7]), np.array([1.2]), np.array([0.8]),
           np.array([2.0]), np.array([0.1]), np.array([1.4]), id=f"genexpon.{m}-size1")
      for m in STATS_TAILS + ("ppf", "isf")],
    *[case(_f(m), _f(m), np.zeros(0), 1.0, 2.0, 3.0, id=f"genexpon.{m}-size0") for m in STATS_TAILS + ("ppf", "isf")],
    case(_f("median"), lambda *a: T.median(*a), np.array([0.3, 2.0]), np.array([[1.4], [0.5]]), 1.5, 0.6, 1.1,
         id="genexpon.median"),
    case(_f("interval"), lambda p, a, b, c: T.interval(p, a, b, c, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), 1.0, 2.0,
         3.0, id="genexpon.interval"),
    case(_f("mean"), _f("mean"), np.array([0.7, 2.0]), np.array([[0.5], [3.0]]), 1.5, 0.1, 1.3, id="genexpon.mean"),
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"genexpon.{f}", (np.array([-0.5, 0.0, 0.01, 0.3, 1.0, 4.0, 30.0]), *shapes, loc, 1.3)) for f in TAILS
      for shapes in ((1.0, 2.0, 3.0), (0.5, 0.2, 8.0)) for loc in (0.0, -0.2)],
    *[(f"genexpon.{f}", (np.array([0.0, 0.01, 0.35, 0.7, 0.999, 1.0]), *shapes, -0.1, 1.3)) for f in ("ppf", "isf")
      for shapes in ((1.0, 2.0, 3.0), (0.5, 0.2, 8.0))],
    *[(f"genexpon.{m}", (np.array([0.7, 2.0]), 1.5, np.array([[0.5], [3.0]]), -0.1, 1.3)) for m in ("mean", "median")],
    ("genexpon.interval", (0.8, np.array([0.7, 2.0]), 1.5, 3.0, -0.1, 1.3)),
]

# (SciPy's quantiles t + W(-b/s e^-t) cancel near q = 0: ppf(0.01, 1, 2, 3) 5e-10 relative off; its mean an integral)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"genexpon.ppf": 1e-8, "genexpon.isf": 1e-8,
                                                                     "genexpon.mean": 1e-9})


def _mp_genexpon(mp):
    def big_f(z, a, b, c):
        return a * z + (b / c) * (mp.expm1(-c * z) + c * z)

    def pdf(z, a, b, c):
        return (a - b * mp.expm1(-c * z)) * mp.exp(-big_f(z, a, b, c))

    def root(r, a, b, c, start):  # (Newton's steps from wengert's root: the value is checked, not assumed)
        z = mp.mpf(start)
        for _ in range(4):
            z = z - (big_f(z, a, b, c) - r) / (a - b * mp.expm1(-c * z))
        return z

    def mean(a, b, c):
        return mp.quad(lambda z: mp.exp(-big_f(z, a, b, c)), [0, 1, 10, 100, mp.inf])
    return {"logpdf": lambda *a: mp.log(pdf(*a)), "pdf": pdf, "cdf": lambda *a: -mp.expm1(-big_f(*a)),
            "sf": lambda *a: mp.exp(-big_f(*a)), "logcdf": lambda *a: mp.log(-mp.expm1(-big_f(*a))),
            "logsf": lambda *a: -big_f(*a), "mean": mean,
            "ppf": lambda q, *s: root(-mp.log1p(-q), *s, start=float(T.ppf(float(q), *(float(v) for v in s)))),
            "isf": lambda q, *s: root(-mp.log(q), *s, start=float(T.isf(float(q), *(float(v) for v in s))))}


#: near 0 (z = 1e-7, where SciPy's forms cancel), both sides of c z = 1/2 (the series of e^-y - 1 + y; c = 2), far out
#: (sf 1e-40), a small a; the quantiles at 1e-12 .. 1 - 1e-9
MP_POINTS = [(f, args, i, 1e-11) for f, args, i in (
    ("logpdf", (1e-7, 0.5, 2.0, 3.0), 0), ("logpdf", (0.24, 1.0, 2.0, 2.0), 3), ("logpdf", (0.26, 1.0, 2.0, 2.0), 2),
    ("pdf", (3.0, 1.0, 0.5, 0.3), 1), ("cdf", (1e-7, 1e-3, 1.0, 1.0), 1), ("cdf", (0.24, 1.0, 2.0, 2.0), 3),
    ("logcdf", (1e-7, 1e-3, 1.0, 1.0), 0), ("logcdf", (0.26, 1.0, 2.0, 2.0), 2), ("sf", (2.0, 1.0, 2.0, 0.5), 3),
    ("logsf", (1e-7, 1e-3, 1.0, 1.0), 3), ("logsf", (30.0, 1.0, 2.0, 3.0), 1), ("logsf", (0.26, 1.0, 2.0, 2.0), 0),
    ("ppf", (1e-12, 1.0, 2.0, 3.0), 0), ("ppf", (1e-12, 1.0, 2.0, 3.0), 2), ("ppf", (0.4, 0.5, 2.0, 3.0), 3),
    ("isf", (1e-40, 1.0, 2.0, 3.0), 1), ("isf", (0.3, 2.0, 0.5, 0.2), 0), ("isf", (1 - 1e-9, 1.0, 2.0, 3.0), 2))]

test_against_mpmath = mp_points_test(T, _mp_genexpon, MP_POINTS)


def test_where_scipy_is_off():
    # SciPy's tails -(a + b) z + (b / c)(1 - e^(-c z)) cancel near 0 (cdf(1e-6, 1e-8, 1, 1) 3.3e-10 relative off),
    # its log density log(a + b (1 - e^(-c z))) (logpdf(1e-6, 1, 2, 3) 5.9e-12), its quantiles t + W(-b/s e^-t)
    # near q = 0 (ppf(1e-10, 1, 2, 3) 4.5e-7, isf(1 - 1e-10) 3.7e-7)
    calls = [("cdf", (1e-6, 1e-8, 1.0, 1.0)), ("logpdf", (1e-6, 1.0, 2.0, 3.0)), ("ppf", (1e-10, 1.0, 2.0, 3.0)),
             ("isf", (1 - 1e-10, 1.0, 2.0, 3.0))]
    for (f, args), want in zip(calls, mp_truths(_mp_genexpon, calls)):
        assert not float(getattr(ST.genexpon, f)(*args)) == pytest.approx(want, rel=1e-12, abs=0), f
        assert float(_f(f)(*args)) == pytest.approx(want, rel=1e-15, abs=0), f


def test_mean_against_mpmath():
    # both sides of the series' switch (b <= a), and at s = (a + b) / c = 1e6 + 1 (Stirling's form: 7e-10 off through
    # lgamma's s log s terms); SciPy integrates (mean(0.5, 5, 20) 2e-10 relative off)
    shapes = [(1.0, 1.0, 2.0), (1.0, 1.01, 2.0), (1e-3, 1e3, 1e-3)]
    for args, want in zip(shapes, mp_truths(_mp_genexpon, [("mean", s) for s in shapes])):
        assert float(T.mean(*args)) == pytest.approx(want, rel=2e-15)
    assert hasattr(T, "var")  # (SciPy integrates it; by quadrature: tests/test_stats_quadrature_moments.py)
    assert hasattr(T, "entropy")  # (by quadrature: tests/test_stats_quadrature_entropy.py)


def test_quantiles_and_tails_agree():
    for shapes in ((1.0, 2.0, 3.0), (1e-3, 1.0, 1.0), (2.0, 0.5, 0.1)):
        for q in (1e-300, 1e-10, 0.3, 0.7):
            assert float(T.cdf(float(T.ppf(q, *shapes)), *shapes)) == pytest.approx(q, rel=1e-13)
            assert float(T.sf(float(T.isf(q, *shapes)), *shapes)) == pytest.approx(q, rel=1e-13)


def test_float32_stays_float32():
    float32_check(T, (1.0, 2.0, 3.0), x=0.4, summaries=("mean", "median"))


REFUSALS = [
    (lambda: T.cdf(0.5, 0.0, 1.0, 1.0), "genexpon.cdf: the shape parameters must be positive \\(a is not"),
    (lambda: T.ppf(0.5, 1.0, -1.0, 1.0), "genexpon.ppf: the shape parameters must be positive \\(b is not"),
    (lambda: T.mean(1.0, 1.0, 0.0), "genexpon.mean: the shape parameters must be positive \\(c is not"),
    (lambda: T.pdf(0.5, 1.0, np.inf, 1.0), "genexpon.pdf: a, b and c must be finite"),
    (lambda: T.logpdf(0.5, 1.0, 2.0, 3.0, 0.0, -1.0), "genexpon.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 1.0, 2.0, 3.0), "genexpon.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_log_cdf_near_zero_log_z_apart():
    """Where ``F = z (a + b h(c z)) < 1/2`` the log cdf is ``log z + log(a + b h(c z)) + log((1 - e^-F) / F)``, ``log z``
    from :func:`_log_of_z`: through ``log(1 - e^-F)`` d2/dx da was ``L''(F) F_x F_a + L'(F) F_xa``, two terms of size
    ``1 / (a z)`` cancelling (logcdf(1e-6, 0.5, 3, 2): 2.4e-11 relative off; 3e-11 at 1e-8), d2/dx dscale ``1 / z -
    1 / z``. The Hessian in (x, a, scale) on every path against mpmath's."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        def log_cdf(x, a, scale):
            z = x / scale
            return mp.log(-mp.expm1(-a * z - 3 * z + mp.mpf(3) / 2 * (-mp.expm1(-2 * z))))
        point = (4e-7, 0.5, 0.4)
        truth = np.array([[float(mp.diff(log_cdf, [mp.mpf(p) for p in point], tuple(
            int(k == i) + int(k == j) for k in range(3)))) for j in range(3)] for i in range(3)])

    def f(v):
        return T.logcdf(v[0], v[1], 3.0, 2.0, 0.0, v[2])
    v = np.array(point)
    for path in (wg.hessian(f), wg.jacfwd(wg.jacrev(f)), wg.jacrev(wg.jacfwd(f)), wg.jacfwd(wg.jacfwd(f))):
        np.testing.assert_allclose(path(v), truth, rtol=1e-13)


def test_log_density_where_the_rate_outgrows_a():
    # log(a + q), q = b (1 - e^-cz) >> a: through log a + log1p(q / a) d/da was 1 / a - q / (a (a + q)), two terms of
    # 1e6 cancelling to 2.9 (1.8e-11 off), d2/da2 6e-5 off (the entropy's Hessian in a with it: test_stats_quadrature_
    # entropy); mpmath at 50 digits of log(a + b (1 - e^-cz)) - (a + b) z + (b / c)(1 - e^-cz)
    def f(v):
        return T.logpdf(v[0], v[1], v[2], 1.0)
    v = np.array([0.36, 1e-6, 1.0])
    assert float(f(v)) == pytest.approx(-1.2539304459271259, rel=4e-16)
    np.testing.assert_allclose(wg.grad(f)(v), [2.00538086992932, 2.9477022361560525, 0.9423203662267328], rtol=2e-15)
    assert float(wg.hessian(f)(v)[1, 1]) == pytest.approx(-10.94089408307175, rel=2e-15)
