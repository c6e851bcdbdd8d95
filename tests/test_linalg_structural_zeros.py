"""Matrix factorizations at inputs with LAPACK's structural zeros (triangular, Hessenberg,
tridiagonal, an isolated row or column), where the factors jump under any perturbation of
the zeros: scipy.linalg.schur's Schur vectors and np.linalg.qr where a column is left
unreflected are refused there (they gave a directional derivative without an error), and
differentiated where the zeros are not structural; forward mode with several directions at
once (``wengert.hessian``, ``jacfwd``) through a result whose refused part is never used;
a zero cotangent of jumping vectors.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.linalg", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.linalg as sl  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.linalg as wsl  # noqa: E402
from opcheck import check_both_modes  # noqa: E402


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


# -- batched forward mode through a result with an unused refused part ------------------------

_SYM = np.random.default_rng(7).standard_normal((4, 4))
TRIDIAGONAL = np.triu(np.tril(_SYM + _SYM.T, 1), -1)  # eigh's eigenvectors jump here (signs)


def test_hessian_of_eigenvalues_at_a_structured_matrix():
    # the eigenvectors' tangent is refused at a tridiagonal matrix (their signs jump), but
    # only the eigenvalues are read: wg.hessian (forward over reverse, one direction per
    # entry) raised LinAlgError from stacking the refused tangents of every direction
    # (jvp of grad, one direction, gave the Hessian-vector product)
    f = lambda a: np.sum(np.linalg.eigh(a)[0] ** 3)  # noqa: E731
    h = wg.hessian(f)(TRIDIAGONAL)
    reverse = wg.jacrev(wg.grad(f))(TRIDIAGONAL)
    np.testing.assert_allclose(h, reverse, rtol=1e-10, atol=1e-10)
    direction = np.random.default_rng(1).standard_normal((4, 4))
    step = 1e-5
    central = (wg.grad(f)(TRIDIAGONAL + step * direction) - wg.grad(f)(TRIDIAGONAL - step * direction)) / (2 * step)
    np.testing.assert_allclose(np.tensordot(h, direction, axes=2), central, rtol=1e-6, atol=1e-6)
    # a loss that reads the eigenvectors is still refused, in every direction
    with pytest.raises(np.linalg.LinAlgError, match="flips the sign"):
        wg.hessian(lambda a: np.sum(np.linalg.eigh(a)[1] * direction))(TRIDIAGONAL)


def test_jacfwd_of_singular_values_of_a_complex_matrix():
    # the singular vectors' tangent of a complex matrix is refused (free phase), unused here
    rng = np.random.default_rng(3)
    a = rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3))
    f = lambda re: np.linalg.svd(re + 1j * a.imag)[1]  # noqa: E731
    np.testing.assert_allclose(wg.jacfwd(f)(a.real), wg.jacrev(f)(a.real), rtol=1e-10, atol=1e-12)


# -- a zero cotangent of the vectors at an input where their signs jump -------------------------

#: losses whose cotangent of the vectors is zero at the input (a factor that vanishes there)
#: while their derivative reads the vectors' signs, which jump there: (loss, input, a direction
#: along which the derivative exists: equal one-sided slopes). Measured before the fix, along
#: random directions: svd's gradient -0.921725 where central differences give 0.921725 on
#: both sides, eig's 1.686325 against -1.686325; eigh's 1.0 against -1.0 along E00 + E01 + E10.
ZERO_COTANGENT = {
    # U[0, 0] is +1 at diag(2, 1, 0.5) and -1 under the perturbation
    "svd": (lambda m: (np.linalg.svd(m)[1][0] - 2.0) * np.linalg.svd(m)[0][0, 0], np.diag([2.0, 1.0, 0.5]),
            np.random.default_rng(0).standard_normal((3, 3))),
    # the same for eig's eigenvectors at a triangular matrix
    "eig": (lambda m: (np.trace(m) - 3.5) * np.real(np.linalg.eig(m)[1][0, 0]),
            np.triu(np.ones((3, 3))) + np.diag([-0.5, 0.0, 1.0]), np.random.default_rng(0).standard_normal((3, 3))),
    # w[0] = 0 times v[0, 0]
    "eigh": (lambda m: np.linalg.eigh(m)[0][0] * np.linalg.eigh(m)[1][0, 0], np.diag([0.0, 1.0, 2.0]),
             np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])),
}


@pytest.mark.parametrize("name", ZERO_COTANGENT)
def test_zero_cotangent_of_jumping_vectors_is_refused(name):
    loss, a, direction = ZERO_COTANGENT[name]
    right, left = ((loss(a + step * direction) - loss(a)) / step for step in (1e-6, -1e-6))
    assert abs(right - left) < 1e-4 and abs(right) > 0.1  # the premise: a derivative, not 0
    with pytest.raises(np.linalg.LinAlgError, match="flips the sign"):
        wg.grad(loss)(a)
