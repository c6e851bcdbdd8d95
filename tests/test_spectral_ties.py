"""Eigenvalues and singular values at ties, where a function of one of the tied values has
no gradient: the first derivative is a subgradient (the one the eigenvectors or singular
vectors LAPACK returns give), checked here to lie between the one-sided directional
derivatives, and a second derivative there is refused; a symmetric function of the tied
values (their sum, the sum of their squares) gets its true gradient."""
import numpy as np
import pytest

import wengert as wg

#: eigenvalues 1, 1, 3 (a tie), and singular values 3, 1, 1
TIED = np.diag([1.0, 1.0, 3.0])

ONE_OF_THE_TIED = {
    "eigvalsh[0]": lambda a: np.linalg.eigvalsh(a)[0],
    "eigvalsh[1]": lambda a: np.linalg.eigvalsh(a)[1],
    "eigh values[1]": lambda a: np.linalg.eigh(a)[0][1],
    "svd s[1]": lambda a: np.linalg.svd(a)[1][1],
    "svd compute_uv=False s[2]": lambda a: np.linalg.svd(a, compute_uv=False)[2],
    "svdvals[1]": lambda a: np.linalg.svdvals(a)[1],
    "cond": lambda a: np.linalg.cond(a),
    "norm -2": lambda a: np.linalg.norm(a, -2),
}


@pytest.mark.parametrize("name", sorted(ONE_OF_THE_TIED))
def test_a_tied_value_takes_a_subgradient(name):
    f = ONE_OF_THE_TIED[name]
    g = wg.grad(f)(TIED)
    rng = np.random.default_rng(7)
    h = 1e-7
    for _ in range(6):
        e = rng.standard_normal((3, 3))
        e = e + e.T  # symmetric (eigvalsh reads one triangle: its gradient is folded onto it)
        d = float(np.sum(g * e))
        minus, plus = (f(TIED) - f(TIED - h * e)) / h, (f(TIED + h * e) - f(TIED)) / h
        assert min(minus, plus) - 1e-5 <= d <= max(minus, plus) + 1e-5, (d, minus, plus)


@pytest.mark.parametrize("name", sorted(ONE_OF_THE_TIED))
def test_second_derivative_at_a_tie_is_refused(name):
    with pytest.raises((np.linalg.LinAlgError, wg.NoGradientRule)):
        wg.hessian(ONE_OF_THE_TIED[name])(TIED)


def test_symmetric_functions_of_tied_values_are_exact():
    # the sum of the eigenvalues is the trace; the sum of their squares is |a|_F^2 (eigvalsh
    # reads the lower triangle: the cotangent folds onto it)
    np.testing.assert_allclose(wg.grad(lambda a: np.sum(np.linalg.eigvalsh(a)))(TIED), np.eye(3), atol=1e-15)
    np.testing.assert_allclose(wg.grad(lambda a: np.sum(np.linalg.eigvalsh(a) ** 2))(TIED),
                               2 * TIED, atol=1e-14)
    np.testing.assert_allclose(wg.grad(lambda a: np.sum(np.linalg.svdvals(a) ** 2))(TIED), 2 * TIED, atol=1e-14)


SYMMETRIC = {
    "eigvalsh": lambda a: np.sum(np.linalg.eigvalsh(a) ** 2),
    "eigh values": lambda a: np.sum(np.linalg.eigh(a)[0] ** 2),
    "svd s": lambda a: np.sum(np.linalg.svd(a)[1] ** 2),
    "svdvals": lambda a: np.sum(np.linalg.svdvals(a) ** 2),
}


@pytest.mark.parametrize("name", sorted(SYMMETRIC))
def test_second_derivative_of_a_symmetric_function_at_a_tie_is_refused_saying_what_to_write(name):
    # sum(w ** 2) is twice differentiable at a tie (its Hessian is 2 I on symmetric directions),
    # but its Hessian there needs the function's own second derivatives, which the eigenvalues'
    # rule does not see: refused in reverse and forward mode with the rewrite, np.sum(a * a)
    f = SYMMETRIC[name]
    a = TIED + np.array([[0.0, 0.1, 0.2], [0.1, 0.0, 0.3], [0.2, 0.3, 0.0]])  # no exact zeros
    a = np.linalg.eigh(a)[1] @ np.diag([1.0, 1.0, 3.0]) @ np.linalg.eigh(a)[1].T  # tied, dense
    for second in (lambda: wg.hessian(f)(a), lambda: wg.jvp(wg.grad(f), (a,), (np.ones((3, 3)),))):
        with pytest.raises(np.linalg.LinAlgError, match=r"np\.sum\(a \* a\)"):
            second()
    e = np.eye(3)[:, :, None, None] * np.eye(3)[None, None]  # the rewrite's Hessian: 2 I
    np.testing.assert_allclose(wg.hessian(lambda a: np.sum(a * a))(a), 2 * np.transpose(e, (0, 2, 1, 3)), atol=0)


#: a square matrix with a zero singular value, and the direction e_02 + e_20 along which its
#: smallest singular value is (sqrt(9 + 4 t^2) - 3) / 2 = t^2 / 3 + O(t^4): second derivative
#: +2/3 (the closed form); every path gave -2/3 (the one-sided q's, q = t^2 / 3 with a sign)
SINGULAR = np.diag([3.0, 2.0, 0.0])
ALONG = np.zeros((3, 3))
ALONG[0, 2] = ALONG[2, 0] = 1.0
PATHS = {
    "rev-rev": lambda f, a: np.tensordot(wg.jacrev(wg.jacrev(f))(a), ALONG),
    "fwd-rev": lambda f, a: np.tensordot(wg.jacfwd(wg.jacrev(f))(a), ALONG),
    "rev-fwd": lambda f, a: np.tensordot(wg.jacrev(wg.jacfwd(f))(a), ALONG),
    "fwd-fwd": lambda f, a: np.tensordot(wg.jacfwd(wg.jacfwd(f))(a), ALONG),
    "jvp(grad)": lambda f, a: wg.jvp(wg.grad(f), (a,), (ALONG,))[1],
}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("f", [lambda a: np.linalg.svdvals(a)[2],
                               lambda a: np.linalg.svd(a, hermitian=True, compute_uv=False)[2]],
                         ids=["svdvals", "hermitian"])
def test_second_derivative_at_a_zero_singular_value_is_refused(path, f):
    # s_k = |q| at s_k = 0: the gradient c e_22 (c = 1 from u_k v_k^T with the signs LAPACK
    # gives the pair, 0 from hermitian=True's sign(0) on some builds) is a subgradient, |c| <= 1;
    # differentiating it gave the one-sided -2/3 along ALONG for the truth +2/3
    g = wg.grad(f)(SINGULAR)
    assert abs(g[2, 2]) <= 1.0 and np.all(np.delete(g.ravel(), 8) == 0.0), g
    with pytest.raises(wg.NoGradientRule, match="zero singular value"):
        PATHS[path](f, SINGULAR)


@pytest.mark.parametrize("path", ["rev-rev", "fwd-rev"])
def test_sum_of_squared_singular_values_at_a_zero_one(path):
    # its derivative 2 s_k u_k v_k^T vanishes with s_k: not refused in reverse mode, Hessian 2 I
    h = PATHS[path](lambda a: np.sum(np.linalg.svdvals(a) ** 2), SINGULAR)
    np.testing.assert_allclose(h, 2 * ALONG, atol=1e-14)
