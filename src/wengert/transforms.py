"""autograd/JAX-style transforms built on the runners: ``grad``, ``value_and_grad``, ``vjp``.

.. versionadded:: 0.1
"""
import functools

from .runners import _run, vjp_bp

__all__ = ["grad", "value_and_grad", "vjp"]


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


