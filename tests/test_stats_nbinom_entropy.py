"""``nbinom.entropy`` (session 53; before, AttributeError): ``-sum_k pmf(k) log pmf(k)`` over the counts to where a
proven bound on the rest, of the terms and of their derivatives to second order, is below 2^-60 of the sum
(``_discrete._nbinom_entropy_counts``). SciPy sums to a tolerance and stops early where the pmf falls slowly: its
``nbinom.entropy(1, 1e-3)`` is 2.574470709738671 (with a warning), the truth (geom's, shifted: ``-log p - (1 - p) log(1 -
p) / p``) 7.907255112232089.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, the value, gradient and Hessian in (n, p) against mpmath
(tools/nbinom_entropy_truths.py: the pmf by its ratio at 50 digits, independent of wengert's log pmf) at an ordinary
point, n < 1 and n = 0.01, p near 1 and n = 50; geom's n = 1 far out against its closed form; p = 1 and the
refusals.
"""
import numpy as np
import pytest

from stats_file import distribution  # (first: it skips the file without SciPy)
from opcheck import case, gradient_test, refusals_test, stats_values_test
import wengert as wg
from wengert.scipy import stats

# (one point: each call sums ~100 counts through nbinom.logpmf's rules; the array paths below)
CASES = [case(stats.nbinom.entropy, stats.nbinom.entropy, 2.5, 0.9, id="nbinom.entropy")]

test_gradient = gradient_test(CASES)

# (SciPy's sum is ~1e-13 off here; far off where it stops early: above)
VALUE_CHECKS = [("nbinom.entropy", (np.array([2.5, 0.3, 50.0]), np.array([0.4, 0.2, 0.5])))]
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"nbinom.entropy": 1e-12})

# (tools/nbinom_entropy_truths.py: (n, p), value, gradient, Hessian)
TRUTHS = [
    ((2.5, 0.4), 2.364795230696287, [0.2763667453919239, -3.4657917806829923],
     [[-0.1365440979571028, 0.014310372920232704], [0.014310372920232704, 4.534754639163387]]),
    ((0.3, 0.2), 1.4091071966436435, [2.764525566536686, -3.95446604789354],
     [[-6.334815592164314, -6.119961027858999], [-6.119961027858999, 20.1712197425731]]),
    ((3.0, 0.999), 0.02044881027313162, [0.00581637816753632, -17.467209675904197],
     [[-0.0003329696276628477, -4.822619257030788], [-4.822619257030788, -2966.1679602294344]]),
    ((50.0, 0.5), 3.7139506113784275, [0.010152967308157047, -3.0052672490612578],
     [[-0.00020618097807974706, 0.00011106897095348325], [0.00011106897095348325, 1.9715461610555285]]),
    ((0.01, 0.5), 0.04738975598761092, [4.035964865546212, -0.12926379632702242],
     [[-71.04565406369208, -10.868152827746707], [-10.868152827746707, 0.2625995335460591]]),
]


@pytest.mark.parametrize("k", range(len(TRUTHS)), ids=[str(t[0]) for t in TRUTHS])
def test_entropy_and_its_derivatives_against_mpmath(k):
    # value within 4e-15 relative (the log pmf's gammaln terms: 2e-15 at n = 50); gradient and Hessian within 1e-13 and
    # 4e-13 of the largest entry (at n = 50 the n-derivatives are 1e-2 and 2e-4 of the terms summed: their digits
    # cancel, 5e-13 absolute on d2/dn2)
    shapes, value, gradient, hessian = TRUTHS[k]

    def f(v):
        return stats.nbinom.entropy(v[0], v[1])
    v = np.array(shapes)
    assert float(f(v)) == pytest.approx(value, rel=4e-15)
    np.testing.assert_allclose(wg.grad(f)(v), gradient, rtol=1e-13, atol=1e-13 * np.max(np.abs(gradient)))
    for route in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)))[:2 if k == 0 else 1]:  # (forward over forward once)
        np.testing.assert_allclose(route(f)(v), hessian, rtol=1e-13, atol=4e-13 * np.max(np.abs(hessian)))


def test_far_mean_against_the_closed_form():
    # n = 1 is geom shifted by one: -log p - (1 - p) log(1 - p) / p, its derivative in p -1 / p^2 log(1 - p)... by
    # mpmath's diff at 50 digits; 3e4 counts summed at p = 1e-3 (SciPy: 2.5745, the sum stopped early)
    p = 1e-3
    assert float(stats.nbinom.entropy(1.0, p)) == pytest.approx(7.907255112232089, rel=4e-15)
    assert float(wg.grad(lambda p: stats.nbinom.entropy(1.0, p))(p)) == pytest.approx(-1000.5003335835335, rel=1e-13)


def test_at_p_one_and_arrays():
    # every count 0: the entropy 0 (SciPy's too); arrays broadcast, the sum to the largest count needed
    assert float(stats.nbinom.entropy(3.0, 1.0)) == 0.0
    got = stats.nbinom.entropy(np.array([[2.5], [0.3]]), np.array([0.4, 1.0]))
    assert got.shape == (2, 2) and got[0, 1] == 0.0 and got[1, 1] == 0.0
    assert float(got[0, 0]) == pytest.approx(TRUTHS[0][1], rel=4e-15)
    assert np.asarray(stats.nbinom.entropy(np.float32(2.5), np.float32(0.4))).dtype == np.float32
    with pytest.raises(wg.NoGradientRule, match="nbinom.entropy has no derivative at p = 1"):
        wg.grad(lambda p: stats.nbinom.entropy(3.0, p))(1.0)


REFUSALS = [
    (lambda: stats.nbinom.entropy(0.0, 0.5), "nbinom: n must be > 0"),
    (lambda: stats.nbinom.entropy(1.0, 1e-9), "nbinom.entropy: the sum over the counts needs more than"),
]

test_refusals = refusals_test(REFUSALS)
