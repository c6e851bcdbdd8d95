"""wengert.distributed on a real 2-worker Dask LocalCluster (processes, loopback only).

One cluster serves the whole module (it takes seconds to start): it listens on
127.0.0.1 only, each call waits a bounded time, and it is closed at the end. The
workers are started from this process and so inherit its ``sys.path``: they import this
module to unpickle its functions and types, which come back as the same classes.

Without Dask installed the tests are skipped, unless ``WENGERT_REQUIRE_DASK=1`` (set by
``.ci/run`` where it installs the ``dask`` extra), where a missing Dask fails the module;
``WENGERT_REQUIRE_DASK=0`` skips them even where Dask is installed (a run that leaves them to
another: ``.ci/run`` runs them on the compiled core and on the oldest Python, and installs no
Dask for its run on the pure-Python core).
"""
import dataclasses
import io
import os
import pathlib
import pickle
import signal
import subprocess
import sys
import time
from typing import NamedTuple

import numpy as np
import pytest

import wengert as wg

if os.environ.get("WENGERT_REQUIRE_DASK") == "1":
    import distributed  # noqa: F401  (CI installs the extra: its absence is a failure there)
elif os.environ.get("WENGERT_REQUIRE_DASK") == "0":
    pytest.skip("WENGERT_REQUIRE_DASK=0: the Dask LocalCluster tests are not run here (.ci/run "
                "runs them on the compiled core and on Python 3.9)", allow_module_level=True)
else:
    pytest.importorskip("distributed", reason="Dask is not installed (pip install 'wengert[dask]')")
import cloudpickle  # noqa: E402  (a dependency of distributed)

from wengert import distributed as wd  # noqa: E402

TIMEOUT = 180  # seconds: the bound on every wait for the cluster (a worker's restart took
               # over 60 s on the 2-core machine at a load average of 17)

pytestmark = [
    # distributed warns from its own machinery, not about wengert: a worker killed on
    # purpose is reported (and its nanny restarts it), and closing the cluster while the
    # restarted worker is still starting may leave a socket or a process to the collector.
    pytest.mark.filterwarnings("ignore:Restarting worker:UserWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]


# -- a structured model: a dataclass holding a named tuple, a dict and a user type ----------

class Layer(NamedTuple):
    w: np.ndarray
    b: np.ndarray


class Bag:
    """A user type, differentiable through the protocol's dunder methods (which travel with
    the class to the workers, unlike a registration)."""

    def __init__(self, v):
        self.v = v

    def __wengert_zero__(self):
        return Bag(np.zeros_like(self.v))

    def __wengert_add__(self, other):
        return Bag(self.v + other.v)

    def __wengert_one__(self):
        return Bag(np.ones_like(self.v))


@dataclasses.dataclass
class Model:
    layer: Layer
    extra: dict
    bag: Bag


def bag_weights(bag):
    """The bag's vector, lifted: its gradient is a Bag."""
    return wg.op1(lambda b: (b.v, lambda g: Bag(g)))(bag)


def model_loss(m, x, y):
    """Mean squared error of a one-hidden-layer model on a shard's rows."""
    h = np.tanh(x @ m.layer.w + m.layer.b) * m.extra["scale"]
    z = h @ bag_weights(m.bag) + m.extra["shift"]
    return np.sum((z - y) ** 2) / len(y)


def make_model(rng, inputs=5, hidden=4):
    return Model(Layer(rng.normal(size=(inputs, hidden)), rng.normal(size=hidden)),
                 {"scale": 1.5, "shift": np.array(0.25)}, Bag(rng.normal(size=hidden)))


def flat(m):
    """The model's numbers in one vector (a Bag's through its field)."""
    return np.concatenate([np.ravel(v) for v in wg.tree.leaves(
        wg.tree.map_leaves(lambda x: x.v if isinstance(x, Bag) else x, m))])


def assert_close(actual, expected, rtol=1e-12):
    a, e = flat(actual), flat(expected)
    assert np.max(np.abs(a - e)) <= rtol * np.max(np.abs(e)), (a, e)


@pytest.fixture(scope="module")
def client():
    with wd.local_cluster(2, timeout=TIMEOUT) as c:
        yield c


def make_data():
    rng = np.random.default_rng(5)
    return rng.normal(size=(40, 5)), rng.normal(size=40)


def load_rows(start, stop):
    """A shard, made on a worker (so that Dask can make it again if the worker dies)."""
    x, y = make_data()
    return x[start:stop], y[start:stop]


SHARD_BOUNDS = [(0, 14), (14, 27), (27, 40)]


@pytest.fixture(scope="module")
def problem():
    return (make_model(np.random.default_rng(6)),) + make_data()


@pytest.fixture(scope="module")
def shards(client):
    with wd.load(client, load_rows, SHARD_BOUNDS) as s:
        assert s.sizes == [14, 13, 13]
        yield s


# -- the cluster ------------------------------------------------------------------------------

def test_cluster_is_two_processes_on_loopback_with_one_blas_thread(client):
    workers = client.scheduler_info()["workers"]
    assert len(workers) == 2
    assert all(addr.startswith("tcp://127.0.0.1:") for addr in workers)
    assert client.scheduler.address.startswith("tcp://127.0.0.1:")
    envs = client.run(lambda: os.environ.get("OPENBLAS_NUM_THREADS"))
    assert set(envs.values()) == {"1"}
    assert len(set(client.run(os.getpid).values())) == 2
    import dask  # the housekeeping turned down in the workers (wd.QUIET)
    assert set(client.run(lambda: dask.config.get("distributed.worker.profile.enabled")).values()) == {False}
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:  # glibc's adaptive thresholds (wd.MALLOC)
        assert set(client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_")).values()) == {None}


def _layout_on_worker(shard, *, params):
    """What a task finds: whether each array of its shard and its parameters is aligned."""
    return [a.flags.aligned for a in shard], [a.flags.aligned for a in params]


def test_scattered_shards_and_parameters_arrive_aligned(client):
    # Dask builds arrays on the bytes of their message, at any address; unaligned arrays are
    # copied by every NumPy matrix product. Scattered shards arrive aligned; parameters
    # travelling inside a task are made aligned by the task (here: what the tasks get).
    x = np.arange(4000.0).reshape(1000, 4)
    with wd.scatter(client, [(x[:500], x[:500, 0]), (x[500:], x[500:, 0])]) as s:
        for k, f in enumerate(s.futures):
            shard_aligned, _ = client.submit(_layout_on_worker, f, params=(), pure=False).result(TIMEOUT)
            assert shard_aligned == [True, True], f"shard {k}"
    odd = np.zeros(8 * 300 + 1, np.uint8)[1:].view(np.float64)  # data at an odd address
    assert not odd.flags.aligned
    params = wd._aligned_tree({"w": odd, "b": np.ones(2), "s": 1.0})
    assert params["w"].flags.aligned and np.array_equal(params["w"], odd)
    same = {"w": np.ones(3)}
    assert wd._aligned_tree(same) is same


# -- equal to one process -----------------------------------------------------------------------

def test_sum_and_mean_equal_one_process(shards, problem):
    model, x, y = problem
    value, g = wd.value_and_grad(model_loss, shards, reduction="mean")(model)
    value1, g1 = wg.value_and_grad(model_loss)(model, x, y)
    assert type(g) is Model and type(g.layer) is Layer and type(g.bag) is Bag
    assert value == pytest.approx(value1, rel=1e-12, abs=0)
    assert_close(g, g1)
    # "sum": the shards' mean losses added, each differentiated as they are.
    value, g = wd.value_and_grad(model_loss, shards)(model)
    parts = [wg.value_and_grad(model_loss)(model, x[a:b], y[a:b]) for a, b in SHARD_BOUNDS]
    assert value == pytest.approx(sum(v for v, _ in parts), rel=1e-12, abs=0)
    assert_close(g, wg.add(wg.add(parts[0][1], parts[1][1]), parts[2][1]))
    assert_close(wd.grad(model_loss, shards, reduction="mean")(model), g1)


def test_scattered_shards_on_workers_in_this_process(problem):
    """local_cluster(processes=False): the workers are threads of this process, so a scattered
    shard reaches its task without being pickled (the docs' example; it raised TypeError
    when scattered shards began to arrive as aligned copies, made on unpickling)."""
    model, x, y = problem
    with wd.local_cluster(2, processes=False, timeout=TIMEOUT) as c:
        with wd.scatter(c, wd.split((x, y), 2)) as data:
            value, g = wd.value_and_grad(model_loss, data, reduction="mean")(model)
            g2 = wd.grad(model_loss, data, reduction="mean")(model, points=[0, 1, 39])
    value1, g1 = wg.value_and_grad(model_loss)(model, x, y)
    assert value == pytest.approx(value1, rel=1e-12, abs=0)
    assert_close(g, g1)
    assert_close(g2, wg.grad(model_loss)(model, x[[0, 1, 39]], y[[0, 1, 39]]))


def test_minibatch_points_equal_one_process(shards, problem):
    model, x, y = problem
    points = np.array([39, 3, 17, 14, 0, 27, 26, 13])  # rows of all three shards
    value, g = wd.value_and_grad(model_loss, shards, reduction="mean")(model, points=points)
    value1, g1 = wg.value_and_grad(model_loss)(model, x[points], y[points])
    assert value == pytest.approx(value1, rel=1e-12, abs=0)
    assert_close(g, g1)
    last = wd.value_and_grad(model_loss, shards)
    last(model, points=[5])  # one point: one shard, no reduction
    assert last.last_step.total > last.last_step.compute > 0 and last.last_step.broadcast == 0.0
    assert last.last_step.task_cpu > 0  # the CPU time of the step's task on its worker


def test_runs_of_consecutive_rows_are_slices_and_equal_one_process(shards, problem):
    model, x, y = problem
    # Runs of consecutive rows in two shards (sent as slices, taken as views on the workers)
    # and a run in descending order in the third (an index array).
    points = np.array([2, 3, 4, 5, 20, 21, 22, 31, 30, 29])
    assert wd._as_slice(np.array([2, 3, 4, 5])) == slice(2, 6)
    assert wd._as_slice(np.array([5])) == slice(5, 6)
    for bad in ([9, 8, 7], [2, 4, 3, 5], [2, 3, 5]):
        assert isinstance(wd._as_slice(np.array(bad)), np.ndarray)
    vg = wd.value_and_grad(model_loss, shards, reduction="mean")
    value, g = vg(model, points=points)
    value1, g1 = wg.value_and_grad(model_loss)(model, x[points], y[points])
    assert value == pytest.approx(value1, rel=1e-12, abs=0)
    assert_close(g, g1)
    assert vg.last_step.task_cpu > 0


def test_many_shards_are_added_on_the_workers_first(client, problem):
    model, x, y = problem
    assert wd.ADDED_HERE < 7
    with wd.scatter(client, wd.split((x, y), 7)) as s:  # 7 pairs: a level of adds on the workers
        vg = wd.value_and_grad(model_loss, s, reduction="mean")
        value, g = vg(model)
        assert vg.last_step.broadcast > 0  # more tasks than workers: the parameters scattered
    value1, g1 = wg.value_and_grad(model_loss)(model, x, y)
    assert value == pytest.approx(value1, rel=1e-12, abs=0)
    assert_close(g, g1)


# -- bad input --------------------------------------------------------------------------------

def test_shard_of_the_wrong_shape_is_named(client):
    rng = np.random.default_rng(0)
    good = (rng.normal(size=(4, 5)), rng.normal(size=4))
    with pytest.raises(wd.ShardError, match=r"shard 1, array 0 has rows of shape \(6,\).*"
                                            r"shard 0's array 0 has rows of shape \(5,\)"):
        wd.scatter(client, [good, (rng.normal(size=(4, 6)), rng.normal(size=4))])
    with pytest.raises(wd.ShardError, match=r"shard 2: its arrays have different lengths \[4, 3\]"):
        wd.scatter(client, [good, good, (good[0], good[1][:3])])
    with pytest.raises(wd.ShardError, match="shard 1 holds 1 arrays but shard 0 holds 2"):
        wd.scatter(client, [good, good[0]])


def test_loss_failing_on_a_shard_is_named(client, problem):
    model, x, y = problem
    with wd.scatter(client, wd.split((x, y), 2)) as s:
        def picky_loss(m, xs, ys):
            if len(ys) != 20 or xs[0, 0] != x[20, 0]:
                return model_loss(m, xs, ys)
            return model_loss(m, xs[:, :3], ys)  # shard 1 only: a shape error in x @ w
        with pytest.raises(wd.ShardError, match=r"shard 1: the loss or its gradient failed: "
                                                r"ValueError: .*matmul"):
            wd.value_and_grad(picky_loss, s)(model)


class Locked:
    """A user type holding something that does not pickle."""

    def __init__(self, v):
        self.v = v
        self.lock = __import__("threading").Lock()

    def __wengert_zero__(self):
        return Locked(0.0)

    def __wengert_add__(self, other):
        return Locked(self.v + other.v)

    def __wengert_one__(self):
        return Locked(1.0)


def test_parameters_that_do_not_pickle_are_named(shards, problem):
    model, _, _ = problem
    params = {"model": model, "clock": Locked(1.0)}
    with pytest.raises(TypeError, match=r"parameters\['clock'\] is a .*Locked, which does "
                                        r"not pickle \(TypeError: cannot pickle '_thread.lock"):
        wd.value_and_grad(lambda p, xs, ys: model_loss(p["model"], xs, ys), shards)(params)


def test_bad_arguments(shards, problem):
    model, _, _ = problem
    with pytest.raises(ValueError, match="reduction must be one of"):
        wd.value_and_grad(model_loss, shards, reduction="max")
    vg = wd.value_and_grad(model_loss, shards)
    with pytest.raises(IndexError, match="point 40 is outside the 40 points"):
        vg(model, points=[0, 40])
    with pytest.raises(ValueError, match="points is empty"):
        vg(model, points=np.array([], dtype=int))


def test_split_and_locate():
    parts = wd.split((np.arange(7.0), np.arange(7)), 3)
    assert [len(p[0]) for p in parts] == [3, 2, 2]
    s = wd.Shards(None, [None] * 3, [3, 2, 2])
    assert [(k, r.tolist()) for k, r in s.locate([6, 0, 3, 2])] == [(0, [0, 2]), (1, [0]), (2, [1])]
    with pytest.raises(wd.ShardError, match="different lengths"):
        wd.split((np.arange(7.0), np.arange(6)), 2)
    with pytest.raises(ValueError, match="cannot cut 2 rows into 3"):
        wd.split(np.arange(2.0), 3)


# -- pickling parameters, gradients and Vars --------------------------------------------------

class Point(NamedTuple):
    x: float
    y: np.ndarray


LOSSES = {
    dict: lambda p: np.sum(p["w"] ** 2) + p["b"][0] * np.sum(p["b"][1] ** 3),
    Point: lambda p: p.x * np.sum(np.sin(p.y)),
    Model: lambda m: model_loss(m, np.ones((3, 5)), np.zeros(3)),
}


@pytest.mark.parametrize("params", [
    {"w": np.ones((2, 3)), "b": [1.0, np.zeros(2)]},
    Point(1.0, np.ones(2)),
    make_model(np.random.default_rng(1)),
], ids=["dict", "namedtuple", "dataclass"])
def test_parameters_and_gradients_pickle(params):
    g = wg.grad_bp(LOSSES[type(params)], params)
    assert type(g) is type(params)
    for value in (params, g):
        for dumps in (pickle.dumps, cloudpickle.dumps):
            back = pickle.loads(dumps(value))
            assert type(back) is type(value)
            np.testing.assert_array_equal(flat(back), flat(value))


def test_a_live_var_is_refused_by_pickle():
    def f(x):
        for dumps in (pickle.dumps, cloudpickle.dumps):
            with pytest.raises(TypeError, match="a Var cannot be pickled"):
                dumps(x)
        return np.sum(x * 2.0)
    assert wg.grad_bp(f, np.ones(2)).tolist() == [2.0, 2.0]


def test_a_live_var_as_parameters_is_named(shards):
    def inner(w):
        return wd.value_and_grad(lambda p, xs, ys: np.sum(xs @ p), shards)(w)[0]
    with pytest.raises(TypeError, match=r"parameters \(the parameters themselves\) is a "
                                        r"wengert\..*Var, which does not pickle"):
        wg.grad_bp(inner, np.ones(5))


# -- imports -----------------------------------------------------------------------------------

def _run(code):
    # The wengert this process imported (the source tree, or an installed copy).
    here = str(pathlib.Path(wg.__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=here + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=TIMEOUT)


def test_import_wengert_does_not_import_dask():
    out = _run("import sys, wengert, wengert.examples.mnist; "
               "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_import_without_dask_says_what_to_install():
    out = _run("import sys; sys.modules['distributed'] = None\nimport wengert.distributed")
    assert out.returncode == 1
    assert "ImportError: wengert.distributed needs Dask's distributed scheduler" in out.stderr
    assert "pip install 'wengert[dask]'" in out.stderr


# -- training with the optimizer on the workers (wd.train) ----------------------------------------

def plain_model(m):
    """The model without its Bag (Adam needs float leaves): a dict of a named tuple, an
    array and a dict holding a float."""
    return {"layer": m.layer, "v": m.bag.v, "extra": m.extra}


def plain_loss(p, x, y):
    h = np.tanh(x @ p["layer"].w + p["layer"].b) * p["extra"]["scale"]
    return np.sum((h @ p["v"] + p["extra"]["shift"] - y) ** 2) / len(y)


def train_batches():
    rng = np.random.default_rng(8)
    return [rng.permutation(40)[:16] for _ in range(4)] + [np.arange(40)]


def trained_here(opt, params, batches, x, y):
    """The parameters after the steps of ``opt`` over ``batches`` in this process alone."""
    state = opt.init(params)
    for points in batches:
        state, params = opt.update(wg.grad(plain_loss)(params, x[points], y[points]), state, params)
    return params


def test_train_equals_the_steps_here_bit_for_bit_and_one_process(shards, problem):
    model, x, y = problem
    params, batches, opt = plain_model(model), train_batches(), wg.optim.Adam(0.01)
    out = wd.train(plain_loss, shards, opt, params, batches)
    step = wd.value_and_grad(plain_loss, shards, reduction="mean")
    state, here, values = opt.init(params), params, []
    for points in batches:
        value, g = step(here, points)
        values.append(value)
        state, here = opt.update(g, state, here)
    assert out.values == values  # the same additions in the same order: the same bits
    assert np.array_equal(flat(out.params), flat(here)) and np.array_equal(flat(out.state), flat(state))
    assert type(out.params["layer"]) is Layer and out.state.count == len(batches)
    assert_close(out.params, trained_here(opt, params, batches, x, y))


def test_train_with_sum_and_a_given_state_continues(shards, problem):
    model, x, y = problem
    params, batches, opt = plain_model(model), train_batches(), wg.optim.SGD(0.001)
    first = wd.train(plain_loss, shards, opt, params, batches[:2], reduction="sum")
    second = wd.train(plain_loss, shards, opt, first.params, batches[2:], state=first.state,
                      reduction="sum")
    whole = wd.train(plain_loss, shards, opt, params, batches, reduction="sum")
    assert np.array_equal(flat(second.params), flat(whole.params))
    assert first.values + second.values == whole.values


def test_train_bad_arguments(shards, problem):
    params = plain_model(problem[0])
    with pytest.raises(ValueError, match="reduction"):
        wd.train(plain_loss, shards, wg.optim.SGD(0.1), params, [[0]], reduction="max")
    with pytest.raises(ValueError, match="empty"):
        wd.train(plain_loss, shards, wg.optim.SGD(0.1), params, [[]])
    with pytest.raises(wd.ShardError, match="shard 0: the loss or its gradient failed: ZeroDivisionError"):
        wd.train(lambda p, x, y: 1 / 0 if len(y) == 14 else plain_loss(p, x, y), shards,
                 wg.optim.SGD(0.1), params, [np.arange(40)])


# -- the MNIST example on the workers -----------------------------------------------------------

def test_mnist_on_the_workers_trains_as_one_process(client):
    from wengert.examples import mnist
    argv = ["--train-points", "400", "--validation-points", "100", "--epochs", "1",
            "--report-every", "200", "--batch-size", "100", "--no-progress"]
    out = io.StringIO()
    one = mnist.main(argv, out=io.StringIO())
    on_workers = mnist.main(argv + ["--scheduler", client.scheduler.address], out=out)
    assert "Gradients on 2 Dask workers" in out.getvalue() and "200/200 training points" in out.getvalue()
    assert on_workers.accuracy == one.accuracy
    assert [r.validation_error for r in on_workers.reports] == [r.validation_error for r in one.reports]
    assert_close(on_workers.net, one.net, rtol=1e-8)


def test_mnist_refuses_workers_and_scheduler_together(capsys):
    from wengert.examples import mnist
    with pytest.raises(SystemExit):
        mnist.main(["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"])
    assert "not allowed with argument" in capsys.readouterr().err


# -- workers dying (last: the second one's restart may still be going on afterwards) ------------

def killing_once(flag, loss):
    """``loss``, except that the first task to run it kills its own worker process."""
    def fragile_loss(*args):
        try:  # O_EXCL: of two tasks racing, one kills its worker
            os.close(os.open(flag, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return loss(*args)
        os.kill(os.getpid(), signal.SIGKILL)
    return fragile_loss


def wait_until(condition, what):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.1)


def test_worker_killed_mid_step_is_survived(client, shards, problem, tmp_path):
    model, x, y = problem
    flag = str(tmp_path / "killed")
    value, g = wd.value_and_grad(killing_once(flag, model_loss), shards, reduction="mean")(model)
    assert os.path.exists(flag)  # a worker was killed while it ran its task
    value1, g1 = wg.value_and_grad(model_loss)(model, x, y)
    assert value == pytest.approx(value1, rel=1e-12, abs=0)
    assert_close(g, g1)


def test_worker_killed_during_train_is_survived(client, shards, problem, tmp_path):
    model, x, y = problem
    client.wait_for_workers(2, timeout=TIMEOUT)  # the nanny restarts the worker killed above
    params, batches, opt = plain_model(model), train_batches(), wg.optim.Adam(0.01)
    flag = str(tmp_path / "killed")
    out = wd.train(killing_once(flag, plain_loss), shards, opt, params, batches)
    assert os.path.exists(flag)  # a worker was killed while it ran a task
    assert_close(out.params, trained_here(opt, params, batches, x, y))


def test_scattered_shard_lost_with_its_worker_is_named(client, problem):
    model, x, y = problem
    client.wait_for_workers(2, timeout=TIMEOUT)  # the nanny restarts the worker killed above
    with wd.scatter(client, wd.split((x, y), 2)) as s:
        holders = [client.who_has(s.futures)[f.key] for f in s.futures]
        victim = holders[1][0]
        lost = [str(k) for k, h in enumerate(holders) if set(h) == {victim}]
        pid = client.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)  # the worker holding shard 1, between steps
        wait_until(lambda: victim not in client.scheduler_info()["workers"],
                   "the scheduler saw the worker die")
        with pytest.raises(wd.ShardError, match=rf"shards? {', '.join(lost)} lost with a worker: "
                                                r"Dask cannot make scattered data again"):
            wd.value_and_grad(model_loss, s)(model)
