"""Hessian-vector products on the 784-300-100-10 network, as a ratio to one gradient.

Run ``python benchmarks/bench_higher_order.py`` for the ratio measured in one run, or
``python -m pytest benchmarks/bench_higher_order.py --benchmark-only``.
"""
import os
import sys

import numpy as np
import pytest

import wengert as wg

sys.path.insert(0, os.path.dirname(__file__))
from bench_arrays import Net, best_time, loss_wengert, make_problem  # noqa: E402

BATCH = 32


def problem():
    net, x, t = make_problem(BATCH)
    rng = np.random.default_rng(1)
    direction = Net(*(rng.standard_normal(np.shape(a)) for a in vars(net).values()))
    return net, x, t, direction


def gradient(net, x, t):
    return wg.grad_bp(lambda n: loss_wengert(n, x, t), net)


def hessian_vector(net, x, t, direction):
    return wg.hvp(lambda n: loss_wengert(n, x, t), net, direction)


@pytest.mark.parametrize("what", ["gradient", "hvp"])
def test_hvp_against_gradient(benchmark, what):
    net, x, t, direction = problem()
    benchmark.group = f"784-300-100-10, batch {BATCH}"
    if what == "gradient":
        benchmark(gradient, net, x, t)
    else:
        benchmark(hessian_vector, net, x, t, direction)


def test_hvp_matches_finite_differences_of_the_gradient():
    net, x, t, direction = problem()
    hv = hessian_vector(net, x, t, direction)
    eps = 1e-5
    plus = gradient(Net(*(a + eps * d for a, d in zip(vars(net).values(), vars(direction).values()))), x, t)
    minus = gradient(Net(*(a - eps * d for a, d in zip(vars(net).values(), vars(direction).values()))), x, t)
    for name in vars(net):
        fd = (getattr(plus, name) - getattr(minus, name)) / (2 * eps)
        np.testing.assert_allclose(getattr(hv, name), fd, rtol=1e-4, atol=1e-7)


def main():
    net, x, t, direction = problem()
    g = best_time(gradient, net, x, t)
    h = best_time(hessian_vector, net, x, t, direction)
    print(f"784-300-100-10, batch {BATCH}: gradient {g * 1e3:.2f} ms, hvp {h * 1e3:.2f} ms, "
          f"hvp / gradient = {h / g:.2f}x (target <= 5x)")


if __name__ == "__main__":
    main()
