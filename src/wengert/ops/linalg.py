"""Linear algebra and its VJPs: each NumPy function next to its rule.

Sections: matmul and outer; contractions (``tensordot``, ``dot``, ``inner``, ``vdot``,
``kron``); ``einsum``; ``np.linalg`` (``inv``, ``det``, ``slogdet``, ``solve``,
``cholesky``, ``eigh``, ``qr``, ``svd``, ``norm``). Where a gradient exists only under
conditions (distinct eigenvalues, full rank), the rule says which, and raises a clear
error outside them rather than return a wrong number.
"""
import string

import numpy as np

from .._backend import Var
from ..errors import NoGradientRule
from ..primitive import defvjp
from ..structured import get_part
from ._util import shape_of, unbroadcast


# -- matmul / dot ----------------------------------------------------------------------

def _matmul_grad_x(g, x, y):
    xd, yd = np.ndim(x), np.ndim(y)
    if yd == 1:
        if xd == 1:
            return g * y
        return g[..., None] * y
    if xd == 1:
        return y @ g if yd == 2 else unbroadcast(np.sum(g[..., None, :] * y, axis=-1), shape_of(x))
    return unbroadcast(g @ np.swapaxes(y, -1, -2), shape_of(x))


def _matmul_grad_y(g, x, y):
    xd, yd = np.ndim(x), np.ndim(y)
    if xd == 1:
        if yd == 1:
            return g * x
        return np.outer(x, g) if yd == 2 else x[..., :, None] * g[..., None, :]
    if yd == 1:
        return g @ x if xd == 2 else unbroadcast(np.sum(x * g[..., None], axis=tuple(range(xd - 1))), shape_of(y))
    if xd == 2 and shape_of(x)[0] == 1:
        # x.T @ g with an inner dimension of 1 is an outer product; BLAS gemm is far
        # slower for it than np.outer (about 2.4x at 784x300).
        return np.outer(x[0], g[0])
    return unbroadcast(np.swapaxes(x, -1, -2) @ g, shape_of(y))


defvjp(np.matmul,
       lambda ans, x, y, **kw: lambda g: _matmul_grad_x(g, x, y),
       lambda ans, x, y, **kw: lambda g: _matmul_grad_y(g, x, y))


# -- outer -------------------------------------------------------------------------------

def _vjp_outer_a(ans, a, b, out=None):
    shape, b_flat = shape_of(a), np.reshape(b, -1)
    return lambda g: np.reshape(g @ b_flat, shape)


def _vjp_outer_b(ans, a, b, out=None):
    shape, a_flat = shape_of(b), np.reshape(a, -1)
    return lambda g: np.reshape(a_flat @ g, shape)


defvjp(np.outer, _vjp_outer_a, _vjp_outer_b)


# -- shared helpers ------------------------------------------------------------------------
# Rules below are plain NumPy code on their inputs, so that they record themselves when
# those inputs are Vars of an outer tape (second derivatives, forward mode).

def _T(x):
    """The transpose of the last two axes (of every matrix in a stack)."""
    return np.swapaxes(x, -1, -2)


def _mat(g):
    """A stack of scalars as a stack of 1x1 matrices, to scale a stack of matrices."""
    return np.expand_dims(g, (-2, -1))


def _plain(x):
    """The plain value of ``x``, at any depth of nested runners (for decisions, not for math)."""
    while type(x) is Var:
        x = x.value
    return x


def _fold(grad, uplo):
    """The gradient with respect to a matrix of which only one triangle is read.

    ``grad`` is the gradient with respect to the symmetric matrix ``M`` that NumPy builds
    from the lower (``uplo="L"``) or upper triangle of its input; the input's other
    triangle is never read, so its gradient is zero there, and each read off-diagonal
    entry stands for two entries of ``M``.
    """
    n = shape_of(grad)[-1]
    weights = np.tril(np.ones((n, n))) - 0.5 * np.eye(n)
    return (grad + _T(grad)) * (weights if uplo.upper() == "L" else weights.T)


def _part(g, key):
    """The part ``key`` of the cotangent of a tuple result (a NumPy named tuple), or None."""
    return get_part(g, key)


# -- contractions: dot, inner, vdot, tensordot, kron -------------------------------------

def _tensordot_axes(axes, nda, ndb):
    """``np.tensordot``'s ``axes`` as two lists of non-negative axes of a and b."""
    try:
        a_axes, b_axes = axes
    except TypeError:
        n = int(axes)
        return list(range(nda - n, nda)), list(range(n))
    a_axes = [a_axes] if np.ndim(a_axes) == 0 else list(a_axes)
    b_axes = [b_axes] if np.ndim(b_axes) == 0 else list(b_axes)
    return [int(i) % nda for i in a_axes], [int(i) % ndb for i in b_axes]


def _permuted(x, order):
    """``x`` whose axis ``j`` is axis ``order[j]`` of the result, put back in order."""
    inverse = tuple(int(i) for i in np.argsort(order))
    return x if inverse == tuple(range(len(inverse))) else np.transpose(x, inverse)


def _contract_grad_a(g, b, nda, a_axes, b_axes):
    """The cotangent of ``a`` in ``np.tensordot(a, b, (a_axes, b_axes))``."""
    ndb = np.ndim(b)
    a_free = [i for i in range(nda) if i not in a_axes]
    b_free = [i for i in range(ndb) if i not in b_axes]
    ga = np.tensordot(g, b, (list(range(len(a_free), len(a_free) + len(b_free))), b_free))
    # ga's last axes are b's contracted axes in increasing order, each paired with one of a's.
    return _permuted(ga, a_free + [a_axes[b_axes.index(j)] for j in sorted(b_axes)])


def _contract_grad_b(g, a, ndb, a_axes, b_axes):
    """The cotangent of ``b`` in ``np.tensordot(a, b, (a_axes, b_axes))``."""
    nda = np.ndim(a)
    a_free = [i for i in range(nda) if i not in a_axes]
    b_free = [i for i in range(ndb) if i not in b_axes]
    gb = np.tensordot(a, g, (a_free, list(range(len(a_free)))))
    return _permuted(gb, [b_axes[a_axes.index(i)] for i in sorted(a_axes)] + b_free)


def _vjp_tensordot_a(ans, a, b, axes=2):
    nda = np.ndim(a)
    a_axes, b_axes = _tensordot_axes(axes, nda, np.ndim(b))
    return lambda g: _contract_grad_a(g, b, nda, a_axes, b_axes)


def _vjp_tensordot_b(ans, a, b, axes=2):
    ndb = np.ndim(b)
    a_axes, b_axes = _tensordot_axes(axes, np.ndim(a), ndb)
    return lambda g: _contract_grad_b(g, a, ndb, a_axes, b_axes)


defvjp(np.tensordot, _vjp_tensordot_a, _vjp_tensordot_b)


def _dot_axes(nda, ndb):
    """``np.dot(a, b)`` as a tensordot: the last axis of a with the second-to-last of b."""
    return [nda - 1], [max(ndb - 2, 0)]


def _vjp_dot_a(ans, a, b, out=None):
    nda, ndb = np.ndim(a), np.ndim(b)
    if nda == 0 or ndb == 0:
        shape = shape_of(a)
        return lambda g: unbroadcast(g * b, shape)
    if nda <= 2 and ndb <= 2:  # the same kernels as matmul
        return lambda g: _matmul_grad_x(g, a, b)
    a_axes, b_axes = _dot_axes(nda, ndb)
    return lambda g: _contract_grad_a(g, b, nda, a_axes, b_axes)


def _vjp_dot_b(ans, a, b, out=None):
    nda, ndb = np.ndim(a), np.ndim(b)
    if nda == 0 or ndb == 0:
        shape = shape_of(b)
        return lambda g: unbroadcast(g * a, shape)
    if nda <= 2 and ndb <= 2:
        return lambda g: _matmul_grad_y(g, a, b)
    a_axes, b_axes = _dot_axes(nda, ndb)
    return lambda g: _contract_grad_b(g, a, ndb, a_axes, b_axes)


defvjp(np.dot, _vjp_dot_a, _vjp_dot_b)


def _vjp_inner_a(ans, a, b):
    nda, ndb = np.ndim(a), np.ndim(b)
    if nda == 0 or ndb == 0:
        shape = shape_of(a)
        return lambda g: unbroadcast(g * b, shape)
    if nda == 1 and ndb == 1:
        return lambda g: g * b
    return lambda g: _contract_grad_a(g, b, nda, [nda - 1], [ndb - 1])


def _vjp_inner_b(ans, a, b):
    nda, ndb = np.ndim(a), np.ndim(b)
    if nda == 0 or ndb == 0:
        shape = shape_of(b)
        return lambda g: unbroadcast(g * a, shape)
    if nda == 1 and ndb == 1:
        return lambda g: g * a
    return lambda g: _contract_grad_b(g, a, ndb, [nda - 1], [ndb - 1])


defvjp(np.inner, _vjp_inner_a, _vjp_inner_b)


def _vjp_vdot_a(ans, a, b):
    # Real inputs only (float64 is wengert's number type): vdot is sum(a.ravel() * b.ravel()).
    shape = shape_of(a)
    return lambda g: g * np.reshape(b, shape)


def _vjp_vdot_b(ans, a, b):
    shape = shape_of(b)
    return lambda g: g * np.reshape(a, shape)


defvjp(np.vdot, _vjp_vdot_a, _vjp_vdot_b)


def _kron_layout(a, b):
    """Both shapes padded to one length, and g's shape with their axes interleaved."""
    sa, sb = shape_of(a), shape_of(b)
    nd = max(len(sa), len(sb))
    sa, sb = (1,) * (nd - len(sa)) + tuple(sa), (1,) * (nd - len(sb)) + tuple(sb)
    return sa, sb, tuple(n for pair in zip(sa, sb) for n in pair)


def _vjp_kron_a(ans, a, b):
    # kron(a, b)[i * nb + j] = a[i] * b[j] along every axis: with g's axes split into
    # (i, j) pairs, a's cotangent sums g * b over the j axes.
    sa, sb, split = _kron_layout(a, b)
    shape, nd = shape_of(a), len(sa)
    b_wide = np.reshape(b, tuple(n for s in sb for n in (1, s)))
    return lambda g: np.reshape(np.sum(np.reshape(g, split) * b_wide, axis=tuple(range(1, 2 * nd, 2))), shape)


def _vjp_kron_b(ans, a, b):
    sa, sb, split = _kron_layout(a, b)
    shape, nd = shape_of(b), len(sb)
    a_wide = np.reshape(a, tuple(n for s in sa for n in (s, 1)))
    return lambda g: np.reshape(np.sum(np.reshape(g, split) * a_wide, axis=tuple(range(0, 2 * nd, 2))), shape)


defvjp(np.kron, _vjp_kron_a, _vjp_kron_b)


# -- einsum ------------------------------------------------------------------------------
# The cotangent of operand k is itself an einsum: of g (with the output's subscripts) and
# the other operands, onto operand k's subscripts. Three things need care:
# * a subscript repeated in operand k (a trace "ii->", a diagonal "ii->i") puts the
#   cotangent on a diagonal: the second occurrence gets a fresh label tied to the first by
#   a constant identity matrix;
# * a subscript of operand k found nowhere else (summed away, "ij->i") comes back by
#   broadcasting;
# * an axis of length 1 that einsum broadcasts against a longer one (through "..." or
#   not) gets a fresh label of its own: summing a length-1 axis is the same as
#   broadcasting it, and its cotangent is then summed back.

_LABELS = string.ascii_uppercase + string.ascii_lowercase  # NumPy's order (implicit output)
_EINSUM_MAX_ARGS = 2 * 64 + 1  # 64 operands (NumPy's limit), interleaved with sublists, and an output


def _sublist_labels(sublist):
    """An interleaved-form subscript list (ints, Ellipsis) as a subscript string."""
    return "".join("..." if s is Ellipsis else _LABELS[int(s)] for s in sublist)


def _fresh_labels(used):
    """Subscript labels not in ``used``, one at a time."""
    for c in _LABELS:
        if c not in used:
            yield c
    raise ValueError("the gradient of this einsum needs more than 52 distinct subscript "
                     "labels; split it into smaller einsums")


class _Einsum:
    """A parsed einsum call: one list of labels per operand and for the output, with every
    "..." spelled out and every broadcast length-1 axis relabelled."""

    def __init__(self, args):
        if isinstance(args[0], str):
            spec = args[0].replace(" ", "")
            self.positions = list(range(1, len(args)))
            inputs, arrow, output = spec.partition("->")
            in_terms = inputs.split(",")
            out_term = output if arrow else None
        else:
            self.positions = list(range(0, len(args) - 1, 2))
            in_terms = [_sublist_labels(args[p + 1]) for p in self.positions]
            out_term = _sublist_labels(args[-1]) if len(args) % 2 else None
        shapes = [shape_of(args[p]) for p in self.positions]
        used = set("".join(in_terms) + (out_term or "")) - {"."}
        fresh = _fresh_labels(used)
        n_ellipsis = max([len(s) - len(t.replace("...", "")) for t, s in zip(in_terms, shapes) if "..." in t],
                         default=0)
        ellipsis = [next(fresh) for _ in range(n_ellipsis)]

        def expand(term, ndim):
            if "..." not in term:
                return list(term)
            head, _, tail = term.partition("...")
            n = ndim - len(head) - len(tail)
            return list(head) + ellipsis[len(ellipsis) - n:] + list(tail)
        terms = [expand(t, len(s)) for t, s in zip(in_terms, shapes)]
        if out_term is None:  # implicit output: "..." first, then the labels seen once, sorted
            labels = "".join(in_terms).replace("...", "")
            once = sorted((c for c in set(labels) if labels.count(c) == 1), key=_LABELS.index)
            out = ellipsis + once if any("..." in t for t in in_terms) else once
        else:
            out = expand(out_term, n_ellipsis + len(out_term.replace("...", "")))
        sizes = {}
        for term, shape in zip(terms, shapes):
            for c, n in zip(term, shape):
                sizes[c] = max(sizes.get(c, 1), n)
        self.terms = [[c if n == sizes[c] else next(fresh) for c, n in zip(term, shape)]
                      for term, shape in zip(terms, shapes)]
        self.out = out
        self.sizes = sizes
        self.shapes = shapes
        self.used = used.union(*self.terms, out)

    def grad(self, g, k, operands, optimize):
        """The cotangent of operand ``k`` for the output cotangent ``g``."""
        target, seen, eyes = [], set(), []
        fresh = _fresh_labels(self.used)
        for c in self.terms[k]:
            if c in seen:
                f = next(fresh)
                eyes.append(c + f)
                target.append(f)
            else:
                seen.add(c)
                target.append(c)
        ins = ["".join(self.out)] + ["".join(t) for j, t in enumerate(self.terms) if j != k] + eyes
        present = set("".join(ins))
        kept = "".join(c for c in target if c in present)
        ops = [g] + [op for j, op in enumerate(operands) if j != k] + [np.eye(self.sizes[e[0]]) for e in eyes]
        if len(ops) == 1 and ins[0] == kept:
            h = g
        else:
            h = np.einsum(",".join(ins) + "->" + kept, *ops, optimize=optimize)
        if len(kept) < len(target):
            lonely = tuple(i for i, c in enumerate(target) if c not in present)
            h = np.broadcast_to(np.expand_dims(h, lonely), self.shapes[k])
        return h


def _einsum_rule(position):
    def rule(ans, *args, out=None, optimize=False, **kwargs):
        if out is not None:
            raise TypeError("numpy.einsum(..., out=...) writes into an array in place, which "
                            "cannot be recorded; drop out= and use the returned value")
        spec = _Einsum(args)
        k = spec.positions.index(position)
        operands = [args[p] for p in spec.positions]
        # An explicit contraction path is for the forward equation only.
        how = optimize if isinstance(optimize, (bool, str)) else "greedy"
        return lambda g: spec.grad(g, k, operands, how)
    return rule


defvjp(np.einsum, *[_einsum_rule(p) for p in range(_EINSUM_MAX_ARGS)])
