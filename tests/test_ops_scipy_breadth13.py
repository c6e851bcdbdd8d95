"""(breadth13) SciPy functions added by breadth13: ``scipy.stats.gennorm``'s ``cdf``, ``sf``,
``logcdf``, ``logsf``, ``ppf``, ``isf`` (in x or q, loc and scale; beta refused: gammaincc's
derivative in its first argument is not implemented) and ``entropy`` (in beta and scale);
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
from opcheck import case, gradient_test, rand  # noqa: E402
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
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)


def test_poisson_entropy_is_exact_where_scipys_sum_is_not():
    """Against a 40-digit sum (mpmath): SciPy's sum stops early (and warns, from mu = 1e4 on, where it
    has not converged: 3.4 instead of 6.8 at mu = 5e4); the series from mu = 1000 on."""
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 40

    def entropy(mu):
        mu = mpmath.mpf(mu)
        width = int(40 * (mpmath.sqrt(mu) + 1))
        total = mpmath.mpf(0)
        for k in range(max(0, int(mu) - width), int(mu) + width):
            log_pmf = k * mpmath.log(mu) - mpmath.loggamma(k + 1) - mu
            total -= mpmath.exp(log_pmf) * log_pmf
        return total

    for mu, rtol in ((1e-8, 1e-14), (0.3, 1e-14), (30.0, 1e-13), (999.0, 1e-12), (1000.0, 1e-15), (5e4, 1e-15)):
        assert float(stats.poisson.entropy(mu)) == pytest.approx(float(entropy(mu)), rel=rtol, abs=0)
    # its derivative, -sum pmf(k) (k / mu - 1) log pmf(k), against the same sum's by mpmath
    for mu, rtol in ((2.5, 1e-13), (990.0, 1e-10), (1010.0, 1e-13)):  # (both sides of the switch to the series)
        want = mpmath.diff(entropy, mpmath.mpf(mu))
        assert wg.grad_bp(stats.poisson.entropy, mu) == pytest.approx(float(want), rel=rtol)
    want = mpmath.diff(entropy, mpmath.mpf(2.5), 2)
    assert wg.grad(wg.grad(stats.poisson.entropy))(2.5) == pytest.approx(float(want), rel=1e-12)


def test_poisson_entropy_refusals():
    assert stats.poisson.entropy(0.0) == 0.0
    with pytest.raises(wg.NoGradientRule, match="at mu = 0"):
        wg.grad_bp(stats.poisson.entropy, 0.0)
    with pytest.raises(wg.NoGradientRule, match="at mu = 0"):
        wg.jvp(stats.poisson.entropy, (np.array([0.0, 1.0]),), (np.ones(2),))
    with pytest.raises(ValueError, match="non-negative"):
        stats.poisson.entropy(-1.0)
    with pytest.raises(wg.NoGradientRule, match="loc"):
        wg.grad_bp(lambda loc: stats.poisson.entropy(2.0, loc), 1.0)


# -- gennorm: the derivatives at z = 0 and q = 1/2, the refusals ----------------------------------

@pytest.mark.parametrize("beta", [0.4, 1.0, 2.0, 3.5])
def test_gennorm_cdf_and_ppf_at_the_center_have_the_density_s_derivatives(beta):
    density = ST.gennorm.pdf(0.0, beta)
    for d in (wg.grad_bp(lambda x: stats.gennorm.cdf(x, beta), 0.0), wg.jvp(lambda x: stats.gennorm.cdf(x, beta),
                                                                             (0.0,), (1.0,))[1]):
        assert d == pytest.approx(density, rel=1e-15)
    assert wg.grad_bp(lambda x: stats.gennorm.sf(x, beta), 0.0) == pytest.approx(-density, rel=1e-15)
    assert wg.grad_bp(lambda q: stats.gennorm.ppf(q, beta), 0.5) == pytest.approx(1.0 / density, rel=1e-15)
    assert wg.grad_bp(lambda q: stats.gennorm.isf(q, beta), 0.5) == pytest.approx(-1.0 / density, rel=1e-15)
    # the loc and scale gradients there: -density / scale and 0 (z = 0)
    g = wg.grad(lambda loc, scale: stats.gennorm.cdf(0.3, beta, loc, scale), argnums=(0, 1))(0.3, 2.0)
    assert g[0] == pytest.approx(-density / 2.0, rel=1e-15) and g[1] == 0.0
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


def test_gennorm_refusals():
    with pytest.raises(wg.NoGradientRule, match="gennorm.cdf has no gradient with respect to beta"):
        wg.grad_bp(lambda b: stats.gennorm.cdf(0.7, b), 1.5)
    with pytest.raises(wg.NoGradientRule, match="beta"):
        wg.jvp(lambda b: stats.gennorm.ppf(0.7, b), (1.5,), (1.0,))
    with pytest.raises(wg.NoGradientRule, match="gennorm.logsf has no gradient with respect to beta"):
        wg.grad_bp(lambda b: stats.gennorm.logsf(0.7, b), 1.5)
    with pytest.raises(ValueError, match="beta must be positive"):
        stats.gennorm.cdf(0.7, 0.0)
    with pytest.raises(ValueError, match="scale must be positive"):
        stats.gennorm.ppf(0.7, 1.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="q must be a probability"):
        stats.gennorm.isf(1.5, 1.0)
    # the quantile's ends: -inf and inf, with the infinite derivative 1 / density; the second refused
    assert wg.grad_bp(lambda q: stats.gennorm.ppf(q, 2.0), 0.0) == np.inf
    with pytest.raises(wg.NoGradientRule, match="gennorm.ppf"):
        wg.grad(wg.grad(lambda q: stats.gennorm.ppf(q, 2.0)))(1.0)


def test_gennorm_entropy_in_beta():
    # d/dbeta (1/beta - log(beta/2) + gammaln(1/beta)) = -1/beta^2 - 1/beta - digamma(1/beta) / beta^2
    beta = 1.7
    want = -1.0 / beta ** 2 - 1.0 / beta - sc.digamma(1.0 / beta) / beta ** 2
    assert wg.grad_bp(stats.gennorm.entropy, beta) == pytest.approx(want, rel=1e-14)
    check_grads(stats.gennorm.entropy, 0.2, order=2, modes=("rev", "fwd"))


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


def test_bernoulli_ppf_of_an_invalid_p_is_nan():
    """As SciPy 1.18's (1.13 gives -1 at q = 0 before it checks p)."""
    assert np.all(np.isnan(stats.bernoulli.ppf(np.array([0.0, 0.5, 1.0]), 1.5)))


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
