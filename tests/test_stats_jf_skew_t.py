"""``scipy.stats``' ``jf_skew_t`` (Jones and Faddy's skew t: ``(1 + w / h) / 2`` is ``beta(a, b)``, ``w = z / sqrt(a +
b)``, ``h = sqrt(1 + w^2)``): its density, tails, quantiles, median, interval, mean, var, std and entropy.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (far out, where its
``(1 + x / sqrt(a + b + x^2)) / 2`` rounds or overflows); values and first and second derivatives in x (or q), a and b
against mpmath in both tails, at the switch x = 0 (the Hessian by the five paths), beyond the far forms' switches
(``|w| = 1e150``, the quantiles' ``log m = -690``); ``a = b`` is Student's t with ``2a`` degrees of freedom; the moments
and entropy against their closed forms in mpmath, and where they do not exist.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, five_hessians, float32_check, gradient_test, infinite_ends_check,  # noqa: E402
                     mp_points_test, refusals_test, stats_values_test, two_shape_common_cases)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.jf_skew_t
A = np.array([[0.4], [2.0], [5.0]])
B = np.array([[[0.8]], [[3.0]]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), np.array([-3.5, -0.4, 0.3, 2.0]), A, B, 0.1, 1.3, id=f"jf_skew_t.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.6, 0.95]), A, B, 0.1, 1.3, id=f"jf_skew_t.{f}")
      for f in ("ppf", "isf")],
    # (its median's first shape -2.0 is not one of jf_skew_t's: the median below)
    *[c for c in two_shape_common_cases(T, "jf_skew_t", size1_shapes=(0.9, 1.7), shapes=(1.5, 2.5))
      if c.id != "jf_skew_t.median"],
    case(_f("median"), lambda *a: T.median(*a), np.array([0.3, 2.0]), np.array([[0.4], [1.6]]), 0.6, 1.1,
         id="jf_skew_t.median"),
    *[case(_f(m), _f(m), np.array([1.5, 2.0, 6.0]), np.array([[1.3], [4.0]]), 0.2, 1.4, id=f"jf_skew_t.{m}")
      for m in ("mean", "var", "std", "entropy")],
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-8.0, -1.0, -0.2, 0.0, 0.5, 3.0, 30.0])
SHAPES = (np.array([[0.3], [1.0], [2.5]]), np.array([[[0.7]], [[4.0]]]))
VALUE_CHECKS = [
    # (the sf not at x = 3 and 30: SciPy's betaincc(a, b, y) at its y = (1 + x / r) / 2 near 1, in SciPy 1.13 (the
    # floor) 1.3e-12 and 7.5e-6 relative off there, 1.17's right; ours against mpmath below)
    *[(f"jf_skew_t.{f}", (POINTS if f[-2:] != "sf" else POINTS[:-2], *SHAPES, loc, 1.3)) for f in TAILS
      for loc in (0.0, 0.05)],
    *[(f"jf_skew_t.{f}", (np.array([0.0, 1e-3, 0.1, 0.5, 0.9, 1.0]), *SHAPES, -0.1, 1.3)) for f in ("ppf", "isf")],
    ("jf_skew_t.median", (np.array([0.5, 2.0]), np.array([[0.7], [3.0]]), -0.1, 1.3)),
    ("jf_skew_t.interval", (0.8, np.array([0.5, 2.0]), 3.0, -0.1, 1.3)),
    *[(f"jf_skew_t.{m}", (np.array([1.5, 2.0, 6.0]), np.array([[1.3], [4.0]]), 0.2, 1.4))
      for m in ("mean", "var", "std", "entropy")],
]

# (SciPy integrates the entropy numerically)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"jf_skew_t.entropy": 1e-9})


def _mp_jf(mp):
    def ts(z, a, b):  # (t and s = 1 - t, the smaller one without cancellation)
        w = z / mp.sqrt(a + b)
        h = mp.sqrt(1 + w * w)
        if w < 0:
            t = 1 / (2 * h * (h - w))
            return t, 1 - t
        s = 1 / (2 * h * (h + w))
        return 1 - s, s

    def logpdf(z, a, b):
        t, s = ts(z, a, b)
        return (mp.log(4) + (a + mp.mpf(1) / 2) * mp.log(t) + (b + mp.mpf(1) / 2) * mp.log(s) - mp.log(mp.beta(a, b))
                - mp.log(a + b) / 2)

    def lower(p, other, m):
        return mp.betainc(p, other, 0, m, regularized=True)

    def cdf(z, a, b):
        t, s = ts(z, a, b)
        return lower(a, b, t) if z < 0 else 1 - lower(b, a, s)

    def sf(z, a, b):
        t, s = ts(z, a, b)
        return lower(b, a, s) if z >= 0 else 1 - lower(a, b, t)

    def quantile(q, a, b, upper):
        # the smaller m of t and s: the root in log m of beta(p, other)'s lower tail = q or 1 - q, from its leading
        # term's log m
        at_zero = lower(a, b, mp.mpf(1) / 2)
        left = q >= 1 - at_zero if upper else q <= at_zero
        p, other, sign = (a, b, -1) if left else (b, a, 1)
        log_small = mp.log((1 - q) if upper == left else q)
        start = min((log_small + mp.log(p) + mp.log(mp.beta(p, other))) / p, mp.log(mp.mpf(1) / 4))
        m = mp.exp(mp.findroot(lambda L: mp.log(lower(p, other, mp.exp(L))) - log_small, start))
        return sign * mp.sqrt(a + b) * (1 - 2 * m) / (2 * mp.sqrt(m * (1 - m)))
    return {"logpdf": logpdf, "pdf": lambda z, a, b: mp.exp(logpdf(z, a, b)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, a, b: mp.log(cdf(z, a, b)), "logsf": lambda z, a, b: mp.log(sf(z, a, b)),
            "ppf": lambda q, a, b: quantile(q, a, b, False), "isf": lambda q, a, b: quantile(q, a, b, True)}


MP_POINTS = [
    # both tails (the small one's own form, the other's 1 - it), shapes below and above 1 (rel: the shapes' second
    # derivatives of beta's tails, 1e-13 in b at (1e5, 3, 0.5))
    # (pdf and sf: exp of the log density, the mirror of the cdf; their values against SciPy's above)
    *[(f, (z, a, b), i, 2e-13) for f in ("logpdf", "cdf", "logcdf", "logsf")
      for z, a, b in ((-40.0, 2.5, 0.7), (0.6, 2.0, 3.0), (1e5, 3.0, 0.5)) for i in (0, 1, 2)],
    # beyond |w| = 1e50 (the small tails' leading terms) and before it (-1e49); rel: in x beta's density at m, its
    # power m^(a - 1) carries |log m| eps (4.4e-14 in d2/dx2 of the cdf at -1e49); in a = 0.1 the second derivative's
    # terms 1 / a^2 and trigamma(a) cancel to 0.1 (8.6e-14, as in beta's log cdf there, both sides of the switch)
    *[(f, (z, 0.1, 2.0), i, 1e-13) for f in ("logpdf", "cdf", "logcdf") for z in (-1e200, -1e49) for i in (0, 1, 2)],
    # the quantiles in both tails, both sides of 0, beyond the leading term's switch (m (1 + other) / p = 4e-18; the
    # power's value within |log m| eps / 4) and before it (ppf(1e-300, 20, 3): m = 7.6e-16)
    *[("ppf", (q, a, b), i, 5e-14) for q, a, b in (
        (1e-300, 2.5, 0.7), (1e-300, 0.7, 2.5), (0.3, 2.0, 3.0), (0.7, 0.5, 4.0), (1 - 1e-12, 1.0, 2.0))
      for i in (0, 1, 2)],
    *[("isf", (q, a, b), i, 5e-14) for q, a, b in ((1e-300, 2.5, 0.7), (0.3, 2.0, 3.0)) for i in (0, 1, 2)],
    *[("ppf", (1e-300, 20.0, 3.0), i, 5e-14) for i in (1, 2)],
]

test_against_mpmath = mp_points_test(T, _mp_jf, MP_POINTS)


def test_at_zero_the_switch_of_sides():
    # x = 0: w = 0 on the right (beta(b, a)'s tails at s = 1/2); value, gradient and the five Hessians in (x, a, b)
    # against mpmath's (each side's form is analytic through 0, mpmath's diff takes its steps both sides)
    mp = pytest.importorskip("mpmath")
    a, b = 1.5, 4.0
    for method in ("cdf", "logpdf"):
        with mp.workdps(40):
            fn = _mp_jf(mp)[method]
            value = float(fn(mp.mpf(0), mp.mpf(a), mp.mpf(b)))
            grad = [float(mp.diff(fn, (0, a, b), tuple(int(k == i) for k in range(3)))) for i in range(3)]
            hess = [[float(mp.diff(fn, (0, a, b), tuple((k == i) + (k == j) for k in range(3)))) for j in range(3)]
                    for i in range(3)]
        assert float(getattr(T, method)(0.0, a, b)) == pytest.approx(value, rel=1e-15, abs=0.0)
        v = np.array([[0.0, a, b]])

        def f(v, method=method):
            return getattr(T, method)(v[:, 0], v[:, 1], v[:, 2])
        np.testing.assert_allclose(wg.grad(lambda v: np.sum(f(v)))(v)[0], grad, rtol=1e-13, atol=0)
        for path, h in five_hessians(f, v).items():
            np.testing.assert_allclose(h[0], hess, rtol=1e-12, atol=1e-15, err_msg=f"{method} {path}")


def test_equal_shapes_are_students_t():
    for a in (0.3, 1.0, 4.5):
        x = np.array([-30.0, -1.0, 0.0, 0.7, 12.0])
        for f in TAILS:
            np.testing.assert_allclose(getattr(T, f)(x, a, a), getattr(stats.t, f)(x, 2 * a), rtol=2e-14, atol=0)
        q = np.array([1e-10, 0.2, 0.5, 0.9])
        # (at q = 1/2 beta's ppf(1/2, a, a) is 1/2 within its rounding: z within 4e-16 of 0; rtol: t.ppf(1e-10, 9)
        # with SciPy 1.13 (the floor) is 4e-14 off mpmath's -30.737330949971978, jf_skew_t's 2e-16)
        np.testing.assert_allclose(T.ppf(q, a, a), stats.t.ppf(q, 2 * a), rtol=2e-13, atol=4e-16)
        assert float(T.entropy(a, a)) == pytest.approx(float(stats.t.entropy(2 * a)), rel=1e-14, abs=0.0)
    assert float(T.var(3.0, 3.0)) == pytest.approx(1.5, rel=1e-15, abs=0.0)  # (df / (df - 2), df = 6)


def test_where_scipy_is_off():
    with np.errstate(all="ignore"):
        assert float(ST.jf_skew_t.isf(1e-300, 2.5, 0.7)) == np.inf  # ((2t - 1) / (2 sqrt(t (1 - t))) at t = 1)
        assert float(ST.jf_skew_t.logcdf(-1e200, 0.1, 2.0)) > -1.0  # (x^2 overflows: its y is 0.5)
    assert float(T.isf(1e-300, 2.5, 0.7)) == pytest.approx(2.8400761380214784e+214, rel=5e-14, abs=0.0)
    assert float(T.logcdf(-1e200, 0.1, 2.0)) == pytest.approx(-92.07252924159656, rel=1e-15, abs=0.0)


def _mp_moments(mp, a, b):
    g = mp.gamma(a - mp.mpf(1) / 2) * mp.gamma(b - mp.mpf(1) / 2) / (mp.gamma(a) * mp.gamma(b))
    mean = mp.sqrt(a + b) * (a - b) * g / 2
    second = (a + b) * ((a - b) ** 2 + a + b - 2) / (4 * (a - 1) * (b - 1))
    entropy = (mp.log(mp.beta(a, b)) + mp.log(a + b) / 2 - 2 * mp.log(2) - (a + mp.mpf(1) / 2) * mp.digamma(a)
               - (b + mp.mpf(1) / 2) * mp.digamma(b) + (a + b + 1) * mp.digamma(a + b))
    return mean, second - mean ** 2, entropy


@pytest.mark.parametrize("a, b", [(2.0, 3.0), (1.2, 7.5), (200.0, 150.0), (3e4, 1e4)])
def test_moments_against_their_closed_forms(a, b):
    # (the variance at (200, 150) and (3e4, 1e4): E X^2 - mean^2 cancels by 1e2 and 1e4 there; 1 - k as -expm1)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        want = [float(v) for v in _mp_moments(mp, mp.mpf(a), mp.mpf(b))]
        diffs = [[float(mp.diff(lambda a, b: _mp_moments(mp, a, b)[k], (a, b), (i == 0, i == 1))) for i in range(2)]
                 for k in range(3)]
    for k, method in enumerate(("mean", "var", "entropy")):
        f = getattr(T, method)
        assert float(f(a, b)) == pytest.approx(want[k], rel=4e-15, abs=0.0), method
        assert [float(g) for g in wg.grad(f, argnums=(0, 1))(a, b)] == pytest.approx(diffs[k], rel=1e-12, abs=0.0)


def test_moments_where_they_do_not_exist():
    # the mean: -inf for a <= 1/2 < b, +inf for b <= 1/2 < a, NaN for both (SciPy: NaN); the variance inf where only
    # the mean exists
    with np.errstate(invalid="ignore"):
        assert T.mean(np.array([0.5, 2.0, 0.3]), np.array([2.0, 0.4, 0.4])).tolist()[:2] == [-np.inf, np.inf]
        assert np.isnan(float(T.mean(0.3, 0.4)))
        assert T.var(np.array([0.8, 3.0, 2.0]), np.array([3.0, 1.0, 0.5])).tolist()[:2] == [np.inf, np.inf]
        assert np.isnan(float(T.var(2.0, 0.5)))
    assert float(wg.grad(lambda a: T.mean(a, 2.0))(0.4)) == 0.0  # (inf on a neighbourhood)


def test_float32_stays_float32():
    float32_check(T, (1.5, 2.5), x=0.3, summaries=("mean", "var", "std", "entropy", "median"))


REFUSALS = [
    *[(call, f"jf_skew_t.{m}: the shape parameters must be positive \\({s} is not; SciPy gives NaN\\)")
      for m, s, call in (("cdf", "a", lambda: T.cdf(0.5, 0.0, 1.0)), ("logpdf", "b", lambda: T.logpdf(0.5, 1.0, -1.0)),
                         ("isf", "a", lambda: T.isf(0.5, -1.0, 2.0)), ("mean", "b", lambda: T.mean(2.0, 0.0)))],
    (lambda: T.logpdf(0.5, 2.0, 3.0, 0.0, -1.0), "jf_skew_t.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0, 3.0), "jf_skew_t.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, ((0.6, 2.0),))
