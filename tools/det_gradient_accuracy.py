"""How accurate is wg.grad(np.linalg.det), entry by entry, and which path gives it?

For each family of matrices (random ones scaled to a condition number, badly row-scaled
orthogonal ones, nearly singular ones, complex and float32 ones) it prints the worst
relative error of any entry of the gradient (the cofactor matrix) against mpmath at 60
digits (the float matrix's exact cofactors, det(a) inv(a)^T in 60-digit arithmetic), and
which path of ops/linalg._cofactors took it: "fast" (det(a) inv(a)^T, possibly refined),
"exact" (in integers: up to 8 x 8, and beyond where affordable), "minors" (up to 8 x 8, stacks
and second order), "large" (beyond 8 x 8: rescaled det or a permuted diagonal),
"refused" (NoGradientRule).

    PYTHONPATH=src python tools/det_gradient_accuracy.py            # the families (~1 min)
    PYTHONPATH=src python tools/det_gradient_accuracy.py --large    # Gaussian 50 x 50, 100 x 100 too
    PYTHONPATH=src python tools/det_gradient_accuracy.py --slogdet  # slogdet's log|det| gradient, inv(a)^T
    PYTHONPATH=src python tools/det_gradient_accuracy.py --slogdet --high  # kappa 1e12..1e16, rank-deficient by rounding

An entry's relative error is |g - c| / |c| (0 where both are 0, inf where c = 0 and g is not).
"""
import sys
from fractions import Fraction

import mpmath
import numpy as np

import wengert as wg
from wengert.errors import NoGradientRule
from wengert.ops import linalg as lin

mpmath.mp.dps = 60
PATHS = []


def _recording(name):
    inner = getattr(lin, name)

    def wrapped(*args, **kwargs):
        PATHS.append(name)
        return inner(*args, **kwargs)
    setattr(lin, name, wrapped)


for _name in ("_minor_cofactors", "_large_cofactors", "_nan_cofactors", "_exact_cofactors"):
    if hasattr(lin, _name):
        _recording(_name)
LABELS = {"_minor_cofactors": "minors", "_large_cofactors": "large", "_nan_cofactors": "nan",
          "_exact_cofactors": "exact"}
if hasattr(lin, "_refined_cofactors"):
    _inner_refined = lin._refined_cofactors

    def _refined(*args):
        out = _inner_refined(*args)
        if out is not None:
            PATHS.append("_refined_cofactors")
        return out
    lin._refined_cofactors = _refined
    LABELS["_refined_cofactors"] = "refined"


def exact_cofactors(a):
    """det(a) inv(a)^T at 60 digits (a nonsingular): Gauss-Jordan with partial pivoting (mpmath's
    own LU calls a matrix of entries 2^-300 numerically singular)."""
    n = len(a)
    cast = (lambda x: mpmath.mpc(complex(x))) if np.iscomplexobj(a) else (lambda x: mpmath.mpf(float(x)))
    rows = [[cast(x) for x in row] + [mpmath.mpf(int(i == j)) for j in range(n)] for i, row in enumerate(a)]
    det = mpmath.mpf(1)
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(rows[r][c]))
        if p != c:
            rows[c], rows[p], det = rows[p], rows[c], -det
        pivot = rows[c][c]
        det *= pivot
        rows[c] = [x / pivot for x in rows[c]]
        for r in range(n):
            if r != c and rows[r][c] != 0:
                f = rows[r][c]
                rows[r] = [x - f * y for x, y in zip(rows[r], rows[c])]
    return [[det * rows[j][n + i] for j in range(n)] for i in range(n)]


def worst_relative_error(g, truth):
    tiny = mpmath.mpf(float(np.finfo(g.dtype).tiny))
    worst = 0.0
    for i, row in enumerate(truth):
        for j, c in enumerate(row):
            value = complex(g[i, j]) if np.iscomplexobj(g) else float(g[i, j])
            if not np.isfinite(value):  # (where the cofactor overflows: inf with its sign, as float(c) rounds)
                expected = complex(c) if np.iscomplexobj(g) else float(c)
                worst = max(worst, 0.0 if value == expected else float("inf"))
                continue
            err = abs(mpmath.mpmathify(value) - c)
            c = max(abs(c), tiny) if c != 0 else c  # (subnormal cofactors: absolute)
            if c == 0:
                rel = 0.0 if err == 0 else float("inf")
            else:
                rel = float(err / abs(c))
            worst = max(worst, rel)
    return worst


def exact_inverse_transposed(a):
    """inv(a)^T exactly (Fractions; real a), as 60-digit mpmath numbers: slogdet's log|det| gradient.
    None where a is exactly singular (no derivative)."""
    if np.iscomplexobj(a):
        cofactors = exact_cofactors(a)
        n = len(a)
        det = sum(mpmath.mpmathify(complex(a[0, j])) * cofactors[0][j] for j in range(n))
        return [[c / det for c in row] for row in cofactors]
    n = len(a)
    rows = [[Fraction(float(x)) for x in row] + [Fraction(int(i == j)) for j in range(n)] for i, row in enumerate(a)]
    for c in range(n):
        p = next((r for r in range(c, n) if rows[r][c] != 0), None)
        if p is None:
            return None
        rows[c], rows[p] = rows[p], rows[c]
        pivot = rows[c][c]
        rows[c] = [x / pivot for x in rows[c]]
        for r in range(n):
            if r != c and rows[r][c] != 0:
                f = rows[r][c]
                rows[r] = [x - f * y for x, y in zip(rows[r], rows[c])]
    return [[mpmath.mpf(rows[j][n + i].numerator) / rows[j][n + i].denominator for j in range(n)] for i in range(n)]


def run(a):
    """(path, worst relative error) of wg.grad(det) at a (with --slogdet: of log|det|'s gradient)."""
    PATHS.clear()
    if "--slogdet" in sys.argv:
        try:
            g = wg.grad(lambda m: np.real(np.linalg.slogdet(m)[1]))(a)
        except Exception as e:  # (LinAlgError at a singular matrix)
            return type(e).__name__, None
        truth = exact_inverse_transposed(a)
        if truth is None:  # (exactly singular: any number is wrong)
            return "SINGULAR-ANSWERED", float("inf")
        return "inv", worst_relative_error(g, truth)
    try:
        if np.iscomplexobj(a):
            g = wg.vjp(np.linalg.det, a)[1](np.array(1.0 + 0j, dtype=a.dtype))[0]
        else:
            g = wg.grad(np.linalg.det)(a)
    except NoGradientRule:
        return "refused", None
    path = "exact" if "_exact_cofactors" in PATHS else LABELS[PATHS[0]] if PATHS else "fast"
    return path, worst_relative_error(g, exact_cofactors(a))


def conditioned(rng, n, kappa, dtype=np.float64):
    """A random n x n matrix U diag(s) V^T with s geometric from 1 to 1/kappa."""
    def orthogonal():
        if np.dtype(dtype).kind == "c":
            z = rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))
        else:
            z = rng.standard_normal((n, n))
        return np.linalg.qr(z)[0]
    s = np.logspace(0, -np.log10(kappa), n)
    s = s / np.exp2(np.round(np.mean(np.log2(s))))  # (|det| near 1: no cofactor subnormal in float32)
    return (orthogonal() @ np.diag(s) @ orthogonal().conj().T).astype(dtype)


def wilkinson(rng, n, eps):
    """Wilkinson's growth matrix (1 on the diagonal, -1 below it, 1 in the last column) + eps N(0, 1)."""
    a = np.eye(n) - np.tril(np.ones((n, n)), -1)
    a[:, -1] = 1
    return a + eps * rng.standard_normal((n, n))


def families(rng):
    for n in (3, 8, 9, 12, 30):
        for kappa in (1e4, 1e8, 1e10, 1e12):
            yield f"random n={n} kappa={kappa:g}", [conditioned(rng, n, kappa) for _ in range(3)]
    for n in (3, 8, 12, 30):
        yield f"row-scaled diag(2^k) Q n={n}", [
            np.diag(2.0 ** rng.integers(-300, 300, n)) @ np.linalg.qr(rng.standard_normal((n, n)))[0] for _ in range(3)]
        yield f"row+col-scaled 2^k Q 2^l n={n}", [
            np.diag(2.0 ** rng.integers(-150, 150, n)) @ np.linalg.qr(rng.standard_normal((n, n)))[0]
            @ np.diag(2.0 ** rng.integers(-150, 150, n)) for _ in range(3)]
    for n in (12, 30):  # kappa 5 and 13, but inverse entries down to 2^-n and LU growth 2^n
        for eps in (1e-2, 1e-6):
            yield f"perturbed Wilkinson {eps:g} n={n}", [wilkinson(rng, n, eps) for _ in range(3)]
    for n in (3, 9, 12, 30):  # sigma_n tiny, the others 1: adj(a) well-conditioned
        def nearly_singular():
            q1, q2 = (np.linalg.qr(rng.standard_normal((n, n)))[0] for _ in range(2))
            return q1 @ np.diag([1.0] * (n - 1) + [1e-14]) @ q2.T
        yield f"nearly singular (s_n=1e-14) n={n}", [nearly_singular() for _ in range(3)]
    for n in (3, 12, 30):
        for kappa in (1e4, 1e10):
            yield f"complex n={n} kappa={kappa:g}", [conditioned(rng, n, kappa, np.complex128) for _ in range(3)]
    for n in (3, 12, 30):
        for kappa in (1e3, 1e5):
            yield f"float32 n={n} kappa={kappa:g}", [conditioned(rng, n, kappa, np.float32) for _ in range(3)]


def rounded_low_rank(rng, n):
    """A matrix of rank n - 1 in exact arithmetic (u v^T products, rounded): nonsingular as floats,
    kappa near 1/eps, or exactly singular."""
    u, v = rng.standard_normal((n, n - 1)), rng.standard_normal((n - 1, n))
    return u @ v


def high_families(rng):
    """slogdet's hard cases (session 49): kappa 1e12..1e16 and rank-deficient by rounding."""
    for n in (3, 8, 12):
        for kappa in (1e12, 1e14, 1e16):
            yield f"random n={n} kappa={kappa:g}", [conditioned(rng, n, kappa) for _ in range(3)]
        yield f"rank n-1 rounded n={n}", [rounded_low_rank(rng, n) for _ in range(3)]
        yield f"exactly singular arange+I/10 n={n}", [
            np.arange(1.0, n * n + 1).reshape(n, n), np.arange(1.0, n * n + 1).reshape(n, n).T * 0.1,
            rng.standard_normal((n, n - 1)) @ np.ones((n - 1, n))]
        yield f"nearly singular (s_n=1e-15) n={n}", [
            np.linalg.qr(rng.standard_normal((n, n)))[0] @ np.diag([1.0] * (n - 1) + [1e-15])
            @ np.linalg.qr(rng.standard_normal((n, n)))[0].T for _ in range(3)]


def main():
    rng = np.random.default_rng(48)
    print(f"{'family':40s} {'paths':28s} worst rel. error")
    cases = list(high_families(rng) if "--high" in sys.argv else families(rng))
    if "--large" in sys.argv:
        cases = [(f"Gaussian n={n}", [rng.standard_normal((n, n)) for _ in range(2)]) for n in (50, 100)] + cases
    for name, matrices in cases:
        results = [run(a) for a in matrices]
        paths = ",".join(sorted({p for p, _ in results}))
        errors = [e for _, e in results if e is not None]
        print(f"{name:40s} {paths:28s} {max(errors) if errors else float('nan'):.2e}", flush=True)


if __name__ == "__main__":
    main()
