"""Reductions, with axis (int, tuple, None) and keepdims, against central finite differences."""
import numpy as np
import pytest

import wengert as wg
from opcheck import ids, reduction
from wengert.testing import check_grads

CASES = [
    *reduction(np.sum), *reduction(np.mean),
    *reduction(np.max), *reduction(np.amax), *reduction(np.min), *reduction(np.amin),
    *reduction(np.prod),
]


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_gradient(c):
    check_grads(c.f, *c.args, **c.check_kwargs)


def test_ties_share_the_gradient_equally():
    np.testing.assert_array_equal(wg.grad_bp(np.max, np.array([1.0, 3.0, 3.0])), [0.0, 0.5, 0.5])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: v.min(), np.array([2.0, 2.0])), [0.5, 0.5])


def test_prod_with_a_zero():
    np.testing.assert_array_equal(wg.grad_bp(np.prod, np.array([2.0, 0.0, 3.0])), [0.0, 6.0, 0.0])
    np.testing.assert_array_equal(wg.grad_bp(np.prod, np.array([0.0, 0.0, 3.0])), [0.0, 0.0, 0.0])
