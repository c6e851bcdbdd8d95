"""``scipy.stats``' ``johnsonsb`` (Johnson's SB: ``expit((n - a) / b)`` of a standard normal ``n``, on ``0 < z <
1``): its density, tails, quantiles, median and interval (the mean, variance and std by quadrature:
tests/test_stats_quadrature_moments.py; the entropy: tests/test_stats_quadrature_entropy.py; no closed form).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's (its log density and
log tails ``-inf`` near the ends, where wengert's are finite); values and first and second derivatives against
mpmath in x, a and b near both ends (down to z = 1e-300 and 1 - 1e-12) and inside; the ends (the density and
tails there constant with derivatives 0; the log functions that are ``-inf`` there refused when traced), the
density's underflow beside the ends (derivatives 0, not NaN), the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, round_trip_resolution, float32_check, gradient_test, infinite_ends_check, mp_normal_transform,  # noqa: E402
                     mp_points_test, mp_truths, refusals_test, stats_values_test, two_shape_common_cases)
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.johnsonsb
#: inside (0, 1) for both loc below, both sides of the medians
Z = np.array([0.03, 0.2, 0.45, 0.6, 0.85, 0.96])
A = np.array([[-0.7], [1.3]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, A, np.array([[[0.6]], [[1.7]]]), np.array([[[[0.0]]], [[[-0.01]]]]), 1.01,
           id=f"johnsonsb.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.02, 0.2, 0.45, 0.55, 0.9, 0.98]), A, np.array([[[0.8]], [[2.5]]]), 0.1, 1.3,
           id=f"johnsonsb.{f}") for f in ("ppf", "isf")],
    # outside the support and at its ends: constants
    *[case(_f(f), _f(f), np.array([-0.5, 0.0, 1.0, 1.5]), 0.5, 0.8, id=f"johnsonsb.{f}-outside")
      for f in ("pdf", "cdf", "sf")],
    *two_shape_common_cases(T, "johnsonsb"),
]

test_gradient = gradient_test(CASES)


SHAPES = ((0.0, 1.0), (-1.5, 0.4), (2.0, 3.0), (0.5, 0.05))
VALUE_CHECKS = [
    *[(f"johnsonsb.{f}", (np.array([p for p in (-0.5, 0.0, 1e-300, 1e-20, 0.01, 0.3, 0.5, 0.9, 1 - 1e-12, 1.0, 1.5)
                                    if loc == 0 or p not in (0.0, 1.0)]) * 1.3 + loc, a, b, loc, 1.3))
      for f in TAILS for a, b in SHAPES for loc in (0.0, -0.4)],
    *[(f"johnsonsb.{f}", (np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 0.999, 1.0]), a, b, -0.1, 1.3))
      for f in ("ppf", "isf") for a, b in SHAPES],
    ("johnsonsb.median", (np.array([0.3, -2.0]), 1.5, -0.1, 1.3)),
    ("johnsonsb.interval", (0.8, np.array([0.3, -2.0]), 1.5, -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


def _mp_johnsonsb(mp):
    def u(z, a, b):
        return a + b * (mp.log(z) - mp.log1p(-z))
    return mp_normal_transform(mp, u, lambda z, a, b: mp.log(b) - mp.log(z) - mp.log1p(-z),
                               lambda y: 1 / (1 + mp.exp(-y)))


MP_POINTS = [
    # near both ends, both sides of the median (0.3486 at a = 0.5, b = 0.8), in x, a and b
    *[(f, (z, 0.5, 0.8), i, 1e-12) for f in TAILS for z in (1e-5, 0.3, 0.4, 1 - 1e-6) for i in (0, 1, 2)],
    # far near the ends: the log functions finite (SciPy's -inf), the density's b outside its exp (to z = 1e-150:
    # below, the second derivatives overflow, logit's -1/z^2 among them)
    *[(f, (z, 0.5, 0.8), i, 1e-12) for f, z in (("logpdf", 1e-150), ("logcdf", 1e-150), ("logsf", 1 - 1e-12),
                                                ("logpdf", 1 - 1e-12), ("pdf", 1e-20)) for i in (0, 1, 2)],
    # a small b: the density is large near the ends (the sf there 1 - 1e-40: beyond mpmath's 60 digits)
    *[(f, (z, 0.5, 0.05), i, 1e-12) for f, z in (("logpdf", 1e-120), ("pdf", 1e-100), ("cdf", 1e-120),
                                                 ("logpdf", 0.7), ("pdf", 0.7), ("cdf", 0.7), ("sf", 0.7))
      for i in (0, 1, 2)],
    *[(f, (q, a, b), i, 1e-12) for f in ("ppf", "isf") for q in (1e-100, 1e-9, 0.3, 0.7) for a, b in
      ((0.5, 0.8), (-2.0, 4.0)) for i in (0, 1, 2)],
]


test_against_mpmath = mp_points_test(T, _mp_johnsonsb, MP_POINTS)


def test_where_scipy_is_off():
    # SciPy's log density and log tails are -inf near the ends (its pdf underflows before its log is taken)
    points = (("logpdf", 1e-300), ("logcdf", 1e-300), ("logsf", 1 - 1e-12))
    truths = dict(zip((m for m, _ in points), mp_truths(_mp_johnsonsb, [(m, (z, 0.5, 0.8)) for m, z in points])))
    for m, z in (("logpdf", 1e-300), ("logcdf", 1e-300)):
        with np.errstate(all="ignore"):
            assert float(getattr(ST.johnsonsb, m)(z, 0.5, 0.8)) == -np.inf
        assert float(_f(m)(z, 0.5, 0.8)) == pytest.approx(truths[m], rel=1e-14)
    assert float(T.logsf(1 - 1e-12, 0.5, 0.8)) == pytest.approx(truths["logsf"], rel=1e-12)


def test_at_the_ends():
    # the density and the tails are constants at the ends with every derivative 0 (the density vanishes faster
    # than any power there)
    for f, want in (("pdf", (0.0, 0.0)), ("cdf", (0.0, 1.0)), ("sf", (1.0, 0.0)), ("logcdf", (None, 0.0)),
                    ("logsf", (0.0, None))):
        for z, w in zip((0.0, 1.0), want):
            if w is None:
                continue
            assert float(_f(f)(z, 0.5, 0.8)) == w, (f, z)
            for i in range(3):
                def g(t, f=f, z=z, i=i):
                    args = [z, 0.5, 0.8]
                    args[i] = t
                    return _f(f)(*args)
                at = (z, 0.5, 0.8)[i]
                assert float(wg.grad(g)(at)) == 0.0 and float(wg.jvp(g, (at,), (1.0,))[1]) == 0.0, (f, z, i)
                assert float(wg.grad(wg.grad(g))(at)) == 0.0, (f, z, i)
    # the log functions that are -inf at an end: an infinite slope inside, refused when traced
    for f, z in (("logpdf", 0.0), ("logpdf", 1.0), ("logcdf", 0.0), ("logsf", 1.0)):
        assert float(_f(f)(z, 0.5, 0.8)) == -np.inf
        with pytest.raises(NoGradientRule, match="an end of the support"):
            wg.grad(lambda x, f=f: _f(f)(x, 0.5, 0.8))(z)
        with pytest.raises(NoGradientRule, match="infinite slope inside"):
            wg.jvp(lambda b, f=f, z=z: _f(f)(z, 0.5, b), (0.8,), (1.0,))


def test_beside_the_ends():
    # where the density underflows beside an end, du/dz = b / (z (1 - z)) overflows: the density and tails are
    # their constants there with derivatives 0 (through the chain rule 0 * inf = NaN)
    for f, z, want in (("cdf", 1e-310, 0.0), ("sf", 1e-310, 1.0), ("pdf", 1e-310, 0.0), ("logsf", 1e-310, 0.0)):
        assert float(_f(f)(z, 0.5, 0.8)) == want
        assert float(wg.grad(lambda x, f=f: _f(f)(x, 0.5, 0.8))(z)) == 0.0, f
        assert float(wg.jvp(lambda x, f=f: _f(f)(x, 0.5, 0.8), (z,), (1.0,))[1]) == 0.0, f
        assert float(wg.grad(lambda s, f=f, z=z: _f(f)(z, 0.5, 0.8, 0.0, s))(1.0)) == 0.0, f


def test_quantiles_and_tails_agree():
    for a, b in SHAPES[:3]:
        for q in (1e-200, 0.01, 0.3, 0.5):
            x, y = float(T.ppf(q, a, b)), float(T.isf(q, a, b))
            assert float(T.cdf(x, a, b)) == pytest.approx(q, rel=1e-12, abs=round_trip_resolution(T.cdf, x, a, b))
            assert float(T.sf(y, a, b)) == pytest.approx(q, rel=1e-12, abs=round_trip_resolution(T.sf, y, a, b))
            if q > 0.01:
                assert float(T.isf(q, a, b)) == pytest.approx(float(T.ppf(1.0 - q, a, b)), rel=1e-12)
        assert float(T.ppf(0.0, a, b)) == 0.0 and float(T.isf(0.0, a, b)) == 1.0
    assert float(T.median(1.0, 2.0)) == pytest.approx(1.0 / (1.0 + np.exp(0.5)), rel=1e-15)


def test_float32_stays_float32():
    float32_check(T, (0.5, 0.8), x=0.3, summaries=("median",))
    f32 = np.float32
    for m, at in (("logsf", 0.7), ("cdf", 0.2), ("isf", 0.4), ("ppf", 0.9), ("pdf", 0.3)):
        assert np.asarray(wg.grad(lambda b, m=m, at=at: _f(m)(at, 0.5, b))(f32(0.8))).dtype == np.float32, m
        tangent = wg.jvp(lambda a, m=m, at=at: _f(m)(at, a, 0.8), (f32(0.1),), (f32(1.0),))[1]
        assert np.asarray(tangent).dtype == np.float32, m


def test_moments_by_quadrature():
    # (no closed form: by quadrature, tests/test_stats_quadrature_moments.py)
    assert {"mean", "var", "std", "moment", "stats"} <= set(stats.FUNCTIONS["johnsonsb"])
    assert "entropy" in stats.FUNCTIONS["johnsonsb"]  # (by quadrature: tests/test_stats_quadrature_entropy.py)
    assert "no closed form" in T.__doc__


REFUSALS = [
    *[(call, f"johnsonsb.{m}: the shape parameters must be positive \\(b is not") for m, call in (
        ("cdf", lambda: T.cdf(0.3, 0.5, 0.0)), ("logpdf", lambda: T.logpdf(0.3, 0.5, -1.0)),
        ("isf", lambda: T.isf(0.5, 0.5, -1.0)), ("ppf", lambda: T.ppf(0.5, 0.5, 0.0)))],
    (lambda: T.logpdf(0.3, 0.5, 2.0, 0.0, -1.0), "johnsonsb.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 0.5, 2.0), "johnsonsb.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, ((0.5, 2.0), (-1.0, 0.3)))
