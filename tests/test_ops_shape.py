"""Shapes and indexing, against central finite differences."""

import dataclasses
import functools
import warnings

import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from opcheck import case, crand, gradient_test, rand, unary
from wengert.structured import plain_value
from wengert.testing import check_grads
from wengert.ops import shape as shape_ops
from wengert.ops.shape import CROSS_OF_2_VECTORS

M = rand((2, 3), seed=1)
T = rand((2, 3, 2), seed=2)
V = rand((3,), seed=3)
P = rand((3,), seed=4)  # a plain array among Vars
INDEX_KEYS = [1, -1, slice(0, 2), [0, 0, 2], np.array([True, False, True]), (slice(None), 0)]
#: integer index keys on a (4, 3) array: unique and repeated, alone and among basic indices.
FANCY_KEYS = [[2, 0], [1, 1, 3], (slice(None), [2, 0]), (Ellipsis, [0, 0]), (None, [3, 1], 1),
              ([0, 1], [2, 2]), np.array([[0, 3], [3, 3]]), (slice(1, None), np.array([True, False, True])),
              np.array([[True, False, True]] * 4)]


def _split_sum(fn, *args, **kwargs):
    """A scalar-free use of every part of a split: their weighted concatenation."""
    def f(v):
        parts = fn(v, *args, **kwargs)
        return [p * (i + 1.0) for i, p in enumerate(parts)]
    return f


def _pad_takes_dict():
    try:
        np.pad(np.zeros(1), {0: 1})
    except TypeError:
        return False
    return True


PAD_TAKES_DICT = _pad_takes_dict()  # NumPy 2.3 and later

CASES = [
    case(np.reshape, lambda v: np.reshape(v, (3, 2)), M),
    case(np.reshape, lambda v: np.reshape(v, (3, 2), order="F"), M, id="reshape-F"),
    case(np.transpose, lambda v: v.T, M),
    case(np.transpose, lambda v: np.transpose(v, (1, 2, 0)), rand((2, 3, 4)), id="transpose-axes"),
    case(np.swapaxes, lambda v: np.swapaxes(v, 0, 1), M),
    case(np.broadcast_to, lambda v: np.broadcast_to(v, (4, 2, 3)), M),
    case(np.broadcast_to, lambda v: np.broadcast_to(v, (2, 3)), rand((1, 3)), id="broadcast_to-row"),
    case(np.expand_dims, lambda v: np.expand_dims(v, 1), M),
    *[case(wg.Var.__getitem__, lambda v, k=k: v[k], rand((3, 3)), id=f"getitem-{k!r}") for k in INDEX_KEYS],
    *[case(wg.Var.__getitem__, lambda v, k=k: v[k], rand((4, 3)), id=f"getitem-fancy-{k!r}") for k in FANCY_KEYS],
    # one argument, every shape of the shape set
    *unary(np.ravel), *unary(np.flip), *unary(np.squeeze),
    *unary(np.tile, shapes=[None, (), (3,), (2, 3), (1, 3)], reps=2),
    *unary(np.repeat, shapes=[None, (), (3,), (2, 3), (1, 3)], repeats=2),
    case(np.ravel, lambda v: np.ravel(v, order="F"), M, id="ravel-F"),
    case(np.ravel, lambda v: np.ravel(v.T, order="A"), M, id="ravel-A-transposed"),
    case(np.ravel, lambda v: v.flatten(), M, id="flatten-method"),
    case(np.moveaxis, lambda v: np.moveaxis(v, 0, -1), T),
    case(np.moveaxis, lambda v: np.moveaxis(v, (0, 2), (1, 0)), T, id="moveaxis-tuple"),
    case(np.squeeze, lambda v: np.squeeze(v, axis=(0, 2)), rand((1, 3, 1)), id="squeeze-axis"),
    case(np.flip, lambda v: np.flip(v, axis=(0, -1)), T, id="flip-axes"),
    case(np.roll, lambda v: np.roll(v, 2), M),
    case(np.roll, lambda v: np.roll(v, (1, -1), axis=(0, 1)), M, id="roll-axes"),
    case(np.roll, lambda v: np.roll(v, 4, axis=-1), T, id="roll-wraps"),
    # joining: Vars inside a list, with plain arrays among them
    case(np.concatenate, lambda v, w: np.concatenate([v, P, w]), V, rand((2,)), id="concatenate-plain"),
    case(np.concatenate, lambda v, w: np.concatenate((v, w), axis=1), M, rand((2, 1)), id="concatenate-axis1"),
    case(np.concatenate, lambda v, w: np.concatenate([v, w], axis=None), M, V, id="concatenate-none"),
    case(np.concatenate, lambda v: np.concatenate([v, v], axis=-1), M, id="concatenate-twice"),
    case(np.concatenate, lambda v: np.concatenate(v), M, id="concatenate-rows-of-one-var"),
    case(np.stack, lambda v, w: np.stack([v, P, w]), V, rand((3,)), id="stack-plain"),
    case(np.stack, lambda v, w: np.stack([v, w], axis=-1), M, rand((2, 3)), id="stack-last"),
    case(np.stack, lambda a, b: np.stack([a, b]), 0.3, -1.2, id="stack-floats"),
    case(np.hstack, lambda v, w: np.hstack([v, w, 2.0]), V, 0.5, id="hstack-1d"),
    case(np.hstack, lambda v, w: np.hstack([v, w]), M, rand((2, 2)), id="hstack-2d"),
    case(np.vstack, lambda v, w: np.vstack([v, w, P]), V, rand((2, 3)), id="vstack"),
    case(np.vstack, lambda a, v: np.vstack([a, a, a]), 0.5, V, id="vstack-floats"),
    case(wnp.array, lambda a, b, v: wnp.array([[a, 1.0, b], v, [b, a, -2.0]]), 0.3, -0.4, V, id="array-nested"),
    case(wnp.array, lambda v: wnp.array(v), M, id="array-of-an-array"),
    # splitting: a list of parts
    case(np.split, _split_sum(np.split, 3), V),
    case(np.split, _split_sum(np.split, [1, 3], axis=1), rand((2, 4)), id="split-indices"),
    case(np.split, lambda v: np.split(v, 2, axis=-1)[1], rand((2, 4)), id="split-one-part-used"),
    case(np.array_split, _split_sum(np.array_split, 2), V),
    case(np.array_split, _split_sum(np.array_split, 3, axis=1), rand((2, 4)), id="array_split-axis1"),
    # gathers
    case(np.take, lambda v: np.take(v, [0, 2, 0]), M),
    case(np.take, lambda v: np.take(v, [[1, 1], [0, 2]], axis=1), M, id="take-axis1-repeated"),
    case(np.take, lambda v: np.take(v, [2, 0], axis=-2), T, id="take-unique"),
    case(np.take, lambda v: np.take(v, 4), M, id="take-scalar"),
    case(np.take, lambda v: np.take(v, [-1, 5, 7], mode="wrap"), V, id="take-wrap"),
    case(np.take, lambda v: np.take(v, [-1, 5, 1], mode="clip"), V, id="take-clip"),
    case(np.repeat, lambda v: np.repeat(v, [1, 0, 3], axis=1), M, id="repeat-counts"),
    case(np.repeat, lambda v: np.repeat(v, 3, axis=0), M, id="repeat-axis0"),
    case(np.tile, lambda v: np.tile(v, (2, 1, 2)), M, id="tile-more-reps"),
    case(np.tile, lambda v: np.tile(v, 2), T, id="tile-fewer-reps"),
    case(np.pad, lambda v: np.pad(v, 1), M),
    case(np.pad, lambda v: np.pad(v, ((1, 0), (2, 3)), constant_values=0.5), M, id="pad-pairs"),
    case(np.pad, lambda v: np.pad(v, (2, 1)), V, id="pad-before-after"),
    # np.pad takes a dict of axis -> widths from NumPy 2.3 on; older versions refuse it.
    *([case(np.pad, lambda v: np.pad(v, {1: 2}), M, id="pad-dict")] if PAD_TAKES_DICT else []),
    *[case(np.pad, lambda v, m=m: np.pad(v, ((1, 2), (3, 1)), mode=m), M, id=f"pad-{m}")
      for m in ("edge", "reflect", "symmetric", "wrap")],
]


# -- issue 11: more shape functions, at size-1 and empty shapes and negative axes -------------

def _quiet(f):
    """``f`` with NumPy's DeprecationWarning for 2-vector cross products silenced."""
    def quiet(*args):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return f(*args)
    return quiet


M43 = rand((4, 3), seed=5)
T234 = rand((2, 3, 4), seed=6)
E = np.zeros((0,))  # empty
E23 = np.zeros((2, 0))

MORE_CASES = [
    # atleast_nd: one and several arguments, every rank below and at the target
    *[case(fn, lambda v, fn=fn: fn(v), x, id=f"{fn.__name__}-{tag}")
      for fn in (np.atleast_1d, np.atleast_2d, np.atleast_3d)
      for tag, x in (("float", 0.7), ("0d", rand(())), ("vector", V), ("matrix", M), ("3d", T), ("empty", E))],
    case(np.atleast_2d, lambda a, v, m: np.atleast_2d(a, v, m), 0.3, V, M, id="atleast_2d-several"),
    case(np.atleast_3d, lambda v: np.atleast_3d(P, v)[1], V, id="atleast_3d-plain-and-var"),
    # joins and splits
    case(np.column_stack, lambda v, w: np.column_stack([v, P, w]), V, rand((3, 2)), id="column_stack"),
    case(np.column_stack, lambda a, b: np.column_stack([a, b]), 0.3, -0.2, id="column_stack-floats"),
    case(np.column_stack, lambda v: np.column_stack(v), M, id="column_stack-rows-of-one-var"),
    case(np.column_stack, lambda v, w: np.column_stack([v, w]), E, E, id="column_stack-empty"),
    case(wnp.row_stack, lambda v, w: wnp.row_stack([v, w]), V, M, id="row_stack"),
    case(np.dstack, lambda v, w: np.dstack([v, w, P]), V, rand((1, 3)), id="dstack-1d-2d"),
    case(np.dstack, lambda v, w: np.dstack([v, w]), T, rand((2, 3, 1)), id="dstack-3d"),
    case(np.dstack, lambda a, b: np.dstack([a, b]), 0.3, 1.1, id="dstack-floats"),
    case(np.vsplit, _split_sum(np.vsplit, 2), M43),
    case(np.vsplit, _split_sum(np.vsplit, [1, 1, 3]), M43, id="vsplit-indices-empty-part"),
    case(np.hsplit, _split_sum(np.hsplit, 3), M43),
    case(np.hsplit, lambda v: np.hsplit(v, [2])[0], V, id="hsplit-1d"),
    case(np.dsplit, _split_sum(np.dsplit, [1, 3]), T234),
    case(np.dsplit, lambda v: np.dsplit(v, 4)[-1], T234, id="dsplit-one-part-used"),
    # flips, rotations, moved axes
    *unary(np.flipud, shapes=[(3,), (2, 3), (1, 3), (0,)]),
    *unary(np.fliplr, shapes=[(2, 3), (1, 3), (2, 3, 2), (2, 0)]),
    *[case(np.rot90, lambda v, k=k, ax=ax: np.rot90(v, k, ax), T234, id=f"rot90-k{k}-axes{ax}")
      for k, ax in ((1, (0, 1)), (2, (0, 1)), (3, (1, 2)), (-1, (0, 1)), (5, (2, 0)), (0, (0, 1)),
                    (1, (-1, 0)), (-3, (-2, -1)))],
    case(np.rot90, lambda v: np.rot90(v), rand((1, 3)), id="rot90-row"),
    *[case(np.rollaxis, lambda v, a=a, s=s: np.rollaxis(v, a, s), T234, id=f"rollaxis-{a}-{s}")
      for a, s in ((2, 0), (-1, 1), (0, 3), (1, -1), (1, 1), (0, -3), (2, 2))],
    # append, insert, delete: gathers whose sources NumPy itself places
    case(np.append, lambda v, w: np.append(v, w), M, V, id="append-none"),
    case(np.append, lambda v: np.append(v, [1.0, 2.0]), M, id="append-plain-values"),
    case(np.append, lambda v: np.append(2.0, v), V, id="append-to-a-constant"),
    case(np.append, lambda v, w: np.append(v, w, axis=-1), M, rand((2, 1)), id="append-axis-1"),
    case(np.append, lambda v, w: np.append(v, w, axis=0), M, rand((0, 3)), id="append-empty"),
    case(np.insert, lambda v, w: np.insert(v, 1, w), M, 0.5, id="insert-none-scalar"),
    case(np.insert, lambda v, w: np.insert(v, [3, 0, 3], w, axis=1), M, rand((2, 3)), id="insert-unsorted"),
    case(np.insert, lambda v, w: np.insert(v, [-1, 1], w, axis=-2), M43, rand((3,)), id="insert-broadcast"),
    case(np.insert, lambda v, w: np.insert(v, 2, w, axis=0), M43, rand((2, 3)), id="insert-block"),
    case(np.insert, lambda w: np.insert(M, slice(0, 3), w, axis=1), rand((2, 1)), id="insert-slice-values-only"),
    case(np.insert, lambda v: np.insert(v, [], 2.0), V, id="insert-nothing"),
    case(np.delete, lambda v: np.delete(v, 1), M),
    case(np.delete, lambda v: np.delete(v, [0, -1], axis=-1), M, id="delete-list-negative-axis"),
    case(np.delete, lambda v: np.delete(v, slice(None, None, 2), axis=0), M43, id="delete-slice"),
    case(np.delete, lambda v: np.delete(v, np.array([True, False, True]), axis=1), M, id="delete-mask"),
    case(np.delete, lambda v: np.delete(v, 0), rand((1,)), id="delete-to-empty"),
    # diagonals and triangles
    *[case(np.diag, lambda v, k=k: np.diag(v, k), V, id=f"diag-vector-k{k}") for k in (0, 1, -2)],
    *[case(np.diag, lambda v, k=k: np.diag(v, k), x, id=f"diag-matrix-{x.shape}-k{k}")
      for x in (rand((3, 3)), M, M43) for k in (0, 1, -1)],
    case(np.diag, lambda v: np.diag(v, 5), M, id="diag-empty"),
    case(np.diag, lambda v: np.diag(v), rand((1,)), id="diag-size1"),
    case(np.diagflat, lambda v: np.diagflat(v), M),
    case(np.diagflat, lambda v: np.diagflat(v, -1), V, id="diagflat-k-1"),
    case(np.diagflat, lambda a: np.diagflat(a, 2), 0.4, id="diagflat-float"),
    *[case(fn, lambda v, fn=fn, k=k: fn(v, k), x, id=f"{fn.__name__}-{x.shape}-k{k}")
      for fn in (np.tril, np.triu) for x in (M, V, T, rand((1, 1))) for k in (0, -1, 2)],
    case(np.diagonal, lambda v: np.diagonal(v), M),
    *[case(np.diagonal, lambda v, o=o, a1=a1, a2=a2: np.diagonal(v, o, a1, a2), T234,
           id=f"diagonal-{o}-{a1}-{a2}") for o, a1, a2 in ((1, 0, 1), (-1, -1, 0), (2, 2, 1), (0, 0, -1))],
    case(np.diagonal, lambda v: np.diagonal(v, 7), M, id="diagonal-empty"),
    case(np.diagonal, lambda v: v.diagonal(-1), M43, id="diagonal-method"),
    # astype between float dtypes (to an integer dtype: no gradient, a test below)
    case(wnp.astype, lambda v: np.astype(v, np.float32), M, id="astype-function-to-float32"),
    case(wnp.astype, lambda v: v.astype(np.float64) * 2.0, M.astype(np.float32), id="astype-from-float32"),
    case(wnp.astype, lambda v: v.astype(np.float64), V, id="astype-same"),
    case(wnp.astype, lambda a: a.astype(np.float32), rand(()), id="astype-0d"),
    # linspace: start and stop differentiated, num, endpoint and axis constant
    case(np.linspace, lambda a, b: np.linspace(a, b, 5), 0.3, 1.7, id="linspace"),
    case(np.linspace, lambda a, b: np.linspace(a, b, 4, endpoint=False), -0.3, 1.2, id="linspace-no-end"),
    case(np.linspace, lambda a, b: np.linspace(a, b, 3, axis=-1), V, 0.5, id="linspace-arrays-axis-1"),
    case(np.linspace, lambda a, b: np.linspace(a, b, 4, axis=1), rand((2, 1)), V, id="linspace-broadcast-axis1"),
    case(np.linspace, lambda a: np.linspace(a, 2.0, 1), 0.3, id="linspace-one"),
    case(np.linspace, lambda b: np.linspace(0.0, b, 0), V, id="linspace-empty"),
    # np.gradient: edge orders, spacing, axes
    case(np.gradient, lambda v: np.gradient(v), rand((5,)), id="gradient"),
    case(np.gradient, lambda v: np.gradient(v, 0.3, edge_order=2), rand((6,)), id="gradient-edge2"),
    case(np.gradient, lambda v: np.gradient(v, np.array([0.0, 0.5, 0.7, 1.5, 1.6])), rand((5,)),
         id="gradient-coordinates"),
    case(np.gradient, lambda v: np.gradient(v, np.array([0.0, 0.5, 0.7, 1.5, 1.6]), edge_order=2),
         rand((5,)), id="gradient-coordinates-edge2"),
    case(np.gradient, lambda v: np.gradient(v), M43, id="gradient-2d"),
    case(np.gradient, lambda v: np.gradient(v, 2.0, [0.0, 1.0, 3.0, 3.5], axis=(1, -1), edge_order=2),
         T234, id="gradient-axes-spacings"),
    case(np.gradient, lambda v: np.gradient(v, axis=-2)[0] * 3.0, M43, id="gradient-axis-1-part"),
    case(np.gradient, lambda v: np.gradient(v, edge_order=2), rand((3,)), id="gradient-edge2-shortest"),
    case(np.gradient, lambda v: np.gradient(v), rand((2,)), id="gradient-shortest"),
    case(np.gradient, lambda v: np.gradient(v)[1], M43, id="gradient-one-part-used"),
    # np.cross: 3- and 2-vectors, broadcasting, axes
    case(np.cross, np.cross, V, rand((3,), seed=9), id="cross"),
    case(np.cross, lambda a, b: np.cross(a, b), rand((4, 3)), rand((3,)), id="cross-broadcast"),
    case(np.cross, lambda a: np.cross(a, P), rand((2, 1, 3)), id="cross-constant"),
    *([case(np.cross, _quiet(np.cross), rand((2,)), rand((4, 2)), id="cross-2d-vectors"),
       case(np.cross, _quiet(np.cross), rand((2,)), rand((3,)), id="cross-2-3"),
       case(np.cross, _quiet(np.cross), rand((2, 3)), rand((2,)), id="cross-3-2")]
      if CROSS_OF_2_VECTORS else []),
    case(np.cross, lambda a, b: np.cross(a, b, axisa=0, axisb=-2, axisc=0), rand((3, 2)), rand((4, 3, 1)),
         id="cross-axes"),
    case(np.cross, lambda a, b: np.cross(a, b, axis=0), rand((3, 2)), rand((3, 2)), id="cross-axis"),
    # cumulative sums and products of the flattened array
    case(np.cumsum, lambda v: np.cumsum(v), T, id="cumsum-flattened"),
    case(np.cumsum, lambda v: np.cumsum(v, axis=-1), T, id="cumsum-axis-1"),
    case(np.cumprod, lambda v: np.cumprod(v), T, id="cumprod-flattened"),
    case(np.cumprod, lambda v: np.cumprod(v), np.array([[0.5, 0.0], [2.0, -1.5]]), id="cumprod-flattened-zero"),
    case(np.cumprod, lambda v: np.cumprod(v, axis=-2), np.array([[0.0, 1.2], [0.0, 0.0], [0.7, -0.5]]),
         id="cumprod-zeros"),
    # wnp.r_ / wnp.c_: NumPy's index tricks, recorded (np.r_ itself cannot see a Var)
    case(wnp.r_, lambda v, a: wnp.r_[v, 1:3, a, [7.0, 8.0], 2 * v], V, 0.5, id="r_"),
    case(wnp.r_, lambda v, w: wnp.r_["-1", v, w], M, rand((2, 1)), id="r_-axis-directive"),
    case(wnp.r_, lambda v, w: wnp.r_["0,2,0", v, w], V, rand((2, 1)), id="r_-ndmin-trans1d"),
    case(wnp.r_, lambda v: wnp.r_[v, 0.0:1.0:3j], E, id="r_-empty-and-linspace-slice"),
    case(wnp.c_, lambda v, w: wnp.c_[v, P, w], V, rand((3, 2)), id="c_"),
    case(wnp.c_, lambda v: wnp.c_[v, v], rand((1,)), id="c_-size1"),
    case(wnp.r_, lambda z: wnp.r_[z, 1j], crand((2,)), id="r_-complex"),
    case(np.copy, np.copy, M),
    case(np.copy, lambda v: v.copy(), rand((1, 3)), id="copy-method"),
    case(np.copy, lambda v: np.copy(v, order="F"), E, id="copy-empty"),
    # full / full_like with a Var fill value
    case(wnp.full, lambda c: wnp.full((2, 3), c), 0.4, id="full-float"),
    case(wnp.full, lambda c: wnp.full((2, 3), c), rand((3,)), id="full-row"),
    case(wnp.full, lambda c: wnp.full((0, 3), c), rand((1, 3)), id="full-empty"),
    case(np.full_like, lambda v, c: np.full_like(v, c) * v, M, 0.3, id="full_like"),
    case(np.full_like, lambda v: np.full_like(v, 2.0) * v, M, id="full_like-constant-fill"),
    case(np.full_like, lambda v, c: np.full_like(v, c, shape=(2, 2)), V, rand((2,)), id="full_like-shape"),
    # existing shape rules at negative axes
    case(np.expand_dims, lambda v: np.expand_dims(v, -1), M, id="expand_dims-negative"),
    case(np.expand_dims, lambda v: np.expand_dims(v, (0, -1)), M, id="expand_dims-tuple"),
    case(np.squeeze, lambda v: np.squeeze(v, -1), rand((2, 3, 1)), id="squeeze-negative"),
    case(np.squeeze, lambda v: np.squeeze(v, (-3, 2)), rand((1, 3, 1)), id="squeeze-negative-tuple"),
    case(np.squeeze, lambda v: np.squeeze(v), rand((1, 1)), id="squeeze-to-0d"),
    case(np.moveaxis, lambda v: np.moveaxis(v, -1, -3), T234, id="moveaxis-negative"),
    case(np.moveaxis, lambda v: np.moveaxis(v, (-1, 0), (0, -1)), T234, id="moveaxis-negative-tuple"),
    case(np.swapaxes, lambda v: np.swapaxes(v, -1, 0), T234, id="swapaxes-negative"),
    case(np.swapaxes, lambda v: v.swapaxes(-2, -2), T234, id="swapaxes-same"),
]


CASES += MORE_CASES

#: the new rules are linear (cross: bilinear) and so holomorphic: complex inputs, no conjugate.
Z = crand((3, 3), seed=12)
COMPLEX_CASES = [
    case(fn, f, *args, id=f"{name}-complex") for name, fn, f, args in [
        ("atleast_3d", np.atleast_3d, np.atleast_3d, (crand((3,)),)),
        ("column_stack", np.column_stack, lambda v, w: np.column_stack([v, w]), (crand((3,)), Z)),
        ("dstack", np.dstack, lambda v: np.dstack([v, v]), (Z,)),
        ("hsplit", np.hsplit, _split_sum(np.hsplit, 3), (Z,)),
        ("rot90", np.rot90, lambda v: np.rot90(v, -1), (Z,)),
        ("rollaxis", np.rollaxis, lambda v: np.rollaxis(v, -1), (Z,)),
        ("flipud", np.flipud, np.flipud, (Z,)),
        ("append", np.append, lambda v, w: np.append(v, w), (Z, crand(None))),
        ("insert", np.insert, lambda v, w: np.insert(v, [0, 2], w, axis=1), (Z, crand((3, 1)))),
        ("delete", np.delete, lambda v: np.delete(v, 1, axis=0), (Z,)),
        ("diag", np.diag, lambda v: np.diag(np.diag(v, 1)), (Z,)),
        ("diagflat", np.diagflat, np.diagflat, (crand((2,)),)),
        ("tril", np.tril, lambda v: np.tril(v, -1), (Z,)),
        ("diagonal", np.diagonal, lambda v: np.diagonal(v, -1), (Z,)),
        ("linspace", np.linspace, lambda a, b: np.linspace(a, b, 4), (crand(None), crand((2,)))),
        ("gradient", np.gradient, lambda v: np.gradient(v, 0.5, edge_order=2), (Z,)),
        ("cross", np.cross, np.cross, (Z, crand((3,)))),
        ("cumprod", np.cumprod, np.cumprod, (Z,)),
        ("astype-complex64", wnp.astype, lambda v: v.astype(np.complex64), (Z,)),
        ("astype-real-to-complex", wnp.astype, lambda v: np.astype(v, complex) * (1 + 2j), (M,)),
    ]]
CASES = CASES + COMPLEX_CASES

# -- gathers along an axis, selections, broadcasting, NumPy 2's names ----------------
M34 = rand((3, 4), seed=21)
GATHER_AND_SELECTION_CASES = [
    case(np.take_along_axis, lambda v: np.take_along_axis(v, np.array([[0, 2, 2, 1]]), axis=0), M34,
         id="take_along_axis-repeated"),
    case(np.take_along_axis, lambda v: np.take_along_axis(v, np.array([[3, 3, -1], [0, 1, 2], [2, 2, 2]]), axis=-1),
         M34, id="take_along_axis-negative"),
    # arr's length-1 axis broadcast against the indices'
    case(np.take_along_axis, lambda v: np.take_along_axis(v, np.array([[3, 3, -1], [0, 0, 0]]), axis=1),
         M34[:1], id="take_along_axis-broadcast"),
    case(np.take_along_axis, lambda v: np.take_along_axis(v, np.array([5, 5, 0]), axis=None), M34,
         id="take_along_axis-flat"),
    case(np.take_along_axis, lambda v: np.take_along_axis(v, np.zeros((3, 0), int), axis=1), M34,
         id="take_along_axis-empty"),
    case(np.take_along_axis, lambda v: np.take_along_axis(v, np.array([0, 0]), axis=0), rand((1,), seed=3),
         id="take_along_axis-size1"),
    case(np.compress, lambda v: np.compress([True, False, True], v, axis=1), M34),
    case(np.compress, lambda v: v.compress([False, True], axis=-2), M34, id="compress-method-short-condition"),
    case(np.compress, lambda v: np.compress([True, False, False, True, True], v), M34, id="compress-flat"),
    case(np.compress, lambda v: np.compress([False, False, False], v, axis=0), M34, id="compress-none"),
    case(np.extract, lambda v: np.extract(M34 > 0, v), M34),
    case(np.choose, lambda a, b: np.choose([[0, 1, 1, 0]], [a, b]), M34, M34[0], id="choose-broadcast"),
    case(np.choose, lambda a: np.choose([0, 4, 2, -1], a, mode="wrap"), M34, id="choose-rows-wrap"),
    case(np.choose, lambda a, b: np.choose([2, -1, 0], [a, b, a], mode="clip"), V, P, id="choose-clip-repeated"),
    case(np.broadcast_arrays, lambda a, b: np.broadcast_arrays(a, b, 1.0), M34, M34[0]),
    case(np.broadcast_arrays, lambda a: np.broadcast_arrays(a)[0], 0.5, id="broadcast_arrays-float"),
    case(np.meshgrid, lambda a, b: np.meshgrid(a, b), M34[0], V),
    case(np.meshgrid, lambda a, b: np.meshgrid(a, P, b, indexing="ij", sparse=True), V, M34[0], id="meshgrid-ij-sparse"),
    case(np.meshgrid, lambda a: np.meshgrid(a), V, id="meshgrid-one"),
    case(np.matrix_transpose, np.matrix_transpose, T),
    case(np.linalg.matrix_transpose, np.linalg.matrix_transpose, M34),
    case(np.concatenate, lambda v: np.concat([v, v], axis=-1), M34, id="concat"),
    case(np.transpose, lambda v: np.permute_dims(v, (2, -3, 1)), T, id="permute_dims"),
    *([case(np.unstack, lambda v: np.unstack(v, axis=-1), T),
       case(np.unstack, lambda v: np.unstack(v), M34, id="unstack-rows")] if hasattr(np, "unstack") else []),
]
TRIM_ND = np.lib.NumpyVersion(np.__version__) >= "2.2.0"  # np.trim_zeros(..., axis=) and n-d input
GATHER_AND_SELECTION_CASES += [
    case(np.block, lambda a, b: np.block([a, b]), M, rand((2, 2), seed=22)),
    case(np.block, lambda a, b: np.block([[a, b], [np.ones((1, 5))]]), M, rand((2, 2), seed=22), id="block-2-levels"),
    case(np.block, lambda a: np.block([[[a]], [[a]]]), M, id="block-depth-3"),
    case(np.block, lambda a, b: np.block([a, 1.0, b]), V, 0.5, id="block-scalars"),
    case(np.block, np.block, M, id="block-one-array"),
    case(np.block, lambda a: np.block([[a], [a]]), 0.5, id="block-float"),
    case(np.resize, lambda a: np.resize(a, (3, 4)), M),
    case(np.resize, lambda a: np.resize(a, 2), M, id="resize-shrink"),
    case(np.resize, lambda a: np.resize(a, (2, 0)), M, id="resize-empty"),
    case(np.resize, lambda a: np.resize(a, 7), rand((1,), seed=23), id="resize-size1"),
    # the zeros trimmed are constants: moving them would change the result's size
    case(np.trim_zeros, lambda w: np.trim_zeros(np.concatenate([np.zeros(2), w, np.zeros(1)])), V),
    case(np.trim_zeros, lambda w: np.trim_zeros(np.concatenate([np.zeros(2), w, np.zeros(1)]), "B"), V, id="trim_zeros-back"),
    case(np.trim_zeros, lambda w: np.trim_zeros(np.concatenate([np.zeros(2), w * 0.0])), V, id="trim_zeros-all-zero"),
    *([case(np.trim_zeros, lambda w: np.trim_zeros(np.pad(w, ((1, 2), (0, 1)))), M, id="trim_zeros-2d"),
       case(np.trim_zeros, lambda w: np.trim_zeros(np.pad(w, ((1, 2), (3, 1))), "f", axis=-1), M, id="trim_zeros-axis")]
      if TRIM_ND else []),
]
CASES = CASES + GATHER_AND_SELECTION_CASES

# -- what the peers' test suites (autograd's, JAX's) call on traced arrays ----------
PEER_SUITE_CASES = [
    # wnp.block with Vars in nested lists: the lists are block's structure (it built a 4-d array)
    case(np.block, lambda a, b: wnp.block([[a, b], [b, a]]), M, rand((2, 3), seed=31), id="block-wnp-nested"),
    case(np.block, lambda a: wnp.block([[a, np.ones((2, 1))], [np.zeros((1, 4))]]), M, id="block-wnp-mixed"),
    case(np.matrix_transpose, lambda v: v.mT, T, id="mT"),
    case(np.matrix_transpose, lambda v: v.mT @ v, M, id="mT-product"),
    case(np.logspace, lambda a, b: np.logspace(a, b, 5), 0.2, 1.4),
    case(np.logspace, lambda a, b, c: np.logspace(a, b, 4, endpoint=False, base=c, axis=-1), V, 1.4, 2.5,
         id="logspace-base-axis"),
    case(np.logspace, lambda a, b: np.logspace(a, b, 1), 0.2, 1.4, id="logspace-one"),
    case(np.geomspace, lambda a, b: np.geomspace(a, b, 5), 1.2, 3.4),
    case(np.geomspace, lambda a, b: np.geomspace(a, b, 4, endpoint=False, axis=1), np.array([-1.2, -2.0]),
         np.array([[-3.4, -0.5]]), id="geomspace-negative-axis"),
    case(np.geomspace, lambda a, b: np.geomspace(a, b, 2), 0.5, 8.0, id="geomspace-two"),
    case(np.geomspace, lambda a, b: np.geomspace(a, b, 0), 0.5, 8.0, id="geomspace-empty"),
    case(np.apply_along_axis, lambda v: np.apply_along_axis(lambda r: r * r[0], 1, v), M),
    case(np.apply_along_axis, lambda v: np.apply_along_axis(lambda r: np.outer(r, r), 0, v), M, id="apply_along_axis-2d-result"),
    case(np.apply_along_axis, lambda v: np.apply_along_axis(np.sum, -1, v), T, id="apply_along_axis-scalar-result"),
    case(np.apply_over_axes, lambda v: np.apply_over_axes(np.sum, v, [0, 2]), T),
    case(np.apply_over_axes, lambda v: np.apply_over_axes(lambda a, ax: np.mean(a, ax, keepdims=True), v, -1), M,
         id="apply_over_axes-keepdims"),
    case(shape_ops.asarray, lambda v: wnp.asarray(v) * 2.0, M, id="asarray"),
    case(shape_ops.asarray, lambda v: wnp.asarray(v, dtype=np.float32) * 2.0, M, id="asarray-cast", rtol=1e-3, atol=1e-4),
    case(shape_ops.asarray, lambda v, w: wnp.asarray([v, w]), 0.5, 1.5, id="asarray-list"),
    case(shape_ops.asarray, lambda v: wnp.asarray(v), 0.5, id="asarray-float"),
    # np.pad's statistic and ramp modes (JAX's testPadStatValues, testPadLinearRamp)
    case(np.pad, lambda v: np.pad(v, ((1, 2), (3, 1)), mode="mean"), M, id="pad-mean"),
    case(np.pad, lambda v: np.pad(v, 2, mode="mean", stat_length=((1, 2), (2, 1))), M, id="pad-mean-stat_length"),
    case(np.pad, lambda v: np.pad(v, ((1, 2), (3, 1)), mode="maximum"), M, id="pad-maximum"),
    case(np.pad, lambda v: np.pad(v, (2, 1), mode="minimum", stat_length=2), M, id="pad-minimum-stat_length"),
    case(np.pad, lambda v: np.pad(v, ((1, 2), (3, 1)), mode="median"), rand((3, 4), seed=33), id="pad-median"),
    case(np.pad, lambda v: np.pad(v, 3, mode="median", stat_length=2), V, id="pad-median-even"),
    case(np.pad, lambda v: np.pad(v, ((1, 2), (3, 1)), mode="linear_ramp"), M, id="pad-linear_ramp"),
    case(np.pad, lambda v: np.pad(v, (2, 3), mode="linear_ramp", end_values=(1.0, -2.0)), M,
         id="pad-linear_ramp-end_values"),
]
CASES = CASES + PEER_SUITE_CASES

# np.pad with reflect_type='odd' (widths beyond the axis' length reflect again) and
# mode='empty' (its padding depends on nothing: only the center is checked)
CASES += [
    *[case(np.pad, lambda v, m=m, w=w: np.pad(v, w, mode=m, reflect_type="odd"), x, id=f"pad-{m}-odd-{name}")
      for m in ("reflect", "symmetric")
      for x, w, name in ((M, ((1, 2), (3, 1)), "matrix"), (V, (7, 9), "wide"), (rand((1,), seed=34), 2, "size1"),
                         (rand((2, 3), seed=35), ((0, 0), (0, 4)), "one-axis"))],
    case(np.pad, lambda z: np.pad(z, (2, 5), mode="reflect", reflect_type="odd"), crand((3,), seed=36),
         id="pad-reflect-odd-complex"),
    case(np.pad, lambda v: np.pad(v, ((1, 2), (0, 3)), mode="empty")[1:-2, :-3], M, id="pad-empty"),
]


test_gradient = gradient_test(CASES)


def test_repeated_indices_accumulate():
    g = wg.grad_bp(lambda v: np.sum(v[[0, 0, 2]]), np.zeros(3))
    np.testing.assert_array_equal(g, [2.0, 0.0, 1.0])
    rows = wg.grad_bp(lambda v: np.sum(v[[1, 1, 0]]), np.zeros((3, 4)))  # blocks: the fast path's case
    np.testing.assert_array_equal(rows, [[1.0] * 4, [2.0] * 4, [0.0] * 4])
    cols = wg.grad_bp(lambda v: np.sum(v[:, [2, 2]]), np.zeros((2, 3)))
    np.testing.assert_array_equal(cols, [[0.0, 0.0, 2.0]] * 2)
    negative = wg.grad_bp(lambda v: np.sum(v[[-1, 2]]), np.zeros((3, 2)))  # -1 and 2 are one row
    np.testing.assert_array_equal(negative, [[0.0, 0.0], [0.0, 0.0], [2.0, 2.0]])


def test_take_with_repeated_indices_accumulates():
    g = wg.grad_bp(lambda v: np.sum(np.take(v, [1, 1, 1, 0], axis=0) * 2.0), np.zeros((2, 2)))
    np.testing.assert_array_equal(g, [[2.0, 2.0], [6.0, 6.0]])


def test_unique_row_indices_take_the_fast_path():
    from wengert.ops import shape
    g = np.ones((3, 4))
    assert shape._selects_blocks_once([2, 0, 1], (5, 4), g)
    assert shape._selects_blocks_once((slice(None), [2, 0]), (4, 3, 2), np.ones((4, 2, 2)))
    assert shape._selects_blocks_once((Ellipsis, [1, 0], slice(None)), (2, 3, 2), np.ones((2, 2, 2)))
    assert not shape._selects_blocks_once([2, 0, 2], (5, 4), g)   # repeated: must add
    assert not shape._selects_blocks_once([-3, 2], (5, 4), np.ones((2, 4)))  # -3 is row 2
    assert not shape._selects_blocks_once([2, 0, 1], (5,), np.ones(3))   # single elements
    assert not shape._selects_blocks_once(([0, 1], [1, 1]), (2, 2), np.ones(2))
    assert shape._selects_blocks_once((slice(None), np.array([True, False, True])), (2, 3), np.ones((2, 2)))
    rng = np.random.default_rng(0)
    index = rng.permutation(5000)[:2000]
    table = rng.standard_normal((5000, 32))
    expected = np.zeros_like(table)
    np.add.at(expected, index, 1.0)
    np.testing.assert_array_equal(wg.grad_bp(lambda t: np.sum(t[index]), table), expected)


def test_split_unused_part_gets_zeros():
    def f(v):
        first, second = np.split(v, 2)
        return np.sum(first * 3.0)
    np.testing.assert_array_equal(wg.grad_bp(f, np.ones(4)), [3.0, 3.0, 0.0, 0.0])
    g = wg.grad_bp(lambda v: np.sum(np.array_split(v, 3)[1]), np.ones(5))  # parts of 2, 2, 1
    np.testing.assert_array_equal(g, [0.0, 0.0, 1.0, 1.0, 0.0])


def test_concatenate_with_plain_arrays_among_vars():
    def f(v, w):
        return np.sum(np.concatenate([v, np.arange(2.0), w]) * np.arange(1.0, 7.0))
    gv, gw = wg.grad_bp(f, np.zeros(2), np.zeros(2))
    np.testing.assert_array_equal(gv, [1.0, 2.0])
    np.testing.assert_array_equal(gw, [5.0, 6.0])


def test_stack_and_array_of_scalar_vars():
    g = wg.grad_bp(lambda a, b: np.sum(np.stack([a, b, a]) * np.array([1.0, 2.0, 3.0])), 1.0, 1.0)
    assert g == (4.0, 2.0) and all(type(x) is float for x in g)
    assert wg.grad_bp(lambda a: np.sum(wnp.array([a, [a, a]][1])), 2.0) == 2.0
    assert wg.grad_bp(lambda a: wnp.array([[a, 1.0], [2.0, a]])[1, 1] * 3.0, 2.0) == 3.0


def test_array_and_joins_of_plain_values_are_numpy():
    assert type(wnp.array([1.0, 2.0])) is np.ndarray
    np.testing.assert_array_equal(np.concatenate([np.ones(1), np.zeros(1)]), [1.0, 0.0])


def test_float32_is_kept():
    x = np.ones((2, 3), dtype=np.float32)
    for f in (lambda v: np.sum(np.concatenate([v, v])), lambda v: np.sum(np.stack([v, v], axis=1)),
              lambda v: np.sum(np.pad(v, 1, mode="edge")), lambda v: np.sum(np.take(v, [0, 0])),
              lambda v: np.sum(np.tile(v, 2)), lambda v: np.sum(np.split(v, 3, axis=1)[0]),
              lambda v: np.sum(np.repeat(v, [1, 2], axis=0)), lambda v: np.sum(np.ravel(v)),
              lambda v: np.sum(wnp.array([v, v]))):
        assert wg.grad_bp(f, x).dtype == np.float32


def test_pad_without_a_rule_names_the_mode():
    def padder(vector, width, axis, kwargs):  # a mode of the user's own: no rule
        vector[:width[0]] = 0.0
    with pytest.raises(wg.NoGradientRule, match="mode=<function"):
        wg.grad_bp(lambda v: np.sum(np.pad(v, 1, mode=padder)), np.ones(3))


def test_methods_record():
    x = rand((2, 1, 3), seed=7)
    for method, fn in (("ravel", np.ravel), ("flatten", np.ravel), ("squeeze", np.squeeze),
                       ("cumsum", np.cumsum), ("var", np.var), ("std", np.std)):
        g = wg.grad_bp(lambda v, m=method: np.sum(getattr(v, m)() ** 2), x)
        np.testing.assert_allclose(g, wg.grad_bp(lambda v, fn=fn: np.sum(fn(v) ** 2), x), rtol=1e-15)
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(v.swapaxes(0, 2)[0]), x)[..., 0], 1.0)


@pytest.mark.parametrize("f", [lambda v: np.concatenate([v, v], axis=2), lambda v: np.stack([v], axis=3),
                               lambda v: np.moveaxis(v, 0, 5),
                               lambda v: np.take(v, [0], axis=2), lambda v: np.flip(v, 7)])
def test_axis_out_of_range_raises(f):
    with pytest.raises(np.exceptions.AxisError):
        wg.grad_bp(lambda v: np.sum(f(v)[0]), np.ones((2, 4)))


def test_bad_splits_raise_numpys_errors():
    with pytest.raises(ValueError, match="equal division"):
        wg.grad_bp(lambda v: np.sum(np.split(v, 2)[0]), np.ones(3))
    with pytest.raises(IndexError):  # NumPy's own message: "tuple index out of range"
        wg.grad_bp(lambda v: np.sum(np.split(v, 2, axis=4)[0]), np.ones((2, 4)))




@pytest.mark.parametrize("f", [
    lambda v: np.atleast_3d(v), lambda v: np.column_stack([v, v]), lambda v: np.insert(v, [0, 2], 7.0, axis=1),
    lambda v: np.delete(v, [1], axis=0), lambda v: np.append(v, v, axis=1), lambda v: np.diagonal(v, -1),
    lambda v: np.diag(v), lambda v: np.tril(v), lambda v: np.rot90(v, 3), lambda v: np.gradient(v)[0],
    lambda v: np.cross(v, v[::-1]), lambda v: np.linspace(v[0], v[1], 3), lambda v: np.dstack([v])])
def test_float32_is_kept_by_the_new_rules(f):
    x = rand((3, 3)).astype(np.float32)
    g = wg.grad_bp(lambda v: np.sum(f(v)), x)
    assert g.dtype == np.float32


def test_composites_are_named_in_wengert_numpy():
    from wengert.primitive import declared
    composites = {name.partition(".")[2]: p for name, p in declared("numpy.").items() if p.composite}
    assert {"atleast_1d", "cross", "full_like", "row_stack", "r_", "c_"} <= set(composites)
    for name, prim in composites.items():
        fn = functools.reduce(getattr, name.split("."), wnp)  # "linalg.matrix_transpose"
        assert getattr(fn, "plain", fn) is prim.exposed
        assert wnp.supported()[name] == "gradient"


def test_astype_to_integer_or_bool_is_a_plain_value():
    seen = []

    def f(v):
        seen.extend([v.astype(np.int64), np.astype(v, bool)])
        return np.sum(v * 2.0)
    np.testing.assert_array_equal(wg.grad_bp(f, np.array([1.5, -2.0])), [2.0, 2.0])
    assert [type(s) for s in seen] == [np.ndarray, np.ndarray]
    assert seen[0].dtype == np.int64 and seen[1].dtype == bool


def test_astype_keeps_the_source_dtype_of_the_gradient():
    g = wg.grad_bp(lambda v: np.sum(v.astype(np.float64) ** 2), np.array([1.0, 3.0], dtype=np.float32))
    assert g.dtype == np.float32
    np.testing.assert_array_equal(g, [2.0, 6.0])


def test_row_stack_without_numpys_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = wg.grad_bp(lambda v: np.sum(wnp.row_stack([v, 3.0 * v])), np.ones(2))
    np.testing.assert_array_equal(g, [4.0, 4.0])
    if hasattr(np, "row_stack"):  # NumPy < 2.5: its own alias still records (through np.vstack)
        with pytest.deprecated_call():
            g = wg.grad_bp(lambda v: np.sum(np.row_stack([v, 3.0 * v])), np.ones(2))
        np.testing.assert_array_equal(g, [4.0, 4.0])


@pytest.mark.parametrize("build", [lambda v: np.r_[v, v], lambda v: np.c_[v, v], lambda v: np.r_[v]])
def test_numpys_index_tricks_name_wengerts(build):
    # np.r_ / np.c_ convert their items with np.array, which NumPy does not dispatch.
    with pytest.raises(TypeError, match=r"np\.r_.*wengert\.numpy\.r_ / c_ / concatenate"):
        wg.grad_bp(lambda v: np.sum(build(v)), np.ones(2))
    x = np.array([1.0, 2.0])
    assert (wnp.r_[x, 3.0] == np.r_[x, 3.0]).all() and type(wnp.r_[x]) is np.ndarray
    np.testing.assert_array_equal(wg.eval_bp(lambda v: wnp.c_[v, 2 * v, 1:3], x), np.c_[x, 2 * x, 1:3])


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
def test_index_trick_matrix_directives_are_refused():
    with pytest.raises(wg.NoGradientRule, match="matrix directives"):
        wg.grad_bp(lambda v: wnp.r_["r", v, v], np.ones(2))


def test_cross_of_2_vectors_warns_or_fails_as_numpy_does():
    if CROSS_OF_2_VECTORS:
        with pytest.deprecated_call():
            g = wg.grad_bp(lambda a: np.cross(a, np.array([3.0, 4.0])), np.array([1.0, 2.0]))
        np.testing.assert_array_equal(g, [4.0, -3.0])
    else:
        with pytest.raises(ValueError, match="3-dimensional vectors"):
            wg.grad_bp(lambda a: np.cross(a, np.array([3.0, 4.0])), np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="dimension must be 2 or 3"):
        wg.grad_bp(lambda a: np.sum(np.cross(a, a)), np.ones(4))


def test_cumprod_of_a_long_axis_with_a_zero_scans(monkeypatch):
    from wengert.ops import reductions
    x = rand((3, 7), seed=4)
    x[1, 2] = x[2, 0] = 0.0
    f = lambda v: np.cumprod(v, axis=1) ** 2  # noqa: E731
    table = wg.grad_bp(lambda v: np.sum(f(v) * x), x)
    monkeypatch.setattr(reductions, "_TABLE_ELEMENTS", 0)
    np.testing.assert_allclose(wg.grad_bp(lambda v: np.sum(f(v) * x), x), table, rtol=1e-14)
    check_grads(f, x, order=2, modes=("rev", "fwd"))
    y = np.ones(4000)
    y[10] = 0.0  # 4000 x 4000 would be 128 MB of table
    monkeypatch.undo()
    g = wg.grad_bp(lambda v: np.sum(np.cumprod(v)), y)
    np.testing.assert_array_equal(g[:11], [10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0, 3990.0])
    assert not g[11:].any()


def test_cumprod_with_zeros_and_underflow_is_exact():
    g = wg.grad_bp(lambda v: np.sum(np.cumprod(v)), np.array([1e-170, 1e-170, 1e170]))
    np.testing.assert_allclose(g, [2.0, 1.0, 0.0], rtol=1e-15)  # dividing by x gave [1, 0, 0]
    g = wg.grad_bp(lambda v: np.sum(np.cumprod(v)), np.array([[2.0, 0.0], [3.0, 0.0]]))
    np.testing.assert_array_equal(g, [[1.0, 8.0], [0.0, 0.0]])  # d/dx1 = x0 + x0 x2 + x0 x2 x3
    h = wg.hessian(lambda v: np.sum(np.cumprod(v)))(np.array([2.0, 0.0, 3.0]))  # x0 + x0 x1 + x0 x1 x2
    np.testing.assert_array_equal(h, [[0.0, 4.0, 0.0], [4.0, 0.0, 2.0], [0.0, 2.0, 0.0]])


@pytest.mark.filterwarnings("ignore:Arrays of 2-dimensional vectors:DeprecationWarning")
def test_new_rules_agree_with_numpy_forward():
    x = rand((3, 4), seed=11)
    for f in (lambda v: np.insert(v, [2, 0], [[1.0], [2.0], [3.0]], axis=1),
              lambda v: np.gradient(v, 0.5, edge_order=2),
              lambda v: np.cross(v[:, :3], v[:, 1:]),
              *([lambda v: np.cross(v[:, :2], v[:, 1:]), lambda v: np.cross(v[:, :3], v[:, 2:]),
                 lambda v: np.cross(v[:, 2:], v[:, 1:3])] if CROSS_OF_2_VECTORS else []),
              lambda v: np.atleast_3d(v[0], v), lambda v: np.linspace(v[0], v[1], 4, axis=-1)):
        value, expected = wg.eval_bp(f, x), f(x)
        for a, b in zip(value if isinstance(value, tuple) else (value,),
                        expected if isinstance(expected, tuple) else (expected,)):
            assert a.shape == b.shape
            np.testing.assert_allclose(a, b, rtol=1e-15)


def test_refused_arguments_say_why():
    with pytest.raises(wg.NoGradientRule, match="retstep"):
        wg.grad_bp(lambda a: np.sum(np.linspace(a, 2.0, 3, retstep=True)[0]), 0.5)
    with pytest.raises(wg.NoGradientRule, match="numpy.gradient with respect to argument 1"):  # the spacing
        wg.grad_bp(lambda h: np.sum(np.gradient(np.arange(4.0) ** 2, h)), 0.5)


def test_astype_from_complex_to_real_keeps_the_real_part():
    # NumPy drops the imaginary part with a ComplexWarning; the cotangent is g, as for np.real.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
        g = wg.grad(lambda z: np.sum(z.astype(np.float64) ** 2))(np.array([1.0 + 2.0j, -0.5j]))
        check_grads(lambda z: z.astype(np.float64) ** 2, np.array([1.0 + 2.0j]), order=2, modes=("rev", "fwd"))
    np.testing.assert_array_equal(g, [2.0 + 0j, 0j])


def test_full_like_keeps_the_template_dtype_and_order():
    x = np.asfortranarray(np.ones((2, 3), dtype=np.float32))
    seen = []

    def f(v, c):
        out = np.full_like(v, c)
        seen.append(out.value)
        return np.sum(out * v)
    gv, gc = wg.grad_bp(f, x, 0.5)
    assert seen[0].dtype == np.float32 and seen[0].flags.f_contiguous
    assert gv.dtype == np.float32 and gc == 6.0
    assert type(wg.eval_bp(lambda v: np.full_like(v, 3.0), x)) is np.ndarray  # a constant: no node


def test_take_of_an_empty_index_list():
    # NumPy reads [] as a float array; the scatter-add refused it
    g = wg.grad_bp(lambda v: np.sum(np.take(v, [], axis=1)) + np.sum(v), np.ones((2, 3)))
    np.testing.assert_array_equal(g, np.ones((2, 3)))


def test_wnp_block_of_nested_lists_is_numpys_block():
    """The regression that peer_coverage found: wnp.block([[a, b], [b, a]]) with Vars gave a
    (2, 2, 2, 3) array (the list was made an array first) where NumPy gives (4, 6)."""
    a, b = M, rand((2, 3), seed=31)
    value, _ = wg.vjp(lambda a, b: wnp.block([[a, b], [b, a]]), a, b)
    np.testing.assert_array_equal(value, np.block([[a, b], [b, a]]))
    g = wg.grad_bp(lambda a: np.sum(wnp.block([[a, b], [b, 2.0 * a]])), a)
    np.testing.assert_array_equal(g, np.full_like(a, 3.0))


@pytest.mark.parametrize("name, call", [
    ("argmax", lambda v: v.argmax(axis=1)), ("argmin", lambda v: v.argmin()),
    ("argsort", lambda v: v.argsort(axis=0)), ("nonzero", lambda v: v.nonzero()),
    ("round", lambda v: v.round(1)),
])
def test_array_methods_without_gradient_return_numpys_plain_values(name, call):
    """x.argmax() & co. on a Var (JAX's tests call them on traced arrays): NumPy's result on
    the value, plain, never a Var."""
    seen = []
    wg.grad_bp(lambda v: (seen.append(call(v)), np.sum(v))[1], M)
    expected = call(M)
    got = seen[0]
    parts = got if isinstance(got, tuple) else (got,)
    assert not any(isinstance(p, wg.Var) for p in parts)
    for p, e in zip(parts, expected if isinstance(expected, tuple) else (expected,)):
        np.testing.assert_array_equal(p, e)


def test_logspace_and_geomspace_agree_with_numpy():
    a, b = np.array([-1.2, -2.0]), np.array([[-3.4, -0.5]])
    got = wg.vjp(lambda a, b: np.geomspace(a, b, 4, axis=1), a, b)[0]
    np.testing.assert_array_equal(got, np.geomspace(a, b, 4, axis=1))
    got = wg.vjp(lambda a, c: np.logspace(a, 1.4, 4, base=c, axis=-1), V, 2.5)[0]
    np.testing.assert_array_equal(got, np.logspace(V, 1.4, 4, base=2.5, axis=-1))
    with pytest.raises(ValueError, match="zero"):
        wg.grad_bp(lambda a: np.sum(np.geomspace(a, 0.0, 3)), 1.0)
    with pytest.raises(wg.NoGradientRule, match="geomspace of complex"):
        wg.grad_bp(lambda a: np.sum(np.real(np.geomspace(a, 2.0, 3))), 1.0 + 0.5j)


def test_apply_along_axis_and_over_axes_agree_with_numpy():
    func = lambda r: np.outer(r, r)  # noqa: E731
    np.testing.assert_array_equal(wg.vjp(lambda v: np.apply_along_axis(func, 1, v), T)[0],
                                  np.apply_along_axis(func, 1, T))
    np.testing.assert_array_equal(wg.vjp(lambda v: np.apply_over_axes(np.sum, v, [0, 2]), T)[0],
                                  np.apply_over_axes(np.sum, T, [0, 2]))


def test_pad_statistic_modes_agree_with_numpy_and_route_ties():
    x = np.array([[1.0, 3.0, 3.0], [0.5, -1.0, 2.0]])
    for mode, kw in (("mean", {}), ("maximum", {"stat_length": 2}), ("median", {}), ("linear_ramp", {"end_values": 4.0})):
        got = wg.vjp(lambda v: np.pad(v, ((1, 1), (2, 1)), mode=mode, **kw), x)[0]
        np.testing.assert_array_equal(got, np.pad(x, ((1, 1), (2, 1)), mode=mode, **kw))
    # the maximum of [1, 3, 3] pads one place each side: the tied 3s share it
    g = wg.grad_bp(lambda v: np.sum(np.pad(v, (1, 1), mode="maximum")), np.array([1.0, 3.0, 3.0]))
    np.testing.assert_array_equal(g, [1.0, 2.0, 2.0])
    with pytest.raises(wg.NoGradientRule, match="of complex numbers"):
        wg.grad_bp(lambda v: np.sum(np.real(np.pad(v, 1, mode="median"))), np.array([1.0 + 1j, 2.0]))


def test_odd_reflection_pads_with_numpy_values_and_its_transpose():
    """np.pad(..., reflect_type='odd') to the bit, and its gradient the transpose of
    the linear map (each padded value 2 * edge - mirror image, repeated past the axis' length)."""
    x = np.array([1.0, 2.5, -0.5])
    for mode in ("reflect", "symmetric"):
        pad = (lambda v, mode=mode: np.pad(v, (5, 4), mode=mode, reflect_type="odd"))
        np.testing.assert_array_equal(wg.vjp(pad, x)[0], pad(x))
        matrix = np.stack([pad(e) for e in np.eye(3)], axis=1)
        cotangent = np.arange(12.0)
        np.testing.assert_allclose(wg.vjp(pad, x)[1](cotangent)[0], matrix.T @ cotangent, rtol=1e-15)


@pytest.mark.parametrize("mode", ["maximum", "median"])
def test_pad_statistic_of_a_window_with_a_nan_keeps_its_nan_to_the_padding(mode):
    """np.pad(x, 1, mode) at x = [1, nan, 3, 0.5]: the padding is NaN (a maximum or median of a
    NaN), the center x itself. Before: maximum's NaN weights (0 / 0) went into every row of the
    Jacobian, the center's identity rows too, and median's finite weights gave its NaN padding
    a finite row [0.5, 0, 0.5, 0]; now NaN in the padding's rows only."""
    x = np.array([1.0, np.nan, 3.0, 0.5])
    truth = np.vstack([np.full(4, np.nan), np.eye(4), np.full(4, np.nan)])
    with np.errstate(invalid="ignore"):
        for jac in (wg.jacrev, wg.jacfwd):
            np.testing.assert_array_equal(jac(lambda a: np.pad(a, 1, mode=mode))(x), truth)
