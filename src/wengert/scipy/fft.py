"""``scipy.fft``'s discrete cosine transforms, as wengert differentiates them.

``scipy.fft.dct`` and its siblings convert their arguments to arrays, which a Var refuses:
call these, which take the same arguments (``n``/``s`` padding and ``orthogonalize`` other than
SciPy's default are refused), give SciPy's values and are differentiable to any order.

>>> import numpy as np, wengert as wg, wengert.scipy.fft as wsf
>>> wg.grad_bp(lambda x: np.sum(wsf.dct(x, norm="ortho") ** 2), np.array([1.0, 2.0]))  # orthogonal
array([2., 4.])

.. versionadded:: 0.1
"""
from typing import Any as _Any

from ..ops import scipy_fft as _scipy_fft  # noqa: F401  (declares the functions bound here)
from ..primitive import bind as _bind
from ..primitive import no_such_name as _no_such_name

__all__ = _bind(globals(), "scipy.fft")


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)
