"""``scipy.stats``' ``loguniform`` (``log x`` uniform on ``[log a, log b]``): its density, tails, quantiles, moments,
entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and against mpmath
where SciPy's lose digits (b near a: its ``log b - log a`` and its variance ``E[x^2] - mean^2``); values and first
and second derivatives against mpmath on both sides of the tails' switch ``z = sqrt(a b)``, near the ends and for
b near a; the ends of the support (refused when traced), the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_point_check,  # noqa: E402
                     stats_values_test)
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
L = stats.loguniform
#: inside [a, b] for every (a, b) below, both sides of sqrt(a b) (the tails' switch)
Z = np.array([0.62, 0.9, 1.3, 2.0, 2.6])
A = np.array([[0.6], [0.55]])
BS = np.array([[[2.7]], [[3.5]]])


def _f(method):
    return getattr(L, method)


CASES = [
    # in x, a, b, loc and scale, broadcast against each other (inside the support)
    *[case(_f(f), _f(f), Z, A, BS, np.array([[[[0.0]]], [[[-0.01]]]]), 1.01, id=f"loguniform.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([1e-3, 0.2, 0.5, 0.9, 0.999]), A, BS, 0.1, 1.3, id=f"loguniform.{f}")
      for f in ("ppf", "isf")],
    # outside the support: constants
    *[case(_f(f), _f(f), np.array([0.2, 5.0]), 0.5, 3.0, id=f"loguniform.{f}-outside")
      for f in ("pdf", "cdf", "sf")],
    # the moments on both sides of log(b / a) = 2 (their series below)
    *[case(_f(m), _f(m), np.array([0.4, 1.0, 3.0]), np.array([[3.1], [3.2], [30.0]]), np.array([[[0.0]], [[1.0]]]),
           np.array([[[[0.6]]], [[[2.0]]]]), id=f"loguniform.{m}") for m in ("mean", "var", "std", "entropy")],
    *[case(_f(m), _f(m), np.array([2.9]), np.array([1.7]), np.array([2.2]), np.array([0.1]), np.array([1.4]),
           id=f"loguniform.{m}-size1") for m in TAILS],  # (z = 2 inside [1.7, 2.2])
    *[case(_f(m), _f(m), np.array([0.3]), np.array([1.6]), np.array([2.2]), np.array([0.1]), np.array([1.4]),
           id=f"loguniform.{m}-size1") for m in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.zeros(0), 2.0, 3.0, id=f"loguniform.{m}-size0") for m in TAILS + ("ppf", "isf")],
    case(_f("median"), lambda *a: L.median(*a), np.array([0.3, 2.0]), np.array([[3.0], [5.0]]), np.array([[-0.4]]),
         0.6, id="loguniform.median"),
    case(_f("interval"), lambda p, a, b: L.interval(p, a, b, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), 1.7, 2.5,
         id="loguniform.interval"),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 0.3, 0.5, 0.7, 1.0, 2.0, 2.99, 3.0, 3.5, 10.0])
SHAPES = [(0.5, 3.0), (0.1, 1e3), (1.0, 1.5), (1e-5, 2.0)]
VALUE_CHECKS = [
    *[(f"loguniform.{f}", (POINTS, a, b, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1) for a, b in SHAPES],
    *[(f"loguniform.{f}", (np.array([0.0, 1e-10, 0.1, 0.5, 0.9, 0.999, 1.0]), a, b, -0.1, 1.3))
      for f in ("ppf", "isf") for a, b in SHAPES],
    *[(f"loguniform.{m}", (np.array([0.5, 1.0, 2.0]), np.array([[2.5], [5.0], [40.0]]), 0.3, 2.0))
      for m in ("mean", "var", "std", "entropy")],
    ("loguniform.median", (np.array([0.3, 2.0]), 4.0, -0.1, 1.3)),
    ("loguniform.interval", (0.8, np.array([0.3, 2.0]), 4.0, -0.1, 1.3)),
    # reciprocal: the same class (SciPy's other name of it), against SciPy's reciprocal
    *[(f"reciprocal.{f}", (np.array([1.2, 2.0, 2.9]), 1.0, 3.0, 0.1, 1.1)) for f in TAILS],
    *[(f"reciprocal.{f}", (np.array([0.1, 0.5, 0.9]), 1.0, 3.0, 0.1, 1.1)) for f in ("ppf", "isf")],
    *[(f"reciprocal.{m}", (np.array([0.5, 1.0]), 3.0, 0.3, 2.0)) for m in ("mean", "var", "std", "entropy", "median")],
    ("reciprocal.interval", (0.8, 0.5, 3.0, 0.3, 2.0)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


def _mp_loguniform(mp):
    def w(a, b):
        return mp.log(b / a)
    return {"logpdf": lambda z, a, b: -mp.log(z) - mp.log(w(a, b)), "pdf": lambda z, a, b: 1 / (z * w(a, b)),
            "cdf": lambda z, a, b: mp.log(z / a) / w(a, b), "sf": lambda z, a, b: mp.log(b / z) / w(a, b),
            "logcdf": lambda z, a, b: mp.log(mp.log(z / a) / w(a, b)),
            "logsf": lambda z, a, b: mp.log(mp.log(b / z) / w(a, b)),
            "ppf": lambda q, a, b: a * (b / a) ** q, "isf": lambda q, a, b: b * (a / b) ** q,
            "mean": lambda a, b: (b - a) / w(a, b),
            "var": lambda a, b: (b * b - a * a) / (2 * w(a, b)) - ((b - a) / w(a, b)) ** 2,
            "std": lambda a, b: mp.sqrt((b * b - a * a) / (2 * w(a, b)) - ((b - a) / w(a, b)) ** 2),
            "entropy": lambda a, b: (mp.log(a) + mp.log(b)) / 2 + mp.log(w(a, b))}


MP_POINTS = [
    # both sides of z = sqrt(a b), where each tail switches to 1 - the other; near both ends (through log(b / z) /
    # log(b / a) the sf near a was 1 - tiny from two near-equal logs: its d2/db2 7e-12 off, the log sf 8e-12)
    *[(f, (z, 0.5, 3.0), i, 1e-13) for f in TAILS for z in (1.2247, 1.2248, 0.50001, 2.99999) for i in (0, 1, 2)],
    # b near a
    *[(f, (2.00005, 2.0, 2.0001), i, 1e-11) for f in TAILS for i in (0, 1, 2)],
    *[(f, (q, 2.0, 2.0001), i, 1e-13) for f in ("ppf", "isf") for q in (1e-5, 0.7) for i in (0, 1, 2)],
]
#: the moments: both sides of log(b / a) = 2, b near a (SciPy's variance 0.8% off at b = 1.00005 a; through
#: sqrt(var) the std's second derivative 1e-6 off there, through P / g^2 4e-7 at b = a (1 + 1e-8))
MOMENT_POINTS = [(m, (a, b), i) for m in ("mean", "var", "std", "entropy")
                 for a, b in ((1.0, 7.3), (1.0, 7.4), (2.0, 2.0001), (1.0, 1.0 + 1e-8), (0.1, 1e3)) for i in (0, 1)]


@pytest.mark.parametrize("method, args, i, rel", MP_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i, _ in MP_POINTS])
def test_against_mpmath(method, args, i, rel):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_loguniform(mp)[method](*a), rel)


@pytest.mark.parametrize("method, args, i", MOMENT_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i in MOMENT_POINTS])
def test_moments_against_mpmath(method, args, i):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_loguniform(mp)[method](*a), 1e-12)


def test_where_scipy_is_off():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        # (at the float 2.0001, 2.1e-16 above 2.0001: (b - a)^2 moves by 4.2e-12 relative; the truth at 2.0001 passed
        # only by pytest.approx's default abs=1e-12)
        truth = float(_mp_loguniform(mp)["var"](mp.mpf(2), mp.mpf(2.0001)))
    assert float(L.var(2.0, 2.0001)) == pytest.approx(truth, rel=1e-14, abs=0.0)
    assert abs(float(ST.loguniform.var(2.0, 2.0001)) / truth - 1) > 1e-3


def test_at_the_ends():
    # the density jumps at z = a and z = b, the tails have kinks: a traced argument there is refused; SciPy's closed
    # support: the density 1 / (z log(b / a)) at both ends
    assert float(L.pdf(0.5, 0.5, 3.0)) == pytest.approx(float(ST.loguniform.pdf(0.5, 0.5, 3.0)), rel=1e-15, abs=0.0)
    assert float(L.cdf(3.0, 0.5, 3.0)) == 1.0 and float(L.sf(0.5, 0.5, 3.0)) == 1.0
    for f in TAILS:
        for z in (0.5, 3.0):
            with pytest.raises(NoGradientRule, match="no derivative at an end of the support"):
                wg.grad(lambda x, f=f: _f(f)(x, 0.5, 3.0))(z)
            with pytest.raises(NoGradientRule, match="end of the support"):
                wg.grad(lambda a, f=f, z=z: _f(f)(z, a, 3.0))(0.5)
            with pytest.raises(NoGradientRule, match="end of the support"):
                wg.jvp(lambda b, f=f, z=z: _f(f)(z, 0.5, b), (3.0,), (1.0,))
    assert float(wg.grad(lambda x: L.cdf(x, 0.5, 3.0))(0.2)) == 0.0


def test_quantiles_at_the_ends():
    assert float(L.ppf(0.0, 0.5, 3.0)) == 0.5 and float(L.ppf(1.0, 0.5, 3.0)) == pytest.approx(3.0, rel=1e-15, abs=0.0)
    assert float(L.isf(0.0, 0.5, 3.0)) == 3.0 and float(L.isf(1.0, 0.5, 3.0)) == pytest.approx(0.5, rel=1e-15, abs=0.0)
    for q in (0.3, 0.7):
        assert float(L.isf(q, 0.5, 3.0)) == pytest.approx(float(L.ppf(1.0 - q, 0.5, 3.0)), rel=1e-14, abs=0.0)


def test_float32_stays_float32():
    float32_check(L, (1.0, 3.0), x=1.7)


REFUSALS = [
    *[(call, f"loguniform.{m}: the shape parameters must be positive") for m, call in (
        ("cdf", lambda: L.cdf(1.0, 0.0, 1.0)), ("logpdf", lambda: L.logpdf(1.0, 1.0, -1.0)),
        ("isf", lambda: L.isf(0.5, -1.0, 1.0)), ("mean", lambda: L.mean(0.0, 3.0)), ("std", lambda: L.std(-1.0, 3.0)))],
    *[(call, f"loguniform.{m}: b must be greater than a") for m, call in (
        ("pdf", lambda: L.pdf(1.0, 2.0, 2.0)), ("ppf", lambda: L.ppf(0.5, 3.0, 2.0)), ("var", lambda: L.var(3.0, 1.0)),
        ("entropy", lambda: L.entropy(2.0, 2.0)))],
    (lambda: L.logpdf(1.0, 1.0, 2.0, 0.0, -1.0), "loguniform.logpdf: scale must be positive"),
    (lambda: L.ppf(1.5, 1.0, 2.0), "loguniform.ppf: q must be a probability"),
]


@pytest.mark.parametrize("call, message", REFUSALS, ids=[m.split(":")[0] + m[-8:] for _, m in REFUSALS])
def test_refusals(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_at_infinity():
    infinite_ends_check(L, ((0.5, 2.5), (1.0, 3.0)))


def test_a_ratio_b_over_a_beyond_the_largest_float():
    """log1p((b - a) / a) was log1p(inf) where b / a overflows: loguniform(1e-200, 1e200)'s cdf and sf at 1 were 0
    (SciPy: 0.5), its pdf 0, its median inf, its mean NaN (a expm1(u) / u overflowed), the gradient of the cdf in
    b 0. log b - log a there, and the mean as (b - a) / log(b / a) above u = 2."""
    import scipy.stats as scipy_stats
    import wengert as wg
    from wengert.scipy import stats
    a, b = 1e-200, 1e200
    for name in ("cdf", "sf", "pdf", "logpdf", "logcdf", "logsf"):
        assert float(getattr(stats.loguniform, name)(1.0, a, b)) == pytest.approx(
            float(getattr(scipy_stats.loguniform, name)(1.0, a, b)), rel=1e-15, abs=0.0)
    for name in ("median", "mean", "entropy"):
        assert float(getattr(stats.loguniform, name)(a, b)) == pytest.approx(
            float(getattr(scipy_stats.loguniform, name)(a, b)), rel=1e-13, abs=0.0)
    # d/db of log(1/a) / log(b/a) is -log(1/a) / (b log(b/a)^2), -5.43e-204 (log(b / a) as log b - log a: b / a
    # overflows, and through it the truth was -0.0, which wengert's value passed only by pytest.approx's default abs)
    want = -np.log(1.0 / a) / (b * (np.log(b) - np.log(a)) ** 2)
    assert float(wg.grad(lambda b: stats.loguniform.cdf(1.0, a, b))(b)) == pytest.approx(want, rel=1e-13, abs=0.0)
    # ((b - a)^2 on Python floats raised OverflowError; the truth, about 1e400 / 2 log(1e200), overflows)
    assert stats.loguniform.var(1.0, 1e200) == np.inf and float(stats.loguniform.std(1.0, 1e200)) == pytest.approx(
        1e200 * np.sqrt(0.5 / np.log(1e200) - 1.0 / np.log(1e200) ** 2), rel=1e-13, abs=0.0)  # (coth(u / 2) = 1 here)


def test_reciprocal_is_loguniform():
    # SciPy's reciprocal and loguniform are two instances of one class (reciprocal_gen): one distribution, two names
    assert stats.reciprocal is stats.loguniform and stats.FUNCTIONS["reciprocal"] == stats.FUNCTIONS["loguniform"]
    x = np.array([1.2, 2.0, 2.9])
    for f in ("logpdf", "cdf", "logsf"):
        assert getattr(stats.reciprocal, f)(x, 1.0, 3.0, 0.1, 1.1) == pytest.approx(
            getattr(ST.reciprocal, f)(x, 1.0, 3.0, 0.1, 1.1), rel=1e-13, abs=0.0)
    assert float(stats.reciprocal.mean(1.0, 3.0)) == pytest.approx(float(ST.reciprocal.mean(1.0, 3.0)), rel=1e-14,
                                                                   abs=0.0)
