"""Walking nested values: the one place that knows what a container is.

In the spirit of JAX's ``tree_util``: a value is a *tree* whose inner nodes are dicts,
lists, tuples, named tuples and dataclasses, and whose *leaves* are everything else
(floats, arrays, NumPy scalars, None, strings, Vars, other types). Every module that
walks a nested value (the protocol, finalizing gradients, lenses, optimizers, Jacobians,
the gradient checker) does it with these functions.

Records (dataclasses and named tuples) are walked field by field and rebuilt without
calling ``__init__`` (a custom ``__init__`` or ``__post_init__`` must not run on
gradients: the pitfall of jax's ``register_dataclass``, jax#25486). Only the exact types
``dict``, ``list`` and ``tuple`` are containers; a subclass of ``dict`` is a leaf, left to
its protocol instance.

This module sits below :mod:`wengert.protocol` and imports nothing of wengert.

>>> import numpy as np
>>> from wengert import tree
>>> tree.map_leaves(lambda x: 2 * x, {"w": [1.0, np.ones(2)], "b": 3.0})
{'w': [2.0, array([2., 2.])], 'b': 6.0}
>>> tree.paths({"w": [1.0, 2.0], "b": 3.0})
[(('w', 0), 1.0), (('w', 1), 2.0), (('b',), 3.0)]

.. versionadded:: 0.1
"""
import dataclasses
from typing import Any, Callable, Hashable, Iterable, List, Optional, Sequence, Tuple, TypeVar

import numpy as np

__all__ = ["children", "rebuild", "map_leaves", "leaves", "arrays", "paths", "record_fields",
           "rebuild_record", "is_float_leaf", "is_inexact_leaf", "is_integer_leaf", "still_tangent", "float_paths",
           "replace_float_leaves", "replace_at"]


# -- records: dataclasses and named tuples ----------------------------------------------

_fields_cache: "dict[type, Any]" = {}
_UNSEEN = object()  # (a type not in _fields_cache yet)

#: the most types a type-keyed cache holds before it starts afresh: types made at run time
#: (a named tuple class made on every call) must not pile up in it for ever.
TYPE_CACHE_MAX = 4096

T = TypeVar("T")
IsLeaf = Optional[Callable[[Any], bool]]
Path = Tuple[Hashable, ...]


class _FieldNames(tuple):
    """Field names in order, with O(1) ``in`` and ``index``.

    ``name in fields`` runs on every field read of a record Var; a tuple scans, which in a
    100-field record costs more than the rest of the read.
    """

    def __new__(cls, names):
        self = super().__new__(cls, names)
        self.positions = {name: i for i, name in enumerate(names)}
        return self

    def __contains__(self, name):
        return name in self.positions

    def index(self, name, *bounds):
        return self.positions[name] if not bounds else super().index(name, *bounds)


def record_fields(cls: Any) -> Optional[Tuple[str, ...]]:
    """Field names of a dataclass or named tuple type, in order, or None for other types.

    >>> from typing import NamedTuple
    >>> class P(NamedTuple):
    ...     x: float
    ...     y: float
    >>> record_fields(P), record_fields(dict)
    (('x', 'y'), None)
    """
    try:
        return _fields_cache[cls]
    except KeyError:
        pass
    names = None
    if dataclasses.is_dataclass(cls) and isinstance(cls, type):
        names = tuple(f.name for f in dataclasses.fields(cls))
    elif isinstance(cls, type) and issubclass(cls, tuple) and hasattr(cls, "_fields"):
        names = tuple(cls._fields)
    if names is not None and len(names) > 8:  # a short tuple scans faster than a Python __contains__
        names = _FieldNames(names)
    if len(_fields_cache) >= TYPE_CACHE_MAX:
        _fields_cache.clear()
    _fields_cache[cls] = names
    return names


def rebuild_record(cls: Any, values: Sequence[Any]) -> Any:
    """A record of type ``cls`` with the given field values (in field order), without
    calling ``__init__``.

    >>> from typing import NamedTuple
    >>> class P(NamedTuple):
    ...     x: float
    ...     y: float
    >>> rebuild_record(P, [1.0, 2.0])
    P(x=1.0, y=2.0)
    """
    if issubclass(cls, tuple):
        return cls._make(values)
    obj = object.__new__(cls)
    for name, value in zip(record_fields(cls), values):  # type: ignore[arg-type]  # cls is a record type here
        object.__setattr__(obj, name, value)  # frozen dataclasses included
    return obj


# -- the generic walk -----------------------------------------------------------------

#: the most common leaves, answered without looking for record fields (a hot path).
_LEAF_TYPES = frozenset({float, int, complex, bool, str, bytes, type(None), np.ndarray})


def children(obj: Any) -> Optional[List[Tuple[Hashable, Any]]]:
    """``(key, child)`` pairs of a container or record, or None for a leaf.

    Keys are field names (records), dict keys, or positions (lists and tuples).

    >>> children({"a": 1.0, "b": [2.0]}), children((5.0, 6.0)), children(np.ones(2))
    ([('a', 1.0), ('b', [2.0])], [(0, 5.0), (1, 6.0)], None)
    """
    t = type(obj)
    if t in _LEAF_TYPES:
        return None
    names = record_fields(t)
    if names is not None:
        return [(n, getattr(obj, n)) for n in names]
    if t is dict:
        return list(obj.items())
    if t is list or t is tuple:
        return list(enumerate(obj))
    return None


def rebuild(obj: Any, values: Sequence[Any]) -> Any:
    """A new node of ``obj``'s type and keys holding ``values`` (one per child, in the
    order of :func:`children`).

    >>> rebuild({"a": 1.0, "b": 2.0}, [3.0, 4.0])
    {'a': 3.0, 'b': 4.0}
    """
    t = type(obj)
    if record_fields(t) is not None:
        return rebuild_record(t, values)
    if t is dict:
        return dict(zip(obj.keys(), values))
    return t(values)


def map_leaves(fn: Callable[[Any], Any], obj: T, is_leaf: IsLeaf = None) -> T:
    """``obj`` with ``fn`` applied to each leaf; every container is rebuilt (as JAX's
    ``tree_map``). ``is_leaf(x)`` true stops the walk at ``x`` and passes it to ``fn``.

    >>> map_leaves(lambda x: x + 1, [1.0, (2.0, {"k": 3.0})])
    [2.0, (3.0, {'k': 4.0})]
    """
    if is_leaf is not None and is_leaf(obj):
        return fn(obj)
    kids = children(obj)
    if kids is None:
        return fn(obj)
    return rebuild(obj, [map_leaves(fn, child, is_leaf) for _, child in kids])


def paths(obj: Any, is_leaf: IsLeaf = None, path: Path = ()) -> List[Tuple[Path, Any]]:
    """``(path, leaf)`` for every leaf of ``obj``, in a fixed order (depth first, in the
    order of :func:`children`); ``path`` is the tuple of keys from the root.

    >>> paths((1.0, {"k": 2.0}))
    [((0,), 1.0), ((1, 'k'), 2.0)]
    """
    kids = None if is_leaf is not None and is_leaf(obj) else children(obj)
    if kids is None:
        return [(path, obj)]
    return [found for key, child in kids for found in paths(child, is_leaf, path + (key,))]


def leaves(obj: Any, is_leaf: IsLeaf = None) -> List[Any]:
    """The leaves of ``obj``, in the order of :func:`paths`.

    >>> leaves({"w": [1.0, 2.0], "b": None})
    [1.0, 2.0, None]
    """
    kids = None if is_leaf is not None and is_leaf(obj) else children(obj)
    if kids is None:
        return [obj]
    out = []
    for _, child in kids:
        if is_leaf is None and type(child) in _LEAF_TYPES:  # the common leaves, without a call
            out.append(child)
        else:
            out.extend(leaves(child, is_leaf))
    return out


def arrays(obj: Any, out: Optional[List[np.ndarray]] = None) -> List[np.ndarray]:
    """The leaves of ``obj`` whose type is exactly ``np.ndarray``, in the order of
    :func:`leaves`, appended to ``out`` (a new list if None).

    ``[a for a in leaves(obj) if type(a) is np.ndarray]`` without the ``(key, child)``
    pairs and the list of every leaf: the runners look at every gradient's arrays on
    every call.

    >>> arrays({"w": [1.0, np.ones(2)], "b": np.zeros(1)})
    [array([1., 1.]), array([0.])]
    """
    if out is None:
        out = []
    t = type(obj)
    if t is np.ndarray:
        out.append(obj)
        return out
    if t in _LEAF_TYPES:
        return out
    names = _fields_cache.get(t, _UNSEEN)
    if names is _UNSEEN:
        names = record_fields(t)
    if names is not None:
        kids: Iterable[Any] = [getattr(obj, n) for n in names]
    elif t is dict:
        kids = obj.values()
    elif t is list or t is tuple:
        kids = obj
    else:
        return out
    for child in kids:
        t = type(child)
        if t is np.ndarray:  # the common leaves, without a call
            out.append(child)
        elif t not in _LEAF_TYPES:
            arrays(child, out)
    return out


# -- floating-point leaves of plain values (Jacobians, checking, optimizers) ------------

def is_float_leaf(x: Any) -> bool:
    """True for a float (a subclass of ``float`` too, such as a member of a ``float``
    enum) or a floating-point array or NumPy scalar: a leaf that gets a gradient.

    >>> class Metres(float):
    ...     pass
    >>> is_float_leaf(1.0), is_float_leaf(Metres(2.0)), is_float_leaf(np.ones(2)), is_float_leaf(1), is_float_leaf(1j)
    (True, True, True, False, False)
    """
    if type(x) is float:
        return True
    if isinstance(x, (np.ndarray, np.floating)):
        return x.dtype.kind == "f"
    return isinstance(x, float)


def is_inexact_leaf(x: Any) -> bool:
    """True for a real or complex floating-point leaf (a float, complex, array or NumPy
    scalar; a subclass of ``float`` or ``complex`` too).

    >>> is_inexact_leaf(1j), is_inexact_leaf(np.ones(2, dtype=complex)), is_float_leaf(1j)
    (True, True, False)
    """
    if type(x) is float or type(x) is complex:
        return True
    if isinstance(x, (np.ndarray, np.inexact)):
        return x.dtype.kind in "fc"
    return isinstance(x, (float, complex))


def is_integer_leaf(x: Any) -> bool:
    """True for an integer or boolean leaf (a Python or NumPy integer or bool, any subclass
    of ``int`` such as an ``enum.IntEnum`` member, or an array of an integer or boolean
    dtype): a constant of a differentiated function, which gets neither a gradient nor a
    tangent.

    >>> import enum
    >>> class Axis(enum.IntEnum):
    ...     ROWS = 0
    >>> is_integer_leaf(3), is_integer_leaf(np.True_), is_integer_leaf(np.arange(2)), is_integer_leaf(Axis.ROWS)
    (True, True, True, True)
    >>> is_integer_leaf(3.0), is_integer_leaf(np.ones(2))
    (False, False)
    """
    t = type(x)
    if t is np.ndarray:
        return x.dtype.kind in "biu"
    if t is int or t is bool:
        return True
    if isinstance(x, np.ndarray):  # a subclass of ndarray
        return x.dtype.kind in "biu"
    return isinstance(x, (int, np.integer, np.bool_))


def still_tangent(leaf: Any) -> Any:
    """The tangent that leaves ``leaf`` where it is if it is an integer or boolean leaf
    (:func:`is_integer_leaf`): ``0`` for a number, zeros of its shape and dtype for an
    array; otherwise ``leaf`` itself (a string, None: carried through). Internal: the
    tangents of the constants among forward mode's inputs.

    >>> still_tangent(3), still_tangent(np.arange(2)), still_tangent("s")
    (0, array([0, 0]), 's')
    """
    if not is_integer_leaf(leaf):
        return leaf
    return np.zeros_like(leaf) if isinstance(leaf, np.ndarray) else 0


def float_paths(x: Any, leaf: Callable[[Any], bool] = is_float_leaf) -> List[Tuple[Path, Any]]:
    """``(path, leaf)`` for every floating-point leaf of the plain value ``x``, in a fixed
    order (``leaf=is_inexact_leaf``: complex leaves too).

    >>> float_paths({"n": 3, "w": [1.0, 2j]})
    [(('w', 0), 1.0)]
    """
    return [(path, v) for path, v in paths(x, leaf) if leaf(v)]


def replace_float_leaves(like: T, new_leaves: Iterable[Any],
                         leaf: Callable[[Any], bool] = is_float_leaf) -> T:
    """``like`` with its floating-point leaves (as ``leaf`` tells them) replaced, in the
    order of :func:`float_paths`, by ``new_leaves``.

    >>> replace_float_leaves({"n": 3, "w": [1.0, 2.0]}, [5.0, 6.0])
    {'n': 3, 'w': [5.0, 6.0]}
    """
    it = iter(new_leaves)
    return map_leaves(lambda x: next(it) if leaf(x) else x, like, leaf)


def replace_at(items: Sequence[Any], positions: Iterable[int], values: Iterable[Any]) -> List[Any]:
    """A list of ``items`` with the item at each of ``positions`` replaced by the matching
    value: an argument list with the differentiated arguments put in.

    >>> replace_at((1.0, "n", 3.0), [0, 2], [5.0, 6.0])
    [5.0, 'n', 6.0]
    """
    out = list(items)
    for i, value in zip(positions, values):
        out[i] = value
    return out
