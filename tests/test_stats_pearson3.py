"""``scipy.stats``' ``pearson3`` (a gamma variable of shape ``4 / skew^2`` standardized; the normal at skew 0): its
density, tails, quantiles, mean, variance, median and interval (the entropy: tests/test_stats_moments_closed_forms.py).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, and against mpmath where SciPy's are off (small skews, where
SciPy's sum ``beta (x - zeta)`` loses digits and it takes the normal below 1.6e-5; its isf near q = 1); values and
first and second derivatives against mpmath in x (or q) and skew on both sides of Temme's switch (``|skew| = 1/2``,
``u = skew z / 2`` at -1/2 and 0.7) and far out; through skew = 0 against the Edgeworth terms (the exact derivatives
there); the quantile ends; float32; the refusals (the limits at +-inf: tests/test_stats_at_infinity.py).
"""
import math

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
T = stats.pearson3
Z = np.array([-1.5, -0.3, 0.2, 1.1, 3.0])
S = np.array([[-0.6], [0.0], [0.3], [1.2]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, S, np.array([[[0.05]], [[-0.1]]]), 1.3, id=f"pearson3.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.5, 0.6, 0.95]), S, 0.1, 1.3, id=f"pearson3.{f}")
      for f in ("ppf", "isf")],
    *one_shape_common_cases(T, "pearson3", size1_x=0.7, size1_shape=0.3),
    *[case(_f(m), _f(m), np.array([-0.5, 0.0, 0.3]), 0.1, 1.3, id=f"pearson3.{m}")
      for m in ("mean", "var", "std", "entropy")],
]

test_gradient = gradient_test(CASES)

POINTS = np.array([-30.0, -3.0, -0.1, 0.0, 0.1, 3.0, 30.0])
VALUE_CHECKS = [
    *[(f"pearson3.{f}", (POINTS, s, loc, 1.3)) for f in TAILS for s in (-2.5, -0.4, 0.0, 0.3, 0.51, 2.0, 3.0)
      for loc in (0.0, 0.05)],
    *[(f"pearson3.{f}", (np.array([1e-3, 0.1, 0.35, 0.5, 0.9, 0.999]), s, -0.1, 1.3))
      for f in ("ppf", "isf") for s in (-2.5, -0.4, 0.0, 0.3, 2.0, 3.0)],
    *[(f"pearson3.{m}", (np.array([-0.5, 0.3]), -0.1, 1.3)) for m in ("mean", "var", "std", "median", "entropy")],
    ("pearson3.interval", (0.8, np.array([-0.5, 0.3]), -0.1, 1.3)),
]

# (SciPy forms beta (x - zeta) as a sum: 1e-13 relative lost at skew 0.3; its isf is ppf(1 - q); its quantiles at
# q = 0 and 1 are -inf and inf, the support it declares, where one end is -2 / skew: those in test_quantile_ends)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    **{f"pearson3.{f}": 1e-11 for f in TAILS}, "pearson3.ppf": 1e-11, "pearson3.isf": 1e-8})


def _mp_pearson3(mp):
    def parts(z, g):
        return 4 / g ** 2, (2 / g) * (z + 2 / g)

    def log_density(z, g):
        a, x = parts(z, g)
        return mp.log(2 / abs(g)) + (a - 1) * mp.log(x) - x - mp.loggamma(a)

    def cdf(z, g):
        a, x = parts(z, g)
        return mp.gammainc(a, 0, x, regularized=True) if g > 0 else mp.gammainc(a, x, mp.inf, regularized=True)

    def sf(z, g):
        a, x = parts(z, g)
        return mp.gammainc(a, x, mp.inf, regularized=True) if g > 0 else mp.gammainc(a, 0, x, regularized=True)

    def quantile(upper):
        def q(p, g):  # (the root of the log tail below 1/2)
            tail, p_ = (cdf if (p < 0.5) != upper else sf), (p if p < 0.5 else 1 - p)
            z0 = mp.mpf(float(ST.pearson3.isf(float(p), float(g)) if upper else ST.pearson3.ppf(float(p), float(g))))
            return mp.findroot(lambda z: mp.log(tail(z, g)) - mp.log(p_), z0)
        return q
    return {"logpdf": log_density, "pdf": lambda z, g: mp.exp(log_density(z, g)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, g: mp.log(cdf(z, g)), "logsf": lambda z, g: mp.log(sf(z, g)),
            "ppf": quantile(False), "isf": quantile(True)}


MP_POINTS = [
    # Temme's (|skew| <= 1/2, u in [-1/2, 0.7]) and gamma's on both sides of each switch (gamma's second derivatives
    # in skew within 4e-11: P's in a times (da/dskew)^2 = 64 / skew^6 cancel against the rest)
    *[(f, (z, s), i, 1e-11 if i == 0 or abs(s) <= 0.5 and -0.5 <= s * z / 2 <= 0.7 else 1e-10) for f in TAILS
      for z, s in ((0.3, 0.1), (-3.0, -0.4), (2.0, 0.49), (2.0, 0.51), (-2.0, 0.49), (2.9, 0.49), (5.0, 1.0))
      for i in (0, 1)],
    # far out on gamma's side (a = 1600, x = 600: the log cdf's second derivative in x, pdf' / P - (pdf / P)^2,
    # cancels 600-fold in gamma's own rule, 7e-10 off; in skew (da/dskew = -64000) 7.6e-9)
    *[(f, (-25.0, 0.05), i, 1e-9 if i == 0 else 2e-8) for f in ("logpdf", "pdf", "cdf", "logcdf") for i in (0, 1)],
    *[(f, (q, s), i, 1e-10) for f, q, s in (("ppf", 1e-10, 0.3), ("ppf", 0.3, -0.2), ("ppf", 0.8, 0.45),
                                             ("ppf", 1e-3, 1.5), ("ppf", 1 - 1e-10, 0.6), ("isf", 0.3, -0.2),
                                             ("isf", 0.99, -0.6), ("isf", 0.7, 0.2)) for i in (0, 1)],
]

test_against_mpmath = mp_points_test(T, _mp_pearson3, MP_POINTS)


def test_where_scipy_is_off():
    # SciPy takes the normal below |skew| = 1.6e-5 (cdf(-2, 1e-5) 1.2e-5 relative off); its isf is ppf(1 - q)
    # (isf(1e-10, 0.3) 2.6e-9 off)
    calls = [("cdf", (-2.0, 1e-5)), ("isf", (1e-10, 0.3))]
    # (Edgeworth's: Phi(z) - npdf(z) (skew He2 / 6 + skew^2 (He3 / 16 + He5 / 72)) + O(skew^3), He2(-2) = 3, He3 =
    # -2, He5 = 18)
    want_cdf = 0.5 * math.erfc(math.sqrt(2.0)) - _phi(-2.0) * (1e-5 * 3.0 / 6 + 1e-10 * (-2.0 / 16 + 18.0 / 72))
    want_isf = mp_truths(_mp_pearson3, [calls[1]])[0]
    for (f, args), want in zip(calls, (want_cdf, want_isf)):
        assert abs(float(getattr(ST.pearson3, f)(*args)) / want - 1) > 1e-9, f
        assert float(_f(f)(*args)) == pytest.approx(want, rel=1e-13 if f == "cdf" else 1e-14), f


def _phi(z):
    return math.exp(-z * z / 2) / math.sqrt(2 * math.pi)


@pytest.mark.parametrize("z", [-2.0, 0.5, 9.0])
def test_through_skew_zero(z):
    # the Edgeworth terms: d cdf / dskew = -He2 npdf / 6, d2 / dskew2 = -npdf (He3 / 8 + He5 / 36) at skew 0 (the
    # sf's the negatives), the same from both sides (1e-300, -1e-12) and at 0
    he2, he3, he5 = z * z - 1, z ** 3 - 3 * z, z ** 5 - 10 * z ** 3 + 15 * z
    d1, d2 = -he2 * _phi(z) / 6, -_phi(z) * (he3 / 8 + he5 / 36)
    for s in (0.0, 1e-300, -1e-12):
        assert float(wg.grad(lambda s: T.cdf(z, s))(s)) == pytest.approx(d1, rel=1e-9, abs=1e-300)
        assert float(wg.grad(wg.grad(lambda s: T.cdf(z, s)))(s)) == pytest.approx(d2, rel=1e-9)
        assert float(wg.grad(wg.grad(lambda s: T.sf(z, s)))(s)) == pytest.approx(-d2, rel=1e-9)
    assert float(T.cdf(z, 0.0)) == pytest.approx(float(ST.norm.cdf(z)), rel=1e-15)


def test_quantiles_and_tails_agree():
    # (near a finite end -2 / skew the tail moves as the distance's power a = 4 / skew^2: there a float's spacing is
    # worth a * eps / distance of it, so only the inner q and the infinite tails here)
    for s in (-3.0, -0.5, -1e-9, 0.0, 1e-6, 0.3, 0.7, 2.0):
        for q in (1e-10, 0.3, 0.7, 1 - 1e-10):
            if abs(s) > 0.5 and q == (1e-10 if s > 0 else 1 - 1e-10):
                continue
            assert float(T.cdf(float(T.ppf(q, s)), s)) == pytest.approx(q, rel=1e-11)
            assert float(T.sf(float(T.isf(1 - q, s)), s)) == pytest.approx(1 - q, rel=1e-11)
        method, tail = (T.ppf, T.cdf) if s <= 0 else (T.isf, T.sf)  # (the infinite tail)
        assert float(tail(float(method(1e-200, s)), s)) == pytest.approx(1e-200, rel=1e-11)


def test_quantile_ends():
    # the finite end -2 / skew (the lower for skew > 0); the other infinite
    assert float(T.ppf(0.0, 0.5)) == -4.0 and float(T.ppf(1.0, 0.5)) == np.inf
    assert float(T.isf(0.0, -0.5)) == 4.0 and float(T.ppf(0.0, -0.5)) == -np.inf
    assert float(wg.grad(lambda s: T.ppf(0.0, s))(0.5)) == pytest.approx(8.0, rel=1e-15)  # (2 / skew^2)
    assert float(wg.grad(lambda q: T.ppf(q, 0.5))(0.0)) == np.inf  # (the density vanishes there: a > 1)


def test_moments():
    assert float(T.mean(0.7, 1.0, 2.0)) == 1.0 and float(T.var(0.7, 1.0, 2.0)) == 4.0
    assert float(T.std(-0.7, 0.0, 2.0)) == 2.0
    assert float(T.entropy(0.0, 1.0, 2.0)) == pytest.approx(0.5 * np.log(2 * np.pi * np.e) + np.log(2.0), rel=1e-15)


def test_float32_stays_float32():
    float32_check(T, (0.3,), summaries=("mean", "var", "std", "median", "entropy"))


REFUSALS = [
    *[(call, f"pearson3.{m}: skew must be finite \\(SciPy gives NaN")
      for m, call in (("cdf", lambda: T.cdf(0.5, np.inf)), ("logpdf", lambda: T.logpdf(0.5, np.nan)),
                      ("isf", lambda: T.isf(0.5, -np.inf)), ("mean", lambda: T.mean(np.nan)),
                      ("entropy", lambda: T.entropy(np.inf)))],
    (lambda: T.logpdf(0.5, 0.2, 0.0, -1.0), "pearson3.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 0.2), "pearson3.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)



def test_temmes_coefficients_in_one_loop(monkeypatch):
    # (its 13 polynomials in eta were half the time of the quantile's Newton steps: one Horner's loop over the table
    # for a plain float64 array, polynomial's numbers bit for bit, row by row: as each entry's alone, a NumPy scalar's)
    from wengert.scipy.stats import _gamma  # (pearson3's module: the polynomial its code reads)
    calls = []
    polynomial = _gamma.polynomial
    monkeypatch.setattr(_gamma, "polynomial", lambda t, c: calls.append(1) or polynomial(t, c))
    z = np.array([[-1e300, -3.0, -0.0, 0.0, 5e-324, 0.4, 1.3, 2.9, np.inf, np.nan]])
    skew = np.array([[0.5], [-0.2], [1e-9], [0.0], [np.nan]])
    with np.errstate(all="ignore"):
        y, s = _gamma._pearson3_temme(z, skew)
        assert len(calls) == 1  # (rho's)
        for (i, j), sij in np.ndenumerate(s):
            one = _gamma._pearson3_temme(z[0, j], skew[i, 0])  # (NumPy scalars: polynomial row by row)
            assert np.float64(sij).tobytes() == np.float64(one[1]).tobytes()
            assert np.float64(y[i, j]).tobytes() == np.float64(one[0]).tobytes()
