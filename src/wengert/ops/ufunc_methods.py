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
from collections import OrderedDict

import numpy as np

from ..primitive import OwnPrimitive
from ..structured import plain_tree
from ._util import peek_value, shape_of
from .reductions import logsumexp
from .shape import astype

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
        if dtype is not None and reduction in (np.max, np.min):
            # (np.max takes no dtype=: the values cast first, as the ufunc's loop does; NumPy's own
            # call checks the cast. It raised "max() got an unexpected keyword argument 'dtype'")
            ufunc.reduce(peek_value(x), axis=axis, dtype=dtype, keepdims=keepdims, **rest)
            x = astype(x, dtype)
        elif dtype is not None:
            rest["dtype"] = dtype
        return reduction(x, axis=axis, keepdims=keepdims, **rest)
    if ufunc is np.logaddexp and dtype is None and not rest:
        return logsumexp(x, axis=axis, keepdims=keepdims)
    if dtype is not None or rest or ufunc.nin != 2 or ufunc.nout != 1:
        return NotImplemented
    # NumPy's own checks (the axes a reduction that is not reorderable allows, no identity
    # for an empty one) and, for an empty axis, its result: a constant. The values are read
    # without a wengert.jit guard: what is decided from them depends on the layout alone,
    # which _layout_verdict guards (a replay at other values of the same layout replays)
    array = peek_value(x)
    with np.errstate(all="ignore"):
        plain = ufunc.reduce(array, axis=axis, keepdims=keepdims)
    if isinstance(axis, tuple):
        if len(axis) != 1:
            return NotImplemented
        axis = axis[0]
    if np.ndim(array) == 0:
        axis = None  # (NumPy's reduce of a 0-d array, along 0 too, is its one element)
    if (np.size(array) if axis is None else shape_of(x)[axis]) == 0:
        return plain
    out = _fold(ufunc, x, axis)
    if not _layout_verdict(x, ufunc, axis):
        array = plain_tree(x)  # a layout the probe does not have: the values decide, guarded
    _refuse_numpys_other_value(ufunc, array, axis, plain, out)
    return np.reshape(out, np.shape(plain)) if keepdims else out


def _fold(ufunc, x, axis):
    """``ufunc`` applied along ``axis`` (an int, or None for the flattened x), one slice at
    a time from the left: the value ``ufunc.reduce`` documents."""
    if axis is None:
        x, axis = np.reshape(x, (-1,)), 0
    out = np.take(x, 0, axis=axis)
    for i in range(1, shape_of(x)[axis]):
        out = ufunc(out, np.take(x, i, axis=axis))
    return out


def _refuse_numpys_other_value(ufunc, array, axis, plain, folded):
    """Refuse where NumPy's own ``ufunc.reduce`` of ``array`` (``plain``) is not the left fold
    it documents (``folded``, what wengert records).

    NumPy 2.0 to 2.5 (AVX-512 builds) compute ``np.power.reduce`` and ``np.arctan2.reduce``
    along an axis of 3 or more that is innermost in memory as another function
    (``np.power.reduce([2.0, 3.0, 1.5])`` is 2 ** 1.5 = 2.83, the fold (2 ** 3) ** 1.5 is
    22.6; along 1,000 entries neither). Differentiating the fold there would give the
    derivative of another function than the user's NumPy code computes, with no error. Which
    function NumPy computes depends on the layout, not on the values (at ``[2.0, 1.0, 1.5]``
    the two values agree and their gradients do not), so NumPy is asked about a probe of
    ``array``'s dtype, shape and memory order (:func:`_probe`; once per layout,
    :func:`_probe_verdict`), then about the values. Both loosely (1%; power's x[0] ** x[-1]
    differs from the fold by 6% or more on the probe): NumPy's strided loops may round
    differently from its loop on one entry, which the recorded fold calls (``np.power.reduce``
    of a reversed axis is the fold, its last bit not always the fold's).
    """
    value = np.reshape(peek_value(folded), np.shape(plain))  # keepdims
    with np.errstate(all="ignore"):
        if _probe_verdict(ufunc, array, axis)[0] and np.allclose(value, plain, rtol=1e-2, atol=0, equal_nan=True):
            return
    raise ValueError(
        f"np.{ufunc.__name__}.reduce: NumPy {np.__version__} computes this axis, in this array's "
        f"memory layout, as another function, not the left fold its documentation gives (x[0] "
        f"op x[1], then op x[2], ...): {plain!r} here, the fold {value!r}. wengert does not "
        f"differentiate another function than the one NumPy computes. Write the fold you mean, "
        f"e.g. functools.reduce(np.{ufunc.__name__}, x) or the last entry of "
        f"np.{ufunc.__name__}.accumulate along the axis, whose values NumPy computes as written")


#: (ufunc, dtype, shape, strides, axis) -> _probe_verdict's answer, for the latest layouts asked
#: about (first in, first out: a hit does not renew an entry)
_VERDICTS: "OrderedDict[tuple, tuple]" = OrderedDict()
_VERDICTS_KEPT = 256


def _probe_verdict(ufunc, array, axis):
    """(whether NumPy's ``ufunc.reduce`` along ``axis`` of :func:`_probe` of ``array`` is the
    fold, the probe's strides or None): a function of the layout alone, asked of NumPy once
    per layout while it is among the latest ``_VERDICTS_KEPT`` asked about)."""
    array = np.asarray(array)
    key = (ufunc, array.dtype, array.shape, array.strides, axis)
    verdict = _VERDICTS.get(key)
    if verdict is None:
        probe = _probe(array, axis)
        if probe is None:
            verdict = True, None
        else:
            with np.errstate(all="ignore"):
                verdict = bool(np.allclose(ufunc.reduce(probe, axis=axis), _fold(ufunc, probe, axis), rtol=1e-2,
                                           atol=0, equal_nan=True)), probe.strides
        _VERDICTS[key] = verdict
        if len(_VERDICTS) > _VERDICTS_KEPT:
            _VERDICTS.popitem(last=False)
    return verdict


def _exact_layout(x, ufunc, axis):
    """True if NumPy reduces ``x`` along ``axis`` with the loop it ran on the probe (the
    probe's strides, aligned) and computed the fold there: the verdict then holds for every
    value of this layout. False for a layout the probe only resembles, or where NumPy
    computes another function (the values decide, then refuse)."""
    array = np.asarray(peek_value(x))  # (a Var of an outer tape under nested runners)
    ok, strides = _probe_verdict(ufunc, array, axis)
    return ok and (strides is None or (strides == array.strides and bool(array.flags.aligned)))


#: :func:`_exact_layout` as a function without gradient: under ``wengert.jit`` its result is a
#: guard, so a replay at a value of another layout records afresh (and is checked)
_layout_verdict = OwnPrimitive(_exact_layout, name="wengert.ufunc_reduce_layout", gradient=False)


def _probe(array, axis):
    """An array of ``array``'s dtype, shape, axis order and stride signs in memory (what
    selects NumPy's inner loop), whose entries along ``axis`` (the flattened array for None)
    are 2, then x_k = exp(c_k - c_(k-1)) with c_0 = -0.1 and c_k in [0, 0.1) irregular: every
    product of a run of them is bounded (nothing overflows) and differs from the others.
    None for a dtype that is not inexact (no gradient to protect)."""
    array = np.asarray(array)
    if not np.issubdtype(array.dtype, np.inexact):
        return None
    n = array.size if axis is None else array.shape[axis]
    c = 0.1 * ((np.arange(n) * 0.6180339887498949) % 1.0)
    c[0] = -0.1
    along = np.exp(np.diff(c, prepend=0.0))
    along[0] = 2.0
    flip = (Ellipsis,) + tuple(slice(None, None, -1) if s < 0 else slice(None) for s in array.strides)
    probe = np.empty_like(array[flip], order="K")[flip]  # (Ellipsis: a 0-d array stays one)
    if axis is None:
        probe[...] = np.reshape(along, array.shape)
    else:
        probe[...] = np.reshape(along, (n,) + (1,) * (array.ndim - 1 - axis % array.ndim))
    return probe


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
