"""``scipy.signal.lfilter``: differentiable in the signal (zero initial conditions), to every order.

The truth comes from outside the code under test: the filter's matrix built column by column from
its difference equation ``a[0] y[n] = sum_k b[k] x[n - k] - sum_{k >= 1} a[k] y[n - k]`` in exact
rationals (``fractions``), each column the response to a unit impulse.
"""
from fractions import Fraction

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.signal as ss  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.signal as wss  # noqa: E402
from opcheck import case, gradient_test, listing_test, rand  # noqa: E402

B, A = np.array([0.5, 0.25, -0.125]), np.array([2.0, -0.5, 0.25])  # (a[0] != 1: SciPy normalizes)
SIGNAL = rand((3, 7), seed=200)

CASES = [
    case(wss.lfilter, lambda x: wss.lfilter(B, A, x), SIGNAL, id="lfilter"),
    case(wss.lfilter, lambda x: wss.lfilter(B[:2], [1.0], x, axis=0), SIGNAL + 0.5j * SIGNAL[::-1],
         id="lfilter-fir-complex"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(["signal.lfilter"], [wss.lfilter], CASES)


def _matrix(b, a, n):
    b, a = [Fraction(float(v)) for v in b], [Fraction(float(v)) for v in a]
    columns = []
    for j in range(n):
        x = [Fraction(int(i == j)) for i in range(n)]
        y = []
        for i in range(n):
            total = sum(b[k] * x[i - k] for k in range(len(b)) if i - k >= 0)
            total -= sum(a[k] * y[i - k] for k in range(1, len(a)) if i - k >= 0)
            y.append(total / a[0])
        columns.append(y)
    return np.array(columns, dtype=float).T


@pytest.mark.parametrize("b, a", [(B, A), (B, [1.0]), ([1.0], [1.0, -0.75]), ([0.25], [0.5])], ids=str)
def test_jacobians_are_exact(b, a):
    n = SIGNAL.shape[1]
    matrix = _matrix(b, a, n)
    f = lambda x: wss.lfilter(b, a, x)  # noqa: E731
    np.testing.assert_array_equal(wg.vjp(f, SIGNAL[0])[0], ss.lfilter(b, a, SIGNAL[0]))  # (SciPy's own)
    np.testing.assert_allclose(wg.jacrev(f)(SIGNAL[0]), matrix, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(wg.jacfwd(f)(SIGNAL[0]), matrix, rtol=1e-14, atol=1e-15)
    # second order: a quadratic of the output, its Hessian 2 M^T M; along an axis of a 2-d signal
    np.testing.assert_allclose(wg.hessian(lambda x: np.sum(f(x) ** 2))(SIGNAL[0]), 2 * matrix.T @ matrix,
                               rtol=1e-13, atol=1e-14)
    jac = wg.jacrev(lambda x: wss.lfilter(b, a, x, axis=0))(SIGNAL.T)
    np.testing.assert_allclose(jac[:, 1, :, 1], matrix, rtol=1e-14, atol=1e-15)
    assert np.all(jac[:, 1, :, 0] == 0)


def test_edges_and_refusals():
    assert wg.jacrev(lambda x: wss.lfilter(B, A, x))(np.ones(1)).tolist() == [[0.25]]
    assert wg.vjp(lambda x: wss.lfilter(B, A, x), np.zeros(0))[0].shape == (0,)
    with pytest.raises(wg.NoGradientRule, match="coefficients b"):
        wg.grad_bp(lambda b: np.sum(wss.lfilter(b, A, SIGNAL[0])), B)
    with pytest.raises(wg.NoGradientRule, match="coefficients a"):
        wg.grad_bp(lambda a: np.sum(wss.lfilter(B, a, SIGNAL[0])), A)
    with pytest.raises(wg.NoGradientRule, match="zi"):
        wg.grad_bp(lambda x: np.sum(wss.lfilter(B, A, x, zi=np.zeros(2))[0]), SIGNAL[0])
