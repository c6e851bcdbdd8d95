"""Second derivatives of the singular values of complex matrices, on all five paths.

The singular values' gradient is ``U diag(g) V^H``, whose derivative needs the relative phase
of each pair ``(u_k, v_k)``. Forward mode transposes the SVD's pullback for ``U`` and ``Vh``
separately, and each side took the whole phase turn, so forward over reverse (``jacfwd(grad)``,
``hvp``, ``jacfwd(jacfwd)``) counted it twice: ``svdvals`` of ``[[3 + 4j]]`` gave twice the
Hessian of ``|z|``, and the 2-norm, 'nuc', ``cond`` and ``lstsq``'s singular values of every
complex matrix were off. Truths: the closed form of ``|z|`` and mpmath on the singular values
from the 2x2 Gram matrix ``A^H A``.
"""
import functools

import numpy as np
import pytest

import wengert as wg

PATHS = {
    "rev-rev": lambda f, x: wg.jacrev(wg.jacrev(f))(x),
    "fwd-rev": lambda f, x: wg.jacfwd(wg.jacrev(f))(x),
    "rev-fwd": lambda f, x: wg.jacrev(wg.jacfwd(f))(x),
    "fwd-fwd": lambda f, x: wg.jacfwd(wg.jacfwd(f))(x),
    "hvp": lambda f, x: np.stack([wg.hvp(f, x, e) for e in np.eye(x.size)], axis=1),
}
X32 = np.array([0.3, -1.2, 0.8, 0.5, -0.7, 1.1, 0.4, 0.9, -0.6, 0.2, 1.3, -0.5])
W = np.array([1.0, 3.0])


def _matrix(x, m):
    """The m x 2 complex matrix of the 4m reals x (real parts, then imaginary)."""
    return (x[:2 * m] + 1j * x[2 * m:]).reshape(m, 2)


@functools.lru_cache(maxsize=None)
def _hessian_truth(m, weights):
    """mpmath's Hessian of sum(weights * s) for _matrix(X32[:4m], m), s from A^H A's eigenvalues."""
    mpmath = pytest.importorskip("mpmath")  # (here, not at import: test_optional_imports)
    with mpmath.workdps(30):
        return _hessian_at(mpmath, m, weights)


def _hessian_at(mpmath, m, weights):
    x0 = [mpmath.mpf(float(v)) for v in X32[:4 * m]]

    def f(*x):
        a = [[x[2 * i + j] + 1j * x[2 * m + 2 * i + j] for j in range(2)] for i in range(m)]
        g = [[sum(mpmath.conj(a[k][i]) * a[k][j] for k in range(m)) for j in range(2)] for i in range(2)]
        tr, det = mpmath.re(g[0][0] + g[1][1]), mpmath.re(g[0][0] * g[1][1] - g[0][1] * g[1][0])
        root = mpmath.sqrt(tr * tr - 4 * det)
        return weights[0] * mpmath.sqrt((tr + root) / 2) + weights[1] * mpmath.sqrt((tr - root) / 2)
    n = 4 * m
    h = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            order = [0] * n
            order[i] += 1
            order[j] += 1
            h[i, j] = h[j, i] = float(mpmath.diff(f, x0, order))
    return h


@pytest.mark.parametrize("path", PATHS)
def test_abs_of_a_1x1(path):
    # svdvals([[x + iy]]) = |x + iy|: Hessian [[y^2, -xy], [-xy, x^2]] / r^3 (0.128... at 3 + 4j)
    h = PATHS[path](lambda x: np.linalg.svdvals((x[0] + 1j * x[1]).reshape(1, 1))[0], np.array([3.0, 4.0]))
    np.testing.assert_allclose(h, np.array([[16.0, -12.0], [-12.0, 9.0]]) / 125, rtol=1e-13)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("m, name, weights, f", [
    (2, "svdvals", (1.0, 3.0), lambda a: np.linalg.svdvals(a) @ W),
    (2, "nuc", (1.0, 1.0), lambda a: np.linalg.norm(a, "nuc")),
    (2, "lstsq", (1.0, 3.0), lambda a: np.linalg.lstsq(a, np.array([1.0, 2.0j]), rcond=None)[3] @ W),
])
def test_weighted_singular_values(path, m, name, weights, f):
    h = PATHS[path](lambda x: f(_matrix(x, m)), X32[:4 * m])
    np.testing.assert_allclose(h, _hessian_truth(m, weights), rtol=1e-9, atol=1e-12)
