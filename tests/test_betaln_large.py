"""The derivatives of ``scipy.special.betaln`` and ``beta`` in ``a`` and ``b``, against
mpmath (50 digits or more), at first and second order, in reverse and forward mode.

``d/da betaln(a, b) = digamma(a) - digamma(a + b)`` was computed as that difference, which
cancels where ``b`` is small next to ``a``: 6e-7 off (relative) at ``a = 1e8, b = 0.5``,
0 for -8.9e-31 at ``a = 1e20``, 1.7e-12 off at ``a = 9.9999999, b = 1e-3`` (below the
switch to the asymptotic series), and the second derivatives (``trigamma(a) -
trigamma(a + b)``) the same way. The points cover both sides of each switch (a, a + b at 10;
|b| at a / 2), ``b`` small, large and negative non-integer, and ``a + b`` near 10 with
``b`` near ``-a``.

The truths are tables (CI installs no mpmath); ``test_the_tables_are_mpmaths`` recomputes
them where mpmath is installed.
"""
import math

import numpy as np
import pytest

import wengert as wg
import scipy.special

_BELOW_10 = math.nextafter(10.0, 0.0)
POINTS = [
    (1e8, 0.5), (1e20, 0.5), (1e8, 1e-10), (0.5, 1e8), (1e-10, 1e8), (1e20, 1e20),
    (1e15, 1e15), (3e4, 7e4), (10.0, 1e-3), (_BELOW_10, 1e-3), (10.0, 0.5), (_BELOW_10, 0.5),
    (10.0, 1e-10), (_BELOW_10, 1e-10), (1.0, 1e-10), (1e-10, 1e-11), (5.0, 2.5), (5.0, 2.6),
    (5.0, -2.5), (20.25, -10.25), (20.25, math.nextafter(-10.25, -11.0)), (20.0, -10.5),
    (1e5, -1e5 + 10.5), (1e5, -1e5 + 9.5), (2.5, 1.5), (-2.5, 1.25),
    (1e200, 1e-10), (10.0, 1e20),
]


#: (a, b): d/da, d/db, d2/da2, d2/dadb, d2/db2 of betaln(a, b) (_mpmath_truths)
TRUTHS = {
    (100000000.0, 0.5): (-5.0000000125e-09, -20.384190769973788, 5.000000025e-17, -1e-08, 4.934802190544679),
    (1e+20, 0.5): (-5e-21, -48.01521188590234, 5e-41, -1e-20, 4.934802200544679),
    (100000000.0, 1e-10): (-1.000000005e-18, -10000000018.997896, 1.0000000100000001e-26, -1.000000005e-08, 1e+20),
    (0.5, 100000000.0): (-20.384190769973788, -5.0000000125e-09, 4.934802190544679, -1e-08, 5.000000025e-17),
    (1e-10, 100000000.0): (-10000000018.997896, -1.000000005e-18, 1e+20, -1.000000005e-08, 1.0000000100000001e-26),
    (1e+20, 1e+20): (-0.6931471805599453, -0.6931471805599453, 5e-21, -5e-21, 5e-21),
    (1000000000000000.0, 1000000000000000.0): (-0.6931471805599455, -0.6931471805599455, 5.000000000000003e-16, -5.000000000000001e-16, 5.000000000000003e-16),
    (30000.0, 70000.0): (-1.203984471076862, -0.3566770868045487, 2.3333838894895063e-05, -1.0000050000166667e-05, 4.285766326849854e-06),
    (10.0, 0.001): (-0.00010516081115082015, -1002.8274296816882, 1.1048675141792371e-05, -0.10515528700654396, 1000001.5373779088),
    (9.999999999999998, 0.001): (-0.00010516081115082017, -1002.8274296816882, 1.1048675141792375e-05, -0.10515528700654397, 1000001.5373779088),
    (10.0, 0.5): (-0.051248445230965264, -4.26651106031911, 0.005249379622559013, -0.09991695605912673, 4.834885244485553),
    (9.999999999999998, 0.5): (-0.05124844523096528, -4.26651106031911, 0.005249379622559015, -0.09991695605912675, 4.834885244485553),
    (10.0, 1e-10): (-1.0516633568113326e-11, -10000000002.828968, 1.1049834970686072e-12, -0.10516633568058076, 1e+20),
    (9.999999999999998, 1e-10): (-1.0516633568113328e-11, -10000000002.828968, 1.1049834970686076e-12, -0.10516633568058079, 1e+20),
    (1.0, 1e-10): (-1.644934066728021e-10, -10000000000.0, 2.4041138059944915e-10, -1.6449340666078152, 1e+20),
    (1e-10, 1e-11): (-909090909.090909, -90909090909.09091, 1.7355371900826444e+19, -8.264462809917355e+19, 9.917355371900829e+21),
    (5.0, 2.5): (-0.4406398158142863, -1.2436008436008437, 0.07870705904041153, -0.1426158966967038, 0.3477418594035311),
    (5.0, 2.6): (-0.45480083116924436, -1.2098710468275686, 0.08070912596928545, -0.14061382976782988, 0.32719306335675),
    (5.0, -2.5): (0.8029610277865573, 0.4, -0.26903480036311955, -0.49035775610023485, 9.04888888888889),
    (20.25, -10.25): (0.7315076749085867, 3.2651058308195524, -0.05454423186726597, -0.10516633568168575, 19.54108608894097),
    (20.25, -10.250000000000002): (0.7315076749085869, 3.2651058308195173, -0.054544231867265994, -0.10516633568168576, 19.541086088940748),
    (20.0, -10.5): (0.7727861158391995, 0.20050125313283207, -0.05972646553389591, -0.11099728846909904, 9.667760451345714),
    (100000.0, -99989.5): (9.20991943066421, 9.209824425676377, -0.09990695600912657, -0.09991695605912673, 9.769677444030131),
    (100000.0, -99990.5): (9.315182588558946, 9.315097584521203, -0.11098728841909887, -0.11099728846909904, 9.758597111720178),
    (2.5, 1.5): (-0.5529610277865573, -1.219627694453224, 0.20653480036311955, -0.2838229557371153, 0.650979244807564),
    (-2.5, 1.25): (-2.6109824795682846, -3.9415926535897934, -9.642633002682484, -19.181879647671607, -17.984550493164495),
    (1e+200, 1e-10): (-1e-210, -10000000461.094234, 0.0, -1e-200, 1e+20),
    (10.0, 1e+20): (-43.799949270814196, -1e-19, 0.10516633568168575, -1e-20, 1e-39),
    (30.0, 40.0): (-0.8568972457652998, -0.5650080044159815, 0.01950681936688007, -0.014388240990859875, 0.010926862850431153),
}

#: (a, b): d/da, d/db, d2/da2 of beta(a, b) (_mpmath_beta_truths)
BETA_TRUTHS = {
    (100000000.0, 0.5): (-8.862269287761091e-13, -0.003613003747299526, 1.3293403964875144e-20),
    (1e+20, 0.5): (-8.86226925452758e-31, -8.51047472092119e-09, 1.329340388179137e-50),
    (9.999999999999998, 0.001): (-0.10486381565332556, -999995.2412635863, 0.011028499002212333),
    (10.0, 0.001): (-0.10486381565332555, -999995.2412635863, 0.01102849900221233),
    (30.0, 40.0): (-9.031203914944296e-22, -5.954859263083783e-22, 7.94440441263767e-22),
}


def _truths(a, b):
    return TRUTHS[(a, b)]


def _mpmath_truths(a, b):
    """TRUTHS[(a, b)] from mpmath, with the digits that the differences cancel added to
    the working precision."""
    import mpmath
    with mpmath.workdps(50 + int(abs(math.log10(abs(a))) + abs(math.log10(abs(b))))):
        a, b = mpmath.mpf(a), mpmath.mpf(b)
        psi, tri = mpmath.digamma, lambda x: mpmath.polygamma(1, x)
        return tuple(float(v) for v in (psi(a) - psi(a + b), psi(b) - psi(a + b),
                                        tri(a) - tri(a + b), -tri(a + b), tri(b) - tri(a + b)))


def _mpmath_beta_truths(a, b):
    """BETA_TRUTHS[(a, b)] from mpmath."""
    import mpmath
    da, db = _mpmath_truths(a, b)[:2]
    with mpmath.workdps(80):
        A, B = mpmath.mpf(a), mpmath.mpf(b)
        beta = mpmath.beta(A, B)
        d2 = beta * ((mpmath.digamma(A) - mpmath.digamma(A + B)) ** 2
                     + mpmath.polygamma(1, A) - mpmath.polygamma(1, A + B))
        return float(beta * da), float(beta * db), float(d2)


@pytest.mark.truth_tables
def test_the_tables_are_mpmaths():
    pytest.importorskip("mpmath")
    for (a, b), truths in TRUTHS.items():
        assert _mpmath_truths(a, b) == truths, (a, b)
    for (a, b), truths in BETA_TRUTHS.items():
        assert _mpmath_beta_truths(a, b) == truths, (a, b)


def _close(got, truth, rtol):
    assert got == pytest.approx(truth, rel=rtol, abs=0.0), (got, truth)


@pytest.mark.parametrize("a, b", POINTS)
def test_first_derivatives_reverse_and_forward(a, b):
    da, db = _truths(a, b)[:2]
    betaln = scipy.special.betaln
    _close(float(wg.grad(lambda x: betaln(x, b))(a)), da, 1e-15)
    _close(float(wg.grad(lambda y: betaln(a, y))(b)), db, 1e-15)
    _close(float(wg.jvp(lambda x: betaln(x, b), (a,), (1.0,))[1]), da, 1e-15)
    _close(float(wg.jvp(lambda y: betaln(a, y), (b,), (1.0,))[1]), db, 1e-15)


@pytest.mark.parametrize("a, b", POINTS)
def test_second_derivatives_reverse_and_forward(a, b):
    daa, dab, dbb = _truths(a, b)[2:]
    betaln = scipy.special.betaln
    h = np.asarray(wg.hessian(lambda v: betaln(v[0], v[1]))(np.array([a, b])))
    for got, truth in ((h[0, 0], daa), (h[0, 1], dab), (h[1, 0], dab), (h[1, 1], dbb)):
        _close(float(got), truth, 4e-15)
    # forward over forward, forward over reverse
    dx = lambda x: wg.jvp(lambda u: betaln(u, b), (x,), (1.0,))[1]  # noqa: E731
    _close(float(wg.jvp(dx, (a,), (1.0,))[1]), daa, 4e-15)
    dy = wg.grad(lambda y: betaln(a, y))
    _close(float(wg.jvp(lambda x: wg.grad(lambda y: betaln(x, y))(b), (a,), (1.0,))[1]), dab, 4e-15)
    _close(float(wg.jvp(dy, (b,), (1.0,))[1]), dbb, 4e-15)


@pytest.mark.parametrize("a, b", [(1e8, 0.5), (1e20, 0.5), (_BELOW_10, 1e-3), (10.0, 1e-3),
                                  (30.0, 40.0)])
def test_beta(a, b):
    da, db, d2 = BETA_TRUTHS[(a, b)]
    f = scipy.special.beta
    _close(float(wg.grad(lambda x: f(x, b))(a)), da, 2e-15)
    _close(float(wg.jvp(lambda y: f(a, y), (b,), (1.0,))[1]), db, 2e-15)
    _close(float(wg.hessian(lambda x: f(x, b))(a)), d2, 4e-15)


def test_arrays_across_the_switches():
    # one call whose points take each form: the series, the recurrence, the difference
    a = np.array([1e8, 10.0, _BELOW_10, 1.0, -2.5, 20.0])
    b = np.array([0.5, 1e-3, 1e-3, 1e-10, 1.25, -10.5])
    truths = np.array([_truths(x, y)[0] for x, y in zip(a, b)])
    got = wg.grad(lambda x: scipy.special.betaln(x, b).sum())(a)
    np.testing.assert_allclose(got, truths, rtol=1e-15, atol=0.0)
    got = wg.jvp(lambda x: scipy.special.betaln(x, b), (a,), (np.ones_like(a),))[1]
    np.testing.assert_allclose(got, truths, rtol=1e-15, atol=0.0)
