"""``scipy.stats``' ``vonmises_line``: ``vonmises``'s density on ``|z| <= pi`` (its ends included), 0 beyond (vonmises's
is periodic); its log density, density, mean, entropy, tails and variance (as vonmises's in the period: those against
mpmath in tests/test_stats_vonmises.py, its quantiles too).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's inside, at and beyond the ends; the Hessian in (x, kappa, loc,
scale) against its closed form (mpmath's Bessel functions) near the end and at kappa = 0; constants beyond the ends;
float32; the refusals.
"""
import numpy as np
import pytest

from stats_file import ST, distribution  # (first: it skips the file without SciPy)
from opcheck import case, float32_check, gradient_test, refusals_test, stats_values_test
import wengert as wg

T, _f = distribution("vonmises_line")

CASES = [
    *[case(_f(f), _f(f), np.array([-2.9, 0.3, 3.5]), np.array([[0.3], [2.5]]), 0.2, 1.1, id=f"vonmises_line.{f}")
      for f in ("logpdf", "pdf")],
    case(_f("mean"), _f("mean"), np.array([0.2, 3.0]), 0.2, 1.3, id="vonmises_line.mean"),
    case(_f("entropy"), _f("entropy"), np.array([0.3, 3.0, 25.0]), 0.2, 1.3, id="vonmises_line.entropy"),
    *[case(_f(m), _f(m), np.array([-2.0, 0.4]), np.array([[0.5], [3.0]]), 0.2, 1.1, id=f"vonmises_line.{m}")
      for m in ("cdf", "sf", "logcdf", "logsf")],
    *[case(_f(m), _f(m), np.array([0.2, 3.0, 40.0]), 0.2, 1.3, id=f"vonmises_line.{m}") for m in ("var", "std")],
    # (vonmises' root: its cases are tests/test_stats_vonmises.py's, on both sides of 1/4 and 1/2)
    *[case(_f(m), _f(m), np.array([0.1, 0.8]), 2.0, 0.2, 1.1, id=f"vonmises_line.{m}") for m in ("ppf", "isf")],
    case(_f("median"), _f("median"), 3.0, 0.2, 1.1, id="vonmises_line.median"),
    case(_f("interval"), _f("interval"), 0.9, 2.0, 0.2, 1.1, id="vonmises_line.interval"),
]

test_gradient = gradient_test(CASES)

#: inside, the ends +-pi (scale 1.2, loc 0.3: z = +-pi exactly where x = 0.3 +- 1.2 pi rounds back), beyond, +-inf
X = np.array([-np.inf, -7.0, -3.5, -3.0, 0.5, 3.0, 3.9, 7.0, np.inf])
VALUE_CHECKS = [
    *[(f"vonmises_line.{f}", (X, kappa, 0.3, 1.2)) for f in ("logpdf", "pdf") for kappa in (0.0, 2.0, 50.0)],
    *[(f"vonmises_line.{f}", (np.array([-np.pi, np.pi]), 2.0)) for f in ("logpdf", "pdf")],
    ("vonmises_line.mean", (np.array([0.0, 2.0, 50.0]), 0.3, 1.2)),
    ("vonmises_line.entropy", (np.array([0.0, 2.0, 50.0]), 0.3, 1.2)),
    *[(f"vonmises_line.{m}", (X, np.array([[0.5], [2.0]]), 0.3, 1.2)) for m in ("cdf", "sf", "logcdf", "logsf")],
    *[(f"vonmises_line.{m}", (0.0, 0.3, 1.2)) for m in ("var", "std")],  # (SciPy's a slow quadrature: 2.4 s at 2)
    *[(f"vonmises_line.{m}", (np.array([0.0, 1e-12, 0.1, 0.6, 0.97, 1.0]), np.array([[0.5], [2.0]]), 0.3, 1.2))
      for m in ("ppf", "isf")],
    ("vonmises_line.median", (np.array([0.5, 2.0]), 0.3, 1.2)),
    ("vonmises_line.interval", (np.array([0.0, 0.5, 0.95, 1.0]), 2.0, 0.3, 1.2)),
]

# (at kappa = 50 near the ends kappa cos z - log(2 pi I0) is some -100: SciPy's and wengert's rounding 3e-15 apart;
# SciPy's mean a quadrature, 1e-15 off loc)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"vonmises_line.logpdf": 1e-14,
                                                                     "vonmises_line.ppf": 1e-13,
                                                                     "vonmises_line.isf": 1e-13,
                                                                     "vonmises_line.median": 1e-15,
                                                                     "vonmises_line.interval": 1e-12,
                                                                     "vonmises_line.pdf": 1e-14,
                                                                     "vonmises_line.mean": 1e-14,
                                                                     "vonmises_line.entropy": 1e-12,
                                                                     **{f"vonmises_line.{m}": 1e-11 for m in (
                                                                         "cdf", "sf", "logcdf", "logsf", "var",
                                                                         "std")}})
# (the tails: SciPy's series keeps 4e-15 absolute, sf(3.9, 2, 0.3, 1.2) 0.0013468622889359905 for mpmath's
# 0.0013468622889293199, ours ...293192: 5e-12 relative on SciPy's side)


def _mp_hessian(mp, point):
    """The Hessian of logpdf in (x, kappa, loc, scale) at ``point``: kappa (cos z - 1) - log(2 pi i0e(kappa) scale)
    differentiated by mpmath (its besseli) at 40 digits."""
    def g(x, kappa, loc, scale):
        z = (x - loc) / scale
        return kappa * mp.cos(z) - mp.log(2 * mp.pi * mp.besseli(0, kappa)) - mp.log(scale)
    with mp.workdps(40):
        p = [mp.mpf(v) for v in point]
        return np.array([[float(mp.diff(g, p, tuple(int(a == i) + int(a == j) for a in range(4)))) for j in range(4)]
                         for i in range(4)])


def test_hessian_near_the_ends_and_at_kappa_0():
    mp = pytest.importorskip("mpmath")
    # (kappa = 0 itself: d/dkappa was cos z - 1 there, the truth cos z: i0e's kink)
    for point in ((3.1, 2.0, 0.0, 1.0), (-2.0, 1e-3, 0.5, 0.8), (np.pi, 0.7, 0.0, 1.0), (-2.0, 0.0, 0.5, 0.8)):
        truth = _mp_hessian(mp, point)

        def f(v):
            return T.logpdf(v[0], v[1], v[2], v[3])
        v = np.array(point)
        for path in (wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacfwd(wg.jacfwd(f))):
            np.testing.assert_allclose(path(v), truth, rtol=1e-12, atol=1e-14 * np.max(np.abs(truth)))
        z = (point[0] - point[2]) / point[3]
        if point[1] == 0.0:
            assert float(wg.grad(lambda k: T.logpdf(point[0], k, point[2], point[3]))(0.0)) == pytest.approx(np.cos(z))


def test_beyond_the_ends():
    # 0 (-inf) beyond |z| = pi with every derivative 0 (vonmises's density there is periodic: 0.0189 at 4, kappa 2)
    assert float(T.pdf(4.0, 2.0)) == 0.0 and float(T.logpdf(-4.0, 2.0)) == -np.inf
    assert float(ST.vonmises.pdf(4.0, 2.0)) > 0.01
    for f in ("pdf", "logpdf"):
        g = wg.grad(lambda v, f=f: _f(f)(v[0], v[1], v[2], v[3]))(np.array([4.0, 2.0, 0.0, 1.0]))
        assert g.tolist() == [0.0, 0.0, 0.0, 0.0], f
    assert float(T.pdf(np.pi, 2.0)) == pytest.approx(float(ST.vonmises_line.pdf(np.pi, 2.0)), rel=1e-14)
    # the quantiles (once absent) end at the support's ends, as SciPy's (vonmises' at -+inf: SciPy's support the line)
    assert [float(T.ppf(q, 2.0)) for q in (0.0, 1.0)] == [-np.pi, np.pi]
    assert [float(T.isf(q, 2.0)) for q in (0.0, 1.0)] == [np.pi, -np.pi]


def test_float32_stays_float32():
    for m in ("logpdf", "pdf"):
        got = getattr(T, m)(np.float32(0.7), np.float32(2.0))
        assert np.asarray(got).dtype == np.float32
        assert float(got) == pytest.approx(float(getattr(ST.vonmises_line, m)(0.7, 2.0)), rel=2e-6)
    assert np.asarray(T.mean(np.float32(2.0))).dtype == np.float32


REFUSALS = [
    (lambda: T.logpdf(0.5, -1.0), "vonmises_line: kappa must be finite and not negative"),
    (lambda: T.pdf(0.5, np.inf), "vonmises_line: kappa must be finite and not negative"),
    (lambda: T.mean(-0.5), "vonmises_line.mean: kappa must be finite and not negative"),
    (lambda: T.logpdf(0.5, 1.0, 0.0, -1.0), "vonmises_line.logpdf: scale must be positive"),
]

test_refusals = refusals_test(REFUSALS)
