"""The 784-300-100-10 network of backprop's benchmark, written three ways, against hand-written NumPy.

backprop's own benchmark times the gradient of this network as "manual", "bp-lens",
"bp-hkd" and "hybrid". The same four here, on the problem of ``wengert.examples.network``
(logistic hidden layers, softmax cross-entropy, mean over the batch):

* **hand-written NumPy**: ``network.numpy_gradient``, the limit;
* **lens**: attribute access on the dataclass Var (``net.w1``), ``network.deep_loss``;
* **fields** (pattern matching): ``w1, b1, ... = wg.fields(net)`` unpacks every field at
  once, then the same code runs on a ``Net`` of field Vars;
* **hybrid**: each layer is one primitive with a hand-written gradient (``wg.primitive``
  and ``wg.defvjp``), the loss too; wengert only chains them.

Run ``python benchmarks/bench_network.py`` for a table of ratios to hand-written NumPy,
measured in one run with the rounds interleaved, or
``python -m pytest benchmarks/bench_network.py --benchmark-only``.
"""
import numpy as np
import pytest

import wengert as wg
from wengert.examples.network import DeepNet as Net
from wengert.examples.network import deep_gradient, make_problem, weight_gradient
from wengert.examples.network import deep_loss as loss_wengert
from wengert.examples.network import numpy_gradient as grad_numpy
from timing import interleaved_best, print_table

BATCHES = (128, 1)


# -- fields: unpack the record once ("pattern matching", backprop's splitBV) ---------------

def loss_fields(net, x, t):
    w1, b1, w2, b2, w3, b3 = wg.fields(net)
    return loss_wengert(Net(w1, b1, w2, b2, w3, b3), x, t)  # a plain Net holding Vars


# -- hybrid: one primitive per layer, each with its hand-written gradient -----------------



@wg.primitive
def logistic_layer(x, w, b):
    return 1.0 / (1.0 + np.exp(-(x @ w + b)))


def _delta(g, h):  # the cotangent before the logistic, from the one after it
    return g * h * (1.0 - h)


# A rule runs only for an argument that is a Var: the input layer's data gets none.
wg.defvjp(logistic_layer,
          lambda h, x, w, b: lambda g: _delta(g, h) @ w.T,
          lambda h, x, w, b: lambda g: weight_gradient(x, _delta(g, h)),
          lambda h, x, w, b: lambda g: _delta(g, h).sum(axis=0))


@wg.primitive
def affine_layer(x, w, b):
    return x @ w + b


wg.defvjp(affine_layer,
          lambda z, x, w, b: lambda g: g @ w.T,
          lambda z, x, w, b: lambda g: weight_gradient(x, g),
          lambda z, x, w, b: lambda g: g.sum(axis=0))


@wg.primitive
def softmax_cross_entropy(z, t):
    z = z - z.max(axis=1, keepdims=True)
    return -np.sum(t * (z - np.log(np.exp(z).sum(axis=1, keepdims=True)))) / z.shape[0]


def _vjp_softmax_cross_entropy(loss, z, t):
    def pullback(g):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return g * (e / e.sum(axis=1, keepdims=True) - t) / z.shape[0]
    return pullback


wg.defvjp(softmax_cross_entropy, _vjp_softmax_cross_entropy, None)


def loss_hybrid(net, x, t):
    h1 = logistic_layer(x, net.w1, net.b1)
    h2 = logistic_layer(h1, net.w2, net.b2)
    return softmax_cross_entropy(affine_layer(h2, net.w3, net.b3), t)


# -- the three ways, as gradient functions like grad_numpy ----------------------------------

def _gradient_of(loss):
    def gradient(net, x, t):
        return wg.backprop(lambda n: loss(n, x, t), net)
    gradient.__name__ = f"grad_{loss.__name__}"
    return gradient


IMPLEMENTATIONS = {
    "hand-written NumPy": grad_numpy,
    "wengert lens (net.w1)": deep_gradient,
    "wengert fields (w1, ... = fields(net))": _gradient_of(loss_fields),
    "wengert hybrid (one op per layer)": _gradient_of(loss_hybrid),
}


def ratio_table():
    """Rows of (case, implementation, seconds per gradient, ratio to hand-written NumPy)."""
    rows = []
    for batch in BATCHES:
        net, x, t = make_problem(batch)
        best = interleaved_best([(name, fn, (net, x, t)) for name, fn in IMPLEMENTATIONS.items()],
                                rounds=7, min_time=0.2)
        ref = best["hand-written NumPy"]
        for name in IMPLEMENTATIONS:
            rows.append((f"784-300-100-10 gradient, batch {batch}", name, best[name], best[name] / ref))
    return rows


def main():
    print_table(ratio_table())


# -- pytest-benchmark -------------------------------------------------------------------------

@pytest.mark.parametrize("batch", BATCHES)
@pytest.mark.parametrize("impl", list(IMPLEMENTATIONS))
def test_network_gradient(benchmark, batch, impl):
    net, x, t = make_problem(batch)
    benchmark.group = f"784-300-100-10 gradient three ways, batch {batch}"
    benchmark(IMPLEMENTATIONS[impl], net, x, t)


@pytest.mark.parametrize("batch", (1, 7))
def test_every_way_gives_the_hand_written_gradient(batch):
    net, x, t = make_problem(batch, seed=batch)
    loss_ref, g_ref = grad_numpy(net, x, t)
    for name, fn in IMPLEMENTATIONS.items():
        loss, g = fn(net, x, t)
        assert type(g) is Net, name
        assert loss == pytest.approx(loss_ref, rel=1e-12), name
        for field in ("w1", "b1", "w2", "b2", "w3", "b3"):
            np.testing.assert_allclose(getattr(g, field), getattr(g_ref, field), rtol=1e-9, atol=1e-14,
                                       err_msg=f"{name}: {field}")


def test_every_way_runs_unchanged_under_eval_bp():
    net, x, t = make_problem(3)
    ref = grad_numpy(net, x, t)[0]
    for loss in (loss_wengert, loss_fields, loss_hybrid):
        assert wg.eval_bp(lambda n: loss(n, x, t), net) == pytest.approx(ref, rel=1e-12)


if __name__ == "__main__":
    main()
