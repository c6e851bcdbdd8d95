"""Derivatives of the log density and the log cdf AT the lower end of the support (x == loc): each is the one-sided
limit from inside the support, in every argument (x, the shapes, loc and scale), +-inf where that is, the convention
the families' other tests pin (triang.logpdf(0, c)'s d/dc = -1/c, truncexpon's, pareto's, ...).

Before: the density's ``(a - 1) log z`` took ``dz/dscale = 0`` there (z = 0 at every scale) over its infinite
``(a - 1) / z``, so gamma.logpdf(0, 0.5, 0, s)'s d/dscale was -1/s (the limit -a/s), its d2/dx dscale inf and
d2/dscale dx 0 (the limit 1/s^2), d2/dscale2 1/s^2 (a/s^2); beta, chi2, weibull_min, f, burr, ... alike. The log cdf
there was the constant -inf, every derivative 0: expon.logcdf(0)'s d/dx 0 (log(1 - e^-x)'s limit +inf), d/dscale 0
(-1/s); so was the log density where the density vanishes at the end (rayleigh.logpdf(0, 0, s)'s d/dscale 0 for -2/s;
lognorm, invgamma, invgauss, fatiguelife, alpha, ...: its d/dx 0 for +inf).

Truths: mpmath (400 digits) on the closed forms at x = end + t for t = 1e-40 and 1e-80 (``mp.diff``): an entry that
moved between them by more than 1e-30 relative is infinite (its sign), else it is the limit (:func:`_limits`).
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402
from opcheck import lazy_mp as mp  # noqa: E402  (mpmath where a test uses it)

PATHS = (wg.hessian, lambda f: wg.jacfwd(wg.jacrev(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
         lambda f: wg.jacfwd(wg.jacfwd(f)))


def _gamma_logpdf(x, a, s):
    z = x / s
    return (a - 1) * mp.log(z) - z - mp.loggamma(a) - mp.log(s)


def _beta_logpdf(x, a, b, s):
    z = x / s
    return (a - 1) * mp.log(z) + (b - 1) * mp.log1p(-z) - mp.log(mp.beta(a, b)) - mp.log(s)


def _weibull_logpdf(x, c, s):
    z = x / s
    return mp.log(c) + (c - 1) * mp.log(z) - z ** c - mp.log(s)


def _expon_logcdf(x, s):
    return mp.log(-mp.expm1(-x / s))


def _weibull_logcdf(x, c, s):
    return mp.log(-mp.expm1(-(x / s) ** c))


def _gamma_logcdf(x, a, s):
    return mp.log(mp.gammainc(a, 0, x / s, regularized=True))


def _rayleigh_logcdf(x, s):
    return mp.log(-mp.expm1(-(x / s) ** 2 / 2))


def _halfnorm_logcdf(x, s):
    return mp.log(mp.erf(x / s / mp.sqrt(2)))


def _maxwell_logcdf(x, s):
    z = x / s
    return mp.log(mp.erf(z / mp.sqrt(2)) - mp.sqrt(2 / mp.pi) * z * mp.exp(-z * z / 2))


def _halflogistic_logcdf(x, s):
    return mp.log(mp.tanh(x / s / 2))


def _lomax_logcdf(x, c, s):
    return mp.log(-mp.expm1(-c * mp.log1p(x / s)))


def _halfcauchy_logcdf(x, s):
    return mp.log(2 / mp.pi * mp.atan(x / s))


def _gompertz_logcdf(x, c, s):
    return mp.log(-mp.expm1(-c * mp.expm1(x / s)))


def _genpareto_logcdf(x, c, s):
    return mp.log(-mp.expm1(-mp.log1p(c * x / s) / c))


def _beta_logcdf(x, a, b, s):
    return mp.log(mp.betainc(a, b, 0, x / s, regularized=True))


def _burr12_logcdf(x, c, d, s):
    return mp.log(-mp.expm1(-d * mp.log1p((x / s) ** c)))


def _chi_logcdf(x, df, s):
    return _gamma_logcdf((x / s) ** 2 / 2, df / 2, 1)


def _foldnorm_logcdf(x, c, s):
    return mp.log(mp.ncdf(x / s + c) - mp.ncdf(c - x / s))


def _foldcauchy_logcdf(x, c, s):
    return mp.log((mp.atan(x / s - c) + mp.atan(x / s + c)) / mp.pi)


def _rayleigh_logpdf(x, s):
    z = x / s
    return mp.log(z) - z * z / 2 - mp.log(s)


def _maxwell_logpdf(x, s):
    z = x / s
    return mp.log(mp.sqrt(2 / mp.pi)) + 2 * mp.log(z) - z * z / 2 - mp.log(s)


def _invgamma_logpdf(x, a, s):
    z = x / s
    return -(a + 1) * mp.log(z) - 1 / z - mp.loggamma(a) - mp.log(s)


def _invgauss_logpdf(x, mu, s):
    z = x / s
    return -mp.log(2 * mp.pi) / 2 - 3 * mp.log(z) / 2 - (z - mu) ** 2 / (2 * z * mu ** 2) - mp.log(s)


def _fatiguelife_logpdf(x, c, s):
    z = x / s
    return mp.log1p(z) - 3 * mp.log(z) / 2 - (z - 2 + 1 / z) / (2 * c * c) - mp.log(2 * c * mp.sqrt(2 * mp.pi) * s)


def _recipinvgauss_logpdf(x, mu, s):
    z = x / s
    return -mp.log(2 * mp.pi * z) / 2 - (1 - mu * z) ** 2 / (2 * mu * mu * z) - mp.log(s)


def _lognorm_logpdf(x, sigma, s):
    z = x / s
    return -mp.log(sigma * z * mp.sqrt(2 * mp.pi) * s) - mp.log(z) ** 2 / (2 * sigma * sigma)


def _powerlognorm_logpdf(x, c, sigma, s):
    z = x / s
    u = mp.log(z) / sigma
    return mp.log(c / (z * sigma * s)) - u * u / 2 - mp.log(2 * mp.pi) / 2 + (c - 1) * mp.log(mp.ncdf(-u))


def _invweibull_logpdf(x, c, s):
    z = x / s
    return mp.log(c) - (c + 1) * mp.log(z) - z ** -c - mp.log(s)


def _alpha_logpdf(x, a, s):
    z = x / s
    return -2 * mp.log(z) - (a - 1 / z) ** 2 / 2 - mp.log(2 * mp.pi) / 2 - mp.log(mp.ncdf(a)) - mp.log(s)


def _rice_logpdf(x, b, s):
    z = x / s
    return mp.log(z) - (z * z + b * b) / 2 + mp.log(mp.besseli(0, z * b)) - mp.log(s)


def _exponweib_logpdf(x, a, c, loc, s):
    z = (x - loc) / s
    return mp.log(a * c / s) + (c - 1) * mp.log(z) - z ** c + (a - 1) * mp.log(-mp.expm1(-z ** c))


def _argus_logpdf(x, chi, loc, s):
    z = (x - loc) / s
    psi = mp.ncdf(chi) - chi * mp.npdf(chi) - mp.mpf(1) / 2
    return (3 * mp.log(chi) - mp.log(mp.sqrt(2 * mp.pi) * psi) + mp.log(z) + mp.log1p(-z * z) / 2
            - chi * chi * (1 - z * z) / 2 - mp.log(s))


def _argus_logcdf(x, chi, loc, s):
    y, a = chi * chi * (1 - ((x - loc) / s) ** 2) / 2, chi * chi / 2  # (log of 1 - P(3/2, y) / P(3/2, a))
    return mp.log(mp.gammainc(mp.mpf(3) / 2, y, a)) - mp.log(mp.gammainc(mp.mpf(3) / 2, 0, a))


def _gengamma_logpdf(x, a, c, loc, s):
    z = (x - loc) / s
    return mp.log(abs(c)) + (c * a - 1) * mp.log(z) - z ** c - mp.loggamma(a) - mp.log(s)


def _kstwobign_log(x, s, density):
    z, c = x / s, mp.pi ** 2 / 8
    return mp.log(mp.sqrt(2 * mp.pi) / z * ((2 * c / z ** 2 - 1) / (z * s) if density else 1)) - c / z ** 2


def _invgauss_logcdf(x, mu, s, recip=False):  # (recipinvgauss: the difference of the two terms)
    z = x / s
    if recip:
        return mp.log(mp.ncdf((z - 1 / mu) / mp.sqrt(z)) - mp.exp(2 / mu) * mp.ncdf(-(z + 1 / mu) / mp.sqrt(z)))
    return mp.log(mp.ncdf((z / mu - 1) / mp.sqrt(z)) + mp.exp(2 / mu) * mp.ncdf(-(z / mu + 1) / mp.sqrt(z)))


def _upper_gamma_logcdf(w, a):  # (invgamma's, gengamma's with c < 0: the upper gamma tail at w = 1 / z, z^c)
    return mp.log(mp.gammainc(a, w, mp.inf, regularized=True))


def _rel_breitwigner_logcdf(x, rho, loc, s, terms=60):  # (f(0) z sum_n c_n z^2n / (2n + 1): the density's series)
    z, a = (x - loc) / s, rho * rho * (rho * rho + 1)
    beta, gamma = rho * mp.sqrt(rho * rho + 1), mp.sqrt(rho / (2 * (mp.sqrt(rho * rho + 1) + rho)))
    c = [mp.mpf(1), 2 / (rho * rho + 1)]
    for _ in range(terms):
        c.append(c[-1] * c[1] - c[-2] / a)
    return mp.log(4 * beta * gamma / (mp.pi * a) * z * mp.fsum(c[n] * z ** (2 * n) / (2 * n + 1) for n in range(terms)))


INF = np.inf

#: (name, wengert's function of the vector v, mpmath's closed form of v's entries, v at the end, the gradient and the
#: Hessian: the limits from inside, by :func:`_limits`)
CASES = [
    ("gamma.logpdf(x, a, 0, s), a = 0.5", lambda v: stats.gamma.logpdf(v[0], v[1], 0.0, v[2]), _gamma_logpdf,
     [0.0, 0.5, 2.0], [-INF, -INF, -0.25], [[INF, INF, 0.25], [INF, -4.934802200544679, -0.5], [0.25, -0.5, 0.125]]),
    ("gamma.logpdf(x, a, 0, s), a = 2.5", lambda v: stats.gamma.logpdf(v[0], v[1], 0.0, v[2]), _gamma_logpdf,
     [0.0, 2.5, 2.0], [INF, -INF, -1.25], [[-INF, INF, 0.25], [INF, -0.49035775610023485, -0.5], [0.25, -0.5, 0.625]]),
    ("chi2.logpdf(x, 1, 0, s)", lambda v: stats.chi2.logpdf(v[0], 1.0, 0.0, v[1]),
     lambda x, s: _gamma_logpdf(x, mp.mpf(1) / 2, 2 * s), [0.0, 1.5],
     [-INF, -0.3333333333333333], [[INF, 0.2222222222222222], [0.2222222222222222, 0.2222222222222222]]),
    ("beta.logpdf(x, a, b, 0, s)", lambda v: stats.beta.logpdf(v[0], v[1], v[2], 0.0, v[3]), _beta_logpdf,
     [0.0, 0.5, 2.0, 2.0], [-INF, -INF, 0.28037230554677606, -0.25],
     [[INF, INF, -0.5, 0.25], [INF, -4.444444444444445, 0.49035775610023485, -0.5],
      [-0.5, 0.49035775610023485, -0.15457631074799158, 0.0], [0.25, -0.5, 0.0, 0.125]]),
    # (x = -0.0: x - loc is -0.0 there, whose 1 / u was -inf)
    ("weibull_min.logpdf(x, 2, 0, s) at x = -0.0", lambda v: stats.weibull_min.logpdf(v[0], 2.0, 0.0, v[1]),
     lambda x, s: _weibull_logpdf(x, 2, s), [-0.0, 2.0], [INF, -1.0], [[-INF, 0.0], [0.0, 0.5]]),
    ("weibull_max.logpdf(x, 2, loc, s) at x = loc", lambda v: stats.weibull_max.logpdf(v[0], 2.0, v[1], v[2]),
     lambda x, loc, s: _weibull_logpdf(loc - x, 2, s), [1.0, 1.0, 2.0],
     [-INF, INF, -1.0], [[-INF, INF, 0.0], [INF, -INF, 0.0], [0.0, 0.0, 0.5]]),
    ("rayleigh.logpdf(x, loc, s)", lambda v: stats.rayleigh.logpdf(v[0], v[1], v[2]),
     lambda x, loc, s: _rayleigh_logpdf(x - loc, s), [0.5, 0.5, 2.0],
     [INF, -INF, -1.0], [[-INF, INF, 0.0], [INF, -INF, 0.0], [0.0, 0.0, 0.5]]),
    ("maxwell.logpdf(x, loc, s)", lambda v: stats.maxwell.logpdf(v[0], v[1], v[2]),
     lambda x, loc, s: _maxwell_logpdf(x - loc, s), [0.5, 0.5, 2.0],
     [INF, -INF, -1.5], [[-INF, INF, 0.0], [INF, -INF, 0.0], [0.0, 0.0, 0.75]]),
    ("invgamma.logpdf(x, a, loc, s)", lambda v: stats.invgamma.logpdf(v[0], v[1], v[2], v[3]),
     lambda x, a, loc, s: _invgamma_logpdf(x - loc, a, s), [0.5, 1.5, 0.5, 2.0], [INF, INF, -INF, -INF],
     [[-INF, -INF, INF, INF], [-INF, -0.9348022005446793, INF, 0.5], [INF, INF, -INF, -INF], [INF, 0.5, -INF, -0.375]]),
    ("levy_l.logpdf(x, loc, s)", lambda v: stats.levy_l.logpdf(v[0], v[1], v[2]),
     lambda x, loc, s: _invgamma_logpdf(loc - x, mp.mpf(1) / 2, s / 2), [0.5, 0.5, 2.0],
     [-INF, INF, -INF], [[-INF, INF, -INF], [INF, -INF, INF], [-INF, INF, -0.125]]),
    ("invgauss.logpdf(x, mu, loc, s)", lambda v: stats.invgauss.logpdf(v[0], v[1], v[2], v[3]),
     lambda x, mu, loc, s: _invgauss_logpdf(x - loc, mu, s), [0.5, 0.7, 0.5, 2.0],
     [INF, -2.0408163265306123, -INF, -INF],
     [[-INF, 1.4577259475218662, INF, INF], [1.4577259475218662, 5.830903790087465, -1.4577259475218662, 0.0],
      [INF, -1.4577259475218662, -INF, -INF], [INF, 0.0, -INF, -0.125]]),
    ("fatiguelife.logpdf(x, c, loc, s)", lambda v: stats.fatiguelife.logpdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: _fatiguelife_logpdf(x - loc, c, s), [0.5, 0.7, 0.5, 2.0], [INF, INF, -INF, -INF],
     [[-INF, -INF, INF, INF], [-INF, -INF, INF, INF], [INF, INF, -INF, -INF], [INF, INF, -INF, -0.125]]),
    ("recipinvgauss.logpdf(x, mu, loc, s)", lambda v: stats.recipinvgauss.logpdf(v[0], v[1], v[2], v[3]),
     lambda x, mu, loc, s: _recipinvgauss_logpdf(x - loc, mu, s), [0.5, 0.7, 0.5, 2.0], [INF, INF, -INF, -INF],
     [[-INF, -INF, INF, INF], [-INF, -INF, INF, INF], [INF, INF, -INF, -INF], [INF, INF, -INF, 0.125]]),
    ("lognorm.logpdf(x, sigma, loc, s)", lambda v: stats.lognorm.logpdf(v[0], v[1], v[2], v[3]),
     lambda x, sigma, loc, s: _lognorm_logpdf(x - loc, sigma, s), [0.5, 0.7, 0.5, 2.0], [INF, INF, -INF, -INF],
     [[-INF, -INF, INF, INF], [-INF, -INF, INF, INF], [INF, INF, -INF, -INF], [INF, INF, -INF, INF]]),
    ("powerlognorm.logpdf(x, c, sigma, loc, s)", lambda v: stats.powerlognorm.logpdf(v[0], v[1], v[2], v[3], v[4]),
     lambda x, c, sigma, loc, s: _powerlognorm_logpdf(x - loc, c, sigma, s), [0.5, 2.5, 0.7, 0.5, 2.0],
     [INF, 0.4, INF, -INF, -INF],
     [[-INF, 0.0, -INF, INF, INF], [0.0, -0.16, 0.0, 0.0, 0.0], [-INF, 0.0, -INF, INF, INF],
      [INF, 0.0, INF, -INF, -INF], [INF, 0.0, INF, -INF, INF]]),
    ("invweibull.logpdf(x, c, loc, s)", lambda v: stats.invweibull.logpdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: _invweibull_logpdf(x - loc, c, s), [0.5, 1.0, 0.5, 2.0], [INF, -INF, -INF, -INF],
     [[-INF, INF, INF, INF], [INF, -INF, -INF, -INF], [INF, -INF, -INF, -INF], [INF, -INF, -INF, -0.25]]),
    ("alpha.logpdf(x, a, loc, s)", lambda v: stats.alpha.logpdf(v[0], v[1], v[2], v[3]),
     lambda x, a, loc, s: _alpha_logpdf(x - loc, a, s), [0.5, 1.5, 0.5, 2.0], [INF, INF, -INF, -INF],
     [[-INF, -INF, INF, INF], [-INF, -0.7725527794792938, INF, INF], [INF, INF, -INF, -INF], [INF, INF, -INF, -INF]]),
    ("rice.logpdf(x, b, loc, s)", lambda v: stats.rice.logpdf(v[0], v[1], v[2], v[3]),
     lambda x, b, loc, s: _rice_logpdf(x - loc, b, s), [0.5, 0.7, 0.5, 2.0], [INF, -0.7, -INF, -1.0],
     [[-INF, 0.0, INF, 0.0], [0.0, -1.0, 0.0, 0.0], [INF, 0.0, -INF, 0.0], [0.0, 0.0, 0.0, 0.5]]),
    # (a c > 1 and a c < 1: the log density -inf and +inf; c = 2 so that z^(c - 1)'s shares are 0 at mpmath's steps)
    ("exponweib.logpdf(x, a, c, loc, s), a = 2", lambda v: stats.exponweib.logpdf(v[0], v[1], v[2], v[3], v[4]),
     _exponweib_logpdf, [0.5, 2.0, 2.0, 0.5, 2.0], [INF, -INF, -INF, -INF, -2.0],
     [[-INF, INF, INF, INF, 0.0], [INF, -0.25, -INF, -INF, -1.0], [INF, -INF, -0.25, -INF, -1.0],
      [INF, -INF, -INF, -INF, 0.0], [0.0, -1.0, -1.0, 0.0, 1.0]]),
    ("exponweib.logpdf(x, a, c, loc, s), a = 1/4", lambda v: stats.exponweib.logpdf(v[0], v[1], v[2], v[3], v[4]),
     _exponweib_logpdf, [0.5, 0.25, 2.0, 0.5, 2.0], [-INF, -INF, -INF, INF, -0.25],
     [[INF, INF, INF, -INF, 0.0], [INF, -16.0, -INF, -INF, -1.0], [INF, -INF, -0.25, -INF, -0.125],
      [-INF, -INF, -INF, INF, 0.0], [0.0, -1.0, -0.125, 0.0, 0.125]]),
    ("argus.logpdf(x, chi, loc, s)", lambda v: stats.argus.logpdf(v[0], v[1], v[2], v[3]), _argus_logpdf,
     [0.5, 1.0, 0.5, 2.0], [INF, -0.43494950437180224, -INF, -1.0],
     [[-INF, 0.0, INF, 0.0], [0.0, -0.5059704155313168, 0.0, 0.0], [INF, 0.0, -INF, 0.0], [0.0, 0.0, 0.0, 0.5]]),
    # (argus.logcdf at x = loc: 2 log z + log 1.5 - M(A) - A + O(z^2); at x = loc + scale see test_stats_argus.py)
    ("argus.logcdf(x, chi, loc, s)", lambda v: stats.argus.logcdf(v[0], v[1], v[2], v[3]),
     _argus_logcdf, [0.5, 1.0, 0.5, 2.0],
     [INF, -0.43494950437180224, -INF, -1.0],
     [[-INF, 0.0, INF, 0.0], [0.0, -0.5059704155313168, 0.0, 0.0], [INF, 0.0, -INF, 0.0], [0.0, 0.0, 0.0, 0.5]]),
    # (c < 0: the density vanishing faster than any power, c a log z - log z - z^c as one sum in the exponent c)
    ("gengamma.logpdf(x, a, c, loc, s), c = -2", lambda v: stats.gengamma.logpdf(v[0], v[1], v[2], v[3], v[4]),
     _gengamma_logpdf, [0.5, 1.5, -2.0, 0.5, 2.0], [INF, INF, INF, -INF, -INF],
     [[-INF, -INF, -INF, INF, INF], [-INF, -0.9348022005446793, -INF, INF, 1.0], [-INF, -INF, -INF, INF, INF],
      [INF, INF, INF, -INF, -INF], [INF, 1.0, INF, -INF, -INF]]),
    # (c > 0 too: through xlogy and z^c d/dx was (c a - 1) / u - c z^(c - 1) / scale, NaN for c < 1, and the Hessian
    # refused; _limits' 1e-30 takes z^c's slowly vanishing terms for infinities: d2/dc2 is -1 / c^2 - z^c log(z)^2,
    # d2/dx dscale c^2 z^(c - 1) / scale^2, 0 for c > 1)
    ("gengamma.logpdf(x, a, c, loc, s), c = 0.8", lambda v: stats.gengamma.logpdf(v[0], v[1], v[2], v[3], v[4]),
     _gengamma_logpdf, [0.5, 1.5, 0.8, 0.5, 2.0], [INF, -INF, -INF, -INF, -0.6],
     [[-INF, INF, INF, INF, INF], [INF, -0.9348022005446793, -INF, -INF, -0.4], [INF, -INF, -1.5625, -INF, -0.75],
      [INF, -INF, -INF, -INF, -INF], [INF, -0.4, -0.75, -INF, 0.3]]),
    ("gengamma.logpdf(x, a, c, loc, s), c = 1.5", lambda v: stats.gengamma.logpdf(v[0], v[1], v[2], v[3], v[4]),
     _gengamma_logpdf, [0.5, 1.5, 1.5, 0.5, 2.0], [INF, -INF, -INF, -INF, -1.125],
     [[-INF, INF, INF, INF, 0.0], [INF, -0.9348022005446793, -INF, -INF, -0.75],
      [INF, -INF, -0.4444444444444444, -INF, -0.75], [INF, -INF, -INF, -INF, 0.0], [0.0, -0.75, -0.75, 0.0, 0.5625]]),
    # (kstwobign: e log z - pi^2 / (8 z^2) + const at z = 0, as invgamma's; at 400 digits only Jacobi's first term counts)
    ("kstwobign.logpdf(x, loc, s)", lambda v: stats.kstwobign.logpdf(v[0], v[1], v[2]),
     lambda x, loc, s: _kstwobign_log(x - loc, s, True), [0.5, 0.5, 2.0], [INF, -INF, -INF],
     [[-INF, INF, INF], [INF, -INF, -INF], [INF, -INF, -INF]]),
    ("kstwobign.logcdf(x, loc, s)", lambda v: stats.kstwobign.logcdf(v[0], v[1], v[2]),
     lambda x, loc, s: _kstwobign_log(x - loc, s, False), [0.5, 0.5, 2.0], [INF, -INF, -INF],
     [[-INF, INF, INF], [INF, -INF, -INF], [INF, -INF, -INF]]),
    # (log cdfs vanishing faster than any power at x = loc: e log z + b z^-p (and z^-2p, alpha's) + const + O(z), one
    # primitive through power_z's end (levy's is invgamma's, as levy_l's mirrored); lognorm's -L^2 / (2 s^2) - log(-L)
    # by _LOGNORM_U_TERMS's signs, every entry infinite; each was the constant -inf, every derivative 0)
    ("lognorm.logcdf(x, sigma, loc, s)", lambda v: stats.lognorm.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, sigma, loc, s: mp.log(mp.ncdf(mp.log((x - loc) / s) / sigma)), [0.5, 0.95, 0.5, 2.0],
     [INF, INF, -INF, -INF],
     [[-INF, -INF, INF, INF], [-INF, -INF, INF, INF], [INF, INF, -INF, -INF], [INF, INF, -INF, INF]]),
    ("powerlognorm.logcdf(x, c, sigma, loc, s)", lambda v: stats.powerlognorm.logcdf(v[0], v[1], v[2], v[3], v[4]),
     lambda x, c, sigma, loc, s: mp.log(-mp.expm1(c * mp.log1p(-mp.ncdf(mp.log((x - loc) / s) / sigma)))),
     [0.5, 2.5, 0.7, 0.5, 2.0], [INF, 0.4, INF, -INF, -INF],
     [[-INF, 0.0, -INF, INF, INF], [0.0, -0.16, 0.0, 0.0, 0.0], [-INF, 0.0, -INF, INF, INF],
      [INF, 0.0, INF, -INF, -INF], [INF, 0.0, INF, -INF, INF]]),
    ("invgauss.logcdf(x, mu, loc, s)", lambda v: stats.invgauss.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, mu, loc, s: _invgauss_logcdf(x - loc, mu, s), [0.5, 0.7, 0.5, 2.0],
     [INF, -2.0408163265306123, -INF, -INF],
     [[-INF, 1.4577259475218662, INF, INF], [1.4577259475218662, 5.830903790087465, -1.4577259475218662, 0.0],
      [INF, -1.4577259475218662, -INF, -INF], [INF, 0.0, -INF, 0.125]]),
    ("recipinvgauss.logcdf(x, mu, loc, s)", lambda v: stats.recipinvgauss.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, mu, loc, s: _invgauss_logcdf(x - loc, mu, s, True), [0.5, 0.7, 0.5, 2.0], [INF, INF, -INF, -INF],
     [[-INF, -INF, INF, INF], [-INF, -INF, INF, INF], [INF, INF, -INF, -INF], [INF, INF, -INF, 0.375]]),
    ("fatiguelife.logcdf(x, c, loc, s)", lambda v: stats.fatiguelife.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: mp.log(mp.ncdf((mp.sqrt((x - loc) / s) - mp.sqrt(s / (x - loc))) / c)), [0.5, 0.7, 0.5, 2.0],
     [INF, INF, -INF, -INF],
     [[-INF, -INF, INF, INF], [-INF, -INF, INF, INF], [INF, INF, -INF, -INF], [INF, INF, -INF, 0.125]]),
    ("invgamma.logcdf(x, a, loc, s)", lambda v: stats.invgamma.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, a, loc, s: _upper_gamma_logcdf(s / (x - loc), a), [0.5, 1.5, 0.5, 2.0], [INF, INF, -INF, -INF],
     [[-INF, -INF, INF, INF], [-INF, -0.9348022005446793, INF, 0.5], [INF, INF, -INF, -INF], [INF, 0.5, -INF, -0.125]]),
    ("levy_l.logsf(x, loc, s) at x = loc", lambda v: stats.levy_l.logsf(v[0], v[1], v[2]),
     lambda x, loc, s: mp.log(mp.erfc(mp.sqrt(s / (2 * (loc - x))))), [0.5, 0.5, 2.0], [-INF, INF, -INF],
     [[-INF, INF, -INF], [INF, -INF, INF], [-INF, INF, 0.125]]),
    ("invweibull.logcdf(x, c, loc, s)", lambda v: stats.invweibull.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: -((x - loc) / s) ** -c, [0.5, 1.5, 0.5, 2.0], [INF, -INF, -INF, -INF],
     [[-INF, INF, INF, INF], [INF, -INF, -INF, -INF], [INF, -INF, -INF, -INF], [INF, -INF, -INF, -INF]]),
    ("alpha.logcdf(x, a, loc, s)", lambda v: stats.alpha.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, a, loc, s: mp.log(mp.ncdf(a - s / (x - loc)) / mp.ncdf(a)), [0.5, 1.5, 0.5, 2.0], [INF, INF, -INF, -INF],
     [[-INF, -INF, INF, INF], [-INF, -0.7725527794792938, INF, INF], [INF, INF, -INF, -INF], [INF, INF, -INF, -INF]]),
    ("gengamma.logcdf(x, a, c, loc, s), c = -2", lambda v: stats.gengamma.logcdf(v[0], v[1], v[2], v[3], v[4]),
     lambda x, a, c, loc, s: _upper_gamma_logcdf(((x - loc) / s) ** c, a), [0.5, 1.5, -2.0, 0.5, 2.0],
     [INF, INF, INF, -INF, -INF],
     [[-INF, -INF, -INF, INF, INF], [-INF, -0.9348022005446793, -INF, INF, 1.0], [-INF, -INF, -INF, INF, INF],
      [INF, INF, INF, -INF, -INF], [INF, 1.0, INF, -INF, -INF]]),
    # (log z + log f(0) + O(z^2): the density finite at 0; it was NaN, see also the test below)
    ("rel_breitwigner.logcdf(x, rho, loc, s)", lambda v: stats.rel_breitwigner.logcdf(v[0], v[1], v[2], v[3]),
     _rel_breitwigner_logcdf, [0.5, 1.5, 0.5, 2.0], [INF, -1.0722218929844094, -INF, -0.5],
     [[-INF, 0.0, INF, 0.0], [0.0, 0.4685731550789319, 0.0, 0.0], [INF, 0.0, -INF, 0.0], [0.0, 0.0, 0.0, 0.25]]),
    ("expon.logcdf(x, loc, s)", lambda v: stats.expon.logcdf(v[0], v[1], v[2]),
     lambda x, loc, s: _expon_logcdf(x - loc, s), [0.5, 0.5, 2.0],
     [INF, -INF, -0.5], [[-INF, INF, 0.125], [INF, -INF, -0.125], [0.125, -0.125, 0.25]]),
    ("gamma.logcdf(x, a, 0, s)", lambda v: stats.gamma.logcdf(v[0], v[1], 0.0, v[2]), _gamma_logcdf,
     [0.0, 0.5, 2.0], [INF, -INF, -0.25],
     [[-INF, INF, 0.08333333333333333], [INF, -0.9348022005446793, -0.5], [0.08333333333333333, -0.5, 0.125]]),
    ("chi2.logcdf(x, df, loc, s)", lambda v: stats.chi2.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, df, loc, s: _gamma_logcdf(x - loc, df / 2, 2 * s), [1.0, 3.0, 1.0, 0.5], [INF, -INF, -INF, -3.0],
     [[-INF, INF, INF, 1.2], [INF, -0.12258943902505871, -INF, -1.0], [INF, -INF, -INF, -1.2], [1.2, -1.0, -1.2, 6.0]]),
    ("weibull_min.logcdf(x, 2, loc, s)", lambda v: stats.weibull_min.logcdf(v[0], 2.0, v[1], v[2]),
     lambda x, loc, s: _weibull_logcdf(x - loc, 2, s), [0.5, 0.5, 2.0],
     [INF, -INF, -1.0], [[-INF, INF, 0.0], [INF, -INF, 0.0], [0.0, 0.0, 0.5]]),
    ("weibull_max.logsf(x, 1, loc, s) at x = loc", lambda v: stats.weibull_max.logsf(v[0], 1.0, v[1], v[2]),
     lambda x, loc, s: _weibull_logcdf(loc - x, 1, s), [0.5, 0.5, 2.0],
     [-INF, INF, -0.5], [[-INF, INF, -0.125], [INF, -INF, 0.125], [-0.125, 0.125, 0.25]]),
    ("rayleigh.logcdf(x, loc, s)", lambda v: stats.rayleigh.logcdf(v[0], v[1], v[2]),
     lambda x, loc, s: _rayleigh_logcdf(x - loc, s), [0.5, 0.5, 2.0],
     [INF, -INF, -1.0], [[-INF, INF, 0.0], [INF, -INF, 0.0], [0.0, 0.0, 0.5]]),
    ("halfnorm.logcdf(x, loc, s)", lambda v: stats.halfnorm.logcdf(v[0], v[1], v[2]),
     lambda x, loc, s: _halfnorm_logcdf(x - loc, s), [0.5, 0.5, 2.0],
     [INF, -INF, -0.5], [[-INF, INF, 0.0], [INF, -INF, 0.0], [0.0, 0.0, 0.25]]),
    ("maxwell.logcdf(x, loc, s)", lambda v: stats.maxwell.logcdf(v[0], v[1], v[2]),
     lambda x, loc, s: _maxwell_logcdf(x - loc, s), [0.5, 0.5, 2.0],
     [INF, -INF, -1.5], [[-INF, INF, 0.0], [INF, -INF, 0.0], [0.0, 0.0, 0.75]]),
    ("halflogistic.logcdf(x, loc, s)", lambda v: stats.halflogistic.logcdf(v[0], v[1], v[2]),
     lambda x, loc, s: _halflogistic_logcdf(x - loc, s), [0.5, 0.5, 2.0],
     [INF, -INF, -0.5], [[-INF, INF, 0.0], [INF, -INF, 0.0], [0.0, 0.0, 0.25]]),
    ("lomax.logcdf(x, c, loc, s)", lambda v: stats.lomax.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: _lomax_logcdf(x - loc, c, s), [0.5, 1.5, 0.5, 2.0], [INF, 0.6666666666666666, -INF, -0.5],
     [[-INF, -0.25, INF, 0.3125], [-0.25, -0.4444444444444444, 0.25, 0.0], [INF, 0.25, -INF, -0.3125],
      [0.3125, 0.0, -0.3125, 0.25]]),
    ("halfcauchy.logcdf(x, loc, s)", lambda v: stats.halfcauchy.logcdf(v[0], v[1], v[2]),
     lambda x, loc, s: _halfcauchy_logcdf(x - loc, s), [0.5, 0.5, 2.0],
     [INF, -INF, -0.5], [[-INF, INF, 0.0], [INF, -INF, 0.0], [0.0, 0.0, 0.25]]),
    ("gompertz.logcdf(x, c, loc, s)", lambda v: stats.gompertz.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: _gompertz_logcdf(x - loc, c, s), [0.5, 0.5, 0.5, 2.0], [INF, 2.0, -INF, -0.5],
     [[-INF, -0.25, INF, -0.0625], [-0.25, -4.0, 0.25, 0.0], [INF, 0.25, -INF, 0.0625], [-0.0625, 0.0, 0.0625, 0.25]]),
    ("foldnorm.logcdf(x, c, loc, s)", lambda v: stats.foldnorm.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: _foldnorm_logcdf(x - loc, c, s), [0.5, 0.7, 0.5, 2.0], [INF, -0.7, -INF, -0.5],
     [[-INF, 0.0, INF, 0.0], [0.0, -1.0, 0.0, 0.0], [INF, 0.0, -INF, 0.0], [0.0, 0.0, 0.0, 0.25]]),
    ("foldcauchy.logcdf(x, c, loc, s)", lambda v: stats.foldcauchy.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: _foldcauchy_logcdf(x - loc, c, s), [0.5, 0.7, 0.5, 2.0],
     [INF, -0.9395973154362416, -INF, -0.5],
     [[-INF, 0.0, INF, 0.0], [0.0, -0.45943876401963885, 0.0, 0.0], [INF, 0.0, -INF, 0.0], [0.0, 0.0, 0.0, 0.25]]),
    ("genpareto.logcdf(x, c, loc, s), c = 0.5", lambda v: stats.genpareto.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: _genpareto_logcdf(x - loc, c, s), [0.5, 0.5, 0.5, 2.0], [INF, 0.0, -INF, -0.5],
     [[-INF, -0.25, INF, 0.1875], [-0.25, 0.0, 0.25, 0.0], [INF, 0.25, -INF, -0.1875], [0.1875, 0.0, -0.1875, 0.25]]),
    ("genpareto.logcdf(x, c, loc, s), c = -0.5", lambda v: stats.genpareto.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: _genpareto_logcdf(x - loc, c, s), [0.5, -0.5, 0.5, 2.0], [INF, 0.0, -INF, -0.5],
     [[-INF, -0.25, INF, 0.0625], [-0.25, 0.0, 0.25, 0.0], [INF, 0.25, -INF, -0.0625], [0.0625, 0.0, -0.0625, 0.25]]),
    ("beta.logcdf(x, a, b, loc, s)", lambda v: stats.beta.logcdf(v[0], v[1], v[2], v[3], v[4]),
     lambda x, a, b, loc, s: _beta_logcdf(x - loc, a, b, s), [0.5, 1.5, 2.5, 0.5, 2.0],
     [INF, -INF, 0.5529610277865573, -INF, -0.75],
     [[-INF, INF, -0.3, INF, 0.225], [INF, -0.20653480036311955, 0.2838229557371153, -INF, -0.5],
      [-0.3, 0.2838229557371153, -0.20653480036311955, 0.3, 0.0], [INF, -INF, 0.3, -INF, -0.225],
      [0.225, -0.5, 0.0, -0.225, 0.375]]),
    ("powerlaw.logcdf(x, a, loc, s)", lambda v: stats.powerlaw.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, a, loc, s: _beta_logcdf(x - loc, a, 1, s), [0.5, 1.5, 0.5, 2.0], [INF, -INF, -INF, -0.75],
     [[-INF, INF, INF, 0.0], [INF, 0.0, -INF, -0.5], [INF, -INF, -INF, 0.0], [0.0, -0.5, 0.0, 0.375]]),
    ("fisk.logcdf(x, 2, loc, s)", lambda v: stats.fisk.logcdf(v[0], 2.0, v[1], v[2]),
     lambda x, loc, s: _burr12_logcdf(x - loc, 2, 1, s), [0.5, 0.5, 2.0],
     [INF, -INF, -1.0], [[-INF, INF, 0.0], [INF, -INF, 0.0], [0.0, 0.0, 0.5]]),
    ("burr12.logcdf(x, 1, d, loc, s)", lambda v: stats.burr12.logcdf(v[0], 1.0, v[1], v[2], v[3]),
     lambda x, d, loc, s: _burr12_logcdf(x - loc, 1, d, s), [0.5, 2.5, 0.5, 2.0], [INF, 0.4, -INF, -0.5],
     [[-INF, -0.25, INF, 0.4375], [-0.25, -0.16, 0.25, 0.0], [INF, 0.25, -INF, -0.4375], [0.4375, 0.0, -0.4375, 0.25]]),
    ("chi.logcdf(x, df, loc, s)", lambda v: stats.chi.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, df, loc, s: _chi_logcdf(x - loc, df, s), [0.5, 1.5, 0.5, 2.0], [INF, -INF, -INF, -0.75],
     [[-INF, INF, INF, 0.0], [INF, -0.19102546747345717, -INF, -0.5], [INF, -INF, -INF, 0.0], [0.0, -0.5, 0.0, 0.375]]),
    ("nakagami.logcdf(x, nu, loc, s)", lambda v: stats.nakagami.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, nu, loc, s: _gamma_logcdf(nu * ((x - loc) / s) ** 2, nu, 1), [0.5, 0.7, 0.5, 2.0],
     [INF, -INF, -INF, -0.7],
     [[-INF, INF, INF, 0.0], [INF, 0.6353385984074302, -INF, -1.0], [INF, -INF, -INF, 0.0], [0.0, -1.0, 0.0, 0.35]]),
    ("betaprime.logcdf(x, a, b, loc, s)", lambda v: stats.betaprime.logcdf(v[0], v[1], v[2], v[3], v[4]),
     lambda x, a, b, loc, s: _beta_logcdf((x - loc) / (s + x - loc), a, b, 1), [0.5, 1.5, 2.5, 0.5, 2.0],
     [INF, -INF, 0.5529610277865573, -INF, -0.75],
     [[-INF, INF, -0.3, INF, 0.6], [INF, -0.20653480036311955, 0.2838229557371153, -INF, -0.5],
      [-0.3, 0.2838229557371153, -0.20653480036311955, 0.3, 0.0], [INF, -INF, 0.3, -INF, -0.6],
      [0.6, -0.5, 0.0, -0.6, 0.375]]),
    # (c < 1, 1 < c < 2, c traced: z^c's share of d2/dx dscale and d2/dx dc +-inf for c < 1 (_END_LOG_POWER))
    ("weibull_min.logcdf(x, c, loc, s), c = 0.5", lambda v: stats.weibull_min.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: _weibull_logcdf(x - loc, c, s), [0.5, 0.5, 0.5, 2.0], [INF, -INF, -INF, -0.25],
     [[-INF, INF, INF, INF], [INF, 0.0, -INF, -0.5], [INF, -INF, -INF, -INF], [INF, -0.5, -INF, 0.125]]),
    ("weibull_max.logsf(x, c, loc, s) at x = loc, c = 0.5", lambda v: stats.weibull_max.logsf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: _weibull_logcdf(loc - x, c, s), [0.5, 0.5, 0.5, 2.0], [-INF, -INF, INF, -0.25],
     [[-INF, -INF, INF, -INF], [-INF, 0.0, INF, -0.5], [INF, INF, -INF, INF], [-INF, -0.5, INF, 0.125]]),
    ("burr12.logcdf(x, c, d, loc, s), c = 0.5", lambda v: stats.burr12.logcdf(v[0], v[1], v[2], v[3], v[4]),
     lambda x, c, d, loc, s: _burr12_logcdf(x - loc, c, d, s), [0.5, 0.5, 2.0, 0.5, 2.0], [INF, -INF, 0.5, -INF, -0.25],
     [[-INF, INF, -INF, INF, INF], [INF, 0.0, 0.0, -INF, -0.5], [-INF, 0.0, -0.25, INF, 0.0],
      [INF, -INF, INF, -INF, -INF], [INF, -0.5, 0.0, -INF, 0.125]]),
    ("fisk.logcdf(x, c, loc, s), c = 1.5", lambda v: stats.fisk.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: _burr12_logcdf(x - loc, c, 1, s), [0.5, 1.5, 0.5, 2.0], [INF, -INF, -INF, -0.75],
     [[-INF, INF, INF, 0.0], [INF, 0.0, -INF, -0.5], [INF, -INF, -INF, 0.0], [0.0, -0.5, 0.0, 0.375]]),
    ("f.logcdf(x, dfn, dfd, loc, s)", lambda v: stats.f.logcdf(v[0], v[1], v[2], v[3], v[4]),
     lambda x, n, d, loc, s: _beta_logcdf(n * (x - loc) / (n * (x - loc) + d * s), n / 2, d / 2, 1),
     [0.5, 4.0, 6.0, 0.5, 2.0], [INF, -INF, -0.041666666666666664, -INF, -1.0],
     [[-INF, INF, 0.07407407407407407, INF, 0.5555555555555556],
      [INF, 0.08159722222222222, -0.028002594399054503, -INF, -0.25],
      [0.07407407407407407, -0.028002594399054503, 0.012152777777777778, -0.07407407407407407, 0.0],
      [INF, -INF, -0.07407407407407407, -INF, -0.5555555555555556],
      [0.5555555555555556, -0.25, 0.0, -0.5555555555555556, 0.5]]),
    ("burr.logcdf(x, c, d, loc, s)", lambda v: stats.burr.logcdf(v[0], v[1], v[2], v[3], v[4]),
     lambda x, c, d, loc, s: -d * mp.log1p(((x - loc) / s) ** -c), [0.5, 0.5, 0.7, 0.5, 2.0],
     [INF, -INF, -INF, -INF, -0.175],
     [[-INF, INF, INF, INF, INF], [INF, 0.0, -INF, -INF, -0.35], [INF, -INF, 0.0, -INF, -0.25],
      [INF, -INF, -INF, -INF, -INF], [INF, -0.35, -0.25, -INF, 0.0875]]),
    ("mielke.logcdf(x, k, s, loc, scale)", lambda v: stats.mielke.logcdf(v[0], v[1], v[2], v[3], v[4]),
     lambda x, k, sh, loc, s: k * mp.log((x - loc) / s) - k / sh * mp.log1p(((x - loc) / s) ** sh),
     [0.5, 2.0, 0.5, 0.5, 2.0], [INF, -INF, 0.0, -INF, -1.0],
     [[-INF, INF, INF, INF, INF], [INF, 0.0, 0.0, -INF, -0.5], [INF, 0.0, 0.0, -INF, 0.0],
      [INF, -INF, -INF, -INF, -INF], [INF, -0.5, 0.0, -INF, 0.5]]),
    ("kappa3.logcdf(x, a, loc, s)", lambda v: stats.kappa3.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, a, loc, s: mp.log((x - loc) / s) - mp.log(a + ((x - loc) / s) ** a) / a, [0.5, 0.5, 0.5, 2.0],
     [INF, -6.772588722239782, -INF, -0.5],
     [[-INF, INF, INF, INF], [INF, 35.090354888959126, -INF, 0.0], [INF, -INF, -INF, -INF], [INF, 0.0, -INF, 0.25]]),
    ("gengamma.logcdf(x, a, c, loc, s)", lambda v: stats.gengamma.logcdf(v[0], v[1], v[2], v[3], v[4]),
     lambda x, a, c, loc, s: _gamma_logcdf(((x - loc) / s) ** c, a, 1), [0.5, 1.5, 0.5, 0.5, 2.0],
     [INF, -INF, -INF, -INF, -0.375],
     [[-INF, INF, INF, INF, INF], [INF, -0.49035775610023485, -INF, -INF, -0.25], [INF, -INF, 0.0, -INF, -0.75],
      [INF, -INF, -INF, -INF, -INF], [INF, -0.25, -0.75, -INF, 0.1875]]),
    ("exponweib.logcdf(x, a, c, loc, s)", lambda v: stats.exponweib.logcdf(v[0], v[1], v[2], v[3], v[4]),
     lambda x, a, c, loc, s: a * _weibull_logcdf(x - loc, c, s), [0.5, 0.7, 0.5, 0.5, 2.0],
     [INF, -INF, -INF, -INF, -0.175],
     [[-INF, INF, INF, INF, INF], [INF, 0.0, -INF, -INF, -0.25], [INF, -INF, 0.0, -INF, -0.35],
      [INF, -INF, -INF, -INF, -INF], [INF, -0.25, -0.35, -INF, 0.0875]]),
    ("halfgennorm.logcdf(x, beta, loc, s)", lambda v: stats.halfgennorm.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, be, loc, s: _gamma_logcdf(((x - loc) / s) ** be, 1 / be, 1), [0.5, 0.5, 0.5, 2.0],
     [INF, 3.6911373403938685, -INF, -0.5],
     [[-INF, INF, INF, INF], [INF, -21.0834944311471, -INF, 0.0], [INF, -INF, -INF, -INF], [INF, 0.0, -INF, 0.25]]),
    ("exponpow.logcdf(x, b, loc, s), b = 1/2", lambda v: stats.exponpow.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, b, loc, s: mp.log(-mp.expm1(1 - mp.exp(((x - loc) / s) ** b))), [0.5, 0.5, 0.5, 2.0],
     [INF, -INF, -INF, -0.25],
     [[-INF, INF, INF, 0.041666666666666664], [INF, 0.0, -INF, -0.5], [INF, -INF, -INF, -0.041666666666666664],
      [0.041666666666666664, -0.5, -0.041666666666666664, 0.125]]),
    ("bradford.logcdf(x, c, loc, s)", lambda v: stats.bradford.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: mp.log(mp.log1p(c * (x - loc) / s) / mp.log1p(c)), [0.5, 0.5, 0.5, 2.0],
     [INF, 0.3557976917490455, -INF, -0.5],
     [[-INF, -0.25, INF, 0.0625], [-0.25, -0.20046389737493037, 0.25, 0.0], [INF, 0.25, -INF, -0.0625],
      [0.0625, 0.0, -0.0625, 0.25]]),
    ("loglaplace.logcdf(x, c, loc, s)", lambda v: stats.loglaplace.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: c * mp.log((x - loc) / s) - mp.log(2), [0.5, 0.5, 0.5, 2.0], [INF, -INF, -INF, -0.25],
     [[-INF, INF, INF, 0.0], [INF, 0.0, -INF, -0.5], [INF, -INF, -INF, 0.0], [0.0, -0.5, 0.0, 0.125]]),
    ("genexpon.logcdf(x, a, b, c, loc, s)", lambda v: stats.genexpon.logcdf(v[0], v[1], v[2], v[3], v[4], v[5]),
     lambda x, a, b, c, loc, s: mp.log(-mp.expm1(-(a + b) * (x - loc) / s - b * mp.expm1(-c * (x - loc) / s) / c)),
     [0.5, 1.5, 0.7, 2.0, 0.5, 2.0], [INF, 0.6666666666666666, 0.0, 0.0, -INF, -0.5],
     [[-INF, -0.40555555555555556, 0.3333333333333333, 0.11666666666666665, INF, 0.07083333333333335],
      [-0.40555555555555556, -0.4444444444444444, 0.0, 0.0, 0.40555555555555556, 0.0], [0.3333333333333333, 0.0, 0.0, 0.0,
      -0.3333333333333333, 0.0], [0.11666666666666665, 0.0, 0.0, 0.0, -0.11666666666666665, 0.0],
      [INF, 0.40555555555555556, -0.3333333333333333, -0.11666666666666665, -INF, -0.07083333333333335],
      [0.07083333333333335, 0.0, 0.0, 0.0, -0.07083333333333335, 0.25]]),
    ("genhalflogistic.logcdf(x, c, loc, s)", lambda v: stats.genhalflogistic.logcdf(v[0], v[1], v[2], v[3]),
     lambda x, c, loc, s: mp.log((1 - (1 - c * (x - loc) / s) ** (1 / c)) / (1 + (1 - c * (x - loc) / s) ** (1 / c))),
     [0.5, 0.5, 0.5, 2.0], [INF, 0.0, -INF, -0.5],
     [[-INF, 0.25, INF, -0.0625], [0.25, 0.0, -0.25, 0.0], [INF, -0.25, -INF, 0.0625], [-0.0625, 0.0, 0.0625, 0.25]]),
]


def test_the_log_cdf_beside_and_below_the_end():
    """Below the end the log cdf is the constant -inf (derivatives 0), beside it the family's own (expon's 1 / (e^z - 1)
    = 1e300 at 1e-300), the end's +inf between, in one call; untraced, the value -inf at the end; traced in the shape
    alone (x, loc and scale constants) d/da of gamma.logcdf(0, a) is log z's -inf (it was 0)."""
    got = wg.jacfwd(lambda x: stats.expon.logcdf(x))(np.array([-1.0, 0.0, 1e-300]))
    np.testing.assert_array_equal(np.diag(got)[:2], [0.0, INF])
    np.testing.assert_allclose(got[2, 2], 1e300, rtol=1e-15)
    assert stats.expon.logcdf(0.0) == -INF and stats.gamma.logcdf(0.0, 0.5) == -INF
    assert wg.grad(lambda a: stats.gamma.logcdf(0.0, a))(0.5) == -INF
    assert wg.grad(lambda a: stats.gamma.logcdf(np.array([-1.0, 0.0, 1.0]), a).sum())(0.5) == -INF
    assert wg.grad(lambda a: stats.powerlaw.logcdf(0.0, a))(1.5) == -INF  # (a log z, a alone traced)
    # (faster than any power: the shape or the scale alone traced, and beside the end in one call)
    assert wg.grad(lambda a: stats.invgamma.logcdf(0.0, a))(1.5) == INF
    assert wg.grad(lambda sigma: stats.lognorm.logcdf(0.0, sigma))(0.95) == INF
    assert wg.grad(lambda s: stats.gibrat.logcdf(0.0, 0.0, s))(2.0) == -INF
    np.testing.assert_allclose(wg.grad(lambda mu: stats.invgauss.logcdf(0.0, mu))(0.7), -1 / 0.49, rtol=1e-15)
    got = wg.jacfwd(lambda x: stats.levy.logcdf(x))(np.array([-1.0, 0.0, 1e-300]))
    np.testing.assert_array_equal(np.diag(got), [0.0, INF, INF])  # (1 / (2 z^2) = inf at 1e-300 too)
    assert stats.invgauss.logcdf(0.0, 0.7) == -INF and stats.alpha.logcdf(-0.0, 1.5) == -INF


def test_the_log_density_at_the_end_with_the_scale_alone_traced():
    """x and loc constants, equal: d/dscale of rayleigh.logpdf(0, 0, s) is log z - log s's -2/s (it was 0), below and
    beside the end the family's own in one call."""
    assert wg.grad(lambda s: stats.rayleigh.logpdf(0.0, 0.0, s))(2.0) == -1.0
    got = wg.jacfwd(lambda x: stats.maxwell.logpdf(x))(np.array([-1.0, 0.0, 1e-300]))
    np.testing.assert_array_equal(np.diag(got)[:2], [0.0, INF])
    np.testing.assert_allclose(got[2, 2], 2e300, rtol=1e-15)
    # (a density vanishing faster than any power: -(a + 1) log z - 1 / z's limits, the shape or the scale alone traced)
    assert wg.grad(lambda a: stats.invgamma.logpdf(0.0, a))(1.5) == INF
    assert wg.grad(lambda s: stats.invgamma.logpdf(0.0, 1.5, 0.0, s))(2.0) == -INF
    assert wg.grad(lambda c: stats.fatiguelife.logpdf(np.array([-1.0, 0.0]), c).sum())(0.7) == INF
    assert stats.invgauss.logpdf(0.0, 0.7) == -INF and stats.recipinvgauss.logpdf(-0.0, 0.7) == -INF
    assert wg.grad(lambda sigma: stats.lognorm.logpdf(0.0, sigma))(0.7) == INF  # (log(z)^2 / sigma^3)
    assert wg.grad(lambda s: stats.gibrat.logpdf(0.0, 0.0, s))(2.0) == -INF


def _rel_breitwigner(v):
    return stats.rel_breitwigner.logcdf(v[0], v[1], v[2], v[3])


#: Just above the end (name, function, point, Hessian; mpmath, 300 and 800 digits, on the closed forms)
NEAR = [
    # (rel_breitwigner below z^2 max(q, sqrt(r)) = 1e-2, z = 0.1275 at rho = 1.5: log z (x - loc and the scale apart)
    # plus the density's series; through the closed forms d2/dx dscale was 8192 at 1e-20 and d2/dx drho 512 (12059
    # reverse over forward), NaN at 1e-300)
    ("rel_breitwigner.logcdf(1e-20, 1.5, 0, 2)", _rel_breitwigner, [1e-20, 1.5, 0.0, 2.0],
     [[-1e40, -9.467455621301776e-22, 1e40, -1.0256410256410256e-21],
      [-9.467455621301776e-22, 0.4685731550789319, 9.467455621301776e-22, 4.7337278106508877e-42],
      [1e40, 9.467455621301776e-22, -1e40, 1.0256410256410256e-21],
      [-1.0256410256410256e-21, 4.7337278106508877e-42, 1.0256410256410256e-21, 0.25]]),
    ("rel_breitwigner.logcdf(0.254, 1.5, 0, 2)", _rel_breitwigner, [0.254, 1.5, 0.0, 2.0],  # (z = 0.127)
     [[-15.396139245397604, -0.02420806827389702, 15.396139245397604, -0.026276026209050212],
      [-0.02420806827389702, 0.47218616058519247, 0.02420806827389702, 0.003074424670784921],
      [15.396139245397604, 0.02420806827389702, -15.396139245397604, 0.026276026209050212],
      [-0.026276026209050212, 0.003074424670784921, 0.026276026209050212, 0.2549984405461167]]),
    # (exponpow where z^(b - 2) overflows: b log z + log r(z^b) one primitive of x - loc and scale; through z d2/dx
    # dscale was +inf, d2/dscale2 -inf, NaN in jacfwd(jacfwd)'s d2/db dscale)
    ("exponpow.logcdf(1e-300, 0.5, 0, 2)", lambda v: stats.exponpow.logcdf(v[0], v[1], v[2], v[3]),
     [1e-300, 0.5, 0.0, 2.0],
     [[-INF, 1e300, INF, 0.041666666666666664], [1e300, -1.5937630953839822e-295, -1e300, -0.5],
      [INF, -1e300, -INF, -0.041666666666666664], [0.041666666666666664, -0.5, -0.041666666666666664, 0.125]]),
    # (exponpow with b small where z^(b - 2) does not overflow: t = b log z and w = z^b exp(t - t0) apart; through z
    # d2/dx dscale, -(z L'' + L') / scale^2, was 6.53241434524896e14, 1.5e-12 off)
    ("exponpow.logcdf(1e-20, 0.005, 0, 2)", lambda v: stats.exponpow.logcdf(v[0], v[1], v[2], v[3]),
     [1e-20, 0.005, 0.0, 2.0],
     [[-3.7409620626580483e+37, 8.677221357686355e+19, 3.7409620626580483e+37, 653241434523891.5],
      [8.677221357686355e+19, -1141.9083115071135, -8.677221357686355e+19, -0.43386106788431766],
      [3.7409620626580483e+37, -8.677221357686355e+19, -3.7409620626580483e+37, -653241434523891.5],
      [653241434523891.5, -0.43386106788431766, -653241434523891.5, 0.000928708101319273]]),
    # (and where t's slope b / (x - loc) squared overflows, 1 / (x - loc) above 2^500: t and w apart, jacfwd(jacfwd)'s
    # w'' = w (t'' + t'^2) was -inf + inf, NaN in d2/dx2, d2/dx dloc, d2/dloc2 for -inf, +inf, -inf)
    ("exponpow.logcdf(1e-160, 0.9, 0, 2)", lambda v: stats.exponpow.logcdf(v[0], v[1], v[2], v[3]),
     [1e-160, 0.9, 0.0, 2.0],
     [[-INF, 1e+160, INF, 7.75371389622986e-130], [1e+160, -2.6083072701771435e-284, -1e+160, -0.5],
      [INF, -1e+160, -INF, -7.75371389622986e-130], [7.75371389622986e-130, -0.5, -7.75371389622986e-130, 0.225]]),
    # (halfgennorm there too: log z + d_1 z^beta + d_2 z^2beta - gammaln(1 + 1/beta) one primitive of x - loc and scale;
    # through z d2/dx dscale was +inf, d2/dscale2 -inf)
    ("halfgennorm.logcdf(1e-300, 0.5, 0, 2)", lambda v: stats.halfgennorm.logcdf(v[0], v[1], v[2], v[3]),
     [1e-300, 0.5, 0.0, 2.0],
     [[-INF, 1.6266646002823208e+152, INF, 5.892556509887896e+148],
      [1.6266646002823208e+152, -21.0834944311471, -1.6266646002823208e+152, -8.133323001411605e-149],
      [INF, -1.6266646002823208e+152, -INF, -5.892556509887896e+148],
      [5.892556509887896e+148, -8.133323001411605e-149, -5.892556509887896e+148, 0.25]]),
    # (and where z^beta >= 1e-9 there, beta below 0.065: the terms to z^6beta, d_k as series in beta; through z d2/dx
    # dscale was +inf, d2/dscale2 -inf)
    ("halfgennorm.logcdf(1e-300, 0.01, 0, 2)", lambda v: stats.halfgennorm.logcdf(v[0], v[1], v[2], v[3]),
     [1e-300, 0.01, 0.0, 2.0],
     [[-INF, 5.825408498540162e+297, INF, 4.916298534504965e+292],
      [5.825408498540162e+297, -10215811.84499594, -5.825408498540162e+297, -0.002912704249270081],
      [INF, -5.825408498540162e+297, -INF, -4.916298534504965e+292],
      [4.916298534504965e+292, -0.002912704249270081, -4.916298534504965e+292, 0.2499975172690031]]),
    # (and below beta = 0.01 at 1e-300, z^beta >= 1e-3: through the lower gamma series d2/dx2, d2/dx dloc, d2/dloc2
    # were -1 / u^2 plus f'(w) w_xx, inf - inf = NaN on every path)
    ("halfgennorm.logcdf(1e-300, 0.005, 0, 2)", lambda v: stats.halfgennorm.logcdf(v[0], v[1], v[2], v[3]),
     [1e-300, 0.005, 0.0, 2.0],
     [[-INF, 7.720980889786452e+298, INF, 3.919567310485839e+293],
      [7.720980889786452e+298, -92808113.55577658, -7.720980889786452e+298, -0.038604904448932255],
      [INF, -7.720980889786452e+298, -INF, -3.919567310485839e+293],
      [3.919567310485839e+293, -0.038604904448932255, -3.919567310485839e+293, 0.24996060831809838]]),
]


@pytest.mark.parametrize("name", [c[0] for c in NEAR])
def test_log_cdf_just_above_the_end(name):
    _, f, v, hessian = next(c for c in NEAR if c[0] == name)
    for path in PATHS + (lambda f: wg.jacrev(wg.jacrev(f)),):
        np.testing.assert_allclose(np.asarray(path(f)(np.array(v))), hessian, rtol=1e-14, atol=0, err_msg=name)


def _limits(f, v, sign=1, dps=400):
    """mpmath's gradient and Hessian of ``f`` at ``v`` with ``v[0]`` moved into the support by ``sign t``, as the
    limits t -> 0+ (the values of CASES; 400 digits, steps 1e-150: slow, run by hand, ``python
    tests/test_stats_log_functions_at_support_ends.py``; ``dps`` more where f grows like 1 / t^2, alpha's)."""
    n = len(v)
    with mp.workdps(dps):
        at = []
        for t in (mp.mpf("1e-40"), mp.mpf("1e-80")):
            p = [mp.mpf(e) for e in v]
            p[0] += sign * t
            grad = [mp.diff(f, p, tuple(int(k == i) for k in range(n)), h=mp.mpf("1e-150")) for i in range(n)]
            hess = [[mp.diff(f, p, tuple(int(k == i) + int(k == j) for k in range(n)), h=mp.mpf("1e-150"))
                     for j in range(n)] for i in range(n)]
            at.append((grad, hess))

        def limit(a, b):  # (a at t = 1e-40, b at 1e-80: b within 1e-30 of a, or below 1e-60 (a limit 0), or infinite)
            if abs(b) < mp.mpf("1e-60"):
                return 0.0
            return float(b) if abs(b - a) <= mp.mpf("1e-30") * abs(b) else float(mp.sign(b)) * np.inf
        (g1, h1), (g2, h2) = at
        return ([limit(a, b) for a, b in zip(g1, g2)],
                [[limit(a, b) for a, b in zip(r1, r2)] for r1, r2 in zip(h1, h2)])


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_derivatives_at_the_end_are_the_limits_from_inside(name):
    _, f, _, v, grad, hessian = next(c for c in CASES if c[0] == name)
    v = np.array(v)
    for jacobian in (wg.grad, wg.jacfwd):
        np.testing.assert_allclose(np.asarray(jacobian(f)(v)), grad, rtol=1e-13, atol=0, err_msg=name)
    for path in PATHS:
        np.testing.assert_allclose(np.asarray(path(f)(v)), hessian, rtol=1e-13, atol=0, err_msg=name)


@pytest.mark.parametrize("method, c1", [("logpdf", 2.0), ("logcdf", 0.5)])
def test_gengamma_with_c_of_both_signs_in_one_call(method, c1):
    """gengamma at x == loc with c = [-2, c1] in one call: each entry what the call with that c alone gives (c = -2's
    the mpmath limits of CASES, as logcdf's c = 0.5). c < 0's entry was the constant -inf with every derivative 0
    (logcdf), and logpdf took log z and z^c through z on both entries (d/dscale -0.5 for -inf and -1.5)."""
    function = getattr(stats.gengamma, method)
    v = np.array([0.5, 1.5, -2.0, c1, 0.5, 2.0])  # (x, a, c0, c1, loc, s)
    for i, c in enumerate((2, 3)):
        keep = [0, 1, c, 4, 5]

        def mixed(v):
            return function(v[0], v[1], v[2:4], v[4], v[5])[i]

        def alone(u):
            return function(u[0], u[1], u[2], u[3], u[4])
        names = {(0, "logpdf"): "gengamma.logpdf(x, a, c, loc, s), c = -2",
                 (0, "logcdf"): "gengamma.logcdf(x, a, c, loc, s), c = -2",
                 (1, "logcdf"): "gengamma.logcdf(x, a, c, loc, s)"}  # (the mpmath limits; logpdf's c = 2 alone's)
        gradient, hessian = np.zeros(6), np.zeros((6, 6))
        with np.errstate(all="ignore"):  # (log z and powers of z at 0 in the partials, as alone)
            if (i, method) in names:
                row = next(row for row in CASES if row[0] == names[i, method])
                gradient[keep], hessian[np.ix_(keep, keep)] = row[4], row[5]
            else:
                gradient[keep], hessian[np.ix_(keep, keep)] = wg.grad(alone)(v[keep]), wg.hessian(alone)(v[keep])
            assert mixed(v) == alone(v[keep]) == -INF
            for jacobian in (wg.grad, wg.jacfwd):
                np.testing.assert_allclose(np.asarray(jacobian(mixed)(v)), gradient, rtol=1e-13, atol=0, err_msg=method)
            for path in PATHS + (lambda f: wg.jacrev(wg.jacrev(f)),):
                np.testing.assert_allclose(np.asarray(path(mixed)(v)), hessian, rtol=1e-13, atol=0, err_msg=method)


if __name__ == "__main__":
    for name, _, truth, v, _, _ in CASES:
        print(repr(name), *_limits(truth, v, -1 if "weibull_max" in name or "levy_l" in name else 1,
                                   1000 if "alpha" in name or "recipinvgauss.logcdf" in name else 400))


#: triang and trapezoid at x = loc (z = 0, fixed) with the shapes and the scale traced: the log cdf is 2 log z - log c
#: (triang) and 2 log z - log c - log(1 + d - c) (trapezoid) near z = 0, log z + log 2 (- log(1 + d)) at c = 0, so the
#: limits from inside are closed forms (name, function, point, gradient, Hessian)
CORNERS = [
    ("triang.logcdf(0, c, 0, s)", lambda v: stats.triang.logcdf(0.0, v[0], 0.0, v[1]), [0.4, 2.0],
     [-2.5, -1.0], [[6.25, 0.0], [0.0, 0.5]]),
    ("triang.logcdf(0, 0, 0, s)", lambda v: stats.triang.logcdf(0.0, 0.0, 0.0, v[0]), [2.0], [-0.5], [[0.25]]),
    ("trapezoid.logcdf(0, c, d, 0, s)", lambda v: stats.trapezoid.logcdf(0.0, v[0], v[1], 0.0, v[2]), [0.2, 0.7, 2.0],
     [-5.0 + 1 / 1.5, -1 / 1.5, -1.0], [[25.0 + 1 / 2.25, -1 / 2.25, 0.0], [-1 / 2.25, 1 / 2.25, 0.0], [0.0, 0.0, 0.5]]),
    ("trapezoid.logcdf(0, 0, d, 0, s)", lambda v: stats.trapezoid.logcdf(0.0, 0.0, 0.7, 0.0, v[0]), [2.0], [-0.5],
     [[0.25]]),
]


@pytest.mark.parametrize("name", [c[0] for c in CORNERS])
def test_triang_and_trapezoid_log_cdf_at_loc_with_shapes_and_scale_traced(name):
    """Where z = 0 does not move (x = loc; only c, d and the scale traced) the log cdf is -inf with the limits from
    inside as its derivatives, as expon's, gamma's and uniform's: through log 0 every derivative was 0
    (triang.logcdf(0, 0.4, 0, s)'s d/ds 0 for -2 / s, d/dc 0 for -1 / c)."""
    _, f, v, grad, hessian = next(c for c in CORNERS if c[0] == name)
    v = np.array(v)
    assert f(v) == -INF
    for jacobian in (wg.grad, wg.jacfwd):
        np.testing.assert_allclose(np.asarray(jacobian(f)(v)), grad, rtol=1e-15, atol=0, err_msg=name)
    for path in PATHS + (lambda f: lambda v: wg.jvp(wg.grad(f), (v,), (np.eye(len(v))[0],))[1],):
        got = np.asarray(path(f)(v))
        np.testing.assert_allclose(got, hessian if got.ndim == 2 else hessian[0], rtol=1e-15, atol=0, err_msg=name)
