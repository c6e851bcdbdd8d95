"""Random programs composed from wengert's rules, for the property-based tests.

A :class:`Program` is a short straight-line function of one or more floats and arrays,
passed as separate arguments or inside a tuple, a dict or a dataclass. Each step applies
one registered NumPy function (elementwise, broadcasting binary, reduction along a
possibly negative axis, shape change, matrix product) to values computed so far, so
inputs and intermediates are reused; the output is a weighted total of several of them,
or that total together with an array.

Programs are drawn through a *chooser* (``choose(options)``, ``integer(low, high)``), so
that the same generator serves hypothesis (``HypothesisChooser``: shrinking to a smallest
failing program) and a plain seeded run over thousands of programs
(``RandomChooser``: ``python tools/property_run.py``).

Every function keeps its values in a range where central differences are accurate: each
value carries a bound on its magnitude, and an operation whose result could exceed
:data:`MAX_BOUND` is not offered for it. Functions with a restricted domain are applied
to an expression that lies inside it (``log(1 + x*x)``, ``arcsin(0.9 * tanh(x))``).
"""
import dataclasses
import math

import numpy as np

import wengert as wg
import wengert.numpy as wnp
from bits import same

#: the largest magnitude a value of a program may reach.
MAX_BOUND = 30.0

#: input shapes (None: a Python float).
INPUT_SHAPES = [None, (), (3,), (2, 3), (1, 3), (2, 1), (3, 1), (2, 3, 2), (2, 2), (3, 3)]


@dataclasses.dataclass
class Params1:
    a: object


@dataclasses.dataclass
class Params2:
    a: object
    b: object


@dataclasses.dataclass
class Params3:
    a: object
    b: object
    c: object


RECORDS = {1: Params1, 2: Params2, 3: Params3}
FIELDS = "abc"


@dataclasses.dataclass(frozen=True)
class Op:
    """One operation a program may apply: ``fn(*operands)`` with its source text.

    ``covers`` names the ``wengert.numpy`` functions it exercises; ``bound`` maps the
    operands' magnitude bounds to the result's, ``shape`` the operands' shapes to the
    result's (None: not applicable to these shapes).
    """
    name: str
    arity: int
    fn: object
    text: str
    covers: tuple
    bound: object
    shape: object = None


def _same_shape(*shapes):
    return shapes[0]


def _broadcast(*shapes):
    try:
        return np.broadcast_shapes(*(() if s is None else s for s in shapes))
    except ValueError:
        return None


def _unary(name, fn, text, covers, bound):
    return Op(name, 1, fn, text, covers, bound, _same_shape)


def _binary(name, fn, text, covers, bound):
    return Op(name, 2, fn, text, covers, bound, _broadcast)


def _bounded(limit):
    return lambda *b: limit


UNARY = [
    _unary("sin", np.sin, "np.sin({0})", ("sin",), _bounded(1.0)),
    _unary("cos", np.cos, "np.cos({0})", ("cos",), _bounded(1.0)),
    _unary("tan", lambda x: np.tan(0.5 * np.tanh(x)), "np.tan(0.5 * np.tanh({0}))", ("tan", "tanh"), _bounded(0.6)),
    _unary("tanh", np.tanh, "np.tanh({0})", ("tanh",), _bounded(1.0)),
    _unary("arctan", np.arctan, "np.arctan({0})", ("arctan",), _bounded(1.6)),
    _unary("arcsinh", np.arcsinh, "np.arcsinh({0})", ("arcsinh",), lambda b: math.asinh(b)),
    _unary("arcsin", lambda x: np.arcsin(0.9 * np.tanh(x)), "np.arcsin(0.9 * np.tanh({0}))",
           ("arcsin", "tanh"), _bounded(1.2)),
    _unary("arccos", lambda x: np.arccos(0.9 * np.tanh(x)), "np.arccos(0.9 * np.tanh({0}))",
           ("arccos", "tanh"), _bounded(2.7)),
    _unary("arctanh", lambda x: np.arctanh(0.9 * np.tanh(x)), "np.arctanh(0.9 * np.tanh({0}))",
           ("arctanh", "tanh"), _bounded(1.5)),
    _unary("arccosh", lambda x: np.arccosh(2.0 + x * x), "np.arccosh(2.0 + {0} * {0})",
           ("arccosh", "multiply", "add"), lambda b: math.acosh(2.0 + b * b)),
    _unary("exp", np.exp, "np.exp({0})", ("exp",), lambda b: math.exp(b)),
    _unary("exp2", np.exp2, "np.exp2({0})", ("exp2",), lambda b: 2.0 ** b),
    _unary("expm1", np.expm1, "np.expm1({0})", ("expm1",), lambda b: math.exp(b)),
    _unary("sinh", np.sinh, "np.sinh({0})", ("sinh",), lambda b: math.sinh(b)),
    _unary("cosh", np.cosh, "np.cosh({0})", ("cosh",), lambda b: math.cosh(b)),
    _unary("log", lambda x: np.log(1.0 + x * x), "np.log(1.0 + {0} * {0})", ("log", "multiply", "add"),
           lambda b: math.log(1.0 + b * b)),
    _unary("log2", lambda x: np.log2(1.5 + np.sin(x)), "np.log2(1.5 + np.sin({0}))", ("log2", "sin"),
           _bounded(1.33)),
    _unary("log10", lambda x: np.log10(2.0 + np.cos(x)), "np.log10(2.0 + np.cos({0}))", ("log10", "cos"),
           _bounded(0.48)),
    _unary("log1p", lambda x: np.log1p(x * x), "np.log1p({0} * {0})", ("log1p", "multiply"),
           lambda b: math.log1p(b * b)),
    _unary("sqrt", lambda x: np.sqrt(1.0 + x * x), "np.sqrt(1.0 + {0} * {0})", ("sqrt",),
           lambda b: math.sqrt(1.0 + b * b)),
    _unary("cbrt", lambda x: np.cbrt(2.0 + np.cos(x)), "np.cbrt(2.0 + np.cos({0}))", ("cbrt", "cos"),
           _bounded(1.45)),
    _unary("reciprocal", lambda x: np.reciprocal(1.0 + x * x), "np.reciprocal(1.0 + {0} * {0})",
           ("reciprocal",), _bounded(1.0)),
    _unary("square", np.square, "np.square({0})", ("square",), lambda b: b * b),
    _unary("negative", np.negative, "np.negative({0})", ("negative",), lambda b: b),
    _unary("neg", lambda x: -x, "-{0}", ("negative",), lambda b: b),
    _unary("positive", np.positive, "np.positive({0})", ("positive",), lambda b: b),
    _unary("abs", np.abs, "np.abs({0})", ("abs",), lambda b: b),
    _unary("sinc", np.sinc, "np.sinc({0})", ("sinc",), _bounded(1.0)),
    _unary("deg2rad", np.deg2rad, "np.deg2rad({0})", ("deg2rad",), lambda b: b * 0.02),
    _unary("rad2deg", lambda x: np.rad2deg(0.01 * x), "np.rad2deg(0.01 * {0})", ("rad2deg",),
           lambda b: b * 0.6),
    _unary("logistic", wnp.logistic, "wnp.logistic({0})", ("logistic",), _bounded(1.0)),
    _unary("clip", lambda x: np.clip(x, -0.7, 0.8), "np.clip({0}, -0.7, 0.8)", ("clip",), _bounded(0.8)),
    _unary("pow-const", lambda x: (1.0 + x * x) ** 1.5, "(1.0 + {0} * {0}) ** 1.5", ("power",),
           lambda b: (1.0 + b * b) ** 1.5),
    _unary("float_power", lambda x: np.float_power(2.0 + np.sin(x), 2.5),
           "np.float_power(2.0 + np.sin({0}), 2.5)", ("float_power",), _bounded(15.6)),
    _unary("degrees", lambda x: np.degrees(0.01 * x), "np.degrees(0.01 * {0})", ("degrees",), lambda b: b * 0.6),
    _unary("radians", np.radians, "np.radians({0})", ("radians",), lambda b: b * 0.02),
    # real functions through complex intermediates (the result and its gradient are real)
    _unary("complex-abs", lambda x: np.abs(x + 1j * np.sin(x)), "np.abs({0} + 1j * np.sin({0}))",
           ("abs", "multiply", "add", "sin"), lambda b: b + 1.0),
    _unary("complex-real", lambda x: np.real(np.exp((0.3 + 1j) * x)), "np.real(np.exp((0.3 + 1j) * {0}))",
           ("real", "exp"), lambda b: math.exp(0.3 * b)),
    _unary("complex-imag", lambda x: np.imag(np.conj(x * (1 + 2j))), "np.imag(np.conj({0} * (1 + 2j)))",
           ("imag", "conj"), lambda b: 2.0 * b),
    _unary("angle", lambda x: np.angle(2.0 + 1j * x), "np.angle(2.0 + 1j * {0})", ("angle",), _bounded(1.6)),
    _unary("complex-square", lambda x: np.abs((x + 0.5j) ** 2), "np.abs(({0} + 0.5j) ** 2)", ("abs", "power"),
           lambda b: b * b + 0.25),
]

BINARY = [
    _binary("add", np.add, "np.add({0}, {1})", ("add",), lambda a, b: a + b),
    _binary("+", lambda x, y: x + y, "{0} + {1}", ("add",), lambda a, b: a + b),
    _binary("subtract", np.subtract, "np.subtract({0}, {1})", ("subtract",), lambda a, b: a + b),
    _binary("-", lambda x, y: x - y, "{0} - {1}", ("subtract",), lambda a, b: a + b),
    _binary("multiply", np.multiply, "np.multiply({0}, {1})", ("multiply",), lambda a, b: a * b),
    _binary("*", lambda x, y: x * y, "{0} * {1}", ("multiply",), lambda a, b: a * b),
    _binary("divide", lambda x, y: np.divide(x, 1.0 + y * y), "np.divide({0}, 1.0 + {1} * {1})",
            ("divide",), lambda a, b: a),
    _binary("/", lambda x, y: x / (2.0 + np.cos(y)), "{0} / (2.0 + np.cos({1}))", ("true_divide",),
            lambda a, b: a),
    _binary("power", lambda x, y: np.power(1.0 + x * x, 0.5 * np.tanh(y)),
            "np.power(1.0 + {0} * {0}, 0.5 * np.tanh({1}))", ("power",),
            lambda a, b: math.sqrt(1.0 + a * a)),
    _binary("**", lambda x, y: (1.5 + np.sin(x)) ** np.cos(y), "(1.5 + np.sin({0})) ** np.cos({1})",
            ("power",), _bounded(2.5)),
    _binary("hypot", np.hypot, "np.hypot({0}, {1})", ("hypot",), lambda a, b: a + b),
    _binary("arctan2", lambda x, y: np.arctan2(x, 2.0 + np.cos(y)), "np.arctan2({0}, 2.0 + np.cos({1}))",
            ("arctan2",), _bounded(1.6)),
    _binary("maximum", np.maximum, "np.maximum({0}, {1})", ("maximum",), max),
    _binary("minimum", np.minimum, "np.minimum({0}, {1})", ("minimum",), max),
    _binary("fmax", np.fmax, "np.fmax({0}, {1})", ("fmax",), max),
    _binary("fmin", np.fmin, "np.fmin({0}, {1})", ("fmin",), max),
    _binary("logaddexp", np.logaddexp, "np.logaddexp({0}, {1})", ("logaddexp",), lambda a, b: max(a, b) + 0.7),
    _binary("logaddexp2", np.logaddexp2, "np.logaddexp2({0}, {1})", ("logaddexp2",),
            lambda a, b: max(a, b) + 1.0),
    _binary("where", lambda x, y: np.where(x > 0.1, x, y), "np.where({0} > 0.1, {0}, {1})", ("where",),
            max),
]


def _reduction(name, fn, text, covers, bound=lambda b, n: b):
    """A reduction along a drawn axis (or all axes), with keepdims drawn too."""
    return name, fn, text, covers, bound


REDUCTIONS = [
    _reduction("sum", np.sum, "np.sum({0}{axis})", ("sum",), lambda b, n: b * n),
    _reduction("mean", np.mean, "np.mean({0}{axis})", ("mean",)),
    _reduction("max", np.max, "np.max({0}{axis})", ("max",)),
    _reduction("min", np.min, "np.min({0}{axis})", ("min",)),
    _reduction("prod", lambda x, **k: np.prod(np.tanh(x), **k), "np.prod(np.tanh({0}){axis})",
               ("prod", "tanh"), lambda b, n: 1.0),
    _reduction("var", np.var, "np.var({0}{axis})", ("var",), lambda b, n: b * b),
    _reduction("std", np.std, "np.std({0}{axis})", ("std",)),
    _reduction("logsumexp", wnp.logsumexp, "wnp.logsumexp({0}{axis})", ("logsumexp",),
               lambda b, n: b + math.log(n)),
    _reduction(".sum", lambda x, **k: x.sum(**k), "{0}.sum({axis_kw})", ("sum",), lambda b, n: b * n),
    _reduction("median", np.median, "np.median({0}{axis})", ("median",)),
    _reduction("percentile", lambda x, **k: np.percentile(x, 30.0, **k), "np.percentile({0}, 30.0{axis})",
               ("percentile",)),
    _reduction("quantile", lambda x, **k: np.quantile(x, [0.2, 0.9], **k), "np.quantile({0}, [0.2, 0.9]{axis})",
               ("quantile",)),
    _reduction("nansum", lambda x, **k: np.nansum(_one_nan(x), **k), "np.nansum(<{0}, its first entry NaN>{axis})",
               ("nansum", "where"), lambda b, n: b * n),
    _reduction("nanmean", lambda x, **k: np.nanmean(_one_nan(x), **k), "np.nanmean(<{0}, its first entry NaN>{axis})",
               ("nanmean", "where")),
    _reduction("nanmax", lambda x, **k: np.nanmax(_one_nan(x), **k), "np.nanmax(<{0}, its first entry NaN>{axis})",
               ("nanmax", "where")),
    _reduction("nanvar", lambda x, **k: np.nanvar(_one_nan(x), **k), "np.nanvar(<{0}, its first entry NaN>{axis})",
               ("nanvar", "where"), lambda b, n: b * b),
]


def _one_nan(x):
    """``x`` with its first entry NaN where every axis has room for it (no all-NaN slice)."""
    shape = np.shape(x)
    mask = np.zeros(shape, dtype=bool)
    if shape and min(shape) >= 2:
        mask.flat[0] = True
    return np.where(mask, np.nan, x)

#: scans along one axis (the result keeps the shape)
SCANS = [
    ("cumsum", np.cumsum, "np.cumsum({0}, axis={axis})", ("cumsum",), lambda b, n: b * n),
    ("cumprod", lambda x, axis: np.cumprod(np.tanh(x), axis=axis), "np.cumprod(np.tanh({0}), axis={axis})",
     ("cumprod", "tanh"), lambda b, n: 1.0),
    ("softmax", lambda x, axis: wnp.softmax(x, axis=axis), "wnp.softmax({0}, axis={axis})", ("softmax",),
     lambda b, n: 1.0),
    ("log_softmax", lambda x, axis: wnp.log_softmax(x, axis=axis), "wnp.log_softmax({0}, axis={axis})",
     ("log_softmax",), lambda b, n: 2 * b + math.log(n)),
    ("flip", lambda x, axis: np.flip(x, axis=axis), "np.flip({0}, axis={axis})", ("flip",), lambda b, n: b),
    ("roll", lambda x, axis: np.roll(x, 1, axis=axis), "np.roll({0}, 1, axis={axis})", ("roll",),
     lambda b, n: b),
    ("sort", lambda x, axis: np.sort(x, axis=axis) * np.arange(1.0, x.shape[axis] + 1).reshape(
        [-1 if a == axis % x.ndim else 1 for a in range(x.ndim)]),
     "np.sort({0}, axis={axis}) * <1, 2, ... along axis {axis}>", ("sort",), lambda b, n: b * n),
]


class Program:
    """A straight-line program: ``steps`` applied to the unpacked arguments, then a total."""

    def __init__(self, shapes, packing, steps, output, structured_output):
        self.shapes = shapes                # input shapes (None: a Python float)
        self.packing = packing              # "args", "tuple", "dict" or "record"
        self.steps = steps                  # [(fn, operand indices, source text)]
        self.output = output                # [(weight, value index)]
        self.structured_output = structured_output

    def arguments(self, rng):
        """Random inputs for this program, packed as it takes them."""
        leaves = [float(rng.uniform(-1.5, 1.5)) if s is None else rng.uniform(-1.5, 1.5, s)
                  for s in self.shapes]
        if self.packing == "args":
            return tuple(leaves)
        if self.packing == "tuple":
            return (tuple(leaves),)
        if self.packing == "dict":
            return ({FIELDS[i]: leaf for i, leaf in enumerate(leaves)},)
        return (RECORDS[len(leaves)](*leaves),)

    def _inputs(self, args):
        if self.packing == "args":
            return list(args)
        (packed,) = args
        if self.packing == "tuple":
            return [packed[i] for i in range(len(self.shapes))]
        if self.packing == "dict":
            return [packed[FIELDS[i]] for i in range(len(self.shapes))]
        return [getattr(packed, FIELDS[i]) for i in range(len(self.shapes))]

    def __call__(self, *args):
        values = self._inputs(args)
        for fn, operands, _ in self.steps:
            values.append(fn(*(values[i] for i in operands)))
        total = sum(w * np.sum(values[i]) for w, i in self.output)
        if self.structured_output:
            return total, values[self.output[0][1]]
        return total

    def __repr__(self):
        n = len(self.shapes)
        names = [f"x{i}" for i in range(n)]
        if self.packing == "args":
            head = f"def f({', '.join(names)}):"
            unpack = []
        else:
            head = "def f(p):"
            read = {"tuple": "p[{i}]", "dict": "p[{k!r}]", "record": "p.{k}"}[self.packing]
            unpack = [f"    x{i} = " + read.format(i=i, k=FIELDS[i]) for i in range(n)]
        lines = [f"# inputs: {self.shapes}, packed as {self.packing}", head, *unpack]
        for k, (_, operands, text) in enumerate(self.steps):
            lines.append(f"    x{n + k} = " + text.format(*(f"x{i}" for i in operands)))
        total = " + ".join(f"{w} * np.sum(x{i})" for w, i in self.output)
        ret = f"{total}, x{self.output[0][1]}" if self.structured_output else total
        lines.append(f"    return {ret}")
        return "\n".join(lines)


def draw_program(chooser, max_inputs=3, max_steps=6):
    """A random :class:`Program` drawn through ``chooser``."""
    n_inputs = chooser.integer(1, max_inputs)
    shapes = [chooser.choose(INPUT_SHAPES) for _ in range(n_inputs)]
    packing = chooser.choose(["args", "tuple", "dict", "record"])
    pool = [(s, 1.5) for s in shapes]       # (shape, magnitude bound) of each value
    steps = []
    for _ in range(chooser.integer(1, max_steps)):
        step = _draw_step(chooser, pool)
        if step is not None:
            steps.append(step[0])
            pool.append(step[1])
    last = len(pool) - 1
    extra = sorted({chooser.integer(0, last) for _ in range(chooser.integer(0, 2))} - {last})
    output = [(1.0, last)] + [(0.5, i) for i in extra]
    structured = chooser.choose([False, False, True])
    return Program(shapes, packing, steps, output, structured)


def _size(shape):
    return 1 if shape is None else int(np.prod(shape))


def _draw_step(chooser, pool):
    kind = chooser.choose(["unary", "unary", "binary", "binary", "reduce", "scan", "shape", "matmul",
                           "fft", "square"])
    i = chooser.integer(0, len(pool) - 1)
    shape, bound = pool[i]
    if kind == "unary":
        ops = [op for op in UNARY if op.bound(bound) <= MAX_BOUND]
        op = chooser.choose(ops)
        return (op.fn, (i,), op.text), (shape, op.bound(bound))
    if kind == "binary":
        j = chooser.integer(0, len(pool) - 1)
        out_shape = _broadcast(shape, pool[j][0])
        ops = [op for op in BINARY if op.bound(bound, pool[j][1]) <= MAX_BOUND]
        if out_shape is None or not ops:
            return None
        op = chooser.choose(ops)
        if shape is None and pool[j][0] is None:
            out_shape = None
        return (op.fn, (i, j), op.text), (out_shape, op.bound(bound, pool[j][1]))
    if shape is None or shape == ():
        return None                         # the remaining kinds need an array with an axis
    ndim = len(shape)
    if kind == "reduce":
        name, fn, text, _, bound_fn = chooser.choose(REDUCTIONS)
        axis = chooser.choose([None] + list(range(-ndim, ndim)))
        keep = chooser.choose([False, True])
        n = _size(shape) if axis is None else shape[axis]
        if bound_fn(bound, n) > MAX_BOUND:
            return None
        kwargs = {"axis": axis, "keepdims": keep}
        out_shape = np.shape(fn(np.ones(shape), **kwargs))
        axis_kw = f"axis={axis}, keepdims={keep}"
        return ((lambda x, _f=fn, _k=kwargs: _f(x, **_k)), (i,),
                text.format("{0}", axis=", " + axis_kw, axis_kw=axis_kw)), (out_shape, bound_fn(bound, n))
    if kind == "scan":
        name, fn, text, _, bound_fn = chooser.choose(SCANS)
        axis = chooser.integer(-ndim, ndim - 1)
        if bound_fn(bound, shape[axis]) > MAX_BOUND:
            return None
        return ((lambda x, _f=fn, _a=axis: _f(x, axis=_a)), (i,),
                text.format("{0}", axis=axis)), (shape, bound_fn(bound, shape[axis]))
    if kind == "shape":
        return _draw_shape_change(chooser, i, shape, bound)
    if kind == "fft":
        return _draw_fft(chooser, i, shape, bound)
    if kind == "square":
        return _draw_square_matrix(chooser, i, shape, bound)
    return _draw_matmul(chooser, pool, i, shape, bound)


def _draw_fft(chooser, i, shape, bound):
    """A real function through numpy.fft along a drawn axis (negative too)."""
    ndim = len(shape)
    axis = chooser.integer(-ndim, ndim - 1)
    n = shape[axis]
    which = chooser.choose(["fft", "rfft-roundtrip", "ifft", "rfft-power", "fftshift", "hfft", "fft2"])
    if which == "fft":
        norm = chooser.choose([None, "ortho", "forward"])
        if 2 * bound * n > MAX_BOUND:
            return None
        return (lambda x, _a=axis, _n=norm: np.real(np.fft.fft(x, axis=_a, norm=_n)) + np.imag(np.fft.fft(x, axis=_a, norm=_n)),
                (i,), f"np.real(np.fft.fft({{0}}, axis={axis}, norm={norm!r})) + np.imag(np.fft.fft({{0}}, axis={axis}, norm={norm!r}))"), \
            (shape, 2 * bound * n)
    if which == "rfft-roundtrip":
        m = chooser.integer(max(1, n - 1), n + 2)     # truncated, exact or zero-padded
        out = list(shape)
        out[axis] = m
        return (lambda x, _a=axis, _m=m: np.fft.irfft(np.fft.rfft(x, n=_m, axis=_a), n=_m, axis=_a), (i,),
                f"np.fft.irfft(np.fft.rfft({{0}}, n={m}, axis={axis}), n={m}, axis={axis})"), (tuple(out), bound * 2)
    if which == "ifft":
        return (lambda x, _a=axis: np.abs(np.fft.ifft(x, axis=_a)), (i,), f"np.abs(np.fft.ifft({{0}}, axis={axis}))"), \
            (shape, bound)
    if which == "rfft-power":
        out = list(shape)
        out[axis] = n // 2 + 1
        if (bound * n) ** 2 > MAX_BOUND:
            return None
        return (lambda x, _a=axis: np.abs(np.fft.rfft(x, axis=_a, norm="ortho")) ** 2, (i,),
                f"np.abs(np.fft.rfft({{0}}, axis={axis}, norm='ortho')) ** 2"), (tuple(out), (bound * n) ** 2)
    if which == "fftshift":
        return (lambda x, _a=axis: np.fft.ifftshift(np.fft.fftshift(x, axes=_a) * 2.0, axes=_a), (i,),
                f"np.fft.ifftshift(np.fft.fftshift({{0}}, axes={axis}) * 2.0, axes={axis})"), (shape, 2 * bound)
    if which == "hfft":
        out = list(shape)
        out[axis] = 2 * (n - 1) if n > 1 else None
        if n < 2 or bound * 2 * n > MAX_BOUND:
            return None
        return (lambda x, _a=axis: np.fft.hfft(x, axis=_a, norm="forward"), (i,),
                f"np.fft.hfft({{0}}, axis={axis}, norm='forward')"), (tuple(out), bound * 2 * n)
    if ndim < 2:
        return None
    return (lambda x: np.real(np.fft.ifft2(np.fft.fft2(x) * 0.5)), (i,),
            "np.real(np.fft.ifft2(np.fft.fft2({0}) * 0.5))"), (shape, bound)


def _draw_square_matrix(chooser, i, shape, bound):
    """Linear algebra on a well-conditioned square matrix made from the value."""
    if len(shape) != 2 or shape[0] != shape[1]:
        return None
    n = shape[0]
    well = f"{n + 1}.0 * np.eye({n}) + np.tanh({{0}})"   # diagonally dominant: far from singular

    def conditioned(x, _n=n):
        return (_n + 1.0) * np.eye(_n) + np.tanh(x)
    which = chooser.choose(["inv", "det", "slogdet", "solve", "pinv", "matrix_power", "eigvalsh",
                            "cholesky", "trace", "multi_dot", "norm", "tril", "diagonal", "rot90"])
    ops = {
        "inv": (lambda x: np.linalg.inv(conditioned(x)), f"np.linalg.inv({well})", (n, n), 1.0),
        "det": (lambda x: np.linalg.det(conditioned(x)) / (n + 2.0) ** n, f"np.linalg.det({well}) / {n + 2.0} ** {n}",
                (), 2.0),
        "slogdet": (lambda x: np.linalg.slogdet(conditioned(x))[1], f"np.linalg.slogdet({well})[1]", (), 2.0 * n),
        "solve": (lambda x: np.linalg.solve(conditioned(x), np.sin(x[:, 0])),
                  f"np.linalg.solve({well}, np.sin({{0}}[:, 0]))", (n,), 1.0),
        "pinv": (lambda x: np.linalg.pinv(conditioned(x)), f"np.linalg.pinv({well})", (n, n), 1.0),
        "matrix_power": (lambda x: np.linalg.matrix_power(np.tanh(x) / n, 3), f"np.linalg.matrix_power(np.tanh({{0}}) / {n}, 3)",
                         (n, n), 1.0),
        # eigenvalues 5 apart before a perturbation of norm at most 2: distinct, as the
        # second derivative (through the eigenvectors) needs
        "eigvalsh": (lambda x: np.linalg.eigvalsh(np.tanh(x) / n + np.tanh(x).T / n + np.diag(5.0 * np.arange(n))),
                     f"np.linalg.eigvalsh(np.tanh({{0}}) / {n} + np.tanh({{0}}).T / {n} + np.diag(5.0 * np.arange({n})))",
                     (n,), 5.0 * n),
        "cholesky": (lambda x: np.linalg.cholesky(conditioned(x) @ conditioned(x).T),
                     f"np.linalg.cholesky(({well}) @ ({well}).T)", (n, n), n + 2.0),
        "trace": (lambda x: np.trace(x), "np.trace({0})", (), n * bound),
        "multi_dot": (lambda x: np.linalg.multi_dot([np.tanh(x), x.T, np.tanh(x)]) / n,
                      f"np.linalg.multi_dot([np.tanh({{0}}), {{0}}.T, np.tanh({{0}})]) / {n}", (n, n), n * bound),
        "norm": (lambda x: np.linalg.norm(x + 2.0, ord="fro"), "np.linalg.norm({0} + 2.0, ord='fro')", (), n * (bound + 2)),
        "tril": (lambda x: np.tril(x, -1) + np.triu(x * x, 1), "np.tril({0}, -1) + np.triu({0} * {0}, 1)", (n, n),
                 bound * bound + bound),
        "diagonal": (lambda x: np.diagonal(x, 0, -1, -2), "np.diagonal({0}, 0, -1, -2)", (n,), bound),
        "rot90": (lambda x: np.rot90(x, -1), "np.rot90({0}, -1)", (n, n), bound),
    }
    fn, text, out, b = ops[which]
    if b > MAX_BOUND:
        return None
    return (fn, (i,), text), (out, b)


def _draw_shape_change(chooser, i, shape, bound):
    ndim = len(shape)
    which = chooser.choose(["transpose", "T", "reshape", "ravel", "expand_squeeze", "swapaxes",
                            "moveaxis", "concatenate", "stack", "tile", "repeat", "index", "slice"])
    if which == "transpose":
        axes = tuple(chooser.choose([a, a - ndim]) for a in _permutation(chooser, ndim))
        return (lambda x, _a=axes: np.transpose(x, _a), (i,), f"np.transpose({{0}}, {axes})"), \
            (tuple(shape[a] for a in axes), bound)
    if which == "T":
        return (lambda x: x.T, (i,), "{0}.T"), (shape[::-1], bound)
    if which == "reshape":
        new = (-1,) if chooser.choose([True, False]) else (_size(shape), 1)
        out = np.zeros(shape).reshape(new).shape
        return (lambda x, _n=new: np.reshape(x, _n), (i,), f"np.reshape({{0}}, {new})"), (out, bound)
    if which == "ravel":
        return (np.ravel, (i,), "np.ravel({0})"), ((_size(shape),), bound)
    if which == "expand_squeeze":
        axis = chooser.integer(-ndim - 1, ndim)
        return (lambda x, _a=axis: np.squeeze(np.expand_dims(x, _a), axis=_a), (i,),
                f"np.squeeze(np.expand_dims({{0}}, {axis}), axis={axis})"), (shape, bound)
    if which == "swapaxes":
        a, b = chooser.integer(-ndim, ndim - 1), chooser.integer(-ndim, ndim - 1)
        out = np.swapaxes(np.zeros(shape), a, b).shape
        return (lambda x, _a=a, _b=b: np.swapaxes(x, _a, _b), (i,), f"np.swapaxes({{0}}, {a}, {b})"), (out, bound)
    if which == "moveaxis":
        a, b = chooser.integer(-ndim, ndim - 1), chooser.integer(-ndim, ndim - 1)
        out = np.moveaxis(np.zeros(shape), a, b).shape
        return (lambda x, _a=a, _b=b: np.moveaxis(x, _a, _b), (i,), f"np.moveaxis({{0}}, {a}, {b})"), (out, bound)
    if which == "concatenate":
        axis = chooser.integer(-ndim, ndim - 1)
        out = list(shape)
        out[axis] *= 2
        return (lambda x, _a=axis: np.concatenate([x, np.sin(x)], axis=_a), (i,),
                f"np.concatenate([{{0}}, np.sin({{0}})], axis={axis})"), (tuple(out), bound)
    if which == "stack":
        axis = chooser.integer(-ndim - 1, ndim)
        out = np.stack([np.zeros(shape)] * 2, axis=axis).shape
        return (lambda x, _a=axis: np.stack([x, x * x], axis=_a), (i,),
                f"np.stack([{{0}}, {{0}} * {{0}}], axis={axis})"), (out, max(bound, bound * bound))
    if which == "tile":
        return (lambda x: np.tile(x, 2), (i,), "np.tile({0}, 2)"), (np.tile(np.zeros(shape), 2).shape, bound)
    if which == "repeat":
        axis = chooser.integer(-ndim, ndim - 1)
        out = np.repeat(np.zeros(shape), 2, axis=axis).shape
        return (lambda x, _a=axis: np.repeat(x, 2, axis=_a), (i,), f"np.repeat({{0}}, 2, axis={axis})"), (out, bound)
    if which == "index":
        k = chooser.integer(-shape[0], shape[0] - 1)
        return (lambda x, _k=k: x[_k], (i,), f"{{0}}[{k}]"), (shape[1:], bound)
    return (lambda x: x[::-1], (i,), "{0}[::-1]"), (shape, bound)


def _permutation(chooser, n):
    rest, out = list(range(n)), []
    while rest:
        out.append(rest.pop(chooser.integer(0, len(rest) - 1)))
    return out


def _draw_matmul(chooser, pool, i, shape, bound):
    """``x @ y`` for a second value whose shape fits, or ``x @ x.T`` / einsum of x with itself."""
    candidates = [j for j, (s, _) in enumerate(pool)
                  if s is not None and len(s) >= 1 and s[0] == shape[-1] and len(s) <= 2]
    n = shape[-1]
    if candidates and chooser.choose([True, False]):
        j = chooser.choose(candidates)
        out = np.matmul(np.zeros(shape), np.zeros(pool[j][0])).shape
        b = bound * pool[j][1] * n
        if b > MAX_BOUND:
            return None
        form = chooser.choose([("np.matmul({0}, {1})", np.matmul), ("{0} @ {1}", lambda x, y: x @ y),
                               ("np.dot({0}, {1})", np.dot) if len(shape) <= 2 else ("{0} @ {1}", np.matmul)])
        return (form[1], (i, j), form[0]), (out, b)
    b = bound * bound * n
    if b > MAX_BOUND:
        return None
    subs = "ij,kj->ik" if len(shape) == 2 else None
    if subs is None:
        return (lambda x: np.tensordot(x, x, axes=(-1, -1)), (i,), "np.tensordot({0}, {0}, axes=(-1, -1))"), \
            (shape[:-1] * 2, b)
    return (lambda x: np.einsum(subs, x, x), (i,), f"np.einsum({subs!r}, {{0}}, {{0}})"), ((shape[0], shape[0]), b)


class RandomChooser:
    """Draws from a seeded NumPy generator."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def choose(self, options):
        return options[int(self.rng.integers(len(options)))]

    def integer(self, low, high):
        return int(self.rng.integers(low, high + 1))


class HypothesisChooser:
    """Draws through hypothesis's ``data`` object, so failures shrink to small programs."""

    def __init__(self, data):
        from hypothesis import strategies as st
        self.data, self.st = data, st

    def choose(self, options):
        return options[self.data.draw(self.st.integers(0, len(options) - 1))]

    def integer(self, low, high):
        return self.data.draw(self.st.integers(low, high))


def covered_functions():
    """The ``wengert.numpy`` names the programs can exercise."""
    names = {name for table in (UNARY, BINARY) for op in table for name in op.covers}
    names |= {name for table in (REDUCTIONS, SCANS) for entry in table for name in entry[3]}
    names |= {"transpose", "reshape", "ravel", "expand_dims", "squeeze", "swapaxes", "moveaxis",
              "concatenate", "stack", "tile", "repeat", "matmul", "dot", "tensordot", "einsum",
              "fft.fft", "fft.rfft", "fft.irfft", "fft.ifft", "fft.fftshift", "fft.ifftshift", "fft.hfft",
              "fft.fft2", "fft.ifft2", "real", "imag",
              "linalg.inv", "linalg.det", "linalg.slogdet", "linalg.solve", "linalg.pinv",
              "linalg.matrix_power", "linalg.eigvalsh", "linalg.cholesky", "linalg.multi_dot", "linalg.norm",
              "trace", "tril", "triu", "diagonal", "rot90"}
    return names


def check_program(program, seed, rtol=1e-5, atol=1e-6):
    """Check one program at random inputs; raise AssertionError with the program if wrong.

    Checks: values recorded on a tape equal the plain NumPy values; reverse and forward
    derivatives against central differences; second order (reverse over reverse and
    forward over reverse) against central differences of the gradient; forward against
    reverse exactly (``<u, J v> == <J^T u, v>``); for a scalar output, ``hvp`` against
    central differences of the gradient.
    """
    from wengert.testing import check_grads, flatten
    rng = np.random.default_rng(seed)
    args = program.arguments(rng)
    try:
        plain = program(*args)
        recorded, _ = wg.vjp(program, *args)
        for a, b in zip(flatten(plain), flatten(recorded)):
            np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-12)
        check_grads(program, *args, modes=("rev", "fwd"), rtol=rtol, atol=atol, seed=seed)
        _check_forward_against_reverse(program, args, rng)
        try:
            check_grads(program, *args, order=2, modes=("rev", "fwd"), rtol=rtol, atol=atol, seed=seed)
            if not program.structured_output:
                _check_hvp(program, args, rng, rtol, atol)
        except wg.NoGradientRule as e:
            # a program that evaluates a kink exactly (a tie, maximum(x, x)) has no second
            # derivative there, and wengert refuses it by design (docs: "Second derivatives
            # at kinks"); any other refusal is a failure
            if "no second derivative at its kink" not in str(e):
                raise
    except AssertionError as e:
        raise AssertionError(f"{e}\n\nprogram (seed {seed}):\n{program!r}") from None


def check_program_replay(program, seed, calls=3):
    """Check ``wg.jit`` on one program; raise AssertionError with the program if wrong.

    The program is recorded once, then replayed at ``calls`` further random inputs of the
    same shapes: each replay's value and pullback (at a random cotangent) must equal a
    fresh recording's bit for bit (a replay makes the same NumPy calls in the same order).
    Each call runs while the last call's pullback is alive, as in a loop of
    ``out, pb = wg.vjp(f, x)``: the second call records a spare tape, and every later call
    replays one of the two, unless a guard fails (a mask ``x > 0.1``, a sort's order
    recorded at other values): that call records afresh.
    """
    rng = np.random.default_rng(seed)
    replayed = wg.jit(program)
    try:
        for _ in range(calls + 1):
            args = program.arguments(rng)
            recorded, recorded_pullback = wg.vjp(program, *args)
            value, pullback = wg.vjp(replayed, *args)
            cotangent = _random_like(recorded, rng)
            for name, want, got in (("value", recorded, value),
                                    ("gradient", recorded_pullback(cotangent), pullback(cotangent))):
                same(want, got, f"replayed {name}")
        stats = replayed.stats
        assert (stats["records"] + stats["replays"] == calls + 1 and stats["not_replayable"] == 0
                and (stats["guard_failures"] or stats["records"] == 2)), (
            f"expected 2 recordings (more only after a guard failure), replays otherwise: {stats}")
    except AssertionError as e:
        raise AssertionError(f"{e}\n\nprogram (seed {seed}):\n{program!r}") from None


def _inner(a, b):
    from wengert.testing import flatten
    return float(sum(np.sum(np.asarray(x, dtype=float) * np.asarray(y, dtype=float))
                     for x, y in zip(flatten(a), flatten(b))))


def _random_like(value, rng):
    from wengert.testing import flatten, unflatten
    return unflatten(value, [float(rng.standard_normal()) if type(leaf) is float
                             else rng.standard_normal(np.shape(leaf)) for leaf in flatten(value)])


def _check_forward_against_reverse(program, args, rng):
    value, pullback = wg.vjp(program, *args)
    u = _random_like(value, rng)
    v = tuple(_random_like(a, rng) for a in args)
    _, jv = wg.jvp(program, args, v)
    forward, reverse = _inner(u, jv), _inner(pullback(u), v)
    if not np.isclose(forward, reverse, rtol=1e-9, atol=1e-9):
        raise AssertionError(f"<u, J v> = {forward!r} (jvp) but <J^T u, v> = {reverse!r} (vjp)")


def _check_hvp(program, args, rng, rtol, atol):
    from wengert.testing import flatten, unflatten
    if len(args) != 1:
        f = (lambda packed: program(*packed))
        x = args
    else:
        f, x = program, args[0]
    v = _random_like(x, rng)
    hv = wg.hvp(f, x, v)
    step = 1e-5
    leaves, directions = flatten(x), flatten(v)

    def moved(sign):
        return unflatten(x, [(lf + sign * step * d) if type(lf) is not float else float(lf + sign * step * d)
                             for lf, d in zip(leaves, directions)])
    numeric = [(np.asarray(p) - np.asarray(m)) / (2 * step)
               for p, m in zip(flatten(wg.grad(f)(moved(+1))), flatten(wg.grad(f)(moved(-1))))]
    for a, n in zip(flatten(hv), numeric):
        if not np.allclose(np.asarray(a, dtype=float), n, rtol=max(rtol, 1e-4), atol=max(atol, 1e-5)):
            raise AssertionError(f"hvp {np.asarray(a)!r}, central differences of the gradient {n!r}")
