"""The Backprop protocol: ``zero``, ``add`` and ``one`` for every value type.

A gradient with respect to a value has the same type and structure as that value, and
is built from three functions chosen by the value's type (as in Haskell's ``backprop``):

* ``zero(x)``: the additive identity shaped like ``x`` (the gradient of an unused input);
* ``add(x, y)``: sums two gradients of the same shape (how fan-out accumulates);
* ``one(x)``: the gradient of the identity function at ``x`` (the default seed).

Laws every instance must satisfy, checked for the built-in types by
``tests/test_protocol.py``:

* identity: ``add(zero(x), y) == y == add(y, zero(x))``;
* commutativity: ``add(x, y) == add(y, x)``; associativity:
  ``add(x, add(y, z)) == add(add(x, y), z)``;
* idempotence: ``zero(zero(x)) == zero(x)`` and ``one(one(x)) == one(x)``;
* ``one(x) == grad_bp(lambda v: v, x)``;
* ``add`` returns a new value and never writes into its arguments.

Built in: ``float``, ``int``, ``complex``, NumPy arrays and scalars, ``None``, tuples,
lists, dicts, named tuples and dataclasses (field by field, rebuilt without calling
``__init__``). ``str``, ``bytes`` and ``None`` are carried through as constants: they
receive no gradient and come back unchanged. A ``bool`` (Python's or NumPy's) is a constant
whose gradient is ``False``, as a boolean array's is all ``False`` and an integer's is ``0``.
Other types register with
:func:`register` or define ``__wengert_zero__``, ``__wengert_add__`` and
``__wengert_one__`` methods.

.. versionadded:: 0.1
"""
import operator
import threading
from typing import Any, Callable, NamedTuple, Optional, TypeVar, Union

import numpy as np

from ._backend import Var
from .errors import NoProtocolInstance
from .tree import TYPE_CACHE_MAX, rebuild_record, record_fields  # noqa: F401  (record_fields: also wengert.protocol.record_fields)

__all__ = ["zero", "add", "one", "scale", "register", "Instance", "instance_for"]

T = TypeVar("T")


class Instance(NamedTuple):
    """The protocol functions of one type.

    >>> import wengert as wg
    >>> wg.protocol.instance_for(1.0).add(1.0, 2.0)
    3.0
    """
    zero: Callable[[Any], Any]
    add: Callable[[Any, Any], Any]
    one: Callable[[Any], Any]
    scale: Optional[Callable[[Any, float], Any]] = None
    iadd: Optional[Callable[[Any, Any], Any]] = None  # may write into its first argument


_registry: "dict[type, Instance]" = {}  # exact type -> Instance (built-ins and register())
_resolved: "dict[type, Instance]" = {}  # cache of instance_for's answer for types found by structure or MRO
_sparse_rank: "dict[type, int]" = {}  # type -> rank: its add runs when it meets a value of lower rank (structured.py)
# Reads of these dicts take no lock (one dict operation each, atomic with or without the
# GIL). register() and the store of a resolved instance take _lock, and a resolution that
# began before a register() is not cached: it may have missed the new instance.
_lock = threading.Lock()
_generation = 0  # bumped by every register()


def register(cls: type, *, zero: Callable[..., Any], add: Callable[..., Any],
             one: Callable[..., Any], scale: Optional[Callable[..., Any]] = None,
             iadd: Optional[Callable[..., Any]] = None,
             sparse: Union[bool, int] = False) -> None:
    """Make values of type ``cls`` differentiable.

    ``zero(x)``, ``add(x, y)`` and ``one(x)`` must obey the laws in this module's
    docstring; ``scale(x, c)`` (used by ``wengert.optim``) multiplies by a float and
    defaults to refusing; ``iadd`` defaults to ``add``. ``sparse`` marks a type whose
    ``add`` knows how to meet any other value (a partial cotangent); when two such types
    meet, the higher ``sparse`` rank wins (``True`` counts as 1).

    >>> import wengert as wg
    >>> class Poly:
    ...     def __init__(self, coeffs): self.coeffs = list(coeffs)
    ...     def __call__(self, x): return sum(c * x ** k for k, c in enumerate(self.coeffs))
    >>> wg.register(Poly, zero=lambda p: Poly([0.0] * len(p.coeffs)),
    ...             add=lambda p, q: Poly([a + b for a, b in zip(p.coeffs, q.coeffs)]),
    ...             one=lambda p: Poly([1.0] * len(p.coeffs)))
    >>> wg.add(Poly([1.0, 2.0]), Poly([3.0, 4.0])).coeffs
    [4.0, 6.0]

    .. versionadded:: 0.1
    """
    if not isinstance(cls, type):
        raise TypeError(f"register(cls, ...) needs a type, got {cls!r}")
    for name, fn in (("zero", zero), ("add", add), ("one", one)):
        if not callable(fn):
            raise TypeError(f"register({cls.__name__}): {name} must be callable")
    global _generation
    inst = Instance(zero, add, one, scale, iadd or add)
    inst = inst if _is_builtin(cls) else _checked(cls, inst)
    with _lock:
        if sparse:
            _sparse_rank[cls] = int(sparse)
        _registry[cls] = inst
        _resolved.clear()
        _generation += 1


def instance_for(x):
    """The protocol instance used for ``x`` (by its exact type, then structure, then MRO).

    >>> import numpy as np, wengert as wg
    >>> wg.protocol.instance_for(np.ones(2)).zero(np.ones(2))
    array([0., 0.])
    """
    cls = type(x)
    inst = _registry.get(cls)
    if inst is not None:
        return inst
    inst = _resolved.get(cls)
    if inst is None:
        generation = _generation
        inst = _resolve(cls)
        with _lock:
            if generation == _generation:
                if len(_resolved) >= TYPE_CACHE_MAX:
                    _resolved.clear()
                _resolved[cls] = inst
    return inst


def _resolve(cls):
    if hasattr(cls, "__wengert_zero__"):
        return _checked(cls, Instance(
            lambda x: x.__wengert_zero__(), lambda x, y: x.__wengert_add__(y),
            lambda x: x.__wengert_one__(),
            (lambda x, c: x.__wengert_scale__(c)) if hasattr(cls, "__wengert_scale__") else None))
    names = record_fields(cls)
    if names is not None:
        return _record_instance(cls, names)
    for base in cls.__mro__[1:]:
        inst = _registry.get(base)
        if inst is not None:
            return inst
    raise NoProtocolInstance(
        f"wengert cannot differentiate with respect to a {cls.__module__}.{cls.__qualname__}: "
        "its type has no zero/add/one instance. Register one with "
        f"wengert.register({cls.__name__}, zero=..., add=..., one=...), define "
        "__wengert_zero__/__wengert_add__/__wengert_one__ methods on the class, or make it a "
        "dataclass of differentiable fields.")


def _is_builtin(cls):
    return (cls.__module__ or "").split(".")[0] in ("builtins", "numpy", "wengert")


def _checked(cls, inst):
    """``inst`` whose results are checked to be values of ``cls`` (a user's type): a
    ``zero``/``add``/``one`` that returns None or another type would otherwise come back
    silently as a gradient."""
    def check(result, what, x):
        if not isinstance(result, cls) and not _is_var(result):
            raise TypeError(
                f"{what} of a {cls.__qualname__} returned {type(result).__qualname__} "
                f"{result!r:.60}, not a {cls.__qualname__}: a gradient of a {cls.__qualname__} "
                "must be a value of the same type (check its __wengert_*__ methods or its "
                "wengert.register call)")
        return result

    def c_zero(x):
        return check(inst.zero(x), "zero", x)

    def c_add(x, y):
        return check(inst.add(x, y), "add", x)

    def c_iadd(x, y):
        return check((inst.iadd or inst.add)(x, y), "add", x)

    def c_one(x):
        return check(inst.one(x), "one", x)
    return Instance(c_zero, c_add, c_one, inst.scale, c_iadd)


def _is_var(value):
    # A cotangent recorded on an outer tape (derivatives of derivatives) stands for a value.
    return type(value) is Var


def zero(x: T) -> T:
    """The zero gradient shaped like ``x``.

    >>> import numpy as np, wengert as wg
    >>> wg.zero({"w": np.ones(2), "b": 3.0})
    {'w': array([0., 0.]), 'b': 0.0}
    """
    return instance_for(x).zero(x)


def one(x: T) -> T:
    """The gradient of the identity at ``x`` (``grad_bp(lambda v: v, x)``).

    >>> import wengert as wg
    >>> wg.one((2.0, 3))
    (1.0, 1)
    """
    return instance_for(x).one(x)


def add(x: T, y: T) -> T:
    """The sum of two gradients of the same type and shape; a new value.

    >>> import wengert as wg
    >>> wg.add([1.0, 2.0], [3.0, 4.0])
    [4.0, 6.0]
    """
    if type(x) is np.ndarray and type(y) is np.ndarray:  # the common case, first
        return _array_add(x, y)
    if _sparse_rank.get(type(y), 0) > _sparse_rank.get(type(x), 0):
        x, y = y, x  # a sparse cotangent knows how to meet a dense one; add is commutative
    return instance_for(x).add(x, y)


def iadd(x, y):
    """``add`` that may write into ``x``; only for buffers the caller made (internal)."""
    if type(x) is np.ndarray and type(y) is np.ndarray:  # the common case, first
        return _array_iadd(x, y)
    if _sparse_rank.get(type(y), 0) > _sparse_rank.get(type(x), 0):
        return add(x, y)
    return instance_for(x).iadd(x, y)


def scale(x: T, c: float) -> T:
    """``x`` multiplied by the float ``c``, structure by structure (used by optimizers).

    >>> import wengert as wg
    >>> wg.scale({"a": 1.0, "b": [2.0]}, 0.5)
    {'a': 0.5, 'b': [1.0]}
    """
    inst = instance_for(x)
    if inst.scale is None:
        raise NoProtocolInstance(
            f"{type(x).__qualname__} has no scale operation; pass scale=... to wengert.register "
            "or define __wengert_scale__(self, c)")
    return inst.scale(x, c)


# -- numbers and constants -------------------------------------------------------------

def _same(x):
    return x


def _first(x, y):
    return x


for _t in (float, int, complex):
    register(_t, zero=lambda x, _t=_t: _t(0), add=operator.add, one=lambda x, _t=_t: _t(1),
             scale=lambda x, c: x * c)
for _t in (str, bytes, type(None)):  # type: ignore[assignment]
    register(_t, zero=_same, add=_first, one=_same, scale=_first)
# A bool is an integer (tree.is_integer_leaf), a constant whose gradient is the zero of its
# type, as a bool array's is all False; two add as NumPy adds bool arrays (or).
register(bool, zero=lambda x: False, add=operator.or_, one=lambda x: True, scale=_first)


# -- NumPy -----------------------------------------------------------------------------

def _shape(x):
    return x.shape if type(x) is np.ndarray else np.shape(x)


def _check_shapes(x, y):
    if _shape(x) != _shape(y):
        raise ValueError(
            f"cannot add gradients of shapes {np.shape(x)} and {np.shape(y)}: a gradient rule "
            "returned a cotangent whose shape differs from its input's (rules must sum "
            "broadcast dimensions back, e.g. with wengert.ops.unbroadcast)")


def _array_add(x, y):
    _check_shapes(x, y)
    return np.add(x, y)


def _array_iadd(x, y):
    if type(x) is np.ndarray and x.flags.writeable:
        if type(y) is np.ndarray:  # checked without NumPy's Python-level helpers: the hot path
            same = y.shape == x.shape and (y.dtype == x.dtype or np.result_type(x, y) == x.dtype)
        elif isinstance(y, (float, int, complex, np.generic)):
            same = np.shape(y) == x.shape and np.result_type(x, y) == x.dtype
        else:  # a Var or a forward-mode Dual (higher order), which cannot be added in place
            same = False
        if same:
            return np.add(x, y, out=x)
    return _array_add(x, y)


register(np.ndarray, zero=np.zeros_like, add=_array_add, one=np.ones_like,
         scale=lambda x, c: x * c, iadd=_array_iadd)


def _scalar_zero(x):
    return type(x)(0)


def _scalar_one(x):
    return type(x)(1)


register(np.generic, zero=_scalar_zero, add=operator.add, one=_scalar_one,
         scale=lambda x, c: x * c)
register(np.bool_, zero=lambda x: np.False_, add=operator.or_, one=lambda x: np.True_, scale=_first)


# -- containers --------------------------------------------------------------------------

def _seq_add(x, y):
    if len(x) != len(y):
        raise ValueError(f"cannot add gradients of {type(x).__name__}s of lengths {len(x)} and {len(y)}")
    return type(x)(add(a, b) for a, b in zip(x, y))


for _t in (tuple, list):  # type: ignore[assignment]
    register(_t, zero=lambda x: type(x)(zero(a) for a in x), add=_seq_add,
             one=lambda x: type(x)(one(a) for a in x),
             scale=lambda x, c: type(x)(scale(a, c) for a in x))


def _dict_add(x, y):
    # A union, as backprop's Map instance: a key missing from one side counts as zero.
    out = dict(x)
    for k, v in y.items():
        out[k] = add(out[k], v) if k in out else v
    return out


register(dict, zero=lambda x: {k: zero(v) for k, v in x.items()}, add=_dict_add,
         one=lambda x: {k: one(v) for k, v in x.items()},
         scale=lambda x, c: {k: scale(v, c) for k, v in x.items()})


# -- records: dataclasses and named tuples, field by field ------------------------------

def _record_instance(cls, names):
    def fields_of(x):
        return [getattr(x, n) for n in names]

    def r_zero(x):
        return rebuild_record(cls, [zero(v) for v in fields_of(x)])

    def r_one(x):
        return rebuild_record(cls, [one(v) for v in fields_of(x)])

    def r_add(x, y):
        if type(y) is not type(x):
            raise TypeError(f"cannot add a {type(x).__qualname__} gradient and a {type(y).__qualname__}")
        return rebuild_record(cls, [add(a, b) for a, b in zip(fields_of(x), fields_of(y))])

    def r_scale(x, c):
        return rebuild_record(cls, [scale(v, c) for v in fields_of(x)])

    return Instance(r_zero, r_add, r_one, r_scale, r_add)
