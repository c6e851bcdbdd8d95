"""A finite moment that overflows is +inf or -inf with NaN derivatives, not 0 (against mpmath: each true moment is
finite and beyond the float range, with the sign of the value).

A moment that does not exist (lomax's mean for c <= 1) is inf on a neighbourhood: a constant with derivative 0
(test_stats_infinite_moments.py). A finite moment that overflowed is not: johnsonsu.mean(0.005, b) is about -exp(800)
sinh(0.2), and its d/db at b = 0.025 was 0, as were lognorm's, gennorm's, weibull_min's, weibull_max's, dweibull's,
exponnorm's, gengamma's and betaprime's at the points below, in every parameter.
"""
import math

import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats

# (name, method, shapes, the true moment as a function of mpmath and the shapes)
OVERFLOWED = [
    ("johnsonsu", "mean", (0.005, 0.025), lambda mp, a, b: -mp.exp(1 / (2 * b * b)) * mp.sinh(a / b)),
    ("johnsonsu", "std", (1e-300, 1e-3), lambda mp, a, b: mp.sqrt(
        mp.expm1(1 / (b * b)) * (mp.exp(1 / (b * b)) * mp.cosh(2 * a / b) + 1) / 2)),
    ("lognorm", "mean", (50.0,), lambda mp, s: mp.exp(s * s / 2)),
    ("lognorm", "std", (30.0,), lambda mp, s: mp.sqrt(mp.expm1(s * s) * mp.exp(s * s))),
    ("gennorm", "var", (0.005,), lambda mp, beta: mp.gamma(3 / beta) / mp.gamma(1 / beta)),
    ("weibull_min", "mean", (0.005,), lambda mp, c: mp.gamma(1 + 1 / c)),
    ("weibull_max", "mean", (0.005,), lambda mp, c: -mp.gamma(1 + 1 / c)),
    ("dweibull", "std", (0.005,), lambda mp, c: mp.sqrt(mp.gamma(1 + 2 / c))),
    ("exponnorm", "var", (1e300,), lambda mp, k: 1 + k * k),
    ("gengamma", "std", (1e-100, 0.005), lambda mp, a, c: mp.sqrt(
        mp.gamma(a + 2 / c) / mp.gamma(a) - (mp.gamma(a + 1 / c) / mp.gamma(a)) ** 2)),
    ("betaprime", "mean", (1e300, 1.0 + 2.0 ** -50), lambda mp, a, b: a / (b - 1)),
    ("betaprime", "var", (1e200, 3.0), lambda mp, a, b: a * (a + b - 1) / ((b - 2) * (b - 1) ** 2)),
]
IDS = [f"{c[0]}.{c[1]}{c[2]}" for c in OVERFLOWED]


def _nan_derivatives(f, x):
    def jvp1(y):
        return wg.jvp(f, (y,), (1.0,))[1]
    with np.errstate(all="ignore"):  # (the overflow, and 0 * inf inside some moments' own forms)
        _assert_nan(f, x, jvp1)


def _assert_nan(f, x, jvp1):
    for path, got in (("grad", wg.grad(f)(x)), ("jvp", wg.jvp(f, (x,), (1.0,))[1]),
                      ("grad of grad", wg.grad(wg.grad(f))(x)), ("jvp of grad", wg.jvp(wg.grad(f), (x,), (1.0,))[1]),
                      ("jvp of jvp", wg.jvp(jvp1, (x,), (1.0,))[1])):
        assert np.isnan(float(np.asarray(got))), (path, got)


@pytest.mark.parametrize("name, method, shapes, truth", OVERFLOWED, ids=IDS)
def test_overflowed_moment_has_nan_derivatives(name, method, shapes, truth):
    moment = getattr(getattr(stats, name), method)
    with np.errstate(all="ignore"):
        assert math.isinf(float(moment(*shapes)))
    for i in range(len(shapes)):
        _nan_derivatives(lambda s, i=i: moment(*shapes[:i], s, *shapes[i + 1:]), shapes[i])
    if method == "mean":  # (var and std do not move with loc)
        _nan_derivatives(lambda loc: moment(*shapes, loc, 2.0), 0.5)
    _nan_derivatives(lambda scale: moment(*shapes, 0.5, scale), 2.0)


@pytest.mark.parametrize("name, method, shapes, truth", OVERFLOWED, ids=IDS)
def test_the_moment_is_finite_beyond_the_float_range(name, method, shapes, truth):
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(30):
        exact = truth(mpmath, *(mpmath.mpf(s) for s in shapes))
        assert mpmath.isfinite(exact) and abs(exact) > np.finfo(np.float64).max
        with np.errstate(all="ignore"):
            assert float(getattr(getattr(stats, name), method)(*shapes)) == (np.inf if exact > 0 else -np.inf)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
def test_a_finite_entry_beside_an_overflowed_one_keeps_its_derivative():
    s = np.array([1.0, 50.0])
    g = wg.grad(lambda s: stats.lognorm.mean(s)[0])(s)  # d/ds exp(s^2 / 2) = s exp(s^2 / 2) at 1; 0 at 50 (not moved)
    assert g[0] == pytest.approx(math.exp(0.5), rel=1e-15, abs=0.0) and g[1] == 0.0
    g = wg.grad(lambda c: stats.lognorm.mean(s, 0.0, c)[0])(2.0)  # a shared scale: exp(1/2), the other not read
    assert g == pytest.approx(math.exp(0.5), rel=1e-15, abs=0.0)


def test_a_moment_that_does_not_exist_keeps_derivative_0():
    # (betaprime's mean is inf for b <= 1: a constant there; beside the overflowed one of the table)
    for d in (wg.grad(lambda b: stats.betaprime.mean(1e300, b))(0.5),
              wg.grad(lambda a: stats.betaprime.mean(a, 0.5))(1e300),
              wg.grad(lambda loc: stats.betaprime.mean(1e300, 0.5, loc))(0.0)):
        assert d == 0.0


def test_count_std_where_the_variance_overflows():
    """nbinom's and geom's std as sqrt(n) sqrt(1 - p) / p: sqrt(var) was inf with derivative 0 where the variance
    overflows and the std does not (nbinom.std(1e300, 1e-5) is 1e155); their variances over p twice, not p * p,
    which underflowed (geom.var(1e-200) raised ZeroDivisionError for a Python float, the truth 1e400)."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(30):
        n, p = 1e300, 1e-5
        big_n, small_p = mpmath.mpf(n), mpmath.mpf(p)
        root = mpmath.sqrt(1 - small_p)  # std = sqrt(n) root / p; d/dp (root / p) = -1 / (2 root p) - root / p^2
        dp = -1 / (2 * root * small_p) - root / small_p ** 2
        dpp = -1 / (4 * root ** 3 * small_p) + 1 / (root * small_p ** 2) + 2 * root / small_p ** 3
        want = {"value": mpmath.sqrt(big_n) * root / small_p, "d/dn": root / (2 * small_p * mpmath.sqrt(big_n)),
                "d/dp": mpmath.sqrt(big_n) * dp, "d2/dp2": mpmath.sqrt(big_n) * dpp, "d2/dn dp": dp / (2 * mpmath.sqrt(big_n))}

        def std(n, p):
            return stats.nbinom.std(n, p)
        with np.errstate(over="ignore"):
            got = {"value": std(n, p), "d/dn": wg.grad(lambda s: std(s, p))(n), "d/dp": wg.grad(lambda s: std(n, s))(p),
                   "d2/dp2": wg.grad(wg.grad(lambda s: std(n, s)))(p),
                   "d2/dn dp": wg.grad(lambda t: wg.grad(lambda s: std(s, t))(n))(p)}
            forward = {"d2/dp2": wg.jvp(wg.grad(lambda s: std(n, s)), (p,), (1.0,))[1],
                       "d2/dn dp": wg.jvp(lambda t: wg.grad(lambda s: std(s, t))(n), (p,), (1.0,))[1]}
            assert float(stats.nbinom.var(n, p)) == np.inf
            assert float(stats.geom.std(1e-200)) == pytest.approx(1e200, rel=1e-15, abs=0.0)
            assert float(stats.geom.var(1e-200)) == np.inf
            assert float(stats.nbinom.var(2.0, 1e-200)) == np.inf
        for key, value in {**got, **{f"{k} (forward)": v for k, v in forward.items()}}.items():
            assert float(value) == pytest.approx(float(want[key.split(" (")[0]]), rel=1e-14, abs=0.0), key


def test_betabinom_std_where_the_variance_overflows():
    """betabinom.std at n beyond about 1e154 as the product of its variance's factors' square roots: sqrt(inf) was inf
    with derivative 0 (betabinom.std(1e200, 1, 1) is 1e200 / sqrt(12)); yulesimon's variance as (a / (a - 1))^2 /
    (a - 2): a * a overflowed (yulesimon.var(1e200) was NaN for 1e-200)."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        n, a, b = 1e200, 1.0, 2.5

        def truth(x, y):
            big_n = mpmath.mpf(n)
            return mpmath.sqrt(big_n * x * y * (x + y + big_n) / ((x + y) ** 2 * (x + y + 1)))
        at = (mpmath.mpf(a), mpmath.mpf(b))
        want = {"value": truth(*at), "d/da": mpmath.diff(truth, at, (1, 0)), "d/db": mpmath.diff(truth, at, (0, 1)),
                "d2/da2": mpmath.diff(truth, at, (2, 0)), "d2/da db": mpmath.diff(truth, at, (1, 1))}

        def std(x, y):
            return stats.betabinom.std(n, x, y)
        with np.errstate(over="ignore"):
            assert float(stats.betabinom.var(n, a, b)) == np.inf
            got = {"value": std(a, b), "d/da": wg.grad(lambda s: std(s, b))(a), "d/db": wg.grad(lambda s: std(a, s))(b),
                   "d2/da2": wg.grad(wg.grad(lambda s: std(s, b)))(a),
                   "d2/da db": wg.grad(lambda t: wg.grad(lambda s: std(s, t))(a))(b),
                   "d2/da2 (forward)": wg.jvp(wg.grad(lambda s: std(s, b)), (a,), (1.0,))[1],
                   "d/db (forward)": wg.jvp(lambda s: std(a, s), (b,), (1.0,))[1]}
        for key, value in got.items():
            assert float(value) == pytest.approx(float(want[key.split(" (")[0]]), rel=1e-13, abs=0.0), key
        assert float(stats.betabinom.std(10, 2.0, 3.0)) == pytest.approx(float(mpmath.sqrt(
            mpmath.mpf(10) * 2 * 3 * 15 / (25 * 6))), rel=1e-15, abs=0.0)  # (below the overflow: sqrt of the variance)
        assert float(stats.yulesimon.var(1e200)) == pytest.approx(1e-200, rel=1e-15, abs=0.0)
        assert float(stats.yulesimon.var(np.array(1e200))) == pytest.approx(1e-200, rel=1e-15, abs=0.0)
