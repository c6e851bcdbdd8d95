"""One MNIST epoch on 60,000 points: one process against 2 Dask worker processes.

The example's network (784-250-10) and training loop (``mnist.train_steps``, Adam), one
epoch over 60,000 points in minibatches, from the same initial network and the same
shuffled order: once with the gradient computed in this process (``mnist.gradient``,
one BLAS thread) and once on a 2-worker ``LocalCluster`` (``wengert.distributed.grad``
of ``mnist.loss``, ``reduction="mean"``; the parameters travel inside the two tasks of
each step, the two gradients are fetched and added here). Both sides hold the points
in the shuffled order, made once before timing: this process slices each minibatch out
of the shuffled arrays (a view), and the shuffled points are dealt to the workers
(worker ``k`` holds points ``k, k + 2, ...``), so each worker's part of a minibatch is
a run of consecutive rows of its shard, which it slices too (``--gather``: the workers
hold the points in their original order, as ``mnist.dask_gradient`` does, and copy
their rows of each minibatch out of their shard, a gather that costs about 0.1-0.2 s of
CPU per worker per full-batch step).

The two runs alternate, round after round, so both see the same machine; the table
gives each one's best epoch and range, the speed-up, and the CPU seconds per step
(``time.process_time``, which the load changes much less than wall time): of this
process alone; of each worker process (all its threads: tasks, Dask's event loop,
(de)serialisation), of the step's tasks inside the workers (``StepCost.task_cpu``), and of
this process (client and scheduler) during the distributed epoch. Then the cost of
communication per step: a step whose loss costs nothing (``0 * sum(b2)``, same
parameters, same gradient shapes), so its time is the sending of the parameters, the
scheduling and the return of the gradients alone; measured too, alternating, the way
the steps went before (parameters scattered first, gradients added on a worker).

Data: the train and validation points of ``--data DIR`` (the IDX files of MNIST or
Fashion-MNIST: 60,000 in all), or, when no folder is given, a synthetic stand-in of the
same size (uniform pixels, random labels: the work per step is the same). Run::

    python benchmarks/bench_distributed.py [--data DIR] [--batch-size 1000 5000] [--rounds 3] [--gather]

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


def dealt(client, shuffled, workers):
    """``(value_and_grad, points)``: the shuffled points dealt to the workers (worker ``k``
    holds shuffled points ``k, k + workers, ...``), and for each shuffled position the
    index of its point in the concatenation of the shards, so that the positions
    ``[s, e)`` of a minibatch are a run of consecutive rows of each shard (a slice on the
    worker, not a copy)."""
    shards = wd.scatter(client, [tuple(a[k::workers] for a in shuffled) for k in range(workers)])
    points = np.empty(shards.points, np.intp)
    for k in range(workers):
        points[k::workers] = shards.offsets[k] + np.arange(shards.sizes[k])
    return wd.value_and_grad(mnist.loss, shards, reduction="mean"), points


def epoch_on_workers(net, shards, positions, batch_size):
    """One epoch of Adam steps with the optimizer on the workers (``wd.train``): each worker
    keeps a copy of the network and Adam's state and steps it, only gradients travel."""
    batches = [positions[s:s + batch_size] for s in range(0, len(positions), batch_size)]
    return wd.train(mnist.loss, shards, wg.optim.Adam(0.002), net, batches, reduction="mean").params


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


def run(data, batch_sizes, rounds, gather=False):
    rng = np.random.default_rng(0)
    net0 = mnist.init_net(rng, inputs=data.train_x.shape[1])
    order = rng.permutation(len(data.train_x))
    shuffled = (data.train_x[order], mnist.one_hot(data.train_y[order]))
    print(f"{data.name}: {len(order)} points; {os.cpu_count()} cores, load average "
          f"{'/'.join(f'{v:.1f}' for v in os.getloadavg())} (1/5/15 min) at the start; the "
          f"workers {'gather their rows of each minibatch' if gather else 'hold the shuffled points, dealt'}")
    with mnist.limit_blas_threads(1), mnist.dask_gradient(data, workers=2) as on_workers:
        client = on_workers.client
        if gather:
            step = on_workers.step
            positions = order
        else:
            on_workers.shards.close()
            step, positions = dealt(client, shuffled, 2)
        rows = []
        names = ("1 process", "2 workers", "2 workers, train")
        for batch in batch_sizes:
            times = {name: [] for name in names}
            cpu = {"1 process": [], "workers": [], "tasks": [], "here": [], "train workers": [],
                   "train here": []}
            for r in range(rounds):
                for name in names[r % 3:] + names[:r % 3]:  # each goes first in turn
                    workers_before, tasks = client.run(time.process_time), []
                    began, began_cpu = time.perf_counter(), time.process_time()
                    if name == "1 process":
                        net = reference = epoch(net0, data, order, batch, None, shuffled)
                    elif name == "2 workers, train":
                        net = trained_net = epoch_on_workers(net0, step.shards, positions, batch)
                    else:
                        def gradient(n, pts):
                            g = step(n, pts)[1]
                            tasks.append(step.last_step.task_cpu)
                            return g
                        net = distributed_net = epoch(net0, data, positions, batch, gradient)
                    times[name].append(time.perf_counter() - began)
                    here = time.process_time() - began_cpu
                    workers_after = client.run(time.process_time)
                    steps = -(-len(order) // batch)
                    if name == "1 process":
                        cpu["1 process"].append(here / steps)
                    elif name == "2 workers, train":
                        cpu["train workers"].append([(workers_after[w] - workers_before[w]) / steps
                                                     for w in sorted(workers_after)])
                        cpu["train here"].append(here / steps)
                    else:
                        cpu["workers"].append([(workers_after[w] - workers_before[w]) / steps
                                               for w in sorted(workers_after)])
                        cpu["tasks"].append(sum(tasks) / steps)
                        cpu["here"].append(here / steps)
            drift = np.max(np.abs(flat(distributed_net) - flat(reference))) / np.max(np.abs(flat(reference)))
            # the optimizer on the workers adds the same gradients in the same order: the same bits
            assert np.array_equal(flat(trained_net), flat(distributed_net)), "wd.train differs"
            rows.append((batch, times, cpu, drift))
        costs = {False: [], True: []}
        for r in range(4):  # alternating, so both see the same machine
            for scatter_first in (r % 2 == 1, r % 2 == 0):
                costs[scatter_first].append(communication_cost(client, data, 10, scatter_first))
    print(f"load average {'/'.join(f'{v:.1f}' for v in os.getloadavg())} at the end\n")
    print("Epoch seconds, best (range); '2 workers': the gradient on the workers, Adam here "
          "(wd.value_and_grad); 'train': Adam on the workers too (wd.train), the same bits")
    print(f"{'batch':>6} {'steps':>6} {'1 process, s':>22} {'2 workers, s':>22} {'speed-up':>9} "
          f"{'train, s':>22} {'speed-up':>9} {'params rel. diff':>16}")
    for batch, times, cpu, drift in rows:
        one, two, tr = times["1 process"], times["2 workers"], times["2 workers, train"]
        print(f"{batch:>6} {-(-len(order) // batch):>6} {min(one):>8.2f} ({min(one):.2f}-{max(one):.2f})"
              f"{'':>2} {min(two):>8.2f} ({min(two):.2f}-{max(two):.2f})  {min(one) / min(two):>7.2f}x "
              f"{min(tr):>8.2f} ({min(tr):.2f}-{max(tr):.2f})  {min(one) / min(tr):>7.2f}x "
              f"{drift:>16.1e}")
    print("\nCPU seconds per step, the median over the rounds (time.process_time): this process "
          "alone; each worker process;\nthe step's tasks in the workers, summed; this process "
          "(client and scheduler) during the distributed epoch")
    print(f"{'batch':>6} {'1 process':>10} {'worker 1':>9} {'worker 2':>9} {'in tasks':>9} "
          f"{'here':>7} {'workers / 1 process':>20}   train: {'worker 1':>9} {'worker 2':>9} {'here':>7}")
    for batch, times, cpu, drift in rows:
        one = float(np.median(cpu["1 process"]))
        each = np.median(np.array(cpu["workers"]), axis=0)
        tasks, here = float(np.median(cpu["tasks"])), float(np.median(cpu["here"]))
        t_each = np.median(np.array(cpu["train workers"]), axis=0)
        t_here = float(np.median(cpu["train here"]))
        print(f"{batch:>6} {one:>10.4f} {each[0]:>9.4f} {each[1]:>9.4f} {tasks:>9.4f} {here:>7.4f} "
              f"{each.sum() / one:>19.2f}x   {'':>6} {t_each[0]:>9.4f} {t_each[1]:>9.4f} {t_here:>7.4f}")
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
            trained = epoch_on_workers(net0, on_workers.shards, order, 300)
            best, median, size = communication_cost(on_workers.client, data, steps=2)
            old = communication_cost(on_workers.client, data, steps=2, scatter_first=True)
    assert np.max(np.abs(flat(net) - flat(reference))) <= 1e-10 * np.max(np.abs(flat(reference)))
    assert np.array_equal(flat(trained), flat(net))  # Adam on the workers: the same additions, the same bits
    assert 0 < best <= median and size == 8 * (784 * 250 + 250 + 250 * 10 + 10)
    assert 0 < old[0] <= old[1] and old[2] == size


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", metavar="DIR", help="IDX files of MNIST or Fashion-MNIST (default: "
                   "a synthetic stand-in of 60,000 points)")
    p.add_argument("--batch-size", type=int, nargs="+", default=[1000, 5000], metavar="N")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--gather", action="store_true", help="the workers hold the points in their "
                   "original order and copy their rows of each minibatch (as mnist.dask_gradient)")
    args = p.parse_args(argv)
    data = full_training_set(args.data) if args.data else synthetic()
    run(data, args.batch_size, args.rounds, args.gather)


if __name__ == "__main__":
    sys.exit(main())
