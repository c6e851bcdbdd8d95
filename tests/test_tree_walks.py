"""``tree.arrays`` against ``tree.children``: ``arrays`` repeats the dispatch of ``children``
(without the (key, child) pairs, for the runners' hot path), so the two must agree on every
kind of node: records (dataclasses, named tuples, wide ones), dicts, lists, tuples, and
everything that is a leaf to the walk (subclasses of the containers, NumPy scalars and array
subclasses, types registered with the protocol, Vars)."""
import collections
import dataclasses
import itertools
import typing

import numpy as np
import pytest

import wengert as wg
from wengert import tree


def _kinds():
    """A factory per kind of node: each builds a node holding the given children (a leaf
    kind ignores them), with types made afresh on every call, so that ``arrays`` may be the
    first to see a record type (its cache of fields empty), or ``children``."""
    @dataclasses.dataclass
    class Record:
        a: typing.Any
        b: typing.Any

    @dataclasses.dataclass(frozen=True)
    class Frozen:
        a: typing.Any
        b: typing.Any = 0.0

    @dataclasses.dataclass
    class WithLateField:
        a: typing.Any
        b: typing.Any = dataclasses.field(init=False, default=None)

    @dataclasses.dataclass
    class Derived(Record):
        c: typing.Any = 1.0

    Pair = collections.namedtuple("Pair", "a b")

    class Typed(typing.NamedTuple):
        a: typing.Any
        b: typing.Any

    Wide = collections.namedtuple("Wide", [f"f{i}" for i in range(10)])  # (more than 8 fields)

    class DictSubclass(dict):
        pass

    class ListSubclass(list):
        pass

    class TupleSubclass(tuple):
        pass

    class Registered:  # a user type of the protocol: a leaf to the walk, arrays inside it
        def __init__(self, a, b):
            self.a, self.b = a, b

    wg.register(Registered, zero=lambda p: Registered(0.0, 0.0), add=lambda p, q: p,
                one=lambda p: Registered(1.0, 1.0))

    def late(a, b):
        r = WithLateField(a)
        r.b = b
        return r

    return {
        "dict": lambda a, b: {"a": a, "b": b},
        "list": lambda a, b: [a, b],
        "tuple": lambda a, b: (a, b),
        "empty": lambda a, b: [],
        "dataclass": Record,
        "frozen": Frozen,
        "late field": late,
        "derived": lambda a, b: Derived(a, b, np.full(1, 7.0)),
        "namedtuple": Pair,
        "NamedTuple": Typed,
        "wide": lambda a, b: Wide(a, b, *([np.zeros(2)] * 8)),
        "dict subclass": lambda a, b: DictSubclass(a=a, b=b),
        "OrderedDict": lambda a, b: collections.OrderedDict(a=a, b=b),
        "list subclass": lambda a, b: ListSubclass([a, b]),
        "tuple subclass": lambda a, b: TupleSubclass((a, b)),
        "registered": Registered,
        "record type": lambda a, b: Record,
    }


_LEAVES = [1.5, 2, 1j, True, "s", b"b", None, np.ones(2), np.arange(3), np.array(4.0), np.float64(2.0),
           np.ma.masked_array([1.0, 2.0])]


def _expected(obj):
    return [a for a in tree.leaves(obj) if type(a) is np.ndarray]


def _same_arrays(got, want):
    return len(got) == len(want) and all(g is w for g, w in zip(got, want))


@pytest.mark.parametrize("first", ["arrays", "children"])
def test_arrays_agrees_with_children_on_every_kind(first):
    kinds = _kinds()
    leaves = iter(itertools.cycle(_LEAVES))
    built = 0
    for outer, inner in itertools.product(kinds.items(), repeat=2):
        (outer_name, make_outer), (inner_name, make_inner) = outer, inner
        node = make_inner(next(leaves), next(leaves))
        obj = make_outer(node, [next(leaves), (next(leaves), {"k": next(leaves)})])
        if first == "arrays":  # (a type's fields cached by arrays first, then read by children)
            got = tree.arrays(obj)
            want = _expected(obj)
        else:
            want = _expected(obj)
            got = tree.arrays(obj)
        assert _same_arrays(got, want), (outer_name, inner_name, got, want)
        built += 1
    assert built == len(kinds) ** 2


@pytest.mark.parametrize("leaf", _LEAVES + [wg.jit])
def test_a_leaf_to_children_is_a_leaf_to_arrays(leaf):
    assert tree.children(leaf) is None
    assert _same_arrays(tree.arrays(leaf), [leaf] if type(leaf) is np.ndarray else [])


def test_vars_are_leaves_to_both():
    def f(x):
        value = {"v": x, "w": [np.ones(2), x]}
        assert _same_arrays(tree.arrays(value), _expected(value))
        assert len(tree.arrays(value)) == 1
        return np.sum(x)
    wg.grad(f)(np.ones(3))


def test_arrays_appends_to_the_list_given():
    out = [np.zeros(1)]
    a = np.ones(2)
    assert tree.arrays({"a": a}, out) is out and _same_arrays(out[1:], [a])
