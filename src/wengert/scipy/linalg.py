"""``scipy.linalg``, as wengert differentiates it.

SciPy's ``solve_triangular``, ``solve_banded``, ``solve_sylvester`` and ``sqrtm`` are Python code that
converts their arguments to arrays, which a Var refuses: call these, which take the same
arguments, give SciPy's values and are differentiable to any order (see
``wengert.ops.scipy_linalg`` for where a derivative does not exist and is refused).
``expm`` (its derivative is the Frechet derivative, every order) and ``expm_frechet``,
``solve``, ``inv``, ``det``, ``cholesky``, ``cho_factor``, ``cho_solve``, ``eigh``, ``svd``,
``qr``, ``polar``, ``block_diag``, ``toeplitz``, ``circulant`` and ``hankel`` are here too,
written with wengert.numpy's linalg rules (and their checks: repeated eigenvalues, a full
Q of a tall matrix); where SciPy reads one triangle of a matrix only that triangle gets a
gradient. So are ``lu_factor``, ``lu``, ``lu_solve``, ``logm``, ``pinv``,
``lstsq``, ``eig``, ``eigvals``, ``coshm``, ``sinhm``, ``tanhm``, ``cosm``, ``sinm``, ``tanm``,
``signm`` and ``fractional_matrix_power``; ``orth`` (also of a rank-deficient matrix) and ``null_space``.
So are ``solve_continuous_lyapunov`` and ``solve_discrete_lyapunov``;
``hessenberg``, ``eigh_tridiagonal`` and ``qr_multiply``; ``eigvalsh``, ``svdvals`` and ``norm``.

>>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
>>> wg.grad_bp(lambda a: np.trace(wsl.sqrtm(a)), np.array([[4.0, 0.0], [0.0, 1.0]]))
array([[0.25, 0.  ],
       [0.  , 0.5 ]])

.. versionadded:: 0.1
"""
from typing import Any as _Any

from ..ops import scipy_linalg as _scipy_linalg  # noqa: F401  (declares the functions bound here)
from ..primitive import bind as _bind
from ..primitive import no_such_name as _no_such_name

__all__ = _bind(globals(), "scipy.linalg")


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)


# -- the rest of jax.scipy.linalg, written with differentiable calls ----------------
# (wengert.numpy's linalg rules, solve_triangular and expm above: derivatives of every order
# by composition, with their conditions checked where those rules check them)

import numpy as _np  # noqa: E402
import scipy.linalg as _sl  # noqa: E402

from ..ops.scipy_linalg import expm as _expm, frechet_block as _frechet_block  # noqa: E402
from ..ops.scipy_linalg import solve_triangular as _solve_triangular  # noqa: E402
from ..ops.linalg import svd_sign_blind as _svd_sign_blind  # noqa: E402
from ..primitive import OwnPrimitive as _Primitive  # noqa: E402
from ..primitive import defcomposite as _defcomposite  # noqa: E402
from ..structured import is_traced as _is_traced  # noqa: E402
from ..tree import leaves as _leaves  # noqa: E402
from ..structured import plain_tree as _stop_gradient  # noqa: E402


def _T(x):
    return _np.swapaxes(x, -1, -2)


def _hermitian_from(a, lower, conjugate=True):
    """The symmetric (``conjugate=False``) or Hermitian matrix SciPy reads from one triangle
    of ``a``: the other triangle is never read, so its gradient is exactly 0."""
    tri = _np.tril(a) if lower else _np.triu(a)
    strict = _np.tril(a, -1) if lower else _np.triu(a, 1)
    other = _T(_np.conj(strict) if conjugate else strict)
    if conjugate and _is_complex(a):
        # the diagonal of a Hermitian matrix is real: LAPACK reads its real part only
        diagonal = _np.imag(_np.diagonal(a, axis1=-2, axis2=-1))
        # (the identity in a's real precision: a float64 one made complex64 input complex128)
        eye = _np.eye(_np.shape(a)[-1], dtype=_np.finfo(_np.result_type(_peek(a))).dtype)
        tri = tri - 1j * (diagonal[..., None] * eye)
    return tri + other


def _is_complex(x):
    # the dtype only (a replay checks it): reading the values would be a guard under wengert.jit
    from ..structured import is_complex
    return is_complex(x)


def _all_finite(*arrays):
    for a in arrays:
        if a is not None and not _np.all(_np.isfinite(a)):
            raise ValueError("array must not contain infs or NaNs")  # (SciPy's words: np.asarray_chkfinite)
    return True


#: :func:`_all_finite` as a function without gradient: under ``wengert.jit`` its answer is a guard
_finite_values = _Primitive(_all_finite, name="wengert.scipy.linalg.check_finite", gradient=False)


def _finite(check_finite, *arrays):
    """SciPy's ``check_finite=True`` (its default): ValueError where an argument holds an
    inf or a NaN, as SciPy raises, not a NaN gradient from the values past it."""
    if check_finite:
        _finite_values(*arrays)


def expm_frechet(A, E, method=None, compute_expm=True, check_finite=True):
    """The Frechet derivative ``L(A, E)`` of the matrix exponential at ``A`` in the
    direction ``E`` (with ``expm(A)`` first if ``compute_expm``), as
    ``scipy.linalg.expm_frechet``, differentiable in both to any order: the blocks of
    ``expm([[A, E], [0, A]])``.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.expm_frechet(np.zeros((2, 2)), np.eye(2), compute_expm=False)
    array([[1., 0.],
           [0., 1.]])

    .. versionadded:: 0.1
    """
    _finite(check_finite, A, E)
    expA, L = _frechet_block(A, E)
    return (expA, L) if compute_expm else L


def solve(a, b, lower=False, overwrite_a=False, overwrite_b=False, check_finite=True,
          assume_a=None, transposed=False):
    """Solve ``a x = b``, as ``scipy.linalg.solve``, differentiable in ``a`` and ``b``.

    With ``assume_a`` ``'sym'``, ``'her'`` or ``'pos'`` (``'symmetric'``, ``'hermitian'``,
    ``'positive definite'``) only the triangle SciPy reads (``lower``) gets a gradient.
    ``transposed=True`` solves ``a^T x = b``. A singular ``a`` raises
    :class:`numpy.linalg.LinAlgError`.

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> wg.grad_bp(lambda b: np.sum(wsl.solve(np.diag([2.0, 4.0]), b)), np.ones(2))
    array([0.5 , 0.25])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a, b)
    kind = {None: "gen", "gen": "gen", "general": "gen", "sym": "sym", "symmetric": "sym",
            "her": "her", "hermitian": "her", "pos": "pos", "positive definite": "pos"}.get(assume_a)
    if kind is None:
        raise ValueError(f"wengert.scipy.linalg.solve: assume_a={assume_a!r} is not supported "
                         "(use 'gen', 'sym', 'her' or 'pos')")
    if kind != "gen":
        a = _hermitian_from(a, lower, conjugate=kind != "sym")
    if transposed:
        a = _T(a)
    # a 1-d b is one right-hand side for every matrix of a stack (SciPy's): its column's
    # solutions are the last axis' first entries ([..., 0]; [:, 0] took each solution's first row)
    return _np.linalg.solve(a, b) if _np.ndim(b) != 1 else _np.linalg.solve(a, b[:, None])[..., 0]


def inv(a, overwrite_a=False, check_finite=True):
    """The inverse of ``a``, as ``scipy.linalg.inv`` (``np.linalg.inv``'s rule).

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.inv(np.diag([2.0, 4.0]))
    array([[0.5 , 0.  ],
           [0.  , 0.25]])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a)
    return _np.linalg.inv(a)


def det(a, overwrite_a=False, check_finite=True):
    """The determinant of ``a``, as ``scipy.linalg.det`` (``np.linalg.det``'s rule).

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> round(float(wsl.det(np.diag([2.0, 4.0]))), 12)
    8.0

    .. versionadded:: 0.1
    """
    _finite(check_finite, a)
    return _np.linalg.det(a)


def cholesky(a, lower=False, overwrite_a=False, check_finite=True):
    """The Cholesky factor of a Hermitian positive definite ``a``, upper (SciPy's default,
    ``a = U^H U``) or lower, as ``scipy.linalg.cholesky``: only the triangle SciPy reads
    gets a gradient. A matrix that is not positive definite raises
    :class:`numpy.linalg.LinAlgError`.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.cholesky(np.array([[4.0, 2.0], [2.0, 5.0]]))
    array([[2., 1.],
           [0., 2.]])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a)
    factor = _np.linalg.cholesky(_hermitian_from(a, lower))
    return factor if lower else _T(_np.conj(factor))


def cho_factor(a, lower=False, overwrite_a=False, check_finite=True):
    """``(c, lower)`` as ``scipy.linalg.cho_factor``: ``c`` holds the Cholesky factor in one
    triangle and ``a``'s own entries in the other (never read by :func:`cho_solve`).

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.cho_factor(np.array([[4.0, 2.0], [2.0, 5.0]]))
    (array([[2., 1.],
           [2., 2.]]), False)

    .. versionadded:: 0.1
    """
    _finite(check_finite, a)
    factor = cholesky(a, lower=lower, check_finite=check_finite)
    rest = _np.triu(a, 1) if lower else _np.tril(a, -1)
    return factor + rest, lower


def cho_solve(c_and_lower, b, overwrite_b=False, check_finite=True):
    """Solve ``a x = b`` from ``cho_factor(a)``, as ``scipy.linalg.cho_solve``,
    differentiable in the factor (its triangle only) and ``b``: two triangular solves.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> c = wsl.cho_factor(np.array([[4.0, 2.0], [2.0, 5.0]]))
    >>> wsl.cho_solve(c, np.array([6.0, 7.0]))
    array([1., 1.])

    .. versionadded:: 0.1
    """
    _finite(check_finite, c_and_lower[0], b)
    c, lower = c_and_lower
    if lower:
        return _solve_triangular(c, _solve_triangular(c, b, lower=True), trans="C", lower=True)
    return _solve_triangular(c, _solve_triangular(c, b, trans="C", lower=False), lower=False)


def eigh(a, b=None, lower=True, eigvals_only=False, overwrite_a=False, overwrite_b=False,
         type=1, check_finite=True, subset_by_index=None, subset_by_value=None, driver=None):
    """Eigenvalues (ascending) and eigenvectors of a Hermitian ``a``, as
    ``scipy.linalg.eigh`` (the standard problem: ``b`` and the subsets are not supported),
    with ``np.linalg.eigh``'s rule (repeated eigenvalues: its check; a gradient through the
    eigenvectors of a matrix with an exact zero in the triangle read, where their signs
    jump, is refused: see ``docs/guide/numpy.md``). Only the triangle SciPy reads
    (``lower``) gets a gradient.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.eigh(np.array([[2.0, 1.0], [1.0, 2.0]]), eigvals_only=True)
    array([1., 3.])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a, b)
    if b is not None or subset_by_index is not None or subset_by_value is not None:
        raise ValueError("wengert.scipy.linalg.eigh: the generalized problem (b) and subsets "
                         "are not supported; pass a alone")
    w, v = _np.linalg.eigh(_hermitian_from(a, lower))
    return w if eigvals_only else (w, v)


def svd(a, full_matrices=True, compute_uv=True, overwrite_a=False, check_finite=True,
        lapack_driver="gesdd"):
    """The singular value decomposition, as ``scipy.linalg.svd`` (``np.linalg.svd``'s rule,
    with its conditions on repeated singular values, and its refusal of a gradient through
    U or Vh of a matrix with an exact zero, where their signs jump).

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.svd(np.diag([3.0, 2.0]), compute_uv=False)
    array([3., 2.])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a)
    return _np.linalg.svd(a, full_matrices=full_matrices, compute_uv=compute_uv)


def qr(a, overwrite_a=False, lwork=None, mode="full", pivoting=False, check_finite=True):
    """The QR decomposition, as ``scipy.linalg.qr`` (``mode`` ``'full'``, ``'economic'`` or
    ``'r'``; ``np.linalg.qr``'s rule, with its conditions). ``pivoting`` is not supported.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.qr(np.array([[2.0, 0.0], [0.0, 3.0]]), mode="r")[0]
    array([[2., 0.],
           [0., 3.]])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a)
    if pivoting:
        raise ValueError("wengert.scipy.linalg.qr: pivoting=True is not supported")
    modes = {"full": "complete", "economic": "reduced", "r": "r"}
    if mode not in modes:
        raise ValueError(f"wengert.scipy.linalg.qr: mode={mode!r} is not supported "
                         "(use 'full', 'economic' or 'r')")
    if mode == "r":
        # SciPy's R is m x n: the reduced R (differentiable where m >= n) and zero rows below
        m, n = _np.shape(a)[-2:]
        r = _np.linalg.qr(a, mode="reduced" if m >= n else "complete")[1]
        return (_np.pad(r, ((0, max(m - n, 0)), (0, 0))) if m > n else r,)  # a tuple of one array
    return tuple(_np.linalg.qr(a, mode=modes[mode]))


def block_diag(*arrs):
    """The block diagonal matrix of ``arrs``, as ``scipy.linalg.block_diag`` (a 0-d or 1-d
    argument is one row), differentiable in every block.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.block_diag(np.array([[1.0]]), np.array([2.0, 3.0]))
    array([[1., 0., 0.],
           [0., 2., 3.]])

    .. versionadded:: 0.1
    """
    if not arrs:
        return _np.empty((1, 0))
    blocks = [_np.reshape(a, (1, -1)) if _np.ndim(a) < 2 else a for a in arrs]
    for a in blocks:
        if _np.ndim(a) != 2:
            raise ValueError("wengert.scipy.linalg.block_diag: arguments must have 2 or fewer dimensions")
    widths = [_np.shape(a)[1] for a in blocks]
    rows = []
    for i, a in enumerate(blocks):
        before, after = sum(widths[:i]), sum(widths[i + 1:])
        rows.append(_np.pad(a, ((0, 0), (before, after))))
    return _np.concatenate(rows, axis=0)


def _vector(name, x):
    if _np.ndim(x) > 1:
        raise ValueError(f"wengert.scipy.linalg.{name}: pass 1-d arrays (SciPy flattens others)")
    return _np.reshape(x, (-1,))


def toeplitz(c, r=None):
    """The Toeplitz matrix with first column ``c`` and first row ``r`` (``r[0]`` ignored;
    ``conj(c)`` by default), as ``scipy.linalg.toeplitz``, differentiable in both.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.toeplitz(np.array([1.0, 2.0, 3.0]), np.array([1.0, 4.0]))
    array([[1., 4.],
           [2., 1.],
           [3., 2.]])

    .. versionadded:: 0.1
    """
    c = _vector("toeplitz", c)
    r = _np.conj(c) if r is None else _vector("toeplitz", r)
    m, n = _np.shape(c)[0], _np.shape(r)[0]
    values = _np.concatenate([c[::-1], r[1:]])
    index = (m - 1) - _np.arange(m)[:, None] + _np.arange(n)[None, :]
    return values[index]


def circulant(c):
    """The circulant matrix with first column ``c``, as ``scipy.linalg.circulant``.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.circulant(np.array([1.0, 2.0, 3.0]))
    array([[1., 3., 2.],
           [2., 1., 3.],
           [3., 2., 1.]])

    .. versionadded:: 0.1
    """
    c = _vector("circulant", c)
    n = _np.shape(c)[0]
    return c[(_np.arange(n)[:, None] - _np.arange(n)[None, :]) % max(n, 1)]


def hankel(c, r=None):
    """The Hankel matrix with first column ``c`` and last row ``r`` (``r[0]`` ignored;
    zeros by default), as ``scipy.linalg.hankel``.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.hankel(np.array([1.0, 2.0]), np.array([9.0, 3.0]))
    array([[1., 2.],
           [2., 3.]])

    .. versionadded:: 0.1
    """
    c = _vector("hankel", c)
    r = _np.zeros(_np.shape(c), complex if _is_complex(c) else float) if r is None else _vector("hankel", r)
    m, n = _np.shape(c)[0], _np.shape(r)[0]
    values = _np.concatenate([c, r[1:]])
    return values[_np.arange(m)[:, None] + _np.arange(n)[None, :]]


def polar(a, side="right"):
    """The polar decomposition ``a = u p`` (``side='right'``) or ``p u`` (``'left'``), as
    ``scipy.linalg.polar``, through the SVD. A square ``a`` is differentiated through
    ``p = sqrtm(a^H a)`` and ``u = a p^-1`` (``sqrtm``'s rule: every nonsingular ``a``, also
    an orthogonal one, whose singular values all repeat); a rectangular one through
    ``np.linalg.svd``'s rule and its conditions (distinct singular values).

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> u, p = wsl.polar(np.diag([2.0, 3.0]))
    >>> p
    array([[2., 0.],
           [0., 3.]])

    .. versionadded:: 0.1
    """
    if side not in ("right", "left"):
        raise ValueError("wengert.scipy.linalg.polar: side must be 'right' or 'left'")
    square = _np.shape(a)[-1] == _np.shape(a)[-2]
    # A traced square a: the values are the SVD's, the derivatives those of p = sqrtm(a^H a)
    # (sqrtm(a a^H)) and u = a p^-1 (p^-1 a), defined at every nonsingular a, also where
    # singular values repeat (an orthogonal a), where the SVD's singular vectors are not
    # (the SVD's rule refused there). sqrtm's rule raises at a singular a. A rectangular a
    # keeps the SVD's rule and its condition.
    # (w @ vh and p are blind to the signs of the singular vectors, which jump where a has zeros)
    w, s, vh = _svd_sign_blind(_stop_gradient(a) if square else a, full_matrices=False)
    u = w @ vh
    if side == "right":
        p = _T(_np.conj(vh)) @ (s[:, None] * vh)
    else:
        p = (w * s[None, :]) @ _T(_np.conj(w))
    if not (square and _is_traced(a)):
        return u, p
    ah = _T(_np.conj(a))
    if side == "right":
        pd = sqrtm(ah @ a)
        ud = _T(_np.linalg.solve(_T(pd), _T(a)))  # a p^-1 = (p^-T a^T)^T
    else:
        pd = sqrtm(a @ ah)
        ud = _np.linalg.solve(pd, a)
    return u + (ud - _stop_gradient(ud)), p + (pd - _stop_gradient(pd))


for _fn in (expm_frechet, solve, inv, det, cholesky, cho_factor, cho_solve, eigh, svd, qr,
            block_diag, toeplitz, circulant, hankel, polar):
    _defcomposite(_fn, _fn, names=(f"scipy.linalg.{_fn.__name__}",))
__all__ = _bind(globals(), "scipy.linalg")


# -- LU, least squares, the pseudo-inverse, eig, and the trigonometric and hyperbolic
# matrix functions (lu_factor is declared in wengert.ops.scipy_linalg) ----------------

from ..ops.scipy_linalg import lu_factor as _lu_factor, row_order as _row_order  # noqa: E402
from ..structured import plain_numbers as _plain  # noqa: E402


def _shape(a):
    """``a``'s shape, read without its values (internal: a value read is a wengert.jit guard)."""
    shape = getattr(a, "shape", None)
    return tuple(shape) if shape is not None else _np.shape(a)


def _stacked(fun, a):
    """``fun`` (of one square matrix: an array or a tuple of arrays) over the stack ``a`` (its
    last two axes the matrices), each output stacked in ``a``'s leading shape (internal)."""
    lead = _shape(a)[:-2]
    outs = [fun(a[i]) for i in _np.ndindex(lead)]
    if not outs:
        raise ValueError(f"an empty stack of matrices (shape {_shape(a)}) has no factors")

    def gather(parts):
        return _np.reshape(_np.stack(parts), lead + _shape(parts[0]))
    if isinstance(outs[0], tuple):
        return tuple(gather([o[k] for o in outs]) for k in range(len(outs[0])))
    return gather(outs)


def lu(a, permute_l=False, overwrite_a=False, check_finite=True, p_indices=False):
    """The LU decomposition ``a = p l u`` of a square matrix, as ``scipy.linalg.lu``:
    ``(p, l, u)``, ``(pl, u)`` with ``permute_l=True``, ``p`` as row indices (``a = l[p] u``)
    with ``p_indices=True``. ``l`` and ``u`` are differentiable to any order
    (:func:`lu_factor`'s rule and its refusal of a singular matrix); ``p`` is a plain value.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> p, l, u = wsl.lu(np.array([[1.0, 2.0], [4.0, 2.0]]))
    >>> l
    array([[1.  , 0.  ],
           [0.25, 1.  ]])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a)
    if len(_shape(a)) > 2:  # (a stack, as SciPy's lu takes: each matrix's factors, stacked)
        return _stacked(lambda m: lu(m, permute_l=permute_l, check_finite=False, p_indices=p_indices), a)
    factors, piv = _lu_factor(a)
    n = _np.shape(_plain(factors))[0]
    lower = _np.tril(factors, -1) + _np.eye(n)
    upper = _np.triu(factors)
    order = _row_order(piv)  # (P a)[i] = a[order[i]]: a = P^T L U, and SciPy's p is P^T
    if permute_l:
        return lower[_np.argsort(order)], upper
    if p_indices:
        return _np.argsort(order), lower, upper
    p = _np.zeros((n, n))
    p[order, _np.arange(n)] = 1.0
    return p, lower, upper


def lu_solve(lu_and_piv, b, trans=0, overwrite_b=False, check_finite=True):
    """Solve ``a x = b`` (``trans=1``: ``a^T x = b``; ``2``: ``a^H x = b``) from
    ``lu_factor(a)``, as ``scipy.linalg.lu_solve``, differentiable in the factors and ``b``:
    a permutation and two triangular solves. The factors of a stack of matrices (``lu_factor``
    of a stack) and a stack of right-hand sides ``(..., n, k)`` broadcast together as in
    SciPy >= 1.15 (a 1-d ``b`` is one vector for every matrix).

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.lu_solve(wsl.lu_factor(np.array([[1.0, 2.0], [4.0, 2.0]])), np.array([3.0, 6.0]))
    array([1., 1.])

    .. versionadded:: 0.1
    """
    _finite(check_finite, b)  # (SciPy checks b only)
    factors, piv = lu_and_piv
    code = {0: 0, "N": 0, 1: 1, "T": 1, 2: 2, "C": 2}.get(trans)
    if code is None:
        raise ValueError(f"wengert.scipy.linalg.lu_solve: trans must be 0, 1 or 2, got {trans!r}")
    piv = _np.asarray(_plain(piv))
    f_lead, n = piv.shape[:-1], piv.shape[-1]
    b_shape = _shape(b)
    b_lead = b_shape[:-2]  # (b is a vector (n,) or matrices (..., n, k), as in SciPy >= 1.15)
    if f_lead or b_lead:
        return _lu_solve_batched(factors, piv, b, code, f_lead, b_lead, n)
    order = _row_order(piv)
    if code == 0:  # a = P^T L U: x = U^-1 L^-1 P b
        y = _solve_triangular(factors, b[order], lower=True, unit_diagonal=True)
        return _solve_triangular(factors, y, lower=False)
    # a^T = U^T L^T P (a^H: conjugated): x = P^T L^-T U^-T b
    y = _solve_triangular(factors, b, trans=code, lower=False)
    x = _solve_triangular(factors, y, trans=code, lower=True, unit_diagonal=True)
    return x[_np.argsort(order)]


def _lu_solve_batched(factors, piv, b, code, f_lead, b_lead, n):
    """:func:`lu_solve` of a stack of factors (``lu_factor`` of a stack: ``f_lead`` their leading
    shape) or of stacked right-hand sides ``b`` (``(..., n, k)``, ``b_lead`` its leading shape), as
    SciPy >= 1.15 broadcasts them: the leading shapes broadcast together, each (lu, piv, b) solved in
    turn and the solutions stacked; a 1-d ``b`` is one vector for every matrix of the stack (internal)."""
    core = _shape(b)[len(b_lead):]
    if core[0] != n:
        raise ValueError(f"wengert.scipy.linalg.lu_solve: shapes of lu {(n, n)} and b {_shape(b)} are incompatible "
                         "(b is a vector of n entries or a stack of matrices of n rows, as in SciPy)")
    try:
        lead = _np.broadcast_shapes(f_lead, b_lead)
    except ValueError:
        raise ValueError(f"wengert.scipy.linalg.lu_solve: the stack of factors (leading shape {f_lead}) and b's "
                         f"(leading shape {b_lead}) do not broadcast") from None
    if 0 in lead or n == 0:  # (no entries; 0 x 0 factors: SciPy 1.13's triangular solve refused them)
        return _np.zeros(lead + core, dtype=_np.result_type(_np.asarray(_plain(factors)), _np.asarray(_plain(b))))
    # (each stack flattened, its entry for every place of the broadcast shape)
    f_at = _np.broadcast_to(_np.arange(int(_np.prod(f_lead))).reshape(f_lead), lead)
    b_at = _np.broadcast_to(_np.arange(int(_np.prod(b_lead))).reshape(b_lead), lead)
    # (the counts spelled out: -1 cannot be inferred from an empty b (..., n, 0) or empty factors (..., 0, 0))
    f_count, b_count = int(_np.prod(f_lead)), int(_np.prod(b_lead))
    flat_factors, flat_piv = _np.reshape(factors, (f_count, n, n)), piv.reshape(f_count, n)
    flat_b = _np.reshape(b, (b_count,) + core)
    outs = [lu_solve((flat_factors[f_at[i]], flat_piv[f_at[i]]), flat_b[b_at[i]], trans=code, check_finite=False)
            for i in _np.ndindex(lead)]
    return _np.reshape(_np.stack(outs), lead + core)


def pinv(a, *, atol=None, rtol=None, return_rank=False, check_finite=True):
    """The Moore-Penrose pseudo-inverse, as ``scipy.linalg.pinv`` (singular values up to
    ``atol + rtol * max(s)`` count as 0; SciPy's defaults), through ``np.linalg.pinv``'s rule:
    differentiable where the rank is locally constant, a rank-deficient ``a`` refused there.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.pinv(np.array([[2.0, 0.0], [0.0, 4.0], [0.0, 0.0]]))
    array([[0.5 , 0.  , 0.  ],
           [0.  , 0.25, 0.  ]])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a)
    m, n = _np.shape(_plain(a))[-2:]
    s = _np.linalg.svd(_np.asarray(_plain(a)), compute_uv=False)
    largest = float(_np.max(s)) if s.size else 0.0
    atol = 0.0 if atol is None else atol
    # (SciPy's: the eps of its SVD's precision, float32's for float16, float32 and complex64)
    single = _np.asarray(_plain(a)).dtype in (_np.float16, _np.float32, _np.complex64)
    rtol = max(m, n) * _np.finfo(_np.float32 if single else float).eps if rtol is None else rtol
    if atol < 0 or rtol < 0:
        raise ValueError("wengert.scipy.linalg.pinv: atol and rtol values must be positive")
    cutoff = atol + rtol * largest
    out = _np.linalg.pinv(a, rcond=cutoff / largest if largest > 0 else rtol)
    return (out, int(_np.sum(s > cutoff))) if return_rank else out


def lstsq(a, b, cond=None, overwrite_a=False, overwrite_b=False, check_finite=True, lapack_driver=None):
    """The least-squares solution of ``a x = b``, as ``scipy.linalg.lstsq``: ``(x, residues,
    rank, s)`` through ``np.linalg.lstsq``'s rule (``x`` differentiable in ``a`` and ``b`` where no
    singular value of ``a`` is at the cutoff, at a rank-deficient ``a`` as the truncated SVD's
    ``pinv(a) b``; ``s`` at full rank only). ``residues`` is a float for a 1-d
    ``b`` and an empty array unless ``a`` is tall with full rank, as in SciPy.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.lstsq(np.array([[1.0], [1.0]]), np.array([1.0, 3.0]))[0]
    array([2.])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a, b)
    if cond is None:  # (SciPy's: the eps of LAPACK's precision, float32's for float16, float32 and complex64)
        dtypes = [getattr(_peek(x), "dtype", None) for x in (a, b)]  # (a Var's, a Dual's: not their values)
        dtypes = [_np.asarray(x).dtype if d is None else d for x, d in zip((a, b), dtypes)]
        single = _np.result_type(*dtypes) in (_np.float16, _np.float32, _np.complex64)
        cond = _np.finfo(_np.float32 if single else float).eps
    x, residues, rank, s = _np.linalg.lstsq(a, b, rcond=cond)
    if _np.ndim(b) == 1 and _np.shape(residues) == (1,):
        residues = residues[0]
    return x, residues, rank, s


def eig(a, b=None, left=False, right=True, overwrite_a=False, overwrite_b=False, check_finite=True,
        homogeneous_eigvals=False):
    """The eigenvalues (complex) and right eigenvectors of a square ``a``, as
    ``scipy.linalg.eig`` (the standard problem: ``b``, ``left=True`` and homogeneous
    eigenvalues are not supported), through ``np.linalg.eig``'s rule: repeated eigenvalues
    and a defective ``a`` are refused where their derivative does not exist, and only
    losses blind to each complex eigenvector's phase have a gradient. At an ``a`` with an
    exact zero, where LAPACK's eigenvector signs and eigenvalue order jump, a gradient
    through the eigenvectors, or through the eigenvalues unless all are equal, is refused.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.eig(np.diag([1.0, 2.0]), right=False)
    array([1.+0.j, 2.+0.j])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a, b)
    if b is not None or left or homogeneous_eigvals:
        raise ValueError("wengert.scipy.linalg.eig: the generalized problem (b), left "
                         "eigenvectors and homogeneous eigenvalues are not supported")
    w, v = _np.linalg.eig(a)
    w = w if _is_complex(w) else w + 0j  # SciPy's eigenvalues are complex
    return (w, v) if right else w


def eigvals(a, b=None, overwrite_a=False, check_finite=True, homogeneous_eigvals=False):
    """The eigenvalues (complex) of a square ``a``, as ``scipy.linalg.eigvals``
    (:func:`eig`'s rule and conditions).

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.eigvals(np.array([[0.0, 1.0], [-1.0, 0.0]]))
    array([0.+1.j, 0.-1.j])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a, b)
    return eig(a, b, right=False, check_finite=check_finite, homogeneous_eigvals=homogeneous_eigvals)


def _real_if_real(a, x):
    """``x`` made real where ``a`` is real (SciPy's ``_maybe_real``: a real matrix's
    trigonometric functions are real)."""
    return x if _is_complex(a) else _np.real(x)


def coshm(A):
    """The matrix hyperbolic cosine ``(expm(A) + expm(-A)) / 2``, as ``scipy.linalg.coshm``
    (:func:`expm`'s rule: every order).

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.coshm(np.zeros((2, 2)))
    array([[1., 0.],
           [0., 1.]])

    .. versionadded:: 0.1
    """
    return 0.5 * (_expm(A) + _expm(-A))


def sinhm(A):
    """The matrix hyperbolic sine ``(expm(A) - expm(-A)) / 2``, as ``scipy.linalg.sinhm``.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.sinhm(np.zeros((2, 2)))
    array([[0., 0.],
           [0., 0.]])

    .. versionadded:: 0.1
    """
    return 0.5 * (_expm(A) - _expm(-A))


def tanhm(A):
    """The matrix hyperbolic tangent ``coshm(A)^-1 sinhm(A)``, as ``scipy.linalg.tanhm``.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.tanhm(np.zeros((2, 2)))
    array([[0., 0.],
           [0., 0.]])

    .. versionadded:: 0.1
    """
    return _np.linalg.solve(coshm(A), sinhm(A))


def cosm(A):
    """The matrix cosine ``(expm(iA) + expm(-iA)) / 2`` (real for a real ``A``), as
    ``scipy.linalg.cosm``.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.cosm(np.zeros((2, 2)))
    array([[1., 0.],
           [0., 1.]])

    .. versionadded:: 0.1
    """
    return _real_if_real(A, 0.5 * (_expm(1j * A) + _expm(-1j * A)))


def sinm(A):
    """The matrix sine ``(expm(iA) - expm(-iA)) / 2i`` (real for a real ``A``), as
    ``scipy.linalg.sinm``.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.sinm(np.zeros((2, 2)))
    array([[0., 0.],
           [0., 0.]])

    .. versionadded:: 0.1
    """
    return _real_if_real(A, -0.5j * (_expm(1j * A) - _expm(-1j * A)))


def tanm(A):
    """The matrix tangent ``cosm(A)^-1 sinm(A)``, as ``scipy.linalg.tanm``.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.tanm(np.zeros((2, 2)))
    array([[0., 0.],
           [0., 0.]])

    .. versionadded:: 0.1
    """
    return _np.linalg.solve(cosm(A), sinm(A))


def fractional_matrix_power(A, t):
    """The principal power ``A^t = expm(t logm(A))``, as ``scipy.linalg.fractional_matrix_power``:
    ``expm(t * logm(A))`` (within 1e-12 of SciPy's Schur-Pade value, and of its dtype; :func:`logm`'s and
    :func:`expm`'s rules: every order, in ``A`` and in ``t``; :func:`logm` refuses ``A`` near singular or with an eigenvalue near the negative real
    axis), ``numpy.linalg.matrix_power`` for a plain integer ``t`` (every ``A``, as SciPy). A real ``A`` with
    a negative eigenvalue has a complex power, as in SciPy.

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> wsl.fractional_matrix_power(np.diag([4.0, 9.0]), 0.5)
    array([[2., 0.],
           [0., 3.]])
    >>> wg.grad(lambda a: wsl.fractional_matrix_power(a, 0.5)[0, 0])(np.diag([4.0, 9.0]))  # 0.5 / sqrt(4)
    array([[0.25, 0.  ],
           [0.  , 0.  ]])

    .. versionadded:: 0.1
    """
    if not _is_traced(t) and float(t) == int(t):
        return _np.linalg.matrix_power(A, int(t))
    power = _expm(t * logm(A))
    if _power_is_complex(A) and not _is_complex(power):  # (SciPy's dtype: see _scipy_power_is_complex)
        power = power + 0j
    return power


def _scipy_power_is_complex(a):
    """Whether SciPy's fractional_matrix_power of ``a`` (a non-integer power) is complex: a complex ``a``, or a real
    one with a non-real or a negative eigenvalue (its Schur form made complex; the result is not made real again,
    4e-17 imaginary parts and all)."""
    plain = _np.asarray(_plain(a))
    if _np.iscomplexobj(plain):
        return True
    lam = _np.linalg.eigvals(plain)
    return bool(_np.any(lam.imag != 0) or _np.any(lam.real < 0))


#: :func:`_scipy_power_is_complex` without gradient: under ``wengert.jit`` its answer is a guard
_power_is_complex = _Primitive(_scipy_power_is_complex, name="wengert.scipy.linalg.fractional_matrix_power's dtype",
                               gradient=False)


for _fn6 in (lu, lu_solve, pinv, lstsq, eig, eigvals, coshm, sinhm, tanhm, cosm, sinm, tanm,
             fractional_matrix_power):
    _defcomposite(_fn6, _fn6, names=(f"scipy.linalg.{_fn6.__name__}",))
__all__ = _bind(globals(), "scipy.linalg")


# -- the Lyapunov equations, written with differentiable calls (solve_sylvester,
# numpy.linalg.solve and inv: derivatives of every order; their checks of a unique solution) --

def solve_continuous_lyapunov(a, q):
    """Solve ``a x + x a^H = q``, as ``scipy.linalg.solve_continuous_lyapunov``: it is
    :func:`solve_sylvester` ``(a, a^H, q)``, differentiable in ``a`` and ``q`` to any order.
    The solution is unique only when no two eigenvalues of ``a`` sum to 0 (``l_i +
    conj(l_j) != 0``); :func:`solve_sylvester` refuses ``a`` otherwise (``LinAlgError``).

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> wsl.solve_continuous_lyapunov(np.diag([1.0, 2.0]), np.eye(2))
    array([[0.5 , 0.  ],
           [0.  , 0.25]])
    >>> float(wg.grad_bp(lambda a: wsl.solve_continuous_lyapunov(a, np.ones((1, 1)))[0, 0],
    ...                  np.ones((1, 1)))[0, 0])  # x = q / (2 a)
    -0.5

    .. versionadded:: 0.1
    """
    return solve_sylvester(a, _np.conj(_T(a)), q)


def solve_discrete_lyapunov(a, q, method=None):
    """Solve ``a x a^H - x + q = 0``, as ``scipy.linalg.solve_discrete_lyapunov``, with
    SciPy's methods and its choice between them (``method=None``: ``"direct"`` below
    10 x 10, else ``"bilinear"``): ``"direct"`` solves ``(I - kron(a, conj(a))) vec(x) =
    vec(q)``; ``"bilinear"`` maps the equation to :func:`solve_continuous_lyapunov` with
    ``b = (a^H - I)(a^H + I)^-1``. Differentiable in ``a`` and ``q`` to any order. The
    solution is unique only when no product of two eigenvalues of ``a`` is 1 (``l_i
    conj(l_j) != 1``); a singular system is refused (``LinAlgError``).

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> wsl.solve_discrete_lyapunov(np.diag([0.5, 0.0]), np.eye(2))
    array([[1.33333333, 0.        ],
           [0.        , 1.        ]])
    >>> round(float(wg.grad_bp(lambda a: wsl.solve_discrete_lyapunov(a, np.ones((1, 1)))[0, 0],
    ...                        0.5 * np.ones((1, 1)))[0, 0]), 6)  # x = q / (1 - a^2)
    1.777778

    .. versionadded:: 0.1
    """
    shape = _np.shape(a)
    if len(shape) != 2 or shape[0] != shape[1] or _np.shape(q) != shape:
        raise ValueError("solve_discrete_lyapunov: a and q must be square matrices of the same shape")
    n = shape[0]
    method = ("bilinear" if n >= 10 else "direct") if method is None else method
    if method.lower() == "direct":
        lhs = _np.eye(n * n) - _np.kron(a, _np.conj(a))
        return _np.reshape(_np.linalg.solve(lhs, _np.reshape(q, (n * n,))), (n, n))
    if method.lower() != "bilinear":
        raise ValueError(f"Unknown solver {method}")
    eye = _np.eye(n)
    ah = _np.conj(_T(a))
    ahi_inv = _np.linalg.inv(ah + eye)
    b = (ah - eye) @ ahi_inv
    c = 2.0 * (_np.linalg.inv(a + eye) @ q) @ ahi_inv
    return solve_continuous_lyapunov(_np.conj(_T(b)), -c)


for _fn8 in (solve_continuous_lyapunov, solve_discrete_lyapunov):
    _defcomposite(_fn8, _fn8, names=(f"scipy.linalg.{_fn8.__name__}",))
__all__ = _bind(globals(), "scipy.linalg")


# -- structured matrices, linear in their arguments (written with differentiable
# calls: derivatives of every order; the values are SciPy's, entry for entry) ----------------

def _vector_of_length(name, x, label, least):
    if _np.ndim(x) > 1:
        raise ValueError(f"wengert.scipy.linalg.{name}: {label} must be one-dimensional")
    x = _np.reshape(x, (-1,))
    if _np.shape(x)[0] < least:
        raise ValueError(f"wengert.scipy.linalg.{name}: the length of {label} must be at least {least}")
    return x


from scipy.linalg import fiedler as _scipy_fiedler  # noqa: E402

from ..structured import peek as _peek  # noqa: E402


def companion(a):
    """The companion matrix of the polynomial with coefficients ``a`` (highest power first),
    as ``scipy.linalg.companion`` (a 1-d ``a`` of length at least 2, ``a[0] != 0``):
    first row ``-a[1:] / a[0]``, ones below the diagonal. Differentiable in ``a``.

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> wsl.companion(np.array([2.0, -4.0, 6.0]))
    array([[ 2., -3.],
           [ 1.,  0.]])
    >>> wg.grad_bp(lambda a: np.sum(wsl.companion(a)), np.array([2.0, -4.0, 6.0]))  # -(a1 + a2) / a0
    array([ 0.5, -0.5, -0.5])

    .. versionadded:: 0.1
    """
    a = _vector_of_length("companion", a, "a", 2)
    if _np.any(_np.asarray(_stop_gradient(a[0])) == 0):
        raise ValueError("The first coefficient in `a` must not be zero.")
    n = _np.shape(a)[0]
    first_row = -a[1:] / (1.0 * a[0])
    below = _np.eye(n - 2, n - 1, dtype=_np.result_type(_peek(first_row)))
    return _np.concatenate([_np.reshape(first_row, (1, n - 1)), below], axis=0)


def leslie(f, s):
    """The Leslie matrix of fecundities ``f`` (length ``n``) and survival rates ``s``
    (length ``n - 1``), as ``scipy.linalg.leslie``: ``f`` in the first row, ``s`` below
    the diagonal. Differentiable in both.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.leslie(np.array([0.1, 2.0]), np.array([0.5]))
    array([[0.1, 2. ],
           [0.5, 0. ]])

    .. versionadded:: 0.1
    """
    f = _vector_of_length("leslie", f, "f", 2)
    s = _vector_of_length("leslie", s, "s", 1)
    n = _np.shape(f)[0]
    if _np.shape(s)[0] != n - 1:
        raise ValueError("Incorrect lengths for f and s.  The length of s must be one less than the length of f.")
    zeros = _np.zeros((n - 1, 1), dtype=_np.result_type(_peek(f), _peek(s)))
    below = _np.concatenate([_np.diag(s), zeros], axis=1)
    return _np.concatenate([_np.reshape(f, (1, n)), below], axis=0)


def fiedler(a):
    """The Fiedler matrix ``|a_i - a_j|`` of a 1-d ``a``, as ``scipy.linalg.fiedler``.
    Differentiable in ``a`` through ``np.abs``, with its convention where two entries are
    equal (``abs``'s kink at 0: gradient 0 there).

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> wsl.fiedler(np.array([1.0, 4.0]))
    array([[0., 3.],
           [3., 0.]])
    >>> wg.grad_bp(lambda a: np.sum(wsl.fiedler(a)), np.array([1.0, 4.0]))
    array([-2.,  2.])

    .. versionadded:: 0.1
    """
    a = _vector_of_length("fiedler", a, "a", 0)
    if _np.shape(a)[0] == 0:  # (SciPy's own: its shape for an empty a changed in SciPy 1.15)
        return _scipy_fiedler(_np.zeros(0))
    n = _np.shape(a)[0]
    dtype = _np.result_type(_peek(a))  # (the dtype: no wengert.jit guard on the values)
    diagonal = _np.eye(n, dtype=bool)  # a_i - a_i: identically 0, not abs's kink
    distances = _np.abs(_np.where(diagonal, _np.ones((), dtype), a[:, None] - a))
    return _np.where(diagonal, _np.zeros((), _np.abs(_np.zeros((), dtype)).dtype), distances)


def convolution_matrix(a, n, mode="full"):
    """The matrix ``A`` with ``A @ x == np.convolve(a, x, mode)`` for ``x`` of length ``n``,
    as ``scipy.linalg.convolution_matrix`` (SciPy's Toeplitz construction, with
    :func:`toeplitz`). Differentiable in ``a``; ``n`` is an integer.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.convolution_matrix(np.array([1.0, 2.0]), 3, mode="same")
    array([[1., 0., 0.],
           [2., 1., 0.],
           [0., 2., 1.]])

    .. versionadded:: 0.1
    """
    if _is_traced(n) or n <= 0:
        raise ValueError("n must be a positive integer.")
    a = _vector_of_length("convolution_matrix", a, "a", 1)
    if mode not in ("full", "valid", "same"):
        raise ValueError("'mode' argument must be one of ('full', 'valid', 'same')")
    length = _np.shape(a)[0]
    padded = _np.pad(a, (0, n - 1))
    reversed_padded = _np.pad(a[::-1], (0, n - 1))
    total = length + n - 1
    if mode == "full":
        return toeplitz(padded, reversed_padded[total - n:])
    trim = min(n, length) - 1
    begin = trim // 2 if mode == "same" else trim
    end = trim - begin if mode == "same" else trim
    return toeplitz(padded[begin:total - end], reversed_padded[total - n - begin:total - begin])


for _fn11 in (companion, leslie, fiedler, convolution_matrix):
    _defcomposite(_fn11, _fn11, names=(f"scipy.linalg.{_fn11.__name__}",))
__all__ = _bind(globals(), "scipy.linalg")


# -- eigvalsh, svdvals and norm, as eigh, svd and np.linalg.norm (their rules and checks)

def eigvalsh(a, b=None, *, lower=True, overwrite_a=False, overwrite_b=False, type=1, check_finite=True,
             subset_by_index=None, subset_by_value=None, driver=None):
    """The eigenvalues (ascending) of a Hermitian ``a``, as ``scipy.linalg.eigvalsh``: :func:`eigh`
    with ``eigvals_only=True`` (the standard problem; only the triangle SciPy reads gets a gradient).

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.eigvalsh(np.array([[2.0, 1.0], [1.0, 2.0]]))
    array([1., 3.])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a, b)
    return eigh(a, b, lower=lower, eigvals_only=True, check_finite=check_finite,
                subset_by_index=subset_by_index, subset_by_value=subset_by_value)


def svdvals(a, overwrite_a=False, check_finite=True):
    """The singular values of ``a`` (descending), as ``scipy.linalg.svdvals``: :func:`svd` with
    ``compute_uv=False``.

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> wsl.svdvals(np.diag([2.0, -3.0]))
    array([3., 2.])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a)
    return _np.linalg.svd(a, compute_uv=False)


def norm(a, ord=None, axis=None, keepdims=False, check_finite=True):
    """A vector or matrix norm, as ``scipy.linalg.norm`` (``np.linalg.norm``'s rule, with its
    refusals at the kinks: a zero vector, ties of the max and min norms). Called on plain
    values, SciPy's own (its BLAS nrm2 scales: the norm of ``[1e-200, 1e-200]`` is 1.414e-200,
    NumPy's 0.0; a traced call's value is rescaled there too).

    >>> import numpy as np, wengert.scipy.linalg as wsl
    >>> float(wsl.norm(np.array([3.0, 4.0]))), float(wsl.norm(np.array([3e-200, 4e-200])) / 1e-200)
    (5.0, 5.0)

    .. versionadded:: 0.1
    """
    _finite(check_finite, a)
    if not any(_is_traced(leaf) or (type(leaf) is _np.ndarray and leaf.dtype == object) for leaf in _leaves(a)):
        return _sl.norm(a, ord=ord, axis=axis, keepdims=keepdims, check_finite=check_finite)
    return _np.linalg.norm(a, ord=ord, axis=axis, keepdims=keepdims)


for _fn16 in (eigvalsh, svdvals, norm):
    _defcomposite(_fn16, _fn16, names=(f"scipy.linalg.{_fn16.__name__}",))
__all__ = _bind(globals(), "scipy.linalg")


# -- hessenberg, eigh_tridiagonal (their rules in wengert.ops.scipy_linalg), qr_multiply --

from ..ops.scipy_linalg import eigh_tridiagonal_parts as _eigh_tridiagonal_parts  # noqa: E402
from ..ops.scipy_linalg import hessenberg_factors as _hessenberg_factors  # noqa: E402


def hessenberg(a, calc_q=False, overwrite_a=False, check_finite=True):
    """The Hessenberg form ``a = Q H Q^T`` (``H`` zero below its first subdiagonal, ``Q``
    orthogonal with first column ``e_1``), as ``scipy.linalg.hessenberg``: ``H``, or ``(H, Q)``
    with ``calc_q=True``; differentiable (to any order) for a real ``a`` where LAPACK's
    Householder reduction is smooth.

    Step ``j`` of the reduction reflects the column below ``H[j + 1, j]``; LAPACK picks the
    reflection's sign from the entry it maps onto and skips the reflection when the entries
    below that one are already 0. At a matrix where either holds exactly (that entry 0, or
    a column already zero below the subdiagonal, as in a matrix that is already Hessenberg
    or tridiagonal), ``H`` and ``Q`` jump under perturbations (a subdiagonal entry changes
    sign): the derivative is refused there (:class:`numpy.linalg.LinAlgError`), and for a
    complex ``a`` (:class:`~wengert.NoGradientRule`). Elsewhere ``Q`` and ``H`` are those of
    the implicit Q theorem with the signs SciPy picked: ``dH`` and ``dQ = Q W`` solve a
    triangular system in the skew ``W`` with the subdiagonal of ``H`` on its diagonal, solved
    densely (``O(n^6)``, as :func:`schur`'s): meant for small matrices. Matrices of size 1
    and 2 are their own Hessenberg form (``Q = I``).

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> a = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [3.0, 1.0, 2.0]])
    >>> float(np.round(wsl.hessenberg(a)[1, 0], 12))  # -sign(4) |(4, 3)|
    -5.0
    >>> np.round(wg.grad_bp(lambda a: np.trace(wsl.hessenberg(a)), a), 12) + 0.0  # the trace: the identity
    array([[1., 0., 0.],
           [0., 1., 0.],
           [0., 0., 1.]])

    .. versionadded:: 0.1
    """
    _finite(check_finite, a)
    if len(_shape(a)) > 2:  # (a stack, as SciPy >= 1.15 takes, and 1.13 refuses: each matrix's, stacked)
        return _stacked(lambda m: hessenberg(m, calc_q=calc_q, check_finite=False), a)
    h, q = _hessenberg_factors(a, check_finite=check_finite)
    return (h, q) if calc_q else h


def eigh_tridiagonal(d, e, eigvals_only=False, select="a", select_range=None, check_finite=True,
                     tol=0.0, lapack_driver="auto"):
    """Eigenvalues (ascending) and eigenvectors of the symmetric tridiagonal matrix with
    diagonal ``d`` and off-diagonal ``e``, as ``scipy.linalg.eigh_tridiagonal``,
    differentiable in ``d`` and ``e`` (real) to every order: ``numpy.linalg.eigh``'s rule on
    that matrix, read back onto ``d`` and ``e``.

    The eigenvalues always have a derivative; the eigenvectors only where the eigenvalues
    are distinct (always when no entry of ``e`` is 0): for repeated ones their gradient is
    refused (:class:`numpy.linalg.LinAlgError`), as ``eigh``'s. ``select='i'`` (eigenvalues
    ``select_range[0]`` to ``select_range[1]``) is supported with ``eigvals_only=True``;
    ``select='v'`` (those in an interval, whose number jumps with ``d`` and ``e``) is not.
    The eigenvalues with ``eigvals_only=True`` are SciPy's own call's; the derivative uses
    the eigenvectors of the full problem (one more call). The sign of each eigenvector is
    LAPACK's choice, taken as fixed by the derivative (as ``eigh``'s). ``stemr``'s flip under
    arbitrarily small changes of ``d`` and ``e``, anywhere: with ``lapack_driver='stemr'`` a
    gradient through the eigenvectors is refused (:class:`numpy.linalg.LinAlgError`), and with
    ``'auto'`` (or an eigenvalue-only driver) they are ``'stevd'``'s, as SciPy's ``'auto'``
    where SciPy has it, else ``'stev'``'s (SciPy 1.13's ``'auto'`` is ``'stemr'``: the signs
    may differ from SciPy's there), both continuous where ``e`` has no zero. Where ``e`` has an
    exact zero (the matrix splits, and the signs jump) a gradient through the eigenvectors is
    refused too.

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> wsl.eigh_tridiagonal(np.array([2.0, 2.0]), np.array([1.0]), eigvals_only=True)
    array([1., 3.])
    >>> wg.grad_bp(lambda e: wsl.eigh_tridiagonal(np.array([2.0, 2.0]), e, eigvals_only=True)[1],
    ...            np.array([1.0]))  # 2 + e
    array([1.])

    .. versionadded:: 0.1
    """
    _finite(check_finite, d, e)
    if select in ("v", "value", 1):
        raise ValueError("wengert.scipy.linalg.eigh_tridiagonal: select='v' is not supported (the "
                         "number of eigenvalues in a range jumps with d and e); use select='a' or 'i'")
    if select in ("a", "all", 0):
        lo, hi = 0, None
    elif select in ("i", "index", 2):
        if not eigvals_only:
            raise ValueError("wengert.scipy.linalg.eigh_tridiagonal: select='i' is supported with "
                             "eigvals_only=True only; take the eigenvectors of select='a' and slice them")
        if select_range is None or len(select_range) != 2:
            raise ValueError("select_range must be a 2-element array-like for select='i'")
        lo, hi = int(select_range[0]), int(select_range[1])
        n = _np.shape(_peek(d))[0]
        if not 0 <= lo <= hi < n:
            raise ValueError(f"select_range out of bounds: {select_range!r} for a matrix of size {n}")
    else:
        raise ValueError(f"invalid argument for select: {select!r}")
    selected, w, v = _eigh_tridiagonal_parts(d, e, eigvals_only=bool(eigvals_only), lo=lo, hi=hi,
                                             tol=tol, lapack_driver=lapack_driver)
    return selected if eigvals_only else (w, v)


def qr_multiply(a, c, mode="right", pivoting=False, conjugate=False, overwrite_a=False,
                overwrite_c=False):
    """``(Q @ c, R)`` (``mode='left'``) or ``(c @ Q, R)`` (``mode='right'``) for the economic
    QR decomposition ``a = Q R``, as ``scipy.linalg.qr_multiply`` (``conjugate=True``: with
    ``conj(Q)``), differentiable in ``a`` and ``c`` to every order through
    ``np.linalg.qr``'s rule (and its conditions: a full-rank ``a``, real; for a wide ``a``,
    its leading square block full rank). ``pivoting`` is not supported. A 1-d ``c`` is a vector, as in SciPy.

    >>> import numpy as np, wengert as wg, wengert.scipy.linalg as wsl
    >>> cq, r = wsl.qr_multiply(np.array([[3.0, 0.0], [4.0, 5.0]]), np.array([1.0, 0.0]))
    >>> cq, r
    (array([-0.6, -0.8]), array([[-5., -4.],
           [ 0.,  3.]]))

    .. versionadded:: 0.1
    """
    if pivoting:
        raise ValueError("wengert.scipy.linalg.qr_multiply: pivoting=True is not supported")
    if mode not in ("left", "right"):
        raise ValueError(f"Mode argument can only be 'left' or 'right' but not '{mode}'")
    shape_a, shape_c = _np.shape(_peek(a)), _np.shape(_peek(c))  # (shapes: no wengert.jit guard)
    if len(shape_a) != 2 or len(shape_c) not in (1, 2):
        raise ValueError("wengert.scipy.linalg.qr_multiply: a must be 2-d and c 1-d or 2-d")
    k = min(shape_a)
    expected = k if mode == "left" else shape_a[0]
    along = shape_c[0] if mode == "left" or len(shape_c) == 1 else shape_c[1]
    if along != expected:
        operation = "Q @ c" if mode == "left" else "c @ Q"
        raise ValueError(f"Array shapes are not compatible for {operation} operation: "
                         f"{shape_a[0], k} vs {shape_c}")
    if shape_a[0] < shape_a[1]:
        # wide: Q and the first m columns of R are the square part's; R's others are Q^T a[:, m:]
        q, square = _np.linalg.qr(a[:, :shape_a[0]], mode="reduced")
        r = _np.concatenate([square, _T(q) @ a[:, shape_a[0]:]], axis=1)
    else:
        q, r = _np.linalg.qr(a, mode="reduced")
    if conjugate:
        q = _np.conj(q)
    return (q @ c if mode == "left" else c @ q), r


for _fn12 in (hessenberg, eigh_tridiagonal, qr_multiply):
    _defcomposite(_fn12, _fn12, names=(f"scipy.linalg.{_fn12.__name__}",))
__all__ = _bind(globals(), "scipy.linalg")
