"""The entropies SciPy integrates, by tanh-sinh quadrature of ``-logpdf(ppf(u))`` in u (ppf below 1/2, isf above):
``johnsonsu``, ``johnsonsb``, ``powernorm`` and ``powerlognorm``, in their shapes, loc and scale.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's (its own quadrature: 1.8e-9 off at powernorm(0.05), 3.9e-13 at
johnsonsb(0.5, 1.3)), the values, gradients and Hessians in the shapes against mpmath (tools/quadrature_entropy_truths.py,
30 digits, written as normal expectations where it can: independent of the quantiles) at ordinary, small and large
shapes (the step halves to 1/128 for johnsonsu(-2, 0.15)), loc and scale, NaN shapes, and the refusals.
"""
import numpy as np
import pytest

from stats_file import distribution  # (first: it skips the file without SciPy)
from opcheck import case, gradient_test, refusals_test, stats_values_test
import wengert as wg
from wengert.scipy import stats

NAMES = ("johnsonsu", "johnsonsb", "powernorm", "powerlognorm")
#: (one point each: every call is a quadrature of some 140 to 280 nodes; arrays below)
SHAPES = {"johnsonsu": (-0.4, 1.3), "johnsonsb": (0.8, 1.3), "powernorm": (0.7,), "powerlognorm": (2.5, 0.8)}

CASES = [case(distribution(n)[1]("entropy"), distribution(n)[1]("entropy"), *SHAPES[n], 0.2, 1.3, id=f"{n}.entropy")
         for n in NAMES]

test_gradient = gradient_test(CASES)

#: (where SciPy's QUADPACK keeps its digits without a warning: at johnsonsu(-0.4, 1.3) it is 2.8e-9 off, at powernorm(0.7)
#: it warns of roundoff)
VALUE_CHECKS = [(f"{n}.entropy", (*shapes, np.array([0.2, -1.0]), 1.3))
                for n, shapes in (("johnsonsu", (0.5, 1.3)), ("johnsonsb", (0.5, 1.3)), ("powernorm", (2.5,)),
                                  ("powerlognorm", (2.0, 1.0)))]
# (SciPy integrates the density with QUADPACK: 1e-13 to 4e-11 off here)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={f"{n}.entropy": 1e-9 for n in NAMES})

# (tools/quadrature_entropy_truths.py: the standard entropy, its gradient and Hessian in the shapes, mpmath at 30 digits;
# ordinary shapes, johnsonsu's b = 0.15 (the step halves to 1/128 there), johnsonsb's quantiles rounded onto its ends at
# (3, 0.2) (those nodes left out), powernorm at c = 0.05 (SciPy 1.8e-9 off) and 200, powerlognorm at s = 0.05)
ENTROPY_TRUTHS = [
    ('johnsonsu', (0.5, 1.3), 1.4498845245051615,
     [0.2025350860657952, -1.1463782409479744],
     [[0.3890241701994693, -0.23327176039488498], [-0.23327176039488498, 1.3075843312737883]]),
    ('johnsonsu', (-2.0, 0.15), 16.07624305688116,
     [-6.349927977042605, -96.2633330841087],
     [[0.739644008531094, 42.51260188712948], [42.51260188712948, 1239.7260521610258]]),
    ('johnsonsb', (0.5, 1.3), -0.4009165486891746,
     [-0.12957497738003027, -0.5235166717936199],
     [[-0.254640837978279, 0.17705812780880625], [0.17705812780880625, 0.07082065350194915]]),
    ('johnsonsb', (3.0, 0.2), -11.979579484415636,
     [-4.975308277696815, 69.9850552574041],
     [[-0.07108621839037722, 25.012604617328805], [25.012604617328805, -725.4110573787807]]),
    ('powernorm', (2.5,), 1.1691593103665403,
     [-0.09916033182919354],
     [[0.0480402705301531]]),
    ('powernorm', (0.05,), 2.5413812874701756,
     [-8.775623567810761],
     [[188.18371438584902]]),
    ('powernorm', (200.0,), 0.4663579408922191,
     [-0.00049866178224379],
     [[2.9301236735900215e-06]]),
    ('powerlognorm', (2.0, 1.0), 0.6616017690969711,
     [-0.4970944115425565, 0.4358104164522437],
     [[0.3129152594764885, -0.3672289010612841], [-0.3672289010612841, -1.0]]),
    ('powerlognorm', (0.3, 0.05), -1.1109182804186069,
     [-1.4416887746657576, 21.347128837135863],
     [[5.674289232522949, -4.614049690929647], [-4.614049690929647, -399.99999999999994]]),
]


@pytest.mark.parametrize("k", range(len(ENTROPY_TRUTHS)))
def test_entropy_and_its_derivatives_against_mpmath(k):
    # value within 4e-15, gradient 1e-13, Hessian 1e-12 relative (of the largest entry)
    name, shapes, value, gradient, hessian = ENTROPY_TRUTHS[k]
    d = getattr(stats, name)

    def f(v):
        return d.entropy(*v)
    v = np.array(shapes)
    assert float(f(v)) == pytest.approx(value, rel=4e-15)
    np.testing.assert_allclose(wg.grad(f)(v), gradient, rtol=1e-13)
    np.testing.assert_allclose(wg.hessian(f)(v), hessian, rtol=1e-12, atol=1e-13 * np.max(np.abs(hessian)))
    if k == 0:  # (forward over forward once)
        np.testing.assert_allclose(wg.jacfwd(wg.jacfwd(f))(v), hessian, rtol=1e-12)


def test_loc_scale_arrays_nan_and_refusals():
    t = ENTROPY_TRUTHS[0]
    # h + log(scale), whatever loc; d/dscale 1 / scale, d2/dscale2 -1 / scale^2
    f = stats.johnsonsu.entropy
    assert float(f(0.5, 1.3, -3.0, 2.5)) == pytest.approx(t[2] + np.log(2.5), rel=4e-15)
    g = wg.hessian(lambda v: f(0.5, 1.3, v[0], v[1]))(np.array([-3.0, 2.5]))
    np.testing.assert_allclose(g, [[0.0, 0.0], [0.0, -1.0 / 6.25]], atol=1e-15)
    # arrays broadcast as SciPy's, each entry its own scalar call (the step chosen for all at once)
    a, b = np.array([0.5, -2.0]), np.array([[1.3], [0.15]])
    got = f(a, b)
    assert got.shape == (2, 2) and float(got[0, 0]) == pytest.approx(t[2], rel=4e-15)
    assert float(got[1, 1]) == pytest.approx(ENTROPY_TRUTHS[1][2], rel=4e-15)
    out = f(np.array([np.nan, 0.5]), 1.3)
    assert np.isnan(out[0]) and float(out[1]) == pytest.approx(t[2], rel=4e-15)
    assert np.asarray(stats.powernorm.entropy(np.float32(2.5))).dtype == np.float32


REFUSALS = [
    # (too sharp for the rule by steps of 1/256: refused, not a number that looks right)
    (lambda: stats.johnsonsu.entropy(-2.0, 0.03), "johnsonsu.entropy: the entropy's quadrature"),
    (lambda: stats.powernorm.entropy(1e-4), "powernorm.entropy: the entropy's quadrature"),
    (lambda: stats.johnsonsb.entropy(0.5, -1.0), "johnsonsb.ppf: the shape parameters must be positive"),
]

test_refusals = refusals_test(REFUSALS)
