"""``scipy.linalg.schur`` (real, with real distinct eigenvalues; refused elsewhere).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's and
the refusals at the points where the rule does not hold.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.linalg as sl  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.linalg as wsl  # noqa: E402
from opcheck import case, gradient_test, listing_test, rand  # noqa: E402

LINALG = ("schur",)


def _real_eigenvalues(n, seed):
    """A nonsymmetric n x n matrix with real eigenvalues about 3 apart."""
    rng = np.random.default_rng(seed)
    return np.triu(rng.normal(size=(n, n))) + np.diag(np.arange(n) * 3.0) + 0.1 * rng.normal(size=(n, n))


def _weighted_schur(part, seed):
    weights = rand((4, 4), seed=seed)
    return lambda a: np.sum(weights[:a.shape[0], :a.shape[0]] * wsl.schur(a)[part])


SYMMETRIC = rand((4, 4), seed=80) + rand((4, 4), seed=80).T

CASES = [
    # -- schur: T, Z, both; sizes 1 to 4, a symmetric matrix (Z its eigenvectors)
    *[case(wsl.schur, _weighted_schur(part, seed=81 + n), _real_eigenvalues(n, seed=n), id=f"schur-{n}-{name}")
      for n in (1, 2, 3, 4) for part, name in ((0, "T"), (1, "Z"))],
    case(wsl.schur, lambda a: wsl.schur(a)[0] @ wsl.schur(a)[1], _real_eigenvalues(3, seed=7), id="schur-both"),
    case(wsl.schur, lambda a: wsl.schur(a)[1], SYMMETRIC, id="schur-symmetric"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(['linalg.schur'], [wsl.schur], CASES)


def test_schur_values_are_scipys():
    a = _real_eigenvalues(4, seed=4)
    for ours, theirs in zip(wg.eval_bp(wsl.schur, a), sl.schur(a)):
        np.testing.assert_array_equal(ours, theirs)
    T, Z = wsl.schur(a)
    np.testing.assert_allclose(Z @ T @ Z.T, a, atol=1e-12)


def test_schur_derivative_of_the_eigenvalues():
    # diag(T) are the eigenvalues: d lambda_i = v_i^T dA u_i / (v_i^T u_i) (left, right eigenvectors)
    a = _real_eigenvalues(3, seed=9)
    w, vl, vr = sl.eig(a, left=True)
    i = int(np.argmin(np.abs(w.real - sl.schur(a)[0][0, 0])))
    expected = np.outer(vl[:, i], vr[:, i]).real / (vl[:, i] @ vr[:, i]).real
    np.testing.assert_allclose(wg.grad_bp(lambda a: wsl.schur(a)[0][0, 0], a), expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("a, error, match", [
    (np.array([[0.0, -1.0], [1.0, 0.0]]), np.linalg.LinAlgError, "complex eigenvalues"),
    (np.array([[2.0, 1.0], [0.0, 2.0]]), np.linalg.LinAlgError, "equal eigenvalues"),
    (np.eye(3), np.linalg.LinAlgError, "equal eigenvalues"),
], ids=["rotation", "jordan-block", "identity"])
def test_schur_is_refused_where_it_has_no_derivative(a, error, match):
    with pytest.raises(error, match=match):
        wg.grad_bp(lambda a: np.sum(wsl.schur(a)[1]), a)
    assert len(wsl.schur(a)) == 2  # the values are SciPy's, without a gradient


def test_complex_schur_and_sort_are_refused():
    a = _real_eigenvalues(3, seed=5)
    with pytest.raises(wg.NoGradientRule, match="complex Schur form is not differentiated"):
        wg.grad_bp(lambda a: np.abs(np.sum(wsl.schur(a, output="complex")[0])), a)
    with pytest.raises(wg.NoGradientRule, match="complex Schur form"):
        wg.grad_bp(lambda a: np.abs(np.sum(wsl.schur(a)[0])), a + 0.1j)
    with pytest.raises(ValueError, match="sort=None only"):
        wsl.schur(a, sort="lhp")
