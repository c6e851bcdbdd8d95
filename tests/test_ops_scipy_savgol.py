"""``scipy.signal.savgol_filter``: linear in the signal (and ``cval``), differentiable in it in every
mode, ``deriv`` and ``delta``.

The truth comes from outside the code under test: the filter's matrix built row by row from its
definition in exact rationals (``fractions``): the value at each sample is the ``deriv``-th
derivative (over ``delta ** deriv``) at that sample of the least-squares polynomial of degree
``polyorder`` through the window centred on it (the signal extended by the mode), or for
``mode='interp'`` near the edges through the first or last window, solved from the normal equations.
"""
from fractions import Fraction
from math import factorial

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.signal as ss  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.signal as wss  # noqa: E402
from opcheck import case, gradient_test, listing_test, rand, solve_exactly  # noqa: E402
from test_ops_scipy_ndimage_filters import _extended  # noqa: E402

SIGNAL = rand((2, 9), seed=190)

CASES = [
    case(wss.savgol_filter, lambda x: wss.savgol_filter(x, 5, 2), SIGNAL, id="savgol_filter"),
    case(wss.savgol_filter, lambda x, c: wss.savgol_filter(x, 5, 3, deriv=1, delta=0.5, axis=0, mode="constant",
                                                           cval=c), SIGNAL.T, 0.3, id="savgol_filter-constant"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(["signal.savgol_filter"], [wss.savgol_filter], CASES)


def _fit_row(positions, at, polyorder, deriv, delta):
    """The weights of the samples at ``positions`` in the ``deriv``-th derivative at ``at`` of their
    least-squares polynomial of degree ``polyorder`` (over ``delta ** deriv``), exact."""
    v = [[Fraction(p) ** k for k in range(polyorder + 1)] for p in positions]
    normal = [[sum(row[i] * row[j] for row in v) for j in range(polyorder + 1)] for i in range(polyorder + 1)]
    # the coefficients' map: (V^T V)^-1 V^T, one column per sample
    columns = solve_exactly(normal, [[v[s][i] for i in range(polyorder + 1)] for s in range(len(positions))])
    weights = []
    for coefficients in columns:
        total = sum(coefficients[k] * Fraction(factorial(k), factorial(k - deriv)) * Fraction(at) ** (k - deriv)
                    for k in range(deriv, polyorder + 1))
        weights.append(total / Fraction(delta) ** deriv)
    return weights


def _savgol_matrix(n, window, polyorder, deriv, delta, mode):
    half = window // 2
    matrix = [[Fraction(0)] * n for _ in range(n)]
    for i in range(n):
        if mode == "interp" and (i < half or i >= n - half):
            start = 0 if i < half else n - window
            weights = _fit_row(range(start, start + window), i, polyorder, deriv, delta)
            for s, weight in enumerate(weights):
                matrix[i][start + s] += weight
            continue
        weights = _fit_row(range(i - half, i + half + 1), i, polyorder, deriv, delta)
        for s, weight in zip(range(i - half, i + half + 1), weights):
            k = _extended(s, n, "reflect" if mode == "interp" else mode)
            if mode == "interp" or k is not None:
                matrix[i][k] += weight
    return np.array(matrix, dtype=float)


@pytest.mark.parametrize("mode", ["interp", "mirror", "nearest", "wrap", "constant"])
def test_matrix_is_exact(mode):
    n = 9
    for window, polyorder, deriv in ((5, 2, 0), (5, 3, 1), (7, 2, 2)):
        f = lambda x: wss.savgol_filter(x, window, polyorder, deriv=deriv, delta=0.5, mode=mode)  # noqa: E731
        value, _ = wg.vjp(f, SIGNAL[0])
        np.testing.assert_allclose(value, ss.savgol_filter(SIGNAL[0], window, polyorder, deriv=deriv, delta=0.5,
                                                           mode=mode), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(wg.jacrev(f)(SIGNAL[0]), _savgol_matrix(n, window, polyorder, deriv, 0.5, mode),
                                   rtol=1e-12, atol=1e-12, err_msg=f"{window} {polyorder} {deriv}")


def test_dtypes_and_refusals():
    x32 = SIGNAL.astype(np.float32)
    value, _ = wg.vjp(lambda x: wss.savgol_filter(x, 5, 2), x32)
    assert value.dtype == np.float32
    # (SciPy fits the edges in single precision, wengert in double then rounds: a few float32 ulps apart)
    np.testing.assert_allclose(value, ss.savgol_filter(x32, 5, 2), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="imaginary part"):
        wg.grad_bp(lambda x: np.sum(np.real(wss.savgol_filter(x, 5, 2))), SIGNAL[0] + 1j)
    with pytest.raises(ValueError):  # (SciPy's: the window longer than the signal in 'interp')
        wg.grad_bp(lambda x: np.sum(wss.savgol_filter(x, 11, 2)), SIGNAL[0])
