"""Statistics of a sample: sem, rankdata, mode. Part of :mod:`wengert.scipy.stats`.
"""

import numpy as np

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...primitive import defcomposite as _defcomposite, nondifferentiable as _nondifferentiable
from ...structured import peek as _peek
from ._common import _plain


# -- the standard error of the mean, written with differentiable calls ----------------


def sem(a, axis=0, ddof=1, nan_policy="propagate", *, keepdims=False):
    """The standard error of the mean, ``std(a, ddof=ddof) / sqrt(n)`` along ``axis``
    (``None``: all of ``a``), as ``scipy.stats.sem``, differentiable in ``a`` to every order
    (``np.std``'s rule: where a slice is constant, its derivative is that rule's convention,
    0). ``nan_policy='omit'`` leaves NaNs out (``np.nanstd`` over the count of the others),
    ``'raise'`` refuses them (``ValueError``), ``'propagate'`` gives NaN.

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy import stats
    >>> float(stats.sem(np.array([1.0, 2.0, 3.0, 4.0])))
    0.6454972243679028
    >>> wg.grad_bp(lambda a: stats.sem(a), np.array([1.0, 3.0]))  # |a1 - a0| / 2
    array([-0.5,  0.5])

    .. versionadded:: 0.1
    """
    if nan_policy not in ("propagate", "raise", "omit"):
        raise ValueError("nan_policy must be one of {'propagate', 'raise', 'omit'}")
    ndim = np.ndim(_peek(a))
    if axis is None:
        a, axis = np.reshape(a, (-1,)), 0
        keep_shape = (1,) * ndim
    else:
        keep_shape = None
    shape = np.shape(_peek(a))  # (the shape: no wengert.jit guard; the NaNs only where looked for)
    missing = None
    if nan_policy != "propagate":
        plain = _plain(a)
        missing = np.isnan(plain) if plain.dtype.kind in "fc" else np.zeros(shape, dtype=bool)
    if nan_policy == "raise" and np.any(missing):
        raise ValueError("The input contains nan values")
    if missing is not None and nan_policy == "omit" and np.any(missing):
        spread = np.nanstd(a, axis=axis, ddof=ddof, keepdims=keepdims)
        count = np.sum(~missing, axis=axis, keepdims=keepdims)
    else:
        spread = np.std(a, axis=axis, ddof=ddof, keepdims=keepdims)
        count = shape[axis]
    out = spread / np.sqrt(count)
    return np.reshape(out, keep_shape) if keepdims and keep_shape is not None else out


_defcomposite(sem, sem, names=("scipy.stats.sem",))


# -- ranks and the mode of a sample ---------------------------------------------------


def rankdata(a, method="average", *, axis=None, nan_policy="propagate"):
    """SciPy's ``rankdata`` of the values of ``a``: the ranks are piecewise constant in ``a``
    (they change only where two values cross), so they carry no gradient: called on a Var,
    the result is a plain array, as ``np.argsort``'s (wengert's convention for integer-valued
    results; at a tie, where the ranks jump, the plain value is SciPy's too).

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy import stats
    >>> stats.rankdata(np.array([3.0, 1.0, 3.0]))
    array([2.5, 1. , 2.5])
    >>> float(wg.grad_bp(lambda a: np.sum(a * stats.rankdata(a)), np.array([3.0, 1.0]))[0])  # the ranks
    2.0

    .. versionadded:: 0.1
    """
    from scipy import stats as scipy_stats  # (imported when first used: scipy.stats is slow to import)
    return scipy_stats.rankdata(_plain(a), method=method, axis=axis, nan_policy=nan_policy)


_nondifferentiable(rankdata, names=("scipy.stats.rankdata",))


def mode(a, axis=0, nan_policy="propagate", keepdims=False):
    """SciPy's ``mode``: the most frequent value along ``axis`` (the smallest of the most
    frequent ones) and its count, as SciPy's ``ModeResult``. The count is an integer (a plain
    value). The mode is one of the values of ``a``: where every value of a slice occurs once
    (count 1) it is a smooth function of them (the smallest), and its gradient goes to that
    entry; where a value occurs more than once, any move of one of its copies breaks the tie
    and the mode jumps, so a traced ``a`` with a count above 1 is refused with
    :class:`~wengert.NoGradientRule` (pass ``wengert.stop_gradient(a)`` for the plain mode).

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy import stats
    >>> stats.mode(np.array([2.0, 1.0, 2.0]))
    ModeResult(mode=np.float64(2.0), count=np.int64(2))
    >>> wg.grad_bp(lambda a: stats.mode(a).mode, np.array([2.0, 1.0, 3.0]))  # distinct: the smallest
    array([0., 1., 0.])

    .. versionadded:: 0.1
    """
    from scipy import stats as scipy_stats  # (imported when first used: scipy.stats is slow to import)
    plain = np.asarray(_plain(a))
    result = scipy_stats.mode(plain, axis=axis, nan_policy=nan_policy, keepdims=keepdims)
    if not isinstance(a, (Var, Dual)) or plain.size == 0:
        return result
    if np.any(np.asarray(result.count) > 1):
        raise NoGradientRule(
            "wengert.scipy.stats.mode has no derivative where a value occurs more than once in a slice: "
            "moving one of its copies breaks the tie and the mode jumps. Pass the data as a constant "
            "(wengert.stop_gradient(a)) for the plain mode.")
    at = np.asarray(result.mode)  # the mode, with the axis of its slice kept (size 1)
    if axis is None:
        a, plain, axis, at = np.reshape(a, (-1,)), plain.reshape(-1), 0, at.reshape(1)
    elif not keepdims:
        at = np.expand_dims(at, axis)
    # in each slice, the entry equal to the mode (a NaN entry for a NaN mode), taken from a
    index = np.argmax((plain == at) | (np.isnan(plain) & np.isnan(at)), axis=axis, keepdims=True)
    value = np.reshape(np.take_along_axis(a, index, axis=axis), np.shape(result.mode))
    return type(result)(value, result.count)


_defcomposite(mode, mode, names=("scipy.stats.mode",))
