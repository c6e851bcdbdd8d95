"""Gradient checking against finite differences, for any value type wengert knows.

``check_grads(f, *args)`` perturbs every floating-point leaf of every argument (floats,
arrays, and the floats and arrays inside tuples, lists, dicts, named tuples and
dataclasses) along a random direction ``v``, and compares the central-difference
directional derivative ``<u, (f(x + eps v) - f(x - eps v)) / (2 eps)>`` with
``<v, vjp(u)>`` computed by wengert, for a random output cotangent ``u``. It also
checks that each gradient has its argument's type and structure.

Complex leaves and outputs follow autograd's and JAX's convention: a cotangent ``c`` of
a complex value pairs with a tangent ``t`` as ``Re(sum(c * t))`` (no conjugate), so a
complex output counts as two real outputs, and a complex leaf is checked along two real
directions, one real (``x + h v``) and one imaginary (``x + i h v``).

.. versionadded:: 0.1
"""
import itertools
from typing import Any, Callable, Dict, List, Optional, Sequence, TypeVar, Union

import numpy as np

from .tree import children, float_paths, is_inexact_leaf, map_leaves, replace_float_leaves, still_tangent
from .transforms import jvp, vjp

__all__ = ["check_grads", "combo_check", "flatten", "unflatten"]

T = TypeVar("T")


def flatten(x: Any) -> List[Any]:
    """The floating-point leaves of ``x`` (real or complex), in a fixed order.

    >>> from wengert.testing import flatten
    >>> flatten({"a": 1.0, "b": (2.0, 3, 1j)})
    [1.0, 2.0, 1j]
    """
    return [leaf for _, leaf in float_paths(x, leaf=is_inexact_leaf)]


def unflatten(like: T, leaves: Sequence[Any]) -> T:
    """Rebuild a value shaped like ``like`` from ``leaves`` (the inverse of :func:`flatten`).

    >>> from wengert.testing import unflatten
    >>> unflatten({"a": 1.0, "b": (2.0, 3)}, [10.0, 20.0])
    {'a': 10.0, 'b': (20.0, 3)}
    """
    return replace_float_leaves(like, leaves, leaf=is_inexact_leaf)


def _random_like(leaf, rng, part=None):
    """A random direction like ``leaf``; for a complex leaf, with random real and imaginary
    parts, or only a real (``part="real"``) or imaginary (``part="imag"``) one."""
    if isinstance(leaf, float) and not isinstance(leaf, np.generic):  # a float or a subclass of float
        return float(rng.standard_normal())
    arr = np.asarray(leaf)
    r = rng.standard_normal(arr.shape)
    if arr.dtype.kind == "c":
        if part is None:
            r = r + 1j * rng.standard_normal(arr.shape)
        elif part == "imag":
            r = 1j * r
    r = r.astype(arr.dtype)
    if isinstance(leaf, complex) and not isinstance(leaf, np.generic):
        return complex(r)
    return r if isinstance(leaf, np.ndarray) else arr.dtype.type(r)


def _inner(a_leaves, b_leaves):
    """Re(sum(a * b)) over the leaves: the pairing of cotangents and tangents (no conjugate)."""
    return float(sum(np.real(np.sum(np.asarray(a) * np.asarray(b)))
                     for a, b in zip(a_leaves, b_leaves)))


def _axpy(x_leaves, v_leaves, eps):
    out = []
    for x, v in zip(x_leaves, v_leaves):
        y = x + eps * v
        if isinstance(x, (float, complex)) and not isinstance(x, np.generic):
            # a plain float or complex: a subclass (a float enum's member) need not take any value
            out.append(complex(y) if isinstance(x, complex) else float(y))
        else:
            out.append(y.astype(np.asarray(x).dtype) if isinstance(x, np.ndarray) else y)
    return out


def _directions(leaf, rng):
    """The random directions a leaf is checked along: one, or two for a complex leaf."""
    if np.iscomplexobj(leaf):
        return [_random_like(leaf, rng, "real"), _random_like(leaf, rng, "imag")]
    return [_random_like(leaf, rng)]


def _check_same_structure(grad, arg, where):
    # (an int subclass, an IntEnum member, has the int 0 as its gradient, as an int has; a
    # float or complex subclass, a float or complex scalar: Python's or NumPy's float64)
    if type(grad) is not type(arg) and not (type(grad) is int and isinstance(arg, int)) \
            and not (isinstance(arg, (float, complex)) and not isinstance(arg, np.generic)
                     and isinstance(grad, complex if isinstance(arg, complex) else float)):
        raise AssertionError(f"{where}: gradient has type {type(grad).__qualname__}, "
                             f"argument has type {type(arg).__qualname__}")
    if isinstance(arg, np.ndarray) and grad.shape != arg.shape:
        raise AssertionError(f"{where}: gradient shape {grad.shape} != argument shape {arg.shape}")
    kids_a, kids_g = children(arg), children(grad)
    if kids_a is not None:
        for (ka, a), (kg, g) in zip(kids_a, kids_g):
            _check_same_structure(g, a, f"{where}[{ka!r}]")


def check_grads(f: Callable[..., Any], *args: Any, order: int = 1,
                modes: Union[str, Sequence[str]] = ("rev",), eps: float = 1e-6, rtol: float = 1e-5,
                atol: float = 1e-6, seed: int = 0) -> None:
    """Check wengert's derivatives of ``f`` at ``args`` against central finite differences.

    ``modes`` says which derivatives are checked: ``"rev"`` (the vector-Jacobian
    product, leaf by leaf of every argument) and ``"fwd"`` (:func:`wengert.jvp` along a
    random tangent of every argument at once; with ``"fwd"`` alone, ``f`` itself is called
    plainly, not recorded for a pullback). ``order=2`` also checks the derivative of
    the derivative: the function ``args -> vjp(f, *args)(u)`` for a fixed random output
    cotangent ``u`` is checked the same way (reverse over reverse, and forward over
    reverse), and so on for higher orders. Raises ``AssertionError`` with the numbers if
    they disagree. Integer leaves are left alone; the output may be any structure of
    floats and arrays.

    >>> import numpy as np, wengert as wg
    >>> from wengert.testing import check_grads
    >>> check_grads(lambda d, s: s * np.sum(np.sin(d["x"])), {"x": np.ones(3)}, 2.0)
    >>> check_grads(lambda x: np.sum(np.exp(x) * x), np.array([0.1, 0.2]), order=2, modes=("rev", "fwd"))

    .. versionadded:: 0.1
    """
    modes = (modes,) if isinstance(modes, str) else tuple(modes)
    unknown = set(modes) - {"rev", "fwd"}
    if unknown or not modes:
        raise ValueError(f"check_grads: modes must be a non-empty subset of ('rev', 'fwd'), got {modes!r}")
    if not isinstance(order, int) or order < 1:
        raise ValueError(f"check_grads: order must be a positive int, got {order!r}")
    tolerances = dict(eps=eps, rtol=rtol, atol=atol)
    rng = np.random.default_rng(seed)
    if "rev" in modes:
        value, pullback = vjp(f, *args)
    else:  # forward mode alone needs the value, not a recording of f and its pullback
        value = f(*args)
    out_leaves = flatten(value)
    if not out_leaves:
        raise ValueError("check_grads: f returned no floating-point value to check")
    u = unflatten(value, [_random_like(leaf, rng) for leaf in out_leaves])
    if "rev" in modes:
        _check_reverse(f, args, u, pullback(u), rng, out_leaves, **tolerances)
    if "fwd" in modes:
        _check_forward(f, args, rng, out_leaves, **tolerances)
    if order > 1:
        def gradient(*xs):
            return vjp(f, *xs)[1](u)
        check_grads(gradient, *args, order=order - 1, modes=modes, eps=eps, rtol=rtol, atol=atol,
                    seed=seed + 1)


def _step_and_rtol(leaves, eps, rtol):
    """Finite-difference step and tolerance for the coarsest float dtype among ``leaves``."""
    coarsest = max(np.finfo(np.asarray(leaf).dtype).eps for leaf in leaves)
    if coarsest <= np.finfo(np.float64).eps:
        return eps, rtol
    return np.sqrt(coarsest), max(rtol, 1e-2)


def _check_reverse(f, args, u, grads, rng, out_leaves, eps, rtol, atol):
    """<v, vjp(u)> against <u, (f(x + h v) - f(x - h v)) / 2h>, one leaf at a time."""
    u_leaves = flatten(u)
    for i, (arg, g) in enumerate(zip(args, grads)):
        _check_same_structure(g, arg, f"argument {i}")
    for i, arg in enumerate(args):
        leaves = flatten(arg)
        grad_leaves = flatten(grads[i])
        for j, leaf in enumerate(leaves):
            step, tol_r = _step_and_rtol([leaf, *out_leaves], eps, rtol)
            for v in _directions(leaf, rng):
                def at(sign):
                    moved = list(args)
                    new_leaves = list(leaves)
                    new_leaves[j] = _axpy([leaf], [v], sign * step)[0]
                    moved[i] = unflatten(arg, new_leaves)
                    return flatten(f(*moved))
                numeric = (_inner(u_leaves, at(+1)) - _inner(u_leaves, at(-1))) / (2 * step)
                analytic = _inner([v], [grad_leaves[j]])
                if not np.isclose(analytic, numeric, rtol=tol_r, atol=atol):
                    direction = "" if not np.iscomplexobj(leaf) else (
                        ", imaginary direction" if np.all(np.real(v) == 0) else ", real direction")
                    raise AssertionError(
                        f"reverse-mode check failed for argument {i}, leaf {j} "
                        f"(shape {np.shape(leaf)}{direction}): wengert's directional derivative "
                        f"{analytic!r}, central differences {numeric!r}")


def _check_forward(f, args, rng, out_leaves, eps, rtol, atol):
    """jvp(f, args, v) against (f(x + h v) - f(x - h v)) / 2h, every output leaf."""
    arg_leaves = [flatten(a) for a in args]
    if not any(arg_leaves):
        return
    # an integer leaf (an int, an IntEnum, an integer array) is a constant: its tangent is 0
    tangents = tuple(map_leaves(still_tangent, unflatten(a, [_random_like(leaf, rng) for leaf in leaves]))
                     for a, leaves in zip(args, arg_leaves))
    # One step for every leaf at once: the coarsest any leaf's dtype needs.
    step, tol_r = _step_and_rtol([leaf for leaves in arg_leaves for leaf in leaves] + out_leaves, eps, rtol)

    def at(sign):
        moved = [unflatten(a, _axpy(flatten(a), flatten(t), sign * step)) for a, t in zip(args, tangents)]
        return flatten(f(*moved))
    _, tangent_out = jvp(f, args, tangents)
    numeric = [(np.asarray(p) - np.asarray(m)) / (2 * step) for p, m in zip(at(+1), at(-1))]
    analytic = flatten(tangent_out)
    if len(analytic) != len(numeric):
        raise AssertionError(f"forward-mode check: jvp returned {len(analytic)} output leaves, "
                             f"f returned {len(numeric)}")
    for k, (a, n) in enumerate(zip(analytic, numeric)):
        if not np.allclose(np.asarray(a), n, rtol=tol_r, atol=atol):
            raise AssertionError(f"forward-mode check failed for output leaf {k}: wengert's jvp "
                                 f"{np.asarray(a)!r}, central differences {n!r}")


def combo_check(f: Callable[..., Any], arg_lists: Sequence[Sequence[Any]],
                kwarg_lists: Optional[Dict[str, Sequence[Any]]] = None, **check_kwargs: Any) -> None:
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


