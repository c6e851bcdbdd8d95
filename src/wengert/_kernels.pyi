"""Type stub of the compiled module wengert._kernels (csrc/wengert/_kernels.pyx): its names are typed as Any."""
from typing import Any


def __getattr__(name: str) -> Any: ...
