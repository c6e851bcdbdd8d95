"""Hessian-vector and Jacobian-vector products on the 784-300-100-10 network, as ratios to one gradient.

Run ``python benchmarks/bench_higher_order.py`` for the ratios measured in one run, the
implementations timed in turns (``timing.interleaved``), or
``python -m pytest benchmarks/bench_higher_order.py --benchmark-only``.
"""
import os
import sys

import numpy as np
import pytest

import wengert as wg
from wengert.examples.network import DeepNet as Net
from wengert.examples.network import deep_loss as loss_wengert
from wengert.examples.network import make_problem

sys.path.insert(0, os.path.dirname(__file__))
from timing import interleaved, print_table  # noqa: E402

BATCH = 32


def problem():
    net, x, t = make_problem(BATCH)
    rng = np.random.default_rng(1)
    direction = Net(*(rng.standard_normal(np.shape(a)) for a in vars(net).values()))
    return net, x, t, direction


def gradient(net, x, t, direction=None):
    return wg.grad_bp(lambda n: loss_wengert(n, x, t), net)


def hessian_vector(net, x, t, direction):
    return wg.hvp(lambda n: loss_wengert(n, x, t), net, direction)


def jacobian_vector(net, x, t, direction):
    return wg.jvp(lambda n: loss_wengert(n, x, t), (net,), (direction,))


CASES = [("one gradient", gradient), ("hvp (reverse over reverse)", hessian_vector),
         ("jvp (transposed pullback)", jacobian_vector)]


@pytest.mark.parametrize("what", [name for name, _ in CASES])
def test_against_gradient(benchmark, what):
    net, x, t, direction = problem()
    benchmark.group = f"784-300-100-10, batch {BATCH}"
    benchmark(dict(CASES)[what], net, x, t, direction)


def _moved(net, direction, eps):
    return Net(*(a + eps * d for a, d in zip(vars(net).values(), vars(direction).values())))


def test_hvp_and_jvp_match_finite_differences():
    net, x, t, direction = problem()
    eps = 1e-5
    hv = hessian_vector(net, x, t, direction)
    plus, minus = gradient(_moved(net, direction, eps), x, t), gradient(_moved(net, direction, -eps), x, t)
    for name in vars(net):
        fd = (getattr(plus, name) - getattr(minus, name)) / (2 * eps)
        np.testing.assert_allclose(getattr(hv, name), fd, rtol=1e-4, atol=1e-7)
    loss, tangent = jacobian_vector(net, x, t, direction)
    fd = (loss_wengert(_moved(net, direction, eps), x, t) - loss_wengert(_moved(net, direction, -eps), x, t)) / (2 * eps)
    assert tangent == pytest.approx(fd, rel=1e-6)


def ratio_table(rounds=10):
    """Rows of (case, implementation, seconds per call, ratio to one gradient), timed in turns."""
    net, x, t, direction = problem()
    times = interleaved([lambda fn=fn: fn(net, x, t, direction) for _, fn in CASES], rounds=rounds)
    case = f"784-300-100-10, batch {BATCH}"
    return [(case, name, sec, sec / times[0]) for (name, _), sec in zip(CASES, times)]


def main():
    print_table(ratio_table())
    print("target: hvp / one gradient <= 5x")


if __name__ == "__main__":
    main()
