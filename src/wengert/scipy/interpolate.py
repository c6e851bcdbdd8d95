"""``scipy.interpolate``, as wengert differentiates it: ``RegularGridInterpolator`` and
``interpn`` with ``method='linear'`` and ``'nearest'``.

SciPy's interpolator converts its arguments to arrays, which a Var refuses; these take the
same arguments, give SciPy's values and are written with differentiable calls (gathers from
``values``, SciPy's interpolation weights), so they are differentiable in ``values``, in the
points ``xi`` and in the grid ``points``, to every order. The spline methods
``'slinear'``, ``'cubic'``, ``'quintic'`` (and SciPy's ``*_legacy`` spellings) are
differentiable in ``values`` (they are linear in them) and in ``xi`` (smooth between the grid
points), to every order; ``'pchip'`` (not linear in ``values``) works on plain values only
(SciPy's own); differentiated, it raises :class:`~wengert.NoGradientRule`.

:class:`CubicSpline` is SciPy's cubic spline (every ``bc_type`` and ``extrapolate``),
differentiable to every order in the values, the evaluation points, the knots and the boundary
derivative values.
:func:`make_interp_spline` (degrees 0 to 5 and up) and :class:`BSpline` are differentiable in the
data values, the boundary derivative values, the coefficients and the evaluation points.
:class:`interp1d` (every kind) is differentiable in ``y``, the points, ``fill_value`` and, for the
kinds that need no spline, the data points.

>>> import numpy as np, wengert as wg
>>> from wengert.scipy.interpolate import RegularGridInterpolator
>>> grid = (np.array([0.0, 1.0, 3.0]),)
>>> f = lambda v: RegularGridInterpolator(grid, v)(np.array([[2.0]]))[0]
>>> wg.grad_bp(f, np.array([0.0, 2.0, 3.0]))  # halfway between the points 1 and 3
array([0. , 0.5, 0.5])

.. versionadded:: 0.1
"""
from typing import Any as _Any

import numpy as _np
from scipy import interpolate as _interpolate
from scipy import special as _special

from ..errors import NoGradientRule as _NoGradientRule
from ..primitive import OwnPrimitive as _Primitive, bind as _bind, defcomposite as _defcomposite, defvjp as _defvjp
from ..primitive import no_such_name as _no_such_name
from .linalg import solve_banded as _solve_banded
from ..structured import is_traced as _is_traced, peek as _peek, plain_tree as _stop_gradient

#: the methods written here; SciPy's others (splines) are called on plain values only.
_METHODS = ("linear", "nearest")


def _plain(x):
    return _np.asarray(_stop_gradient(x))


def _grid(points, values):
    """The grid as a list of 1-d axes (Vars allowed), each ascending (a descending one is
    flipped, with the axis of ``values``), SciPy's checks on the plain points."""
    if isinstance(points, _np.ndarray) and points.ndim == 1:
        points = (points,)
    points = list(points)
    shape = _np.shape(_stop_gradient(values))
    if len(points) > len(shape):
        raise ValueError(f"There are {len(points)} point arrays, but values has {len(shape)} dimensions")
    for axis, p in enumerate(points):
        plain = _plain(p)
        if plain.ndim != 1:
            raise ValueError(f"The points in dimension {axis} must be 1-dimensional")
        if plain.shape[0] != shape[axis]:
            raise ValueError(f"There are {plain.shape[0]} points and {shape[axis]} values in dimension {axis}")
        steps = _np.diff(plain)
        if plain.shape[0] > 1 and _np.all(steps < 0):
            points[axis] = p[::-1]
            values = _np.flip(values, axis=axis)
        elif not _np.all(steps > 0):
            raise ValueError(f"The points in dimension {axis} must be strictly ascending or descending")
    return points, values


def _cells(grid_axis, x):
    """SciPy's cell of each ``x`` on an ascending axis (plain): ``i`` with ``grid[i] <= x <
    grid[i + 1]``, the first cell below the grid and the last from its last point on."""
    n = grid_axis.shape[0]
    return _np.clip(_np.searchsorted(grid_axis, x, side="right") - 1, 0, max(n - 2, 0))


def _interpolate_on(points, values, xi, method, bounds_error, fill_value, nu=None):
    """The interpolant of ``values`` on the grid ``points`` at ``xi`` (shape ``(..., ndim)``)."""
    if method not in _METHODS and method not in _SPLINE_DEGREES:
        raise _NoGradientRule(
            f"wengert.scipy.interpolate differentiates method='linear', 'nearest', 'slinear', 'cubic' and "
            f"'quintic' only (got method={method!r}, which is not linear in the values): call it on plain "
            "values (x.value) for SciPy's own")
    if method in _SPLINE_DEGREES and any(_is_traced(p) for p in (points if isinstance(points, (list, tuple)) else [points])):
        raise _NoGradientRule(
            f"wengert.scipy.interpolate (method={method!r}) has no gradient with respect to the grid's points "
            "(the interpolating spline's knots move with them; not implemented): pass them as constants")
    if nu is not None and method not in _SPLINE_DEGREES:
        raise ValueError(f"Can only compute derivatives for spline methods, got method = {method!r}")
    points, values = _grid(points, values)
    ndim = len(points)
    if method in _SPLINE_DEGREES:
        for axis, p in enumerate(points):
            if _plain(p).shape[0] <= _SPLINE_DEGREES[method]:
                raise ValueError(f"There are {_plain(p).shape[0]} points in dimension {axis}, but method "
                                 f"{method} requires at least  {_SPLINE_DEGREES[method] + 1} points per dimension.")
    if isinstance(xi, tuple):  # one array per dimension, broadcast against each other (SciPy's)
        shape = _np.broadcast_shapes(*(_np.shape(_stop_gradient(c)) for c in xi))
        xi = _np.stack([_np.broadcast_to(c, shape) for c in xi], axis=-1)
    plain_xi = _np.asarray(_plain(xi), dtype=float)
    if plain_xi.ndim <= 1:  # (SciPy's: a flat xi holds whole points)
        plain_xi = _np.reshape(plain_xi, (-1, ndim))
        xi = _np.reshape(xi, _np.shape(plain_xi))
    if plain_xi.shape[-1] != ndim:
        raise ValueError(f"The requested sample points xi have dimension {plain_xi.shape[-1]} but this "
                         f"RegularGridInterpolator has dimension {ndim}")
    nans = _np.any(_np.isnan(plain_xi), axis=-1)
    outside = _np.zeros(plain_xi.shape[:-1], dtype=bool)
    for axis, p in enumerate(points):
        grid_axis, x = _plain(p), plain_xi[..., axis]
        beyond = (x < grid_axis[0]) | (x > grid_axis[-1])
        if bounds_error and _np.any(beyond):
            raise ValueError(f"One of the requested xi is out of bounds in dimension {axis}")
        outside |= beyond
    if method in _SPLINE_DEGREES:
        result = _spline_on(points, values, xi, plain_xi, nans | (outside if not bounds_error and fill_value is not None
                                                                   else False), _SPLINE_DEGREES[method], nu)
        return _filled(result, outside, nans, bounds_error, fill_value)
    corners = []  # per axis: [(index, weight)...]
    for axis, p in enumerate(points):
        grid_axis, x = _plain(p), plain_xi[..., axis]
        n = grid_axis.shape[0]
        if n == 1:  # one point: its value (SciPy's)
            corners.append([(_np.zeros(x.shape, dtype=_np.intp), None)])
            continue
        cell = _cells(grid_axis, _np.where(_np.isnan(x), grid_axis[0], x))
        t = (xi[..., axis] - p[cell]) / (p[cell + 1] - p[cell])
        if method == "nearest":
            plain_t = _plain(t)
            if (_is_traced(xi) or _is_traced(p)) and _np.any(plain_t == 0.5):
                raise _NoGradientRule(
                    "wengert.scipy.interpolate (method='nearest') has no derivative in xi or the "
                    f"points halfway between two grid points (dimension {axis}): the nearest point "
                    "switches there. Move xi off the midpoints, or pass it as a constant")
            corners.append([(_np.where(plain_t <= 0.5, cell, cell + 1), None)])
        else:
            corners.append([(cell, 1.0 - t), (cell + 1, t)])
    result = 0.0
    for corner in _np.ndindex(*(len(c) for c in corners)):
        index = tuple(corners[axis][k][0] for axis, k in enumerate(corner))
        weight = None
        for axis, k in enumerate(corner):
            w = corners[axis][k][1]
            if w is not None:
                weight = w if weight is None else weight * w
        sample = values[index]  # shape xi.shape[:-1] + values.shape[ndim:]
        if weight is not None:
            weight = _np.reshape(weight, _np.shape(weight) + (1,) * (_np.ndim(sample) - _np.ndim(weight)))
            sample = weight * sample
        result = result + sample
    return _filled(result, outside, nans, bounds_error, fill_value)


def _filled(result, outside, nans, bounds_error, fill_value):
    """``result`` with ``fill_value`` outside the grid (unless None) and NaN where ``xi`` is."""
    trailing = (1,) * (_np.ndim(result) - outside.ndim)
    if not bounds_error and fill_value is not None and _np.any(outside):
        result = _np.where(_np.reshape(outside, outside.shape + trailing), fill_value, result)
    if _np.any(nans):
        result = _np.where(_np.reshape(nans, nans.shape + trailing), _np.nan, result)
    return result


# -- the interpolating splines (slinear, cubic, quintic) ----------------------------------

#: the spline methods and their degrees (SciPy's; its *_legacy spellings are the same splines,
#: solved directly: its default ones solve the same system iteratively, to its solver's tolerance)
_SPLINE_DEGREES = {"slinear": 1, "cubic": 3, "quintic": 5, "slinear_legacy": 1, "cubic_legacy": 3,
                   "quintic_legacy": 5}


#: the methods SciPy solves with an iterative solver by default (gcrotmk, which stops at its
#: tolerance: cubic was 5e-5 off the interpolating spline on a 6 x 6 grid, and not linear in the
#: values); without a solver given, wengert passes a direct sparse solve, so that a call on plain
#: values and one on Vars give the same spline (the *_legacy methods', to rounding)
_DIRECT = ("slinear", "cubic", "quintic")


def _direct_solver():
    from scipy.sparse.linalg import spsolve  # (imported when first used)
    return spsolve


def _spline_basis(x, grid_axis, k, nu):
    """The weights of the ``n`` values of an axis in its interpolating spline of degree ``k``
    (SciPy's ``make_interp_spline``: not-a-knot) at ``x``, or of its ``nu``-th derivative: shape
    ``x.shape + (n,)`` (plain; the spline through each unit vector, the map being linear)."""
    n = grid_axis.shape[0]
    if nu > k:  # a polynomial of degree k on each interval (SciPy 1.13 wrote out of bounds there: no call)
        return _np.zeros(_np.shape(x) + (n,))
    return _interpolate.make_interp_spline(grid_axis, _np.eye(n), k=k, axis=0)(x, nu=nu)


#: the basis at traced points: its derivative in ``x`` is the basis of the next derivative
#: (0 from ``nu = k + 1`` on; at a knot, that of the interval SciPy's evaluation takes, the right one)
_BASIS = _Primitive(_spline_basis, name="wengert.scipy.interpolate.spline_basis", reenters="first")
_defvjp(_BASIS, lambda ans, x, grid_axis, k, nu: lambda g: _np.sum(g * _BASIS(x, grid_axis, k, nu + 1), axis=-1))


def _spline_on(points, values, xi, plain_xi, unused, k, nu):
    """The tensor-product interpolating spline of degree ``k`` of ``values`` at ``xi``: along each
    axis the weights of its values (:func:`_spline_basis`), contracted with ``values`` one axis
    after the other. Points whose result is replaced (NaN, or outside with a fill value) are
    evaluated at the grid's first point, so that no NaN or overflow reaches the gradients."""
    ndim = len(points)
    nu = (0,) * ndim if nu is None else tuple(nu)
    if len(nu) != ndim:
        raise ValueError(f"invalid number of derivative orders nu={nu!r} for a grid of dimension {ndim}")
    batch = plain_xi.shape[:-1]
    flat = _np.reshape(xi, (-1, ndim))
    if _np.any(unused):
        first = _np.array([_plain(p)[0] for p in points])
        flat = _np.where(_np.reshape(unused, (-1, 1)), first, flat)
    trailing = _np.shape(_peek(values))[ndim:]  # (shapes: no wengert.jit guard)
    result = None
    for axis, p in enumerate(points):
        grid_axis = _plain(p).astype(float)
        weights = _BASIS(flat[:, axis], grid_axis, k, int(nu[axis]))  # (points, n)
        if result is None:
            result = _np.tensordot(weights, values, axes=([1], [0]))  # (points, n_1, ..., trailing)
        else:
            shape = _np.shape(_peek(weights)) + (1,) * (_np.ndim(_peek(result)) - 2)
            result = _np.sum(result * _np.reshape(weights, shape), axis=1)
    return _np.reshape(result, batch + trailing)


def _traced(*values):
    return any(_is_traced(v) for v in values) or any(
        _is_traced(p) for v in values if isinstance(v, (list, tuple)) for p in v)


class RegularGridInterpolator:
    """Interpolation on a rectilinear grid, as ``scipy.interpolate.RegularGridInterpolator``
    (same arguments and values), differentiable in ``values``, in the query points ``xi`` and
    in the grid ``points``, to every order, for ``method='linear'`` and ``'nearest'``. With
    plain ``points``, ``values`` and ``xi`` a call is SciPy's own (every method).

    ``'linear'`` is SciPy's formula in the cell SciPy picks: ``grid[i] <= x < grid[i + 1]``,
    the last cell from the last grid point on, the first and last cells beyond the grid
    (``fill_value=None``: extrapolation). So at a grid point the derivative in ``x`` is that
    of the cell to its right (the right-hand derivative), at the last grid point that of
    the cell to its left. ``'nearest'`` (the lower point at a midpoint, as SciPy) has
    derivative 0 in ``x``; at a midpoint, where it switches, a traced ``xi`` raises
    :class:`~wengert.NoGradientRule`. Outside the grid ``fill_value`` (default NaN) replaces
    the value, or ``bounds_error=True`` (the default) raises ``ValueError``.

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy.interpolate import RegularGridInterpolator
    >>> grid = (np.array([0.0, 1.0, 3.0]),)
    >>> interpolant = RegularGridInterpolator(grid, np.array([0.0, 2.0, 3.0]))
    >>> interpolant(np.array([[2.0]]))
    array([2.5])
    >>> wg.grad_bp(lambda x: interpolant(x)[0], np.array([[1.0]]))  # the cell [1, 3]: slope 1/2
    array([[0.5]])

    .. versionadded:: 0.1
    """

    def __init__(self, points, values, method="linear", bounds_error=True, fill_value=_np.nan, *,
                 solver=None, solver_args=None):
        self.method, self.bounds_error, self.fill_value = method, bounds_error, fill_value
        self._points, self._values = points, values
        self._scipy = None
        self._options = {"solver": solver, "solver_args": solver_args} if solver is not None or solver_args else {}
        if not self._options and method in _DIRECT:
            self._options = {"solver": _direct_solver()}
        if not _traced(points, values):  # SciPy's own (and its checks of the arguments)
            self._scipy = _interpolate.RegularGridInterpolator(
                tuple(points) if not isinstance(points, _np.ndarray) else points, values, method=method,
                bounds_error=bounds_error, fill_value=fill_value, **self._options)
        elif method not in _METHODS and method not in _SPLINE_DEGREES:
            _interpolate_on(points, values, _np.zeros((0, len(points))), method, bounds_error, fill_value)
        else:
            _grid(points, values)  # (the checks)

    @property
    def grid(self):
        """The grid's points (a tuple of 1-d arrays or Vars), as given."""
        return tuple(self._points)

    @property
    def values(self):
        """The values on the grid, as given."""
        return self._values

    def __call__(self, xi, method=None, *, nu=None):
        """The interpolant at ``xi`` (shape ``(..., ndim)``), of shape ``xi.shape[:-1] +
        values.shape[ndim:]`` (``method`` overrides the interpolator's).

        >>> import numpy as np
        >>> from wengert.scipy.interpolate import RegularGridInterpolator
        >>> RegularGridInterpolator((np.array([0.0, 1.0]),), np.array([1.0, 3.0]))(np.array([0.25]))
        array([1.5])
        """
        method = self.method if method is None else method
        if self._scipy is not None and not _is_traced(xi):
            if method != self.method and method in _DIRECT:  # (SciPy would solve iteratively: see _DIRECT)
                return _interpolate.RegularGridInterpolator(
                    self._scipy.grid, self._scipy.values, method=method, bounds_error=self.bounds_error,
                    fill_value=self.fill_value, solver=_direct_solver())(xi, nu=nu)
            return self._scipy(xi, method=method, nu=nu)
        return _interpolate_on(self._points, self._values, xi, method, self.bounds_error, self.fill_value, nu)


def interpn(points, values, xi, method="linear", bounds_error=True, fill_value=_np.nan):
    """Interpolation on a rectilinear grid, as ``scipy.interpolate.interpn``: a
    :class:`RegularGridInterpolator`'s call (its derivatives, its conventions at the grid
    points), differentiable in ``values``, ``xi`` and ``points`` for ``method='linear'`` and
    ``'nearest'``.

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy.interpolate import interpn
    >>> interpn((np.array([0.0, 2.0]),), np.array([1.0, 5.0]), np.array([0.5]))
    array([2.])

    .. versionadded:: 0.1
    """
    return RegularGridInterpolator(points, values, method=method, bounds_error=bounds_error,
                                   fill_value=fill_value)(xi)


# -- CubicSpline: SciPy's construction and evaluation, written with differentiable calls ---

def _cat(*pieces):
    """The 1-d pieces (scalars or 1-d, plain or Vars) end to end."""
    return _np.concatenate([_np.reshape(p, (-1,)) for p in pieces])


def _spline_slopes(x, dx, y, slope, bc, n):
    """The first derivatives of the cubic spline at its knots, as SciPy's ``CubicSpline`` solves
    for them (its tridiagonal system, its special cases for 2 and 3 knots, its condensed periodic
    system), written with differentiable calls: linear in ``y`` and the boundary values,
    rational in the knots ``x``."""
    dxr = _np.reshape(dx, (n - 1,) + (1,) * (_np.ndim(y) - 1))
    trailing = _np.shape(_peek(y))[1:]
    if n == 2:
        bc = [(1, slope[0]) if b in ("not-a-knot", "periodic") else b for b in bc]
    if n == 3 and bc[0] == bc[1] == "not-a-knot":  # the parabola through the three points
        zero = 0.0 * dx[0]
        a = _np.stack([_cat(1.0 + zero, 1.0 + zero, zero), _cat(dx[1], 2 * (dx[0] + dx[1]), dx[0]),
                       _cat(zero, 1.0 + zero, 1.0 + zero)])
        b = _np.stack([2 * slope[0], 3 * (dxr[0] * slope[1] + dxr[1] * slope[0]), 2 * slope[1]])
        return _np.reshape(_np.linalg.solve(a, _np.reshape(b, (3, -1))), (3,) + trailing)
    if n == 3 and bc[0] == "periodic":
        t = _np.sum(slope / dxr, axis=0) / _np.sum(1.0 / dxr, axis=0)
        return _np.stack([t, t, t])
    interior = 3 * (dxr[1:] * slope[:-1] + dxr[:-1] * slope[1:])
    if bc[0] == "periodic":
        m = n - 2  # the condensed system, of the slopes s[0] .. s[n - 3]
        upper = _cat(0.0, dx[-1], dx[:m - 2])  # (n >= 4: m >= 2; ab[0, 0] and ab[2, -1] lie outside)
        diagonal = _cat(2 * (dx[-1] + dx[0]), 2 * (dx[:m - 1] + dx[1:m]))
        lower = _cat(dx[1:m], 0.0)
        ab = _np.stack([upper, diagonal, lower])
        first = 3 * (dxr[0] * slope[-1] + dxr[-1] * slope[0])
        last = 3 * (dxr[-1] * slope[-2] + dxr[-2] * slope[-1])
        b1 = _np.concatenate([first[None], interior[:m - 1]])
        b2 = _cat(-dx[0], _np.zeros(m - 2), -dx[-3])
        s1 = _np.reshape(_solve_banded((1, 1), ab, _np.reshape(b1, (m, -1)), check_finite=False), (m,) + trailing)
        s2 = _np.reshape(_solve_banded((1, 1), ab, b2, check_finite=False), (m,) + (1,) * len(trailing))
        s_last = (last - dx[-2] * s1[0] - dx[-1] * s1[-1]) / (2 * (dx[-1] + dx[-2]) + dx[-2] * s2[0] + dx[-1] * s2[-1])
        return _np.concatenate([s1 + s_last * s2, s_last[None], (s1[0] + s_last * s2[0])[None]])
    start, end = bc
    if start == "not-a-knot":
        d = x[2] - x[0]
        a10, a01 = dx[1], d
        b0 = ((dxr[0] + 2 * d) * dxr[1] * slope[0] + dxr[0] ** 2 * slope[1]) / d
    elif start[0] == 1:
        a10, a01, b0 = 1.0, 0.0, start[1] + 0.0 * y[0]
    else:
        a10, a01 = 2 * dx[0], dx[0]
        b0 = -0.5 * start[1] * dx[0] ** 2 + 3 * (y[1] - y[0])
    if end == "not-a-knot":
        d = x[-1] - x[-3]
        a_end, a_lower = dx[-2], d
        b_end = (dxr[-1] ** 2 * slope[-2] + (2 * d + dxr[-1]) * dxr[-2] * slope[-1]) / d
    elif end[0] == 1:
        a_end, a_lower, b_end = 1.0, 0.0, end[1] + 0.0 * y[-1]
    else:
        a_end, a_lower = 2 * dx[-1], dx[-1]
        b_end = 0.5 * end[1] * dx[-1] ** 2 + 3 * (y[-1] - y[-2])
    ab = _np.stack([_cat(0.0, a01, dx[:-1]), _cat(a10, 2 * (dx[:-1] + dx[1:]), a_end), _cat(dx[1:], a_lower, 0.0)])
    b = _np.concatenate([_np.reshape(b0, (1,) + trailing), interior, _np.reshape(b_end, (1,) + trailing)])
    return _np.reshape(_solve_banded((1, 1), ab, _np.reshape(b, (n, -1)), check_finite=False), (n,) + trailing)


def _evaluate_pieces(breaks, coefficients, x, nu, extrapolate):
    """SciPy's ``PPoly`` evaluation of the polynomial pieces ``coefficients`` (shape ``(K, n - 1,
    ...)``, highest power first: cubic, K = 4, or an antiderivative's) or of their ``nu``-th derivative
    at the 1-d ``x``: the piece
    ``i`` with ``breaks[i] <= x < breaks[i + 1]`` (the last one closed; beyond the ends the end
    pieces, or NaN without extrapolation), summed in SciPy's order (lowest power first). The
    piece is read from the plain values; the sum is differentiable in everything."""
    plain_breaks, plain_x = _plain(breaks), _np.asarray(_plain(x), dtype=float)
    if extrapolate == "periodic":
        x = breaks[0] + _np.mod(x - breaks[0], breaks[-1] - breaks[0])
        plain_x = _np.asarray(_plain(x), dtype=float)
        extrapolate = False
    pieces = plain_breaks.shape[0] - 1
    piece = _np.clip(_np.searchsorted(plain_breaks, plain_x, side="right") - 1, 0, pieces - 1)
    missing = _np.isnan(plain_x)
    if not extrapolate:
        missing |= (plain_x < plain_breaks[0]) | (plain_x > plain_breaks[-1])
    trailing = (1,) * (_np.ndim(_peek(coefficients)) - 2)
    # (where the value is NaN, the first knot: no NaN or overflow reaches the gradients)
    offset = _np.where(missing, 0.0, x - breaks[piece])
    offset = _np.reshape(offset, _np.shape(plain_x) + trailing)
    result, power = 0.0, None
    size = _np.shape(_peek(coefficients))[0]
    for k in range(nu, size):  # d^nu/dx^nu of c[K - 1 - k] s^k: k! / (k - nu)! c[K - 1 - k] s^(k - nu)
        factor = float(_np.prod(_np.arange(k - nu + 1, k + 1)))
        term = coefficients[size - 1 - k][piece]
        result = result + (term if power is None else term * power) * factor  # (SciPy's c z prefactor)
        power = offset if power is None else power * offset
    if nu > size - 1:
        result = _np.zeros(_np.shape(plain_x) + _np.shape(_peek(coefficients))[2:]) * coefficients[0][piece]
    if _np.any(missing):
        result = _np.where(_np.reshape(missing, missing.shape + trailing), _np.nan, result)
    return result


def _piece_index(plain_breaks, v, extrapolate):
    """SciPy's ``find_interval``: the piece of ``v`` (the last one closed), the end pieces beyond
    the ends with ``extrapolate``, else -1 (and for NaN)."""
    if not plain_breaks[0] <= v <= plain_breaks[-1]:
        if extrapolate and v < plain_breaks[0]:
            return 0
        return plain_breaks.shape[0] - 2 if extrapolate and v > plain_breaks[-1] else -1
    return min(int(_np.searchsorted(plain_breaks, v, side="right")) - 1, plain_breaks.shape[0] - 2)


def _integral(breaks, coefficients, a, b, extrapolate):
    """SciPy's ``_ppoly.integrate`` of the pieces from ``a`` to ``b`` (``a <= b``): on each piece from
    ``a``'s to ``b``'s the antiderivative (cubic: ``c3 s + c2 s^2 / 2 + c1 s^3 / 3 + c0 s^4 / 4``; its
    ``evaluate_poly1`` with ``dx = -1``, in its order) at the piece's upper end less that at its lower
    end, summed in order; NaN where a bound is outside without extrapolation."""
    plain_breaks = _np.asarray(_plain(breaks), dtype=float)
    first = _piece_index(plain_breaks, float(_plain(a)), extrapolate)
    last = _piece_index(plain_breaks, float(_plain(b)), extrapolate)
    if first < 0 or last < 0:  # (NaN, as _evaluate_pieces' NaN: no NaN reaches the gradients)
        return _np.where(True, _np.nan, coefficients[0][0])

    size = _np.shape(_peek(coefficients))[0]

    def antiderivative(piece, s):
        result, power = 0.0, s
        for k in range(size):
            result = result + coefficients[size - 1 - k][piece] * power * (1.0 / (k + 1))
            power = power * s
        return result
    total = 0.0
    for piece in range(first, last + 1):
        upper = b - breaks[piece] if piece == last else breaks[piece + 1] - breaks[piece]
        lower = antiderivative(piece, a - breaks[piece]) if piece == first else 0.0
        total = total + (antiderivative(piece, upper) - lower)
    return total


class CubicSpline:
    """The cubic spline through ``(x[i], y[i])``, as ``scipy.interpolate.CubicSpline`` (same
    arguments, same values), differentiable to every order in ``y`` (the values along
    ``axis``, real or complex), in the evaluation points and in the knots ``x``, and in the
    derivative values of ``bc_type=((order, value), ...)``, for every ``bc_type``
    (``'not-a-knot'``, ``'clamped'``, ``'natural'``, ``'periodic'``, and pairs) and every
    ``extrapolate`` (True, False: NaN outside, ``'periodic'``). With plain arguments it is
    SciPy's own spline.

    With a Var among ``x``, ``y`` and the boundary values it solves SciPy's system for the
    slopes with differentiable calls (:func:`wengert.scipy.linalg.solve_banded`: linear in
    ``y``, so its pullback is the transposed banded solve, O(n)) and evaluates SciPy's
    polynomial pieces. A point is evaluated on the piece SciPy picks (``x[i] <= t < x[i +
    1]``, the last piece closed): at a knot the derivatives in the point are the right-hand
    ones (the spline is twice continuously differentiable there; its third derivative jumps).
    With ``bc_type='periodic'`` the spline exists where ``y[-1]`` equals ``y[0]`` (SciPy's check):
    differentiate a function that sets ``y[-1]`` from ``y[0]`` (how the gradient splits between the
    two is that of SciPy's formula, which reads both). ``.integrate()`` is differentiable too (in the
    bounds as well), and so is ``.antiderivative()``.

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy.interpolate import CubicSpline
    >>> x = np.array([0.0, 1.0, 2.0, 3.0])
    >>> f = lambda y: CubicSpline(x, y, bc_type="natural")(1.5)
    >>> f(np.array([0.0, 1.0, 0.0, 1.0]))
    array(0.5)
    >>> wg.grad_bp(f, np.array([0.0, 1.0, 0.0, 1.0]))  # the spline of each unit vector at 1.5
    array([-0.075,  0.575,  0.575, -0.075])

    .. versionadded:: 0.1
    """

    def __init__(self, x, y, axis=0, bc_type="not-a-knot", extrapolate=None):
        bc_values = [] if isinstance(bc_type, str) else [b[1] for b in bc_type if not isinstance(b, str)]
        plain_bc = bc_type if isinstance(bc_type, str) else tuple(
            b if isinstance(b, str) else (b[0], _plain(b[1])) for b in bc_type)
        # SciPy's own spline of the plain values: its checks of the arguments, its defaults
        self._scipy = _interpolate.CubicSpline(_plain(x), _plain(y), axis=axis, bc_type=plain_bc,
                                               extrapolate=extrapolate)
        self.axis, self.extrapolate = self._scipy.axis, self._scipy.extrapolate
        self._x, self._traced = x, _traced(x, y, bc_values)
        if not self._traced:
            return
        x = x.astype(float) if _is_traced(x) else _plain(x).astype(float)
        y = _np.moveaxis(y, self.axis, 0)
        if not _np.iscomplexobj(_peek(y)) and any(_np.iscomplexobj(_plain(v)) for v in bc_values):
            y = y + 0j
        elif _np.result_type(_peek(y)).char not in "dD":
            y = y.astype(complex if _np.iscomplexobj(_peek(y)) else float)
        n = _plain(x).shape[0]
        bc = [bc_type, bc_type] if isinstance(bc_type, str) else list(bc_type)
        bc = [(1, 0.0) if b == "clamped" else (2, 0.0) if b == "natural" else b for b in bc]
        dx = _np.diff(x)
        dxr = _np.reshape(dx, (n - 1,) + (1,) * (_np.ndim(_peek(y)) - 1))
        slope = _np.diff(y, axis=0) / dxr
        slopes = y * 0.0 if 0 in _np.shape(_peek(y)) else _spline_slopes(x, dx, y, slope, bc, n)
        # SciPy's CubicHermiteSpline: the coefficients of each piece in powers of t - x[i]
        t = (slopes[:-1] + slopes[1:] - 2 * slope) / dxr
        self._breaks = x
        self.c = _np.stack([t / dxr, (slope - slopes[:-1]) / dxr - t, slopes[:-1], y[:-1]])

    @property
    def x(self):
        """The knots, as given."""
        return self._x

    def __call__(self, x, nu=0, extrapolate=None):
        """The spline (or its ``nu``-th derivative) at ``x``: shape ``y``'s with the interpolation
        axis replaced by ``x``'s shape (SciPy's).

        >>> import numpy as np
        >>> from wengert.scipy.interpolate import CubicSpline
        >>> CubicSpline(np.array([0.0, 1.0]), np.array([1.0, 3.0]))(np.array([0.25, 0.5]), nu=1)
        array([2., 2.])
        """
        if not self._traced and not _is_traced(x):
            return self._scipy(x, nu=nu, extrapolate=extrapolate)
        plain = self._scipy(_plain(x), nu=nu, extrapolate=extrapolate)  # (SciPy's checks of x and nu)
        if not self._traced:  # the knots and values plain: the pieces are SciPy's own coefficients
            breaks, coefficients = self._scipy.x, self._scipy.c
        else:
            breaks, coefficients = self._breaks, self.c
        x_shape = _np.shape(_plain(x))
        extrapolate = self.extrapolate if extrapolate is None else extrapolate
        out = _evaluate_pieces(breaks, coefficients, _np.reshape(x, (-1,)), int(nu), extrapolate)
        out = _np.reshape(out, x_shape + _np.shape(_peek(coefficients))[2:])
        if self.axis != 0:  # (SciPy's: the shape of x in place of the interpolation axis)
            order = list(range(len(_np.shape(plain))))
            x_ndim = len(x_shape)
            order = order[x_ndim:x_ndim + self.axis] + order[:x_ndim] + order[x_ndim + self.axis:]
            out = _np.transpose(out, order)
        return out

    def derivative(self, nu=1):
        """The ``nu``-th derivative, as a callable (``PPoly.derivative``'s values, differentiable
        as the spline is).

        >>> import numpy as np
        >>> from wengert.scipy.interpolate import CubicSpline
        >>> CubicSpline(np.array([0.0, 1.0]), np.array([1.0, 3.0])).derivative()(0.5)
        array(2.)
        """
        if nu < 0:
            return self.antiderivative(-nu)
        return lambda x, nu2=0, extrapolate=None: self(x, nu + nu2, extrapolate)

    def antiderivative(self, nu=1):
        """The ``nu``-th antiderivative, as ``PPoly.antiderivative`` (the pieces' coefficients divided by
        ``k (k + 1) ... (k + nu - 1)``, the added ones of each piece set so that it and its first ``nu -
        1`` derivatives are continuous, 0 at ``x[0]``: SciPy's ``fix_continuity``, piece after piece, so
        its values bit for bit; ``extrapolate='periodic'`` becomes False, as SciPy's): a spline of this
        class (SciPy's: a ``PPoly``), callable, differentiable to
        every order in ``y``, the knots, the boundary values and the points, with ``derivative``,
        ``antiderivative`` and ``integrate`` (O(n) steps in Python: the pieces are chained). With plain
        knots and values it holds SciPy's own ``PPoly``'s pieces (its values; differentiable in the points).

        >>> import numpy as np, wengert as wg
        >>> from wengert.scipy.interpolate import CubicSpline
        >>> x = np.array([0.0, 1.0, 2.0])
        >>> wg.grad_bp(lambda y: CubicSpline(x, y, bc_type="natural").antiderivative()(2.0), np.zeros(3))
        array([0.375, 1.25 , 0.375])
        """
        scipy_result = self._scipy.antiderivative(nu)  # (SciPy's checks; its extrapolate)
        if nu <= 0:
            return self.derivative(-nu)
        spline = CubicSpline.__new__(CubicSpline)
        spline._scipy, spline._x, spline._traced = scipy_result, self._x, self._traced
        spline.axis, spline.extrapolate = scipy_result.axis, scipy_result.extrapolate
        if not self._traced:  # (SciPy's pieces: differentiable in the points)
            spline.c = scipy_result.c
            return spline
        coefficients, breaks = self.c, self._breaks
        size, pieces = _np.shape(_peek(coefficients))[:2]
        trailing = (1,) * (_np.ndim(_peek(coefficients)) - 2)
        factor = _special.poch(_np.arange(size, 0, -1), nu)
        scaled = coefficients / _np.reshape(factor, (size, 1) + trailing)
        zero = 0.0 * scaled[0][0]
        rows = [[scaled[r][i] for i in range(pieces)] for r in range(size)] + [[zero] * pieces for _ in range(nu)]
        total = size + nu
        for i in range(1, pieces):  # (fix_continuity: each piece from the previous one, fixed already)
            step = breaks[i] - breaks[i - 1]
            for order in range(nu - 1, -1, -1):
                value, power = 0.0, 1.0
                for k in range(order, total):  # (evaluate_poly1 of the order-th derivative, in its order)
                    prefactor = 1.0
                    for j in range(k, k - order, -1):
                        prefactor *= j
                    value = value + rows[total - k - 1][i - 1] * power * prefactor
                    if k < total - 1:
                        power = power * step
                for j in range(order):
                    value = value / (j + 1)
                rows[total - order - 1][i] = value
        spline._breaks, spline.c = breaks, _np.stack([_np.stack(row) for row in rows])
        return spline

    def integrate(self, a, b, extrapolate=None):
        """The definite integral from ``a`` to ``b``, as ``PPoly.integrate`` (SciPy's steps: the
        pieces' antiderivatives summed piece by piece, whole periods first with ``extrapolate=
        'periodic'``, NaN beyond the ends without extrapolation; its values bit for bit),
        differentiable to every order in ``y``, the knots, the boundary values and the bounds
        ``a`` and ``b`` (``d/db`` is the spline at ``b``).

        >>> import numpy as np, wengert as wg
        >>> from wengert.scipy.interpolate import CubicSpline
        >>> wg.grad_bp(lambda b: CubicSpline(np.array([0.0, 1.0]), np.array([1.0, 3.0])).integrate(0.0, b), 0.5)
        2.0
        """
        if not (self._traced or _is_traced(a) or _is_traced(b)):
            return self._scipy.integrate(a, b, extrapolate=extrapolate)
        self._scipy.integrate(_plain(a), _plain(b), extrapolate=extrapolate)  # (SciPy's checks)
        breaks, coefficients = (self._breaks, self.c) if self._traced else (self._scipy.x, self._scipy.c)
        extrapolate = self.extrapolate if extrapolate is None else extrapolate
        sign = 1.0
        if float(_plain(b)) < float(_plain(a)):
            a, b, sign = b, a, -1.0
        shape = _np.shape(_peek(coefficients))[2:]  # (SciPy's: an array of the values' other axes, 0-d for 1-d y)
        if extrapolate != "periodic":
            return _np.reshape(_integral(breaks, coefficients, a, b, bool(extrapolate)) * sign, shape)
        start, end = breaks[0], breaks[-1]
        period = end - start
        whole = float(_np.floor_divide(_plain(b - a), _plain(period)))  # (SciPy's divmod)
        left = _np.mod(b - a, period)
        total = _integral(breaks, coefficients, start, end, False) * whole if whole > 0 else 0.0
        a = start + _np.mod(a - start, period)
        b = a + left
        if _plain(b) <= _plain(end):
            total = total + _integral(breaks, coefficients, a, b, False)
        else:
            total = total + _integral(breaks, coefficients, a, end, False)
            total = total + _integral(breaks, coefficients, start, start + left + a - end, False)
        return _np.reshape(total * sign, shape)


# -- BSpline and make_interp_spline: de Boor's recurrence and the collocation system, written
# with differentiable calls (in the coefficients, the evaluation points, the data and boundary values)

def _bspline_basis(t, k, x, interval):
    """The ``k + 1`` B-splines of degree ``k`` nonzero on the knot interval ``interval`` (plain,
    ``t[interval] <= x < t[interval + 1]``) at ``x``, by de Boor's recurrence (Cox-de Boor):
    polynomials in ``x`` (differentiable) with the plain knots' weights; the ``r``-th is
    ``B_{interval - k + r}``. A repeated knot's term (a zero denominator) is 0."""
    def inverse(d):  # (1 / d, 0 where d is 0: the B-spline of that term is 0 on the interval)
        return _np.divide(1.0, d, out=_np.zeros_like(d), where=d != 0)
    values: list = [1.0]
    for d in range(1, k + 1):
        new = []
        for r in range(d + 1):
            j = interval - d + r
            term = 0.0
            if r >= 1:
                term = term + (x - t[j]) * inverse(t[j + d] - t[j]) * values[r - 1]
            if r < d:
                term = term + (t[j + d + 1] - x) * inverse(t[j + d + 1] - t[j + 1]) * values[r]
            new.append(term)
        values = new
    return values


def _bspline_derivative(t, c, k):
    """The knots, coefficients and degree of the derivative of the spline ``(t, c, k)`` (SciPy's
    ``splder``: ``k (c[i + 1] - c[i]) / (t[i + k + 1] - t[i + 1])``, linear in ``c``)."""
    n = t.shape[0] - k - 1
    dt = t[k + 1:k + n] - t[1:n]
    if _np.any(dt == 0):
        raise ValueError(f"The spline has internal repeated knots and is not differentiable {k} times")
    dt = _np.reshape(dt, (n - 1,) + (1,) * (_np.ndim(_peek(c)) - 1))
    return t[1:-1], (c[1:n] - c[:n - 1]) * (k / dt), k - 1


def _bspline_at(t, c, k, x, nu, extrapolate):
    """SciPy's ``BSpline.__call__`` of the coefficients ``c`` (interpolation axis first) at the 1-d
    ``x``: the interval SciPy picks (``t[l] <= x < t[l + 1]``, ``k <= l < n``, NaN outside
    ``[t[k], t[n]]`` without extrapolation), its ``k + 1`` B-splines times their coefficients."""
    n = t.shape[0] - k - 1
    if extrapolate == "periodic":
        x = t[k] + _np.mod(x - t[k], t[n] - t[k])
        extrapolate = False
    plain_x = _np.asarray(_plain(x), dtype=float)
    missing = _np.isnan(plain_x)
    if not extrapolate:
        missing |= (plain_x < t[k]) | (plain_x > t[n])
    trailing = _np.shape(_peek(c))[1:]
    if nu > k:
        return _np.where(_np.reshape(missing, missing.shape + (1,) * len(trailing)), _np.nan,
                         _np.zeros(plain_x.shape + trailing)) + 0.0 * c[0]
    for _ in range(nu):
        t, c, k = _bspline_derivative(t, c, k)
    n = t.shape[0] - k - 1
    interval = _np.clip(_np.searchsorted(t, _np.where(missing, t[k], plain_x), side="right") - 1, k, n - 1)
    x = _np.where(missing, t[k], x)  # (no NaN reaches the gradients)
    result = 0.0
    for r, weight in enumerate(_bspline_basis(t, k, x, interval)):
        weight = _np.reshape(weight, _np.shape(weight) + (1,) * len(trailing)) if _np.ndim(weight) else weight
        result = result + weight * c[interval - k + r]
    if _np.any(missing):
        result = _np.where(_np.reshape(missing, missing.shape + (1,) * len(trailing)), _np.nan, result)
    return result


class BSpline:
    """A spline in the B-spline basis, as ``scipy.interpolate.BSpline`` (same arguments, same
    values to rounding), differentiable to every order in the coefficients ``c`` (real or
    complex) and in the evaluation points, for every ``extrapolate`` (True, False: NaN
    outside ``[t[k], t[n]]``, ``'periodic'``) and derivative ``nu``; the knots ``t`` are
    constants (a traced ``t`` raises :class:`~wengert.NoGradientRule`). With plain
    coefficients and points it is SciPy's own.

    With a Var it evaluates de Boor's recurrence on the interval SciPy picks (``t[l] <= x <
    t[l + 1]``): at a knot, the derivatives in the point are the right-hand ones. Derivatives
    (``nu``, :meth:`derivative`) are SciPy's ``splder`` coefficients, linear in ``c``, antiderivatives
    (:meth:`antiderivative`) its ``splantider``'s, and :meth:`integrate` their differences.

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy.interpolate import BSpline
    >>> t = np.array([0.0, 0.0, 0.0, 1.0, 2.0, 2.0, 2.0])  # quadratic, 4 coefficients
    >>> wg.grad_bp(lambda c: BSpline(t, c, 2)(1.0), np.zeros(4))  # the B-splines at 1
    array([0. , 0.5, 0.5, 0. ])

    .. versionadded:: 0.1
    """

    def __init__(self, t, c, k, extrapolate=True, axis=0):
        if _is_traced(t):
            raise _NoGradientRule(
                "wengert.scipy.interpolate.BSpline has no gradient with respect to the knots t (not "
                "implemented): it is differentiable in the coefficients c and the evaluation points; pass t "
                "as a constant")
        self._scipy = _interpolate.BSpline(t, _plain(c), k, extrapolate=extrapolate, axis=axis)  # (its checks)
        self.t, self.k = self._scipy.t, self._scipy.k
        self.extrapolate, self.axis = self._scipy.extrapolate, self._scipy.axis
        self._traced = _is_traced(c)
        if self._traced:
            c = _np.moveaxis(c, self.axis, 0)
            if _np.result_type(_peek(c)).char not in "dD":
                c = c.astype(complex if _np.iscomplexobj(_peek(c)) else float)
            self.c = c
        else:
            self.c = self._scipy.c

    @classmethod
    def _of(cls, t, c, k, axis, extrapolate=True):
        """A spline of coefficients ``c`` whose interpolation axis is already first (SciPy's
        ``construct_fast``)."""
        spline = cls.__new__(cls)
        spline._scipy = _interpolate.BSpline.construct_fast(t, _plain(c), k, extrapolate=extrapolate, axis=axis)
        spline.t, spline.k, spline.extrapolate, spline.axis = t, k, extrapolate, axis
        spline._traced = _is_traced(c)
        spline.c = c if spline._traced else spline._scipy.c
        return spline

    def __call__(self, x, nu=0, extrapolate=None):
        """The spline (or its ``nu``-th derivative) at ``x``, of SciPy's shape.

        >>> import numpy as np
        >>> from wengert.scipy.interpolate import BSpline
        >>> BSpline(np.array([0.0, 0.0, 1.0, 1.0]), np.array([1.0, 3.0]), 1)(np.array([0.25]), nu=1)
        array([2.])
        """
        if not self._traced and not _is_traced(x):
            return self._scipy(x, nu=nu, extrapolate=extrapolate)
        plain = self._scipy(_plain(x), nu=nu, extrapolate=extrapolate)  # (SciPy's checks of x and nu)
        extrapolate = self.extrapolate if extrapolate is None else extrapolate
        x_shape = _np.shape(_plain(x))
        n = self.t.shape[0] - self.k - 1
        out = _bspline_at(self.t, self.c[:n], self.k, _np.reshape(x, (-1,)), int(nu), extrapolate)
        out = _np.reshape(out, x_shape + _np.shape(_peek(self.c))[1:])
        if self.axis != 0:  # (SciPy's: the shape of x in place of the interpolation axis)
            order = list(range(len(_np.shape(plain))))
            x_ndim = len(x_shape)
            out = _np.transpose(out, order[x_ndim:x_ndim + self.axis] + order[:x_ndim] + order[x_ndim + self.axis:])
        return out

    def derivative(self, nu=1):
        """The ``nu``-th derivative, a :class:`BSpline` (SciPy's ``splder``, linear in ``c``).

        >>> import numpy as np
        >>> from wengert.scipy.interpolate import BSpline
        >>> BSpline(np.array([0.0, 0.0, 1.0, 1.0]), np.array([1.0, 3.0]), 1).derivative()(0.5)
        array(2.)
        """
        if not self._traced:
            d = self._scipy.derivative(nu)
            return BSpline._of(d.t, d.c, d.k, d.axis, d.extrapolate)
        t, c, k = self.t, self.c[:self.t.shape[0] - self.k - 1], self.k
        for _ in range(nu):
            t, c, k = _bspline_derivative(t, c, k)
        return BSpline._of(t, c, k, self.axis, self.extrapolate)

    def antiderivative(self, nu=1):
        """The ``nu``-th antiderivative, a :class:`BSpline` (SciPy's ``splantider``: the coefficients'
        cumulative sums ``sum_{j <= i} c[j] (t[j + k + 1] - t[j]) / (k + 1)``, linear in ``c``, so
        differentiable in them to every order; its values bit for bit).

        >>> import numpy as np, wengert as wg
        >>> from wengert.scipy.interpolate import BSpline
        >>> t = np.array([0.0, 0.0, 1.0, 1.0])  # the line from c[0] to c[1] on [0, 1]
        >>> wg.grad_bp(lambda c: BSpline(t, c, 1).antiderivative()(1.0), np.zeros(2))
        array([0.5, 0.5])
        """
        d = self._scipy.antiderivative(nu)  # (SciPy's checks, knots and extrapolate)
        if not self._traced:
            return BSpline._of(d.t, d.c, d.k, d.axis, d.extrapolate)
        t, c, k = self.t, self.c, self.k
        trailing = _np.shape(_peek(c))[1:]
        if t.shape[0] > _np.shape(_peek(c))[0]:  # (SciPy pads c to the knots' length)
            c = _np.concatenate([c, _np.zeros((t.shape[0] - _np.shape(_peek(c))[0],) + trailing)])
        for _ in range(nu):
            dt = _np.reshape(t[k + 1:] - t[:-k - 1], (-1,) + (1,) * len(trailing))
            c = _np.cumsum(c[:dt.shape[0]] * dt, axis=0) / (k + 1)
            c = _np.concatenate([_np.zeros((1,) + trailing) + 0.0 * c[0], c, _np.stack([c[-1]] * (k + 2))])
            t, k = _np.r_[t[0], t, t[-1]], k + 1
        return BSpline._of(d.t, c, d.k, d.axis, d.extrapolate)

    def integrate(self, a, b, extrapolate=None):
        """The definite integral from ``a`` to ``b``, as ``BSpline.integrate`` (SciPy's steps: the bounds
        swapped (sign), clipped to ``[t[k], t[n]]`` without extrapolation, whole periods first with
        ``extrapolate='periodic'``; the difference of :meth:`antiderivative`'s values, so to rounding of
        SciPy's, which integrates 1-d coefficients by FITPACK's ``splint``), differentiable to every order
        in ``c`` and the bounds (``d/db`` is the spline at ``b``).

        >>> import numpy as np, wengert as wg
        >>> from wengert.scipy.interpolate import BSpline
        >>> wg.grad_bp(lambda b: BSpline(np.array([0.0, 0.0, 1.0, 1.0]), np.array([1.0, 3.0]), 1).integrate(0.0, b), 0.5)
        2.0
        """
        if not (self._traced or _is_traced(a) or _is_traced(b)):
            return self._scipy.integrate(a, b, extrapolate=extrapolate)
        self._scipy.integrate(_plain(a), _plain(b), extrapolate=extrapolate)  # (SciPy's checks)
        extrapolate = self.extrapolate if extrapolate is None else extrapolate
        sign = 1.0
        if float(_plain(b)) < float(_plain(a)):
            a, b, sign = b, a, -1.0
        n = self.t.shape[0] - self.k - 1
        start, end = float(self.t[self.k]), float(self.t[n])
        primitive = self.antiderivative()
        shape = _np.shape(_peek(self.c))[1:]

        def between(lower, upper, outside):
            return primitive(upper, extrapolate=outside) - primitive(lower, extrapolate=outside)
        if extrapolate != "periodic":
            if not extrapolate:  # (the spline is 0 outside [t[k], t[n]]: both bounds into it, as FITPACK's
                # splint clips them, so that bounds both beyond one end give 0, not the antiderivative's NaN there)
                a = start if float(_plain(a)) < start else end if float(_plain(a)) > end else a
                b = start if float(_plain(b)) < start else end if float(_plain(b)) > end else b
            return _np.reshape(between(a, b, bool(extrapolate)) * sign, shape)
        period = end - start
        whole = float(_np.floor_divide(_plain(b - a), period))  # (SciPy's divmod)
        left = _np.mod(b - a, period)
        total = between(start, end, False) * whole if whole > 0 else 0.0
        a = start + _np.mod(a - start, period)
        b = a + left
        if _plain(b) <= end:
            total = total + between(a, b, False)
        else:
            total = total + between(a, end, False)
            total = total + between(start, start + b - end, False)
        return _np.reshape(total * sign, shape)


def _refuse_traced(traced, name):
    if traced:
        raise _NoGradientRule(
            f"wengert.scipy.interpolate.{name} is not differentiated (not implemented): the spline's values and "
            "derivatives are (call the spline, or .derivative()); call it on plain values (x.value) for SciPy's own")


def _boundary_rows(t, k, point, orders, columns):
    """The rows of the collocation matrix of derivative conditions at ``point`` (plain): the
    ``order``-th derivatives there of the B-splines ``columns`` (SciPy's evaluation of the spline of
    each unit vector among them)."""
    nt = t.shape[0] - k - 1
    unit = _np.zeros((nt, len(columns)))
    unit[columns, _np.arange(len(columns))] = 1.0
    return [_interpolate.BSpline(t, unit, k)(point, nu=int(order)) for order in orders]


def make_interp_spline(x, y, k=3, t=None, bc_type=None, axis=0, check_finite=True):
    """The interpolating B-spline of degree ``k`` through ``(x, y)``, as
    ``scipy.interpolate.make_interp_spline`` (same arguments, same values to rounding): a
    :class:`BSpline`, differentiable to every order in ``y`` (real or complex), in the derivative
    values of ``bc_type=([(order, value), ...], [...])`` and, when called, in the evaluation
    points, for ``k = 0`` to ``5`` (and higher) with SciPy's knots or your ``t``, ``bc_type``
    None / 'not-a-knot', 'clamped', 'natural' or derivative lists. The coefficients solve SciPy's
    collocation system (banded: :func:`wengert.scipy.linalg.solve_banded`, whose pullback is the
    transposed solve, O(n)). The data points ``x`` and ``t`` are constants (traced, or with
    ``bc_type='periodic'`` and a traced ``y``, it raises :class:`~wengert.NoGradientRule`).

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy.interpolate import make_interp_spline
    >>> x = np.array([0.0, 1.0, 2.0])
    >>> wg.grad_bp(lambda y: make_interp_spline(x, y, k=2)(0.5), np.zeros(3))
    array([ 0.375,  0.75 , -0.125])

    .. versionadded:: 0.1
    """
    if _is_traced(x) or _is_traced(t):
        raise _NoGradientRule(
            "wengert.scipy.interpolate.make_interp_spline has no gradient with respect to the data points x "
            "or the knots t (not implemented): it is differentiable in y, the boundary derivative values and "
            "the evaluation points; pass x and t as constants")
    sides = [] if bc_type is None or isinstance(bc_type, str) else [s for s in bc_type if not isinstance(s, str)]
    traced_bc = [v for side in sides if side is not None for (_, v) in side if _is_traced(v)]
    plain_bc = bc_type if not sides else tuple(
        s if isinstance(s, str) or s is None else [(o, _plain(v)) for (o, v) in s] for s in bc_type)
    spline = _interpolate.make_interp_spline(_plain(x), _plain(y), k=k, t=t, bc_type=plain_bc, axis=axis,
                                             check_finite=check_finite)  # (SciPy's checks, its knots)
    if not _is_traced(y) and not traced_bc:
        return BSpline._of(spline.t, spline.c, spline.k, spline.axis)
    if bc_type == "periodic":
        raise _NoGradientRule(
            "wengert.scipy.interpolate.make_interp_spline(bc_type='periodic') is not differentiated (not "
            "implemented: SciPy solves its cyclic system apart): call it on plain values (y.value)")
    y = _np.moveaxis(y, spline.axis, 0)
    if _np.result_type(_peek(y)).char not in "dD" or _np.iscomplexobj(spline.c) and not _np.iscomplexobj(_peek(y)):
        y = y.astype(spline.c.dtype)
    k, knots, x = spline.k, spline.t, _np.asarray(_plain(x), dtype=float)
    if k in (0, 1) and t is None or 0 in _np.shape(_peek(y)):
        return BSpline._of(knots, y if k in (0, 1) else _np.zeros(spline.c.shape), k, spline.axis)
    nt = knots.shape[0] - k - 1
    trailing = _np.shape(_peek(y))[1:]
    left = right = None
    if bc_type is not None and bc_type != "not-a-knot":
        left, right = (bc_type, bc_type) if isinstance(bc_type, str) else bc_type
    ends = []
    for side in (left, right):
        if side is None:
            ends.append([])
        elif side in ("clamped", "natural"):
            ends.append([(1 if side == "clamped" else 2, _np.zeros(trailing))])
        else:
            ends.append(list(side))
    nleft, nright = len(ends[0]), len(ends[1])
    # the collocation matrix in band storage: the rows of the left conditions, the data, the right
    design = _interpolate.BSpline.design_matrix(x, knots, k).tocoo()
    rows = [design.row + nleft]
    columns, entries = [design.col], [design.data]
    for offset, (point, conditions, cols) in enumerate(((x[0], ends[0], _np.arange(k + 1)),
                                                        (x[-1], ends[1], _np.arange(nt - k - 1, nt)))):
        if not conditions:
            continue
        start = 0 if offset == 0 else nt - nright
        for r, values in enumerate(_boundary_rows(knots, k, point, [o for o, _ in conditions], cols)):
            rows.append(_np.full(cols.shape, start + r))
            columns.append(cols)
            entries.append(values)
    row, col, data = _np.concatenate(rows), _np.concatenate(columns), _np.concatenate(entries)
    keep = data != 0
    row, col, data = row[keep], col[keep], data[keep]
    lower, upper = int(max(_np.max(row - col), 0)), int(max(_np.max(col - row), 0))
    band = _np.zeros((lower + upper + 1, nt))
    band[upper + row - col, col] = data
    pieces = [_np.reshape(_np.asarray(v, dtype=float) if not _is_traced(v) else v, (1, -1)) for _, v in ends[0]]
    pieces += [_np.reshape(y, (y.shape[0] if not _is_traced(y) else _np.shape(_peek(y))[0], -1))]
    pieces += [_np.reshape(_np.asarray(v, dtype=float) if not _is_traced(v) else v, (1, -1)) for _, v in ends[1]]
    if any(_np.iscomplexobj(_peek(p)) for p in pieces):
        pieces = [p + 0j for p in pieces]
    rhs = _np.concatenate(pieces)
    c = _solve_banded((lower, upper), band, rhs, check_finite=False)
    return BSpline._of(knots, _np.reshape(c, (nt,) + trailing), k, spline.axis)


# -- interp1d: SciPy's kinds written with differentiable calls ------------------------------

#: interp1d's spline kinds and their degrees (SciPy's)
_INTERP1D_ORDERS = {"zero": 0, "slinear": 1, "quadratic": 2, "cubic": 3}


class interp1d:  # noqa: N801  (SciPy's name)
    """1-d interpolation, as ``scipy.interpolate.interp1d`` (same arguments, same values to
    rounding), differentiable to every order in ``y`` (real or complex), in the points it is
    called at, in ``fill_value`` and, for ``kind='linear'``, ``'nearest'``, ``'nearest-up'``,
    ``'previous'`` and ``'next'``, in the data points ``x``. With plain arguments it is SciPy's own.

    ``'linear'`` is SciPy's formula on the segment SciPy picks (``x[i - 1] < t <= x[i]``, the
    first and last beyond the ends): at a data point the derivative in the point is the
    left-hand one (the first segment's at ``x[0]``). ``'nearest'``, ``'nearest-up'``,
    ``'previous'`` and ``'next'`` gather a value (derivative 0 in the point), refused where the
    gathered value switches (the midpoints, the data points) for a traced point. The spline
    kinds (``'zero'``, ``'slinear'``, ``'quadratic'``, ``'cubic'``, an integer) are
    :func:`make_interp_spline`'s (``x`` a constant). Outside ``[x[0], x[-1]]``, ``fill_value``
    (a value, a (below, above) pair, or ``'extrapolate'``) or ``bounds_error``, as SciPy.

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy.interpolate import interp1d
    >>> x = np.array([0.0, 1.0, 3.0])
    >>> wg.grad_bp(lambda y: interp1d(x, y)(2.0), np.array([0.0, 2.0, 3.0]))
    array([0. , 0.5, 0.5])

    .. versionadded:: 0.1
    """

    def __init__(self, x, y, kind="linear", axis=-1, copy=True, bounds_error=None, fill_value=_np.nan,
                 assume_sorted=False):
        pair = isinstance(fill_value, tuple) and len(fill_value) == 2
        fills = list(fill_value) if pair else [fill_value]
        traced_fill = any(_is_traced(f) for f in fills)
        plain_fill = tuple(_plain(f) for f in fills) if pair else (
            fill_value if isinstance(fill_value, str) else _plain(fill_value))
        self._scipy = _interpolate.interp1d(_plain(x), _plain(y), kind=kind, axis=axis, copy=copy,
                                            bounds_error=bounds_error, fill_value=plain_fill,
                                            assume_sorted=assume_sorted)  # (SciPy's checks)
        self.bounds_error, self.axis = self._scipy.bounds_error, self._scipy.axis
        self._traced = _traced(x, y) or traced_fill
        self._arguments = (x, y, kind, fill_value, pair, fills, assume_sorted)
        self._prepared = False
        if self._traced:
            self._prepare()

    def _prepare(self):
        """The sorted data and the fills (and the spline), for calls with Vars."""
        x, y, kind, fill_value, pair, fills, assume_sorted = self._arguments
        self._prepared = True
        self._kind = "spline" if kind in _INTERP1D_ORDERS or isinstance(kind, int) else kind
        if self._kind == "spline" and _is_traced(x):
            raise _NoGradientRule(
                f"wengert.scipy.interpolate.interp1d(kind={kind!r}) has no gradient with respect to the data "
                "points x (not implemented): it is differentiable in y, fill_value and the points it is called "
                "at; pass x as a constant (or use kind='linear')")
        order = _np.argsort(_plain(x), kind="mergesort") if not assume_sorted else _np.arange(_np.size(_plain(x)))
        self._x = x[order] if _is_traced(x) else _np.asarray(_plain(x), dtype=float)[order]
        y = _np.moveaxis(y, self.axis, 0)[order]
        if _np.result_type(_peek(y)).kind not in "fc":
            y = y.astype(float)
        self._y = y
        self._extrapolate = isinstance(fill_value, str) and fill_value == "extrapolate"
        below, above = fills if pair else (fills[0], fills[0])
        if self._extrapolate and self._kind in ("previous", "next"):  # (SciPy's fills there)
            below, above = (_np.nan, y[-1]) if self._kind == "previous" else (y[0], _np.nan)
            self._extrapolate = False
        self._fills = (below, above)
        if self._kind == "spline":
            plain_x = _plain(self._x)
            if _np.any(_np.isnan(plain_x)) or _np.any(_np.isnan(_plain(y))):
                raise _NoGradientRule(
                    "wengert.scipy.interpolate.interp1d: x or y holds NaN (SciPy's spline is then NaN "
                    "everywhere): no gradient")
            self._spline = make_interp_spline(plain_x, y, k=_INTERP1D_ORDERS.get(kind, kind), check_finite=False)

    def __call__(self, x):
        """The interpolant at ``x``: shape ``y``'s with the interpolation axis replaced by ``x``'s.

        >>> import numpy as np
        >>> from wengert.scipy.interpolate import interp1d
        >>> interp1d(np.array([0.0, 2.0]), np.array([1.0, 5.0]))(np.array([0.5]))
        array([2.])
        """
        if not self._traced and not _is_traced(x):
            return self._scipy(x)
        self._scipy(_plain(x))  # (SciPy's checks: bounds_error)
        if not self._prepared:
            self._prepare()
        px = _np.reshape(_np.asarray(_plain(x), dtype=float), (-1,))
        t = _np.reshape(x, (-1,))
        xs, ys, n = self._x, self._y, _np.shape(_peek(self._y))[0]
        plain_xs = _np.asarray(_plain(xs))
        trailing = (1,) * (_np.ndim(_peek(ys)) - 1)
        if self._kind == "linear":
            nan = _np.isnan(px)
            hi = _np.clip(_np.searchsorted(plain_xs, _np.where(nan, plain_xs[0], px)), 1, n - 1)
            lo = hi - 1
            t = _np.where(nan, plain_xs[0], t)  # (no NaN reaches the gradients)
            slope = (ys[hi] - ys[lo]) / _np.reshape(xs[hi] - xs[lo], (-1,) + trailing)
            result = slope * _np.reshape(t - xs[lo], (-1,) + trailing) + ys[lo]
            if _np.any(nan):
                result = _np.where(_np.reshape(nan, (-1,) + trailing), _np.nan, result)
        elif self._kind == "spline":
            result = self._spline(t)
        else:
            if _is_traced(x):
                switches = ((plain_xs[1:] / 2.0 + plain_xs[:-1] / 2.0) if self._kind.startswith("nearest")
                            else plain_xs)
                if _np.any(_np.isin(px, switches)):
                    raise _NoGradientRule(
                        f"wengert.scipy.interpolate.interp1d(kind={self._kind!r}) has no derivative in the point "
                        f"at {px[_np.isin(px, switches)][0]!r}: the value it takes switches there. Move the point, "
                        "or pass it as a constant")
            index = _interpolate.interp1d(plain_xs, _np.arange(n, dtype=float), kind=self._kind, bounds_error=False,
                                          fill_value=(0.0, n - 1.0), assume_sorted=True)(px)
            result = ys[_np.nan_to_num(index).astype(_np.intp)]
        if not self._extrapolate:
            below, above = px < plain_xs[0], px > plain_xs[-1]
            for where, fill in ((below, self._fills[0]), (above, self._fills[1])):
                if _np.any(where):
                    result = _np.where(_np.reshape(where, (-1,) + trailing), fill, result)
        x_shape = _np.shape(_plain(x))
        result = _np.reshape(result, x_shape + _np.shape(_peek(ys))[1:])
        if self.axis != 0 and x_shape != ():  # (SciPy's: x's shape in place of the interpolation axis)
            nx, ny = len(x_shape), len(_np.shape(_peek(ys))) - 1
            result = _np.transpose(result, list(range(nx, nx + self.axis)) + list(range(nx))
                                   + list(range(nx + self.axis, nx + ny)))
        return result


for _fn in (RegularGridInterpolator, interpn, CubicSpline, BSpline, make_interp_spline, interp1d):
    _defcomposite(_fn, _fn, names=(f"scipy.interpolate.{_fn.__name__}",))
__all__ = _bind(globals(), "scipy.interpolate")


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)
