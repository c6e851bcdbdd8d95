"""Type stub of the compiled module wengert._var (csrc/wengert/_var.pyx): its names are typed as Any."""
from typing import Any


def __getattr__(name: str) -> Any: ...
