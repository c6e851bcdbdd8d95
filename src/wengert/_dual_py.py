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
import math
from typing import Any

import numpy as np

from ._var_py import Var, _checked_pow, _dpow_dbase, _dpow_dexponent, numpy_reads, operand_read, register_dual

_fw: Any = None  # wengert.forward, once it has called install()

# What array_apply reads of wengert.forward, set by install(): the registry's tables
# (function -> Primitive, operator name -> Primitive; np.shape & co. -> their reading of a
# Dual), forward's caches (primitive -> its
# plain function, staged rule -> its rule(g, ans, x[, y])) and its kinds of JVP, compared
# by identity with a primitive's ``jvp``, and what array_apply returns where it does not
# apply (forward's general path takes the call then).
_primitives: Any = {}
_operators: Any = {}
_shape_readers: Any = {}
_plain_functions: Any = {}
_staged_parts: Any = {}
_elementwise: Any = None
_matmul: Any = None
_multilinear: Any = None
_linear: Any = None
_matrix_products: Any = frozenset()
_NOT_ARRAYS: Any = None

_MISSING = object()

_ADD, _SUB, _MUL, _DIV = 0, 1, 2, 3
_NAMES = ("add", "subtract", "multiply", "true_divide")


def install(module: Any) -> None:
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
        if type(self._primal) is np.ndarray:  # (the common case, without a call)
            return self._primal.shape
        if type(self._primal) is Deferred:
            return self._primal.shape
        return _fw._dual_shape(self)

    @property
    def dtype(self):
        if type(self._primal) is np.ndarray:  # (the common case, without a call)
            return self._primal.dtype
        if type(self._primal) is Deferred:
            return self._primal.dtype
        return _fw._dual_dtype(self)

    @property
    def ndim(self):
        if self.scalar:
            return 0
        if type(self._primal) is np.ndarray:  # (the common case, without a call)
            return self._primal.ndim
        if type(self._primal) is Deferred:
            return len(self._primal.shape)
        return _fw._dual_ndim(self)

    @property
    def size(self):
        if self.scalar:
            return 1
        if type(self._primal) is np.ndarray:  # (the common case, without a call)
            return self._primal.size
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
        inputs = numpy_reads(inputs)  # (a float subclass: the float NumPy reads, see _var)
        if not kwargs and method == "__call__":  # (a call on arrays: the common case, here)
            prim = _primitives.get(ufunc)
            if prim is not None:
                out = array_apply(prim, inputs, {})
                if out is not _NOT_ARRAYS:
                    return out
        return _fw._dual_array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        args = numpy_reads(args)  # (a float subclass: the float NumPy reads, see _var)
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

    def __pow__(self, other, mod=None):
        if mod is None and self.scalar:
            return _power(self, other, False)
        return _fw._dual_binary("power", False, self, other)

    def __rpow__(self, other, mod=None):
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
        return _binary(_NAMES[op], x, other, reflected)
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
        q = _times_quotient(tr, ans, right)
        return _scalar_dual(ans, tl / right - q if other_has else -q, x.tag)
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
    return _scalar_dual(ans, tl / right - _times_quotient(tr, ans, right) if other_has else tl / right, x.tag)


def _times_quotient(t, ans, right):
    # t * ans / right, with ans's sign alone where a zero tangent t meets an overflowed
    # quotient: a zero tangent of the denominator adds nothing (d/dt of v[0] / v[1] along
    # v[0] at (1e300, 1e-10) was 0 * inf = NaN, the truth 1e10), as ops' times_tangent
    if t == 0.0 and (ans == math.inf or ans == -math.inf):
        return t * math.copysign(1.0, ans) / right
    return t * ans / right


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
        return _scalar_dual(r, _times_tangent(x.tangent, _dpow_dexponent(b, r)), x.tag)
    r = _checked_pow(a, b)
    if other_has:
        return _scalar_dual(r, _times_tangent(x.tangent, _dpow_dbase(a, b))
                            + _times_tangent(tb, _dpow_dexponent(a, r)), x.tag)
    return _scalar_dual(r, _times_tangent(x.tangent, _dpow_dbase(a, b)), x.tag)


def _times_tangent(t, partial):
    # t * partial, 0 for a zero tangent whatever the partial (infinite, or NaN where it is
    # undefined): a direction that leaves an argument where it is adds nothing (d/dt of
    # a ** b along a only at a = -2, b = 2 was 0 * NaN = NaN for -4; as the NumPy rule's)
    if t == 0.0 and not partial - partial == 0.0:
        return t * 0.0
    return t * partial


# -- forward mode's common case: a NumPy call on Duals of arrays --------------------------
# (wengert.forward's rules without the Python calls between them; the same functions as
# csrc/wengert/_dual.pyx, line for line)

def _binary(name, x, other, reflected):
    # x (name) other, other (name) x if reflected, for a Dual that is not scalar (a float
    # subclass read as the operator on x's innermost primal reads it: see _var)
    prim = _operators.get(name)
    other = operand_read(x, other, reflected)
    if prim is not None:
        out = array_apply(prim, (other, x) if reflected else (x, other), {})
        if out is not _NOT_ARRAYS:
            return out
    return _fw._dual_binary(name, reflected, x, other)


def _array_dual(ans, tangent, tag):
    # Dual(ans, tangent, tag) for ``ans`` a NumPy array or scalar (never a Python float)
    return Dual(ans, tangent, tag)


def array_apply(prim: Any, args: Any, kwargs: Any) -> Any:
    """``prim`` called on ``args`` in forward mode where every argument is a Dual of one pass
    holding a NumPy array, or a plain array, float, int, None, or list or tuple holding no
    Dual or Var (a shape, an axis), and no keyword holds a Dual (the common case, without
    the walks and checks of ``wengert.forward.forward_apply`` for Vars, nested passes,
    sequences of Duals and Python floats, none of which can be among them); for any other
    arguments, the marker wengert.forward installed (internal: forward mode's first step)."""
    tag = None
    primals = []
    tangents = []
    for a in args:
        t = type(a)
        if t is Dual:
            p = a.primal
            if (type(p) is not np.ndarray and type(p) is not np.float64) or (tag is not None and a.tag is not tag):
                return _NOT_ARRAYS
            tag = a.tag
            primals.append(p)
            tangents.append(a.tangent)
        elif t is np.ndarray or t is float or t is int or a is None or \
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
        if tag.batch is None and prim.name in _matrix_products:
            fused = _fw._fused_matmul(primals, tangents, tag)
            if fused is not None:
                return fused
        ans = fun(*primals)
    if type(ans) is np.ndarray or type(ans) is np.float64:  # (the common case, in fewer calls)
        if ans.dtype.kind not in "fc":
            return ans  # an integer or boolean result carries no tangent
        rule = getattr(prim, "jvp", None)
        batch = tag.batch
        if rule is _elementwise:
            return _array_dual(ans, elementwise_array(prim, ans, primals, tangents, batch), tag)
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
    return _fw._wrap(ans, _fw._tangent_out(prim, ans, primals, tangents, kwargs, tag), tag,
                     whole=prim.name == "getitem")


def _check_rules(prim, tangents):
    # a tangent where ``prim`` has no rule is an error (as wengert.forward's _tangent_out says)
    vjps = prim.vjps
    for i, t in enumerate(tangents):
        if t is not None and i not in vjps:
            raise _fw.missing_rule(prim, i)


def _constant_sequence(a):
    # True if the list or tuple ``a`` holds no Dual and no Var (at any depth)
    for x in a:
        t = type(x)
        if t is Dual or t is Var or ((t is tuple or t is list) and not _constant_sequence(x)):
            return False
    return True


def _shape_of(x):
    return x.shape if type(x) is np.ndarray else np.shape(x)


def elementwise_array(prim: Any, ans: Any, primals: Any, tangents: Any, batch: Any) -> Any:
    """wengert.forward's elementwise JVP, ``f'(x) * t`` summed over the arguments, where the
    result ``ans`` and the primal arguments are NumPy arrays (or Python numbers: constants),
    with the same terms in the same order and the same checks; ``batch`` leading directions
    in the tangents (``jacfwd``) or None (internal)."""
    vjps = prim.vjps
    x = primals[0]
    unary = len(primals) == 1
    out = None
    for i, t in enumerate(tangents):
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
        if batch is not None:
            arg_shape = _shape_of(primals[i])
            missing = ans.ndim - len(arg_shape)
            if missing > 0:  # the directions' axis stays first when the argument broadcasts
                t = np.reshape(t, (batch,) + (1,) * missing + arg_shape)
        if rule is None:
            term = t
        elif unary:
            term = rule(t, ans, x)
        else:
            term = rule(t, ans, x, primals[1])
        if (term.dtype.kind == "c" if type(term) is np.ndarray else _fw._complex(term)) and ans.dtype.kind != "c":
            term = np.real(term)  # a real function of a complex argument (abs): <c, J t> is real
        out = term if out is None else out + term
    if out is None:
        return _fw._zeros(ans, batch)
    shape = ans.shape if batch is None else (batch,) + ans.shape
    if (out.shape if type(out) is np.ndarray else _shape_of(_fw._plainest(out))) != shape:
        out = np.broadcast_to(out, shape) if type(out) is not np.ndarray else np.broadcast_to(out, shape).copy()
    return out


def multilinear_array(prim: Any, fun: Any, primals: Any, tangents: Any, kwargs: Any) -> Any:
    """wengert.forward's multilinear JVP for one direction where every tangent is a NumPy
    array (the same terms in the same order); for any other tangents, the marker
    wengert.forward installed (internal)."""
    vjps = prim.vjps
    out = None
    for i, t in enumerate(tangents):
        if t is None:
            continue
        if type(t) is not np.ndarray:
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


def linear_array(prim: Any, fun: Any, primals: Any, tangents: Any, kwargs: Any) -> Any:
    """wengert.forward's linear JVP (the function applied to the tangents, zeros where an
    argument has none) for one direction where every tangent is a NumPy array and no
    differentiable argument is a sequence; for any other arguments, the marker
    wengert.forward installed (internal)."""
    vjps = prim.vjps
    args = list(primals)
    for i, t in enumerate(tangents):
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
        elif type(t) is not np.ndarray:
            return _NOT_ARRAYS
        else:
            args[i] = t
    if not kwargs:
        return fun(*args)  # (``prim``'s plain function: no Dual and no Var among args)
    if kwargs.get("initial") is not None:
        kwargs = dict(kwargs, initial=0)  # np.sum's initial= is a constant term: its tangent is 0
    return fun(*args, **kwargs)


register_dual(Dual)  # (a Var holding a Dual: _var reads a float subclass through it)
