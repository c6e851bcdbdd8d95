"""A rule given by its partials (``ops._util.def_partials``: SciPy's quantile ends with an infinite
slope, ``weibull_min.ppf``, ``rayleigh.ppf``...) and an overflowed moment's NaN slope
(``stats.lognorm.mean``) read every zero tangent or cotangent as structural, and their results'
zeros too: a live zero (a derivative that vanishes there) times an infinite partial gave 0, a
wrong derivative, where the truth (by the chain rule undefined: 0 * inf) is 1, 2 or 50. Now NaN,
in reverse and forward mode and at second order; a structural zero (np.where's untaken branch, a
Jacobian's other direction) still adds nothing.

Truths in closed form: rayleigh.ppf(q) ** 2 = -2 log1p(-q), weibull_min.ppf(q, c) ** c =
-log1p(-q), weibull_min.ppf(sqrt(x), 0.5) = log1p(-sqrt(x)) ** 2 (slope 1 at x = 0),
log(lognorm.mean(s)) = s^2 / 2 (slope s)."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402

W = stats.weibull_min
pytestmark = pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning",
                                        "ignore:divide by zero:RuntimeWarning", "ignore:overflow:RuntimeWarning")


def rayleigh_squared(q):
    return stats.rayleigh.ppf(q) ** 2


def weibull_squared(q):
    return W.ppf(q, 2.0) ** 2


def weibull_half_root(q):
    return W.ppf(q, 0.5) ** 0.5


def weibull_of_sqrt(x):
    return W.ppf(np.sqrt(x), 0.5)


def test_reverse_a_live_zero_cotangent_at_an_infinite_slope_is_nan():
    """Before: grad of rayleigh.ppf(q) ** 2 at q = 0 was 0.0 (truth 2), weibull_min.ppf(q, 2) ** 2
    0.0 (truth 1), grad(grad) of rayleigh's inf (truth 2)."""
    assert np.isnan(wg.grad(rayleigh_squared)(0.0))
    assert wg.grad(rayleigh_squared)(0.3) == pytest.approx(2.0 / 0.7, rel=1e-14, abs=0.0)
    got = wg.grad(lambda q: np.sum(weibull_squared(q)))(np.array([0.0, 0.5]))
    assert np.isnan(got[0]) and got[1] == pytest.approx(2.0, rel=1e-14, abs=0.0)
    assert np.isnan(wg.grad(wg.grad(rayleigh_squared))(0.0))
    assert np.isnan(wg.hessian(lambda q: np.sum(weibull_squared(q)))(np.array([0.0]))[0, 0])


def test_reverse_a_vanishing_partial_reports_its_zero_live():
    """Before: grad of weibull_min.ppf(sqrt(x), 0.5) at x = 0 was 0.0 (the ppf's slope 0 times
    the cotangent 1, taken as structural by sqrt's infinite partial); the truth 1."""
    assert np.isnan(wg.grad(weibull_of_sqrt)(0.0))
    got = wg.grad(lambda x: np.sum(weibull_of_sqrt(x)))(np.array([0.0, 0.25]))
    assert np.isnan(got[0]) and got[1] == pytest.approx(4.0 * np.log(2.0), rel=1e-14, abs=0.0)


def test_forward_a_vanishing_partial_gives_a_live_zero():
    """Before: jvp of weibull_min.ppf(q, 0.5) ** 0.5 at q = 0 was 0.0 (truth 1), jacfwd
    [[0, 0], [0, 2]] at [0, 0.5] (truth diag(1, 2)), the Hessian and jacfwd(jacfwd) inf (truth 1)."""
    value, tangent = wg.jvp(weibull_half_root, (0.0,), (1.0,))
    assert value == 0.0 and np.isnan(tangent)
    got = wg.jacfwd(weibull_half_root)(np.array([0.0, 0.5]))
    assert np.isnan(got[0, 0]) and got[0, 1] == 0.0 and got[1, 0] == 0.0
    assert got[1, 1] == pytest.approx(2.0, rel=1e-14, abs=0.0)
    assert np.isnan(wg.jacfwd(wg.jacfwd(weibull_half_root))(0.0))
    assert np.isnan(wg.hessian(weibull_half_root)(0.0))
    assert np.isnan(wg.jvp(weibull_of_sqrt, (0.0,), (1.0,))[1])


def test_structural_zeros_still_add_nothing():
    """np.where's untaken branch and a Jacobian's other direction at the infinite slope: 0, in
    both modes (unchanged)."""
    got = wg.grad(lambda q: np.sum(np.where(q > 0, W.ppf(q, 2.0), 0.0)))(np.array([0.0, 0.5]))
    assert got[0] == 0.0 and got[1] == pytest.approx(1.0 / (0.5 * 2.0 * np.sqrt(np.log(2.0))), rel=1e-14, abs=0.0)
    for jacobian in (wg.jacfwd, wg.jacrev):
        np.testing.assert_array_equal(jacobian(lambda v: W.ppf(v[0], 2.0) + v[1])(np.array([0.0, 1.0])), [np.inf, 1.0])
    value, tangent = wg.jvp(lambda q: np.where(q > 0, W.ppf(q, 2.0), 0.0), (np.array([0.0, 0.5]),),
                            (np.array([1.0, 1.0]),))
    assert tangent[0] == 0.0 and tangent[1] == pytest.approx(1.0 / np.sqrt(np.log(2.0)), rel=1e-14, abs=0.0)


def test_an_overflowed_moment_meets_a_live_zero_as_nan():
    """Before: grad of log(lognorm.mean(s)) at s = 50 was 0.0 (the overflowed mean's NaN slope
    met log's 1 / inf = 0 as a structural zero); the truth 50. jvp gave NaN already."""
    assert np.isnan(wg.grad(lambda s: np.log(stats.lognorm.mean(s)))(50.0))
    got = wg.grad(lambda s: np.sum(np.log(stats.lognorm.mean(s))))(np.array([50.0, 1.0]))
    assert np.isnan(got[0]) and got[1] == pytest.approx(1.0, rel=1e-14, abs=0.0)
    assert np.isnan(wg.jvp(lambda s: np.log(stats.lognorm.mean(s)), (50.0,), (1.0,))[1])
    # (a structural zero still adds nothing: the untaken branch)
    assert wg.grad(lambda s: np.where(s < 10, np.log(stats.lognorm.mean(s)), 0.0))(50.0) == 0.0
