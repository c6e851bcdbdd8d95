"""``scipy.linalg`` and ``scipy.signal`` functions and their VJPs (internal; use
``wengert.scipy.linalg`` and ``wengert.scipy.signal``).

Importing this module imports SciPy; ``import wengert`` does not. SciPy's functions here
are Python code that converts their arguments to arrays, which a Var refuses, so each is
wrapped in a :class:`~wengert.Primitive` that takes SciPy's arguments and calls SciPy on
plain values. Every rule is written with these primitives and recorded NumPy calls, so
derivatives of every order come by composition.

Complex inputs follow wengert's convention (the transpose, no conjugate: every function
here is holomorphic in its array arguments, except that ``trans='C'`` of
``solve_triangular`` conjugates ``a``). Where a derivative does not exist the rules raise
:class:`numpy.linalg.LinAlgError` naming the function, never a silent wrong number:

* ``solve_triangular``: a zero on the diagonal (singular triangle) is refused. Only the
  referenced triangle of ``a`` gets a gradient (the other one, and the diagonal with
  ``unit_diagonal=True``, is never read: its gradient is exactly 0).
* ``solve_banded``: only the entries of ``ab`` that hold a matrix entry get a gradient
  (the corners SciPy does not read get exactly 0); a singular matrix is SciPy's error.
* ``solve_sylvester(a, b, q)``: the solution is unique only when no eigenvalue of ``a``
  is (close to) minus one of ``b``; elsewhere SciPy returns a meaningless number with a
  warning, and wengert refuses the call. When one argument is complex and a real ``a`` or
  ``b`` has complex eigenvalues, SciPy 1.17's answer is wrong (it hands a real Schur form
  to the complex solver); wengert solves with all three made complex.
* ``sqrtm(A)``: the derivative solves ``S dS + dS S = dA`` (``S = sqrtm(A)``), which has a
  unique solution only when no two eigenvalues of ``S`` sum to (nearly) 0: a singular
  ``A`` is refused when differentiated (an upper triangular ``A``: where two sum to 0, or
  where the substitution's running error bound says an entry keeps no 8 digits).
* ``convolve``: bilinear, exact for every mode and method; ``'same'`` and ``'valid'`` crop
  the full convolution, so the cotangent is padded back and correlated with the other
  argument (``'valid'`` crops to the middle whichever argument is larger, as SciPy swaps).
"""
import numpy as np
import scipy.linalg as _sl
import scipy.signal as _ss

from ..errors import NoGradientRule
from ..primitive import OwnPrimitive, Primitive, defvjp
from ..structured import Partial, get_part, is_complex, is_traced, nesting
from ..structured import plain_numbers as plain_value
from ._util import along, dtype_of, peek_value, shape_of
from .linalg import assume_sign_blind, refuse_vector_jump, signs_assumed_blind, signs_may_jump

#: relative distance to 0 under which eigenvalue sums make a Sylvester equation singular.
_SYLVESTER_TOL = float(np.sqrt(np.finfo(float).eps))

def _own(fun, module, name):
    """The Primitive of ``fun``, declared as ``scipy.<module>.<name>``; called with Vars of an
    outer tape it records itself there."""
    prim = OwnPrimitive(fun, name=f"scipy.{module}.{name}", reenters="any", names=(f"scipy.{module}.{name}",))
    prim.__name__ = prim.__qualname__ = name
    return prim


def _square(name, *arrays):
    for label, x in arrays:
        shape = np.shape(plain_value(x))
        if len(shape) != 2 or shape[0] != shape[1]:
            raise ValueError(f"scipy.linalg.{name}: {label} must be a square matrix (2-d), "
                             f"got shape {shape}")


def _T(x):
    return np.swapaxes(x, -1, -2)


# -- solve_triangular -------------------------------------------------------------------------

_TRANS = {0: 0, "N": 0, "n": 0, 1: 1, "T": 1, "t": 1, 2: 2, "C": 2, "c": 2}


def _trans_code(trans):
    try:
        return _TRANS[trans]
    except (KeyError, TypeError):
        raise ValueError(f"scipy.linalg.solve_triangular: trans must be 0, 1, 2, 'N', 'T' or 'C', "
                         f"got {trans!r}") from None


def _solve_triangular(a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False,
                      check_finite=True):
    plain_a, plain_b = np.asarray(a), np.asarray(b)
    _square("solve_triangular", ("a", plain_a))
    if plain_b.ndim not in (1, 2) or plain_b.shape[0] != plain_a.shape[0]:
        raise ValueError(f"scipy.linalg.solve_triangular: b must have shape ({plain_a.shape[0]},) "
                         f"or ({plain_a.shape[0]}, k), got {plain_b.shape}")
    _trans_code(trans)
    if not unit_diagonal:
        zero = np.flatnonzero(np.diagonal(plain_a) == 0)
        if zero.size:
            raise np.linalg.LinAlgError(
                f"scipy.linalg.solve_triangular: the triangle is singular (a[{zero[0]}, {zero[0]}]"
                " == 0): the solution and its gradient do not exist")
    # overwrite_b is not passed on: b may be a value the tape still needs.
    return _sl.solve_triangular(plain_a, plain_b, trans=trans, lower=lower,
                                unit_diagonal=unit_diagonal, check_finite=check_finite)


solve_triangular = _own(_solve_triangular, "linalg", "solve_triangular")
solve_triangular.__doc__ = """Solve ``op(a) x = b`` for a triangular ``a``, as
    ``scipy.linalg.solve_triangular``, differentiable in ``a`` and ``b`` (to any order).

    ``op`` is the identity (``trans=0`` or ``'N'``), the transpose (``1``, ``'T'``) or the
    conjugate transpose (``2``, ``'C'``). Only the triangle SciPy reads (``lower``, without
    the diagonal if ``unit_diagonal``) gets a gradient; the rest of ``a`` gets exactly 0.
    A zero on the diagonal raises :class:`numpy.linalg.LinAlgError`. ``overwrite_b`` is
    accepted and ignored (``b`` is never overwritten).

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> a = np.array([[2.0, 0.0], [1.0, 4.0]])
    >>> wg.grad_bp(lambda b: np.sum(wsl.solve_triangular(a, b, lower=True)), np.ones(2))
    array([0.375, 0.25 ])

    .. versionadded:: 0.1
    """


def _triangle_mask(n, lower, unit_diagonal):
    ones = np.ones((n, n))
    k = 1 if unit_diagonal else 0
    return np.tril(ones, -k) if lower else np.triu(ones, k)


def _solve_triangular_transposed(a, g, trans, lower, unit_diagonal):
    """``op(a)^{-T} g``: the cotangent of ``b``."""
    code = _trans_code(trans)
    if code == 2:  # op(a)^T = conj(a)
        return solve_triangular(np.conj(a), g, trans=0, lower=lower, unit_diagonal=unit_diagonal)
    return solve_triangular(a, g, trans=1 - code, lower=lower, unit_diagonal=unit_diagonal)


def _vjp_solve_triangular_a(ans, a, b, trans=0, lower=False, unit_diagonal=False, **_):
    mask = _triangle_mask(np.shape(plain_value(a))[0], lower, unit_diagonal)
    code = _trans_code(trans)

    def pullback(g):
        gb = _solve_triangular_transposed(a, g, trans, lower, unit_diagonal)
        gm = -np.outer(gb, ans) if np.ndim(ans) == 1 else -(gb @ _T(ans))  # d/d op(a)
        if code:
            gm = _T(gm)
        if code == 2:
            gm = np.conj(gm)
        return gm * mask
    return pullback


def _vjp_solve_triangular_b(ans, a, b, trans=0, lower=False, unit_diagonal=False, **_):
    return lambda g: _solve_triangular_transposed(a, g, trans, lower, unit_diagonal)


defvjp(solve_triangular, _vjp_solve_triangular_a, _vjp_solve_triangular_b)


# -- solve_sylvester and sqrtm ----------------------------------------------------------------

def _smallest_sum(lam, mu):
    """``min |lam_i + mu_j|`` relative to the largest modulus (inf if everything is 0)."""
    scale = max(np.max(np.abs(lam), initial=0.0), np.max(np.abs(mu), initial=0.0))
    if lam.size == 0 or mu.size == 0:
        return np.inf
    if scale == 0:
        return 0.0
    return float(np.min(np.abs(lam[:, None] + mu[None, :]))) / scale


def _solve_sylvester(a, b, q):
    plain_a, plain_b, plain_q = np.asarray(a), np.asarray(b), np.asarray(q)
    _square("solve_sylvester", ("a", plain_a), ("b", plain_b))
    shape = (plain_a.shape[0], plain_b.shape[0])
    if plain_q.shape != shape:
        raise ValueError(f"scipy.linalg.solve_sylvester: q must have shape {shape}, got {plain_q.shape}")
    if _smallest_sum(np.linalg.eigvals(plain_a), np.linalg.eigvals(plain_b)) <= _SYLVESTER_TOL:
        raise np.linalg.LinAlgError(
            "scipy.linalg.solve_sylvester: an eigenvalue of a is (nearly) minus an eigenvalue "
            "of b, so a x + x b = q has no unique solution (and no gradient)")
    if any(np.iscomplexobj(x) for x in (plain_a, plain_b, plain_q)):
        # SciPy takes the real Schur form of a real a or b and hands its 2x2 blocks (complex
        # eigenvalues) to the complex LAPACK solver, which reads them as triangular: with a
        # complex argument elsewhere its answer is wrong (residual ~1e-2) with no warning.
        # All complex, the Schur forms are triangular and the answer right.
        plain_a, plain_b, plain_q = (np.asarray(x, dtype=np.result_type(x, 1j))
                                     for x in (plain_a, plain_b, plain_q))
    return _sl.solve_sylvester(plain_a, plain_b, plain_q)


solve_sylvester = _own(_solve_sylvester, "linalg", "solve_sylvester")
solve_sylvester.__doc__ = """Solve the Sylvester equation ``a x + x b = q``, as
    ``scipy.linalg.solve_sylvester``, differentiable in ``a``, ``b`` and ``q`` (to any order).

    The cotangent ``y`` of ``q`` solves ``a^T y + y b^T = g`` (another Sylvester equation);
    ``a`` gets ``-y x^T`` and ``b`` gets ``-x^T y``. Where an eigenvalue of ``a`` is (to a
    relative ``sqrt(eps)``) minus one of ``b`` the solution is not unique, and the call
    raises :class:`numpy.linalg.LinAlgError` (SciPy would return a meaningless number).

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> a, b = np.array([[2.0]]), np.array([[3.0]])
    >>> wg.grad_bp(lambda q: np.sum(wsl.solve_sylvester(a, b, q)), np.array([[10.0]]))
    array([[0.2]])

    .. versionadded:: 0.1
    """


def _sylvester_adjoint(a, b, g):
    return solve_sylvester(_T(a), _T(b), g)


def _vjp_sylvester_a(ans, a, b, q):
    return lambda g: -(_sylvester_adjoint(a, b, g) @ _T(ans))


def _vjp_sylvester_b(ans, a, b, q):
    return lambda g: -(_T(ans) @ _sylvester_adjoint(a, b, g))


def _vjp_sylvester_q(ans, a, b, q):
    return lambda g: _sylvester_adjoint(a, b, g)


defvjp(solve_sylvester, _vjp_sylvester_a, _vjp_sylvester_b, _vjp_sylvester_q)


def _matrix_function(name, function, finite_only=False):
    """SciPy's ``function`` of one square matrix ``A``, in double precision. ``finite_only``:
    refuse an inf or NaN in ``A`` first (SciPy 1.17's logm never returns at [[inf]], [[-inf]]
    or diag(inf, 1), and refuses a NaN or a full matrix with an inf itself)."""
    def of_matrix(A):
        plain = np.asarray(A)
        if plain.ndim > 2 and plain.shape[-1] == plain.shape[-2]:
            # a stack (SciPy >= 1.15 takes one): each matrix in turn, the results stacked
            # (promoted together: one complex result makes the stack complex, as in SciPy)
            outs = [of_matrix(plain[i]) for i in np.ndindex(plain.shape[:-2])]
            return np.reshape(np.stack(outs), plain.shape) if outs else np.zeros(plain.shape)
        _square(name, ("A", plain))
        if finite_only and not np.all(np.isfinite(plain)):
            raise ValueError(f"scipy.linalg.{name}: A holds an inf or NaN, where the matrix function is "
                             "not defined (SciPy's own loops forever at some, e.g. [[inf]]): pass a finite "
                             "matrix")
        out = function(plain)
        # SciPy 1.13 returns complex256 for complex input; wengert computes in double precision.
        if out.dtype.itemsize > (16 if out.dtype.kind == "c" else 8):
            out = out.astype(np.complex128 if out.dtype.kind == "c" else np.float64)
        return out
    return of_matrix


def _per_matrix(vjp):
    """``vjp`` (a rule of one square matrix ``A``) for a stack of them too: one pullback per
    matrix, the cotangents stacked (internal; sqrtm's and logm's, whose values go per matrix)."""
    def stacked(ans, A):
        shape = np.shape(plain_value(A))
        if len(shape) <= 2:
            return vjp(ans, A)
        places = list(np.ndindex(shape[:-2]))
        pullbacks = [vjp(ans[i], A[i]) for i in places]
        return lambda g: np.reshape(np.stack([pb(g[i]) for pb, i in zip(pullbacks, places)]), shape)
    return stacked


sqrtm = _own(_matrix_function("sqrtm", _sl.sqrtm), "linalg", "sqrtm")
sqrtm.__doc__ = """The principal matrix square root, as ``scipy.linalg.sqrtm``,
    differentiable (to any order) where the derivative exists.

    With ``S = sqrtm(A)``, ``S dS + dS S = dA``; the cotangent of ``A`` solves
    ``S^T y + y S^T = g``. That equation has a unique solution only when no two eigenvalues
    of ``S`` sum to 0 (to a relative ``sqrt(eps)``), and it keeps digits only where ``A`` is
    not nearly singular (A's small eigenvalues are known to ``eps ||A||`` only): where the
    derivative's estimated relative error is above ``1e-8`` (about ``eps kappa(A) / 4`` at a
    normal ``A``, so ``kappa(A)`` up to ~1e8), it raises :class:`numpy.linalg.LinAlgError`
    when differentiated, as at a singular ``A``. An upper triangular ``A`` (its own Schur form,
    its eigenvalues exact) is refused only where two eigenvalues of ``S`` sum to 0 or where the
    triangular substitution that solves the equation, entry by entry, would lose its digits (a
    running bound on each entry's error, above a relative ``1e-8``). A real ``A`` with
    negative eigenvalues has a complex square root, as in SciPy. Of a single precision ``A``
    (float32, complex64, float16) the derivative is taken in double precision (its checks
    double's) and rounded to ``A``'s dtype once: SciPy's ``S`` is single precision there.

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> wg.grad_bp(lambda a: np.trace(wsl.sqrtm(a)), np.array([[4.0, 0.0], [0.0, 9.0]]))
    array([[0.25      , 0.        ],
           [0.        , 0.16666667]])

    .. versionadded:: 0.1
    """


#: the derivative of sqrtm is refused where its estimated relative error is above this (8 digits)
_SQRTM_ACCURATE = 1e-8
_SQRTM_KRONECKER_UP_TO = 8  # the Sylvester operator's n^2 x n^2 singular values, up to 8 x 8 (64 x 64)


def _sqrtm_derivative_error(s, lam, v):
    """The estimated relative error of the derivative of S = sqrtm(A) (S one plain square matrix)
    near a singular A (internal). A's rounding, eps ||A||, moves an eigenvalue mu_i of A by
    eps ||A|| c_i (c_i its condition number, ||x_i|| ||y_i|| / |y_i^H x_i|) and lam_i = sqrt(mu_i)
    by that over 2 |lam_i|; the derivative solves S dS + dS S = dA, whose operator's eigenvalues
    are the sums lam_i + lam_j, each then off by e_i + e_j relative to it: the estimate is the
    largest (e_i + e_j) / |lam_i + lam_j| (eps kappa(A) / 4 at a normal A near singular). The
    pair-sum tolerance sqrt(eps) alone let through kappa(A) up to 1e14, 2.2e-3 off at
    [[1, 2], [0.5, 1 + 1e-13]], 6e-5 at a 3 x 3 with eigenvalues (1, 0.5, 1e-13)
    (tools/sqrtm_gradient_accuracy.py). Up to 8 x 8 also eps ||A|| ||L^-1||^2 (L the operator,
    from its n^2 x n^2 singular values), and the smaller of the two is taken: the eigenvalues'
    is large at a defective S (c_i infinite) whose operator is well-conditioned, that one at a
    nonnormal S whose small eigenvalues are well-conditioned. ||A|| as ||S||_F^2 (an upper
    bound). lam, v: S's eigenvalues and eigenvectors. inf where S is not finite or is singular."""
    n = s.shape[0]
    eps = np.finfo(float).eps
    big = float(np.sum(np.abs(s) ** 2))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        try:
            c = np.linalg.norm(v, axis=0) * np.linalg.norm(np.linalg.inv(v), axis=1)
        except np.linalg.LinAlgError:  # (a defective S: no eigenvector basis)
            c = np.full(n, np.inf)
        e = eps * big * c / (2 * np.abs(lam))
        error = float(np.max((e[:, None] + e[None, :]) / np.abs(lam[:, None] + lam[None, :]), initial=0.0))
        if n <= _SQRTM_KRONECKER_UP_TO and not error <= _SQRTM_ACCURATE:
            eye = np.eye(n)
            smallest = float(np.linalg.svd(np.kron(eye, s) + np.kron(s.T, eye), compute_uv=False)[-1])
            error = min(error, eps * big / (smallest * smallest)) if smallest > 0 else error
    return error if error == error else np.inf


def _sqrtm_triangular_rounding(a, s):
    """A bound on the error of ``S = sqrtm(A)`` at an upper triangular ``A`` (plain), entry by entry (internal):
    ``A`` is its own Schur form, ``s_ii = sqrt(a_ii)`` and ``s_ij = (a_ij - sum_(i<k<j) s_ik s_kj) / (s_ii + s_jj)``
    (the recurrence SciPy's sqrtm follows there), each step's rounding and the errors of the entries it uses
    carried along (first order: (n + 2) eps for a dot product of n terms). inf where two diagonal entries of
    ``S`` sum to 0."""
    n = s.shape[0]
    eps = np.finfo(float).eps
    bound = np.zeros((n, n))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for i in range(n):
            bound[i, i] = eps * abs(s[i, i])
        for d in range(1, n):
            for i in range(n - d):
                j = i + d
                mid = slice(i + 1, j)
                size = abs(a[i, j]) + np.abs(s[i, mid]) @ np.abs(s[mid, j])
                carried = bound[i, mid] @ np.abs(s[mid, j]) + np.abs(s[i, mid]) @ bound[mid, j]
                denominator = abs(s[i, i] + s[j, j])
                bound[i, j] = ((d + 2) * eps * size + carried + (bound[i, i] + bound[j, j]) * abs(s[i, j])) / denominator
    return np.where(bound == bound, bound, np.inf)


def _triangular_sylvester(t, c, t_error):
    """``X`` with ``T X + X T = C``, ``T`` upper triangular (plain), by substitution (internal): ``x_ij =
    (c_ij - sum_(k>i) t_ik x_kj - sum_(k<j) x_ik t_kj) / (t_ii + t_jj)``, from the last row and the first column
    on, each entry kept to its relative rounding where the sums do not cancel (SciPy's solve_sylvester goes
    through T's Schur form, whose rotations keep only ||T|| ||L^-1|| eps normwise). A running bound on every
    entry's error (its own rounding, the entries it uses, and ``t_error``, a bound on T's, as from
    :func:`_sqrtm_triangular_rounding`) decides: above a relative 1e-8 (:data:`_SQRTM_ACCURATE`) in an
    entry, or where two diagonal entries of ``T`` sum to 0 (no unique solution), LinAlgError."""
    t, c = np.asarray(t), np.asarray(c)
    n = t.shape[0]
    eps = np.finfo(float).eps
    x = np.zeros((n, n), dtype=np.result_type(t, c, 1.0))
    bound = np.zeros((n, n))
    diagonal = np.diagonal(t)
    if np.any(diagonal[:, None] + diagonal[None, :] == 0):
        raise np.linalg.LinAlgError(
            "scipy.linalg.sqrtm has no derivative here: two eigenvalues of sqrtm(A) sum to 0 (A is singular), "
            "so S dS + dS S = dA has no unique solution")
    at, ate = np.abs(t), np.asarray(t_error)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for j in range(n):
            for i in range(n - 1, -1, -1):
                below, left = slice(i + 1, n), slice(0, j)
                r = c[i, j] - t[i, below] @ x[below, j] - x[i, left] @ t[left, j]
                x[i, j] = r / (t[i, i] + t[j, j])
                size = abs(c[i, j]) + at[i, below] @ np.abs(x[below, j]) + np.abs(x[i, left]) @ at[left, j]
                carried = (at[i, below] @ bound[below, j] + bound[i, left] @ at[left, j]
                           + ate[i, below] @ np.abs(x[below, j]) + np.abs(x[i, left]) @ ate[left, j]
                           + (ate[i, i] + ate[j, j]) * abs(x[i, j]))
                bound[i, j] = ((2 * n + 2) * eps * size + carried) / abs(t[i, i] + t[j, j]) + eps * abs(x[i, j])
    if not np.all(bound <= _SQRTM_ACCURATE * np.abs(x)):
        with np.errstate(divide="ignore", invalid="ignore"):
            worst = np.max(np.where(bound == 0, 0.0, bound / np.abs(x)))
        raise np.linalg.LinAlgError(
            "scipy.linalg.sqrtm has no derivative here to working accuracy: A (upper triangular) is singular "
            f"or nearly so, and an entry of the derivative's Sylvester solve may be off by {worst:.1e} of itself, "
            f"above {_SQRTM_ACCURATE:g} (its sums cancel). Evaluate away from the small eigenvalue")
    return x


#: X with T X + X T = C at an upper triangular T, entry by entry (see _triangular_sylvester); its derivatives
#: are those of the Sylvester equation: C's cotangent Z solves T^T Z + Z T^T = g, that is Z^T = X(T, g^T),
#: and T's is -(Z X^T + X^T Z)
triangular_sylvester = OwnPrimitive(_triangular_sylvester, name="scipy.linalg.sqrtm's triangular Sylvester solve",
                                    reenters="any")


def _triangular_sylvester_adjoint(t, g, t_error):
    return _T(triangular_sylvester(t, _T(g), t_error))


defvjp(triangular_sylvester,
       lambda ans, t, c, t_error: lambda g: -(_triangular_sylvester_adjoint(t, g, t_error) @ _T(ans)
                                              + _T(ans) @ _triangular_sylvester_adjoint(t, g, t_error)),
       lambda ans, t, c, t_error: lambda g: _triangular_sylvester_adjoint(t, g, t_error))


def _vjp_sqrtm(ans, A):
    plain = np.asarray(plain_value(ans))
    a = np.asarray(plain_value(A))
    if plain.dtype.itemsize < (16 if plain.dtype.kind == "c" else 8) or a.dtype.itemsize < (
            16 if a.dtype.kind == "c" else 8):
        # A in single (or half) precision: SciPy's S is float32 (complex64), and the rule's checks and solve in
        # its precision kept eps32 kappa(A) / 4 of error against the double precision bound (2.6e-4 relative at
        # kappa 5e3, where float64's eps let it through). The derivative at A (whose entries are exact) is taken in
        # double precision from the double square root, its refusals float64's, and rounded to A's dtype once.
        wide = np.complex128 if is_complex(ans) or is_complex(A) else np.float64
        wide_a = A.astype(wide) if is_traced(A) else a.astype(wide)
        pullback = _vjp_sqrtm(sqrtm(wide_a), wide_a)

        def narrowed(g):
            g = g if is_traced(g) else np.asarray(g)
            return pullback(g.astype(np.result_type(dtype_of(g), wide))).astype(a.dtype)
        return narrowed
    if (a.ndim == 2 and not np.any(np.tril(a, -1)) and not np.any(np.tril(plain, -1))
            and np.all(np.isfinite(plain)) and np.any(a - np.diag(np.diagonal(a)))):
        # (an upper triangular A, not diagonal: its eigenvalues are its diagonal, exact, S's and the derivative's
        # entries each come from them by a recurrence; the equation S dS + dS S = dA has a unique solution
        # wherever no two of S's eigenvalues sum to 0, and the substitution's running bound decides whether it
        # keeps its digits. The eigenvalues' estimate and the pair sums' sqrt(eps) refused [[1e-12, 1, 0],
        # [0, 1e-12, 1], [0, 0, 1]] and diag(1, 1e-20, 2) with ones above: 5e-16 off mpmath's there)
        error = _sqrtm_triangular_rounding(a, plain)
        return lambda g: _triangular_sylvester_adjoint(ans, g, error)
    lam, v = np.linalg.eig(plain) if np.all(np.isfinite(plain)) else (np.linalg.eigvals(plain), None)
    if _smallest_sum(lam, lam) <= _SYLVESTER_TOL:
        raise np.linalg.LinAlgError(
            "scipy.linalg.sqrtm has no derivative here: two eigenvalues of sqrtm(A) sum to "
            "(nearly) 0 (A is singular or nearly so), so S dS + dS S = dA has no unique solution")
    # (a diagonal A: its eigenvalues are its entries, exact, and S's and the derivative's,
    # g_ij / (s_i + s_j), are each rounded once: the estimate's eps ||A|| does not apply. At
    # diag(1, 1e-10) the derivative was refused, 1.4e-16 off mpmath's without the refusal)
    diagonal = a.ndim == 2 and not np.any(a - np.diag(np.diagonal(a)))
    if diagonal:
        error = 0.0
    else:
        error = _sqrtm_derivative_error(plain, lam, v) if v is not None else np.inf
    if not error <= _SQRTM_ACCURATE:
        raise np.linalg.LinAlgError(
            "scipy.linalg.sqrtm has no derivative here to working accuracy: A is singular or nearly "
            f"so (the derivative's estimated relative error is {error:.1e}, above {_SQRTM_ACCURATE:g}: "
            "the small eigenvalues of A are known to eps ||A|| only, and the derivatives of their "
            "square roots are large). Where A = B^H B is built from B, write sqrtm(A) as V diag(s) V^H "
            "from B's SVD (numpy.linalg.svd's rule: distinct singular values), whose s keeps its digits")
    return lambda g: solve_sylvester(_T(ans), _T(ans), g)


defvjp(sqrtm, _per_matrix(_vjp_sqrtm))


# -- solve_banded ------------------------------------------------------------------------------

def _band_widths(l_and_u, ab):
    try:
        lower, upper = (int(k) for k in l_and_u)
    except (TypeError, ValueError):
        raise ValueError("scipy.linalg.solve_banded: l_and_u must be a pair of integers (l, u)") from None
    shape = np.shape(plain_value(ab))
    if lower < 0 or upper < 0 or len(shape) != 2 or shape[0] != lower + upper + 1:
        raise ValueError(f"scipy.linalg.solve_banded: ab must have shape (l + u + 1, n) = "
                         f"({lower + upper + 1}, n) for (l, u) = ({lower}, {upper}), got {shape}")
    return lower, upper, shape[1]


def _solve_banded(l_and_u, ab, b, overwrite_ab=False, overwrite_b=False, check_finite=True):
    lower, upper, n = _band_widths(l_and_u, ab)
    plain_ab, plain_b = np.asarray(ab), np.asarray(b)
    if plain_b.ndim not in (1, 2) or plain_b.shape[0] != n:
        raise ValueError(f"scipy.linalg.solve_banded: b must have shape ({n},) or ({n}, k), "
                         f"got {plain_b.shape}")
    if n == 1 and plain_ab[upper, 0] == 0:  # SciPy divides by it (inf and a warning)
        raise np.linalg.LinAlgError("scipy.linalg.solve_banded: singular matrix (a[0, 0] == 0)")
    plain_b = plain_b.astype(np.result_type(plain_ab, plain_b), copy=False)
    if n == 1:
        # A 1 x 1 system is solved here: SciPy before 1.17 divides by ab[1, 0] whatever
        # (l, u) is (the diagonal is ab[u, 0]), a wrong x for u != 1; and SciPy 1.17
        # divides b in place, which fails for a real b with a complex ab.
        if check_finite:
            plain_ab, plain_b = np.asarray_chkfinite(plain_ab), np.asarray_chkfinite(plain_b)
        return plain_b / plain_ab[upper, 0]
    # overwrite_ab and overwrite_b are not passed on: the tape may still need them.
    return _sl.solve_banded((lower, upper), plain_ab, plain_b, check_finite=check_finite)


solve_banded = _own(_solve_banded, "linalg", "solve_banded")
solve_banded.__doc__ = """Solve ``a x = b`` for a banded ``a`` given in SciPy's band storage
    (``ab[u + i - j, j] == a[i, j]``), as ``scipy.linalg.solve_banded``, differentiable in
    ``ab`` and ``b`` (to any order).

    Only the entries of ``ab`` that hold a matrix entry get a gradient; the corners that
    SciPy does not read get exactly 0. A singular matrix raises SciPy's
    :class:`numpy.linalg.LinAlgError`. ``overwrite_ab`` and ``overwrite_b`` are accepted
    and ignored. The gradient of ``ab`` forms the dense ``n x n`` outer product.

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> ab = np.array([[0.0, 1.0], [2.0, 4.0]])  # (l, u) = (0, 1): [[2, 1], [0, 4]]
    >>> wg.grad_bp(lambda b: np.sum(wsl.solve_banded((0, 1), ab, b)), np.ones(2))
    array([0.5  , 0.125])

    .. versionadded:: 0.1
    """


def _shifted(row, k):
    """``row`` moved ``k`` places left (``k > 0``) or right, with zeros coming in."""
    n = np.shape(row)[0]
    if k == 0:
        return row
    if abs(k) >= n:
        return row * 0.0
    return np.pad(row[k:], (0, k)) if k > 0 else np.pad(row[:n + k], (-k, 0))


def _banded_transposed(ab, lower, upper):
    """The band storage of ``a^T`` (widths ``(upper, lower)``) from that of ``a``:
    ``ab_T[l + k, j] = ab[u - k, j + k]``, zero where ``j + k`` is outside the matrix."""
    return np.stack([_shifted(ab[upper - k], k) for k in range(-lower, upper + 1)])


def _vjp_solve_banded_ab(ans, l_and_u, ab, b, **_):
    lower, upper, n = _band_widths(l_and_u, ab)

    def pullback(g):
        gb = solve_banded((upper, lower), _banded_transposed(ab, lower, upper), g)
        ga = -np.outer(gb, ans) if np.ndim(ans) == 1 else -(gb @ _T(ans))  # dense, d/da
        # ab[u + i - j, j] = a[i, j]: row r holds the diagonal i - j = r - u at columns j
        rows = []
        for r in range(lower + upper + 1):
            k = r - upper
            if abs(k) >= n:  # a row of corners only, none of them read
                rows.append(np.zeros(n, dtype=np.result_type(plain_value(ga))))
                continue
            diagonal = np.diagonal(ga, offset=-k)
            rows.append(np.pad(diagonal, (0, k)) if k >= 0 else np.pad(diagonal, (-k, 0)))
        return np.stack(rows)
    return pullback


def _vjp_solve_banded_b(ans, l_and_u, ab, b, **_):
    lower, upper, _n = _band_widths(l_and_u, ab)
    return lambda g: solve_banded((upper, lower), _banded_transposed(ab, lower, upper), g)


defvjp(solve_banded, None, _vjp_solve_banded_ab, _vjp_solve_banded_b)


# -- scipy.signal.convolve --------------------------------------------------------------------

def _convolve(in1, in2, mode="full", method="auto"):
    return _ss.convolve(np.asarray(in1), np.asarray(in2), mode=mode, method=method)


convolve = _own(_convolve, "signal", "convolve")
convolve.__doc__ = """The N-dimensional convolution of ``in1`` and ``in2``, as
    ``scipy.signal.convolve``, differentiable in both (to any order), for every ``mode``
    (``'full'``, ``'valid'``, ``'same'``) and ``method`` (``'direct'``, ``'fft'``, ``'auto'``).

    The cotangent is padded back to the full convolution's shape (where ``'same'`` or
    ``'valid'`` cropped it) and correlated with the other argument (a ``'valid'``
    convolution with it flipped, computed with the same ``method``).

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> wg.grad_bp(lambda x: np.sum(wss.convolve(x, np.array([1.0, 2.0]))), np.ones(3))
    array([3., 3., 3.])

    .. versionadded:: 0.1
    """


def _full_cotangent(g, shape1, shape2, mode, flipped_same=False):
    """``g`` (the cotangent of the cropped output) zero-padded to the full convolution's shape
    (``flipped_same``: ``correlate2d``'s ``'same'``, centred as the flipped convolution)."""
    full = [n1 + n2 - 1 for n1, n2 in zip(shape1, shape2)]
    if mode == "full":
        return g
    if mode == "same":
        starts = [(f - n1) // 2 for f, n1 in zip(full, shape1)]
        if flipped_same:
            starts = [n2 - 1 - s for n2, s in zip(shape2, starts)]
    else:  # "valid": the middle, whichever argument is larger (SciPy swaps them)
        starts = [min(n1, n2) - 1 for n1, n2 in zip(shape1, shape2)]
    pads = [(s, f - s - n) for s, f, n in zip(starts, full, np.shape(g))]
    return np.pad(g, pads) if any(p != (0, 0) for p in pads) else g


def _convolve_vjp(argnum):
    def rule(ans, in1, in2, mode="full", method="auto"):
        shapes = (np.shape(plain_value(in1)), np.shape(plain_value(in2)))
        other = in2 if argnum == 0 else in1

        def pullback(g):
            if 0 in shapes[0] or 0 in shapes[1]:  # an empty output: a constant
                return np.zeros(shapes[argnum], dtype=np.result_type(plain_value(g)))
            full = _full_cotangent(g, shapes[0], shapes[1], mode)
            return convolve(full, np.flip(other), mode="valid", method=method)
        return pullback
    return rule


defvjp(convolve, _convolve_vjp(0), _convolve_vjp(1))


# -- expm and its Frechet derivative -------------------------------------------------

def _expm(A):
    plain = np.asarray(A)
    shape = np.shape(plain)
    if len(shape) < 2 or shape[-1] != shape[-2]:
        raise ValueError(f"scipy.linalg.expm: A must be a square matrix (or a stack of them), "
                         f"got shape {shape}")
    return _sl.expm(plain)


expm = _own(_expm, "linalg", "expm")
expm.__doc__ = """The matrix exponential, as ``scipy.linalg.expm`` (a stack of matrices too),
    differentiable to any order, real or complex.

    Its derivative in the direction ``E`` is the Frechet derivative ``L(A, E)``, the upper
    right block of ``expm([[A, E], [0, A]])``; the cotangent of ``A`` is ``L(A^T, g)`` (the
    transpose: ``expm`` is holomorphic), computed the same way with this function, so
    every order comes by composition. It exists everywhere: nothing is refused.

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> wg.grad_bp(lambda a: np.trace(wsl.expm(a)), np.zeros((2, 2)))  # expm(0)^T
    array([[1., 0.],
           [0., 1.]])

    .. versionadded:: 0.1
    """


def frechet_block(A, E, function=None):
    """``function([[A, E], [0, A]])`` (internal; ``expm`` by default): its upper left block is
    ``function(A)``, its upper right one the Frechet derivative ``L(A, E)``; returns the two
    (stacks work)."""
    n = np.shape(A)[-1]
    # (the dtype from is_complex, not from the values: under wengert.jit a value read is a guard)
    zero = np.zeros(np.shape(A), dtype=complex if is_complex(A) or is_complex(E) else float)
    block = np.concatenate([np.concatenate([A, E], axis=-1), np.concatenate([zero, A], axis=-1)], axis=-2)
    full = (function or _block_expm)(block)
    return full[..., :n, :n], full[..., :n, n:]


#: the Taylor degree of ``expm(X) - I`` at ``||X||_1 <= 1/4`` (remainder 1/4^12 / 13! < 1e-17 relative)
_BLOCK_TAYLOR_DEGREE = 12


def _block_expm(block):
    """``expm(block)`` for a derivative's block (internal): ``e^mu (I + Y)`` with ``mu`` the mean
    eigenvalue (the trace over n) and ``Y = expm(X) - I`` of ``X = block - mu I``, by Taylor's
    series at ``X / 2^s`` (1-norm at most 1/4) and ``s`` squarings of ``I + Y`` written on ``Y``
    (``Y <- 2 Y + Y Y``): matrix products, recorded, so every order comes by composition.

    SciPy's ``expm`` scales by ``||M^p||^(1/p)`` (Al-Mohy and Higham 2009), small for a matrix
    whose large part is nilpotent, and its Pade step then cancels: the second derivative's
    block at ``[[0, 1e6, 0], [0, 0, 1e6], 0]`` (12 by 12, entries up to 1.9e31) came out 1.5e35
    off. Scaling by the 1-norm instead costs ``2^s eps`` in the squarings of ``I + X``
    (4e-9 at ``[[1, 1e8], [0, -1]]``), which squaring ``Y`` does not (1e-16 to 1e-14 off
    mpmath over 150 random blocks, nilpotent, triangular, shifted and complex, where SciPy's
    were up to 5e-3 off or infinite); the shift keeps ``I + Y`` from cancelling where every
    eigenvalue is far below 0. At first order too: ``jvp(expm)`` at ``[[-1/8, 3e6, 2e6], [0,
    -1/16, -3e6], [0, 0, -1/32]]`` was 2e-5 off, at a 4 by 4 triangular one 4.6e21 off; now
    2e-16 and 5e-16. It costs ~ 12 + s small products: the gradient of a 3 by 3 ``expm``
    takes ~ 130 us for 46."""
    plain = np.asarray(peek_value(block))  # (no wengert.jit guard: s changes the rounding only)
    n = plain.shape[-1]
    if plain.size == 0 or not np.all(np.isfinite(plain)) or np.max(np.sum(np.abs(plain), axis=-2)) <= 1.0:
        return expm(block)  # (at a 1-norm <= 1 SciPy does not scale: its Pade step is exact)
    eye = np.eye(n, dtype=plain.dtype)
    mu = np.trace(block, axis1=-2, axis2=-1)[..., None, None] / n
    with np.errstate(all="ignore"):
        centred = plain - np.trace(plain, axis1=-2, axis2=-1)[..., None, None] / n * eye
        largest = float(np.max(np.sum(np.abs(centred), axis=-2)))
        s = int(np.ceil(np.log2(4.0 * largest))) if largest > 0.25 else 0
        x = (block - mu * eye) * 2.0 ** -s
        y = x / _BLOCK_TAYLOR_DEGREE
        for k in range(_BLOCK_TAYLOR_DEGREE - 1, 0, -1):
            y = (x + x @ y) / k
        for _ in range(s):
            y = 2.0 * y + y @ y
        scale = np.exp(mu)
        out = scale * (eye + y)
    # e^mu out of the normal range where e^mu (I + Y) is not (or a cotangent times e^mu is not:
    # jvp comes through the transposed pullback): SciPy's expm, which does not shift;
    # diag(-50, -1460)'s derivative was 0 for e^-50 (e^-755 is 0), diag(-35, -1445)'s 0.3% off
    if not np.all(np.isfinite(peek_value(out))) or np.any(np.abs(peek_value(scale)) < np.finfo(plain.dtype).tiny):
        return expm(block)
    return out


def _vjp_expm(ans, A):
    return lambda g: frechet_block(_T(A), g)[1]


defvjp(expm, _vjp_expm)


# -- lu_factor ----------------------------------------------------------------

def _lu_factor(a, overwrite_a=False, check_finite=True):
    plain = np.asarray(a)
    if plain.ndim > 2 and plain.shape[-1] == plain.shape[-2] == 0 and all(plain.shape[:-2]):
        # a stack of 0 x 0 matrices: SciPy 1.17's (lu of a's own shape and dtype, piv int32 of shape (..., 0));
        # SciPy 1.13 raised ('unexpected array size'), 1.15 gave piv of shape (0,). (A stack of no matrices,
        # (0, n, n), SciPy refuses: "does not support zero-size batches", as wengert does.)
        return plain.copy(), np.zeros(plain.shape[:-1], dtype=np.int32)
    if plain.ndim > 2 and plain.shape[-1] == plain.shape[-2] and plain.size:
        # a stack: each matrix in turn, (lu, piv) stacked as SciPy >= 1.15's (SciPy 1.13's lu_factor of a
        # (3, 4, 4) stack gave piv of shape (3,), not each matrix's pivots)
        parts = [_sl.lu_factor(plain[i], check_finite=check_finite) for i in np.ndindex(plain.shape[:-2])]
        return (np.stack([lu for lu, _ in parts]).reshape(plain.shape),
                np.stack([piv for _, piv in parts]).reshape(plain.shape[:-1]))
    _square("lu_factor", ("a", plain))
    return _sl.lu_factor(plain, check_finite=check_finite)


lu_factor = _own(_lu_factor, "linalg", "lu_factor")
lu_factor.__doc__ = """``(lu, piv)`` as ``scipy.linalg.lu_factor`` (a square matrix), with
    ``lu`` differentiable to any order (``piv``, the row interchanges, is a plain value).

    With ``P a = L U`` (``L`` unit lower triangular, the strict lower triangle of ``lu``,
    ``U`` its upper triangle) and ``X = L^-1 P da U^-1``: ``dL = L tril(X, -1)``,
    ``dU = triu(X) U``, so the cotangent of ``a`` is ``P^T L^-T (tril(L^T gL, -1) +
    triu(gU U^T)) U^-T``, written with ``solve_triangular`` (every order by composition). A
    singular ``a`` (a zero on the diagonal of ``U``) has no derivative: refused with
    :class:`numpy.linalg.LinAlgError`. The pivots are those of ``a``: where a tie between
    two candidate pivots would change them the factors jump, and the derivative is the one
    of the pivoting SciPy chose.

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> wsl.lu_factor(np.array([[1.0, 2.0], [4.0, 2.0]]))
    (array([[4.  , 2.  ],
           [0.25, 1.5 ]]), array([1, 1], dtype=int32))

    .. versionadded:: 0.1
    """


def row_order(piv):
    """The rows of ``a`` in the order of ``P a`` (internal), from LAPACK's interchanges
    ``piv`` (row ``i`` swapped with row ``piv[i]``, in turn)."""
    order = np.arange(len(piv))
    for i, p in enumerate(np.asarray(piv)):
        order[[i, p]] = order[[p, i]]
    return order


def _vjp_lu_factor(ans, a, overwrite_a=False, check_finite=True):
    lu, piv = ans[0], plain_value(ans[1])
    if np.ndim(piv) > 1 and np.shape(piv)[-1] == 0:  # a stack of 0 x 0 matrices: no entries to reach
        return lambda g: np.zeros(np.shape(piv) + (0,))
    if np.ndim(piv) > 1:  # a stack: each matrix's pullback, stacked
        lead = np.shape(piv)[:-1]
        backs = [_lu_factor_pullback(lu[i], piv[i]) for i in np.ndindex(lead)]

        def stacked(g):
            g = g.parts.get(0) if type(g) is Partial else get_part(g, 0)
            if g is None:
                return np.zeros(np.shape(piv) + np.shape(piv)[-1:])
            return np.reshape(np.stack([back(g[i]) for back, i in zip(backs, np.ndindex(lead))]),
                              np.shape(piv) + np.shape(piv)[-1:])
        return stacked
    return _lu_factor_pullback(lu, piv, parted=True)


def _lu_factor_pullback(lu, piv, parted=False):
    """The pullback of one matrix's lu_factor (``parted``: of the pair (lu, piv), else of lu alone)."""
    n = np.shape(piv)[0]
    # (checked when the rule is staged, as sqrtm's: under wengert.jit, on every recording)
    if np.any(np.diagonal(np.asarray(plain_value(lu))) == 0):
        raise np.linalg.LinAlgError(
            "scipy.linalg.lu_factor: the matrix is singular (a zero on the diagonal of U): "
            "its LU factors have no derivative there")

    def pullback(g):
        if parted:
            g = g.parts.get(0) if type(g) is Partial else get_part(g, 0)  # lu's (piv has none)
        if g is None:
            return np.zeros((n, n))
        lower = np.tril(lu, -1) + np.eye(n)
        upper = np.triu(lu)
        x = np.tril(_T(lower) @ np.tril(g, -1), -1) + np.triu(np.triu(g) @ _T(upper))
        # L^-T x U^-T: L^T y = x, then U z^T = y^T (two triangular solves)
        y = solve_triangular(lower, x, trans=1, lower=True, unit_diagonal=True)
        z = _T(solve_triangular(upper, _T(y), lower=False))
        return z[np.argsort(row_order(piv))]  # P^T: row order[i] of a is row i of P a
    return pullback


defvjp(lu_factor, _vjp_lu_factor)


# -- logm --------------------------------------------------------------------------------------

logm = _own(_matrix_function("logm", _sl.logm, finite_only=True), "linalg", "logm")
logm.__doc__ = """The principal matrix logarithm, as ``scipy.linalg.logm`` (a square matrix),
    differentiable to any order, real or complex.

    Its derivative in the direction ``E`` is the Frechet derivative, the upper right block
    of ``logm([[A, E], [0, A]])``; the cotangent of ``A`` is that block for ``A^T`` and the
    cotangent (``logm`` is holomorphic), computed with this function, so every order comes
    by composition. The principal logarithm is not differentiable (not even continuous) where
    ``A`` has an eigenvalue on the closed negative real axis (0 included): there the
    derivative is refused with :class:`numpy.linalg.LinAlgError`, and a derivative of order
    k >= 2 where an eigenvalue is within sqrt(eps)^(1/k) (1.2e-4 at second order) of the
    largest in modulus, where its error grows as eps / |w|^k.

    SciPy's ``logm`` draws from NumPy's global random state (its 1-norm estimator), and its
    last bits can depend on that state; ``wengert.jit`` sees the draw and records a function
    that calls ``logm`` on every call instead of replaying it.

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> wg.grad_bp(lambda a: np.trace(wsl.logm(a)), np.diag([2.0, 4.0]))  # inv(A)^T
    array([[0.5 , 0.  ],
           [0.  , 0.25]])

    .. versionadded:: 0.1
    """

#: relative distance to the negative real axis under which logm's derivative is refused.
_LOGM_TOL = float(np.sqrt(np.finfo(float).eps))


def _vjp_logm(ans, A):
    # (checked when the rule is staged, as sqrtm's: under wengert.jit, on every recording)
    w = np.linalg.eigvals(np.asarray(plain_value(A)))
    scale = max(float(np.max(np.abs(w))), 1e-300) if w.size else 1.0
    on_cut = (np.abs(np.imag(w)) <= _LOGM_TOL * scale) & (np.real(w) <= _LOGM_TOL * scale)
    if np.any(on_cut):
        raise np.linalg.LinAlgError(
            f"scipy.linalg.logm: A has an eigenvalue on the closed negative real axis "
            f"({w[on_cut][0]!r}): the principal logarithm has no derivative there")
    # A derivative of order k >= 2 (this pullback recorded k - 1 times): the outer sweeps
    # differentiate logm of the block [[A^T, g], [0, A^T]] again, whose error grows as
    # eps / |w|^k at an eigenvalue w near 0 (the Hessian of sum(W * logm(a)) at [[1, 2],
    # [2, 4 + e]], w = e / 5: 1.5e-7 off mpmath's at e = 1e-4, 3e-3 at 1e-6 by reverse over
    # reverse): refused below _LOGM_TOL^(1 / k) relative, the first order's budget.
    order = 1 + nesting(A)
    near = np.abs(w) <= _LOGM_TOL ** (1.0 / order) * scale
    if order > 1 and np.any(near):
        raise np.linalg.LinAlgError(
            f"scipy.linalg.logm: the derivative of order {order} is not computed at a nearly "
            f"singular A (an eigenvalue {w[near][0]!r}, within {_LOGM_TOL ** (1.0 / order):.2g} "
            f"of the largest): its error grows as eps / |w|^{order}. Differentiate at a better "
            "conditioned A, or use the first derivative only")
    return lambda g: frechet_block(_T(A), g, logm)[1]


defvjp(logm, _per_matrix(_vjp_logm))


# -- signm ---------------------------------------------------------------------------------------

def _sorted_schur_sign(m, positives):
    """sign(m) of one plain square matrix (internal): its complex Schur form ``Q T Q^H`` sorted so the
    ``k`` eigenvalues with a positive real part come first, ``sign(T) = [[I, X], [0, -I]]`` with
    ``T11 X - X T22 = 2 T12`` (from ``sign(T) T = T sign(T)``), whose operator's eigenvalues
    ``lam_i - mu_j`` (``Re lam_i > 0 > Re mu_j``) are at least the two distances to the imaginary axis:
    no step squares ``m``'s conditioning. ``positives``: the number of eigenvalues of ``m`` with a
    positive real part (known from ``A``'s); another count from the Schur form (an eigenvalue moved across
    the axis by rounding) is refused."""
    m = np.asarray(m)
    complex_in = np.iscomplexobj(m)
    n = m.shape[0]
    if n == 0:
        return np.zeros(m.shape, dtype=complex if complex_in else float)
    d = _nilpotent_scaling(m)[0]
    t, q, k = _sl.schur(np.asarray(m / d[:, None] * d[None, :], dtype=complex), output="complex", sort="rhp")
    if k != positives:
        raise np.linalg.LinAlgError(
            f"scipy.linalg.signm has no derivative here to working accuracy: the derivative's block matrix "
            f"(size {n}) has {k} eigenvalues right of the imaginary axis where {positives} belong (an eigenvalue "
            "of A too near the axis, moved across it by rounding). Evaluate farther from the axis")
    x = _sl.solve_sylvester(t[:k, :k], -t[k:, k:], 2.0 * t[:k, k:])
    s = np.zeros((n, n), dtype=complex)
    s[np.arange(k), np.arange(k)] = 1.0
    s[np.arange(k, n), np.arange(k, n)] = -1.0
    s[:k, k:] = x
    out = q @ s @ np.conj(q.T) * d[:, None] / d[None, :]
    return out if complex_in else out.real


def _nilpotent_scaling(m):
    """A diagonal similarity ``d`` (powers of 2) for sign(m) = D sign(D^-1 m D) D^-1 (internal), and the smallest
    distance of an eigenvalue to the imaginary axis. A derivative's block ``[[M, C], [0, M]]`` (or its transpose;
    nested at higher orders) has each eigenvalue of ``A`` repeated, coupled by ``C``: the separation of the Schur
    form's two groups then shrinks as ``gap^(k+1) / ||C||^k`` (gap: the distance between eigenvalues of opposite
    sign), and the second derivative came out 1e-2 off mpmath's at eigenvalues 1e-7 from the axis. Each coupling is
    scaled to at most that distance (the upper right block of ``sign([[M, tC], [0, M]])`` is ``t L``)."""
    n = m.shape[0]
    h = n // 2
    if n % 2 == 0 and n and np.array_equal(m[:h, :h], m[h:, h:]) and (not np.any(m[h:, :h]) or not np.any(m[:h, h:])):
        inner, gap = _nilpotent_scaling(m[:h, :h])
        upper = not np.any(m[h:, :h])
        c = (m[:h, h:] if upper else m[h:, :h]) / inner[:, None] * inner[None, :]
        size = float(np.max(np.abs(c), initial=0.0))
        t = 1.0 if not size > gap else 2.0 ** np.floor(np.log2(gap / size))
        return (np.concatenate([inner, t * inner]) if upper else np.concatenate([t * inner, inner])), gap
    w = np.linalg.eigvals(m) if n else np.zeros(0)
    return np.ones(n), float(np.min(np.abs(w.real), initial=np.inf))


#: sign of a derivative's block matrix (internal; see :func:`_sorted_schur_sign`): its own derivative is the
#: upper right block of sign([[M^T, g], [0, M^T]]) (sign is holomorphic), computed with itself, so every order
#: comes by composition
sign_block = OwnPrimitive(_sorted_schur_sign, name="scipy.linalg.signm's Frechet block", reenters="any")


def _vjp_sign_block(ans, m, positives):
    return lambda g: frechet_block(_T(m), g, lambda block: sign_block(block, 2 * positives))[1]


defvjp(sign_block, _vjp_sign_block)


def _signm(A, disp=None):
    return _signm_value(A)


_signm_value = _matrix_function("signm", _sl.signm)
signm = _own(_signm, "linalg", "signm")
signm.__doc__ = """The matrix sign function ``A (A^2)^(-1/2)``, as ``scipy.linalg.signm`` (SciPy's value),
    differentiable to any order, real or complex. ``disp`` is ignored (SciPy deprecates it).

    Its derivative in the direction ``E`` is the Frechet derivative, the upper right block of
    ``sign([[A, E], [0, A]])``, and the cotangent of ``A`` that block for ``A^T`` and the cotangent (sign is
    holomorphic), computed through the Schur form sorted by the sign of the eigenvalues' real parts (see
    ``_sorted_schur_sign``): its error grows as ``1 / |Re lam|`` of A's eigenvalues ``lam``, not as the
    condition number of ``A^2`` (``solve(sqrtm(A @ A), A)``'s second derivative was 4e-8 off mpmath's at
    eigenvalues (1e-3, -1, 2)). The sign jumps where an eigenvalue crosses the imaginary axis: there (its real
    part within a relative ``sqrt(eps)`` of 0) the derivative is refused (LinAlgError); a plain value is given
    anywhere, as SciPy's.

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> wsl.signm(np.diag([2.0, -3.0]))
    array([[ 1.,  0.],
           [ 0., -1.]])
    >>> wg.grad(lambda a: wsl.signm(a)[0, 1])(np.array([[1.0, 0.0], [0.0, -1.0]]))  # d/da01 = 2 / (1 - (-1))
    array([[0., 1.],
           [0., 0.]])

    .. versionadded:: 0.1
    """


def _vjp_signm_one(ans, A):
    # (checked when the rule is staged, as sqrtm's and logm's: under wengert.jit, on every recording)
    w = np.linalg.eigvals(np.asarray(plain_value(A)))
    scale = float(np.max(np.abs(w), initial=0.0))
    if w.size and not float(np.min(np.abs(w.real))) > _SYLVESTER_TOL * scale:
        raise np.linalg.LinAlgError(
            "scipy.linalg.signm has no derivative here: an eigenvalue of A is on (or within a relative sqrt(eps) "
            "of) the imaginary axis, where the matrix sign jumps between -1 and 1. Evaluate away from it")
    positives = int(np.sum(w.real > 0))
    error = _signm_derivative_error(np.asarray(plain_value(A))) if 0 < positives < w.size else 0.0
    if not error <= _SIGNM_ACCURATE:
        raise np.linalg.LinAlgError(
            "scipy.linalg.signm has no derivative here to working accuracy: an eigenvalue of A is near the "
            f"imaginary axis for its condition number, or A is (nearly) defective (the derivative's estimated relative "
            f"error is {error:.1e}, above "
            f"{_SIGNM_ACCURATE:g}: A's rounding moves it by eps ||A|| times its condition number, and the derivative "
            "depends on its distance to the axis). Evaluate farther from the axis, or at a better conditioned A")
    return lambda g: frechet_block(_T(A), g, lambda block: sign_block(block, 2 * positives))[1]


#: the derivative of signm is refused where its estimated relative error is above this (an estimate, not a bound:
#: see :func:`_signm_derivative_error`)
_SIGNM_ACCURATE = 1e-10


def _signm_derivative_error(a):
    """The estimated relative error of signm's first and second derivatives at a plain square ``a`` with eigenvalues
    on both sides of the imaginary axis (internal): ``4 eps ||a||_2 max_i c_i / |Re lam_i|`` (``c_i`` the condition
    number of the eigenvalue ``lam_i``, ``||x_i|| ||y_i|| / |y_i^H x_i|``; A's rounding moves ``lam_i`` by ``eps
    ||a|| c_i``). Measured against mpmath (50 digits) over random 3 x 3 and 4 x 4 matrices with eigenvalues 1 to
    1e-7 from the axis, eigenvector matrices of condition 3 to 650: the errors of the first and second
    derivatives (reverse, forward, reverse over reverse, forward over reverse) were at most 3 times ``eps ||a||_2
    max_i c_i / |Re lam_i|`` (0.75 times this estimate). It is not a bound at a nearly defective ``a``: there the
    error reached 4.5 times it (192 random 3 x 3 and 4 x 4 with a nearly defective block on one or both sides,
    eigenvalues 1e-6 to 2 from the axis; :func:`_signm_group_error`'s sweep) and 0.81 times it (87 more of the same
    kind, first and second derivatives by forward mode, truths the sign of the block ``[[A, E, 0], [0, A, E], [0, 0,
    A]]`` by Newton's iteration at 50 digits), so where it alone decides, an admitted derivative may be off by up to
    4.5 times ``_SIGNM_ACCURATE``; the largest error admitted (the smaller of the two estimates below the bound) was
    5.3e-12 and 2.2e-12 in those sweeps. inf at a defective ``a`` (no eigenvector basis) or one not finite. Where
    above the bound, up to 8 x 8 the smaller of it and :func:`_signm_group_error`'s (finite at a defective ``a``)."""
    if not np.all(np.isfinite(a)):
        return np.inf
    lam, v = np.linalg.eig(a)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        try:
            c = np.linalg.norm(v, axis=0) * np.linalg.norm(np.linalg.inv(v), axis=1)
        except np.linalg.LinAlgError:
            return np.inf
        error = 4 * np.finfo(float).eps * np.linalg.norm(a, 2) * float(np.max(c / np.abs(lam.real)))
    error = error if error == error else np.inf
    if error <= _SIGNM_ACCURATE or a.shape[0] > _SQRTM_KRONECKER_UP_TO:
        return error
    return min(error, _signm_group_error(a))


def _signm_group_error(a):
    """A second estimate of signm's derivatives' relative error at a plain square ``a`` with eigenvalues on both sides
    of the imaginary axis (internal), blind to the structure inside each side's group (a Jordan block there makes
    the eigenvalues' condition numbers, and :func:`_signm_derivative_error`'s first estimate, infinite, though the
    sign is the same constant on the whole group): ``12 eps ||a||_2 max(||P||_2 / min|Re lam|, ||a||_2 / sep^2)``,
    ``P`` the spectral projector of the right half-plane group and ``sep`` the smallest singular value of the
    Sylvester operator ``X -> T11 X - X T22`` between the groups of the sorted Schur form. Measured against mpmath
    (the block [[A, E, 0], [0, A, E], [0, 0, A]]'s sign by Newton's iteration at 50 digits) at 192 random 3 x 3 and
    4 x 4 matrices with a (nearly) defective block on one or both sides, eigenvalues 1e-6 to 2 from the axis, first
    and second derivatives (grad, jvp, grad of grad, jvp of grad, jvp of jvp): errors at most 0.61 times it (without
    the factor 3: 1.8 times); the first estimate at most 4.5 times its own there. The smaller is taken: below 1e-10
    it admitted 70 of the 192 (the first alone 34), the largest error admitted 5.3e-12 (the first alone: the same)."""
    t, _, k = _sl.schur(np.asarray(a, dtype=complex), output="complex", sort="rhp")
    n = t.shape[0]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x = _sl.solve_sylvester(t[:k, :k], -t[k:, k:], 2.0 * t[:k, k:])
        projector = float(np.sqrt(1.0 + np.linalg.norm(x / 2, 2) ** 2))
        operator = np.kron(np.eye(n - k), t[:k, :k]) - np.kron(t[k:, k:].T, np.eye(k))
        sep = float(np.linalg.svd(operator, compute_uv=False)[-1])
        size = float(np.linalg.norm(a, 2))
        error = 12 * np.finfo(float).eps * size * max(projector / float(np.min(np.abs(np.diagonal(t).real))),
                                                      size / (sep * sep))
    return error if error == error else np.inf


_vjp_signm_stacked = _per_matrix(_vjp_signm_one)
defvjp(signm, lambda ans, A, disp=None: _vjp_signm_stacked(ans, A))


# -- scipy.signal's correlate, fftconvolve, convolve2d, correlate2d ----------------
# Each is bilinear, with SciPy's value. A correlation is the convolution with the second
# argument reversed and conjugated, correlate(a, b) = convolve(a, flip(conj(b))), so every
# pullback is a 'valid' convolution of the cotangent (padded back to the full output) with
# the other argument (flipped for the first, conjugated for the second), written with the
# function itself: derivatives of every order by composition.

def _signal_shapes(name, in1, in2, two_d=False):
    shapes = (np.shape(plain_value(in1)), np.shape(plain_value(in2)))
    if two_d and not len(shapes[0]) == len(shapes[1]) == 2:
        raise ValueError(f"scipy.signal.{name}: both inputs must be 2-D arrays, got shapes {shapes}")
    return shapes


def _zero_cotangent(shapes, argnum, g):
    return np.zeros(shapes[argnum], dtype=np.result_type(plain_value(g)))


def _correlate(in1, in2, mode="full", method="auto"):
    return _ss.correlate(np.asarray(in1), np.asarray(in2), mode=mode, method=method)


correlate = _own(_correlate, "signal", "correlate")
correlate.__doc__ = """The N-dimensional cross-correlation of ``in1`` and ``in2``, as
    ``scipy.signal.correlate``, differentiable in both (to any order), for every ``mode`` and
    ``method``, real or complex.

    It is ``convolve(in1, flip(conj(in2)))``, whatever the mode (SciPy's definition, also
    where ``'valid'`` swaps the arguments): the cotangent of ``in1`` is the cotangent padded
    back to the full output and convolved (``'valid'``) with ``conj(in2)``, that of ``in2``
    the conjugate of the reversed ``'valid'`` convolution of the padded cotangent with the
    reversed ``in1`` (``conj``'s rule, as ``np.conj``: the cotangent conjugated).

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> wg.grad_bp(lambda x: np.sum(wss.correlate(x, np.array([1.0, 2.0]), mode="valid")), np.ones(3))
    array([1., 3., 2.])

    .. versionadded:: 0.1
    """


def _correlate_vjp(argnum):
    def rule(ans, in1, in2, mode="full", method="auto"):
        shapes = _signal_shapes("correlate", in1, in2)

        def pullback(g):
            if 0 in shapes[0] or 0 in shapes[1]:  # an empty output: a constant
                return _zero_cotangent(shapes, argnum, g)
            full = _full_cotangent(g, shapes[0], shapes[1], mode)
            if argnum == 0:
                return convolve(full, np.conj(in2) if is_complex(in2) else in2, mode="valid", method=method)
            out = np.flip(convolve(full, np.flip(in1), mode="valid", method=method))
            return np.conj(out) if is_complex(out) else out
        return pullback
    return rule


defvjp(correlate, _correlate_vjp(0), _correlate_vjp(1))


def _fftconvolve(in1, in2, mode="full", axes=None):
    if axes is not None:
        raise ValueError("scipy.signal.fftconvolve: wengert differentiates the convolution over "
                         "every axis (axes=None); for some axes only, convolve each slice (or call "
                         "SciPy on x.value for a constant)")
    return _ss.fftconvolve(np.asarray(in1), np.asarray(in2), mode=mode)


fftconvolve = _own(_fftconvolve, "signal", "fftconvolve")
fftconvolve.__doc__ = """The N-dimensional convolution by FFT, as ``scipy.signal.fftconvolve``
    over every axis (``axes=None``; other ``axes`` are refused with a ``ValueError``),
    differentiable in both arguments (to any order), real or complex, for every ``mode``.

    Its pullbacks are those of :func:`convolve` (the padded cotangent convolved with the
    other argument flipped), computed with ``fftconvolve`` itself.

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> g = wg.grad_bp(lambda x: np.sum(wss.fftconvolve(x, np.array([1.0, 2.0]))), np.ones(3))
    >>> np.round(g, 12)
    array([3., 3., 3.])

    .. versionadded:: 0.1
    """


def _fftconvolve_vjp(argnum):
    def rule(ans, in1, in2, mode="full", axes=None):
        shapes = _signal_shapes("fftconvolve", in1, in2)
        other = in2 if argnum == 0 else in1

        def pullback(g):
            if 0 in shapes[0] or 0 in shapes[1]:
                return _zero_cotangent(shapes, argnum, g)
            full = _full_cotangent(g, shapes[0], shapes[1], mode)
            return fftconvolve(full, np.flip(other), mode="valid")
        return pullback
    return rule


defvjp(fftconvolve, _fftconvolve_vjp(0), _fftconvolve_vjp(1))


def _zero_filled(name, boundary, fillvalue):
    if boundary not in ("fill", "pad") or np.any(np.asarray(plain_value(fillvalue)) != 0):
        raise ValueError(f"scipy.signal.{name}: wengert differentiates boundary='fill' with "
                         f"fillvalue=0 only (got boundary={boundary!r}, fillvalue={fillvalue!r}); "
                         "pad the input yourself (np.pad(x, ..., mode='wrap' / 'symmetric')) "
                         "and use mode='valid'")


def _convolve2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    _zero_filled("convolve2d", boundary, fillvalue)
    return _ss.convolve2d(np.asarray(in1), np.asarray(in2), mode=mode, boundary=boundary, fillvalue=fillvalue)


convolve2d = _own(_convolve2d, "signal", "convolve2d")
convolve2d.__doc__ = """The 2-D convolution, as ``scipy.signal.convolve2d``, differentiable in
    both arguments (to any order), real or complex, for every ``mode``, with SciPy's default
    boundary (``boundary='fill'``, ``fillvalue=0``; other boundaries are refused with a
    ``ValueError`` that says how to pad instead).

    The pullbacks are :func:`convolve`'s, computed with ``convolve2d`` itself.

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> wg.grad_bp(lambda x: np.sum(wss.convolve2d(x, np.ones((1, 2)), mode="same")), np.ones((2, 2)))
    array([[2., 1.],
           [2., 1.]])

    .. versionadded:: 0.1
    """


def _correlate2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    _zero_filled("correlate2d", boundary, fillvalue)
    plain1, plain2 = np.asarray(in1), np.asarray(in2)
    if (mode == "valid" and (np.iscomplexobj(plain1) or np.iscomplexobj(plain2))
            and any(n1 < n2 for n1, n2 in zip(plain1.shape, plain2.shape))):
        # SciPy swaps the arguments there and conjugates the other one: a different function
        raise ValueError("scipy.signal.correlate2d: complex inputs with mode='valid' and in2 larger "
                         "than in1 give SciPy's swapped correlation, which wengert does not "
                         "differentiate; use wengert.scipy.signal.correlate (N-dimensional)")
    return _ss.correlate2d(plain1, plain2, mode=mode, boundary=boundary, fillvalue=fillvalue)


correlate2d = _own(_correlate2d, "signal", "correlate2d")
correlate2d.__doc__ = """The 2-D cross-correlation, as ``scipy.signal.correlate2d``,
    differentiable in both arguments (to any order) with the default boundary
    (``boundary='fill'``, ``fillvalue=0``; others are refused with a ``ValueError``).

    It is ``convolve2d(in1, flip(conj(in2)))``; its pullbacks are :func:`correlate`'s, written
    with ``convolve2d``. For complex inputs, ``mode='valid'`` with ``in2`` larger than ``in1``
    is refused (SciPy conjugates the other argument there).

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> wg.grad_bp(lambda x: np.sum(wss.correlate2d(x, np.array([[1.0, 2.0]]), mode="valid")), np.ones((1, 3)))
    array([[1., 3., 2.]])

    .. versionadded:: 0.1
    """


def _convolve2d_vjp(argnum, correlation):
    name = "correlate2d" if correlation else "convolve2d"

    def rule(ans, in1, in2, mode="full", boundary="fill", fillvalue=0):
        shapes = _signal_shapes(name, in1, in2, two_d=True)

        def pullback(g):
            if 0 in shapes[0] or 0 in shapes[1]:
                return _zero_cotangent(shapes, argnum, g)
            full = _full_cotangent(g, shapes[0], shapes[1], mode, flipped_same=correlation)
            if not correlation:
                return convolve2d(full, np.flip(in2 if argnum == 0 else in1), mode="valid")
            if argnum == 0:
                return convolve2d(full, np.conj(in2) if is_complex(in2) else in2, mode="valid")
            out = np.flip(convolve2d(full, np.flip(in1), mode="valid"))
            return np.conj(out) if is_complex(out) else out
        return pullback
    return rule


defvjp(convolve2d, _convolve2d_vjp(0, False), _convolve2d_vjp(1, False))
defvjp(correlate2d, _convolve2d_vjp(0, True), _convolve2d_vjp(1, True))


# -- schur (real Schur form with real, distinct eigenvalues) ------------------------
# A = Z T Z^T, T upper triangular, Z orthogonal. With C = Z^T dA Z and dZ = Z W (W skew):
# dT = C + T W - W T, upper triangular. Writing W = X - X^T (X strictly lower), the strictly
# lower part of T W - W T is that of T X - X T, so X solves the triangular Sylvester system
# L(T X - X T) = -L(C): M x = -c on the n(n-1)/2 strictly lower entries, with
# M = kron(T, I) - kron(I, T^T) restricted to them (row-major), nonsingular exactly when the
# eigenvalues T_ii are distinct. The pullback is its transpose:
# gA = Z (triu(gT) + Y) Z^T, Y = -M^-T L(H - H^T), H = T^T triu(gT) - triu(gT) T^T + Z^T gZ.

#: relative distance under which two eigenvalues of T count as equal (schur's gradient refused).
_SCHUR_TOL = float(np.sqrt(np.finfo(float).eps))


def _schur(a, output="real", lwork=None, overwrite_a=False, sort=None, check_finite=True):
    plain = np.asarray(a)
    if sort is not None:
        raise ValueError("scipy.linalg.schur: wengert's schur takes sort=None only (SciPy's "
                         "order of the eigenvalues); call scipy.linalg.schur on plain values "
                         "(x.value) to sort them")
    # overwrite_a is not passed on: a may be a value the tape still needs.
    if plain.ndim > 2 and plain.shape[-1] == plain.shape[-2] and plain.size:
        # a stack (SciPy >= 1.15 takes one, 1.13 refuses): each matrix in turn, (T, Z) stacked
        parts = [_sl.schur(plain[i], output=output, lwork=lwork, check_finite=check_finite)
                 for i in np.ndindex(plain.shape[:-2])]
        return tuple(np.stack([p[k] for p in parts]).reshape(plain.shape) for k in range(2))
    _square("schur", ("a", plain))
    return _sl.schur(plain, output=output, lwork=lwork, check_finite=check_finite)


schur = _own(_schur, "linalg", "schur")
schur.__doc__ = """The Schur decomposition ``a = Z T Z^H``, as ``scipy.linalg.schur``
    (``sort=None``), returning ``(T, Z)``; differentiable (to any order) for a real ``a``
    with real, distinct eigenvalues (``output='real'``, ``T`` upper triangular).

    ``Z`` is unique there up to the signs of its columns, which SciPy's algorithm fixes and
    keeps locally (except where ``a`` has zeros LAPACK takes as already reduced: a row or
    column zero off the diagonal, as in a triangular matrix, or a Hessenberg or tridiagonal
    ``a``, where a column's sign or the eigenvalues' order jumps; refused), so ``T`` and ``Z`` are differentiable functions of ``a``: ``dT`` and
    ``dZ = Z W`` (``W`` skew-symmetric) solve a triangular Sylvester system in the strictly
    lower part of ``W``, nonsingular when the eigenvalues differ. Refused when
    differentiated (:class:`numpy.linalg.LinAlgError`): two eigenvalues equal (to a
    relative ``sqrt(eps)``), complex eigenvalues (``2x2`` blocks in the real ``T``); and
    (:class:`~wengert.NoGradientRule`) complex ``a`` or ``output='complex'``, where each
    column of ``Z`` has a free phase that makes ``T``'s upper part depend on LAPACK's choice
    rather than on ``a`` alone. The system has ``n(n-1)/2`` unknowns and is solved densely
    (``O(n^6)``): meant for small matrices.

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> a = np.array([[1.0, 2.0], [0.5, 3.0]])
    >>> bool(np.allclose(wg.grad_bp(lambda a: np.trace(wsl.schur(a)[0]), a), np.eye(2)))  # the trace
    True

    .. versionadded:: 0.1
    """


def _commutator_operator(X, n):
    """The matrix of ``W -> X W - W X`` on row-major ``vec(W)`` (plain, ``n^2 x n^2``)."""
    eye = np.eye(n)
    return np.kron(X, eye) - np.kron(eye, _T(X))


def _schur_system(T, n):
    """``M`` (the strictly lower entries' Sylvester operator) and the row-major positions of
    those entries (plain)."""
    lower = [i * n + j for i in range(n) for j in range(i)]
    full = _commutator_operator(T, n)
    return full[np.ix_(lower, lower)] if lower else np.zeros((0, 0)), lower


def _schur_jumps_at(a):
    """True where LAPACK's real Schur form (``gees``) is not continuous at the plain square
    ``a``: its balancing isolates an eigenvalue (a row or column zero off the diagonal) or its
    Hessenberg reduction meets a zero column below the subdiagonal (a reflector ``tau = 0``,
    the identity, where a perturbation gives one that flips a sign), or a zero subdiagonal."""
    n = a.shape[0]
    if n < 2:
        return False
    off_diagonal = a != 0
    np.fill_diagonal(off_diagonal, False)
    if not (np.all(off_diagonal.any(axis=0)) and np.all(off_diagonal.any(axis=1))):
        return True
    if n < 3:
        return False
    hessenberg, tau = _hessenberg_reduction(a)
    return bool(np.any(tau == 0) or np.any(np.diagonal(hessenberg, -1) == 0))


def _vjp_schur(ans, a, output="real", lwork=None, overwrite_a=False, sort=None, check_finite=True):
    if np.ndim(plain_value(ans[0])) > 2:  # a stack: each matrix's pullback, stacked
        shape = np.shape(plain_value(ans[0]))
        index = list(np.ndindex(shape[:-2]))
        backs = [_schur_pullback((ans[0][i], ans[1][i]), a[i], output) for i in index]

        def stacked(g):
            g_T, g_Z = get_part(g, 0), get_part(g, 1)
            return np.reshape(np.stack([back(None if g_T is None else g_T[i], None if g_Z is None else g_Z[i])
                                        for back, i in zip(backs, index)]), shape)
        return stacked
    back = _schur_pullback(ans, a, output)
    return lambda g: back(get_part(g, 0), get_part(g, 1))


def _schur_pullback(ans, a, output):
    """One real matrix's schur pullback ``(g_T, g_Z) -> g_a`` (internal; its refusals raised here)."""
    plain_T = np.asarray(plain_value(ans[0]))
    if is_complex(a) or output not in ("real", "r"):
        raise NoGradientRule(
            "scipy.linalg.schur: the complex Schur form is not differentiated: each column of Z "
            "has a free phase, and T's upper part depends on LAPACK's choice of it, not on a "
            "alone; for a real a with real eigenvalues use output='real'")
    n = plain_T.shape[0]
    if n > 1 and np.any(np.diagonal(plain_T, -1) != 0):
        raise np.linalg.LinAlgError(
            "scipy.linalg.schur: a has complex eigenvalues (2x2 blocks on T's diagonal): the "
            "derivative of the real Schur form is implemented for real eigenvalues only")
    eigenvalues = np.diagonal(plain_T)
    gaps = np.abs(eigenvalues[:, None] - eigenvalues[None, :])
    np.fill_diagonal(gaps, np.inf)  # (an eigenvalue and itself)
    scale = max(float(np.max(np.abs(eigenvalues), initial=0.0)), float(np.finfo(float).tiny))
    if n > 1 and np.min(gaps) <= _SCHUR_TOL * scale:
        raise np.linalg.LinAlgError(
            "scipy.linalg.schur: a has (nearly) equal eigenvalues, where its Schur vectors are not "
            "unique: T and Z have no derivative there")
    if _schur_jumps_at(np.asarray(plain_value(a))):
        raise np.linalg.LinAlgError(
            "scipy.linalg.schur: a has an exact zero structure LAPACK takes as already reduced "
            "(a row or column zero off the diagonal, as in a triangular matrix, or a zero column "
            "below the subdiagonal, as in a Hessenberg or tridiagonal matrix): there the Schur "
            "vectors SciPy returns jump under any perturbation of those zeros (a column's sign, "
            "the order of the eigenvalues), so T and Z have no derivative at a; differentiate at "
            "a point without that structure, or a function of the eigenvalues (np.linalg.eigvals)")
    T, Z = ans[0], ans[1]

    def pullback(g_T, g_Z):
        g_T = np.zeros((n, n)) if g_T is None else np.triu(g_T)  # T's lower part is 0: no cotangent
        h = _T(T) @ g_T - g_T @ _T(T)
        if g_Z is not None:
            h = h + _T(Z) @ g_Z
        if n > 1:
            M, lower = _schur_system(T, n)
            k = np.reshape(h - _T(h), (n * n,))[lower]
            y = np.linalg.solve(_T(M), k)
            place = np.zeros((n * n, len(lower)))
            place[lower, np.arange(len(lower))] = 1.0  # puts y at the strictly lower entries
            g_T = g_T - np.reshape(place @ y, (n, n))
        return Z @ g_T @ _T(Z)
    return pullback


defvjp(schur, _vjp_schur)


# -- hessenberg (real, where the Householder reduction is smooth) -----------------------
# A = Q H Q^T, H upper Hessenberg, Q orthogonal with Q e_1 = e_1. With C = Q^T dA Q and
# dQ = Q W (W skew, its first row and column 0: Q's first column is fixed): dH = C + H W - W H,
# 0 below the subdiagonal. W's entries below the diagonal (columns 1..n-2) solve the square system
# (H W - W H)[i, j] = -C[i, j] for i > j + 1, triangular in the columns with the subdiagonal
# entries H[j + 1, j] on its diagonal (as in the implicit Q theorem). The pullback is its
# transpose, as schur's: gA = Q (tril(triu(gH), -1) + Y) Q^T, with
# Y = -(M^-T (h - h^T)) at those entries, h = H^T gH - gH H^T + Q^T gQ.

def _hessenberg(a, check_finite=True):
    plain = np.asarray(a)
    _square("hessenberg", ("a", plain))
    return _sl.hessenberg(plain, calc_q=True, check_finite=check_finite)


#: (H, Q) of a (internal: wengert.scipy.linalg.hessenberg returns H, or both with calc_q=True;
#: the rule needs Q, so the primitive always gives it)
hessenberg_factors = OwnPrimitive(_hessenberg, name="scipy.linalg.hessenberg", reenters="any")


def _hessenberg_reduction(plain):
    """LAPACK's Hessenberg reduction of the real square ``plain`` (gehrd, as SciPy calls it):
    the reduced matrix (H on and above the subdiagonal) and the scalar factors ``tau`` of
    its ``n - 2`` reflections: ``tau = 0`` where a reflection was skipped, ``tau = 1`` where
    the entry reflected onto was 0 (internal: where schur and hessenberg jump)."""
    work = np.array(plain, dtype=float)
    n = work.shape[0]
    reduced, tau, info = _sl.lapack.dgehrd(work, lo=0, hi=n - 1)
    if info != 0:
        raise np.linalg.LinAlgError(f"LAPACK's gehrd failed (info={info})")
    return reduced, tau[:n - 2]


def _hessenberg_system(H, n):
    """``M`` (the operator of the entries of W below the diagonal, columns 1..n-2, onto the
    entries of ``H W - W H`` below the subdiagonal), those entries' row-major positions, and
    ``B`` (plain) that puts W's unknowns at their places in ``vec(W)`` (and minus them at the
    transposed ones)."""
    unknowns = [(i, j) for j in range(1, n) for i in range(j + 1, n)]
    equations = [i * n + j for j in range(n) for i in range(j + 2, n)]
    place = np.zeros((n * n, len(unknowns)))
    for k, (i, j) in enumerate(unknowns):
        place[i * n + j, k] = 1.0
        place[j * n + i, k] = -1.0
    return _commutator_operator(H, n)[equations] @ place, equations, unknowns


def _vjp_hessenberg(ans, a, check_finite=True):
    plain = np.asarray(plain_value(a))
    if is_complex(a):
        raise NoGradientRule(
            "scipy.linalg.hessenberg: the complex Hessenberg form is not differentiated (each "
            "reflection has a free phase, which LAPACK picks); use a real a")
    n = plain.shape[0]
    if n > 2:
        _, tau = _hessenberg_reduction(plain)
        steps = np.flatnonzero((tau == 0) | (tau == 1))
        if steps.size:
            j = int(steps[0])
            why = ("its column below the subdiagonal is already 0 (a is Hessenberg there), so the "
                   "reflection is skipped" if tau[j] == 0 else
                   "the entry it reflects onto is 0, where LAPACK's choice of sign switches")
            raise np.linalg.LinAlgError(
                f"scipy.linalg.hessenberg has no derivative at this a: at step {j} of the "
                f"reduction {why}, and H and Q jump under a perturbation there (H[{j + 1}, {j}] "
                "changes sign). Perturb a, or differentiate a function of a that does not "
                "depend on the reduction's signs")
    H, Q = ans[0], ans[1]

    def pullback(g):
        g_H, g_Q = get_part(g, 0), get_part(g, 1)
        g_H = np.zeros((n, n)) if g_H is None else np.triu(g_H, -1)  # H's zeros: no cotangent
        if n <= 2 and g_Q is None:
            return g_H  # H = a, Q = I
        h = _T(H) @ g_H - g_H @ _T(H)
        if g_Q is not None:
            h = h + _T(Q) @ g_Q
        if n > 2:
            M, equations, unknowns = _hessenberg_system(H, n)
            rows, cols = (np.array(ix) for ix in zip(*unknowns))
            y = np.linalg.solve(_T(M), (h - _T(h))[rows, cols])
            spread = np.zeros((n * n, len(equations)))
            spread[equations, np.arange(len(equations))] = 1.0
            g_H = g_H - np.reshape(spread @ y, (n, n))
        return Q @ g_H @ _T(Q)
    return pullback


defvjp(hessenberg_factors, _vjp_hessenberg)


# -- eigh_tridiagonal --------------------------------------------------------------------
# T = diag(d) + diag(e, 1) + diag(e, -1) = V diag(w) V^T: numpy.linalg.eigh's rule on the dense T,
# gT = V (diag(gw) + F * (V^T gV)) V^T (F[i, j] = 1 / (w_j - w_i) off the diagonal), read back
# onto d (the diagonal) and e (both off-diagonals: e sits at two places of T).

#: relative gap under which two eigenvalues count as repeated (numpy.linalg.eigh's threshold).
_TRIDIAGONAL_REPEATED = 1e-8


def eigenvector_driver(lapack_driver):
    """The driver the eigenvectors are computed with (internal): ``'stemr'`` or ``'stev'`` if asked for,
    else SciPy's ``'auto'``, ``'stevd'``, where SciPy has it; before (SciPy 1.13's ``'auto'``
    is ``'stemr'``, whose signs flip under arbitrarily small changes of ``d`` and ``e``)
    ``'stev'``, whose signs are continuous where ``e`` has no zero."""
    if lapack_driver in ("stemr", "stev"):
        return lapack_driver
    if "stevd" not in _DRIVERS:
        try:
            _sl.eigh_tridiagonal(np.ones(1), np.zeros(0), lapack_driver="stevd")
            _DRIVERS["stevd"] = True
        except ValueError:
            _DRIVERS["stevd"] = False
    return "stevd" if _DRIVERS["stevd"] else "stev"


#: whether SciPy has the stevd driver (filled on first use)
_DRIVERS: "dict[str, bool]" = {}


def _eigh_tridiagonal(d, e, eigvals_only=False, lo=0, hi=None, tol=0.0, lapack_driver="auto"):
    plain_d, plain_e = np.asarray(d), np.asarray(e)
    if plain_d.ndim != 1 or plain_e.ndim != 1 or plain_e.shape[0] != max(plain_d.shape[0] - 1, 0):
        raise ValueError("scipy.linalg.eigh_tridiagonal: d must be 1-d and e 1-d with one entry "
                         f"less, got shapes {plain_d.shape} and {plain_e.shape}")
    if np.iscomplexobj(plain_d) or np.iscomplexobj(plain_e):
        raise TypeError("scipy.linalg.eigh_tridiagonal: d and e must be real")
    w, v = _sl.eigh_tridiagonal(plain_d, plain_e, lapack_driver=eigenvector_driver(lapack_driver))
    if not eigvals_only:
        return w, w, v
    # SciPy's own eigenvalues (its driver for eigenvalues only), the slice lo..hi of w
    selected = _sl.eigh_tridiagonal(plain_d, plain_e, eigvals_only=True,
                                    select="a" if hi is None else "i",
                                    select_range=None if hi is None else (lo, hi), tol=tol,
                                    lapack_driver=lapack_driver)
    return selected, w, v


#: (the eigenvalues asked for, all eigenvalues, all eigenvectors) of the symmetric tridiagonal
#: matrix of (d, e) (internal: wengert.scipy.linalg.eigh_tridiagonal returns the first, or the
#: last two; the rule needs the eigenvectors, so the primitive always gives them)
eigh_tridiagonal_parts = OwnPrimitive(_eigh_tridiagonal, name="scipy.linalg.eigh_tridiagonal",
                                      reenters="any")


def _vjp_eigh_tridiagonal(argnum):
    def rule(ans, d, e, eigvals_only=False, lo=0, hi=None, tol=0.0, lapack_driver="auto"):
        w, v = ans[1], ans[2]
        n = np.shape(plain_value(w))[0]
        # A zero in e splits the matrix, where the eigenvectors may jump (as eigh's), and
        # stemr's signs flip anywhere: a loss reaching them is refused there. With
        # eigvals_only=True the caller never sees them; only this rule's own sign-blind
        # v diag(g) v^T does (at second order).
        stemr = eigenvector_driver(lapack_driver) == "stemr"
        jumps = not eigvals_only and signs_may_jump(plain_value(e))

        def pullback(g):
            g_selected, g_w, g_v = get_part(g, 0), get_part(g, 1), get_part(g, 2)
            weights = np.zeros(n) if g_w is None else g_w
            if g_selected is not None:
                if eigvals_only:
                    stop = n if hi is None else hi + 1
                    weights = weights + np.pad(g_selected, (lo, n - stop))
                else:
                    weights = weights + g_selected
            inner = np.expand_dims(weights, -1) * np.eye(n)
            if g_v is not None:
                plain_w = np.asarray(plain_value(w))
                gaps = plain_w[None, :] - plain_w[:, None]
                scale = float(np.max(np.abs(plain_w), initial=0.0))
                if np.any((np.abs(gaps) <= _TRIDIAGONAL_REPEATED * scale) & ~np.eye(n, dtype=bool)):
                    raise np.linalg.LinAlgError(
                        "scipy.linalg.eigh_tridiagonal: the gradient through the eigenvectors of a "
                        f"repeated (or nearly repeated, closer than {_TRIDIAGONAL_REPEATED:g} relative) "
                        "eigenvalue is not defined (they are not unique; a zero in e splits the "
                        "matrix and allows it); use only the eigenvalues there, or make them distinct")
                eye = np.eye(n)
                inverse_gaps = (1.0 - eye) / (w[None, :] - w[:, None] + eye)
                inner = inner + inverse_gaps * (_T(v) @ g_v)
                if stemr and not eigvals_only:
                    raise np.linalg.LinAlgError(
                        "scipy.linalg.eigh_tridiagonal: the eigenvectors of LAPACK's stemr "
                        "(lapack_driver='stemr') change sign under arbitrarily small changes of d "
                        "and e, at any input, so no gradient flows through them: pass "
                        "lapack_driver='stev' or 'auto' (signs continuous where e has no zero)")
                refuse_vector_jump("scipy.linalg.eigh_tridiagonal", "eigenvectors", jumps,
                                   "v ** 2, v @ diag(f(w)) @ v.T, or the eigenvalues alone: "
                                   "eigvals_only=True")
            g_T = v @ inner @ _T(v)
            if argnum == 0:
                return np.diagonal(g_T)
            return np.diagonal(g_T, 1) + np.diagonal(g_T, -1)
        return pullback
    return rule


defvjp(eigh_tridiagonal_parts, _vjp_eigh_tridiagonal(0), _vjp_eigh_tridiagonal(1))


# -- scipy.signal.lfilter ----------------------------------------------------------------------

def _lfilter(b, a, x, zi, axis):
    if zi is None:
        return _ss.lfilter(b, a, x, axis=axis)
    y, zf = _ss.lfilter(b, a, x, axis=axis, zi=zi)
    if np.shape(x)[axis] == 0:  # no sample: the state is zi (SciPy 1.17 returns uninitialized memory, gh-22571)
        zf = np.broadcast_to(np.asarray(zi, dtype=zf.dtype), zf.shape).copy()
    return y, zf


#: ``scipy.signal.lfilter(b, a, x, axis=axis, zi=zi)`` with ``zi`` positional (internal:
#: wengert.scipy.signal.lfilter calls it): ``y``, or the pair ``(y, zf)`` when ``zi`` is given.
lfilter_parts = OwnPrimitive(_lfilter, name="scipy.signal.lfilter", reenters="any")


def _taps(v, start, stop, axis):
    return v[along(axis, np.ndim(plain_value(v)), slice(start, stop))]


def _lfilter_rule(argnum):
    """The pullback of the filter in its argument ``argnum`` (b, a, x, zi).

    With ``a`` unnormalized, ``n`` samples and ``K = max(len(a), len(b)) - 1`` delays, the outputs
    ``y`` (``n``) and ``zf`` (``K``), as one sequence ``Y = (y, zf)``, solve the lower triangular
    system ``(a * y)[i] + a[0] Z[i] = (b * x)[i] + a[0] V[i]`` for ``i < n + K`` (full convolutions
    of the sequences, zero beyond their ends; ``Z`` is ``zf`` placed from ``n`` on, ``V`` is ``zi``
    placed from 0). Its transpose gives ``W`` from the cotangents ``(gy, gz)``: ``W[n:] = gz /
    a[0]``, and ``W[:n]`` the filter ``1 / a`` run backwards in time on ``gy`` less the
    correlation of ``a[1:]`` with ``W[n:]``. Then ``dx = b (*) W``, ``dzi = a[0] W[:K]``,
    ``db[m] = <W[m:m + n], x>`` and ``da[m] = -<W[m:m + n], y>``, plus ``<W[:K], zi> - <W[n:],
    zf>`` at ``m = 0`` (``(*)`` a correlation); every piece a recorded call, so every order.
    """
    def rule(ans, b, a, x, zi, axis):
        y, zf = (ans, None) if zi is None else ans
        n = np.shape(plain_value(x))[axis]
        nb, na = np.shape(plain_value(b))[0], np.shape(plain_value(a))[0]
        delays = max(na, nb) - 1

        def pullback(g):
            gy, gz = (g, None) if zi is None else (get_part(g, 0), get_part(g, 1))
            if gy is None:
                gy = np.zeros(np.shape(plain_value(y)), dtype=np.result_type(plain_value(y)))
            if gz is not None and delays:
                tail = gz / a[0]
                # the correlation of a[1:] with W[n:] (the tail's part in W[:n], as known initial values)
                padded = np.concatenate([np.zeros_like(_taps(gy, 0, n, axis)), tail], axis=axis)
                correction = 0.0
                for m in range(1, na):
                    correction = correction + a[m] * _taps(padded, m, m + n, axis)
                gy = gy - correction
            if argnum == 2 and (gz is None or not delays):
                return np.flip(lfilter_parts(b, a, np.flip(gy, axis), None, axis), axis)
            w = np.flip(lfilter_parts(np.ones(1), a, np.flip(gy, axis), None, axis), axis)
            if delays:
                if gz is None:
                    shape = list(np.shape(plain_value(w)))
                    shape[axis] = delays
                    tail = np.zeros(shape, dtype=np.result_type(plain_value(w)))
                # (else the tail gz / a[0] of the correction above)
                w = np.concatenate([w, tail], axis=axis)
            if argnum == 2:
                total = 0.0
                for m in range(nb):
                    total = total + b[m] * _taps(w, m, m + n, axis)
                return total
            if argnum == 3:
                out = a[0] * _taps(w, 0, delays, axis)
                shape = np.shape(plain_value(zi))
                summed = tuple(k for k, s in enumerate(shape) if s == 1 and np.shape(plain_value(out))[k] != 1)
                return np.sum(out, axis=summed, keepdims=True) if summed else out
            if argnum == 0:
                return np.stack([np.sum(_taps(w, m, m + n, axis) * x) for m in range(nb)])
            parts = [-np.sum(_taps(w, m, m + n, axis) * y) for m in range(na)]
            if zi is not None and delays:
                parts[0] = parts[0] + np.sum(_taps(w, 0, delays, axis) * zi) - np.sum(_taps(w, n, None, axis) * zf)
            return np.stack(parts)
        return pullback
    return rule


defvjp(lfilter_parts, *(_lfilter_rule(k) for k in range(4)))


# -- orth (and the checks null_space shares) ---------------------------------------------------

def _orth(A, rcond=None):
    plain = np.asarray(A)
    if plain.ndim != 2:
        raise ValueError(f"scipy.linalg.orth: A must be a matrix (2-d), got shape {plain.shape}")
    return _sl.orth(plain, rcond=rcond)


orth = _own(_orth, "linalg", "orth")
orth.__doc__ = """An orthonormal basis of the range of ``A`` (its rank ``r`` by SciPy's ``rcond``: singular values
    above ``rcond * max(s)`` count), as ``scipy.linalg.orth``: SciPy's value, ``A``'s first ``r`` left singular
    vectors with SciPy's signs, differentiable (to any order) also where ``A`` is rank-deficient.

    With ``Q = orth(A)``, ``M = A A^T``, ``s_i^2 = (Q^T M Q)_ii`` and ``P = I - Q Q^T``, column ``i`` moves as
    ``dq_i = sum_(j <= r, j != i) q_j (q_j^T dM q_i) / (s_i^2 - s_j^2) + (s_i^2 I - P M P)^-1 P dM q_i``
    (the eigenvectors of ``M``; the singular vectors beyond ``r`` are not used, so their being any basis of
    ``A``'s zero singular values does not matter). It exists where the rank is locally constant and the basis
    unique up to SciPy's signs; otherwise the derivative raises :class:`numpy.linalg.LinAlgError`: where a
    singular value is within a relative ``1e-8`` of the cutoff ``rcond * max(s)`` (the rank jumps), where two of
    the ``r`` leading singular values tie (to a relative ``1e-8`` of their squares: the basis is any rotation of
    their vectors; a function of the range alone, such as the projector ``Q Q^T``, is smooth there, but the rule
    does not see that the loss is one: a loss invariant under those rotations sends a cotangent ``g`` with
    ``Q^T g`` symmetric on their block, and so does one merely stationary there, whose value jumps. Write such a
    loss with the projector ``A @ wengert.scipy.linalg.pinv(A, rtol=rcond)``, ``Q Q^T`` with the same rank,
    differentiable at ties and exact zeros too, or make the singular values distinct), where ``s_1 / s_r`` is above
    ``1e8`` (the derivative would keep fewer than 8 digits; ``1e8^(1/k)`` at order ``k``), and at a matrix with
    exact zeros, where LAPACK's signs jump (as ``svd``'s rule; ``wengert.numpy.linalg.assume_sign_blind`` for a
    loss blind to them). Float64 only: the derivative of a complex ``A`` (whose columns' phases SciPy picks) or
    of another precision is refused (pass ``A.astype(np.float64)``).

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> a = np.array([[3.0, 6.0], [1.0, 2.0], [2.0, 4.0]])  # rank 1: its second column is twice the first
    >>> wsl.orth(a).shape
    (3, 1)
    >>> g = wg.grad(lambda m: np.sum(wsl.orth(m) ** 3))(a)
    >>> bool(np.all(np.isfinite(g)))
    True

    .. versionadded:: 0.1
    """


def subspace_checks(name, A, rcond, leading_vectors=True):
    """The singular values ``s`` of the plain matrix ``A`` and its rank ``r`` by SciPy's ``rcond`` (orth's,
    null_space's count), after the checks of their derivatives (internal): float64 only, the rank locally
    constant (no singular value within a relative 1e-8 of the cutoff), ``s_1 / s_r`` within 1e8 and the
    ``r`` leading singular values distinct (1e8 and 1e-8 taken at the derivative's order ``k`` as
    ``1e8^(1 / k)``, as the other rules' higher derivatives), no exact zero in ``A`` (LAPACK's signs)."""
    a = np.asarray(plain_value(A))
    if a.dtype != np.float64:
        raise NoGradientRule(
            f"the derivative of {name} is computed for float64 matrices only (here {a.dtype}: "
            + ("the phases of a complex basis are SciPy's pick, and a loss may depend on them"
               if a.dtype.kind == "c" else "SciPy's basis and rank are of that precision")
            + "); pass a real A.astype(np.float64)")
    m, n = a.shape
    if not np.all(np.isfinite(a)):
        raise np.linalg.LinAlgError(f"the derivative of {name} at a matrix holding an inf or NaN is not defined")
    s = np.linalg.svd(a, compute_uv=False)
    cutoff = float(np.max(s, initial=0.0)) * (np.finfo(float).eps * max(m, n) if rcond is None else rcond)
    r = int(np.sum(s > cutoff))
    order = 1 + nesting(A)
    budget = 1e8 ** (1.0 / order)
    if np.any(np.abs(s - cutoff) <= 1e-8 * cutoff):
        raise np.linalg.LinAlgError(
            f"the derivative of {name} is not defined here: a singular value of A is at (within a relative 1e-8 "
            f"of) the cutoff rcond * max(s) = {cutoff:.3g} that decides the rank, so the rank, and the shape of "
            "the basis, jump under a perturbation. Pass an rcond whose cutoff falls in a gap of the singular "
            "values")
    if r and s[0] / s[r - 1] > budget:
        raise np.linalg.LinAlgError(
            f"the derivative{'' if order == 1 else f' of order {order}'} of {name} is not computed here: the "
            f"smallest singular value counted in the rank is {s[r - 1]:.3g}, {s[0] / s[r - 1]:.3g} times below "
            f"the largest (above {budget:.3g}), and the derivative, which divides by it, would keep fewer than 8 "
            "digits (its rounding error grows as eps times that ratio per order). Pass an rcond that counts that "
            "singular value as zero, or differentiate at a better conditioned A")
    lead = s[:r] ** 2
    if leading_vectors and r > 1 and np.any(lead[:-1] - lead[1:] <= lead[0] / budget):
        raise np.linalg.LinAlgError(
            f"the derivative of {name} is not defined here: two of A's singular values counted in the rank are "
            f"equal (or closer than a relative {1 / budget:g} in their squares), and their vectors, columns of the "
            "basis, are not unique there (any rotation of them is as good, and SciPy's pick jumps). A function of "
            "the subspace alone is smooth there, but the rule cannot tell that the loss is one (a loss merely "
            "stationary under those rotations sends the same kind of cotangent, and its value jumps): write it with "
            f"the projector, {projector_form(name)}, which has the same rank and is differentiable there, or make "
            "the singular values distinct (a tiny generic perturbation of A)")
    refuse_vector_jump(f"scipy.linalg.{name.split('.')[-1]}", "basis vectors", signs_may_jump(a),
                       "Q @ Q.T, the projector onto the subspace")
    return s, r


def projector_form(name):
    """How to write the orthogonal projector onto the subspace whose basis ``name`` (scipy.linalg.orth or
    null_space) returns, differentiably also where the basis is not (ties, exact zeros, a nullity of 2 or
    more): through ``pinv``'s rule, the truncated SVD's pseudo-inverse with the same cutoff (internal).

    >>> projector_form("scipy.linalg.orth")
    'A @ wengert.scipy.linalg.pinv(A, rtol=rcond) (= Q @ Q.T)'
    """
    if name.endswith("orth"):
        return "A @ wengert.scipy.linalg.pinv(A, rtol=rcond) (= Q @ Q.T)"
    return "np.eye(n) - wengert.scipy.linalg.pinv(A, rtol=rcond) @ A (= Z @ Z.T for Z = null_space(A, rcond))"


def _orth_cotangent(q, a, g):
    """A's cotangent for the cotangent ``g`` of ``q = orth(a)`` (internal; see :data:`orth`): with ``X = Q^T g``,
    ``F_ab = 1 / (s_b^2 - s_a^2)`` and ``w_i = (s_i^2 I - P M P)^-1 P g_i``, ``(Q (F * (X - X^T)) Q^T + W Q^T +
    Q W^T) A``, written with recorded calls (differentiable again: ``q`` is orth's own value)."""
    qa = _T(q) @ a
    s2 = np.sum(qa * qa, axis=-1)
    r = shape_of(s2)[-1]
    m = shape_of(a)[-2]
    eye = np.eye(r)
    f = (1.0 - eye) / (s2[None, :] - s2[:, None] + eye)
    x = _T(q) @ g
    p = np.eye(m) - q @ _T(q)
    pa = p @ a
    resolvent = s2[:, None, None] * np.eye(m) - (pa @ _T(pa))[None]
    w = p @ _T(np.linalg.solve(resolvent, _T(p @ g)[..., None])[..., 0])
    return q @ (f * (x - _T(x))) @ qa + w @ qa + q @ (_T(w) @ a)


def _refuse_isolated_signs(name, basis, of_moved, shape):
    """Raise where SciPy's signs of the ``basis`` at A are not those at A moved by a relative 1e-10 along a fixed
    direction (``of_moved(direction)``: the leading vectors there, as many as ``basis`` has), unless the loss is asserted sign-blind (internal). At a
    rank-deficient wide A (m < n) LAPACK's signs of the leading left singular vectors were A's own in 188 of 200
    random cases and flipped against both sides of it in 12 (the neighbours agreeing): the value at A is then an
    isolated point of a sign-reading loss, which has no derivative there."""
    if signs_assumed_blind():
        return
    moved = of_moved(np.cos(np.arange(1.0, 1.0 + int(np.prod(shape)))).reshape(shape))
    if np.any(np.sum(moved * basis, axis=0) < 0):
        raise np.linalg.LinAlgError(
            f"the derivative of {name} is not defined here: SciPy's signs of the basis vectors at A differ from "
            "those at every nearby matrix tried (A is rank-deficient, and LAPACK's signs there come from its "
            "rounding-level singular values), so a loss that reads the signs jumps at A. If the loss is blind to "
            "them (Q @ Q.T, abs(Q)), differentiate inside wengert.numpy.linalg.assume_sign_blind(); otherwise at a "
            "point where the signs are stable (a tiny generic perturbation of A)")


def _vjp_orth(ans, A, rcond=None):
    s, r = subspace_checks("scipy.linalg.orth", A, rcond)
    a = np.asarray(plain_value(A))
    if r == 0:  # (an empty basis: nothing reaches A)
        return lambda g: np.zeros(shape_of(A))
    if r < min(a.shape):
        scale = 1e-10 * float(s[0])
        _refuse_isolated_signs("scipy.linalg.orth", np.asarray(plain_value(ans)),
                               lambda d: _sl.svd(a + scale * d, full_matrices=False)[0][:, :r], a.shape)
    return lambda g: _orth_cotangent(ans, A, g)


defvjp(orth, _vjp_orth)


def _null_space(A, rcond=None, *, overwrite_a=False, check_finite=True, lapack_driver="gesdd"):
    plain = np.asarray(A)
    if plain.ndim != 2:
        raise ValueError(f"scipy.linalg.null_space: A must be a matrix (2-d), got shape {plain.shape}")
    if check_finite and not np.all(np.isfinite(plain)):
        raise ValueError("array must not contain infs or NaNs")  # (SciPy's words)
    # (SciPy 1.13's null_space takes A and rcond only: lapack_driver is passed where asked for)
    return _sl.null_space(plain, rcond=rcond, **({} if lapack_driver == "gesdd" else {"lapack_driver": lapack_driver}))


null_space = _own(_null_space, "linalg", "null_space")
null_space.__doc__ = """An orthonormal basis of the null space of ``A`` (``A``'s last right singular vectors beyond its
    rank ``r`` by SciPy's ``rcond``), as ``scipy.linalg.null_space``: SciPy's value, differentiable (to any order)
    where the nullity ``n - r`` is 0 (an empty basis) or 1 and the vector's sign is continuous, that is where ``A``
    has full row rank (``r = m = n - 1``: the vector beyond the ``m`` singular values). Its derivative, with
    ``R = orth(A^T)`` (the row space, :data:`orth`'s rule and conditions: distinct singular values, ``s_1 / s_r``
    within 1e8, no singular value at the cutoff, no exact zero in ``A``), is ``dv = -R dR^T v``.

    Refused (:class:`numpy.linalg.LinAlgError`): a nullity of 2 or more (the basis is LAPACK's pick among vectors
    of singular values that are rounding noise, and it turns under any perturbation: a function of the subspace,
    the projector ``np.eye(n) - wengert.scipy.linalg.pinv(A, rtol=rcond) @ A``, is differentiable, so write it
    that way); and the null
    vector of a rank-deficient ``A`` (``r < min(m, n)``), whose singular value is ``|q|`` for a smooth ``q``
    crossing 0 at ``A``: LAPACK's sign of the vector follows the sign of ``q`` and flips under every perturbation
    (200 of 200 random cases), so only a loss blind to it (``v v^T``, ``abs(v)``) has a derivative: differentiate
    that inside ``wengert.numpy.linalg.assume_sign_blind()``. Float64 only, as :data:`orth`.

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> a = np.array([[1.0, 2.0, 2.0]])
    >>> wsl.null_space(a).shape
    (3, 2)
    >>> g = wg.grad(lambda m: np.sum(wsl.null_space(m) ** 3))(np.array([[1.0, 2.0, 2.5], [0.5, -1.0, 3.0]]))
    >>> g.shape
    (2, 3)

    .. versionadded:: 0.1
    """


def _vjp_null_space(ans, A, rcond=None, **kwargs):
    a = np.asarray(plain_value(A))
    m, n = a.shape
    nullity = np.shape(plain_value(ans))[-1]
    if nullity == 0 or a.size == 0:  # (an empty basis, or A without entries (0 x n: the basis is constant))
        return lambda g: np.zeros(shape_of(A))
    if nullity > 1:
        raise np.linalg.LinAlgError(
            f"the derivative of scipy.linalg.null_space is not defined here: the null space has dimension {nullity}, "
            "and its basis is LAPACK's pick among the singular vectors of singular values that are rounding noise "
            "(or of none), which turns under any perturbation. A function of the subspace is differentiable: write "
            f"it with the projector onto it, {projector_form('null_space')}")
    s, r = subspace_checks("scipy.linalg.null_space", A, rcond)
    if r < min(m, n) and not signs_assumed_blind():
        raise np.linalg.LinAlgError(
            "the derivative of scipy.linalg.null_space is not defined here: A is rank-deficient, its null vector's "
            "singular value is |q| for a smooth q that crosses 0 at A, and LAPACK's sign of the vector follows the "
            "sign of q, so it flips under every perturbation of A. A loss blind to that sign (v @ v.T, abs(v)) has "
            "a derivative: differentiate it inside wengert.numpy.linalg.assume_sign_blind(), or write it with the "
            f"projector, {projector_form('null_space')}")
    with assume_sign_blind():  # (the rows' signs: R R^T is blind to them; A's zeros were checked above)
        rows = orth(_T(A), rcond=rcond)
    # v = P v0 / |P v0| with P = I - R R^T and v0 the value at A: dv = -R dR^T v (R^T v = 0), so R's cotangent
    # is -v (g^T R) and A's the transpose of orth's for A^T
    return lambda g: _T(_orth_cotangent(rows, _T(A), -(ans @ (_T(g) @ rows))))


defvjp(null_space, _vjp_null_space)
