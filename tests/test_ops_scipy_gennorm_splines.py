"""SciPy functions: ``scipy.stats.gennorm``'s ``cdf``, ``sf``,
``logcdf``, ``logsf``, ``ppf``, ``isf`` (in x or q, loc and scale; beta at first
order) and ``entropy`` (in beta and scale);
``poisson.entropy`` (in mu); ``bernoulli.ppf`` (piecewise constant: plain values, refused at
its jumps); ``scipy.stats.rankdata`` (no gradient) and ``scipy.stats.mode`` (the gradient of
the entry that is the mode where every value is distinct; refused at ties).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's,
the derivatives at the points where the chain rule through SciPy's formula is 0 * inf
(gennorm at z = 0, q = 1/2) against closed forms, and the refusals.
"""
import warnings

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as sc  # noqa: E402
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402
from opcheck import assert_log_tail_close, case, gradient_test, rand  # noqa: E402
from wengert.scipy import stats  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

GENNORM = ("cdf", "sf", "logcdf", "logsf", "ppf", "isf", "entropy")
X = np.array([-2.2, -0.6, 0.35, 1.1, 2.9])
X_AT_0 = np.array([-1.3, 0.0, 0.8])  # (x == loc: the density's kink for beta <= 1)
Q = np.array([0.03, 0.2, 0.45, 0.62, 0.97])
Q_AT_HALF = np.array([0.1, 0.5, 0.8])
BETAS = (0.6, 1.0, 2.0, 3.5)


def _tails(name, beta, x):
    fn = getattr(stats.gennorm, name)
    return [case(fn, lambda x, loc, scale: fn(x, beta, loc, scale), x, 0.2, 1.3, id=f"gennorm.{name}-{beta}"),
            case(fn, lambda x: fn(x, beta), x, id=f"gennorm.{name}-{beta}-x")]


CASES = [
    *[c for name in ("cdf", "sf", "logcdf", "logsf", "ppf", "isf") for beta in BETAS
      for c in _tails(name, beta, Q if name in ("ppf", "isf") else X)],
    # at x == loc (z = 0) and q = 1/2 (the result 0): the density, where the chain rule was 0 * inf
    *[case(getattr(stats.gennorm, name), lambda x, name=name, beta=beta: getattr(stats.gennorm, name)(x, beta),
           Q_AT_HALF if name in ("ppf", "isf") else X_AT_0, id=f"gennorm.{name}-{beta}-at-0")
      for name in ("cdf", "sf", "logcdf", "logsf", "ppf", "isf") for beta in (1.5, 2.0, 3.5)],
    case(stats.gennorm.cdf, lambda x: stats.gennorm.cdf(x, np.array([[1.5], [4.0]])), X, id="gennorm.cdf-betas"),
    case(stats.gennorm.logcdf, lambda x: stats.gennorm.logcdf(x, 2.0), np.array([-6.0, 6.0]), id="gennorm.logcdf-tails"),
    case(stats.gennorm.logsf, lambda x: stats.gennorm.logsf(x, 2.0), np.array([-6.0, 6.0]), id="gennorm.logsf-tails"),
    case(stats.gennorm.ppf, lambda q: stats.gennorm.ppf(q, 1.7), np.array([0.004, 0.996]), id="gennorm.ppf-ends"),
    case(stats.gennorm.ppf, lambda q, loc: stats.gennorm.ppf(q, 2.5, loc), 0.3, -0.4, id="gennorm.ppf-floats"),
    case(stats.gennorm.entropy, stats.gennorm.entropy, np.array([0.4, 1.0, 2.0, 7.0]), 0.1, 1.8, id="gennorm.entropy"),
    case(stats.gennorm.entropy, lambda beta: stats.gennorm.entropy(beta), 1.3, id="gennorm.entropy-float"),
    # -- poisson.entropy: tiny, small, middling means; both sides of the switch to the series
    case(stats.poisson.entropy, stats.poisson.entropy, np.array([2e-3, 0.02, 0.7, 1.0, 3.3, 40.0]), id="poisson.entropy"),
    case(stats.poisson.entropy, stats.poisson.entropy, 2.5, id="poisson.entropy-float"),
    case(stats.poisson.entropy, stats.poisson.entropy, np.array([[400.0, 990.0], [1010.0, 3e5]]),
         eps=1e-2, id="poisson.entropy-large"),  # (steps of 1e-6 resolve no second derivative of 1e-6 here)
    # -- bernoulli.ppf: 0 away from its jumps (the value times the arguments: a case that can fail)
    case(stats.bernoulli.ppf, lambda q, p: stats.bernoulli.ppf(q, p) * (q + p), np.array([0.1, 0.5, 0.75, 0.95]),
         np.array([0.3, 0.3, 0.3, 0.6]), id="bernoulli.ppf"),
    # -- mode: the entry that is the mode (every value distinct)
    case(stats.mode, lambda a: stats.mode(a).mode, rand((3, 4), seed=130), id="mode"),
    case(stats.mode, lambda a: stats.mode(a, axis=None).mode, rand((3, 4), seed=131), id="mode-all"),
    case(stats.mode, lambda a: stats.mode(a, axis=-1, keepdims=True).mode, rand((3, 4), seed=132), id="mode-keepdims"),
    case(stats.mode, lambda a: stats.mode(a).mode, rand((5,), seed=133), id="mode-vector"),
    case(stats.mode, lambda a: stats.mode(a, axis=1).mode, rand((2, 1), seed=134), id="mode-size-1"),
]

test_gradient = gradient_test(CASES)


def test_every_function_is_listed_and_has_a_case():
    table = wengert.scipy.supported()
    names = [f"stats.gennorm.{n}" for n in GENNORM] + ["stats.poisson.entropy", "stats.bernoulli.ppf", "stats.mode"]
    assert [n for n in names if table.get(n) != "gradient"] == []
    assert table["stats.rankdata"] == "no gradient"
    covered = {id(fn) for c in CASES for fn in c.covers}
    functions = ([getattr(stats.gennorm, n) for n in GENNORM]
                 + [stats.poisson.entropy, stats.bernoulli.ppf, stats.mode])
    assert [f.__name__ for f in functions if id(f) not in covered] == []


# -- values: SciPy's --------------------------------------------------------------------------------

POINTS = np.array([-40.0, -3.0, -1.0, -0.2, 0.0, 0.3, 1.5, 4.0, 40.0, np.inf, -np.inf])
SHAPES = np.array([[0.3], [0.6], [1.0], [1.5], [2.0], [3.5], [8.0]])

#: (distribution.function, arguments) whose values are checked against SciPy's (tests/test_ops_scipy.py
#: checks that every function of wengert.scipy.stats has one)
VALUE_CHECKS = [
    *[(f"gennorm.{f}", (POINTS, SHAPES, 0.2, 1.3)) for f in ("cdf", "sf", "logcdf", "logsf")],
    *[(f"gennorm.{f}", (np.array([0.0, 1e-300, 1e-10, 0.2, 0.5, 0.7, 1.0 - 1e-12, 1.0]), SHAPES, 0.2, 1.3))
      for f in ("ppf", "isf")],
    ("gennorm.entropy", (SHAPES, 0.3, 2.5)),
    ("poisson.entropy", (np.array([0.0, 1e-8, 1e-3, 0.5, 1.0, 3.7, 20.0, 100.0, 999.0, 1000.0]),)),
    ("bernoulli.ppf", (np.array([0.0, 0.1, 0.3, 0.7, 0.75, 1.0]), np.array([[0.0], [0.3], [0.5], [1.0]]))),
    ("bernoulli.ppf", (np.array([0.0, 0.4, 0.9]), 0.3, 2)),
]


@pytest.mark.parametrize("name, args", VALUE_CHECKS, ids=[n for n, _ in VALUE_CHECKS])
def test_stats_values_are_scipys(name, args):
    distribution, function = name.split(".")
    ours = getattr(getattr(stats, distribution), function)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # (SciPy's divide warnings at q = 0, 1)
        want = getattr(getattr(ST, distribution), function)(*args)
    got = wg.eval_bp(ours, *args) if name != "bernoulli.ppf" else ours(*args)
    if function in ("ppf", "isf", "cdf", "sf") and distribution == "gennorm" or name == "bernoulli.ppf":
        np.testing.assert_array_equal(got, want)  # SciPy's formula, the same operations
    elif name == "poisson.entropy":
        # SciPy stops its sum where a block of 32 terms adds less than 3.2e-9 (5.5e-11 of the value at
        # mu = 1e-8); the rounding of both sums grows as 2e-16 mu
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=0)
    else:  # (the log tails: log1p(-other tail) above the median, SciPy's log(tail) there is 1e-16 off)
        # (far in a tail SciPy's is -inf where wengert's, in log space, is finite)
        assert_log_tail_close(got, want, rtol=1e-13, atol=1e-15)


#: poisson's entropy -sum pmf(k) log pmf(k) by mpmath at 40 digits (_mpmath_poisson_entropy):
#: at mu, its first derivative at mu, its second derivative at 2.5
POISSON_ENTROPY = {1e-08: 1.94206807474181e-07, 0.3: 0.6911439590927789, 30.0: 3.1167110399882367,
                   999.0: 4.872232463975691, 1000.0: 4.8727327976428505, 50000.0: 6.82882600872648}
POISSON_ENTROPY_DERIVATIVE = {2.5: 0.22313353077001857, 990.0: 0.0005051356164375383,
                              1010.0: 0.000495131277323043}
POISSON_ENTROPY_SECOND_DERIVATIVE_AT_2_5 = -0.09842514276403523


def _mpmath_poisson_entropy(mu):
    import mpmath
    mu = mpmath.mpf(mu)
    width = int(40 * (mpmath.sqrt(mu) + 1))
    total = mpmath.mpf(0)
    for k in range(max(0, int(mu) - width), int(mu) + width):
        log_pmf = k * mpmath.log(mu) - mpmath.loggamma(k + 1) - mu
        total -= mpmath.exp(log_pmf) * log_pmf
    return total


def test_the_poisson_entropy_tables_are_mpmaths():
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        assert {mu: float(_mpmath_poisson_entropy(mu)) for mu in POISSON_ENTROPY} == POISSON_ENTROPY
        assert {mu: float(mpmath.diff(_mpmath_poisson_entropy, mpmath.mpf(mu)))
                for mu in POISSON_ENTROPY_DERIVATIVE} == POISSON_ENTROPY_DERIVATIVE
        assert (float(mpmath.diff(_mpmath_poisson_entropy, mpmath.mpf(2.5), 2))
                == POISSON_ENTROPY_SECOND_DERIVATIVE_AT_2_5)


def test_poisson_entropy_is_exact_where_scipys_sum_is_not():
    """Against a 40-digit sum (mpmath; the tables above): SciPy's sum stops early (and warns,
    from mu = 1e4 on, where it has not converged: 3.4 instead of 6.8 at mu = 5e4); the
    series from mu = 1000 on."""
    for mu, rtol in ((1e-8, 1e-14), (0.3, 1e-14), (30.0, 1e-13), (999.0, 1e-12), (1000.0, 1e-15), (5e4, 1e-15)):
        assert float(stats.poisson.entropy(mu)) == pytest.approx(POISSON_ENTROPY[mu], rel=rtol, abs=0)
    # its derivative, -sum pmf(k) (k / mu - 1) log pmf(k), against the same sum's by mpmath
    for mu, rtol in ((2.5, 1e-13), (990.0, 1e-10), (1010.0, 1e-13)):  # (both sides of the switch to the series)
        want = POISSON_ENTROPY_DERIVATIVE[mu]
        assert wg.grad_bp(stats.poisson.entropy, mu) == pytest.approx(want, rel=rtol, abs=0)
    want = POISSON_ENTROPY_SECOND_DERIVATIVE_AT_2_5
    assert wg.grad(wg.grad(stats.poisson.entropy))(2.5) == pytest.approx(want, rel=1e-12, abs=0)


def test_poisson_entropy_refusals():
    assert stats.poisson.entropy(0.0) == 0.0
    with pytest.raises(wg.NoGradientRule, match="at mu = 0"):
        wg.grad_bp(stats.poisson.entropy, 0.0)
    with pytest.raises(wg.NoGradientRule, match="at mu = 0"):
        wg.jvp(stats.poisson.entropy, (np.array([0.0, 1.0]),), (np.ones(2),))
    # outside the valid means (SciPy's NaN): refused, as every discrete distribution's methods there
    for mu in (np.array([2.5, -1.0]), np.array([2.5, np.nan]), -1.0):
        with pytest.raises(ValueError, match=r"^poisson: mu must be >= 0 \(SciPy gives NaN\)$"):
            stats.poisson.entropy(mu)
    np.testing.assert_allclose(stats.poisson.entropy(np.array([2.5, 0.0])), ST.poisson.entropy([2.5, 0.0]), rtol=1e-8)
    with pytest.raises(wg.NoGradientRule, match="loc"):
        wg.grad_bp(lambda loc: stats.poisson.entropy(2.0, loc), 1.0)


# -- gennorm: the derivatives at z = 0 and q = 1/2, the refusals ----------------------------------

@pytest.mark.parametrize("beta", [0.4, 1.0, 2.0, 3.5])
def test_gennorm_cdf_and_ppf_at_the_center_have_the_density_s_derivatives(beta):
    density = ST.gennorm.pdf(0.0, beta)
    for d in (wg.grad_bp(lambda x: stats.gennorm.cdf(x, beta), 0.0), wg.jvp(lambda x: stats.gennorm.cdf(x, beta),
                                                                             (0.0,), (1.0,))[1]):
        assert d == pytest.approx(density, rel=1e-15, abs=0)
    assert wg.grad_bp(lambda x: stats.gennorm.sf(x, beta), 0.0) == pytest.approx(-density, rel=1e-15, abs=0)
    assert wg.grad_bp(lambda q: stats.gennorm.ppf(q, beta), 0.5) == pytest.approx(1.0 / density, rel=1e-15, abs=0)
    assert wg.grad_bp(lambda q: stats.gennorm.isf(q, beta), 0.5) == pytest.approx(-1.0 / density, rel=1e-15, abs=0)
    # the loc and scale gradients there: -density / scale and 0 (z = 0)
    g = wg.grad(lambda loc, scale: stats.gennorm.cdf(0.3, beta, loc, scale), argnums=(0, 1))(0.3, 2.0)
    assert g[0] == pytest.approx(-density / 2.0, rel=1e-15, abs=0) and g[1] == 0.0
    if beta > 1:  # the density's derivative at 0 is 0: the second derivatives there
        assert wg.grad(wg.grad(lambda x: stats.gennorm.cdf(x, beta)))(0.0) == 0.0
        assert wg.grad(wg.grad(lambda q: stats.gennorm.ppf(q, beta)))(0.5) == 0.0
    else:  # infinite (beta < 1) or a jump (Laplace): refused
        for f, at in ((lambda x: stats.gennorm.cdf(x, beta), 0.0), (lambda q: stats.gennorm.ppf(q, beta), 0.5)):
            with pytest.raises(wg.NoGradientRule, match="gennorm"):
                wg.grad(wg.grad(f))(at)
            with pytest.raises(wg.NoGradientRule, match="gennorm"):
                wg.jvp(wg.grad(f), (at,), (1.0,))


def test_gennorm_tiny_z_has_the_density_as_derivative():
    """|z|**beta underflows to 0 at z = 1e-200: the chain rule through gammaincc was inf * 0 there."""
    for beta in (0.5, 2.0, 3.0):
        assert wg.grad_bp(lambda x: stats.gennorm.cdf(x, beta), 1e-200) == pytest.approx(ST.gennorm.pdf(0.0, beta),
                                                                                          rel=1e-15)



def test_gennorm_cdf_near_zero_second_derivatives_in_beta():
    """Where ``|z|^beta`` is small the cdf is P's series, each term one power of |z|: through gammainc the derivative in
    beta (gammainc_da at an underflowed ``|z|^beta``) had an infinite derivative in z: gennorm.cdf(1e-200, 2)'s d2/dx
    dbeta inf, the truth 0.0051468. The Hessian in (x, beta, scale) against mpmath (mpmath's diff in steps relative to
    each argument)."""
    mp = pytest.importorskip("mpmath")
    for x, beta, dps in ((1e-200, 2.0, 120), (-1e-15, 0.5, 120)):  # (cdf - 1/2: no cancellation but in d2/dx2)
        p = [mp.mpf(x), mp.mpf(beta), mp.mpf(1.5)]

        def cdf(x, b, s):
            return mp.sign(x) * mp.gammainc(1 / b, 0, abs(x / s) ** b, regularized=True) / 2
        with mp.workdps(dps):
            truth = np.array([[float(mp.diff(lambda *t: cdf(*[v * u for v, u in zip(p, t)]), (1, 1, 1), tuple(
                (i == k) + (j == k) for k in range(3))) / (p[i] * p[j])) for j in range(3)] for i in range(3)])
            # (d2/dx2 the density's slope, -beta^2 sign(z) |z|^(beta - 1) e^-|z|^beta / (2 gamma(1/beta) s^2): its
            # difference quotients would need 400 digits at 1e-200)
            z, b = p[0] / p[2], p[1]
            truth[0, 0] = float(-b * b * mp.sign(z) * abs(z) ** (b - 1) * mp.exp(-abs(z) ** b) / (2 * mp.gamma(
                1 / b) * p[2] ** 2))

        def f(v):
            return stats.gennorm.cdf(v[0], v[1], 0.0, v[2])
        for path in (wg.hessian(f), wg.jacfwd(wg.jacfwd(f)), wg.jacfwd(wg.grad(f))):
            np.testing.assert_allclose(path(np.array([x, beta, 1.5])), truth, rtol=1e-12, atol=0)

def test_gennorm_refusals():
    # (beta is differentiated to second order: tests/test_exact_gammaincinv_in_shape.py; its third
    # derivative, which needs gammainc's d^3/da^3, is refused by name)
    with pytest.raises(wg.NoGradientRule, match=r"d\^3/da\^3"):
        wg.grad(wg.grad(wg.grad(lambda b: stats.gennorm.cdf(0.7, b))))(1.5)
    with pytest.raises(ValueError, match="beta must be positive"):
        stats.gennorm.cdf(0.7, 0.0)
    with pytest.raises(ValueError, match="scale must be positive"):
        stats.gennorm.ppf(0.7, 1.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="q must be a probability"):
        stats.gennorm.isf(1.5, 1.0)
    # the quantile's ends: -inf and inf, with the infinite derivative 1 / density, and the second
    # infinite too (since 1244749 every infinite quantile end goes through _T_END, as t's and norm's)
    assert wg.grad_bp(lambda q: stats.gennorm.ppf(q, 2.0), 0.0) == np.inf
    assert wg.grad(wg.grad(lambda q: stats.gennorm.ppf(q, 2.0)))(1.0) == np.inf


def test_gennorm_entropy_in_beta():
    # d/dbeta (1/beta - log(beta/2) + gammaln(1/beta)) = -1/beta^2 - 1/beta - digamma(1/beta) / beta^2
    beta = 1.7
    want = -1.0 / beta ** 2 - 1.0 / beta - sc.digamma(1.0 / beta) / beta ** 2
    assert wg.grad_bp(stats.gennorm.entropy, beta) == pytest.approx(want, rel=1e-14, abs=0)
    check_grads(stats.gennorm.entropy, 0.2, order=2, modes=("rev", "fwd"))


def test_gennorm_entropy_has_scipys_shape_with_an_array_loc():
    # it ignored loc: gennorm.entropy(1.0, loc=np.zeros(3)) was a scalar (SciPy's has shape
    # (3,)), and a loc that does not broadcast with scale was not refused
    loc = np.zeros(3)
    got = stats.gennorm.entropy(np.array([[1.0], [2.0]]), loc, 2.0)
    want = ST.gennorm.entropy(np.array([[1.0], [2.0]]), loc, 2.0)
    assert got.shape == want.shape == (2, 3)
    np.testing.assert_allclose(got, want, rtol=1e-14)
    with pytest.raises(ValueError, match="broadcast"):
        stats.gennorm.entropy(1.0, loc=loc, scale=np.array([1.0, 2.0]))


# -- bernoulli.ppf: plain values, refused at the jumps ---------------------------------------------

def test_bernoulli_ppf_is_plain_and_zero_away_from_its_jumps():
    q, p = np.array([0.1, 0.5, 0.9]), 0.3
    seen = []

    def f(q, p):
        out = stats.bernoulli.ppf(q, p)
        seen.append(out)
        return np.sum(q * out) + p
    g = wg.grad(f, argnums=(0, 1))(q, p)
    assert not isinstance(seen[0], wg.Var)
    np.testing.assert_array_equal(seen[0], [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(g[0], [0.0, 0.0, 1.0])
    assert g[1] == 1.0


@pytest.mark.parametrize("q, p, refused", [
    (0.7, 0.3, "q"), (0.7, 0.3, "p"), (np.nextafter(0.7, 1.0), 0.3, "q"), (0.0, 0.4, "q"),
    (1.0, 0.0, "q"), (0.5, 0.5, "p")])
def test_bernoulli_ppf_refuses_a_traced_argument_at_its_jumps(q, p, refused):
    f = (lambda q: stats.bernoulli.ppf(q, p) * q) if refused == "q" else (lambda p: stats.bernoulli.ppf(q, p) * p)
    with pytest.raises(wg.NoGradientRule, match=f"no derivative in {refused} where the quantile jumps"):
        wg.grad_bp(f, q if refused == "q" else p)
    # the jump is real: SciPy's value changes within a few units in the last place
    if refused == "q" and q not in (0.0, 1.0):
        assert ST.bernoulli.ppf(q - 1e-12, p) != ST.bernoulli.ppf(q + 1e-12, p)


def test_bernoulli_ppf_of_an_invalid_p_is_refused():
    """SciPy 1.18 gives NaN (1.13 -1 at q = 0, before it checks p)."""
    with pytest.raises(ValueError, match=r"^bernoulli: p must be in \[0, 1\] \(SciPy gives NaN\)$"):
        stats.bernoulli.ppf(np.array([0.0, 0.5, 1.0]), 1.5)


def test_bernoulli_ppf_in_p_at_the_ends_of_q_is_constant():
    for q, want in ((0.0, -1.0), (1.0, 1.0)):
        assert wg.grad_bp(lambda p: stats.bernoulli.ppf(q, p) * p, 0.0 if q == 1.0 else 1.0) == want


# -- rankdata and mode ----------------------------------------------------------------------------

A = np.array([[3.0, 1.0, 3.0, -2.0], [0.5, 0.5, 0.5, 7.0], [np.nan, 1.0, 2.0, 1.0]])


@pytest.mark.parametrize("method", ["average", "min", "max", "dense", "ordinal"])
@pytest.mark.parametrize("kwargs", [{}, {"axis": 0}, {"axis": -1}, {"axis": 1, "nan_policy": "omit"}], ids=repr)
def test_rankdata_on_vars_is_scipys_plain_value(method, kwargs):
    seen = []

    def f(a):
        ranks = np.reshape(stats.rankdata(a, method=method, **kwargs), np.shape(A))
        seen.append(ranks)
        return np.sum(np.where(np.isnan(a), 0.0, a) * np.nan_to_num(ranks))
    g = wg.grad_bp(f, A)
    want = np.reshape(ST.rankdata(A, method=method, **kwargs), np.shape(A))
    assert not isinstance(seen[0], wg.Var)
    np.testing.assert_array_equal(seen[0], want)
    np.testing.assert_array_equal(g, np.where(np.isnan(A), 0.0, np.nan_to_num(want)))
    np.testing.assert_array_equal(stats.rankdata(A, method=method, **kwargs), ST.rankdata(A, method=method, **kwargs))


@pytest.mark.parametrize("kwargs", [{}, {"axis": 1}, {"axis": None}, {"axis": -1, "keepdims": True},
                                    {"axis": None, "keepdims": True}, {"axis": 1, "nan_policy": "omit"}], ids=repr)
def test_mode_is_scipys(kwargs):
    for a in (A, rand((3, 4), seed=5), np.array([[1.0, 1.0], [2.0, 2.0]])):
        want = ST.mode(a, **kwargs)
        got = stats.mode(a, **kwargs)
        assert type(got) is type(want)
        np.testing.assert_array_equal(got.mode, want.mode)
        np.testing.assert_array_equal(got.count, want.count)
    distinct = rand((3, 4), seed=6)
    box = []
    wg.grad_bp(lambda a: np.sum(box.append(stats.mode(a, **kwargs)) or box[-1].mode), distinct)
    want = ST.mode(distinct, **kwargs)
    assert np.shape(box[0].mode) == np.shape(want.mode)
    np.testing.assert_array_equal(wg.stop_gradient(box[0].mode), want.mode)
    assert not isinstance(box[0].count, wg.Var)
    np.testing.assert_array_equal(box[0].count, want.count)


def test_mode_refuses_a_traced_sample_with_a_tie_and_takes_the_entry_of_a_nan_sample():
    with pytest.raises(wg.NoGradientRule, match="more than once"):
        wg.grad_bp(lambda a: np.sum(stats.mode(a).mode), np.array([2.0, 1.0, 2.0]))
    with pytest.raises(wg.NoGradientRule, match="more than once"):
        wg.grad_bp(lambda a: np.sum(stats.mode(a, axis=1).mode), np.array([[2.0, 1.0], [3.0, 3.0]]))
    # plain data: SciPy's result, whatever the counts
    assert stats.mode(wg.stop_gradient(np.array([2.0, 1.0, 2.0]))).mode == 2.0
    # SciPy leaves the NaN out here (count 1 for 1.0): the gradient goes to the entry that is the mode
    np.testing.assert_array_equal(wg.grad_bp(lambda a: stats.mode(a).mode, np.array([np.nan, 1.0, 2.0])),
                                  [0.0, 1.0, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (SciPy's SmallSampleWarning)
        assert np.isnan(stats.mode(np.zeros(0)).mode) and np.isnan(ST.mode(np.zeros(0)).mode)


# -- scipy.ndimage: map_coordinates of orders 2 to 5, spline_filter, spline_filter1d ----------------

import scipy.interpolate as si  # noqa: E402
import scipy.ndimage as snd  # noqa: E402
import scipy.sparse.linalg as ssl  # noqa: E402

import wengert.scipy.interpolate as wsi  # noqa: E402
import wengert.scipy.ndimage as wnd  # noqa: E402
from opcheck import crand  # noqa: E402
from test_ops_scipy_map_coordinates_grid_interpolation import _value_with_vars  # noqa: E402  (f's value computed with Vars)

MODES = ("constant", "grid-constant", "nearest", "reflect", "grid-mirror", "mirror", "wrap", "grid-wrap")


def _coordinates(shape, count, seed, low=-1.7, high=None):
    """Coordinates inside and around an input of ``shape``, at odd multiples of 1/8: off the
    integers and half-integers (the knots, and the points where 'constant' and 'wrap' jump)."""
    rng = np.random.default_rng(seed)
    rows = []
    for n in shape:
        x = rng.uniform(low, (n + 0.7) if high is None else high, count)
        rows.append(np.round(x * 4.0) / 4.0 + 0.125 * np.sign(rng.uniform(-1.0, 1.0, count)))
    return np.array(rows)


IMAGE_1D, IMAGE_2D, IMAGE_3D = rand((5,), seed=160), rand((3, 4), seed=161), rand((2, 3, 3), seed=162)
AT_1D, AT_2D, AT_3D = _coordinates((5,), 7, 163), _coordinates((3, 4), 5, 164), _coordinates((2, 3, 3), 3, 165)


def _mapped(order, mode, **kwargs):
    return lambda a, x: wnd.map_coordinates(a, x, order=order, mode=mode, cval=0.3, **kwargs)


CASES += [
    *[case(wnd.map_coordinates, _mapped(order, mode), IMAGE_1D, AT_1D, id=f"map_coordinates-order{order}-1d-{mode}")
      for order in (2, 3, 4, 5) for mode in MODES],
    *[case(wnd.map_coordinates, _mapped(order, mode), IMAGE_2D, AT_2D, id=f"map_coordinates-order{order}-2d-{mode}")
      for order in (2, 3) for mode in MODES],
    case(wnd.map_coordinates, _mapped(5, "mirror"), IMAGE_2D, AT_2D, id="map_coordinates-order5-2d"),
    case(wnd.map_coordinates, _mapped(3, "reflect"), IMAGE_3D, AT_3D, id="map_coordinates-order3-3d"),
    *[case(wnd.map_coordinates, _mapped(order, mode, prefilter=False), IMAGE_2D, AT_2D,
           id=f"map_coordinates-order{order}-no-prefilter-{mode}")
      for order, mode in ((2, "nearest"), (3, "grid-constant"), (4, "wrap"), (5, "constant"))],
    *[case(wnd.map_coordinates, lambda c, mode=mode: wnd.map_coordinates(IMAGE_2D, AT_2D, order=3, mode=mode, cval=c), 0.4,
           id=f"map_coordinates-order3-cval-{mode}") for mode in ("constant", "grid-constant")],
    case(wnd.map_coordinates, lambda a: wnd.map_coordinates(a, AT_2D, order=3, mode="mirror"), crand((3, 4), seed=166),
         id="map_coordinates-order3-complex"),
    case(wnd.map_coordinates, lambda a, x: wnd.map_coordinates(a, x, order=2, mode="nearest"), IMAGE_2D,
         AT_2D[:, :4].reshape(2, 2, 2), id="map_coordinates-order2-coordinates-2d"),
    case(wnd.map_coordinates, lambda x: wnd.map_coordinates(rand((1, 4), seed=167), x, order=3, mode="mirror"),
         _coordinates((1, 4), 4, 168), id="map_coordinates-order3-size-1-axis"),
    # -- the prefilters: linear in the input, every order, mode and axis
    *[case(wnd.spline_filter1d, lambda a, order=order, mode=mode, axis=axis: wnd.spline_filter1d(a, order, axis, mode=mode),
           IMAGE_2D, id=f"spline_filter1d-{order}-{mode}-{axis}")
      for order, mode, axis in ((2, "mirror", 0), (3, "mirror", -1), (4, "reflect", 1), (5, "grid-wrap", 0),
                                (3, "constant", 1), (3, "nearest", 0), (1, "mirror", 0))],
    *[case(wnd.spline_filter, lambda a, order=order, mode=mode: wnd.spline_filter(a, order, mode=mode), image,
           id=f"spline_filter-{order}-{mode}-{image.ndim}d")
      for order, mode, image in ((2, "mirror", IMAGE_2D), (3, "grid-mirror", IMAGE_3D), (5, "wrap", IMAGE_1D))],
]

#: a rectilinear grid (uneven steps), its values (with a trailing axis) and query points
GRID = (np.array([-1.0, 0.0, 0.5, 2.0, 2.5, 3.1]), np.array([0.0, 1.0, 3.0, 3.5, 4.0, 6.0]))
VALUES, VALUES_3 = rand((6, 6), seed=170), rand((6, 6, 2), seed=171)
XI = np.array([[-0.7, 0.3], [0.2, 2.1], [1.3, 0.6], [2.9, 5.1], [2.25, 3.75]])
XI_AROUND = np.array([[-1.6, 0.3], [0.2, 6.4], [1.3, 0.6], [3.8, -0.5]])


def _interpolated(method, **kwargs):
    return lambda values, xi: wsi.RegularGridInterpolator(GRID, values, method=method, **kwargs)(xi)


CASES += [
    *[case(wsi.RegularGridInterpolator, _interpolated(method), VALUES, XI, id=f"RegularGridInterpolator-{method}")
      for method in ("slinear", "cubic", "quintic", "cubic_legacy")],
    case(wsi.RegularGridInterpolator, _interpolated("cubic"), VALUES_3, XI, id="RegularGridInterpolator-cubic-trailing-axis"),
    case(wsi.RegularGridInterpolator, _interpolated("cubic", bounds_error=False, fill_value=None), VALUES, XI_AROUND,
         id="RegularGridInterpolator-cubic-extrapolated"),
    case(wsi.RegularGridInterpolator, _interpolated("quintic", bounds_error=False, fill_value=0.25), VALUES, XI_AROUND,
         id="RegularGridInterpolator-quintic-filled"),
    case(wsi.RegularGridInterpolator, lambda values, xi: wsi.RegularGridInterpolator(GRID, values, method="cubic")(xi, nu=(1, 0)),
         VALUES, XI, id="RegularGridInterpolator-cubic-nu"),
    case(wsi.RegularGridInterpolator, lambda values, x: wsi.RegularGridInterpolator((GRID[0][::-1],), values, method="cubic")(x),
         VALUES[:, 0], np.array([-0.5, 0.25, 1.9]), id="RegularGridInterpolator-cubic-descending"),
    case(wsi.interpn, lambda values, xi: wsi.interpn(GRID, values, xi, method="cubic"), VALUES, XI, id="interpn-cubic"),
    case(wsi.interpn, lambda values, xi: wsi.interpn(GRID, values, xi, method="quintic"), VALUES + 1j * VALUES[::-1], XI,
         id="interpn-quintic-complex"),
]

test_gradient = gradient_test(CASES)


@pytest.mark.parametrize("order", [2, 3, 4, 5])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("shape", [(5,), (1,), (2,), (3, 4), (2, 3, 2)])
def test_spline_map_coordinates_is_scipys(shape, mode, order):
    """On a grid of coordinates through the samples, the half-integers and beyond both ends (far
    beyond the padding of 12 in 1-d), with and without the prefilter."""
    image = rand(shape, seed=len(shape))
    reach = 20.0 if len(shape) == 1 else 2.5
    axes = [np.arange(-reach, n + reach - 0.75, 0.25) for n in shape]
    at = np.stack(np.meshgrid(*axes, indexing="ij")).reshape(len(shape), -1)
    for prefilter in (True, False):
        want = snd.map_coordinates(image, at, order=order, mode=mode, cval=0.7, prefilter=prefilter)
        ours = _value_with_vars(lambda a: wnd.map_coordinates(a, at, order=order, mode=mode, cval=0.7,
                                                              prefilter=prefilter), image)
        np.testing.assert_allclose(ours, want, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("order", [0, 1, 2, 3, 4, 5])
@pytest.mark.parametrize("mode", MODES)
def test_spline_filters_are_scipys(mode, order):
    for axis in (0, 1, -1):
        want = snd.spline_filter1d(IMAGE_2D, order, axis, mode=mode)
        np.testing.assert_allclose(_value_with_vars(lambda a: wnd.spline_filter1d(a, order, axis, mode=mode), IMAGE_2D),
                                   want, rtol=1e-12, atol=1e-14)
        np.testing.assert_array_equal(wnd.spline_filter1d(IMAGE_2D, order, axis, mode=mode), want)  # plain: SciPy's call
    if order >= 2:
        want = snd.spline_filter(IMAGE_3D, order, mode=mode)
        np.testing.assert_allclose(_value_with_vars(lambda a: wnd.spline_filter(a, order, mode=mode), IMAGE_3D),
                                   want, rtol=1e-12, atol=1e-14)


def test_spline_map_coordinates_refusals_and_one_sided_knots():
    image = np.array([1.0, 2.0, 4.0, 3.0, 0.5])
    for mode, at in (("constant", 4.0), ("wrap", 8.0), ("wrap", -4.0)):  # where the function jumps
        with pytest.raises(wg.NoGradientRule, match="jumps just right"):
            wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=3, mode=mode)[0], np.array([[at]]))
    with pytest.raises(RuntimeError, match="spline order not supported"):
        wg.grad_bp(lambda a: wnd.map_coordinates(a, np.array([[1.2]]), order=6)[0], image)
    with pytest.raises(ValueError, match="output must be float64"):
        wg.grad_bp(lambda a: wnd.spline_filter1d(a, output=np.float32)[0], image)
    with pytest.raises(RuntimeError, match="spline order not supported"):
        wg.grad_bp(lambda a: wnd.spline_filter(a, order=1)[0], image)
    # at a knot of the quadratic spline (a half-integer), the second derivative is the right-hand one
    f = lambda x: wnd.map_coordinates(image, np.reshape(x, (1, 1)), order=2, mode="mirror")[0]  # noqa: E731
    h = 1e-4
    plain = lambda x: snd.map_coordinates(image, np.array([[x]]), order=2, mode="mirror")[0]  # noqa: E731
    right = (plain(1.5 + 2 * h) - 2 * plain(1.5 + h) + plain(1.5)) / h ** 2
    left = (plain(1.5 - 2 * h) - 2 * plain(1.5 - h) + plain(1.5)) / h ** 2
    assert abs(right - left) > 0.1  # (a real jump of the second derivative)
    assert wg.grad(wg.grad(f))(1.5) == pytest.approx(right, abs=1e-3)
    # the first derivative is continuous there: both sides agree with the recorded one
    assert wg.grad(f)(1.5) == pytest.approx((plain(1.5 + 1e-6) - plain(1.5 - 1e-6)) / 2e-6, rel=1e-6, abs=0)


# -- RegularGridInterpolator and interpn: the splines -------------------------------------------------

@pytest.mark.parametrize("method", ["slinear", "cubic", "quintic"])
@pytest.mark.parametrize("options", [{}, {"bounds_error": False}, {"bounds_error": False, "fill_value": None},
                                     {"bounds_error": False, "fill_value": -2.0}], ids=repr)
def test_regular_grid_interpolator_splines_are_scipys(method, options):
    """SciPy's spline, solved directly (its *_legacy methods, or solver=spsolve): its default
    solver is iterative and stops at its tolerance, which wengert's plain calls do not use."""
    nodes = np.stack(np.meshgrid(*GRID, indexing="ij"), axis=-1).reshape(-1, 2)
    xi = np.concatenate([nodes, XI]) if options == {} else np.concatenate([nodes, XI, XI_AROUND, [[np.nan, 0.5]]])
    for values in (VALUES, VALUES_3, VALUES + 1j * VALUES[::-1]):
        legacy = si.RegularGridInterpolator(GRID, values, method=method + "_legacy", **options)(xi)
        direct = si.RegularGridInterpolator(GRID, values, method=method, solver=ssl.spsolve, **options)(xi)
        np.testing.assert_allclose(legacy, direct, rtol=1e-11, atol=1e-12)
        ours = _value_with_vars(lambda v: wsi.RegularGridInterpolator(GRID, v, method=method, **options)(xi), values)
        assert ours.shape == legacy.shape
        np.testing.assert_allclose(ours, legacy, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(wsi.RegularGridInterpolator(GRID, values, method=method, **options)(xi), direct,
                                   rtol=1e-14, atol=1e-15)  # plain: SciPy's call, with the direct solver
        ours = _value_with_vars(lambda x: wsi.interpn(GRID, values, x, method=method, **options), xi)
        np.testing.assert_allclose(ours, legacy, rtol=1e-12, atol=1e-12)
    degree = {"slinear": 1, "cubic": 3, "quintic": 5}[method]
    for nu in [nu for nu in ((1, 0), (0, 1), (0, 2), (3, 1)) if max(nu) <= degree]:
        want = si.RegularGridInterpolator(GRID, VALUES, method=method, solver=ssl.spsolve)(XI, nu=nu)
        ours = _value_with_vars(lambda v: wsi.RegularGridInterpolator(GRID, v, method=method)(XI, nu=nu), VALUES)
        np.testing.assert_allclose(ours, want, rtol=1e-10, atol=1e-10)
    # beyond the degree: 0 (SciPy 1.13 wrote out of bounds there: not asked)
    ours = _value_with_vars(lambda v: wsi.RegularGridInterpolator(GRID, v, method=method)(XI, nu=(degree + 1, 0)), VALUES)
    np.testing.assert_array_equal(ours, np.zeros(len(XI)))


def test_regular_grid_interpolator_spline_gradients_in_xi_and_refusals():
    # in xi: the derivative of the spline (SciPy's nu=1 along that axis)
    interpolant = wsi.RegularGridInterpolator(GRID, VALUES, method="cubic")
    g = wg.grad_bp(lambda x: interpolant(x)[0], XI[1:2])
    want = [si.RegularGridInterpolator(GRID, VALUES, method="cubic", solver=ssl.spsolve)(XI[1:2], nu=nu)[0]
            for nu in ((1, 0), (0, 1))]
    np.testing.assert_allclose(g[0], want, rtol=1e-12)
    # values outside with a fill value, and NaN xi: no gradient reaches the values from them
    g = wg.grad_bp(lambda v: np.nansum(wsi.RegularGridInterpolator(GRID, v, method="cubic", bounds_error=False)(
        np.array([[np.inf, 1.0], [np.nan, 1.0]]))), VALUES)
    np.testing.assert_array_equal(g, np.zeros_like(VALUES))
    with pytest.raises(wg.NoGradientRule, match="grid's points"):
        wg.grad_bp(lambda p: wsi.RegularGridInterpolator((p, GRID[1]), VALUES, method="cubic")(XI)[0], GRID[0])
    with pytest.raises(ValueError, match="requires at least"):
        wg.grad_bp(lambda v: wsi.RegularGridInterpolator((GRID[0][:5], GRID[1][:5]), v, method="quintic")(XI)[0],
                   VALUES[:5, :5])
    with pytest.raises(wg.NoGradientRule, match="not linear in the values"):
        wg.grad_bp(lambda v: wsi.interpn(GRID, v, XI, method="pchip")[0], VALUES)
    with pytest.raises(ValueError, match="Can only compute derivatives"):
        wg.grad_bp(lambda v: wsi.RegularGridInterpolator(GRID, v)(XI, nu=(1, 0))[0], VALUES)


def test_ndimage_and_interpolate_are_listed():
    table = wengert.scipy.supported()
    assert [n for n in ("ndimage.spline_filter", "ndimage.spline_filter1d") if table.get(n) != "gradient"] == []
    covered = {id(fn) for c in CASES for fn in c.covers}
    assert id(wnd.spline_filter) in covered and id(wnd.spline_filter1d) in covered
