"""beta's quantiles at tiny tail probabilities, against mpmath (40 digits: the root of
``log I_x(a, b) = log q`` from ``x^a (1 - x)^b 2F1(a + b, 1; a + 1; x) / (a B(a, b))``).

SciPy 1.18's betaincinv is NaN at (4.5, 30, 1e-300) (and (2, 4.5..1e4), (4.5, 2..1e4) at 1e-300 and
1e-200) and far off elsewhere (12.6% at (100, 30, 1e-300), 1.8e-7 at (30, 10, 1e-300)), its betainc
being 0 or 4.7e-6 off there; SciPy's own beta.ppf(1e-300, 4.5, 30) is 1.1157e-23 (the truth 1.6365e-68).
beta.ppf and beta.isf (and betaprime's, through them) take Newton's root where the tail probability is
below 1e-10 (NaN where it does not settle; above 1/2 from the complement); the derivatives are
betaincinv's rules at that root.
"""
import numpy as np
import pytest

from test_exact_support_ends_forward import assert_close
import wengert as wg
from wengert.scipy import stats

# (q, a, b, x, dx/dq, dx/da, dx/db, d2x/da2, d2x/dadb, d2x/db2, d2x/dqda): mpmath, 40 digits
TINY = [
    (1e-300, 4.5, 30.0, 1.636453954503292e-68, 3.6365643433406489e+231, 5.6064167433323313e-67,
     -5.1624096588725208e-70, 1.8958772406486126e-65, -1.7678410308259678e-68, 3.2597002705789927e-71,
     1.2377891333108722e+233),  # was NaN
    (1e-300, 100.0, 30.0, 0.00051553983722158895, 5.1561620084644451e+294, 3.7726482086662863e-5,
     -7.6245955153103899e-6, 2.018028678539985e-6, -5.2140552418398431e-7, 2.4765575831345517e-7,
     3.2580743936751555e+293),  # was 5.81e-4 (SciPy's betaincinv)
    (1e-300, 2.0, 10.0, 1.3483997249264842e-151, 6.7419986246324209e+148, 2.3318655359526132e-149,
     -1.2871088283389167e-152, 4.0093318859973825e-147, -2.225295026886867e-150, 2.4599937130373668e-153,
     1.1625617686639904e+151),  # was NaN
]


def _first(f, x):
    return {"grad": wg.grad(f)(x), "jvp": wg.jvp(f, (x,), (1.0,))[1]}


def _second(f, x):
    def jvp1(y):
        return wg.jvp(f, (y,), (1.0,))[1]
    return {"grad of grad": wg.grad(wg.grad(f))(x), "jvp of grad": wg.jvp(wg.grad(f), (x,), (1.0,))[1],
            "jvp of jvp": wg.jvp(jvp1, (x,), (1.0,))[1]}


@pytest.mark.parametrize("q, a, b, x, dq, da, db, daa, dab, dbb, dqa", TINY, ids=[repr(c[:3]) for c in TINY])
def test_beta_ppf_at_tiny_q(q, a, b, x, dq, da, db, daa, dab, dbb, dqa):
    assert float(stats.beta.ppf(q, a, b)) == pytest.approx(x, rel=1e-14, abs=0.0)
    assert float(stats.beta.isf(q, b, a)) == pytest.approx(1.0 - x, rel=1e-15, abs=0.0)  # (1 minus: its own rounding)
    assert float(stats.betaprime.ppf(q, a, b)) == pytest.approx(x / (1.0 - x), rel=1e-14, abs=0.0)
    # (1 / density: the exp of a log about -680, whose rounding it keeps)
    assert_close(_first(lambda s: stats.beta.ppf(s, a, b), q), dq, 3e-13)
    assert_close(_first(lambda s: stats.beta.ppf(q, s, b), a), da, 1e-13)
    assert_close(_first(lambda s: stats.beta.ppf(q, a, s), b), db, 1e-13)
    if x > 1e-15:  # (else 1 - x rounds to 1, where it does not move)
        assert_close(_first(lambda s: stats.beta.isf(q, s, a), b), -db, 1e-13)
    assert_close(_second(lambda s: stats.beta.ppf(q, s, b), a), daa, 1e-12)
    assert_close(_second(lambda s: stats.beta.ppf(q, a, s), b), dbb, 1e-12)
    mixed = {"grad in b of grad in a": wg.grad(lambda t: wg.grad(lambda s: stats.beta.ppf(q, s, t))(a))(b),
             "jvp in a of grad in b": wg.jvp(lambda s: wg.grad(lambda t: stats.beta.ppf(q, s, t))(b), (a,), (1.0,))[1],
             "grad in a of jvp in b": wg.grad(lambda s: wg.jvp(lambda t: stats.beta.ppf(q, s, t), (b,), (1.0,))[1])(a)}
    assert_close(mixed, dab, 1e-12)
    in_q_and_a = {"grad in a of grad in q": wg.grad(lambda s: wg.grad(lambda p: stats.beta.ppf(p, s, b))(q))(a),
                  "jvp in a of grad in q": wg.jvp(lambda s: wg.grad(lambda p: stats.beta.ppf(p, s, b))(q), (a,),
                                                  (1.0,))[1]}
    assert_close(in_q_and_a, dqa, 1e-12)


def test_beta_quantiles_near_the_other_end():
    # isf at q near 1 and ppf at q near 1 take the small tail from 1 - q (exact there)
    q = 1.0 - 2.0 ** -40
    assert float(stats.beta.isf(q, 4.5, 30.0)) == pytest.approx(float(stats.beta.ppf(2.0 ** -40, 4.5, 30.0)), rel=1e-13,
                                                                abs=0.0)
    assert float(stats.beta.ppf(q, 30.0, 4.5)) == pytest.approx(1.0 - float(stats.beta.ppf(2.0 ** -40, 4.5, 30.0)),
                                                               rel=1e-15, abs=0.0)
    # and arrays mixing checked and ordinary points, in float32 too
    got = stats.beta.ppf(np.array([1e-300, 0.3]), np.array([4.5, 2.0]), 30.0)
    assert got[0] == pytest.approx(TINY[0][3], rel=1e-14, abs=0.0) and 0.0 < got[1] < 1.0
    assert stats.beta.ppf(np.float32(0.3), np.float32(2.0), np.float32(3.0)).dtype == np.float32


def test_the_tiny_table_is_mpmaths():
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        def root(q, a, b):
            def f(u):
                return (a * u + b * mpmath.log1p(-mpmath.exp(u)) - mpmath.log(a) - mpmath.log(mpmath.beta(a, b))
                        + mpmath.log(mpmath.hyp2f1(a + b, 1, a + 1, mpmath.exp(u))) - mpmath.log(q))
            return mpmath.exp(mpmath.findroot(f, (mpmath.log(q) + mpmath.log(a) + mpmath.log(mpmath.beta(a, b))) / a,
                                              tol=mpmath.mpf(10) ** -35))

        def density(x, a, b):
            return mpmath.exp((a - 1) * mpmath.log(x) + (b - 1) * mpmath.log1p(-x) - mpmath.log(mpmath.beta(a, b)))
        for q, a, b, x, dq, da, db, daa, dab, dbb, dqa in TINY[:1]:  # (one row: 20 s each)
            q, a, b = (mpmath.mpf(v) for v in (q, a, b))
            assert float(root(q, a, b)) == pytest.approx(x, rel=1e-15, abs=0.0)
            assert float(1 / density(root(q, a, b), a, b)) == pytest.approx(dq, rel=1e-15, abs=0.0)
            assert float(mpmath.diff(lambda s: root(q, s, b), a)) == pytest.approx(da, rel=1e-15, abs=0.0)
            assert float(mpmath.diff(lambda s: root(q, a, s), b)) == pytest.approx(db, rel=1e-15, abs=0.0)
            assert float(mpmath.diff(lambda s: root(q, s, b), a, 2)) == pytest.approx(daa, rel=1e-14, abs=0.0)
            assert float(mpmath.diff(lambda s, t: root(q, s, t), (a, b), (1, 1))) == pytest.approx(dab, rel=1e-14, abs=0.0)
            assert float(mpmath.diff(lambda s: root(q, a, s), b, 2)) == pytest.approx(dbb, rel=1e-14, abs=0.0)
            assert float(mpmath.diff(lambda s: 1 / density(root(q, s, b), s, b), a)) == pytest.approx(dqa, rel=1e-14,
                                                                                                      abs=0.0)


# (method, q, a, b, x, 1 - x): mpmath, 40-50 digits (the root of log I in log(1 - x) where x is near 1). Newton's step took
# log I from SciPy's hyp2f1, wrong for a large a: the root did not settle and the quantile was NaN at each.
LARGE = [
    ("ppf", 1e-300, 3162.0, 31.6, 0.77266208103036484, 0.22733791896963516),  # SciPy's 0.7866
    ("isf", 1e-300, 31.6, 3162.0, 0.22733791896963516, 0.77266208103036484),
    ("ppf", 1e-300, 1e12, 2.5, 0.99999999929967971, 7.0032029258076394e-10),
    ("isf", 1e-300, 1.5, 1e12, 6.9416838668623447e-10, 1.0 - 6.9416838668623447e-10),  # (1 - beta(b, a)'s root: its complement, computed so)
    ("isf", 1.0 - 1e-16, 1e12, 2.5, 0.99999999995790248, 4.2097516117342983e-11),
    ("ppf", 1.0 - 1e-16, 1.5, 1e12, 3.8698157744551991e-11, 1.0 - 3.8698157744551991e-11),
    ("ppf", 1e-300, 1.5, 1e-300, 0.77655813647394622, 0.22344186352605378),  # (above the switch: I ~ b, SciPy's betainc)
]


@pytest.mark.parametrize("method, q, a, b, x, y", LARGE, ids=[repr(c[:4]) for c in LARGE])
def test_quantiles_at_large_shapes(method, q, a, b, x, y):
    assert float(getattr(stats.beta, method)(q, a, b)) == pytest.approx(x, rel=1e-14, abs=0.0)
    assert float(getattr(stats.betaprime, method)(q, a, b)) == pytest.approx(x / y, rel=1e-14, abs=0.0)


def test_the_large_table_is_mpmaths():
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        def log_i(a, b, x, y):
            return (a * mpmath.log(x) + b * mpmath.log(y) - mpmath.log(a) - mpmath.log(mpmath.beta(a, b))
                    + mpmath.log(mpmath.hyp2f1(a + b, 1, a + 1, x)))

        def complement(a, b, p, start):  # 1 - x at the root of I_x(a, b) = p
            return mpmath.exp(mpmath.findroot(lambda v: log_i(a, b, 1 - mpmath.exp(v), mpmath.exp(v)) - mpmath.log(p),
                                              mpmath.log(start)))
        for method, q, a, b, x, _ in (LARGE[0], LARGE[3], LARGE[6]):  # (the rows at a = 1e12 take 5 s each)
            # (the isf: the root of beta(b, a) at q is 1 - x)
            (a, b) = (a, b) if method == "ppf" else (b, a)
            y = complement(mpmath.mpf(a), mpmath.mpf(b), mpmath.mpf(q), 0.5 if method == "ppf" else x)
            assert float(1 - y if method == "ppf" else y) == pytest.approx(x, rel=1e-15, abs=0.0)


def test_derivatives_at_large_shapes():
    """At ppf(1e-300, 3162, 31.6) (NaN before): in q (1 / density) and in a and b (mpmath's derivative of the root,
    40 digits), grad and jvp, and the second derivatives in a and in b; in q at the isf's small complement."""
    q, a, b = 1e-300, 3162.0, 31.6
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        x = mpmath.mpf(LARGE[0][4])
        density = mpmath.exp((a - 1) * mpmath.log(x) + (mpmath.mpf(b) - 1) * mpmath.log(1 - x)
                             - mpmath.log(mpmath.beta(a, mpmath.mpf(b))))
        # (1 / density: the exp of a log about 690, from terms of size 815 and SciPy's betaln, whose rounding it keeps)
        assert_close(_first(lambda s: stats.beta.ppf(s, a, b), q), float(1 / density), 1e-11)
        assert_close(_first(lambda s: stats.beta.ppf(q, s, b), a), 6.2733395409482727e-5, 1e-12)
        assert_close(_first(lambda s: stats.beta.ppf(q, a, s), b), -0.00079619474337561929, 1e-12)
        assert_close(_second(lambda s: stats.beta.ppf(q, s, b), a), -3.4407819783742411e-8, 1e-10)
        assert_close(_second(lambda s: stats.beta.ppf(q, a, s), b), 7.2196265816912479e-6, 1e-10)
        # the isf's x = 6.94e-10 from its complement; d/dq = -1 / density there (mpmath)
        assert_close(_first(lambda s: stats.beta.isf(s, 1.5, 1e12), 1e-300), -1.0007197679400039e+288, 1e-12)
        assert_close(_first(lambda s: stats.beta.ppf(s, 1.5, 1e12), 1.0 - 1e-16), 9122.1280439031935, 1e-9)


def test_where_the_leading_roots_underflow_the_quantile_is_0():
    """x = exp((log q + log(a B(a, b))) / a) underflows (e^-3.7e13 at a = 1e-12, q = 1e-16): 0, not NaN (SciPy's
    2.2e-308 is its clamp), with derivatives 0; betaprime's isf at the other end inf."""
    for q, a in ((1e-300, 1e-300), (1e-300, 1e-12), (1.1102230246251565e-16, 1e-12)):
        assert float(stats.beta.ppf(q, a, 2.5)) == 0.0
        assert float(stats.beta.isf(1.0 - q, a, 2.5)) == 0.0
        assert float(stats.betaprime.ppf(q, a, 2.5)) == 0.0
        assert float(stats.betaprime.isf(q, 2.5, a)) == np.inf
        assert float(stats.beta.isf(q, 2.5, a)) == 1.0
        for d in _first(lambda s: stats.beta.ppf(s, a, 2.5), q).values():
            assert float(d) == 0.0
    # the root near 1 whose complement underflows (1 - x = e^-1e284 at b = 1e-300): 1 (was NaN), and its mirror 0
    assert float(stats.beta.isf(1.0 - 1e-16, 1.5, 1e-300)) == 1.0
    assert float(stats.beta.ppf(1.0 - 1e-16, 1e-300, 2.5)) == 0.0
    assert float(stats.betaprime.isf(1.0 - 1e-16, 1.5, 1e-300)) == np.inf


def test_where_the_root_underflows_scipys_zero_is_kept():
    """x = q^(1/a) = 1e-1000 underflows: log x has no root to find, and SciPy's 0 is the truth's rounding (the
    NaN for an unsettled root took it too: powerlaw.ppf(1e-300, 0.3) and arcsine.ppf(1e-300) were NaN)."""
    assert float(stats.powerlaw.ppf(1e-300, 0.3)) == 0.0
    assert float(stats.arcsine.ppf(1e-300, -0.1, 1.3)) == -0.1
    assert float(stats.arcsine.isf(1e-300, -0.1, 1.3)) == 1.2
