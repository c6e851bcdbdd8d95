"""The op tables: NumPy functions and their gradient rules, one module per family.

Importing this package registers every rule. The tables know nothing of the tape: a rule
is plain NumPy code that ``wengert.primitive.apply`` records.
"""
from . import elementwise, linalg, nograd, reductions, shape  # noqa: F401  (registration)
from . import complexnum  # noqa: F401  (registration: complex numbers)
from . import sorting  # noqa: F401  (registration: sorting, order statistics, NaN-skipping)
from . import fft  # noqa: F401  (registration: numpy.fft)
from . import statistics  # noqa: F401  (registration: average, cov, NaN-skipping products and accumulations)
from . import signal  # noqa: F401  (registration: interpolation, convolution, polynomials)
from . import updates  # noqa: F401  (registration: x.at[key].set(v) and its kin)
from . import pyloops  # noqa: F401  (registration: vectorize, frompyfunc)
from . import conversions  # noqa: F401  (registration: asanyarray, ascontiguousarray, require...)
from . import windows  # noqa: F401  (registration: kaiser, the integer windows, sliding_window_view)
from . import emath  # noqa: F401  (registration: numpy.emath)
from ._util import unbroadcast

__all__ = ["unbroadcast"]
