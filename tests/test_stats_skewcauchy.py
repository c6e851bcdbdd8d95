"""``scipy.stats``' ``skewcauchy`` (``pdf = 1 / (pi (1 + w^2))``, ``w = z / (1 + a sign(z))``, ``-1 < a < 1``): its
density, tails, quantiles, median and interval (mean and variance NaN, as SciPy; the entropy log(4 pi)).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its tails and
quantiles far out); values and first and second derivatives against mpmath in x (or q) and a on both sides of 0 and
of the median, far out; z = 0 (the density's second derivative refused for a != 0, not for a = 0), the limits at
+-inf, float32, the refusals.
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
T = stats.skewcauchy
Z = np.array([-4.0, -0.3, 0.2, 1.1, 6.0])
A = np.array([[-0.6], [0.4]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, A, np.array([[[0.05]], [[-0.1]]]), 1.3, id=f"skewcauchy.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.4, 0.6, 0.95]), A, 0.1, 1.3, id=f"skewcauchy.{f}")
      for f in ("ppf", "isf")],
    *one_shape_common_cases(T, "skewcauchy", size1_x=0.7, size1_shape=0.3),
]
# (the common median, interval and size-0 cases take a shape 2.0, 1.7 or 1.3: a in (-1, 1) here)
CASES = [c for c in CASES if c.id not in ("skewcauchy.median", "skewcauchy.interval")
         and not c.id.endswith("-size0")] + [
    case(_f("interval"), lambda p, s: T.interval(p, s, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), 0.7,
         id="skewcauchy.interval"),
    # the moments do not exist: NaN with NaN derivatives; masked, a zero cotangent adds nothing (as cauchy's)
    *[case(_f(m), lambda a, loc, scale, _m=_f(m): np.where(np.isnan(_m(a, loc, scale)), 0.0, 1.0),
           np.array([-0.5, 0.3]), 0.1, 1.3, id=f"skewcauchy.{m}-undefined") for m in ("mean", "var", "std")],
    *[case(_f(m), _f(m), np.zeros(0), 0.3, id=f"skewcauchy.{m}-size0") for m in TAILS + ("ppf", "isf")],
    case(_f("median"), lambda *a: T.median(*a), np.array([0.3, -0.7]), np.array([[-0.4], [1.3]]), 0.6,
         id="skewcauchy.median"),
    # (log(4 pi scale) for every a: d/da 0)
    case(_f("entropy"), _f("entropy"), np.array([-0.5, 0.3]), 0.1, 1.3, id="skewcauchy.entropy")]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1e3, -3.0, -0.1, 0.0, 0.1, 3.0, 1e3])
VALUE_CHECKS = [
    *[(f"skewcauchy.{f}", (POINTS, a, loc, 1.3)) for f in TAILS for a in (-0.9, 0.0, 0.3, 0.99) for loc in (0.0, 0.05)],
    *[(f"skewcauchy.{f}", (np.array([0.0, 1e-3, 0.1, 0.35, 0.5, 0.9, 0.999, 1.0]), a, -0.1, 1.3))
      for f in ("ppf", "isf") for a in (-0.9, 0.0, 0.3, 0.99)],
    *[(f"skewcauchy.{m}", (np.array([-0.5, 0.3]), -0.1, 1.3)) for m in ("mean", "var", "std", "entropy")],
    ("skewcauchy.median", (np.array([-0.5, 0.3]), -0.1, 1.3)),
    ("skewcauchy.interval", (0.8, np.array([-0.5, 0.3]), -0.1, 1.3)),
]

# (SciPy's (1 - a)/2 + (1 - a)/pi arctan(w) cancels in the tails: 2.7e-11 relative off at -1e3 / 1.3, a = 0.99)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    f"skewcauchy.{f}": 1e-10 for f in ("cdf", "logcdf", "sf", "logsf", "ppf", "isf")})


def _mp_skewcauchy(mp):
    def w(z, a):
        return z / (1 - a) if z <= 0 else z / (1 + a)

    def cdf(z, a):
        return (1 - a) * (mp.pi / 2 + mp.atan(w(z, a))) / mp.pi if z <= 0 else (1 - a) / 2 + (1 + a) * mp.atan(
            w(z, a)) / mp.pi

    def sf(z, a):
        return (1 + a) / 2 - (1 - a) * mp.atan(w(z, a)) / mp.pi if z <= 0 else (1 + a) * (
            mp.pi / 2 - mp.atan(w(z, a))) / mp.pi

    def ppf(q, a):
        return (1 - a) * mp.tan(mp.pi * (q / (1 - a) - mp.mpf(1) / 2)) if q < (1 - a) / 2 else (1 + a) * mp.tan(
            mp.pi * ((q - 1) / (1 + a) + mp.mpf(1) / 2))
    return {"logpdf": lambda z, a: -mp.log(mp.pi * (1 + w(z, a) ** 2)),
            "pdf": lambda z, a: 1 / (mp.pi * (1 + w(z, a) ** 2)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, a: mp.log(cdf(z, a)), "logsf": lambda z, a: mp.log(sf(z, a)),
            "ppf": ppf, "isf": lambda q, a: ppf(1 - q, a)}


MP_POINTS = [
    *[(f, (z, a), i, 1e-11) for f in TAILS for z, a in ((-1e10, 0.3), (-2.0, 0.3), (-0.01, -0.5), (0.01, -0.5),
                                                         (1.5, 0.3), (1e10, -0.7)) for i in (0, 1)],
    *[(f, (q, a), i, 1e-11) for f in ("ppf", "isf") for q, a in ((1e-10, 0.3), (0.3, 0.3), (0.36, 0.3), (0.8, -0.5),
                                                                  (1 - 1e-10, 0.6)) for i in (0, 1)],
]

test_against_mpmath = mp_points_test(T, _mp_skewcauchy, MP_POINTS)


def test_where_scipy_is_off():
    calls = [("cdf", (-1e10, 0.3)), ("sf", (1e10, 0.3)), ("ppf", (1e-10, 0.3)), ("isf", (1e-10, 0.3))]
    # SciPy's tails (1 -+ a)/2 + ... arctan cancel far out (3.7e-7, 1.3e-6 relative off at 1e10), its quantiles
    # (1 -+ a) tan(pi (q / (1 -+ a) - 1/2)) near the ends (2.4e-7 and 9.3e-7 at q = 1e-10)
    for (f, args), want in zip(calls, mp_truths(_mp_skewcauchy, calls)):
        assert abs(float(getattr(ST.skewcauchy, f)(*args)) / want - 1) > 1e-7, f
        assert float(_f(f)(*args)) == pytest.approx(want, rel=1e-15), f


def test_at_zero():
    # the density's second derivative jumps at z = 0 (-2 / (pi (1 -+ a)^2)): refused in x for a != 0; its first
    # derivative 0 and the tails' derivatives (the density and its slope are continuous) as usual; at a = 0 (cauchy)
    # nothing is refused
    for f in ("pdf", "logpdf"):
        assert float(wg.grad(lambda x, f=f: _f(f)(x, 0.5))(0.0)) == 0.0
        with pytest.raises(NoGradientRule, match="second derivative jumps"):
            wg.grad(wg.grad(lambda x, f=f: _f(f)(x, 0.5)))(0.0)
        assert float(wg.grad(wg.grad(lambda x, f=f: _f(f)(x, 0.0)))(0.0)) == pytest.approx(
            -2.0 / np.pi if f == "pdf" else -2.0, rel=1e-15)
    for f in ("cdf", "sf", "logcdf", "logsf"):
        h = np.asarray(wg.hessian(lambda v, f=f: _f(f)(v[0], v[1]))(np.array([0.0, 0.5])))
        cdf = 0.25  # (1 - a) / 2
        d1 = {"cdf": 1.0 / np.pi, "sf": -1.0 / np.pi, "logcdf": 1.0 / (np.pi * cdf), "logsf": -1.0 / (np.pi * (1 - cdf))}
        g = np.asarray(wg.grad(lambda v, f=f: _f(f)(v[0], v[1]))(np.array([0.0, 0.5])))
        assert g[0] == pytest.approx(d1[f], rel=1e-15) and np.all(np.isfinite(h)), f


def test_quantiles_and_tails_agree():
    for a in (-0.99, -0.3, 0.0, 0.5, 0.99):
        for q in (1e-200, 1e-10, 0.3, 0.7, 1 - 1e-10):
            assert float(T.cdf(float(T.ppf(q, a)), a)) == pytest.approx(q, rel=1e-12)
            assert float(T.sf(float(T.isf(q, a)), a)) == pytest.approx(q, rel=1e-12)


def test_moments_do_not_exist():
    assert np.isnan(float(T.mean(0.3))) and np.isnan(float(T.var(0.3))) and np.isnan(float(T.std(0.3)))
    assert np.isnan(float(wg.grad(lambda a: T.mean(a))(0.3)))
    # the entropy log(4 pi) for every a (each half a half-Cauchy of scale 1 -+ a, weight (1 -+ a) / 2): d/da 0
    assert float(T.entropy(-0.9, 0.0, 2.0)) == pytest.approx(np.log(8.0 * np.pi), rel=1e-15)
    assert float(wg.grad(lambda a: T.entropy(a))(0.3)) == 0.0


def test_float32_stays_float32():
    float32_check(T, (0.3,), summaries=("median", "entropy"))


REFUSALS = [
    *[(call, f"skewcauchy.{m}: a must be in \\(-1, 1\\) \\(SciPy gives NaN")
      for m, call in (("cdf", lambda: T.cdf(0.5, 1.0)), ("logpdf", lambda: T.logpdf(0.5, -1.0)),
                      ("isf", lambda: T.isf(0.5, 2.0)), ("ppf", lambda: T.ppf(0.5, np.nan)),
                      ("mean", lambda: T.mean(1.0)))],
    (lambda: T.logpdf(0.5, 0.2, 0.0, -1.0), "skewcauchy.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 0.2), "skewcauchy.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, [0.3, -0.6])
