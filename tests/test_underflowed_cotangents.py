"""A cotangent ``g * partial`` of two nonzero factors below 2^-1074 underflows to 0, a zero no
structural one: a later partial large enough (or infinite) would have brought its term back into
range. As 0 the term was dropped with no sign (grad of sum(arctan(1 / a)) at 1e-300 -0.0 for -1,
the Hessian of cbrt(a)**2 * 1e-270 at 1e-200 +1.03e-4 for -1.03e-4); now the runners sweep again
with larger seeds where a sweep underflowed (runners._rescaled). Left: jacrev(jacrev), whose inner
gradient is a Var of the outer tape (kept as it is), and jacfwd(jacfwd) (no sweep: -inf here, seen).

Truths in closed form: d/da arctan(1 / a) = -1 / (1 + a^2); c a^(2/3) has the derivatives
2/3 c a^(-1/3), -2/9 c a^(-4/3); a cbrt(a)^4 = a^(7/3): 7/3 a^(4/3), 28/9 a^(1/3)."""
import numpy as np
import pytest

import wengert as wg

pytestmark = pytest.mark.filterwarnings("ignore:overflow:RuntimeWarning", "ignore:divide by zero:RuntimeWarning",
                                        "ignore:invalid value:RuntimeWarning")
_C = 1e-270


def _cbrt_squared(a):
    return np.sum(np.cbrt(a) ** 2 * _C)


def _seven_thirds(a):
    return np.sum(a * np.cbrt(a) ** 4)


# (function, x, first derivative, second derivative)
CASES = [
    (_cbrt_squared, 1e-200, 2.0 / 3.0 * _C * 1e-200 ** (-1.0 / 3.0), -2.0 / 9.0 * _C * 1e-200 ** (-4.0 / 3.0)),
    (_seven_thirds, 1e-200, 7.0 / 3.0 * 1e-200 ** (4.0 / 3.0), 28.0 / 9.0 * 1e-200 ** (1.0 / 3.0)),
    (lambda a: np.sum(np.arctan(1.0 / a)), 1e-300, -1.0, None),
]
# the second-order paths with a sweep whose gradients are not Vars of an outer tape
PATHS = {"hessian": wg.hessian, "jacfwd(jacrev)": lambda f: wg.jacfwd(wg.jacrev(f)),
         "jacrev(jacfwd)": lambda f: wg.jacrev(wg.jacfwd(f)),
         "jvp(grad)": lambda f: lambda x: wg.jvp(wg.grad(f), (x,), (np.ones_like(x),))[1][:, None]}


@pytest.mark.parametrize("f, x, d1, d2", CASES, ids=["cbrt_squared", "seven_thirds", "arctan_of_reciprocal"])
def test_an_underflowed_cotangent_keeps_its_term(f, x, d1, d2):
    x = np.array([x])
    assert wg.grad(f)(x)[0] == pytest.approx(d1, rel=1e-13, abs=0.0)
    if d2 is not None:
        for name, path in PATHS.items():
            assert path(f)(x)[0, 0] == pytest.approx(d2, rel=1e-13, abs=0.0), name
