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
from ..ops.scipy_linalg import solve_banded, solve_sylvester, solve_triangular, sqrtm

__all__ = ["solve_banded", "solve_sylvester", "solve_triangular", "sqrtm"]
