"""Forward mode at np.linalg.norm's kink (a norm of 0) under an infinite partial: refused, as reverse mode refuses
(fac7bef5), not the convention's number.

sqrt(norm(t v)) = sqrt(|t| norm(v)): the one-sided derivatives at t = 0 are +inf and -inf (by hand), so there is no
derivative. jvp and jacfwd of sqrt(norm(x)) at x = 0 along [1, 1] were 0 (norm's tangent there, the convention's 0,
a structural zero to sqrt's infinite partial); grad refused. A finite partial after the kink (norm(x) ** 2) keeps
the convention, and a direction that leaves the kink where it is adds nothing.
"""
import numpy as np
import pytest

import wengert as wg

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def test_norm_at_zero():
    f = lambda x: np.sqrt(np.linalg.norm(x))  # noqa: E731
    for g in (f, lambda x: np.log(np.linalg.norm(x)), lambda x: np.linalg.norm(x) ** 0.5):
        with pytest.raises(wg.NoGradientRule, match="numpy.linalg.norm"):
            wg.jvp(g, (np.zeros(2),), (np.ones(2),))
        with pytest.raises(wg.NoGradientRule, match="numpy.linalg.norm"):
            wg.jacfwd(g)(np.zeros(2))
    with pytest.raises(wg.NoGradientRule, match="numpy.linalg.norm"):
        wg.jvp(lambda x: np.sqrt(np.linalg.norm(x, axis=1)), (np.zeros((2, 2)),), (np.ones((2, 2)),))


def test_finite_partial_keeps_the_convention():
    # norm(x) ** 2 and sqrt(norm(x) + 1) at 0: derivative 0 (closed form), as reverse mode gives
    assert wg.jvp(lambda x: np.linalg.norm(x) ** 2, (np.zeros(2),), (np.ones(2),))[1] == 0.0
    assert float(wg.jvp(lambda x: np.sqrt(np.linalg.norm(x) + 1.0), (np.zeros(2),), (np.ones(2),))[1]) == 0.0
    # a slice that does not move: its neighbour's, d/dt sqrt(norm([1 + t, 1 + t])) = sqrt(2) / (2 * 2 ** 0.25)
    got = wg.jvp(lambda x: np.sum(np.sqrt(np.linalg.norm(x, axis=1))), (np.array([[0.0, 0.0], [1.0, 1.0]]),),
                 (np.array([[0.0, 0.0], [1.0, 1.0]]),))[1]
    assert got == pytest.approx(2.0 ** -0.75, rel=1e-15)
