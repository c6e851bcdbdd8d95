"""The live-zero reports of multiply's rule by a constant factor (``ops._util.moved_times``) and of
negative's and subtract's second argument (``moved`` with ``in_place``) take fast paths where
g is live everywhere, the factor has no 0, or g's mask is already of the result's shape: they
report True or g's own mask instead of building broadcast masks (12-18 us at 128 x 10). The
gradients are bit for bit those of the general path (``_live_times`` answering None), NaN and
signed zeros included, at first and second order and replayed by wengert.jit.

The truths are the chain rule's: a live zero (a derivative that vanishes: 2 u at u = 0) times
sqrt's infinite slope at 0 is undefined (NaN, the library's convention: see
test_live_zeros_through_partials), while a constant factor 0 or np.where's untaken branch
makes a structural zero that adds nothing (d/dx (0 sqrt(x))^2 = 0 exactly)."""
import numpy as np
import pytest

import wengert as wg
from wengert.ops import _util

pytestmark = pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning", "ignore:divide by zero:RuntimeWarning")

X = np.array([0.0, 0.0, 1.0, 4.0])
NAN = np.nan

# (factor c, x, the gradient of sum((c sqrt(x))^2) = sum(c^2 x): c^2, NaN where c != 0 and x = 0)
CASES = {
    "float": (2.0, X, [NAN, NAN, 4.0, 4.0]),
    "float 0": (0.0, X, [0.0, 0.0, 0.0, 0.0]),
    "NumPy float64": (np.float64(3.0), X, [NAN, NAN, 9.0, 9.0]),
    "array, no 0": (np.array([2.0, 3.0, 1.0, 0.5]), X, [NAN, NAN, 1.0, 0.25]),
    "array with 0s": (np.array([2.0, 0.0, 3.0, 0.0]), X, [NAN, 0.0, 9.0, 0.0]),
    "array with a NaN": (np.array([NAN, 0.0, 3.0, 1.0]), X, [NAN, 0.0, 9.0, 1.0]),
    "float32 array with 0s": (np.array([2.0, 0.0, 3.0, 0.0], np.float32), X, [NAN, 0.0, 9.0, 0.0]),
    "broadcast row, no 0": (np.array([[2.0, 3.0, 1.0, 0.5]]), np.stack([X, X]), [[NAN, NAN, 1.0, 0.25]] * 2),
    "broadcast row with 0s": (np.array([[2.0, 0.0, 3.0, 0.0]]), np.stack([X, X]), [[NAN, 0.0, 9.0, 0.0]] * 2),
    "broadcast over x": (np.array([[2.0], [0.0]]), X, [NAN, NAN, 4.0, 4.0]),
    "int array (general path)": (np.array([2, 0, 3, 0]), X, [NAN, 0.0, 9.0, 0.0]),
    "empty": (np.zeros((0,)), np.zeros((0,)), np.zeros((0,))),
}


def product_through_sqrt(c, through_matmul=False):
    if through_matmul:  # (matmul's pullback reports nothing: its cotangent is live everywhere, True)
        return lambda x: np.sum(((c * np.sqrt(x)) @ np.eye(np.shape(x)[-1])) ** 2)
    return lambda x: np.sum((c * np.sqrt(x)) ** 2)


def general_path(monkeypatch):
    monkeypatch.setattr(_util, "_live_times", lambda *args: None)


def same_bits(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True) \
        and np.array_equal(np.signbit(a), np.signbit(b))


@pytest.mark.parametrize("through_matmul", [False, True], ids=["live mask", "live True"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_constant_factor_keeps_the_live_zeros_where_it_is_not_0(case, through_matmul, monkeypatch):
    c, x, truth = CASES[case]
    f = product_through_sqrt(c, through_matmul)
    if through_matmul and case == "array with a NaN":
        truth = [NAN] * 4  # (the identity's 0 times the NaN entry, in every row)
    got = wg.grad(f)(x)
    np.testing.assert_array_equal(got, np.asarray(truth))  # (NaN where NaN)
    replayed = wg.grad(wg.jit(f))
    for _ in range(2):
        assert same_bits(replayed(x), got)
    general_path(monkeypatch)
    assert same_bits(wg.grad(f)(x), got)


def test_a_scalar_cotangent_live_at_0():
    """A scalar node's cotangent is live at 0 everywhere (True): 0 * c stays live, 0 * 0.0 not."""
    assert np.isnan(wg.grad(lambda a: (2.0 * np.sqrt(a)) ** 2)(0.0))
    assert wg.grad(lambda a: (0.0 * np.sqrt(a)) ** 2)(0.0) == 0.0
    assert wg.grad(lambda a: (2.0 * np.sqrt(a)) ** 2)(0.25) == 4.0


@pytest.mark.parametrize("case", ["float", "array with 0s", "broadcast row with 0s", "broadcast over x"])
def test_the_same_second_derivatives_as_the_general_path(case, monkeypatch):
    """d/dx of sum(c^2 x sqrt(x)^2 / x) ... : the Hessian of sum((c sqrt(x))^2 x), 2 c^2 on the
    diagonal where x > 0, by the four reverse-mode paths, bit for bit as the general path."""
    c, x, _ = CASES[case]
    x = x + 0.0
    f = lambda v: np.sum((c * np.sqrt(v)) ** 2 * v)  # noqa: E731
    paths = [wg.hessian(f), wg.jacrev(wg.grad(f)), wg.jacfwd(wg.grad(f)), wg.jacrev(wg.jacfwd(f))]
    fast = [p(x) for p in paths]
    diag = np.diagonal(np.reshape(fast[0], (x.size, x.size)))
    c2 = np.broadcast_to(np.asarray(c, float) ** 2, np.broadcast_shapes(np.shape(c), x.shape))
    if c2.shape != x.shape:
        c2 = np.sum(c2, axis=0)
    np.testing.assert_array_equal(diag[x.ravel() > 0], 2.0 * c2.ravel()[x.ravel() > 0])
    general_path(monkeypatch)
    for p, want in zip(paths, fast):
        assert same_bits(p(x), want)


def test_negative_and_subtract_pass_a_live_mask_on_in_place():
    """-u and y - u with u = sqrt(x): the cotangent of u is live at 0 where the square's is
    (NaN at x = 0 through sqrt's slope), structural where np.where did not take the branch
    (0: the function does not depend on x there); d/dx (y - sqrt x)^2 = 1 - y / sqrt(x)."""
    x = np.array([0.0, 0.0, 1.0, 4.0])
    taken = np.array([True, False, True, False])
    got = wg.grad(lambda v: np.sum(np.where(taken, (-np.sqrt(v)) ** 2, 0.0)))(x)
    np.testing.assert_array_equal(got, [NAN, 0.0, 1.0, 0.0])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    got = wg.grad(lambda v: np.sum(np.where(taken, (y - np.sqrt(v)) ** 2, 0.0)))(x)
    np.testing.assert_array_equal(got, [NAN, 0.0, 0.0, 0.0])
    got = wg.grad(lambda v: np.sum((y - np.sqrt(v)) ** 2))(x)
    np.testing.assert_array_equal(got, [NAN, NAN, 0.0, 0.5])
    replayed = wg.grad(wg.jit(lambda v: np.sum(np.where(taken, (y - np.sqrt(v)) ** 2, 0.0))))
    for _ in range(2):
        np.testing.assert_array_equal(replayed(x), [NAN, 0.0, 0.0, 0.0])
