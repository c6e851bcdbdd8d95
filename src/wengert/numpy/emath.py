"""``numpy.emath``, as wengert differentiates it: ``sqrt``, ``log``, ``log2``,
``log10``, ``logn``, ``power``, ``arccos``, ``arcsin``, ``arctanh``.

Plain ``np.emath`` calls on Vars record themselves; this namespace names what is covered
(``wengert.numpy.supported()`` lists them as ``"emath.<name>"``), and its names are the
NumPy functions themselves (``wnp.emath.sqrt is np.emath.sqrt``). They switch a real input
to complex numbers where it leaves the real domain, as NumPy's do. Inside the domain the
gradient is the plain function's; outside it follows wengert's complex convention (the
derivative of the holomorphic function with no conjugate, and its real part for a real
input, which always gets a real gradient).

>>> import numpy as np, wengert as wg, wengert.numpy as wnp
>>> wg.grad_bp(lambda x: np.sum(np.real(wnp.emath.sqrt(x))), np.array([4.0, 9.0]))
array([0.25      , 0.16666667])
>>> wg.grad_bp(lambda x: np.sum(np.imag(wnp.emath.sqrt(x))), np.array([-4.0, 9.0]))
array([-0.25,  0.  ])

.. versionadded:: 0.1
"""
from typing import Any as _Any

from ..primitive import bind as _bind
from ..primitive import no_such_name as _no_such_name

__all__ = _bind(globals(), "numpy.emath")  # the functions declared in wengert.ops


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)
