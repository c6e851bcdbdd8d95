"""The networks of the examples, the tour, the tests and the benchmarks, defined once.

Two multilayer perceptrons whose parameters are a dataclass, read by attribute on the
Var inside a runner (``net.w1``, backprop's ``^^.``), with logistic hidden layers and a
softmax cross-entropy loss, as in Haskell backprop's MNIST walkthrough and benchmark:

* :class:`Net`: one hidden layer (the MNIST example's 784-250-10, the tour's 8-20-4);
* :class:`DeepNet`: two hidden layers, the 784-300-100-10 network of backprop's benchmark
  (``SIZES``), on random data from :func:`make_problem` (``benchmarks/``).

Inputs are rows (``x`` of shape ``(batch, inputs)``, weights ``(fan_in, fan_out)``).
:func:`numpy_gradient` is the loss and gradient of either written out by hand in NumPy:
the reference the benchmarks time wengert against and the tests compare it with.

>>> import numpy as np, wengert as wg
>>> net, x, t = make_problem(batch=4, sizes=(6, 5, 4, 3))
>>> g = wg.grad_bp(lambda n: deep_loss(n, x, t), net)
>>> type(g).__name__, g.w1.shape, g.b3.shape
('DeepNet', (6, 5), (3,))
>>> bool(np.allclose(g.w2, numpy_gradient(net, x, t)[1].w2))
True

.. versionadded:: 0.1
"""
from dataclasses import dataclass
from typing import Any, Tuple, Union

import numpy as np

import wengert as wg
import wengert.numpy as wnp

__all__ = ["Net", "DeepNet", "SIZES", "init_net", "init_deep_net", "make_problem", "logits",
           "deep_logits", "cross_entropy", "loss", "deep_loss", "gradient", "deep_gradient",
           "numpy_gradient",
           "weight_gradient"]

#: The layer sizes of backprop's benchmark network.
SIZES = (784, 300, 100, 10)


@dataclass
class Net:
    """The parameters of a network with one logistic hidden layer and a softmax output layer.

    >>> net = init_net(np.random.default_rng(0))
    >>> net.w1.shape, net.b1.shape, net.w2.shape, net.b2.shape
    ((784, 250), (250,), (250, 10), (10,))
    """
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray


@dataclass
class DeepNet:
    """The parameters of a network with two logistic hidden layers (backprop's benchmark).

    >>> init_deep_net(np.random.default_rng(0)).w3.shape
    (100, 10)
    """
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    w3: np.ndarray
    b3: np.ndarray


def _parameters(rng, sizes):
    """Weights drawn from N(0, 1/fan_in), zero biases, layer by layer."""
    return [a for i in range(len(sizes) - 1) for a in (
        rng.normal(0.0, 1.0 / np.sqrt(sizes[i]), (sizes[i], sizes[i + 1])), np.zeros(sizes[i + 1]))]


def init_net(rng: np.random.Generator, inputs: int = 784, hidden: int = 250, outputs: int = 10) -> Net:
    """A :class:`Net`: weights drawn from N(0, 1/fan_in), zero biases.

    (The uniform(-0.5, 0.5) of backprop's walkthrough saturates logistic units fed by 784
    inputs.)

    >>> net = init_net(np.random.default_rng(0), inputs=4, hidden=3, outputs=2)
    >>> net.w2.shape, float(net.b1.sum())
    ((3, 2), 0.0)
    """
    return Net(*_parameters(rng, (inputs, hidden, outputs)))


def init_deep_net(rng: np.random.Generator, sizes: Tuple[int, int, int, int] = SIZES) -> DeepNet:
    """A :class:`DeepNet` of the given layer sizes, initialised as :func:`init_net`.

    >>> init_deep_net(np.random.default_rng(0), (4, 3, 2, 1)).w2.shape
    (3, 2)
    """
    return DeepNet(*_parameters(rng, sizes))


def make_problem(batch: int, seed: int = 0, sizes: Tuple[int, int, int, int] = SIZES
                 ) -> Tuple[DeepNet, np.ndarray, np.ndarray]:
    """The benchmarks' problem: ``(net, x, targets)``, a :class:`DeepNet`, ``batch`` random
    inputs in [0, 1) and one-hot targets, all drawn from ``seed``.

    >>> net, x, t = make_problem(3)
    >>> x.shape, t.shape, t.sum(axis=1).tolist()
    ((3, 784), (3, 10), [1.0, 1.0, 1.0])
    """
    rng = np.random.default_rng(seed)
    net = init_deep_net(rng, sizes)
    x = rng.random((batch, sizes[0]))
    t = np.eye(sizes[-1])[rng.integers(0, sizes[-1], batch)]
    return net, x, t


def logits(net: Any, x: Any) -> Any:
    """A :class:`Net`'s output before the softmax, one row per input in ``x``.

    ``net`` is a Var holding a :class:`Net` (inside ``grad_bp``) or a plain ``Net``.

    >>> net = init_net(np.random.default_rng(0), inputs=4, hidden=3, outputs=2)
    >>> logits(net, np.ones((5, 4))).shape
    (5, 2)
    """
    h = wg.logistic(x @ net.w1 + net.b1)  # attribute access on a Var: backprop's ^^.
    return h @ net.w2 + net.b2


def deep_logits(net: Any, x: Any) -> Any:
    """A :class:`DeepNet`'s output before the softmax (a Var inside a runner).

    >>> net, x, _ = make_problem(2, sizes=(4, 3, 2, 5))
    >>> deep_logits(net, x).shape
    (2, 5)
    """
    h1 = wg.logistic(x @ net.w1 + net.b1)
    h2 = wg.logistic(h1 @ net.w2 + net.b2)
    return h2 @ net.w3 + net.b3


def cross_entropy(z: Any, targets: np.ndarray) -> Any:
    """Mean cross-entropy of the softmax of the rows of ``z`` against one-hot ``targets``.

    Computed as a log-softmax shifted by each row's maximum, so that large logits
    neither overflow ``exp`` nor lose the answer (the shift changes no gradient).

    >>> round(float(cross_entropy(np.array([[1000.0, 1000.0]]), np.array([[1.0, 0.0]]))), 4)
    0.6931
    """
    z = z - wg.stop_gradient(z).max(axis=1, keepdims=True)
    log_p = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.sum(targets * log_p) / targets.shape[0]


def loss(net: Any, x: Any, targets: np.ndarray) -> Any:
    """A :class:`Net`'s training objective: mean cross-entropy on ``(x, targets)``.

    >>> net = Net(np.zeros((4, 3)), np.zeros(3), np.zeros((3, 2)), np.zeros(2))
    >>> round(float(loss(net, np.ones((1, 4)), np.array([[1.0, 0.0]]))), 4)
    0.6931
    """
    return cross_entropy(logits(net, x), targets)


def deep_loss(net: Any, x: Any, targets: np.ndarray) -> Any:
    """A :class:`DeepNet`'s mean cross-entropy, with ``wengert.numpy.log_softmax`` (one node).

    >>> net, x, t = make_problem(2, sizes=(4, 3, 2, 5))
    >>> bool(deep_loss(net, x, t) > 0)
    True
    """
    log_p = wnp.log_softmax(deep_logits(net, x), axis=1)
    return -np.sum(targets * log_p) / x.shape[0]


def gradient(net: Net, x: np.ndarray, targets: np.ndarray) -> Net:
    """The gradient of :func:`loss` with respect to the network: a ``Net``, by ``grad_bp``.

    >>> net = init_net(np.random.default_rng(0), inputs=4, hidden=3, outputs=2)
    >>> g = gradient(net, np.ones((5, 4)), np.eye(2)[[0, 1, 1, 0, 1]])
    >>> type(g).__name__, g.w1.shape
    ('Net', (4, 3))
    """
    return wg.grad_bp(lambda n: loss(n, x, targets), net)


def weight_gradient(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a.T @ b``; with an inner dimension of 1 (batch 1) np.dot's kernel is 2-4x faster.

    At batch 1 the weight gradients are outer products: ``np.dot(a.T, b)`` took 81 us at
    784x300 on the development machine, ``np.outer`` 164 us and ``a.T @ b`` 357 us.

    >>> weight_gradient(np.ones((1, 2)), np.ones((1, 3))).shape
    (2, 3)
    """
    return np.dot(a.T, b) if a.shape[0] == 1 else a.T @ b


def numpy_gradient(net: Union[Net, DeepNet], x: np.ndarray, targets: np.ndarray
                   ) -> Tuple[float, Union[Net, DeepNet]]:
    """The loss and gradient of a :class:`Net` or :class:`DeepNet`, written out by hand.

    >>> net = init_net(np.random.default_rng(0), inputs=4, hidden=3, outputs=2)
    >>> x, t = np.ones((5, 4)), np.eye(2)[[0, 1, 1, 0, 1]]
    >>> value, g = numpy_gradient(net, x, t)
    >>> bool(np.isclose(value, loss(net, x, t))), bool(np.allclose(g.w1, gradient(net, x, t).w1))
    (True, True)
    """
    params = [getattr(net, f"{kind}{i}") for i in range(1, len(vars(net)) // 2 + 1) for kind in "wb"]
    layers = list(zip(params[0::2], params[1::2]))
    activations = [x]
    for w, b in layers[:-1]:
        activations.append(1.0 / (1.0 + np.exp(-(activations[-1] @ w + b))))
    z = activations[-1] @ layers[-1][0] + layers[-1][1]
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    s = e.sum(axis=1, keepdims=True)
    batch = x.shape[0]
    value = -np.sum(targets * (z - np.log(s))) / batch
    delta = (e / s - targets) / batch
    grads: list = []
    for i in range(len(layers) - 1, -1, -1):
        a = activations[i]
        grads[:0] = [weight_gradient(a, delta), delta.sum(axis=0)]
        if i:
            delta = delta @ layers[i][0].T * a * (1.0 - a)
    return value, type(net)(*grads)


def deep_gradient(net: DeepNet, x: np.ndarray, targets: np.ndarray) -> Tuple[Any, DeepNet]:
    """The loss and gradient of :func:`deep_loss` by ``wengert.backprop``, as
    :func:`numpy_gradient` gives them by hand.

    >>> net, x, t = make_problem(2, sizes=(4, 3, 2, 5))
    >>> value, g = deep_gradient(net, x, t)
    >>> bool(np.isclose(value, numpy_gradient(net, x, t)[0])), type(g).__name__
    (True, 'DeepNet')
    """
    return wg.backprop(lambda n: deep_loss(n, x, targets), net)
