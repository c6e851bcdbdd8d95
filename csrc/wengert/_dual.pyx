"""Forward mode's value type, ``Dual`` (internal; made by ``wengert.jvp``, documented in
``wengert.forward``).

A Dual holds a primal value and its tangent in one forward pass (its ``tag``). A Dual of
a Python float with a float tangent keeps both as C doubles: its arithmetic (``+ - * / **``
and negation) with floats, ints and scalar Duals of the same pass is computed here with no
Python call, as are the elementary functions of the scalar op table (``wengert.exp``...,
in ``wengert._scalar``), so that a scalar ``jvp`` costs about what the float arithmetic
does. Everything else (arrays, other passes, Vars, NumPy calls) goes to the
rules of ``wengert.forward``, which installs itself here (:func:`install`). The pure-Python
twin is ``wengert._dual_py``.
"""
cimport cython
from cpython.float cimport PyFloat_AS_DOUBLE
from cpython.long cimport PyLong_AsDouble

from wengert._var cimport _checked_pow, _dpow_dbase, _dpow_dexponent

_fw = None  # wengert.forward, once it has called install()

cdef enum:
    _ADD = 0
    _SUB = 1
    _MUL = 2
    _DIV = 3

_NAMES = ("add", "subtract", "multiply", "true_divide")


def install(module):
    """Give Duals their slow paths: the functions ``_dual_*`` of ``module`` (wengert.forward)."""
    global _fw
    _fw = module


@cython.final
@cython.auto_pickle(False)
cdef class Deferred:
    """A primal computed when first read: ``fun(*args)``, whose ``shape`` and ``dtype`` are
    known without computing it (internal: ``wengert.forward`` defers a product whose value
    the transform may never read, the weight gradients under ``wengert.hvp``)."""
    cdef readonly object fun
    cdef readonly tuple args
    cdef readonly tuple shape
    cdef readonly object dtype

    def __init__(self, fun, tuple args, tuple shape, dtype):
        self.fun = fun
        self.args = args
        self.shape = shape
        self.dtype = dtype


@cython.freelist(256)
@cython.final
@cython.no_gc  # (see the .pxd: a Dual is never part of a reference cycle)
@cython.auto_pickle(False)
cdef class Dual:
    """A value and its tangent in a forward pass (made by :func:`wengert.jvp`, not by hand).

    NumPy calls, arithmetic, indexing and array methods on a Dual compute the primal
    result and its tangent together. ``d.primal`` and ``d.tangent`` are the two parts.

    >>> import numpy as np, wengert as wg
    >>> bool(wg.jvp(lambda x: np.sin(x) * x, (0.5,), (1.0,))[1] == np.cos(0.5) * 0.5 + np.sin(0.5))
    True
    """
    __array_priority__ = 200.0  # above Var's, below nothing NumPy knows

    def __init__(self, primal, tangent, tag):
        self.tag = tag
        if type(primal) is float and type(tangent) is float:
            self.p = PyFloat_AS_DOUBLE(primal)
            self.t = PyFloat_AS_DOUBLE(tangent)
            self.scalar = True
        else:
            self._primal = primal
            self._tangent = tangent
            self.scalar = False

    @property
    def primal(self):
        if self.scalar:
            return self.p
        if type(self._primal) is Deferred:  # computed now, once
            self._primal = (<Deferred>self._primal).fun(*(<Deferred>self._primal).args)
        return self._primal

    @property
    def deferred(self):
        """True while the primal is a :class:`Deferred` not yet computed."""
        return not self.scalar and type(self._primal) is Deferred

    @property
    def tangent(self):
        return self.t if self.scalar else self._tangent

    def __repr__(self):
        return f"Dual({self.primal!r}, {self.tangent!r})"

    # -- what NumPy and the tape read from a value
    # (of a deferred primal, read without computing it)
    @property
    def shape(self):
        if self.scalar:
            return ()
        if type(self._primal) is Deferred:
            return (<Deferred>self._primal).shape
        return _fw._dual_shape(self)

    @property
    def dtype(self):
        if not self.scalar and type(self._primal) is Deferred:
            return (<Deferred>self._primal).dtype
        return _fw._dual_dtype(self)

    @property
    def ndim(self):
        if self.scalar:
            return 0
        if type(self._primal) is Deferred:
            return len((<Deferred>self._primal).shape)
        return _fw._dual_ndim(self)

    @property
    def size(self):
        if self.scalar:
            return 1
        cdef object n = 1
        if type(self._primal) is Deferred:
            for k in (<Deferred>self._primal).shape:
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

    def __int__(self):
        _fw._dual_no_conversion(self)

    def __index__(self):
        _fw._dual_no_conversion(self)

    def __complex__(self):
        _fw._dual_no_conversion(self)

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
    def __richcmp__(self, other, int op):
        if self.scalar and type(other) is float:
            return _compare(self.p, PyFloat_AS_DOUBLE(other), op)
        if self.scalar and type(other) is Dual and (<Dual>other).scalar:
            return _compare(self.p, (<Dual>other).p, op)
        return _fw._dual_compare(self, other, op)

    def __neg__(self):
        if self.scalar:
            return scalar_dual(-self.p, -self.t, self.tag)
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

    def __pow__(self, other, mod):
        if mod is None and self.scalar:
            return _power(self, other, False)
        return _fw._dual_binary("power", False, self, other)

    def __rpow__(self, other, mod):
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


cdef object _compare(double a, double b, int op):
    if op == 0:
        return a < b
    if op == 1:
        return a <= b
    if op == 2:
        return a == b
    if op == 3:
        return a != b
    if op == 4:
        return a > b
    return a >= b


cdef object _arith(int op, Dual x, object other, bint reflected):
    # x (op) other, or other (op) x if reflected: in C when both are scalar in x's pass
    cdef double a, ta, b, tb, l, tl, r, tr, ans, t
    cdef bint other_has = False
    cdef type kind = type(other)
    if not x.scalar:
        return _fw._dual_binary(_NAMES[op], reflected, x, other)
    if kind is Dual:
        if not (<Dual>other).scalar or (<Dual>other).tag is not x.tag:
            return _fw._dual_binary(_NAMES[op], reflected, x, other)
        b = (<Dual>other).p
        tb = (<Dual>other).t
        other_has = True
    elif kind is float:
        b = PyFloat_AS_DOUBLE(other)
        tb = 0.0
    elif kind is int:
        b = PyLong_AsDouble(other)  # OverflowError for an int too large, as float arithmetic
        tb = 0.0
    else:
        return _fw._dual_binary(_NAMES[op], reflected, x, other)
    a = x.p
    ta = x.t
    if reflected:  # other (op) x
        l, tl, r, tr = b, tb, a, ta
        if op == _ADD:
            return scalar_dual(l + r, tl + tr if other_has else tr, x.tag)
        if op == _SUB:
            return scalar_dual(l - r, tl - tr if other_has else -tr, x.tag)
        if op == _MUL:
            return scalar_dual(l * r, tl * r + l * tr if other_has else l * tr, x.tag)
        if r == 0.0:
            raise ZeroDivisionError("float division by zero")
        ans = l / r
        t = tl / r - tr * ans / r if other_has else -tr * ans / r
        return scalar_dual(ans, t, x.tag)
    l, tl, r, tr = a, ta, b, tb
    if op == _ADD:
        return scalar_dual(l + r, tl + tr if other_has else tl, x.tag)
    if op == _SUB:
        return scalar_dual(l - r, tl - tr if other_has else tl, x.tag)
    if op == _MUL:
        return scalar_dual(l * r, tl * r + l * tr if other_has else tl * r, x.tag)
    if r == 0.0:
        raise ZeroDivisionError("float division by zero")
    ans = l / r
    t = tl / r - tr * ans / r if other_has else tl / r
    return scalar_dual(ans, t, x.tag)


cdef object _power(Dual x, object other, bint reflected):
    # x ** other (other ** x if reflected) in C when both are scalar in x's pass, with the
    # values, errors and partial derivatives of a scalar Var's ** (Python's float **:
    # 0 ** negative and negative ** fraction raise; d/dx sqrt at 0 is +inf, as reverse mode)
    cdef double a, b, tb, r
    cdef bint other_has = False
    cdef type kind = type(other)
    if kind is Dual:
        if not (<Dual>other).scalar or (<Dual>other).tag is not x.tag:
            return _fw._dual_binary("power", reflected, x, other)
        b = (<Dual>other).p
        tb = (<Dual>other).t
        other_has = True
    elif kind is float:
        b = PyFloat_AS_DOUBLE(other)
    elif kind is int:
        b = PyLong_AsDouble(other)
    else:
        return _fw._dual_binary("power", reflected, x, other)
    a = x.p
    if reflected:  # b ** a
        r = _checked_pow(b, a)
        return scalar_dual(r, x.t * _dpow_dexponent(b, r), x.tag)
    r = _checked_pow(a, b)
    if other_has:
        return scalar_dual(r, x.t * _dpow_dbase(a, b) + tb * _dpow_dexponent(a, r), x.tag)
    return scalar_dual(r, x.t * _dpow_dbase(a, b), x.tag)
