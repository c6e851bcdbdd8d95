"""SciPy functions: ``scipy.linalg``'s ``solve_continuous_lyapunov`` and
``solve_discrete_lyapunov``.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). The tests below check the values
against SciPy's and the refusals where the equation has no unique solution.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.linalg", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.linalg as sl  # noqa: E402

import wengert.scipy  # noqa: E402
import wengert.scipy.linalg as wsl  # noqa: E402
from opcheck import case, crand, gradient_test, rand  # noqa: E402

A = np.array([[-2.0, 0.5, 0.1], [0.3, -1.5, 0.2], [0.0, 0.4, -1.0]])
AD = 0.4 * np.array([[0.5, 0.8, -0.2], [-0.3, 0.6, 0.4], [0.7, 0.1, -0.9]])
LINALG_CASES = [
    case(wsl.solve_continuous_lyapunov, wsl.solve_continuous_lyapunov, A, rand((3, 3)), id="solve_continuous_lyapunov"),
    case(wsl.solve_continuous_lyapunov, wsl.solve_continuous_lyapunov, A + 0.3j * AD, crand((3, 3)),
         id="solve_continuous_lyapunov-complex-a"),
    *[case(wsl.solve_discrete_lyapunov, lambda a, q, _m=m: wsl.solve_discrete_lyapunov(a, q, _m), AD, rand((3, 3)),
           id=f"solve_discrete_lyapunov-{m}") for m in ("direct", "bilinear")],
    case(wsl.solve_discrete_lyapunov, wsl.solve_discrete_lyapunov, AD + 0.2j * AD.T, crand((3, 3)),
         id="solve_discrete_lyapunov-complex-a"),
    case(wsl.solve_discrete_lyapunov, wsl.solve_discrete_lyapunov, 0.5 * np.ones((1, 1)), np.ones((1, 1)),
         id="solve_discrete_lyapunov-1x1"),
]

CASES = LINALG_CASES
#: the scipy.linalg functions tested here (tests/test_ops_scipy_linalg.py checks the list).
LINALG_NAMES = ("solve_continuous_lyapunov", "solve_discrete_lyapunov")

test_gradient = gradient_test(CASES)


def test_every_function_has_a_case_and_is_listed():
    table = wengert.scipy.supported()
    assert [n for n in (f"linalg.{n}" for n in LINALG_NAMES) if table.get(n) != "gradient"] == []


@pytest.mark.parametrize("n", [1, 3, 12])
def test_lyapunov_values_are_scipys(n):
    rng = np.random.default_rng(n)
    a = 0.6 * rng.normal(size=(n, n)) / np.sqrt(n)
    q = rng.normal(size=(n, n))
    for aa, qq in ((a, q), (a + 0.3j * a.T, q + 1j * q.T)):
        np.testing.assert_allclose(wsl.solve_continuous_lyapunov(aa - 2.0 * np.eye(n), qq),
                                   sl.solve_continuous_lyapunov(aa - 2.0 * np.eye(n), qq), rtol=1e-10, atol=1e-12)
        for method in (None, "direct", "bilinear"):
            np.testing.assert_allclose(wsl.solve_discrete_lyapunov(aa, qq, method),
                                       sl.solve_discrete_lyapunov(aa, qq, method), rtol=1e-9, atol=1e-11)


def test_lyapunov_without_a_unique_solution_is_refused():
    with pytest.raises(np.linalg.LinAlgError, match="no unique solution"):
        wsl.solve_continuous_lyapunov(np.diag([1.0, -1.0]), np.eye(2))
    with pytest.raises(np.linalg.LinAlgError):
        wsl.solve_discrete_lyapunov(np.diag([1.0, 0.5]), np.eye(2))
    with pytest.raises(ValueError, match="Unknown solver"):
        wsl.solve_discrete_lyapunov(np.eye(2) / 2, np.eye(2), "schur")
