"""Forward mode through the complex sqrt / log / reciprocal rules at 0: a direction that leaves an entry still adds 0.

f(x) = sum(real(sqrt(x + 0j))) is separable: d/dt grad f(x + t v)[0] is 0 where v[0] = 0, whatever the
gradient's value there (inf at x[0] = 0), and the Hessian's off-diagonal entries are exactly 0. The
complex rules' derivative (wengert.inverse_power) met the structural 0 tangent at x = 0 as 0 / 0: jvp of grad
gave [nan, -0.0884] and the Hessian's [0, 1] entry NaN, where the real sqrt gives 0. Truths are closed forms:
d2/dx2 sqrt(x) = -x^(-3/2) / 4, d2/dx2 log(x) = -1 / x^2, d2/dx2 (1 / x) = 2 / x^3 (at x = 2: -2^-3.5, -1/4, 1/4).
"""
import numpy as np
import pytest

import wengert as wg

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # (the functions' own 1 / 0 at 0)

CASES = {
    "sqrt": (lambda x: np.real(np.sum(np.sqrt(x + 0j))), -2.0 ** -3.5),
    "log": (lambda x: np.real(np.sum(np.log(x + 0j))), -0.25),
    "reciprocal": (lambda x: np.real(np.sum(1.0 / (x + 0j))), 0.25),
}


@pytest.mark.parametrize("name", CASES)
def test_a_still_entry_adds_nothing(name):
    f, second = CASES[name]
    x = np.array([0.0, 2.0])
    _, tangent = wg.jvp(wg.grad(f), (x,), (np.array([0.0, 1.0]),))
    assert tangent[0] == 0.0
    assert tangent[1] == pytest.approx(second, rel=1e-15)
    h = wg.hessian(f)(x)
    assert h[0, 1] == 0.0 and h[1, 0] == 0.0
    assert h[1, 1] == pytest.approx(second, rel=1e-15)


def test_a_live_zero_stays_undefined():
    # (sqrt(x * x) is |x|: no derivative at 0, its tangent's 0 there a live one: NaN, as the real sqrt's)
    _, tangent = wg.jvp(lambda x: np.real(np.sum(np.sqrt(x * x + 0j))), (np.array([0.0, 2.0]),), (np.array([1.0, 1.0]),))
    assert np.isnan(tangent)


def test_zero_beside_an_ordinary_entry():
    # real(sum(F(v + 0j))) at v = [0, 2] for F = 1 / z, log, sqrt: the entry at 0's infinite partial times the other
    # direction's structural 0 made NaN of the ordinary entry's derivatives (jacfwd of 1 / z: [-inf, nan]; jacrev of
    # jacrev: NaN at [1, 0] for all three). Truths (closed forms, one-sided at 0 as the real functions give): F' =
    # -1 / x^2, 1 / x, 1 / (2 sqrt x); F'' = 2 / x^3, -1 / x^2, -1 / (4 x^1.5)
    x = np.array([0.0, 2.0])
    cases = [(lambda z: 1 / z, [-np.inf, -0.25], [np.inf, 0.25]),
             (np.log, [np.inf, 0.5], [-np.inf, -0.25]),
             (np.sqrt, [np.inf, 0.5 / np.sqrt(2.0)], [-np.inf, -0.25 * 2.0 ** -1.5])]
    for F, first, second in cases:
        f = lambda v: np.real(np.sum(F(v + 0j)))  # noqa: E731
        np.testing.assert_allclose(wg.jacfwd(f)(x), first, rtol=1e-15)
        np.testing.assert_allclose(wg.grad(f)(x), first, rtol=1e-15)
        np.testing.assert_allclose(wg.jacrev(wg.jacrev(f))(x), np.diag(second), rtol=1e-15)
        np.testing.assert_allclose(wg.hessian(f)(x), np.diag(second), rtol=1e-15)
