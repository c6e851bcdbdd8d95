"""Python functions mapped over arrays: ``vectorize`` and ``frompyfunc``.

NumPy's ``np.vectorize`` and ``np.frompyfunc`` convert their arguments with
``np.asarray``, which a Var refuses (it would cut the gradient), and offer no dispatch.
wengert's versions take the same arguments; called on Vars they run the same Python loop
NumPy runs (one call of the function per element, or per core slice with ``signature=``),
on element Vars read by indexing (recorded), and stack the results (recorded). So the
derivatives, of every order and in forward mode, are those of the function itself at each
element: no rule of their own, nothing approximated. Called with no Var they are NumPy's,
unless the function closes over a Var (or a forward pass's Dual) and returns it: then its
results are collected as with Var arguments (NumPy's own could not store them).
Like NumPy's, they are Python loops: convenient, not fast.
"""
import re

import numpy as np

from .._context import open_tapes
from ..forward import forward_pass_open
from ..primitive import defcomposite
from ..structured import is_traced, peek
from ._util import dtype_of, shape_of
from .shape import array

__all__ = ["vectorize", "frompyfunc"]

_NoValue = np._NoValue
_CORE = re.compile(r"\(([^()]*)\)")


def _parse_signature(signature):
    """``"(m,n),(n)->(m)"`` -> ([("m", "n"), ("n",)], [("m",)]), as NumPy parses it."""
    text = signature.replace(" ", "")
    if not re.fullmatch(r"\((\w+(,\w+)*)?\)(,\((\w+(,\w+)*)?\))*->\((\w+(,\w+)*)?\)(,\((\w+(,\w+)*)?\))*", text):
        raise ValueError(f"not a valid gufunc signature: {signature}")
    ins, outs = text.split("->")
    return ([tuple(filter(None, dims.split(","))) for dims in _CORE.findall(part)] for part in (ins, outs))


def _bind(sizes, dims, shape, what):
    """Bind the core dimension names ``dims`` to the trailing axes of ``shape``."""
    if len(shape) < len(dims):
        raise ValueError(f"{what} does not have enough dimensions (has {len(shape)}, gufunc core "
                         f"with signature requires {len(dims)})")
    for name, size in zip(dims, shape[len(shape) - len(dims):]):
        if sizes.setdefault(name, size) != size:
            raise ValueError(f"inconsistent size for core dimension {name!r}: {size} vs {sizes[name]}")


class _TracedResult(Exception):
    """The function returned a Var or a Dual from plain arguments (it closes over one)."""


def _watching(pyfunc):
    """``pyfunc``, raising :class:`_TracedResult` where it returns a Var or a Dual (alone or in a
    tuple), for NumPy's loop, which would store it in a plain array or refuse it."""
    def watched(*args, **kwargs):
        out = pyfunc(*args, **kwargs)
        if is_traced(out) or (type(out) is tuple and any(is_traced(o) for o in out)):
            raise _TracedResult
        return out
    return watched


def _recording():
    """Whether a result could be a Var or a Dual: a tape (a gradient, jit) or a forward pass is open."""
    return bool(open_tapes()) or forward_pass_open()


def _element(x, index):
    """``x[index]``: recorded for a Var, a NumPy scalar or array for anything else (NumPy's
    vectorize passes NumPy scalars)."""
    if is_traced(x):
        return x if not index and not shape_of(x) else x[index]  # a Var of a Python float as it is
    return np.asarray(x)[index]


class vectorize:
    """``np.vectorize`` that takes Vars: ``pyfunc`` called on each element (each core slice,
    with ``signature=``), its results stacked, every step recorded.

    The arguments are NumPy's (``otypes``, ``excluded``, ``signature``; ``cache`` and ``doc``
    are accepted and change nothing on Vars). The derivative is that of ``pyfunc`` at each
    element, exact at every order and in forward mode, whatever Python ``pyfunc`` runs
    (branches included: each element takes its own). It is a Python loop, one call per
    element, as NumPy's is. Called with no Var among the arguments, it is NumPy's own
    ``np.vectorize``, unless ``pyfunc`` closes over a Var (a Dual) and returns it: then its
    results are stacked as above: NumPy's loop stops at the first Var result and the call is
    redone by wengert's loop, so ``pyfunc`` runs once more for each element up to that one
    (k + 1 extra calls when the first Var comes from element k; NumPy's own loop runs the
    first element twice without ``otypes``). As in NumPy,
    without ``otypes`` the first element's result fixes the dtype (an integer result makes
    every result an integer, with no gradient).

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> def soft(t):
    ...     return t * t / 2 if abs(t) < 1 else abs(t) - 0.5
    >>> wg.grad_bp(lambda x: np.sum(wnp.vectorize(soft)(x)), np.array([-2.0, 0.5, 3.0]))
    array([-1. ,  0.5,  1. ])
    >>> wg.grad_bp(lambda y: np.sum(wnp.vectorize(lambda t: t * y)(np.arange(3.0))), 2.0)
    3.0

    .. versionadded:: 0.1
    """

    def __init__(self, pyfunc=_NoValue, otypes=None, doc=None, excluded=None, cache=False, signature=None):
        if pyfunc is not _NoValue and not callable(pyfunc):
            raise TypeError(f"vectorize needs a callable pyfunc, got {type(pyfunc).__name__}")
        self.pyfunc = pyfunc
        self.otypes = otypes
        self.excluded = set() if excluded is None else set(excluded)
        self.cache = cache
        self.signature = signature
        self.__doc__ = doc if doc is not None else getattr(pyfunc, "__doc__", None)
        if signature is not None:
            self._in_dims, self._out_dims = _parse_signature(signature)
        # NumPy's, for calls without Vars (it checks otypes and signature here too)
        self.plain = None if pyfunc is _NoValue else np.vectorize(pyfunc, otypes, doc, excluded, cache, signature)
        self._watched = None  # NumPy's, on pyfunc watched for Var results (made on first use)

    def __call__(self, *args, **kwargs):
        if self.pyfunc is _NoValue:  # @wnp.vectorize(otypes=...) as a decorator
            return vectorize(args[0], self.otypes, self.__doc__, self.excluded or None, self.cache, self.signature)
        varying = [i for i in range(len(args)) if i not in self.excluded]
        varying_kw = [k for k in kwargs if k not in self.excluded]
        if not any(is_traced(args[i]) for i in varying) and not any(is_traced(kwargs[k]) for k in varying_kw):
            if not _recording():
                return self.plain(*args, **kwargs)
            if self._watched is None:
                self._watched = np.vectorize(_watching(self.pyfunc), self.otypes, self.__doc__,
                                             self.excluded or None, self.cache, self.signature)
            try:
                return self._watched(*args, **kwargs)
            except _TracedResult:  # pyfunc closes over a Var: its results collected below
                pass
        return self._looped(args, kwargs, varying, varying_kw)

    def _looped(self, args, kwargs, varying, varying_kw):
        """The Python loop on element Vars (or values), its results stacked (recorded)."""
        # a Var of a list or tuple as an array (recorded), as NumPy converts a list: indexing it
        # with the loop's index tuples raised TypeError (its type a structure read: no jit guard)
        values = [array(v) if is_traced(v) and isinstance(peek(v), (list, tuple)) else v
                  for v in [args[i] for i in varying] + [kwargs[k] for k in varying_kw]]

        def call(items):
            a = list(args)
            for i, item in zip(varying, items):
                a[i] = item
            kw = dict(kwargs, **dict(zip(varying_kw, items[len(varying):])))
            return self.pyfunc(*a, **kw)
        if self.signature is None:
            return self._elementwise(call, values)
        return self._with_signature(call, values)

    def _elementwise(self, call, values):
        shape = np.broadcast_shapes(*(shape_of(v) for v in values))
        values = [np.broadcast_to(v, shape) if is_traced(v) and shape_of(v) != shape else v for v in values]
        if 0 in shape:
            if self.otypes is None:
                raise ValueError("cannot call `vectorize` on size 0 inputs unless `otypes` is set")
            return self._outputs([np.empty(shape, dtype=t) for t in self.otypes])
        plain = [v if is_traced(v) else np.broadcast_to(np.asarray(v), shape) for v in values]
        results = [call([_element(v, index) for v in plain]) for index in np.ndindex(*shape)]
        return self._stacked(results, shape, [()] * self._count(results[0]))

    def _with_signature(self, call, values):
        if len(values) != len(self._in_dims):
            raise TypeError(f"wrong number of positional arguments: expected {len(self._in_dims)}, "
                            f"got {len(values)}")
        sizes = {}
        for i, (v, dims) in enumerate(zip(values, self._in_dims)):
            _bind(sizes, dims, shape_of(v), f"input operand {i}")
        loops = [tuple(shape_of(v))[:len(shape_of(v)) - len(dims)] for v, dims in zip(values, self._in_dims)]
        loop = np.broadcast_shapes(*loops)
        expanded = []
        for v, dims in zip(values, self._in_dims):
            full = loop + tuple(sizes[d] for d in dims)
            expanded.append(np.broadcast_to(v if is_traced(v) else np.asarray(v), full)
                            if tuple(shape_of(v)) != full else v)
        if 0 in loop:
            if self.otypes is None or any(d not in sizes for dims in self._out_dims for d in dims):
                raise ValueError("cannot call `vectorize` on size 0 inputs unless `otypes` is set "
                                 "and every output dimension is an input's")
            return self._outputs([np.empty(loop + tuple(sizes[d] for d in dims), dtype=t)
                                  for dims, t in zip(self._out_dims, self.otypes)])
        results = [call([_element(v, index) for v in expanded]) for index in np.ndindex(*loop)]
        nout = len(self._out_dims)
        for result in results:
            outs = result if nout > 1 else (result,)
            if nout > 1 and (not isinstance(result, tuple) or len(result) != nout):
                raise ValueError(f"wrong number of outputs from pyfunc: expected {nout}")
            for j, (out, dims) in enumerate(zip(outs, self._out_dims)):
                _bind(sizes, dims, tuple(shape_of(out)), f"output {j}")
        return self._stacked(results, loop, [tuple(sizes[d] for d in dims) for dims in self._out_dims])

    def _count(self, first):
        nout = len(first) if isinstance(first, tuple) else 1
        if self.otypes is not None and len(self.otypes) != nout:
            raise ValueError(f"wrong number of outputs from pyfunc: expected {len(self.otypes)}, got {nout}")
        return nout

    def _stacked(self, results, loop, cores):
        """The results of every call, each output stacked into ``loop + core`` with the dtype
        NumPy gives it (otypes, or the first result's)."""
        nout = len(cores)
        outputs = []
        for j, core in enumerate(cores):
            items = [r[j] if nout > 1 else r for r in results]
            dtype = np.dtype(self.otypes[j]) if self.otypes is not None else dtype_of(items[0])
            if dtype == object:
                dtype = np.result_type(*(dtype_of(item) for item in items))
            stacked = np.reshape(np.stack(items), loop + core)
            outputs.append(stacked.astype(dtype) if dtype_of(stacked) != dtype else stacked)
        return self._outputs(outputs)

    def _outputs(self, outputs):
        return tuple(outputs) if len(outputs) > 1 else outputs[0]

    def __repr__(self):
        return f"<wengert.numpy.vectorize of {self.pyfunc!r}>"


# wengert's own (np.vectorize converts its arguments with np.asarray), a Python loop of
# recorded calls
defcomposite(vectorize, vectorize, names=("numpy.vectorize",))


class frompyfunc:
    """``np.frompyfunc`` that takes Vars: ``func`` of ``nin`` arguments and ``nout`` results
    on each element, as :class:`vectorize` does it (a Python loop; derivatives exact at
    every order).

    On Vars the results are arrays of the dtype of the function's results (float for a
    float function), not NumPy's object arrays, which cannot carry a gradient; with no Var
    the call is NumPy's own (object arrays). The ufunc's methods (``reduce``...) are those
    of NumPy's ufunc, ``f.plain``, for plain values.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> hyp = wnp.frompyfunc(lambda a, b: (a * a + b * b) ** 0.5, 2, 1)
    >>> wg.grad_bp(lambda x: np.sum(hyp(x, 4.0)), np.array([3.0]))
    array([0.6])

    .. versionadded:: 0.1
    """

    def __init__(self, func, nin, nout, *, identity=None):
        self.plain = np.frompyfunc(func, nin, nout, identity=identity)
        self.func, self.nin, self.nout, self.identity = func, nin, nout, identity
        self.__name__ = self.plain.__name__
        self._loop = vectorize(func, otypes=[object] * nout)  # object: each output's own result type
        self._watched = None  # NumPy's, on func watched for Var results (made on first use)

    def __call__(self, *args, **kwargs):
        if len(args) != self.nin:
            raise TypeError(f"{self.__name__} takes {self.nin} arguments, got {len(args)}")
        if kwargs or not any(is_traced(a) for a in args):
            if kwargs or not _recording():
                return self.plain(*args, **kwargs)
            if self._watched is None:
                self._watched = np.frompyfunc(_watching(self.func), self.nin, self.nout, identity=self.identity)
            try:  # (an object array holding Vars would reach np.sum by luck, and np.exp not at all)
                return self._watched(*args)
            except _TracedResult:  # func closes over a Var: its results collected as on Vars
                pass
        out = self._loop._looped(args, {}, list(range(self.nin)), [])
        if self.nout > 1 and (not isinstance(out, tuple) or len(out) != self.nout):
            raise ValueError(f"{self.__name__} returned {1 if not isinstance(out, tuple) else len(out)} "
                             f"results, not {self.nout}")
        return out

    def __repr__(self):
        return f"<wengert.numpy.frompyfunc {self.__name__}>"


defcomposite(frompyfunc, frompyfunc, names=("numpy.frompyfunc",))
