"""Lifting your own operations, as backprop's ``op1``/``op2``/``opN`` and ``noGrad``.

A lifted function computes its result and its *scaled gradient* together: ``f(x)``
returns ``(y, scaled_gradient)`` where ``scaled_gradient(dy)`` is the gradient with
respect to ``x`` scaled by the output's cotangent ``dy`` (a vector-Jacobian product).
Lifted functions work on plain values too (then only ``y`` is returned), so the same
code runs under ``eval_bp``. Arguments may be structured values (a dict, a dataclass):
each is one input, and its gradient has its structure.

.. versionadded:: 0.1
"""
import functools
from typing import Any, Callable, Sequence, Tuple

from . import structured, tree
from ._backend import Var
from .errors import NoGradientThrough
from .records import record_node

__all__ = ["op1", "op2", "op_n", "op_no_grad", "custom_vjp"]

# f(x) -> (y, scaled_gradient), where scaled_gradient(dy) is the gradient for x
Lift1 = Callable[[Any], Tuple[Any, Callable[[Any], Any]]]
# f(*xs) -> (y, grad_fn), where grad_fn(dy) is one gradient per argument
LiftN = Callable[..., Tuple[Any, Callable[[Any], Sequence[Any]]]]


def _record(name, fun, args, make_pullback, check=True):
    return record_node(name, fun, [structured.collect(a) for a in args], make_pullback, check=check, own=False)


def op_n(f: LiftN) -> Callable[..., Any]:
    """Lift ``f(*xs) -> (y, grad_fn)`` where ``grad_fn(dy)`` returns one gradient per argument.

    >>> import wengert as wg
    >>> @wg.op_n
    ... def mul(x, y):
    ...     return x * y, lambda dz: (dz * y, dz * x)
    >>> wg.grad_bp(lambda a, b: mul(a, b), 3.0, 4.0)
    (4.0, 3.0)

    .. versionadded:: 0.1
    """
    name = getattr(f, "__qualname__", "op_n")

    def make_pullback(grad_fn, y, positions):
        def pullback(g):
            grads = grad_fn(structured.finalize(g, y))
            return tuple(grads[i] for i in positions)
        return pullback

    @functools.wraps(f)
    def lifted(*args):
        return _record(name, f, args, make_pullback)
    return lifted


class custom_vjp:
    """A function with a gradient rule of your own, JAX's way: ``f.defvjp(fwd, bwd)``.

    ``fwd(*args) -> (y, residuals)`` computes the result and what the rule keeps;
    ``bwd(residuals, dy) -> (dx_1, ..., dx_n)`` gives one cotangent per argument (``None``
    for a zero one), each with its argument's structure. Called with no Var among its
    arguments, ``f`` itself runs. Arguments named in ``nondiff_argnums`` (a step size, a
    flag, a function) are passed first to ``bwd``, as in JAX, and get no cotangent; a Var
    there is refused (its gradient would be lost). ``bwd`` written with NumPy calls is
    differentiable again, so higher derivatives come from it. Forward mode (``jvp``)
    differentiates ``f``'s own code.

    >>> import numpy as np, wengert as wg
    >>> @wg.custom_vjp
    ... def clip_gradient(x):
    ...     return x
    >>> clip_gradient.defvjp(lambda x: (x, None), lambda _, g: (np.clip(g, -1.0, 1.0),))
    >>> wg.grad(lambda x: 3.0 * clip_gradient(x))(2.0)
    1.0

    .. versionadded:: 0.1
    """

    def __init__(self, fun: Callable[..., Any], nondiff_argnums: Sequence[int] = ()) -> None:
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.nondiff_argnums = tuple(sorted(set(nondiff_argnums)))
        self.fwd: Any = None
        self.bwd: Any = None

    def defvjp(self, fwd: Callable[..., Tuple[Any, Any]], bwd: Callable[..., Sequence[Any]]) -> None:
        """Give the rule: ``fwd(*args) -> (y, residuals)``, ``bwd(residuals, dy) -> cotangents``."""
        self.fwd, self.bwd = fwd, bwd

    def __call__(self, *args: Any) -> Any:
        name = getattr(self.fun, "__qualname__", "custom_vjp")
        nondiff = self.nondiff_argnums
        if any(i >= len(args) or i < -len(args) for i in nondiff):
            raise TypeError(f"{name}: nondiff_argnums {nondiff} do not fit its {len(args)} arguments")
        for i in nondiff:
            if type(structured.collect(args[i])) is Var:
                raise TypeError(f"{name}: argument {i} is in nondiff_argnums but holds a Var, whose "
                                "gradient would be lost; take it out of nondiff_argnums")
        diff = [i for i in range(len(args)) if i not in nondiff]
        collected = [structured.collect(args[i]) for i in diff]
        if not any(type(a) is Var for a in collected):
            return self.fun(*args)
        if self.fwd is None:
            raise TypeError(f"{name} is a custom_vjp without its rule: call {name}.defvjp(fwd, bwd) first")
        fixed = [args[i] for i in nondiff]

        def forward(*values):
            return self.fwd(*tree.replace_at(args, diff, values))

        def make_pullback(residuals, y, positions):
            def pullback(g):
                cotangents = tuple(self.bwd(*fixed, residuals, structured.finalize(g, y)))
                if len(cotangents) != len(diff):
                    raise TypeError(f"the bwd of {name} returned {len(cotangents)} cotangents for "
                                    f"{len(diff)} differentiable arguments")
                return tuple(cotangents[i] for i in positions)
            return pullback
        return record_node(name, forward, collected, make_pullback, check=True, own=False)


def op1(f: Lift1) -> Callable[[Any], Any]:
    """Lift ``f(x) -> (y, scaled_gradient)`` (backprop's ``op1``).

    >>> import numpy as np, wengert as wg
    >>> lifted_sin = wg.op1(lambda x: (np.sin(x), lambda dy: dy * np.cos(x)))
    >>> round(wg.grad_bp(lifted_sin, 0.0), 12)
    1.0

    .. versionadded:: 0.1
    """
    def as_n(x):
        y, scaled = f(x)
        return y, lambda dy: (scaled(dy),)
    as_n.__qualname__ = getattr(f, "__qualname__", "op1")  # the name errors give
    return functools.wraps(f)(op_n(as_n))


def op2(f: Callable[[Any, Any], Tuple[Any, Callable[[Any], Tuple[Any, Any]]]]
        ) -> Callable[[Any, Any], Any]:
    """Lift ``f(x, y) -> (z, scaled_gradient)`` with ``scaled_gradient(dz) -> (dx, dy)``.

    >>> import wengert as wg
    >>> add = wg.op2(lambda x, y: (x + y, lambda dz: (dz, dz)))
    >>> wg.grad_bp(lambda a, b: add(a, b) * a, 1.0, 2.0)
    (4.0, 1.0)

    .. versionadded:: 0.1
    """
    return op_n(f)


def op_no_grad(f: Callable[..., Any]) -> Callable[..., Any]:
    """Lift plain ``f`` as an op with no gradient (backprop's ``noGrad``).

    It evaluates normally, with or without a tape; only if a gradient actually has to
    flow through its result does the backward pass raise ``NoGradientThrough``. (Not
    PyTorch's ``no_grad``: for a constant, use ``stop_gradient``.)

    >>> import wengert as wg
    >>> negate = wg.op_no_grad(lambda x: -x)
    >>> wg.eval_bp(negate, 2.0)
    -2.0
    >>> wg.grad_bp(lambda x: x * 2.0 + 0.0 * float(negate(x).value), 1.0)
    2.0

    .. versionadded:: 0.1
    """
    name = getattr(f, "__qualname__", "op_no_grad")

    def with_refusal(*xs):
        return f(*xs), None

    def make_pullback(grad_fn, y, positions):
        def pullback(g):
            raise NoGradientThrough(
                f"a gradient had to flow through {name}, which was declared with op_no_grad "
                "(it has no gradient). Give it one with wengert.op_n / wengert.defvjp, or "
                "keep its result out of what you differentiate (wengert.stop_gradient)")
        return pullback

    @functools.wraps(f)
    def lifted(*args):
        return _record(name, with_refusal, args, make_pullback, check=False)
    return lifted
