"""``scipy.stats``' ``maxwell`` (the chi distribution with 3 degrees of freedom): its density, tails,
quantiles, moments, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and
against mpmath where SciPy's log tails are ``-inf``; derivatives near 0 (where the cdf is ``z^3``
times a series) and far out, against mpmath (a table, recomputed where mpmath is installed); the
one-sided derivatives at z = 0, float32, the refusals.
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
M = stats.maxwell


def _f(method):
    return getattr(M, method)


CASES = [
    # near 0, both sides of w = z^2 / 2 = 1 (the series' end, z = sqrt 2), and far (logsf's continued
    # fraction beyond w = 20)
    *[case(_f(f), _f(f), np.array([1e-3, 0.3, 1.4, 1.43, 3.0, 7.0]), np.array([[0.0], [-0.1]]),
           np.array([[[0.7]], [[1.6]]]), id=f"maxwell.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([1e-3, 0.2, 0.5, 0.9, 0.999]), np.array([[0.0], [0.1]]), 1.3, id=f"maxwell.{f}")
      for f in ("ppf", "isf")],
    # below the support: constants
    *[case(_f(f), _f(f), np.array([-0.5]), id=f"maxwell.{f}-below") for f in ("pdf", "cdf", "sf", "logsf")],
    # a size-1 and a size-0 array
    *[case(_f(f), _f(f), np.array([0.7]), np.array([0.1]), np.array([1.4]), id=f"maxwell.{f}-size1")
      for f in TAILS + ("ppf", "isf")],
    *[case(_f(f), _f(f), np.zeros(0), id=f"maxwell.{f}-size0") for f in TAILS + ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.0, 1.0]), np.array([[0.6], [2.0]]), id=f"maxwell.{m}")
      for m in ("mean", "var", "std", "entropy")],
    case(_f("median"), lambda *a: M.median(*a), np.array([-0.4, 1.3]), np.array([[0.6], [2.0]]), id="maxwell.median"),
    case(_f("interval"), lambda p: M.interval(p, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), id="maxwell.interval"),
]

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-1.0, 0.0, 1e-100, 1e-3, 0.4, 1.3, 1.5, 3.0, 8.0, 30.0])
QS = np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0])
VALUE_CHECKS = [
    *[(f"maxwell.{f}", (POINTS, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"maxwell.{f}", (QS, -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"maxwell.{m}", (0.3, np.array([0.6, 2.0]))) for m in ("mean", "var", "std", "entropy")],
    ("maxwell.median", (-0.1, 1.3)),
    ("maxwell.interval", (0.8, -0.1, 1.3)),
]
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)

#: where SciPy's log tails are -inf: (function, z, mpmath at 1200 digits)
BEYOND_SCIPY = [
    ("logcdf", 1e-200, -1382.8754594377403),   # the cdf underflows below z = 1e-103
    ("logsf", 40.0, -796.5362874834134),       # the sf underflows from z = 38.6
]


@pytest.mark.parametrize("name, z, value", BEYOND_SCIPY, ids=[n for n, *_ in BEYOND_SCIPY])
def test_where_scipy_is_minus_inf(name, z, value):
    assert float(_f(name)(z)) == pytest.approx(value, rel=1e-15, abs=0.0)
    with np.errstate(divide="ignore"):  # (SciPy's own warning)
        assert float(getattr(ST.maxwell, name)(z)) == -np.inf


#: (function, z, value, first and second derivatives): mpmath at 1200 digits, central differences of
#: step 1e-80 relative (see test_the_table_is_mpmaths), the cdf as erf(z/sqrt 2) - sqrt(2/pi) z e^(-z^2/2)
TABLE = [
    # below w = z^2 / 2 = 1: 3 log z + log(sqrt(2/pi) / 3) - w + log1p(S - 1), 3 log z one primitive (through
    # log(gammainc(3/2, z^2 / 2)) w underflows below z = 1.5e-162, and the second derivative's
    # terms of order 1/z^2 overflowed apart)
    ('logcdf', 1e-200, -1382.8754594377403, 3e+200, -np.inf),
    ('logcdf', 1e-100, -692.0999315395266, 3e+100, -3e+200),
    ('logcdf', 1e-08, -56.586445873169936, 300000000.0, -3e+16),
    ('logcdf', 1.0, -1.615717371539946, 2.434949504371802, -3.494029584468683),
    ('logcdf', 1.5, -0.738494376576583, 1.2197345341978787, -1.691041422947896),
    ('cdf', 0.001, 2.6596144047917997e-10, 7.978841618606847e-07, 0.0015957675258372076),
    ('cdf', 1e-100, 2.659615202676218e-301, 7.978845608028654e-201, 1.5957691216057308e-100),
    ('logsf', 0.001, -2.6596144051454773e-10, -7.978841620728912e-07, -0.0015957675268982393),
    ('logsf', 40.0, -796.5362874834134, -39.97503119156434, -1.0006226635465825),
    ('logsf', 1000.0, -499993.31803507364, -999.999000002, -1.000000999994),
    ('pdf', 1e-08, 7.978845608028654e-17, 1.5957691216057307e-08, 1.5957691216057301),
    ('logpdf', 1e-200, -921.259828550263, 2e+200, -np.inf),
]


@pytest.mark.parametrize("method, z, value, first, second", TABLE, ids=[f"{m}-{z}" for m, z, *_ in TABLE])
def test_against_mpmath(method, z, value, first, second):
    f = _f(method)
    with np.errstate(over="ignore", divide="ignore"):  # (the infinite second derivatives: the truth)
        assert float(f(z)) == pytest.approx(value, rel=2e-15, abs=1e-300)
        assert float(wg.grad(f)(z)) == pytest.approx(first, rel=2e-15, abs=1e-300)
        assert nth_grad(f, z, 2) == pytest.approx(second, rel=2e-15, abs=1e-300)
        assert float(wg.jvp(wg.grad(f), (z,), (1.0,))[1]) == pytest.approx(second, rel=2e-15, abs=1e-300)


def test_the_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(1200):
        def cdf(z):
            return mp.erf(z / mp.sqrt(2)) - mp.sqrt(2 / mp.pi) * z * mp.exp(-z * z / 2)

        def sf(z):
            return mp.erfc(z / mp.sqrt(2)) + mp.sqrt(2 / mp.pi) * z * mp.exp(-z * z / 2)
        functions = {"logpdf": lambda z: mp.log(mp.sqrt(2 / mp.pi)) + 2 * mp.log(z) - z * z / 2,
                     "pdf": lambda z: mp.sqrt(2 / mp.pi) * z * z * mp.exp(-z * z / 2),
                     "cdf": cdf, "logcdf": lambda z: mp.log(cdf(z)), "logsf": lambda z: mp.log(sf(z))}
        for method, z, *want in TABLE:
            assert mp_derivatives(mp, functions[method], z) == pytest.approx(tuple(want), rel=1e-15, abs=1e-300)
        for method, z, value in BEYOND_SCIPY:
            assert float(functions[method](mp.mpf(z))) == value


def test_at_zero():
    # the density 0 at z = 0 with slope 0 and second derivative 2 sqrt(2/pi); the cdf's z^3 sqrt(2/pi) / 3
    # has derivatives 0, 0 there (through gammainc(3/2, z^2 / 2) the second was inf * 0 = NaN)
    c = np.sqrt(2.0 / np.pi)
    assert float(M.pdf(0.0)) == 0.0 and nth_grad(M.pdf, 0.0) == 0.0
    assert nth_grad(M.pdf, 0.0, 2) == pytest.approx(2.0 * c, rel=1e-15, abs=0.0)
    for f in (M.cdf, M.sf, M.logsf):
        for order in (1, 2):
            assert nth_grad(f, 0.0, order) == 0.0, (f, order)
        assert float(wg.jvp(wg.grad(f), (0.0,), (1.0,))[1]) == 0.0
    assert nth_grad(M.cdf, 0.0, 3) == pytest.approx(2.0 * c, rel=1e-15, abs=0.0)
    assert float(M.logcdf(0.0)) == -np.inf and float(M.logpdf(0.0)) == -np.inf


def test_far_out():
    # where w = z^2 / 2 overflows (z > 1.9e154): the log sf -z^2 / 2 + log z + constant (its derivatives
    # 1/z - z and -1/z^2 - 1 to rounding), the cdf, sf and log cdf constants with derivatives 0 (through
    # gammaincc's and gammainc's rules every derivative was NaN at 1e200)
    for z in (1e150, 1.8e154, 1e200, 1e300):
        with np.errstate(over="ignore"):
            assert float(M.logsf(z)) == pytest.approx(-0.5 * z * z, rel=1e-15, abs=0.0)
        assert float(wg.grad(M.logsf)(z)) == pytest.approx(-z, rel=1e-15, abs=0.0)
        assert nth_grad(M.logsf, z, 2) == pytest.approx(-1.0, rel=1e-15, abs=0.0)
        assert float(wg.jvp(wg.grad(M.logsf), (z,), (1.0,))[1]) == pytest.approx(-1.0, rel=1e-15, abs=0.0)
        assert float(wg.hessian(M.logsf)(z)) == pytest.approx(-1.0, rel=1e-15, abs=0.0)
        for f, value in ((M.cdf, 1.0), (M.sf, 0.0), (M.logcdf, 0.0)):
            assert float(f(z)) == value
            assert nth_grad(f, z) == 0.0 and nth_grad(f, z, 2) == 0.0, (f, z)
            assert float(wg.jvp(wg.grad(f), (z,), (1.0,))[1]) == 0.0 and float(wg.hessian(f)(z)) == 0.0, (f, z)


def test_isf_far_out():
    # below q = 1e-150 isf is one primitive in q, its derivatives P_n(x) (-1 / pdf(x))^n: the second
    # (x - 2/x) / pdf(x)^2 overflows to +inf (through gammainccinv's rule NaN in forward mode from 1e-160)
    for q in (1e-160, 1e-200, 1e-300):
        x = float(M.isf(q))
        # (x rounded: the density x^2 e^(-x^2/2) amplifies its error by x^2, 1e3)
        assert float(wg.grad(M.isf)(q)) == pytest.approx(-1.0 / float(M.pdf(x)), rel=1e-13, abs=0.0)
        with np.errstate(over="ignore"):
            assert nth_grad(M.isf, q, 2) == np.inf
            assert float(wg.jvp(wg.grad(M.isf), (q,), (1.0,))[1]) == np.inf and float(wg.hessian(M.isf)(q)) == np.inf
    # on both sides of the switch: the same second derivative
    assert nth_grad(M.isf, 1e-151, 2) == pytest.approx(nth_grad(M.isf, 9.9e-151, 2) * 9.9 ** 2, rel=0.1, abs=0.0)


def test_float32_stays_float32():
    f = np.float32
    for m in TAILS + ("ppf", "isf"):
        x = 0.3 if m in ("ppf", "isf") else 0.5
        got = _f(m)(f(x))
        # (the quantiles too: SciPy 1.17.1's gammaincinv(1.5, float32) is float64, and every method rounds its
        # value to its arguments' dtype since 97aef76)
        assert np.asarray(got).dtype == np.float32, m
        assert float(got) == pytest.approx(float(getattr(ST.maxwell, m)(x)), rel=2e-6, abs=0.0)


def test_refusals():
    with pytest.raises(ValueError, match="maxwell.cdf: scale must be positive"):
        M.cdf(1.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="maxwell.ppf: q must be a probability"):
        M.ppf(-0.5)
    with pytest.raises(ValueError, match="maxwell.var: scale must be positive"):
        M.var(0.0, -1.0)
