"""Data-parallel gradients on a Dask cluster (the optional extra ``wengert[dask]``).

The gradient of a loss summed over data shards is the sum of the shards' gradients, so
each Dask worker differentiates the loss on the shards it holds, and the per-shard
``(value, gradient)`` pairs are combined with the protocol's :func:`wengert.add` in a
tree reduction (its levels on the workers while more than :data:`ADDED_HERE` pairs remain,
the last few added here). Only the parameters and gradients travel each step: each worker
gets the parameters once (inside its task when it runs one, else by ``client.scatter(...,
broadcast=True)``). Dask's ``distributed`` scheduler does the rest: placing
tasks next to their data, retrying a task whose worker died, and running the same code
on a ``LocalCluster`` of processes on one machine or on a real cluster. :func:`train` goes
further, as PyTorch's DistributedDataParallel does: each worker keeps a copy of the
parameters and of the optimizer's state and applies the optimizer's step itself, so only
the gradients travel, from worker to worker.

>>> import numpy as np
>>> from wengert import distributed as wd
>>> def loss(w, x, y):                       # the loss on one shard's arrays
...     return np.sum((x @ w - y) ** 2)
>>> x, y = np.arange(12.0).reshape(6, 2), np.arange(6.0)
>>> with wd.local_cluster(2) as client:     # doctest: +SKIP
...     data = wd.scatter(client, wd.split((x, y), 2))   # two shards, held by the workers
...     value, g = wd.value_and_grad(loss, data)(np.zeros(2))
>>> value, g                                 # doctest: +SKIP
(55.0, array([-220., -275.]))

Parameters may be of any type wengert differentiates (floats, arrays, tuples, dicts,
named tuples, dataclasses, user types), as long as they pickle; a user type's
``zero``/``add``/``one`` must be known on the workers too, so define it with the
``__wengert_zero__``/``__wengert_add__``/``__wengert_one__`` methods, or call
:func:`wengert.register` in the module that defines the type (workers import it when
they unpickle the first value). ``import wengert`` never imports Dask; importing this
module without Dask installed raises an ``ImportError`` that says what to install.

.. versionadded:: 0.1
"""
import contextlib
import time
from typing import Any, Callable, Iterator, List, NamedTuple, Optional, Sequence, Tuple

import numpy as np

try:
    import dask
    import distributed as _dd
except ImportError as _e:  # dask or distributed missing (or broken)
    raise ImportError(
        f"wengert.distributed needs Dask's distributed scheduler ({_e}); install it with "
        "pip install 'wengert[dask]'") from _e

from . import tree
from .errors import WengertError
from .protocol import add
from .runners import backprop

__all__ = ["Shards", "ShardError", "StepCost", "Trained", "scatter", "load", "split", "value_and_grad", "grad",
           "train", "local_cluster", "connect"]

REDUCTIONS = ("sum", "mean")


class ShardError(WengertError, ValueError):
    """A shard is malformed, or the loss failed on it: the message names the shard.

    >>> issubclass(ShardError, ValueError)
    True
    """


# -- shards ----------------------------------------------------------------------------------

def split(arrays: Any, n: int) -> List[Tuple[Any, ...]]:
    """``arrays`` (one array, or a tuple of arrays of equal length) cut into ``n`` shards.

    Contiguous pieces along the first axis, as equal as they can be (``np.array_split``);
    shard ``k`` is a tuple holding piece ``k`` of each array.

    >>> [tuple(a.tolist() for a in s) for s in split((np.arange(5.0), np.arange(5)), 2)]
    [([0.0, 1.0, 2.0], [0, 1, 2]), ([3.0, 4.0], [3, 4])]
    """
    arrays = _as_tuple(arrays)
    if n < 1:
        raise ValueError(f"split: n must be at least 1, got {n}")
    lengths = {len(a) for a in arrays}
    if len(lengths) != 1:
        raise ShardError(f"split: the arrays have different lengths {[len(a) for a in arrays]}; "
                         "each shard takes the same rows of every array")
    if n > lengths.pop():
        raise ValueError(f"split: cannot cut {len(arrays[0])} rows into {n} non-empty shards")
    pieces = [np.array_split(a, n) for a in arrays]
    return [tuple(p[k] for p in pieces) for k in range(n)]


def _as_tuple(shard: Any) -> Tuple[Any, ...]:
    return tuple(shard) if isinstance(shard, (tuple, list)) else (shard,)


def _layout(shard: Tuple[Any, ...]) -> List[Tuple[Tuple[int, ...], np.dtype]]:
    """The shape and dtype of each array of a shard (all :func:`_check_layouts` needs)."""
    out = []
    for a in shard:
        a = np.asarray(a) if not hasattr(a, "shape") else a
        out.append((tuple(a.shape), np.dtype(a.dtype)))
    return out


def _check_layouts(layouts: Sequence[List[Tuple[Tuple[int, ...], np.dtype]]]) -> List[int]:
    """The number of rows of each shard, from the shards' layouts; a ShardError naming the
    first shard that does not match shard 0 (arrays, lengths, row shapes, kinds of dtype)."""
    if not layouts:
        raise ShardError("no shards given")
    first = layouts[0]
    sizes = []
    for k, layout in enumerate(layouts):
        if len(layout) != len(first):
            raise ShardError(f"shard {k} holds {len(layout)} arrays but shard 0 holds {len(first)}")
        for j, ((shape, dtype), (ref_shape, ref_dtype)) in enumerate(zip(layout, first)):
            if not shape:
                raise ShardError(f"shard {k}, array {j} is a scalar: each array of a shard holds "
                                 "one row per data point along its first axis")
            if shape[1:] != ref_shape[1:] or dtype.kind != ref_dtype.kind:
                raise ShardError(
                    f"shard {k}, array {j} has rows of shape {shape[1:]} and dtype {dtype}, "
                    f"but shard 0's array {j} has rows of shape {ref_shape[1:]} and dtype "
                    f"{ref_dtype} (whole shapes {shape} and {ref_shape})")
        lengths = [shape[0] for shape, _ in layout]
        if len(set(lengths)) != 1:
            raise ShardError(f"shard {k}: its arrays have different lengths {lengths}; each "
                             "holds one row per data point of the shard")
        if lengths[0] == 0:
            raise ShardError(f"shard {k} is empty")
        sizes.append(lengths[0])
    return sizes


class Shards:
    """Data shards held by Dask workers: made by :func:`scatter`, read by the gradients.

    ``futures[k]`` is shard ``k`` (a tuple of arrays) on a worker and ``sizes[k]`` its
    number of rows; the rows of all shards, in shard order, are the *points*
    ``0 .. points - 1`` that :meth:`locate` and the ``points=`` argument of a gradient
    refer to. ``close()`` (or leaving a ``with`` block) frees the workers' copies.

    >>> s = Shards(None, [None, None], [3, 2])   # as scatter makes it, for shards of 3 and 2 rows
    >>> s.points, len(s), s.locate([4, 1])
    (5, 2, [(0, array([1])), (1, array([1]))])
    """

    def __init__(self, client: Any, futures: List[Any], sizes: List[int],
                 remade: bool = False) -> None:
        self.client = client
        self.futures = futures
        self.remade = remade  # made by tasks (load): Dask makes a lost shard again
        self.sizes = list(sizes)
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)]).astype(np.intp)

    @property
    def points(self) -> int:
        """The number of rows in all shards together."""
        return int(self.offsets[-1])

    def __len__(self) -> int:
        return len(self.futures)

    def __repr__(self) -> str:
        return f"<Shards: {len(self)} shards of {self.sizes} rows on {self.client}>"

    def locate(self, points: Any) -> List[Tuple[int, np.ndarray]]:
        """``(shard, rows)`` for each shard holding some of ``points`` (indices into the
        concatenation of the shards), ``rows`` in the order ``points`` gives them.

        >>> Shards(None, [None, None], [3, 2]).locate([4, 0, 3, 2])
        [(0, array([0, 2])), (1, array([1, 0]))]
        """
        pts = np.asarray(points)
        if pts.ndim != 1 or (pts.size and pts.dtype.kind not in "iu"):
            raise ValueError(f"points must be a 1-d array of integer indices, got shape "
                             f"{pts.shape} of {pts.dtype}")
        if pts.size and (pts.min() < 0 or pts.max() >= self.points):
            bad = int(pts.min()) if pts.min() < 0 else int(pts.max())
            raise IndexError(f"point {bad} is outside the {self.points} points of the shards")
        owner = np.searchsorted(self.offsets, pts, side="right") - 1
        return [(k, pts[owner == k] - self.offsets[k]) for k in range(len(self))
                if np.any(owner == k)]

    def close(self) -> None:
        """Release the shards: the workers drop their copies once no task needs them."""
        for f in self.futures:
            f.release()
        self.futures = []

    def __enter__(self) -> "Shards":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _unaligned(x: Any) -> bool:
    return type(x) is np.ndarray and not x.flags.aligned


def _aligned(x: Any) -> Any:
    """``x``, or an aligned copy of it when it is a NumPy array whose data is not aligned.

    Dask's deserialisation builds arrays on the bytes of the message they came in, where
    an array's data may start at any byte (seen: address 1 and 62 modulo 64). NumPy's
    matrix products do not hand such arrays to BLAS: the MNIST gradient of a shard took
    40% more CPU time on a worker than the same call in one process, until its arrays
    were copied (about 1 ms for 2 MB, once).

    >>> raw = np.zeros(17, np.uint8)[1:].view(np.float64)   # data at an odd address
    >>> raw.flags.aligned, _aligned(raw).flags.aligned
    (False, True)
    """
    return np.array(x) if _unaligned(x) else x


def _aligned_tree(value: Any) -> Any:
    """``value`` with every array that is not aligned replaced by an aligned copy (the same
    object when all are aligned)."""
    if any(_unaligned(leaf) for leaf in tree.leaves(value)):
        return tree.map_leaves(_aligned, value)
    return value


def _arrived(shard: Any) -> Tuple[Any, ...]:
    """A shard as a task sees it: the tuple of its arrays, aligned. A worker in this
    process (``local_cluster(processes=False)``) gets the :class:`_AlignedOnArrival`
    itself, never pickled."""
    if isinstance(shard, _AlignedOnArrival):
        shard = shard.shard
    return tuple(_aligned(a) for a in shard)


class _AlignedOnArrival:
    """A shard on its way to a worker: it unpickles there as the plain tuple of its arrays,
    each copied into aligned memory if it arrived unaligned (see :func:`_aligned`), once,
    so that no step pays for it."""

    __slots__ = ("shard",)

    def __init__(self, shard: Tuple[Any, ...]) -> None:
        self.shard = shard

    def __reduce__(self) -> Tuple[Any, ...]:
        return _arrived, (self.shard,)


def scatter(client: Any, shards: Sequence[Any]) -> Shards:
    """Send ``shards`` (each an array or a tuple of arrays, one row per data point) from
    this process to the workers of ``client``, spread over them, as :class:`Shards`.

    The shards are checked first: every shard must hold the same number of arrays, of
    equal lengths, with rows of the same shape and kind of dtype as shard 0's; a
    :class:`ShardError` names the first one that does not. Dask cannot make scattered
    data again: a shard lost with its worker makes the next step fail with a
    :class:`ShardError` naming it. Shards made by :func:`load` are made again instead.

    >>> with local_cluster(2) as client:                                # doctest: +SKIP
    ...     data = scatter(client, split(np.ones((10, 3)), 2))
    >>> data.sizes                                                      # doctest: +SKIP
    [5, 5]
    """
    shards = [_as_tuple(s) for s in shards]
    sizes = _check_layouts([_layout(s) for s in shards])
    sent = [_AlignedOnArrival(s) for s in shards]  # arrive as tuples of aligned arrays
    return Shards(client, client.scatter(sent, hash=False), sizes)


def _load_shard(loader: Callable[..., Any], args: Tuple[Any, ...]) -> Tuple[Any, ...]:
    return _as_tuple(loader(*args))


def load(client: Any, loader: Callable[..., Any], args: Sequence[Any]) -> Shards:
    """Shards made on the workers: shard ``k`` is ``loader(*args[k])`` (an array or a tuple
    of arrays), run as a Dask task, so the data never passes through this process.

    Dask keeps how each shard was made: a shard lost with its worker is made again on
    another, and the step that needed it goes on (what :func:`scatter` cannot do). The
    shards' layouts are checked as :func:`scatter` checks them. ``args[k]`` is a tuple of
    arguments (a single argument that is not a tuple is passed alone).

    >>> def rows(start, stop):                                          # doctest: +SKIP
    ...     return np.arange(start, stop, dtype=float).reshape(-1, 1)
    >>> with local_cluster(2) as client:                                # doctest: +SKIP
    ...     data = load(client, rows, [(0, 6), (6, 10)])
    >>> data.sizes                                                      # doctest: +SKIP
    [6, 4]
    """
    futures = [client.submit(_load_shard, loader, a if isinstance(a, tuple) else (a,),
                             pure=False) for a in args]
    layouts = client.gather([client.submit(_layout, f, pure=False) for f in futures])
    return Shards(client, futures, _check_layouts(layouts), remade=True)


# -- the step --------------------------------------------------------------------------------

def _as_slice(rows: np.ndarray) -> Any:
    """``rows`` as a ``slice`` when they are a run of consecutive rows in order (taking them
    is then a view, not a copy of every row of the minibatch on the worker, and the task
    sends two numbers instead of an index array), else ``rows`` itself.

    >>> _as_slice(np.array([3, 4, 5])), _as_slice(np.array([3, 5]))
    (slice(3, 6, None), array([3, 5]))
    """
    if len(rows) and rows[-1] - rows[0] == len(rows) - 1 and (
            len(rows) < 3 or bool(np.all(np.diff(rows) == 1))):
        return slice(int(rows[0]), int(rows[-1]) + 1)
    return rows


def _shard_value_and_grad(shard: Tuple[Any, ...], rows: Any, weight: float,
                          k: int, *, loss: Callable[..., Any], params: Any) -> Tuple[Any, Any, float]:
    """On a worker: ``(weight * loss(params, *shard), its gradient, CPU seconds taken)``, on
    ``rows`` of the shard only when given (an index array, or a slice); any failure is
    re-raised as a ShardError naming shard ``k``."""
    began = time.thread_time()
    # Parameters sent inside the task, or a shard moved from another worker, may arrive
    # unaligned (scattered shards arrive aligned): aligned copies, or BLAS is not used.
    params = _aligned_tree(params)
    shard = _arrived(shard)
    if rows is not None:
        shard = tuple(a[rows] for a in shard)
    if weight == 1.0:
        f = lambda p: loss(p, *shard)  # noqa: E731  (no extra node: the sum is exact)
    else:
        f = lambda p: loss(p, *shard) * weight  # noqa: E731
    try:
        value, g = backprop(f, params)
    except Exception as e:
        raise ShardError(f"shard {k}: the loss or its gradient failed: {type(e).__name__}: {e}") from e
    return value, g, time.thread_time() - began


def _add_pair(a: Tuple[Any, Any, float], b: Tuple[Any, Any, float]) -> Tuple[Any, Any, float]:
    """On a worker: one node of the tree reduction, ``(value, gradient, CPU seconds)``
    triples added."""
    began = time.thread_time()
    value, g = a[0] + b[0], add(a[1], b[1])
    return value, g, a[2] + b[2] + time.thread_time() - began


def _reduce(client: Any, futures: List[Any]) -> Tuple[Any, Any, float]:
    """The sum of the futures' ``(value, gradient, CPU seconds)`` triples: added pairwise,
    level by level, on the workers while more than :data:`ADDED_HERE` remain, then the rest
    gathered and added here (each level on the workers costs a round of messages: a task, a
    transfer of a gradient between workers, a report; a gradient or a few are quicker to
    fetch)."""
    while len(futures) > ADDED_HERE:
        half = len(futures) // 2  # one message for the level's tasks (client.map)
        paired = client.map(_add_pair, futures[0:2 * half:2], futures[1:2 * half:2], pure=False)
        futures = paired + futures[2 * half:]
    triples = client.gather(futures)
    total = triples[0]
    for triple in triples[1:]:
        total = _add_pair(total, triple)
    # A gradient fetched and not added here is on the bytes of its message (_aligned).
    return total[0], _aligned_tree(total[1]), total[2]


def _unpicklable(params: Any) -> str:
    """Where in ``params`` a value refuses to pickle, and why ('' if nothing is found)."""
    import cloudpickle  # a dependency of distributed

    for path, leaf in tree.paths(params):
        try:
            cloudpickle.dumps(leaf)
        except Exception as e:
            where = "".join(f"[{key!r}]" for key in path) or " (the parameters themselves)"
            return (f"parameters{where} is a {type(leaf).__module__}.{type(leaf).__qualname__}, "
                    f"which does not pickle ({type(e).__name__}: {e})")
    try:
        cloudpickle.dumps(params)
    except Exception as e:
        return (f"the parameters, a {type(params).__module__}.{type(params).__qualname__}, do "
                f"not pickle ({type(e).__name__}: {e})")
    return ""


@contextlib.contextmanager
def _pickling(params: Any) -> Iterator[None]:
    """Re-raise a failure to send ``params`` as a TypeError naming what does not pickle."""
    try:
        yield
    except Exception as e:
        found = _unpicklable(params)
        if not found:
            raise
        raise TypeError(f"wengert.distributed sends the parameters to the Dask workers by "
                        f"pickling them, and {found}. Keep such values out of the parameters "
                        "(pass them to the loss as constants), or make the type picklable") from e


def _broadcast(client: Any, params: Any) -> Any:
    """``params`` on every worker (one future), or a TypeError naming what does not pickle."""
    with _pickling(params):
        # In a list: scatter would otherwise send each item of a tuple, list or dict apart.
        # (Through the scheduler, which sends a copy to each worker: a direct scatter would
        # send one copy and then ask the scheduler to replicate it, more rounds of messages.)
        return client.scatter([params], broadcast=True, hash=False, direct=False)[0]


def _nbytes(params: Any) -> int:
    """About how many bytes ``params`` pickle to: its arrays' (8 for any other leaf)."""
    return sum(getattr(leaf, "nbytes", 8) for _, leaf in tree.paths(params))



#: At most this many ``(value, gradient)`` pairs are fetched and added in this process; more
#: are first added pairwise on the workers.
ADDED_HERE = 4

#: Parameters of up to this many bytes travel inside the shards' tasks when there is at most
#: one task per worker (each worker still gets them once); larger ones, or more tasks than
#: workers, are scattered to every worker first, in a round trip of its own.
IN_TASKS_BYTES = 4_000_000


class StepCost(NamedTuple):
    """Where one distributed step spent its time (see ``value_and_grad(...).last_step``).

    >>> StepCost(0.01, 0.2, 0.21, 0.38).broadcast
    0.01
    """
    broadcast: float   # seconds to scatter the parameters to every worker (0 when they
                       # travel inside the tasks)
    compute: float     # seconds from the broadcast's end to the reduced result's arrival
    total: float       # seconds of the whole call
    task_cpu: float = 0.0  # CPU seconds of the step's tasks (the shards' gradients and their
                           # additions), summed over the workers and this process: compare
                           # with total * workers to see what the step lost outside them


def value_and_grad(loss: Callable[..., Any], shards: Shards, *,
                   reduction: str = "sum") -> Callable[..., Tuple[Any, Any]]:
    """A function ``(params, points=None) -> (value, gradient)`` of ``loss`` over ``shards``.

    ``loss(params, *shard)`` is the loss on one shard's arrays (a scalar). With
    ``reduction="sum"`` the value is the sum of the shards' losses; with ``"mean"`` each
    shard's loss is weighted by its share of the rows, ``n_k / n``, which is the mean over
    all points when ``loss`` is a mean over its shard's rows (as the usual minibatch losses
    are). ``points`` (indices into the concatenation of the shards, see
    :meth:`Shards.locate`) restricts the step to those rows, a minibatch: each shard then
    differentiates only its own rows among them, so the data never moves.

    Each call runs one task per shard on a worker holding it (``wengert.backprop`` of the
    weighted loss), sending ``params`` to each worker once (inside the tasks when there are
    no more tasks than workers and ``params`` are small, :data:`IN_TASKS_BYTES`: a round
    trip fewer; otherwise scattered with ``broadcast=True`` first), adds the ``(value,
    gradient)`` pairs with :func:`wengert.add` in a tree reduction (pairwise on the workers
    while more than :data:`ADDED_HERE` remain, then here), and returns the sum: the gradient has the type and structure of ``params``. A worker that
    dies during the step is survived when its shards were made by :func:`load` (Dask
    makes them again and reruns the tasks elsewhere, with the same result; scattered
    shards lost with it raise a :class:`ShardError` naming them); a failing loss raises a :class:`ShardError` naming the shard, and
    parameters that do not pickle a ``TypeError`` naming the part and its type. The
    returned function's ``last_step`` is the :class:`StepCost` of its latest call.

    The sum is taken in a different order than one process would take it, so results
    agree with ``wengert.value_and_grad`` on the concatenated data to rounding (about
    1e-15 relative per step), not bit for bit.

    >>> def loss(w, x):                                              # doctest: +SKIP
    ...     return np.sum(x @ w) / len(x)
    >>> with local_cluster(2) as client:                             # doctest: +SKIP
    ...     data = scatter(client, split(np.arange(8.0).reshape(4, 2), 2))
    ...     value_and_grad(loss, data, reduction="mean")(np.ones(2))
    (7.0, array([3., 4.]))

    .. versionadded:: 0.1
    """
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")
    if not callable(loss):
        raise TypeError(f"loss must be callable, got a {type(loss).__name__}")

    return _Step(loss, shards, reduction)


class _Step:
    """The function :func:`value_and_grad` returns, with the cost of its latest call."""

    def __init__(self, loss: Callable[..., Any], shards: Shards, reduction: str) -> None:
        self.loss, self.shards, self.reduction = loss, shards, reduction
        self.last_step: Optional[StepCost] = None
        self.workers: Optional[int] = None  # counted at the first call (a round trip)

    def __call__(self, params: Any, points: Any = None) -> Tuple[Any, Any]:
        loss, shards, reduction = self.loss, self.shards, self.reduction
        began = time.perf_counter()
        if not shards.futures:
            raise ValueError("these shards were closed")
        parts: List[Tuple[int, Any, int]]
        if points is None:
            parts = [(k, None, n) for k, n in enumerate(shards.sizes)]
        else:
            parts = [(k, _as_slice(rows), len(rows)) for k, rows in shards.locate(points)]
            if not parts:
                raise ValueError("points is empty: a step needs at least one point")
        total = sum(n for _, _, n in parts)
        client = shards.client
        weights = [n / total if reduction == "mean" else 1.0 for _, _, n in parts]
        # One task per worker (the usual one shard per worker): the parameters go inside the
        # tasks, which saves the scatter's round trip; otherwise each worker gets them once
        # by a scatter.
        # (Workers that join or leave later change only how fast this is, never the result.)
        if self.workers is None:
            self.workers = len(client.nthreads())
        in_tasks = len(parts) <= self.workers and _nbytes(params) <= IN_TASKS_BYTES
        for attempt in (1, 2):
            params_future = None
            try:
                broadcast_began = time.perf_counter()
                if not in_tasks:
                    params_future = _broadcast(client, params)
                broadcast_done = time.perf_counter()
                with _pickling(params):  # the step's tasks in one message (client.map)
                    pairs = client.map(
                        _shard_value_and_grad, [shards.futures[k] for k, _, _ in parts],
                        [rows for _, rows, _ in parts], weights, [k for k, _, _ in parts],
                        loss=loss, params=params if params_future is None else params_future,
                        pure=False)
                value, g, task_cpu = _reduce(client, pairs)
                break
            except (_dd.client.FutureCancelledError, _dd.comm.CommClosedError) as e:
                _raise_lost_shards(shards, e)
                if attempt == 2:
                    raise
                # A worker went away during the broadcast, or the broadcast parameters were
                # lost with it (Dask's memory manager may drop their extra copies), and the
                # shards are intact or remade: send the parameters again, once.
            finally:
                if params_future is not None:
                    params_future.release()
        end = time.perf_counter()
        self.last_step = StepCost(0.0 if in_tasks else broadcast_done - broadcast_began,
                                  end - broadcast_done, end - began, task_cpu)
        return value, g


def _raise_lost_shards(shards: Shards, error: BaseException) -> None:
    """A ShardError naming the scattered shards lost with a worker, if any (from ``error``)."""
    lost = [] if shards.remade else [k for k, f in enumerate(shards.futures) if f.status != "finished"]
    if lost:
        raise ShardError(
            f"shard{'s' if len(lost) > 1 else ''} {', '.join(map(str, lost))} "
            "lost with a worker: Dask cannot make scattered data again; scatter "
            "the shards again, or make them with wengert.distributed.load, whose "
            "shards Dask makes again when they are lost") from error


def grad(loss: Callable[..., Any], shards: Shards, *,
         reduction: str = "sum") -> Callable[..., Any]:
    """A function ``(params, points=None) -> gradient``: :func:`value_and_grad` without the value.

    >>> def loss(w, x):                                              # doctest: +SKIP
    ...     return np.sum(x @ w)
    >>> with local_cluster(2) as client:                             # doctest: +SKIP
    ...     data = scatter(client, split(np.arange(8.0).reshape(4, 2), 2))
    ...     grad(loss, data)(np.ones(2), points=[0, 3])
    array([ 6., 8.])

    .. versionadded:: 0.1
    """
    vg = value_and_grad(loss, shards, reduction=reduction)

    def grad_step(params: Any, points: Any = None) -> Any:
        return vg(params, points)[1]
    return grad_step


# -- training with the optimizer on the workers --------------------------------------------------

class Trained(NamedTuple):
    """What :func:`train` returns: the parameters and optimizer state after the last step,
    and the loss of each step (at the parameters it started from).

    >>> Trained(1.0, None, [0.5]).values
    [0.5]
    """
    params: Any
    state: Any
    values: List[float]


def _replica(state: Any, params: Any) -> Tuple[Any, Any, List[float]]:
    """On a worker: its copy of ``(state, params, values so far)``, its arrays aligned."""
    return _aligned_tree(state), _aligned_tree(params), []


def _replica_value_and_grad(shard: Tuple[Any, ...], rows: Any, weight: float, k: int,
                            replica: Tuple[Any, Any, List[float]], *,
                            loss: Callable[..., Any]) -> Tuple[Any, Any, float]:
    """On a worker: :func:`_shard_value_and_grad` at the parameters of this worker's replica."""
    return _shard_value_and_grad(shard, rows, weight, k, loss=loss, params=replica[1])


def _replica_update(replica: Tuple[Any, Any, List[float]], optimizer: Any,
                    *triples: Tuple[Any, Any, float]) -> Tuple[Any, Any, List[float]]:
    """On a worker: its replica after one step of ``optimizer`` against the sum of the
    shards' ``(value, gradient, CPU seconds)`` triples, added in shard order (every worker
    adds the same numbers in the same order, so the replicas stay equal bit for bit)."""
    total = triples[0]
    for triple in triples[1:]:
        total = _add_pair(total, triple)
    state, params = optimizer.update(_aligned_tree(total[1]), replica[0], replica[1])
    return state, params, replica[2] + [float(total[0])]


def _fingerprint(replica: Tuple[Any, Any, List[float]]) -> str:
    """On a worker: a digest of the bytes of its replica (to check that they are all equal)."""
    import hashlib
    import pickle
    digest = hashlib.sha256()
    for leaf in tree.leaves((replica[0], replica[1])):
        digest.update(np.ascontiguousarray(leaf).tobytes() if isinstance(leaf, np.ndarray)
                      else pickle.dumps(leaf))
    return digest.hexdigest()


def train(loss: Callable[..., Any], shards: Shards, optimizer: Any, params: Any,
          batches: Any, *, state: Any = None, reduction: str = "mean") -> Trained:
    """Steps of ``optimizer`` over the minibatches ``batches``, computed on the workers:
    each worker keeps a copy of the parameters and the optimizer's state and applies the
    step itself, so only gradients travel (as PyTorch's DistributedDataParallel does).

    ``batches`` is a sequence of ``points`` arrays (as :func:`value_and_grad` takes them,
    indices into the concatenation of the shards); each step differentiates ``loss`` on
    those points as :func:`value_and_grad` does (``reduction`` the same), then every worker
    holding a shard adds the shards' gradients in shard order and runs
    ``optimizer.update(gradient, state, params)`` (a ``wengert.optim`` optimizer, or any
    object with ``init`` and ``update`` of that form whose update is a deterministic
    function of its arguments) on its copy. Every copy adds the same numbers in the same
    order, so the copies stay equal bit for bit (checked at the end, by a digest of each),
    and the result is what a loop calling :func:`value_and_grad` and ``optimizer.update``
    in this process gives, for at most :data:`ADDED_HERE` shards bit for bit. All the
    steps are handed to Dask at once: this process sends no parameters and waits for
    nothing until the last step, so the workers go from one step to the next without a
    round trip through it. ``state`` defaults to ``optimizer.init(params)``.

    A worker that dies during training is survived when the shards were made by
    :func:`load`: Dask makes the lost shards and the lost copy again from what made them
    (the steps before, rerun on another worker: slower, the same result); scattered shards
    lost with it raise a :class:`ShardError` naming them.

    >>> import wengert as wg                                         # doctest: +SKIP
    >>> with local_cluster(2) as client:                             # doctest: +SKIP
    ...     data = scatter(client, split((x, y), 2))
    ...     out = train(loss, data, wg.optim.Adam(0.01), w0, [[0, 1, 2, 3], [4, 5, 6, 7]])
    >>> out.params, out.values                                       # doctest: +SKIP

    .. versionadded:: 0.1
    """
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")
    if not callable(loss):
        raise TypeError(f"loss must be callable, got a {type(loss).__name__}")
    if not shards.futures:
        raise ValueError("these shards were closed")
    client = shards.client
    if state is None:
        state = optimizer.init(params)
    try:
        _dd.wait(shards.futures)
        holders = client.who_has(shards.futures)
        # each shard's worker (the first of its holders); one copy of the parameters on each
        places = [holders[f.key][0] for f in shards.futures]
        with _pickling(params):
            replicas = {w: client.submit(_replica, state, params, workers=[w],
                                         allow_other_workers=True, pure=False)
                        for w in sorted(set(places))}
        for points in batches:
            parts = [(k, _as_slice(rows), len(rows)) for k, rows in shards.locate(points)]
            if not parts:
                raise ValueError("a batch of points is empty: a step needs at least one point")
            total = sum(n for _, _, n in parts)
            grads = [client.submit(_replica_value_and_grad, shards.futures[k], rows,
                                   n / total if reduction == "mean" else 1.0, k,
                                   replicas[places[k]], loss=loss, workers=[places[k]],
                                   allow_other_workers=True, pure=False)
                     for k, rows, n in parts]
            replicas = {w: client.submit(_replica_update, r, optimizer, *grads, workers=[w],
                                         allow_other_workers=True, pure=False)
                        for w, r in replicas.items()}
        digests = client.gather([client.submit(_fingerprint, r, workers=[w], allow_other_workers=True,
                                               pure=False) for w, r in replicas.items()])
        if len(set(digests)) != 1:
            raise WengertError(
                "the workers' copies of the parameters differ after training: the optimizer's "
                "update is not a deterministic function of its arguments on these workers")
        state, params, values = client.gather(replicas[min(replicas)])
    except (_dd.client.FutureCancelledError, _dd.comm.CommClosedError) as e:
        _raise_lost_shards(shards, e)
        raise
    return Trained(_aligned_tree(params), _aligned_tree(state), values)


# -- clusters --------------------------------------------------------------------------------

#: Dask settings for the clusters :func:`local_cluster` starts: less of Dask's housekeeping,
#: which wakes every process many times a second and, on a busy machine, delays the steps'
#: messages and takes the GIL from the gradients: the statistical profiler (a thread
#: sampling every 10 ms in each worker and in the scheduler, which runs in this process),
#: the event loop's health check (every 20 ms) and work stealing (the tasks stay where their
#: shards are anyway).
QUIET = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "500ms",
         "distributed.scheduler.work-stealing": False}

#: Dask settings for the worker processes :func:`local_cluster` starts: glibc's malloc keeps
#: its own policy. Dask sets ``MALLOC_TRIM_THRESHOLD_=65536`` in its workers' environment
#: (to give freed memory back to the system at once), and setting any of glibc's thresholds
#: turns off its adaptive one: every array of more than 128 KiB is then a fresh ``mmap``,
#: whose pages fault in one by one when it is first written, and is unmapped when freed. A
#: gradient step makes and frees the same arrays every time, so that doubled the page
#: faults of the MNIST step on a worker (8,400 a step instead of 3,200 for the two) and cost
#: 7% more CPU time (median over 20 alternating steps of two clusters, batch 5,000).
#: A value set in this process's environment is still inherited by the workers.
MALLOC = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


@contextlib.contextmanager
def local_cluster(n_workers: int, *, timeout: float = 60.0, **cluster_kwargs: Any) -> Iterator[Any]:
    """A ``distributed.Client`` of a new ``LocalCluster`` of ``n_workers`` processes, closed
    at the end of the ``with`` block.

    Each worker is one process with one thread and one BLAS thread (data parallelism
    comes from the processes; BLAS threads would only compete for the same cores), and
    the scheduler and workers listen on the loopback interface only (127.0.0.1), the
    scheduler's HTTP server on a free port there; Dask's housekeeping is turned down
    (:data:`QUIET`), glibc's malloc left to its adaptive thresholds (:data:`MALLOC`), and
    the client fetches results from the workers directly. ``cluster_kwargs`` go to ``LocalCluster`` (``processes=False`` makes the
    workers threads of this process: quick to start, but they share its GIL); ``timeout``
    bounds the start.

    >>> with local_cluster(2) as client:                             # doctest: +SKIP
    ...     len(client.scheduler_info()["workers"])
    2

    .. versionadded:: 0.1
    """
    # The scheduler's HTTP server (health, metrics, the dashboard if bokeh is installed) on a
    # free loopback port: Dask before 2024.12 starts it even with dashboard_address=None.
    options = dict(n_workers=n_workers, threads_per_worker=1, processes=True,
                   dashboard_address="127.0.0.1:0")
    options.update(cluster_kwargs)
    if options["processes"]:  # (threads talk in-process, with no network at all)
        options.setdefault("host", "127.0.0.1")
        # Set in each worker process before NumPy loads its BLAS.
        options.setdefault("env", {name: "1" for name in ("OMP_NUM_THREADS",
                                                          "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")})
    with dask.config.set({**QUIET, **MALLOC}):  # read as the scheduler and the workers start
        cluster = _dd.LocalCluster(**options)
    # direct_to_workers: results come straight from the workers, not through the scheduler.
    with cluster, _dd.Client(cluster, timeout=timeout, direct_to_workers=True) as client:
        client.wait_for_workers(n_workers, timeout=timeout)
        yield client



@contextlib.contextmanager
def connect(address: str, *, timeout: float = 60.0) -> Iterator[Any]:
    """A ``distributed.Client`` of the existing cluster whose scheduler is at ``address``
    (e.g. ``"tcp://10.0.0.5:8786"``), closed at the end of the ``with`` block (the cluster
    itself goes on). ``timeout`` bounds the connection.

    >>> with connect("tcp://127.0.0.1:8786") as client:             # doctest: +SKIP
    ...     data = scatter(client, split(np.ones((10, 3)), 2))

    .. versionadded:: 0.1
    """
    with _dd.Client(address, timeout=timeout) as client:
        yield client
