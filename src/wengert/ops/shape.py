"""Shapes and indexing, and their VJPs: each NumPy function next to its rule."""
import numpy as np

from ..primitive import Primitive, defvjp, primitive
from ._util import shape_of, unbroadcast


# -- indexing ----------------------------------------------------------------------------

def _is_basic_index(key):
    """True for keys made only of ints, slices, None and Ellipsis (no repeated elements)."""
    parts = key if isinstance(key, tuple) else (key,)
    return all(k is None or k is Ellipsis or isinstance(k, (slice, int, np.integer))
               and not isinstance(k, bool) for k in parts)


@primitive
def untake(g, key, shape, dtype):
    """Scatter ``g`` into zeros of ``shape`` at ``key``, adding where indices repeat."""
    out = np.zeros(shape, dtype=dtype)
    if _is_basic_index(key):
        out[key] = g
    else:
        np.add.at(out, key, g)
    return out


def getitem(x, key):
    """``x[key]`` for arrays; recorded when ``x`` is a Var."""
    return x[key]


getitem = Primitive(getitem, name="getitem")


def _vjp_getitem(ans, x, key):
    shape, dtype = shape_of(x), np.result_type(x)
    return lambda g: untake(g, key, shape, dtype)


defvjp(getitem, _vjp_getitem, None)
defvjp(untake, lambda ans, g, key, shape, dtype: lambda h: getitem(h, key), None, None, None)


# -- reshaping ---------------------------------------------------------------------------

def _vjp_reshape(ans, x, *args, **kwargs):
    shape = shape_of(x)
    return lambda g: np.reshape(g, shape)


defvjp(np.reshape, _vjp_reshape)


def _vjp_transpose(ans, x, axes=None):
    if axes is None:
        return lambda g: np.transpose(g)
    inverse = np.argsort(axes)
    return lambda g: np.transpose(g, inverse)


defvjp(np.transpose, _vjp_transpose)


# -- broadcasting ------------------------------------------------------------------------

def _vjp_broadcast_to(ans, x, shape, **kwargs):
    x_shape = shape_of(x)
    return lambda g: unbroadcast(g, x_shape)


defvjp(np.broadcast_to, _vjp_broadcast_to, None)


def _vjp_expand_dims(ans, x, axis):
    x_shape = shape_of(x)
    return lambda g: np.reshape(g, x_shape)


defvjp(np.expand_dims, _vjp_expand_dims, None)


def _vjp_swapaxes(ans, x, axis1, axis2):
    return lambda g: np.swapaxes(g, axis1, axis2)


defvjp(np.swapaxes, _vjp_swapaxes, None, None)
