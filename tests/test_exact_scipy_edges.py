"""Second derivatives near the ends of a support and near poles: the real bugs behind
``tools/probe_scipy_edges.py``'s WRONG cases (the others were its finite differences
crossing an end of the domain or a pole; the probe now tells them apart, see its docstring).

A density written ``exp(log density)`` differentiates twice into ``pdf (L'^2 + L'')``, two
terms growing like ``1/z^2`` near the end ``z = 0`` that cancel: ``gamma.pdf(1e-20, 2.0)``'s
second derivative came out 5461 (reverse over reverse) and -0.296 (forward over reverse)
for -0.593. ``rgamma''`` near a pole of gamma had the same cancellation. The expected values
here are the closed forms (checked with mpmath at 50 digits).
"""
import math

import numpy as np
import pytest
import scipy.special as sc

import wengert as wg
import wengert.scipy.special as wsp
from wengert.scipy import stats


def _second(f, x):
    """f''(x) in both modes: reverse over reverse, forward over reverse."""
    return float(wg.grad(wg.grad(f))(x)), float(wg.jvp(wg.grad(f), (x,), (1.0,))[1])


S = 1.5
DENSITIES = [
    # (name, f, points, exact second derivative)
    ("gamma.pdf a=2", lambda x: stats.gamma.pdf(x, 2.0, 0.0, S),
     lambda x: np.exp(-x / S) * (-2.0 / S + x / S ** 2) / S ** 2),
    ("gamma.pdf a=3", lambda x: stats.gamma.pdf(x, 3.0), lambda x: np.exp(-x) * (1.0 - 2.0 * x + x * x / 2.0)),
    ("chi2.pdf df=4", lambda x: stats.chi2.pdf(x, 4.0), lambda x: np.exp(-x / 2.0) * (-1.0 + x / 4.0) / 4.0),
    ("beta.pdf at 0", lambda x: stats.beta.pdf(x, 2.0, 2.0), lambda x: -12.0),
    ("beta.pdf at 1", lambda x: stats.beta.pdf(1.0 - x, 2.0, 2.0), lambda x: -12.0),
    ("weibull_min.pdf", lambda x: stats.weibull_min.pdf(x, 2.0), lambda x: np.exp(-x * x) * (-12.0 * x + 8.0 * x ** 3)),
    ("rayleigh.pdf", lambda x: stats.rayleigh.pdf(x), lambda x: np.exp(-x * x / 2.0) * (x ** 3 - 3.0 * x)),
    ("poisson.pmf in mu", lambda m: stats.poisson.pmf(2, m), lambda m: np.exp(-m) * (1.0 - 2.0 * m + m * m / 2.0)),
    ("binom.pmf in p", lambda p: stats.binom.pmf(2, 5, p), lambda p: 20.0 * (1.0 - p) * (1.0 - 8.0 * p + 10.0 * p * p)),
]


@pytest.mark.parametrize("x", [1e-140, 1e-20, 1e-12, 1e-6, 5e-3, 2e-2])
@pytest.mark.parametrize("name, f, exact", DENSITIES, ids=[d[0] for d in DENSITIES])
def test_second_derivative_of_a_density_near_the_end_of_its_support(name, f, exact, x):
    want = exact(x)
    for got in _second(f, x):
        assert np.isclose(got, want, rtol=1e-7, atol=1e-9 * abs(float(wg.grad(f)(x))) + 1e-300), (name, x, got, want)


@pytest.mark.parametrize("x", [1e-300, 1e-20, 1e-12, 0.003])
def test_a_density_written_with_powers_near_the_end_has_scipys_value(x):
    import scipy.stats as ST
    for ours, theirs in ((stats.gamma.pdf(x, 2.0, 0.0, S), ST.gamma.pdf(x, 2.0, 0.0, S)),
                         (stats.beta.pdf(1.0 - x, 0.5, 3.0), ST.beta.pdf(1.0 - x, 0.5, 3.0)),
                         (stats.beta.pdf(x, 200.0, 2000.0), ST.beta.pdf(x, 200.0, 2000.0))):
        assert np.isclose(float(ours), theirs, rtol=1e-10, atol=0)


def test_a_density_whose_power_factors_underflow_alone_keeps_its_value_and_gradient():
    # z^199 underflows at z = 0.009 but the density there is 1e-117: the log form stays
    import scipy.stats as ST
    f = lambda x: stats.beta.pdf(x, 200.0, 2000.0)  # noqa: E731
    x = 0.009
    assert float(f(x)) > 0 and np.isclose(float(f(x)), ST.beta.pdf(x, 200.0, 2000.0), rtol=1e-9)
    want = ST.beta.pdf(x, 200.0, 2000.0) * (199.0 / x - 1999.0 / (1.0 - x))
    assert np.isclose(float(wg.grad(f)(x)), want, rtol=1e-8)


TWO_EULER_GAMMA = 1.1544313298030657


@pytest.mark.parametrize("x, want", [(1e-20, TWO_EULER_GAMMA), (-1e-13, 1.1544313298034592),
                                     (1e-150, TWO_EULER_GAMMA), (1e-300, TWO_EULER_GAMMA),
                                     (-2.00000000000001, -3.6911373403937460),
                                     (0.2, 0.37173250264647033)])
def test_rgamma_second_derivative_near_a_pole_of_gamma(x, want):
    for got in _second(wsp.rgamma, x):
        assert np.isclose(got, want, rtol=1e-7), (x, got, want)
    assert np.isclose(float(wsp.rgamma(x)), sc.rgamma(x), rtol=1e-14, atol=1e-300)


@pytest.mark.parametrize("n", [1e-8, 1e-3, 0.5])
@pytest.mark.parametrize("p", [0.3, 1.0])
def test_nbinom_at_zero_failures_is_linear_in_n(n, p):
    """log pmf(0; n, p) = n log p: second derivative 0 in n, 1/p in n and p. gammaln(n + 0) -
    gammaln(n) cancelled its trigamma(n) ~ 1/n^2 terms in reverse over reverse (-0.07)."""
    for f in (lambda n, p: stats.nbinom.logpmf(0, n, p), lambda n, p: np.log(stats.nbinom.pmf(0, n, p))):
        assert abs(float(wg.grad(wg.grad(f))(n, p))) < 1e-12
        assert abs(float(wg.jvp(wg.grad(f), (n, p), (1.0, 0.0))[1])) < 1e-12
        assert np.isclose(float(wg.grad(wg.grad(f), argnums=1)(n, p)), 1.0 / p, rtol=1e-12)
    assert float(stats.nbinom.logpmf(0, n, p)) == pytest.approx(n * np.log(p), abs=1e-300, rel=1e-12)


# Within 1e-12 of the end q = 1 no finite-difference step is both inside the domain and
# resolved in float64 (the probe's "fd-unreliable"): the derivatives against mpmath (60 digits).
NEAR_ONE = [("logit", lambda q: wsp.logit(q), 1000022122210.5028),
            ("erfinv", lambda q: wsp.erfinv(q), 97323218788.39923),
            ("ndtri", lambda q: wsp.ndtri(q), 139445764410.2959),
            ("gammaincinv 0.5", lambda q: wsp.gammaincinv(0.5, q), 981413547205.757),
            ("gammaincinv 1", lambda q: wsp.gammaincinv(1.0, q), 1000022122209.5028),
            ("gammaincinv 3", lambda q: wsp.gammaincinv(3.0, q), 1060481258756.8142),
            ("gammaincinv 0.001", lambda q: wsp.gammaincinv(0.001, q), 949315314697.2393),
            ("gammaincinv 100", lambda q: wsp.gammaincinv(100.0, q), 2096406883650.3342)]


@pytest.mark.parametrize("name, f, want", NEAR_ONE, ids=[n for n, _, _ in NEAR_ONE])
def test_derivative_within_1e12_of_the_end_of_the_domain(name, f, want):
    q = 1.0 - 1e-12
    assert np.isclose(float(wg.grad(f)(q)), want, rtol=1e-9)
    assert np.isclose(float(wg.jvp(f, (q,), (1.0,))[1]), want, rtol=1e-9)


def test_stdtr_derivative_at_0_is_the_density_though_scipys_value_is_off_by_1e11_there():
    # SciPy's stdtr(1, t) - 0.5 is 4e-5 off in relative terms at t = 1e-6, so differences of
    # it do not converge; the derivative is the density, 1 / pi for df = 1
    for f in (lambda t: wsp.stdtr(1.0, t), lambda t: stats.t.cdf(t, 1.0)):
        assert np.isclose(float(wg.grad(f)(0.0)), 1.0 / np.pi, rtol=1e-14)
        assert float(wg.grad(wg.grad(f))(0.0)) == 0.0


def test_lognorm_logcdf_hessian_deep_in_the_tail():
    # log(ndtr(log(x) / s)) at x = 1e-12, s = 0.05 (z = -553): second derivatives up to 1e28,
    # where the probe's differences lose their digits; mpmath (80 digits) for the Hessian
    want = np.array([[-1.145244333e+28, -4.420963379e+17, 1.145244333e+28, 3.999986902e+14],
                     [-4.420963379e+17, -366467597.4, 4.420963379e+17, 442096.3379],
                     [1.145244333e+28, 4.420963379e+17, -1.145244333e+28, -3.999986902e+14],
                     [3.999986902e+14, 442096.3379, -3.999986902e+14, 10652.44595]])
    args = (1e-12, 0.05, 0.0, 1.0)
    for i in range(4):
        row = wg.grad(lambda *a: wg.grad(stats.lognorm.logcdf, argnums=i)(*a), argnums=(0, 1, 2, 3))(*args)
        assert np.allclose([float(r) for r in row], want[i], rtol=1e-6), (i, row)


@pytest.mark.parametrize("x", [0.0, 1e-300, 1e-160, 1e-140])
def test_an_exponential_density_as_gamma_with_a_1_keeps_its_exact_second_derivative(x):
    # exp(-x / 2) / 2: its log form has no 1/x term; written with powers, x ** 0's second
    # derivative 0 * x ** -2 was NaN below 1e-154
    for got in _second(lambda x: stats.chi2.pdf(x, 2.0), x):
        assert np.isclose(got, np.exp(-x / 2.0) / 8.0, rtol=1e-12)


#: (p, ndtri'(p), ndtri''(p)): 1 / pdf(q) and q / pdf(q)^2 at the q with Phi(q) = p (mpmath's findroot
#: on log Phi, 60 digits); ndtri''(1e-300) = -2.7e598 overflows.
NDTRI_SLOPES = [(1e-300, 2.697304465042612e+298, -np.inf), (1e-150, 3.8224648098621147e+148, -3.8168878291343574e+298),
                (1e-100, 4.690375414837741e+98, -4.6800792702224667e+198), (1e-10, 1535723698.1963859, -1.5002887130628458e+19),
                (0.3, 2.8761036592642926, -4.3378264936389535), (1 - 1e-10, 1535723574.0619514, 1.5002884675257012e+19)]


@pytest.mark.parametrize("p, first, second", NDTRI_SLOPES, ids=[repr(p) for p, _, _ in NDTRI_SLOPES])
def test_ndtri_derivatives_in_its_tails(p, first, second):
    """sqrt(2 pi) exp(q^2 / 2) turned ndtri's rounding into q^2 of it: ndtri' was 1.0e-13 off at p = 1e-300,
    3.4e-14 at 1e-100 (ndtri'' 6.8e-14), 2.6e-15 at 1e-10; now sqrt(pi / 2) erfcx(|q| / sqrt(2)) / p."""
    f = wsp.ndtri
    assert [float(wg.grad(f)(p)), float(wg.jvp(f, (p,), (1.0,))[1])] == pytest.approx([first, first], rel=1e-15, abs=0.0)
    with np.errstate(over="ignore"):
        got = [*_second(f, p), float(wg.jacfwd(wg.jacrev(f))(p)), float(wg.grad(lambda t: wg.jvp(f, (t,), (1.0,))[1])(p)),
               float(wg.jvp(lambda t: wg.jvp(f, (t,), (1.0,))[1], (p,), (1.0,))[1])]
    assert got == pytest.approx([second] * 5, rel=2e-15, abs=0.0)


@pytest.mark.parametrize("y", [-1e4, -1e5, -1e6, -1e8, -1e9])
def test_ndtri_exp_value_far_out(y):
    """SciPy's ndtri_exp was off far out (83 ulp at y = -1e4, 2.4e3 ulp at -1e5 (5.4e-13 relative), 2.2e3 at -1e6, 71
    at -1e8, 8 at -1e9): wengert.scipy.special's, and SciPy's ufunc on a Var, are SciPy's q moved by one Newton step
    on log_ndtr(q) = y (truth: Newton's iteration in mpmath, 60 digits and two per decade of -y)."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60 + 2 * int(math.log10(-y))):
        q = mp.mpf(sc.ndtri_exp(y))
        for _ in range(6):
            q = q - (mp.log(mp.ncdf(q)) - y) * mp.ncdf(q) / mp.npdf(q)
        truth = float(q)
    ours = [wsp.ndtri_exp(y), wg.backprop(lambda t: sc.ndtri_exp(t), y)[0], wsp.ndtri_exp(np.array([y, -2.0]))[0]]
    np.testing.assert_allclose(np.array(ours, dtype=float), truth, rtol=4 * 2.0 ** -52, atol=0.0)



def test_stats_quantiles_through_ndtri_exp_far_out():
    """The stats package's quantiles called SciPy's ndtri_exp on plain numbers, 5e-13 off far out: powernorm.isf(1e-10,
    1e-4) was 678.6030803387401 (d/dc -3393117.6553394), truncnorm.ppf(0.3, -700, -600) -600.0020066127996 (truths:
    mpmath, 40 digits, findroot on log ncdf(u) = log(q) / c and on log(ncdf(z) - ncdf(a)) = log(0.3 Z); d/dc = u' log(q) /
    c^2 and d/dq = -u' / (c q), u' = exp(L) / npdf(u); truncnorm's d/dq = Z / npdf(z)); now wengert's ndtri_exp (its
    Newton step)."""
    pn = (lambda q, c: stats.powernorm.isf(q, c)), (1e-10, 1e-4)
    tn = (lambda q: stats.truncnorm.ppf(q, -700.0, -600.0)), (0.3,)
    for (f, at), value, slope in ((pn, 678.60308033829059292, [-147361227416.33765946, -3393117.6553416456401]),
                                  (tn, -600.00200661241124901, [0.0055555215440578056126])):
        got = [float(f(*at)), *(float(g) for g in np.atleast_1d(wg.grad(f, tuple(range(len(at))))(*at)))]
        assert got == pytest.approx([value, *slope], rel=4e-15, abs=0.0)


#: (y, d/dy ndtri_exp, d2/dy2): e^y / pdf(q) and its derivative (1 + q d/dy) d/dy at the q with log Phi(q) = y
#: (log(1 - Phi(q)) = log(-expm1(y)) above y = -log 2; mpmath's findroot, 60 digits); the last overflows. At -1e4
#: and -1e5 SciPy's q itself is 1.8e-14 and 5.4e-13 off (the slope at it as much): the rule's q takes a Newton step.
NDTRI_EXP_SLOPES = [(-1e5, 0.002236135308013656, 1.1181293966620179e-08), (-1e4, 0.007072790427792576, 3.5379415026327945e-07),
                    (-700.0, 0.026793952657404654, 1.922203438590522e-05),
                    (-100.0, 0.07163451936680611, 0.0003657439814526396), (-0.3, 2.2876213198072275, 5.667595431758573),
                    (-1e-10, 1535723698.117828, 1.5002887130647386e+19), (-1e-300, 2.697304465042612e+298, np.inf)]


@pytest.mark.parametrize("y, first, second", NDTRI_EXP_SLOPES, ids=[repr(y) for y, _, _ in NDTRI_EXP_SLOPES])
def test_ndtri_exp_derivatives_in_its_tails(y, first, second):
    """exp(y + q^2 / 2 + log(sqrt(2 pi))) carried q's rounding times q^2 and the sum's cancellation: d/dy was 7.6e-14
    off at y = -700 (3.7e-10 at -1e4), d2/dy2 1.1e-10 (7.4e-6 at -1e4, where 1 + q d/dy is about 1 / q^2); now the
    Mills ratio sqrt(pi / 2) erfcx(-q / sqrt(2)) below q = 0 and e^y times it at q over -expm1(y) above."""
    f = wsp.ndtri_exp
    assert [float(wg.grad(f)(y)), float(wg.jvp(f, (y,), (1.0,))[1])] == pytest.approx([first, first], rel=1e-15, abs=0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        got = [*_second(f, y), float(wg.jacfwd(wg.jacrev(f))(y)), float(wg.grad(lambda t: wg.jvp(f, (t,), (1.0,))[1])(y)),
               float(wg.jvp(lambda t: wg.jvp(f, (t,), (1.0,))[1], (y,), (1.0,))[1])]
    assert got == pytest.approx([second] * 5, rel=2e-15, abs=0.0)
