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


# -- max / min: ties share the gradient equally ------------------------------------------------

def _vjp_extremum(ans, x, axis=None, out=None, keepdims=False, **kwargs):
    shape = shape_of(x)

    def pullback(g):
        chosen = x == _restore_reduced(ans, shape, axis, keepdims)
        count = np.sum(chosen, axis=axis, keepdims=True)
        return _restore_reduced(g, shape, axis, keepdims) * chosen / count
    return pullback


for _fn in {np.max, np.amax, np.min, np.amin}:
    defvjp(_fn, _vjp_extremum)


# -- prod ------------------------------------------------------------------------------------

def _vjp_prod_safe(ans, x, axis=None, dtype=None, out=None, keepdims=False, **kwargs):
    """d prod / d x_i = prod of the others, computed without dividing by a zero x_i.

    First order only: the exclusive products are built on the plain values.
    """
    shape = shape_of(x)
    axes = _normalize_axis(axis, len(shape))

    def pullback(g):
        moved = np.moveaxis(np.asarray(x), axes, range(len(axes)))
        flat = moved.reshape((-1,) + moved.shape[len(axes):])
        # Exclusive products from the left and from the right, multiplied.
        left = np.concatenate([np.ones((1,) + flat.shape[1:]), np.cumprod(flat, axis=0)[:-1]])
        right = np.concatenate([np.cumprod(flat[::-1], axis=0)[:-1][::-1], np.ones((1,) + flat.shape[1:])])
        others = np.moveaxis((left * right).reshape(moved.shape), range(len(axes)), axes)
        return _restore_reduced(g, shape, axis, keepdims) * others
    return pullback


defvjp(np.prod, _vjp_prod_safe, higher_order=False)
