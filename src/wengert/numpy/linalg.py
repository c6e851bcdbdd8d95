"""``numpy.linalg``, as wengert differentiates it: every function here has a gradient rule.

Plain ``np.linalg`` calls on Vars record themselves; this namespace names what is
covered (``wengert.numpy.supported()`` lists them as ``"linalg.<name>"``). The names are
the NumPy functions themselves, so ``wnp.linalg.solve is np.linalg.solve``. Every rule
works on stacks of matrices (the last two axes) and is differentiable again (second
derivatives, forward mode), within these conditions:

* ``inv``, ``solve``, ``slogdet``: a nonsingular matrix (NumPy raises ``LinAlgError``
  otherwise); ``solve`` with a vector (1-d) or matrix right-hand side, broadcasting.
* ``det``: any matrix, singular ones included (the gradient is the cofactor matrix).
* ``cholesky``, ``eigh``: they read one triangle of the input only (the lower one by
  default), so the gradient is zero on the other triangle. ``eigh``: the eigenvalues'
  gradient always; the eigenvectors' for distinct eigenvalues (a repeated eigenvalue
  raises ``LinAlgError`` rather than return a wrong number).
* ``qr``: mode ``'reduced'`` for full-rank inputs with at least as many rows as columns.
* ``svd``: the singular values' gradient always; ``U`` and ``Vh`` for distinct (and, for
  non-square inputs, nonzero) singular values with ``full_matrices=False`` (or square).
* ``norm``: every vector and matrix ``ord``, with ``axis`` and ``keepdims``; the gradient
  of the 2-norm at zero is 0 (a subgradient).

>>> import numpy as np, wengert as wg, wengert.numpy as wnp
>>> a = np.array([[2.0, 1.0], [1.0, 3.0]])
>>> wg.grad_bp(lambda m: wnp.linalg.det(m), a)
array([[ 3., -1.],
       [-1.,  2.]])

.. versionadded:: 0.2
"""
from numpy.linalg import cholesky, det, eigh, inv, norm, qr, slogdet, solve, svd

__all__ = ["cholesky", "det", "eigh", "inv", "norm", "qr", "slogdet", "solve", "svd"]
