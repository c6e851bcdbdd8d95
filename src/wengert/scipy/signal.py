"""``scipy.signal``, as wengert differentiates it.

``scipy.signal.convolve`` converts its arguments to arrays, which a Var refuses: call
this one, which takes the same arguments, gives SciPy's values and is differentiable in
both arguments to any order.

>>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
>>> wg.grad_bp(lambda k: np.sum(wss.convolve(np.arange(4.0), k, mode="valid")), np.ones(2))
array([6., 3.])

.. versionadded:: 0.1
"""
from ..ops.scipy_linalg import convolve

__all__ = ["convolve"]
