"""scipy.special.beta's first and second derivatives near the poles of gamma(a + b), against mpmath
(50 digits), reverse over reverse, forward over reverse and forward over forward.

d/da beta was beta's value times ``digamma(a) - digamma(a + b)``: its derivative in b took ``B L_a L_b`` and
``B L_ab``, each about ``B / (a + b + n)^2``, which cancel to about ``B / (a + b + n)``, and beta's value,
SciPy's, is itself 1.1e-4 off at (-2.5, 0.5 + 1e-12): every derivative there was 1.1e-4 to 1.3e-4 off. Within
1/4 of a pole of gamma(a + b) (a + b < 0) d/da beta is now ``G (cos(pi s) + sin(pi s) / pi (digamma(a) -
digamma(1 - s)))``, ``G = gamma(a) gamma(b) gamma(1 - s)``, ``s = a + b`` (gamma(s) reflected).
"""
import numpy as np
import pytest
import scipy.special as sc

import wengert as wg

# (a, b, d/da, d/db, d2/da2, d2/dadb, d2/db2): mpmath, 50 digits
POINTS = [
    (-2.5, 0.5 + 1e-12, -3.3510321638200455, -3.351032163809769, -1.2088667947020009, 9.067631841028234,
     19.344130476678455),  # was 1.1e-4, 1.1e-4, 4.9e-4, 1.4e-4, 1.5e-4 off
    (-2.5, 0.5 - 1e-9, -3.351032172896745, -3.3510321831732437, -1.2088667952193692, 9.067631852901007,
     19.344130581038986),
    (-1.3, 0.25, -10.691757193599232, -15.058811971242777, -52.28940016277716, 14.80018370163838, 132.431080467218),
    (2.2, -4.1, -0.6725724316636653, -1.4404320533568147, 1.103683836359416, -6.019625343446144, -28.798406069137),
    (-1.6, -0.5, -19.29927539620712, -18.757114803835947, 46.529699294177696, 22.128765498776367, 32.20482859437578),
    (-10.25, 8.2500001, -0.011359927715304792, -0.011359923775145409, -0.10437668752030821, -0.06497505303348637,
     -0.02557345467737211),
    (1.5, 2.5, -0.23947333781305657, -0.10857364391348187, 0.4198877907003859, 0.0766909159630938,
     0.1005900069496438),  # (an ordinary point: the other form)
]


def _beta(v):
    return sc.beta(v[0], v[1])


def _forward_second(x, e1, e2):
    def tangent(u):
        return wg.jvp(_beta, (u,), (np.array(e1, dtype=float),))[1]
    return wg.jvp(tangent, (x,), (np.array(e2, dtype=float),))[1]


@pytest.mark.parametrize("a, b, da, db, daa, dab, dbb", POINTS, ids=[repr(p[:2]) for p in POINTS])
def test_beta_derivatives_near_poles_of_the_sum(a, b, da, db, daa, dab, dbb):
    for x, first, hessian in (
            (np.array([a, b]), [da, db], [[daa, dab], [dab, dbb]]),
            (np.array([b, a]), [db, da], [[dbb, dab], [dab, daa]])):  # (symmetric: beta(b, a))
        np.testing.assert_allclose(wg.grad(_beta)(x), first, rtol=1e-15)
        np.testing.assert_allclose([wg.jvp(_beta, (x,), (e,))[1] for e in np.eye(2)], first, rtol=1e-15)
        np.testing.assert_allclose(wg.hessian(_beta)(x), hessian, rtol=1e-14)
        np.testing.assert_allclose([wg.jvp(wg.grad(_beta), (x,), (e,))[1] for e in np.eye(2)], hessian, rtol=1e-14)
        np.testing.assert_allclose([[_forward_second(x, e1, e2) for e2 in np.eye(2)] for e1 in np.eye(2)], hessian,
                                   rtol=1e-14)


def test_beta_derivatives_mixing_the_forms_in_one_array():
    a, b = np.array([-2.5, 1.5, -1.3]), np.array([0.5 + 1e-12, 2.5, 0.25])
    got = wg.grad(lambda u: np.sum(sc.beta(u, b)))(a)
    np.testing.assert_allclose(got, [POINTS[0][2], POINTS[6][2], POINTS[2][2]], rtol=1e-15)
    got = wg.grad(lambda u: np.sum(wg.grad(lambda v: np.sum(sc.beta(u, v)))(b)))(a)
    np.testing.assert_allclose(got, [POINTS[0][5], POINTS[6][5], POINTS[2][5]], rtol=1e-14)


def test_the_pole_table_is_mpmaths():
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        for a, b, *want in POINTS:
            got = [mpmath.diff(mpmath.beta, (mpmath.mpf(a), mpmath.mpf(b)), order)
                   for order in ((1, 0), (0, 1), (2, 0), (1, 1), (0, 2))]
            np.testing.assert_allclose([float(v) for v in got], want, rtol=1e-15)


@pytest.mark.parametrize("a, b, rtol", [
    # a or b near its own pole as well (they were left to beta's value times the digamma difference, where a
    # or b was within 0.1 + 1.5 times the sum's distance of its pole: 4.9e-7 to 1.2e-6 off at (-2.05, 0.05 +
    # 1e-10), 7.8e-5 at (-2.0001, 0.0001 + 1e-12), the mixed one 8.7e-9 at (-3.08, 1.08 + 1e-9)); what is left
    # is the bracket's cancellation, about 1 / (distance of b from its pole) ulps
    (-2.05, 0.05 + 1e-10, 1e-14), (-2.0001, 0.0001 + 1e-12, 3e-12), (-3.08, 1.08 + 1e-9, 1e-15),
    (-0.99, -1.0099, 1e-13), (-5.02, 2.0199, 1e-14), (-2.09, 0.09 + 1e-8, 1e-14),
    # beyond |a| = 100 (2.1e-8 off at (-150.5, 148.5 + 1e-9)): sin(pi (a + b)) of the exact sum keeps the
    # rounding of b at 148.5, the condition number of beta itself there
    (-150.5, 148.5 + 1e-9, 4e-13), (-999.5, 997.5 + 1e-9, 2e-13)])
def test_beta_derivatives_beside_the_poles_of_a_shape(a, b, rtol):
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        want = [float(mpmath.diff(mpmath.beta, (mpmath.mpf(a), mpmath.mpf(b)), order))
                for order in ((1, 0), (0, 1), (2, 0), (1, 1), (0, 2))]
    x = np.array([a, b])
    hessian = [[want[2], want[3]], [want[3], want[4]]]
    np.testing.assert_allclose(wg.grad(_beta)(x), want[:2], rtol=rtol)
    np.testing.assert_allclose(wg.hessian(_beta)(x), hessian, rtol=rtol)
    np.testing.assert_allclose([wg.jvp(wg.grad(_beta), (x,), (e,))[1] for e in np.eye(2)], hessian, rtol=rtol)
    np.testing.assert_allclose([[_forward_second(x, e1, e2) for e2 in np.eye(2)] for e1 in np.eye(2)], hessian,
                               rtol=rtol)
