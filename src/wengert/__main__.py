"""``python -m wengert``: a short demonstration of what wengert does."""
import time
from dataclasses import dataclass

import numpy as np

import wengert as wg


@dataclass
class Net:
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray


def run_net(net, x):
    h = wg.logistic(net.w1 @ x + net.b1)   # attribute access on a Var records a view
    z = net.w2 @ h + net.b2
    e = np.exp(z - np.max(wg.stop_gradient(z)))  # plain NumPy calls work on Vars
    return e / np.sum(e)


def net_err(x, target, net):
    return -(np.log(run_net(net, x)) @ target)


def main():
    print(f"wengert {wg.__version__} ({wg.IMPLEMENTATION} tape)\n")
    value, (da, db) = wg.backprop(lambda a, b: a * (a + b), 4.0, 3.0)
    print(f"d = a * (a + b) at a=4, b=3: d = {value}, dd/da = {da}, dd/db = {db}")

    rng = np.random.default_rng(0)
    net = Net(rng.normal(0, 0.1, (20, 8)), np.zeros(20), rng.normal(0, 0.1, (4, 20)), np.zeros(4))
    x, target = rng.normal(size=8), np.eye(4)[2]
    loss, g = wg.backprop(lambda n: net_err(x, target, n), net)
    print(f"\nA dataclass network: loss {loss:.4f}; the gradient is a {type(g).__name__} "
          f"with fields {', '.join(f'{k}{getattr(g, k).shape}' for k in vars(g))}")

    def chain(a):
        for _ in range(100_000):
            a = a + wg.sin(a) * 1e-5 - 1e-6
        return a
    start = time.perf_counter()
    grad = wg.grad_bp(chain, 0.5)
    elapsed = time.perf_counter() - start
    print(f"\nA chain of 400,000 scalar ops, recorded and swept in {elapsed * 1e3:.0f} ms "
          f"({elapsed / 4e5 * 1e9:.0f} ns per op): gradient {grad:.6g}")


if __name__ == "__main__":
    main()
