"""The mixed second derivative d2/da db of ``scipy.special.betaln`` and ``beta`` beside the poles of
digamma (a beside a non-positive integer, a + b beside one or not), in every second-order mode,
against mpmath at 60 digits, and the Hessian symmetric. Before, d/da's cotangent difference was
differentiated in b as a quotient whose two terms of size 1/sin(pi a) cancel (d2/da db betaln(-3.0000001,
3.4) -7.275359812443604, truth -7.2753598144436384), and d/db was SciPy's digamma(b) - digamma(a + b)
of a + b rounded while d/da took its rounding error: d/db betaln(-2.5, 0.5 + 1e-12) 9.99911e11, truth
1.0000221e12, and beta's Hessian there [[., 3.72e8], [-3.72e8, .]] for 9.0676 in both entries."""
import itertools

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402,F401

MODES = {"hessian": wg.hessian, "jacfwd(grad)": lambda f: wg.jacfwd(wg.grad(f)),
         "jacfwd(jacfwd)": lambda f: wg.jacfwd(wg.jacfwd(f)), "jacrev(grad)": lambda f: wg.jacrev(wg.grad(f))}

POINTS = [(-3.0000001, 3.4), (-2.5, 0.5 + 1e-12), (-65.0001, 1.0 + 1e-12), (-1e-5, 0.4)] + [
    (-k + s * d, b) for k, d, s, b in itertools.product((1.0, 65.0), (1e-12, 1e-4), (-1.0, 1.0),
                                                        (0.4, 0.5 + 1e-12, 1.0 + 1e-12, 3.4))
    if (-k + s * d) + b != np.round((-k + s * d) + b)]


def _truth(a, b):
    """The gradient and Hessian of log|B(a, b)| at the doubles a, b (their exact sum), 60 digits."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        x, y = mpmath.mpf(a), mpmath.mpf(b)
        psi = mpmath.psi
        gradient = [psi(0, x) - psi(0, x + y), psi(0, y) - psi(0, x + y)]
        hessian = [[psi(1, x) - psi(1, x + y), -psi(1, x + y)], [-psi(1, x + y), psi(1, y) - psi(1, x + y)]]
        return gradient, hessian


def _arguments(a, b, swap):
    return np.array([b, a] if swap else [a, b])


def _unswap(matrix, swap):
    return np.asarray(matrix)[::-1, ::-1] if swap else np.asarray(matrix)


@pytest.mark.parametrize("a, b", POINTS)
@pytest.mark.parametrize("swap", [False, True])
def test_betaln_gradient_and_hessian(a, b, swap):
    gradient, hessian = _truth(a, b)
    f = lambda v: sc.betaln(v[0], v[1])  # noqa: E731
    got = wg.grad(f)(_arguments(a, b, swap))
    got = got[::-1] if swap else got
    for i in range(2):
        assert got[i] == pytest.approx(float(gradient[i]), rel=2e-15, abs=0), i
    for name, mode in MODES.items():
        got = _unswap(mode(f)(_arguments(a, b, swap)), swap)
        for i, j in itertools.product(range(2), range(2)):
            assert got[i, j] == pytest.approx(float(hessian[i][j]), rel=4e-15, abs=0), (name, i, j)
        assert got[0, 1] == pytest.approx(got[1, 0], rel=4e-15, abs=0), name


@pytest.mark.parametrize("a, b", [(-3.0000001, 3.4), (-2.5, 0.5 + 1e-12), (-1e-5, 0.4)])
def test_betaln_mixed_by_grad_of_grad(a, b):
    _, hessian = _truth(a, b)
    in_a = wg.grad(lambda y: wg.grad(lambda x: sc.betaln(x, y))(a))(b)
    in_b = wg.grad(lambda x: wg.grad(lambda y: sc.betaln(x, y))(b))(a)
    for got in (in_a, in_b):
        assert got == pytest.approx(float(hessian[0][1]), rel=4e-15, abs=0)


@pytest.mark.parametrize("a, b", POINTS)
@pytest.mark.parametrize("swap", [False, True])
def test_beta_mixed_entries(a, b, swap):
    """SciPy's value of B (its own rounding is SciPy's: 8e-5 at (-2.5, 0.5 + 1e-12) against mpmath's; mpmath's
    where d/da beta is reflected)
    times d2/da db log|B| + its two first derivatives' product, within the rounding of those terms:
    each is B 1e24 there, ~1e12 for a sum of 9.07 (before, 3.7e8 with the signs of the two entries
    opposite)."""
    gradient, hessian = _truth(a, b)
    value = sc.beta(a, b)
    mixed = float(value * (gradient[0] * gradient[1] + hessian[0][1]))
    distance = abs(a + b - round(a + b))
    if a + b < 0 and distance < 0.25 and abs(a - round(a)) >= 1.5 * distance:
        # (where d/da beta is reflected, with no SciPy value in it, mpmath's B: SciPy's is 33% off at (-65 - 1e-12,
        # 1 + 1e-12), its pi a rounded beside the pole)
        mpmath = pytest.importorskip("mpmath")
        with mpmath.workdps(60):
            value = mpmath.beta(mpmath.mpf(a), mpmath.mpf(b))
            mixed = float(value * (gradient[0] * gradient[1] + hessian[0][1]))
    rel = 1e-13 + 4e-16 * abs(float(value * gradient[0] * gradient[1]) / mixed)
    f = lambda v: sc.beta(v[0], v[1])  # noqa: E731
    for name, mode in MODES.items():
        got = _unswap(mode(f)(_arguments(a, b, swap)), swap)
        for i, j in ((0, 1), (1, 0)):
            assert got[i, j] == pytest.approx(mixed, rel=rel, abs=0), (name, i, j)
        assert got[0, 1] == pytest.approx(got[1, 0], rel=rel, abs=0), name
    in_b = wg.grad(lambda x: wg.grad(lambda y: sc.beta(x, y))(b))(a)
    assert in_b == pytest.approx(mixed, rel=rel, abs=0)
