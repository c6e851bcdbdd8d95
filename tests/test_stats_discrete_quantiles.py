"""The quantiles (``ppf``, ``isf``, ``median``, ``interval``) and ``support`` of ``scipy.stats``'
``poisson``, ``binom``, ``bernoulli``, ``nbinom``, ``geom`` and ``betabinom``.

Each is a step function of ``q`` and the parameters: its value is SciPy's, a plain value whose
derivative is 0, and a traced argument is refused where the step is (``q`` at the cdf or sf of a
count, a parameter where the cdf crosses ``q``; ``q`` at the ends where the quantile jumps).
``CASES`` multiply the value by the arguments, so that a gradient that is not the value fails
(first order here, second order by ``tests/test_coverage.py``); below, the values against SciPy's,
the refusals at the jumps (each a real jump: SciPy's value changes across it), and no refusal
beside them.
"""
import re

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402

STEPS = ("ppf", "isf", "median", "interval", "support")

#: each distribution's parameters (its count n first where it has one), plain
PARAMETERS = {"poisson": (3.7,), "binom": (10, 0.3), "bernoulli": (0.3,), "nbinom": (2.5, 0.4), "geom": (0.25,),
              "betabinom": (10, 2.0, 3.0), "betanbinom": (3, 2.5, 2.0), "planck": (0.7,), "dlaplace": (0.7,),
              "yulesimon": (2.5,), "logser": (0.6,), "skellam": (1.5, 2.5), "zipf": (6.5,), "zipfian": (1.5, 10),
              "boltzmann": (0.5, 10), "randint": (2, 12),
              "hypergeom": (20, 7, 12), "nhypergeom": (20, 7, 12), "nchypergeom_fisher": (20, 7, 12, 2.5)}
#: which of them may be traced (binom's and betabinom's n is a count; randint's, hypergeom's, nhypergeom's are all counts)
TRACED = {"poisson": (0,), "binom": (1,), "bernoulli": (0,), "nbinom": (0, 1), "geom": (0,), "betabinom": (1, 2),
          "betanbinom": (1, 2), "planck": (0,), "dlaplace": (0,), "yulesimon": (0,), "logser": (0,),
          "skellam": (0, 1), "zipf": (0,), "zipfian": (0,), "boltzmann": (0,), "randint": (), "hypergeom": (), "nhypergeom": (),
          "nchypergeom_fisher": (3,)}
Q = np.array([0.05, 0.37, 0.61, 0.93])


def _traced(dist, name):
    """``method(q, *parameters)`` as a function of q (for ppf, isf) and the traced parameters,
    times their sum."""
    method, fixed, traced = getattr(getattr(stats, dist), name), PARAMETERS[dist], TRACED[dist]

    def call(*args):
        q, values = (args[0], args[1:]) if name in ("ppf", "isf") else (None, args)
        params = list(fixed)
        for i, v in zip(traced, values):
            params[i] = v
        if name in ("ppf", "isf"):
            return method(q, *params) * (q + sum(values))
        if name == "interval":
            low, high = method(0.8, *params)
            return (low + 2.0 * high) * sum(values)
        if name == "support":
            low, high = method(*params)
            low, high = np.maximum(low, -50.0), np.minimum(high, 50.0)  # (inf for the unbounded: a finite product)
            return (low + 1.0 + high) * sum(values)
        return method(*params) * sum(values)
    return method, call


def _cases():
    cases = []
    for dist in PARAMETERS:
        points = [PARAMETERS[dist][i] * 1.0 for i in TRACED[dist]]
        for name in STEPS if points else ("ppf", "isf"):  # (with no parameter traced, only q)
            method, call = _traced(dist, name)
            args = (Q, *points) if name in ("ppf", "isf") else tuple(points)
            cases.append(case(method, call, *args, id=f"{dist}.{name}"))
    return cases


CASES = _cases()

test_gradient = gradient_test(CASES)


def test_every_step_is_listed_and_has_a_case():
    import wengert.scipy
    table = wengert.scipy.supported()
    names = [f"stats.{d}.{n}" for d in PARAMETERS for n in STEPS]
    assert [n for n in names if table.get(n) != "gradient"] == []


@pytest.mark.parametrize("dist", PARAMETERS)
@pytest.mark.parametrize("name", STEPS)
def test_the_gradient_is_zero_and_the_value_plain(dist, name):
    method, call = _traced(dist, name)
    points = [PARAMETERS[dist][i] * 1.0 for i in TRACED[dist]]
    args = (0.37, *points) if name in ("ppf", "isf") else tuple(points)
    if not args:
        pytest.skip(f"{dist}'s parameters are counts: nothing traced")
    seen = []

    def f(*args):
        params = list(PARAMETERS[dist])
        values = args[1:] if name in ("ppf", "isf") else args
        for i, v in zip(TRACED[dist], values):
            params[i] = v
        out = method(args[0] if name in ("ppf", "isf") else 0.8, *params) if name != "median" and name != "support" \
            else method(*params)
        seen.append(out)
        return sum(values) + (args[0] if name in ("ppf", "isf") else 0.0)
    grads = wg.grad(f, argnums=tuple(range(len(args))))(*args)
    assert all(not isinstance(o, wg.Var) for o in np.ravel(np.asarray(seen[0], dtype=object)))
    np.testing.assert_array_equal(np.asarray(grads, dtype=float), 1.0)


# -- values: SciPy's --------------------------------------------------------------------------------

QS = np.array([0.0, 1e-300, 1e-10, 0.05, 0.3, 0.5, 0.77, 0.999, 1.0 - 1e-12, 1.0])
#: SciPy before 1.15 finds betanbinom's quantiles by summing its pmf term by term at each step of its
#: search, quadratic in the quantile: ppf(1 - 1e-12, 3, 2.5, 2.0) = 384336 takes 36 minutes on SciPy
#: 1.13 (the floor; 2 s on 1.17), and its far quantiles are wrong (isf(1e-300) 10485850, where its own
#: sf is 0 and the truth about 1e150). Compared with SciPy's in the body only.
#: yulesimon's far isf takes 2.6 s on SciPy 1.13 (wrong too: isf(1e-300, 2.5) 5.1e6): likewise. Their far quantiles:
#: test_far_quantiles_by_their_definition.
BODY_QS = {"betanbinom": np.array([0.0, 0.05, 0.3, 0.5, 0.77, 0.999, 1.0]),
           "yulesimon": np.array([0.0, 0.05, 0.3, 0.5, 0.77, 0.999, 1.0])}
VALUE_CHECKS = [
    *[(f"{d}.{f}", (BODY_QS.get(d, QS), *PARAMETERS[d])) for d in PARAMETERS for f in ("ppf", "isf")],
    *[(f"{d}.{f}", (BODY_QS.get(d, QS), *PARAMETERS[d], 3)) for d in PARAMETERS for f in ("ppf", "isf")],
    *[(f"{d}.median", PARAMETERS[d]) for d in PARAMETERS],
    *[(f"{d}.interval", (np.array([0.0, 0.5, 0.95, 1.0]), *PARAMETERS[d])) for d in PARAMETERS],
    *[(f"{d}.support", (*PARAMETERS[d], 2)) for d in PARAMETERS],
    # the parameters at their ends (beyond them, SciPy's NaN: refused, test_invalid_parameters_are_refused)
    ("poisson.ppf", (QS, np.array([[0.0], [1e-8], [2e3]]))),
    ("binom.ppf", (QS, 7, np.array([[0.0], [1e-9], [0.5], [1.0]]))),
    ("binom.isf", (QS, 7, np.array([[0.0], [1e-9], [0.5], [1.0]]))),
    ("bernoulli.isf", (QS, np.array([[0.0], [0.5], [1.0]]))),
    ("nbinom.ppf", (QS, np.array([[0.3], [40.0]]), np.array([[0.05], [1.0]]))),
    ("geom.isf", (QS, np.array([[1e-6], [0.5], [1.0]]))),
    ("betabinom.ppf", (QS, 12, np.array([[0.5], [7.0]]), np.array([[0.2], [3.0]]))),
    ("planck.isf", (QS, np.array([[1e-6], [0.5], [30.0]]))),
    ("dlaplace.ppf", (QS, np.array([[1e-6], [0.5], [30.0]]))),
]


#: SciPy's valid parameters (its _argcheck): outside them its quantiles are NaN from SciPy 1.15 on
#: (1.13's were -1 at q = 0 and n at q = 1 for binom), and wengert's refused
VALID = {"poisson": lambda mu: mu >= 0, "binom": lambda n, p: (p >= 0) & (p <= 1),
         "bernoulli": lambda p: (p >= 0) & (p <= 1), "nbinom": lambda n, p: (n > 0) & (p > 0) & (p <= 1),
         "geom": lambda p: (p > 0) & (p <= 1), "betabinom": lambda n, a, b: (a > 0) & (b > 0),
         "betanbinom": lambda n, a, b: (a > 0) & (b > 0),
         "planck": lambda lambda_: lambda_ > 0, "dlaplace": lambda a: a > 0, "yulesimon": lambda alpha: alpha > 0,
         "logser": lambda p: (p > 0) & (p < 1), "skellam": lambda mu1, mu2: (mu1 > 0) & (mu2 > 0),
         "zipf": lambda a: a > 1, "zipfian": lambda a, n: (a >= 0) & (n >= 1) & (n == np.floor(n)),
         "boltzmann": lambda lambda_, N: (lambda_ > 0) & (N >= 1) & (N == np.floor(N)),
         "randint": lambda low, high: high > low, "hypergeom": lambda M, n, N: (n <= M) & (N <= M),
         "nhypergeom": lambda M, n, r: (n <= M) & (r <= M - n),
         "nchypergeom_fisher": lambda M, n, N, odds: (n <= M) & (N <= M) & (odds > 0)}


@pytest.mark.parametrize("name, args", VALUE_CHECKS, ids=[n for n, _ in VALUE_CHECKS])
def test_values_are_scipys(name, args):
    distribution, function = name.split(".")
    with np.errstate(all="ignore"):
        want = getattr(getattr(ST, distribution), function)(*args)
        got = getattr(getattr(stats, distribution), function)(*args)
    if function in ("ppf", "isf"):
        n_shapes = len(PARAMETERS[distribution])
        want = np.where(VALID[distribution](*(np.asarray(a, float) for a in args[1:1 + n_shapes])), want, np.nan)
        # where SciPy's is not the quantile by its definition (wengert's tails exact) and wengert's is: SciPy's far
        # isf of poisson (NaN at 1e-300), geom, planck and dlaplace (inf), skellam (100, sf(100) = 1.3e-144 at 1e-300),
        # binom's at p = 0 (7 at 1e-300, 0 at 1e-10)
        differ = np.asarray(got, float) != np.asarray(want, float)
        if np.any(differ):
            q, rest = np.broadcast_arrays(np.asarray(args[0], float), got, want, *args[1:])[0], args[1:]
            assert np.all(_is_quantile(distribution, function, q, got, rest)[differ])
            assert not np.any(_is_quantile(distribution, function, q, want, rest)[differ])
            want = np.where(differ, got, want)
    np.testing.assert_array_equal(np.asarray(got, dtype=float), np.asarray(want, dtype=float))


def _is_quantile(dist, function, q, k, rest):
    """Elementwise: ``k`` is the smallest count with ``cdf(k) >= q`` (ppf; isf: ``sf(k) <= q``) by wengert's tails
    (exact against mpmath: each distribution's test file; above q = 1/2 as ``sf(k) <= 1 - q``, ``cdf(k) >= 1 - q``);
    beyond 2**53 (k - 1 is k) the first condition only."""
    upper = function == "isf"
    tail = getattr(getattr(stats, dist), "sf" if upper else "cdf")
    k = np.asarray(k, float)
    safe = np.where(np.isfinite(k), k, 0.0)
    other = getattr(getattr(stats, dist), "cdf" if upper else "sf")
    flip = q > 0.5  # (there the other tail, at 1 - q, exact: it has the digits)
    with np.errstate(all="ignore"):
        at, below = (np.asarray(tail(x, *rest), float) for x in (safe, safe - 1.0))
        at_other, below_other = (np.asarray(other(x, *rest), float) for x in (safe, safe - 1.0))
    meets_at = np.where(flip, (at_other >= 1 - q) if upper else (at_other <= 1 - q), (at <= q) if upper else (at >= q))
    misses_below = np.where(flip, (below_other < 1 - q) if upper else (below_other > 1 - q),
                            (below > q) if upper else (below < q))
    return np.isfinite(k) & meets_at & (misses_below | (safe - 1.0 == safe))


#: one invalid parameter of each distribution (SciPy gives NaN there): its place in PARAMETERS, its value, and what
#: the message says is required
INVALID = {"poisson": (0, -1.0, "mu must be >= 0"), "binom": (1, 1.5, "p must be in [0, 1]"),
           "bernoulli": (0, -0.5, "p must be in [0, 1]"), "nbinom": (0, 0.0, "n must be > 0"),
           "geom": (0, 0.0, "p must be in (0, 1]"), "betabinom": (1, -1.0, "a must be > 0"),
           "betanbinom": (2, 0.0, "b must be > 0"),
           "planck": (0, 0.0, "lambda_ must be > 0"), "dlaplace": (0, -1.0, "a must be > 0"),
           "yulesimon": (0, 0.0, "alpha must be > 0"), "logser": (0, 1.0, "p must be in (0, 1)"),
           "skellam": (1, -1.0, "mu2 must be > 0"), "zipf": (0, 1.0, "a must be > 1"),
           "zipfian": (0, -0.5, "a must be >= 0"),
           "boltzmann": (0, 0.0, "lambda_ must be > 0"), "randint": (1, 2, "with low < high"),
           "hypergeom": (1, 25, "0 <= n <= M"), "nhypergeom": (2, 14, "0 <= r <= M - n"),
           "nchypergeom_fisher": (3, 0.0, "odds must be > 0")}
EVERY_METHOD = ("logpmf", "pmf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std", "entropy",
                "median", "interval", "support")
#: each method's first arguments, before the parameters
FIRST = {"ppf": (0.3,), "isf": (0.3,), "interval": (0.9,), **{n: (2,) for n in EVERY_METHOD[:6]}}


@pytest.mark.parametrize("dist", PARAMETERS)
def test_invalid_parameters_are_refused(dist):
    """Every method refuses an invalid parameter where SciPy gives NaN (a NaN there, with gradient 0, hid the mistake;
    before it, binom.pmf(2, 4.5, 0.3) was 0.29), named in the message, in an array beside valid ones, and traced (a Var
    and a Dual). SciPy's own ends (p = 0 and 1, n = 0, ...) are its values: test_values_are_scipys."""
    cls, (place, bad, words) = getattr(stats, dist), INVALID[dist]
    match = rf"^{dist}: .*{re.escape(words)}.* \(SciPy gives NaN\)$"
    missing = {"yulesimon": ["entropy"], "betanbinom": ["entropy"]}
    assert sorted(n for n in EVERY_METHOD if not hasattr(cls, n)) == missing.get(dist, [])
    for name in (n for n in EVERY_METHOD if hasattr(cls, n)):
        def call(value, method=getattr(cls, name), first=FIRST.get(name, ())):
            return method(*first, *PARAMETERS[dist][:place], value, *PARAMETERS[dist][place + 1:])
        call(PARAMETERS[dist][place])  # (valid: no error)
        with pytest.raises(ValueError, match=match):
            call(np.array([PARAMETERS[dist][place], bad]))
        if place in TRACED[dist]:
            for traced in (lambda: wg.grad(lambda v: np.sum(call(v)[0] if name == "interval" else call(v)))(bad),
                           lambda: wg.jvp(lambda v: call(v)[0] if name == "interval" else call(v), (bad,), (1.0,))):
                with pytest.raises(ValueError, match=match):
                    traced()
    # a NaN count is data, not a parameter: NaN, as SciPy
    assert np.isnan(cls.pmf(np.nan, *PARAMETERS[dist])) and np.isnan(cls.logpmf(np.nan, *PARAMETERS[dist]))


def test_a_float32_q_gives_float32():
    assert stats.poisson.ppf(np.float32(0.3), np.float32(2.5)).dtype == np.float32
    assert stats.binom.isf(np.array([0.3], dtype=np.float32), 10, np.float32(0.5)).dtype == np.float32


# -- the refusals at the jumps -------------------------------------------------------------------

def _at_jump(dist, upper):
    """A q at which the quantile steps: the cdf (sf) at a count, in wengert's rounding (exact; SciPy's zipf.sf(2, 6.5)
    is 1400 units in the last place low, and the quantile wengert's tails give steps at the true q), SciPy's where
    wengert has no tails (betabinom)."""
    frozen = getattr(stats, dist) if hasattr(getattr(stats, dist), "sf") else getattr(ST, dist)
    return float((frozen.sf if upper else frozen.cdf)(0 if dist == "bernoulli" else 2, *PARAMETERS[dist]))


@pytest.mark.parametrize("dist", PARAMETERS)
@pytest.mark.parametrize("name", ("ppf", "isf"))
def test_a_traced_argument_at_a_jump_is_refused_and_beside_it_is_not(dist, name):
    q = _at_jump(dist, name == "isf")
    frozen, method = getattr(ST, dist), getattr(getattr(stats, dist), name)
    # the jump is real: SciPy's value changes across it
    assert getattr(frozen, name)(q * (1 - 1e-9), *PARAMETERS[dist]) != getattr(frozen, name)(q * (1 + 1e-9), *PARAMETERS[dist])
    with pytest.raises(wg.NoGradientRule, match="no derivative in q where the quantile jumps"):
        wg.grad(lambda q: method(q, *PARAMETERS[dist]) * q)(q)
    for beside in (q * (1 - 1e-9), q * (1 + 1e-9)):
        value = getattr(frozen, name)(beside, *PARAMETERS[dist])
        assert wg.grad(lambda q: method(q, *PARAMETERS[dist]) * q)(beside) == value
    if not TRACED[dist]:  # (randint: its parameters are counts)
        return
    i = TRACED[dist][-1]

    def in_parameter(q):
        def f(theta):
            params = list(PARAMETERS[dist])
            params[i] = theta
            return method(q, *params) * theta
        return f
    with pytest.raises(wg.NoGradientRule, match="no derivative in .* where the quantile jumps"):
        wg.grad(in_parameter(q))(float(PARAMETERS[dist][i]))
    for beside in (q * (1 - 1e-9), q * (1 + 1e-9)):
        value = getattr(frozen, name)(beside, *PARAMETERS[dist])
        assert wg.grad(in_parameter(beside))(float(PARAMETERS[dist][i])) == value


@pytest.mark.parametrize("dist, q, refused", [
    ("poisson", 1.0, True), ("nbinom", 1.0, True), ("geom", 1.0, True), ("planck", 1.0, True),  # ppf(1) = inf
    ("dlaplace", 1.0, True), ("yulesimon", 1.0, True), ("logser", 1.0, True),
    ("skellam", 1.0, True), ("zipf", 1.0, True), ("betanbinom", 1.0, True),
    ("binom", 1.0, False), ("bernoulli", 1.0, False), ("betabinom", 1.0, False),
    ("zipfian", 1.0, False), ("boltzmann", 1.0, False), ("randint", 1.0, False),
    ("hypergeom", 1.0, False), ("nhypergeom", 1.0, False),  # ppf(1) = n = ppf(1 - 1e-12)
    ("nchypergeom_fisher", 1.0, False),
    *[(d, 0.0, True) for d in PARAMETERS]])  # ppf(0) = -1, ppf(1e-300) = 0
def test_q_at_its_ends(dist, q, refused):
    method = getattr(stats, dist).ppf
    f = lambda q: method(q, *PARAMETERS[dist]) * q  # noqa: E731
    if refused:
        with pytest.raises(wg.NoGradientRule, match="no derivative in q"):
            wg.grad(f)(q)
    else:
        assert wg.grad(f)(q) == ST.__dict__[dist].ppf(q, *PARAMETERS[dist])
    if not TRACED[dist]:  # (randint: its parameters are counts)
        return
    # the parameters: the value at q = 0 or 1 is the support's end whatever they are
    i = TRACED[dist][-1]

    def in_parameter(theta):
        params = list(PARAMETERS[dist])
        params[i] = theta
        return np.minimum(method(q, *params), 1e3) * theta
    want = min(float(ST.__dict__[dist].ppf(q, *PARAMETERS[dist])), 1e3)
    assert wg.grad(in_parameter)(float(PARAMETERS[dist][i])) == want


def test_bernoulli_at_p_0_steps_at_q_1():
    # cdf(0) = 1 - p = 1: ppf(1 - 1e-12) = 0, ppf(1) = 1
    with pytest.raises(wg.NoGradientRule, match="no derivative in q"):
        wg.grad(lambda q: stats.bernoulli.ppf(q, 0.0) * q)(1.0)


def test_a_traced_count_or_loc_is_refused():
    with pytest.raises(wg.NoGradientRule, match="binom.ppf has no gradient with respect to n"):
        wg.grad(lambda n: stats.binom.ppf(0.3, n, 0.5) * n)(10.0)
    with pytest.raises(wg.NoGradientRule, match="poisson.isf has no gradient with respect to loc"):
        wg.grad(lambda loc: stats.poisson.isf(0.3, 2.0, loc))(1.0)


@pytest.mark.parametrize("call, argument", [
    (lambda t: stats.randint.ppf(0.3, t, 6.0), "low"), (lambda t: stats.randint.isf(0.3, 2.0, t + 4.0), "high"),
    (lambda t: stats.hypergeom.ppf(0.3, 20.0, t, 5.0), "n"), (lambda t: stats.nhypergeom.isf(0.3, 20.0, 7.0, t), "r"),
    (lambda t: stats.binom.ppf(0.3, t + 8.0, 0.5), "n"), (lambda t: stats.poisson.ppf(0.3, 2.0, t), "loc"),
    (lambda t: stats.poisson.entropy(2.0, t), "loc"), (lambda t: stats.binom.pmf(3.0, t + 8.0, 0.5), "n")])
def test_a_count_or_loc_in_forward_mode_is_refused_too(call, argument):
    # forward mode's Dual passed through with its tangent dropped: jvp was 0 where grad refused
    for route in (lambda f: wg.jvp(f, (2.0,), (1.0,)), lambda f: wg.grad(f)(2.0)):
        with pytest.raises(wg.NoGradientRule, match=f"no gradient with respect to {argument}"):
            route(call)



def test_interval_in_confidence():
    # 0 away from the steps, refused at one: the lower end's q, (1 - confidence) / 2, at cdf(1)
    low, high = ST.geom.interval(0.5, 0.3)
    assert wg.grad(lambda c: (stats.geom.interval(c, 0.3)[0] + 2.0 * stats.geom.interval(c, 0.3)[1]) * c)(0.5) \
        == low + 2.0 * high
    at = 1.0 - 2.0 * float(ST.geom.cdf(1, 0.3))
    assert ST.geom.interval(at - 1e-9, 0.3)[0] != ST.geom.interval(at + 1e-9, 0.3)[0]
    with pytest.raises(wg.NoGradientRule, match="no derivative in confidence where the quantile jumps"):
        wg.grad(lambda c: stats.geom.interval(c, 0.3)[0] * c)(at)


def test_q_outside_0_1_is_refused():
    with pytest.raises(ValueError, match="q must be a probability"):
        stats.nbinom.ppf(1.5, 2.0, 0.5)


def test_both_modes_agree():
    for dist in PARAMETERS:
        method, call = _traced(dist, "ppf")
        points = [PARAMETERS[dist][i] * 1.0 for i in TRACED[dist]]
        rev = wg.grad(call, argnums=tuple(range(1 + len(points))))(0.37, *points)
        fwd = [wg.jvp(lambda *a: call(*a), (0.37, *points),
                      tuple(float(j == k) for k in range(1 + len(points))))[1] for j in range(1 + len(points))]
        np.testing.assert_array_equal(np.asarray(rev, dtype=float), np.asarray(fwd, dtype=float))


# -- the far tails: the quantile by its definition, from wengert's own tails --------------------------------------------

#: the default parameters' far tails and heavy-tailed ones, where SciPy's quantiles were wrong (betanbinom.isf(1e-300, 3,
#: 2.5, 2.0) 10485850, its sf there 2.6e-16; yulesimon's, zipf's likewise; skellam.isf(1e-300) 100, sf(100) 1.3e-144;
#: poisson.isf(1e-300) NaN; geom's, planck's, dlaplace's inf) or took minutes (betanbinom.ppf(1 - 1e-12) 36 min on
#: SciPy 1.13; zipf's and logser's isf(1e-20) over 20 s on 1.17)
FAR = [("betanbinom", (3, 2.5, 2.0)), ("betanbinom", (3, 2.5, 0.5)), ("yulesimon", (2.5,)), ("zipf", (2.5,)),
       ("logser", (1 - 1e-9,)), ("skellam", (1.5, 2.5)), ("poisson", (2.5,)), ("geom", (1e-9,)), ("planck", (1e-6,)),
       ("dlaplace", (1e-6,)), ("nbinom", (0.5, 1e-6)), ("binom", (1e6, 1e-3)), ("zipfian", (0.5, 1e9))]
FAR_QS = np.array([1e-300, 1e-20, 1 - 1e-12])


@pytest.mark.parametrize("dist, parameters", FAR, ids=[f"{d}{p}" for d, p in FAR])
@pytest.mark.parametrize("function", ("ppf", "isf"))
def test_far_quantiles_by_their_definition(dist, parameters, function):
    got = getattr(getattr(stats, dist), function)(FAR_QS, *parameters)
    finite = np.isfinite(got)
    assert np.all(_is_quantile(dist, function, FAR_QS, got, parameters)[finite])
    # inf only where no float meets the definition (the largest float's tail is not yet at q)
    for q in FAR_QS[~finite]:
        assert not _is_quantile(dist, function, np.array([q]), np.array([np.finfo(float).max]), parameters)[0] \
            or function == "ppf"
        assert got[FAR_QS == q][0] == np.inf


def test_far_quantiles_beyond_2_53_and_float_range():
    # the smallest float k with sf(k) <= q: sf ~ 9.16e-9 k^-2.5, so k = (9.16e-9 / 1e-300)^0.4 = 6.09e120
    k = float(stats.betanbinom.isf(1e-300, 3, 2.5, 2.0))
    assert stats.betanbinom.sf(k, 3, 2.5, 2.0) <= 1e-300 < stats.betanbinom.sf(np.nextafter(k, 0), 3, 2.5, 2.0)
    assert k == pytest.approx(6.091972386e120, rel=1e-9)
    # zipf at a = 1.01: sf ~ k^-0.01 / (0.01 zeta(1.01)), below 1e-20 only from about k = 1e2000: inf
    assert stats.zipf.isf(1e-20, 1.01) == np.inf
    assert stats.zipf.sf(1e300, 1.01) > 1e-4
    # and its median is SciPy's, found without SciPy's search (the body)
    assert stats.betanbinom.ppf(1 - 1e-12, 3, 2.5, 2.0) == 384375.0
