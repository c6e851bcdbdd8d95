"""The joint Hessian of ``scipy.special.betaln(a, b)`` (and ``beta``) where a is a pole of digamma
and b a positive integer with a + b <= 0 (B(a, b) finite). There betaln(a, n) is finite and
smooth in a, but betaln(a, b) is infinite at every b beside n: d/db does not exist, nor do
d2/db2 and the mixed entries (d/db of d/da: d/da exists on the line b = n alone; d/da of d/db:
d/db exists at no point of the line a = -m). So the Hessian is [[d2/da2, NaN], [NaN, NaN]].
Before, every entry was NaN: the missing d/db reached d2/da2 with a zero cotangent (reverse) or
a zero tangent (forward), 0 * NaN. Also: d/da betaln(a, b) where b is a non-positive integer
(betaln infinite, or finite at isolated a) is NaN, no longer a finite number."""
import warnings

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402,F401

MODES = {"hessian": wg.hessian, "jacfwd(grad)": lambda f: wg.jacfwd(wg.grad(f)),
         "jacrev(grad)": lambda f: wg.jacrev(wg.grad(f)), "jacfwd(jacfwd)": lambda f: wg.jacfwd(wg.jacfwd(f))}


def _second(a, n):
    """d2/da2 log|B(a, n)| at a pole a (the limit along a): trigamma(1 - a - n) - trigamma(1 - a)."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        return float(mpmath.psi(1, 1 - mpmath.mpf(a) - n) - mpmath.psi(1, 1 - mpmath.mpf(a)))


@pytest.mark.parametrize("a, n", [(-3.0, 3), (-4.0, 4), (-3.0, 2), (-65.0, 65), (-100.0, 70), (-1e6, 200)])
@pytest.mark.parametrize("swap", [False, True])
@pytest.mark.parametrize("mode", MODES)
def test_betaln_hessian_at_a_pole(a, n, swap, mode):
    """At (-3, 3): [[49/36, NaN], [NaN, NaN]] (was all NaN); swapped, the transpose."""
    f = (lambda v: sc.betaln(v[1], v[0])) if swap else (lambda v: sc.betaln(v[0], v[1]))
    h = np.asarray(MODES[mode](f)(np.array([a, float(n)])))
    assert h[0, 0] == pytest.approx(_second(a, n), rel=1e-14, abs=0)
    assert np.isnan(h[0, 1]) and np.isnan(h[1, 0]) and np.isnan(h[1, 1])


@pytest.mark.parametrize("swap", [False, True])
@pytest.mark.parametrize("mode", MODES)
def test_beta_hessian_at_a_pole(mode, swap):
    """beta(a, 3) = 2 / p, p = a (a + 1) (a + 2): d2/da2 = 2 (2 p'^2 - p p'') / p^3, at -3
    2 (2 * 121 - 72) / -216 = -1.5740740740740742 (was NaN); the other entries NaN. In
    jacfwd(jacfwd) d2/da2 was NaN too (d/db's zero tangent times beta's Dual value was traced)."""
    f = (lambda v: sc.beta(v[1], v[0])) if swap else (lambda v: sc.beta(v[0], v[1]))
    h = np.asarray(MODES[mode](f)(np.array([-3.0, 3.0])))
    assert h[0, 0] == pytest.approx(2 * (2 * 121 - 72) / -216, rel=1e-14, abs=0)
    assert np.isnan(h[0, 1]) and np.isnan(h[1, 0]) and np.isnan(h[1, 1])


def test_beside_the_pole_every_entry_finite():
    """One ulp beside a = -3 (not a pole) betaln is finite around: every entry finite, symmetric."""
    x = np.array([np.nextafter(-3.0, 0.0), 3.0])
    for mode in MODES.values():
        h = np.asarray(mode(lambda v: sc.betaln(v[0], v[1]))(x))
        assert np.all(np.isfinite(h)) and h[0, 1] == pytest.approx(h[1, 0], rel=1e-15)


@pytest.mark.parametrize("a, b", [(-2.5, 0.0), (-2.5, -2.0), (2.5, -2.0), (30.0, -2.0), (0.5, 0.0)])
def test_no_derivative_beside_a_non_positive_integer_b(a, b):
    """betaln(a, b) is infinite where b is a non-positive integer (but at isolated integer a):
    d/da betaln(-2.5, 0) was 0, d/da betaln(30, -2) finite; now NaN at every order, and the
    same in b with the arguments swapped."""
    assert np.isinf(sc.betaln(a, b))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for f in (lambda x: sc.betaln(x, b), lambda x: sc.betaln(b, x)):
            assert np.isnan(wg.grad(f)(a))
            assert np.isnan(wg.grad(wg.grad(f))(a)) and np.isnan(wg.jacfwd(wg.grad(f))(a))


@pytest.mark.parametrize("fun, first", [(sc.betaln, 11 / 6), (sc.beta, -11 / 18)])
def test_forward_gradient_at_a_pole(fun, first):
    """Forward mode's first derivative at (-3, 3): d/da from the direction (1, 0), where b's zero
    tangent met d/db's NaN (0 * NaN): jacfwd was [NaN, NaN], now [d/da, NaN] as jacrev."""
    f = lambda v: fun(v[0], v[1])
    x = np.array([-3.0, 3.0])
    for mode in (wg.jacfwd, wg.jacrev):
        g = np.asarray(mode(f)(x))
        assert g[0] == pytest.approx(first, rel=1e-15, abs=0) and np.isnan(g[1])
