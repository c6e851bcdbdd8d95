"""Wrong numbers without an error, found on a second look at rules and machinery:
scipy.linalg.schur at inputs with LAPACK's structural zeros (triangular, Hessenberg, an
isolated row or column), where SciPy's Schur vectors jump; comb(N, 0, repetition=True)'s
derivative in k; wengert.jit with floating-point keyword arguments (constants of a
recording, which the signature did not key); then the areas found right: companion /
leslie / fiedler / convolution_matrix, dct / idct / dctn / idctn, detrend, sici / fresnel /
binom / factorial, forward mode against reverse mode, and jit replays against fresh
recordings across guard flips, random generators, dtypes, structured arguments,
exceptions and threads.
"""
import dataclasses
import random
import threading

import numpy as np
import pytest

pytest.importorskip("scipy.linalg", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.fft as sf  # noqa: E402
import scipy.linalg as sl  # noqa: E402
import scipy.signal as ss  # noqa: E402
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.fft as wsf  # noqa: E402
import wengert.scipy.linalg as wsl  # noqa: E402
import wengert.scipy.signal as wss  # noqa: E402
import wengert.scipy.special as wsp  # noqa: E402
from wengert import tree  # noqa: E402
from wengert.testing import check_grads  # noqa: E402


def check_both_modes(f, *args, order=2):
    check_grads(f, *args, order=order, modes=("rev", "fwd"))


# -- schur: refused where LAPACK's output jumps ---------------------------------------------

def _tridiagonal():
    return np.diag([1.0, 2.0, 3.0, 4.0]) + np.diag([0.5, 0.4, 0.3], 1) + np.diag([0.2, 0.3, 0.1], -1)


def _symmetric_with_zero_column_below_subdiagonal():
    a = np.random.default_rng(1).normal(size=(4, 4))
    a = a + a.T
    a[2:, 0] = a[0, 2:] = 0.0  # the first Householder reflector is the identity (tau = 0)
    return a


STRUCTURED = {
    "upper-triangular": np.triu(np.random.default_rng(1).normal(size=(3, 3))) + np.diag([0.0, 1.0, 2.0]),
    "lower-triangular": np.tril(np.random.default_rng(1).normal(size=(3, 3))) + np.diag([0.0, 1.0, 2.0]),
    "diagonal": np.diag([3.0, 1.0, 2.0]),
    "upper-2x2": np.array([[1.0, 2.0], [0.0, 3.0]]),
    "tridiagonal": _tridiagonal(),
    "companion": sl.companion(np.array([1.0, -6.0, 11.0, -6.0])),  # roots 1, 2, 3
    "zero-reflector": _symmetric_with_zero_column_below_subdiagonal(),
}


@pytest.mark.parametrize("name", list(STRUCTURED))
def test_schur_jumps_at_lapacks_structural_zeros(name):
    """Before: grad of sum(w * Z) at an upper triangular 3x3 gave a directional derivative
    1.00 against central differences -2.80 (the tridiagonal 4x4: -6.33 against -1.94):
    SciPy's Z flips a column's sign or reorders the eigenvalues under any perturbation of
    those zeros. Now refused."""
    a = STRUCTURED[name]
    T, Z = sl.schur(a)
    jumps = []
    for index in zip(*np.nonzero(a == 0)):  # perturbations of the zeros LAPACK took as reduced
        E = np.zeros_like(a)
        E[index] = 1e-9
        T2, Z2 = sl.schur(a + E)
        jumps.append(max(np.max(np.abs(Z2 - Z)), np.max(np.abs(T2 - T))))
    assert max(jumps) > 0.1  # SciPy's own jump
    with pytest.raises(np.linalg.LinAlgError, match="already reduced"):
        wg.grad_bp(lambda a: np.sum(wsl.schur(a)[1]), a)
    np.testing.assert_array_equal(wsl.schur(a)[1], Z)  # its values stay SciPy's


def test_schur_with_zeros_that_are_not_structural_is_differentiated():
    a = np.random.default_rng(1).normal(size=(4, 4))
    a = a + a.T
    a[3, 0] = a[0, 3] = 0.0  # one zero: the first reflector is not the identity
    check_both_modes(lambda a: wsl.schur(a), a, order=1)
    check_both_modes(lambda a: wsl.schur(a)[1] ** 2, a)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_schur_forward_matches_reverse(seed):
    rng = np.random.default_rng(seed)
    p = rng.normal(size=(4, 4))
    a = p @ np.diag([1.0, -2.0, 3.0, 0.5]) @ np.linalg.inv(p)
    v, w = rng.normal(size=(4, 4)), rng.normal(size=(4, 4))

    def f(a):
        T, Z = wsl.schur(a)
        return np.sum(w * Z) + np.sum(T ** 2)
    _, tangent = wg.jvp(f, (a,), (v,))
    np.testing.assert_allclose(tangent, np.sum(wg.grad(f)(a) * v), rtol=1e-9)
    hessian = wg.jacfwd(wg.grad(f))(a).reshape(16, 16)  # forward over reverse
    np.testing.assert_allclose(np.ravel(wg.hvp(f, a, v)), hessian @ np.ravel(v), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(hessian, wg.hessian(f)(a).reshape(16, 16), rtol=1e-8, atol=1e-10)


# -- np.linalg.qr: refused where LAPACK leaves a column unreflected -------------------------

QR_STRUCTURED = {
    "upper-triangular": np.triu(np.random.default_rng(1).normal(size=(3, 3))) + 2.0 * np.eye(3),
    "diagonal": np.diag([1.0, -2.0, 3.0]),
    "identity": np.eye(3),
    "tall": np.vstack([np.triu(np.ones((3, 3))), np.zeros((1, 3))]),
    "block-diagonal": np.block([[np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 2))],
                                [np.zeros((2, 2)), np.array([[5.0, 6.0], [7.0, 9.0]])]]),  # tau_1 = 0
    "complex": np.diag([1.0 + 0.0j, 2.0, 3.0]) + np.triu(np.ones((3, 3)), 1) * 1j,
    "stacked": np.stack([np.random.default_rng(2).normal(size=(3, 3)), np.eye(3)]),
}


@pytest.mark.parametrize("name", list(QR_STRUCTURED))
def test_qr_jumps_where_a_column_is_unreflected(name):
    """Before: grad of a weighted sum of Q and R at an upper triangular 3x3 gave a directional
    derivative -1.29 against central differences 1.38 (diag(1, -2, 3): 1.65 against -2.31):
    LAPACK leaves such a column unreflected (tau = 0), while any perturbation of its zeros
    reflects it and flips the signs of Q's column and R's row. Now refused."""
    a = QR_STRUCTURED[name]
    assert np.any(np.linalg.qr(a, mode="raw")[1][..., :-1] == 0)
    with pytest.raises(np.linalg.LinAlgError, match="unreflected"):
        wg.grad_bp(lambda a: sum(np.sum(np.real(part) ** 3) for part in np.linalg.qr(a)), a)


def test_qr_jump_is_numpys_own():
    a = QR_STRUCTURED["upper-triangular"]
    E = np.zeros_like(a)
    E[2, 0] = 1e-12
    assert np.allclose(np.diagonal(np.linalg.qr(a + E)[1])[:2], -np.diagonal(np.linalg.qr(a)[1])[:2])


def test_qr_with_zeros_that_are_not_structural_is_differentiated():
    a = np.random.default_rng(3).normal(size=(4, 3))
    a[3, 0] = a[0, 2] = 0.0  # column 0 still has nonzeros below its diagonal
    check_both_modes(lambda a: np.linalg.qr(a), a)
    check_both_modes(lambda a: np.linalg.qr(a), np.eye(3)[:, :1] + 1.0)  # one column: reflected


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


# -- wengert.jit: floating-point keyword arguments ----------------------------------------

def _scaled(x, scale=1.0, power=1):
    return np.sum(x ** power * scale)


@pytest.mark.parametrize("make", [float, np.float64, lambda s: np.array([s, s]), lambda s: {"a": s}],
                         ids=["float", "float64", "array", "dict"])
def test_jit_keys_floating_keyword_arguments_by_value(make):
    """Before: grad(jit(f))(x, scale=3.0) after a call with scale=2.0 replayed the recorded
    constant 2.0: gradient [2, 2] for [3, 3], value 4.0 for 6.0."""
    def f(x, scale):
        return _scaled(x, scale["a"] if type(scale) is dict else scale)
    jf = wg.jit(lambda x, scale=1.0: f(x, scale))
    x = np.ones(2)
    for s in (2.0, 3.0, 2.0, -0.0, 0.0):
        value, g = wg.value_and_grad(jf)(x, scale=make(s))
        expected_value, expected_g = wg.value_and_grad(lambda x: f(x, make(s)))(x)
        np.testing.assert_array_equal(value, expected_value)
        np.testing.assert_array_equal(g, expected_g)
        np.testing.assert_array_equal(jf(x, scale=make(s)), f(x, make(s)))
    assert jf.stats["replays"] >= 2  # 2.0 again: replayed, not recorded


def test_jit_keyword_arguments_of_other_types_still_replay():
    jf = wg.jit(_scaled)
    for x in (np.ones(2), np.full(2, 2.0), np.full(2, 3.0)):
        np.testing.assert_array_equal(wg.grad(jf)(x, power=2), wg.grad(_scaled)(x, power=2))
    assert jf.stats == {"records": 1, "replays": 2, "guard_failures": 0, "not_replayable": 0}


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


# -- wengert.jit replays against fresh recordings ----------------------------------------

def _leaves_equal(a, b):
    la, lb = tree.leaves(a), tree.leaves(b)
    return len(la) == len(lb) and all(np.array_equal(np.asarray(u), np.asarray(v), equal_nan=True)
                                      for u, v in zip(la, lb))


def _assert_replays_like_fresh(f, inputs):
    jf = wg.jit(f)
    for x in inputs:
        args = x if isinstance(x, tuple) else (x,)
        with np.errstate(all="ignore"):
            replayed, fresh = wg.value_and_grad(jf)(*args), wg.value_and_grad(f)(*args)
        assert _leaves_equal(replayed, fresh), (x, replayed, fresh, jf.stats)
    return jf.stats


JIT_GUARDS = {
    "comparison": (lambda x: np.sum(x ** 2) if np.sum(x) > 0 else np.sum(np.sin(x)),
                   [np.array([1.0, 2.0]), np.array([-1.0, -2.0]), np.array([3.0, -1.0]), np.array([-3.0, 1.0])]),
    "tie": (lambda x: np.maximum(x[0], x[1]) * x[0], [np.array([1.0, 2.0]), np.array([2.0, 2.0]), np.array([3.0, 2.0])]),
    "argmax": (lambda x: x[int(np.argmax(x))] * 2.0,
               [np.array([1.0, 2.0, 0.0]), np.array([3.0, 2.0, 0.0]), np.array([1.0, 2.0, 5.0])]),
    "mask": (lambda x: np.sum(x[x > 0] ** 2),
             [np.array([1.0, -2.0, 3.0]), np.array([-1.0, 2.0, 3.0]), np.array([-1.0, -2.0, -3.0])]),
    "int-of-value": (lambda x: x ** int(x.value), [2.5, 3.5, 3.7, 2.1]),
    "bool": (lambda x: x * 2.0 if bool(x > 1.0) else -x, [2.0, 0.5, 3.0, 1.0]),
    "shape": (lambda x: np.sum(x) * len(x), [np.ones(2), np.ones(3), np.full(2, 2.0)]),
    "nan-and-inf": (lambda x: np.sum(np.log(x)), [np.ones(2), -np.ones(2), np.zeros(2), np.ones(2)]),
}


@pytest.mark.parametrize("name", list(JIT_GUARDS))
def test_jit_replay_is_a_fresh_recording_across_guard_flips(name):
    f, inputs = JIT_GUARDS[name]
    _assert_replays_like_fresh(f, inputs)


def test_jit_dtypes_each_get_their_recording():
    f = lambda x: np.sum(np.sin(x) * x)  # noqa: E731
    jf = wg.jit(f)
    for x in (np.full(3, 0.5), np.full(3, 0.5, np.float32), np.full(3, 0.5) + 0.5j, np.full(3, 0.25, np.float32)):
        out = jf(x)
        assert out.dtype == f(x).dtype and np.array_equal(out, f(x))
    _assert_replays_like_fresh(f, [np.full(3, 0.5), np.full(3, 0.3, np.float32), np.full(3, 0.2)])


def test_jit_random_numbers_are_never_frozen():
    def global_numpy(x):
        return np.sum(x * np.random.normal(size=x.shape))

    def global_python(x):
        return x * random.random()

    def passed_in(x, rng):
        return np.sum(x * rng.normal(size=x.shape))
    np.random.seed(1)
    for f, args in ((global_numpy, (np.ones(3),)), (global_python, (1.0,)),
                    (passed_in, (np.ones(2), np.random.default_rng(0)))):
        jf = wg.jit(f)
        grads = [wg.grad(jf)(*args) for _ in range(3)]
        assert not np.array_equal(grads[0], grads[1]) and not np.array_equal(grads[1], grads[2])
        assert jf.stats["replays"] == 0
    # a cached normal deviate (has_gauss): the one draw that moves no Mersenne twister word
    np.random.seed(3)
    np.random.standard_normal()
    jf = wg.jit(lambda x: x * np.random.standard_normal())
    draws = [float(wg.grad(jf)(1.0)) for _ in range(3)]
    np.random.seed(3)
    np.random.standard_normal()
    assert draws == [float(np.random.standard_normal()) for _ in range(3)]
    assert jf.stats["replays"] == 0


def test_jit_seeded_generators_inside_replay():
    def seeded_global(x):
        np.random.seed(0)
        return np.sum(x * np.random.normal(size=x.shape))

    def seeded_local(x):
        return np.sum(x * np.random.default_rng(5).normal(size=x.shape))
    for f in (seeded_global, seeded_local):
        _assert_replays_like_fresh(f, [np.ones(3), np.full(3, 2.0), np.full(3, -1.0)])


@dataclasses.dataclass
class _Params:
    w: np.ndarray
    b: float


def test_jit_structured_arguments():
    def f(p, d):
        return np.sum(p.w * d["x"]) + p.b * d["y"] ** 2
    jf = wg.jit(f)
    for s in (1.0, 2.0, -1.0):
        p, d = _Params(np.ones(2) * s, 0.5 * s), {"x": np.arange(2.0) * s, "y": 3.0 * s}
        ours, fresh = wg.grad(jf, argnums=(0, 1))(p, d), wg.grad(f, argnums=(0, 1))(p, d)
        np.testing.assert_array_equal(ours[0].w, fresh[0].w)
        assert ours[0].b == fresh[0].b and _leaves_equal(ours[1], fresh[1])
    assert jf.stats["replays"] == 2


def test_jit_exception_on_replay_is_raised_then_replays_again():
    def f(x):
        if np.sum(x) > 5:
            raise ValueError("too large")
        return np.sum(np.log(x))
    jf = wg.jit(f)
    wg.grad(jf)(np.ones(2))
    with pytest.raises(ValueError, match="too large"):
        wg.grad(jf)(np.full(2, 10.0))
    np.testing.assert_array_equal(wg.grad(jf)(np.full(2, 2.0)), [0.5, 0.5])


def test_jit_threads_replay_their_own_tapes():
    f = lambda x: np.sum(np.tanh(x) ** 3)  # noqa: E731
    jf = wg.jit(f)
    ok = {}

    def worker(i):
        ok[i] = all(np.array_equal(wg.grad(jf)(np.full(4, 0.01 * (30 * i + j))),
                                   wg.grad(f)(np.full(4, 0.01 * (30 * i + j)))) for j in range(20))
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ok == {0: True, 1: True, 2: True, 3: True}


def test_jit_with_another_global_bit_generator():
    """Before: with np.random.set_bit_generator(PCG64), every recording read the legacy
    state tuple, which warned (an error under -W error) and failed: nothing replayed, and
    the signature was marked as not taking its floats as Vars. Draws are still refused."""
    saved = np.random.get_bit_generator()
    np.random.set_bit_generator(np.random.PCG64(1))
    try:
        jf = wg.jit(lambda x: np.sum(np.tanh(x) ** 2))
        for x in (np.ones(2), np.full(2, 0.5), np.full(2, -2.0)):
            np.testing.assert_array_equal(wg.grad(jf)(x), wg.grad(lambda x: np.sum(np.tanh(x) ** 2))(x))
        assert jf.stats == {"records": 1, "replays": 2, "guard_failures": 0, "not_replayable": 0}
        drawing = wg.jit(lambda x: np.sum(x * np.random.normal(size=x.shape)))
        grads = [wg.grad(drawing)(np.ones(2)) for _ in range(2)]
        assert not np.array_equal(grads[0], grads[1]) and drawing.stats["replays"] == 0
    finally:
        np.random.set_bit_generator(saved)


def test_jit_generator_passed_by_keyword_is_never_frozen():
    """Before: a generator passed as a keyword argument was not among those whose state a
    recording compares, so its draws were constants of the recording: grad(jit(f))(x,
    rng=g) gave the same 'random' gradient on every call (2 replays of 3 calls)."""
    def f(x, rng=None):
        return np.sum(x * rng.normal(size=x.shape))
    for rng in (np.random.default_rng(0), np.random.RandomState(0)):
        jf = wg.jit(f)
        grads = [wg.grad(jf)(np.ones(2), rng=rng) for _ in range(3)]
        assert not np.array_equal(grads[0], grads[1]) and not np.array_equal(grads[1], grads[2])
        assert jf.stats["replays"] == 0
    jh = wg.jit(lambda x, *, r: x * r.random())
    generator = random.Random(0)
    assert len({float(wg.grad(jh)(1.0, r=generator)) for _ in range(3)}) == 3


# -- where=None in sum and prod: NumPy keeps nothing ----------------------------------------

@pytest.mark.parametrize("reduce", [lambda x: np.sum(x * x, where=None, initial=1.0),
                                    lambda x: np.prod(x, where=None) * x[0],
                                    lambda x: np.sum(x ** 2, where=np.array([True, False, True])),
                                    lambda x: np.prod(x, where=[True, False, True]),
                                    lambda x: np.sum(x ** 2, where=np.True_)],
                         ids=["sum-None", "prod-None", "sum-mask", "prod-list", "sum-numpy-true"])
def test_where_none_keeps_nothing(reduce):
    """Before: np.sum(x, where=None, initial=0.0) is 0.0 (NumPy reads None as False) but its
    reverse gradient was [1, 1, 1] (the rules took None as no where=), forward mode's 0."""
    check_both_modes(reduce, np.array([-1.0, 0.3, 2.0]))
