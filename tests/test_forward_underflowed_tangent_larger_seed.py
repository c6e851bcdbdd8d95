"""Forward mode where an intermediate tangent underflows before a later large factor meets it: a larger seed's run.

jvp / jacfwd of 1e300 * 0.5 ** v at v = 1100 was -0.0 (the tangent of 0.5 ** v, -5.1e-332, is below the
smallest subnormal before 1e300 meets it); reverse mode gave the truth, forming the cotangent times the partial
as one scaled product. Truths: mpmath at 50 digits.
"""
import numpy as np
import pytest

import wengert as wg

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def _truth(expr):
    """``expr(mpmath)`` at 50 digits, as a float."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        return float(expr(mpmath))


@pytest.mark.parametrize("v", [1100.0, 1500.0])
def test_power_in_its_exponent(v):
    truth = _truth(lambda mpmath: mpmath.mpf(1e300) * mpmath.mpf(0.5) ** v * mpmath.log(0.5))
    f = lambda u: 1e300 * 0.5 ** u  # noqa: E731
    assert wg.jvp(f, (np.array([v]),), (np.array([1.0]),))[1][0] == pytest.approx(truth, rel=1e-14, abs=0)
    assert wg.jacfwd(f)(np.array([v]))[0, 0] == pytest.approx(truth, rel=1e-14, abs=0)
    assert wg.jvp(f, (v,), (1.0,))[1] == pytest.approx(truth, rel=1e-14, abs=0)
    assert wg.jvp(f, (np.array([v]),), (np.array([3.0]),))[1][0] == pytest.approx(3.0 * truth, rel=1e-14, abs=0)


def test_exp_first_and_second_order():
    truth = _truth(lambda mpmath: mpmath.mpf(1e300) * mpmath.exp(-1100))
    assert wg.jacfwd(lambda u: 1e300 * np.exp(u))(np.array([-1100.0]))[0, 0] == pytest.approx(truth, rel=1e-14, abs=0)
    # (forward over forward: the outer pass's tangent, e^x times its seed, underflowed the same way)
    truth = _truth(lambda mpmath: mpmath.mpf(1e300) * mpmath.exp(mpmath.mpf(1e-200) - 760))
    h = wg.jacfwd(wg.jacfwd(lambda x: 1e300 * np.exp(x - 760)))(np.array([1e-200]))
    assert h[0, 0, 0] == pytest.approx(truth, rel=1e-13, abs=0)


def test_an_overflowing_larger_seed_keeps_the_run_as_given():
    # (1e300 * 2 ** v at v = 20: its tangent times 2^600 overflows; the run as given is right, 1e300 2^20 log 2)
    truth = _truth(lambda mpmath: mpmath.mpf(1e300) * 2 ** 20 * mpmath.log(2))
    f = lambda u: np.concatenate([1e300 * 2.0 ** u, 1e300 * 0.5 ** (u * 55.0)])  # noqa: E731
    j = wg.jacfwd(f)(np.array([20.0]))
    assert j[0, 0] == pytest.approx(truth, rel=1e-14, abs=0)
    assert j[1, 0] == pytest.approx(_truth(lambda mpmath: mpmath.mpf(1e300) * 55 * mpmath.mpf(0.5) ** 1100 * mpmath.log(0.5)),
                                    rel=1e-14, abs=0)


def test_a_function_that_is_not_pure_is_refused():
    # The larger seeds' run calls f again: a draw inside f gave the second draw's tangent beside the first's value
    # (jvp of [v u, 1e300 * 0.5 ** v * u] at v = 1100: the truth -5.103e-32 u1, mpmath, with the first draw u1; the
    # answer was -5.103e-32 u2, silently). Now a second run whose value differs is refused.
    rng = np.random.default_rng(0)

    def f(v):
        u = rng.uniform(1.0, 2.0)
        return np.stack([v * u, 1e300 * 0.5 ** v * u])
    with pytest.raises(RuntimeError, match="not a pure function"):
        wg.jvp(f, (1100.0,), (1.0,))
    with pytest.raises(RuntimeError, match="not a pure function"):
        wg.jacfwd(f)(1100.0)
    # a pure f with the same numbers: one value, its tangent the truth's
    truth = _truth(lambda mpmath: mpmath.mpf(1e300) * mpmath.mpf(0.5) ** 1100 * mpmath.log(0.5))
    value, tangent = wg.jvp(lambda v: np.stack([v * 1.5, 1e300 * 0.5 ** v * 1.5]), (1100.0,), (1.0,))
    assert value[0] == 1650.0 and tangent[0] == 1.5
    assert tangent[1] == pytest.approx(1.5 * truth, rel=1e-14, abs=0)


def test_a_pure_function_whose_sum_runs_in_another_order_is_not_refused():
    # (a parallel reduction's order changes from call to call: the second run's value was 0.6000000000000001 w for
    # 0.6 w, refused as "not a pure function"; its tangent is the same function's. Truth: mpmath, 50 digits)
    calls = []

    def f(v):
        calls.append(None)
        w = v / 1100.0
        a, b, c = (0.1 * w, 0.2 * w, 0.3 * w) if len(calls) % 2 else (0.3 * w, 0.2 * w, 0.1 * w)
        return np.stack([(a + b) + c, 1e300 * 0.5 ** v, np.nan * v])
    value, tangent = wg.jvp(f, (1100.0,), (1.0,))
    assert len(calls) == 2 and value[0] == 0.6000000000000001  # (the first run's)
    truth = _truth(lambda mpmath: mpmath.mpf(1e300) * mpmath.mpf(0.5) ** 1100 * mpmath.log(0.5))
    assert tangent[1] == pytest.approx(truth, rel=1e-14, abs=0) and tangent[0] == pytest.approx(0.6 / 1100, rel=1e-15)
    assert np.isnan(tangent[2])
