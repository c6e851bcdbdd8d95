"""``scipy.stats``' ``dweibull`` (the double Weibull distribution): its density, tails, quantiles, moments,
entropy, median and interval, and what it does at its kink, ``x == loc``.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and
against mpmath where SciPy's log tails are ``-inf``; derivatives near the kink, far out and at tiny q
against mpmath (computed in the test where mpmath is installed); the kink's refusals and one-sided
values, float32, the shape's refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, gradient_test, infinite_ends_check, mp_point_check, nth_grad,  # noqa: E402
                     one_shape_common_cases, stats_values_test)
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
D = stats.dweibull
#: both sides of the kink (not at it: test_kink), near it and out to where the tails are e^-|z|^c, c = 20
X = np.array([-3.0, -0.4, -0.05, 0.05, 0.4, 3.0])
C = np.array([[0.6], [1.0], [2.5]])


def _f(method):
    return getattr(D, method)


CASES = [
    # in x, c, loc and scale, broadcast against each other (loc 0.01: no z at the kink)
    *[case(_f(f), _f(f), X, C, np.array([[[0.0]], [[0.01]]]), 1.3, id=f"dweibull.{f}") for f in TAILS],
    # both sides of q = 1/2 (not at it: test_kink)
    *[case(_f(f), _f(f), np.array([1e-3, 0.2, 0.45, 0.55, 0.9, 0.999]), C, 0.1, 1.3, id=f"dweibull.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.3, 1.0, 4.0]), np.array([[0.0], [1.0]]), np.array([[0.6], [2.0]]),
           id=f"dweibull.{m}") for m in ("mean", "var", "std", "entropy")],
    # each tail and quantile on a size-1 and a size-0 array, the median and the interval
    *one_shape_common_cases(D, "dweibull"),
]

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-40.0, -3.0, -0.5, -1e-3, 0.0, 1e-3, 0.5, 3.0, 40.0])
QS = np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0 - 1e-16, 1.0])
VALUE_CHECKS = [
    *[(f"dweibull.{f}", (POINTS, np.array([[0.5], [1.0], [2.0]]), loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"dweibull.{f}", (QS, np.array([[0.5], [1.0], [2.0]]), -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"dweibull.{m}", (np.array([0.3, 1.0, 7.0]), 0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("dweibull.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("dweibull.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)

#: where SciPy's log tails are -inf: (function, (x, c), -log 2 - |x|^c)
BEYOND_SCIPY = [
    ("logcdf", (-30.0, 2.0), -900.6931471805599),
    ("logsf", (30.0, 2.0), -900.6931471805599),
]


@pytest.mark.parametrize("name, args, value", BEYOND_SCIPY, ids=[n for n, *_ in BEYOND_SCIPY])
def test_where_scipy_is_minus_inf(name, args, value):
    assert float(_f(name)(*args)) == pytest.approx(value, rel=1e-15)
    with np.errstate(divide="ignore"):  # (SciPy's own warning)
        assert float(getattr(ST.dweibull, name)(*args)) == -np.inf


#: (function, (x or q, c), the argument differentiated (0: x or q, 1: c)): value, first and second derivatives
#: against mpmath (test_against_mpmath)
POINTS_MP = [
    ("logcdf", (-30.0, 2.0), 0), ("logcdf", (-30.0, 2.0), 1), ("logsf", (1e3, 0.5), 0), ("logsf", (1e3, 0.5), 1),
    ("cdf", (-1e-3, 0.4), 0), ("cdf", (1e-3, 0.4), 1), ("sf", (-1e-3, 2.0), 0), ("logcdf", (2.0, 1.5), 0),
    ("logcdf", (2.0, 1.5), 1), ("pdf", (-0.7, 3.0), 0), ("pdf", (-0.7, 3.0), 1), ("logpdf", (1e-200, 0.5), 0),
    # the quantiles below q = 1e-150 (2 q < _TINY_Q: (-log 2q)^(1/c) one primitive in q, as weibull_min's isf)
    ("ppf", (1e-300, 0.5), 0), ("ppf", (1e-300, 0.5), 1), ("isf", (1e-300, 2.0), 0), ("isf", (1e-300, 2.0), 1),
    ("ppf", (1.0 - 2.0 ** -52, 2.0), 0), ("isf", (0.3, 1.0), 0), ("ppf", (0.7, 1.0), 1),
]


def _mp_function(mp, method, a, c):
    if method in ("ppf", "isf"):  # (isf(q) = -ppf(q): symmetric)
        sign = 1 if method == "ppf" else -1
        return sign * (-(-mp.log(2 * a)) ** (1 / c) if a < 0.5 else (-mp.log(2 * (1 - a))) ** (1 / c))
    t = abs(a)
    if method == "logpdf":
        return mp.log(c / 2) + (c - 1) * mp.log(t) - t ** c
    if method == "pdf":
        return c / 2 * t ** (c - 1) * mp.exp(-t ** c)
    half = mp.exp(-t ** c) / 2
    cdf, sf = (1 - half, half) if a > 0 else (half, 1 - half)
    return {"cdf": cdf, "sf": sf, "logcdf": mp.log(cdf), "logsf": mp.log(sf)}[method]


@pytest.mark.parametrize("method, args, i", POINTS_MP, ids=[f"{m}-{a}-{i}" for m, a, i in POINTS_MP])
def test_against_mpmath(method, args, i):
    # (the quantiles' power (-log 2q)^(1/c): its rounding log(-log 2q) / c eps, 2e-15 at q = 1e-300)
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_function(mp, method, *a), 4e-15)


def test_kink():
    # at x == loc the density |z|^(c - 1) has no derivative in x, loc or scale for any c (its sides' slopes
    # differ, or are infinite): refused; in c it jumps at c = 1 (and is inf below): refused there
    for c in (0.5, 1.0, 2.0, 3.0):
        for f in (D.pdf, D.logpdf):
            for call in (lambda: wg.grad(lambda x: f(x, c))(0.0), lambda: wg.grad(lambda loc: f(0.5, c, loc))(0.5),
                         lambda: wg.jvp(lambda x: f(x, c), (0.0,), (1.0,))):
                with pytest.raises(NoGradientRule, match="no derivative in x, loc or scale at x == loc"):
                    call()
    for c in (0.5, 1.0):
        with pytest.raises(NoGradientRule, match="no derivative in c at x == loc"):
            wg.grad(lambda c: D.pdf(0.0, c))(c)
    assert wg.grad(lambda c: D.pdf(0.0, c))(2.0) == 0.0
    # the tails: one first derivative for both sides, the density there (0 for c > 1, 1/2 at c = 1, inf below);
    # their second derivatives in x refused (the sides' differ: -+1/2 at c = 1, -+1 at c = 2, -+inf between)
    for c, slope in ((0.4, np.inf), (1.0, 0.5), (2.0, 0.0), (3.0, 0.0)):
        for f, sign in ((D.cdf, 1.0), (D.sf, -1.0), (D.logcdf, 2.0), (D.logsf, -2.0)):
            with np.errstate(divide="ignore"):  # (NumPy's power at 0 for c < 1: the truth's infinity)
                assert wg.grad(lambda x: f(x, c))(0.0) == sign * slope
                assert float(wg.jvp(lambda x: f(x, c), (0.0,), (1.0,))[1]) == sign * slope
                with pytest.raises(NoGradientRule, match="second derivative"):
                    wg.grad(wg.grad(lambda x: f(x, c)))(0.0)
            assert wg.grad(lambda c: f(0.0, c))(c) == 0.0  # (1/2 and -log 2 for every c)
    # the quantiles: q = 1/2 traced refused; the median, loc for every c, has derivative 0 in c
    for f in (D.ppf, D.isf):
        with pytest.raises(NoGradientRule, match="no derivative in q at q = 1/2"):
            wg.grad(lambda q: f(q, 2.0))(0.5)
    for c in (0.5, 1.0, 3.0):
        assert float(D.median(c, 0.3)) == 0.3
        assert wg.grad(lambda c: D.median(c))(c) == 0.0 and nth_grad(lambda c: D.median(c), c, 2) == 0.0


def test_far_out():
    # the log tails -log 2 - |z|^c, finite where SciPy's are -inf, to z = 1e100 (c = 3: -1e300)
    f = lambda x: D.logcdf(x, 3.0)  # noqa: E731
    assert float(f(-1e100)) == -1e300
    assert float(wg.grad(f)(-1e100)) == pytest.approx(3e200, rel=1e-15)
    assert nth_grad(f, -1e100, 2) == pytest.approx(-6e100, rel=1e-15)


def test_float32_stays_float32():
    f = np.float32
    for m in TAILS + ("ppf", "isf"):
        x = f(0.3) if m in ("ppf", "isf") else f(-0.7)
        for c in (f(2.0), f(0.6)):
            got = _f(m)(x, c)
            assert np.asarray(got).dtype == np.float32, m
            assert float(got) == pytest.approx(float(getattr(ST.dweibull, m)(float(x), float(c))), rel=2e-6)


def test_refusals():
    for method, call in (("cdf", lambda: D.cdf(1.0, 0.0)), ("logpdf", lambda: D.logpdf(1.0, -1.0)),
                         ("pdf", lambda: D.pdf(1.0, c=np.array([1.0, -2.0]))), ("isf", lambda: D.isf(0.5, -1.0)),
                         ("ppf", lambda: D.ppf(0.3, 0.0)), ("var", lambda: D.var(0.0)),
                         ("entropy", lambda: D.entropy(-1.0))):
        with pytest.raises(ValueError, match=f"dweibull.{method}: the shape parameters must be positive"):
            call()
    with pytest.raises(ValueError, match="dweibull.logsf: scale must be positive"):
        D.logsf(1.0, 1.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="dweibull.ppf: q must be a probability"):
        D.ppf(1.5, 1.0)


#: (x, c) far out, plain Python floats, where |x|^c overflows (its inf the truth's): (x, c, (pdf, logpdf, cdf, sf,
#: logcdf, logsf))
FAR_SCALARS = [(1e300, 2.0, (0.0, -np.inf, 1.0, 0.0, 0.0, -np.inf)), (1e155, 2.0, (0.0, -np.inf, 1.0, 0.0, 0.0, -np.inf)),
               (-1e60, 7.5, (0.0, -np.inf, 0.0, 1.0, -np.inf, 0.0)), (-1e300, 2.0, (0.0, -np.inf, 0.0, 1.0, -np.inf, 0.0))]


@pytest.mark.parametrize("x, c, values", FAR_SCALARS)
def test_python_floats_far_out(x, c, values):
    # before: pdf and logpdf raised OverflowError (a Python float's 1e300 ** 2.0, not np.power), the tails
    # warned "overflow encountered in power" (an error under pytest); SciPy's pdf(-1e60, 7.5) is NaN
    for m, value in zip(("pdf", "logpdf", "cdf", "sf", "logcdf", "logsf"), values):
        assert float(_f(m)(x, c)) == value, m
    # and the derivatives in x where they are finite: logpdf's -c |x|^(c - 1) sign(x), its second -c (c - 1) x^(c - 2)
    if c == 2.0 and abs(x) < 1e200:
        for path in (wg.grad(lambda x: D.logpdf(x, c)), wg.jacfwd(lambda x: D.logpdf(x, c))):
            assert path(x) == -2.0 * x
        for path in (wg.grad(wg.grad(lambda x: D.logpdf(x, c))), wg.hessian(lambda x: D.logpdf(x, c)),
                     wg.jacfwd(wg.grad(lambda x: D.logpdf(x, c))), wg.jacfwd(wg.jacfwd(lambda x: D.logpdf(x, c)))):
            assert path(x) == -2.0


def test_density_of_float32_with_python_shape():
    # before: float64 (np.log(2.0), a float64 scalar, in the log density)
    for m in ("pdf", "logpdf"):
        got = _f(m)(np.float32(-0.7), 2.0)
        assert np.asarray(got).dtype == np.float32, m
        assert float(got) == pytest.approx(float(getattr(ST.dweibull, m)(-0.7, 2.0)), rel=2e-6)


def test_at_infinity():
    # the limits at x = +-inf, derivatives 0 (logpdf and logsf were NaN at +inf where the truth is -inf)
    infinite_ends_check(stats.dweibull, (0.5, 1.0, 2.0))
