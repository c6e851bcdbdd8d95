"""``numpy.fft``, as wengert differentiates it: every function here has a gradient rule.

Plain ``np.fft`` calls on Vars record themselves; this namespace names what is covered
(``wengert.numpy.supported()`` lists them as ``"fft.<name>"``). The names are the NumPy
functions themselves, so ``wnp.fft.fft is np.fft.fft``. Every transform is differentiable
again (second derivatives, forward mode), with ``n`` or ``s`` (padding and truncation),
``axis`` or ``axes`` (negative and repeated ones too) and every ``norm``.

Complex numbers follow autograd's convention: the VJP of a transform is the transposed
transform, without a conjugate, and a real input gets a real gradient. The real
transforms (``rfft``, ``irfft``, ``hfft``, ``ihfft`` and their n-dimensional forms) weigh
the half spectrum exactly: the DC bin, and for an even length the Nyquist bin, count
once, every other bin twice (it stands for itself and its conjugate).

>>> import numpy as np, wengert as wg, wengert.numpy as wnp
>>> x = np.array([1.0, 2.0, 0.0, -1.0])
>>> wg.grad_bp(lambda v: np.sum(wnp.fft.irfft(wnp.fft.rfft(v) * [1.0, 0.5, 0.0])), x)
array([1., 1., 1., 1.])

.. versionadded:: 0.1
"""
from typing import Any as _Any

from ..primitive import bind as _bind
from ..primitive import no_such_name as _no_such_name

__all__ = _bind(globals(), "numpy.fft")  # the functions declared in wengert.ops


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)
