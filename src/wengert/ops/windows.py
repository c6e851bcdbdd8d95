"""Windows: ``np.kaiser`` differentiable in ``beta``, the integer-only windows
(``bartlett``, ``blackman``, ``hamming``, ``hanning``), and
``np.lib.stride_tricks.sliding_window_view``, whose gradient adds the overlapping windows
back into their places.
"""
import itertools

import numpy as np

from ..forward import declare_jvp
from ..primitive import defcomposite, defvjp, nondifferentiable
from ..structured import is_traced
from ._util import dtype_of, own_function, shape_of
from .complexnum import refuse_complex

_sliding_window_view = np.lib.stride_tricks.sliding_window_view


# -- windows --------------------------------------------------------------------------------

def _refuse_var_length(name, M):
    if is_traced(M):
        raise TypeError(f"numpy.{name}(M{', beta' if name == 'kaiser' else ''}) takes the number of points M as an integer, which has no "
                        f"gradient; pass a plain int (M.value, or the length you mean) as M")


def kaiser(M, beta):
    """``np.kaiser`` that takes a Var ``beta``: NumPy's own formula,
    ``i0(beta * sqrt(1 - ((n - alpha) / alpha)**2)) / i0(beta)`` with ``alpha = (M - 1) / 2``,
    differentiated through ``np.i0`` (derivatives of every order). ``beta`` is a real scalar;
    ``M``, the number of points, is an integer and cannot be a Var (a clear ``TypeError``).
    For ``M == 1`` the window is ``[1.0]``, whatever ``beta``: its gradient is zero. Without
    a Var it is NumPy's own ``np.kaiser``.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> w = wnp.kaiser(5, 2.0)
    >>> bool(np.allclose(w, np.kaiser(5, 2.0)))
    True
    >>> float(np.round(wg.grad_bp(lambda b: np.sum(wnp.kaiser(5, b)), 2.0), 6))
    -0.839529

    .. versionadded:: 0.1
    """
    _refuse_var_length("kaiser", M)
    if not is_traced(beta):
        return np.kaiser(M, beta)
    refuse_complex("numpy.kaiser", beta)
    if shape_of(beta) != ():
        raise ValueError("numpy.kaiser's beta must be a scalar (one shape parameter for the window)")
    values = np.array([0.0, M, 0.0])  # NumPy's dtype (at least float64) and M as a float
    M = values[1]
    if dtype_of(beta) != values.dtype:
        beta = beta.astype(values.dtype)
    if M == 1:
        return np.ones(1, dtype=values.dtype)
    n = np.arange(0, M)
    alpha = (M - 1) / 2.0
    return np.i0(beta * np.sqrt(1 - ((n - alpha) / alpha) ** 2.0)) / np.i0(beta)


defcomposite(kaiser, kaiser, names=("numpy.kaiser",))


def _integer_window(name):
    numpy_window = getattr(np, name)

    def window(M):
        _refuse_var_length(name, M)
        return numpy_window(M)
    window.__name__ = window.__qualname__ = name
    window.__doc__ = (
        f"``np.{name}(M)``: the window depends on the integer ``M`` alone, so it has no gradient;\n"
        f"    a Var ``M`` is refused with a clear ``TypeError`` (NumPy's own could only say that a Var\n"
        f"    cannot be converted). Multiply a signal Var by the window as by any constant.\n\n"
        f"    >>> import numpy as np, wengert as wg, wengert.numpy as wnp\n"
        f"    >>> g = wg.grad_bp(lambda x: np.sum(x * wnp.{name}(3)), np.ones(3))\n"
        f"    >>> bool(np.array_equal(g, np.{name}(3)))\n"
        f"    True\n\n"
        f"    .. versionadded:: 0.1\n    ")
    return window


for _name in ("bartlett", "blackman", "hamming", "hanning"):
    nondifferentiable(_integer_window(_name), names=(f"numpy.{_name}",))
del _name


# -- sliding_window_view ----------------------------------------------------------------------

def _window_axes(shape, window_shape, axis):
    """NumPy's reading of ``window_shape`` and ``axis``: one axis of ``x`` per window
    dimension (every axis when ``axis`` is None), negative ones counted from the end."""
    window_shape = tuple(window_shape) if np.iterable(window_shape) else (window_shape,)
    ndim = len(shape)
    if axis is None:
        axis = tuple(range(ndim))
    axis = tuple(axis) if np.iterable(axis) else (axis,)
    return tuple(int(w) for w in window_shape), tuple(int(a) % ndim for a in axis)


def overlap_add(g, shape, window_shape, axis):
    """The transpose of ``sliding_window_view(x, window_shape, axis)`` for ``x`` of
    ``shape``: each window of ``g`` added back into the place it was read from (internal).

    >>> overlap_add(np.ones((3, 2)), (4,), (2,), (0,))
    array([1., 2., 2., 1.])
    """
    out = np.zeros(shape, dtype=np.result_type(g))
    n_lead = len(shape)
    trimmed = tuple(shape_of(g))[:n_lead]
    for k in itertools.product(*(range(w) for w in window_shape)):
        start = [0] * n_lead
        for offset, ax in zip(k, axis):
            start[ax] += offset
        out[tuple(slice(s, s + t) for s, t in zip(start, trimmed))] += g[(Ellipsis,) + k]
    return out


# own_function: at third order g may be a Var of an outer tape, which the in-place adds
# above cannot take; overlap_add then records itself, its transpose being the view again.
overlap_add = own_function(overlap_add, "overlap_add", lambda ans, g, shape, window_shape, axis: lambda h: (
    _sliding_window_view(h, window_shape, axis)))


def _vjp_sliding_window_view(ans, x, window_shape, axis=None, **kwargs):
    shape = tuple(shape_of(x))
    window_shape, axis = _window_axes(shape, window_shape, axis)
    return lambda g: overlap_add(g, shape, window_shape, axis)


defvjp(_sliding_window_view, _vjp_sliding_window_view, None,
       names=("numpy.lib.stride_tricks.sliding_window_view",))
declare_jvp("linear", _sliding_window_view, overlap_add)
