"""levy.ppf and levy.isf in q, and scipy.special.erfcinv, at the far ends of (0, 1): their first,
second and third derivatives by every path against mpmath at 60 digits, the ones beyond the
double range the signed infinity they round to (never NaN)."""
import warnings

import numpy as np
import pytest
import scipy.special as sc

import wengert as wg
from wengert.scipy.stats import levy


def _erfcinv(mp, y):
    """erfcinv at the double ``y`` in mpmath: Newton's method on log erfc(x) = log y (mpmath's
    erfinv(1 - y) loses y below 1e-60 at 60 digits)."""
    if y > 1:
        return -_erfcinv(mp, 2 - mp.mpf(y))
    y = mp.mpf(y)
    if y == 1:
        return mp.mpf(0)
    start = float(sc.erfcinv(float(y)))
    x = mp.mpf(start if np.isfinite(start) else 27.0)
    for _ in range(100):
        c = mp.erfc(x)
        step = (mp.log(c) - mp.log(y)) * c / (-2 / mp.sqrt(mp.pi) * mp.exp(-x * x))
        x -= step
        if abs(step) < mp.mpf(10) ** -55 * abs(x):
            return x
    raise AssertionError("no convergence")


def _close(got, want, rtol):
    big = np.finfo(float).max
    if abs(want) > big:
        return got == (np.inf if want > 0 else -np.inf)
    return bool(np.isfinite(got)) and abs(got - want) <= rtol * abs(want)


def _run(fn, x):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # (NumPy's overflow where the truth is beyond the range)
        return float(fn(x))


@pytest.mark.parametrize("y", [1e-300, 1e-250, 1e-200, 1e-150, 1e-100, 1e-50, 1e-20, 1e-10, 1e-5, 0.3, 1.0, 1.3,
                               2.0 - 1e-10, 2.0 - 1e-15])
def test_erfcinv_derivatives_far_out(y):
    # e^(x^2) turned erfcinv's rounding into 2 x^2 of it: 2.4e-13 relative off at y = 1e-200, 3.3e-14 at 1e-100
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        x = _erfcinv(mp, y)
        d1 = -mp.sqrt(mp.pi) / 2 * mp.exp(x * x)
        d2 = 2 * x * d1 * d1
    assert _close(_run(wg.grad(sc.erfcinv), y), d1, 2e-15)
    for path in (wg.grad(wg.grad(sc.erfcinv)), wg.jacfwd(wg.grad(sc.erfcinv)), wg.jacfwd(wg.jacfwd(sc.erfcinv))):
        assert _close(_run(path, y), d2, 4e-15) or (d2 == 0 and _run(path, y) == 0)


def _levy_truth(mp, q, isf):
    """levy's standard ppf (isf) at ``q`` and its first three derivatives: ``1/(2 e^2)``, e =
    erfcinv(q) (erfinv(q)), e' = -+(sqrt(pi) / 2) e^(e^2)."""
    with mp.workdps(60):
        if isf:
            e = mp.erfinv(mp.mpf(q)) if q < 0.5 else _erfcinv(mp, 1 - q)  # (1 - q exact from 1/2 on)
        else:
            e = _erfcinv(mp, q)
        p = (1 if isf else -1) * mp.sqrt(mp.pi) / 2 * mp.exp(e * e)
        return [1 / (2 * e ** 2), -p / e ** 3, p * p * (3 / e ** 4 - 2 / e ** 2),
                p ** 3 * (16 / e ** 3 - 8 / e - 12 / e ** 5)]


_PATHS = {1: (wg.grad, wg.jacfwd),
          2: (lambda f: wg.grad(wg.grad(f)), lambda f: wg.jacfwd(wg.grad(f)), lambda f: wg.jacfwd(wg.jacfwd(f)),
              wg.hessian),
          3: (lambda f: wg.grad(wg.grad(wg.grad(f))), lambda f: wg.jacfwd(wg.jacfwd(wg.jacfwd(f))),
              lambda f: wg.jacfwd(wg.grad(wg.grad(f))))}


@pytest.mark.parametrize("isf", [False, True], ids=["ppf", "isf"])
@pytest.mark.parametrize("q", [1e-310, 1e-300, 1e-200, 1e-150, 1e-120, 1e-100, 1e-77, 1e-20, 1e-5, 0.3, 0.9,
                               1 - 1e-10, 1 - 2.0 ** -53])
def test_levy_quantile_derivatives_every_path(q, isf):
    # before: ppf'' NaN by forward mode from q = 1e-160 (at 1e-300 the truth -1.06e594: -inf), ppf'(1e-310)
    # inf (truth 9.9e303), isf'' NaN from q = 1e-120 by three paths (truth 3.8e480: inf), isf''' NaN
    # (truth -1.5e386 at q = 1e-77: -inf)
    mp = pytest.importorskip("mpmath")
    f = levy.isf if isf else levy.ppf
    truth = _levy_truth(mp, q, isf)
    for order, paths in _PATHS.items():
        for path in paths:
            got = _run(path(f), q)
            assert _close(got, truth[order], 3e-14), (order, got, mp.nstr(truth[order], 17))


@pytest.mark.parametrize("isf", [False, True], ids=["ppf", "isf"])
def test_levy_quantile_derivative_limits_at_the_ends(isf):
    # the limits of every order where the quantile is 0 (ppf at q = 0, isf at 1): NaN before (0 / 0)
    f = levy.isf if isf else levy.ppf
    q, sign = (1.0, -1.0) if isf else (0.0, 1.0)
    assert _run(f, q) == 0.0
    assert _run(wg.grad(f), q) == sign * np.inf
    for path in _PATHS[2]:
        assert _run(path(f), q) == -np.inf


@pytest.mark.parametrize("x", [1e-300, 1e-200, 1e-160, 1e-100, 1e-30, 1e-21])
def test_levy_logcdf_near_zero_every_path(x):
    # before: the second derivative NaN by every path at x = 1e-300 (the truth -1e900: -inf), by reverse
    # mode from 1e-200 (through log_ndtr(-1/sqrt(z)): inf - inf); the third NaN from 1e-160 on
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        X = mp.mpf(x)
        # log erfc(1/sqrt(2x)) = -1/(2x) + log(x)/2 + log(2/pi)/2 + log(S), S = 1 - x + 3x^2 - 15x^3 + ...
        s = [1, -1, 3, -15, 105]
        value = -1 / (2 * X) + mp.log(X) / 2 + mp.log(2 / mp.pi) / 2 + mp.log(sum(c * X ** k for k, c in enumerate(s)))

        def f(t):
            return -1 / (2 * t) + mp.log(t) / 2 + mp.log(sum(c * t ** k for k, c in enumerate(s)))
        truth = [mp.diff(f, X, n, h=X / 10 ** 20) for n in (1, 2, 3)]
    assert abs(_run(levy.logcdf, x) - value) <= 4e-16 * abs(value)
    for order, paths in _PATHS.items():
        for path in paths:
            got = _run(path(levy.logcdf), x)
            assert _close(got, truth[order - 1], 4e-15), (order, got, mp.nstr(truth[order - 1], 17))
