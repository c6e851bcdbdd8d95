"""``scipy.stats``' ``betaprime`` (the odds ``Y / (1 - Y)`` of a beta variate): its density, tails, quantiles,
moments, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's (bit for bit where
the formula is SciPy's), and against mpmath where SciPy's are off (its log sf far out, its isf ``ppf(1 - q)``
at small q, its numerical entropy); values and first and second derivatives against mpmath on both sides of
z = 1 (where the tails switch to the mirrored beta function) and far out; x == loc (SciPy's open support),
the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test, infinite_ends_check, mp_point_check, stats_values_test  # noqa: E402
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
B = stats.betaprime
#: near 0, both sides of z = 1 (the tails' switch), far
Z = np.array([0.03, 0.6, 0.98, 1.02, 4.0, 40.0])
A = np.array([[0.6], [2.5]])
BS = np.array([[[0.7]], [[3.5]]])


def _f(method):
    return getattr(B, method)


CASES = [
    # in x, a, b, loc and scale, broadcast against each other
    *[case(_f(f), _f(f), Z, A, BS, np.array([[[[0.0]]], [[[-0.1]]]]), 1.3, id=f"betaprime.{f}") for f in TAILS],
    # the quantiles on both sides of r = 1/2 (beta's quantile: the switch to 1 / s - 1); (b = 1.6: at b = 0.7 the
    # isf at q = 1e-3 is 2e4, and the second-order check's central differences of its square lost 1e-5)
    *[case(_f(f), _f(f), np.array([1e-3, 0.2, 0.5, 0.9, 0.999]), A, np.array([[[1.6]], [[3.5]]]), 0.1, 1.3,
           id=f"betaprime.{f}")
      for f in ("ppf", "isf")],
    # below the support: constants
    *[case(_f(f), _f(f), np.array([-0.5]), 1.7, 2.0, id=f"betaprime.{f}-below") for f in ("pdf", "cdf", "sf", "logsf")],
    # the moments where they are finite (b > 1, b > 2), the entropy on both sides of a, b = 5 (F's split form)
    *[case(_f(m), _f(m), np.array([0.4, 3.0, 12.0]), np.array([[2.5], [4.0], [30.0]]), np.array([[[0.0]], [[1.0]]]),
           np.array([[[[0.6]]], [[[2.0]]]]), id=f"betaprime.{m}") for m in ("mean", "var", "std")],
    case(_f("entropy"), _f("entropy"), np.array([0.4, 3.0, 12.0]), np.array([[0.5], [4.0], [30.0]]), 0.3, 1.7,
         id="betaprime.entropy"),
    # size-1 and size-0 arrays, the median and the interval
    *[case(_f(m), _f(m), np.array([0.3 if m in ("ppf", "isf") else 0.7]), np.array([1.6]), np.array([2.2]),
           np.array([0.1]), np.array([1.4]), id=f"betaprime.{m}-size1") for m in TAILS + ("ppf", "isf")],
    *[case(_f(m), _f(m), np.zeros(0), 2.0, 3.0, id=f"betaprime.{m}-size0") for m in TAILS + ("ppf", "isf")],
    case(_f("median"), lambda *a: B.median(*a), np.array([0.3, 2.0]), np.array([[0.7], [3.0]]), np.array([[-0.4]]),
         0.6, id="betaprime.median"),
    case(_f("interval"), lambda p, a, b: B.interval(p, a, b, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), 1.7, 2.5,
         id="betaprime.interval"),
]

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.6, 1.0, 1.3, 3.0, 8.0, 1e3])
SHAPES = [(0.4, 0.7), (1.0, 1.0), (2.0, 3.0), (4.5, 30.0), (30.0, 2.5)]
VALUE_CHECKS = [
    *[(f"betaprime.{f}", (POINTS, a, b, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1) for a, b in SHAPES],
    # (the ppf at q near 1 with a small b, and the isf, SciPy's ppf(1 - q), below q = 1e-3: see below)
    *[("betaprime.ppf", (np.array([0.0, 1e-10, 0.1, 0.5, 0.9, 0.999, 1.0]), a, b, -0.1, 1.3)) for a, b in SHAPES],
    *[("betaprime.isf", (np.array([0.0, 0.1, 0.5, 0.9, 1.0]), a, b, -0.1, 1.3)) for a, b in SHAPES],
    *[(f"betaprime.{m}", (np.array([0.5, 2.0, 7.0]), np.array([[2.5], [5.0], [40.0]]), 0.3, 2.0))
      for m in ("mean", "var", "std")],
    ("betaprime.median", (np.array([0.3, 2.0]), 2.0, -0.1, 1.3)),
    # (SciPy's entropy a numerical integral: 1e-10 off; see test_entropy_against_mpmath)
    ("betaprime.entropy", (np.array([0.5, 2.0, 7.0]), np.array([[0.8], [5.0], [40.0]]), 0.3, 2.0)),
    ("betaprime.interval", (0.8, np.array([0.3, 2.0]), 4.0, -0.1, 1.3)),
]
# (SciPy's ppf as r / (1 - r) up to r = 0.9999: 1e-12 off there; its entropy a numerical integral, 1e-9 off)

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"betaprime.ppf": 1e-11,
                                                                     "betaprime.interval": 1e-11,
                                                                     "betaprime.entropy": 1e-8})


@pytest.mark.parametrize("method", ("logpdf", "pdf", "cdf", "sf"))
def test_bit_for_bit(method):
    # the log density is SciPy's terms in SciPy's order, the density exp of it over scale, the tails beta's
    # functions at z / (1 + z) and 1 / (1 + z), SciPy's: its values to the bit, but for betaln where a shape is
    # 10 or more (wengert's exact, SciPy's the difference of two gammaln: test_stats_large_shape_log_beta)
    # (the density beyond z = 4, x = 7, 1e3, 1e20, is its power z^(-b - 1) times factors near 1, not exp of the log:
    # SciPy's exp(log) there up to 914 ulp off (30, 2.5 at 1e20); those against mpmath, closer than SciPy's)
    x = np.array([0.0, 0.05, 0.3, 0.9, 1.2, 2.0, 7.0, 1e3, 1e20])
    far = (x - 0.1) / 1.3 > 4.0 if method == "pdf" else np.zeros(x.shape, bool)
    mp = pytest.importorskip("mpmath") if method == "pdf" else None
    for a, b in SHAPES:
        ours, scipys = _f(method)(x, a, b, 0.1, 1.3), getattr(ST.betaprime, method)(x, a, b, 0.1, 1.3)
        if np.any(far):
            with mp.workdps(50):
                pa, pb = mp.mpf(a), mp.mpf(b)
                truth = np.array([float(mp.exp((pa - 1) * mp.log(z) - (pa + pb) * mp.log1p(z) - mp.log(mp.beta(pa, pb)))
                                        / mp.mpf(1.3)) for z in ((mp.mpf(v) - mp.mpf(0.1)) / mp.mpf(1.3) for v in x[far])])
            np.testing.assert_allclose(ours[far], truth, rtol=4e-15, atol=0.0)
            assert np.all(np.abs(ours[far] - truth) <= np.abs(scipys[far] - truth))
            ours, scipys = ours[~far], scipys[~far]
        if max(a, b) < 10.0 or method not in ("logpdf", "pdf"):
            np.testing.assert_array_equal(ours, scipys)
        else:
            np.testing.assert_allclose(ours, scipys, rtol=1e-13, atol=0.0)  # (exp of a log up to -1407)


def _mp_betaprime(mp):
    def log_pdf(z, a, b):
        return (a - 1) * mp.log(z) - (a + b) * mp.log1p(z) - mp.log(mp.beta(a, b))

    def cdf(z, a, b):
        return mp.betainc(a, b, 0, z / (1 + z), regularized=True)

    def sf(z, a, b):
        return mp.betainc(b, a, 0, 1 / (1 + z), regularized=True)
    return {"logpdf": log_pdf, "pdf": lambda z, a, b: mp.exp(log_pdf(z, a, b)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, a, b: mp.log(cdf(z, a, b)), "logsf": lambda z, a, b: mp.log(sf(z, a, b)),
            "entropy": lambda a, b: (mp.log(mp.beta(a, b)) + (1 - a) * mp.digamma(a) - (1 + b) * mp.digamma(b)
                                     + (a + b) * mp.digamma(a + b))}


#: (function, (x, a, b), the argument differentiated (0: x, 1: a, 2: b), relative tolerance)
MP_POINTS = [
    # (in the shapes 1e-10: beta's betainc derivatives there, 7e-17 absolute on a second derivative of 4e-5)
    *[(f, (z, 2.5, 3.5), i, 1e-12 if i == 0 else 1e-10) for f in TAILS for z in (0.98, 1.02) for i in (0, 1, 2)],
    # far out: the log sf -b log1p(z) - log(b B(a, b)) (SciPy's -inf from z = 1e308^(1 / b); through beta's
    # function of 1 / (1 + z) its derivative underflowed to 0)
    ("logsf", (1e200, 2.5, 3.5), 0, 1e-13), ("logsf", (1e200, 2.5, 3.5), 2, 1e-13),
    ("sf", (1e25, 2.5, 3.5), 2, 1e-13), ("cdf", (1e25, 2.5, 0.5), 0, 1e-13),
    # near 0: the log cdf a log z - log(a B(a, b)) (through beta's function of z / (1 + z) its second derivative
    # was inf - inf = NaN), on both sides of its switch (z = 1e-20 / (1 + a (1 + b)) = 3.2e-21 here)
    ("logcdf", (1e-200, 0.7, 2.0), 0, 1e-13), ("logcdf", (1e-200, 0.7, 2.0), 1, 1e-13),
    *[(f, (z, 0.7, 2.0), i, 1e-12) for f in ("cdf", "logcdf", "sf") for z in (3e-21, 3.5e-21) for i in (0, 1, 2)],
    ("pdf", (1e-5, 2.5, 1.5), 0, 1e-13), ("logpdf", (3.0, 0.5, 0.8), 1, 1e-13),
]


@pytest.mark.parametrize("method, args, i, rel", MP_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i, _ in MP_POINTS])
def test_against_mpmath(method, args, i, rel):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_betaprime(mp)[method](*a), rel)


@pytest.mark.parametrize("a, b", [(0.01, 0.02), (0.5, 0.8), (2.0, 3.0), (4.9, 5.1), (40.0, 2.0), (1e6, 1e6)])
def test_entropy_against_mpmath(a, b):
    # (SciPy's entropy integrates numerically: 4e-10 off at a = 0.4, b = 0.7)
    for i in (0, 1):
        mp_point_check(_f("entropy"), (a, b), i, lambda mp, *s: _mp_betaprime(mp)["entropy"](*s), 1e-12)


def test_where_scipy_is_off():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        def isf(q, a, b):  # 1 / s - 1, s beta(b, a)'s ppf at q
            s = mp.findroot(lambda s: mp.betainc(b, a, 0, s, regularized=True) - q, mp.mpf(0.5) ** (1 / b) * q ** (1 / b))
            return float(1 / s - 1)
        truth_isf = isf(mp.mpf("1e-10"), mp.mpf(2), mp.mpf(3))
        truth_logsf = float(_mp_betaprime(mp)["logsf"](mp.mpf(1e200), mp.mpf(2.5), mp.mpf(3.5)))
        truth_entropy = float(_mp_betaprime(mp)["entropy"](mp.mpf(0.4), mp.mpf(0.7)))
    with np.errstate(divide="ignore"):
        assert float(B.isf(1e-10, 2.0, 3.0)) == pytest.approx(truth_isf, rel=1e-13, abs=0.0)
        assert abs(float(ST.betaprime.isf(1e-10, 2.0, 3.0)) / truth_isf - 1) > 1e-8   # ppf(1 - q)
        assert float(B.isf(1e-30, 2.0, 3.0)) > 1e9 and float(ST.betaprime.isf(1e-30, 2.0, 3.0)) == np.inf
        assert float(B.logsf(1e200, 2.5, 3.5)) == pytest.approx(truth_logsf, rel=1e-14, abs=0.0)
        assert float(ST.betaprime.logsf(1e200, 2.5, 3.5)) == -np.inf
        assert float(B.entropy(0.4, 0.7)) == pytest.approx(truth_entropy, rel=1e-14, abs=0.0)
        assert abs(float(ST.betaprime.entropy(0.4, 0.7)) / truth_entropy - 1) > 1e-11


def test_at_loc():
    # SciPy's open support: the density 0 and its log -inf at x == loc for every a (constant in a and b); the
    # derivatives in x, loc and scale there refused (from inside they are inf, b, 1 / B(2, b) ... at a < 1, 1, 2)
    for a in (0.4, 1.0, 2.0, 5.0):
        assert float(B.pdf(0.0, a, 2.0)) == 0.0 and float(B.logpdf(0.0, a, 2.0)) == -np.inf
        assert float(ST.betaprime.pdf(0.0, a, 2.0)) == 0.0
        assert float(wg.grad(lambda t: B.pdf(0.0, t, 2.0))(a)) == 0.0
        for f in (B.pdf, B.logpdf):
            with pytest.raises(NoGradientRule, match="no derivative in x, loc or scale at x == loc"):
                wg.grad(lambda x, f=f: f(x, a, 2.0))(0.0)
            with pytest.raises(NoGradientRule, match="x == loc"):
                wg.grad(lambda loc, f=f: f(1.0, a, 2.0, loc))(1.0)
    # the tails' slopes there: the density's limit from inside (b at a = 1), 0 at a > 1
    assert float(wg.grad(lambda x: B.cdf(x, 1.0, 2.0))(0.0)) == 2.0
    assert float(wg.grad(lambda x: B.sf(x, 2.5, 2.0))(0.0)) == 0.0


def test_moments_where_infinite():
    # the mean inf for b <= 1; the variance inf for 1 < b <= 2, NaN for b <= 1 (the mean infinite: as lomax's)
    assert float(B.mean(2.0, 0.8)) == np.inf and float(B.mean(2.0, 1.5)) == pytest.approx(4.0, rel=1e-15, abs=0.0)
    assert float(B.var(2.0, 1.5)) == np.inf and np.isnan(float(B.var(2.0, 0.8)))
    assert float(wg.grad(lambda a: B.mean(a, 0.8))(2.0)) == 0.0
    assert float(B.var(2.0, 3.0)) == pytest.approx(float(ST.betaprime.var(2.0, 3.0)), rel=1e-15, abs=0.0)


def test_quantiles_at_the_ends():
    for a, b in ((0.5, 0.7), (2.0, 3.0)):
        assert float(B.ppf(0.0, a, b)) == 0.0 and float(B.ppf(1.0, a, b)) == np.inf
        assert float(B.isf(1.0, a, b)) == 0.0 and float(B.isf(0.0, a, b)) == np.inf
        for q in (0.3, 0.7):  # ppf and isf mirror each other
            assert float(B.isf(q, a, b)) == pytest.approx(float(B.ppf(1.0 - q, a, b)), rel=1e-14, abs=0.0)


def test_float32_stays_float32():
    f = np.float32
    for m in TAILS + ("ppf", "isf"):
        x = 0.3 if m in ("ppf", "isf") else 0.7
        got = _f(m)(f(x), f(2.0), f(3.0))
        assert np.asarray(got).dtype == np.float32, m
        assert float(got) == pytest.approx(float(getattr(ST.betaprime, m)(x, 2.0, 3.0)), rel=2e-6, abs=1e-6)
    for m in ("mean", "var", "std", "entropy", "median"):
        assert np.asarray(_f(m)(f(2.0), f(3.0))).dtype == np.float32, m


def test_refusals():
    for method, call in (("cdf", lambda: B.cdf(1.0, 0.0, 1.0)), ("logpdf", lambda: B.logpdf(1.0, 1.0, -1.0)),
                         ("isf", lambda: B.isf(0.5, -1.0, 1.0)), ("ppf", lambda: B.ppf(0.5, 1.0, 0.0)),
                         ("mean", lambda: B.mean(0.0, 3.0)), ("entropy", lambda: B.entropy(1.0, -1.0))):
        with pytest.raises(ValueError, match=f"betaprime.{method}: the shape parameters must be positive"):
            call()
    with pytest.raises(ValueError, match="betaprime.logpdf: scale must be positive"):
        B.logpdf(1.0, 1.0, 1.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="betaprime.ppf: q must be a probability"):
        B.ppf(1.5, 1.0, 1.0)


def test_at_infinity():
    # the limits at x = +-inf, derivatives 0
    infinite_ends_check(B, ((0.4, 2.5), (1.0, 2.5), (5.0, 0.7)))


def test_log_tails_where_scipys_betainc_is_nan():
    """SciPy's betainc(2.5, a, w) is NaN from about a = 1e155 with a w near 1: beta.logcdf(1e-200, 2.5, 1e200) and
    betaprime.logsf(1e200, 1e200, 2.5) were NaN; the continued fraction's log there. The truth is gamma's limit
    log P(2.5, a w) (its correction O(1 / a), here 1e-200), mpmath at 50 digits; d/dx of beta.logcdf a times the
    gamma density over P."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        truth = float(mpmath.log(mpmath.gammainc(2.5, 0, 1, regularized=True)))
        assert float(stats.beta.logcdf(1e-200, 2.5, 1e200)) == pytest.approx(truth, rel=1e-13, abs=0)
        assert float(stats.betaprime.logsf(1e200, 1e200, 2.5)) == pytest.approx(truth, rel=1e-13, abs=0)
        slope = float(1e200 * mpmath.exp(-1) / mpmath.gamma(2.5) / mpmath.gammainc(2.5, 0, 1, regularized=True))
        f = lambda x: stats.beta.logcdf(x, 2.5, 1e200)  # noqa: E731
        for d in (wg.grad(f)(1e-200), wg.jvp(f, (1e-200,), (1.0,))[1]):
            assert float(d) == pytest.approx(slope, rel=1e-12, abs=0.0)
        # arrays mixing such points with ordinary ones keep the ordinary derivatives finite
        x, b = np.array([1e-200, 0.3]), np.array([1e200, 2.0])
        grads = wg.grad(lambda t: np.sum(stats.beta.logcdf(t, 2.5, b)))(x)
        assert grads[0] == pytest.approx(slope, rel=1e-12, abs=0.0)
        eps = 1e-7
        fd = (float(stats.beta.logcdf(0.3 + eps, 2.5, 2.0)) - float(stats.beta.logcdf(0.3 - eps, 2.5, 2.0))) / (2 * eps)
        assert grads[1] == pytest.approx(fd, rel=1e-7, abs=0.0)


@pytest.mark.parametrize("method", ("cdf", "sf", "logsf"))
def test_mixed_second_derivative_where_the_power_underflows(method):
    """d2/dx da at x = 1e-200 (a = 2, b = 3), where the lower tail's z**a underflows: np.power's d/da, z**a log z as
    ans * log(z), lost ans / z in its derivative in x, 1.1e-3 relative off by the x-a order (by all four paths); now
    wengert.power_log's. The truth: d/da of the density (and of -f / (1 - F)), mpmath at 60 digits."""
    mp = pytest.importorskip("mpmath")
    x, a, b = 1e-200, 2.0, 3.0
    with mp.workdps(60):
        X, B_ = mp.mpf(x), mp.mpf(b)
        pdf = lambda a: X ** (a - 1) * (1 + X) ** (-a - B_) / mp.beta(a, B_)  # noqa: E731
        cdf = lambda a: mp.betainc(a, B_, 0, X / (1 + X), regularized=True)  # noqa: E731
        of_a = {"cdf": pdf, "sf": lambda a: -pdf(a), "logsf": lambda a: -pdf(a) / (1 - cdf(a))}[method]
        truth = float(mp.diff(of_a, mp.mpf(a)))
    f = lambda p: getattr(B, method)(p[0], p[1], b)  # noqa: E731
    for how in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f)),
                lambda f: wg.jacrev(wg.jacfwd(f))):
        h = np.asarray(how(f)([x, a]), dtype=float)
        assert h[0, 1] == pytest.approx(truth, rel=1e-13, abs=0) and h[1, 0] == pytest.approx(truth, rel=1e-13, abs=0)
