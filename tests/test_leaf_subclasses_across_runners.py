"""Subclasses of float, int and str, and booleans, through every runner and transform.

- A float subclass argument (``class Metres(float)``, a float enum's member) gets a plain
  float gradient, as a float does (``zero`` of it is ``0.0``): ``grad`` gave
  ``np.float64(12.0)``, and ``grad(lambda k: k)`` refused it as "not a scalar".
- ``wengert.exp`` and the other scalar functions compute an int or float subclass (an
  ``IntEnum`` member, a bool) as the number it stands for, as ``math.exp`` does, and give a
  float, as on an int: ``exp(Mode.TWO)`` gave ``np.float64``, ``exp(True)``
  ``np.float16(2.719)``. NumPy scalars keep NumPy's rule and type.
- A str subclass (a ``StrEnum`` member) inside a structure is a constant, read as its plain
  value, as a str is: it was a Var, so ``d["t"] is Tag.A`` was False under ``grad``
  (a gradient of 6 for 12), ``table[d["t"]]`` raised "unhashable type: 'Var'".
- A bool (Python's or NumPy's) is an integer leaf: its gradient and its Jacobian slot are
  ``False``, as a bool array's are all ``False`` (``True`` was carried through as the
  gradient of a bool while a bool array got all ``False``).
- Optimizers leave int and str subclasses alone: ``SGD`` turned an ``IntEnum`` parameter
  into the float ``2.0``, ``Adam`` refused it.
"""
import enum
import math
from dataclasses import dataclass

import numpy as np
import pytest

import wengert as wg
from wengert.testing import check_grads


class Metres(float):
    pass


class Level(float, enum.Enum):
    TWO = 2.0


class Mode(enum.IntEnum):
    TWO = 2


class Count(int):
    pass


class Tag(str, enum.Enum):  # enum.StrEnum from Python 3.11 on
    A = "a"


class Label(str):
    pass


class Raw(bytes):
    pass


def cubic(k):
    return 3.0 * k ** 2  # k ** 2 goes through NumPy's rule (3.0 * k * k took the scalar path)


FLOAT_LIKE = [pytest.param(Metres(2.0), id="float-subclass"), pytest.param(Level.TWO, id="float-enum")]

# each runner's gradient of cubic at k, as a function of k
GRADIENTS = {
    "grad": lambda k: wg.grad(cubic)(k),
    "value_and_grad": lambda k: wg.value_and_grad(cubic)(k)[1],
    "grad_bp": lambda k: wg.grad_bp(cubic, k),
    "backprop": lambda k: wg.backprop(cubic, k)[1],
    "vjp": lambda k: wg.vjp(cubic, k)[1](1.0)[0],
    "jit-grad": lambda k: wg.jit(wg.grad(cubic))(k),
    "grad-jit": lambda k: wg.grad(wg.jit(cubic))(k),
    "grad-in-dict": lambda k: wg.grad(lambda d: cubic(d["x"]))({"x": k, "n": 1})["x"],
    "grad_bp-in-list": lambda k: wg.grad_bp(lambda xs: cubic(xs[0]), [k, 1.0])[0],
    "jvp": lambda k: wg.jvp(cubic, (k,), (1.0,))[1],
}


@pytest.mark.parametrize("k", FLOAT_LIKE)
@pytest.mark.parametrize("name", sorted(GRADIENTS))
def test_a_float_subclass_argument_gets_a_float_gradient(name, k):
    g = GRADIENTS[name](k)
    assert type(g) is float and g == 12.0  # 6 k; it was np.float64(12.0)
    assert type(GRADIENTS[name](2.0)) is float


@pytest.mark.parametrize("k", FLOAT_LIKE)
def test_a_float_subclass_through_the_jacobians_and_the_checker(k):
    for jac in (wg.jacfwd, wg.jacrev, wg.jacobian):
        assert float(jac(cubic)(k)) == 12.0
    assert float(wg.hessian(cubic)(k)) == 6.0
    check_grads(cubic, k, order=2, modes=("rev", "fwd"))


@pytest.mark.parametrize("k", FLOAT_LIKE)
def test_the_identity_of_a_float_subclass_is_a_scalar_output(k):
    # it raised SeedRequired: "the function returned a Metres, not a scalar"
    assert wg.grad(lambda v: v)(k) == 1.0
    assert wg.value_and_grad(lambda v: v * 1.0 + v)(k) == (4.0, 2.0)


def test_a_float_subclass_untouched_or_used_by_the_scalar_path_is_a_float():
    assert type(wg.grad(lambda a, b: a * 2.0, argnums=1)(1.0, Metres(2.0))) is float  # its zero
    assert type(wg.grad(lambda k: k * k)(Metres(2.0))) is float
    assert type(wg.grad(lambda k: wg.sin(k))(Level.TWO)) is float


# -- the scalar functions on subclasses of int and float ---------------------------------

@pytest.mark.parametrize("x", [
    pytest.param(Mode.TWO, id="IntEnum"), pytest.param(Count(2), id="int-subclass"),
    pytest.param(True, id="bool"), pytest.param(Metres(2.0), id="float-subclass"),
    pytest.param(Level.TWO, id="float-enum"),
])
@pytest.mark.parametrize("name", ["exp", "log", "sin", "sqrt", "tanh", "arcsinh", "logistic"])
def test_a_scalar_function_of_an_int_or_float_subclass_is_a_float(name, x):
    f = getattr(wg, name)
    y = f(x)
    # the value at the plain number, as for an int (math.exp(Mode.TWO) is a float too)
    assert type(y) is float and y == f(float(x)) and type(f(int(x))) is float
    if name == "exp":
        assert y == math.exp(x)  # np.exp(True) is np.float16(2.719)


class Relabelled(float):
    """A float subclass whose ``__float__`` is not the float it stores."""

    def __float__(self):
        return 99.0


class Renumbered(int):
    def __float__(self):
        return 99.0

    def __index__(self):
        return 77


SCALAR_NAMES = ["exp", "log", "sin", "sqrt", "tanh", "logistic"]


@pytest.mark.parametrize("name", SCALAR_NAMES)
def test_a_float_subclass_is_its_stored_value_for_the_value_and_the_gradient(name):
    # math.exp(Relabelled(2.0)) is exp(2): CPython reads a float subclass's stored value.
    # The pure core called __float__ (wengert.exp gave exp(99) there, exp(2) compiled), and
    # every runner on both cores took the leaf through NumPy, which calls it too: the
    # gradient of wengert.exp at Relabelled(2.0) was exp(99), of 3 k^2 594 for 12.
    f, x = getattr(wg, name), Relabelled(2.0)
    assert f(x) == f(2.0)
    if name != "logistic":
        assert f(x) == getattr(math, name)(x)
    d = wg.grad(f)(2.0)
    assert wg.grad(f)(x) == d and wg.grad(lambda v: f(v["a"]))({"a": x})["a"] == d
    assert wg.value_and_grad(f)(x) == (f(2.0), d)
    assert wg.jvp(f, (x,), (1.0,)) == (f(2.0), d)
    assert float(wg.jacfwd(f)(x)) == d and float(wg.jacrev(f)(x)) == d
    assert wg.jit(wg.grad(f))(x) == d and wg.grad(cubic)(x) == 12.0


@pytest.mark.parametrize("name", ["exp", "sin", "sqrt", "tanh"])
def test_an_int_subclass_is_what_math_reads(name):
    # an int subclass is converted as math.exp converts it (its __float__), on both cores
    x = Renumbered(2)
    assert getattr(wg, name)(x) == getattr(math, name)(x) == getattr(math, name)(99.0)


@pytest.mark.parametrize("scalar", ["compiled", "python"])
def test_log_of_an_int_subclass_is_its_integer_value_as_math_log_reads_it(scalar):
    # math.log (CPython's loghelper) reads an int's digits, not its subclass's __float__ (nor
    # __index__), and takes a huge int through its exponent: wengert.log gave log(99) for
    # Renumbered(2), where math.log gives log(2), and OverflowError for 10**400 (math: 921.03)
    if scalar == "compiled":
        if wg.IMPLEMENTATION != "cython":
            pytest.skip("the compiled core is not loaded (WENGERT_PURE_PYTHON=1)")
        from wengert import _scalar as core
    else:
        from wengert import _scalar_py as core
    k = Renumbered(2)
    assert core.log(k) == math.log(k) == math.log(2.0) and type(core.log(k)) is float
    assert core.log(10 ** 400) == math.log(10 ** 400) and core.log(Count(7)) == math.log(7)
    with pytest.raises(ValueError, match=r"math domain error|expected a positive input"):
        core.log(-10 ** 400)
    # a captured constant: the recorded computation uses the value f computes without wengert
    if scalar == ("compiled" if wg.IMPLEMENTATION == "cython" else "python"):
        f = lambda x: x * wg.log(k) + wg.exp(k)  # noqa: E731
        assert f(3.0) == 3.0 * math.log(2.0) + math.exp(99.0)
        assert wg.grad(f)(3.0) == math.log(2.0) and wg.jvp(f, (3.0,), (1.0,)) == (f(3.0), math.log(2.0))


class Level0(enum.IntEnum):
    ZERO = 0
    BIG = 1000


@pytest.mark.parametrize("zero", [0, False, Level0.ZERO, Count(0)])
def test_a_scalar_function_of_an_int_subclass_raises_as_math_does(zero):
    # docs/api.md: as math.log(False); NumPy's rule (before 44bfad1) gave -inf with a warning
    with pytest.raises(ValueError, match="math domain error"):
        wg.log(zero)
    with pytest.raises(OverflowError, match="math range error"):
        wg.exp(1000 if type(zero) is int else Level0.BIG)


class Float64(np.float64):
    pass


@pytest.mark.parametrize("x", [np.float64(2.0), np.float32(2.0), np.int64(2), np.array(2.0),
                               pytest.param(Float64(2.0), id="float64-subclass")])
def test_a_scalar_function_of_a_numpy_number_keeps_numpys_type(x):
    # np.float64 is a float subclass: still NumPy's, and so is a subclass of it (it gave a
    # Python float: the test was type(x) is not np.float64)
    assert type(wg.exp(x)) is type(np.exp(x)) and wg.exp(x) == np.exp(x)


# -- str subclasses inside a structure ----------------------------------------------------

STRINGS = [pytest.param(Tag.A, id="str-enum"), pytest.param(Label("a"), id="str-subclass")]


def tagged(tag):
    """2 x^2 if the structure's "t" is ``tag`` itself (read as a str), else less."""
    table = {tag: 2.0}

    def f(d):
        t = d["t"]
        assert not isinstance(t, wg.Var)  # a constant, as a str is: read as its plain value
        return d["x"] ** 2 * (table[t] if t is tag and t.upper() == "A" else 1.0)
    return f


RUNS = {
    "grad": lambda f, d: wg.grad(f)(d)["x"],
    "value_and_grad": lambda f, d: wg.value_and_grad(f)(d)[1]["x"],
    "grad_bp": lambda f, d: wg.grad_bp(f, d)["x"],
    "vjp": lambda f, d: wg.vjp(f, d)[1](1.0)[0]["x"],
    "jvp": lambda f, d: wg.jvp(f, (d,), ({"x": 1.0, "t": d["t"]},))[1],
    "jacfwd": lambda f, d: wg.jacfwd(f)(d)["x"],
    "jacrev": lambda f, d: wg.jacrev(f)(d)["x"],
    "hessian": lambda f, d: wg.hessian(f)(d)["x"]["x"] * 3.0,  # 4 * 3: compared with 6 x below
    "jit-grad": lambda f, d: wg.jit(wg.grad(f))(d)["x"],
    "grad-jit": lambda f, d: wg.grad(wg.jit(f))(d)["x"],
}


@pytest.mark.parametrize("tag", STRINGS)
@pytest.mark.parametrize("name", sorted(RUNS))
def test_a_str_subclass_in_a_structure_is_a_constant(name, tag):
    d = {"x": 3.0, "t": tag}
    # f = 2 x^2: 12 at x = 3 (`t is tag` gave 6: the Var is not the member; table[t] and
    # t.upper() raised)
    assert float(RUNS[name](tagged(tag), d)) == 12.0
    assert wg.grad(tagged(tag))(d)["t"] is tag


@pytest.mark.parametrize("tag", STRINGS + [pytest.param(Raw(b"a"), id="bytes-subclass")])
def test_a_str_subclass_in_a_record_or_list_is_read_plain(tag):
    @dataclass
    class R:
        x: float
        t: object
    seen = []
    g = wg.grad(lambda r: seen.append(r.t) or r.x ** 2)(R(3.0, tag))
    assert g == R(6.0, tag) and seen == [tag] and not isinstance(seen[0], wg.Var)
    g = wg.grad_bp(lambda xs: seen.append(xs[1]) or xs[0] ** 2, [3.0, tag])
    assert g == [6.0, tag] and not isinstance(seen[-1], wg.Var)
    check_grads(lambda d: d["x"] ** 3 * (2.0 if d["t"] == tag else 1.0), {"x": 1.5, "t": tag},
                order=2, modes=("rev", "fwd"))


# -- booleans -------------------------------------------------------------------------------

BOOLS = [
    pytest.param(True, False, id="bool"),
    pytest.param(np.True_, np.False_, id="numpy-bool"),
    pytest.param(np.array([True, False]), np.array([False, False]), id="bool-array"),
]


def _same(a, b):
    return type(a) is type(b) and np.array_equal(a, b) and getattr(a, "dtype", None) == getattr(b, "dtype", None)


@pytest.mark.parametrize("flag, zero", BOOLS)
def test_a_bool_leaf_gets_false_from_grad_and_in_every_jacobian(flag, zero):
    def f(d):
        return d["x"] ** 2 * (2.0 if np.any(d["m"]) else 1.0)
    arg = {"x": 3.0, "m": flag}
    assert _same(wg.zero(flag), zero)
    # True was carried through as the gradient of a bool, a bool array got all False
    assert _same(wg.grad(f)(arg)["m"], zero)
    assert _same(wg.vjp(f, arg)[1](1.0)[0]["m"], zero)
    assert _same(wg.jit(wg.grad(f))(arg)["m"], zero)
    for jac in (wg.jacfwd, wg.jacrev, wg.jacobian):
        out = jac(f)(arg)
        assert _same(out["m"], zero) and float(out["x"]) == 12.0
    h = wg.hessian(f)(arg)
    assert _same(h["x"]["m"], zero) and float(h["x"]["x"]) == 4.0
    # grad f's bool leaf is an output of the Jacobian: zeros of its shape + x's, not itself
    assert _same(h["m"]["x"], np.zeros(np.shape(zero), bool)) and _same(h["m"]["m"], zero)
    check_grads(f, arg, order=2, modes=("rev", "fwd"))


def test_bool_gradients_add_as_numpy_adds_bool_arrays():
    assert wg.add(False, True) is True and wg.add(False, False) is False
    assert wg.add(np.False_, np.True_) is np.True_
    assert wg.one(False) is True and wg.one(np.False_) is np.True_


# -- optimizers ----------------------------------------------------------------------------

@pytest.mark.parametrize("fixed", [Mode.TWO, Count(3), Tag.A, Label("a"), True, np.array([True])],
                         ids=["IntEnum", "int-subclass", "str-enum", "str-subclass", "bool", "bool-array"])
@pytest.mark.parametrize("opt", [wg.optim.SGD(lr=0.1), wg.optim.Momentum(lr=0.1), wg.optim.Adam(lr=0.1)],
                         ids=["SGD", "Momentum", "Adam"])
def test_optimizers_leave_int_and_str_subclasses_alone(opt, fixed):
    params = {"a": 2.0, "k": fixed}
    grads = wg.grad(lambda p: p["a"] ** 2)(params)
    _, new = opt.update(grads, opt.init(params), params)
    # SGD made Mode.TWO the float 2.0; Adam refused it ("needs elementwise square")
    assert new["k"] is fixed
    assert new["a"] == opt.update({"a": 4.0}, opt.init({"a": 2.0}), {"a": 2.0})[1]["a"]


# -- a float subclass captured as a constant ----------------------------------------------
# Python's arithmetic reads a float subclass's stored value (3.0 ** k), NumPy its __float__
# (np.hypot(3.0, k), an array times k): the recorded computation reads what the plain
# computation reads, in its value and its gradient, on both cores, in every mode. Before,
# the rules read one in the value and the other in the gradient: d/dx k ** x was k^x log(99)
# (truth k^x log 2), d/dx np.hypot(x, k) x / hypot(x, 2) (truth x / hypot(x, 99)), the
# gradients of np.power(x, k), np.logaddexp and np.arctan2 read 2, jvp's tangent of
# np.multiply(x, k) was 2 (its value 297), jvp's value of x % k 3.0 (3 % 99; truth 1.0).
K = Relabelled(2.0)
CAPTURED = {
    "x*k": lambda x: x * K, "k/x": lambda x: K / x, "x**k": lambda x: x ** K, "k**x": lambda x: K ** x,
    "x%k": lambda x: (x % K) * x, "exp(k)": lambda x: wg.exp(K) * x,
    "np.multiply": lambda x: np.multiply(x, K), "np.power": lambda x: np.power(x, K),
    "np.hypot": lambda x: np.hypot(x, K), "np.logaddexp": lambda x: np.logaddexp(x, K),
    "np.arctan2": lambda x: np.arctan2(x, K), "np.maximum": lambda x: np.maximum(x, K) * x,
    "array*k": lambda x: np.sum(x * np.array([1.0, 2.0]) * K),
    "k*array": lambda x: np.sum(K * (x * np.array([1.0, 2.0]))),
    "array**k": lambda x: np.sum((x * np.array([0.5, 0.25])) ** K),
    "k**array": lambda x: np.sum(K ** (x * np.array([1.0, 0.5]))),
    "array%k": lambda x: np.sum((x * np.array([1.0, 2.0])) % K * x),
}
# d/dx np.logaddexp(x, 99) at 3 is 1 / (1 + e^96) = 2.03e-42, below what the differences resolve
# (they give 0, which the gradient matched only through approx's default abs=1e-12): its closed form.
EXACT_SLOPES = {"np.logaddexp": 1.0 / (1.0 + np.exp(99.0 - 3.0))}


class _Probe(float):
    def __float__(self):
        return 3.0


def _numpy_reads_dunder_float():
    """Whether this NumPy reads a float subclass through its ``__float__`` (2.4 and 2.5 do, in their
    scalars' and arrays' arithmetic), as wengert does. NumPy 2.0 read the stored value in
    ``np.float64 * k``; up to 2.3 ``array ** k`` took its square fast path on the stored 2.0."""
    return (float(np.float64(1.0) * _Probe(2.0)) == 3.0
            and float((np.array([2.0]) ** _Probe(2.0))[0]) == 8.0
            and float(np.multiply(np.array([1.0]), _Probe(2.0))[0]) == 3.0)


def _known_numpy_difference(name):
    """A NumPy that reads a float subclass's stored value (2.0 reads it) where wengert reads its
    ``__float__``, as NumPy 2.5 does: a known difference (the session-21 closing note), xfailed."""
    if not _numpy_reads_dunder_float():
        pytest.xfail(f"{name}: this NumPy ({np.__version__}) reads a float subclass's stored value where "
                     "wengert reads its __float__, as NumPy 2.5 does")


@pytest.mark.parametrize("name", sorted(CAPTURED))
def test_a_captured_float_subclass_reads_as_the_plain_computation_reads_it(name):
    f, x, h = CAPTURED[name], 3.0, 1e-6
    plain = f(x)
    if plain != wg.value_and_grad(f)(x)[0]:
        _known_numpy_difference(name)
    slope = EXACT_SLOPES.get(name, (f(x + h) - f(x - h)) / (2 * h))  # the plain computation's own derivative
    value, d = wg.value_and_grad(f)(x)
    assert value == plain and d == pytest.approx(slope, rel=1e-6, abs=0.0)
    assert wg.jvp(f, (x,), (1.0,)) == (plain, d)
    assert wg.jit(wg.grad(f))(x) == d


# -- a float subclass argument through the forward runners --------------------------------

FORWARD = {
    "jvp": lambda f, k: wg.jvp(f, (k,), (1.0,)),
    "linearize": lambda f, k: wg.linearize(f, k)[1](1.0),
    "jacfwd": lambda f, k: wg.jacfwd(f)(k),
    "hessian": lambda f, k: wg.hessian(f)(k),
    "jvp-of-grad": lambda f, k: wg.jvp(wg.grad(f), (k,), (1.0,)),
}


@pytest.mark.parametrize("k", FLOAT_LIKE)
@pytest.mark.parametrize("runner", sorted(FORWARD))
@pytest.mark.parametrize("f", [np.exp, wg.exp, cubic], ids=["np.exp", "wg.exp", "cubic"])
def test_a_float_subclass_argument_in_forward_mode_is_its_float(f, runner, k):
    # jvp of a float subclass went through the transposed pullback (forward mode did not take
    # it): np.float64 value and tangent where a float gives floats (jvp(np.exp) at Metres(2.0))
    got, want = FORWARD[runner](f, k), FORWARD[runner](f, float.__float__(k))
    pairs = list(zip(got, want)) if isinstance(want, tuple) else [(got, want)]
    assert len(pairs) == (2 if isinstance(want, tuple) else 1) and isinstance(got, type(want))
    for a, b in pairs:
        assert type(a) is type(b) and np.array_equal(a, b) and getattr(a, "dtype", None) == getattr(b, "dtype", None)


def test_a_float_subclass_output_gets_a_float_tangent():
    """A constant float-subclass output (Metres(2.0)) got a 0-d array tangent, array(0.), in jvp and
    linearize (its zero built as an array's); a float output gets 0.0, and so does it now."""
    class Metres(float):
        pass
    for got in (wg.jvp(lambda x: Metres(2.0), (3.0,), (1.0,))[1], wg.jvp(lambda x: (x, Metres(2.0)), (3.0,), (1.0,))[1][1],
                wg.linearize(lambda x: Metres(2.0), 3.0)[1](1.0)):
        assert type(got) is float and got == 0.0


# -- a captured float subclass at second order, and beside NumPy scalars --------------------
# The reading follows the plain computation's own dispatch on the innermost value, at every
# order: before, a Var holding a Var or a Dual (every nested transform) read __float__ where
# Python reads the stored float: d2/dx2 x*K*x was 198 (truth 4), hessian(K/x)(3) 7.33 (truth
# 0.148); K * np.sum(x) gave (297, [99, 99]) where float.__mul__ reads 2 (truth (6, [2, 2])),
# while np.sum(x) * K really is 297 (np.float64.__mul__ goes first); a subclass of np.float64
# with its own __float__ read 99 where NumPy reads its stored 2; x * k with a __float__ that
# raises raised, where Python's arithmetic never calls it.
SECOND_ORDER = {
    "x*k*x": lambda x: x * K * x, "k/x": lambda x: K / x, "x**k": lambda x: x ** K,
    "k**x": lambda x: K ** x, "k-x*x": lambda x: (K - x) * x, "x/k*x": lambda x: x / K * x,
    "np.hypot": lambda x: np.hypot(x, K) * x, "np.multiply": lambda x: np.multiply(x, K) * x,
}


def _second_order_modes(f, x):
    return {
        "grad(grad)": wg.grad(wg.grad(f))(x), "hessian": wg.hessian(f)(x),
        "jacfwd(grad)": wg.jacfwd(wg.grad(f))(x), "jvp(grad)": wg.jvp(wg.grad(f), (x,), (1.0,))[1],
        "jacfwd(jacfwd)": wg.jacfwd(wg.jacfwd(f))(x),
        "value_and_grad(grad)": wg.value_and_grad(wg.grad(f))(x)[1],
    }


@pytest.mark.parametrize("name", sorted(SECOND_ORDER))
def test_a_captured_float_subclass_reads_as_the_plain_computation_at_second_order(name):
    f, x, h = SECOND_ORDER[name], 3.0, 1e-4
    slope = (f(x + h) - f(x - h)) / (2 * h)
    curvature = (f(x + h) - 2 * f(x) + f(x - h)) / (h * h)  # the plain computation's own
    assert wg.value_and_grad(wg.grad(f))(x)[0] == pytest.approx(slope, rel=1e-6)
    for mode, d2 in _second_order_modes(f, x).items():
        assert float(d2) == pytest.approx(curvature, rel=1e-4), mode


BESIDE_NUMPY_SCALARS = {  # (which operand's method runs first decides, as in Python)
    "k*sum": lambda x: K * np.sum(x), "sum*k": lambda x: np.sum(x) * K,
    "k*x[0]": lambda x: K * x[0] * x[1], "k-sum": lambda x: (K - np.sum(x)) * x[0],
    "k/sum": lambda x: K / np.sum(x), "sum/k": lambda x: np.sum(x) / K * x[1],
    "k**sum": lambda x: K ** np.sum(x), "sum**k": lambda x: np.sum(x) ** K,
}


@pytest.mark.parametrize("name", sorted(BESIDE_NUMPY_SCALARS))
def test_a_captured_float_subclass_beside_a_numpy_scalar_reads_as_python_dispatches(name):
    f, x = BESIDE_NUMPY_SCALARS[name], np.array([1.0, 2.0])
    if f(x) != wg.value_and_grad(f)(x)[0]:
        _known_numpy_difference(name)
    h, e = 1e-6, np.eye(2)
    slope = np.array([(f(x + h * e[i]) - f(x - h * e[i])) / (2 * h) for i in range(2)])
    value, d = wg.value_and_grad(f)(x)
    assert value == f(x) and np.allclose(d, slope, rtol=1e-6)
    assert np.allclose(wg.jvp(f, (x,), (np.ones(2),))[1], slope.sum(), rtol=1e-6)
    hess, h = wg.hessian(f)(x), 1e-4  # against the plain computation's finite differences
    fd = np.array([[(f(x + h * (e[i] + e[j])) - f(x + h * (e[i] - e[j])) - f(x - h * (e[i] - e[j]))
                     + f(x - h * (e[i] + e[j]))) / (4 * h * h) for j in range(2)] for i in range(2)])
    assert np.allclose(hess, fd, rtol=1e-3, atol=1e-3 * max(1.0, np.abs(fd).max()))
    assert np.allclose(wg.jacfwd(wg.grad(f))(x), fd, rtol=1e-3, atol=1e-3 * max(1.0, np.abs(fd).max()))


class NumpyRelabelled(np.float64):
    """A NumPy scalar subclass with its own ``__float__``: NumPy reads its stored value."""

    def __float__(self):
        return 99.0


class FloatRaises(float):
    """A float subclass whose ``__float__`` raises: Python's arithmetic never calls it."""

    def __float__(self):
        raise RuntimeError("__float__ called")


@pytest.mark.parametrize("name", ["np.multiply", "x*n", "n*x", "np.hypot", "x*raises", "raises/x"])
def test_numpy_scalar_subclasses_and_unread_float_methods_are_read_as_the_plain_computation(name):
    n, r = NumpyRelabelled(2.0), FloatRaises(2.0)
    f = {"np.multiply": lambda x: np.multiply(x, n) * x, "x*n": lambda x: x * n * x,
         "n*x": lambda x: n * x * x, "np.hypot": lambda x: np.hypot(x, n),
         "x*raises": lambda x: x * r * x, "raises/x": lambda x: r / x}[name]
    x, h = 3.0, 1e-4
    slope = (f(x + h) - f(x - h)) / (2 * h)
    curvature = (f(x + h) - 2 * f(x) + f(x - h)) / (h * h)
    value, d = wg.value_and_grad(f)(x)
    assert value == f(x) and d == pytest.approx(slope, rel=1e-6)
    assert wg.jvp(f, (x,), (1.0,))[1] == pytest.approx(slope, rel=1e-6)
    for mode, d2 in _second_order_modes(f, x).items():
        assert float(d2) == pytest.approx(curvature, rel=1e-4), mode
