"""``scipy.stats``' ``genhalflogistic`` (``t = (1 - c z)^(1/c)``, ``cdf = (1 - t) / (1 + t)`` on ``[0, 1/c]``): its
density, tails, quantiles, mean, variance (by quadrature: SciPy integrates it), entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its cdf and ppf
near 0, its sf ``1 - cdf`` near the upper end); values and first and second derivatives against mpmath in x (or q)
and c both sides of the median (the forms' switch), near both ends (z = 1e-300, 1/c - 1e-12; q = 1e-300, 1 - 1e-16);
the ends z = 0 and 1/c at c below, at and above 1 (one-sided derivatives; refused in c at c = 1), the quantile's
upper end (steep for c < 1), the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_points_test,  # noqa: E402
                     mp_truths, one_shape_common_cases, one_shape_var_check, refusals_test, stats_values_test)
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.genhalflogistic
#: z = (x - loc) / 1.3 inside the support at both c (1/c = 2 and 0.67), both sides of the median
Z = np.array([0.05, 0.3, 0.45, 0.6])
C = np.array([[0.5], [1.5]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, C, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"genhalflogistic.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.5, 0.8, 0.95]), C, 0.1, 1.3, id=f"genhalflogistic.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.3, 1.0, 4.0]), np.array([[0.0], [1.0]]), 1.4, id=f"genhalflogistic.{m}")
      for m in ("mean", "entropy")],
    *[case(_f(m), _f(m), np.array([0.5, 3.0]), 0.2, 1.4, id=f"genhalflogistic.{m}") for m in ("var", "std")],
    *one_shape_common_cases(T, "genhalflogistic", size1_x=0.4, size1_shape=0.6),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.4, 0.6, 1.9, 3.0])
VALUE_CHECKS = [
    *[(f"genhalflogistic.{f}", (POINTS, c, loc, 1.0)) for f in TAILS for c in (0.5, 1.0, 1.5) for loc in (0.0, 0.05)],
    # (not near 0: SciPy's (1 - ((1 - q)/(1 + q))^c) / c cancels, see MP_POINTS)
    *[(f"genhalflogistic.{f}", (np.array([0.0, 0.1, 0.5, 0.9, 1.0]), c, -0.1, 1.3)) for f in ("ppf", "isf")
      for c in (0.5, 1.0, 1.5)],
    ("genhalflogistic.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("genhalflogistic.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
    ("genhalflogistic.entropy", (np.array([0.3, 2.0]), -0.1, 1.3)),
    # (SciPy integrates the mean numerically)
    ("genhalflogistic.mean", (np.array([0.3, 2.0]), -0.1, 1.3)),
    # (a quadrature in wengert, an integral in SciPy: 3.8e-14 apart)
    *[(f"genhalflogistic.{m}", (np.array([0.3, 0.5, 1.0, 2.0]), -0.1, 1.3)) for m in ("var", "std")],
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"genhalflogistic.mean": 1e-9,
                                                                     "genhalflogistic.sf": 1e-10,
                                                                     "genhalflogistic.logsf": 1e-10})


def _mp_genhalflogistic(mp):
    def L(z, c):
        return mp.log1p(-c * z) / c

    def quantile(log_t, c):
        return -mp.expm1(c * log_t) / c
    return {"logpdf": lambda z, c: mp.log(2) + (1 - c) * L(z, c) - 2 * mp.log1p(mp.exp(L(z, c))),
            "pdf": lambda z, c: 2 * mp.exp((1 - c) * L(z, c)) / (1 + mp.exp(L(z, c))) ** 2,
            "cdf": lambda z, c: mp.tanh(-L(z, c) / 2), "logcdf": lambda z, c: mp.log(mp.tanh(-L(z, c) / 2)),
            "sf": lambda z, c: 2 / (1 + mp.exp(-L(z, c))), "logsf": lambda z, c: mp.log(2 / (1 + mp.exp(-L(z, c)))),
            "ppf": lambda q, c: quantile(mp.log1p(-q) - mp.log1p(q), c),
            "isf": lambda q, c: quantile(mp.log(q) - mp.log(2 - q), c),
            "mean": lambda c: mp.digamma(c / 2 + 1) - mp.digamma(c / 2 + mp.mpf(1) / 2)}


MP_POINTS = [
    # both sides of the median (z = 1.05 at c = 0.5: t = 1/3), near 0 and the upper end (c = 0.5: c z exact); in x, c
    *[(f, (z, c), i, 1e-12) for f in TAILS for z, c in ((1.04, 0.5), (1.06, 0.5), (1e-3, 0.5), (2 - 2 ** -30, 0.5),
                                                          (0.5, 1.5)) for i in (0, 1)],
    # (in c at z = 1e-6, the cancellation of log1p(-c z) / c's terms)
    *[(f, (1e-6, 0.5), 1, 1e-12) for f in ("cdf", "logcdf", "sf")],
    # the quantiles near both ends and in the middle
    *[(f, (q, c), i, 1e-12) for f in ("ppf", "isf") for q, c in ((1e-10, 0.5), (0.3, 1.5), (0.7, 0.5),
                                                                  (1 - 1e-10, 0.5)) for i in (0, 1)],
    ("isf", (1 - 2.0 ** -53, 0.5), 0, 1e-12),
    *[("mean", (c,), 0, 1e-12) for c in (1e-3, 0.5, 3.0)],
]

test_against_mpmath = mp_points_test(T, _mp_genhalflogistic, MP_POINTS)


def test_far_out():
    # the values at z = 1e-300 and q = 1e-300 (mpmath's differences do not resolve their derivatives there)
    calls = [*[(f, (1e-300, 0.5)) for f in TAILS], ("ppf", (1e-300, 0.5)), ("isf", (1e-300, 0.5))]
    for (f, args), want in zip(calls, mp_truths(_mp_genhalflogistic, calls)):
        assert float(_f(f)(*args)) == pytest.approx(want, rel=1e-15, abs=1e-300), (f, args)


def test_where_scipy_is_off():
    cdf, sf, ppf = mp_truths(_mp_genhalflogistic, [("cdf", (1e-10, 0.5)), ("sf", (2 - 2 ** -40, 0.5)),
                                                   ("ppf", (1e-10, 0.5))])
    with np.errstate(all="ignore"):
        assert abs(float(ST.genhalflogistic.cdf(1e-10, 0.5)) / cdf - 1) > 1e-8
        assert abs(float(ST.genhalflogistic.sf(2 - 2 ** -40, 0.5)) / sf - 1) > 1e-2  # (1 - cdf)
        assert abs(float(ST.genhalflogistic.ppf(1e-10, 0.5)) / ppf - 1) > 1e-8
    assert float(T.cdf(1e-10, 0.5)) == pytest.approx(cdf, rel=1e-15, abs=0.0)
    assert float(T.sf(2 - 2 ** -40, 0.5)) == pytest.approx(sf, rel=1e-15, abs=0.0)
    assert float(T.ppf(1e-10, 0.5)) == pytest.approx(ppf, rel=1e-15, abs=0.0)


@pytest.mark.parametrize("c, density, slope", [(0.5, 0.0, -1.0), (1.0, 2.0, 4.0), (1.5, np.inf, np.inf)])
def test_at_the_upper_end(c, density, slope):
    # the density 2 w^(1/c - 1) / (1 + t)^2 at w = 1 - c z = 0: 0, 2 or inf as c is below, at or above 1, its slope
    # (from inside) -1 (c = 1/2: 2 w / (1 + w^2)^2, dw/dz = -1/2... ), 4, inf; the cdf's slope the density
    end = 1.0 / c
    with np.errstate(all="ignore"):
        assert float(T.pdf(end, c)) == density and float(T.cdf(end, c)) == 1.0 and float(T.sf(end, c)) == 0.0
        assert float(wg.grad(lambda x: T.cdf(x, c))(end)) == density
        assert float(wg.grad(lambda x: T.pdf(x, c))(end)) == slope
    assert float(T.logsf(end, c)) == -np.inf
    if c == 1.0:  # the density jumps in c there (0, 2, inf)
        with pytest.raises(NoGradientRule, match="c = 1 where x == loc"):
            wg.grad(lambda c: T.pdf(1.0, c))(1.0)
    # beyond it the limits, with derivative 0
    assert float(T.cdf(end + 0.1, c)) == 1.0 and float(wg.grad(lambda x: T.cdf(x, c))(end + 0.1)) == 0.0


def test_at_zero():
    # the density 1/2 at z = 0 for every c (one-sided derivatives from inside: d/dz pdf = c / 2 - ... = (2 - 3 + c)/4)
    for c in (0.5, 1.0, 1.5):
        assert float(T.pdf(0.0, c)) == 0.5
        assert float(wg.grad(lambda x: T.cdf(x, c))(0.0)) == 0.5
        assert float(wg.grad(lambda c: T.pdf(0.0, c))(c)) == 0.0
    assert float(T.logcdf(0.0, 0.5)) == -np.inf


@pytest.mark.parametrize("c, second", [(0.5, np.inf), (1.5, -np.inf)])
def test_quantile_at_the_upper_end(c, second):
    # 1/c - x ~ (r/2)^c / c, r = 1 - q: the slope +inf (c < 1: _located's steep end, d2/dq dc -inf), 0 for c > 1
    # (d2/dq2 -inf); the end 1/c's own derivative in c, -1/c^2
    with np.errstate(divide="ignore"):  # (r^(c - 2) at r = 0: the infinite second derivative)
        h = np.asarray(wg.hessian(lambda v: T.ppf(v[0], v[1]))(np.array([1.0, c])))
        g = np.asarray(wg.grad(lambda v: T.ppf(v[0], v[1]))(np.array([1.0, c])))
    assert g.tolist() == [np.inf if c < 1 else 0.0, pytest.approx(-1.0 / c ** 2, rel=1e-15, abs=0.0)]
    assert h[0, 0] == second and h[1, 1] == pytest.approx(2.0 / c ** 3, rel=1e-15, abs=0.0)
    assert h[0, 1] == (-np.inf if c < 1 else 0.0)
    with pytest.raises(NoGradientRule), np.errstate(divide="ignore"):  # (at c = 1 d2/dq dc is -inf through 0 ** c:
        wg.hessian(lambda v: T.ppf(v[0], v[1]))(np.array([1.0, 1.0]))  # power's kink rule refuses)


def test_quantiles_and_tails_agree():
    # (the isf not near 0: there the quantile's distance (q/2)^c / c to the end 1/c is below x's spacing)
    for c in (0.3, 1.0, 4.0):
        for q in (1e-200, 0.01, 0.3, 0.7):
            assert float(T.cdf(float(T.ppf(q, c)), c)) == pytest.approx(q, rel=1e-12, abs=0.0)
        for q in (0.3, 0.7):
            assert float(T.sf(float(T.isf(q, c)), c)) == pytest.approx(q, rel=1e-12, abs=0.0)


# (tools/quadrature_moments_truths.py, 30 digits, from the sf alone: int 2 x sf - mean^2, mp.diff)
VAR_TRUTHS = [(0.5, 0.24194365774937682, -0.6520151604037124, 2.288426545689583),
              (3.0, 0.006332222122531095, -0.005476937326636816, 0.006267108374225829)]


@pytest.mark.parametrize("c, value, d1, d2", VAR_TRUTHS)
def test_variance_by_quadrature_against_mpmath(c, value, d1, d2):
    # (renamed from test_no_variance: it had none; its entropy check kept)
    one_shape_var_check(T, c, value, d1, d2)
    assert float(T.entropy(1.0)) == pytest.approx(2.0 - 3.0 * np.log(2.0), rel=1e-15, abs=0.0)


def test_float32_stays_float32():
    float32_check(T, (1.5,), x=0.4, summaries=("mean", "entropy", "median"))


REFUSALS = [
    *[(call, f"genhalflogistic.{m}: the shape parameters must be positive \\(c is not; SciPy gives NaN")
      for m, call in (("cdf", lambda: T.cdf(0.5, 0.0)), ("logpdf", lambda: T.logpdf(0.5, -1.0)),
                      ("isf", lambda: T.isf(0.5, -1.0)), ("ppf", lambda: T.ppf(0.5, 0.0)),
                      ("mean", lambda: T.mean(0.0)), ("entropy", lambda: T.entropy(0.0)))],
    (lambda: T.logpdf(0.5, 2.0, 0.0, -1.0), "genhalflogistic.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "genhalflogistic.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, [0.5, 2.0])


@pytest.mark.parametrize("name", ["cdf", "logcdf", "sf", "logsf", "pdf", "logpdf"])
@pytest.mark.parametrize("z, c", [(2.0, 1e-6), (1.098, 1e-3), (0.4, 0.9)])
def test_above_the_median_at_small_c(name, z, c):
    # t = w^(1/c) (w = 1 - c z) through log(w) / c cancelled in c as c z goes to 0: the cdf's d2/dc2 at c = 1e-6, z = 2
    # was -21.99, the truth 0.4802 (logcdf's -29.18 for 0.3265, pdf's 16.97 for -0.1416); at c = 1e-3 1.8e-7 off
    mp = pytest.importorskip("mpmath")
    f = lambda s: getattr(stats.genhalflogistic, name)(z, s)  # noqa: E731
    got = [float(f(c)), float(wg.grad(f)(c)), float(wg.grad(wg.grad(f))(c))]
    with mp.workdps(50):
        C, Z = mp.mpf(c), mp.mpf(z)

        def F(a):  # at c (1 + a): the n-th derivative in a is c^n times the one in c
            s = C * (1 + a)
            w = 1 - s * Z
            t = w ** (1 / s)
            value = {"cdf": (1 - t) / (1 + t), "sf": 2 * t / (1 + t),
                     "pdf": 2 * w ** (1 / s - 1) / (1 + t) ** 2}[name.replace("log", "")]
            return mp.log(value) if name.startswith("log") else value
        want = [float(mp.diff(F, 0, n) / C ** n) for n in range(3)]
    np.testing.assert_allclose(got, want, rtol=1e-12)


#: (method, c, first, second): every first and every second derivative in x and c at the upper end x = 1/c, from
#: inside: there w = 1 - c z = 0 and the function's derivative in w is infinite (log w in logpdf for c < 1 and logsf;
#: w^(1/c - 1) and t = w^(1/c) for c > 1; each second derivative T'' (dw)^2 + T' d2w, of the signs of the leading power).
#: d/dc was NaN in logpdf (c < 1) and pdf (c > 1), jacfwd NaN in cdf, logcdf and sf (c > 1), logsf's d/dx 0 (its -inf
#: a constant); mpmath at c = 1/2 - 1e-30: d/dc logpdf -1e30, d/dc logsf -2e30; at c = 3/2 - 1e-30 d/dc pdf 7.6e39
UPPER_ENDS = [("logpdf", 0.5, -np.inf, -np.inf), ("logsf", 0.5, -np.inf, -np.inf), ("logpdf", 1.5, np.inf, np.inf),
              ("pdf", 1.5, np.inf, np.inf), ("cdf", 1.5, np.inf, np.inf), ("logcdf", 3.0, np.inf, np.inf),
              ("sf", 1.5, -np.inf, -np.inf), ("logsf", 1.5, -np.inf, -np.inf)]


@pytest.mark.parametrize("method, c, first, second", UPPER_ENDS)
def test_infinite_slopes_at_the_upper_end(method, c, first, second):
    f = lambda p: getattr(T, method)(p[0], p[1])  # noqa: E731
    p = np.array([1.0 / c, c])
    for how in (wg.grad, wg.jacfwd):
        np.testing.assert_array_equal(how(f)(p), [first] * 2)
    for how in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f))):
        np.testing.assert_array_equal(how(f)(p), np.full((2, 2), second))
