"""``scipy.stats``' ``loggamma`` (the log of a gamma variate): its density, tails, quantiles, moments,
entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and
against mpmath where SciPy's log tails are ``-inf`` and its entropy cancels; derivatives far down
(where the cdf is ``e^(c z)`` times a series), far up and at tiny q against mpmath (computed in the
test where mpmath is installed); the constants far up, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, gradient_test, infinite_ends_check, mp_point_check,  # noqa: E402
                     nth_grad, one_shape_common_cases, stats_values_test, tiny_isf_check)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
L = stats.loggamma
#: far down, both sides of the series' end (w = e^z = max(1, (c + 1) / 4): z = 0 for c = 0.4 and 2.5,
#: z = 1.18 for c = 12) and up
Z = np.array([-6.0, -0.05, 0.05, 1.1, 1.25, 3.0])
C = np.array([[0.4], [2.5], [12.0]])


def _f(method):
    return getattr(L, method)


CASES = [
    *[case(_f(f), _f(f), Z, C, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"loggamma.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([1e-3, 0.2, 0.5, 0.9, 0.999]), C, 0.1, 1.3, id=f"loggamma.{f}")
      for f in ("ppf", "isf")],
    # ppf's leading term (where gammaincinv(c, q) < 1e-20: q < 0.096 at c = 0.05) and beyond
    case(_f("ppf"), _f("ppf"), np.array([0.01, 0.09, 0.1, 0.2]), 0.05, id="loggamma.ppf-small"),
    # the entropy on both sides of c = 10 (its series from there)
    *[case(_f(m), _f(m), np.array([0.3, 3.0, 9.9, 10.1, 40.0]), np.array([[0.0], [1.0]]), np.array([[0.6], [2.0]]),
           id=f"loggamma.{m}") for m in ("mean", "var", "std", "entropy")],
    # each tail and quantile on a size-1 and a size-0 array, the median and the interval
    *one_shape_common_cases(L, "loggamma"),
]

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-700.0, -30.0, -3.0, -0.5, 0.0, 1.0, 2.5, 5.0])
QS = np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0])
VALUE_CHECKS = [
    *[(f"loggamma.{f}", (POINTS, np.array([[0.5], [2.0], [30.0]]), loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"loggamma.{f}", (QS, np.array([[0.5], [2.0], [30.0]]), -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"loggamma.{m}", (np.array([0.3, 1.0, 7.0, 100.0]), 0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("loggamma.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("loggamma.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)

#: where SciPy's log tails are -inf: (function, (x, c), mpmath at 60 digits)
BEYOND_SCIPY = [
    ("logsf", (7.0, 2.0), -1089.6322469620047),
    ("logcdf", (-800.0, 2.0), -1600.69314718056),
]


@pytest.mark.parametrize("name, args, value", BEYOND_SCIPY, ids=[n for n, *_ in BEYOND_SCIPY])
def test_where_scipy_is_minus_inf(name, args, value):
    assert float(_f(name)(*args)) == pytest.approx(value, rel=1e-15)
    with np.errstate(divide="ignore"):  # (SciPy's own warning)
        assert float(getattr(ST.loggamma, name)(*args)) == -np.inf


#: (function, (x or q, c), the argument differentiated (0: x or q, 1: c)), against mpmath at 60 digits
POINTS_MP = [
    ("logcdf", (-800.0, 2.0), 0), ("logcdf", (-800.0, 2.0), 1), ("logcdf", (-20.0, 0.5), 0),
    ("logsf", (7.0, 2.0), 0), ("logsf", (7.0, 2.0), 1), ("logsf", (1.0, 0.5), 0), ("cdf", (-3.0, 2.5), 1),
    ("logpdf", (2.0, 3.0), 1), ("pdf", (-1.0, 0.7), 0),
    ("entropy", (9.99,), 0), ("entropy", (1e8,), 0), ("entropy", (0.01,), 0),
    ("mean", (0.01,), 0), ("var", (1e3,), 0),
    # ppf's leading term (log q + gammaln(c + 1)) / c where gammaincinv(c, q) < 1e-20
    ("ppf", (1e-300, 0.5), 0), ("ppf", (1e-300, 0.5), 1), ("ppf", (1e-300, 2.0), 1),
]


def _mp_function(mp, method, *a):
    if method in ("mean", "var", "entropy"):
        c = a[0]
        return {"mean": mp.digamma(c), "var": mp.psi(1, c),
                "entropy": mp.loggamma(c) - c * mp.digamma(c) + c}[method]
    x, c = a
    if method == "ppf":
        return (mp.log(x) + mp.loggamma(c + 1)) / c
    w = mp.exp(x)
    if method == "logpdf":
        return c * x - w - mp.loggamma(c)
    if method == "pdf":
        return mp.exp(c * x - w - mp.loggamma(c))
    p, q = mp.gammainc(c, 0, w, regularized=True), mp.gammainc(c, w, mp.inf, regularized=True)
    return {"cdf": p, "sf": q, "logcdf": mp.log(p), "logsf": mp.log(q)}[method]


@pytest.mark.parametrize("method, args, i", POINTS_MP, ids=[f"{m}-{a}-{i}" for m, a, i in POINTS_MP])
def test_against_mpmath(method, args, i):
    # (gammainc's derivatives in its shape within 1e-14 here; the entropy's direct form below c = 10, terms of
    # size c log c cancelling, 5.3e-15 off at 9.99; the rest 4e-15)
    rel = 1e-14 if (i == 1 and method in ("cdf", "logcdf", "sf", "logsf")) or method == "entropy" else 4e-15
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_function(mp, method, *a), rel)


def test_far_up():
    # where w = e^z passes 1e150: the log sf -e^z + (c - 1) z - gammaln(c) (through gammaincc's rules the
    # derivatives were NaN from z = 709.8); the cdf, sf, logcdf and pdf constants with derivatives 0
    for z in (350.0, 700.0, 800.0):
        with np.errstate(over="ignore"):
            assert float(L.logsf(z, 2.0)) == pytest.approx(-np.exp(z) + z, rel=1e-15)
            assert float(wg.grad(lambda x: L.logsf(x, 2.0))(z)) == pytest.approx(1.0 - np.exp(z), rel=1e-15)
        for f, value in ((L.cdf, 1.0), (L.sf, 0.0), (L.logcdf, 0.0), (L.pdf, 0.0)):
            assert float(f(z, 2.0)) == value
            for i in (0, 1):
                def g(t, f=f, i=i):
                    return f(*((t, 2.0) if i == 0 else (z, t)))
                t = (z, 2.0)[i]
                assert nth_grad(g, t) == 0.0 and nth_grad(g, t, 2) == 0.0, (f, z, i)
                assert float(wg.jvp(wg.grad(g), (t,), (1.0,))[1]) == 0.0 and float(wg.hessian(g)(t)) == 0.0


def test_isf_far_out():
    # (x rounded: the density's e^x amplifies its error by x e^x, 5e-13 at q = 1e-300)
    tiny_isf_check(L, "c", (0.5, 2.0, 30.0), 1e-11)


def test_float32_stays_float32():
    import scipy.special as sc
    f = np.float32
    for m in TAILS + ("ppf", "isf"):
        x = 0.3 if m in ("ppf", "isf") else 0.7
        for c in (f(2.0), f(0.4)):
            got = _f(m)(f(x), c)
            want = np.asarray(sc.gammaincinv(c, f(x))).dtype if m in ("ppf", "isf") else np.float32
            assert np.asarray(got).dtype == want, m
            assert float(got) == pytest.approx(float(getattr(ST.loggamma, m)(x, float(c))), rel=2e-6, abs=1e-6)


def test_refusals():
    for method, call in (("cdf", lambda: L.cdf(1.0, 0.0)), ("logpdf", lambda: L.logpdf(1.0, -1.0)),
                         ("pdf", lambda: L.pdf(1.0, c=np.array([1.0, -2.0]))), ("isf", lambda: L.isf(0.5, -1.0)),
                         ("ppf", lambda: L.ppf(0.5, 0.0)), ("mean", lambda: L.mean(0.0)),
                         ("entropy", lambda: L.entropy(-1.0))):
        with pytest.raises(ValueError, match=f"loggamma.{method}: the shape parameters must be positive"):
            call()
    with pytest.raises(ValueError, match="loggamma.logpdf: scale must be positive"):
        L.logpdf(1.0, 1.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="loggamma.ppf: q must be a probability"):
        L.ppf(1.5, 1.0)


def test_at_infinity():
    # the limits at x = +-inf, derivatives 0 (logpdf and logsf were NaN at +inf where the truth is -inf)
    infinite_ends_check(stats.loggamma, (0.5, 1.0, 2.0))
