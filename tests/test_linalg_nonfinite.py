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


# GOOD's inverse, exact: [[3, -1], [-1, 2]] / 5
GOOD_INV = np.array([[3.0, -1.0], [-1.0, 2.0]]) / 5.0


@pytest.mark.parametrize("transform", [wg.jacrev, wg.jacfwd])
@pytest.mark.parametrize("bad", [[[np.nan, 1.0], [2.0, 3.0]], [[2.0, np.inf], [1.0, 3.0]]], ids=["nan", "inf"])
def test_solve_derivatives_are_nan_at_a_matrix_with_an_inf_or_nan(bad, transform):
    # LAPACK's LU pivots on a NaN or inf as on a number: solve([[nan, 1], [2, 3]], b) is [nan, 0]
    # (every entry NaN in truth), solve([[2, inf], [1, 3]], b) [nan, -0] (the limit [2, 0]);
    # jacrev in b was [[nan, -1], [nan, 1]] at the first, jacfwd [[nan, nan], [-2, 1]]
    b = np.array([1.0, 2.0])
    stack = np.stack([GOOD, np.array(bad)])
    columns = np.stack([b, b])[..., None]  # (one right-hand side per matrix: a shared b sums NaN's 0 * NaN)
    with np.errstate(invalid="ignore", divide="ignore"):
        in_a = transform(lambda a: np.linalg.solve(a, b))(stack)
        in_b = transform(lambda v: np.linalg.solve(stack, v))(columns)[..., 0, :, :, 0]
        tensor = transform(lambda a: np.linalg.tensorsolve(a, b))(np.array(bad))
    x = GOOD_INV @ b  # d x / d a[i, j] = -inv[:, i] x[j]
    np.testing.assert_allclose(in_a[0, :, 0], -GOOD_INV[:, :, None] * x[None, None, :], rtol=1e-15, atol=1e-16)
    np.testing.assert_allclose(in_b[0, :, 0], GOOD_INV, rtol=1e-15)
    assert np.all(np.isnan(in_a[1, :, 1])) and np.all(np.isnan(in_b[1, :, 1])) and np.all(np.isnan(tensor))


@pytest.mark.parametrize("p", [None, 1, "fro"])
@pytest.mark.parametrize("transform", [wg.jacrev, wg.jacfwd])
def test_cond_derivative_is_nan_at_a_matrix_with_an_inf(p, transform):
    # cond(x) is inf there (NumPy's stand-in for its SVD's NaN, or inf * a norm): jacfwd was 0
    # (the np.where that puts NumPy's inf in took a constant), jacrev NaN
    f = lambda a: np.linalg.cond(a, p)  # noqa: E731
    bad = np.array([[np.inf, 1.0], [2.0, 3.0]])
    if _refused_as_by_numpy(f, bad, transform):
        return
    with np.errstate(invalid="ignore", divide="ignore"):
        jac = transform(f)(np.stack([GOOD, bad]))
        # the traced value is NumPy's (NumPy 2.5's svd raises at an inf, its cond gives inf: so did
        # wengert's traced cond, through svd, before)
        value = wg.value_and_grad(lambda a: f(a)[1])(np.stack([GOOD, bad]))[0]
    assert value == np.linalg.cond(bad, p) == np.inf
    assert np.all(np.isnan(jac[1, 1])), jac[1, 1]
    if p is None:  # cond(GOOD) = w2 / w1 (GOOD is positive definite): d = (w1 v2 v2^T - w2 v1 v1^T) / w1^2
        want = (W[0] * np.outer(V[1], V[1]) - W[1] * np.outer(V[0], V[0])) / W[0] ** 2
        np.testing.assert_allclose(jac[0, 0], want, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("transform", [wg.jacrev, wg.jacfwd])
def test_cholesky_and_pinv_derivatives_are_nan_at_an_inf(transform):
    # cholesky([[inf, 1], [1, 3]]): jacrev NaN, jacfwd finite (its solves with L's inf); pinv
    # there is NumPy's 0 (its SVD's NaN singular values, none above the cutoff): jacrev 0, jacfwd NaN
    with np.errstate(invalid="ignore", divide="ignore"):
        chol = transform(np.linalg.cholesky)(INF)
    assert np.all(np.isnan(chol)), chol
    bad = np.array([[np.inf, 1.0], [2.0, 3.0]])
    if not _refused_as_by_numpy(np.linalg.pinv, bad, transform):
        with np.errstate(invalid="ignore", divide="ignore"):
            pinv = transform(np.linalg.pinv)(bad)
        assert np.all(np.isnan(pinv)), pinv


@pytest.mark.parametrize("transform", [wg.jacrev, wg.jacfwd])
def test_slogdet_at_an_inf_nan_where_the_inverse_is_not_finite(transform):
    # log|det [[2, inf], [1, 3]]| = log|6 - a01|: NumPy's inverse there holds NaN, and the
    # derivative was [[nan, 0], [nan, -0]] reverse, all NaN forward: now NaN in both modes. At
    # [[2, 1], [inf, 3]] the inverse is the limit's, and so is the derivative: d/da01 of
    # log|6 - a10| -> 1, the others 0 (exact)
    logabsdet = lambda a: np.linalg.slogdet(a)[1]  # noqa: E731
    with np.errstate(invalid="ignore", divide="ignore"):
        assert np.all(np.isnan(transform(logabsdet)(np.array([[2.0, np.inf], [1.0, 3.0]]))))
        limit = transform(logabsdet)(np.array([[2.0, 1.0], [np.inf, 3.0]]))
    np.testing.assert_array_equal(limit, [[0.0, 1.0], [0.0, 0.0]])


@pytest.mark.parametrize("ord", [None, "fro"])
def test_frobenius_norm_tangent_at_an_inf_entry(ord):
    # d|a|_F / d a_01 = a_01 / |a|_F = 1 / inf = 0 at [[inf, 1], [2, 3]]; forward mode's tangent was
    # NaN (the direction's 0 times the inf entry over the norm, summed); at the inf entry inf / inf
    a = np.array([[np.inf, 1.0], [2.0, 3.0]])
    want = np.array([[np.nan, 0.0], [0.0, 0.0]])
    with np.errstate(invalid="ignore"):
        for transform in (wg.jacrev, wg.jacfwd):
            np.testing.assert_array_equal(transform(lambda m: np.linalg.norm(m, ord))(a), want)
        np.testing.assert_array_equal(wg.jacfwd(np.linalg.norm)(a[0]), [np.nan, 0.0])


@pytest.mark.parametrize("p", [None, "nuc"])
def test_cond_second_derivative_at_a_matrix_with_an_inf(p):
    # NaN for that matrix (the first derivative's NaN times a factor that moves with x), the good
    # matrix's Hessian as alone; it raised "repeated singular value" (LAPACK's NaN singular values)
    f = lambda a: np.sum(np.linalg.cond(a, p))  # noqa: E731
    bad = np.array([[np.inf, 1.0], [2.0, 3.0]])
    if _refused_as_by_numpy(f, np.stack([GOOD, bad]), wg.hessian):
        return
    with np.errstate(invalid="ignore", divide="ignore"):
        hess = wg.hessian(f)(np.stack([GOOD, bad]))
    assert np.all(np.isnan(hess[1, :, :, 1]))
    np.testing.assert_allclose(hess[0, :, :, 0], wg.hessian(f)(GOOD), rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("name", ["svd values", "norm 2", "norm -2", "norm nuc"])
@pytest.mark.parametrize("transform", [wg.jacrev, wg.jacfwd])
def test_spectral_derivatives_at_a_3x3_inf_return(name, transform):
    # LAPACK's SVD with vectors never returns at this matrix (NumPy < 2.5; its singular values alone
    # do, NaN): the rules' SVD for the derivative hung, where the value had returned
    f = SPECTRAL[name]
    a = np.array([[np.inf, 1.0, 2.0], [1.0, 3.0, 1.0], [2.0, 1.0, 5.0]])
    if _refused_as_by_numpy(f, a, transform):
        return
    with np.errstate(invalid="ignore"):
        assert np.all(np.isnan(transform(f)(a)))


INF3 = np.array([[np.inf, 1.0, 2.0], [1.0, 3.0, 1.0], [2.0, 1.0, 5.0]])
GOOD3 = np.array([[4.0, 1.0, 2.0], [1.0, 3.0, 1.0], [2.0, 1.0, 5.0]])


@pytest.mark.parametrize("name, f", [("svd U", lambda a: np.linalg.svd(a)[0]), ("svd S", lambda a: np.linalg.svd(a)[1]),
                                     ("pinv", np.linalg.pinv)])
@pytest.mark.parametrize("transform", [wg.jacrev, wg.jacfwd])
def test_svd_and_pinv_at_a_3x3_inf_return_nan_for_that_matrix(name, f, transform):
    # LAPACK's SVD with vectors never returns at INF3 (NumPy 2.0 and 2.4: np.linalg.svd(INF3),
    # pinv and lstsq hang), so wengert's calls under grad hung too (tools/linalg_nonfinite_sweep.py:
    # svdU, pinv, lstsq_x, polar_p HANG); now that matrix is NaN, the stack's others as alone
    if _refused_as_by_numpy(lambda a: np.linalg.svd(a, compute_uv=False), INF3, transform):
        return  # (NumPy >= 2.5 raises there: its refusal)
    with np.errstate(invalid="ignore"):
        assert np.all(np.isnan(transform(f)(INF3)))
        stack = transform(lambda a: f(a)[0])(np.stack([GOOD3, INF3]))
    np.testing.assert_allclose(stack[..., 0, :, :], transform(f)(GOOD3), rtol=1e-14, atol=1e-15)


def test_lstsq_at_an_inf_refuses_instead_of_looping():
    with pytest.raises(np.linalg.LinAlgError, match="a holds an inf or NaN"):
        wg.grad(lambda a: np.sum(np.linalg.lstsq(a, np.ones(3), rcond=None)[0]))(INF3)


@pytest.mark.parametrize("transform", [wg.jacrev, wg.jacfwd])
def test_qr_derivative_is_nan_at_an_inf_for_that_matrix_only(transform):
    # R's diagonal is -inf there, which read as "rank-deficient (entries at most 4.4e-16 times its
    # largest)" and refused the whole stack; now NaN, as at a NaN, and the others as alone
    for part in (0, 1):
        f = lambda a: np.linalg.qr(a)[part]  # noqa: E731
        with np.errstate(invalid="ignore"):
            assert np.all(np.isnan(transform(f)(INF3)))
            stack = transform(lambda a: f(a)[0])(np.stack([GOOD3, INF3]))
        np.testing.assert_allclose(stack[..., 0, :, :], transform(f)(GOOD3), rtol=1e-14, atol=1e-15)


# -- products: a structural 0 of the tangent (cotangent) against an inf --------------------

def _power_jet_limits(a, k, w):
    """The Jacobian of a^k and the Hessian of sum(w * a^k) at a matrix with +-inf entries, as
    limits: each inf replaced by +-L in exact rationals (the partials are polynomials in the
    entries), L = 10^40 and 10^80; equal values are the finite limit, else the sign's inf."""
    from fractions import Fraction
    from itertools import permutations, product

    n = len(a)

    def at(size):
        m = [[Fraction(size) * (1 if v > 0 else -1) if np.isinf(v) else Fraction(v) for v in row] for row in a]
        unit = lambda p, q: [[Fraction(int((i, j) == (p, q))) for j in range(n)] for i in range(n)]  # noqa: E731

        def placed(units):  # the sum over the places of the units among k factors (m elsewhere)
            total = np.zeros((n, n), dtype=object)
            for places in permutations(range(k), len(units)):
                p = np.eye(n, dtype=int).astype(object)
                for f in range(k):
                    p = p.dot(np.array(units[places.index(f)] if f in places else m, dtype=object))
                total = total + p
            return total
        jac = np.zeros((n, n, n, n), dtype=object)
        hess = np.zeros((n, n, n, n), dtype=object)
        for p, q in product(range(n), repeat=2):
            jac[:, :, p, q] = placed([unit(p, q)])
            for r, s in product(range(n), repeat=2):
                hess[p, q, r, s] = np.sum(np.array(w, dtype=object) * placed([unit(p, q), unit(r, s)]))
        return jac, hess

    def limit(x, y):
        return float(x) if x == y else np.inf if y > x > 0 else -np.inf
    return [np.vectorize(limit, otypes=[float])(x, y) for x, y in zip(at(10 ** 40), at(10 ** 80))]


@pytest.mark.parametrize("k, f", [(2, lambda a: a @ a), (2, lambda a: np.dot(a, a)), (3, lambda a: np.linalg.matrix_power(a, 3)),
                                  (3, lambda a: np.linalg.multi_dot([a, a, a]))],
                         ids=["x @ x", "dot", "matrix_power 3", "multi_dot"])
def test_products_at_an_inf_entry_are_the_polynomials_partials(k, f):
    """jacrev of x @ x at [[inf, 1], [2, 3]] gave the row of (x @ x)[0, 0] as [inf, nan, nan, 0]
    (the cotangent's zeros times the inf in g @ x.T), truth [inf, 2, 1, 0]; jacfwd NaN in every
    entry of its first three rows but the diagonal; matrix_power 3 and multi_dot NaN in all 16
    entries, and their Hessians too. An inf's own zeros against an inf (diag(inf, 1)) stay NaN."""
    a, w = np.array([[np.inf, 1.0], [2.0, 3.0]]), np.array([[1.0, -2.0], [0.5, 3.0]])
    jac, hess = _power_jet_limits(a, k, w)
    loss = lambda x: np.sum(w * f(x))  # noqa: E731
    with np.errstate(invalid="ignore", over="ignore"):
        for transform in (wg.jacrev, wg.jacfwd):
            np.testing.assert_array_equal(transform(f)(a), jac)
        np.testing.assert_array_equal(wg.hessian(loss)(a), hess)
        np.testing.assert_array_equal(wg.jacrev(wg.jacrev(loss))(a), hess)
        # a vector against a matrix with an inf, and a stack: the same rule
        v = np.array([1.0, np.inf])
        for transform in (wg.jacrev, wg.jacfwd):
            np.testing.assert_array_equal(transform(lambda u: u @ u)(v), [2.0, np.inf])
            np.testing.assert_array_equal(transform(lambda x: x @ v)(a[0]), [1.0, np.inf])


def test_jvp_of_a_product_with_a_constant_matrix_holding_an_inf():
    """wg.jvp of y -> b @ y (b taller than wide: forward mode's fused [b @ y | b @ ty]) along
    e_01 gave NaN at (0, 0), truth b @ e_01 = [[0, inf], [0, 2], [0, 1]]; y -> y @ b.T NaN in
    its first column, truth e_01 @ b.T = [[1, 3, 1], [0, 0, 0]]."""
    b, e = np.array([[np.inf, 1.0], [2.0, 3.0], [1.0, 1.0]]), np.array([[0.0, 1.0], [0.0, 0.0]])
    with np.errstate(invalid="ignore"):
        np.testing.assert_array_equal(wg.jvp(lambda y: b @ y, (np.ones((2, 2)),), (e,))[1], [[0, np.inf], [0, 2], [0, 1]])
        np.testing.assert_array_equal(wg.jvp(lambda y: y @ b.T, (np.ones((2, 2)),), (e,))[1], [[1, 3, 1], [0, 0, 0]])


BILINEAR = {
    "outer": (lambda a, b: np.outer(a, b), np.array([np.inf, 1.0]), np.array([2.0, -3.0])),
    "kron": (lambda a, b: np.kron(a, b), np.array([[np.inf, 1.0], [0.0, 3.0]]), np.array([[1.0, 2.0], [0.0, -1.0]])),
    "tensordot axes=1": (lambda a, b: np.tensordot(a, b, axes=1), np.array([[np.inf, 1.0], [0.0, 3.0]]),
                         np.array([[1.0, 2.0], [0.0, -1.0]])),
    "einsum ij,jk": (lambda a, b: np.einsum("ij,jk->ik", a, b), np.array([[1.0, 2.0], [0.0, -1.0]]),
                     np.array([[-np.inf, 1.0], [0.0, 3.0]])),
    "inner": (lambda a, b: np.inner(a, b), np.array([[np.inf, 1.0], [0.0, 3.0]]), np.array([[1.0, 2.0], [0.0, -1.0]])),
    "vdot": (lambda a, b: np.vdot(a, b), np.array([np.inf, 1.0]), np.array([2.0, -3.0])),
}


def _limit_jacobian(f, a, b, argnum, *more):
    # each inf as +-10^40 in Fractions (the function is linear in each argument: its Jacobian in
    # one is the function at the other's unit vectors, exact); |entry| >= 10^39 is that inf's limit
    # (more: a third operand and on, whose products of two infs, 10^80, read as inf too)
    from fractions import Fraction
    big = Fraction(10) ** 40
    ex = [np.array([big * int(np.sign(v)) if np.isinf(v) else Fraction(v) for v in np.ravel(x)], dtype=object).reshape(np.shape(x))
          for x in (a, b) + more]
    columns = []
    for k in range(np.size(ex[argnum])):
        unit = np.zeros(np.size(ex[argnum]), dtype=object) + Fraction(0)
        unit[k] = Fraction(1)
        args = list(ex)
        args[argnum] = unit.reshape(np.shape(ex[argnum]))
        columns.append(np.ravel(np.asarray(f(*args), dtype=object)))
    return np.array([[np.sign(float(v)) * np.inf if abs(v) >= big / 10 else float(v) for v in col] for col in columns]).T


@pytest.mark.parametrize("name", list(BILINEAR))
def test_bilinear_products_at_an_inf_entry_are_their_limits(name):
    # a cotangent's (tangent's) structural 0 times the other factor's inf added NaN: jacrev of
    # np.outer(x, y) in y at x = [inf, 1] was NaN in 6 of 8 entries, kron's in 60 of 64
    f, a, b = BILINEAR[name]
    with np.errstate(all="ignore"):
        for argnum in (0, 1):
            want = _limit_jacobian(f, a, b, argnum)
            for transform in (wg.jacrev, wg.jacfwd):
                got = np.reshape(transform(f, argnums=argnum)(a, b), want.shape)
                np.testing.assert_array_equal(got, want, err_msg=f"{transform.__name__} d/d{'ab'[argnum]}")


@pytest.mark.parametrize("subscripts, operands", [
    ("ij,jk,kl->il", ([[np.inf, 1.0], [2.0, 0.0]], [[1.0, 2.0], [0.0, -1.0]], [[-np.inf, 1.0], [0.0, 3.0]])),
    ("ij,j,k->ik", ([[np.inf, 1.0], [0.0, 3.0]], [2.0, np.inf], [1.0, -2.0]))], ids=["chain", "vectors"])
def test_einsum_of_three_operands_at_an_inf_entry_is_its_limit(subscripts, operands):
    # 2eab1fe's structural products covered two operands: with three, jacrev and jacfwd of
    # np.einsum("ij,jk,kl->il", a, a, a) at [[inf, 1], [2, 3]] were NaN in all 16 entries (truth: the limits,
    # as matrix_power(a, 3)'s); here in each operand apart, the truth from Fractions as above
    operands = [np.array(x) for x in operands]

    def f(*ops):
        return np.einsum(subscripts, *ops)
    with np.errstate(all="ignore"):
        for argnum in range(3):
            want = _limit_jacobian(f, operands[0], operands[1], argnum, operands[2])
            for transform in (wg.jacrev, wg.jacfwd):
                got = np.reshape(transform(f, argnums=argnum)(*operands), want.shape)
                np.testing.assert_array_equal(got, want, err_msg=f"{transform.__name__} d/d operand {argnum}")


@pytest.mark.parametrize("a", [[[np.inf, 0.0], [0.0, 3.0]], [[1.0, np.inf], [0.0, 2.0]]], ids=["inf00", "inf01"])
def test_einsum_of_three_operands_second_derivative_at_a_zero_beside_an_inf(a):
    # a974c56's structural terms dropped the pairs of an inf with a 0 of another factor by the primal's marks, also
    # where that factor is traced (second order), whose derivative at its 0 meets the inf: the Hessian of
    # sum(w * einsum("ij,jk,kl->il", a, a, a)) at [[inf, 0], [0, 3]] had d/da00 da01 = 6.0 for inf (and -3, 12, -6
    # for -inf, inf, -inf; jacrev(grad) at [[1, inf], [0, 2]] 19.0 for inf). Truth: the cubic's Hessian in
    # Fractions with inf as 10^40 (|entry| >= 10^39 its inf); reverse over reverse may say NaN, never a number
    from fractions import Fraction
    a, w = np.array(a), np.array([[1.0, 2.0], [-1.0, 3.0]])
    ex = np.array([Fraction(10) ** 40 * int(np.sign(v)) if np.isinf(v) else Fraction(v) for v in a.ravel()], dtype=object)
    units = np.eye(4, dtype=int).astype(object).reshape(4, 2, 2)
    A, W = ex.reshape(2, 2), np.array([Fraction(v) for v in w.ravel()], dtype=object).reshape(2, 2)
    want = np.array([[sum((W * (x @ y @ z)).sum() for x, y, z in
                           ((units[p], units[q], A), (units[p], A, units[q]), (A, units[p], units[q]),
                            (units[q], units[p], A), (units[q], A, units[p]), (A, units[q], units[p])))
                      for q in range(4)] for p in range(4)])
    want = np.vectorize(lambda v: math.copysign(math.inf, v) if abs(v) >= Fraction(10) ** 39 else float(v))(want)

    def s(a):
        return np.sum(w * np.einsum("ij,jk,kl->il", a, a, a))
    with np.errstate(all="ignore"):
        for transform in (wg.hessian, lambda f: wg.jacfwd(wg.grad(f)), lambda f: wg.jacfwd(wg.jacfwd(f))):
            np.testing.assert_array_equal(np.reshape(transform(s)(a), (4, 4)), want)
        got = np.reshape(wg.jacrev(wg.grad(s))(a), (4, 4))
        np.testing.assert_array_equal(np.where(np.isnan(got), want, got), want)
