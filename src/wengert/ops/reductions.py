"""Reductions and their VJPs: each NumPy function next to its rule."""
import numpy as np

from ..primitive import defvjp
from ._util import shape_of


def _normalize_axis(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, tuple):
        return tuple(a % ndim for a in axis)
    return (axis % ndim,)


def _restore_reduced(g, shape, axis, keepdims):
    """Put the reduced axes back into ``g`` (as length-1 axes) so it broadcasts against ``shape``."""
    if keepdims or not shape:
        return g
    axes = _normalize_axis(axis, len(shape))
    return np.expand_dims(g, axes) if axes else g


# -- sum / mean ------------------------------------------------------------------------

def _vjp_sum(ans, x, axis=None, dtype=None, out=None, keepdims=False, **kwargs):
    shape = shape_of(x)
    return lambda g: np.broadcast_to(_restore_reduced(g, shape, axis, keepdims), shape)


defvjp(np.sum, _vjp_sum)


def _vjp_mean(ans, x, axis=None, dtype=None, out=None, keepdims=False, **kwargs):
    shape = shape_of(x)
    count = int(np.prod([shape[a] for a in _normalize_axis(axis, len(shape))]))
    return lambda g: np.broadcast_to(_restore_reduced(g, shape, axis, keepdims), shape) / count


defvjp(np.mean, _vjp_mean)
