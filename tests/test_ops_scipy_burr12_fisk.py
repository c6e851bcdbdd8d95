"""``scipy.stats``' ``burr12`` (Burr type XII) and ``fisk`` (log-logistic, burr12 at d = 1): their
densities, tails, quantiles, fisk's moments and entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and
against mpmath where SciPy's lose digits (far tails, fisk's variance as c grows); derivatives far
in the tails against mpmath (tables, recomputed where mpmath is installed); the one-sided
derivatives at z = 0; third derivatives; the refusals.
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
#: both sides of z = 1 (log1p(z^c) switches to c log z + log1p(z^-c)) and of d z^c = 1e-3 (the
#: lower log tail's series)
Z = np.array([0.01, 0.2, 0.9, 1.6])
Q = np.array([0.1, 0.35, 0.85])
C = np.array([[0.5], [1.0], [3.0]])


def _f(name, method):
    return getattr(getattr(stats, name), method)


CASES = [
    # in x, the shapes, loc and scale, broadcast against each other
    *[case(_f("burr12", f), _f("burr12", f), Z, C, np.array([[[0.4]], [[2.5]]]), -0.1, 1.3, id=f"burr12.{f}")
      for f in TAILS],
    *[case(_f("burr12", f), _f("burr12", f), Q, C, np.array([[[0.4]], [[2.5]]]), -0.1, 1.3, id=f"burr12.{f}")
      for f in ("ppf", "isf")],
    *[case(_f("fisk", f), _f("fisk", f), Z, C, -0.1, 1.3, id=f"fisk.{f}") for f in TAILS],
    *[case(_f("fisk", f), _f("fisk", f), Q, C, 0.1, 1.3, id=f"fisk.{f}") for f in ("ppf", "isf")],
    # far out: the lower log tail's series and its tiny end (z^c below 1e-17), the upper tail's c log z
    # (farther, where central differences cannot look: FAR below)
    *[case(_f("burr12", f), _f("burr12", f), np.array([0.02, 0.3, 30.0, 1e3]), np.array([[0.7], [2.0]]), 1.5,
           id=f"burr12.{f}-far") for f in ("logpdf", "logcdf", "logsf")],
    # the quantiles on both sides of t = -log(q) / d = 1 (and beyond 700: FAR below)
    *[case(_f("burr12", f), _f("burr12", f), np.array([0.01, 0.5, 0.999]), 2.0, np.array([[0.3], [4.0]]),
           id=f"burr12.{f}-far") for f in ("ppf", "isf")],
    # at z = 0 (from inside: c = 1, where the density is d there, and c = 2) and beyond the support
    # (the log functions are -inf on one side: central differences cannot look there; see test_outside)
    *[case(_f("burr12", f), lambda x, d, _f=_f("burr12", f): _f(x, np.array([[1.0], [2.0]]), d),
           np.array([-0.5, 1e-3, 0.05]), 1.7, id=f"burr12.{f}-at-end") for f in ("pdf", "cdf", "sf", "logsf")],
    # a size-1 and a size-0 array
    *[case(_f("burr12", f), _f("burr12", f), np.array([0.7 if f in ("ppf", "isf") else 1.1]), np.array([0.6]),
           np.array([2.0]), np.array([0.1]), np.array([1.4]), id=f"burr12.{f}-size1") for f in TAILS + ("ppf", "isf")],
    *[case(_f("fisk", f), _f("fisk", f), np.zeros(0), 2.0, id=f"fisk.{f}-size0") for f in TAILS + ("ppf", "isf")],
    # fisk's moments: c around 1 and 2 (where the mean and variance become finite) and large
    *[case(_f("fisk", m), _f("fisk", m), np.array([1.2, 2.5, 3.0, 40.0, 1e4])[m != "mean":], np.array([[0.0], [1.0]]),
           np.array([[0.6], [2.0]]), id=f"fisk.{m}") for m in ("mean", "var", "std")],
    case(_f("fisk", "entropy"), _f("fisk", "entropy"), np.array([0.5, 2.0]), np.array([[0.0], [1.0]]),
         np.array([[0.6], [2.0]]), id="fisk.entropy"),
    *[case(_f(d, "median"), lambda *a, _f=_f(d, "median"): _f(*a), *shapes, np.array([-0.4, 1.3]),
           np.array([[0.6], [2.0]]), id=f"{d}.median") for d, shapes in (("burr12", (np.array([[[0.5]], [[3.0]]]), 1.7)),
                                                                         ("fisk", (1.7,)))],
    *[case(_f(d, "interval"), lambda p, _f=_f(d, "interval"), _s=shapes: _f(p, *_s, 0.3, 1.2),
           np.array([0.2, 0.9, 0.99]), id=f"{d}.interval") for d, shapes in (("burr12", (2.0, 0.7)), ("fisk", (1.7,)))],
]

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-1.0, 0.0, 1e-3, 0.4, 1.3, 1.6, 3.0, 40.0])
QS = np.array([0.0, 1e-300, 0.1, 0.5, 0.9, 1.0])
SHAPES = np.array([[0.5], [1.0], [2.5]])
VALUE_CHECKS = [
    # (SciPy's logcdf near 0 loses digits, 2.3e-10 relative at z = 7.7e-4, c = 2.5: see BEYOND_SCIPY)
    *[(f"burr12.{f}", (POINTS[POINTS != 1e-3] if f == "logcdf" else POINTS, SHAPES,
                       np.array([[[0.5]], [[1.0]], [[3.0]]]), loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    # (SciPy's isf overflows at q = 1e-300 for d = 0.5: see BEYOND_SCIPY)
    *[(f"burr12.{f}", (QS[QS != 1e-300] if f == "isf" else QS, SHAPES, np.array([[[0.5]], [[1.0]], [[3.0]]]), -0.1,
                       1.3)) for f in ("ppf", "isf")],
    # (SciPy's fisk.sf at 40 is 3.9e-13 relative off mpmath: compared to 30 here)
    *[(f"fisk.{f}", (POINTS[:-1] if f == "sf" else POINTS, SHAPES, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"fisk.{f}", (QS, SHAPES, -0.1, 1.3)) for f in ("ppf", "isf")],
    ("fisk.entropy", (np.array([0.5, 2.0]), 0.3, np.array([[0.6], [2.0]]))),
    # (SciPy's variance cancels as c grows: compared up to 40 here, with mpmath beyond; SciPy's mean is
    # NaN for c <= 1 and its variance for c <= 2: see test_fisk_moments_where_they_do_not_exist)
    *[(f"fisk.{m}", (np.array([1.5, 2.5, 40.0])[m != "mean":], 0.3, np.array([[0.6], [2.0]])))
      for m in ("mean", "var", "std")],
    *[(f"{d}.median", (*shapes, -0.1, 1.3)) for d, shapes in (("burr12", (np.array([0.5, 3.0]), 1.7)), ("fisk", (1.7,)))],
    *[(f"{d}.interval", (0.8, *shapes, -0.1, 1.3)) for d, shapes in (("burr12", (np.array([0.5, 3.0]), 1.7)),
                                                                      ("fisk", (1.7,)))],
]


test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


#: where SciPy's value is wrong: (function, arguments, mpmath at 50 digits, SciPy 1.18's value)
BEYOND_SCIPY = [
    ("burr12.logsf", (1e200, 4.0, 1.0), -1842.0680743952366, -np.inf),     # x**c overflows
    ("burr12.logpdf", (1e200, 4.0, 1.0), -2301.198798632926, -np.inf),
    ("burr12.logcdf", (1e-200, 2.0, 3.0), -919.9354249089502, -np.inf),    # log1p(-(1 + x^c)^-d): log1p(-1)
    ("burr12.logcdf", (1e-3, 2.5, 0.5, 0.0, 1.3), -18.61844605149245, -18.618446055685155),  # 2.3e-10 off
    ("burr12.sf", (1e100, 4.0, 0.3), 1.0000000000000101e-120, 0.0),
    ("burr12.isf", (1e-300, 2.5, 0.5), 1e240, np.inf),
    ("fisk.logsf", (1e10, 2.0), -46.051701859880914, -np.inf),
    ("fisk.sf", (1e10, 2.0), 1e-20, 0.0),
    ("fisk.sf", (40.0, 2.5, 0.1, 1.3), 0.0001915768079738068, 0.00019157680797388113),  # 3.9e-13 off
    ("fisk.var", (1e3,), 3.289891944923572e-06, 3.289891944424639e-06),  # 1.5e-10 relative off
    ("fisk.var", (1e5,), 3.289868136077564e-10, 3.2898728186125936e-10),
    ("fisk.var", (1e8,), 3.289868133696455e-16, 0.0),
]


@pytest.mark.parametrize("name, args, value, scipys", BEYOND_SCIPY, ids=[n for n, *_ in BEYOND_SCIPY])
def test_where_scipy_loses_digits(name, args, value, scipys):
    distribution, function = name.split(".")
    # (exp of a log: a relative error of |log value| eps)
    assert float(_f(distribution, function)(*args)) == pytest.approx(value, rel=4e-16 * max(8.0, abs(np.log(abs(value)))))
    with np.errstate(divide="ignore", over="ignore"):  # (SciPy's own warnings)
        theirs = float(getattr(getattr(ST, distribution), function)(*args))
    assert theirs != pytest.approx(value, rel=1e-14, abs=0.0)


#: (function, (x or q, c, d), the argument differentiated, value, first and second derivatives):
#: mpmath at 1200 digits, central differences of step 1e-80 relative (see test_the_tables_are_mpmaths)
FAR = [
    ("logsf", (1e+200, 4.0, 1.0), 0, -1842.0680743952366, -4e-200, 0.0),
    ("logsf", (1e+200, 4.0, 1.0), 1, -1842.0680743952366, -460.51701859880916, 0.0),
    ("logpdf", (1e+200, 4.0, 1.0), 0, -2301.198798632926, -5e-200, 0.0),
    ("logcdf", (1e-200, 2.0, 3.0), 0, -919.9354249089502, 2e+200, -np.inf),
    ("logcdf", (1e-200, 2.0, 3.0), 1, -919.9354249089502, -460.51701859880916, 0.0),
    ("logcdf", (1e-200, 2.0, 3.0), 2, -919.9354249089502, 0.3333333333333333, -0.1111111111111111),
    ("logcdf", (1e-07, 2.0, 3.0), 0, -31.13757901324855, 19999999.9999996, -200000000000004.03),
    ("logcdf", (1e-07, 2.0, 3.0), 2, -31.13757901324855, 0.3333333333333283, -0.1111111111111111),
    ("logcdf", (0.02, 2.0, 3.0), 1, -6.726233508918829, -3.908895055402822, -0.012230088657710686),
    # the density's d-derivatives (through exp(log c + log d + ...) the second lost 25%)
    ("pdf", (0.3, 30.0, 1.0), 2, 2.058911320946487e-14, 2.0589113209464866e-14, -8.478231655043216e-30),
    ("pdf", (0.001, 2.0, 3.0), 2, 0.00599997600006, 0.0019999860000469998, -3.999976000079333e-09),
    ("ppf", (1e-300, 2.0, 3.0), 2, 5.773502691896258e-151, -9.622504486493762e-152, 4.811252243246881e-152),
    ("ppf", (1e-20, 1.0, 1.0), 0, 1e-20, 1.0, 2.0),
    ("isf", (1e-300, 4.0, 0.3), 1, 1.0000000000000212e+250, -1.4391156831213092e+252, 2.078249527821275e+254),
]


@pytest.mark.parametrize("method, args, at, value, first, second", FAR)
def test_far_tails_against_mpmath(method, args, at, value, first, second):
    def f(t):
        return _f("burr12", method)(*args[:at], t, *args[at + 1:])
    # (a value far out loses |log| eps relative: isf at 1e-300 has a condition number 575 in d)
    assert float(f(args[at])) == pytest.approx(value, rel=3e-14, abs=1e-300)
    assert float(wg.grad(f)(args[at])) == pytest.approx(first, rel=3e-14, abs=1e-300)
    with np.errstate(over="ignore"):  # (-inf: the truth)
        assert float(wg.grad(wg.grad(f))(args[at])) == pytest.approx(second, rel=3e-14, abs=1e-300)
        assert float(wg.jvp(wg.grad(f), (args[at],), (1.0,))[1]) == pytest.approx(second, rel=3e-14, abs=1e-300)


#: fisk's variance and its derivatives in c, mpmath at 1200 digits (as FAR): the closed form's two terms
#: cancel as c grows
FISK_VARIANCE = [
    (2.0001, 19997.53292780239, -199999996.7101266, 3999999999966.289),
    (3.0, 0.9562355373360892, -1.39548225860415, 3.292902244410969),
    (1e3, 3.289891944923572e-06, -6.579831512533339e-09, 1.9739685029272623e-11),
    (1e8, 3.289868133696455e-16, -6.579736267392915e-24, 1.9739208802178767e-31),
]


@pytest.mark.parametrize("c, value, first, second", FISK_VARIANCE)
def test_fisk_variance_against_mpmath(c, value, first, second):
    assert float(stats.fisk.var(c)) == pytest.approx(value, rel=4e-15)
    assert float(wg.grad(stats.fisk.var)(c)) == pytest.approx(first, rel=4e-15)
    assert float(wg.grad(wg.grad(stats.fisk.var))(c)) == pytest.approx(second, rel=4e-15)


@pytest.mark.truth_tables
def test_the_tables_are_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(1200):

        def log1p_power(z, c):
            return mp.log1p(z ** c)
        functions = {
            "logsf": lambda z, c, d: -d * log1p_power(z, c),
            "logcdf": lambda z, c, d: mp.log(-mp.expm1(-d * log1p_power(z, c))),
            "logpdf": lambda z, c, d: mp.log(c * d) + (c - 1) * mp.log(z) - (d + 1) * log1p_power(z, c),
            "pdf": lambda z, c, d: c * d * z ** (c - 1) * mp.exp(-(d + 1) * log1p_power(z, c)),
            "ppf": lambda q, c, d: mp.expm1(-mp.log1p(-q) / d) ** (1 / c),
            "isf": lambda q, c, d: mp.expm1(-mp.log(q) / d) ** (1 / c),
        }
        for method, args, at, *want in FAR:
            def g(t, _f=functions[method], _a=args, _at=at):
                b = [mp.mpf(v) for v in _a]
                b[_at] = t
                return _f(*b)
            got = mp_derivatives(mp, g, args[at])
            # (a derivative that is 0 or infinite: within the differences' noise, or beyond the floats)
            assert got == pytest.approx(want, rel=1e-15, abs=1e-150) or method == "logcdf" and want[2] == -np.inf
        for c, *want in FISK_VARIANCE:
            def v(c):
                u = mp.pi / c
                return 2 * u / mp.sin(2 * u) - (u / mp.sin(u)) ** 2
            assert mp_derivatives(mp, v, c) == pytest.approx(tuple(want), rel=1e-15)
        for name, args, value, _ in BEYOND_SCIPY:
            distribution, function = name.split(".")
            if distribution == "burr12":
                f = {"sf": lambda z, c, d: mp.exp(-d * log1p_power(z, c)), **functions}[function]
                x, c, d, loc, scale = map(mp.mpf, (*args, 0.0, 1.0)[:5])
                assert float(f((x - loc) / scale, c, d)) == pytest.approx(value, rel=1e-15)


# -- the ends of the support -------------------------------------------------------------------

def test_the_end_of_the_support():
    # c = 1: the density d (1 + z)^(-d - 1) is d at 0 with derivative -d (d + 1); the cdf 1 - (1 + z)^-d
    assert float(stats.burr12.pdf(0.0, 1.0, 3.0)) == 3.0
    assert nth_grad(lambda x: stats.burr12.pdf(x, 1.0, 3.0), 0.0) == -12.0
    assert nth_grad(lambda x: stats.burr12.cdf(x, 1.0, 3.0), 0.0) == 3.0
    assert nth_grad(lambda x: stats.burr12.cdf(x, 1.0, 3.0), 0.0, 2) == -12.0
    assert nth_grad(lambda x: stats.burr12.sf(x, 1.0, 3.0), 0.0, 2) == 12.0
    # c = 2: the density 2 d z (1 + z^2)^(-d - 1): 0 at 0, slope 2 d; the cdf's slope 0, curvature 2 d
    assert nth_grad(lambda x: stats.burr12.pdf(x, 2.0, 3.0), 0.0) == 6.0
    assert nth_grad(lambda x: stats.burr12.cdf(x, 2.0, 3.0), 0.0) == 0.0
    assert nth_grad(lambda x: stats.burr12.cdf(x, 2.0, 3.0), 0.0, 2) == 6.0
    # in d and c at z = 0 (c != 1): the density is 0 or inf whatever they are, the cdf 0
    assert nth_grad(lambda d: stats.burr12.pdf(0.0, 2.0, d), 3.0) == 0.0
    assert nth_grad(lambda c: stats.burr12.cdf(0.0, c, 3.0), 2.0) == 0.0
    # fisk: the quantile's slope at q = 0, (q / (1 - q))^(1/c): 1 at c = 1, 0 for c < 1
    assert nth_grad(lambda q: stats.fisk.ppf(q, 1.0), 0.0) == 1.0
    assert nth_grad(lambda q: stats.fisk.ppf(q, 0.5), 0.0) == 0.0
    assert nth_grad(lambda q: stats.fisk.isf(q, 1.0), 1.0) == -1.0


def test_outside():
    # the log functions outside the support: -inf, with gradient 0 in every argument
    for d, a in (("burr12", (2.0, 3.0)), ("fisk", (2.0,))):
        for f in ("logpdf", "logcdf"):
            value, grads = wg.value_and_grad(_f(d, f), tuple(range(len(a) + 3)))(-0.5, *a, 0.0, 1.3)
            assert value == -np.inf and grads == (0.0,) * (len(a) + 3)
    # AT x == loc the log cdf is -inf with the one-sided limits from inside, c log z + log d + O(z^c): d/dx +inf, d/dc
    # log z's -inf, d/dd 1/d (it was the constant -inf, every derivative 0)
    value, grads = wg.value_and_grad(stats.burr12.logcdf, (0, 1, 2))(0.0, 2.0, 3.0)
    assert value == -np.inf and grads[:2] == (np.inf, -np.inf)
    np.testing.assert_allclose(grads[2], 1.0 / 3.0, rtol=1e-15)


def test_third_order():
    check_grads(lambda x, c, d: stats.burr12.logcdf(x, c, d, 0.1, 1.3), np.array([[0.2], [1.2], [4.0]]),
                np.array([0.7, 2.0]), 1.5, order=3, modes=("rev", "fwd"))
    check_grads(lambda q, d: stats.burr12.isf(q, 1.5, d), np.array([0.01, 0.4, 0.9]), np.array([[0.3], [3.0]]),
                order=3, modes=("rev", "fwd"))
    check_grads(stats.fisk.var, np.array([2.5, 30.0]), order=3, modes=("rev", "fwd"))


def test_refusals():
    # at z = 0 with c = 1 the density jumps in c (0 ** (c - 1): 0, 1 or inf)
    for f in ("pdf", "logpdf"):
        with pytest.raises(wg.NoGradientRule, match=f"burr12.{f} has no derivative in c at c = 1 where x == loc"):
            wg.grad(lambda c, _f=_f("burr12", f): _f(0.0, c, 2.0))(1.0)
        with pytest.raises(wg.NoGradientRule, match=f"fisk.{f} has no derivative in c"):
            wg.grad(lambda c, _f=_f("fisk", f): _f(0.0, c))(1.0)
    # in x, d, loc and scale there: the one-sided derivatives (above)
    assert wg.grad(lambda d: stats.burr12.pdf(0.0, 1.0, d))(2.0) == 1.0
    for f in TAILS + ("ppf", "isf"):
        with pytest.raises(ValueError, match=f"burr12.{f}: the shape parameters must be positive"):
            _f("burr12", f)(0.5, 1.0, -1.0)
        with pytest.raises(ValueError, match=f"fisk.{f}: the shape parameters must be positive"):
            _f("fisk", f)(0.5, 0.0)
    with pytest.raises(ValueError, match="fisk.var: the shape parameters must be positive"):
        stats.fisk.var(-1.0)
    with pytest.raises(ValueError, match="burr12.cdf: scale must be positive"):
        stats.burr12.cdf(1.0, 0.5, 1.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="fisk.ppf: q must be a probability"):
        stats.fisk.ppf(-0.1, 2.0)


def test_fisk_moments_where_they_do_not_exist():
    c = np.array([0.5, 1.0, 1.5, 2.0, 3.0])
    inf, nan = np.inf, np.nan
    np.testing.assert_array_equal(stats.fisk.mean(c)[:4], [inf, inf, stats.fisk.mean(1.5), stats.fisk.mean(2.0)])
    np.testing.assert_array_equal(stats.fisk.var(c)[:4], [nan, nan, inf, inf])
    grads = wg.elementwise_grad(stats.fisk.var)(c)
    assert np.isnan(grads[:2]).all() and (grads[2:4] == 0).all() and np.isfinite(grads[4])


def test_fisk_quantile_at_tiny_c_is_exact():
    """Before: fisk.ppf(0.5, 1e-12) was 0.99994 with d/dc 5.6e7 (truth 1 and 0): burr12's
    expm1(-log1p(-q))^(1/c) rounded log1p(-q) once and the power magnified it 1/c times."""
    for c in (1e-12, 1e-6, 0.3):
        assert stats.fisk.ppf(0.5, c) == 1.0 and stats.fisk.isf(0.5, c) == 1.0
        assert wg.grad(lambda c: stats.fisk.ppf(0.5, c))(c) == 0.0
        assert wg.jvp(lambda c: stats.fisk.isf(0.5, c), (c,), (1.0,))[1] == 0.0
        # d/dq (q / (1 - q))^(1/c) at 1/2: 4 / c
        assert wg.grad(lambda q: stats.fisk.ppf(q, c))(0.5) == pytest.approx(4.0 / c, rel=1e-15, abs=0)
    # (3/7)^(1/2) and its derivatives, against the closed forms
    q, c = 0.3, 2.0
    value = (q / (1 - q)) ** (1 / c)
    assert stats.fisk.ppf(q, c) == pytest.approx(value, rel=2e-16, abs=0)
    assert wg.grad(lambda c: stats.fisk.ppf(q, c))(c) == pytest.approx(-np.log(q / (1 - q)) / c ** 2 * value,
                                                                        rel=1e-15, abs=0)
    check_grads(lambda q, c: stats.fisk.ppf(q, c), 0.3, 2.0, modes=("rev", "fwd"), order=2)
    check_grads(lambda q, c: stats.fisk.isf(q, c), 0.3, 2.0, modes=("rev", "fwd"), order=2)


@pytest.mark.parametrize("method, q, c, d", [("ppf", 1e-300, 1e-12, 1e-3), ("ppf", 1e-10, 0.01, 1e-3),
                                              ("isf", 1.0 - 1e-10, 0.01, 1e-3), ("ppf", 1e-100, 1e-3, 1.0)])
def test_quantile_far_below_the_normal_numbers(method, q, c, d):
    """Where the quantile is far below the smallest double (exp(-7e14) at ppf(1e-300, 1e-12, 1e-3), 1e-700 at
    (1e-10, 0.01, 1e-3)), its derivatives of first and second order are 0 too (truth by mpmath: below 1e-690):
    the jvp in q was NaN at the first (exp(L)'s tangent 0 * inf: L' = 1e312 overflowed at c = 1e-12), the second
    derivative in d NaN at the second (the product's d^(-1/c) had an overflowing second derivative beside m^(1/c)
    = 0); in q, c and d, both modes."""
    args = [q, c, d]
    f0 = getattr(stats.burr12, method)
    for i in range(3):
        def f(t):
            a = list(args)
            a[i] = t
            return f0(*a)
        g = wg.grad(f)
        x = args[i]
        got = [float(f(x)), float(g(x)), float(wg.jvp(f, (x,), (1.0,))[1]), float(wg.grad(g)(x)),
               float(wg.jvp(g, (x,), (1.0,))[1]), float(wg.hessian(f)(x)), float(wg.jacfwd(wg.jacfwd(f))(x))]
        assert got == [0.0] * 7, (method, i, got)


def test_quantile_where_the_product_underflows_keeps_a_subnormal_derivative():
    """Where only the quantile underflows (d^(-1/c) large, the log of the quantile above -1500), the product form
    stays: burr12.ppf(1e-300, 0.5, 1e10) is (1e-310)^2 = 0 with derivative 2e-320 in q (2e-20 the second)."""
    f = lambda q: stats.burr12.ppf(q, 0.5, 1e10)  # noqa: E731
    g = wg.grad(f)
    got = [float(f(1e-300)), float(g(1e-300)), float(wg.jvp(f, (1e-300,), (1.0,))[1]), float(wg.grad(g)(1e-300))]
    assert got == pytest.approx([0.0, 2e-320, 2e-320, 2e-20], rel=1e-3, abs=0)


@pytest.mark.parametrize("method, q, c", [("ppf", 1e-10, 0.03), ("isf", 1.0 - 1e-10, 0.03), ("ppf", 1e-10, 0.0230258)])
def test_quantile_where_the_product_underflows_but_the_quantile_does_not(method, q, c):
    """Where the product form's factors underflow but the quantile is a normal number (4.64e-234 at
    ppf(1e-10, 0.03, 1e-3), 9.8e-305 at c = 0.0230258), exp of its log gives it. Before (31f134a sent only logs
    below -1500 there; the review found it): 0.0, d/dc 0, d/dq 5% off. Truth
    ((1 - q)^(-1/d) - 1)^(1/c) by mpmath; value, d/dq and d/dc, both modes."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        d = 1e-3
        qq = mpmath.mpf(q) if method == "ppf" else 1 - mpmath.mpf(q)
        truth = lambda q, c: ((1 - q) ** (-1 / mpmath.mpf(d)) - 1) ** (1 / c)  # noqa: E731
        f = lambda q, c: getattr(stats.burr12, method)(q, c, d)  # noqa: E731
        assert float(f(q, c)) == pytest.approx(float(truth(qq, mpmath.mpf(c))), rel=1e-13, abs=0)
        want_q = mpmath.diff(lambda t: truth(t, mpmath.mpf(c)), qq) * (1 if method == "ppf" else -1)
        want_c = mpmath.diff(lambda t: truth(qq, t), mpmath.mpf(c))
        for i, want in ((0, want_q), (1, want_c)):
            assert float(wg.grad(f, i)(q, c)) == pytest.approx(float(want), rel=1e-11, abs=0)
            tangent = (1.0, 0.0) if i == 0 else (0.0, 1.0)
            assert float(wg.jvp(f, (q, c), tangent)[1]) == pytest.approx(float(want), rel=1e-11, abs=0)
