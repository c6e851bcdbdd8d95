"""Pullbacks on one float64 entry: the pure-Python twin of the compiled ``wengert._kernels``
(internal; ``wengert.ops`` uses them).

The compiled module computes the common case of these pullbacks (one float64 entry) in C,
with the values, dtypes, shapes, warnings and errors of the Python expressions written
here, which it computes everywhere else: this twin is those expressions. (Its C function
for ``wengert.jit``'s replay of ``x + c`` & co. on one entry has no twin: the pure replay
computes those with NumPy, the same values.)
"""
from ._elementary import ELEMENTARY


def product(g, c):
    """``g * c``: a cotangent times a number (a factor of a product, a partial).

    >>> import numpy as np
    >>> product(np.array([2.0]), 0.5)
    array([1.])
    """
    return g * c


def times_y(g, ans, x, y):
    """Multiply's pullback for its first factor: ``g * y``.

    >>> import numpy as np
    >>> times_y(np.array([2.0]), None, None, 0.5)
    array([1.])
    """
    return product(g, y)


def times_x(g, ans, x, y):
    """Multiply's pullback for its second factor: ``g * x``.

    >>> import numpy as np
    >>> times_x(np.array([2.0]), None, 0.5, None)
    array([1.])
    """
    return product(g, x)


def one_entry_rule(name, fallback):
    """The NumPy rule ``(g, ans, x) -> g * partial`` of the elementary function ``name`` (a
    row of ``wengert._elementary``'s table with a shortcut): ``fallback`` itself here (the
    compiled module computes its one-entry case in C, with the same bits).

    >>> import numpy as np
    >>> rule = one_entry_rule("tanh", lambda g, ans, x: g * (1.0 - ans * ans))
    >>> rule(np.array([2.0]), np.array([0.5]), np.array([0.5493061443340549]))
    array([1.5])
    """
    if not any(row.name == name and row.shortcut is not None for row in ELEMENTARY):
        raise ValueError(f"one_entry_rule: {name!r} is not a row of the table of elementary "
                         "functions with a shortcut")
    return fallback
