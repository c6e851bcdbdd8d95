"""np.linalg.norm at a norm of 0 under an infinite derivative of what follows it: refused, never 0.

sqrt(norm(x)) at x = 0 has no gradient: along any direction v, sqrt(norm(t v)) = sqrt(|t| norm(v)), whose one-sided
derivatives at t = 0 are +inf and -inf (by hand; so for norm(x) ** p with p < 1, log(norm(x)), 1 / norm(x), every
ord, matrix norms, and a p < 0 "norm" that is 0 at a zero entry). The norm's subgradient 0 there times the infinite
cotangent gave [0, 0], silently (as abs's sign(0) = 0 gave NaN before abs refused: test_abs_kink_infinite_cotangent).
Now NoGradientRule naming numpy.linalg.norm; a finite cotangent keeps the convention (grad of norm at 0 is 0).
"""
import numpy as np
import pytest

import wengert as wg

REFUSAL = r"numpy\.linalg\.norm\(\.\.\., ord=.*\) at a norm of 0 met an infinite derivative"
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # (sqrt's and log's own 1 / 0 at 0)

CASES = {
    "sqrt(norm)": (lambda x: np.sqrt(np.linalg.norm(x)), np.zeros(2)),
    "log(norm)": (lambda x: np.log(np.linalg.norm(x)), np.zeros(3)),
    "norm**-1, float32": (lambda x: np.linalg.norm(x) ** -1.0, np.zeros(2, np.float32)),
    "sqrt(norm 1)": (lambda x: np.sqrt(np.linalg.norm(x, 1)), np.zeros(2)),
    "sqrt(norm inf)": (lambda x: np.sqrt(np.linalg.norm(x, np.inf)), np.zeros(2)),
    "sqrt(norm 3)": (lambda x: np.sqrt(np.linalg.norm(x, 3)), np.zeros(2)),
    "sqrt(norm -1) at a zero entry": (lambda x: np.sqrt(np.linalg.norm(x, -1)), np.array([0.0, 1.0])),
    "sqrt(norm nuc)": (lambda x: np.sqrt(np.linalg.norm(x, "nuc")), np.zeros((2, 2))),
    "sqrt(norm 2) of a matrix": (lambda x: np.sqrt(np.linalg.norm(x, 2)), np.zeros((2, 2))),
    "sqrt(norm) along an axis": (lambda x: np.sum(np.sqrt(np.linalg.norm(x, axis=1))), np.array([[0.0, 0.0], [3.0, 4.0]])),
    "sqrt(norm) complex": (lambda x: np.sqrt(np.linalg.norm(x * (1 + 1j))), np.zeros(2)),
}


@pytest.mark.parametrize("name", CASES)
def test_reverse_mode_refuses(name):
    f, x = CASES[name]
    with pytest.raises(wg.NoGradientRule, match=REFUSAL):
        wg.grad(f)(x)


@pytest.mark.parametrize("transform", ["hessian", "jvp of grad", "jacfwd of jacrev"])
def test_second_order_refuses(transform):
    f, x = CASES["sqrt(norm)"]
    with pytest.raises(wg.NoGradientRule, match=REFUSAL):
        if transform == "hessian":
            wg.hessian(f)(x)
        elif transform == "jvp of grad":
            wg.jvp(wg.grad(f), (x,), (np.ones(2),))
        else:
            wg.jacfwd(wg.jacrev(f))(x)


def test_jit_replayed_at_the_kink_refuses():
    f, x = CASES["sqrt(norm)"]
    replay = wg.jit(wg.grad(f))
    np.testing.assert_allclose(replay(np.array([3.0, 4.0])), np.array([3.0, 4.0]) / (2 * 5.0 ** 1.5), rtol=1e-15)
    with pytest.raises(wg.NoGradientRule, match=REFUSAL):
        replay(x)


def test_finite_cotangents_keep_the_convention():
    np.testing.assert_array_equal(wg.grad(np.linalg.norm)(np.zeros(2)), [0.0, 0.0])
    np.testing.assert_array_equal(wg.grad(lambda x: np.linalg.norm(x) ** 1.5)(np.zeros(2)), [0.0, 0.0])
    # (np.where's untaken branch: its cotangent a structural 0, whatever sqrt's partial)
    np.testing.assert_array_equal(wg.grad(lambda x: np.where(True, 0.0, np.sqrt(np.linalg.norm(x))))(np.zeros(2)),
                                  [0.0, 0.0])
