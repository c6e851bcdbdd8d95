"""``scipy.stats``' ``genlogistic`` (the generalized logistic distribution of type I, its cdf ``(1 + e^-z)^-c``): its
density, tails, quantiles, mean, variance, std, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its upper log tail
``-inf`` from z = 745, its ``isf`` ``ppf(1 - q)``, its ``ppf`` ``inf`` where ``q^(-1/c)`` overflows, its mean near
c = 1); values and first and second derivatives against mpmath in x (or q) and c on both sides of each switch (z = 0
in the log density, the upper tail's series, u = 1 in the quantiles, |c - 1| = 1/4 in the mean), far out, for tiny and
huge c; the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_hessian_check,  # noqa: E402
                     mp_points_test, mp_truths, one_shape_common_cases, refusals_test, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.genlogistic
#: z = (x - loc) / 1.3 on both sides of 0 and of the upper tail's series (z = 0.69 and c log1p(e^-z) = 1/2)
Z = np.array([-3.0, -0.4, 0.3, 1.1, 4.0])
C = np.array([[0.4], [2.5]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, C, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"genlogistic.{f}") for f in TAILS],
    # (both sides of u = -log(q) / c = 1)
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.5, 0.8, 0.95]), C, 0.1, 1.3, id=f"genlogistic.{f}")
      for f in ("ppf", "isf")],
    # (the mean both sides of |c - 1| = 1/4, its series')
    *[case(_f(m), _f(m), np.array([0.3, 0.9, 1.3, 4.0]), np.array([[0.0], [1.0]]), np.array([[[0.6]], [[2.0]]]),
           id=f"genlogistic.{m}") for m in ("mean", "var", "std", "entropy")],
    *one_shape_common_cases(T, "genlogistic", size1_x=1.1, size1_shape=0.6),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-800.0, -3.0, -0.1, 0.0, 0.1, 1.3, 3.0, 30.0])
VALUE_CHECKS = [
    *[(f"genlogistic.{f}", (POINTS, np.array([[0.05], [1.0], [7.0]]), loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    # (SciPy's ppf is inf where q^(-1/c) overflows: not at a tiny q, see MP_POINTS)
    ("genlogistic.ppf", (np.array([0.0, 1e-10, 0.1, 0.5, 0.9, 1.0]), np.array([[0.3], [1.0], [7.0]]), -0.1, 1.3)),
    # (SciPy's isf is ppf(1 - q): not at a small q, see MP_POINTS)
    ("genlogistic.isf", (np.array([0.0, 0.1, 0.5, 0.9, 1.0]), np.array([[0.3], [1.0], [7.0]]), -0.1, 1.3)),
    *[(f"genlogistic.{m}", (np.array([0.01, 2.0, 7.0, 1e7]), 0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("genlogistic.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("genlogistic.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"genlogistic.isf": 1e-11,
                                                                     "genlogistic.ppf": 1e-11})


def _mp_genlogistic(mp):
    def logcdf(z, c):
        return -c * mp.log1p(mp.exp(-z))

    def logpdf(z, c):
        return mp.log(c) - z - (c + 1) * mp.log1p(mp.exp(-z))

    def quantile(u):
        return -mp.log(mp.expm1(u))
    return {"logpdf": logpdf, "pdf": lambda z, c: mp.exp(logpdf(z, c)), "cdf": lambda z, c: mp.exp(logcdf(z, c)),
            "logcdf": logcdf, "sf": lambda z, c: -mp.expm1(logcdf(z, c)),
            "logsf": lambda z, c: mp.log(-mp.expm1(logcdf(z, c))),
            "ppf": lambda q, c: quantile(-mp.log(q) / c), "isf": lambda q, c: quantile(-mp.log1p(-q) / c),
            "mean": lambda c: mp.euler + mp.digamma(c), "var": lambda c: mp.pi ** 2 / 6 + mp.psi(1, c),
            "std": lambda c: mp.sqrt(mp.pi ** 2 / 6 + mp.psi(1, c)),
            "entropy": lambda c: -mp.log(c) + mp.digamma(c + 1) + mp.euler + 1}


MP_POINTS = [
    # both sides of z = 0 and of the upper tail's series (z = 0.69; c log1p(e^-z) = 1/2: z = 1.2 at c = 2), far left,
    # tiny and huge c, in x and c
    *[(f, (z, c), i, 1e-12) for f in TAILS for z, c in ((-1e-3, 2.0), (1e-3, 2.0), (1.15, 2.0), (1.25, 2.0),
                                                         (-40.0, 0.3), (0.5, 1e-8), (30.0, 1e8))
      for i in (0, 1) if (f, i) != ("logcdf", 1)],
    # (logcdf, -c log1p(e^-z), is linear in c: its second derivative 0, mpmath's difference noise)
    # far up: SciPy's log of an underflowed sf is -inf
    # (in c only at 800: at 1e300 mpmath's 60 digits do not resolve log c beside z)
    *[(f, (z, c), i, 1e-12) for f, z, c in (("logsf", 800.0, 2.0), ("logsf", 1e300, 0.5), ("sf", 800.0, 1e300),
                                            ("logpdf", -1e300, 1e-10)) for i in (0, 1) if i == 0 or z == 800.0],
    # the quantiles both sides of u = 1 (q = e^-c for ppf: 0.135 at c = 2), at the ends, tiny and huge c
    *[(f, (q, c), i, 1e-12) for f in ("ppf", "isf") for q, c in ((1e-300, 0.5), (0.13, 2.0), (0.14, 2.0),
                                                                 (1 - 1e-15, 2.0), (1e-10, 1e-3), (0.3, 1e5))
      for i in (0, 1)],
    # the mean both sides of |c - 1| = 1/4 and at its root's neighbour, tiny and huge c
    *[(m, (c,), 0, 1e-12) for m in ("mean", "var", "std", "entropy") for c in (1e-5, 0.74, 0.76, 1.0 + 1e-9, 1e5)],
]

test_against_mpmath = mp_points_test(T, _mp_genlogistic, MP_POINTS)


def test_where_scipy_is_off():
    logsf, ppf, isf, mean = mp_truths(_mp_genlogistic, [("logsf", (800.0, 2.0)), ("ppf", (1e-300, 0.5)),
                                                        ("isf", (1e-10, 2.0)), ("mean", (1.0 + 1e-9,))])
    with np.errstate(all="ignore"):  # (SciPy's log of an underflowed tail, its overflowed power)
        assert float(ST.genlogistic.logsf(800.0, 2.0)) == -np.inf and float(ST.genlogistic.ppf(1e-300, 0.5)) == np.inf
    assert abs(float(ST.genlogistic.isf(1e-10, 2.0)) / isf - 1) > 1e-10  # (ppf(1 - q))
    assert abs(float(ST.genlogistic.mean(1.0 + 1e-9)) / mean - 1) > 1e-9  # (euler + digamma(c) cancels)
    for got, want in ((T.logsf(800.0, 2.0), logsf), (T.ppf(1e-300, 0.5), ppf), (T.isf(1e-10, 2.0), isf),
                      (T.mean(1.0 + 1e-9), mean)):
        assert float(got) == pytest.approx(want, rel=1e-14)


def test_quantiles_and_tails_agree():
    for c in (0.05, 0.7, 20.0):
        for q in (1e-200, 0.01, 0.3, 0.5):
            assert float(T.cdf(float(T.ppf(q, c)), c)) == pytest.approx(q, rel=1e-12)
            assert float(T.sf(float(T.isf(q, c)), c)) == pytest.approx(q, rel=1e-12)
        assert float(T.ppf(0.0, c)) == -np.inf and float(T.isf(0.0, c)) == np.inf


def test_float32_stays_float32():
    float32_check(T, (0.7,))


REFUSALS = [
    *[(call, f"genlogistic.{m}: the shape parameters must be positive \\(c is not") for m, call in (
        ("cdf", lambda: T.cdf(1.0, 0.0)), ("logpdf", lambda: T.logpdf(1.0, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, 0.0)), ("mean", lambda: T.mean(0.0)), ("std", lambda: T.std(-1.0)),
        ("entropy", lambda: T.entropy(0.0)))],
    (lambda: T.logpdf(1.0, 2.0, 0.0, -1.0), "genlogistic.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "genlogistic.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, (0.4, 2.0))


def test_near_the_root_of_the_slope():
    """At z = +-1e-5 and +-1e-10, where the density's slope ``(c - e^z) / (1 + e^z)`` is near its root at c = 1: the
    value, gradient in (x, c, loc, scale) and Hessian of logpdf, pdf, cdf and sf against mpmath's at 40 digits.
    Through ``-1 + (c + 1) e^-z / (1 + e^-z)`` (the tape's derivative of the log kernel) and ``exp(-c log1p(e^-z))``
    (second derivative ``cdf (L'^2 + L'')``) these cancelled: at c = 1, z = 1e-5, d/dx logpdf 3.6e-11 relative off,
    d2/dx2 cdf 1.7e-11; and d2/dx2 pdf, ``pdf (K'^2 + K'')``, at c = 3 (its inflection point z = 0), 6.7e-12. (mpmath
    differentiates numerically at 40 digits.)"""
    import mpmath
    truths = _mp_genlogistic(mpmath.mp)
    loc, scale = 0.2, 1.3
    with mpmath.workdps(40):
        for c in (0.5, 1.0, 3.0):
            for z in (-1e-5, 1e-5, -1e-10, 1e-10):
                for method in ("logpdf", "pdf", "cdf", "sf"):
                    def truth(x, c, loc, scale, method=method):
                        value = truths[method]((x - loc) / scale, c)
                        return value - mpmath.log(scale) if method == "logpdf" else (
                            value / scale if method == "pdf" else value)
                    mp_hessian_check(getattr(T, method), [loc + scale * z, c, loc, scale], truth, 1e-13, 2e-15)
