"""How accurate is the derivative of wengert.scipy.linalg.sqrtm near singular matrices?

For [[1, 1], [1, 1 + d]] (d from 1e-4 to 1e-15), a 3 x 3 nearly singular symmetric matrix and a
nonsymmetric one, it prints the worst relative error of the gradient of sum(sqrtm(A)) against
mpmath at 60 digits (S = V sqrt(L) V^-1 from mpmath.eig of the float matrix, Y from S^T Y + Y S^T = ones by a
Kronecker solve), the rule's estimate (ops/scipy_linalg._sqrtm_derivative_error; before it, eps
max|lam|^2 / min|lam|^2, lam the eigenvalues of S), or
"refused" (LinAlgError).

    PYTHONPATH=src python tools/sqrtm_gradient_accuracy.py
"""
import mpmath
import numpy as np

import wengert as wg
import wengert.scipy.linalg as wsl
from wengert.ops import scipy_linalg as lin

mpmath.mp.dps = 60


def truth(a):
    n = len(a)
    e, er = mpmath.eig(mpmath.matrix(a.tolist()))  # (mpmath.sqrtm's iteration stalls near singular)
    s = er * mpmath.diag([mpmath.sqrt(x) for x in e]) * er ** -1
    st = s.T
    k = mpmath.zeros(n * n, n * n)
    for i in range(n):
        for j in range(n):
            for p in range(n):
                k[i * n + j, p * n + j] += st[i, p]  # (S^T Y)_ij = sum_p S^T_ip Y_pj
                k[i * n + j, i * n + p] += st[p, j]  # (Y S^T)_ij = sum_p Y_ip S^T_pj
    y = mpmath.lu_solve(k, mpmath.matrix([1] * (n * n)))
    return [[y[i * n + j] for j in range(n)] for i in range(n)]


def worst(g, t):
    return max(float(abs(mpmath.mpc(complex(g[i, j])) - t[i][j]) / abs(t[i][j]))
               for i in range(len(t)) for j in range(len(t)) if t[i][j] != 0)


def cases():
    for d in (1e-4, 1e-6, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15):
        yield f"[[1, 1], [1, 1 + {d:g}]]", np.array([[1.0, 1.0], [1.0, 1.0 + d]])
        yield f"[[1, 2], [0.5, 1 + {d:g}]]", np.array([[1.0, 2.0], [0.5, 1.0 + d]])
    q = np.linalg.qr(np.random.default_rng(2).standard_normal((3, 3)))[0]
    for d in (1e-6, 1e-8, 1e-10, 1e-12, 1e-13):
        yield f"3x3 symmetric, lam (1, 0.5, {d:g})", q @ np.diag([1.0, 0.5, d]) @ q.T
    r = np.random.default_rng(3).standard_normal((3, 3))
    for d in (1e-6, 1e-8, 1e-10, 1e-12):
        m = r @ np.diag([1.0, 0.5, d]) @ np.linalg.inv(r)
        yield f"3x3 nonsymmetric, lam (1, 0.5, {d:g})", m


def main():
    for name, a in cases():
        lam = np.linalg.eigvals(wsl.sqrtm(a))
        estimate = np.finfo(float).eps * np.max(np.abs(lam)) ** 2 / np.min(np.abs(lam)) ** 2
        if hasattr(lin, "_sqrtm_derivative_error"):  # (the rule's own estimate)
            s = np.asarray(wsl.sqrtm(a))
            estimate = lin._sqrtm_derivative_error(s, *np.linalg.eig(s))
        try:
            g = wg.grad(lambda m: np.sum(np.real(wsl.sqrtm(m))))(a)
            err = f"{worst(g, truth(a)):.2e}"
        except np.linalg.LinAlgError:
            err = "refused"
        print(f"{name:42s} estimate {estimate:.1e}  error {err}", flush=True)


if __name__ == "__main__":
    main()
