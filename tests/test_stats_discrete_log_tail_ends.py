"""The log tails of the discrete distributions at an end of p (or mu = 0) where the tail
vanishes: value -inf, derivative the one-sided one from inside, +-inf, as geom.logsf and the
log pmfs give. Before: binom.logcdf(2, 5, p) at p = 1, binom.logsf(2, 5, p) at 0,
nbinom.logsf(2, 3, p) at 1, bernoulli.logsf(0, p) at 0, bernoulli.logcdf(0, p) at 1 and
poisson.logsf(2, mu) at mu = 0 had derivative 0 (the constant -inf of beta's and gamma's log
tails outside their support). Truth: mpmath's derivative of the log tail just inside the end
grows as -+order / distance (the tail is C (1 - p)^order or C p^order there)."""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats

# (method, fixed arguments before p, the end, the tail as an mpmath function of p, the sign of the limit)
CASES = {
    "binom.logcdf(2, 5, p) at 1": (stats.binom.logcdf, (2, 5), 1.0, -1.0),
    "binom.logsf(2, 5, p) at 0": (stats.binom.logsf, (2, 5), 0.0, 1.0),
    "nbinom.logsf(2, 3, p) at 1": (stats.nbinom.logsf, (2, 3), 1.0, -1.0),
    "bernoulli.logsf(0, p) at 0": (stats.bernoulli.logsf, (0,), 0.0, 1.0),
    "bernoulli.logcdf(0, p) at 1": (stats.bernoulli.logcdf, (0,), 1.0, -1.0),
    "poisson.logsf(2, mu) at 0": (stats.poisson.logsf, (2,), 0.0, 1.0),
    "geom.logsf(2, p) at 1": (stats.geom.logsf, (2,), 1.0, -1.0),  # (already so: the convention)
}


def _mp_tail(name, p):
    """The tail of CASES[name] at p, in mpmath (its sums written out)."""
    mpmath = pytest.importorskip("mpmath")
    b = mpmath.binomial
    if name.startswith("binom.logcdf"):
        return sum(b(5, j) * p ** j * (1 - p) ** (5 - j) for j in range(3))
    if name.startswith("binom.logsf"):
        return sum(b(5, j) * p ** j * (1 - p) ** (5 - j) for j in range(3, 6))
    if name.startswith("nbinom"):
        return 1 - sum(b(j + 2, j) * p ** 3 * (1 - p) ** j for j in range(3))
    if name.startswith("bernoulli.logsf"):
        return p
    if name.startswith("bernoulli.logcdf"):
        return 1 - p
    if name.startswith("poisson"):
        return 1 - mpmath.exp(-p) * (1 + p + p * p / 2)
    return (1 - p) ** 2  # geom: P(K > 2)


@pytest.mark.parametrize("name", CASES)
def test_the_truth_diverges_to_the_sign_given(name):
    # mpmath: d/dp log tail at distance h inside the end is about sign * order / h
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(80):
        _, _, end, sign = CASES[name]
        slopes = []
        for h in (mpmath.mpf("1e-10"), mpmath.mpf("1e-20"), mpmath.mpf("1e-30")):
            p = end - h if end == 1.0 else end + h
            slopes.append(mpmath.diff(lambda t: mpmath.log(_mp_tail(name, t)), p))
        assert all(s * sign > 0 for s in slopes)
        assert abs(slopes[2]) > 1e9 * abs(slopes[1]) > 1e18 * abs(slopes[0]) > 1e27  # (order / h)


@pytest.mark.parametrize("name", CASES)
def test_the_log_tail_at_the_end_has_the_one_sided_infinite_derivative(name):
    method, fixed, end, sign = CASES[name]
    f = lambda p: method(*fixed, p)  # noqa: E731
    expected = sign * np.inf
    with np.errstate(divide="ignore"):  # (NumPy's warning for the infinite derivative: 1 / 0)
        assert f(end) == -np.inf
        assert wg.grad(f)(end) == expected
        assert wg.jvp(f, (end,), (1.0,))[1] == expected
        g = wg.grad(lambda p: np.sum(f(p)))(np.array([end, 0.5]))
        t = wg.jvp(f, (np.array([end, 0.5]),), (np.ones(2),))[1]
        g32 = wg.grad(lambda p: np.sum(f(p)))(np.array([end, 0.5], np.float32))
    assert g[0] == expected and t[0] == expected
    assert np.isfinite(g[1]) and g[1] == pytest.approx(t[1], rel=1e-15)
    assert g32.dtype == np.float32 and g32[0] == expected
    # second order: -order / (1 - p)^2 or -order / p^2, -inf from inside
    with np.errstate(invalid="ignore", divide="ignore"):
        assert wg.hessian(f)(end) == -np.inf
        assert wg.grad(wg.grad(f))(end) == -np.inf


@pytest.mark.parametrize("name", CASES)
def test_inside_the_ends_the_derivative_is_unchanged(name):
    # just inside the end the log tail's derivative is mpmath's (the ordinary path)
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        method, fixed, end, _ = CASES[name]
        p = 0.999 if end == 1.0 else 0.001
        truth = float(mpmath.diff(lambda t: mpmath.log(_mp_tail(name, t)), mpmath.mpf(p)))
        assert wg.grad(lambda p: method(*fixed, p))(p) == pytest.approx(truth, rel=1e-9)
