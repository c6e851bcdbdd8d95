"""SciPy functions: ``scipy.stats``' ``weibull_min``, ``invgamma``, ``rayleigh`` and
``skewnorm`` (logpdf, pdf, mean, var, std).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). The tests below check the values
against SciPy's, the one-sided derivatives at the end of a support, and the second
derivatives in invgamma's shape in its tails.
"""
import math
import warnings

import numpy as np
import pytest

sc = pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                         'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402
from opcheck import assert_log_tail_close, case, gradient_test  # noqa: E402
from opcheck import nth_grad as _d  # noqa: E402
from wengert.scipy import stats  # noqa: E402

POS = np.array([0.4, 1.3, 3.0])
Q = np.array([0.1, 0.35, 0.85])
SHAPES = np.array([0.5, 1.0, 2.5])
WEIBULL = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
STATS_CASES = [
    *[case(getattr(stats.weibull_min, f), getattr(stats.weibull_min, f), POS, SHAPES, -0.1, 1.3,
           id=f"weibull_min.{f}") for f in WEIBULL],
    *[case(getattr(stats.weibull_min, f), getattr(stats.weibull_min, f), Q, SHAPES, -0.1, 1.3,
           id=f"weibull_min.{f}") for f in ("ppf", "isf")],
    *[case(getattr(stats.invgamma, f), getattr(stats.invgamma, f), POS, SHAPES, -0.1, 1.3,
           id=f"invgamma.{f}") for f in ("logpdf", "pdf")],
    *[case(getattr(stats.invgamma, f), lambda x, loc, scale, _f=getattr(stats.invgamma, f): _f(x, 1.5, loc, scale),
           Q if f in ("ppf", "isf") else POS, -0.1, 1.3, id=f"invgamma.{f}")
      for f in ("cdf", "logcdf", "sf", "logsf", "ppf", "isf")],
    *[case(getattr(stats.rayleigh, f), getattr(stats.rayleigh, f), Q if f in ("ppf", "isf") else POS, -0.1, 1.3,
           id=f"rayleigh.{f}") for f in WEIBULL + ("ppf", "isf")],
    *[case(getattr(stats.skewnorm, f), getattr(stats.skewnorm, f), POS - 1.5, np.array([-3.0, 0.5, 4.0]), 0.2, 1.3,
           id=f"skewnorm.{f}") for f in ("logpdf", "pdf")],
    *[case(getattr(stats.skewnorm, m), getattr(stats.skewnorm, m), np.array([-3.0, -0.5, 0.0, 0.7, 4.0]), 0.2, 1.3,
           id=f"skewnorm.{m}") for m in ("mean", "var", "std")],
]

CASES = STATS_CASES

test_gradient = gradient_test(CASES)


def test_every_function_has_a_case_and_is_listed():
    names = [*[f"stats.weibull_min.{f}" for f in WEIBULL + ("ppf", "isf")],
             *[f"stats.invgamma.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf")],
             *[f"stats.rayleigh.{f}" for f in WEIBULL + ("ppf", "isf")],
             *[f"stats.skewnorm.{f}" for f in ("logpdf", "pdf", "mean", "var", "std")]]
    table = wengert.scipy.supported()
    assert [n for n in names if table.get(n) != "gradient"] == []
    # (cdf, sf, logcdf, logsf and the quantiles: tests/test_ops_scipy_skewnorm_cdf.py; mean, var, std against mpmath:
    # tests/test_stats_moments_closed_forms.py)
    # (moment and stats from its mean and var: tests/test_stats_moment_stats.py)
    assert sorted(stats.FUNCTIONS["skewnorm"]) == ["cdf", "interval", "isf", "logcdf", "logpdf", "logsf", "mean", "median",
                                                   "moment", "pdf", "ppf", "sf", "stats", "std", "var"]


POINTS = np.array([-1.0, 0.0, 1e-3, 0.4, 1.3, 3.0, 40.0])
QS = np.array([0.0, 1e-300, 0.1, 0.5, 0.9, 1.0])
VALUE_CHECKS = [
    *[(f"weibull_min.{f}", (POINTS, np.array([[0.5], [1.0], [2.5]]), loc, 1.3))
      for f in WEIBULL for loc in (0.0, -0.1)],
    *[(f"{d}.{f}", (QS, np.array([[0.5], [1.0], [2.5]]), -0.1, 1.3)) for d in ("weibull_min", "invgamma")
      for f in ("ppf", "isf")],
    *[(f"invgamma.{f}", (POINTS, np.array([[0.5], [1.0], [2.5]]), loc, 1.3))
      for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf") for loc in (0.0, -0.1)],
    *[(f"rayleigh.{f}", (QS if f in ("ppf", "isf") else POINTS, loc, 1.3))
      for f in WEIBULL + ("ppf", "isf") for loc in (0.0, -0.1)],
    *[(f"skewnorm.{f}", (POINTS - 1.5, np.array([[-3.0], [0.0], [4.0]]), 0.2, 1.3)) for f in ("logpdf", "pdf")],
    *[(f"skewnorm.{m}", (POINTS - 1.5, 0.2, 1.3)) for m in ("mean", "var", "std")],
]


@pytest.mark.parametrize("name, args", VALUE_CHECKS, ids=[n for n, _ in VALUE_CHECKS])
def test_stats_values_are_scipys(name, args):
    distribution, function = name.split(".")
    with np.errstate(divide="ignore"):
        want = getattr(getattr(ST, distribution), function)(*args)
    got = getattr(getattr(stats, distribution), function)(*args)
    # (a log tail far out: SciPy's is -inf where wengert's, in log space, is finite)
    assert_log_tail_close(got, want, rtol=1e-12, atol=1e-15 if function.startswith("log") else 1e-300)


def test_weibull_min_at_the_end_of_its_support():
    # the one-sided derivatives at z = 0: the density there is c z^(c-1) (0, 1, inf)
    assert [_d(lambda x: stats.weibull_min.cdf(x, c), 0.0) for c in (2.0, 1.0)] == [0.0, 1.0]
    assert _d(lambda x: stats.weibull_min.pdf(x, 1.0), 0.0) == -1.0
    assert _d(lambda x: stats.weibull_min.logpdf(x, 1.0), 0.0) == -1.0
    assert _d(lambda x: stats.weibull_min.sf(x, 2.0), -1.0) == 0.0
    # rayleigh: the density z exp(-z^2 / 2) has derivative 1 and second derivative 0 at z = 0
    assert _d(stats.rayleigh.pdf, 0.0) == 1.0 and _d(stats.rayleigh.pdf, 0.0, 2) == 0.0
    assert _d(stats.rayleigh.cdf, 0.0) == 0.0
    with pytest.raises(ValueError, match="c must be positive"):
        stats.weibull_min.logpdf(1.0, 0.0)


def test_invgamma_in_a_to_second_order_in_its_tails():
    # (the first derivative in a against mpmath: tests/test_exact_gammaincinv_in_shape.py)
    for f in ("cdf", "logcdf", "sf", "logsf", "ppf", "isf"):
        wg.testing.check_grads(lambda a, _f=f: getattr(stats.invgamma, _f)(0.5, a), 1.5, order=2,
                               modes=("rev", "fwd"))
    # logpdf is differentiable in a: d/da = -log z - digamma(a)
    assert _d(lambda a: stats.invgamma.logpdf(2.0, a), 1.5) == pytest.approx(
        -math.log(2.0) - float(sc.digamma(1.5)), rel=1e-15)



#: (x for weibull_min, c, (pdf, logpdf, cdf, sf, logcdf, logsf)): plain Python floats where z^c overflows
WEIBULL_FAR = [(1e300, 2.0, (0.0, -np.inf, 1.0, 0.0, 0.0, -np.inf)), (1e155, 2.0, (0.0, -np.inf, 1.0, 0.0, 0.0, -np.inf)),
               (1e60, 7.5, (0.0, -np.inf, 1.0, 0.0, 0.0, -np.inf))]


@pytest.mark.parametrize("x, c, values", WEIBULL_FAR)
def test_weibull_python_floats_far_out(x, c, values):
    # before: pdf and logpdf raised OverflowError (a Python float's 1e300 ** 2.0); SciPy's pdf(1e60, 7.5) is
    # NaN. weibull_max at -x mirrored. (logpdf and the tails warn of the overflow, as SciPy's and
    # test_weibull_logsf_overflows_as_scipy; pdf, 0, does not)
    mirror = {"pdf": "pdf", "logpdf": "logpdf", "cdf": "sf", "sf": "cdf", "logcdf": "logsf", "logsf": "logcdf"}
    for m, value in zip(("pdf", "logpdf", "cdf", "sf", "logcdf", "logsf"), values):
        with warnings.catch_warnings():
            warnings.simplefilter("error" if m == "pdf" else "ignore", RuntimeWarning)
            assert float(getattr(stats.weibull_min, m)(x, c)) == value, m
            assert float(getattr(stats.weibull_max, mirror[m])(-x, c)) == value, m
    if c == 2.0 and x < 1e200:  # logpdf's derivative in x, -c x^(c - 1) + (c - 1)/x, and its second
        f = lambda x: stats.weibull_min.logpdf(x, c)  # noqa: E731
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # (the value's overflow, as above)
            for path in (wg.grad(f), wg.jacfwd(f)):
                assert path(x) == pytest.approx(-2.0 * x, rel=1e-15)
            for path in (wg.grad(wg.grad(f)), wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacfwd(wg.jacfwd(f))):
                assert path(x) == pytest.approx(-2.0, rel=1e-15)
