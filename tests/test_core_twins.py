"""The compiled core and its pure-Python twin side by side: the same names, and on the
scalar fast path the same values, partial derivatives and errors, bit for bit.

The rest of their behaviour is checked by running the whole suite over each core
(``WENGERT_PURE_PYTHON=1`` selects the twin; CONTRIBUTING.md, "The two cores"). These
tests need both, so they are skipped where the compiled core is not built.
"""
import importlib
import inspect
import itertools
import math
import operator
import pathlib

import pytest

from wengert import protocol
from wengert._elementary import ELEMENTARY

CSRC = pathlib.Path(__file__).resolve().parent.parent / "csrc" / "wengert"
PAIRS = sorted(("wengert." + p.stem, "wengert." + p.stem + "_py") for p in CSRC.glob("*.pyx"))


def _load(compiled_name, twin_name):
    try:
        compiled = importlib.import_module(compiled_name)
    except ImportError as exc:
        pytest.skip(f"the compiled core is not built: {exc}")
    return compiled, importlib.import_module(twin_name)


def _public(obj):
    return {n for n in dir(obj) if not n.startswith("_")}


@pytest.mark.parametrize("compiled_name, twin_name", PAIRS)
def test_the_twin_has_every_name_of_the_compiled_module(compiled_name, twin_name):
    compiled, twin = _load(compiled_name, twin_name)
    missing = sorted(_public(compiled) - _public(twin))
    assert not missing, f"{twin_name} lacks {missing}"
    for name in sorted(_public(compiled)):
        ours, theirs = getattr(twin, name), getattr(compiled, name)
        if inspect.isclass(theirs):
            lacking = sorted(_public(theirs) - _public(ours))
            assert not lacking, f"{twin_name}.{name} lacks {lacking}"
            special = {n for n in dir(theirs) if n.startswith("__") and n not in dir(object)}
            cython_pickling = {"__pyx_vtable__", "__setstate_cython__", "__reduce_cython__",
                               "__setstate__"}  # (a compiled Tape refuses pickling; so does the twin)
            lacking = sorted(special - set(dir(ours)) - cython_pickling)
            assert not lacking, f"{twin_name}.{name} lacks {lacking}"
        else:
            assert callable(ours) == callable(theirs), name
            if not callable(theirs):
                assert ours == theirs, name


# -- the scalar fast path, value by value --------------------------------------------------

INF, NAN = float("inf"), float("nan")
POINTS = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.5, 3.0, 1e-300, 1e300, 710.0, -745.5,
          INF, -INF, NAN]
CONSTANTS = POINTS + [0, 2, -3, 10**400]
BINARY = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
          "**": operator.pow}
UNARY = [row.name for row in ELEMENTARY]  # (wengert._elementary's table: each row, both cores)


def _outcome(call):
    """What ``call()`` gives, comparable across the cores: floats by repr (so that -0.0,
    infinities and NaN compare), Vars by value, op, partials and aux, errors by type and
    message; where the Var left the fast path for NumPy's rule, that alone (the twin's
    slow path needs its own engine, loaded only under WENGERT_PURE_PYTHON=1)."""
    try:
        out = call()
    except Exception as exc:  # the error is the outcome compared
        if isinstance(exc, RuntimeError) and "imported without wengert; import wengert first" in str(exc):
            return ("NumPy's rule",)  # (the twin's Var left the fast path: its rules are the other core's here)
        return ("raises", type(exc).__name__, str(exc))
    if isinstance(out, float):
        return ("float", repr(out))
    node = out.tape.node(out.index)
    if node["partials"] is None:
        return ("NumPy's rule",)  # (a node with a pullback: ** where its partial leaves the range, _dpow_far)
    return ("var", repr(out.value), node["op"], repr(node["parents"]),
            repr(node["partials"]), repr(node["aux"]))


def _both(make_call):
    """``make_call(scalar_module, leaf)`` run on each core, ``leaf(x)`` making a scalar Var
    on a fresh live tape of that core."""
    outcomes = []
    for suffix in ("", "_py"):
        tape_module, views, scalar = (_load(f"wengert.{name}", f"wengert.{name}_py")[bool(suffix)]
                                      for name in ("_tape", "_views", "_scalar"))
        tape = tape_module.Tape(protocol.add, protocol.iadd)
        outcomes.append(_outcome(lambda: make_call(scalar, lambda x: views.leaf_var(tape, x))))
    return outcomes


@pytest.mark.parametrize("name", UNARY)
def test_elementary_functions_agree_on_floats_and_scalar_vars(name):
    for x in CONSTANTS:
        compiled, twin = _both(lambda m, leaf: getattr(m, name)(x))
        assert compiled == twin, (name, x)
        if isinstance(x, float):
            compiled, twin = _both(lambda m, leaf: getattr(m, name)(leaf(x)))
            assert compiled == twin, (name, x)


def test_negation_and_abs_agree():
    for x, f in itertools.product(POINTS, (operator.neg, operator.abs, operator.pos)):
        compiled, twin = _both(lambda m, leaf: f(leaf(x)))
        assert compiled == twin, (f, x)


@pytest.mark.parametrize("symbol", list(BINARY))
def test_arithmetic_agrees_for_var_with_var_and_with_constants(symbol):
    f = BINARY[symbol]
    for x, y in itertools.product(POINTS, CONSTANTS):
        forms = [lambda m, leaf: f(leaf(x), y), lambda m, leaf: f(y, leaf(x))]
        if isinstance(y, float):
            forms.append(lambda m, leaf: f(leaf(x), leaf(y)))
        for form in forms:
            compiled, twin = _both(form)
            assert compiled == twin, (symbol, x, y)


def test_pow_with_a_modulo_is_refused_alike():
    compiled, twin = _both(lambda m, leaf: pow(leaf(2.0), 3.0, 5.0))
    assert compiled == twin and compiled[0] == "raises"


def test_the_libm_stand_ins_are_cs():
    from wengert import _scalar_py, _var_py
    assert math.isnan(_scalar_py.LIBM["sin"](INF)) and math.isnan(_scalar_py.LIBM["tan"](-INF))
    assert _scalar_py._divide(1.0, -0.0) == -INF and math.isnan(_scalar_py._divide(0.0, 0.0))
    assert _var_py._c_pow(0.0, -1.0) == INF and _var_py._c_pow(-0.0, -3.0) == -INF
    assert _var_py._c_pow(-2.0, 1e308) == INF and _var_py._c_pow(-10.0, 401.0) == -INF
    assert math.isnan(_var_py._c_pow(-2.0, 0.5))


def test_gradient_needs_agrees_and_refuses_a_malformed_leaf_tree():
    """``_replay.gradient_needs`` (wengert.jit's first call) on both cores: the same bytes on random
    recordings, and the same TypeError for a leaf tree that is not a 3-tuple (the compiled one read a
    short tuple's items without bounds checks: a crash for ``(1, False)``)."""
    import random
    compiled, twin = _load("wengert._replay", "wengert._replay_py")
    rng = random.Random(0)
    for _ in range(200):
        n = rng.randint(1, 8)
        leaves = [(rng.randrange(n), False, {}) for _ in range(rng.randint(0, 3))]
        argnums = tuple(a for a in range(len(leaves)) if rng.random() < 0.6)
        got = [compiled.gradient_needs(n, [], leaves, argnums, rng_root) for rng_root in (None, n - 1)]
        want = [twin.gradient_needs(n, [], leaves, argnums, rng_root) for rng_root in (None, n - 1)]
        assert [(bytes(k), u, r) for k, u, r in got] == [(bytes(k), u, r) for k, u, r in want]
    for bad in [(1, False)], [(0,)], [()], [(0, False, {}, 1)], [[0, False, {}]]:
        for module in (compiled, twin):
            with pytest.raises(TypeError, match="a leaf tree is a tuple"):
                module.gradient_needs(3, [], bad, (), None)


def test_distinct_bases_agrees():
    """``_kernels.distinct_bases`` (whether gradients handed back share memory with an argument,
    after every runner's and every replay's sweep) on both cores: the same answer for arrays, their
    views and views of views, floats, records of both, and what it cannot read (a list, an int, a
    record holding one)."""
    from dataclasses import dataclass
    from typing import NamedTuple

    import numpy as np
    compiled, twin = _load("wengert._kernels", "wengert._kernels_py")

    @dataclass
    class Net:
        w: object
        b: object

    class Pair(NamedTuple):
        u: object
        v: object

    x, y = np.ones((3, 2)), np.zeros(4)
    values = [x, x[1:], x[1:][:, 0], x.T, y, y.reshape(2, 2), np.ones(2), 1.5, 2, [x], None,
              Net(x, 0.5), Net(np.ones(1), y[:1]), Pair(np.zeros(2), np.zeros(2)), Pair(x, 3),
              np.float64(1.0)]
    cases = [([a], [b]) for a, b in itertools.product(values, repeat=2)]
    cases += [([a, b], [c]) for a, b, c in itertools.product(values[:8], repeat=3)]
    cases += [([], []), ((x,), ()), ((), (y, y))]
    seen = set()
    for grads, args in cases:
        want = twin.distinct_bases(grads, args)
        assert compiled.distinct_bases(grads, args) is want, (grads, args)
        seen.add(want)
    assert seen == {True, False}


def test_array_keys_agrees():
    """``_kernels.array_keys`` (the arrays' parts of ``wengert.jit``'s signature, on every call of
    a jitted function) on both cores: the same parts and the same arrays collected, for items
    and for a record's fields, arrays of every kind and shape (0-d, empty, views, float32,
    complex, int, bool, object), floats, and what goes to the fallback, whose errors pass."""
    from dataclasses import dataclass

    import numpy as np
    compiled, twin = _load("wengert._kernels", "wengert._kernels_py")

    @dataclass
    class Net:
        w: object
        b: object
        n: object

    def fallback(v, keep, arrays):
        if type(v) is str and v == "boom":
            raise TypeError("boom")
        keep.append(v)
        return ("other", type(v), repr(v))

    x = np.arange(6.0).reshape(2, 3)
    items = [x, x.T, x[:, 1], np.float64(2.0), np.array(1.5), np.zeros((0, 4)), np.ones(3, np.float32),
             np.ones(2, complex), np.arange(3), np.array([True]), np.array([None], dtype=object),
             1.5, 2, None, "s", [x], (1.0,)]
    for values, names in [(items, None), (tuple(items[::-1]), None), ([], None),
                          (Net(x, 0.5, np.arange(2)), ("w", "b", "n")), (Net(1, 2.0, x.T), ("n", "w"))]:
        out = []
        for module in (compiled, twin):
            keep, arrays = [], []
            parts = module.array_keys(values, keep, arrays, fallback, names)
            out.append((parts, [id(a) for a in arrays], keep))
        assert out[0] == out[1]
        assert all(type(p) is tuple for p in out[0][0] if p is not float)
    for module in (compiled, twin):
        with pytest.raises(TypeError, match="boom"):
            module.array_keys([x, "boom"], [], [], fallback)
        with pytest.raises(AttributeError):
            module.array_keys(Net(x, 1.0, 2), [], [], fallback, ("w", "missing"))


def test_same_key_is_the_signatures_equality():
    """``_kernels.same_key`` (whether a call has the last call's signature, tried before the
    key is made) on both cores: True exactly where ``wengert.jit``'s signature walk gives an
    equal part with nothing kept by identity, and then the same arrays in the same order;
    over every pair of argument tuples below (shapes, dtypes, strides, records' fields,
    floats, ints, flat lists of floats, empty and nested lists and tuples, non-float arrays,
    dicts and strings that it leaves to the walk)."""
    import collections
    from dataclasses import dataclass

    import numpy as np
    compiled, twin = _load("wengert._kernels", "wengert._kernels_py")
    jit = importlib.import_module("wengert.jit")

    @dataclass
    class Net:
        w: object
        b: object

    Pair = collections.namedtuple("Pair", "u v")
    x = np.arange(6.0).reshape(2, 3)
    calls = [(x,), (x.T,), (x[:, :2],), (np.ones((2, 3), np.float32),), (np.ones((2, 3), complex),),
             (x.astype(x.dtype.newbyteorder()),), (np.array(1.5),), (np.float64(1.5),), (1.5,), (2,), (1.5 + 1j,),
             (Net(x, 1.0),), (Net(x, np.ones(3)),), (Net(x.T, 1.0),), (Net(x, 1),), (Pair(x, 2.0),), (Pair(2.0, x),),
             ([1.0, 2.0],), ([1.0, 2],), ((1.0, 2.0),), ([1.0, 2.0, 3.0],), ([],), ((),), ([x, 1.0],), ([[x], (1.0,)],),
             (np.arange(3),), (np.arange(3) + 1,), ({"a": x},), ("s",), (x, x), (x, 1.5), (1.5, 2.5), ()]
    def plain(v):  # what same_key tells: float arrays, floats, complex, in lists, tuples, records
        if type(v) is np.ndarray:
            return v.dtype.kind in "fc"
        if type(v) in (list, tuple, Pair):
            return all(plain(u) for u in v)
        return type(v) in (float, complex) or (type(v) is Net and plain([v.w, v.b]))

    for made in calls:
        keep, arrays = [], []
        part = jit._tree_key(made, keep, arrays)
        for args in calls:
            keep2, arrays2 = [], []
            equal = jit._tree_key(args, keep2, arrays2) == part and not keep and not keep2
            for module in (compiled, twin):
                got = []
                same = module.same_key(part, args, got)
                if equal and plain(made):
                    assert same, (made, args)
                assert same <= equal, (made, args)  # never True where the signatures differ
                if same:
                    assert [id(a) for a in got] == [id(a) for a in arrays2]


def test_the_zero_scans_agree_with_count_nonzero():
    """The compiled ``_kernels``' tests of a rule's cotangent and result for zeros
    (``nonzero_cotangent_rule``, ``vanishing_unless_zeros``: the result given back as it is
    where it has no zero, else to the Python check, which the twin always runs) give
    ``np.count_nonzero``'s answer for float64 and float32 arrays (scanned 16 or 32 entries at
    a time in C) with a 0 or -0.0 at a block's edges, NaN and infinities (not zeros), both
    orders, strides, an unaligned array, and the dtypes NumPy counts."""
    import numpy as np
    compiled, _ = _load("wengert._kernels", "wengert._kernels_py")
    arrays = [np.zeros(0), np.array(0.0), np.array(-0.0), np.array(np.nan)]
    for dtype, size, at in itertools.product((np.float64, np.float32), (1, 15, 16, 33, 100), (None, 0, 14, 16, 31, -1)):
        a = np.full(size, np.nan, dtype)
        a[1::3], a[2::5] = np.inf, -1e-45 if dtype is np.float32 else -5e-324
        if at is not None and -size <= at < size:
            a[at] = -0.0 if at % 2 else 0.0
        arrays += [a, a.reshape(1, -1).T.copy(order="F")]
    b = np.ones((20, 40))
    b[3, 7] = 0.0
    unaligned = np.frombuffer(bytes(9) + np.ones(5).tobytes(), np.float64, 5, offset=9)
    arrays += [b, b.T, b[:, ::2], b[::2, 1:], unaligned, np.array([1, 0], np.float16), np.array([0j + 0.0, 1j]),
               np.array([1j, 2.0]), np.arange(3), np.array([True, True])]
    vanishing = compiled.vanishing_unless_zeros(lambda out, g=None, live=None: "reported")
    checked = compiled.nonzero_cotangent_rule(lambda g, ans, x: g, lambda g, ans, x: "checked", vanishing)
    for a in arrays:
        none = a.size == 0 or np.count_nonzero(a) == a.size
        assert vanishing(a) is (a if none else "reported"), (a.dtype, a.shape, a.strides, a)
        assert checked(a, None, None) is (a if none else "checked"), (a.dtype, a.shape, a.strides, a)
