"""``numpy.lib.stride_tricks``, as wengert differentiates it: ``sliding_window_view``.

Plain calls on Vars record themselves; ``wengert.numpy.supported()`` lists the function as
``"lib.stride_tricks.sliding_window_view"``, and the name here is NumPy's function itself.
Its gradient adds each window's cotangent back into the place the window was read from (the
overlapping windows add up), for any ``window_shape`` and ``axis`` (negative and repeated
axes too); ``subok`` and ``writeable`` are NumPy's (a Var's value is a base array).
``as_strided`` is not here: a view with arbitrary strides has no gradient wengert can check.

>>> import numpy as np, wengert as wg, wengert.numpy as wnp
>>> swv = wnp.lib.stride_tricks.sliding_window_view
>>> wg.grad_bp(lambda x: np.sum(swv(x, 3)), np.arange(5.0))
array([1., 2., 3., 2., 1.])

.. versionadded:: 0.1
"""
from typing import Any as _Any

from ...primitive import bind as _bind
from ...primitive import no_such_name as _no_such_name

__all__ = _bind(globals(), "numpy.lib.stride_tricks")  # the functions declared in wengert.ops


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)
