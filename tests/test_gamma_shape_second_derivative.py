"""The second derivative of the regularized incomplete gamma functions in their shape ``a``
(``gammainc``, ``gammaincc``, their inverses and what is built on them: ``chdtr``,
``chdtri``, ``gdtr``, ``scipy.stats`` gamma, chi2, invgamma and gennorm in their shapes),
against mpmath (50 digits, ``mp.diff``; the inverses by ``findroot``), in reverse over
reverse, forward over reverse and reverse over forward.

It was refused (``NoGradientRule``) until the series and the continued fraction that give
dP/da were differentiated once more (``ops/scipy_special.py``); the third derivative is
refused by name.

The truths are tables (CI installs no mpmath); ``test_the_tables_are_mpmaths`` recomputes
them where mpmath is installed.
"""
import numpy as np
import pytest

import wengert as wg
import wengert.scipy  # noqa: F401  (registers the rules)
import scipy.special as sc
from wengert.scipy import stats

#: (a, x, d^2/da^2 gammainc(a, x)): both sides of x = a + 1 (the series and the continued
#: fraction), tiny and large a, x near a, x tiny next to a
GAMMAINC_D2 = [
    (3.0, 2.0, 0.09884154888754006),
    (0.5, 3.0, -0.08598986897368568),
    (10.0, 30.0, -9.408939263529515e-06),
    (0.001, 5.0, -0.0053803108616609745),
    (50.0, 80.0, -3.13362682931763e-05),
    (200.0, 180.0, 0.0010727852662963681),
    (4.0, 4.9, -0.03396650948941083),
    (4.0, 5.1, -0.03843321837085354),
    (1e-08, 2.0, -0.15277245668864264),
    (2.5, 10.0, -0.0030223275646622644),
    (0.5, 0.1, 1.6586313062993034),
    (1.0, 1.0, 0.033618035299959194),
    (7.0, 0.001, 1.5758854954935647e-23),
    # near a zero of d^2P/da^2 (x = a, below a = 20: the series' terms 1e3 times larger, 3.4e-12 off; the uniform
    # expansion now serves from a = 14 on)
    (19.9, 19.9, 1.9043624670667214e-05),
]

#: (a, y, d^2/da^2 gammaincinv(a, y), d^2/da^2 gammainccinv(a, y), rel): the chain rule
#: through the inverse adds two terms that cancel to the result (by about 1e3 at y = 1/2,
#: a = 10, where the terms are 0.05 and the result 4.4e-5: there the rounding of the terms
#: is 8e-12 of the result). Their common factor log x - digamma(a), a difference of two numbers
#: near log a, lost their ulps: from a = 10 on it is log(x / a) - (digamma(a) - log a) (the latter
#: by its series), which took a = 100, y = 0.1 from 1.8e-12 and 3.6e-12 to 1.3e-13 and 8.5e-14,
#: (10, 0.5) from 1.9e-11 to 8.3e-12, (30, 0.01) from 1.8e-13 to 2.8e-14 (mpmath, 50 digits)
GAMMAINCINV_D2 = [
    (2.0, 0.3, 0.06629417815297968, -0.05401199814262885, 1e-14),
    (0.5, 0.9, -1.4979324706092847, 0.4687900799391958, 1e-14),
    (10.0, 0.5, 4.388552851076881e-05, 4.388552851076881e-05, 1.5e-11),
    (30.0, 0.01, 0.003542808436393369, -0.0035635121560287065, 1e-13),
    (0.2, 0.7, 2.609737987735344, 1.0314581086869143, 1e-14),
    (100.0, 0.1, 0.00032180906758652703, -0.00032182717609700325, 3e-13),
]

#: (name, function of the shape, the shape, d^2/dshape^2)
BUILT_ON_IT = [
    ("gamma.logsf(1e4, a), far in the tail", lambda s: stats.gamma.logsf(1e4, s), 2.0, -0.6449340568502262),
    ("gennorm.logcdf(-1e3, beta), far in the tail", lambda s: stats.gennorm.logcdf(-1e3, s), 2.0,
     -47717082.81187337),
    ("chi2.cdf(3.5, df)", lambda s: stats.chi2.cdf(3.5, s), 4.0, 0.012369844349914241),
    ("chdtr(df, 3.5)", lambda s: sc.chdtr(s, 3.5), 4.0, 0.012369844349914241),
    ("chdtri(df, 0.25)", lambda s: sc.chdtri(s, 0.25), 3.0, -0.05662946411490288),
    ("gdtr(2, b, 1.5)", lambda s: sc.gdtr(2.0, s, 1.5), 2.5, -0.03980498725025574),
]


def _three_ways(f, a):
    """d^2f/da^2: reverse over reverse, forward over reverse, reverse over forward."""
    return (float(wg.grad(wg.grad(f))(a)),
            float(wg.jvp(wg.grad(f), (a,), (1.0,))[1]),
            float(wg.grad(lambda s: wg.jvp(f, (s,), (1.0,))[1])(a)))


@pytest.mark.parametrize("a, x, truth", GAMMAINC_D2)
def test_gammainc_and_gammaincc(a, x, truth):
    for fn, sign in ((sc.gammainc, 1.0), (sc.gammaincc, -1.0)):
        for value in _three_ways(lambda s: fn(s, x), a):
            assert value == pytest.approx(sign * truth, rel=1e-14, abs=0), (fn.__name__, value)


def test_gammainc_on_arrays_and_at_the_ends():
    a = np.array([[0.5], [3.0], [40.0]])
    x = np.array([0.0, 1e-3, 2.0, 45.0, np.inf])
    hessian_diagonal = wg.grad(lambda s: np.sum(wg.grad(lambda t: np.sum(sc.gammainc(t, x)))(s)))(a)
    rows = [[float(wg.grad(wg.grad(lambda s: sc.gammainc(s, v)))(float(ai))) for v in x] for ai in a[:, 0]]
    np.testing.assert_allclose(hessian_diagonal[:, 0], np.sum(rows, axis=1), rtol=1e-14, atol=0)
    # P(a, 0) = 0 and P(a, inf) = 1 for every a: every derivative in a is 0 there
    assert [row[0] for row in rows] == [0.0] * 3 and [row[-1] for row in rows] == [0.0] * 3
    assert np.isnan(wg.grad(wg.grad(lambda s: sc.gammainc(s, np.nan)))(2.0))


@pytest.mark.parametrize("a, y, truth, truth_upper, rel", GAMMAINCINV_D2)
def test_the_inverses(a, y, truth, truth_upper, rel):
    for fn, t in ((sc.gammaincinv, truth), (sc.gammainccinv, truth_upper)):
        for value in _three_ways(lambda s: fn(s, y), a):
            assert value == pytest.approx(t, rel=rel, abs=0), (fn.__name__, value)


@pytest.mark.parametrize("name, f, shape, truth", BUILT_ON_IT, ids=[row[0] for row in BUILT_ON_IT])
def test_what_is_built_on_them(name, f, shape, truth):
    for value in _three_ways(f, shape):
        assert value == pytest.approx(truth, rel=1e-14, abs=0), (name, value)


def test_the_third_derivative_and_the_underflowed_inverse_are_refused_by_name():
    third = r"d\^3/da\^3"
    with pytest.raises(wg.NoGradientRule, match="gammainc / gammaincc.*" + third):
        wg.grad(wg.grad(wg.grad(lambda s: sc.gammainc(s, 2.0))))(1.5)
    with pytest.raises(wg.NoGradientRule, match="gammaincinv / gammainccinv.*" + third):
        wg.grad(wg.grad(wg.grad(lambda s: sc.gammaincinv(s, 0.3))))(1.5)
    with pytest.raises(wg.NoGradientRule, match="far in its tail.*" + third):
        wg.grad(wg.grad(wg.grad(lambda s: stats.gamma.logsf(1e4, s))))(2.0)
    # where SciPy's x is below the smallest normal number (x = e^-1204 at a = 1e-3, y = 0.3,
    # underflowed to 0), dx/da is computed from y, and its derivative in a is not
    assert float(wg.grad(lambda s: sc.gammaincinv(s, 0.3))(1e-3)) == 0.0
    with pytest.raises(wg.NoGradientRule, match=r"gammaincinv.*d\^2/da\^2.*end of its range"):
        wg.grad(wg.grad(lambda s: sc.gammaincinv(s, 0.3)))(1e-3)


def _mpmath_tables():
    import mpmath as mp
    with mp.workdps(50):
        def P(a, x):
            return mp.gammainc(a, 0, x, regularized=True)

        def Q(a, x):
            return mp.gammainc(a, x, mp.inf, regularized=True)

        def d2(f, a):
            return float(mp.diff(f, mp.mpf(a), 2))

        def inverse(a, y, upper=False):
            start = sc.gammainccinv(float(a), y) if upper else sc.gammaincinv(float(a), y)
            return mp.findroot(lambda x: (Q(a, x) if upper else P(a, x)) - y, mp.mpf(start))

        gammainc = [(a, x, d2(lambda s: P(s, x), a)) for a, x, _ in GAMMAINC_D2]
        inverses = [(a, y, d2(lambda s: inverse(s, y), a), d2(lambda s: inverse(s, y, True), a), rel)
                    for a, y, _, _, rel in GAMMAINCINV_D2]
        built = [
            d2(lambda s: mp.log(Q(s, 10000)), 2.0),
            d2(lambda b: mp.log(Q(1 / b, mp.mpf(1000) ** b) / 2), 2.0),
            d2(lambda v: P(v / 2, mp.mpf(3.5) / 2), 4.0),
            d2(lambda v: P(v / 2, mp.mpf(3.5) / 2), 4.0),
            d2(lambda v: 2 * inverse(v / 2, 0.25, True), 3.0),
            d2(lambda b: P(b, mp.mpf(2.0) * 1.5), 2.5),
        ]
    return gammainc, inverses, built


@pytest.mark.truth_tables
def test_the_tables_are_mpmaths():
    pytest.importorskip("mpmath")
    gammainc, inverses, built = _mpmath_tables()
    assert gammainc == GAMMAINC_D2
    assert inverses == GAMMAINCINV_D2
    assert built == [row[-1] for row in BUILT_ON_IT]
