"""wengert: heterogeneous reverse-mode automatic differentiation on a compiled tape.

Write an ordinary function of floats, NumPy arrays, tuples, dicts, dataclasses or your
own types; wengert gives its gradient with respect to values of the same types.

>>> import wengert as wg
>>> wg.backprop(lambda a, b: a * (a + b), 4.0, 3.0)
(28.0, (11.0, 4.0))

This module only re-exports; see ``wengert.runners``, ``wengert.transforms``,
``wengert.protocol`` and ``wengert.primitive``.
"""
from typing import Any as _Any

from . import _dispatch  # noqa: F401  (installs Var's slow paths)
from . import ops  # noqa: F401  (registers the NumPy gradient rules)
from . import numpy  # noqa: F401  (wengert.numpy: the covered NumPy functions)
from . import optim, viz  # noqa: F401  (wengert.optim.Adam, wengert.viz.to_dot)
from . import testing  # noqa: F401  (wengert.testing.check_grads, as wg.testing)
from ._backend import IMPLEMENTATION, Var
from ._backend import scalar_functions as _scalar_functions
from .forward import custom_jvp, defjvp
from .errors import (EscapedVarError, MixedTapesError, NoGradientRule, NoGradientThrough,
                     NoProtocolInstance, SeedRequired, WengertError)
from .lens import Lens, LensError, MissingPart, at, each, over, preview, set_var, to_list_of, view
from .records import build, collect_var, fields, iso_var, iso_var_n, sequence_var
from .lift import custom_vjp, op1, op2, op_n, op_no_grad
from .primitive import Primitive, defvjp, nondifferentiable, primitive
from .protocol import add, one, register, scale, zero
from .runners import backprop, const, eval_bp, grad_bp, stop_gradient
from .jit import jit  # noqa: E402  (wg.jit: tape reuse per input signature)
from .transforms import (checkpoint, elementwise_grad, grad, hessian, hvp, jacfwd, jacobian, jacrev,
                         jvp, linearize, value_and_grad, vjp)

# wengert.exp, log, ...: one per row of wengert._elementary's table, where each is declared
globals().update(_scalar_functions)

__version__ = "0.1.0"

__all__ = [
    "backprop", "grad_bp", "eval_bp", "grad", "value_and_grad", "vjp",
    "jvp", "linearize", "jacobian", "jacrev", "jacfwd", "hessian", "hvp", "elementwise_grad", "checkpoint",
    "Var", "const", "stop_gradient",
    "zero", "add", "one", "scale", "register",
    "primitive", "defvjp", "defjvp", "custom_jvp", "custom_vjp", "nondifferentiable", "Primitive", "op1", "op2", "op_n", "op_no_grad",
    *_scalar_functions,  # exp, log, sin, cos, tan, tanh, sqrt, logistic, arcsinh: bound above
    "WengertError", "EscapedVarError", "MixedTapesError", "NoGradientRule",
    "NoGradientThrough", "NoProtocolInstance", "SeedRequired",
    "IMPLEMENTATION", "optim", "numpy", "viz", "testing",
    "jit",
    "Lens", "at", "each", "view", "set_var", "over", "preview", "to_list_of", "sequence_var",
    "collect_var", "iso_var", "iso_var_n", "fields", "build", "LensError", "MissingPart",
]


def __getattr__(name: str) -> _Any:  # (type checkers see wengert.exp & co. through this)
    raise AttributeError(f"module 'wengert' has no attribute {name!r}")
