"""Shapes and indexing, against central finite differences."""

import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from opcheck import case, ids, rand, unary
from wengert.testing import check_grads

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
    *unary(lambda x: np.tile(x, 2), shapes=[None, (), (3,), (2, 3), (1, 3)]),
    *unary(lambda x: np.repeat(x, 2), shapes=[None, (), (3,), (2, 3), (1, 3)]),
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


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_gradient(c):
    check_grads(c.f, *c.args, **c.check_kwargs)


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
    with pytest.raises(wg.NoGradientRule, match="mode='maximum'"):
        wg.grad_bp(lambda v: np.sum(np.pad(v, 1, mode="maximum")), np.ones(3))
    with pytest.raises(wg.NoGradientRule, match="reflect_type='odd'"):
        wg.grad_bp(lambda v: np.sum(np.pad(v, 1, mode="reflect", reflect_type="odd")), np.ones(3))


def test_methods_record():
    x = rand((2, 1, 3), seed=7)
    for method, fn in (("ravel", np.ravel), ("flatten", np.ravel), ("squeeze", np.squeeze),
                       ("cumsum", np.cumsum), ("var", np.var), ("std", np.std)):
        g = wg.grad_bp(lambda v, m=method: np.sum(getattr(v, m)() ** 2), x)
        np.testing.assert_allclose(g, wg.grad_bp(lambda v, fn=fn: np.sum(fn(v) ** 2), x))
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
