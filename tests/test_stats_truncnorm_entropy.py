"""``scipy.stats``' ``truncnorm`` entropy: gradient cases (checked against central finite differences here, at second
order and in forward mode by tests/test_coverage.py), values against SciPy's where SciPy's is finite and near, and the
value, gradient and Hessian in (a, b) against mpmath (the closed form ``log(sqrt(2 pi e) Z) + (a phi(a) - b phi(b)) /
(2 Z)`` at 40 digits, checked against the quadrature of -pdf log pdf) in the middle, far truncations ([30, 31],
[-31, -30], [1e4, inf)), half-infinite and narrow intervals.
"""
import numpy as np
import pytest

from stats_file import distribution  # (first: it skips the file without SciPy)
from opcheck import case, gradient_test, stats_values_test
import wengert as wg

T, _f = distribution("truncnorm")

CASES = [
    case(_f("entropy"), _f("entropy"), np.array([-1.0, 0.5, 1.5]), np.array([[2.0], [7.5]]), 0.1, 1.3,
         id="truncnorm.entropy"),
    case(_f("entropy"), lambda a: T.entropy(a, np.inf), np.array([-1.0, 0.5, 3.0]), id="truncnorm.entropy-half-infinite"),
]

test_gradient = gradient_test(CASES)

# (SciPy's is NaN at an infinite end, 6.6e-10 off at [5, 6], 1e-11 at [-31, -30]: here where it is finite and near)
VALUE_CHECKS = [("truncnorm.entropy", (np.array([-1.0, -3.0, 0.1, -0.5]), np.array([2.0, -2.5, 0.3, 0.5]), 0.2, 1.3))]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"truncnorm.entropy": 1e-12})


def _mp_entropy(mp):
    def h(a, b):
        if a + b < 0:  # (even under [a, b] -> [-b, -a]: the mass from the upper tails, Q(a) - Q(b) keeps its digits)
            return h(-b, -a)

        def tail(t):  # Q(t) = P(X > t), phi(t), t phi(t) (0 at t = inf)
            if mp.isinf(t):
                return (mp.mpf(0) if t > 0 else mp.mpf(1)), mp.mpf(0)
            return mp.erfc(t / mp.sqrt(2)) / 2, t * mp.npdf(t)
        (qa, ta), (qb, tb) = tail(a), tail(b)
        z = qa - qb
        return mp.log(mp.sqrt(2 * mp.pi * mp.e) * z) + (ta - tb) / (2 * z)
    return h


POINTS = [(-1.0, 2.0), (-np.inf, 0.3), (0.2, np.inf), (-3.0, -2.5), (0.1, 0.3), (5.0, 6.0), (30.0, 31.0),
          (-31.0, -30.0), (1e4, np.inf), (-0.5, 0.5)]


def test_entropy_against_mpmath():
    mp = pytest.importorskip("mpmath")
    h = _mp_entropy(mp)
    with mp.workdps(40):
        for a, b in ((-1.0, 2.0), (5.0, 6.0)):  # (the closed form is the quadrature's)
            am, bm = mp.mpf(a), mp.mpf(b)
            z = mp.ncdf(bm) - mp.ncdf(am)
            q = -mp.quad(lambda t: mp.npdf(t) / z * mp.log(mp.npdf(t) / z), [am, bm])
            assert abs(q - h(am, bm)) < mp.mpf(10) ** -30
        for a, b in POINTS:
            traced = [i for i, v in enumerate((a, b)) if np.isfinite(v)]
            am, bm = mp.mpf(a), mp.mpf(b)

            def f(*v):
                args = [am, bm]
                for i, x in zip(traced, v):
                    args[i] = x
                return h(*args)
            at = [(am, bm)[i] for i in traced]
            value = float(f(*at))
            n = len(traced)
            gradient = [float(mp.diff(f, at, tuple(int(k == i) for k in range(n)))) for i in range(n)]
            hessian = [[float(mp.diff(f, at, tuple(int(k == i) + int(k == j) for k in range(n)))) for j in range(n)]
                       for i in range(n)]

            def g(v):
                args = [a, b]
                for i, k in enumerate(traced):
                    args[k] = v[i]
                return T.entropy(*args)
            v = np.array([(a, b)[i] for i in traced])
            # (0.5 absolute scale: near H = 0, at [-0.5, 0.5] -6.8e-4, the terms of 1 cancel)
            assert abs(float(g(v)) - value) <= 1e-15 * max(abs(value), 0.5) * 2, (a, b, float(g(v)), value)
            scale = max(1.0, np.max(np.abs(gradient)))
            np.testing.assert_allclose(wg.grad(g)(v), gradient, rtol=1e-12, atol=1e-14 * scale)
            hscale = max(1.0, np.max(np.abs(hessian)))
            for path in (wg.hessian(g), wg.jacfwd(wg.grad(g))):
                np.testing.assert_allclose(path(v), hessian, rtol=1e-10, atol=1e-12 * hscale, err_msg=str((a, b)))
    assert float(T.entropy(-1.0, 2.0, 5.0, 3.0)) == pytest.approx(float(T.entropy(-1.0, 2.0)) + np.log(3.0), rel=1e-15)
