"""Gradient checking against finite differences, for any value type wengert knows.

``check_grads(f, *args)`` perturbs every floating-point leaf of every argument (floats,
arrays, and the floats and arrays inside tuples, lists, dicts, named tuples and
dataclasses) along a random direction ``v``, and compares the central-difference
directional derivative ``<u, (f(x + eps v) - f(x - eps v)) / (2 eps)>`` with
``<v, vjp(u)>`` computed by wengert, for a random output cotangent ``u``. It also
checks that each gradient has its argument's type and structure.

.. versionadded:: 0.1
"""
import itertools

import numpy as np

from .structured import _children, _rebuild
from .transforms import vjp

__all__ = ["check_grads", "combo_check", "flatten", "unflatten"]


def _is_float_leaf(x):
    if type(x) is float:
        return True
    return isinstance(x, (np.ndarray, np.floating)) and np.asarray(x).dtype.kind == "f"


def flatten(x):
    """The floating-point leaves of ``x``, in a fixed order.

    >>> flatten({"a": 1.0, "b": (2.0, 3)})
    [1.0, 2.0]
    """
    if _is_float_leaf(x):
        return [x]
    kids = _children(x)
    if kids is None:
        return []
    return [leaf for _, child in kids for leaf in flatten(child)]


def unflatten(like, leaves):
    """Rebuild a value shaped like ``like`` from ``leaves`` (the inverse of :func:`flatten`).

    >>> unflatten({"a": 1.0, "b": (2.0, 3)}, [10.0, 20.0])
    {'a': 10.0, 'b': (20.0, 3)}
    """
    it = iter(leaves)

    def build(x):
        if _is_float_leaf(x):
            return next(it)
        kids = _children(x)
        if kids is None:
            return x
        return _rebuild(x, [build(child) for _, child in kids])
    return build(like)


def _random_like(leaf, rng):
    if type(leaf) is float:
        return float(rng.standard_normal())
    arr = np.asarray(leaf)
    r = rng.standard_normal(arr.shape).astype(arr.dtype)
    return r if isinstance(leaf, np.ndarray) else arr.dtype.type(r)


def _inner(a_leaves, b_leaves):
    return float(sum(np.sum(np.asarray(a, dtype=float) * np.asarray(b, dtype=float))
                     for a, b in zip(a_leaves, b_leaves)))


def _axpy(x_leaves, v_leaves, eps):
    out = []
    for x, v in zip(x_leaves, v_leaves):
        y = x + eps * v
        out.append(float(y) if type(x) is float else (y.astype(np.asarray(x).dtype)
                                                        if isinstance(x, np.ndarray) else y))
    return out


def _check_same_structure(grad, arg, where):
    if type(grad) is not type(arg) and not (type(arg) is float and type(grad) is float):
        raise AssertionError(f"{where}: gradient has type {type(grad).__qualname__}, "
                             f"argument has type {type(arg).__qualname__}")
    if isinstance(arg, np.ndarray) and grad.shape != arg.shape:
        raise AssertionError(f"{where}: gradient shape {grad.shape} != argument shape {arg.shape}")
    kids_a, kids_g = _children(arg), _children(grad)
    if kids_a is not None:
        for (ka, a), (kg, g) in zip(kids_a, kids_g):
            _check_same_structure(g, a, f"{where}[{ka!r}]")


def check_grads(f, *args, eps=1e-6, rtol=1e-5, atol=1e-6, seed=0):
    """Check wengert's gradient of ``f`` at ``args`` against central finite differences.

    Raises ``AssertionError`` with the two numbers if they disagree. Every floating-point
    leaf of every argument is checked on its own, along a random direction; the output
    may be any structure of floats and arrays. Integer leaves are left alone.

    >>> import numpy as np, wengert as wg
    >>> from wengert.testing import check_grads
    >>> check_grads(lambda d, s: s * np.sum(np.sin(d["x"])), {"x": np.ones(3)}, 2.0)

    .. versionadded:: 0.1
    """
    rng = np.random.default_rng(seed)
    value, pullback = vjp(f, *args)
    out_leaves = flatten(value)
    if not out_leaves:
        raise ValueError("check_grads: f returned no floating-point value to check")
    u_leaves = [_random_like(leaf, rng) for leaf in out_leaves]
    grads = pullback(unflatten(value, u_leaves))
    for i, (arg, g) in enumerate(zip(args, grads)):
        _check_same_structure(g, arg, f"argument {i}")
    arg_leaves = [flatten(a) for a in args]
    grad_leaves = [flatten(g) for g in grads]
    for i, leaves in enumerate(arg_leaves):
        for j, leaf in enumerate(leaves):
            v = _random_like(leaf, rng)
            dtype = np.asarray(leaf).dtype
            step = eps if dtype == np.float64 else np.sqrt(np.finfo(dtype).eps)

            def at(sign):
                moved = list(args)
                new_leaves = list(leaves)
                new_leaves[j] = _axpy([leaf], [v], sign * step)[0]
                moved[i] = unflatten(args[i], new_leaves)
                return flatten(f(*moved))
            numeric = (_inner(u_leaves, at(+1)) - _inner(u_leaves, at(-1))) / (2 * step)
            analytic = _inner([v], [grad_leaves[i][j]])
            tol_r = rtol if dtype == np.float64 else max(rtol, 1e-2)
            if not np.isclose(analytic, numeric, rtol=tol_r, atol=atol):
                raise AssertionError(
                    f"gradient check failed for argument {i}, leaf {j} "
                    f"(shape {np.shape(leaf)}): wengert's directional derivative {analytic!r}, "
                    f"central differences {numeric!r}")


def combo_check(f, arg_lists, kwarg_lists=None, **check_kwargs):
    """``check_grads`` on every combination of the given positional and keyword values.

    ``arg_lists[i]`` lists the values to try for argument ``i``; ``kwarg_lists`` maps a
    keyword to the values to try for it.

    >>> import numpy as np
    >>> from wengert.testing import combo_check
    >>> combo_check(np.sum, [[np.ones((2, 3))]], {"axis": [None, 0, 1], "keepdims": [False, True]})

    .. versionadded:: 0.1
    """
    kwarg_lists = kwarg_lists or {}
    keys = list(kwarg_lists)
    for args in itertools.product(*arg_lists):
        for kv in itertools.product(*(kwarg_lists[k] for k in keys)):
            kwargs = dict(zip(keys, kv))
            check_grads(lambda *a: f(*a, **kwargs), *args, **check_kwargs)


