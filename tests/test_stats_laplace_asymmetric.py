"""``scipy.stats``' ``laplace_asymmetric`` (``exp(-kappa z)`` on the right of 0, ``exp(z / kappa)`` on the left, over
``kappa + 1/kappa``): its density, tails, quantiles, mean, variance, std, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its far log tails
``log(1 - ...)``, ``-inf`` where the tail underflows); values and first and second derivatives against mpmath in x (or
q) and kappa on both sides of the kink z = 0 (and of the quantiles' switch), far out, for tiny and huge kappa; the kink
itself (refused where a derivative does not exist), the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_points_test,  # noqa: E402
                     mp_truths, one_shape_common_cases, refusals_test, stats_values_test)
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.laplace_asymmetric
#: z = (x - loc) / 1.3 on both sides of 0 (not at it) and of the tails' 1/2, for the kappa below
Z = np.array([-3.0, -0.4, 0.3, 1.1, 4.0])
K = np.array([[0.4], [1.0], [2.5]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, K, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"laplace_asymmetric.{f}") for f in TAILS],
    # (both sides of each quantile's switch kappa^2 / (1 + kappa^2): 0.138, 0.5, 0.862 for the kappa above)
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.45, 0.55, 0.8, 0.95]), K, 0.1, 1.3, id=f"laplace_asymmetric.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.3, 1.0, 4.0]), np.array([[0.0], [1.0]]), np.array([[[0.6]], [[2.0]]]),
           id=f"laplace_asymmetric.{m}") for m in ("mean", "var", "std", "entropy")],
    *one_shape_common_cases(T, "laplace_asymmetric", size1_x=1.1, size1_shape=0.6),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-800.0, -3.0, -0.1, 0.0, 0.1, 1.3, 3.0, 800.0])
VALUE_CHECKS = [
    *[(f"laplace_asymmetric.{f}", (POINTS, np.array([[0.05], [0.5], [1.0], [7.0]]), loc, 1.3)) for f in TAILS
      for loc in (0.0, 0.1)],
    *[(f"laplace_asymmetric.{f}", (np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0]), np.array([[0.3], [1.0], [7.0]]),
                                   -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"laplace_asymmetric.{m}", (np.array([0.01, 1.0, 7.0]), 0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("laplace_asymmetric.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("laplace_asymmetric.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"laplace_asymmetric.ppf": 1e-11,
                                                                     "laplace_asymmetric.isf": 1e-11})


def _mp_laplace_asymmetric(mp):
    def logpdf(z, k):
        return (-k * z if z >= 0 else z / k) - mp.log(k + 1 / k)

    def cdf(z, k):
        return 1 - mp.exp(-k * z) / (1 + k * k) if z >= 0 else k * k * mp.exp(z / k) / (1 + k * k)

    def sf(z, k):
        return mp.exp(-k * z) / (1 + k * k) if z >= 0 else 1 - k * k * mp.exp(z / k) / (1 + k * k)

    def ppf(q, k):
        return k * mp.log(q * (1 + k * k) / (k * k)) if q < k * k / (1 + k * k) else -mp.log((1 - q) * (1 + k * k)) / k

    def isf(q, k):  # (not ppf(1 - q): 1 - 1e-300 is 1 at 60 digits)
        return -mp.log(q * (1 + k * k)) / k if q < 1 / (1 + k * k) else k * mp.log((1 - q) * (1 + k * k) / (k * k))

    def log_tail(z, k, lower):  # (log1p of the other tail where it is small: 1 - 1e-59 is 1 at 60 digits)
        return mp.log(cdf(z, k)) if (z < 0) == lower else mp.log1p(-(sf(z, k) if lower else cdf(z, k)))
    return {"logpdf": logpdf, "pdf": lambda z, k: mp.exp(logpdf(z, k)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, k: log_tail(z, k, True),
            "logsf": lambda z, k: log_tail(z, k, False) if z < 0 else mp.log(sf(z, k)),
            "ppf": ppf, "isf": isf,
            "mean": lambda k: 1 / k - k, "var": lambda k: 1 / k ** 2 + k ** 2, "std": lambda k: mp.sqrt(1 / k ** 2 + k ** 2),
            "entropy": lambda k: 1 + mp.log(k + 1 / k)}


MP_POINTS = [
    # both sides of the kink z = 0 and far out on both sides, small and large kappa, in x and kappa
    *[(f, (z, k), i, 1e-12) for f in TAILS for z, k in ((-1e-3, 2.0), (1e-3, 2.0), (-40.0, 0.3), (30.0, 3.0),
                                                         (0.5, 1e-8), (-0.5, 1e8))
      for i in (0, 1) if (i, f, z < 0) not in ((0, "logcdf", True), (0, "logsf", False))],
    # (the log tail on its own side is linear in z: its second derivative 0, mpmath's difference noise)
    # far out: SciPy's log(1 - ...) is -inf there
    *[(f, (z, k), 0, 1e-14) for f, z, k in (("logsf", 1e300, 2.0), ("logcdf", -1e300, 0.5), ("logsf", 800.0, 1.0),
                                            ("logcdf", -800.0, 1.0))],
    # the quantiles both sides of their switch (q = 0.8 at kappa = 2: ppf's; 0.2, isf's), in the tails
    *[(f, (q, k), i, 1e-12) for f in ("ppf", "isf") for q in (1e-300, 0.19, 0.21, 0.79, 0.81, 1 - 1e-15)
      for k in (2.0,) for i in (0, 1)],
    *[(f, (q, k), i, 1e-12) for f in ("ppf", "isf") for q in (1e-10, 0.5) for k in (1e-4, 1e4) for i in (0, 1)],
    # the moments near kappa = 1 (the mean's 1/kappa - kappa cancels), tiny and huge kappa
    *[(m, (k,), i, 1e-13) for m in ("mean", "var", "std", "entropy") for k in (1.0 + 1e-9, 1e-5, 3.0, 1e5)
      for i in (0,)],
]

test_against_mpmath = mp_points_test(T, _mp_laplace_asymmetric, MP_POINTS)


def test_where_scipy_is_off():
    logsf, logcdf, mean = mp_truths(_mp_laplace_asymmetric, [("logsf", (1e300, 2.0)), ("logcdf", (-1e300, 0.5)),
                                                             ("mean", (1.0 + 1e-9,))])
    with np.errstate(all="ignore"):  # (SciPy's log of an underflowed tail, its exp of the other side's)
        assert float(ST.laplace_asymmetric.logsf(1e300, 2.0)) == -np.inf
        assert float(ST.laplace_asymmetric.logcdf(-1e300, 0.5)) == -np.inf
    assert float(T.logsf(1e300, 2.0)) == pytest.approx(logsf, rel=1e-15, abs=0.0)
    assert float(T.logcdf(-1e300, 0.5)) == pytest.approx(logcdf, rel=1e-15, abs=0.0)
    assert float(T.mean(1.0 + 1e-9)) == pytest.approx(mean, rel=1e-15, abs=0.0)


def test_at_the_kink():
    k = 2.0
    density = float(T.pdf(0.0, k))
    assert density == pytest.approx(0.4, rel=1e-15, abs=0.0)
    # the tails' first derivative: the density, one number for both sides; their second derivative refused
    for f, sign in (("cdf", 1.0), ("sf", -1.0)):
        assert float(wg.grad(lambda x, f=f: _f(f)(x, k))(0.0)) == pytest.approx(sign * density, rel=1e-15, abs=0.0)
        for second in (lambda g: wg.grad(wg.grad(g))(0.0), lambda g: wg.hessian(g)(0.0),
                       lambda g: wg.jvp(wg.grad(g), (0.0,), (1.0,))):
            with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
                second(lambda x, f=f: _f(f)(x, k))
    # the density's slope in x, loc, scale: none there (-kappa on the right, 1 / kappa on the left)
    for f in ("pdf", "logpdf"):
        for arg in (0, 2, 3):
            args = [0.0, k, 0.0, 1.5]
            with pytest.raises(NoGradientRule, match="no derivative in x, loc or scale at x == loc"):
                wg.grad(lambda t, f=f, arg=arg: _f(f)(*args[:arg], t, *args[arg + 1:]))(args[arg])
    # in kappa alone it exists: d/dk -log(k + 1/k) = -(k^2 - 1) / (k (k^2 + 1))
    assert float(wg.grad(lambda k: T.logpdf(0.0, k))(k)) == pytest.approx(-3.0 / 10.0, rel=1e-15, abs=0.0)
    assert float(wg.grad(wg.grad(lambda k: T.logpdf(0.0, k)))(k)) == pytest.approx(
        mp_second_in_kappa(), rel=1e-12, abs=0.0)
    # the quantiles at their switch q = kappa^2 / (1 + kappa^2) = 0.8 (exactly 0.8 for kappa = 2): z = 0
    assert float(T.ppf(0.8, k)) == pytest.approx(0.0, abs=1e-15) and float(T.isf(0.2, k)) == pytest.approx(0.0, abs=1e-15)
    assert float(wg.grad(lambda q: T.ppf(q, k))(0.8)) == pytest.approx(1.0 / density, rel=1e-14, abs=0.0)
    with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
        wg.grad(wg.grad(lambda q: T.ppf(q, k)))(0.8)


def mp_second_in_kappa():
    # d2/dk2 of -log(k + 1/k) at k = 2: (k^4 - 4 k^2 - 1) / (k^2 (k^2 + 1)^2)
    return (16.0 - 16.0 - 1.0) / (4.0 * 25.0)


def test_quantiles_and_tails_agree():
    for k in (0.05, 0.7, 20.0):
        for q in (1e-200, 0.01, 0.3, 0.5):
            assert float(T.cdf(float(T.ppf(q, k)), k)) == pytest.approx(q, rel=1e-12, abs=0.0)
            assert float(T.sf(float(T.isf(q, k)), k)) == pytest.approx(q, rel=1e-12, abs=0.0)
        assert float(T.ppf(0.0, k)) == -np.inf and float(T.isf(0.0, k)) == np.inf


def test_float32_stays_float32():
    float32_check(T, (0.7,))


REFUSALS = [
    *[(call, f"laplace_asymmetric.{m}: the shape parameters must be positive \\(kappa is not") for m, call in (
        ("cdf", lambda: T.cdf(1.0, 0.0)), ("logpdf", lambda: T.logpdf(1.0, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, 0.0)), ("mean", lambda: T.mean(0.0)), ("std", lambda: T.std(-1.0)),
        ("entropy", lambda: T.entropy(0.0)))],
    (lambda: T.logpdf(1.0, 2.0, 0.0, -1.0), "laplace_asymmetric.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "laplace_asymmetric.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, (0.4, 2.0))
