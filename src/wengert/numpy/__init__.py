"""NumPy, as wengert differentiates it: every function with a gradient rule, by its NumPy name.

Plain NumPy calls on Vars already record themselves (``np.exp(v)``, ``W @ v``), through
``__array_ufunc__`` and ``__array_function__``; this namespace names what is covered, for
explicit use (``import wengert.numpy as wnp``), and adds what NumPy does not have
(the logistic function; ``logsumexp``, ``softmax`` and ``log_softmax``,
stable for large inputs; ``row_stack``, which is ``np.vstack`` without NumPy 2's
deprecation warning) and what it cannot dispatch (``array``, which builds an
array from a nested list of Vars: ``np.array([v, w])`` never reaches wengert; ``r_`` and
``c_``, as ``np.r_[v, w]`` converts its items with ``np.array``). The other names here
are the NumPy functions themselves, so ``wnp.exp is np.exp``.

:func:`supported` lists every function and how it is differentiated; functions with no
gradient (``argmax``, ``floor``, comparisons...) return plain values, never Vars.

>>> import numpy as np, wengert as wg, wengert.numpy as wnp
>>> wg.grad_bp(lambda x: wnp.sum(wnp.exp(x)), np.zeros(2))
array([1., 1.])

.. versionadded:: 0.1
"""
from numpy import (  # elementwise
    absolute, add, arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, cbrt, clip, cos,
    cosh, deg2rad, divide, exp, exp2, expm1, fabs, float_power, fmax, fmin, hypot, log, log1p,
    log2, log10, logaddexp, logaddexp2, maximum, minimum, multiply, negative, positive, power,
    rad2deg, reciprocal, sin, sinc, sinh, sqrt, square, subtract, tan, tanh, true_divide, where,
)
from numpy import abs  # noqa: A004  (NumPy's name; the same ufunc as absolute)
from numpy import (  # elementwise: remainders, angles, replacements, signs, binary exponents
    copysign, degrees, divmod, fmod, frexp, ldexp, mod, nan_to_num, radians, remainder,
)
from numpy import heaviside, iscomplex, isreal  # no gradient: steps and type tests
from numpy import argpartition, nanargmax, nanargmin  # no gradient: positions
from numpy import (  # reductions
    amax, amin, cumprod, cumsum, diff, max, mean, min, prod, std, sum, trace, var,
)
from numpy import (  # shapes and indexing
    array_split, broadcast_to, concatenate, expand_dims, flip, hstack, moveaxis, pad, ravel,
    repeat, reshape, roll, split, squeeze, stack, swapaxes, take, tile, transpose, vstack,
)
from numpy import (  # sorting, selection, order statistics, NaN-skipping reductions
    median, nanmax, nanmean, nanmin, nanstd, nansum, nanvar, partition, percentile, quantile,
    select, sort,
)
from numpy import nanmedian, nanpercentile, nanquantile  # order statistics skipping NaNs
from numpy import (  # shapes and indexing, more (issue 11)
    append, astype, atleast_1d, atleast_2d, atleast_3d, column_stack, cross, delete, diag, diagflat,
    diagonal, dsplit, dstack, fliplr, flipud, gradient, hsplit, insert, linspace, rollaxis, rot90,
    tril, triu, vsplit, full_like,
)
from numpy import dot, einsum, inner, kron, matmul, outer, tensordot, vdot  # linear algebra
from numpy import angle, conj, conjugate, imag, real, real_if_close  # complex numbers
from . import linalg  # numpy.linalg, listed by supported() as "linalg.<name>"
from . import fft  # numpy.fft, listed by supported() as "fft.<name>"
from numpy import (  # no gradient: plain values
    allclose, argmax, argmin, argsort, array_equal, ceil, count_nonzero, empty_like, equal, floor,
    floor_divide, greater, greater_equal, isclose, isfinite, isinf, isnan, less, less_equal,
    logical_and, logical_not, logical_or, logical_xor, ndim, nonzero, not_equal, ones_like, rint,
    round, shape, sign, signbit, size, trunc, zeros_like,
)

from .._backend import scalar_functions as _scalar_functions
from ..ops.elementwise import ELEMENTARY as _ELEMENTARY
from ..primitive import is_nondifferentiable as _is_nondifferentiable
from ..primitive import lookup as _lookup

from ..ops.reductions import log_softmax, logsumexp, softmax  # reductions: wengert's own
from ..ops.shape import array  # shapes: wengert's own (np.array cannot be dispatched)
from ..ops.shape import c_, full, r_, row_stack  # shapes: wengert's own (np.r_/np.c_ cannot record;
# row_stack is np.vstack without NumPy 2's warning)
from ..primitive import composite as _composite

logistic = _scalar_functions["logistic"]

# wengert's own functions: those with a rule of their own (wg.logistic dispatches to one),
# and those written with differentiable NumPy calls (differentiable by composition).
_OWN_RULES = {logistic: _ELEMENTARY["logistic"]}
_COMPOSITES = {row_stack, r_, c_}

__all__ = [
    # elementwise
    "abs", "absolute", "add", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2",
    "arctanh", "cbrt", "clip", "cos", "cosh", "deg2rad", "divide", "exp", "exp2", "expm1", "fabs",
    "float_power",
    "fmax", "fmin", "hypot", "log", "log1p", "log2", "log10", "logaddexp", "logaddexp2",
    "logistic", "maximum", "minimum", "multiply", "negative", "positive", "power", "rad2deg",
    "reciprocal", "sin", "sinc", "sinh", "sqrt", "square", "subtract", "tan", "tanh", "true_divide",
    "where",
    # elementwise: remainders, angles, replacements, signs, binary exponents
    "copysign", "degrees", "divmod", "fmod", "frexp", "ldexp", "mod", "nan_to_num", "radians",
    "remainder",
    # reductions
    "amax", "amin", "cumprod", "cumsum", "diff", "log_softmax", "logsumexp", "max", "mean",
    "min", "prod", "softmax", "std", "sum", "trace", "var",
    # sorting, selection, order statistics, NaN-skipping reductions
    "median", "nanmax", "nanmean", "nanmin", "nanstd", "nansum", "nanvar", "partition",
    "percentile", "quantile", "select", "sort", "nanmedian", "nanpercentile", "nanquantile",
    # shapes and indexing
    "array", "array_split", "broadcast_to", "concatenate", "expand_dims", "flip", "hstack",
    "moveaxis", "pad", "ravel", "repeat", "reshape", "roll", "split", "squeeze", "stack",
    "swapaxes", "take", "tile", "transpose", "vstack",
    # shapes and indexing, more (issue 11)
    "append", "astype", "atleast_1d", "atleast_2d", "atleast_3d", "column_stack", "cross", "delete",
    "diag", "diagflat", "diagonal", "dsplit", "dstack", "fliplr", "flipud", "gradient", "hsplit",
    "insert", "linspace", "rollaxis", "rot90", "row_stack", "tril", "triu", "vsplit", "r_", "c_",
    "full", "full_like",
    # linear algebra
    "dot", "einsum", "inner", "kron", "matmul", "outer", "tensordot", "vdot",
    # complex numbers
    "angle", "conj", "conjugate", "imag", "real", "real_if_close",
    # no gradient
    "allclose", "argmax", "argmin", "argsort", "array_equal", "ceil", "count_nonzero",
    "empty_like", "equal", "floor", "floor_divide", "greater", "greater_equal", "isclose",
    "isfinite", "isinf", "isnan", "less", "less_equal", "logical_and", "logical_not",
    "logical_or", "logical_xor", "ndim", "nonzero", "not_equal", "ones_like", "rint", "round",
    "shape", "sign", "signbit", "size", "trunc", "zeros_like",
    # no gradient: steps and type tests
    "heaviside", "iscomplex", "isreal",
    # no gradient: positions
    "argpartition", "nanargmax", "nanargmin",
    # about this namespace
    "supported", "first_order_only",
]


def _kind(fn):
    prim = _lookup(fn) or _OWN_RULES.get(fn)
    if prim is not None:
        return "gradient" if prim.higher_order else "first order"
    if fn in _COMPOSITES or _composite(fn) is not None:
        return "gradient"
    if _is_nondifferentiable(fn):
        return "no gradient"
    return None


def supported():
    """Every function of this namespace and how wengert differentiates it.

    Returns a dict ``name -> kind``, where kind is ``"gradient"`` (derivatives of every
    order), ``"first order"`` (a second derivative through it raises) or
    ``"no gradient"`` (it returns plain values).

    >>> import wengert.numpy as wnp
    >>> table = wnp.supported()
    >>> table["exp"], table["argmax"], table["prod"]
    ('gradient', 'no gradient', 'gradient')

    .. versionadded:: 0.1
    """
    table = {}
    for name in __all__:
        if name in ("supported", "first_order_only"):
            continue
        kind = _kind(globals()[name])
        if kind is None:
            raise RuntimeError(f"wengert.numpy.{name} has neither a gradient rule nor a "
                               "no-gradient declaration (internal error)")
        table[name] = kind
    for module, prefix in ((linalg, "linalg"), (fft, "fft")):
        for name in module.__all__:
            table[f"{prefix}.{name}"] = _kind(getattr(module, name))
    return dict(sorted(table.items()))


def first_order_only():
    """Names of the functions whose second derivative wengert does not provide.

    Differentiating through one of them twice raises :class:`~wengert.NoGradientRule`
    rather than giving a wrong number.

    >>> import wengert.numpy as wnp
    >>> "prod" in wnp.first_order_only()
    False

    .. versionadded:: 0.1
    """
    return [name for name, kind in supported().items() if kind == "first order"]
