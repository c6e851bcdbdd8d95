"""``scipy.stats``' ``mielke`` (Mielke's beta-kappa, Dagum: ``burr`` at ``c = s``, ``d = k/s``): its density, tails,
quantiles, mean, variance, std, entropy (burr's closed form), median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its sf ``1 - cdf``
far up, its log tails ``-inf`` or NaN far out, its quantiles near q = 1 and its isf near 0, its entropy integrated
numerically); values and first and second derivatives against mpmath in x (or q), k and s on both sides of each
switch (z = 1, the cdf at 1/2, ``d z^-s = 1/2``; q = exp(-k/s), 1/2), near 0 and far out (x = 1e-300, 1e300, q =
1e-300, 1 - 1e-16), the moments on both sides of s = 1 and 2; the ends z = 0 (k below, at and above 1: refused in k
at k = 1) and q = 0 (steep for k > 1), the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, round_trip_resolution, float32_check, gradient_test, infinite_ends_check, mp_points_test,  # noqa: E402
                     mp_truths, refusals_test, stats_values_test, two_shape_common_cases)
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.mielke
#: z = (x - loc) / 1.3 on both sides of z = 1 and of the cdf's 1/2 for the shapes below
Z = np.array([0.1, 0.6, 1.1, 2.0, 6.0])
K = np.array([[0.7], [3.0]])
S = np.array([[[0.5]], [[2.0]]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, K, S, 0.05, 1.3, id=f"mielke.{f}") for f in TAILS],
    # (s = 0.8, not 0.5: the squared quantile near q = 1 is ~1e4 there, beyond central differences' digits)
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.5, 0.8, 0.95]), K, S + np.array([[[0.3]], [[0.0]]]), 0.1, 1.3,
           id=f"mielke.{f}") for f in ("ppf", "isf")],
    # at and below z = 0, k = 5: the density and the tails flat there to fourth order
    *[case(_f(f), _f(f), np.array([-0.5, 0.0, 0.3]), 5.0, 2.0, id=f"mielke.{f}-at-end") for f in ("pdf", "cdf", "sf")],
    # the moments on both sides of s = 2 and 10, in k, s, loc and scale
    *[case(_f(m), _f(m), np.array([[0.5], [3.0]]), np.array([2.5, 4.0, 11.0]), np.array([[[0.0]], [[1.0]]]), 1.4,
           id=f"mielke.{m}") for m in ("mean", "var", "std", "entropy")],
    *[c for c in two_shape_common_cases(T, "mielke", size1_shapes=(1.7, 2.6), shapes=(1.7, 2.5))
      if c.id != "mielke.median"],
    # (two_shape_common_cases' median takes a negative shape)
    case(_f("median"), lambda *a: T.median(*a), np.array([0.3, 2.0]), np.array([[0.4], [1.6]]), 0.6, 1.1,
         id="mielke.median"),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.4, 1.3, 3.0, 60.0])
SHAPES = ((0.3, 2.0), (1.0, 1.0), (2.0, 3.0), (7.0, 0.2))
VALUE_CHECKS = [
    # (not far up for the sf and its log: SciPy's 1 - cdf, see MP_POINTS; not the logpdf at z = 0 for k = 1:
    # SciPy's 0 * log(0) is NaN, see test_at_zero)
    *[(f"mielke.{f}", (POINTS[:-1] if f in ("sf", "logsf") else POINTS[(POINTS != 0) & (POINTS != 0.1)] if (f, k) == ("logpdf", 1.0)
                       else POINTS, k, s, loc, 1.3)) for f in TAILS for k, s in SHAPES for loc in (0.0, 0.1)],
    # (not the isf near 0: SciPy's is inf, or 3e-5 relative off at 1e-10, see MP_POINTS)
    *[(f"mielke.{f}", (np.array([0.0, 1e-100, 1e-10, 0.1, 0.5, 0.9, 1.0][3 if f == "isf" else 0:]), k, s, -0.1, 1.3))
      for f in ("ppf", "isf") for k, s in SHAPES],
    *[(f"mielke.{m}", (1.5, np.array([2.5, 3.0, 7.0]), 0.3, 2.0)) for m in ("mean", "var", "std")],
    ("mielke.median", (np.array([0.3, 2.0]), 1.5, -0.1, 1.3)),
    # (SciPy integrates the entropy numerically: 4e-13 off)
    ("mielke.entropy", (np.array([0.5, 2.0, 7.0]), 1.5, -0.1, 1.3)),
    ("mielke.interval", (0.8, np.array([0.3, 2.0]), 1.5, -0.1, 1.3)),
]

# (SciPy's quantiles: 1e-13 relative off near the ends; its sf 1 - cdf)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    "mielke.ppf": 1e-11, "mielke.isf": 1e-11, "mielke.sf": 1e-11, "mielke.logsf": 1e-11, "mielke.entropy": 1e-10})


def _mp_mielke(mp):
    def logcdf(z, k, s):
        return -(k / s) * mp.log1p(z ** -s)

    def sf(z, k, s):
        return -mp.expm1(logcdf(z, k, s))

    def logpdf(z, k, s):
        return mp.log(k) + (k - 1) * mp.log(z) - (1 + k / s) * mp.log1p(z ** s)

    def quantile(log_p, s, k):  # (p^(s/k) / (1 - p^(s/k)))^(1/s) from log p
        w = log_p * s / k
        return (mp.exp(w) / -mp.expm1(w)) ** (1 / s)

    def moment(k, s, n):
        return mp.gamma((k + n) / s) * mp.gamma(1 - n / s) / mp.gamma(k / s)

    def var(k, s):
        return moment(k, s, 2) - moment(k, s, 1) ** 2

    def entropy(k, s):  # burr's at c = s, d = k/s (checked against mp.quad of -f log f: 30 digits)
        d = k / s
        return -mp.log(s) + 1 + 1 / d + (1 + 1 / s) * (mp.euler + mp.digamma(d)) - mp.log(d)
    return {"logpdf": logpdf, "pdf": lambda z, k, s: mp.exp(logpdf(z, k, s)),
            "cdf": lambda z, k, s: mp.exp(logcdf(z, k, s)), "logcdf": logcdf, "sf": sf,
            "logsf": lambda z, k, s: (lambda c: mp.log1p(-mp.exp(c)) if c < -1 else mp.log(-mp.expm1(c)))(
                logcdf(z, k, s)),
            "ppf": lambda q, k, s: quantile(mp.log(q), s, k), "isf": lambda q, k, s: quantile(mp.log1p(-q), s, k),
            "mean": lambda k, s: moment(k, s, 1), "var": var, "std": lambda k, s: mp.sqrt(var(k, s)),
            "entropy": entropy}


MP_POINTS = [
    # both sides of z = 1, of the cdf's 1/2 (z = 0.818 at k = 2, s = 3) and of d z^-s = 1/2 with z^-s = 1/2 (z =
    # 1.26), in x, k and s (logcdf, -(k/s) log1p(z^-s), is linear in k)
    *[(f, (z, 2.0, 3.0), i, 1e-12) for f in TAILS for z in (0.999, 1.001, 0.81, 0.83, 1.27) for i in (0, 1, 2)
      if (f, i) != ("logcdf", 1)],
    # near 0 (the power k z^(k - 1)) and far out, small and large shapes
    *[(f, (z, k, s), i, 1e-12) for f in TAILS for z, k, s in ((1e-3, 0.2, 0.5), (1e5, 6.0, 2.0)) for i in (0, 1, 2)
      if (f, i) != ("logcdf", 1)],
    # (at 1e-100 and 1e100: at 1e-300 the second derivatives overflow, NaN as burr's, see test_far_out)
    *[(f, (z, k, s), 0, 1e-12) for f in TAILS for z, k, s in ((1e-100, 0.5, 0.7), (1e100, 1.5, 0.5))],
    # the quantiles both sides of their switches (ppf's q = exp(-k/s) = 0.513, isf's 1/2), near the ends; the reciprocal
    # powers 1/k and 1/s exact at q = 1e-300 and 1 - 1e-16 (a rounded one is log(q) / k ulps off: 2.6e-14 at k = 3)
    *[(f, (q, 2.0, 3.0), i, 1e-12) for f in ("ppf", "isf") for q in (0.49, 0.503, 0.523, 1e-9) for i in (0, 1, 2)],
    *[(f, (q, k, s), i, 1e-12) for f, q, k, s in (("ppf", 1e-300, 2.0, 4.0), ("isf", 1e-100, 2.0, 4.0))
      for i in (0, 1, 2)],
    *[(f, (q, k, s), i, 1e-12) for f in ("ppf", "isf") for q, k, s in ((1 - 1e-16, 2.0, 4.0), (0.3, 40.0, 0.5))
      for i in (0, 1, 2)],
    # the moments on both sides of s = 1, 2 (their poles), small and large k
    *[(m, (k, s), i, 1e-11) for m in ("mean", "entropy") for k, s in ((2.0, 1.5), (0.3, 2.5), (5.0, 30.0))
      for i in (0, 1)],
    *[(m, (k, s), i, 1e-11) for m in ("var", "std") for k, s in ((2.0, 2.5), (0.3, 3.0), (5.0, 30.0)) for i in (0, 1)],
]

test_against_mpmath = mp_points_test(T, _mp_mielke, MP_POINTS)


def test_where_scipy_is_off():
    logcdf, logsf, sf, ppf, isf, entropy = mp_truths(_mp_mielke, [
        ("logcdf", (1e-300, 2.0, 3.0)), ("logsf", (1e300, 2.0, 3.0)), ("sf", (1e10, 2.0, 3.0)),
        ("ppf", (1 - 2.0 ** -53, 2.0, 3.0)), ("isf", (1e-300, 2.0, 3.0)), ("entropy", (2.0, 3.0))])
    with np.errstate(all="ignore"):  # (SciPy's log of an underflowed tail)
        assert float(ST.mielke.logcdf(1e-300, 2.0, 3.0)) == -np.inf
        assert not np.isfinite(float(ST.mielke.logsf(1e300, 2.0, 3.0)))
        assert float(ST.mielke.sf(1e10, 2.0, 3.0)) < 0  # (1 - cdf)
        assert abs(float(ST.mielke.ppf(1 - 2.0 ** -53, 2.0, 3.0)) / ppf - 1) > 1e-2
        assert float(ST.mielke.isf(1e-300, 2.0, 3.0)) == np.inf
        assert abs(float(ST.mielke.entropy(2.0, 3.0)) / entropy - 1) > 1e-13
    assert float(T.logcdf(1e-300, 2.0, 3.0)) == pytest.approx(logcdf, rel=1e-15)
    assert float(T.logsf(1e300, 2.0, 3.0)) == pytest.approx(logsf, rel=1e-15)
    assert float(T.sf(1e10, 2.0, 3.0)) == pytest.approx(sf, rel=1e-15)
    assert float(T.ppf(1 - 2.0 ** -53, 2.0, 3.0)) == pytest.approx(ppf, rel=1e-14)
    assert float(T.isf(1e-300, 2.0, 3.0)) == pytest.approx(isf, rel=5e-14)  # (1/3 rounded, log(q) / 3 ulps)
    assert float(T.entropy(2.0, 3.0)) == pytest.approx(entropy, rel=1e-15)


def test_far_out():
    # the values at x = 1e-300, 1e300 and q = 1e-300 (the reciprocal power 1/4 exact); their second derivatives
    # overflow there (-k / z^2 and a term of the other sign: NaN, as burr's, where the truth is -inf)
    calls = [*[(f, (z, k, s)) for f in TAILS for z, k, s in ((1e-300, 0.5, 0.7), (1e300, 1.5, 0.5))],
             ("isf", (1e-300, 2.0, 4.0)), ("ppf", (1e-300, 2.0, 4.0))]
    for (f, args), want in zip(calls, mp_truths(_mp_mielke, calls)):
        assert float(_f(f)(*args)) == pytest.approx(want, rel=1e-15, abs=1e-300), (f, args)


def test_moments_past_their_poles():
    # the n-th moment exists for s > n: the mean inf for s <= 1, the variance inf for 1 < s <= 2 (SciPy's inf) and
    # NaN for s <= 1, where the mean is infinite (SciPy's inf)
    assert float(T.mean(2.0, 1.0)) == np.inf and float(T.var(2.0, 1.5)) == np.inf and float(T.std(2.0, 2.0)) == np.inf
    assert np.isnan(float(T.var(2.0, 0.5))) and np.isnan(float(T.std(2.0, 1.0)))
    with np.errstate(all="ignore"):
        assert float(ST.mielke.mean(2.0, 1.0)) == np.inf and float(ST.mielke.var(2.0, 0.5)) == np.inf
    assert float(wg.grad(lambda k: T.mean(k, 0.8))(2.0)) == 0.0


def test_at_zero():
    # the density k z^(k - 1) (...): 0, k or inf at z = 0 as k is above, at or below 1
    assert [float(T.pdf(0.0, k, s)) for k, s in ((3.0, 1.5), (1.0, 0.5), (0.5, 2.0))] == [0.0, 1.0, np.inf]
    with np.errstate(invalid="ignore"):  # (SciPy's (k - 1) log(z) at k = 1, z = 0: NaN, the truth log(1) = 0)
        assert np.isnan(float(ST.mielke.logpdf(0.0, 1.0, 0.5)))
    assert float(T.logpdf(0.0, 1.0, 0.5)) == 0.0
    assert float(wg.grad(lambda x: T.cdf(x, 1.0, 2.0))(0.0)) == 1.0  # the density there, one-sided
    assert float(wg.grad(lambda x: T.logsf(x, 1.0, 2.0))(0.0)) == -1.0
    assert float(wg.grad(lambda k: T.cdf(0.0, k, 2.0))(1.5)) == 0.0
    for f in ("pdf", "logpdf"):
        with pytest.raises(NoGradientRule, match="k = 1 where x == loc"):
            wg.grad(lambda k, f=f: _f(f)(0.0, k, 2.0))(1.0)
    # s moves nothing there; away from k = 1, k is differentiated
    assert float(wg.grad(lambda s: T.pdf(0.0, 1.0, s))(2.0)) == 0.0
    assert float(wg.grad(lambda k: T.pdf(0.0, k, 2.0))(2.0)) == 0.0


@pytest.mark.parametrize("k, s, second", [
    (3.4, 2.0, 0.0), (1.4, 2.0, np.inf), (0.5, 2.0, -np.inf), (1.0, 2.0, 0.0), (1.0, 1.0, -2.0), (1.0, 0.5, -np.inf),
    (2.0, 1.0, 2.0)])
def test_tails_second_derivatives_at_zero(k, s, second):
    # cdf = z^k - (k/s) z^(k + s) + ...: at z = 0 (one-sided) d2/dz2 is 0 above k = 2, +inf between 1 and 2, -inf
    # below 1; at k = 1 the second term's, -(1 + s) z^(s - 1) (0, -2 or -inf as s is above, at or below 1). sf = 1 -
    # cdf; logsf = -cdf - cdf^2 / 2 - ...: -cdf'' - cdf'^2
    first = np.inf if k < 1 else (1.0 if k == 1 else 0.0)
    for name, sign, extra in (("cdf", 1.0, 0.0), ("sf", -1.0, 0.0), ("logsf", -1.0, -1.0 if k == 1 else 0.0)):
        def f(x, name=name):
            return _f(name)(x, k, s)
        with np.errstate(divide="ignore"):  # (the powers' infinite derivatives at 0)
            got = [float(wg.grad(f)(0.0)), float(wg.grad(wg.grad(f))(0.0)),
                   float(wg.jvp(wg.grad(f), (0.0,), (1.0,))[1])]
        assert got == [sign * first, sign * second + extra, sign * second + extra], (name, k, s)


@pytest.mark.parametrize("k, s, slope, second", [
    # x = q^(1/k) + q^((1 + s)/k) / s + ... at q = 0 (its two leading powers there: exact to second order; through
    # q^(1/k) (1 - q^(s/k))^(-1/s) the chain rule met 0 * inf, NaN, where s < k <= 1 or k = 1, s < 1): the slope 0, 1 or
    # +inf as k is below, at or above 1; d2/dq2 +inf for 1/2 < k < 1, 2 at k = 1/2, at k = 1 +inf, 2 or 0 as s is
    # below, at or above 1; for k > 1 _located's steep end (d2/dq2 -inf)
    (0.5, 2.0, 0.0, 2.0), (1.0, 1.0, 1.0, 2.0), (1.0, 2.0, 1.0, 0.0), (3.0, 1.5, np.inf, -np.inf),
    (0.9, 0.3, 0.0, np.inf), (1.0, 0.5, 1.0, np.inf), (0.3, 0.2, 0.0, 0.0)])
def test_quantile_at_zero(k, s, slope, second):
    for name, sign, q in (("ppf", 1.0, 0.0), ("isf", -1.0, 1.0)):
        def f(q, name=name):
            return _f(name)(q, k, s)
        with np.errstate(all="ignore"):
            got = [float(f(q)), float(wg.grad(f)(q)), float(wg.grad(wg.grad(f))(q)),
                   float(wg.jvp(wg.grad(f), (q,), (1.0,))[1])]
        np.testing.assert_array_equal(got, [0.0, sign * slope, second, second], err_msg=f"{name} {k} {s}")


def test_quantile_steep_end_in_the_shapes():
    # d2/dq dk -> +inf (the log term of q^(1/k)); d2/dq ds -> -inf where s <= k - 1 (q^((1 + s)/k - 1) log q), 0
    # above (that power vanishes)
    for s, mixed in ((1.5, -np.inf), (2.0, -np.inf), (2.5, 0.0)):
        h = np.asarray(wg.hessian(lambda v: T.ppf(v[0], v[1], v[2]))(np.array([0.0, 3.0, s])))
        np.testing.assert_array_equal(h[0], [-np.inf, np.inf, mixed])
        np.testing.assert_array_equal(h[1:, 1:], 0.0)


def test_quantiles_and_tails_agree():
    for k, s in SHAPES:
        for q in (1e-200, 0.01, 0.3, 0.5):
            x, y = float(T.ppf(q, k, s)), float(T.isf(q, k, s))
            assert float(T.cdf(x, k, s)) == pytest.approx(q, rel=1e-12, abs=round_trip_resolution(T.cdf, x, k, s))
            assert float(T.sf(y, k, s)) == pytest.approx(q, rel=1e-12, abs=round_trip_resolution(T.sf, y, k, s))
        assert float(T.ppf(0.0, k, s)) == 0.0 and float(T.isf(0.0, k, s)) == np.inf


def test_float32_stays_float32():
    float32_check(T, (3.0, 2.5))


REFUSALS = [
    *[(call, f"mielke.{m}: the shape parameters must be positive \\({s} is not; SciPy gives NaN") for m, s, call in (
        ("cdf", "k", lambda: T.cdf(1.0, 0.0, 1.0)), ("logpdf", "s", lambda: T.logpdf(1.0, 1.0, -1.0)),
        ("isf", "k", lambda: T.isf(0.5, -1.0, 1.0)), ("ppf", "s", lambda: T.ppf(0.5, 2.0, 0.0)),
        ("mean", "k", lambda: T.mean(0.0, 1.0)), ("std", "s", lambda: T.std(3.0, -1.0)),
        ("entropy", "k", lambda: T.entropy(0.0, 2.0)))],
    (lambda: T.logpdf(1.0, 2.0, 3.0, 0.0, -1.0), "mielke.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0, 3.0), "mielke.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, ((0.4, 2.0), (3.0, 0.5)))
