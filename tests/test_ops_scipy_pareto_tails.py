"""``scipy.stats``' heavy-tailed distributions ``genpareto``, ``lomax`` and ``halfcauchy``:
their densities, tails, quantiles, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's
(and against mpmath where SciPy's lose digits), genpareto's derivatives in ``c`` at and near
``c = 0`` against mpmath (tables, recomputed where mpmath is installed), the one-sided
derivatives at the ends of the supports, third derivatives, and the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test, nth_grad, stats_values_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
Z = np.array([0.2, 0.9, 1.6])
Q = np.array([0.1, 0.35, 0.85])
#: genpareto's c: negative (a bounded support, z <= -1/c: 1.6 is inside for c > -0.625), around
#: c = 0 (the series of log1p(cz) / c, |cz| < 1/2, and its switch), and positive
GP_C = np.array([[-0.6], [-1e-9], [0.0], [1e-9], [0.3], [2.5]])


def _f(name, method):
    return getattr(getattr(stats, name), method)


CASES = [
    # in x, c, loc and scale, broadcast against each other
    *[case(_f("genpareto", f), _f("genpareto", f), Z, GP_C, 0.1, 1.3, id=f"genpareto.{f}") for f in TAILS],
    *[case(_f("genpareto", f), _f("genpareto", f), Q, GP_C, 0.1, 1.3, id=f"genpareto.{f}") for f in ("ppf", "isf")],
    # |c z| around 1/2, where log1p(cz) / c switches from its series to its closed form
    *[case(_f("genpareto", f), lambda c, _f=_f("genpareto", f): _f(1.0, c), np.array([-0.51, -0.49, 0.49, 0.51]),
           id=f"genpareto.{f}-switch") for f in TAILS],
    # near the upper end z = -1/c (c < 0: the powers' side), with c = -1 (the uniform) and c < -1
    *[case(_f("genpareto", f), lambda x, c, _f=_f("genpareto", f): _f(x, c), np.array([0.99, 0.995, 0.998]),
           np.array([[-0.5], [-1.0]]), id=f"genpareto.{f}-near-end") for f in ("pdf", "cdf", "logcdf", "sf")],
    *[case(_f("genpareto", f), lambda x, c, _f=_f("genpareto", f): _f(x, c), np.array([0.3, 0.495]), -2.0,
           id=f"genpareto.{f}-c-below-1") for f in TAILS],
    # beyond the support on either side: constants
    # (the log functions are -inf on one side: central differences cannot look there; see test_outside)
    *[case(_f("genpareto", f), _f("genpareto", f), np.array([-0.3, 2.5]), -0.5, id=f"genpareto.{f}-outside")
      for f in ("pdf", "cdf", "sf")],
    # a size-1 and a size-0 array
    *[case(_f("genpareto", f), _f("genpareto", f), np.array([0.7 if f in ("ppf", "isf") else 1.1]), np.array([0.2]),
           np.array([0.1]), np.array([1.4]), id=f"genpareto.{f}-size1") for f in TAILS + ("ppf", "isf")],
    *[case(_f("genpareto", f), _f("genpareto", f), np.zeros(0), 0.2, id=f"genpareto.{f}-size0")
      for f in TAILS + ("ppf", "isf")],
    case(_f("genpareto", "entropy"), _f("genpareto", "entropy"), np.array([-0.5, 0.0, 2.0]), np.array([[0.0], [1.0]]),
         np.array([[0.6], [2.0]]), id="genpareto.entropy"),
    *[case(_f("lomax", f), _f("lomax", f), Z, np.array([[0.5], [1.0], [3.0]]), 0.1, 1.3, id=f"lomax.{f}")
      for f in TAILS],
    *[case(_f("lomax", f), _f("lomax", f), Q, np.array([[0.5], [1.0], [3.0]]), 0.1, 1.3, id=f"lomax.{f}")
      for f in ("ppf", "isf")],
    *[case(_f("lomax", f), _f("lomax", f), np.array([-0.5, 1e-3]), 2.0, id=f"lomax.{f}-at-end")
      for f in ("pdf", "cdf", "sf", "logsf")],
    case(_f("lomax", "entropy"), _f("lomax", "entropy"), np.array([0.5, 2.0]), np.array([[0.0], [1.0]]),
         np.array([[0.6], [2.0]]), id="lomax.entropy"),
    *[case(_f("halfcauchy", f), _f("halfcauchy", f), np.array([1e-3, 0.5, 1.0, 1.5, 30.0]), np.array([[0.0], [-0.2]]),
           np.array([[1.3], [0.7]]), id=f"halfcauchy.{f}") for f in TAILS],
    *[case(_f("halfcauchy", f), _f("halfcauchy", f), np.array([1e-3, 0.2, 0.5, 0.51, 0.9, 0.999]), 0.1, 1.3,
           id=f"halfcauchy.{f}") for f in ("ppf", "isf")],
    *[case(_f("halfcauchy", f), _f("halfcauchy", f), np.array([-0.5]), id=f"halfcauchy.{f}-below")
      for f in ("pdf", "cdf", "sf", "logsf")],
    case(_f("halfcauchy", "entropy"), _f("halfcauchy", "entropy"), np.array([0.0, 1.0]), np.array([[0.6], [2.0]]),
         id="halfcauchy.entropy"),
    *[case(_f(d, "median"), lambda *a, _f=_f(d, "median"): _f(*a), *shapes, np.array([-0.4, 1.3]),
           np.array([[0.6], [2.0]]), id=f"{d}.median") for d, shapes in (("genpareto", (np.array([[[-0.5]], [[0.0]], [[0.7]]]),)),
                                                                         ("lomax", (1.7,)), ("halfcauchy", ()))],
    *[case(_f(d, "interval"), lambda p, _f=_f(d, "interval"), _s=shapes: _f(p, *_s, 0.3, 1.2),
           np.array([0.2, 0.9, 0.99]), id=f"{d}.interval") for d, shapes in (("genpareto", (-0.3,)), ("lomax", (1.7,)),
                                                                            ("halfcauchy", ()))],
]

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-1.0, 0.0, 1e-3, 0.4, 1.3, 1.6, 3.0, 40.0])
QS = np.array([0.0, 1e-300, 0.1, 0.5, 0.9, 1.0])
VALUE_CHECKS = [
    *[(f"genpareto.{f}", (POINTS, np.array([[-2.0], [-1.0], [-0.625], [-0.3], [0.0], [1e-12], [0.5], [3.0]]), loc, 1.6))
      for f in TAILS for loc in (0.0, 0.1)],
    *[(f"genpareto.{f}", (QS, np.array([[-2.0], [-0.3], [0.0], [0.5], [3.0]]), -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"lomax.{f}", (POINTS, np.array([[0.5], [1.0], [2.5]]), loc, 1.3)) for f in TAILS for loc in (0.0, -0.1)],
    *[(f"lomax.{f}", (QS, np.array([[0.5], [1.0], [2.5]]), -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"halfcauchy.{f}", (POINTS, loc, 1.3)) for f in TAILS for loc in (0.0, -0.1)],
    # (SciPy's tan(pi q / 2) loses digits as q nears 1: compared up to 0.9 here, with mpmath beyond)
    *[(f"halfcauchy.{f}", (QS[:-1], -0.1, 1.3)) for f in ("ppf", "isf")],
    ("genpareto.entropy", (np.array([-0.5, 0.0, 2.0]), 0.3, np.array([[0.6], [2.0]]))),
    ("lomax.entropy", (np.array([0.5, 2.0]), 0.3, np.array([[0.6], [2.0]]))),
    ("halfcauchy.entropy", (0.3, np.array([0.6, 2.0]))),
    *[(f"{d}.median", (*shapes, -0.1, 1.3)) for d, shapes in (("genpareto", (np.array([-0.5, 0.0, 0.7]),)),
                                                               ("lomax", (1.7,)), ("halfcauchy", ()))],
    *[(f"{d}.interval", (0.8, *shapes, -0.1, 1.3)) for d, shapes in (("genpareto", (np.array([-0.5, 0.0, 0.7]),)),
                                                                      ("lomax", (1.7,)), ("halfcauchy", ()))],
]


test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


#: halfcauchy's quantiles near q = 1, where SciPy's tan(pi q / 2) loses digits (ppf at q =
#: 1 - 1e-12: 2.8e-5 relative): mpmath at 50 digits, of the float q (see test_the_tables_are_mpmaths)
HALFCAUCHY_QUANTILES = [
    ("ppf", 1 - 1e-12, 636633855803.5593),
    ("ppf", 1 - 1e-6, 636619.7723487513),
    ("isf", 1 - 1e-12, 1.5707615780781874e-12),
    ("isf", 1 - 1e-6, 1.570796326841358e-06),
]


@pytest.mark.parametrize("method, q, value", HALFCAUCHY_QUANTILES)
def test_halfcauchy_quantiles_near_1(method, q, value):
    assert float(_f("halfcauchy", method)(q)) == pytest.approx(value, rel=2e-16 * 8, abs=0.0)


#: genpareto's logsf (-log1p(c z) / c) and logpdf (-(1 + 1/c) log1p(c z)) at z = 1.5 and their
#: first two derivatives in c, at and around c = 0 and the series' switch |c z| = 1/2: mpmath at 50
#: digits (mp.diff; see test_the_tables_are_mpmaths). The closed form's first derivative
#: (z / (c (1 + c z)) - log1p(c z) / c^2) is 0 / 0 at c = 0 and kept 8 digits at c = 1e-8.
GENPARETO_IN_C = [
    ("logsf", 0.0, -1.5, 1.125, -2.25),
    ("logsf", 1e-12, -1.499999999998875, 1.12499999999775, -2.249999999992406),
    ("logsf", -1e-08, -1.50000001125, 1.1250000225000003, -2.2500000759375016),
    ("logsf", 0.3333, -1.2164169643542249, 0.6492158113103612, -0.8951843762993525),
    ("logsf", 0.3334, -1.216352047248673, 0.6491263031529441, -0.8949787831645863),
    ("logsf", -0.3, -1.9927900025187348, 2.4482757491799747, -8.471550101885567),
    ("logpdf", 0.0, -1.5, -0.375, 0.0),
    ("logpdf", 1e-12, -1.500000000000375, -0.375, 8.437499999969625e-13),
    ("logpdf", 0.3334, -1.6218838198013805, -0.3508070346245375, 0.10488789683422865),
    ("logpdf", -0.3, -1.3949530017631144, -0.2789969780927525, -1.0335335729599475),
]


@pytest.mark.parametrize("method, c, value, first, second", GENPARETO_IN_C)
def test_genpareto_in_c_at_and_near_0(method, c, value, first, second):
    f = lambda c: _f("genpareto", method)(1.5, c)  # noqa: E731
    assert float(f(c)) == pytest.approx(value, rel=1e-15, abs=1e-300)
    assert float(wg.grad(f)(c)) == pytest.approx(first, rel=4e-15, abs=0.0)
    # (logpdf's second derivative at c -> 0 is a difference of terms 2.25 that cancel: 1e-15 absolute)
    assert float(wg.grad(wg.grad(f))(c)) == pytest.approx(second, rel=4e-14, abs=1e-15)
    assert float(wg.jvp(wg.grad(f), (c,), (1.0,))[1]) == pytest.approx(second, rel=4e-14, abs=1e-15)


@pytest.mark.truth_tables
def test_the_tables_are_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        for method, q, value in HALFCAUCHY_QUANTILES:
            p = mp.mpf(q) if method == "ppf" else 1 - mp.mpf(q)
            assert float(mp.tan(mp.pi * p / 2)) == value
        functions = {"logsf": lambda c, z: -mp.log1p(c * z) / c if c else -z,
                     "logpdf": lambda c, z: -(1 + 1 / c) * mp.log1p(c * z) if c else -z}
        for method, c, value, first, second in GENPARETO_IN_C:
            f = lambda c, _f=functions[method]: _f(c, mp.mpf(1.5))  # noqa: E731
            c = mp.mpf(c)
            got = (float(f(c)), float(mp.diff(f, c)), float(mp.diff(f, c, 2)))
            assert got == pytest.approx((value, first, second), rel=1e-15, abs=1e-300)


# -- the ends of the supports ------------------------------------------------------------------

def test_the_ends_of_the_supports():
    # genpareto at its upper end z = -1/c: the density (1 + cz)^(-1 - 1/c), sf (1 + cz)^(-1/c)
    # c = -0.5 (end 2): pdf = 1 - z/2, sf = (1 - z/2)^2: one-sided derivatives -1/2 and 0 there
    assert nth_grad(lambda x: stats.genpareto.pdf(x, -0.5), 2.0) == -0.5
    assert nth_grad(lambda x: stats.genpareto.sf(x, -0.5), 2.0) == 0.0
    assert nth_grad(lambda x: stats.genpareto.cdf(x, -0.5), 2.0) == 0.0
    assert nth_grad(lambda x: stats.genpareto.sf(x, -0.5), 2.0, 2) == 0.5
    # c = -1: the uniform on [0, 1]
    assert nth_grad(lambda x: stats.genpareto.pdf(x, -1.0), 1.0) == 0.0
    assert nth_grad(lambda x: stats.genpareto.cdf(x, -1.0), 1.0) == 1.0
    assert float(stats.genpareto.logpdf(1.0, -1.0)) == 0.0
    # c = 0 at z = 0 (lower end): the exponential, one-sided from inside
    assert nth_grad(lambda x: stats.genpareto.pdf(x, 0.0), 0.0) == -1.0
    assert nth_grad(lambda c: stats.genpareto.cdf(0.0, c), 0.0) == 0.0
    # lomax and halfcauchy at z = 0: c (1 + z)^(-c - 1) and 2 / (pi (1 + z^2))
    assert nth_grad(lambda x: stats.lomax.pdf(x, 2.0), 0.0) == -6.0
    assert nth_grad(lambda x: stats.lomax.cdf(x, 2.0), 0.0) == 2.0
    assert nth_grad(lambda x: stats.halfcauchy.cdf(x), 0.0) == pytest.approx(2.0 / np.pi, rel=1e-15, abs=0.0)
    assert nth_grad(lambda x: stats.halfcauchy.sf(x), 0.0) == pytest.approx(-2.0 / np.pi, rel=1e-15, abs=0.0)
    assert nth_grad(lambda x: stats.halfcauchy.pdf(x), 0.0) == 0.0
    # halfcauchy's quantiles: ppf(0) = 0 with derivative pi / 2; isf(1) = 0 with -pi / 2
    assert nth_grad(stats.halfcauchy.ppf, 0.0) == pytest.approx(np.pi / 2, rel=1e-15, abs=0.0)
    assert nth_grad(stats.halfcauchy.isf, 1.0) == pytest.approx(-np.pi / 2, rel=1e-15, abs=0.0)


def test_third_order():
    check_grads(lambda x, c: stats.genpareto.logcdf(x, c, 0.1, 1.3), np.array([[0.4], [1.2]]),
                np.array([-0.3, 0.0, 1e-9, 0.8]), order=3, modes=("rev", "fwd"))
    check_grads(lambda c: stats.genpareto.ppf(0.7, c), np.array([-0.4, 0.0, 0.6]), order=3, modes=("rev", "fwd"))
    check_grads(lambda q: stats.halfcauchy.isf(q, 0.2, 1.5), np.array([0.1, 0.5, 0.8]), order=3, modes=("rev", "fwd"))


def test_outside():
    # the log functions outside the support: -inf or 0, with gradient 0 in every argument
    for f, x, c in (("logpdf", -0.3, -0.5), ("logpdf", 2.7, -0.5), ("logcdf", -0.3, -0.5), ("logsf", 2.7, -0.5)):
        value, grads = wg.value_and_grad(_f("genpareto", f), (0, 1, 2, 3))(x, c, 0.0, 1.3)
        assert value == -np.inf and grads == (0.0, 0.0, 0.0, 0.0)
    # AT the lower end x == loc the log cdf is -inf with the one-sided limits from inside
    # (log z - (1 + c) z / 2 + O(z^2)): +inf in x, 0 in c, -inf in loc, -1/scale
    value, grads = wg.value_and_grad(_f("genpareto", "logcdf"), (0, 1, 2, 3))(0.0, 0.7, 0.0, 1.3)
    assert value == -np.inf and grads == (np.inf, 0.0, -np.inf, -1 / 1.3)
    for d, a in (("lomax", (2.0,)), ("halfcauchy", ())):
        for f in ("logpdf", "logcdf"):
            value, grads = wg.value_and_grad(_f(d, f), tuple(range(len(a) + 3)))(-0.5, *a, 0.0, 1.3)
            assert value == -np.inf and grads == (0.0,) * (len(a) + 3)


def test_refusals():
    # genpareto's upper end moves with c: a traced c there is refused, every function
    for f in TAILS:
        with pytest.raises(wg.NoGradientRule, match=f"genpareto.{f} has no derivative in c at the upper end"):
            wg.grad(lambda c, _f=_f("genpareto", f): _f(2.0, c))(-0.5)
    # in x, loc and scale there: the one-sided derivatives (above)
    assert np.isfinite(wg.grad(lambda s: stats.genpareto.sf(2.0, -0.5, 0.0, s))(1.0))
    for f in TAILS + ("ppf", "isf", "entropy"):
        args = (0.5,) if f == "entropy" else (0.5, 0.5)
        with pytest.raises(ValueError, match=f"lomax.{f}: the shape parameters must be positive"):
            _f("lomax", f)(*args[:-1], 0.0) if f == "entropy" else _f("lomax", f)(0.5, -1.0)
    with pytest.raises(ValueError, match="genpareto.cdf: scale must be positive"):
        stats.genpareto.cdf(1.0, 0.5, 0.0, 0.0)
    with pytest.raises(ValueError, match="halfcauchy.ppf: q must be a probability"):
        stats.halfcauchy.ppf(-0.1)


@pytest.mark.parametrize("q, c", [(1e-200, 1.0), (1e-300, 3.0), (1e-30, 1.0), (1e-30, 0.5)])
def test_lomax_isf_far_in_the_tail(q, c):
    # isf = q^(-1/c) - 1: in q, second derivative (1/c)(1/c + 1) q^(-1/c - 2) (+inf at the first two:
    # was NaN, -inf from log1p(-exp(-t))'s derivatives against t's +inf); in c, q^(-1/c) log(q) / c^2
    with np.errstate(over="ignore"):
        second = (1.0 / c) * (1.0 / c + 1.0) * np.float64(q) ** (-1.0 / c - 2.0)
        got = nth_grad(lambda q: stats.lomax.isf(q, c), q, 2)
        in_c = nth_grad(lambda c: stats.lomax.isf(q, c), c)
    assert got == pytest.approx(second, rel=1e-12, abs=0.0) if np.isfinite(second) else got == np.inf
    assert in_c == pytest.approx(q ** (-1.0 / c) * np.log(q) / c**2, rel=1e-12, abs=0.0)


def test_lomax_float32_quantiles_correctly_rounded():
    # expm1(-log1p(-q) / c) in float32 (through burr12's m^(1/c) d^(-1/c) exprel(t)^(1/c): one ulp off)
    got = stats.lomax.ppf(np.float32(0.3), np.float32(2.0))
    assert got.dtype == np.float32 and got == np.float32(np.expm1(-np.log1p(-np.float64(np.float32(0.3))) / 2.0))
