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

from ..errors import NoGradientRule as _NoGradientRule
from ..primitive import OwnPrimitive as _Primitive, bind as _bind, defcomposite as _defcomposite, defvjp as _defvjp
from ..primitive import no_such_name as _no_such_name
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


for _fn in (RegularGridInterpolator, interpn):
    _defcomposite(_fn, _fn, names=(f"scipy.interpolate.{_fn.__name__}",))
__all__ = _bind(globals(), "scipy.interpolate")


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)
