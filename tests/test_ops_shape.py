"""Shapes and indexing, against central finite differences."""
import numpy as np
import pytest

import wengert as wg
from opcheck import case, ids, rand
from wengert.testing import check_grads

M = rand((2, 3), seed=1)
INDEX_KEYS = [1, -1, slice(0, 2), [0, 0, 2], np.array([True, False, True]), (slice(None), 0)]

CASES = [
    case(np.reshape, lambda v: np.reshape(v, (3, 2)), M),
    case(np.transpose, lambda v: v.T, M),
    case(np.transpose, lambda v: np.transpose(v, (1, 2, 0)), rand((2, 3, 4)), id="transpose-axes"),
    case(np.swapaxes, lambda v: np.swapaxes(v, 0, 1), M),
    case(np.broadcast_to, lambda v: np.broadcast_to(v, (4, 2, 3)), M),
    case(np.broadcast_to, lambda v: np.broadcast_to(v, (2, 3)), rand((1, 3)), id="broadcast_to-row"),
    case(np.expand_dims, lambda v: np.expand_dims(v, 1), M),
    *[case(wg.Var.__getitem__, lambda v, k=k: v[k], rand((3, 3)), id=f"getitem-{k!r}") for k in INDEX_KEYS],
]


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_gradient(c):
    check_grads(c.f, *c.args, **c.check_kwargs)


def test_repeated_indices_accumulate():
    g = wg.grad_bp(lambda v: np.sum(v[[0, 0, 2]]), np.zeros(3))
    np.testing.assert_array_equal(g, [2.0, 0.0, 1.0])
