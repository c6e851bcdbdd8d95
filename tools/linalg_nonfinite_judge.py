"""Judge tools/linalg_nonfinite_sweep.py's polynomial rows (products of the matrix with itself) entry by
entry against their exact Jacobian, where the sweep only says that reverse and forward mode disagree.

The truth: the Jacobian of a polynomial ``f`` of degree 2 or 3 is a polynomial in the entries of ``a``
whose integer coefficients come from ``f`` at sums of unit matrices (polarization, plain NumPy: exact in
doubles); only the terms with a nonzero coefficient are summed, so a structural 0 never meets an inf.
An inf entry is read as the limit ``+-t``, ``t -> inf`` (the others fixed: ``0 * inf`` of a zero entry
and an inf one is 0 there, ``t - t`` of two infs 0 only if they are one entry), a NaN entry as unknown
(every term holding it NaN). Each mode's entry is ``right`` (equal, infinities and NaN included),
``NaN-for-number`` (NaN where the truth is a number: over-cautious) or ``WRONG`` (another number).

Session 54 (linalg54): the sweep's 76 REV!=FWD rows on 5bc0bcd were judged: none is wrong.
* 44 polynomial rows (mpow2, multi_dot, outer, kron, einsum, tensordot, inner at a NaN matrix, multi_dot
  at diaginf): this tool, every entry right or NaN-for-number in both modes (112 lines, 0 WRONG).
* eigh_cf (13) and cholesky_cf (12): reverse mode's 0 is exact (SciPy reads one triangle: the other's
  entries move nothing; eigh's lower=True leaves a[0, 1] unread, cholesky's lower=False a[1, 0]);
  forward mode's NaN there is over-cautious.
* hessenberg_cf at inf00_3 / nan00_3 (2): H[0, 0] = a[0, 0] (the reflectors act on rows and columns 1:),
  forward mode's [1, 0, ...] is exact, reverse mode's NaN over-cautious.
* schur_cf at NaN matrices (5): forward mode's 0 is the derivative of T[1, 0], the real Schur form's
  structural 0 in LAPACK's answer (itself undefined at a NaN matrix: check_finite=False), reverse NaN.
Also judged: np.einsum of three operands ("ij,jk,kl->il", "ij,j,k->ik") and matrix_power(a, 3): no WRONG
entry; the three-operand einsum is NaN in both modes where the truth is a number at every inf matrix
(all 16 entries at inf00, where matrix_power(a, 3) and multi_dot are right): 2eab1fe's structural
products cover two operands only.

    PYTHONPATH=src python tools/linalg_nonfinite_judge.py                  # every polynomial (~1 min)
    PYTHONPATH=src python tools/linalg_nonfinite_judge.py einsum3 inf00,diaginf
"""
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import linalg_nonfinite_sweep as sweep  # noqa: E402

warnings.simplefilter("ignore")
np.seterr(all="ignore")
EXTRA = {"einsum3": lambda a: np.einsum("ij,jk,kl->il", a, a, a),
         "einsum3v": lambda a: np.einsum("ij,j,k->ik", a, a[0], a[1]),
         "mpow3": lambda a: np.linalg.matrix_power(a, 3)}
DEGREE = {"mpow2": 2, "einsum": 2, "tensordot": 2, "inner": 2, "outer": 2, "kron": 2, "multi_dot": 3,
          "einsum3": 3, "einsum3v": 3, "mpow3": 3}
FUNCTIONS = {**sweep.FUNCTIONS, **EXTRA}


def _polynomial_jacobian(name, a):
    """The Jacobian of FUNCTIONS[name] at a finite or NaN-holding ``a``, term by term."""
    f, n = FUNCTIONS[name], a.size
    units = [np.eye(n)[k].reshape(a.shape) for k in range(n)]

    def F(x):
        return np.asarray(f(x), dtype=float).ravel()
    flat, jac = a.ravel(), np.zeros((F(np.zeros_like(a)).size, n))
    for p in range(n):
        for k in range(n):
            if DEGREE[name] == 2:  # d f / d a_p = sum_k c_pk a_k, c_pk = B(e_p, e_k) + B(e_k, e_p)
                c = F(units[p] + units[k]) - F(units[p]) - F(units[k]) if p != k else 2 * F(units[p])
                jac[c != 0, p] += c[c != 0] * flat[k]
                continue
            for q in range(n):  # d f / d a_p = 3 sum_kq S(e_p, e_k, e_q) a_k a_q, S by polarization
                x, y, z = units[p], units[k], units[q]
                c = (F(x + y + z) - F(x + y) - F(x + z) - F(y + z) + F(x) + F(y) + F(z)) / 2
                jac[c != 0, p] += c[c != 0] * (flat[k] * flat[q])
    return jac


def truth(name, a):
    """The exact Jacobian, an inf entry as the limit of +-t (see the module's docstring)."""
    big = np.isinf(a)
    if not big.any():
        return _polynomial_jacobian(name, a)
    # (a polynomial of degree <= 2 in t with small integer coefficients: its value at 1e100 tells the limit)
    j = _polynomial_jacobian(name, np.where(big, np.sign(a) * 1e100, a))
    return np.where(np.isnan(j), np.nan, np.where(np.abs(j) > 1e40, np.sign(j) * np.inf, j))


def judge(name, a):
    out = sweep.forked(name, a) if name in sweep.FUNCTIONS else None
    if out is None:  # (the extra ones: the sweep's child runs FUNCTIONS[name])
        sweep.FUNCTIONS[name] = EXTRA[name]
        out = sweep.forked(name, a)
    for mode in ("rev", "fwd"):
        if isinstance(out.get(mode), str):
            return f"{mode} raises: {out[mode][:80]}"
    t, parts = truth(name, a), []
    for mode in ("rev", "fwd"):
        v = out[mode].reshape(t.shape)
        same = (v == t) | (np.isnan(v) & np.isnan(t))
        cautious = np.isnan(v) & ~np.isnan(t)
        wrong = ~same & ~cautious
        parts.append(f"{mode}: right {int(same.sum())} NaN-for-number {int(cautious.sum())} WRONG {int(wrong.sum())}"
                     + (f" ({v[wrong][:3]} for {t[wrong][:3]})" if wrong.any() else ""))
    return " | ".join(parts)


if __name__ == "__main__":
    names = sys.argv[1].split(",") if len(sys.argv) > 1 and sys.argv[1] else list(DEGREE)
    labels = sys.argv[2].split(",") if len(sys.argv) > 2 else list(sweep.MATRICES)
    for name in names:
        for label in labels:
            print(f"{name:10s} {label:9s} {judge(name, np.array(sweep.MATRICES[label], dtype=float))}", flush=True)
