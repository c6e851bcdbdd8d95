"""autograd/JAX-style transforms built on the runners: ``grad``, ``value_and_grad``, ``vjp``.

.. versionadded:: 0.1
"""
import functools

import numpy as np

from . import protocol, structured
from ._backend import Var
from .runners import _run, vjp_bp

__all__ = ["grad", "value_and_grad", "vjp", "jvp", "linearize", "jacobian", "hessian", "hvp",
           "elementwise_grad"]


def _normalize_argnums(argnums, n_args, fname):
    single = isinstance(argnums, int)
    nums = (argnums,) if single else tuple(argnums)
    for i in nums:
        if not isinstance(i, int) or not -n_args <= i < n_args:
            raise ValueError(f"{fname}: argnums {argnums!r} out of range for {n_args} positional arguments")
    return single, tuple(i % n_args for i in nums)


def value_and_grad(f, argnums=0, has_aux=False):
    """A function returning ``f``'s value and its gradient with respect to ``argnums``.

    ``argnums`` is an int (one gradient) or a tuple of ints (a tuple of gradients). With
    ``has_aux=True``, ``f`` returns ``(output, aux)`` and the result is
    ``((output, aux), gradient)``. Keyword arguments are passed through as constants.

    >>> import wengert as wg
    >>> wg.value_and_grad(lambda x, y: x * y, argnums=(0, 1))(2.0, 5.0)
    (10.0, (5.0, 2.0))

    .. versionadded:: 0.1
    """
    @functools.wraps(f)
    def value_and_grad_f(*args, **kwargs):
        single, nums = _normalize_argnums(argnums, len(args), "value_and_grad")
        value, grads, aux = _run(f, args, kwargs, nums, None, has_aux)
        g = grads[0] if single else tuple(grads)
        return ((value, aux), g) if has_aux else (value, g)
    return value_and_grad_f


def grad(f, argnums=0, has_aux=False):
    """A function returning the gradient of scalar-valued ``f`` with respect to ``argnums``.

    With ``has_aux=True`` it returns ``(gradient, aux)``.

    >>> import numpy as np, wengert as wg
    >>> df = wg.grad(lambda w, x: np.sum(w * x) ** 2.0)
    >>> df(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    array([66., 88.])

    .. versionadded:: 0.1
    """
    vg = value_and_grad(f, argnums, has_aux)

    @functools.wraps(f)
    def grad_f(*args, **kwargs):
        out, g = vg(*args, **kwargs)
        return (g, out[1]) if has_aux else g
    return grad_f


def vjp(f, *args, has_aux=False):
    """``f(*args)`` and its pullback: ``(value, pullback)``, ``pullback(ct) -> tuple of gradients``.

    The pullback can be called any number of times, with cotangents shaped like the
    output; it returns one gradient per argument, always as a tuple (as in JAX). With
    ``has_aux=True`` the result is ``(value, pullback, aux)``.

    >>> import numpy as np, wengert as wg
    >>> y, pullback = wg.vjp(lambda x: 2.0 * x, np.array([1.0, 2.0]))
    >>> pullback(np.array([1.0, 10.0]))
    (array([ 2., 20.]),)

    .. versionadded:: 0.1
    """
    value, pullback, aux = vjp_bp(f, args, tuple(range(len(args))), {}, has_aux)
    return (value, pullback, aux) if has_aux else (value, pullback)




# -- beyond first order: forward mode, Jacobians, Hessians --------------------------------
# Every rule is written with differentiable NumPy calls, so a pullback run on Vars of an
# outer tape records itself there. Forward mode is then the transpose of the (linear)
# pullback: the VJP of ``u -> J^T u`` with cotangent ``v`` is ``J v``.

def _is_leaf(x):
    return type(x) in (float, Var) or isinstance(x, (np.ndarray, np.floating))


def _leaves(x):
    if _is_leaf(x):
        return [x]
    kids = structured._children(x)
    return [leaf for _, child in kids or () for leaf in _leaves(child)]


def _inner(a, b):
    """Sum of elementwise products of two values of the same structure (recorded on Vars)."""
    total = 0.0
    for x, y in zip(_leaves(a), _leaves(b)):
        total = total + np.sum(x * y)
    return total


def jvp(f, primals, tangents):
    """Forward mode: ``(f(*primals), J @ tangents)`` for any value types.

    ``primals`` and ``tangents`` are tuples of the same structure; the tangent output has
    the structure of ``f``'s output.

    >>> import wengert as wg
    >>> wg.jvp(lambda x, y: x * y, (2.0, 3.0), (1.0, 0.0))
    (6.0, 3.0)

    .. versionadded:: 0.1
    """
    primals, tangents = tuple(primals), tuple(tangents)
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: {len(primals)} primals but {len(tangents)} tangents")
    value, pullback = vjp(f, *primals)
    # J v is the gradient of u -> <pullback(u), v>, and pullback is linear in u.
    tangent_out = _run(lambda u: _inner(pullback(u), tangents), (protocol.zero(value),), {},
                       (0,), None)[1][0]
    return value, tangent_out


def linearize(f, *primals):
    """``(f(*primals), f_jvp)`` where ``f_jvp(*tangents)`` is the Jacobian-vector product.

    >>> import wengert as wg
    >>> y, f_jvp = wg.linearize(wg.sin, 0.0)
    >>> f_jvp(2.0)
    2.0

    .. versionadded:: 0.1
    """
    value, pullback = vjp(f, *primals)
    zero_out = protocol.zero(value)

    def f_jvp(*tangents):
        return _run(lambda u: _inner(pullback(u), tangents), (zero_out,), {}, (0,), None)[1][0]
    return value, f_jvp


def _as_array_arg(x, what):
    if type(x) is float or isinstance(x, (np.ndarray, np.floating)):
        return np.asarray(x, dtype=float)
    raise TypeError(f"{what} works on floats and arrays; got a {type(x).__qualname__}. For "
                    "structured values use vjp/jvp directly, or flatten with "
                    "wengert.testing.flatten")


def jacobian(f, argnums=0):
    """The Jacobian of ``f`` with respect to argument ``argnums`` (floats and arrays).

    Shape ``out.shape + arg.shape``. Built from reverse-mode rows when the output is
    smaller than the input, from forward-mode columns otherwise.

    >>> import numpy as np, wengert as wg
    >>> wg.jacobian(lambda x: x * x)(np.array([1.0, 2.0]))
    array([[2., 0.],
           [0., 4.]])

    .. versionadded:: 0.1
    """
    @functools.wraps(f)
    def jacobian_f(*args):
        single, (num,) = _normalize_argnums(argnums, len(args), "jacobian")
        x = _as_array_arg(args[num], "jacobian")

        def g(v):
            return f(*args[:num], v, *args[num + 1:])
        value, pullback = vjp(g, args[num])
        out = _as_array_arg(value, "jacobian")
        if out.size <= x.size:
            rows = []
            for k in range(out.size):
                e = np.zeros(out.size)
                e[k] = 1.0
                seed = float(e[0]) if type(value) is float else e.reshape(out.shape).astype(out.dtype)
                rows.append(np.asarray(pullback(seed)[0], dtype=float))
            return np.stack(rows).reshape(out.shape + x.shape) if rows else np.zeros(out.shape + x.shape)
        cols = []
        for k in range(x.size):
            e = np.zeros(x.size)
            e[k] = 1.0
            t = float(e[0]) if type(args[num]) is float else e.reshape(x.shape)
            cols.append(np.asarray(jvp(g, (args[num],), (t,))[1], dtype=float))
        return np.moveaxis(np.stack(cols), 0, -1).reshape(out.shape + x.shape)
    return jacobian_f


def hessian(f, argnums=0):
    """The Hessian of scalar-valued ``f`` (floats and arrays): shape ``x.shape + x.shape``.

    >>> import numpy as np, wengert as wg
    >>> wg.hessian(lambda x: x[0] * x[1] ** 2)(np.array([1.0, 2.0]))
    array([[0., 4.],
           [4., 2.]])

    .. versionadded:: 0.1
    """
    return jacobian(grad(f, argnums), argnums)


def hvp(f, x, v):
    """The Hessian of scalar-valued ``f`` at ``x`` times ``v``, without forming the Hessian.

    Reverse over reverse: the gradient of ``<grad f(x), v>``; ``x`` and ``v`` may be any
    structure (a dataclass of arrays, a dict...), and the result has that structure.

    >>> import numpy as np, wengert as wg
    >>> wg.hvp(lambda x: np.sum(x ** 3), np.array([1.0, 2.0]), np.array([1.0, 1.0]))
    array([ 6., 12.])

    .. versionadded:: 0.1
    """
    df = grad(f)
    return grad(lambda y: _inner(df(y), v))(x)


def elementwise_grad(f):
    """For elementwise ``f``: the derivative at each element (the gradient of ``sum(f(x))``).

    >>> import numpy as np, wengert as wg
    >>> wg.elementwise_grad(np.sin)(np.array([0.0, np.pi]))
    array([ 1., -1.])

    .. versionadded:: 0.1
    """
    @functools.wraps(f)
    def elementwise_grad_f(*args):
        value, pullback = vjp(f, *args)
        return pullback(protocol.one(value))[0]
    return elementwise_grad_f
