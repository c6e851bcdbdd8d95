"""Type stub of the compiled module wengert._dual (csrc/wengert/_dual.pyx): its names are typed as Any."""
from typing import Any


def __getattr__(name: str) -> Any: ...
