"""Elementwise functions (ufuncs and wengert's own), against central finite differences."""
import numpy as np
import pytest

import wengert as wg
from opcheck import binary, case, ids, rand, unary
from wengert.testing import check_grads

POSITIVE = dict(low=0.2, high=1.8)
UNIT = dict(low=-0.9, high=0.9)

CASES = [
    *unary(np.negative), *unary(np.positive), *unary(np.absolute), *unary(np.fabs),
    *unary(np.exp), *unary(np.exp2), *unary(np.expm1),
    *unary(np.log, **POSITIVE), *unary(np.log2, **POSITIVE), *unary(np.log10, **POSITIVE),
    *unary(np.log1p, **UNIT), *unary(np.sqrt, **POSITIVE), *unary(np.cbrt, **POSITIVE),
    *unary(np.square), *unary(np.reciprocal, **POSITIVE),
    *unary(np.sin), *unary(np.cos), *unary(np.tan),
    *unary(np.arcsin, **UNIT), *unary(np.arccos, **UNIT), *unary(np.arctan),
    *unary(np.sinh), *unary(np.cosh), *unary(np.tanh),
    *unary(np.arcsinh), *unary(np.arccosh, low=1.2, high=2.5), *unary(np.arctanh, **UNIT),
    *unary(np.deg2rad), *unary(np.rad2deg),
    *unary(wg.logistic, low=-3.0, high=3.0), *unary(np.sinc, low=-1.5, high=1.5),
    case(np.sinc, np.sinc, np.array([0.0, 1e-4, -2e-3, 0.5]), id="sinc-near-zero"),
    *binary(np.add), *binary(np.subtract), *binary(np.multiply), *binary(np.true_divide, low_y=0.5, high_y=2.0),
    *binary(np.power, low=0.3, high=1.5), *binary(np.float_power, low=0.3, high=1.5), *binary(np.arctan2, low_y=0.2, high_y=1.0),
    *binary(np.hypot), *binary(np.logaddexp), *binary(np.logaddexp2),
    *binary(np.maximum), *binary(np.minimum), *binary(np.fmax), *binary(np.fmin),
    case(np.where, lambda a, b: np.where(np.array([True, False, True]), a, b), rand((3,)), rand((2, 1))),
    case(np.clip, lambda v: np.clip(v, -0.5, 0.5), np.array([-0.7, -0.2, 0.3, 0.9])),
]


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_gradient(c):
    check_grads(c.f, *c.args, **c.check_kwargs)


def test_float32_is_kept_through_the_rules():
    x = np.array([0.2, 0.5], dtype=np.float32)
    for fn in (np.exp, np.log, np.sin, np.sqrt, np.tanh, np.square, np.reciprocal, wg.logistic):
        assert wg.grad_bp(lambda v: np.sum(fn(v)), x).dtype == np.float32


def test_ties_between_operands_share_the_gradient_equally():
    for fn in (np.maximum, np.minimum, np.fmax, np.fmin):
        tie = wg.grad_bp(lambda a, b: np.sum(fn(a, b)), np.array([1.0, 2.0]), np.array([1.0, 0.0]))
        assert tie[0][0] == 0.5 and tie[1][0] == 0.5


def test_clip_passes_the_gradient_inside_the_bounds_only():
    x = np.array([-2.0, 0.3, 0.6, 5.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.clip(v, 0.0, 1.0)), x), [0, 1, 1, 0])
    with pytest.raises(wg.NoGradientRule, match="argument 1"):
        wg.grad_bp(lambda lo: np.sum(np.clip(x, lo, 1.0)), 0.0)


def test_where_sends_the_gradient_to_the_chosen_side():
    cond = np.array([True, False, True])
    ga, gb = wg.grad_bp(lambda a, b: np.sum(np.where(cond, a, b)), np.ones(3), np.ones(3))
    np.testing.assert_array_equal(ga, [1.0, 0.0, 1.0])
    np.testing.assert_array_equal(gb, [0.0, 1.0, 0.0])


def test_sinc_derivatives_at_and_near_zero():
    # sinc'(0) = 0 and sinc''(0) = -pi^2 / 3: the series near 0 gives both, exactly.
    d1 = wg.elementwise_grad(np.sinc)
    d2 = wg.elementwise_grad(d1)
    x = np.array([0.0, 1e-6, 5e-4, 2e-3, 0.3])
    h = 1e-5
    np.testing.assert_allclose(d1(np.array([0.0])), [0.0], atol=1e-15)
    np.testing.assert_allclose(d2(np.array([0.0])), [-np.pi ** 2 / 3], rtol=1e-12)
    numeric = (np.sinc(x + h) - np.sinc(x - h)) / (2 * h)
    np.testing.assert_allclose(d1(x), numeric, rtol=1e-6, atol=1e-9)


def _sum_to(a, shape):
    """``a`` summed over the axes broadcasting added or stretched to reach it from ``shape``."""
    while a.ndim > len(shape):
        a = a.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and a.shape[axis] != 1:
            a = a.sum(axis=axis, keepdims=True)
    return a


@pytest.mark.parametrize("x_shape, y_shape", [
    ((3, 4), (4,)), ((3, 4), (1, 4)), ((3, 4), (3, 1)), ((2, 3, 4), (3, 1)), ((2, 3, 4), (1, 1, 4)),
    ((2, 3, 4), ()), ((1, 4), (3, 1)), ((2, 1, 4), (3, 1)),
])
def test_broadcast_cotangents_are_summed_back_exactly(x_shape, y_shape):
    # Staged rules sum a stretched argument's cotangent over axes worked out in C; the
    # result must be the plain sum over the broadcast axes, of the argument's shape and dtype.
    x = rand(x_shape, seed=1)
    y = rand(y_shape, seed=2).astype(np.float32) if y_shape else 0.7
    w = rand(np.broadcast_shapes(x_shape, y_shape), seed=3)
    gx, gy = wg.grad_bp(lambda a, b: np.sum((a * b) * w), x, y)
    np.testing.assert_allclose(gx, _sum_to(np.broadcast_to(w * y, w.shape), x_shape), rtol=1e-6)
    assert gx.shape == x_shape and gx.dtype == np.float64
    if y_shape:
        np.testing.assert_allclose(gy, _sum_to(w * x, y_shape), rtol=1e-5)
        assert gy.shape == y_shape and gy.dtype == np.float32
    else:
        assert type(gy) is float and gy == pytest.approx(np.sum(w * x))
    check_grads(lambda a, b: np.sum((a * b) * w), x, y)
