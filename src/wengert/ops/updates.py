"""Functional index updates: the recordable form of ``x[key] = v`` and ``np.add.at``.

A Var cannot be written into (``x[key] = v`` raises), and NumPy's in-place functions
(``np.put``, ``np.put_along_axis``, ``np.fill_diagonal``, ``np.add.at``...) cannot be
recorded. ``x.at[key].set(v)`` (JAX's spelling) returns a new array instead, ``x`` with
the elements at ``key`` replaced, and records it; ``.add``, ``.multiply``, ``.divide``,
``.power``, ``.min``, ``.max`` combine the elements with ``v`` (``.add`` adds once per
occurrence of a repeated index, as ``np.add.at`` does), and ``.get()`` reads them.
``wengert.numpy.at(x)`` is the same for a plain array ``x`` (a constant whose update
holds Vars).

Two rules carry every update: ``index_set`` and ``index_add``, each linear in ``x`` and
``v`` together. The others are ``index_set(x, key, op(x[key], v))``, which is exact only
where every selected element is selected once; with repeated indices they refuse, as
``set`` does when ``v`` has a gradient (NumPy does not say which repeated write wins).
"""
import math

import numpy as np

from .. import structured
from ..primitive import OwnPrimitive, defcomposite, defvjp
from ._util import is_basic_index, reshape, shape_of, unbroadcast
from .shape import getitem


def _repeats(shape, key):
    """True if ``np.empty(shape)[key]`` selects some element more than once."""
    if is_basic_index(key):
        return False
    positions = np.arange(math.prod(shape)).reshape(shape)[key]
    return np.unique(positions).size != positions.size


def index_set(x, key, v):
    """``x`` with ``x[key]`` replaced by ``v`` (broadcast), as a new array of ``x``'s dtype.

    >>> import numpy as np
    >>> index_set(np.zeros(3), 1, 5.0)
    array([0., 5., 0.])
    """
    out = np.array(x, copy=True)
    out[key] = v
    return out


def index_add(x, key, v):
    """``x`` with ``v`` added at ``key``, once per occurrence of a repeated index (as
    ``np.add.at``), as a new array of ``x``'s dtype.

    >>> import numpy as np
    >>> index_add(np.zeros(3), [0, 0, 2], 1.0)
    array([2., 0., 1.])
    """
    out = np.array(x, copy=True)
    if is_basic_index(key):
        out[key] += v
    else:
        np.add.at(out, key, v)
    return out


# reenters="any": at second order their values may be Vars of an outer tape, in x or in v
index_set = OwnPrimitive(index_set, name="index_set", names=("numpy.index_set",), reenters="any")
index_add = OwnPrimitive(index_add, name="index_add", names=("numpy.index_add",), reenters="any")


def _selected(key, v):
    """The pullback for ``v``: the cotangent read at ``key``, summed back to ``v``'s shape.

    ``v`` may have more axes than the selection when the extra leading ones have length 1
    (NumPy's ``a[0] = v`` takes ``v`` of shape (1, n) for a row of n): the cotangent gets
    them back before it is summed."""
    shape = tuple(shape_of(v))

    def pullback(g):
        if isinstance(g, (float, int, complex)):  # the cotangent of a 0-d result, as a number
            g = np.asarray(g)
        selected = getitem(g, key)
        extra = len(shape) - len(shape_of(selected))
        if extra > 0:
            selected = reshape(selected, (1,) * extra + tuple(shape_of(selected)))
        return unbroadcast(selected, shape)
    return pullback


defvjp(index_set, lambda ans, x, key, v: lambda g: index_set(g, key, 0.0), None,
       lambda ans, x, key, v: _selected(key, v))
defvjp(index_add, lambda ans, x, key, v: lambda g: g, None,
       lambda ans, x, key, v: _selected(key, v))


class IndexUpdateRef:
    """``x.at[key]``: the elements of ``x`` at ``key``, to read or to update functionally.

    Each method returns a new array (a recorded Var when ``x`` or the update holds one);
    ``x`` itself is never written. See :func:`wengert.numpy.at`.

    >>> import numpy as np, wengert as wg
    >>> wg.grad(lambda x: np.sum(x.at[0].set(3.0 * x[1]) ** 2))(np.ones(3))
    array([ 0., 20.,  2.])
    """
    __slots__ = ("_x", "_key")

    def __init__(self, x, key):
        self._x = x
        self._key = structured.plain_tree(key)  # each Var read is a decision (a jit guard)

    def __repr__(self):
        return f"<wengert: the elements of a {type(self._x).__name__} at {self._key!r}>"

    def _check(self, what, v, repeats_matter):
        """Refuse what would give a wrong gradient: a dtype the value would be cut to, and
        repeated indices where ``repeats_matter`` (the update is not a sum, or it is a
        ``set`` of a Var)."""
        x = self._x
        dtype = np.result_type(structured.peek(x))
        v_dtype = np.result_type(structured.peek(v))
        if dtype.kind not in "fc" and (structured.is_traced(v) or structured.is_traced(x)):
            raise TypeError(f"x.at[...].{what}(v) keeps x's dtype ({dtype}), which carries no "
                            "gradient; make x floating point first (x.astype(float))")
        if dtype.kind == "f" and v_dtype.kind == "c":
            raise TypeError(f"x.at[...].{what}(v) with complex v would drop its imaginary part "
                            f"into x's real dtype ({dtype}); make x complex first "
                            "(x.astype(complex))")
        if repeats_matter and _repeats(shape_of(x), self._key):
            raise ValueError(
                f"x.at[key].{what}(v) with an index that selects some element more than once is "
                "not recorded: " + ("NumPy does not say which of the repeated writes wins"
                                    if what == "set" else f"the repeated {what} updates compound")
                + ". Combine the updates for each element first (or use .add, which adds once "
                "per occurrence), or pass unique indices")

    def get(self):
        """``x[key]``.

        >>> import numpy as np, wengert.numpy as wnp
        >>> wnp.at(np.arange(4.0))[1:3].get()
        array([1., 2.])
        """
        return getitem(self._x, self._key)

    def set(self, v):
        """``x`` with ``x[key]`` replaced by ``v`` (broadcast to the selection).

        >>> import numpy as np, wengert.numpy as wnp
        >>> wnp.at(np.zeros(3))[[0, 2]].set(1.0)
        array([1., 0., 1.])
        """
        self._check("set", v, structured.is_traced(v))
        return index_set(self._x, self._key, v)

    def add(self, v):
        """``x`` with ``v`` added at ``key``, once per occurrence of a repeated index (as
        ``np.add.at``).

        >>> import numpy as np, wengert.numpy as wnp
        >>> wnp.at(np.zeros(3))[[0, 0, 2]].add(1.0)
        array([2., 0., 1.])
        """
        self._check("add", v, False)
        return index_add(self._x, self._key, v)

    def _combined(self, what, op, v):
        x = self._x
        self._check(what, v, structured.is_traced(x) or structured.is_traced(v))
        if not (structured.is_traced(x) or structured.is_traced(v)):
            out = np.array(x, copy=True)
            op.at(out, self._key, v)  # repeated indices compound, as NumPy's ufunc.at does
            return out
        return index_set(x, self._key, op(getitem(x, self._key), v))

    def multiply(self, v):
        """``x`` with the elements at ``key`` multiplied by ``v``.

        >>> import numpy as np, wengert.numpy as wnp
        >>> wnp.at(np.ones(3))[1].multiply(4.0)
        array([1., 4., 1.])
        """
        return self._combined("multiply", np.multiply, v)

    def divide(self, v):
        """``x`` with the elements at ``key`` divided by ``v``.

        >>> import numpy as np, wengert.numpy as wnp
        >>> wnp.at(np.ones(3))[1].divide(4.0)
        array([1.  , 0.25, 1.  ])
        """
        return self._combined("divide", np.divide, v)

    def power(self, v):
        """``x`` with the elements at ``key`` raised to the power ``v``.

        >>> import numpy as np, wengert.numpy as wnp
        >>> wnp.at(np.full(3, 2.0))[1].power(3.0)
        array([2., 8., 2.])
        """
        return self._combined("power", np.power, v)

    def min(self, v):
        """``x`` with the elements at ``key`` replaced by their minimum with ``v`` (ties
        share the gradient, as ``np.minimum``).

        >>> import numpy as np, wengert.numpy as wnp
        >>> wnp.at(np.ones(3))[:2].min(np.array([0.0, 5.0]))
        array([0., 1., 1.])
        """
        return self._combined("min", np.minimum, v)

    def max(self, v):
        """``x`` with the elements at ``key`` replaced by their maximum with ``v`` (ties
        share the gradient, as ``np.maximum``).

        >>> import numpy as np, wengert.numpy as wnp
        >>> wnp.at(np.ones(3))[:2].max(np.array([0.0, 5.0]))
        array([1., 5., 1.])
        """
        return self._combined("max", np.maximum, v)


class IndexUpdateHelper:
    """``x.at`` (and ``wengert.numpy.at(x)``): index it, ``x.at[key]``, to get an
    :class:`IndexUpdateRef`.

    >>> import numpy as np, wengert.numpy as wnp
    >>> wnp.at(np.zeros((2, 2)))[:, 1].set(7.0)
    array([[0., 7.],
           [0., 7.]])
    """
    __slots__ = ("_x",)

    def __init__(self, x):
        self._x = x

    def __getitem__(self, key):
        return IndexUpdateRef(self._x, key)

    def __repr__(self):
        return f"<wengert: functional index updates of a {type(self._x).__name__}>"


def at(x):
    """Functional index updates of ``x`` (an array, a Var holding one, or a nested list):
    ``at(x)[key].set(v)``, ``.add(v)``, ``.multiply(v)``, ``.divide(v)``, ``.power(v)``,
    ``.min(v)``, ``.max(v)``, ``.get()``, each returning a new array and recording it when
    ``x`` or ``v`` holds a Var. On a Var, ``x.at`` is the same (JAX's spelling). This is how
    to write what ``x[key] = v``, ``np.add.at``, ``np.put``, ``np.put_along_axis`` or
    ``np.fill_diagonal`` would do in place, which cannot be recorded.

    ``set`` and the updates other than ``add`` refuse an index that selects an element
    more than once when there is a gradient to take through them (which repeated write
    NumPy keeps is unspecified, and repeated products compound); ``add`` adds once per
    occurrence, as ``np.add.at``. The result keeps ``x``'s dtype (as NumPy's assignment
    and JAX do), so ``x`` must be floating point (complex for a complex ``v``) to carry
    a gradient.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> wg.grad(lambda v: np.sum(wnp.at(np.zeros(4))[[0, 0, 3]].add(v) ** 2))(1.0)
    10.0

    .. versionadded:: 0.1
    """
    if not (structured.is_traced(x) or isinstance(x, np.ndarray)):
        x = np.asarray(x)
    return IndexUpdateHelper(x)


# wengert.numpy.at, and x.at on a Var (JAX's spelling): made of the two rules above
defcomposite(at, at, names=("numpy.at",), exposed=at, properties={"at": at})


#: NumPy's in-place functions (by qualified name), which cannot be recorded, and what to
#: write instead; the dispatcher raises with it when one of them meets a Var.
IN_PLACE_INSTEAD = {
    "ufunc.at": "use the functional update x.at[indices].add(v) (or .multiply, .min, .max; "
                "wengert.numpy.at(x) when x is a plain array), which returns the new array",
    "numpy.put": "use x.ravel().at[ind].set(v).reshape(x.shape) (wengert.numpy.at(x.ravel()) "
                 "when x is a plain array), which returns the new array",
    "numpy.put_along_axis": "use x.at[index].set(values) with the full index of the positions: "
                            "for a 2-D x along axis 1, index = (np.arange(x.shape[0])[:, None], "
                            "indices); it returns the new array",
    "numpy.fill_diagonal": "use x.at[np.diag_indices(min(x.shape), x.ndim)].set(val) "
                           "(wengert.numpy.at(x) when x is a plain array), which returns the "
                           "new array",
    "numpy.place": "use x.at[mask].set(vals) (vals of the mask's count) or np.where(mask, v, x), "
                   "which return the new array",
    "numpy.putmask": "use np.where(mask, values, x), which returns the new array",
    "numpy.copyto": "use np.where(where, src, dst) (or src itself), which returns the new array",
}
