"""``scipy.stats``' ``dpareto_lognorm`` (SciPy 1.15 on: the floor's SciPy 1.13 has none, and the checks against SciPy
skip there): ``log z`` normal-Laplace, ``N(u, s^2) + E1 / a - E2 / b``. Its density, tails, mean, var and std; no
quantiles or entropy (no closed form).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's where it has the distribution, values and first and second
derivatives in x, u, s, a and b against mpmath (the same closed forms at 60 digits) from z = 1e-8 to 1e8, with a
small ``a s`` (the Mills ratios' difference), the moments against their closed forms, where they diverge, and x = loc.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, gradient_test, infinite_ends_check, mp_points_test, refusals_test,  # noqa: E402
                     stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.dpareto_lognorm
THEIRS = pytest.mark.skipif(not hasattr(ST, "dpareto_lognorm"), reason="SciPy < 1.15 has no dpareto_lognorm")


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), np.array([0.3, 1.2, 4.0]), np.array([[0.2], [-0.5]]), 0.7, np.array([[[1.5]], [[3.0]]]),
           2.5, 0.1, 1.3, id=f"dpareto_lognorm.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.zeros(0), 0.2, 0.7, 1.5, 2.5, id=f"dpareto_lognorm.{f}-size0") for f in TAILS],
    *[case(_f(m), _f(m), np.array([0.2, -0.5]), 0.7, np.array([[3.5], [5.0]]), 2.5, 0.1, 1.3,
           id=f"dpareto_lognorm.{m}") for m in ("mean", "var", "std")],
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 0.01, 0.5, 1.5, 3.0, 50.0])
# (one array shape at a time, a's: SciPy 1.17's tails raise on a 2-d u beside a 2-d a, its mean of an array u is one
# number)
VALUE_CHECKS = [
    *[(f"dpareto_lognorm.{f}", (POINTS, u, 0.8, np.array([[2.5], [0.7]]), 1.5, loc, 1.3))
      for f in TAILS for u, loc in ((0.2, 0.0), (-1.0, 0.05))],
    *[(f"dpareto_lognorm.{m}", (u, 0.8, np.array([[3.5], [6.0]]), 1.5, 0.1, 1.4)) for m in ("mean", "var", "std")
      for u in (0.2, -1.0)],
]

test_stats_values_are_scipys = THEIRS(stats_values_test(VALUE_CHECKS))


def _mp_dpl(mp):
    def parts(z, u, s, a, b):
        t = (mp.log(z) - u) / s
        return (t, a * s * (a * s / 2 - t) + mp.log(mp.ncdf(t - a * s)),
                b * s * (t + b * s / 2) + mp.log(mp.ncdf(-(b * s + t))))

    def logpdf(z, u, s, a, b):
        t, a1, a2 = parts(z, u, s, a, b)
        return mp.log(a * b / (a + b)) - mp.log(z) + mp.log(mp.exp(a1) + mp.exp(a2))

    def cdf(z, u, s, a, b):
        t, a1, a2 = parts(z, u, s, a, b)
        return mp.ncdf(t) - b / (a + b) * mp.exp(a1) + a / (a + b) * mp.exp(a2)

    def sf(z, u, s, a, b):
        t, a1, a2 = parts(z, u, s, a, b)
        return mp.ncdf(-t) + b / (a + b) * mp.exp(a1) - a / (a + b) * mp.exp(a2)
    return {"logpdf": logpdf, "pdf": lambda *v: mp.exp(logpdf(*v)), "cdf": cdf, "sf": sf,
            "logcdf": lambda *v: mp.log(cdf(*v)), "logsf": lambda *v: mp.log(sf(*v))}


MP_POINTS = [
    # both tails (1e-8 and 1e8: the power laws z^b and z^-a), the middle; rel: the second derivatives in u far out
    # are exponentially small terms (1e-107) that cancel, within 1.4e-11 of themselves (see the class)
    *[(f, (z, 0.2, 0.8, 2.5, 1.5), i, 2e-11 if i == 1 and z != 1.5 else 2e-13)
      for f, z in (("logpdf", 1e-8), ("logpdf", 1.5), ("cdf", 0.5), ("logcdf", 1e-8), ("logcdf", 1.5),
                   ("logsf", 1.5), ("logsf", 1e8)) for i in range(5)],
    # b s + t well above 0: log(phi(t) R(v)) from erfcx (through log_ndtr(-v) its v^2 / 2 cancelled: d/db 7.7e-13 off)
    *[("logpdf", (5.34, 1.67, 0.84, 9.7, 10.5), i, 2e-13) for i in (1, 2, 3, 4)],
    # a s small, b large: the cdf's Phi(t) - b / (a + b) e^A1 cancels by (a + b) / a (see the class)
    *[(f, (0.4, -1.0, 0.05, 0.3, 20.0), i, 5e-13) for f in ("cdf", "logsf") for i in range(5)],
]

test_against_mpmath = mp_points_test(T, _mp_dpl, MP_POINTS)


def _mp_moments(mp, u, s, a, b):
    m1 = a * b / ((a - 1) * (b + 1)) * mp.exp(u + s * s / 2)
    m2 = a * b / ((a - 2) * (b + 2)) * mp.exp(2 * u + 2 * s * s)
    return m1, m2 - m1 ** 2


@pytest.mark.parametrize("u, s, a, b", [(0.2, 0.8, 3.5, 1.5), (-1.0, 1e-4, 50.0, 40.0)])
def test_moments_against_their_closed_forms(u, s, a, b):
    # (at s = 1e-4, a, b = 50, 40 E z^2 - mean^2 cancels by 1e3: expm1(s^2) and the shapes' rest apart)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        want = [float(v) for v in _mp_moments(mp, *(mp.mpf(v) for v in (u, s, a, b)))]
        grads = [[float(mp.diff(lambda *v: _mp_moments(mp, *v)[k], (u, s, a, b), tuple(int(j == i) for j in range(4))))
                  for i in range(4)] for k in range(2)]
    for k, method in enumerate(("mean", "var")):
        f = getattr(T, method)
        assert float(f(u, s, a, b)) == pytest.approx(want[k], rel=4e-15, abs=0.0), method
        got = [float(g) for g in wg.grad(f, argnums=(0, 1, 2, 3))(u, s, a, b)]
        assert got == pytest.approx(grads[k], rel=1e-12, abs=1e-300), method


def test_moments_where_they_do_not_exist():
    # the mean inf for a <= 1 (z > 0: the right tail's z^-a; SciPy's NaN), the variance inf for 1 < a <= 2, NaN below
    with np.errstate(invalid="ignore"):
        assert T.mean(0.2, 0.8, np.array([0.5, 1.0]), 1.5).tolist() == [np.inf, np.inf]
        assert T.var(0.2, 0.8, np.array([1.5, 2.0]), 1.5).tolist() == [np.inf, np.inf]
        assert np.isnan(float(T.var(0.2, 0.8, 0.9, 1.5)))
    assert float(wg.grad(lambda a: T.mean(0.2, 0.8, a, 1.5))(0.8)) == 0.0  # (inf on a neighbourhood)


def test_at_x_equal_to_loc():
    # the limits, plain; a traced argument refused (the one-sided limits of the derivatives are not implemented)
    for f, want in zip(TAILS, (-np.inf, 0.0, 0.0, -np.inf, 1.0, 0.0)):
        assert float(getattr(T, f)(0.5, 0.2, 0.8, 2.5, 1.5, 0.5)) == want
        with pytest.raises(wg.NoGradientRule, match="x == loc"):
            wg.grad(lambda s: getattr(T, f)(0.5, 0.2, s, 2.5, 1.5, 0.5))(0.8)


def test_float32_stays_float32():
    # (no ppf: float32_check's quantile and summaries left out; the functions of x against SciPy where it has them)
    x32 = np.float32(0.7)
    for f in TAILS:
        got = getattr(T, f)(x32, np.float32(0.2), np.float32(0.8), np.float32(3.5), np.float32(1.5))
        assert got.dtype == np.float32, f
        assert float(got) == pytest.approx(float(getattr(T, f)(0.7, 0.2, 0.8, 3.5, 1.5)), rel=2e-6, abs=0.0), f
    for m in ("mean", "var", "std"):
        assert getattr(T, m)(*(np.float32(v) for v in (0.2, 0.8, 3.5, 1.5))).dtype == np.float32, m


REFUSALS = [
    *[(call, f"dpareto_lognorm.{m}: the shape parameters must be positive \\({n} is not; SciPy gives NaN\\)")
      for m, n, call in (("cdf", "s", lambda: T.cdf(0.5, 0.0, 0.0, 1.0, 1.0)),
                         ("logpdf", "a", lambda: T.logpdf(0.5, 0.0, 1.0, -1.0, 1.0)),
                         ("mean", "b", lambda: T.mean(0.0, 1.0, 2.0, 0.0)))],
    (lambda: T.sf(0.5, np.inf, 1.0, 1.0, 1.0), "dpareto_lognorm.sf: u must be finite"),
    (lambda: T.logpdf(0.5, 0.0, 1.0, 2.0, 3.0, 0.0, -1.0), "dpareto_lognorm.logpdf: scale must be positive"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, ((0.2, 0.8, 2.5, 1.5),))
