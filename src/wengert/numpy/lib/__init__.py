"""``numpy.lib``, as wengert differentiates it: its submodule ``stride_tricks``.

.. versionadded:: 0.1
"""
from . import stride_tricks  # noqa: F401  (numpy.lib.stride_tricks, listed as "lib.stride_tricks.<name>")

__all__ = ["stride_tricks"]
