"""``scipy.linalg``'s structured matrices ``companion``, ``leslie``, ``fiedler`` and
``convolution_matrix``.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values and dtypes against
SciPy's and the argument checks.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.linalg as sl  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.linalg as wsl  # noqa: E402
from opcheck import case, check_both_modes, crand, family_tests, rand  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

CONSTRUCTORS = ("companion", "leslie", "fiedler", "convolution_matrix")

CASES = [
    case(wsl.companion, wsl.companion, np.array([2.0, -4.0, 6.0, 1.5]), id="companion"),
    case(wsl.companion, wsl.companion, np.array([-0.5, 3.0]), id="companion-two"),
    case(wsl.companion, wsl.companion, crand((3,), seed=94), id="companion-complex"),
    case(wsl.leslie, wsl.leslie, np.array([0.1, 2.0, 1.5]), np.array([0.5, 0.8]), id="leslie"),
    case(wsl.fiedler, wsl.fiedler, np.array([1.0, 4.0, -2.0, 0.5]), id="fiedler"),
    case(wsl.fiedler, wsl.fiedler, np.array([0.3]), id="fiedler-one"),
    *[case(wsl.convolution_matrix, lambda a, n=n, mode=mode: wsl.convolution_matrix(a, n, mode), rand((m,), seed=95 + m),
           id=f"convolution_matrix-{m}-{n}-{mode}")
      for m, n in ((3, 5), (5, 3), (1, 4), (4, 1)) for mode in ("full", "same", "valid")],
]
test_gradient, test_every_function_is_listed_and_has_a_case, test_values_are_scipys = family_tests(
    "linalg", wsl, sl, CONSTRUCTORS, CASES, exact=True)


@pytest.mark.parametrize("fn, args", [
    (wsl.fiedler, (np.array([1, 4, 2]),)), (wsl.fiedler, (np.array([1 + 1j, 4, 2]),)),
    (wsl.companion, (np.array([1, 4, 2]),)), (wsl.companion, (np.array([1, 4, 2], dtype=np.float32),)),
    (wsl.leslie, (np.array([1, 4, 2]), np.array([1, 3]))), (wsl.leslie, (np.array([1.0, 4, 2]), np.array([1j, 3]))),
    (wsl.convolution_matrix, (np.array([1, 4, 2]), 3)), (wsl.fiedler, (np.array([]),)),
], ids=["fiedler-int", "fiedler-complex", "companion-int", "companion-float32", "leslie-int", "leslie-complex",
        "convolution_matrix-int", "fiedler-empty"])
def test_constructor_dtypes_are_scipys(fn, args):
    ours, theirs = fn(*args), getattr(sl, fn.__name__)(*args)
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours, theirs)



def test_constructor_arguments_are_checked():
    with pytest.raises(ValueError, match="must not be zero"):
        wg.grad_bp(lambda a: np.sum(wsl.companion(a)), np.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match="at least 2"):
        wsl.companion(np.array([1.0]))
    with pytest.raises(ValueError, match="one less than the length of f"):
        wsl.leslie(np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="n must be a positive integer"):
        wsl.convolution_matrix(np.ones(3), 0)
    with pytest.raises(ValueError, match="one-dimensional"):
        wsl.fiedler(np.ones((2, 2)))


def test_fiedler_is_smooth_on_its_diagonal():
    # |a_i - a_i| is identically 0: no kink there, so second derivatives exist (abs refuses its kink)
    a = np.array([1.0, 4.0, -2.0])
    check_grads(lambda a: wsl.fiedler(a) ** 2, a, order=2, modes=("rev", "fwd"))
    for i in range(3):  # the diagonal entries do not move
        assert np.all(wg.grad_bp(lambda a, i=i: wsl.fiedler(a)[i, i], a) == 0)


# -- the structured matrices (found right) ----------------------------------------------

@pytest.mark.parametrize("a", [np.array([2.0, -4.0, 6.0]), np.array([1.5, 0.0]), np.array([-1.0, 2.0, 0.0, 3.0]),
                               np.array([1 + 2j, 3 - 1j, 0.5j])], ids=["3", "2-zero", "4", "complex"])
def test_companion(a):
    np.testing.assert_array_equal(wsl.companion(a), sl.companion(a))
    check_both_modes(lambda a: wsl.companion(a) ** 2, a)


def test_leslie_and_fiedler():
    f, s = np.array([1.0, 2.0, 3.0]), np.array([0.2, 0.0])
    np.testing.assert_array_equal(wsl.leslie(f, s), sl.leslie(f, s))
    check_both_modes(lambda f, s: wsl.leslie(f, s) ** 2, f, s)
    for a in (np.array([1.0, 4.0, 2.0]), np.array([2.0]), np.array([1 + 1j, 2 - 1j, 0.5])):
        np.testing.assert_array_equal(wsl.fiedler(a), sl.fiedler(a))
        check_both_modes(lambda a: wsl.fiedler(a) ** 2, a)
    tie = np.array([1.0, 1.0, 3.0])  # |a_0 - a_1|: abs's kink, gradient 0, no second derivative
    np.testing.assert_array_equal(wg.grad(lambda a: wsl.fiedler(a)[0, 1])(tie), np.zeros(3))
    with pytest.raises(wg.NoGradientRule, match="kink"):
        wg.hessian(lambda a: np.sum(wsl.fiedler(a) ** 2))(tie)


@pytest.mark.parametrize("length", [1, 2, 3, 5])
def test_convolution_matrix(length):
    a = np.random.default_rng(length).normal(size=length)
    for n in (1, 2, 3, 4, 7):
        for mode in ("full", "same", "valid"):
            np.testing.assert_array_equal(wsl.convolution_matrix(a, n, mode), sl.convolution_matrix(a, n, mode))
    check_both_modes(lambda a: wsl.convolution_matrix(a, 3, "same") ** 2, a)
