"""``numpy.linalg``, as wengert differentiates it: every function here has a gradient rule.

Plain ``np.linalg`` calls on Vars record themselves; this namespace names what is
covered (``wengert.numpy.supported()`` lists them as ``"linalg.<name>"``). The names are
the NumPy functions themselves, so ``wnp.linalg.solve is np.linalg.solve``. Every rule
works on stacks of matrices (the last two axes) and is differentiable again (second
derivatives, forward mode), within these conditions:

* ``inv``, ``solve``, ``slogdet``: a nonsingular matrix (NumPy raises ``LinAlgError``
  otherwise); ``solve`` with a vector or matrix right-hand side, broadcasting, with the
  installed NumPy's reading of ``b`` (NumPy 2: a vector only if 1-d; NumPy 1: a stack of
  vectors if it has one axis fewer than ``a``).
* ``det``: any matrix, singular ones included (the gradient is the cofactor matrix).
* ``cholesky``, ``eigh``: they read one triangle of the input only (the lower one by
  default), so the gradient is zero on the other triangle. ``eigh``: the eigenvalues'
  gradient always; the eigenvectors' for distinct eigenvalues (a repeated eigenvalue
  raises ``LinAlgError`` rather than return a wrong number). Of a complex Hermitian matrix,
  each eigenvector has a free phase that NumPy picks: only losses blind to it (``abs(v) **
  2``, ``v diag(c) v^H``, the eigenvalues) have a gradient, and others raise
  ``NoGradientRule``, as for ``svd`` and ``eig``. ``cholesky``, ``qr`` and ``svd`` take
  complex input too.
* ``qr``: mode ``'reduced'`` for full-rank inputs with at least as many rows as columns.
* ``svd``: the singular values' gradient always; ``U`` and ``Vh`` for distinct (and, for
  non-square inputs, nonzero) singular values with ``full_matrices=False`` (or square).
* ``norm``: every vector and matrix ``ord``, with ``axis`` and ``keepdims``; the gradient
  of the 2-norm at zero is 0 (a subgradient), and a second derivative there (or at another
  kink: a zero entry for ord 1, ties for inf and the matrix norms) raises
  ``NoGradientRule``: for a squared norm write ``np.dot(x, x)``.
* ``pinv``: any input whose singular values keep off the cutoff ``rcond * max(s)`` (none
  within a relative 1e-8 of it). Where some are below it, NumPy's ``pinv`` is the
  pseudo-inverse of the truncated SVD, a smooth function as long as they stay below it, and
  its derivative is that one's (at an exactly rank-deficient matrix: the pseudo-inverse of
  the rank-r matrices about it; a step larger than the gap to the cutoff meets the jump).
  A singular value at the cutoff (or a zero matrix) raises ``LinAlgError``: there the rank,
  and the result, jump; the second derivative of a rank-deficient input also where
  ``s_1 / s_r`` (the smallest kept) passes 1e4. ``lstsq``: its solution as ``pinv``'s (at a
  rank-deficient input, relative to its ``rcond``, the truncated SVD's ``pinv(a) b``, as
  LAPACK's); its singular values' gradient at full rank only. ``lstsq``:
  gradients for the solution, the residuals and the singular values; the rank is a plain int.
  ``pinv(hermitian=True)`` and ``svd(hermitian=True)`` read the lower triangle (and the
  real part of the diagonal) of a real or complex input.
* ``eig``: the eigenvalues' and eigenvectors' gradients for distinct eigenvalues (nearly
  repeated ones, closer than 1e-8 relative, raise ``LinAlgError``, as for ``eigh`` and
  ``svd``), complex results included. NumPy scales each eigenvector to unit norm and picks
  its phase; the phase is not a function one can differentiate, so only losses blind to it
  (``abs(v) ** 2``, ``v * conj(v)``, real eigenvectors' squares) have a gradient, and the
  rule gives that one.
* ``eigvalsh`` (real or complex Hermitian input), ``matrix_power`` (any integer power; negative through ``inv``),
  ``multi_dot`` (1-d ends too), ``tensorsolve`` and ``tensorinv`` (as ``solve`` and ``inv``
  of the reshaped matrix).
* At a matrix with exact zeros (diagonal, triangular, ...) the signs LAPACK gives the
  vectors of ``eigh``, ``svd`` and ``eig`` jump, and a gradient reaching them is refused;
  :func:`assume_sign_blind` lets through a loss you know is blind to those signs
  (``eigh``, ``svd``).
* ``cholesky(a, upper=True)`` needs NumPy >= 2.0 (older NumPy refuses the keyword).

>>> import numpy as np, wengert as wg, wengert.numpy as wnp
>>> a = np.array([[2.0, 1.0], [1.0, 3.0]])
>>> wg.grad_bp(lambda m: wnp.linalg.det(m), a)
array([[ 3., -1.],
       [-1.,  2.]])

.. versionadded:: 0.1
"""
from typing import Any as _Any

from ..ops.linalg import assume_sign_blind
from ..primitive import bind as _bind
from ..primitive import no_such_name as _no_such_name

# the functions declared in wengert.ops, and wengert's own opt-in for sign-blind losses
__all__ = _bind(globals(), "numpy.linalg") + ["assume_sign_blind"]


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)
