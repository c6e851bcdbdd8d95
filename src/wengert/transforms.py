"""autograd/JAX-style transforms built on the runners: ``grad``, ``value_and_grad``, ``vjp``.

.. versionadded:: 0.1
"""
import functools
import weakref
from typing import Any, Callable, Sequence, Tuple, TypeVar, Union

import numpy as np

from . import forward, protocol, structured, tree
from ._backend import Var
from .records import innermost_positions, own_containers, record_node
from .runners import check_argument, run, vjp_bp

__all__ = ["grad", "value_and_grad", "vjp", "jvp", "linearize", "jacobian", "jacrev", "jacfwd",
           "hessian", "hvp", "elementwise_grad", "checkpoint"]

T = TypeVar("T")


def _normalize_argnums(argnums, n_args, fname):
    if type(argnums) is int and 0 <= argnums < n_args:
        return True, (argnums,)  # (the common case, argnums=0: what the lines below give, without their loop)
    single = isinstance(argnums, int)
    nums = (argnums,) if single else tuple(argnums)
    for i in nums:
        if not isinstance(i, int) or not -n_args <= i < n_args:
            raise ValueError(f"{fname}: argnums {argnums!r} out of range for {n_args} positional arguments")
    return single, tuple(i % n_args for i in nums)


def value_and_grad(f: Callable[..., Any], argnums: Union[int, Sequence[int]] = 0,
                   has_aux: bool = False) -> Callable[..., Tuple[Any, Any]]:
    """A function returning ``f``'s value and its gradient with respect to ``argnums``.

    ``argnums`` is an int (one gradient) or a tuple of ints (a tuple of gradients). With
    ``has_aux=True``, ``f`` returns ``(output, aux)`` and the result is
    ``((output, aux), gradient)``. Keyword arguments are passed through as constants.

    >>> import wengert as wg
    >>> wg.value_and_grad(lambda x, y: x * y, argnums=(0, 1))(2.0, 5.0)
    (10.0, (5.0, 2.0))

    .. versionadded:: 0.1
    """
    @functools.wraps(f)
    def value_and_grad_f(*args, **kwargs):
        single, nums = _normalize_argnums(argnums, len(args), "value_and_grad")
        value, grads, aux = run(f, args, kwargs, nums, None, has_aux)
        g = grads[0] if single else tuple(grads)
        return ((value, aux), g) if has_aux else (value, g)
    # wengert.jit(value_and_grad(f)) is value_and_grad(wengert.jit(f)): both replay. The
    # mark names its function by a weak reference: a strong one is a cycle, which keeps
    # a jitted f's tapes alive until the garbage collector runs
    value_and_grad_f._wengert_transform = (  # type: ignore[attr-defined]
        lambda jitted: value_and_grad(jitted, argnums, has_aux), f, weakref.ref(value_and_grad_f))
    return value_and_grad_f


def grad(f: Callable[..., Any], argnums: Union[int, Sequence[int]] = 0,
         has_aux: bool = False) -> Callable[..., Any]:
    """A function returning the gradient of scalar-valued ``f`` with respect to ``argnums``.

    With ``has_aux=True`` it returns ``(gradient, aux)``.

    >>> import numpy as np, wengert as wg
    >>> df = wg.grad(lambda w, x: np.sum(w * x) ** 2.0)
    >>> df(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    array([66., 88.])

    .. versionadded:: 0.1
    """
    vg = value_and_grad(f, argnums, has_aux)

    @functools.wraps(f)
    def grad_f(*args, **kwargs):
        out, g = vg(*args, **kwargs)
        return (g, out[1]) if has_aux else g
    grad_f._wengert_transform = (  # type: ignore[attr-defined]
        lambda jitted: grad(jitted, argnums, has_aux), f, weakref.ref(grad_f))
    return grad_f


def vjp(f: Callable[..., Any], *args: Any,
        has_aux: bool = False) -> Tuple[Any, ...]:
    """``f(*args)`` and its pullback: ``(value, pullback)``, ``pullback(ct) -> tuple of gradients``.

    The pullback can be called any number of times, with cotangents shaped like the
    output; it returns one gradient per argument, always as a tuple (as in JAX). It may be
    called from several threads at once: their sweeps of the one tape take turns (a
    lock), so they are right but do not run in parallel; record one ``vjp`` per thread
    for parallel sweeps. With
    ``has_aux=True`` the result is ``(value, pullback, aux)``. The pullback reads the
    arrays ``f`` read (arguments, captured arrays) as they are when it runs: do not write
    into them before its last call. ``value`` and ``aux`` are the caller's own: their
    arrays are copies of the ones the pullback reads, so writing into them changes no
    gradient.

    >>> import numpy as np, wengert as wg
    >>> y, pullback = wg.vjp(lambda x: 2.0 * x, np.array([1.0, 2.0]))
    >>> pullback(np.array([1.0, 10.0]))
    (array([ 2., 20.]),)

    .. versionadded:: 0.1
    """
    value, pullback, aux = vjp_bp(f, args, tuple(range(len(args))), {}, has_aux)
    # The tape's pullbacks read the output and intermediates (np.exp's pullback reads its
    # result): hand out copies, so that `y[0] = 0` before the pullback runs cannot change it.
    value, aux = _own_arrays(value), _own_arrays(aux)
    return (value, pullback, aux) if has_aux else (value, pullback)


def _own_arrays(value):
    """``value`` with a copy of each array leaf (internal)."""
    return tree.map_leaves(lambda leaf: leaf.copy() if isinstance(leaf, np.ndarray) else leaf, value)




# -- beyond first order: forward mode, Jacobians, Hessians --------------------------------
# Every rule is written with differentiable NumPy calls, so a pullback run on Vars of an
# outer tape records itself there. Forward mode is then the transpose of the (linear)
# pullback: the VJP of ``u -> J^T u`` with cotangent ``v`` is ``J v``.

def _is_leaf(x):
    return type(x) in (float, complex, Var, forward.Dual) or isinstance(x, (np.ndarray, np.inexact))


def _leaves(x):
    """The differentiable leaves of ``x``, in a fixed order. A Var or Dual holding a structure (a
    structured tangent or cotangent of an outer tape, a record made by ``set_var``) is
    opened into recorded reads of its parts, as its plain value would be."""
    if type(x) is Var or type(x) is forward.Dual:  # (a Dual: a tangent of an outer forward pass)
        kids = tree.children(structured.plain_value(x))
        if kids is None:
            return [x]
        return [leaf for key, _ in kids for leaf in _leaves(structured.get_part(x, key))]
    if _is_leaf(x):
        return [x]
    kids = tree.children(x)
    return [leaf for _, child in kids or () for leaf in _leaves(child)]


def _inner(a, b):
    """Sum of elementwise products of two values of the same structure (recorded on Vars).

    For complex leaves it is the real part of the sum of products, with no conjugate:
    the pairing of a cotangent ``c`` with a tangent ``t`` is ``Re(c * t)`` (see
    ``wengert.ops.complexnum``), which makes forward mode the transpose of the pullback.
    """
    xs, ys = _leaves(a), _leaves(b)
    if len(xs) != len(ys):
        raise ValueError(f"a value with {len(xs)} differentiable leaves met one with {len(ys)}: "
                         "tangents (and the vector of hvp) must have the structure of the "
                         "primal values")
    total = 0.0
    for x, y in zip(xs, ys):
        if type(y) is float and y == 0.0:
            # a leaf that does not move adds nothing: its part of the pullback may be infinite
            # (0 * inf: jvp of v[0] / v[1] along v[0] only, v = [1e300, 1e-10], was NaN)
            continue
        if structured.is_complex(x) or structured.is_complex(y):
            total = total + np.real(np.sum(x * y))
        else:
            # vdot, not sum(x * y): no temporary the size of x. On large arrays (784 x 300)
            # each extra live buffer is a fresh mmap and its page faults: with sum(x * y),
            # hvp on the benchmark network costs about 5-9 gradients instead of 3.3.
            total = total + np.vdot(x, y)
    return total


def jvp(f: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any]) -> Tuple[Any, Any]:
    """Forward mode: ``(f(*primals), J @ tangents)`` for any value types.

    ``primals`` and ``tangents`` are tuples of the same structure; the tangent output has
    the structure of ``f``'s output. Tangents are propagated alongside the values, one
    rule per NumPy call (``wengert.forward``): about the cost of evaluating ``f`` twice.
    Arguments holding a user type of the zero/add/one protocol (not a float, complex or
    NumPy array leaf) are differentiated through the transpose of the pullback instead.

    >>> import wengert as wg
    >>> wg.jvp(lambda x, y: x * y, (2.0, 3.0), (1.0, 0.0))
    (6.0, 3.0)

    .. versionadded:: 0.1
    """
    primals, tangents = tuple(primals), tuple(tangents)
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: {len(primals)} primals but {len(tangents)} tangents")
    if forward.supports(primals) and forward.supports(tangents):
        return forward.jvp_forward(f, primals, tangents)
    forward.check_tangents(primals, tangents)
    # An argument whose tangent is zero in every leaf does not move: a constant of f, as in
    # the forward pass (its pullback's part times 0 would be NaN where it is infinite:
    # x + sqrt(y) at y = 0 with y's tangent 0, truth x's tangent).
    moving = [i for i, t in enumerate(tangents) if not forward.still(t)]
    if len(moving) < len(primals):
        def g(*xs):
            args = list(primals)
            for i, x in zip(moving, xs):
                args[i] = x
            return f(*args)
        if not moving:
            value = f(*primals)
            return value, protocol.zero(structured.stop_gradient(value))
        moved = [primals[i] for i in moving]
        value, pullback = vjp(g, *moved)
        return value, forward.scaled_if_nested(_transpose(value, pullback), moved)(*[tangents[i] for i in moving])
    value, pullback = vjp(f, *primals)
    # J v is the gradient of u -> <pullback(u), v>, and pullback is linear in u (a second
    # run with scaled seeds where primals of an outer pass are far from their seeds' size).
    return value, forward.scaled_if_nested(_transpose(value, pullback), primals)(*tangents)


def _transpose_pullbacks(pullbacks, like, cotangent):
    """``sum_i d/du <pullback_i(cotangent(u)), t_i>`` at ``u = zero(like)``, for
    ``(pullback_i, t_i)`` in ``pullbacks``: forward mode's JVP of a rule with only a VJP."""
    def inner(u):
        total = 0.0
        for pullback, t in pullbacks:
            ct = pullback(cotangent(u))
            if ct is not None:  # None: a zero cotangent (a step)
                total = total + _inner(ct, t)
        return total
    return run(inner, (protocol.zero(like),), {}, (0,), None)[1][0]


forward.install_hooks(transpose=_transpose_pullbacks)


def linearize(f: Callable[..., Any], *primals: Any) -> Tuple[Any, Callable[..., Any]]:
    """``(f(*primals), f_jvp)`` where ``f_jvp(*tangents)`` is the Jacobian-vector product.

    Each call of ``f_jvp`` runs ``f`` forward with its tangents (:func:`jvp`); for
    arguments holding user types of the zero/add/one protocol, ``f`` is recorded once and
    each call transposes its pullback.

    >>> import wengert as wg
    >>> y, f_jvp = wg.linearize(wg.sin, 0.0)
    >>> f_jvp(2.0)
    2.0

    .. versionadded:: 0.1
    """
    if forward.supports(primals):
        value = f(*primals)

        def f_jvp(*tangents):
            if len(tangents) != len(primals):
                raise ValueError(f"linearize: {len(primals)} primals but {len(tangents)} tangents")
            return jvp(f, primals, tangents)[1]  # forward, or transposed inside a runner
        return value, f_jvp
    value, pullback = vjp(f, *primals)
    return value, _transpose(value, pullback)


def _transpose(value, pullback):
    """The Jacobian-vector product ``tangents -> J tangents`` from the pullback ``u -> J^T u``."""
    zero_out = protocol.zero(structured.stop_gradient(value))

    def f_jvp(*tangents):
        return run(lambda u: _inner(pullback(u), tangents), (zero_out,), {}, (0,), None)[1][0]
    return f_jvp


# -- Jacobians of structured values -----------------------------------------------------
# The JAX convention: the Jacobian has the output's structure, and each floating-point
# output leaf is replaced by the input's structure whose leaves are the blocks
# d out_leaf / d in_leaf, arrays of shape ``out_leaf.shape + in_leaf.shape``. The blocks
# are assembled with differentiable NumPy calls (stack, reshape), so a Jacobian computed
# inside a function that is itself differentiated records itself on the outer tape.

def _part(value, path, leaf):
    """The part of ``value`` (plain, partial or a Var of an outer tape) at ``path``; zero if absent."""
    for key in path:
        value = structured.get_part(value, key)
        if value is None:
            return protocol.zero(leaf)
    return value


def _basis(leaves, which, k):
    """Leaves of zeros like ``leaves``, with a one at flat index ``k`` of leaf ``which``."""
    out = []
    for i, leaf in enumerate(leaves):
        if not isinstance(leaf, (np.ndarray, np.generic)):  # a float, or a subclass of float
            out.append(1.0 if i == which else 0.0)
            continue
        e = np.zeros(np.shape(leaf), dtype=leaf.dtype)
        if i == which:
            e.flat[k] = 1.0
        out.append(e if isinstance(leaf, np.ndarray) else leaf.dtype.type(e))
    return out


_FLOAT64 = np.dtype(np.float64)


def _block_dtype(out_leaf, in_leaf):
    """The dtype of a Jacobian block: float32 when both leaves are (float32 stays float32),
    float64 otherwise (Python floats are float64)."""
    if type(out_leaf) is np.ndarray and type(in_leaf) is np.ndarray and out_leaf.dtype == _FLOAT64 \
            and in_leaf.dtype == _FLOAT64:
        return _FLOAT64  # (the common case, without np.result_type's cost)
    dtype = np.result_type(getattr(out_leaf, "dtype", np.float64), getattr(in_leaf, "dtype", np.float64))
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def _block(pieces, shape, axis, dtype):
    """Stack the derivative ``pieces`` along ``axis`` (0: rows, -1: columns) into ``shape``."""
    if not pieces:
        return np.zeros(shape, dtype=dtype)
    stacked = np.stack(pieces, axis=axis)
    if not structured.is_traced(stacked):  # (traced: the Jacobian inside jacfwd/jacrev)
        stacked = np.asarray(stacked, dtype=dtype)
    else:
        stacked = _traced_in(stacked, dtype)
    return np.reshape(stacked, shape)


def _traced_in(block, dtype):
    """A traced Jacobian block (inside another transform) in the block's ``dtype``, cast on
    the tape: a float32 x's inner Jacobian was float64 where a rule formed its pullback or
    tangent in float64 (the transposed pullback's, scaled_power's), and the outer one's with it."""
    have = structured.plain_value(block).dtype
    return block.astype(dtype) if have != dtype and have.kind == "f" and dtype.kind == "f" else block


def _jacobian(f, argnums, mode, fname):
    def jacobian_f(*args, **kwargs):
        single, nums = _normalize_argnums(argnums, len(args), fname)

        def g(*xs):
            return f(*tree.replace_at(args, nums, xs), **kwargs)
        xs = [args[i] for i in nums]
        if mode == "fwd":  # (reverse mode's recording checks them the same way)
            for i in nums:
                check_argument(args[i], i)
        one = xs[0] if single else None
        if mode == "fwd" and type(one) is np.ndarray and one.dtype.kind == "f" and forward.supports(xs):
            # one real array in (the common case): its identity as the batch of tangents,
            # without the walks over structures below (the same tangents they build)
            n = one.size
            eye = np.zeros((n, n))
            eye.flat[::n + 1] = 1.0
            value, t_out = forward.jvp_forward(g, (one,), (eye.reshape((n,) + one.shape),), batch=n)
            plain_xs, in_paths, offsets, sizes = [one], [[((), one)]], [[0]], [[n]]
        else:
            # plain_tree, not stop_gradient: under wengert.jit stop_gradient records a node (a
            # Var), which has no float leaves to fill in; these are templates of the structure
            plain_xs = [structured.plain_tree(x) for x in xs]
            in_paths = [tree.float_paths(x) for x in plain_xs]
            one = None
        if one is not None or (mode == "fwd" and forward.supports(xs)):
            if one is None:
                _refuse_complex_leaves(fname, plain_xs, None)
                value, t_out, offsets, sizes = _forward_columns(g, xs, plain_xs, in_paths)
            if single and type(plain_xs[0]) is np.ndarray and type(value) is np.ndarray \
                    and value.dtype.kind == "f" and type(t_out) is np.ndarray \
                    and t_out.shape == (plain_xs[0].size,) + value.shape:
                # one array in, one real array out (the common case): the Jacobian is the
                # tangents with the directions' axis moved last (what _forward_blocks does)
                moved = t_out.transpose(tuple(range(1, t_out.ndim)) + (0,))
                return moved.reshape(value.shape + plain_xs[0].shape).astype(_block_dtype(value, plain_xs[0]))
            plain_out = structured.plain_tree(value)
            _refuse_complex_leaves(fname, [], plain_out)
            out_paths = tree.float_paths(plain_out)
            blocks = _forward_blocks(t_out, offsets, sizes, out_paths, in_paths)
            return _assemble(blocks, plain_xs, plain_out, single)
        value, pullback = vjp(g, *xs)
        plain_out = structured.plain_tree(value)
        _refuse_complex_leaves(fname, plain_xs, plain_out)
        out_paths = tree.float_paths(plain_out)
        how = mode
        if how == "auto":
            n_in = sum(np.size(leaf) for paths in in_paths for _, leaf in paths)
            how = "rev" if sum(np.size(leaf) for _, leaf in out_paths) <= n_in else "fwd"
        if how == "rev":
            blocks = _rows(plain_out, out_paths, in_paths, pullback)
        else:
            blocks = _columns(plain_xs, out_paths, in_paths, forward.scaled_if_nested(_transpose(value, pullback), xs))
        return _assemble(blocks, plain_xs, plain_out, single)
    return functools.wraps(f)(jacobian_f)


def _assemble(blocks, plain_xs, plain_out, single):
    per_out = []
    for row in blocks:
        per_arg = [_input_slots(x, row_j) for x, row_j in zip(plain_xs, row)]
        per_out.append(per_arg[0] if single else tuple(per_arg))
    it = iter(per_out)

    def entry(v):
        if tree.is_float_leaf(v):
            return next(it)
        if not tree.is_integer_leaf(v):
            return v  # a string, None: carried through
        # an integer or boolean output (a count, a mask, an argmax) is a constant: its
        # entry is its derivative, zeros of the Jacobian's shape in its dtype, not its value
        shape, dtype = np.shape(v), np.asarray(v).dtype
        per_arg = [_input_slots(x, [np.zeros(shape + np.shape(leaf), dtype) for _, leaf in tree.float_paths(x)])
                   for x in plain_xs]
        return per_arg[0] if single else tuple(per_arg)
    return tree.map_leaves(entry, plain_out, tree.is_float_leaf)


def _input_slots(x, blocks):
    """The input ``x`` with its floating-point leaves replaced by ``blocks`` (in the order of
    ``tree.float_paths``) and its integer leaves by the zero ``wengert.grad`` gives them: an
    integer or boolean input's slot is a derivative, not its own value (strings and None
    are carried through, as grad carries them)."""
    it = iter(blocks)
    return tree.map_leaves(lambda v: next(it) if tree.is_float_leaf(v) else
                           protocol.zero(v) if tree.is_integer_leaf(v) else v, x, tree.is_float_leaf)


def _refuse_complex_leaves(fname, plain_xs, plain_out):
    """Raise for complex inputs or outputs: the Jacobian's blocks are real (a complex leaf
    would be two real directions, and is not carried through as a constant)."""
    pairs = [("an input", x) for x in plain_xs] + ([] if plain_out is None else [("the output", plain_out)])
    for where, value in pairs:
        leaves = tree.float_paths(value, leaf=tree.is_inexact_leaf)
        if any(structured.is_complex(leaf) for _, leaf in leaves):
            raise TypeError(
                f"{fname}: {where} is complex; wengert's Jacobians and Hessians are of real "
                "values. Differentiate a function of the real and imaginary parts "
                "(np.real(z), np.imag(z)), or use wengert.vjp / wengert.jvp, which take complex "
                "values")


def _rows(plain_out, out_paths, in_paths, pullback):
    """``blocks[a][j][b]`` = d (output leaf a) / d (leaf b of argument j), one pullback per row."""
    out_leaves = [leaf for _, leaf in out_paths]
    blocks = []
    for a, out_leaf in enumerate(out_leaves):
        rows = [[[] for _ in paths] for paths in in_paths]
        for k in range(np.size(out_leaf)):
            grads = pullback(tree.replace_float_leaves(plain_out, _basis(out_leaves, a, k)))
            for j, paths in enumerate(in_paths):
                for b, (path, leaf) in enumerate(paths):
                    rows[j][b].append(_part(grads[j], path, leaf))
        blocks.append([[_block(rows[j][b], np.shape(out_leaf) + np.shape(leaf), 0, _block_dtype(out_leaf, leaf))
                        for b, (_, leaf) in enumerate(paths)] for j, paths in enumerate(in_paths)])
    return blocks


def _forward_columns(g, xs, plain_xs, in_paths):
    """One forward pass of ``g`` carrying every input direction at once (a leading axis of
    tangents, one per input element): ``(value, tangents, offsets, sizes)``."""
    sizes = [[int(np.size(leaf)) for _, leaf in paths] for paths in in_paths]
    total = sum(map(sum, sizes))
    eye = np.eye(total)
    tangents, offset, offsets = [], 0, []
    for x, paths, ns in zip(plain_xs, in_paths, sizes):
        leaves, offs = [], []
        for (_, leaf), n in zip(paths, ns):
            block = eye[:, offset:offset + n].reshape((total,) + np.shape(leaf))
            dtype = getattr(leaf, "dtype", None)  # (a float32 leaf's tangents float32, as the fast path's above)
            leaves.append(block.astype(dtype) if dtype is not None and dtype.kind == "f" and dtype != block.dtype else block)
            offs.append(offset)
            offset += n
        it = iter(leaves)
        # (an integer or boolean leaf, a constant, gets the zero tangent that says so: its own
        # value as a tangent would be refused as moving it)
        tangents.append(tree.map_leaves(lambda v: next(it) if tree.is_float_leaf(v) else tree.still_tangent(v),
                                        x, tree.is_float_leaf))
        offsets.append(offs)
    value, t_out = forward.jvp_forward(g, tuple(xs), tuple(tangents), batch=total)
    return value, t_out, offsets, sizes


def _forward_blocks(t_out, offsets, sizes, out_paths, in_paths):
    """The blocks of :func:`_columns` from the batched tangents of :func:`_forward_columns`."""
    total = sum(map(sum, sizes))
    blocks = []
    for path, out_leaf in out_paths:
        shape = np.shape(out_leaf)
        t = _part(t_out, path, np.zeros((total,) + shape))
        if np.shape(t) != (total,) + shape:
            t = np.broadcast_to(t, (total,) + shape)
        row = []
        for j, paths in enumerate(in_paths):
            cols = []
            for b, (_, leaf) in enumerate(paths):
                part = t[offsets[j][b]:offsets[j][b] + sizes[j][b]]
                if type(part) is np.ndarray:  # (np.moveaxis and np.reshape, without their overhead)
                    block = part.transpose(tuple(range(1, part.ndim)) + (0,)).reshape(shape + np.shape(leaf))
                    cols.append(block.astype(_block_dtype(out_leaf, leaf)))
                else:
                    cols.append(_traced_in(np.reshape(np.moveaxis(part, 0, -1), shape + np.shape(leaf)),
                                           _block_dtype(out_leaf, leaf)))
            row.append(cols)
        blocks.append(row)
    return blocks


def _columns(plain_xs, out_paths, in_paths, f_jvp):
    """The same blocks as :func:`_rows`, one Jacobian-vector product per column."""
    in_leaves = [[leaf for _, leaf in paths] for paths in in_paths]
    zeros = [tree.replace_float_leaves(x, _basis(leaves, None, 0)) for x, leaves in zip(plain_xs, in_leaves)]
    cols = [[[[] for _ in paths] for paths in in_paths] for _ in out_paths]
    for j, x in enumerate(plain_xs):
        for b, leaf in enumerate(in_leaves[j]):
            for k in range(np.size(leaf)):
                tangents = list(zeros)
                tangents[j] = tree.replace_float_leaves(x, _basis(in_leaves[j], b, k))
                t_out = f_jvp(*tangents)
                for a, (path, out_leaf) in enumerate(out_paths):
                    cols[a][j][b].append(_part(t_out, path, out_leaf))
    return [[[_block(cols[a][j][b], np.shape(out_leaf) + np.shape(leaf), -1, _block_dtype(out_leaf, leaf))
              for b, leaf in enumerate(in_leaves[j])] for j in range(len(in_paths))]
            for a, (_, out_leaf) in enumerate(out_paths)]


_JACOBIAN_CONVENTION = """
    ``argnums`` is an int or a tuple of ints; keyword arguments are constants. Inputs and
    outputs may be floats, arrays or any structure wengert knows (tuples, lists, dicts,
    named tuples, dataclasses, nested). The result has the output's structure, and each
    floating-point output leaf is replaced by the input's structure whose leaves are
    arrays of shape ``out_leaf.shape + in_leaf.shape`` (a float contributes ``()``); with
    a tuple ``argnums``, by a tuple of those, one per argument. In the input's structure,
    an integer or boolean leaf (an int, an ``IntEnum`` member, a bool, a NumPy integer or
    bool, an integer or boolean array) is a constant and gets the zero :func:`grad` gives it
    (``0``, ``False``, zeros of its shape); strings and None are carried through as
    :func:`grad` carries them. An integer or boolean output leaf (a count, a mask, an
    ``argmax``) is a constant too: its entry is its derivative, zeros of the shape
    ``out_leaf.shape + in_leaf.shape`` in its dtype (``0``, ``False``) for every
    floating-point input leaf, as :func:`jvp` gives it a zero tangent. Output strings and
    None are carried through unchanged."""


def jacrev(f: Callable[..., Any], argnums: Union[int, Sequence[int]] = 0) -> Callable[..., Any]:
    """The Jacobian of ``f`` with respect to ``argnums``, built row by row in reverse mode.

    One pullback per output element: the cheaper choice when the output is smaller than
    the input.
    {convention}

    >>> import numpy as np, wengert as wg
    >>> wg.jacrev(lambda x: {{"sum": np.sum(x), "x2": x * x}})(np.array([1.0, 2.0]))
    {{'sum': array([1., 1.]), 'x2': array([[2., 0.],
           [0., 4.]])}}

    .. versionadded:: 0.1
    """
    return _jacobian(f, argnums, "rev", "jacrev")


def jacfwd(f: Callable[..., Any], argnums: Union[int, Sequence[int]] = 0) -> Callable[..., Any]:
    """The Jacobian of ``f`` with respect to ``argnums``, built column by column in forward mode.

    One Jacobian-vector product per input element (through :func:`linearize`, which
    records ``f`` once): the cheaper choice when the input is smaller than the output.
    {convention}

    >>> import numpy as np, wengert as wg
    >>> wg.jacfwd(lambda x, y: x * y, argnums=(0, 1))(np.array([1.0, 2.0]), 3.0)
    (array([[3., 0.],
           [0., 3.]]), array([1., 2.]))

    .. versionadded:: 0.1
    """
    return _jacobian(f, argnums, "fwd", "jacfwd")


def jacobian(f: Callable[..., Any], argnums: Union[int, Sequence[int]] = 0) -> Callable[..., Any]:
    """The Jacobian of ``f`` with respect to ``argnums``.

    Built from reverse-mode rows (:func:`jacrev`) when the output has no more elements
    than the input, from forward-mode columns (:func:`jacfwd`) otherwise.
    {convention}

    >>> import numpy as np, wengert as wg
    >>> wg.jacobian(lambda x: x * x)(np.array([1.0, 2.0]))
    array([[2., 0.],
           [0., 4.]])
    >>> wg.jacobian(lambda p: p["a"] * p["b"])({{"a": 2.0, "b": np.array([1.0, 3.0])}})
    {{'a': array([1., 3.]), 'b': array([[2., 0.],
           [0., 2.]])}}

    .. versionadded:: 0.1
    """
    return _jacobian(f, argnums, "auto", "jacobian")


for _fn in (jacrev, jacfwd, jacobian):
    _fn.__doc__ = (_fn.__doc__ or "").format(convention=_JACOBIAN_CONVENTION)
del _fn


def hessian(f: Callable[..., Any], argnums: Union[int, Sequence[int]] = 0) -> Callable[..., Any]:
    """The Hessian of scalar-valued ``f`` with respect to ``argnums``: ``jacobian(grad(f))``.

    For an array ``x`` it has shape ``x.shape + x.shape``. For a structured argument it
    nests that structure twice: with respect to a dataclass ``P(w, b)`` the Hessian is a
    ``P`` whose fields are ``P`` objects of blocks, ``H.w.b`` being d²f/dw db of shape
    ``w.shape + b.shape``. With a tuple ``argnums`` it is a tuple of tuples:
    ``H[i][j]`` is the block for arguments ``argnums[i]`` and ``argnums[j]``.

    >>> import numpy as np, wengert as wg
    >>> wg.hessian(lambda x: x[0] * x[1] ** 2)(np.array([1.0, 2.0]))
    array([[0., 4.],
           [4., 2.]])
    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class P:
    ...     w: np.ndarray
    ...     b: float
    >>> H = wg.hessian(lambda p: p.b * np.sum(p.w ** 2))(P(np.array([1.0, 2.0]), 3.0))
    >>> H.w.w
    array([[6., 0.],
           [0., 6.]])
    >>> H.w.b, H.b.b
    (array([2., 4.]), array(0.))

    .. versionadded:: 0.1
    """
    # Forward over reverse (JAX's choice): one gradient sweep carrying every direction of
    # the argument at once as a batch of tangents (wengert.forward), not one reverse sweep
    # of the gradient per row.
    return _jacobian(grad(f, argnums), argnums, "fwd", "hessian")


def hvp(f: Callable[..., Any], x: T, v: T) -> T:
    """The Hessian of scalar-valued ``f`` at ``x`` times ``v``, without forming the Hessian.

    Forward over reverse (JAX's choice): the gradient of ``f`` computed on forward-mode
    values carrying ``v`` (:func:`jvp` of :func:`grad`); for values holding user types of
    the zero/add/one protocol, reverse over reverse (the gradient of ``<grad f(x), v>``).
    ``x`` and ``v`` may be any structure (a dataclass of arrays, a dict...), and the result
    has that structure.

    >>> import numpy as np, wengert as wg
    >>> wg.hvp(lambda x: np.sum(x ** 3), np.array([1.0, 2.0]), np.array([1.0, 1.0]))
    array([ 6., 12.])

    .. versionadded:: 0.1
    """
    df = grad(f)
    if forward.supports((x,)):
        # only the tangent is read: the gradient's own value is not needed, and the pass
        # may leave parts of it uncomputed (the first layer's weight gradient)
        return forward.jvp_forward(df, (x,), (v,), primal_out=False)[1]
    return grad(lambda y: _inner(df(y), v))(x)


def elementwise_grad(f: Callable[..., Any], argnums: Union[int, Sequence[int]] = 0) -> Callable[..., Any]:
    """For elementwise ``f``: the derivative at each element (the gradient of ``sum(f(x))``).

    Precisely, the vector-Jacobian product with ``one(f(x))``: the gradient of the sum
    of every output element, which is the elementwise derivative when each output element
    depends only on the input element in the same place. Inputs and outputs may be
    structured (a dict of arrays...); the result has the input's structure, and with a
    tuple ``argnums`` is a tuple. Arguments not in ``argnums`` are constants.

    >>> import numpy as np, wengert as wg
    >>> wg.elementwise_grad(np.sin)(np.array([0.0, np.pi]))
    array([ 1., -1.])
    >>> wg.elementwise_grad(lambda d, n: {"y": d["x"] ** n})({"x": np.array([1.0, 2.0])}, 3)
    {'x': array([ 3., 12.])}

    .. versionadded:: 0.1
    """
    @functools.wraps(f)
    def elementwise_grad_f(*args, **kwargs):
        single, nums = _normalize_argnums(argnums, len(args), "elementwise_grad")
        value, pullback, _ = vjp_bp(f, args, nums, kwargs)
        grads = pullback(protocol.one(structured.stop_gradient(value)))
        return grads[0] if single else grads
    return elementwise_grad_f


def checkpoint(f: Callable[..., Any]) -> Callable[..., Any]:
    """``f`` that keeps none of its intermediate values for the backward pass, and computes
    them again when the gradient needs them (rematerialisation: JAX's ``checkpoint``,
    autograd's ``checkpoint``, PyTorch's ``torch.utils.checkpoint``).

    Under a runner, ``checkpoint(f)(*args)`` runs ``f`` on a tape of its own that it drops
    at once, and records one node holding only its arguments and result; the backward
    pass runs ``f`` again on a new tape and pulls the cotangent back through it. Memory for ``f``'s
    intermediates is traded for a second forward pass: wrap the blocks of a deep
    computation (layers, time steps) so that only one block's intermediates are alive at
    once. Arguments and results may be any structure; higher derivatives and forward mode
    work as for ``f``. ``f`` must be a pure function of its arguments (the same values on
    the second run: no randomness drawn inside, no state changed). Both runs give ``f``
    what a runner gives it: Vars for its float and array leaves, inside the lists, tuples,
    dicts and records of its arguments, so that code branching on a type (``isinstance(x,
    float)`` is False for a Var, ``isinstance(xs, list)`` True) takes the same branch in
    both, and the value and the gradient are those of ``f`` itself under the runner.

    >>> import numpy as np, wengert as wg
    >>> block = wg.checkpoint(lambda x, w: np.tanh(w * x))
    >>> round(float(wg.grad(lambda w: block(block(0.5, w), w))(2.0)), 6)
    0.20472

    .. versionadded:: 0.1
    """
    name = getattr(f, "__qualname__", "checkpoint")

    def on_a_tape(values, positions):
        # f on Vars of the arguments at positions, on a tape of its own: (value, pullback)
        def again(*xs):
            # f gets its containers as they are (a Var of a list fails isinstance(a, list))
            xs = [own_containers(x, values[i]) for x, i in zip(xs, positions)]
            return f(*tree.replace_at(values, positions, xs))
        y, pulled, _ = vjp_bp(again, [values[i] for i in positions], tuple(range(len(positions))))
        return y, pulled

    def make_pullback(values, y, positions):
        def pullback(g):
            return on_a_tape(values, positions)[1](structured.finalize(g, y))
        return pullback

    @functools.wraps(f)
    def checkpointed(*args):
        collected = [structured.collect(a) for a in args]
        positions = innermost_positions(collected)

        def forward_pass(*values):
            if not positions:  # no runner's Var: f's own plain call (or forward mode's Duals)
                return f(*values), values
            # f runs on Vars as in the backward pass (the branch on a leaf's type is the same
            # in both), on a tape dropped at once: none of its intermediates is kept
            return on_a_tape(values, positions)[0], values
        return record_node(name, forward_pass, collected, make_pullback, own=False)
    return checkpointed
