"""``check_finite``: SciPy's linear algebra raises ValueError where an argument holds an inf
or a NaN (its default, ``check_finite=True``), and so does every ``wengert.scipy.linalg``
function that takes the argument, on plain arrays, on Vars, and under ``wengert.jit``; with
``check_finite=False`` the check is left out, as in SciPy."""
import inspect

import numpy as np
import pytest
import scipy.linalg as sl

import wengert as wg
import wengert.scipy.linalg as wsl

A = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]])
B = np.array([[1.0, 0.5], [2.0, -1.0], [0.0, 1.5]])
LU = sl.lu_factor(A)
CHO = sl.cho_factor(A)
BANDED = np.array([[0.0, 1.0, 1.0], [4.0, 4.0, 4.0], [1.0, 1.0, 0.0]])

#: name -> (the arguments, which of them are arrays to make non-finite (index, or (index, part)))
CALLS = {
    "cho_factor": ((A,), [0]),
    "cho_solve": (((CHO[0], CHO[1]), B), [(0, 0), 1]),
    "cholesky": ((A,), [0]),
    "det": ((A,), [0]),
    "eig": ((A,), [0]),
    "eigh": ((A,), [0]),
    "eigh_tridiagonal": ((np.array([2.0, 3.0, 4.0]), np.array([0.5, 0.25])), [0, 1]),
    "eigvals": ((A,), [0]),
    "eigvalsh": ((A,), [0]),
    "expm_frechet": ((A / 4, B @ B.T / 4), [0, 1]),
    "hessenberg": ((A,), [0]),
    "inv": ((A,), [0]),
    "lstsq": ((B, A[:, 0]), [0, 1]),
    "lu": ((A,), [0]),
    "lu_factor": ((A,), [0]),
    "lu_solve": (((LU[0], LU[1]), B), [1]),  # (SciPy checks b only)
    "norm": ((A,), [0]),
    "null_space": ((B.T,), [0]),
    "pinv": ((B,), [0]),
    "qr": ((A,), [0]),
    "schur": ((A,), [0]),
    "solve": ((A, B), [0, 1]),
    "solve_banded": (((1, 1), BANDED, B), [1, 2]),
    "solve_triangular": ((np.triu(A), B), [0, 1]),
    "svd": ((A,), [0]),
    "svdvals": ((A,), [0]),
}


def _with_checks():
    return sorted(n for n in wsl.__all__ if hasattr(sl, n)
                  and "check_finite" in inspect.signature(getattr(sl, n)).parameters)


#: functions whose check_finite is newer than the oldest SciPy supported (wengert's takes it on every SciPy)
ADDED_LATER = {"null_space"}  # (from SciPy 1.15: 1.13's takes A and rcond only)


def test_every_function_that_takes_check_finite_is_called_here():
    assert sorted(n for n in CALLS if n not in ADDED_LATER or n in _with_checks()) == _with_checks()


def _spoiled(args, where, bad):
    args = list(args)
    if isinstance(where, tuple):
        i, part = where
        inner = list(args[i])
        inner[part] = np.array(inner[part], dtype=float)
        inner[part].flat[0] = bad
        args[i] = tuple(inner)
    else:
        args[where] = np.array(args[where], dtype=float)
        args[where].flat[0] = bad
    return args


def _scalar(out):
    leaves = wg.tree.leaves(out)
    return sum(np.sum(np.real(x)) for x in leaves if np.asarray(x).dtype.kind in "fc")


def _gradient_at(name, args, where, **kwargs):
    f = getattr(wsl, name)
    i = where[0] if isinstance(where, tuple) else where
    if isinstance(where, tuple):
        def g(v):
            inner = list(args[i])
            inner[where[1]] = v
            return _scalar(f(*args[:i], tuple(inner), *args[i + 1:], **kwargs))
        return wg.grad(g)(args[i][where[1]])
    return wg.grad(lambda v: _scalar(f(*args[:i], v, *args[i + 1:], **kwargs)))(args[i])


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("bad", [np.inf, np.nan])
def test_an_inf_or_nan_is_refused_as_scipy_refuses_it(name, bad):
    args, spots = CALLS[name]
    getattr(wsl, name)(*args)  # (finite: no error)
    for where in spots:
        spoiled = _spoiled(args, where, bad)
        try:
            getattr(sl, name)(*spoiled)
        except ValueError as e:
            assert "must not contain infs or NaNs" in str(e)
        else:
            # SciPy 1.15's solve does not check b (1.13, 1.17 and 1.18 do); check_finite's
            # documented meaning, which wengert keeps on every SciPy, is that it checks both
            assert (name, where) == ("solve", 1), f"SciPy's {name} accepted an {bad} at {where}"
        with pytest.raises(ValueError, match="must not contain infs or NaNs"):
            getattr(wsl, name)(*spoiled)
        if isinstance(where, tuple) and where[1] == 1:
            continue  # (a pivot or a flag: no gradient)
        with pytest.raises(ValueError, match="must not contain infs or NaNs"):
            _gradient_at(name, spoiled, where)


@pytest.mark.parametrize("name", ["norm", "svdvals", "det", "solve", "eigvalsh"])
def test_check_finite_false_leaves_the_check_out(name):
    args, spots = CALLS[name]
    spoiled = _spoiled(args, spots[0], np.inf)
    try:
        _gradient_at(name, spoiled, spots[0], check_finite=False)
    except ValueError as e:
        assert not str(e).startswith("array must not contain infs or NaNs")  # (NumPy's own: "Array ...")
    except Exception:  # noqa: BLE001  (what the computation itself makes of an inf is not checked here)
        pass


def test_norm_of_an_inf_raises_instead_of_a_nan_gradient():
    # it gave a NaN gradient with no error where SciPy raises
    with pytest.raises(ValueError, match="must not contain infs or NaNs"):
        sl.norm(np.array([np.inf, 1.0]))
    with pytest.raises(ValueError, match="must not contain infs or NaNs"):
        wg.grad(wsl.norm)(np.array([np.inf, 1.0]))


def test_under_jit_a_replay_checks_again():
    f = wg.jit(lambda a: wsl.norm(a))
    g = wg.grad(f)
    g(np.array([3.0, 4.0]))
    g(np.array([6.0, 8.0]))
    assert f.stats["replays"] == 1
    with pytest.raises(ValueError, match="must not contain infs or NaNs"):
        g(np.array([np.inf, 8.0]))


@pytest.mark.parametrize("name", ["cho_factor", "eigvals", "eigvalsh"])
def test_check_finite_false_reaches_the_functions_called_inside(name):
    # (cho_factor is cholesky, eigvals eig, eigvalsh eigh: each called with the caller's choice)
    spoiled = _spoiled(CALLS[name][0], 0, np.inf)
    try:
        getattr(wsl, name)(*spoiled, check_finite=False)
    except ValueError as e:
        assert not str(e).startswith("array must not contain infs or NaNs")  # (NumPy's own: "Array ...")
    except Exception:  # noqa: BLE001  (what LAPACK makes of an inf is not checked here)
        pass
