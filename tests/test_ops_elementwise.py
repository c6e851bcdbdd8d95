"""Elementwise functions (ufuncs and wengert's own), against central finite differences."""
import numpy as np
import pytest

import wengert as wg
from opcheck import binary, case, gradient_test, rand, unary
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
    *binary(np.nextafter),  # x moved by one unit in the last place, the identity's gradient
    *binary(np.maximum), *binary(np.minimum), *binary(np.fmax), *binary(np.fmin),
    case(np.where, lambda a, b: np.where(np.array([True, False, True]), a, b), rand((3,)), rand((2, 1))),
    case(np.clip, lambda v: np.clip(v, -0.5, 0.5), np.array([-0.7, -0.2, 0.3, 0.9])),
    # the method, with ndarray's keywords (JAX's tests call x.clip)
    case(np.clip, lambda v: v.clip(-0.5, 0.5), np.array([-0.7, -0.2, 0.3, 0.9]), id="clip-method"),
    case(np.clip, lambda v: v.clip(max=0.4), rand((2, 3)), id="clip-method-max"),
    # np.clip's keywords min= and max= (NumPy 2.1 on); their bounds were once unseen
    *([case(np.clip, lambda v: np.clip(v, min=-0.5, max=0.3), np.array([-0.7, -0.2, 0.1, 0.9]), id="clip-min-max"),
       case(np.clip, lambda v: np.clip(v, max=0.3), np.array([-0.7, 0.1, 0.9]), id="clip-max")]
      if np.lib.NumpyVersion(np.__version__) >= "2.1.0" else []),
    # remainders away from their jumps (x / y never within 0.05 of an integer here), signs, exponents
    *binary(np.remainder, low=0.2, high=2.9, low_y=0.61, high_y=0.99),
    *binary(np.fmod, low=-2.9, high=2.9, low_y=0.61, high_y=0.99),
    case(np.remainder, lambda x, y: x % y, np.array([-2.3, 0.4, 1.7]), np.array([0.7, -0.9, -0.6]),
         id="remainder-operator-negative"),
    case(np.remainder, lambda x, y: np.mod(x, y), np.array([-2.3, 0.4, 1.7]), np.array([0.7, -0.9, -0.6]),
         id="mod"),
    case(np.remainder, lambda y: 2.5 % y, np.array([0.7, -0.9, 1.1]), id="remainder-operator-right"),
    case(np.remainder, lambda x: x % 0.7, 1.9, id="remainder-operator-floats"),
    case(np.remainder, lambda y: 1.9 % y, 0.7, id="remainder-operator-floats-right"),
    case(np.fmod, np.fmod, np.array([-2.3, 0.4, 1.7]), np.array([0.7, -0.9, -0.6]), id="fmod-signs"),
    case(np.divmod, lambda x, y: np.divmod(x, y)[1], rand((2, 3), 0.2, 2.9), rand((3,), 0.61, 0.99, seed=1)),
    case(np.divmod, lambda x, y: divmod(x, y)[1] * divmod(y, x)[1], 1.9, 0.7, id="divmod-builtin"),
    case(np.divmod, lambda x, y: divmod(x, y), np.array([1.9, -2.3]), np.array([0.7, 0.9]), id="divmod-both"),
    *unary(np.degrees), *unary(np.radians),
    # (the default replacements of infinities are +-1.8e308, too large for finite differences)
    case(np.nan_to_num, np.nan_to_num, np.array([0.3, np.nan, -1.2]), id="nan_to_num"),
    case(np.nan_to_num, lambda v: np.nan_to_num(v, nan=2.0, posinf=5.0, neginf=-4.0),
         np.array([[0.3, np.nan, -np.inf], [np.inf, 1.0, -0.2]]), id="nan_to_num-values"),
    case(np.nan_to_num, np.nan_to_num, 0.4, id="nan_to_num-float"),
    case(np.nan_to_num, lambda z: np.nan_to_num(z, nan=1.0, posinf=2.0, neginf=-2.0),
         np.array([complex(np.nan, 0.3), complex(0.5, np.inf), 0.2 - 0.7j, complex(-np.inf, np.nan)]),
         id="nan_to_num-complex"),
    *binary(np.copysign, low=0.1, high=0.9),
    case(np.copysign, lambda x: np.copysign(x, np.array([0.7, -0.9, -0.0, 0.0])), np.array([-0.3, 0.4, 1.7, -0.5]),
         id="copysign-signed-zeros"),
    case(np.ldexp, lambda x: np.ldexp(x, np.array([-2, 0, 3])), rand((2, 3))),
    case(np.ldexp, lambda x: np.ldexp(x, 5), rand((3,)), id="ldexp-scalar-exponent"),
    case(np.ldexp, lambda x: np.ldexp(x, np.array([[1], [-1]])), 0.3, id="ldexp-float-broadcast"),
    case(np.frexp, lambda x: np.frexp(x)[0], np.array([3.0, -0.3, 1e-5, 7e8, 0.75])),
    case(np.frexp, np.frexp, rand((2, 3), 0.1, 3.0), id="frexp-both-outputs"),
]


test_gradient = gradient_test(CASES)


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
    # a Var bound gets the entries clipped to it (it was refused)
    assert wg.grad_bp(lambda lo: np.sum(np.clip(x, lo, 1.0)), 0.0) == 1.0


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


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex64])
def test_sinc_derivatives_on_both_sides_of_the_series_threshold(dtype):
    """The series near 0 had one threshold (|x| < 1e-3, right for float64 only): in
    float32, just above it, the closed form's cancellation left sinc' 1.2% and sinc''
    2.4% off (x = 1.1e-3). The threshold is now per precision (0.12 in float64, 0.51 in
    float32); the float64 derivatives, to 1e-13, are the reference, in both modes."""
    x64 = np.array([0.0, 1e-4, 9e-4, 1.1e-3, 3e-3, 0.01, 0.1, 0.12, 0.125, 0.3, 0.5, 0.52, 0.9, -0.2])
    x = x64.astype(dtype)
    d1 = wg.elementwise_grad(np.sinc)
    d2 = wg.elementwise_grad(d1)
    ref1, ref2 = d1(x64), d2(x64)
    np.testing.assert_allclose(d2(np.array([0.0])), [-np.pi ** 2 / 3], rtol=1e-14)
    tol = 1e-13 if dtype is np.float64 else 2e-6
    for mode in ("rev", "fwd"):
        if mode == "rev":
            got1, got2 = d1(x), d2(x)
        else:
            tangent = np.ones_like(x)
            got1 = wg.jvp(np.sinc, (x,), (tangent,))[1]
            got2 = wg.jvp(lambda t: wg.jvp(np.sinc, (t,), (tangent,))[1], (x,), (tangent,))[1]
        assert got1.dtype == x.dtype and got2.dtype == x.dtype
        np.testing.assert_allclose(got1, ref1, rtol=tol, atol=tol)
        np.testing.assert_allclose(got2, ref2, rtol=tol, atol=tol)


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
        assert type(gy) is float and gy == pytest.approx(np.sum(w * x), rel=1e-15, abs=0.0)
    check_grads(lambda a, b: np.sum((a * b) * w), x, y)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("full", [(1, 6), (1, 1, 6)])
def test_a_cotangent_summed_over_axes_of_length_one_keeps_the_sums_bits(dtype, full):
    # A bias's cotangent at batch 1 is summed over axes of length 1 only: 0 + each entry, as
    # np.add.reduce gives it (-0.0 made +0.0, NaN and infinities kept), in the argument's own
    # memory (not a view of the cotangent), recorded and replayed alike.
    w = np.array([-0.0, 0.0, np.nan, -np.inf, 5e-324, -1.5], dtype=dtype).reshape(full)
    b = np.ones(6, dtype=dtype)
    f = lambda b, x: np.sum((x + b) * w)
    x = np.zeros(full, dtype=dtype)
    truth = np.add.reduce(w, axis=tuple(range(len(full) - 1)))
    jitted = wg.grad(wg.jit(f))
    for g in (wg.grad(f)(b, x), jitted(b, x), jitted(b, x)):
        assert g.dtype == dtype and g.shape == (6,) and g.tobytes() == truth.tobytes()
        assert not np.shares_memory(g, w)


def _one_sided(f, x, h, side):
    """(f(x + side h) - f(x)) / (side h): the derivative from one side of a jump."""
    return (f(x + side * h) - f(x)) / (side * h)


@pytest.mark.parametrize("fn, x, y, quotient, continuous_side", [
    (np.remainder, 3.0, 1.5, 2.0, -1), (np.remainder, -3.0, 1.5, -2.0, +1),
    (np.remainder, 3.0, -1.5, -2.0, -1), (np.remainder, 0.0, 0.7, 0.0, -1),
    (np.fmod, 3.0, 1.5, 2.0, -1), (np.fmod, -3.0, 1.5, -2.0, -1), (np.fmod, 3.0, -1.5, -2.0, +1),
])
def test_remainder_and_fmod_at_a_jump_take_the_returned_piece(fn, x, y, quotient, continuous_side):
    # x / y is an integer: the value is x - y * quotient, continuous from one side in y; the
    # gradient is that piece's (1 in x, -quotient in y), matched by one-sided differences.
    assert fn(x, y) == 0.0
    gx, gy = wg.grad_bp(lambda a, b: fn(a, b), x, y)
    assert (gx, gy) == (1.0, -quotient)
    assert _one_sided(lambda b: fn(x, b), y, 1e-7, continuous_side) == pytest.approx(gy, abs=1e-6)
    assert any(_one_sided(lambda a: fn(a, y), x, 1e-7, side) == pytest.approx(1.0, rel=1e-8, abs=0.0) for side in (-1, 1))
    assert wg.grad_bp(lambda a, b: a % b if fn is np.remainder else fn(a, b), x, y) == (gx, gy)


def test_remainder_operator_keeps_python_semantics_on_plain_values():
    with pytest.raises(ZeroDivisionError):
        wg.grad_bp(lambda x: x % 0.0, 1.0)
    with pytest.raises(ZeroDivisionError):
        wg.grad_bp(lambda x: divmod(x, 0.0)[1], 1.0)
    assert wg.eval_bp(lambda x: (-2.5) % x, 2.0) == (-2.5) % 2.0 == 1.5
    assert wg.eval_bp(lambda x: divmod(x, -2.0), 5.0) == divmod(5.0, -2.0)
    np.testing.assert_array_equal(wg.eval_bp(lambda v: v % 2.0, np.array([-2.5, 3.0])), [1.5, 1.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(7.0 % v), np.array([2.0, -3.0])), [-3.0, 3.0])


def test_divmod_quotient_carries_no_gradient():
    np.testing.assert_array_equal(wg.grad_bp(lambda x: np.sum(np.divmod(x, 0.7)[0] * x), np.array([1.5, -0.2])),
                                  np.divmod(np.array([1.5, -0.2]), 0.7)[0])
    assert wg.grad_bp(lambda y: divmod(2.5, y)[1], 0.7) == -3.0


def test_degrees_radians_exact():
    assert wg.grad_bp(np.degrees, 0.3) == 180.0 / np.pi
    assert wg.grad_bp(np.radians, 0.3) == np.pi / 180.0


def test_nan_to_num_gradient_is_zero_where_replaced():
    x = np.array([1.0, np.nan, np.inf, -np.inf, -2.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.nan_to_num(v) * 0.5), x), [0.5, 0, 0, 0, 0.5])


def test_nan_to_num_copy_false_does_not_overwrite_the_recorded_input():
    x = np.array([1.0, np.nan])
    g = wg.grad_bp(lambda v: np.sum(np.nan_to_num(v, copy=False)), x)
    np.testing.assert_array_equal(g, [1.0, 0.0])
    assert np.isnan(x[1])


def test_copysign_gradient_follows_the_sign_bits_and_is_zero_at_zero():
    x = np.array([2.0, -2.0, 0.0, -0.0, 3.0])
    y = np.array([-1.0, -1.0, 5.0, 5.0, -0.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.copysign(v, y)), x), [-1, 1, 0, 0, -1])
    # no gradient through the sign source (it is piecewise constant): zero, not an error
    assert wg.grad_bp(lambda b: np.copysign(2.0, b) * b, 3.0) == 2.0


def test_ldexp_and_frexp_exact():
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.ldexp(v, np.array([3, -1]))), np.ones(2)),
                                  [8.0, 0.5])
    # at a power of two the mantissa jumps from ~1 to 0.5: the returned piece's slope, 2**-3 at 4
    x = np.array([4.0, 3.0, -0.375])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.frexp(v)[0]), x), [0.125, 0.25, 2.0])
    assert _one_sided(lambda a: np.frexp(a)[0], 4.0, 1e-9, +1) == pytest.approx(0.125, rel=3e-7, abs=0.0)


def test_frexp_mantissa_at_zero_is_refused_and_its_exponent_alone_is_fine():
    with pytest.raises(ValueError, match="frexp.*x = 0"):
        wg.grad_bp(lambda v: np.sum(np.frexp(v)[0]), np.array([1.0, 0.0]))
    g = wg.grad_bp(lambda v: np.sum(np.frexp(v)[0] * np.array([1.0, 0.0])), np.array([1.0, 0.0]))
    np.testing.assert_array_equal(g, [0.5, 0.0])


def test_steps_and_type_tests_give_plain_values():
    def f(v):
        for out in (np.heaviside(v, 0.5), np.iscomplex(v), np.isreal(v)):
            assert not isinstance(out, wg.Var)
        return np.sum(v * np.heaviside(v, 0.5))
    np.testing.assert_array_equal(wg.grad_bp(f, np.array([-1.0, 0.0, 2.0])), [0.0, 0.5, 1.0])


def test_nan_to_num_of_a_complex_input_masks_each_part():
    z = np.array([complex(np.nan, 1.0), complex(np.inf, 2.0), complex(1.0, -np.inf), 1.0 + 1.0j])
    _, pullback = wg.vjp(np.nan_to_num, z)
    (g,) = pullback(np.array([1 + 2j, 3 + 4j, 5 + 6j, 7 + 8j]))
    np.testing.assert_array_equal(g, [2j, 4j, 5.0, 7 + 8j])


def test_arccosh_of_complex_numbers_left_of_the_imaginary_axis():
    # 1 / sqrt(z * z - 1) has the wrong sign there; arccosh'(z) = 1 / (sqrt(z - 1) sqrt(z + 1))
    z = np.array([-0.6 + 0.6j, 0.3 - 2.0j, 1.5 + 0.2j])
    g = wg.grad_bp(lambda v: np.real(np.sum(np.arccosh(v))), z)
    np.testing.assert_allclose(g, 1.0 / (np.sqrt(z - 1.0) * np.sqrt(z + 1.0)), rtol=1e-12)
    check_grads(lambda v: np.arccosh(v), z, order=2, modes=("rev", "fwd"))


def test_logistic_of_complex_numbers():
    # the two-branch formula compared complex numbers and took |z|: a wrong real value
    z = np.array([-0.6 + 0.6j, 1.0 + 1.0j])
    np.testing.assert_allclose(wg.eval_bp(wg.logistic, z), 1.0 / (1.0 + np.exp(-z)), rtol=1e-12)
    check_grads(wg.logistic, z, order=2, modes=("rev", "fwd"))


def test_sign_of_complex_numbers_is_refused_not_a_silent_zero():
    z = np.array([1.0 + 2.0j, -0.5 + 0.3j])
    with pytest.raises(wg.NoGradientRule, match="numpy.sign of complex.*z / np.abs"):
        wg.grad_bp(lambda v: np.real(np.sum(np.sign(v))), z)
    assert not isinstance(wg.eval_bp(np.sign, np.array([-2.0, 0.0, 3.0])), wg.Var)


def test_fmax_and_fmin_pass_the_gradient_to_the_value_beside_a_nan():
    # fmax(nan, y) is y: the rule gave y no gradient there (nan > y and nan == y are False)
    other = np.array([np.nan, 0.0, 2.0, 1.0])
    y = np.array([1.0, 1.0, 1.0, 1.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.fmax(other, v)), y), [1.0, 1.0, 0.0, 0.5])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.fmin(v, other)), y), [1.0, 0.0, 1.0, 0.5])


def test_heaviside_value_at_zero_has_a_gradient():
    # heaviside(x1, x2) is x2 where x1 == 0: a Var x2 was cut off (gradient 0)
    x1 = np.array([[0.0, -1.0, 2.0], [0.0, 0.0, np.nan]])
    g = wg.grad_bp(lambda h: np.sum(np.heaviside(x1, h) * np.array([1.0, 2.0, 3.0])), np.array([0.5, 0.2, 0.7]))
    np.testing.assert_array_equal(g, [2.0, 2.0, 0.0])
    np.testing.assert_array_equal(wg.eval_bp(lambda h: np.heaviside(x1, h), 0.25), np.heaviside(x1, 0.25))
    assert wg.grad_bp(lambda h: np.heaviside(0.0, h), 0.5) == 1.0
