"""upper_gamma_fraction (h = e^x x^-a Gamma(a, x), internal) where it switches to its series in 1/x: arrays mixing
entries of both sides give each entry's own value, and the switch keeps the digits on both sides."""
import numpy as np
import pytest

import wengert as wg
import wengert.scipy.stats as st
from wengert.ops.scipy_special import upper_gamma_fraction

MIXED = [  # (a, x): series entries (x far beyond a) next to fraction entries
    ([1e12, 1.0], [1e22, 3.0]),
    ([0.5, 2.5, 1e12], [5e299, 40.0, 1e22]),
    ([3.0], [1e18]),
]


@pytest.mark.parametrize("derivatives", [0, 1, 2])
@pytest.mark.parametrize("a,x", MIXED)
def test_mixed_arrays_give_each_entry_alone(a, x, derivatives):
    # (the series' entries used to get a placeholder x = a + 2 in the fraction, its slowest point: at a = 1e12
    # it did not converge and the call was refused, naming an x nobody passed)
    together = upper_gamma_fraction(np.array(a), np.array(x), derivatives)
    together = together if derivatives else (together,)
    for i, (ai, xi) in enumerate(zip(a, x)):
        alone = upper_gamma_fraction(ai, xi, derivatives)
        alone = alone if derivatives else (alone,)
        assert len(alone) == len(together) == derivatives + 1
        for t, s in zip(together, alone):
            assert t[i] == s  # bit for bit


X_Q = np.array([1e-22, 1.0 / 30.0])
A_Q = np.array([1e12, 1.0])


def test_invgamma_logcdf_mixed_array_and_its_gradients():
    f = st.invgamma.logcdf
    value = f(X_Q, A_Q)
    da = wg.grad(lambda a: f(X_Q, a).sum())(A_Q)
    dx = wg.grad(lambda x: f(x, A_Q).sum())(X_Q)
    for i in range(2):
        assert value[i] == f(X_Q[i], A_Q[i])
        assert da[i] == wg.grad(lambda a: f(X_Q[i], a))(A_Q[i])
        assert dx[i] == wg.grad(lambda x: f(x, A_Q[i]))(X_Q[i])


def test_invgamma_logcdf_array_entries_are_the_scalar_calls_at_second_order():
    # (the far form's d/dx and d/dscale as w / (R d) where their factor is 1, (g / d) (w / R) elsewhere, chosen entry by
    # entry: chosen for the whole call, an array's cotangent [1, 1] took the second form where the scalar call's 1.0
    # took the first, grad in x 9.999999999e+43 for the scalar call's 9.999999998999999e+43 at x = 1e-22, a = 1e12)
    x, a, s = np.array([1e-22, 1.0 / 30.0, 1e-300, 0.5]), np.array([1e12, 1.0, 1.5, 2.0]), np.array([1, 1, 1e-280, 1])
    paths = {"grad": wg.grad, "hessian": wg.hessian, "jacfwd(jacfwd)": lambda h: wg.jacfwd(wg.jacfwd(h)),
             "jacrev(jacfwd)": lambda h: wg.jacrev(wg.jacfwd(h))}
    v = np.stack([x, a])
    for name, path in paths.items():
        together = path(lambda v: st.invgamma.logcdf(v[0], v[1], 0.0, s).sum())(v)
        for i in range(len(x)):
            alone = path(lambda u: st.invgamma.logcdf(u[0], u[1], 0.0, s[i]))(v[:, i])
            got = together[:, i] if name == "grad" else together[:, i, :, i]
            np.testing.assert_array_equal(got, alone, err_msg=f"{name}, entry {i}")


def _truth(mp, a, x):
    """h, dh/da, d2h/da2 at 50 digits."""
    with mp.workdps(50):
        a, x = mp.mpf(a), mp.mpf(x)
        h = lambda t: mp.exp(x) * x ** (-t) * mp.gammainc(t, x)  # noqa: E731
        return [h(a), mp.diff(h, a), mp.diff(h, a, 2)]


def _worst(mp, a, x):
    with mp.workdps(50):
        return max(float(abs((mp.mpf(v) - t) / t)) for v, t in zip(upper_gamma_fraction(a, x, 2), _truth(mp, a, x)))


@pytest.mark.parametrize("a,x", [(3e6, 9e15), (1e6, 2.0 ** 53 - 8), (3e6, 2.0 ** 53 - 8), (1e3, 1e13)])
def test_series_below_two_to_the_53(a, x):
    # (by the continued fraction h was 6.9e-14 off at (3e6, 9e15), dh/da 3.2e-11 at (1e6, 2^53 - 8), and
    # (3e6, 2^53 - 8) was refused: not converged)
    mp = pytest.importorskip("mpmath")
    assert _worst(mp, a, x) < 1e-15


@pytest.mark.parametrize("a,x", [
    (0.5, 1e10), (0.5, np.nextafter(1e10, 2e10)), (9.99, 1e10), (10.0, np.nextafter(1e10, 2e10)),  # x's switch
    (1e3, 1e12), (np.nextafter(1e3, 2e3), 1e12), (-1e3, 1e12), (np.nextafter(-1e3, -2e3), 1e12),  # a's
])
def test_both_sides_of_the_switch(a, x):
    # (the fraction's side within its own 6.4e-15 at (1e3 + 1 ulp, 1e12); the series' within 4.1e-16)
    mp = pytest.importorskip("mpmath")
    assert _worst(mp, a, x) < 1e-14


def test_invgamma_logcdf_slope_in_x_far_out():
    # d/dx log Q(a, 1/x) = z / h(a, z), z = 1/x: the fraction's h gave it 1.5e-14 off at x = 1/9e15, a = 3e6
    mp = pytest.importorskip("mpmath")
    x, a = 1.0 / 9e15, 3e6
    got = wg.grad(lambda v: st.invgamma.logcdf(v, a))(x)
    with mp.workdps(50):
        z = 1 / mp.mpf(x)
        truth = z / _truth(mp, a, z)[0]
        assert abs((got - truth) / truth) < 1e-15
