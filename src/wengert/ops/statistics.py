"""Statistics and NaN-skipping accumulations: average, cov, corrcoef, ptp, nanprod,
nancumsum, nancumprod, cumulative_sum, cumulative_prod.

Each is declared as a composite (:func:`wengert.primitive.defcomposite`): called on Vars it
runs the same arithmetic as NumPy's own Python code, step for step (so the values are
NumPy's to the bit), through calls whose rules are already exact at their switching
points: ``np.max``/``np.min`` share the gradient of ties equally, ``np.prod`` and
``np.cumprod`` need no division (zeros are exact), ``np.dot`` and ``np.conj`` follow the
complex convention of :mod:`wengert.ops.complexnum`. Derivatives of every order, forward
mode and ``wengert.jit`` replay come from those parts. The decisions these functions take
on values (a NaN mask, weights summing to zero) are NumPy calls on the Vars, which
``wengert.jit`` keeps as guards.
"""
import inspect
import warnings

import numpy as np

from ..errors import NoGradientRule
from ..primitive import defcomposite
from ..structured import is_traced, peek
from ._util import dtype_of, normalize_axis, shape_of
from .complexnum import conj_if_complex, refuse_complex

_NoValue = np._NoValue


_dtype = dtype_of


def as_dtype(x, dtype):
    """``x`` as an array of ``dtype``: a recorded ``astype`` for a Var whose dtype differs,
    a plain conversion otherwise (internal).

    >>> as_dtype([1, 2], np.float64)
    array([1., 2.])
    """
    if is_traced(x):
        return x if _dtype(x) == dtype else x.astype(dtype)
    return np.asarray(x, dtype=dtype)


def _keepdims(keepdims):
    return {} if keepdims is _NoValue else {"keepdims": keepdims}


def _refuse_out(name, out):
    if out is not None:
        raise NoGradientRule(f"numpy.{name}(..., out=...) has no gradient in wengert (it would write "
                             f"into a constant array); use the result of np.{name} instead")


# -- average ----------------------------------------------------------------------------------

def _average(a, axis=None, weights=None, returned=False, *, keepdims=_NoValue):
    """np.average: ``sum(a * w) / sum(w)``, differentiable in ``a`` and in ``weights``."""
    kw = _keepdims(keepdims)
    ndim = len(shape_of(a))
    axes = None if axis is None else normalize_axis(axis, ndim)
    if weights is None:
        avg = np.mean(a, axis=axes, **kw)
        count = int(np.prod(shape_of(a))) / max(int(np.prod(shape_of(avg))), 1)
        scl = _dtype(avg).type(count)
    else:
        a_dtype, w_dtype = _dtype(a), _dtype(weights)
        if issubclass(a_dtype.type, (np.integer, np.bool_)):
            result_dtype = np.result_type(a_dtype, w_dtype, "f8")
        else:
            result_dtype = np.result_type(a_dtype, w_dtype)
        wgt = as_dtype(weights, result_dtype)
        a_shape, w_shape = tuple(shape_of(a)), tuple(shape_of(wgt))
        if a_shape != w_shape:
            if axes is None:
                raise TypeError("Axis must be specified when shapes of a and weights differ.")
            if w_shape != tuple(a_shape[ax] for ax in axes):
                raise ValueError("Shape of weights must be consistent with shape of a along specified axis.")
            wgt = np.transpose(wgt, np.argsort(axes))
            wgt = np.reshape(wgt, tuple(s if ax in axes else 1 for ax, s in enumerate(a_shape)))
        scl = np.sum(wgt, axis=axes, **kw)
        if np.any(scl == 0.0):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        avg = np.sum(as_dtype(a, result_dtype) * wgt, axis=axes, **kw) / scl
    if returned:
        if tuple(shape_of(scl)) != tuple(shape_of(avg)):
            scl = np.broadcast_to(scl, shape_of(avg)) * 1  # a copy, as NumPy returns one
        return avg, scl
    return avg


defcomposite(np.average, _average)


# -- cov, corrcoef ------------------------------------------------------------------------------

def _weights(name, weights, n):
    """fweights / aweights as NumPy checks them, as float64. Checks are NumPy calls on the
    weights, which ``wengert.jit`` keeps as guards (a replay checks again). A Var ``aweights``
    stays a Var (np.cov is differentiable in it, through the same formula as the
    data); ``fweights`` are integer counts, with no gradient: a Var is refused."""
    if weights is None:
        return None
    if is_traced(weights):
        if name == "fweights":
            raise NoGradientRule("numpy.cov has no gradient in fweights (integer counts): pass the fweights "
                                 "as a constant (var.value, wengert.stop_gradient(var)); aweights are "
                                 "differentiable")
        w = as_dtype(weights, np.float64)
    else:
        w = np.asarray(weights, dtype=float)
    if name == "fweights" and not np.all(w == np.around(w)):
        raise TypeError("fweights must be integer")
    if len(shape_of(w)) > 1:
        raise RuntimeError(f"cannot handle multidimensional {name}")
    if shape_of(w)[0] != n:
        raise RuntimeError(f"incompatible numbers of samples and {name}")
    if np.any(w < 0):
        raise ValueError(f"{name} cannot be negative")
    return w


def _rows(m, dtype, transpose):
    """``np.array(m, ndmin=2, dtype=dtype)``, transposed if ``transpose``."""
    x = as_dtype(np.atleast_2d(m), dtype)
    return np.transpose(x) if transpose else x


#: Older NumPys (2.0) leave an m of one row untransposed when rowvar is False (one variable);
#: newer ones transpose it (one observation of each column). Read from NumPy, not its version.
_COV_TRANSPOSES_ONE_ROW = np.cov(np.array([[0.0, 1.0]]), rowvar=False, bias=True).shape == (2, 2)


def _cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *, dtype=None):
    """np.cov, step for step: the centred rows times their conjugate transpose, scaled.

    Differentiable in ``m``, ``y`` and ``aweights``; ``fweights`` are counts
    (no gradient). Unlike NumPy's own (2.4), which multiplies float ``fweights`` by
    ``aweights`` in place, it writes into none of its arguments."""
    if ddof is not None and ddof != int(ddof):
        raise ValueError("ddof must be integer")
    if len(shape_of(m)) > 2:
        raise ValueError("m has more than 2 dimensions")
    if y is not None and len(shape_of(y)) > 2:
        raise ValueError("y has more than 2 dimensions")
    if dtype is None:
        dtype = np.result_type(_dtype(m), np.float64) if y is None else np.result_type(_dtype(m), _dtype(y), np.float64)
    # NumPy transposes m when rowvar is False unless m is 1-d (or, in older NumPys, has one
    # row), and y unless it has one row
    m_shape = shape_of(m)
    m_turns = len(m_shape) != 1 if _COV_TRANSPOSES_ONE_ROW else len(m_shape) == 2 and m_shape[0] != 1
    x = _rows(m, dtype, not rowvar and m_turns)
    if shape_of(x)[0] == 0:
        return np.array([]).reshape(0, 0)
    if y is not None:
        x = np.concatenate((x, _rows(y, dtype, not rowvar and shape_of(np.atleast_2d(y))[0] != 1)), axis=0)
    if ddof is None:
        ddof = 1 if bias == 0 else 0
    n = shape_of(x)[1]
    f = _weights("fweights", fweights, n)
    aw = _weights("aweights", aweights, n)
    w = f if aw is None else (aw if f is None else f * aw)
    avg, w_sum = np.average(x, axis=1, weights=w, returned=True)
    w_sum = w_sum[0]
    if w is None:
        fact = n - ddof
    elif ddof == 0:
        fact = w_sum
    elif aw is None:
        fact = w_sum - ddof
    else:
        fact = w_sum - ddof * np.sum(w * aw) / w_sum
    if fact <= 0:
        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=3)
        fact = 0.0
    x = x - avg[:, None]
    x_t = np.transpose(x) if w is None else np.transpose(x * w)
    c = np.dot(x, conj_if_complex(x_t))
    c = c * np.true_divide(1, fact)
    return np.squeeze(c)


defcomposite(np.cov, _cov)

#: NumPy 2.0 and 2.1 still accept corrcoef's deprecated bias= and ddof= (no effect, a warning).
_CORRCOEF_DEPRECATED = "bias" in inspect.signature(np.corrcoef).parameters


def _corrcoef(x, y=None, rowvar=True, *args, dtype=None, **deprecated):
    """np.corrcoef: cov scaled by the standard deviations, clipped to [-1, 1] as NumPy does
    (the gradient of a clipped entry is 0; on the diagonal, identically 1, that is exact)."""
    unknown = sorted(set(deprecated) - ({"bias", "ddof"} if _CORRCOEF_DEPRECATED else set()))
    if args or unknown:
        raise TypeError(f"corrcoef() got unexpected arguments: {list(args) + unknown}")
    if any(v is not _NoValue for v in deprecated.values()):
        warnings.warn("bias and ddof have no effect and are deprecated", DeprecationWarning, stacklevel=3)
    c = np.cov(x, y, rowvar, dtype=dtype)
    if len(shape_of(c)) == 0:  # one variable: NumPy's diag raises and it returns c / c
        return c / c
    stddev = np.sqrt(np.real(np.diag(c)))
    c = c / stddev[:, None]
    c = c / stddev[None, :]
    if peek(c).dtype.kind == "c":
        return np.clip(np.real(c), -1, 1) + 1j * np.clip(np.imag(c), -1, 1)
    return np.clip(c, -1, 1)


defcomposite(np.corrcoef, _corrcoef)


# -- ptp --------------------------------------------------------------------------------------

def _ptp(a, axis=None, out=None, keepdims=_NoValue):
    """np.ptp = max - min: ties share the gradient equally (np.max's and np.min's convention);
    a slice of equal values gets (1/k - 1/k) = 0 on each."""
    refuse_complex("numpy.ptp", a)
    _refuse_out("ptp", out)
    kw = _keepdims(keepdims)
    return np.max(a, axis=axis, **kw) - np.min(a, axis=axis, **kw)


defcomposite(np.ptp, _ptp)


# -- NaN-skipping products and accumulations ------------------------------------------------------

def _replace_nan(a, value):
    """``a`` with its NaNs replaced by ``value`` (a recorded np.where: no gradient reaches
    them), as NumPy's ``_replace_nan``; integer and boolean arrays as they are."""
    if _dtype(a).kind not in "fc":
        return a
    return np.where(np.isnan(a), value, a)


def _nanprod(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """np.nanprod: the product with NaNs counted as 1 (and given no gradient); zeros are
    exact (np.prod's rule divides by nothing); ``initial=`` and ``where=`` are np.prod's."""
    _refuse_out("nanprod", out)
    kw = {k: v for k, v in (("initial", initial), ("where", where)) if v is not _NoValue}
    return np.prod(_replace_nan(a, 1), axis=axis, dtype=dtype, **_keepdims(keepdims), **kw)


def _nan_accumulation(name, accumulate, fill):
    def accumulation(a, axis=None, dtype=None, out=None):
        _refuse_out(name, out)
        return accumulate(_replace_nan(a, fill), axis=axis, dtype=dtype)
    accumulation.__name__ = f"_{name}"
    accumulation.__doc__ = f"np.{name}: np.{accumulate.__name__} with NaNs counted as {fill} (no gradient there)."
    return accumulation


defcomposite(np.nanprod, _nanprod)
defcomposite(np.nancumsum, _nan_accumulation("nancumsum", np.cumsum, 0))
defcomposite(np.nancumprod, _nan_accumulation("nancumprod", np.cumprod, 1))


# -- cumulative_sum, cumulative_prod (the array API's; NumPy >= 2.1) ---------------------------

def _cumulative(name, accumulate, initial):
    def cumulative(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
        _refuse_out(name, out)
        ndim = len(shape_of(x))
        if axis is None:
            if ndim > 1:
                raise ValueError("For arrays which have more than one dimension ``axis`` argument is required.")
            axis = 0
        if ndim == 0:
            x = np.reshape(x, (1,))
        if dtype is not None:
            x = as_dtype(x, dtype)
        result = accumulate(x, axis=axis)
        if not include_initial:
            return result
        shape = list(shape_of(result))
        shape[axis % len(shape)] = 1
        start = np.full(shape, initial, dtype=_dtype(result))
        return np.concatenate([start, result], axis=axis)
    cumulative.__name__ = f"_{name}"
    cumulative.__doc__ = (f"np.{name}: np.{accumulate.__name__} along one axis, with {initial} first "
                          "if include_initial (a constant).")
    return cumulative


if hasattr(np, "cumulative_sum"):  # NumPy >= 2.1
    defcomposite(np.cumulative_sum, _cumulative("cumulative_sum", np.cumsum, 0))
    defcomposite(np.cumulative_prod, _cumulative("cumulative_prod", np.cumprod, 1))
