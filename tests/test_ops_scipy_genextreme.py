"""``scipy.stats.genextreme`` (the generalized extreme value distribution, SciPy's sign of c):
its densities, tails, quantiles, mean, var, std, entropy, median and interval, for every real c.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and
against mpmath where SciPy's lose digits (the upper log tail, near the upper end 1/c); derivatives
in c at and near c = 0 (the Gumbel distribution) and near the end against mpmath (tables,
recomputed where mpmath is installed); the ends of the support; third derivatives; refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test, mp_derivatives, nth_grad, stats_values_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
Z = np.array([-1.2, 0.2, 0.9, 1.6])
Q = np.array([0.1, 0.35, 0.85])
#: c: negative (the support z > 1/c: -1.2 is inside for c > -0.83), around c = 0 (the series of
#: log1p(-c z) / c, |c z| < 1/2, and its switch), positive (z <= 1/c: 1.6 inside for c < 0.625)
C = np.array([[-0.6], [-1e-9], [0.0], [1e-9], [0.3], [0.55]])


def _f(method):
    return getattr(stats.genextreme, method)


CASES = [
    # in x, c, loc and scale, broadcast against each other
    *[case(_f(f), _f(f), Z, C, 0.1, 1.3, id=f"genextreme.{f}") for f in TAILS],
    *[case(_f(f), _f(f), Q, C, 0.1, 1.3, id=f"genextreme.{f}") for f in ("ppf", "isf")],
    # |c z| around 1/2, where log1p(-c z) / c switches from its series to its closed form
    *[case(_f(f), lambda c, _f=_f(f): _f(1.0, c), np.array([-0.51, -0.49, 0.49, 0.51]), id=f"genextreme.{f}-switch")
      for f in TAILS],
    # near the upper end 1/c (c > 0: the powers of 1 - c z), c = 1 (the density 1 at the end) and c > 1
    # (at z = (1 - w) / c: w = 1 - c z, within 1e-2 of the end)
    *[case(_f(f), lambda w, c, _f=_f(f): _f((1.0 - w) / c, c), np.array([0.001, 0.005, 0.008]),
           np.array([[0.5], [1.0], [1.5]]), id=f"genextreme.{f}-near-end") for f in TAILS],
    # far below the mode (u = exp(-y) beyond 3000: constants) and far above (the log tail's series)
    *[case(_f(f), _f(f), np.array([-9.0, -2.0, 30.0, 300.0]), np.array([[0.0], [-0.3]]), id=f"genextreme.{f}-far")
      for f in ("pdf", "cdf", "sf", "logsf")],
    # a size-1 and a size-0 array
    *[case(_f(f), _f(f), np.array([0.7 if f in ("ppf", "isf") else 1.1]), np.array([0.2]), np.array([0.1]),
           np.array([1.4]), id=f"genextreme.{f}-size1") for f in TAILS + ("ppf", "isf")],
    *[case(_f(f), _f(f), np.zeros(0), 0.2, id=f"genextreme.{f}-size0") for f in TAILS + ("ppf", "isf")],
    case(_f("entropy"), _f("entropy"), np.array([-0.5, 0.0, 2.0]), np.array([[0.0], [1.0]]), np.array([[0.6], [2.0]]),
         id="genextreme.entropy"),
    # (the moments: against mpmath on five paths in tests/test_stats_moments_closed_forms.py)
    *[case(_f(m), _f(m), np.array([-0.4, 0.0, 0.1, 0.7, 2.5]), np.array([[0.0], [1.0]]), np.array([[0.6], [2.0]]),
           id=f"genextreme.{m}") for m in ("mean", "var", "std")],
    case(_f("median"), lambda *a: _f("median")(*a), np.array([[[-0.5]], [[0.0]], [[0.7]]]), np.array([-0.4, 1.3]),
         np.array([[0.6], [2.0]]), id="genextreme.median"),
    case(_f("interval"), lambda p: _f("interval")(p, -0.3, 0.3, 1.2), np.array([0.2, 0.9, 0.99]),
         id="genextreme.interval"),
]

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-5.0, -2.0, -1.0, 0.0, 0.5, 1.0, 1.99, 2.0, 2.5, 5.0, 40.0])
QS = np.array([0.0, 1e-300, 0.1, 0.5, 0.9, 1.0])
SHAPES = np.array([[-2.0], [-0.5], [-1e-9], [0.0], [1e-12], [0.3], [0.5], [1.0]])
VALUE_CHECKS = [
    # (c > 1 at the end z = 1/c: the density is inf there, the limit from inside; SciPy's value is 0)
    *[(f"genextreme.{f}", (POINTS, SHAPES, loc, 1.6)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"genextreme.{f}", (QS, SHAPES, -0.1, 1.3)) for f in ("ppf", "isf")],
    ("genextreme.entropy", (np.array([-0.5, 0.0, 2.0]), 0.3, np.array([[0.6], [2.0]]))),
    *[(f"genextreme.{m}", (np.array([-0.45, -0.3, 0.0, 0.1, 0.5, 1.0, 3.0]), 0.3, np.array([[0.6], [2.0]])))
      for m in ("mean", "var", "std")],
    ("genextreme.median", (np.array([-0.5, 0.0, 0.7]), -0.1, 1.3)),
    ("genextreme.interval", (0.8, np.array([-0.5, 0.0, 0.7]), -0.1, 1.3)),
]
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


def test_the_density_at_the_end_for_c_above_1():
    # (1 - c z)^(1/c - 1) exp(-(1 - c z)^(1/c)): inf at z = 1/c for c > 1 (SciPy: 0), 1 for c = 1
    assert float(stats.genextreme.pdf(0.5, 2.0)) == np.inf and float(ST.genextreme.pdf(0.5, 2.0)) == 0.0
    assert float(stats.genextreme.pdf(1.0, 1.0)) == 1.0


#: (function, (x, c), the argument differentiated, value, first and second derivatives): mpmath at
#: 1200 digits, central differences of step 1e-80 (see test_the_tables_are_mpmaths); SciPy 1.18's value
#: after it where it differs by more than 1e-13: the upper log tail underflows, and near the end its
#: log1p(-c x) takes c x rounded (5.4e-7 relative off at 1 - c x = 1e-11)
TABLE = [
    ("logsf", (800.0, 0.0), 0, -800.0, -1.0, 0.0, -np.inf),
    ("logsf", (1e10, -0.5), 0, -44.66540749916102, -1.9999999996e-10, 1.9999999992e-20, None),
    ("logsf", (3.0, 0.3), 1, -7.6755157137783545, -74.39845216596098, -2504.5991218079807, None),
    ("logpdf", (3.33333333333, 0.3), 0, -64.47239968097085, -700005123160.0171, -2.1000307390725882e+23,
     -64.47243422175117),
    ("logpdf", (3.33333333333, 0.3), 1, -64.47239968097085, -7777834701463.179, -2.5926305420523313e+25,
     -64.47243422175117),
    ("logsf", (3.33333333333, 0.3), 0, -92.10342811567264, -1000007318800.0243, -3.0000439129608404e+23,
     -92.10347745964454),
    ("pdf", (0.4999, 2.0), 0, 69.71771597065576, 353518.3668264863, 5303124090.977732, None),
    ("cdf", (0.999, 1.0), 0, 0.999000499833375, 0.999000499833375, 0.999000499833375, None),
    # in c at and near c = 0, where the closed form's derivatives in c are 0 / 0
    ("logpdf", (1.5, 0.0), 1, -1.72313016014843, 0.6260214301669835, 0.21964375139611061, None),
    ("logpdf", (1.5, 1e-12), 1, -1.7231301601478037, 0.6260214301672032, 0.21964375139558456, None),
    ("logpdf", (1.5, -1e-08), 1, -1.723130166408644, 0.626021427970546, 0.21964375665662036, None),
    ("logsf", (1.5, 0.0), 1, -1.6094914788905252, -1.0041529541111507, -2.13902090074479, None),
    ("logcdf", (1.5, 0.0), 1, -0.22313016014842982, 0.2510214301669836, 0.21964375139611061, None),
    ("logcdf", (-3.0, 1e-09), 1, -20.085536832802752, 90.38491538607272, -768.2717781604556, None),
]


@pytest.mark.parametrize("method, args, at, value, first, second, scipys", TABLE)
def test_against_mpmath(method, args, at, value, first, second, scipys):
    def f(t):
        return _f(method)(*args[:at], t, *args[at + 1:])
    assert float(f(args[at])) == pytest.approx(value, rel=4e-15)
    assert float(wg.grad(f)(args[at])) == pytest.approx(first, rel=4e-15)
    assert float(wg.grad(wg.grad(f))(args[at])) == pytest.approx(second, rel=4e-15)
    assert float(wg.jvp(wg.grad(f), (args[at],), (1.0,))[1]) == pytest.approx(second, rel=4e-15)
    if scipys is not None:
        with np.errstate(divide="ignore"):
            assert float(getattr(ST.genextreme, method)(*args)) == scipys


@pytest.mark.truth_tables
def test_the_tables_are_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(1200):
        for method, args, at, *want, _ in TABLE:
            def g(t, _method=method, _args=args, _at=at):
                z, c = [mp.mpf(v) for v in _args]
                if _at == 0:
                    z = t
                else:
                    c = t
                y = z if c == 0 else -mp.log1p(-c * z) / c
                u = mp.exp(-y)
                return {"logpdf": -(1 - c) * y - u, "pdf": mp.exp(-(1 - c) * y - u), "cdf": mp.exp(-u), "logcdf": -u,
                        "logsf": mp.log(-mp.expm1(-u))}[_method]
            got = mp_derivatives(mp, g, args[at])
            assert got == pytest.approx(tuple(want), rel=1e-15, abs=1e-300)


# -- the ends of the support -------------------------------------------------------------------

def test_the_ends_of_the_support():
    # c = 1: the cdf exp(z - 1) up to z = 1, the density the same: 1 at the end, slope 1
    assert nth_grad(lambda x: stats.genextreme.pdf(x, 1.0), 1.0) == 1.0
    assert nth_grad(lambda x: stats.genextreme.cdf(x, 1.0), 1.0) == 1.0
    assert nth_grad(lambda x: stats.genextreme.cdf(x, 1.0), 1.0, 2) == 1.0
    # c = 0.5 (end 2): the cdf exp(-(1 - z/2)^2), density (1 - z/2) exp(-(1 - z/2)^2): at the end
    # 1 and 0, slopes 0 and -1/2
    assert float(stats.genextreme.pdf(2.0, 0.5)) == 0.0
    assert nth_grad(lambda x: stats.genextreme.pdf(x, 0.5), 2.0) == -0.5
    assert nth_grad(lambda x: stats.genextreme.cdf(x, 0.5), 2.0) == 0.0
    assert nth_grad(lambda x: stats.genextreme.sf(x, 0.5), 2.0, 2) == 0.5
    # c < 0, at the lower end 1/c: every function constant (the density and all its derivatives vanish)
    for f, value in (("pdf", 0.0), ("cdf", 0.0), ("sf", 1.0), ("logsf", 0.0), ("logpdf", -np.inf)):
        got, grads = wg.value_and_grad(_f(f), (0, 1, 2, 3))(-2.0, -0.5, 0.0, 1.0)
        assert got == value and grads == (0.0, 0.0, 0.0, 0.0)


def test_outside():
    for f, x, c in (("logpdf", 2.5, 0.5), ("logpdf", -2.5, -0.5), ("logcdf", -2.5, -0.5), ("logsf", 2.5, 0.5)):
        value, grads = wg.value_and_grad(_f(f), (0, 1, 2, 3))(x, c, 0.0, 1.0)
        assert value == -np.inf and grads == (0.0, 0.0, 0.0, 0.0)
    # at the upper end the log sf is -inf too (c traced there: refused, test_refusals)
    value, grads = wg.value_and_grad(_f("logsf"), (0, 2, 3))(2.0, 0.5, 0.0, 1.0)
    assert value == -np.inf and grads == (0.0, 0.0, 0.0)


def test_third_order():
    check_grads(lambda x, c: stats.genextreme.logsf(x, c, 0.1, 1.3), np.array([[0.4], [1.2], [5.0]]),
                np.array([-0.3, 0.0, 1e-9, 0.2]), order=3, modes=("rev", "fwd"))
    check_grads(lambda c: stats.genextreme.isf(0.7, c), np.array([-0.4, 0.0, 0.6]), order=3, modes=("rev", "fwd"))


def test_refusals():
    for f in TAILS:
        with pytest.raises(wg.NoGradientRule, match=f"genextreme.{f} has no derivative in c at the upper end"):
            wg.grad(lambda c, _f=_f(f): _f(2.0, c))(0.5)
    assert np.isfinite(wg.grad(lambda s: stats.genextreme.cdf(2.0, 0.5, 0.0, s))(1.0))
    with pytest.raises(ValueError, match="genextreme.cdf: scale must be positive"):
        stats.genextreme.cdf(1.0, 0.5, 0.0, 0.0)
    with pytest.raises(ValueError, match="genextreme.ppf: q must be a probability"):
        stats.genextreme.ppf(1.5, 0.5)


@pytest.mark.parametrize("c", [-0.5, -2.0, -50.0])
def test_the_quantiles_at_the_lower_end(c):
    # ppf(0) = isf(1) = 1/c for c < 0: in c, -1/c^2 and 2/c^3 (were NaN: boxcox(inf, c)'s c-derivative
    # s^c log(s) / c = 0 * inf); in q, s^(c-1) / q -> inf (ppf; isf: -inf), second -inf, in q and c +-inf
    for f, q, sign in ((_f("ppf"), 0.0, 1.0), (_f("isf"), 1.0, -1.0)):
        assert float(f(q, c)) == 1.0 / c
        assert wg.grad(f, 1)(q, c) == pytest.approx(-1.0 / c**2, rel=1e-15)
        assert wg.grad(wg.grad(f, 1), 1)(q, c) == pytest.approx(2.0 / c**3, rel=1e-15)
        assert wg.jvp(lambda c: wg.jvp(lambda c: f(q, c), (c,), (1.0,))[1], (c,), (1.0,))[1] == pytest.approx(2.0 / c**3, rel=1e-15)
        assert wg.grad(f)(q, c) == sign * np.inf
        assert wg.grad(wg.grad(f))(q, c) == -np.inf
        assert wg.grad(wg.grad(f), 1)(q, c) == sign * np.inf
    # arrays: the end beside inner points, c >= 0 (-inf there, as before)
    got = stats.genextreme.ppf(np.array([0.0, 0.3]), np.array([[c], [0.0]]))
    want = ST.genextreme.ppf(np.array([0.0, 0.3]), np.array([[c], [0.0]]))
    np.testing.assert_allclose(got, want, rtol=1e-14)


@pytest.mark.parametrize("z, c", [(1e155, 0.0), (1e200, 0.0), (1e200, -0.3), (3500.0, 1e-9)])
def test_far_above_the_mode(z, c):
    # y > 3000: exp(-y) and its derivatives vanish (they were 0 * inf = NaN in d2/dc2 from z = 1e154 at c = 0,
    # where d2y/dc2 = 2 z^3 / 3 overflows)
    for f, value in (("pdf", 0.0), ("cdf", 1.0), ("sf", 0.0), ("logcdf", 0.0)):
        with np.errstate(over="ignore", invalid="ignore"):
            assert float(_f(f)(z, c)) == value
            assert nth_grad(lambda c: _f(f)(z, c), c, 2) == 0.0
            assert nth_grad(lambda x: _f(f)(x, c), z) == 0.0
