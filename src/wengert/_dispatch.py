"""How Var operations that are not float arithmetic reach the op tables (internal).

``wengert._var.Var`` handles float-with-float arithmetic itself, in C. Everything else
(arrays, records, NumPy calls, views) comes here through the hooks installed at the
bottom of this module.
"""
import dis as _dis
import functools
import inspect
import sys

import numpy as np

from . import _context, protocol, structured, tree
from .structured import stop_gradient  # on arguments of functions with no gradient
from ._backend import Var, install_hooks, plain_value
from .errors import NoGradientRule
from . import ops  # noqa: F401  (declares every NumPy function: the tables below are read from them)
from .ops import shape, ufunc_methods, updates
from .ops._util import summed
from . import forward
from .forward import Dual
from .forward import unwrap as unwrap_dual
from .primitive import (ELEMENTARY, METHODS, OPERATORS, PLAIN_OPERATORS, PRIMITIVES, PROPERTIES, OwnPrimitive,
                        composite, declared, first_order_pullback, is_nondifferentiable, lookup, missing_rule,
                        qualified_name, ufunc_name)

__all__ = ["ARRAY_ATTRIBUTES", "ARRAY_METHODS", "DICT_METHODS"]

#: array attributes that are plain metadata, read from the value.
ARRAY_ATTRIBUTES = frozenset({"shape", "ndim", "size", "dtype", "itemsize", "nbytes", "flags"})

#: array methods and properties recorded through NumPy functions: name -> f(var, *args, **kwargs),
#: as the functions' declarations spell them (``methods=``, ``properties=`` in ``wengert.ops``).
ARRAY_METHODS = METHODS
ARRAY_PROPERTIES = PROPERTIES

#: Var's arithmetic dunders -> the rule Var applies itself (in C) when not float-with-float
#: (the ``operator=`` of the declarations).
OPERATOR_RULES = OPERATORS


def _plain(obj):
    """``obj`` with every Var replaced by its plain value (``wengert.stop_gradient``), read
    without a ``wengert.jit`` guard: :func:`_no_gradient_call` guards the result instead."""
    obj = plain_value(obj)
    kids = tree.children(obj)
    if not kids:
        return obj
    return tree.rebuild(obj, [_plain(child) for _, child in kids])


def _no_gradient_call(fn, args, kwargs):
    """``fn`` on the values of ``args``: a result with no gradient (an argmax, a mask), which
    ``wengert.jit`` keeps as a guard on its inputs rather than on their whole values."""
    result = fn(*_plain(args), **_plain(kwargs))
    positional = False
    for a in args:
        if type(a) is Var:
            positional = True
            if a.tape.jit is not None:
                if any(type(v) is Var for v in kwargs.values()):
                    a.tape.jit.refuse("a Var was passed as a keyword argument")
                a.tape.jit.guard(_Call(fn, kwargs), args, result)
                break
    if not positional and _context.open_tapes():
        # Vars only inside a container or a keyword (np.lexsort((a, b)), np.argmax(a=x)):
        # the guard reads them all, collected into one node
        whole = structured.collect((args, kwargs))
        if type(whole) is Var and whole.tape.jit is not None:
            whole.tape.jit.guard(_CallWhole(fn), (whole,), result)
    return result


class _Call:
    __slots__ = ("fn", "kwargs")

    def __init__(self, fn, kwargs):
        self.fn, self.kwargs = fn, kwargs

    def __call__(self, *args):
        return self.fn(*args, **_plain(self.kwargs))


class _CallWhole:
    __slots__ = ("fn",)

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, whole):
        args, kwargs = _plain(whole)
        return self.fn(*args, **kwargs)


def _binary(name, x, y):
    # Operators with a rule of their own are applied by Var itself (OPERATOR_RULES).
    prim = lookup(getattr(np, name, None))
    if prim is not None:
        return prim(x, y)
    nondiff = PLAIN_OPERATORS.get(name)
    if nondiff is not None:
        return _no_gradient_call(nondiff, (x, y), {})
    raise NoGradientRule(f"the operator {name!r} has no gradient rule in wengert for "
                         f"{type(stop_gradient(x)).__name__} and {type(stop_gradient(y)).__name__} operands")


def _is_array_like(value):
    # a forward-mode value (forward over reverse: a Var holding a Dual) reads as its primal
    return isinstance(value, (np.ndarray, np.generic, Dual))


def _getattr(var, name):
    # Fields of a Var holding a record are viewed by Var itself; this is everything else.
    if name.startswith("_"):
        # NumPy and copy probe dunder attributes; views are for public fields only.
        raise AttributeError(f"Var has no attribute {name!r}")
    value = structured.peek(var)  # under nested runners the value may itself be a Var
    if type(value) is np.ndarray and name in ARRAY_ATTRIBUTES:
        return getattr(value, name)  # (x.shape: the branch below's answer, without its calls)
    if structured.is_record(value):
        if name in tree.record_fields(type(value)):
            return structured.field_view(var, name)
    elif isinstance(value, dict) and name in DICT_METHODS:
        method = DICT_METHODS[name]
        return lambda *args: method(var, *args)
    elif _is_array_like(value) or type(value) is float or type(value) is complex:
        if name in ARRAY_ATTRIBUTES:
            return getattr(value, name) if _is_array_like(value) else getattr(np.asarray(value), name)
        prop = ARRAY_PROPERTIES.get(name)
        if prop is not None:
            return prop(var)
        method = ARRAY_METHODS.get(name)
        if method is not None:
            return lambda *args, **kwargs: method(var, *args, **kwargs)
    if hasattr(value, name):
        raise AttributeError(
            f"{name!r} of a Var holding a {type(value).__qualname__} is not recorded by wengert. "
            f"Use var.value.{name} for the plain attribute (no gradient), or lift the "
            "computation you need with wengert.op1 / wengert.primitive")
    raise AttributeError(f"Var holding a {type(value).__qualname__} has no attribute {name!r}")


def _getitem(var, key):
    value = structured.peek(var)
    if _is_array_like(value):
        return shape.getitem(var, structured.plain_tree(key))
    if isinstance(value, (dict, list, tuple)):
        return structured.item_view(var, key)
    raise TypeError(f"a Var holding a {type(value).__qualname__} cannot be indexed")


def _iterate(var):
    value = structured.peek(var)
    if isinstance(value, dict):
        return iter(list(value))  # a dict's keys, as iter(dict); they carry no gradient
    return (var[i] for i in range(len(value)))


#: dict methods on a Var holding a dict: the parts are recorded reads (item views), as d[k].
DICT_METHODS = {
    "keys": lambda var: structured.peek(var).keys(),
    "values": lambda var: [var[k] for k in structured.peek(var)],
    "items": lambda var: [(k, var[k]) for k in structured.peek(var)],
    "get": lambda var, key, default=None: var[key] if key in structured.peek(var) else default,
}


def _raise_unsupported(name, why):
    hint = _scipy_wrapper_hint(sys._getframe(1))
    raise NoGradientRule(
        f"{name} has no gradient rule in wengert ({why}). {hint}Register one with "
        f"wengert.defvjp({name}, ...), call it on var.value to treat the result as a "
        "constant, or see wengert.numpy.supported() for what is covered")


def _scipy_wrapper_hint(frame):
    """Where a SciPy Python-level function (``scipy.special.zeta``) called a private ufunc of
    its own (``_zeta``) on a Var: the sentence that names wengert's version of it, if any."""
    while frame is not None and frame.f_globals.get("__name__", "").startswith("wengert"):
        frame = frame.f_back
    caller = _scipy_caller(frame)
    if caller is None:
        return ""
    public = ".".join(caller.split(".")[:2] + [caller.rpartition(".")[2]])  # scipy.special.zeta
    if public in declared("scipy."):
        return (f"It was called by SciPy's {public}, which wengert differentiates as "
                f"wengert.{public} (the same arguments): call that instead. ")
    return (f"It was called by SciPy's {caller}; wengert.scipy.supported() lists the SciPy "
            "functions wengert differentiates. ")


def _optional_rule(ufunc):
    """The rule of a SciPy ufunc: SciPy is an optional extra, so its rules are registered
    (by importing ``wengert.scipy``) when one of its ufuncs first meets a Var."""
    if getattr(np, ufunc.__name__, None) is ufunc or "scipy.special" not in sys.modules:
        return None
    import wengert.scipy  # noqa: F401  (registers the scipy.special rules)
    return lookup(ufunc)


_METHODS_RECORDED = ("of a ufunc's methods, reduce, accumulate and outer are differentiated (without "
                     "dtype=, initial= or where= except for add, multiply, maximum and minimum); for "
                     "reduceat use np.add.reduce on each slice, or np.sum")


def _method_as_calls(name, ufunc, method, inputs, kwargs):
    """A ufunc's method as calls of functions with rules (``wengert.ops.ufunc_methods``), for a
    ufunc with a rule; NoGradientRule naming ``name.method`` otherwise."""
    if lookup(ufunc) is not None or _optional_rule(ufunc) is not None or is_nondifferentiable(ufunc):
        out = ufunc_methods.as_calls(ufunc, method, inputs, kwargs)
        if out is not NotImplemented:
            return out
    _raise_unsupported(f"{name}.{method}", _METHODS_RECORDED)


def _passes_values_through(ufunc, method, values):
    """True for ``reduce`` / ``accumulate`` / ``outer`` of a binary ufunc without gradient
    whose result, on the dtype of ``values`` (the inputs' plain values), is of that dtype
    (``floor_divide``, ``heaviside`` on floats): the result then holds entries of the input,
    not only steps (``floor_divide.accumulate(x)[0]`` is ``x[0]``, a reduction over one
    element is that element, ``heaviside.reduce(x)`` is ``x[1]`` where ``x[0] == 0``, and
    ``heaviside.outer(x1, x2)`` is ``x2`` where ``x1 == 0``), so it is computed as calls of
    the ufunc on Vars (it once was a constant, a silent zero gradient). ``reduceat``
    too (a one-element segment is that element): refused, as every ufunc's reduceat
    (it once was a constant)."""
    if method not in ("reduce", "accumulate", "outer", "reduceat") or ufunc.nin != 2 or ufunc.nout != 1:
        return False
    try:
        dtype = np.result_type(*[np.asarray(v) for v in values])  # (a list of numbers too)
        if dtype.kind not in "fc":
            return False
        result = ufunc.resolve_dtypes((dtype, dtype, None))[-1]
    except (TypeError, ValueError):  # no loop: NumPy's own error, from the plain call
        return False
    return result == dtype


def _array_ufunc(ufunc, method, inputs, kwargs):
    name = ufunc_name(ufunc, f"the ufunc {ufunc.__name__}")
    _refuse_out(name, kwargs)
    if method != "__call__":
        if is_nondifferentiable(ufunc) and not _passes_values_through(ufunc, method, _plain(inputs)):
            return _no_gradient_call(getattr(ufunc, method), inputs, kwargs)
        if method == "at":
            _refuse_in_place(f"{name}.at", "ufunc.at", "a Var")
        return _method_as_calls(name, ufunc, method, inputs, kwargs)
    prim = lookup(ufunc) or _optional_rule(ufunc)
    if prim is not None:
        _refuse_where(name, kwargs)
        return prim(*inputs, **kwargs)
    if is_nondifferentiable(ufunc):
        if ufunc is np.sign and any(type(v) is Var and structured.is_complex(v) for v in inputs):
            # a step for real numbers, but z / |z| for complex ones: not a constant
            raise NoGradientRule("numpy.sign of complex numbers (z / |z|) has a gradient, which "
                                 "wengert does not record through np.sign (a step on real "
                                 "numbers); write z / np.abs(z) instead")
        if ufunc is np.heaviside and len(inputs) == 2 and type(inputs[1]) is Var:
            # a step in x1, but its value at x1 == 0 is x2: recorded as a selection of x2
            x1 = stop_gradient(inputs[0])
            return np.where(x1 == 0, inputs[1], np.heaviside(x1, 0.0, **stop_gradient(kwargs)))
        return _no_gradient_call(ufunc, inputs, kwargs)
    _raise_unsupported(name, "not registered")


def _refuse_where(name, kwargs):
    where = kwargs.get("where", True)
    if where is not True:
        raise TypeError(
            f"{name}(..., where=...) is not recorded by wengert: the entries it leaves out keep "
            "whatever out= held (uninitialised memory without out=), and out= cannot be "
            "recorded. Compute everywhere and select with np.where(mask, f(x), fallback); "
            "where f(x) is undefined outside the mask, make its input safe first: "
            "f(np.where(mask, x, safe_value))")


def _refuse_out(name, kwargs):
    if kwargs.get("out") is not None:
        raise TypeError(f"{name}(..., out=...) writes into an array in place, which cannot be "
                        "recorded; drop out= and use the returned value")


def _keywords_bound(func, args, kwargs, traced):
    """``(args, kwargs)`` with the keyword arguments up to the last one holding a ``traced`` value (a Var, a Dual)
    that name positional parameters of ``func``, in order after ``args``, passed by position, so that a rule,
    whose arguments are positions, differentiates them: np.linalg.solve(a, b=b) was refused in both modes ("passed
    as a keyword argument"). ``traced`` None: every such keyword (forward mode's explicit rules take positions
    only: np.linalg.solve(a=a, b=b) with a traced raised TypeError there). None where a traced keyword is not such
    a parameter."""
    try:
        parameters = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return None
    args, kwargs = list(args), dict(kwargs)
    for p in parameters[len(args):]:
        if p.kind is not p.POSITIONAL_OR_KEYWORD or not any(traced is None or type(v) is traced
                                                             for v in kwargs.values()):
            break
        if p.name not in kwargs:
            break  # (no default filled in: NumPy's may be a sentinel, np._NoValue, that a rule reads as given)
        args.append(kwargs.pop(p.name))
    if traced is not None and any(type(v) is traced for v in kwargs.values()):
        return None
    return tuple(args), kwargs


def _array_function(func, types, args, kwargs):
    name = qualified_name(func)
    if is_nondifferentiable(func):
        return _no_gradient_call(func, args, kwargs)
    prim = lookup(func)
    if prim is not None:
        _refuse_out(name, kwargs)
        if kwargs and any(type(v) is Var for v in kwargs.values()):
            args, kwargs = _keywords_bound(func, args, kwargs, Var) or (args, kwargs)
        if not any(type(a) is Var for a in args):
            # Vars nested in a list or tuple argument (np.concatenate([x, y])): the rule
            # must collect them first; calling NumPy on them would loop back here.
            if prim.collects_sequences:
                return prim(*args, **kwargs)
            if any(type(v) is Var for v in kwargs.values()):
                _raise_unsupported(name, "a Var is passed as a keyword argument, which this rule "
                                   "does not differentiate; pass it positionally, or pass "
                                   "wengert.stop_gradient(v) if no gradient should flow there")
            error = _vars_in_lists_error(func)
            if error is not None:
                raise error
            _raise_unsupported(name, "its Var arguments are inside a list or tuple, which this "
                               "rule does not take")
        return prim(*args, **kwargs)
    stand_in = composite(func)
    if stand_in is not None:  # a function differentiated through the recorded calls it makes
        _refuse_out(name, kwargs)
        return stand_in(*args, **kwargs)
    _refuse_in_place(name, name, "a Var")
    _raise_unsupported(name, "not registered")


def _refuse_in_place(name, key, what):
    """Raise for NumPy's in-place functions (np.put, np.fill_diagonal, ufunc.at...) on
    ``what`` (a Var, a forward-mode value), naming the functional form to write instead."""
    instead = updates.IN_PLACE_INSTEAD.get(key)
    if instead is not None:
        raise TypeError(f"{name} writes into its array argument in place, which cannot be "
                        f"recorded ({what} is never written into): {instead}")


# -- Vars as cotangents (derivatives of derivatives) ------------------------------------
# When a runner is nested in another, the inner tape's cotangents are Vars of the outer
# tape; adding them must record on the outer tape, whatever the values' type.

def _add_values(x, y):
    return protocol.add(x, y)


_add_values = OwnPrimitive(_add_values, name="wengert.add")
_add_values.vjps.update({0: lambda ans, x, y: lambda g: g, 1: lambda ans, x, y: lambda g: g})



def _add_var(v, y):
    """A Var cotangent plus any other (``protocol.add`` puts the Var first)."""
    if type(y) is list or type(y) is tuple:
        # A cotangent already taken apart into its items (an array cotangent of a list
        # argument met the items read from it, see structured._add_into_dense): item by
        # item, so that the Vars inside the list stay connected to their tapes.
        if len(v) != len(y):
            raise ValueError(f"cannot add gradients of lengths {len(v)} and {len(y)}")
        return type(y)(protocol.add(v[i], b) for i, b in enumerate(y))
    return summed(_add_values(v, y), v, y)


protocol.register(Var, zero=lambda v: protocol.zero(structured.peek(v)),
                  add=_add_var, one=lambda v: protocol.one(structured.peek(v)),
                  scale=lambda v, c: v * c, sparse=True)


def _vars_in_lists_error(func, direct=False):
    """The TypeError for NumPy's ``func`` called on lists holding Vars (``direct``: on a Var
    itself, where ``func`` has no NumPy dispatch, as ``np.kaiser``), naming wengert.numpy's
    version of it (which takes them), or None if wengert.numpy has none."""
    name = qualified_name(func)
    short = name.partition(".")[2]
    from . import numpy as wnp  # imported by wengert after this module
    if not name.startswith("numpy.") or short not in wnp.supported():
        return None
    if direct:
        return TypeError(
            f"{name} has no NumPy dispatch: it converts its arguments with np.asarray, which "
            f"would cut a Var off from its gradient. Use wengert.numpy.{short} (import "
            f"wengert.numpy as wnp; wnp.{short}(...)), which takes the same arguments and "
            "differentiates the Var, or says why it cannot")
    return TypeError(
        f"{name} cannot record the Vars inside a list or tuple argument: NumPy's dispatch "
        "sees only the arguments themselves, and converting the list to a plain array would "
        f"cut them off from their gradient. Use wengert.numpy.{short} (import wengert.numpy "
        f"as wnp; wnp.{short}([...])), which builds the array with wnp.array first, or pass "
        "wnp.array([...]) yourself")


def _scipy_caller(frame):
    """The outermost SciPy function among the library frames (NumPy's and SciPy's) that
    called a conversion, as ``scipy.special.logsumexp``, or None."""
    found = None
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("scipy"):
            found = f"{module}.{frame.f_code.co_name}"
        elif not module.startswith("numpy"):
            break
        frame = frame.f_back
    return found


#: The bytecodes of ``a[i] = x`` (``a[i:j] = x`` compiles to STORE_SLICE from CPython 3.12 on).
_STORE_INTO_ITEM = frozenset({"STORE_SUBSCR", "STORE_SLICE"})


def _conversion_error(kind):
    """The TypeError for a Var that NumPy or Python would turn into a plain ``float()`` or
    array (``kind``), cutting it off from its gradient. NumPy calls ``__float__`` or
    ``__array__`` from a function's body or from storing into an array; the frames say
    which, so that the message can name what to use instead."""
    frame = sys._getframe(1)  # the caller of Var.__float__ / __array__ (compiled: no frame)
    while frame.f_globals.get("__name__") == Var.__module__:  # the pure-Python Var's own frame
        frame = frame.f_back
    if _dis.opname[frame.f_code.co_code[frame.f_lasti]] in _STORE_INTO_ITEM:
        return TypeError(
            "a Var cannot be stored into a plain NumPy array (a[i] = x): the array would "
            "hold its value cut off from its gradient. Build a new array instead: "
            "wengert.numpy.at(a)[i].set(x) (on a Var y: y.at[i].set(x), as in JAX), "
            "wengert.numpy.array([...]), np.stack, np.concatenate or np.where(mask, x, a) "
            "(wengert.set_var for records and containers)")
    scipy_function = _scipy_caller(frame)
    if scipy_function is not None:
        return TypeError(
            f"a Var cannot be converted to a plain NumPy array, which {scipy_function} does to "
            "its arguments: that would cut it off from its gradient. SciPy's Python-level "
            "functions (scipy.special.logsumexp / softmax / log_softmax / polygamma / "
            "multigammaln, scipy.stats distributions, scipy.linalg.solve_triangular / solve_banded / "
            "solve_sylvester / sqrtm, scipy.signal.convolve) do so; use wengert.scipy.special, "
            "wengert.scipy.stats, wengert.scipy.linalg and wengert.scipy.signal, which take "
            "the same arguments (wengert.scipy.supported() "
            "lists them), or x.value for the plain values")
    numpy_function, direct = None, False
    while frame is not None and frame.f_globals.get("__name__", "").startswith("numpy"):
        if isinstance(frame.f_locals.get("self"), np.vectorize):
            return TypeError("np.vectorize converts its arguments with np.asarray, which would cut "
                             "a Var off from its gradient; use wengert.numpy.vectorize, which takes "
                             "the same arguments and calls the function on element Vars")
        numpy_function = frame.f_globals.get(frame.f_code.co_name)  # the outermost one
        code = frame.f_code  # was a Var one of its own arguments (not inside a list)?
        direct = any(type(frame.f_locals.get(arg)) is Var
                     for arg in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
        frame = frame.f_back
    if kind == "array" and callable(numpy_function):
        error = _vars_in_lists_error(numpy_function, direct)
        if error is not None:
            return error
    if kind == "float":
        return TypeError(
            "float() of a Var would cut it off from its gradient. Use wengert's or NumPy's "
            "functions on the Var (wg.exp(x), np.exp(x), not math.exp(x)), or x.value for "
            "the plain number when you mean to drop the gradient")
    return TypeError(
        "a Var cannot be converted to a plain NumPy array: that would cut it off from its "
        "gradient. NumPy converts with np.array / np.asarray where it offers no dispatch "
        "(np.array([v, w]), np.r_[v, w], np.c_[v, w], np.exp([v, w])...); build the array with "
        "wengert.numpy.r_ / c_ / concatenate / stack / array instead, and call "
        "wengert.numpy's functions on lists holding Vars (wnp.exp([v, w])); for the plain "
        "values use x.value")


# -- NumPy dispatch for forward-mode values (wengert.forward.Dual) ------------------------------------------------------------------------

def _dual_array_ufunc(ufunc, method, inputs, kwargs):
    name = ufunc_name(ufunc, f"the ufunc {ufunc.__name__}")
    _refuse_out(name, kwargs)
    if method != "__call__":
        if is_nondifferentiable(ufunc) and not _passes_values_through(ufunc, method, unwrap_dual(inputs)):
            return getattr(ufunc, method)(*unwrap_dual(inputs), **unwrap_dual(kwargs))
        if method == "at":
            _refuse_in_place(f"{name}.at", "ufunc.at", "a forward-mode value")
        return _method_as_calls(name, ufunc, method, inputs, kwargs)
    prim = lookup(ufunc) or _optional_rule(ufunc)
    if prim is not None:
        _refuse_where(name, kwargs)
        return forward.forward_apply(prim, inputs, kwargs)
    if is_nondifferentiable(ufunc):
        if ufunc is np.sign and any(structured.is_complex(forward.plain_value(v)) for v in inputs):
            raise NoGradientRule("numpy.sign of complex numbers (z / |z|) has a derivative, which "
                                 "wengert does not compute through np.sign; write z / np.abs(z)")
        if ufunc is np.heaviside and len(inputs) == 2 and type(inputs[1]) is forward.Dual:
            x1 = unwrap_dual(inputs[0])
            return np.where(x1 == 0, inputs[1], np.heaviside(x1, 0.0, **unwrap_dual(kwargs)))
        return ufunc(*unwrap_dual(inputs), **unwrap_dual(kwargs))
    _raise_unsupported(name, "not registered")


def _dual_array_function(func, args, kwargs):
    if is_nondifferentiable(func):
        return func(*unwrap_dual(args), **unwrap_dual(kwargs))
    prim = lookup(func)
    if prim is not None:
        if kwargs:  # (the name, for the errors, only where one may be raised)
            _refuse_out(qualified_name(func), kwargs)
            if any(type(v) is forward.Dual for v in kwargs.values()):
                args, kwargs = _keywords_bound(func, args, kwargs, forward.Dual) or (args, kwargs)
            if kwargs and getattr(prim, "jvp_kind", None) == "explicit":
                args, kwargs = _keywords_bound(func, args, kwargs, None) or (args, kwargs)
            if any(type(v) is forward.Dual for v in kwargs.values()):
                _raise_unsupported(qualified_name(func), "a forward-mode value is passed as a keyword "
                                   "argument, which this rule does not differentiate; pass it positionally")
        return forward.forward_apply(prim, args, kwargs)
    stand_in = composite(func)
    if stand_in is not None:
        _refuse_out(qualified_name(func), kwargs)
        return stand_in(*args, **kwargs)
    _refuse_in_place(qualified_name(func), qualified_name(func), "a forward-mode value")
    _raise_unsupported(qualified_name(func), "not registered")


forward.install_hooks(summed=summed, array_ufunc=_dual_array_ufunc, array_function=_dual_array_function, binary=_binary,
                      getitem=lambda dual, key: forward.forward_apply(shape.getitem, (dual, key), {}))


def _dtype_kind(dtype):
    """The compiled core's GradientKind of values of ``dtype`` (the core asks once per
    dtype): 0 for booleans, integers, strings, bytes, objects and dates, which carry no
    gradient (a result comes back plain, a part of a record is read as a constant);
    1 for real floating point; 2 for anything else (complex, structured): may carry one."""
    if dtype.kind == "f":
        return 1
    return 0 if dtype.kind in "biuSUOMm" else 2


install_hooks(binary=_binary, getattr=_getattr, getitem=_getitem, iterate=_iterate,
              array_ufunc=_array_ufunc, array_function=_array_function,
              check_live=_context.check_live, innermost=_context.innermost,
              missing_rule=missing_rule, first_order_pullback=first_order_pullback,
              rules=PRIMITIVES, operators=OPERATORS, elementary=ELEMENTARY,
              record_fields=tree.record_fields, partial=structured.Partial,
              array_type=np.ndarray, dtype_kind=_dtype_kind,
              sum_kept=functools.partial(np.add.reduce, dtype=None, out=None, keepdims=True),
              real_pullback=structured.real_pullback, conversion_error=_conversion_error)
