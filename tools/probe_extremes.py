"""Exactness sweep at extreme magnitudes: first and second derivatives of the elementwise
rules at huge, tiny and subnormal inputs and next to the ends of their domains, against
mpmath at 50 digits.

``tools/probe_edges.py`` and ``tools/probe_kinks.py`` test switching points (0, ties, branch
cuts); this sweep tests where an intermediate of a rule overflows or underflows although
the true derivative is an ordinary number: ``1 / sqrt(1 + x * x)`` at ``x = 1e200`` is 0
(``x * x`` overflows), the truth ``1e-200``.

Every function of :data:`UNARY` (NumPy's unary ufuncs with a rule, wengert's scalar fast
paths, the one-argument ``scipy.special`` functions) and every argument of
:data:`BINARY` (the other argument held fixed) is evaluated at every point of
:data:`MAGNITUDES` (both signs) and :data:`NEAR_ENDS` inside its domain where its value
is finite, and, where NumPy has a complex loop, at :data:`COMPLEX_POINTS`. At each point
the first and the second derivative are computed along several paths:

* ``rev`` / ``rev_array``: ``wg.grad`` of the function of a Python float, and of the sum
  of the function of a one-element array (the scalar fast path and the NumPy rule);
* ``fwd`` / ``fwd_array``: ``wg.jvp`` of the same;
* second order: ``rev(rev)``, ``fwd(rev)`` (``wg.jvp`` of ``wg.grad``: what ``wg.hvp``
  does), ``rev(fwd)`` (``wg.grad`` of ``wg.jvp``: jacrev(jacfwd)'s), ``fwd(fwd)``, on floats and
  on arrays.

The reference is the derivative of mpmath's function at the double ``x`` (exact), by
central differences with a step of ``1e-12`` times the distance to 0 and to ``+-1``, in a
working precision raised until two precisions agree. Each (function, point, order) is
classified over all its paths:

* ``right``: every path within ``RTOL`` of the reference (or within a few subnormal steps
  of it where it is itself subnormal);
* ``overflow``: the true derivative is out of double range, and every path gives the
  ``inf`` (or 0) it rounds to;
* ``refused``: every path raised a wengert error (or the same ``ValueError`` NumPy's math
  raises);
* ``value off``: wrong, but NumPy's (SciPy's) value itself is not mpmath's there (the
  function is inexact at that point: ``np.sinc(1e8)``, complex ``tanh`` at ``3 - 1e155j``);
* ``no reference``: mpmath's differences did not converge (listed, not counted as either);
* ``WRONG``: any path finite and wrong, 0 where the truth is a normal number, NaN or
  ``inf`` where it is finite, or a path disagreeing with another (reverse vs forward).
  NaN is never accepted.

With ``--scale K`` (comma-separated) the unary functions are differentiated at a scaled
argument instead, ``f(K * x)`` at ``x = u / K`` for every point ``u`` above (``K * x``
rounded, as NumPy computes it), the reference ``K**n`` times the n-th derivative at that
``K * x``: a rule's second-order terms are then products such as ``g K f''(K x) K``. A
WRONG row there whose argument's own second-order cotangent ``K f''(K x)`` (the Hessian
divided by ``K``) is out of range is a ``chain limit``: any sweep that forms it as a
double loses it, whatever the rule's form (reverse over reverse and forward over reverse
at ``sqrt(1e70 x)``, ``x = 1e200``: 0, the truth -2.5e-266; forward over forward forms
``K f'' K`` in one place and can be right). ``--factor C`` differentiates ``C f(K x)``: there forward over forward
forms ``f(K x)``'s own ``K^2 f''(K x)`` (the Hessian divided by ``C``) before ``C`` meets it, the other sweeps
``C K f''(K x)``; a row wrong only on the paths whose own intermediate is out of range is a ``chain limit``
(``1e200 sinh(1e-100 x)`` at ``x = 1e-200``: forward over forward 0, the truth ``1e-300``, its
``K^2 sinh''(K x)`` ``1e-500``).

Usage (from the repository root)::

    PYTHONPATH=src python tools/probe_extremes.py               # every WRONG row and the counts
    PYTHONPATH=src python tools/probe_extremes.py -v            # and every refusal
    PYTHONPATH=src python tools/probe_extremes.py --only arcsin
    PYTHONPATH=src python tools/probe_extremes.py --scale 1e-100,1e-70,1e70,1e100 --order 2
    PYTHONPATH=src python tools/probe_extremes.py --scale 1e-100 --factor 1e200 --order 2 --only sinh
    WENGERT_PURE_PYTHON=1 PYTHONPATH=src python tools/probe_extremes.py   # the pure core
"""
import argparse
import collections
import functools
import os
import sys
import warnings

import mpmath as mp
import numpy as np
import scipy.special as sc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import wengert as wg  # noqa: E402
import wengert.scipy.special  # noqa: E402,F401  (declares the scipy.special rules)
from probe_edges import _classify, _quiet  # noqa: E402

RTOL = 1e-10
TINY = 2.0 ** -1074
MAGNITUDES = (5e-324, 1e-310, 1e-300, 1e-200, 1e-20, 1e-8, 0.7, 3.0, 30.0, 350.0, 720.0, 1e8, 1e20, 1e150,
              1e155, 1e200, 1e300)  # (350: e^-2x near the smallest normal, sech^2's underflow; 720: e^x overflowed)
NEAR_ENDS = (1 - 1e-15, 1 - 2.0 ** -53, -1 + 1e-16, -1 + 2.0 ** -52, 1 + 1e-15, 1 + 2.0 ** -52,
             -1 - 1e-15, 1e-16, 1 - 1e-10)
COMPLEX_POINTS = (1e155 + 1j, 1e200 + 1e200j, -1e200 + 3j, 1e300 - 1e-300j, 2e-300 + 1e-300j,
                  0.5 + 1e-300j, 1e20 + 1e20j, 3 - 1e155j, 1e-20 - 1e-20j, 0.7 + 0.2j)


def _mp_expit(x):
    return 1 / (1 + mp.exp(-x))


def _mp_ndtr(x):
    return mp.ncdf(x)


def _mp_ndtri(p):
    """ndtri at ``p`` to the working precision: Newton's method on ``log(ncdf(x)) = log(p)``
    from SciPy's double (about 4 steps), ``-ndtri(1 - p)`` above 1/2. mpmath's own erfinv
    (a root search on erf) took 15 to 45 s a point at these precisions: the sweep of ndtri
    did not finish in 15 minutes; this one takes seconds."""
    if p > 0.5:
        return -_mp_ndtri(1 - p)
    start = float(sc.ndtri(float(p)))
    x = mp.mpf(start if np.isfinite(start) else -40.0)
    for _ in range(200):
        cdf = mp.ncdf(x)
        step = (mp.log(cdf) - mp.log(p)) * cdf / mp.npdf(x)
        x -= step
        if abs(step) <= mp.eps * 4 * (1 + abs(x)):
            return x
    raise ValueError("ndtri: Newton's method did not converge")


def _mp_y_series(n, x, kind="y"):
    """Y_0 or Y_1 (K_0 or K_1 for ``kind`` "k") by their series (DLMF 10.8.1, 10.31.1), to the
    working precision (beyond x = 1 with more bits, see :func:`_mp_bessel`): mpmath's bessely
    and besselk of an integer order are limits in the order, 65 s a call at x = 5e-324."""
    q = x * x / 4
    term, total, k = (x / 2) ** n / mp.factorial(n), mp.mpf(0), 0
    harmonic = [mp.mpf(0), mp.mpf(1)]  # H_k and H_{k+1}: psi(k + 1) = H_k - Euler's gamma
    while True:  # sum (-1)^k (psi(k + 1) + psi(n + k + 1)) (x/2)^(2k+n) / (k! (n + k)!)
        piece = term * (harmonic[0] + harmonic[n] - 2 * mp.euler)
        total += piece
        if abs(piece) < mp.eps * 2 ** -8 * abs(total) and k > 2:
            break
        k += 1
        term *= (-q if kind == "y" else q) / (k * (n + k))
        harmonic = [harmonic[1], harmonic[1] + mp.mpf(1) / (k + 1)]
    if kind == "k":
        return (1 / x if n == 1 else 0) + (-1) ** (n + 1) * mp.log(x / 2) * mp.besseli(n, x) + (-1) ** n * total / 2
    singular = -2 / (mp.pi * x) if n == 1 else 0
    return singular + 2 / mp.pi * mp.log(x / 2) * mp.besselj(n, x) - total / mp.pi


def _mp_bessel(n, kind):
    """J_n (``kind`` "j"), Y_n ("y") or K_n ("k") in mpmath: for x >= 1000 Hankel's expansion
    summed to the working precision (its terms fall until k ~ 2x, the first left out is below
    2^-prec), for Y and K below it their series, J mpmath's own function: mpmath's bessely
    took 6 to 17 s a call from x = 1e8 on, and more than 200 s at 1 + 1e-15 (the sweep of y0
    did not finish in 15 minutes)."""
    own = {"j": mp.besselj, "y": mp.bessely, "k": mp.besselk}[kind]

    def f(x):
        if kind != "j" and 0 < x < 1 and n in (0, 1):
            return _mp_y_series(n, x, kind)
        if kind == "k" and 0 < x < 100:  # (mpmath's besselk took minutes at 3 and 30)
            with mp.extraprec(3 * int(x) + 20):  # (its terms grow to about e^x before they fall)
                return +_mp_y_series(n, x, kind)
        if kind == "y" and 0 < x < 1000:  # (mpmath's bessely did not finish in 200 s near 1)
            with mp.extraprec(2 * int(x) + 20):  # (terms up to about e^x = 2^(1.44 x), alternating)
                return +_mp_y_series(n, x, kind)
        if mp.re(x) < 1000 or mp.im(x) != 0:
            return own(n, x)
        if kind == "k":  # e^-x sqrt(pi / 2x) sum a_k / x^k (DLMF 10.40.2)
            total, term, k = mp.mpf(0), mp.mpf(1), 0
            while abs(term) > mp.eps * 2 ** -8 * abs(total) or k < 2:
                total += term
                term *= (4 * n * n - (2 * k + 1) ** 2) / ((k + 1) * 8 * x)
                k += 1
            return mp.exp(-x) * mp.sqrt(mp.pi / (2 * x)) * total
        mu, p, q, term, k = 4 * n * n, mp.mpf(0), mp.mpf(0), mp.mpf(1), 0
        while True:
            if k % 2 == 0:
                p += (-1) ** (k // 2) * term
            else:
                q += (-1) ** (k // 2) * term
            nxt = term * (mu - (2 * k + 1) ** 2) / ((k + 1) * 8 * x)
            if abs(nxt) < mp.eps * 2 ** -8 or abs(nxt) > abs(term):
                break
            term, k = nxt, k + 1
        chi = x - (mp.mpf(n) / 2 + mp.mpf(1) / 4) * mp.pi
        c, s = mp.cos(chi), mp.sin(chi)
        return mp.sqrt(2 / (mp.pi * x)) * ((p * c - q * s) if kind == "j" else (p * s + q * c))
    return f


def _mp_dawsn(x):
    return mp.sqrt(mp.pi) / 2 * mp.exp(-x * x) * mp.erfi(x)


def _mp_sinc(x):
    return mp.sin(mp.pi * x) / (mp.pi * x)


#: name -> (the function wengert differentiates, mpmath's, complex points too)
UNARY = {
    "negative": (np.negative, lambda x: -x, True),
    "absolute": (np.absolute, abs, False),
    "square": (np.square, lambda x: x * x, True),
    "cbrt": (np.cbrt, lambda x: mp.sign(x) * mp.cbrt(abs(x)), False),
    "reciprocal": (np.reciprocal, lambda x: 1 / x, True),
    "exp2": (np.exp2, lambda x: mp.power(2, x), True),
    "expm1": (np.expm1, mp.expm1, True),
    "log2": (np.log2, lambda x: mp.log(x, 2), True),
    "log10": (np.log10, mp.log10, True),
    "log1p": (np.log1p, mp.log1p, True),
    "arcsin": (np.arcsin, mp.asin, True),
    "arccos": (np.arccos, mp.acos, True),
    "arctan": (np.arctan, mp.atan, True),
    "sinh": (np.sinh, mp.sinh, True),
    "cosh": (np.cosh, mp.cosh, True),
    "arccosh": (np.arccosh, mp.acosh, True),
    "arctanh": (np.arctanh, mp.atanh, True),
    "deg2rad": (np.deg2rad, lambda x: x * mp.pi / 180, False),
    "sinc": (np.sinc, _mp_sinc, True),
    "exp": (np.exp, mp.exp, True),
    "log": (np.log, mp.log, True),
    "sin": (np.sin, mp.sin, True),
    "cos": (np.cos, mp.cos, True),
    "tan": (np.tan, mp.tan, True),
    "tanh": (np.tanh, mp.tanh, True),
    "sqrt": (np.sqrt, mp.sqrt, True),
    "arcsinh": (np.arcsinh, mp.asinh, True),
    "wg.exp": (wg.exp, mp.exp, False),
    "wg.log": (wg.log, mp.log, False),
    "wg.tanh": (wg.tanh, mp.tanh, False),
    "wg.sqrt": (wg.sqrt, mp.sqrt, False),
    "wg.logistic": (wg.logistic, _mp_expit, False),
    "wg.arcsinh": (wg.arcsinh, mp.asinh, False),
    "special.expit": (sc.expit, _mp_expit, False),
    "special.log_expit": (sc.log_expit, lambda x: -mp.log1p(mp.exp(-x)), False),
    "special.logit": (sc.logit, lambda x: mp.log(x / (1 - x)), False),
    "special.erf": (sc.erf, mp.erf, False),
    "special.erfc": (sc.erfc, mp.erfc, False),
    "special.erfcx": (sc.erfcx, lambda x: mp.exp(x * x) * mp.erfc(x), False),
    "special.erfinv": (sc.erfinv, mp.erfinv, False),
    "special.erfcinv": (sc.erfcinv, lambda x: mp.erfinv(1 - x), False),
    "special.erfi": (sc.erfi, mp.erfi, False),
    "special.dawsn": (sc.dawsn, _mp_dawsn, False),
    "special.ndtr": (sc.ndtr, _mp_ndtr, False),
    "special.log_ndtr": (sc.log_ndtr, lambda x: mp.log(_mp_ndtr(x)), False),
    "special.ndtri": (sc.ndtri, _mp_ndtri, False),
    "special.gammaln": (sc.gammaln, lambda x: mp.log(abs(mp.gamma(x))), False),
    "special.gamma": (sc.gamma, mp.gamma, False),
    "special.rgamma": (sc.rgamma, mp.rgamma, False),
    "special.loggamma": (sc.loggamma, mp.loggamma, False),
    "special.digamma": (sc.digamma, mp.digamma, False),
    "special.i0": (sc.i0, lambda x: mp.besseli(0, x), False),
    "special.i1": (sc.i1, lambda x: mp.besseli(1, x), False),
    "special.i0e": (sc.i0e, lambda x: mp.exp(-abs(x)) * mp.besseli(0, x), False),
    "special.i1e": (sc.i1e, lambda x: mp.exp(-abs(x)) * mp.besseli(1, x), False),
    "special.j0": (sc.j0, lambda x: mp.besselj(0, x), False),
    "special.j1": (sc.j1, lambda x: mp.besselj(1, x), False),
    "special.y0": (sc.y0, _mp_bessel(0, "y"), False),
    "special.y1": (sc.y1, _mp_bessel(1, "y"), False),
    "special.k0": (sc.k0, _mp_bessel(0, "k"), False),
    "special.k1": (sc.k1, _mp_bessel(1, "k"), False),
    "special.k0e": (sc.k0e, lambda x, _k=_mp_bessel(0, "k"): mp.exp(x) * _k(x), False),
    "special.k1e": (sc.k1e, lambda x, _k=_mp_bessel(1, "k"): mp.exp(x) * _k(x), False),
    "special.exp1": (sc.exp1, mp.e1, False),
    "special.expi": (sc.expi, mp.ei, False),
    "special.entr": (sc.entr, lambda x: -x * mp.log(x), False),
    "special.exp10": (sc.exp10, lambda x: mp.power(10, x), False),
    "special.exp2": (sc.exp2, lambda x: mp.power(2, x), False),
    "special.cosm1": (sc.cosm1, lambda x: mp.cos(x) - 1, False),
    "special.spence": (sc.spence, lambda z: mp.polylog(2, 1 - z), False),
    "special.ellipk": (sc.ellipk, mp.ellipk, False),
    "special.ellipe": (sc.ellipe, mp.ellipe, False),
    "special.ellipkm1": (sc.ellipkm1, lambda p: mp.ellipk(1 - p), False),
}
#: compositions whose intermediates leave the range where their derivatives do not (forward
#: over forward forms each intermediate's second-order terms before the later factors:
#: d2 log(x) at 1e200 is -1e-400, x log(x)'s f'' = 2 / x - x / x^2 lost its second term)
UNARY.update({
    "x*log(x)": (lambda x: x * np.log(x), lambda x: x * mp.log(x), False),
    "log(x)*1e100": (lambda x: np.log(x) * 1e100, lambda x: mp.log(x) * mp.mpf(1e100), False),
    "cbrt(x)**2": (lambda x: np.cbrt(x) ** 2, lambda x: mp.cbrt(abs(x)) ** 2, False),
    "x**-2*x": (lambda x: x ** -2.0 * x, lambda x: x ** -2 * x, False),
    "sqrt(x)*x": (lambda x: np.sqrt(x) * x, lambda x: mp.sqrt(x) * x, False),
    "reciprocal(x)*1e-100": (lambda x: np.reciprocal(x) * 1e-100, lambda x: mp.mpf(1e-100) / x, False),
    "x*arctan(x)": (lambda x: x * np.arctan(x), lambda x: x * mp.atan(x), False),
    # (a product whose factor saturates or vanishes while the other grows: u sech^2(u), 0 * inf where sech^2
    # underflows and u * u or cosh(u)**2 overflows; a power beside x (np.power: Python's ** of a negative float is
    # complex), whose cotangent x * 4 cbrt(x)**3 underflows at 1e-200 before cbrt's partial brings it back)
    "x*tanh(x)": (lambda x: x * np.tanh(x), lambda x: x * mp.tanh(x), False),
    "x*logistic(x)": (lambda x: x * wg.logistic(x), lambda x: x * _mp_expit(x), False),
    "x*special.expit(x)": (lambda x: x * sc.expit(x), lambda x: x * _mp_expit(x), False),
    "x*special.erf(x)": (lambda x: x * sc.erf(x), lambda x: x * mp.erf(x), False),
    "x*special.log_expit(x)": (lambda x: x * sc.log_expit(x), lambda x: -x * mp.log1p(mp.exp(-x)), False),
    "x*logaddexp(0,x)": (lambda x: x * np.logaddexp(0.0, x), lambda x: x * mp.log1p(mp.exp(x)), False),
    "x*log1p(x)": (lambda x: x * np.log1p(x), lambda x: x * mp.log1p(x), False),
    "x*expm1(-x)": (lambda x: x * np.expm1(-x), lambda x: x * mp.expm1(-x), False),
    "x*exp(-x)": (lambda x: x * np.exp(-x), lambda x: x * mp.exp(-x), False),
    "x/cosh(x)": (lambda x: x / np.cosh(x), lambda x: x / mp.cosh(x), False),
    "x*sinh(x)": (lambda x: x * np.sinh(x), lambda x: x * mp.sinh(x), False),
    "x**2*arctan(x)": (lambda x: x ** 2 * np.arctan(x), lambda x: x ** 2 * mp.atan(x), False),
    "x*x**1.5": (lambda x: x * np.power(x, 1.5), lambda x: x * mp.power(x, 1.5), False),
    "x*x**0.5": (lambda x: x * np.power(x, 0.5), lambda x: x * mp.sqrt(x), False),
    "x*cbrt(x)**4": (lambda x: x * np.cbrt(x) ** 4, lambda x: x * mp.cbrt(abs(x)) ** 4, False),
})
#: name -> (function of two arguments, mpmath's, the fixed values of the other argument)
BINARY = {
    "arctan2": (np.arctan2, mp.atan2, (1.0, 1e-300, 1e300)),
    "hypot": (np.hypot, lambda x, y: mp.sqrt(x * x + y * y), (1.0, 1e-300, 1e300)),
    "logaddexp": (np.logaddexp, lambda x, y: mp.log(mp.exp(x) + mp.exp(y)), (0.0, 700.0, -700.0)),
    "logaddexp2": (np.logaddexp2, lambda x, y: mp.log(mp.power(2, x) + mp.power(2, y), 2), (0.0, 1000.0)),
    "true_divide": (np.true_divide, lambda x, y: x / y, (3.0, 1e-300, 1e300)),
    "power": (np.power, mp.power, (0.5, 2.0, 3.0, -1.5)),
    "special.xlogy": (sc.xlogy, lambda x, y: x * mp.log(y), (0.5, 1e-300, 1e300)),
    "special.xlog1py": (sc.xlog1py, lambda x, y: x * mp.log1p(y), (0.5, 1e-300, 1e300)),
    "special.kl_div": (sc.kl_div, lambda x, y: x * mp.log(x / y) - x + y, (0.5, 1e-300, 1e300)),
    "special.rel_entr": (sc.rel_entr, lambda x, y: x * mp.log(x / y), (0.5, 1e-300, 1e300)),
    "special.beta": (sc.beta, mp.beta, (0.5, 3.0)),
    "special.betaln": (sc.betaln, lambda a, b: mp.log(abs(mp.beta(a, b))), (0.5, 3.0)),
}


# -- the reference -------------------------------------------------------------------------

def _step(x):
    """The difference step at ``x``: 1e-12 of its distance to 0 and to -+1 (domain ends),
    at most 1e-12 (oscillating functions: sin at 1e8)."""
    d = min(abs(x), abs(abs(x) - 1), 1.0) or abs(x) or 1
    return mp.mpf(d) * mp.mpf(10) ** -12


@functools.lru_cache(maxsize=None)
def _converged_diff(f, X, order, h):
    """mpmath's central difference of ``f`` at ``X`` with step ``h``, in a working precision
    raised until two precisions agree; None where mpmath fails or they do not agree."""
    previous = None
    # enough bits that x + h is not x (at -1e200 rgamma(x +- h) was 0, its derivative "0")
    base = 200 + int(mp.log(abs(X) / h, 2)) if X != 0 else 200
    for addprec in (base, 4 * base, 16 * base):
        try:
            value = mp.diff(f, X, order, h=h, addprec=addprec)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
        if previous is not None and (abs(value - previous) <= mp.mpf(10) ** -30 * abs(value)
                                     or abs(value) + abs(previous) < mp.mpf(2) ** -1200):  # 0
            return value
        previous = value
    return None


def reference(name, x, order, other=None, argnum=0):
    """The ``order``-th derivative of mpmath's function ``name`` at the double ``x`` (the
    other argument fixed for a binary one), as an mpmath number; None where mpmath fails.

    The differences at steps h and h / 1000 are extrapolated (Richardson: their error is
    c h^2): a derivative that is 0 (d/dx kl_div(x, y) = log(x / y) at x = y) came out as that
    error alone, -h^2 / (6 x^2) = -1.7e-25 at x = y = 1e-300, and the exact 0 was reported
    WRONG. An extrapolated value below 1e-20 of the differences is 0."""
    fn = UNARY[name][1] if other is None else BINARY[name][1]
    f = fn if other is None else ((lambda t: fn(t, other)) if argnum == 0 else (lambda t: fn(other, t)))
    with mp.workdps(60):
        X = mp.mpc(x) if isinstance(x, complex) else mp.mpf(x)
        h = _step(x)
        coarse = _converged_diff(f, X, order, h)
        if coarse is None:
            return None
        fine = _converged_diff(f, X, order, h / 1000)
        if fine is None or abs(fine - coarse) <= mp.mpf(10) ** -20 * abs(fine):
            return coarse if fine is None else fine
        extrapolated = fine + (fine - coarse) / (10 ** 6 - 1)
        return extrapolated if abs(extrapolated) > mp.mpf(10) ** -20 * abs(coarse) else mp.mpf(0)


# -- wengert's derivatives -------------------------------------------------------------------

def _paths(f, x, order):
    """name -> callable() giving wengert's derivative of ``f`` at ``x``, of this order."""
    real = not isinstance(x, complex)
    one = 1.0 if real else complex(1.0, 0.0)

    def d_float(t):  # reverse mode on a Python float (or complex)
        return wg.grad(f)(t) if real else wg.vjp(f, t)[1](one)[0]

    def fwd_float(t):
        return wg.jvp(f, (t,), (one,))[1]

    ones = np.array([one])

    def d_array(a):  # reverse mode on a one-element array
        return wg.grad(lambda v: np.sum(f(v)))(a) if real else wg.vjp(f, a)[1](ones)[0]

    def fwd_array(a):
        return wg.jvp(f, (a,), (ones,))[1]

    a = np.array([x])
    if order == 1:
        return {"rev": lambda: d_float(x), "fwd": lambda: fwd_float(x),
                "rev_array": lambda: d_array(a), "fwd_array": lambda: fwd_array(a)}
    out = {"fwd(rev)": lambda: wg.jvp(d_float, (x,), (one,))[1],
           "fwd(fwd)": lambda: wg.jvp(fwd_float, (x,), (one,))[1],
           "fwd(rev)_array": lambda: wg.jvp(d_array, (a,), (ones,))[1],
           "fwd(fwd)_array": lambda: wg.jvp(fwd_array, (a,), (ones,))[1]}
    if real:
        out["rev(rev)"] = lambda: wg.grad(d_float)(x)
        out["rev(rev)_array"] = lambda: wg.grad(lambda v: np.sum(d_array(v)))(a)
        out["rev(fwd)"] = lambda: wg.grad(fwd_float)(x)  # (jacrev(jacfwd)'s: a sweep over a forward pass)
        out["rev(fwd)_array"] = lambda: wg.grad(lambda v: np.sum(fwd_array(v)))(a)
    return out


def _close(got, want, rtol=RTOL):
    """True if ``got`` (a complex) is ``want`` (mpmath) to RTOL, or to a few subnormal
    steps where ``want`` is subnormal, or the inf / 0 it rounds to out of range."""
    for g, w in ((got.real, mp.re(want)), (got.imag, mp.im(want))):
        if not np.isfinite(g):
            if np.isnan(g) or abs(w) < mp.mpf(np.finfo(float).max) or (g > 0) != (w > 0):
                return False
            continue
        if abs(mp.mpf(g) - w) > rtol * abs(want) + 4 * TINY:
            return False
    return True


def _out_of_range(want):
    big = mp.mpf(np.finfo(float).max)
    tiny = mp.mpf(TINY) / 2  # (TINY / 2 is 0.0 in double: an underflowing truth was never out of range)
    return any(abs(w) > big or (w != 0 and abs(w) < tiny) for w in (mp.re(want), mp.im(want)))


def check(label, f, x, order, want, limited=None):
    """(verdict, detail) of every path of ``f``'s derivative at ``x`` against ``want``; ``limited(path)``: that
    path forms an intermediate out of range (a ``chain limit`` where only such paths are wrong)."""
    results = {}
    for path, run in _paths(f, x, order).items():
        try:
            results[path] = complex(np.asarray(_quiet(run)).ravel()[0])
        except Exception as e:  # noqa: BLE001
            results[path] = e
    errors = {p: r for p, r in results.items() if isinstance(r, BaseException)}
    if errors and len(errors) == len(results):
        kinds = {_classify(e) for e in errors.values()}
        verdict = "refused" if kinds == {"refused"} else "crash"
        e = next(iter(errors.values()))
        return verdict, f"{type(e).__name__}: {str(e)[:120]}"
    if errors:
        p, e = next(iter(errors.items()))
        return "WRONG", f"{p} raised {type(e).__name__}: {str(e)[:80]}, others {_fmt(results)}"
    if want is None:
        return "no reference", _fmt(results)
    bad = {p: r for p, r in results.items() if not _close(r, want)}
    if bad and limited is not None and all(limited(p) for p in bad):
        return "chain limit", f"truth {mp.nstr(want, 8)}: {_fmt(bad)}"
    values = list(results.values())
    if any(np.isnan(r.real) or np.isnan(r.imag) for r in values) or any(
            abs(r - values[0]) > RTOL * abs(values[0]) + 4 * TINY for r in values[1:] if np.isfinite(r)):
        return "WRONG", f"paths disagree (or NaN), truth {mp.nstr(want, 8)}: {_fmt(results)}"
    if bad:
        return "WRONG", f"truth {mp.nstr(want, 8)}: {_fmt(bad)}"
    return ("overflow" if _out_of_range(want) else "right"), ""


def _fmt(results):
    seen = collections.defaultdict(list)
    for p, r in results.items():
        seen[repr(r.real if isinstance(r, complex) and r.imag == 0 else r)].append(p)
    return "; ".join(f"{v} ({', '.join(ps)})" for v, ps in seen.items())


# -- the points ------------------------------------------------------------------------------

def _value_ok(fn, args):
    """True if NumPy's value at ``args`` is finite (else the derivative is not asked)."""
    try:
        v = _quiet(fn, *args)
    except Exception:  # noqa: BLE001
        return False
    return bool(np.all(np.isfinite(np.asarray(v))))


def _points(complex_too):
    pts = [s * m for m in MAGNITUDES for s in (1.0, -1.0)] + list(NEAR_ENDS)
    return pts + (list(COMPLEX_POINTS) if complex_too else [])


def cases(only=""):
    """(label, function of one argument, the point, reference key) for every case."""
    for name, (fn, _, complex_too) in UNARY.items():
        if only and only not in name:
            continue
        for x in _points(complex_too):
            if _value_ok(fn, (x,)):
                yield f"{name}({x!r})", fn, x, (name, x)
    for name, (fn, _, others) in BINARY.items():
        if only and only not in name:
            continue
        for other in others:
            for x in _points(False):
                for argnum in (0, 1):
                    args = (x, other) if argnum == 0 else (other, x)
                    if not _value_ok(fn, args):
                        continue
                    g = (lambda t, o=other: fn(t, o)) if argnum == 0 else (lambda t, o=other: fn(o, t))
                    yield f"{name}{args!r} d/d{'xy'[argnum]}", g, x, (name, x, other, argnum)


def scaled_cases(only, scales, factor=1.0):
    """(label, x -> C f(K x), x, (name, K x, K)) for every real unary function, point and scale K (C: ``factor``)."""
    for name, (fn, _, _) in UNARY.items():
        if only and only not in name:
            continue
        for u in _points(False):
            for k in scales:
                x = u / k
                if not (np.isfinite(x) and abs(x) >= np.finfo(float).tiny) or not _value_ok(fn, (k * x,)):
                    continue
                if factor == 1.0:
                    yield f"{name}({k!r} * {x!r})", (lambda t, fn=fn, k=k: fn(k * t)), x, (name, k * x, k)
                else:
                    yield (f"{factor!r} * {name}({k!r} * {x!r})", (lambda t, fn=fn, k=k: fn(k * t) * factor), x,
                           (name, k * x, k))


def value_off(key, f, x):
    """True if NumPy's (or SciPy's) own value at ``x`` is not mpmath's (to 1e-12): there the
    function itself is inexact (np.sinc(1e8), whose sin(pi x) rounds pi x), and so is any
    derivative computed from it; such a row is "value off", not WRONG."""
    fn = UNARY[key[0]][1] if len(key) == 2 else BINARY[key[0]][1]
    if len(key) == 4:
        other, argnum = key[2], key[3]
        g = (lambda t: fn(t, other)) if argnum == 0 else (lambda t: fn(other, t))
    else:
        g = fn
    try:
        with mp.workdps(60):
            want = g(mp.mpc(x) if isinstance(x, complex) else mp.mpf(x))
            if _out_of_range(want):
                return False
            got = complex(np.asarray(_quiet(f, x)))
            return not _close(got, want, 1e-12)
    except Exception:  # noqa: BLE001
        return False


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", default="", help="functions whose name contains this")
    p.add_argument("--order", default="1,2", help="derivative orders, comma-separated")
    p.add_argument("-v", action="store_true", help="print refusals too")
    p.add_argument("--scale", default="", help="differentiate f(K x) instead, for these K (comma-separated)")
    p.add_argument("--factor", type=float, default=1.0, help="with --scale: C f(K x)")
    opts = p.parse_args(argv)
    orders = [int(o) for o in opts.order.split(",")]
    counts = collections.Counter()
    scales = [float(k) for k in opts.scale.split(",") if k]
    for label, f, x, key in (scaled_cases(opts.only, scales, opts.factor) if scales else cases(opts.only)):
        for order in orders:
            name = key[0]
            if len(key) == 3:  # (f(K x): K**n f^(n) at the rounded K x)
                at = reference(name, key[1], order)
                want = None if at is None else mp.mpf(key[2]) ** order * at * mp.mpf(opts.factor)
            else:
                want = (reference(name, x, order) if len(key) == 2
                        else reference(name, x, order, key[2], key[3]))
            limited = None
            if len(key) == 3 and order == 2 and opts.factor != 1.0 and want is not None:
                # (C f(K x): forward over forward forms f(K x)'s own K^2 f''(K x), the Hessian / C, before C; the
                # sweeps through a reverse pass C K f''(K x), the Hessian / K)
                own, swept = _out_of_range(want / mp.mpf(opts.factor)), _out_of_range(want / key[2])
                limited = lambda p, own=own, swept=swept: own if p.startswith("fwd(fwd)") else swept  # noqa: E731
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                verdict, detail = check(label, f, x, order, want, limited)
                # (f(K x): NumPy's own value at K x)
                at_value = (key[:2], UNARY[name][0], key[1]) if len(key) == 3 else (key, f, x)
                if verdict == "WRONG" and not detail.startswith("paths") and value_off(*at_value):
                    verdict = "value off"
                if verdict == "WRONG" and len(key) == 3 and order == 2 and _out_of_range(want / key[2]):
                    verdict = "chain limit"
            counts[verdict] += 1
            shown = ("WRONG", "crash", "no reference", "value off")
            if verdict in shown or (opts.v and verdict in ("refused", "chain limit")):
                print(f"{verdict:8s} d{order} {label}: {detail}", flush=True)
    cols = ("right", "overflow", "refused", "crash", "no reference", "value off")
    cols += (("chain limit",) if scales else ()) + ("WRONG",)
    print("\n" + "".join(f"{k:>14s}" for k in cols))
    print("".join(f"{counts[k]:14d}" for k in cols))
    return counts


if __name__ == "__main__":
    main()
