"""``scipy.special.betaln`` and ``beta`` beside the poles of both digammas (a beside a negative
integer, a + b beside a non-positive one), for integer b beyond the exact finite sum
(``_FINITE_SUM_TERMS``) and for b beside an integer: first and second derivatives in a (and, with
the arguments swapped, in b), in both modes, against mpmath at 60 digits. Before, digamma(a) -
digamma(a + b) cancelled there: d/da betaln(-65 + 1 ulp, 65) was 1.3e-3 off, d2/da2 at -65 - 1e-8
1.98 for 1.63 (2.0 in forward mode), and with a + b rounded d2/da2 betaln(-65.0001, 1 + 1e-12)
was 5e-3 off."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402,F401

SECOND = {"grad(grad)": lambda f: wg.grad(wg.grad(f)), "jacfwd(grad)": lambda f: wg.jacfwd(wg.grad(f)),
          "hessian": lambda f: wg.hessian(f)}

BESIDE = [
    (np.nextafter(-65.0, 0.0), 65.0), (np.nextafter(-65.0, -np.inf), 65.0), (-65.0 - 1e-8, 65.0),
    (-65.0 + 1e-4, 65.0), (-65.0, 65.0), (-200.0, 150.0), (-1000.0 - 1e-12, 1000.0), (-1e6, 1e6),
    (-65.0001, 1.0 + 1e-12), (-65.0 - 1e-8, 3.0 + 1e-12), (-65.0 + 1e-8, 3.0 - 1e-8),
    (-65.0 + 1e-8, 65.0 + 1e-12), (-3.0 + 1e-12, 3.0 - 1e-8), (-1e6 + 1e-4, 1e6 - 3e-4), (-0.5, 0.25),
]


def _truth(a, b):
    """d/da log|B(a, b)| and d2/da2 at the doubles a, b (their exact sum), 60 digits; at a pole of
    a with an integer b (B finite) the limit, digamma(1 - a) - digamma(1 - a - b) and its
    derivative."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        x, y = mpmath.mpf(a), mpmath.mpf(b)
        if a == np.floor(a):
            return (mpmath.psi(0, 1 - x) - mpmath.psi(0, 1 - x - y),
                    mpmath.psi(1, 1 - x - y) - mpmath.psi(1, 1 - x))
        return mpmath.psi(0, x) - mpmath.psi(0, x + y), _trigamma(mpmath, x) - _trigamma(mpmath, x + y)


def _trigamma(mpmath, x):
    """psi(1, x); below 0 by the reflection psi(1, x) = pi^2 / sin^2(pi x) - psi(1, 1 - x): mpmath's
    own psi(1, x) took 3.4 s of CPU at x = -999999.9999 (2.8e-61 from the reflection's; the same doubles at every
    point of BESIDE, where the two cancel too: 5e-34 at a = -65 - 1 ulp, 60 digits less the ~28 cancelled)."""
    if x >= 0:
        return mpmath.psi(1, x)
    return mpmath.pi ** 2 / mpmath.sinpi(x) ** 2 - mpmath.psi(1, 1 - x)


@pytest.mark.parametrize("a, b", BESIDE)
@pytest.mark.parametrize("swap", [False, True])
def test_betaln_beside_both_poles(a, b, swap):
    first, second = (float(t) for t in _truth(a, b))
    f = (lambda x: sc.betaln(b, x)) if swap else (lambda x: sc.betaln(x, b))
    assert wg.grad(f)(a) == pytest.approx(first, rel=2e-14, abs=0)
    for name, mode in SECOND.items():
        assert float(mode(f)(a)) == pytest.approx(second, rel=2e-14, abs=0), name


@pytest.mark.parametrize("a, b", [p for p in BESIDE if abs(p[0]) < 200 and p != (-65.0 + 1e-8, 3.0 - 1e-8)])
def test_beta_beside_both_poles(a, b):
    """beta: SciPy's value times the derivatives of log|B| (its own rounding is SciPy's). Left out:
    (-65 + 1e-8, 3 - 1e-8), where a + b is 1e-15 from a pole (B near a zero): there B (L1^2 + L2)
    cancels as L1^2 ~ -L2 ~ 1e30 (d2/da2 4e-11 off)."""
    l1, l2 = _truth(a, b)
    value = sc.beta(a, b)
    first, second = float(value * l1), float(value * (l1 * l1 + l2))
    for f in (lambda x: sc.beta(x, b), lambda x: sc.beta(b, x)):
        assert wg.grad(f)(a) == pytest.approx(first, rel=2e-14, abs=0)
        for name, mode in SECOND.items():
            assert float(mode(f)(a)) == pytest.approx(second, rel=2e-14, abs=0), name


@pytest.mark.parametrize("a, b", [(-65.0, 65.0), (-150.0, 100.0), (-1e6, 1e6)])
def test_no_derivative_in_b_at_a_pole(a, b):
    """betaln(-65, b) is finite at b = 65 alone: d/db NaN at every order, as for b <= 64."""
    f = lambda x: sc.betaln(a, x)
    assert np.isnan(wg.grad(f)(b))
    for name, mode in SECOND.items():
        assert np.isnan(mode(f)(b)), name


@pytest.mark.parametrize("a, b", [(-65.0, 65.0 + 1e-12), (-65.0, 64.5), (-65.0 + 1e-8, 65.0 - 1e-8)])
def test_never_finite_where_betaln_is_infinite(a, b):
    """At a pole of a with b not an integer, and where a + b is a pole with b not an integer, B is
    infinite or 0: no finite derivative."""
    import warnings
    assert not np.isfinite(sc.betaln(a, b)) or (a + b == np.floor(a + b))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        f = lambda x: sc.betaln(x, b)
        assert not np.isfinite(wg.grad(f)(a))
