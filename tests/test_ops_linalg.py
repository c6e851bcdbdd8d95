"""Linear algebra, against central finite differences."""
import numpy as np
import pytest

import wengert as wg
from opcheck import case, ids, rand
from wengert.testing import check_grads

MATMUL_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 4)), ((1, 3), (3, 4)),
                 ((2, 2, 3), (3, 4)), ((3,), (2, 3, 4)), ((2, 2, 3), (2, 3, 4))]

CASES = [
    *[case(np.matmul, np.matmul, rand(a, seed=1), rand(b, seed=2), id=f"matmul-{a}-{b}") for a, b in MATMUL_SHAPES],
    case(np.matmul, lambda x, y: x @ y, rand((2, 3)), rand((3,)), id="matmul-operator"),
    case(np.outer, np.outer, rand((3,), seed=1), rand((4,), seed=2)),
    case(np.outer, np.outer, rand((2, 2), seed=1), rand((), seed=2), id="outer-flattens"),
]


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_gradient(c):
    check_grads(c.f, *c.args, **c.check_kwargs)


def test_outer_kernel_at_batch_one_agrees_with_the_general_path():
    rng = np.random.default_rng(1)
    x, w, g = rng.standard_normal((1, 5)), rng.standard_normal((5, 4)), rng.standard_normal((1, 4))
    _, pullback = wg.vjp(lambda v: x @ v, w)
    np.testing.assert_allclose(pullback(g)[0], x.T @ g, rtol=1e-14)
