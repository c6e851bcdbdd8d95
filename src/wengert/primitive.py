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

.. versionadded:: 0.1
"""
import functools
import types
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Optional

import numpy as np

from ._backend import Rule, StagedRule, Var, apply
from .errors import NoGradientRule
from .structured import mismatch, plain_value

__all__ = ["Primitive", "primitive", "defvjp", "lookup", "registered", "nondifferentiable",
           "is_nondifferentiable", "first_order_only", "apply", "defcomposite", "composite"]

PRIMITIVES: "dict[Any, Primitive]" = {}  # plain function -> Primitive (the ops tables fill it)
_nondifferentiable: "set[Any]" = set()  # plain functions whose results are never recorded
_composites: "dict[Any, Any]" = {}  # NumPy function -> its stand-in made of recorded calls (defcomposite)


class Primitive(Rule):  # type: ignore[misc,valid-type]  # Rule: a compiled class
    """A function with gradient rules; calling it on Vars records one node.

    Calling goes straight to the compiled ``apply`` (``wengert._var.Rule.__call__``).

    >>> import numpy as np, wengert as wg
    >>> @wg.primitive
    ... def cube(x):
    ...     return x ** 3
    >>> wg.defvjp(cube, lambda ans, x: lambda g: g * 3 * x ** 2)
    >>> wg.grad_bp(cube, 2.0)
    12.0
    """
    def __init__(self, fun: Callable[..., Any], name: Optional[str] = None) -> None:
        _check_function(fun, "wengert.primitive")
        self.fun = fun
        self.name = name or qualified_name(fun)
        self.vjps: Dict[int, Optional[Callable[..., Any]]] = {}
        self.higher_order = True  # its rules are differentiable NumPy code (see defvjp)
        functools.update_wrapper(self, fun)

    def __repr__(self) -> str:
        return f"<wengert primitive {self.name}>"

    if TYPE_CHECKING:  # for type checkers only: the compiled Rule.__call__ runs (no cost added)
        def __call__(self, *args: Any, **kwargs: Any) -> Any: ...

    def __get__(self, obj: Any, objtype: Optional[type] = None) -> Any:  # usable as a method
        if obj is None:
            return self
        return functools.partial(self, obj)


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
        return f"numpy.{fun.__name__}"
    if module == "numpy" or module.startswith("numpy."):
        module = _numpy_namespace(module)
    return f"{module}.{name}" if module else name


#: NumPy's public submodules whose functions are called through them (``np.linalg.eig``,
#: ``np.fft.fft``); every other NumPy function is named from the top level (``numpy.diff``,
#: though it lives in ``numpy.lib``).
_NUMPY_SUBMODULES = ("linalg", "fft")


def _numpy_namespace(module):
    """The public NumPy namespace a function of ``module`` is called through."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in _NUMPY_SUBMODULES:
        return f"numpy.{parts[1]}"
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
    prim = Primitive(fun)
    from .forward import forward_aware  # forward mode: a call on Duals uses the rules
    prim.fun = forward_aware(prim, fun)
    return prim


def lookup(fun):
    """The Primitive registered for a plain function, or None."""
    if isinstance(fun, Primitive):
        return fun
    return PRIMITIVES.get(_plain_function(fun))


def registered() -> Dict[Callable[..., Any], Primitive]:
    """All plain functions with gradient rules, as a dict ``function -> Primitive``."""
    return dict(PRIMITIVES)


def defvjp(fun: Callable[..., Any], *vjps: Optional[Callable[..., Any]],
           argnums: Optional[Iterable[int]] = None, higher_order: bool = True) -> None:
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
        prim = Primitive(fun)
        PRIMITIVES[fun] = prim
    for i, rule in zip(argnums, vjps):
        if rule is not None and not callable(rule):
            raise TypeError(f"defvjp({prim.name}): the rule for argument {i} must be callable or None")
        prim.vjps[i] = rule if rule is None or _is_own(rule) else _checked_rule(prim, i, rule)
    prim.higher_order = bool(higher_order)
    return None


#: StagedRule -> its ``rule(g, ans, x[, y])`` (None: the cotangent passes through): the
#: derivative forward mode reuses for its elementwise JVPs (``wengert.forward``).
_STAGED_PARTS: "dict[Any, Any]" = {}
_NOT_STAGED = object()


def staged_rule(rule: Optional[Callable[..., Any]], argnum: int, uses: str,
                unbroadcast: Optional[Callable[..., Any]]) -> Any:
    """``StagedRule(rule, argnum, uses, unbroadcast)`` (see ``wengert._var.StagedRule``),
    remembered so that forward mode can apply ``rule`` to a tangent (internal)."""
    staged = StagedRule(rule, argnum, uses, unbroadcast)
    _STAGED_PARTS[staged] = rule
    return staged


def staged_rule_parts(staged: Any) -> Any:
    """The ``rule(g, ans, x[, y])`` of a StagedRule made by :func:`staged_rule` (None for
    the identity), or ``_NOT_STAGED``."""
    return _STAGED_PARTS.get(staged, _NOT_STAGED) if type(staged) is StagedRule else _NOT_STAGED


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
                check_cotangent(ct, like, f"the cotangent that the gradient rule of {prim.name} "
                                f"returned for argument {argnum}")
            return ct
        return checked
    staged.__wrapped__ = rule
    return staged


def cotangent_spec(value):
    """What a cotangent of ``value`` is checked against, without keeping an array alive."""
    value = plain_value(value)
    if type(value) is np.ndarray:
        return np.broadcast_to(np.empty((), value.dtype), value.shape)  # no memory of its own
    return value


def check_cotangent(ct, like, what):
    """Raise if ``ct`` cannot be a cotangent of ``like``; ``what`` names it in the message."""
    found = mismatch(ct, like, what)
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
    if any(type(v) is Var for v in values):
        # Under a nested runner the inputs are Vars of an outer tape: the outer
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


def nondifferentiable(*funs: Callable[..., Any]) -> None:
    """Declare plain functions whose results carry no gradient (argmax, floor, ...).

    Called on Vars they run on the plain values and return plain results.

    >>> import numpy as np, wengert as wg
    >>> wg.grad_bp(lambda x: x * float(np.argmax(x.value)), np.array([1.0, 3.0]))
    Traceback (most recent call last):
    ...
    wengert.errors.SeedRequired: ...
    """
    for fun in funs:
        _nondifferentiable.add(fun)


def is_nondifferentiable(fun: Callable[..., Any]) -> bool:
    return fun in _nondifferentiable


def defcomposite(fun: Callable[..., Any], impl: Callable[..., Any]) -> None:
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
    _composites[fun] = impl


def composite(fun: Callable[..., Any]) -> Optional[Callable[..., Any]]:
    """The stand-in registered with :func:`defcomposite` for ``fun``, or None.

    >>> import numpy as np
    >>> composite(np.cross).__name__, composite(np.exp)
    ('_cross', None)
    """
    return _composites.get(fun)


def missing_rule(prim, argnum):
    """The error for a call that needs a gradient ``prim`` has no rule for (internal: the
    compiled ``apply`` raises it)."""
    return NoGradientRule(
        f"no gradient rule for {prim.name} with respect to argument {argnum}. Register one "
        f"with wengert.defvjp({prim.name}, ...) (see help(wengert.defvjp)), or pass a "
        "constant there (var.value, wengert.stop_gradient(var)) if no gradient should flow")
