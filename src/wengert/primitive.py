"""Primitives: functions that know their own gradient, and the registry of their rules.

A primitive wraps a plain function (``np.exp``, a user's function) together with one
vector-Jacobian product (VJP) rule per differentiable argument. A rule is *staged*, as
in autograd: at forward time it gets ``(ans, *args, **kwargs)`` and returns the pullback
``g -> cotangent for that argument``. ``None`` in an argument's slot means the argument
gets no gradient.

Rules are written with the same NumPy calls and operators that users write, so when
their inputs are Vars of an outer tape they record themselves there: that is how
derivatives of derivatives work.

Called with no Var among its arguments, a primitive calls the plain function directly:
constants never reach the tape.

**The registry.** Every function wengert supports is declared once, next to its siblings
in ``wengert/ops/*.py``, by one call: :func:`defvjp` (with its rules),
:func:`nondifferentiable` (no gradient) or :func:`defcomposite` (differentiated through
the recorded calls it makes). Whatever else wengert knows about the function is a
keyword of that call and a field of its :class:`Primitive`: its scalar fast path
(``scalar="tan"``: ``wengert.tan``), its array-method spellings (``methods=("sum",)``:
``x.sum()``), the Python operator it also is (``operator="add"``), an implementation
override (``impl=``), ``collects_sequences``, more names (``aliases=("abs",)``). The
namespaces (``wengert.numpy``, its ``__all__`` and ``supported()``), the dispatch tables
(array methods, operators, elementary functions) and the tests' expectations are derived
from these declarations (:func:`declared`), never listed a second time.

.. versionadded:: 0.1
"""
import functools
import sys
import types
from typing import (Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence,
                    Tuple, Union)

import numpy as np

from ._backend import PLAIN_TYPES, Rule, StagedRule, Var, apply
from .errors import NoGradientRule
from .structured import collect, mismatch, plain_value, refuse_closed_over_result

__all__ = ["Primitive", "primitive", "defvjp", "lookup", "registered", "nondifferentiable",
           "is_nondifferentiable", "first_order_only", "apply", "defcomposite", "composite",
           "declared", "namespace", "declarations"]

PRIMITIVES: "dict[Any, Primitive]" = {}  # plain function -> Primitive with rules (the compiled core reads it)
_nondifferentiable: "dict[Any, Primitive]" = {}  # plain function -> its declaration without gradient
_composites: "dict[Any, Primitive]" = {}  # function -> its declaration as a composite (defcomposite)

# -- derived from the declarations (filled by Primitive's constructor; never written elsewhere)
#: public name ("numpy.exp", "numpy.linalg.det", "scipy.special.gammaln") -> its declaration.
_DECLARED: "dict[str, Primitive]" = {}
#: scalar fast path ("exp") -> the Primitive that ``wengert.exp`` & co. use on non-floats.
ELEMENTARY: "dict[str, Primitive]" = {}
#: operator name ("multiply", as Var's dunders name it) -> the Primitive Var applies.
OPERATORS: "dict[str, Primitive]" = {}
#: operator name -> plain function, for operators without gradient (``//``).
PLAIN_OPERATORS: "dict[str, Callable[..., Any]]" = {}
#: array-method name ("sum") -> f(var, *args, **kwargs); array property name ("T") -> f(var).
METHODS: "dict[str, Callable[..., Any]]" = {}
PROPERTIES: "dict[str, Callable[..., Any]]" = {}

MethodSpec = Union[Sequence[str], Mapping[str, Callable[..., Any]]]


class Primitive(Rule):  # type: ignore[misc,valid-type]  # Rule: a compiled class
    """A function with gradient rules; calling it on Vars records one node.

    >>> import numpy as np, wengert as wg
    >>> @wg.primitive
    ... def cube(x):
    ...     return x ** 3
    >>> wg.defvjp(cube, lambda ans, x: lambda g: g * 3 * x ** 2)
    >>> wg.grad_bp(cube, 2.0)
    12.0

    Its rules differentiate its arguments only: a call whose result was computed from a Var
    ``fun`` closed over (a Var of the tape the call records on, or of an inner one), whose
    gradient would be lost, raises :class:`~wengert.NoGradientRule` (pass that value as an
    argument). A Var of an outer tape (``grad`` of ``grad``) may be closed over.

    >>> def f(x, y):
    ...     g = wg.Primitive(lambda t: np.sin(t) + y)
    ...     wg.defvjp(g, lambda ans, t: lambda d: d * np.cos(t))
    ...     return g(x)
    >>> wg.grad(f, argnums=(0, 1))(0.7, 1.3)
    Traceback (most recent call last):
    ...
    wengert.errors.NoGradientRule: ...f.<locals>.<lambda> returned a value computed from a Var it closed over ...

    The keyword arguments declare what else wengert knows about the function (see the
    module's docstring); they are set here, once, and read by the tables derived from
    the registry:

    - ``impl``: what a recorded call runs on the plain values (default ``fun``);
    - ``reenters``: ``"first"`` or ``"any"``: ``impl`` is a function of wengert's own which,
      called with Vars of an outer tape (derivatives of derivatives) in its first argument
      (or in a list there) or in ``any`` argument, records itself there as one node;
    - ``gradient``: False for a function declared without gradient (results are plain);
    - ``composite``: ``impl`` is a stand-in made of recorded calls (no node of its own);
    - ``scalar``: the name of its scalar fast path, ``wengert.<scalar>`` (the compiled
      elementary function that handles floats and scalar Vars in C);
    - ``operator``: the name under which Var's arithmetic applies it (``x + y``), and
      ``operator_fun``: the Python operator it then is on plain values (default: itself);
    - ``methods``, ``properties``: the array-method and property spellings (``x.sum()``,
      ``x.T``), names or a dict name -> ``f(var, *args, **kwargs)``;
    - ``collects_sequences``: its first argument is a sequence of arrays (``concatenate``),
      whose items may be Vars;
    - ``names``: its public names (``"numpy.exp"``), ``exposed``: the object those names
      bind in wengert's namespaces (default: the primitive itself);
    - ``replayable``: False when ``wengert.jit`` must not replay a tape holding it (it
      calls ``impl`` and stages the rules again on every replay; declare False when they
      are not pure functions of their arguments): such a tape records on every call.
    """
    name: str
    vjps: Dict[int, Optional[Callable[..., Any]]]
    higher_order: bool
    plain_fun: Optional[Callable[..., Any]]
    gradient: bool
    composite: bool
    scalar: Optional[str]
    operator: Optional[str]
    methods: Dict[str, Callable[..., Any]]
    properties: Dict[str, Callable[..., Any]]
    collects_sequences: bool
    names: Tuple[str, ...]
    exposed: Any
    replayable: bool

    def __init__(self, fun: Callable[..., Any], name: Optional[str] = None, *,
                 impl: Optional[Callable[..., Any]] = None, reenters: Optional[str] = None,
                 vjps: Optional[Dict[int, Optional[Callable[..., Any]]]] = None,
                 higher_order: bool = True, gradient: bool = True, composite: bool = False,
                 scalar: Optional[str] = None, operator: Optional[str] = None,
                 operator_fun: Optional[Callable[..., Any]] = None, methods: MethodSpec = (),
                 properties: MethodSpec = (), collects_sequences: bool = False,
                 names: Sequence[str] = (), exposed: Any = None, replayable: bool = True) -> None:
        _check_function(fun, "wengert.primitive")
        self.name = name or qualified_name(fun)
        self.fun = impl or fun
        if reenters is not None:
            self.plain_fun = self.fun  # apply calls it on plain values (see Rule), fun otherwise
            self.fun = _reentering(self, self.fun, reenters)  # it sends Duals to forward mode too
        elif gradient and not composite and not _dispatches(self.fun):
            self.plain_fun = self.fun
            self.fun = _forward_aware(self, self.fun)  # forward mode: a call on Duals uses the rules
        self.vjps = {} if vjps is None else vjps
        self.higher_order = bool(higher_order)  # its rules are differentiable NumPy code (see defvjp)
        self.gradient = gradient
        self.composite = composite
        self.scalar = scalar
        self.operator = operator
        self.collects_sequences = collects_sequences
        self.names = tuple(names)
        self.exposed = self if exposed is None else exposed
        self.replayable = replayable
        self.methods = _spellings(methods, self.exposed)  # x.sum(...) is np.sum(x, ...)
        self.properties = _spellings(properties, self.exposed)
        functools.update_wrapper(self, fun)
        _enter(self, operator_fun)

    def __repr__(self) -> str:
        return f"<wengert primitive {self.name}>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        out = apply(self, args, kwargs)
        refuse_closed_over_result(self.name, out)  # a user's function: its result is looked at
        return out

    def __get__(self, obj: Any, objtype: Optional[type] = None) -> Any:  # usable as a method
        if obj is None:
            return self
        return functools.partial(self, obj)


class OwnPrimitive(Primitive):
    """A :class:`Primitive` of wengert's own rules (internal: the op tables, SciPy, stats).

    Their functions are known pure (they close over no Var), so a call skips the look at
    its result and goes straight to the compiled ``apply``, as a user's primitive cannot.

    >>> square = OwnPrimitive(lambda x: x * x, name="square")
    >>> isinstance(square, Primitive), square(3.0)
    (True, 9.0)
    """
    __call__ = Rule.__call__  # (the compiled slot itself: no Python frame per call)


#: forward mode's value type and its apply (wengert.forward installs them with install_forward)
_FORWARD: "dict[str, Any]" = {"dual": None, "apply": None}


def install_forward(dual_type: type, forward_apply: Callable[..., Any]) -> None:
    """Install forward mode's Dual type and ``forward_apply(prim, args, kwargs)``: a
    primitive whose function NumPy does not dispatch sends calls on Duals there (internal)."""
    _FORWARD["dual"], _FORWARD["apply"] = dual_type, forward_apply


#: Types that are neither a Var, a Dual nor a list or tuple (which may hold one): arguments
#: of these types alone need no look for them (the fast paths of the functions below, and
#: the compiled ``apply``'s, which calls a primitive's ``plain_fun`` on them).
_NO_DUAL_TYPES = PLAIN_TYPES
_ABSENT = object()  # (an argument not given)


def _forward_aware(prim, fun):
    """``fun`` that sends a call holding Duals to ``prim``'s JVP: the compiled ``apply``
    calls ``prim.fun`` (this wrapper) when no Var is among the arguments, and
    ``prim.plain_fun`` (``fun`` itself) when every argument is of ``_NO_DUAL_TYPES``.

    A call with one or two positional arguments of ``_NO_DUAL_TYPES`` (an operator
    on arrays and floats: ``x @ w``, ``v * 0.9``, ``-v``; keywords are not looked at)
    calls ``fun`` at once: the look for Duals would find none. It cost 0.6 us a call
    (``*args`` and the loop), a third of each op of a chain on 1-element arrays."""
    def call(x=_ABSENT, y=_ABSENT, /, *rest, **kwargs):
        if not rest and type(x) in _NO_DUAL_TYPES:
            if type(y) in _NO_DUAL_TYPES:
                return fun(x, y, **kwargs) if kwargs else fun(x, y)  # (a call without ** is faster)
            if y is _ABSENT:
                return fun(x, **kwargs) if kwargs else fun(x)
        args = (() if x is _ABSENT else (x,) if y is _ABSENT else (x, y)) + rest
        dual = _FORWARD["dual"]
        for a in args:
            if type(a) is dual or (type(a) in (list, tuple) and any(type(item) is dual for item in a)):
                return _FORWARD["apply"](prim, args, kwargs)
        return fun(*args, **kwargs)
    functools.update_wrapper(call, fun)
    return call


_FORWARD_AWARE_CODE = _forward_aware(None, len).__code__


def plain_function(fun: Callable[..., Any]) -> Callable[..., Any]:
    """What a primitive's ``fun`` calls when no positional argument is a Var or a
    forward-mode Dual (or a list or tuple holding one): the function it wraps for forward
    mode or, for a primitive of wengert's own with ``reenters="any"`` (``wnp.logistic``),
    its ``impl``; else ``fun`` (internal: ``wengert.jit``'s replay calls it where it has
    checked there is none).

    >>> plain_function(len) is len
    True
    """
    code = getattr(fun, "__code__", None)
    if code is _FORWARD_AWARE_CODE or code is _REENTERING_ANY_CODE:
        return fun.__wrapped__  # type: ignore[attr-defined]
    return fun


def dual_type() -> Any:
    """Forward mode's Dual type, or None before ``wengert.forward`` installs it (internal)."""
    return _FORWARD["dual"]


def _dispatches(fun):
    """True for a NumPy ufunc or array function: called on a forward-mode Dual it reaches
    ``wengert.forward`` by NumPy's own dispatch (any other function is wrapped to)."""
    return isinstance(fun, np.ufunc) or (hasattr(fun, "_implementation") and
                                        (getattr(fun, "__module__", None) or "").startswith("numpy"))


def _spellings(spec, fun):
    """``methods=("sum",)`` or ``{"reshape": f}`` as a dict name -> f(var, *args, **kwargs)."""
    if isinstance(spec, Mapping):
        return dict(spec)
    return {name: fun for name in spec}


def _enter(prim, operator_fun):
    """Enter ``prim``'s declared names and spellings in the tables derived from the registry,
    refusing a second declaration of any of them (the drift the registry is there to stop)."""
    def put(table, key, value, what):
        if key in table:
            raise ValueError(f"{what} {key!r} is declared twice: by {table[key]!r} and by {prim!r}")
        table[key] = value
    for name in prim.names:
        put(_DECLARED, name, prim, "the name")
    if prim.scalar is not None:
        put(ELEMENTARY, prim.scalar, prim, "the scalar fast path")
    if prim.operator is not None:
        if not prim.gradient:
            put(PLAIN_OPERATORS, prim.operator, operator_fun or prim.fun, "the operator")
        elif operator_fun is None:
            put(OPERATORS, prim.operator, prim, "the operator")
        else:  # the operator keeps Python's semantics on plain values (1.0 / 0.0 raises)
            put(OPERATORS, prim.operator, OwnPrimitive(operator_fun, name=f"operator.{operator_fun.__name__}",
                                                    vjps=prim.vjps), "the operator")
    for name, method in prim.methods.items():
        put(METHODS, name, method, "the array method")
    for name, prop in prim.properties.items():
        put(PROPERTIES, name, prop, "the array property")


def _reentering(prim, impl, which):
    """``impl`` for a primitive of wengert's own whose arguments may hold Vars the tape
    cannot see (internal).

    Called with plain values it is ``impl``. Called with a Var of an outer tape (a nested
    runner hands the values of its leaves, which are outer Vars, to ``prim.fun``) or, in
    the first argument, a list whose items are Vars (``np.concatenate([v, w])``: dispatch
    cannot unwrap them, and NumPy on them would loop back into dispatch), it first
    collects the Vars into one node and calls ``prim`` again, so that one node is recorded
    on that tape. ``which`` is ``"first"`` (only the first argument is looked at) or ``"any"``.
    """
    def holds_dual(first, args):  # forward mode: a call on Duals uses the JVP
        dual = _FORWARD["dual"]
        if type(first) in (list, tuple):
            if any(holds_dual(x, ()) for x in first):
                return True
        elif type(first) is dual:
            return True
        return any(type(a) is dual for a in args)

    def forward_apply(*args):
        return _FORWARD["apply"](*args)

    if which == "any":
        def fun(*args, **kwargs):
            if len(args) == 1 and type(args[0]) in _NO_DUAL_TYPES:  # (one array or number: neither below)
                return impl(*args, **kwargs)
            if any(type(a) is Var for a in args):
                return prim(*args, **kwargs)
            if args and holds_dual(args[0], args[1:]):
                return forward_apply(prim, args, kwargs)
            return impl(*args, **kwargs)
        fun.__wrapped__ = impl  # (plain_function)
        return fun
    if which != "first":
        raise ValueError(f"reenters must be 'first' or 'any', not {which!r}")

    def fun_first(first, *args, **kwargs):
        if not args and type(first) in _NO_DUAL_TYPES:  # (one array or number: neither below)
            return impl(first, **kwargs)
        if holds_dual(first, args):
            return forward_apply(prim, (first,) + args, kwargs)
        if type(first) is Var or type(first) in (list, tuple):
            collected = collect(first)
            if type(collected) is Var:
                return prim(collected, *args, **kwargs)
        return impl(first, *args, **kwargs)
    return fun_first


_REENTERING_ANY_CODE = _reentering(None, len, "any").__code__


def _check_function(fun, caller):
    """Refuse what cannot be a primitive (a module, a string, a number...) with a clear error."""
    if callable(fun):
        return
    if isinstance(fun, types.ModuleType):
        what = f"the module {fun.__name__}"
    elif isinstance(fun, str):
        what = f"the string {fun!r} (pass the function itself, e.g. np.{fun} rather than {fun!r})"
    else:
        what = f"the {type(fun).__name__} {fun!r}"
    raise TypeError(f"{caller} needs a function (or a wengert.primitive) to give gradient rules "
                    f"to; got {what}")


def _plain_function(fun):
    """The NumPy function a ``wengert.numpy`` wrapper stands for, else ``fun`` itself."""
    return fun.plain if getattr(type(fun), "wraps_numpy_function", False) else fun


def qualified_name(fun):
    """The name error messages give ``fun`` (``numpy.sum``, ``numpy.linalg.det``; internal)."""
    module = getattr(fun, "__module__", None) or ""
    name = getattr(fun, "__qualname__", None) or getattr(fun, "__name__", None) or repr(fun)
    if isinstance(fun, np.ufunc):
        return ufunc_name(fun, f"numpy.{fun.__name__}")
    if module == "numpy" or module.startswith("numpy."):
        module = _numpy_namespace(module)
    return f"{module}.{name}" if module else name


def ufunc_name(ufunc, default=None):
    """``numpy.exp``, ``scipy.special.gammaln``: a ufunc named by the module that has it, or
    ``default`` (internal)."""
    for module in ("numpy", "scipy.special"):
        if getattr(sys.modules.get(module), ufunc.__name__, None) is ufunc:
            return f"{module}.{ufunc.__name__}"
    return default


#: NumPy's public submodules whose functions are called through them (``np.linalg.eig``,
#: ``np.fft.fft``); every other NumPy function is named from the top level (``numpy.diff``,
#: though it lives in ``numpy.lib``).
_NUMPY_SUBMODULES = ("linalg", "fft")


def _numpy_namespace(module):
    """The public NumPy namespace a function of ``module`` is called through. numpy.polynomial's
    modules are named in full: their polyval, polyfit, polyder... are not numpy.polyval & co.
    (coefficients lowest degree first, polyval(x, c)), and a message naming numpy.polyval sent
    a user to wengert.numpy.polyval, which silently evaluates another polynomial."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in _NUMPY_SUBMODULES:
        return f"numpy.{parts[1]}"
    if len(parts) > 2 and parts[1] == "polynomial":
        return ".".join(parts[:3])
    return "numpy"


def primitive(fun: Callable[..., Any]) -> Primitive:
    """Make ``fun`` a primitive; give it gradient rules with :func:`defvjp`.

    >>> import wengert as wg
    >>> @wg.primitive
    ... def double(x):
    ...     return 2.0 * x
    >>> wg.defvjp(double, lambda ans, x: lambda g: 2.0 * g)
    >>> wg.grad_bp(lambda x: double(x) * x, 3.0)
    12.0

    .. versionadded:: 0.1
    """
    if isinstance(fun, Primitive):
        return fun
    return Primitive(fun)


def lookup(fun):
    """The Primitive registered for a plain function, or None."""
    if isinstance(fun, Primitive):
        return fun
    return PRIMITIVES.get(_plain_function(fun))


def registered() -> Dict[Callable[..., Any], Primitive]:
    """All plain functions with gradient rules, as a dict ``function -> Primitive``."""
    return dict(PRIMITIVES)


def defvjp(fun: Callable[..., Any], *vjps: Optional[Callable[..., Any]],
           argnums: Optional[Iterable[int]] = None, higher_order: bool = True,
           **declaration: Any) -> None:
    """Give ``fun`` gradient rules, one per argument (``None``: no gradient there).

    ``fun`` is a :class:`Primitive` or a plain function (typically a NumPy function,
    which then records itself when called on Vars). Each rule is
    ``rule(ans, *args, **kwargs) -> (g -> cotangent)``; ``argnums`` says which arguments
    the rules are for (default ``0, 1, ...``). The cotangent must have the type and shape
    of that argument (sum broadcast dimensions back, see ``wengert.ops.unbroadcast``).

    A rule written with the same NumPy calls users write is itself differentiable, so
    derivatives of any order come for free. A rule that works on plain values only
    (``np.asarray``, in-place writes, LAPACK calls without rules) must say so with
    ``higher_order=False``: a second derivative through it then raises
    :class:`~wengert.NoGradientRule` instead of giving a wrong number.

    >>> import numpy as np, wengert as wg
    >>> def softplus(x):
    ...     return np.logaddexp(0.0, x)
    >>> softplus = wg.primitive(softplus)
    >>> wg.defvjp(softplus, lambda ans, x: lambda g: g * wg.logistic(x))
    >>> round(wg.grad_bp(softplus, 0.0), 6)
    0.5

    wengert's own tables declare each NumPy function here, once, with the rest of what
    wengert knows about it as keywords (``scalar=``, ``methods=``, ``impl=``...: the
    fields of :class:`Primitive`), given when the function is first declared.

    .. versionadded:: 0.1
    """
    if argnums is None:
        argnums = range(len(vjps))
    argnums = tuple(argnums)
    if len(argnums) != len(vjps):
        raise ValueError(f"defvjp: {len(vjps)} rules for argnums {argnums}")
    fun = _plain_function(fun)
    _check_function(fun, "wengert.defvjp")
    prim = fun if isinstance(fun, Primitive) else PRIMITIVES.get(fun)
    if prim is None:
        _refuse_second_declaration(fun, "defvjp")
        prim = OwnPrimitive(fun, higher_order=higher_order, **_declaration(fun, declaration))
        PRIMITIVES[fun] = prim
    elif declaration:
        raise TypeError(f"defvjp({prim.name}): {', '.join(sorted(declaration))} can only be declared "
                        "with the function's first rules (they are fields of its Primitive)")
    else:
        prim.higher_order = bool(higher_order)
    for i, rule in zip(argnums, vjps):
        if rule is not None and not callable(rule):
            raise TypeError(f"defvjp({prim.name}): the rule for argument {i} must be callable or None")
        prim.vjps[i] = rule if rule is None or _is_own(rule) else _checked_rule(prim, i, rule)
    return None


#: StagedRule -> its ``rule(g, ans, x[, y])`` (None: the cotangent passes through): the
#: derivative forward mode reuses for its elementwise JVPs (``wengert.forward``).
_STAGED_PARTS: "dict[Any, Any]" = {}
NOT_STAGED = object()  # staged_rule_parts' answer for a rule that is not a staged one


def staged_rule(rule: Optional[Callable[..., Any]], argnum: int, uses: str,
                unbroadcast: Optional[Callable[..., Any]], keep_ans_if: Optional[Callable[..., Any]] = None,
                keep_x_if: Optional[Callable[..., Any]] = None) -> Any:
    """``StagedRule(rule, argnum, uses, unbroadcast, keep_ans_if, keep_x_if)`` (see ``wengert._var.StagedRule``),
    remembered so that forward mode can apply ``rule`` to a tangent (internal)."""
    staged = StagedRule(rule, argnum, uses, unbroadcast, keep_ans_if, keep_x_if)
    _STAGED_PARTS[staged] = rule
    return staged


def staged_rule_parts(staged: Any) -> Any:
    """The ``rule(g, ans, x[, y])`` of a StagedRule made by :func:`staged_rule` (None for
    the identity), or ``NOT_STAGED``."""
    return _STAGED_PARTS.get(staged, NOT_STAGED) if type(staged) is StagedRule else NOT_STAGED


def _public_name(fun):
    """``numpy.exp``, ``numpy.linalg.det``: the name a NumPy function (or a SciPy ufunc) is
    called by, or None for any other function."""
    if isinstance(fun, np.ufunc):
        name = ufunc_name(fun)
        if name is None:
            return None
    else:
        module = getattr(fun, "__module__", None) or ""
        if module != "numpy" and not module.startswith("numpy."):
            return None
        name = qualified_name(fun)
    module, _, short = name.rpartition(".")
    found = getattr(sys.modules.get(module), short, None)
    return name if found is fun else None


def _declaration(fun, declaration):
    """The Primitive keywords for declaring the plain function ``fun``: by default it is
    known by its public name (with ``aliases``, more names in the same namespace), and its
    names bind ``fun`` itself."""
    declaration = dict(declaration)
    aliases = tuple(declaration.pop("aliases", ()))
    if "names" not in declaration:
        public = _public_name(fun)
        declaration["names"] = () if public is None else (public,)
    if aliases:
        if not declaration["names"]:
            raise TypeError(f"aliases for {qualified_name(fun)}, which has no public name to alias")
        namespace = declaration["names"][0].rpartition(".")[0]
        declaration["names"] = tuple(declaration["names"]) + tuple(f"{namespace}.{a}" for a in aliases)
    declaration.setdefault("exposed", fun)
    return declaration


def _refuse_second_declaration(fun, how):
    for table, what in ((PRIMITIVES, "with gradient rules (defvjp)"),
                        (_nondifferentiable, "without gradient (nondifferentiable)"),
                        (_composites, "as a composite (defcomposite)")):
        if fun in table:
            raise ValueError(f"{how}({qualified_name(fun)}): it is already declared {what}; a "
                             "function is declared once")


def declared(prefix: str = "") -> Dict[str, Primitive]:
    """The registry: every declared public name starting with ``prefix`` -> its Primitive.

    >>> declared("numpy.")["numpy.abs"] is declared()["numpy.absolute"]
    True
    """
    return {name: prim for name, prim in _DECLARED.items() if name.startswith(prefix)}


def declarations() -> List[Primitive]:
    """Every declaration of a plain function: with rules, without gradient, as a composite
    (the coverage test checks that each NumPy function among them has a public name).

    >>> import numpy as np
    >>> any(p.exposed is np.floor and not p.gradient for p in declarations())
    True
    """
    return [*PRIMITIVES.values(), *_nondifferentiable.values(), *_composites.values()]


def namespace(prefix: str) -> Dict[str, Primitive]:
    """The declarations a namespace is made of: ``namespace("numpy")`` maps ``"exp"``,
    ``"linalg.det"``... to their Primitives (internal: ``wengert.numpy`` is built from it).

    >>> sorted(namespace("numpy.linalg"))[:3]
    ['cholesky', 'cond', 'cross']
    """
    start = prefix + "."
    return {name[len(start):]: prim for name, prim in _DECLARED.items() if name.startswith(start)}


def bind(module_globals: Dict[str, Any], prefix: str) -> List[str]:
    """Bind the names declared under ``prefix`` (``"numpy.linalg"``) in a namespace module's
    globals, each to what its declaration exposes; returns them sorted, for ``__all__``
    (internal: ``wengert.numpy`` and its submodules are built so)."""
    names = {name: prim for name, prim in namespace(prefix).items() if "." not in name}
    module_globals.update({name: prim.exposed for name, prim in names.items()})
    return sorted(names)


def no_such_name(module: str, name: str) -> AttributeError:
    """The error for a name a namespace module built by :func:`bind` does not have (internal)."""
    return AttributeError(f"module {module!r} has no attribute {name!r}: wengert declares no "
                          "function of that name (wengert.numpy.supported() lists them)")


def kind(prim: Primitive) -> str:
    """How a declaration is differentiated: ``"gradient"`` (every order), ``"first order"``
    (a second derivative raises) or ``"no gradient"`` (results are plain values).

    >>> import numpy as np
    >>> kind(lookup(np.exp)), kind(declared()["numpy.floor"])
    ('gradient', 'no gradient')
    """
    if not prim.gradient:
        return "no gradient"
    return "gradient" if prim.composite or prim.higher_order else "first order"


def _is_own(rule):
    # wengert's own rules are tested against finite differences; a user's rule is checked
    # on every call instead (it costs a Python call and a shape comparison).
    if type(rule) is StagedRule:  # compiled staging of wengert's elementwise tables
        return True
    return (getattr(rule, "__module__", None) or "").startswith("wengert.")


def _checked_rule(prim, argnum, rule):
    """``rule`` whose cotangents are checked against the argument's shape and type."""
    def staged(ans, *args, **kwargs):
        pullback = rule(ans, *args, **kwargs)
        like = cotangent_spec(args[argnum]) if argnum < len(args) else None

        def checked(g):
            ct = pullback(g)
            if like is not None:
                check_cotangent(ct, like, "the cotangent that the gradient rule of {} returned for argument {}",
                                prim.name, argnum)
            return ct
        return checked
    staged.__wrapped__ = rule
    return staged


#: (shape, dtype) -> a read-only array of that shape and dtype with no memory of its own (a
#: broadcast view of one element): made once per kind of argument, not on every call
#: (np.broadcast_to costs 3 us, more than a whole field read of a record)
_SPECS: dict = {}


def cotangent_spec(value):
    """What a cotangent of ``value`` is checked against, without keeping an array alive."""
    value = plain_value(value)
    if type(value) is np.ndarray:
        key = (value.shape, value.dtype)
        spec = _SPECS.get(key)
        if spec is None:
            if len(_SPECS) >= 1024:  # bounded: a program of ever new shapes
                _SPECS.clear()
            spec = _SPECS[key] = np.broadcast_to(np.empty((), value.dtype), value.shape)
        return spec
    return value


def check_cotangent(ct, like, what, *parts):
    """Raise if ``ct`` cannot be a cotangent of ``like``; ``what`` names it in the message,
    formatted with ``parts`` (``str.format``) only where it is needed."""
    if type(ct) is np.ndarray and type(like) is np.ndarray and ct.shape == like.shape:
        return  # an array of the argument's shape (the common case): mismatch finds nothing
    found = mismatch(ct, like, what.format(*parts) if parts else what)
    if found is not None:
        error, message = found
        raise error(f"{message.replace('its value', 'the argument')}: a gradient rule must "
                    "return a cotangent of its argument's type and shape (sum broadcast "
                    "dimensions back, e.g. with wengert.ops.unbroadcast)")


def first_order_only() -> List[str]:
    """Names of the registered functions whose gradient rules are not differentiable again.

    A second derivative through one of them raises :class:`~wengert.NoGradientRule`.

    >>> import wengert as wg
    >>> from wengert.primitive import first_order_only
    >>> "numpy.exp" in first_order_only()
    False
    """
    return sorted({p.name for p in PRIMITIVES.values() if not p.higher_order})


def _second_order_error(prim):
    return NoGradientRule(
        f"the second derivative of {prim.name} is not provided: its gradient rule works on "
        "plain values only (see wengert.numpy.first_order_only()). Differentiate it once, "
        "or register a differentiable rule with wengert.defvjp")


def first_order_pullback(prim, rule, ans, values, kwargs):
    """The pullback of a first-order-only rule, refusing to be differentiated again."""
    if any(type(v) is Var or type(v) is _FORWARD["dual"] for v in values):
        # Under a nested runner the inputs are Vars of an outer tape (or forward-mode
        # Duals, forward over reverse): the outer
        # derivative would have to flow through this rule, which cannot record it.
        def refuse(g):
            raise _second_order_error(prim)
        return refuse
    pb = rule(ans, *values, **kwargs)

    def pullback(g):
        if type(g) is not Var:
            return pb(g)
        # A cotangent of an outer tape (forward mode is the transpose of the pullback):
        # the rule is linear in g, which may well be recorded, but it must not be
        # converted to plain values.
        try:
            return pb(g)
        except TypeError as exc:
            raise _second_order_error(prim) from exc
    return pullback


def nondifferentiable(*funs: Callable[..., Any], **declaration: Any) -> None:
    """Declare plain functions whose results carry no gradient (argmax, floor, ...).

    Called on Vars they run on the plain values and return plain results.

    >>> import numpy as np, wengert as wg
    >>> wg.grad_bp(lambda x: x * float(np.argmax(x.value)), np.array([1.0, 3.0]))
    Traceback (most recent call last):
    ...
    wengert.errors.SeedRequired: ...
    """
    for fun in funs:
        _check_function(fun, "wengert.nondifferentiable")
        if fun in _nondifferentiable:
            continue  # declaring it again changes nothing
        _refuse_second_declaration(fun, "nondifferentiable")
        _nondifferentiable[fun] = OwnPrimitive(fun, gradient=False, **_declaration(fun, declaration))


def is_nondifferentiable(fun: Callable[..., Any]) -> bool:
    return fun in _nondifferentiable


def defcomposite(fun: Callable[..., Any], impl: Callable[..., Any], **declaration: Any) -> None:
    """Differentiate the NumPy function ``fun`` by composition: called on Vars, it runs
    ``impl`` (same signature), written with NumPy calls that record themselves.

    For functions NumPy writes in Python over ``asanyarray`` (which a Var refuses) and
    whose gradient is best had from other rules, e.g. ``np.atleast_1d(x, y)``, whose
    arguments are any number of arrays: each is one recorded ``np.reshape``. ``impl``
    records no node of its own; its derivatives of every order are those of its parts.
    Called with no Var, ``fun`` is NumPy's own.

    >>> import numpy as np, wengert as wg
    >>> wg.grad_bp(lambda x: np.sum(np.atleast_2d(x) * 2.0), 1.5)
    2.0

    .. versionadded:: 0.1
    """
    if not callable(impl):
        raise TypeError(f"defcomposite: the stand-in for {qualified_name(fun)} must be callable")
    _check_function(fun, "wengert.defcomposite")
    _refuse_second_declaration(fun, "defcomposite")
    _composites[fun] = OwnPrimitive(fun, impl=impl, composite=True, **_declaration(fun, declaration))


def composite(fun: Callable[..., Any]) -> Optional[Callable[..., Any]]:
    """The stand-in registered with :func:`defcomposite` for ``fun``, or None.

    >>> import numpy as np
    >>> composite(np.cross).__name__, composite(np.exp)
    ('_cross', None)
    """
    prim = _composites.get(fun)
    return None if prim is None else prim.fun


def declaration(fun: Callable[..., Any]) -> Optional[Primitive]:
    """The declaration of ``fun`` (with rules, without gradient or as a composite), or None
    (internal)."""
    fun = _plain_function(fun)
    if isinstance(fun, Primitive):
        return fun
    return PRIMITIVES.get(fun) or _nondifferentiable.get(fun) or _composites.get(fun)


def missing_rule(prim, argnum):
    """The error for a call that needs a gradient ``prim`` has no rule for (internal: the
    compiled ``apply`` raises it)."""
    return NoGradientRule(
        f"no gradient rule for {prim.name} with respect to argument {argnum}. Register one "
        f"with wengert.defvjp({prim.name}, ...) (see help(wengert.defvjp)), or pass a "
        "constant there (var.value, wengert.stop_gradient(var)) if no gradient should flow")
