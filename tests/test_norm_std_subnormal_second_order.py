"""Second derivatives of np.std / np.nanstd / np.linalg.norm squared at subnormal inputs. The product rule forms
std'' (norm'') ~ 1 / x, beyond the range there, while its product with std (norm) is not: the Hessian of
np.std(x) ** 2 at x = [1, -2, 4, 0.5] 1e-310 was NaN / -inf (forward over reverse), that of norm(x) ** 2 NaN / inf
(every path; 2^1030 in the cotangent's scaling), and the gradient of norm(x) ** 2 2.0000043e-310 for 2e-310.
Truths: the variance's Hessian 2 / (N - ddof) (I - 1 / N) in exact Fractions, the squared 2-norm's 2 I, the
squared 3-norm's from mpmath at 40 digits. And their values' NumPy warnings, where its sum of squares overflows
while the value (rescaled) does not."""
import functools
import warnings
from fractions import Fraction

import numpy as np
import pytest

import wengert as wg
import wengert.scipy.linalg as wsl

PATHS = {
    "rev-rev": lambda f, x: wg.jacrev(wg.jacrev(f))(x),
    "fwd-rev": lambda f, x: wg.jacfwd(wg.jacrev(f))(x),
    "rev-fwd": lambda f, x: wg.jacrev(wg.jacfwd(f))(x),
    "hessian": lambda f, x: wg.hessian(f)(x),
    "jvp(grad)": lambda f, x: np.stack([wg.jvp(wg.grad(f), (x,), (e,))[1] for e in np.eye(x.size, dtype=x.dtype)], 1),
}
X = np.array([[1.0, -2.0, 4.0, 0.5], [3.0, 1.5, -0.25, 2.0]])


def _variance_hessian(n, ddof, rows):
    # (exact: the variance of a row of n entries is a quadratic form; its Hessian 2 / (n - ddof) (I - 1 1^T / n))
    block = [[float(Fraction(2, n - ddof) * (int(i == j) - Fraction(1, n))) for j in range(n)] for i in range(n)]
    return np.kron(np.eye(rows), np.array(block))


@functools.lru_cache(maxsize=None)
def _squared_p_norm_hessian(x, p):
    mpmath = pytest.importorskip("mpmath")  # (here, not at import: test_optional_imports)
    with mpmath.workdps(40):
        point = [mpmath.mpf(t) for t in x]
        n = len(x)

        def f(*v):
            return mpmath.fsum(abs(t) ** p for t in v) ** (2 / mpmath.mpf(p))
        return np.array([[float(mpmath.diff(f, point, tuple(int(i == k) + int(i == j) for i in range(n))))
                          for j in range(n)] for k in range(n)])


@pytest.mark.parametrize("dtype, scale, rtol", [(np.float64, 1e-310, 1e-13), (np.float32, 1e-40, 3e-5)])
def test_squared_std_and_norm_at_subnormal_inputs(dtype, scale, rtol):
    # (one path, the one each failed in; test_every_path_... below the slow sweep)
    _check_squared_std_and_norm("fwd-rev" if dtype == np.float64 else "jvp(grad)", dtype, scale, rtol)


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("dtype, scale, rtol", [(np.float64, 1e-310, 1e-13), (np.float32, 1e-40, 3e-5)])
def test_every_path_of_squared_std_and_norm_at_subnormal_inputs(path, dtype, scale, rtol):
    _check_squared_std_and_norm(path, dtype, scale, rtol)


def _check_squared_std_and_norm(path, dtype, scale, rtol):
    x = (X * scale).astype(dtype)  # (a subnormal row and an ordinary one along axis 1)
    x[1] = X[1]
    var = _variance_hessian(4, 0, 2)
    cases = [(lambda v: np.sum(np.std(v, axis=1) ** 2), var),
             (lambda v: np.sum(np.nanstd(v, axis=-1, ddof=1, keepdims=True) ** 2), _variance_hessian(4, 1, 2)),
             (lambda v: np.sum(np.linalg.norm(v, axis=1) ** 2), 2 * np.eye(8)),
             (lambda v: np.linalg.norm(v[0]) ** 2 + np.linalg.norm(v[1]) ** 2, 2 * np.eye(8)),
             (lambda v: wsl.norm(v[0]) ** 2, np.kron(np.diag([2.0, 0.0]), np.eye(4)))]
    with np.errstate(under="ignore"):
        for f, truth in cases:
            hessian = PATHS[path](lambda w: f(w.reshape(2, 4)), x.ravel())
            assert hessian.dtype == dtype
            np.testing.assert_allclose(hessian, truth, rtol=0, atol=rtol * 2)


@pytest.mark.parametrize("path", ["rev-rev", "jvp(grad)"])
def test_squared_3_norm_at_a_subnormal_input(path):
    # (its Hessian is homogeneous of degree 0: the truth at X[0] is the one at X[0] 2^-1030, exactly)
    np.testing.assert_allclose(PATHS[path](lambda v: np.linalg.norm(v, 3) ** 2, X[0] * 2.0 ** -1030),
                               _squared_p_norm_hessian(tuple(X[0]), 3), rtol=1e-13, atol=1e-13)


def test_gradient_and_jit_replay_of_squared_norm_and_std_at_subnormal_inputs():
    x = X[0] * 1e-310
    # (2 x exactly: g x / norm formed g x first, below the normal range, 2.0000043e-310 for 2e-310)
    for f in (lambda v: np.linalg.norm(v) ** 2, lambda v: wsl.norm(v) ** 2):
        np.testing.assert_array_equal(wg.grad(f)(x), 2 * x)
    replayed = wg.jit(wg.hessian(lambda v: np.std(v) ** 2 + np.linalg.norm(v) ** 2))
    for point in (x, x * 0.5, x[::-1].copy()):
        np.testing.assert_allclose(replayed(point), _variance_hessian(4, 0, 1) + 2 * np.eye(4), rtol=0, atol=1e-13)


def test_no_overflow_warning_where_the_rescaled_value_is_finite():
    # NumPy's internal sum of squares overflows for [1, -2, 3] 1e200 while the norm (sqrt(14) 1e200) and the std
    # (sqrt(14 / 3 - 4 / 9) 1e200) do not: a traced call warned (raised under -W error, as pytest runs) with the
    # right value. Truths: mpmath at 40 digits. The user's own overflow still warns.
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        norm, std = float(mpmath.sqrt(14) * 10 ** 200), float(mpmath.sqrt(mpmath.mpf(38) / 9) * 10 ** 200)
    x = np.array([1.0, -2.0, 3.0]) * 1e200
    for f, truth in ((np.linalg.norm, norm), (wsl.norm, norm), (np.std, std), (np.nanstd, std)):
        for value in (wg.value_and_grad(f)(x)[0], wg.jvp(f, (x,), (np.ones(3),))[0], wg.jit(wg.value_and_grad(f))(x)[0],
                      wg.jit(wg.value_and_grad(f))(x)[0]):
            np.testing.assert_allclose(value, truth, rtol=1e-15)
        wg.hessian(f)(x)
    # where the norm itself overflows the traced call warns as NumPy's own call does: NumPy 2.4's norm warns
    # ("overflow encountered in dot"), 2.0's and 2.2's return inf silently (CI's floor and step 3)
    y = np.array([1.5e308, 1.5e308])
    assert _overflow_warnings(lambda: np.linalg.norm(y)) == _overflow_warnings(
        lambda: np.isinf(wg.value_and_grad(np.linalg.norm)(y)[0]) or pytest.fail("not inf"))


def _overflow_warnings(call):
    # whether call() emitted a RuntimeWarning about an overflow
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return any(issubclass(w.category, RuntimeWarning) and "overflow" in str(w.message) for w in caught)


@pytest.mark.parametrize("path", ["fwd-rev", "rev-rev"])
def test_squared_norm_of_a_complex_subnormal_vector(path):
    # norm(a (1 + 2j)) ** 2 = 5 |a|^2 (2-norm: Hessian 10 I, exact); the 3-norm's squared, 5 ||a||_3^2: its
    # Hessian homogeneous of degree 0, 5 times the real one at X[0] (mpmath). At a = X[0] 2^-1030 both were
    # NaN in every path (unit_phase's conj(z) / |z| through 1 / |z|; its derivative ~ 1 / |z| before g's factor)
    x = X[0] * 2.0 ** -1030
    with np.errstate(under="ignore"):
        np.testing.assert_allclose(PATHS[path](lambda v: np.linalg.norm(v * (1 + 2j)) ** 2, x), 10 * np.eye(4),
                                   rtol=0, atol=1e-13)
        np.testing.assert_allclose(PATHS[path](lambda v: np.linalg.norm(v * (1 + 2j), 3) ** 2, x),
                                   5.0 * _squared_p_norm_hessian(tuple(X[0]), 3), rtol=1e-13, atol=1e-13)
