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

from . import structured
from .errors import NoGradientThrough
from .records import record_node

__all__ = ["op1", "op2", "op_n", "op_no_grad"]

# f(x) -> (y, scaled_gradient), where scaled_gradient(dy) is the gradient for x
Lift1 = Callable[[Any], Tuple[Any, Callable[[Any], Any]]]
# f(*xs) -> (y, grad_fn), where grad_fn(dy) is one gradient per argument
LiftN = Callable[..., Tuple[Any, Callable[[Any], Sequence[Any]]]]


def _record(name, fun, args, make_pullback, check=True):
    return record_node(name, fun, [structured.collect(a) for a in args], make_pullback, check=check)


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
