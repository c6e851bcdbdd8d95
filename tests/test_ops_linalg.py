"""Linear algebra, against central finite differences."""
import inspect
import math

import numpy as np
import pytest

import wengert as wg
from opcheck import case, crand, gradient_test, rand
from wengert.testing import check_grads

MATMUL_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 4)), ((1, 3), (3, 4)),
                 ((2, 2, 3), (3, 4)), ((3,), (2, 3, 4)), ((2, 2, 3), (2, 3, 4)), ((1, 3), (2, 3, 4))]

DOT_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 4)), ((1, 3), (3, 4)), ((), (2, 3)),
              ((2, 3), ()), ((2, 2, 3), (4, 3, 2)), ((3,), (2, 3, 4)), ((2, 3, 4), (4,))]
INNER_SHAPES = [((3,), (3,)), ((2, 3), (4, 3)), ((2, 2, 3), (3,)), ((), (2, 3))]
TENSORDOT_SHAPES = [((2, 3, 4), (3, 4, 5), 2), ((4, 3, 2), (2, 5, 4), ([0, 2], [2, 0])), ((2,), (3,), 0),
                    ((2, 3), (3,), 1), ((2, 3), (3, 2), ([1, 0], [0, 1])), ((2, 3), (3, 2), (-1, 0))]
KRON_SHAPES = [((2, 3), (2, 2)), ((3,), (2, 2)), ((2, 2), ()), ((2, 1, 3), (3,))]
#: subscripts and operand shapes: explicit and implicit outputs, "...", traces, diagonals,
#: broadcasting of length-1 axes, uppercase labels (NumPy sorts them first).
EINSUM_SPECS = [
    ("ij,j->i", [(2, 3), (3,)]), ("ij,jk", [(2, 3), (3, 4)]), ("ii->", [(3, 3)]), ("ii", [(3, 3)]),
    ("ii->i", [(3, 3)]), ("iij,jk->ik", [(2, 2, 3), (3, 2)]), ("ij->", [(2, 3)]), ("ij->j", [(2, 3)]),
    ("ijk->kji", [(2, 3, 4)]), ("i,j,k->ijk", [(2,), (3,), (2,)]), ("...ij,...jk->...ik", [(2, 2, 3), (3, 4)]),
    ("...ij,...jk", [(2, 1, 2, 3), (3, 3, 4)]), ("i...->...", [(2, 3, 2)]), ("...", [(2, 3)]),
    ("i,i->i", [(1,), (3,)]), ("Ba,aB", [(2, 3), (3, 2)]), ("bA", [(2, 3)]), (",i->i", [(), (3,)]),
    ("i i,i -> i", [(3, 3), (3,)]),
]



def well_conditioned(*batch, n=3, seed=0):
    """Q diag(d) Q^T + a small nonsymmetric part, with |d| in [1, 2): far from singular."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((*batch, n, n)))
    d = rng.uniform(1.0, 2.0, (*batch, n)) * rng.choice([-1.0, 1.0], (*batch, n))
    return (q * d[..., None, :]) @ np.swapaxes(q, -1, -2) + 0.2 * rng.standard_normal((*batch, n, n))


def spd(*batch, n=3, seed=0):
    """A symmetric positive definite matrix (or stack), eigenvalues >= n."""
    x = np.random.default_rng(seed).standard_normal((*batch, n, n))
    return x @ np.swapaxes(x, -1, -2) + n * np.eye(n)


def symmetric(*batch, n=3, seed=0):
    """A symmetric matrix (or stack) with eigenvalues -0.4, 0.3, 1.0, ...: distinct."""
    q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((*batch, n, n)))
    return (q * (0.7 * np.arange(n) - 0.4)) @ np.swapaxes(q, -1, -2)


def _reconstruct_svd(usv):
    u, s, vt = usv
    return (u * s[..., None, :]) @ vt


def _abs2(v):
    """|v|^2 elementwise: blind to the sign of a real vector and the phase of a complex one."""
    return np.real(v * np.conj(v))


def _eigh_gauge_free(wv, c):
    """The eigenvalues, and sum_i |v[i, k]|^2 c[i] for each k: blind to each eigenvector's
    sign (phase, for a complex matrix)."""
    w, v = wv
    return w, np.sum(_abs2(v) * c[:, None], axis=-2)


def real_spectrum(*batch, n=3, seed=0):
    """A nonsymmetric matrix (or stack) P diag(d) P^-1 with real, distinct eigenvalues d."""
    rng = np.random.default_rng(seed)
    p = rng.standard_normal((*batch, n, n)) + 2 * np.eye(n)
    d = np.arange(n) - 0.6 + 0.1 * rng.standard_normal((*batch, 1, n))
    return (p * d) @ np.linalg.inv(p)


def _eig_gauge_free(wv, c):
    """The eigenvalues, and sum_ij c[i, j] |v[i, j]|^2: blind to each eigenvector's sign, and to its phase
    (NumPy 2.5 returns complex eigenvectors, with a phase it picks, for real matrices too)."""
    w, v = wv
    return w, np.sum(c * np.abs(v) ** 2)


def _tensor_system(shape, seed=0):
    """A (well-conditioned) tensorsolve operand of shape ``shape + shape``."""
    size = int(np.prod(shape))
    m = np.eye(size) * 3 + np.random.default_rng(seed).standard_normal((size, size))
    return m.reshape(shape + shape)


la = np.linalg
PINV_RTOL = "rtol" in inspect.signature(la.pinv).parameters  # NumPy >= 2.0


def _numpy_solves(batch, b_shape):
    """Whether the installed NumPy takes b of this shape for a stack ``batch`` of 3x3 matrices
    (NumPy 1 reads b with one axis fewer than a as stacked vectors, NumPy 2 only a 1-d b)."""
    try:
        la.solve(np.broadcast_to(np.eye(3), (*batch, 3, 3)), np.ones(b_shape))
    except ValueError:
        return False
    return True
SINGULAR = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])  # rank 2
RANK_ONE = np.outer([1.0, 2.0, 3.0], [1.0, -1.0, 0.5])
NORM_VECTOR_ORDS = [None, 2, 1, np.inf, -np.inf, 0, 3, 0.5]
NORM_MATRIX_ORDS = [None, "fro", "nuc", 2, -2, 1, -1, np.inf, -np.inf]

CASES = [
    *[case(np.matmul, np.matmul, rand(a, seed=1), rand(b, seed=2), id=f"matmul-{a}-{b}") for a, b in MATMUL_SHAPES],
    case(np.matmul, lambda x, y: x @ y, rand((2, 3)), rand((3,)), id="matmul-operator"),
    case(np.outer, np.outer, rand((3,), seed=1), rand((4,), seed=2)),
    case(np.outer, np.outer, rand((2, 2), seed=1), rand((), seed=2), id="outer-flattens"),
    *[case(np.dot, np.dot, rand(a, seed=1), rand(b, seed=2), id=f"dot-{a}-{b}") for a, b in DOT_SHAPES],
    case(np.dot, lambda x, y: x.dot(y), rand((2, 3)), rand((3,)), id="dot-method"),
    case(np.dot, lambda y: np.dot(2.0, y), rand((3,)), id="dot-float"),
    *[case(np.inner, np.inner, rand(a, seed=1), rand(b, seed=2), id=f"inner-{a}-{b}") for a, b in INNER_SHAPES],
    case(np.vdot, np.vdot, rand((2, 3), seed=1), rand((3, 2), seed=2)),
    *[case(np.tensordot, lambda x, y, _ax=ax: np.tensordot(x, y, _ax), rand(a, seed=1), rand(b, seed=2),
           id=f"tensordot-{a}-{b}-{ax}") for a, b, ax in TENSORDOT_SHAPES],
    *[case(np.kron, np.kron, rand(a, seed=1), rand(b, seed=2), id=f"kron-{a}-{b}") for a, b in KRON_SHAPES],
    *[case(np.einsum, lambda *ops, _s=spec: np.einsum(_s, *ops), *[rand(s, seed=i) for i, s in enumerate(shapes)],
           id=f"einsum-{spec}") for spec, shapes in EINSUM_SPECS],
    case(np.einsum, lambda x, y, z: np.einsum("ij,jk,kl->il", x, y, z, optimize=True),
         rand((2, 3), seed=1), rand((3, 4), seed=2), rand((4, 2), seed=3), id="einsum-optimize"),
    case(np.einsum, lambda x, y: np.einsum(x, [0, 1], y, [1], [0]), rand((2, 3), seed=1), rand((3,), seed=2),
         id="einsum-sublists"),
    case(np.einsum, lambda x, y: np.einsum(x, [Ellipsis, 0, 1], y, [1, 2]), rand((2, 2, 3), seed=1),
         rand((3, 2), seed=2), id="einsum-sublists-ellipsis"),
    # np.linalg
    case(la.inv, la.inv, well_conditioned()),
    case(la.inv, la.inv, well_conditioned(2), id="inv-stack"),
    case(la.det, la.det, well_conditioned()),
    case(la.det, la.det, well_conditioned(2, 2), id="det-stack"),
    case(la.det, la.det, SINGULAR, id="det-singular"),
    case(la.det, la.det, RANK_ONE, id="det-rank-one"),
    case(la.det, la.det, np.array([[0.5]]), id="det-1x1"),
    case(la.slogdet, lambda a: la.slogdet(a).logabsdet, well_conditioned()),
    case(la.slogdet, lambda a: la.slogdet(a)[1], well_conditioned(2), id="slogdet-stack"),
    case(la.slogdet, la.slogdet, well_conditioned(), id="slogdet-both"),
    *[case(la.solve, la.solve, well_conditioned(*ba, seed=1), rand(sb, seed=2), id=f"solve-{ba}-{sb}")
      for ba, sb in [((), (3,)), ((), (3, 2)), ((2,), (3,)), ((2,), (3, 2)), ((2,), (2, 3, 1)),
                     ((), (2, 3, 2)), ((2, 1), (3, 3, 2))] if _numpy_solves(ba, sb)],
    case(la.solve, lambda b: la.solve(well_conditioned(seed=3), b), rand((3,)), id="solve-b-only"),
    case(la.cholesky, la.cholesky, spd()),
    case(la.cholesky, la.cholesky, spd(2), id="cholesky-stack"),
    case(la.cholesky, lambda a: la.cholesky(a, upper=True), spd(seed=1), id="cholesky-upper"),
    case(la.cholesky, lambda a: la.cholesky(a, upper=True), spd(2, seed=1) + np.tril(np.ones((3, 3)), -1),
         id="cholesky-upper-stack-reads-upper"),
    case(la.cholesky, la.cholesky, spd(seed=2) + np.triu(np.ones((3, 3)), 1), id="cholesky-reads-lower"),
    case(la.eigh, lambda a: la.eigh(a).eigenvalues, symmetric()),
    case(la.eigh, lambda a: _eigh_gauge_free(la.eigh(a), np.array([1.0, -2.0, 0.5])), symmetric(seed=1),
         id="eigh-vectors"),
    case(la.eigh, lambda a: _abs2(la.eigh(a, UPLO="U")[1]), symmetric(2, seed=2), id="eigh-upper-stack"),
    case(la.eigh, lambda a: la.eigh(a)[0], symmetric(seed=3) + np.triu(np.ones((3, 3)), 1), id="eigh-reads-lower"),
    *[case(la.qr, la.qr, rand(shape, seed=4), id=f"qr-{shape}") for shape in [(3, 3), (4, 3), (2, 4, 2)]],
    case(la.qr, lambda a: la.qr(a).R, rand((4, 3), seed=5), id="qr-r-only"),
    case(la.qr, lambda a: la.qr(a).Q, rand((4, 3), seed=6), id="qr-q-only"),
    *[case(la.svd, lambda a: la.svd(a, compute_uv=False), rand(shape, seed=7), id=f"svd-values-{shape}")
      for shape in [(3, 3), (4, 3), (3, 4)]],
    *[case(la.svd, lambda a: _reconstruct_svd(la.svd(a, full_matrices=False)), rand(shape, seed=8),
           id=f"svd-reduced-{shape}") for shape in [(3, 3), (4, 3), (3, 4), (2, 3, 2)]],
    case(la.svd, lambda a: (lambda u, s, vt: (_abs2(u[:, :1]), _abs2(vt[1:, :]), s))(*la.svd(a, full_matrices=False)),
         rand((4, 3), seed=9), id="svd-gauge-free-vectors"),
    case(la.svd, lambda a: la.svd(a).S, rand((4, 3), seed=10), id="svd-full-values"),
    case(la.svd, lambda a: _reconstruct_svd(la.svd(a, hermitian=True)), symmetric(seed=4), id="svd-hermitian"),
    *[case(la.norm, lambda x, _o=o: la.norm(x, _o), rand((4,), seed=11), id=f"norm-vector-{o}")
      for o in NORM_VECTOR_ORDS],
    *[case(la.norm, lambda x, _o=o: la.norm(x, _o, axis=1, keepdims=True), rand((2, 3), seed=12),
           id=f"norm-vector-{o}-axis1-keepdims") for o in NORM_VECTOR_ORDS],
    *[case(la.norm, lambda x, _o=o: la.norm(x, _o), rand((3, 4), seed=13), id=f"norm-matrix-{o}")
      for o in NORM_MATRIX_ORDS],
    *[case(la.norm, lambda x, _o=o: la.norm(x, _o, axis=(2, 0)), rand((3, 2, 4), seed=14),
           id=f"norm-matrix-{o}-axes20") for o in NORM_MATRIX_ORDS],
    case(la.norm, la.norm, rand((2, 3, 2), seed=15), id="norm-3d-all"),
    # added with issue 11
    *[case(la.pinv, la.pinv, rand(shape, seed=16), id=f"pinv-{shape}")
      for shape in [(4, 3), (3, 4), (3, 3), (2, 4, 3)]],
    case(la.pinv, lambda a: la.pinv(a, hermitian=True), symmetric(seed=5) + np.triu(np.ones((3, 3)), 1),
         id="pinv-hermitian-reads-lower"),
    case(la.pinv, lambda a: la.pinv(a, rcond=1e-3), rand((3, 2), seed=17), id="pinv-rcond"),
    *([case(la.pinv, lambda a: la.pinv(a, rtol=None), rand((2, 3, 2), seed=18), id="pinv-rtol-none")]
      if PINV_RTOL else []),
    case(la.eig, lambda a: la.eig(a).eigenvalues, real_spectrum(), id="eig-values"),
    case(la.eig, lambda a: _eig_gauge_free(la.eig(a), rand((3, 3), seed=19)), real_spectrum(seed=1),
         id="eig-vectors"),
    case(la.eig, lambda a: np.abs(la.eig(a)[1]) ** 2, real_spectrum(2, n=4, seed=2), id="eig-vectors-stack"),
    case(la.eigvalsh, la.eigvalsh, symmetric(seed=6)),
    case(la.eigvalsh, lambda a: la.eigvalsh(a, UPLO="U"), symmetric(2, seed=7) + np.tril(np.ones((3, 3)), -1),
         id="eigvalsh-upper-stack-reads-upper"),
    case(la.eigvalsh, la.eigvalsh, symmetric(seed=8) + np.triu(np.ones((3, 3)), 1), id="eigvalsh-reads-lower"),
    *[case(la.matrix_power, lambda a, _n=n: la.matrix_power(a, _n), well_conditioned(seed=9), id=f"matrix_power-{n}")
      for n in [0, 1, 2, 3, 5, -1, -3]],
    case(la.matrix_power, lambda a: la.matrix_power(a, 2), well_conditioned(2, seed=10), id="matrix_power-stack"),
    case(la.matrix_power, lambda a: la.matrix_power(a, -2), well_conditioned(2, seed=11), id="matrix_power-stack-inv"),
    case(la.multi_dot, lambda a, b: la.multi_dot([a, b]), rand((2, 3), seed=1), rand((3, 4), seed=2)),
    case(la.multi_dot, lambda a, b, c, d: la.multi_dot([a, b, c, d]), rand((4,), seed=1), rand((4, 3), seed=2),
         rand((3, 5), seed=3), rand((5,), seed=4), id="multi_dot-vector-ends"),
    case(la.multi_dot, lambda a, b, c: la.multi_dot([a, b, c]), rand((2, 3), seed=1), rand((3, 4), seed=2),
         rand((4,), seed=3), id="multi_dot-vector-last"),
    case(la.multi_dot, la.multi_dot, (rand((3, 2), seed=5), rand((2, 2), seed=6), rand((2, 3), seed=7)),
         id="multi_dot-tuple"),
    *[case(la.lstsq, lambda a, b: la.lstsq(a, b, rcond=None)[:2], rand((5, 3), seed=20), rand(sb, seed=21),
           id=f"lstsq-tall-{sb}") for sb in [(5,), (5, 2)]],
    case(la.lstsq, lambda a, b: la.lstsq(a, b, rcond=None)[0], rand((2, 4), seed=22), rand((2,), seed=23),
         id="lstsq-wide"),
    case(la.lstsq, lambda a, b: (la.lstsq(a, b, rcond=None)[1], la.lstsq(a, b, rcond=None)[3]),
         rand((4, 2), seed=24),
         rand((4, 3), seed=25), id="lstsq-residuals-singular-values"),
    case(la.lstsq, lambda b: la.lstsq(rand((4, 3), seed=26), b, rcond=None)[0], rand((4,), seed=27),
         id="lstsq-b-only"),
    case(la.tensorsolve, la.tensorsolve, _tensor_system((2, 3)), rand((2, 3), seed=28)),
    case(la.tensorsolve, lambda a, b: la.tensorsolve(a, b, axes=(0, 2)),
         np.moveaxis(_tensor_system((2, 2), seed=1), (2, 3), (0, 2)), rand((2, 2), seed=29), id="tensorsolve-axes"),
    case(la.tensorinv, lambda a: la.tensorinv(a, ind=1), _tensor_system((6,), seed=2).reshape(6, 2, 3)),
    case(la.tensorinv, la.tensorinv, _tensor_system((2, 3), seed=3), id="tensorinv-ind2"),
    # b has one axis fewer than a: stacked vectors on NumPy 1, a matrix on NumPy 2; the rule follows NumPy.
    case(la.solve, la.solve, well_conditioned(3, seed=12), rand((3, 3), seed=13), id="solve-b-one-axis-fewer"),
    # complex inputs and results (autograd's convention)
    *[case(la.pinv, la.pinv, crand(shape, seed=30), id=f"pinv-complex-{shape}")
      for shape in [(3, 2), (2, 3), (2, 3, 3)]],
    case(la.eig, lambda a: (la.eig(a)[0], np.abs(la.eig(a)[1]) ** 2), rand((3, 3), seed=31),
         id="eig-complex-spectrum"),
    case(la.eig, lambda a: (la.eig(a)[0], np.abs(la.eig(a)[1]) ** 2), crand((2, 3, 3), seed=32),
         id="eig-complex-input"),
    case(la.lstsq, lambda a, b: la.lstsq(a, b, rcond=None)[:2], crand((4, 2), seed=33), crand((4,), seed=34),
         id="lstsq-complex"),
    case(la.lstsq, lambda a, b: la.lstsq(a, b, rcond=None)[1], rand((4, 2), seed=35), crand((4, 2), seed=36),
         id="lstsq-complex-b-residuals"),
    case(la.matrix_power, lambda a: la.matrix_power(a, 3), crand((3, 3), seed=37), id="matrix_power-complex"),
    case(la.matrix_power, lambda a: la.matrix_power(a, -2), well_conditioned(seed=38) + 1j * rand((3, 3), seed=39),
         id="matrix_power-complex-inv"),
    case(la.multi_dot, lambda a, b, c: la.multi_dot([a, b, c]), crand((3,), seed=40), rand((3, 2), seed=41),
         crand((2, 2), seed=42), id="multi_dot-complex"),
    case(la.tensorsolve, la.tensorsolve, _tensor_system((2, 2), seed=4) + 0.5j * rand((2, 2, 2, 2), seed=43),
         crand((2, 2), seed=44), id="tensorsolve-complex"),
    case(la.tensorinv, la.tensorinv, _tensor_system((2, 2), seed=5) * (1 + 0.5j), id="tensorinv-complex"),
    case(la.solve, la.solve, well_conditioned(2, seed=45) * (1 - 0.3j), crand((2, 3, 1), seed=46), id="solve-complex"),
]


# -- NumPy 2's products and the numpy.linalg names ----------------------------------
A3, B2 = rand((2, 3, 4), seed=61), rand((3, 4), seed=62)
ZA, ZB = crand((2, 3, 4), seed=63), crand((3, 4), seed=64)
HAS_MATVEC = hasattr(np, "matvec")  # NumPy >= 2.2
CASES += [
    case(np.vecdot, np.vecdot, A3, B2),
    case(np.vecdot, lambda a, b: np.vecdot(a, b, axis=-2), A3, B2, id="vecdot-axis-negative"),
    case(np.vecdot, lambda a, b: np.vecdot(a, b, axis=0), B2.T, rand((4, 1), seed=65), id="vecdot-axis0-broadcast"),
    case(np.vecdot, np.vecdot, ZA, ZB, id="vecdot-complex-conjugates-x1"),
    case(np.vecdot, lambda a: np.vecdot(a, 2.0 * a), ZB, id="vecdot-complex-same"),
    case(np.vecdot, np.vecdot, np.zeros((2, 0)), np.zeros((0,)), id="vecdot-empty-core"),
    case(la.vecdot, lambda a, b: la.vecdot(a, b, axis=1), ZB, ZB[:1], id="linalg.vecdot"),
    *([case(np.matvec, np.matvec, A3, B2[0]), case(np.matvec, np.matvec, ZA, ZB[:1], id="matvec-complex-broadcast"),
       case(np.vecmat, np.vecmat, B2[:, 0], A3), case(np.vecmat, np.vecmat, ZB[:1, :3], ZA, id="vecmat-complex-conjugates-v"),
       case(np.vecmat, lambda v: np.vecmat(v, A3), B2[:, 1], id="vecmat-v-only")]
      if HAS_MATVEC else []),
    case(la.matmul, la.matmul, A3, B2.T),
    case(la.outer, la.outer, B2[0], crand((2,), seed=67)),
    case(la.tensordot, la.tensordot, A3, B2),
    case(la.tensordot, lambda a, b: la.tensordot(a, b, axes=([2], [1])), ZA, ZB, id="linalg.tensordot-axes"),
    case(la.trace, la.trace, A3),
    case(la.trace, lambda a: la.trace(a, offset=-1), ZA, id="linalg.trace-offset"),
    case(la.diagonal, la.diagonal, A3),
    case(la.diagonal, lambda a: la.diagonal(a, offset=2), ZB, id="linalg.diagonal-offset"),
    case(la.cross, la.cross, A3[..., :3], B2[:, :3]),
    case(la.cross, lambda a, b: la.cross(a, b, axis=0), ZB[:3], B2[:3, ::-1], id="linalg.cross-axis0"),
    case(la.vector_norm, la.vector_norm, A3),
    case(la.vector_norm, lambda a: la.vector_norm(a, axis=(0, -1), keepdims=True), A3, id="vector_norm-axes-keepdims"),
    case(la.vector_norm, lambda a: la.vector_norm(a, ord=1, axis=-2), ZA, id="vector_norm-1"),
    case(la.vector_norm, lambda a: la.vector_norm(a, ord=np.inf, axis=(-2, -1)), A3, id="vector_norm-inf"),
    case(la.vector_norm, lambda a: la.vector_norm(a, ord=3, keepdims=True), ZB, id="vector_norm-3-keepdims"),
    case(la.vector_norm, la.vector_norm, 0.7, id="vector_norm-float"),
    case(la.matrix_norm, la.matrix_norm, A3),
    case(la.matrix_norm, lambda a: la.matrix_norm(a, ord=2), A3, id="matrix_norm-2"),
    case(la.matrix_norm, lambda a: la.matrix_norm(a, ord="nuc", keepdims=True), ZA, id="matrix_norm-nuc"),
    case(la.matrix_norm, lambda a: la.matrix_norm(a, ord=-np.inf), ZB, id="matrix_norm-minus-inf"),
    case(la.svdvals, la.svdvals, A3),
    case(la.svdvals, la.svdvals, ZB, id="svdvals-complex"),
    case(la.cond, la.cond, well_conditioned(seed=68)),
    case(la.cond, lambda a: la.cond(a, -2), well_conditioned(2, seed=69), id="cond-minus-2"),
    case(la.cond, lambda a: la.cond(a, "fro"), well_conditioned(seed=70) * (1 + 0.5j), id="cond-fro-complex"),
    case(la.cond, lambda a: la.cond(a, 1), well_conditioned(2, seed=71), id="cond-1"),
    case(la.eigvals, la.eigvals, rand((3, 3), seed=72)),
    case(la.eigvals, la.eigvals, crand((2, 3, 3), seed=73), id="eigvals-complex"),
    case(la.eigvals, la.eigvals, symmetric(seed=74), id="eigvals-symmetric-real"),
]


test_gradient = gradient_test(CASES)


def test_outer_kernel_at_batch_one_agrees_with_the_general_path():
    rng = np.random.default_rng(1)
    x, w, g = rng.standard_normal((1, 5)), rng.standard_normal((5, 4)), rng.standard_normal((1, 4))
    _, pullback = wg.vjp(lambda v: x @ v, w)
    np.testing.assert_allclose(pullback(g)[0], x.T @ g, rtol=1e-14)


#: Entries whose products underflow, overflow, are exact, zero or not a number
_OUTER_ENTRIES = [0.0, -0.0, 5e-324, -1e-170, 2.2250738585072014e-308, 1.0, -1.5, 3.0000000000000004,
                  1e200, -1.7976931348623157e308, math.inf, -math.inf, math.nan]


def _rounded_product(a, b):
    """a * b rounded once (exact rationals), where it is a number: the truth of each entry."""
    from fractions import Fraction
    if not (math.isfinite(a) and math.isfinite(b)):
        return a * b  # (inf times a nonzero number, or NaN: IEEE's own, no rounding)
    try:
        return float(Fraction(a) * Fraction(b))
    except OverflowError:
        return math.copysign(math.inf, a) * math.copysign(1.0, b)


@pytest.mark.parametrize("which", ["x at batch 1", "y with one column"])
def test_an_outer_product_gradient_is_each_product_rounded_once(which):
    # x @ y at batch 1 (x of one row) and with y of one column: the gradients x.T @ g and
    # g @ y.T are outer products, which the compiled core writes itself (outer_dot), np.dot's
    # values; both directions, strided and negative-strided views, against exact rationals
    e = np.array(_OUTER_ENTRIES)
    x_row, g_row = e[None, :], e[::-1][None, :]
    # (the last: finite factors, whose product is finite: the compiled outer_dot; an inf or NaN
    # in a factor takes the structural product, an inf or NaN in the value says so)
    cases = [(x_row, g_row), (x_row[:, ::2], g_row[:, ::3]), (x_row[:, ::-1], g_row), (x_row[:, :10], g_row[:, 3:])]
    with np.errstate(all="ignore"):
        for x, g in cases:
            if which == "x at batch 1":
                y = np.ones((x.shape[1], g.shape[1]))
                _, pullback = wg.vjp(lambda v: x @ v, y)
                got, (left, right) = pullback(g)[0], (x[0], g[0])
                structural = np.isinf(left)[:, None] & (right == 0)[None, :]  # (g's 0 times x's inf)
            else:
                y, gc = x.T, g.T  # (a column y; the cotangent of x @ y, m x 1)
                _, pullback = wg.vjp(lambda v: v @ y, np.ones((gc.shape[0], y.shape[0])))
                got, (left, right) = pullback(gc)[0], (gc[:, 0], y[:, 0])
                structural = (left == 0)[:, None] & np.isinf(right)[None, :]
            truth = np.array([[_rounded_product(float(a), float(b)) for b in right] for a in left])
            # a 0 of the cotangent times an inf adds nothing (a structural 0, as in the elementwise
            # rules' times_tangent; ops.linalg._structural_product), not IEEE's NaN
            truth[structural] = 0.0
            assert got.shape == truth.shape and got.flags.c_contiguous
            assert np.array_equal(got, truth, equal_nan=True)
            assert np.array_equal(got[~structural], np.dot(left[:, None], right[None, :])[~structural], equal_nan=True)


def test_einsum_against_an_explicit_matmul():
    rng = np.random.default_rng(2)
    w, v, g = rng.standard_normal((3, 4)), rng.standard_normal(4), rng.standard_normal(3)
    (gw, gv) = wg.vjp(lambda a, b: np.einsum("ij,j->i", a, b), w, v)[1](g)
    (hw, hv) = wg.vjp(lambda a, b: a @ b, w, v)[1](g)
    np.testing.assert_allclose(gw, hw, rtol=1e-14)
    np.testing.assert_allclose(gv, hv, rtol=1e-14)


def test_einsum_trace_and_diagonal_gradients_are_exact():
    a = np.arange(9.0).reshape(3, 3)
    np.testing.assert_array_equal(wg.grad_bp(lambda x: np.einsum("ii->", x), a), np.eye(3))
    c = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda x: np.einsum("ii->i", x) @ c, a), np.diag(c))


def test_einsum_out_is_refused():
    with pytest.raises(TypeError, match="out="):
        wg.grad_bp(lambda x: np.sum(np.einsum("i->i", x, out=np.zeros(2))), np.ones(2))


def test_matmul_of_a_vector_and_a_list_as_an_ndarray():
    # (the inner product's pullback g * y was a TypeError for a list y and NumPy's scalar g)
    x = np.array([0.5, -2.0])
    for f in (lambda v: (v @ [1.0, 3.0]) ** 2, lambda v: ([1.0, 3.0] @ v) ** 2):
        np.testing.assert_allclose(wg.grad(f)(x), 2.0 * (-5.5) * np.array([1.0, 3.0]), rtol=1e-15)
        np.testing.assert_allclose(wg.hessian(f)(x), 2.0 * np.outer([1.0, 3.0], [1.0, 3.0]), rtol=1e-15)


def test_dot_of_vectors_and_matrices_uses_the_matmul_kernels():
    rng = np.random.default_rng(3)
    x, w, g = rng.standard_normal((1, 5)), rng.standard_normal((5, 4)), rng.standard_normal((1, 4))
    np.testing.assert_allclose(wg.vjp(lambda v: np.dot(x, v), w)[1](g)[0], x.T @ g, rtol=1e-14)


def test_det_gradient_is_det_times_inverse_transpose():
    a = well_conditioned(seed=5)
    np.testing.assert_allclose(wg.grad_bp(la.det, a), la.det(a) * la.inv(a).T, rtol=1e-12)


def test_det_gradient_at_a_singular_matrix_is_the_cofactor_matrix():
    cofactors = np.array([[4.0, 4.0, -4.0], [-2.0, -2.0, 2.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(wg.grad_bp(la.det, SINGULAR), cofactors, atol=1e-13)
    np.testing.assert_allclose(wg.grad_bp(la.det, np.zeros((3, 3))), np.zeros((3, 3)), atol=0)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # (NumPy's det itself)
def test_det_gradient_where_the_det_overflows_and_the_cofactors_do_not():
    # det = 1e401 is inf; det * inv^T was inf for the cofactors [[4, -2], [-1, 3]] * 1e200
    # (and NaN for the 0 of a diagonal matrix's): they are the SVD's products of singular values
    a = np.array([[3e200, 1e200], [2e200, 4e200]])
    assert la.det(a) == np.inf
    cofactors = np.array([[4e200, -2e200], [-1e200, 3e200]])
    for jac in (wg.grad, wg.jacfwd):
        np.testing.assert_allclose(jac(la.det)(a), cofactors, rtol=4e-15, atol=0)  # (through the SVD)
        np.testing.assert_array_equal(jac(la.det)(np.diag([1e200, 1e200])), np.diag([1e200, 1e200]))
    hessian = np.array([[0.0, 0, 0, 1], [0, 0, -1, 0], [0, -1, 0, 0], [1, 0, 0, 0]])  # of a00 a11 - a01 a10
    for path in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
                 lambda f: wg.jacrev(wg.grad(f))):
        np.testing.assert_allclose(path(la.det)(a).reshape(4, 4), hessian, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(wg.jvp(wg.grad(la.det), (a,), (np.eye(2),))[1], np.eye(2), rtol=1e-15, atol=1e-15)
    # a 1 x 1 matrix's is 1 (NumPy's det is an exp of a log: det * inv^T was 1.0000000000000258 at 4e200)
    for jac in (wg.grad, wg.jacfwd):
        assert jac(la.det)(np.array([[4e200]])) == 1.0 and jac(la.det)(np.array([[7e-200]])) == 1.0


def test_det_gradient_of_a_2x2_matrix_is_its_entries_exactly():
    # det * inv^T took the rounding of NumPy's det (an exp of a log, eps * |log det|): 3.0000000000000648e150
    # for 3e150 here, the Hessian's 1 1.0000000000000215, float32 and a stack kept
    a = np.array([[2e150, 1e150], [1e150, 3e150]])
    for jac in (wg.grad, wg.jacfwd):
        np.testing.assert_array_equal(jac(la.det)(a), [[3e150, -1e150], [-1e150, 2e150]])
        assert jac(la.det)((a / 1e150).astype(np.float32)).dtype == np.float32
    np.testing.assert_array_equal(wg.hessian(la.det)(a).reshape(4, 4), [[0, 0, 0, 1], [0, 0, -1, 0], [0, -1, 0, 0], [1, 0, 0, 0]])
    np.testing.assert_array_equal(wg.grad(lambda m: np.sum(la.det(m)))(np.stack([a, a / 1e150])), [[[3e150, -1e150], [-1e150, 2e150]], [[3, -1], [-1, 2]]])


def _exact_det(rows):
    # Leibniz over exact rationals (floats are), rounded once: inf with its sign where it overflows
    from fractions import Fraction
    from itertools import permutations
    n = len(rows)
    total = 0
    for p in permutations(range(n)):
        term = (-1) ** sum(p[i] > p[j] for i in range(n) for j in range(i + 1, n))
        for i in range(n):
            term *= Fraction(float(rows[i][p[i]]))
        total += term
    return total


def _rounded(x):
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


@pytest.mark.filterwarnings("ignore:overflow encountered in det")  # (the function's own det)
@pytest.mark.parametrize("a", [np.diag([1e200, 1e200, 1.0]), np.diag([1e200, -1e200, 1e-100]),
                               np.array([[0, 0, -2.0], [0, 1e200, 0], [3e200, -1, 0]])])
def test_det_gradient_where_a_cofactor_overflows_keeps_the_others(a):
    # the SVD's U diag(prod_{j != i} s_j) V^T made inf * 0: NaN for every finite cofactor and 0
    # ([[inf, nan, nan], ...] at diag(1e200, 1e200, 1), jacfwd all NaN); now the minors' dets
    unit = np.eye(3)
    cofactors = [[_rounded(_exact_det([unit[j] if r == i else a[r] for r in range(3)])) for j in range(3)]
                 for i in range(3)]
    for jac in (wg.grad, wg.jacfwd):  # (NumPy's det of a minor is an exp of a log: 2.2e-14 at 1e200)
        np.testing.assert_allclose(jac(la.det)(a), cofactors, rtol=5e-14, atol=0)
    hessian = [[_rounded(_exact_det([unit[j] if r == i else unit[m] if r == k else a[r] for r in range(3)]))
                if i != k else 0.0 for k in range(3) for m in range(3)] for i in range(3) for j in range(3)]
    for path in (lambda f: wg.jacfwd(wg.jacrev(f)), lambda f: wg.jacfwd(wg.jacfwd(f))):
        np.testing.assert_allclose(path(la.det)(a).reshape(9, 9), hessian, rtol=1e-14, atol=0)


@pytest.mark.filterwarnings("ignore:overflow encountered in det")  # (the function's own det)
def test_det_gradient_of_a_large_matrix_where_a_cofactor_overflows():
    # 12 x 12 (beyond the minors): 1e40 I gave [inf, nan, ...] (inf * 0 in the SVD's products);
    # a permuted diagonal's cofactors are det(P) prod_{k != j} d_k where P_ij = 1, else 0
    d = np.array([-1e200, 1e200] + [1.0] * 9 + [3.0])
    perm = np.array([3, 7, 0, 11, 5, 1, 9, 2, 10, 4, 8, 6])
    a, cofactors = np.zeros((12, 12)), np.zeros((12, 12))
    a[perm, np.arange(12)] = d
    sign = (-1) ** int(sum(perm[i] > perm[j] for i in range(12) for j in range(i + 1, 12)))
    for j in range(12):
        cofactors[perm[j], j] = _rounded(sign * math.prod(int(x) for x in np.delete(d, j)))
    for jac in (wg.grad, wg.jacfwd):
        np.testing.assert_array_equal(jac(la.det)(a), cofactors)
    np.testing.assert_array_equal(wg.grad(la.det)(1e40 * np.eye(12)), np.diag([np.inf] * 12))
    # beside an ill-conditioned block (NaN for the cofactor -1e160) the SVD keeps no digit of it: refused
    block = np.eye(12) * 1e20
    block[:2, :2] = [[1e200, 1], [2, 1e200]]
    with pytest.raises(wg.NoGradientRule, match="ill-conditioned 12x12"):
        wg.grad(la.det)(block)


def test_det_gradient_of_a_permuted_diagonal_beyond_1023_is_refused_not_0():
    # the cofactors of diag(1e300, 1, ..., 1) (1,100 x 1,100, reversed) are 1e300 and 1, but the
    # product of the 1,099 other mantissas (0.5 each) underflowed: every cofactor was 0
    a = np.diag([1e300] + [1.0] * 1099)[::-1]
    with pytest.raises(wg.NoGradientRule, match="permuted diagonal matrices up to 1023x1023"):
        wg.grad(la.det)(a)


def _exact_cofactors(a):
    # det(a) inv(a)^T by Gauss-Jordan over exact rationals (a nonsingular), as Fractions
    from fractions import Fraction
    n = len(a)
    rows = [[Fraction(float(x)) for x in row] + [Fraction(int(i == j)) for j in range(n)] for i, row in enumerate(a)]
    det = Fraction(1)
    for c in range(n):
        p = next(r for r in range(c, n) if rows[r][c] != 0)
        rows[c], rows[p], det = rows[p], rows[c], det * (1 if p == c else -1) * rows[p][c]
        rows[c] = [x / rows[c][c] for x in rows[c]]
        for r in range(n):
            if r != c:
                rows[r] = [x - rows[r][c] * y for x, y in zip(rows[r], rows[c])]
    return [[det * rows[j][n + i] for j in range(n)] for i in range(n)]


_GRADED = np.diag([1e100, 1.0, 1e-50, 1e30]) @ np.array([[2.0, 3, -5, 3], [0, 0, 1, -2], [5, -5, -2, -1], [1, -1, -4, -5]])


@pytest.mark.parametrize("a", [np.array([[1e100, 1, 0], [2, 1e100, 0], [0, 0, 1]]), _GRADED], ids=["block", "graded"])
def test_det_gradient_of_an_ill_conditioned_matrix_keeps_its_small_cofactors(a):
    # the SVD's U diag(prod_{j != i} s_j) V^T rounds every cofactor by eps times the largest:
    # 3.7e83 for the cofactors -2 and -1 of the block's (beside 1e100 and 1e200), every digit
    # of the graded rows' lost; now the minors' determinants (NumPy's, an exp of a log: rtol)
    n = len(a)
    cofactors = [[_rounded(x) for x in row] for row in _exact_cofactors(a)]
    for jac in (wg.grad, wg.jacfwd, wg.jacrev):
        np.testing.assert_allclose(jac(la.det)(a), cofactors, rtol=5e-14, atol=0)
    unit = np.eye(n)
    np.testing.assert_allclose(wg.jvp(la.det, (a,), (np.outer(unit[0], unit[1]),))[1], cofactors[0][1], rtol=5e-14)
    if n == 3:  # the Hessian (the minors of the minors): 0 on the diagonal blocks, +-a_rs elsewhere
        hessian = [[_rounded(_exact_det([unit[j] if r == i else unit[m] if r == k else a[r] for r in range(3)]))
                    if i != k else 0.0 for k in range(3) for m in range(3)] for i in range(3) for j in range(3)]
        for path in (wg.hessian, lambda f: wg.jacfwd(wg.jacrev(f)), lambda f: wg.jacfwd(wg.jacfwd(f))):
            np.testing.assert_allclose(path(la.det)(a).reshape(9, 9), hessian, rtol=1e-15, atol=0)
    # complex (an exact factor 1 + i on every entry: the cofactors times its (n-1)-th power)
    phase = 1 + 1j
    complex_cofactors = np.array(cofactors) * phase ** (n - 1)
    np.testing.assert_allclose(wg.vjp(la.det, a * phase)[1](1.0 + 0j)[0], complex_cofactors, rtol=5e-14, atol=0)
    np.testing.assert_allclose(wg.jvp(la.det, (a * phase,), (np.outer(unit[0], unit[1]) + 0j,))[1],
                               complex_cofactors[0, 1], rtol=5e-14)
    # in a stack beside a well-conditioned matrix
    b = np.eye(n) + np.arange(n * n).reshape(n, n) % 3 / 4
    stacked = wg.grad(lambda m: np.sum(la.det(m)))(np.stack([b, a]))
    np.testing.assert_allclose(stacked[1], cofactors, rtol=5e-14, atol=0)
    np.testing.assert_allclose(stacked[0], [[float(x) for x in row] for row in _exact_cofactors(b)], rtol=1e-15, atol=0)


@pytest.mark.filterwarnings("ignore:overflow encountered in det")  # (the function's own det, at the wide one)
def test_det_gradient_beyond_8x8_where_the_inverse_keeps_no_digits_is_exact_or_refused():
    # 12 x 12: the SVD's cofactor -2 of the block was 3.7e83; beyond 8 x 8 (no minors) refused,
    # now exact in integers where that is affordable (entries of few bits: here ~390)
    a = np.eye(12)
    a[:2, :2] = [[1e100, 1], [2, 1e100]]
    truth = [[_rounded(x) for x in row] for row in _exact_cofactors(a)]
    for jac in (wg.grad, wg.jacfwd):
        np.testing.assert_array_equal(jac(la.det)(a), truth)
    # refused where it is not (16 x 16, entries spanning 1e-200..1e200: estimated ~1 s)
    rng = np.random.default_rng(0)
    wide = rng.standard_normal((16, 16)) * 10.0 ** rng.uniform(-200, 200, (16, 16))
    with pytest.raises(wg.NoGradientRule, match="ill-conditioned 16x16"):
        wg.grad(la.det)(wide)
    # a well-conditioned one whose det underflows (2^-1080): 2^(kn) det(2^-k a) inv(a)^T, per
    # matrix in a stack, beside a permuted diagonal one (products of 11 mantissas: n ulp)
    b = 2.0 ** -90 * (np.eye(12) + 0.5)
    c = np.diag([1e200, -1e-200] + [3.0] * 10)[::-1]
    g = wg.grad(lambda m: np.sum(la.det(m)))(np.stack([b, c]))
    np.testing.assert_allclose(g[0], [[float(x) for x in row] for row in _exact_cofactors(b)], rtol=5e-15, atol=0)
    np.testing.assert_allclose(g[1], [[_rounded(x) for x in row] for row in _exact_cofactors(c)], rtol=2e-15, atol=0)


def test_det_gradient_of_a_scaled_permutation_beyond_8x8_is_exact():
    # recognized by their SVD's U and V being exact signed permutations, which LAPACK leaves
    # 2.2e-16 off at diag(1e30, 1, ..., 1) reversed (9 x 9): NoGradientRule; now by their zeros
    # (one nonzero a row and column at most), each cofactor one product of the others
    rng = np.random.default_rng(3)
    reversed_diagonal = np.diag([1e30] + [1.0] * 8)[::-1]
    scaled = np.eye(9)[rng.permutation(9)] * (10.0 ** rng.uniform(-30, 30, 9) * rng.choice([-1, 1], 9))
    for a in (reversed_diagonal, scaled):
        cofactors = np.array([[_rounded(x) for x in row] for row in _exact_cofactors(a)])
        for jac in (wg.grad, wg.jacfwd):  # (9 mantissas multiplied: n ulp)
            np.testing.assert_allclose(jac(la.det)(a), cofactors, rtol=2e-15, atol=0)
        np.testing.assert_allclose(wg.vjp(la.det, a * (1 + 1j))[1](1.0 + 0j)[0], cofactors * (1 + 1j) ** 8,
                                   rtol=4e-15, atol=0)
    # singular: one zero row and column (one cofactor, the others' product), two (all 0)
    one = scaled.copy()
    one[2] = 0
    j = int(np.flatnonzero(scaled[2])[0])
    expected = np.zeros((9, 9))
    expected[2, j] = _rounded((-1) ** (2 + j) * _exact_det_by_elimination(np.delete(np.delete(one, 2, 0), j, 1)))
    np.testing.assert_allclose(wg.grad(la.det)(one), expected, rtol=2e-15, atol=0)
    one[5] = 0
    np.testing.assert_array_equal(wg.jacfwd(la.det)(one), np.zeros((9, 9)))


def test_det_gradient_is_not_rounded_by_numpys_exp_of_a_log():
    # NumPy's det is exp(sum log|u_ii|), rounded by eps |log det|, and det(a) inv(a)^T carried
    # that into every cofactor: 2.3e-14 at 3 x 3 normal matrices times 1e20, 1.2e-13 at 12 x 12;
    # now the LU's pivots' product (one matrix) or det(2^-k a) 2^(kn) (stacks, complex). Without
    # SciPy (optional: no getrf) one matrix beyond 8 x 8 and the minors keep NumPy's det, as before
    try:
        import scipy.linalg  # noqa: F401
        lapack = 2e-15
    except ImportError:
        lapack = 3e-13
    base = np.array([[2.0, -1, 3], [1, 4, -2], [5, 1, 1]])
    big = 1e20 * (np.eye(12) + 0.5)
    for a in (base * 1e100, base * 1e-100, big, (np.eye(12, dtype=np.float32) + 0.5) * np.float32(1e3)):
        tolerance = (lapack if a is big else 2e-15) if a.dtype == np.float64 else 2e-7  # (float32: NumPy's, as before)
        cofactors = [[float(x) for x in row] for row in _exact_cofactors(a)]
        for jac in (wg.grad, wg.jacfwd):
            assert jac(la.det)(a).dtype == a.dtype
            np.testing.assert_allclose(jac(la.det)(a), cofactors, rtol=tolerance, atol=0)
    cofactors = np.array([[float(x) for x in row] for row in _exact_cofactors(base * 1e100)])
    stack = np.stack([base * 1e100, base])
    np.testing.assert_allclose(wg.grad(lambda m: np.sum(la.det(m)))(stack)[0], cofactors, rtol=2e-15, atol=0)
    np.testing.assert_allclose(wg.vjp(la.det, base * (1e100 + 1e100j))[1](1.0 + 0j)[0], cofactors * (2j), rtol=2e-15, atol=0)
    # one complex matrix beyond 8 x 8 (1.4e-13; its pivots' moduli and phases now)
    unit = np.eye(12)
    cofactors = np.array([[float(x) for x in row] for row in _exact_cofactors(big)]) * (1 + 1j) ** 11
    np.testing.assert_allclose(wg.vjp(la.det, big * (1 + 1j))[1](1.0 + 0j)[0], cofactors, rtol=1.5 * lapack, atol=0)
    np.testing.assert_allclose(wg.jvp(la.det, (big * (1 + 1j),), (np.outer(unit[0], unit[1]) + 0j,))[1],
                               cofactors[0, 1], rtol=1.5 * lapack)
    # the minors of one ill-conditioned matrix: their LU's pivots' products (2.2e-14 for the block's)
    for a in (np.array([[1e100, 1, 0], [2, 1e100, 0], [0, 0, 1]]), _GRADED, np.diag([1e200, -1e200, 1e-100])):
        for jac in (wg.grad, wg.jacfwd):
            np.testing.assert_allclose(jac(la.det)(a), [[_rounded(x) for x in row] for row in _exact_cofactors(a)],
                                       rtol=lapack, atol=0)


def test_det_gradient_of_a_triangular_matrix_keeps_the_fast_path_and_its_zeros():
    # the zeros a triangular matrix forces on its inverse (its cofactors' other triangle) are
    # set exactly, not asked of the inverse (whose exact 0s sent it to the minors: 250 us at
    # 8 x 8 for 90), even where LU pivots (10 > 1 below the diagonal); at second order the
    # minors (the derivative of those zeros is not 0)
    lower = np.array([[1.0, 0, 0, 0], [10, 2, 0, 0], [3, -7, 0.5, 0], [4, 1, 9, 3]])
    for a in (lower, lower.T, np.eye(4), np.stack([lower, lower.T])):
        f = la.det if a.ndim == 2 else (lambda m: np.sum(la.det(m)))
        truth = [[float(x) for x in row] for row in _exact_cofactors(a)] if a.ndim == 2 else \
            [[[float(x) for x in row] for row in _exact_cofactors(m)] for m in a]
        for jac in (wg.grad, wg.jacfwd):  # (det * inv^T: a few roundings; the zeros exact)
            np.testing.assert_allclose(jac(f)(a), truth, rtol=1e-15, atol=0)
    unit = np.eye(3)
    a = np.tril(np.arange(1.0, 10).reshape(3, 3))
    hessian = [[_rounded(_exact_det([unit[j] if r == i else unit[m] if r == k else a[r] for r in range(3)]))
                if i != k else 0.0 for k in range(3) for m in range(3)] for i in range(3) for j in range(3)]
    np.testing.assert_array_equal(wg.jacfwd(wg.jacrev(la.det))(a).reshape(9, 9), hessian)


def _conditioned(n, kappa, seed):
    # q1 diag(s) q2^T, s geometric from 1 to 1 / kappa, q1 and q2 random orthogonal
    rng = np.random.default_rng(seed)
    q1, q2 = (np.linalg.qr(rng.standard_normal((n, n)))[0] for _ in range(2))
    return q1 @ np.diag(np.logspace(0, -np.log10(kappa), n)) @ q2.T


@pytest.mark.parametrize("n, kappa, seed", [(12, 1e7, 3), (12, 1e6, 2), (8, 1e10, 7)])
def test_det_gradient_keeps_each_cofactor_where_the_inverse_loses_digits(n, kappa, seed):
    # det(a) inv(a)^T was taken where kappa < 1e8 (beyond 8 x 8; up to 8 x 8 also kappa max|inv| /
    # min|inv|), each cofactor then off by about eps kappa |inv| / |inv_ij|: 1.9e-8 at 12 x 12
    # with kappa 1e7, 1.5e-10 at 1e6; at 8 x 8 with kappa 1e10 the minors, 6.7e-7 (their dets
    # are as ill-conditioned). Now det and inverse refined with residuals in extended precision
    a = _conditioned(n, kappa, seed)
    cofactors = np.array([[float(x) for x in row] for row in _exact_cofactors(a)])
    for jac in (wg.grad, wg.jacfwd):
        np.testing.assert_allclose(jac(la.det)(a), cofactors, rtol=2e-15, atol=0)
    # complex: an exact factor 1 + i on every entry, the cofactors times (1 + i)^(n - 1)
    phase = (1 + 1j) ** (n - 1)
    np.testing.assert_allclose(wg.vjp(la.det, a * (1 + 1j))[1](1.0 + 0j)[0], cofactors * phase, rtol=3e-15, atol=0)
    np.testing.assert_allclose(wg.jvp(la.det, (a * (1 + 1j),), (np.outer(np.eye(n)[1], np.eye(n)[0]) + 0j,))[1],
                               cofactors[1, 0] * phase, rtol=3e-15)
    if n > 8:  # second order: det * inv^T's tangent no longer matches the refined one of det (3.9e-9 off
        # at the first, 2.8e-12 where the exact value is 0; 9.1e-10 and 6e-15 before): refused
        with pytest.raises(wg.NoGradientRule, match="second derivative"):
            wg.jvp(wg.grad(la.det), (a,), (np.eye(n),))


def test_det_gradient_of_a_badly_scaled_well_conditioned_matrix_beyond_8x8():
    # diag(1e150, 1e-150, 1, ...) q (q orthogonal, 12 x 12), and with columns scaled too, were
    # refused (NoGradientRule: "ill-conditioned 12x12"); equilibrated by powers of 2 (exact)
    # they are well-conditioned: each cofactor to a few ulps
    q = np.linalg.qr(np.random.default_rng(7).standard_normal((12, 12)))[0]
    rows = np.diag([1e150, 1e-150] + [1.0] * 10) @ q
    both = np.diag(2.0 ** np.arange(-330, 330, 55)) @ q @ np.diag(2.0 ** np.arange(300, -300, -50))
    for a in (rows, both):
        cofactors = np.array([[_rounded(x) for x in row] for row in _exact_cofactors(a)])
        for jac in (wg.grad, wg.jacfwd):
            np.testing.assert_allclose(jac(la.det)(a), cofactors, rtol=2e-15, atol=0)
    # second order there stays refused (not a number from the unrefined inverse)
    with pytest.raises(wg.NoGradientRule, match="second derivative"):
        wg.jacfwd(wg.jacrev(la.det))(rows)


def test_det_second_derivative_where_the_gradient_is_refined():
    # 3 x 3 with kappa 1e10 (its gradient now refined): the Hessian through the minors of the
    # minors, +-a_rs exactly, on every path; jvp of grad too
    a, unit = _conditioned(3, 1e10, 1), np.eye(3)
    hessian = [[_rounded(_exact_det([unit[j] if r == i else unit[m] if r == k else a[r] for r in range(3)]))
                if i != k else 0.0 for k in range(3) for m in range(3)] for i in range(3) for j in range(3)]
    for path in (wg.hessian, lambda f: wg.jacfwd(wg.jacrev(f)), lambda f: wg.jacrev(wg.jacfwd(f))):
        np.testing.assert_array_equal(path(la.det)(a).reshape(9, 9), hessian)
    np.testing.assert_array_equal(wg.jvp(wg.grad(la.det), (a,), (np.outer(unit[0], unit[1]),))[1],
                                  np.reshape(hessian[1], (3, 3)))


def _fraction_cofactors(a):
    # C_ij = (-1)^(i + j) det(minor ij) over exact rationals (singular a too), as Fractions
    n = len(a)
    return [[(-1) ** (i + j) * _exact_det_by_elimination(np.delete(np.delete(np.asarray(a), i, 0), j, 1))
             for j in range(n)] for i in range(n)]


@pytest.mark.parametrize("n, kappa", [(3, 1e12), (8, 1e12), (3, 1e16), (8, 1e16)])
def test_det_gradient_of_an_ill_conditioned_matrix_is_exact(n, kappa):
    # where det * inv^T, even refined, does not keep them, the cofactors were the minors'
    # determinants, each as ill-conditioned as a: 8.5e-5 off at 8 x 8 with kappa 1e12, 1.8e-10 at
    # 3 x 3; now exact in integers (a = 2^r B 2^c, Bareiss) and rounded once: the rounded truth
    a = _conditioned(n, kappa, 1)
    truth = np.array([[float(x) for x in row] for row in _fraction_cofactors(a)])
    np.testing.assert_array_equal(wg.grad(la.det)(a), truth)
    if n == 3:
        np.testing.assert_array_equal(wg.jacfwd(la.det)(a), truth)
        # float32: exact, rounded through float64 (a double rounding: within 1/2 ulp + 2^-29)
        single = a.astype(np.float32)
        np.testing.assert_allclose(wg.grad(la.det)(single),
                                   [[float(x) for x in row] for row in _fraction_cofactors(single)], rtol=6e-8, atol=0)
    # complex: (1 + i) a, whose cofactors are a's times (1 + i)^(n - 1), exactly
    np.testing.assert_array_equal(wg.vjp(la.det, a * (1 + 1j))[1](1.0 + 0j)[0], truth * (1 + 1j) ** (n - 1))
    # second order (the minors of a's minors, each exact now): d C / d a_01, exactly, C being affine
    # in a_01; at 8 x 8 with kappa 1e12 it was 5e-6 off through NumPy's dets of the 6 x 6 minors
    if kappa == 1e12:
        low, high = a.copy(), a.copy()
        low[0, 1], high[0, 1] = 0.0, 1.0
        second = [[float(x - y) for x, y in zip(u, v)]
                  for u, v in zip(_fraction_cofactors(high), _fraction_cofactors(low))]
        direction = np.zeros((n, n))
        direction[0, 1] = 1.0
        np.testing.assert_array_equal(wg.jvp(wg.grad(la.det), (a,), (direction,))[1], second)


def test_det_second_derivative_computes_each_exact_minor_once(monkeypatch):
    # jacfwd(jacrev) pulls back through the same stack of minors once per entry: each of its 16
    # (4 x 4) exact cofactor matrices was computed 16 times, and the matrix's own (its forward
    # passes' det tangent) 16 times: 512 (the 8 x 8 Hessian with entries spanning
    # 1e-300..1e300 took 114 s, 3.7 s now); the last stack's are kept
    from wengert.ops import linalg as lin
    calls = []
    inner = lin._exact_cofactors
    monkeypatch.setattr(lin, "_exact_cofactors", lambda *args, **kw: calls.append(1) or inner(*args, **kw))
    monkeypatch.setattr(lin, "_EXACT_KEPT", {}, raising=False)  # (none on the parent)
    if hasattr(lin, "_exact_3x3_cofactors"):  # (session 49: a stack of 3 x 3 minors at once, counted per minor)
        inner3 = lin._exact_3x3_cofactors
        monkeypatch.setattr(lin, "_exact_3x3_cofactors", lambda a: calls.extend([1] * len(a)) or inner3(a))
    a, unit = _conditioned(4, 1e12, 2), np.eye(4)
    hessian = [[_rounded(_exact_det([unit[j] if r == i else unit[m] if r == k else a[r] for r in range(4)]))
                if i != k else 0.0 for k in range(4) for m in range(4)] for i in range(4) for j in range(4)]
    np.testing.assert_array_equal(wg.hessian(la.det)(a).reshape(16, 16), hessian)
    assert len(calls) == 17


def test_det_gradient_of_a_stack_of_singular_3x3_takes_the_exact_path_at_once(monkeypatch):
    # a stack's singular or ill-conditioned 3 x 3 matrices took the integer path one at a time
    # (Bareiss in Python ints, ~0.33 ms each: 1000 singular ones ~330 ms, 1.5 ms before it); now
    # their 2 x 2 minors by exact split products summed by math.fsum, at once (~14-30 ms), the
    # same correctly rounded cofactors; a matrix with entries beyond 2^(+-450) still one at a time
    from wengert.ops import linalg as lin
    calls = []
    inner = lin._exact_cofactors
    monkeypatch.setattr(lin, "_exact_cofactors", lambda *args, **kw: calls.append(1) or inner(*args, **kw))
    monkeypatch.setattr(lin, "_EXACT_KEPT", {}, raising=False)
    rng = np.random.default_rng(33)
    stack = np.stack([rng.integers(-5, 6, (3, 2)) @ rng.integers(-5, 6, (2, 3)) for _ in range(4)]
                     + [_conditioned(3, 1e14, 4) * 1e100, _conditioned(3, 1e12, 5) * 1e-300]).astype(float)
    truth = np.array([[[float(x) for x in row] for row in _fraction_cofactors(m)] for m in stack])
    np.testing.assert_array_equal(wg.grad(lambda m: np.sum(la.det(m)))(stack), truth)
    assert len(calls) == 1  # (the 1e-300 one)


def test_det_gradient_of_an_exactly_singular_matrix_is_exact():
    # rank n - 1: adj(a) = c x y^T, one nonzero block of cofactors; rank n - 2: all 0
    a = np.array([[1.0, 2, 3, 4], [0.1, 0.3, 0.7, 1.1], [1e-20, 5, 2, 1], [1.0, 2, 3, 4]])
    truth = np.array([[float(x) for x in row] for row in _fraction_cofactors(a)])
    assert np.count_nonzero(truth) == 8
    np.testing.assert_array_equal(wg.grad(la.det)(a), truth)
    a[2] = a[1]
    np.testing.assert_array_equal(wg.grad(la.det)(a), np.zeros((4, 4)))
    np.testing.assert_array_equal(wg.jacfwd(la.det)(a), np.zeros((4, 4)))


def test_logabsdet_gradient_keeps_each_entry_where_the_inverse_loses_digits():
    # inv(a)^T from NumPy's inverse: each entry off by about eps kappa |inv| / |inv_ij|, 1.1e-8 at
    # 12 x 12 with kappa 1e7 (the det test's matrix), 4e-6 at 8 x 8 with kappa 1e10; now refined
    # (equilibrated, residuals in extended precision) where the estimate says so
    for n, kappa, seed in ((12, 1e7, 3), (8, 1e10, 7)):
        a = _conditioned(n, kappa, seed)
        det = _exact_det_by_elimination(a)
        truth = np.array([[float(x / det) for x in row] for row in _exact_cofactors(a)])
        np.testing.assert_allclose(wg.grad(lambda m: la.slogdet(m)[1])(a), truth, rtol=1e-15, atol=0)
        g = wg.vjp(la.slogdet, a * (1 + 1j))[1]((0j, 1.0))[0]  # (inv((1 + i) a)^T = inv(a)^T / (1 + i))
        np.testing.assert_allclose(g, truth / (1 + 1j), rtol=2e-15, atol=0)
        # a jacobian pulls back n^2 times: the same inverse each time
        np.testing.assert_allclose(wg.jacrev(lambda m: la.slogdet(m)[1])(a), truth, rtol=1e-15, atol=0)


def test_logabsdet_gradient_keeps_the_small_entries_of_a_well_conditioned_inverse():
    # a perturbed Wilkinson growth matrix (1 on the diagonal, -1 below, 1 in the last column):
    # kappa 5.3, but inverse entries from 0.5 down to 7e-9, so NumPy's inverse lost digits in its
    # small entries (eps |inv_i.| |inv_.j| / |inv_ij|: 2.4e-9 relative) where the normwise check
    # (eps n max|a| max|inv|, 7e-16) saw nothing; now the per-entry estimate sends it to refinement
    n = 12
    a = np.eye(n) - np.tril(np.ones((n, n)), -1)
    a[:, -1] = 1
    a = a + 1e-6 * np.random.default_rng(12).standard_normal((n, n))
    det = _exact_det_by_elimination(a)
    truth = np.array([[float(x / det) for x in row] for row in _exact_cofactors(a)])
    np.testing.assert_allclose(wg.grad(lambda m: la.slogdet(m)[1])(a), truth, rtol=1e-15, atol=0)


def _exact_inverse_transposed(a):
    # inv(a)^T over exact rationals, each entry rounded once (float(Fraction) rounds correctly)
    det = _exact_det_by_elimination(a)
    return np.array([[float(x / det) for x in row] for row in _exact_cofactors(a)])


@pytest.mark.parametrize("a", [_conditioned(3, 1e16, 1), _conditioned(12, 1e12, 2),
                               np.dot(*(lambda r: (r.standard_normal((8, 7)), r.standard_normal((7, 8))))(
                                   np.random.default_rng(8)))], ids=["3-kappa1e16", "12-kappa1e12", "8-rank7-rounded"])
def test_logabsdet_gradient_is_exact_where_refinement_fails(a):
    # beyond what refinement reaches (kappa ~1e12 and up, matrices singular but for rounding) the
    # gradient was NumPy's inverse: 0.12 off at 3 x 3 kappa 1e16, 4.6e-3 at 12 x 12 kappa 1e12,
    # 1.7 at a rounded rank-7 8 x 8 (tools/det_gradient_accuracy.py --slogdet --high); now the
    # exact inverse (a = 2^r B 2^c, adj(B) / det(B) in integers) rounded once
    truth = _exact_inverse_transposed(a)
    np.testing.assert_array_equal(wg.grad(lambda m: la.slogdet(m)[1])(a), truth)
    if len(a) == 3:  # (a stack: each matrix so, the well-conditioned one unchanged)
        b = np.eye(3) + 0.1 * a
        stack = wg.grad(lambda m: np.sum(la.slogdet(m)[1]))(np.stack([b, a]))
        np.testing.assert_array_equal(stack[1], truth)
        np.testing.assert_array_equal(stack[0], np.linalg.inv(b).T)


def test_logabsdet_gradient_refused_where_it_cannot_be_accurate():
    # exactly singular (row 3 = row 1 + row 2) but NumPy's LU pivots round to nonzero: slogdet
    # gives -31.9 and NumPy's inverse 1e15s, which were the gradient; log|det| is -inf there
    singular = np.array([[7.0, 1, 3], [3, 5, 1], [10, 6, 4]])
    with pytest.raises(np.linalg.LinAlgError, match="exactly singular"):
        wg.grad(lambda m: la.slogdet(m)[1])(singular)
    # beyond the exact path's cost (30 x 30, kappa 1e12): was 1e-2-ish off, now refused
    with pytest.raises(np.linalg.LinAlgError, match="ill-conditioned or nearly singular"):
        wg.grad(lambda m: la.slogdet(m)[1])(_conditioned(30, 1e12, 3))
    # second order differentiates NumPy's inverse: refused where it keeps fewer than 8 digits
    a = _conditioned(3, 1e12, 1)
    with pytest.raises(np.linalg.LinAlgError, match="second and higher orders"):
        wg.hessian(lambda m: la.slogdet(m)[1])(a)
    wg.hessian(lambda m: la.slogdet(m)[1])(_conditioned(3, 1e4, 1))  # (still there)


def _exact_det_by_elimination(rows):
    # Gaussian elimination over exact rationals (for the larger minors, where Leibniz is slow)
    from fractions import Fraction
    m = [[Fraction(float(v)) for v in row] for row in rows]
    det = Fraction(1)
    for k in range(len(m)):
        pivot = next((r for r in range(k, len(m)) if m[r][k] != 0), None)
        if pivot is None:
            return Fraction(0)
        if pivot != k:
            m[k], m[pivot], det = m[pivot], m[k], -det
        det *= m[k][k]
        for r in range(k + 1, len(m)):
            factor = m[r][k] / m[k][k]
            m[r] = [x - factor * y for x, y in zip(m[r], m[k])]
    return det


def _cofactor_or_nan(a, i, j):
    # C_ij = (-1)^(i + j) det(minor ij), exactly; NaN where the minor holds a NaN
    minor = np.delete(np.delete(a, i, axis=0), j, axis=1)
    return np.nan if np.isnan(minor).any() else (-1) ** (i + j) * float(_exact_det_by_elimination(minor))


@pytest.mark.filterwarnings("ignore:invalid value encountered in det")  # (the function's own det)
@pytest.mark.parametrize("n, where", [(3, (0, 1)), (3, (2, 2)), (10, (0, 1)), (10, (9, 9))])
def test_det_gradient_at_a_matrix_with_a_nan(n, where):
    # det is NaN there; beyond 8 x 8 the gradient was refused (NoGradientRule, "ill-conditioned
    # or not finite"; before 243a560 the SVD raised LinAlgError "SVD did not converge" at 3 x 3
    # too). Now the cofactors at every size, each NaN where it reads the NaN and exact beside
    # (C_ij reads neither row i nor column j), as the minors give up to 8 x 8
    a = np.arange(1.0, n * n + 1).reshape(n, n) % 7 + np.eye(n) * 5
    a[where] = np.nan
    cofactors = [[_cofactor_or_nan(a, i, j) for j in range(n)] for i in range(n)]
    for jac in (wg.grad, wg.jacfwd):  # (NumPy's det of a 9 x 9 minor: LU's rounding, 1.4e-14 at (7, 9))
        np.testing.assert_allclose(jac(la.det)(a), cofactors, rtol=5e-14, atol=0)
    # a stack: the finite matrix keeps its gradient (up to 8 x 8 through the minors beside a NaN)
    finite = a.copy()
    finite[where] = 1.0
    np.testing.assert_allclose(wg.grad(lambda m: np.sum(la.det(m)))(np.stack([finite, a]))[0],
                               wg.grad(la.det)(finite), rtol=1e-14, atol=0)


def test_det_second_derivative_of_an_empty_matrix():
    # reverse over reverse of det of a 0x0 matrix (det 1) raised IndexError (its n^2 minors
    # indexed by an empty 1-d array); the other paths gave the empty Hessian
    for a in (np.zeros((0, 0)), np.zeros((2, 0, 0))):
        assert wg.jacrev(wg.jacrev(lambda m: np.sum(la.det(m))))(a).shape == a.shape * 2

def test_logabsdet_gradient_is_the_inverse_transpose_and_sign_gets_none():
    a = well_conditioned(seed=6)
    np.testing.assert_allclose(wg.grad_bp(lambda m: la.slogdet(m).logabsdet, a), la.inv(a).T, rtol=1e-12)
    np.testing.assert_array_equal(wg.grad_bp(lambda m: la.slogdet(m).sign, a), np.zeros((3, 3)))


def test_decomposition_cotangents_as_plain_tuples_are_read_by_position():
    # NumPy 1.x returned plain tuples from eigh, qr, svd and slogdet, whose parts the rules
    # read by field name only: every gradient through them came back silently zero. A
    # plain tuple seeded through vjp takes the same path today.
    a = well_conditioned(seed=7)
    sym = a + a.T
    for fn, arg in ((la.eigh, sym), (la.eig, a), (la.qr, a), (la.svd, a), (la.slogdet, a)):
        value, pullback = wg.vjp(fn, arg)
        seed = tuple(np.ones_like(part) for part in value)
        (by_position,) = pullback(seed)
        (by_name,) = pullback(type(value)(*seed))
        np.testing.assert_array_equal(by_position, by_name)
        assert np.abs(by_position).max() > 0.1, fn.__name__


def test_norm_gradient_at_zero_is_zero_not_nan():
    np.testing.assert_array_equal(wg.grad_bp(la.norm, np.zeros(3)), np.zeros(3))
    np.testing.assert_array_equal(wg.grad_bp(lambda x: la.norm(x, "fro"), np.zeros((2, 2))), np.zeros((2, 2)))
    g = wg.grad_bp(lambda x: np.sum(la.norm(x, axis=1)), np.array([[0.0, 0.0], [3.0, 4.0]]))
    np.testing.assert_allclose(g, [[0.0, 0.0], [0.6, 0.8]], rtol=1e-15)


def test_norm_second_derivative_of_an_empty_matrix():
    # reverse over reverse of the 2-norm of a 3x0 matrix raised ZeroDivisionError (its singular
    # value picked as i % 0); the gradient and its derivative are empty
    a = np.zeros((3, 0))
    try:
        la.norm(a, 2)
    except ValueError:  # NumPy 2.0 has no 2-norm of an empty matrix (the max of no values)
        pytest.skip("this NumPy refuses np.linalg.norm(a, 2) of an empty matrix")
    assert wg.grad(lambda a: np.sum(wg.grad(lambda b: la.norm(b, 2))(a)))(a).shape == (3, 0)


def test_eigenvalue_gradient_with_repeated_eigenvalues():
    # The sum of the eigenvalues is the trace: defined even though all three are equal.
    np.testing.assert_allclose(wg.grad_bp(lambda a: np.sum(la.eigh(a)[0]), np.eye(3)), np.eye(3), atol=1e-15)


def test_eigenvector_gradient_with_repeated_eigenvalues_raises():
    with pytest.raises(np.linalg.LinAlgError, match="repeated"):
        wg.grad_bp(lambda a: np.sum(la.eigh(a)[1] ** 2), np.diag([1.0, 1.0, 2.0]))


def test_svd_vectors_of_a_full_non_square_matrix_raise():
    with pytest.raises(wg.NoGradientRule, match="full_matrices=False"):
        wg.grad_bp(lambda a: np.sum(la.svd(a)[0][:, 0] ** 2), rand((4, 3)))


def test_svd_vectors_beyond_the_square_of_a_rank_deficient_matrix_raise():
    # A 3x2 matrix of rank 1: its second left singular vector is any unit vector orthogonal
    # to the first (a plane of them), so U has no derivative; the term (I - U U^T) Ubar / s_2
    # with s_2 = 1e-16 gave -1.3e14 for d/da[0, 0] of np.sum(U ** 3), with no error
    tall = np.outer([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(np.linalg.LinAlgError, match="through U of a 3x2 matrix of rank below 2"):
        wg.grad(lambda a: np.sum(la.svd(a, full_matrices=False)[0] ** 3))(tall)
    with pytest.raises(np.linalg.LinAlgError, match="through Vh of a 2x3 matrix"):
        wg.grad(lambda a: np.sum(la.svd(a, full_matrices=False)[2] ** 3))(tall.T)
    # np.sum(s ** 2) is np.sum(a * a), with Hessian 2 I: at a rectangular rank-deficient
    # matrix its second derivative through the singular vectors was NaN (0 / 0); refused
    wide = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    for how in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacrev(wg.jacfwd(f))):
        with pytest.raises(np.linalg.LinAlgError, match="second derivative of the singular values"):
            how(lambda a: np.sum(la.svd(a, compute_uv=False) ** 2))(wide)
    np.testing.assert_allclose(wg.grad(lambda a: np.sum(la.svd(a, compute_uv=False) ** 2))(wide), 2.0 * wide, rtol=1e-15)
    # full rank, however close to rank 1: computed (s_2 = 1e-6, against central differences)
    near = tall + 1e-6 * np.array([[0.0, 1.0], [-1.0, 0.0], [0.5, 0.25]])
    check_grads(lambda a: np.sum(la.svd(a, full_matrices=False)[0][:, 0] ** 3), near)


def test_qr_of_a_wide_matrix_raises():
    with pytest.raises(wg.NoGradientRule, match="qr"):
        wg.grad_bp(lambda a: np.sum(la.qr(a).R), rand((2, 3)))


def test_errors_of_numpy_come_through():
    with pytest.raises(np.linalg.LinAlgError):
        wg.grad_bp(lambda a: np.sum(la.inv(a)), np.ones((2, 2)))
    with pytest.raises(np.linalg.LinAlgError):
        wg.grad_bp(lambda a: np.sum(la.cholesky(a)), -np.eye(2))
    with pytest.raises(np.linalg.LinAlgError):
        wg.grad_bp(la.det, np.ones((2, 3)))


def test_against_scipy_cholesky_and_solve():
    scipy_linalg = pytest.importorskip("scipy.linalg")
    a, b = spd(seed=7), rand((3,), seed=8)
    # f(a) = b^T a^-1 b has gradient -a^-1 b b^T a^-1 (symmetric a, read from one triangle).
    x = scipy_linalg.cho_solve(scipy_linalg.cho_factor(a), b)
    full = -np.outer(x, x)
    expected = np.tril(2 * full) - np.diag(np.diag(full))
    got = wg.grad_bp(lambda m: b @ la.solve(la.cholesky(m).T, la.solve(la.cholesky(m), b)), a)
    np.testing.assert_allclose(got, expected, rtol=1e-10)


# -- added with issue 11: refusals where no derivative exists, complex eig, names --------------

def _orthogonal(n, seed):
    return np.linalg.qr(np.random.default_rng(seed).standard_normal((n, n)))[0]


def _truncated_pinv_jet(mp, a, w, u, v, rank, dps=40):
    """mpmath's d/ds and d2/ds dt of sum(w * X) at s = t = 0, X the pseudo-inverse of the rank-``rank`` truncated SVD
    of a + s u + t v (real or complex): the function NumPy's pinv is where no singular value crosses its cutoff."""
    def loss(s, t):
        m = mp.matrix([[mp.mpmathify(complex(a[i, j])) + s * complex(u[i, j]) + t * complex(v[i, j])
                        for j in range(a.shape[1])] for i in range(a.shape[0])])
        left, sizes, right = mp.svd_c(m)  # m = left diag(sizes) right
        return mp.re(mp.fsum(complex(w[p, q]) * mp.conj(right[k, p]) * mp.conj(left[q, k]) / sizes[k]
                             for k in range(rank) for p in range(a.shape[1]) for q in range(a.shape[0])))
    with mp.workdps(dps):
        return float(mp.diff(lambda s: loss(s, 0), 0)), float(mp.diff(loss, (0, 0), (1, 1)))


def test_pinv_of_a_rank_deficient_matrix_is_the_truncated_pseudo_inverse():
    # np.linalg.pinv drops the singular values up to rcond * max(s): about a matrix with one of them below the
    # cutoff (and none at it) it is the pseudo-inverse of the truncated SVD, a smooth function. Its derivative was
    # refused ("rank-deficient", RANK_ONE and [[1, 2], [2, 4]] too); now Golub and Pereyra's with the terms of the
    # dropped part N = a - a X a (0 at an exactly rank-deficient a, its derivative not: without them the second
    # derivative at [[1, 2], [2, 4], [0.5, 1]] was 20% off, and at sigma = 1e-4 below rcond = 1e-3 the first 1.7e-4).
    # Truths: mpmath's truncated pseudo-inverse (40 digits), every mode.
    mp = pytest.importorskip("mpmath")
    rotated = _orthogonal(3, 1) @ np.diag([1.0, 0.5, 1e-4]) @ _orthogonal(3, 2)
    rng = np.random.default_rng(7)
    points = [(np.array([[1.0, 2.0], [2.0, 4.0], [0.5, 1.0]]), 1, {}, 1e-13),
              (rotated, 2, {"rcond": 1e-3}, 1e-13),
              (np.outer([1.0 + 2.0j, -0.5j, 1.0], [0.5 - 1.0j, 2.0]), 1, {}, 1e-13)]
    for a, rank, kwargs, tol in points:
        shape = a.shape[::-1]
        w, u, v = (rng.standard_normal(s) + (1j * rng.standard_normal(s) if a.dtype.kind == "c" else 0)
                   for s in (shape, a.shape, a.shape))
        loss = lambda m: np.real(np.sum(w * la.pinv(m, **kwargs)))  # noqa: E731
        d1, d2 = _truncated_pinv_jet(mp, a, w, u, v, rank)
        pair = (lambda g, d: np.real(np.sum(g * d))) if a.dtype.kind == "c" else (lambda g, d: np.sum(g * d))
        grad = wg.grad(loss)
        firsts = [pair(grad(a), u), wg.jvp(loss, (a,), (u,))[1], pair(wg.jit(grad)(a), u)]
        np.testing.assert_allclose(firsts, d1, rtol=tol)
        seconds = [pair(wg.jvp(grad, (a,), (v,))[1], u), pair(wg.grad(lambda m: pair(grad(m), u))(a), v),
                   wg.jvp(lambda m: wg.jvp(loss, (m,), (u,))[1], (a,), (v,))[1]]
        np.testing.assert_allclose(seconds, d2, rtol=100 * tol)
    with pytest.raises(np.linalg.LinAlgError, match="at .within a relative 1e-8 of. the cutoff"):
        wg.grad(lambda m: np.sum(la.pinv(m, rcond=1e-4)))(rotated)  # (a singular value at the cutoff)
    with pytest.raises(np.linalg.LinAlgError, match="or the matrix is 0"):
        wg.grad(lambda m: np.sum(la.pinv(m)))(np.zeros((2, 3)))
    with pytest.raises(np.linalg.LinAlgError, match="not converge within 40 terms"):  # (dropped 0.75 of kept)
        wg.grad(lambda m: np.sum(la.pinv(m, rcond=0.7)))(np.diag([1.0, 0.8, 0.6]))
    with pytest.raises(np.linalg.LinAlgError, match="order 2 .* smallest kept"):  # (s_1 / s_r = 1e5)
        wg.hessian(lambda m: np.sum(la.pinv(m)))(np.diag([1.0, 1e-5, 0.0]))


def test_pinv_with_a_singular_value_just_above_the_cutoff_is_refused_too():
    # A singular value within a relative 1e-8 of the cutoff rcond * max(s) was refused only when it fell below
    # it: just above (all kept) the full-rank derivative came out, while NumPy's own SVD (eigh's for
    # hermitian=True) may put it below and return the truncated value: at eigenvalues 2, -1, 0.5 rotated, rcond
    # = 0.25 gave NumPy's rank-2 value with a derivative neither rank 2's nor rank 3's (1.4 for 2.9, 17.2 for 10.0).
    # And rtol=None is NumPy's max(m, n) eps of the input's precision (float32's for float32), not float64's.
    just_below = 0.25 * (1.0 - 1e-12)
    points = [(np.diag([2.0, 1.0, 0.5]), {"rcond": just_below}),
              (np.diag([2.0, -1.0, 0.5]), {"rcond": just_below, "hermitian": True}),
              (np.diag([1.0, 1e-6]).astype(np.float32), {"rcond": 1e-6 * (1.0 - 1e-12)})]
    if PINV_RTOL:  # (NumPy drops 2 eps of float32 at rtol=None: s > cutoff is False)
        points.append((np.diag([1.0, 2 * np.finfo(np.float32).eps]).astype(np.float32), {"rtol": None}))
    for a, kwargs in points:
        with pytest.raises(np.linalg.LinAlgError, match="at .within a relative 1e-8 of. the cutoff"):
            wg.grad(lambda m: np.sum(la.pinv(m, **kwargs)))(a)
        with pytest.raises(np.linalg.LinAlgError, match="at .within a relative 1e-8 of. the cutoff"):
            wg.jvp(lambda m: la.pinv(m, **kwargs), (a,), (np.ones_like(a),))
    a = np.diag([2.0, 1.0, 0.5])  # (a gap of 1e-7: differentiated, Golub and Pereyra's -X dA X)
    np.testing.assert_array_equal(wg.grad(lambda m: np.sum(la.pinv(m, rcond=0.25 * (1.0 - 1e-7))))(a),
                                  -np.outer([0.5, 1.0, 2.0], [0.5, 1.0, 2.0]))


def test_pinv_is_inv_for_a_square_nonsingular_matrix():
    a, g = well_conditioned(seed=13), rand((3, 3), seed=14)
    np.testing.assert_allclose(wg.vjp(la.pinv, a)[1](g)[0], wg.vjp(la.inv, a)[1](g)[0], rtol=1e-9)


def test_pinv_of_float32_with_rtol_none_takes_numpys_cutoff():
    # pinv(a, rtol=None)'s cutoff is max(m, n) eps of a's precision (NumPy's): the rule took float64's eps, so at a
    # float32 x x^T (singular values 0.75, 0.12, 4.4e-9) it counted rank 3 where NumPy's value has rank 2, and gave
    # Golub and Pereyra's formula alone: its second derivative 25% off (-0.2474). Truth: mpmath's rank-2 truncated
    # pseudo-inverse of the float32 matrix's values (40 digits).
    mp = pytest.importorskip("mpmath")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 2)).astype(np.float32)
    a = (x @ x.T).astype(np.float32)
    w, u, v = (rng.standard_normal((3, 3)) for _ in range(3))

    def loss_mp(s, t):
        left, sizes, right = mp.svd_r(mp.matrix(a.astype(float).tolist()) + s * mp.matrix(u.tolist()) + t * mp.matrix(v.tolist()))
        return mp.fsum(w[p, q] * right[k, p] * left[q, k] / sizes[k] for k in range(2) for p in range(3) for q in range(3))
    with mp.workdps(40):
        d1, d2 = float(mp.diff(lambda s: loss_mp(s, 0), 0)), float(mp.diff(loss_mp, (0, 0), (1, 1)))
    grad = wg.grad(lambda m: np.sum(w * la.pinv(m, rtol=None)))
    assert grad(a).dtype == np.float32
    np.testing.assert_allclose(np.sum(grad(a) * u), d1, rtol=1e-5)
    np.testing.assert_allclose(np.sum(wg.jvp(grad, (a,), (v.astype(np.float32),))[1] * u), d2, rtol=1e-5)


def test_lstsq_of_a_rank_deficient_matrix_is_the_truncated_solution_and_its_rank_is_plain():
    # At a rank-deficient a (by rcond) lstsq's x is pinv(a) b with the truncated SVD (LAPACK's gelsd): its
    # derivative was refused ("rank-deficient"); now pinv's (_pinv_dropped_grad). Truths: mpmath's truncated
    # pseudo-inverse (40 digits) times b, moved along (U, Bu) and V. The singular values' derivative stays refused.
    mp = pytest.importorskip("mpmath")
    rng = np.random.default_rng(4)
    for a, rank, kwargs, bshape in ((np.array([[1.0, 2.0], [2.0, 4.0], [0.5, 1.0]]), 1, {"rcond": None}, (3,)),
                                    (np.diag([1.0, 1e-4, 0.5]), 2, {"rcond": 1e-3}, (3, 2))):
        b, bu, w = rng.standard_normal(bshape), rng.standard_normal(bshape), rng.standard_normal(a.shape[1:] + bshape[1:])
        u, v = rng.standard_normal(a.shape), rng.standard_normal(a.shape)

        def loss_mp(s, t):
            left, sizes, right = mp.svd_r(mp.matrix(a.tolist()) + s * mp.matrix(u.tolist()) + t * mp.matrix(v.tolist()))
            x = mp.zeros(right.cols, left.rows)
            for k in range(rank):
                x += right[k, :].T * left[:, k].T / sizes[k]
            x = x * (mp.matrix(b.reshape(len(b), -1).tolist()) + s * mp.matrix(bu.reshape(len(b), -1).tolist()))
            return mp.fsum(w.reshape(x.rows, -1)[i, j] * x[i, j] for i in range(x.rows) for j in range(x.cols))
        with mp.workdps(40):
            d1, d2 = float(mp.diff(lambda s: loss_mp(s, 0), 0)), float(mp.diff(loss_mp, (0, 0), (1, 1)))
        loss = lambda m, c: np.sum(w * la.lstsq(m, c, **kwargs)[0])  # noqa: E731
        grad = wg.grad(loss, argnums=(0, 1))
        pair = lambda g: np.sum(g[0] * u) + np.sum(g[1] * bu)  # noqa: E731
        np.testing.assert_allclose([pair(grad(a, b)), wg.jvp(loss, (a, b), (u, bu))[1], pair(wg.jit(grad)(a, b))],
                                   d1, rtol=1e-13)
        np.testing.assert_allclose(pair(wg.jvp(lambda m: grad(m, b), (a,), (v,))[1]), d2, rtol=1e-12)
    with pytest.raises(np.linalg.LinAlgError, match="singular values is not defined at a rank-deficient"):
        wg.grad(lambda m: np.sum(la.lstsq(m, np.ones(3), rcond=None)[3]))(RANK_ONE)
    with pytest.raises(np.linalg.LinAlgError, match="the rank jumps"):
        wg.grad(lambda m: np.sum(la.lstsq(m, np.ones(3), rcond=1e-4)[0]))(np.diag([1.0, 1e-4, 0.5]))
    seen = []

    def f(a):
        x, _, rank, _ = la.lstsq(a, np.ones(3), rcond=None)
        seen.append(rank)
        return np.sum(a)
    wg.grad_bp(f, RANK_ONE)
    assert seen == [1] and type(seen[0]) is not wg.Var


def test_lstsq_agrees_with_solve_for_a_square_matrix():
    a, b, g = well_conditioned(seed=15), rand((3,), seed=16), rand((3,), seed=17)
    got = wg.vjp(lambda m, v: la.lstsq(m, v, rcond=None)[0], a, b)[1](g)
    want = wg.vjp(la.solve, a, b)[1](g)
    for x, y in zip(got, want):
        np.testing.assert_allclose(x, y, rtol=1e-9)


def test_eig_gradient_of_a_complex_spectrum_is_exact():
    # Blind to each eigenvector's phase: L = sum c |v|^2 + Re sum(gw w), whose cotangents are
    # gw for the eigenvalues and 2 c conj(v) for the eigenvectors (autograd's convention).
    rng = np.random.default_rng(3)
    for a, direction in [(rng.standard_normal((3, 3)), rng.standard_normal((3, 3))),
                         (rng.standard_normal((2, 4, 4)), rng.standard_normal((2, 4, 4))),
                         (rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3)),
                          rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3)))]:
        c = rng.standard_normal(a.shape)
        gw = rng.standard_normal(a.shape[:-1]) + 1j * rng.standard_normal(a.shape[:-1])

        def loss(m):
            w, v = la.eig(m)
            return np.sum(c * np.abs(v) ** 2) + np.real(np.sum(gw * w))
        out, pullback = wg.vjp(la.eig, a)
        ga = pullback(type(out)(gw, 2 * c * np.conj(out.eigenvectors)))[0]
        assert ga.dtype == a.dtype  # a real input gets a real gradient
        h = 1e-6
        numeric = (loss(a + h * direction) - loss(a - h * direction)) / (2 * h)
        np.testing.assert_allclose(np.real(np.sum(ga * direction)), numeric, rtol=1e-6)


def test_eig_eigenvectors_of_repeated_or_defective_eigenvalues_raise():
    # The losses take real parts: from NumPy 2.5 on, eig returns complex results for every
    # input, real symmetric ones included.
    with pytest.raises(np.linalg.LinAlgError, match="repeated"):
        wg.grad_bp(lambda a: np.real(np.sum(la.eig(a)[1] ** 2)), np.diag([1.0, 1.0, 2.0]))
    near = _orthogonal(3, 4) @ np.diag([1.0, 1.0 + 1e-12, 2.0]) @ _orthogonal(3, 4).T
    with pytest.raises(np.linalg.LinAlgError, match="repeated"):
        wg.grad_bp(lambda a: np.real(np.sum(la.eig(a)[1] ** 2)), near)
    with pytest.raises(np.linalg.LinAlgError, match="defective"):
        wg.grad_bp(lambda a: np.real(np.sum(la.eig(a)[0])), np.array([[1.0, 1.0], [0.0, 1.0]]))
    # Repeated but diagonalizable: the eigenvalues' sum is the trace.
    np.testing.assert_allclose(wg.grad_bp(lambda a: np.real(np.sum(la.eig(a)[0])), np.eye(3)), np.eye(3), atol=1e-15)


@pytest.mark.parametrize("split", [0.0, 1e-12, 1e-6])
def test_eig_eigenvalues_at_a_repeated_eigenvalue_only_for_symmetric_functions(split):
    # A = V diag(1, 1 + split, 3) V^-1, not normal: at the tie each eigenvalue alone has no
    # derivative, and V^-T diag(c) V^T in LAPACK's basis of the eigenspace came out with no error
    # (along a random direction -0.068, where mpmath's one-sided derivatives are -0.872 and 1.672);
    # a symmetric function of the tied values has one
    v = np.array([[1.0, 1.0, 0.5], [0.25, 1.0, 1.0], [1.0, 0.5, 1.0]])
    a = v @ np.diag([1.0, 1.0 + split, 3.0]) @ la.inv(v)
    c = np.array([0.3, -0.7, 1.1])
    weighted = lambda m: np.sum(c * np.sort(np.real(la.eigvals(m))))  # noqa: E731
    if split > 1e-8:  # distinct: dw_k = (V^-T)_k V_k^T, to the conditioning of the near tie
        want = la.inv(v).T @ np.diag(c) @ v.T
        np.testing.assert_allclose(wg.grad(weighted)(a), want, rtol=0, atol=1e-8)
        np.testing.assert_allclose(wg.jacfwd(weighted)(a), want, rtol=0, atol=1e-8)
    else:
        for transform in (wg.grad, wg.jacfwd):
            with pytest.raises(np.linalg.LinAlgError, match="symmetric in the tied eigenvalues"):
                transform(weighted)(a)
    np.testing.assert_allclose(wg.grad(lambda m: np.real(np.sum(la.eigvals(m))))(a), np.eye(3), atol=1e-13)

def _five_hessians(f, a):
    """The Hessian of scalar ``f`` at ``a`` by each of the five second-order paths (callables)."""
    along = lambda e: wg.jvp(wg.grad(f), (a,), (e.reshape(a.shape),))[1]  # noqa: E731
    return {"jacrev(grad)": lambda: wg.jacrev(wg.grad(f))(a), "jacfwd(grad)": lambda: wg.jacfwd(wg.grad(f))(a),
            "jacrev(jacfwd)": lambda: wg.jacrev(wg.jacfwd(f))(a), "jacfwd(jacfwd)": lambda: wg.jacfwd(wg.jacfwd(f))(a),
            "jvp(grad)": lambda: np.stack([along(e) for e in np.eye(a.size)], -1).reshape(a.shape * 2)}


def test_eig_second_derivatives_near_a_defective_matrix():
    # At [[1, 1], [d, 1]] (eigenvalues 1 +- sqrt(d), cond(V) ~ 1 / sqrt(d)) the Hessian of
    # sum(w ** 3) = trace(a^3), 3 (a_li delta_jk + a_jk delta_li), came out 57 off at d = 1e-12
    # on every path, with no error (7e-9 relative at d = 1e-6, 4e-5 at 1e-8: the error grows
    # as eps cond^3): now refused where cond^3 times the first derivative's cancellation
    # exceeds 1e8. One eigenvalue (rho ~ 1) keeps its Hessian, here to 1e-9 of mpmath's.
    mp = pytest.importorskip("mpmath")
    cubes = lambda m: np.real(np.sum(la.eigvals(m) ** 3))  # noqa: E731
    top = lambda m: np.max(np.real(la.eigvals(m)))  # noqa: E731
    eye = np.eye(2)
    for d in (1e-2, 1e-12):
        a = np.array([[1.0, 1.0], [d, 1.0]])
        want = 3 * (np.einsum("li,jk->ijkl", a, eye) + np.einsum("jk,li->ijkl", a, eye))
        for path, hessian in _five_hessians(cubes, a).items():
            if d > 1e-6:
                np.testing.assert_allclose(hessian(), want, rtol=0, atol=1e-11, err_msg=path)
            else:
                with pytest.raises(np.linalg.LinAlgError, match="nearly defective"):
                    hessian()
    a = np.array([[1.0, 1.0], [1e-12, 1.0]])
    with mp.workdps(50):  # the larger eigenvalue (p + s) / 2 + sqrt(((p - s) / 2)^2 + q r)
        lam = lambda p, q, r, s: (p + s) / 2 + mp.sqrt(((p - s) / 2) ** 2 + q * r)  # noqa: E731
        x0 = [mp.mpf(v) for v in a.ravel()]
        want = np.array([[float(mp.diff(lam, x0, tuple(int(k == i) + int(k == j) for k in range(4))))
                          for j in range(4)] for i in range(4)]).reshape(2, 2, 2, 2)
    scale = np.max(np.abs(want))  # 2.5e17, d2/dc2 = -b^2 / (4 r^3)
    np.testing.assert_allclose(wg.jacrev(wg.grad(top))(a), want, rtol=0, atol=1e-9 * scale)
    np.testing.assert_allclose(wg.jvp(wg.grad(top), (a,), (np.ones((2, 2)),))[1], np.sum(want, axis=(2, 3)),
                               rtol=0, atol=1e-9 * scale)


@pytest.mark.parametrize("p", [None, 2, -2])
def test_cond_at_a_singular_matrix(p):
    # cond = s_max / s_min is infinite at a singular matrix (NumPy: 4.8e16, rounding noise, at
    # [[1, 2], [2, 4]]): a pole, where the gradient came out 3.7e32 with no error (NaN at the zero
    # matrix, where cond(x, -2) is 0 / 0): refused. cond(x, -2) = s_min / s_max at a nonzero
    # singular matrix is svd's kink: its subgradient u_2 v_2^T / s_max, u_2 = +-(2, -1) / sqrt(5).
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    for a in (singular, np.zeros((2, 2))) if p != -2 else (np.zeros((2, 2)),):
        for transform in (wg.grad, wg.jacfwd):
            with pytest.raises(np.linalg.LinAlgError, match="singular matrix"):
                transform(lambda m: la.cond(m, p))(a)
    if p == -2:
        want = np.abs(np.outer([2.0, -1.0], [2.0, -1.0])) / 25
        np.testing.assert_allclose(np.abs(wg.grad(lambda m: la.cond(m, -2))(singular)), want, rtol=1e-14)


def test_cond_guard_leaves_a_nan_matrix_its_nan_gradient():
    # The singular-matrix guard's svd raised 'SVD did not converge' on a NaN entry, so that the
    # gradient of cond(x, 'fro') (NaN there before the guard) failed for the whole stack (grad and
    # jacfwd). The
    # NaN matrix keeps its NaN; the other one cond_F = |A|_F |B|_F (B = A^-1), whose gradient
    # is |B|_F A / |A|_F - |A|_F B^T B B^T / |B|_F.
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = la.inv(a)
    want = la.norm(b) * a / la.norm(a) - la.norm(a) * b.T @ b @ b.T / la.norm(b)
    nan = np.array([[np.nan, 1.0], [1.0, 2.0]])
    got = wg.grad(lambda m: np.sum(la.cond(m, "fro")))(np.stack([nan, a]))
    assert np.all(np.isnan(got[0]))
    np.testing.assert_allclose(got[1], want, rtol=1e-14)
    assert np.all(np.isnan(wg.jacfwd(lambda m: la.cond(m, "fro"))(nan)))

def test_pinv_and_lstsq_second_derivatives_of_an_ill_conditioned_rectangular_matrix():
    # At a = [[1, 2], [2, 4 + e], [0.5, 1]] (condition number 2.3e7 at e = 1e-6) the second
    # derivative of sum(W * pinv(a)) along (U, V) came out 7.5e-3 off mpmath's (lstsq's solution
    # 1.6e-3), no error: its error grows as eps kappa^2. Now refused where kappa^2 > 1e8; the first
    # derivative (eps kappa, as the value) and a well conditioned matrix keep theirs.
    mp = pytest.importorskip("mpmath")
    w, b = np.array([[0.3, -1.0, 0.5], [1.2, 0.4, -0.7]]), np.array([1.0, -2.0, 0.5])
    u, v = np.array([[0.5, -1.0], [0.2, 0.9], [-0.6, 0.3]]), np.array([[1.0, 0.4], [-0.3, 0.8], [0.7, -0.2]])
    loss = lambda m: np.sum(w * la.pinv(m))  # noqa: E731

    def truth(a, dps=40):  # pinv(a) = (a^T a)^-1 a^T: d/ds and d2/ds dt of the loss at a + s u + t v
        with mp.workdps(dps):
            def g(s, t):
                m = mp.matrix(a.tolist()) + s * mp.matrix(u.tolist()) + t * mp.matrix(v.tolist())
                x = (m.T * m) ** -1 * m.T
                return mp.fsum(w[i, j] * x[i, j] for i in range(2) for j in range(3))
            return float(mp.diff(lambda s: g(s, 0), 0)), float(mp.diff(g, (0, 0), (1, 1)))
    for e, kept in ((0.3, True), (1e-6, False)):
        a = np.array([[1.0, 2.0], [2.0, 4.0 + e], [0.5, 1.0]])
        d1, d2 = truth(a)
        np.testing.assert_allclose(np.sum(wg.grad(loss)(a) * u), d1, rtol=1e-8)
        second = (lambda: np.sum(wg.jvp(wg.grad(loss), (a,), (v,))[1] * u),
                  lambda: np.einsum("ij,ijkl,kl->", u, wg.jacrev(wg.grad(loss))(a), v),
                  lambda: np.einsum("ij,ijkl,kl->", u, wg.jacfwd(wg.jacfwd(loss))(a), v))
        for path in second:
            if kept:
                np.testing.assert_allclose(path(), d2, rtol=1e-10)
            else:
                with pytest.raises(np.linalg.LinAlgError, match="ill-conditioned"):
                    path()
        if not kept:
            with pytest.raises(np.linalg.LinAlgError, match="ill-conditioned"):
                wg.hessian(lambda m: np.sum(la.lstsq(m, b, rcond=None)[0]))(a)


@pytest.mark.parametrize("gap", [1e-2, 1e-7])
def test_second_derivatives_through_the_vectors_of_close_values(gap):
    # V w^3 V^T (eigh: trace(a^3)) and U s^3 V^T (svd: a a^T a) through the vectors of values
    # 1 and 1 + gap: at gap = 1e-7 their Hessians were 1e-4 to 8.5e-4 off the closed forms with
    # no error (the error grows as eps / gap^2; the first derivative within 3e-11): now refused
    # where gap^2 < 1e-8. At gap = 1e-2 they are right.
    q, _ = la.qr(np.array([[1.0, 0.3, -0.5], [0.2, 1.0, 0.4], [-0.3, 0.6, 1.0]]))
    r, _ = la.qr(np.array([[0.8, -0.2, 0.1], [0.5, 1.0, -0.7], [0.3, 0.2, 1.0]]))
    u = np.array([[0.5, -1.0, 0.2], [0.3, 0.9, -0.4], [-0.6, 0.1, 0.7]])
    sym = q @ np.diag([1.0, 1.0 + gap, 2.0]) @ q.T
    sym = (sym + sym.T) / 2
    gen = q @ np.diag([2.0, 1.0 + gap, 1.0]) @ r.T

    def eigh_cubes(m):
        w, v = la.eigh(m)
        return np.sum(np.diagonal((v * w ** 3) @ v.T))

    def svd_cubes(m):
        left, s, right = la.svd(m)
        return np.sum((left * s ** 3) @ right)
    cases = ((eigh_cubes, sym, u + u.T, lambda a, x, y: 3 * np.trace(a @ (x @ y + y @ x))),
             (svd_cubes, gen, u, lambda a, x, y: np.sum(x @ y.T @ a + x @ a.T @ y + y @ x.T @ a
                                                         + a @ x.T @ y + y @ a.T @ x + a @ y.T @ x)))
    for f, a, x, truth in cases:
        want = truth(a, x, x)
        for path, hessian in _five_hessians(f, a).items():
            if gap > 1e-4 and path in ("jacrev(grad)", "jvp(grad)"):  # (the others: test time)
                np.testing.assert_allclose(np.einsum("ij,ijkl,kl->", x, hessian(), x), want, rtol=1e-12,
                                           err_msg=path)
            elif gap < 1e-4:
                with pytest.raises(np.linalg.LinAlgError, match="nearly repeated"):
                    hessian()


def test_eigh_and_svd_vectors_of_nearly_repeated_values_raise():
    q = _orthogonal(3, 5)
    near = q @ np.diag([1.0, 1.0 + 1e-12, 2.0]) @ q.T
    with pytest.raises(np.linalg.LinAlgError, match="repeated"):
        wg.grad_bp(lambda a: np.sum(la.eigh(a)[1] ** 2), near)
    with pytest.raises(np.linalg.LinAlgError, match="repeated"):
        wg.grad_bp(lambda a: np.sum(la.svd(a)[0] ** 2), near)
    np.testing.assert_allclose(wg.grad_bp(lambda a: np.sum(la.svd(a)[1]), near), q @ q.T, atol=1e-12)


def test_qr_of_a_rank_deficient_matrix_raises():
    with pytest.raises(np.linalg.LinAlgError, match="rank-deficient"):
        wg.grad_bp(lambda a: np.sum(la.qr(a).R), RANK_ONE)


@pytest.mark.parametrize("delta", [1e-14, 1e-11])
def test_qr_second_derivative_of_a_nearly_rank_deficient_matrix_raises(delta):
    # third column = first + 2 second + delta (0.3, -0.2, 0.5): r_33 ~ delta. A loss of Q[:, :2]
    # and R[:2] only is smooth there, but its Hessian was 19% off (mpmath, 40 digits) at
    # delta = 1e-14 and 1.2e-4 at 1e-11, with no error; the first derivative stays exact
    c = np.array([[0.7, -1.1], [1.3, 0.4], [-0.6, 0.9]])
    a = np.column_stack([c, c[:, 0] + 2 * c[:, 1] + delta * np.array([0.3, -0.2, 0.5])])
    w = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    loss = lambda m: np.sum(w * la.qr(m)[0][:, :2] ** 2) + np.sum(la.qr(m)[1][:2] ** 2)  # noqa: E731
    assert np.all(np.isfinite(wg.grad(loss)(a)))
    for second in (wg.hessian, lambda f: wg.jacrev(wg.jacrev(f))):
        with pytest.raises(np.linalg.LinAlgError, match="second derivative of numpy.linalg.qr"):
            second(loss)(a)


@pytest.mark.parametrize("smallest", [1e-14, 1e-12])
def test_cholesky_second_derivative_of_a_nearly_singular_matrix_raises(smallest):
    # eigenvalues 3, 1, smallest: sum(L[:, :2]^3) is a smooth function of a's first columns,
    # but its Hessian was 0.4% off (mpmath, 40 digits) at 1e-14 (hessian, jacrev(jacrev)) and
    # 1.8e-5 at 1e-12 (hessian), with no error (it grows as eps / l_33^2); the first derivative
    # stays exact
    q = la.qr(np.array([[0.7, -1.1, 0.2], [1.3, 0.4, -0.5], [-0.6, 0.9, 0.8]]))[0]
    a = q @ np.diag([3.0, 1.0, smallest]) @ q.T
    loss = lambda m: np.sum(la.cholesky(m)[:, :2] ** 3)  # noqa: E731
    assert np.all(np.isfinite(wg.grad(loss)(a)))
    for second in (wg.hessian, lambda f: wg.jacrev(wg.jacrev(f))):
        with pytest.raises(np.linalg.LinAlgError, match="second derivative of numpy.linalg.cholesky"):
            second(loss)(a)

def test_eigvalsh_of_a_complex_matrix_reads_the_lower_triangle():
    # The sum of the eigenvalues is the (real) trace of the Hermitian matrix read from the
    # lower triangle: the gradient is the identity, whatever the other triangle holds.
    a = np.array([[2.0 + 0.5j, 9.0 - 9.0j], [1.0 - 1.0j, 3.0 + 0j]])
    np.testing.assert_allclose(wg.grad_bp(lambda m: np.sum(la.eigvalsh(m)), a), np.eye(2), atol=1e-15)


def _hermitian_indefinite(n=3, seed=0):
    """A Hermitian matrix with eigenvalues of both signs, plus noise in what NumPy's
    Hermitian routines do not read (the upper triangle, the diagonal's imaginary part)."""
    x = crand((n, n), seed=seed)
    return x @ np.conj(x.T) - 2.0 * np.eye(n) + 0.3 * np.triu(crand((n, n), seed=seed + 1), 1) + 0.2j * np.eye(n)


@pytest.mark.parametrize("uplo", ["L", "U"])
def test_eigh_of_a_complex_hermitian_matrix_for_losses_blind_to_the_vectors_phase(uplo):
    a = _hermitian_indefinite(seed=21)
    a = np.conj(a.T) if uplo == "U" else a
    w, c = crand((3, 3), seed=22), np.array([1.0, -2.0, 0.5])

    def projector_sum(m):  # V diag(c) V^H: blind to each eigenvector's phase
        vals, vecs = la.eigh(m, UPLO=uplo)
        return np.real(np.sum(w * ((vecs * c) @ np.conj(vecs.T)))) + np.sum(vals * c)

    check_grads(projector_sum, a, order=2, modes=("rev", "fwd"))
    check_grads(lambda m: np.sum(np.abs(la.eigh(m, UPLO=uplo)[1]) ** 2 * np.real(w)), a, order=2)
    g = wg.grad_bp(projector_sum, a)
    unread = np.triu(g, 1) if uplo == "L" else np.tril(g, -1)
    assert np.all(unread == 0) and np.all(np.imag(np.diagonal(g)) == 0)


def test_eigh_of_a_complex_matrix_refuses_losses_that_see_the_vectors_phase():
    a = _hermitian_indefinite(seed=23)
    with pytest.raises(wg.NoGradientRule, match="eigh of complex numbers.*phase of the eigenvectors"):
        wg.grad_bp(lambda m: np.real(np.sum(la.eigh(m)[1])), a)
    # The same loss of a real symmetric matrix is fine: its eigenvectors have signs, not phases.
    wg.grad_bp(lambda m: np.sum(la.eigh(m)[1] * rand((3, 3))), np.real(a + np.conj(a.T)))


def test_svd_and_pinv_hermitian_of_a_complex_hermitian_matrix():
    a, w = _hermitian_indefinite(seed=24), crand((3, 3), seed=25)
    check_grads(lambda m: np.real(np.sum(w * _reconstruct_svd(la.svd(m, hermitian=True)))), a,
                order=2, modes=("rev", "fwd"))
    check_grads(lambda m: np.sum(la.svd(m, hermitian=True, compute_uv=False) ** 2), a, order=2)
    check_grads(lambda m: np.imag(np.sum(w * la.pinv(m, hermitian=True))), a, order=2, modes=("rev", "fwd"))
    g = wg.grad_bp(lambda m: np.real(np.sum(w * la.pinv(m, hermitian=True))), a)
    assert np.all(np.triu(g, 1) == 0) and np.all(np.imag(np.diagonal(g)) == 0)  # not read
    with pytest.raises(wg.NoGradientRule, match="phase of the singular vectors"):
        wg.grad_bp(lambda m: np.real(np.sum(la.svd(m, hermitian=True).U)), a)


def test_matrix_power_zero_has_a_zero_gradient():
    np.testing.assert_array_equal(wg.grad_bp(lambda a: np.sum(la.matrix_power(a, 0)), rand((3, 3))),
                                  np.zeros((3, 3)))


def test_errors_name_the_linalg_function_in_full():
    # every numpy.linalg function is declared now: the names that errors give, read directly
    from wengert.primitive import lookup, missing_rule, qualified_name
    assert qualified_name(np.linalg.matrix_rank) == "numpy.linalg.matrix_rank"
    assert "numpy.linalg.matrix_power with respect to argument 1" in str(missing_rule(lookup(la.matrix_power), 1))


# -- complex cholesky, qr and svd (autograd's and JAX's transpose convention) -------------------

def _hermitian_pd(n=3, seed=0):
    """A Hermitian positive definite matrix plus noise that cholesky does not read (its
    upper triangle and the imaginary part of its diagonal)."""
    x = crand((n, n), seed=seed)
    return x @ np.conj(x.T) + n * np.eye(n) + 0.3 * np.triu(crand((n, n), seed=seed + 1))


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_of_a_complex_hermitian_matrix(upper):
    a = _hermitian_pd(seed=3)
    a = np.conj(a.T) if upper else a  # noise in the triangle not read
    w = crand((3, 3), seed=5)
    check_grads(lambda m: np.real(np.sum(w * la.cholesky(m, upper=upper) if upper
                                         else w * la.cholesky(m))), a, order=2, modes=("rev", "fwd"))
    g = wg.grad_bp(lambda m: np.real(np.sum(w * la.cholesky(m))), a if not upper else np.conj(a.T))
    assert np.all(np.triu(g, 1) == 0) and np.all(np.imag(np.diagonal(g)) == 0)  # not read


@pytest.mark.parametrize("shape", [(4, 3), (3, 3), (2, 4, 3)])
def test_qr_of_a_complex_matrix(shape):
    a, wq, wr = crand(shape, seed=7), crand(shape, seed=8), crand((*shape[:-2], shape[-1], shape[-1]), seed=9)
    check_grads(lambda m: np.real(np.sum(wq * la.qr(m).Q)) + np.imag(np.sum(wr * la.qr(m).R)), a,
                order=2, modes=("rev", "fwd"))
    check_grads(lambda m: np.abs(np.sum(wr * la.qr(m).R)), a)  # R alone


@pytest.mark.parametrize("shape", [(4, 3), (3, 3), (3, 4)])
def test_svd_of_a_complex_matrix_for_losses_blind_to_the_vectors_phase(shape):
    a, w = crand(shape, seed=11), crand(shape, seed=12)
    k = min(shape)
    weights = np.arange(1.0, k + 1)
    check_grads(lambda m: np.real(np.sum(w * _reconstruct_svd(la.svd(m, full_matrices=False)))), a,
                order=2, modes=("rev", "fwd"))
    # U diag(weights) Vh: a different matrix, still blind to the phase of each (u_k, v_k)
    check_grads(lambda m: np.imag(np.sum(w * (lambda u, s, vt: (u * weights) @ vt)(
        *la.svd(m, full_matrices=False)))), a, order=2)
    check_grads(lambda m: np.sum(np.abs(la.svd(m, full_matrices=False).U[:, :2]) ** 2 * rand((shape[0], 2))), a)
    check_grads(lambda m: np.sum(la.svd(m, compute_uv=False) ** 2 * weights), a, order=2)


def test_svd_of_a_complex_matrix_refuses_losses_that_see_the_phase():
    a = crand((3, 3), seed=13)
    with pytest.raises(wg.NoGradientRule, match="phase of the singular vectors"):
        wg.grad_bp(lambda m: np.real(np.sum(la.svd(m).U)), a)
    with pytest.raises(wg.NoGradientRule, match="phase of the singular vectors"):
        wg.grad_bp(lambda m: np.real(np.sum(la.svd(m).Vh[0])), a)
    # The same losses of a real matrix are fine: a real SVD has signs, not phases, to choose.
    wg.grad_bp(lambda m: np.sum(la.svd(m).U ** 2 * rand((3, 3))), np.real(a))


def test_eig_refuses_losses_that_see_the_eigenvectors_phase():
    # NumPy picks each complex eigenvector's phase; a loss that sees it has no gradient
    # (before, the rule returned the gradient of a different, phase-fixed loss).
    for a in (crand((3, 3), seed=14), np.array([[0.1, -2.0, 0.5], [1.0, 0.3, 0.2], [0.2, 0.4, 1.0]])):
        with pytest.raises(wg.NoGradientRule, match="phase of the eigenvectors"):
            wg.grad_bp(lambda m: np.real(np.sum(la.eig(m)[1])), a)
        check_grads(lambda m: np.sum(np.abs(la.eig(m)[1]) ** 2 * rand((3, 3), seed=15)), a, order=2)


def test_linalg_names_refuse_as_numpy_does():
    with pytest.raises(ValueError, match="one-dimensional"):
        wg.grad_bp(lambda a: np.sum(la.outer(a, a)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="3-dimensional vectors"):
        wg.grad_bp(lambda a: np.sum(la.cross(a, a)), np.ones(2))
    with pytest.raises(wg.NoGradientRule, match="keepdims"):
        wg.grad_bp(lambda a: np.sum(np.vecdot(a, a, keepdims=True)), np.ones(2))
    # eigvals of a defective matrix: refused by eig's rule, not a wrong number (np.real: on
    # NumPy 2.5 the eigenvalues of a real matrix are complex)
    with pytest.raises(np.linalg.LinAlgError, match="defective"):
        wg.grad_bp(lambda a: np.sum(np.real(la.eigvals(a))), np.array([[1.0, 1.0], [0.0, 1.0]]))
    assert wg.grad_bp(lambda a: la.matrix_rank(a) * np.sum(a), np.eye(2)).tolist() == [[2.0, 2.0], [2.0, 2.0]]


def test_det_gradient_beyond_8x8_where_the_shape_forces_zeros_on_the_inverse():
    # a triangular or block-diagonal a beyond 8 x 8: its inverse's exact zeros (forced by a's
    # zeros) made every cofactor's error estimate NaN (inf in the norms), so grad(det) of a lower
    # triangular 9 x 9 raised NoGradientRule since 8a47af8 (the fast path before, within 1e-15);
    # now those zeros are set exactly and asked nothing, the other cofactors as any matrix's
    rng = np.random.default_rng(48)
    lower = np.tril(rng.standard_normal((9, 9))) + 3 * np.eye(9)
    lower[8, 0] = 40.0  # (LU pivots)
    blocks = np.zeros((12, 12))
    blocks[:5, :5], blocks[5:, 5:] = rng.standard_normal((5, 5)), rng.standard_normal((7, 7))
    for a in (lower, lower.T, blocks):
        truth = np.array([[float(x) for x in row] for row in _exact_cofactors(a)])
        for jac in (wg.grad, wg.jacfwd):
            got = jac(la.det)(a)
            np.testing.assert_array_equal(got[truth == 0], 0.0)
            # (the fast path's per-entry estimate accepts up to 6.8e-11 at 12 x 12: 1.3e-13 here)
            np.testing.assert_allclose(got, truth, rtol=1e-11, atol=0)


def test_solve_with_its_arguments_by_keyword():
    # np.linalg.solve(a, b=b): refused in both modes ("a Var is passed as a keyword argument"), and with a traced
    # and b a plain keyword forward mode's explicit rule raised TypeError (_jvp_solve() got an unexpected keyword
    # argument 'b'); now bound to their positions. Truth: d/db solve(a, b) = inv(a) = [[2, -1], [-1, 3]] / 5, and
    # the keyword forms equal the positional ones on every path
    a = np.array([[3.0, 1.0], [1.0, 2.0]])
    inverse = np.array([[2.0, -1.0], [-1.0, 3.0]]) / 5.0
    for path in (wg.jacrev, wg.jacfwd):
        np.testing.assert_allclose(path(lambda b: np.linalg.solve(a, b=b))(np.array([1.0, 2.0])), inverse, rtol=1e-15)
        np.testing.assert_allclose(path(lambda b: np.linalg.solve(a=a, b=b))(np.array([1.0, 2.0])), inverse, rtol=1e-15)
        np.testing.assert_array_equal(path(lambda m: np.linalg.solve(a=m, b=np.ones(2)))(a),
                                      path(lambda m: np.linalg.solve(m, np.ones(2)))(a))
        # (a traced by position and b a plain keyword: forward mode's fast path handed b= to the rule)
        np.testing.assert_array_equal(path(lambda m: np.linalg.solve(m, b=np.ones(2)))(a),
                                      path(lambda m: np.linalg.solve(m, np.ones(2)))(a))
    keyword, positional = (lambda m: np.sum(np.linalg.solve(m, b=m[0]) ** 2)), (lambda m: np.sum(np.linalg.solve(m, m[0]) ** 2))
    for path in (wg.grad, wg.hessian, lambda f: wg.jacfwd(wg.grad(f))):
        np.testing.assert_array_equal(path(keyword)(a), path(positional)(a))
