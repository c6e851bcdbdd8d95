"""``logser.entropy`` (session 54; before, AttributeError): ``-sum_k pmf(k) log pmf(k)`` over the counts to where a
proven bound on the rest, of the terms and of their derivatives to second order, is below 2^-60 of the sum
(``_discrete._logser_entropy_counts``: the ratio ``p k / (k + 1)`` below p). SciPy sums to a tolerance and stops early
near p = 1: its ``logser.entropy(0.999)`` is 3.2214375907439416, the truth 5.086046999093619.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's, the value and first and second derivatives in p against mpmath
(tools/logser_entropy_truths.py: the pmf by its ratio at 50 digits, independent of wengert's log pmf) at an ordinary
point, both sides of the log pmf's switch at p = 1/4, p near 0 and near 1; arrays, float32 and the refusals.
"""
import numpy as np
import pytest

from stats_file import distribution  # noqa: F401 (first: it skips the file without SciPy)
from opcheck import case, gradient_test, refusals_test, stats_values_test
import wengert as wg
from wengert.scipy import stats

CASES = [case(stats.logser.entropy, stats.logser.entropy, 0.6, id="logser.entropy")]

test_gradient = gradient_test(CASES)

# (SciPy's sum is within 1e-11 here; far off near p = 1: above)
VALUE_CHECKS = [("logser.entropy", (np.array([0.5, 0.01, 0.9]),))]
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"logser.entropy": 1e-10})

# (tools/logser_entropy_truths.py: p, value, d/dp, d2/dp2)
TRUTHS = [
    (0.5, 0.8829244358028678, 1.8601848083202068, 2.216621970444173),
    (0.001, 0.004303733564371686, 3.806601712160492, -494.6757822144538),
    (0.999, 5.086046999093619, 605.2942898951028, 595245.5718823218),
    (1e-12, 1.466208414825616e-11, 14.162084148267658, -499999999977.42163),
    (0.25, 0.4616944452661273, 1.5990796636454414, -0.016967699944355878),
    (0.2499999, 0.4616942853581608, 1.599079665342259, -0.016968649044757166),
]


@pytest.mark.parametrize("k", range(len(TRUTHS)), ids=[str(t[0]) for t in TRUTHS])
def test_entropy_and_its_derivatives_against_mpmath(k):
    # value and d/dp within 4e-15 relative (2e-15 at p = 1e-12: the log pmf's series); d2/dp2 by grad(grad) and
    # jvp(grad) within 4e-15 relative or 1e-14 absolute (about p = 1/4 it is -0.017, a sum of terms of size 1 whose
    # digits cancel: 6e-15 absolute at p = 1/4)
    p, value, d1, d2 = TRUTHS[k]
    f = stats.logser.entropy
    assert float(f(p)) == pytest.approx(value, rel=4e-15)
    assert float(wg.grad(f)(p)) == pytest.approx(d1, rel=4e-15)
    assert float(wg.grad(wg.grad(f))(p)) == pytest.approx(d2, rel=4e-15, abs=1e-14)
    assert float(wg.jvp(wg.grad(f), (p,), (1.0,))[1]) == pytest.approx(d2, rel=4e-15, abs=1e-14)


def test_arrays_and_float32():
    got = stats.logser.entropy(np.array([[0.5], [0.999]]))
    assert got.shape == (2, 1)
    np.testing.assert_allclose(got[:, 0], [TRUTHS[0][1], TRUTHS[2][1]], rtol=4e-15)
    np.testing.assert_allclose(wg.jacobian(stats.logser.entropy)(np.array([0.5, 0.001])),
                               np.diag([TRUTHS[0][2], TRUTHS[1][2]]), rtol=4e-15)
    assert np.asarray(stats.logser.entropy(np.float32(0.5))).dtype == np.float32
    # (loc a shift of the counts: a constant; the entropy does not depend on it)
    assert float(stats.logser.entropy(0.5, 3)) == float(stats.logser.entropy(0.5))
    with pytest.raises(wg.NoGradientRule, match="logser.entropy has no gradient with respect to loc"):
        wg.grad(lambda loc: stats.logser.entropy(0.5, loc))(1.0)


REFUSALS = [
    (lambda: stats.logser.entropy(1.0), "logser: p must be in"),
    (lambda: stats.logser.entropy(0.99999), "logser.entropy: the sum over the counts needs more than"),
]

test_refusals = refusals_test(REFUSALS)
