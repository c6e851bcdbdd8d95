"""NumPy, as wengert differentiates it: every function with a gradient rule, by its NumPy name.

Plain NumPy calls on Vars already record themselves (``np.exp(v)``, ``W @ v``), through
``__array_ufunc__`` and ``__array_function__``; this namespace names what is covered, for
explicit use (``import wengert.numpy as wnp``), and adds what NumPy does not have
(the logistic function; ``logsumexp``, ``softmax`` and ``log_softmax``,
stable for large inputs; ``row_stack``, which is ``np.vstack`` without NumPy 2's
deprecation warning) and what it cannot dispatch (``array``, which builds an
array from a nested list of Vars: ``np.array([v, w])`` never reaches wengert; ``r_`` and
``c_``, as ``np.r_[v, w]`` converts its items with ``np.array``). The other names here
are the NumPy functions, which also accept list and tuple arguments holding Vars: NumPy's
dispatch sees only the arguments themselves, so ``np.mean([x, x + 2])`` cannot record
(it raises, naming ``wnp.mean``), while ``wnp.mean([x, x + 2])`` first builds the array
with ``wnp.array``, as ``autograd.numpy`` does. ``wnp.exp.plain is np.exp``.

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
from numpy import iscomplexobj, isrealobj, result_type  # no gradient: type queries
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
from numpy import sort_complex  # sorting: complex numbers (review)
from numpy import (  # shapes and indexing, more (issue 11)
    append, astype, atleast_1d, atleast_2d, atleast_3d, column_stack, copy, cross, delete, diag,
    diagflat, diagonal, dsplit, dstack, fliplr, flipud, full_like, gradient, hsplit, insert,
    linspace, rollaxis, rot90, tril, triu, vsplit,
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

import functools as _functools
from typing import Dict as _Dict, List as _List
import types as _types

from .._backend import Var as _Var
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
    # sorting: complex numbers (review)
    "sort_complex",
    # shapes and indexing
    "array", "array_split", "broadcast_to", "concatenate", "expand_dims", "flip", "hstack",
    "moveaxis", "pad", "ravel", "repeat", "reshape", "roll", "split", "squeeze", "stack",
    "swapaxes", "take", "tile", "transpose", "vstack",
    # shapes and indexing, more (issue 11)
    "append", "astype", "atleast_1d", "atleast_2d", "atleast_3d", "column_stack", "cross", "delete",
    "diag", "diagflat", "diagonal", "dsplit", "dstack", "fliplr", "flipud", "gradient", "hsplit",
    "insert", "linspace", "rollaxis", "rot90", "row_stack", "tril", "triu", "vsplit", "r_", "c_",
    "full", "full_like", "copy",
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
    # no gradient: type queries
    "iscomplexobj", "isrealobj", "result_type",
    # no gradient: positions
    "argpartition", "nanargmax", "nanargmin",
    # about this namespace
    "supported", "first_order_only",
]


def _kind(fn):
    fn = getattr(fn, "plain", fn)
    prim = _lookup(fn) or _OWN_RULES.get(fn)
    if prim is not None:
        return "gradient" if prim.higher_order else "first order"
    if fn in _COMPOSITES or _composite(fn) is not None:
        return "gradient"
    if _is_nondifferentiable(fn):
        return "no gradient"
    return None


def supported() -> _Dict[str, str]:
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
    table: _Dict[str, str] = {}
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


def first_order_only() -> _List[str]:
    """Names of the functions whose second derivative wengert does not provide.

    Differentiating through one of them twice raises :class:`~wengert.NoGradientRule`
    rather than giving a wrong number.

    >>> import wengert.numpy as wnp
    >>> "prod" in wnp.first_order_only()
    False

    .. versionadded:: 0.1
    """
    return [name for name, kind in supported().items() if kind == "first order"]


# -- Vars inside list arguments ----------------------------------------------------------
# Every function of this namespace and of its submodules (linalg...), whoever added it,
# is wrapped once here, when the module is first imported; ``array`` is left as it is.

def _holds_var(x):
    t = type(x)
    if t is _Var:
        return True
    return (t is list or t is tuple) and any(_holds_var(item) for item in x)


def _as_array(x):
    return array(x) if (type(x) is list or type(x) is tuple) and _holds_var(x) else x


def _items_as_arrays(x):
    if type(x) is list or type(x) is tuple:
        return type(x)(_as_array(item) for item in x)
    return x


class ListArgsFunction:
    """A NumPy function (``plain``) that also takes lists and tuples holding Vars.

    Such an argument becomes an array through :func:`array` (one recorded node) before
    ``plain`` is called. For a function that takes a sequence of arrays (registered with
    ``wengert.ops._util.sequence_function``: ``concatenate``, ``stack``,
    ``linalg.multi_dot``...; or a function of wengert's own with ``collects_sequences =
    True``), it is each item of the sequence that becomes an array.
    Every other call goes straight to ``plain``, and its attributes (a ufunc's
    ``reduce``, ``nin``...) are ``plain``'s.

    >>> import wengert as wg, wengert.numpy as wnp
    >>> wg.grad_bp(lambda x: wnp.mean([x, x + 2.0, 3.0 * x]), 1.0)
    1.6666666666666665

    .. versionadded:: 0.1
    """
    wraps_numpy_function = True  # wengert.defvjp(wnp.f, ...) gives the rules to f itself

    def __init__(self, plain, convert):
        _functools.update_wrapper(self, plain, updated=())
        self.plain = plain
        self._convert = convert

    def __call__(self, *args, **kwargs):
        for a in args:
            if type(a) is list or type(a) is tuple:
                return self._converted(args, kwargs)
        if kwargs:
            for a in kwargs.values():
                if type(a) is list or type(a) is tuple:
                    return self._converted(args, kwargs)
        return self.plain(*args, **kwargs)

    def _converted(self, args, kwargs):
        convert = self._convert
        return self.plain(*[convert(a) for a in args], **{k: convert(v) for k, v in kwargs.items()})

    def __getattr__(self, name):
        return getattr(self.plain, name)

    def __repr__(self):
        return f"<wengert.numpy version of {self.plain!r}>"


def _takes_var_lists(fn):
    if fn is array or isinstance(fn, ListArgsFunction) or not callable(fn) or _kind(fn) is None:
        return fn
    takes_sequence = getattr(_lookup(fn) or fn, "collects_sequences", False)
    return ListArgsFunction(fn, _items_as_arrays if takes_sequence else _as_array)


for _namespace, _names in [(globals(), __all__)] + [
        (vars(m), m.__all__) for m in list(globals().values())
        if isinstance(m, _types.ModuleType) and m.__name__.startswith(__name__ + ".")]:
    for _name in _names:
        _namespace[_name] = _takes_var_lists(_namespace[_name])
del _namespace, _names, _name
