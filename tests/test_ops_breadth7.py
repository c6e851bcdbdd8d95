"""(breadth7) NumPy options and functions added this session, against central finite
differences (tests/test_coverage.py runs every case again at second order and in forward
mode, and with complex arguments where the function takes them), with exact values at
their switching points: ``np.clip`` with Var bounds (positional, and NumPy 2.1's ``min=``
and ``max=``); ``np.prod`` (and
``np.nanprod``, ``np.multiply.reduce``) with ``where=`` and ``initial=``.
"""
import numpy as np
import pytest

import wengert as wg
from opcheck import case, gradient_test, rand
from wengert.testing import check_grads

_CLIP_MIN_MAX = np.lib.NumpyVersion(np.__version__) >= "2.1.0"
X = np.array([-0.9, -0.3, 0.2, 0.45, 0.8])  # no entry at a bound below
MASK = np.array([[True, False, True], [False, True, True]])

CASES = [
    # -- clip: the bounds are differentiable, broadcast against a
    case(np.clip, lambda a, lo, hi: np.clip(a, lo, hi), X, -0.5, 0.5, id="clip-var-bounds"),
    case(np.clip, lambda lo: np.clip(X, lo, 0.5), -0.5, id="clip-var-lo"),
    case(np.clip, lambda hi: np.clip(X, None, hi), np.array([0.1, 0.3, 0.35, 0.5, 0.7]), id="clip-var-hi-array"),
    case(np.clip, lambda a, lo, hi: np.clip(a, lo, hi), X, rand((2, 1), -0.6, -0.1, seed=3),
         rand((5,), 0.0, 0.6, seed=4), id="clip-broadcast-bounds"),
    case(np.clip, lambda a, lo: np.clip(a, lo, 0.5), 0.3, np.array([[-0.2], [0.35], [0.4]]), id="clip-float-a"),
    case(np.clip, lambda lo, hi: np.clip(X, lo, hi), 0.6, 0.1, id="clip-lo-above-hi"),  # NumPy: hi everywhere
    case(np.clip, lambda lo, hi: lo.clip(lo * 0.5, hi), rand((2, 3), seed=5), 0.2, id="clip-method-var-bounds"),
    *([case(np.clip, lambda a, lo, hi: np.clip(a, min=lo, max=hi), X, -0.5, 0.5, id="clip-min-max-vars"),
       case(np.clip, lambda hi: np.clip(X, max=hi), np.full(5, 0.1), id="clip-max-var")]
      if _CLIP_MIN_MAX else []),
    # -- prod with where= and initial=
    case(np.prod, lambda v: np.prod(v, where=MASK), rand((2, 3), seed=8), id="prod-where"),
    case(np.prod, lambda v: np.prod(v, axis=-1, where=MASK, initial=1.5), rand((2, 3), seed=9), id="prod-where-axis-initial"),
    case(np.prod, lambda v: np.prod(v, axis=0, keepdims=True, where=MASK[0]), rand((2, 3), seed=10), id="prod-where-broadcast"),
    case(np.prod, lambda v: np.prod(v, axis=(), where=MASK, initial=2.0), rand((2, 3), seed=11), id="prod-where-no-axes"),
    case(np.prod, lambda v: v.prod(axis=1, where=np.array([[True], [False]])), rand((2, 3), seed=12), id="prod-method-where"),
    case(np.prod, lambda v: np.multiply.reduce(v, axis=0, where=MASK, initial=1.0), rand((2, 3), seed=13),
         id="prod-multiply-reduce-where"),
    case(np.nanprod, lambda v: np.nanprod(v, axis=1, where=MASK, initial=0.5),
         np.array([[0.3, np.nan, -0.7], [np.nan, 0.4, 0.9]]), id="nanprod-where-initial"),
]

test_gradient = gradient_test(CASES)


@pytest.mark.parametrize("call", [lambda x, lo, hi: np.clip(x, lo, hi), lambda x, lo, hi: x.clip(lo, hi)]
                         + ([lambda x, lo, hi: np.clip(x, min=lo, max=hi)] if _CLIP_MIN_MAX else []))
def test_clip_gives_each_entry_to_the_piece_it_is(call):
    # below, at lo, inside, at hi, above: a bound counts as inside (a gets it all at a tie,
    # the same gradient as with constant bounds), so lo and hi get 1 each here
    x = np.array([-2.0, 0.0, 0.5, 1.0, 3.0])
    w = np.arange(1.0, 6.0)
    gx, glo, ghi = wg.grad_bp(lambda x, lo, hi: np.sum(call(x, lo, hi) * w), x, 0.0, 1.0)
    np.testing.assert_array_equal(gx, [0.0, 2.0, 3.0, 4.0, 0.0])
    assert (glo, ghi) == (1.0, 5.0)
    np.testing.assert_array_equal(wg.grad_bp(lambda x: np.sum(call(x, 0.0, 1.0) * w), x), gx)
    # equal bounds: a tie with both is inside; otherwise lo below, hi above
    gx, glo, ghi = wg.grad_bp(lambda x, lo, hi: np.sum(call(x, lo, hi) * w), x, 0.0, 0.0)
    np.testing.assert_array_equal(gx, [0.0, 2.0, 0.0, 0.0, 0.0])
    assert (glo, ghi) == (1.0, 12.0)


def test_clip_with_crossed_bounds_is_hi_everywhere():
    x = np.array([-2.0, 0.5, 3.0])
    gx, glo, ghi = wg.grad_bp(lambda x, lo, hi: np.sum(np.clip(x, lo, hi)), x, 1.0, 0.0)
    np.testing.assert_array_equal(gx, [0.0, 0.0, 0.0])
    assert (glo, ghi) == (0.0, 3.0)


def test_clip_second_derivatives_are_those_of_the_pieces():
    x = np.array([-2.0, 0.0, 0.5, 3.0])
    # lo at a tie with x[1]: x's piece (lo gets 0), so only x[0] is lo's: d2/dlo2 of lo**2 = 2
    assert wg.hessian(lambda lo: np.sum(np.clip(x, lo, 1.0) ** 2))(0.0) == 2.0
    h = wg.hessian(lambda x: np.sum(np.clip(x, 0.0, 1.0) ** 2))(x)
    np.testing.assert_array_equal(np.diag(h), [0.0, 2.0, 2.0, 0.0])
    check_grads(lambda lo, hi: np.clip(X, lo, hi) ** 2, -0.5, 0.5, order=2, modes=("rev", "fwd"))


def test_clip_bounds_keep_shapes_dtypes_and_empty_arrays():
    lo32 = np.array([0.1, 0.2], dtype=np.float32)
    g = wg.grad_bp(lambda lo: np.sum(np.clip(np.zeros((3, 2), np.float32), lo, 1.0)), lo32)
    assert g.dtype == np.float32 and g.tolist() == [3.0, 3.0]
    g = wg.grad_bp(lambda lo: np.sum(np.clip(np.zeros((0, 2)), lo, 1.0)), np.array([[0.1], [0.2], [0.3]])[:1])
    assert g.shape == (1, 1) and g[0, 0] == 0.0
    g = wg.grad_bp(lambda lo: np.sum(np.clip(np.array([1.0, -1.0]), lo, None)), np.array(0.0))
    assert g.shape == () and g == 1.0


def test_clip_refuses_complex_bounds_and_keeps_numpys_errors():
    with pytest.raises(wg.NoGradientRule, match="numpy.clip"):
        wg.grad_bp(lambda lo: np.abs(np.clip(np.ones(2), lo, 2.0)).sum(), 0.5 + 0.1j)
    if _CLIP_MIN_MAX:
        with pytest.raises(TypeError):
            wg.grad_bp(lambda lo: np.sum(np.clip(X, lo, 1.0, min=0.0)), 0.0)


def test_prod_where_at_zeros_and_empty_selections():
    x = np.array([[0.0, 2.0, 0.0], [3.0, 0.0, 4.0]])
    mask = np.array([[True, True, False], [True, False, True]])
    # row 0 keeps 0 and 2 (the left-out 0 is not a factor): d/dx00 = 2; row 1 keeps 3 and 4
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.prod(v, axis=1, where=mask)), x),
                                  [[2.0, 0.0, 0.0], [4.0, 0.0, 3.0]])
    # nothing selected: the product is initial, a constant
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.prod(v, where=False, initial=3.0), x), np.zeros((2, 3)))
    assert wg.grad_bp(lambda v: np.prod(v, where=np.zeros((0,), bool)), np.zeros(0)).shape == (0,)
    # second order at the zeros: d2/dx00 dx01 of x00 * x01 = 1
    h = wg.hessian(lambda v: np.prod(v, where=np.array([True, True, False])))(np.array([0.0, 0.0, 5.0]))
    np.testing.assert_array_equal(h, [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
