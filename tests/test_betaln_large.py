"""The derivatives of ``scipy.special.betaln`` and ``beta`` in ``a`` and ``b``, against
mpmath (50 digits), at first and second order, in reverse and forward mode.

``d/da betaln(a, b) = digamma(a) - digamma(a + b)`` was computed as that difference, which
cancels where ``b`` is small next to ``a``: 6e-7 off (relative) at ``a = 1e8, b = 0.5``,
0 for -8.9e-31 at ``a = 1e20``, 1.7e-12 off at ``a = 9.9999999, b = 1e-3`` (below the
switch to the asymptotic series), and the second derivatives (``trigamma(a) -
trigamma(a + b)``) the same way. The points cover both sides of each switch (a, a + b at 10;
|b| at a / 2), ``b`` small, large and negative non-integer, and ``a + b`` near 10 with
``b`` near ``-a``.
"""
import math

import numpy as np
import pytest

import wengert as wg
import scipy.special

mpmath = pytest.importorskip("mpmath")
mpmath.mp.dps = 50

_BELOW_10 = math.nextafter(10.0, 0.0)
POINTS = [
    (1e8, 0.5), (1e20, 0.5), (1e8, 1e-10), (0.5, 1e8), (1e-10, 1e8), (1e20, 1e20),
    (1e15, 1e15), (3e4, 7e4), (10.0, 1e-3), (_BELOW_10, 1e-3), (10.0, 0.5), (_BELOW_10, 0.5),
    (10.0, 1e-10), (_BELOW_10, 1e-10), (1.0, 1e-10), (1e-10, 1e-11), (5.0, 2.5), (5.0, 2.6),
    (5.0, -2.5), (20.25, -10.25), (20.25, math.nextafter(-10.25, -11.0)), (20.0, -10.5),
    (1e5, -1e5 + 10.5), (1e5, -1e5 + 9.5), (2.5, 1.5), (-2.5, 1.25),
    (1e200, 1e-10), (10.0, 1e20),
]


def _truths(a, b):
    """d/da, d/db, d2/da2, d2/dadb, d2/db2 of betaln(a, b), with the digits that the
    differences cancel added to the working precision."""
    with mpmath.workdps(50 + int(abs(math.log10(abs(a))) + abs(math.log10(abs(b))))):
        return _truths_here(mpmath.mpf(a), mpmath.mpf(b))


def _truths_here(a, b):
    psi, tri = mpmath.digamma, lambda x: mpmath.polygamma(1, x)
    return [float(v) for v in (psi(a) - psi(a + b), psi(b) - psi(a + b), tri(a) - tri(a + b),
                               -tri(a + b), tri(b) - tri(a + b))]


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
    beta = mpmath.beta(a, b)
    da, db = _truths(a, b)[:2]
    f = scipy.special.beta
    _close(float(wg.grad(lambda x: f(x, b))(a)), float(beta * da), 2e-15)
    _close(float(wg.jvp(lambda y: f(a, y), (b,), (1.0,))[1]), float(beta * db), 2e-15)
    A, B = mpmath.mpf(a), mpmath.mpf(b)
    d2 = float(beta * ((mpmath.digamma(A) - mpmath.digamma(A + B)) ** 2
                       + mpmath.polygamma(1, A) - mpmath.polygamma(1, A + B)))
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
