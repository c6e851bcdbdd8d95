"""Pullbacks on one float64 entry (``wengert._kernels``, computed in C in the compiled core):
the same values, dtypes, shapes, warnings and errors, bit for bit, as the Python
expressions they stand for (the twin, ``wengert._kernels_py``, is those expressions), on
one entry and on everything else: other dtypes, byte orders, shapes, subclasses, NumPy
scalars, and the products that overflow, underflow or are NaN, under NumPy's default error
handling and under ``errstate(all="raise")``."""
import math
import warnings

import numpy as np
import pytest

import wengert as wg
from wengert._backend import one_entry_rule, product, times_x, times_y
from wengert._elementary import ELEMENTARY, FUNCTIONS, compile_expression


class Sub(np.ndarray):
    pass


def _unaligned():
    buf = np.zeros(9, dtype=np.uint8)
    a = buf[1:].view(np.float64)
    a[0] = 0.7
    return a


VALUES = [0.7, -0.3, 0.0, -0.0, 1e300, -1e300, 1e-300, 5e-324, 2.2250738585072014e-308,
          math.inf, -math.inf, math.nan, -math.nan, 1.0]
NUMBERS = [0.9, -2.5, 0.0, -0.0, 1e10, 1e-10, 1e-300, 5e-324, math.inf, -math.inf, math.nan,
           -math.nan, 3, True,
           1 - 2**-53]  # (times the smallest normal number: rounds up to it, and underflows)


def _cotangents():
    out = []
    for v in VALUES:
        out += [np.array([v]), np.array([[v]]), np.array(v)]
    out += [np.array([0.7, 0.2]), np.array([0.7], dtype=np.float32), np.array([0.7], dtype=">f8"),
            np.array([0.7 + 1j]), np.array([3]), np.array([0.7]).view(Sub), _unaligned(),
            np.float64(0.7), 0.7, np.array([], dtype=np.float64)]
    return out


def _factors():
    out = list(NUMBERS)
    out += [np.float64(0.9), np.float32(0.9), np.array([0.5]), np.array(0.5), np.array([[0.5]]),
            np.array([1e300]), np.array([math.nan]), np.array([0.5], dtype=np.float32),
            np.array([0.5, 2.0]), np.array([0.5], dtype=">f8"), np.array([0.5]).view(Sub), 1 + 2j]
    return out


def _described(v):
    return (type(v), getattr(v, "dtype", None), np.shape(v), np.asarray(v).tobytes(),
            getattr(v, "flags", {"C_CONTIGUOUS": None})["C_CONTIGUOUS"])


def _outcome(f, *args):
    """What ``f(*args)`` gives: its value's type, dtype, shape and bytes, or its error, and
    the warnings it issues, under the default error handling and under all="raise"."""
    seen = []
    for errstate in ({}, {"all": "raise"}):
        with warnings.catch_warnings(record=True) as caught, np.errstate(**errstate):
            warnings.simplefilter("always")
            try:
                v = f(*args)
                got = tuple(map(_described, v)) if type(v) is tuple else _described(v)
            except Exception as exc:  # noqa: BLE001  (the error is the outcome compared)
                got = (type(exc), str(exc))
        seen.append((got, [(w.category, str(w.message)) for w in caught]))
    return seen


def test_product_is_the_product_bit_for_bit():
    compared = 0
    for g in _cotangents():
        for c in _factors():
            assert _outcome(product, g, c) == _outcome(lambda a, b: a * b, g, c), (g, c)
            assert _outcome(times_y, g, None, None, c) == _outcome(lambda a, b: a * b, g, c)
            assert _outcome(times_x, g, None, c, None) == _outcome(lambda a, b: a * b, g, c)
            compared += 1
    assert compared > 600


def test_the_product_of_one_entry_is_a_new_array():
    g = np.array([0.5])
    out = product(g, 0.9)
    assert out is not g and not np.shares_memory(out, g) and out.flags.writeable and out.flags.owndata
    assert out.tobytes() == np.array([0.45]).tobytes()


def test_product_of_vars_and_of_duals_is_their_arithmetic():
    # (higher order: a pullback of a pullback multiplies Vars)
    f = lambda x: np.sum(product(x, 0.9) * x)  # noqa: E731
    x = np.array([0.3])
    assert wg.grad(f)(x).tobytes() == wg.grad(lambda x: np.sum(x * 0.9 * x))(x).tobytes()
    assert np.array_equal(wg.jvp(f, (x,), (np.array([1.0]),))[1], np.array(1.8 * 0.3))


ROWS = [row for row in ELEMENTARY if row.shortcut is not None]


def _reference(row):
    """The NumPy rule's one-entry case written out: the shortcut's cheaper partial on Python
    floats where its condition holds, times g as a 0-d float64 array; elsewhere a mark."""
    namespace = {name: getattr(math, name) for name in FUNCTIONS if hasattr(math, name)}
    namespace.update(logistic=lambda x: 1.0 / (1.0 + math.exp(-x)) if x >= 0 else
                     math.exp(x) / (1.0 + math.exp(x)))
    condition, cheaper = (compile_expression(e, ("x", "ans"), namespace) for e in row.shortcut)

    def rule(g, ans, x):
        if (type(x) is np.ndarray and type(ans) is np.ndarray and x.size == 1 and ans.size == 1
                and x.dtype == np.float64 and ans.dtype == np.float64 and x.ndim == ans.ndim):
            a, v = x.item(), ans.item()
            if condition(a, v):
                return g * np.array(cheaper(a, v))
        return "fallback"
    return rule


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_one_entry_rule_is_the_rule_bit_for_bit(row):
    reference = _reference(row)
    rule = one_entry_rule(row.name, reference)
    fun = getattr(np, row.numpy) if row.numpy else getattr(wg.numpy, row.name)
    compared = 0
    # (1.1e-8: tanh's partial is 1 - 2^-53, which times the smallest normal number rounds
    # up to it and underflows)
    for xv in [0.3, -0.3, 0.0, -0.0, 0.7, 0.74, 0.76, 1.1, -1.1, -3.0, 3.0, 20.0, -20.0, -700.0,
               1e-300, 5e-324, math.inf, -math.inf, math.nan, 1.1e-8]:
        for shape in ((1,), (1, 1), ()):
            x = np.full(shape, xv)
            with np.errstate(all="ignore"):
                ans = fun(x)
            for g in _cotangents():
                assert _outcome(rule, g, ans, x) == _outcome(reference, g, ans, x), (xv, shape, g)
                compared += 1
    assert compared > 1000


def test_one_entry_rule_refuses_a_row_without_a_shortcut():
    with pytest.raises(ValueError, match="'exp' is not a row of the table of elementary functions with a shortcut"):
        one_entry_rule("exp", lambda g, ans, x: g)
    with pytest.raises(ValueError, match="'nothing' is not a row"):
        one_entry_rule("nothing", lambda g, ans, x: g)


@pytest.mark.parametrize("fun", [np.tanh, wg.numpy.logistic], ids=["tanh", "logistic"])
def test_one_entry_gradients_and_their_derivatives_at_the_shortcut_and_beyond(fun):
    # end to end, on the rule tables: against the same gradient on a 2-entry array (the
    # NumPy path), entry by entry, first and second order
    for xv in [0.3, -0.2, 0.74, 0.9, 2.0, -5.0, 30.0]:
        x1, x2 = np.array([xv]), np.array([xv, 0.1])
        g1 = wg.grad(lambda x: np.sum(fun(x) * 0.9))(x1)
        g2 = wg.grad(lambda x: np.sum(fun(x) * 0.9))(x2)
        assert g1.tobytes() == g2[:1].tobytes(), xv
        h1 = wg.grad(lambda x: np.sum(wg.grad(lambda y: np.sum(fun(y) * 0.9))(x)))(x1)
        h2 = wg.grad(lambda x: np.sum(wg.grad(lambda y: np.sum(fun(y) * 0.9))(x)))(x2)
        assert h1[0] == h2[0], xv


@pytest.mark.parametrize("fun", [np.tanh, wg.numpy.logistic], ids=["tanh", "logistic"])
def test_one_entry_gradients_round_as_numpy_one_operation_at_a_time(fun):
    # A build that contracts 1 - ans * ans into a fused multiply-add (GCC where the target
    # has FMA, without -ffp-contract=off) was one ulp off NumPy's gradient at 436 of these
    # 2,000 points
    xs = np.linspace(0.05, 1.09, 2000)
    grad = wg.grad(lambda x: np.sum(fun(x)))
    pairs = np.stack([xs, np.full_like(xs, 0.1)], axis=1)
    one = np.array([grad(np.array([v]))[0] for v in xs])
    two = np.array([grad(p)[0] for p in pairs])
    assert one.tobytes() == two.tobytes()


def test_replayed_arithmetic_on_one_entry_is_numpys_at_every_special_value():
    # wg.jit's replay computes +, -, *, / of one float64 entry and a float (or two entries)
    # in C where no floating-point flag is set, and asks NumPy elsewhere: values, shapes,
    # warnings and errors (errstate all="raise") as a plain call gives them
    def f(x, y):
        return (x * 0.9, 0.9 * x, x + 0.05, 0.05 - x, x - 1e308, x / 0.7, 0.7 / x, x / -0.0,
                x * 1e-300, x * y, x + y, x - y, x / y, y / x, y * y, x * 1e300)
    jf = wg.jit(f)
    specials = [0.3, -0.0, 0.0, 1e300, -1e308, 1e-300, 5e-324, math.inf, math.nan, 2.0]
    compared = 0
    for shape_x, shape_y in (((1,), (1,)), ((1, 1), (1,)), ((1,), ()), ((), ())):
        for xv in specials:
            for yv in (0.5, 0.0, -1e-310, 1e300, math.nan):
                x, y = np.full(shape_x, xv), np.full(shape_y, yv)
                assert _outcome(jf, x, y) == _outcome(f, x, y), (x, y)
                assert _outcome(jf, x, y) == _outcome(f, x, y), (x, y)  # (a replay, or a record after a refusal)
                compared += 1
    assert compared == 200 and jf.stats["replays"] > 100


@pytest.mark.parametrize("op", ["x / y", "x * y", "y * x"])
def test_replayed_arithmetic_just_below_the_smallest_normal_number_underflows(op):
    # x / 2 and x * 0.5 of the float just below twice the smallest normal number are just
    # below it, round up to it, and set the underflow flag: the replay lets NumPy compute
    # them (it returned the number with no warning and no error under all="raise")
    f = eval(f"lambda x, y: {op}")  # noqa: S307  (one of three fixed expressions)
    jf = wg.jit(f)
    y = 2.0 if op == "x / y" else 0.5
    jf(np.array([1.0]), y)
    x = np.array([math.nextafter(2 * 2.2250738585072014e-308, 0)])
    assert _outcome(jf, x, y) == _outcome(f, x, y)
    assert _outcome(jf, x, y)[1][0][0] is FloatingPointError
    assert jf.stats["replays"] >= 1
