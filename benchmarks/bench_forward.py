"""Forward mode (issue 16): ``jvp``, ``jacfwd`` and ``hvp`` as ratios to the plain computation.

Four cases, each timed in turns with its reference in the same run (``timing.interleaved``):

* ``jvp`` of the 784-300-100-10 loss at batch 32 (a random direction in every weight and
  bias) against the plain NumPy forward pass of the same loss (the issue's target <= 1.6x,
  below the floor: see below) and against the JVP written out by hand (target <= 1.2x);
* ``jacfwd`` of ``tanh(A @ x) * sin(A @ (x * x))``, 4 inputs and 1,000 outputs, against
  the plain forward pass (target <= 6x): the 4 directions travel together as a batch;
* ``hvp`` of the loss (forward over reverse) against one gradient (target <= 2.2x);
* ``jvp`` of a chain of 60,000 scalar operations (``bench_scalar``'s graph) against the
  same chain on Python floats (target <= 1.5x; a float with a float tangent is a compiled
  Dual, ``csrc/wengert/_dual.pyx``, whose arithmetic and elementary functions run in C).

The first case also times the floor: the loss's JVP written out by hand in NumPy, in turns
with the forward pass and ``wg.jvp``. The tangent of ``x @ w1`` is ``x @ w1'``, a product
as large as the forward pass's largest, so any forward mode costs about twice the plain
pass here (measured 2.0-2.2x); the issue's 1.6x is below what exact arithmetic allows, and
the project's target is ``wg.jvp`` <= 1.2x the hand-written JVP, reported as a row of its
own (``wg.jvp / JVP written out in NumPy``). What is above the floor is the cost per
NumPy call on Duals (13 calls, each the primal and its tangent): a float array's call goes
from the Dual's ``__array_ufunc__``, ``__array_function__`` or operator straight to the
compiled ``array_apply`` and the elementwise, multilinear and linear JVPs
(``csrc/wengert/_dual.pyx``: 45-50% fewer instructions per call on small arrays than when
they were Python, valgrind), and a dataclass or dict of arrays becomes Duals without the
generic tree walk (``_record_of_duals``). ``jacfwd``'s batch of directions takes the same
path.

The hvp row was held back by the allocator as much as by wengert: forward over reverse
made the first layer's weight gradient and its tangent (784 x 300, 1.9 MB each) as two
products ``x.T @ g`` and ``x.T @ g'``, and glibc's malloc gave their memory back to the
system when both were freed, so that the next call page-faulted it in again (886 minor
faults per call, ``resource.getrusage().ru_minflt``; two such products kept alive together
cost 4.9 ms of CPU time against 1.2 ms for one product of twice the width). Forward mode
now computes a matrix product with a tangent in one factor as one product,
``x @ [y | y']``, split into two views (``wengert.forward._fused_matmul``): no page
faults, 10.8 -> 6.8 ms of CPU time per hvp. (Tuning malloc, ``mallopt`` or a NumPy
allocator handler of NEP 49, would change the allocation of the whole process, the
user's arrays included: not a library's to set.)

The scalar chain's tangent underflows: the chain contracts to a fixed point, so the
derivative of its result in any direction shrinks geometrically, reaches the subnormal
range after about 700 of its 5,000 steps and stays there (-5e-324). On x86 every
multiplication and addition with a subnormal operand or result takes a slow microcode
path, so most of wg.jvp's time above the float chain is that arithmetic, which no
forward mode can avoid without changing its results (flushing subnormals to zero would).
Measured: 1.46x the float chain over 500 steps (no subnormals), 2.4x over 5,000 (CPU
time). The last rows time the floor, the chain's JVP written out on Python floats
(``jvp_floats``), which pays for the same subnormals, against wg.jvp.

Run ``python benchmarks/bench_forward.py`` for the table, or
``python -m pytest benchmarks/bench_forward.py --benchmark-only``; with
``--benchmark-disable`` (CI) only the correctness checks below run.
"""
import math
import os
import sys
import time

import numpy as np
import pytest

import wengert as wg

sys.path.insert(0, os.path.dirname(__file__))
from bench_arrays import forward_numpy  # noqa: E402
from wengert.examples.network import DeepNet as Net  # noqa: E402
from wengert.examples.network import deep_loss as loss_wengert  # noqa: E402
from wengert.examples.network import make_problem  # noqa: E402
from bench_scalar import A0, B0, _logistic, graph_floats, graph_wengert  # noqa: E402
from timing import interleaved, print_table  # noqa: E402

BATCH = 32
OUTPUTS, INPUTS = 1000, 4
CHAIN_STEPS = 5000  # 12 operations per step: 60,000


def network_problem():
    net, x, t = make_problem(BATCH)
    rng = np.random.default_rng(1)
    direction = Net(*(rng.standard_normal(np.shape(a)) for a in vars(net).values()))
    return net, x, t, direction


def loss_numpy(net, x, t):
    z = forward_numpy(net, x)
    z = z - z.max(axis=1, keepdims=True)
    return -np.sum(t * (z - np.log(np.exp(z).sum(axis=1, keepdims=True)))) / x.shape[0]


def jvp_loss(net, x, t, direction):
    return wg.jvp(lambda n: loss_wengert(n, x, t), (net,), (direction,))


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def jvp_numpy(net, x, t, dn):
    """The loss's value and JVP in the direction ``dn``, written out in NumPy: the least
    work any forward mode does (the floor of the ``wg.jvp`` row)."""
    h1 = _sigmoid(x @ net.w1 + net.b1)
    th1 = h1 * (1.0 - h1) * (x @ dn.w1 + dn.b1)
    h2 = _sigmoid(h1 @ net.w2 + net.b2)
    th2 = h2 * (1.0 - h2) * (th1 @ net.w2 + h1 @ dn.w2 + dn.b2)
    z = h2 @ net.w3 + net.b3
    tz = th2 @ net.w3 + h2 @ dn.w3 + dn.b3
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    s = e.sum(axis=1, keepdims=True)
    t_log_p = tz - (e / s * tz).sum(axis=1, keepdims=True)
    return -np.sum(t * (z - np.log(s))) / x.shape[0], -np.sum(t * t_log_p) / x.shape[0]


def hvp_loss(net, x, t, direction):
    return wg.hvp(lambda n: loss_wengert(n, x, t), net, direction)


def gradient(net, x, t):
    return wg.grad(lambda n: loss_wengert(n, x, t))(net)


def wide_problem():
    rng = np.random.default_rng(2)
    return rng.standard_normal((OUTPUTS, INPUTS)) / 2, rng.standard_normal(INPUTS)


def wide(A, x):
    return np.tanh(A @ x) * np.sin(A @ (x * x))


def chain_jvp():
    return wg.jvp(lambda a, b: graph_wengert(a, b, CHAIN_STEPS), (A0, B0), (1.0, 0.0))


def chain_floats():
    return graph_floats(A0, B0, CHAIN_STEPS)


def jvp_floats(a, b, ta, tb, steps):
    """``graph_floats`` and its tangent in the direction ``(ta, tb)``, written out on
    Python floats: the least work a forward mode does on the chain (its floor)."""
    exp, tanh = math.exp, math.tanh
    for _ in range(steps):
        u = a * b + 0.5
        tu = ta * b + a * tb
        d = 1.0 + b * b
        td = tb * b + b * tb
        q = a / d
        tq = ta / d - td * q / d
        a = _logistic(u - q)
        ta = (tu - tq) * (a * (1.0 - a))
        e = exp(-u)
        te = -tu * e
        w = e * b + 0.1
        tw = te * b + e * tb
        b = tanh(w)
        tb = tw * (1.0 - b * b)
    return a + b, ta + tb


def chain_floor():
    return jvp_floats(A0, B0, 1.0, 0.0, CHAIN_STEPS)


def ratio_table(rounds=7, clock=time.perf_counter):
    """Rows of (case, implementation, seconds per call, ratio to the reference of its case),
    timed by ``clock`` (wall time, or ``time.process_time``: the process's CPU time)."""
    net, x, t, d = network_problem()
    A, w = wide_problem()
    jac = wg.jacfwd(lambda v: wide(A, v))
    # the first case times three in turns: the forward pass, the hand-written JVP (the
    # floor) and wg.jvp, so that jvp / hand-written JVP is a ratio of the same run
    case = "784-300-100-10 loss, batch 32"
    forward_time, floor_time, jvp_time = interleaved(
        [lambda: loss_numpy(net, x, t), lambda: jvp_numpy(net, x, t, d), lambda: jvp_loss(net, x, t, d)],
        rounds=rounds, clock=clock)
    rows = [(case, "plain NumPy forward pass", forward_time, 1.0),
            (case, "JVP written out in NumPy (the floor)", floor_time, floor_time / forward_time),
            (case, "wg.jvp (forward mode)", jvp_time, jvp_time / forward_time),
            (case + " (against the floor)", "wg.jvp / JVP written out in NumPy", jvp_time, jvp_time / floor_time)]
    pairs = [
        ("tanh(A x) sin(A x^2), 4 -> 1000", "plain NumPy forward pass", lambda: wide(A, w),
         "wg.jacfwd (4 directions at once)", lambda: jac(w)),
        ("784-300-100-10 loss, batch 32", "wg.grad (one gradient)", lambda: gradient(net, x, t),
         "wg.hvp (forward over reverse)", lambda: hvp_loss(net, x, t, d)),
        ("scalar chain, 60,000 operations", "Python floats", chain_floats,
         "wg.jvp, one direction", chain_jvp),
    ]
    for case, ref_name, ref, name, fn in pairs:
        ref_time, fn_time = interleaved([ref, fn], rounds=rounds, clock=clock)
        rows += [(case, ref_name, ref_time, 1.0), (case, name, fn_time, fn_time / ref_time)]
    # the chain's floor: its tangent underflows (see the module's docstring), and the
    # hand-written JVP pays for the same subnormal arithmetic as wg.jvp
    case = "scalar chain, 60,000 operations (against the floor)"
    floor_time, jvp_time = interleaved([chain_floor, chain_jvp], rounds=rounds, clock=clock)
    rows += [(case, "JVP written out on floats (the floor)", floor_time, 1.0),
             (case, "wg.jvp / JVP written out on floats", jvp_time, jvp_time / floor_time)]
    return rows


def main():
    print("wall time:")
    print_table(ratio_table())
    print("process CPU time (time.process_time):")
    print_table(ratio_table(clock=time.process_time))
    print("targets: jvp <= 1.2x the hand-written JVP (the issue's 1.6x the forward pass is "
          "below the floor), jacfwd <= 6x, hvp <= 2.2x, scalar chain <= 1.5x")


# -- pytest-benchmark ---------------------------------------------------------------------------

@pytest.mark.parametrize("what", ["plain forward", "jvp"])
def test_network_jvp(benchmark, what):
    net, x, t, d = network_problem()
    benchmark.group = "forward mode: 784-300-100-10 loss, batch 32"
    if what == "jvp":
        benchmark(jvp_loss, net, x, t, d)
    else:
        benchmark(loss_numpy, net, x, t)


@pytest.mark.parametrize("what", ["plain forward", "jacfwd"])
def test_wide_jacfwd(benchmark, what):
    A, w = wide_problem()
    benchmark.group = "forward mode: jacfwd 4 -> 1000"
    if what == "jacfwd":
        benchmark(wg.jacfwd(lambda v: wide(A, v)), w)
    else:
        benchmark(wide, A, w)


@pytest.mark.parametrize("what", ["gradient", "hvp"])
def test_network_hvp(benchmark, what):
    net, x, t, d = network_problem()
    benchmark.group = "forward mode: hvp against one gradient, batch 32"
    if what == "hvp":
        benchmark(hvp_loss, net, x, t, d)
    else:
        benchmark(gradient, net, x, t)


# -- correctness (these run in CI with --benchmark-disable) -------------------------------------

def _moved(net, direction, eps):
    return Net(*(a + eps * b for a, b in zip(vars(net).values(), vars(direction).values())))


def test_network_jvp_and_hvp_match_finite_differences():
    net, x, t, d = network_problem()
    eps = 1e-5
    value, tangent = jvp_loss(net, x, t, d)
    assert value == pytest.approx(loss_numpy(net, x, t), rel=1e-12)
    fd = (loss_numpy(_moved(net, d, eps), x, t) - loss_numpy(_moved(net, d, -eps), x, t)) / (2 * eps)
    assert tangent == pytest.approx(fd, rel=1e-6)
    hv = hvp_loss(net, x, t, d)
    plus, minus = gradient(_moved(net, d, eps), x, t), gradient(_moved(net, d, -eps), x, t)
    for name in vars(net):
        np.testing.assert_allclose(getattr(hv, name), (getattr(plus, name) - getattr(minus, name)) / (2 * eps),
                                   rtol=1e-4, atol=1e-7, err_msg=name)


def test_the_hand_written_jvp_is_wengerts():
    net, x, t, d = network_problem()
    value, tangent = jvp_numpy(net, x, t, d)
    assert (value, tangent) == pytest.approx(jvp_loss(net, x, t, d), rel=1e-12)


def test_wide_jacfwd_equals_jacrev():
    A, w = wide_problem()
    f = lambda v: wide(A, v)  # noqa: E731
    np.testing.assert_allclose(wg.jacfwd(f)(w), wg.jacrev(f)(w), rtol=1e-12, atol=1e-14)


def test_the_hand_written_chain_jvp_is_wengerts():
    for steps in (50, CHAIN_STEPS):  # (at CHAIN_STEPS the tangent has underflowed to a subnormal)
        value, tangent = jvp_floats(A0, B0, 1.0, 0.0, steps)
        wg_value, wg_tangent = wg.jvp(lambda a, b: graph_wengert(a, b, steps), (A0, B0), (1.0, 0.0))
        assert value == wg_value
        assert tangent == pytest.approx(wg_tangent, rel=1e-12, abs=1e-300)
    assert 0 < abs(tangent) < sys.float_info.min  # the docstring's subnormal tangent


def test_chain_jvp_equals_the_gradient():
    value, tangent = wg.jvp(lambda a, b: graph_wengert(a, b, 50), (A0, B0), (1.0, 0.0))
    assert value == pytest.approx(graph_floats(A0, B0, 50), rel=1e-14)
    assert tangent == pytest.approx(wg.grad(lambda a, b: graph_wengert(a, b, 50))(A0, B0), rel=1e-12)


if __name__ == "__main__":
    main()
