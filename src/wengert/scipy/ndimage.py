"""``scipy.ndimage``, as wengert differentiates it: ``map_coordinates`` of every order,
``spline_filter`` and ``spline_filter1d``; the linear filters ``correlate1d``, ``convolve1d``,
``correlate``, ``convolve``, ``uniform_filter1d``, ``uniform_filter``, ``gaussian_filter1d`` and
``gaussian_filter`` (every mode: the input extended by ``numpy.pad`` as SciPy extends it, then a sum of
shifted products, differentiable in the input, the weights and ``cval``); ``shift`` and ``zoom``
(``map_coordinates`` at SciPy's grid of coordinates: in the input and ``cval``, and in the shift).

SciPy's ``map_coordinates`` converts its arguments to arrays, which a Var refuses; this one
takes the same arguments and gives SciPy's values. Called with plain values it is SciPy's
own (every order); with a Var among ``input``, ``coordinates`` and ``cval`` it is written
with differentiable calls (gathers from ``input`` and interpolation weights), so it is
differentiable in all three to every order, for ``order=0`` (nearest sample), ``order=1``
(linear) and the B-splines of orders 2 to 5, in every ``mode``. The spline
prefilter is linear in its input: SciPy's recursive filter, applied to the identity, gives
its matrix along each axis, which wengert applies with a differentiable product.

>>> import numpy as np, wengert as wg, wengert.scipy.ndimage as wnd
>>> image = np.array([1.0, 2.0, 4.0])
>>> float(wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=1)[0], np.array([[1.5]]))[0, 0])
2.0

.. versionadded:: 0.1
"""
import warnings as _warnings
from typing import Any as _Any

import numpy as _np
from scipy import ndimage as _ndimage

from ..errors import NoGradientRule as _NoGradientRule
from ..primitive import bind as _bind
from ..primitive import defcomposite as _defcomposite
from ..primitive import no_such_name as _no_such_name
from ..structured import is_traced as _is_traced, peek as _peek, plain_tree as _stop_gradient
from ..structured import stop_gradient as _constant

#: SciPy's names of the boundary modes -> the extension wengert computes (``grid-mirror`` is
#: ``reflect``; ``wrap`` is SciPy's legacy periodic mode of period n - 1, ``grid-wrap`` of n).
_MODES = {"constant": "constant", "grid-constant": "grid-constant", "nearest": "nearest",
          "reflect": "reflect", "grid-mirror": "reflect", "mirror": "mirror", "wrap": "wrap",
          "grid-wrap": "grid-wrap"}


def _extended(i, n, mode):
    """The index into an axis of length ``n`` of sample ``i`` (integers, any) of its extension
    by ``mode``, and where that sample is inside (``grid-constant``: elsewhere it is cval)."""
    inside = (i >= 0) & (i < n)
    if mode in ("constant", "grid-constant", "nearest", "wrap"):
        return _np.clip(i, 0, n - 1), inside
    if mode == "grid-wrap":
        return _np.mod(i, n), inside
    if mode == "reflect":  # d c b a | a b c d | d c b a
        j = _np.mod(i, 2 * n)
        return _np.where(j < n, j, 2 * n - 1 - j), inside
    if n == 1:  # mirror
        return _np.zeros_like(i), inside
    j = _np.mod(i, 2 * (n - 1))  # d c b | a b c d | c b a
    return _np.where(j < n, j, 2 * (n - 1) - j), inside


def _mapped(x, n, mode, order):
    """The coordinate ``x`` (plain) moved into the axis as SciPy moves it before it rounds
    (order 0; its ``map_coordinate``: reflections and periods, with C's truncating casts)
    or interpolates (legacy ``wrap``; the other modes interpolate on the extension)."""
    if order == 1 and mode != "wrap" or mode in ("constant", "grid-constant"):
        return x
    if n <= 1:
        return _np.zeros_like(x)
    low, high = x < 0, x > n - 1
    if mode == "nearest":
        return _np.clip(x, 0, n - 1)
    if mode == "mirror":
        period = 2 * n - 2
        below = period * _np.trunc(-x / period) + x
        below = _np.where(below <= 1 - n, below + period, -below)
        above = x - period * _np.trunc(x / period)
        above = _np.where(above >= n, period - above, above)
    elif mode == "reflect":
        period = 2 * n
        below = _np.where(x < -period, period * _np.trunc(-x / period) + x, x)
        below = _np.where(below < -n, below + period, _np.where(below > -1e-15, 1e-15, -below) - 1)
        above = x - period * _np.trunc(x / period)
        above = _np.where(above >= n, period - above - 1, above)
    elif mode == "wrap":
        period = n - 1
        below = x + period * (_np.trunc(-x / period) + 1)
        above = x - period * _np.trunc(x / period)
    else:  # grid-wrap
        below = x + n * (_np.trunc((-1 - x) / n) + 1)
        above = x - n * _np.trunc(x / n)
    return _np.where(low, below, _np.where(high, above, x))


def _refuse_switching_points(x, n, mode, order, axis, left=None):
    """Refuse traced coordinates where the interpolant has no (one-sided, right) derivative.
    ``left`` (plain booleans or None): where the exact coordinate lies just left of ``x``, its
    rounding (:func:`shift`'s ``i - shift``): 'constant''s last sample is then inside, its first outside."""
    at = _np.zeros(_np.shape(x), dtype=bool)
    if order == 0:
        at |= _np.floor(x + 0.5) == x + 0.5
        why = "the nearest sample switches there (or the edge of the input)"
    else:
        why = "the interpolant jumps just right of it"
    if mode == "constant":
        if order == 0 or left is None:
            at |= (x == n - 1) | ((order == 0) & (x == 0))
        else:
            at |= (x == n - 1) & ~left | (x == 0) & left
            why = "the interpolant jumps there (the exact coordinate lies within a rounding of the input's edge)"
    if mode == "wrap" and n > 1:
        at |= _np.mod(x, n - 1) == 0
    if _np.any(at):
        where = x[at].flat[0]
        raise _NoGradientRule(
            f"wengert.scipy.ndimage.map_coordinates (order={order}, mode={mode!r}) has no derivative in "
            f"the coordinates at {where!r} on axis {axis} (of length {n}): {why}. Move the coordinate "
            "off that point, or pass the coordinates as constants (wengert.stop_gradient)")


def _left_cells(right, left, down):
    """SciPy's value ``right`` (the cell or window right of a rounded knot) with the derivatives of
    ``left`` (the one left of it, where the exact coordinate lies) where ``down``: ``right``'s value
    minus ``left``'s (0) plus ``left``, so the value keeps its bits (refused where ``left`` is not finite:
    a sample it weighs by 0 is, and the exact interpolant's slope there is not a number)."""
    plain = _np.asarray(_stop_gradient(left))
    if not _np.all(_np.isfinite(plain[down])):
        raise _NoGradientRule(
            "wengert.scipy.ndimage.map_coordinates has no derivative in the coordinates at a point whose exact "
            "coordinate lies just left of a sample (rounded onto it) next to a sample that is not finite: the "
            "interpolant there is not finite, its slope not a number. Pass the coordinates (the shift) as "
            "constants (wengert.stop_gradient), or make the samples finite")
    return _np.where(down, _constant(right) - (_constant(left) - left), right)


def map_coordinates(input, coordinates, output=None, order=3, mode="constant", cval=0.0, prefilter=True):
    """``input`` sampled at ``coordinates`` (``coordinates[k]`` the positions along axis
    ``k``), as ``scipy.ndimage.map_coordinates``. Differentiable, to every order, in
    ``input``, ``coordinates`` and ``cval`` for ``order=0`` and ``order=1``, in every
    ``mode`` (``constant``, ``grid-constant``, ``nearest``, ``reflect`` / ``grid-mirror``,
    ``mirror``, ``wrap``, ``grid-wrap``); with plain arguments it is SciPy's own call.

    ``order=1`` is linear in ``input`` and piecewise (multi)linear in the coordinates:
    within the cell ``[i, i + 1)`` of ``i = floor(x)`` it is SciPy's formula ``(1 - t)
    a[i] + t a[i + 1]`` (``t = x - i``, the samples outside the input those of ``mode``'s
    extension), so at a sample (integer ``x``) the derivative in ``x`` is the right-hand
    one, that of the cell to the right. Where the function jumps just right of a point
    (``mode='constant'`` at the last sample ``n - 1``, beyond which it is ``cval``;
    ``mode='wrap'`` at multiples of ``n - 1``) a traced coordinate raises
    :class:`~wengert.NoGradientRule`. ``order=0`` takes the nearest sample: its derivative in
    the coordinates is 0, refused where the nearest sample switches (half-integers; and in
    ``mode='constant'`` at 0 and ``n - 1``). ``output`` must be None with Vars.

    ``order=2`` to ``5``: SciPy's B-spline interpolation, of the coefficients its
    prefilter gives (``prefilter=True``: linear in ``input``, and in ``cval`` for
    'grid-constant', whose padding is cval; :func:`spline_filter`) or of ``input`` itself.
    It is smooth in the coordinates (a spline of degree ``order``, ``order - 1`` times
    continuously differentiable, also across the edges in the modes that extend the
    coefficients by symmetry or periodically); at a knot (an integer coordinate for odd
    orders, a half-integer for even ones) the derivatives of order ``order`` and above are
    those of the window SciPy uses there, the right-hand one. Where the function jumps
    (``mode='constant'`` at ``n - 1``, beyond which it is cval; legacy ``'wrap'`` at multiples
    of ``n - 1``) a traced coordinate is refused, as for ``order=1``.

    >>> import numpy as np, wengert as wg, wengert.scipy.ndimage as wnd
    >>> image = np.array([[0.0, 1.0], [2.0, 3.0]])
    >>> wnd.map_coordinates(image, np.array([[0.5], [0.25]]), order=1)
    array([1.25])
    >>> wg.grad_bp(lambda a: wnd.map_coordinates(a, np.array([[0.5], [0.25]]), order=1)[0], image)
    array([[0.375, 0.125],
           [0.375, 0.125]])

    .. versionadded:: 0.1
    """
    return _map_coordinates(input, coordinates, output, order, mode, cval, prefilter)


def _map_coordinates(input, coordinates, output, order, mode, cval, prefilter, left=None):
    """:func:`map_coordinates`; ``left`` (None, or plain booleans per axis shaped as the coordinates): where
    the exact coordinate (:func:`shift`'s ``i - shift``) lies left of its rounding ``x``, so that where ``x``
    is a knot (a sample for order 1) the derivatives are those of the cell or window left of it, where the
    exact coordinate lies (the value SciPy's, of the rounded one)."""
    if not any(_is_traced(value) for value in (input, coordinates, cval)):
        return _ndimage.map_coordinates(input, coordinates, output=output, order=order, mode=mode,
                                        cval=cval, prefilter=prefilter)
    if order < 0 or order > 5:
        raise RuntimeError("spline order not supported")  # (SciPy's error)
    if output is not None:
        raise ValueError("wengert.scipy.ndimage.map_coordinates: output must be None with Vars "
                         "(the result is a new array)")
    if mode not in _MODES:
        raise RuntimeError("boundary mode not supported")  # (SciPy's error)
    if order > 1:
        scipy_mode, mode = mode, _MODES[mode]
    else:
        mode = _MODES[mode]
    shape = _np.shape(_peek(input))  # (the shape: no wengert.jit guard on the values)
    plain_coordinates = _np.asarray(_stop_gradient(coordinates), dtype=float)
    if plain_coordinates.ndim < 1 or plain_coordinates.shape[0] != len(shape):
        raise RuntimeError("invalid shape for coordinate array")  # (SciPy's error)
    if 0 in shape:
        raise RuntimeError("input and output rank must be > 0")
    traced_coordinates = _is_traced(coordinates)
    if not traced_coordinates:
        left = None  # (the cells either side of a sample give the same weights of the input and cval)
    if order > 1:
        return _spline_map(input, coordinates, order, scipy_mode, cval, prefilter, shape, plain_coordinates, left)
    indices, weights, inside = [], [], _np.ones(plain_coordinates.shape[1:], dtype=bool)
    down = _np.zeros(plain_coordinates.shape[1:], dtype=bool)
    left_indices, left_weights = [], []
    for axis, n in enumerate(shape):
        plain_x = plain_coordinates[axis]
        left_here = None if left is None else left[axis]
        if traced_coordinates:
            _refuse_switching_points(plain_x, n, mode, order, axis, left_here)
        if mode == "constant":
            inside &= (plain_x >= 0) & (plain_x <= n - 1)
        mapped = _mapped(plain_x, n, mode, order)
        if order == 0:
            indices.append([_np.floor(mapped + 0.5).astype(_np.intp)])
            weights.append([None])
            continue
        base = _np.floor(mapped)
        # x - floor(x), with x moved by what legacy 'wrap' adds (a plain shift: slope 1)
        t = coordinates[axis] + (mapped - plain_x) - base
        indices.append([base.astype(_np.intp), base.astype(_np.intp) + 1])
        weights.append([1.0 - t, t])
        # the cell left of a sample where the exact coordinate lies left of it: t = 1 there
        moves = _np.zeros(_np.shape(base), _np.intp) if left_here is None else (left_here & (mapped == base)).astype(_np.intp)
        down |= moves.astype(bool)
        left_indices.append([index - moves for index in indices[-1]])
        left_weights.append([1.0 - (t + moves), t + moves])
    result = _corner_sum(input, indices, weights, shape, mode, cval)
    if _np.any(down):
        with _np.errstate(invalid="ignore"):  # (0 * inf beside a sample that is not finite: refused next)
            left_result = _corner_sum(input, left_indices, left_weights, shape, mode, cval)
        result = _left_cells(result, left_result, down)
    if mode == "constant":
        result = _np.where(inside, result, cval)
    return result


def _corner_sum(input, indices, weights, shape, mode, cval):
    """The sum over the cell's corners of their samples (``mode``'s extension) times the weights."""
    result = 0.0
    for corner in _np.ndindex(*(len(w) for w in weights)):
        position, valid = [], True
        weight = None
        for axis, k in enumerate(corner):
            index, inside_axis = _extended(indices[axis][k], shape[axis], mode)
            position.append(index)
            valid = valid & inside_axis
            w = weights[axis][k]
            weight = w if weight is None else (weight if w is None else weight * w)
        sample = input[tuple(position)]
        if mode == "grid-constant":
            sample = _np.where(valid, sample, cval)
        result = result + (sample if weight is None else weight * sample)
    return result


# -- the B-splines of orders 2 to 5, and their prefilter ----------------------------------

#: SciPy pads the input by this many samples (its edge, or cval) before the spline prefilter in
#: the modes whose recursive filter has no exact boundary condition ('nearest', 'grid-constant')
_SPLINE_PAD = 12


def _filter_matrix(n, order, mode):
    """SciPy's spline prefilter along an axis of length ``n``, as a matrix (plain): its recursive
    filter is linear, so applied to the identity it gives the matrix's columns."""
    return _ndimage.spline_filter1d(_np.eye(n), order, axis=0, mode=mode)


def _along(matrix, x, axis):
    """``matrix`` applied to ``x`` along ``axis`` (differentiable in ``x``)."""
    return _np.moveaxis(_np.tensordot(matrix, _np.moveaxis(x, axis, 0), axes=1), 0, axis)


def _spline_weights(u, order):
    """The weights of the ``order + 1`` coefficients of a window, at the offset ``u`` in [0, 1)
    (polynomials in ``u``, differentiable): the cardinal B-spline ``M_order(u + order - l)`` of
    its ``l``-th coefficient, by the recurrence ``M_d(x) = (x M_{d-1}(x) + (d + 1 - x)
    M_{d-1}(x - 1)) / d`` on the values ``M_d(u + j)``, ``j = 0..d``."""
    values: list = [1.0]
    for d in range(1, order + 1):
        values = [((u + j) * (values[j] if j < d else 0.0) + (d + 1 - u - j) * (values[j - 1] if j else 0.0)) / d
                  for j in range(d + 1)]
    return values[::-1]


def _spline_coefficients(input, order, mode, cval, shape):
    """SciPy's prefiltered coefficients of ``input`` (padded first in 'nearest' and
    'grid-constant', as SciPy pads), and the padding."""
    if mode not in ("nearest", "grid-constant"):
        padded, npad = input, 0
    elif mode == "nearest":
        padded, npad = _np.pad(input, _SPLINE_PAD, mode="edge"), _SPLINE_PAD
    else:  # cval around the input: the padding of zeros, plus cval times a mask of it (exact inside)
        npad = _SPLINE_PAD
        mask = _np.pad(_np.zeros(shape), npad, constant_values=1.0)
        padded = _np.pad(input, npad) + cval * mask
    for axis, n in enumerate(_np.shape(_peek(padded))):  # (shapes: no wengert.jit guard)
        padded = _along(_filter_matrix(n, order, mode), padded, axis)
    return padded, npad


def _spline_map(input, coordinates, order, mode, cval, prefilter, shape, plain_coordinates, left=None):
    """``map_coordinates`` of ``order`` 2 to 5: the sum over a window of ``order + 1``
    coefficients per axis of their B-spline weights (SciPy's window: from ``floor(x) -
    order // 2``, ``floor(x + 1/2) - order // 2`` for an even order), the coefficients beyond
    the edges those of ``mode``'s extension ('constant' and legacy 'wrap': the mirror's, with
    cval outside [0, n - 1], and the coordinate moved by multiples of n - 1, as SciPy does).
    ``left``: as :func:`_map_coordinates`' (at a knot the window one to the left, at the offset 1)."""
    if prefilter:
        coefficients, npad = _spline_coefficients(input, order, mode, cval, shape)
    else:
        coefficients, npad = input, 0
    extension = "mirror" if mode in ("constant", "wrap") else _MODES[mode]
    traced_coordinates = _is_traced(coordinates)
    inside = _np.ones(plain_coordinates.shape[1:], dtype=bool)
    down = _np.zeros(plain_coordinates.shape[1:], dtype=bool)
    starts, weights, left_starts, left_weights = [], [], [], []
    for axis, n in enumerate(shape):
        plain_x = plain_coordinates[axis]
        left_here = None if left is None else left[axis]
        if traced_coordinates:
            _refuse_switching_points(plain_x, n, _MODES[mode], order, axis, left_here)
        if mode == "constant":
            inside &= (plain_x >= 0) & (plain_x <= n - 1)
        moved = _mapped(plain_x, n, "wrap", order) if mode == "wrap" else plain_x + npad
        half = 0.0 if order % 2 else 0.5
        base = _np.floor(moved + half)
        # the offset in the window, with the coordinate moved by the plain shifts (slope 1)
        u = coordinates[axis] + (moved - plain_x) + half - base
        weights.append(_spline_weights(u, order))
        starts.append(base.astype(_np.intp) - order // 2)
        # the window left of a knot where the exact coordinate lies left of it: the offset 1 there
        moves = _np.zeros(_np.shape(base), _np.intp) if left_here is None else (
            left_here & (moved + half == base)).astype(_np.intp)
        down |= moves.astype(bool)
        left_starts.append(starts[-1] - moves)
        left_weights.append(weights[-1] if not _np.any(moves) else _spline_weights(u + moves, order))
    padded_shape = tuple(n + 2 * npad for n in shape)
    result = _window_sum(coefficients, starts, weights, padded_shape, order, extension, mode, cval)
    if _np.any(down):
        with _np.errstate(invalid="ignore"):  # (as in _map_coordinates)
            left_result = _window_sum(coefficients, left_starts, left_weights, padded_shape, order, extension, mode,
                                      cval)
        result = _left_cells(result, left_result, down)
    if mode == "constant":
        result = _np.where(inside, result, cval)
    return result


def _window_sum(coefficients, starts, weights, padded_shape, order, extension, mode, cval):
    """The sum over the windows of ``order + 1`` coefficients per axis (``extension``'s) times the weights."""
    result = 0.0
    for corner in _np.ndindex(*((order + 1,) * len(padded_shape))):
        position, valid, weight = [], True, None
        for axis, k in enumerate(corner):
            index, inside_axis = _extended(starts[axis] + k, padded_shape[axis], extension)
            position.append(index)
            valid = valid & inside_axis
            weight = weights[axis][k] if weight is None else weight * weights[axis][k]
        sample = coefficients[tuple(position)]
        if mode == "grid-constant":  # (beyond the padding: cval)
            sample = _np.where(valid, sample, cval)
        result = result + weight * sample
    return result


def spline_filter1d(input, order=3, axis=-1, output=_np.float64, mode="mirror"):
    """SciPy's B-spline prefilter of ``order`` along ``axis``, as
    ``scipy.ndimage.spline_filter1d``: linear in ``input``, so differentiable in it to every
    order (the filter's matrix, SciPy's recursive filter applied to the identity, applied
    along the axis); with a plain input it is SciPy's own call. Orders 0 and 1 are the
    identity.

    >>> import numpy as np, wengert as wg, wengert.scipy.ndimage as wnd
    >>> wnd.spline_filter1d(np.array([0.0, 6.0, 0.0]), order=3)
    array([-6., 12., -6.])
    >>> wg.grad_bp(lambda a: wnd.spline_filter1d(a, order=3)[1], np.zeros(3))  # the filter's row
    array([-0.5,  2. , -0.5])

    .. versionadded:: 0.1
    """
    if not _is_traced(input):
        return _ndimage.spline_filter1d(input, order, axis=axis, output=output, mode=mode)
    if order < 0 or order > 5:
        raise RuntimeError("spline order not supported")  # (SciPy's error)
    _refuse_output(output, "spline_filter1d")
    if order in (0, 1):
        return input + 0.0
    shape = _np.shape(_peek(input))  # (the shape: no wengert.jit guard)
    axis = _filter_axis(axis, len(shape))
    return _along(_filter_matrix(shape[axis], order, mode), input, axis)


def spline_filter(input, order=3, output=_np.float64, mode="mirror"):
    """SciPy's multidimensional B-spline prefilter, as ``scipy.ndimage.spline_filter``:
    :func:`spline_filter1d` along every axis (linear: differentiable in ``input``).

    >>> import numpy as np, wengert as wg, wengert.scipy.ndimage as wnd
    >>> wnd.spline_filter(np.array([[0.0, 0.0], [0.0, 1.0]]), order=2).round(6)
    array([[ 0.25, -0.75],
           [-0.75,  2.25]])

    .. versionadded:: 0.1
    """
    if not _is_traced(input):
        return _ndimage.spline_filter(input, order, output=output, mode=mode)
    if order < 2 or order > 5:
        raise RuntimeError("spline order not supported")  # (SciPy's error)
    _refuse_output(output, "spline_filter")
    for axis in range(_np.ndim(_peek(input))):
        input = spline_filter1d(input, order, axis, mode=mode)
    return input


def _refuse_output(output, name):
    if output is not _np.float64 and _np.dtype(output) != _np.float64:
        raise ValueError(f"wengert.scipy.ndimage.{name}: output must be float64 (the default) with Vars "
                         "(the result is a new array)")


# -- the linear filters: the input extended by the mode (numpy.pad), then a sum of shifted products --

#: ndimage's boundary modes as numpy.pad's (each extends the input as SciPy's filters do, also by more
#: than its length; 'constant' pads with cval)
_PAD_MODES = {"reflect": "symmetric", "grid-mirror": "symmetric", "mirror": "reflect", "nearest": "edge",
              "wrap": "wrap", "grid-wrap": "wrap", "constant": "constant", "grid-constant": "constant"}


def _filter_axis(axis, ndim):
    if not -ndim <= axis < ndim:
        raise _np.exceptions.AxisError(axis, ndim) if hasattr(_np, "exceptions") else ValueError(
            f"axis {axis} is out of bounds")
    return axis % ndim


def _padded(input, axis, before, after, mode, cval):
    """``input`` extended along ``axis`` by ``mode`` (``cval`` differentiable for 'constant')."""
    widths = [(0, 0)] * _np.ndim(_peek(input))
    widths[axis] = (before, after)
    if _PAD_MODES[mode] != "constant":
        return _np.pad(input, widths, mode=_PAD_MODES[mode])
    padded = _np.pad(input, widths)
    if _is_traced(cval) or cval != 0:
        padded = padded + cval * _np.pad(_np.zeros(_np.shape(_peek(input))), widths, constant_values=1.0)
    return padded


def _correlate_along(input, weights, axis, mode, cval, origin):
    """SciPy's ``correlate1d``: ``out[i] = sum_j weights[j] ext[i + j - w // 2 - origin]``, ``ext``
    the input extended by ``mode``, as a sum of ``w`` shifted products (linear in the input,
    bilinear with the weights; O(n w))."""
    w = _np.shape(_peek(weights))[0]
    if not -(w // 2) <= origin <= (w - 1) // 2:
        raise ValueError("Invalid origin; origin must satisfy -(weights.shape[k] // 2) <= origin[k] <= "
                         "(weights.shape[k]-1) // 2")
    n = _np.shape(_peek(input))[axis]
    before = w // 2 + origin
    padded = _padded(input, axis, before, w - 1 - before, mode, cval)
    out = 0.0
    for j in range(w):
        index = [slice(None)] * _np.ndim(_peek(input))
        index[axis] = slice(j, j + n)
        out = out + weights[j] * padded[tuple(index)]
    return out


def _check_filter(input, mode, output, name):
    if mode not in _PAD_MODES:
        raise RuntimeError("boundary mode not supported")  # (SciPy's error)
    if output is not None:
        raise ValueError(f"wengert.scipy.ndimage.{name}: output must be None with Vars (the result is a new array)")


def _as_float(input):
    kind = _np.result_type(_peek(input)).kind
    return input if kind in "fc" else input.astype(float)


def _in_dtype_of(out, input, weights):
    """``out`` in ``input``'s single precision, as SciPy writes its output (computed in double)."""
    dtype = _np.result_type(_peek(input))
    if dtype in (_np.float32, _np.complex64) and not _np.iscomplexobj(_peek(weights)):
        return out.astype(dtype)
    return out


def correlate1d(input, weights, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
    """``scipy.ndimage.correlate1d``: the correlation of ``input`` with ``weights`` along ``axis``,
    the input extended by ``mode`` (every mode) beyond its edges. Linear in ``input``, and in
    ``weights`` and ``cval``: differentiable in all three to every order (the extension by
    ``numpy.pad``, then a sum of shifted products); with plain arguments it is SciPy's own.

    >>> import numpy as np, wengert as wg, wengert.scipy.ndimage as wnd
    >>> wnd.correlate1d(np.array([1.0, 2.0, 4.0]), np.array([1.0, -1.0]))
    array([ 0., -1., -2.])
    >>> wg.grad_bp(lambda a: wnd.correlate1d(a, np.array([1.0, -1.0]))[0], np.ones(3))  # (reflect: a[0] twice)
    array([0., 0., 0.])

    .. versionadded:: 0.1
    """
    if not any(_is_traced(v) for v in (input, weights, cval)):
        return _ndimage.correlate1d(input, weights, axis=axis, output=output, mode=mode, cval=cval, origin=origin)
    _check_filter(input, mode, output, "correlate1d")
    if _np.ndim(_peek(weights)) != 1 or _np.shape(_peek(weights))[0] < 1:
        raise RuntimeError("no filter weights given")  # (SciPy's error)
    input = _as_float(input)
    out = _correlate_along(input, weights, _filter_axis(axis, _np.ndim(_peek(input))), mode, cval, origin)
    return _in_dtype_of(out, input, weights)


def convolve1d(input, weights, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
    """``scipy.ndimage.convolve1d``: :func:`correlate1d` with the weights reversed (and SciPy's
    origin for an even length), differentiable in ``input``, ``weights`` and ``cval``.

    >>> import numpy as np, wengert.scipy.ndimage as wnd
    >>> wnd.convolve1d(np.array([1.0, 2.0, 4.0]), np.array([1.0, -1.0]))
    array([1., 2., 0.])

    .. versionadded:: 0.1
    """
    if not any(_is_traced(v) for v in (input, weights, cval)):
        return _ndimage.convolve1d(input, weights, axis=axis, output=output, mode=mode, cval=cval, origin=origin)
    origin = -origin - (0 if _np.shape(_peek(weights))[0] % 2 else 1)
    return correlate1d(input, weights[::-1], axis, output, mode, cval, origin)


def _per_axis(value, ndim, name):
    values = list(value) if isinstance(value, (list, tuple)) else [value] * ndim
    if len(values) != ndim:
        raise RuntimeError(f"{name} must be a sequence of length {ndim}")  # (SciPy's words, roughly)
    return values


def correlate(input, weights, output=None, mode="reflect", cval=0.0, origin=0):
    """``scipy.ndimage.correlate``: the n-dimensional correlation of ``input`` with ``weights``
    (same number of axes), the input extended by ``mode`` along each axis. Differentiable in
    ``input``, ``weights`` and ``cval`` to every order.

    >>> import numpy as np, wengert.scipy.ndimage as wnd
    >>> wnd.correlate(np.arange(4.0).reshape(2, 2), np.ones((2, 2)), mode="constant")
    array([[0., 1.],
           [2., 6.]])

    .. versionadded:: 0.1
    """
    if not any(_is_traced(v) for v in (input, weights, cval)):
        return _ndimage.correlate(input, weights, output=output, mode=mode, cval=cval, origin=origin)
    modes = _per_axis(mode, _np.ndim(_peek(input)), "mode")
    for m in modes:
        _check_filter(input, m, output, "correlate")
    input = _as_float(input)
    shape = _np.shape(_peek(input))
    wshape = _np.shape(_peek(weights))
    if len(wshape) != len(shape):
        raise RuntimeError("filter weights array has incorrect shape.")  # (SciPy's error)
    origins = _per_axis(origin, len(shape), "origin")
    padded = input
    for axis, (w, m, o) in enumerate(zip(wshape, modes, origins)):
        if not -(w // 2) <= o <= (w - 1) // 2:
            raise ValueError("Invalid origin; origin must satisfy -(weights.shape[k] // 2) <= origin[k] <= "
                             "(weights.shape[k]-1) // 2")
        padded = _padded(padded, axis, w // 2 + o, w - 1 - w // 2 - o, m, cval)
    out = 0.0
    for offset in _np.ndindex(*wshape):
        window = tuple(slice(j, j + n) for j, n in zip(offset, shape))
        out = out + weights[offset] * padded[window]
    return _in_dtype_of(out, input, weights)


def convolve(input, weights, output=None, mode="reflect", cval=0.0, origin=0):
    """``scipy.ndimage.convolve``: :func:`correlate` with the weights reversed along every axis (and
    SciPy's origins for even lengths), differentiable in ``input``, ``weights`` and ``cval``.

    >>> import numpy as np, wengert.scipy.ndimage as wnd
    >>> wnd.convolve(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.0, 1.0, 0.0]]), mode="constant")
    array([[1., 2.],
           [3., 4.]])

    .. versionadded:: 0.1
    """
    if not any(_is_traced(v) for v in (input, weights, cval)):
        return _ndimage.convolve(input, weights, output=output, mode=mode, cval=cval, origin=origin)
    wshape = _np.shape(_peek(weights))
    origins = [-o - (0 if w % 2 else 1) for o, w in zip(_per_axis(origin, len(wshape), "origin"), wshape)]
    return correlate(input, weights[(slice(None, None, -1),) * len(wshape)], output, mode, cval, origins)


def uniform_filter1d(input, size, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
    """``scipy.ndimage.uniform_filter1d``: the mean of ``size`` neighbours along ``axis`` (SciPy's
    window and origin), differentiable in ``input`` and ``cval`` (values to rounding: SciPy
    sums a running window).

    >>> import numpy as np, wengert.scipy.ndimage as wnd
    >>> wnd.uniform_filter1d(np.array([1.0, 2.0, 6.0]), 3)
    array([1.33333333, 3.        , 4.66666667])

    .. versionadded:: 0.1
    """
    if not any(_is_traced(v) for v in (input, cval)):
        return _ndimage.uniform_filter1d(input, size, axis=axis, output=output, mode=mode, cval=cval, origin=origin)
    if size < 1:
        raise RuntimeError("incorrect filter size")  # (SciPy's error)
    return correlate1d(input, _np.full(size, 1.0 / size), axis, output, mode, cval, origin)


def uniform_filter(input, size=3, output=None, mode="reflect", cval=0.0, origin=0, *, axes=None):
    """``scipy.ndimage.uniform_filter``: :func:`uniform_filter1d` along each axis (or ``axes``),
    differentiable in ``input`` and ``cval``.

    >>> import numpy as np, wengert.scipy.ndimage as wnd
    >>> wnd.uniform_filter(np.array([[0.0, 4.0], [8.0, 4.0]]), 2)
    array([[0., 2.],
           [4., 4.]])

    .. versionadded:: 0.1
    """
    if not any(_is_traced(v) for v in (input, cval)):
        extra = {} if axes is None else {"axes": axes}
        return _ndimage.uniform_filter(input, size, output=output, mode=mode, cval=cval, origin=origin, **extra)
    axes = _axes(axes, _np.ndim(_peek(input)))
    sizes, modes, origins = (_per_axis(v, len(axes), name) for v, name in ((size, "size"), (mode, "mode"),
                                                                            (origin, "origin")))
    for axis, s, m, o in zip(axes, sizes, modes, origins):
        if s > 1:
            input = uniform_filter1d(input, s, axis, output, m, cval, o)
    return input + 0.0


def _axes(axes, ndim):
    if axes is None:
        return list(range(ndim))
    axes = [axes] if isinstance(axes, int) else list(axes)
    return [_filter_axis(a, ndim) for a in axes]


def _gaussian_weights(sigma, order, truncate, radius):
    """SciPy's Gaussian weights for ``gaussian_filter1d`` (its correlation weights): its filter of
    a unit impulse, reversed (each output a single product with 1: exact)."""
    lw = int(truncate * float(sigma) + 0.5) if radius is None else int(radius)
    impulse = _np.zeros(2 * lw + 1)
    impulse[lw] = 1.0
    extra = {} if radius is None else {"radius": radius}
    return _ndimage.gaussian_filter1d(impulse, sigma, order=order, mode="constant", truncate=truncate,
                                      **extra)[::-1].copy()


def gaussian_filter1d(input, sigma, axis=-1, order=0, output=None, mode="reflect", cval=0.0, truncate=4.0, *,
                      radius=None):
    """``scipy.ndimage.gaussian_filter1d``: the correlation with SciPy's Gaussian weights (or those
    of its ``order``-th derivative), differentiable in ``input`` and ``cval`` (``sigma`` a
    constant: a traced one raises :class:`~wengert.NoGradientRule`).

    >>> import numpy as np, wengert as wg, wengert.scipy.ndimage as wnd
    >>> round(float(wg.grad_bp(lambda a: np.sum(wnd.gaussian_filter1d(a, 1.0)), np.ones(5))[2]), 12)
    1.0

    .. versionadded:: 0.1
    """
    extra = {} if radius is None else {"radius": radius}
    if _is_traced(sigma):
        raise _NoGradientRule("wengert.scipy.ndimage.gaussian_filter1d has no gradient with respect to sigma (not "
                              "implemented): it is differentiable in input and cval; pass sigma as a constant")
    if not any(_is_traced(v) for v in (input, cval)):
        return _ndimage.gaussian_filter1d(input, sigma, axis=axis, order=order, output=output, mode=mode, cval=cval,
                                          truncate=truncate, **extra)
    return correlate1d(input, _gaussian_weights(sigma, order, truncate, radius), axis, output, mode, cval, 0)


def gaussian_filter(input, sigma, order=0, output=None, mode="reflect", cval=0.0, truncate=4.0, *, radius=None,
                    axes=None):
    """``scipy.ndimage.gaussian_filter``: :func:`gaussian_filter1d` along each axis (or ``axes``;
    a sigma, order, mode and radius per axis or one for all), differentiable in ``input`` and
    ``cval``.

    >>> import numpy as np, wengert.scipy.ndimage as wnd
    >>> float(wnd.gaussian_filter(np.eye(3), 1.0).sum().round(12))
    3.0

    .. versionadded:: 0.1
    """
    if any(_is_traced(s) for s in (sigma if isinstance(sigma, (list, tuple)) else [sigma])):
        raise _NoGradientRule("wengert.scipy.ndimage.gaussian_filter has no gradient with respect to sigma (not "
                              "implemented): it is differentiable in input and cval; pass sigma as a constant")
    if not any(_is_traced(v) for v in (input, cval)):
        extra = {k: v for k, v in (("radius", radius), ("axes", axes)) if v is not None}
        return _ndimage.gaussian_filter(input, sigma, order=order, output=output, mode=mode, cval=cval,
                                        truncate=truncate, **extra)
    axes = _axes(axes, _np.ndim(_peek(input)))
    sigmas, orders, modes, radii = (_per_axis(v, len(axes), name) for v, name in (
        (sigma, "sigma"), (order, "order"), (mode, "mode"), (radius, "radius")))
    for axis, s, o, m, r in zip(axes, sigmas, orders, modes, radii):
        if s > 1e-15:  # (SciPy's: a zero sigma leaves the axis alone)
            input = gaussian_filter1d(input, s, axis, o, output, m, cval, truncate, radius=r)
    return input + 0.0


# -- shift and zoom: map_coordinates on SciPy's grid of coordinates (its values bit for bit on plain values) --

def _resampled(input, axes, order, mode, cval, prefilter, left=None):
    """:func:`map_coordinates` of ``input`` at the grid of ``axes`` (one row of coordinates per
    axis, traced or plain), in ``input``'s dtype as SciPy writes its output; ``left`` (None, or
    a plain boolean row per axis) as :func:`_map_coordinates`'."""
    shape = tuple(_np.shape(_peek(row))[0] for row in axes)
    grids, left_grids = [], None if left is None else []
    for k, row in enumerate(axes):
        view = [1] * len(axes)
        view[k] = shape[k]
        grids.append(_np.broadcast_to(_np.reshape(row, view), shape))
        if left is not None:
            left_grids.append(_np.broadcast_to(_np.reshape(left[k], view), shape))
    dtype = _np.result_type(_peek(input))
    if 0 in shape or 0 in _np.shape(_peek(input)):  # (no sample to compute: SciPy's empty output)
        return _np.zeros(shape, dtype=dtype) * _np.sum(input)
    out = _map_coordinates(input, _np.stack(grids), None, order, mode, cval, prefilter, left_grids)
    if dtype in (_np.float32, _np.complex64):
        out = out.astype(dtype)
    return out


def _rounded_up(k, s):
    """Where ``k - s`` (plain floats) rounds up: the exact difference lies left of the coordinate
    SciPy computes (its error by Knuth's two-sum, exact; False at infinities and NaN)."""
    with _np.errstate(invalid="ignore"):
        r = k - s
        back = r - k
        error = (k - (r - back)) + (-s - back)
        return error < 0


def _checked_shape(input, output, order, mode, name):
    """``input``'s shape, after SciPy's checks of the arguments (and wengert's: no ``output`` array)."""
    shape = _np.shape(_peek(input))
    if order < 0 or order > 5:
        raise RuntimeError("spline order not supported")  # (SciPy's errors)
    if len(shape) < 1:
        raise RuntimeError("input and output rank must be > 0")
    if mode not in _MODES:
        raise RuntimeError("boundary mode not supported")
    if output is not None:
        raise ValueError(f"wengert.scipy.ndimage.{name}: output must be None with Vars (the result is a new array)")
    return shape


def _sequence(value, rank):
    """SciPy's ``_normalize_sequence``: one value per axis, or one for all (a Var kept as it is)."""
    if _np.ndim(_peek(value)) == 0:
        return [value] * rank
    if _np.shape(_peek(value))[0] != rank:
        raise RuntimeError("sequence argument must have length equal to input rank")
    return [value[k] for k in range(rank)]


def shift(input, shift, output=None, order=3, mode="constant", cval=0.0, prefilter=True):
    """``input`` shifted by ``shift`` (per axis, or one for all), as ``scipy.ndimage.shift``: the
    interpolant of ``order`` (with SciPy's spline prefilter for ``order > 1`` and ``prefilter=True``)
    sampled at ``i - shift``, which is :func:`map_coordinates` at that grid (SciPy's own computation:
    its values are map_coordinates' bit for bit). Linear in ``input`` (and ``cval``), so
    differentiable in them to every order, in every ``mode``; its pullback is the transposed
    interpolation. Differentiable in ``shift`` for ``order >= 1`` (``order=1`` piecewise linear: at an
    integer shift the one-sided derivative :func:`map_coordinates` takes, that of the cell right of
    ``i - shift``; ``order=3`` twice continuously); ``order=0`` has derivative 0 in ``shift``, refused
    where the nearest sample switches (a half-integer shift). Where ``i - shift`` rounds up onto a
    sample (a knot of the spline) that the exact difference misses (``shift=1e-300``), the derivatives
    are those of the cell (window) left of it, where the exact coordinate lies; the value is SciPy's,
    of the rounded coordinate ('constant''s last sample is then inside: no refusal there; a sample
    beside it that is not finite is refused). With plain arguments it is SciPy's own.

    >>> import numpy as np, wengert as wg, wengert.scipy.ndimage as wnd
    >>> wnd.shift(np.array([0.0, 1.0, 4.0]), 0.5, order=1, mode="nearest")
    array([0. , 0.5, 2.5])
    >>> wg.grad_bp(lambda s: wnd.shift(np.array([0.0, 1.0, 4.0]), s, order=1, mode="nearest")[2], 0.5)
    -3.0

    .. versionadded:: 0.1
    """
    if not any(_is_traced(v) for v in (input, shift, cval)):
        return _ndimage.shift(input, shift, output=output, order=order, mode=mode, cval=cval, prefilter=prefilter)
    shape = _checked_shape(input, output, order, mode, "shift")
    shifts = _sequence(shift, len(shape))
    axes = [_np.arange(n, dtype=float) - s for n, s in zip(shape, shifts)]  # (SciPy's k + (-s): the same bits)
    # where k - s rounds onto a sample (a knot) from the right, the exact coordinate lies in the cell left of it
    left = None
    if order > 0 and _is_traced(shift):
        left = [_rounded_up(_np.arange(n, dtype=float), _np.asarray(_stop_gradient(s), dtype=float))
                for n, s in zip(shape, shifts)]
    return _resampled(input, axes, order, mode, cval, prefilter, left)


def zoom(input, zoom, output=None, order=3, mode="constant", cval=0.0, prefilter=True, *, grid_mode=False):
    """``input`` resampled to ``round(n * zoom)`` samples per axis, as ``scipy.ndimage.zoom``: the
    interpolant of ``order`` sampled at ``k (n - 1) / (m - 1)`` (``grid_mode=True``: the pixel centres
    ``(k + 1/2) n / m - 1/2``), which is :func:`map_coordinates` at that grid (SciPy's values bit for
    bit). Linear in ``input`` (and ``cval``): differentiable in them to every order, in every
    ``mode``, its pullback the transposed interpolation. The output depends on ``zoom`` only through
    its shape, so a traced ``zoom`` raises :class:`~wengert.NoGradientRule`. With plain arguments it is
    SciPy's own.

    >>> import numpy as np, wengert as wg, wengert.scipy.ndimage as wnd
    >>> wnd.zoom(np.array([0.0, 2.0]), 1.5, order=1)
    array([0., 1., 2.])
    >>> wg.grad_bp(lambda a: wnd.zoom(a, 1.5, order=1)[1], np.zeros(2))
    array([0.5, 0.5])

    .. versionadded:: 0.1
    """
    if any(_is_traced(z) for z in (zoom if isinstance(zoom, (list, tuple)) else [zoom])):
        raise _NoGradientRule("wengert.scipy.ndimage.zoom has no gradient with respect to zoom: the output depends "
                              "on it only through its shape (round(n * zoom)), a step function; pass zoom as a "
                              "constant (it is differentiable in input and cval)")
    if not any(_is_traced(v) for v in (input, cval)):
        return _ndimage.zoom(input, zoom, output=output, order=order, mode=mode, cval=cval, prefilter=prefilter,
                             grid_mode=grid_mode)
    shape = _checked_shape(input, output, order, mode, "zoom")
    zooms = _sequence(zoom, len(shape))
    out_shape = [int(round(n * z)) for n, z in zip(shape, zooms)]
    if all(z == 1 for z in zooms) and prefilter:  # (SciPy's early exit: the input itself)
        return _np.copy(input)
    if grid_mode and mode in ("constant", "wrap"):
        _warnings.warn(f"It is recommended to use mode = {'grid-' + mode} instead of {mode} when grid_mode is "
                       "True.", stacklevel=2)
    axes = []
    for n, m in zip(shape, out_shape):
        top, bottom = (n, m) if grid_mode else (n - 1, m - 1)
        factor = top / bottom if bottom != 0 else 1.0
        k = _np.arange(m, dtype=float)
        axes.append((k + 0.5) * factor - 0.5 if grid_mode else k * factor)
    return _resampled(input, axes, order, mode, cval, prefilter)


_defcomposite(map_coordinates, map_coordinates, names=("scipy.ndimage.map_coordinates",))
_defcomposite(correlate1d, correlate1d, names=("scipy.ndimage.correlate1d",))
_defcomposite(convolve1d, convolve1d, names=("scipy.ndimage.convolve1d",))
_defcomposite(correlate, correlate, names=("scipy.ndimage.correlate",))
_defcomposite(convolve, convolve, names=("scipy.ndimage.convolve",))
_defcomposite(uniform_filter1d, uniform_filter1d, names=("scipy.ndimage.uniform_filter1d",))
_defcomposite(uniform_filter, uniform_filter, names=("scipy.ndimage.uniform_filter",))
_defcomposite(gaussian_filter1d, gaussian_filter1d, names=("scipy.ndimage.gaussian_filter1d",))
_defcomposite(gaussian_filter, gaussian_filter, names=("scipy.ndimage.gaussian_filter",))
_defcomposite(spline_filter1d, spline_filter1d, names=("scipy.ndimage.spline_filter1d",))
_defcomposite(spline_filter, spline_filter, names=("scipy.ndimage.spline_filter",))
_defcomposite(shift, shift, names=("scipy.ndimage.shift",))
_defcomposite(zoom, zoom, names=("scipy.ndimage.zoom",))
__all__ = _bind(globals(), "scipy.ndimage")


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)
