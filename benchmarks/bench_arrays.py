"""Array code: the 784-300-100-10 network of backprop's benchmark, against hand-written NumPy.

The problem (the network, its data, its loss and the hand-written gradient) is defined
once, in ``wengert.examples.network``, for every benchmark, the tests and the examples;
this module only times it.

Gradient of the mean cross-entropy with respect to all six weights and biases (logistic
hidden layers, softmax output), at batch 128 and batch 1; ``eval_bp`` of the forward pass
against the plain forward pass; and the per-op overhead of a chain of 3,000 elementwise
ops on 1-element arrays; the power rule's pullback on 1e6 entries (``x ** (1/3)``, whose
exponent less one rounds, and ``x ** 2.5``, whose does not). autograd and PyTorch are timed
too when installed.

Two more rows put the wengert figure in context: the same loss written with NumPy's exp,
sum and log alone (no ``wengert.numpy.log_softmax``), and a floor, the same gradient
through a minimal tape written for this network alone (``grad_minimal_tape``): what no
tape-based library in Python can go below.

Run ``python -m pytest benchmarks/bench_arrays.py --benchmark-only`` for pytest-benchmark's
statistics, or ``python benchmarks/bench_arrays.py`` for a table of ratios to the
hand-written gradient, every row measured in the same run, interleaved.
"""

import numpy as np
import pytest

import wengert as wg
from timing import interleaved, peak_memory, print_table
from wengert.examples.network import (DeepNet, deep_gradient, deep_logits, deep_loss, make_problem,
                                      numpy_gradient)

# -- hand-written NumPy: the limit -------------------------------------------------------

def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def forward_numpy(net, x):
    h1 = _sigmoid(x @ net.w1 + net.b1)
    h2 = _sigmoid(h1 @ net.w2 + net.b2)
    return h2 @ net.w3 + net.b3


#: The loss and gradient written out by hand, with the fastest kernel for outer products.
grad_numpy = numpy_gradient


# -- wengert: attribute access on a dataclass Var -----------------------------------------

forward_wengert = deep_logits  # attribute access on the Var: net.w1
loss_wengert = deep_loss  # the mean cross-entropy as a user writes it, with wengert's log-softmax
grad_wengert = deep_gradient


def loss_wengert_numpy_only(net, x, t):
    """The same loss from NumPy's exp, sum and log alone: five recorded nodes, not one."""
    z = forward_wengert(net, x)
    z = z - wg.stop_gradient(z).max(axis=1, keepdims=True)  # the shift changes no gradient
    log_p = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.sum(t * log_p) / x.shape[0]


def grad_wengert_numpy_only(net, x, t):
    return wg.backprop(lambda n: loss_wengert_numpy_only(n, x, t), net)


# -- the floor of any tape in Python ------------------------------------------------------------
# The same gradient through the least a tape written in Python must do: each op computes
# its value and appends its pullbacks (closures) to a list, and the sweep calls them in
# reverse, adding cotangents in a dict. No NumPy dispatch, no checks, no records, no
# broadcasting rules: only this network's ops, written for it. Its ratio to the
# hand-written gradient is the overhead no general tape-based library can go below.

class _MinimalTape:
    def __init__(self):
        self.pullbacks = []  # per node: [(parent node, g -> cotangent for that parent)]

    def node(self, value, pullbacks=()):
        self.pullbacks.append(pullbacks)
        return len(self.pullbacks) - 1, value

    def sweep(self, root, n_leaves):
        """Adjoints after sweeping from ``root`` down to the leaves (the first nodes)."""
        adjoint = {root: 1.0}
        for i in range(root, n_leaves - 1, -1):
            g = adjoint.pop(i, None)
            if g is not None:
                for parent, pullback in self.pullbacks[i]:
                    c = pullback(g)
                    old = adjoint.get(parent)
                    adjoint[parent] = c if old is None else old + c
        return adjoint


def grad_minimal_tape(net, x, t):
    tape = _MinimalTape()
    params = [tape.node(v) for v in (net.w1, net.b1, net.w2, net.b2, net.w3, net.b3)]

    def matmul(a, w):  # a may be the constant x (no node)
        (j, wv), av = w, (a[1] if type(a) is tuple else a)
        a_t, w_t = av.T, wv.T
        pullbacks = [(j, lambda g: np.dot(a_t, g))]
        if type(a) is tuple:
            pullbacks.append((a[0], lambda g: np.dot(g, w_t)))
        return tape.node(av @ wv, pullbacks)

    def add_bias(h, b):
        return tape.node(h[1] + b[1], [(h[0], lambda g: g), (b[0], lambda g: np.add.reduce(g, 0))])

    def logistic(h):
        s = 1.0 / (1.0 + np.exp(-h[1]))
        return tape.node(s, [(h[0], lambda g: g * s * (1.0 - s))])

    def log_softmax(z):
        shifted = z[1] - z[1].max(axis=1, keepdims=True)
        out = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return tape.node(out, [(z[0], lambda g: g - np.exp(out) * g.sum(axis=1, keepdims=True))])

    w1, b1, w2, b2, w3, b3 = params
    h1 = logistic(add_bias(matmul(x, w1), b1))
    h2 = logistic(add_bias(matmul(h1, w2), b2))
    log_p = log_softmax(add_bias(matmul(h2, w3), b3))
    scale = -1.0 / x.shape[0]
    loss = tape.node(np.sum(t * log_p[1]) * scale, [(log_p[0], lambda g: g * scale * t)])
    adjoint = tape.sweep(loss[0], len(params))
    return loss[1], DeepNet(*(adjoint[i] for i, _ in params))


# -- optional outside references -----------------------------------------------------------

def _autograd_grad():
    anp = pytest.importorskip("autograd.numpy")
    from autograd import value_and_grad

    def loss(params, x, t):
        w1, b1, w2, b2, w3, b3 = params
        h1 = 1.0 / (1.0 + anp.exp(-(anp.dot(x, w1) + b1)))
        h2 = 1.0 / (1.0 + anp.exp(-(anp.dot(h1, w2) + b2)))
        z = anp.dot(h2, w3) + b3
        z = z - anp.max(z, axis=1, keepdims=True)
        return -anp.sum(t * (z - anp.log(anp.sum(anp.exp(z), axis=1, keepdims=True)))) / x.shape[0]
    vg = value_and_grad(loss)
    return lambda net, x, t: vg([net.w1, net.b1, net.w2, net.b2, net.w3, net.b3], x, t)


def _torch_grad():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)  # as NumPy's BLAS here (tools/report.py --blas-threads 1): same cores

    def run(net, x, t, _cache={}):
        key = id(net)
        if key not in _cache:
            _cache.clear()
            _cache[key] = ([torch.tensor(a, requires_grad=True) for a in
                            (net.w1, net.b1, net.w2, net.b2, net.w3, net.b3)],
                           torch.tensor(x), torch.tensor(t))
        params, xt, tt = _cache[key]
        for p in params:
            p.grad = None
        w1, b1, w2, b2, w3, b3 = params
        h1 = torch.sigmoid(xt @ w1 + b1)
        h2 = torch.sigmoid(h1 @ w2 + b2)
        loss = -(tt * torch.log_softmax(h2 @ w3 + b3, dim=1)).sum() / xt.shape[0]
        loss.backward()
        return loss.item(), [p.grad for p in params]
    return run


# -- the per-op overhead chain ----------------------------------------------------------------

CHAIN_OPS = 3000


def chain_wengert(x):
    for _ in range(CHAIN_OPS // 3):
        x = np.tanh(x) * 0.9 + 0.05
    return np.sum(x)


def chain_numpy_grad(x0):
    # The fastest NumPy formulation found: tanh's values kept from the forward pass (taking
    # tanh again in the backward pass, with ** 2, was 15% slower; the same bits)
    ys = []
    x = x0
    for _ in range(CHAIN_OPS // 3):
        y = np.tanh(x)
        ys.append(y)
        x = y * 0.9 + 0.05
    g = np.ones_like(x)
    for y in reversed(ys):
        g = g * 0.9 * (1.0 - y * y)
    return g


# -- the power rule on a large array ------------------------------------------------------------

POWER_SIZE = 10 ** 6
#: exponent -> its hand-written gradient of sum(x ** y) from x ** y (1/3: y * p / x, one division, as wengert's rule
#: where y - 1 rounds; 2.5: y * x ** 1.5, a second power, where it does not)
POWERS = {"1/3": (1.0 / 3.0, lambda x, p: p / (3.0 * x)), "2.5": (2.5, lambda x, p: 2.5 * x ** 1.5)}


def power_data(n=POWER_SIZE):
    return np.random.default_rng(0).uniform(0.1, 2.0, n)


def power_numpy_grad(x, exponent):
    y, rule = POWERS[exponent]
    p = x ** y
    return np.sum(p), rule(x, p)


def power_wengert_grad(x, exponent):
    y = POWERS[exponent][0]
    return wg.value_and_grad(lambda v: np.sum(v ** y))(x)


# -- pytest-benchmark -------------------------------------------------------------------------

@pytest.mark.parametrize("batch", [128, 1])
@pytest.mark.parametrize("impl", ["numpy", "wengert", "wengert numpy-only loss", "minimal tape",
                                  "autograd", "torch"])
def test_mlp_gradient(benchmark, batch, impl):
    net, x, t = make_problem(batch)
    fn = {"numpy": lambda: grad_numpy, "wengert": lambda: grad_wengert,
          "wengert numpy-only loss": lambda: grad_wengert_numpy_only,
          "minimal tape": lambda: grad_minimal_tape,
          "autograd": _autograd_grad, "torch": _torch_grad}[impl]()
    benchmark.group = f"mlp gradient, batch {batch}"
    benchmark(fn, net, x, t)


@pytest.mark.parametrize("impl", ["numpy", "wengert eval_bp"])
def test_mlp_forward(benchmark, impl):
    net, x, _ = make_problem(128)
    benchmark.group = "mlp forward, batch 128"
    if impl == "numpy":
        benchmark(forward_numpy, net, x)
    else:
        benchmark(wg.eval_bp, lambda n: forward_wengert(n, x), net)


@pytest.mark.parametrize("impl", ["numpy", "wengert"])
def test_chain_of_small_ops(benchmark, impl):
    x = np.array([0.3])
    benchmark.group = f"{CHAIN_OPS} ops on 1-element arrays, forward + backward"
    if impl == "numpy":
        benchmark(chain_numpy_grad, x)
    else:
        benchmark(wg.grad_bp, chain_wengert, x)


@pytest.mark.parametrize("exponent", list(POWERS))
@pytest.mark.parametrize("impl", ["numpy", "wengert"])
def test_power_gradient(benchmark, impl, exponent):
    x = power_data()
    benchmark.group = f"gradient of sum(x ** {exponent}), 1e6 entries"
    benchmark({"numpy": power_numpy_grad, "wengert": power_wengert_grad}[impl], x, exponent)


@pytest.mark.parametrize("exponent", list(POWERS))
def test_power_gradient_equals_hand_written(exponent):
    x = power_data(1000)
    (value, g), (value_ref, g_ref) = power_wengert_grad(x, exponent), power_numpy_grad(x, exponent)
    assert value == value_ref
    np.testing.assert_allclose(g, g_ref, rtol=4e-16, atol=0)


@pytest.mark.parametrize("grad", [grad_wengert, grad_wengert_numpy_only, grad_minimal_tape])
def test_gradient_equals_hand_written(grad):
    for batch in (1, 7):
        net, x, t = make_problem(batch, seed=batch)
        loss_ref, g_ref = grad_numpy(net, x, t)
        loss, g = grad(net, x, t)
        assert loss == pytest.approx(loss_ref, rel=1e-12)
        for name in vars(g_ref):
            np.testing.assert_allclose(getattr(g, name), getattr(g_ref, name), rtol=1e-9, atol=1e-14)


def test_chain_gradient_equals_hand_written():
    np.testing.assert_allclose(wg.grad_bp(chain_wengert, np.array([0.3])),
                               chain_numpy_grad(np.array([0.3])), rtol=1e-10)


# -- one-run ratio table ---------------------------------------------------------------------

def _outside_references():
    found = []
    for name, maker in (("autograd", _autograd_grad), ("PyTorch eager", _torch_grad)):
        try:
            found.append((name, maker()))
        except pytest.skip.Exception:
            pass
    return found


def test_wengert_needs_no_more_memory_than_the_hand_written_gradient():
    # The tape keeps only what the pullbacks read, and frees it as the sweep passes.
    net, x, t = make_problem(128)
    assert peak_memory(grad_wengert, net, x, t) <= 1.05 * peak_memory(grad_numpy, net, x, t)


def ratio_table():
    """Rows of (case, implementation, seconds per call, ratio to the reference).

    Each case's implementations are timed in turns (``timing.interleaved``), so every
    ratio compares runs that saw the same machine.
    """
    rows = []
    for batch in (128, 1):
        net, x, t = make_problem(batch)
        cases = [("hand-written NumPy", grad_numpy), ("wengert", grad_wengert),
                 ("wengert, loss in NumPy only", grad_wengert_numpy_only),
                 ("floor: minimal tape in Python", grad_minimal_tape), *_outside_references()]
        times = interleaved([lambda fn=fn: fn(net, x, t) for _, fn in cases], rounds=25 if batch == 1 else 10)
        rows += [(f"784-300-100-10 gradient, batch {batch}", name, sec, sec / times[0])
                 for (name, _), sec in zip(cases, times)]
    net, x, _ = make_problem(128)
    plain, evaluated = interleaved([lambda: forward_numpy(net, x),
                                    lambda: wg.eval_bp(lambda n: forward_wengert(n, x), net)], rounds=15)
    rows += [("forward pass, batch 128", "plain NumPy", plain, 1.0),
             ("forward pass, batch 128", "wengert eval_bp", evaluated, evaluated / plain)]
    for batch in (128, 1):
        net, x, t = make_problem(batch)
        for name, fn in (("hand-written NumPy", grad_numpy), ("wengert", grad_wengert)):
            rows.append((f"peak memory of one gradient, batch {batch}", f"{name}, MB",
                         peak_memory(fn, net, x, t) / 1e6, None))
    x1 = np.array([0.3])
    hand, auto = interleaved([lambda: chain_numpy_grad(x1), lambda: wg.grad_bp(chain_wengert, x1)], rounds=15)
    case = f"{CHAIN_OPS} ops on 1-element arrays"
    rows += [(case, "hand-written NumPy", hand, 1.0), (case, "wengert", auto, auto / hand),
             (case, "wengert, us per op", auto / CHAIN_OPS * 1e6, None),
             (case, "wengert overhead, us per op", (auto - hand) / CHAIN_OPS * 1e6, None)]
    x = power_data()
    for exponent in POWERS:
        hand, auto = interleaved([lambda: power_numpy_grad(x, exponent), lambda: power_wengert_grad(x, exponent)],
                                 rounds=7)
        case = f"gradient of sum(x ** {exponent}), 1e6 entries"
        rows += [(case, "hand-written NumPy", hand, 1.0), (case, "wengert", auto, auto / hand)]
    return rows


def main():
    print_table(ratio_table())


if __name__ == "__main__":
    main()
