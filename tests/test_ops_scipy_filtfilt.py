"""``scipy.signal.filtfilt`` and ``lfilter_zi``: differentiable in the signal and the coefficients.

The truth comes from outside the code under test: SciPy's documented algorithms (the extension,
``lfilter_zi``'s steady state ``(I - A) zi = B``, the forward and backward passes of the transposed
direct form II; Gustafsson's least-squares initial conditions, by the normal equations) run on
dual numbers over the rationals (``fractions``), whose derivative parts are exact.
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
from test_ops_scipy_lfilter import _Jet, _tdf2  # noqa: E402

B, A = np.array([0.25, 0.5, 0.25]), np.array([2.0, -1.0, 0.25])  # (dyadic: short exact rationals)
SIGNAL = rand((2, 10), seed=230)

CASES = [
    case(wss.filtfilt, lambda b, a, x: wss.filtfilt(b, a, x, padlen=3), B, A, SIGNAL, id="filtfilt"),
    case(wss.filtfilt, lambda x: wss.filtfilt(B, A, x, axis=0, method="gust"), SIGNAL.T, id="filtfilt-gust"),
    case(wss.filtfilt, lambda b, a: wss.filtfilt(b, a, SIGNAL[0], method="gust", irlen=3), B, A,
         id="filtfilt-gust-coefficients"),
    case(wss.lfilter_zi, wss.lfilter_zi, B, A, id="lfilter_zi"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(["signal.filtfilt", "signal.lfilter_zi"],
                                                            [wss.filtfilt, wss.lfilter_zi], CASES)


def _solve(matrix, rhs):
    """Gaussian elimination on any field (no pivoting needed: the systems here have nonzero pivots)."""
    n = len(matrix)
    m = [list(row) + [r] for row, r in zip(matrix, rhs)]
    for i in range(n):
        for j in range(i + 1, n):
            factor = m[j][i] / m[i][i]
            m[j] = [u - factor * v for u, v in zip(m[j], m[i])]
    out = [0] * n
    for i in reversed(range(n)):
        out[i] = (m[i][n] - sum(m[i][k] * out[k] for k in range(i + 1, n))) / m[i][i]
    return out


def _zi(b, a):
    size = max(len(a), len(b))
    b = [c / a[0] for c in b] + [0] * (size - len(b))
    a = [c / a[0] for c in a] + [0] * (size - len(a))
    k = size - 1  # (I - companion(a).T) zi = b[1:] - a[1:] b[0]
    matrix = [[(i == j) + (a[i + 1] if j == 0 else 0) - (j == i + 1) for j in range(k)] for i in range(k)]
    return _solve(matrix, [b[i + 1] - a[i + 1] * b[0] for i in range(k)])


def _filtfilt_pad(b, a, x, padtype, edge):
    if padtype == "odd":
        x = [2 * x[0] - v for v in x[edge:0:-1]] + x + [2 * x[-1] - v for v in x[-2:-edge - 2:-1]]
    elif padtype == "even":
        x = x[edge:0:-1] + x + x[-2:-edge - 2:-1]
    elif padtype == "constant":
        x = [x[0]] * edge + x + [x[-1]] * edge
    zi = _zi(b, a)
    y, _ = _tdf2(b, a, x, [z * x[0] for z in zi])
    y, _ = _tdf2(b, a, y[::-1], [z * y[-1] for z in zi])
    y = y[::-1]
    return y[edge:len(y) - edge] if padtype else y


def _filtfilt_gust(b, a, x, irlen=None):
    order, n = max(len(a), len(b)) - 1, len(x)
    m = n if irlen is None or n <= 2 * irlen else irlen
    zero = 0 * x[0]
    obs0, _ = _tdf2(b, a, [zero] * m, [1] + [0] * (order - 1))
    obs = [[obs0[i - k] if i >= k else zero for k in range(order)] for i in range(m)]
    s_columns = [_tdf2(b, a, [obs[m - 1 - i][k] for i in range(m)], [0] * order)[0] for k in range(order)]
    s = [[s_columns[k][i] for k in range(order)] for i in range(m)]
    top = [[s[m - 1 - i][k] - obs[i][k] for k in range(order)] for i in range(m)]
    bottom = [[obs[m - 1 - i][k] - s[i][k] for k in range(order)] for i in range(m)]
    y_fb = _tdf2(b, a, _tdf2(b, a, x, [0] * order)[0][::-1], [0] * order)[0][::-1]
    y_bf = _tdf2(b, a, _tdf2(b, a, x[::-1], [0] * order)[0][::-1], [0] * order)[0]
    delta = [u - v for u, v in zip(y_bf, y_fb)]
    if m == n:
        rows, weights = [t + u for t, u in zip(top, bottom)], [[s[m - 1 - i][k] for k in range(order)]
                                                               + [obs[m - 1 - i][k] for k in range(order)]
                                                               for i in range(m)]
    else:
        pad = [zero] * order
        rows = [t + pad for t in top] + [pad + u for u in bottom]
        weights = ([[s[m - 1 - i][k] for k in range(order)] + pad for i in range(m)]
                   + [pad + [obs[m - 1 - i][k] for k in range(order)] for i in range(m)])
        delta = delta[:m] + delta[n - m:]
    cols = range(2 * order)  # least squares by the normal equations: (M^T M) ic = M^T delta
    normal = [[sum(r[i] * r[j] for r in rows) for j in cols] for i in cols]
    ic = _solve(normal, [sum(r[i] * d for r, d in zip(rows, delta)) for i in cols])
    wic = [sum(w[k] * ic[k] for k in cols) for w in weights]
    if m == n:
        return [u + v for u, v in zip(y_fb, wic)]
    return ([u + v for u, v in zip(y_fb[:m], wic[:m])] + y_fb[m:n - m]
            + [u + v for u, v in zip(y_fb[n - m:], wic[m:])])


def _exact_jacobian(fun, args, which):
    exact = [[_Jet(Fraction(float(v))) for v in arg] for arg in args]
    columns = []
    for j in range(len(exact[which])):
        moved = [list(arg) for arg in exact]
        moved[which][j] = moved[which][j] + _Jet(0, 1)
        columns.append([float(_Jet.of(v).p[1]) for v in fun(*moved)])
    return np.array(columns).T


@pytest.mark.parametrize("padtype, padlen", [("odd", None), ("even", 3), ("constant", 2), (None, None)])
def test_pad_method_is_exact(padtype, padlen):
    b, a, x = B[:2], A, SIGNAL[0, :8] if padlen else SIGNAL[0]
    edge = 0 if padtype is None else (9 if padlen is None else padlen)
    x = SIGNAL[0] if padtype == "odd" else x
    np.testing.assert_array_equal(wg.vjp(lambda x: wss.filtfilt(b, a, x, padtype=padtype, padlen=padlen), x)[0],
                                  ss.filtfilt(b, a, x, padtype=padtype, padlen=padlen))
    args = [b, a, x]
    for which in range(3) if padtype == "even" else (2,):  # (the coefficients once: the truths cost)
        def f(v):
            moved = list(args)
            moved[which] = v
            return wss.filtfilt(*moved, padtype=padtype, padlen=padlen)
        truth = _exact_jacobian(lambda b, a, x: _filtfilt_pad(b, a, x, padtype, edge), args, which)
        np.testing.assert_allclose(wg.jacrev(f)(args[which]), truth, rtol=1e-13, atol=1e-14)


def test_gust_method_is_exact_and_lfilter_zi():
    x = SIGNAL[1, :6]
    for irlen in (None, 2):
        want = ss.filtfilt(B, A, x, method="gust", irlen=irlen)
        got = wg.vjp(lambda x: wss.filtfilt(B, A, x, method="gust", irlen=irlen), x)[0]
        np.testing.assert_allclose(got, want, rtol=1e-14, atol=1e-15)
        truth = _exact_jacobian(lambda x: _filtfilt_gust(list(B), list(A), x, irlen), [x], 0)
        jac = wg.jacrev(lambda x: wss.filtfilt(B, A, x, method="gust", irlen=irlen))(x)
        np.testing.assert_allclose(jac, truth, rtol=1e-13, atol=1e-14)
    np.testing.assert_array_equal(wss.lfilter_zi(B, wg.stop_gradient(A) + 0.0 * A), ss.lfilter_zi(B, A))
    both = np.concatenate([B, A])
    truth = _exact_jacobian(lambda v: _zi(v[:3], v[3:]), [both], 0)
    np.testing.assert_allclose(wg.jacrev(lambda v: wss.lfilter_zi(v[:3], v[3:]))(both), truth, rtol=1e-14)
    # second order: the steady state is rational in a; d2 zi[0] / da[1]^2 exact
    c = [_Jet(Fraction(float(v)), int(k == 4), int(k == 4)) for k, v in enumerate(both)]
    want = float(_zi(c[:3], c[3:])[0].p[3])
    assert wg.hessian(lambda v: wss.lfilter_zi(v[:3], v[3:])[0])(both)[4, 4] == pytest.approx(want, rel=1e-14)


def test_gust_method_in_the_coefficients_is_exact():
    # (it was refused: "no gradient with respect to b and a")
    x = SIGNAL[1, :6]
    args = [B, A, x]
    for irlen, which, jacobian in ((None, 1, wg.jacrev), (2, 0, wg.jacfwd)):
        def f(v):
            moved = list(args)
            moved[which] = v
            return wss.filtfilt(*moved, method="gust", irlen=irlen)
        np.testing.assert_allclose(wg.vjp(f, args[which])[0], ss.filtfilt(B, A, x, method="gust", irlen=irlen),
                                   rtol=1e-14, atol=1e-15)  # (to rounding: the least squares solver's)
        truth = _exact_jacobian(lambda b, a, x: _filtfilt_gust(b, a, x, irlen), args, which)
        np.testing.assert_allclose(jacobian(f)(args[which]), truth, rtol=1e-12, atol=1e-13)
    # second order: d2 y[0] / da[1]^2 and d2 y[-1] / da[1] db[0] (hyper-dual parts)
    b = [_Jet(Fraction(float(v)), 0, int(k == 0)) for k, v in enumerate(B)]
    a = [_Jet(Fraction(float(v)), int(k == 1)) for k, v in enumerate(A)]
    exact = [_Jet(Fraction(float(v))) for v in x]
    mixed = float(_filtfilt_gust(b, a, exact)[-1].p[3])
    a2 = [_Jet(Fraction(float(v)), int(k == 1), int(k == 1)) for k, v in enumerate(A)]
    square = float(_filtfilt_gust([_Jet(Fraction(float(v))) for v in B], a2, exact)[0].p[3])
    both, along = np.concatenate([B, A]), np.eye(6)[4]  # (forward over reverse, along a[1])
    last = wg.jvp(wg.grad(lambda v: wss.filtfilt(v[:3], v[3:], x, method="gust")[-1]), (both,), (along,))[1]
    first = wg.jvp(wg.grad(lambda v: wss.filtfilt(v[:3], v[3:], x, method="gust")[0]), (both,), (along,))[1]
    assert last[0] == pytest.approx(mixed, rel=1e-11)
    assert first[4] == pytest.approx(square, rel=1e-11)


def test_axes_and_float32():
    x = SIGNAL.T  # (9, 2), along axis 0 = -2
    jac = wg.jacrev(lambda x: wss.filtfilt(B, A, x, axis=-2, padlen=3))(x)
    truth = _exact_jacobian(lambda x: _filtfilt_pad(list(B), list(A), x, "odd", 3), [x[:, 1]], 0)
    np.testing.assert_allclose(jac[:, 1, :, 1], truth, rtol=1e-13, atol=1e-14)
    assert np.all(jac[:, 1, :, 0] == 0)
    x32 = SIGNAL[0].astype(np.float32)
    b32, a32 = B.astype(np.float32), A.astype(np.float32)
    got = wg.vjp(lambda x: wss.filtfilt(b32, a32, x, padlen=3), x32)[0]
    np.testing.assert_array_equal(got, ss.filtfilt(b32, a32, x32, padlen=3))
