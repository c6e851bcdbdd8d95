"""The rest of jax.scipy.linalg in ``wengert.scipy.linalg``: ``expm`` (with its
Frechet derivative), ``expm_frechet``, ``solve``, ``inv``, ``det``, ``cholesky``,
``cho_factor``/``cho_solve``, ``eigh``, ``svd``, ``qr``, ``polar``, ``block_diag``,
``toeplitz``, ``circulant``, ``hankel``: against finite differences (real and complex
cases here: these are not in tests/test_coverage.py's complex pass) and against SciPy's
own values. Skipped as a whole when SciPy is not installed.
"""
import math
import warnings
from fractions import Fraction

import numpy as np
import pytest

sl = pytest.importorskip("scipy.linalg", reason="SciPy is not installed: it is the optional "
                         'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
import wengert.scipy.linalg as wsl  # noqa: E402
from opcheck import lazy_mp as mp  # noqa: E402
from opcheck import case, crand, gradient_test, rand, scipy_reference_tests  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

A = rand((3, 3), seed=11)
AC = A + 1j * rand((3, 3), seed=12)
WELL = A + 3.0 * np.eye(3)
M = rand((3, 3), seed=13)
SPD = M @ M.T + np.eye(3)
HPD = SPD + 1j * (rand((3, 3), seed=14) - rand((3, 3), seed=14).T) * 0.3
B = rand((3, 2), seed=15)
BC = B + 1j * rand((3, 2), seed=16)
TALL = rand((4, 3), seed=17)
E = rand((3, 3), seed=18)


def _first(fn, **kw):
    return lambda *a: fn(*a, **kw)[0]


def _second(fn, **kw):
    return lambda *a: fn(*a, **kw)[1]


CASES = [
    case(wsl.expm, wsl.expm, A, id="expm"), case(wsl.expm, wsl.expm, AC, id="expm-complex"),
    case(wsl.expm, wsl.expm, 3.0 * A, id="expm-large-norm"), case(wsl.expm, wsl.expm, np.array([[0.5]]), id="expm-1x1"),
    case(wsl.expm, wsl.expm, np.stack([A, 0.5 * E]), id="expm-stack"),
    case(wsl.expm, wsl.expm, np.array([[0.0, 1.0], [0.0, 0.0]]), id="expm-nilpotent"),
    case(wsl.expm_frechet, lambda a, e: wsl.expm_frechet(a, e, compute_expm=False), A, E, id="expm_frechet"),
    case(wsl.expm_frechet, _first(wsl.expm_frechet), AC, E, id="expm_frechet-expm-complex"),
    case(wsl.expm_frechet, _second(wsl.expm_frechet), A, E + 1j * A, id="expm_frechet-L-complex"),
    case(wsl.solve, wsl.solve, WELL, B, id="solve"), case(wsl.solve, wsl.solve, WELL + 1j * A, BC, id="solve-complex"),
    case(wsl.solve, lambda a, b: wsl.solve(a, b, transposed=True), WELL, B[:, 0], id="solve-transposed-vector"),
    *[case(wsl.solve, lambda a, b, _k=k, _l=low: wsl.solve(a, b, assume_a=_k, lower=_l), SPD + 0.3 * A, B,
           id=f"solve-{k}-lower{low}") for k in ("sym", "pos") for low in (False, True)],
    case(wsl.solve, lambda a, b: wsl.solve(a, b, assume_a="her"), HPD + 0.2 * AC, BC, id="solve-her"),
    case(wsl.inv, wsl.inv, WELL, id="inv"), case(wsl.inv, wsl.inv, WELL + 1j * A, id="inv-complex"),
    case(wsl.det, wsl.det, A, id="det"), case(wsl.det, wsl.det, AC, id="det-complex"),
    *[case(wsl.cholesky, lambda a, _l=low: wsl.cholesky(a, lower=_l), m, id=f"cholesky-lower{low}-{i}")
      for low in (False, True) for i, m in enumerate((SPD + 0.3 * A, HPD))],
    case(wsl.cho_factor, _first(wsl.cho_factor), SPD, id="cho_factor"),
    case(wsl.cho_factor, _first(wsl.cho_factor, lower=True), HPD + 0.2 * AC, id="cho_factor-lower-complex"),
    *[case((wsl.cho_solve, wsl.cho_factor), lambda a, b, _l=low: wsl.cho_solve(wsl.cho_factor(a, lower=_l), b),
           m, b, id=f"cho_solve-lower{low}-{i}")
      for low in (False, True) for i, (m, b) in enumerate(((SPD, B), (HPD, BC)))],
    case(wsl.cho_solve, lambda c, b: wsl.cho_solve((c, True), b), np.linalg.cholesky(SPD) + np.triu(A, 1), B[:, 1],
         id="cho_solve-factor"),
    case(wsl.eigh, _first(wsl.eigh), SPD + 0.3 * A, id="eigh-values"),
    case(wsl.eigh, lambda a: wsl.eigh(a, lower=False)[1] ** 2, SPD + 0.3 * A, id="eigh-vectors-upper"),
    case(wsl.eigh, lambda a: wsl.eigh(a, eigvals_only=True), HPD, id="eigh-complex"),
    case(wsl.svd, lambda a: wsl.svd(a, compute_uv=False), TALL, id="svd-values"),
    case(wsl.svd, lambda a: wsl.svd(a, full_matrices=False)[0] * wsl.svd(a, full_matrices=False)[2][0, 0], TALL,
         id="svd-vectors"),
    case(wsl.qr, lambda a: wsl.qr(a, mode="economic")[1], TALL, id="qr-economic"),
    case(wsl.qr, lambda a: wsl.qr(a)[0] @ np.diag(np.diag(wsl.qr(a)[1])), A, id="qr-full-square"),
    case(wsl.qr, lambda a: wsl.qr(a, mode="r")[0], TALL, id="qr-r"),
    case(wsl.polar, _second(wsl.polar), A, id="polar-right"),
    case(wsl.polar, lambda a: wsl.polar(a, side="left")[0], TALL.T, id="polar-left"),
    case(wsl.block_diag, lambda a, b, c: wsl.block_diag(a, b, c), A, B, 2.5, id="block_diag"),
    case(wsl.block_diag, lambda a, b: wsl.block_diag(a, b), AC, B[:, 0], id="block_diag-complex"),
    case(wsl.toeplitz, wsl.toeplitz, B[:, 0], rand((4,), seed=19), id="toeplitz"),
    case(wsl.toeplitz, wsl.toeplitz, crand((3,), seed=20), id="toeplitz-hermitian"),
    case(wsl.circulant, wsl.circulant, rand((4,), seed=21), id="circulant"),
    case(wsl.hankel, wsl.hankel, B[:, 0], rand((4,), seed=22), id="hankel"),
    case(wsl.hankel, wsl.hankel, crand((3,), seed=23), id="hankel-complex-r-zero"),
]

test_gradient = gradient_test(CASES)


#: wengert's functions tested here; each case's value is checked against SciPy's own.
NAMES = (
    "expm", "expm_frechet", "solve", "inv", "det", "cholesky", "cho_factor", "cho_solve", "eigh",
    "svd", "qr", "polar", "block_diag", "toeplitz", "circulant", "hankel")
test_every_function_has_a_case, test_values_are_scipys = scipy_reference_tests(wsl, sl, "linalg", NAMES, CASES)


def test_expm_derivatives_are_the_frechet_derivative_at_every_order():
    # d/dt expm(A + t E) at t = 0 is L(A, E); for commuting A and E it is E expm(A).
    d = np.diag([0.5, -1.0, 2.0])
    jv = wg.jvp(wsl.expm, (d,), (np.eye(3),))[1]
    np.testing.assert_allclose(jv, np.diag(np.exp([0.5, -1.0, 2.0])), rtol=1e-13)
    np.testing.assert_allclose(wg.jvp(wsl.expm, (A,), (E,))[1], sl.expm_frechet(A, E, compute_expm=False),
                               rtol=1e-10, atol=1e-13)
    # d2/dt2 expm(t N) at 0 for a nilpotent N (N^2 = 0): 0; trace(expm(tA))'' = trace(A^2)
    f = lambda t: np.trace(wsl.expm(t * A))  # noqa: E731
    assert wg.grad(wg.grad(f))(0.0) == pytest.approx(np.trace(A @ A), rel=1e-10, abs=0)
    assert wg.grad(wg.grad(wg.grad(f)))(0.0) == pytest.approx(np.trace(A @ A @ A), rel=1e-8, abs=0)


def _exact_nilpotent_expm(m):
    # expm of a nilpotent matrix of Fractions: its Taylor polynomial, exact
    n = len(m)
    term = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    out = [row[:] for row in term]
    for k in range(1, n + 1):
        term = [[sum(term[i][l] * m[l][j] for l in range(n)) / k for j in range(n)] for i in range(n)]
        out = [[out[i][j] + term[i][j] for j in range(n)] for i in range(n)]
    return out


def test_expm_second_derivative_at_a_large_nilpotent_matrix():
    # E^T H E of sum(W * expm(A)) at A = 1e6 (e1 e2^T + e2 e3^T): expm of the block [[A, E, 0],
    # [0, A, E], [0, 0, A]] (nilpotent: its Taylor polynomial in Fractions) has D^2 expm(A)[E, E] / 2
    # in its corner. SciPy's expm of the derivative's nested blocks underscaled and cancelled:
    # jacfwd(jacrev) gave -6.99e37, jvp(grad) 6.97e34, jvp(jvp) 8.4e31, for the truth 4.65e30
    a = np.array([[0.0, 1e6, 0.0], [0.0, 0.0, 1e6], [0.0, 0.0, 0.0]])
    e = np.array([[0.75, -0.75, -0.5], [-0.5, -0.25, 0.5], [0.25, 0.25, -0.5]])
    w = np.array([[2.0, 1.5, 1.5], [2.0, 1.5, 2.0], [2.0, 0.5, 0.5]])
    fa, fe = [[Fraction(v) for v in row] for row in a], [[Fraction(v) for v in row] for row in e]
    zero = [[Fraction(0)] * 3 for _ in range(3)]
    rows = ([fa[i] + fe[i] + zero[i] for i in range(3)] + [zero[i] + fa[i] + fe[i] for i in range(3)]
            + [zero[i] + zero[i] + fa[i] for i in range(3)])
    full = _exact_nilpotent_expm(rows)
    truth = float(2 * sum(Fraction(w[i, j]) * full[i][6 + j] for i in range(3) for j in range(3)))
    loss = lambda x: np.sum(w * wsl.expm(x))  # noqa: E731
    hessian = np.reshape(wg.jacfwd(wg.jacrev(loss))(a), (9, 9))
    assert e.ravel() @ hessian @ e.ravel() == pytest.approx(truth, rel=1e-12)
    assert np.sum(e * wg.jvp(wg.grad(loss), (a,), (e,))[1]) == pytest.approx(truth, rel=1e-12)
    assert wg.jvp(lambda x: wg.jvp(loss, (x,), (e,))[1], (a,), (e,))[1] == pytest.approx(truth, rel=1e-12)


def test_expm_first_derivative_at_a_strongly_nonnormal_triangle():
    # L(A, E) is the corner of expm([[A, E], [0, A]]) (mpmath, 40 digits); SciPy's expm of that
    # block underscales (its eta from ||M^p||^(1/p)) and its Pade step cancelled: 2e-5 off
    a = np.array([[-0.125, 3e6, 2e6], [0.0, -0.0625, -3e6], [0.0, 0.0, -0.03125]])
    e = np.arange(9.0).reshape(3, 3) / 8 - 0.5
    with mp.workdps(40):
        full = mp.expm(mp.matrix(np.block([[a, e], [np.zeros((3, 3)), a]]).tolist()))
        truth = np.array([[float(full[i, 3 + j]) for j in range(3)] for i in range(3)])
    got = wg.jvp(wsl.expm, (a,), (e,))[1]
    assert np.max(np.abs(got - truth)) <= 1e-14 * np.max(np.abs(truth))



def test_expm_derivative_where_the_mean_eigenvalue_underflows_its_exponential():
    # At diagonal A, L(A, E)_ij = E_ij (e^a_i - e^a_j) / (a_i - a_j), L_ii = E_ii e^a_i (closed
    # form). The derivative's block was e^mu (I + Y) with mu the mean eigenvalue: e^-755 is 0 and
    # e^-740 subnormal, so the corner came out 0 for e^-50 and 0.3% off e^-35
    e = np.array([[1.0, 0.5], [0.25, 1.0]])
    for lo in (-50.0, -35.0):
        hi = lo - 1410.0
        exact = np.array([[math.exp(lo), 0.5 * math.exp(lo) / 1410], [0.25 * math.exp(lo) / 1410, 0.0]])
        got = wg.jvp(wsl.expm, (np.diag([lo, hi]),), (e,))[1]
        assert np.max(np.abs(got - exact)) <= 1e-14 * exact[0, 0], (lo, got, exact)
        g = wg.grad_bp(lambda a: np.sum(e * wsl.expm(a)), np.diag([lo, hi]))
        assert np.max(np.abs(g - exact)) <= 1e-14 * exact[0, 0], (lo, g, exact)

def test_only_the_read_triangle_gets_a_gradient():
    for lower in (False, True):
        g = wg.grad_bp(lambda a, _l=lower: np.sum(wsl.cholesky(a, lower=_l)), SPD + 0.3 * A)
        unread = np.triu(g, 1) if lower else np.tril(g, -1)
        assert np.all(unread == 0.0)
        g = wg.grad_bp(lambda a, _l=lower: np.sum(wsl.eigh(a, lower=_l)[0] ** 2), SPD + 0.3 * A)
        assert np.all((np.triu(g, 1) if lower else np.tril(g, -1)) == 0.0)
    g = wg.grad_bp(lambda c: np.sum(wsl.cho_solve((c, False), B)), np.linalg.cholesky(SPD).T + np.tril(A, -1))
    assert np.all(np.tril(g, -1) == 0.0)


def test_solve_of_a_stack_with_one_vector_b():
    # SciPy: a (2, 2, 2) and b (2,) solve each matrix against b, x of shape (2, 2); [:, 0] took
    # each solution's first entry (shape (2, 1)). Exact: [[2, 0], [0, 4]] x = [1, 2] -> [1/2, 1/2],
    # [[1, 1], [0, 1]] x = [1, 2] -> [-1, 2]; d sum(x) / db = sum of a^-T 1 = [1/2, 1/4] + [1, 0]
    stack, b = np.array([[[2.0, 0.0], [0.0, 4.0]], [[1.0, 1.0], [0.0, 1.0]]]), np.array([1.0, 2.0])
    expected = np.array([[0.5, 0.5], [-1.0, 2.0]])
    np.testing.assert_array_equal(wsl.solve(stack, b), expected)
    np.testing.assert_array_equal(wg.jvp(lambda a: wsl.solve(a, b), (stack,), (0 * stack,))[0], expected)
    np.testing.assert_array_equal(wg.grad(lambda v: np.sum(wsl.solve(stack, v)))(b), [1.5, 0.25])
    # d x / da along E = -a^-1 E x, E = e1 e1^T in both: [-x0 / 2, 0] and [-x0, 0]
    E = np.zeros_like(stack)
    E[:, 0, 0] = 1.0
    np.testing.assert_array_equal(wg.jvp(lambda a: wsl.solve(a, b), (stack,), (E,))[1], [[-0.25, 0.0], [1.0, 0.0]])


def test_complex64_hermitian_keeps_its_precision():
    # the Hermitian matrix read from one triangle was built with a float64 identity, so
    # cholesky / eigh / solve(assume_a='her') of complex64 gave complex128 (SciPy: complex64)
    h = np.array([[4.0, 1.0 - 1.0j], [1.0 + 1.0j, 3.0]], dtype=np.complex64)
    assert wsl.cholesky(h).dtype == np.complex64
    assert wsl.eigh(h)[0].dtype == np.float32 and wsl.eigvalsh(h).dtype == np.float32
    assert wsl.solve(h, np.ones(2, np.complex64), assume_a="her").dtype == np.complex64
    assert wg.jvp(wsl.cholesky, (h,), (h,))[1].dtype == np.complex64
    np.testing.assert_allclose(wsl.eigvalsh(h), [2.0, 5.0], rtol=1e-6)  # (exact: 7/2 -+ 3/2)


@pytest.mark.parametrize("call, error, match", [
    (lambda: wsl.cholesky(-np.eye(2)), np.linalg.LinAlgError, "."),
    (lambda: wsl.solve(np.zeros((2, 2)), np.ones(2)), np.linalg.LinAlgError, "."),
    (lambda: wsl.solve(np.eye(2), np.ones(2), assume_a="banded"), ValueError, "assume_a"),
    (lambda: wsl.eigh(np.eye(2), np.eye(2)), ValueError, "generalized"),
    (lambda: wsl.qr(np.eye(2), pivoting=True), ValueError, "pivoting"),
    (lambda: wsl.toeplitz(np.ones((2, 2))), ValueError, "1-d"),
    (lambda: wsl.expm(np.ones(3)), ValueError, "square"),
    (lambda: wsl.polar(np.eye(2), side="up"), ValueError, "side"),
])
def test_invalid_arguments_raise(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_conditions_of_the_underlying_rules_are_checked():
    # repeated eigenvalues: eigh's eigenvectors have no derivative (np.linalg.eigh's check)
    with pytest.raises(np.linalg.LinAlgError):
        wg.grad_bp(lambda a: np.sum(wsl.eigh(a)[1]), np.eye(3))
    # a full Q of a tall matrix is not a function of the matrix: refused by np.linalg.qr's rule
    with pytest.raises(wg.NoGradientRule, match="qr"):
        wg.grad_bp(lambda a: np.sum(wsl.qr(a)[0]), TALL)


@pytest.mark.parametrize("side", ["right", "left"])
def test_polar_is_differentiable_where_singular_values_repeat(side):
    # polar went through the SVD's rule, which refuses repeated singular values:
    # an orthogonal matrix (all 1) was refused, though the polar decomposition is
    # differentiable at every nonsingular matrix. Its derivatives are now sqrtm's.
    rng = np.random.default_rng(3)
    q, _ = np.linalg.qr(rng.standard_normal((3, 3)))
    complex_a = rng.standard_normal((2, 2)) + 1j * rng.standard_normal((2, 2))
    for a in (q, np.eye(2), np.diag([2.0, 2.0, 5.0]), -np.eye(2), rng.standard_normal((3, 3)), complex_a):
        u, p = wsl.polar(a, side)
        want_u, want_p = sl.polar(a, side)
        np.testing.assert_allclose(u, want_u, atol=1e-13)
        np.testing.assert_allclose(p, want_p, atol=1e-13)
        f = (lambda a: tuple(np.real(x) for x in wsl.polar(a, side))) if np.iscomplexobj(a) else (
            lambda a: wsl.polar(a, side))
        check_grads(f, a, order=2, modes=("rev", "fwd"))
    with warnings.catch_warnings(), pytest.raises(np.linalg.LinAlgError, match="singular"):
        warnings.simplefilter("ignore", sl.LinAlgWarning)  # SciPy's sqrtm warns from 1.14 on
        wg.grad(lambda a: np.sum(wsl.polar(a, side)[0]))(np.diag([1.0, 0.0]))
