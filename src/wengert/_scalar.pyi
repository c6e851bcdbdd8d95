"""Type stub of the compiled module wengert._scalar (csrc/wengert/_scalar.pyx): its names are typed as Any."""
from typing import Any


def __getattr__(name: str) -> Any: ...
