"""MNIST (or any IDX image set): a 784-250-10 network trained with ``wengert.grad_bp``.

The example of Haskell backprop's MNIST walkthrough, in Python: the network's parameters
live in a dataclass, the loss reads them by attribute on the Var (``net.w1``), and
``wengert.grad_bp`` returns the gradient as a ``Net`` of the same shapes, which an
optimizer from ``wengert.optim`` applies. Run it with::

    python -m wengert.examples.mnist                   # 10,000 shipped digits, about 10 s
    python -m wengert.examples.mnist --download        # the full MNIST (55,000 to train)
    python -m wengert.examples.mnist --data DIR        # IDX files in DIR, e.g. Fashion-MNIST
    python -m wengert.examples.mnist --plot errors.png # error curves (needs matplotlib)
    python -m wengert.examples.mnist --workers 2       # gradients on 2 Dask worker processes
    python -m wengert.examples.mnist --scheduler tcp://HOST:8786  # on an existing Dask cluster

Every ``--report-every`` training points it prints, in the seed's format, the epoch and
batch, the points trained so far, the error on the points just trained on and the error
on the validation images; a progress bar runs meanwhile on a terminal (tqdm if installed).
At the end (or at Ctrl-C, which stops training cleanly) it scores the network on the test
images, which neither training nor validation used.

Data: three disjoint splits. By default the 10,000 digits of the MNIST test set shipped
in ``wengert/examples/data`` (CC BY-SA 3.0, see the README there): the first 8,000 train,
the next 1,000 validate and the last 1,000 test. ``--data DIR`` reads
``train-images-idx3-ubyte`` and ``train-labels-idx1-ubyte`` (the last twelfth of them
validates, the rest trains: 55,000 and 5,000 for MNIST) and ``t10k-images-idx3-ubyte`` and
``t10k-labels-idx1-ubyte`` (test), each gzip-compressed or not; with only the t10k pair
it splits it as above. ``--download`` fetches the four MNIST files into
``$WENGERT_CACHE/mnist`` (default ``~/.cache/wengert/mnist``), checks their md5 sums and
reuses them next time.

Data parallel: ``--workers N`` (a ``distributed.LocalCluster`` of N processes on the
loopback interface, one thread and one BLAS thread each) or ``--scheduler ADDRESS`` (an
existing Dask cluster) cut the training points into one shard per worker, held by the
workers, and compute each minibatch's gradient there with :mod:`wengert.distributed`:
each worker differentiates the loss on its own points of the minibatch, weighted by
their share, and the workers add the gradients up. The minibatches, the seed and so the
training are those of one process; only the order of the sums differs, so the networks
agree to rounding: 2e-14 to 7e-14 relative after an epoch on 60,000 synthetic points
(measured by ``benchmarks/bench_distributed.py``); the tests check parameters to 1e-8
relative and equal accuracies after 400 points of training. Over many epochs the differences may
grow, and a test image near the decision boundary may then flip.
Needs ``pip install 'wengert[dask]'``; larger minibatches (``--batch-size 5000``) keep
the workers busy between the steps' messages.

>>> from wengert.examples import mnist
>>> data = mnist.load_bundled(train_points=300, validation_points=100)
>>> data.train_x.shape, data.validation_y.shape, data.test_y.shape
((300, 784), (100,), (1000,))

.. versionadded:: 0.1
"""
import argparse
import contextlib
import ctypes
import hashlib
import http.client
import os
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

import numpy as np

import wengert as wg
from wengert.examples import new_figure
from wengert.examples.idx import read_idx
from wengert.examples.network import Net, cross_entropy, gradient, init_net, logits, loss

__all__ = ["Net", "Dataset", "Report", "Reports", "init_net", "logits", "cross_entropy", "loss", "gradient",
           "evaluate", "train_steps", "train", "load_pair", "load_dir", "load_bundled",
           "download", "default_cache_dir", "plot_history", "main", "DownloadError",
           "MNIST_MD5", "MIRRORS", "OPTIMIZERS", "one_hot", "limit_blas_threads",
           "format_report", "Result", "jit_gradient", "dask_gradient"]

DATA_DIR = Path(__file__).resolve().parent / "data"
STEMS = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
         "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
MNIST_MD5 = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}
# Public copies of the original files (the original site often refuses downloads).
MIRRORS = ("https://ossci-datasets.s3.amazonaws.com/mnist/",
           "https://storage.googleapis.com/cvdf-datasets/mnist/")
CLASSES = 10
HELD_OUT = 1000  # images to validate and again to test, when only the t10k pair is given
VALIDATION_SHARE = 12  # 1 in 12 of the train files validates (5,000 of MNIST's 60,000)


# The network (Net, init_net, logits, cross_entropy, loss, gradient) is wengert.examples.network's.

#: The gradient of :func:`loss` with respect to the network (its first argument), with
#: ``wengert.jit``: recorded once per minibatch shape, then replayed. The example's default
#: (``--no-jit``: :func:`gradient`, recorded on every step).
jit_gradient = wg.jit(wg.grad(loss))


def one_hot(labels):
    """Rows of the identity: the target vectors of ``labels``.

    >>> one_hot(np.array([2, 0]))[:, :3]
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    return np.eye(CLASSES)[labels]


def evaluate(net, x, labels):
    """``(loss, error rate)`` of the network on ``x``, by ``eval_bp`` (no tape).

    >>> net = init_net(np.random.default_rng(0), inputs=4, hidden=3)
    >>> l, err = evaluate(net, np.ones((5, 4)), np.array([1, 2, 3, 4, 5]))
    >>> 0.0 <= err <= 1.0
    True
    """
    z = wg.eval_bp(lambda n: logits(n, x), net)
    return float(cross_entropy(z, one_hot(labels))), float(np.mean(np.argmax(z, axis=1) != labels))


# -- training ------------------------------------------------------------------------------

OPTIMIZERS = {  # name -> (class, default learning rate)
    "sgd": (wg.optim.SGD, 0.5),
    "momentum": (wg.optim.Momentum, 0.05),
    "adam": (wg.optim.Adam, 0.002),
}


def train_steps(net, state, optimizer, x, targets, batch_size, gradient=gradient, on_step=None):
    """One pass over ``(x, targets)`` in order, one optimizer step per minibatch.

    Returns ``(state, net)``. ``gradient(net, x, targets)`` defaults to wengert's;
    the benchmarks pass a hand-written one to time the same loop. ``on_step(n)`` is
    called with the size of each minibatch (for a progress bar).

    >>> rng = np.random.default_rng(0)
    >>> net = init_net(rng, inputs=4, hidden=3)
    >>> opt = wg.optim.SGD(0.1)
    >>> state, net = train_steps(net, opt.init(net), opt, rng.random((8, 4)),
    ...                          one_hot(rng.integers(0, 10, 8)), batch_size=4)
    """
    for start in range(0, len(x), batch_size):
        end = min(start + batch_size, len(x))
        g = gradient(net, x[start:end], targets[start:end])
        state, net = optimizer.update(g, state, net)
        if on_step is not None:
            on_step(end - start)
    return state, net


class Report(NamedTuple):
    """What one report line block says: after ``points`` training points in all.

    >>> Report(1, 1, 2000, 2000, 0.5, 0.1, 0.12, 0.3, 0.35).train_error
    0.1
    """
    epoch: int
    batch: int
    points: int            # trained so far, over all epochs
    batch_points: int      # in this batch
    seconds: float         # training time of this batch
    train_error: float     # on the points of this batch, after training on them
    validation_error: float
    train_loss: float
    validation_loss: float


def train(net, data, optimizer, *, epochs, batch_size, report_every, rng, on_report=None,
          on_step=None, interruptible=False, gradient=gradient, on_epoch=None,
          points_gradient=None):
    """Train ``net`` on ``data`` and return ``(net, reports)``.

    Each epoch shuffles the training points and splits them into batches of
    ``report_every`` points (the seed's ``chunksOf``); each batch is trained on in
    minibatches of ``batch_size`` (one optimizer step each) and then scored, as in the
    seed, on its own points and on the validation points. ``on_report(report)`` is called
    after each batch. With ``interruptible=True`` a ``KeyboardInterrupt`` (Ctrl-C) ends
    training early instead: the result is the network and reports of the batches
    completed, and ``reports`` is a :class:`Reports` list whose ``interrupted`` is True.
    ``gradient(net, x, targets)`` computes each step's gradient (:func:`gradient`, or
    :func:`jit_gradient`); ``on_epoch(epoch, seconds)`` is called after each epoch with
    its training time. ``points_gradient(net, points)``, if given, computes each
    minibatch's gradient from the indices of its training points instead (as
    :func:`dask_gradient` does on Dask workers holding the data); ``gradient`` is then unused.

    >>> rng = np.random.default_rng(0)
    >>> data = load_bundled(train_points=200, validation_points=100)
    >>> net, reports = train(init_net(rng), data, wg.optim.Adam(0.002), epochs=1,
    ...                      batch_size=50, report_every=100, rng=rng)
    >>> [r.points for r in reports]
    [100, 200]
    """
    state = optimizer.init(net)
    reports = Reports()
    try:
        net = _train_epochs(net, state, data, optimizer, epochs, batch_size, report_every, rng,
                            on_report, on_step, reports, gradient, on_epoch, points_gradient)
    except KeyboardInterrupt:
        if not interruptible:
            raise
        reports.interrupted = True
        net = reports.net if reports else net
    return net, reports


class Reports(list):
    """The :class:`Report` of each batch; ``interrupted`` says whether Ctrl-C ended training.

    >>> Reports().interrupted
    False
    """
    interrupted = False
    net = None  # the network after the last completed batch


def _train_epochs(net, state, data, optimizer, epochs, batch_size, report_every, rng, on_report,
                  on_step, reports, gradient, on_epoch, points_gradient):
    n = len(data.train_x)
    points = 0
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)
        epoch_seconds = 0.0
        for batch, start in enumerate(range(0, n, report_every), 1):
            idx = order[start:start + report_every]
            x, labels = data.train_x[idx], data.train_y[idx]
            began = time.perf_counter()
            if points_gradient is None:
                state, net = train_steps(net, state, optimizer, x, one_hot(labels), batch_size,
                                         gradient=gradient, on_step=on_step)
            else:  # train_steps cuts both arrays alike: given the indices, each step gets its points
                state, net = train_steps(net, state, optimizer, idx, idx, batch_size,
                                         gradient=lambda n, pts, _: points_gradient(n, pts),
                                         on_step=on_step)
            seconds = time.perf_counter() - began
            epoch_seconds += seconds
            points += len(idx)
            train_loss, train_error = evaluate(net, x, labels)
            val_loss, val_error = evaluate(net, data.validation_x, data.validation_y)
            report = Report(epoch, batch, points, len(idx), seconds, train_error, val_error,
                            train_loss, val_loss)
            reports.append(report)
            reports.net = net
            if on_report is not None:
                on_report(report)
        if on_epoch is not None:
            on_epoch(epoch, epoch_seconds)
    return net


@contextlib.contextmanager
def dask_gradient(data, *, workers=None, scheduler=None, log=None):
    """A ``points_gradient`` for :func:`train` computed on Dask workers, for a ``with`` block.

    Connects to the cluster at ``scheduler``, or starts a ``LocalCluster`` of ``workers``
    processes (``wengert.distributed.local_cluster``: loopback only, one BLAS thread
    each), cuts the training points of ``data`` into one shard per worker, scatters them,
    and yields ``points_gradient(net, points)``: the gradient of :func:`loss` on the
    training points ``points``, the mean over them, by ``wengert.distributed.grad``
    (its ``client``, ``shards`` and ``step`` attributes are the Dask client, the shards
    and the ``wengert.distributed.value_and_grad`` step).
    Everything is closed at the end. ``log(text)`` reports what was set up.

    >>> with dask_gradient(load_bundled(1000, 100), workers=2) as g:    # doctest: +SKIP
    ...     g(init_net(np.random.default_rng(0)), np.arange(50)).w1.shape
    (784, 250)
    """
    from wengert import distributed as wd  # only here: Dask is an optional extra

    with contextlib.ExitStack() as stack:
        if scheduler is not None:
            client = stack.enter_context(wd.connect(scheduler))
        else:
            client = stack.enter_context(wd.local_cluster(workers))
        n = len(client.scheduler_info()["workers"])
        shards = stack.enter_context(
            wd.scatter(client, wd.split((data.train_x, one_hot(data.train_y)), n)))
        if log is not None:
            log(f"Gradients on {n} Dask worker{'s' if n > 1 else ''} (scheduler "
                f"{client.scheduler.address}), each holding a shard of "
                f"{'/'.join(map(str, shards.sizes))} training points.")
        step = wd.value_and_grad(loss, shards, reduction="mean")

        def points_gradient(net, points):
            return step(net, points)[1]
        # For benchmarks: the client, the shards, and the step (its last_step says where time went).
        points_gradient.client, points_gradient.shards, points_gradient.step = client, shards, step
        yield points_gradient


# -- data ----------------------------------------------------------------------------------

class Dataset(NamedTuple):
    """Three disjoint splits of a data set: images as float rows in [0, 1], labels 0-9.

    Training steps use ``train``; the reports during training score ``validation``; the
    final score is on ``test``, which neither of them used.

    >>> d = load_bundled(train_points=10, validation_points=5)
    >>> d.train_x.dtype, d.train_y[:3], d.name
    (dtype('float64'), array([7, 2, 1]), 'MNIST')
    """
    train_x: np.ndarray
    train_y: np.ndarray
    validation_x: np.ndarray
    validation_y: np.ndarray
    test_x: np.ndarray
    test_y: np.ndarray
    name: str    # the data set, e.g. "MNIST"
    source: str  # where it was read, and how it was split


def load_pair(images_path, labels_path):
    """``(images, labels)`` from an IDX image file and its label file, checked together.

    Images come back as float64 rows scaled to [0, 1], labels as ints. A wrong kind of
    file, a count mismatch or a label outside 0-9 raises a ``ValueError`` naming the file.

    >>> x, y = load_pair(DATA_DIR / "t10k-images-idx3-ubyte.gz",
    ...                  DATA_DIR / "t10k-labels-idx1-ubyte.gz")
    >>> x.shape, y.shape, float(x.max())
    ((10000, 784), (10000,), 1.0)
    """
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.ndim != 3 or images.dtype != np.uint8:
        raise ValueError(f"{images_path}: expected images (a 3-dimensional IDX array of unsigned "
                         f"bytes), found a {images.ndim}-dimensional array of {images.dtype}")
    if labels.ndim != 1 or labels.dtype != np.uint8:
        raise ValueError(f"{labels_path}: expected labels (a 1-dimensional IDX array of unsigned "
                         f"bytes), found a {labels.ndim}-dimensional array of {labels.dtype}")
    if len(images) != len(labels):
        raise ValueError(f"{images_path} holds {len(images)} images but {labels_path} holds "
                         f"{len(labels)} labels: the files do not belong together")
    if len(labels) and labels.max() >= CLASSES:
        raise ValueError(f"{labels_path}: label {int(labels.max())} is outside 0-{CLASSES - 1}")
    return images.reshape(len(images), -1) / 255.0, labels.astype(np.intp)


def _find(directory, stem):
    for name in (stem, stem + ".gz"):
        if (directory / name).is_file():
            return directory / name
    return None


def load_dir(directory, train_points=None, validation_points=None, source=None, name=None):
    """The data set in ``directory``, split three ways (see :class:`Dataset`).

    The train pair: its last twelfth validates, the rest trains; the t10k pair tests. With
    only the t10k pair (as shipped), its first images train, the next 1,000 validate and
    the last 1,000 test. ``train_points`` and ``validation_points`` keep only the first so
    many. ``name`` names the data set (default: the folder's name).

    >>> load_dir(DATA_DIR, train_points=100).train_x.shape
    (100, 784)
    """
    directory = Path(directory)
    found = [_find(directory, stem) for stem in STEMS]
    if found[2] is None or found[3] is None:
        raise ValueError(
            f"{directory}: no t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz] "
            "there: --data needs a folder holding MNIST's IDX files (and, to train on more, "
            "train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz])")
    test_x, test_y = load_pair(found[2], found[3])
    if found[0] is not None and found[1] is not None:
        train_x, train_y = load_pair(found[0], found[1])
        if train_x.shape[1] != test_x.shape[1]:
            raise ValueError(f"{found[0]} holds images of {train_x.shape[1]} pixels but "
                             f"{found[2]} holds images of {test_x.shape[1]}: the files do not "
                             "belong to the same data set")
        k = len(train_x) - max(1, len(train_x) // VALIDATION_SHARE)
        train_x, train_y, val_x, val_y = train_x[:k], train_y[:k], train_x[k:], train_y[k:]
        source = source or (f"{directory} (train files: the first {k} train, the last "
                            f"{len(val_x)} validate; t10k files test)")
    elif found[0] is None and found[1] is None:
        if len(test_x) < 4 * HELD_OUT:
            raise ValueError(f"{found[2]}: {len(test_x)} images are too few to hold out "
                             f"{HELD_OUT} to validate and {HELD_OUT} to test and train on the "
                             "rest; add the train files")
        k = len(test_x) - 2 * HELD_OUT
        train_x, train_y = test_x[:k], test_y[:k]
        val_x, val_y = test_x[k:k + HELD_OUT], test_y[k:k + HELD_OUT]
        test_x, test_y = test_x[k + HELD_OUT:], test_y[k + HELD_OUT:]
        source = source or (f"{directory} (t10k files: the first {k} train, the next "
                            f"{HELD_OUT} validate, the last {HELD_OUT} test)")
    else:
        have, lack = (found[0], STEMS[1]) if found[0] is not None else (found[1], STEMS[0])
        raise ValueError(f"{have} has no partner: {lack}[.gz] is missing from {directory}")
    return Dataset(train_x[:train_points], train_y[:train_points], val_x[:validation_points],
                   val_y[:validation_points], test_x, test_y, name or directory.resolve().name,
                   source)


def load_bundled(train_points=None, validation_points=None):
    """The 10,000 shipped MNIST test digits: 8,000 train, 1,000 validate, 1,000 test.

    >>> d = load_bundled()
    >>> len(d.train_x), len(d.validation_x), len(d.test_x)
    (8000, 1000, 1000)
    """
    return load_dir(DATA_DIR, train_points, validation_points,
                    "the 10,000 MNIST test digits shipped with wengert: the first 8,000 train, "
                    "the next 1,000 validate, the last 1,000 test", name="MNIST")


# -- download ------------------------------------------------------------------------------

class DownloadError(OSError):
    """A file could not be fetched from any mirror, or failed its checksum.

    >>> issubclass(DownloadError, OSError)
    True
    """


def default_cache_dir():
    """``$WENGERT_CACHE/mnist``, else ``$XDG_CACHE_HOME/wengert/mnist`` or ``~/.cache/wengert/mnist``.

    >>> default_cache_dir().name
    'mnist'
    """
    root = os.environ.get("WENGERT_CACHE")
    if not root:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wengert"
    return Path(root) / "mnist"


def _md5(path):
    h = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _fetch(url, target, md5, timeout):
    """Download ``url`` to ``target`` through a temporary file, renamed once it checks out."""
    fd, part = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        h = hashlib.md5()
        size = 0
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:
            expected = resp.headers.get("Content-Length")
            for block in iter(lambda: resp.read(1 << 16), b""):
                h.update(block)
                out.write(block)
                size += len(block)
        if expected is not None and expected.isdigit() and size != int(expected):
            raise DownloadError(f"{url}: incomplete download: the connection ended after "
                                f"{size} of {expected} bytes; the file was not kept")
        if h.hexdigest() != md5:
            raise DownloadError(f"{url}: checksum mismatch (md5 {h.hexdigest()}, expected {md5}); "
                                "the file was not kept")
        os.replace(part, target)
    except http.client.HTTPException as e:  # e.g. IncompleteRead: the connection dropped
        raise DownloadError(f"{url}: {type(e).__name__}: {e}") from None
    finally:
        if os.path.exists(part):
            os.unlink(part)


def download(cache_dir=None, mirrors=MIRRORS, checksums=MNIST_MD5, timeout=60, log=print):
    """Fetch the files of ``checksums`` into ``cache_dir``, check them, and return the folder.

    A file already in the cache with the right md5 is reused without any network call.
    Each file is downloaded to a temporary file and renamed only once its md5 matches,
    so an interrupted or corrupted download is never taken for a good file; the mirrors
    are tried in order. Raises :class:`DownloadError` naming each URL tried and why it
    failed. ``checksums`` maps file names to md5 sums (the four MNIST files by default).

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> download(d, mirrors=[DATA_DIR.as_uri() + "/"], log=None,
    ...          checksums={"t10k-labels-idx1-ubyte.gz": MNIST_MD5["t10k-labels-idx1-ubyte.gz"]}).name == Path(d).name
    True
    """
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    for name, md5 in checksums.items():
        target = cache / name
        if target.is_file():
            if _md5(target) == md5:
                if log:
                    log(f"Using {target} (cached, checksum ok).")
                continue
            if log:
                log(f"{target} fails its checksum; downloading it again.")
            target.unlink()
        failures = []
        for base in mirrors:
            url = base.rstrip("/") + "/" + name
            if log:
                log(f"Downloading {url} ...")
            try:
                _fetch(url, target, md5, timeout)
                break
            except OSError as e:  # URLError, HTTPError, timeouts and DownloadError
                failures.append(str(e) if isinstance(e, DownloadError) else f"{url}: {e}")
        else:
            raise DownloadError(f"could not download {name}:\n  " + "\n  ".join(failures)
                                + "\nCheck the connection, or pass --mirror URL (a folder "
                                "holding the MNIST .gz files), or use --data DIR")
    return cache


# -- BLAS threads ---------------------------------------------------------------------------

def _openblas_setters():
    """(get, set) thread-count functions of the OpenBLAS bundled with NumPy's wheels, or None."""
    folder = Path(np.__file__).resolve().parent
    for lib_path in sorted([*folder.parent.glob("numpy.libs/*openblas*"),
                            *folder.glob(".dylibs/*openblas*")]):
        try:
            lib = ctypes.CDLL(str(lib_path))  # already loaded by NumPy: the same handle
        except OSError:
            continue
        for prefix, suffix in (("scipy_", "64_"), ("scipy_", ""), ("", "64_"), ("", "")):
            get = getattr(lib, f"{prefix}openblas_get_num_threads{suffix}", None)
            set_ = getattr(lib, f"{prefix}openblas_set_num_threads{suffix}", None)
            if get is not None and set_ is not None:
                get.restype = ctypes.c_int
                return get, set_
    return None


@contextlib.contextmanager
def limit_blas_threads(n):
    """Run the block with at most ``n`` BLAS threads, when that can be set; restore after.

    A minibatch step multiplies matrices of a few million flops, too small to share
    across threads: on a busy machine OpenBLAS's threads wait for each other and an epoch
    took 5-10 times longer with 2 threads than with 1 (measured on a loaded 2-core
    machine), and on an idle one 1 thread is as fast. Uses threadpoolctl if installed,
    else the OpenBLAS bundled with NumPy's wheels; otherwise it does nothing.

    >>> with limit_blas_threads(1):
    ...     float(np.ones((2, 2)) @ np.ones(2) @ np.ones(2))
    4.0
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        setters = _openblas_setters()
        if setters is None:
            yield
            return
        get, set_ = setters
        before = get()
        set_(min(n, before))
        try:
            yield
        finally:
            set_(before)
        return
    with threadpool_limits(n, user_api="blas"):
        yield


# -- output --------------------------------------------------------------------------------

class _Progress:
    """A progress bar in points: tqdm if installed, a plain one otherwise; none off a terminal."""

    def __init__(self, total, out, enabled):
        self.out, self.bar, self.total, self.done = out, None, total, 0
        self.plain = enabled
        if enabled:
            try:
                from tqdm import tqdm
            except ImportError:
                return
            self.bar = tqdm(total=total, unit="pt", unit_scale=True, leave=False, file=out)
            self.plain = False

    def step(self, n):
        if self.bar is not None:
            self.bar.update(n)
        elif self.plain:
            self.done += n
            filled = 30 * self.done // self.total
            self.out.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} points")
            self.out.flush()

    def write(self, text):
        if self.bar is not None:
            self.bar.write(text, file=self.out)
            return
        if self.plain:
            self.out.write("\r\033[K")  # clear the bar's line, then redraw it below the text
        self.out.write(text + "\n")
        if self.plain and self.done:
            self.step(0)

    def close(self):
        if self.bar is not None:
            self.bar.close()
        elif self.plain:
            self.out.write("\r\033[K")
            self.out.flush()


def format_report(report, epoch_header, validation_points=None):
    """The seed's lines for one batch (with ``[Epoch n]`` first when a new epoch starts),
    each error followed by the points it was measured on.

    >>> print(format_report(Report(1, 1, 2000, 2000, 0.412, 0.0684, 0.0853, 0.2, 0.3), True, 1000))
    [Epoch 1]
    (Batch 1)
    Trained on 2000 points in 0.41 s (2000 in all).
    Training error:   6.84% (on the 2000 points of this batch)
    Validation error: 8.53% (on the 1000 validation points)
    """
    lines = [f"[Epoch {report.epoch}]"] if epoch_header else []
    validation = f" (on the {validation_points} validation points)" if validation_points else ""
    lines += [f"(Batch {report.batch})",
              f"Trained on {report.batch_points} points in {report.seconds:.2f} s "
              f"({report.points} in all).",
              f"Training error:   {report.train_error * 100:.2f}% "
              f"(on the {report.batch_points} points of this batch)",
              f"Validation error: {report.validation_error * 100:.2f}%{validation}"]
    return "\n".join(lines)


def plot_history(reports, path, title="MNIST"):
    """Write the training and validation error curves of ``reports`` to ``path`` (a PNG).

    Needs matplotlib (``pip install "wengert[plot]"``); exits with that advice if missing.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "errors.png")
    >>> try:
    ...     plot_history([Report(1, 1, 100, 100, 0.1, 0.5, 0.6, 1.0, 1.1)], path)
    ... except SystemExit:  # matplotlib is not installed
    ...     pass
    """
    fig = new_figure("--plot", figsize=(6.4, 4.0), dpi=100)
    ax = fig.add_subplot()
    points = [r.points for r in reports]
    ax.plot(points, [r.train_error * 100 for r in reports], "o-", label="training (batch just trained)")
    ax.plot(points, [r.validation_error * 100 for r in reports], "s-", label="validation points")
    ax.set_xlabel("training points seen")
    ax.set_ylabel("error (%)")
    ax.set_ylim(bottom=0)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)


# -- command line --------------------------------------------------------------------------

def _positive_int(text):
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def _parser():
    p = argparse.ArgumentParser(
        prog="python -m wengert.examples.mnist",
        description="Train a 784-250-10 image classifier (MNIST digits by default) with "
                    "wengert.grad_bp. Ctrl-C stops training and prints the scores so far.")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--data", metavar="DIR", help="a folder of IDX files (MNIST, Fashion-MNIST, "
                     "...); default: the 10,000 MNIST digits shipped with wengert")
    src.add_argument("--download", action="store_true",
                     help="download the full MNIST (60,000 + 10,000 digits) into the cache")
    p.add_argument("--name", help="the data set's name in the output (default: MNIST, or "
                   "the --data folder's name)")
    p.add_argument("--cache-dir", metavar="DIR", help=f"where --download keeps the files "
                   f"(default {default_cache_dir()}; set WENGERT_CACHE to move it)")
    p.add_argument("--mirror", metavar="URL", action="append",
                   help="base URL holding the MNIST .gz files (repeat for fallbacks)")
    p.add_argument("--epochs", type=_positive_int, default=10, metavar="N",
                   help="passes over the training points (default %(default)s)")
    p.add_argument("--batch-size", type=_positive_int, default=50, metavar="N",
                   help="points per optimizer step (default %(default)s)")
    p.add_argument("--optimizer", choices=sorted(OPTIMIZERS), default="adam",
                   help="default %(default)s")
    p.add_argument("--lr", type=float, help="learning rate (default: "
                   + ", ".join(f"{k} {v[1]}" for k, v in OPTIMIZERS.items()) + ")")
    p.add_argument("--seed", type=int, default=0, help="random seed (initialisation, shuffling)")
    p.add_argument("--report-every", type=_positive_int, default=4000, metavar="N",
                   help="points per reported batch (default %(default)s)")
    p.add_argument("--train-points", type=_positive_int, metavar="N",
                   help="train on the first N training points only")
    p.add_argument("--validation-points", type=_positive_int, metavar="N",
                   help="validate on the first N validation points only")
    p.add_argument("--plot", metavar="FILE.png", help="write the error curves (needs matplotlib)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--no-jit", action="store_true", help="record the tape on every step "
                   "(wengert.grad_bp) instead of replaying it (wengert.jit)")
    dask = p.add_mutually_exclusive_group()
    dask.add_argument("--workers", type=_positive_int, metavar="N",
                      help="compute the gradients on a Dask LocalCluster of N worker processes "
                      "on this machine (needs pip install 'wengert[dask]')")
    dask.add_argument("--scheduler", metavar="ADDRESS",
                      help="compute the gradients on the workers of the existing Dask cluster "
                      "whose scheduler is at ADDRESS, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--blas-threads", type=_positive_int, default=1, metavar="N",
                   help="BLAS threads while training (default 1: minibatch products are too "
                   "small to share, and threads that wait for each other are slow on a busy machine)")
    return p


def _gradient_source(args, data, out):
    """The ``points_gradient`` context of --workers/--scheduler, or one yielding None."""
    if args.workers is None and args.scheduler is None:
        return contextlib.nullcontext()
    try:
        import wengert.distributed  # noqa: F401  (fail now, with what to install)
    except ImportError as e:
        raise SystemExit(f"error: --workers and --scheduler need Dask: {e}") from None
    return dask_gradient(data, workers=args.workers, scheduler=args.scheduler,
                         log=lambda text: print(text, file=out))


def _how(args, points_gradient):
    """How :func:`main` computes the gradients, for the epoch's line."""
    if points_gradient is not None:
        return f"gradients on Dask, {len(points_gradient.shards)} shards"
    return "recorded every step" if args.no_jit else "wengert.jit: replayed"


class Result(NamedTuple):
    """What :func:`main` returns: the trained network, its reports, the final scores.

    >>> Result._fields
    ('net', 'reports', 'accuracy', 'seconds', 'interrupted')
    """
    net: Net
    reports: list
    accuracy: float     # on the test points (used neither to train nor to validate)
    seconds: float      # wall time of the whole run
    interrupted: bool   # training was stopped by Ctrl-C


def _load_data(args, out):
    """The data the command line asks for (downloaded, read from a folder, or the bundled digits)."""
    try:
        if args.download:
            log = lambda text: print(text, file=out)  # noqa: E731
            folder = download(args.cache_dir, args.mirror or MIRRORS, MNIST_MD5, log=log)
            data = load_dir(folder, args.train_points, args.validation_points, name="MNIST")
        elif args.data:
            data = load_dir(args.data, args.train_points, args.validation_points)
        else:
            data = load_bundled(args.train_points, args.validation_points)
    except (OSError, ValueError) as e:
        raise SystemExit(f"error: {e}") from None
    return data._replace(name=args.name) if args.name else data


def main(argv=None, out=None):
    """Run the example with command-line arguments ``argv``; print to ``out`` (stdout).

    >>> r = main(["--train-points", "200", "--validation-points", "100", "--epochs", "1",
    ...           "--report-every", "100"])
    MNIST: 200 training, 100 validation and 1000 test images, from the 10,000 MNIST test digits shipped with wengert: ...
    Training a 784-250-10 network with Adam(lr=0.002, ...), batch size 50, 1 epoch.
    [Epoch 1]
    (Batch 1)
    Trained on 100 points in ... s (100 in all).
    Training error:   ...% (on the 100 points of this batch)
    Validation error: ...% (on the 100 validation points)
    (Batch 2)
    ...
    Epoch 1 trained in ... s (wengert.jit: replayed).
    Test accuracy: ...% (on the 1000 test points of MNIST, used neither to train nor to validate)
    Wall time: ... s
    """
    began = time.perf_counter()
    out = out or sys.stdout
    parser = _parser()
    args = parser.parse_args(argv)
    cls, default_lr = OPTIMIZERS[args.optimizer]
    try:
        optimizer = cls(args.lr if args.lr is not None else default_lr)
    except ValueError as e:
        parser.error(f"--lr: {e}")
    if args.plot:
        new_figure("--plot")  # fail now, not after training, if matplotlib is missing
    data = _load_data(args, out)
    print(f"{data.name}: {len(data.train_x)} training, {len(data.validation_x)} validation and "
          f"{len(data.test_x)} test images, from {data.source}.", file=out)

    rng = np.random.default_rng(args.seed)
    net = init_net(rng, inputs=data.train_x.shape[1])
    print(f"Training a {data.train_x.shape[1]}-{net.w1.shape[1]}-{CLASSES} network with "
          f"{optimizer!r}, batch size {args.batch_size}, {args.epochs} "
          f"epoch{'s' if args.epochs > 1 else ''}.", file=out)
    isatty = getattr(out, "isatty", None)
    progress = _Progress(args.epochs * len(data.train_x), out,
                         enabled=not args.no_progress and bool(isatty and isatty()))
    try:
        with limit_blas_threads(args.blas_threads), _gradient_source(args, data, out) as grad:
            net, reports = train(
                net, data, optimizer, epochs=args.epochs, batch_size=args.batch_size,
                report_every=args.report_every, rng=rng, on_step=progress.step,
                on_report=lambda r: progress.write(
                    format_report(r, r.batch == 1, len(data.validation_x))),
                interruptible=True, gradient=gradient if args.no_jit else jit_gradient,
                points_gradient=grad,
                on_epoch=lambda epoch, seconds: progress.write(
                    f"Epoch {epoch} trained in {seconds:.2f} s ({_how(args, grad)})."))
    finally:
        progress.close()
    if reports.interrupted:
        done = reports[-1].points if reports else 0
        print(f"Interrupted (Ctrl-C) after {done} training points; the scores so far:", file=out)
    _, error = evaluate(net, data.test_x, data.test_y)
    if args.plot and reports:
        plot_history(reports, args.plot, title=f"{optimizer!r}, batch size {args.batch_size}")
        print(f"Wrote the error curves to {args.plot}.", file=out)
    seconds = time.perf_counter() - began
    print(f"Test accuracy: {(1 - error) * 100:.2f}% (on the {len(data.test_x)} test points of "
          f"{data.name}, used neither to train nor to validate)", file=out)
    print(f"Wall time: {seconds:.1f} s", file=out)
    return Result(net, reports, 1.0 - error, seconds, reports.interrupted)


if __name__ == "__main__":
    sys.exit(130 if main().interrupted else 0)  # 130: the shell's status for Ctrl-C
