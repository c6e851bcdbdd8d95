"""``scipy.ndimage``, as wengert differentiates it: ``map_coordinates`` of order 0 and 1.

SciPy's ``map_coordinates`` converts its arguments to arrays, which a Var refuses; this one
takes the same arguments and gives SciPy's values. Called with plain values it is SciPy's
own (every order); with a Var among ``input``, ``coordinates`` and ``cval`` it is written
with differentiable calls (gathers from ``input`` and interpolation weights), so it is
differentiable in all three to every order, for ``order=0`` (nearest sample) and
``order=1`` (linear) in every ``mode``.

>>> import numpy as np, wengert as wg, wengert.scipy.ndimage as wnd
>>> image = np.array([1.0, 2.0, 4.0])
>>> float(wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=1)[0], np.array([[1.5]]))[0, 0])
2.0

.. versionadded:: 0.1
"""
from typing import Any as _Any

import numpy as _np
from scipy import ndimage as _ndimage

from ..errors import NoGradientRule as _NoGradientRule
from ..primitive import bind as _bind
from ..primitive import defcomposite as _defcomposite
from ..primitive import no_such_name as _no_such_name
from ..structured import is_traced as _is_traced
from ..structured import plain_tree as _stop_gradient

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


def _refuse_switching_points(x, n, mode, order, axis):
    """Refuse traced coordinates where the interpolant has no (one-sided, right) derivative."""
    at = _np.zeros(_np.shape(x), dtype=bool)
    if order == 0:
        at |= _np.floor(x + 0.5) == x + 0.5
        why = "the nearest sample switches there (or the edge of the input)"
    else:
        why = "the interpolant jumps just right of it"
    if mode == "constant":
        at |= (x == n - 1) | ((order == 0) & (x == 0))
    if mode == "wrap" and n > 1:
        at |= _np.mod(x, n - 1) == 0
    if _np.any(at):
        where = x[at].flat[0]
        raise _NoGradientRule(
            f"wengert.scipy.ndimage.map_coordinates (order={order}, mode={mode!r}) has no derivative in "
            f"the coordinates at {where!r} on axis {axis} (of length {n}): {why}. Move the coordinate "
            "off that point, or pass the coordinates as constants (wengert.stop_gradient)")


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
    ``mode='constant'`` at 0 and ``n - 1``). Higher orders (spline interpolation) raise
    :class:`~wengert.NoGradientRule` when differentiated; ``output`` must be None then.

    >>> import numpy as np, wengert as wg, wengert.scipy.ndimage as wnd
    >>> image = np.array([[0.0, 1.0], [2.0, 3.0]])
    >>> wnd.map_coordinates(image, np.array([[0.5], [0.25]]), order=1)
    array([1.25])
    >>> wg.grad_bp(lambda a: wnd.map_coordinates(a, np.array([[0.5], [0.25]]), order=1)[0], image)
    array([[0.375, 0.125],
           [0.375, 0.125]])

    .. versionadded:: 0.1
    """
    if not any(_is_traced(value) for value in (input, coordinates, cval)):
        return _ndimage.map_coordinates(input, coordinates, output=output, order=order, mode=mode,
                                        cval=cval, prefilter=prefilter)
    if order not in (0, 1):
        raise _NoGradientRule(
            f"wengert.scipy.ndimage.map_coordinates differentiates order=0 and order=1 only (got "
            f"order={order}): pass order=1 for linear interpolation, or call it on plain values")
    if output is not None:
        raise ValueError("wengert.scipy.ndimage.map_coordinates: output must be None with Vars "
                         "(the result is a new array)")
    if mode not in _MODES:
        raise RuntimeError("boundary mode not supported")  # (SciPy's error)
    mode = _MODES[mode]
    shape = _np.shape(_stop_gradient(input))
    plain_coordinates = _np.asarray(_stop_gradient(coordinates), dtype=float)
    if plain_coordinates.ndim < 1 or plain_coordinates.shape[0] != len(shape):
        raise RuntimeError("invalid shape for coordinate array")  # (SciPy's error)
    if 0 in shape:
        raise RuntimeError("input and output rank must be > 0")
    traced_coordinates = _is_traced(coordinates)
    indices, weights, inside = [], [], _np.ones(plain_coordinates.shape[1:], dtype=bool)
    for axis, n in enumerate(shape):
        plain_x = plain_coordinates[axis]
        if traced_coordinates:
            _refuse_switching_points(plain_x, n, mode, order, axis)
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
    result = 0.0
    for corner in _np.ndindex(*(len(w) for w in weights)):
        position, valid = [], _np.ones(plain_coordinates.shape[1:], dtype=bool)
        weight = None
        for axis, k in enumerate(corner):
            index, inside_axis = _extended(indices[axis][k], shape[axis], mode)
            position.append(index)
            valid &= inside_axis
            w = weights[axis][k]
            weight = w if weight is None else (weight if w is None else weight * w)
        sample = input[tuple(position)]
        if mode == "grid-constant":
            sample = _np.where(valid, sample, cval)
        result = result + (sample if weight is None else weight * sample)
    if mode == "constant":
        result = _np.where(inside, result, cval)
    return result


_defcomposite(map_coordinates, map_coordinates, names=("scipy.ndimage.map_coordinates",))
__all__ = _bind(globals(), "scipy.ndimage")


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)
