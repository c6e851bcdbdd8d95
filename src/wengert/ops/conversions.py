"""Conversions that pass a Var through: ``asanyarray``, ``ascontiguousarray``,
``asfortranarray``, ``asarray_chkfinite`` and ``require``.

NumPy writes these in C (or in Python over ``np.asarray``) without ``__array_function__``
dispatch, so ``np.ascontiguousarray(v)`` can only refuse a Var; ``wengert.numpy`` has
versions that keep it, with NumPy's semantics: the same values, a dtype cast when one is
asked (a recorded ``astype``: a real input gets a real gradient), and a new array (a
recorded ``np.copy``, whose cotangent is ``g``) exactly where NumPy would copy to meet a
memory layout. Each is a composite of recorded calls, so derivatives of every order,
forward mode and ``wengert.jit`` come from those parts; called on anything else than a Var
(or a list holding Vars, see :mod:`wengert.numpy`) they are NumPy's own.
"""
import numpy as np

from ..primitive import defcomposite
from ..structured import is_traced
from ._util import dtype_of, peek_value, shape_of
from .shape import astype

#: require's flag names, as NumPy spells them (its own table, numpy._core._asarray).
_REQUIREMENTS = {"C": "C", "C_CONTIGUOUS": "C", "CONTIGUOUS": "C", "F": "F", "F_CONTIGUOUS": "F",
                 "FORTRAN": "F", "A": "A", "ALIGNED": "A", "W": "W", "WRITEABLE": "W", "O": "O",
                 "OWNDATA": "O", "E": "E", "ENSUREARRAY": "E"}
_FLAG = {"C": "C_CONTIGUOUS", "F": "F_CONTIGUOUS", "A": "ALIGNED", "W": "WRITEABLE", "O": "OWNDATA"}


def _flags(x):
    """The memory flags of a Var's value (None for a number: it becomes a new array). A read
    of structure, not of the values (no ``wengert.jit`` guard): the values are the same
    whether NumPy would copy or not."""
    value = peek_value(x)
    return value.flags if isinstance(value, np.ndarray) else None


def _as_var_array(a, dtype, ndmin=0):
    """The Var ``a`` as an array Var of ``dtype`` with at least ``ndmin`` dimensions: a
    Python number becomes a 0-d array, a dtype other than its own a recorded cast."""
    if not isinstance(peek_value(a), np.ndarray):
        a = np.copy(a)  # (np.reshape keeps a NumPy scalar a scalar)
    if len(shape_of(a)) < ndmin:
        a = np.reshape(a, (1,) * ndmin)
    if dtype is not None and np.dtype(dtype) != dtype_of(a):
        a = astype(a, dtype)
    return a


def _laid_out(a, order):
    """``a`` itself if its value is already ``order``-contiguous ("C" or "F"), else a recorded
    copy in that order (as NumPy copies exactly then)."""
    flags = _flags(a)
    if flags is None or not flags["C_CONTIGUOUS" if order == "C" else "F_CONTIGUOUS"]:
        return np.copy(a, order=order)
    return a


def asanyarray(a, dtype=None, order=None, **kwargs):
    """``np.asanyarray`` that keeps Vars: as :func:`wengert.numpy.asarray` (a Var holding an
    array of the dtype asked is returned as it is; another dtype is a recorded cast; a Var
    holding a Python number becomes a 0-d array). Anything else is NumPy's own.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> wg.grad_bp(lambda x: np.sum(wnp.asanyarray(x, dtype=np.float32) * 3.0), np.ones(2))
    array([3., 3.])

    .. versionadded:: 0.1
    """
    if not is_traced(a):
        return np.asanyarray(a, dtype=dtype, order=order, **kwargs)
    a = _as_var_array(a, dtype)
    return _laid_out(a, order) if order in ("C", "F") else a


def ascontiguousarray(a, dtype=None, **kwargs):
    """``np.ascontiguousarray`` that keeps Vars: the same values as a C-contiguous array with
    at least one dimension (a 0-d input comes back with shape ``(1,)``, as NumPy's does), a
    recorded copy only where the value is not C-contiguous already, a recorded cast where a
    ``dtype`` is asked. Anything else is NumPy's own.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> wg.grad_bp(lambda m: np.sum(wnp.ascontiguousarray(m.T) * np.arange(4.0).reshape(2, 2)),
    ...            np.ones((2, 2)))
    array([[0., 2.],
           [1., 3.]])
    >>> wg.eval_bp(lambda m: wnp.ascontiguousarray(m.T).flags.c_contiguous, np.ones((2, 2)))
    True

    .. versionadded:: 0.1
    """
    if not is_traced(a):
        return np.ascontiguousarray(a, dtype=dtype, **kwargs)
    return _laid_out(_as_var_array(a, dtype, ndmin=1), "C")


def asfortranarray(a, dtype=None, **kwargs):
    """``np.asfortranarray`` that keeps Vars: as :func:`ascontiguousarray`, in Fortran
    (column-major) order.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> wg.eval_bp(lambda m: wnp.asfortranarray(m).flags.f_contiguous, np.ones((2, 3)))
    True
    >>> wg.grad_bp(lambda m: np.sum(wnp.asfortranarray(m) ** 2), np.array([[1.0, 2.0]]))
    array([[2., 4.]])

    .. versionadded:: 0.1
    """
    if not is_traced(a):
        return np.asfortranarray(a, dtype=dtype, **kwargs)
    return _laid_out(_as_var_array(a, dtype, ndmin=1), "F")


def asarray_chkfinite(a, dtype=None, order=None):
    """``np.asarray_chkfinite`` that keeps Vars: :func:`asanyarray`'s conversion, then
    NumPy's ``ValueError`` if a floating-point (or complex) value holds an infinity or a NaN
    (a check on the values: ``wengert.jit`` keeps it as a guard, so a replay checks again).

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> wg.grad_bp(lambda x: np.sum(wnp.asarray_chkfinite(x) ** 2), np.array([1.0, -2.0]))
    array([ 2., -4.])
    >>> wg.grad_bp(lambda x: np.sum(wnp.asarray_chkfinite(x * np.inf)), np.array([1.0]))
    Traceback (most recent call last):
    ...
    ValueError: array must not contain infs or NaNs

    .. versionadded:: 0.1
    """
    if not is_traced(a):
        return np.asarray_chkfinite(a, dtype=dtype, order=order)
    a = asanyarray(a, dtype=dtype, order=order)
    if dtype_of(a).char in np.typecodes["AllFloat"] and not np.all(np.isfinite(a)):
        raise ValueError("array must not contain infs or NaNs")
    return a


def require(a, dtype=None, requirements=None, **kwargs):
    """``np.require`` that keeps Vars: the value as an array of ``dtype`` (a recorded cast)
    meeting ``requirements`` ("C", "F", "A", "W", "O", "E" and their long names), through a
    recorded copy exactly where NumPy's would copy. Asking both "C" and "F" raises NumPy's
    ``ValueError``. Anything else is NumPy's own.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> g = wg.grad_bp(lambda m: np.sum(wnp.require(m.T, requirements="CO") * [1.0, 2.0]),
    ...                np.ones((2, 2)))
    >>> g
    array([[1., 1.],
           [2., 2.]])

    .. versionadded:: 0.1
    """
    if not is_traced(a):
        return np.require(a, dtype=dtype, requirements=requirements, **kwargs)
    if kwargs:  # like=: NumPy's array-creation protocol, for plain inputs only
        raise TypeError(f"require() got unexpected keyword arguments for a Var: {sorted(kwargs)}")
    a = _as_var_array(a, dtype)
    if not requirements:
        return a
    wanted = {_REQUIREMENTS[r.upper()] for r in requirements}
    wanted.discard("E")  # a Var's value is a base ndarray already
    if {"C", "F"} <= wanted:
        raise ValueError('Cannot specify both "C" and "F" order')
    order = "F" if "F" in wanted else "C" if "C" in wanted else "A"
    if order != "A":
        a = _laid_out(a, order)
    flags = _flags(a)
    if any(not flags[_FLAG[r]] for r in wanted - {"C", "F"}):
        return np.copy(a, order=order)  # NumPy's arr.copy(order): "A" keeps a Fortran layout
    return a


for _fun, _name in ((asanyarray, "asanyarray"), (ascontiguousarray, "ascontiguousarray"),
                    (asfortranarray, "asfortranarray"), (asarray_chkfinite, "asarray_chkfinite"),
                    (require, "require")):
    # wengert's own (NumPy's have no dispatch), made of recorded calls
    defcomposite(_fun, _fun, names=(f"numpy.{_name}",))
del _fun, _name
