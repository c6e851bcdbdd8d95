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
