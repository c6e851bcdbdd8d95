"""Type stub of the compiled module wengert._hooks (csrc/wengert/_hooks.pyx): its names are typed as Any."""
from typing import Any


def __getattr__(name: str) -> Any: ...
