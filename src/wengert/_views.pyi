"""Type stub of the compiled module wengert._views (csrc/wengert/_views.pyx): its names are typed as Any."""
from typing import Any


def __getattr__(name: str) -> Any: ...
