"""average, cov, corrcoef, ptp and the NaN-skipping products and accumulations, against
central finite differences (tests/test_coverage.py runs these cases again at second order,
in forward mode, on complex inputs and under wengert.jit)."""
import warnings

import numpy as np
import pytest

import wengert as wg
from opcheck import REDUCTION_AXES, case, crand, gradient_test, rand, reduction

V = rand((4,), seed=21)
M = rand((2, 3), seed=22)
T = rand((2, 3, 2), seed=23)
DATA = rand((3, 5), seed=24)  # three variables, five observations
W3 = np.array([0.5, 0.0, 2.0])  # a weight of zero
NANS = np.array([[1.5, np.nan, -0.5, 2.0], [np.nan, np.nan, 0.7, -1.2], [0.0, 0.3, np.nan, 1.1]])
CUMULATIVE = hasattr(np, "cumulative_sum")  # NumPy >= 2.1


def _average_cases():
    return [
        *reduction(np.average, keepdims=(False,)),
        *[case(np.average, lambda a, ax=ax: np.average(a, axis=ax, keepdims=True), T, id=f"average-keep-{ax}")
          for ax in (None, 1, (0, 2))],
        case(np.average, lambda a: np.average(a, weights=M * M + 0.1), M, id="average-weights-same-shape"),
        case(np.average, lambda a, w: np.average(a, axis=1, weights=w), M, W3, id="average-weights-axis1-both"),
        case(np.average, lambda w: np.average(M, axis=-1, weights=w), W3, id="average-weights-only"),
        case(np.average, lambda a: np.average(a, axis=(0, 2), weights=np.array([[1.0, 0.0], [2.0, 3.0]])), T,
             id="average-weights-axis-tuple"),
        case(np.average, lambda a, w: np.average(a, axis=-1, weights=w, returned=True), M, W3,
             id="average-returned"),
        case(np.average, lambda a: np.average(a, returned=True), M, id="average-returned-unweighted"),
        case(np.average, lambda a, w: np.average(a, axis=1, weights=w, keepdims=True, returned=True), M, W3,
             id="average-keepdims-returned"),
        case(np.average, lambda a: np.average(a, weights=np.array([2.0, -1.0, 0.5, 0.0])), V,
             id="average-negative-weight"),
        case(np.average, np.average, 0.4, id="average-float"),
        case(np.average, lambda a: np.average(a, axis=0), rand((1, 3), seed=25), id="average-size-1"),
    ]


def _cov_cases():
    fw = np.array([1, 2, 0, 3, 1])
    aw = np.array([0.5, 1.0, 2.0, 0.0, 1.5])
    return [
        case(np.cov, np.cov, DATA),
        case(np.cov, lambda m: np.cov(m, rowvar=False), DATA.T, id="cov-rowvar-false"),
        case(np.cov, lambda m: np.cov(m, bias=True), DATA, id="cov-bias"),
        case(np.cov, lambda m: np.cov(m, ddof=2), DATA, id="cov-ddof2"),
        case(np.cov, lambda m: np.cov(m, fweights=fw), DATA, id="cov-fweights"),
        case(np.cov, lambda m: np.cov(m, aweights=aw), DATA, id="cov-aweights"),
        case(np.cov, lambda m: np.cov(m, fweights=fw, aweights=aw, ddof=1), DATA, id="cov-both-weights"),
        case(np.cov, lambda m: np.cov(m, aweights=aw, ddof=0), DATA, id="cov-aweights-ddof0"),
        case(np.cov, np.cov, DATA[0], DATA[1], id="cov-x-y"),
        case(np.cov, np.cov, DATA[0], id="cov-one-variable"),
        case(np.cov, lambda m: np.cov(m, rowvar=False), rand((4, 1), seed=26), id="cov-one-column"),
        case(np.corrcoef, np.corrcoef, DATA),
        case(np.corrcoef, lambda m: np.corrcoef(m, rowvar=False), DATA.T, id="corrcoef-rowvar-false"),
        case(np.corrcoef, np.corrcoef, DATA[0], DATA[2], id="corrcoef-x-y"),
        case(np.corrcoef, np.corrcoef, DATA[1], id="corrcoef-one-variable"),
    ]


def _ptp_cases():
    return [
        *reduction(np.ptp, axes=[a for a in REDUCTION_AXES if a[0] != ()]),
        # ties are kinks (no second derivative for central differences to check): see
        # test_ptp_ties_share_and_complex_is_refused
    ]


def _nan_cases():
    nan_axes = [(None, False), (0, False), (1, True), (-1, False), ((0, 1), True)]
    cases = [*reduction(np.nanprod, axes=[a for a in REDUCTION_AXES if a[0] != ()])]
    cases += [case(np.nanprod, lambda a, ax=ax, k=k: np.nanprod(a, axis=ax, keepdims=k), NANS,
                   id=f"nanprod-nans-axis{ax}-keep{k}") for ax, k in nan_axes]
    cases.append(case(np.nanprod, np.nanprod, np.array([2.0, np.nan, 0.0, 3.0]), id="nanprod-zero"))
    for fn in (np.nancumsum, np.nancumprod):
        cases += [case(fn, lambda a, ax=ax, fn=fn: fn(a, axis=ax), x, id=f"{fn.__name__}-{x.ndim}d-axis{ax}")
                  for x, ax in ((V, None), (M, 0), (M, -1), (NANS, None), (NANS, 1), (NANS, -2))]
        cases.append(case(fn, fn, 0.6, id=f"{fn.__name__}-float"))
    cases.append(case(np.nancumprod, lambda a: np.nancumprod(a, axis=1),
                      np.array([[1.5, 0.0, np.nan, 2.0], [np.nan, 0.0, 0.0, -1.0]]), id="nancumprod-zeros"))
    complex_nans = np.where(np.isnan(NANS), np.nan, crand((3, 4), seed=27))
    cases.append(case(np.nanprod, lambda z: np.nanprod(z, axis=0), complex_nans,
                      id="nanprod-complex-nans"))
    return cases


def _cumulative_cases():
    if not CUMULATIVE:
        return []
    cases = []
    for fn in (np.cumulative_sum, np.cumulative_prod):
        name = fn.__name__
        cases += [
            case(fn, fn, V, id=f"{name}-1d"),
            case(fn, lambda a, fn=fn: fn(a, axis=0, include_initial=True), M, id=f"{name}-axis0-initial"),
            case(fn, lambda a, fn=fn: fn(a, axis=-1), T, id=f"{name}-axis-1"),
            case(fn, lambda a, fn=fn: fn(a, include_initial=True), rand((), seed=28), id=f"{name}-0d-initial"),
        ]
    cases.append(case(np.cumulative_prod, lambda a: np.cumulative_prod(a, axis=1, include_initial=True),
                      np.array([[2.0, 0.0, 3.0], [0.0, 0.0, -1.0]]), id="cumulative_prod-zeros"))
    return cases


CASES = [*_average_cases(), *_cov_cases(), *_ptp_cases(), *_nan_cases(), *_cumulative_cases()]

test_gradient = gradient_test(CASES)


def _same(a, b):
    """Bit-for-bit equality (NaNs equal), dtype and shape included."""
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype and a.shape == b.shape, (a, b)
    np.testing.assert_array_equal(a, b)


def assert_numpys_values(f, args):
    """``f(*args)`` recorded on Vars gives NumPy's values, to the bit (each output of a tuple)."""
    ours = wg.stop_gradient(wg.vjp(f, *args)[0])
    theirs = f(*args)
    pairs = zip(ours, theirs) if isinstance(theirs, tuple) else ((ours, theirs),)
    for o, t in pairs:
        _same(o, t)


@pytest.mark.parametrize("f, args", [
    (lambda a: np.average(a, axis=1), (M,)),
    (lambda a, w: np.average(a, axis=1, weights=w, returned=True), (M, W3)),
    (lambda a: np.average(a, axis=(0, 2), weights=np.array([[1.0, 0.0], [2.0, 3.0]]), keepdims=True), (T,)),
    (lambda a: np.average(a.astype(np.float32), weights=np.arange(6.0).reshape(2, 3)), (M,)),
    (lambda m: np.cov(m, fweights=[1, 2, 0, 3, 1], aweights=[0.5, 1.0, 2.0, 0.0, 1.5]), (DATA,)),
    (lambda m: np.cov(m, rowvar=False, bias=True), (DATA.T,)),
    (np.cov, (DATA[0], DATA[1])),
    (np.corrcoef, (DATA,)),
    (np.corrcoef, (DATA[1],)),
    (np.corrcoef, (crand((3, 5), seed=29),)),
    (lambda a: np.ptp(a, axis=1, keepdims=True), (M,)),
    (lambda a: np.nanprod(a, axis=1), (NANS,)),
    (lambda a: np.nancumsum(a, axis=0), (NANS,)),
    (np.nancumprod, (NANS,)),
])
def test_values_are_numpys_to_the_bit(f, args):
    assert_numpys_values(f, args)


def test_average_exact():
    a, w = np.array([1.0, 2.0, 4.0]), np.array([1.0, 0.0, 3.0])
    # d/da = w / sum(w); d/dw_i = (a_i - avg) / sum(w), also where w_i = 0
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.average(v, weights=w), a), [0.25, 0.0, 0.75])
    np.testing.assert_allclose(wg.grad_bp(lambda u: np.average(a, weights=u), w), (a - 13 / 4) / 4, rtol=1e-15)
    np.testing.assert_array_equal(wg.grad_bp(lambda u: np.average(a, weights=u, returned=True)[1], w), [1.0, 1.0, 1.0])


def test_average_errors_are_numpys():
    with pytest.raises(ZeroDivisionError, match="Weights sum to zero"):
        wg.grad_bp(lambda v: np.average(v, weights=np.array([1.0, -1.0])), np.ones(2))
    with pytest.raises(TypeError, match="Axis must be specified"):
        wg.grad_bp(lambda v: np.average(v, weights=np.ones(3)), M)
    with pytest.raises(ValueError, match="consistent with shape"):
        wg.grad_bp(lambda v: np.average(v, axis=0, weights=np.ones(3)), M)


def test_cov_exact_and_fweights_are_constants():
    x = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 2.0]])
    # sum(cov) with ddof 1: d/dx_ki = 2 * sum_l (x_li - mean_l) / (n - 1)
    centred = x - x.mean(axis=1, keepdims=True)
    np.testing.assert_allclose(wg.grad_bp(lambda m: np.sum(np.cov(m)), x), np.tile(centred.sum(axis=0), (2, 1)), rtol=1e-15)
    with pytest.raises(wg.NoGradientRule, match="no gradient in fweights"):  # (aweights: test_ops_conversions_windows_emath_cov)
        wg.grad_bp(lambda w: np.sum(np.cov(x, fweights=w)), np.ones(3))
    with pytest.raises(TypeError, match="fweights must be integer"):
        wg.grad_bp(lambda m: np.sum(np.cov(m, fweights=[1.5, 1, 1])), x)
    with pytest.warns(RuntimeWarning, match="Degrees of freedom"), np.errstate(divide="ignore", invalid="ignore"):
        np.cov(x[:, :1], ddof=1)  # NumPy's own warning, as wengert gives it:
    with pytest.warns(RuntimeWarning, match="Degrees of freedom"), np.errstate(divide="ignore", invalid="ignore"):
        wg.grad_bp(lambda m: np.sum(np.cov(m, ddof=1)), x[:, :1])


def test_corrcoef_of_one_variable_has_zero_gradient():
    np.testing.assert_array_equal(wg.grad_bp(np.corrcoef, DATA[0]), np.zeros(5))


def test_ptp_ties_share_and_complex_is_refused():
    np.testing.assert_array_equal(wg.grad_bp(np.ptp, np.array([1.0, 3.0, 3.0, 1.0, 2.0])),
                                  [-0.5, 0.5, 0.5, -0.5, 0.0])
    np.testing.assert_array_equal(wg.grad_bp(np.ptp, np.array([2.0, 2.0])), [0.0, 0.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.ptp(v, axis=0)), np.array([[1.0, 2.0], [1.0, 0.5]])),
                                  [[0.0, 1.0], [0.0, -1.0]])
    # the shared gradient is piecewise constant: its derivative is 0 away from a tie; at
    # one it was 0 too, the derivative of the convention, which is wrong for ptp(x)**2
    # (its Hessian at a tie does not exist): refused now
    np.testing.assert_array_equal(wg.hessian(np.ptp)(np.array([1.0, 3.0, 2.0])), np.zeros((3, 3)))
    with pytest.raises(wg.NoGradientRule, match=r"numpy\.max.*tied"):
        wg.hessian(np.ptp)(np.array([1.0, 3.0, 3.0]))
    with pytest.raises(wg.NoGradientRule, match="numpy.ptp of complex numbers"):
        wg.grad_bp(lambda z: np.real(np.ptp(z)), np.array([1 + 1j, 2 - 1j]))


def test_nan_functions_exact():
    x = np.array([2.0, np.nan, 0.0, 3.0])
    np.testing.assert_array_equal(wg.grad_bp(np.nanprod, x), [0.0, 0.0, 6.0, 0.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.nancumsum(v)), x), [4.0, 0.0, 2.0, 1.0])
    # sum(nancumprod) = x0 + x0 + x0 x2 + x0 x2 x3 (NaN counted as 1)
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.nancumprod(v)), x), [2.0, 0.0, 8.0, 0.0])
    # where= and initial= as np.prod's (they were refused)
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.nanprod(v, where=np.array([1, 1, 0, 1], bool), initial=2.0), x),
                                  [6.0, 0.0, 0.0, 4.0])


@pytest.mark.skipif(not CUMULATIVE, reason="np.cumulative_sum and np.cumulative_prod: NumPy >= 2.1")
def test_cumulative_functions_exact():
    x = np.array([2.0, 0.0, 3.0])
    _same(wg.stop_gradient(wg.vjp(lambda v: np.cumulative_sum(v, include_initial=True), x)[0]),
          np.cumulative_sum(x, include_initial=True))
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.cumulative_prod(v, include_initial=True)), x),
                                  [1.0, 8.0, 0.0])
    with pytest.raises(ValueError, match="axis"):
        wg.grad_bp(lambda v: np.sum(np.cumulative_sum(v)), M)


@pytest.mark.skipif(CUMULATIVE, reason="NumPy < 2.1 has no np.cumulative_sum")
def test_cumulative_functions_are_not_claimed_before_numpy_2_1():
    import wengert.numpy as wnp
    assert "cumulative_sum" not in wnp.supported() and "cumulative_prod" not in wnp.supported()


def test_no_warning_on_the_gradient_path():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wg.grad_bp(lambda m: np.sum(np.corrcoef(m)), DATA)
