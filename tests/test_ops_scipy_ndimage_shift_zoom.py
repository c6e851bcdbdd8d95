"""``scipy.ndimage.shift`` and ``zoom``: linear in the input and ``cval`` (every mode, orders 0, 1, 3,
with and without the prefilter), differentiable in the shift.

The truth comes from outside the code under test: the interpolant built from each mode's definition in
exact rationals (``fractions``): the mode's extension of the samples (order 0, 1) or of the B-spline
coefficients (order 3: the cubic B-spline ``beta3``; with the prefilter the coefficients solve the
interpolation conditions on the periodic extension the mode makes of the samples), at SciPy's coordinates
``i - shift`` and ``k (n - 1) / (m - 1)``; derivatives in the shift on dual numbers (``_Jet``).
"""
import math
import warnings
from fractions import Fraction

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.ndimage as snd  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.ndimage as wnd  # noqa: E402
from opcheck import case, crand, gradient_test, listing_test, rand  # noqa: E402
from test_ops_scipy_lfilter import _Jet  # noqa: E402
from test_ops_scipy_filtfilt import _solve  # noqa: E402

MODES = ("constant", "grid-constant", "nearest", "reflect", "grid-mirror", "mirror", "wrap", "grid-wrap")
IMAGE = rand((5,), seed=240)
IMAGE_2D = rand((4, 3), seed=241)

CASES = [
    case(wnd.shift, lambda a, s: wnd.shift(a, s, order=1, mode="reflect"), IMAGE_2D, np.array([0.3, -1.4]),
         id="shift-order1"),
    case(wnd.shift, lambda a, s, c: wnd.shift(a, s, cval=c), IMAGE, 1.3, 0.25, id="shift-order3-constant"),
    case(wnd.zoom, lambda a, c: wnd.zoom(a, (1.5, 0.7), order=3, mode="grid-constant", cval=c, grid_mode=True),
         IMAGE_2D, 0.4, id="zoom"),
    case(wnd.zoom, lambda a: wnd.zoom(a, 1.8, order=0, mode="mirror"), crand((3,), seed=242), id="zoom-complex"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(["ndimage.shift", "ndimage.zoom"],
                                                            [wnd.shift, wnd.zoom], CASES)


def _value(u):
    return u.p[0] if isinstance(u, _Jet) else u


def _extended(f, j, mode, cval):
    """Sample ``j`` (an integer) of the extension of ``f`` by ``mode``."""
    n = len(f)
    if mode == "grid-constant" and not 0 <= j < n:
        return cval
    if mode in ("nearest", "constant", "wrap", "grid-constant"):
        return f[min(max(j, 0), n - 1)]
    if mode == "grid-wrap":
        return f[j % n]
    if mode in ("reflect", "grid-mirror"):
        j %= 2 * n
        return f[j if j < n else 2 * n - 1 - j]
    if n == 1:
        return f[0]
    j %= 2 * n - 2  # mirror
    return f[j if j < n else 2 * n - 2 - j]


def _beta3(u):
    a = u if _value(u) >= 0 else -u
    if _value(a) < 1:
        return Fraction(2, 3) - a * a + a * a * a / 2
    if _value(a) < 2:
        return (2 - a) * (2 - a) * (2 - a) / 6
    return Fraction(0)


def _coefficients(f, mode):
    """The cubic spline coefficients of ``f`` for ``mode``'s prefilter: the interpolation conditions
    on the periodic extension (period 2n - 2 for mirror, whose boundary 'constant' and 'wrap' share;
    2n for reflect; n for grid-wrap)."""
    n = len(f)
    period = {"reflect": 2 * n, "grid-mirror": 2 * n, "grid-wrap": n}.get(mode, max(2 * n - 2, 1))
    g = [_extended(f, j, "grid-wrap" if mode == "grid-wrap" else ("reflect" if period == 2 * n else "mirror"), 0)
         for j in range(period)]
    if period < 3:
        return [v * Fraction(1) for v in g[:n]]  # (every B-spline sum is 1 on a constant)
    rows = [[Fraction(4, 6) if i == j else (Fraction(1, 6) if (i - j) % period in (1, period - 1) else 0)
             for j in range(period)] for i in range(period)]
    return _solve(rows, g)[:n]


def _interpolated(f, x, order, mode, cval, prefilter):
    n, v = len(f), _value(x)
    if mode == "wrap" and n > 1 and not 0 <= v <= n - 1:  # (legacy: moved by multiples of n - 1)
        x = x - (n - 1) * math.floor(v / (n - 1))
        v = _value(x)
    if mode == "constant" and not 0 <= v <= n - 1:
        return cval
    if order == 0:
        return _extended(f, math.floor(v + Fraction(1, 2)), mode, cval)
    if order == 1:
        i = math.floor(v)
        t = x - i
        return (1 - t) * _extended(f, i, mode, cval) + t * _extended(f, i + 1, mode, cval)
    c = _coefficients(f, mode) if prefilter else f
    spline_mode = "mirror" if mode in ("constant", "wrap") else mode
    i = math.floor(v)
    return sum(_extended(c, j, spline_mode, cval) * _beta3(x - j) for j in range(i - 1, i + 3))


def _exact(values, coordinates, order, mode, cval, prefilter):
    f = [Fraction(float(v)) for v in values]
    return [_interpolated(f, x, order, mode, Fraction(cval), prefilter) for x in coordinates]


def _matrix(n, coordinates, order, mode, prefilter):
    columns = [_exact(np.eye(n)[j], coordinates, order, mode, 0.0, prefilter) for j in range(n)]
    return np.array(columns, dtype=float).T


#: (order, prefilter) -> the modes checked against exact rationals; the others against SciPy's columns:
#: 'nearest' and 'grid-constant' pad 12 samples before SciPy's prefilter; SciPy 1.17's prefilter in 'reflect'
#: and 'grid-mirror' is off by about |z|^(2n) (z = sqrt(3) - 2) at small n (8.9e-7 at n = 5: its causal
#: initialization reads a sample it has already changed, scipy/scipy#24550, fixed after 1.17), which
#: wengert's traced path, SciPy's filter of the identity, shares
EXACT = {(0, True): MODES, (1, True): MODES, (3, False): MODES, (3, True): ("constant", "mirror", "wrap", "grid-wrap")}


@pytest.mark.parametrize("order, prefilter", list(EXACT))
def test_linear_in_the_input_exactly(order, prefilter):
    n = IMAGE.shape[0]
    for mode in MODES:
        for s in (1.25, -2.375):  # (coordinates beyond both ends, off the switching points)
            coordinates = [Fraction(k) - Fraction(s) for k in range(n)]
            f = lambda a: wnd.shift(a, s, order=order, mode=mode, cval=0.5, prefilter=prefilter)  # noqa: E731
            np.testing.assert_array_equal(f(IMAGE), snd.shift(IMAGE, s, order=order, mode=mode, cval=0.5,
                                                              prefilter=prefilter))
            jac = wg.jacrev(f)(IMAGE)
            if mode in EXACT[order, prefilter]:
                truth = _matrix(n, coordinates, order, mode, prefilter)
            else:  # (nearest, grid-constant: SciPy pads 12 samples before its prefilter: its columns)
                truth = np.array([snd.shift(e, s, order=order, mode=mode, prefilter=prefilter) for e in np.eye(n)]).T
            np.testing.assert_allclose(jac, truth, rtol=1e-13, atol=1e-14, err_msg=f"{mode} {s}")
            value = wg.vjp(f, IMAGE)[0]
            want = np.array(_exact(IMAGE, coordinates, order, mode, 0.5, prefilter), dtype=float)
            if mode in EXACT[order, prefilter]:
                np.testing.assert_allclose(value, want, rtol=1e-13, atol=1e-14, err_msg=f"{mode} {s}")


@pytest.mark.parametrize("grid_mode", [False, True])
def test_zoom_is_linear_exactly(grid_mode):
    n = IMAGE.shape[0]
    for m, factor in ((8, 1.6), (3, 0.6)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # (SciPy's advice for grid_mode with 'constant', 'wrap')
            for mode in ("constant", "reflect", "mirror", "grid-wrap"):
                top, bottom = (n, m) if grid_mode else (n - 1, m - 1)
                coordinates = [(k + Fraction(1, 2)) * Fraction(top / bottom) - Fraction(1, 2) if grid_mode
                               else k * Fraction(top / bottom) for k in range(m)]
                for order in (1, 3) if mode != "reflect" else (1,):
                    f = lambda a: wnd.zoom(a, factor, order=order, mode=mode, grid_mode=grid_mode)  # noqa: E731
                    np.testing.assert_array_equal(f(IMAGE), snd.zoom(IMAGE, factor, order=order, mode=mode,
                                                                     grid_mode=grid_mode))
                    np.testing.assert_allclose(wg.jacrev(f)(IMAGE), _matrix(n, coordinates, order, mode, True),
                                               rtol=1e-13, atol=1e-14, err_msg=f"{mode} {order} {m}")


@pytest.mark.parametrize("order", [1, 3])
def test_derivatives_in_the_shift_are_exact(order):
    f = [Fraction(float(v)) for v in IMAGE]
    weights = np.array([1.0, -2.0, 0.5, 3.0, 0.25])
    for mode in ("mirror", "grid-wrap", "constant"):
        s = 0.625

        def loss(s):
            return np.sum(weights * wnd.shift(IMAGE, s, order=order, mode=mode))
        exact = [_interpolated(f, k - _Jet(Fraction(s), 1, 1), order, mode, Fraction(0), True) for k in range(5)]
        truth = [float(sum(Fraction(float(w)) * _Jet.of(v).p[d] for w, v in zip(weights, exact))) for d in (1, 3)]
        assert wg.grad(loss)(s) == pytest.approx(truth[0], rel=1e-13, abs=1e-14)
        if order == 3:  # (order 1 is piecewise linear: its second derivative 0)
            assert wg.grad(wg.grad(loss))(s) == pytest.approx(truth[1], rel=1e-13, abs=1e-14)
            assert wg.hessian(lambda v: loss(v[1]))(np.array([0.0, s]))[1, 1] == pytest.approx(truth[1], rel=1e-13)


def test_edges_dtypes_and_refusals():
    # order 0: the derivative in the shift is 0, refused where the nearest sample switches
    assert wg.grad(lambda s: np.sum(wnd.shift(IMAGE, s, order=0, mode="nearest")))(0.3) == 0.0
    with pytest.raises(wg.NoGradientRule, match="switches"):
        wg.grad(lambda s: np.sum(wnd.shift(IMAGE, s, order=0, mode="nearest")))(0.5)
    with pytest.raises(wg.NoGradientRule, match="zoom"):
        wg.grad(lambda z: np.sum(wnd.zoom(IMAGE, z)))(1.5)
    # size 1, empty, a negative shift per axis, float32, complex
    one = np.array([2.0])
    jac = wg.jacrev(lambda a: wnd.shift(a, 0.3, order=3, mode="mirror"))(one)  # (the B-spline weights' sum)
    np.testing.assert_allclose(jac, [[1.0]], rtol=4e-16)
    assert wg.vjp(lambda a: wnd.zoom(a, 0.1), IMAGE[:3])[0].shape == (0,)
    got = wg.jacrev(lambda a: wnd.shift(a, [-1.5, 0.25], order=1, mode="grid-wrap"))(IMAGE_2D)
    rows = _matrix(4, [k + Fraction(3, 2) for k in range(4)], 1, "grid-wrap", True)
    cols = _matrix(3, [k - Fraction(1, 4) for k in range(3)], 1, "grid-wrap", True)
    np.testing.assert_allclose(got.reshape(12, 12), np.kron(rows, cols), rtol=1e-14, atol=1e-15)
    x32 = IMAGE.astype(np.float32)
    got = wg.vjp(lambda a: wnd.shift(a, 0.3, order=3, mode="mirror"), x32)[0]
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, snd.shift(x32, 0.3, order=3, mode="mirror"), rtol=1e-6)
    z = IMAGE + 0.5j * IMAGE[::-1]
    got = wg.vjp(lambda a: wnd.shift(a, 0.3, order=1, mode="reflect"), z)[0]
    np.testing.assert_allclose(got, snd.shift(z, 0.3, order=1, mode="reflect"), rtol=1e-14)


def _third_derivative_left(f, e, mode):
    """The third derivative of the exact cubic (no prefilter) just left of ``e``: the backward third difference
    of its piece there (a cubic: exact), its steps within the piece."""
    h = Fraction(1, 2 ** 40)
    values = [_interpolated(f, e - k * h, 3, mode, Fraction(0), False) for k in range(4)]
    return -(values[3] - 3 * values[2] + 3 * values[1] - values[0]) / h ** 3


def test_a_shift_whose_coordinate_rounds_onto_a_sample_takes_the_cell_of_the_exact_one():
    # k - s rounds onto the sample k from the right (s = 1e-300, 2^-1074; at k = 4, s = 1 + 2^-52: a tie):
    # the exact coordinate lies in the cell left of it, and so do the derivatives (the values SciPy's, of
    # the rounded coordinate); s = -1e-300 rounds down, onto the cell right of it
    f = [Fraction(float(v)) for v in IMAGE]
    weights = np.array([1.0, -2.0, 0.5, 3.0, 0.25])
    for s, modes in ((1e-300, ("constant", "mirror", "grid-wrap")), (5e-324, ("nearest",)),
                     (1.0 + 2.0 ** -52, ("constant", "reflect")), (-1e-300, ("constant", "grid-wrap"))):
        for mode in modes:
            def loss(s, a=IMAGE, order=1):
                return np.sum(weights * wnd.shift(a, s, order=order, mode=mode, prefilter=False))
            for order in (1, 3):
                out = wnd.shift(IMAGE, s, order=order, mode=mode, prefilter=False)
                np.testing.assert_array_equal(out, snd.shift(IMAGE, s, order=order, mode=mode, prefilter=False))
            if s < 0 and mode == "constant":  # (4 + 1e-300 rounds onto the last sample, beyond which is cval)
                with pytest.raises(wg.NoGradientRule, match="jumps"):
                    wg.grad(loss)(s)
                continue
            exact = [_interpolated(f, k - _Jet(Fraction(s), 1, 0), 1, mode, Fraction(0), False) for k in range(5)]
            truth = float(sum(Fraction(float(w)) * _Jet.of(v).p[1] for w, v in zip(weights, exact)))
            assert wg.grad(loss)(s) == pytest.approx(truth, rel=1e-15), (s, mode)
            assert wg.jvp(loss, (s,), (1.0,))[1] == pytest.approx(truth, rel=1e-15), (s, mode)
            # the mixed second derivative in the samples and the shift: the left cell's weights' slopes
            mixed = wg.grad(lambda a: wg.grad(lambda t: loss(t, a))(s))(IMAGE)
            for j in (1, 3):
                jet = [_Jet(v, 0, 1) if i == j else v for i, v in enumerate(f)]
                exact = [_interpolated(jet, k - _Jet(Fraction(s), 1, 0), 1, mode, Fraction(0), False) for k in range(5)]
                assert mixed[j] == pytest.approx(float(sum(Fraction(float(w)) * _Jet.of(v).p[3] for w, v in zip(weights, exact))),
                                                 rel=1e-15, abs=1e-300), (s, mode, j)
            if s == 1e-300:  # order 3: its third derivative jumps at the samples (the second is continuous)
                third = wg.grad(wg.grad(wg.grad(lambda t: loss(t, order=3))))(s)
                truth = float(sum(-Fraction(float(w)) * _third_derivative_left(f, k - Fraction(s), mode)
                                  for k, w in enumerate(weights)))  # (d/ds of F(k - s): -F')
                assert third == pytest.approx(truth, rel=1e-12), (s, mode)
    # a sample that is not finite beside such a point: the exact interpolant is not finite there, refused
    with pytest.raises(wg.NoGradientRule, match="not finite"):
        wg.grad(lambda s: wnd.shift(np.array([0.0, np.inf, 4.0]), s, order=1, mode="nearest")[2])(1e-300)
