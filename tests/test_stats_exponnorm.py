"""``scipy.stats``' ``exponnorm`` (the exponentially modified normal, ``N + K E``): its density, tails, quantiles,
mean, variance, std, median and interval (no entropy: it has no closed form).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and against mpmath
where SciPy's are off (its cdf ``ndtr(z) - K pdf`` cancels in the lower tail and for a large K: 3e-7 off at z =
-14.5, K = 1e6; its isf is its ppf at ``1 - q``, 100 at q = 1e-300, K = 1.5, for 1036.5); values and first and second
derivatives against mpmath in x and K on both sides of every switch of the log density (u = 0) and of the lower
tail's forms (v = 10, c = 0, d = 2, c d = -1), for small and large K; the quantiles; the limits at +-inf, float32,
the refusals.
"""
import functools

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_points_test,  # noqa: E402
                     mp_truths, one_shape_common_cases, refusals_test, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.exponnorm
#: both sides of the medians and of u = 0 (z = 1 / K) for the K below
Z = np.array([-4.0, -1.2, 0.3, 0.9, 1.6, 2.5, 6.0])
KS = np.array([[0.4], [1.5], [6.0]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, KS, np.array([[[0.0]], [[-0.3]]]), 1.2, id=f"exponnorm.{f}") for f in TAILS],
    # the lower tail's forms: far (v >= 10), Taylor about c >= 0, the repeated integrals (c < 0), the difference
    *[case(_f(f), lambda x, K, f=f: _f(f)(x, K) if f.startswith("log") else np.log(_f(f)(x, K)),
           np.array([-16.0, -2.0, 0.5, 3.0]), np.array([[0.2], [1.5], [40.0]]), id=f"exponnorm.{f}-lower")
      for f in ("cdf", "logcdf")],
    *[case(_f(f), _f(f), np.array([0.02, 0.2, 0.45, 0.55, 0.9, 0.98]), KS, 0.1, 1.3, id=f"exponnorm.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.1, 1.0, 7.0]), np.array([[0.0], [1.0]]), np.array([[[0.6]], [[2.0]]]),
           id=f"exponnorm.{m}") for m in ("mean", "var", "std")],
    *one_shape_common_cases(T, "exponnorm"),
]

test_gradient = gradient_test(CASES)


SHAPES = (0.01, 0.3, 1.5, 40.0)
VALUE_CHECKS = [
    # (SciPy before 1.18 took the density's cancelling form at K = 0.01: 1.4e-12 off at x = -1; mpmath's below)
    *[(f"exponnorm.{f}", (np.array([-30.0, -8.0, -1.0, 0.0, 0.5, 2.0, 10.0, 100.0]), K, loc, 1.3))
      for f in ("logpdf", "pdf", "sf", "logsf") for K in SHAPES for loc in (0.0, -0.4)
      if K > 0.01 or f in ("sf", "logsf")],
    # (the cdf where SciPy's does not cancel)
    *[(f"exponnorm.{f}", (np.array([-5.0, -1.0, 0.0, 0.5, 2.0, 10.0, 100.0]), K, 0.2, 1.3))
      for f in ("cdf", "logcdf") for K in SHAPES],
    # (SciPy's isf is its ppf at 1 - q: off for a small q)
    *[(f"exponnorm.{f}", (np.array([0.0, 1e-10, 0.1, 0.5, 0.9, 1.0][2 * (f == "isf"):]), K, -0.1, 1.3))
      for f in ("ppf", "isf") for K in SHAPES],
    *[(f"exponnorm.{m}", (np.array([0.1, 2.0, 300.0]), 0.2, 2.0)) for m in ("mean", "var", "std")],
    ("exponnorm.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("exponnorm.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


@functools.lru_cache(maxsize=None)
def _guess(method, q, K):
    """wengert's quantile at the floats q and K: the start of mpmath's root, the same at each of a point's three
    evaluations (q +- 2e-25 q rounds to q), computed once."""
    return float(getattr(T, method)(q, K))


def _mp_exponnorm(mp):
    def kpdf(z, K):  # K pdf = exp(1 / (2K^2) - z / K) ndtr(z - 1 / K)
        return mp.exp(1 / (2 * K * K) - z / K) * mp.ncdf(z - 1 / K)

    def cdf(z, K):
        with mp.workdps(mp.mp.dps + 400):  # (the difference cancels far down)
            return +(mp.ncdf(z) - kpdf(z, K))

    def sf(z, K):
        return mp.ncdf(-z) + kpdf(z, K)

    def root(target, q, K, guess):
        with mp.workdps(mp.mp.dps + 20):
            return mp.findroot(lambda x: target(x, K) - q, mp.mpf(guess), tol=mp.mpf(10) ** -(mp.mp.dps + 5))
    return {"logpdf": lambda z, K: mp.log(kpdf(z, K) / K), "pdf": lambda z, K: kpdf(z, K) / K, "cdf": cdf, "sf": sf,
            "logcdf": lambda z, K: mp.log(cdf(z, K)), "logsf": lambda z, K: mp.log(sf(z, K)),
            "ppf": lambda q, K: root(cdf, q, K, _guess("ppf", float(q), float(K))),
            "isf": lambda q, K: root(sf, q, K, _guess("isf", float(q), float(K))),
            "mean": lambda K: K, "var": lambda K: 1 + K * K, "std": lambda K: mp.sqrt(1 + K * K)}


MP_POINTS = [
    # both sides of u = 0 (z = 1 / K) and the median, in x and K
    *[(f, (z, K), i, 1e-12) for f in TAILS for z, K in ((0.66, 1.5), (0.67, 1.5), (-3.0, 0.3), (8.0, 0.3), (5.0, 40.0),
                                                       (-0.77, 0.01), (0.3, 0.01)) for i in (0, 1)],
    # the lower tail's forms: v >= 10 (z <= -14.14), c >= 0 with d <= 2, d > 2, c < 0 with c d >= -1 and below
    *[(f, (z, K), i, 1e-12) for f in ("cdf", "logcdf") for z, K in
      ((-14.5, 1.5), (-14.0, 1.5), (-14.5, 1e6), (-3.0, 1e6), (-1.0, 0.3), (-1.0, 0.2), (0.2, 1e6), (5.0, 1e6),
       (50.0, 1e3), (1.0, 1.5)) for i in (0, 1)],
    # u = 9.6 and 3.0, below erfcx's far form: erfcx's second derivative was (2 u^2)^2 ulps off there, the cdf's
    # d2/dK2 5e-11 at (0.7, 0.07), the log density's 4e-10
    *[(f, (z, K), i, 1e-13) for f in TAILS for z, K in ((0.7, 0.07), (0.7, 0.2)) for i in (0, 1)],
    *[(f, (q, K), i, 1e-11) for f in ("ppf", "isf") for q in (1e-100, 1e-9, 0.3, 0.7) for K in (0.3, 1.5, 1e3)
      for i in (0, 1) if (K, i) != (1e3, 1)],
]

test_against_mpmath = mp_points_test(T, _mp_exponnorm, MP_POINTS)


def test_where_scipy_is_off():
    cdf, isf = mp_truths(_mp_exponnorm, [("cdf", (-14.5, 1e6)), ("isf", (1e-300, 1.5))])
    assert abs(float(ST.exponnorm.cdf(-14.5, 1e6)) / cdf - 1) > 1e-8
    assert float(T.cdf(-14.5, 1e6)) == pytest.approx(cdf, rel=1e-13)
    assert float(ST.exponnorm.isf(1e-300, 1.5)) == 100.0
    assert float(T.isf(1e-300, 1.5)) == pytest.approx(isf, rel=1e-14)


def test_quantiles_second_derivative_in_a_large_K():
    # x is K times the exponential's quantile and a part of size 1: d2x/dK2 (1e-9 at K = 1e3) is the difference of
    # terms of size x / K^2 (1e-16 x / K^2 its rounding, documented)
    from opcheck import mp_reference
    for f, q in (("ppf", 0.3), ("isf", 1e-9), ("isf", 0.7)):
        want = mp_reference(lambda mp, q, K, f=f: _mp_exponnorm(mp)[f](q, K), (q, 1e3), 1)
        x = want[0]
        g = wg.grad(lambda K, f=f, q=q: _f(f)(q, K))
        assert float(g(1e3)) == pytest.approx(want[1], rel=1e-12)
        for got in (float(wg.grad(g)(1e3)), float(wg.jvp(g, (1e3,), (1.0,))[1])):
            assert got == pytest.approx(want[2], rel=0, abs=1e-15 * x / 1e6)


def test_quantiles_and_tails_agree():
    for K in SHAPES:
        for q in (1e-200, 0.01, 0.3, 0.5):
            assert float(T.cdf(float(T.ppf(q, K)), K)) == pytest.approx(q, rel=1e-12)
            assert float(T.sf(float(T.isf(q, K)), K)) == pytest.approx(q, rel=1e-12)
        assert float(T.ppf(0.0, K)) == -np.inf and float(T.isf(0.0, K)) == np.inf
        assert float(wg.grad(lambda q, K=K: T.ppf(q, K))(0.3)) == pytest.approx(
            1.0 / float(T.pdf(float(T.ppf(0.3, K)), K)), rel=1e-13)


def test_float32_stays_float32():
    float32_check(T, (1.5,), summaries=("mean", "var", "std", "median"))
    f32 = np.float32
    for m, at in (("logsf", 0.7), ("cdf", 0.2), ("isf", 0.4), ("ppf", 0.9), ("logcdf", -3.0)):
        assert np.asarray(wg.grad(lambda K, m=m, at=at: _f(m)(at, K))(f32(1.5))).dtype == np.float32, m
        tangent = wg.jvp(lambda loc, m=m, at=at: _f(m)(at, 1.5, loc), (f32(0.1),), (f32(1.0),))[1]
        assert np.asarray(tangent).dtype == np.float32, m


def test_no_entropy():
    # (no closed form: left out rather than approximated)
    assert "entropy" not in stats.FUNCTIONS["exponnorm"] and "no closed form" in T.__doc__


REFUSALS = [
    *[(call, f"exponnorm.{m}: the shape parameters must be positive \\(K is not") for m, call in (
        ("cdf", lambda: T.cdf(1.0, 0.0)), ("logpdf", lambda: T.logpdf(1.0, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, 0.0)), ("mean", lambda: T.mean(0.0)), ("std", lambda: T.std(-1.0)))],
    (lambda: T.logpdf(1.0, 2.0, 0.0, -1.0), "exponnorm.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "exponnorm.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, (0.3, 2.0, 40.0))


@pytest.mark.parametrize("method, q, K", [("ppf", 0.9, 1e-6), ("ppf", 0.5, 1e-3), ("ppf", 0.5, 1e-4), ("isf", 0.1, 1e-6),
                                          ("ppf", 0.5, 0.01), ("ppf", 0.3, 0.08), ("ppf", 0.3, 0.12), ("isf", 0.7, 1.5)])
def test_quantiles_derivatives_in_a_small_K(method, q, K):
    """dx/dK where 1 / K - z is large (K small): from erfcx's asymptotic series, dx/dK = T / ((1 - K z) S).
    Before (the review found it): the direct form's two terms of size 1 / K^2 cancelled: d/dK ppf(0.9, 1e-6)
    0.99988 for 1.0000013, d2/dK2 512 for 1.2816; d2/dK2 ppf(0.5, 1e-4) -1.44e-4 for -2.0e-4. Truth: mpmath's
    root of the cdf at 60 digits, differentiated in K; both modes, both sides of the switch (1 / K - z = 10)."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        target = mpmath.mpf(q) if method == "ppf" else 1 - mpmath.mpf(q)

        def mp_quantile(k):
            cdf = lambda x: mpmath.ncdf(x) - mpmath.exp(1 / (2 * k * k) - x / k) * mpmath.ncdf(x - 1 / k)  # noqa: E731
            return mpmath.findroot(lambda x: cdf(x) - target, float(getattr(stats.exponnorm, method)(q, K)))
        want = [mpmath.diff(mp_quantile, mpmath.mpf(K), n) for n in (1, 2)]
        f = lambda k: getattr(stats.exponnorm, method)(q, k)  # noqa: E731
        g = wg.grad(f)
        got1 = [float(g(K)), float(wg.jvp(f, (K,), (1.0,))[1])]
        got2 = [float(wg.grad(g)(K)), float(wg.jvp(g, (K,), (1.0,))[1])]
        assert got1 == pytest.approx([float(want[0])] * 2, rel=1e-12, abs=0)
        assert got2 == pytest.approx([float(want[1])] * 2, rel=1e-9, abs=0)



def test_a_root_stops_where_newtons_steps_cycle():
    # (stats._common._iterated: the quantile's 60 steps ran to the end wherever one entry alternated in its last bit, 80% of
    # tests/test_coverage.py's exponnorm.isf; the state after them is the cycle's, as the loop's)
    from wengert.scipy.stats._common import _iterated

    def loop(step, state, count):
        for _ in range(count):
            state, done = step(state)
            if done:
                break
        return state
    calls = []

    def step(state):  # (doubling up to 7, then the cycle 7 -> 8 -> 9 -> 7; done from 100)
        calls.append(1)
        x = state[0]
        x = np.where(x < 7, np.minimum(2 * x, 7), np.where(x == 9, 7, x + 1))
        return (x,), bool(np.all(x >= 100))
    for start, count in (([1.0, 3.0], 60), ([1.0, 3.0], 61), ([0.25], 59), ([100.0], 5), ([6.0, 0.5], 2), ([1.0], 0)):
        want = loop(step, (np.array(start),), count)[0]
        calls.clear()
        got = _iterated(step, (np.array(start),), count)[0]
        assert got.tobytes() == want.tobytes() and len(calls) <= 10
    assert _iterated(step, (np.array([5.0]),), 60, done=True)[0] == 5.0
