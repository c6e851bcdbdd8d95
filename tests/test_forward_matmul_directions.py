"""Forward mode's matmul with a batch of directions (``wengert.jacfwd``) where the two factors
have different numbers of axes: the directions' axis stays first. As ``tx @ y`` a vector's
tangents (b, n) met a stack y (s, n, k) as the rows of a matrix, (s, b, k), and a matrix's
(b, m, n) met a deeper stack by broadcasting b against its leading axis: jacfwd of ``v @ y``
raised, and jacfwd(jacfwd) of ``v[:2] @ v[2:]`` (the inner tangents a stack of the outer's)
gave [[0, 2 I], [0, 0]] for the Hessian [[0, I], [I, 0]], with no error.
"""
import numpy as np

import wengert as wg

RNG = np.random.default_rng(7)
A = RNG.standard_normal((2, 2))
STACK = RNG.standard_normal((3, 2, 4))
V = np.array([1.0, 0.2, 0.3, 2.0])


def test_jacfwd_of_a_vector_or_matrix_against_a_stack():
    v, w = V[:2], V.reshape(2, 2)
    cases = [(lambda v: v @ STACK, v, np.moveaxis(STACK, 1, -1)),  # d(v @ Y)[s, k] / dv[n] = Y[s, n, k]
             (lambda v: np.swapaxes(STACK, 1, 2) @ v, v, np.swapaxes(STACK, 1, 2)),
             # d(W @ Y)[s, m, k] / dW[m', n] = [m == m'] Y[s, n, k]
             (lambda w: w @ STACK, w, np.einsum("ab,snk->sakbn", np.eye(2), STACK)),
             (lambda w: np.swapaxes(STACK, 1, 2) @ w, w, np.einsum("ab,snk->skabn", np.eye(2), STACK).transpose(0, 1, 2, 4, 3))]
    for f, x, truth in cases:
        np.testing.assert_allclose(wg.jacfwd(f)(x), truth, rtol=1e-15, atol=1e-15)


def test_forward_over_forward_hessians_of_products_of_one_variable():
    eye = np.eye(2)
    h_vv = np.block([[np.zeros((2, 2)), eye], [eye, np.zeros((2, 2))]])
    h_vav = np.block([[np.zeros((2, 2)), A], [A.T, np.zeros((2, 2))]])
    # sum((M @ M) * W) = sum_ijl W_ij M_il M_lj: d2 / dM_ab dM_cd = W_ad [b == c] + W_cb [d == a]
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    h_mm = (np.einsum("ad,bc->abcd", w, eye) + np.einsum("cb,da->abcd", w, eye)).reshape(4, 4)
    for f, truth in ((lambda v: v[:2] @ v[2:], h_vv), (lambda v: np.dot(v[:2], v[2:]), h_vv),
                     (lambda v: v[:2] @ A @ v[2:], h_vav),
                     (lambda v: np.sum((v.reshape(2, 2) @ v.reshape(2, 2)) * w), h_mm)):
        np.testing.assert_allclose(wg.jacfwd(wg.jacfwd(f))(V), truth, rtol=1e-14, atol=1e-14)
