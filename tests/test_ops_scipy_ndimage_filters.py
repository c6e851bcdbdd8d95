"""``scipy.ndimage``'s linear filters: ``correlate1d convolve1d correlate convolve uniform_filter1d
uniform_filter gaussian_filter1d gaussian_filter``, differentiable in the input, the weights and
``cval``, in every boundary mode.

The truths come from outside the code under test: each filter's matrix built entry by entry from
its definition (the weights times the input extended as SciPy's documentation draws each mode:
``reflect`` d c b a | a b c d | d c b a, ``mirror`` d c b | a b c d | c b a, ``nearest``, ``wrap``,
``constant``) in exact rationals (``fractions``; dyadic weights, so the float truths are exact), and
the Gaussian weights from their closed form in mpmath at 50 digits.
"""
from fractions import Fraction

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.ndimage as snd  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.ndimage as wnd  # noqa: E402
from opcheck import case, gradient_test, listing_test, rand  # noqa: E402

MODES = ("reflect", "grid-mirror", "mirror", "nearest", "wrap", "grid-wrap", "constant", "grid-constant")
IMAGE = rand((3, 4), seed=180)
WEIGHTS = np.array([0.25, -0.5, 1.5, 0.125])  # (dyadic: sums of them are exact)
WEIGHTS_2D = np.array([[0.5, -0.25, 1.0], [0.125, 2.0, -1.5]])

CASES = [
    case(wnd.correlate1d, lambda a, w, c: wnd.correlate1d(a, w, mode="constant", cval=c, origin=1), IMAGE, WEIGHTS,
         0.3, id="correlate1d"),
    case(wnd.convolve1d, lambda a, w: wnd.convolve1d(a, w, axis=0, mode="mirror"), IMAGE, WEIGHTS[:3], id="convolve1d"),
    case(wnd.correlate, lambda a, w: wnd.correlate(a, w, mode="wrap"), IMAGE, WEIGHTS_2D, id="correlate"),
    case(wnd.convolve, lambda a, w, c: wnd.convolve(a, w, mode="grid-constant", cval=c), IMAGE + 0.5j * IMAGE[::-1],
         WEIGHTS_2D, 0.3, id="convolve-complex"),
    case(wnd.uniform_filter1d, lambda a: wnd.uniform_filter1d(a, 3, mode="nearest"), IMAGE, id="uniform_filter1d"),
    case(wnd.uniform_filter, lambda a: wnd.uniform_filter(a, (2, 3)), IMAGE, id="uniform_filter"),
    case(wnd.gaussian_filter1d, lambda a: wnd.gaussian_filter1d(a, 0.8, order=1), IMAGE, id="gaussian_filter1d"),
    case(wnd.gaussian_filter, lambda a: wnd.gaussian_filter(a, (0.7, 1.2), mode="reflect"), IMAGE,
         id="gaussian_filter"),
]
NAMES = ["correlate1d", "convolve1d", "correlate", "convolve", "uniform_filter1d", "uniform_filter",
         "gaussian_filter1d", "gaussian_filter"]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(
    [f"ndimage.{n}" for n in NAMES], [getattr(wnd, n) for n in NAMES], CASES)


def _extended(i, n, mode):
    """The sample of the extension by ``mode`` at index ``i`` (any integer): an index, or None for cval."""
    if 0 <= i < n:
        return i
    if mode in ("constant", "grid-constant"):
        return None
    if mode == "nearest":
        return min(max(i, 0), n - 1)
    if mode in ("wrap", "grid-wrap"):
        return i % n
    if mode in ("reflect", "grid-mirror"):  # d c b a | a b c d | d c b a
        j = i % (2 * n)
        return j if j < n else 2 * n - 1 - j
    if n == 1:  # mirror
        return 0
    j = i % (2 * n - 2)  # d c b | a b c d | c b a
    return j if j < n else 2 * n - 2 - j


def _correlation_matrix(n, weights, mode, origin):
    """The matrix of ``correlate1d`` (``out[i] = sum_j w[j] ext[i + j - w // 2 - origin]``) and
    the column of ``cval``, exact."""
    w = len(weights)
    matrix = [[Fraction(0)] * n for _ in range(n)]
    constant = [Fraction(0)] * n
    for i in range(n):
        for j, weight in enumerate(weights):
            k = _extended(i + j - w // 2 - origin, n, mode)
            if k is None:
                constant[i] += weight
            else:
                matrix[i][k] += weight
    return np.array(matrix, dtype=float), np.array(constant, dtype=float)


@pytest.mark.parametrize("mode", MODES)
def test_correlate1d_and_convolve1d_matrices_are_exact(mode):
    weights = [Fraction(float(v)) for v in WEIGHTS]
    for n in (1, 4, 9):  # (one sample; the weights longer than the input; shorter)
        a = rand((2, n), seed=181)
        for w, origin in ((4, 0), (4, -2), (4, 1), (3, 0), (3, -1)):
            matrix, constant = _correlation_matrix(n, weights[:w], mode, origin)
            f = lambda a, c: wnd.correlate1d(a, WEIGHTS[:w], axis=-1, mode=mode, cval=c, origin=origin)  # noqa: E731
            value, _ = wg.vjp(f, a, 0.3)
            np.testing.assert_allclose(value, snd.correlate1d(a, WEIGHTS[:w], mode=mode, cval=0.3, origin=origin),
                                       rtol=1e-15, atol=1e-15)
            jac = wg.jacrev(lambda r: f(r, 0.3))(a[1])
            np.testing.assert_array_equal(jac, matrix, err_msg=f"n={n} w={w} origin={origin}")
            np.testing.assert_array_equal(wg.jacrev(lambda c: f(a[1], c))(0.3), constant)
            # in the weights: the extended samples each multiplies
            ext = [0.3 if k is None else a[1, k] for k in
                   (_extended(i, n, mode) for i in range(-w // 2 - origin - 1, n + w))]
            want = [[ext[i + j - w // 2 - origin - (-w // 2 - origin - 1)] for j in range(w)] for i in range(n)]
            np.testing.assert_array_equal(wg.jacrev(lambda v: wnd.correlate1d(a[1], v, mode=mode, cval=0.3,
                                                                               origin=origin))(WEIGHTS[:w]), want)
        # convolution (odd length, origin 0): out[i] = sum_j w[j] ext[i - j + w // 2]
        matrix, _ = _correlation_matrix(n, weights[:3][::-1], mode, 0)
        np.testing.assert_array_equal(wg.jacrev(lambda r: wnd.convolve1d(r, WEIGHTS[:3], mode=mode))(a[1]), matrix)


@pytest.mark.parametrize("mode", ["reflect", "mirror", "constant"])
def test_correlate_and_convolve_2d_matrices_are_exact(mode):
    rows, cols = IMAGE.shape
    w = [[Fraction(float(v)) for v in row] for row in WEIGHTS_2D]
    # out[i1, i2] = sum w[j1, j2] ext(i1 + j1 - 1) ext(i2 + j2 - 1) (weights 2 x 3: centres 1, 1)
    matrix = np.zeros((rows, cols, rows, cols))
    for i1 in range(rows):
        for i2 in range(cols):
            for j1 in range(2):
                for j2 in range(3):
                    k1, k2 = _extended(i1 + j1 - 1, rows, mode), _extended(i2 + j2 - 1, cols, mode)
                    if k1 is not None and k2 is not None:
                        matrix[i1, i2, k1, k2] += float(w[j1][j2])
    np.testing.assert_array_equal(wg.jacrev(lambda a: wnd.correlate(a, WEIGHTS_2D, mode=mode))(IMAGE), matrix)
    value, _ = wg.vjp(lambda a: wnd.convolve(a, WEIGHTS_2D, mode=mode), IMAGE)
    np.testing.assert_allclose(value, snd.convolve(IMAGE, WEIGHTS_2D, mode=mode), rtol=1e-15, atol=1e-15)


@pytest.mark.parametrize("order", [0, 1, 2])
def test_gaussian_weights_are_mpmaths(order):
    mpmath = pytest.importorskip("mpmath")
    mp = mpmath.mp
    sigma, n = 0.8, 7
    with mpmath.workdps(50):
        radius = int(4.0 * sigma + 0.5)
        xs = range(-radius, radius + 1)
        phi = [mp.exp(-mp.mpf(x) ** 2 / (2 * mp.mpf(sigma) ** 2)) for x in xs]
        total = sum(phi)
        s2 = mp.mpf(sigma) ** 2
        factor = {0: lambda x: 1, 1: lambda x: -x / s2, 2: lambda x: x ** 2 / s2 ** 2 - 1 / s2}[order]
        kernel = {x: factor(mp.mpf(x)) * p / total for x, p in zip(xs, phi)}
        # gaussian_filter1d: out[i] = sum_x kernel[x] ext[i - x] (a convolution with the kernel)
        matrix = [[mp.mpf(0)] * n for _ in range(n)]
        for i in range(n):
            for x in xs:
                matrix[i][_extended(i - x, n, "reflect")] += kernel[x]
    want = np.array([[float(v) for v in row] for row in matrix])
    got = wg.jacrev(lambda a: wnd.gaussian_filter1d(a, sigma, order=order))(np.zeros(n))
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-16)


def test_uniform_filters_dtypes_and_refusals():
    n = 5
    for size in (2, 3):
        matrix, _ = _correlation_matrix(n, [Fraction(1, size)] * size, "nearest", 0)
        np.testing.assert_allclose(wg.jacrev(lambda a: wnd.uniform_filter1d(a, size, mode="nearest"))(np.zeros(n)),
                                   matrix, rtol=1e-15)
    # float32 stays float32 (SciPy's output), per pass; complex; a negative axis
    a32 = IMAGE.astype(np.float32)
    value, _ = wg.vjp(lambda a: wnd.gaussian_filter(a, 1.0), a32)
    assert value.dtype == np.float32
    np.testing.assert_allclose(value, snd.gaussian_filter(a32, 1.0), rtol=1e-6)
    value, _ = wg.vjp(lambda a: wnd.uniform_filter1d(a, 3, axis=-2), IMAGE + 1j * IMAGE)
    np.testing.assert_allclose(value, snd.uniform_filter1d(IMAGE + 1j * IMAGE, 3, axis=-2), rtol=1e-15, atol=1e-15)
    with pytest.raises(ValueError, match="output must be None"):
        wg.grad_bp(lambda a: np.sum(wnd.correlate1d(a, WEIGHTS, output=np.empty(4))), np.ones(4))
    with pytest.raises(wg.NoGradientRule, match="sigma"):
        wg.grad_bp(lambda s: np.sum(wnd.gaussian_filter1d(np.ones(4), s)), 1.0)
    with pytest.raises(ValueError, match="Invalid origin"):
        wg.grad_bp(lambda a: np.sum(wnd.correlate1d(a, WEIGHTS, origin=2)), np.ones(4))
