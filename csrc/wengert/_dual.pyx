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
from libc.float cimport DBL_MAX, DBL_MIN
from libc.math cimport INFINITY, copysign, fabs, isfinite

from wengert._tape cimport SweepState, thread_sweep, times_partial
from wengert._var cimport (Var, _checked_pow, _dpow_dbase, _dpow_dexponent, _dpow_dy_far, _dpow_far, _numpy_reads,
                           _scaled_quotient)
from wengert._var import operand_read, register_dual

import numpy as np

_fw = None  # wengert.forward, once it has called install()

# What array_apply reads of wengert.forward, set by install(): the registry's tables
# (function -> Primitive, operator name -> Primitive; np.shape & co. -> their reading of a
# Dual), forward's caches (primitive -> its
# plain function, staged rule -> its rule(g, ans, x[, y])) and its kinds of JVP, compared
# by identity with a primitive's ``jvp``, and what array_apply returns where it does not
# apply (forward's general path takes the call then).
cdef dict _primitives = {}
cdef dict _operators = {}
cdef dict _shape_readers = {}
cdef dict _plain_functions = {}
cdef dict _staged_parts = {}
cdef object _elementwise = None
cdef object _matmul = None
cdef object _multilinear = None
cdef object _linear = None
cdef object _matrix_products = frozenset()
cdef object _NOT_ARRAYS = None
cdef object _ndarray = np.ndarray
cdef object _float64 = np.float64

cdef object _MISSING = object()

cdef enum:
    _ADD = 0
    _SUB = 1
    _MUL = 2
    _DIV = 3

_NAMES = ("add", "subtract", "multiply", "true_divide")


def install(module):
    """Give Duals their slow paths: the functions ``_dual_*`` of ``module`` (wengert.forward),
    and :func:`array_apply` the tables and rules of forward mode it reads."""
    global _fw, _primitives, _operators, _shape_readers, _plain_functions, _staged_parts
    global _elementwise, _matmul, _multilinear, _linear, _matrix_products, _NOT_ARRAYS
    _fw = module
    _primitives = module.PRIMITIVES
    _operators = module.OPERATORS
    _shape_readers = module._SHAPE_READERS
    _plain_functions = module._plain_functions
    _staged_parts = module._staged_parts
    _elementwise = module._elementwise
    _matmul = module._matmul
    _multilinear = module._multilinear
    _linear = module._linear
    _matrix_products = module._MATRIX_PRODUCTS
    _NOT_ARRAYS = module._NOT_ARRAYS


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
    result and its tangent together. ``d.primal`` and ``d.tangent`` are the two parts;
    ``d.live`` says which zeros of the tangent are live (None: none, every zero is
    structural; True: every zero; or a boolean mask of the tangent's shape), as reverse
    mode's sweep marks its cotangents (``wengert._tape``'s ``report_live``). A structural
    zero is a direction that leaves the value where it is (a seed's other entries, a
    constant, np.where's untaken branch): it adds nothing where it meets an infinite
    partial derivative. A live zero is a derivative that vanishes there (3 x^2 at 0 in
    cbrt(x^3)): times an infinite partial it is undefined, NaN, not 0.

    >>> import numpy as np, wengert as wg
    >>> bool(wg.jvp(lambda x: np.sin(x) * x, (0.5,), (1.0,))[1] == np.cos(0.5) * 0.5 + np.sin(0.5))
    True
    """
    __array_priority__ = 200.0  # above Var's, below nothing NumPy knows

    def __init__(self, primal, tangent, tag, live=None):
        self.tag = tag
        if type(primal) is float and type(tangent) is float:
            self.p = PyFloat_AS_DOUBLE(primal)
            self.t = PyFloat_AS_DOUBLE(tangent)
            self.scalar = True
            self.sl = live is not None and live is not False
        else:
            self._primal = primal
            self._tangent = tangent
            self.scalar = False
            self._live = live

    @property
    def live(self):
        if self.scalar:
            return True if self.sl else None
        return self._live

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
        if type(self._primal) is _ndarray:  # (the common case, without a call)
            return self._primal.shape
        if type(self._primal) is Deferred:
            return (<Deferred>self._primal).shape
        return _fw._dual_shape(self)

    @property
    def dtype(self):
        if not self.scalar and type(self._primal) is _ndarray:  # (the common case, without a call)
            return self._primal.dtype
        if not self.scalar and type(self._primal) is Deferred:
            return (<Deferred>self._primal).dtype
        return _fw._dual_dtype(self)

    @property
    def ndim(self):
        if self.scalar:
            return 0
        if type(self._primal) is _ndarray:  # (the common case, without a call)
            return self._primal.ndim
        if type(self._primal) is Deferred:
            return len((<Deferred>self._primal).shape)
        return _fw._dual_ndim(self)

    @property
    def size(self):
        if self.scalar:
            return 1
        cdef object n = 1
        if type(self._primal) is _ndarray:  # (the common case, without a call)
            return self._primal.size
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
        cdef object prim, out
        inputs = _numpy_reads(inputs)  # (a float subclass: the float NumPy reads, see _var)
        if not kwargs and method == "__call__":  # (a call on arrays: the common case, here)
            prim = _primitives.get(ufunc)
            if prim is not None:
                out = array_apply(prim, inputs, {})
                if out is not _NOT_ARRAYS:
                    return out
        return _fw._dual_array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        cdef object read, prim, out
        args = _numpy_reads(args)  # (a float subclass: the float NumPy reads, see _var)
        if not kwargs:  # (a call on arrays: the common case, here)
            if len(args) == 1 and args[0] is self:
                read = _shape_readers.get(func)
                if read is not None:  # np.ndim(d), np.shape(d), np.size(d)
                    return read(self)
            prim = _primitives.get(func)
            if prim is not None and not _fw.is_nondifferentiable(func):
                out = array_apply(prim, args, {})
                if out is not _NOT_ARRAYS:
                    return out
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
            return scalar_dual_live(-self.p, -self.t, self.tag, self.sl)
        return _fw._dual_unary("negative", self)

    def __pos__(self):
        if self.scalar:
            return self  # (a number: immutable, nothing to copy)
        return _fw._dual_unary("positive", self)  # (NumPy's +x: a new array, not x itself, and a NumPy scalar for a 0-d one)

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
        return _binary("matmul", self, other, False)

    def __rmatmul__(self, other):
        return _binary("matmul", self, other, True)

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


cdef inline bint _live(double t, bint flows) noexcept:
    # the mark of a term or result t: its zero is live where an argument's tangent flowed into
    # it (not a structural zero: nonzero, or a live zero) through a partial that is not a
    # constant 0 (a derivative that vanishes there, 3 x^2 at 0); structural else. A sum is
    # live where a term is, or where its terms cancel, as reverse mode's sweep marks (exp(y) -
    # y's e^0 - 1 at 0; also a - a's 1 - 1: NaN, not a - a's 0, where an infinite partial
    # meets it, never a wrong number)
    return flows and t == 0.0


cdef inline double _times_constant(double t, double c) noexcept:
    # t * c for a constant factor c: where c is 0, the product's tangent is 0 whatever t is
    # (c * x is the constant 0: d/dx of 0.0 * sqrt(x) at 0 is 0, not inf * 0 = NaN), as reverse
    # mode's constant 0 partial (a structural zero); a NaN t stays NaN
    cdef double r = t * c
    if r != r and c == 0.0 and t == t:
        return copysign(0.0, t) * c
    return r


cdef object _arith(int op, Dual x, object other, bint reflected):
    # x (op) other, or other (op) x if reflected: in C when both are scalar in x's pass; the
    # result's tangent marked live where its zero is (see Dual, _live)
    cdef double a, ta, b, tb, l, tl, r, tr, ans, t, q, u, v
    cdef bint other_has = False
    cdef bint la, lb = False, fa, fb
    cdef type kind = type(other)
    if not x.scalar:
        return _binary(_NAMES[op], x, other, reflected)
    if kind is Dual:
        if not (<Dual>other).scalar or (<Dual>other).tag is not x.tag:
            return _fw._dual_binary(_NAMES[op], reflected, x, other)
        b = (<Dual>other).p
        tb = (<Dual>other).t
        lb = (<Dual>other).sl
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
    la = x.sl
    fa = ta != 0.0 or la  # (x's tangent flows: not a structural zero)
    fb = tb != 0.0 or lb
    if reflected:  # other (op) x
        l, tl, r, tr = b, tb, a, ta
        if op == _ADD:
            t = tl + tr if other_has else tr
            return scalar_dual_live(l + r, t, x.tag, _live(t, fa or fb))
        if op == _SUB:
            t = tl - tr if other_has else -tr
            return scalar_dual_live(l - r, t, x.tag, _live(t, fa or fb))
        if op == _MUL:
            if other_has:
                u = times_partial(tl, r, lb)
                v = times_partial(tr, l, la)
                t = u + v
                return scalar_dual_live(l * r, t, x.tag, _live(t, _live(u, fb) or _live(v, fa) or u != 0.0))
            t = _times_constant(tr, l)
            return scalar_dual_live(l * r, t, x.tag, _live(t, fa and l != 0.0))
        if r == 0.0:
            raise ZeroDivisionError("float division by zero")
        ans = l / r
        q = _times_quotient(tr, ans, l, r, la)
        u = tl / r if other_has else 0.0
        t = u - q if other_has else -q
        return scalar_dual_live(ans, t, x.tag, _live(t, _live(u, fb) or _live(q, fa) or u != 0.0))
    l, tl, r, tr = a, ta, b, tb
    if op == _ADD:
        t = tl + tr if other_has else tl
        return scalar_dual_live(l + r, t, x.tag, _live(t, fa or fb))
    if op == _SUB:
        t = tl - tr if other_has else tl
        return scalar_dual_live(l - r, t, x.tag, _live(t, fa or fb))
    if op == _MUL:
        if other_has:
            u = times_partial(tl, r, la)
            v = times_partial(tr, l, lb)
            t = u + v
            return scalar_dual_live(l * r, t, x.tag, _live(t, _live(u, fa) or _live(v, fb) or u != 0.0))
        t = _times_constant(tl, r)
        return scalar_dual_live(l * r, t, x.tag, _live(t, fa and r != 0.0))
    if r == 0.0:
        raise ZeroDivisionError("float division by zero")
    ans = l / r
    if other_has:
        u = tl / r
        v = _times_quotient(tr, ans, l, r, lb)
        t = u - v
        return scalar_dual_live(ans, t, x.tag, _live(t, _live(u, fa) or _live(v, fb) or u != 0.0))
    # (x / inf: the constant partial 0, a structural zero, as reverse mode's: 0 also for an
    # infinite tl, x / inf being the constant 0)
    t = tl / r
    if t != t and tl == tl:
        t = copysign(0.0, tl) / r
    return scalar_dual_live(ans, t, x.tag, _live(t, fa and r - r == 0.0))


cdef inline double _times_quotient(double t, double ans, double l, double r, bint live) noexcept:
    # t * ans / r, with ans's sign alone where a zero tangent t meets an overflowed
    # quotient: a zero tangent of the denominator adds nothing (d/dt of v[0] / v[1] along
    # v[0] at (1e300, 1e-10) was 0 * inf = NaN, the truth 1e10), as ops' times_tangent;
    # only a structural zero (not ``live``): a live one times inf is NaN. Where ans = l / r
    # or t ans left the normal range (t, l, r finite and nonzero), t l / r^2 scaled:
    # jvp of 1e-300 / v at 1e-200 along 1e-300 was 0 (t ans underflowed), the truth -1e-200
    cdef double p
    if t == 0.0 and (ans == INFINITY or ans == -INFINITY) and not live:
        return t * copysign(1.0, ans) / r
    p = t * ans
    if not ((fabs(ans) >= DBL_MIN) & (fabs(ans) <= DBL_MAX) & (fabs(p) >= DBL_MIN) & (fabs(p) <= DBL_MAX)):
        if t != 0.0 and l != 0.0 and isfinite(t) and isfinite(l) and isfinite(r):
            return _scaled_quotient(t, l, r)
    return p / r


cdef object _power(Dual x, object other, bint reflected):
    # x ** other (other ** x if reflected) in C when both are scalar in x's pass, with the
    # values, errors and partial derivatives of a scalar Var's ** (Python's float **:
    # 0 ** negative and negative ** fraction raise; d/dx sqrt at 0 is +inf, as reverse mode);
    # a zero tangent adds nothing at an infinite partial only where it is structural
    cdef double a, b, tb = 0.0, r, t, u, v, d, e
    cdef bint other_has = False
    cdef bint la, lb = False, fa
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
    la = x.sl
    lb = other_has and (<Dual>other).sl
    fa = x.t != 0.0 or la
    if reflected:  # b ** a (b a constant: 1.0 ** x has the constant partial 0)
        r = _checked_pow(b, a)
        if b == 1.0:  # (the constant 1.0 ** x: its tangent 0 whatever x's is)
            return scalar_dual(r, _times_constant(x.t, _dpow_dexponent(b, a, r)), x.tag)
        e = _dpow_dexponent(b, a, r)
        if x.t != 0.0 and _dpow_dy_far(b, a, e):  # (NumPy's rule forms t x**y log x as one product)
            return _fw._dual_binary("power", reflected, x, other)
        t = _times_tangent(x.t, e, la)
        return scalar_dual_live(r, t, x.tag, _live(t, fa))
    r = _checked_pow(a, b)
    d = _dpow_dbase(a, b, r)
    if x.t != 0.0 and (a > 0.0 or not other_has) and _dpow_far(a, b, d):
        # (a tangent times a partial out of range: NumPy's rule forms t y x**(y-1) as one product; see _dpow_far)
        return _fw._dual_binary("power", reflected, x, other)
    if other_has:
        e = _dpow_dexponent(a, b, r)
        if tb != 0.0 and _dpow_dy_far(a, b, e):  # (in y too: see _dpow_dy_far)
            return _fw._dual_binary("power", reflected, x, other)
        u = _times_tangent(x.t, d, la)
        v = _times_tangent(tb, e, lb)
        t = u + v
        return scalar_dual_live(r, t, x.tag, _live(t, _live(u, fa) or _live(v, tb != 0.0 or lb) or u != 0.0))
    # (x ** 0.0: the constant partial 0)
    t = _times_tangent(x.t, d, la)
    return scalar_dual_live(r, t, x.tag, _live(t, fa and b != 0.0))


cdef inline double _times_tangent(double t, double partial, bint live) noexcept:
    # t * partial, 0 for a structural zero tangent (not ``live``) whatever the partial
    # (infinite, or NaN where it is undefined): a direction that leaves an argument where it
    # is adds nothing (d/dt of a ** b along a only at a = -2, b = 2 was 0 * NaN = NaN for -4;
    # as the NumPy rule's). A live zero (x ** 3's 3 x^2 t at 0) times inf is NaN: jvp of
    # (x ** 3) ** (1 / 3) at 0 was 0, the truth 1
    if t == 0.0 and not live and not partial - partial == 0.0:
        return t * 0.0
    return t * partial


# -- forward mode's common case: a NumPy call on Duals of arrays --------------------------
# (wengert.forward's rules without the Python calls between them; the twin
# wengert._dual_py has the same functions, line for line)

cdef object _binary(str name, Dual x, object other, bint reflected):
    # x (name) other, other (name) x if reflected, for a Dual that is not scalar (a float
    # subclass read as the operator on x's innermost primal reads it: see _var)
    cdef object prim = _operators.get(name)
    cdef object out
    other = operand_read(x, other, reflected)
    if prim is not None:
        out = array_apply(prim, (other, x) if reflected else (x, other), {})
        if out is not _NOT_ARRAYS:
            return out
    return _fw._dual_binary(name, reflected, x, other)


cdef inline object _primal_of(Dual d):
    # d.primal: a deferred primal is computed now, once
    if d.scalar:
        return d.p
    if type(d._primal) is Deferred:
        d._primal = (<Deferred>d._primal).fun(*(<Deferred>d._primal).args)
    return d._primal


cdef inline Dual _array_dual(object ans, object tangent, object tag):
    # Dual(ans, tangent, tag) for ``ans`` a NumPy array or scalar (never a Python float)
    cdef Dual d = Dual.__new__(Dual)
    d._primal = ans
    d._tangent = tangent
    d.tag = tag
    d.scalar = False
    return d


cpdef object array_apply(object prim, object args, dict kwargs):
    """``prim`` called on ``args`` in forward mode where every argument is a Dual of one pass
    holding a NumPy array, or a plain array, float, int, None, or list or tuple holding no
    Dual or Var (a shape, an axis), and no keyword holds a Dual (the common case, without
    the walks and checks of ``wengert.forward.forward_apply`` for Vars, nested passes,
    sequences of Duals and Python floats, none of which can be among them); for any other
    arguments, the marker wengert.forward installed (internal: forward mode's first step)."""
    cdef object tag = None
    cdef list primals = []
    cdef list tangents = []
    cdef list lives = None  # (the arguments' live marks, where one has some: see Dual)
    cdef object a, p, t, fun, ans, rule, batch, fused, t_out, pair
    cdef Dual d
    for a in args:
        t = type(a)
        if t is Dual:
            d = <Dual>a
            p = _primal_of(d)
            if (type(p) is not _ndarray and type(p) is not _float64) or (tag is not None and d.tag is not tag):
                return _NOT_ARRAYS
            tag = d.tag
            if d._live is not None:
                if lives is None:
                    lives = [None] * len(args)
                lives[len(primals)] = d._live
            primals.append(p)
            tangents.append(d._tangent)
        elif t is _ndarray or t is float or t is int or a is None or \
                ((t is tuple or t is list) and _constant_sequence(a)):
            primals.append(a)  # a constant, an axis, a shape
            tangents.append(None)
        else:
            return _NOT_ARRAYS
    if tag is None:
        return _NOT_ARRAYS
    fun = _plain_functions.get(prim)
    if fun is None:
        fun = _fw._plain_call(prim)  # (no Dual and no Var among primals)
    if kwargs:
        ans = fun(*primals, **kwargs)
    else:
        if tag.batch is None and prim.name in _matrix_products and lives is None:
            fused = _fw._fused_matmul(primals, tangents, tag)
            if fused is not None:
                return fused
        ans = fun(*primals)
    if type(ans) is _ndarray or type(ans) is _float64:  # (the common case, in fewer calls)
        if ans.dtype.kind not in "fc":
            return ans  # an integer or boolean result carries no tangent
        rule = getattr(prim, "jvp", None)
        batch = tag.batch
        if rule is _elementwise:
            pair = _elementwise_terms(prim, ans, primals, tangents, lives, batch)
            d = _array_dual(ans, (<tuple>pair)[0], tag)
            d._live = (<tuple>pair)[1]
            return d
        if lives is not None:
            return _fw._finish(prim, ans, primals, tangents, lives, kwargs, tag)  # (passes the marks on)
        if batch is not None:
            if rule is _matmul and not kwargs:  # (jacfwd: all directions in one product per factor)
                _check_rules(prim, tangents)
                t_out = rule(prim, ans, primals, tangents, kwargs, batch)  # (forward's _matmul)
                return _array_dual(ans, _fw._zeros(ans, batch) if t_out is None else t_out, tag)
        else:
            if rule is _matmul or rule is _multilinear:
                t_out = multilinear_array(prim, fun, primals, tangents, kwargs)
                if t_out is not _NOT_ARRAYS:
                    return _array_dual(ans, _fw._zeros(ans) if t_out is None else t_out, tag)
            elif rule is _linear and prim.name != "getitem":
                t_out = linear_array(prim, fun, primals, tangents, kwargs)
                if t_out is not _NOT_ARRAYS:
                    return _array_dual(ans, t_out, tag)
    elif _fw._no_gradient(ans):
        return ans
    return _fw._finish(prim, ans, primals, tangents, lives, kwargs, tag)


cdef int _check_rules(object prim, list tangents) except -1:
    # a tangent where ``prim`` has no rule is an error (as wengert.forward's _tangent_out says)
    cdef dict vjps = prim.vjps
    cdef Py_ssize_t i
    for i in range(len(tangents)):
        if tangents[i] is not None and i not in vjps:
            raise _fw.missing_rule(prim, i)
    return 0


cdef bint _constant_sequence(object a) except -1:
    # True if the list or tuple ``a`` holds no Dual and no Var (at any depth)
    cdef object t
    for x in a:
        t = type(x)
        if t is Dual or t is Var or ((t is tuple or t is list) and not _constant_sequence(x)):
            return False
    return True


cdef inline tuple _shape_of(object x):
    return x.shape if type(x) is _ndarray else np.shape(x)


cpdef object elementwise_array(object prim, object ans, list primals, list tangents, object batch):
    """wengert.forward's elementwise JVP, ``f'(x) * t`` summed over the arguments, where the
    result ``ans`` and the primal arguments are NumPy arrays (or Python numbers: constants),
    with the same terms in the same order and the same checks; ``batch`` leading directions
    in the tangents (``jacfwd``) or None (internal)."""
    return (<tuple>_elementwise_terms(prim, ans, primals, tangents, None, batch))[0]


def elementwise_live(prim, ans, list primals, list tangents, lives, batch):
    """:func:`elementwise_array`'s tangent and its live marks (see :class:`Dual`), from the
    arguments' marks ``lives`` (None where none has any; internal): each term runs as a
    pullback's rule in reverse mode's sweep (:func:`live_term`)."""
    return _elementwise_terms(prim, ans, primals, tangents, lives, batch)


cdef tuple _elementwise_terms(object prim, object ans, list primals, list tangents, object lives, object batch):
    # (the tangent, its live marks)
    cdef dict vjps = prim.vjps
    cdef object x = primals[0]
    cdef object y = primals[1] if len(primals) > 1 else _MISSING
    cdef object out = None
    cdef object live = None
    cdef object t, staged, rule, term, shape, lt
    cdef tuple arg_shape
    cdef Py_ssize_t i, missing, n = 0
    for t in tangents:
        if t is not None:
            n += 1
    for i in range(len(tangents)):
        t = tangents[i]
        if t is None:
            continue
        staged = vjps.get(i, _MISSING)
        if staged is None:
            continue  # declared with no gradient (NumPy's ldexp exponent)
        if staged is _MISSING:
            raise _fw.missing_rule(prim, i)
        rule = _staged_parts.get(staged, _MISSING)
        if rule is _MISSING:
            rule = _fw._parts_of(staged)
        lt = None if lives is None else lives[i]
        if batch is not None:
            arg_shape = _shape_of(primals[i])
            missing = ans.ndim - len(arg_shape)
            if missing > 0:  # the directions' axis stays first when the argument broadcasts
                t = np.reshape(t, (batch,) + (1,) * missing + arg_shape)
                if type(lt) is _ndarray:  # (marks may broadcast against the tangent: (batch, n, 1))
                    lt = np.reshape(np.broadcast_to(lt, (batch,) + arg_shape), t.shape)
        if rule is None:
            term = t
        else:
            term, lt = _live_term(rule, t, lt, n, ans, x, y)
            if y is not _MISSING and (prim.name == "operator.mul" or prim.name == "numpy.multiply"):
                term = held_zero(term, ans, primals[1 - i], tangents[1 - i], None if lives is None else lives[1 - i])
        if (term.dtype.kind == "c" if type(term) is _ndarray else _fw._complex(term)) and ans.dtype.kind != "c":
            term = np.real(term)  # a real function of a complex argument (abs): <c, J t> is real
        if out is None:
            out = term
            live = lt
        else:
            out = out + term
            if lt is not None or live is not None:
                live = join_live(live, lt, np.shape(out))
            live = _fw.cancelled_terms(out, term, live)
    if out is None:
        return _fw._zeros(ans, batch), None
    shape = ans.shape if batch is None else (batch,) + ans.shape
    if (out.shape if type(out) is _ndarray else _shape_of(_fw._plainest(out))) != shape:
        out = np.broadcast_to(out, shape) if type(out) is not _ndarray else np.broadcast_to(out, shape).copy()
        if type(live) is _ndarray:
            live = np.broadcast_to(live, shape)
    return out, live


def held_zero(term, ans, other, other_t, other_live):
    """``term``, a product's term ``t * other`` (one factor's tangent times the other factor), 0
    where it is NaN, the product ``ans`` is 0 (not NaN), and the other factor is 0 and does not
    move along the direction (a constant, ``other_t`` None, or a tangent whose 0 there is a
    structural zero, not live in ``other_live``): the product is then 0 along the direction,
    whatever the first factor's tangent (internal). The term was t * 0 = NaN at an infinite t:
    forward over forward of v[2] * (-log1p(-v[0])) ** 1.5 at v[0] = 0 (the inner tangent 0 along
    a direction that leaves v[0] where it is, times the partial 0 whose outer tangent is
    infinite), jvp of sqrt(x) * [0, 1] at 0 along x[0]. A live 0 (a derivative that vanishes
    there) times an infinite tangent stays NaN.

    >>> with np.errstate(invalid="ignore"):
    ...     term = np.array([np.inf, 1.0]) * np.array([0.0, 1.0])
    >>> held_zero(term, np.array([0.0, 1.0]), np.array([0.0, 1.0]), None, None)
    array([0., 1.])
    """
    if other_live is True:
        return term
    tt = type(term)
    if tt is _ndarray:
        # (complex too: jvp of np.sqrt(z) * 0 at z = 0j was NaN, its tangent inf + nan j times 0; reverse mode 0)
        if term.dtype.kind not in "fc" or (type(ans) is _ndarray and (ans.size == 0 or np.count_nonzero(ans) == ans.size)):
            return term  # (no product 0: the common case, one pass)
        s = np.vdot(term, term)  # (one pass: NaN only where term has a NaN)
        if s == s:
            return term
    elif (tt is not np.float64 and tt is not np.complex128) or term == term:  # (one entry of an array: NumPy's scalar)
        return term
    to = type(other_t)
    if (other_t is not None and to is not _ndarray and to is not float and to is not complex
            and not isinstance(other_t, np.inexact)):
        return term  # (a traced tangent: its marks are not read)
    if _fw is not None:  # (a factor or the product of an inner pass under an outer one is a Dual)
        other, ans = _fw._plainest(other), _fw._plainest(ans)
    held = np.asarray(other) == 0
    if other_t is not None:
        held = held & (np.asarray(other_t) == 0)
    if other_live is not None and other_live is not False:
        held = held & np.logical_not(other_live)
    try:
        bad = held & np.isnan(term) & (np.asarray(ans) == 0)
    except ValueError:
        return term
    if not bad.any():
        return term
    return np.where(bad, 0.0, term) if tt is _ndarray else tt(0.0)


def join_live(a, b, shape=None):
    """Live where ``a`` or ``b`` is (None: nowhere; True: everywhere; boolean masks, broadcast
    to ``shape``), as a sum's tangent is live where any term's is (internal).

    >>> join_live(None, np.array([True, False]), (2,))
    array([ True, False])
    """
    if a is None or a is False:
        return None if b is False else b
    if b is None or b is False or a is True:
        return a
    if b is True:
        return True
    try:
        return np.broadcast_to(a, shape) | np.broadcast_to(b, shape) if shape is not None else a | b
    except (ValueError, TypeError):
        return True


def live_term(rule, t, live, Py_ssize_t n, ans, x, y=_MISSING):
    """``(term, its live marks)``: the elementwise rule ``rule(t, ans, x[, y])`` run on the plain
    tangent ``t`` as a pullback's rule in reverse mode's sweep (internal): ``t`` is the cotangent
    it reads, with the live marks ``live`` (``cotangent_live``) and ``n`` differentiated
    arguments (``sweep_parents``), and what it reports of its result (``report_live``, a zero
    where ``t`` is not one: a derivative that vanishes there) are the term's marks. So
    forward mode's zeros are structural or live where reverse mode's are: a live zero of ``t``
    times an infinite partial is NaN, a structural one 0.

    >>> import numpy as np
    >>> live_term(lambda g, ans, x: g * 2.0 * x, np.array([1.0, 1.0]), None, 1, None, np.array([0.0, 1.0]))
    (array([0., 2.]), None)
    """
    return _live_term(rule, t, live, n, ans, x, y)


cdef tuple _live_term(object rule, object t, object live, Py_ssize_t n, object ans, object x, object y):
    # (the term, its live marks)
    cdef type tt = type(t)
    cdef SweepState state
    cdef list reports
    cdef Py_ssize_t mark, k, outer_n
    cdef object outer_g, outer_live, term, out_live, c, lv, shape
    cdef bint outer_active, outer_tangent, found
    if tt is not _ndarray and tt is not float and tt is not complex and not isinstance(t, (np.floating, np.complexfloating)):
        term = rule(t, ans, x) if y is _MISSING else rule(t, ans, x, y)
        return traced_term(term, t, live)
    state = thread_sweep()
    reports = state.reports
    mark = len(reports)
    outer_g = state.g
    outer_live = state.live
    outer_n = state.n
    outer_active = state.active
    outer_tangent = state.tangent
    state.put(t, live, n, True, True)  # (forward mode's tangent: see in_sweep_pullback)
    try:
        term = rule(t, ans, x) if y is _MISSING else rule(t, ans, x, y)
    except BaseException:
        del reports[mark:]
        raise
    finally:
        state.put(outer_g, outer_live, outer_n, outer_active, outer_tangent)
    if type(term) is Dual or type(term) is Var:
        # (a traced term, the plain t times a traced partial: its rules report nothing of it;
        # its zeros where t flows are live, as the reports of a plain term would say)
        del reports[mark:]
        return term, _flow_marks(term, t, live)
    if len(reports) == mark:
        return term, (None if live is None else live if term is t else True)
    found = False
    out_live = None
    for k in range(mark, len(reports)):
        if (<tuple>reports[k])[0] is term:
            found = True
            out_live = join_live(out_live, (<tuple>reports[k])[1])
    if not found:  # (a copy of the reported result, in the value's dtype: what was reported of it)
        shape = np.shape(term)
        for k in range(mark, len(reports)):
            c, lv = <tuple>reports[k]
            out_live = join_live(out_live, lv if lv is True or lv is False or np.shape(c) == shape else True)
        if live is not None:  # (as the sweep: a result not reported, of a t with live zeros)
            out_live = join_live(out_live, live if term is t else True)
    del reports[mark:]
    if type(out_live) is _ndarray and not out_live.any():
        out_live = None
    return term, out_live


def traced_term(term, t, live):
    """``(term, its live marks)`` for an elementwise rule's term ``term = rule(t, ...)`` of a
    traced tangent ``t`` (a Dual of an outer pass: forward over forward; internal): the term is
    linear in ``t``, so where ``t`` is a structural zero (0 and not ``live``) that is 0 along
    every outer direction too (its value and every tangent under it 0: it does not move), the
    term is 0 with its derivatives, whatever the partial (log's g / x at x = 0 was 0 / 0 = NaN);
    its zeros are live where ``t`` flows (not 0, or a live zero), as the plain branch's reports
    say (a traced term's zeros were taken as structural: None)."""
    if live is True:
        return term, True
    held = _still_everywhere(t, 0)
    if held is not None:
        still = _still_everywhere(term, 0)
        if still is not None and np.shape(held) == np.shape(still):
            try:
                bad = held & np.logical_not(still)
                if live is not None and live is not False:
                    bad = bad & np.logical_not(live)
            except ValueError:
                bad = None
            if bad is not None and bad.any():
                term = np.where(bad, 0.0, term)
    return term, _flow_marks(term, t, live)


def _flow_marks(term, t, live):
    # the live marks of a term of the tangent t (marked ``live``): its zeros where t flows (not
    # 0, or a live zero); True where they cannot be read
    if live is True:
        return True
    pt = _fw._plainest(t)
    pterm = _fw._plainest(term)
    if type(pt) is not np.ndarray and not isinstance(pt, (float, np.floating)):
        return True
    if type(pterm) is not np.ndarray and not isinstance(pterm, (float, np.floating)):
        return True
    flows = np.asarray(pt) != 0
    if live is not None and live is not False:
        flows = flows | live
    try:
        marks = np.broadcast_to((np.asarray(pterm) == 0) & flows, np.shape(pterm))
    except ValueError:
        return True
    if not marks.any():
        return None
    return marks.copy() if marks.ndim else True


def _still_everywhere(x, lead):
    # where x is 0 with every tangent under it (over their leading axes of directions), a
    # boolean array of x's value's shape; None where that is not known (a Var: an outer tape)
    kind = type(x)
    if kind is Dual:
        a = _still_everywhere(x.primal, lead)
        if a is None:
            return None
        if x.tangent is None:
            return a
        b = _still_everywhere(x.tangent, lead + (1 if getattr(x.tag, "batch", None) is not None else 0))
        if b is None:
            return None
        try:
            return a & np.broadcast_to(b, np.shape(a))
        except ValueError:
            return None
    if kind is Var:
        return None
    if _fw is not None and kind is _fw._Undefined:
        # (a tangent with no value where x.where: not known to be still there, which keeps the
        # term of a kink's tangent np.where's mask then drops; np.asarray of it refused)
        z = _still_everywhere(x.value, lead)
        if z is None:
            return None
        w = np.asarray(x.where, dtype=bool)
        if lead:
            if w.ndim < lead:
                return None
            w = np.asarray(w.any(axis=tuple(range(lead))))  # a 0-d array, not np.bool, when all axes go
        try:
            return z & np.logical_not(np.broadcast_to(w, np.shape(z)))
        except ValueError:
            return None
    z = np.asarray(x) == 0
    if lead:
        if z.ndim < lead:
            return None
        z = z.all(axis=tuple(range(lead)))
    return z


cpdef object multilinear_array(object prim, object fun, list primals, list tangents, dict kwargs):
    """wengert.forward's multilinear JVP for one direction where every tangent is a NumPy
    array (the same terms in the same order); for any other tangents, the marker
    wengert.forward installed (internal)."""
    cdef dict vjps = prim.vjps
    cdef object out = None
    cdef object t, rule, term
    cdef list args
    cdef Py_ssize_t i
    for i in range(len(tangents)):
        t = tangents[i]
        if t is None:
            continue
        if type(t) is not _ndarray:
            return _NOT_ARRAYS
        rule = vjps.get(i, _MISSING)
        if rule is _MISSING:
            raise _fw.missing_rule(prim, i)
        if rule is None:
            continue
        args = list(primals)
        args[i] = t
        term = fun(*args, **kwargs) if kwargs else fun(*args)  # (``prim``'s plain function)
        out = term if out is None else out + term
    return out


cpdef object linear_array(object prim, object fun, list primals, list tangents, dict kwargs):
    """wengert.forward's linear JVP (the function applied to the tangents, zeros where an
    argument has none) for one direction where every tangent is a NumPy array and no
    differentiable argument is a sequence; for any other arguments, the marker
    wengert.forward installed (internal)."""
    cdef dict vjps = prim.vjps
    cdef list args = list(primals)
    cdef object t, rule, p
    cdef Py_ssize_t i
    for i in range(len(tangents)):
        t = tangents[i]
        rule = vjps.get(i, _MISSING)
        if rule is _MISSING:
            if t is not None:
                raise _fw.missing_rule(prim, i)
            continue
        if rule is None:
            continue
        if t is None:
            p = primals[i]
            if type(p) is list or type(p) is tuple:
                return _NOT_ARRAYS
            if _fw._is_differentiable_leaf(p) or isinstance(p, (int, np.integer, np.ndarray, np.generic)):
                args[i] = _fw._zeros(p)  # a constant (an integer or boolean array too) has tangent 0
        elif type(t) is not _ndarray:
            return _NOT_ARRAYS
        else:
            args[i] = t
    if not kwargs:
        return fun(*args)  # (``prim``'s plain function: no Dual and no Var among args)
    if kwargs.get("initial") is not None:
        kwargs = dict(kwargs, initial=0)  # np.sum's initial= is a constant term: its tangent is 0
    return fun(*args, **kwargs)


register_dual(Dual)  # (a Var holding a Dual: _var reads a float subclass through it)
