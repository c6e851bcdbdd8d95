"""Type stub of the compiled module wengert._tape (csrc/wengert/_tape.pyx): its names are typed as Any."""
from typing import Any


def __getattr__(name: str) -> Any: ...
