"""``scipy.signal``, as wengert differentiates it.

``scipy.signal.convolve`` converts its arguments to arrays, which a Var refuses: call
this one, which takes the same arguments, gives SciPy's values and is differentiable in
both arguments to any order.

>>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
>>> wg.grad_bp(lambda k: np.sum(wss.convolve(np.arange(4.0), k, mode="valid")), np.ones(2))
array([6., 3.])

.. versionadded:: 0.1
"""
from typing import Any as _Any

from ..ops import scipy_linalg as _scipy_linalg  # noqa: F401  (declares the functions bound here)
from ..primitive import bind as _bind
from ..primitive import no_such_name as _no_such_name

__all__ = _bind(globals(), "scipy.signal")


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)
