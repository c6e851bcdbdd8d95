"""``scipy.special.betaln`` and ``beta`` where digamma(a) and digamma(a + b) both have a pole
(a a negative integer, b a positive integer n, a + n <= 0: B(a, n) = (n-1)! / (a (a+1) ... (a+n-1))
is finite) and where their trigamma difference cancels (a < 0 not an integer, b = n): first and
second derivatives, in both modes, against the exact rational sums -sum_{j<n} 1/(a + j) and
sum_{j<n} 1/(a + j)^2 (Fractions of the doubles, no mpmath needed); NaN where betaln is finite at
an isolated point of the other argument, never a finite number where SciPy's value is infinite."""
import warnings
from fractions import Fraction

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402,F401

SECOND = {"grad(grad)": lambda f: wg.grad(wg.grad(f)), "jacfwd(grad)": lambda f: wg.jacfwd(wg.grad(f)),
          "hessian": lambda f: wg.hessian(f)}


def _sums(a, n):
    """``(-sum 1/(a+j), sum 1/(a+j)^2, -2 sum 1/(a+j)^3)``, j < n: d/da log|B(a, n)| and the
    next two, exact."""
    x = Fraction(a)
    return tuple(float(sum(c / (x + j) ** p for j in range(n))) for p, c in ((1, -1), (2, 1), (3, -2)))


def _beta_derivatives(a, n):
    """d/da and d2/da2 of B(a, n) = B (L1), B (L1^2 + L2), from the exact sums."""
    x = Fraction(a)
    value = Fraction(np.prod(range(1, n), dtype=float))
    for j in range(n):
        value /= x + j
    l1 = -sum(1 / (x + j) for j in range(n))
    l2 = sum(1 / (x + j) ** 2 for j in range(n))
    return float(value * l1), float(value * (l1 * l1 + l2))


POLES = [(-3.0, 3), (-30.0, 3), (-1e8, 3), (-4.0, 4), (-5.0, 1), (-12.0, 7)]


@pytest.mark.parametrize("a, n", POLES)
@pytest.mark.parametrize("swap", [False, True])
def test_betaln_at_both_poles(a, n, swap):
    """d/da betaln(a, n) was NaN at every order (digamma(-3) - digamma(0): NaN - (-inf)): -3, 3
    gives 11/6 and 49/36 (1.8333, 1.3611); the same with the arguments swapped."""
    assert np.isfinite(sc.betaln(a, float(n)))  # SciPy's value: finite
    f = (lambda x: sc.betaln(float(n), x)) if swap else (lambda x: sc.betaln(x, float(n)))
    first, second, third = _sums(a, n)
    assert wg.grad(f)(a) == pytest.approx(first, rel=1e-15, abs=0)
    for name, mode in SECOND.items():
        assert float(mode(f)(a)) == pytest.approx(second, rel=1e-15, abs=0), name
    assert wg.grad(wg.grad(wg.grad(f)))(a) == pytest.approx(third, rel=1e-15, abs=0)


@pytest.mark.parametrize("a, n", POLES[:4])
def test_beta_at_both_poles(a, n):
    """d/da beta(a, 3) at a = -3 was NaN, truth -0.6111 (and -1.5741 at second order)."""
    first, second = _beta_derivatives(a, n)
    for f in (lambda x: sc.beta(x, float(n)), lambda x: sc.beta(float(n), x)):
        assert wg.grad(f)(a) == pytest.approx(first, rel=2e-15, abs=0)
        for name, mode in SECOND.items():
            assert float(mode(f)(a)) == pytest.approx(second, rel=2e-15, abs=0), name


@pytest.mark.parametrize("b", [-2.9, -2.5, -7.3, -0.9])
@pytest.mark.parametrize("a", [3, 5])
def test_betaln_second_derivative_beside_the_poles(a, b):
    """d2/db2 betaln(3, b) at b = -2.9 (trigamma(-2.9) - trigamma(0.1)) was 1.1e-14 off in
    forward mode and 1.2e-15 in reverse; truth 1.63048227569315033, now the exact sum's."""
    f = lambda x: sc.betaln(float(a), x)
    first, second, third = _sums(b, a)
    assert wg.grad(f)(b) == pytest.approx(first, rel=1e-15, abs=0)
    for name, mode in SECOND.items():
        assert float(mode(f)(b)) == pytest.approx(second, rel=4e-16, abs=0), name
    assert wg.grad(wg.grad(wg.grad(f)))(b) == pytest.approx(third, rel=1e-14, abs=0)


@pytest.mark.parametrize("mode", [wg.jacobian, wg.jacfwd])
def test_both_arguments_beside_the_poles(mode):
    """With b a Var too, the derivative in b of the finite sum is that of digamma(a + n) -
    digamma(a + b) (not 0): the Hessian of betaln(a, b) at (-2.9, 3) is [[sum 1/(a+j)^2,
    -psi'(a + b)], [-psi'(a + b), psi'(b) - psi'(a + b)]]."""
    f = lambda v: sc.betaln(v[0], v[1])
    h = np.asarray(mode(wg.grad(f))(np.array([-2.9, 3.0])))
    mixed = -sc.polygamma(1, -2.9 + 3.0)
    truth = [[_sums(-2.9, 3)[1], mixed], [mixed, sc.polygamma(1, 3.0) + mixed]]
    np.testing.assert_allclose(h, truth, rtol=1e-13)


def test_no_derivative_in_the_other_argument_at_an_isolated_point():
    """betaln(-3, b) is finite at b = 3 and infinite at every b beside it (SciPy: inf at 3 +
    1e-7): d/db betaln(-3, b) at 3 was inf (-inf at second order), now NaN at every order; the
    same in a of betaln(a, -3) at a = 3 and of beta. With both arguments Vars the gradient is
    (11/6, NaN)."""
    assert np.isinf(sc.betaln(-3.0, 3.0 + 1e-7)) and np.isinf(sc.betaln(3.0 + 1e-7, -3.0))
    for f in (lambda x: sc.betaln(-3.0, x), lambda x: sc.betaln(x, -3.0), lambda x: sc.beta(-3.0, x)):
        assert np.isnan(wg.grad(f)(3.0))
        for name, mode in SECOND.items():
            assert np.isnan(mode(f)(3.0)), name
    g = wg.grad(lambda v: sc.betaln(v[0], v[1]))(np.array([-3.0, 3.0]))
    assert g[0] == pytest.approx(11 / 6, rel=1e-15, abs=0) and np.isnan(g[1])


@pytest.mark.parametrize("a, b", [(-1.0, 3.0), (-2.0, 3.0), (0.0, 3.0), (-3.0, 2.5), (-3.0, 4.0), (-3.0, -2.0)])
def test_never_finite_where_scipy_is_infinite(a, b):
    """Where SciPy's betaln is inf (a pole of B), no derivative is a finite number."""
    assert np.isinf(sc.betaln(a, b))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for f in (lambda x: sc.betaln(x, b), lambda x: sc.betaln(b, x)):
            assert not np.isfinite(wg.grad(f)(a))
            for name, mode in SECOND.items():
                assert not np.isfinite(mode(f)(a)), name


def test_arrays_mixing_the_forms():
    """Each point of an array takes its own form: the same numbers as one at a time."""
    a = np.array([-3.0, -2.9, 0.5, -30.0, 12.0, -9.5])
    f = lambda x: np.sum(sc.betaln(x, 3.0))
    g, h = wg.grad(f)(a), np.diag(wg.hessian(f)(a))
    for i, x in enumerate(a):
        one = lambda t: sc.betaln(t, 3.0)
        assert g[i] == pytest.approx(wg.grad(one)(x), rel=1e-15)
        assert h[i] == pytest.approx(wg.grad(wg.grad(one))(x), rel=1e-15)
    assert g[0] == pytest.approx(11 / 6, rel=1e-15, abs=0)
