"""Type stub of the compiled module wengert._replay (csrc/wengert/_replay.pyx): its names are typed as Any."""
from typing import Any


def __getattr__(name: str) -> Any: ...
