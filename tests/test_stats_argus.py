"""``scipy.stats``' ``argus`` (``chi^3 / (sqrt(2 pi) Psi(chi)) z sqrt(1 - z^2) exp(-chi^2 (1 - z^2) / 2)`` on ``0 <= z
<= 1``, ``Psi(chi) = P(3/2, chi^2 / 2) / 2``): its density, tails, quantiles, mean, variance, median and interval (the
entropy by quadrature: tests/test_stats_quadrature_entropy.py).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (its cdf ``1 - sf``
near 0); values and first and second derivatives against mpmath in x (or q) and chi on both sides of each switch (A =
chi^2 / 2 = 2; u = A z^2 = 2; the median), near both ends and at a small chi; the quantiles and tails agree; float32;
the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, mp_points_test, mp_truths,  # noqa: E402
                     one_shape_common_cases, refusals_test, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.argus


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), np.array([0.1, 0.45, 0.8, 0.95]), np.array([[0.7], [2.5]]), 0.02, 1.1,
           id=f"argus.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.5, 0.9]), np.array([[0.7], [2.5]]), 0.1, 1.3, id=f"argus.{f}")
      for f in ("ppf", "isf")],
    *one_shape_common_cases(T, "argus", size1_x=0.4, size1_shape=1.5),
    *[case(_f(m), _f(m), np.array([0.7, 2.5]), 0.1, 1.3, id=f"argus.{m}") for m in ("mean", "var", "std")],
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"argus.{f}", (np.array([-0.5, 0.0, 0.2, 0.5, 0.7, 0.9, 0.999, 1.0, 1.5]), chi, loc, 1.3)) for f in TAILS
      for chi in (0.01, 1.0, 3.0, 8.0)[:3 if f in ("cdf", "logcdf", "logsf") else 4] for loc in (0.0, 0.05)],
    *[(f"argus.{f}", (np.array([0.0, 1e-3, 0.1, 0.35, 0.5, 0.9, 0.999, 1.0]), chi, -0.1, 1.3)) for f in ("ppf", "isf")
      for chi in (0.01, 1.0, 3.0, 8.0)],
    *[(f"argus.{m}", (np.array([0.01, 0.7, 2.5, 8.0]), -0.1, 1.3)) for m in ("mean", "var", "std", "median")],
    ("argus.interval", (0.8, np.array([0.7, 3.0]), -0.1, 1.3)),
    ("argus.entropy", (np.array([0.05, 1.0, 3.0, 8.0]), -0.1, 1.3)),
]

# (SciPy's cdf is 1 - sf: at chi = 8 it keeps no digit where the cdf is below 1e-10; at chi = 3, z = 0.2, 1e-13)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"argus.cdf": 1e-11, "argus.logcdf": 1e-11,
                                                                     "argus.logsf": 1e-11, "argus.ppf": 1e-9, "argus.isf": 1e-9,
                                                                     "argus.median": 1e-9, "argus.interval": 1e-9,
                                                                     "argus.var": 1e-10, "argus.std": 1e-10,
                                                                     # (SciPy integrates: 1.6e-10 apart; mpmath
                                                                     # checks wengert's in test_stats_quadrature_entropy)
                                                                     "argus.entropy": 1e-9})


def _mp_argus(mp):
    def p(t):
        return mp.gammainc(mp.mpf(3) / 2, 0, t, regularized=True)

    def pdf(z, chi):
        return chi ** 3 / (mp.sqrt(2 * mp.pi) * p(chi * chi / 2) / 2) * z * mp.sqrt((1 - z) * (1 + z)) * mp.exp(
            -chi * chi * (1 - z) * (1 + z) / 2)

    def cdf(z, chi):  # ((P(A) - P(Y)) / P(A), Y = A (1 - z^2): 40 more digits for the difference's cancellation)
        with mp.workdps(mp.mp.dps + 40):
            a = chi * chi / 2
            return +(mp.gammainc(mp.mpf(3) / 2, a * (1 - z) * (1 + z), a, regularized=True) / p(a))

    def sf(z, chi):
        return p(chi * chi * (1 - z) * (1 + z) / 2) / p(chi * chi / 2)

    def root(tail, sign, q, chi, start):  # (Newton's steps from wengert's root: the value is checked, not assumed)
        z = mp.mpf(start)
        for _ in range(3):
            z = z - sign * (tail(z, chi) - q) / pdf(z, chi)
        return z

    def ppf(q, chi):
        return root(cdf, 1, q, chi, float(T.ppf(float(q), float(chi)))) if q <= 0.5 else isf(1 - q, chi)

    def isf(q, chi):
        return root(sf, -1, q, chi, float(T.isf(float(q), float(chi)))) if q <= 0.5 else ppf(1 - q, chi)
    return {"logpdf": lambda z, chi: mp.log(pdf(z, chi)), "pdf": pdf, "cdf": cdf, "sf": sf,
            "logcdf": lambda z, chi: mp.log(cdf(z, chi)), "logsf": lambda z, chi: mp.log(sf(z, chi)),
            "ppf": ppf, "isf": isf}


#: each switch both sides: A = chi^2 / 2 = 2 (Kummer's series or gamma's P), u = A z^2 = 2 (the integral or gamma's
#: Q(Y) - Q(A); at chi = 4, z = 1/2), the median (cdf or sf from its own end: at chi = 1 near z = 0.6468); both ends,
#: a small chi, a tiny cdf (gamma's form, z = 0.2 at chi = 12: 1e-30)
MP_POINTS = [(f, args, i, 1e-11) for f, args, i in (
    ("logpdf", (1e-6, 1.5), 0), ("logpdf", (0.45, 1.99), 1), ("logpdf", (0.45, 2.01), 1),
    ("pdf", (0.999, 2.5), 0), ("cdf", (1e-6, 1.5), 0), ("cdf", (0.49, 4.0), 1), ("cdf", (0.51, 4.0), 0),
    ("logcdf", (0.3, 1e-3), 1), ("logcdf", (0.2, 12.0), 0), ("logcdf", (0.2, 12.0), 1), ("sf", (0.65, 1.0), 0),
    ("logsf", (0.64, 1.0), 1), ("logsf", (0.7, 1.99), 1), ("logsf", (0.7, 2.01), 1), ("logsf", (1 - 1e-9, 0.5), 0),
    ("ppf", (1e-10, 0.5), 0), ("ppf", (0.3, 2.5), 1), ("ppf", (0.5, 1.0), 1), ("isf", (0.02, 6.0), 1),
    ("isf", (1e-10, 1.5), 0), ("isf", (0.9, 1.5), 1))]

test_against_mpmath = mp_points_test(T, _mp_argus, MP_POINTS)


def test_where_scipy_is_off():
    # SciPy's cdf is 1 - sf: near z = 0 it keeps the sf's rounding (cdf(1e-5, 1) 2.5e-6 relative off, logsf(1e-4, 3)
    # 6.7e-9), and from the sf's 1e-16 on it is 0 (cdf(0.3, 10): 0 for 1.32e-19)
    calls = [("cdf", (1e-5, 1.0)), ("cdf", (0.3, 10.0)), ("logsf", (1e-4, 3.0))]
    for (f, args), want in zip(calls, mp_truths(_mp_argus, calls)):
        assert not float(getattr(ST.argus, f)(*args)) == pytest.approx(want, rel=1e-9, abs=0), f
        assert float(_f(f)(*args)) == pytest.approx(want, rel=1e-14, abs=0.0), f


def test_far_tails():
    # the cdf at z = 1e-150 (1.5 exp(-M(A) - A) z^2 there, exact) and its log; the quantiles of 1e-300 on both sides
    assert float(T.cdf(1e-150, 1e-3)) == pytest.approx(1.4999997000000171e-300, rel=1e-15, abs=0.0)
    assert float(T.logcdf(1e-150, 1e-3)) == pytest.approx(np.log(1.4999997000000171e-300), rel=1e-15, abs=0.0)
    for chi in (1e-3, 1.0, 10.0):
        assert float(T.logcdf(float(T.ppf(1e-300, chi)), chi)) == pytest.approx(np.log(1e-300), rel=1e-15, abs=0.0)
        assert float(T.isf(1e-300, chi)) == 1.0 and float(T.ppf(1 - 1e-16, chi)) < 1.0


def test_quantiles_and_tails_agree():
    for chi in (1e-3, 1.0, 2.5, 10.0):
        for q in (1e-10, 0.3, 0.5, 0.7):
            assert float(T.cdf(float(T.ppf(q, chi)), chi)) == pytest.approx(q, rel=1e-13, abs=0.0)
        for q in (0.2, 0.5, 0.8):  # (nearer the upper end the float z keeps 1 - z to 1e-16 only)
            assert float(T.sf(float(T.isf(q, chi)), chi)) == pytest.approx(q, rel=1e-13, abs=0.0)


def test_small_chi_moments():
    # at chi -> 0 the density 3 z sqrt(1 - z^2): mean 3 pi / 16, E[z^2] 2/5; d/dchi O(chi) (no 3 / chi - 3 / chi)
    assert float(T.mean(1e-8)) == pytest.approx(3 * np.pi / 16, rel=1e-15, abs=0.0)
    assert float(T.var(1e-8)) == pytest.approx(0.4 - (3 * np.pi / 16) ** 2, rel=1e-15, abs=0.0)
    assert abs(float(wg.grad(T.mean)(1e-4))) < 1e-4 and abs(float(wg.grad(T.var)(1e-4))) < 1e-4
    assert hasattr(T, "entropy")  # (SciPy integrates it; by quadrature: tests/test_stats_quadrature_entropy.py)


def test_moments_against_mpmath():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(30):
        for chi in (1.99, 2.01):  # (both sides of the series' switch; the integrals of the density, 30 digits)
            c = mp.mpf(chi)

            def moment(k):
                return mp.quad(lambda z: z ** k * mp.sqrt(1 - z * z) * mp.exp(-c * c * (1 - z * z) / 2), [0, 1])
            m1, m2 = moment(2) / moment(1), moment(3) / moment(1)
            assert float(T.mean(chi)) == pytest.approx(float(m1), rel=2e-15, abs=0.0)
            assert float(T.var(chi)) == pytest.approx(float(m2 - m1 * m1), rel=1e-14, abs=0.0)


def test_float32_stays_float32():
    float32_check(T, (1.5,), x=0.4, summaries=("mean", "var", "std", "median"))


REFUSALS = [
    (lambda: T.cdf(0.5, 0.0), "argus.cdf: the shape parameters must be positive \\(chi is not"),
    (lambda: T.ppf(0.5, -1.0), "argus.ppf: the shape parameters must be positive \\(chi is not"),
    (lambda: T.mean(-1.0), "argus.mean: the shape parameters must be positive \\(chi is not"),
    (lambda: T.pdf(0.5, np.inf), "argus.pdf: chi must be finite"),
    (lambda: T.logpdf(0.5, 2.0, 0.0, -1.0), "argus.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "argus.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


@pytest.mark.parametrize("method, x", [("logcdf", 2e-5), ("logpdf", 2e-5)])
def test_log_z_near_zero_in_x_and_scale_apart(method, x):
    """Near z = 0 ``log z`` (the log density's, and the log cdf's ``log(z^2)``) from :func:`_log_of_z`, its derivatives
    in x and in scale apart: through z d2/dx dscale was ``2 / z - 2 / z`` plus the rest (argus.logcdf(2e-5, 2, 0, 2):
    1.8e-6 relative off, asymmetric between the two orders; argus.logpdf(2e-5, 2, 0, 2) 9.6e-8)."""
    mp = pytest.importorskip("mpmath")
    functions = _mp_argus(mp)
    with mp.workdps(50):
        truth = np.array([[float(mp.diff(lambda x, s: functions[method](x / s, mp.mpf(2)) - (
            mp.log(s) if method == "logpdf" else 0), (mp.mpf(x), mp.mpf(2)), order))
            for order in row] for row in (((2, 0), (1, 1)), ((1, 1), (0, 2)))])

    def f(v):
        return getattr(T, method)(v[0], 2.0, 0.0, v[1])
    v = np.array([x, 2.0])
    for path in (wg.hessian(f), wg.jacfwd(wg.jacrev(f)), wg.jacrev(wg.jacfwd(f)), wg.jacfwd(wg.jacfwd(f))):
        np.testing.assert_allclose(path(v), truth, rtol=1e-11)


def test_log_density_at_zero_keeps_its_infinite_slope():
    """At z = 0 the log density's ``log z`` is ``np.log(z)`` (d/dx = +inf), not ``-inf`` as a constant (d/dx 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        assert wg.grad(lambda x: T.logpdf(x, 2.0, 0.0, 1.5))(0.0) == np.inf


def _mp_var_and_derivatives(chi):
    """argus' variance and its first two derivatives in chi: mpmath's closed form at 50 digits."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        def var(c):
            a = c * c / 2
            p = lambda s: mp.gammainc(s, 0, a, regularized=True)  # noqa: E731
            mean = mp.sqrt(mp.pi / 8) * c * mp.besseli(1, a / 2) * mp.exp(-a / 2) / (p(mp.mpf(3) / 2) / 2)
            return 1 - mp.mpf(3) / 2 * p(mp.mpf(5) / 2) / (a * p(mp.mpf(3) / 2)) - mean ** 2
        return [float(mp.diff(var, mp.mpf(chi), n)) for n in range(3)]


def test_variance_below_a_of_50_second_order():
    """Below A = chi^2 / 2 = 50 the variance is ``E[(d - E[d])^2]``, ``d = 1 - z``, by quadrature in theta (z = cos
    theta): ``1 - E[Y] / A - mean^2`` cancelled as A grew (var(7) 1.4e-12 relative off, its d2/dchi2 at 9 1.9e-10, d/dchi
    at 0.3 1.6e-13). Value, first and second derivatives in chi on three paths, both sides of A = 2 and near 50."""
    for chi in (0.3, 2.5, 7.0, 9.0, 9.99):
        truth = _mp_var_and_derivatives(chi)
        assert float(T.var(chi)) == pytest.approx(truth[0], rel=3e-15, abs=0.0)
        assert float(wg.grad(T.var)(chi)) == pytest.approx(truth[1], rel=1e-14, abs=0.0)
        for second in (wg.grad(wg.grad(T.var)), wg.jacfwd(wg.jacfwd(T.var)), wg.jacfwd(wg.grad(T.var))):
            assert float(second(chi)) == pytest.approx(truth[2], rel=2e-14, abs=0.0)


def test_mean_for_a_large_chi_second_order():
    """From A = 2 on the mean is ``1 - E[d]`` (quadrature in theta), from A = 50 on its series in ``1 / A``: through ``ive``
    and P its derivatives in chi cancelled as the mean neared 1 (d2/dchi2 at chi = 9 4.3e-12 relative off, at 30
    9.4e-9, d/dchi at 30 3.2e-11; the mean at chi = 1e100 NaN, the truth 1 - 1.5e-200)."""
    mp = pytest.importorskip("mpmath")
    for chi in (2.1, 9.0, 30.0):
        with mp.workdps(50):
            def mean(c):
                a = c * c / 2
                return (mp.sqrt(mp.pi / 8) * c * mp.besseli(1, a / 2) * mp.exp(-a / 2)
                        / (mp.gammainc(mp.mpf(3) / 2, 0, a, regularized=True) / 2))
            truth = [float(mp.diff(mean, mp.mpf(chi), n)) for n in range(3)]
        assert float(T.mean(chi)) == pytest.approx(truth[0], rel=3e-16, abs=0.0)
        assert float(wg.grad(T.mean)(chi)) == pytest.approx(truth[1], rel=1e-14, abs=0.0)
        for second in (wg.grad(wg.grad(T.mean)), wg.jacfwd(wg.jacfwd(T.mean)), wg.jacfwd(wg.grad(T.mean))):
            assert float(second(chi)) == pytest.approx(truth[2], rel=2e-14, abs=0.0)
    assert float(T.mean(1e100)) == 1.0


@pytest.mark.parametrize("chi", [10.0, 30.0, 100.0])
def test_variance_for_a_large_chi_second_order(chi):
    """From A = chi^2 / 2 = 50 on, the variance is its asymptotic series in 1 / A: ``1 - E[Y] / A - mean^2`` cancels there
    (the variance about ``3 / (8 A^2)``; var(30) was 1.1e-10 relative off, var(100) 3.4e-9). Its value, first and second
    derivatives in chi (reverse over reverse, forward over forward, forward over reverse) against mpmath's closed form
    at 50 digits."""
    truth = _mp_var_and_derivatives(chi)
    assert float(T.var(chi)) == pytest.approx(truth[0], rel=3e-16, abs=0.0)
    assert float(wg.grad(T.var)(chi)) == pytest.approx(truth[1], rel=1e-15, abs=0.0)
    for second in (wg.grad(wg.grad(T.var)), wg.jacfwd(wg.jacfwd(T.var)), wg.jacfwd(wg.grad(T.var))):
        assert float(second(chi)) == pytest.approx(truth[2], rel=1e-14, abs=0.0)


#: (method, z, d/dx, d2/dx2) at the ends, from inside (w = sqrt(1 - z^2) ~ sqrt(2 (1 - z)) at 1: pdf ~ 3 w e^-M(A), sf
#: ~ w^3, logsf ~ 3/2 log(1 - z); cdf ~ z^2 at 0): d/dx was NaN in all six at z = 1 (sqrt's infinite cotangent times
#: the factor 1 - z = 0 of w^2) and logcdf's at 0; in chi (at chi = 1.5) the limits too: none where the value is the
#: same finite number at every chi, -d/dchi M(A) (and its second) for logpdf and logsf at 1, -d/dchi (M(A) + A) for
#: logcdf at 0 (-inf at every chi, the limits from inside finite: they were 0; mpmath, 50 digits); d2/dx dchi of those
#: (None: not checked) -chi dw^2/dx = 2 chi (logpdf), M'(0) chi dw^2/dx = 1.2 chi (logsf), 0 (logcdf at 0)
ENDS = [("pdf", 1.0, -np.inf, -np.inf, 0.0, 0.0, None),
        ("logpdf", 1.0, -np.inf, -np.inf, 0.7802654658021212, 0.3577080896145628, 3.0),
        ("cdf", 1.0, 0.0, -np.inf, 0.0, 0.0, None), ("logcdf", 1.0, 0.0, -np.inf, 0.0, 0.0, None),
        ("sf", 1.0, 0.0, np.inf, 0.0, 0.0, None),
        ("logsf", 1.0, -np.inf, -np.inf, 0.7802654658021212, 0.3577080896145628, 1.8),
        ("logcdf", 0.0, np.inf, -np.inf, -0.7197345341978788, -0.6422919103854372, 0.0)]


@pytest.mark.parametrize("method, x, first, second, in_chi, in_chi2, in_x_chi", ENDS)
def test_at_the_ends_the_derivatives_from_inside(method, x, first, second, in_chi, in_chi2, in_x_chi):
    from test_exact_support_ends_forward import assert_close, paths1, paths2
    f = lambda x: _f(method)(x, 1.5)  # noqa: E731
    assert_close(paths1(f, x), first, 0.0)
    assert_close(paths2(f, x), second, 0.0)
    # in chi the limits from inside, on the Hessian's paths too
    g = lambda p: _f(method)(p[0], p[1])  # noqa: E731
    p = np.array([x, 1.5])
    assert wg.grad(g)(p)[1] == pytest.approx(in_chi, rel=1e-14, abs=0.0)
    for how in (wg.hessian, lambda f: wg.jacfwd(wg.grad(f))):
        h = how(g)(p)
        assert h[0, 0] == second and h[1, 1] == pytest.approx(in_chi2, rel=1e-13, abs=0.0), h
        if in_x_chi is not None:
            assert h[0, 1] == pytest.approx(in_x_chi, rel=1e-13, abs=0.0) and h[1, 0] == h[0, 1], h



def test_shape_cross_derivatives_near_zero():
    """Near z = 0 ``w^2 = 1 - z^2`` as ``1 - z * z`` (:func:`_argus_w2`): through ``(1 - z)(1 + z)`` its derivative was
    ``(1 - z) - (1 + z)``, which loses z below 1e-8 (0 below 1e-16): the Hessian in (x, chi, scale) of
    argus.logcdf(1.5e-15, 2, 0, 1.5) 0.22 relative off, of logpdf 0.11; argus.logcdf(1e-200, 2)'s d2/dx dchi 0.0 by
    reverse over reverse and -2e-200 forward over forward, the truth 2e-200. Truths: G = the log function of (z, chi),
    G_z and G_zz in closed form (the density's log derivative ``1 / z - z / w^2 + 2 A z``), G_zchi and G_chichi by
    mpmath's diff in chi; the Hessian in (x, chi, s) from them."""
    mp = pytest.importorskip("mpmath")
    functions = _mp_argus(mp)
    s = 1.5
    for method, z, dps in (("logcdf", 1e-15, 60), ("logpdf", 1e-15, 60), ("logpdf", 1e-200, 460)):
        with mp.workdps(30):  # (no cancellation in chi)
            gcc = mp.diff(lambda c: functions[method](mp.mpf(z), c), mp.mpf(2), 2)
        with mp.workdps(dps):
            def g_z(z, chi):  # (G's derivative in z and its own in z)
                log_slope = 1 / z - z / (1 - z * z) + chi * chi * z
                log_slope_z = -1 / z ** 2 - (1 + z * z) / (1 - z * z) ** 2 + chi * chi
                if method == "logpdf":
                    return log_slope, log_slope_z
                ratio = functions["pdf"](z, chi) / functions["cdf"](z, chi)
                return ratio, ratio * log_slope - ratio ** 2
            zm, chi = mp.mpf(z), mp.mpf(2)
            gz, gzz = g_z(zm, chi)
            gzc = 2 * chi * zm if method == "logpdf" else mp.diff(lambda c: g_z(zm, c)[0], chi)
            truth = np.array([[gzz / s ** 2, gzc / s, -(gz + zm * gzz) / s ** 2],
                              [gzc / s, gcc, -zm * gzc / s],
                              [-(gz + zm * gzz) / s ** 2, -zm * gzc / s,
                               (2 * zm * gz + zm ** 2 * gzz + (1 if method == "logpdf" else 0)) / s ** 2]],
                             dtype=float)

        def f(v):
            return getattr(T, method)(v[0], v[1], 0.0, v[2])
        for path in (wg.hessian(f), wg.jacfwd(wg.jacfwd(f)), wg.jacfwd(wg.grad(f))):
            np.testing.assert_allclose(path(np.array([z * s, 2.0, s])), truth, rtol=1e-12, atol=0)


def test_mean_and_var_derivatives_for_a_huge_chi():
    """From A = chi^2 / 2 = 50 on the mean and variance are series in 1 / A: ``1 - 3 / (2 chi^2)`` and ``3 / (2
    chi^4)`` to 1e-40 relative at chi >= 1e20 (E[sqrt(1 - Y / A)] and Var, Y gamma(3/2)). Through ``1 / A`` its
    derivative ``-chi / A^2`` underflowed: d/dchi of the mean at 1e100 was 0 for 3e-300, d2/dchi2 at 1e60 -3e-240 for
    -9e-240, d/dchi of the variance at 1e60 0 for -6e-300."""
    chi = np.array([1e100, 1e60, 1e20])
    np.testing.assert_allclose(wg.grad(lambda c: wg.numpy.sum(stats.argus.mean(c)))(chi), 3.0 / chi ** 3, rtol=1e-14)
    np.testing.assert_allclose(np.diag(wg.hessian(lambda c: wg.numpy.sum(stats.argus.mean(c)))(chi[1:])),
                               -9.0 / chi[1:] ** 4, rtol=1e-14)
    np.testing.assert_allclose(wg.grad(lambda c: wg.numpy.sum(stats.argus.var(c)))(chi[1:]), -6.0 / chi[1:] ** 5,
                               rtol=1e-14)


def test_quantile_of_an_array_is_each_entrys_own():
    # (the root loop's done flag per entry: stepped on until every entry converged, argus.isf(1 - 1e-10, 3) was 1.8e-15
    # relative apart from the scalar call's in an array beside other q)
    qs = np.array([1e-20, 0.01, 0.3, 0.7, 0.99, 1 - 1e-10])
    for method in ("ppf", "isf"):
        together = getattr(stats.argus, method)(qs, 3.0)
        np.testing.assert_array_equal(together, [float(getattr(stats.argus, method)(q, 3.0)) for q in qs])
