"""The methods of differentiable ufuncs (``np.add.reduce``, ``np.multiply.accumulate``,
``np.subtract.outer``) written as calls of NumPy functions that have rules.

Each call dispatches again, so on a Var the method records as its composition does, and on
a forward-mode value it propagates tangents the same way; its derivatives, of every order,
are those of the composition. ``reduce`` and ``accumulate`` of ``add``, ``multiply``,
``maximum``, ``minimum`` (reduce) and ``logaddexp`` (reduce) are the reductions ``sum``,
``prod``, ``max``, ``min``, ``logsumexp``, ``cumsum`` and ``cumprod``; of any other binary
ufunc they are the ufunc applied along the axis, one slice at a time. ``reduceat`` is not
provided.

>>> import numpy as np
>>> as_calls(np.add, "reduce", (np.array([[1.0, 2.0], [3.0, 4.0]]),), {})
array([4., 6.])
>>> as_calls(np.subtract, "outer", (np.array([1.0, 2.0]), np.array([0.5])), {})
array([[0.5],
       [1.5]])
"""
import numpy as np

from ..structured import plain_tree
from ._util import shape_of
from .reductions import logsumexp

__all__ = ["as_calls"]

#: ``ufunc.reduce`` as the NumPy reduction with the same ``axis``, ``keepdims``, ``dtype``,
#: ``initial`` and ``where``.
_REDUCTIONS = {np.add: np.sum, np.multiply: np.prod, np.maximum: np.max, np.minimum: np.min}
#: ``ufunc.accumulate`` as the NumPy accumulation with the same ``axis`` and ``dtype``.
_ACCUMULATIONS = {np.add: np.cumsum, np.multiply: np.cumprod}


def as_calls(ufunc, method, inputs, kwargs):
    """``getattr(ufunc, method)(*inputs, **kwargs)`` computed by calls of functions with
    rules, or ``NotImplemented`` where that is not provided (``reduceat``; ``dtype=``,
    ``initial=`` or ``where=`` in the one-slice-at-a-time form)."""
    if method == "outer" and len(inputs) == 2:
        a, b = inputs
        return ufunc(np.reshape(a, shape_of(a) + (1,) * len(shape_of(b))), b, **kwargs)
    if method == "reduce" and len(inputs) == 1:
        return _reduce(ufunc, inputs[0], **kwargs)
    if method == "accumulate" and len(inputs) == 1:
        return _accumulate(ufunc, inputs[0], **kwargs)
    return NotImplemented


def _reduce(ufunc, x, axis=0, dtype=None, keepdims=False, **rest):
    reduction = _REDUCTIONS.get(ufunc)
    if reduction is not None:
        if dtype is not None:
            rest["dtype"] = dtype
        return reduction(x, axis=axis, keepdims=keepdims, **rest)
    if ufunc is np.logaddexp and dtype is None and not rest:
        return logsumexp(x, axis=axis, keepdims=keepdims)
    if dtype is not None or rest or ufunc.nin != 2 or ufunc.nout != 1:
        return NotImplemented
    # NumPy's own checks (the axes a reduction that is not reorderable allows, no identity
    # for an empty one) and, for an empty axis, its result: a constant
    plain = ufunc.reduce(plain_tree(x), axis=axis, keepdims=keepdims)
    ndim = len(shape_of(x))
    if axis is None:
        x, axis = np.reshape(x, (-1,)), 0
    elif isinstance(axis, tuple):
        if len(axis) != 1:
            return NotImplemented
        axis = axis[0]
    axis = axis + ndim if axis < 0 else axis
    n = shape_of(x)[axis]
    if n == 0:
        return plain
    out = np.take(x, 0, axis=axis)
    for i in range(1, n):
        out = ufunc(out, np.take(x, i, axis=axis))
    _refuse_numpys_other_value(ufunc, plain, out)
    return np.reshape(out, np.shape(plain)) if keepdims else out


def _refuse_numpys_other_value(ufunc, plain, folded):
    """Refuse where NumPy's own ``ufunc.reduce`` is not the left fold it documents.

    NumPy 2.0 to 2.5 return ``x[0] op x[-1]`` from ``np.power.reduce`` and
    ``np.arctan2.reduce`` of a contiguous float axis of 3 or more (``np.power.reduce([2.0,
    3.0, 1.5])`` is 2.83, the fold (2**3)**1.5 is 22.6). Differentiating the fold there would
    give the derivative of another function than the user's NumPy code computes, with no
    error; a reduction that NumPy computes as documented passes.
    """
    value = np.reshape(plain_tree(folded), np.shape(plain))  # keepdims
    if np.array_equal(value, plain, equal_nan=True):
        return
    raise ValueError(
        f"np.{ufunc.__name__}.reduce: NumPy {np.__version__} computes {plain!r} here, not "
        f"the left fold its documentation gives ({value!r}: x[0] op x[1], then op x[2], ...), "
        "and wengert does not differentiate a value that differs from NumPy's. Write the fold "
        f"you mean, e.g. functools.reduce(np.{ufunc.__name__}, x) or the last entry of "
        f"np.{ufunc.__name__}.accumulate along the axis, whose values NumPy computes as written")


def _accumulate(ufunc, x, axis=0, dtype=None):
    accumulation = _ACCUMULATIONS.get(ufunc)
    if accumulation is not None:
        return accumulation(x, axis=axis, dtype=dtype)
    if dtype is not None or ufunc.nin != 2 or ufunc.nout != 1:
        return NotImplemented
    plain = ufunc.accumulate(plain_tree(x), axis=axis)  # NumPy's checks; its empty result
    axis = axis + len(shape_of(x)) if axis < 0 else axis
    n = shape_of(x)[axis]
    if n == 0:
        return plain
    parts = [np.take(x, 0, axis=axis)]
    for i in range(1, n):
        parts.append(ufunc(parts[-1], np.take(x, i, axis=axis)))
    return np.stack(parts, axis=axis)
