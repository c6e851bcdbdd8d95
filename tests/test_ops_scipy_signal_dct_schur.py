"""SciPy functions: ``scipy.signal``'s ``correlate``,
``fftconvolve``, ``convolve2d`` and ``correlate2d`` (bilinear, in both arguments, every mode,
real and complex), ``scipy.integrate``'s ``trapezoid`` and ``cumulative_trapezoid`` (in ``y``,
``x`` and ``dx``), ``scipy.special``'s two-output ``sici`` and ``fresnel``, ``binom`` (refused
at the poles of its gamma functions), ``factorial`` and ``comb`` (``exact=False``), and
``scipy.linalg.schur`` (real, with real distinct eigenvalues; refused elsewhere); then
``scipy.fft``'s ``dct``, ``idct``, ``dctn``, ``idctn`` (every type and norm) and
``scipy.linalg``'s ``companion``, ``leslie``, ``fiedler`` and ``convolution_matrix``, and
``scipy.signal.detrend``. Also NumPy's
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
import scipy.fft as sf  # noqa: E402
import scipy.linalg as sl  # noqa: E402
import scipy.signal as ss  # noqa: E402
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402
import wengert.scipy.fft as wsf  # noqa: E402
import wengert.scipy.integrate as wsi  # noqa: E402
import wengert.scipy.linalg as wsl  # noqa: E402
import wengert.scipy.signal as wss  # noqa: E402
import wengert.scipy.special as wsp  # noqa: E402
from opcheck import case, check_both_modes, crand, gradient_test, ids, rand  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

SIGNAL = ("correlate", "fftconvolve", "convolve2d", "correlate2d")
INTEGRATE = ("trapezoid", "cumulative_trapezoid")
SPECIAL = ("sici", "fresnel", "binom", "factorial", "comb")
LINALG = ("schur",)


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
N = np.array([0.5, 2.0, 3.7, 7.0])
K = np.array([0.3, 1.0, 2.5, 3.0])


def _real_eigenvalues(n, seed):
    """A nonsymmetric n x n matrix with real eigenvalues about 3 apart."""
    rng = np.random.default_rng(seed)
    return np.triu(rng.normal(size=(n, n))) + np.diag(np.arange(n) * 3.0) + 0.1 * rng.normal(size=(n, n))


def _weighted_schur(part, seed):
    weights = rand((4, 4), seed=seed)
    return lambda a: np.sum(weights[:a.shape[0], :a.shape[0]] * wsl.schur(a)[part])


SYMMETRIC = rand((4, 4), seed=80) + rand((4, 4), seed=80).T

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
    # -- binom in n and k: inside 0 <= k <= n, integers, negative n (its polynomial in n), broadcasting
    case(sc.binom, sc.binom, N, K, id="binom"),
    case(sc.binom, sc.binom, np.array([-2.5, -0.5, 4.0]), np.array([[3.0], [1.25]]), id="binom-negative-n"),
    case(sc.binom, lambda n: sc.binom(n, 2.0), 6.0, id="binom-float"),
    # -- factorial: gamma(n + 1), 0 below 0 (right-hand derivative at 0); comb: binom inside, 0 outside
    case(wsp.factorial, wsp.factorial, np.array([0.5, 3.0, 2.2, -0.5, -2.0]), id="factorial"),
    case(wsp.factorial, wsp.factorial, 4.0, id="factorial-float"),
    case(wsp.comb, wsp.comb, N, K, id="comb"),
    case(wsp.comb, wsp.comb, np.array([2.0, 5.0, -1.0]), np.array([3.5, -0.5, 0.5]), id="comb-outside"),
    case(wsp.comb, lambda n, k: wsp.comb(n, k, repetition=True), N, K, id="comb-repetition"),
    # -- schur: T, Z, both; sizes 1 to 4, a symmetric matrix (Z its eigenvectors)
    *[case(wsl.schur, _weighted_schur(part, seed=81 + n), _real_eigenvalues(n, seed=n), id=f"schur-{n}-{name}")
      for n in (1, 2, 3, 4) for part, name in ((0, "T"), (1, "Z"))],
    case(wsl.schur, lambda a: wsl.schur(a)[0] @ wsl.schur(a)[1], _real_eigenvalues(3, seed=7), id="schur-both"),
    case(wsl.schur, lambda a: wsl.schur(a)[1], SYMMETRIC, id="schur-symmetric"),
]

test_gradient = gradient_test(CASES)


def test_every_function_is_listed_and_has_a_case():
    table = wengert.scipy.supported()
    names = ([f"signal.{n}" for n in SIGNAL] + [f"integrate.{n}" for n in INTEGRATE]
             + [f"special.{n}" for n in SPECIAL] + [f"linalg.{n}" for n in LINALG])
    assert [n for n in names if table.get(n) != "gradient"] == []
    covered = {id(fn) for c in CASES for fn in c.covers}
    functions = ([getattr(wss, n) for n in SIGNAL] + [getattr(wsi, n) for n in INTEGRATE]
                 + [sc.sici, sc.fresnel, sc.binom, wsp.factorial, wsp.comb, wsl.schur])
    assert [f for f in functions if id(f) not in covered] == []


def _values_are_scipys(c, monkeypatch, namespaces, exact=False):
    """``c`` run with wengert's function and then with SciPy's in its place (``namespaces``:
    name -> (wengert's namespace, SciPy's)): the same result type, the same values."""
    value = c.f(*c.args)
    name = c.covers[0].__name__
    ours, theirs = namespaces[name]
    monkeypatch.setattr(ours, name, getattr(theirs, name))
    reference = c.f(*c.args)
    assert np.result_type(value) == np.result_type(reference)
    if exact:  # the same calls: SciPy's values to the bit
        np.testing.assert_array_equal(value, reference)
    else:
        np.testing.assert_allclose(value, reference, rtol=1e-12, atol=1e-12)


NAMESPACES = {**{n: (wss, ss) for n in SIGNAL}, **{n: (wsi, si) for n in INTEGRATE}}
VALUE_CASES = [c for c in CASES if c.covers[0].__name__ in NAMESPACES]


@pytest.mark.parametrize("c", VALUE_CASES, ids=ids(VALUE_CASES))
def test_values_are_scipys(c, monkeypatch):
    _values_are_scipys(c, monkeypatch, NAMESPACES)


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


@pytest.mark.parametrize("n, k", [(2.0, 3.0), (-1.0, 0.5), (3.0, -1.0), (-2.0, 1.0)],
                         ids=["n-k+1=0", "n+1=0", "k+1=0", "n+1=-1"])
def test_binom_is_refused_at_the_poles_of_its_gamma_functions(n, k):
    # binom has a derivative there (1/Gamma is entire), but the digamma formula gives 0 * inf
    with pytest.raises(wg.NoGradientRule, match=r"scipy.special.binom\(n, k\): n \+ 1, k \+ 1 or n - k \+ 1"):
        wg.grad(lambda n, k: sc.binom(n, k), argnums=(0, 1))(n, k)


def test_binom_derivatives_are_the_closed_forms():
    # binom(n, 2) = n (n - 1) / 2: d/dn = n - 1/2; binom(5, k) at k = 2 against central differences
    assert wg.grad_bp(lambda n: sc.binom(n, 2.0), 6.0) == pytest.approx(5.5, rel=1e-14, abs=0)
    h = 1e-6
    assert wg.grad_bp(lambda k: sc.binom(5.0, k), 2.0) == pytest.approx(
        (sc.binom(5.0, 2.0 + h) - sc.binom(5.0, 2.0 - h)) / (2 * h), rel=1e-8)


@pytest.mark.parametrize("args", [(np.array([2.5, -1.0, 0.0, 3.0, np.nan]),), (3.0,), (np.array(2.5),)])
def test_factorial_values_are_scipys(args):
    np.testing.assert_array_equal(wg.eval_bp(wsp.factorial, *args), sc.factorial(*args))
    np.testing.assert_array_equal(wsp.factorial(*args), sc.factorial(*args))


@pytest.mark.parametrize("repetition", [False, True])
def test_comb_values_are_scipys(repetition):
    n = np.array([2.0, 3.7, 7.0, 0.5, 1.0, 2.0, 5.0])
    k = np.array([1.0, 2.5, 3.0, 0.3, 0.0, 3.5, -0.5])
    ours = wg.eval_bp(lambda n: wsp.comb(n, k, repetition=repetition), n)
    np.testing.assert_allclose(ours, sc.comb(n, k, repetition=repetition), rtol=1e-14, atol=0)


def test_factorial_and_comb_derivatives():
    # d/dn gamma(n + 1) = n! digamma(n + 1); 0 below 0; at 0 the right-hand one (digamma(1))
    g = wg.grad_bp(lambda n: np.sum(wsp.factorial(n)), np.array([3.0, -1.5, 0.0]))
    np.testing.assert_allclose(g, [6.0 * sc.digamma(4.0), 0.0, sc.digamma(1.0)], rtol=1e-14)
    assert wg.grad_bp(lambda n: wsp.comb(n, 2.0), 5.0) == pytest.approx(4.5, rel=1e-14, abs=0)
    assert wg.grad_bp(lambda n: wsp.comb(n, 7.0), 5.0) == 0.0  # outside: 0
    # at k = 0 and k = N (where the value jumps to 0 outside): binom's derivative, from inside
    for n, k in ((3.0, 0.0), (3.0, 3.0)):
        g = wg.grad(lambda n, k: wsp.comb(n, k), argnums=(0, 1))(n, k)
        expected = wg.grad(lambda n, k: sc.binom(n, k), argnums=(0, 1))(n, k)
        assert g == expected and np.all(np.isfinite(g))


def test_exact_and_other_extensions_are_refused_on_vars():
    with pytest.raises(TypeError, match=r"factorial\(\.\.\., exact=True\) computes Python integers"):
        wg.grad_bp(lambda n: wsp.factorial(n, exact=True), 3.0)
    with pytest.raises(TypeError, match=r"comb\(\.\.\., exact=True\)"):
        wg.grad_bp(lambda n: wsp.comb(n, 2, exact=True), 3.0)
    with pytest.raises(ValueError, match="extend='zero'"):
        wg.grad_bp(lambda n: wsp.factorial(n, extend="complex"), 3.0)
    with pytest.raises(TypeError, match="factorial: n is complex"):
        wg.grad_bp(lambda n: np.abs(wsp.factorial(n)), 1.0 + 1.0j)
    assert wsp.factorial(5, exact=True) == 120 and wsp.comb(5, 2, exact=True) == 10  # plain values: SciPy's


def test_schur_values_are_scipys():
    a = _real_eigenvalues(4, seed=4)
    for ours, theirs in zip(wg.eval_bp(wsl.schur, a), sl.schur(a)):
        np.testing.assert_array_equal(ours, theirs)
    T, Z = wsl.schur(a)
    np.testing.assert_allclose(Z @ T @ Z.T, a, atol=1e-12)


def test_schur_derivative_of_the_eigenvalues():
    # diag(T) are the eigenvalues: d lambda_i = v_i^T dA u_i / (v_i^T u_i) (left, right eigenvectors)
    a = _real_eigenvalues(3, seed=9)
    w, vl, vr = sl.eig(a, left=True)
    i = int(np.argmin(np.abs(w.real - sl.schur(a)[0][0, 0])))
    expected = np.outer(vl[:, i], vr[:, i]).real / (vl[:, i] @ vr[:, i]).real
    np.testing.assert_allclose(wg.grad_bp(lambda a: wsl.schur(a)[0][0, 0], a), expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("a, error, match", [
    (np.array([[0.0, -1.0], [1.0, 0.0]]), np.linalg.LinAlgError, "complex eigenvalues"),
    (np.array([[2.0, 1.0], [0.0, 2.0]]), np.linalg.LinAlgError, "equal eigenvalues"),
    (np.eye(3), np.linalg.LinAlgError, "equal eigenvalues"),
], ids=["rotation", "jordan-block", "identity"])
def test_schur_is_refused_where_it_has_no_derivative(a, error, match):
    with pytest.raises(error, match=match):
        wg.grad_bp(lambda a: np.sum(wsl.schur(a)[1]), a)
    assert len(wsl.schur(a)) == 2  # the values are SciPy's, without a gradient


def test_complex_schur_and_sort_are_refused():
    a = _real_eigenvalues(3, seed=5)
    with pytest.raises(wg.NoGradientRule, match="complex Schur form is not differentiated"):
        wg.grad_bp(lambda a: np.abs(np.sum(wsl.schur(a, output="complex")[0])), a)
    with pytest.raises(wg.NoGradientRule, match="complex Schur form"):
        wg.grad_bp(lambda a: np.abs(np.sum(wsl.schur(a)[0])), a + 0.1j)
    with pytest.raises(ValueError, match="sort=None only"):
        wsl.schur(a, sort="lhp")


# -- scipy.fft's discrete cosine transforms; scipy.linalg's structured matrices ------

FFT = ("dct", "idct", "dctn", "idctn")
CONSTRUCTORS = ("companion", "leslie", "fiedler", "convolution_matrix")
NORMS = (None, "ortho", "forward")
X = rand((3, 4), seed=90)


def _dct_call(name, **kwargs):
    return lambda x: getattr(wsf, name)(x, **kwargs)


DCT_AND_CONSTRUCTOR_CASES = [
    *[case(getattr(wsf, name), _dct_call(name, type=t, norm=norm, **{"axes" if name.endswith("n") else "axis": ax}), X,
           id=f"{name}-type{t}-{norm}-{ax}")
      for name in FFT for t in (1, 2, 3, 4) for norm in NORMS for ax in ((None, 0) if name.endswith("n") else (-1, 0))],
    *[case(getattr(wsf, name), _dct_call(name, norm=norm), crand((4,), seed=91), id=f"{name}-complex-{norm}")
      for name in ("dct", "idct") for norm in NORMS],
    case(wsf.dct, _dct_call("dct", type=1), rand((2,), seed=92), id="dct-type1-two-points"),
    case(wsf.dct, _dct_call("dct"), rand((1,), seed=93), id="dct-one-point"),
    case(wsl.companion, wsl.companion, np.array([2.0, -4.0, 6.0, 1.5]), id="companion"),
    case(wsl.companion, wsl.companion, np.array([-0.5, 3.0]), id="companion-two"),
    case(wsl.companion, wsl.companion, crand((3,), seed=94), id="companion-complex"),
    case(wsl.leslie, wsl.leslie, np.array([0.1, 2.0, 1.5]), np.array([0.5, 0.8]), id="leslie"),
    case(wsl.fiedler, wsl.fiedler, np.array([1.0, 4.0, -2.0, 0.5]), id="fiedler"),
    case(wsl.fiedler, wsl.fiedler, np.array([0.3]), id="fiedler-one"),
    *[case(wsl.convolution_matrix, lambda a, n=n, mode=mode: wsl.convolution_matrix(a, n, mode), rand((m,), seed=95 + m),
           id=f"convolution_matrix-{m}-{n}-{mode}")
      for m, n in ((3, 5), (5, 3), (1, 4), (4, 1)) for mode in ("full", "same", "valid")],
]
CASES = CASES + DCT_AND_CONSTRUCTOR_CASES  # (a new list: test_gradient keeps the cases above)
test_gradient_dct_and_constructors = gradient_test(DCT_AND_CONSTRUCTOR_CASES)


def test_fft_and_constructors_are_listed_and_covered():
    table = wengert.scipy.supported()
    names = [f"fft.{n}" for n in FFT] + [f"linalg.{n}" for n in CONSTRUCTORS]
    assert [n for n in names if table.get(n) != "gradient"] == []
    covered = {id(fn) for c in DCT_AND_CONSTRUCTOR_CASES for fn in c.covers}
    functions = [getattr(wsf, n) for n in FFT] + [getattr(wsl, n) for n in CONSTRUCTORS]
    assert [f.__name__ for f in functions if id(f) not in covered] == []


DCT_AND_CONSTRUCTOR_NAMESPACES = {**{n: (wsf, sf) for n in FFT}, **{n: (wsl, sl) for n in CONSTRUCTORS}}


@pytest.mark.parametrize("c", DCT_AND_CONSTRUCTOR_CASES, ids=ids(DCT_AND_CONSTRUCTOR_CASES))
def test_fft_and_constructor_values_are_scipys(c, monkeypatch):
    _values_are_scipys(c, monkeypatch, DCT_AND_CONSTRUCTOR_NAMESPACES, exact=True)


@pytest.mark.parametrize("fn, args", [
    (wsl.fiedler, (np.array([1, 4, 2]),)), (wsl.fiedler, (np.array([1 + 1j, 4, 2]),)),
    (wsl.companion, (np.array([1, 4, 2]),)), (wsl.companion, (np.array([1, 4, 2], dtype=np.float32),)),
    (wsl.leslie, (np.array([1, 4, 2]), np.array([1, 3]))), (wsl.leslie, (np.array([1.0, 4, 2]), np.array([1j, 3]))),
    (wsl.convolution_matrix, (np.array([1, 4, 2]), 3)), (wsl.fiedler, (np.array([]),)),
], ids=["fiedler-int", "fiedler-complex", "companion-int", "companion-float32", "leslie-int", "leslie-complex",
        "convolution_matrix-int", "fiedler-empty"])
def test_constructor_dtypes_are_scipys(fn, args):
    ours, theirs = fn(*args), getattr(sl, fn.__name__)(*args)
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours, theirs)


def test_the_dct_transposes_are_the_matrices_transposes():
    # D^T g from the pullback equals the explicit matrix (the transform of the identity's columns)
    g = rand((5,), seed=96)
    for t in (1, 2, 3, 4):
        for norm in NORMS:
            for name in ("dct", "idct"):
                matrix = getattr(sf, name)(np.eye(5), type=t, norm=norm, axis=0)
                pullback = wg.vjp(lambda x: getattr(wsf, name)(x, type=t, norm=norm), np.zeros(5))[1]
                np.testing.assert_allclose(pullback(g)[0], matrix.T @ g, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("call, match", [
    (lambda x: wsf.dct(x, n=6), "n=None / s=None"),
    (lambda x: wsf.dctn(x, s=(6,)), "n=None / s=None"),
    (lambda x: wsf.dct(x, norm="ortho", orthogonalize=False), "orthogonalize=None"),
    (lambda x: wsf.dct(x, type=5), "type must be 1, 2, 3 or 4"),
    (lambda x: wsf.idct(x, norm="other"), "norm must be"),
], ids=["n", "s", "orthogonalize", "type", "norm"])
def test_dct_options_wengert_does_not_differentiate_are_refused(call, match):
    with pytest.raises(ValueError, match=match):
        wg.grad_bp(lambda x: np.sum(call(x)), np.ones(4))


def test_constructor_arguments_are_checked():
    with pytest.raises(ValueError, match="must not be zero"):
        wg.grad_bp(lambda a: np.sum(wsl.companion(a)), np.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match="at least 2"):
        wsl.companion(np.array([1.0]))
    with pytest.raises(ValueError, match="one less than the length of f"):
        wsl.leslie(np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="n must be a positive integer"):
        wsl.convolution_matrix(np.ones(3), 0)
    with pytest.raises(ValueError, match="one-dimensional"):
        wsl.fiedler(np.ones((2, 2)))


def test_fiedler_is_smooth_on_its_diagonal():
    # |a_i - a_i| is identically 0: no kink there, so second derivatives exist (abs refuses its kink)
    a = np.array([1.0, 4.0, -2.0])
    check_grads(lambda a: wsl.fiedler(a) ** 2, a, order=2, modes=("rev", "fwd"))
    for i in range(3):  # the diagonal entries do not move
        assert np.all(wg.grad_bp(lambda a, i=i: wsl.fiedler(a)[i, i], a) == 0)


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
CASES = CASES + DETREND_CASES
test_gradient_detrend = gradient_test(DETREND_CASES)


@pytest.mark.parametrize("c", DETREND_CASES, ids=ids(DETREND_CASES))
def test_detrend_values_are_scipys(c, monkeypatch):
    _values_are_scipys(c, monkeypatch, {"detrend": (wss, ss)})


def test_detrend_is_listed_and_refuses_bad_arguments():
    assert wengert.scipy.supported()["signal.detrend"] == "gradient"
    with pytest.raises(ValueError, match="Trend type must be 'linear' or 'constant'"):
        wss.detrend(np.ones(3), type="quadratic")
    with pytest.raises(ValueError, match="Breakpoints must be less than length"):
        wss.detrend(np.ones(3), bp=5)
    ours, theirs = wss.detrend(np.array([1, 2, 4])), ss.detrend(np.array([1, 2, 4]))  # integers: floats
    assert ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)


# -- comb(N, k, repetition=True) at k = 0 ---------------------------------------------------

@pytest.mark.skipif(sc.comb(0.5, 0.3, repetition=True) == 0,
                    reason="SciPy before 1.15: comb(N + k - 1, k), 0 below k = 0 (a jump)")
@pytest.mark.parametrize("N", [0.5, 2.0, 7.0])
def test_comb_with_repetition_at_k_zero_has_binoms_derivative(N):
    """Before: d/dk comb(2, k, repetition=True) at k = 0 was 0 (the constant 1 SciPy puts
    at k == 0 <= N); it is binom(N + k - 1, k)'s, psi(N) - psi(1) = 1.0. SciPy's value is
    binom's there except at its pole N + k - 1 == -1."""
    d = wg.grad(lambda k: wsp.comb(N, k, repetition=True))(0.0)
    np.testing.assert_allclose(d, sc.digamma(N) - sc.digamma(1.0), rtol=1e-12)
    check_both_modes(lambda N, k: wsp.comb(N, k, repetition=True), N, 0.0)


def test_comb_with_repetition_values_are_scipys():
    N = np.array([0.0, 1e-300, 0.3, 1.0, 2.0, 7.5, 1e10, np.inf, np.nan, -0.5, -1e-300])
    for k in (0.0, 0.5, 2.0):
        k = np.full_like(N, k)
        with np.errstate(all="ignore"):
            ours = wg.eval_bp(lambda N, k: wsp.comb(N, k, repetition=True), N, k)
            np.testing.assert_array_equal(ours, sc.comb(N, k, repetition=True))


def test_comb_with_repetition_at_its_jump_is_refused():
    if sc.comb(0.5, 0.3, repetition=True) == 0:
        pytest.skip("SciPy before 1.15")
    with pytest.raises(wg.NoGradientRule, match="pole"):  # 0 for k != 0, 1 at k = 0
        wg.grad(lambda k: wsp.comb(0.0, k, repetition=True))(0.0)


# -- the structured matrices (found right) ----------------------------------------------

@pytest.mark.parametrize("a", [np.array([2.0, -4.0, 6.0]), np.array([1.5, 0.0]), np.array([-1.0, 2.0, 0.0, 3.0]),
                               np.array([1 + 2j, 3 - 1j, 0.5j])], ids=["3", "2-zero", "4", "complex"])
def test_companion(a):
    np.testing.assert_array_equal(wsl.companion(a), sl.companion(a))
    check_both_modes(lambda a: wsl.companion(a) ** 2, a)


def test_leslie_and_fiedler():
    f, s = np.array([1.0, 2.0, 3.0]), np.array([0.2, 0.0])
    np.testing.assert_array_equal(wsl.leslie(f, s), sl.leslie(f, s))
    check_both_modes(lambda f, s: wsl.leslie(f, s) ** 2, f, s)
    for a in (np.array([1.0, 4.0, 2.0]), np.array([2.0]), np.array([1 + 1j, 2 - 1j, 0.5])):
        np.testing.assert_array_equal(wsl.fiedler(a), sl.fiedler(a))
        check_both_modes(lambda a: wsl.fiedler(a) ** 2, a)
    tie = np.array([1.0, 1.0, 3.0])  # |a_0 - a_1|: abs's kink, gradient 0, no second derivative
    np.testing.assert_array_equal(wg.grad(lambda a: wsl.fiedler(a)[0, 1])(tie), np.zeros(3))
    with pytest.raises(wg.NoGradientRule, match="kink"):
        wg.hessian(lambda a: np.sum(wsl.fiedler(a) ** 2))(tie)


@pytest.mark.parametrize("length", [1, 2, 3, 5])
def test_convolution_matrix(length):
    a = np.random.default_rng(length).normal(size=length)
    for n in (1, 2, 3, 4, 7):
        for mode in ("full", "same", "valid"):
            np.testing.assert_array_equal(wsl.convolution_matrix(a, n, mode), sl.convolution_matrix(a, n, mode))
    check_both_modes(lambda a: wsl.convolution_matrix(a, 3, "same") ** 2, a)


# -- the discrete cosine transforms (found right) ----------------------------------------

DCT_SHAPES = [((5,), -1), ((3, 4), -2), ((2,), 0), ((3, 2), 1)]


@pytest.mark.parametrize("inverse", [False, True], ids=["dct", "idct"])
@pytest.mark.parametrize("kind", [1, 2, 3, 4])
@pytest.mark.parametrize("norm", [None, "ortho", "forward"])
def test_dct_every_type_and_norm(inverse, kind, norm):
    ours, theirs = (wsf.idct, sf.idct) if inverse else (wsf.dct, sf.dct)
    rng = np.random.default_rng(kind)
    for shape, axis in DCT_SHAPES:
        x, w = rng.normal(size=shape), rng.normal(size=shape)
        np.testing.assert_array_equal(ours(x, type=kind, norm=norm, axis=axis),
                                      theirs(x, type=kind, norm=norm, axis=axis))
        check_both_modes(lambda x: np.sum(w * ours(x, type=kind, norm=norm, axis=axis) ** 2), x)
        z = x + 1j * rng.normal(size=shape)
        check_grads(lambda z: ours(z, type=kind, norm=norm, axis=axis), z, modes=("rev", "fwd"))


@pytest.mark.parametrize("inverse", [False, True], ids=["dctn", "idctn"])
@pytest.mark.parametrize("kind", [1, 2, 3, 4])
def test_dctn_axes(inverse, kind):
    ours, theirs = (wsf.idctn, sf.idctn) if inverse else (wsf.dctn, sf.dctn)
    rng = np.random.default_rng(kind)
    for shape, axes in [((3, 4), None), ((3, 4, 2), (0, -1)), ((3, 4), 1), ((3, 3), (1, 0))]:
        for norm in (None, "ortho", "forward"):
            x, w = rng.normal(size=shape), rng.normal(size=shape)
            np.testing.assert_array_equal(ours(x, type=kind, norm=norm, axes=axes),
                                          theirs(x, type=kind, norm=norm, axes=axes))
            check_both_modes(lambda x: np.sum(w * ours(x, type=kind, norm=norm, axes=axes) ** 2), x)


# -- detrend and the special functions (found right) -------------------------------------

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


@pytest.mark.parametrize("x", [np.array([-2.0, -0.3, 0.5, 3.0]), 0.0, -1.5, np.array([1 + 1j, -0.5 + 2j])],
                         ids=["real", "zero", "negative", "complex"])
def test_sici_and_fresnel(x):
    check_both_modes(lambda x: sc.sici(x)[0], x)
    check_both_modes(lambda x: sc.fresnel(x), x)
    if np.all(np.asarray(x) != 0):
        check_both_modes(lambda x: sc.sici(x), x)
    else:
        assert np.isnan(wg.grad(lambda x: sc.sici(x)[1])(x))  # ci = -inf at 0: no derivative


@pytest.mark.parametrize("n, k", [(5.0, 2.0), (2.5, 1.2), (-0.5, 2.0), (3.0, 0.0), (3.0, 3.0), (0.3, -0.7)])
def test_binom(n, k):
    check_both_modes(lambda n, k: sc.binom(n, k), n, k)


def test_factorial():
    n = np.array([0.2, 2.0, 4.5, -0.5])
    np.testing.assert_array_equal(wg.eval_bp(wsp.factorial, n), sc.factorial(n))
    check_both_modes(wsp.factorial, n)


# -- forward mode against reverse mode on the same functions -----------------------------

FORWARD_FUNCTIONS = {
    "dct-ortho": lambda x: wsf.dct(x, norm="ortho") ** 3,
    "matmul-kw": lambda x: np.sum(np.matmul(x, x.T) * x[0], axis=-1, keepdims=True),
    "sum-initial": lambda x: np.sum(np.sin(x), axis=0, initial=2.0) * x[1],
    "mean-where": lambda x: np.mean(x ** 2, where=np.array([True, False, True]), axis=1),
    "logistic": lambda x: wg.numpy.logistic(x) * x,
    "cumsum-neg-axis": lambda x: np.cumsum(np.exp(x), axis=-2) * x,
    "detrend": lambda x: wss.detrend(x, axis=0) ** 2,
}


@pytest.mark.parametrize("name", list(FORWARD_FUNCTIONS))
def test_forward_mode_matches_reverse_mode(name):
    f = FORWARD_FUNCTIONS[name]
    rng = np.random.default_rng(7)
    x, v = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    jac = wg.jacobian(f)(x)
    jac_fwd = wg.jacfwd(f)(x)
    np.testing.assert_allclose(jac_fwd, jac, rtol=1e-12, atol=1e-12)
    _, tangent = wg.jvp(f, (x,), (v,))
    np.testing.assert_allclose(tangent, np.tensordot(jac, v, axes=2), rtol=1e-12, atol=1e-12)
    y, lin = wg.linearize(f, x)
    np.testing.assert_allclose(lin(v), tangent, rtol=1e-12, atol=1e-12)

    def scalar(x):
        return np.sum(f(x) ** 2)
    np.testing.assert_allclose(wg.hvp(scalar, x, v), np.tensordot(wg.hessian(scalar)(x), v, axes=2),
                               rtol=1e-9, atol=1e-9)
    check_both_modes(f, x)
