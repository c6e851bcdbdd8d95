"""``scipy.signal``'s ``correlate``, ``fftconvolve``, ``convolve2d`` and ``correlate2d`` (bilinear,
in both arguments, every mode, real and complex) and ``detrend``; NumPy's functions without
dispatch (``np.kaiser``, ``np.hanning``...) called on a Var: a clear error naming
wengert.numpy's version.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's and
the refusals at the points where a rule does not hold.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.signal as ss  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402
import wengert.scipy.signal as wss  # noqa: E402
from opcheck import case, check_both_modes, crand, gradient_test, ids, listing_test, rand, values_are_scipys  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

SIGNAL = ("correlate", "fftconvolve", "convolve2d", "correlate2d")


def _signal(name, mode, **kwargs):
    return lambda a, b: getattr(wss, name)(a, b, mode=mode, **kwargs)


#: (shape of in1, shape of in2): in1 larger, in2 larger ('valid' swaps them), size 1, equal
SHAPES_1D = [((5,), (3,)), ((3,), (5,)), ((1,), (4,)), ((4,), (4,))]
SHAPES_2D = [((4, 3), (2, 2)), ((2, 2), (3, 4)), ((3, 3), (1, 1)), ((1, 4), (1, 2))]


def _signal_cases():
    cases = []
    for name in SIGNAL:
        shapes = SHAPES_2D if name.endswith("2d") else SHAPES_1D + SHAPES_2D[:2]
        for k, (s1, s2) in enumerate(shapes):
            for mode in ("full", "same", "valid"):
                cases.append(case(getattr(wss, name), _signal(name, mode), rand(s1, seed=k), rand(s2, seed=k + 10),
                                  id=f"{name}-{s1}-{s2}-{mode}"))
        # complex arguments (correlate conjugates the second one); correlate2d's swapped
        # 'valid' with complex inputs is refused (test below)
        for mode in ("full", "same", "valid"):
            s1, s2 = ((4, 3), (2, 2)) if name.endswith("2d") else ((5,), (3,))
            cases.append(case(getattr(wss, name), _signal(name, mode), crand(s1, seed=20), crand(s2, seed=21),
                              id=f"{name}-complex-{mode}"))
        s1, s2 = ((3, 3), (2, 2)) if name.endswith("2d") else ((4,), (3,))
        cases.append(case(getattr(wss, name), _signal(name, "same"), rand(s1, seed=22), crand(s2, seed=23),
                          id=f"{name}-real-complex"))
        cases.append(case(getattr(wss, name), lambda x, name=name: getattr(wss, name)(x, x), rand(s1, seed=24),
                          id=f"{name}-self"))
    for method in ("direct", "fft"):
        cases.append(case(wss.correlate, _signal("correlate", "valid", method=method), rand((3, 5), seed=30),
                          rand((2, 2), seed=31), id=f"correlate-{method}"))
    return cases



# -- scipy.signal.detrend -----------------------------------------------------------

DETREND_X = rand((4, 7), seed=100)
DETREND_OPTIONS = [{}, {"type": "constant"}, {"axis": 0}, {"bp": 3}, {"bp": [2, 5]}, {"bp": [1]},
                   {"type": "constant", "axis": 0}]
DETREND_CASES = [
    *[case(wss.detrend, lambda x, kw=kw: wss.detrend(x, **kw), DETREND_X, id=f"detrend-{k}")
      for k, kw in enumerate(DETREND_OPTIONS)],
    case(wss.detrend, wss.detrend, crand((5,), seed=101), id="detrend-complex"),
    case(wss.detrend, wss.detrend, rand((2,), seed=102), id="detrend-two-points"),
]

CASES = [*_signal_cases(), *DETREND_CASES]
test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(
    [f"signal.{n}" for n in SIGNAL], [getattr(wss, n) for n in SIGNAL], CASES)

NAMESPACES = {n: (wss, ss) for n in SIGNAL}
VALUE_CASES = [c for c in CASES if c.covers[0].__name__ in NAMESPACES]


@pytest.mark.parametrize("c", VALUE_CASES, ids=ids(VALUE_CASES))
def test_values_are_scipys(c, monkeypatch):
    values_are_scipys(c, monkeypatch, NAMESPACES)


def test_a_correlation_is_the_convolution_with_the_other_argument_reversed_and_conjugated():
    a, b = crand((5,), seed=50), crand((3,), seed=51)
    for mode in ("full", "same", "valid"):
        np.testing.assert_allclose(wss.correlate(a, b, mode=mode), ss.convolve(a, np.flip(np.conj(b)), mode=mode), rtol=1e-15)
        np.testing.assert_allclose(wss.correlate(b, a, mode=mode), ss.convolve(b, np.flip(np.conj(a)), mode=mode), rtol=1e-15)
    # correlate2d's 'same' is centred as the flipped convolution: a 2x2 kernel moves it by one
    x, k = rand((4, 3), seed=52), rand((2, 2), seed=53)
    assert not np.allclose(wss.correlate2d(x, k, mode="same"), wss.correlate(x, k, mode="same"))
    g = wg.grad_bp(lambda x: np.sum(wss.correlate2d(x, k, mode="same") * np.arange(12.0).reshape(4, 3)), x)
    np.testing.assert_allclose(g, _numeric_gradient(x, k), rtol=1e-12)


def _numeric_gradient(x, k):
    weights = np.arange(12.0).reshape(4, 3)
    out = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = 1.0  # bilinear: the finite difference of a unit step is exact
        out[index] = np.sum(weights * ss.correlate2d(step, k, mode="same"))
    return out


def test_the_gradient_of_an_empty_input_is_empty():
    # (fftconvolve returns an empty array there; correlate and convolve raise SciPy's error)
    gx, gk = wg.grad(lambda x, k: np.sum(wss.fftconvolve(x, k)), argnums=(0, 1))(np.ones(3), np.ones(0))
    assert gx.shape == (3,) and gk.shape == (0,) and np.all(gx == 0)


@pytest.mark.parametrize("call", [
    lambda x: wss.convolve2d(x, np.ones((2, 2)), boundary="wrap"),
    lambda x: wss.correlate2d(x, np.ones((2, 2)), boundary="symm"),
    lambda x: wss.convolve2d(x, np.ones((2, 2)), fillvalue=1.0),
], ids=["convolve2d-wrap", "correlate2d-symm", "convolve2d-fillvalue"])
def test_other_boundaries_are_refused(call):
    with pytest.raises(ValueError, match="boundary='fill' with fillvalue=0 only"):
        wg.grad_bp(lambda x: np.sum(call(x)), np.ones((3, 3)))


def test_fftconvolve_over_some_axes_is_refused():
    with pytest.raises(ValueError, match="axes=None"):
        wg.grad_bp(lambda x: np.sum(wss.fftconvolve(x, np.ones((1, 2)), axes=1)), np.ones((2, 3)))


def test_complex_correlate2d_that_scipy_swaps_is_refused():
    # SciPy conjugates the other argument there: not correlate's definition
    a, b = crand((2, 2), seed=60), crand((3, 4), seed=61)
    assert not np.allclose(ss.correlate2d(a, b, "valid"), ss.convolve2d(a, np.flip(np.conj(b)), "valid"))
    with pytest.raises(ValueError, match="scipy.signal.correlate2d: complex inputs with mode='valid'"):
        wss.correlate2d(a, b, mode="valid")
    np.testing.assert_allclose(wss.correlate2d(a.real, b.real, mode="valid"), ss.correlate2d(a.real, b.real, "valid"), rtol=1e-15)


def test_2d_functions_refuse_other_dimensions():
    with pytest.raises(ValueError, match="2-D"):
        wg.grad_bp(lambda x: np.sum(wss.convolve2d(x, np.ones(2))), np.ones(3))



@pytest.mark.parametrize("call", [lambda v: np.kaiser(5, v), lambda v: np.hanning(v), lambda v: np.hamming(v),
                                  lambda v: np.blackman(v), lambda v: np.bartlett(v)],
                         ids=["kaiser", "hanning", "hamming", "blackman", "bartlett"])
def test_numpy_functions_without_dispatch_name_wengerts_version(call):
    # NumPy's windows convert their arguments: the error names wengert.numpy's window, which
    # differentiates kaiser's beta and refuses a Var length with its reason
    with pytest.raises(TypeError, match=r"has no NumPy dispatch.*wengert\.numpy\.(kaiser|hanning|hamming|blackman|bartlett)"):
        wg.grad_bp(lambda v: np.sum(call(v)), 4.0)


def test_the_signal_functions_differentiate_to_second_order_in_both_arguments():
    a, b = rand((4,), seed=70), rand((3,), seed=71)
    for name in ("correlate", "fftconvolve"):
        check_grads(lambda x, y, name=name: getattr(wss, name)(x, y) ** 3, a, b, order=2, modes=("rev", "fwd"))



@pytest.mark.parametrize("c", DETREND_CASES, ids=ids(DETREND_CASES))
def test_detrend_values_are_scipys(c, monkeypatch):
    values_are_scipys(c, monkeypatch, {"detrend": (wss, ss)})


def test_detrend_is_listed_and_refuses_bad_arguments():
    assert wengert.scipy.supported()["signal.detrend"] == "gradient"
    with pytest.raises(ValueError, match="Trend type must be 'linear' or 'constant'"):
        wss.detrend(np.ones(3), type="quadratic")
    with pytest.raises(ValueError, match="Breakpoints must be less than length"):
        wss.detrend(np.ones(3), bp=5)
    ours, theirs = wss.detrend(np.array([1, 2, 4])), ss.detrend(np.array([1, 2, 4]))  # integers: floats
    assert ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)



# -- detrend (found right) ------------------------------------------------------------

@pytest.mark.parametrize("shape, axis, kind, bp", [
    ((6,), -1, "linear", 0), ((6,), -1, "linear", [2, 4]), ((5, 4), 0, "linear", 0), ((5, 4), -1, "constant", 0),
    ((3, 7), 1, "linear", [3]), ((7,), 0, "linear", [6]), ((7,), 0, "linear", [1]), ((1,), -1, "linear", 0),
    ((2,), -1, "l", 0)])
def test_detrend(shape, axis, kind, bp):
    rng = np.random.default_rng(len(shape) + shape[0])
    x, w = rng.normal(size=shape), rng.normal(size=shape)
    np.testing.assert_allclose(wss.detrend(x, axis=axis, type=kind, bp=bp),
                               ss.detrend(x, axis=axis, type=kind, bp=bp), atol=1e-12)
    z = x + 1j * rng.normal(size=shape)
    np.testing.assert_allclose(wss.detrend(z, axis=axis, type=kind, bp=bp),
                               ss.detrend(z, axis=axis, type=kind, bp=bp), atol=1e-12)
    check_both_modes(lambda x: np.sum(w * wss.detrend(x, axis=axis, type=kind, bp=bp) ** 2), x)
