"""``scipy.linalg`` functions of ``wengert.scipy.linalg``: ``lu_factor``,
``lu``, ``lu_solve``, ``logm``, ``pinv``, ``lstsq``, ``eig``, ``eigvals``, ``orth``, ``null_space`` and the
trigonometric and hyperbolic matrix functions, against finite differences (real and
complex cases here: these are not in tests/test_coverage.py's complex pass, which runs the
real ones again at second order and in forward mode) and against SciPy's own values, with
their refusals where a derivative does not exist. Skipped as a whole without SciPy.
"""
import warnings

import numpy as np
import pytest

sl = pytest.importorskip("scipy.linalg", reason="SciPy is not installed: it is the optional "
                         'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
import wengert.scipy.linalg as wsl  # noqa: E402
from opcheck import case, gradient_test, rand, scipy_reference_tests  # noqa: E402

A = rand((4, 4), seed=31)
AC = A + 1j * rand((4, 4), seed=32)
M = rand((3, 3), seed=33)
SPD = M @ M.T + np.eye(3)
NONSYM = rand((3, 3), seed=34) + 2.5 * np.eye(3)  # eigenvalues near 2.5: off the negative axis
B = rand((4, 2), seed=35)
TALL = rand((5, 3), seed=36)
WIDE = rand((2, 4), seed=37)
SMALL = 0.6 * rand((3, 3), seed=38)


def _lu_solve(trans, vector=False):
    return lambda a, b: wsl.lu_solve(wsl.lu_factor(a), b[:, 0] if vector else b, trans=trans)


CASES = [
    case(wsl.lu_factor, lambda a: wsl.lu_factor(a)[0], A, id="lu_factor"),
    case(wsl.lu_factor, lambda a: wsl.lu_factor(a)[0], AC, id="lu_factor-complex"),
    case(wsl.lu_factor, lambda a: wsl.lu_factor(a)[0], np.array([[0.7]]), id="lu_factor-1x1"),
    case(wsl.lu_factor, lambda a: wsl.lu_factor(a)[0], np.array([[0.0, 2.0], [1.0, 0.5]]), id="lu_factor-pivoted"),
    case((wsl.lu, wsl.lu_factor), lambda a: wsl.lu(a)[1] + wsl.lu(a)[2], A, id="lu"),
    case((wsl.lu, wsl.lu_factor), lambda a: wsl.lu(a, permute_l=True)[0], AC, id="lu-permute_l-complex"),
    *[case((wsl.lu_solve, wsl.lu_factor), _lu_solve(t, vector=v), A, B, id=f"lu_solve-trans{t}-vector{v}")
      for t in (0, 1, 2) for v in (False, True)],
    *[case((wsl.lu_solve, wsl.lu_factor), _lu_solve(t), AC, B + 1j * A[:, :2], id=f"lu_solve-trans{t}-complex")
      for t in (0, 1, 2)],
    case(wsl.logm, wsl.logm, SPD, id="logm"), case(wsl.logm, wsl.logm, NONSYM, id="logm-nonsymmetric"),
    case(wsl.logm, wsl.logm, SPD + 0.4j * M, id="logm-complex"),
    case(wsl.logm, wsl.logm, np.array([[1.5]]), id="logm-1x1"),
    case(wsl.pinv, wsl.pinv, TALL, id="pinv-tall"), case(wsl.pinv, wsl.pinv, WIDE + 1j * WIDE[::-1], id="pinv-wide-complex"),
    case(wsl.pinv, lambda a: wsl.pinv(a, atol=1e-3, return_rank=True)[0], A, id="pinv-atol"),
    case(wsl.lstsq, lambda a, b: wsl.lstsq(a, b)[0], TALL, B[:, 0].repeat(2)[:5], id="lstsq-x"),
    case(wsl.lstsq, lambda a, b: wsl.lstsq(a, b)[1], TALL, rand((5, 2), seed=39), id="lstsq-residues"),
    case(wsl.lstsq, lambda a, b: wsl.lstsq(a, b)[1], TALL, rand((5,), seed=40), id="lstsq-residues-vector"),
    case(wsl.lstsq, lambda a, b: wsl.lstsq(a, b)[0], WIDE, B[:2], id="lstsq-wide"),
    case(wsl.eig, lambda a: wsl.eig(a, right=False), NONSYM, id="eig-values"),
    case(wsl.eig, lambda a: np.abs(wsl.eig(a)[1]) ** 2, NONSYM, id="eig-vectors-phase-blind"),
    case(wsl.eigvals, wsl.eigvals, A, id="eigvals"),
    case(wsl.signm, wsl.signm, np.array([[2.0, 1.0], [0.5, -1.5]]), id="signm"),
    case(wsl.signm, wsl.signm, NONSYM - 2.5 * np.eye(3) + 0.3j * M, id="signm-complex"),
    case(wsl.fractional_matrix_power, wsl.fractional_matrix_power, NONSYM, 0.3, id="fractional_matrix_power"),
    case(wsl.fractional_matrix_power, lambda a: wsl.fractional_matrix_power(a, -2), NONSYM, id="fractional_matrix_power-integer"),
    case(wsl.orth, wsl.orth, TALL, id="orth"),
    # rank 2 of 3 (singular values about 3, 1, 0): rcond 0.1 keeps the rank under the checks' and replays' moves
    case(wsl.orth, lambda a: wsl.orth(a, rcond=0.1), TALL[:, :2] @ np.array([[1.0, 0.5, -1.0], [0.25, -1.0, 2.0]]),
         id="orth-rank-deficient"),
    case(wsl.null_space, wsl.null_space, WIDE[:, :3], id="null_space"),
    *[case(getattr(wsl, name), getattr(wsl, name), a, id=f"{name}-{i}")
      for name in ("coshm", "sinhm", "tanhm", "cosm", "sinm", "tanm")
      for i, a in enumerate((SMALL, SMALL + 0.3j * M[::-1]))],
]

test_gradient = gradient_test(CASES)

#: wengert's functions tested here; each case's value is checked against SciPy's own.
NAMES = (
    "lu_factor", "lu", "lu_solve", "logm", "pinv", "lstsq", "eig", "eigvals",
    "coshm", "sinhm", "tanhm", "cosm", "sinm", "tanm", "signm", "fractional_matrix_power", "orth", "null_space")
test_every_function_has_a_case, test_values_are_scipys = scipy_reference_tests(wsl, sl, "linalg", NAMES, CASES)


@pytest.mark.parametrize("kwargs", [{}, {"p_indices": True}, {"permute_l": True}])
def test_lu_outputs_are_scipys(kwargs):
    for a in (A, AC, np.array([[0.0, 1.0], [1.0, 0.0]])):
        for ours, theirs in zip(wsl.lu(a, **kwargs), sl.lu(a, **kwargs)):
            np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=1e-15)


def test_pinv_rank_and_lstsq_outputs_are_scipys():
    assert wsl.pinv(np.diag([1.0, 1e-20, 2.0]), return_rank=True)[1] == 2
    # float32: SciPy's rtol is max(m, n) eps of float32 (rank 2 here, values of size 4.8); it was float64's (rank 3,
    # values 2e8)
    x = np.random.default_rng(0).standard_normal((3, 2)).astype(np.float32)
    a = x @ x.T  # (singular values 0.75, 0.12, 4.4e-9)
    assert wsl.pinv(a, return_rank=True)[1] == sl.pinv(a, return_rank=True)[1] == 2
    np.testing.assert_allclose(wsl.pinv(a), sl.pinv(a), rtol=1e-5, atol=1e-5)
    # lstsq's default cond is LAPACK's eps (NumPy's rcond None is eps max(m, n)): a singular value 2 eps below the
    # largest was dropped (rank 2, x of size 2.0) where SciPy keeps it (rank 3, x of size 5.7e14); float32's eps for
    # float32 (rank 3 for SciPy's 2 at the matrix above)
    q1, q2 = (np.linalg.qr(np.random.default_rng(seed).standard_normal((3, 3)))[0] for seed in (1, 2))
    for m in (q1 @ np.diag([1.0, 0.5, 2 * np.finfo(float).eps]) @ q2.T, a):
        ours, scipys = wsl.lstsq(m, np.ones(3, m.dtype)), sl.lstsq(m, np.ones(3, m.dtype))
        assert ours[2] == scipys[2]
        np.testing.assert_allclose(ours[0], scipys[0], rtol=1e-5)
    assert wsl.pinv(np.diag([1.0, 1e-3, 2.0]), atol=1e-2, return_rank=True)[1] == 2
    np.testing.assert_allclose(wsl.pinv(np.diag([1.0, 1e-3]), rtol=1e-2), sl.pinv(np.diag([1.0, 1e-3]), rtol=1e-2), rtol=1e-15)
    for a, b in ((TALL, rand((5,), seed=41)), (TALL, rand((5, 2), seed=42)), (WIDE, B[:2]), (A, B)):
        for ours, theirs in zip(wsl.lstsq(a, b), sl.lstsq(a, b)):
            assert np.shape(ours) == np.shape(theirs)
            np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_signm_and_fractional_matrix_power_on_vars_are_scipys_and_refused_off_their_domain():
    # on Vars they are compositions (solve(sqrtm(A @ A), A); expm(t logm(A)), matrix_power for an integer t): their
    # values within 1e-12 of SciPy's (its Schur-based ones); the derivative of sign(A) along E, where A commutes with
    # E (both diagonal), is 0 (sign is constant off the imaginary axis); that of A^t at diag(4, 9) along diag(1, 0) is
    # t 4^(t-1) (exact)
    for a in (np.array([[2.0, 1.0], [0.5, -1.5]]), NONSYM - 2.5 * np.eye(3) + 0.3j * M):
        np.testing.assert_allclose(wg.jvp(wsl.signm, (a,), (np.ones_like(a),))[0], sl.signm(a), rtol=1e-12, atol=1e-13)
    for t in (0.3, -2, 2.5):
        np.testing.assert_allclose(wg.jvp(lambda a: wsl.fractional_matrix_power(a, t), (NONSYM,), (np.ones((3, 3)),))[0],
                                   sl.fractional_matrix_power(NONSYM, t), rtol=1e-12)
    assert not np.any(wg.jvp(wsl.signm, (np.diag([2.0, -3.0]),), (np.diag([1.0, 1.0]),))[1])
    d = wg.jvp(lambda a: wsl.fractional_matrix_power(a, 0.3), (np.diag([4.0, 9.0]),), (np.diag([1.0, 0.0]),))[1]
    assert d[0, 0] == pytest.approx(0.3 * 4.0 ** -0.7, rel=1e-13) and d[1, 1] == pytest.approx(0.0, abs=1e-15)
    # sign(A) jumps where an eigenvalue crosses the imaginary axis: refused there, also when replayed under jit
    rotation = np.array([[0.0, 1.0], [-1.0, 0.0]])
    f = wg.jit(lambda a: np.sum(wsl.signm(a)))
    wg.grad(f)(np.array([[2.0, 1.0], [0.5, -1.5]]))
    for call in (wg.grad(lambda a: np.sum(wsl.signm(a))), wg.grad(f)):
        with pytest.raises(np.linalg.LinAlgError, match="signm has no derivative here"):
            call(rotation)


def test_signm_derivatives_are_mpmaths_in_every_mode():
    # the truths: mpmath at 50 digits (sign(A + tE) = V diag(sign(Re lam)) V^-1 from mp.eig, then mp.diff in t);
    # eigenvalues (1e-3, -1, 2): solve(sqrtm(A @ A), A) squared A's conditioning, its second derivative was 4.3e-8
    # off (9.885212459 by reverse over reverse) and forward over forward raised; now 1e-15
    a = np.array([[1e-3, 1.0, 0.0], [0.0, -1.0, 1.0], [0.0, 0.0, 2.0]])
    e = np.array([[0.3, -0.2, 0.5], [0.7, 0.1, -0.4], [0.2, 0.6, -0.9]])
    first, second = -1.460782099258108696751272, 9.885212881233336137395053

    def f(x):
        return np.sum(wsl.signm(x))

    def along(d):
        return np.sum(d * e)

    g, jitted = wg.grad(f), wg.jit(f)
    wg.grad(jitted)(a + 0.01)  # (recorded at another point, replayed at a)
    firsts = {"grad": along(g(a)), "jvp": wg.jvp(f, (a,), (e,))[1], "jit": along(wg.grad(jitted)(a))}
    seconds = {
        "grad of grad": along(wg.grad(lambda x: along(g(x)))(a)),
        "jvp of grad": along(wg.jvp(g, (a,), (e,))[1]),
        "jvp of jvp": wg.jvp(lambda x: wg.jvp(f, (x,), (e,))[1], (a,), (e,))[1],
        "hessian": np.einsum("ij,ijkl,kl->", e, wg.hessian(f)(a), e),
        "jacfwd(jacfwd)": np.einsum("ij,ijkl,kl->", e, wg.jacfwd(wg.jacfwd(f))(a), e),
        "jit, grad of grad": along(wg.grad(lambda x: along(wg.grad(jitted)(x)))(a))}
    for mode, value in firsts.items():
        assert value == pytest.approx(first, rel=1e-13), mode
    for mode, value in seconds.items():
        assert value == pytest.approx(second, rel=1e-13), mode
    # complex (an eigenvalue 0.088 + 0.49j, 0.088 from the axis), forward mode, same source
    c = a + 0.5j * np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    d1 = wg.jvp(f, (c,), (e,))[1]
    d2 = wg.jvp(lambda x: wg.jvp(f, (x,), (e,))[1], (c,), (e,))[1]
    assert d1 == pytest.approx(0.05854767757705773688461561 + 0.4841031399767513173815182j, rel=1e-13)
    assert d2 == pytest.approx(-1.566634957711000912257771 - 0.6009951331828484726938832j, rel=1e-13)
    # an eigenvalue 1e-7 from the axis (estimated error 4 eps ||A|| c / 1e-7 = 2e-8, above 1e-10): refused in every
    # mode (it was 1e-2 off at second order before the blocks' couplings were scaled, 3e-8 after)
    near = np.array([[1e-7, 1.0], [0.0, -1.0]])
    for call in (lambda: wg.grad(f)(near), lambda: wg.jvp(f, (near,), (near,)), lambda: wg.grad(jitted)(near),
                 lambda: wg.jvp(wg.grad(f), (near,), (near,))):
        with pytest.raises(np.linalg.LinAlgError, match="signm has no derivative here to working accuracy"):
            call()


def test_lu_factor_gradient_is_exact_on_a_triangular_matrix():
    # a = L U with no pivoting (a dominant diagonal): the derivative of lu_factor at a
    # diagonal a in the direction of e_ij: below the diagonal dL = da / u_jj, above dU = da.
    d = np.diag([2.0, 3.0, 4.0])
    e = np.zeros((3, 3))
    e[2, 0], e[0, 1] = 1.0, 1.0
    jv = wg.jvp(lambda a: wsl.lu_factor(a)[0], (d,), (e,))[1]
    np.testing.assert_allclose(jv, np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.5, 0.0, 0.0]]), atol=1e-15)


def test_logm_gradient_is_the_inverse_on_commuting_directions():
    # d/dt trace(logm(A + t E)) = trace(A^-1 E); for a diagonal A, logm's derivative along
    # the diagonal is 1 / a_ii, at every order (-1 / a_ii^2 next).
    g = wg.grad_bp(lambda a: np.trace(wsl.logm(a)), NONSYM)
    np.testing.assert_allclose(g, np.linalg.inv(NONSYM).T, rtol=1e-8)
    f = lambda t: np.trace(wsl.logm(np.diag([2.0, 4.0]) * t))  # noqa: E731
    assert wg.grad(wg.grad(f))(1.0) == pytest.approx(-2.0, rel=1e-8, abs=0)


def test_logm_second_derivative_near_a_singular_matrix():
    # sum(W * logm(a)) at [[1, 2], [2, 4 + e]] (an eigenvalue e / 5): at e = 1e-6 its Hessian by
    # reverse over reverse (jacrev(grad), jacrev(jacfwd)) was 9e-4 / 3e-3 off mpmath's, no
    # error (the error grows as eps / w^2): now second order is refused, on every path, where the
    # eigenvalue is within sqrt(eps)^(1/2) = 1.2e-4 of the largest; at e = 1e-2 they are right.
    mp = pytest.importorskip("mpmath")
    w = np.array([[0.3, -1.0], [1.2, 0.4]])
    u, v = np.array([[0.5, -1.0], [0.2, 0.9]]), np.array([[1.0, 0.4], [-0.3, 0.8]])
    loss = lambda m: np.sum(w * wsl.logm(m))  # noqa: E731
    hessians = (lambda a: wg.jacrev(wg.grad(loss))(a), lambda a: wg.jacrev(wg.jacfwd(loss))(a),
                lambda a: wg.jvp(wg.grad(loss), (a,), (v,))[1])  # (the forward-outer paths: test time)
    for e in (1e-2, 1e-6):
        a = np.array([[1.0, 2.0], [2.0, 4.0 + e]])
        if e > 1e-4:
            with mp.workdps(40):
                def g(s, t):
                    m = mp.logm(mp.matrix(a.tolist()) + s * mp.matrix(u.tolist()) + t * mp.matrix(v.tolist()))
                    return mp.fsum(w[i, j] * m[i, j] for i in range(2) for j in range(2))
                want = float(mp.diff(g, (0, 0), (1, 1)))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # SciPy's estimate for logm of the 8x8 block: 1.5e-10
                assert np.einsum("ij,ijkl,kl->", u, hessians[0](a), v) == pytest.approx(want, rel=1e-9, abs=0)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # SciPy's: "logm result may be inaccurate"
                for hessian in hessians:
                    with pytest.raises(np.linalg.LinAlgError, match="nearly singular"):
                        hessian(a)
                assert np.isfinite(wg.grad(loss)(a)).all()  # the first derivative is kept


@pytest.mark.parametrize("call, error, match", [
    (lambda a: wsl.lu_factor(a)[0], np.linalg.LinAlgError, "singular"),
    (lambda a: wsl.logm(a), np.linalg.LinAlgError, "negative real axis"),
    (lambda a: wsl.logm(np.diag([-1.0, 2.0]) + 0.0 * a), np.linalg.LinAlgError, "negative real axis"),
    (lambda a: wsl.lu_solve(wsl.lu_factor(a), np.ones(2)), np.linalg.LinAlgError, "singular"),
    (lambda a: wsl.pinv(0.0 * a), np.linalg.LinAlgError, "the rank jumps"),
    (lambda a: wsl.lstsq(0.0 * a, np.ones(2))[0], np.linalg.LinAlgError, "the rank jumps"),
    (lambda a: wsl.lstsq(a, np.ones(2))[3], np.linalg.LinAlgError, "rank-deficient"),
    (lambda a: wsl.eig(np.eye(2) + 0.0 * a)[1] ** 2, np.linalg.LinAlgError, "."),
])
def test_no_derivative_is_refused(call, error, match):
    # a singular matrix (LU, logm), an eigenvalue on logm's branch cut, lstsq's singular values at a
    # rank-deficient matrix, lstsq and pinv of the zero matrix (their rank jumps), repeated eigenvalues for eig's eigenvectors
    singular = np.array([[1.0, 2.0], [0.5, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SciPy's own warnings about a singular matrix
        with pytest.raises(error, match=match):
            wg.grad_bp(lambda a: np.sum(np.abs(call(a)) ** 2), singular)


@pytest.mark.parametrize("call, match", [
    (lambda: wsl.lu_factor(np.ones((2, 3))), "square"), (lambda: wsl.logm(np.ones(3)), "square"),
    (lambda: wsl.eig(np.eye(2), np.eye(2)), "generalized"), (lambda: wsl.eig(np.eye(2), left=True), "left"),
    (lambda: wsl.lu_solve(sl.lu_factor(np.eye(2)), np.ones(2), trans=3), "trans"),
    (lambda: wsl.pinv(np.eye(2), atol=-1.0), "positive"),
])
def test_invalid_arguments_raise(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def _basis_directional_truths(a, e, w, basis, basis_of):
    # <d/dt, d2/dt2> of sum(w * basis(a + t e)) at t = 0 by mpmath's diff at 40 digits; basis_of(m) gives the exact
    # vectors (columns, lists of mpf) of the mpmath matrix m, each turned to the sign of the float basis at a
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        def f(t):
            m = mpmath.matrix(a.tolist()) + t * mpmath.matrix(e.tolist())
            total = 0
            for c, col in enumerate(basis_of(m)):
                sign = 1 if sum(x * basis[k, c] for k, x in enumerate(col)) > 0 else -1
                total += sign * sum(w[k, c] * x for k, x in enumerate(col))
            return total
        return float(mpmath.diff(f, 0)), float(mpmath.diff(f, 0, 2))


def _every_mode(f, a, e, first, second, moved):
    def along(d):
        return float(np.sum(d * e))
    g, jitted = wg.grad(f), wg.jit(f)
    wg.grad(jitted)(moved)  # (recorded at another point, replayed at a)
    firsts = {"grad": along(g(a)), "jvp": float(wg.jvp(f, (a,), (e,))[1]), "jit": along(wg.grad(jitted)(a))}
    seconds = {"grad of grad": along(wg.grad(lambda x: np.sum(g(x) * e))(a)), "jvp of grad": along(wg.jvp(g, (a,), (e,))[1]),
               "jvp of jvp": float(wg.jvp(lambda x: wg.jvp(f, (x,), (e,))[1], (a,), (e,))[1]),
               "hessian": float(np.einsum("ij,ijkl,kl->", e, wg.hessian(f)(a), e)),
               "jit, grad of grad": along(wg.grad(lambda x: np.sum(wg.grad(jitted)(x) * e))(a))}
    for mode, value in firsts.items():
        assert value == pytest.approx(first, rel=1e-12), mode
    for mode, value in seconds.items():
        assert value == pytest.approx(second, rel=1e-12), mode


def test_orth_of_a_rank_deficient_matrix_is_mpmaths_in_every_mode():
    # rank 2 of 4 exactly (singular values 32.8, 1.82 and rounding: 2e-15, 2e-17): SciPy's orth is its first two left
    # singular vectors; the rule was svd's, which refused every rank-deficient matrix. The truths: the exact
    # vectors (mpmath's svd_r, 40 digits) turned to SciPy's signs, differentiated by mp.diff
    mpmath = pytest.importorskip("mpmath")
    a = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.5], [7.0, 8.0, 10.0], [2.0, 1.0, 0.5]])
    a = np.column_stack([a, a[:, 0] + 2 * a[:, 1]])
    e = np.array([[0.3, -0.2, 0.5, 0.1], [0.7, 0.1, -0.4, 0.2], [0.2, 0.6, -0.9, -0.3], [0.5, -0.5, 0.25, 0.4]])
    q = sl.orth(a)
    assert q.shape == (4, 2)
    w = np.arange(1.0, 9.0).reshape(4, 2) / 7

    def leading(m):
        u, s, _ = mpmath.svd_r(m)
        order = sorted(range(len(s)), key=lambda i: -s[i])[:2]
        return [[u[k, i] for k in range(m.rows)] for i in order]
    first, second = _basis_directional_truths(a, e, w, q, leading)
    _every_mode(lambda m: np.sum(w * wsl.orth(m)), a, e, first, second, 1.01 * a)


def test_null_space_of_full_row_rank_is_mpmaths_in_every_mode():
    # 2 x 3 of rank 2: the null vector (beyond the 2 singular values: its sign is continuous); the truth the
    # normalized cross product of the rows at 40 digits, turned to SciPy's sign, differentiated by mp.diff
    mpmath = pytest.importorskip("mpmath")
    a = np.array([[1.0, 2.0, 2.5], [0.5, -1.0, 3.0]])
    e = np.array([[0.3, -0.2, 0.5], [0.7, 0.1, -0.4]])
    w = np.array([[0.7], [-1.3], [0.4]])

    def cross(m):
        c = [m[0, 1] * m[1, 2] - m[0, 2] * m[1, 1], m[0, 2] * m[1, 0] - m[0, 0] * m[1, 2], m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]]
        norm = mpmath.sqrt(sum(x * x for x in c))
        return [[x / norm for x in c]]
    first, second = _basis_directional_truths(a, e, w, sl.null_space(a), cross)
    _every_mode(lambda m: np.sum(w * wsl.null_space(m)), a, e, first, second, 1.01 * a)
    assert wsl.null_space(np.eye(3)).shape == (3, 0)  # nullity 0: an empty basis, a zero gradient
    assert not np.any(wg.grad(lambda m: np.sum(wsl.null_space(m)))(np.eye(3)))
    # no entries: the basis of a 0 x 3 matrix's null space (all of R^3) is a constant, the gradient empty (where
    # SciPy gives the value: 1.13's SVD refuses an empty matrix)
    import scipy
    if np.lib.NumpyVersion(scipy.__version__) >= "1.15.0":
        assert wsl.null_space(np.zeros((0, 3))).shape == (3, 3)
        assert wg.grad(lambda m: np.sum(wsl.null_space(m)))(np.zeros((0, 3))).shape == (0, 3)


@pytest.mark.parametrize("call, match", [
    # two leading singular values tie (diag-like, no exact zeros: a rotation)
    (lambda: wg.grad(lambda m: np.sum(wsl.orth(m)[:, 0]))(_ROTATION @ np.diag([2.0, 2.0, 0.0]) @ _ROTATION.T),
     "singular values counted in the rank are equal"),
    # a singular value at the cutoff rcond * max(s): the rank jumps
    (lambda: wg.grad(lambda m: np.sum(wsl.orth(m, rcond=0.5)))(_ROTATION @ np.diag([2.0, 1.0, 0.1]) @ _ROTATION.T),
     "at .within a relative 1e-8 of. the cutoff"),
    # s_1 / s_r = 1e10: the derivative would keep no 8 digits
    (lambda: wg.grad(lambda m: np.sum(wsl.orth(m, rcond=1e-12)))(_ROTATION @ np.diag([1.0, 1e-10, 0.0]) @ _ROTATION.T),
     "would keep fewer than 8 digits"),
    # exact zeros: LAPACK's signs jump
    (lambda: wg.grad(lambda m: np.sum(wsl.orth(m)))(np.diag([2.0, 1.0, 0.0])), "exact zeros"),
    # a wide rank-deficient matrix whose SciPy signs at A are not its neighbours' (every SciPy tried: 1.13, 1.15, 1.17)
    (lambda: wg.grad(lambda m: np.sum(wsl.orth(m)))(_ISOLATED_SIGNS), "signs of the basis vectors at A differ"),
    (lambda: wg.grad(lambda m: np.sum(wsl.null_space(m)))(np.array([[1.0, 2.0, 2.5]])), "the null space has dimension 2"),
    # a rank-deficient square matrix: the null vector's sign flips under every perturbation
    (lambda: wg.grad(lambda m: np.sum(wsl.null_space(m)))(_ROTATION @ np.diag([2.0, 1.0, 0.0]) @ _ROTATION.T),
     "flips under every perturbation"),
    (lambda: wg.grad(lambda m: np.real(np.sum(wsl.orth(m))))(_ROTATION + 1j), "float64 matrices only"),
    (lambda: wg.grad(lambda m: np.sum(wsl.orth(m)))(_ROTATION.astype(np.float32)), "float64 matrices only"),
])
def test_orth_and_null_space_refuse_where_the_basis_has_no_derivative(call, match):
    with pytest.raises((np.linalg.LinAlgError, TypeError), match=match):
        call()


_ROTATION = np.linalg.qr(np.array([[1.0, 0.3, -0.5], [0.2, 1.0, 0.4], [-0.6, 0.1, 1.0]]))[0]
_ISOLATED_SIGNS = np.array([[134.0, 54.0, -39.0, 13.0, 56.0], [19.0, 9.0, -8.0, 2.0, 9.0],
                            [16.0, 216.0, -390.0, 26.0, 172.0], [-219.0, -9.0, -82.0, -12.0, -29.0]]) / 64


def test_a_function_of_the_subspace_is_differentiable_where_the_signs_jump():
    # inside assume_sign_blind, the projectors' closed forms (at locally constant rank): the null space's
    # I - A^+ A of a rank-deficient square matrix has gradient -A^+T (w + w^T) (I - A^+ A) for sum(w * P), the
    # range's A A^+ of the wide matrix with isolated signs (I - A A^+) (w + w^T) A^+T
    import wengert.numpy as wnp
    a = _ROTATION @ np.diag([2.0, 1.0, 0.0]) @ _ROTATION.T
    w = np.arange(9.0).reshape(3, 3)
    with wnp.linalg.assume_sign_blind():
        got = wg.grad(lambda m: np.sum(w * (wsl.null_space(m) @ wsl.null_space(m).T)))(a)
        pinv = np.linalg.pinv(a)
        np.testing.assert_allclose(got, -pinv.T @ (w + w.T) @ (np.eye(3) - pinv @ a), rtol=1e-10, atol=1e-12)
        a = _ISOLATED_SIGNS
        w = np.arange(16.0).reshape(4, 4)
        got = wg.grad(lambda m: np.sum(w * (wsl.orth(m) @ wsl.orth(m).T)))(a)
    pinv = np.linalg.pinv(a)
    perp = np.eye(4) - a @ pinv
    ws = w + w.T
    np.testing.assert_allclose(got, perp @ ws @ pinv.T, rtol=1e-10, atol=1e-12)


def test_the_projector_form_the_refusals_suggest_is_differentiable_at_ties_and_nullity_two():
    # orth's derivative at tied singular values and null_space's at nullity 2 stay refused (a loss invariant under
    # rotations of the basis and one merely stationary there send the same kind of cotangent); their messages now
    # name the projector written with pinv's rule (the truncated SVD's pseudo-inverse, same cutoff), instead of
    # I - R R^T with R = orth(A.T) (refused at the same ties). Truths: mpmath's projector U_r U_r^T (40 digits)
    # of A + s U + t V: d/ds and d2/ds dt of sum(W * P).
    mp = pytest.importorskip("mpmath")
    tied, row = _ROTATION @ np.diag([2.0, 2.0, 0.0]) @ _ROTATION.T, np.array([[1.0, 2.0, 2.5]])
    with pytest.raises(np.linalg.LinAlgError, match=r"A @ wengert.scipy.linalg.pinv\(A, rtol=rcond\) \(= Q @ Q.T\)"):
        wg.grad(lambda m: np.sum(wsl.orth(m)[:, 0]))(tied)
    with pytest.raises(np.linalg.LinAlgError, match=r"np.eye\(n\) - wengert.scipy.linalg.pinv\(A, rtol=rcond\) @ A"):
        wg.grad(lambda m: np.sum(wsl.null_space(m)))(row)
    rng = np.random.default_rng(5)
    for a, rank, null in ((tied, 2, False), (row, 1, True)):
        n = a.shape[1]
        basis = sl.null_space(a) if null else sl.orth(a)
        proj = (lambda m: np.eye(n) - wsl.pinv(m) @ m) if null else (lambda m: m @ wsl.pinv(m))  # noqa: E731
        np.testing.assert_allclose(proj(a), basis @ basis.T, atol=1e-15)
        size = n if null else a.shape[0]
        w, u, v = rng.standard_normal((size, size)), rng.standard_normal(a.shape), rng.standard_normal(a.shape)

        def loss_mp(s, t):
            left, _, right = mp.svd_r(mp.matrix(a.tolist()) + s * mp.matrix(u.tolist()) + t * mp.matrix(v.tolist()))
            if null:
                return mp.fsum(w[p, q] * ((p == q) - mp.fsum(right[k, p] * right[k, q] for k in range(rank)))
                               for p in range(n) for q in range(n))
            return mp.fsum(w[p, q] * left[p, k] * left[q, k] for k in range(rank) for p in range(size) for q in range(size))
        with mp.workdps(40):
            d1, d2 = float(mp.diff(lambda s: loss_mp(s, 0), 0)), float(mp.diff(loss_mp, (0, 0), (1, 1)))
        loss = lambda m: np.sum(w * proj(m))  # noqa: E731
        grad = wg.grad(loss)
        np.testing.assert_allclose([np.sum(grad(a) * u), wg.jvp(loss, (a,), (u,))[1], np.sum(wg.jit(grad)(a) * u)],
                                   d1, rtol=1e-13)
        np.testing.assert_allclose([np.sum(wg.jvp(grad, (a,), (v,))[1] * u), np.sum(wg.grad(lambda m: np.sum(grad(m) * u))(a) * v)],
                                   d2, rtol=1e-13)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128])
def test_lu_factor_of_a_stack_of_empty_matrices_is_scipys(dtype):
    # a stack of 0 x 0 matrices: refused ("a must be a square matrix (2-d)") where SciPy 1.17 gives lu of a's shape
    # and dtype and piv int32 of shape (..., 0) (SciPy 1.13 raised, 1.15 gave piv (0,): 1.17's is the stack's rule)
    a = np.zeros((2, 3, 0, 0), dtype)
    lu, piv = wsl.lu_factor(a)
    assert (lu.shape, lu.dtype, piv.shape, piv.dtype) == ((2, 3, 0, 0), np.dtype(dtype), (2, 3, 0), np.int32)
    def f(m):
        return np.sum(wsl.lu_factor(m)[0])
    if dtype is not np.complex128:
        for got in (wg.grad(f)(a), wg.grad(wg.jit(f))(a), wg.jvp(lambda m: wsl.lu_factor(m)[0], (a,), (a,))[1]):
            assert got.shape == (2, 3, 0, 0)
        assert wg.hessian(f)(a).shape == (2, 3, 0, 0, 2, 3, 0, 0)
    assert wsl.lu_solve((lu, piv), np.zeros((2, 3, 0, 4), dtype)).shape == (2, 3, 0, 4)
    with pytest.raises(ValueError):  # (a stack of no matrices: SciPy refuses it too)
        wsl.lu_factor(np.zeros((0, 3, 3)))


def _signm_directional_truths(a, e):
    # <d/dt, d2/dt2> of sum(signm(a + t e)) at 0: the upper right blocks of sign([[A, E, 0], [0, A, E], [0, 0, A]])
    # (L(E) and half the second derivative), the sign by Newton's iteration X <- (X + X^-1) / 2 at 50 digits
    mpmath = pytest.importorskip("mpmath")
    n = len(a)
    with mpmath.workdps(50):
        x = mpmath.zeros(3 * n, 3 * n)
        for block, m in ((0, a), (1, a), (2, a)):
            for i in range(n):
                for j in range(n):
                    x[block * n + i, block * n + j] = m[i][j]
                    if block < 2:
                        x[block * n + i, (block + 1) * n + j] = e[i][j]
        for _ in range(100):
            y = (x + mpmath.inverse(x)) / 2
            if mpmath.mnorm(y - x, 1) < mpmath.mpf(10) ** -45 * mpmath.mnorm(y, 1):
                break
            x = y
        return (float(sum(y[i, n + j] for i in range(n) for j in range(n))),
                float(2 * sum(y[i, 2 * n + j] for i in range(n) for j in range(n))))


@pytest.mark.parametrize("a", [
    np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, -1.0]]),
    # V J V^-1 of that J in floats (nearly defective: eigenvalue condition numbers ~1e7)
    np.array([[1.0, 0.5, 0.2], [0.3, 1.0, -0.4], [0.1, 0.2, 1.0]]) @ np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, -1.0]])
    @ np.linalg.inv(np.array([[1.0, 0.5, 0.2], [0.3, 1.0, -0.4], [0.1, 0.2, 1.0]])),
], ids=["jordan", "similar"])
def test_signm_derivative_of_a_defective_matrix_with_both_signs(a):
    # a Jordan block on one side of the axis, an eigenvalue on the other: refused ("A is (nearly) defective": the
    # estimate's eigenvalue condition numbers, 6.5 and 5.8e-8 above 1e-10), though the sign is the same constant on
    # the whole block; now the group estimate (4e-15, 5e-15) admits it, within 1e-12 of mpmath in every mode
    e = np.array([[0.3, -0.2, 0.5], [0.7, 0.1, -0.4], [0.2, 0.6, -0.9]])
    first, second = _signm_directional_truths(a.tolist(), e.tolist())
    _every_mode(lambda m: np.sum(wsl.signm(m)), a, e, first, second, 1.01 * a)
