"""``scipy.stats``' ``kappa3`` (``pdf = a (a + z^a)^(-(a + 1)/a)`` on ``z >= 0``: mielke at ``k = 1``, ``s = a``
scaled by ``a^(1/a)``): its density, tails, quantiles, mean, variance, std, entropy (closed forms), median and
interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its log sf far up,
its ppf near 0, its moments and entropy integrated numerically); values and first and second derivatives against
mpmath in x (or q) and a on both sides of each switch (z / a^(1/a) = 1, the cdf at 1/2, the log tail's series; q =
exp(-1/a), 1/2), near 0 and far out (z = 1e-100, 1e100, q = 1e-100, 1 - 1e-16; the values at 1e-300 and 1e300), the
moments on both sides of a = 1 and 2; the end z = 0 (a below, at and above 1) and q = 0, the limits at +-inf,
float32, the refusals.
"""
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
T = stats.kappa3
#: z = (x - loc) / 1.3 on both sides of z / a^(1/a) = 1 and of the cdf's 1/2 for the shapes below
Z = np.array([0.1, 0.6, 1.1, 2.0, 6.0])
A = np.array([[0.7], [3.0]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, A, np.array([[[0.0]], [[0.05]]]), 1.3, id=f"kappa3.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.5, 0.8, 0.95]), A, 0.1, 1.3, id=f"kappa3.{f}")
      for f in ("ppf", "isf")],
    # below and near z = 0
    # (not at 0: the density jumps there, see test_at_zero)
    *[case(_f(f), _f(f), np.array([-0.5, 1e-3, 0.3]), 3.0, id=f"kappa3.{f}-near-end") for f in ("pdf", "cdf", "sf")],
    # the moments on both sides of a = 10, in a, loc and scale
    *[case(_f(m), _f(m), np.array([2.5, 4.0, 11.0]), np.array([[0.0], [1.0]]), 1.4, id=f"kappa3.{m}")
      for m in ("mean", "var", "std", "entropy")],
    *one_shape_common_cases(T, "kappa3", size1_x=0.9, size1_shape=2.6),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.4, 1.3, 3.0, 60.0])
VALUE_CHECKS = [
    *[(f"kappa3.{f}", (POINTS, a, loc, 1.3)) for f in TAILS for a in (0.3, 1.0, 2.0, 7.0) for loc in (0.0, 0.1)],
    # (not the ppf near 0: SciPy's q^-a overflows, see MP_POINTS)
    *[(f"kappa3.{f}", (np.array([0.0, 1e-100, 1e-10, 0.1, 0.5, 0.9, 1.0])[3 if f == "ppf" else 0:], a, -0.1, 1.3))
      for f in ("ppf", "isf") for a in (0.3, 1.0, 2.0, 7.0)],
    ("kappa3.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("kappa3.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
    # (SciPy integrates the moments and the entropy numerically)
    *[(f"kappa3.{m}", (np.array([2.5, 3.0, 7.0]), 0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    "kappa3.mean": 1e-9, "kappa3.var": 1e-9, "kappa3.std": 1e-9, "kappa3.entropy": 1e-9})


def _mp_kappa3(mp):
    def logcdf(z, a):  # (not log(z) - log(a + z^a) / a: it cancels far up)
        return -mp.log1p(a * z ** -a) / a

    def logsf(z, a):
        c = logcdf(z, a)
        return mp.log1p(-mp.exp(c)) if c < -1 else mp.log(-mp.expm1(c))

    def logpdf(z, a):
        return mp.log(a) - (a + 1) / a * mp.log(a + z ** a)

    def quantile(log_p, a):  # (a / (p^-a - 1))^(1/a) from log p
        return (a / mp.expm1(-a * log_p)) ** (1 / a)

    def moment(a, n):
        return a ** (n / a) * mp.gamma((1 + n) / a) * mp.gamma(1 - n / a) / mp.gamma(1 / a)

    def var(a):
        return moment(a, 2) - moment(a, 1) ** 2

    def entropy(a):  # burr's at c = a, d = 1/a, plus log(a) / a (checked against mp.quad of -f log f: 30 digits)
        d = 1 / a
        return -mp.log(a) + 1 + a + (1 + d) * (mp.euler + mp.digamma(d)) - mp.log(d) + mp.log(a) / a
    return {"logpdf": logpdf, "pdf": lambda z, a: mp.exp(logpdf(z, a)), "cdf": lambda z, a: mp.exp(logcdf(z, a)),
            "logcdf": logcdf, "sf": lambda z, a: mp.exp(logsf(z, a)), "logsf": logsf,
            "ppf": lambda q, a: quantile(mp.log(q), a), "isf": lambda q, a: quantile(mp.log1p(-q), a),
            "mean": lambda a: moment(a, 1), "var": var, "std": lambda a: mp.sqrt(var(a)), "entropy": entropy}


MP_POINTS = [
    # both sides of z / a^(1/a) = 1 (z = 1.26 at a = 2, 3: 1.442), of the cdf's 1/2 (z = 1.155 at a = 2) and of the
    # log tail's series (z / b = 2^(1/a): z = 2 at a = 2), in x and a
    *[(f, (z, 2.0), i, 1e-12) for f in TAILS for z in (1.41, 1.42, 1.14, 1.17, 2.01) for i in (0, 1)],
    # near 0 and far out, small and large a (logsf far up is -a log z and a small rest: its second derivative in a,
    # 2e-13 beside a first of 11.5, is not resolved to 1e-12 of itself)
    *[(f, (z, a), i, 1e-12) for f in TAILS for z, a in ((1e-3, 0.4), (1e5, 3.0), (3.0, 40.0)) for i in (0, 1)
      if (f, i, z) not in (("logsf", 1, 1e5), ("logsf", 1, 3.0))],
    # (the tails of x near 1 at 1e-30: mpmath's second difference of 1 - 4e-100 needs more than its 200 digits)
    *[(f, (1e-30 if f in ("sf", "logsf") else 1e-100, 0.5), 0, 1e-12) for f in TAILS],
    *[(f, (1e100, 1.5), 0, 1e-12) for f in TAILS],
    # the quantiles both sides of their switches (ppf's q = exp(-1/a) = 0.6065 at a = 2, isf's 1/2), near the ends
    *[(f, (q, 2.0), i, 1e-12) for f in ("ppf", "isf") for q in (0.49, 0.51, 0.6, 0.61, 1e-9) for i in (0, 1)],
    # (the ppf at 1e-20: its second difference at 1e-100 is beyond mpmath's 200 digits; at a = 40 the second
    # derivative, 4e-5, beside first-order terms of 1: 9e-12 of itself)
    *[(f, (q, a), i, 1e-10 if a == 40.0 else 1e-12) for f in ("ppf", "isf") for q, a in (
        (1e-20 if f == "ppf" else 1e-100, 2.0), (1 - 1e-16, 2.0), (0.3, 40.0)) for i in (0, 1)],
    # the moments on both sides of a = 1, 2 (their poles), small and large a
    *[(m, (a,), 0, 1e-11) for m in ("mean", "entropy") for a in (1.5, 2.5, 30.0)],
    *[(m, (a,), 0, 1e-11) for m in ("var", "std") for a in (2.5, 3.0, 30.0)],
    ("entropy", (0.3,), 0, 1e-11),
]

test_against_mpmath = mp_points_test(T, _mp_kappa3, MP_POINTS)


def test_far_out():
    # the values at z = 1e-300, 1e300, q = 1e-300 (their second derivatives overflow there)
    calls = [*[(f, (z, a)) for f in TAILS for z, a in ((1e-300, 0.5), (1e300, 2.0))],
             ("ppf", (1e-300, 2.0)), ("isf", (1e-300, 2.0))]
    for (f, args), want in zip(calls, mp_truths(_mp_kappa3, calls)):
        assert float(_f(f)(*args)) == pytest.approx(want, rel=1e-15, abs=1e-300), (f, args)


def test_where_scipy_is_off():
    logsf, ppf, mean = mp_truths(_mp_kappa3, [("logsf", (1e300, 2.0)), ("ppf", (1e-300, 2.0)), ("mean", (2.5,))])
    with np.errstate(all="ignore"):
        # (SciPy 1.18's logsf there is 0, its ppf 0)
        assert not abs(float(ST.kappa3.logsf(1e300, 2.0)) - logsf) < 1.0
        assert not abs(float(ST.kappa3.ppf(1e-300, 2.0)) / ppf - 1) < 0.5
        assert np.isnan(float(ST.kappa3.mean(0.5))) and np.isnan(float(ST.kappa3.var(1.5)))
    assert float(T.logsf(1e300, 2.0)) == pytest.approx(logsf, rel=1e-15, abs=0.0)
    assert float(T.ppf(1e-300, 2.0)) == pytest.approx(ppf, rel=1e-15, abs=0.0)
    assert float(T.mean(2.5)) == pytest.approx(mean, rel=1e-15, abs=0.0)
    # the moments past their poles: inf where SciPy's are NaN (the variance NaN where the mean is infinite)
    assert float(T.mean(0.5)) == np.inf and float(T.var(1.5)) == np.inf and float(T.std(2.0)) == np.inf
    assert np.isnan(float(T.var(0.5))) and np.isnan(float(T.std(1.0)))


@pytest.mark.parametrize("a, second", [(0.5, -np.inf), (1.0, -2.0), (3.0, 0.0)])
def test_at_zero(a, second):
    # cdf = y - y^(1 + a) / a + ..., y = z / a^(1/a): at z = 0 (one-sided) the density a^(-1/a) and d2/dz2 -(1 + a)
    # y^(a - 1) / b^2 (-inf, -2 or 0 as a is below, at or above 1); logsf = -cdf - cdf^2 / 2: -cdf'' - cdf'^2
    b = a ** (1 / a)
    for name, sign, extra in (("cdf", 1.0, 0.0), ("sf", -1.0, 0.0), ("logsf", -1.0, -1.0 / b ** 2)):
        def f(x, name=name):
            return _f(name)(x, a)
        with np.errstate(divide="ignore"):
            got = [float(wg.grad(f)(0.0)), float(wg.grad(wg.grad(f))(0.0)),
                   float(wg.jvp(wg.grad(f), (0.0,), (1.0,))[1])]
        assert got == pytest.approx([sign / b, sign * second / b ** 2 + extra, sign * second / b ** 2 + extra],
                                    rel=1e-15, abs=0.0), (name, a)
    # the density there a^(-1/a), in a too: -(a^(-1/a)) (1 - log a) / a^2
    assert float(T.pdf(0.0, a)) == pytest.approx(1 / b, rel=1e-15, abs=0.0)
    assert float(wg.grad(lambda a: T.pdf(0.0, a))(a)) == pytest.approx(-(1 - np.log(a)) / (a * a * b), rel=1e-14,
                                                                       abs=0.0)


@pytest.mark.parametrize("a, second", [(0.5, np.inf), (1.0, 2.0), (3.0, 0.0)])
def test_quantile_at_zero(a, second):
    # x = b (q + q^(1 + a) / a + ...) at q = 0: slope b, d2/dq2 +inf, 2 b or 0 as a is below, at or above 1; in a
    # d2/dq da = b'(a) = b (1 - log a) / a^2
    b = a ** (1 / a)
    for name, sign, q in (("ppf", 1.0, 0.0), ("isf", -1.0, 1.0)):
        def f(v, name=name):
            return _f(name)(v[0], v[1])
        v = np.array([q, a])
        with np.errstate(divide="ignore"):  # (q^(a - 1) at 0: the infinite second derivative)
            h = np.asarray(wg.hessian(f)(v))
        assert float(_f(name)(q, a)) == 0.0
        assert np.asarray(wg.grad(f)(v)).tolist() == pytest.approx([sign * b, 0.0], rel=1e-15, abs=0.0)
        assert h.ravel().tolist() == pytest.approx([second * b, sign * b * (1 - np.log(a)) / a ** 2,
                                                    sign * b * (1 - np.log(a)) / a ** 2, 0.0], rel=1e-14, abs=0.0)


def test_quantiles_and_tails_agree():
    for a in (0.3, 1.0, 2.0, 7.0):
        for q in (1e-200, 0.01, 0.3, 0.5):
            assert float(T.cdf(float(T.ppf(q, a)), a)) == pytest.approx(q, rel=1e-12, abs=0.0)
            if (a, q) == (0.3, 1e-200):
                # (the quantile, about q^(-1 / a) = 1e667, overflows: no round trip (sf(inf) is 0; that check passed
                # only by pytest.approx's default abs=1e-12))
                assert float(T.isf(q, a)) == np.inf
            else:
                assert float(T.sf(float(T.isf(q, a)), a)) == pytest.approx(q, rel=1e-12, abs=0.0)
        assert float(T.ppf(0.0, a)) == 0.0 and float(T.isf(0.0, a)) == np.inf


def test_float32_stays_float32():
    float32_check(T, (3.0,))


REFUSALS = [
    *[(call, f"kappa3.{m}: the shape parameters must be positive \\(a is not; SciPy gives NaN") for m, call in (
        ("cdf", lambda: T.cdf(0.5, 0.0)), ("logpdf", lambda: T.logpdf(0.5, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, 0.0)), ("mean", lambda: T.mean(0.0)), ("std", lambda: T.std(-1.0)),
        ("entropy", lambda: T.entropy(0.0)))],
    (lambda: T.logpdf(0.5, 2.0, 0.0, -1.0), "kappa3.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "kappa3.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, (0.4, 2.0))


@pytest.mark.parametrize("method", ["pdf", "logpdf"])
def test_at_zero_with_x_traced_the_derivative_in_a(method):
    """At z = 0 with x traced too, d/da was NaN (y = z / a^(1/a): dy/da a live 0 there times y^a's infinite slope for a
    < 1); the density there is a^(-1/a) at every x = loc, its derivative in a by mpmath; d/dx -inf (y^(a - 1))."""
    mp = pytest.importorskip("mpmath")
    a = 0.5
    with mp.workdps(50):
        def at_zero(a):
            return a ** (-1 / a) if method == "pdf" else -mp.log(a) / a
        truth = float(mp.diff(at_zero, mp.mpf(a)))
    f = lambda p: getattr(stats.kappa3, method)(p[0], p[1])  # noqa: E731
    with np.errstate(divide="ignore"):  # (NumPy's for 0 ** (a - 1) = inf, the slope in x)
        for how in (wg.grad, wg.jacfwd):
            got = how(f)(np.array([0.0, a]))
            assert got[0] == -np.inf and got[1] == pytest.approx(truth, rel=1e-14, abs=0.0), got
    for how in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f))):
        # (y^a in a at y = 0: power's kink, refused at second order; NumPy's warnings on the way there)
        with pytest.raises(wg.NoGradientRule), np.errstate(divide="ignore", invalid="ignore"):
            how(f)(np.array([0.0, a]))


@pytest.mark.parametrize("a", [0.5, 1.0])
@pytest.mark.parametrize("x", [0.0, 0.5])
def test_pdf_in_a_at_a_large_scale(x, a):
    # (through the product scale a^(1/a) its cotangent, the density over it, underflowed: d/da of kappa3.pdf(0.5, a, 0,
    # 1e300) was 0 for -a^(-1/a) (1 - log a) / (a^2 scale) (the terms in z = 5e-301 below rounding), e.g. -1e-300 at a
    # = 1. Truth: mpmath, 30 digits, the density a (a + z^a)^(-(a + 1)/a) / scale differentiated in a)
    from opcheck import lazy_mp as mp
    s = 1e300
    with mp.workdps(30):
        want = float(mp.diff(lambda b: b * (b + (mp.mpf(x) / s) ** b) ** (-(b + 1) / b) / s, mp.mpf(a)))
    got = wg.grad(lambda v: T.pdf(x, v[0], 0.0, v[1]))(np.array([a, s]))
    np.testing.assert_allclose(got[0], want, rtol=1e-14)
    # (and d2/da2 through the same product; the truth's order: a^(-1/a) / scale's)
    with mp.workdps(30):
        want2 = float(mp.diff(lambda b: b * (b + (mp.mpf(x) / s) ** b) ** (-(b + 1) / b) / s, mp.mpf(a), 2))
    np.testing.assert_allclose(wg.hessian(lambda v: T.pdf(x, v, 0.0, s))(a), want2, rtol=1e-13)


def _mp_log_density_and_slope(mp, x, a, s):
    """kappa3's log density ``log a - (a + 1)/a log(a + w) - log s``, ``w = (x / s)^a``, and its d/dx ``-(a + 1)
    z^(a - 1) / (s (a + w))`` (closed form: x tiny), as functions of (a, t) with the scale ``s e^t``."""
    def log_density(b, t):
        z = mp.mpf(x) / (s * mp.exp(t))
        return mp.log(b) - (b + 1) / b * mp.log(b + z ** b) - mp.log(s * mp.exp(t))

    def slope(b, t):
        z, q = mp.mpf(x) / (s * mp.exp(t)), s * mp.exp(t)
        return -(b + 1) * z ** (b - 1) / (q * (b + z ** b))
    return log_density, slope


@pytest.mark.parametrize("x, s", [(1e-300, 1e300), (5e-324, 3.0), (5e-324, 1.3), (1e-300, 1.0)])
def test_where_z_rounds_below_the_normal_floats(x, s):
    # (z = x / s rounded (to 0, or to 5e-324 30% above the quotient) while x > loc: through y = z / a^(1/a) d/dx of
    # kappa3.logpdf(1e-300, 0.5, 0, 1e300) was -inf for -3, at (5e-324, 0.5, 0, 1.3) 12% off; at (1e-300, 0.5) (z normal)
    # d2/da dx -inf by both orders for 2.08e153, y^(a - 2) overflowing beside dy/da; now z^a of x and the scale
    # apart. Truth: mpmath, 50 digits: the derivatives in x and d2/da dscale in closed form, the rest by mp.diff in a
    # and log(scale))
    from opcheck import lazy_mp as mp
    a = 0.5
    with mp.workdps(50):
        big_l, slope = _mp_log_density_and_slope(mp, x, a, mp.mpf(s))
        a_, s_ = mp.mpf(a), mp.mpf(s)
        z = mp.mpf(x) / s_
        w = z ** a_
        grad = [slope(a_, 0), mp.diff(lambda b: big_l(b, 0), a_), mp.diff(lambda t: big_l(a_, t), 0) / s_]
        xx = -(a_ + 1) / s_ ** 2 * ((a_ - 1) * z ** (a_ - 2) / (a_ + w) - a_ * z ** (2 * a_ - 2) / (a_ + w) ** 2)
        xa, xs = mp.diff(lambda b: slope(b, 0), a_), mp.diff(lambda t: slope(a_, t), 0) / s_
        aa = mp.diff(lambda b: big_l(b, 0), a_, 2)
        lz = mp.log(z)  # (d2/da dscale in closed form too: w log z, below 50 digits beside 1)
        as_ = ((w + (a_ + 1) * w * lz) / (a_ + w) - (a_ + 1) * w * (1 + w * lz) / (a_ + w) ** 2) / s_
        ss = (mp.diff(lambda t: big_l(a_, t), 0, 2) - mp.diff(lambda t: big_l(a_, t), 0)) / s_ ** 2
        value = big_l(a_, 0)
        hess = np.array([[float(v) for v in row] for row in ((xx, xa, xs), (xa, aa, as_), (xs, as_, ss))])
        grad, value = np.array([float(v) for v in grad]), float(value)
        density = float(mp.exp(big_l(a_, 0)))

    def f(v):
        return T.logpdf(v[0], v[1], 0.0, v[2])
    p = np.array([x, a, s])
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(float(f(p)), value, rtol=1e-15)
        np.testing.assert_allclose(wg.grad(f)(p), grad, rtol=1e-14)
        np.testing.assert_allclose(wg.jvp(f, (p,), (np.array([1.0, 0.0, 0.0]),))[1], grad[0], rtol=1e-14)
        np.testing.assert_allclose(wg.jit(wg.grad(f))(p), grad, rtol=1e-14)
        # (inf where the truth overflows: d2/dx2 at 5e-324)
        np.testing.assert_allclose(wg.hessian(f)(p), hess, rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(wg.jacfwd(wg.grad(f))(p), hess, rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(float(T.pdf(x, a, 0.0, s)), density, rtol=1e-15)
        np.testing.assert_allclose(wg.grad(lambda v: T.pdf(v[0], v[1], 0.0, v[2]))(p), density * grad, rtol=1e-14)
