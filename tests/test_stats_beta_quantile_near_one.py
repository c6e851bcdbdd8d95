"""beta's quantile near x = 1 at a huge a, and where it underflows, against mpmath (40 digits).

Near 1 the quantile is ``1 - s``, s beta(b, a)'s other quantile, so that its derivatives are taken at s, not at the
rounded 1 - s: d/dq of beta.ppf(1e-300, 1e12, 2.5) was 4.6e-5 relative off ((a - 1) log x at x = 1 - 7e-10 kept x's
rounding times a). Newton's method on log I there takes the continued fraction from 1 - x (at the rounded x it was
4e-6 off and the root never settled: beta.ppf(1e-11, 1e12, 2.5) NaN, SciPy's 0.999999999969795; beta.ppf(1e-300,
1e200, 2.5) NaN). Where the root underflows (beta.ppf(1e-300, 1.5, 1e200), x = 1.2e-400), d/dq is ``x / (a q)`` from
the log of the root (it was +inf beside the 0). betaprime's quantiles, ``r / (1 - r)`` from beta's, at the mirrored
points.
"""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats


def _first(f, x):
    return {"grad": wg.grad(f)(x), "jacfwd": wg.jacfwd(f)(x)}


def _second(f, x):
    return {"grad of grad": wg.grad(wg.grad(f))(x), "jacfwd of grad": wg.jacfwd(wg.grad(f))(x),
            "jacfwd of jacfwd": wg.jacfwd(wg.jacfwd(f))(x), "hessian": wg.hessian(f)(x)}


def _close(paths, want, rtol):
    for path, got in paths.items():
        got = float(np.asarray(got))
        if np.isinf(want):
            assert got == want, (path, got, want)
        else:
            assert abs(got - want) <= rtol * abs(want), (path, got, want)


# (q, a, b, 1 - x, dx/dq, d2x/dq2): beta.ppf(q, a, b) = x, mpmath (the second derivative -inf where it overflows:
# -1e588 and -1e400)
NEAR_ONE = [
    (1e-11, 1e12, 2.5, 3.0205001878523754392e-11, 0.10504697266109770923, -10486867833.951050243),  # was NaN
    (1e-300, 1e12, 2.5, 7.0032029258076393851e-10, 1.0021434045235111698e+288, -np.inf),  # d/dq was 4.6e-5 off
    (1e-300, 1e200, 2.5, 7.0032029282651343496e-198, 1.0021434052260841652e+100, -np.inf),  # was NaN
]


@pytest.mark.parametrize("q, a, b, y, dq, dqq", NEAR_ONE, ids=[repr(c[:3]) for c in NEAR_ONE])
def test_beta_quantile_near_one(q, a, b, y, dq, dqq):
    assert float(stats.beta.ppf(q, a, b)) == pytest.approx(1.0 - y, rel=1e-16, abs=0.0)
    assert float(stats.beta.isf(q, b, a)) == pytest.approx(y, rel=1e-14, abs=0.0)
    # (the conditioning of 1 / density in 1 - x: a (1 - x), up to 700, times the root's rounding)
    _close(_first(lambda s: stats.beta.ppf(s, a, b), q), dq, 1e-12)
    _close(_first(lambda s: stats.beta.isf(s, b, a), q), -dq, 1e-12)
    _close(_second(lambda s: stats.beta.ppf(s, a, b), q), dqq, 1e-12)
    _close(_second(lambda s: stats.beta.isf(s, b, a), q), -dqq, 1e-12)


def test_betaprime_quantiles_at_the_mirrored_points():
    """betaprime.ppf(q, a, b) = x / (1 - x) and betaprime.isf(q, b, a) = (1 - x) / x at beta's first row (NaN
    before), in value, first and second order (mpmath's, from its x)."""
    q, a, b = 1e-11, 1e12, 2.5
    assert float(stats.betaprime.ppf(q, a, b)) == pytest.approx(33107099413.253511382, rel=1e-14, abs=0.0)
    _close(_first(lambda s: stats.betaprime.ppf(s, a, b), q), 1.1513988911651434562e+20, 1e-13)
    _close(_second(lambda s: stats.betaprime.ppf(s, a, b), q), -1.0693579283766379502e+31, 1e-12)
    assert float(stats.betaprime.isf(q, b, a)) == pytest.approx(3.0205001879436096531e-11, rel=1e-14, abs=0.0)
    _close(_first(lambda s: stats.betaprime.isf(s, b, a), q), -0.10504697266744359724, 1e-13)
    _close(_second(lambda s: stats.betaprime.isf(s, b, a), q), 10486867834.606631701, 1e-12)


# x = 1.2089939655123522e-400 (mpmath) underflows: 0, d/dq = x / (a q), d2/dq2 = (1 / a - 1) x / (a q^2)
UNDERFLOWED = (1e-300, 1.5, 1e200, 8.0599597700823482036e-101, -2.6866532566941160679e+199)


def test_underflowed_root_has_its_derivatives():
    q, a, b, dq, dqq = UNDERFLOWED
    assert float(stats.beta.ppf(q, a, b)) == 0.0
    _close(_first(lambda s: stats.beta.ppf(s, a, b), q), dq, 1e-13)  # (+inf before)
    _close(_second(lambda s: stats.beta.ppf(s, a, b), q), dqq, 1e-12)
    assert float(stats.beta.isf(q, b, a)) == 1.0
    _close(_first(lambda s: stats.beta.isf(s, b, a), q), -dq, 1e-13)  # (-inf before)
    _close(_second(lambda s: stats.beta.isf(s, b, a), q), -dqq, 1e-12)
    assert float(stats.betaprime.ppf(q, a, b)) == 0.0
    _close(_first(lambda s: stats.betaprime.ppf(s, a, b), q), dq, 1e-13)
    _close(_second(lambda s: stats.betaprime.ppf(s, a, b), q), dqq, 1e-12)


def test_the_checked_root_is_computed_once_a_point(monkeypatch):
    """beta.ppf asked SciPy's betaincinv, checked by Newton's method in a tiny tail (1.5 ms a call here), twice:
    on plain numbers to choose its form, then through the primitive (betaprime.ppf three times); now once a point,
    the same numbers (the truth 1.6365e-68, as in test_underflowed_root_has_its_derivatives' neighbours)."""
    from wengert.ops import scipy_special

    calls = []
    each = scipy_special._inverse_checked_each

    def counting(*args):
        calls.append(args)
        return each(*args)
    monkeypatch.setattr(scipy_special, "_inverse_checked_each", counting)
    monkeypatch.setattr(scipy_special, "_INVERSE_LAST", [None])
    assert stats.beta.ppf(1e-300, 4.5, 30.0) == pytest.approx(1.636453954503302e-68, rel=1e-13, abs=0.0)
    assert len(calls) == 1
    assert wg.grad(lambda a: stats.beta.ppf(1e-300, a, 30.0))(4.5) == pytest.approx(5.6064167433323654e-67, rel=1e-12,
                                                                                    abs=0.0)
    assert len(calls) == 1  # (the same point: the value kept)
    calls.clear()
    monkeypatch.setattr(scipy_special, "_INVERSE_LAST", [None])
    z = stats.betaprime.ppf(1e-300, 4.5, 30.0)
    assert z == pytest.approx(1.636453954503302e-68, rel=1e-13, abs=0.0) and len(calls) == 1


@pytest.mark.truth_tables
def test_the_tables_are_mpmaths():
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        def near_one(q, a, b, start):  # 1 - x at I_x(a, b) = q, and 1 / density, its derivative
            y = mpmath.exp(mpmath.findroot(
                lambda v: mpmath.log(mpmath.betainc(a, b, 0, 1 - mpmath.exp(v), regularized=True)) - mpmath.log(q),
                mpmath.log(start)))
            dq = mpmath.exp(mpmath.log(mpmath.beta(a, b)) - (a - 1) * mpmath.log1p(-y) - (b - 1) * mpmath.log(y))
            return y, dq, -((a - 1) / (1 - y) - (b - 1) / y) * dq * dq
        q, a, b, y, dq, dqq = (mpmath.mpf(v) for v in NEAR_ONE[0])
        got = near_one(q, a, b, y)
        assert [float(v) for v in got] == pytest.approx([y, dq, dqq], rel=1e-15, abs=0.0)
        x = 1 - got[0]
        assert float(x / got[0]) == pytest.approx(33107099413.253511382, rel=1e-15, abs=0.0)
        assert float(got[1] / got[0] ** 2) == pytest.approx(1.1513988911651434562e+20, rel=1e-15, abs=0.0)
        assert float(got[2] / got[0] ** 2 + 2 * got[1] ** 2 / got[0] ** 3) == pytest.approx(-1.0693579283766379502e+31,
                                                                                              rel=1e-15, abs=0.0)
        assert float(got[0] / x) == pytest.approx(3.0205001879436096531e-11, rel=1e-15, abs=0.0)
        assert float(-got[1] / x ** 2) == pytest.approx(-0.10504697266744359724, rel=1e-15, abs=0.0)
        assert float(-got[2] / x ** 2 + 2 * got[1] ** 2 / x ** 3) == pytest.approx(10486867834.606631701, rel=1e-15,
                                                                                   abs=0.0)
        q, a, b, y, dq, _ = (mpmath.mpf(v) for v in NEAR_ONE[1])
        got = near_one(q, a, b, y)
        assert [float(v) for v in got] == pytest.approx([y, dq, -1.0021403351701811883e+588], rel=1e-15, abs=0.0)
        big = mpmath.mpf(10) ** 200

        def log_beta_big(small):  # log B(small, 1e200): gammaln(small) - small log(1e200), error O(1e-200)
            return mpmath.loggamma(small) - small * mpmath.log(big)
        # a = 1e200: 1 - x is beta(2.5, 1e200)'s upper quantile, a (1 - x) gamma(2.5)'s (error O(1 / a))
        q, b = mpmath.mpf(10) ** -300, mpmath.mpf(2.5)
        y = mpmath.findroot(lambda z: mpmath.log(mpmath.gammainc(b, z, mpmath.inf, regularized=True)) - mpmath.log(q),
                            700) / big
        dq = mpmath.exp(log_beta_big(b) - (big - 1) * mpmath.log1p(-y) - (b - 1) * mpmath.log(y))
        assert [float(y), float(dq)] == pytest.approx(list(NEAR_ONE[2][3:5]), rel=1e-15, abs=0.0)
        assert -((big - 1) / (1 - y) - (b - 1) / y) * dq * dq < -1e308
        # the underflowed root, from x^a (1 - x)^b 2F1(a + b, 1; a + 1; x) / (a B(a, b)) = q
        a = mpmath.mpf(1.5)

        def log_i(u):
            x = mpmath.exp(u)
            return (a * u + big * mpmath.log1p(-x) + mpmath.log(mpmath.hyp2f1(a + big, 1, a + 1, x)) - mpmath.log(a)
                    - log_beta_big(a))
        u = mpmath.findroot(lambda u: log_i(u) - mpmath.log(q), -921)
        x = mpmath.exp(u)
        assert float(x) == 0.0 and mpmath.mpf("1e-401") < x < mpmath.mpf("1e-399")
        dq = mpmath.exp(log_beta_big(a) - (a - 1) * u - (big - 1) * mpmath.log1p(-x))
        dqq = -((a - 1) / x - (big - 1) / (1 - x)) * dq * dq
        assert [float(dq), float(dqq)] == pytest.approx(list(UNDERFLOWED[3:]), rel=1e-15, abs=0.0)
