"""``scipy.fft``'s discrete cosine transforms and their VJPs (internal; use
``wengert.scipy.fft``): ``dct``, ``idct``, ``dctn``, ``idctn``, every type (1 to 4) and
``norm`` (``"backward"``/None, ``"ortho"``, ``"forward"``), real or complex.

Each transform is linear, ``y = D x`` along an axis, and its pullback is ``D^T g``, written
with the transforms themselves (so derivatives of every order come by composition). With
``B_t`` the unnormalized (``"backward"``) DCT of type ``t``: ``B_1^T g = c * B_1(g / c)``
(``c = [1, 2, ..., 2, 1]``), ``B_2^T g = B_3(w * g)`` (``w = [2, 1, ..., 1]``),
``B_3^T g = B_2(g) / w``, ``B_4^T = B_4``; ``"forward"`` divides ``B_t`` by ``2(N - 1)``
(type 1) or ``2N``, and ``"ortho"`` (orthogonalized, SciPy's default for it) is orthogonal,
so its transpose is its inverse, ``idct(g, type, norm="ortho")``. The inverse of the type
``t`` with norm ``n`` is the type ``2 <-> 3`` (1 and 4 themselves) with ``"backward"`` and
``"forward"`` swapped. ``n``/``s`` (padding or cropping the input) and ``orthogonalize``
other than SciPy's default are refused with a ``ValueError``.
"""
import numpy as np
import scipy.fft as _sf

from ..primitive import OwnPrimitive, defvjp
from ..structured import plain_numbers as plain_value

#: the type of the inverse transform
_INVERSE_TYPE = {1: 1, 2: 3, 3: 2, 4: 4}
_INVERSE_NORM = {None: "forward", "backward": "forward", "forward": "backward", "ortho": "ortho"}


def _own(fun, name):
    prim = OwnPrimitive(fun, name=f"scipy.fft.{name}", reenters="any", names=(f"scipy.fft.{name}",))
    prim.__name__ = prim.__qualname__ = name
    return prim


def _check(name, type, norm, padding, orthogonalize):
    if type not in (1, 2, 3, 4):
        raise ValueError(f"scipy.fft.{name}: type must be 1, 2, 3 or 4, got {type!r}")
    if norm not in _INVERSE_NORM:
        raise ValueError(f'scipy.fft.{name}: norm must be None, "backward", "ortho" or "forward", got {norm!r}')
    if padding is not None:
        raise ValueError(f"scipy.fft.{name}: wengert differentiates the transform of the whole input "
                         "(n=None / s=None); pad or crop the input first (np.pad, slicing)")
    if orthogonalize is not None:
        raise ValueError(f"scipy.fft.{name}: wengert differentiates SciPy's default orthogonalization "
                         "(orthogonalize=None) only")


def _dct(x, type=2, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, orthogonalize=None):
    _check("dct", type, norm, n, orthogonalize)
    return _sf.dct(np.asarray(x), type=type, axis=axis, norm=norm, workers=workers)


def _idct(x, type=2, n=None, axis=-1, norm=None, overwrite_x=False, workers=None, orthogonalize=None):
    _check("idct", type, norm, n, orthogonalize)
    return _sf.idct(np.asarray(x), type=type, axis=axis, norm=norm, workers=workers)


def _dctn(x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None, *, orthogonalize=None):
    _check("dctn", type, norm, s, orthogonalize)
    return _sf.dctn(np.asarray(x), type=type, axes=axes, norm=norm, workers=workers)


def _idctn(x, type=2, s=None, axes=None, norm=None, overwrite_x=False, workers=None, *, orthogonalize=None):
    _check("idctn", type, norm, s, orthogonalize)
    return _sf.idctn(np.asarray(x), type=type, axes=axes, norm=norm, workers=workers)


dct = _own(_dct, "dct")
idct = _own(_idct, "idct")
dctn = _own(_dctn, "dctn")
idctn = _own(_idctn, "idctn")

dct.__doc__ = """The discrete cosine transform along ``axis``, as ``scipy.fft.dct`` (``n=None``,
    ``orthogonalize=None``), differentiable to any order, real or complex.

    >>> import numpy as np, wengert as wg, wengert.scipy.fft as wsf
    >>> wg.grad_bp(lambda x: wsf.dct(x)[0], np.ones(3))  # y_0 = 2 sum(x)
    array([2., 2., 2.])

    .. versionadded:: 0.1
    """
idct.__doc__ = """The inverse discrete cosine transform along ``axis``, as ``scipy.fft.idct``
    (``n=None``, ``orthogonalize=None``), differentiable to any order, real or complex.

    >>> import numpy as np, wengert.scipy.fft as wsf
    >>> x = np.array([1.0, 2.0, 4.0])
    >>> bool(np.allclose(wsf.idct(wsf.dct(x, type=3), type=3), x))
    True

    .. versionadded:: 0.1
    """
dctn.__doc__ = """The N-dimensional discrete cosine transform over ``axes`` (all by default),
    as ``scipy.fft.dctn`` (``s=None``), differentiable to any order.

    >>> import numpy as np, wengert as wg, wengert.scipy.fft as wsf
    >>> wg.grad_bp(lambda x: wsf.dctn(x, norm="ortho")[0, 0], np.ones((2, 2)))
    array([[0.5, 0.5],
           [0.5, 0.5]])

    .. versionadded:: 0.1
    """
idctn.__doc__ = """The N-dimensional inverse discrete cosine transform over ``axes``, as
    ``scipy.fft.idctn`` (``s=None``), differentiable to any order.

    >>> import numpy as np, wengert.scipy.fft as wsf
    >>> x = np.arange(6.0).reshape(2, 3)
    >>> bool(np.allclose(wsf.idctn(wsf.dctn(x)), x))
    True

    .. versionadded:: 0.1
    """


def _along(weights, ndim, axis):
    """``weights`` shaped to multiply an array of ``ndim`` dimensions along ``axis``."""
    shape = [1] * ndim
    shape[axis] = len(weights)
    return np.reshape(weights, shape)


def _transposed(g, type, norm, axis):
    """``D^T g`` for the DCT ``D`` of ``type`` and ``norm`` along ``axis``."""
    if norm == "ortho":
        return idct(g, type=type, axis=axis, norm="ortho")
    ndim = np.ndim(plain_value(g))
    n = np.shape(plain_value(g))[axis]
    if type == 1:
        c = _along(np.concatenate([[1.0], np.full(n - 2, 2.0), [1.0]]), ndim, axis)
        out = c * dct(g / c, type=1, axis=axis)
    elif type == 2:
        out = dct(g * _along(np.concatenate([[2.0], np.ones(n - 1)]), ndim, axis), type=3, axis=axis)
    elif type == 3:
        out = dct(g, type=2, axis=axis) * _along(np.concatenate([[0.5], np.ones(n - 1)]), ndim, axis)
    else:
        out = dct(g, type=4, axis=axis)
    if norm == "forward":
        out = out / (2.0 * (n - 1) if type == 1 else 2.0 * n)
    return out


def _axes(x, axes):
    ndim = np.ndim(plain_value(x))
    if axes is None:
        return range(ndim)
    return [axes] if np.ndim(axes) == 0 else list(axes)


def _vjp_dct(ans, x, type=2, n=None, axis=-1, norm=None, **_):
    return lambda g: _transposed(g, type, norm, axis)


def _vjp_idct(ans, x, type=2, n=None, axis=-1, norm=None, **_):
    return lambda g: _transposed(g, _INVERSE_TYPE[type], _INVERSE_NORM[norm], axis)


def _vjp_dctn(ans, x, type=2, s=None, axes=None, norm=None, **_):
    def pullback(g):
        for axis in _axes(x, axes):  # a product of commuting transforms: any order
            g = _transposed(g, type, norm, axis)
        return g
    return pullback


def _vjp_idctn(ans, x, type=2, s=None, axes=None, norm=None, **_):
    def pullback(g):
        for axis in _axes(x, axes):
            g = _transposed(g, _INVERSE_TYPE[type], _INVERSE_NORM[norm], axis)
        return g
    return pullback


defvjp(dct, _vjp_dct)
defvjp(idct, _vjp_idct)
defvjp(dctn, _vjp_dctn)
defvjp(idctn, _vjp_idctn)
