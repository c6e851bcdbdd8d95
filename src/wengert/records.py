"""Containers, isomorphisms and records as Vars: backprop's ``sequenceVar`` family.

========================  ==========================  ==========================================
backprop                  wengert                     what it gives
========================  ==========================  ==========================================
``sequenceVar x``         ``sequence_var(x)``         a Var of a container as a container of Vars
``collectVar xs``         ``collect_var(xs)``         the inverse: one Var of the whole container
``isoVar f g x``          ``iso_var(f, g, x)``        a Var of ``f(x)``, given the inverse ``g``
``isoVarN f g xs``        ``iso_var_n(f, g, *xs)``    a Var of ``f(*xs)``; ``g`` gives ``xs`` back
``splitBV x``             ``fields(x)``               a record Var as a tuple of field Vars
``joinBV r``              ``build(cls, *fields)``     one record Var from field Vars
========================  ==========================  ==========================================

This is also where nodes of structured values are built: :func:`record_node` (one node
for a function of whole values, used here, by the lenses of ``wengert.lens`` and by the
lifted operations of ``wengert.lift``) and :func:`read_part` (one part by key, an O(1)
view of a Var). Every function works on plain values too, so the same code runs under
``eval_bp``; none mutates its argument.

.. versionadded:: 0.1
"""
import dataclasses
from typing import Any, Callable, Tuple, Type

from . import _context
from ._backend import Var, make_var, value_of
from .errors import LensError
from .primitive import check_cotangent, cotangent_spec
from .structured import collect, field_view, finalize, item_view, plain_value, refuse_closed_over
from .tree import children, rebuild, rebuild_record, record_fields

__all__ = ["sequence_var", "collect_var", "iso_var", "iso_var_n", "fields", "build",
           "record_node", "read_part", "plain_part", "part_keys", "type_name", "own_containers"]


def type_name(x):
    """The name of ``x``'s type for error messages (internal)."""
    return "None" if x is None else type(x).__qualname__


def record_node(name, fun, args, make_pullback, split_tuples=True, check=False, own=True):
    """Record one node for ``fun`` on ``args``; with no Var among them, ``fun(*args)[0]`` (internal).

    ``fun(*values) -> (y, context)`` runs on the values at the innermost tape among the
    arguments' (a Var of an outer tape stays a Var there: ``fun`` must accept it, and
    records itself on that tape). ``make_pullback(context, y, positions)`` builds the
    node's pullback, which returns one cotangent per argument in ``positions`` (the
    arguments on the innermost tape). A tuple result comes back as a tuple of Vars
    unless ``split_tuples`` is false. ``own`` false says ``fun`` is the user's: a result
    holding a Var of the tape (one ``fun`` closed over) is refused (:func:`refuse_closed_over`).
    """
    live = [a for a in args if type(a) is Var]
    if not live:
        return fun(*args)[0]
    tape = _context.innermost(live)
    _context.check_live(tape, live[0])
    positions, values = _on_tape(tape, args)
    node_of = _NodeOf(name, fun, make_pullback, positions, check)
    y, pullback = node_of(*values)
    if not own:
        refuse_closed_over(name, y, tape)
    node = make_var(tape, tape.push_object(tuple(args[i].index for i in positions), pullback, y, name), y)
    if tape.jit is not None:  # wengert.jit replays the node by calling node_of again
        tape.jit.python_node(node.index, node_of, args, y)
    if split_tuples and type(y) is tuple:
        return tuple(node[i] for i in range(len(y)))  # a tuple result comes back as a tuple of Vars
    return node


class _NodeOf:
    """A lifted op's value and pullback at given argument values (also ``wengert.jit``'s replay)."""
    __slots__ = ("name", "fun", "make_pullback", "positions", "check")

    def __init__(self, name, fun, make_pullback, positions, check):
        self.name, self.fun, self.make_pullback = name, fun, make_pullback
        self.positions, self.check = positions, check

    def __call__(self, *values):
        y, context = self.fun(*values)
        pullback = self.make_pullback(context, y, self.positions)
        if self.check:  # a user's gradient function: its cotangents are checked against the arguments
            pullback = _checked_pullback(self.name, pullback,
                                         [(i, cotangent_spec(values[i])) for i in self.positions])
        return y, pullback


def innermost_positions(args):
    """The positions of the arguments that are Vars of the innermost live tape among them
    (the ones :func:`record_node` differentiates; internal), or ``[]`` with no Var."""
    live = [a for a in args if type(a) is Var]
    return _on_tape(_context.innermost(live), args)[0] if live else []


def _on_tape(tape, args):
    """The positions of the arguments that are Vars of ``tape``, and every argument's value
    on ``tape`` (a Var of an outer tape stays a Var), in O(n)."""
    positions = [i for i, a in enumerate(args) if type(a) is Var and a.tape is tape]
    values = [value_of(a) if type(a) is Var and a.tape is tape else a for a in args]
    return positions, values


def _checked_pullback(name, pullback, specs):
    def checked(g):
        cotangents = pullback(g)
        for (i, like), ct in zip(specs, cotangents):
            check_cotangent(ct, like, "the cotangent that the gradient function of {} returned for argument {}",
                            name, i)
        return cotangents
    return checked


def part_keys(plain, what="each"):
    """The keys of the parts of ``plain``, or a LensError naming ``what`` (internal)."""
    kids = children(plain)
    if kids is not None:
        return [k for k, _ in kids]
    raise LensError(f"{what} traverses lists, tuples, dicts, dataclasses and named tuples; "
                    f"a {type_name(plain)} has no parts to traverse")


def _as_slice(indices):
    stop = indices.stop if indices.stop >= 0 else None  # range(4, -1, -1) is [4::-1]
    return slice(indices.start, stop, indices.step)


def plain_part(plain, k, default=None):
    """Part ``k`` of the plain value ``plain``: a field, dict key or index, or a ``range`` of
    indices (a slice, as a list or tuple); ``default`` for a dict key it lacks (internal)."""
    if type(k) is range:
        items = [plain[i] for i in k]
        return items if type(plain) is list else tuple(items)
    if type(plain) is dict:
        return plain.get(k, default)
    if isinstance(k, str):
        return getattr(plain, k)
    return plain[k]


def read_part(x, k):
    """Part ``k`` of ``x`` (see :func:`plain_part`): an O(1) view if ``x`` is a Var (internal)."""
    if type(x) is not Var:
        return plain_part(x, k)
    if type(k) is range:
        return item_view(x, _as_slice(k))
    if isinstance(k, str) and record_fields(type(plain_value(x))) is not None:
        return field_view(x, k)
    return item_view(x, k)


def own_containers(x, value, keep=None):
    """``value``, a runner's argument whose leaf Var is ``x``, as its own list, tuple, dict,
    dataclass or named tuple around the Vars of its parts, at every depth (internal:
    ``wengert.jit``'s plain call, ``wengert.checkpoint``'s two runs), where ``f`` must
    see what it sees on the plain value: ``isinstance``, ``len``, iteration, methods. Each
    part is read once, as ``f`` reading ``xs[0]`` or ``net.w`` would (a part of an argument
    is a leaf of its own, so the gradient comes back in ``value``'s type); a part with no
    gradient (an int, a string, None) is given as it is, and so is every part ``child``
    for which ``keep(child)`` is false. A record is rebuilt from its fields without
    ``__init__``. ``x`` not a Var (a value, or ``value`` not a container): ``x``.

    >>> import wengert as wg
    >>> wg.grad_bp(lambda xs: (lambda ys: ys[0] * ys[1] if type(ys) is list else 0.0)(
    ...     own_containers(xs, [2.0, 3.0])), [2.0, 3.0])
    [3.0, 2.0]
    """
    kids = children(value)
    if kids is None or type(x) is not Var:
        return x
    return rebuild(value, [own_containers(read_part(x, k), child, keep) if keep is None or keep(child)
                           else child for k, child in kids])


# -- containers, isomorphisms and records --------------------------------------------------

def sequence_var(x: Any) -> Any:
    """A Var of a list, tuple, dict or record as a list, tuple, dict or record of Vars.

    backprop's ``sequenceVar`` (and ``splitBV`` for records). Each element is an O(1)
    view, so this costs O(n), not O(n²). A plain container comes back unchanged.

    >>> import wengert as wg
    >>> def f(pair):
    ...     a, b = wg.sequence_var(pair)
    ...     return a * b
    >>> wg.grad_bp(f, (3.0, 4.0))
    (4.0, 3.0)

    .. versionadded:: 0.1
    """
    plain = plain_value(x)
    keys = part_keys(plain, "sequence_var")
    if type(x) is not Var:
        return x
    return rebuild(plain, [read_part(x, k) for k in keys])


def collect_var(xs: Any) -> Any:
    """One Var of a list, tuple, dict or record of Vars (backprop's ``collectVar``).

    The inverse of :func:`sequence_var`; nested structures and constants inside are
    fine, and a structure with no Var comes back unchanged.

    >>> import wengert as wg
    >>> def f(a, b):
    ...     pair = wg.collect_var({"x": a, "y": b * 2.0})
    ...     return wg.view(pair, "y") * a
    >>> wg.grad_bp(f, 1.0, 3.0)
    (6.0, 2.0)

    .. versionadded:: 0.1
    """
    return collect(xs)


def iso_var(to: Callable[[Any], Any], from_: Callable[[Any], Any], x: Any) -> Any:
    """A Var of ``to(x)``, where ``from_`` is the inverse of ``to`` (backprop's ``isoVar``).

    For wrapping and unwrapping (a newtype-like wrapper, a record and a tuple of its
    fields): the cotangent goes back as ``from_(cotangent)``, which is right only for
    functions that rearrange parts without computing with them.

    >>> import wengert as wg
    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Foo:
    ...     get_foo: float
    >>> mk_foo = lambda x: wg.iso_var(Foo, lambda f: f.get_foo, x)
    >>> wg.grad_bp(lambda x: mk_foo(x * 3.0).get_foo, 1.0)
    3.0

    .. versionadded:: 0.1
    """
    x = collect(x)
    if type(x) is not Var:
        return to(x)

    def make_pullback(_, y, positions):
        return lambda g: (iso_var(from_, to, finalize(g, y)),)
    return record_node(getattr(to, "__qualname__", "iso_var"), lambda v: (iso_var(to, from_, v), None),
                       [x], make_pullback, split_tuples=False, own=False)


def iso_var_n(to: Callable[..., Any], from_: Callable[[Any], Tuple[Any, ...]], *xs: Any) -> Any:
    """A Var of ``to(*xs)``, where ``from_`` gives the tuple ``xs`` back (backprop's ``isoVarN``).

    >>> import wengert as wg
    >>> from collections import namedtuple
    >>> Bar = namedtuple("Bar", "bar1 bar2")
    >>> mk_bar = lambda a, b: wg.iso_var_n(Bar, tuple, a, b)
    >>> wg.grad_bp(lambda a, b: mk_bar(a, b * 2.0).bar2 * a, 3.0, 4.0)
    (8.0, 6.0)

    .. versionadded:: 0.1
    """
    collected = [collect(x) for x in xs]
    if not any(type(x) is Var for x in collected):
        return to(*collected)
    n = len(collected)

    def back(g):
        parts = from_(g) if type(g) is not Var else sequence_var(iso_var(from_, lambda t: to(*t), g))
        if not isinstance(parts, tuple) or len(parts) != n:
            raise LensError(f"iso_var_n: from_ must return a tuple of {n} parts, one per argument "
                            f"of to; it returned {type_name(parts)} {parts!r:.60}")
        return parts

    def make_pullback(_, y, positions):
        def pullback(g):
            parts = back(finalize(g, y))
            return tuple(parts[i] for i in positions)
        return pullback
    return record_node(getattr(to, "__qualname__", "iso_var_n"),
                       lambda *vs: (iso_var_n(to, from_, *vs), None), collected, make_pullback,
                       split_tuples=False, own=False)


def fields(x: Any) -> Tuple[Any, ...]:
    """The fields of a record as a tuple: of Vars for a record Var (pattern matching).

    ``w1, b1, w2, b2 = wg.fields(net)`` reads every field with its own O(1) view, like
    ``net.w1`` and the others would; on a plain record it gives the plain fields, so
    the same code runs under ``eval_bp``.

    >>> import wengert as wg
    >>> from collections import namedtuple
    >>> P = namedtuple("P", "a b")
    >>> def f(p):
    ...     a, b = wg.fields(p)
    ...     return a * a * b
    >>> wg.eval_bp(f, P(2.0, 3.0)), wg.grad_bp(f, P(2.0, 3.0))
    (12.0, P(a=12.0, b=4.0))

    .. versionadded:: 0.1
    """
    plain = plain_value(x)
    names = record_fields(type(plain))
    if names is None:
        raise LensError(f"fields() takes a dataclass or named tuple (or a Var of one), not a "
                        f"{type_name(plain)}; for a list, tuple or dict use wengert.sequence_var")
    if type(x) is not Var:
        return tuple(getattr(x, n) for n in names)
    return tuple(field_view(x, n) for n in names)


def _defaults(cls):
    if isinstance(cls, type) and issubclass(cls, tuple):
        return dict(cls._field_defaults)
    out = {}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            out[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            out[f.name] = f.default_factory
    return out


def build(cls: Type[Any], *args: Any, **kwargs: Any) -> Any:
    """A record of type ``cls`` from its fields, Vars or constants: one Var if any is a Var.

    The inverse of :func:`fields` (backprop's ``joinBV``). Fields may be given by
    position or name; missing ones take the class's defaults. ``__init__`` is not called
    (a ``__post_init__`` must not run on Vars), as for gradients.

    >>> import wengert as wg
    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Layer:
    ...     w: float
    ...     b: float = 0.0
    >>> wg.build(Layer, 2.0)
    Layer(w=2.0, b=0.0)
    >>> wg.grad_bp(lambda w, b: (lambda l: l.w * l.b)(wg.build(Layer, w, b=b * b)), 3.0, 2.0)
    (4.0, 12.0)

    .. versionadded:: 0.1
    """
    names = record_fields(cls)
    if names is None:
        raise TypeError(f"build() makes dataclasses and named tuples, not {cls!r}; for your own "
                        "type use wengert.iso_var_n(make, parts, *vars)")
    given = _given_fields(cls, names, args, kwargs)
    missing = [n for n in names if n not in given]
    if missing:
        given.update(_defaults_for(cls, missing))
    return collect(rebuild_record(cls, [given[n] for n in names]))


def _given_fields(cls, names, args, kwargs):
    """``{field name: value}`` of the fields given to :func:`build` by position or name."""
    if len(args) > len(names):
        raise TypeError(f"build({cls.__qualname__}, ...): {len(args)} positional values for "
                        f"{len(names)} fields")
    given = dict(zip(names, args))
    for name in kwargs:
        if name not in names:
            raise TypeError(f"build({cls.__qualname__}, ...): no field {name!r} (its fields: "
                            f"{', '.join(names)})")
        if name in given:
            raise TypeError(f"build({cls.__qualname__}, ...): field {name!r} given twice")
    given.update(kwargs)
    return given


def _defaults_for(cls, missing):
    """The default values of the fields ``missing`` (a default factory is called)."""
    defaults = _defaults(cls)
    if any(n not in defaults for n in missing):
        raise TypeError(f"build({cls.__qualname__}, ...): no value for "
                        f"{', '.join(n for n in missing if n not in defaults)}")
    factories = {f.name for f in dataclasses.fields(cls)
                 if f.default_factory is not dataclasses.MISSING} if dataclasses.is_dataclass(cls) else ()
    return {n: defaults[n]() if n in factories else defaults[n] for n in missing}
