"""``scipy.stats``' ``rel_breitwigner`` (``k / ((z^2 - rho^2)^2 + rho^2)`` on ``z >= 0``): its density, tails,
quantiles, mean, variance, median and interval, entropy (in closed form).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its sf is 1 - cdf:
its upper tail and quantiles near q = 1 round); values and first and second derivatives against mpmath in x (or q) and
rho both sides of the sf's switch to its series (z = 2 sqrt(beta)), near rho at a large rho, near 0, far out; the
moments at a small and a large rho; float32; the refusals.
"""
import numpy as np
import pytest

from stats_file import ST, TAILS, distribution  # (first: it skips the file without SciPy)
from opcheck import (STATS_TAILS, case, float32_check, gradient_test, mp_points_test, mp_truths,
                     refusals_test, stats_values_test)
import wengert as wg

T, _f = distribution("rel_breitwigner")


CASES = [
    *[case(_f(f), _f(f), np.array([0.15, 0.9, 1.9, 4.5]), np.array([[0.7], [1.5]]), 0.1, 1.1,
           id=f"rel_breitwigner.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.6, 0.9]), np.array([[0.7], [1.5]]), 0.1, 1.3,
           id=f"rel_breitwigner.{f}") for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.3 if m in ("ppf", "isf") else 0.7]), np.array([1.2]), np.array([0.1]),
           np.array([1.4]), id=f"rel_breitwigner.{m}-size1") for m in STATS_TAILS + ("ppf", "isf")],
    *[case(_f(m), _f(m), np.zeros(0), 1.0, id=f"rel_breitwigner.{m}-size0") for m in STATS_TAILS + ("ppf", "isf")],
    case(_f("median"), lambda *a: T.median(*a), np.array([0.3, 2.0]), 0.2, 1.1, id="rel_breitwigner.median"),
    case(_f("interval"), lambda p, rho: T.interval(p, rho, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), 1.5,
         id="rel_breitwigner.interval"),
    *[case(_f(m), _f(m), np.array([0.4, 3.0]), 0.1, 1.3, id=f"rel_breitwigner.{m}") for m in ("mean", "var", "std")],
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"rel_breitwigner.{f}", (np.array([-0.5, 0.0, 0.01, 0.3, 1.0, 2.9, 4.0, 30.0]), rho, loc, 1.3)) for f in TAILS
      for rho in (0.3, 2.0) for loc in (0.0, -0.2)],
    *[(f"rel_breitwigner.{f}", (np.array([0.0, 0.01, 0.35, 0.5, 0.7, 0.99, 1.0]), rho, -0.1, 1.3))
      for f in ("ppf", "isf") for rho in (0.3, 2.0)],
    *[(f"rel_breitwigner.{m}", (np.array([0.1, 2.0, 40.0]), -0.1, 1.3)) for m in ("mean", "var", "std", "median")],
    ("rel_breitwigner.interval", (0.8, np.array([0.7, 2.0]), -0.1, 1.3)),
]

# (SciPy's sf is 1 - cdf, its isf and its ppf near 1 root finding on the cdf: 2e-10 relative off at rho = 2, z = 30)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    "rel_breitwigner.sf": 1e-9, "rel_breitwigner.logsf": 1e-9, "rel_breitwigner.ppf": 1e-9,
    "rel_breitwigner.isf": 1e-9, "rel_breitwigner.interval": 1e-9})


def _mp_rel_breitwigner(mp):
    def k(rho):
        s = mp.sqrt(rho * rho + 1)
        return 2 * mp.sqrt(2) * rho * rho * s / (mp.pi * mp.sqrt(rho * rho + rho * s))

    def pdf(z, rho):
        return k(rho) / ((z * z - rho * rho) ** 2 + rho * rho)

    def cdf(z, rho):  # (k / rho) Im(atan(z / b) / b), b = sqrt(-rho (rho + i)): the partial fractions' sum (mpmath's
        # complex atan keeps an absolute precision: 200 more digits)
        with mp.workdps(mp.mp.dps + 200):
            b = mp.sqrt(-rho * (rho + 1j))
            return +(k(rho) / rho * mp.im(mp.atan(z / b) / b))

    def sf(z, rho):  # (atan(w) - w cancels to w^3 / 3 far out: 200 more digits)
        with mp.workdps(mp.mp.dps + 200):
            b = mp.sqrt(-rho * (rho + 1j))
            return +(k(rho) / rho * mp.im(mp.atan(b / z) / b))

    def root(tail, t, rho, start):  # (Newton's steps from wengert's root: the value is checked, not assumed)
        z = mp.mpf(start)
        for _ in range(6):
            z = z - (tail(z, rho) - t) / (pdf(z, rho) if tail is cdf else -pdf(z, rho))
        return z

    def ppf(q, rho):
        start = float(T.ppf(float(q), float(rho)))
        return root(cdf, q, rho, start) if q <= 0.5 else root(sf, 1 - q, rho, start)

    def isf(q, rho):
        start = float(T.isf(float(q), float(rho)))
        return root(sf, q, rho, start) if q <= 0.5 else root(cdf, 1 - q, rho, start)

    def mean(rho):  # (with w = z^2 - rho^2, (k / 2) int dw / (w^2 + rho^2) from -rho^2; by mpmath's integral at rho = 2
        # in test_moments_against_mpmath)
        return k(rho) / (2 * rho) * (mp.pi / 2 + mp.atan(rho))

    def var(rho):  # (E[z^2] = rho sqrt(rho^2 + 1): mpmath's integral at rho = 2 in test_moments_against_mpmath)
        return rho * mp.sqrt(rho * rho + 1) - mean(rho) ** 2
    return {"logpdf": lambda *a: mp.log(pdf(*a)), "pdf": pdf, "cdf": cdf, "sf": sf,
            "logcdf": lambda *a: mp.log(cdf(*a)), "logsf": lambda *a: mp.log(sf(*a)), "ppf": ppf, "isf": isf,
            "mean": mean, "var": var}


#: both sides of the sf's switch to its series (z = 2 sqrt(beta): 4.217 at rho = 2), near rho at rho = 1e6 (the
#: rounding of sqrt(beta) and alpha / 2 kept out), near 0, far out (z = 1e30), a small rho; the quantiles at 1e-12 ..
#: 1 - 1e-9, near rho at rho = 50
MP_POINTS = [(f, args, i, rel) for f, args, i, rel in (
    ("logpdf", (1e-3, 2.0), 0, 1e-12), ("logpdf", (3.0, 1e-3), 1, 1e-12), ("pdf", (1e30, 2.0), 0, 1e-12),
    ("pdf", (1e6 + 0.3, 1e6), 1, 1e-12), ("cdf", (1e-7, 2.0), 1, 1e-12), ("cdf", (1e6 - 0.7, 1e6), 0, 1e-12),
    ("logcdf", (4.2, 2.0), 1, 1e-12), ("logcdf", (4.23, 2.0), 0, 1e-12), ("sf", (4.2, 2.0), 1, 1e-12),
    ("sf", (4.23, 2.0), 1, 1e-12), ("logsf", (4.2, 2.0), 0, 1e-12), ("logsf", (4.23, 2.0), 0, 1e-12),
    ("logsf", (1e30, 0.5), 1, 1e-12), ("sf", (0.1, 1e-3), 0, 1e-12), ("logsf", (1.5e6, 1e6), 1, 1e-12),
    ("ppf", (1e-12, 2.0), 0, 1e-11), ("ppf", (0.4, 0.3), 1, 1e-11), ("ppf", (1 - 1e-9, 2.0), 1, 1e-11),
    ("isf", (1e-40, 2.0), 0, 1e-11), ("isf", (1e-40, 2.0), 1, 1e-11), ("isf", (0.3, 20.0), 0, 1e-11),
    # (z small against rho: d/dz of the density's h and the cdf's beta - z^2 and L as 2z from terms of size rho, 3e-10
    # and 5e-10 off; the quantile near rho in rho, rho + t with t apart: 2.4e-9 off at rho = 50)
    ("pdf", (1e-5, 50.0), 0, 1e-12), ("cdf", (1e-5, 50.0), 0, 1e-12), ("ppf", (0.3, 50.0), 1, 1e-12),
    ("isf", (0.1, 50.0), 1, 1e-12))]

test_against_mpmath = mp_points_test(T, _mp_rel_breitwigner, MP_POINTS)


def test_where_scipy_is_off():
    # SciPy's sf is 1 - cdf (sf(30, 2) 2.2e-12 relative off, sf(1000, 30) 7.6e-10), its cdf near rho at a large rho
    # its complex arctan form (cdf(1e6 + 0.3, 1e6) 8.8e-11), its isf a root of 1 - cdf (isf(1e-9, 2) 7e-9)
    calls = [("sf", (30.0, 2.0)), ("sf", (1000.0, 30.0)), ("cdf", (1e6 + 0.3, 1e6)), ("isf", (1e-9, 2.0))]
    for (f, args), want in zip(calls, mp_truths(_mp_rel_breitwigner, calls)):
        assert not float(getattr(ST.rel_breitwigner, f)(*args)) == pytest.approx(want, rel=1e-12, abs=0), f
        assert float(_f(f)(*args)) == pytest.approx(want, rel=2e-15, abs=0), f


def test_moments_against_mpmath():
    mp = pytest.importorskip("mpmath")
    # the variance beta - mean^2 without its cancellation at a large rho (2 rho / pi of rho^2)
    shapes = [1e-3, 2.0, 1e6]
    calls = [(m, (s,)) for s in shapes for m in ("mean", "var")]
    for (m, args), want in zip(calls, mp_truths(_mp_rel_breitwigner, calls)):
        assert float(_f(m)(*args)) == pytest.approx(want, rel=4e-15), (m, args)
    with mp.workdps(20):
        functions = _mp_rel_breitwigner(mp)
        for n, want in ((1, functions["mean"](mp.mpf(2))), (2, 2 * mp.sqrt(5))):
            assert float(mp.quad(lambda z: z ** n * functions["pdf"](z, 2), [0, 2, 5, mp.inf])) == \
                pytest.approx(float(want), rel=1e-15)
    assert hasattr(T, "entropy")  # (closed, by residues; its mpmath truths: tests/test_stats_quadrature_entropy.py)


def test_quantiles_and_tails_agree():
    for rho in (1e-3, 2.0, 30.0, 1e5):
        for q in (1e-300, 1e-10, 0.3, 0.7) if rho < 1e5 else (1e-300, 1e-10):
            assert float(T.cdf(float(T.ppf(q, rho)), rho)) == pytest.approx(q, rel=1e-13)
            assert float(T.sf(float(T.isf(q, rho)), rho)) == pytest.approx(q, rel=1e-13)


def test_float32_stays_float32():
    float32_check(T, (2.0,), x=1.4, summaries=("mean", "var", "std", "median"))


REFUSALS = [
    (lambda: T.cdf(0.5, 0.0), "rel_breitwigner.cdf: the shape parameters must be positive \\(rho is not"),
    (lambda: T.ppf(0.5, -1.0), "rel_breitwigner.ppf: the shape parameters must be positive \\(rho is not"),
    (lambda: T.mean(np.inf), "rel_breitwigner.mean: rho must be at most 1e150"),
    (lambda: T.cdf(1.0, 1e151), "rel_breitwigner.cdf: rho must be at most 1e150"),
    (lambda: T.median(1e16), "rel_breitwigner.ppf: rho must be at most 1e15 for the quantiles"),
    (lambda: T.logpdf(0.5, 2.0, 0.0, -1.0), "rel_breitwigner.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "rel_breitwigner.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_hessian_in_x_rho_scale_on_every_path():
    """The sf both sides of its switch to the series (z = 2 sqrt(beta) = 4.217 at rho = 2) and the ppf above the
    median: the Hessian in (x or q, rho, scale) on every path against mpmath's."""
    mp = pytest.importorskip("mpmath")
    for method, point in (("sf", (4.2, 2.0, 1.0)), ("sf", (4.24, 2.0, 1.0)), ("ppf", (0.8, 2.0, 1.3))):
        with mp.workdps(50):
            fn = _mp_rel_breitwigner(mp)[method]

            def mpf(x, rho, scale):
                return fn(x / scale, rho) if method != "ppf" else scale * fn(x, rho)
            truth = np.array([[float(mp.diff(mpf, [mp.mpf(p) for p in point], tuple(
                int(k == i) + int(k == j) for k in range(3)))) for j in range(3)] for i in range(3)])

        def f(v, method=method):
            return getattr(T, method)(v[0], v[1], 0.0, v[2])
        v = np.array(point)
        for path in (wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacfwd(wg.jacfwd(f))):
            np.testing.assert_allclose(path(v), truth, rtol=1e-11, atol=1e-30)
