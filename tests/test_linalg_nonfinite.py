"""The spectral rules (eigh, eigvalsh, svd and the norms 2, -2, 'nuc' through it) at matrices
holding an inf or a NaN: LAPACK's values there are NaN (or arbitrary vectors), so their
derivatives are NaN too, in both modes, for that matrix of a stack alone; never the finite
numbers the rules' algebra makes of such a decomposition."""
import math

import numpy as np
import pytest

import wengert as wg

INF = np.array([[np.inf, 1.0], [1.0, 3.0]])
GOOD = np.array([[2.0, 1.0], [1.0, 3.0]])
ROOT5 = math.sqrt(5.0)
# GOOD's eigenvalues (5 -+ sqrt 5) / 2 and unit eigenvectors (1, w - 2) / |.|: closed forms
W = [(5.0 - ROOT5) / 2.0, (5.0 + ROOT5) / 2.0]
V = [np.array([1.0, w - 2.0]) / math.hypot(1.0, w - 2.0) for w in W]

SPECTRAL = {
    "eigvalsh": lambda a: np.linalg.eigvalsh(a),
    "eigh values": lambda a: np.linalg.eigh(a)[0],
    "eigh vectors": lambda a: np.linalg.eigh(a)[1],
    "svd values": lambda a: np.linalg.svd(a, compute_uv=False),
    "svd full": lambda a: np.linalg.svd(a)[1],
    "svd U": lambda a: np.linalg.svd(a)[0],
    "norm 2": lambda a: np.linalg.norm(a, 2, axis=(-2, -1)),
    "norm -2": lambda a: np.linalg.norm(a, -2, axis=(-2, -1)),
    "norm nuc": lambda a: np.linalg.norm(a, "nuc", axis=(-2, -1)),
}


def _refused_as_by_numpy(f, a, transform):
    """True if NumPy's own function raises at ``a`` (NumPy >= 2.5's svd at an inf: "SVD did
    not converge"), after checking that the derivative raises as well."""
    try:
        with np.errstate(invalid="ignore"):
            f(a)
    except np.linalg.LinAlgError:
        with pytest.raises(np.linalg.LinAlgError):
            transform(f)(a)
        return True
    return False


@pytest.mark.parametrize("name", list(SPECTRAL))
@pytest.mark.parametrize("transform", [wg.jacrev, wg.jacfwd])
def test_spectral_derivatives_are_nan_at_a_matrix_with_an_inf(name, transform):
    f = SPECTRAL[name]
    if _refused_as_by_numpy(f, INF, transform):
        return
    with np.errstate(invalid="ignore"):
        jac = np.asarray(transform(f)(INF))
    assert jac.size and np.all(np.isnan(jac)), (name, jac)


@pytest.mark.parametrize("name", ["eigvalsh", "eigh values", "svd values", "norm 2", "norm -2", "norm nuc"])
@pytest.mark.parametrize("transform", [wg.jacrev, wg.jacfwd])
def test_one_bad_matrix_of_a_stack_spoils_its_own_derivatives_only(name, transform):
    f = SPECTRAL[name]
    if _refused_as_by_numpy(f, np.stack([GOOD, INF]), transform):
        return
    with np.errstate(invalid="ignore"):
        jac = np.asarray(transform(f)(np.stack([GOOD, INF])))
    # the good matrix: d w_i = v_i^T da v_i (eigh reads the lower triangle: folded there); GOOD is
    # positive definite, so its singular values are its eigenvalues, d s_i = v_i v_i^T
    order = {"svd values": [1, 0], "norm 2": [1], "norm -2": [0], "norm nuc": [0, 1]}.get(name, [0, 1])
    truths = []
    for i in order:
        full = np.outer(V[i], V[i])
        truths.append(np.tril(full + full.T) - np.diag(np.diag(full)) if name.startswith("eig") else full)
    truth = np.sum(truths, axis=0) if name.startswith("norm") else np.array(truths)
    good = jac[0, ..., 0, :, :] if jac.ndim == 5 else jac[0, 0]
    np.testing.assert_allclose(good, truth, rtol=1e-14, atol=1e-15)
    bad = jac[1, ..., 1, :, :] if jac.ndim == 5 else jac[1, 1]
    assert np.all(np.isnan(bad)), (name, bad)


def test_one_by_one_matrices_at_inf_and_nan():
    # [[x]] is its own eigenvalue: derivative 1 at inf (its value), NaN at NaN; its singular
    # value |x| is NaN at inf in LAPACK's svd, so its derivative too
    for transform in (wg.jacrev, wg.jacfwd):
        assert transform(np.linalg.eigvalsh)(np.array([[np.inf]]))[0, 0, 0] == 1.0
        assert np.isnan(transform(np.linalg.eigvalsh)(np.array([[np.nan]]))[0, 0, 0])
        values = lambda a: np.linalg.svd(a, compute_uv=False)  # noqa: E731
        if not _refused_as_by_numpy(values, np.array([[-np.inf]]), transform):
            with np.errstate(invalid="ignore"):
                assert np.isnan(transform(values)(np.array([[-np.inf]]))[0, 0, 0])


def test_second_order_and_float32_at_an_inf():
    with np.errstate(invalid="ignore"):
        hess = wg.hessian(lambda a: np.sum(np.linalg.eigvalsh(a) ** 2))(INF)
        assert np.all(np.isnan(hess))
        grad32 = wg.grad(lambda a: np.sum(np.linalg.eigvalsh(a)))(INF.astype(np.float32))
    assert grad32.dtype == np.float32 and np.all(np.isnan(grad32))
    # an inf in the triangle eigh does not read leaves it, and its derivative, finite: the
    # upper one here (UPLO='L'), whose derivative is 0
    upper = np.array([[2.0, np.inf], [1.0, 3.0]])
    jac = wg.jacrev(np.linalg.eigvalsh)(upper)
    np.testing.assert_allclose(jac[0], np.tril(2 * np.outer(V[0], V[0])) - np.diag(V[0] ** 2), rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("a", [[[np.inf]], [[-np.inf]], [[np.inf, 0.0], [0.0, 1.0]], [[np.nan]],
                               [[np.inf, 1.0], [2.0, 3.0]]], ids=["inf", "-inf", "diag inf", "nan", "full inf"])
def test_logm_refuses_an_inf_or_nan_instead_of_looping(a):
    # SciPy 1.17's logm never returns at the first three (it refuses the last two itself)
    import wengert.scipy.linalg as wsl

    a = np.array(a)
    with pytest.raises(ValueError, match="inf or NaN"):
        wsl.logm(a)
    with pytest.raises(ValueError, match="inf or NaN"):
        wg.grad(lambda x: np.sum(wsl.logm(x)))(a)
    with pytest.raises(ValueError, match="inf or NaN"):
        wg.jacfwd(wsl.logm)(a.astype(complex))


@pytest.mark.parametrize("transform", [wg.jacrev, wg.jacfwd])
def test_slogdet_derivative_is_nan_at_a_nan_only(transform):
    logabsdet = lambda a: np.linalg.slogdet(a)[1]  # noqa: E731
    with np.errstate(invalid="ignore"):
        # [[nan, 1], [2, 3]]: log|det| NaN; its jacobian was [[nan, -2], [nan, 1]] (NumPy's inv)
        jac = transform(logabsdet)(np.stack([GOOD, np.array([[np.nan, 1.0], [2.0, 3.0]])]))
    np.testing.assert_allclose(jac[0, 0], np.array([[3.0, -1.0], [-1.0, 2.0]]) / 5.0, rtol=1e-15)  # inv(GOOD)^T
    assert np.all(np.isnan(jac[1, 1]))
    # log|det diag(inf, 1)| = log a00 + log a11: the derivative diag(1 / inf, 1) is a number
    np.testing.assert_array_equal(transform(logabsdet)(np.diag([np.inf, 1.0])), np.diag([0.0, 1.0]))
