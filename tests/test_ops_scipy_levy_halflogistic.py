"""``scipy.stats``' ``levy`` (invgamma at a = 1/2 with half the scale) and ``halflogistic``: their
densities, tails, quantiles, halflogistic's moments, the entropies, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and
against mpmath where SciPy's are wrong (far tails, levy's entropy); derivatives near 0 and far out
against mpmath (a table, recomputed where mpmath is installed); the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test, mp_derivatives, nth_grad, stats_values_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")


def _f(name, method):
    return getattr(getattr(stats, name), method)


CASES = [
    *[case(_f(d, f), _f(d, f), np.array([0.15, 0.4, 1.3, 6.0]), np.array([[0.0], [0.1]]), np.array([[[0.7]], [[1.6]]]),
           id=f"{d}.{f}") for d in ("levy", "halflogistic") for f in TAILS],
    # (levy's quantiles grow as 1/q^2 toward one end: central differences lose their digits there)
    *[case(_f(d, f), _f(d, f), np.array([1e-3, 0.2, 0.5, 0.9, 0.999])[d == "levy":4 if d == "levy" else 5],
           np.array([[0.0], [0.1]]), 1.3, id=f"{d}.{f}") for d in ("levy", "halflogistic") for f in ("ppf", "isf")],
    # halflogistic near 0 (the one-sided derivatives, and its log forms' switches at z = 1) and far out
    *[case(_f("halflogistic", f), _f("halflogistic", f), np.array([1e-3, 0.99, 1.01, 60.0]), id=f"halflogistic.{f}-ends")
      for f in TAILS],
    # beyond the support: constants
    *[case(_f(d, f), _f(d, f), np.array([-0.5]), id=f"{d}.{f}-below") for d in ("levy", "halflogistic")
      for f in ("pdf", "cdf", "sf", "logsf")],
    # a size-1 and a size-0 array
    *[case(_f(d, f), _f(d, f), np.array([0.7]), np.array([0.1]), np.array([1.4]), id=f"{d}.{f}-size1")
      for d in ("levy", "halflogistic") for f in TAILS + ("ppf", "isf")],
    *[case(_f(d, f), _f(d, f), np.zeros(0), id=f"{d}.{f}-size0") for d in ("levy", "halflogistic")
      for f in TAILS + ("ppf", "isf")],
    *[case(_f("halflogistic", m), _f("halflogistic", m), np.array([0.0, 1.0]), np.array([[0.6], [2.0]]),
           id=f"halflogistic.{m}") for m in ("mean", "var", "std", "entropy")],
    case(_f("levy", "entropy"), _f("levy", "entropy"), np.array([0.0, 1.0]), np.array([[0.6], [2.0]]), id="levy.entropy"),
    *[case(_f(d, "median"), lambda *a, _f=_f(d, "median"): _f(*a), np.array([-0.4, 1.3]), np.array([[0.6], [2.0]]),
           id=f"{d}.median") for d in ("levy", "halflogistic")],
    *[case(_f(d, "interval"), lambda p, _f=_f(d, "interval"): _f(p, 0.3, 1.2), np.array([0.2, 0.9, 0.99]),
           id=f"{d}.interval") for d in ("levy", "halflogistic")],
]

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.4, 1.3, 1.6, 3.0, 40.0])
QS = np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0])
VALUE_CHECKS = [
    *[(f"{d}.{f}", (POINTS, loc, 1.3)) for d in ("levy", "halflogistic") for f in TAILS for loc in (0.0, 0.1)],
    *[(f"{d}.{f}", (QS, -0.1, 1.3)) for d in ("levy", "halflogistic") for f in ("ppf", "isf")],
    *[(f"halflogistic.{m}", (0.3, np.array([0.6, 2.0]))) for m in ("mean", "var", "std", "entropy")],
    *[(f"{d}.median", (-0.1, 1.3)) for d in ("levy", "halflogistic")],
    *[(f"{d}.interval", (0.8, -0.1, 1.3)) for d in ("levy", "halflogistic")],
    ("levy.entropy", (0.3, np.array([0.6, 2.0]))),
]
# (SciPy's levy.entropy integrates numerically: 3.5e-11 off, see BEYOND_SCIPY)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"levy.entropy": 1e-10})

#: where SciPy's value is wrong: (function, arguments, mpmath at 50 digits, SciPy 1.18's value)
BEYOND_SCIPY = [
    ("levy.logpdf", (1e300,), -1037.0822303805253, -np.inf),           # x sqrt(2 pi x) overflows
    ("levy.entropy", (), 3.32448280139689, 3.3244828015117402),         # numerical integration: 3.5e-11 off
    ("halflogistic.logsf", (1e5,), -99999.30685281944, -np.inf),       # log of an underflowed sf
]


@pytest.mark.parametrize("name, args, value, scipys", BEYOND_SCIPY, ids=[n for n, *_ in BEYOND_SCIPY])
def test_where_scipy_is_wrong(name, args, value, scipys):
    distribution, function = name.split(".")
    assert float(_f(distribution, function)(*args)) == pytest.approx(value, rel=1e-15)
    with np.errstate(over="ignore", divide="ignore"):  # (SciPy's own warnings)
        assert float(getattr(getattr(ST, distribution), function)(*args)) == scipys


#: (distribution, function, x or q, value, first and second derivatives): mpmath at 1200 digits,
#: central differences of step 1e-80 relative (see test_the_tables_are_mpmaths). halflogistic's
#: logpdf' -tanh(z/2) was -1 + 2 expit(-z), its logsf log 2 + log_expit(-z) and its ppf'' log1p(q) -
#: log1p(-q)'s, each cancelling near 0 in a first version (0 for -5e-101; 8e-9 relative off at 1e-10)
TABLE = [
    ('halflogistic', 'logpdf', 1e-10, -0.6931471805599453, -5e-11, -0.5),
    ('halflogistic', 'logpdf', 1e-100, -0.6931471805599453, -5e-101, -0.5),
    ('halflogistic', 'logpdf', 30.0, -29.30685281944024, -0.9999999999998128, -1.8715245937676846e-13),
    ('halflogistic', 'logsf', 1e-10, -5.000000000125e-11, -0.500000000025, -0.25),
    ('halflogistic', 'logsf', 100000.0, -99999.30685281944, -1.0, 0.0),
    ('halflogistic', 'logcdf', 1e-200, -461.2101657793691, 1e+200, -np.inf),
    ('halflogistic', 'logcdf', 40.0, -8.496708510583178e-18, 8.496708510583178e-18, -8.496708510583178e-18),
    ('halflogistic', 'ppf', 1e-10, 2e-10, 2.0, 4e-10),
    ('halflogistic', 'ppf', 0.999999999999, 28.324190418452805, 1000022122210.0028, 1.0000442449083979e+24),
    ('halflogistic', 'isf', 1e-300, 691.4686750787737, -9.999999999999999e+299, np.inf),
    ('levy', 'logpdf', 1e+300, -1037.0822303805253, -1.4999999999999998e-300, 0.0),
    ('levy', 'logpdf', 0.001, -490.55730561473143, 498500.0, -998499999.9999999),
    ('levy', 'logsf', 1e+300, -345.6135553017516, -5e-301, 0.0),
    ('levy', 'logcdf', 0.001, -503.6806665043817, 500499.00496334897, -1000499995.072957),
    ('levy', 'cdf', 0.01, 1.523970604832107e-23, 7.694598626706427e-20, 3.731880333952617e-16),
    ('levy', 'isf', 0.999, 0.09235685880262713, -15.793187250629948, -10569.809684262067),
    # 1/(2 erfinv(q)^2): through invgamma's gammaincinv isf(1e-80) was 3e-14 off and
    # its derivative -inf from there (0.5 / e^2's -ans / e^2 overflowed: (1/e)^2 now)
    # log 2 + log_ndtr(-1/sqrt(z)) below z = 1e-20 (gammainc did not converge at 1e-300: a ValueError)
    ('levy', 'logcdf', 1e-100, -5e+99, 5e+199, -9.999999999999999e+299),
    ('levy', 'isf', 1e-100, 6.366197723675813e+199, -1.2732395447351627e+300, np.inf),
    ('levy', 'isf', 1e-80, 6.3661977236758136e+159, -1.2732395447351628e+240, np.inf),
    ('levy', 'isf', 1e-40, 6.366197723675814e+79, -1.2732395447351629e+120, 3.819718634205489e+160),
]


@pytest.mark.parametrize("distribution, method, x, value, first, second", TABLE)
def test_against_mpmath(distribution, method, x, value, first, second):
    f = _f(distribution, method)
    # (levy: invgamma's gammaincc at 1/z, within 1e-14)
    rel = 1e-14 if distribution == "levy" else 4e-15
    with np.errstate(over="ignore", divide="ignore"):  # (the infinite second derivatives: the truth)
        assert float(f(x)) == pytest.approx(value, rel=rel, abs=1e-300)
        assert float(wg.grad(f)(x)) == pytest.approx(first, rel=rel, abs=1e-300)
        assert nth_grad(f, x, 2) == pytest.approx(second, rel=rel, abs=1e-300)
        assert float(wg.jvp(wg.grad(f), (x,), (1.0,))[1]) == pytest.approx(second, rel=rel, abs=1e-300)


@pytest.mark.truth_tables
def test_the_tables_are_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(1200):
        halflogistic = {"logpdf": lambda z: -mp.log(2) - 2 * mp.log(mp.cosh(z / 2)),
                        "logsf": lambda z: mp.log(2 / (1 + mp.exp(z))), "logcdf": lambda z: mp.log(mp.tanh(z / 2)),
                        "ppf": lambda q: 2 * mp.atanh(q), "isf": lambda q: mp.log((2 - q) / q)}
        levy = {"logpdf": lambda z: -mp.log(2 * mp.pi) / 2 - mp.mpf(1.5) * mp.log(z) - 1 / (2 * z),
                "logsf": lambda z: mp.log(mp.erf(1 / mp.sqrt(2 * z))), "logcdf": lambda z: mp.log(mp.erfc(1 / mp.sqrt(2 * z))),
                "cdf": lambda z: mp.erfc(1 / mp.sqrt(2 * z)), "isf": lambda q: 1 / (2 * mp.erfinv(q) ** 2)}
        for distribution, method, x, *want in TABLE:
            g = {"halflogistic": halflogistic, "levy": levy}[distribution][method]
            assert mp_derivatives(mp, g, x) == pytest.approx(tuple(want), rel=1e-15, abs=1e-300)
        assert float((1 + 3 * mp.euler + mp.log(16 * mp.pi)) / 2) == BEYOND_SCIPY[1][2]


def test_at_zero():
    # halflogistic: the density 1/2 at 0 with slope 0 (-tanh(z/2) / 2 ...), the cdf's slope 1/2
    assert float(stats.halflogistic.pdf(0.0)) == 0.5
    assert nth_grad(stats.halflogistic.pdf, 0.0) == 0.0
    assert nth_grad(stats.halflogistic.pdf, 0.0, 2) == -0.25
    assert nth_grad(stats.halflogistic.cdf, 0.0) == 0.5
    assert nth_grad(stats.halflogistic.ppf, 0.0) == 2.0
    # levy: every function and derivative vanishes at 0 (exp(-1/(2z))), constants below
    for f, value in (("pdf", 0.0), ("cdf", 0.0), ("sf", 1.0), ("logsf", 0.0)):
        got, grads = wg.value_and_grad(_f("levy", f), (0, 1, 2))(0.0, 0.0, 1.3)
        assert got == value and grads == (0.0, 0.0, 0.0)


def test_refusals():
    for d in ("levy", "halflogistic"):
        with pytest.raises(ValueError, match=f"{d}.cdf: scale must be positive"):
            _f(d, "cdf")(1.0, 0.0, 0.0)
        with pytest.raises(ValueError, match=f"{d}.ppf: q must be a probability"):
            _f(d, "ppf")(1.5)
        with pytest.raises(ValueError, match=f"{d}.entropy: scale must be positive"):
            _f(d, "entropy")(0.0, -1.0)


def test_levy_logcdf_near_zero():
    # was a ValueError (gammainc did not converge in 300000 terms); mpmath: -4.9999999999999995e+299
    assert float(stats.levy.logcdf(1e-300)) == pytest.approx(-5e299, rel=1e-15)
    with np.errstate(over="ignore"):  # (the truth, 1/(2 z^2), overflows)
        assert float(wg.grad(stats.levy.logcdf)(1e-300)) == np.inf
    got = stats.levy.logcdf(np.array([-1.0, 0.0, 1e-300, 1e-21, 1e-19, 2.0]))
    np.testing.assert_allclose(got, [-np.inf, -np.inf, -5e299, -5e20, -5e18, ST.levy.logcdf(2.0)], rtol=1e-15)
