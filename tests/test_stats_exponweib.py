"""``scipy.stats``' ``exponweib`` (the exponentiated Weibull distribution, its cdf ``(1 - exp(-z^c))^a``): its density,
tails, quantiles, median and interval; the mean and variance (tests/test_stats_quadrature_moments.py) and the
entropy (tests/test_stats_quadrature_entropy.py) by quadrature (no closed form).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its log tails
``-inf`` near 0 and far up, its quantiles 0 where ``q^(1/a)`` underflows and ``1 - q^(1/a)`` cancelling near q = 1);
values and first and second derivatives against mpmath in x (or q), a and c on both sides of each switch (``z^c =
1/2``, the cdf at 1/2, ``exp(-z^c) = 1/2``, ``q^(1/a) = 1/2``), near 0 and far out; the end z = 0 (refused in a shape
where ``a c = 1``), the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_points_test,  # noqa: E402
                     mp_truths, refusals_test, stats_values_test, two_shape_common_cases)
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.exponweib
#: z = (x - loc) / 1.3 on both sides of z^c = 1/2 and of the cdf's 1/2, and far up, for the shapes below
Z = np.array([0.1, 0.6, 1.1, 2.0, 4.0])
A = np.array([[0.7], [3.0]])
C = np.array([[[0.8]], [[2.5]]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, A, C, 0.05, 1.3, id=f"exponweib.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.5, 0.8, 0.95]), A, C, 0.1, 1.3, id=f"exponweib.{f}")
      for f in ("ppf", "isf")],
    # at and below z = 0, a c = 5: the density and the tails flat there to fourth order
    *[case(_f(f), _f(f), np.array([-0.5, 0.0, 0.3]), 2.5, 2.0, id=f"exponweib.{f}-at-end") for f in ("pdf", "cdf", "sf")],
    *[c for c in two_shape_common_cases(T, "exponweib", size1_shapes=(2.6, 1.7), shapes=(2.5, 1.7))
      if c.id != "exponweib.median"],
    # (two_shape_common_cases' median takes a negative shape)
    case(_f("median"), lambda *a: T.median(*a), np.array([0.3, 2.0]), np.array([[0.4], [1.6]]), 0.6, 1.1,
         id="exponweib.median"),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.4, 1.3, 3.0])
SHAPES = ((0.3, 2.0), (1.0, 1.0), (2.0, 3.0), (5.0, 0.5))
VALUE_CHECKS = [
    # (the density not at z = 0: SciPy's is NaN there for a c < 1, where it is inf; see test_at_zero)
    *[(f"exponweib.{f}", (POINTS if f not in ("pdf", "logpdf") else POINTS[POINTS != 0], a, c, loc, 1.3)) for f in TAILS
      for a, c in SHAPES for loc in (0.0, 0.05)],
    # (not near q = 1 for the ppf: SciPy's 1 - q^(1/a) cancels there, see MP_POINTS)
    *[(f"exponweib.{f}", (np.array([0.0, 1e-100, 1e-10, 0.1, 0.5, 0.9]), a, c, -0.1, 1.3))
      for f in ("ppf", "isf") for a, c in SHAPES],
    ("exponweib.median", (np.array([0.3, 2.0]), 1.5, -0.1, 1.3)),
    ("exponweib.interval", (0.8, np.array([0.3, 2.0]), 1.5, -0.1, 1.3)),
]

# (SciPy 1.13's logsf, log(-(1 - exp(-z^c))^a + 1), is 1.1e-11 relative off near z = 0.1 at a = 0.3)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"exponweib.ppf": 1e-11, "exponweib.isf": 1e-11,
                                                                     "exponweib.logsf": 1e-10})


def _mp_exponweib(mp):
    def logcdf(z, a, c):
        return a * mp.log(-mp.expm1(-z ** c))

    def logpdf(z, a, c):
        return mp.log(a * c) + (c - 1) * mp.log(z) - z ** c + (a - 1) * mp.log(-mp.expm1(-z ** c))

    def sf(z, a, c):
        return -mp.expm1(a * mp.log1p(-mp.exp(-z ** c)))

    def quantile(log_p, a, c):  # (log1p(-p^(1/a)) where it is small: 1 - 1e-600 is 1 at 60 digits)
        u = log_p / a
        return (-(mp.log1p(-mp.exp(u)) if u < -1 else mp.log(-mp.expm1(u)))) ** (1 / c)
    return {"logpdf": logpdf, "pdf": lambda z, a, c: mp.exp(logpdf(z, a, c)),
            "cdf": lambda z, a, c: mp.exp(logcdf(z, a, c)), "logcdf": logcdf, "sf": sf,
            "logsf": lambda z, a, c: mp.log(sf(z, a, c)),
            "ppf": lambda q, a, c: quantile(mp.log(q), a, c), "isf": lambda q, a, c: quantile(mp.log1p(-q), a, c)}


MP_POINTS = [
    # both sides of z^c = 1/2 (z = 0.794 at c = 3), of the cdf's 1/2 (z = 1.07 at a = 2, c = 3) and of exp(-z^c) = 1/2,
    # a exp(-z^c) = 1/2 (the far upper tail: z = 1.13 and 1.27), in x, a and c
    *[(f, (z, 2.0, 3.0), i, 1e-12) for f in TAILS for z in (0.79, 0.8, 1.06, 1.08, 1.12, 1.14, 1.26, 1.28)
      for i in (0, 1, 2) if (f, i) != ("logcdf", 1)],
    # near 0 (the powers) and far out; small and large shapes
    *[(f, (z, a, c), i, 1e-12) for f in TAILS for z, a, c in ((1e-3, 0.5, 0.4), (1e-100, 2.0, 3.0), (6.0, 0.3, 2.0),
                                                             (3.0, 40.0, 0.7))
      for i in (0, 1, 2) if (f, i) != ("logcdf", 1) and (f, z, i) != ("logcdf", 1e-100, 2)],
    # (logcdf is linear in a; at z = 1e-100 its second derivative in c, -5e-296, is below mpmath's difference noise)
    # far up: SciPy's log of an underflowed sf
    *[(f, (z, a, c), 0, 1e-13) for f, z, a, c in (("logsf", 100.0, 2.0, 3.0), ("logcdf", 1e-300, 2.0, 0.5))],
    # the quantiles both sides of q^(1/a) = 1/2 (q = 1/4 at a = 2), at a tiny q and near 1
    # (at q = 1e-300: ppf at a c = 1, its second derivative in q 1.5e-300; isf at 1e-100, see the module's end)
    *[(f, (q, a, c), i, 1e-12) for f in ("ppf", "isf") for q, a, c in ((1e-300 if f == "ppf" else 1e-100, 0.5, 2.0),
                                                                      (0.24, 2.0, 3.0),
                                                                      (0.26, 2.0, 3.0), (1 - 1e-12, 0.3, 2.0),
                                                                      (0.5, 40.0, 0.7))
      for i in (0, 1, 2) if (q, i) != (1e-300, 0)],
]

test_against_mpmath = mp_points_test(T, _mp_exponweib, MP_POINTS)


def test_where_scipy_is_off():
    logsf, logcdf, ppf, near_one = mp_truths(_mp_exponweib, [
        ("logsf", (100.0, 2.0, 3.0)), ("logcdf", (1e-300, 2.0, 3.0)), ("ppf", (1e-300, 0.5, 100.0)),
        ("ppf", (1 - 1e-12, 2.0, 3.0))])
    with np.errstate(all="ignore"):  # (SciPy's log of an underflowed tail)
        assert float(ST.exponweib.logsf(100.0, 2.0, 3.0)) == -np.inf
        assert float(ST.exponweib.logcdf(1e-300, 2.0, 3.0)) == -np.inf
        assert float(ST.exponweib.ppf(1e-300, 0.5, 100.0)) == 0.0
    assert abs(float(ST.exponweib.ppf(1 - 1e-12, 2.0, 3.0)) / near_one - 1) > 1e-7  # (1 - q^(1/a) cancels)
    for got, want in ((T.logsf(100.0, 2.0, 3.0), logsf), (T.logcdf(1e-300, 2.0, 3.0), logcdf),
                      (T.ppf(1e-300, 0.5, 100.0), ppf), (T.ppf(1 - 1e-12, 2.0, 3.0), near_one)):
        assert float(got) == pytest.approx(want, rel=1e-14)


def test_tiny_q_at_ac_one():
    # ppf(q, 1/2, 2) = sqrt(-log1p(-q^2)) = q + q^3 / 4 + ...: its second derivative 1.5 q (through exp((u + log r) / c)
    # it was 1/q^2 - 1/q^2, -1.5e284 at q = 1e-300); mpmath's differences do not resolve it there
    def f(q):
        return T.ppf(q, 0.5, 2.0)
    for q in (1e-300, 1e-100):
        assert float(wg.grad(wg.grad(f))(q)) == pytest.approx(1.5 * q, rel=1e-14)
        assert float(wg.jvp(wg.grad(f), (q,), (1.0,))[1]) == pytest.approx(1.5 * q, rel=1e-14)



@pytest.mark.parametrize("q, a, c", [(1e-200, 2.0, 3.0), (1e-300, 0.5, 0.7), (1e-101, 2.0, 3.0)])
def test_isf_far_out_to_second_order(q, a, c):
    # isf below q = 1e-100 (and q / a < 1e-20) as (log a - log q)^(1/c), one primitive: through -log(-expm1(log1p(-q)
    # / a)) d2/dq2 was inf - inf below q ~ 1e-154 (NaN at (1e-200, 2, 3), the truth +inf: L^(1/c - 2) (L + 1/c - 1) /
    # (c q^2)); the mixed and shape entries against mpmath (q moved relatively: mpmath's steps around 1e-200)
    mp = pytest.importorskip("mpmath")
    v = np.array([q, a, c])

    def f(v):
        return T.isf(v[0], v[1], v[2])
    with mp.workdps(60):
        Q, z = mp.mpf(q), mp.mpf(0)

        def y(s, t, u):
            return (-mp.log(-mp.expm1(mp.log1p(-Q * (1 + s)) / (a + t)))) ** (1 / (c + u))
        want = np.zeros((3, 3))
        for i, j in ((0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2)):
            order = [0, 0, 0]
            order[i] += 1
            order[j] += 1
            want[i, j] = want[j, i] = float(mp.diff(y, (z, z, z), tuple(order)) / Q ** order[0])
    for route in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f))):
        with np.errstate(over="ignore"):
            got = np.asarray(route(f)(v))
        assert np.isfinite(want[0, 0]) or got[0, 0] == np.inf
        assert got == pytest.approx(want, rel=1e-13)

def test_moments_by_quadrature():
    # (no closed form: by quadrature, tests/test_stats_quadrature_moments.py)
    assert {"mean", "var", "std", "moment", "stats"} <= set(stats.FUNCTIONS["exponweib"])
    assert "entropy" in stats.FUNCTIONS["exponweib"]  # (by quadrature: tests/test_stats_quadrature_entropy.py)
    assert "no closed form" in T.__doc__


def test_at_zero():
    # the density a c z^(a c - 1) (...): 0, a c or inf at z = 0 as a c is above, at or below 1
    assert [float(T.pdf(0.0, a, c)) for a, c in ((2.0, 3.0), (0.5, 2.0), (0.5, 1.0))] == [0.0, 1.0, np.inf]
    assert float(wg.grad(lambda x: T.cdf(x, 0.5, 2.0))(0.0)) == 1.0  # the density there, one-sided
    assert float(wg.grad(lambda x: T.sf(x, 0.5, 2.0))(0.0)) == -1.0
    assert float(wg.grad(lambda x: T.logsf(x, 0.5, 2.0))(0.0)) == -1.0
    assert float(wg.grad(lambda a: T.cdf(0.0, a, 2.0))(1.5)) == 0.0
    for f in ("pdf", "logpdf"):
        for arg in (1, 2):
            with pytest.raises(NoGradientRule, match="a c = 1 where x == loc"):
                wg.grad(lambda t, f=f, arg=arg: _f(f)(0.0, *((t, 2.0) if arg == 1 else (0.5, t))))(
                    0.5 if arg == 1 else 2.0)
    assert float(wg.grad(lambda c: T.pdf(0.0, 2.0, c))(2.0)) == 0.0


def test_quantiles_and_tails_agree():
    for a, c in SHAPES:
        for q in (1e-200, 0.01, 0.3, 0.5):
            if (a, q) == (0.3, 1e-200):
                # (the quantile (q^(1 / a))^(1 / c), 1e-333, underflows: no round trip (cdf(0) is 0; that check passed
                # only by pytest.approx's default abs=1e-12))
                assert float(T.ppf(q, a, c)) == 0.0
            else:
                assert float(T.cdf(float(T.ppf(q, a, c)), a, c)) == pytest.approx(q, rel=1e-12, abs=0.0)
            assert float(T.sf(float(T.isf(q, a, c)), a, c)) == pytest.approx(q, rel=1e-12, abs=0.0)
        assert float(T.ppf(0.0, a, c)) == 0.0 and float(T.isf(0.0, a, c)) == np.inf


def test_float32_stays_float32():
    float32_check(T, (3.0, 2.0), summaries=("median",))


REFUSALS = [
    *[(call, f"exponweib.{m}: the shape parameters must be positive \\({s} is not") for m, s, call in (
        ("cdf", "a", lambda: T.cdf(1.0, 0.0, 1.0)), ("logpdf", "c", lambda: T.logpdf(1.0, 1.0, -1.0)),
        ("isf", "a", lambda: T.isf(0.5, -1.0, 1.0)), ("ppf", "c", lambda: T.ppf(0.5, 2.0, 0.0)))],
    (lambda: T.logpdf(1.0, 2.0, 3.0, 0.0, -1.0), "exponweib.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0, 3.0), "exponweib.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, ((0.4, 2.0), (3.0, 0.5)))


@pytest.mark.parametrize("how", ["jvp", "ff"])
def test_forward_over_forward_near_zero_where_the_power_overflows(how):
    # near 0, log((1 - e^-w) / w) of w = z^c was its series through w * w, whose second derivative 2 w'^2 + 2 w w''
    # met w'' = c (c - 1) z^(c - 2) overflowed (-inf at z = 1e-300, c = 1/2; the truth of (w^2)'' is 0 there), and the
    # series' terms of both signs made inf - inf: d2/dx2 of pdf and logpdf at (1e-300, 2, 1/2) was NaN with an
    # invalid-value warning, the truth 0.375 x^-1.5 = 3.75e449 (inf); logpdf at (1e-200, 3, 0.3) NaN, the truth
    # 0.1 / x^2 + ... (inf). Now -w/2 below w = 1e-17 (the rest below rounding, relative w); 1e-200 at (2, 1/2):
    # 0.375 x^-1.5 = 3.75e299 (pdf = 1 - 1.5 sqrt(x) + 7 x / 6 - ..., the next term's below rounding)
    for name, x, a, c, truth in (("pdf", 1e-300, 2.0, 0.5, np.inf), ("logpdf", 1e-300, 2.0, 0.5, np.inf),
                                 ("logpdf", 1e-200, 3.0, 0.3, np.inf), ("pdf", 1e-200, 2.0, 0.5, 3.75e299),
                                 ("logpdf", 1e-200, 2.0, 0.5, 3.75e299)):
        f = lambda x: getattr(T, name)(x, a, c)  # noqa: E731
        if how == "jvp":
            d2 = wg.jvp(lambda x: wg.jvp(f, (x,), (1.0,))[1], (x,), (1.0,))[1]
        else:
            d2 = wg.jacfwd(wg.jacfwd(f))(x)
        assert d2 == pytest.approx(truth, rel=1e-14), (name, x, a, c)


def test_tails_mixed_scale_derivative_near_zero():
    """exponweib(a = c = 1/2) near z = 0: the cdf is ``z^e (1 - a z^c / 2 + ...)``, e = a c = 1/4, so d2/dx dscale of
    the cdf is ``-e^2 x^(e - 1) / scale^(e + 1)`` and d2/dscale2 ``e (e + 1) x^e / scale^(e + 2)`` (the rest 1e-100
    relative), the sf's and logsf's their negatives (logsf's ``cdf^2 / 2`` 1e-50 relative). Through z the
    cotangent met z^(e - 2)'s overflow: hessian's d2/dscale dx of logsf at x = 1e-200 was -inf, the truth 6.25e148
    (jacfwd(grad) alike; the cdf's +inf for -6.25e148)."""
    x, e = np.array([1e-300, 1e-200]), 0.25
    mixed, scale2 = -e * e * x ** (e - 1.0), e * (e + 1.0) * x ** e
    for name, sign in (("cdf", 1.0), ("sf", -1.0), ("logsf", -1.0)):
        def f(p, name=name):
            return wg.numpy.sum(getattr(stats.exponweib, name)(p[:2], 0.5, 0.5, 0.0, p[2]))
        p = np.array([1e-300, 1e-200, 1.0])
        for second in (wg.hessian(f), wg.jacfwd(wg.grad(f))):
            h = second(p)
            np.testing.assert_allclose([h[2, 0], h[2, 1], h[0, 2], h[1, 2]], sign * np.r_[mixed, mixed], rtol=1e-13)
            np.testing.assert_allclose(h[2, 2], sign * scale2.sum(), rtol=1e-13)
