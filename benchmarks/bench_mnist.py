"""One MNIST training epoch: wengert's automatic gradient against a hand-written one.

The example's network (784-250-10, logistic hidden layer, softmax cross-entropy) and
data (the 8,000 training digits shipped with wengert), one epoch of minibatches of 50
with Adam, through the example's own loop (``wengert.examples.mnist.train_steps``):
once with ``grad_bp`` (the example's ``gradient``) and once with the gradient written
out by hand in NumPy. The only difference between the two runs is the gradient
function, so the ratio is what automatic differentiation costs a whole training run,
optimizer included. Also timed: one minibatch gradient alone. Both run with one BLAS
thread, as the example trains (``mnist.limit_blas_threads``: on a busy 2-core machine
two OpenBLAS threads made these small products 5-10 times slower).

Run ``python -m pytest benchmarks/bench_mnist.py --benchmark-only`` for pytest-benchmark's
statistics, or ``python benchmarks/bench_mnist.py`` for a table of ratios to the
hand-written gradient, measured in one run with the two implementations interleaved.
"""

import numpy as np
import pytest

import wengert as wg
from timing import interleaved, print_table
from wengert.examples import mnist
from wengert.examples.network import numpy_gradient

BATCH = 50


def grad_numpy(net, x, targets):
    """The gradient of ``mnist.loss`` written out by hand (``network.numpy_gradient``)."""
    return numpy_gradient(net, x, targets)[1]


GRADIENTS = {"hand-written NumPy": grad_numpy, "wengert grad_bp": mnist.gradient}

_problem = {}


def make_problem():
    """The initial network and the 8,000 training digits, shuffled once (cached)."""
    if not _problem:
        data = mnist.load_bundled()
        rng = np.random.default_rng(0)
        order = rng.permutation(len(data.train_x))
        _problem.update(net=mnist.init_net(rng), x=data.train_x[order],
                        targets=mnist.one_hot(data.train_y[order]))
    return _problem["net"], _problem["x"], _problem["targets"]


def epoch(gradient):
    """One epoch of Adam steps from the same initial network; returns the trained network."""
    net, x, targets = make_problem()
    opt = wg.optim.Adam(0.002)
    return mnist.train_steps(net, opt.init(net), opt, x, targets, BATCH, gradient=gradient)[1]


# -- pytest-benchmark -------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def one_blas_thread():
    with mnist.limit_blas_threads(1):
        yield


@pytest.mark.parametrize("impl", list(GRADIENTS))
def test_mnist_epoch(benchmark, impl):
    benchmark.group = f"MNIST epoch: 8,000 points, batch {BATCH}, Adam"
    benchmark.pedantic(epoch, args=(GRADIENTS[impl],), rounds=3, iterations=1, warmup_rounds=1)


@pytest.mark.parametrize("impl", list(GRADIENTS))
def test_mnist_minibatch_gradient(benchmark, impl):
    net, x, targets = make_problem()
    benchmark.group = f"784-250-10 gradient, batch {BATCH}"
    benchmark(GRADIENTS[impl], net, x[:BATCH], targets[:BATCH])


def test_wengert_gradient_equals_hand_written():
    net, x, targets = make_problem()
    g_ref, g = grad_numpy(net, x[:BATCH], targets[:BATCH]), mnist.gradient(net, x[:BATCH], targets[:BATCH])
    for name in ("w1", "b1", "w2", "b2"):
        np.testing.assert_allclose(getattr(g, name), getattr(g_ref, name), rtol=1e-9, atol=1e-14)


# -- one-run ratio table ---------------------------------------------------------------------

def ratio_table(repeat=5):
    """Rows of (case, implementation, seconds per call, ratio to the hand-written gradient)."""
    rows = []
    names = list(GRADIENTS)
    net, x, targets = make_problem()
    cases = [
        (f"784-250-10 gradient, batch {BATCH}",
         [lambda g=g: g(net, x[:BATCH], targets[:BATCH]) for g in GRADIENTS.values()]),
        (f"MNIST training epoch (8,000 points, batch {BATCH}, Adam)",
         [lambda g=g: epoch(g) for g in GRADIENTS.values()]),
    ]
    for case, fns in cases:
        with mnist.limit_blas_threads(1):
            for fn in fns:
                fn()  # warm up
            times = interleaved(fns, rounds=repeat, min_time=0.02)
        rows += [(case, name, sec, sec / times[0]) for name, sec in zip(names, times)]
    return rows


def main():
    print_table(ratio_table())


if __name__ == "__main__":
    main()
