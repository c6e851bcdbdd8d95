"""``scipy.stats``' ``gengamma`` (the generalized gamma: ``W^(1/c)`` of a gamma(a) variate W, both signs of c): its
density, tails, quantiles, mean, variance, std, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's in the ordinary range, and against mpmath where
SciPy's are off (its log tails ``-inf`` where the gamma tail underflows, its ppf 0 where gammaincinv underflows, its
mean ``poch(a, 1 / c)`` finite where the moment diverges); values and first and second derivatives against mpmath
in x, a and c for both signs of c, near 0, far out and in the far tails, the quantiles down to q = 1e-300, the
moments and entropy where the gammaln differences cancel (a large); the density's end at ``c a = 1`` and ``2``,
the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_point_check,  # noqa: E402
                     refusals_test, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
G = stats.gengamma
Z = np.array([0.17, 0.5, 1.1, 1.6, 3.3])
#: both signs of c in one call
C = np.array([[[0.7]], [[2.0]], [[-1.3]]])
A = np.array([[0.8], [2.5]])


def _f(method):
    return getattr(G, method)


CASES = [
    *[case(_f(f), _f(f), Z, A, C, 0.1, 1.3, id=f"gengamma.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.6, 0.95]), A, C, 0.1, 1.3, id=f"gengamma.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.8, 3.0, 40.0]), np.array([[0.6], [2.0], [-4.0]]), 0.4, 1.4,
           id=f"gengamma.{m}") for m in ("mean", "var", "std", "entropy")],
    *[case(_f(m), _f(m), np.array([0.9]), np.array([0.6]), np.array([1.7]), np.array([0.1]), np.array([1.4]),
           id=f"gengamma.{m}-size1") for m in TAILS],
    *[case(_f(m), _f(m), np.zeros(0), 0.5, 2.0, id=f"gengamma.{m}-size0") for m in TAILS + ("ppf", "isf")],
    case(_f("median"), lambda *a: G.median(*a), np.array([0.3, 2.0]), np.array([[0.4], [-1.6]]), 0.6, 1.1,
         id="gengamma.median"),
    case(_f("interval"), lambda p, a, c: G.interval(p, a, c, 0.3, 1.2), np.array([0.2, 0.9]), 1.5, -1.7,
         id="gengamma.interval"),
]

test_gradient = gradient_test(CASES)


SHAPES = ((0.7, 2.0), (2.5, 0.6), (1.5, -1.3), (0.4, -3.0), (1.0, 1.0))
VALUE_CHECKS = [
    *[(f"gengamma.{f}", (np.array([-1.0, 0.0, 1e-5, 0.1, 0.7, 1.0, 2.0, 5.0, 30.0]), a, c, loc, 1.3))
      for f in TAILS for a, c in SHAPES for loc in (0.0, -0.4)],
    *[(f"gengamma.{f}", (np.array([0.0, 1e-10, 0.1, 0.5, 0.9, 0.999, 1.0]), a, c, -0.1, 1.3))
      for f in ("ppf", "isf") for a, c in SHAPES],
    # (where the moments exist: SciPy's are wrong elsewhere, test_where_the_moments_diverge)
    *[(f"gengamma.{m}", (np.array([2.0, 30.0]), np.array([[0.4], [1.5], [-3.0]]), 0.2, 2.0))
      for m in ("mean", "var", "std", "entropy")],
    ("gengamma.entropy", (np.array([0.5, 2.0, 30.0]), np.array([[0.4], [1.5], [-0.2], [-3.0]]), 0.2, 2.0)),
    ("gengamma.median", (np.array([0.3, 2.0]), np.array([[1.5], [-2.0]]), -0.1, 1.3)),
    ("gengamma.interval", (0.8, np.array([0.3, 2.0]), 1.5, -0.1, 1.3)),
]

#: SciPy's variance is poch(a, 2 / c) - poch(a, 1 / c)^2, cancelling as a grows (4e-12 off at a = 30, c = 2)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"gengamma.var": 1e-10, "gengamma.std": 1e-10})


def _mp_gengamma(mp):
    def logpdf(z, a, c):
        return mp.log(abs(c)) + (c * a - 1) * mp.log(z) - z ** c - mp.loggamma(a)

    def lower(a, w):
        return mp.gammainc(a, 0, w, regularized=True)

    def upper(a, w):
        return mp.gammainc(a, w, mp.inf, regularized=True)

    def cdf(z, a, c):
        return lower(a, z ** c) if c > 0 else upper(a, z ** c)

    def sf(z, a, c):
        return upper(a, z ** c) if c > 0 else lower(a, z ** c)

    def quantile(tail, q, a, c):
        start = float(getattr(G, "ppf" if tail is cdf else "isf")(float(q), float(a), float(c)))
        return mp.exp(mp.findroot(lambda t: mp.log(tail(mp.exp(t), a, c)) - mp.log(q), mp.log(start)))

    def moment(n, a, c):
        return mp.gamma(a + n / c) / mp.gamma(a)

    def var(a, c):
        return moment(2, a, c) - moment(1, a, c) ** 2
    return {"logpdf": logpdf, "pdf": lambda z, a, c: mp.exp(logpdf(z, a, c)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, a, c: mp.log(cdf(z, a, c)), "logsf": lambda z, a, c: mp.log(sf(z, a, c)),
            "ppf": lambda q, a, c: quantile(cdf, q, a, c), "isf": lambda q, a, c: quantile(sf, q, a, c),
            "mean": lambda a, c: moment(1, a, c), "var": var, "std": lambda a, c: mp.sqrt(var(a, c)),
            "entropy": lambda a, c: (a * (1 - mp.digamma(a)) + mp.digamma(a) / c + mp.loggamma(a) - mp.log(abs(c))),
            }


MP_POINTS = [
    # near 0, the middle, far out; both signs of c; in x, a and c
    *[(f, (z, a, c), i, 1e-11) for f in TAILS for z in (1e-3, 0.8, 4.0) for a, c in ((0.7, 2.0), (1.5, -1.3))
      for i in (0, 1, 2)],
    # the far tails, where SciPy's logs are -inf (the upper gamma tail underflows) or lose digits
    *[(f, (z, a, c), i, 1e-11) for f, z, a, c in (("logsf", 40.0, 0.7, 2.0), ("logcdf", 1e-3, 1.5, -1.3),
                                                  ("logcdf", 1e-200, 0.4, 0.5), ("logsf", 1e200, 0.6, -0.5),
                                                  ("logpdf", 1e-100, 2.0, -0.8), ("pdf", 1e-280, 0.25, 4.0))
      for i in (0, 1, 2)],
    # (where the log sf is -1e300, the asymptote's: in x only, mpmath's 60 digits do not resolve a step in a or c;
    # test_far_asymptote_in_the_shapes)
    *[("logsf", (1e60, 2.5, 5.0), 0, 1e-11), ("logcdf", (1e-120, 2.5, -2.5), 0, 1e-11)],
    *[(f, (q, a, c), i, 1e-10) for f in ("ppf", "isf") for q in (1e-300, 1e-9, 0.3, 0.9)
      for a, c in ((0.7, 2.0), (1.5, -1.3), (0.5, 10.0)) for i in (0, 1, 2) if (f, q, c) != ("isf", 1e-300, -1.3)],
]
#: the moments and entropy where the gammaln differences cancel (a large, |1 / c| small) and in the ordinary range
#: (the std at a = 1e4, c = 2 is about 1/2 for every a: its second derivative in a, 6e-14, is a difference of the
#: m sqrt(expm1(D)) product's terms of size 1e-9, 2e-11 off)
MOMENT_POINTS = [(m, (a, c), i, 3e-11 if (m, a) == ("std", 1e4) else 1e-11) for m in ("mean", "var", "std", "entropy")
                 for a, c in ((0.5, 2.0), (3.0, -1.5), (1e4, 2.0), (2.5, 50.0), (1e6, -3.0)) for i in (0, 1)]


@pytest.mark.parametrize("method, args, i, rel", MP_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i, _ in MP_POINTS])
def test_against_mpmath(method, args, i, rel):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_gengamma(mp)[method](*a), rel)


@pytest.mark.parametrize("method, args, i, rel", MOMENT_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i, _ in MOMENT_POINTS])
def test_moments_against_mpmath(method, args, i, rel):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_gengamma(mp)[method](*a), rel)


def test_where_the_moments_diverge():
    # E[X^k] = gamma(a + k / c) / gamma(a) diverges where a + k / c <= 0 (c < 0: W^(k / c) near W = 0): the mean
    # inf there with derivative 0, the variance inf where the mean is finite, NaN where it is not. SciPy's poch(a,
    # k / c) is finite there: its mean(1.2, -0.5) is -6.25, var(0.5, -3) -54.7
    with np.errstate(all="ignore"):
        assert float(ST.gengamma.mean(1.2, -0.5)) == pytest.approx(-6.25, rel=1e-15, abs=0.0)
    assert float(G.mean(1.2, -0.5)) == np.inf and float(G.var(0.5, -3.0)) == np.inf
    assert np.isnan(float(G.var(1.2, -0.5))) and np.isnan(float(G.std(1.2, -0.5)))
    assert float(G.mean(0.5, -3.0)) == pytest.approx(float(ST.gengamma.mean(0.5, -3.0)), rel=1e-13, abs=0.0)
    for method in (lambda a: G.mean(a, -0.5), lambda a: G.var(a, -1.0)):
        assert float(wg.grad(method)(1.5)) == 0.0
        assert float(wg.jvp(method, (1.5,), (1.0,))[1]) == 0.0
    both = G.mean(np.array([1.2, 3.0]), -0.5, 0.1, 2.0)
    assert float(both[0]) == np.inf and float(both[1]) == pytest.approx(0.1 + 2.0 * float(ST.gengamma.mean(3.0, -0.5)), rel=1e-15, abs=0.0)
    assert np.all(np.isnan(wg.grad(lambda a: G.var(a, -0.5).sum())(np.array([1.2, 1.9]))))


def test_far_asymptote_in_the_shapes():
    # far in the upper gamma tail (w = z^c > 1e150) the log sf is -w + (a - 1) log w - gammaln(a) (the next term
    # (a - 1) / w below rounding): d/da = log w - digamma(a), d/dc = (-w + (a - 1)) log z
    import scipy.special as sc
    z, a, c = 1e60, 2.5, 5.0
    log_w = c * np.log(z)
    for f, at, want in ((lambda a: G.logsf(z, a, c), a, log_w - sc.digamma(a)),
                        (lambda c: G.logsf(z, a, c), c, (-z ** c + a - 1.0) * np.log(z))):
        assert float(wg.grad(f)(at)) == pytest.approx(want, rel=1e-14, abs=0.0)
        assert float(wg.jvp(f, (at,), (1.0,))[1]) == pytest.approx(want, rel=1e-14, abs=0.0)
    assert float(wg.grad(wg.grad(lambda a: G.logsf(z, a, c)))(a)) == pytest.approx(-sc.polygamma(1, a), rel=1e-14,
                                                                                   abs=0.0)


def test_where_scipy_is_off():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        fs = _mp_gengamma(mp)
        logsf = float(fs["logsf"](mp.mpf(40), mp.mpf(0.7), mp.mpf(2)))
        logcdf = float(fs["logcdf"](mp.mpf("1e-3"), mp.mpf(1.5), mp.mpf(-1.3)))
        ppf = float(fs["ppf"](mp.mpf("1e-300"), mp.mpf(0.5), mp.mpf(10)))
    with np.errstate(divide="ignore"):
        # the gamma tail underflows: SciPy's logs -inf; gammaincinv underflows: its ppf 0
        assert float(ST.gengamma.logsf(40.0, 0.7, 2.0)) == -np.inf
        assert float(ST.gengamma.logcdf(1e-3, 1.5, -1.3)) == -np.inf
        assert float(ST.gengamma.ppf(1e-300, 0.5, 10.0)) == 0.0
    assert float(G.logsf(40.0, 0.7, 2.0)) == pytest.approx(logsf, rel=1e-14, abs=0.0)
    assert float(G.logcdf(1e-3, 1.5, -1.3)) == pytest.approx(logcdf, rel=1e-14, abs=0.0)
    assert ppf == pytest.approx(9.76e-61, rel=1e-3, abs=0.0)
    assert float(G.ppf(1e-300, 0.5, 10.0)) == pytest.approx(ppf, rel=1e-13, abs=0.0)


def test_isf_far_out_for_negative_c():
    # isf(1e-300, 1.5, -1.3) = 6.06e153: its q-derivative -1 / pdf overflows (the truth -inf); the value and the
    # derivatives in a and c are finite (the second derivative in q, also beyond the floats, is NaN: not checked)
    mp = pytest.importorskip("mpmath")
    from opcheck import mp_reference
    for i in (0, 1, 2):
        args = (1e-300, 1.5, -1.3)
        want = mp_reference(lambda mp, *a: _mp_gengamma(mp)["isf"](*a), args, i, order=1)

        def f(t, i=i):
            return G.isf(*args[:i], t, *args[i + 1:])
        with np.errstate(over="ignore"):
            got = [float(f(args[i])), float(wg.grad(f)(args[i])), float(wg.jvp(f, (args[i],), (1.0,))[1])]
        assert got == pytest.approx(want + want[1:], rel=1e-11, abs=0.0), i


def test_quantiles_and_tails_agree():
    for a, c in SHAPES:
        for q in (1e-200, 0.01, 0.3, 0.5):
            x = float(G.ppf(q, a, c))
            assert float(G.cdf(x, a, c)) == pytest.approx(q, rel=1e-11, abs=0.0)
            assert float(G.sf(float(G.isf(q, a, c)), a, c)) == pytest.approx(q, rel=1e-11, abs=0.0)
        assert float(G.ppf(0.0, a, c)) == 0.0 and float(G.isf(0.0, a, c)) == np.inf
        assert float(G.ppf(1.0, a, c)) == np.inf and float(G.isf(1.0, a, c)) == 0.0
    # halfnorm is gengamma(1/2, 2) scaled by sqrt(2); weibull_min(c) gengamma(1, c); invgamma(a) gengamma(a, -1)
    assert float(G.median(0.5, 2.0, 0.0, np.sqrt(2.0))) == pytest.approx(float(ST.halfnorm.median()), rel=1e-14,
                                                                         abs=0.0)
    assert float(G.logsf(3.0, 1.0, 1.7)) == pytest.approx(-3.0 ** 1.7, rel=1e-15, abs=0.0)
    assert float(G.logcdf(0.4, 2.5, -1.0)) == pytest.approx(float(ST.invgamma.logcdf(0.4, 2.5)), rel=1e-14, abs=0.0)


def test_density_at_zero():
    # c a = 1: the density at z = 0 is |c| / gamma(a), its slope -|c| / gamma(a) (the z^c term, c = 1) or -inf
    # (c < 1) from inside; c a = 2: 0 with slope |c| / gamma(a); c < 0: 0 with every derivative 0
    import scipy.special as sc
    assert float(G.pdf(0.0, 0.5, 2.0)) == pytest.approx(2.0 / sc.gamma(0.5), rel=1e-15, abs=0.0)
    assert float(wg.grad(lambda x: G.pdf(x, 1.0, 1.0))(0.0)) == pytest.approx(-1.0, rel=1e-15, abs=0.0)
    for d in (wg.grad(lambda x: G.pdf(x, 1.0, 2.0))(0.0), wg.jvp(lambda x: G.pdf(x, 1.0, 2.0), (0.0,), (1.0,))[1]):
        assert float(d) == pytest.approx(2.0, rel=1e-15, abs=0.0)
    assert float(G.pdf(0.0, 1.5, -2.0)) == 0.0 and float(G.logpdf(0.0, 1.5, -2.0)) == -np.inf
    assert float(wg.grad(lambda x: G.pdf(x, 1.5, -2.0))(0.0)) == 0.0
    assert float(wg.grad(wg.grad(lambda x: G.pdf(x, 1.5, -2.0)))(0.0)) == 0.0
    # (its slope in the shapes there jumps: refused)
    for call in (lambda: wg.grad(lambda a: G.pdf(0.0, a, 2.0))(0.5), lambda: wg.grad(lambda c: G.pdf(0.0, 0.5, c))(2.0)):
        with pytest.raises(wg.NoGradientRule, match="c a = 1 where x == loc"):
            call()


def test_float32_stays_float32():
    float32_check(G, (1.5, 2.0))
    float32_check(G, (1.5, -2.0))
    f32 = np.float32
    for m, at in (("logsf", 0.7), ("cdf", 0.2), ("isf", 0.4), ("ppf", 0.9), ("mean", None), ("entropy", None)):
        def f(c, m=m, at=at):
            return _f(m)(*(() if at is None else (at,)), 1.5, c)
        assert np.asarray(wg.grad(f)(f32(2.0))).dtype == np.float32, m
        assert np.asarray(wg.jvp(f, (f32(-1.5),), (f32(1.0),))[1]).dtype == np.float32, m


test_refusals = refusals_test([
    *[(call, f"gengamma.{m}: the shape parameters must be positive \\(a is not") for m, call in (
        ("cdf", lambda: G.cdf(1.0, 0.0, 1.0)), ("logpdf", lambda: G.logpdf(1.0, -1.0, 1.0)),
        ("isf", lambda: G.isf(0.5, -1.0, 1.0)), ("mean", lambda: G.mean(0.0, 1.0)))],
    *[(call, f"gengamma.{m}: c must not be 0") for m, call in (
        ("sf", lambda: G.sf(1.0, 1.0, 0.0)), ("ppf", lambda: G.ppf(0.5, 1.0, 0.0)),
        ("var", lambda: G.var(1.0, 0.0)), ("entropy", lambda: G.entropy(1.0, 0.0)))],
    (lambda: G.logpdf(1.0, 0.5, 2.0, 0.0, -1.0), "gengamma.logpdf: scale must be positive"),
    (lambda: G.ppf(1.5, 0.5, 2.0), "gengamma.ppf: q must be a probability"),
])


def test_at_infinity():
    infinite_ends_check(G, ((0.5, 2.0), (1.5, -1.3)))


@pytest.mark.parametrize("a", [1e-300, 1e-170, 1e-100, 1e-50, 1e-20, 1e-16, 1e-14, 0.7])
@pytest.mark.parametrize("moment", ["mean", "var"])
def test_moments_at_a_tiny_shape_to_second_order(moment, a):
    # Through exp(gammaln(a + h) - gammaln(a)) the second derivative in a was a difference of terms of size 1 / a^2
    # (d2/da2 of mean(1e-20, 3) -32776 for -13.688, -inf at 1e-156; var's the same), and var = m^2 expm1(D) was 0 at
    # a = 1e-170 (m^2 underflowed) for 1.354e-170. Now gamma(a + h) / gamma(a) = a / (a + h) exp(gammaln(1 + a + h) -
    # gammaln(1 + a)), and the variance m2 - m^2 where m2 >= 2 m^2.
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        c = 3.0

        def truth(s):
            m = mp.gamma(s + 1 / mp.mpf(c)) / mp.gamma(s)
            return m if moment == "mean" else mp.gamma(s + 2 / mp.mpf(c)) / mp.gamma(s) - m * m
        want = [float(mp.diff(truth, mp.mpf(a), n)) for n in range(3)]
        f = lambda s: getattr(stats.gengamma, moment)(s, c)  # noqa: E731
        got = [f(a), wg.grad(f)(a), wg.grad(wg.grad(f))(a), wg.jacfwd(wg.jacfwd(f))(a), wg.jacfwd(wg.grad(f))(a)]
        assert [float(g) for g in got] == pytest.approx(want[:2] + [want[2]] * 3, rel=2e-13, abs=0)


@pytest.mark.parametrize("a, c", [(1e-20, 1e21), (1e-13, 1e14), (1e-300, 1e301), (1e-20, -1e21)])
def test_moments_where_a_and_1_over_c_are_both_tiny(a, c):
    # gamma(a + h) / gamma(a)'s log series about a tiny a took polygamma of orders up to 25, which overflowed: the mean
    # and variance were NaN from a = 1e-11 down wherever |h| <= a / 5 (h = 1 / c). Now shifted to 1 + a.
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        h = 1 / mp.mpf(c)

        def truths(s):
            m = mp.gamma(s + h) / mp.gamma(s)
            return m, mp.gamma(s + 2 * h) / mp.gamma(s) - m * m
        mean, var = truths(mp.mpf(a))
        # (in a: m = (a / (a + h)) gamma(1 + a + h) / gamma(1 + a), whose factor's derivative is h / (a + h)^2)
        d_mean = float(h / (a + h) ** 2 * mp.gamma(1 + a + h) / mp.gamma(1 + a))
        assert float(stats.gengamma.mean(a, c)) == pytest.approx(float(mean), rel=1e-15, abs=0)
        assert float(stats.gengamma.var(a, c)) == pytest.approx(float(var), rel=1e-15, abs=0)
        assert float(stats.gengamma.std(a, c)) == pytest.approx(float(mp.sqrt(var)), rel=1e-15, abs=0)
        for derivative in (wg.grad(lambda s: stats.gengamma.mean(s, c)),
                           lambda s: wg.jvp(lambda t: stats.gengamma.mean(t, c), (s,), (1.0,))[1]):
            assert float(derivative(a)) == pytest.approx(d_mean, rel=1e-14, abs=0)


def test_log_sf_gradient_of_an_array_mixing_tiny_and_larger_points():
    """grad of sum(logsf) at x = [1e-10, 2] (a = 0.7, c = 2) raised TypeError ('NoneType' object is not callable: the
    tiny-w form's log1p(-P) had no function to recompute P where its entries were not all below rounding); now each
    entry's gradient is the scalar call's."""
    x = np.array([1e-10, 2.0, 1e-300, 0.5])

    def f(x):
        return np.sum(G.logsf(x, 0.7, 2.0, 0.0, 1.3))
    want = [float(wg.grad(lambda t: G.logsf(t, 0.7, 2.0, 0.0, 1.3))(v)) for v in x]
    np.testing.assert_allclose(np.asarray(wg.grad(f)(x)), want, rtol=1e-15, atol=0.0)
