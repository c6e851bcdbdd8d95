"""One MNIST epoch on 60,000 points: one process against 2 Dask worker processes.

The example's network (784-250-10) and training loop (``mnist.train_steps``, Adam), one
epoch over 60,000 points in minibatches, from the same initial network and the same
shuffled order: once with the gradient computed in this process (``mnist.gradient``,
one BLAS thread) and once on a 2-worker ``LocalCluster`` (``mnist.dask_gradient``: each
worker holds half of the points and differentiates its part of every minibatch; the
parameters travel inside the two tasks of each step, the two gradients are fetched and
added here). The two runs alternate, round after round, so both see the same machine;
the table gives each one's best epoch and range, the speed-up, and the cost of
communication per step: a step whose loss costs nothing (``0 * sum(b2)``, same
parameters, same gradient shapes), so its time is the sending of the parameters, the
scheduling and the return of the gradients alone; measured too, alternating, the way
the steps went before (parameters scattered first, gradients added on a worker).

Data: the train and validation points of ``--data DIR`` (the IDX files of MNIST or
Fashion-MNIST: 60,000 in all), or, when no folder is given, a synthetic stand-in of the
same size (uniform pixels, random labels: the work per step is the same). Run::

    python benchmarks/bench_distributed.py [--data DIR] [--batch-size 1000 5000] [--rounds 3]

``python -m pytest benchmarks/bench_distributed.py --benchmark-disable`` runs only the
quick correctness check: a short epoch on 2 workers equals one process's to 1e-10.
"""
import argparse
import os
import sys
import time

import numpy as np
import pytest

import wengert as wg
from wengert.examples import mnist

if os.environ.get("WENGERT_REQUIRE_DASK") == "1":
    import distributed  # noqa: F401  (CI installs the dask extra)
else:
    pytest.importorskip("distributed", reason="Dask is not installed (pip install 'wengert[dask]')")
from wengert import distributed as wd  # noqa: E402

POINTS = 60_000

# Closing a LocalCluster may leave a socket of distributed's to the collector (seen with
# Dask 2024.8 on Python 3.9): distributed's housekeeping, not wengert's.
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def synthetic(points=POINTS, pixels=784, seed=0):
    """A stand-in for MNIST's 60,000 training points: uniform pixels, random labels."""
    rng = np.random.default_rng(seed)
    return mnist.Dataset(rng.random((points, pixels)), rng.integers(0, mnist.CLASSES, points),
                         np.zeros((0, pixels)), np.zeros(0, np.intp), np.zeros((0, pixels)),
                         np.zeros(0, np.intp), "synthetic", f"{points} uniform random images")


def full_training_set(folder):
    """All the points of the train files in ``folder`` (train and validation splits)."""
    d = mnist.load_dir(folder)
    return d._replace(train_x=np.concatenate([d.train_x, d.validation_x]),
                      train_y=np.concatenate([d.train_y, d.validation_y]))


def epoch(net, data, order, batch_size, points_gradient=None, shuffled=None):
    """One epoch of Adam steps over ``order``; the trained network.

    In this process the minibatches are slices of ``shuffled`` (the rows in ``order``,
    made once); on workers each step sends the points' indices.
    """
    opt = wg.optim.Adam(0.002)
    if points_gradient is None:
        x, targets = shuffled
        return mnist.train_steps(net, opt.init(net), opt, x, targets, batch_size)[1]
    return mnist.train_steps(net, opt.init(net), opt, order, order, batch_size,
                             gradient=lambda n, pts, _: points_gradient(n, pts))[1]


def flat(net):
    return np.concatenate([np.ravel(getattr(net, f)) for f in ("w1", "b1", "w2", "b2")])


def communication_cost(client, data, steps=20, scatter_first=False):
    """Seconds per step (best and median) of a step whose loss costs nothing, and the bytes
    a step sends: the parameters to each worker and a gradient back from each.
    ``scatter_first``: as the steps went before, the parameters scattered to the workers
    in a round trip of their own and the gradients added on a worker."""
    shards = wd.scatter(client, wd.split((data.train_x[:1000], data.train_y[:1000]), 2))
    saved = wd.IN_TASKS_BYTES, wd.ADDED_HERE
    try:
        if scatter_first:
            wd.IN_TASKS_BYTES, wd.ADDED_HERE = -1, 1
        with shards:
            free = wd.value_and_grad(lambda n, x, y: np.sum(n.b2) * 0.0, shards)
            net = mnist.init_net(np.random.default_rng(0))
            times = []
            for _ in range(steps):
                free(net)
                times.append(free.last_step.total)
    finally:
        wd.IN_TASKS_BYTES, wd.ADDED_HERE = saved
    size = sum(getattr(net, f).nbytes for f in ("w1", "b1", "w2", "b2"))
    return min(times), float(np.median(times)), size


def run(data, batch_sizes, rounds):
    rng = np.random.default_rng(0)
    net0 = mnist.init_net(rng, inputs=data.train_x.shape[1])
    order = rng.permutation(len(data.train_x))
    shuffled = (data.train_x[order], mnist.one_hot(data.train_y[order]))
    print(f"{data.name}: {len(order)} points; {os.cpu_count()} cores, load average "
          f"{'/'.join(f'{v:.1f}' for v in os.getloadavg())} (1/5/15 min) at the start")
    with mnist.limit_blas_threads(1), mnist.dask_gradient(data, workers=2) as on_workers:
        client = on_workers.client
        rows = []
        for batch in batch_sizes:
            times = {"1 process": [], "2 workers": []}
            for r in range(rounds):
                pairs = [("1 process", None), ("2 workers", on_workers)]
                for name, g in (pairs if r % 2 == 0 else pairs[::-1]):  # alternate who goes first
                    began = time.perf_counter()
                    net = epoch(net0, data, order, batch, g, shuffled)
                    times[name].append(time.perf_counter() - began)
                    if name == "1 process":
                        reference = net
                    else:
                        distributed_net = net
            drift = np.max(np.abs(flat(distributed_net) - flat(reference))) / np.max(np.abs(flat(reference)))
            rows.append((batch, times, drift))
        costs = {False: [], True: []}
        for r in range(4):  # alternating, so both see the same machine
            for scatter_first in (r % 2 == 1, r % 2 == 0):
                costs[scatter_first].append(communication_cost(client, data, 10, scatter_first))
    print(f"load average {'/'.join(f'{v:.1f}' for v in os.getloadavg())} at the end\n")
    print(f"{'batch':>6} {'steps':>6} {'1 process, s':>22} {'2 workers, s':>22} {'speed-up':>9} "
          f"{'params rel. diff':>16}")
    for batch, times, drift in rows:
        one, two = times["1 process"], times["2 workers"]
        print(f"{batch:>6} {-(-len(order) // batch):>6} {min(one):>8.2f} ({min(one):.2f}-{max(one):.2f})"
              f"{'':>2} {min(two):>8.2f} ({min(two):.2f}-{max(two):.2f})  {min(one) / min(two):>7.2f}x "
              f"{drift:>16.1e}")
    size = costs[False][0][2]
    print(f"\nCommunication per step (a loss that costs nothing; {size / 1e6:.2f} MB of parameters "
          f"to each of 2 workers, a gradient of {size / 1e6:.2f} MB back from each):")
    for scatter_first, how in ((False, "parameters inside the tasks, gradients added here"),
                               (True, "parameters scattered first, gradients added on a worker")):
        best = min(c[0] for c in costs[scatter_first])
        median = float(np.median([c[1] for c in costs[scatter_first]]))
        print(f"  {how:56s} best {best * 1e3:5.0f} ms, median {median * 1e3:5.0f} ms")


# -- the quick check (pytest) --------------------------------------------------------------------

def test_short_epoch_on_two_workers_equals_one_process():
    data = synthetic(points=1200, seed=1)
    rng = np.random.default_rng(0)
    net0 = mnist.init_net(rng)
    order = rng.permutation(len(data.train_x))
    shuffled = (data.train_x[order], mnist.one_hot(data.train_y[order]))
    with mnist.limit_blas_threads(1):
        reference = epoch(net0, data, order, 300, None, shuffled)
        with mnist.dask_gradient(data, workers=2) as on_workers:
            net = epoch(net0, data, order, 300, on_workers)
            best, median, size = communication_cost(on_workers.client, data, steps=2)
            old = communication_cost(on_workers.client, data, steps=2, scatter_first=True)
    assert np.max(np.abs(flat(net) - flat(reference))) <= 1e-10 * np.max(np.abs(flat(reference)))
    assert 0 < best <= median and size == 8 * (784 * 250 + 250 + 250 * 10 + 10)
    assert 0 < old[0] <= old[1] and old[2] == size


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", metavar="DIR", help="IDX files of MNIST or Fashion-MNIST (default: "
                   "a synthetic stand-in of 60,000 points)")
    p.add_argument("--batch-size", type=int, nargs="+", default=[1000, 5000], metavar="N")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)
    data = full_training_set(args.data) if args.data else synthetic()
    run(data, args.batch_size, args.rounds)


if __name__ == "__main__":
    sys.exit(main())
