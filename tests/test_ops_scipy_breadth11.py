"""(breadth11) SciPy functions added by breadth11: ``scipy.signal``'s ``correlate``,
``fftconvolve``, ``convolve2d`` and ``correlate2d`` (bilinear, in both arguments, every mode,
real and complex), ``scipy.integrate``'s ``trapezoid`` and ``cumulative_trapezoid`` (in ``y``,
``x`` and ``dx``), and ``scipy.special``'s two-output ``sici`` and ``fresnel``. Also NumPy's
functions without dispatch (``np.kaiser``, ``np.hanning``...) called on a Var: a clear error
naming wengert.numpy's version.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's and
the refusals at the points where a rule does not hold.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.integrate as si  # noqa: E402
import scipy.signal as ss  # noqa: E402
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402
import wengert.scipy.integrate as wsi  # noqa: E402
import wengert.scipy.signal as wss  # noqa: E402
from opcheck import case, crand, gradient_test, ids, rand  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

SIGNAL = ("correlate", "fftconvolve", "convolve2d", "correlate2d")
INTEGRATE = ("trapezoid", "cumulative_trapezoid")
SPECIAL = ("sici", "fresnel")


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


Y = rand((3, 5), seed=40)
X1 = np.cumsum(rand((5,), low=0.1, high=1.0, seed=41))
X2 = np.cumsum(rand((3, 5), low=0.1, high=1.0, seed=42), axis=1)
S = np.array([-2.5, -0.3, 0.0, 0.4, 3.0])

CASES = [
    *_signal_cases(),
    # -- the trapezoidal rule: in y, x (1-d or y's shape), dx; both axes; initial=0
    case(wsi.trapezoid, wsi.trapezoid, Y, id="trapezoid"),
    case(wsi.trapezoid, lambda y, x: wsi.trapezoid(y, x), Y, X1, id="trapezoid-x"),
    case(wsi.trapezoid, lambda y, dx: wsi.trapezoid(y, dx=dx, axis=0), Y, 0.3, id="trapezoid-dx-axis0"),
    case(wsi.cumulative_trapezoid, wsi.cumulative_trapezoid, Y, id="cumulative_trapezoid"),
    case(wsi.cumulative_trapezoid, lambda y, x: wsi.cumulative_trapezoid(y, x, initial=0), Y, X1,
         id="cumulative_trapezoid-x-initial"),
    case(wsi.cumulative_trapezoid, lambda y, x: wsi.cumulative_trapezoid(y, x, axis=-1), Y, X2,
         id="cumulative_trapezoid-x-full"),
    case(wsi.cumulative_trapezoid, lambda y, dx: wsi.cumulative_trapezoid(y, dx=dx, axis=0, initial=0), Y, 0.7,
         id="cumulative_trapezoid-dx-axis0"),
    case(wsi.cumulative_trapezoid, wsi.cumulative_trapezoid, rand((2,), seed=43), id="cumulative_trapezoid-two-points"),
    # -- sici and fresnel: each output, both together; 0 (si, S, C only: ci is -inf there)
    *[case(f, lambda x, f=f: f(x)[0] * f(x)[1], x, id=f"{f.__name__}-{xid}")
      for f in (sc.sici, sc.fresnel) for xid, x in (("vector", S[S != 0]), ("float", 0.7), ("matrix", rand((2, 3), seed=44)))],
    case(sc.sici, lambda x: sc.sici(x)[0], S, id="sici-si-at-0"),
    case(sc.sici, lambda x: sc.sici(x)[1], S[S != 0], id="sici-ci"),
    case(sc.fresnel, lambda x: sc.fresnel(x)[0], S, id="fresnel-S-at-0"),
    case(sc.fresnel, lambda x: sc.fresnel(x)[1], S, id="fresnel-C-at-0"),
    case(sc.sici, lambda z: sc.sici(z)[1], crand((3,), seed=45) + 0.5, id="sici-complex"),
    case(sc.fresnel, lambda z: sc.fresnel(z)[0] + sc.fresnel(z)[1], crand((3,), seed=46), id="fresnel-complex"),
]

test_gradient = gradient_test(CASES)


def test_every_function_is_listed_and_has_a_case():
    table = wengert.scipy.supported()
    names = ([f"signal.{n}" for n in SIGNAL] + [f"integrate.{n}" for n in INTEGRATE]
             + [f"special.{n}" for n in SPECIAL])
    assert [n for n in names if table.get(n) != "gradient"] == []
    covered = {id(fn) for c in CASES for fn in c.covers}
    functions = [getattr(wss, n) for n in SIGNAL] + [getattr(wsi, n) for n in INTEGRATE] + [sc.sici, sc.fresnel]
    assert [f for f in functions if id(f) not in covered] == []


SCIPYS = {**{n: getattr(ss, n) for n in SIGNAL}, **{n: getattr(si, n) for n in INTEGRATE}}
VALUE_CASES = [c for c in CASES if c.covers[0].__name__ in SCIPYS]


@pytest.mark.parametrize("c", VALUE_CASES, ids=ids(VALUE_CASES))
def test_values_are_scipys(c, monkeypatch):
    value = c.f(*c.args)
    name = c.covers[0].__name__
    monkeypatch.setattr(wss if name in SIGNAL else wsi, name, SCIPYS[name])
    reference = c.f(*c.args)
    assert np.result_type(value) == np.result_type(reference)
    np.testing.assert_allclose(value, reference, rtol=1e-12, atol=1e-12)


def test_a_correlation_is_the_convolution_with_the_other_argument_reversed_and_conjugated():
    a, b = crand((5,), seed=50), crand((3,), seed=51)
    for mode in ("full", "same", "valid"):
        np.testing.assert_allclose(wss.correlate(a, b, mode=mode), ss.convolve(a, np.flip(np.conj(b)), mode=mode))
        np.testing.assert_allclose(wss.correlate(b, a, mode=mode), ss.convolve(b, np.flip(np.conj(a)), mode=mode))
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
    np.testing.assert_allclose(wss.correlate2d(a.real, b.real, mode="valid"), ss.correlate2d(a.real, b.real, "valid"))


def test_2d_functions_refuse_other_dimensions():
    with pytest.raises(ValueError, match="2-D"):
        wg.grad_bp(lambda x: np.sum(wss.convolve2d(x, np.ones(2))), np.ones(3))


def test_cumulative_trapezoid_initial_other_than_zero_is_refused():
    with pytest.raises(ValueError, match="`initial` must be None or 0"):
        wsi.cumulative_trapezoid(np.ones(3), initial=1.0)
    with pytest.raises(ValueError, match="`initial` must be None or 0"):
        wg.grad_bp(lambda c: np.sum(wsi.cumulative_trapezoid(np.ones(3), initial=c)), 0.0)


def test_sici_and_fresnel_derivatives_are_the_closed_forms():
    x = np.array([-2.0, 0.5, 3.0])
    np.testing.assert_allclose(wg.grad_bp(lambda x: np.sum(sc.sici(x)[0]), x), np.sin(x) / x, rtol=1e-14)
    np.testing.assert_allclose(wg.grad_bp(lambda x: np.sum(sc.sici(x)[1]), x), np.cos(x) / x, rtol=1e-14)
    np.testing.assert_allclose(wg.grad_bp(lambda x: np.sum(sc.fresnel(x)[0]), x), np.sin(np.pi * x * x / 2), rtol=1e-14)
    np.testing.assert_allclose(wg.grad_bp(lambda x: np.sum(sc.fresnel(x)[1]), x), np.cos(np.pi * x * x / 2), rtol=1e-14)
    assert wg.grad_bp(lambda x: sc.sici(x)[0], 0.0) == 1.0  # sinc: 1 at 0


def test_ci_has_no_derivative_at_zero():
    # ci(0) = -inf and ci(|x|) ~ log|x| has no derivative there: NaN, without a warning
    g = wg.grad_bp(lambda x: np.sum(sc.sici(x)[1]), np.array([0.0, 1.0]))
    assert np.isnan(g[0]) and g[1] == pytest.approx(np.cos(1.0))


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
