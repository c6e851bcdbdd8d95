"""Optimizers over any parameter structure: SGD, momentum and Adam.

Parameters may be anything wengert differentiates: a float, an array, a dataclass of
arrays, a dict, a list of layer records, nested mixes of them, or a type registered
with :func:`wengert.register`. The API is functional, as in JAX's optimizers and optax:

    state = opt.init(params)
    state, params = opt.update(grads, state, params)

``update`` returns new parameters and never writes into the old ones. It copies nothing
it does not change: a leaf whose step is exactly zero (its gradient is the zero, for
instance a field the loss never read, and its optimizer state is zero) comes back as the
same object, and so do non-float leaves (ints, strings, ``None``, integer arrays) and
any container none of whose leaves changed. A key missing from a dict of gradients
counts as a zero gradient, as in the protocol's ``add``.

The updates are written with the protocol's ``add`` and ``scale``, so SGD and momentum
also work on registered types that define ``scale``; Adam also needs elementwise square
and square root, so it works on float and array leaves (inside any structure).

>>> import numpy as np, wengert as wg
>>> opt = wg.optim.SGD(lr=0.1)
>>> params = {"w": np.array([1.0, 2.0]), "n": 3}
>>> state = opt.init(params)
>>> state, params = opt.update({"w": np.array([10.0, 0.0]), "n": 0}, state, params)
>>> params
{'w': array([0., 2.]), 'n': 3}

.. versionadded:: 0.1
"""
import math
from typing import Any, NamedTuple, Tuple, TypeVar

P = TypeVar("P")  # a parameter structure: the gradients and the new parameters have its type

import numpy as np

from .protocol import add, instance_for, scale, zero
from .structured import is_complex
from .tree import children, is_float_leaf, rebuild

__all__ = ["SGD", "Momentum", "Adam", "MomentumState", "AdamState"]

_MISSING = object()
_FIXED_TYPES = (int, bool, str, bytes, type(None))


def _is_zero(x):
    """Whether a leaf is exactly the zero (a cheap test for floats and arrays, False otherwise)."""
    if type(x) is float:
        return x == 0.0
    if isinstance(x, (np.ndarray, np.generic)):
        return not x.any()
    return False


def _is_fixed(x):
    # Leaves an optimizer never moves: they carry no gradient (see wengert.protocol); a
    # subclass of int or str (an IntEnum or StrEnum member) too
    return (type(x) in _FIXED_TYPES or isinstance(x, (int, str, bytes))
            or (isinstance(x, (np.ndarray, np.generic)) and x.dtype.kind not in "fc"))


def _map_leaves(step, params, grads, states, path="params"):
    """Apply ``step(param, grad, *state_leaves)`` at every movable leaf of ``params``.

    ``grads`` and each of ``states`` are shaped like ``params``; ``step`` returns
    ``(new_param, *new_state_leaves)``, or None when the leaf does not move. Returns one
    structure per output, or None when nothing changed, so that every subtree in which
    nothing moved is reused as it is.
    """
    if grads is _MISSING or _is_fixed(params):
        return None  # a key missing from a dict of gradients is a zero gradient
    kids = children(params)
    if kids is None:
        if children(grads) is not None:
            raise TypeError(
                f"{path} is a {type(params).__qualname__} but its gradient is a "
                f"{type(grads).__qualname__}: pass gradients of the same structure as the "
                "parameters (what wengert.grad_bp returns)")
        return step(params, grads, *states)
    _check_alike(params, (grads, *states), path)
    grad_kids = dict(children(grads))
    state_kids = [dict(children(s)) for s in states]
    changed = False
    new_kids = [[] for _ in range(len(states) + 1)]
    for key, child in kids:
        child_states = _child_states(state_kids, key, path)
        out = _map_leaves(step, child, grad_kids.get(key, _MISSING), child_states,
                          f"{path}[{key!r}]" if type(params) in (dict, list, tuple) else f"{path}.{key}")
        if out is None:
            out = (child, *child_states)
        else:
            changed = True
        for acc, value in zip(new_kids, out):
            acc.append(value)
    if not changed:
        return None
    return tuple(rebuild(like, values) for like, values in zip((params, *states), new_kids))


def _check_alike(params, trees, path):
    """Raise unless each of ``trees`` (the gradient, the states) has ``params``' type and length."""
    for t in trees:
        if type(t) is not type(params):
            raise TypeError(
                f"{path} is a {type(params).__qualname__} but its gradient or optimizer state "
                f"is a {type(t).__qualname__}: pass gradients of the same structure as the "
                "parameters (what wengert.grad_bp returns) and the state from opt.init(params)")
        if type(t) in (list, tuple) and len(t) != len(params):
            raise ValueError(f"{path} has {len(params)} items but its gradient or optimizer "
                             f"state has {len(t)}")


def _child_states(state_kids, key, path):
    try:
        return [sk[key] for sk in state_kids]
    except KeyError:
        raise ValueError(f"the optimizer state has no entry for {path}[{key!r}]: make the "
                         "state with opt.init(params) for these parameters") from None


def _update(step, params, grads, *states):
    """``(new_params, *new_states)``; the inputs themselves where nothing moved."""
    out = _map_leaves(step, params, grads, states)
    return out if out is not None else (params, *states)


def _descent(g):
    """The direction to step against: ``g``, conjugated for complex leaves. Under wengert's
    (autograd's, JAX's) convention the gradient with respect to ``z`` is the conjugate of
    the steepest-ascent direction (see wengert.ops.complexnum)."""
    return g.conjugate() if is_complex(g) else g


def _sqrt(x):
    return math.sqrt(x) if type(x) is float else np.sqrt(x)


def _check_lr(name, value):
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def _check_decay(name, value):
    if not (isinstance(value, (int, float)) and 0 <= value < 1):
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return float(value)


class SGD:
    """Plain stochastic gradient descent: ``params - lr * grads``.

    The state is ``None``; it is kept so that every optimizer is used the same way.

    >>> import wengert as wg
    >>> opt = wg.optim.SGD(lr=0.5)
    >>> state, x = opt.update(4.0, opt.init(1.0), 1.0)
    >>> x
    -1.0

    .. versionadded:: 0.1
    """

    def __init__(self, lr: float) -> None:
        self.lr = _check_lr("lr", lr)

    def __repr__(self):
        return f"SGD(lr={self.lr})"

    def init(self, params: Any) -> None:
        """The initial state: ``None``.

        >>> import wengert as wg
        >>> wg.optim.SGD(0.1).init({"w": 1.0}) is None
        True
        """
        return None

    def update(self, grads: Any, state: None, params: P) -> Tuple[None, P]:
        """``(state, new_params)`` after one step against ``grads``.

        >>> import wengert as wg
        >>> wg.optim.SGD(0.1).update({"a": 1.0, "b": 0.0}, None, {"a": 1.0, "b": 2.0})
        (None, {'a': 0.9, 'b': 2.0})
        """
        neg_lr = -self.lr

        def step(p, g):
            if _is_zero(g):
                return None
            return (add(p, scale(_descent(g), neg_lr)),)
        return state, _update(step, params, grads)[0]


class MomentumState(NamedTuple):
    """The velocity of :class:`Momentum`, shaped like the parameters.

    >>> import wengert as wg
    >>> wg.optim.Momentum(0.1).init([1.0, 2.0])
    MomentumState(velocity=[0.0, 0.0])
    """
    velocity: Any


class Momentum:
    """Gradient descent with (heavy-ball) momentum.

    ``velocity = beta * velocity + grads``; ``params = params - lr * velocity``.

    >>> import wengert as wg
    >>> opt = wg.optim.Momentum(lr=0.1, beta=0.5)
    >>> state = opt.init(0.0)
    >>> state, x = opt.update(1.0, state, 0.0)
    >>> state, x = opt.update(1.0, state, x)
    >>> round(x, 12), state.velocity
    (-0.25, 1.5)

    .. versionadded:: 0.1
    """

    def __init__(self, lr: float, beta: float = 0.9) -> None:
        self.lr = _check_lr("lr", lr)
        self.beta = _check_decay("beta", beta)

    def __repr__(self):
        return f"Momentum(lr={self.lr}, beta={self.beta})"

    def init(self, params: Any) -> "MomentumState":
        """Zero velocity shaped like ``params``.

        >>> import numpy as np, wengert as wg
        >>> wg.optim.Momentum(0.1).init({"w": np.ones(2)})
        MomentumState(velocity={'w': array([0., 0.])})
        """
        return MomentumState(zero(params))

    def update(self, grads: Any, state: "MomentumState", params: P) -> Tuple["MomentumState", P]:
        """``(state, new_params)`` after one step against ``grads``.

        >>> import wengert as wg
        >>> opt = wg.optim.Momentum(0.1)
        >>> opt.update(2.0, opt.init(1.0), 1.0)
        (MomentumState(velocity=2.0), 0.8)
        """
        neg_lr, beta = -self.lr, self.beta

        def step(p, g, v):
            if _is_zero(g) and _is_zero(v):
                return None
            v = add(scale(v, beta), _descent(g))
            return (add(p, scale(v, neg_lr)), v)
        new_params, velocity = _update(step, params, grads, state.velocity)
        return MomentumState(velocity), new_params


class AdamState(NamedTuple):
    """Step count and moment estimates of :class:`Adam`, shaped like the parameters.

    >>> import wengert as wg
    >>> wg.optim.Adam().init(1.0)
    AdamState(count=0, mu=0.0, nu=0.0)
    """
    count: int  # type: ignore[assignment]  # a field named like tuple.count
    mu: Any
    nu: Any


def _float_leaf_op(name, x):
    if not is_float_leaf(x):
        instance_for(x)  # a type with no protocol instance gets that error first
        raise TypeError(
            f"{name} needs elementwise square and square root, which a "
            f"{type(x).__qualname__} leaf does not have: use it on floats and float arrays "
            "(inside any structure), or use SGD or Momentum, which need only add and scale")


class Adam:
    """Adam (Kingma and Ba, 2015), with bias-corrected moment estimates.

    ``mu = b1 mu + (1-b1) g``, ``nu = b2 nu + (1-b2) g**2``, and
    ``params -= lr * mu_hat / (sqrt(nu_hat) + eps)``. Its first step moves each
    coordinate by ``lr * sign(g)`` (up to ``eps``).

    >>> import numpy as np, wengert as wg
    >>> opt = wg.optim.Adam(lr=0.1)
    >>> state, p = opt.update(np.array([3.0, -0.5]), opt.init(np.zeros(2)), np.zeros(2))
    >>> p.round(6)
    array([-0.1,  0.1])

    .. versionadded:: 0.1
    """

    def __init__(self, lr: float = 1e-3, b1: float = 0.9, b2: float = 0.999,
                 eps: float = 1e-8) -> None:
        self.lr = _check_lr("lr", lr)
        self.b1 = _check_decay("b1", b1)
        self.b2 = _check_decay("b2", b2)
        self.eps = _check_lr("eps", eps)

    def __repr__(self):
        return f"Adam(lr={self.lr}, b1={self.b1}, b2={self.b2}, eps={self.eps})"

    def init(self, params: Any) -> "AdamState":
        """A zero step count and zero moments shaped like ``params``.

        >>> import wengert as wg
        >>> wg.optim.Adam().init({"b": 2.0})
        AdamState(count=0, mu={'b': 0.0}, nu={'b': 0.0})
        """
        return AdamState(0, zero(params), zero(params))

    def update(self, grads: Any, state: "AdamState", params: P) -> Tuple["AdamState", P]:
        """``(state, new_params)`` after one step against ``grads``.

        >>> import wengert as wg
        >>> opt = wg.optim.Adam(lr=0.01)
        >>> state, x = opt.update(-5.0, opt.init(1.0), 1.0)
        >>> state.count, round(x, 6)
        (1, 1.01)
        """
        b1, b2, eps = self.b1, self.b2, self.eps
        count = state.count + 1
        # The bias corrections folded into one step size (the paper's "efficient version").
        lr_t = -self.lr * math.sqrt(1.0 - b2 ** count) / (1.0 - b1 ** count)
        eps_t = eps * math.sqrt(1.0 - b2 ** count)

        def step(p, g, m, v):
            _float_leaf_op("Adam", p)
            if _is_zero(g) and _is_zero(m) and _is_zero(v):
                return None
            m = add(scale(m, b1), scale(g, 1.0 - b1))
            v = add(scale(v, b2), scale(g * g, 1.0 - b2))
            return (add(p, scale(m / (_sqrt(v) + eps_t), lr_t)), m, v)
        new_params, mu, nu = _update(step, params, grads, state.mu, state.nu)
        return AdamState(count, mu, nu), new_params
