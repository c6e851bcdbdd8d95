"""abs at 0 under an infinite derivative of what follows it: refused, never NaN.

sqrt(|x|), |x| ** p with p < 1, 1 / |x| and log|x| have no derivative at x = 0: their one-sided
derivatives there are +inf and -inf (by hand: d/dx |x|^p = p sign(x) |x|^(p - 1), whose limits
from the right and the left are +inf and -inf for p < 1; d/dx log|x| = 1 / x). abs's subgradient
sign(0) = 0 times the infinite cotangent was NaN, silently, in reverse mode (arrays, 1-element
arrays, floats through the scalar core's Var.__abs__, complex |z|), at second order and under
wengert.jit. Now NoGradientRule naming numpy.absolute; a finite cotangent keeps the convention.
"""
import numpy as np
import pytest

import wengert as wg

FUNCTIONS = {
    "sqrt(abs)": lambda x: np.sqrt(np.abs(x)),
    "abs**0.5": lambda x: np.abs(x) ** 0.5,
    "abs**-1": lambda x: np.abs(x) ** -1,
    "log(abs)": lambda x: np.log(np.abs(x)),
    "fabs**0.5": lambda x: np.fabs(x) ** 0.5,
    "builtin abs, wg.sqrt": lambda x: wg.sqrt(abs(x)),
}
REFUSAL = "numpy.absolute .* at 0 met an infinite derivative"
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # (NumPy's 1 / 0 in sqrt's and log's own rules)


@pytest.mark.parametrize("name, shape", [(name, shape) for name in FUNCTIONS for shape in ("float", "1-element", "array")
                                         if shape == "float" or "wg.sqrt" not in name])  # (wg.sqrt of an array: np.sqrt's)
def test_reverse_mode_refuses(name, shape):
    f = FUNCTIONS[name]
    if shape == "float":
        x, total = 0.0, f
    else:
        x = np.array([0.0]) if shape == "1-element" else np.array([3.0, 0.0, -2.0])
        total = lambda v: np.sum(f(v))  # noqa: E731
    with pytest.raises(wg.NoGradientRule, match=REFUSAL):
        wg.grad(total)(x)


@pytest.mark.parametrize("transform", ["hessian", "jvp of grad", "grad of grad"])
def test_second_order_refuses(transform):
    f = lambda x: np.sum(np.sqrt(np.abs(x)))  # noqa: E731
    x = np.array([0.0, 4.0])
    with pytest.raises(wg.NoGradientRule, match=REFUSAL):
        if transform == "hessian":
            wg.hessian(f)(x)
        elif transform == "jvp of grad":
            wg.jvp(wg.grad(f), (x,), (np.array([1.0, 1.0]),))
        else:
            wg.grad(lambda v: np.sum(wg.grad(f)(v)))(x)


def test_jit_replayed_at_the_kink_refuses():
    arrays = wg.jit(wg.grad(lambda x: np.sum(np.sqrt(np.abs(x)))))
    floats = wg.jit(wg.grad(lambda x: wg.sqrt(abs(x))))
    assert arrays(np.array([4.0, 1.0])).tolist() == [0.25, 0.5]  # (1 / (2 sqrt(x)): exact)
    assert floats(4.0) == 0.25
    with pytest.raises(wg.NoGradientRule, match=REFUSAL):
        arrays(np.array([4.0, 0.0]))
    with pytest.raises(wg.NoGradientRule, match=REFUSAL):
        floats(0.0)


def test_complex_modulus_refuses():
    with pytest.raises(wg.NoGradientRule, match=REFUSAL):
        wg.grad(lambda z: np.sqrt(np.abs(z)))(0j)


def test_finite_cotangents_keep_the_convention():
    # (sign(0) = 0 where what follows has a finite derivative; away from 0 the exact -1 / (2 sqrt(4)))
    assert wg.grad(lambda x: abs(x))(0.0) == 0.0
    assert wg.grad(lambda x: np.abs(x) ** 1.5)(0.0) == 0.0
    assert wg.grad(lambda x: np.sum(np.sqrt(np.abs(x))))(np.array([-4.0, 4.0])).tolist() == [-0.25, 0.25]
    assert wg.grad(lambda x: wg.sqrt(abs(x)))(-4.0) == -0.25
