"""Linear algebra, against central finite differences."""
import numpy as np
import pytest

import wengert as wg
from opcheck import case, ids, rand
from wengert.testing import check_grads

MATMUL_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 4)), ((1, 3), (3, 4)),
                 ((2, 2, 3), (3, 4)), ((3,), (2, 3, 4)), ((2, 2, 3), (2, 3, 4))]

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
]


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_gradient(c):
    check_grads(c.f, *c.args, **c.check_kwargs)


def test_outer_kernel_at_batch_one_agrees_with_the_general_path():
    rng = np.random.default_rng(1)
    x, w, g = rng.standard_normal((1, 5)), rng.standard_normal((5, 4)), rng.standard_normal((1, 4))
    _, pullback = wg.vjp(lambda v: x @ v, w)
    np.testing.assert_allclose(pullback(g)[0], x.T @ g, rtol=1e-14)


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


def test_dot_of_vectors_and_matrices_uses_the_matmul_kernels():
    rng = np.random.default_rng(3)
    x, w, g = rng.standard_normal((1, 5)), rng.standard_normal((5, 4)), rng.standard_normal((1, 4))
    np.testing.assert_allclose(wg.vjp(lambda v: np.dot(x, v), w)[1](g)[0], x.T @ g, rtol=1e-14)
