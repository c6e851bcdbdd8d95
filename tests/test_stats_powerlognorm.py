"""``scipy.stats``' ``powerlognorm`` (``(c / (z s)) npdf(u) ndtr(-u)^(c - 1)``, ``u = log(z) / s``, on ``z > 0``): its
density, tails, quantiles, median and interval (no mean, variance or entropy: SciPy integrates them).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its ppf, ``isf(1 -
q)``, in the lower tail); values and first and second derivatives against mpmath in x (or q), c and s near 0, both
sides of u = -37 and of the median, far out; the ends; float32; the refusals.
"""
import numpy as np
import pytest

import wengert as wg

from stats_file import ST, TAILS, distribution  # (first: it skips the file without SciPy)
from opcheck import (case, flat_at_zero_check, float32_check, gradient_test, mp_points_test,
                     mp_truths, refusals_test, stats_values_test, two_shape_common_cases)

T, _f = distribution("powerlognorm")


CASES = [
    *[case(_f(f), _f(f), np.array([0.2, 0.7, 1.5, 4.0]), np.array([[0.7], [2.5]]), 0.8, 0.1, 1.1,
           id=f"powerlognorm.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.5, 0.9]), np.array([[0.7], [2.5]]), 0.8, 0.1, 1.3,
           id=f"powerlognorm.{f}") for f in ("ppf", "isf")],
    *[c for c in two_shape_common_cases(T, "powerlognorm", size1_x=0.9, size1_shapes=(1.5, 0.7), shapes=(1.5, 0.7))
      if c.id != "powerlognorm.median"],  # (its shapes there -2: c and s positive)
    case(_f("median"), lambda *a: T.median(*a), np.array([0.3, 2.0]), np.array([[1.4], [0.5]]), 0.6, 1.1,
         id="powerlognorm.median"),
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"powerlognorm.{f}", (np.array([-0.5, 0.0, 1e-3, 0.3, 1.0, 2.0, 20.0]), *shapes, loc, 1.3)) for f in TAILS
      for shapes in ((2.0, 1.0), (0.3, 0.5), (20.0, 2.0)) for loc in (0.0, -0.2)],
    *[(f"powerlognorm.{f}", (np.array([0.0, 0.01, 0.35, 0.7, 0.999, 1.0]), *shapes, -0.1, 1.3)) for f in ("ppf", "isf")
      for shapes in ((2.0, 1.0), (0.3, 0.5), (20.0, 2.0))],
    *[("powerlognorm.median", (np.array([0.7, 2.0]), np.array([[0.5], [3.0]]), -0.1, 1.3))],
    ("powerlognorm.interval", (0.8, np.array([0.7, 2.0]), 1.5, -0.1, 1.3)),
]

# (SciPy's ppf is isf(1 - q): ppf(0.01, 2, 1) 3e-14 relative off)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"powerlognorm.ppf": 1e-10,
                                                                     "powerlognorm.median": 1e-10,
                                                                     "powerlognorm.interval": 1e-10})


def _mp_powerlognorm(mp):
    def log_sf(z, c, s):  # (log1p of the cdf's side below z = 1: 1 - ndtr(u) rounds there)
        u = mp.log(z) / s
        return c * (mp.log1p(-mp.ncdf(u)) if u < 0 else mp.log(mp.ncdf(-u)))

    def pdf(z, c, s):
        return c / (z * s) * mp.npdf(mp.log(z) / s) * mp.exp((c - 1) * log_sf(z, 1, s))

    def log_cdf(z, c, s):
        v = log_sf(z, c, s)
        return mp.log(-mp.expm1(v)) if v > -mp.log(2) else mp.log1p(-mp.exp(v))

    def root(level, c, s, start):  # (Newton's steps in log z from wengert's root: the value is checked, not assumed)
        t = mp.log(mp.mpf(start))
        for _ in range(4):
            z = mp.exp(t)
            t = t - (log_sf(z, c, s) - level) / (-c * mp.npdf(t / s) / (s * mp.exp(log_sf(z, 1, s))))
        return mp.exp(t)
    return {"logpdf": lambda *a: mp.log(pdf(*a)), "pdf": pdf, "sf": lambda *a: mp.exp(log_sf(*a)),
            "cdf": lambda *a: -mp.expm1(log_sf(*a)), "logcdf": log_cdf, "logsf": log_sf,
            "ppf": lambda q, c, s: root(mp.log1p(-q), c, s, float(T.ppf(float(q), float(c), float(s)))),
            "isf": lambda q, c, s: root(mp.log(q), c, s, float(T.isf(float(q), float(c), float(s))))}


#: near 0 (c ndtr(u) = e^-46 at z = e^-9.23 for c = 2, s = 1: both sides; z = e^-37), the median's switch of the log cdf (c = 2, s = 1: z = 0.5799),
#: far out (sf 1e-60), the quantiles from 1e-300 to 1 - 1e-10
MP_POINTS = [(f, args, i, 1e-11) for f, args, i in (
    ("logpdf", (1e-3, 2.0, 1.0), 0), ("logpdf", (3.0, 0.3, 0.5), 2), ("pdf", (0.5, 20.0, 2.0), 1),
    ("cdf", (np.exp(-9.2), 2.0, 1.0), 0), ("cdf", (np.exp(-9.3), 2.0, 1.0), 1), ("cdf", (0.3, 0.5, 0.7), 2),
    ("logcdf", (np.exp(-36.9), 2.0, 1.0), 2), ("logcdf", (np.exp(-9.2), 2.0, 1.0), 2),
    ("logcdf", (np.exp(-9.3), 2.0, 1.0), 0), ("logcdf", (0.57, 2.0, 1.0), 1),
    ("logcdf", (0.59, 2.0, 1.0), 2), ("sf", (2.0, 1.5, 0.8), 1), ("logsf", (1e5, 2.0, 1.0), 2),
    ("logsf", (1e-3, 0.3, 0.5), 2), ("ppf", (1e-100, 0.3, 0.5), 0), ("ppf", (1e-10, 2.0, 1.0), 1),
    ("ppf", (0.5, 2.0, 1.0), 2), ("isf", (1e-200, 2.0, 1.0), 2), ("isf", (0.3, 20.0, 0.5), 1),
    ("isf", (1 - 1e-10, 2.0, 1.0), 0))]

test_against_mpmath = mp_points_test(T, _mp_powerlognorm, MP_POINTS)


def test_where_scipy_is_off():
    # SciPy's ppf is isf(1 - q), ndtri(q^(1/c)) of 1 - q: ppf(1e-10, 2, 1) 2e-7 relative off, ppf(1e-20, 2, 1) 1 for
    # 1.6e-4 (1 - 1e-20 rounds to 1); and its log cdf log(cdf) is -inf where the cdf underflows (logcdf(1e-300, 2, 1))
    calls = [("ppf", (1e-10, 2.0, 1.0)), ("ppf", (1e-20, 2.0, 1.0)), ("logcdf", (1e-300, 2.0, 1.0))]
    for (f, args), want in zip(calls, mp_truths(_mp_powerlognorm, calls)):
        with np.errstate(divide="ignore"):
            assert not float(getattr(ST.powerlognorm, f)(*args)) == pytest.approx(want, rel=1e-9, abs=0), f
        assert float(_f(f)(*args)) == pytest.approx(want, rel=1e-13, abs=0), f


def test_at_zero():
    # the density vanishes at z = 0 faster than any power: every derivative 0 there, the ends of the quantiles steep
    flat_at_zero_check(T, (2.0, 1.0))
    assert float(T.ppf(0.0, 2.0, 1.0)) == 0.0 and float(T.isf(0.0, 2.0, 1.0)) == np.inf


def test_quantiles_and_tails_agree():
    for shapes in ((2.0, 1.0), (0.3, 0.5), (20.0, 2.0)):
        for q in (1e-300, 1e-10, 0.3, 0.7):
            assert float(T.cdf(float(T.ppf(q, *shapes)), *shapes)) == pytest.approx(q, rel=1e-12)
            assert float(T.sf(float(T.isf(q, *shapes)), *shapes)) == pytest.approx(q, rel=1e-12)
    assert all(hasattr(T, m) for m in ("mean", "var", "std"))  # (by quadrature: tests/test_stats_quadrature_moments.py)
    assert hasattr(T, "entropy")  # (by quadrature: tests/test_stats_quadrature_entropy.py)


def test_quantile_hessian_far_in_the_lower_tail_on_every_path():
    # ppf(1e-300, 2, 1, 0, 1.5) in (q, c, s, scale): mpmath's (dps 60, scale exp(s ndtri(-expm1(log1p(-q) / c))), its
    # ndtri a root of log(erfc(-w / sqrt 2) / 2)). Through p = -expm1(log1p(-q) / c), d/dp (1e285) overflowed beside
    # dp/dc (-q / c^2) in the paths that mix the modes: d2/dq dc +inf (one of the two entries on each)
    truth = np.array([[-np.inf, -4.4726159946095386e+280, -1.1652812715903511e+284, 2.1539919871663218e+282],
                      [-4.4726159946095386e+280, 8.3011007516041838e-19, 5.8264063579517556e-17,
                       -1.0769959935831609e-18],
                      [-1.1652812715903511e+284, 5.8264063579517556e-17, 1.6465335603816693e-13,
                       -2.9614615067278043e-15],
                      [2.1539919871663218e+282, -1.0769959935831609e-18, -2.9614615067278043e-15, 0.0]])
    f = lambda v: T.ppf(v[0], v[1], v[2], 0.0, v[3])  # noqa: E731
    point = np.array([1e-300, 2.0, 1.0, 1.5])
    for path in (wg.hessian(f), wg.jacfwd(wg.jacfwd(f)), wg.jacrev(wg.jacfwd(f)), wg.jacfwd(wg.grad(f))):
        with np.errstate(over="ignore"):  # (d2/dq2, -3.1e582, overflows)
            np.testing.assert_allclose(np.asarray(path(point)), truth, rtol=2e-13, atol=0)


def test_float32_stays_float32():
    float32_check(T, (2.0, 1.0), x=0.4, summaries=("median",))


REFUSALS = [
    (lambda: T.cdf(0.5, 0.0, 1.0), "powerlognorm.cdf: the shape parameters must be positive \\(c is not"),
    (lambda: T.ppf(0.5, 1.0, -1.0), "powerlognorm.ppf: the shape parameters must be positive \\(s is not"),
    (lambda: T.pdf(0.5, np.inf, 1.0), "powerlognorm.pdf: c and s must be finite"),
    (lambda: T.logpdf(0.5, 1.0, 2.0, 0.0, -1.0), "powerlognorm.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 1.0, 2.0), "powerlognorm.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


@pytest.mark.parametrize("x", [1e-310, 5e-324])
def test_density_hessian_at_a_subnormal_x(x):
    """pdf(1e-310, 1, 1)'s d2/dx2 was NaN (exp(log density) met 1 / z's overflow at a subnormal z), the truth
    exp(L) (L'^2 + L''), L = -log z - u^2 / 2 + const, u = log z: e^-254000 z^-2 u^2, 0 in floats (mpmath below);
    now 0 with every derivative where the log density is below -3000 (as the other densities vanishing at an end)."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(30):
        z = mp.mpf(x)
        u = mp.log(z)
        big_l = -mp.log(z) - u * u / 2 - mp.log(2 * mp.pi) / 2
        slope, curvature = -(1 + u) / z, ((1 + u) - 1) / z ** 2
        assert abs(mp.exp(big_l) * (slope ** 2 + curvature)) < mp.mpf(2) ** -1075  # (below half the least subnormal)

    def f(v):
        return T.pdf(v[0], v[1], v[2], 0.0, v[3])
    at = np.array([x, 1.0, 1.0, 1.3])
    for path in (wg.hessian, lambda f: wg.jacfwd(wg.jacrev(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
                 lambda f: wg.jacfwd(wg.jacfwd(f))):
        np.testing.assert_array_equal(np.asarray(path(f)(at)), np.zeros((4, 4)))
    assert float(wg.grad(wg.grad(lambda t: T.pdf(t, 1.0, 1.0)))(x)) == 0.0
