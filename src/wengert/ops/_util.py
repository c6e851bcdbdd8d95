"""Helpers shared by the gradient rules (internal; use ``wengert.ops``).

Rules capture metadata (shape, dtype), not arrays, where they can, as autograd's
``unbroadcast_f`` does, so that the tape keeps little alive.
"""
import numpy as np

__all__ = ["unbroadcast", "shape_of"]


def shape_of(x):
    """``np.shape(x)`` without the array_function round trip for common types."""
    if type(x) is float:
        return ()
    shape = getattr(x, "shape", None)
    if shape is not None:
        return shape
    return np.shape(x)


def unbroadcast(g, shape):
    """Sum ``g`` over the axes that broadcasting added or stretched, to ``shape``.

    >>> import numpy as np
    >>> unbroadcast(np.ones((3, 2)), (1, 2))
    array([[3., 3.]])
    """
    gshape = shape_of(g)
    if gshape == shape:
        return g
    extra = len(gshape) - len(shape)
    if extra > 0:
        g = g.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and shape_of(g)[i] != 1)
    if stretched:
        g = g.sum(axis=stretched, keepdims=True)
    return g
