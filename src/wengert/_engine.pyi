"""Type stub of the compiled module wengert._engine (csrc/wengert/_engine.pyx): its names are typed as Any."""
from typing import Any


def __getattr__(name: str) -> Any: ...
