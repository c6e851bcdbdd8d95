"""``scipy.stats``' ``dgamma`` (the double gamma distribution: gamma's density halved and mirrored about 0): its density,
tails, quantiles, mean, variance, std, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its log tails
``log(gammaincc / 2)``, ``-inf`` far out); values and first
and second derivatives against mpmath in x (or q) and a on both sides of the kink z = 0 (and of the quantiles'
switches q = 1/4, 3/4), far out, for small and large a; the kink itself (refused where a derivative does not exist),
the limits at +-inf, float32, the refusals.
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
T = stats.dgamma
#: z = (x - loc) / 1.3 on both sides of 0 (not at it), near and far
Z = np.array([-3.0, -0.4, 0.3, 1.1, 4.0])
A = np.array([[0.6], [2.5]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, A, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"dgamma.{f}") for f in TAILS],
    # (both sides of q = 1/2 and of the switches q = 1/4, 3/4)
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.45, 0.55, 0.7, 0.95]), A, 0.1, 1.3, id=f"dgamma.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.3, 4.0, 12.0]), np.array([[0.0], [1.0]]), np.array([[[0.6]], [[2.0]]]),
           id=f"dgamma.{m}") for m in ("mean", "var", "std", "entropy")],
    *one_shape_common_cases(T, "dgamma", size1_x=1.1, size1_shape=0.6),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-50.0, -3.0, -0.1, 0.1, 1.3, 3.0, 50.0])
VALUE_CHECKS = [
    *[(f"dgamma.{f}", (POINTS, np.array([[0.5], [1.0], [7.0]]), loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"dgamma.{f}", (np.array([0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0]), np.array([[0.3], [1.0], [7.0]]), -0.1, 1.3))
      for f in ("ppf", "isf")],
    *[(f"dgamma.{m}", (np.array([0.1, 2.0, 30.0]), 0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("dgamma.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("dgamma.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"dgamma.ppf": 1e-11, "dgamma.isf": 1e-11})


def _mp_dgamma(mp):
    def q(a, t):  # gammaincc(a, t), regularized
        return mp.gammainc(a, t, mp.inf, regularized=True)

    def logpdf(z, a):
        return (a - 1) * mp.log(abs(z)) - abs(z) - mp.loggamma(a) - mp.log(2)

    def cdf(z, a):
        return 1 - q(a, z) / 2 if z >= 0 else q(a, -z) / 2

    def sf(z, a):
        return q(a, z) / 2 if z >= 0 else 1 - q(a, -z) / 2

    def ppf(p, a):
        with mp.workdps(mp.mp.dps + 30):  # (2p - 1 at a tiny p keeps its digits)
            x = mp.findroot(lambda t: mp.gammainc(a, 0, t, regularized=True) - abs(2 * p - 1),
                            mp.mpf(float(stats.gamma.ppf(float(abs(2 * p - 1)), float(a)))))
        return +x if p >= 0.5 else -x

    def isf(p, a):  # (gammaincc at 2p where 2p is small: 1 - 2p loses its digits)
        with mp.workdps(mp.mp.dps + 30):
            x = mp.findroot(lambda t: q(a, t) - 2 * p, mp.mpf(float(stats.gamma.isf(float(2 * p), float(a)))))
        return +x
    return {"logpdf": logpdf, "pdf": lambda z, a: mp.exp(logpdf(z, a)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, a: mp.log(cdf(z, a)), "logsf": lambda z, a: mp.log(sf(z, a)),
            "ppf": lambda p, a: ppf(p, a) if p >= 0.25 else -isf(p, a),
            "isf": lambda p, a: -ppf(p, a) if p >= 0.25 else isf(p, a),
            "mean": lambda a: 0 * a, "var": lambda a: a * (a + 1), "std": lambda a: mp.sqrt(a * (a + 1)),
            "entropy": lambda a: a - (a - 1) * mp.digamma(a) + mp.loggamma(a) + mp.log(2)}


MP_POINTS = [
    # both sides of the kink z = 0, near and far, small and large a, in x and a
    *[(f, (z, a), i, 1e-11) for f in TAILS for z, a in ((-1e-3, 2.0), (1e-3, 2.0), (-3.0, 0.4), (30.0, 7.0))
      for i in (0, 1)],
    # far out: SciPy's log of an underflowed tail
    *[(f, (z, a), 0, 1e-13) for f, z, a in (("logsf", 1e3, 2.0), ("logcdf", -1e3, 2.0))],
    # the quantiles both sides of q = 1/4 and 3/4 (the switches), near 1/2, in the tails
    *[(f, (q, a), i, 1e-11) for f in ("ppf", "isf") for q, a in ((1e-10, 2.0), (0.24, 2.0), (0.26, 0.5), (0.5 + 1e-9, 2.0),
                                                                 (0.74, 2.0), (0.76, 0.5))
      for i in (0, 1)],
    *[(m, (a,), 0, 1e-12) for m in ("var", "std", "entropy") for a in (1e-3, 2.0, 40.0)],
]

test_against_mpmath = mp_points_test(T, _mp_dgamma, MP_POINTS)


def test_where_scipy_is_off():
    logsf, ppf = mp_truths(_mp_dgamma, [("logsf", (1e3, 2.0)), ("ppf", (1e-10, 2.0))])
    with np.errstate(divide="ignore"):  # (SciPy's log of an underflowed tail)
        assert float(ST.dgamma.logsf(1e3, 2.0)) == -np.inf
    assert float(T.logsf(1e3, 2.0)) == pytest.approx(logsf, rel=1e-14)
    # (from q itself below 1/2: through 1 - q a small q lost its digits, 3.4e-9 relative off here)
    assert float(T.ppf(1e-10, 2.0)) == pytest.approx(ppf, rel=1e-14)


def test_at_the_kink():
    # the tails' first derivative: the density, one number for both sides (0, 1/2, inf as a is above, at, below 1);
    # their second derivative refused
    for a, density in ((2.0, 0.0), (1.0, 0.5), (0.5, np.inf)):
        for f, sign in (("cdf", 1.0), ("sf", -1.0)):
            with np.errstate(divide="ignore"):
                assert float(wg.grad(lambda x, f=f: _f(f)(x, a))(0.0)) == sign * density
            if a == 2.0:
                for second in (lambda g: wg.grad(wg.grad(g))(0.0), lambda g: wg.hessian(g)(0.0),
                               lambda g: wg.jvp(wg.grad(g), (0.0,), (1.0,))):
                    with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
                        second(lambda x, f=f: _f(f)(x, a))
    # the tails at 0 are 1/2 for every a: derivative 0 in a
    assert float(wg.grad(lambda a: T.cdf(0.0, a))(2.0)) == 0.0
    for f in ("pdf", "logpdf"):
        for arg in (0, 2, 3):
            args = [0.0, 2.0, 0.0, 1.5]
            with pytest.raises(NoGradientRule, match="no derivative in x, loc or scale at x == loc"):
                wg.grad(lambda t, f=f, arg=arg: _f(f)(*args[:arg], t, *args[arg + 1:]))(args[arg])
        with pytest.raises(NoGradientRule, match="no derivative in a at x == loc for a <= 1"):
            wg.grad(lambda a, f=f: _f(f)(0.0, a))(1.0)
    assert float(wg.grad(lambda a: T.pdf(0.0, a))(2.0)) == 0.0  # (0 on a neighbourhood of a = 2)
    assert float(T.ppf(0.5, 2.0)) == 0.0
    # the median, loc for every a: derivative 0 in a, to second order (gamma's quantile at 0 refused it)
    assert float(wg.grad(wg.grad(lambda a: T.median(a, 0.3, 1.2)))(2.0)) == 0.0
    with pytest.raises(NoGradientRule, match="no derivative in q at q = 1/2"):
        wg.grad(lambda q: T.ppf(q, 2.0))(0.5)


def test_quantiles_and_tails_agree():
    for a in (0.05, 0.7, 20.0):
        for q in (1e-200, 0.01, 0.3, 0.7):
            assert float(T.cdf(float(T.ppf(q, a)), a)) == pytest.approx(q, rel=1e-12)
            assert float(T.sf(float(T.isf(q, a)), a)) == pytest.approx(q, rel=1e-12)
        assert float(T.ppf(0.0, a)) == -np.inf and float(T.isf(0.0, a)) == np.inf


def test_float32_stays_float32():
    float32_check(T, (0.7,))


REFUSALS = [
    *[(call, f"dgamma.{m}: the shape parameters must be positive \\(a is not") for m, call in (
        ("cdf", lambda: T.cdf(1.0, 0.0)), ("logpdf", lambda: T.logpdf(1.0, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, 0.0)), ("mean", lambda: T.mean(0.0)), ("std", lambda: T.std(-1.0)),
        ("entropy", lambda: T.entropy(0.0)))],
    (lambda: T.logpdf(1.0, 2.0, 0.0, -1.0), "dgamma.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "dgamma.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, (0.4, 2.0))
