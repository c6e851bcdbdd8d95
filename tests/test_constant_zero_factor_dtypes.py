"""A constant 0 factor holds its product at 0 under an infinite cotangent, in every float dtype.

np.sum(np.sqrt(0 * x)) is identically 0, so its gradient is 0 (the derivative of a constant; the
chain rule's 0 * inf is a structural zero times an infinite partial, which adds nothing:
docs/guide/numpy.md, "NaN from the branch np.where does not take"). float64 gave 0; float32 gave
NaN, silently (multiply's pullback looked for the infinite cotangent in float64 arrays only).
"""
import numpy as np
import pytest

import wengert as wg

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # (sqrt's and log's own 1 / 0 at 0)

FUNCTIONS = {
    "sqrt(0 * x)": lambda x: np.sum(np.sqrt(0 * x)),
    "sqrt(x * 0.0)": lambda x: np.sum(np.sqrt(x * 0.0)),
    "sqrt(zeros * x)": lambda x: np.sum(np.sqrt(np.zeros(x.shape, x.dtype) * x)),
    "(0 * x) ** 0.5": lambda x: np.sum((0 * x) ** 0.5),
    "log(0 * x)": lambda x: np.sum(np.log(0 * x)),
}


# (complex z ** 0.5 at 0: power's complex partial there is NaN, not inf, in complex128 too: not this convention's)
@pytest.mark.parametrize("name, dtype", [(name, dtype) for name in FUNCTIONS for dtype in (np.float32, np.float64, np.complex64)
                                         if not (dtype is np.complex64 and "**" in name)])
def test_gradient_of_a_constant_is_zero(name, dtype):
    f = FUNCTIONS[name]
    if dtype is np.complex64:
        f = lambda x, f=f: np.real(f(x))  # noqa: E731
    x = np.array([1.0, 2.0, 3.0], dtype)
    g = wg.grad(f)(x)
    assert g.dtype == dtype and np.all(g == 0), g


def test_forward_mode_and_second_order_agree():
    x = np.array([1.0, 2.0], np.float32)
    f = FUNCTIONS["sqrt(0 * x)"]
    assert wg.jvp(f, (x,), (np.ones(2, np.float32),))[1] == 0
    assert np.all(wg.hessian(f)(x) == 0)
