"""``scipy.stats``' ``recipinvgauss`` (``1 / y`` for invgauss's ``y``: the density ``exp(-(1 - mu z)^2 / (2 mu^2 z))
/ sqrt(2 pi z)`` on ``z > 0``): its density, tails, quantiles, mean, variance, median and interval; the entropy by
quadrature (tests/test_stats_quadrature_entropy.py).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its cdf for a small
mu, NaN or raising; its quantiles far out; its mean and variance, integrated); values and first and second derivatives
against mpmath in x (or q) and mu, near 0 and far out (both sides of the asymptotic forms' switches at 1e-20 and 1e20),
at a small and a large mu; the values and derivatives at 1e-300 and 1e300 (infinite, never NaN); z = 0 (flat), the
quantile's ends, the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, flat_at_zero_check, float32_check, gradient_test, infinite_ends_check,  # noqa: E402
                     mp_points_test, mp_truths, one_shape_common_cases, refusals_test, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.recipinvgauss
Z = np.array([0.05, 0.4, 1.1, 3.0])
MU = np.array([[0.3], [2.0]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, MU, np.array([[[0.0]], [[-0.01]]]), 1.3, id=f"recipinvgauss.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.5, 0.7, 0.95]), MU, 0.1, 1.3, id=f"recipinvgauss.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.3, 1.0, 4.0]), np.array([[0.0], [1.0]]), 1.4, id=f"recipinvgauss.{m}")
      for m in ("mean", "var", "std")],
    *one_shape_common_cases(T, "recipinvgauss"),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 1e-3, 0.05, 0.4, 1.0, 2.5, 10.0, 40.0])
VALUE_CHECKS = [
    *[(f"recipinvgauss.{f}", (POINTS, mu, loc, 1.3)) for f in TAILS for mu in (0.3, 1.0, 4.0) for loc in (0.0, 0.05)],
    # (not far out: SciPy's roots are off there, see test_where_scipy_is_off)
    *[(f"recipinvgauss.{f}", (np.array([0.0, 0.001, 0.1, 0.5, 0.9, 0.999, 1.0]), mu, -0.1, 1.3))
      for f in ("ppf", "isf") for mu in (0.3, 1.0, 4.0)],
    # (SciPy integrates the mean and the variance: 3e-12 and 3.3e-10 relative off at mu = 0.3)
    *[(f"recipinvgauss.{m}", (np.array([0.3, 2.0]), -0.1, 1.3)) for m in ("mean", "var", "std")],
    ("recipinvgauss.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("recipinvgauss.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]

# (SciPy's cdf cancels near 0: 7.4e-11 relative off at z = 1e-3 / 1.3, mu = 1 (wengert's 2e-14); its roots converge
# to about 1e-10)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    **{f"recipinvgauss.{f}": 1e-10 for f in TAILS}, "recipinvgauss.ppf": 1e-9, "recipinvgauss.isf": 1e-9,
    "recipinvgauss.median": 1e-9, "recipinvgauss.interval": 1e-9, "recipinvgauss.mean": 1e-9,
    "recipinvgauss.var": 1e-8, "recipinvgauss.std": 1e-8})


def _mp_recipinvgauss(mp):
    def terms(z, mu):  # (ndtr(-(1/mu - z) / sqrt(z)), exp(2 / mu) ndtr(-(1/mu + z) / sqrt(z)))
        return mp.ncdf((z - 1 / mu) / mp.sqrt(z)), mp.exp(2 / mu) * mp.ncdf(-(1 / mu + z) / mp.sqrt(z))

    def cdf(z, mu):
        with mp.workdps(mp.mp.dps + 40):  # (the difference cancels as 2 mu z)
            a, b = terms(z, mu)
            return +(a - b)

    def sf(z, mu):
        return mp.ncdf((1 / mu - z) / mp.sqrt(z)) + mp.exp(2 / mu) * mp.ncdf(-(1 / mu + z) / mp.sqrt(z))

    def logpdf(z, mu):
        return -mp.log(2 * mp.pi * z) / 2 - (1 - mu * z) ** 2 / (2 * mu ** 2 * z)

    def root(tail, q, mu, guess):
        return mp.findroot(lambda x: mp.log(tail(x, mu)) - mp.log(q), mp.mpf(guess))
    return {"logpdf": logpdf, "pdf": lambda z, mu: mp.exp(logpdf(z, mu)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, mu: mp.log(cdf(z, mu)), "logsf": lambda z, mu: mp.log(sf(z, mu)),
            "ppf": lambda q, mu: root(cdf, q, mu, float(T.ppf(float(q), float(mu)))),
            "isf": lambda q, mu: root(sf, q, mu, float(T.isf(float(q), float(mu)))),
            "mean": lambda mu: 1 + 1 / mu, "var": lambda mu: 2 + 1 / mu, "std": lambda mu: mp.sqrt(2 + 1 / mu)}


MP_POINTS = [
    # the middle, near 0 and far out (both sides of the log cdf's series at 1e-20 and of the log sf's at 1e20), in x
    # and mu
    *[(f, (z, mu), i, 1e-11) for f in TAILS for z, mu in ((0.4, 2.0), (1.5, 0.3), (0.05, 1.0), (30.0, 1.0))
      for i in (0, 1)],
    *[(f, (z, 1.0), i, 1e-11) for f in ("logpdf", "logcdf") for z in (1e-21, 1e-19, 1e-5) for i in (0, 1)],
    *[(f, (z, 1.0), i, 1e-11) for f in ("logpdf", "logsf") for z in (1e19, 1e21, 1e5) for i in (0, 1)],
    # a small mu (the cdf's difference cancels), a large one
    # (not the sf at (0.2, 0.1): 1 - 3.8e-108, 1 at mpmath's 60 digits)
    *[(f, (z, mu), i, 1e-11) for f in TAILS for z, mu in ((0.2, 0.1), (3.0, 100.0)) for i in (0, 1)
      if (f, mu) not in (("sf", 0.1), ("logsf", 0.1))],
    ("logcdf", (1.0, 0.01), 0, 1e-14),
    # the quantiles near both ends and in the middle
    *[(f, (q, mu), i, 1e-10) for f in ("ppf", "isf") for q, mu in ((1e-10, 2.0), (0.3, 0.3), (0.7, 2.0),
                                                                    (1 - 1e-10, 1.0)) for i in (0, 1)],
    *[(m, (mu,), 0, 1e-14) for m in ("mean", "var", "std") for mu in (1e-3, 0.5, 30.0)],
]

test_against_mpmath = mp_points_test(T, _mp_recipinvgauss, MP_POINTS)


def test_where_scipy_is_off():
    calls = [("cdf", (0.2, 0.1)), ("logcdf", (1.0, 0.01)), ("isf", (1e-100, 1.0)), ("ppf", (1 - 1e-10, 1.0)),
             ("isf", (1e-10, 2.0)), ("mean", (0.3,)), ("var", (0.3,))]
    truths = mp_truths(_mp_recipinvgauss, calls)
    with np.errstate(all="ignore"):
        # its cdf 1.5e-12 relative off, its logcdf at (1, 0.01) raises (the truth -4909.94), its isf(1e-100, 1) 100 (455.94), ppf(1 - 1e-10, 1) 2e-8 off, isf(1e-10, 2) 1.2e-8; its mean and
        # variance, integrated, 3e-12 and 3.3e-10 off
        assert abs(float(ST.recipinvgauss.cdf(0.2, 0.1)) / truths[0] - 1) > 1e-12
        try:
            scipys = float(ST.recipinvgauss.logcdf(1.0, 0.01))
        except ValueError:
            scipys = np.nan
        assert not scipys == pytest.approx(truths[1], rel=1e-3)
        for (f, args), want, off in zip(calls[2:], truths[2:], (0.5, 1e-8, 1e-9, 1e-12, 1e-10)):
            assert abs(float(getattr(ST.recipinvgauss, f)(*args)) / want - 1) > off, f
    for (f, args), want in zip(calls, truths):
        assert float(_f(f)(*args)) == pytest.approx(want, rel=1e-13 if f in ("cdf", "logcdf") else 1e-14), f
    assert float(T.cdf(1.0, 0.01)) == 0.0


@pytest.mark.parametrize("x", [1e-300, 1e-160, 1e300, 1e160])
def test_far_out_the_derivatives_are_infinite_or_zero_never_nan(x):
    # near 0 the log density and the log cdf ~ -1 / (2 mu^2 z): slope +inf, second derivative -inf (their terms
    # -log(z) / 2 and -1 / (2 mu^2 z) were inf - inf in the second); far out the log sf ~ -z / 2 (slope -1/2, second
    # 0: through 1 / z, 1 / (2 y^2) times -1 / z^2 was inf * 0); every other function a constant with derivative 0
    mu = 2.0
    for f in TAILS:
        def g(t, f=f):
            return _f(f)(t, mu)
        with np.errstate(over="ignore"):
            got = [float(wg.grad(g)(x)), float(wg.grad(wg.grad(g))(x)), float(wg.jvp(wg.grad(g), (x,), (1.0,))[1]),
                   float(wg.hessian(g)(x)), float(wg.grad(lambda m, f=f: _f(f)(x, m))(mu))]
        if x < 1 and f in ("logpdf", "logcdf"):  # (d/dmu ~ 1 / (mu^3 z), finite)
            want = [np.inf, -np.inf, -np.inf, -np.inf, pytest.approx(1.0 / (mu ** 3 * x), rel=1e-12)]
        elif x > 1 and f in ("logpdf", "logsf"):
            want = [-0.5, pytest.approx(0.0, abs=1e-150), pytest.approx(0.0, abs=1e-150),
                    pytest.approx(0.0, abs=1e-150), pytest.approx(-1.0 / mu ** 2, rel=1e-15)]
        else:
            want = [0.0] * 5
        assert got == want, f


def test_flat_at_zero():
    # the density vanishes faster than any power at z = 0: every function flat there
    flat_at_zero_check(T, (2.0,))


@pytest.mark.parametrize("mu", [0.3, 2.0])
def test_quantile_ends(mu):
    # ppf(0) = isf(1) = loc: steep (slope +-inf, d2/dq2 -inf at the lower end, d2/dq dscale +-inf, d2/dq dmu -+inf);
    # ppf(1) = isf(0) = inf
    with np.errstate(all="ignore"):
        h = np.asarray(wg.hessian(lambda v: T.ppf(*v))(np.array([0.0, mu, 0.1, 1.3])))
        g = np.asarray(wg.grad(lambda v: T.ppf(*v))(np.array([0.0, mu, 0.1, 1.3])))
    assert g.tolist() == [np.inf, 0.0, 1.0, 0.0]
    assert h[0].tolist() == [-np.inf, -np.inf, 0.0, np.inf]
    assert float(T.ppf(1.0, mu)) == np.inf and float(T.isf(0.0, mu)) == np.inf and float(T.isf(1.0, mu, 0.1)) == 0.1


def test_quantiles_and_tails_agree():
    for mu in (0.01, 0.3, 1.0, 50.0):
        for q in (1e-200, 1e-10, 0.3, 0.7):
            assert float(T.cdf(float(T.ppf(q, mu)), mu)) == pytest.approx(q, rel=1e-11)
            assert float(T.sf(float(T.isf(q, mu)), mu)) == pytest.approx(q, rel=1e-11)


def test_entropy_by_quadrature():
    assert hasattr(T, "entropy")  # (SciPy integrates it numerically; here tests/test_stats_quadrature_entropy.py)
    assert float(T.mean(2.0, 0.5, 1.5)) == 0.5 + 1.5 * 1.5 and float(T.var(2.0, 0.5, 1.5)) == 1.5 ** 2 * 2.5


def test_float32_stays_float32():
    float32_check(T, (1.5,), summaries=("mean", "var", "std", "median"))


REFUSALS = [
    *[(call, f"recipinvgauss.{m}: the shape parameters must be positive \\(mu is not; SciPy gives NaN")
      for m, call in (("cdf", lambda: T.cdf(0.5, 0.0)), ("logpdf", lambda: T.logpdf(0.5, -1.0)),
                      ("isf", lambda: T.isf(0.5, -1.0)), ("ppf", lambda: T.ppf(0.5, 0.0)),
                      ("mean", lambda: T.mean(0.0)), ("var", lambda: T.var(-2.0)))],
    (lambda: T.logpdf(0.5, 2.0, 0.0, -1.0), "recipinvgauss.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "recipinvgauss.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, [0.5, 2.0])
