"""Lenses: first-class paths into records and containers, for plain values and for Vars.

backprop's lens operators, for Python values (its container, isomorphism and record
functions, ``sequence_var`` to ``build``, are in ``wengert.records``):

========================  ==========================  ==========================================
backprop                  wengert                     what it gives
========================  ==========================  ==========================================
``x ^^. l``               ``view(x, l)``              the part of ``x`` at ``l``
``(l .~~ y) x``           ``set_var(x, l, y)``        ``x`` with that part replaced by ``y``
``(l %~~ f) x``           ``over(x, l, f)``           ``x`` with that part replaced by ``f(part)``
``x ^^? l``               ``preview(x, l)``           the part, or None if it is absent
``x ^^.. t``              ``to_list_of(x, t)``        every part a traversal reaches, in a list
========================  ==========================  ==========================================

**Making lenses.** ``at`` is the empty path; ``at.w1`` reads the field ``w1`` of a
dataclass or named tuple, ``at["key"]`` a dict key, a list or tuple index or slice (or a
record field by name), and steps chain: ``at.layers[0].w``. ``each`` is the traversal of
every element of a list or tuple, every value of a dict, every field of a record.
``Lens(get, set)`` is a lens made of your own getter and setter, for your own types.
Any two lenses compose with ``/``: ``at.layers / each / at.w``. A plain key (a string,
an integer, a slice) wherever a lens is expected means ``at[key]``.

**Plain values and Vars.** Every function here works on plain values (so the same code
runs under ``eval_bp``), on Vars, on plain structures holding Vars, and on Vars of Vars
(derivatives of derivatives). None mutates its argument: records are rebuilt without
calling ``__init__``, as gradients are.

**Gradients, and what they cost.** Viewing a field or an item sends back a sparse
cotangent holding that part only, so a read costs O(1) whatever the size of the record
(a whole gradient, with ``zero`` for the untouched parts, is built once at the end).
Setting a part sends the rest of the cotangent to the whole and that part's cotangent
to the new value. A lens made with ``Lens(get, set)`` moves cotangents with the same
``get`` and ``set``, so they must be *structural* (pick or replace parts, never
compute with them), as backprop's documentation warns for its lenses; the same holds
for the functions given to ``iso_var``.

.. versionadded:: 0.1
"""
from typing import Any, Callable, Hashable, List, Optional, Tuple, TypeVar, Union

import numpy as np

from ._backend import Var
from .errors import LensError, MissingPart
from .protocol import zero
from .records import part_keys, plain_part, read_part, record_node, type_name
from .structured import Partial, collect, finalize, plain_value
from .tree import rebuild, rebuild_record, record_fields

__all__ = ["Lens", "at", "each", "view", "set_var", "over", "preview", "to_list_of",
           "LensError", "MissingPart"]

T = TypeVar("T")
# A lens, or a plain key taken as one step (``view(d, "w")``, ``view(xs, 0)``, a slice).
LensLike = Union["Lens", Hashable, slice]


# -- steps: one field/item, one user getter/setter pair, or every element --------------

class _Key:
    """A field (``.name``, records only) or an item (``[key]``: dict key, index, slice)."""
    __slots__ = ("key", "attr")

    def __init__(self, key, attr=False):
        self.key = key
        self.attr = attr

    def __eq__(self, other):
        return type(other) is _Key and self.attr == other.attr and self.key == other.key

    def __repr__(self):
        return f".{self.key}" if self.attr else f"[{self.key!r}]"

    def locate(self, plain, insert=False):
        """The part's key in cotangents: a field name, a dict key, a non-negative index,
        or a ``range`` of indices for a slice. ``insert`` lets a missing dict key through."""
        key = self.key
        names = record_fields(type(plain))
        if names is not None and (self.attr or isinstance(key, str)):
            if key not in names:
                raise MissingPart(f"{self!r}: a {type_name(plain)} has no field {key!r} "
                                  f"(its fields: {', '.join(names)})")
            return key
        if self.attr:
            hint = (f"; for the dict key use at[{key!r}]" if type(plain) is dict else
                    "; for your own type make a lens with wengert.Lens(get, set)")
            raise LensError(f"{self!r} reads a field, but a {type_name(plain)} is not a dataclass "
                            f"or named tuple{hint}")
        if type(plain) is dict:
            return self._locate_key(plain, insert)
        if isinstance(plain, (list, tuple)):
            return self._locate_index(plain, names)
        raise LensError(_misfit(self, plain))

    def _locate_key(self, plain, insert):
        key = self.key
        if not insert and key not in plain:
            raise MissingPart(f"{self!r}: no key {key!r} in the dict (its keys: "
                              f"{', '.join(map(repr, list(plain)[:10]))}{', ...' if len(plain) > 10 else ''}); "
                              "use wengert.preview for a part that may be absent")
        return key

    def _locate_index(self, plain, names):
        key = self.key
        if isinstance(key, slice):
            return range(len(plain))[key]
        if isinstance(key, (int, np.integer)) and not isinstance(key, (bool, np.bool_)):
            n, i = len(plain), int(key)
            if not -n <= i < n:
                raise MissingPart(f"{self!r}: index {i} is out of range for a "
                                  f"{type_name(plain)} of length {n}")
            i %= n
            return names[i] if names is not None else i
        raise LensError(f"{self!r}: {type_name(plain)} parts are reached by an integer index "
                        f"or a slice, not a {type_name(key)}")

    def view(self, x):
        return read_part(x, self.locate(plain_value(x)))

    def present(self, plain):
        try:
            self.locate(plain)
        except MissingPart:
            return False
        return True

    def set(self, x, new):
        plain = plain_value(x)
        k = self.locate(plain, insert=True)
        old = plain_part(plain, k, _ABSENT)
        if type(k) is range:
            _check_slice_fits(self, old, new)
        else:
            _check_fits(self, old, new)
        return _set_key(x, k, new)


class _Custom:
    """A user's getter and setter pair."""
    __slots__ = ("get", "put", "name")

    def __init__(self, get, put, name):
        self.get = get
        self.put = put
        self.name = name

    def __eq__(self, other):
        return type(other) is _Custom and (self.get, self.put) == (other.get, other.put)

    def __repr__(self):
        return f"Lens({self.name})"

    def view(self, x):
        return _view_custom(x, self)

    def present(self, plain):
        return self.get(plain) is not None

    def set(self, x, new):
        _check_fits(self, self.get(plain_value(x)), new)
        return _set_custom(x, self, new)


class _Each:
    """Every element of a list or tuple, every value of a dict, every field of a record."""
    __slots__ = ()

    def __eq__(self, other):
        return type(other) is _Each

    def __repr__(self):
        return "each"


_EACH = _Each()
_ABSENT = object()


def _misfit(step, plain):
    if isinstance(plain, (np.ndarray, np.generic)):
        return (f"{step!r} does not fit a NumPy array: lenses reach the parts of records, dicts, "
                f"lists and tuples. Index the array itself (x{step!r}) to read part of it")
    return (f"{step!r} does not fit a {type_name(plain)}: lenses reach the parts of dataclasses, "
            "named tuples, dicts, lists and tuples. For your own type, make a lens with "
            "wengert.Lens(get, set)")





def _check_fits(step, old, new):
    old, new = plain_value(old), plain_value(new)
    if old is None or old is _ABSENT or new is None:
        return  # an Optional part may be filled or emptied; a new dict key may be anything
    if isinstance(old, (float, np.ndarray, np.generic)):
        if not isinstance(new, (float, int, np.ndarray, np.generic)):
            raise LensError(f"setting {step!r}: the new part is a {type_name(new)}, the part it "
                            f"replaces a {type_name(old)}")
        if np.shape(new) != np.shape(old):
            raise LensError(f"setting {step!r}: the new part has shape {np.shape(new)}, the part it "
                            f"replaces shape {np.shape(old)}; give a value of the same shape")
    elif record_fields(type(old)) is not None and type(new) is not type(old):
        raise LensError(f"setting {step!r}: the new part is a {type_name(new)}, the part it "
                        f"replaces a {type_name(old)}")


def _check_slice_fits(step, old, new):
    plain = plain_value(new)
    if type(plain) is not type(old) or len(plain) != len(old):
        raise LensError(f"setting {step!r}: give a {type_name(old)} of length {len(old)}, not a "
                        f"{type_name(plain)}" + (f" of length {len(plain)}" if hasattr(plain, "__len__") else ""))
    for a, b in zip(old, plain):
        _check_fits(step, a, b)


# -- reading and replacing one part of a plain value ------------------------------------




def _replace_fields(obj, changes):
    """A copy of the record ``obj`` with some fields changed, without calling ``__init__``."""
    if isinstance(obj, tuple):
        return obj._replace(**changes)
    state = getattr(obj, "__dict__", None)
    if state is None:  # a dataclass with __slots__
        return rebuild_record(type(obj), [changes[n] if n in changes else getattr(obj, n)
                                          for n in record_fields(type(obj))])
    new = object.__new__(type(obj))
    new.__dict__.update(state)  # keeps attributes that are not fields, too
    for name, value in changes.items():
        object.__setattr__(new, name, value)  # frozen dataclasses included
    return new


def _with(plain, k, new):
    if type(plain) is dict:
        out = dict(plain)
        out[k] = new
        return out
    if isinstance(k, str):
        return _replace_fields(plain, {k: new})
    items = list(plain)
    if type(k) is range:
        for i, v in zip(k, new):
            items[i] = v
    else:
        items[k] = new
    return type(plain)(items) if record_fields(type(plain)) is None else type(plain)._make(items)


# -- the same on Vars: one node each, with sparse cotangents ----------------------------




def _set_key(x, k, new):
    """``x`` with part ``k`` replaced by ``new``; one node if ``x`` is a Var."""
    if type(x) is not Var:
        # A plain whole may hold Vars already (sequence_var's result): collecting keeps
        # every Var of the innermost tape out of the new node's value.
        out = _with(x, k, new)
        return collect(out) if type(new) is Var else out
    new = collect(new)  # a part built of Vars becomes one input of the node

    def forward(whole, part):
        plain = plain_value(whole)
        return _set_key(whole, k, part), (plain_part(plain, k, _ABSENT), _cotangent_keys(plain, k))
    return record_node("set" + (f"[{k!r}]" if not isinstance(k, str) else f".{k}"), forward,
                       [x, new], lambda context, y, positions: _set_pullback(k, *context, positions),
                       split_tuples=False)


def _cotangent_keys(plain, k):
    """The keys of the parts at ``k`` in a Partial cotangent of ``plain``."""
    if type(k) is not range:
        return (k,)
    names = record_fields(type(plain))  # a named tuple's parts are keyed by field name
    return tuple(k) if names is None else tuple(names[i] for i in k)


def _set_pullback(k, old, keys, positions):
    def pullback(g):
        if type(g) is Partial:
            parts = g.parts
            if not any(key in parts for key in keys):
                to_whole, to_new = g, None  # nothing reached the new part: O(1)
            else:
                rest = {key: v for key, v in parts.items() if key not in keys}
                to_whole = Partial(rest) if rest else None
                if type(k) is range:
                    to_new = Partial({j: parts[key] for j, key in enumerate(keys) if key in parts})
                else:
                    to_new = parts[k]
        else:  # a dense cotangent, or a Var of an outer tape (derivatives of derivatives)
            to_new = read_part(g, k)
            if old is _ABSENT:  # the key was added: the whole never had it
                to_whole = Partial({key: read_part(g, key) for key in part_keys(plain_value(g))
                                    if key != k})
            else:
                to_whole = _set_key(g, k, zero(old))
        out = (to_whole, to_new)
        return tuple(out[i] for i in positions)
    return pullback


def _view_custom(x, step):
    if type(x) is not Var:
        return step.get(x)

    def make_pullback(whole, y, positions):
        return lambda g: (_set_custom(zero(whole), step, finalize(g, y)),)
    return record_node(step.name, lambda whole: (_view_custom(whole, step), plain_value(whole)), [x],
                       make_pullback, split_tuples=False)


def _set_custom(x, step, new):
    new = collect(new)
    if type(new) is Var:
        x = collect(x)  # as in _set_key: no Var of the node's own tape inside its value
    elif type(x) is not Var:
        return step.put(x, new)

    def forward(whole, part):
        return _set_custom(whole, step, part), step.get(plain_value(whole))

    def make_pullback(old, y, positions):
        def pullback(g):
            g = finalize(g, y)
            out = (_set_custom(g, step, zero(old)), _view_custom(g, step))
            return tuple(out[i] for i in positions)
        return pullback
    return record_node(f"set {step.name}", forward, [x, new], make_pullback, split_tuples=False)


# -- lenses as values ---------------------------------------------------------------------

class Lens:
    """A path into a structured value, or ``Lens(get, set)`` for your own getter and setter.

    Build paths from :data:`at` and compose any two lenses with ``/``. ``get(whole)``
    returns the part; ``set(whole, part)`` returns a new whole (never mutating ``whole``).
    Both also move cotangents, so they must only pick and replace parts.

    >>> import wengert as wg
    >>> from collections import namedtuple
    >>> Point = namedtuple("Point", "x y")
    >>> wg.at.layers[0].w
    at.layers[0].w
    >>> first = wg.Lens(lambda p: p[0], lambda p, v: (v,) + p[1:], name="first")
    >>> wg.grad_bp(lambda t: wg.view(t, first) * 3.0, (2.0, 5.0))
    (3.0, 0.0)
    >>> wg.view({"pts": [Point(1.0, 2.0)]}, wg.at["pts"] / 0 / wg.at.y)
    2.0

    .. versionadded:: 0.1
    """
    __slots__ = ("_steps",)

    def __init__(self, get: Callable[[Any], Any], set: Callable[[Any, Any], Any],
                 name: Optional[str] = None) -> None:
        if not callable(get) or not callable(set):
            raise TypeError("Lens(get, set) needs two functions: get(whole) -> part and "
                            "set(whole, part) -> new whole")
        self._steps = (_Custom(get, set, name or getattr(get, "__name__", "lens")),)

    @classmethod
    def _of(cls, steps: Tuple[Any, ...]) -> "Lens":
        lens = object.__new__(cls)
        lens._steps = steps
        return lens

    def __getattr__(self, name: str) -> "Lens":  # at.w1: a field
        if name.startswith("_"):
            raise AttributeError(name)
        return Lens._of(self._steps + (_Key(name, attr=True),))

    def __getitem__(self, key: Any) -> "Lens":  # at["k"], at[0], at[1:3]: an item
        return Lens._of(self._steps + (_Key(key),))

    def __truediv__(self, other: LensLike) -> "Lens":  # composition: first self, then other
        return Lens._of(self._steps + _steps_of(other))

    def __rtruediv__(self, other: LensLike) -> "Lens":
        return Lens._of(_steps_of(other) + self._steps)

    def __eq__(self, other: object) -> bool:
        return type(other) is Lens and self._steps == other._steps

    __hash__ = None  # type: ignore[assignment]  # equal by value, mutable steps: unhashable

    def __repr__(self) -> str:
        parts, path = [], ""
        for step in self._steps:
            if type(step) is _Key:
                path += repr(step)
            else:
                if path:
                    parts.append("at" + path)
                    path = ""
                parts.append(repr(step))
        if path or not parts:
            parts.append("at" + path)
        return " / ".join(parts)


#: The empty path: ``at.w1``, ``at["key"]``, ``at[0]``, ``at.layers[0].w`` are lenses.
at = Lens._of(())
#: The traversal of every element of a list or tuple, value of a dict, field of a record.
each = Lens._of((_EACH,))


def _steps_of(lens):
    if type(lens) is Lens:
        return lens._steps
    if callable(lens) or isinstance(lens, (list, dict, set)):
        raise TypeError(f"{lens!r} is not a lens: give a wengert.Lens (wengert.at.name, "
                        "wengert.at[key], wengert.each, wengert.Lens(get, set)) or a plain key "
                        "(a string, an integer, a slice)")
    return (_Key(lens),)


def _single(steps, lens, what):
    if _EACH in steps:
        raise LensError(f"{what}: {lens!r} is a traversal (it contains each) and may reach several "
                        "parts; use wengert.to_list_of for all of them, wengert.preview for the "
                        "first, or wengert.over to change each of them")
    return steps


# -- the public operations -------------------------------------------------------------------

def view(x: Any, lens: LensLike) -> Any:
    """The part of ``x`` at ``lens`` (backprop's ``^^.``): a Var if ``x`` is one.

    ``view(net, "w1")``, ``view(net, wg.at.w1)`` and ``net.w1`` are the same read.
    Raises :class:`~wengert.errors.MissingPart` for an absent part (see :func:`preview`)
    and :class:`~wengert.errors.LensError` for a lens that does not fit ``x``.

    >>> import numpy as np, wengert as wg
    >>> d = {"layers": [{"w": np.ones(2)}, {"w": np.ones(2)}]}
    >>> g = wg.grad_bp(lambda d: np.sum(wg.view(d, wg.at["layers"][1]["w"]) * 3.0), d)
    >>> g["layers"][0]["w"], g["layers"][1]["w"]
    (array([0., 0.]), array([3., 3.]))

    .. versionadded:: 0.1
    """
    for step in _single(_steps_of(lens), lens, "view"):
        x = step.view(x)
    return x


def _update(x, steps, fn, needs_old):
    """``x`` with the parts at ``steps`` replaced by ``fn(part)`` (``fn(None)`` if not ``needs_old``)."""
    step, rest = steps[0], steps[1:]
    if step is not _EACH:
        if rest:
            new = _update(step.view(x), rest, fn, needs_old)
        else:
            new = fn(step.view(x) if needs_old else None)
        return step.set(x, new)
    plain = plain_value(x)
    parts = []
    for k in part_keys(plain):
        if rest:
            new = _update(read_part(x, k), rest, fn, needs_old)
        else:
            new = fn(read_part(x, k) if needs_old else None)
            _check_fits(step, plain_part(plain, k), new)
        parts.append(new)
    rebuilt = rebuild(plain, parts)
    return collect(rebuilt) if type(x) is Var else rebuilt


def set_var(x: T, lens: LensLike, new: Any) -> T:
    """``x`` with the part at ``lens`` replaced by ``new`` (backprop's ``.~~``); never mutates ``x``.

    The result is a Var if ``x`` or ``new`` is one. Gradients flow to both: the rest of
    the result's cotangent to ``x``, the cotangent of that part to ``new``. A dict
    gets a new key if ``lens`` ends in one it lacks. With a traversal (``each``) every
    part it reaches is set to ``new``. Raises :class:`~wengert.errors.LensError` if
    ``new`` has another shape or record type than the part it replaces.

    >>> import wengert as wg
    >>> from collections import namedtuple
    >>> P = namedtuple("P", "a b")
    >>> wg.set_var(P(1.0, 2.0), "b", 5.0)
    P(a=1.0, b=5.0)
    >>> wg.grad_bp(lambda p, y: (lambda q: q.a * q.b)(wg.set_var(p, "b", y * y)), P(3.0, 2.0), 4.0)
    (P(a=16.0, b=0.0), 24.0)

    .. versionadded:: 0.1
    """
    steps = _steps_of(lens)
    if not steps:
        return new
    return _update(x, steps, lambda _: new, needs_old=False)


def over(x: T, lens: LensLike, fn: Callable[[Any], Any]) -> T:
    """``x`` with the part at ``lens`` replaced by ``fn(part)`` (backprop's ``%~~``).

    With a traversal, ``fn`` is applied to every part it reaches.

    >>> import numpy as np, wengert as wg
    >>> layers = [{"w": 1.0}, {"w": 2.0}]
    >>> wg.over(layers, wg.each / "w", lambda w: w * 10.0)
    [{'w': 10.0}, {'w': 20.0}]
    >>> wg.grad_bp(lambda ls: wg.over(ls, wg.each / "w", lambda w: w * w)[1]["w"], layers)
    [{'w': 0.0}, {'w': 4.0}]

    .. versionadded:: 0.1
    """
    steps = _steps_of(lens)
    if not steps:
        return fn(x)
    return _update(x, steps, fn, needs_old=True)


def _foci(x, steps, absent_ok):
    """The parts ``steps`` reach, lazily; with ``absent_ok``, absent parts are skipped."""
    if not steps:
        if not (absent_ok and plain_value(x) is None):
            yield x
        return
    step, rest = steps[0], steps[1:]
    plain = plain_value(x)
    if absent_ok and plain is None:
        return
    if step is _EACH:
        for k in part_keys(plain):
            yield from _foci(read_part(x, k), rest, absent_ok)
    elif not absent_ok or step.present(plain):
        yield from _foci(step.view(x), rest, absent_ok)


def preview(x: Any, lens: LensLike) -> Optional[Any]:
    """The part of ``x`` at ``lens``, or None if it is absent (backprop's ``^^?``).

    Absent means: a part that is None (an Optional field), a missing dict key or
    field (a union of records), an index out of range, or a ``Lens(get, set)`` whose
    getter returns None. With a traversal, the first part present. A lens that cannot
    fit ``x`` at all still raises :class:`~wengert.errors.LensError`.

    >>> import wengert as wg
    >>> from dataclasses import dataclass
    >>> from typing import Optional
    >>> @dataclass
    ... class Layer:
    ...     w: float
    ...     bias: Optional[float] = None
    >>> def out(layer, x):
    ...     b = wg.preview(layer, "bias")
    ...     return layer.w * x + (0.0 if b is None else b)
    >>> wg.grad_bp(out, Layer(2.0), 3.0)
    (Layer(w=3.0, bias=None), 2.0)
    >>> wg.grad_bp(out, Layer(2.0, 1.0), 3.0)
    (Layer(w=3.0, bias=1.0), 2.0)

    .. versionadded:: 0.1
    """
    return next(_foci(x, _steps_of(lens), True), None)


def to_list_of(x: Any, lens: LensLike) -> List[Any]:
    """Every part of ``x`` that ``lens`` reaches, in a list (backprop's ``^^..``).

    Each element is read with its own O(1) view. A lens without ``each`` gives one part.

    >>> import numpy as np, wengert as wg
    >>> net = {"layers": [{"w": 1.0}, {"w": 2.0}, {"w": 3.0}]}
    >>> wg.to_list_of(net, wg.at["layers"] / wg.each / "w")
    [1.0, 2.0, 3.0]
    >>> wg.grad_bp(lambda n: sum(w * w for w in wg.to_list_of(n, wg.at["layers"] / wg.each / "w")), net)
    {'layers': [{'w': 2.0}, {'w': 4.0}, {'w': 6.0}]}

    .. versionadded:: 0.1
    """
    return list(_foci(x, _steps_of(lens), False))


