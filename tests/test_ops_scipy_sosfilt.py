"""``scipy.signal.sosfilt``: differentiable in the signal, the sections and the initial conditions, to
every order.

The truth comes from outside the code under test: the cascade's matrix built column by column from
each section's difference equation in exact rationals (``fractions``); in the sections and ``zi``, the
cascade of SciPy's documented transposed direct form II on dual numbers over the rationals.
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

SOS = np.array([[0.5, 0.25, -0.125, 1.0, -0.5, 0.25], [1.0, -1.0, 0.0, 1.0, 0.75, 0.0]])
SIGNAL = rand((2, 7), seed=210)

CASES = [case(wss.sosfilt, lambda x: wss.sosfilt(SOS, x, axis=0), SIGNAL.T, id="sosfilt")]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(["signal.sosfilt"], [wss.sosfilt], CASES)


def _cascade_matrix(sos, n):
    columns = []
    for j in range(n):
        y = [Fraction(int(i == j)) for i in range(n)]
        for section in sos:
            b, a = [Fraction(float(v)) for v in section[:3]], [Fraction(float(v)) for v in section[3:]]
            x, y = y, []
            for i in range(n):
                total = sum(b[k] * x[i - k] for k in range(3) if i - k >= 0)
                total -= sum(a[k] * y[i - k] for k in range(1, 3) if i - k >= 0)
                y.append(total / a[0])
        columns.append(y)
    return np.array(columns, dtype=float).T


def test_jacobian_is_exact_and_refusals():
    matrix = _cascade_matrix(SOS, SIGNAL.shape[1])
    f = lambda x: wss.sosfilt(SOS, x)  # noqa: E731
    np.testing.assert_allclose(wg.vjp(f, SIGNAL[0])[0], ss.sosfilt(SOS, SIGNAL[0]), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(wg.jacrev(f)(SIGNAL[0]), matrix, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(wg.jacfwd(wg.jacrev(lambda x: np.sum(f(x) ** 2)))(SIGNAL[0]), 2 * matrix.T @ matrix,
                               rtol=1e-13, atol=1e-14)


def test_sections_and_initial_conditions_are_exact():
    from test_ops_scipy_lfilter import _Jet, _tdf2
    x, zi = SIGNAL[1, :5], np.array([[0.25, -0.5], [0.75, 0.125]])
    y, zf = ss.sosfilt(SOS, x, zi=zi)
    got = wss.sosfilt(SOS, wg.stop_gradient(x) + 0.0 * SIGNAL[1, :5], zi=zi)
    np.testing.assert_allclose(np.concatenate([got[0], got[1].ravel()]), np.concatenate([y, zf.ravel()]),
                               rtol=1e-14, atol=1e-15)
    params = np.concatenate([SOS.ravel(), zi.ravel()])

    def f(p):
        out, final = wss.sosfilt(np.reshape(p[:12], (2, 6)), x, zi=np.reshape(p[12:], (2, 2)))
        return np.concatenate([out, np.ravel(final)])
    columns = []
    for j in range(16):
        p = [_Jet(Fraction(float(v)), int(k == j)) for k, v in enumerate(params)]
        signal, finals = [Fraction(float(v)) for v in x], []
        for s in range(2):
            signal, final = _tdf2(p[6 * s:6 * s + 3], p[6 * s + 3:6 * s + 6], signal, p[12 + 2 * s:14 + 2 * s])
            finals += final
        columns.append([float(_Jet.of(v).p[1]) for v in signal + finals])
    truth = np.array(columns).T
    np.testing.assert_allclose(wg.jacrev(f)(params), truth, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(wg.jacfwd(f)(params), truth, rtol=1e-14, atol=1e-15)
