"""``scipy.signal``, as wengert differentiates it.

``scipy.signal.convolve`` converts its arguments to arrays, which a Var refuses: call
this one, which takes the same arguments, gives SciPy's values and is differentiable in
both arguments to any order. So are ``correlate``, ``fftconvolve``, ``convolve2d``,
``correlate2d`` and ``detrend`` (breadth11).

>>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
>>> wg.grad_bp(lambda k: np.sum(wss.convolve(np.arange(4.0), k, mode="valid")), np.ones(2))
array([6., 3.])

.. versionadded:: 0.1
"""
from typing import Any as _Any

from ..ops import scipy_linalg as _scipy_linalg  # noqa: F401  (declares the functions bound here)
from ..primitive import bind as _bind
from ..primitive import no_such_name as _no_such_name

__all__ = _bind(globals(), "scipy.signal")


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)


# -- breadth11: detrend, a linear projection written with differentiable calls -------------------
import numpy as _np  # noqa: E402

from ..primitive import defcomposite as _defcomposite  # noqa: E402
from ..structured import peek as _peek  # noqa: E402


def detrend(data, axis=-1, type="linear", bp=0, overwrite_data=False):
    """``data`` without its trend along ``axis``, as ``scipy.signal.detrend``:
    ``type='constant'`` subtracts the mean; ``type='linear'`` (the default) subtracts the
    least-squares line of each segment between the break points ``bp``. Both are linear
    projections (``x - P x``, ``P`` symmetric, built from the plain shape), differentiable
    in ``data`` to any order, real or complex; ``data`` is never overwritten.

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> np.round(wss.detrend(np.array([1.0, 2.0, 4.0])), 12)
    array([ 0.16666667, -0.33333333,  0.16666667])
    >>> wg.grad_bp(lambda x: wss.detrend(x, type="constant")[0], np.zeros(2))
    array([ 0.5, -0.5])

    .. versionadded:: 0.1
    """
    if type not in ("linear", "l", "constant", "c"):
        raise ValueError("Trend type must be 'linear' or 'constant'.")
    shape = _np.shape(_peek(data))
    if type in ("constant", "c"):
        return data - _np.mean(data, axis=axis, keepdims=True)
    n = shape[axis]
    breaks = _np.sort(_np.unique(_np.concatenate(_np.atleast_1d(0, bp, n))))
    if _np.any(breaks > n):
        raise ValueError("Breakpoints must be less than length of data along given axis.")
    moved = _np.moveaxis(data, axis, 0)
    pieces = []
    for start, stop in zip(breaks[:-1], breaks[1:]):
        count = int(stop - start)
        basis = _np.stack([_np.arange(1, count + 1) / count, _np.ones(count)], axis=1)
        projection = basis @ _np.linalg.pinv(basis)  # onto the lines (symmetric)
        segment = moved[int(start):int(stop)]
        pieces.append(segment - _np.tensordot(projection, segment, axes=1))
    out = _np.concatenate(pieces, axis=0) if len(pieces) > 1 else pieces[0]
    if _np.result_type(_peek(out)).char not in "dfDF":
        out = out.astype(float)
    return _np.moveaxis(out, 0, axis)


_defcomposite(detrend, detrend, names=("scipy.signal.detrend",))
__all__ = _bind(globals(), "scipy.signal")
