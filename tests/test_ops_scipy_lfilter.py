"""``scipy.signal.lfilter``: differentiable in the signal, the initial conditions ``zi`` and the
coefficients ``b`` and ``a``, to every order.

The truth comes from outside the code under test: the filter's matrix built column by column from
its difference equation ``a[0] y[n] = sum_k b[k] x[n - k] - sum_{k >= 1} a[k] y[n - k]`` in exact
rationals (``fractions``), each column the response to a unit impulse; with initial conditions,
SciPy's documented transposed direct form II run on hyper-dual numbers over the rationals (exact
first and second derivatives: ``_Jet``).
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

ZI = np.array([0.375, -0.75])
CASES = [
    case(wss.lfilter, lambda x: wss.lfilter(B, A, x), SIGNAL, id="lfilter"),
    case(wss.lfilter, lambda b, a, x, zi: wss.lfilter(b, a, x, zi=zi), B, A, SIGNAL[0], ZI, id="lfilter-zi-all"),
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


class _Jet:
    """A hyper-dual number over the rationals: value, two first-order parts, the mixed second one."""

    def __init__(self, v, d1=0, d2=0, d12=0):
        self.p = tuple(Fraction(c) for c in (v, d1, d2, d12))

    @staticmethod
    def of(c):
        return c if isinstance(c, _Jet) else _Jet(c)

    def __add__(self, o):
        return _Jet(*(p + q for p, q in zip(self.p, _Jet.of(o).p)))

    __radd__ = __add__

    def __neg__(self):
        return _Jet(*(-p for p in self.p))

    def __sub__(self, o):
        return self + -_Jet.of(o)

    def __rsub__(self, o):
        return _Jet.of(o) - self

    def __mul__(self, o):
        (v, a, b, c), (w, d, e, f) = self.p, _Jet.of(o).p
        return _Jet(v * w, v * d + a * w, v * e + b * w, v * f + a * e + b * d + c * w)

    __rmul__ = __mul__

    def __truediv__(self, o):
        w, d, e, f = _Jet.of(o).p
        return self * _Jet(1 / w, -d / w ** 2, -e / w ** 2, 2 * d * e / w ** 3 - f / w ** 2)

    def __rtruediv__(self, o):
        return _Jet.of(o) / self


def _tdf2(b, a, x, zi):
    """SciPy's documented filter (transposed direct form II, b and a divided by a[0]) on any numbers."""
    size = max(len(a), len(b))
    b = [c / a[0] for c in b] + [0] * (size - len(b))
    a = [c / a[0] for c in a] + [0] * (size - len(a))
    z = list(zi) + [0]
    y = []
    for sample in x:
        out = b[0] * sample + z[0]
        z = [b[k + 1] * sample + z[k + 1] - a[k + 1] * out for k in range(size - 1)] + [0]
        y.append(out)
    return y, z[:-1]


def _exact_jacobian(b, a, x, zi, which):
    """d(y, zf) / d(argument ``which``) of (b, a, x, zi), column by column, exact."""
    args = [[_Jet(Fraction(float(v))) for v in arg] for arg in (b, a, x, zi)]
    columns = []
    for j in range(len(args[which])):
        moved = [list(arg) for arg in args]
        moved[which][j] = moved[which][j] + _Jet(0, 1)
        y, zf = _tdf2(*moved)
        columns.append([float(v.p[1]) for v in y + zf])
    return np.array(columns).reshape(len(columns), len(x) + len(zi)).T


FILTERS = [(B, A), (B, [2.0]), ([0.5, -0.25], [1.0, -0.75, 0.5, 0.125]), (B[:1], A[:1])]


@pytest.mark.parametrize("b, a", FILTERS, ids=str)
@pytest.mark.parametrize("n", [5, 1])
def test_initial_conditions_and_coefficients_are_exact(b, a, n):
    x = SIGNAL[1, :n]
    zi = np.resize(ZI, max(len(a), len(b)) - 1)
    y, zf = ss.lfilter(b, a, x, zi=zi)
    got = wg.vjp(lambda x: wss.lfilter(b, a, x, zi=zi), x)[0]
    np.testing.assert_array_equal(got[0], y)  # (SciPy's own)
    np.testing.assert_array_equal(got[1], zf)
    args = [np.asarray(b, dtype=float), np.asarray(a, dtype=float), x, zi]
    for which in range(4):
        def f(v):
            moved = list(args)
            moved[which] = v
            return np.concatenate(wss.lfilter(moved[0], moved[1], moved[2], zi=moved[3]))
        truth = _exact_jacobian(*args, which)
        np.testing.assert_allclose(wg.jacrev(f)(args[which]), truth, rtol=1e-14, atol=1e-15)
        if which == 1:
            np.testing.assert_allclose(wg.jacfwd(f)(args[which]), truth, rtol=1e-14, atol=1e-15)


def test_second_order_in_the_coefficients_is_exact():
    """The Hessian of c . (y, zf) in (b, a): exact from the hyper-dual numbers (mixed parts)."""
    b, a, x, zi = B, A, SIGNAL[1, :4], ZI
    weights = np.array([1.0, -2.0, 0.5, 3.0, -1.0, 0.25])
    coefficients = np.concatenate([b, a])

    def loss(c):
        return np.sum(weights * np.concatenate(wss.lfilter(c[:3], c[3:], x, zi=zi)))
    truth = np.zeros((6, 6))
    for i in range(6):
        for j in range(6):
            c = [_Jet(Fraction(float(v)), int(k == i), int(k == j)) for k, v in enumerate(coefficients)]
            y, zf = _tdf2(c[:3], c[3:], [Fraction(float(v)) for v in x], [Fraction(float(v)) for v in zi])
            truth[i, j] = float(sum(Fraction(float(w)) * v.p[3] for w, v in zip(weights, y + zf)))
    np.testing.assert_allclose(wg.hessian(loss)(coefficients), truth, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(wg.jacfwd(wg.jacrev(loss))(coefficients), truth, rtol=1e-13, atol=1e-14)


def test_no_sample_keeps_the_state():
    # SciPy 1.17 returns uninitialized memory for zf here (gh-22571); the state is zi, unchanged
    y, zf = wss.lfilter(B, A, np.zeros(0), zi=ZI)
    assert y.shape == (0,) and zf.tolist() == ZI.tolist()
    jac = wg.jacrev(lambda v: wss.lfilter(v[:3], v[3:6], np.zeros(0), zi=v[6:])[1])(np.concatenate([B, A, ZI]))
    np.testing.assert_array_equal(jac, np.hstack([np.zeros((2, 6)), np.eye(2)]))


def test_axes_broadcast_zi_float32_and_complex():
    x, zi = SIGNAL.T[:5], np.array([[0.5], [-0.25]])  # (5, 3) along axis -2; zi broadcast over the columns
    truth = _exact_jacobian(B, A, x[:, 1], zi[:, 0], 3)
    jac = wg.jacrev(lambda z: np.concatenate(wss.lfilter(B, A, x, axis=-2, zi=z))[:, 1])(zi)
    np.testing.assert_allclose(jac[:, :, 0], truth, rtol=1e-14, atol=1e-15)
    x32, b32, a32 = (v.astype(np.float32) for v in (SIGNAL[0], B, A))
    grad = wg.grad(lambda a: np.sum(wss.lfilter(b32, a, x32)))(a32)
    assert grad.dtype == np.float32
    truth = _exact_jacobian(b32, a32, x32, [0.0, 0.0], 1)[:7].sum(axis=0)
    np.testing.assert_allclose(grad, truth, rtol=1e-5, atol=1e-6)
    xc, ac = SIGNAL[0] + 0.5j * SIGNAL[1], A + 0.25j
    g = np.array([1.0, -0.5j, 2.0, 0.0, 1j, 0.5, -1.0])
    _, pullback = wg.vjp(lambda a: wss.lfilter(B, a, xc), ac)
    eps = 1e-7  # holomorphic in a: the transpose of the complex derivative (no conjugate)
    numeric = [np.sum(g * (ss.lfilter(B, ac + eps * e, xc) - ss.lfilter(B, ac - eps * e, xc))) / (2 * eps)
               for e in np.eye(3)]
    np.testing.assert_allclose(pullback(g)[0], numeric, rtol=1e-7)


def test_edges():
    assert wg.jacrev(lambda x: wss.lfilter(B, A, x))(np.ones(1)).tolist() == [[0.25]]
    assert wg.vjp(lambda x: wss.lfilter(B, A, x), np.zeros(0))[0].shape == (0,)
