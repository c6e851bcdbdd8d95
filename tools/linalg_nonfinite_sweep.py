"""The linear-algebra rules at matrices holding an inf or NaN: value, jacrev and jacfwd.

For each function (np.linalg, wengert.scipy.linalg) and each 2 x 2 (and three 3 x 3) matrix with
an inf or NaN in some place, each call runs in a forked child with a timeout (LAPACK can loop: SciPy's
logm did at [[inf]]), and the line says what came out:

* ``refused(...)``: the value raises (NumPy's or SciPy's own check, or wengert's);
* ``HANG`` / ``CRASH``: the child did not answer in time, or died;
* ``value ok, both derivs raise``: the value is computed, its derivatives refused;
* ``ONE MODE RAISES``, ``REV!=FWD`` (one NaN, the other a number), ``BOTH FINITE DIFFER``:
  the modes disagree; ``finite deriv of nonfinite value``: a row of the Jacobian holds a
  finite nonzero entry where the value is inf or NaN (right for polynomials, e.g. det's
  partials, matrix_power's; wrong where the value itself is LAPACK's NaN);
* ``ok``: consistent.

    PYTHONPATH=src python tools/linalg_nonfinite_sweep.py                 # everything (~5 min)
    PYTHONPATH=src python tools/linalg_nonfinite_sweep.py solve,cond      # some functions
    PYTHONPATH=src python tools/linalg_nonfinite_sweep.py cond inf00,nan01

A NaN where the other mode has a number is often 0 * NaN in a product (the cotangent's zero
entries), over-cautious rather than wrong; read the line with the function's algebra.
tools/linalg_nonfinite_judge.py judges the polynomial rows entry by entry against the exact
Jacobian (and records session 54's judgment of the others: none of the 76 REV!=FWD rows was wrong).
"""
import os
import pickle
import signal
import sys
import warnings

import numpy as np

import wengert as wg
import wengert.scipy.linalg as wsl

warnings.simplefilter("ignore")
np.seterr(all="ignore")
nan, inf = np.nan, np.inf
L = np.linalg


def _b(a):
    """A right-hand side for a: 1, 2, ..., n."""
    return np.arange(1.0, len(a) + 1.0)


FUNCTIONS = {
    "solve_a": lambda a: L.solve(a, _b(a)), "inv": L.inv, "det": L.det, "slogdet": lambda a: L.slogdet(a)[1],
    "cholesky": L.cholesky, "qrQ": lambda a: L.qr(a)[0], "qrR": lambda a: L.qr(a)[1],
    "eigh_w": lambda a: L.eigh(a)[0], "eigh_v": lambda a: L.eigh(a)[1], "eigvalsh": L.eigvalsh,
    "eigvals": lambda a: np.real(L.eigvals(a)), "svdS": lambda a: L.svd(a, compute_uv=False),
    "svdU": lambda a: L.svd(a)[0], "pinv": L.pinv, "lstsq_x": lambda a: L.lstsq(a, _b(a), rcond=None)[0],
    "mpow2": lambda a: L.matrix_power(a, 2), "mpow-1": lambda a: L.matrix_power(a, -1),
    "norm_fro": lambda a: L.norm(a), "norm1": lambda a: L.norm(a, 1), "norminf": lambda a: L.norm(a, inf),
    "norm2": lambda a: L.norm(a, 2), "norm-2": lambda a: L.norm(a, -2), "normnuc": lambda a: L.norm(a, "nuc"),
    "cond": L.cond, "cond-2": lambda a: L.cond(a, -2), "cond1": lambda a: L.cond(a, 1),
    "condfro": lambda a: L.cond(a, "fro"),
    "tensorinv": lambda a: L.tensorinv(a.reshape(len(a), 1, len(a), 1), ind=2).reshape(a.shape),
    "tensorsolve": lambda a: L.tensorsolve(a.reshape(len(a), 1, len(a)), _b(a).reshape(len(a), 1)),
    "multi_dot": lambda a: L.multi_dot([a, a, a]),
    "expm": wsl.expm, "sqrtm": wsl.sqrtm, "logm": wsl.logm, "coshm": wsl.coshm,
    "lu_U": lambda a: wsl.lu(a)[2], "lu_solve": lambda a: wsl.lu_solve(wsl.lu_factor(a), _b(a)),
    "solve_triangular": lambda a: wsl.solve_triangular(a, _b(a), lower=True),
    "cho_solve": lambda a: wsl.cho_solve(wsl.cho_factor(a), _b(a)),
    "polar_p": lambda a: wsl.polar(a)[1], "schur_T": lambda a: wsl.schur(a)[0],
    # SciPy's check_finite=False: LAPACK sees the inf or NaN
    "schur_cf": lambda a: wsl.schur(a, check_finite=False)[0],
    "hessenberg_cf": lambda a: wsl.hessenberg(a, check_finite=False),
    "eigh_cf": lambda a: wsl.eigh(a, check_finite=False)[0],
    "cholesky_cf": lambda a: wsl.cholesky(a, check_finite=False),
    "lu_factor_cf": lambda a: wsl.lu_factor(a, check_finite=False)[0],
    "solve_triangular_cf": lambda a: wsl.solve_triangular(a, _b(a), lower=True, check_finite=False),
    # bilinear products of a with itself (session 52: a structural 0 of the cotangent or tangent
    # times the other factor's inf adds nothing, as matmul's since 640c360)
    "outer": lambda a: np.outer(a, a), "kron": lambda a: np.kron(a, a),
    "einsum": lambda a: np.einsum("ij,jk->ik", a, a), "tensordot": lambda a: np.tensordot(a, a, axes=1),
    "inner": lambda a: np.inner(a, a),
}
MATRICES = {
    "nan00": [[nan, 1], [2, 3.0]], "nan01": [[2, nan], [1, 3.0]], "nan10": [[2, 1], [nan, 3.0]],
    "nan11": [[2, 1], [1, nan]], "inf00": [[inf, 1], [2, 3.0]], "inf01": [[2, inf], [1, 3.0]],
    "inf10": [[2, 1], [inf, 3.0]], "-inf11": [[2, 1], [1, -inf]], "symnan": [[nan, 1], [1, 3.0]],
    "syminf": [[inf, 1], [1, 3.0]], "diaginf": [[inf, 0], [0, 1.0]], "diagnan": [[nan, 0], [0, 1.0]],
    "allinf": [[inf, inf], [inf, inf]],
    # 3 x 3: LAPACK's SVD with vectors never returns at these on NumPy < 2.5 (svd, pinv, lstsq)
    "inf00_3": [[inf, 1, 2], [1, 3, 1], [2, 1, 5.0]], "diaginf3": [[inf, 0, 0], [0, 1, 0], [0, 0, 1.0]],
    "nan00_3": [[nan, 1, 2], [1, 3, 1], [2, 1, 5.0]],
}


def _run(name, a, keys=("val", "rev", "fwd")):
    f, out = FUNCTIONS[name], {}
    calls = {"val": lambda: f(a), "rev": lambda: wg.jacrev(f)(a), "fwd": lambda: wg.jacfwd(f)(a)}
    for key in keys:
        call = calls[key]
        try:
            out[key] = np.asarray(call())
        except Exception as exc:  # noqa: BLE001  (reported)
            out[key] = f"{type(exc).__name__}: {str(exc)[:90]}"
    return out


def forked(name, a, timeout=20):
    """_run(name, a) in a child process: {"val": "HANG"} past ``timeout`` seconds. Where the
    plain value hangs (NumPy's own call, which wengert cannot reach), the derivatives are run
    again alone: {"val": "HANG", "derivs": ...}, reported as "NumPy's value HANG; derivatives ..."."""
    out = _child(name, a, timeout, ("val", "rev", "fwd"))
    if isinstance(out.get("val"), str) and out["val"] == "HANG":
        derivs = _child(name, a, timeout, ("rev", "fwd"))
        out = {"val": "HANG", "derivs": "HANG" if isinstance(derivs.get("val"), str) else "; ".join(
            f"{k} " + (v[:70] if isinstance(v, str) else "all NaN" if np.all(np.isnan(v)) else "numbers")
            for k, v in derivs.items())}
    return out


def _child(name, a, timeout, keys):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            result = _run(name, a, keys)
        except BaseException as exc:  # noqa: BLE001
            result = {"val": f"CRASH {exc!r}"}
        with os.fdopen(write, "wb") as fh:
            pickle.dump(result, fh)
        os._exit(0)
    os.close(write)

    def alarm(*_):
        raise TimeoutError
    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(timeout)
    try:
        with os.fdopen(read, "rb") as fh:
            data = fh.read()
        os.waitpid(pid, 0)
        signal.alarm(0)
    except TimeoutError:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return {"val": "HANG"}
    return pickle.loads(data) if data else {"val": "CRASH (no output)"}


def judge(result):
    val, rev, fwd = result.get("val"), result.get("rev"), result.get("fwd")
    if "derivs" in result:
        return f"NumPy's value HANG; derivatives: {result['derivs']}"
    if isinstance(val, str):
        if isinstance(rev, np.ndarray) or isinstance(fwd, np.ndarray):
            return "VALUE RAISES BUT A DERIVATIVE RETURNS: " + val
        return val if val.startswith(("HANG", "CRASH")) else f"refused({val[:60]})"
    if isinstance(rev, str) and isinstance(fwd, str):
        return "value ok, both derivs raise: " + rev[:70]
    if isinstance(rev, str) or isinstance(fwd, str):
        return f"ONE MODE RAISES: rev={rev if isinstance(rev, str) else 'ok'} fwd={fwd if isinstance(fwd, str) else 'ok'}"
    v = np.asarray(val).ravel()
    rr, ff = rev.reshape(v.size, -1), fwd.reshape(v.size, -1)
    notes, bad = [], ~np.isfinite(v)
    rows = [i for i in range(v.size) if bad[i] and np.any(np.isfinite(rr[i]) & (rr[i] != 0) | np.isfinite(ff[i]) & (ff[i] != 0))]
    if rows:
        notes.append(f"finite deriv of nonfinite value in rows {rows}")
    both = np.isfinite(rr) & np.isfinite(ff) & ~np.isclose(rr, ff, rtol=1e-8, atol=1e-12)
    if np.any(both):
        notes.append(f"BOTH FINITE DIFFER at {int(both.sum())}")
    one = np.isnan(rr) != np.isnan(ff)
    if np.any(one):
        notes.append(f"REV!=FWD (NaN in one) at {int(one.sum())}: rev={rr[one][:3]} fwd={ff[one][:3]}")
    return f"value nonfinite {int(bad.sum())}/{v.size}; " + ("; ".join(notes) if notes else "ok")


if __name__ == "__main__":
    names = sys.argv[1].split(",") if len(sys.argv) > 1 and sys.argv[1] else list(FUNCTIONS)
    matrices = sys.argv[2].split(",") if len(sys.argv) > 2 else list(MATRICES)
    for name in names:
        for label in matrices:
            print(f"{name:20s} {label:8s} {judge(forked(name, np.array(MATRICES[label], dtype=float)))}", flush=True)
