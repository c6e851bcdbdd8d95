"""SciPy functions: ``scipy.special``'s Box-Cox transforms,
``wofz``, ``ellipk``/``ellipkm1``/``ellipe``, ``ellipkinc``/``ellipeinc`` (in phi) and
``owens_t``; ``scipy.stats``' ``weibull_min``,
``invgamma``, ``rayleigh`` and ``skewnorm`` (logpdf, pdf); ``scipy.linalg``'s ``solve_continuous_lyapunov``
and ``solve_discrete_lyapunov``.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). The tests below check the values
against SciPy's, the derivatives at the points where a rule switches between a series and a
closed form (both sides agree to rounding) and at the ends of the domains, against known
closed forms (``K'(0) = pi/8``, ``d/dl boxcox(x, 0) = log(x)^2 / 2``...), and the refusals.
"""
import math

import numpy as np
import pytest

sc = pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                         'extra of wengert (pip install "wengert[scipy]")')
import scipy.linalg as sl  # noqa: E402
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402
import wengert.scipy.linalg as wsl  # noqa: E402
from opcheck import assert_log_tail_close, case, crand, gradient_test, rand  # noqa: E402
from wengert.scipy import stats  # noqa: E402

X = np.array([0.4, 1.0, 2.5])
LMBDA = np.array([-0.7, 0.0, 1.6])
Y = np.array([-0.5, 0.0, 0.8])
#: the parameters at and around the switching points of the rules: |l log x| = 1 (Box-Cox),
#: |l y| = 1/2 (inverse), |m| = 1/2 (elliptic integrals), and l = 0, m = 0 themselves.
M = np.array([-3.0, -0.5, -1e-9, 0.0, 0.3, 0.5, 0.9])
P = np.array([0.05, 0.5, 1.0, 1.5, 3.0])

SPECIAL_CASES = [
    *[case(fn, fn, X + shift, LMBDA, id=f"{fn.__name__}") for fn, shift in ((sc.boxcox, 0.0), (sc.boxcox1p, -0.3))],
    case(sc.boxcox, lambda l: sc.boxcox(np.e, l), np.array([-1.0, -1e-12, 0.0, 1.0]), id="boxcox-switch"),
    case(sc.boxcox, lambda l: sc.boxcox(0.0, l), np.array([0.5, 2.0]), id="boxcox-at-0"),
    case(sc.boxcox1p, lambda l: sc.boxcox1p(np.e - 1.0, l), np.array([-1.0, 0.0, 1.0]), id="boxcox1p-switch"),
    # x and lmbda of two shapes: the second derivative's rules sum back to each (a ValueError before)
    *[case(fn, fn, X + shift, LMBDA[:, None], id=f"{fn.__name__}-broadcast") for fn, shift in ((sc.boxcox, 0.0),
                                                                                             (sc.boxcox1p, -0.3))],
    *[case(fn, fn, Y, np.array([0.5, 0.0, -0.3]), id=fn.__name__) for fn in (sc.inv_boxcox, sc.inv_boxcox1p)],
    case(sc.inv_boxcox, lambda l: sc.inv_boxcox(1.0, l), np.array([-0.5, 1e-12, 0.5]), id="inv_boxcox-switch"),
    case(sc.wofz, sc.wofz, crand((3,)), id="wofz"),
    case(sc.wofz, sc.wofz, rand((3,), -2.0, 2.0), id="wofz-real"),
    *[case(fn, fn, M, id=f"{fn.__name__}") for fn in (sc.ellipk, sc.ellipe)],
    case(sc.ellipkm1, sc.ellipkm1, P, id="ellipkm1"),
    *[case(fn, lambda phi, _fn=fn: _fn(phi, np.array([[-2.0], [0.0], [0.6], [0.95]])), np.array([-4.0, 0.3, 1.2]),
           id=fn.__name__) for fn in (sc.ellipkinc, sc.ellipeinc)],
    case(sc.owens_t, sc.owens_t, np.array([-1.5, 0.0, 0.7]), np.array([[0.5], [-2.0], [4.0]]), id="owens_t"),
]

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
]

A = np.array([[-2.0, 0.5, 0.1], [0.3, -1.5, 0.2], [0.0, 0.4, -1.0]])
AD = 0.4 * np.array([[0.5, 0.8, -0.2], [-0.3, 0.6, 0.4], [0.7, 0.1, -0.9]])
LINALG_CASES = [
    case(wsl.solve_continuous_lyapunov, wsl.solve_continuous_lyapunov, A, rand((3, 3)), id="solve_continuous_lyapunov"),
    case(wsl.solve_continuous_lyapunov, wsl.solve_continuous_lyapunov, A + 0.3j * AD, crand((3, 3)),
         id="solve_continuous_lyapunov-complex-a"),
    *[case(wsl.solve_discrete_lyapunov, lambda a, q, _m=m: wsl.solve_discrete_lyapunov(a, q, _m), AD, rand((3, 3)),
           id=f"solve_discrete_lyapunov-{m}") for m in ("direct", "bilinear")],
    case(wsl.solve_discrete_lyapunov, wsl.solve_discrete_lyapunov, AD + 0.2j * AD.T, crand((3, 3)),
         id="solve_discrete_lyapunov-complex-a"),
    case(wsl.solve_discrete_lyapunov, wsl.solve_discrete_lyapunov, 0.5 * np.ones((1, 1)), np.ones((1, 1)),
         id="solve_discrete_lyapunov-1x1"),
]

CASES = SPECIAL_CASES + STATS_CASES + LINALG_CASES
#: the scipy.linalg functions tested here (tests/test_ops_scipy_linalg.py checks the list).
LINALG_NAMES = ("solve_continuous_lyapunov", "solve_discrete_lyapunov")

test_gradient = gradient_test(CASES)


def _d(f, x, order=1):
    """The ``order``-th derivative of the scalar function ``f`` at ``x`` (reverse mode)."""
    for _ in range(order):
        f = (lambda g: lambda y: wg.grad_bp(g, y))(f)
    return float(f(x))


def test_every_function_has_a_case_and_is_listed():
    names = ["special.boxcox", "special.boxcox1p", "special.inv_boxcox", "special.inv_boxcox1p",
             "special.wofz", "special.ellipk", "special.ellipkm1", "special.ellipe", "special.owens_t",
             "special.ellipkinc", "special.ellipeinc",
             *[f"linalg.{n}" for n in LINALG_NAMES],
             *[f"stats.weibull_min.{f}" for f in WEIBULL + ("ppf", "isf")],
             *[f"stats.invgamma.{f}" for f in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf")],
             *[f"stats.rayleigh.{f}" for f in WEIBULL + ("ppf", "isf")],
             "stats.skewnorm.logpdf", "stats.skewnorm.pdf"]
    table = wengert.scipy.supported()
    assert [n for n in names if table.get(n) != "gradient"] == []
    assert sorted(stats.FUNCTIONS["skewnorm"]) == ["cdf", "logpdf", "pdf", "sf"]  # (cdf, sf: tests/test_ops_scipy_skewnorm_cdf.py)


# -- special functions ---------------------------------------------------------------------

def test_special_values_are_scipys():
    # (they are SciPy's ufuncs: the values are SciPy's by construction; the gradient of a
    # Var records the same value)
    x = np.array([0.0, 0.4, 1.0, 2.5])
    for fn, args in ((sc.boxcox, (x, 0.7)), (sc.ellipk, (M,)), (sc.owens_t, (x, 2.0))):
        value, _ = wg.backprop(lambda *a: fn(*a), *args, seed=np.ones(np.shape(fn(*args))))
        np.testing.assert_array_equal(value, fn(*args))


@pytest.mark.parametrize("x", [0.3, 2.5, 40.0])
def test_boxcox_in_lmbda_at_0_is_the_limit(x):
    log = math.log(x)
    assert _d(lambda l: sc.boxcox(x, l), 0.0) == pytest.approx(log ** 2 / 2, rel=1e-15, abs=0)
    assert _d(lambda l: sc.boxcox(x, l), 0.0, 2) == pytest.approx(log ** 3 / 3, rel=1e-14, abs=0)
    assert _d(lambda l: sc.boxcox1p(x - 1.0, l), 0.0) == pytest.approx(math.log1p(x - 1.0) ** 2 / 2, rel=1e-15, abs=0)
    # inv_boxcox(y, l) at l = 0 is exp(y): d/dl = -exp(y) y^2 / 2
    assert _d(lambda l: sc.inv_boxcox(log, l), 0.0) == pytest.approx(-x * log ** 2 / 2, rel=1e-15, abs=0)


@pytest.mark.parametrize("fn, f, at", [
    (lambda l: sc.boxcox(np.e, l), None, 1.0), (lambda l: sc.boxcox(np.e, l), None, -1.0),
    (lambda l: sc.inv_boxcox(1.0, l), None, 0.5), (lambda l: sc.inv_boxcox(1.0, l), None, -0.5),
    (sc.ellipk, None, 0.5), (sc.ellipk, None, -0.5), (sc.ellipe, None, 0.5), (sc.ellipe, None, -0.5),
    (sc.ellipkm1, None, 0.5), (sc.ellipkm1, None, 1.5)])
def test_the_series_and_the_closed_form_agree_at_the_switch(fn, f, at):
    for order in (1, 2):
        below, above = (_d(fn, np.nextafter(at, side), order) for side in (-np.inf, np.inf))
        assert below == pytest.approx(above, rel=1e-13, abs=0), order


def test_elliptic_integrals_at_0_and_1():
    assert _d(sc.ellipk, 0.0) == pytest.approx(math.pi / 8, rel=1e-15, abs=0)
    assert _d(sc.ellipk, 0.0, 2) == pytest.approx(9 * math.pi / 64, rel=1e-15, abs=0)
    assert _d(sc.ellipe, 0.0) == pytest.approx(-math.pi / 8, rel=1e-15, abs=0)
    assert _d(sc.ellipe, 0.0, 2) == pytest.approx(-3 * math.pi / 64, rel=1e-15, abs=0)
    assert _d(sc.ellipkm1, 1.0) == pytest.approx(-math.pi / 8, rel=1e-15, abs=0)
    # at m = 1 K' is +inf and E' is -inf; a second derivative there is refused
    assert _d(sc.ellipk, 1.0) == np.inf and _d(sc.ellipe, 1.0) == -np.inf and _d(sc.ellipkm1, 0.0) == -np.inf
    for fn in (sc.ellipk, sc.ellipe):
        with pytest.raises(wg.NoGradientRule, match="m = 1"):
            _d(fn, 1.0, 2)
    # the derivative against the closed form away from 0: K' = (E - (1 - m) K) / (2 m (1 - m))
    m = 0.7
    assert _d(sc.ellipk, m) == pytest.approx((sc.ellipe(m) - (1 - m) * sc.ellipk(m)) / (2 * m * (1 - m)), rel=1e-14, abs=0)


def test_boxcox_at_the_end_of_its_domain():
    # boxcox(0, l) = -1/l for l > 0: d/dl = 1/l^2; d/dx x^(l-1) at 0: 0, 1 or inf
    assert _d(lambda l: sc.boxcox(0.0, l), 0.5) == 4.0
    assert _d(lambda l: sc.boxcox1p(-1.0, l), 2.0) == 0.25
    assert [_d(lambda x: sc.boxcox(x, l), 0.0) for l in (2.0, 1.0, 0.5)] == [0.0, 1.0, np.inf]


def test_wofz_of_a_real_argument_has_a_real_gradient():
    g = wg.grad_bp(lambda x: np.sum(np.real(sc.wofz(x)) + 2.0 * np.imag(sc.wofz(x))), np.array([0.7, -1.2]))
    assert g.dtype == np.float64
    # d/dx w(x) = -2 x w(x) + 2i / sqrt(pi)
    dw = -2.0 * np.array([0.7, -1.2]) * sc.wofz(np.array([0.7, -1.2])) + 2j / math.sqrt(math.pi)
    np.testing.assert_allclose(g, np.real(dw) + 2.0 * np.imag(dw), rtol=1e-14)


def test_incomplete_elliptic_integrals_in_phi_and_their_refusal_of_m():
    phi, m = 1.2, 0.6
    delta = 1.0 - m * math.sin(phi) ** 2
    assert _d(lambda p: sc.ellipkinc(p, m), phi) == pytest.approx(1.0 / math.sqrt(delta), rel=1e-15, abs=0)
    assert _d(lambda p: sc.ellipeinc(p, m), phi) == pytest.approx(math.sqrt(delta), rel=1e-15, abs=0)
    # at phi = pi/2 they are the complete integrals
    assert sc.ellipkinc(math.pi / 2, m) == pytest.approx(sc.ellipk(m), rel=1e-14, abs=0)
    for fn in (sc.ellipkinc, sc.ellipeinc):
        with pytest.raises(wg.NoGradientRule, match=rf"{fn.__name__} has no gradient with respect to m"):
            wg.grad_bp(lambda m, _fn=fn: _fn(phi, m), 0.5)


def test_owens_t_gradients_are_the_closed_forms():
    h, a = 0.7, 2.0
    assert _d(lambda h: sc.owens_t(h, a), h) == pytest.approx(
        -math.exp(-h * h / 2) / math.sqrt(2 * math.pi) * math.erf(a * h / math.sqrt(2)) / 2, rel=1e-14)
    assert _d(lambda a: sc.owens_t(h, a), a) == pytest.approx(
        math.exp(-h * h * (1 + a * a) / 2) / (2 * math.pi * (1 + a * a)), rel=1e-14)


# -- distributions -----------------------------------------------------------------------------

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


# -- Lyapunov equations ------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 3, 12])
def test_lyapunov_values_are_scipys(n):
    rng = np.random.default_rng(n)
    a = 0.6 * rng.normal(size=(n, n)) / np.sqrt(n)
    q = rng.normal(size=(n, n))
    for aa, qq in ((a, q), (a + 0.3j * a.T, q + 1j * q.T)):
        np.testing.assert_allclose(wsl.solve_continuous_lyapunov(aa - 2.0 * np.eye(n), qq),
                                   sl.solve_continuous_lyapunov(aa - 2.0 * np.eye(n), qq), rtol=1e-10, atol=1e-12)
        for method in (None, "direct", "bilinear"):
            np.testing.assert_allclose(wsl.solve_discrete_lyapunov(aa, qq, method),
                                       sl.solve_discrete_lyapunov(aa, qq, method), rtol=1e-9, atol=1e-11)


def test_lyapunov_without_a_unique_solution_is_refused():
    with pytest.raises(np.linalg.LinAlgError, match="no unique solution"):
        wsl.solve_continuous_lyapunov(np.diag([1.0, -1.0]), np.eye(2))
    with pytest.raises(np.linalg.LinAlgError):
        wsl.solve_discrete_lyapunov(np.diag([1.0, 0.5]), np.eye(2))
    with pytest.raises(ValueError, match="Unknown solver"):
        wsl.solve_discrete_lyapunov(np.eye(2) / 2, np.eye(2), "schur")
