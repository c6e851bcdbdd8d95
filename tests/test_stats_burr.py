"""``scipy.stats``' ``burr`` (Burr type III, ``1 / X`` for a ``burr12`` ``X``): its density, tails, quantiles, mean,
variance, std, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and against mpmath
where SciPy's are off (its sf ``1 - cdf`` far up, its log tails ``-inf`` where the tails underflow, its moments NaN
past their poles, its entropy integrated numerically); values and first and second derivatives against mpmath in
x (or q), c and d on both sides of each switch (z = 1, the cdf at 1/2, ``d z^-c = 1/2``), near 0 and far out, the
moments on both sides of c = 1 and 2; the density's end at z = 0 (refused in a shape where ``c d = 1``), the limits
at +-inf, float32, the refusals.
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
T = stats.burr
#: z = (x - loc) / 1.3 on both sides of z = 1 and of the cdf's 1/2 for the shapes below
Z = np.array([0.1, 0.6, 1.1, 2.0, 6.0])
C = np.array([[0.7], [3.0]])
D = np.array([[[0.5]], [[2.0]]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, C, D, 0.05, 1.3, id=f"burr.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.2, 0.5, 0.8, 0.95]), C, D, 0.1, 1.3, id=f"burr.{f}")
      for f in ("ppf", "isf")],
    # at and below z = 0, c d = 5: the density and the tails flat there to fourth order, as below (an integer c: for a
    # c below the order, the product z^(c d) (1 + z^c)^-d is 0 * inf at z = 0, NaN, where the truth is 0)
    *[case(_f(f), _f(f), np.array([-0.5, 0.0, 0.3]), 2.0, 2.5, id=f"burr.{f}-at-end") for f in ("pdf", "cdf", "sf")],
    # the moments on both sides of c = 2 and c = 10, in c, d, loc and scale
    *[case(_f(m), _f(m), np.array([2.5, 4.0, 11.0]), np.array([[0.5], [3.0]]), np.array([[[0.0]], [[1.0]]]), 1.4,
           id=f"burr.{m}") for m in ("mean", "var", "std", "entropy")],
    *[c for c in two_shape_common_cases(T, "burr", size1_shapes=(2.6, 1.7), shapes=(2.5, 1.7))
      if c.id != "burr.median"],
    # (two_shape_common_cases' median takes a negative shape)
    case(_f("median"), lambda *a: T.median(*a), np.array([0.3, 2.0]), np.array([[0.4], [1.6]]), 0.6, 1.1,
         id="burr.median"),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.4, 1.3, 3.0, 60.0])
SHAPES = ((0.3, 2.0), (1.0, 1.0), (2.0, 3.0), (7.0, 0.2))
VALUE_CHECKS = [
    # (not far up for the sf and its log: SciPy's 1 - cdf, see MP_POINTS)
    *[(f"burr.{f}", (POINTS[:-1] if f in ("sf", "logsf") else POINTS, c, d, loc, 1.3)) for f in TAILS
      for c, d in SHAPES for loc in (0.0, 0.1)],
    *[(f"burr.{f}", (np.array([0.0, 1e-100, 1e-10, 0.1, 0.5, 0.9, 1.0]), c, d, -0.1, 1.3))
      for f in ("ppf", "isf") for c, d in SHAPES],
    *[(f"burr.{m}", (np.array([2.5, 3.0, 7.0]), 1.5, 0.3, 2.0)) for m in ("mean", "var", "std")],
    ("burr.median", (np.array([0.3, 2.0]), 1.5, -0.1, 1.3)),
    # (SciPy integrates the entropy numerically: 1e-10 off)
    ("burr.entropy", (np.array([0.5, 2.0, 7.0]), 1.5, -0.1, 1.3)),
    ("burr.interval", (0.8, np.array([0.3, 2.0]), 1.5, -0.1, 1.3)),
]

# (SciPy's ppf at a small c: 5e-15 relative off)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"burr.ppf": 1e-13, "burr.entropy": 1e-8})


def _mp_burr(mp):
    def cdf(z, c, d):
        return (1 + z ** -c) ** -d

    def sf(z, c, d):
        return -mp.expm1(-d * mp.log1p(z ** -c))

    def moment(c, d, k):
        return d * mp.beta(1 - k / c, d + k / c)

    def var(c, d):
        return moment(c, d, 2) - moment(c, d, 1) ** 2

    def logpdf(z, c, d):
        return mp.log(c * d) - (c + 1) * mp.log(z) - (d + 1) * mp.log1p(z ** -c)

    def entropy(c, d):
        return -mp.log(c * d) + 1 + 1 / d + (1 + 1 / c) * (mp.euler + mp.digamma(d))
    return {"logpdf": logpdf, "pdf": lambda z, c, d: mp.exp(logpdf(z, c, d)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, c, d: mp.log(cdf(z, c, d)), "logsf": lambda z, c, d: mp.log(sf(z, c, d)),
            "ppf": lambda q, c, d: mp.expm1(-mp.log(q) / d) ** (-1 / c),
            "isf": lambda q, c, d: mp.expm1(-mp.log1p(-q) / d) ** (-1 / c),
            "mean": lambda c, d: moment(c, d, 1), "var": var, "std": lambda c, d: mp.sqrt(var(c, d)),
            "entropy": entropy}


MP_POINTS = [
    # both sides of z = 1, of the cdf's 1/2 (z = 1.96 at c = 2, d = 3) and of d z^-c = 1/2 (z = 2.45), in x, c and d
    # (logcdf, -d log1p(z^-c), is linear in d)
    *[(f, (z, 2.0, 3.0), i, 1e-12) for f in TAILS for z in (0.999, 1.001, 1.95, 1.97, 2.44, 2.46) for i in (0, 1, 2)
      if (f, i) != ("logcdf", 2)],
    # near 0 (the power c d z^(c d - 1)) and far out (the upper log tail's series; SciPy's sf 1 - cdf), small and
    # large shapes; in the shapes only where mpmath's derivatives at 60 digits resolve them
    *[(f, (z, c, d), i, 1e-12) for f in TAILS for z, c, d in ((1e-3, 0.5, 0.4), (1e5, 2.0, 3.0), (3.0, 40.0, 0.01))
      for i in (0, 1, 2) if (f, i) != ("logcdf", 2)],
    *[(f, (z, c, d), 0, 1e-12) for f in TAILS for z, c, d in ((1e-100, 2.0, 3.0), (1e200, 1.5, 0.5))],
    *[(f, (q, c, d), i, 1e-12) for f in ("ppf", "isf") for q in (1e-100, 1e-9, 0.3, 0.7) for c, d in
      ((0.5, 2.0), (2.0, 3.0), (40.0, 0.1)) for i in (0, 1, 2)],
    # the moments on both sides of c = 1, 2 (their poles), small and large d
    # (in d near the poles the mean is d Gamma(d + 1/c) / Gamma(d + 1) times a constant, nearly linear: its second
    # derivative, exp(L) (L'^2 + L''), is a difference of terms 1e9 times its size there, eps-level off)
    *[(m, (c, d), i, 1e-11) for m in ("mean", "entropy") for c, d in ((1.0 + 1e-9, 2.0), (1.5, 0.3), (30.0, 40.0))
      for i in (0, 1) if (m, c, i) != ("mean", 1.0 + 1e-9, 1)],
    *[(m, (c, d), i, 1e-11) for m in ("var", "std") for c, d in ((2.0 + 1e-9, 2.0), (2.5, 0.3), (30.0, 40.0), (1e3, 2.0))
      for i in (0, 1) if (c, i) != (2.0 + 1e-9, 1)],
]

test_against_mpmath = mp_points_test(T, _mp_burr, MP_POINTS)


def test_where_scipy_is_off():
    sf, logsf, logcdf = mp_truths(_mp_burr, [("sf", (1e5, 7.0, 0.2)), ("logsf", (1e200, 1.5, 0.5)),
                                             ("logcdf", (1e-300, 2.0, 3.0))])
    with np.errstate(divide="ignore", over="ignore"):  # (SciPy's log of an underflowed tail)
        assert float(ST.burr.sf(1e5, 7.0, 0.2)) == 0.0 and float(ST.burr.logsf(1e200, 1.5, 0.5)) == -np.inf
        assert float(ST.burr.logcdf(1e-300, 2.0, 3.0)) == -np.inf
    assert float(T.sf(1e5, 7.0, 0.2)) == pytest.approx(sf, rel=1e-14)
    assert float(T.logsf(1e200, 1.5, 0.5)) == pytest.approx(logsf, rel=1e-15)
    assert float(T.logcdf(1e-300, 2.0, 3.0)) == pytest.approx(logcdf, rel=1e-15)
    # SciPy's moments past the poles: NaN where the truth is inf
    with np.errstate(all="ignore"):
        assert np.isnan(float(ST.burr.mean(0.5, 2.0))) and np.isnan(float(ST.burr.var(1.5, 2.0)))
    assert float(T.mean(0.5, 2.0)) == np.inf and float(T.var(1.5, 2.0)) == np.inf
    assert np.isnan(float(T.var(0.5, 2.0))) and np.isnan(float(T.std(1.0, 2.0)))


def test_at_zero():
    # the density c d z^(c d - 1) (...): 0, c d or inf at z = 0 as c d is above, at or below 1
    assert [float(T.pdf(0.0, c, d)) for c, d in ((2.0, 3.0), (0.5, 2.0), (0.5, 1.0))] == [0.0, 1.0, np.inf]
    assert float(wg.grad(lambda x: T.cdf(x, 1.0, 1.0))(0.0)) == 1.0  # the density there, one-sided
    assert float(wg.grad(lambda x: T.sf(x, 1.0, 1.0))(0.0)) == -1.0
    assert float(wg.grad(lambda x: T.logsf(x, 1.0, 1.0))(0.0)) == -1.0
    assert float(wg.grad(lambda c: T.cdf(0.0, c, 2.0))(1.5)) == 0.0
    for f in ("pdf", "logpdf"):
        for arg in (1, 2):
            with pytest.raises(NoGradientRule, match="c d = 1 where x == loc"):
                wg.grad(lambda t, f=f, arg=arg: _f(f)(0.0, *((t, 2.0) if arg == 1 else (0.5, t))))(0.5 if arg == 1
                                                                                                   else 2.0)
    # away from c d = 1 a shape is differentiated there: the density's value is 0 or inf in a neighbourhood
    assert float(wg.grad(lambda c: T.pdf(0.0, c, 2.0))(2.0)) == 0.0



@pytest.mark.parametrize("c, d, second", [
    (1.7, 2.0, 0.0), (0.7, 2.0, np.inf), (0.5, 1.0, -np.inf), (2.0, 0.5, 0.0), (0.5, 2.0, -np.inf), (1.0, 1.0, -2.0),
    (1.0, 2.0, 2.0)])
def test_tails_second_derivatives_at_zero(c, d, second):
    # cdf = z^(c d) - d z^(c d + c) + ...: at z = 0 (one-sided) d2/dz2 is 0 above c d = 2, +inf between 1 and 2, -inf
    # below 1; at c d = 1 the second term's, -d (1 + c) c z^(c - 1) (0, -2 d or -inf as c is above, at or below 1). The
    # product z^(c d) (1 + z^c)^-d gave 0 * inf there: jvp of grad NaN at (1.7, 2) (truth 0), both routes NaN at
    # (0.7, 2) (truth inf). sf = 1 - cdf; logsf = -cdf - cdf^2 / 2 - ...: -cdf'' - cdf'^2 (log1p's chain rule took inf
    # - inf where c d < 1)
    one = c * d == 1.0
    first = np.inf if c * d < 1 else (1.0 if one else 0.0)
    for name, sign, extra in (("cdf", 1.0, 0.0), ("sf", -1.0, 0.0), ("logsf", -1.0, -1.0 if one else 0.0)):
        def f(x, name=name):
            return _f(name)(x, c, d)
        with np.errstate(divide="ignore"):  # (the powers' infinite derivatives at 0)
            got = [float(wg.grad(f)(0.0)), float(wg.grad(wg.grad(f))(0.0)),
                   float(wg.jvp(wg.grad(f), (0.0,), (1.0,))[1])]
        assert got == [sign * first, sign * second + extra, sign * second + extra], (name, c, d)

def test_quantiles_and_tails_agree():
    for c, d in SHAPES:
        for q in (1e-200, 0.01, 0.3, 0.5):
            if (c, q) == (0.3, 1e-200):
                # (the quantiles (q^(-1/d) - 1)^(-1/c) ~ 1e-333 and (q / d)^(-1/c) ~ 1e667 are beyond floats: no round
                # trip (cdf(0) and sf(inf) are 0; those checks passed only by pytest.approx's default abs=1e-12))
                assert float(T.ppf(q, c, d)) == 0.0 and float(T.isf(q, c, d)) == np.inf
                continue
            assert float(T.cdf(float(T.ppf(q, c, d)), c, d)) == pytest.approx(q, rel=1e-12, abs=0.0)
            assert float(T.sf(float(T.isf(q, c, d)), c, d)) == pytest.approx(q, rel=1e-12, abs=0.0)
        assert float(T.ppf(0.0, c, d)) == 0.0 and float(T.isf(0.0, c, d)) == np.inf


def test_float32_stays_float32():
    float32_check(T, (3.0, 2.0))


REFUSALS = [
    *[(call, f"burr.{m}: the shape parameters must be positive \\({s} is not") for m, s, call in (
        ("cdf", "c", lambda: T.cdf(1.0, 0.0, 1.0)), ("logpdf", "d", lambda: T.logpdf(1.0, 1.0, -1.0)),
        ("isf", "c", lambda: T.isf(0.5, -1.0, 1.0)), ("ppf", "d", lambda: T.ppf(0.5, 2.0, 0.0)),
        ("mean", "c", lambda: T.mean(0.0, 1.0)), ("std", "d", lambda: T.std(3.0, -1.0)),
        ("entropy", "c", lambda: T.entropy(0.0, 2.0)))],
    (lambda: T.logpdf(1.0, 2.0, 3.0, 0.0, -1.0), "burr.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0, 3.0), "burr.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, ((0.4, 2.0), (3.0, 0.5)))


@pytest.mark.parametrize("c, d, slope, second", [
    # x = q^(1/(c d)) + q^((1 + c)/(c d)) / c + ... at q = 0 (mielke's two leading powers at k = c d, s = c): the slope
    # 0, 1 or +inf as c d is below, at or above 1 (through the product it was NaN at c = d = 3, the truth +inf)
    (3.0, 3.0, np.inf, -np.inf), (0.9, 1.0, 0.0, np.inf), (2.0, 0.5, 1.0, 0.0), (1.0, 1.0, 1.0, 2.0)])
def test_quantile_at_zero(c, d, slope, second):
    for name, sign, q in (("ppf", 1.0, 0.0), ("isf", -1.0, 1.0)):
        def f(q, name=name):
            return _f(name)(q, c, d)
        with np.errstate(all="ignore"):
            got = [float(f(q)), float(wg.grad(f)(q)), float(wg.grad(wg.grad(f))(q)),
                   float(wg.jvp(wg.grad(f), (q,), (1.0,))[1])]
        np.testing.assert_array_equal(got, [0.0, sign * slope, second, second], err_msg=f"{name} {c} {d}")
