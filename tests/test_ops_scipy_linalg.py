"""SciPy's linalg and signal functions (the optional extra): ``wengert.scipy.linalg``
(``solve_triangular``, ``solve_sylvester``, ``sqrtm``) and ``wengert.scipy.signal``
(``convolve``), against finite differences and SciPy's own values, real and complex.
Skipped as a whole when SciPy is not installed.

``tests/test_coverage.py`` runs every case here again at second order and in forward
mode (the complex cases too: these functions are not in its complex pass, which covers
ufuncs and NumPy's array functions, so their complex variants are cases here).
"""
import numpy as np
import pytest

sl = pytest.importorskip("scipy.linalg", reason="SciPy is not installed: it is the optional "
                         'extra of wengert (pip install "wengert[scipy]")')
ss = pytest.importorskip("scipy.signal", reason="SciPy is not installed: it is the optional "
                         'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402
import wengert.scipy.linalg as wsl  # noqa: E402
import wengert.scipy.signal as wss  # noqa: E402
from opcheck import case, crand, gradient_test, ids, rand  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

#: a well-conditioned matrix (its triangles too), a complex one and right-hand sides.
A = rand((3, 3), seed=1) + 3.0 * np.eye(3)
AC = A + 1j * rand((3, 3), seed=2)
B2, B1 = rand((3, 2), seed=3), rand((3,), seed=4)
B2C = B2 + 1j * rand((3, 2), seed=5)
TRIANGULAR = [(trans, lower, unit) for trans in (0, 1, 2, "N", "T", "C")
              for lower, unit in ((True, False), (False, True))] + [(1, True, True), (0, False, False)]


def _tri(trans, lower, unit):
    return lambda a, b: wsl.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit)


SOLVE_TRIANGULAR_CASES = [
    *[case(wsl.solve_triangular, _tri(*flags), A, B2 if i % 2 else B1,
           id=f"solve_triangular-{flags}") for i, flags in enumerate(TRIANGULAR)],
    *[case(wsl.solve_triangular, _tri(trans, lower, False), AC, B2C, id=f"solve_triangular-complex-{trans}-{lower}")
      for trans in (0, 1, 2) for lower in (True, False)],
    case(wsl.solve_triangular, _tri("C", True, True), AC, B1, id="solve_triangular-complex-a-real-b"),
    case(wsl.solve_triangular, _tri(2, False, False), A, B2C, id="solve_triangular-real-a-complex-b"),
    case(wsl.solve_triangular, _tri(0, True, False), np.array([[2.0]]), np.array([3.0]),
         id="solve_triangular-1x1"),
]

M = rand((3, 3), seed=6)
SPD = M @ M.T + np.eye(3)
SQRTM_CASES = [
    case(wsl.sqrtm, wsl.sqrtm, SPD, id="sqrtm-spd"),
    case(wsl.sqrtm, wsl.sqrtm, A, id="sqrtm-general"),
    case(wsl.sqrtm, wsl.sqrtm, AC, id="sqrtm-complex"),
    case(wsl.sqrtm, wsl.sqrtm, np.array([[-1.0, 0.3], [0.2, 4.0]]), id="sqrtm-negative-eigenvalue"),
    case(wsl.sqrtm, wsl.sqrtm, np.array([[0.5, 2.0], [0.0, 0.7]]), id="sqrtm-nonnormal"),
    case(wsl.sqrtm, wsl.sqrtm, np.array([[2.0]]), id="sqrtm-1x1"),
]

SB = rand((2, 2), seed=7) + 2.0 * np.eye(2)
Q = rand((3, 2), seed=8)
SYLVESTER_CASES = [
    case(wsl.solve_sylvester, wsl.solve_sylvester, A, SB, Q, id="solve_sylvester"),
    *[case(wsl.solve_sylvester, lambda x, _i=i: wsl.solve_sylvester(*((A, SB, Q)[:_i] + (x,) + (A, SB, Q)[_i + 1:])),
           (A, SB, Q)[i], id=f"solve_sylvester-arg{i}") for i in range(3)],
    case(wsl.solve_sylvester, wsl.solve_sylvester, AC, SB, Q + 1j * rand((3, 2), seed=9),
         id="solve_sylvester-complex"),
    case(wsl.solve_sylvester, wsl.solve_sylvester, A, SB, Q + 1j, id="solve_sylvester-complex-q"),
]

#: (shape of in1, shape of in2): odd and even sizes, in2 larger than in1, 1-d to 3-d, size 1.
CONVOLVE_SHAPES = [((5,), (3,)), ((4,), (2,)), ((3,), (5,)), ((2,), (4,)), ((4, 5), (2, 3)),
                   ((2, 3), (4, 5)), ((3, 2, 2), (2, 2, 1)), ((1,), (1,)), ((), ())]


def _conv(mode, method):
    return lambda x, k: wss.convolve(x, k, mode=mode, method=method)


CONVOLVE_CASES = [
    case(wss.convolve, _conv(mode, method), rand(s1, seed=i), rand(s2, seed=i + 20),
         id=f"convolve-{s1}-{s2}-{mode}-{method}")
    for i, (s1, s2) in enumerate(CONVOLVE_SHAPES) for mode in ("full", "same", "valid")
    for method in (("direct", "fft") if i in (0, 4) else ("auto",))
] + [
    case(wss.convolve, _conv(mode, "auto"), crand((4,), seed=30), crand((3,), seed=31),
         id=f"convolve-complex-{mode}") for mode in ("full", "same", "valid")
] + [
    case(wss.convolve, _conv("same", "fft"), rand((3, 4), seed=32), crand((2, 2), seed=33),
         id="convolve-real-complex-fft"),
    case(wss.convolve, lambda x: wss.convolve(x, x), rand((3,), seed=34), id="convolve-self"),
]



def _band(lower, upper, n, seed):
    ab = rand((lower + upper + 1, n), seed=seed)
    ab[upper] += 3.0  # the diagonal: well conditioned
    return ab


#: (l, u, n): tridiagonal, diagonal, unequal widths both ways, a band wider than the matrix, n = 1.
BANDS = [(1, 1, 4), (0, 0, 3), (2, 1, 5), (0, 2, 4), (1, 0, 3), (3, 0, 2), (1, 2, 1)]
SOLVE_BANDED_CASES = [
    *[case(wsl.solve_banded, lambda ab, b, _lu=(lo, up): wsl.solve_banded(_lu, ab, b),
           _band(lo, up, n, i), rand((n,) if i % 2 else (n, 2), seed=i + 40), id=f"solve_banded-{lo}-{up}-{n}")
      for i, (lo, up, n) in enumerate(BANDS)],
    case(wsl.solve_banded, lambda ab, b: wsl.solve_banded((1, 2), ab, b),
         _band(1, 2, 4, 50) + 1j * rand((4, 4), seed=51), crand((4,), seed=52), id="solve_banded-complex"),
    case(wsl.solve_banded, lambda ab, b: wsl.solve_banded((2, 0), ab, b),
         _band(2, 0, 3, 53), crand((3, 2), seed=54), id="solve_banded-real-ab-complex-b"),
    case(wsl.solve_banded, lambda ab, b: wsl.solve_banded((1, 1), ab, b),
         _band(1, 1, 1, 55) + 1j, rand((1,), seed=56), id="solve_banded-complex-ab-real-b-1x1"),
]

CASES = (SOLVE_TRIANGULAR_CASES + SOLVE_BANDED_CASES + SQRTM_CASES + SYLVESTER_CASES
         + CONVOLVE_CASES)


test_gradient = gradient_test(CASES)


def test_every_linalg_and_signal_function_has_a_case():
    covered = {id(fn) for c in CASES for fn in c.covers}
    table = wengert.scipy.supported()
    names = [n for n in table if n.split(".")[0] in ("linalg", "signal")]
    expected = ["linalg.solve_banded", "linalg.solve_sylvester", "linalg.solve_triangular",
                "linalg.sqrtm", "signal.convolve"]
    # (the others' cases are in these files)
    from test_ops_scipy_linalg_more import NAMES as more
    from test_ops_scipy_linalg_lu_eig_funm import NAMES as lu_eig_funm
    from test_ops_scipy_lyapunov import LINALG_NAMES as lyapunov
    from test_ops_scipy_schur import LINALG
    from test_ops_scipy_signal import SIGNAL
    from test_ops_scipy_structured_matrices import CONSTRUCTORS
    from test_ops_scipy_hessenberg_tridiagonal_qr import LINALG as reductions
    from test_ops_scipy_spectral import SIGNAL as spectral
    from test_ops_scipy_gamma_family_functions import LINALG_NAMES as spectra
    # (the filters' cases: tests/test_ops_scipy_lfilter.py, test_ops_scipy_savgol.py, test_ops_scipy_sosfilt.py,
    # test_ops_scipy_filtfilt.py)
    filters = ("lfilter", "savgol_filter", "sosfilt", "filtfilt", "lfilter_zi")
    assert sorted(names) == sorted(expected + [f"linalg.{n}" for n in more + lu_eig_funm + lyapunov + LINALG
                                               + CONSTRUCTORS + reductions + spectra]
                                   + [f"signal.{n}" for n in SIGNAL + ("detrend",) + spectral + filters])
    names = expected
    assert all(table[n] == "gradient" for n in names)
    module = {"linalg": wsl, "signal": wss}
    assert [n for n in names if id(getattr(module[n.split(".")[0]], n.split(".")[1])) not in covered] == []


def _scipy_sylvester(a, b, q):
    """SciPy's solve_sylvester, all complex if one argument is (where SciPy's mixed answer is
    wrong: test_solve_sylvester_is_right_where_scipys_is_not)."""
    if any(np.iscomplexobj(x) for x in (a, b, q)):
        a, b, q = (np.asarray(x, dtype=complex) for x in (a, b, q))
    return sl.solve_sylvester(a, b, q)


def _scipy_banded(l_and_u, ab, b):
    """SciPy's solve_banded, b cast to ab's type first (with n = 1 SciPy divides b in place);
    for n = 1 the dense solve, as SciPy before 1.17 divides by the wrong entry there."""
    b = np.asarray(b, dtype=np.result_type(ab, b))
    if np.shape(ab)[1] == 1:
        return np.linalg.solve(ab[l_and_u[1]:l_and_u[1] + 1], b)
    return sl.solve_banded(l_and_u, ab, b)


#: SciPy's own function for each of wengert's.
SCIPYS = {"solve_triangular": sl.solve_triangular, "sqrtm": sl.sqrtm, "solve_banded": _scipy_banded,
          "solve_sylvester": _scipy_sylvester, "convolve": ss.convolve}


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_values_are_scipys(c, monkeypatch):
    # the case's function run again with SciPy's function in place of wengert's
    name = c.covers[0].__name__
    ours = c.f(*c.args)
    monkeypatch.setattr(wss if name == "convolve" else wsl, name, SCIPYS[name])
    theirs = c.f(*c.args)
    assert type(ours) is type(theirs) and ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


def test_solve_sylvester_is_right_where_scipys_is_not():
    # real a with complex eigenvalues, complex q: SciPy 1.17 returns a wrong x silently
    assert np.iscomplexobj(np.linalg.eigvals(A))
    q = Q + 1j * Q[::-1]
    x = wsl.solve_sylvester(A, SB, q)
    np.testing.assert_allclose(A @ x + x @ SB, q, atol=1e-13)
    x = wsl.solve_sylvester(AC, SB.T @ SB + np.array([[0.0, 1.0], [-1.0, 0.0]]), q)
    np.testing.assert_allclose(AC @ x + x @ (SB.T @ SB + np.array([[0.0, 1.0], [-1.0, 0.0]])), q, atol=1e-13)


@pytest.mark.parametrize("lower, unit", [(True, False), (False, False), (True, True), (False, True)])
def test_solve_triangular_unread_entries_get_exactly_zero(lower, unit):
    g = wg.grad_bp(lambda a: np.sum(wsl.solve_triangular(a, B2, lower=lower, unit_diagonal=unit) ** 2), A)
    unread = np.triu(np.ones((3, 3)), 0 if unit else 1) if lower else np.tril(np.ones((3, 3)), 0 if unit else -1)
    assert np.all(g[unread == 1] == 0) and np.all(g[unread == 0] != 0)


@pytest.mark.parametrize("lower, upper, n", BANDS)
def test_solve_banded_unread_corners_get_exactly_zero(lower, upper, n):
    g = wg.grad_bp(lambda ab: np.sum(wsl.solve_banded((lower, upper), ab, np.arange(1.0, n + 1)) ** 2),
                   _band(lower, upper, n, 60))
    rows, cols = np.indices(g.shape)
    read = (rows - upper + cols >= 0) & (rows - upper + cols < n)  # ab[r, j] = a[r - u + j, j]
    assert np.all(g[~read] == 0) and np.all(g[read] != 0)


@pytest.mark.parametrize("lower, upper", [(0, 0), (1, 0), (0, 2), (1, 2), (3, 1)])
def test_solve_banded_of_one_unknown_divides_by_the_diagonal(lower, upper):
    # SciPy before 1.17 divides by ab[1, 0] whatever (l, u) is: wengert solves 1 x 1 itself.
    ab = np.arange(2.0, lower + upper + 3.0).reshape(-1, 1)
    np.testing.assert_array_equal(wsl.solve_banded((lower, upper), ab, np.array([6.0])), [6.0 / ab[upper, 0]])
    g = wg.grad_bp(lambda ab: wsl.solve_banded((lower, upper), ab, np.array([6.0]))[0], ab)
    expected = np.zeros_like(ab)
    expected[upper, 0] = -6.0 / ab[upper, 0] ** 2
    np.testing.assert_allclose(g, expected, rtol=1e-15)
    with pytest.raises(ValueError, match="infs or NaNs"):
        wsl.solve_banded((lower, upper), ab, np.array([np.nan]))


def test_solve_banded_refusals():
    with pytest.raises(np.linalg.LinAlgError, match="singular"):
        wsl.solve_banded((0, 0), np.zeros((1, 1)), np.ones(1))
    with pytest.raises(np.linalg.LinAlgError, match="singular"):
        wsl.solve_banded((1, 0), np.array([[1.0, 0.0], [1.0, 0.0]]), np.ones(2))
    with pytest.raises(ValueError, match=r"ab must have shape .* = \(3, n\)"):
        wsl.solve_banded((1, 1), np.ones((2, 3)), np.ones(3))
    with pytest.raises(ValueError, match="b must have shape"):
        wsl.solve_banded((1, 1), np.ones((3, 3)), np.ones(2))


def test_solve_triangular_singular_triangle_is_refused():
    singular = np.triu(A)
    singular[1, 1] = 0.0
    with pytest.raises(np.linalg.LinAlgError, match=r"solve_triangular: the triangle is singular \(a\[1, 1\]"):
        wg.grad_bp(lambda a: np.sum(wsl.solve_triangular(a, B1)), singular)
    # with unit_diagonal the diagonal is not read: no error
    check_grads(lambda a: wsl.solve_triangular(a, B1, unit_diagonal=True), singular, order=2)


@pytest.mark.parametrize("call, match", [
    (lambda: wsl.solve_triangular(A, B1, trans=3), "trans must be"),
    (lambda: wsl.solve_triangular(A[:2], B1), "square matrix"),
    (lambda: wsl.solve_triangular(A, np.ones(2)), "b must have shape"),
    (lambda: wsl.solve_sylvester(A, SB, Q.T), "q must have shape"),
    (lambda: wsl.sqrtm(np.ones(3)), "square matrix"),
])
def test_invalid_arguments_raise(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_solve_sylvester_without_a_unique_solution_is_refused():
    with pytest.raises(np.linalg.LinAlgError, match="no unique solution"):
        wsl.solve_sylvester(np.diag([1.0, 2.0]), -np.diag([2.0, 5.0]), np.ones((2, 2)))
    with pytest.raises(np.linalg.LinAlgError, match="no unique solution"):  # nearly
        wsl.solve_sylvester(np.array([[1.0]]), np.array([[-1.0 + 1e-12]]), np.ones((1, 1)))


@pytest.mark.parametrize("matrix", [
    np.zeros((2, 2)), np.diag([4.0, 0.0]), np.array([[1.0, 1.0], [1.0, 1.0]]),
    # S's eigenvalue 2.1e-8 (sqrt of the rounding 4.4e-16), above the pair-sum tolerance: the
    # gradient of trace(sqrtm(A)) was 1.19e7 (entries +-1.19e7, infinite in truth)
    np.array([[2.0, 2.0], [2.0, 2.0]]),
], ids=["zero", "singular-diagonal", "rank-one", "rank-one-rounded"])
@pytest.mark.filterwarnings("ignore::scipy.linalg.LinAlgWarning")  # SciPy's, on its value
def test_sqrtm_of_a_singular_matrix_has_no_derivative(matrix):
    np.testing.assert_allclose(wsl.sqrtm(matrix), sl.sqrtm(matrix), rtol=1e-15)  # the value is SciPy's
    with pytest.raises(np.linalg.LinAlgError, match="sqrtm has no derivative here"):
        wg.grad_bp(lambda a: np.sum(wsl.sqrtm(a)), matrix)
    with pytest.raises(np.linalg.LinAlgError, match="sqrtm has no derivative here"):
        wg.jvp(wsl.sqrtm, (matrix,), (np.ones((2, 2)),))


def _mp_sylvester_adjoint(st, w):
    # Y (flattened) with S^T Y + Y S^T = w, in mpmath (st = S^T, an mpmath matrix; the working precision the caller's)
    import mpmath
    n = st.rows
    k = mpmath.zeros(n * n, n * n)
    for i in range(n):
        for j in range(n):
            for p in range(n):
                k[i * n + j, p * n + j] += st[i, p]
                k[i * n + j, i * n + p] += st[p, j]
    return mpmath.lu_solve(k, mpmath.matrix([mpmath.mpf(w[i][j]) for i in range(n) for j in range(n)]))


def _sqrtm_sum_gradient_truth(a):
    # d sum(sqrtm(A)) / dA = Y, S^T Y + Y S^T = ones, at 60 digits (S from mpmath's eigenvectors)
    mpmath = pytest.importorskip("mpmath")
    n = len(a)
    with mpmath.workdps(60):
        e, v = mpmath.eig(mpmath.matrix(a.tolist()))
        st = (v * mpmath.diag([mpmath.sqrt(x) for x in e]) * v ** -1).T
        y = _mp_sylvester_adjoint(st, np.ones((n, n)))
        return np.array([[float(mpmath.re(y[i * n + j])) for j in range(n)] for i in range(n)])


_Q3 = np.linalg.qr(np.random.default_rng(2).standard_normal((3, 3)))[0]


@pytest.mark.parametrize("matrix", [np.array([[1.0, 2.0], [0.5, 1.0 + 1e-13]]), _Q3 @ np.diag([1.0, 0.5, 1e-10]) @ _Q3.T],
                         ids=["2x2-1e-13", "3x3-1e-10"])
def test_sqrtm_derivative_refused_near_singular_where_it_keeps_no_digits(matrix):
    # A's small eigenvalue is known to eps ||A|| only, so the derivative of its square root is off
    # by about eps kappa(A): 2.2e-3 at [[1, 2], [0.5, 1 + 1e-13]], 3.7e-7 at the 3 x 3 (against
    # 60-digit mpmath), where the pair-sum tolerance (sqrt(eps)) let them through; now refused
    with pytest.raises(np.linalg.LinAlgError, match="sqrtm has no derivative here to working accuracy"):
        wg.grad(lambda a: np.sum(wsl.sqrtm(a)))(matrix)


@pytest.mark.parametrize("small", [1e-10, 1e-14])
def test_sqrtm_derivative_of_a_diagonal_matrix_near_singular_is_kept(small):
    """diag(1, small): refused as near singular ("no derivative here to working accuracy"), but
    a diagonal A's eigenvalues are exact, and the rule's derivative keeps its digits: now given.
    Truth: sum(W * dS) along E is sum(W * E / (s_i + s_j)) (S diagonal: S dS + dS S = E entry
    by entry), here in exact rationals but for the square roots (mpmath, 30 digits)."""
    import mpmath as mp

    a, w, e = np.diag([1.0, small]), np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[0.3, -1.0], [2.0, 0.7]])
    with mp.workdps(30):
        s = [mp.sqrt(mp.mpf(1.0)), mp.sqrt(mp.mpf(small))]
        truth = float(mp.fsum(mp.mpf(w[i, j]) * mp.mpf(e[i, j]) / (s[i] + s[j]) for i in range(2) for j in range(2)))
    got = np.sum(wg.grad(lambda m: np.sum(w * wsl.sqrtm(m)))(a) * e)
    assert got == pytest.approx(truth, rel=1e-14)
    assert wg.jvp(lambda m: np.sum(w * wsl.sqrtm(m)), (a,), (e,))[1] == pytest.approx(truth, rel=1e-14)


@pytest.mark.parametrize("matrix", [np.array([[1.0, 0.5], [0.0, 1e-10]]), np.array([[4.0, 2.0, -1.0], [0.0, 1.0, 3.0], [0.0, 0.0, 1e-10]])],
                         ids=["2x2", "3x3"])
def test_sqrtm_derivative_of_a_triangular_matrix_near_singular_is_kept(matrix):
    # refused (estimated 1.1e-6 from A's rounding moving its small eigenvalue), but an upper triangular A's
    # eigenvalues are its diagonal, exact: the derivative was 5e-12 off mpmath's (entrywise) at the 2 x 2
    truth = _sqrtm_sum_gradient_truth(matrix)
    np.testing.assert_allclose(wg.grad(lambda m: np.sum(wsl.sqrtm(m)))(matrix), truth, rtol=1e-10)
    e = np.triu(np.ones_like(matrix)) + 0.5 * np.tril(np.ones_like(matrix), -1)
    assert wg.jvp(lambda m: np.sum(wsl.sqrtm(m)), (matrix,), (e,))[1] == pytest.approx(np.sum(truth * e), rel=1e-10)


def _triangular_sqrtm_gradient_truth(a, w, direction=None, tangent=None):
    # the gradient of sum(w * sqrtm(A)) at an upper triangular A, Y with S^T Y + Y S^T = w (S by the triangular
    # recurrence at 60 digits: A is its own Schur form, where mpmath's sqrtm iteration does not converge);
    # with direction (upper triangular), its derivative along it (mpmath's diff of that, the Hessian times it);
    # with tangent, the derivative sum(Y * tangent) (in 60 digits: its terms cancel)
    import mpmath as mp

    n = len(a)

    def gradient(t):
        m = [[mp.mpf(a[i][j]) + t * mp.mpf(0 if direction is None else direction[i][j]) for j in range(n)]
             for i in range(n)]
        s = mp.zeros(n, n)
        for i in range(n):
            s[i, i] = mp.sqrt(m[i][i])
        for d in range(1, n):
            for i in range(n - d):
                j = i + d
                s[i, j] = (m[i][j] - mp.fsum(s[i, k] * s[k, j] for k in range(i + 1, j))) / (s[i, i] + s[j, j])
        return _mp_sylvester_adjoint(s.T, w)

    with mp.workdps(60):
        if tangent is not None:
            y = gradient(mp.mpf(0))
            return float(mp.fsum(y[i * n + j] * mp.mpf(tangent[i][j]) for i in range(n) for j in range(n)))
        if direction is None:
            y = gradient(mp.mpf(0))
            return np.array([[float(y[i * n + j]) for j in range(n)] for i in range(n)])
        return np.array([[float(mp.diff(lambda t: gradient(t)[i * n + j], 0)) for j in range(n)] for i in range(n)])


_TRIANGULAR_W = np.array([[0.3, -1.0, 0.5], [0.2, 0.7, -0.4], [1.1, 0.1, 0.9]])


@pytest.mark.parametrize("matrix", [np.array([[1e-12, 1.0, 0.0], [0.0, 1e-12, 1.0], [0.0, 0.0, 1.0]]),
                                    np.array([[1.0, 1.0, 1.0], [0.0, 1e-20, 1.0], [0.0, 0.0, 2.0]]),
                                    np.array([[1e-8, 1.0, 1.0], [0.0, 2e-8, 1.0], [0.0, 0.0, 3e-8]])],
                         ids=["1e-12-twice", "1e-20", "1e-8-nonnormal"])
def test_sqrtm_derivative_of_a_3x3_triangular_matrix_is_given_where_it_exists(matrix):
    # refused ("no derivative here to working accuracy", estimates 5.1, 6.5e15; "two eigenvalues of sqrtm(A) sum
    # to (nearly) 0" at 1e-20: the pair sums' relative sqrt(eps)), where S dS + dS S = dA has its unique solution
    # (no two of S's eigenvalues, its diagonal, sum to 0) and the triangular substitution keeps every entry's digits:
    # now 5e-16 off the truth (mpmath, 60 digits), entry by entry; every mode
    w = _TRIANGULAR_W
    truth = _triangular_sqrtm_gradient_truth(matrix, w)

    def f(m):
        return np.sum(w * np.real(wsl.sqrtm(m)))
    for got in (wg.grad(f)(matrix), wg.grad(wg.jit(f))(matrix)):
        np.testing.assert_allclose(got, truth, rtol=1e-13, atol=0)
    e = np.triu(np.array([[1.0, -0.5, 2.0], [0.0, 0.3, 1.0], [0.0, 0.0, 0.7]]))
    assert wg.jvp(f, (matrix,), (e,))[1] == pytest.approx(_triangular_sqrtm_gradient_truth(matrix, w, tangent=e), rel=1e-13)
    # second order along an upper triangular direction (the Hessian times it), reverse over reverse and forward
    # over reverse, against mpmath's derivative of the truth
    d = np.triu(np.array([[0.5, -1.0, 2.0], [0.0, 0.25, 1.0], [0.0, 0.0, -0.5]])) * np.abs(np.diagonal(matrix)).min()
    hvp_truth = _triangular_sqrtm_gradient_truth(matrix, w, d)
    for hvp in (wg.grad(lambda m: np.sum(wg.grad(f)(m) * d))(matrix), wg.jvp(wg.grad(f), (matrix,), (d,))[1]):
        np.testing.assert_allclose(hvp, hvp_truth, rtol=1e-10, atol=0)


@pytest.mark.filterwarnings("ignore::scipy.linalg.LinAlgWarning")
def test_sqrtm_derivative_of_a_triangular_matrix_refused_where_it_does_not_exist_or_cancels():
    # a zero on the diagonal: S's eigenvalues 0 + 0 sum to 0, no unique solution
    singular = np.array([[0.0, 1.0, 0.0], [0.0, 1.0, 1.0], [0.0, 0.0, 4.0]])
    with pytest.raises(np.linalg.LinAlgError, match="two eigenvalues of sqrtm.A. sum to 0"):
        wg.grad(lambda m: np.sum(np.real(wsl.sqrtm(m))))(singular)
    # a cotangent whose substitution cancels (r_01 = w_10 - s_01 (x_00 + x_11), x_11 = 1 / (2e-10)): the running bound
    # refuses (5.3e5 of the entry) rather than give an entry with no digits
    a = np.array([[1.0, 1.0], [0.0, 1e-20]])
    s = np.real(wsl.sqrtm(a))
    w = np.array([[1.0, 0.0], [s[0, 1] * (1 / (2 * s[1, 1]) + 1 / (2 * s[0, 0])), 1.0]])
    with pytest.raises(np.linalg.LinAlgError, match="to working accuracy"):
        wg.grad(lambda m: np.sum(w * wsl.sqrtm(m)))(a)
    # forward mode along a tangent with entries below the diagonal, whose solve cancels: 2e-5 off the truth (mpmath)
    # without the bound, refused with it
    a = np.array([[1e-12, 1.0, 0.0], [0.0, 1e-12, 1.0], [0.0, 0.0, 1.0]])
    e = np.triu(np.ones((3, 3))) + 0.5 * np.tril(np.ones((3, 3)), -1)
    with pytest.raises(np.linalg.LinAlgError, match="to working accuracy"):
        wg.jvp(lambda m: np.sum(_TRIANGULAR_W * np.real(wsl.sqrtm(m))), (a,), (e,))


def test_sqrtm_derivative_kept_near_singular_where_it_is_accurate():
    # eigenvalues (1, 0.5, 1e-8): estimated 8e-9, 3e-11 off the truth
    a = _Q3 @ np.diag([1.0, 0.5, 1e-8]) @ _Q3.T
    np.testing.assert_allclose(wg.grad(lambda m: np.sum(wsl.sqrtm(m)))(a), _sqrtm_sum_gradient_truth(a), rtol=1e-9)


@pytest.mark.filterwarnings("ignore::scipy.linalg.LinAlgWarning")
def test_polar_of_a_singular_square_matrix_has_no_derivative():
    # p = sqrtm(a^T a) = |a| has a kink at a singular a: at [[1, 1], [1, 1]] (a^T a = [[2, 2], [2, 2]])
    # the gradient of sum(p) was [1, 1, 1, 1] and of sum(u) +-7.9e-9, silently
    a = np.array([[1.0, 1.0], [1.0, 1.0]])
    for part in (0, 1):
        with pytest.raises(np.linalg.LinAlgError, match="sqrtm has no derivative here"):
            wg.grad(lambda m: np.sum(wsl.polar(m)[part]))(a)


def test_sqrtm_gradient_is_the_inverse_of_squaring():
    # d sqrtm(A)[dA] solves S X + X S = dA: compare the JVP with that, from the square's side
    s = wsl.sqrtm(SPD)
    d = rand((3, 3), seed=11)
    _, tangent = wg.jvp(wsl.sqrtm, (SPD,), (d,))
    np.testing.assert_allclose(s @ tangent + tangent @ s, d, atol=1e-12)


def test_convolve_valid_swaps_arguments_as_scipy_does():
    x, k = rand((2,), seed=12), rand((5,), seed=13)
    np.testing.assert_allclose(wss.convolve(x, k, mode="valid"), ss.convolve(x, k, mode="valid"), rtol=1e-15)
    g = wg.grad_bp(lambda k: np.sum(wss.convolve(x, k, mode="valid") * np.arange(1.0, 5.0)), k)
    # valid of lengths 2 and 5: out[i] = x[0] k[i + 1] + x[1] k[i]
    w = np.arange(1.0, 5.0)
    expected = np.zeros(5)
    expected[1:] += x[0] * w
    expected[:4] += x[1] * w
    np.testing.assert_allclose(g, expected, rtol=1e-12)


def test_convolve_empty_and_mismatched_inputs():
    # SciPy gives an empty result for an empty in1 in mode 'same' only (else it raises)
    gx, gk = wg.grad(lambda x, k: np.sum(wss.convolve(x, k, mode="same", method="direct")),
                     argnums=(0, 1))(np.ones(0), np.ones(3))
    assert gx.shape == (0,)
    np.testing.assert_array_equal(gk, np.zeros(3))
    with pytest.raises(ValueError, match="cannot be empty"):
        wss.convolve(np.ones(3), np.ones(0))
    with pytest.raises(ValueError):
        wss.convolve(np.ones((2, 2)), np.ones(2))
    with pytest.raises(ValueError):
        wss.convolve(np.ones((3, 2)), np.ones((2, 4)), mode="valid")


def test_these_functions_are_recorded_only_through_wengert_scipy():
    # SciPy's own functions convert a Var to an array, which a Var refuses: the error
    # comes from wengert, never a silent constant.
    with pytest.raises(TypeError, match="use wengert.scipy.special.*wengert.scipy.linalg"):
        wg.grad_bp(lambda a: np.sum(sl.sqrtm(a)), SPD)
    with pytest.raises(TypeError, match="wengert.scipy.signal"):
        wg.grad_bp(lambda a: np.sum(ss.convolve(a, a)), B1)


def test_a_stack_of_matrices_goes_matrix_by_matrix():
    """SciPy (>= 1.15) takes a stack of square matrices in sqrtm and logm; wengert refused it
    ("A must be a square matrix (2-d), got shape (2, 2, 2)"). Now each matrix in turn: the
    values SciPy's own matrix by matrix; sqrtm's <grad, E> along a direction per matrix the
    Frechet derivative's (the upper right block of sqrtm([[A, E], [0, A]]), mpmath at 30
    digits), by reverse and forward mode; logm of a stack of 1x1 matrices (SciPy's logm is
    slow: 0.2 s on a 4x4 block) against log's derivative 1 / a; a stack whose one matrix has a
    complex root is complex."""
    import mpmath as mp

    stack = np.stack([np.array([[4.0, 1.0], [0.5, 3.0]]), np.array([[2.0, 0.3], [0.1, 5.0]])])
    e = np.stack([np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[0.0, 1.0], [2.0, -1.0]])])
    for a, out in zip(stack, wsl.sqrtm(stack)):
        np.testing.assert_array_equal(out, sl.sqrtm(a))
    with mp.workdps(30):
        truth = 0.0
        for a, d in zip(stack, e):
            block = mp.sqrtm(mp.matrix(np.block([[a, d], [np.zeros((2, 2)), a]]).tolist()))
            truth += float(mp.fsum(block[r, c + 2] for r in range(2) for c in range(2)))
    loss = lambda x: np.sum(wsl.sqrtm(x))  # noqa: E731
    assert np.sum(wg.grad(loss)(stack) * e) == pytest.approx(truth, rel=1e-13)
    assert wg.jvp(loss, (stack,), (e,))[1] == pytest.approx(truth, rel=1e-13)
    mixed = np.stack([stack[0], np.array([[-2.0, 0.3], [0.1, 5.0]])])
    assert wsl.sqrtm(mixed).dtype == np.complex128
    np.testing.assert_array_equal(wsl.sqrtm(mixed)[1], sl.sqrtm(mixed[1]))
    ones = np.array([2.0, 0.5, 3.0]).reshape(3, 1, 1)
    np.testing.assert_allclose(wsl.logm(ones), np.log(ones), rtol=1e-15)
    np.testing.assert_allclose(wg.grad(lambda x: np.sum(wsl.logm(x)))(ones), 1.0 / ones, rtol=1e-15)
    assert wg.jvp(lambda x: np.sum(wsl.logm(x)), (ones,), (ones,))[1] == pytest.approx(3.0, rel=1e-15)


@pytest.mark.parametrize("trans", [0, 1, 2])
def test_lu_solve_broadcasts_stacked_factors_and_right_hand_sides_as_scipy(trans):
    # lu_solve of lu_factor(a stack) was refused, and a b of shape (..., n, k) with one matrix's factors an
    # IndexError or solve_triangular's "b must have shape (n,) or (n, k)", where SciPy >= 1.15 broadcasts the
    # leading shapes: (2, 3, 3) factors with b (3,) -> (2, 3) (SciPy 1.17; 1.15 refuses this one), (3, 2) -> (2, 3, 2),
    # (4, 1, 3, 2) -> (4, 2, 3, 2); one matrix's with (4, 3, 2). Truth: each matrix's own solve (np.linalg.solve of a,
    # a^T or a^H); SciPy's value too where it broadcasts. The derivatives: finite differences, first and second order,
    # both modes
    rng = np.random.default_rng(5)
    stack = rng.standard_normal((2, 3, 3)) + 3.0 * np.eye(3) + 1j * rng.standard_normal((2, 3, 3))
    op = (lambda a: a, lambda a: a.T, lambda a: a.conj().T)[trans]
    for a, shape in ((stack, (3,)), (stack, (3, 2)), (stack, (4, 1, 3, 2)), (stack[0], (4, 3, 2))):
        b = rng.standard_normal(shape)
        got = wsl.lu_solve(wsl.lu_factor(a), b, trans=trans)
        mats = np.broadcast_to(a, np.broadcast_shapes(a.shape[:-2], shape[:-2]) + (3, 3))
        rhs = np.broadcast_to(b if len(shape) > 1 else b[:, None], mats.shape[:-2] + (3, shape[-1] if len(shape) > 1 else 1))
        want = np.array([np.linalg.solve(op(mats[i]), rhs[i]) for i in np.ndindex(mats.shape[:-2])]).reshape(rhs.shape)
        np.testing.assert_allclose(got, want if len(shape) > 1 else want[..., 0], rtol=1e-13, atol=1e-15)
        try:
            theirs = sl.lu_solve(sl.lu_factor(a), b, trans=trans)
        except ValueError:  # (SciPy < 1.15 does not broadcast; 1.15 not a 1-d b against a stack)
            continue
        np.testing.assert_allclose(got, theirs, rtol=1e-13, atol=1e-15)
    with pytest.raises(ValueError, match=r"shapes of lu \(3, 3\) and b \(2, 3\) are incompatible"):  # (as SciPy)
        wsl.lu_solve(wsl.lu_factor(stack), np.ones((2, 3)))
    real = stack.real
    check_grads(lambda a, b: wsl.lu_solve(wsl.lu_factor(a), b, trans=trans), real, rng.standard_normal((1, 3, 2)),
                order=2, modes=("rev", "fwd"))
    f = wg.jit(lambda a, b: np.sum(wsl.lu_solve(wsl.lu_factor(a), b, trans=trans) ** 2))
    b = rng.standard_normal((3,))
    for _ in range(2):  # (recorded, then replayed)
        np.testing.assert_allclose(wg.grad(f, argnums=(0, 1))(real, b)[1],
                                   wg.grad(lambda a, b: np.sum(wsl.lu_solve(wsl.lu_factor(a), b, trans=trans) ** 2),
                                           argnums=(0, 1))(real, b)[1], rtol=1e-14)



def test_lu_solve_of_a_stack_with_no_right_hand_side_columns():
    # b of shape (..., n, 0) with stacked factors or stacked b: "cannot reshape array of size 0 into shape (3,0)"
    # (the flattening's -1 cannot be inferred from 0 entries), where SciPy (1.17) returns the empty (..., n, 0);
    # now the same shape, and the empty gradient (truth: the shape, the only content of an empty array)
    a = np.eye(3) + 0.1
    for factors, shape in ((a, (4, 3, 0)), (np.stack([a, 2.0 * a]), (2, 3, 0)), (np.stack([a, 2.0 * a]), (3, 0))):
        got = wsl.lu_solve(wsl.lu_factor(factors), np.zeros(shape))
        assert got.shape == np.broadcast_shapes(factors.shape[:-2], shape[:-2]) + (3, 0)
    assert wg.grad(lambda b: np.sum(wsl.lu_solve(wsl.lu_factor(a), b)))(np.zeros((4, 3, 0))).shape == (4, 3, 0)

def test_lu_and_hessenberg_of_a_stack_go_matrix_by_matrix():
    """(lu_factor too, below.) SciPy's lu takes a stack of matrices (1.13 and 1.17 alike), hessenberg from 1.15 on; wengert refused both
    ("a must be a square matrix (2-d)"). Now each matrix in turn, on every SciPy: values SciPy's own matrix by
    matrix; lu's gradient of sum(l[.., 1, 0] + 2 u[.., 1, 1]) exact (fractions: l10 = c / a, u11 = d - b c / a,
    the rows swapped where |c| > |a|), by reverse and forward mode; hessenberg's each matrix's own."""
    from fractions import Fraction as F

    stack = np.array([[[2.0, 3.0], [1.0, 5.0]], [[1.0, 4.0], [-4.0, 3.0]]])
    truth = []
    for (a, b), (c, d) in stack.tolist():
        if abs(c) > abs(a):  # (partial pivoting: the rows swapped)
            a, b, c, d = c, d, a, b
        a, b, c, d = (F(t) for t in (a, b, c, d))
        grad = {"a": -c / a ** 2 + 2 * b * c / a ** 2, "b": -2 * c / a, "c": 1 / a - 2 * b / a, "d": F(2)}
        swap = abs(stack[len(truth)][1, 0]) > abs(stack[len(truth)][0, 0])
        rows = [["c", "d"], ["a", "b"]] if swap else [["a", "b"], ["c", "d"]]
        truth.append([[float(grad[k]) for k in row] for row in rows])
    for p, m in zip(wsl.lu(stack), zip(*(sl.lu(a) for a in stack))):
        np.testing.assert_array_equal(p, np.stack(m))
    loss = lambda x: np.sum(wsl.lu(x)[1][..., 1, 0] + 2 * wsl.lu(x)[2][..., 1, 1])  # noqa: E731
    np.testing.assert_allclose(wg.grad(loss)(stack), truth, rtol=1e-15)
    e = np.array([[[1.0, -2.0], [0.5, 3.0]], [[0.0, 1.0], [2.0, -1.0]]])
    assert wg.jvp(loss, (stack,), (e,))[1] == pytest.approx(np.sum(np.array(truth) * e), rel=1e-15)
    # lu_factor of a stack (session 54): refused ("a must be a square matrix (2-d)"); SciPy 1.17 takes it, 1.13's
    # piv was of shape (2,) for this stack. Now (lu, piv) of each matrix, stacked: lu[.., 1, 0] is l10, lu[.., 1, 1] u11
    lu, piv = wsl.lu_factor(stack)
    for k, a in enumerate(stack):
        np.testing.assert_array_equal(lu[k], sl.lu_factor(a)[0])
        np.testing.assert_array_equal(piv[k], sl.lu_factor(a)[1])
    loss = lambda x: np.sum(wsl.lu_factor(x)[0][..., 1, 0] + 2 * wsl.lu_factor(x)[0][..., 1, 1])  # noqa: E731
    np.testing.assert_allclose(wg.grad(loss)(stack), truth, rtol=1e-15)
    assert wg.jvp(loss, (stack,), (e,))[1] == pytest.approx(np.sum(np.array(truth) * e), rel=1e-15)
    # lu_solve with them (session 55): refused ("each matrix's (lu[i], piv[i])"); SciPy >= 1.15 broadcasts b against
    # the stack: a 1-d b is one vector for every matrix
    np.testing.assert_allclose(wsl.lu_solve((lu, piv), np.ones(2)), [np.linalg.solve(a, np.ones(2)) for a in stack],
                               rtol=1e-14)
    # schur of a stack (session 54): refused as lu_factor's; SciPy >= 1.15 takes it, 1.13 raises. Symmetric matrices:
    # T's diagonal holds the eigenvalues, whose gradients are z z^T (z the Schur vector, SciPy's)
    sym = np.array([[[2.0, 1.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 5.0]], [[1.0, 0.3, 0.2], [0.3, -2.0, 0.7], [0.2, 0.7, 4.0]]])
    c = np.array([1.0, -2.0, 3.0])
    T, Z = wsl.schur(sym)
    for k, a in enumerate(sym):
        np.testing.assert_array_equal(T[k], sl.schur(a)[0])
        np.testing.assert_array_equal(Z[k], sl.schur(a)[1])
    truth = np.einsum("i,kai,kbi->kab", c, Z, Z)
    loss = lambda x: np.sum(c * np.diagonal(wsl.schur(x)[0], axis1=-2, axis2=-1))  # noqa: E731
    np.testing.assert_allclose(wg.grad(loss)(sym), truth, rtol=1e-12, atol=1e-14)
    assert wg.jvp(loss, (sym,), (e3 := np.ones_like(sym),))[1] == pytest.approx(np.sum(truth * e3), rel=1e-12)
    cube = np.random.default_rng(5).standard_normal((2, 3, 3))
    for h, q, a in zip(*wsl.hessenberg(cube, calc_q=True), cube):
        np.testing.assert_array_equal(h, sl.hessenberg(a))
        np.testing.assert_array_equal(q, sl.hessenberg(a, calc_q=True)[1])
    w = np.arange(1.0, 19.0).reshape(2, 3, 3)
    g = wg.grad(lambda x: np.sum(w * wsl.hessenberg(x)))(cube)
    for k in range(2):
        np.testing.assert_array_equal(g[k], wg.grad(lambda x: np.sum(w[k] * wsl.hessenberg(x)))(cube[k]))


def _sqrtm_2x2_directional_truths(a, w, e):
    # <d/dt, d2/dt2> of sum(w * sqrtm(a + t e)) at t = 0: the closed 2 x 2 root (A + sqrt(det A) I) / sqrt(tr A +
    # 2 sqrt(det A)) (both eigenvalues positive) under mpmath's diff at 40 digits, from a's float32 entries (exact)
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        def f(t):
            m = [[mpmath.mpf(float(a[i, j])) + t * mpmath.mpf(float(e[i, j])) for j in range(2)] for i in range(2)]
            r = mpmath.sqrt(m[0][0] * m[1][1] - m[0][1] * m[1][0])
            s = mpmath.sqrt(m[0][0] + m[1][1] + 2 * r)
            return sum(mpmath.mpf(float(w[i, j])) * (m[i][j] + (r if i == j else 0)) / s for i in range(2) for j in range(2))
        return float(mpmath.diff(f, 0)), float(mpmath.diff(f, 0, 2))


@pytest.mark.parametrize("small", [3e-4, 2e-4])
def test_sqrtm_derivative_in_float32_is_the_derivative_at_a_rounded_once(small):
    # A in float32 with eigenvalues (1, small) (kappa ~ 5e3): the rule solved S^T Y + Y S^T = g in float32 from
    # float32's S and checked its accuracy with float64's eps, 5.3e-5 (3e-4) and 2.6e-4 (2e-4) relative off
    # mpmath's gradient, silently; now the derivative in double precision rounded to float32 (4e-8), every mode
    q = np.array([[1.0, 0.6], [0.3, 1.0]])
    a = (q @ np.diag([1.0, small]) @ np.linalg.inv(q)).astype(np.float32)
    w = np.array([[0.7, -1.3], [0.4, 2.1]], dtype=np.float32)
    e = np.array([[0.3, -0.2], [0.5, 0.9]], dtype=np.float32)
    first, second = _sqrtm_2x2_directional_truths(a, w, e)

    def f(x):
        return np.sum(w * wsl.sqrtm(x))

    def along(d):
        assert d.dtype == np.float32
        return float(np.sum(d.astype(np.float64) * e))

    g, jitted = wg.grad(f), wg.jit(f)
    wg.grad(jitted)(a + np.float32(0.01))  # (recorded at another point, replayed at a)
    grad = g(a)
    assert grad.dtype == np.float32
    # each entry of the gradient to float32's rounding of the truth (Y from S's 40-digit Sylvester solve)
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        e_, v = mpmath.eig(mpmath.matrix(a.astype(np.float64).tolist()))
        st = (v * mpmath.diag([mpmath.sqrt(x) for x in e_]) * v ** -1).T
        y = _mp_sylvester_adjoint(st, w.astype(np.float64).tolist())
        truth = np.array([[float(mpmath.re(y[i * 2 + j])) for j in range(2)] for i in range(2)])
    np.testing.assert_allclose(grad, truth, rtol=2e-7)
    firsts = {"jvp": float(wg.jvp(f, (a,), (e,))[1]), "jit": along(wg.grad(jitted)(a)), "grad": along(grad)}
    seconds = {"grad of grad": along(wg.grad(lambda x: np.sum(g(x) * e))(a)),
               "jvp of grad": along(wg.jvp(g, (a,), (e,))[1]),
               "hessian": float(np.einsum("ij,ijkl,kl->", e, wg.hessian(f)(a), e))}
    for mode, value in firsts.items():
        assert value == pytest.approx(first, rel=1e-6), mode
    for mode, value in seconds.items():
        assert value == pytest.approx(second, rel=1e-6), mode


@pytest.mark.parametrize("a, kwargs", [
    (np.array([1e-200, 1e-200]), {}), (np.array([3e-200, -4e-200, 1e-210]), {"ord": 2}),
    (np.array([1e200, 2e200], dtype=np.float64), {}), (np.array([1e-30, 2e-30], dtype=np.float32), {}),
    (np.array([1e-200 + 1e-200j, 2e-200]), {}), (np.array([[1e-200, 2e-200], [3.0, 4.0]]), {"axis": 1}),
    ([3.0, 4.0], {}), (np.array([[1.0, 2.0], [3.0, 4.0]]), {"ord": "fro"})])
def test_norm_on_plain_values_is_scipys(a, kwargs):
    # (the truth is SciPy's own: wsl.norm stands in for it. Its BLAS nrm2 scales, NumPy's sqrt(dot) does not:
    # norm([1e-200, 1e-200]) was NumPy's 0.0 for SciPy's 1.414e-200, of [1e200, 2e200] inf for 2.236e200)
    with np.errstate(over="ignore", under="ignore"):
        ours, theirs = wsl.norm(a, **kwargs), sl.norm(a, **kwargs)
    assert type(ours) is type(theirs)
    np.testing.assert_array_equal(ours, theirs)
