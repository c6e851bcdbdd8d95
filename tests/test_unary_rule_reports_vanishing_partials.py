"""A unary rule (``ops._util.unary_rule``) given a cotangent or tangent with zeros (a Jacobian's
basis row, jacfwd's directions) reports its result's zeros where the cotangent is not 0 as live
(the partial vanishes there: -sin(0) in cos): unreported, the sweep took them as structural, and
an infinite partial downstream gave 0, a wrong derivative. jacrev of ``cos(sqrt(v))`` at [0, 1]
gave d/dv0 = 0 where grad gives NaN (the truth -1/2: cos(sqrt(v)) = 1 - v/2 + ..., by the chain
rule -sin(0) * inf, undefined); jacfwd of ``v[1] + cos(v[2]) * log(v[0])`` (with the product's
structural zeros) gave 0 for d/dv2 = -sin(0) * log(0)."""
import numpy as np
import pytest

import wengert as wg

pytestmark = pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning", "ignore:divide by zero:RuntimeWarning")


def cos_sqrt(v):
    return np.cos(np.sqrt(v))


def test_reverse_basis_cotangent_through_a_vanishing_partial():
    x = np.array([0.0, 1.0])
    got = wg.jacrev(cos_sqrt)(x)
    assert np.isnan(got[0, 0]) and got[0, 1] == 0.0 and got[1, 0] == 0.0
    assert got[1, 1] == pytest.approx(-np.sin(1.0) / 2.0, rel=1e-15)
    np.testing.assert_array_equal(np.isnan(wg.jacfwd(cos_sqrt)(x)), np.isnan(got))
    assert np.isnan(wg.grad(lambda v: np.sum(cos_sqrt(v)))(x)[0])


@pytest.mark.parametrize("f, truth", [(np.exp, 0.5), (np.sin, 0.0), (np.cosh, 0.0)])
def test_away_from_the_vanishing_partial_unchanged(f, truth):
    """The same rows where nothing vanishes: exact (d/dv of f(sqrt(v)) at v = 1: f'(1) / 2)."""
    got = wg.jacrev(lambda v: f(np.sqrt(v)))(np.array([0.25, 1.0]))
    want = {np.exp: np.e / 2.0, np.sin: np.cos(1.0) / 2.0, np.cosh: np.sinh(1.0) / 2.0}[f]
    assert got[1, 1] == pytest.approx(want, rel=1e-15) and got[0, 1] == 0.0 and got[1, 0] == 0.0


def test_second_order_through_the_same_row():
    """jacfwd(jacrev) and jacrev(jacrev) of cos(sqrt(v)) at [0, 1]: NaN in d2/dv0^2 only (the
    truth 1/12, undefined by the chain rule); the mixed entries d2/dv0 dv1 were NaN (jacfwd(jacrev)
    [0, 0, 1], jacrev(jacrev) [0, 1, 0]), the truth 0."""
    x = np.array([0.0, 1.0])
    for outer in (wg.jacfwd, wg.jacrev):
        got = outer(wg.jacrev(cos_sqrt))(x)
        assert np.isnan(got[0, 0, 0]) and got[0, 0, 1] == 0.0 and got[0, 1, 0] == 0.0 and got[0, 1, 1] == 0.0
        assert got[1, 1, 1] == pytest.approx((np.sin(1.0) - np.cos(1.0)) / 4.0, rel=1e-14)
