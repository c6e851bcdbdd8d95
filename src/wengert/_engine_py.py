"""The primitive engine in pure Python: rules, staging and ``apply``; the reference twin of
``csrc/wengert/_engine.pyx`` (internal; use ``wengert.*``).

``apply(rule, args, kwargs)`` calls a primitive's function on the plain values of its
arguments and, if any argument is a live Var, records one node whose pullbacks are the
arguments' staged rules (``Rule``: a primitive's core; ``StagedRule``: a VJP of an
elementwise function, staged without a Python staging function). Var's arithmetic and the
elementary functions reach it for everything that is not float-with-float. A change to
``_engine.pyx`` changes this file too.
"""
import numpy as np

from . import _hooks_py as _hooks
from . import _var_py as _var
from ._tape_py import as_index
from ._var_py import Var, is_live, raise_not_live, value_of, wrap

_MISSING = object()
_new = object.__new__

#: The types of positional arguments none of which is or holds a Var or a forward-mode
#: Dual (not a list or tuple, which may hold one): a primitive whose ``fun`` wraps a
#: function to look for them (``Rule.plain_fun``) calls that function at once on these.
PLAIN_TYPES = frozenset({np.ndarray, float, int, bool, complex, np.float64, np.float32, np.complex128,
                         np.int64, type(None), str})


class Rule:
    """The core of a primitive: the function, its staged VJP rules, its name.

    Internal; see ``wengert.primitive.Primitive``, its Python subclass. ``vjps`` maps an
    argument position to ``rule(ans, *args, **kwargs) -> (g -> cotangent)`` or to None
    (no gradient there); ``higher_order`` is False when the rules work on plain values only.
    ``plain_fun``, if not None, is the function ``fun`` wraps to look for Vars of outer tapes
    and forward-mode Duals among the positional arguments: ``apply`` calls it instead of
    ``fun`` where there are one or more positional arguments, all of ``PLAIN_TYPES``.
    """
    __slots__ = ("fun",           # the function computed on plain values
                 "vjps",          # argument position -> staged rule, or None (no gradient)
                 "name",          # the name recorded on the tape (debugging, wengert.viz)
                 "higher_order",  # False: the rules work on plain values only
                 "plain_fun")     # what fun wraps, called where no argument holds a Var or a Dual; or None

    def __new__(cls, *args, **kwargs):
        self = _new(cls)
        self.fun = self.vjps = self.name = self.plain_fun = None
        self.higher_order = False
        return self

    def __call__(self, *args, **kwargs):
        return apply(self, args, kwargs)


def _final(name):
    def refuse(cls, **kwargs):
        raise TypeError(f"type '{__name__}.{name}' is not an acceptable base type")
    return classmethod(refuse)


class StagedRule:
    """A staged VJP rule for an elementwise function: ``rule(g, ans, x[, y])``.

    ``StagedRule(rule, argnum, uses, unbroadcast)`` is what ``defvjp`` takes for argument
    ``argnum`` of a function of one or two arguments (``rule=None``: the cotangent passes
    through unchanged). Staging keeps only the values the
    rule reads (``uses``: ``a`` the result, ``x``, ``y``; the others are passed as None,
    so the tape does not keep them alive), and when broadcasting stretched the argument
    the pullback sums the cotangent back: over axes worked out here when it is a plain
    array, else with ``unbroadcast(g, shape)``. It leaves one Python call (the rule's) in
    the backward sweep.

    >>> import numpy as np
    >>> stage = StagedRule(lambda g, ans, x: g * ans, 0, "a", None)
    >>> pullback = stage(np.exp(np.zeros(2)), np.zeros(2))
    >>> pullback(np.array([1.0, 2.0]))
    array([1., 2.])
    """
    __slots__ = ("rule",         # rule(g, ans, x[, y]) -> cotangent, or None (the identity)
                 "argnum",       # the argument (0 or 1) whose cotangent the rule gives
                 "keep_ans", "keep_x", "keep_y",  # what the rule reads (the rest is not kept alive)
                 "unbroadcast",  # unbroadcast(g, shape) for a binary function, else None
                 "keep_ans_if",  # keep_ans_if(x, y): whether this call's rule reads the result too, or None
                 "keep_x_if")  # keep_x_if(x, y): whether this call's rule reads x too, or None
    __init_subclass__ = _final("StagedRule")

    def __init__(self, rule, argnum, uses, unbroadcast, keep_ans_if=None, keep_x_if=None):
        argnum = as_index(argnum)
        if type(uses) is not str:
            raise TypeError("Argument 'uses' has incorrect type (expected str, "
                            f"got {type(uses).__name__})")
        if rule is not None and not callable(rule):
            raise TypeError("StagedRule: rule must be callable, or None for a cotangent "
                            "that passes through unchanged (as for add)")
        if argnum not in (0, 1):
            raise ValueError("StagedRule: argnum must be 0 or 1")
        self.rule = rule
        self.argnum = argnum
        self.keep_ans, self.keep_x, self.keep_y = "a" in uses, "x" in uses, "y" in uses
        self.unbroadcast = unbroadcast
        self.keep_ans_if = keep_ans_if
        self.keep_x_if = keep_x_if

    def __call__(self, ans, x, y=_MISSING, **kwargs):
        return self.stage(ans, x, y)

    def stage1(self, ans, x):
        """``stage`` for a function of one argument (internal: a replay calls it directly)."""
        return self.stage(ans, x, _MISSING)

    def stage(self, ans, x, y):
        """The pullback for one call (internal: ``apply`` calls it directly)."""
        pb = _new(StagedPullback)
        pb.rule = self.rule
        pb.binary = y is not _MISSING
        keep = self.keep_ans_if
        pb.ans = ans if self.keep_ans or (keep is not None and keep(x, y if pb.binary else None)) else None
        keep_x = self.keep_x_if
        pb.x = x if self.keep_x or (keep_x is not None and keep_x(x, y if pb.binary else None)) else None
        pb.y = y if (self.keep_y and pb.binary) else None
        pb.unbroadcast = pb.shape = pb.axes = None
        pb.drop = 0
        if pb.binary and self.unbroadcast is not None:
            shape = _shape(y if self.argnum else x)
            full = _shape(ans)
            if shape != full:  # broadcasting stretched this argument: sum back
                pb.unbroadcast = self.unbroadcast
                pb.shape = shape
                pb.axes = stretched_axes(shape, full)
                pb.drop = len(full) - len(shape)
        return pb


def stretched_axes(shape, full):
    """The axes of a result of shape ``full`` along which broadcasting stretched an argument
    of shape ``shape``: the leading axes it lacks and those where it has length 1. None
    for a scalar argument (``shape == ()``) or shapes that are not tuples of the expected
    lengths.

    >>> stretched_axes((1, 4), (2, 3, 4))
    (0, 1)
    """
    if type(shape) is not tuple or type(full) is not tuple:
        return None
    n, m = len(shape), len(full)
    extra = m - n
    if n == 0 or extra < 0:
        return None  # a scalar's cotangent is a scalar, as unbroadcast makes it
    axes = list(range(extra))
    for i in range(n):
        if shape[i] == 1 and full[extra + i] != 1:
            axes.append(extra + i)
    return tuple(axes)


def _shape(value):
    # The shape of an argument or result of an elementwise function: an array, a NumPy
    # scalar, a float, or a Var of an outer tape holding one of them.
    if type(value) is float:
        return ()
    shape = getattr(value, "shape", None)
    if shape is not None:
        return shape
    while type(value) is Var or hasattr(value, "primal"):  # of an outer tape, or a Dual
        value = value_of(value) if type(value) is Var else value.primal
    if type(value) is list or type(value) is tuple:
        return _list_shape(value)
    return getattr(value, "shape", ())


def _list_shape(value):
    # The shape of NumPy's array of a (nested) list or tuple of numbers or arrays: a Var
    # holding a list in an elementwise function (a list of floats as an argument). Taken as
    # () it made the cotangent a sum over the list, broadcast back to every item (review).
    shape = []
    while type(value) is list or type(value) is tuple:
        shape.append(len(value))
        if not value:
            break
        value = value[0]
    return tuple(shape) + tuple(getattr(value, "shape", ()))


class StagedPullback:
    """The pullback a StagedRule gives for one node (internal)."""
    __slots__ = ("rule", "ans", "x", "y",  # the staged rule and what it reads (None where it reads nothing)
                 "unbroadcast",    # unbroadcast(g, shape) when broadcasting stretched the argument
                 "shape", "axes",  # the argument's shape, the stretched axes to sum over (or None)
                 "drop",           # leading axes the argument lacks (summed, then reshaped away)
                 "binary")         # the function has two arguments
    __init_subclass__ = _final("StagedPullback")

    def __call__(self, g):
        if self.rule is None:
            out = g  # the identity (add, subtract's first argument)
        elif self.binary:
            out = self.rule(g, self.ans, self.x, self.y)
        else:
            out = self.rule(g, self.ans, self.x)
        if self.unbroadcast is None:
            return out
        if self.axes is not None and type(out) is _hooks.array_type:
            if _ones_along(out, self.axes):
                # Axes of length 1 only (a bias's cotangent at batch 1): the sum is 0 + each
                # entry, the same bits as the reduction's (-0.0 made +0.0), a fifth of its time
                return np.add(out.reshape(self.shape), 0.0)
            # One reduction over the precomputed axes.
            out = _hooks.sum_kept(out, self.axes)
            return out.reshape(self.shape) if self.drop else out
        return self.unbroadcast(out, self.shape)


#: the dtypes whose reduction over one entry is 0 + it (long double's is too, but its
#: padding bytes are not defined)
_ADDS_ZERO = frozenset({np.dtype(np.float64), np.dtype(np.float32), np.dtype(np.float16),
                        np.dtype(np.complex128), np.dtype(np.complex64)})


def _ones_along(out, axes):
    # whether the array out has length 1 along every one of axes (and a dtype of _ADDS_ZERO)
    if out.dtype not in _ADDS_ZERO:
        return False
    shape = out.shape
    return all(a < len(shape) and shape[a] == 1 for a in axes)


def apply(prim, args, kwargs):
    """Call ``prim`` on ``args``, recording one node if any argument is a live Var.

    Vars of the innermost live tape among the arguments are differentiated; Vars of
    outer tapes are constants here (they record themselves on their own tape when
    ``prim.fun`` runs on them). Each differentiable argument's staged rule gives its
    pullback, and the tape calls each one for its own parent.
    """
    _check_arguments(prim, args, kwargs)
    tape = _tape_of(args)
    if tape is None:
        return _call(_function(prim, args), args, kwargs)
    values = list(args)
    n_vars = _values_on(tape, args, values)
    ans = _call(_function(prim, values), values, kwargs)
    result_kind = _hooks.gradient_kind(ans)
    if result_kind != _hooks.NO_GRADIENT:
        node = _record(prim, tape, args, values, kwargs, ans, result_kind, n_vars)
        if node is not None:
            return node
    if tape.jit is not None:  # a plain result of Var values: wengert.jit guards it
        tape.jit.constant(prim, args, kwargs, ans)
    return ans


def _call(fun, args, kwargs):
    return fun(*args, **kwargs) if kwargs else fun(*args)


def _function(prim, args):
    # prim.plain_fun where fun's own look would find neither a Var nor a Dual (one or more
    # positional arguments, all of PLAIN_TYPES), else fun. (args: a tuple, or apply's
    # list of values)
    plain = prim.plain_fun
    if plain is None or not args:
        return prim.fun
    for a in args:
        if type(a) not in PLAIN_TYPES:
            return prim.fun
    return plain


def _tape_of(args):
    # The tape to record on: that of the arguments' Vars (the innermost live one when they
    # come from several, under nested runners), None if no argument is a Var. A Var whose
    # tape is no longer live raises.
    tape = None
    mixed = False
    for a in args:
        if type(a) is Var:
            if tape is None:
                tape = a._tape
            elif a._tape is not tape:
                mixed = True
    if mixed:
        return _hooks.innermost([a for a in args if type(a) is Var])
    if tape is not None and not is_live(tape):
        for a in args:
            if type(a) is Var:
                raise_not_live(a)
    return tape


def _values_on(tape, args, values):
    # values[i] becomes the value of args[i] where it is a Var of the tape (the rest are
    # constants here); returns how many are.
    k = 0
    for i, a in enumerate(args):
        if type(a) is Var and a._tape is tape:
            values[i] = value_of(a)
            k += 1
    return k


def _record(prim, tape, args, values, kwargs, ans, result_kind, n_vars):
    # The node of this call, or None when no argument is differentiated (all constants).
    # (n_vars sizes the compiled core's array of parents.)
    parents, pullbacks = [], []
    _pullbacks(prim, tape, args, values, kwargs, ans, result_kind, parents, pullbacks)
    if not parents:
        return None
    node = wrap(tape, tape.push_pullbacks(parents, tuple(pullbacks), ans, prim.name), ans)
    if tape.jit is not None:  # wengert.jit's replay program: this rule on these arguments
        tape.jit.node(node._index, prim, args, kwargs, ans)
    return node


def _pullbacks(prim, tape, args, values, kwargs, ans, result_kind, parents, pullbacks):
    # The pullback of each differentiated argument into pullbacks, its node into parents;
    # returns how many there are.
    vjps = prim.vjps
    for i, a in enumerate(args):
        if type(a) is not Var or a._tape is not tape:
            continue  # a constant, or a Var of an outer tape (a constant here)
        rule = vjps.get(i, _MISSING)
        if rule is None:
            continue  # declared with no gradient (an index, a shape): a constant here
        if rule is _MISSING:
            raise _hooks.missing_rule(prim, i)
        pullback = _pullback(prim, rule, ans, values, kwargs)
        if result_kind == _hooks.OTHER:
            # A complex result of a real argument (x * 1j): the argument's cotangent is
            # the real part of what the rule gives (autograd's and JAX's convention).
            pullback = _hooks.real_pullback(pullback, values[i], ans)
        pullbacks.append(pullback)
        parents.append(a._index)
    return len(parents)


def _pullback(prim, rule, ans, values, kwargs):
    # What one argument's rule gives for this call.
    n = len(values)
    if not prim.higher_order:
        return _hooks.first_order_pullback(prim, rule, ans, values, kwargs or {})
    if type(rule) is StagedRule and (n == 1 or n == 2):
        # An elementwise rule, staged directly (it reads no kwargs).
        return rule.stage(ans, values[0], values[1] if n == 2 else _MISSING)
    return rule(ans, *values, **kwargs) if kwargs else rule(ans, *values)


def _check_arguments(prim, args, kwargs):
    # The types the compiled signature declares: apply(Rule prim, tuple args, dict kwargs).
    if not isinstance(prim, Rule):
        raise TypeError(f"Argument 'prim' has incorrect type (expected {__name__}.Rule, "
                        f"got {type(prim).__name__})")
    if type(args) is not tuple:
        raise TypeError(f"Argument 'args' has incorrect type (expected tuple, got {type(args).__name__})")
    if kwargs is not None and type(kwargs) is not dict:
        raise TypeError(f"Argument 'kwargs' has incorrect type (expected dict, got {type(kwargs).__name__})")


_var.apply_rule = apply  # Var's arithmetic on arrays and the like
