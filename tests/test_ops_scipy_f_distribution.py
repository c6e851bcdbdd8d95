"""``scipy.stats.f``, the F distribution: its density in every argument (x, dfn, dfd, loc,
scale), its tails and quantiles in x (or q), loc and scale (in the degrees of freedom they need
``betainc``'s derivatives in its shapes, which wengert does not have: refused by name).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's (and
against mpmath where SciPy's lose digits), the end of the support (x = loc, where the density
is 0, 1 or infinite as dfn is above, at or below 2), third derivatives, and the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import assert_log_tail_close, case, gradient_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

TAILS = ("cdf", "logcdf", "sf", "logsf")
X = np.array([0.05, 0.7, 2.3, 9.0])
Q = np.array([0.1, 0.35, 0.5, 0.85, 0.999])
DFN = np.array([[0.8], [2.0], [5.0]])
DFD = np.array([[[1.5]], [[30.0]]])


def _f(method):
    return getattr(stats.f, method)


CASES = [
    # the density in x, dfn, dfd, loc and scale, broadcast against each other
    *[case(_f(m), _f(m), X, DFN, DFD, -0.1, 1.3, id=f"f.{m}") for m in ("logpdf", "pdf")],
    # near the end of the support (the density written with powers there)
    *[case(_f(m), _f(m), np.array([1e-3, 5e-3]), np.array([[2.5], [4.0], [7.0]]), 3.0, id=f"f.{m}-near-end")
      for m in ("logpdf", "pdf")],
    # the tails and quantiles in x (q), loc and scale; on both sides of their switch (a tail at 1/2)
    *[case(_f(m), lambda x, loc, scale, _f=_f(m): _f(x, DFN, DFD, loc, scale), X, -0.1, 1.3, id=f"f.{m}")
      for m in TAILS],
    *[case(_f(m), lambda q, loc, scale, _f=_f(m): _f(q, DFN, DFD, loc, scale), Q, 0.1, 1.3, id=f"f.{m}")
      for m in ("ppf", "isf")],
    *[case(_f(m), lambda x, _f=_f(m): _f(x, 2.0, 2.0), np.array([0.99, 1.0, 1.01]), id=f"f.{m}-median")
      for m in TAILS],
    # size 1, size 0, below the support
    *[case(_f(m), lambda x, _f=_f(m): _f(x, 3.0, 4.0), np.array([0.6]), id=f"f.{m}-size1")
      for m in ("logpdf", "pdf", *TAILS, "ppf", "isf")],
    *[case(_f(m), lambda x, _f=_f(m): _f(x, 3.0, 4.0), np.zeros(0), id=f"f.{m}-size0")
      for m in ("logpdf", "pdf", *TAILS, "ppf", "isf")],
    *[case(_f(m), lambda x, _f=_f(m): _f(x, 3.0, 4.0), np.array([-0.5, -2.0]), id=f"f.{m}-below")
      for m in ("pdf", "cdf", "sf", "logsf")],
    case(_f("median"), lambda loc, scale: stats.f.median(DFN, DFD, loc, scale), np.array([-0.4, 1.3]), 1.2,
         id="f.median"),
    case(_f("interval"), lambda c: stats.f.interval(c, 3.0, 7.0, 0.3, 1.2), np.array([0.2, 0.9, 0.99]),
         id="f.interval"),
]

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-1.0, 0.0, 1e-3, 0.4, 1.0, 1.3, 3.0, 40.0])
#: (a small q: in F_TABLE; SciPy 1.13's ppf at q = 1e-100, dfn = 30, dfd = 0.5 is 0, mpmath's 4.5e-9)
QS = np.array([0.0, 0.1, 0.5, 0.9, 1.0])
SHAPES = (np.array([[1.0], [2.0], [3.0], [30.0]]), np.array([[[0.5]], [[4.0]], [[50.0]]]))
VALUE_CHECKS = [
    *[(f"f.{m}", (POINTS, *SHAPES, loc, 1.3)) for m in ("logpdf", "pdf", *TAILS) for loc in (0.0, -0.1)],
    ("f.ppf", (QS, *SHAPES, -0.1, 1.3)),
    # (isf at a tiny q: SciPy's is ppf(1 - q) = inf below q = 1e-17, where wengert's, from the
    # upper tail, is finite)
    ("f.isf", (np.array([0.1, 0.5, 0.9, 1.0]), *SHAPES, -0.1, 1.3)),
    ("f.median", (*SHAPES, -0.1, 1.3)),
    ("f.interval", (0.8, *SHAPES, -0.1, 1.3)),
]


@pytest.mark.parametrize("name, args", VALUE_CHECKS, ids=[n for n, _ in VALUE_CHECKS])
def test_stats_values_are_scipys(name, args):
    distribution, function = name.split(".")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # (SciPy's own warnings)
        want = getattr(getattr(ST, distribution), function)(*args)
    got = _f(function)(*args)
    if function == "interval":
        got, want = np.array(got), np.array(want)
    # (SciPy's logpdf at x = loc for dfn = 2 is 1.4e-14, not 0: an absolute 2e-14)
    atol = 2e-14 if function == "logpdf" else 1e-15 if function.startswith("log") else 1e-300
    assert_log_tail_close(got, want, rtol=1e-11, atol=atol)


#: (function, x or q, dfn, dfd, value) by mpmath at 50 digits (test_the_table_is_mpmaths): where a
#: tail is near 1, betainc near 1 kept 12 digits (the cdf at x = 1e6 for dfn = 3, dfd = 0.5, now 1 -
#: the sf); isf at a small q, where SciPy's ppf(1 - q) is inf; the quantiles far in the tails
F_TABLE = [
    ("cdf", 1e6, 3.0, 0.5, 0.9768824824210385),
    ("sf", 1e-6, 0.5, 3.0, 0.9768824824210385),
    ("logsf", 1e6, 3.0, 0.5, -3.767164612094837),
    ("isf", 1e-20, 4.0, 6.0, 11052092.620921135),
    ("ppf", 1e-20, 4.0, 6.0, 6.123724357374611e-11),
    ("ppf", 0.999999, 3.0, 5.0, 554.5893099157382),
    ("ppf", 1e-100, 30.0, 0.5, 4.481885573636124e-09),
]


@pytest.mark.parametrize("method, x, dfn, dfd, value", F_TABLE)
def test_against_mpmath(method, x, dfn, dfd, value):
    assert float(_f(method)(x, dfn, dfd)) == pytest.approx(value, rel=1e-14)


def test_the_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        def tail(x, dfn, dfd, upper):
            if upper:
                return mp.betainc(dfd / 2, dfn / 2, 0, dfd / (dfd + dfn * x), regularized=True)
            return mp.betainc(dfn / 2, dfd / 2, 0, dfn * x / (dfn * x + dfd), regularized=True)

        for method, x, dfn, dfd, value in F_TABLE:
            x, dfn, dfd = mp.mpf(x), mp.mpf(dfn), mp.mpf(dfd)
            if method in ("cdf", "sf", "logsf"):
                p = tail(x, dfn, dfd, method != "cdf")
                got = mp.log(p) if method == "logsf" else p
            else:  # the quantile, solved on a log scale from near the value
                upper = method == "isf"
                got = mp.exp(mp.findroot(lambda t: mp.log(tail(mp.exp(t), dfn, dfd, upper)) - mp.log(x),
                                         mp.log(value)))
            assert float(got) == pytest.approx(value, rel=1e-15)


def _d(f, x, order=1):
    for _ in range(order):
        f = (lambda g: lambda y: wg.grad_bp(g, y))(f)
    return float(f(x))


def test_the_end_of_the_support():
    # dfn = 2, dfd = 4: the density is (1 + z/2)^-3, 1 at z = 0 with derivative -3/2; the cdf's is 1
    assert _d(lambda x: stats.f.pdf(x, 2.0, 4.0), 0.0) == pytest.approx(-1.5, rel=1e-15)
    assert _d(lambda x: stats.f.cdf(x, 2.0, 4.0), 0.0) == pytest.approx(1.0, rel=1e-15)
    # dfn = dfd = 4: the density 6 z (1 + z)^-4, 0 at z = 0 with derivative 6
    assert _d(lambda x: stats.f.pdf(x, 4.0, 4.0), 0.0) == pytest.approx(6.0, rel=1e-14)
    assert _d(lambda x: stats.f.cdf(x, 4.0, 4.0), 0.0) == 0.0
    # in dfd at z = 0 with dfn = 2: the density there is (2 / dfd) / B(1, dfd/2) = 1 for every dfd
    assert _d(lambda dfd: stats.f.pdf(0.0, 2.0, dfd), 4.0) == 0.0
    # below the support: constants
    assert _d(lambda x: stats.f.cdf(x, 3.0, 4.0), -1.0) == 0.0


def test_third_order():
    check_grads(lambda x, dfn, dfd: stats.f.logpdf(x, dfn, dfd, 0.1, 1.3), np.array([0.5, 2.0]),
                np.array([[1.5], [6.0]]), 4.5, order=3, modes=("rev", "fwd"))
    check_grads(lambda q: stats.f.ppf(q, 3.0, 5.0), np.array([0.2, 0.5, 0.8]), order=3, modes=("rev", "fwd"))


def test_refusals():
    # (the tails and quantiles are differentiable in dfn and dfd: tests/test_betainc_shape_derivatives.py)
    # the density jumps in dfn at x = loc where dfn = 2 (z**0)
    for m in ("pdf", "logpdf"):
        with pytest.raises(wg.NoGradientRule, match=f"f.{m} has no derivative in dfn"):
            wg.grad(lambda dfn, _f=_f(m): _f(0.0, dfn, 4.0))(2.0)
    with pytest.raises(ValueError, match="f.pdf: dfn and dfd must be positive"):
        stats.f.pdf(1.0, 0.0, 4.0)
    with pytest.raises(ValueError, match="f.cdf: scale must be positive"):
        stats.f.cdf(1.0, 2.0, 4.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="f.ppf: q must be a probability"):
        stats.f.ppf(1.5, 2.0, 4.0)


@pytest.mark.parametrize("method, slope", [("cdf", np.inf), ("sf", -np.inf), ("logsf", -np.inf)])
def test_tails_at_zero_with_x_traced_have_no_slope_in_the_degrees(method, slope):
    # at x = 0 the cdf is 0 at every dfn, dfd: w = dfn z / (dfn z + dfd) there with the degrees held (dw/ddfn was a live
    # 0 times betainc's infinite slope in w for dfn < 2: grad [inf, nan, nan]); d/dx the density's +inf there
    f = lambda p: getattr(stats.f, method)(p[0], p[1], p[2])  # noqa: E731
    # (NumPy's divide warning for the infinite slope in x, 0 ** (dfn/2 - 1); jacfwd gives the same, with an invalid-value
    # warning inside betainc's rule)
    with np.errstate(divide="ignore"):
        np.testing.assert_array_equal(wg.grad(f)(np.array([0.0, 0.5, 0.5])), [slope, 0.0, 0.0])
