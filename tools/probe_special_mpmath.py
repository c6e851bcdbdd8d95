"""wengert.scipy.special against mpmath at 50 digits: values, first and second derivatives.

For every function of ``wengert.scipy.special`` with an mpmath counterpart, at its switching
points (0 and -0, negative integers and poles, branch points, the thresholds where a rule
switches forms, just below and above them, tiny and subnormal and huge arguments, integer
orders), this compares with mpmath:

- the value;
- the gradient in every real argument that is differentiated (``wg.grad``);
- the Hessian three ways: ``wg.hessian``, ``wg.jvp`` of ``wg.grad`` (one column per direction)
  and ``wg.jacfwd(wg.jacrev)``.

The truths are mpmath's at 50 digits: ``mp.diff`` (its step derivative, computed with
extra precision) or a closed form (inverse functions: ``g' = 1 / f'(g)``,
``g'' = -f''(g) / f'(g)^3``). Each truth is computed twice, at 50 and 70 digits; where the
two disagree beyond 1e-25 relative the quantity is not judged ("unsure"). A truth that is
not real near the point (outside the domain, on a branch cut, where ``mp.diff``'s stencil
leaves it) is "outside": there a NaN or a refusal is right, a finite number is WRONG.

Each row (function, point) is classified by its worst quantity:

- ``right``: every quantity within 1e-13 relative (an underflowing truth: within 1e-320
  absolutely; an overflowing one: the infinity of its sign);
- ``refused``: a ``ValueError`` / ``NoGradientRule`` (wengert declines the point, saying why);
- ``crash``: any other exception;
- ``WRONG``: a number off by more than 1e-13 relative where the truth is finite, a finite
  number where the truth is infinite or not real, a NaN where the truth is finite.

Usage::

    PYTHONPATH=src python tools/probe_special_mpmath.py [-v] [--part=K/N] [name ...]

It prints one line per quantity that is not right (every row with ``-v``) and the counts.
mpmath is not a dependency of wengert; this tool needs it.
"""
import math
import signal
import sys
import warnings

import mpmath as mp
import numpy as np
import scipy.special as sc

import wengert as wg
import wengert.scipy.special as wsp

REFUSALS = ("ValueError", "NoGradientRule")
TOL = 1e-13
TIMEOUT = 12
VERBOSE = "-v" in sys.argv
ONLY = [a for a in sys.argv[1:] if not a.startswith("-")]
#: --part=K/N: only every N-th function from the K-th on (to split a run between processes)
PART = next(((int(a[7:].split("/")[0]), int(a[7:].split("/")[1])) for a in sys.argv if a.startswith("--part=")), (0, 1))
TINY = [5e-324, 1e-310, 1e-300]
HUGE = [1e300]

# -- the table --------------------------------------------------------------------------------
# (name, mpmath function of mpf arguments, points, differentiated argument indices, options)
# options: comp (index of a tuple output), inverse (f, arg index: the function is the inverse
# of f in that argument; derivatives by the closed forms), n/a.


def _ab(x):
    return x if isinstance(x, tuple) else (x,)


def pts(*xs):
    return [_ab(x) for x in xs]


def around(*cuts, rel=1e-9):
    """Each cut and just below and above it."""
    out = []
    for c in cuts:
        d = abs(c) * rel if c else rel
        out += [c - d, c, c + d]
    return out


X_GENERAL = [0.0, -0.0, 5e-324, 1e-300, 1e-20, 1e-8, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 100.0,
             1e5, 1e20, 1e300, -1e-300, -1e-8, -0.5, -1.0, -2.5, -10.0, -30.0, -1e5, -1e300]
X_POS = [5e-324, 1e-300, 1e-20, 1e-8, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 100.0, 700.0, 1e5, 1e20, 1e300]
P01 = [5e-324, 1e-300, 1e-100, 1e-20, 1e-8, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-8, 1 - 2 ** -52, 1.0 - 2 ** -53]


def real(x):
    return mp.mpf(x)


def _gdtr(a, b, x):
    return mp.gammainc(b, 0, a * x, regularized=True)


def _ndtr(x):
    return mp.ncdf(x)


def _stdtr(df, t):
    # 1/2 + sign(t) I_y(1/2, df/2) / 2, y = t^2 / (df + t^2): analytic through t = 0 (the form in
    # x = df / (df + t^2) = 1 - y, near 1 there, lost its digits in mp.diff's stencil)
    y = t * t / (df + t * t)
    half = mp.betainc(mp.mpf(1) / 2, df / 2, 0, y, regularized=True) / 2
    return mp.mpf(1) / 2 + (half if t > 0 else -half)


def _owens_t(h, a):
    return mp.quad(lambda x: mp.exp(-h * h * (1 + x * x) / 2) / (1 + x * x), [0, a]) / (2 * mp.pi)


def _wright_bessel(a, b, x):
    return mp.nsum(lambda k: x ** k / (mp.factorial(k) * mp.gamma(a * k + b)), [0, mp.inf])


def _hermitenorm(n, x):
    return mp.hermite(n, x / mp.sqrt(2)) * mp.mpf(2) ** (-mp.mpf(n) / 2)


def _spherical(kind):
    def f(n, x):
        if kind == "j":
            return mp.sqrt(mp.pi / (2 * x)) * mp.besselj(n + 0.5, x)
        if kind == "y":
            return mp.sqrt(mp.pi / (2 * x)) * mp.bessely(n + 0.5, x)
        if kind == "i":
            return mp.sqrt(mp.pi / (2 * x)) * mp.besseli(n + 0.5, x)
        return mp.sqrt(mp.pi / (2 * x)) * mp.besselk(n + 0.5, x)
    return f


def _boxcox(x, l):
    return mp.log(x) if l == 0 else mp.expm1(l * mp.log(x)) / l


def _boxcox1p(x, l):
    return mp.log1p(x) if l == 0 else mp.expm1(l * mp.log1p(x)) / l


def _inv_boxcox(y, l):
    return mp.exp(y) if l == 0 else mp.exp(mp.log1p(l * y) / l)


def _inv_boxcox1p(y, l):
    return mp.expm1(y) if l == 0 else mp.expm1(mp.log1p(l * y) / l)


def _xlogy(x, y):
    return x * mp.log(y)


def _kl_div(x, y):
    return x * mp.log(x / y) - x + y


def _huber(d, r):
    return r * r / 2 if abs(r) <= d else d * (abs(r) - d / 2)


def _pseudo_huber(d, r):
    return d * d * (mp.sqrt(1 + (r / d) ** 2) - 1)


def _ellipkm1(p):
    with mp.extraprec(1100):  # 1 - p exact for p down to 5e-324
        return +mp.ellipk(1 - p)


def _factorial(x):
    return mp.gamma(x + 1) if x >= 0 else mp.mpf(0)


def _gammaln(x):
    return mp.log(abs(mp.gamma(x)))


def _betaln(a, b):
    return mp.log(abs(mp.beta(a, b)))


def _multigammaln3(a):  # d = 3
    return 3 * (3 - 1) / 4 * mp.log(mp.pi) + sum(mp.loggamma(a - mp.mpf(j) / 2) for j in range(3))


def _erfcinv_f(x):
    return mp.erfc(x)


def _tandg(x):
    r = mp.fmod(x, 180)
    return mp.tan(r * mp.pi / 180)


def _cotdg(x):
    r = mp.fmod(x, 180)
    return mp.cot(r * mp.pi / 180)


def _exprel(x):
    return mp.expm1(x) / x if x != 0 else mp.mpf(1)


def _softplus(x):
    return mp.log1p(mp.exp(x))


def _log_expit(x):
    return -mp.log1p(mp.exp(-x))


def _i_e(v):
    return lambda x: mp.besseli(v, x) * mp.exp(-abs(x))


def _k_e(v):
    return lambda x: mp.besselk(v, x) * mp.exp(x)


def _rel_entr(x, y):
    return x * mp.log(x / y)


def _entr(x):
    return -x * mp.log(x)


def _spence(x):
    return mp.polylog(2, 1 - x)


def _wrightomega(x):
    return mp.lambertw(mp.exp(x))


def _zeta_h(x, q):
    return mp.zeta(x, q)


BESSEL_X = [1e-300, 1e-10, 0.5, 1.0, 2.0, 2.404825557695773, 3.8317059702075125, 10.0, 25.0, 100.0, 1e4, 1e8]
ORDERS = [0.0, 1.0, 2.0, 0.5, 2.5, 10.0, -0.5, -1.0, -2.5, 50.0]

SPECS = []


def spec(name, f, points, diff=(0,), **opt):
    SPECS.append((name, f, points, tuple(diff), opt))


spec("gamma", mp.gamma, pts(*X_GENERAL, *around(-1.0, -2.0, 1e-8), 171.5, 171.62, 171.7, -170.5, -171.5, -180.5, 1e-308, -1e-308))
spec("gammaln", _gammaln, pts(*X_GENERAL, *around(1.0, 2.0, -1.0), -1e-8, -170.5, 1e10, 1e15, 2.5e305, 1e306))
spec("loggamma", mp.loggamma, pts(*X_POS, *around(1.0, 2.0), 7.0, 1e15))
spec("rgamma", mp.rgamma, pts(*X_GENERAL, -1.0, -2.0, -3.0, -20.0, -171.0, -172.0, -171.5, 171.5, 180.0, 1e-308))
spec("digamma", mp.digamma, pts(*X_GENERAL, *around(1.4616321449683622, -0.5040830082644554, -1.0, 10.0),
                               -1.5, -100.5, 1e8, 1e16))
spec("psi", mp.digamma, pts(1e-300, 0.25, 1.4616321449683622, -0.5, -2.5, 1e16))
for _n in (0, 1, 2, 3):
    spec(f"polygamma[{_n}]", (lambda n: lambda x: mp.polygamma(n, x))(_n),
         pts(1e-300, 1e-8, 0.3, 1.0, 5.0, 10.0, 20.0, 1e3, 1e8, 1e100, -0.5, -2.5, -1e-8, 1.4616321449683622),
         call=(lambda n: lambda x: wsp.polygamma(n, x))(_n))
spec("erf", mp.erf, pts(*X_GENERAL, *around(0.5, 4.0, 6.0, 26.0, 90.0), 1e-200, -1e-200))
spec("erfc", mp.erfc, pts(*X_GENERAL, *around(0.5, 4.0, 6.0, 26.0, 27.3, 90.0), 1e-200))
spec("erfcx", lambda x: mp.erfc(x) * mp.exp(x * x), pts(*X_GENERAL, *around(2.0, 10.0, -10.0, 50.0), -26.0, 1e8, 1e154, 1e200))
spec("erfi", mp.erfi, pts(0.0, -0.0, 1e-300, 1e-8, 0.5, 1.0, 5.0, 26.0, 26.7, -5.0))
spec("dawsn", lambda x: mp.sqrt(mp.pi) / 2 * mp.exp(-x * x) * mp.erfi(x),
     pts(*X_GENERAL, *around(10.0, -10.0, 3.25, 6.25, 1e9), 1e-200, 1e154))
spec("erfinv", mp.erfinv, pts(0.0, -0.0, 5e-324, 1e-300, 1e-100, 1e-8, 0.3, 0.5, 0.9, 0.99, 1 - 1e-8, 1 - 2 ** -52,
                              -0.5, -(1 - 2 ** -52), 2 ** -52, *around(0.25, 0.75)))
spec("erfcinv", None, pts(5e-324, 1e-300, 1e-100, 1e-20, 1e-8, 0.1, 0.5, 1.0, 1.5, 2 - 1e-8, 2 - 2 ** -52,
                          *around(0.0625, 1e-100)), inverse=(mp.erfc, 0))
spec("ndtr", _ndtr, pts(*X_GENERAL, *around(-20.0, 127.0, -38.0, 8.0), -1e-200))
spec("log_ndtr", lambda x: mp.log(mp.ncdf(x)) if x < 0 else mp.log1p(-mp.ncdf(-x)),
     pts(*X_GENERAL, *around(-1.0, -20.0, 6.0, 38.0), -1e10, -1e20, -1e150, -1e154, -1e200, 1e10))
spec("ndtri", None, pts(*P01, *around(0.02425, 1 - 0.02425, 0.135335283236612691)), inverse=(_ndtr, 0))
spec("ndtri_exp", None, pts(-1e300, -1e20, -745.0, -700.0, -50.0, -2.0, -1.0, -0.5, -1e-2, -1e-8, -1e-300,
                            *around(-2.0, -0.14541345786885906)), inverse=(lambda x: mp.log(mp.ncdf(x)), 0))
spec("expit", mp.sigmoid if hasattr(mp, "sigmoid") else (lambda x: 1 / (1 + mp.exp(-x))),
     pts(*X_GENERAL, 36.0, 37.0, 710.0, 745.0, -745.0, -750.0, 800.0))
spec("log_expit", _log_expit, pts(*X_GENERAL, 36.0, 37.0, 710.0, 745.0, -745.0, 800.0))
spec("logit", lambda p: mp.log(p / (1 - p)), pts(*P01, 0.25, 0.75))
if hasattr(sc, "softplus"):
    spec("softplus", _softplus, pts(*X_GENERAL, 20.0, 37.0, 710.0, -745.0, 800.0))
spec("expm1", mp.expm1, pts(*X_GENERAL, *around(1e-5, 709.78)))
spec("log1p", mp.log1p, pts(0.0, -0.0, 5e-324, 1e-300, 1e-8, 0.5, 1.0, 1e300, -0.5, -1 + 1e-8, -1 + 2 ** -53, -0.999999999999))
spec("cbrt", lambda x: mp.sign(x) * mp.cbrt(abs(x)), pts(1e-300, 5e-324, 1e-8, 0.5, 8.0, 1e300, -1e-300, -8.0, -1e300))
spec("exp2", lambda x: mp.mpf(2) ** x, pts(0.0, 1e-300, 0.5, 10.0, 1023.9, -1074.0, -1080.0, -1e-8))
spec("exp10", lambda x: mp.mpf(10) ** x, pts(0.0, 1e-300, 0.5, 10.0, 308.2, -307.0, -323.0, -1e-8))
spec("cosm1", lambda x: mp.cos(x) - 1, pts(0.0, -0.0, 5e-324, 1e-300, 1e-8, 0.5, 0.785, 0.8, 1.0, 3.14159, 100.0, 1e20, -1e-8))
spec("exprel", _exprel, pts(0.0, -0.0, 5e-324, 1e-300, 1e-20, 1e-8, 1e-5, *around(0.01, 0.1, 0.5, 1.0), 10.0, 700.0, 710.0,
                           -1e-8, -0.5, -10.0, -700.0, -750.0, -1e300))
spec("entr", _entr, pts(5e-324, 1e-300, 1e-8, 0.5, math.exp(-1), 1.0, 2.0, 1e300))
spec("sindg", lambda x: mp.sinpi(x / 180), pts(0.0, -0.0, 1e-300, 1e-8, 30.0, 45.0, 90.0, 180.0, 270.0, 360.0, 1e10, 1e20, -90.0))
spec("cosdg", lambda x: mp.cospi(x / 180), pts(0.0, -0.0, 1e-300, 1e-8, 30.0, 45.0, 90.0, 180.0, 270.0, 1e10, -90.0))
spec("tandg", _tandg, pts(0.0, -0.0, 1e-300, 1e-8, 30.0, 45.0, 89.0, 135.0, 180.0, 225.0, -45.0, 1e10, 1e20))
spec("cotdg", _cotdg, pts(1e-300, 1e-8, 30.0, 45.0, 89.0, 90.0, 135.0, 180.0 - 1e-8, -45.0, 270.0, 1e10))
spec("spence", _spence, pts(0.0, 5e-324, 1e-300, 1e-8, 0.5, *around(1.0, 2.0, 0.5), 1e10, 1e300))
spec("exp1", mp.e1, pts(5e-324, 1e-300, 1e-8, 0.5, *around(1.0), 10.0, 700.0, 750.0, 1e300))
spec("expi", mp.ei, pts(5e-324, 1e-300, 1e-8, 0.5, 0.37250741078136663, *around(6.0, 50.0), 709.0, 720.0, -1e-8,
                        -0.5, -10.0, -700.0, -750.0, -1e300))
spec("lambertw", lambda x: mp.lambertw(x), pts(0.0, -0.0, 1e-300, 1e-8, 0.5, 1.0, 1e10, 1e300, -1e-300, -0.1,
                                              -0.36787944117144233, -0.3678794411714423, -0.3678794411714, -0.36),
     call=lambda x: wsp.lambertw(x).real)
spec("wrightomega", _wrightomega, pts(0.0, 1e-300, 1.0, 10.0, 1e10, 1e20, -1.0, -10.0, -700.0, -745.0, -750.0, -1e300))
for _f, _m in (("i0", 0), ("i1", 1)):
    spec(_f, (lambda v: lambda x: mp.besseli(v, x))(_m), pts(0.0, -0.0, 1e-300, 1e-8, 0.5, 1.0, 8.0, 10.0, 30.0, 700.0, -2.0, -30.0))
    spec(_f + "e", _i_e(_m), pts(0.0, -0.0, 5e-324, 1e-300, 1e-8, 0.5, 1.0, 8.0, 10.0, 30.0, 700.0, 1e5, 1e20, 1e300,
                                 -1e-300, -2.0, -30.0, -1e300))
for _f, _m in (("j0", 0), ("j1", 1)):
    spec(_f, (lambda v: lambda x: mp.besselj(v, x))(_m), pts(0.0, -0.0, 1e-300, 1e-8, 0.5, 2.404825557695773, 3.8317059702075125,
                                                          5.0, 25.0, 1e4, 1e8, 1e20, -2.0))
for _f, _m in (("y0", 0), ("y1", 1)):
    spec(_f, (lambda v: lambda x: mp.bessely(v, x))(_m), pts(5e-324, 1e-300, 1e-8, 0.5, 0.8935769662791675, 2.197141326031017,
                                                          5.0, 25.0, 1e4, 1e8, 1e20))
for _f, _m in (("k0", 0), ("k1", 1)):
    spec(_f, (lambda v: lambda x: mp.besselk(v, x))(_m), pts(5e-324, 1e-300, 1e-8, 0.5, 1.0, 2.0, 2.5, 10.0, 700.0, 750.0))
    spec(_f + "e", _k_e(_m), pts(5e-324, 1e-300, 1e-8, 0.5, 1.0, 2.0, 2.5, 10.0, 700.0, 750.0, 1e5, 1e20, 1e300))
spec("sici[0]", lambda x: mp.si(x), pts(0.0, -0.0, 1e-300, 1e-8, 0.5, 4.0, 100.0, 1e10, 1e20, -3.0), call=lambda x: wsp.sici(x)[0])
spec("sici[1]", lambda x: mp.ci(x), pts(5e-324, 1e-300, 1e-8, 0.5, 0.6165054856207162, 4.0, 100.0, 1e10, 1e20), call=lambda x: wsp.sici(x)[1])
spec("fresnel[0]", lambda x: mp.fresnels(x), pts(0.0, -0.0, 1e-300, 1e-8, 0.5, 1.0, 2.5, 36.0, 100.0, 1e10, -3.0),
     call=lambda x: wsp.fresnel(x)[0])
spec("fresnel[1]", lambda x: mp.fresnelc(x), pts(0.0, -0.0, 1e-300, 1e-8, 0.5, 1.0, 2.5, 36.0, 100.0, 1e10, -3.0),
     call=lambda x: wsp.fresnel(x)[1])
spec("ellipk", mp.ellipk, pts(0.0, -0.0, 1e-300, 1e-8, 0.5, 0.9, 1 - 1e-8, 1 - 2 ** -52, -1.0, -1e10, -1e300))
spec("ellipkm1", lambda p: _ellipkm1(p), pts(5e-324, 1e-300, 1e-8, 0.5, 1.0, 1 - 1e-8, 2.0, 1e10, 1e300))
spec("ellipe", mp.ellipe, pts(0.0, -0.0, 1e-300, 1e-8, 0.5, 0.9, 1 - 1e-8, 1 - 2 ** -52, 1.0, -1.0, -1e10, -1e300))
spec("zeta", lambda x: mp.zeta(x), pts(1 + 1e-8, 1 + 1e-15, 1.5, 2.0, 10.0, 60.0, 100.0, 1e3))
spec("factorial", _factorial, pts(0.0, 1e-300, 0.5, 1.0, 3.0, 10.5, 170.0, 170.6))
spec("multigammaln", _multigammaln3, pts(1.0 + 1e-8, 1.5, 3.0, 10.0, 1e10), call=lambda a: wsp.multigammaln(a, 3))

# two and more arguments
AB = [(0.5, 0.5), (1.0, 1.0), (2.0, 3.0), (1e-8, 2.0), (1e-300, 1.0), (-0.5, 2.0), (-1.5, -2.5), (-2.0, 0.5), (3.0, -2.5),
      (100.0, 1e-3), (1e10, 1e10), (1e5, 2.0), (30.0, 40.0), (-0.5, 0.5), (1.5, -1.5 + 1e-9)]
spec("beta", mp.beta, AB, diff=(0, 1))
spec("betaln", _betaln, AB + [(1e300, 2.0), (1e150, 1e150), (5e-324, 5e-324)], diff=(0, 1))
spec("binom", mp.binomial, [(5.0, 2.0), (5.5, 2.0), (5.0, 2.5), (-3.5, 2.0), (-3.0, 2.0), (10.0, 0.0), (10.0, 10.0),
                            (0.0, 0.0), (1e-8, 1e-8), (1e10, 3.0), (100.0, 50.5), (5.0, -1.0), (5.0, 7.0), (2.0, 2 + 1e-9)],
     diff=(0, 1))
spec("poch", mp.rf, [(1.0, 2.0), (0.5, 0.5), (2.0, 0.0), (-2.5, 1.0), (-2.0, 1.5), (1e-300, 1.0), (10.0, -3.0), (100.0, 10.0),
                     (1e10, 2.0), (3.0, -3.5), (0.0, 1.0)], diff=(0, 1))
GA = [(0.5, 0.5), (1.0, 1.0), (2.0, 1e-300), (2.0, 1e-8), (1e-8, 1.0), (1e-300, 1e-300), (5.0, 4.9), (20.0, 21.0), (100.0, 100.0),
      (100.0, 90.0), (1e4, 1e4 + 1), (1e10, 1e10), (0.3, 1.1), (1.1, 0.3), (2.0, 30.0), (30.0, 2.0), (2.0, 700.0), (0.5, 1e300),
      (5.0, 12.0), (12.0, 5.0), (20.0, 1e-3), (1e3, 900.0), (1e3, 1100.0), (250.0, 240.0)]
spec("gammainc", lambda a, x: mp.gammainc(a, 0, x, regularized=True), GA, diff=(0, 1))
spec("gammaincc", lambda a, x: mp.gammainc(a, x, mp.inf, regularized=True), GA, diff=(0, 1))
spec("gammaincinv", None, [(0.5, 0.5), (2.0, 1e-300), (2.0, 1e-8), (1e-8, 0.5), (5.0, 0.9), (100.0, 0.1), (0.3, 0.99), (30.0, 1 - 1e-12)],
     diff=(0, 1), inverse=(lambda a, x: mp.gammainc(a, 0, x, regularized=True), 1))
spec("gammainccinv", None, [(0.5, 0.5), (2.0, 1e-300), (2.0, 1e-8), (1e-8, 0.5), (5.0, 0.9), (100.0, 0.1), (0.3, 0.99)],
     diff=(0, 1), inverse=(lambda a, x: mp.gammainc(a, x, mp.inf, regularized=True), 1))
BI = [(0.5, 0.5, 0.5), (2.0, 3.0, 0.3), (2.0, 3.0, 1e-300), (2.0, 3.0, 1 - 1e-12), (1e-8, 2.0, 0.5), (30.0, 40.0, 0.4),
      (30.0, 40.0, 0.45), (100.0, 100.0, 0.5), (1.0, 1.0, 0.5), (5.0, 0.5, 0.99), (0.5, 5.0, 0.01), (1e3, 2.0, 0.999),
      (1e5, 1e5, 0.5), (3.0, 2.0, 0.59), (3.0, 2.0, 0.61), (1.5, 1e-300, 0.5), (2.0, 2.0, 5e-324)]
spec("betainc", lambda a, b, x: mp.betainc(a, b, 0, x, regularized=True), BI, diff=(0, 1, 2))
spec("betaincc", lambda a, b, x: mp.betainc(a, b, x, 1, regularized=True), BI, diff=(0, 1, 2))
BINV = [(0.5, 0.5, 0.5), (2.0, 3.0, 0.3), (2.0, 3.0, 1e-300), (2.0, 3.0, 1 - 1e-12), (1e-3, 2.0, 0.5), (30.0, 40.0, 0.4),
        (5.0, 0.5, 0.99), (0.5, 5.0, 0.01), (1.0, 1.0, 0.25)]
spec("betaincinv", None, BINV, diff=(0, 1, 2), inverse=(lambda a, b, x: mp.betainc(a, b, 0, x, regularized=True), 2))
spec("betainccinv", None, BINV, diff=(0, 1, 2), inverse=(lambda a, b, x: mp.betainc(a, b, x, 1, regularized=True), 2))
spec("xlogy", _xlogy, [(0.0, 0.5), (2.0, 0.5), (2.0, 1e-300), (1e-300, 1e300), (-3.0, 2.0), (2.0, 1.0), (1.0, 1 + 1e-12)], diff=(0, 1))
spec("xlog1py", lambda x, y: x * mp.log1p(y), [(0.0, 0.5), (2.0, 0.5), (2.0, 1e-300), (2.0, -1 + 1e-12), (-3.0, 2.0), (1.0, -0.5),
                                              (1.0, 0.0)], diff=(0, 1))
spec("rel_entr", _rel_entr, [(1.0, 2.0), (1e-300, 1.0), (2.0, 1e-300), (1.0, 1.0), (1e300, 1e-300), (0.5, 0.5 + 1e-12)], diff=(0, 1))
spec("kl_div", _kl_div, [(1.0, 2.0), (1e-300, 1.0), (2.0, 1e-300), (1.0, 1.0), (0.5, 0.5 + 1e-12), (1e300, 1e300)], diff=(0, 1))
spec("boxcox", _boxcox, [(2.0, 0.0), (2.0, 1e-300), (2.0, 1e-10), (2.0, -1e-10), (1 + 1e-12, 0.5), (1.0, 0.5), (0.5, 2.0), (1e300, 1.0),
                         (1e-300, 0.5), (2.0, 1e-6), (2.0, 1e-4), (100.0, 0.01), (2.0, -3.0), (1e100, 1e-10)], diff=(0, 1))
spec("boxcox1p", _boxcox1p, [(1.0, 0.0), (1.0, 1e-300), (1e-12, 0.5), (0.0, 0.5), (-0.5, 2.0), (1e-300, 1e-10), (1.0, 1e-6),
                             (1.0, 1e-4), (1e300, 1.0), (-1 + 1e-12, 0.5), (1.0, -3.0)], diff=(0, 1))
spec("inv_boxcox", _inv_boxcox, [(0.5, 0.0), (0.5, 1e-300), (0.5, 1e-10), (0.5, -1e-10), (1e-12, 0.5), (0.0, 0.5), (2.0, 1e-6),
                                 (2.0, 1e-4), (-0.3, 2.0), (3.0, -0.3), (100.0, 1e-3)], diff=(0, 1))
spec("inv_boxcox1p", _inv_boxcox1p, [(0.5, 0.0), (0.5, 1e-300), (0.5, 1e-10), (1e-12, 0.5), (0.0, 0.5), (1e-300, 0.5),
                                     (2.0, 1e-6), (2.0, 1e-4), (-0.3, 2.0), (3.0, -0.3)], diff=(0, 1))
spec("powm1", lambda x, y: mp.power(x, y) - 1, [(2.0, 0.5), (1.0, 0.5), (1 + 1e-12, 3.0), (2.0, 1e-300), (2.0, 0.0), (0.5, -2.0),
                                               (1e-300, 0.5), (1e300, 0.5), (10.0, 300.0), (-2.0, 3.0), (0.0, 2.0), (5.0, 1e-12)],
     diff=(0, 1))
spec("huber", _huber, [(1.0, 0.5), (1.0, 2.0), (1.0, -2.0), (1e-300, 1.0), (2.0, 1e-300), (1.0, 1 + 1e-9)], diff=(0, 1))
spec("pseudo_huber", _pseudo_huber, [(1.0, 0.5), (1.0, 2.0), (1e-300, 1.0), (1.0, 1e-300), (1.0, 1e300), (1e-10, 1.0), (1e10, 1.0),
                                     (1e300, 1.0), (1.0, 0.0)], diff=(0, 1))
spec("zeta(x,q)", _zeta_h, [(2.0, 1.0), (2.0, 0.5), (3.0, 1e-300), (1 + 1e-8, 1.0), (10.0, 1e10), (2.5, 100.0), (100.0, 2.0)],
     diff=(0, 1), call=lambda x, q: wsp.zeta(x, q))
spec("stdtr", _stdtr, [(1.0, 0.5), (2.0, -3.0), (5.0, 0.0), (1e-300, 1.0), (1e-3, 1.0), (30.0, 1e10), (1e10, 1.0), (1e20, -2.0),
                       (0.5, -1e300), (3.0, -1e-300), (100.0, 8.0), (1e6, 5.0)], diff=(0, 1))
spec("stdtrit", None, [(1.0, 0.5), (2.0, 0.01), (5.0, 0.9), (30.0, 1e-10), (1e10, 0.3), (0.5, 0.7), (3.0, 1e-300), (100.0, 1 - 1e-12)],
     diff=(0, 1), inverse=(_stdtr, 1))
spec("chdtr", lambda v, x: mp.gammainc(v / 2, 0, x / 2, regularized=True), [(2.0, 1.0), (1.0, 1e-300), (10.0, 9.0), (1e-3, 1.0),
                                                                          (100.0, 200.0), (3.0, 1e3)], diff=(0, 1))
spec("chdtrc", lambda v, x: mp.gammainc(v / 2, x / 2, mp.inf, regularized=True), [(2.0, 1.0), (1.0, 1e-300), (10.0, 9.0),
                                                                               (1e-3, 1.0), (100.0, 200.0), (3.0, 1e3)], diff=(0, 1))
spec("chdtri", None, [(2.0, 0.5), (1.0, 1e-300), (10.0, 0.99), (1e-3, 0.5), (100.0, 0.01)], diff=(0, 1),
     inverse=(lambda v, x: mp.gammainc(v / 2, x / 2, mp.inf, regularized=True), 1))
spec("gdtr", _gdtr, [(1.0, 2.0, 1.0), (2.0, 0.5, 1e-300), (0.5, 30.0, 60.0), (3.0, 1e-3, 1.0), (1e-3, 2.0, 1e3)], diff=(0, 1, 2))
spec("gdtrc", lambda a, b, x: 1 - _gdtr(a, b, x), [(1.0, 2.0, 1.0), (0.5, 30.0, 60.0), (3.0, 1e-3, 1.0), (1.0, 2.0, 50.0)],
     diff=(0, 1, 2))
spec("pdtr", lambda k, m: mp.gammainc(k + 1, m, mp.inf, regularized=True), [(2.0, 1.0), (0.0, 1e-300), (10.0, 9.0), (5.0, 100.0)],
     diff=(1,))
spec("pdtrc", lambda k, m: mp.gammainc(k + 1, 0, m, regularized=True), [(2.0, 1.0), (0.0, 1e-300), (10.0, 9.0), (5.0, 100.0)],
     diff=(1,))
spec("bdtr", lambda k, n, p: mp.betainc(n - k, k + 1, 0, 1 - p, regularized=True),
     [(2.0, 5.0, 0.3), (0.0, 5.0, 1e-300), (4.0, 5.0, 0.5), (10.0, 100.0, 0.01), (3.0, 5.0, 1 - 1e-12)], diff=(2,))
spec("bdtrc", lambda k, n, p: mp.betainc(k + 1, n - k, 0, p, regularized=True),
     [(2.0, 5.0, 0.3), (0.0, 5.0, 1e-300), (4.0, 5.0, 0.5), (10.0, 100.0, 0.01)], diff=(2,))
spec("nbdtr", lambda k, n, p: mp.betainc(n, k + 1, 0, p, regularized=True),
     [(2.0, 5.0, 0.3), (0.0, 5.0, 1e-300), (4.0, 5.0, 0.5), (10.0, 100.0, 0.9)], diff=(2,))
spec("nbdtrc", lambda k, n, p: mp.betainc(n, k + 1, p, 1, regularized=True),
     [(2.0, 5.0, 0.3), (0.0, 5.0, 1e-300), (4.0, 5.0, 0.5), (10.0, 100.0, 0.9)], diff=(2,))
_F = lambda a, b, x: mp.betainc(a / 2, b / 2, 0, a * x / (a * x + b), regularized=True)  # noqa: E731
spec("fdtr", _F, [(2.0, 3.0, 1.0), (1.0, 1.0, 1e-300), (10.0, 20.0, 2.0), (1e-3, 5.0, 1.0), (5.0, 1e6, 1.0), (100.0, 100.0, 1e3)],
     diff=(0, 1, 2))
spec("fdtrc", lambda a, b, x: 1 - _F(a, b, x), [(2.0, 3.0, 1.0), (10.0, 20.0, 2.0), (5.0, 1e6, 1.0), (2.0, 3.0, 1e3)], diff=(0, 1, 2))
spec("fdtri", None, [(2.0, 3.0, 0.5), (10.0, 20.0, 0.9), (1.0, 1.0, 1e-10), (5.0, 1e6, 0.3)], diff=(0, 1, 2), inverse=(_F, 2))
spec("ellipkinc", mp.ellipf, [(0.5, 0.5), (0.0, 0.5), (1e-300, 0.5), (1.0, 1.0), (1.5707963267948966, 1 - 1e-8), (3.0, 0.9),
                              (10.0, 0.3), (0.5, -1.0), (0.5, 2.0), (0.5, 0.0), (1e10, 0.5), (1.0, -1e10)], diff=(0, 1))
spec("ellipeinc", mp.ellipe, [(0.5, 0.5), (0.0, 0.5), (1e-300, 0.5), (1.0, 1.0), (1.5707963267948966, 1 - 1e-8), (3.0, 0.9),
                              (10.0, 0.3), (0.5, -1.0), (0.5, 2.0), (0.5, 0.0), (1e10, 0.5)], diff=(0, 1))
spec("owens_t", _owens_t, [(0.5, 0.5), (0.0, 1.0), (1.0, 0.0), (1e-300, 2.0), (3.0, 1e10), (0.5, -2.0), (10.0, 0.5), (-2.0, 1.0),
                           (0.1, 1e-300)], diff=(0, 1))
for _name, _f, _x in (("eval_legendre", mp.legendre, [0.0, 0.5, 1.0, -1.0, 1.5, 1e-300, 1e10]),
                      ("eval_chebyt", mp.chebyt, [0.0, 0.5, 1.0, -1.0, 1 - 1e-12, 1.5, 1e10]),
                      ("eval_chebyu", mp.chebyu, [0.0, 0.5, 1.0, -1.0, 1 - 1e-12, 1.5, 1e10]),
                      ("eval_hermite", mp.hermite, [0.0, 0.5, 1.0, 10.0, -3.0, 1e10]),  # (n an int: SciPy's)
                      ("eval_hermitenorm", _hermitenorm, [0.0, 0.5, 1.0, 10.0, -3.0, 1e10]),
                      ("eval_laguerre", lambda n, x: mp.laguerre(n, 0, x), [0.0, 0.5, 1.0, 10.0, -3.0, 1e10])):
    spec(_name, _f, [(int(n) if "hermite" in _name else n, x) for n in (0.0, 1.0, 2.0, 5.0, 30.0) for x in _x], diff=(1,))
spec("eval_gegenbauer", mp.gegenbauer, [(n, a, x) for n in (0.0, 2.0, 5.0) for a in (0.5, 1e-8, 2.5) for x in (0.0, 0.5, 1.0, -1.0, 3.0)],
     diff=(1, 2))
spec("eval_genlaguerre", lambda n, a, x: mp.laguerre(n, a, x),
     [(n, a, x) for n in (0.0, 2.0, 5.0) for a in (0.5, 0.0, 2.5, -0.5) for x in (0.0, 0.5, 10.0)], diff=(1, 2))
for _name, _k in (("spherical_jn", "j"), ("spherical_yn", "y"), ("spherical_in", "i"), ("spherical_kn", "k")):
    spec(_name, _spherical(_k), [(n, x) for n in (0, 1, 2, 5) for x in (1e-300, 1e-8, 0.5, 1.0, 3.0, 10.0, 100.0, 1e4)
                                 if not (_k in "ik" and x > 700)], diff=(1,), intorder=True)
for _name, _f in (("jv", mp.besselj), ("yv", mp.bessely), ("iv", mp.besseli), ("kv", mp.besselk)):
    spec(_name, _f, [(v, x) for v in ORDERS for x in BESSEL_X if not (_name in ("iv", "kv") and x > 700)], diff=(0, 1))
for _name, _f in (("jve", mp.besselj), ("yve", mp.bessely)):
    spec(_name, _f, [(v, x) for v in (0.0, 1.0, 2.5, -0.5) for x in (1e-300, 0.5, 2.0, 10.0, 100.0)], diff=(0, 1))
spec("ive", lambda v, x: mp.besseli(v, x) * mp.exp(-abs(x)),
     [(v, x) for v in (0.0, 1.0, 2.5, -0.5, -1.0, 50.0) for x in (1e-300, 1e-8, 0.5, 2.0, 10.0, 100.0, 1e4, 1e8, 1e20, -2.0, -100.0)],
     diff=(0, 1))
spec("kve", lambda v, x: mp.besselk(v, x) * mp.exp(x),
     [(v, x) for v in (0.0, 1.0, 2.5, -0.5, -1.0, 50.0) for x in (1e-300, 1e-8, 0.5, 2.0, 10.0, 100.0, 1e4, 1e8, 1e20)], diff=(0, 1))
for _name, _f in (("jn", mp.besselj), ("yn", mp.bessely), ("kn", mp.besselk)):
    spec(_name, _f, [(n, x) for n in (0.0, 1.0, 2.0, 5.0, -1.0, -2.0, 30.0) for x in (1e-300, 1e-8, 0.5, 2.0, 10.0, 100.0, 1e4)],
         diff=(1,), intorder=True)
spec("expn", lambda n, x: mp.expint(n, x), [(n, x) for n in (0, 1, 2, 5, 50) for x in (1e-300, 1e-8, 0.5, 1.0, 2.0, 10.0, 100.0, 700.0, 800.0)
                                            if not (n in (0, 1) and x < 1e-200)], diff=(1,), intorder=True)
spec("hyp1f1", mp.hyp1f1, [(a, b, z) for a in (0.5, -2.0, 2.0, 1e-8) for b in (1.5, 0.5, 10.0) for z in (0.0, 1e-300, 0.5, -3.0, 30.0, -30.0)],
     diff=(2,))
spec("hyp2f1", mp.hyp2f1, [(a, b, c, z) for (a, b, c) in ((0.5, 0.5, 1.5), (1.0, 1.0, 2.0), (-2.0, 1.5, 2.5), (2.0, 3.0, 4.5))
                           for z in (0.0, 1e-300, 0.5, 0.9, 1 - 1e-10, -0.5, -10.0, -1e10)], diff=(3,))
spec("wright_bessel", _wright_bessel, [(a, b, x) for (a, b) in ((0.5, 1.0), (1.0, 2.0), (0.1, 0.5), (2.0, 1e-3))
                                       for x in (0.0, 1e-300, 0.5, 2.0, 10.0)], diff=(2,))


# -- session 51: the functions not probed before ------------------------------------------------
# the inverses of the binomial, negative binomial and Poisson distribution functions, in y
spec("bdtri", None, [(2.0, 5.0, 0.3), (0.0, 5.0, 0.5), (4.0, 5.0, 1e-10), (10.0, 100.0, 0.9), (3.0, 5.0, 1 - 1e-12),
                     (2.0, 5.0, 1e-300)], diff=(2,),
     inverse=(lambda k, n, p: mp.betainc(n - k, k + 1, 0, 1 - p, regularized=True), 2))
spec("nbdtri", None, [(2.0, 5.0, 0.3), (0.0, 5.0, 0.5), (4.0, 5.0, 1e-10), (10.0, 100.0, 0.9), (3.0, 5.0, 1 - 1e-12)],
     diff=(2,), inverse=(lambda k, n, p: mp.betainc(n, k + 1, 0, p, regularized=True), 2))
spec("pdtri", None, [(2.0, 0.3), (0.0, 0.5), (10.0, 1e-10), (5.0, 0.99), (100.0, 0.5), (3.0, 1 - 1e-12)], diff=(1,),
     inverse=(lambda k, m: mp.gammainc(k + 1, m, mp.inf, regularized=True), 1))


def _comb(n, k):
    return mp.binomial(n, k) if 0 <= k <= n else mp.mpf(0)


spec("comb", _comb, [(5.0, 2.0), (5.5, 2.0), (5.0, 2.5), (10.0, 0.5), (1e10, 3.0), (100.0, 50.5), (1e-8, 1e-8), (3.0, 1e-300),
                     (2.0, 2 - 1e-9), (30.0, 29.5)], diff=(0, 1))
spec("comb[rep]", lambda n, k: mp.binomial(n + k - 1, k), [(5.0, 2.0), (5.5, 2.5), (0.5, 0.3), (1e10, 3.0), (2.0, 1e-8)],
     diff=(0, 1), call=lambda n, k: wsp.comb(n, k, repetition=True))
# gammasgn: piecewise constant, no gradient (plain values): its derivatives 0 between the poles
spec("gammasgn", lambda x: mp.sign(mp.gamma(x)), pts(0.5, 1e-300, 5e-324, -0.5, -1.5, -2.5 + 1e-9, -170.5, 1e300, -1e-300))


def _hankel(kind, scaled, part):
    def f(v, x):
        h = mp.besselj(v, x) + (1 if kind == 1 else -1) * 1j * mp.bessely(v, x)
        if scaled:
            h = h * mp.exp((-1 if kind == 1 else 1) * 1j * x)
        return mp.re(h) if part == "re" else mp.im(h)
    return f


for _kind in (1, 2):
    for _scaled in (False, True):
        for _part in ("re", "im"):
            _hname = f"hankel{_kind}{'e' if _scaled else ''}"
            spec(f"{_hname}[{_part}]", _hankel(_kind, _scaled, _part), partner=_hankel(_kind, _scaled, "im" if _part == "re" else "re"),
                 points=
                 [(v, x) for v in (0.0, 1.0, 2.5, -0.5, 40.0) for x in (1e-300, 1e-8, 0.5, 2.404825557695773, 10.0, 100.0)],
                 diff=(1,), call=(lambda fn, pt: lambda v, x: (np.real if pt == "re" else np.imag)(fn(v, x)))(getattr(wsp, _hname), _part))


def _wofz_c(part):
    def f(x, y):
        z = mp.mpc(x, y)
        w = mp.exp(-z * z) * mp.erfc(-1j * z)
        return mp.re(w) if part == "re" else mp.im(w)
    return f


WZ = [(0.0, 0.0), (1e-300, 0.0), (0.5, 0.0), (5.0, 0.0), (30.0, 0.0), (1e4, 0.0), (-3.0, 0.0), (0.5, 0.5), (3.0, 1e-8),
      (0.0, 1.0), (1.0, -0.5), (10.0, 10.0), (100.0, 1.0), (0.1, 30.0), (1e-8, 1e-8), (6.0, 0.1)]
for _part in ("re", "im"):
    spec(f"wofz[{_part}]", _wofz_c(_part), WZ, diff=(0, 1), partner=_wofz_c("im" if _part == "re" else "re"),
         call=(lambda pt: lambda x, y: (np.real if pt == "re" else np.imag)(wsp.wofz(x + 1j * y)))(_part))

# complex arguments (real and imaginary parts of f(x + i y), differentiated in x and y)
ZC = [(2.0, 1.0), (0.5, -0.5), (-2.5, 0.1), (1e-8, 1e-8), (10.0, 30.0), (-30.0, 1.0), (0.0, 1.0), (100.0, 1e-10)]
for _name, _mpf, _fn in (("gamma", mp.gamma, lambda: wsp.gamma), ("loggamma", mp.loggamma, lambda: wsp.loggamma),
                         ("rgamma", mp.rgamma, lambda: wsp.rgamma), ("digamma", mp.digamma, lambda: wsp.digamma),
                         ("erf", mp.erf, lambda: wsp.erf), ("erfc", mp.erfc, lambda: wsp.erfc),
                         ("erfcx", lambda z: mp.exp(z * z) * mp.erfc(z), lambda: wsp.erfcx),
                         ("dawsn", lambda z: mp.sqrt(mp.pi) / 2 * mp.exp(-z * z) * mp.erfi(z), lambda: wsp.dawsn),
                         ("expm1", mp.expm1, lambda: wsp.expm1), ("log1p", mp.log1p, lambda: wsp.log1p),
                         ("exp1", mp.e1, lambda: wsp.exp1), ("expi", mp.ei, lambda: wsp.expi),
                         ("spence", lambda z: mp.polylog(2, 1 - z), lambda: wsp.spence),
                         # (omega(z) = W_K(e^z), K the unwinding number ceil((Im z - pi) / (2 pi)))
                         ("wrightomega", lambda z: mp.lambertw(mp.exp(z), int(mp.ceil((mp.im(z) - mp.pi) / (2 * mp.pi)))),
                          lambda: wsp.wrightomega),
                         ("lambertw", mp.lambertw, lambda: wsp.lambertw)):
    for _part in ("re", "im"):
        spec(f"{_name}(z)[{_part}]",
             (lambda g, pt: lambda x, y: (mp.re if pt == "re" else mp.im)(g(mp.mpc(x, y))))(_mpf, _part), ZC, diff=(0, 1),
             partner=(lambda g, pt: lambda x, y: (mp.im if pt == "re" else mp.re)(g(mp.mpc(x, y))))(_mpf, _part),
             call=(lambda fn, pt: lambda x, y: (np.real if pt == "re" else np.imag)(fn()(x + 1j * y)))(_fn, _part))
for _name, _mpf in (("jv", mp.besselj), ("yv", mp.bessely), ("iv", mp.besseli), ("kv", mp.besselk)):
    for _part in ("re", "im"):
        spec(f"{_name}(z)[{_part}]",
             (lambda g, pt: lambda v, x, y: (mp.re if pt == "re" else mp.im)(g(v, mp.mpc(x, y))))(_mpf, _part),
             [(v, x, y) for v in (0.0, 1.5) for (x, y) in ((2.0, 1.0), (0.5, -0.5), (10.0, 30.0), (1e-8, 1e-8))], diff=(1, 2),
             partner=(lambda g, pt: lambda v, x, y: (mp.im if pt == "re" else mp.re)(g(v, mp.mpc(x, y))))(_mpf, _part),
             call=(lambda fn, pt: lambda v, x, y: (np.real if pt == "re" else np.imag)(fn(v, x + 1j * y)))(getattr(wsp, _name),
                                                                                                         _part))


# logsumexp, softmax, log_softmax of three entries (ties, -inf entries, weights with zeros and negatives)
def _lse(a0, a1, a2, b0=1, b1=1, b2=1):
    return mp.log(b0 * mp.exp(a0) + b1 * mp.exp(a1) + b2 * mp.exp(a2))


def _stack(*xs):
    return np.stack([x for x in xs])


LSE = [(1.0, 1.0, 1.0), (0.0, 1000.0, 1000.0), (-1000.0, 0.0, 1e-300), (700.0, 710.0, 720.0), (-745.0, -745.0, 0.0),
       (1e-8, -1e-8, 0.0), (0.0, 40.0, -40.0)]
spec("logsumexp", _lse, LSE, diff=(0, 1, 2), call=lambda *a: wsp.logsumexp(_stack(*a)))
spec("logsumexp[-inf]", lambda a0, a1, a2: _lse(a0, a1, a2), [(-math.inf, 0.0, 1.0), (-math.inf, 5.0, 5.0)], diff=(1, 2),
     call=lambda *a: wsp.logsumexp(_stack(*a)))
LSEB = [(0.0, 1.0, 2.0, 1.0, 0.0, 2.0), (0.0, 1.0, 2.0, 0.5, 0.5, 1e-300), (1.0, 1.0, 1.0, 1.0, -0.5, 1.0),
        (0.0, 0.0, 0.0, 2.0, -1.0, 0.0), (0.0, 1.0, 2.0, -1.0, 2.0, 1.0), (500.0, 0.0, -500.0, 1.0, 1e300, 3.0),
        (0.0, 0.0, 0.0, 1.0, -1.0, 1e-10)]
spec("logsumexp[b]", _lse, LSEB, diff=(0, 1, 2, 3, 4, 5),
     call=lambda a0, a1, a2, b0, b1, b2: wsp.logsumexp(_stack(a0, a1, a2), b=_stack(b0, b1, b2)))
# (a constant b = 0: its term left out, as SciPy does, also where a is inf)
spec("logsumexp[b const]", lambda a0, a1, a2: mp.log(mp.exp(a0) + 2 * mp.exp(a2)), [(0.0, 1.0, 2.0), (0.0, math.inf, 2.0), (5.0, 5.0, 5.0)],
     diff=(0, 2), call=lambda a0, a1, a2: wsp.logsumexp(_stack(a0, a1, a2), b=np.array([1.0, 0.0, 2.0])))
spec("logsumexp[sign]", lambda a0, a1, a2, b0, b1, b2: mp.log(abs(b0 * mp.exp(a0) + b1 * mp.exp(a1) + b2 * mp.exp(a2))),
     [(0.0, 1.0, 2.0, 1.0, -1.0, -1.0), (0.0, 0.0, 0.0, 1.0, -1.0, -1e-10), (3.0, 1.0, 2.0, -1.0, 2.0, 1.0)], diff=(0, 1, 2, 3, 4, 5),
     call=lambda a0, a1, a2, b0, b1, b2: wsp.logsumexp(_stack(a0, a1, a2), b=_stack(b0, b1, b2), return_sign=True)[0])
for _i in (0, 2):
    spec(f"softmax[{_i}]", (lambda i: lambda a0, a1, a2: mp.exp((a0, a1, a2)[i]) / (mp.exp(a0) + mp.exp(a1) + mp.exp(a2)))(_i),
         LSE, diff=(0, 1, 2), call=(lambda i: lambda *a: wsp.softmax(_stack(*a))[i])(_i))
    spec(f"log_softmax[{_i}]", (lambda i: lambda a0, a1, a2: (a0, a1, a2)[i] - _lse(a0, a1, a2))(_i),
         LSE, diff=(0, 1, 2), call=(lambda i: lambda *a: wsp.log_softmax(_stack(*a))[i])(_i))
spec("softmax[-inf]", lambda a0, a1, a2: mp.exp(a1) / (mp.exp(a0) + mp.exp(a1) + mp.exp(a2)), [(-math.inf, 0.0, 1.0)],
     diff=(1, 2), call=lambda *a: wsp.softmax(_stack(*a))[1])
spec("log_softmax[-inf]", lambda a0, a1, a2: a1 - _lse(a0, a1, a2), [(-math.inf, 0.0, 1.0), (-math.inf, 3.0, 3.0)],
     diff=(1, 2), call=lambda *a: wsp.log_softmax(_stack(*a))[1])

# -- evaluation -------------------------------------------------------------------------------
MODE = ["abs"]


def pdiff(F, x, orders):
    """The partial derivative of F at the point x of the given orders, one variable at a time
    by mp.diff. Its step is 2^-(prec + 10) times max(|x|, 1) ("abs", the default: mp.diff's
    own step is absolute, which leaves 1e300 unmoved) or times |x| ("rel", for points next
    to a singularity at 0, 1e-300 from a pole, where the absolute step crosses it; the
    precision raised by the digits |x| lies below 1, which the differences cancel)."""
    for k, o in enumerate(orders):
        if o:
            break
    else:
        return F(*x)
    rest = list(orders)
    rest[k] = 0

    def G(t):
        y = list(x)
        y[k] = t
        return pdiff(F, y, rest)
    ax = abs(x[k])
    if MODE[0] == "rel" and ax != 0:
        return mp.diff(G, x[k], o, h=ax * mp.ldexp(1, -mp.mp.prec - 10))
    return mp.diff(G, x[k], o, h=max(ax, mp.mpf(1)) * mp.ldexp(1, -mp.mp.prec - 10))


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def _truths_at(dps, f, args, diff, inverse):
    """value, first derivatives (dict i -> t), second (dict (i, j) -> t) at dps digits."""
    with mp.workdps(dps):
        a = [mp.mpf(x) for x in args]
        if inverse is None:
            def F(*v):
                b = list(a)
                for i, x in zip(diff, v):
                    b[i] = x
                return f(*b)
            x0 = [a[i] for i in diff]
            val = F(*x0)
            d1 = {}
            d2 = {}
            n = len(diff)
            for k in range(n):
                o = [0] * n
                o[k] = 1
                d1[diff[k]] = pdiff(F, x0, o)
                for m in range(k, n):
                    o2 = [0] * n
                    o2[k] += 1
                    o2[m] += 1
                    d2[(diff[k], diff[m])] = pdiff(F, x0, o2)
            return val, d1, d2
        # y = g(params, p): the root x of f(params with x at position r) = p, p the last argument
        fwd, r = inverse
        params, p = a[:-1], a[-1]
        guess = mp.mpf(float(GUESS[0]))

        def G(*t):  # f with x at r, the others the params
            b = list(t[:-1])
            b.insert(r, t[-1])
            return fwd(*b)

        def solve(ps, pp):
            return mp.findroot(lambda x: G(*ps, x) - pp, guess, tol=mp.mpf(10) ** (-dps + 5))

        x = solve(params, p)
        m = len(params)
        pt = list(params) + [x]
        # derivatives of G at (params, x): index m is x
        def dG(o):
            return pdiff(G, pt, o)
        e = lambda *idx: [sum(1 for j in idx if j == k) for k in range(m + 1)]  # noqa: E731
        Gx = dG(e(m))
        Gxx = dG(e(m, m))
        # implicit: y(params, p); dy/dp = 1/Gx; dy/dparam_i = -G_i / Gx
        # arg index of p is m (the last argument); params are 0..m-1
        first = {}
        for i in range(m):
            first[i] = -dG(e(i)) / Gx
        first[m] = 1 / Gx
        second = {}
        for i in diff:
            for j in diff:
                if j < i:
                    continue
                # d/dj of y_i, via the chain rule on y_i = -G_i(params, y) / G_x(params, y) (or 1/G_x)
                def H(ii, jj):  # second partial of G in (ii, jj), m for x
                    return dG(e(ii, jj))
                yi, yj = first[i], first[j]
                # total derivative of phi(params, y) = G_i or G_x along j: phi_j + phi_x y_j (phi_j = 0 for p)
                def tot(ii):  # derivative of G_ii along direction j
                    direct = H(ii, j) if j < m else 0
                    return direct + H(ii, m) * yj
                if i < m:
                    second[(i, j)] = -(tot(i) * Gx - dG(e(i)) * tot(m)) / (Gx * Gx)
                else:
                    second[(i, j)] = -tot(m) / (Gx * Gx)
        return x, {i: first[i] for i in diff}, second


GUESS = [0.0]


def truths(f, args, diff, inverse, guess, extra=0):
    """At 50 + extra and 70 + extra digits (extra: the digits a derivative far below the value
    needs, cancelling in mp.diff's differences: gammainc(2, 700)' is 1e-301 next to 1)."""
    GUESS[0] = guess
    MODE[0] = "abs"
    one = _truths_at(50 + extra, f, args, diff, inverse)
    two = _truths_at(70 + extra, f, args, diff, inverse)
    if any(abs(float(a)) < 1e-3 for a in args) and not _all_agree(one, two, True):
        MODE[0] = "rel"  # next to 0: steps relative to the point
        one = _truths_at(50 + extra, f, args, diff, inverse)
        two = _truths_at(70 + extra, f, args, diff, inverse)
    return one, two


def _all_agree(one, two, real=False):
    try:
        pairs = [(one[0], two[0])] + [(one[1][k], two[1][k]) for k in one[1]] + [(one[2][k], two[2][k]) for k in one[2]]
        return all(agree(a, b) and (not real or to_float(a) is not None) for a, b in pairs)
    except Exception:  # noqa: BLE001
        return False


def _extra_digits(w):
    """Digits to add so that mp.diff resolves derivatives far below the value: from the
    magnitudes of wengert's value and derivatives (a scale only, never a truth)."""
    try:
        v = abs(float(w["value"]))
        ds = [abs(float(x)) for k in ("grad", "hessian") if not isinstance(w[k], Exception)
              for x in np.ravel(w[k]) if np.isfinite(x) and x != 0]
    except Exception:  # noqa: BLE001
        return 0
    if not ds or not np.isfinite(v) or v == 0:
        return 0
    return int(min(330, max(0, math.log10(v / min(ds)))))


def to_float(t):
    """float of an mpmath number, None if not real (imaginary part beyond rounding)."""
    if isinstance(t, mp.mpc):
        if abs(t.imag) > 1e-30 * max(abs(t.real), mp.mpf(10) ** -300):
            return None
        t = t.real
    if mp.isnan(t):
        return None
    return float(t) if abs(t) < 1.8e308 else (math.inf if t > 0 else -math.inf)


def agree(a, b):
    if a is None or b is None:
        return a is None and b is None
    if mp.isinf(a) or mp.isinf(b):
        return a == b
    return abs(a - b) <= mp.mpf(10) ** -25 * max(abs(a), abs(b), mp.mpf(10) ** -330)


def judge(w, t, scale=0.0):
    """(status, error) of wengert's w against the truth t (a float, inf, or None: not real); ``scale``: the
    modulus of the complex quantity whose real or imaginary part t is (the error relative to it)."""
    if t is None:
        return ("right", 0.0) if (w is None or not np.isfinite(w)) else ("WRONG", math.inf)
    if w is None:
        return "WRONG", math.inf
    if math.isinf(t):
        return ("right", 0.0) if w == t else ("WRONG", math.inf)
    if not np.isfinite(w):
        return "WRONG", math.inf
    err = abs(w - t)
    if scale and math.isfinite(scale) and scale > abs(t):
        rel = err / scale
        return ("right" if rel <= TOL or err <= 1e-320 else "WRONG"), rel
    if abs(t) < 2.2250738585072014e-308:
        return ("right", err) if err <= 1e-320 + TOL * abs(t) else ("WRONG", err / max(abs(t), 5e-324))
    rel = err / abs(t)
    return ("right" if rel <= TOL else "WRONG"), rel


def wengert_all(call, args, diff):
    """value, grad, and the Hessian by three paths; each a float / array or an exception."""
    args = [a if isinstance(a, int) else float(a) for a in args]  # (an int order stays an int)

    def g(v):
        b = list(args)
        for k, i in enumerate(diff):
            b[i] = v[k]
        return call(*b)

    v0 = np.array([args[i] for i in diff])
    out = {}
    for key, fn in (("value", lambda: call(*args)),
                    ("grad", lambda: wg.grad(g)(v0)),
                    ("hessian", lambda: wg.hessian(g)(v0)),
                    ("jvp(grad)", lambda: np.stack([wg.jvp(wg.grad(g), (v0,), (np.eye(len(diff))[k],))[1]
                                                    for k in range(len(diff))], axis=1)),
                    ("jacfwd(jacrev)", lambda: wg.jacfwd(wg.jacrev(g))(v0))):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                r = fn()
            out[key] = np.asarray(getattr(r, "value", r), dtype=complex if np.iscomplexobj(r) else float)
        except Exception as e:  # noqa: BLE001
            out[key] = e
    return out


COUNTS = {"right": 0, "refused": 0, "crash": 0, "WRONG": 0, "unsure": 0}
ROWS = []


def run_spec(name, f, points, diff, opt):
    call = opt.get("call") or getattr(wsp, name)
    inverse = opt.get("inverse")
    for args in points:
        w = wengert_all(call, args, diff)
        signal.alarm(TIMEOUT)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    guess = float(np.real(sc.__dict__[name](*args))) if inverse else 0.0
                except Exception:  # noqa: BLE001
                    guess = 0.5
                one, two = truths(f, args, diff, inverse, guess, _extra_digits(w))
        except BaseException as e:  # noqa: BLE001
            if isinstance(e, KeyboardInterrupt):
                raise
            # mpmath timed out or failed (a pole, no convergence): not judged
            why = "mpmath timed out" if isinstance(e, Timeout) else f"mpmath: {type(e).__name__}: {e}"[:100]
            COUNTS["unsure"] += 1
            ROWS.append((name, args, "unsure", why))
            print(f"unsure  {name}{tuple(args)}: {why}; wengert value {w['value']!r:.60}", flush=True)
            continue
        finally:
            signal.alarm(0)
        partner = None
        if opt.get("partner") is not None:  # the other part of a complex function: the modulus judged against
            signal.alarm(TIMEOUT)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    MODE[0] = "abs"
                    partner = _truths_at(50, opt["partner"], args, diff, None)
            except BaseException as e:  # noqa: BLE001
                if isinstance(e, KeyboardInterrupt):
                    raise
            finally:
                signal.alarm(0)
        status, lines = row_status(name, args, diff, one, two, w, partner)
        COUNTS[status] += 1
        ROWS.append((name, args, status, lines))
        if status != "right" or VERBOSE:
            for line in lines or [""]:
                print(f"{status:7} {name}{tuple(args)} {line}", flush=True)


def row_status(name, args, diff, one, two, w, partner=None):
    rank = {"right": 0, "unsure": 1, "refused": 2, "crash": 3, "WRONG": 4}
    worst = "right"
    lines = []

    def bump(s):
        nonlocal worst
        if rank[s] > rank[worst]:
            worst = s

    quantities = []  # (label, wengert number, truth at 50, truth at 70)
    n = len(diff)
    if one is None:
        val1 = val2 = None
        d1a = d1b = {i: None for i in diff}
        d2a = d2b = {(diff[k], diff[m]): None for k in range(n) for m in range(k, n)}
    else:
        (val1, d1a, d2a), (val2, d1b, d2b) = one, two
    quantities.append(("value", "value", (), val1, val2))
    scales = {}
    if partner is not None and one is not None:
        pv, pd1, pd2 = partner
        scales["value"] = (val1, pv)
        for i in diff:
            scales[f"d/d{i}"] = (d1a[i], pd1[i])
        for key in d2a:
            for path in ("hessian", "jvp(grad)", "jacfwd(jacrev)"):
                scales[f"d2/d{key[0]}d{key[1]} {path}"] = scales[f"d2/d{key[1]}d{key[0]} {path}"] = (d2a[key], pd2[key])
    for k, i in enumerate(diff):
        quantities.append((f"d/d{i}", "grad", (k,), d1a[i], d1b[i]))
    for path in ("hessian", "jvp(grad)", "jacfwd(jacrev)"):
        for k in range(n):
            for m in range(n):
                key = (diff[min(k, m)], diff[max(k, m)])
                quantities.append((f"d2/d{diff[k]}d{diff[m]} {path}", path, (k, m), d2a[key], d2b[key]))
    value_outside = False
    for label, path, idx, t1, t2 in quantities:
        r = w[path]
        if isinstance(r, Exception):
            kind = type(r).__name__
            s = "refused" if kind in REFUSALS else "crash"
            bump(s)
            lines.append(f"{label}: {kind}: {str(r)[:110]}")
            continue
        num = r[idx] if idx else r
        if np.iscomplexobj(num):
            num = complex(num)
            num = num.real if num.imag == 0 else math.nan
        num = float(num)
        if t1 is not None and not agree(t1, t2):
            bump("unsure")
            lines.append(f"{label}: truth unsure ({mp.nstr(t1, 8)} vs {mp.nstr(t2, 8)}); wengert {num!r}")
            continue
        if label != "value" and t1 is not None and t1 == 0 and num != 0:
            # mp.diff's differences cancel to exactly 0 below their working precision (erf''(1e-300))
            bump("unsure")
            lines.append(f"{label}: truth 0 by differences (below their precision); wengert {num!r}")
            continue
        t = to_float(t1) if t1 is not None else None
        if label == "value" and t is None:
            value_outside = True
        if t is None and not value_outside and label != "value":
            # the value is real but this derivative's stencil left the domain: a boundary point
            bump("unsure")
            lines.append(f"{label}: truth not real near a real value (a boundary); wengert {num!r}")
            continue
        scale = 0.0
        if label in scales:
            try:
                scale = float(mp.sqrt(abs(scales[label][0]) ** 2 + abs(scales[label][1]) ** 2))
            except Exception:  # noqa: BLE001
                scale = 0.0
        s, err = judge(num, t, scale)
        if s != "right":
            bump(s)
            lines.append(f"{label}: wengert {num!r} truth {t!r} (rel {err:.2g})")
    return worst, lines


def main():
    signal.signal(signal.SIGALRM, _alarm)
    np.seterr(all="ignore")
    for number, (name, f, points, diff, opt) in enumerate(SPECS):
        if number % PART[1] != PART[0]:
            continue
        base = name.split("[")[0].split("(")[0]
        if ONLY and not any(o == base or o == name for o in ONLY):
            continue
        run_spec(name if "call" not in opt else name, f, points, diff,
                 dict(opt, call=opt.get("call") or getattr(wsp, base)))
    print(" ".join(f"{k} {v}" for k, v in COUNTS.items()))


if __name__ == "__main__":
    main()
