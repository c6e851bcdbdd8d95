"""The entropies of ``scipy.stats``' ``binom``, ``bernoulli``, ``betabinom`` (finite sums over the
support) and ``geom`` (closed form, its series below p = 1/2), differentiable in their continuous
parameters.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's; first and
second derivatives against mpmath's sums at ordinary points, near the ends of p and where the closed
form of geom's derivative cancels (p = 1e-8); 0 at p = 0 or 1 with a traced p refused there; NaN
outside the valid parameters.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test, mp_point_check  # noqa: E402
from wengert.scipy import stats  # noqa: E402

P = np.array([0.02, 0.3, 0.5, 0.81, 0.995])

CASES = [
    case(stats.binom.entropy, lambda p: stats.binom.entropy(10, p), P, id="binom.entropy"),
    case(stats.binom.entropy, lambda p: stats.binom.entropy(np.array([[0], [1], [7]]), p), P, id="binom.entropy-ns"),
    case(stats.binom.entropy, lambda p: stats.binom.entropy(3, p), 0.4, id="binom.entropy-float"),
    case(stats.bernoulli.entropy, stats.bernoulli.entropy, P, id="bernoulli.entropy"),
    case(stats.betabinom.entropy, lambda a, b: stats.betabinom.entropy(8, a, b), np.array([0.3, 1.0, 4.5]),
         np.array([2.0, 0.6, 7.0]), id="betabinom.entropy"),
    case(stats.geom.entropy, stats.geom.entropy, np.array([1e-3, 0.05, 0.3, 0.49, 0.5, 0.51, 0.8, 0.99]),
         id="geom.entropy"),
    case(stats.geom.entropy, stats.geom.entropy, 0.7, id="geom.entropy-float"),
]

test_gradient = gradient_test(CASES)

#: (SciPy's sums entr(pmf): where 1 - p rounds, entr(1 - p) keeps the rounding, 1e-7 off at p = 1e-9 for
#: bernoulli; those points are checked against mpmath below)
VALUE_CHECKS = [
    ("binom.entropy", (np.array([[0], [1], [10], [300]]), np.array([0.02, 0.3, 0.5, 0.98]))),
    ("bernoulli.entropy", (np.array([0.0, 1e-3, 0.3, 0.5, 0.7, 0.999, 1.0]),)),
    ("betabinom.entropy", (np.array([[0], [2], [25]]), np.array([0.1, 1.0, 30.0]), np.array([[[0.5]], [[9.0]]]))),
    ("geom.entropy", (np.array([1e-300, 1e-12, 1e-3, 0.2, 0.4999, 0.5, 0.5001, 0.9, 1.0 - 1e-12]),)),
]


@pytest.mark.parametrize("name, args", VALUE_CHECKS, ids=[n for n, _ in VALUE_CHECKS])
def test_values_are_scipys(name, args):
    """To 5e-13: at n = 300 the sum of binom's pmfs keeps their rounding (wengert's binom.pmf, from
    gammaln, is 4e-13 off at (150, 300, 0.5), SciPy's 1e-15)."""
    distribution, function = name.split(".")
    with np.errstate(all="ignore"):
        want = getattr(getattr(ST, distribution), function)(*args)
    got = getattr(getattr(stats, distribution), function)(*args)
    np.testing.assert_allclose(got, want, rtol=5e-13, atol=1e-300)


@pytest.mark.parametrize("n, p", [(1, 1e-300), (1, 1e-9), (1, 1.0 - 1e-9), (10, 1e-9), (4, 1e-200)])
def test_near_the_ends_of_p_against_mpmath(n, p):
    mpmath = pytest.importorskip("mpmath")
    want = float(_mp_binom_entropy(mpmath, p, n))
    # (to 1e-13: the pmf is exp of the log pmf, whose rounding at log p = -690 is 1e-13 of the pmf)
    assert float(stats.binom.entropy(n, p)) == pytest.approx(want, rel=1e-13, abs=0)


def test_at_the_ends_of_p_the_entropy_is_0_and_a_traced_p_is_refused():
    np.testing.assert_array_equal(stats.binom.entropy(np.array([0, 4, 4]), np.array([0.5, 0.0, 1.0])), 0.0)
    assert stats.bernoulli.entropy(0.0) == 0.0 and stats.geom.entropy(1.0) == 0.0  # (SciPy's geom: NaN, 0 * inf)
    for f, p in ((lambda p: stats.binom.entropy(4, p), 0.0), (lambda p: stats.binom.entropy(4, p), 1.0),
                 (stats.bernoulli.entropy, 1.0), (stats.geom.entropy, 1.0)):
        with pytest.raises(wg.NoGradientRule, match="has no derivative at p = 0 or 1"):
            wg.grad(f)(p)
        with pytest.raises(wg.NoGradientRule, match="has no derivative at p = 0 or 1"):
            wg.jvp(f, (p,), (1.0,))
    # n = 0: the entropy is 0 for every p, its derivative 0 too
    assert wg.grad(lambda p: stats.binom.entropy(0, p))(0.0) == 0.0


def test_invalid_parameters_are_refused():
    with pytest.raises(ValueError, match=r"^binom: n must be a whole number >= 0 and p must be in \[0, 1\] \(SciPy"):
        stats.binom.entropy(np.array([3, 3, 2.5, -1]), np.array([0.3, 1.5, 0.3, 0.3]))
    with pytest.raises(ValueError, match=r"^bernoulli: p must be in \[0, 1\] \(SciPy gives NaN\)$"):
        wg.grad(stats.bernoulli.entropy)(1.5)
    with pytest.raises(ValueError, match=r"^geom: p must be in \(0, 1\] \(SciPy gives NaN\)$"):
        wg.grad(lambda p: np.sum(stats.geom.entropy(p)))(np.array([0.3, 0.0, 2.0]))
    with pytest.raises(ValueError, match=r"^betabinom: a must be > 0 \(SciPy gives NaN\)$"):
        stats.betabinom.entropy(4, np.array([1.0, -1.0]), 2.0)


def _mp_binom_entropy(mp, p, n=10):
    p = mp.mpf(p)
    with mp.workdps(max(mp.mp.dps, 40 + int(-mp.log10(min(p, 1 - p))))):  # (1 - p exact)
        p = mp.mpf(p)
        pmf = [mp.binomial(n, k) * p ** k * (1 - p) ** (n - k) for k in range(n + 1)]
        return -mp.fsum(q * mp.log(q) for q in pmf)


def _mp_betabinom_entropy(mp, a, b, n=6):
    pmf = [mp.binomial(n, k) * mp.beta(k + a, n - k + b) / mp.beta(a, b) for k in range(n + 1)]
    return -mp.fsum(q * mp.log(q) for q in pmf)


@pytest.mark.parametrize("p", [1e-6, 0.3, 0.45, 0.999])
def test_binom_against_mpmath(p):
    mp_point_check(lambda p: stats.binom.entropy(10, p), (p,), 0, _mp_binom_entropy, rel=1e-12)


def test_binom_beside_p_one_half_to_the_rounding_of_its_terms():
    """The derivative -sum pmf'(k) log pmf(k) at p = 1/2 + 1e-7 is terms of size 1 cancelling to 4e-7: it
    is right to 1e-15 absolute (5e-9 relative), as every sum of those terms is."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        want = float(mpmath.diff(lambda t: _mp_binom_entropy(mpmath, t), mpmath.mpf(0.5 + 1e-7)))
    got = wg.grad(lambda p: stats.binom.entropy(10, p))(0.5 + 1e-7)
    assert got == pytest.approx(want, rel=0, abs=1e-14) and abs(want + 4.373e-7) < 1e-10


@pytest.mark.parametrize("p", [1e-8, 0.3, 0.9])
def test_bernoulli_against_mpmath(p):
    mp_point_check(stats.bernoulli.entropy, (p,), 0, lambda mp, p: _mp_binom_entropy(mp, p, 1), rel=1e-12)


@pytest.mark.parametrize("a, b", [(0.05, 3.0), (2.0, 3.0), (40.0, 0.7)])
def test_betabinom_against_mpmath(a, b):
    mp_point_check(lambda a, b: stats.betabinom.entropy(6, a, b), (a, b), 0, _mp_betabinom_entropy, rel=1e-11)
    mp_point_check(lambda a, b: stats.betabinom.entropy(6, a, b), (a, b), 1, _mp_betabinom_entropy, rel=1e-11)


@pytest.mark.parametrize("p", [1e-8, 1e-3, 0.3, 0.4999, 0.5, 0.7, 1.0 - 1e-6])
def test_geom_against_mpmath(p):
    """At p = 1e-8 the closed form's derivative, -1/p - log(1 - p)/p^2 - ..., lost every digit."""
    mp_point_check(stats.geom.entropy, (p,), 0, lambda mp, p: -mp.log(p) - (1 - p) * mp.log(1 - p) / p, rel=1e-13)


def test_float32_stays_float32():
    assert stats.geom.entropy(np.float32(0.3)).dtype == np.float32
    assert stats.binom.entropy(5, np.float32(0.3)).dtype == np.float32
    assert wg.grad(stats.bernoulli.entropy)(np.float32(0.3)).dtype == np.float32
