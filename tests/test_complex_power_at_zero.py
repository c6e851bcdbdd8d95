"""np.power's rule in its base at a complex 0 with 0 < y < 1 (np.power(0j, y) = 0): y z**(y - 1) is infinite there,
where NumPy's 0j ** (y - 1) is NaN + NaN j, not an infinity.

grad of real((0 * (x + 0j)) ** 0.5) at 1 was NaN: the function is 0 for every x, so the truth is 0 (closed form; the
constant factor 0 is a structural zero, which adds nothing times an infinite partial, as for real x and np.sqrt).
grad of real((x + 0j) ** y) at 0 was NaN: the one-sided derivative along the real axis, the limit of y x**(y - 1) as
x -> 0+, is +inf (closed form), what the real rule (x ** y) and np.sqrt's complex rule give; the derivative along the
imaginary axis is undefined there (Re sqrt(i t) = sqrt(|t| / 2): +-inf on either side) and stays NaN.
"""
import numpy as np
import pytest

import wengert as wg

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def _modes(f, x):
    # the first derivative of f at x in each mode
    return {"grad": wg.grad(f)(x), "jvp": wg.jvp(f, (x,), (1.0,))[1], "jacfwd": wg.jacfwd(f)(x),
            "jacrev": wg.jacrev(f)(x), "jit": wg.jit(wg.grad(f))(x)}


@pytest.mark.parametrize("y", [0.5, 0.3])
def test_structural_zero_base(y):
    # d/dx of real((0 * (x + 0j)) ** y) = 0: the function is identically 0
    for mode, got in _modes(lambda x: np.real((0 * (x + 0j)) ** y), 1.0).items():
        assert float(got) == 0.0, mode
    f = lambda x: np.real((0 * (x + 0j)) ** y)  # noqa: E731
    assert float(wg.hessian(f)(1.0)) == 0.0
    assert float(wg.jvp(wg.grad(f), (1.0,), (1.0,))[1]) == 0.0
    # the same through np.sqrt's complex rule, and on a complex scalar cotangent (was NaN: a scalar's held zero)
    assert float(wg.grad(lambda x: np.real(np.sqrt(0 * (x + 0j))))(1.0)) == 0.0


@pytest.mark.parametrize("y", [0.5, 0.3])
def test_one_sided_at_zero(y):
    # +inf, the limit of y x**(y - 1) as x -> 0+, as x ** y and np.sqrt(x + 0j) give
    for mode, got in _modes(lambda x: np.real((x + 0j) ** y), 0.0).items():
        assert float(got) == np.inf, mode
    assert float(wg.grad(lambda x: x ** y)(0.0)) == np.inf
    assert float(wg.grad(lambda x: np.real(np.sqrt(x + 0j)))(0.0)) == np.inf
    # an array with an ordinary entry beside it: that one y x**(y - 1) (closed form)
    got = wg.grad(lambda v: np.sum(np.real((v + 0j) ** y)))(np.array([0.0, 4.0]))
    assert got[0] == np.inf and got[1] == pytest.approx(y * 4.0 ** (y - 1), rel=1e-15)


def test_complex_cotangent_as_sqrt():
    # the complex pullback at z = 0: g y / 0j, NumPy's complex infinity in g's direction, as np.sqrt's rule gives
    # (inf + NaN j for g = 1, NaN + inf j for g = 1j); along the imaginary axis undefined: NaN, not a number
    z = np.array([0j, 0j, 4j])
    g = np.array([1 + 0j, 1j, 1 + 0j])
    got = wg.vjp(lambda u: u ** 0.5, z)[1](g)[0]
    want = wg.vjp(np.sqrt, z)[1](g)[0]
    np.testing.assert_array_equal(got[:2], want[:2])
    assert np.isposinf(got[0].real) and np.isnan(got[0].imag) and np.isnan(got[1].real) and np.isposinf(got[1].imag)
    np.testing.assert_allclose(got[2], 0.5 / np.sqrt(4j), rtol=1e-15)
    d = wg.grad(lambda v: np.real((v[0] + 1j * v[1]) ** 0.5))(np.zeros(2))
    assert d[0] == np.inf and np.isnan(d[1])
