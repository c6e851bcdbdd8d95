"""The tails (``cdf``, ``logcdf``, ``sf``, ``logsf``) and moments (``mean``, ``var``, ``std``) of
``scipy.stats``' ``poisson``, ``binom``, ``bernoulli``, ``nbinom`` and ``geom`` (and ``betabinom``'s
moments), differentiable in their continuous parameters.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's and, in
the tails where SciPy's ``log(cdf)`` is ``-inf`` or has lost its digits, against mpmath's sums;
first and second derivatives against mpmath at the switching points (the parameter at an end of
its range, the count below and beyond the support, geom's switch between its two log cdf forms);
refusal outside the valid parameters (SciPy gives NaN there); a traced count
refused.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test, mp_point_check, stats_values_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402
import scipy.stats  # noqa: E402

TAILS = ("cdf", "logcdf", "sf", "logsf")
MOMENTS = ("mean", "var", "std")

#: counts below, inside and beyond each support (binom's n = 10, bernoulli's n = 1)
COUNTS = {"poisson": np.array([-1.0, 0.0, 2.5, 7.0]), "binom": np.array([-1.0, 0.0, 3.0, 9.0, 12.0]),
          "bernoulli": np.array([-1.0, 0.0, 0.5, 1.0]), "nbinom": np.array([-1.0, 0.0, 3.0, 20.0]),
          "geom": np.array([0.0, 1.0, 3.0, 20.0])}


def _counts(dist, name):
    """The counts of ``COUNTS`` where the log of the tail is finite (a constant -inf has no finite
    differences): the log cdf's above its support's start, the log sf's below its end."""
    k, first, end = COUNTS[dist], {"geom": 1.0}.get(dist, 0.0), {"binom": 10.0, "bernoulli": 1.0}.get(dist, np.inf)
    return k[k >= first] if name == "logcdf" else (k[k < end] if name == "logsf" else k)


def _at_counts(dist, name):
    method, k = getattr(getattr(stats, dist), name), _counts(dist, name)
    if dist == "binom":
        return lambda p: method(k, 10, p)
    if dist == "nbinom":
        return lambda n, p: method(k, n, p)
    return lambda theta: method(k, theta)


#: each distribution's continuous parameters at two points (a column, so each count meets each)
POINTS = {"poisson": (np.array([[0.4], [3.7]]),), "binom": (np.array([[0.2], [0.7]]),),
          "bernoulli": (np.array([[0.2], [0.7]]),), "nbinom": (np.array([[0.7], [4.5]]), np.array([[0.3], [0.8]])),
          "geom": (np.array([[0.1], [0.6]]),)}
MOMENT_POINTS = {"poisson": (np.array([0.4, 3.7]),), "binom": (np.array([0.2, 0.7]),),
                 "bernoulli": (np.array([0.2, 0.7]),), "nbinom": (np.array([0.7, 4.5]), np.array([0.3, 0.8])),
                 "geom": (np.array([0.1, 0.6]),), "betabinom": (np.array([0.7, 4.5]), np.array([2.0, 0.3]))}


def _moment(dist, name):
    method = getattr(getattr(stats, dist), name)
    if dist == "binom":
        return lambda p: method(10, p, 2)
    if dist == "betabinom":
        return lambda a, b: method(10, a, b, 2)
    return lambda *theta: method(*theta, 2)


CASES = [
    *[case(getattr(getattr(stats, d), f), _at_counts(d, f), *POINTS[d], id=f"{d}.{f}-counts") for d in POINTS
      for f in TAILS],
    *[case(getattr(getattr(stats, d), m), _moment(d, m), *MOMENT_POINTS[d], id=f"{d}.{m}-loc")
      for d in MOMENT_POINTS for m in MOMENTS],
    # size-1 and size-0 counts
    *[case(getattr(stats.poisson, f), lambda mu, f=f: getattr(stats.poisson, f)(np.array([2.0]), mu), 1.3,
           id=f"poisson.{f}-size1") for f in TAILS],
    *[case(getattr(stats.binom, f), lambda p, f=f: getattr(stats.binom, f)(np.zeros(0), 4, p), 0.3,
           id=f"binom.{f}-size0") for f in TAILS],
]
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"{d}.{f}", (_counts(d, f), *({"binom": (10,)}.get(d, ())), *POINTS[d])) for d in POINTS for f in TAILS],
    *[(f"{d}.{m}", (*({"binom": (10,), "betabinom": (10,)}.get(d, ())), *MOMENT_POINTS[d], 2))
      for d in MOMENT_POINTS for m in MOMENTS],
    # the ends of the parameters' ranges: mu = 0, p = 0 and 1
    *[(f"poisson.{f}", (COUNTS["poisson"], 0.0)) for f in TAILS],
    *[(f"binom.{f}", (COUNTS["binom"], 10, p)) for f in TAILS for p in (0.0, 1.0)],
    *[(f"nbinom.{f}", (COUNTS["nbinom"], 2.5, 1.0)) for f in TAILS],
    *[(f"geom.{f}", (COUNTS["geom"], 1.0)) for f in ("cdf", "logsf")],
    *[(f"{d}.{m}", args) for d, args in (("binom", (10, 0.0)), ("binom", (10, 1.0)), ("geom", (1.0,)),
                                          ("poisson", (0.0,)), ("nbinom", (2.5, 1.0))) for m in MOMENTS],
]
# (SciPy's log(cdf) near 1 keeps its rounding (4e-7 relative at poisson.logcdf(3, 1e-3)): mpmath below)
test_stats_values_are_scipys = stats_values_test(
    VALUE_CHECKS, rtol={"poisson.logcdf": 1e-9, "poisson.logsf": 1e-9, "binom.logcdf": 1e-9, "binom.logsf": 1e-9,
                        "bernoulli.logcdf": 1e-9, "bernoulli.logsf": 1e-9, "nbinom.logcdf": 1e-9, "nbinom.logsf": 1e-9,
                        "geom.logcdf": 1e-9, "geom.logsf": 1e-9})


# -- exact: mpmath's finite sums (poisson, binom), regularized incomplete beta (nbinom), powers (geom)

def _mp_poisson(mp, k, mu, upper, log):
    cdf = mp.exp(-mu) * mp.fsum(mu ** j / mp.factorial(j) for j in range(int(k) + 1))
    if not upper:
        return mp.log(cdf) if log else cdf
    if cdf < 0.5:  # (1 - e^-700 keeps none of the log's digits at 60: log1p)
        return mp.log1p(-cdf) if log else 1 - cdf
    value = mp.exp(-mu) * mp.nsum(lambda j: mu ** j / mp.factorial(j), [int(k) + 1, mp.inf])  # no cancellation
    return mp.log(value) if log else value


def _mp_binom(mp, k, n, p, upper, log):
    terms = [mp.binomial(n, j) * p ** j * (1 - p) ** (n - j) for j in range(int(n) + 1)]
    value = mp.fsum(terms[int(k) + 1:] if upper else terms[:int(k) + 1])
    return mp.log(value) if log else value


def _mp_nbinom(mp, k, n, p, upper, log):
    value = mp.betainc(n, k + 1, p, 1, regularized=True) if upper else mp.betainc(n, k + 1, 0, p, regularized=True)
    return mp.log(value) if log else value


def _mp_geom(mp, k, p, upper, log):
    tail = (1 - p) ** k
    if upper:
        return mp.log(tail) if log else tail
    return mp.log1p(-tail) if log else 1 - tail


EXACT = [
    # poisson: tiny mu (the log cdf beside 0, where SciPy's log(cdf) is 4e-7 off), the far
    # tails (SciPy's -inf), the middle
    *[("poisson", f, (3.0, mu), 1, _mp_poisson) for f in TAILS for mu in (1e-3, 2.5, 40.0)],
    ("poisson", "logcdf", (3.0, 2000.0), 1, _mp_poisson), ("poisson", "logsf", (40.0, 0.5), 1, _mp_poisson),
    ("poisson", "logsf", (0.0, 700.0), 1, _mp_poisson),
    # binom in p: both far tails, beside both ends
    *[("binom", f, (3.0, 10.0, p), 2, _mp_binom) for f in TAILS for p in (1e-5, 0.25, 0.999)],
    ("binom", "logsf", (3.0, 10.0, 1e-30), 2, _mp_binom), ("binom", "logcdf", (3.0, 10.0, 1.0 - 1e-12), 2, _mp_binom),
    ("binom", "logsf", (8.0, 200.0, 0.5), 2, _mp_binom),
    # nbinom in p and in n
    *[("nbinom", f, (3.0, 2.5, p), 2, _mp_nbinom) for f in TAILS for p in (1e-3, 0.4, 0.97)],
    *[("nbinom", f, (3.0, n, 0.4), 1, _mp_nbinom) for f in TAILS for n in (0.3, 7.5)],
    # geom: both sides of the log cdf's switch (k log1p(-p) = -log 2), tiny p, p beside 1
    *[("geom", f, (k, p), 1, _mp_geom) for f in TAILS for k, p in ((3.0, 0.2), (3.0, 0.22), (100.0, 1e-6),
                                                                  (2.0, 1.0 - 1e-9), (60.0, 0.9))],
]


@pytest.mark.parametrize("dist, name, args, i, truth", EXACT, ids=[f"{d}.{f}{a}" for d, f, a, _, _ in EXACT])
def test_tails_and_their_first_two_derivatives_are_mpmaths(dist, name, args, i, truth):
    upper, log = name in ("sf", "logsf"), name.startswith("log")
    method = getattr(getattr(stats, dist), name)
    mp_point_check(method, args, i, lambda mp, *a: truth(mp, *a, upper, log), rel=1e-10)


# -- the ends of the parameters' ranges: one-sided derivatives, exactly ------------------------------

ENDS = [
    # d/dmu P(K <= k) = -pmf(k): -1 at (0, 0), 0 for k >= 1; d2: pmf(k) - pmf(k - 1) = 1 at (0, 0)
    ("poisson.cdf(0)", lambda mu: stats.poisson.cdf(0, mu), 0.0, (1.0, -1.0, 1.0)),
    ("poisson.cdf(1)", lambda mu: stats.poisson.cdf(1, mu), 0.0, (1.0, 0.0, -1.0)),
    ("poisson.sf(0)", lambda mu: stats.poisson.sf(0, mu), 0.0, (0.0, 1.0, -1.0)),
    # binom.cdf(0, n, p) = (1 - p)^n at p = 0: -n, n (n - 1)
    ("binom.cdf(0) at 0", lambda p: stats.binom.cdf(0, 4, p), 0.0, (1.0, -4.0, 12.0)),
    ("binom.sf(3) at 1", lambda p: stats.binom.sf(3, 4, p), 1.0, (1.0, 4.0, 12.0)),
    ("binom.cdf(1) at 0", lambda p: stats.binom.cdf(1, 4, p), 0.0, (1.0, 0.0, -12.0)),
    ("bernoulli.sf(0)", lambda p: stats.bernoulli.sf(0, p), 0.0, (0.0, 1.0, 0.0)),
    ("bernoulli.cdf(0)", lambda p: stats.bernoulli.cdf(0, p), 1.0, (0.0, -1.0, 0.0)),
    # geom at p = 1: (1 - p)^k: -1 (k = 1), 0 and 2 (k = 2)
    ("geom.sf(1) at 1", lambda p: stats.geom.sf(1, p), 1.0, (0.0, -1.0, 0.0)),
    ("geom.sf(2) at 1", lambda p: stats.geom.sf(2, p), 1.0, (0.0, 0.0, 2.0)),
    ("geom.cdf(2) at 1", lambda p: stats.geom.cdf(2, p), 1.0, (1.0, 0.0, -2.0)),
    ("geom.logcdf(2) at 1", lambda p: stats.geom.logcdf(2, p), 1.0, (0.0, 0.0, -2.0)),
    # nbinom.cdf(k, n, 1) = 1; beside it I_p(n, k + 1) has d/dp p^(n-1) (1-p)^k / B: 0 for k >= 1
    ("nbinom.cdf(2) at 1", lambda p: stats.nbinom.cdf(2, 2.5, p), 1.0, (1.0, 0.0, 0.0)),
]


@pytest.mark.parametrize("name, f, x, want", ENDS, ids=[e[0] for e in ENDS])
def test_one_sided_derivatives_at_the_ends(name, f, x, want):
    d1, d2 = wg.grad(f), wg.grad(wg.grad(f))
    assert (float(f(x)), float(d1(x)), float(d2(x))) == want
    assert float(wg.jvp(f, (x,), (1.0,))[1]) == want[1]
    assert float(wg.jvp(d1, (x,), (1.0,))[1]) == want[2]


def test_invalid_parameters_are_refused():
    # (SciPy gives NaN; a NaN with gradient 0 hid the mistake, and binom.cdf(2, 4.5, 0.3) was a number once)
    for name in TAILS:
        method = getattr(stats.binom, name)
        with pytest.raises(ValueError, match=r"^binom: p must be in \[0, 1\] \(SciPy gives NaN\)$"):
            method(2, 10, np.array([0.3, 1.5, -0.2]))
        with pytest.raises(ValueError, match=r"^binom: p must be in \[0, 1\]"):
            wg.grad(lambda p: method(2, 10, p))(1.5)
    for call, match in [(lambda: stats.binom.cdf(2, 4.5, 0.3), "binom: n must be a whole number >= 0"),
                        (lambda: stats.binom.mean(4.5, 0.3), "binom: n must be a whole number >= 0"),
                        (lambda: stats.poisson.sf(2, -1.0), "poisson: mu must be >= 0"),
                        (lambda: stats.poisson.var(-1.0), "poisson: mu must be >= 0"),
                        (lambda: stats.geom.logsf(2, 0.0), r"geom: p must be in \(0, 1\]"),
                        (lambda: stats.nbinom.std(0.0, 0.5), "nbinom: n must be > 0"),
                        (lambda: stats.betabinom.mean(3, -1.0, 2.0), "betabinom: a must be > 0"),
                        (lambda: wg.grad(lambda p: np.sum(stats.geom.mean(p)))(np.array([0.5, 0.0])), "geom: p")]:
        with pytest.raises(ValueError, match=match):
            call()


INFINITE_PARAMETERS = [
    ("binom", "n", (np.inf, 0.3)), ("nbinom", "n", (np.inf, 0.3)), ("betabinom", "n", (np.inf, 1.0, 2.0)),
    ("betabinom", "a", (5, np.inf, 2.0)), ("betabinom", "b", (5, 1.0, np.inf)), ("poisson", "mu", (np.inf,)),
    ("skellam", "mu1", (np.inf, 1.0)), ("skellam", "mu2", (1.0, np.inf)), ("yulesimon", "alpha", (np.inf,)),
]


@pytest.mark.parametrize("name, argument, parameters", INFINITE_PARAMETERS,
                         ids=[f"{c[0]}-{c[1]}" for c in INFINITE_PARAMETERS])
def test_an_infinite_parameter_is_refused(name, argument, parameters):
    # SciPy's _argcheck passes inf, and its pmf there is NaN; here binom.pmf(3, inf, 0.3) was NaN with a
    # RuntimeWarning, binom.cdf(3, inf, 0.3) 0, poisson.pmf(3, inf) NaN with a RuntimeWarning (as nbinom's,
    # betabinom's, skellam's and yulesimon's)
    distribution = getattr(stats, name)
    with np.errstate(all="ignore"):
        assert np.isnan(getattr(scipy.stats, name).pmf(3, *parameters))
    match = rf"^{name}: {argument} must be finite \(SciPy gives NaN\)$"
    for method in [m for m in ("pmf", "logpmf", "cdf", "sf", "logsf") if hasattr(distribution, m)]:
        with pytest.raises(ValueError, match=match):
            getattr(distribution, method)(3, *parameters)
    with pytest.raises(ValueError, match=match):
        distribution.mean(*parameters)
    position = {"n": 0, "mu": 0, "mu1": 0, "alpha": 0, "a": 1, "mu2": 1, "b": 2}[argument]
    if argument != "n" or name == "nbinom":  # (binom's and betabinom's n is a count, not differentiable)
        with pytest.raises(ValueError, match=match):
            wg.grad(lambda v: distribution.pmf(3, *parameters[:position], v, *parameters[position + 1:]))(np.inf)
    # an array with one infinite entry, and the finite values as before
    with pytest.raises(ValueError, match=match):
        distribution.pmf(3, *parameters[:position], np.array([4.0, np.inf]), *parameters[position + 1:])
    assert float(distribution.pmf(3, *parameters[:position], 4.0, *parameters[position + 1:])) == pytest.approx(
        getattr(scipy.stats, name).pmf(3, *parameters[:position], 4.0, *parameters[position + 1:]), rel=1e-12)


@pytest.mark.parametrize("name", TAILS)
def test_a_traced_count_or_shift_is_refused(name):
    method = getattr(stats.poisson, name)
    with pytest.raises(wg.NoGradientRule, match=f"poisson.{name}.*k"):
        wg.grad(lambda k: method(k, 2.0))(3.0)
    with pytest.raises(wg.NoGradientRule, match=f"binom.{name}.*n"):
        wg.grad(lambda n: getattr(stats.binom, name)(2, n, 0.3))(5.0)
    with pytest.raises(wg.NoGradientRule, match="poisson.mean.*loc"):
        wg.grad(lambda loc: stats.poisson.mean(2.0, loc))(1.0)


def test_counts_broadcast_against_parameters_as_scipys():
    import scipy.stats
    k, mu = np.array([-1, 0, 2]), np.array([[1.0], [2.0]])
    for name in TAILS:
        got = getattr(stats.poisson, name)(k, mu)
        assert got.shape == (2, 3)
        np.testing.assert_allclose(got, getattr(scipy.stats.poisson, name)(k, mu), rtol=1e-13)
    # every count beyond the support: the parameter's shape still
    assert stats.binom.cdf(12, 10, np.array([0.2, 0.4])).tolist() == [1.0, 1.0]
    assert stats.poisson.mean(np.array([1.0, 2.0]), np.array([[0], [1]])).shape == (2, 2)


@pytest.mark.parametrize("name", TAILS)
def test_a_nan_count_gives_nan(name):
    """As SciPy: floor(nan) went to the 'beyond the support' constant (poisson.cdf(nan, 2) was 0, its sf 1)."""
    for dist, args in (("poisson", (2.0,)), ("binom", (10, 0.3)), ("bernoulli", (0.3,)), ("nbinom", (2.5, 0.3)),
                       ("geom", (0.3,))):
        k = np.array([np.nan, 0.0 if dist == "bernoulli" else 2.0])  # (a count where every tail is finite)
        value = getattr(getattr(stats, dist), name)(k, *args)
        assert np.isnan(value[0]) and np.isfinite(value[1]), (dist, value)


#: the standard deviation at a zero variance (p at an end, n = 0): the one-sided derivative, +-inf (was NaN
#: through sqrt(p (1 - p))), or 0 where the variance is 0 for every p (binom at n = 0, betabinom at n = 0)
STD_ENDS = [
    ("bernoulli at 0", lambda p: stats.bernoulli.std(p), 0.0, np.inf), ("bernoulli at 1", stats.bernoulli.std, 1.0, -np.inf),
    ("binom at 0", lambda p: stats.binom.std(5, p), 0.0, np.inf), ("binom at 1", lambda p: stats.binom.std(5, p), 1.0, -np.inf),
    ("binom n = 0", lambda p: stats.binom.std(0, p), 0.3, 0.0), ("geom at 1", stats.geom.std, 1.0, -np.inf),
    ("nbinom at 1", lambda p: stats.nbinom.std(2.5, p), 1.0, -np.inf),
    ("betabinom n = 0", lambda a: stats.betabinom.std(0, a, 2.0), 1.5, 0.0),
]


@pytest.mark.parametrize("name, f, x, want", STD_ENDS, ids=[e[0] for e in STD_ENDS])
def test_std_at_a_zero_variance(name, f, x, want):
    with np.errstate(divide="ignore"):  # (sqrt's derivative at 0: the infinite truth)
        assert float(f(x)) == 0.0
        assert float(wg.grad(f)(x)) == want
        assert float(wg.jvp(f, (x,), (1.0,))[1]) == want
    # beside the end: the square root of the variance (SciPy 1.18's n p - n p^2 may differ in its last bit)
    import scipy.stats
    assert float(stats.binom.std(5, 0.3)) == pytest.approx(float(scipy.stats.binom.std(5, 0.3)), rel=4e-16)
