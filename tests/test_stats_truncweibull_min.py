"""``scipy.stats``' ``truncweibull_min`` (``c z^(c - 1) exp(-z^c) / (exp(-a^c) - exp(-b^c))`` on ``a <= z <= b``): its
density, tails, quantiles, mean, variance, median and interval (the entropy, which SciPy integrates, by quadrature:
tests/test_stats_quadrature_entropy.py).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (near a, where its
``exp(-a^c) - exp(-z^c)`` cancels, and its quantiles near q = 0); values and first and second derivatives against
mpmath in x (or q), c, a and b near both ends and inside, at a = 0; the ends (refused for traced arguments: the
density jumps); float32; the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, round_trip_resolution, float32_check, gradient_test, mp_points_test, mp_truths, refusals_test,  # noqa: E402
                     stats_values_test)
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.truncweibull_min


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), np.array([1.2, 1.5, 2.5]), np.array([[0.7], [2.0]]), 0.3, np.array([[[3.0]], [[4.0]]]),
           0.05, 1.1, id=f"truncweibull_min.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.5, 0.95]), np.array([[0.7], [2.0]]), 0.3, 3.0, 0.1, 1.3,
           id=f"truncweibull_min.{f}") for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.7, 2.0]), np.array([[0.2], [0.5]]), 3.0, 0.1, 1.3, id=f"truncweibull_min.{m}")
      for m in ("mean", "var", "std", "median")],
    case(_f("interval"), lambda p, c, a, b: T.interval(p, c, a, b, 0.3, 1.2), np.array([0.2, 0.9]), 1.7, 0.5, 2.5,
         id="truncweibull_min.interval"),
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"truncweibull_min.{f}", (np.array([0.0, 0.3, 1.0, 1.7, 2.9, 3.5]) , c, a, b, 0.05, 1.3)) for f in TAILS
      for c, a, b in ((2.0, 1.0, 3.0), (0.5, 0.0, 2.0), (1.0, 0.0, 0.5), (0.7, 0.2, 3.0))],
    *[(f"truncweibull_min.{f}", (np.array([1e-3, 0.1, 0.5, 0.9, 0.999]), c, a, b, -0.1, 1.3)) for f in ("ppf", "isf")
      for c, a, b in ((2.0, 1.0, 3.0), (0.5, 0.0, 2.0), (0.7, 0.2, 3.0))],
    *[(f"truncweibull_min.{m}", (np.array([0.7, 2.0]), 0.5, 3.0, -0.1, 1.3)) for m in ("mean", "var", "std", "median")],
    ("truncweibull_min.interval", (0.8, np.array([0.7, 2.0]), 0.5, 3.0, -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    "truncweibull_min.logcdf": 1e-11, "truncweibull_min.ppf": 1e-11, "truncweibull_min.isf": 1e-11})


def _mp_truncweibull_min(mp):
    def mass(c, a, b):
        return mp.exp(-a ** c) - mp.exp(-b ** c)

    def cdf(z, c, a, b):
        return (mp.exp(-a ** c) - mp.exp(-z ** c)) / mass(c, a, b)

    def sf(z, c, a, b):
        return (mp.exp(-z ** c) - mp.exp(-b ** c)) / mass(c, a, b)

    def ppf(q, c, a, b):
        return (-mp.log((1 - q) * mp.exp(-a ** c) + q * mp.exp(-b ** c))) ** (1 / c)

    def moment(n, c, a, b):
        s = n / c + 1
        return mp.gamma(s) * (mp.gammainc(s, 0, b ** c, regularized=True) -
                              mp.gammainc(s, 0, a ** c, regularized=True)) / mass(c, a, b)
    return {"logpdf": lambda z, c, a, b: mp.log(c * z ** (c - 1) * mp.exp(-z ** c) / mass(c, a, b)),
            "pdf": lambda z, c, a, b: c * z ** (c - 1) * mp.exp(-z ** c) / mass(c, a, b), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, c, a, b: mp.log(cdf(z, c, a, b)), "logsf": lambda z, c, a, b: mp.log(sf(z, c, a, b)),
            "ppf": ppf, "isf": lambda q, c, a, b: ppf(1 - q, c, a, b),
            "mean": lambda c, a, b: moment(1, c, a, b),
            "var": lambda c, a, b: moment(2, c, a, b) - moment(1, c, a, b) ** 2}


_IN = ((1.0 + 1e-9, 2.0, 1.0, 3.0), (1.5, 2.0, 1.0, 3.0), (3.0 - 1e-9, 2.0, 1.0, 3.0), (1e-5, 0.5, 0.0, 2.0),
       (1.9, 0.7, 0.0, 2.0), (10.0, 0.7, 2.0, 50.0))
MP_POINTS = [
    *[(f, args, i, 1e-11) for f in TAILS for args in _IN for i in (0, 1, 2, 3) if not (i == 2 and args[2] == 0.0)],
    *[(f, (q, 2.0, 1.0, 3.0), i, 1e-11) for f in ("ppf", "isf") for q in (1e-10, 0.3, 0.8, 1 - 1e-10)
      for i in (0, 1, 2, 3)],
    *[(f, (1e-10, 0.5, 0.0, 2.0), i, 1e-11) for f in ("ppf", "isf") for i in (0, 1, 3)],
    *[(m, (c, a, 3.0), i, 1e-11) for m in ("mean", "var") for c, a in ((2.0, 1.0), (0.7, 0.0)) for i in (0, 1, 2)
      if not (i == 1 and a == 0.0)],
    # a narrow [a, b] (Gauss-Legendre about the midpoint: E[z^2] - E[z]^2 cancelled, 8.7e-6 off, its c-derivative 30
    # times the truth)
    *[("var", (2.0, 1.0, 1.001), i, 1e-12) for i in (0, 1, 2)],
]

test_against_mpmath = mp_points_test(T, _mp_truncweibull_min, MP_POINTS)


def test_where_scipy_is_off():
    # SciPy's exp(-a^c) - exp(-z^c) cancels near a (cdf(1 + 1e-10, 2, 1, 3) 3.9e-7 relative off); its ppf's -log((1 -
    # q) exp(-a^c) + q exp(-b^c)) near q = 0 (ppf(1e-10, 0.5, 0, 2) 4.7e-7)
    calls = [("cdf", (1.0 + 1e-10, 2.0, 1.0, 3.0)), ("ppf", (1e-10, 0.5, 0.0, 2.0))]
    for (f, args), want in zip(calls, mp_truths(_mp_truncweibull_min, calls)):
        assert abs(float(getattr(ST.truncweibull_min, f)(*args)) / want - 1) > 1e-8, f
        assert float(_f(f)(*args)) == pytest.approx(want, rel=1e-14), f


def test_ends():
    # the density jumps at a and b: a traced argument is refused there; plain values are SciPy's
    for x in (1.0, 3.0):
        for f in ("pdf", "cdf", "logsf"):
            with pytest.raises(NoGradientRule, match="an end of the support"):
                wg.grad(lambda x, f=f: _f(f)(x, 2.0, 1.0, 3.0))(x)
        assert float(T.cdf(x, 2.0, 1.0, 3.0)) == float(ST.truncweibull_min.cdf(x, 2.0, 1.0, 3.0))
    assert float(T.ppf(0.0, 2.0, 1.0, 3.0)) == 1.0 and float(T.ppf(1.0, 2.0, 1.0, 3.0)) == 3.0
    assert float(T.isf(0.0, 2.0, 1.0, 3.0)) == 3.0 and float(T.isf(1.0, 2.0, 1.0, 3.0)) == 1.0


def test_quantiles_and_tails_agree():
    for c, a, b in ((2.0, 1.0, 3.0), (0.5, 0.0, 2.0), (0.7, 2.0, 50.0)):
        for q in (1e-200, 1e-10, 0.3, 0.7, 1 - 1e-10):
            x, y = float(T.ppf(q, c, a, b)), float(T.isf(q, c, a, b))
            assert float(T.cdf(x, c, a, b)) == pytest.approx(q, rel=1e-11, abs=round_trip_resolution(T.cdf, x, c, a, b))
            assert float(T.sf(y, c, a, b)) == pytest.approx(q, rel=1e-11, abs=round_trip_resolution(T.sf, y, c, a, b))


def test_float32_stays_float32():
    float32_check(T, (2.0, 1.0, 3.0), x=1.5, summaries=("mean", "var", "std", "entropy", "median"))


REFUSALS = [
    (lambda: T.cdf(0.5, 0.0, 0.0, 1.0), "truncweibull_min.cdf: c must be positive"),
    (lambda: T.pdf(0.5, 1.0, -0.1, 1.0), "truncweibull_min.pdf: a and b must satisfy 0 <= a < b"),
    (lambda: T.ppf(0.5, 1.0, 1.0, 1.0), "truncweibull_min.ppf: a and b must satisfy 0 <= a < b"),
    (lambda: T.mean(1.0, 2.0, 1.0), "truncweibull_min.mean: a and b must satisfy 0 <= a < b"),
    (lambda: T.logpdf(0.5, 1.0, 0.0, 1.0, 0.0, -1.0), "truncweibull_min.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 1.0, 0.0, 1.0), "truncweibull_min.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


@pytest.mark.parametrize("method, x, a, b", [
    ("logcdf", np.nextafter(2.5, 3.0), 2.5, 3.5), ("logsf", np.nextafter(3.5, 3.0), 2.5, 3.5),
    ("logpdf", 1.5 + 5e-13, 1.5, 1.5 + 1e-12)])
def test_log_tails_near_an_end_second_order(method, x, a, b):
    """``log(1 - exp(-w))`` for ``w = u^c - t^c`` near ``u = t`` (l near a, h near b, the mass for b near a) as ``log w
    + log((1 - e^-w) / w)``, ``log w`` from ``log(u - t)`` and smooth terms: through ``log(-expm1(-w))`` d2/dx dc
    was two terms ``1 / (c (u - t))`` apart (logcdf at x = a + 4.4e-16: -11.30 and -11.82 for -11.5152). The Hessian
    in (x, c, a) on every path against mpmath's."""
    mp = pytest.importorskip("mpmath")
    fs = _mp_truncweibull_min(mp)
    with mp.workdps(60):
        point = [mp.mpf(x), mp.mpf(3), mp.mpf(a)]
        truth = np.array([[float(mp.diff(lambda x, c, a: fs[method](x, c, a, mp.mpf(b)), point, tuple(
            int(k == i) + int(k == j) for k in range(3)))) for j in range(3)] for i in range(3)])

    def f(v):
        return getattr(T, method)(v[0], v[1], v[2], b)
    v = np.array([x, 3.0, a])
    for path in (wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacrev(wg.jacfwd(f)), wg.jacfwd(wg.jacfwd(f))):
        np.testing.assert_allclose(path(v), truth, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("method", ["cdf", "sf", "logsf"])
def test_at_the_smallest_x(method):
    """At x = 5e-324 (a = 0, b = 2, c = 0.5) h = b^c - z^c was t^c expm1(c log1p((u - t) / t)) with (u - t) / t
    overflowing: a RuntimeWarning (an error under the suite's filter) from a form masked after; values and d/dx
    against mpmath (40 digits): cdf = -expm1(-x^c) / -expm1(-b^c), its slope the density c x^(c - 1) e^(-x^c) / mass."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        x, c, b = mp.mpf(5e-324), mp.mpf(0.5), mp.mpf(2)
        mass = -mp.expm1(-b ** c)
        cdf, density = -mp.expm1(-x ** c) / mass, c * x ** (c - 1) * mp.exp(-x ** c) / mass
        want = {"cdf": (cdf, density), "sf": (1 - cdf, -density), "logsf": (mp.log1p(-cdf), -density / (1 - cdf))}
    value, slope = (float(v) for v in want[method])
    f = getattr(stats.truncweibull_min, method)
    assert float(f(np.float64(5e-324), 0.5, 0.0, 2.0)) == pytest.approx(value, rel=1e-15, abs=0.0)
    assert float(wg.grad(lambda x: f(x, 0.5, 0.0, 2.0))(np.float64(5e-324))) == pytest.approx(slope, rel=1e-13, abs=0.0)
