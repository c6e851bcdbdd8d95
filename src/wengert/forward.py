"""Forward mode: tangents propagated alongside values through the same rule tables.

A :class:`Dual` holds a primal value and its tangent (the dual number
``(x, x')`` of the guide that introduces backprop: ``(x, x') * (y, y') = (x y, x y' + x' y)``).
NumPy calls and arithmetic on Duals go to the registered primitive of the function, which
computes the primal result and, from the primal arguments and their tangents, the
tangent of the result with the primitive's JVP. A JVP is one of (``prim.jvp_kind``):

* ``"linear"``: the function is linear in its differentiable arguments taken together
  (reshape, transpose, indexing, sum, concatenate, fft, real/imag/conj, where...): the
  tangent is the function applied to the tangents (zeros for the arguments without one);
* ``"multilinear"``: linear in each differentiable argument separately (matmul, dot,
  einsum, outer, kron...): the sum over arguments of the function with that argument
  replaced by its tangent;
* ``"elementwise"``: a ufunc whose VJP is staged (``wengert._var.StagedRule``): the same
  derivative ``f'(x)`` the VJP uses, times the tangent, with no sum over broadcast axes
  (the real part for a real function of a complex argument, such as ``abs``);
* ``"explicit"``: a JVP written for the function (``defjvp``), where it is cheaper than
  the transpose (inv, det, slogdet, solve, user's rules);
* ``"transposed"``: every other rule, through the transpose of its pullback
  (``t -> d/du <pullback(u), t>``, one small reverse sweep per call): correct for every rule
  with a VJP, and slower.

Duals of nested forward passes are told apart by a level (each :func:`jvp` call opens
one), so that forward over forward gives higher derivatives without perturbation
confusion. Vars of a tape opened inside a forward pass (``jvp(grad(f), ...)``: forward
over reverse) treat Duals as constants: their rules compute with Duals, which is how
Hessian-vector products go forward over reverse.

.. versionadded:: 0.1
"""
import functools
import itertools
import operator
import sys
import threading
from typing import Any, Callable, Iterable, Optional, Sequence, Tuple

import numpy as np

from . import _context, protocol, structured, tree
from ._backend import Deferred, Dual, Var, array_apply, held_zero, install_dual, join_live, live_term, operand_read
from .errors import NoGradientRule
from .primitive import (METHODS, NOT_STAGED, OPERATORS, PRIMITIVES, PROPERTIES, Primitive,
                        first_order_pullback, install_forward, is_nondifferentiable, lookup, missing_rule,
                        plain_function, qualified_name, staged_rule_parts)

__all__ = ["Dual", "plain_value", "unwrap", "install_hooks", "jvp_forward", "mark_kink_tangent", "refuse_at_kink_tangent", "refuse_at_kink_partial", "defjvp", "undefined_tangent", "custom_jvp", "jvp_kind", "jvp_kinds",
           "forward_apply", "convention_value", "conventions_marked", "settle_conventions", "forward_pass_open"]

_levels = itertools.count(1)


class _Level(threading.local):
    def __init__(self):
        self.open = []  # the tags of the forward passes running in this thread, innermost last


_open = _Level()


def forward_pass_open():
    """Whether a forward pass (``jvp``, ``jacfwd``...) runs in this thread (internal): a function
    called there may close over its Duals (``wengert.numpy.vectorize`` looks).

    >>> forward_pass_open()
    False
    """
    return bool(_open.open)


class _Tag:
    """One forward pass: its level (larger is inner), its batch size (jacfwd), and whether
    it may defer the primal of a product (``defer``: a pass whose caller reads only the
    tangents of its results, ``hvp``; see :func:`_fused_matmul`)."""
    __slots__ = ("level", "batch", "tapes", "live", "defer")

    def __init__(self, batch=None, defer=False):
        self.level = next(_levels)
        self.batch = batch
        self.tapes = len(_context.open_tapes())  # tapes below this depth are outer to this pass
        self.live = True
        self.defer = defer


# -- the Dual value ----------------------------------------------------------------------

# Dual itself is compiled (csrc/wengert/_dual.pyx, twin wengert._dual_py): a float with a
# float tangent is kept in C and its arithmetic and elementary functions run there. Its
# other operations come here, to the functions _dual_* below (installed at the end).

def _dual_shape(self):
    return np.shape(self.primal)


def _dual_dtype(self):
    return _dtype(self.primal)


def _dual_ndim(self):
    return np.ndim(self.primal)


def _dual_size(self):
    return np.size(self.primal)


def _dual_len(self):
    return len(structured.plain_value(_plainest(self)))


def _dual_iter(self):
    return (self[i] for i in range(len(self)))


def _dual_no_conversion(self):
    raise TypeError("float() of a forward-mode value (wengert.forward.Dual) would drop its "
                    "tangent. Use NumPy's or wengert's functions on it (np.exp(x), not "
                    "math.exp(x))")


def _dual_no_array(self):
    raise TypeError("a forward-mode value (wengert.forward.Dual) cannot be converted to a "
                    "plain NumPy array: that would drop its tangent. Build arrays with "
                    "np.stack / np.concatenate or wengert.numpy.array, and call NumPy's "
                    "functions on it directly")


def _dual_array_ufunc(ufunc, method, inputs, kwargs):
    if _innermost_var(inputs) is None:
        if not kwargs and method == "__call__":  # the common case, without the checks of out= and where=
            prim = PRIMITIVES.get(ufunc)
            if prim is not None:
                out = array_apply(prim, inputs, {})  # (forward_apply's first step, without its call)
                return out if out is not _NOT_ARRAYS else _general_apply(prim, inputs, kwargs)
    elif _defers(inputs):
        return NotImplemented
    return _hooks["array_ufunc"](ufunc, method, inputs, kwargs)


def _dual_array_function(func, args, kwargs):
    if len(args) == 1 and not kwargs and type(args[0]) is Dual:
        read = _SHAPE_READERS.get(func)
        if read is not None:  # np.ndim(d), np.shape(d), np.size(d): read without a round trip
            return read(args[0])
    if _innermost_var(args) is None:
        # the common case (a registered function on Duals of NumPy arrays, keywords that
        # hold no Dual and no out=) straight to its JVP, without the dispatch's checks
        prim = PRIMITIVES.get(func)
        # (an explicit JVP takes positions: its keywords are bound by the dispatch first, so that
        # np.linalg.solve(a, b=b) reaches the rule as solve(a, b))
        if (prim is not None and (not kwargs or (_plain_keywords(kwargs) and getattr(prim, "jvp_kind", None) != "explicit"))
                and not is_nondifferentiable(func)):
            out = array_apply(prim, args, kwargs)
            if out is not _NOT_ARRAYS:
                return out
    elif _defers(args):
        return NotImplemented
    return _hooks["array_function"](func, args, kwargs)


_SHAPE_READERS = {np.ndim: operator.attrgetter("ndim"), np.shape: operator.attrgetter("shape"),
                  np.size: operator.attrgetter("size")}


def _plain_keywords(kwargs):
    if "out" in kwargs:
        return False
    for v in kwargs.values():
        t = type(v)
        if t is Dual or t is Var or ((t is list or t is tuple) and _holds_dual(v)):
            return False
    return True


def _dual_getitem(self, key):
    return _hooks["getitem"](self, unwrap(key))


def _dual_getattr(self, name):
    if name.startswith("_"):
        raise AttributeError(name)
    value = structured.plain_value(_plainest(self))
    if name in ("itemsize", "nbytes", "flags"):
        return getattr(np.asarray(value), name)
    prop = PROPERTIES.get(name)
    if prop is not None:
        return prop(self)
    method = METHODS.get(name)
    if method is not None:
        return functools.partial(method, self)
    raise AttributeError(f"a forward-mode value holding a {type(value).__qualname__} has no "
                         f"recorded attribute {name!r}")


_COMPARISONS = (operator.lt, operator.le, operator.eq, operator.ne, operator.gt, operator.ge)


def _dual_compare(self, other, op):
    """Comparisons act on the values and give plain results, as on Vars."""
    return _COMPARISONS[op](_primal(self), unwrap(other))


def _dual_unary(name, self):
    return forward_apply(lookup(getattr(np, name)), (self,), {})


def _dual_divmod(x, y):
    """``(x // y, x % y)`` with Duals, as ``divmod`` on their values: Python's on Python numbers
    (``divmod(2.0, 0.0)`` raises ZeroDivisionError, as on Vars; np.divmod's was (inf, nan))."""
    a, b = _primal(x), _primal(y)
    if type(a) in (float, int) and type(b) in (float, int):
        divmod(a, b)  # (Python's own error, "float divmod()")
    return x // y, x % y


# (the % operator is the registry's (OPERATORS["remainder"], operator.mod on the values): on
# Python floats it raises at 0 as Python's does, where np.remainder gave NaN)
_PLAIN_BINARY = {
    "floor_divide": lambda x, y: operator.floordiv(_primal(x), unwrap(y)),
    "divmod": _dual_divmod,
}


def _dual_binary(name, reflected, self, other):
    """``self (name) other`` (``other (name) self`` if ``reflected``) through the rules."""
    # (a float subclass read as the operator on self's innermost primal reads it: see _var)
    other = operand_read(self, other, reflected)
    plain = _PLAIN_BINARY.get(name)
    if plain is not None:
        if name == "floor_divide" and reflected:
            return operator.floordiv(unwrap(other), _primal(self))
        return plain(other, self) if reflected else plain(self, other)
    if type(other) is Var and _var_is_inner(other, self.tag):
        return NotImplemented
    prim = OPERATORS.get(name)
    args = (other, self) if reflected else (self, other)
    if prim is None:
        prim = lookup(getattr(np, name, None))
        if prim is None:
            return _hooks["binary"](name, *args)
    out = array_apply(prim, args, {})  # (forward_apply's first step, without its call)
    return out if out is not _NOT_ARRAYS else _general_apply(prim, args, {})


def _dtype(value):
    value = structured.plain_value(value)
    while type(value) is Dual:
        value = structured.plain_value(value.primal)
    if type(value) is float:
        return np.dtype(float)
    if type(value) is complex:
        return np.dtype(complex)
    if type(value) is list or type(value) is tuple:  # a whole-list Dual: its items' common type
        leaves = [_dtype(x) for x in tree.leaves(value, lambda v: type(v) in (Var, Dual))
                  if isinstance(x, (int, float, complex, np.ndarray, np.generic, Var, Dual))]
        return np.result_type(*leaves) if leaves else np.dtype(float)
    dtype = getattr(value, "dtype", None)
    return dtype if dtype is not None else np.result_type(value)


_plainest = structured.plain_numbers  # (the plain value under any number of Duals and Vars)


def _primal(x):
    return _plainest(x)


def plain_value(x: Any) -> Any:
    """``x`` without the Vars and Duals around it (at any depth of nesting).

    >>> plain_value(2.0)
    2.0
    """
    return _plainest(x)


def unwrap(obj: Any) -> Any:
    """``obj`` with every Dual (and Var) replaced by its plain value, in lists, tuples, dicts."""
    t = type(obj)
    if t is Dual or t is Var:
        return _plainest(obj)
    if t is list or t is tuple:
        return t(unwrap(x) for x in obj)
    if t is dict:
        return {k: unwrap(v) for k, v in obj.items()}
    return obj


def _var_is_inner(var, tag):
    """True if ``var``'s tape was opened inside the forward pass ``tag`` (the Var then
    handles the operation, the Dual being a constant of its tape)."""
    return var.tape.level >= tag.tapes


def _defers(args):
    """True if a Var among ``args`` (one level into lists) belongs to a tape opened inside
    the innermost forward pass among them: the Var's dispatch handles the call."""
    var = _innermost_var(args)
    if var is None:
        return False
    tag = _innermost_tag(args)
    return tag is not None and _var_is_inner(var, tag)


def _innermost_var(args):
    var = None
    for a in args:
        t = type(a)
        if t is Var:
            if var is None or a.tape.level > var.tape.level:
                var = a
        elif t is list or t is tuple:
            inner = _innermost_var(a)
            if inner is not None and (var is None or inner.tape.level > var.tape.level):
                var = inner
    return var


# -- hooks: what the layers above install (wengert._dispatch, wengert.transforms) -------------

def _hooks_missing(*args, **kwargs):
    raise RuntimeError("wengert.forward was imported without wengert; import wengert first")


_hooks = {"array_ufunc": _hooks_missing, "array_function": _hooks_missing, "binary": _hooks_missing,
          "getitem": _hooks_missing, "transpose": _hooks_missing, "summed": lambda out, x, y: out}


def install_hooks(**hooks: Callable[..., Any]) -> None:
    """Install NumPy dispatch for Duals (``array_ufunc``, ``array_function``, ``binary``,
    ``getitem``: wengert._dispatch), the marks of a sum of two Dual cotangents (``summed``:
    wengert._dispatch) and the transposition of a pullback (``transpose``:
    wengert.transforms). Internal."""
    unknown = set(hooks) - set(_hooks)
    if unknown:
        raise TypeError(f"install_hooks: unknown hooks {sorted(unknown)}")
    _hooks.update(hooks)


# -- one primitive call -------------------------------------------------------------------

def _innermost_tag(args):
    tag = None
    for a in args:
        t = type(a)
        if t is Dual:
            if tag is None or a.tag.level > tag.level:
                tag = a.tag
        elif t is list or t is tuple:
            inner = _innermost_tag(a)
            if inner is not None and (tag is None or inner.level > tag.level):
                tag = inner
    return tag


def _holds_dual(args):
    """True if a Dual is among ``args``, at any depth of lists and tuples."""
    for a in args:
        t = type(a)
        if t is Dual or ((t is list or t is tuple) and _holds_dual(a)):
            return True
    return False


def _split(args, tag):
    """Primal arguments and tangents (None where an argument has none at ``tag``; lists,
    nested as the argument is, for a list or tuple argument holding Duals)."""
    primals = list(args)
    tangents = [None] * len(args)
    for i, a in enumerate(args):
        t = type(a)
        if t is Dual:
            if a.tag is tag:
                primals[i], tangents[i] = a.primal, a.tangent
        elif t is list or t is tuple:
            primals[i], tangents[i] = _split_one(a, tag)
    return primals, tangents


def _split_one(a, tag):
    t = type(a)
    if t is Dual:
        return (a.primal, a.tangent) if a.tag is tag else (a, None)
    if (t is list or t is tuple) and _holds(a, tag):
        pairs = [_split_one(x, tag) for x in a]
        return t(p for p, _ in pairs), [tx for _, tx in pairs]
    return a, None


def _holds(a, tag):
    for x in a:
        tx = type(x)
        if (tx is Dual and x.tag is tag) or ((tx is list or tx is tuple) and _holds(x, tag)):
            return True
    return False


def _fill(p, t):
    """The tangent ``t`` of the argument ``p`` with zeros where it has none (nested lists):
    every constant number or array item gets tangent 0 (an integer or boolean one too: its
    value is not a tangent, whether the function is applied to the tangent or it is paired
    with a cotangent), and so does a Dual of an outer pass or a Var (a value that does not
    move along this pass's directions: its value as its tangent made the inner Jacobian of
    np.concatenate([b, a * b]) hold b, with b's outer tangent). A slice, a string or None
    stays as it is."""
    if t is None:
        if type(p) in (list, tuple):
            return type(p)(_fill(x, None) for x in p)
        tp = type(p)
        return _zeros(p) if tp is Dual or tp is Var or \
            isinstance(p, (int, float, complex, np.ndarray, np.generic)) else p
    if type(t) is list:
        return type(p)(_fill(x, tx) for x, tx in zip(p, t))
    return t


def _call(prim, args, kwargs):
    """``prim(*args, **kwargs)``, through forward mode if Duals of outer passes remain."""
    if _holds_dual(args):
        return forward_apply(prim, args, kwargs)
    return prim(*args, **kwargs) if kwargs else prim(*args)


def forward_apply(prim, args, kwargs):
    """Call the primitive ``prim`` on ``args`` holding Duals: the primal result and its
    tangent, as Duals of the innermost forward pass among the arguments (internal)."""
    if not kwargs or _plain_keywords(kwargs):
        out = array_apply(prim, args, kwargs)
        if out is not _NOT_ARRAYS:
            return out
    return _general_apply(prim, args, kwargs)


def _general_apply(prim, args, kwargs):
    """:func:`forward_apply` where ``array_apply`` (wengert._dual) does not apply."""
    tag = _innermost_tag(args)
    if tag is None:
        return prim(*args, **kwargs)
    if _defers(args):
        return _record_inner(prim, args, kwargs)
    primals, tangents = _split(args, tag)
    lives = _lives(args, tag)
    if tag.batch is None and not kwargs and prim.name in _MATRIX_PRODUCTS and lives is None:
        fused = _fused_matmul(primals, tangents, tag)
        if fused is not None:
            return fused
    ans = _call(prim, primals, kwargs)
    if _no_gradient(ans):
        return ans
    as_float = type(ans) is not float and type(ans) is not Var and type(ans) is not Dual and tag.batch is None \
        and _all_python_floats(primals) and getattr(ans, "dtype", None) == np.float64 and np.ndim(ans) == 0
    try:
        t_out, live = _tangent_and_live(prim, ans, primals, tangents, lives, kwargs, tag)
    except ZeroDivisionError:
        # Python's float division inside the rule (d/dx log(x) = t / x at x = 0.0, or at
        # second order 0.5 / sqrt(x) on a Dual of floats): the rule again on NumPy's
        # scalars, which give inf (with NumPy's warning) as in reverse mode, where the
        # cotangent is NumPy's scalar.
        t_out, live = _tangent_and_live(prim, _numpy_scalars(ans), _numpy_scalars(primals),
                                        _numpy_scalars(tangents), lives, kwargs, tag)
    if as_float and ans != 0 and np.isfinite(ans):
        # A float for floats, as Python's float arithmetic gives, once the rule has run on
        # NumPy's scalar: d/dx sqrt(x) at 0.0 is then inf (with NumPy's warning), as in
        # reverse mode, not a ZeroDivisionError of Python's float division. A result of 0
        # or not finite stays NumPy's scalar, as reverse mode's Var holds it: a rule
        # dividing by it later (0.5 / sqrt(x) when forward runs over reverse), or by its
        # input with grad's seed of its type (1.0 / x for log's -inf), gives inf as NumPy
        # does, where Python's floats raised ZeroDivisionError (jvp(grad(np.sqrt)) and
        # jvp(grad(np.log)) at 0.0).
        ans = float(ans)
    return _wrap(ans, t_out, tag, whole=prim.name == "getitem", live=live)


def _finish(prim, ans, primals, tangents, lives, kwargs, tag):
    """The Duals of ``prim``'s result ``ans`` with their tangents and live marks (see Dual),
    from the arguments' marks ``lives`` (internal: array_apply's calls that are not its
    common case)."""
    t_out, live = _tangent_and_live(prim, ans, primals, tangents, lives, kwargs, tag)
    return _wrap(ans, t_out, tag, whole=prim.name == "getitem", live=live)


def _lives(args, tag):
    """The live marks of the tangents of ``args`` at ``tag`` (see Dual: None where an argument
    has none; lists for a list or tuple argument), or None where no argument has any."""
    lives = None
    for i, a in enumerate(args):
        t = type(a)
        live = None
        if t is Dual:
            if a.tag is tag:
                live = a.live
        elif (t is list or t is tuple) and _holds(a, tag):
            live = _lives(a, tag)
        if live is not None:
            if lives is None:
                lives = [None] * len(args)
            lives[i] = live
    return lives


# the linear functions whose matrices have no negative entry (selections, sums, copies): a
# zero of their result is live where one of the entries it sums is (not a structural zero),
# read by the function applied to those marks; another function (np.gradient, a product) with
# live zeros in its arguments has every zero of its result live (NaN at an infinite partial,
# not a guess), as reverse mode takes a result no rule reported
_NEGATIVE_LINEAR = frozenset(("gradient", "linspace"))


def _tangent_and_live(prim, ans, primals, tangents, lives, kwargs, tag):
    """The tangent of ``prim``'s result and its live marks (see Dual), from the arguments' marks
    ``lives`` (None where no argument has any). A tangent that needs one with no value (see
    :func:`undefined_tangent`) is refused as a whole: it raises only where it is used."""
    try:
        return _tangent_and_live_of(prim, ans, primals, tangents, lives, kwargs, tag)
    except NoGradientRule as exc:
        if not getattr(exc, "undefined_tangent", False):
            raise
        return _Refused(exc), None
    except (ValueError, TypeError):  # (NumPy storing a refused tangent: its own error, not the refusal)
        refused = _refused_among(tangents)
        if refused is None:
            raise
        return _Refused(refused.error), None


def _refused_among(tangents):
    # a refused tangent (see _Refused) among tangents, at any depth of lists, or None
    for t in tangents:
        if type(t) is _Refused or type(t) is _Undefined:
            return t
        if type(t) is list or type(t) is tuple:
            found = _refused_among(t)
            if found is not None:
                return found
    return None


def _tangent_and_live_of(prim, ans, primals, tangents, lives, kwargs, tag):
    rule = _rule_of(prim)
    if rule is _elementwise:
        for i, t in enumerate(tangents):
            if t is not None and i not in prim.vjps:
                raise missing_rule(prim, i)
        t_out, live = _elementwise_live(prim, ans, primals, tangents, lives, tag.batch)
        return _in_value_dtype(t_out, ans, tangents), live
    marked = getattr(rule, "live", None)  # (a rule that gives its result's live marks: ops._util.def_partials)
    if marked is not None:
        out = marked(ans, primals, tangents, lives, kwargs, tag.batch)
        if out is not None:
            return _in_value_dtype(out[0], ans, tangents), out[1]
    t_out = _tangent_out(prim, ans, primals, tangents, kwargs, tag)
    if lives is None or t_out is None:
        if t_out is not None and getattr(prim, "jvp_kind", "transposed") != "linear" and _any_traced(tangents):
            # (a traced tangent through a rule that does not mark its result's zeros: live, NaN
            # where an infinite partial meets them, not the structural zero wengert._dual's
            # live_term would take as one that does not move)
            return t_out, True
        return t_out, None
    if prim.jvp_kind == "linear" and prim.name not in _NEGATIVE_LINEAR and not _complex(ans):
        try:
            marks = [_flows(t, lv) for t, lv in zip(tangents, lives + [None] * (len(tangents) - len(lives)))]
            m = _tangent_out(prim, ans, primals, marks, kwargs, tag)
            return t_out, _as_marks(m, t_out)
        except Exception:  # (the marks where the function cannot read them: every zero live)
            return t_out, True
    return t_out, True


def _any_traced(tangents):
    # whether a tangent (or an item of a list of tangents) is a Var or a Dual of an outer pass
    for t in tangents:
        kind = type(t)
        if kind is Var or kind is Dual:
            return True
        if (kind is list or kind is tuple) and _any_traced(t):
            return True
    return False


def _flows(t, live):
    # where a tangent flows (1.0; 0.0 at its structural zeros), nested as it is
    if t is None:
        return None
    if type(t) is list:
        return [_flows(x, None if live is None or live is True else live[k]) if live is not True else
                _flows(x, True) for k, x in enumerate(t)]
    if type(t) is Var or type(t) is Dual:
        return np.ones(np.shape(_plainest(t)))
    nonzero = np.asarray(t) != 0
    if live is True:
        nonzero = np.ones(np.shape(t), dtype=bool)
    elif live is not None:
        nonzero = nonzero | live
    return nonzero.astype(float) if np.ndim(t) else float(nonzero)


def _as_marks(m, t_out):
    # the function's result on the marks: live where it is not 0, of the tangent's structure
    if type(t_out) is tuple or type(t_out) is list:
        parts = [_as_marks(a, b) for a, b in zip(m, t_out)]
        return type(t_out)(parts)
    if np.shape(m) != np.shape(_plainest(t_out)):
        return True
    mask = np.asarray(m) != 0
    if not mask.any():
        return None
    return mask if mask.ndim else True


# what array_apply (wengert._dual, installed with the rest below) returns where it does not
# apply: the general path (_general_apply) then takes the call
_NOT_ARRAYS = object()

# prim -> what prim(*args) runs on arguments holding no Var and no Dual (its plain
# function): the primal arguments and tangents of array_apply (wengert._dual), called without the
# compiled apply's look for Vars and the forward-mode wrapper's look for Duals.
_plain_functions: "dict[Any, Callable[..., Any]]" = {}


def _plain_call(prim):
    fun = _plain_functions.get(prim)
    if fun is None:
        fun = _plain_functions[prim] = plain_function(prim.fun)
    return fun


# a StagedRule -> its rule(g, ans, x[, y]) (staged_rule_parts, looked up once per rule)
_staged_parts: "dict[Any, Any]" = {}


def _parts_of(staged):
    rule = _staged_parts.get(staged, _MISSING)
    if rule is _MISSING:
        rule = staged_rule_parts(staged)
        if rule is not None:
            rule = _term_in_value_dtype(rule)
        _staged_parts[staged] = rule
    return rule


def _term_in_value_dtype(rule):
    """The elementwise rule ``rule(t, ans, x[, y])`` (a term ``f'(x) t`` of forward mode), its term
    in the dtype of ``ans`` and ``t`` (:func:`_in_value_dtype`)."""
    def term(t, ans, *args):
        return _in_value_dtype(rule(t, ans, *args), ans, (t,))
    term.__wrapped__ = rule
    return term


def _in_value_dtype(t, ans, tangents):
    """The plain tangent ``t`` of the plain result ``ans``, in the dtype NumPy gives ``ans`` and the
    plain ``tangents`` of the arguments where a rule made it wider (a float64 number in a partial:
    ndtr's ``np.sqrt(2.0 * np.pi)``, a derivative SciPy computes in float64). Decided: the tangent
    follows the value, as reverse mode's gradients follow their arguments (float32 stays float32):
    ``jvp`` of a float32 function gave a float64 tangent beside its float32 value (21 of 154 ufuncs
    with a float32 loop: ndtr, log2, maximum, ...; 120 of the 569 distribution methods: norm.cdf,
    gamma.ppf, t.sf, ...). Traced tangents (a nested pass's) are left as they are."""
    if type(t) is not np.ndarray and not isinstance(t, np.inexact):
        return t
    have, dtype = t.dtype, getattr(ans, "dtype", None)
    if dtype is None or have is dtype or have.itemsize <= dtype.itemsize or type(ans) is Var or type(ans) is Dual:
        return t  # (the common case first; a Python float's tangent: float64 already)
    for x in tangents:
        if type(x) is np.ndarray or isinstance(x, np.generic):
            dtype = np.promote_types(dtype, x.dtype)
    if have.kind != dtype.kind or have.itemsize <= dtype.itemsize:
        return t
    return t.astype(dtype)


def _tangent_out(prim, ans, primals, tangents, kwargs, tag):
    """The tangent of ``prim``'s result ``ans`` by its JVP (once per direction for a rule
    that takes one tangent at a time)."""
    rule = _rule_of(prim)
    vjps = prim.vjps
    if prim.jvp_kind != "explicit" or vjps:
        # (an explicit rule covers the arguments its primitive has VJPs for: a moving argument
        # past them, passed by position where the rule reads only its first ones, is refused,
        # as reverse mode refuses it, not a tangent silently dropped; a primitive with no VJP,
        # custom_jvp's, has its rule cover every argument)
        for i, t in enumerate(tangents):
            if t is not None and i not in vjps:
                raise missing_rule(prim, i)
    if tag.batch is not None and not getattr(rule, "batched", False):
        return _in_value_dtype(_per_direction(rule, prim, ans, primals, tangents, kwargs, tag.batch), ans, tangents)
    return _in_value_dtype(rule(prim, ans, primals, tangents, kwargs, tag.batch), ans, tangents)


def _record_inner(prim, args, kwargs):
    """``prim`` on arguments holding a Var of a tape opened inside the innermost forward
    pass among them (``np.stack([x, y])`` with ``x`` a Var of ``grad``'s tape and ``y`` a
    Dual closed over, under ``jvp``): that tape records the call, its Vars' values being
    Duals. (Forward mode first made a Dual around the Var: the tape lost its path through
    the call, a silent zero or an escaped Var.)"""
    args = [structured.collect(a) if type(a) in (list, tuple) else a for a in args]
    return prim(*args, **kwargs)


_MISSING = object()


def _numpy_scalars(x):
    """``x`` with its Python floats (and the parts of scalar Duals) NumPy's float64."""
    t = type(x)
    if t is float:
        return np.float64(x)
    if t is Dual and x.scalar:
        return Dual(np.float64(x.primal), np.float64(x.tangent), x.tag, x.live)
    if t is list or t is tuple:
        return t(_numpy_scalars(a) for a in x)
    return x


def _all_python_floats(primals):
    found = False
    for p in primals:
        t = type(p)
        if t is float:
            found = True
        elif t is not int and t is not bool and p is not None:
            return False
    return found


def _rule_of(prim):
    """The JVP of ``prim``; a primitive whose rules are all staged elementwise rules gets
    the elementwise JVP the first time it is asked (SciPy's rules register late)."""
    rule = getattr(prim, "jvp", None)
    if rule is not None:
        return rule
    rules = [r for r in prim.vjps.values() if r is not None]
    if rules and len(prim.vjps) <= 2 and all(staged_rule_parts(r) is not NOT_STAGED for r in rules):
        prim.jvp, prim.jvp_kind = _elementwise, "elementwise"
        return _elementwise
    prim.jvp, prim.jvp_kind = _transposed, "transposed"
    return _transposed


def _no_gradient(ans):
    t = type(ans)
    if t is float or t is complex or t is Var or t is Dual:
        return False
    if t is int or t is bool:
        return True
    dtype = getattr(ans, "dtype", None)
    return dtype is not None and dtype.kind in "biu"


def _wrap(ans, t, tag, whole=False, live=None):
    """The Duals of the result ``ans`` with tangent ``t`` (tuples element by element, unless
    ``whole``: a part of a list read from a whole-list Dual stays one Dual), its zeros live
    where ``live`` says (see Dual)."""
    t_ans = type(ans)
    if t_ans is np.ndarray:  # (the common case, first)
        if ans.dtype.kind not in "fc":
            return ans
        return Dual(ans, _zeros(ans, tag.batch) if t is None else t, tag, live)
    if whole and (t_ans is list or t_ans is tuple):  # a part of a list a rule made whole
        return Dual(ans, t, tag, live if live is None or live is True else None if not _any_live(live) else True)
    if t_ans is tuple or t_ans is list or (isinstance(ans, tuple) and hasattr(ans, "_fields")):
        items = [_wrap(a, structured.get_part(t, i) if t is not None else None, tag,
                       live=live if live is None or live is True else live[i])
                 for i, a in enumerate(ans)]
        return t_ans(*items) if hasattr(ans, "_fields") else t_ans(items)
    if _no_gradient(ans) or not _is_differentiable_leaf(ans):
        return ans
    if t is None:
        t = _zeros(ans, tag.batch)
    elif type(ans) is float and type(t) is not float and type(t) not in (Var, Dual):
        t = float(np.real(t)) if tag.batch is None else t
    if live is not None and live is not True and (type(ans) is float or np.ndim(t) == 0):
        live = True if np.any(live) else None
    return Dual(ans, t, tag, live)


def _any_live(live):
    if type(live) is list or type(live) is tuple:
        return any(_any_live(x) for x in live)
    return live is not None and live is not False and bool(np.any(live))


def _is_differentiable_leaf(x):
    t = type(x)
    if t is float or t is complex or t is Var or t is Dual:
        return True
    dtype = getattr(x, "dtype", None)
    if dtype is None:
        return isinstance(x, float)  # a float subclass (a float enum's member): its stored float
    return dtype.kind in "fc"


def _zeros(like, batch=None):
    """Plain zeros shaped like ``like`` (a plain value, a Var or a Dual), with ``batch``
    leading directions."""
    plain = _plainest(like)
    kind = type(plain)
    if isinstance(plain, float) and not isinstance(plain, np.generic):
        kind = float  # (a float subclass, a float enum's member: a float, as its float's)
    if batch is None and (kind in (float, complex, np.float64, np.complex128)
                          or (isinstance(plain, np.generic) and plain.dtype.kind in "fc")):
        return kind(0)  # (a NumPy scalar's tangent is one too, as a Dual's would be: np.float32's was 0-d)
    shape = np.shape(plain) if batch is None else (batch,) + np.shape(plain)
    return np.zeros(shape, dtype=_dtype(plain))


def _per_direction(rule, prim, ans, primals, tangents, kwargs, batch):
    """A rule that takes one tangent at a time, run once per direction and stacked."""
    outs = []
    for b in range(batch):
        tb = [None if t is None else ([None if x is None else x[b] for x in t] if type(t) is list else t[b])
              for t in tangents]
        outs.append(rule(prim, ans, primals, tb, kwargs, None))
    out = _stack(outs, ans)
    if _KINK_TANGENTS:  # (a direction's tangent marked at a kink: the stacked tangent marked there, jacfwd's)
        kinks = [_kink_mark(o) for o in outs]
        first = next((k for k in kinks if k is not None), None)
        if first is not None and type(out) is np.ndarray:
            try:
                where = np.stack([np.broadcast_to(k[0], np.shape(o)) if k is not None else np.zeros(np.shape(o), bool)
                                  for k, o in zip(kinks, outs)])
            except ValueError:
                return out
            mark_kink_tangent(out, where, first[1])
    return out


def _stack(outs, ans):
    if isinstance(ans, tuple):
        return type(ans)(*(_stack([o[i] for o in outs], a) for i, a in enumerate(ans))) \
            if hasattr(ans, "_fields") else type(ans)(_stack([o[i] for o in outs], a) for i, a in enumerate(ans))
    if type(ans) is list:
        return [_stack([o[i] for o in outs], a) for i, a in enumerate(ans)]
    if not outs:  # no directions (the Jacobian of a function of an empty array)
        return _zeros(ans, 0)
    undefined = None
    for out in outs:
        if type(out) is _Refused:  # a refused part raises only where its tangent is used
            return out
        if type(out) is _Undefined:
            undefined = out
    if undefined is not None:  # (entries with no value: see undefined_tangent)
        return _Undefined(np.stack([o.value if type(o) is _Undefined else o for o in outs]),
                          np.stack([o.where if type(o) is _Undefined else np.zeros(np.shape(_plainest(o)), dtype=bool)
                                    for o in outs]), undefined.error)
    return np.stack(outs)


# -- the kinds of JVP ----------------------------------------------------------------------

def _differentiable(prim, i):
    return prim.vjps.get(i) is not None


def _linear(prim, ans, primals, tangents, kwargs, batch):
    """The function applied to the tangents (zeros where an argument has none)."""
    if prim.name in _SELECTING:
        for t in tangents:
            if type(t) is _Undefined or (type(t) is list and any(type(x) is _Undefined for x in t)):
                return _linear_undefined(prim, ans, primals, tangents, kwargs, batch)
    args = list(primals)
    for i, (p, t) in enumerate(zip(primals, tangents)):
        if not _differentiable(prim, i):
            continue
        if type(t) is list:
            args[i] = _fill(p, t)
        elif t is None:
            if type(p) in (list, tuple):
                args[i] = type(p)(_zeros(x) for x in p)
            elif _is_differentiable_leaf(p) or isinstance(p, (int, np.integer, np.ndarray, np.generic)):
                # a constant (an integer or boolean array too) has tangent 0, not its value
                args[i] = _zeros(p)
        else:
            args[i] = t
    if kwargs.get("initial") is not None:
        # np.sum's initial= is a constant term: its tangent is 0, not its value
        kwargs = dict(kwargs, initial=0)
    return _call(prim, args, kwargs)


#: linear functions whose matrices have no negative entry (selections, copies, sums): an entry
#: of the result is undefined where the function applied to the arguments' undefined marks is not 0
_SELECTING = frozenset(("getitem", "untake", "numpy.where", "numpy.stack", "numpy.concatenate", "numpy.hstack",
                        "numpy.vstack", "numpy.dstack", "numpy.column_stack", "numpy.reshape", "numpy.squeeze", "numpy.ravel",
                        "numpy.transpose", "numpy.moveaxis", "numpy.swapaxes", "numpy.expand_dims", "numpy.broadcast_to",
                        "numpy.copy", "numpy.sum", "numpy.mean", "numpy.take", "numpy.take_along_axis", "numpy.flip", "numpy.roll",
                        "numpy.diagonal", "numpy.tile", "numpy.repeat", "numpy.cumsum", "numpy.trace"))


def _linear_undefined(prim, ans, primals, tangents, kwargs, batch):
    # _linear where a tangent is an _Undefined: the function applied to the tangents' values,
    # undefined where the function of the undefined marks (1.0, 0.0 elsewhere) is not 0
    values, marks, errors = [], [], []
    for t in tangents:
        if type(t) is list:  # (a sequence argument: np.stack's, each item in turn)
            parts = [_undefined_parts(x, errors) for x in t]
            values.append([v for v, _ in parts])
            marks.append([m for _, m in parts])
        else:
            value, mark = _undefined_parts(t, errors)
            values.append(value)
            marks.append(mark)
    out = _linear(prim, ans, primals, values, kwargs, batch)
    m = _linear(prim, ans, primals, marks, kwargs, batch)
    where = np.asarray(_plainest(m)) != 0
    return _Undefined(out, where, errors[0]) if np.any(where) else out


def _undefined_parts(t, errors):
    # the value and the undefined marks (1.0, 0.0 elsewhere; None, no tangent) of a tangent
    if type(t) is _Undefined:
        errors.append(t.error)
        return t.value, t.where.astype(float)
    return t, None if t is None else np.zeros(np.shape(_plainest(t)))


def _multilinear(prim, ans, primals, tangents, kwargs, batch):
    """The sum over arguments of the function with that argument replaced by its tangent."""
    out = None
    for i, t in enumerate(tangents):
        if t is None or not _differentiable(prim, i):
            continue
        if type(t) is list:  # a sequence argument (multi_dot([a, b, c])): each item in turn
            for k, tk in enumerate(t):
                if tk is None:
                    continue
                items = list(primals[i])
                items[k] = tk
                args = list(primals)
                args[i] = type(primals[i])(items)
                term = _call(prim, args, kwargs)
                out = term if out is None else out + term
            continue
        args = list(primals)
        args[i] = t
        term = _call(prim, args, kwargs)
        out = term if out is None else out + term
    return out


def _matmul(prim, ans, primals, tangents, kwargs, batch):
    """``x @ ty + tx @ y``; with a batch of directions (leading axis) a vector's tangents
    become a stack of columns, so that matmul's broadcasting lines them up."""
    if batch is None or kwargs:
        return _multilinear(prim, ans, primals, tangents, kwargs, None) if batch is None else \
            _per_direction(_multilinear, prim, ans, primals, tangents, kwargs, batch)
    x, y = primals
    tx, ty = tangents
    out = None
    if tx is not None:
        if _ndim(x) == 1 and _ndim(y) > 2:
            # a vector's tangents (b, n) against a stack y (..., n, k): each a row (b, 1.., 1, n),
            # so that the directions stay first; as tx @ y, matmul took them for the rows of a
            # matrix, (..., b, k) (jacfwd of v @ y raised, jacfwd(jacfwd) of v[:2] @ v[2:]
            # gave [[0, 2], [0, 0]] for the blocks [[0, 1], [1, 0]] of the Hessian)
            row = np.reshape(tx, (_shape(tx)[0],) + (1,) * (_ndim(y) - 1) + (_shape(x)[-1],))
            out = (row @ y)[..., 0, :]
        elif _ndim(y) > _ndim(x) > 1:  # (a stack y deeper than x: the directions before its axes)
            out = np.reshape(tx, (_shape(tx)[0],) + (1,) * (_ndim(y) - _ndim(x)) + _shape(x)) @ y
        else:
            out = tx @ y
    if ty is not None:
        if _ndim(x) > _ndim(y) > 1:  # (as tx's: the directions before the axes of x's stack)
            term = x @ np.reshape(ty, (_shape(ty)[0],) + (1,) * (_ndim(x) - _ndim(y)) + _shape(y))
        elif _ndim(y) != 1:
            term = x @ ty
        elif _ndim(x) == 2:
            term = ty @ _transpose2(x)  # (x @ ty[b])[n] = (ty @ x.T)[b, n]: one matrix product
        else:
            # (b, n) -> columns (b, 1.., n, 1) against x (..., m, n), the directions first
            column = np.reshape(ty, (_shape(ty)[0],) + (1,) * max(_ndim(x) - 2, 0) + (_shape(y)[-1], 1))
            term = (x @ column)[..., 0]
        out = term if out is None else out + term
    return out


_MATRIX_PRODUCTS = frozenset(("numpy.matmul", "numpy.dot"))  # (on two matrices, the same product)


def _fused_matmul(primals, tangents, tag):
    """The Dual of ``x @ y`` where one factor is a plain matrix and the other a matrix with
    a tangent, and the result is larger than that factor, or, in a pass that may defer,
    where both are matrices with tangents and the result is larger than the second (None
    where neither applies).

    The weight gradient ``x.T @ g`` of a layer under forward over reverse is the case. In a
    pass that may defer (``tag.defer``: ``hvp``, which reads only the tangents of the
    gradient) the primal is a :class:`Deferred` product, computed only if something reads
    it: the primal of the first layer's weight gradient, as large a product as its tangent,
    is then never computed. There the primal of a product of two matrices that both carry
    tangents, larger than the second (a later layer's weight gradient), is deferred too. Otherwise both come from one product, ``x @ [y | ty]``
    (``[x ; tx] @ y``) split into two views of one buffer: two products freed together
    made glibc give their memory back to the system at every call (page faults at the
    next)."""
    x, y = primals
    tx, ty = tangents
    if type(x) is not np.ndarray or type(y) is not np.ndarray or x.ndim != 2 or y.ndim != 2:
        return None
    if (tx is not None and not _all_finite(y)) or (ty is not None and not _all_finite(x)):
        # (a tangent's structural 0 against the other factor's inf: the product rule's own
        # tangent, which adds nothing there; fused, jvp of y -> b @ y was NaN beside the inf)
        return None
    if tx is None and type(ty) is np.ndarray and ty.dtype == y.dtype and ty.shape == y.shape \
            and x.shape[0] > x.shape[1]:
        if tag.defer and x.dtype == y.dtype:
            return Dual(Deferred(np.matmul, (x, y), (x.shape[0], y.shape[1]), y.dtype), x @ ty, tag)
        k = y.shape[1]
        both = x @ np.concatenate((y, ty), axis=1)
        return _wrap(both[:, :k], both[:, k:], tag)
    if ty is None and type(tx) is np.ndarray and tx.dtype == x.dtype and tx.shape == x.shape \
            and y.shape[1] > y.shape[0]:
        if tag.defer and x.dtype == y.dtype:
            return Dual(Deferred(np.matmul, (x, y), (x.shape[0], y.shape[1]), x.dtype), tx @ y, tag)
        m = x.shape[0]
        both = np.concatenate((x, tx), axis=0) @ y
        return _wrap(both[:m], both[m:], tag)
    if tag.defer and type(tx) is np.ndarray and type(ty) is np.ndarray and x.dtype == y.dtype \
            and tx.dtype == x.dtype and ty.dtype == y.dtype and tx.shape == x.shape and ty.shape == y.shape \
            and x.shape[0] > x.shape[1]:
        # both factors carry tangents, the result larger than y (a later layer's weight
        # gradient h.T @ g under hvp): the tangent's two products now, in multilinear's
        # order, the primal only if read
        return Dual(Deferred(np.matmul, (x, y), (x.shape[0], y.shape[1]), x.dtype), tx @ y + x @ ty, tag)
    return None


def _all_finite(a):
    """Whether every entry of the plain array ``a`` is finite."""
    return bool(np.isfinite(a).all())


def _ndim(x):
    return x.ndim if type(x) is np.ndarray else np.ndim(_plainest(x))


def _transpose2(x):
    return x.T if type(x) is np.ndarray else np.swapaxes(x, 0, 1)


_matmul.batched = True  # type: ignore[attr-defined]


def _elementwise(prim, ans, primals, tangents, kwargs, batch):
    """``f'(x) * t`` from the staged VJP's own derivative, broadcast to the result."""
    return _elementwise_live(prim, ans, primals, tangents, None, batch)[0]


def _elementwise_live(prim, ans, primals, tangents, lives, batch):
    """:func:`_elementwise`'s tangent and its live marks (see Dual), from the arguments'
    marks ``lives`` (None where none has any): each term is reverse mode's rule run as in
    its sweep (``live_term``), which reads and reports them."""
    ans_shape = _shape(_plainest(ans))
    x = primals[0]
    n = sum(1 for t in tangents if t is not None)
    out = None
    live = None
    for i, t in enumerate(tangents):
        if t is None:
            continue
        staged = prim.vjps.get(i)
        if staged is None:
            continue  # declared with no gradient (NumPy's ldexp exponent)
        rule = staged_rule_parts(staged)
        lt = None if lives is None else lives[i]
        if batch is not None:
            arg_shape = _shape(_plainest(primals[i]))
            missing = len(ans_shape) - len(arg_shape)
            if missing > 0:
                t = np.reshape(t, (batch,) + (1,) * missing + arg_shape)
                if type(lt) is np.ndarray:  # (marks may broadcast against the tangent: (batch, n, 1))
                    lt = np.reshape(np.broadcast_to(lt, (batch,) + arg_shape), np.shape(t))
        if rule is None:
            term = t
        elif len(primals) == 1:
            term, lt = live_term(rule, t, lt, n, ans, x)
        else:
            term, lt = live_term(rule, t, lt, n, ans, x, primals[1])
            if prim.name == "operator.mul" or prim.name == "numpy.multiply":
                term = held_zero(term, ans, primals[1 - i], tangents[1 - i], None if lives is None else lives[1 - i])
        if _complex(term) and not _complex(ans):
            term = np.real(term)  # a real function of a complex argument (abs): <c, J t> is real
        if out is None:
            out, live = term, lt
        else:
            out = out + term
            if lt is not None or live is not None:
                live = join_live(live, lt, _shape(_plainest(out)))
            live = cancelled_terms(out, term, live)
    if out is None:
        return _zeros(ans, batch), None
    shape = ans_shape if batch is None else (batch,) + ans_shape
    if _shape(_plainest(out)) != shape:
        out = np.broadcast_to(out, shape) if type(out) is not np.ndarray else np.broadcast_to(out, shape).copy()
        if type(live) is np.ndarray:
            live = np.broadcast_to(live, shape)
    return out, live


#: forward mode's plain tangents holding a kink's convention (see mark_kink_tangent): (tangent, where, refuse), the
#: last few marked (a tangent is read by the next calls, and a kink at a point is rare)
_KINK_TANGENTS: "list[Any]" = []


def mark_kink_tangent(t: Any, where: Any, refuse: Callable[[], None]) -> None:
    """Mark forward mode's plain tangent ``t`` (internal: np.linalg.norm's at a norm of 0, whose rule takes a
    subgradient there): at the entries ``where`` it is the convention's 0 for a direction that moves the argument
    through the kink, where the one-sided derivatives differ. An elementwise function with an infinite (or
    undefined) partial there that then reads ``t`` calls ``refuse()`` (a NoGradientRule), as reverse mode's rule
    refuses an infinite cotangent at the kink: jvp of sqrt(norm(x)) at x = 0 was 0 (norm's tangent 0, a structural
    zero to sqrt's infinite partial), the one-sided derivatives +inf and -inf. (abs's tangent 0 at 0 is a live zero
    already: NaN there, not a number; marked, it refused inside p-norms' own second derivatives, whose rules refuse
    with their own message.)

    >>> mark_kink_tangent(np.zeros(1), np.array([True]), lambda: None)
    """
    if len(_KINK_TANGENTS) >= 8:
        del _KINK_TANGENTS[0]
    _KINK_TANGENTS.append((t, where, refuse))


def _kink_mark(t):
    # (where, refuse) of a tangent mark_kink_tangent marked, or None
    for marked, where, refuse in reversed(_KINK_TANGENTS):
        if marked is t:
            return where, refuse
    return None


def refuse_at_kink_partial(g: Any, partial: Any) -> None:
    """:func:`refuse_at_kink_tangent` where the partial itself is at hand (internal: np.power's rule in its base).

    >>> refuse_at_kink_partial(np.zeros(1), np.ones(1))
    """
    if _KINK_TANGENTS:
        refuse_at_kink_tangent(g, lambda ones, p: ones * p, partial)


def refuse_at_kink_tangent(g: Any, rule: Callable[..., Any], ans: Any, *args: Any) -> None:
    """Where the plain ``g`` is a tangent :func:`mark_kink_tangent` marked, call its ``refuse()`` if the partial of
    the rule ``rule(g, ans, *args) -> g * partial`` reading it is infinite or undefined at the kink (internal: the
    elementwise rules' check where ``g`` has a zero, as a kink's tangent has there). Nothing elsewhere.

    >>> refuse_at_kink_tangent(np.zeros(1), lambda g, ans: g / ans, np.zeros(1))
    """
    kink = _kink_mark(g) if _KINK_TANGENTS else None
    if kink is None:
        return
    where, refuse = kink
    ones = np.ones(np.shape(g), dtype=np.result_type(g, 1.0))
    with np.errstate(all="ignore"):
        try:
            partial = rule(ones, ans, *args)
            bad = np.broadcast_to(where, np.shape(partial)) & ~np.isfinite(_plainest(partial))
        except (ValueError, TypeError):
            return
    if np.any(bad):
        refuse()


def cancelled_terms(total, term, live):
    """``live`` and the zeros of the sum of tangent terms ``total`` where the ``term`` just
    added is not 0 (internal: terms that cancel, a derivative that vanishes there, live, not
    structural: jacfwd of log(exp(y) - 1 - y) at 0 was 0, the truth undefined, +-inf)."""
    cancelled = structured.cancelled_zeros(total, term)
    if cancelled is None:
        return live
    return join_live(live, cancelled, _shape(_plainest(total)))


def _shape(x):
    return x.shape if type(x) is np.ndarray else np.shape(x)


def _complex(x):
    t = type(x)
    if t is np.ndarray:
        return x.dtype.kind == "c"
    return t is not float and structured.is_complex(x)


_elementwise.batched = True  # type: ignore[attr-defined]


def _transposed(prim, ans, primals, tangents, kwargs, batch):
    """The tangent as the transpose of the pullback: ``d/du <pullback(u), t>`` (slower).

    For a result that is a tuple (eigh, svd, slogdet...), each part's tangent is the
    transpose of the pullback of a cotangent of that part alone, as reverse mode sees it
    when only that part is used; a part whose derivative the rule refuses (the vectors of
    a repeated eigenvalue) raises only if its tangent is used.
    """
    pullbacks = []
    for i, t in enumerate(tangents):
        if t is None:
            continue
        rule = prim.vjps.get(i, _MISSING)
        if rule is None:
            continue
        if rule is _MISSING:
            raise missing_rule(prim, i)
        if type(t) is list:  # a sequence argument: zeros where an item has no tangent
            t = _fill(primals[i], t)
        if not prim.higher_order:
            pullback = first_order_pullback(prim, rule, ans, primals, kwargs)
        else:
            pullback = rule(ans, *primals, **kwargs)
        pullbacks.append((structured.real_pullback(pullback, primals[i], ans), t))
    if not pullbacks:
        return None
    if isinstance(ans, (tuple, list)):
        parts = []
        for k, part in enumerate(ans):
            if not _is_differentiable_leaf(part) or _no_gradient(part):
                parts.append(None)
                continue
            try:
                parts.append(_transpose_sum(pullbacks, _plain_structure(part),
                                            lambda u, k=k: structured.Partial({k: u})))
            except (NoGradientRule, np.linalg.LinAlgError) as exc:
                parts.append(_Refused(exc))
        return type(ans)(*parts) if hasattr(ans, "_fields") else type(ans)(parts)
    return _transpose_sum(pullbacks, _plain_structure(ans), lambda u: u)


class _Transposing(threading.local):
    depth = 0


_transposing = _Transposing()


def in_transposed_pullback() -> bool:
    """True while forward mode runs a rule's pullback to transpose it (internal). The
    cotangent there is a traced zero: a rule cannot read from its values what the loss
    downstream depends on (the phase of a complex eigenvector, say), and must refuse what
    it would check in reverse mode.

    >>> in_transposed_pullback()
    False
    """
    return _transposing.depth > 0


def _transpose_sum(pullbacks, like, cotangent):
    """``sum_i d/du <pullback_i(cotangent(u)), t_i>`` at ``u = zero(like)`` (the hook
    wengert.transforms installs: a reverse sweep of the pullbacks)."""
    # (the depth saved and assigned back, twice: an exception can arrive before any line, the
    # try's own and the finally's included, and one that skipped a decrement left every later
    # rule "transposing", its kink marks and checks those of forward mode)
    depth = _transposing.depth
    try:
        try:
            _transposing.depth = depth + 1
            return _hooks["transpose"](pullbacks, like, cotangent)
        finally:
            _transposing.depth = depth
    finally:
        _transposing.depth = depth


class _Refused:
    """The tangent of a part of a result whose derivative the rule refuses: using it raises
    the rule's error (an unused part, such as the vectors of ``eigh`` when only the values
    are read, is fine)."""
    __slots__ = ("error",)

    def __init__(self, error):
        self.error = error

    def _raise(self, *args, **kwargs):
        raise self.error

    __array_ufunc__ = __array_function__ = __add__ = __radd__ = __mul__ = __rmul__ = _raise
    __sub__ = __rsub__ = __truediv__ = __rtruediv__ = __matmul__ = __rmatmul__ = __neg__ = _raise
    __getitem__ = __array__ = __float__ = __pow__ = __rpow__ = _raise

    @property
    def shape(self):
        raise self.error


class _Undefined(_Refused):
    """A tangent that has no value where ``where`` holds (a rule's convention at a kink,
    differentiated again: see :func:`undefined_tangent`), ``value`` elsewhere. np.where and
    indexing that leave those entries out give the rest; any other use raises ``error``."""
    __slots__ = ("value", "where")

    def __init__(self, value, where, error):
        super().__init__(error)
        self.value = value
        self.where = where

    def __array_function__(self, func, types, args, kwargs):
        if func is np.where and len(args) == 3 and not kwargs:
            return _where_defined(*args)
        if func is np.shape or func is np.ndim or func is np.size:
            return func(_plainest(self.value))
        raise self.error

    @property
    def shape(self):
        return np.shape(_plainest(self.value))

    @property
    def dtype(self):
        return _dtype(_plainest(self.value))

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        # a sum, difference, product or quotient of tangents, entry by entry: undefined where a
        # term or factor is, even times a plain 0 (in a rule that factor may be a primal, whose
        # own tangent is a convention's 0: hypot(x, y) ** 2's at 0). So np.where's mask still
        # drops it after a product (hypot(0, x) * x's tangent under the mask refused at the product).
        if method != "__call__" or kwargs or ufunc not in _UNDEFINED_UFUNCS:
            raise self.error
        out = ufunc(*[x.value if type(x) is _Undefined else x for x in inputs])
        shape = np.shape(_plainest(out))
        where = np.zeros(shape, dtype=bool)
        for x in inputs:
            if type(x) is _Undefined:
                where = where | np.broadcast_to(x.where, shape)
        return _Undefined(out, where, self.error)

    def __add__(self, other):
        return np.add(self, other)

    def __radd__(self, other):
        return np.add(other, self)

    def __sub__(self, other):
        return np.subtract(self, other)

    def __rsub__(self, other):
        return np.subtract(other, self)

    def __neg__(self):
        return np.negative(self)

    def __mul__(self, other):
        return np.multiply(self, other)

    def __rmul__(self, other):
        return np.multiply(other, self)

    def __truediv__(self, other):
        return np.true_divide(self, other)

    def __rtruediv__(self, other):
        return np.true_divide(other, self)

    def __getitem__(self, key):
        where = self.where[key]
        return _Undefined(self.value[key], where, self.error) if np.any(where) else self.value[key]

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __bool__ = _Refused._raise
    __hash__ = None  # type: ignore[assignment]


_UNDEFINED_UFUNCS = (np.add, np.subtract, np.negative, np.positive, np.multiply, np.true_divide)


def undefined_tangent(t: Any, where: Any, error: Exception) -> Any:
    """The tangent ``t``, which has no value where ``where`` holds (internal: wengert.ops's
    at_kink, where a rule's convention at a kink is differentiated again, a direction moving
    the input there). Using those entries raises ``error``; a value np.where's mask drops there,
    or that the result does not use, gives the rest (the second derivative of
    ``np.where(x > 0, np.abs(x), x ** 2)`` at 0 is 2 in forward over forward, as in reverse).

    >>> t = undefined_tangent(np.array([1.0, 2.0]), np.array([True, False]), ValueError("no"))
    >>> np.where(np.array([False, True]), t, 0.0)
    array([0., 2.])
    """
    shape = np.shape(_plainest(t))
    try:
        where = np.broadcast_to(where, shape)
    except ValueError:  # (marks of the input's shape on a tangent of another: undefined throughout)
        where = np.ones(shape, dtype=bool)
    error.undefined_tangent = True  # type: ignore[attr-defined]
    return _Undefined(t, where, error)


class _Conventions(threading.local):
    def __init__(self):
        self.tags = []  # (tag, error) of the conventions marked in this thread's sweeps


_conventions = _Conventions()


def convention_value(value: Any, where: Any, error: Exception, directions: Any = None) -> Any:
    """``value``, a sweep's cotangent holding a rule's convention where ``where`` holds
    (internal: wengert.ops's at_kink in forward over reverse), as a Dual of a pass of its
    own whose tangents (one per marked entry) are the derivatives in those entries: the rest
    of the sweep carries them, and :func:`settle_conventions` refuses, raising ``error``, a
    gradient whose tangent depends on them (the convention's value met a factor that moves).
    ``directions`` (an array of shape ``(k,) + value.shape``, ``where`` then unused): the
    convention's own directions instead of one per entry (sort's ties: a tied pair's
    cotangents swapped, ``+1`` at one entry and ``-1`` at the other).

    >>> start = conventions_marked()
    >>> d = convention_value(np.array([0.0, 1.0]), np.array([True, False]), ValueError("no"))
    >>> settle_conventions(start, [d])[0]
    array([0., 1.])
    """
    shape = np.shape(_plainest(value))
    if directions is None:
        try:
            where = np.broadcast_to(where, shape)
        except ValueError:
            where = np.ones(shape, dtype=bool)
        entries = np.flatnonzero(where)
        directions = np.zeros((len(entries), int(np.prod(shape, dtype=int))))
        directions[np.arange(len(entries)), entries] = 1.0
    directions = np.reshape(directions, (-1,) + shape)
    tag = _Tag(len(directions))
    _conventions.tags.append((tag, error))
    return Dual(value, directions, tag)


def conventions_marked() -> int:
    """How many conventions this thread's sweeps have marked (internal: a runner's mark
    before its sweep, for :func:`settle_conventions`).

    >>> conventions_marked() >= 0
    True
    """
    return len(_conventions.tags)


def settle_conventions(start: int, grads: Any) -> Any:
    """``grads`` without the Duals of the conventions marked since ``start`` (see
    :func:`convention_value`); raises the convention's error where a gradient's tangent
    depends on one (forward over reverse: its value times a factor whose tangent is not 0).

    >>> settle_conventions(conventions_marked(), [1.0])
    [1.0]
    """
    marked = _conventions.tags[start:]
    del _conventions.tags[start:]
    tags = {id(tag): error for tag, error in marked}
    for tag, _ in marked:
        tag.live = False
    return _settled(grads, tags)


def _settled(x, tags):
    kind = type(x)
    if kind is Dual:
        error = tags.get(id(x.tag))
        if error is None:
            return x
        if _moves_outside(x.tangent, tags):
            raise error
        return _settled(x.primal, tags)
    if kind is list or kind is tuple:
        return kind(_settled(a, tags) for a in x)
    if kind is dict:
        return {k: _settled(v, tags) for k, v in x.items()}
    return x


def _moves_outside(t, tags):
    # whether t (a convention's tangent) has a nonzero tangent of another pass at some level
    if type(t) is not Dual:
        return type(t) is _Refused or type(t) is _Undefined
    if id(t.tag) in tags:
        return _moves_outside(t.primal, tags)
    tangent = t.tangent
    if type(tangent) is _Refused or type(tangent) is _Undefined:
        return True
    return bool(np.any(_plainest(tangent) != 0)) or _moves_outside(tangent, tags) or _moves_outside(t.primal, tags)


def _where_defined(condition, x, y):
    # np.where of tangents, an _Undefined among them: undefined where it takes such an entry
    condition = np.asarray(condition, dtype=bool)
    parts, undefined, error = [], None, None
    for part, taken in ((x, condition), (y, np.logical_not(condition))):
        if type(part) is _Undefined:
            where = taken & part.where
            undefined = where if undefined is None else undefined | where
            error = error or part.error
            part = part.value
        parts.append(part)
    out = np.where(condition, *parts)
    return _Undefined(out, np.broadcast_to(undefined, np.shape(_plainest(out))), error) if np.any(undefined) else out


def _plain_structure(ans):
    if type(ans) is Dual or type(ans) is Var:
        return _zeros(ans)
    if isinstance(ans, (tuple, list)):
        items = [_plain_structure(a) for a in ans]
        return type(ans)(*items) if hasattr(ans, "_fields") else type(ans)(items)
    return structured.stop_gradient(ans)


KINDS = {"linear": _linear, "multilinear": _multilinear, "matmul": _matmul, "elementwise": _elementwise,
         "transposed": _transposed}


def declare_jvp(kind, *funs):
    """Say that the registered functions ``funs`` have a JVP of ``kind`` (``"linear"``,
    ``"multilinear"`` or ``"elementwise"``; internal, used by the op tables)."""
    rule = KINDS[kind]
    for fun in funs:
        prim = fun if isinstance(fun, Primitive) else lookup(fun)
        if prim is None:
            raise ValueError(f"declare_jvp: {qualified_name(fun)} has no registered rule")
        prim.jvp = rule
        prim.jvp_kind = "multilinear" if kind == "matmul" else kind


def defjvp(fun: Callable[..., Any], jvp: Callable[..., Any], *, batched: bool = False) -> None:
    """Give ``fun`` a forward-mode rule: ``jvp(ans, primals, tangents, **kwargs) -> tangent``.

    ``fun`` is a :class:`~wengert.Primitive` or a registered function. ``primals`` is the
    list of its arguments, ``tangents`` the list of their tangents, None where an argument
    has none (a constant, or an argument such as an axis); the rule returns the tangent of
    ``ans``, of its shape. Written with NumPy calls, it is itself differentiable (forward
    over forward, forward over reverse). Without a JVP, a primitive with a VJP
    (:func:`~wengert.defvjp`) still works in forward mode, through the transpose of its
    pullback, which is slower. Where ``fun`` has VJPs, the rule is taken to cover the same
    arguments: a moving argument with no VJP is refused in forward mode too (a
    :class:`~wengert.errors.NoGradientRule` naming it), never a tangent dropped; a primitive
    with no VJP has its rule cover every argument. ``batched=True`` says the rule also takes tangents with a
    leading axis of directions (``wengert.jacfwd`` then passes all of them at once).

    >>> import numpy as np, wengert as wg
    >>> @wg.primitive
    ... def cube(x):
    ...     return x ** 3
    >>> wg.defvjp(cube, lambda ans, x: lambda g: g * 3 * x ** 2)
    >>> wg.defjvp(cube, lambda ans, primals, tangents: 3 * primals[0] ** 2 * tangents[0])
    >>> wg.jvp(cube, (2.0,), (1.0,))
    (8.0, 12.0)

    .. versionadded:: 0.1
    """
    if not callable(jvp):
        raise TypeError("defjvp: the rule must be callable")
    prim = fun if isinstance(fun, Primitive) else lookup(fun)
    if prim is None:
        raise ValueError(f"defjvp: {qualified_name(fun)} is not a primitive; make it one with "
                         "wengert.primitive (or wengert.custom_jvp) first")

    def rule(prim, ans, primals, tangents, kwargs, batch):
        return jvp(ans, primals, tangents, **kwargs)
    rule.batched = batched  # type: ignore[attr-defined]
    rule.__wrapped__ = jvp  # type: ignore[attr-defined]
    prim.jvp = rule
    prim.jvp_kind = "explicit"


def custom_jvp(fun: Callable[..., Any]) -> Primitive:
    """Make ``fun`` a primitive whose forward-mode rule is given with ``.defjvp(rule)``.

    The rule is ``rule(primals, tangents) -> (ans, tangent_out)`` as in JAX; reverse mode
    (``grad``) needs a VJP too (:func:`~wengert.defvjp`), or gets a clear error.

    >>> import numpy as np, wengert as wg
    >>> @wg.custom_jvp
    ... def softplus(x):
    ...     return np.logaddexp(0.0, x)
    >>> @softplus.defjvp
    ... def _(primals, tangents):
    ...     (x,), (t,) = primals, tangents
    ...     return softplus(x), t * wg.logistic(x)
    >>> wg.jvp(softplus, (0.0,), (2.0,))
    (0.6931471805599453, 1.0)

    .. versionadded:: 0.1
    """
    from .primitive import primitive
    prim = primitive(fun)

    def register(rule):
        def jvp(ans, primals, tangents, **kwargs):
            ts = [protocol.zero(structured.stop_gradient(_plainest(p))) if t is None else t
                  for p, t in zip(primals, tangents)]
            return rule(tuple(primals), tuple(ts))[1]
        defjvp(prim, jvp)
        return rule
    prim.defjvp = register
    return prim


def jvp_kind(fun: Callable[..., Any]) -> str:
    """How forward mode differentiates the registered function ``fun``: ``"linear"``,
    ``"multilinear"``, ``"elementwise"``, ``"explicit"`` or ``"transposed"`` (the slower
    transpose of its pullback).

    >>> import numpy as np
    >>> jvp_kind(np.reshape), jvp_kind(np.exp), jvp_kind(np.matmul)
    ('linear', 'elementwise', 'multilinear')
    """
    prim = fun if isinstance(fun, Primitive) else lookup(fun)
    if prim is None:
        raise ValueError(f"{qualified_name(fun)} has no registered rule")
    _rule_of(prim)
    return getattr(prim, "jvp_kind", "transposed")


def jvp_kinds() -> "dict[str, list[str]]":
    """The registered functions by the kind of their JVP: ``{kind: sorted names}``.

    >>> "numpy.exp" in jvp_kinds()["elementwise"]
    True
    """
    out: "dict[str, list[str]]" = {}
    for prim in set(PRIMITIVES.values()):
        _rule_of(prim)
        out.setdefault(getattr(prim, "jvp_kind", "transposed"), []).append(prim.name)
    return {k: sorted(v) for k, v in sorted(out.items())}


# -- the transforms ------------------------------------------------------------------------

def _is_tangent_leaf(x):
    return tree.is_inexact_leaf(x)


def jvp_forward(f, primals, tangents, batch=None, primal_out=True, larger_seeds=True):
    """``(f(*primals), J tangents)`` by propagating Duals (internal: ``wengert.jvp``).
    With ``primal_out=False`` the first is None, and the pass may leave primals it does
    not need uncomputed (``wengert.hvp``: see :func:`_fused_matmul`). With
    ``larger_seeds=False`` a first-order pass that underflowed is not run again with larger
    seeds (:func:`_larger_seeds`): its tangents as they came, for a caller that compares them
    at a tolerance far above the underflow threshold (the quadratures' convergence check in
    ``wengert.scipy.stats``, where the second run doubled ncf.entropy's gradient's time)."""
    k = _nested_scales(primals, tangents, batch, (Dual,))
    if k is None and _outermost(primals):
        try:
            return _first_order(f, primals, tangents, batch, primal_out, larger_seeds)
        finally:
            if _KINK_TANGENTS:
                _KINK_TANGENTS.clear()  # (the pass's marks: no tangent kept alive past it)
    value, t_out = _jvp_pass(f, primals, tangents, batch, primal_out)
    if k is None:
        return value, t_out
    return value, _with_scaled_seeds(k, _run_again(f, primals, batch, primal_out, value), tangents, batch, t_out)


def _first_order(f, primals, tangents, batch, primal_out, larger_seeds):
    # jvp_forward's outermost pass (and its run with larger seeds where it underflowed)
    seen = structured.underflow_count()
    value, t_out = _jvp_pass(f, primals, tangents, batch, primal_out)
    k = _larger_seeds(tangents, t_out, batch) if larger_seeds and structured.underflow_count() != seen else None
    if k is None:
        return value, t_out
    return value, _with_scaled_seeds(k, _run_again(f, primals, batch, primal_out, value), tangents, batch, t_out)


def _run_again(f, primals, batch, primal_out, value):
    """``tangents -> J tangents`` by another pass of ``f`` (jvp_forward's run with larger seeds), refusing a pass
    whose value is not the first pass's: ``f`` then is not a pure function (it draws random numbers, reads a counter
    it changes), and the tangents of the second run, taken where the first underflowed, would be another function's
    (jvp of 1e300 * 0.5 ** v * u, u drawn inside f, at v = 1100 gave the second draw's tangent beside the first's
    value, silently)."""
    def run(t):
        again, t_out = _jvp_pass(f, primals, t, batch, primal_out)
        if primal_out and not _same_values(value, again):
            raise RuntimeError(
                "forward mode (jvp, jacfwd) ran the function a second time (with larger seeds, where a tangent underflowed: see the "
                "guide's 'Higher-order derivatives') and it returned another value: it is not a pure function of its "
                "arguments (random numbers drawn inside, state it changes), so its tangent is out of reach. Draw the "
                "random numbers outside and pass them in, or keep the state out of the function.")
        return t_out
    return run


def _same_values(a, b):
    # whether two results of f are the same values (plain; NaN equal to NaN; floats within a relative 1e-12, so that
    # a pure f whose sums run in another order from call to call, a parallel reduction's, is not refused: its two
    # values differed in the last bits, 9 of 20 calls of one summing 0.1 w, 0.2 w, 0.3 w in a shuffled order),
    # structure and leaves
    la, lb = tree.leaves(a, _is_leaf), tree.leaves(b, _is_leaf)
    if len(la) != len(lb):
        return False
    for x, y in zip(la, lb):
        x, y = _plainest(x), _plainest(y)
        if x is y:
            continue
        try:
            same = np.array_equal(x, y, equal_nan=True) or _close_floats(x, y)
        except TypeError:  # (not numbers: compared as they are)
            try:
                same = bool(np.all(x == y))
            except Exception:  # (no comparison: taken as the same)
                same = True
        if not same:
            return False
    return True


def _outermost(primals):
    # whether no primal holds a Dual of an outer forward pass (the pass jvp_forward runs is the first order's)
    for p in primals:
        kind = type(p)
        if kind is Dual or (kind is not np.ndarray and kind is not float and any(
                type(x) is Dual for x in tree.leaves(p, _is_leaf))):
            return False
    return True


def _close_floats(x, y):
    # (float or complex arrays of one shape, each pair equal, both NaN, or within a relative 1e-12 of the larger)
    x, y = np.asarray(x), np.asarray(y)
    if x.shape != y.shape or x.dtype.kind not in "fc" or y.dtype.kind not in "fc":
        return False
    with np.errstate(all="ignore"):
        near = np.abs(x - y) <= 1e-12 * np.maximum(np.abs(x), np.abs(y))
        return bool(np.all(near | (x == y) | (np.isnan(x) & np.isnan(y))))


#: the size a seed is scaled to by :func:`_larger_seeds`, 2 ** 600
_LARGER_SEED = 600


def _larger_seeds(tangents, t_out, batch):
    """The exponents ``k`` (one per direction) that scale the real float64 seeds ``tangents`` of a first-order pass
    to about ``2 ** 600``, where the pass underflowed in NumPy (and its tangents out are plain floats), or None.
    Forward mode forms each intermediate's tangent before the later factors meet it: ``jvp`` of ``1e300 * 0.5 ** v``
    at ``v = 1100`` was ``-0.0``, the truth (mpmath) ``-5.103e-32``, at ``v = 1074`` ``-4.94e-24`` for ``-3.4246e-24``
    (a subnormal intermediate's few digits), and of ``1e300 * np.exp(v)`` at ``v = -1100`` 0 for ``1.888e-178``: the
    tangent of ``0.5 ** v``, ``-5.1e-332``, underflowed before ``1e300`` met it (reverse mode forms ``g`` times the
    partial as one scaled product). A tangent is linear in its seed, so the run with the seed times ``2 ** k``,
    divided back (exact), is the same numbers where it is finite and underflows less: :func:`_pick_in_range` takes
    it there, the run as given where it overflowed."""
    for t in tree.leaves(t_out, _is_leaf):
        if type(t) is Var or type(t) is Dual or getattr(_plainest(t), "dtype", np.dtype(float)).kind != "f":
            return None
    mt = 0.0
    for t in tree.leaves(tangents, _is_leaf):
        kind = type(t)
        if kind is int or (kind in _STILL_SCALARS and t == 0):
            continue
        if not (kind is float or kind is np.float64 or (kind is np.ndarray and t.dtype == np.float64)):
            return None  # (a Dual or Var tangent, complex, float32: as given)
        seed = np.abs(t).reshape((batch, -1) if batch is not None else (1, -1))
        if seed.shape[1]:
            mt = np.maximum(mt, seed.max(axis=1))
    with np.errstate(all="ignore"):
        ok = (mt > 0) & np.isfinite(mt)
        k = _LARGER_SEED - np.frexp(np.where(ok, mt, 1.0))[1]
    k = np.where(ok, k, 0)
    return k if np.any(k > 0) else None


def scaled_if_nested(f_jvp, primals):
    """``f_jvp`` (``tangents -> J tangents``, the transposed pullback of ``f`` at ``primals``:
    ``wengert.jvp`` and ``jacfwd`` under an open tape) with :func:`jvp_forward`'s second run
    where ``primals`` hold Vars or Duals of an outer pass (a second derivative, whose terms
    the outer pass forms from this one's) and a direction moves ``x`` with ``|x|`` beyond
    ``2 ** 64`` of its seed: its seeds scaled to ``|x|`` (see :func:`_pick_in_range`). Each
    run's value is complete here (the transposed pullback's backward pass has run), so the
    pick sees where it left the range; the outer pass then differentiates the run picked.
    ``vjp`` over ``jacfwd(jacfwd(f))`` with ``f = sum(x log x)`` at ``x = [1e200]``: its
    value, ``f''``, was ``2e-200``, the truth ``1e-200``: the inner product of the
    transposed run's cotangent ``1e-200`` with log's ``1 / x`` underflowed.

    A smaller seed's run (``|x|`` below its seed) is taken only where none of its runs
    underflowed in NumPy (``structured.underflows_in``; not where the caller's
    ``np.errstate`` keeps them from being counted): it can lose a term to underflow
    with no sign, and here no ladder of seeds checks it (every finite seed may lose the same
    term, and the outer pass differentiates the run picked). Under ``vjp``
    ``jacfwd(jacfwd(f))`` of ``f = sum(cbrt(x)**2 * 1e-270 + 0.5e300 (1e-150 x)**2)`` at
    ``x = [1e-200]`` was ``-1.03e-4``, the truth ``0.9999`` (the seed ``2**-665`` dropped the
    second term, ``1``); now ``-inf``, as without the open tape (``cbrt(x)**2`` alone there: no
    underflow, its run taken, exact)."""
    def f_jvp_scaled(*tangents):
        k = _nested_scales(primals, tangents, None, (Var, Dual))
        t_out = f_jvp(*tangents)
        if k is None:
            return t_out
        if np.any(k < 0):
            underflowed = [False]

            def counted(t):
                out, lost = structured.underflows_in(f_jvp, *t)
                underflowed[0] = underflowed[0] or lost
                return out
            picked = _with_scaled_seeds(k, counted, tangents, None, t_out, True)
            if not underflowed[0]:
                return picked
            k = np.maximum(k, 0)  # (a term a smaller seed's run lost would be unseen: the larger seeds only)
            if not k.any():
                return t_out
        return _with_scaled_seeds(k, lambda t: f_jvp(*t), tangents, None, t_out, True)
    return f_jvp_scaled


def _with_scaled_seeds(k, run, tangents, batch, t_out, keep_equal=False):
    """:func:`_pick_in_range` of ``t_out`` and of ``run`` (tangents -> tangents out) with the
    seeds scaled by ``2 ** k`` (divided back); ``keep_equal``: ``t_out`` where both are equal."""
    def scaled_run(k):
        scales = np.ldexp(1.0, k)
        with np.errstate(all="ignore"):
            return _scale_leaves(run(_scale_leaves(tangents, scales, batch, False)), scales, batch, True)
    try:  # (the run as given has warned and raised as it does; these only may help)
        t_scaled = scaled_run(k)
        checks = []
        if np.any(k < 0):  # (a smaller seed's run, taken only where a larger finite seed's agrees)
            given, scaled = tree.leaves(t_out, _is_leaf), tree.leaves(t_scaled, _is_leaf)
            wanted = [np.logical_not(_finite(a)) & _finite(b) for a, b in zip(given, scaled)]
            for f in _CHECK_FRACTIONS:
                if not any(np.any(w) for w in wanted):
                    break
                checks.append(scaled_run(np.where(k < 0, np.trunc(k * f).astype(k.dtype), k)))
                wanted = [w & np.logical_not(_finite(m)) for w, m in zip(wanted, tree.leaves(checks[-1], _is_leaf))]
    except ArithmeticError:
        return t_out
    return _pick_in_range(t_out, t_scaled, k > 0, batch, keep_equal, checks)


#: the seeds of the runs checking a smaller seed's run, ``2 ** (f k)`` for these ``f`` (``2 **
#: k`` the smaller seed's scale), from the largest: the first finite one is the reference
_CHECK_FRACTIONS = (1 / 16, 1 / 8, 1 / 4, 1 / 2, 3 / 4, 7 / 8, 15 / 16, 31 / 32, 63 / 64)


def _jvp_pass(f, primals, tangents, batch, primal_out):
    tag = _Tag(batch, defer=not primal_out)
    args = []
    for p, t in zip(primals, tangents):
        if type(p) is np.ndarray and type(t) is np.ndarray:  # one array (the common case)
            if p.dtype.kind in "biu":
                _check_integer_primal(p, t)
            _check_tangent_shape(p, t, batch)
            if t.dtype.kind == "c" and p.dtype.kind != "c":
                _check_tangent_leaf(p, t, batch)
            args.append(Dual(p, t, tag) if p.dtype.kind in "fc" and not _still(t) else p)
            continue
        record = _record_of_duals(p, t, tag)  # a dataclass or dict of arrays (the next most common)
        if record is not None:
            args.append(record)
            continue
        p_paths = tree.paths(p, _is_leaf)
        t_leaves = _tangent_leaves(t, len(p_paths))
        leaves = []
        for (_, leaf), tl in zip(p_paths, t_leaves):
            _check_tangent_leaf(leaf, tl, batch)
            if _is_differentiable_leaf(leaf) and not _no_gradient(leaf) and not _still(tl):
                if type(leaf) is not float and isinstance(leaf, float) and not isinstance(leaf, np.generic):
                    leaf = float.__float__(leaf)  # a float subclass: its stored value (as _views.leaf_var)
                leaves.append(Dual(leaf, _as_tangent(tl, leaf, batch), tag))
            else:
                leaves.append(leaf)
        args.append(_rebuild(p, leaves))
    passes = _open.open
    passes.append(tag)
    try:
        out = f(*args)
    finally:
        tag.live = False
        passes.remove(tag)
    return _split_output(out, tag, primal_out)


#: seeds of a nested pass are scaled where |x| / |seed| is beyond 2 ** this (or its inverse)
_SCALE_FROM = 64


def _nested_scales(primals, tangents, batch, outer):
    """The exponents ``k`` of the powers of 2 to scale the seeds of a pass nested in an
    outer pass by (one per direction under ``jacfwd``), or None: a direction moving
    ``x`` of magnitude ``2 ** (k + e)`` by a seed of ``2 ** e`` is run a second time with
    its seed scaled to ``|x|`` where ``|k|`` > :data:`_SCALE_FROM` (see
    :func:`_pick_in_range`). Only real float64 seeds of a primal that is of a type in
    ``outer`` (Dual: of an outer forward pass; Var too for the transposed pullback under
    an outer runner's tape): the outermost pass (first order) runs as given."""
    for p in primals:
        kind = type(p)
        if kind in outer:
            break
        if kind is not np.ndarray and kind is not float and any(type(x) in outer for x in tree.leaves(p, _is_leaf)):
            break
    else:
        return None  # (the outermost pass: as given, without the walks below)
    mx = mt = 0.0
    for p, t in zip(primals, tangents):
        p_leaves = tree.leaves(p, _is_leaf)
        t_leaves = tree.leaves(t, _is_leaf)
        if len(p_leaves) != len(t_leaves):
            return None  # (refused by the pass)
        for pl, tl in zip(p_leaves, t_leaves):
            kind = type(tl)
            if kind is int or (kind in _STILL_SCALARS and tl == 0):
                continue
            plain = pl
            while type(plain) in outer:
                plain = plain.value if type(plain) is Var else plain.primal
            if not (kind is float or kind is np.float64 or (kind is np.ndarray and tl.dtype == np.float64)) \
                    or not (type(plain) is float or (type(plain) in (np.ndarray, np.float64) and plain.dtype == np.float64)) \
                    or np.size(tl) != np.size(plain) * (1 if batch is None else batch):
                return None  # (a Dual or Var tangent, a Var under the Duals, complex, float32: as given)
            seed = np.abs(tl).reshape((batch, -1) if batch is not None else (1, -1))
            size = np.where(seed > 0, np.abs(plain).reshape(1, -1), 0.0)
            if seed.shape[1]:
                mt, mx = np.maximum(mt, seed.max(axis=1)), np.maximum(mx, size.max(axis=1))
    with np.errstate(all="ignore"):
        ok = (mt > 0) & (mx > 0) & np.isfinite(mt) & np.isfinite(mx)
        kt = np.frexp(np.where(ok, mt, 1.0))[1]
        k = np.frexp(np.where(ok, mx, 1.0))[1] - kt
    k = np.where(ok & (np.abs(k) > _SCALE_FROM), np.clip(k, -1000 - kt, 1000 - kt), 0)
    return k if k.any() else None


def _scale_leaves(tree_, scales, batch, divide):
    """``tree_``'s floating-point leaves times ``scales`` (divided by them if ``divide``),
    one per direction along the leading axis under ``jacfwd``."""
    def scale(leaf):
        plain = _plainest(leaf)
        kind = getattr(plain, "dtype", None)
        if kind is None and isinstance(plain, (float, complex)):
            kind = np.result_type(plain)
        if kind is None or kind.kind not in "fc":
            return leaf
        if batch is None:
            s = float(scales[0])
        else:
            s = scales.reshape((batch,) + (1,) * (np.ndim(plain) - 1))
        return leaf / s if divide else leaf * s
    return tree.map_leaves(scale, tree_, _is_leaf)


def _finite(x):
    """Where every part of ``x`` (its primal, its tangents, at every depth of nesting) is
    finite, in the shape of ``x``'s primal (an outer jacfwd's directions all finite)."""
    if type(x) is Dual:
        tangent = x.tangent
        ok = _finite(x.primal)
        if type(tangent) is Dual or isinstance(tangent, (float, np.ndarray, np.generic)):
            t_ok = _finite(tangent)
            if x.tag.batch is not None and np.ndim(t_ok) == np.ndim(ok) + 1:
                t_ok = np.all(t_ok, axis=0)  # (every direction of an outer jacfwd)
            ok = ok & t_ok
        return ok
    plain = _plainest(x)
    if not isinstance(plain, (float, complex, np.ndarray, np.generic)):
        return True
    return np.isfinite(plain)


def _agree(a, b):
    """Where ``a`` and ``b`` (two runs' tangents, at every depth of nesting) agree to
    :data:`_AGREE_RTOL`, in the shape of ``a``'s primal, as :func:`_finite`."""
    if type(a) is Dual or type(b) is Dual:
        if type(a) is not Dual or type(b) is not Dual:
            return np.zeros(np.shape(_plainest(a)), bool)
        ok = _agree(a.primal, b.primal)
        ta, tb = (t if type(t) is Dual or isinstance(t, (float, np.ndarray, np.generic)) else 0.0
                  for t in (a.tangent, b.tangent))
        t_ok = _agree(ta, tb)
        if a.tag.batch is not None and np.ndim(t_ok) == np.ndim(ok) + 1:
            t_ok = np.all(t_ok, axis=0)  # (every direction of an outer jacfwd)
        return ok & t_ok
    pa, pb = _plainest(a), _plainest(b)
    if not isinstance(pa, (float, complex, np.ndarray, np.generic)):
        return True
    with np.errstate(all="ignore"):
        return np.abs(pa - pb) <= _AGREE_RTOL * np.maximum(np.abs(pa), np.abs(pb))


#: two runs with seeds a power of 2 apart differ by rounding only where neither lost a term
#: (the same numbers times the seed, subnormal ones rounded apart)
_AGREE_RTOL = 2.0 ** -40


def _pick_in_range(t_out, t_scaled, up, batch, keep_equal=False, checks=()):
    """The tangents of a nested pass from its run as given (``t_out``) and its run with the
    seeds scaled to the size of their primals (``t_scaled``, divided back: exact, by powers
    of 2), per direction the run with the larger seed where it is finite, the other's else.

    Forward over forward forms each intermediate's second-order terms before the later
    factors: ``d2 log(x) = -t dx / x^2`` at ``x = 1e200`` is ``-1e-400``, 0, and so ``x *
    log(x)``'s ``f'' = 2 / x - x / x^2`` came out ``2e-200``, the truth ``1e-200``; at ``x =
    1e-200`` cbrt's ``x^(-5/3)`` is ``inf``. A seed of ``x``'s size makes an intermediate's
    tangents ``x f_i'`` and ``x f_i''``: of its values' size where the function is a power
    law, but out of range where it is not (``logistic''(1e-300) x`` underflows). Each run's
    tangents are the same numbers times its seed: the run with the larger seed underflows
    less, and where it overflows instead the result is not finite (inf or NaN), which is
    seen: there the smaller seed's run, which overflows less, is taken where it is finite.
    ``keep_equal`` (the transposed pullback's runs, whose derivatives an outer reverse pass
    forms later, unseen here): the run as given where both values are equal, so that those
    derivatives are as before wherever the second run did not change the value.

    A smaller seed's run (``|x|`` below its seed) can lose a term silently: underflow gives
    0, with no sign. ``checks`` (runs with seeds between the two, the largest first) check
    it: its value is taken only where the first of them that is finite there (the largest
    finite seed tried, which underflows least) agrees with it (:func:`_agree`); elsewhere the
    run as given, not finite, stays. ``sum(cbrt(x)**2 * 1e-270 + 0.5e300 * (1e-150 x)**2)``
    at ``x = 1e-200``: the run as given overflows in the first term, the seed ``2**-664``
    loses the second (``1``) and gave ``-1.03e-4``, the truth ``0.9999``; a larger seed
    keeps both (not taken: a term it lost would be as unseen), so the result is ``-inf``.
    A term lost at every finite seed is not seen (no seed computes every term there)."""
    up = np.asarray(up)

    def pick(a, b, ms):
        ok_a, ok_b = _finite(a), _finite(b)
        big = up.reshape(-1)[0] if batch is None else up.reshape((batch,) + (1,) * (np.ndim(_plainest(a)) - 1))
        if ms:
            seen = trusted = False
            for m in ms:
                ok_m = _finite(m) & np.logical_not(seen)
                trusted, seen = trusted | (ok_m & _agree(m, b)), seen | ok_m
            ok_b = ok_b & (big | trusted)
        take_b = ok_b & (big | ~ok_a)  # (neither finite: the run as given)
        if keep_equal:
            take_b = take_b & (_plainest(a) != _plainest(b))
        if np.ndim(take_b) == 0 and np.ndim(_plainest(a)) == 0:
            return b if bool(take_b) else a
        if np.all(take_b):
            return b
        if not np.any(take_b):
            return a
        return np.where(np.broadcast_to(take_b, np.shape(_plainest(a))), b, a)
    leaves_a = tree.leaves(t_out, _is_leaf)
    leaves_b = iter(tree.leaves(t_scaled, _is_leaf))
    leaves_m = list(zip(*[tree.leaves(m, _is_leaf) for m in checks])) or [()] * len(leaves_a)
    return _rebuild(t_out, [pick(a, next(leaves_b), ms) if _finite(a) is not True else a
                            for a, ms in zip(leaves_a, leaves_m)])


def _tangent_shape(shape, batch):
    """The shape of a tangent of an array of ``shape``: the batch's length in front under
    ``jacfwd``."""
    return shape if batch is None else (batch,) + shape


def _check_tangent_shape(primal, tangent, batch):
    """Raise unless the array ``tangent`` has the shape of its array ``primal`` (with the
    batch's length in front under ``jacfwd``): a zero tangent of another shape would
    otherwise pass as "does not move" (:func:`_still`), and another one fail later with
    NumPy's broadcasting message."""
    if tangent.shape != _tangent_shape(primal.shape, batch):
        raise ValueError(f"jvp: a tangent of shape {tangent.shape} for a primal of shape "
                         f"{primal.shape}: each tangent must have its primal's shape (and "
                         "structure)")


#: the plain types of a tangent that :func:`_check_tangent_leaf` checks (a Var or a Dual is
#: a tangent of an outer pass, a user type one of the zero/add/one protocol)
_PLAIN_TANGENTS = (np.ndarray, float, complex, int, np.generic)


def _check_tangent_leaf(primal, tangent, batch):
    """Raise unless the plain ``tangent`` can be one of the leaf ``primal``: its shape (a
    number's is ()), with the batch's length in front under ``jacfwd``, and not complex
    with a nonzero imaginary part for a real primal (a real value moves along the real
    line: the imaginary part would be dropped, with no error). A zero tangent of another
    shape would otherwise pass as "does not move" (:func:`_still`)."""
    _check_integer_primal(primal, tangent)
    if not isinstance(tangent, _PLAIN_TANGENTS):
        return
    if not _is_differentiable_leaf(primal):
        return
    if type(primal) is Var or type(primal) is Dual:
        return
    if np.shape(tangent) != _tangent_shape(np.shape(primal), batch):
        raise ValueError(f"jvp: a tangent of shape {np.shape(tangent)} for a primal of shape "
                         f"{np.shape(primal)}: each tangent must have its primal's shape (and "
                         "structure)")
    if np.iscomplexobj(tangent) and not np.iscomplexobj(primal) and np.any(np.imag(tangent)):
        raise ValueError("jvp: a complex tangent for a real primal: a real value moves along the "
                         "real line only, and the imaginary part would be dropped. Pass the primal "
                         "as complex (x + 0j) to move it off the real line")


def _check_integer_primal(primal, tangent):
    """Raise if ``primal`` is an integer or boolean (a number or an array) and ``tangent``
    moves it: an integer is a constant of ``f`` (the JVP would drop its tangent, and give 0
    with no error, where ``wengert.grad`` refuses the same argument). A plain zero tangent
    (``jvp(f, (x, n), (1.0, 0))``) says it does not move, and is accepted; a tangent that is
    itself differentiated (a Var or a Dual of an outer derivative) is refused whatever its
    value, since the result's derivative in it would be dropped too."""
    if not tree.is_integer_leaf(primal):
        return
    t = type(primal)
    what = f"an array of dtype {primal.dtype}" if t is np.ndarray else f"the {t.__name__} {primal!r}"
    if type(tangent) is Var or type(tangent) is Dual:
        raise TypeError(f"jvp: a tangent that is being differentiated (by an outer grad, jvp or jacfwd) "
                        f"for {what}: wengert differentiates with respect to floating-point values, and "
                        "an integer is a constant, so the derivative in the tangent would be lost. Pass "
                        "the primal as a float (x.astype(float), 3.0)")
    if isinstance(tangent, _PLAIN_TANGENTS) and np.any(tangent):
        raise TypeError(f"jvp: a nonzero tangent for {what}: wengert differentiates with respect to "
                        "floating-point values, and an integer is a constant. Pass the primal as a "
                        "float (x.astype(float), 3.0), or give it a zero tangent")


def check_tangents(primals, tangents):
    """Raise unless each of ``tangents`` has the structure of its primal and each plain leaf
    its primal's shape (:func:`_check_tangent_leaf`): ``wengert.jvp``'s transposed path,
    which holds an argument whose tangent is zero in every leaf constant (:func:`still`),
    checks them first, as the forward pass does (internal).

    >>> check_tangents((np.zeros(3), [1.0, 2.0]), (np.ones(3), [0.0, 1.0]))
    >>> check_tangents((np.zeros(3),), (np.zeros(2),))
    Traceback (most recent call last):
    ...
    ValueError: jvp: a tangent of shape (2,) for a primal of shape (3,): each tangent must have its primal's shape (and structure)
    """
    for p, t in zip(primals, tangents):
        p_paths = tree.paths(p, _is_leaf)
        t_leaves = [leaf for _, leaf in tree.paths(t, _is_leaf)]
        if len(t_leaves) != len(p_paths) and any(type(leaf) is Var or type(leaf) is Dual for leaf in
                                                 t_leaves + [leaf for _, leaf in p_paths]):
            continue  # (a Var holding a tuple, of an outer tape: opened into its parts later)
        for (_, leaf), tl in zip(p_paths, _tangent_leaves(t, len(p_paths))):
            _check_tangent_leaf(leaf, tl, None)


def _still(t):
    """True if the tangent ``t`` is a plain number or array that is zero everywhere: its
    input does not move along the direction, so it enters ``f`` as a constant, not a Dual.
    That is exact, also where a partial derivative is infinite (``y + sqrt(x)`` at x = 0
    with x's tangent 0: the tangent is y's, where 0 * inf would make it NaN). A Dual or Var
    tangent (nested forward mode) may be zero only here and moves with an outer pass: never
    still. (The first entry is read first: a full scan only for seeds that start with 0.)"""
    kind = type(t)
    if kind is np.ndarray:
        return t.dtype.kind in "fciu" and (t.size == 0 or (t.flat[0] == 0 and not t.any()))
    return kind in _STILL_SCALARS and t == 0


#: the scalar types of a tangent that may be still (a zero int too: ``jvp(f, (x, y), (1, 0))``)
_STILL_SCALARS = (float, np.float64, complex, np.complex128, int)


def still(t):
    """True if the tangent ``t`` is still (:func:`_still`) in every leaf: a zero float or
    array, or a container or record of them. ``wengert.jvp``'s transposed path (a reverse
    runner open, complex numbers, list arguments) holds such an argument constant, as the
    forward pass does (internal).

    >>> still((0.0, {"a": np.zeros(2)})), still([0.0, 1.0])
    (True, False)
    """
    if _still(t):
        return True
    if type(t) is Var or type(t) is Dual:
        return False
    kids = tree.children(t)
    return kids is not None and all(still(child) for _, child in kids)


def _record_of_duals(p, t, tag):
    """``p``, a dataclass or dict whose values are all real NumPy arrays, with each float
    array a Dual whose tangent is the same field of ``t`` (an array, ``t`` of ``p``'s type
    with its keys in the same order): what the generic walk of :func:`jvp_forward` makes
    of such a pair, in fewer calls; None for any other pair (the generic walk then)."""
    kind = type(p)
    if type(t) is not kind:
        return None
    if kind is dict:
        if list(p) != list(t):
            return None
        values, t_values = p.values(), t.values()
    else:
        names = tree.record_fields(kind)
        if names is None or issubclass(kind, tuple):  # (a named tuple is a sequence: not here)
            return None
        values, t_values = [getattr(p, n) for n in names], [getattr(t, n) for n in names]
    leaves = []
    for v, tv in zip(values, t_values):
        if type(v) is not np.ndarray or type(tv) is not np.ndarray:
            return None
        if tv.shape != _tangent_shape(v.shape, tag.batch) or tv.dtype.kind == "c":
            return None  # (the generic walk says what is wrong)
        kind_of = v.dtype.kind
        if kind_of == "f":
            leaves.append(v if _still(tv) else Dual(v, tv, tag))
        elif kind_of in "biu":
            _check_integer_primal(v, tv)
            leaves.append(v)  # no tangent: an integer or boolean array is a constant
        else:
            return None
    return dict(zip(p, leaves)) if kind is dict else tree.rebuild_record(kind, leaves)


def _is_leaf(x):
    t = type(x)
    return t is Var or t is Dual or tree.children(x) is None


def _rebuild(like, new_leaves):
    it = iter(new_leaves)
    return tree.map_leaves(lambda x: next(it), like, _is_leaf)


def _tangent_leaves(t, n):
    leaves = [leaf for _, leaf in tree.paths(t, _is_leaf)]
    if len(leaves) != n:
        raise ValueError(f"jvp: a tangent with {len(leaves)} leaves for a primal with {n}: tangents "
                         "must have the structure of the primal values")
    return leaves


def _as_tangent(t, leaf, batch):
    if batch is not None or type(t) in (Var, Dual):
        return t
    if type(leaf) is float and type(t) is not float:
        return float(t) if np.ndim(t) == 0 and not structured.is_complex(t) else t
    return t


def _split_output(out, tag, primal=True):
    """``(primal, tangent)`` of the result ``out`` of the pass ``tag`` (the primal None,
    and never computed if deferred, unless ``primal``)."""
    if type(out) is Dual:
        if out.tag is tag:
            tangent = out.tangent
            if type(tangent) is _Refused or type(tangent) is _Undefined:
                raise tangent.error
            if type(tangent) is np.ndarray and tangent.ndim == 0 and isinstance(out.primal, np.generic):
                # (a tangent passed through unchanged, d/dx (x % y) = 1 on a 0-d array: the
                # primal's type, the NumPy scalar NumPy gives, as every other rule's tangent)
                tangent = tangent[()]
            return out.primal if primal else None, tangent
        return out, _zeros(out, tag.batch)
    kids = tree.children(out) if type(out) is not Var else None
    if kids is None:
        if type(out) is Var:
            return out, _zeros(out, tag.batch)
        if _is_differentiable_leaf(out):
            return out, _zeros(out, tag.batch)
        return out, protocol.zero(out) if tag.batch is None else np.zeros((tag.batch,) + np.shape(out))
    pairs = [_split_output(child, tag, primal) for _, child in kids]
    return (tree.rebuild(out, [p for p, _ in pairs]) if primal else None), tree.rebuild(out, [t for _, t in pairs])


def supports(primals):
    """True if every differentiable leaf of ``primals`` is a number or a NumPy array in a
    dict or record (the values forward mode propagates), rather than a user type of the
    zero/add/one protocol, an item of a list, tuple or named tuple (which NumPy reads as
    an array too: ``np.sum(xs)``), or a Var holding a structure. The others go through
    the transposed pullback (``wengert.jvp``).

    Inside a reverse runner (a tape is open in this thread) it is False too: ``f`` may close
    over that runner's Vars, and a Dual meeting an outer Var (``x * y`` with ``x`` the
    outer Var) would leave the outer runner no path back to ``x`` (its gradient would be
    a silent 0); reverse over reverse, the transposed pullback, records both.
    """
    if _context.open_tapes():
        return False
    for p in primals:
        if not _supported(p):
            return False
    return True


def _supported(x):
    t = type(x)
    if t is np.ndarray:  # (the common case, first)
        return x.dtype.kind != "c"
    if t is Var or t is Dual:
        return tree.children(_plainest(x)) is None and not structured.is_complex(_plainest(x))
    if t is complex or (isinstance(x, (np.ndarray, np.generic)) and x.dtype.kind == "c"):
        # complex arguments keep the transposed pullback for now: forward mode through the
        # complex SVD family (svd, matrix norms, lstsq) disagreed with it (see the report)
        return False
    if t in (float, int, bool, str, bytes, type(None)) or isinstance(x, (int, float, np.ndarray, np.generic)):
        # (an int subclass, an IntEnum: a constant, as an int is; a float subclass, a float
        # enum's member: its stored float, as in reverse mode, and a float tangent as for a
        # float: jvp gave NumPy's float64 through the transposed pullback)
        return True
    if isinstance(x, (list, tuple)):
        return not any(_is_differentiable_leaf(leaf) or type(leaf) is Var
                       for _, leaf in tree.paths(x, lambda v: type(v) in (Var, Dual)))
    kids = tree.children(x)
    if kids is None:
        return False  # a user type of the zero/add/one protocol
    for _, child in kids:
        if type(child) is np.ndarray:  # (the common case, without a call)
            if child.dtype.kind == "c":
                return False
        elif not _supported(child):
            return False
    return True


install_dual(sys.modules[__name__])  # Dual's slow paths: the _dual_* functions above
structured.register_dual(Dual)  # a Var holding a Dual is real or complex as its primal is
install_forward(Dual, forward_apply)  # a primitive called on Duals: its JVP


# -- protocol: a Dual is a value of its primal's type -------------------------------------

def _dual_add(x, y):
    return _hooks["summed"](x + y, x, y)  # (a structural 0 where both cotangents are)


# one: its primal's one. (type(p)(1) of a 0-d array primal was np.ndarray(1), an
# UNINITIALISED array of shape (1,): the seed of a reverse pass under forward mode (jvp of
# grad, hvp, hessian) at a 0-d output was garbage, and so were their results, silently.)
protocol.register(Dual, zero=lambda d: protocol.zero(_zeros(d)), add=_dual_add,
                  one=lambda d: protocol.one(_plainest(d)), scale=lambda d, c: d * c)
