"""Forward mode's value type, ``Dual``, in pure Python: the reference twin of
``csrc/wengert/_dual.pyx`` (internal; made by ``wengert.jvp``, documented in
``wengert.forward``). A change to ``_dual.pyx`` changes this file too.

A Dual holds a primal value and its tangent in one forward pass (its ``tag``). A Dual of
a Python float with a float tangent is ``scalar``: its arithmetic (``+ - * / **`` and
negation) with floats, ints and scalar Duals of the same pass is computed here directly,
as are the elementary functions of the scalar op table (``wengert.exp``..., in
``wengert._scalar_py``). Everything else (arrays, other passes, Vars, NumPy calls)
goes to the rules of ``wengert.forward``, which installs itself here
(:func:`install`).
"""
from typing import Any

from ._var_py import _checked_pow, _dpow_dbase, _dpow_dexponent

_fw: Any = None  # wengert.forward, once it has called install()

_ADD, _SUB, _MUL, _DIV = 0, 1, 2, 3
_NAMES = ("add", "subtract", "multiply", "true_divide")


def install(module: Any) -> None:
    """Give Duals their slow paths: the functions ``_dual_*`` of ``module`` (wengert.forward)."""
    global _fw
    _fw = module


class Deferred:
    """A primal computed when first read: ``fun(*args)``, whose ``shape`` and ``dtype`` are
    known without computing it (internal: ``wengert.forward`` defers a product whose value
    the transform may never read, the weight gradients under ``wengert.hvp``)."""
    __slots__ = ("fun", "args", "shape", "dtype")

    def __init__(self, fun, args, shape, dtype):
        self.fun = fun
        self.args = args
        self.shape = shape
        self.dtype = dtype


class Dual:
    """A value and its tangent in a forward pass (made by :func:`wengert.jvp`, not by hand).

    NumPy calls, arithmetic, indexing and array methods on a Dual compute the primal
    result and its tangent together. ``d.primal`` and ``d.tangent`` are the two parts.

    >>> import numpy as np, wengert as wg
    >>> bool(wg.jvp(lambda x: np.sin(x) * x, (0.5,), (1.0,))[1] == np.cos(0.5) * 0.5 + np.sin(0.5))
    True
    """
    __slots__ = ("_primal", "tangent", "tag", "scalar")
    __array_priority__ = 200.0  # above Var's, below nothing NumPy knows

    def __init__(self, primal, tangent, tag):
        self._primal = primal
        self.tangent = tangent
        self.tag = tag
        self.scalar = type(primal) is float and type(tangent) is float

    @property
    def primal(self):
        p = self._primal
        if type(p) is Deferred:  # computed now, once
            p = self._primal = p.fun(*p.args)
        return p

    @property
    def deferred(self):
        """True while the primal is a :class:`Deferred` not yet computed."""
        return type(self._primal) is Deferred

    def __repr__(self):
        return f"Dual({self.primal!r}, {self.tangent!r})"

    # -- what NumPy and the tape read from a value
    # (of a deferred primal, read without computing it)
    @property
    def shape(self):
        if self.scalar:
            return ()
        if type(self._primal) is Deferred:
            return self._primal.shape
        return _fw._dual_shape(self)

    @property
    def dtype(self):
        if type(self._primal) is Deferred:
            return self._primal.dtype
        return _fw._dual_dtype(self)

    @property
    def ndim(self):
        if self.scalar:
            return 0
        if type(self._primal) is Deferred:
            return len(self._primal.shape)
        return _fw._dual_ndim(self)

    @property
    def size(self):
        if self.scalar:
            return 1
        if type(self._primal) is Deferred:
            n = 1
            for k in self._primal.shape:
                n *= k
            return n
        return _fw._dual_size(self)

    def __len__(self):
        return _fw._dual_len(self)

    def __iter__(self):
        return _fw._dual_iter(self)

    def __bool__(self):
        return bool(self.primal)

    def __float__(self):
        _fw._dual_no_conversion(self)

    __int__ = __index__ = __complex__ = __float__

    def __array__(self, dtype=None, copy=None):
        _fw._dual_no_array(self)

    def __reduce__(self):
        raise TypeError("a forward-mode value cannot be pickled or copied; use its primal")

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return _fw._dual_array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return _fw._dual_array_function(func, args, kwargs)

    def __getitem__(self, key):
        return _fw._dual_getitem(self, key)

    def __getattr__(self, name):
        return _fw._dual_getattr(self, name)

    # comparisons act on the values and give plain results, as on Vars
    def __eq__(self, other):
        return _fw._dual_compare(self, other, 2)

    def __ne__(self, other):
        return _fw._dual_compare(self, other, 3)

    def __lt__(self, other):
        return _fw._dual_compare(self, other, 0)

    def __le__(self, other):
        return _fw._dual_compare(self, other, 1)

    def __gt__(self, other):
        return _fw._dual_compare(self, other, 4)

    def __ge__(self, other):
        return _fw._dual_compare(self, other, 5)

    __hash__ = None  # type: ignore[assignment]

    def __neg__(self):
        if self.scalar:
            return _scalar_dual(-self._primal, -self.tangent, self.tag)
        return _fw._dual_unary("negative", self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _fw._dual_unary("absolute", self)

    def __add__(self, other):
        return _arith(_ADD, self, other, False)

    def __radd__(self, other):
        return _arith(_ADD, self, other, True)

    def __sub__(self, other):
        return _arith(_SUB, self, other, False)

    def __rsub__(self, other):
        return _arith(_SUB, self, other, True)

    def __mul__(self, other):
        return _arith(_MUL, self, other, False)

    def __rmul__(self, other):
        return _arith(_MUL, self, other, True)

    def __truediv__(self, other):
        return _arith(_DIV, self, other, False)

    def __rtruediv__(self, other):
        return _arith(_DIV, self, other, True)

    def __pow__(self, other, mod=None):
        if mod is None and self.scalar:
            return _power(self, other, False)
        return _fw._dual_binary("power", False, self, other)

    def __rpow__(self, other, mod=None):
        if mod is None and self.scalar:
            return _power(self, other, True)
        return _fw._dual_binary("power", True, self, other)

    def __matmul__(self, other):
        return _fw._dual_binary("matmul", False, self, other)

    def __rmatmul__(self, other):
        return _fw._dual_binary("matmul", True, self, other)

    def __floordiv__(self, other):
        return _fw._dual_binary("floor_divide", False, self, other)

    def __rfloordiv__(self, other):
        return _fw._dual_binary("floor_divide", True, self, other)

    def __mod__(self, other):
        return _fw._dual_binary("remainder", False, self, other)

    def __rmod__(self, other):
        return _fw._dual_binary("remainder", True, self, other)

    def __divmod__(self, other):
        return _fw._dual_binary("divmod", False, self, other)

    def __rdivmod__(self, other):
        return _fw._dual_binary("divmod", True, self, other)


def scalar_dual(p: float, t: float, tag: Any) -> Dual:
    """A scalar Dual of the floats ``p`` and ``t`` in the pass ``tag``."""
    d = Dual.__new__(Dual)
    d._primal = p
    d.tangent = t
    d.tag = tag
    d.scalar = True
    return d


_scalar_dual = scalar_dual


def _arith(op, x, other, reflected):
    # x (op) other, or other (op) x if reflected: directly when both are scalar in x's pass
    kind = type(other)
    if not x.scalar:
        return _fw._dual_binary(_NAMES[op], reflected, x, other)
    if kind is Dual:
        if not other.scalar or other.tag is not x.tag:
            return _fw._dual_binary(_NAMES[op], reflected, x, other)
        b, tb, other_has = other._primal, other.tangent, True  # (a float: never deferred)
    elif kind is float or kind is int:
        b, tb, other_has = float(other), 0.0, False  # OverflowError for an int too large
    else:
        return _fw._dual_binary(_NAMES[op], reflected, x, other)
    a, ta = x._primal, x.tangent
    if reflected:  # other (op) x
        left, tl, right, tr = b, tb, a, ta
        if op == _ADD:
            return _scalar_dual(left + right, tl + tr if other_has else tr, x.tag)
        if op == _SUB:
            return _scalar_dual(left - right, tl - tr if other_has else -tr, x.tag)
        if op == _MUL:
            return _scalar_dual(left * right, tl * right + left * tr if other_has else left * tr, x.tag)
        if right == 0.0:
            raise ZeroDivisionError("float division by zero")
        ans = left / right
        return _scalar_dual(ans, tl / right - tr * ans / right if other_has else -tr * ans / right, x.tag)
    left, tl, right, tr = a, ta, b, tb
    if op == _ADD:
        return _scalar_dual(left + right, tl + tr if other_has else tl, x.tag)
    if op == _SUB:
        return _scalar_dual(left - right, tl - tr if other_has else tl, x.tag)
    if op == _MUL:
        return _scalar_dual(left * right, tl * right + left * tr if other_has else tl * right, x.tag)
    if right == 0.0:
        raise ZeroDivisionError("float division by zero")
    ans = left / right
    return _scalar_dual(ans, tl / right - tr * ans / right if other_has else tl / right, x.tag)


def _power(x, other, reflected):
    # x ** other (other ** x if reflected) directly when both are scalar in x's pass, with
    # the values, errors and partial derivatives of a scalar Var's ** (Python's float **:
    # 0 ** negative and negative ** fraction raise; d/dx sqrt at 0 is +inf, as reverse mode)
    kind = type(other)
    if kind is Dual:
        if not other.scalar or other.tag is not x.tag:
            return _fw._dual_binary("power", reflected, x, other)
        b, tb, other_has = other._primal, other.tangent, True  # (a float: never deferred)
    elif kind is float or kind is int:
        b, tb, other_has = float(other), 0.0, False
    else:
        return _fw._dual_binary("power", reflected, x, other)
    a = x._primal
    if reflected:  # b ** a
        r = _checked_pow(b, a)
        return _scalar_dual(r, x.tangent * _dpow_dexponent(b, r), x.tag)
    r = _checked_pow(a, b)
    if other_has:
        return _scalar_dual(r, x.tangent * _dpow_dbase(a, b) + tb * _dpow_dexponent(a, r), x.tag)
    return _scalar_dual(r, x.tangent * _dpow_dbase(a, b), x.tag)
