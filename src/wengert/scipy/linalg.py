"""``scipy.linalg``, as wengert differentiates it.

SciPy's ``solve_triangular``, ``solve_banded``, ``solve_sylvester`` and ``sqrtm`` are Python code that
converts their arguments to arrays, which a Var refuses: call these, which take the same
arguments, give SciPy's values and are differentiable to any order (see
``wengert.ops.scipy_linalg`` for where a derivative does not exist and is refused).

>>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
>>> wg.grad_bp(lambda a: np.trace(wsl.sqrtm(a)), np.array([[4.0, 0.0], [0.0, 1.0]]))
array([[0.25, 0.  ],
       [0.  , 0.5 ]])

.. versionadded:: 0.1
"""
from typing import Any as _Any

from ..ops import scipy_linalg as _scipy_linalg  # noqa: F401  (declares the functions bound here)
from ..primitive import bind as _bind
from ..primitive import no_such_name as _no_such_name

__all__ = _bind(globals(), "scipy.linalg")


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)
