"""Linear algebra and its VJPs: each NumPy function next to its rule.

Sections: matmul and outer; contractions (``tensordot``, ``dot``, ``inner``, ``vdot``,
``kron``); ``einsum``; ``np.linalg`` (``inv``, ``det``, ``slogdet``, ``solve``,
``cholesky``, ``eigh``, ``qr``, ``svd``, ``norm``). Where a gradient exists only under
conditions (distinct eigenvalues, full rank), the rule says which, and raises a clear
error outside them rather than return a wrong number. The signs of the vectors of ``eigh``,
``svd`` and ``eig`` jump at matrices with exact zeros (see :func:`_has_exact_zero`): a
gradient through them is refused there.
"""
import contextlib
import contextvars
import functools
import itertools
import math
import string
import weakref
from typing import Iterator

import numpy as np

from .._backend import all_finite, outer_dot
from ..errors import NoGradientRule
from ..forward import in_transposed_pullback
from ..primitive import OwnPrimitive, declaration, defcomposite, defvjp, nondifferentiable
from ..structured import Partial, get_part, is_complex, is_traced, nesting, plain_numbers as plain_value, real_like
from ._util import (at_kink, divide_or_zero, numpy_warnings_unless_finite, refuse_infinite_at_kink, dtype_of, in_jvp, leave_one_out, live_zeros, sequence_function, shape_of, spread,
                    unbroadcast)
from .complexnum import conj_if_complex, is_complex, refuse_complex


# -- matmul / dot ----------------------------------------------------------------------

def _ndim(x):
    return x.ndim if type(x) is np.ndarray else np.ndim(x)


_ISFINITE = np.isfinite
_COUNT_NONZERO = getattr(np.count_nonzero, "_implementation", np.count_nonzero)  # (no dispatch)
#: (a weak reference to the value _all_finite checked last, its verdict): matmul's two pullbacks
#: ask of the same value one after the other
_LAST_CHECKED = (None, True)


def _all_finite(ans):
    """Whether every entry of a product's value ``ans`` is finite (internal): where some factor
    holds an inf or a NaN, the product's value does too (IEEE: inf times any entry, 0
    included, is not finite), so a finite ``ans`` says its factors are. The verdict on the last
    value is kept (a second pullback of the same product: a weak reference's call, not a scan).

    >>> _all_finite(np.array([[1.0, np.inf]])), _all_finite(np.array([[1e308, 1e308]]))
    (False, True)
    """
    global _LAST_CHECKED
    a = ans if type(ans) is np.ndarray else plain_value(ans)
    ref, verdict = _LAST_CHECKED
    if ref is not None and ref() is a:
        return verdict
    if type(a) is not np.ndarray:
        return bool(np.all(np.isfinite(a)))
    verdict = all_finite(a)  # (in C on a contiguous float64 array: 0.1 us where NumPy's two calls take 0.9)
    if verdict is None:
        # (a count of the finite entries: a reduction's call costs twice as much; a sum would warn
        # where it overflows)
        verdict = bool(_COUNT_NONZERO(_ISFINITE(a)) == a.size)
    _LAST_CHECKED = (weakref.ref(a), verdict)
    return verdict


def _structural_product(t, m, t_first=True, live=None):
    """``t @ m`` (``m @ t`` where not ``t_first``), ``t`` a tangent or cotangent, where an entry
    of ``t`` that is a structural 0 times an infinite entry of ``m`` adds nothing, not NaN
    (internal; matmul's and its kin's rules, where a factor holds an inf). A Jacobian's other
    rows (columns) are such zeros: jacrev of ``x @ x`` at ``[[inf, 1], [2, 3]]`` gave the row
    of ``(x @ x)[0, 0]`` as ``[inf, nan, nan, 0]``, truth ``[inf, 2, 1, 0]`` (the polynomial's
    partials). ``live``: where the zeros of ``t`` are live (:func:`live_zeros`), 0 times inf
    stays NaN there. A 0 of ``m`` times an infinite ``t`` stays NaN, as a NaN anywhere does.
    A traced ``t`` (forward mode's transposed pullback runs on a traced 0; a tangent of a
    tangent) is a plain product: matmul's own rules see its zeros. ``m`` may be traced (second
    order): the product is NumPy calls.

    >>> with np.errstate(invalid="ignore"):
    ...     _structural_product(np.array([[1.0, 0.0]]), np.array([[2.0], [np.inf]]))
    array([[2.]])
    """
    inf = np.isinf(plain_value(m))
    if live is True or not inf.any() or is_traced(t):
        return t @ m if t_first else m @ t
    live = None if live is None or live is False else np.asarray(live, dtype=bool)
    # as stacks of matrices (a vector a row on the left, a column on the right), t on the left
    t_row, m_row = _ndim(t) == 1 and t_first, _ndim(m) == 1 and not t_first
    t_col, m_col = _ndim(t) == 1 and not t_first, _ndim(m) == 1 and t_first
    t, live = (t[None, :], None if live is None else live[None, :]) if t_row else \
        (t[:, None], None if live is None else live[:, None]) if t_col else (t, live)
    m, inf = (m[None, :], inf[None, :]) if m_row else (m[:, None], inf[:, None]) if m_col else (m, inf)
    if not t_first:  # m @ t = (t^T @ m^T)^T
        t, m, inf, live = _T(t), _T(m), _T(inf), None if live is None else _T(live)
    zero = plain_value(t) == 0
    if live is not None:
        zero = zero & ~live
    rows = np.any(np.reshape(inf, (-1,) + inf.shape[-2:]), axis=(0, 2))  # m's rows holding an inf
    keep = np.nonzero(~rows)[0]
    with np.errstate(invalid="ignore"):
        # the other rows as a product; each row k holding an inf as an outer product with t's
        # column k, 0 where t's 0 meets an inf (an infinite t against m's 0 stays NaN)
        out = np.take(t, keep, axis=-1) @ np.take(m, keep, axis=-2)
        for k in np.nonzero(rows)[0]:
            term = t[..., :, k:k + 1] * m[..., k:k + 1, :]
            out = out + np.where(zero[..., :, k:k + 1] & inf[..., k:k + 1, :], 0.0, term)
    if not t_first:
        out = _T(out)
    if t_row or m_row:
        out = out[..., 0, :]
    return out[..., 0] if t_col or m_col else out


#: the most infinite entries of one factor that :func:`_structural_linear` takes one by one (two
#: products each); past it the plain product, whose NaN is conservative
_STRUCTURAL_MAX_INFS = 64


def _structural_linear(apply, t, m, live=None):
    """``apply(t, m)`` for ``apply`` linear in each of ``t`` (a tangent or cotangent) and ``m``
    (outer, kron, tensordot, einsum...), where the terms pairing a structural 0 of ``t`` with
    an infinite entry of ``m`` add nothing, as :func:`_structural_product`'s (internal). Each
    infinite entry ``m[p]`` is taken out of the product and added back as ``apply(t, e_p)
    m[p]``, 0 where no term pairs it with a nonzero (or live) entry of ``t``: ``apply`` of
    ``t``'s nonzero marks there counts them. jacrev of ``np.outer(x, y)`` in ``y`` at ``x =
    [inf, 1]`` gave NaN in 6 of 8 entries for ``[[inf, 0], [0, inf], [1, 0], [0, 1]]``.

    >>> with np.errstate(invalid="ignore"):
    ...     _structural_linear(lambda t, m: t @ m, np.array([[1.0, 0.0]]), np.array([2.0, np.inf]))
    array([2.])
    """
    inf = np.isinf(plain_value(m))
    if live is True or not inf.any() or is_traced(t) or np.count_nonzero(inf) > _STRUCTURAL_MAX_INFS:
        return apply(t, m)
    nonzero = plain_value(t) != 0
    if live is not None and live is not False:
        nonzero = nonzero | np.asarray(live, dtype=bool)
    marks = nonzero.astype(float)
    out = apply(t, np.where(inf, 0.0, m))
    with np.errstate(invalid="ignore"):
        for p in zip(*np.nonzero(inf)):
            unit = np.zeros(np.shape(inf))
            unit[p] = 1.0
            reached = np.asarray(apply(marks, unit)) != 0
            out = out + np.where(reached, apply(t, unit) * m[p], 0.0)
    return out


def _structural_multilinear(apply, t, ms, live=None):
    """``apply(t, *ms)`` for ``apply`` linear in each argument (einsum of three or more operands), where a
    term pairing a 0 of ``t`` or of another factor with an infinite entry adds nothing: the limit of the
    polynomial as that entry goes to +-inf (internal; :func:`_structural_linear` for one factor ``m``).
    Each factor is split into its finite part and its infinite entries ``m[p] e_p``; every choice of
    one part per factor is a term, kept only where ``apply`` of the nonzero marks (``t``'s live zeros
    too) reaches it. jacrev and jacfwd of ``np.einsum("ij,jk,kl->il", a, a, a)`` at ``[[inf, 1], [2,
    3]]`` were NaN in all 16 entries, where matrix_power(a, 3)'s are the limits. Past
    ``_STRUCTURAL_MAX_INFS`` terms the plain product (its NaN conservative)."""
    infs = [np.isinf(plain_value(m)) for m in ms]
    if (live is True or is_traced(t) or not any(i.any() for i in infs)
            or math.prod(np.count_nonzero(i) + 1 for i in infs) > _STRUCTURAL_MAX_INFS):
        return apply(t, *ms)
    t_marks = plain_value(t) != 0
    if live is not None and live is not False:
        t_marks = t_marks | np.asarray(live, dtype=bool)
    finite = [np.where(i, 0.0, m) for m, i in zip(ms, infs)]
    # (a traced factor's zeros are live: its derivative there meets the inf, d/da01 of the Hessian of
    # sum(w * einsum("ij,jk,kl->il", a, a, a)) at a = [[inf, 0], [0, 3]] is inf, where a 0 mark gave 6.0)
    finite_marks = [((np.asarray(plain_value(m)) != 0) | is_traced(m)) & ~i for m, i in zip(ms, infs)]
    finite_marks = [m.astype(float) for m in finite_marks]
    out = apply(t, *finite)
    with np.errstate(invalid="ignore"):
        for choice in itertools.product(*[[None] + list(zip(*np.nonzero(i))) for i in infs]):
            if all(p is None for p in choice):
                continue
            args, marks, scale = list(finite), list(finite_marks), 1.0
            for j, p in enumerate(choice):
                if p is not None:
                    unit = np.zeros(np.shape(infs[j]))
                    unit[p] = 1.0
                    args[j], marks[j], scale = unit, unit, scale * ms[j][p]
            reached = np.asarray(apply(t_marks.astype(float), *marks)) != 0
            out = out + np.where(reached, apply(t, *args) * scale, 0.0)
    return out


def _reshaped(live, shape):
    """Live marks (see :func:`live_zeros`) reshaped as their cotangent is."""
    return live if live is None or live is True else np.reshape(live, shape)


def _promoted(g, x, y):
    """The cotangent ``g`` of ``x @ y`` and its factors as stacks of matrices (a vector x a row,
    a vector y a column), for :func:`_structural_product`."""
    if _ndim(y) == 1:
        g, y = g[..., None], y[:, None]
    if _ndim(x) == 1:
        g, x = g[..., None, :], x[None, :]
    return g, x, y


def _matmul_grad_x_nonfinite(g, x, y):
    """The cotangent of x in ``x @ y`` where a factor holds an inf (see :func:`_structural_product`)."""
    g2, _, y2 = _promoted(g, x, y)
    out = _structural_product(g2, _T(y2), True, _reshaped(live_zeros(g), shape_of(g2)))
    return unbroadcast(out[..., 0, :] if _ndim(x) == 1 else out, shape_of(x))


def _matmul_grad_y_nonfinite(g, x, y):
    g2, x2, _ = _promoted(g, x, y)
    out = _structural_product(g2, _T(x2), False, _reshaped(live_zeros(g), shape_of(g2)))
    out = unbroadcast(out[..., 0] if _ndim(y) == 1 else out, shape_of(y))
    # (computed transposed: C order, as the BLAS product's, for what the sweep adds it to)
    return np.ascontiguousarray(out) if type(out) is np.ndarray else out


def _matmul_grad_x(g, x, y):
    xd, yd = _ndim(x), _ndim(y)
    if yd == 1:
        if xd == 1:
            return np.multiply(g, y)  # (not g * y: a list y times NumPy's scalar g is a repetition, a TypeError)
        return g[..., None] * y
    if xd == 1:
        return y @ g if yd == 2 else unbroadcast(np.sum(g[..., None, :] * y, axis=-1), shape_of(x))
    return unbroadcast(g @ _T(y), shape_of(x))


def _matmul_grad_y(g, x, y):
    xd, yd = _ndim(x), _ndim(y)
    if xd == 1:
        if yd == 1:
            return np.multiply(g, x)  # (as _matmul_grad_x's)
        return np.outer(x, g) if yd == 2 else x[..., :, None] * g[..., None, :]
    if yd == 1:
        return g @ x if xd == 2 else unbroadcast(np.sum(x * g[..., None], axis=tuple(range(xd - 1))), shape_of(y))
    return unbroadcast(_T(x) @ g, shape_of(y))


# Two matrices, the common case, are staged with the transpose taken once, and multiplied
# with np.dot: matmul with less overhead (0.6 against 0.9 us on small matrices, the same
# BLAS call on large ones), and for x.T @ g with an inner dimension of 1 (batch 1: an
# outer product) a far faster kernel: 784x300, 81 us against 164 us for np.outer and
# 357 us for matmul, one thread (benchmarks/bench_arrays.py). But np.dot zero-fills its
# result before the BLAS call while holding the GIL (numpy's cblas_matrixproduct), which
# matmul does not (its BLAS call zeroes the result without the GIL): for a result of
# _DOT_BELOW elements or more and an inner dimension above 1, matmul, so that other
# threads run meanwhile (784-300-100-10 network, batch 32: np.dot's zero-filling was 6%
# of a gradient's CPU time, all of it holding the GIL; matmul is as fast or faster there).
# With an inner dimension of 1, float64, the compiled core's outer_dot writes each entry
# once, np.dot's bits (784x300: 40 us against np.dot's 66 us), without the GIL.

#: Results of at least this many elements (and an inner dimension above 1) are computed
#: with np.matmul rather than np.dot by the staged 2-D matmul pullbacks.
_DOT_BELOW = 8192


#: np.dot's C function, without the __array_function__ dispatch (plain arrays only)
_DOT = getattr(np.dot, "_implementation", np.dot)


def _product(m, k, n):
    """np.dot or np.matmul for an (m, k) @ (k, n) product in a pullback (see above)."""
    return np.matmul if k > 1 and m * n >= _DOT_BELOW else np.dot


def _vjp_matmul_x(ans, x, y, **kw):
    if not _all_finite(ans):  # (an inf in y: 0 * inf where g is a structural 0)
        return lambda g: _matmul_grad_x_nonfinite(g, x, y)
    if type(x) is np.ndarray and type(y) is np.ndarray and x.ndim == 2 and y.ndim == 2:
        y_t = y.T  # (plain matrices, the common case: what the lines below do, without their calls)
        m, n = x.shape[0], y.shape[0]  # (_product's choice, inline: a call less per replayed matmul)
        if y.shape[1] == 1:  # (an outer product: see outer_dot)
            return lambda g: outer_dot(g, y_t)
        if m * n >= _DOT_BELOW:
            return lambda g: np.matmul(g, y_t)
        # (np.dot's C function where g is a plain array: its dispatch's Python frame spared)
        return lambda g: _DOT(g, y_t) if type(g) is np.ndarray else np.dot(g, y_t)
    if _ndim(x) == 2 and _ndim(y) == 2:
        y_t = _T(y)
        product = _product(shape_of(x)[0], shape_of(y)[1], shape_of(y)[0])
        return lambda g: product(g, y_t)
    return lambda g: _matmul_grad_x(g, x, y)


def _vjp_matmul_y(ans, x, y, **kw):
    if not _all_finite(ans):
        return lambda g: _matmul_grad_y_nonfinite(g, x, y)
    if type(x) is np.ndarray and type(y) is np.ndarray and x.ndim == 2 and y.ndim == 2:
        x_t = x.T  # (plain matrices: as _vjp_matmul_x)
        m, n = x.shape[1], y.shape[1]
        if x.shape[0] == 1:
            # batch 1: an outer product, np.dot's bits written once (outer_dot), with no
            # Python frame of its own
            return functools.partial(outer_dot, x_t)
        if m * n >= _DOT_BELOW:
            # np.matmul(x_t, g) with no Python frame of its own (a lambda's: one call per sweep)
            return functools.partial(np.matmul, x_t)
        # (np.dot's C function where g is a plain array: a lambda's frame costs less than
        # np.dot's dispatch)
        return lambda g: _DOT(x_t, g) if type(g) is np.ndarray else np.dot(x_t, g)
    if _ndim(x) == 2 and _ndim(y) == 2:
        x_t = _T(x)
        product = _product(shape_of(x)[1], shape_of(x)[0], shape_of(y)[1])
        return lambda g: product(x_t, g)
    return lambda g: _matmul_grad_y(g, x, y)


# Each pullback reads the values of one argument only (x's reads y, y's reads x; of the other
# its type and shape): wengert.jit keeps it from one replay to the next while that argument
# is the same array (a network's weight), instead of staging it again
_vjp_matmul_x.keeps_argument = 1  # type: ignore[attr-defined]
_vjp_matmul_y.keeps_argument = 0  # type: ignore[attr-defined]
defvjp(np.matmul, _vjp_matmul_x, _vjp_matmul_y, operator="matmul")  # x @ y on Vars


# -- outer -------------------------------------------------------------------------------

def _nonfinite_pullback(ans, apply, m):
    """The pullback ``g -> apply(g, m)``, through :func:`_structural_linear` where the value is
    not finite (a factor holds an inf: the cotangent's structural zeros against it add nothing)."""
    if _all_finite(ans):
        return lambda g: apply(g, m)
    return lambda g: _structural_linear(apply, g, m, live_zeros(g))


def _vjp_outer_a(ans, a, b, out=None):
    shape = shape_of(a)
    return _nonfinite_pullback(ans, lambda g, m: np.reshape(g @ m, shape), np.reshape(b, -1))


def _vjp_outer_b(ans, a, b, out=None):
    shape = shape_of(b)
    return _nonfinite_pullback(ans, lambda g, m: np.reshape(m @ g, shape), np.reshape(a, -1))


defvjp(np.outer, _vjp_outer_a, _vjp_outer_b)


# -- shared helpers ------------------------------------------------------------------------
# Rules below are plain NumPy code on their inputs, so that they record themselves when
# those inputs are Vars of an outer tape (second derivatives, forward mode).

def _T(x):
    """The transpose of the last two axes (of every matrix in a stack)."""
    if type(x) is np.ndarray and x.ndim == 2:
        return x.T  # a view, without NumPy's Python-level swapaxes
    return np.swapaxes(x, -1, -2)


def _mat(g):
    """A stack of scalars as a stack of 1x1 matrices, to scale a stack of matrices."""
    return np.expand_dims(g, (-2, -1))


def _fold(grad, uplo):
    """The gradient with respect to a matrix of which only one triangle is read.

    ``grad`` is the gradient with respect to the symmetric (Hermitian) matrix ``M`` that
    NumPy builds from the lower (``uplo="L"``) or upper triangle of its input; the input's
    other triangle is never read, so its gradient is zero there, and each read
    off-diagonal entry stands for two entries of ``M`` (the second conjugated, whose
    cotangent conjugates back; the imaginary part of a complex diagonal is not read).
    """
    n = shape_of(grad)[-1]
    weights = np.tril(np.ones((n, n))) - 0.5 * np.eye(n)
    return (grad + _H(grad)) * (weights if uplo.upper() == "L" else weights.T)


def _part(g, index, name=None):
    """Part ``index`` (field ``name``) of the cotangent of a tuple result, or None if zero.

    NumPy 2 returns named tuples (``EighResult``...), whose reached parts are keyed by
    field name; NumPy 1.x returns plain tuples, keyed by position. Looking up by name only
    read every gradient through NumPy 1.x's tuples as zero.
    """
    if type(g) is Partial:
        parts = g.parts
        return parts[name] if name in parts else parts.get(index)
    return get_part(g, index)


def _H(x):
    """The conjugate transpose of the last two axes."""
    return conj_if_complex(_T(x))


#: Two eigenvalues (or squared singular values) closer than this, relative to the largest
#: in magnitude, count as repeated: the derivative of their vectors divides by the gap,
#: and below it the gap is rounding error (eigenvalues are computed to about eps |a|).
_NEARLY_REPEATED = 1e-8


def _allowed_at_order(power, budget=1.0 / _NEARLY_REPEATED):
    """The largest factor ``rho`` a derivative whose rounding error grows as eps * rho^power
    may carry: rho^power <= ``budget``, so ``budget ** (1 / power)`` (internal).

    The rule of every order-k refusal here: the first order is refused where its error factor
    (1 / gap between two eigenvalues, cond(V) of eig's eigenvectors) passes 1e8, an error of
    eps * 1e8 = 2e-8 relative; each order of differentiation through the same rule multiplies
    in that factor again, so the k-th derivative is computed while its error stays within the
    first order's budget: rho^k <= 1e8 (``power`` = k: 1e4 at the second order, 464 at the
    third), rho^(2k - 1) for eig near a Jordan block (two factors per order).

    >>> _allowed_at_order(2), _allowed_at_order(3)
    (10000.0, 464.15888336127773)
    """
    return budget ** (1.0 / power)


# -- contractions: dot, inner, vdot, tensordot, kron -------------------------------------

def _tensordot_axes(axes, nda, ndb):
    """``np.tensordot``'s ``axes`` as two lists of non-negative axes of a and b."""
    try:
        a_axes, b_axes = axes
    except TypeError:
        n = int(axes)
        return list(range(nda - n, nda)), list(range(n))
    a_axes = [a_axes] if np.ndim(a_axes) == 0 else list(a_axes)
    b_axes = [b_axes] if np.ndim(b_axes) == 0 else list(b_axes)
    return [int(i) % nda for i in a_axes], [int(i) % ndb for i in b_axes]


def _permuted(x, order):
    """``x`` whose axis ``j`` is axis ``order[j]`` of the result, put back in order."""
    inverse = tuple(int(i) for i in np.argsort(order))
    return x if inverse == tuple(range(len(inverse))) else np.transpose(x, inverse)


def _contract_grad_a(g, b, nda, a_axes, b_axes):
    """The cotangent of ``a`` in ``np.tensordot(a, b, (a_axes, b_axes))``."""
    ndb = np.ndim(b)
    a_free = [i for i in range(nda) if i not in a_axes]
    b_free = [i for i in range(ndb) if i not in b_axes]
    ga = np.tensordot(g, b, (list(range(len(a_free), len(a_free) + len(b_free))), b_free))
    # ga's last axes are b's contracted axes in increasing order, each paired with one of a's.
    return _permuted(ga, a_free + [a_axes[b_axes.index(j)] for j in sorted(b_axes)])


def _contract_grad_b(g, a, ndb, a_axes, b_axes):
    """The cotangent of ``b`` in ``np.tensordot(a, b, (a_axes, b_axes))``."""
    nda = np.ndim(a)
    a_free = [i for i in range(nda) if i not in a_axes]
    b_free = [i for i in range(ndb) if i not in b_axes]
    gb = np.tensordot(a, g, (a_free, list(range(len(a_free)))))
    return _permuted(gb, [b_axes[a_axes.index(i)] for i in sorted(a_axes)] + b_free)


def _vjp_tensordot_a(ans, a, b, axes=2):
    nda = np.ndim(a)
    a_axes, b_axes = _tensordot_axes(axes, nda, np.ndim(b))
    return _nonfinite_pullback(ans, lambda g, m: _contract_grad_a(g, m, nda, a_axes, b_axes), b)


def _vjp_tensordot_b(ans, a, b, axes=2):
    ndb = np.ndim(b)
    a_axes, b_axes = _tensordot_axes(axes, np.ndim(a), ndb)
    return _nonfinite_pullback(ans, lambda g, m: _contract_grad_b(g, m, ndb, a_axes, b_axes), a)


defvjp(np.tensordot, _vjp_tensordot_a, _vjp_tensordot_b)


def _dot_axes(nda, ndb):
    """``np.dot(a, b)`` as a tensordot: the last axis of a with the second-to-last of b."""
    return [nda - 1], [max(ndb - 2, 0)]


def _vjp_dot_a(ans, a, b, out=None):
    nda, ndb = np.ndim(a), np.ndim(b)
    if nda == 0 or ndb == 0:
        shape = shape_of(a)
        return lambda g: unbroadcast(g * b, shape)
    if nda <= 2 and ndb <= 2:  # the same kernels as matmul
        return (lambda g: _matmul_grad_x(g, a, b)) if _all_finite(ans) else lambda g: _matmul_grad_x_nonfinite(g, a, b)
    a_axes, b_axes = _dot_axes(nda, ndb)
    return _nonfinite_pullback(ans, lambda g, m: _contract_grad_a(g, m, nda, a_axes, b_axes), b)


def _vjp_dot_b(ans, a, b, out=None):
    nda, ndb = np.ndim(a), np.ndim(b)
    if nda == 0 or ndb == 0:
        shape = shape_of(b)
        return lambda g: unbroadcast(g * a, shape)
    if nda <= 2 and ndb <= 2:
        return (lambda g: _matmul_grad_y(g, a, b)) if _all_finite(ans) else lambda g: _matmul_grad_y_nonfinite(g, a, b)
    a_axes, b_axes = _dot_axes(nda, ndb)
    return _nonfinite_pullback(ans, lambda g, m: _contract_grad_b(g, m, ndb, a_axes, b_axes), a)


defvjp(np.dot, _vjp_dot_a, _vjp_dot_b, methods={"dot": lambda x, y: np.dot(x, y)})


def _vjp_inner_a(ans, a, b):
    nda, ndb = np.ndim(a), np.ndim(b)
    if nda == 0 or ndb == 0:
        shape = shape_of(a)
        return lambda g: unbroadcast(g * b, shape)
    if nda == 1 and ndb == 1:
        return lambda g: g * b
    return _nonfinite_pullback(ans, lambda g, m: _contract_grad_a(g, m, nda, [nda - 1], [ndb - 1]), b)


def _vjp_inner_b(ans, a, b):
    nda, ndb = np.ndim(a), np.ndim(b)
    if nda == 0 or ndb == 0:
        shape = shape_of(b)
        return lambda g: unbroadcast(g * a, shape)
    if nda == 1 and ndb == 1:
        return lambda g: g * a
    return _nonfinite_pullback(ans, lambda g, m: _contract_grad_b(g, m, ndb, [nda - 1], [ndb - 1]), a)


defvjp(np.inner, _vjp_inner_a, _vjp_inner_b)


def _vjp_vdot_a(ans, a, b):
    # vdot is sum(conj(a.ravel()) * b.ravel()): not holomorphic in a, whose cotangent is
    # conj(g * b) (see wengert.ops.complexnum); for real a that is g * b.
    shape = shape_of(a)
    if is_complex(a) or is_complex(b):
        return lambda g: np.conj(g * np.reshape(b, shape))
    return lambda g: g * np.reshape(b, shape)


def _vjp_vdot_b(ans, a, b):
    shape = shape_of(b)
    return lambda g: g * np.reshape(conj_if_complex(a), shape)


defvjp(np.vdot, _vjp_vdot_a, _vjp_vdot_b)


def _kron_layout(a, b):
    """Both shapes padded to one length, and g's shape with their axes interleaved."""
    sa, sb = shape_of(a), shape_of(b)
    nd = max(len(sa), len(sb))
    sa, sb = (1,) * (nd - len(sa)) + tuple(sa), (1,) * (nd - len(sb)) + tuple(sb)
    return sa, sb, tuple(n for pair in zip(sa, sb) for n in pair)


def _vjp_kron_a(ans, a, b):
    # kron(a, b)[i * nb + j] = a[i] * b[j] along every axis: with g's axes split into
    # (i, j) pairs, a's cotangent sums g * b over the j axes.
    sa, sb, split = _kron_layout(a, b)
    shape, nd = shape_of(a), len(sa)
    b_wide = np.reshape(b, tuple(n for s in sb for n in (1, s)))
    return _nonfinite_pullback(
        ans, lambda g, m: np.reshape(np.sum(np.reshape(g, split) * m, axis=tuple(range(1, 2 * nd, 2))), shape), b_wide)


def _vjp_kron_b(ans, a, b):
    sa, sb, split = _kron_layout(a, b)
    shape, nd = shape_of(b), len(sb)
    a_wide = np.reshape(a, tuple(n for s in sa for n in (s, 1)))
    return _nonfinite_pullback(
        ans, lambda g, m: np.reshape(np.sum(np.reshape(g, split) * m, axis=tuple(range(0, 2 * nd, 2))), shape), a_wide)


defvjp(np.kron, _vjp_kron_a, _vjp_kron_b)


# -- einsum ------------------------------------------------------------------------------
# The cotangent of operand k is itself an einsum: of g (with the output's subscripts) and
# the other operands, onto operand k's subscripts. Three things need care:
# * a subscript repeated in operand k (a trace "ii->", a diagonal "ii->i") puts the
#   cotangent on a diagonal: the second occurrence gets a fresh label tied to the first by
#   a constant identity matrix;
# * a subscript of operand k found nowhere else (summed away, "ij->i") comes back by
#   broadcasting;
# * an axis of length 1 that einsum broadcasts against a longer one (through "..." or
#   not) gets a fresh label of its own: summing a length-1 axis is the same as
#   broadcasting it, and its cotangent is then summed back.

_LABELS = string.ascii_uppercase + string.ascii_lowercase  # NumPy's order (implicit output)
_EINSUM_MAX_ARGS = 2 * 64 + 1  # 64 operands (NumPy's limit), interleaved with sublists, and an output


def _sublist_labels(sublist):
    """An interleaved-form subscript list (ints, Ellipsis) as a subscript string."""
    return "".join("..." if s is Ellipsis else _LABELS[int(s)] for s in sublist)


def _fresh_labels(used):
    """Subscript labels not in ``used``, one at a time."""
    for c in _LABELS:
        if c not in used:
            yield c
    raise ValueError("the gradient of this einsum needs more than 52 distinct subscript "
                     "labels; split it into smaller einsums")


def _einsum_terms(args):
    """``(operand positions, input terms, output term or None)`` of an einsum call, in either
    spelling (``"ij,jk->ik", a, b`` or ``a, [0, 1], b, [1, 2], [0, 2]``)."""
    if isinstance(args[0], str):
        inputs, arrow, output = args[0].replace(" ", "").partition("->")
        return list(range(1, len(args))), inputs.split(","), output if arrow else None
    positions = list(range(0, len(args) - 1, 2))
    in_terms = [_sublist_labels(args[p + 1]) for p in positions]
    return positions, in_terms, _sublist_labels(args[-1]) if len(args) % 2 else None


def _implicit_output(in_terms, ellipsis):
    """The output labels einsum implies: "..." first, then the labels seen once, sorted."""
    labels = "".join(in_terms).replace("...", "")
    once = sorted((c for c in set(labels) if labels.count(c) == 1), key=_LABELS.index)
    return ellipsis + once if any("..." in t for t in in_terms) else once


class _Einsum:
    """A parsed einsum call: one list of labels per operand and for the output, with every
    "..." spelled out and every broadcast length-1 axis relabelled."""

    def __init__(self, args):
        self.positions, in_terms, out_term = _einsum_terms(args)
        shapes = [shape_of(args[p]) for p in self.positions]
        used = set("".join(in_terms) + (out_term or "")) - {"."}
        fresh = _fresh_labels(used)
        n_ellipsis = max([len(s) - len(t.replace("...", "")) for t, s in zip(in_terms, shapes) if "..." in t],
                         default=0)
        ellipsis = [next(fresh) for _ in range(n_ellipsis)]

        def expand(term, ndim):
            if "..." not in term:
                return list(term)
            head, _, tail = term.partition("...")
            n = ndim - len(head) - len(tail)
            return list(head) + ellipsis[len(ellipsis) - n:] + list(tail)
        terms = [expand(t, len(s)) for t, s in zip(in_terms, shapes)]
        if out_term is None:
            out = _implicit_output(in_terms, ellipsis)
        else:
            out = expand(out_term, n_ellipsis + len(out_term.replace("...", "")))
        sizes = {}
        for term, shape in zip(terms, shapes):
            for c, n in zip(term, shape):  # the broadcast size: not 1 if any is (0 included)
                sizes[c] = n if sizes.get(c, 1) == 1 else sizes[c]
        self.terms = [[c if n == sizes[c] else next(fresh) for c, n in zip(term, shape)]
                      for term, shape in zip(terms, shapes)]
        self.out = out
        self.sizes = sizes
        self.shapes = shapes
        self.used = used.union(*self.terms, out)

    def grad(self, g, k, operands, optimize):
        """The cotangent of operand ``k`` for the output cotangent ``g``."""
        target, seen, eyes = [], set(), []
        fresh = _fresh_labels(self.used)
        for c in self.terms[k]:
            if c in seen:
                f = next(fresh)
                eyes.append(c + f)
                target.append(f)
            else:
                seen.add(c)
                target.append(c)
        ins = ["".join(self.out)] + ["".join(t) for j, t in enumerate(self.terms) if j != k] + eyes
        present = set("".join(ins))
        kept = "".join(c for c in target if c in present)
        ops = [g] + [op for j, op in enumerate(operands) if j != k] + [np.eye(self.sizes[e[0]]) for e in eyes]
        if len(ops) == 1 and ins[0] == kept:
            h = g
        else:
            h = np.einsum(",".join(ins) + "->" + kept, *ops, optimize=optimize)
        if len(kept) < len(target):
            lonely = tuple(i for i, c in enumerate(target) if c not in present)
            h = np.broadcast_to(np.expand_dims(h, lonely), self.shapes[k])
        return h


def _einsum_rule(position):
    def rule(ans, *args, out=None, optimize=False, **kwargs):
        if out is not None:
            raise TypeError("numpy.einsum(..., out=...) writes into an array in place, which "
                            "cannot be recorded; drop out= and use the returned value")
        spec = _Einsum(args)
        k = spec.positions.index(position)
        operands = [args[p] for p in spec.positions]
        # An explicit contraction path is for the forward equation only.
        how = optimize if isinstance(optimize, (bool, str)) else "greedy"
        if len(operands) == 2:  # (the other operand's infs against g's structural zeros)
            j = 1 - k
            return _nonfinite_pullback(
                ans, lambda g, m: spec.grad(g, k, [m, operands[1]] if j == 0 else [operands[0], m], how), operands[j])
        if _all_finite(ans):
            return lambda g: spec.grad(g, k, operands, how)
        others = [op for j, op in enumerate(operands) if j != k]

        def apply(g, *ms):  # (operand k's own entry is not read by spec.grad)
            return spec.grad(g, k, list(ms[:k]) + [None] + list(ms[k:]), how)
        return lambda g: _structural_multilinear(apply, g, others, live_zeros(g))
    return rule


defvjp(np.einsum, *[_einsum_rule(p) for p in range(_EINSUM_MAX_ARGS)])


# -- np.linalg: inverse, determinants, solve -----------------------------------------------
# Every rule works on stacks of matrices (the last two axes), as NumPy does.

defvjp(np.linalg.inv, lambda ans, a: lambda g: -(_T(ans) @ g @ _T(ans)))


def _minor_cofactors(a):
    """The cofactor matrices of a stack of n x n matrices, as determinants of their minors.

    Exact for singular matrices too, and differentiable NumPy code at any order (it only
    indexes and calls ``det``); it costs n^2 determinants, so it is kept for small n. Each
    cofactor is as accurate as NumPy's determinant of its own minor (an LU's, to eps times
    the minor's condition, and the exp of a log of its pivots, eps |log det|), whatever the
    other cofactors' size: no cofactor is a difference of larger ones.
    """
    n = shape_of(a)[-1]
    if n <= 1:  # (0 x 0: no entries, and no minors to index)
        return np.ones(shape_of(a))
    keep = np.array([[j for j in range(n) if j != i] for i in range(n)])
    minors = a[..., keep[:, None, :, None], keep[None, :, None, :]]  # (..., n, n, n-1, n-1)
    signs = (-1.0) ** np.add.outer(np.arange(n), np.arange(n))
    if n == 2:  # 1 x 1 minors: their entries (NumPy's det, the exp of a log, rounds 4e200 by 2.6e-14)
        return signs.astype(np.result_type(dtype_of(a), 1.0)) * minors[..., 0, 0]
    # one finite float64 matrix: its minors' pivots' products (NumPy's det rounds by eps |log det|,
    # 2.2e-14 at 1e100; n^2 LAPACK calls, 0.3 ms at 8 x 8, so not for stacks)
    one = type(minors) is np.ndarray and minors.ndim == 4 and minors.dtype.char == "d"
    lapack = _lapack_lu(minors.dtype) if one and np.all(np.isfinite(minors)) else None
    if lapack is not None:  # (the n^2 products at once: n - 1 <= 7 mantissas, no underflow)
        lus, pivots = zip(*[lapack[0](minor)[:2] for minor in minors.reshape((-1, n - 1, n - 1))])
        mantissas, exponents = np.frexp(np.diagonal(np.array(lus), axis1=-2, axis2=-1))
        swaps = np.count_nonzero(np.array(pivots) != np.arange(n - 1), axis=-1)
        with np.errstate(over="ignore"):  # (inf with its sign where a minor's det overflows)
            dets = np.ldexp(np.prod(mantissas, axis=-1) * (-1.0) ** swaps, np.sum(exponents, axis=-1))
        return signs * dets.reshape((n, n))
    with np.errstate(over="ignore"):  # (a minor's det overflowing to inf with its sign is its value)
        return signs * np.linalg.det(minors)


def _products_of_the_others(s):
    """prod_{j != i} s_j along the last axis, from the products before and after i (no division)."""
    ones = np.ones(s.shape[:-1] + (1,))
    before = np.cumprod(np.concatenate([ones, s[..., :-1]], axis=-1), axis=-1)
    after = np.cumprod(np.concatenate([ones, s[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return before * after


# A product of n - 1 mantissas in [1/2, 1) stays normal (>= 2^-1022, no bit lost) up to n = 1023;
# beyond, it would go subnormal and then to an exact 0: a cofactor 0 with no error.
_MANTISSA_PRODUCT_EXACT_UP_TO = 1023


def _permuted_diagonal_cofactors(a):
    """The cofactors of a stack of (scaled, permuted) diagonal matrices, exactly, or None if not one.

    Recognized by their zeros (at most one nonzero in each row and column), not by an SVD
    (whose U and V carry 2.2e-16 where they should be 0 at diag(1e30, 1, ..., 1) reversed).
    Row i's nonzero d_i sits in column sigma(i) (the k-th zero row is given the k-th zero
    column), and det = sign(sigma) prod_i d_i, so the cofactor at (i, sigma(i)) is
    sign(sigma) prod_{j != i} d_j and every other one is 0; each product is kept as a
    product of mantissas and a sum of exponents, so inf only where it overflows and 0 where
    a d_j is (no inf * 0 = NaN). None beyond 1023 x 1023, where the mantissas' product
    underflows.
    """
    n = a.shape[-1]
    if n > _MANTISSA_PRODUCT_EXACT_UP_TO:
        return None
    nonzero = a != 0
    if np.any(np.sum(nonzero, axis=-1) > 1) or np.any(np.sum(nonzero, axis=-2) > 1):
        return None
    zero_rows, zero_columns = ~np.any(nonzero, axis=-1), ~np.any(nonzero, axis=-2)
    free = np.argsort(~zero_columns, axis=-1, kind="stable")  # the zero columns first, in order
    rank = np.maximum(np.cumsum(zero_rows, axis=-1) - 1, 0)
    sigma = np.where(zero_rows, np.take_along_axis(free, rank, axis=-1), np.argmax(nonzero, axis=-1))
    d = np.take_along_axis(a, sigma[..., None], axis=-1)[..., 0]
    e = np.frexp(np.abs(d))[1]
    products = _ldexp(_products_of_the_others(_ldexp(d, -e)),
                      np.sum(e, axis=-1, keepdims=True, dtype=np.int64) - e)
    sign = np.round(np.linalg.det(np.eye(n)[sigma]))  # (a 0/1 permutation matrix: exactly +-1)
    cofactors = np.zeros(a.shape, dtype=np.result_type(a.dtype, 1.0))
    np.put_along_axis(cofactors, sigma[..., None], (_mat(sign) * products[..., None]), axis=-1)
    return cofactors


_MINOR_COFACTORS_UP_TO = 8  # n^2 minors of size (n-1)^2: small matrices only
_WELL_CONDITIONED = 1e8     # above this (estimated) condition number, det * inv(a)^T loses digits


def _inverse_where_it_keeps_the_digits(a, n, first_order):
    """inv(a) of a finite plain stack and, per matrix, whether det(a) inv(a)^T is accurate there.

    The inverse's rounding is about eps * kappa * max|inv| in every entry (LU, normwise), with
    kappa <= n max|a| max|inv| (within n of the 2-norm's): det * inv^T keeps 8 digits of the
    cofactors where kappa < 1e8. Up to 8 x 8, where the minors are cheap, each cofactor must
    keep them too: kappa max|inv| / |inv_ji| < 1e8 (an exact 0, or a small cofactor beside
    large ones, goes to the minors: 3.7e83 for the cofactor -2 of diag([[1e100, 1], [2,
    1e100]], 1) through the SVD). Beyond, only the matrix's kappa is asked for (a random
    100 x 100 has cofactors 1e-5 of its largest; their digits are the inverse's normwise ones).
    (None, None) where an LU pivot is exactly 0; see :func:`_keeps_the_digits` for first_order.
    """
    try:
        inv = np.linalg.inv(a)
    except np.linalg.LinAlgError:
        return None, None
    well, inv = _keeps_the_digits(a, n, inv, first_order)
    return inv, well


def _keeps_the_digits(a, n, inv, first_order, tolerance=None):
    """Per matrix of a stack, whether det(a) inv(a)^T keeps 8 digits of each cofactor (above),
    and inv; with a tolerance, whether each cofactor's estimated relative error
    (:func:`_cofactor_errors`, sharper) is below it, at every n. At first order (a plain) up to
    8 x 8, the zeros a triangular (or diagonal) a forces on its inverse are set exactly and not
    asked for: the identity and triangular matrices keep the fast path (at 8 x 8 45 us for the
    gradient, 250 through the minors). Not at higher orders: the derivative of those zeros is
    not 0."""
    size = np.abs(inv)
    if tolerance is not None:
        if first_order and not np.all(size):
            forced = (_forced_zeros_of_the_inverse(a, n) if n <= _MINOR_COFACTORS_UP_TO
                      else _structural_zeros_of_the_inverse(a, n))
            if forced is not None:
                inv, size = np.where(forced, 0, inv), np.where(forced, np.inf, size)
        return _cofactor_errors(a, n, inv, size) < tolerance, inv
    largest = np.max(size, axis=(-2, -1))
    kappa = np.max(np.abs(a), axis=(-2, -1)) * largest * n
    if n <= _MINOR_COFACTORS_UP_TO:
        smallest = np.min(size, axis=(-2, -1))
        if first_order and not np.all(smallest):  # (an exact 0 of the inverse: forced by a triangular a?)
            forced = _forced_zeros_of_the_inverse(a, n)
            if forced is not None:
                inv = np.where(forced, 0, inv)
                smallest = np.min(np.where(forced, np.inf, size), axis=(-2, -1))
        kappa = kappa * largest / smallest
    return kappa < _WELL_CONDITIONED, inv


def _forced_zeros_of_the_inverse(a, n):
    """Per matrix of a plain stack, the entries of inv(a) that a's triangular shape makes 0 (a
    lower triangular: inv's strict upper part), or None where no matrix is triangular."""
    above = _STRICT_UPPER[n]
    lower, upper = ~np.any(a[..., above], axis=-1), ~np.any(a[..., above.T], axis=-1)
    if not np.any(lower | upper):
        return None
    return (lower[..., None, None] & above) | (upper[..., None, None] & above.T)


_STRICT_UPPER = {n: np.triu(np.ones((n, n), dtype=bool), 1) for n in range(9)}  # (masks, not np.triu: 4x faster)


def _structural_zeros_of_the_inverse(a, n):
    """The entries of inv(a), one nonsingular matrix, that a's zeros make 0 whatever its other
    entries, or None where there are none: inv(a) is a polynomial in a (Cayley-Hamilton), so
    inv_ij = 0 where no path i -> j runs through a's nonzero entries (a triangular a: the other
    triangle; a block-diagonal one: off its blocks). The reachability by repeated squaring."""
    reach = (a != 0) | np.eye(n, dtype=bool)
    while True:
        counts = reach.astype(np.float64)
        wider = (counts @ counts) > 0
        if np.array_equal(wider, reach):
            return None if np.all(reach) else ~reach
        reach = wider


def _rescaled_det(a, det, n):
    """det(a) of a plain stack as 2^(kn) det(2^-k a), 2^k near |det(a)|^(1/n) (exact scalings).

    NumPy's det is exp(sum log|u_ii|), rounded by eps |log det|: 2.3e-14 in the gradient of
    3 x 3 normal matrices times 1e20, 2.7e-16 scaled (the logs of pivots near 1). One more
    det, only where some |det| is beyond 2^(+-24) (eps |log det| > 2.6e-15).
    """
    exponents = np.frexp(np.abs(det))[1]
    if np.all(np.abs(exponents) <= 24):
        return det
    k = exponents // n
    scaled = _ldexp(np.linalg.det(_ldexp(a, -_mat(k))), k * n)
    return np.where(np.isfinite(scaled) & (scaled != 0), scaled, det)


_LAPACK_LU: dict = {}  # dtype char -> (getrf, getri), or None without SciPy


def _lapack_lu(dtype):
    """SciPy's LAPACK getrf and getri for dtype, or None without SciPy (it is optional)."""
    if dtype.char not in _LAPACK_LU:
        try:
            from scipy.linalg import get_lapack_funcs
            _LAPACK_LU[dtype.char] = get_lapack_funcs(("getrf", "getri"), (np.empty(0, dtype),))
        except ImportError:
            _LAPACK_LU[dtype.char] = None
    return _LAPACK_LU[dtype.char]


def _pivots_product(lu, pivots, split=False):
    """The determinant of a getrf's factors: its pivots' product, kept as a mantissa and an
    exponent in Python floats (one rounding a factor; inf with its sign where it overflows).
    Complex pivots: their moduli so, times the product of their phases p / |p|. split: the
    pair (mantissa times sign and phase, exponent), never over- or underflowing."""
    mantissa, exponent, phase = 1.0, 0, 1.0
    for pivot in np.diagonal(lu).tolist():  # (Python floats: faster than NumPy's calls at small n)
        if isinstance(pivot, complex):
            modulus = abs(pivot)
            phase, pivot = (phase * (pivot / modulus), modulus) if modulus else (0.0, 0.0)
        m, e = math.frexp(pivot)
        mantissa, k = math.frexp(mantissa * m)
        exponent += e + k
    mantissa *= (-1.0) ** sum(p != i for i, p in enumerate(pivots.tolist()))
    if split:
        return mantissa * phase, exponent
    try:
        return math.ldexp(mantissa, exponent) * phase
    except OverflowError:  # (complex: not finite, which the callers read as overflowed)
        return math.copysign(math.inf, mantissa) * phase


def _lu_det_and_inverse(a, n):
    """det(a) and inv(a) of a float64 or complex128 2-d matrix from one LU (SciPy's LAPACK), or None.

    NumPy's det is exp(sum log|u_ii|), rounded by eps |log det| (1.2e-13 in the gradient of
    12 x 12 normal matrices times 1e20), which det(a) inv(a)^T carried into every cofactor;
    the pivots' product, kept as a product of mantissas and a sum of exponents, is rounded
    by n eps at most (5e-16 there). getrf and getri: fewer flops than numpy.linalg.inv's
    gesv on the identity. None without SciPy (NumPy's det and inv then) or at a 0 pivot.
    """
    lapack = _lapack_lu(a.dtype)
    if lapack is None:
        return None
    getrf, getri = lapack
    lu, pivots, info = getrf(a)
    if info != 0:
        return None
    det = _pivots_product(lu, pivots)
    inv, info = getri(lu, pivots, lwork=64 * n)  # (a blocked getri: its default workspace, n, is unblocked)
    return None if info != 0 else (det, inv)


_EPS = 2.0 ** -53
_ACCURATE_TO = 1e-12  # each cofactor's estimated relative error after refinement (else the minors, or refuse)


def _accepted_unrefined(n):
    """The estimated relative error of a cofactor (:func:`_cofactor_errors`) up to which one
    matrix's det(a) inv(a)^T is taken as it is; above it, refined (:func:`_refined_cofactors`,
    ~200 us more at 12 x 12): 1e-12 at 3 x 3, 2e-11 at 8 x 8, 6.8e-11 at 12, 1.1e-9 at 30,
    4.9e-9 at 50, 1e-8 from 64 x 64 on: above what random normal matrices have (their smallest
    inverse entries shrink with n, 1e-4 of the others at 100 x 100, and their estimates grow about
    as n^3: median 1e-13 at 8, 1.6e-11 at 30, 5e-10 at 100; none of 40 is refined at 3, 8 and 12,
    2.5% at 30, 50 and 100), so that they stay on the fast path (refining a 100 x 100 costs
    30-60% of the gradient). The actual errors are 1.5-10 times below the estimate. So the bound
    kept (decided in session 49, to keep random matrices off the refinement's cost): each cofactor
    of an accepted matrix is within about this threshold of its exact value, relatively, the
    matrix's smallest ones the furthest: random normal 50 x 50 matrices' worst entry 2.6e-12 to
    1.6e-10, 100 x 100 2.0e-11 to 9.5e-10 (3 seeds each, against 60-digit mpmath:
    tools/det_gradient_accuracy.py --large); slogdet's gradient the same (its inverse's entries,
    :func:`_accurate_inverse`)."""
    return min(1e-8, max(_ACCURATE_TO, 2e-11 * (n / 8) ** 3))


def _cofactor_errors(a, n, inv, size):
    """Per matrix of a stack, the largest estimated relative error of a cofactor of det(a) inv(a)^T
    (inv from an LU with partial pivoting): the inverse's rounding, first order, about eps sqrt(n)
    max|a| |inv_i.| |inv_.j| in entry ij (LU's backward error eps |a| spread over a row and a
    column of inv: within 1.5-10 of the measured error at random 100 x 100 matrices) over
    |inv_ij|, plus the det's, eps sqrt(n) max|a| |inv|_F. size is |inv|, or inf where inv is an
    exact 0 that a's zeros force (asked nothing, and 0 in the norms: as inf there too they made
    the estimate NaN, so a triangular or block-diagonal a left the fast path); called under
    np.errstate(divide="ignore")."""
    squares = size * size
    forced = np.isinf(squares) & (inv == 0)
    if np.any(forced):
        squares = np.where(forced, 0.0, squares)
    rows, columns = squares.sum(axis=-1), squares.sum(axis=-2)  # (squared norms)
    shares = columns[..., None, :] / squares
    if np.any(forced):
        shares = np.where(forced, 0.0, shares)
    worst = np.sqrt((rows * shares.max(axis=-1)).max(axis=-1))
    return (np.abs(a).max(axis=(-2, -1)) * (_EPS * math.sqrt(n))) * (worst + np.sqrt(rows.sum(axis=-1)))


def _exact_split(m, axis):
    """m = hi + lo with hi's entries, per row (axis=1) or column (axis=0), on a grid so coarse
    (at most (53 - log2 n) / 2 bits below the largest) that a product of two such over n = m's
    columns or rows sums exactly in float64, in any order (Ozaki's error-free splitting)."""
    inner = m.shape[1 - axis]
    exponents = np.frexp(np.max(np.abs(m), axis=axis, keepdims=True))[1]
    sigma = np.ldexp(1.0, exponents + math.ceil((53 + math.log2(max(inner, 1))) / 2))
    hi = (m + sigma) - sigma
    return hi, m - hi


def _residual(c, a, x):
    """c - a @ x accurately, where a @ x in float64 rounds by eps |a| |x|, as much as the residual
    of a computed inverse or LU: a and x split in three each (:func:`_exact_split`), the products
    a1 x1, a1 x2 and a2 x1 are exact and subtract exactly (c is within 2^-22 of a1 x1), the rest
    rounds by eps 2^-46 |a| |x|. Real a and x (complex ones: the real embedding). Entries of c, a
    and x of modulus up to about 2^990 (equilibrated matrices)."""
    if np.iscomplexobj(a) or np.iscomplexobj(x) or np.iscomplexobj(c):
        n = a.shape[0]
        out = _residual(np.concatenate([np.real(c), np.imag(c)]), np.block([[a.real, -a.imag], [a.imag, a.real]]),
                        np.concatenate([x.real, x.imag]))
        return out[:n] + 1j * out[n:]
    a1, rest = _exact_split(a, 1)
    a2, a3 = _exact_split(rest, 1)
    x1, rest = _exact_split(x, 0)
    x2, x3 = _exact_split(rest, 0)
    return ((c - a1 @ x1) - a1 @ x2 - a2 @ x1) - (a1 @ x3 + a2 @ rest + a3 @ x)


def _equilibrated(a):
    """a = 2^r_i b_ij 2^c_j with b's rows' and columns' largest moduli in [1/2, 1]: (b, r, c), or
    None where a scaling would round an entry (rows spanning more than 2^1022)."""
    r = np.frexp(np.max(np.abs(a), axis=1))[1]
    b = _ldexp(a, -r[:, None])
    c = np.frexp(np.max(np.abs(b), axis=0))[1]
    b = _ldexp(b, -c[None, :])
    return (b, r, c) if np.array_equal(_ldexp(b, r[:, None] + c[None, :]), a) else None


def _refined_inverse(a, n):
    """One finite float64 or complex128 matrix a = 2^r b 2^c (exact powers of 2: rows and columns
    scaled apart cost nothing) and b's LU inverse X corrected with residuals computed in extended
    precision (:func:`_residual`): X <- X + X (I - b X), whose error is inv(b) R^2 (R the
    residual, about eps kappa), and once more where that is not small enough. (b, r, c, lu,
    pivots, X, |X|, its largest |X_ik| / |X_ij| in a row, and X's normwise relative error), or None
    where b is singular to working precision or R does not shrink."""
    scaled = _equilibrated(a)
    if scaled is None:
        return None
    b, r, c = scaled
    getrf, getri = _lapack_lu(b.dtype)
    lu, pivots, info = getrf(b)
    if info != 0:
        return None
    inv, info = getri(lu, pivots, lwork=64 * n)
    if info != 0 or not np.all(np.isfinite(inv)):
        return None
    eye = np.eye(n)
    residual = _residual(eye, b, inv)
    shrink = np.max(np.sum(np.abs(residual), axis=0))  # ||R||_1, about eps kappa
    if not shrink < 0.5:
        return None
    inv = inv + inv @ residual
    size = np.abs(inv)
    kappa = n * np.max(np.abs(b)) * np.max(size)
    with np.errstate(divide="ignore"):
        spread = np.max(np.max(size, axis=1, keepdims=True) / size)  # (an entry's share of its row's largest)
    # relative to |inv|: inv(b) R^2, the product's rounding, the residual's (2^-99 |b| |inv|)
    error = shrink * shrink + n * _EPS * shrink + n * n * 2.0 ** -99 * kappa
    if spread * error > _ACCURATE_TO / 4:  # a second step: the stored inv's rounding (eps |inv|) now
        # leaves a residual of eps kappa, whose part in the new error is eps^2 kappa, not its square
        residual = _residual(eye, b, inv)
        again = np.max(np.sum(np.abs(residual), axis=0))
        inv = inv + inv @ residual
        size = np.abs(inv)
        with np.errstate(divide="ignore"):
            spread = np.max(np.max(size, axis=1, keepdims=True) / size)
        first = shrink * shrink + n * _EPS * kappa * shrink  # the first step's residual, before rounding
        error = (first * first + 2 * first * _EPS * kappa + _EPS * _EPS * kappa + n * _EPS * again
                 + n * n * 2.0 ** -99 * kappa)
    return b, r, c, lu, pivots, inv, size, spread, error


def _refined_cofactors(a, n):
    """The cofactors of one finite float64 or complex128 matrix to about 1e-12 each, or None.

    det(a) inv(a)^T keeps a small cofactor's digits only where eps kappa |inv| / |inv_ij| is
    small (1.9e-8 off at a 12 x 12 with kappa 1e7). Here the inverse of the equilibrated b is
    refined (:func:`_refined_inverse`) and det(b) = det(L U) / det(I - X[:, perm] F) with
    F = b[perm] - L U, getrf's backward error in extended precision, to n eps + |X F| R^2.
    Accepted where every cofactor's estimated relative error (those terms over |X_ij|, as in
    :func:`_cofactor_errors`) is below 1e-12; cofactors that over- or underflow round once.
    None where b is singular to working precision, R does not shrink, or the estimate is larger.
    """
    parts = _refined_inverse(a, n)
    if parts is None:
        return None
    b, r, c, lu, pivots, inv, size, spread, error = parts
    getrf = _lapack_lu(b.dtype)[0]
    eye = np.eye(n)
    perm = np.arange(n)
    for i, p in enumerate(pivots.tolist()):
        perm[i], perm[p] = perm[p], perm[i]
    backward = _residual(b[perm], np.tril(lu, -1) + eye, np.triu(lu))  # b[perm] - L U
    h = inv[:, perm] @ backward
    lu_h, pivots_h, info = getrf(eye - h)
    if info != 0:
        return None
    mantissa, exponent = _pivots_product(lu, pivots, split=True)
    mantissa_h, exponent_h = _pivots_product(lu_h, pivots_h, split=True)
    det_error = n * _EPS * (4 + n * np.max(size) * np.max(np.abs(backward))) + n * n * np.max(np.abs(h)) * error
    worst = spread * error + 2 * _EPS + det_error
    if not worst < _ACCURATE_TO:
        return None
    exponents = exponent - exponent_h + int(np.sum(r)) + int(np.sum(c)) - r[:, None] - c[None, :]
    with np.errstate(over="ignore", under="ignore"):
        return _ldexp((mantissa / mantissa_h) * inv.T, exponents)


def _inverse_entries_lose_digits(n, size, big, threshold):
    """Per matrix of a stack, whether its LU inverse (|inv| = size, finite, no 0 entry; big =
    max|a| per matrix) loses more than threshold in some entry: :func:`_cofactor_errors`'
    estimate (the same number, here with no forced zeros: 26 us at 100 x 100 where that takes
    44)."""
    squares = size * size
    rows, columns = squares.sum(axis=-1), squares.sum(axis=-2)
    worst = np.sqrt((rows / (squares * (1.0 / columns[..., None, :])).min(axis=-1)).max(axis=-1))
    return _EPS * math.sqrt(n) * big * (worst + np.sqrt(rows.sum(axis=-1))) > threshold


def _inverse_loses_digits(a, inv, n, normwise, entrywise):
    """Per matrix of a plain stack (float64 or complex128, n >= 2), whether its LU inverse inv
    loses digits: normwise (eps n max|a| max|inv| above normwise), in its small entries (det's
    per-entry estimate above entrywise, asked only past a cheaper bound), or where it holds an
    exact 0 of a finite a that a's zeros do not force (:func:`_structural_zeros_of_the_inverse`)."""
    size = np.abs(inv)
    if a.ndim == 2:  # (one matrix: Python floats, 25 us less at 3 x 3)
        big, large, small = float(abs(a).max()), float(size.max()), float(size.min())
        with np.errstate(over="ignore"):
            if n * _EPS * big * large > normwise:
                return True
            if small > 0:
                return (2 * n * math.sqrt(n) * _EPS * big * large * large > entrywise * small
                        and bool(_inverse_entries_lose_digits(n, size, big, entrywise)))
        return small == 0 and math.isfinite(big) and not _zeros_forced(a, n, inv == 0)
    big, large, small = np.max(np.abs(a), axis=(-2, -1)), np.max(size, axis=(-2, -1)), np.min(size, axis=(-2, -1))
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        lose = n * _EPS * big * large > normwise  # (NaN: as before)
        # each entry: the per-entry estimate (det's, :func:`_cofactor_errors`) is at most 2 eps n^1.5
        # max|a| max|inv|^2 / min|inv|; where that bound passes (a well-conditioned matrix with small
        # inverse entries: a perturbed Wilkinson growth matrix, kappa 3..18, was 2.7e-7 off), the
        # estimate decides (random normal matrices stay on the fast path). (No division: no overflow)
        bound = ~lose & (small > 0) & (2 * n * math.sqrt(n) * _EPS * big * large * large > entrywise * small)
        if np.any(bound):  # (on those matrices only: 1 ms less over 1000 3 x 3)
            lose = np.array(lose)
            lose[bound] = _inverse_entries_lose_digits(n, size[bound], big[bound], entrywise)
    zero = ~lose & (small == 0) & np.all(np.isfinite(a), axis=(-2, -1))
    if np.any(zero):  # (a 0 of the inverse: forced by a's zeros, or a small entry rounded to 0?)
        flat_a, flat_inv = a.reshape((-1, n, n)), inv.reshape((-1, n, n))
        zero = zero.reshape(-1)
        for k in np.flatnonzero(zero):
            zero[k] = not _zeros_forced(flat_a[k], n, flat_inv[k] == 0)
        lose = lose | zero.reshape(a.shape[:-2])
    return lose


def _zeros_forced(a, n, zeros):
    """Whether the zeros of one matrix's computed inverse are those a's zeros force."""
    if n <= _MINOR_COFACTORS_UP_TO:  # (a triangular or diagonal a first: two reads, 10 us less than the reach)
        above, below = _TRIANGLES[n]
        flat = a.reshape(-1)
        lower, upper = not flat[above].any(), not flat[below].any()
        if lower or upper:
            forced = _STRICT_UPPER[n] if not upper else _STRICT_UPPER[n].T if not lower else ~np.eye(n, dtype=bool)
            if (forced == zeros).all():
                return True
    forced = _structural_zeros_of_the_inverse(a, n)
    return forced is not None and np.array_equal(forced, zeros)


_TRIANGLES = {n: (np.flatnonzero(m), np.flatnonzero(m.T)) for n, m in _STRICT_UPPER.items()}


def _accurate_inverse(a):
    """inv(a) of a plain matrix (or stack), each entry to about 1e-12 (float64 and complex128).

    Where NumPy's LU inverse of a matrix loses digits (:func:`_inverse_loses_digits`: normwise
    above 1e-11, per entry above det's threshold :func:`_accepted_unrefined`, or an exact 0 that
    a's zeros do not force), it is refined (:func:`_refined_inverse`), else computed exactly and
    rounded once (:func:`_exact_inverse`: up to 8 x 8 at any cost, beyond where it costs less than
    about 50 ms), else refused (LinAlgError), as at an exactly singular matrix. slogdet's gradient
    was 1.1e-8 off at a 12 x 12 with kappa 1e7, 3.8e-6 at 8 x 8 with 1e10, 2.7e-7 at a perturbed
    Wilkinson growth matrix (40 x 40, kappa 18), 4.6e-3 at 12 x 12 with kappa 1e12 and O(1) at
    1e16; now 1e-16. Each matrix of a stack so. Left: entries whose estimate is under det's
    threshold (up to 1e-8 at 100 x 100, as det's); float32 and longdouble (NumPy's inverse);
    matrices whose inverse has exact zeros beyond the exact path's cost (NumPy's inverse)."""
    inv = np.linalg.inv(a)
    n = a.shape[-1]
    if n < 2 or a.dtype.char not in "dD":
        return inv
    lose = _inverse_loses_digits(a, inv, n, 1e-11, _accepted_unrefined(n))
    if not np.any(lose):
        return inv
    flat_a, flat = a.reshape((-1, n, n)), np.array(inv).reshape((-1, n, n))
    for k in np.flatnonzero(np.broadcast_to(lose, a.shape[:-2]).reshape(-1)):
        flat[k] = _accurate_matrix_inverse(flat_a[k], n, flat[k])
    return flat.reshape(a.shape)


def _accurate_matrix_inverse(a, n, inv):
    """One matrix's inverse where its LU inverse inv loses digits: refined, exact, or refused (above)."""
    if not np.all(np.isfinite(a)):
        return inv
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        parts = None
        if _lapack_lu(a.dtype) is not None and np.all(np.isfinite(inv)) and np.all(inv):
            parts = _refined_inverse(a, n)
    if parts is not None:
        _, r, c, _, _, refined, _, spread, error = parts
        if spread * error + 2 * _EPS < _ACCURATE_TO:
            with np.errstate(over="ignore", under="ignore"):
                return _ldexp(refined, -c[:, None] - r[None, :])
    exact = _exact_inverse(a, n)
    if exact is None:
        if not np.all(inv):  # (zeros beyond the exact path's reach: NumPy's, as before)
            return inv
        _refuse_inaccurate_inverse(n, "that is ill-conditioned or nearly singular")
    return exact


def _exact_inverse(a, n):
    """inv(a) of one finite float or complex matrix (a 2-d ndarray), each entry exact and then
    rounded once (to float64 or complex128), or None where its cost is estimated above ~50 ms
    beyond 8 x 8 (:data:`_EXACT_COST_LIMIT`, as det's exact path); raises LinAlgError where a is
    exactly singular. a = 2^r B 2^c (:func:`_integer_matrix`), inv(a)_ij = 2^(-c_i - r_j)
    adj(B)_ij / det(B), a ratio of Python ints (Gaussian ones: times conj(det(B))) rounded once."""
    b, r, c, complex_ = _integer_matrix(a.tolist(), n)
    if n > _MINOR_COFACTORS_UP_TO and _exact_cost(b, n, complex_) > _EXACT_COST_LIMIT:
        return None
    one, zero = (_GaussianInteger(1), _GaussianInteger(0)) if complex_ else (1, 0)
    found = _exact_adjugate(b, one, zero)
    if found is None:
        raise np.linalg.LinAlgError(
            f"the derivative of log|det(a)| (numpy.linalg.slogdet) at a {n}x{n} matrix that is exactly "
            "singular (its floats' exact determinant is 0; NumPy's slogdet gives a finite logabsdet from "
            "its rounded LU): log|det| is -inf there and has no derivative")
    det, adj = found
    if complex_:  # (1 / det = conj(det) / |det|^2)
        norm = det.re * det.re + det.im * det.im
        adj = [[x * _GaussianInteger(det.re, -det.im) for x in row] for row in adj]
    out = np.empty((n, n), dtype=np.complex128 if complex_ else np.float64)
    for i in range(n):
        for j in range(n):
            e = -c[i] - r[j]
            if complex_:
                out[i, j] = complex(_round_ratio(adj[i][j].re, norm, e), _round_ratio(adj[i][j].im, norm, e))
            else:
                out[i, j] = _round_ratio(adj[i][j], det, e)
    return out


def _round_ratio(p, q, e):
    """p 2^e / q (Python ints, q != 0) rounded once to a float (inf with its sign where it overflows)."""
    if q < 0:
        p, q = -p, -q
    try:
        return (p << e) / q if e >= 0 else p / (q << -e)
    except OverflowError:
        return math.inf if p > 0 else -math.inf


# slogdet at second and higher orders differentiates NumPy's inverse: refused where it keeps
# fewer than about 8 digits (its first derivative is then refined or exact; the second is not)
_SECOND_ORDER_KEEPS = 1e-8


def _refuse_inaccurate_inverse(n, why):
    raise np.linalg.LinAlgError(
        f"the derivative of log|det(a)| (numpy.linalg.slogdet) at a {n}x{n} matrix {why}: its "
        "inverse, the derivative, would keep no reliable digits in some entries (neither refined in "
        "extended precision nor computed exactly in integers, which costs more than about 50 ms "
        f"beyond {_MINOR_COFACTORS_UP_TO}x{_MINOR_COFACTORS_UP_TO}). Where the matrix is only badly "
        "scaled, log|det(a)| = log|det(d1)| + log|det(b)| + log|det(d2)| with a = d1 b d2, d1 and d2 "
        "diagonal, b well-conditioned")


def _ldexp(x, e):
    """x * 2^e, exactly (one rounding where it under- or overflows); complex x part by part."""
    if np.iscomplexobj(x):
        return np.ldexp(x.real, e) + 1j * np.ldexp(x.imag, e)
    return np.ldexp(x, e)


def _large_cofactors(a, n, inv, well):
    """The cofactors of a stack of plain matrices beyond 8 x 8 where det(a) inv(a)^T is not finite.

    A well-conditioned matrix whose det over- or underflowed: 2^(kn) det(2^-k a) inv(a)^T,
    2^k near |det|^(1/n) (exact scalings; summed in logs instead, exp(log|det| + log|inv|),
    rounded by eps (|log det| + |log inv|): 2.8e-14 for 2^-90 (I + 11^T / 2), 12 x 12, 5e-16
    now); a permuted diagonal one (the zero matrix too): its products of singular values
    exactly; anything else is refused. Its cofactors would be the SVD's
    U diag(prod_{j != i} s_j) V^T, which keeps no digit of a small cofactor beside large ones
    (3.7e83 for -2 beside 1e100 and 1e200, or NaN beside one that overflows), or the inverse's,
    which keeps none at a kappa of 1e16.
    """
    well = np.zeros(a.shape[:-2], dtype=bool) if well is None else well
    cofactors = np.zeros(a.shape, dtype=np.result_type(a.dtype, 1.0))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        if np.any(well):
            k = np.round(np.linalg.slogdet(a[well])[1] / (n * np.log(2))).astype(np.int64)
            scaled = np.linalg.det(_ldexp(a[well], -_mat(k)))
            cofactors[well] = _ldexp(_mat(scaled) * _T(inv[well]), _mat(k * n))
        if not np.all(well):
            finite = bool(np.all(np.isfinite(a)))
            diagonal = _permuted_diagonal_cofactors(a[~well]) if finite else None
            if (diagonal is None or np.any(np.isnan(diagonal))) and finite and a.dtype.char in _EXACT_DTYPES:
                diagonal = np.zeros(a[~well].shape, dtype=cofactors.dtype)  # (exactly, where affordable)
                if np.any(_exact_stack_cofactors(a[~well], n, diagonal, True)):
                    diagonal = None
            if diagonal is None or np.any(np.isnan(diagonal)):
                raise NoGradientRule(
                    f"the derivative of numpy.linalg.det at a singular or ill-conditioned {n}x{n} "
                    f"matrix (estimated condition number >= {_WELL_CONDITIONED:g}, or not finite): beyond "
                    f"{_MINOR_COFACTORS_UP_TO}x{_MINOR_COFACTORS_UP_TO} the cofactors are det(a) inv(a)^T "
                    "where a is well-conditioned, and exact at permuted diagonal matrices up to "
                    f"{_MANTISSA_PRODUCT_EXACT_UP_TO}x{_MANTISSA_PRODUCT_EXACT_UP_TO}, only; at an "
                    "ill-conditioned matrix neither the inverse nor the SVD keeps the digits of a small "
                    "cofactor beside large ones; exactly (in integers) where that costs less than about "
                    "50 ms (entries of few bits each). Where the matrix is only badly scaled, "
                    "det(a) = det(d1) det(b) det(d2) with a = d1 b d2, d1 and d2 diagonal, b well-conditioned")
            cofactors[~well] = diagonal
    return cofactors


def _nan_cofactors(a, det, n):
    """The cofactors of a stack of plain matrices beyond 8 x 8 some of which hold a NaN.

    det is a polynomial and C_ij, the determinant of the minor ij, reads neither row i nor
    column j: finite where every NaN lies in row i or column j (at most 2n - 1 entries, one
    NumPy det of a minor each), NaN elsewhere, as the minors give up to 8 x 8 (and the 2 x 2
    rule's [[d, -c], [-b, a]]); inv's and slogdet's rules give NaN throughout there for the same
    reason (their derivatives read inv(a)). The other matrices of the stack take
    :func:`_cofactors`.
    """
    nan = np.isnan(a)
    some = np.any(nan, axis=(-2, -1))
    out = np.full(a.shape, np.nan, dtype=np.result_type(a.dtype, 1.0))
    if not np.all(some):
        out[~some] = _cofactors(a[~some], det[~some])
    sub, nan = a[some], nan[some]
    free = (np.sum(nan, axis=(-2, -1), keepdims=True) - np.sum(nan, axis=-1, keepdims=True)
            - np.sum(nan, axis=-2, keepdims=True) + nan) == 0
    cofactors = np.full(sub.shape, np.nan, dtype=out.dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        for k, i, j in zip(*np.nonzero(free)):
            minor = np.delete(np.delete(sub[k], i, axis=0), j, axis=1)
            cofactors[k, i, j] = (-1.0) ** (i + j) * np.linalg.det(minor)
    out[some] = cofactors
    return out


class _GaussianInteger:
    """re + im i with Python int parts: exact sums and products, and exact quotients where the
    division is (Bareiss' are)."""
    __slots__ = ("re", "im")

    def __init__(self, re, im=0):
        self.re, self.im = re, im

    def __mul__(self, other):
        return _GaussianInteger(self.re * other.re - self.im * other.im, self.re * other.im + self.im * other.re)

    def __sub__(self, other):
        return _GaussianInteger(self.re - other.re, self.im - other.im)

    def __neg__(self):
        return _GaussianInteger(-self.re, -self.im)

    def __floordiv__(self, other):  # (exact: other divides self)
        norm = other.re * other.re + other.im * other.im
        return _GaussianInteger((self.re * other.re + self.im * other.im) // norm,
                                (self.im * other.re - self.re * other.im) // norm)

    def __bool__(self):
        return bool(self.re or self.im)


def _dyadic(x):
    """x (a Python float) as (odd or 0 int m, k) with x = m 2^k exactly."""
    if x == 0:
        return 0, 0
    num, den = x.as_integer_ratio()
    if den != 1:
        return num, 1 - den.bit_length()
    k = (num & -num).bit_length() - 1
    return num >> k, k


def _integer_matrix(a, n):
    """a (one finite float or complex matrix) = 2^r B 2^c, B of Python ints (or Gaussian integers)."""
    complex_ = isinstance(a[0][0], complex)
    parts = []
    for row in a:
        out = []
        for x in row:
            if complex_:
                (p, k), (q, l) = _dyadic(x.real), _dyadic(x.imag)
                k, l = (l if p == 0 else k), (k if q == 0 else l)  # (a zero part takes the other's exponent)
                e = min(k, l)
                out.append(((p << (k - e), q << (l - e)), e, bool(p or q)))
            else:
                m, e = _dyadic(x)
                out.append((m, e, m != 0))
        parts.append(out)
    r = [min((e for _, e, nz in row if nz), default=0) for row in parts]
    c = [min((parts[i][j][1] - r[i] for i in range(n) if parts[i][j][2]), default=0) for j in range(n)]
    b = []
    for i in range(n):
        row = []
        for j in range(n):
            m, e, nz = parts[i][j]
            s = e - r[i] - c[j] if nz else 0
            if complex_:
                row.append(_GaussianInteger(m[0] << s, m[1] << s))
            else:
                row.append(m << s)
        b.append(row)
    return b, r, c, complex_


def _bareiss_step(m, k, prev, below_only):
    """One step of fraction-free (Bareiss) elimination of m (lists, in place) at column k: a pivot
    row swapped up, the other rows (those below only, or all: Gauss-Jordan) made
    (pivot row_i - m_ik row_k) / prev, every division exact. (pivot, swapped), or None where
    column k holds no pivot from row k on (m singular)."""
    n = len(m)
    p = next((i for i in range(k, n) if m[i][k]), None)
    if p is None:
        return None
    m[k], m[p] = m[p], m[k]
    pivot, row_k = m[k][k], m[k]
    for i in range(k + 1 if below_only else 0, n):
        if i == k:
            continue
        mik, row = m[i][k], m[i]
        if prev is None:
            m[i] = [pivot * x - mik * y for x, y in zip(row, row_k)]
        else:
            m[i] = [(pivot * x - mik * y) // prev for x, y in zip(row, row_k)]
    return pivot, p != k


def _bareiss_det(m):
    """det(m) of a square matrix of Python ints or Gaussian integers, exactly (Bareiss: fraction-free
    elimination, each division exact); 0 where m is singular."""
    m = [row[:] for row in m]
    prev, sign = None, 1
    for k in range(len(m)):
        step = _bareiss_step(m, k, prev, True)
        if step is None:
            return m[0][0] - m[0][0]
        prev, sign = step[0], -sign if step[1] else sign
    return prev if sign > 0 else -prev


def _exact_adjugate(b, one, zero):
    """(det(b), adj(b)) of a nonsingular square matrix of Python ints or Gaussian integers, by
    fraction-free Gauss-Jordan on [b | I] (every division exact: each entry is a minor), or None
    where b is singular."""
    n = len(b)
    m = [row[:] + [one if i == j else zero for j in range(n)] for i, row in enumerate(b)]
    prev, sign = None, 1
    for k in range(n):
        step = _bareiss_step(m, k, prev, False)
        if step is None:
            return None
        prev, sign = step[0], -sign if step[1] else sign
    adj = [row[n:] for row in m] if sign > 0 else [[-x for x in row[n:]] for row in m]
    return (prev if sign > 0 else -prev), adj


def _round_dyadic(m, e):
    """m 2^e (m a Python int) rounded once to a float (inf with its sign where it overflows)."""
    try:
        return float(m << e) if e >= 0 else m / (1 << -e)
    except OverflowError:
        return math.inf if m > 0 else -math.inf



# The exact path's cost grows as n^3 times the product of its integers' sizes (Bareiss: bit
# lengths up to n L); measured 1.4-1.8e-5 ms a unit of n^3 (n L / 64)^1.6 (real; complex counted
# 4x, measured 2-3x): 3e6 units ~ 50 ms. Up to 8 x 8 taken at any size (58 ms at the worst,
# entries spanning 1e-300..1e300), since it replaces the minors there.
_EXACT_COST_LIMIT = 3e6
_EXACT_DTYPES = "efdFD"  # (not longdouble: tolist() rounds it to float)


def _exact_cost(b, n, complex_):
    """The exact path's estimated cost for the integer matrix b (units of :data:`_EXACT_COST_LIMIT`)."""
    size = max(x.re.bit_length() + x.im.bit_length() if complex_ else x.bit_length() for row in b for x in row)
    return _exact_cost_of_size(size, n, complex_)


def _exact_cost_of_size(size, n, complex_):
    """:func:`_exact_cost` of an n x n integer matrix whose largest entry has size bits."""
    return n ** 3 * (n * size / 64) ** 1.6 * (4 if complex_ else 1)


def _exact_cofactors(a, n, anywhere=False):
    """The cofactors of one finite float or complex matrix (a 2-d ndarray), each exact and then
    rounded once (to 1/2 ulp of float64, or of float32 through float64), or None.

    The cofactors are polynomials in the entries, and every float is a dyadic rational:
    a = 2^r B 2^c exactly (powers of 2 per row and column, B of Python ints, or Gaussian
    integers), adj(B) by fraction-free Gauss-Jordan (:func:`_exact_adjugate`), and
    C_ij(a) = 2^(sum r + sum c - r_i - c_j) adj(B)_ji. None where B is singular beyond 8 x 8
    (up to 8 x 8 each cofactor is then its minor's exact determinant, :func:`_bareiss_det`),
    or, unless anywhere, where its cost is estimated above ~50 ms (:data:`_EXACT_COST_LIMIT`).
    """
    if not anywhere and _exact_cost_of_size(1, n, False) > _EXACT_COST_LIMIT and np.any(a):
        return None  # (too dear at entries of one bit: beyond ~110 x 110, decided before converting them)
    b, r, c, complex_ = _integer_matrix(a.tolist(), n)
    if not anywhere and _exact_cost(b, n, complex_) > _EXACT_COST_LIMIT:
        return None
    one, zero = (_GaussianInteger(1), _GaussianInteger(0)) if complex_ else (1, 0)
    found = _exact_adjugate(b, one, zero)
    if found is None:
        if n > _MINOR_COFACTORS_UP_TO:
            return None
        keep = [[k for k in range(n) if k != i] for i in range(n)]
        adj = [[_bareiss_det([[b[p][q] for q in keep[i]] for p in keep[j]]) for j in range(n)] for i in range(n)]
        adj = [[x if (i + j) % 2 == 0 else -x for j, x in enumerate(row)] for i, row in enumerate(adj)]
    else:
        adj = found[1]
    total = sum(r) + sum(c)
    out = np.empty((n, n), dtype=np.complex128 if complex_ else np.float64)
    for i in range(n):
        for j in range(n):
            x, e = adj[j][i], total - r[i] - c[j]
            out[i, j] = complex(_round_dyadic(x.re, e), _round_dyadic(x.im, e)) if complex_ else _round_dyadic(x, e)
    return out.astype(np.result_type(a.dtype, 1.0))


# The last 4 stacks' exact cofactors: a second derivative pulls back through the same stack of
# minors once per entry (jacfwd(jacrev) of an 8 x 8: 64 times; and its forward passes take the
# matrix's own), each exact pass up to 28 ms a minor (hessian of an 8 x 8 with entries spanning
# 1e-300..1e300: 114 s uncached). Read and replaced whole (safe between threads, which at worst
# compute an entry twice).
_EXACT_KEPT: dict = {}


_ROLL = np.array([1, 2, 0]), np.array([2, 0, 1])  # (i + 1) % 3, (i + 2) % 3


def _exact_3x3_cofactors(a):
    """The cofactors of a stack of real float64 3 x 3 matrices (k, 3, 3), each exact and rounded
    once, as :func:`_exact_cofactors` gives them, and the mask of the matrices this reached.

    C_ij = x y - z w with x = a[i+1, j+1], y = a[i+2, j+2], z = a[i+1, j+2], w = a[i+2, j+1]
    (indices mod 3: the cyclic form carries the sign). Each entry is split into two halves of at
    most 26 bits (Veltkamp: exact), so that x y and z w are sums of four exact products each, and
    math.fsum rounds the eight once, correctly. Exact where every nonzero entry lies within
    2^(+-450) (no split overflows, no product leaves the normal range); the others are left to
    the integer path. The Python loop is fsum's only: 14 ms per 1000 matrices where the integer
    path (Bareiss in Python ints, one matrix at a time) took ~330 ms."""
    magnitude = np.abs(a)
    exponents = np.frexp(magnitude)[1]
    fast = np.all((magnitude == 0) | ((exponents > -450) & (exponents < 450)), axis=(-2, -1))
    b = np.where(fast[:, None, None], a, 0.0)
    t = b * 134217729.0  # 2^27 + 1
    hi = t - (t - b)
    lo = b - hi
    i1, i2 = _ROLL[0][:, None], _ROLL[1][:, None]
    j1, j2 = _ROLL[0][None, :], _ROLL[1][None, :]
    terms = []
    for sign, (r, c), (q, d) in ((1.0, (i1, j1), (i2, j2)), (-1.0, (i1, j2), (i2, j1))):
        for x in (hi, lo):
            for y in (hi, lo):
                terms.append(sign * x[:, r, c] * y[:, q, d])
    sums = [math.fsum(row) for row in np.stack(terms, axis=-1).reshape(-1, 8).tolist()]
    return np.array(sums).reshape(a.shape), fast


def _exact_stack_cofactors(plain, n, cofactors, which):
    """cofactors with the matrices of a plain stack that which picks replaced by their exact ones
    (:func:`_exact_cofactors`, at any cost up to 8 x 8), where these can be computed; returns
    the mask of those that could not."""
    global _EXACT_KEPT
    which = np.broadcast_to(which, plain.shape[:-2])
    key = (plain.dtype.str, plain.shape, plain.tobytes(), which.tobytes())
    kept = _EXACT_KEPT
    exact, left = kept.get(key, (None, None))
    if exact is None:
        exact = np.zeros(plain.shape, dtype=cofactors.dtype)
        flat, out = plain.reshape((-1, n, n)), exact.reshape((-1, n, n))
        left = np.zeros(len(flat), dtype=bool)
        picked = np.flatnonzero(which.reshape(-1))
        if n == 3 and plain.dtype.char == "d" and len(picked) > 1:  # (a stack: at once, 25x faster)
            found, fast = _exact_3x3_cofactors(flat[picked])
            out[picked[fast]] = found[fast]
            picked = picked[~fast]
        for k in picked:
            found = _exact_cofactors(flat[k], n, anywhere=n <= _MINOR_COFACTORS_UP_TO)
            if found is None:
                left[k] = True
            else:
                out[k] = found
        left = left.reshape(plain.shape[:-2])
        _EXACT_KEPT = dict(list(kept.items())[-3:] + [(key, (exact, left))])
    done = which & ~left
    cofactors[done] = exact[done]
    return left


def _cofactors(a, det):
    """d det(a) / da for a stack of matrices: its cofactor matrices.

    det(a) inv(a)^T where that keeps their digits (:func:`_inverse_where_it_keeps_the_digits`),
    det(a) not NumPy's (an exp of a log) but its LU's pivots' product for one float64 or
    complex128 matrix (:func:`_lu_det_and_inverse`), or rescaled by a power of 2 up to 8 x 8
    (:func:`_rescaled_det`). One such matrix (at first order) is taken so only where each
    cofactor's estimated error is small (:func:`_accepted_unrefined`), else equilibrated and
    refined in extended precision (:func:`_refined_cofactors`), and at second order it then takes
    the minors or is refused. Else the minors' determinants up to 8 x 8 (at singular and
    ill-conditioned matrices, and where the det or a cofactor overflows), beyond that
    :func:`_large_cofactors`.
    """
    plain, plain_det = plain_value(a), plain_value(det)
    n = plain.shape[-1]
    if n == 1:  # (exactly 1: det * inv^T took the rounding of NumPy's det, 2.6e-14 at [[4e200]])
        return np.ones(plain.shape, dtype=np.result_type(plain.dtype, 1.0))
    if n == 2:  # (exactly [[d, -c], [-b, a]]: det * inv^T took that rounding too, 2.2e-14 at [[2e150, 1e150], [1e150, 3e150]])
        return _minor_cofactors(a)
    inv = well = None
    finite = bool(np.all(np.isfinite(plain)))
    if n and finite:
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            # one float64 or complex128 matrix: det from its LU's pivots
            factored = (_lu_det_and_inverse(plain, n) if plain is a and plain.ndim == 2
                        and plain.dtype.char in "dD" else None)
            if factored is not None:
                lu_det, inv = factored
                well, inv = _keeps_the_digits(plain, n, inv, True, _accepted_unrefined(n))
                if well and np.isfinite(lu_det) and lu_det != 0:
                    return lu_det * _T(inv)
                # (an exact 0 of the inverse stays one: no relative accuracy to refine, 1100 x 1100 2 s)
                refined = _refined_cofactors(plain, n) if np.all(inv) else None
                if refined is not None:
                    return refined
            else:
                inv, well = _inverse_where_it_keeps_the_digits(plain, n, plain is a)
                if well is not None and plain is not a and plain.ndim == 2 and _lapack_lu(plain.dtype) is not None:
                    # one matrix at second order: where its first derivative is refined, so is the
                    # tangent of its det (_jvp_det), and det * inv^T, unrefined, no longer matches it
                    # (3.9e-9 off at 12 x 12 with kappa 1e7, 2.8e-12 where the exact value is 0)
                    well = well & (_cofactor_errors(plain, n, inv, np.abs(inv)) < _accepted_unrefined(n))
                # (a det that over- or underflowed: det * inv^T is inf, NaN or 0 where the cofactor is not)
                if well is not None and np.all(well & np.isfinite(plain_det) & (plain_det != 0)):
                    if plain is a and n <= _MINOR_COFACTORS_UP_TO:
                        return _mat(_rescaled_det(plain, plain_det, n)) * _T(inv)
                    return _mat(det) * _T(inv if plain is a else np.linalg.inv(a))
    if n <= _MINOR_COFACTORS_UP_TO:
        exactly = plain is a and finite and plain.dtype.char in _EXACT_DTYPES
        if exactly and plain.ndim == 2:  # (the minors are as ill-conditioned as a: 8.5e-5 off at 8 x 8, kappa 1e12)
            cofactors = np.zeros((1,) + plain.shape, dtype=np.result_type(plain.dtype, 1.0))
            _exact_stack_cofactors(plain[None], n, cofactors, True)  # (never left: up to 8 x 8)
            return cofactors[0]
        cofactors = _minor_cofactors(a)
        if exactly:  # (a stack: its matrices det * inv^T would not keep, exactly)
            cofactors = np.array(cofactors)
            _exact_stack_cofactors(plain, n, cofactors, True if well is None else ~well)
            return cofactors
        if finite and np.any(np.isnan(plain_value(cofactors))):  # (an LU's growth overflowed)
            raise NoGradientRule(f"the derivative of numpy.linalg.det at a finite {n}x{n} matrix whose "
                                 "minors' determinants are NaN (their elimination overflowed)")
        return cofactors
    if plain is a and not finite and np.any(np.isnan(plain)):
        return _nan_cofactors(plain, np.asarray(plain_det), n)
    if plain is a:
        return _large_cofactors(plain, n, inv, well)
    raise NoGradientRule(
        f"the second derivative of numpy.linalg.det at a singular or ill-conditioned {n}x{n} "
        "matrix, or one whose determinant overflows, or where det(a) inv(a)^T keeps a cofactor to "
        f"an estimated relative error above {_accepted_unrefined(n):.2g} (its first derivative is then "
        "refined in extended precision), "
        f"is provided for matrices up to {_MINOR_COFACTORS_UP_TO}x{_MINOR_COFACTORS_UP_TO} "
        "only (through the determinants of their minors)")


defvjp(np.linalg.det, lambda ans, a: lambda g: _mat(g) * _cofactors(a, ans))


def _vjp_slogdet(ans, a):
    # d log|det a| = Re(tr(inv(a) da)), so its cotangent is g * inv(a)^T. The sign of a
    # real matrix is piecewise constant and gets no gradient; that of a complex matrix is
    # exp(i theta) with d theta = Im(tr(inv(a) da)), so d sign = i sign d theta and its
    # cotangent gs contributes Re(i gs sign) * -1j * inv(a)^T.
    complex_sign = is_complex(a)
    # (NumPy's inv of a matrix with a NaN keeps some entries finite, where log|det| is NaN; with
    # an inf it is the limit's where finite (diag(inf, 1): diag(0, 1)), else its NaN entries were
    # 0 * NaN in forward mode only: log|det [[2, inf], [1, 3]]| had [[nan, 0], [nan, 0]] reverse)
    spoilt = _nan_where_not_finite(a, nan_only=True, inverse_too=True)
    inverse = []  # (a plain a's, refined where it loses digits, computed once: jacrev pulls back n^2 times)

    def transposed_inverse():
        plain = plain_value(a)
        if plain is not a:  # (higher orders: differentiable NumPy, where its inverse keeps 8 digits)
            inv = np.linalg.inv(a)
            n = plain.shape[-1]
            if n >= 2 and plain.dtype.char in "dD" and np.any(
                    _inverse_loses_digits(plain, plain_value(inv), n, _SECOND_ORDER_KEEPS, _SECOND_ORDER_KEEPS)):
                _refuse_inaccurate_inverse(n, "that is ill-conditioned or nearly singular (at second and higher "
                                           f"orders: where the LU inverse's estimated error is above "
                                           f"{_SECOND_ORDER_KEEPS:g})")
            return _T(inv)
        if not inverse:
            inverse.append(_T(_accurate_inverse(a)))
        return inverse[0]

    def pullback(g):
        g_log, g_sign = _part(g, 1, "logabsdet"), _part(g, 0, "sign") if complex_sign else None
        if g_log is None and g_sign is None:
            return np.zeros(shape_of(a), dtype=np.result_type(a))
        weight = 0.0 if g_log is None else g_log
        if g_sign is not None:
            weight = weight - 1j * np.real(1j * g_sign * ans[0])
        out = _mat(weight) * transposed_inverse()
        return out if spoilt is None else out * spoilt
    return pullback


defvjp(np.linalg.slogdet, _vjp_slogdet)


#: NumPy 2 reads b as a vector (broadcast against a stack of matrices) only if it is 1-d;
#: NumPy 1 read it as a stack of vectors whenever it had one axis fewer than a.
_NUMPY_2 = np.lib.NumpyVersion(np.__version__) >= "2.0.0"


def _solve_is_vector(a, b):
    return np.ndim(b) == 1 if _NUMPY_2 else np.ndim(b) == np.ndim(a) - 1


def _solve_transposed(a, b, g):
    """solve(a^T, g) with g shaped like solve(a, b), and b's right-hand-side convention."""
    if not _solve_is_vector(a, b):
        return np.linalg.solve(_T(a), g)
    if np.ndim(a) == 2:
        return np.linalg.solve(_T(a), g)
    return np.linalg.solve(_T(a), np.expand_dims(g, -1))[..., 0]


def _solve_spoilt(a, b):
    """NaN for the matrices of ``a`` holding an inf or NaN, shaped for ``solve(a, b)``'s result
    (``None`` where all are finite; internal). LAPACK's LU pivots on them as on numbers: at
    [[nan, 1], [2, 3]] the solution is [nan, 0] where every entry is NaN, at [[2, inf], [1, 3]]
    [nan, -0] (the limit is [2, 0]), and the reverse rule (an LU of a^T, pivoted otherwise)
    and the forward one (of a) made different finite numbers of it: NaN for that matrix."""
    spoilt = _nan_where_not_finite(a)
    return spoilt[..., 0] if spoilt is not None and _solve_is_vector(a, b) else spoilt


def _vjp_solve_a(ans, a, b):
    shape = shape_of(a)
    spoilt = _solve_spoilt(a, b)

    def pullback(g):
        gb = _solve_transposed(a, b, g)
        gb = gb if spoilt is None else gb * spoilt
        if _solve_is_vector(a, b):
            if np.ndim(a) == 2:
                return -np.outer(gb, ans)
            return unbroadcast(-(gb[..., :, None] * ans[..., None, :]), shape)
        return unbroadcast(-(gb @ _T(ans)), shape)
    return pullback


def _vjp_solve_b(ans, a, b):
    shape = shape_of(b)
    spoilt = _solve_spoilt(a, b)
    if spoilt is None:
        return lambda g: unbroadcast(_solve_transposed(a, b, g), shape)
    return lambda g: unbroadcast(_solve_transposed(a, b, g) * spoilt, shape)


defvjp(np.linalg.solve, _vjp_solve_a, _vjp_solve_b)


# -- np.linalg: decompositions ---------------------------------------------------------------
# cholesky and eigh read one triangle of their input only (the lower one by default), so
# their exact gradient is zero on the other triangle (see _fold). The results of eigh, qr
# and svd are named tuples; their cotangent holds only the parts the caller reached.

def _vjp_cholesky(ans, a, upper=False):
    # Iain Murray, "Differentiation of the Cholesky decomposition" (2016): with
    # phi(X) = tril(X) with its diagonal halved, the gradient with respect to the symmetric
    # matrix is sym(L^-T phi(L^T Lbar) L^-1). For a Hermitian matrix A = L L^H (L's
    # diagonal real), dL = L phi(L^-1 dA L^-H), and under the transpose convention the
    # cotangent of A is L^-T phi(L^T Lbar) conj(L^-1), folded onto the triangle read (_fold:
    # an off-diagonal entry stands for itself and its conjugate, the diagonal's real part
    # only). The upper factor is U = L^H, whose cotangent is Lbar^H. At a matrix with an inf or
    # NaN in the triangle read, NaN (the reverse sweep's solves with L's inf made NaN where
    # forward mode's made 0: [[inf, 1], [1, 3]])
    spoilt = _nan_where_not_finite(a, "U" if upper else "L")

    def pullback(g):
        if is_traced(a) or is_traced(ans):
            _refuse_nearly_singular_second("numpy.linalg.cholesky", np.abs(np.diagonal(
                plain_value(ans), 0, -2, -1)) ** 2, "the squared diagonal of the factor")
        low, g_low = (_H(ans), _H(g)) if upper else (ans, g)
        n = shape_of(low)[-1]
        phi = (_T(low) @ g_low) * (np.tril(np.ones((n, n))) - 0.5 * np.eye(n))
        s = np.linalg.solve(_T(low), _T(np.linalg.solve(_H(low), _T(phi))))
        s = s if spoilt is None else s * spoilt
        return _fold(s, "U" if upper else "L")
    return pullback


defvjp(np.linalg.cholesky, _vjp_cholesky)


def _inverse_gaps(values, vectors, value, sign_blind=False):
    """F[i, j] = 1 / (values[j] - values[i]) off the diagonal, 0 on it, for a stack of vectors.

    Raises if two values are equal: the vectors of a repeated value are not unique, and
    no gradient flows through them. ``sign_blind``: the vectors are the rules' own (the values'
    first derivative, a norm's), so that this is a second derivative.
    """
    n = shape_of(values)[-1]
    eye = np.eye(n)
    gaps = np.expand_dims(values, -2) - np.expand_dims(values, -1)
    plain = np.abs(plain_value(gaps))
    scale = np.max(np.abs(plain_value(values)), axis=-1, keepdims=True, initial=0.0)[..., None]
    _refuse_close_higher(plain, scale, eye, vectors, value, 1 + nesting(values))
    if np.any((plain <= _NEARLY_REPEATED * scale) & (eye == 0)):
        repeated = f"a repeated (or nearly repeated, closer than {_NEARLY_REPEATED:g} relative) {value}"
        if sign_blind:
            # At a tie a symmetric function of the values, such as sum(w ** 2), has a Hessian,
            # but one that needs the function's own second derivatives (Lewis and Sendov: the
            # limit of (g_i - g_j) / (w_i - w_j) for its gradient g), which no rule here sees.
            raise np.linalg.LinAlgError(
                f"the second derivative at {repeated} is not computed: the first derivative (of "
                f"the {value}s, or of a norm or factor built from the {vectors}) is formed from "
                f"the {vectors}, which are not unique there. A symmetric function of the tied "
                f"{value}s (their sum, np.sum(w ** 2)) is twice differentiable there, but its "
                "second derivative depends on that function's own, which the rule does not see: "
                "write such a function of the matrix itself (np.sum(w ** 2) is np.sum(a * a) for "
                "the eigenvalues of a symmetric a or the singular values of any a; np.sum(w) of "
                f"the eigenvalues is np.trace(a)), or make the {value}s distinct")
        raise np.linalg.LinAlgError(
            f"the gradient through the {vectors} of {repeated} is not defined (they are not "
            f"unique); use only the {value}s there, or make the {value}s distinct")
    return (1.0 - eye) / (gaps + eye)


def _refuse_close_higher(gaps, scale, eye, vectors, value, order):
    """Raise for a derivative of ``order`` >= 2 through the ``vectors`` where two ``value``s
    are closer than 1e-8^(1 / order) relative (1e-4 at second order), but not within the
    first order's 1e-8 (refused by the caller, with its own message).

    Why: the vectors' derivative carries F = 1 / (w_j - w_i), and each order of
    differentiation through it another such factor: the k-th derivative's rounding error
    grows as eps / gap^k relative to its size. The Hessian of trace(V diag(w^3) V^T) through
    eigh's vectors at eigenvalues (1, 1 + d, 2) was 2.6e-8 off (trace(a^3)'s, closed form) at
    d = 1e-5, 8.5e-4 at 1e-7, 5.4e-3 at 3e-8, no error, where the first derivative is
    within 2e-11. The first order's budget, gap >= 1e-8 (eps / gap <= 1e8 eps), taken at
    order k: gap^k >= 1e-8 (:func:`_allowed_at_order`)."""
    limit = 1.0 / _allowed_at_order(order)
    close = (gaps <= limit * scale) & (eye == 0)
    if order > 1 and np.any(close) and not np.any(close & (gaps <= _NEARLY_REPEATED * scale)):
        raise np.linalg.LinAlgError(
            f"the derivative of order {order} through the {vectors} of nearly repeated {value}s "
            f"(closer than {limit:g} relative) is not computed: the {vectors}' derivative "
            f"carries 1 / (the gap between the {value}s), and one more such factor per order, so "
            f"that its rounding error grows as eps / gap^{order}, above the 1e8 eps allowed. "
            f"Make the {value}s farther apart, or write the function without the {vectors} "
            "(V f(w) V^T of a symmetric matrix is a matrix function: scipy.linalg.expm, sqrtm, "
            "or a polynomial of the matrix)")


def _refuse_rank_deficient(name, sizes, m, n, what, rcond=None):
    """Raise if a stack of matrices is numerically rank-deficient: some of ``sizes`` (singular
    values, or |diag R|) are at most ``rcond`` (default max(m, n) eps, as matrix_rank) times
    the largest. There the function is not differentiable (its rank can change)."""
    if not n or not m:
        return
    rcond = max(m, n) * np.finfo(np.float64).eps if rcond is None else rcond
    if np.any(sizes <= np.asarray(rcond)[..., None] * np.max(sizes, axis=-1, keepdims=True)):
        raise np.linalg.LinAlgError(
            f"the gradient of {name} is not defined at a rank-deficient matrix (here {what} "
            f"has entries at most {np.max(rcond):g} times its largest): its rank, and so the "
            "function, can jump under any perturbation. Make the input full rank")


def _has_exact_zero(plain, uplo=None):
    """True if some matrix of the stack ``plain`` has an exactly zero entry (in its lower
    triangle with ``uplo="L"``, upper with ``"U"``: the part LAPACK reads) (internal).

    That is where LAPACK's eigenvectors and singular vectors can jump (the rules refuse a
    loss reaching them there): its reductions skip a reflection at a column already zero,
    take the sign of a reflection from an entry that is exactly zero, or split a tridiagonal
    or bidiagonal matrix at a zero entry (diagonal, triangular, tridiagonal, bidiagonal,
    block-diagonal matrices...), and a perturbation of those zeros, however small, flips
    the sign of some vectors (in eig, also the order of the eigenvalues). Measured with
    NumPy 2.0 and 2.5 (tests/test_eigenvector_signs.py); the test is conservative (some
    matrices with zeros are continuous), and it does not see an exact zero that rounding
    produces inside the reduction of a matrix without one.
    """
    plain = np.asarray(plain)
    if uplo is not None and plain.ndim >= 2:
        n = plain.shape[-1]
        read = np.tril(np.ones((n, n), dtype=bool)) if uplo.upper() == "L" else np.triu(np.ones((n, n), dtype=bool))
        return bool(np.any((plain == 0) & read))
    return bool(np.any(plain == 0))


#: Set by :func:`assume_sign_blind`: the caller's loss is blind to the signs of eigenvectors
#: and singular vectors, so their jumps at exact zeros do not matter to it.
_SIGNS_ASSUMED_BLIND = contextvars.ContextVar("wengert_signs_assumed_blind", default=False)


@contextlib.contextmanager
def assume_sign_blind() -> Iterator[None]:
    """Differentiate through eigenvectors and singular vectors at inputs with exact zeros,
    for a loss you know is blind to their signs.

    At a matrix with exact zeros (diagonal, triangular, tridiagonal, bidiagonal,
    block-diagonal...) the signs LAPACK gives the vectors of ``np.linalg.eigh``,
    ``np.linalg.svd`` (and ``eigvalsh``/``svd(hermitian=True)``'s relatives, ``pinv``,
    ``scipy.linalg.eigh``/``svd``, and ``scipy.linalg.eigh_tridiagonal`` at a zero of ``e``)
    jump under any perturbation of those zeros, so wengert refuses (``LinAlgError``) a
    gradient that reaches the vectors there: nothing in the loss's cotangent tells a loss
    that reads the signs from one that does not. Inside this context that refusal is off,
    because you assert what wengert cannot check: the loss is a function of the vectors
    that does not change when any vector (a column of ``V``, ``U``, or a row of ``Vh``,
    with its partner) changes sign, such as ``V @ np.diag(f(w)) @ V.T``, ``U @ np.diag(s)
    @ Vh`` or ``abs(V) ** 2``. Then its gradient is the one the rules give. For a loss that
    reads the signs (``V[:, 0]`` alone), it would be one side's derivative of a
    discontinuous function: a wrong number with no error. Every other condition (distinct
    eigenvalues, the phases of complex vectors, ``np.linalg.eig``'s eigenvalue order) is
    still checked. The setting is read when the decomposition is recorded (under
    ``wengert.jit``, when it is replayed), in the current thread or task only.

    >>> import numpy as np, wengert as wg, wengert.numpy as wnp
    >>> def tanh_of_matrix(a):  # V tanh(w) V^T: blind to the signs of V's columns
    ...     w, v = np.linalg.eigh(a)
    ...     return np.sum((v * np.tanh(w)) @ v.T)
    >>> a = np.diag([1.0, 2.0])  # diagonal: LAPACK's signs jump here
    >>> with wnp.linalg.assume_sign_blind():
    ...     g = wg.grad(tanh_of_matrix)(a)
    >>> np.round(g, 6)
    array([[0.419974, 0.      ],
           [0.404867, 0.070651]])

    .. versionadded:: 0.1
    """
    token = _SIGNS_ASSUMED_BLIND.set(True)
    try:
        yield
    finally:
        _SIGNS_ASSUMED_BLIND.reset(token)


def signs_assumed_blind():
    """True inside :func:`assume_sign_blind` (internal: for rules that test the signs' jumps their own way)."""
    return _SIGNS_ASSUMED_BLIND.get()


def signs_may_jump(plain, uplo=None):
    """True where a loss reaching the eigenvectors or singular vectors of ``plain`` must be
    refused: it has an exact zero (:func:`_has_exact_zero`) and the caller has not asserted,
    with :func:`assume_sign_blind`, that the loss is blind to their signs (internal)."""
    return not _SIGNS_ASSUMED_BLIND.get() and _has_exact_zero(plain, uplo)


def refuse_vector_jump(name, vectors, jump, blind):
    """Raise where ``vectors`` may jump (``jump`` true: :func:`_has_exact_zero`; ``"order"``:
    eig's eigenvalues may change order too) (internal).

    Called wherever the loss reads the vectors (a cotangent that is not None), whatever the
    cotangent's value: a zero one does not show that the loss is blind to them.
    ``(s[0] - 2) * U[0, 0]`` at ``diag(2, 1, 0.5)`` sends U a zero cotangent, while the
    loss's derivative, ``U[0, 0]`` times that of ``s[0]``, takes U's sign, which jumps there
    (its gradient came out -0.92 where central differences give 0.92 on both sides)."""
    if not jump:
        return
    if jump == "order":
        raise np.linalg.LinAlgError(
            f"the gradient of {name} is not defined at this input: it has exact zeros (as a "
            "triangular or block-diagonal matrix) at which LAPACK returns the eigenvalues in an "
            "order that changes under any perturbation of those zeros, so the eigenvalues and "
            "eigenvectors, as returned, jump there. Differentiate at a point without those exact "
            "zeros (e.g. add a tiny generic perturbation); for a symmetric matrix, "
            "np.linalg.eigvalsh's sorted eigenvalues have a gradient there")
    raise np.linalg.LinAlgError(
        f"the gradient of {name} through the {vectors} is not defined at this input: it has "
        "exact zeros (as a diagonal, triangular, tridiagonal, bidiagonal or block-diagonal "
        "matrix) at which LAPACK skips a reflection or splits the matrix, and any perturbation "
        f"of those zeros flips the sign of some {vectors}, so they jump there and a function "
        "depending on their signs has no derivative. If the loss is blind to those signs "
        f"({blind}), it does have one: write it without the {vectors} where you can, "
        + ("differentiate inside wengert.numpy.linalg.assume_sign_blind() if you know it is "
           "blind to them, " if name != "numpy.linalg.eig" else "")
        + "or differentiate at a point without those exact zeros (e.g. add a tiny generic "
        "perturbation); otherwise the signs LAPACK picks make the loss discontinuous")


def _nan_where_not_finite(a, uplo=None, exact_1x1=False, nan_only=False, inverse_too=False):
    """``None`` where every matrix of the stack ``a`` is finite, else a factor of shape
    ``(..., 1, 1)``: NaN for the matrices holding an inf or NaN in what LAPACK reads (the
    triangle ``uplo`` of a Hermitian one), 1 elsewhere (internal). LAPACK's eigh and svd
    return NaN values (or arbitrary vectors) there, so their derivatives are NaN too, never
    the finite numbers the rule's algebra makes of such a decomposition. ``exact_1x1``: a
    1 x 1 Hermitian matrix [[inf]] is its own eigenvalue, with derivative 1 (only a NaN is).
    ``nan_only``: a NaN alone spoils the matrix (slogdet's log|det diag(inf, 1)| has the
    derivative diag(0, 1)); ``inverse_too``: so does an inf where NumPy's inverse of the matrix
    is not finite (slogdet's derivative is that inverse's transpose)."""
    plain = np.asarray(plain_value(a))
    if plain.ndim < 2 or np.all(np.isfinite(plain)):
        return None
    finite = ~np.isnan(plain) if nan_only else np.isfinite(plain)
    if uplo is not None:
        n = plain.shape[-1]
        half = np.tril(np.ones((n, n), bool)) if uplo.upper() == "L" else np.triu(np.ones((n, n), bool))
        finite = finite | ~half
    bad = np.any(~finite, axis=(-2, -1))
    if exact_1x1 and plain.shape[-1] == 1:
        bad = np.any(np.isnan(plain), axis=(-2, -1))
    if inverse_too and plain.shape[-1]:
        infinite = ~bad & ~np.all(np.isfinite(plain), axis=(-2, -1))
        with np.errstate(all="ignore"):
            try:  # (the others replaced by I: a singular finite one raises in the rule as before)
                inverse = np.linalg.inv(np.where(infinite[..., None, None], plain, np.eye(plain.shape[-1])))
                bad = bad | (infinite & ~np.all(np.isfinite(inverse), axis=(-2, -1)))
            except np.linalg.LinAlgError:  # (an exactly singular one: its rule raises as at a finite one)
                pass
    if not np.any(bad):
        return None
    real = np.finfo(plain.dtype).dtype if plain.dtype.kind in "fc" else np.float64
    return np.where(bad, real.type(np.nan), real.type(1))[..., None, None]


def _finite_stand_in(a, spoilt):
    """``a`` with the matrices ``spoilt`` marks (:func:`_nan_where_not_finite`'s NaN) replaced by
    diag(1, 2, ...) (internal), for an SVD with vectors whose result there the rule multiplies by
    that NaN: LAPACK's gesdd can loop forever at an inf (NumPy < 2.5: at [[inf, 1, 2], [1, 3, 1],
    [2, 1, 5]] np.linalg.svd never returns, its singular values alone do)."""
    if spoilt is None:
        return a
    m, n = shape_of(a)[-2:]
    return np.where(np.isnan(spoilt), np.eye(m, n) * np.arange(1.0, n + 1.0), a)


def _eigenvalue_grad(v, gw, uplo):
    """The cotangent of a Hermitian matrix read from one triangle, from its eigenvalues'
    ``gw``: dw_i = v_i^H dM v_i, so conj(V diag(gw) V^H) (V gw V^T for a real matrix)."""
    return _fold(conj_if_complex((v * np.expand_dims(gw, -2)) @ _H(v)), uplo)


def _vjp_eigh(ans, a, UPLO="L", signs_seen=True):
    # With a = V diag(w) V^H (w real): dw = diag(V^H da V), and dV = V (F * (V^H da V)),
    # F[i, j] = 1 / (w_j - w_i) off the diagonal. In standard (conjugate) gradients that is
    #     abar = V (diag(wbar) + F * (V^H Vbar)) V^H,
    # conjugated back to the transpose convention, then folded onto the triangle NumPy
    # reads. The eigenvectors' gradient needs distinct eigenvalues; the eigenvalues' alone
    # is defined always. A complex eigenvector has a free phase (a gauge: NumPy picks one),
    # so only losses blind to it (|v|^2, v v^H, ...) have a gradient:
    # _refuse_phase_dependence checks, and for them the rule takes the phase as fixed.
    # Where LAPACK's eigenvectors jump (exact zeros: _has_exact_zero) a loss reaching
    # them is refused. The eigenvalues' term uses them blind to their signs: recorded
    # (higher order), it takes them from eigh_sign_blind, whose rule does not refuse.
    jumps = signs_seen and signs_may_jump(plain_value(a), UPLO)
    spoilt = _nan_where_not_finite(a, UPLO, exact_1x1=True)

    def pullback(g):
        out = _eigh_pullback(g)
        return out if spoilt is None else out * spoilt

    def _eigh_pullback(g):
        gw, gv = _part(g, 0, "eigenvalues"), _part(g, 1, "eigenvectors")
        w, v = ans[0], ans[1]
        if gv is None:
            if gw is None:
                return np.zeros(shape_of(a), dtype=np.result_type(a))
            if signs_seen and is_traced(v):
                v = eigh_sign_blind(a, UPLO)[1]
            return _eigenvalue_grad(v, gw, UPLO)
        vh = _H(v)
        vhgv = vh @ conj_if_complex(gv)
        if is_complex(vhgv):
            _refuse_phase_dependence(
                [np.diagonal(vhgv, 0, -2, -1)], [vhgv, gw], "numpy.linalg.eigh", "eigenvectors",
                "each may be multiplied by any e^(i phi)", "abs(v) ** 2, v v^H or the eigenvalues",
                    signs_seen and _complex_vectors(v))
        inner = _inverse_gaps(w, "eigenvectors", "eigenvalue", not signs_seen) * vhgv
        refuse_vector_jump("numpy.linalg.eigh", "eigenvectors", jumps,
                           "abs(v) ** 2, v @ diag(f(w)) @ v.T, or the eigenvalues alone: "
                           "np.linalg.eigvalsh")
        if gw is not None:
            inner = inner + np.expand_dims(gw, -1) * np.eye(shape_of(gw)[-1])
        return _fold(conj_if_complex(v @ inner @ vh), UPLO)
    return pullback


defvjp(np.linalg.eigh, _vjp_eigh)


def _eigh(a, UPLO="L"):
    return np.linalg.eigh(a, UPLO=UPLO)


#: ``np.linalg.eigh`` for the rules' own uses of the eigenvectors, all blind to their signs
#: (``v diag(g) v^H``): its rule is eigh's without the refusal at exact zeros, where the
#: signs jump (internal; never for a value a caller sees).
eigh_sign_blind = OwnPrimitive(_eigh, name="numpy.linalg.eigh (sign-blind)", reenters="any")
defvjp(eigh_sign_blind, lambda ans, a, UPLO="L": _vjp_eigh(ans, a, UPLO, signs_seen=False))


def _refuse_unreflected_column(a, m, n):
    """Raise where LAPACK's QR (geqrf) leaves a column unreflected (``tau = 0``: its part
    below the diagonal, after the reflections before it, is exactly zero, as in a triangular
    or diagonal ``a``). Any perturbation of those zeros reflects it, which flips the signs of
    R's row and Q's column: Q and R jump there and have no derivative."""
    if m < 2 or n == 0:
        return
    tau = np.linalg.qr(a, mode="raw")[1]
    if np.any(tau[..., :min(m - 1, n)] == 0):
        raise np.linalg.LinAlgError(
            "the gradient of numpy.linalg.qr is not defined here: a column of a is already zero "
            "below the diagonal (as in a triangular or diagonal matrix), which LAPACK leaves "
            "unreflected, while any perturbation of those zeros flips the signs of that column "
            "of Q and row of R (they jump). Differentiate at a point without those exact zeros, "
            "or a function of the product Q R")


def _refuse_nearly_singular_second(name, sizes, what):
    """Raise for a second derivative of ``name`` (qr, cholesky) where ``sizes`` (R's |r_kk|,
    L's l_kk^2: the matrix's scale along each column, relative to the largest) has an entry
    within ``_NEARLY_REPEATED`` of its largest. The pullback is formed from the factor's
    columns of those entries, whose derivatives grow as 1 / size, and terms of that size cancel
    in every loss, even one of the first columns alone, smooth and well conditioned there: the
    error grows as eps / size. The Hessian of sum(w Q[:, :2]^2) + sum(R[:2]^2) of a 3x3 matrix
    at r_33 = 6e-15 was 19% off (mpmath), 1.2e-4 at 6e-12; that of sum(L[:, :2]^3) at an
    eigenvalue 1e-14 0.4%, 1.8e-5 at 1e-12 (hessian); with no error."""
    sizes = np.asarray(sizes)
    if np.any(sizes <= _NEARLY_REPEATED * np.max(sizes, axis=-1, keepdims=True, initial=0.0)):
        raise np.linalg.LinAlgError(
            f"the second derivative of {name} is not computed at a nearly singular matrix ({what} "
            f"has an entry within {_NEARLY_REPEATED:g} of its largest): it is formed from the "
            "factor's columns of those entries, whose derivatives grow as their inverse, and it "
            "loses its digits there. Differentiate at a better conditioned matrix, or write the "
            "loss without the factorization (one of its first columns alone is one of a's first "
            "columns)")


def _vjp_qr(ans, a, mode="reduced"):
    # For a = QR with m >= n and full rank (R invertible; LAPACK makes R's diagonal real),
    # dA = dQ R + Q dR. With C = Q^H dA R^-1, Omega = Q^H dQ is skew-Hermitian with Omega's
    # strict lower triangle C's and an imaginary diagonal i Im(C_ii) (dR R^-1 is upper
    # triangular with a real diagonal), and dQ = Q Omega + (I - Q Q^H) dA R^-1. Under the
    # transpose convention (the cotangent pairs as Re sum(abar * dA)) this gives
    #     abar = [Qbar - conj(Q) Q^T Qbar + conj(Q) (Rbar R^T + T)] R^-T,
    # N = Qbar^T Q - R Rbar^T, T = strict lower part of (N^T - conj(N)) + i Im(diag N);
    # for real matrices, the classic (Qbar + Q copyltu(M)) R^-T with M = -N.
    m, n = shape_of(a)[-2:]
    # (a matrix with an inf or NaN: LAPACK's Q and R are NaN there (R's diagonal -inf at an inf,
    # which read as rank-deficient), so its derivative is NaN, the stack's other matrices' as alone)
    spoilt = _nan_where_not_finite(a)

    def pullback(g):
        if mode not in ("reduced", "complete") or m < n or (mode == "complete" and m != n):
            raise NoGradientRule(
                f"the gradient of numpy.linalg.qr is provided for mode='reduced' with as many "
                f"rows as columns or more (here mode={mode!r}, {m}x{n}): elsewhere Q or R "
                "is not a differentiable function of the input")
        gq, gr = _part(g, 0, "Q"), _part(g, 1, "R")
        q, r = ans[0], ans[1]
        sizes, plain = np.abs(np.diagonal(plain_value(r), 0, -2, -1)), plain_value(a)
        if spoilt is not None:  # (the others' checks alone)
            bad = np.isnan(spoilt[..., 0, 0])
            sizes, plain = np.where(bad[..., None], 1.0, sizes), plain[~bad]
        _refuse_rank_deficient("numpy.linalg.qr", sizes, m, n, "R's diagonal")
        _refuse_unreflected_column(plain, m, n)
        if gq is None and gr is None:
            return np.zeros(shape_of(a))
        if is_traced(a) or is_traced(r):
            _refuse_nearly_singular_second("numpy.linalg.qr", sizes, "R's diagonal")
        terms = [] if gq is None else [_T(gq) @ q]
        if gr is not None:
            terms.append(-(r @ _T(gr)))
        big_n = terms[0] if len(terms) == 1 else terms[0] + terms[1]
        conj_n = conj_if_complex(big_n)
        t = (_T(big_n) - conj_n) * np.tril(np.ones((n, n)), -1)
        if is_complex(big_n):
            t = t + (big_n - conj_n) * (0.5 * np.eye(n))
        inner = t if gr is None else gr @ _T(r) + t
        q_conj = conj_if_complex(q)
        rhs = q_conj @ inner if gq is None else gq - q_conj @ (_T(q) @ gq) + q_conj @ inner
        if spoilt is None:
            return _T(np.linalg.solve(r, _T(rhs)))
        with np.errstate(invalid="ignore"):
            return _T(np.linalg.solve(np.where(np.isnan(spoilt), np.eye(n), r), _T(rhs))) * spoilt
    return pullback


defvjp(np.linalg.qr, _vjp_qr)


def _complex_vectors(v):
    """True if the vectors ``v`` (plain, a Var or a Dual) are complex: then their phases are
    free (internal)."""
    return np.iscomplexobj(plain_value(v))


def _refuse_phase_dependence(diagonals, cotangents, name="numpy.linalg.svd", vectors="singular vectors",
                             gauge="u_k and v_k may both be multiplied by any e^(i phi)",
                             blind="U @ diag(S) @ Vh, abs(U) ** 2 or the singular values", phases_seen=True):
    """Raise if a loss depends on the phase of a decomposition's vectors, which NumPy picks.

    The loss changes at rate ``Im(sum of diagonals)`` when each vector (pair) turns by a
    phase: ``diag(U^H Ubar)`` and ``diag(V^H Vbar)`` for svd's pairs (standard gradients),
    ``diag(V^T Vbar)`` for eig's eigenvectors (transpose convention). A loss that depends on
    the phase has no gradient. The rate is compared with the size of the whole cotangent
    (``cotangents``: every part reached, as projected), so that rounding in a cotangent that
    cancels to nearly zero (at second order) is not taken for a dependence.

    In forward mode (the pullback transposed, ``in_transposed_pullback``) the cotangent is
    a traced zero, which says nothing about the loss: the vectors' tangent is refused there
    (it is used only if the loss reads it), unless ``phases_seen`` is False (the rules' own
    phase-blind uses, such as the eigenvalues' term).
    """
    if phases_seen and in_transposed_pullback():
        raise NoGradientRule(
            f"forward mode through the {vectors} of {name} of complex numbers is refused: their "
            f"phase is free ({gauge}, and NumPy picks one), and forward mode cannot tell whether "
            "the loss downstream is blind to it (a tangent for one phase is silently wrong for a "
            "loss that is not). Use reverse mode (wengert.grad, vjp; for a Hessian, "
            "wengert.jacrev(wengert.grad(f))), which checks; in forward mode only the values "
            "(eigenvalues, singular values) have tangents")
    rate = sum(np.imag(np.asarray(plain_value(d))) for d in diagonals)
    scale = sum(np.max(np.abs(np.asarray(plain_value(c))), initial=0.0) for c in cotangents if c is not None)
    if np.any(np.abs(rate) > 1e-8 * scale):
        raise NoGradientRule(
            f"{name} of complex numbers has no gradient for this loss: it depends on the phase "
            f"of the {vectors} ({gauge}, and NumPy picks one); use losses blind to that phase, "
            f"such as {blind}")


def _svd_cotangents(g, ans, a, m, n, full_matrices, compute_uv, hermitian, signs_seen=True):
    """``(u, s, vt, gu, gs, gvt)`` for the pullback of numpy.linalg.svd: the reduced
    factors and the cotangents of U, S and Vh (None where none reached them)."""
    if compute_uv:
        u, s, vt = ans[0], ans[1], ans[2]
        gu, gs, gvt = _part(g, 0, "U"), _part(g, 1, "S"), _part(g, 2, "Vh")
        if full_matrices and m != n and (gu is not None or gvt is not None):
            raise NoGradientRule(
                "the gradient of numpy.linalg.svd(a, full_matrices=True) through U or Vh "
                f"of a non-square ({m}x{n}) matrix is not defined (the extra singular "
                "vectors are not unique); pass full_matrices=False")
    else:
        gu, gs, gvt = None, g, None
    if (not compute_uv or (full_matrices and m != n)
            or (signs_seen and gu is None and gvt is None and is_traced(u))):
        # Only the singular values are reached: their gradient needs the reduced singular
        # vectors, which a second derivative then differentiates, blind to their signs.
        u, s, vt = svd_sign_blind(a, full_matrices=False, hermitian=hermitian)
    return u, s, vt, gu, gs, gvt


def _svd_vector_terms(u, s, vt, gu, gs, gvh, phases_seen=True):
    """The singular vectors' terms of the inner matrix of svd's pullback, from the standard
    gradients ``gu`` of U and ``gvh`` of V^H (None where not reached; ``gs``, the singular
    values' cotangent, only sizes the phase check)."""
    f = _inverse_gaps(s * s, "singular vectors", "singular value", not phases_seen)
    terms, diagonals = [], []  # diagonals of U^H Ubar and V^H Vbar
    if gu is not None:
        utgu = _H(u) @ gu
        terms.append(f * (utgu - _H(utgu)) * np.expand_dims(s, -2))
        diagonals.append(np.diagonal(utgu, 0, -2, -1))
    if gvh is not None:
        vtgv = vt @ _H(gvh)
        terms.append(np.expand_dims(s, -1) * (f * (vtgv - _H(vtgv))))
        diagonals.append(np.diagonal(vtgv, 0, -2, -1))
    if any(is_complex(d) for d in diagonals):
        _refuse_phase_dependence(diagonals, [utgu if gu is not None else None,
                                             vtgv if gvh is not None else None, gs],
                                 phases_seen=phases_seen and _complex_vectors(u))
        # the phase of u_k against v_k: Im(diag(U^H Ubar)) = -Im(diag(V^H Vbar)) for a
        # gauge-blind loss; half from each side, also when only one is reached: forward mode
        # transposes U's and Vh's parts apart, and each taking the whole turn counted it twice
        signs = (1.0, -1.0) if gu is not None else (-1.0,)
        phase = sum(sign * np.imag(d) for sign, d in zip(signs, diagonals)) / 2
        terms.append(1j * np.expand_dims(phase / s, -1) * np.eye(shape_of(s)[-1]))
    return terms


def _over_singular_values(r, s, axis, m, n, factor, second=False):
    """``r`` with its columns (``axis=-2``: U's side) or rows (``axis=-1``: Vh's) divided by the
    singular values ``s``: svd's term for the singular vectors beyond the first ``min(m, n)``
    of a rectangular matrix (internal). Where a singular value is (numerically) 0 the vector
    of it is not unique (any unit vector of the complement of the others) and the term is
    0 / 0 or a rounding error over one: refused. (Not where the cotangent's column is 0:
    that 0 may be a factor s_k, whose quotient has a limit, as in the Hessian of
    np.sum(s ** 2).) ``second``: the vectors are the rules' own (the singular values' first
    derivative, a norm's), so that this is a second derivative."""
    plain = np.asarray(plain_value(s))
    dtype = plain.dtype if plain.dtype.kind == "f" else np.dtype(np.float64)
    small = plain <= max(m, n) * np.finfo(dtype).eps * np.max(plain, axis=-1, keepdims=True, initial=0.0)
    if np.any(small) and second:
        raise np.linalg.LinAlgError(
            f"the second derivative of the singular values of a {m}x{n} matrix of rank below "
            f"{min(m, n)} (a singular value at most {max(m, n)} eps times the largest), or of a "
            "norm or factor built from its singular vectors, is not computed: the first "
            "derivative is formed from the singular vectors, and those of a zero singular value "
            "are not unique there (np.sum(s ** 2) is np.sum(a * a): write such a function of "
            "the matrix itself), or differentiate at a full-rank matrix")
    if np.any(small):
        other = "V" if factor == "Vh" else "U"
        raise np.linalg.LinAlgError(
            f"the gradient of numpy.linalg.svd through {factor} of a {m}x{n} matrix of rank below "
            f"{min(m, n)} (a singular value at most {max(m, n)} eps times the largest) is not "
            f"defined: the singular vector in {other} of a zero singular value is any unit vector "
            "orthogonal to the others, so it jumps under a perturbation (a gradient through it "
            "came out 1e14 where none exists). Differentiate at a full-rank matrix, or use the "
            "singular values alone (np.linalg.svd(a, compute_uv=False)) at first order")
    return r / np.expand_dims(s, axis)


def _vjp_svd(ans, a, full_matrices=True, compute_uv=True, hermitian=False, signs_seen=True):
    # Townsend, "Differentiating the singular value decomposition" (2016), real case, for
    # a = U diag(s) V^T with k = min(m, n) singular values:
    #   abar = U [ (F*(U^T Ubar - Ubar^T U)) S + diag(sbar) + S (F*(V^T Vbar - Vbar^T V)) ] V^T
    #          + (I - U U^T) Ubar S^-1 V^T   (m > n)   + U S^-1 Vbar^T (I - V V^T)   (m < n)
    # with F[i, j] = 1 / (s_j^2 - s_i^2). The singular values' gradient is always defined;
    # the singular vectors' needs distinct singular values (and nonzero ones if m != n).
    # Complex matrices: the same with conjugate transposes, for the standard gradients
    # (Ubar conjugated, Vbar^H = conj(Vhbar)), plus i Im(diag(U^H Ubar)) S^-1 on the
    # diagonal (the phase of each u_k against v_k), and the result conjugated back to the
    # transpose convention. Each pair (u_k, v_k) has a free common phase (a gauge), so only
    # losses blind to it (U S V^H, |U|^2, ...) have a gradient: _refuse_phase_dependence.
    m, n = shape_of(a)[-2:]
    k = min(m, n)
    # Where LAPACK's singular vectors jump (exact zeros: _has_exact_zero) a loss reaching
    # them is refused.
    jumps = signs_seen and signs_may_jump(plain_value(a), "L" if hermitian else None)
    spoilt = _nan_where_not_finite(a, "L" if hermitian else None)

    finite = _finite_stand_in(a, spoilt)  # (its vectors, where the singular values alone were asked for)

    def pullback(g):
        u, s, vt, gu, gs, gvt = _svd_cotangents(g, ans, finite, m, n, full_matrices, compute_uv, hermitian, signs_seen)
        # the standard (conjugate) gradients of U and of V^H: the cotangents themselves if real
        gu, gvh = conj_if_complex(gu), conj_if_complex(gvt)
        terms = []
        if gs is not None:
            terms.append(np.expand_dims(gs, -1) * np.eye(k))
        if gu is not None or gvh is not None:
            terms.extend(_svd_vector_terms(u, s, vt, gu, gs, gvh, signs_seen))
            refuse_vector_jump("numpy.linalg.svd", "singular vectors", jumps,
                               "U @ diag(S) @ Vh, abs(U) ** 2, or the singular values alone: "
                               "np.linalg.svd(a, compute_uv=False)")
        if not terms:
            return np.zeros(shape_of(a))
        inner = terms[0]
        for t in terms[1:]:
            inner = inner + t
        out = u @ inner @ vt
        if gu is not None and m > k:
            out = out + _over_singular_values(gu - u @ (_H(u) @ gu), s, -2, m, n, "U", not signs_seen) @ vt
        if gvh is not None and n > k:
            out = out + u @ _over_singular_values(gvh - (gvh @ _H(vt)) @ vt, s, -1, m, n, "Vh", not signs_seen)
        out = conj_if_complex(out)  # back to the transpose convention
        # hermitian=True reads the lower triangle only (through eigh).
        out = _fold(out, "L") if hermitian else out
        out = out if spoilt is None else out * spoilt
        return out if gs is None or m != n else at_kink(out, a, lambda: _zero_singular_value(s, gs), _SVD_KINK)
    return pullback


#: What at_kink says at a zero singular value of a square matrix.
_SVD_KINK = ("numpy.linalg.svd (a singular value of a square matrix; svdvals, hermitian=True too)",
             "the subgradient u_k v_k^H of a zero singular value s_k, whose sign NumPy picks",
             "s_k is |q| there, q smooth (its determinant over the others' product): the second "
             "derivative of q is that of one side, its sign the sign NumPy picked. Differentiate "
             "away from a singular matrix, or write the function of the matrix itself "
             "(np.linalg.det, np.sum(a * a) for np.sum(s ** 2)).")


def _zero_singular_value(s, gs):
    """The matrices of a square stack where a singular value is (numerically) 0 and reached by
    its cotangent ``gs``: there s_k is |q| for a smooth q, and the first derivative u_k v_k^H
    takes the sign LAPACK gives the pair (the relative sign of u_k and v_k is free at 0), so
    that its derivative, q's on that side, is silently wrong for |q| (internal). A cotangent
    as small as the tolerance (2 s in np.sum(s ** 2)) is not one: its term vanishes with s_k.
    A traced cotangent that is 0 throughout, forward mode's (the pullback transposed about a
    zero cotangent), reaches every singular value."""
    s, plain_gs = np.asarray(plain_value(s)), np.abs(np.asarray(plain_value(gs)))
    n = s.shape[-1]
    tol = n * np.finfo(s.dtype if s.dtype.kind == "f" else np.float64).eps
    small = s <= tol * np.max(s, axis=-1, keepdims=True, initial=0.0)
    top = np.max(plain_gs, axis=-1, keepdims=True, initial=0.0)
    reached = (plain_gs > tol * top) | (is_traced(gs) & (top == 0))
    return np.any(small & reached, axis=-1)[..., None, None]


#: NumPy 2.0 to 2.4's SVD with vectors never returns at some matrices with an inf; 2.5 raises there
_SVD_LOOPS_AT_INF = np.lib.NumpyVersion(np.__version__) < "2.5.0.dev0"


def _infinite_matrices(a):
    """Per matrix of a plain stack, whether it holds an inf; None where none does, or where one
    holds a NaN (LAPACK's SVD then stops at once: NumPy raises 'SVD did not converge'), or on a
    NumPy that raises at an inf too (internal)."""
    a = np.asarray(plain_value(a))
    if (not _SVD_LOOPS_AT_INF or a.ndim < 2 or a.dtype.kind not in "fc" or np.all(np.isfinite(a))
            or np.any(np.isnan(a))):
        return None
    return ~np.all(np.isfinite(a), axis=(-2, -1))


def _svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """np.linalg.svd's value, NaN (U, S and Vh) for the matrices of a stack that hold an inf
    where the vectors are asked for: LAPACK's gesdd never returns at some (NumPy 2.0 and 2.4, e.g.
    [[inf, 1, 2], [1, 3, 1], [2, 1, 5]] and diag(inf, 1, 1); a 2 x 2 inf gave S NaN beside finite
    vectors, and the singular values alone are NaN). Those matrices are replaced by
    diag(1, 2, ...) before LAPACK; the others' results are NumPy's, as is a NaN's refusal ('SVD
    did not converge')."""
    bad = _infinite_matrices(a) if compute_uv else None
    if bad is None:
        return np.linalg.svd(a, full_matrices=full_matrices, compute_uv=compute_uv, hermitian=hermitian)
    out = np.linalg.svd(_finite_stand_in(a, np.where(bad, np.nan, 1.0)[..., None, None]),
                        full_matrices=full_matrices, compute_uv=True, hermitian=hermitian)
    parts = [np.where(bad[..., None, None], np.nan, out[0]), np.where(bad[..., None], np.nan, out[1]),
             np.where(bad[..., None, None], np.nan, out[2])]  # (differentiable code: a Var at higher orders)
    return type(out)(*parts) if hasattr(out, "_fields") else tuple(parts)


defvjp(np.linalg.svd, _vjp_svd, impl=_svd)


#: ``np.linalg.svd`` for uses of the singular vectors blind to their signs (``u_k v_k^H``:
#: the rules' own, the nuclear norm's, the polar factor's): its rule is svd's without the
#: refusal at exact zeros, where the signs jump (internal; never for U or Vh alone).
svd_sign_blind = OwnPrimitive(_svd, name="numpy.linalg.svd (sign-blind)", reenters="any")
defvjp(svd_sign_blind, lambda ans, a, full_matrices=True, compute_uv=True, hermitian=False: _vjp_svd(
    ans, a, full_matrices, compute_uv, hermitian, signs_seen=False))


# -- np.linalg: eig, eigvalsh ----------------------------------------------------------------

def _vjp_eig(ans, a, signs_seen=True):
    # With a = V diag(w) V^-1 and distinct eigenvalues: dw = diag(V^-1 da V), and
    # dV = V (F * (V^-1 da V)) + V diag(d), F[i, j] = 1 / (w_j - w_i) off the diagonal. NumPy
    # scales each eigenvector to unit norm, which fixes Re(d) = -Re(diag(V^H V (F * ...)));
    # the phase Im(d) is free (a gauge), so only losses blind to each eigenvector's phase
    # (|v|^2, v v^H, ...) have a gradient (_refuse_phase_dependence checks), and for them
    # Im(d) does not matter: the rule takes Im(d) = 0.
    # Transposed (autograd's convention, no conjugate for the holomorphic parts):
    #   abar = V^-T (diag(wbar) + F * (V^T Vbar) - F * (V^T conj(V) diag(Re diag(V^T Vbar)))) V^T
    # Where LAPACK's eigenvectors jump or its eigenvalues change order (exact zeros:
    # vectors_jump_near), a loss reaching them is refused.
    jumps = signs_seen and _has_exact_zero(plain_value(a))

    def pullback(g):
        gw, gv = _part(g, 0, "eigenvalues"), _part(g, 1, "eigenvectors")
        w, v = ans[0], ans[1]
        if gw is None and gv is None:
            return np.zeros(shape_of(a))
        if signs_seen and gv is None and is_traced(v):
            w, v = eig_sign_blind(a)  # the eigenvalues' term, blind to the vectors' signs
        n = shape_of(w)[-1]
        vt = _T(v)
        if gv is not None:
            f = _inverse_gaps(w, "eigenvectors", "eigenvalue")
            vtgv = vt @ gv
            if np.iscomplexobj(vtgv):
                _refuse_phase_dependence(
                    [np.diagonal(vtgv, 0, -2, -1)], [vtgv, gw], "numpy.linalg.eig", "eigenvectors",
                    "each may be multiplied by any e^(i phi)", "abs(v) ** 2, v v^H or the eigenvalues",
                    # (NumPy 2.x returns a real matrix's real eigenvectors as complex numbers)
                    signs_seen and (_complex_vectors(a) or bool(np.any(np.imag(plain_value(w)) != 0))))
            norm = np.real(vtgv) if np.iscomplexobj(vtgv) else vtgv
            diag = np.sum(norm * np.eye(n), axis=-2, keepdims=True)  # Re diag(V^T Vbar), as a row
            inner = f * (vtgv - (vt @ conj_if_complex(v)) * diag)
            if gw is not None:
                inner = inner + np.expand_dims(gw, -1) * np.eye(n)
        else:
            _refuse_split_tie(w, gw)
            inner = np.expand_dims(gw, -1) * np.eye(n)
        cond = _refuse_defective(v)
        if jumps and gw is not None and gv is None and _unequal_values(w):
            refuse_vector_jump("numpy.linalg.eig", "eigenvalues", "order", "")
        if gv is not None:
            refuse_vector_jump("numpy.linalg.eig", "eigenvectors", jumps,
                               "abs(v) ** 2, v v^H, or the eigenvalues alone: np.linalg.eigvals")
        out = np.linalg.solve(vt, inner @ vt)
        order = 1 + max(nesting(a), nesting(v))  # that of the derivative this pullback feeds
        if order > 1:
            _refuse_nearly_defective_higher(cond, inner, out, order)
        return real_like(out, a)
    return pullback


def _unequal_values(w):
    """True if some matrix of the stack has two eigenvalues ``w`` that differ (relative to
    the largest): only those can change places."""
    w = np.asarray(plain_value(w))
    spread = np.max(np.abs(w), axis=-1, initial=0.0)
    return bool(np.any(np.ptp(w, axis=-1) > _NEARLY_REPEATED * spread)) if w.shape[-1] else False


def _refuse_split_tie(w, gw):
    """Raise where tied (nearly repeated) eigenvalues of a stack get different cotangents ``gw``
    (or, in forward mode, where any are tied): there each eigenvalue alone has no derivative.

    At a repeated eigenvalue of a diagonalizable matrix the tied eigenvalues move, to first
    order, as the eigenvalues of the block W^H dA V of their eigenspace (V its eigenvectors,
    W^H V = I), a nonlinear function of dA; the rule's V^-T diag(gw) V^T takes that block's
    diagonal in the basis LAPACK returned, which for a matrix that is not normal is no
    one-sided derivative (0.3 w_0 - 0.7 w_1 + 1.1 w_2 of V diag(1, 1, 3) V^-1, sorted, along a
    direction E: -0.068, where mpmath gives -0.872 and 1.672 from the two sides). Equal cotangents (a symmetric function of the tied values: their sum,
    np.sum(w ** 2)) reach them through the eigenspace's projector V diag(1) V^-1, which is
    unique: kept. Forward mode's tangents are each eigenvalue's own, whatever follows: refused.
    """
    w = np.asarray(plain_value(w))
    n = w.shape[-1] if w.ndim else 0
    if n < 2:
        return
    gaps = np.abs(w[..., :, None] - w[..., None, :])
    scale = np.max(np.abs(w), axis=-1, initial=0.0)[..., None, None]
    tied = (gaps <= _NEARLY_REPEATED * scale) & ~np.eye(n, dtype=bool)
    if not np.any(tied):
        return
    if in_jvp():
        split = tied
    else:
        g = np.broadcast_to(np.asarray(plain_value(gw)), w.shape)
        unequal = np.abs(g[..., :, None] - g[..., None, :])
        split = tied & (unequal > _NEARLY_REPEATED * np.max(np.abs(g), axis=-1, initial=0.0)[..., None, None])
    if np.any(split):
        raise np.linalg.LinAlgError(
            "the gradient of numpy.linalg.eig's eigenvalues at a repeated (or nearly repeated, "
            f"closer than {_NEARLY_REPEATED:g} relative) eigenvalue is defined only for a function "
            "symmetric in the tied eigenvalues (their sum, np.sum(w ** 2): the same cotangent on "
            "each), in reverse mode (grad, jacrev: forward mode sees each eigenvalue's own tangent, "
            "which does not exist there); this one weighs them differently. Make the eigenvalues "
            "distinct, or for a symmetric matrix use np.linalg.eigvalsh (sorted, with a documented "
            "convention at ties)")


def _refuse_defective(v):
    """Raise if the eigenvector matrices are (numerically) singular: a defective matrix.
    Returns their condition numbers (2-norm), one per matrix of the stack."""
    plain = plain_value(v)
    if not plain.shape[-1]:
        return np.zeros(plain.shape[:-2])
    cond = np.linalg.cond(plain)
    if np.any(cond > 1.0 / _NEARLY_REPEATED):
        raise np.linalg.LinAlgError(
            "the gradient of numpy.linalg.eig is not defined at a defective matrix (a repeated "
            "eigenvalue without a full set of eigenvectors: the eigenvector matrix is singular)")
    return cond


def _refuse_nearly_defective_higher(cond, inner, out, order):
    """Raise where a derivative of ``order`` >= 2 through eig's rule cannot be trusted: near a
    defective matrix, where the eigenvector matrix V has condition number ``cond``.

    Why: the rule's first derivative V^-T inner V^T (``out``) is a sum of terms as large as
    cond * |inner|, and each order of differentiation through V and the eigenvalues brings
    two more such factors (near a Jordan block the gap between the eigenvalues that merge is
    ~ 1 / cond, and an eigenvalue's k-th derivative grows as cond^(2k-1)), while the function
    itself (np.sum(w ** 3), trace(a^3)) stays smooth there: the k-th derivative carries a
    rounding error of about eps * rho^(2k-1) relative to its scale, rho = cond * |inner| /
    |out| the cancellation in the first derivative. Measured with mpmath (50 digits, the
    five second-order paths, 2x2 [[1, 1], [d, 1]] and 3x3 / 4x4 near-Jordan matrices):
    at rho = 1e3 the Hessian of np.real(np.sum(w ** 3)) is 7e-9 off, at 1e4 4e-5, at 1e6
    (d = 1e-12) 4 relative (57 absolute); the third derivative 3.6e-3 at rho = 1e3. The first
    order is refused at cond > 1 / _NEARLY_REPEATED (1e8), an error of about 2e-8; the k-th
    order takes the same budget, rho^(2k-1) <= 1e8: rho up to 464 for the second, 40 for the
    third (:func:`_allowed_at_order`). A derivative of one eigenvalue (its cotangent alone: the gradient is as large as
    cond * |inner|) has rho ~ 1 and keeps its digits, as does a badly scaled matrix far from
    a defective one ([[1, 1e4], [1e-3, 2]], cond 3e3: its Hessians to 1e-13). Forward mode's
    tangents (a transposed pullback: the cotangent, and so the function's cancellation,
    unknown) take rho = cond, as do orders above 2, whose cancellation this first derivative
    does not show (the third derivative of np.sum(w ** 3) at that scaled matrix: 1e-6 off).
    """
    size = lambda x: np.max(np.abs(plain_value(x)), axis=(-2, -1), initial=0.0)  # noqa: E731
    top, bottom = np.asarray(cond) * size(inner), size(out)
    if order > 2 or in_jvp() or (is_traced(inner) and not np.any(top)):  # (a traced zero: forward mode's)
        rho = np.asarray(cond)
    else:
        rho = np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1.0), 0.0)
    limit = _allowed_at_order(2 * order - 1)
    if np.any(rho > limit):
        raise np.linalg.LinAlgError(
            f"the derivative of order {order} of numpy.linalg.eig is not computed at this nearly "
            f"defective matrix (its eigenvector matrix has condition number {np.max(cond):.3g}; "
            f"the rule's first derivative cancels {np.max(rho):.3g}-fold, and the error of the "
            f"derivative of order k grows as that to the power 2k - 1, above {limit:.3g} for "
            f"order {order}): a function of the matrix itself (trace(a^3) for np.sum(w ** 3)) "
            "has it there, or differentiate at a matrix farther from a defective one")


defvjp(np.linalg.eig, _vjp_eig)


def _eig(a):
    return np.linalg.eig(a)


#: ``np.linalg.eig`` for the eig rule's own use of the eigenvectors in the eigenvalues'
#: term (``V^-T diag(g) V^T``, blind to their signs): eig's rule without the refusal at
#: exact zeros (internal; the order of the eigenvalues was checked by the caller's rule).
eig_sign_blind = OwnPrimitive(_eig, name="numpy.linalg.eig (sign-blind)", reenters="any")
defvjp(eig_sign_blind, lambda ans, a: _vjp_eig(ans, a, signs_seen=False))


def _vjp_eigvalsh(ans, a, UPLO="L"):
    # d w_i = v_i^H da v_i, for the Hermitian matrix read from one triangle.
    spoilt = _nan_where_not_finite(a, UPLO, exact_1x1=True)

    def pullback(g):
        out = _eigenvalue_grad(eigh_sign_blind(a, UPLO)[1], g, UPLO)
        return out if spoilt is None else out * spoilt
    return pullback


defvjp(np.linalg.eigvalsh, _vjp_eigvalsh)


# -- np.linalg: pinv, lstsq ------------------------------------------------------------------

def _pinv_grad(a, x, gx):
    """The cotangent of ``a`` for the cotangent ``gx`` of its pseudo-inverse ``x``.

    Golub and Pereyra (1973): where the rank is locally constant,
    dX = -X dA X + X X^H dA^H (I - A X) + (I - X A) dA^H X^H X, transposed term by term
    (the conjugated ones conjugate back, as for ``conj``).
    """
    m, n = shape_of(a)[-2:]
    xh = _H(x)
    out = -(_T(x) @ gx @ _T(x))
    out = out + conj_if_complex((np.eye(m) - a @ x) @ _T(gx) @ x @ xh)
    return out + conj_if_complex(xh @ x @ _T(gx) @ (np.eye(n) - x @ a))


def _pinv_dropped_grad(a, x, gx, terms):
    """The part of the cotangent of ``a`` for the cotangent ``gx`` of its truncated pseudo-inverse ``x`` that
    :func:`_pinv_grad` leaves out where ``a`` has singular values dropped by the cutoff (internal).

    With ``a = U1 S1 V1^H + N`` (``N = a - a x a``: the dropped part, rounding at an exactly rank-deficient
    ``a``, its singular values sigma_j below the cutoff) the truncated pseudo-inverse ``x = V1 S1^-1 U1^H`` moves
    as the SVD's kept vectors turn towards the dropped ones, by ``(s_i dA v_i + N dA^H u_i) / (s_i^2 - sigma_j^2)``:
    summed as a series in ``(sigma / s)^2``, ``dX = -X dA X + sum_k (N^H N)^k [(I - X A) dA^H + N^H dA X]
    (X^H X)^(k+1) + (X X^H)^(k+1) [dA^H (I - A X) + X dA N^H] (N N^H)^k``, whose ``k = 0`` part without ``N``
    is Golub and Pereyra's. This adds the rest up to ``k = terms``, transposed term by term as
    :func:`_pinv_grad`: the terms in ``N`` are 0 (or rounding) at ``a`` but their derivatives are not, and
    the derivative of order ``p`` needs the powers of ``N`` up to ``p - 1`` (``terms >= (p - 1) // 2``).
    """
    m, n = shape_of(a)[-2:]
    xh = _H(x)
    nn = a - a @ x @ a
    nh = _H(nn)
    left_x, right_x = xh @ x, x @ xh  # X^H X (m x m), X X^H (n x n)
    left_n, right_n = nh @ nn, nn @ nh  # N^H N (n x n), N N^H (m x m)
    not_x_a, not_a_x = np.eye(n) - x @ a, np.eye(m) - a @ x
    out = None
    pow_x_l, pow_x_r, pow_n_l, pow_n_r = left_x, right_x, None, None  # (X^H X)^(k+1), (X X^H)^(k+1), (N^H N)^k...
    for k in range(terms + 1):
        c1 = nh if pow_n_l is None else pow_n_l @ nh
        c2 = nh if pow_n_r is None else nh @ pow_n_r
        # (N^H N)^k N^H dA X (X^H X)^(k+1) and (X X^H)^(k+1) X dA N^H (N N^H)^k: holomorphic in dA
        part = _T(c1) @ gx @ _T(x @ pow_x_l) + _T(pow_x_r @ x) @ gx @ _T(c2)
        if k:  # (N^H N)^k (I - X A) dA^H (X^H X)^(k+1), (X X^H)^(k+1) dA^H (I - A X) (N N^H)^k: in conj(dA)
            part = part + conj_if_complex(pow_x_l @ _T(gx) @ pow_n_l @ not_x_a)
            part = part + conj_if_complex(not_a_x @ pow_n_r @ _T(gx) @ pow_x_r)
        out = part if out is None else out + part
        pow_x_l, pow_x_r = pow_x_l @ left_x, pow_x_r @ right_x
        pow_n_l = left_n if pow_n_l is None else pow_n_l @ left_n
        pow_n_r = right_n if pow_n_r is None else pow_n_r @ right_n
    return out


#: the series of :func:`_pinv_dropped_grad` is summed to this many terms at most: beyond, the largest singular
#: value dropped is within a factor 1.6 of the smallest kept (its ratio q = (sigma / s)^2 above 0.385, q^41 > 1e-17)
_PINV_SERIES_TERMS = 40


def _pinv_dropped_terms(name, sizes, cutoff, order):
    """How many terms of :func:`_pinv_dropped_grad`'s series a derivative of ``order`` of a pseudo-inverse of a
    stack with singular values ``sizes`` (descending) and cutoffs ``cutoff`` (absolute, one per matrix) needs, or
    None where no singular value is dropped (Golub and Pereyra's formula alone); after the checks (internal):
    the rank constant about ``a`` (no singular value within a relative 1e-8 of the cutoff), the series' ratio
    below 0.385, the condition number of the kept part within the budget of ``order``."""
    finite = np.all(np.isfinite(sizes), axis=-1, keepdims=True)  # (an inf or NaN: NaN derivatives, elsewhere)
    sizes = np.where(finite, sizes, 1.0)
    cutoff = np.where(finite, np.asarray(cutoff)[..., None], 0.0)
    kept = sizes > cutoff
    # (checked on both sides of the cutoff: NumPy's own SVD of the matrix, eigh's for hermitian=True, may put a
    # singular value within rounding of the cutoff on the other side than this one, as it did at rcond = 0.25 at
    # eigenvalues 2, -1, 0.5: NumPy's truncated value with the full-rank derivative, silently)
    if np.any(np.abs(sizes - cutoff) <= 1e-8 * cutoff) or not np.all(np.any(kept, axis=-1)):
        raise np.linalg.LinAlgError(
            f"the derivative of {name} is not defined here: a singular value of the matrix is at (within a "
            "relative 1e-8 of) the cutoff rcond * max(s) that decides the rank (or the matrix is 0), so the rank "
            "jumps under a perturbation and the pseudo-inverse with it. Pass an rcond (rtol) whose cutoff falls "
            "in a gap of the singular values, or differentiate a regularized form such as "
            "a.T @ np.linalg.solve(a @ a.T + lam * np.eye(m), b)")
    if np.all(kept):
        return None
    smallest = np.min(np.where(kept, sizes, np.inf), axis=-1)
    largest_dropped = np.max(np.where(kept, 0.0, sizes), axis=-1)
    ratio = np.max(np.where(np.isfinite(smallest), largest_dropped / np.where(np.isfinite(smallest), smallest, 1.0), 0.0))
    q = ratio * ratio
    terms = 0 if q == 0 else max(0, math.ceil(math.log(1e-17) / math.log(q)) - 1)
    if terms > _PINV_SERIES_TERMS:
        raise np.linalg.LinAlgError(
            f"the derivative of {name} is not computed here: the largest singular value dropped by the cutoff is "
            f"{ratio:.3g} times the smallest kept, and the derivative's series in their squared ratio would not "
            f"converge within {_PINV_SERIES_TERMS} terms. Pass an rcond (rtol) whose cutoff falls in a wider gap "
            "of the singular values")
    kappa = np.max(np.where(np.isfinite(smallest), sizes[..., 0] / np.where(np.isfinite(smallest), smallest, 1.0), 1.0))
    if order > 1 and kappa > _allowed_at_order(order):
        raise np.linalg.LinAlgError(
            f"the derivative of order {order} of {name} is not computed at this rank-deficient matrix whose "
            f"largest singular value is {kappa:.3g} times the smallest kept: its rounding error grows as eps "
            f"times that ratio to the power {order}, above the 1e8 allowed. Differentiate at a better "
            "conditioned matrix (or pass an rcond that drops the small singular value), or use the first "
            "derivative only")
    return max(terms, (order - 1) // 2)


def _pinv_rcond(a, rcond, rtol):
    if rcond is not None:
        return rcond
    if rtol is None:  # (NumPy's: the eps of a's precision, float32's for float32 and complex64)
        dtype = dtype_of(a)
        return max(shape_of(a)[-2:]) * np.finfo(dtype if np.issubdtype(dtype, np.inexact) else np.float64).eps
    return 1e-15 if rtol is _NO_VALUE else rtol


_NO_VALUE = object()


def _vjp_pinv(ans, a, rcond=None, hermitian=False, *, rtol=_NO_VALUE):
    shape = shape_of(a)
    m, n = shape[-2:]
    cutoff = _pinv_rcond(a, rcond, rtol)
    # (an inf or NaN: NumPy's SVD gives NaN singular values, none above the cutoff, and pinv 0,
    # whose derivative came out 0 reverse and NaN forward)
    spoilt = _nan_where_not_finite(a, "L" if hermitian else None)

    def pullback(g):
        if m == 0 or n == 0:  # no entries (NumPy takes hermitian=True for any empty shape)
            return np.zeros(shape, dtype_of(a) if np.issubdtype(dtype_of(a), np.inexact) else np.float64)
        if hermitian:  # NumPy reads the lower triangle only, and the real part of its diagonal
            strict = np.tril(np.ones((m, n)), -1)
            full = a * strict + _H(a * strict) + np.real(a) * np.eye(n)
        else:
            full = a
        sizes = np.linalg.svd(plain_value(full), compute_uv=False)
        order = 1 + nesting(a)
        terms = _pinv_dropped_terms("numpy.linalg.pinv", sizes, np.asarray(cutoff) * np.max(sizes, axis=-1), order)
        if terms is None:
            _refuse_ill_conditioned_higher("numpy.linalg.pinv", sizes, m, n, order)
        out = _pinv_grad(full, ans, g)
        if terms is not None:  # (singular values dropped by the cutoff: the truncated pseudo-inverse's derivative)
            out = out + _pinv_dropped_grad(full, ans, g, terms)
        out = out if spoilt is None else out * spoilt
        return real_like(_fold(out, "L") if hermitian else out, a)
    return pullback


def _pinv(a, *args, **kwargs):
    """np.linalg.pinv's value, NaN for the matrices of a stack that hold an inf (LAPACK's SVD
    never returns at some, see :func:`_svd`; NumPy gave 0 at a 2 x 2 inf); at a NaN NumPy's
    refusal."""
    bad = _infinite_matrices(a)
    if bad is None:
        return np.linalg.pinv(a, *args, **kwargs)
    out = np.linalg.pinv(_finite_stand_in(a, np.where(bad, np.nan, 1.0)[..., None, None]), *args, **kwargs)
    return np.where(bad[..., None, None], np.nan, out)


defvjp(np.linalg.pinv, _vjp_pinv, impl=_pinv)


def _lstsq_dropped_terms(a, ans, rcond, gs):
    """None where lstsq's ``a`` has full rank (after the checks of the higher derivatives), else the number of
    terms of :func:`_pinv_dropped_grad`'s series its solution's derivative needs, after pinv's checks (no
    singular value at the cutoff, ...) and the refusal of a cotangent of the singular values (internal)."""
    m, n = shape_of(a)[-2:]
    sizes = np.asarray(plain_value(ans[3]))
    order = 1 + nesting(a)
    if plain_value(ans[2]) >= min(m, n):
        _refuse_ill_conditioned_higher("numpy.linalg.lstsq", sizes, m, n, order)
        return None
    if gs is not None:
        raise np.linalg.LinAlgError(
            f"the gradient of numpy.linalg.lstsq's singular values is not defined at a rank-deficient matrix (rank "
            f"{plain_value(ans[2])} of {min(m, n)}, from rcond={rcond}): a singular value at 0 is |q| for a smooth "
            "q crossing 0 there. The solution x has a derivative (the truncated SVD's, while the dropped singular "
            "values stay below the cutoff); differentiate the singular values at a matrix of full rank")
    return _pinv_dropped_terms("numpy.linalg.lstsq", sizes, _lstsq_rcond(rcond, m, n) * np.max(sizes), order)


def _lstsq_rcond(rcond, m, n):
    """The relative cutoff of lstsq's rank (NumPy's: ``eps max(m, n)`` for None, LAPACK's eps for a negative one)."""
    eps = np.finfo(np.float64).eps
    return eps * max(m, n) if rcond is None else (eps if rcond < 0 else rcond)


def _refuse_ill_conditioned_higher(name, sizes, m, n, order):
    """Raise for a derivative of ``order`` >= 2 of pinv or lstsq of a rectangular matrix whose
    condition number (from its singular values ``sizes``) ``kappa`` has kappa^order > 1e8.

    Why: Golub and Pereyra's derivative is formed from X = pinv(a), of size 1 / s_min, and the
    projectors I - a X and I - X a, and each order of differentiation multiplies in another X:
    the k-th derivative's rounding error grows as eps kappa^k relative to its size (measured
    against mpmath, 50 digits, at [[1, 2], [2, 4 + e], [0.5, 1]]: the second derivative of
    sum(W * pinv(a)) 5e-10 off at kappa = 2.3e4, 5e-7 at 7.8e5, 7.5e-3 at 2.3e7, 2 at 2.3e9;
    lstsq's solution the same), while the first derivative loses eps kappa, as the value itself
    does. The first order keeps its rank test (rcond); the k-th takes the first order's budget
    elsewhere (eig's cond(V), det's cofactors: 1e8), kappa^k <= 1e8 (:func:`_allowed_at_order`),
    so kappa up to 1e4 for the second. A square matrix is exempt: there the projectors vanish, and the second derivative,
    inv's, loses eps kappa only (2e-8 at kappa 2.5e7)."""
    if order < 2 or m == n or not m or not n:
        return
    sizes = np.asarray(sizes)
    kappa = np.max(np.where(sizes[..., -1] > 0, sizes[..., 0] / np.where(sizes[..., -1] > 0, sizes[..., -1], 1.0), np.inf))
    if kappa > _allowed_at_order(order):
        raise np.linalg.LinAlgError(
            f"the derivative of order {order} of {name} is not computed at this ill-conditioned "
            f"{m}x{n} matrix (condition number {kappa:.3g}): its rounding error grows as eps "
            f"times the condition number to the power {order}, above the 1e8 allowed, and it "
            "would lose its digits. Differentiate at a better conditioned matrix, or use the "
            "first derivative only")


def _lstsq_grads(g, a, b, ans, rcond):
    """The cotangents of a and b (None: zero) for the cotangent ``g`` of ``lstsq(a, b)``.

    x = pinv(a) b; the residuals |b - a x|^2 at the optimal x (whose own change does not
    move them to first order); the singular values of a; the rank gets no gradient.
    """
    gx, gres, gs = _part(g, 0), _part(g, 1), _part(g, 3)
    if gx is None and gres is None and gs is None:
        return None, None
    terms = _lstsq_dropped_terms(a, ans, rcond, gs)
    x = ans[0]
    vector = np.ndim(b) == 1
    ga, gb = [], []
    if gx is not None:
        m, n = shape_of(a)[-2:]
        # (at a rank-deficient a, x = pinv(a) b with lstsq's cutoff: the truncated SVD's, see _pinv_dropped_grad)
        p = np.linalg.pinv(a) if terms is None else np.linalg.pinv(a, rcond=_lstsq_rcond(rcond, m, n))
        gb.append(_T(p) @ gx)
        outer = np.outer(gx, b) if vector else gx @ _T(b)
        ga.append(_pinv_grad(a, p, outer))
        if terms is not None:
            ga.append(_pinv_dropped_grad(a, p, outer, terms))
    if gres is not None and shape_of(ans[1])[0]:
        r = conj_if_complex(b - a @ x)  # d|r|^2 = 2 Re(r^H (db - da x))
        gr = 2.0 * (r * gres[0] if vector else r * gres)
        gb.append(gr)
        ga.append(-(np.outer(gr, x) if vector else gr @ _T(x)))
    if gs is not None:  # ds_i = Re(u_i^H da v_i)
        u, _, vh = svd_sign_blind(a, full_matrices=False)
        ga.append(conj_if_complex((u * gs) @ vh))
    return _total(ga), _total(gb)


def _total(terms):
    """The sum of a list of cotangents, or None for an empty list."""
    out = None
    for t in terms:
        out = t if out is None else out + t
    return out


def _vjp_lstsq_a(ans, a, b, rcond=None):
    def pullback(g):
        ga = _lstsq_grads(g, a, b, ans, rcond)[0]
        return np.zeros(shape_of(a)) if ga is None else real_like(ga, a)
    return pullback


def _vjp_lstsq_b(ans, a, b, rcond=None):
    def pullback(g):
        gb = _lstsq_grads(g, a, b, ans, rcond)[1]
        return np.zeros(shape_of(b)) if gb is None else real_like(gb, b)
    return pullback


def _lstsq(a, b, *args, **kwargs):
    """np.linalg.lstsq's value, refused (LinAlgError, as NumPy's own at a 2 x 2 with an inf or NaN)
    where a holds an inf or NaN: LAPACK's SVD never returns at some (see :func:`_svd`)."""
    if not np.all(np.isfinite(plain_value(a))):
        raise np.linalg.LinAlgError(
            "SVD did not converge in Linear Least Squares: a holds an inf or NaN (wengert refuses "
            "before LAPACK, whose SVD never returns at some, e.g. [[inf, 1, 2], [1, 3, 1], [2, 1, 5]] "
            "on NumPy 2.0 to 2.4); pass a finite a")
    return np.linalg.lstsq(a, b, *args, **kwargs)


defvjp(np.linalg.lstsq, _vjp_lstsq_a, _vjp_lstsq_b, impl=_lstsq)


# -- np.linalg: matrix_power, multi_dot ------------------------------------------------------

def _power_grad(a, k, g):
    """The cotangent of ``a`` for ``a^k`` (k >= 1): sum over j of (a^T)^j g (a^T)^(k-1-j)."""
    at = _T(a)
    powers = [None, at]  # powers[j] = (a^T)^j, powers[0] the identity
    for _ in range(2, k):
        powers.append(powers[-1] @ at)
    out = None
    finite = _all_finite(at)  # (else: g's structural zeros against the powers' infs)
    live = None if finite else live_zeros(g)
    for j in range(k):
        if finite:
            term = g if j == 0 else powers[j] @ g
            term = term if j == k - 1 else term @ powers[k - 1 - j]
        else:
            term = g if j == 0 else _structural_product(g, powers[j], False, live)
            term = term if j == k - 1 else _structural_product(term, powers[k - 1 - j], True, live if j == 0 else None)
        out = term if out is None else out + term
    return out


def _vjp_matrix_power(ans, a, n):
    k = int(n)
    shape = shape_of(a)
    if k == 0:
        return lambda g: np.zeros(shape)
    if k > 0:
        return lambda g: _power_grad(a, k, g)

    def pullback(g):  # a^-k = inv(a)^k: through inv
        inv = np.linalg.inv(a)
        return -(_T(inv) @ _power_grad(inv, -k, g) @ _T(inv))
    return pullback


defvjp(np.linalg.matrix_power, _vjp_matrix_power, None)


def _vjp_multi_dot(ans, arrays, *, out=None):
    # As a chain of 2-d products: a 1-d first (last) array is a row (column).
    count = len(plain_value(arrays))
    items = [arrays[i] for i in range(count)]
    shapes = [shape_of(x) for x in items]
    mats = [np.reshape(x, (1, -1)) if i == 0 and len(s) == 1 else
            np.reshape(x, (-1, 1)) if len(s) == 1 else x for i, (x, s) in enumerate(zip(items, shapes))]
    left = [None]
    for x in mats[:-1]:
        left.append(x if left[-1] is None else left[-1] @ x)
    right = [None]
    for x in mats[:0:-1]:
        right.append(x if right[-1] is None else x @ right[-1])
    right = right[::-1]
    rows, cols = shape_of(mats[0])[0], shape_of(mats[-1])[1]
    finite = _all_finite(ans)  # (else: g's structural zeros against the factors' infs)

    def pullback(g):
        live = None if finite else live_zeros(g)
        g = np.reshape(g, (rows, cols))
        parts = []
        for i, shape in enumerate(shapes):
            if finite:
                gi = g if right[i] is None else g @ _T(right[i])
                gi = gi if left[i] is None else _T(left[i]) @ gi
            else:
                gi = g if right[i] is None else _structural_product(g, _T(right[i]), True, _reshaped(live, (rows, cols)))
                gi = gi if left[i] is None else _structural_product(
                    gi, _T(left[i]), False, _reshaped(live, (rows, cols)) if right[i] is None else None)
            parts.append(np.reshape(gi, shape) if len(shape) == 1 else gi)
        return type(plain_value(arrays))(parts)
    return pullback


sequence_function(np.linalg.multi_dot, _vjp_multi_dot)


# -- np.linalg: tensorsolve, tensorinv (solve and inv of a reshaped matrix) ------------------

def _tensorsolve_layout(a, b, axes):
    """The permutation NumPy applies to a, and the square matrix size."""
    nd = np.ndim(a)
    order = list(range(nd))
    if axes is not None:
        for k in axes:
            order.remove(k)
            order.insert(nd, k)
    size = int(np.prod(shape_of(b)))
    return order, size


def _tensorsolve_matrix(a, order, size):
    return np.reshape(np.transpose(a, order), (size, size))


def _tensorsolve_spoilt(a):
    """NaN where ``a`` holds an inf or NaN, else 1 (internal): as solve's (:func:`_solve_spoilt`)."""
    return 1.0 if np.all(np.isfinite(plain_value(a))) else np.nan


def _vjp_tensorsolve_a(ans, a, b, axes=None):
    order, size = _tensorsolve_layout(a, b, axes)
    shape = shape_of(a)
    spoilt = _tensorsolve_spoilt(a)

    def pullback(g):
        gb = np.linalg.solve(_T(_tensorsolve_matrix(a, order, size)), np.reshape(g, -1)) * spoilt
        gm = -np.outer(gb, np.reshape(ans, -1))
        return _permuted(np.reshape(gm, tuple(shape[i] for i in order)), order)
    return pullback


def _vjp_tensorsolve_b(ans, a, b, axes=None):
    order, size = _tensorsolve_layout(a, b, axes)
    shape = shape_of(b)
    spoilt = _tensorsolve_spoilt(a)
    return lambda g: np.reshape(np.linalg.solve(_T(_tensorsolve_matrix(a, order, size)), np.reshape(g, -1)) * spoilt,
                                shape)


defvjp(np.linalg.tensorsolve, _vjp_tensorsolve_a, _vjp_tensorsolve_b)


def _vjp_tensorinv(ans, a, ind=2):
    shape = shape_of(a)
    rows = int(np.prod(shape[:ind]))

    def pullback(g):  # inv's rule on the matrices: -X^T G X^T
        x = np.reshape(ans, (-1, rows))
        gm = -(_T(x) @ np.reshape(g, (-1, rows)) @ _T(x))
        return np.reshape(gm, shape)
    return pullback


defvjp(np.linalg.tensorinv, _vjp_tensorinv)


# -- np.linalg.norm ------------------------------------------------------------------------
# Vector norms (ord None/2, 1, inf, -inf, 0, any other p) along one axis, matrix norms
# ('fro', 'nuc', 2, -2, 1, -1, inf, -inf) over two. Where the norm has a kink, the rule
# takes a subgradient: 0 for every norm of a zero vector or matrix (at every order, see
# divide_or_zero), sign(0) = 0 for |x|, and the tied largest entries (or columns, rows)
# share the gradient equally. Those conventions are not differentiable again: a second
# derivative at such a point raises (at_kink), where differentiating the convention would
# give a wrong value (0 for the Hessian of norm(x)**2 at 0, which is 2 I). The
# 0-"norm" counts nonzero entries: its gradient is 0. At a zero entry of a nonzero vector
# the derivative is refused for 0 < p < 1 (one-sided -inf, +inf), the second derivative
# for 1 < p < 2 (infinite) and p < 0 (the norm's minimum 0, |x_i| to first order: gradient 0),
# see _p_norm_zero_entry. The 2/-2/'nuc' matrix norms go
# through the SVD (a real matrix's Hessian through spectral_factor's own rule, ties allowed
# where the norm has one; a complex one's through the SVD's, distinct singular values).

def _norm_axes(x, ord, axis):
    """The reduced axes (non-negative) and whether it is a matrix norm."""
    nd = np.ndim(x)
    if axis is None:
        if ord is None:  # the 2-norm of all entries, whatever the shape
            return tuple(range(nd)), False
        return tuple(range(nd)), nd == 2
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    return tuple(int(a) % nd for a in axes), len(axes) == 2


def _safe(x):
    """``x`` with its zeros replaced by 1, for a division whose numerator is 0 there."""
    return np.where(x == 0, 1.0, x)


def _conj_sign(x):
    """d|x|/dx as a cotangent: sign(x) for real x (0 at 0), conj(x) / |x| for complex x."""
    if not is_complex(x):
        return np.sign(x)
    r = np.abs(x)
    return np.conj(x) / _safe(r)


def _norm_kink(ord, convention):
    """What at_kink says for np.linalg.norm of order ``ord``."""
    advice = ("For a squared 2-norm write np.dot(x, x) or np.sum(x * x) (np.vdot(x, x).real for complex x, "
              "np.sum(x * x, axis=...) along an axis), whose Hessian is 2 I everywhere."
              if ord in (None, 2, "fro", "f") else "Evaluate away from the kink, or use a smooth surrogate.")
    return (f"numpy.linalg.norm(..., ord={ord!r})", convention, advice)


def _share_extremum(values, extremum, axes):
    """Equal shares of 1 among the entries of ``values`` equal to ``extremum`` (ties share)."""
    chosen = values == extremum
    return chosen / np.sum(chosen, axis=axes, keepdims=True)


def _norm_scales(plain_x, plain_norm, axes, p):
    """``(off, e)``: the slices (kept dims) whose sum of ``|x|^p`` under- or overflows, judged from
    the norm given (NumPy's in :func:`_norm_value`, the true one in the pullback: the same slices), and for each a binary exponent ``e`` near its largest ``|entry|`` (its smallest
    nonzero one for ``p < 0``) by which ``x`` is divided there; None where no slice is off (internal:
    :func:`_rescaled` and :func:`_norm_value`)."""
    if plain_x.size == 0:
        return None
    # 2^+-1000 for float64, 2^+-104 for float32 (whose squares are subnormal below 2^-126), 2^+-12 for float16
    # (maxexp 16: maxexp - 24 was -8, every float16 slice was off, x * 2^8's squares overflowed: the gradient of
    # norm([0.5, -1, 0.7, 0.3, 0.2]) was 0, its value inf)
    maxexp = np.finfo(plain_norm.dtype if plain_norm.dtype.kind == "f" else np.float64).maxexp
    bound = maxexp - min(24, maxexp // 4)
    # (the sum of |x|^p and the norm itself (its digits; 1 / N in the Hessian) must both stay in range: ord 0.5
    # at [3e-320, 4e-320, 0] took p alone and kept its subnormal N, 5.6e-6 off; the gradient's powers are of
    # ratios |x| / N, see _ratio_power)
    with np.errstate(all="ignore"):
        off = ~(max(1.0, abs(p)) * np.abs(np.log2(plain_norm)) < bound)
    if not np.any(off):  # (the common case, decided from the norm alone, before |x| and its maximum)
        return None
    with np.errstate(all="ignore"):
        a = np.abs(plain_x)
        # (p > 0: the norm lives at the largest |entry|; p < 0 at the smallest nonzero one: at the largest, the
        # smallest of [1e200, 1, 1e-200] went to 0 and ord -1's gradient was NaN for 1)
        big = (np.max(a, axis=axes, keepdims=True) if p > 0 else
               np.min(np.where(a == 0, np.inf, a), axis=axes, keepdims=True))
        off = np.isfinite(big) & (big > 0) & off
        # times 2^-e, e clipped to +-bound: 1 / s overflowed for a subnormal s = 2^-1060, and the derivative of x / s
        # (inf) times the Hessian's exact 0 at x / s was NaN (norm at [3e-320, 4e-320, 0]); 2^1000 leaves those
        # entries near 2^-57 (their squares normal), and forward mode's tangent of x s finite
        e = np.clip(np.frexp(np.where(off, big, 1.0))[1], -bound, bound)
        if p < 0:  # (not where the largest entry would overflow: such a slice keeps x as given; by the clipped e,
            # the largest entry scaled at once: 2^-e alone overflowed at a subnormal smallest entry, and ord -1's
            # gradient at [3, -4, 1] 2^-1050 was 0 for [0.0443, -0.0249, 0.399])
            off &= np.ldexp(np.max(a, axis=axes, keepdims=True), -e) < 2.0 ** bound
    return (off, np.where(off, e, 0)) if np.any(off) else None


def _scaled_by(x, e, plain_x):
    """``x * 2^-e`` in ``x``'s float dtype (float64 for integers; internal)."""
    return x * np.ldexp(1.0, -e).astype(plain_x.dtype if plain_x.dtype.kind == "f" else np.float64)


def _rescaled(x, norm, axes, p):
    """``x`` and its ``p``-norm over ``axes`` (kept), each slice whose sum of ``|x|^p`` under- or
    overflows divided by a power of two near its largest ``|entry|`` (internal). NumPy's norm
    there is 0, inf or short of digits (norm([1e-200, 3e-200]) is 0), and the gradient through
    it was the zero vector's 0, or off (5e-6 at [1e-160, 3e-160]), silently. A norm's gradient
    is the same at ``x / s`` (``s`` constant): it is exact; elsewhere ``x`` and ``norm`` as given."""
    plain_x = np.asarray(plain_value(x))
    scales = _norm_scales(plain_x, np.asarray(plain_value(norm)), axes, p)
    if scales is None:
        return x, norm
    xs = _scaled_by(x, scales[1], plain_x)
    if p == 2.0:  # (no abs: its kink at a zero entry would refuse the second derivative)
        return xs, np.sqrt(np.sum(np.real(xs * np.conj(xs)), axis=axes, keepdims=True))
    return xs, np.sum(np.abs(xs) ** p, axis=axes, keepdims=True) ** (1.0 / p)


def _summed_power(ord, matrix):
    """The ``p`` of np.linalg.norm(x, ord) (``matrix``: a matrix norm, :func:`_norm_axes`) when NumPy forms
    it as ``(sum |x|^p)^(1/p)``, which under- or overflows before the norm does; None for the orders that
    do not (0, 1, +-inf, the matrix norms but 'fro')."""
    if ord is None or ord in ("fro", "f"):
        return 2.0
    if matrix or isinstance(ord, str) or ord in (0, 1, np.inf, -np.inf):
        return None
    return float(ord)


def _norm_value(x, ord=None, axis=None, keepdims=False):
    """np.linalg.norm's value on Vars: NumPy's, but where its sum of ``|x|^p`` under- or overflows
    (``norm([1e-200, 1e-200])`` is 0.0 in NumPy, 1.414e-200 exactly; ``norm([1e200, 1e200])`` inf)
    the norm of ``x / 2^e`` times ``2^e``, as scipy.linalg.norm's BLAS nrm2 does. With NumPy's 0
    there the gradient of ``norm(x) ** 2`` was 0 for 2x and its Hessian ``[[1, 1], [1, 1]]`` for 2 I,
    silently: the pullback already took the norm of the scaled ``x``, the value now agrees with it.

    >>> float(_norm_value(np.array([1e-200, 1e-200]))), float(np.linalg.norm(np.array([1e-200, 1e-200])))
    (1.414213562373095e-200, 0.0)
    """
    axes, matrix = _norm_axes(x, ord, axis)
    p = _summed_power(ord, matrix)
    if p is None:  # (NumPy's value, its warnings)
        return np.linalg.norm(x, ord, axis, keepdims)
    with np.errstate(over="ignore"):  # (NumPy's warning where the value is not finite: numpy_warnings_unless_finite)
        ans = np.linalg.norm(x, ord, axis, keepdims)
    numpy_call = functools.partial(np.linalg.norm, x, ord, axis, keepdims)
    plain_x = np.asarray(plain_value(x))
    kept = ans if keepdims or not axes else np.expand_dims(ans, axes)
    scales = _norm_scales(plain_x, np.asarray(plain_value(kept)), axes, p)
    if scales is None:
        return numpy_warnings_unless_finite(ans, numpy_call)
    off, e = scales
    real = np.asarray(plain_value(kept)).dtype  # (NumPy's dtype of the norm: float32's for complex64, not float64)
    with np.errstate(over="ignore"):  # (a true norm beyond the range: NumPy's own warnings decide, below)
        scaled = np.linalg.norm(x * np.ldexp(1.0, -e).astype(real), ord, axis, True) * np.ldexp(1.0, e).astype(real)
    out = np.where(off, scaled, kept)
    out = out if keepdims or not axes else np.squeeze(out, axes)
    out = out[()] if np.ndim(out) == 0 and not is_traced(out) else out  # (NumPy's scalar type, as ans)
    return numpy_warnings_unless_finite(out, numpy_call)


def _p_norm_share(g, x, norm, p, axes, kink=None, unscaled=None):
    """``g * d||x||_p / dx = g * sign(x) |x|^(p-1) / ||x||^(p-1)``, 0 at a zero vector (``kink``: what
    at_kink says there, by default :func:`_norm_kink`'s for ``ord=p``; ``unscaled``: the ``x`` that
    :func:`_rescaled` scaled, for :data:`p_norm_factor`, which needs no scaling and whose Hessian at
    ``x / s`` underflowed where ``H(x)`` is in range: ord -2 at [1, 2e-200, 3], reverse over reverse, 0
    for -6.7e-200).

    At a zero vector the norm is ``|t| ||v||_p`` along every line ``t v``: the
    derivatives of every order are 0 there (the subgradient at the kink, then the true
    ones), as for the 2-norm. ``x`` is replaced by 1 there before the powers, so they stay
    finite: masking only the result left ``0 * inf`` (NaN) in the second derivative for
    1 < p < 2 and in the first for p < 1. A zero entry of a nonzero vector keeps the
    formula for p >= 2; below, see :func:`_p_norm_zero_entry`.
    """
    zero = np.all(x == 0, axis=axes, keepdims=True)  # plain values, also for a Var x
    if p < 2:
        entry = (np.asarray(plain_value(x)) == 0) & ~zero  # zero entries of nonzero slices
        if np.any(entry):
            return _p_norm_zero_entry(g, x, norm, p, axes, zero, entry, kink)
    if not np.any(zero):
        y = x if unscaled is None else unscaled
        if is_traced(y) and _all_nonzero_finite(y, zeros_too=p >= 2 and not is_complex(y)):
            # (its own second derivative: see p_norm_factor; a zero entry too for p >= 2, where the factor's
            # derivatives are finite: through the chain rule the 2-norm's Hessian at [3e-320, 4e-320, 0] was NaN)
            if is_complex(y):  # the factor of |x|, and x's phase with its own rule (see unit_phase)
                if y is not x and _per_slice(g, y, axes) and not np.iscomplexobj(plain_value(g)):
                    # (rescaled: x / 2^e's phase, the same, y's own overflowed through 1 / |y|; its derivative, ~ 1 / |y|,
                    # formed with g's factor first, see phase_times and p_norm_times)
                    return p_norm_times(phase_times(g, x), np.abs(x), p, axes)  # (|x|: |y|'s tangent overflowed too)
                return g * unit_phase(y) * p_norm_factor(np.abs(y), p, axes)
            if y is not x and _per_slice(g, y, axes):  # (rescaled: beyond the range, see p_norm_times; not forward
                # mode's tangent entry by entry, whose zeros the product's rule keeps from the Hessian's infinities)
                return p_norm_times(g, y, p, axes)
            return g * p_norm_factor(y, p, axes)
        if is_traced(x):
            return g * _conj_sign(x) * np.abs(x) ** (p - 1) / norm ** (p - 1)
        return g * _p_norm_gradient_plain(x, p, axes)  # (not NumPy's norm: see _p_norm_parts)
    safe_x = np.where(zero, 1.0, x)
    share = _conj_sign(safe_x) * np.abs(safe_x) ** (p - 1) / np.where(zero, 1.0, norm) ** (p - 1)
    return at_kink(g * np.where(zero, 0.0, share), x, lambda: zero,
                   _norm_kink(p, "0 at a zero vector") if kink is None else kink, g)


def _p_norm_zero_entry(g, x, norm, p, axes, zero, entry, kink):
    """:func:`_p_norm_share` for p < 2 where a nonzero slice has a zero entry (internal). There
    ``|x_i|^p`` is not twice differentiable, and the formula's ``0 * inf`` was NaN, silently (ord 0.5 at
    [3, 4, 0]: the gradient [2.15, 1.87, nan]; ord -1: [0, 0, nan]):

    * 1 < p < 2: the gradient there is 0 (the true one), its derivative infinite: second order refused;
    * 0 < p < 1: the one-sided derivatives are -inf and +inf: refused, unless the cotangent (forward
      mode's tangent) is 0 there;
    * p < 0: the norm is 0 (its minimum) and ``|x_i|`` to first order: the gradient is the
      subgradient 0 for the whole slice, second order refused.
    """
    if 0 < p < 1 and np.any(entry & (np.asarray(plain_value(g)) != 0)):
        at = [tuple(int(i) for i in ix) for ix in np.argwhere(entry)[:3]]
        raise NoGradientRule(
            f"numpy.linalg.norm(..., ord={p!r}) has no derivative at a zero entry of a nonzero vector "
            f"(input entries {', '.join(map(str, at))}): for 0 < ord < 1, |x_i|^ord's one-sided derivatives "
            "there are -inf and +inf. Evaluate away from the zero entry, or use a smooth surrogate "
            "(np.sum((x * x + eps) ** (ord / 2)) ** (1 / ord)).")
    dead = zero | (np.any(entry, axis=axes, keepdims=True) if p < 0 else False)
    hold = dead | entry
    with np.errstate(divide="ignore", invalid="ignore"):
        safe_x = np.where(hold, 1.0, x)
        share = _conj_sign(safe_x) * np.abs(safe_x) ** (p - 1) / np.where(dead, 1.0, norm) ** (p - 1)
    convention = ("0 at a zero vector and at a zero entry (the true first derivative, whose own "
                  "derivative is infinite for 1 < ord < 2)" if p > 1 else
                  "0 at a zero vector, and for the whole vector at a zero entry (where the norm is 0, "
                  "its minimum, and |x_i| to first order)")
    return at_kink(g * np.where(hold, 0.0, share), x, lambda: np.broadcast_to(zero, entry.shape) | entry,
                   _norm_kink(p, convention) if kink is None else kink, g)


def _all_nonzero_finite(x, zeros_too=False):
    """True if every entry of ``x`` (plain, a Var or a Dual) is finite and not 0 (``zeros_too``: or 0;
    internal)."""
    plain = np.asarray(plain_value(x))
    return bool(np.all(np.isfinite(plain) & ((plain != 0) | zeros_too)))


def _ratio_power(a, n, q):
    """``(a / n)^q`` (``a >= 0``, ``n > 0`` plain, ``n`` broadcast), as ``a^q / n^q`` where the ratio
    leaves the normal range (internal). The ratio alone lost an entry far below the norm (ord 0.5 at
    [1e200, 1, 1e-200]: (1e-400)^-0.5 was inf for 1e200), the powers alone one whose power left the
    range (ord -1 at [1e200, 1, 1e-200]: (1e-200)^-2 / (1e-200)^-2 was inf / inf, NaN for 1).

    >>> _ratio_power(np.array([1e200, 1.0, 1e-200]), 1e200, -0.5)
    array([1.e+000, 1.e+100, 1.e+200])
    """
    with np.errstate(all="ignore"):
        u = a / n
        out = u ** q
        far = (u < np.finfo(u.dtype).tiny) & (a > 0)
        if np.any(far):
            out = np.where(far, a ** q / n ** q, out)
    return out


def _dominant_exponent(a, p, axes):
    """The binary exponent ``e`` (int64, kept axes) of the entry of ``a >= 0`` (plain) that dominates
    its p-norm over ``axes``: the largest for p > 0, the smallest nonzero one for p < 0; 0 where there is
    none (a zero slice; internal)."""
    with np.errstate(all="ignore"):
        big = (np.max(a, axis=axes, keepdims=True) if p > 0 else
               np.min(np.where(a == 0, np.inf, a), axis=axes, keepdims=True))
    return np.frexp(np.where(np.isfinite(big) & (big > 0), big, 1.0))[1].astype(np.int64)


def _p_norm_parts(a, p, axes):
    """``(m, e)``: the p-norm of ``a >= 0`` (plain, finite) over ``axes`` (kept) is ``m 2^e``, ``m`` in
    [1/2, 1), formed at the scale 2^d of its dominant entry, ``(sum (a / 2^d)^p)^(1/p)`` (internal).
    NumPy's ``(sum a^p)^(1/p)`` takes the rounded 1 / p to the power of a sum far from 1: 2.5e-14 off at
    ord -1.5 and [1, 2e-200, 3] (the error of 1 / p times the log of the sum), the gradient 6.4e-14 off;
    and a norm below the normal range keeps only some of its digits (the parts keep them all)."""
    d = _dominant_exponent(a, p, axes)
    with np.errstate(all="ignore"):
        m, e = np.frexp(np.sum(np.ldexp(a, -d) ** p, axis=axes, keepdims=True) ** (1.0 / p))
    return m, d + e.astype(np.int64)


def _p_norm_gradient_plain(x, p, axes):
    """``conj(sign(x)) (|x| / N)^(p-1)`` at a plain ``x`` (a real p-norm's gradient; ``sign`` the unit
    phase of a complex ``x``), the norm and the powers as mantissas and exact exponents, one rounding at the
    end (:func:`_p_norm_parts`, :func:`_power_parts`; internal)."""
    x = np.asarray(x)
    a = np.abs(x)
    if max(abs(p), abs(p - 2.0)) > 512:  # (beyond _power_parts' range of powers)
        return _conj_sign(x) * _ratio_power(a, np.sum(a ** p, axis=axes, keepdims=True) ** (1.0 / p), p - 1)
    fv, kv = _power_parts(a, *_p_norm_parts(a.astype(np.float64), p, axes), p - 1)
    with np.errstate(all="ignore"):
        return (_conj_sign(x) * _ldexp_complex(fv, kv)).astype(np.result_type(x.dtype, np.float32) if
                                                               x.dtype.kind in "fc" else np.float64)


#: the binary exponent of a term that is 0 (internal; far below any other, never reached by a sum)
_DEAD_EXPONENT = np.iinfo(np.int64).min // 4


def _power_parts(a, fn, en, q):
    """``(F, K)`` with ``(a / n)^q = F 2^K``, ``n = fn 2^en`` (frexp's parts), ``F`` in [1/2, 1) (or 0)
    and ``K`` an exact integer (int64) (``a >= 0`` plain and finite, ``n > 0``, ``|q| <= 512``; internal): the power's binary exponent
    carried apart, so that a power far out of range (``u^(p-1)`` of an entry far from the dominant one)
    still gives its digits to a product that is in range. ``a / n = r 2^E`` (frexp's parts: ``E``
    exact), ``r^q`` and ``E q`` split into an integer and a fraction without rounding (``q``'s Veltkamp
    split: its 41 high bits times ``|E| < 2^12`` are exact), the fraction's ``2^f`` formed with it."""
    fa, ea = np.frexp(np.asarray(a, dtype=np.float64))
    e = (ea.astype(np.int64) - en.astype(np.int64)).astype(np.float64)
    split = 4097.0 * q
    high = split - (split - q)
    t = e * high  # (exact)
    k = np.floor(t)
    with np.errstate(all="ignore"):
        f, k2 = np.frexp((fa / fn) ** q * np.exp2((t - k) + e * (q - high)))
    return f, np.where(f == 0, _DEAD_EXPONENT, k.astype(np.int64) + k2)  # (0^q: its exponent never the largest)


def _scaled_leave_one_out(f, k, axes, coef=1.0):
    """``(L, s)`` with ``sum_(j != i) f_j 2^(k_j) c_j = L_i 2^(s_i)`` over ``axes`` for every ``i``
    (``f`` and ``k`` (int64; :data:`_DEAD_EXPONENT` for a term known to be 0) plain, ``c`` = ``coef``
    traced or plain, of magnitude about 1; internal): each sum taken at the scale of its largest term
    left in, the largest ``k`` (the second largest for the entry that alone has the largest), so that
    terms far below the range still count where no larger one is left."""
    k = np.where(f == 0, _DEAD_EXPONENT, k)
    k1 = np.max(k, axis=axes, keepdims=True)
    alone = (k == k1) & (np.sum(k == k1, axis=axes, keepdims=True) == 1) & (k1 != _DEAD_EXPONENT)
    k2 = np.max(np.where(alone, _DEAD_EXPONENT, k), axis=axes, keepdims=True)
    k1, k2 = (np.where(t == _DEAD_EXPONENT, 0, t) for t in (k1, k2))  # (no term left: the sum is 0)
    rest = leave_one_out(np.ldexp(f, np.clip(k - k1, -4000, 0)) * coef, axes)
    others = np.sum(np.where(alone, 0.0, np.ldexp(f, np.where(alone, 0, np.clip(k - k2, -4000, 0)))) * coef,
                    axis=axes, keepdims=True)
    return np.where(alone, others, rest), np.where(alone, k2, k1)


def _p_norm_factor(x, p, axes):
    """``sign(x) u^(p-1)``, ``u = |x| / N``, ``N`` the p-norm of ``x`` over ``axes`` (kept): the
    gradient of a real p-norm whose entries are all nonzero and finite (internal)."""
    a = np.abs(x)
    if is_traced(x):  # (at the dominant entry's scale 2^e, a constant: see _p_norm_parts)
        s = np.ldexp(1.0, _dominant_exponent(np.asarray(plain_value(a)), p, axes))  # (see _p_norm_parts)
        n = np.sum((a / s) ** p, axis=axes, keepdims=True) ** (1.0 / p) * s
        return np.sign(x) * (a / n) ** (p - 1)
    return _p_norm_gradient_plain(x, p, axes)


def _p_norm_hvp(x, h, p, axes, factor=None, factor_out=None):
    """The derivative of :func:`_p_norm_factor` along ``h``, the p-norm's Hessian times ``h``
    (a symmetric map, so its pullback too; internal), along ``factor ⊙ h`` and times ``factor_out`` entry by entry
    where given (:data:`p_norm_times`):
    ``(p - 1) / N [u_i^(p-2) (1 - u_i^p) h_i - v_i sum_(j != i) v_j h_j]``, ``v = sign(x) u^(p-1)``.
    Where one entry dominates the sum of ``u^p`` (the smallest for p < 0, the largest for
    p > 1) its ``1 - u_i^p`` and the sum without it are the small differences of numbers near 1
    and ``v_i h_i`` that the chain rule through the factor formed, and lost, scaled by 1 / N:
    the Hessian of np.linalg.norm(x, -3) at [0.3, -1e-6, 1.2, -0.7] had +1.02e-8 for -1.62e-10
    (mpmath). Both come from sums of the other entries here (:func:`~wengert.ops._util.leave_one_out`)."""
    plain = not is_traced(x) and not is_traced(h) and max(abs(p), abs(p - 2.0)) <= 512
    if factor is not None and not (plain and not is_traced(factor) and np.all(np.isfinite(factor))):
        h, factor = h * factor, None  # (the product first, as g * p_norm_factor(x)'s chain rule forms it)
    if factor_out is not None and not (plain and not is_traced(factor_out) and np.all(np.isfinite(factor_out))):
        return factor_out * _p_norm_hvp(x, h, p, axes, factor)
    a = np.abs(x)
    if not is_traced(x) and max(abs(p), abs(p - 2.0)) <= 512:
        return _p_norm_hvp_scaled(x, h, p, axes, factor, factor_out)
    s = np.ldexp(1.0, _dominant_exponent(np.asarray(plain_value(a)), p, axes))  # (a constant: see _p_norm_parts)
    n = np.sum((a / s) ** p, axis=axes, keepdims=True) ** (1.0 / p) * s
    if is_traced(x):  # (third order: the chain rule through the plain formula)
        u = a / n
        v, w, d = np.sign(x) * u ** (p - 1), u ** p, u ** (p - 2.0)
    else:
        v, w, d = np.sign(x) * _ratio_power(a, n, p - 1), _ratio_power(a, n, p), _ratio_power(a, n, p - 2.0)
    rest = leave_one_out(w, axes) / np.sum(w, axis=axes, keepdims=True)  # 1 - u_i^p
    own = d * rest * h
    if not is_traced(h) and not is_traced(x):  # (an entry far below the norm has d = inf for p < 2: not times a 0 of h)
        own = np.where(h == 0, 0.0, own)
    # (1 / n last: forward mode's tangent h of a rescaled x can be near 2^1000, and 1 / n h overflowed
    # in each term, inf - inf, where the Hessian is inf: the 2-norm's at [3e-320, 4e-320, 0])
    return (p - 1.0) * (own - v * leave_one_out(v * h, axes)) / n


def _mantissa_parts(v, shape):
    """``(m, k)`` with ``v = m 2^k`` (``v`` plain, finite, real or complex, broadcast to ``shape``; ``k`` int64, the
    binary exponent of the larger part; ``m`` of magnitude about 1, exact; 0 at 0; internal)."""
    v = np.broadcast_to(np.asarray(v), shape)
    k = np.frexp(np.maximum(np.abs(v.real), np.abs(v.imag)) if np.iscomplexobj(v) else v)[1].astype(np.int64)
    half = -k // 2  # (two exact steps: 2^1030 overflows)
    return v * np.ldexp(1.0, half) * np.ldexp(1.0, -k - half), k


def _p_norm_hvp_scaled(x, h, p, axes, factor=None, factor_out=None):
    """:func:`_p_norm_hvp` at a plain ``x``, each power ``u^q`` as ``F 2^K`` (:func:`_power_parts`),
    ``h`` as ``2^kh`` times a part of magnitude about 1, and each sum at the scale of its largest term
    (:func:`_scaled_leave_one_out`), the binary exponents added exactly and applied last (internal).
    The plain products underflowed where an entry is far from the dominant one: ord -1 at
    [1, 2e-200, 3], whose ``v_0 = u_0^-2`` is 4e-400, had the Hessian entry 0 for 4e-200 (mpmath),
    and ords -0.5, -2, -3, 3 likewise at such mixed scales. ``factor`` (plain, finite): ``h`` times it, its mantissa
    and exponent apart, ``factor_out`` the result's entries likewise (the Hessian at a subnormal ``x`` is beyond the
    range, its product with a cotangent 2 norm(x) is not: :data:`p_norm_times`)."""
    x = np.asarray(x)
    a = np.abs(x).astype(np.float64)
    dtype = x.dtype if x.dtype.kind == "f" else np.float64
    fn, en = _p_norm_parts(a, p, axes)
    fv, kv = _power_parts(a, fn, en, p - 1)
    fw, kw = _power_parts(a, fn, en, p)
    fd, kd = _power_parts(a, fn, en, p - 2.0)
    plain_h = np.abs(np.asarray(plain_value(h)))
    kh = np.frexp(np.where(np.isfinite(plain_h), plain_h, 1.0))[1].astype(np.int64)
    half = -kh // 2  # (2^-kh in two exact steps: 2^1030 alone overflowed for a subnormal h, the cotangent
    # 2 norm(x) of norm(x) ** 2 at x = [1, -2, 4, 0.5] 1e-310, whose Hessian was NaN for 2 I in reverse over reverse)
    unit_h = h * np.ldexp(1.0, half) * np.ldexp(1.0, -kh - half)  # (exact: h's own digits, of magnitude about 1)
    live = np.broadcast_to(True, plain_h.shape) if is_traced(h) else plain_h != 0
    if factor is not None:
        f_part, f_exponent = _mantissa_parts(factor, plain_h.shape)
        unit_h, kh, live = unit_h * f_part, kh + f_exponent, live & (f_part != 0)
    # 1 - u_i^p = sum_(j != i) w_j / sum_j w_j, each sum at its own scale
    left, sw = _scaled_leave_one_out(fw, kw, axes)
    top = np.max(kw, axis=axes, keepdims=True)
    top = np.where(top == _DEAD_EXPONENT, 0, top)
    total = np.sum(np.ldexp(fw, np.clip(kw - top, -4000, 0)), axis=axes, keepdims=True)
    # sum_(j != i) v_j h_j = cross_i 2^(sv_i)
    cross, sv = _scaled_leave_one_out(np.sign(x) * fv, np.where(live, kv + kh, _DEAD_EXPONENT), axes, unit_h)
    d_part, d_exponent = (p - 1.0) * fd * (left / total) / fn, kd + sw - top - en + kh
    v_part, v_exponent = (p - 1.0) * np.sign(x) * fv / fn, kv + sv - en
    if factor_out is not None:
        o_part, o_exponent = _mantissa_parts(factor_out, np.shape(x))
        d_part, d_exponent, v_part, v_exponent = d_part * o_part, d_exponent + o_exponent, v_part * o_part, v_exponent + o_exponent
    with np.errstate(all="ignore"):
        if is_traced(h):  # (third order: h's derivative through its factors)
            return (_ldexp_complex(d_part, d_exponent).astype(dtype) * unit_h
                    - _ldexp_complex(v_part, v_exponent).astype(dtype) * cross)
        # each product's mantissas first, its exponent once (an overflowing factor of a 0 was NaN, subnormal x)
        own = np.where(h == 0 if factor is None else ~live, 0.0, _ldexp_complex(d_part * unit_h, d_exponent))
        out = own - _ldexp_complex(v_part * cross, v_exponent)
    return out.astype(np.result_type(dtype, np.asarray(h).dtype, *(np.asarray(f).dtype for f in (factor, factor_out)
                                                                   if f is not None)))


def _ldexp_complex(m, k):
    """``m 2^k`` for a real or complex ``m`` (internal; ``k`` clipped to +-5000, beyond the range either way)."""
    k = np.clip(k, -5000, 5000)
    if np.iscomplexobj(m):
        return np.ldexp(m.real, k) + 1j * np.ldexp(m.imag, k)
    return np.ldexp(m, k)


#: the gradient of a real p-norm (ord not 0, 1, 2, +-inf) with its own rule: the Hessian formed
#: without the cancellation the chain rule through the factor has (see _p_norm_hvp)
p_norm_factor = OwnPrimitive(_p_norm_factor, name="numpy.linalg.norm's p-norm factor", reenters="any")
defvjp(p_norm_factor, lambda ans, x, p, axes: lambda g: _p_norm_hvp(x, g, p, axes))


def _p_norm_times(g, x, p, axes):
    """``g * p_norm_factor(x, p, axes)`` (internal: :data:`p_norm_times`)."""
    return g * _p_norm_factor(x, p, axes)


def _per_slice(g, x, axes):
    """True if ``g`` is one value per slice of ``x`` over ``axes`` (kept dims, or a scalar; internal)."""
    shape = np.shape(g)
    return len(shape) == 0 or (len(shape) == len(shape_of(x)) and all(shape[a] == 1 for a in axes))


def _p_norm_times_jvp(ans, primals, tangents):
    g, x, p, axes = primals[:4]
    out = np.zeros(np.shape(plain_value(ans)), dtype=np.asarray(plain_value(ans)).dtype)
    if tangents[0] is not None:
        out = out + tangents[0] * p_norm_factor(x, p, axes)
    if tangents[1] is not None:
        out = out + (_p_norm_hvp(x, tangents[1], p, axes, factor=g) if _per_slice(g, x, axes) else
                     _p_norm_hvp(x, tangents[1], p, axes, factor_out=g))
    return out


#: ``g`` times a real p-norm's gradient where the norm is beyond the range (subnormal ``x``): its Hessian in
#: ``x`` (~ 1 / norm) overflows where its product with ``g`` (~ norm, the cotangent 2 norm of norm ** 2) does not,
#: the chain rule through g * p_norm_factor(x) formed it first: the Hessian of norm(x) ** 2 at
#: x = [1, -2, 4, 0.5] 1e-310 was inf / NaN for 2 I (forward over reverse); here g's exponent joins the Hessian's
p_norm_times = OwnPrimitive(_p_norm_times, name="numpy.linalg.norm's p-norm gradient", reenters="any")
defvjp(p_norm_times, lambda ans, g, x, p, axes: lambda k: unbroadcast(k * p_norm_factor(x, p, axes), shape_of(g)),
       lambda ans, g, x, p, axes: lambda k: _p_norm_hvp(x, k, p, axes, factor=g))


def _unit_phase(z):
    """``conj(z) / |z|`` of a complex ``z`` without zero entries (internal)."""
    return np.conj(z) / np.abs(z)


#: conj(z) / |z| with the derivative -i s Im(dz / z) (s its value, Im(dz / z) the angle's): the
#: chain rule through the quotient formed 1 / |z| - Re(z)^2 / |z|^3 for the real direction at a
#: real z, an error of eps / |z| where the truth is 0, and the complex p-norm's Hessian there,
#: tiny where one entry dominates, lost every digit (norm(-3) at [0.3, -1e-6, 1.2, -0.7] + 0j:
#: d2/dx1^2 -1.16e-10 for -1.62e-10, mpmath)
unit_phase = OwnPrimitive(_unit_phase, name="numpy.linalg.norm's unit phase", reenters="any")
defvjp(unit_phase, lambda ans, z: lambda g: -1j * np.imag(g * ans) / z)


def _phase_times(g, z):
    """``g * conj(z) / |z|`` (internal: :data:`phase_times`)."""
    return g * _unit_phase(z)


def _phase_times_in_g(ans, g, z):
    def pullback(k):
        out = unbroadcast(k * unit_phase(z), shape_of(g))
        return out if is_complex(g) else np.real(out)
    return pullback


def _phase_times_jvp(ans, primals, tangents):
    g, z = primals[:2]
    u = unit_phase(z)
    out = np.zeros(np.shape(plain_value(ans)), dtype=np.asarray(plain_value(ans)).dtype)
    if tangents[0] is not None:
        out = out + tangents[0] * u
    if tangents[1] is not None:
        out = out - 1j * u * np.imag(g * tangents[1] / z)
    return out


#: ``g * unit_phase(z)`` for a real ``g`` (one per slice): the phase's derivative -i s Im(dz / z) ~ 1 / |z| with g's
#: factor first, where z is a rescaled subnormal complex x and g ~ its norm (the cotangent 2 norm of norm ** 2):
#: the chain rule through the product formed Im(dz / z) = 2^1030, inf, and the Hessian was NaN (unit_phase's rule)
phase_times = OwnPrimitive(_phase_times, name="numpy.linalg.norm's unit phase times g", reenters="any")
defvjp(phase_times, _phase_times_in_g, lambda ans, g, z: lambda k: -1j * np.imag(k * g * unit_phase(z)) / z)


def _extreme_kink(share, x):
    """Where an inf/1-norm's gradient takes a convention: the extreme entries (columns) that
    tie (share < 1), and the zero entries among them (where |x| has its kink)."""
    return (share > 0) & ((share < 1) | (x == 0))


def _singular_kink(s, ord):
    """Where a 2/-2/'nuc' matrix norm is not twice differentiable, from the singular values
    ``s`` (decreasing, last axis): the two largest (2) or smallest (-2) tie, or a singular
    value that counts is 0 ('nuc', -2). Within a relative 10 n eps, as the SVD's own rounding."""
    if s.shape[-1] == 0:  # an empty matrix: its norm is 0, with an empty gradient
        return np.zeros(s.shape[:-1], dtype=bool)
    tol = 10 * np.finfo(float).eps * s.shape[-1] * s[..., 0]
    small = s[..., -1] <= tol
    if s.shape[-1] < 2:
        return small & (ord != 2)
    if ord == 2:
        return s[..., 0] - s[..., 1] <= tol
    if ord == -2:
        return small | (s[..., -2] - s[..., -1] <= tol)
    return small


def _vjp_norm(ans, x, ord=None, axis=None, keepdims=False):
    axes, matrix = _norm_axes(x, ord, axis)
    shape = shape_of(x)

    def restore(v):
        return v if keepdims or not axes else np.expand_dims(v, axes)

    def pullback(g, of_x=False):
        # (a traced g's untaken marks kept through the reshape: at_kink reads them. of_x: g is
        # of x's shape already, forward mode's tangent, each entry times its slice's gradient)
        if not of_x and ord != 0:  # (the 0-"norm" counts: its gradient 0, a step's, whatever follows)
            _refuse_at_norm_kink(g, lambda: ans == 0, ord)
        g, norm = g if of_x else spread(restore(g), g, restore), restore(ans)
        if ord in (None, 2, "fro", "f") and not (matrix and ord == 2):
            xs, norm = _rescaled(x, norm, axes, 2.0)
            if is_traced(xs) and _all_nonzero_finite(xs, zeros_too=not is_complex(xs)):  # (1 - u_i^2 where x_i
                # dominates: see p_norm_factor; its Hessian at a zero entry too, NaN through divide_or_zero at [3e-320, 4e-320, 0])
                # (the refusal at a zero vector names the ord the caller passed: None, 2, 'fro')
                return _p_norm_share(g, xs, norm, 2.0, axes, unscaled=x,
                                     kink=_norm_kink(ord, "x / norm(x) taken as 0 at a zero vector"))
            if xs is not x and not is_traced(xs):  # (rescaled, never a zero vector: g times x / norm, each
                # of x's scale 2^-e apart; g x / norm formed g x first, below the normal range for a small g, and
                # the gradient of norm(x) ** 2 at x = [1, -2, 4, 0.5] 1e-310 was 2.0000043e-310 for 2e-310)
                return g * (conj_if_complex(xs) / norm)
            return divide_or_zero(g * conj_if_complex(xs), norm,  # 0 at a zero vector
                                  kink=(x, _norm_kink(ord, "x / norm(x) taken as 0 at a zero vector"), g))
        if not matrix:
            if ord == 1:
                return at_kink(g * _conj_sign(x), x, lambda: x == 0, _norm_kink(ord, "sign(0) = 0 at a zero entry"), g)
            if ord in (np.inf, -np.inf):
                share = _share_extremum(np.abs(x), norm, axes)
                return at_kink(g * _conj_sign(x) * share, x, lambda: _extreme_kink(share, x),
                               _norm_kink(ord, "shared equally among tied extreme entries, sign(0) = 0 at a zero one"), g)
            if ord == 0:
                return g * np.zeros(shape)
            return _p_norm_share(g, *_rescaled(x, norm, axes, ord), ord, axes, unscaled=x)
        row, col = axes
        if ord in (1, -1, np.inf, -np.inf):
            along, across = (row, col) if ord in (1, -1) else (col, row)
            sums = np.sum(np.abs(x), axis=along, keepdims=True)
            share = _share_extremum(sums, norm, (across,))
            return at_kink(g * _conj_sign(x) * share, x, lambda: _extreme_kink(share, x), _norm_kink(
                ord, "shared equally among tied extreme columns (rows), sign(0) = 0 at a zero entry of one"), g)
        # 2, -2, 'nuc': through the SVD of the matrices moved to the last two axes.
        order = [i for i in range(len(shape)) if i not in axes] + [row, col]
        moved = np.transpose(x, order)
        spoilt = _nan_where_not_finite(moved)  # (svd's NaN singular values at an inf)
        moved = _finite_stand_in(moved, spoilt)  # (the SVD with vectors below can loop there)

        def factor(u, vt):
            if ord == "nuc":
                return u @ vt
            i = 0 if ord == 2 else -1
            return u[..., :, i:i + 1] @ vt[..., i:i + 1, :] if i == 0 else u[..., :, i:] @ vt[..., i:, :]
        kink = None
        if is_traced(moved):
            # at the kink (a zero matrix, tied singular values) the plain SVD's factor, and the traced SVD of a
            # stand-in with distinct singular values 1, 2, ... elsewhere in the stack: the convention is not
            # differentiated again (at_kink refuses), and the SVD's own second-order rule (a complex matrix's)
            # refused the ties first with a LinAlgError (the Hessian of norm(0, 'nuc') by hessian, jacfwd(jacfwd))
            pu, ps, pvt = np.linalg.svd(plain_value(moved), full_matrices=False)
            kink = (ps[..., 0] == 0 if ps.shape[-1] else np.zeros(ps.shape[:-1], bool)) | _singular_kink(ps, ord)

        def traced_factor(a):
            if not is_complex(a):  # (its own rule: the SVD's refused ties where the norm has a Hessian)
                return spectral_factor(a, None if ord == "nuc" else 0 if ord == 2 else -1)
            u, _, vt = svd_sign_blind(a, full_matrices=False)  # u_k v_k^H only
            return factor(u, vt)
        if kink is not None and np.any(kink):
            held = kink[..., None, None]
            m, n = shape_of(moved)[-2:]
            stand_in = np.eye(m, n) * np.arange(1.0, n + 1.0)
            d = np.where(held, factor(pu, pvt), traced_factor(np.where(held, stand_in, moved)))
        else:
            d = traced_factor(moved)
        d = d if spoilt is None else d * spoilt
        # A zero matrix: 0, the subgradient the vector norms take there (the SVD's
        # singular vectors of a zero matrix are arbitrary).
        return at_kink(g * conj_if_complex(_permuted(d, order)) * (norm != 0), x,
                       lambda: (norm == 0) | np.reshape(_singular_kink(ps, ord), np.shape(norm)),
                       _norm_kink(ord, "0 at a zero matrix, a subgradient where singular values tie "
                                       "(or one is 0 for 'nuc' and -2)"), g)
    return pullback


defvjp(np.linalg.norm, _vjp_norm, impl=_norm_value)


def _spectral_factor(a, i=None):
    # the gradient of a real matrix's 'nuc' norm (i None: the polar factor U V^T, all k singular values) or of
    # its i-th singular value (u_i v_i^T: i 0 for ord 2, -1 for -2), from the thin SVD
    u, _, vt = np.linalg.svd(a, full_matrices=False)
    if i is None:
        return u @ vt
    pick = slice(i, i + 1 or None)
    return u[..., :, pick] @ vt[..., pick, :]


def _spectral_hvp(a, h, i=None):
    """The derivative of :func:`_spectral_factor` along ``h`` (the norm's Hessian times ``h``,
    a symmetric map, so its pullback too; internal). It divides by sums of singular values
    (the polar factor: W = (X - X^T) / (s_i + s_j), X = U^T h V, and the complements' 1 / s) or
    by the gaps to s_i alone (s_i, a simple eigenvalue of [[0, a], [a^T, 0]]: the derivative of
    its eigenvector): tied singular values are fine where those are not 0 (the SVD's own
    second-order rule refused every tie)."""
    u, s, vt = svd_sign_blind(a, full_matrices=False)
    m, n = shape_of(a)[-2:]
    k = min(m, n)
    v = _T(vt)
    uh = _T(u) @ h
    x = uh @ v
    if i is None:
        out = u @ ((x - _T(x)) / (s[..., :, None] + s[..., None, :])) @ vt
        if m > k:
            out = out + (h @ v - u @ x) @ (vt / s[..., :, None])
        if n > k:
            out = out + (u / s[..., None, :]) @ (uh - x @ vt)
        return out
    if k == 0:  # an empty matrix: its norm is 0 whatever it holds (i % k divided by zero)
        return 0.0 * h
    j = i % k
    s1, u1, v1 = s[..., j:j + 1], u[..., :, j:j + 1], v[..., :, j:j + 1]
    other = np.arange(k) != j
    a_, b_ = x[..., :, j], x[..., j, :]  # u_l^T h v_i and u_i^T h v_l
    rise = (a_ + b_) / (2.0 * np.where(other, s1 - s, 1.0)) * other
    fall = (a_ - b_) / (2.0 * (s1 + s)) * other
    y_u = u @ (rise + fall)[..., None]
    y_v = v @ (rise - fall)[..., None]
    if m > k:
        y_u = y_u + (h @ v1 - u @ x[..., :, j:j + 1]) / s1[..., None]
    if n > k:
        y_v = y_v + (_T(h) @ u1 - v @ _T(x[..., j:j + 1, :])) / s1[..., None]
    return y_u @ _T(v1) + u1 @ _T(y_v)


#: a real matrix's spectral-norm gradient (see _spectral_factor) with its own rule: the SVD's refused tied
#: singular values, where 'nuc' (all nonzero) and ord 2 (the largest simple) are twice differentiable
spectral_factor = OwnPrimitive(_spectral_factor, name="numpy.linalg.norm's spectral factor", reenters="any")
defvjp(spectral_factor, lambda ans, a, i=None: lambda g: _spectral_hvp(a, g, i))


def _jvp_norm(ans, primals, tangents, **kwargs):
    # (ord, axis, keepdims as the pullback binds them: positional ones are in primals)
    return _norm_tangent(ans, tangents[0], *primals, **kwargs)


def _refuse_at_norm_kink(g, zero, ord):
    # (norm's refusal at a norm of 0 under an infinite cotangent: refuse_infinite_at_kink)
    refuse_infinite_at_kink(g, zero, f"numpy.linalg.norm(..., ord={ord!r}) at a norm of 0",
                            "sqrt(norm(x)), norm(x) ** p with p < 1, 1 / norm(x), log(norm(x))",
                            "0 there", "Keep the argument away from 0 (norm(x) + eps inside the root), or "
                            "write the composite without the kink (np.sqrt(np.sqrt(np.sum(x * x) + eps))).")


def _marked_norm_tangent(out, ans, t, axes, keepdims, ord):
    # norm's tangent at a norm of 0 along a direction that moves its slice (a plain t): the convention's 0, marked so
    # that an infinite partial reading it refuses as reverse mode does (mark_kink_tangent: jvp of sqrt(norm(x)) at 0
    # was 0, the one-sided derivatives +inf and -inf)
    if ord == 0 or is_traced(t) or is_traced(ans) or type(t) is not np.ndarray:
        return out
    with np.errstate(invalid="ignore"):
        where = (np.asarray(ans) == 0) & np.any(t != 0, axis=axes, keepdims=keepdims)
    if np.any(where):
        mark_kink_tangent(out, where, lambda: _refuse_at_norm_kink(np.where(where, np.inf, 0.0), lambda: where, ord))
    return out


def _norm_tangent(ans, t, x, ord=None, axis=None, keepdims=False):
    # each result entry depends on its own slice of x: the pullback's rule with g = t (x's shape)
    # gives t times the slices' gradients (conjugated for a complex x), the tangent their sum
    # (its real part). The marks ride on it, reading t as their g (a tangent that moves only at
    # second order, norm(x0 ** 2)'s, still refuses): forward over forward's tangent has no value at
    # a kink, which np.where's mask drops (through the transposed pullback the inner product with
    # the direction refused it)
    axes, matrix = _norm_axes(x, ord, axis)
    d = _vjp_norm(ans, x, ord, axis, keepdims)(t, of_x=True)
    if type(t) is np.ndarray and ((not matrix and ord not in (None, 2, "fro", "f", 1, np.inf, -np.inf))
                                  or (ord in (None, "fro", "f") and not np.all(np.isfinite(plain_value(x))))):
        # (a p-norm's gradient is NaN or infinite at a zero entry for p < 2, and the 2-norm's
        # x / norm is inf / inf at an inf entry: a direction that leaves that entry where it is
        # adds nothing there, as the transposed pullback's structural 0; the Frobenius norm of
        # [[inf, 1], [2, 3]] had the tangent NaN along the entry 1, whose derivative is 1 / inf)
        d = np.where(t == 0, 0.0, d)
    out = np.sum(d, axis=axes, keepdims=keepdims)
    out = np.real(out) if is_complex(x) or is_complex(t) else out
    return _marked_norm_tangent(out, ans, t, axes, keepdims, ord)



# -- NumPy 2's products (vecdot, matvec, vecmat) and the numpy.linalg names --------

def _moved_shape(shape, axis):
    """``shape`` with ``axis`` moved to the end (a gufunc's core dimension)."""
    axis %= len(shape)
    return tuple(shape[:axis]) + tuple(shape[axis + 1:]) + (shape[axis],)


def _refuse_gufunc_keywords(name, kwargs, allowed=()):
    for key in ("axes", "axis", "keepdims"):
        if key in kwargs and key not in allowed:
            raise NoGradientRule(f"numpy.{name}(..., {key}=...) has no gradient rule in wengert; move the "
                                 "axes with np.moveaxis first")


def _vecdot_rule(k):
    """vecdot(x1, x2) = sum(conj(x1) * x2) over the core axis: the cotangent of x2 is
    g * conj(x1) (holomorphic in x2), that of x1 conj(g * x2) (through the conjugate)."""
    def vjp(ans, x1, x2, axis=-1, **kwargs):
        _refuse_gufunc_keywords("vecdot", kwargs)
        mine, other = (x1, x2) if k == 0 else (x2, x1)
        shape = shape_of(mine)

        def pullback(g):
            term = np.expand_dims(g, -1) * (np.moveaxis(other, axis, -1) if k == 0 else
                                            conj_if_complex(np.moveaxis(other, axis, -1)))
            term = unbroadcast(conj_if_complex(term) if k == 0 else term, _moved_shape(shape, axis))
            return np.moveaxis(term, -1, axis % len(shape))
        return pullback
    return vjp


defvjp(np.vecdot, _vecdot_rule(0), _vecdot_rule(1))


def _vecdot_in_linalg(x1, x2, /, *, axis=-1):
    """``np.linalg.vecdot`` on Vars: ``np.vecdot`` (recorded)."""
    return np.vecdot(x1, x2, axis=axis)


if np.linalg.vecdot is not np.vecdot:
    defcomposite(np.linalg.vecdot, _vecdot_in_linalg)

if hasattr(np, "matvec"):  # NumPy >= 2.2
    def _vjp_matvec_a(ans, a, v, **kwargs):
        _refuse_gufunc_keywords("matvec", kwargs)
        shape = shape_of(a)
        return lambda g: unbroadcast(np.expand_dims(g, -1) * np.expand_dims(v, -2), shape)

    def _vjp_matvec_v(ans, a, v, **kwargs):
        _refuse_gufunc_keywords("matvec", kwargs)
        shape = shape_of(v)
        return lambda g: unbroadcast(np.matvec(_T(a), g), shape)

    # vecmat(v, a) = conj(v) @ a: a's cotangent is conj(v) g^T; v's, conj(a g) (through the conjugate)
    def _vjp_vecmat_v(ans, v, a, **kwargs):
        _refuse_gufunc_keywords("vecmat", kwargs)
        shape = shape_of(v)
        return lambda g: unbroadcast(conj_if_complex(np.matvec(a, g)), shape)

    def _vjp_vecmat_a(ans, v, a, **kwargs):
        _refuse_gufunc_keywords("vecmat", kwargs)
        shape = shape_of(a)
        return lambda g: unbroadcast(np.expand_dims(conj_if_complex(v), -1) * np.expand_dims(g, -2), shape)

    defvjp(np.matvec, _vjp_matvec_a, _vjp_matvec_v)
    defvjp(np.vecmat, _vjp_vecmat_v, _vjp_vecmat_a)


def _linalg_matmul(x1, x2, /):
    """``np.linalg.matmul`` on Vars: ``np.matmul`` (recorded)."""
    return np.matmul(x1, x2)


def _linalg_outer(x1, x2, /):
    """``np.linalg.outer`` on Vars: ``np.outer`` of two vectors (recorded)."""
    n1, n2 = len(shape_of(x1)), len(shape_of(x2))
    if n1 != 1 or n2 != 1:
        raise ValueError(f"Input arrays must be one-dimensional, but they are x1.ndim={n1} and x2.ndim={n2}.")
    return np.outer(x1, x2)


def _linalg_tensordot(x1, x2, /, *, axes=2):
    """``np.linalg.tensordot`` on Vars: ``np.tensordot`` (recorded)."""
    return np.tensordot(x1, x2, axes=axes)


def _linalg_trace(x, /, *, offset=0, dtype=None):
    """``np.linalg.trace`` on Vars: ``np.trace`` over the last two axes (recorded)."""
    return np.trace(x, offset=offset, axis1=-2, axis2=-1, dtype=dtype)


def _linalg_diagonal(x, /, *, offset=0):
    """``np.linalg.diagonal`` on Vars: ``np.diagonal`` of the last two axes (recorded)."""
    return np.diagonal(x, offset=offset, axis1=-2, axis2=-1)


def _linalg_cross(x1, x2, /, *, axis=-1):
    """``np.linalg.cross`` on Vars: ``np.cross`` of 3-vectors (recorded)."""
    n1, n2 = shape_of(x1)[axis], shape_of(x2)[axis]
    if n1 != 3 or n2 != 3:
        raise ValueError("Both input arrays must be (arrays of) 3-dimensional vectors, but they are "
                         f"{n1} and {n2} dimensional instead.")
    return np.cross(x1, x2, axis=axis)


def _vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    """``np.linalg.vector_norm`` on Vars: ``np.linalg.norm`` of the vectors NumPy forms
    (all entries, or several axes moved to the front and merged), recorded."""
    shape = list(shape_of(x))
    if axis is None:
        y, along = np.ravel(x), 0
    elif isinstance(axis, tuple):
        reduced = [a % len(shape) for a in axis]
        rest = tuple(i for i in range(len(shape)) if i not in reduced)
        y = np.reshape(np.transpose(x, tuple(axis) + rest),
                       (math.prod(shape[i] for i in axis),) + tuple(shape[i] for i in rest))
        along = 0
    else:
        y, along = x, axis
    out = np.linalg.norm(y, axis=along, ord=ord)
    if keepdims:
        for a in (range(len(shape)) if axis is None else (axis if isinstance(axis, tuple) else (axis,))):
            shape[a % len(shape)] = 1
        out = np.reshape(out, tuple(shape))
    return out


def _matrix_norm(x, /, *, keepdims=False, ord="fro"):
    """``np.linalg.matrix_norm`` on Vars: ``np.linalg.norm`` over the last two axes (recorded)."""
    return np.linalg.norm(x, axis=(-2, -1), keepdims=keepdims, ord=ord)


def _svdvals(x, /):
    """``np.linalg.svdvals`` on Vars: the singular values of ``np.linalg.svd`` (recorded)."""
    return np.linalg.svd(x, compute_uv=False, hermitian=False)


def _cond(x, p=None):
    """``np.linalg.cond`` on Vars, as NumPy computes it: the ratio of extreme singular values
    (p None, 2, -2), else norm(x, p) * norm(inv(x), p) (recorded), through :data:`cond_guard`
    (a gradient at a singular matrix is refused)."""
    s = None  # (the singular values, where computed, for the guard's test)
    shape = shape_of(x)
    y, bad = x, None
    if (p is None or p in (2, -2, "nuc")) and len(shape) >= 2 and math.prod(shape):
        bad = ~np.all(np.isfinite(x), axis=(-2, -1))  # (recorded: a guard under jit)
        if np.any(bad):
            # a matrix with an inf or NaN: NumPy's singular values are NaN there, and cond inf (NaN with a
            # NaN entry); computed at a stand-in instead: NumPy >= 2.5's svd raises at an inf, its cond does not
            # (gh-32591). NumPy's cond of the plain matrices first raises where it does (its SVD at a NaN
            # before 2.5)
            with np.errstate(all="ignore"):
                np.linalg.cond(np.asarray(plain_value(x)), p)
            # (distinct singular values 1, 2, ...: ties would refuse the second derivative)
            y = np.where(bad[..., None, None], np.eye(*shape[-2:]) * np.arange(1.0, shape[-1] + 1.0), x)
        else:
            bad = None
    with np.errstate(divide="ignore", invalid="ignore"):  # (a singular x: inf, as NumPy's)
        if p is None or p in (2, -2):
            s = np.linalg.svd(y, compute_uv=False)
            value = s[..., -1] / s[..., 0] if p == -2 else s[..., 0] / s[..., -1]
        else:
            value = np.linalg.norm(y, p, axis=(-2, -1)) * np.linalg.norm(np.linalg.inv(y), p, axis=(-2, -1))
    if bad is not None:
        value = np.where(bad, np.nan, value)
    nan = np.isnan(value) & ~np.any(np.isnan(x), axis=(-2, -1))  # (recorded: a guard under jit)
    if np.any(nan):  # 0 / 0, at the zero matrix: NumPy's inf
        value = np.where(nan, np.inf, value)
    return cond_guard(value, x, p, s)


def _refuse_singular_cond(x, p, s=None):
    """Raise for the gradient of np.linalg.cond(x, p) where a matrix of the stack ``x`` is
    (numerically) singular: its smallest singular value at most max(m, n) eps times the
    largest (matrix_rank's tolerance; for p=-2 only the zero matrix).

    There cond is infinite (NumPy returns inf, or 1 / eps-sized rounding noise where the
    smallest singular value rounds to 1e-17 rather than 0): a pole, not a kink, so there is no
    subgradient to take, and the rule's s_max / s_min^2 u_n v_n^T came out 3.7e32 for
    [[1, 2], [2, 4]]. For p=-2 cond is s_min / s_max, whose zero smallest singular value is
    svd's kink (its subgradient u_n v_n^H / s_max, with the sign LAPACK picks; a second
    derivative refused there): kept, but at the zero matrix it is 0 / 0 (NumPy: inf).
    ``s``: the singular values of ``x`` where cond computed them (p None, 2, -2: an SVD
    fewer here), else None."""
    m, n = shape_of(x)[-2:]
    if s is None:
        plain = np.asarray(plain_value(x))
        # (a NaN or inf entry: its gradient is NaN's, as without the guard; svd raises on a NaN)
        plain = plain[np.all(np.isfinite(plain), axis=(-2, -1))]
        s = np.linalg.svd(plain, compute_uv=False) if m and n and plain.size else None
    else:  # (the forward's: finite, as its svd raised on a NaN or inf)
        s = np.asarray(plain_value(s))
    if not m or not n or s is None or not s.size:
        return
    if p == -2:
        singular = s[..., 0] == 0
    else:
        singular = s[..., -1] <= max(m, n) * np.finfo(np.float64).eps * s[..., 0]
    if np.any(singular):
        raise np.linalg.LinAlgError(
            f"the gradient of numpy.linalg.cond(x, p={p!r}) is not defined at a singular matrix "
            + ("(here the zero matrix: cond(x, -2) is 0 / 0 there)" if p == -2 else
               f"(a singular value at most {max(m, n)} eps times the largest): cond is infinite "
               "there, or rounding noise of size 1 / eps, and has no derivative")
            + ". Differentiate at a nonsingular matrix, or use cond(x, -2) = s_min / s_max, "
            "whose zero is the kink of a singular value, with svd's subgradient")


def _cond_value(value, x, p, s=None):
    return value


#: ``np.linalg.cond``'s value unchanged, with a rule that refuses a gradient at a singular
#: matrix (:func:`_refuse_singular_cond`) (internal): ``x`` is there for the check only.
cond_guard = OwnPrimitive(_cond_value, name="numpy.linalg.cond (at a singular matrix)", reenters="any")


def _vjp_cond_guard_x(ans, value, x, p, s=None):
    """NaN for the matrices of ``x`` holding an inf or NaN, 0 elsewhere (internal). cond is inf
    or NaN there (NumPy's inf stands for its SVD's NaN, 0 / 0 of two inf norms, ...), with no
    derivative: the value's np.where took a constant inf, so forward mode gave 0 (jacfwd of
    cond([[inf, 1], [2, 3]]) was [[0, 0], [0, 0]], jacrev NaN)."""
    spoilt = _nan_where_not_finite(x)
    if spoilt is None:
        return lambda g: None
    shape = shape_of(x)
    # (times 1 + 0 x: its derivative in x, 0 x NaN, keeps the second derivative NaN there too)
    return lambda g: _mat(g) * (spoilt - 1.0) * (1.0 + 0.0 * x) + np.zeros(shape)


defvjp(cond_guard, lambda ans, value, x, p, s=None: lambda g: (_refuse_singular_cond(x, p, s), g)[1],
       _vjp_cond_guard_x, lambda ans, value, x, p, s=None: lambda g: None,
       argnums=(0, 1, 3))


def _eigvals(a):
    """``np.linalg.eigvals`` on Vars: the eigenvalues of ``np.linalg.eig`` (real when all are,
    as NumPy's), with its rule (a defective matrix is refused)."""
    return np.linalg.eig(a).eigenvalues


for _fun, _impl in ((np.linalg.matmul, _linalg_matmul), (np.linalg.outer, _linalg_outer),
                    (np.linalg.tensordot, _linalg_tensordot), (np.linalg.trace, _linalg_trace),
                    (np.linalg.diagonal, _linalg_diagonal), (np.linalg.cross, _linalg_cross),
                    (np.linalg.vector_norm, _vector_norm), (np.linalg.matrix_norm, _matrix_norm),
                    (np.linalg.svdvals, _svdvals), (np.linalg.cond, _cond), (np.linalg.eigvals, _eigvals)):
    if declaration(_fun) is None:  # a later NumPy may make one of them its core function's alias
        defcomposite(_fun, _impl)
nondifferentiable(np.linalg.matrix_rank)  # an integer

# -- forward mode (wengert.forward) ----------------------------------------------------------
# Products are linear in each factor; inv, det, slogdet and solve have JVPs of their own,
# cheaper than the transpose of their pullbacks. The decompositions (cholesky, eigh, qr,
# svd, eig, pinv, lstsq, norm...) go through that transpose.
from ..forward import declare_jvp, defjvp, mark_kink_tangent  # noqa: E402  (after the rules it declares)

declare_jvp("matmul", np.matmul)  # multilinear, taking a batch of directions at once
declare_jvp("multilinear", np.outer, np.tensordot, np.dot, np.inner, np.vdot, np.kron,
            np.einsum, np.linalg.multi_dot)


def _nonfinite_aware(fun, structural, applies=None, keywords=False):
    """``fun``'s declared JVP where its value is finite; where it is not (a factor holds an
    inf), ``structural(primals, tangents)`` once per direction: a tangent's structural 0 times
    a factor's inf adds nothing there (see :func:`_structural_product`). jacfwd of ``x @ x`` at
    ``[[inf, 1], [2, 3]]`` gave NaN in every entry of the first three rows' but the diagonal's;
    truth the polynomial's partials, as jacrev's. ``applies(primals)``: where ``structural`` holds;
    ``keywords``: ``structural(primals, tangents, kwargs)`` takes the call's keywords."""
    prim = declaration(fun)
    declared = prim.jvp

    def rule(prim, ans, primals, tangents, kwargs, batch):
        if (kwargs and not keywords) or _all_finite(ans) or (applies is not None and not applies(primals)):
            return declared(prim, ans, primals, tangents, kwargs, batch)
        tangent = functools.partial(structural, kwargs=kwargs) if keywords else structural
        if batch is None:
            return tangent(primals, tangents)
        return np.stack([tangent(primals, [
            None if t is None else [None if u is None else u[b] for u in t] if type(t) is list else t[b]
            for t in tangents]) for b in range(batch)])
    rule.batched = getattr(declared, "batched", False)
    prim.jvp = rule


def _matmul_tangent_nonfinite(primals, tangents):
    (x, y), (tx, ty) = primals, tangents
    out = None if tx is None else _structural_product(tx, y, True)
    if ty is not None:
        term = _structural_product(ty, x, False)
        out = term if out is None else out + term
    return out


def _multi_dot_tangent_nonfinite(primals, tangents):
    # sum over i of A_1 .. A_{i-1} dA_i A_{i+1} .. A_n, dA_i's structural zeros kept to the end
    items, moving = list(primals[0]), tangents[0]
    out = None
    for i, t in enumerate(moving):
        if t is None:
            continue
        term = t
        for right in items[i + 1:]:
            term = _structural_product(term, right, True)
        for left in items[i - 1::-1] if i else ():
            term = _structural_product(term, left, False)
        out = term if out is None else out + term
    return out


def _bilinear_tangent_nonfinite(fun):
    """The tangent of ``fun`` (outer, kron, tensordot, inner, vdot, einsum: linear in each of its
    two array arguments; einsum's subscripts are not one) where a factor holds an inf: each
    argument's tangent against the other through :func:`_structural_linear`."""
    def tangent(primals, tangents, kwargs):
        arrays = [i for i, p in enumerate(primals) if not isinstance(p, str)]
        out = None
        for i in arrays:
            if tangents[i] is None:
                continue
            j = arrays[1 - arrays.index(i)]

            def apply(t, m, i=i, j=j):
                args = list(primals)
                args[i], args[j] = t, m
                return fun(*args, **kwargs)
            term = _structural_linear(apply, tangents[i], primals[j])
            out = term if out is None else out + term
        return out
    return tangent


def _two_arrays(primals):
    return sum(not isinstance(p, str) for p in primals) == 2


for _bilinear in (np.outer, np.kron, np.tensordot, np.inner, np.vdot, np.einsum):
    _nonfinite_aware(_bilinear, _bilinear_tangent_nonfinite(_bilinear), _two_arrays, keywords=True)


def _einsum_tangent_nonfinite(primals, tangents, kwargs):
    """einsum's tangent of three or more operands where a factor holds an inf: each operand's tangent
    against the others through :func:`_structural_multilinear`."""
    arrays = [i for i, p in enumerate(primals) if not isinstance(p, str)]
    out = None
    for i in arrays:
        if tangents[i] is None:
            continue
        rest = [j for j in arrays if j != i]

        def apply(t, *ms, i=i, rest=rest):
            args = list(primals)
            args[i] = t
            for j, m in zip(rest, ms):
                args[j] = m
            return np.einsum(*args, **kwargs)
        term = _structural_multilinear(apply, tangents[i], [primals[j] for j in rest])
        out = term if out is None else out + term
    return out


_nonfinite_aware(np.einsum, _einsum_tangent_nonfinite, lambda primals: not _two_arrays(primals), keywords=True)
_nonfinite_aware(np.matmul, _matmul_tangent_nonfinite)
_nonfinite_aware(np.dot, _matmul_tangent_nonfinite,  # (on vectors and matrices: matmul)
                 lambda primals: 1 <= _ndim(primals[0]) <= 2 and 1 <= _ndim(primals[1]) <= 2)
_nonfinite_aware(np.linalg.multi_dot, _multi_dot_tangent_nonfinite)


def _jvp_inv(ans, primals, tangents):
    return -(ans @ tangents[0] @ ans)


def _jvp_det(ans, primals, tangents):
    # d det(A) = det(A) tr(A^-1 dA) = sum(cofactor(A) * dA): the cofactors the VJP uses,
    # which are right for singular A too.
    a, t = primals[0], tangents[0]
    cofactors = _cofactors(a, ans)
    if np.all(np.isfinite(plain_value(cofactors))):
        return np.sum(cofactors * t, axis=(-2, -1))
    with np.errstate(invalid="ignore"):  # an overflowing cofactor times a 0 of the tangent adds 0, not NaN
        return np.sum(np.where(plain_value(t) == 0, 0, cofactors * t), axis=(-2, -1))


def _jvp_solve(ans, primals, tangents):
    # d x = solve(a, db - da x), with b's right-hand-side convention (a vector or matrices)
    a, _ = primals
    ta, tb = tangents
    vector = _solve_is_vector(a, primals[1])
    x = ans[..., None] if vector else ans
    rhs = None
    if tb is not None:
        rhs = tb[..., None] if vector else tb
    if ta is not None:
        rhs = -(ta @ x) if rhs is None else rhs - ta @ x
    out = np.linalg.solve(a, rhs)
    out = out[..., 0] if vector else out
    spoilt = _solve_spoilt(a, primals[1])
    return out if spoilt is None else out * spoilt


defjvp(np.linalg.inv, _jvp_inv)
defjvp(np.linalg.det, _jvp_det)
defjvp(np.linalg.solve, _jvp_solve)
defjvp(np.linalg.norm, _jvp_norm)
defjvp(spectral_factor, lambda ans, primals, tangents: _spectral_hvp(primals[0], tangents[0], *primals[1:]))
defjvp(unit_phase, lambda ans, primals, tangents: -1j * ans * np.imag(tangents[0] / primals[0]))
defjvp(p_norm_factor, lambda ans, primals, tangents: _p_norm_hvp(primals[0], tangents[0], *primals[1:]))
defjvp(p_norm_times, _p_norm_times_jvp)
defjvp(phase_times, _phase_times_jvp)
