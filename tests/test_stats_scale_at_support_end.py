"""Second derivatives in the scale (with x, loc and itself) near an end of the support, where the log-function
has a log singularity ``L(z) = a log z + R(z)``, ``z = (x - loc) / scale``.

Through z alone, d2/dx dscale is ``-(z L''(z) + L'(z)) / scale^2``, in which ``a log z`` gives ``a / z - a / z``:
every digit was lost near the end (gamma.logpdf(x, 2.0, 0.0, s) at x = 1e-200: 0.0, the truth 1), and below
z = 1e-154 ``a / z^2`` overflowed. Here ``log z`` is ``log(x - loc) - log(scale)`` (:data:`_LOG_STANDARDIZED`).

Truths: ``L'`` and ``L''`` in closed form, in mpmath (460 digits, for the cancellation): ``d2/dx2 = L'' / s^2``,
``d2/dx ds = -(z L'' + L') / s^2``, ``d2/ds2 = (z^2 L'' + 2 z L') / s^2`` (plus ``1 / s^2`` from a density's ``-log
s``); in loc, ``d2/dloc ds = -d2/dx ds``. weibull_max's functions are taken at -x and -loc, where they are weibull_min's
(its end at w = -z = 0). A point far from the end (z = 0.3) checks that nothing changed there.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402
from opcheck import lazy_mp as mp  # noqa: E402  (mpmath where a test uses it)

S = 1.5  # the scale


def _gamma_log(a):
    a = mp.mpf(a)
    return lambda z: ((a - 1) / z - 1, -(a - 1) / z ** 2)


def _weibull_log(c):
    c = mp.mpf(c)
    return lambda z: ((c - 1) / z - c * z ** (c - 1), -(c - 1) / z ** 2 - c * (c - 1) * z ** (c - 2))


def _beta_log(a, b):
    a, b = mp.mpf(a), mp.mpf(b)
    return lambda z: ((a - 1) / z - (b - 1) / (1 - z), -(a - 1) / z ** 2 - (b - 1) / (1 - z) ** 2)


def _log1mexp_power_log(c, k=1):
    """``log(1 - exp(-k z^c))``'s (L', L'')."""
    c, k = mp.mpf(c), mp.mpf(k)

    def derivatives(z):
        v = k * z ** c
        e = mp.expm1(v)
        l1 = k * c * z ** (c - 1) / e
        return l1, k * c * (c - 1) * z ** (c - 2) / e - l1 * k * c * z ** (c - 1) * (e + 1) / e
    return derivatives


def _log_gammainc_log(a):
    """``log P(a, z)``'s (L', L'')."""
    a = mp.mpf(a)

    def derivatives(z):
        l1 = z ** (a - 1) * mp.exp(-z) / (mp.gamma(a) * mp.gammainc(a, 0, z, regularized=True))
        return l1, l1 * ((a - 1) / z - 1) - l1 ** 2
    return derivatives


def _log_betainc_log(a, b, upper=False):
    """``log I_z(a, b)``'s (``upper``: ``log(1 - I_z(a, b))``'s) (L', L'')."""
    a, b = mp.mpf(a), mp.mpf(b)

    def derivatives(z):
        density = z ** (a - 1) * (1 - z) ** (b - 1) / mp.beta(a, b)
        tail = mp.betainc(a, b, z, 1, regularized=True) if upper else mp.betainc(a, b, 0, z, regularized=True)
        l1 = (-density if upper else density) / tail
        return l1, l1 * ((a - 1) / z - (b - 1) / (1 - z)) - l1 ** 2
    return derivatives


def _log_gammainc_square_log(a, k):
    """``log P(a, k z^2)``'s (L', L'') (chi's, maxwell's, nakagami's log cdf)."""
    a, k = mp.mpf(a), mp.mpf(k)

    def derivatives(z):
        v, v1, v2 = k * z ** 2, 2 * k * z, 2 * k
        p = v ** (a - 1) * mp.exp(-v) / mp.gamma(a)
        tail = mp.gammainc(a, 0, v, regularized=True)
        l1 = p * v1 / tail
        return l1, (p * ((a - 1) / v - 1) * v1 ** 2 + p * v2) / tail - l1 ** 2
    return derivatives


def _burr12_logpdf_log(c, d):
    """``(c - 1) log z - (d + 1) log1p(z^c)``'s (L', L'')."""
    c, d = mp.mpf(c), mp.mpf(d)

    def derivatives(z):
        w = 1 + z ** c
        return ((c - 1) / z - (d + 1) * c * z ** (c - 1) / w,
                -(c - 1) / z ** 2 - (d + 1) * (c * (c - 1) * z ** (c - 2) / w - (c * z ** (c - 1) / w) ** 2))
    return derivatives


def _log_and_log1p_log(e, b, c):
    """``e log z + b log1p(z^c)``'s (L', L'') (burr's and mielke's below z = 1; ``b`` a fraction (numerator,
    denominator))."""
    def derivatives(z):
        e_, b_, c_ = mp.mpf(e), mp.mpf(b[0]) / b[1], mp.mpf(c)
        w = 1 + z ** c_
        return (e_ / z + b_ * c_ * z ** (c_ - 1) / w,
                -e_ / z ** 2 + b_ * (c_ * (c_ - 1) * z ** (c_ - 2) / w - (c_ * z ** (c_ - 1) / w) ** 2))
    return derivatives


def _log_gammainc_power_log(a, c):
    """``log P(a, z^c)``'s (L', L'') (gengamma's log cdf; halfgennorm's, ``a`` None: 1 / c at the working precision)."""
    def derivatives(z):
        c_ = mp.mpf(c)
        a_ = 1 / c_ if a is None else mp.mpf(a)
        w, w1, w2 = z ** c_, c_ * z ** (c_ - 1), c_ * (c_ - 1) * z ** (c_ - 2)
        # (d log P / dw = 1 / (w T), T = sum_k w^k / (a (a + 1) ... (a + k)): P = w^a e^-w T / gamma(a); mpmath's
        # gammainc at a = 2/3 and 860 digits took 15 s)
        term, total, k = 1 / a_, 0, 0
        while abs(term) > mp.eps * abs(total) / 1e5 or k == 0:
            total, k = total + term, k + 1
            term = term * w / (a_ + k)
        l1 = 1 / (w * total)
        return l1 * w1, (l1 * ((a_ - 1) / w - 1) - l1 ** 2) * w1 ** 2 + l1 * w2
    return derivatives


def _log_of(f, f1, f2):
    """``log f(z)``'s (L', L''), from f and its two derivatives (functions of z)."""
    def derivatives(z):
        l1 = f1(z) / f(z)
        return l1, f2(z) / f(z) - l1 ** 2
    return derivatives


def _foldcauchy_logcdf_log(c):
    """``log(arctan(z - c) + arctan(z + c))``'s (L', L'')."""
    c = mp.mpf(c)
    return _log_of(lambda z: mp.atan(z - c) + mp.atan(z + c), lambda z: 1 / (1 + (z - c) ** 2) + 1 / (1 + (z + c) ** 2),
                   lambda z: -2 * (z - c) / (1 + (z - c) ** 2) ** 2 - 2 * (z + c) / (1 + (z + c) ** 2) ** 2)


def _foldnorm_logcdf_log(c):
    """``log(ndtr(z - c) + ndtr(z + c) - 1)``'s (L', L'')."""
    c = mp.mpf(c)
    return _log_of(lambda z: (mp.erf((z - c) / mp.sqrt(2)) + mp.erf((z + c) / mp.sqrt(2))) / 2,
                   lambda z: mp.npdf(z - c) + mp.npdf(z + c),
                   lambda z: -(z - c) * mp.npdf(z - c) - (z + c) * mp.npdf(z + c))


def _bradford_logcdf_log(c):
    """``log(log1p(c z))``'s (L', L'')."""
    c = mp.mpf(c)
    return _log_of(lambda z: mp.log1p(c * z), lambda z: c / (1 + c * z), lambda z: -(c / (1 + c * z)) ** 2)


def _gompertz_logcdf_log(c):
    """``log(1 - exp(-c (e^z - 1)))``'s (L', L'')."""
    c = mp.mpf(c)
    density = lambda z: c * mp.exp(z - c * mp.expm1(z))  # noqa: E731
    return _log_of(lambda z: -mp.expm1(-c * mp.expm1(z)), density, lambda z: density(z) * (1 - c * mp.exp(z)))


def _genhalflogistic_logcdf_log(z):
    """``log((1 - t) / (1 + t))``'s (L', L'') at c = 1/2, ``t = (1 - z / 2)^2``."""
    w = 1 - z / 2
    t = w ** 2
    return _log_of(lambda z: (1 - t) / (1 + t), lambda z: 2 * w / (1 + t) ** 2,
                   lambda z: -1 / (1 + t) ** 2 + 4 * w ** 2 / (1 + t) ** 3)(z)


def _kappa3_logcdf_log(a):
    """``log z - log(a + z^a) / a``'s (L', L'')."""
    a = mp.mpf(a)
    return lambda z: (1 / z - z ** (a - 1) / (a + z ** a),
                      -1 / z ** 2 - ((a - 1) * z ** (a - 2) * (a + z ** a) - a * z ** (2 * a - 2)) / (a + z ** a) ** 2)


def _exponpow_logpdf_log(b):
    """``(b - 1) log z + w - expm1(w)``'s (L', L''), ``w = z^b``."""
    b = mp.mpf(b)
    return lambda z: ((b - 1) / z - b * z ** (b - 1) * mp.expm1(z ** b),
                      -(b - 1) / z ** 2 - b * (b - 1) * z ** (b - 2) * mp.expm1(z ** b)
                      - b ** 2 * z ** (2 * b - 2) * mp.exp(z ** b))


def _exponpow_logcdf_log(b):
    """``log(-expm1(-expm1(z^b)))``'s (L', L'')."""
    b = mp.mpf(b)
    density = lambda z: b * z ** (b - 1) * mp.exp(z ** b - mp.expm1(z ** b))  # noqa: E731
    return _log_of(lambda z: -mp.expm1(-mp.expm1(z ** b)), density,
                   lambda z: density(z) * ((b - 1) / z - b * z ** (b - 1) * mp.expm1(z ** b)))


def _fatiguelife_logpdf_log(c):
    """``log1p(z) - 1.5 log z - (z - 2 + 1 / z) / (2 c^2)``'s (L', L'')."""
    c = mp.mpf(c)
    return lambda z: (1 / (1 + z) - mp.mpf(1.5) / z - (1 - 1 / z ** 2) / (2 * c ** 2),
                      -1 / (1 + z) ** 2 + mp.mpf(1.5) / z ** 2 - 1 / (c ** 2 * z ** 3))


def _fatiguelife_logcdf_log(c):
    """``log ndtr(u)``'s (L', L''), ``u = (z - 1) / (c sqrt z)``."""
    c = mp.mpf(c)
    u = lambda z: (z - 1) / (c * mp.sqrt(z))  # noqa: E731
    u1 = lambda z: (z + 1) / (2 * c * z ** mp.mpf(1.5))  # noqa: E731
    return _log_of(lambda z: mp.ncdf(u(z)), lambda z: mp.npdf(u(z)) * u1(z),
                   lambda z: mp.npdf(u(z)) * (-u(z) * u1(z) ** 2 - (z + 3) / (4 * c * z ** mp.mpf(2.5))))


def _sum_log(*parts):
    """``sum w L_i``'s (L', L''), ``parts`` pairs (w, (L_i', L_i'') of z)."""
    def derivatives(z):
        pairs = [(w, d(z)) for w, d in parts]
        return sum(w * d[0] for w, d in pairs), sum(w * d[1] for w, d in pairs)
    return derivatives


def _log1m_log(q, q1, q2):
    """``log(1 - q(z))``'s (L', L''), from q and its two derivatives (functions of z)."""
    def derivatives(z):
        rest = 1 - q(z)
        return -q1(z) / rest, -q2(z) / rest - (q1(z) / rest) ** 2
    return derivatives


def _burr12_logcdf_log(c, d):
    """``log(1 - (1 + z^c)^-d)``'s (L', L'') (lomax's at c = 1, fisk's at d = 1)."""
    c, d = mp.mpf(c), mp.mpf(d)
    return _log1m_log(lambda z: (1 + z ** c) ** -d, lambda z: -d * c * z ** (c - 1) * (1 + z ** c) ** (-d - 1),
                      lambda z: -d * c * ((c - 1) * z ** (c - 2) * (1 + z ** c) ** (-d - 1)
                                          - (d + 1) * c * z ** (2 * c - 2) * (1 + z ** c) ** (-d - 2)))


def _genpareto_logcdf_log(c):
    """``log(1 - (1 + c z)^(-1/c))``'s (L', L'')."""
    c = mp.mpf(c)
    return _log1m_log(lambda z: (1 + c * z) ** (-1 / c), lambda z: -(1 + c * z) ** (-1 / c - 1),
                      lambda z: (1 + c) * (1 + c * z) ** (-1 / c - 2))


def _halfnorm_logcdf_log(z):
    """``log erf(z / sqrt 2)``'s (L', L'')."""
    l1 = mp.sqrt(2 / mp.pi) * mp.exp(-z ** 2 / 2) / mp.erf(z / mp.sqrt(2))
    return l1, -z * l1 - l1 ** 2


def _lognorm_log(s):
    """``-log z - log(z)^2 / (2 s^2)``'s (L', L'')."""
    s = mp.mpf(s)
    return lambda z: (-1 / z - mp.log(z) / (s ** 2 * z), 1 / z ** 2 - (1 - mp.log(z)) / (s ** 2 * z ** 2))


#: (id, function of (x, loc, scale), the log-function's (L', L'') at z, the scale factor (chi2's 2), density?)
CASES = [
    ("gamma.logpdf", lambda x, loc, s: stats.gamma.logpdf(x, 2.0, loc, s), _gamma_log(2.0), 1, True),
    ("gamma.logpdf-a0.4", lambda x, loc, s: stats.gamma.logpdf(x, 0.4, loc, s), _gamma_log(0.4), 1, True),
    ("chi2.logpdf", lambda x, loc, s: stats.chi2.logpdf(x, 3.0, loc, s), _gamma_log(1.5), 2, True),
    ("erlang.logpdf", lambda x, loc, s: stats.erlang.logpdf(x, 3, loc, s), _gamma_log(3.0), 1, True),
    ("weibull_min.logpdf", lambda x, loc, s: stats.weibull_min.logpdf(x, 2.0, loc, s), _weibull_log(2.0), 1, True),
    ("weibull_min.logpdf-c0.5", lambda x, loc, s: stats.weibull_min.logpdf(x, 0.5, loc, s), _weibull_log(0.5), 1,
     True),
    # (weibull_min's at w = -z: its function of x, loc = weibull_min's of -x, -loc)
    ("weibull_max.logpdf", lambda x, loc, s: stats.weibull_max.logpdf(-x, 2.0, -loc, s), _weibull_log(2.0), 1, True),
    ("rayleigh.logpdf", lambda x, loc, s: stats.rayleigh.logpdf(x, loc, s), lambda z: (1 / z - z, -1 / z ** 2 - 1), 1,
     True),
    ("chi.logpdf", lambda x, loc, s: stats.chi.logpdf(x, 3.0, loc, s), lambda z: (2 / z - z, -2 / z ** 2 - 1), 1, True),
    ("maxwell.logpdf", lambda x, loc, s: stats.maxwell.logpdf(x, loc, s), lambda z: (2 / z - z, -2 / z ** 2 - 1), 1,
     True),
    ("nakagami.logpdf", lambda x, loc, s: stats.nakagami.logpdf(x, 2.0, loc, s),
     lambda z: (3 / z - 4 * z, -3 / z ** 2 - 4), 1, True),
    ("betaprime.logpdf", lambda x, loc, s: stats.betaprime.logpdf(x, 2.0, 3.0, loc, s),
     lambda z: (1 / z - 5 / (1 + z), -1 / z ** 2 + 5 / (1 + z) ** 2), 1, True),
    ("expon.logcdf", lambda x, loc, s: stats.expon.logcdf(x, loc, s), _log1mexp_power_log(1), 1, False),
    ("weibull_min.logcdf", lambda x, loc, s: stats.weibull_min.logcdf(x, 2.0, loc, s), _log1mexp_power_log(2), 1,
     False),
    ("weibull_min.logcdf-c0.5", lambda x, loc, s: stats.weibull_min.logcdf(x, 0.5, loc, s), _log1mexp_power_log(0.5),
     1, False),
    ("weibull_max.logsf", lambda x, loc, s: stats.weibull_max.logsf(-x, 2.0, -loc, s), _log1mexp_power_log(2), 1,
     False),
    ("rayleigh.logcdf", lambda x, loc, s: stats.rayleigh.logcdf(x, loc, s), _log1mexp_power_log(2, 0.5), 1, False),
    ("gamma.logcdf", lambda x, loc, s: stats.gamma.logcdf(x, 2.0, loc, s), _log_gammainc_log(2.0), 1, False),
    ("chi2.logcdf", lambda x, loc, s: stats.chi2.logcdf(x, 3.0, loc, s), _log_gammainc_log(1.5), 2, False),
    ("chi.logcdf", lambda x, loc, s: stats.chi.logcdf(x, 3.0, loc, s), _log_gammainc_square_log(1.5, 0.5), 1, False),
    ("maxwell.logcdf", lambda x, loc, s: stats.maxwell.logcdf(x, loc, s), _log_gammainc_square_log(1.5, 0.5), 1, False),
    ("nakagami.logcdf", lambda x, loc, s: stats.nakagami.logcdf(x, 2.0, loc, s), _log_gammainc_square_log(2, 2), 1,
     False),
    ("beta.logcdf", lambda x, loc, s: stats.beta.logcdf(x, 2.0, 3.0, loc, s), _log_betainc_log(2.0, 3.0), 1, False),
    ("powerlaw.logcdf", lambda x, loc, s: stats.powerlaw.logcdf(x, 2.5, loc, s), _log_betainc_log(2.5, 1.0), 1,
     False),
    ("beta.logpdf", lambda x, loc, s: stats.beta.logpdf(x, 2.0, 3.0, loc, s), _beta_log(2.0, 3.0), 1, True),
    ("powerlaw.logpdf", lambda x, loc, s: stats.powerlaw.logpdf(x, 2.5, loc, s), _beta_log(2.5, 1.0), 1, True),
    # (session 35: log z and z^c from x - loc and scale apart)
    ("halfnorm.logcdf", lambda x, loc, s: stats.halfnorm.logcdf(x, loc, s), _halfnorm_logcdf_log, 1, False),
    ("fisk.logpdf", lambda x, loc, s: stats.fisk.logpdf(x, 3.0, loc, s), _burr12_logpdf_log(3, 1), 1, True),
    ("fisk.logcdf", lambda x, loc, s: stats.fisk.logcdf(x, 3.0, loc, s), _burr12_logcdf_log(3, 1), 1, False),
    ("burr12.logpdf", lambda x, loc, s: stats.burr12.logpdf(x, 2.0, 3.0, loc, s), _burr12_logpdf_log(2, 3), 1, True),
    ("burr12.logcdf", lambda x, loc, s: stats.burr12.logcdf(x, 2.0, 3.0, loc, s), _burr12_logcdf_log(2, 3), 1, False),
    ("burr12.logpdf-c0.5", lambda x, loc, s: stats.burr12.logpdf(x, 0.5, 2.0, loc, s), _burr12_logpdf_log(0.5, 2), 1,
     True),
    ("lomax.logcdf", lambda x, loc, s: stats.lomax.logcdf(x, 2.0, loc, s), _burr12_logcdf_log(1, 2), 1, False),
    ("genpareto.logcdf", lambda x, loc, s: stats.genpareto.logcdf(x, 0.5, loc, s), _genpareto_logcdf_log(0.5), 1,
     False),
    ("genpareto.logcdf-c-0.5", lambda x, loc, s: stats.genpareto.logcdf(x, -0.5, loc, s), _genpareto_logcdf_log(-0.5),
     1, False),
    ("lognorm.logpdf", lambda x, loc, s: stats.lognorm.logpdf(x, 1.0, loc, s), _lognorm_log(1.0), 1, True),
    # (a log z at a = 0: its second derivative 0 * inf in c * log z, NaN with an invalid-value warning at 1e-200)
    ("gamma.logpdf-a1", lambda x, loc, s: stats.gamma.logpdf(x, 1.0, loc, s), _gamma_log(1.0), 1, True),
    # (gengamma: (c a - 1) log z - z^c, weibull_min's form at c a for c; exponweib: weibull_min's and (a - 1) times its
    # log cdf)
    ("gengamma.logpdf", lambda x, loc, s: stats.gengamma.logpdf(x, 2.0, 1.5, loc, s),
     _sum_log((1, _weibull_log(1.5)), (1.5, lambda z: (1 / z, -1 / z ** 2))), 1, True),
    ("exponweib.logpdf", lambda x, loc, s: stats.exponweib.logpdf(x, 2.0, 1.5, loc, s),
     _sum_log((1, _weibull_log(1.5)), (1, _log1mexp_power_log(1.5))), 1, True),
    ("exponweib.logcdf", lambda x, loc, s: stats.exponweib.logcdf(x, 2.0, 1.5, loc, s),
     _sum_log((2, _log1mexp_power_log(1.5))), 1, False),
    ("halfcauchy.logcdf", lambda x, loc, s: stats.halfcauchy.logcdf(x, loc, s),
     lambda z: (1 / ((1 + z ** 2) * mp.atan(z)),
                -2 * z / ((1 + z ** 2) ** 2 * mp.atan(z)) - 1 / ((1 + z ** 2) * mp.atan(z)) ** 2), 1, False),
    ("burr.logpdf", lambda x, loc, s: stats.burr.logpdf(x, 2.0, 3.0, loc, s), _log_and_log1p_log(5, (-4, 1), 2), 1, True),
    ("burr.logcdf", lambda x, loc, s: stats.burr.logcdf(x, 2.0, 3.0, loc, s), _log_and_log1p_log(6, (-3, 1), 2), 1, False),
    ("mielke.logpdf", lambda x, loc, s: stats.mielke.logpdf(x, 2.0, 3.0, loc, s),
     _log_and_log1p_log(1, (-5, 3), 3), 1, True),
    ("mielke.logcdf", lambda x, loc, s: stats.mielke.logcdf(x, 2.0, 3.0, loc, s),
     _log_and_log1p_log(2, (-2, 3), 3), 1, False),
    # (session 36: gengamma's, halfgennorm's, foldcauchy's and foldnorm's log cdf)
    ("gengamma.logcdf", lambda x, loc, s: stats.gengamma.logcdf(x, 2.0, 1.5, loc, s), _log_gammainc_power_log(2, 1.5),
     1, False),
    ("halfgennorm.logcdf", lambda x, loc, s: stats.halfgennorm.logcdf(x, 1.5, loc, s),
     _log_gammainc_power_log(None, 1.5), 1, False),
    ("foldcauchy.logcdf", lambda x, loc, s: stats.foldcauchy.logcdf(x, 1.0, loc, s), _foldcauchy_logcdf_log(1), 1,
     False),
    ("foldcauchy.logcdf-c0", lambda x, loc, s: stats.foldcauchy.logcdf(x, 0.0, loc, s), _foldcauchy_logcdf_log(0), 1,
     False),
    ("foldnorm.logcdf-c0", lambda x, loc, s: stats.foldnorm.logcdf(x, 0.0, loc, s), _foldnorm_logcdf_log(0), 1, False),
    ("bradford.logcdf", lambda x, loc, s: stats.bradford.logcdf(x, 1.5, loc, s), _bradford_logcdf_log(1.5), 1, False),
    ("gompertz.logcdf", lambda x, loc, s: stats.gompertz.logcdf(x, 1.5, loc, s), _gompertz_logcdf_log(1.5), 1, False),
    ("genhalflogistic.logcdf", lambda x, loc, s: stats.genhalflogistic.logcdf(x, 0.5, loc, s),
     _genhalflogistic_logcdf_log, 1, False),
    ("kappa3.logcdf-a0.5", lambda x, loc, s: stats.kappa3.logcdf(x, 0.5, loc, s), _kappa3_logcdf_log(0.5), 1, False),
    ("exponpow.logpdf-b0.5", lambda x, loc, s: stats.exponpow.logpdf(x, 0.5, loc, s), _exponpow_logpdf_log(0.5), 1,
     True),
    ("exponpow.logcdf", lambda x, loc, s: stats.exponpow.logcdf(x, 1.5, loc, s), _exponpow_logcdf_log(1.5), 1, False),
    ("exponpow.logcdf-b0.5", lambda x, loc, s: stats.exponpow.logcdf(x, 0.5, loc, s), _exponpow_logcdf_log(0.5), 1,
     False),
    ("truncexpon.logcdf", lambda x, loc, s: stats.truncexpon.logcdf(x, 1.5, loc, s), _log1mexp_power_log(1), 1, False),
]
Z = [1e-8, 1e-15, 1e-200, 0.3]


def _truth(derivatives, factor, density, z, s):
    """The Hessian in (x, scale) and d2/dloc dscale at ``z`` (a float) and scale ``s``."""
    # (z L'' + L' cancels a / z - a / z: 400 digits at z = 1e-200; 1 - (1 + z^c)^-d for c = 2 there 400 more)
    with mp.workdps(460 if z > 1e-100 else 860):
        return _truth_here(derivatives, factor, density, mp.mpf(z), mp.mpf(s) * factor)


def _truth_here(derivatives, factor, density, z, s):
    l1, l2 = derivatives(z)
    xx = l2 / s ** 2
    xs = -(z * l2 + l1) / s ** 2
    ss = (z ** 2 * l2 + 2 * z * l1 + (1 if density else 0)) / s ** 2
    # (chi2: its function of x and 2 scale: d/dscale twice the derivative in the effective scale)
    return (np.array([[float(xx), float(xs * factor)], [float(xs * factor), float(ss * factor ** 2)]]),
            -float(xs * factor))


def _hessian(fn, x, loc, s, how):
    f = lambda p: fn(p[0], loc, p[1])  # noqa: E731
    g = lambda p: fn(x, p[0], p[1])  # noqa: E731
    transform = {"rr": wg.hessian, "fr": lambda h: wg.jacfwd(wg.jacrev(h)),
                 "rf": lambda h: wg.jacrev(wg.jacfwd(h)), "ff": lambda h: wg.jacfwd(wg.jacfwd(h))}[how]
    return transform(f)(np.array([x, s])), transform(g)(np.array([loc, s]))[0, 1]


def _check(ours, truth, ordinary=None):
    # (atol: mpmath's rounding of a 0; at an ordinary point, the rounding of the Hessian's largest entry:
    # powerlaw.logcdf's d2/dx dscale, whose truth is 0, is 5e-15 there beside its d2/dx2 -12)
    atol = 1e-250 if ordinary is None else 1e-14 * np.max(np.abs(ordinary))
    np.testing.assert_allclose(ours, truth, rtol=1e-12, atol=atol)


@pytest.mark.parametrize("z", Z)
@pytest.mark.parametrize("name, fn, derivatives, factor, density", CASES, ids=[c[0] for c in CASES])
def test_scale_second_derivatives_at_the_end(name, fn, derivatives, factor, density, z):
    x = z * S * factor  # (x = loc + scale z, loc = 0: z itself, to the last bit, for the truths)
    zx = x / (S * factor)
    hessian, loc_scale = _hessian(fn, x, 0.0, S, "rr")
    truth, loc_truth = _truth(derivatives, factor, density, zx, S)
    _check(hessian, truth, truth if z == 0.3 else None)
    _check(loc_scale, loc_truth, truth if z == 0.3 else None)


@pytest.mark.parametrize("how", ["fr", "rf", "ff"])
@pytest.mark.parametrize("name, fn, derivatives, factor, density",
                         [CASES[i] for i in (0, 4, 12, 13, 14, 17, 22, 24, 28, 33, 35, 36, 37, 45, 46, 47, 49, 57)],
                         ids=[CASES[i][0] for i in (0, 4, 12, 13, 14, 17, 22, 24, 28, 33, 35, 36, 37, 45, 46, 47, 49, 57)])
def test_scale_second_derivatives_at_the_end_forward(name, fn, derivatives, factor, density, how):
    for z in (1e-15, 1e-200):
        x = z * S * factor
        hessian, loc_scale = _hessian(fn, x, 0.0, S, how)
        truth, loc_truth = _truth(derivatives, factor, density, x / (S * factor), S)
        _check(hessian, truth)
        _check(loc_scale, loc_truth)


@pytest.mark.parametrize("t", [1e-8, 1e-15, 0.3])
@pytest.mark.parametrize("name", ["beta.logpdf", "beta.logsf"])
def test_beta_scale_second_derivatives_at_the_upper_end(name, t):
    # z = 1 - t: x = scale (1 - t) rounded, loc = 0; the truths at that x (scale - x exact)
    x, loc = S - t * S, 0.0
    with mp.workdps(50):
        zx = mp.mpf(x) / S
    fn = getattr(stats.beta, name.split(".")[1])
    hessian, loc_scale = _hessian(lambda x, loc, s: fn(x, 2.0, 3.0, loc, s), x, loc, S, "rr")
    truth, loc_truth = _truth(_beta_log(2.0, 3.0) if name == "beta.logpdf" else _log_betainc_log(2.0, 3.0, True), 1,
                              name == "beta.logpdf", zx, S)
    np.testing.assert_allclose(hessian, truth, rtol=1e-9, atol=0)
    np.testing.assert_allclose(loc_scale, loc_truth, rtol=1e-9, atol=0)


@pytest.mark.parametrize("how", ["ff", "rf", "fr", "rr"])
def test_log_z_of_an_argument_whose_tangent_is_zero_but_moves(how):
    # log z's forward rule (_LOG_STANDARDIZED) took a tangent 0 as one that does not move (its own copy of
    # times_tangent): the inner tangent 2 v0 of x = v0^2 + u0 at v0 = 0, 0 with an outer tangent 2, lost
    # that outer tangent, so jacfwd(jacfwd) of gamma.logpdf(x, 2, 0, s) = log(x / s) - x / s - log(s) had
    # d2/dv0^2 = -2 (only -x / s's 2 (-1 / s)); the truth 2 (1 / u0 - 1 / s), at the end of the support too
    # (u0 = 1e-100: 2e100). d2/ds2 = 2 (s - x) / s^3
    for u0, truth in ((0.5, [[8.0 / 3.0, 0.0], [0.0, 16.0 / 27.0]]), (1e-100, [[2e100, 0.0], [0.0, 2.0 / S ** 2]])):
        f = lambda v: stats.gamma.logpdf(v[0] ** 2 + u0, 2.0, 0.0, v[1])  # noqa: E731
        transform = {"rr": wg.hessian, "fr": lambda h: wg.jacfwd(wg.jacrev(h)), "rf": lambda h: wg.jacrev(wg.jacfwd(h)),
                     "ff": lambda h: wg.jacfwd(wg.jacfwd(h))}[how]
        np.testing.assert_allclose(transform(f)(np.array([0.0, S])), truth, rtol=1e-14, atol=0)


@pytest.mark.parametrize("z", [1e-8, 1e-15, 1e-100])
def test_invgauss_scale_second_derivatives_near_zero(z):
    # -1 / (2 z) of the exponent: through z its d2/dscale2 was 1 / z - 1 / z (0.375 at 1e-15 for 0.5 / S^2 - ...)
    def log_derivatives(z):
        return -mp.mpf(1.5) / z - (mp.mpf(1) / 2 - 1 / (2 * z ** 2)), mp.mpf(1.5) / z ** 2 - 1 / z ** 3
    x = z * S
    hessian, loc_scale = _hessian(lambda x, loc, s: stats.invgauss.logpdf(x, 1.0, loc, s), x, 0.0, S, "rr")
    truth, loc_truth = _truth(log_derivatives, 1, True, x / S, S)
    _check(hessian, truth)
    _check(loc_scale, loc_truth)


@pytest.mark.parametrize("z", [1e-8, 1e-15, 1e-200])
def test_halflogistic_logcdf_scale_second_derivatives_near_zero(z):
    # log(tanh(z / 2)) = log z + h(z) - log1p(e^-z) (h the series of log((1 - e^-z) / z)): through z its d2/dx dscale was
    # 1 / z - 1 / z (0.125 at 1e-15, the truth 3.3e-16 / S^2); now log z apart, the rest to rounding of the Hessian
    # (z / 2 - z / 2 of the two smooth terms: 1e-17 absolute beside d2/dscale2 = 1 / S^2)
    def log_derivatives(z):
        t = mp.tanh(z / 2)
        l1 = (1 - t ** 2) / (2 * t)
        return l1, -(1 - t ** 2) / 2 - l1 ** 2
    x = z * S
    for how in ("rr", "fr", "rf", "ff"):
        hessian, loc_scale = _hessian(lambda x, loc, s: stats.halflogistic.logcdf(x, loc, s), x, 0.0, S, how)
        truth, loc_truth = _truth(log_derivatives, 1, False, x / S, S)
        np.testing.assert_allclose(hessian, truth, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(loc_scale, loc_truth, rtol=1e-12, atol=1e-15)


def _alpha_log(a, density):
    """alpha's log density's (log cdf's) (L', L''): ``-2 log z - (a - 1/z)^2 / 2`` (``log ndtr(a - 1/z)``)."""
    a = mp.mpf(a)

    def derivatives(z):
        u = a - 1 / z
        if density:
            return -2 / z - u / z ** 2, 2 / z ** 2 - 1 / z ** 4 + 2 * u / z ** 3
        r = mp.npdf(u) / mp.ncdf(u)
        return r / z ** 2, (-u * r - r ** 2) / z ** 4 - 2 * r / z ** 3
    return derivatives


@pytest.mark.parametrize("name", ["logcdf", "logpdf"])
def test_alpha_scale_second_derivatives_near_zero(name):
    # c log z + a / z - 1 / (2 z^2) near 0: through z d2/dx dscale took z L'' as z times -3 / z^4, which overflows below
    # z = 1.5e-77 (alpha.logcdf(1e-100, 1, 0, s) at s = 1: inf, the truth 2e300; d2/dscale2 -inf for -1e200; NaN with
    # invalid-value warnings below 1e-103); now one primitive of x - loc and scale
    for z, how in ((1e-80, "rr"), (1e-100, "rr"), (1e-100, "fr"), (1e-100, "rf"), (1e-100, "ff"), (1e-150, "rr")):
        x = z * S
        hessian, loc_scale = _hessian(lambda x, loc, s: getattr(stats.alpha, name)(x, 1.0, loc, s), x, 0.0, S, how)
        truth, loc_truth = _truth(_alpha_log(1.0, name == "logpdf"), 1, name == "logpdf", x / S, S)
        _check(hessian, truth)
        _check(loc_scale, loc_truth)


#: c < 1 near z = 0: ``e log z + b z^c``'s terms (with c (c - 1) z^(c - 2) overflowing) as one primitive of x - loc and
#: scale (_LOG_PLUS_POWER): through z d2/dx dscale was inf (fisk.logcdf(1e-300, 0.7)'s, the truth 4.9e89), with the
#: terms apart d2/dx2 inf - inf, and through log1p(z^c) (c z^(c - 1))^2 overflowed with a warning (burr12.logpdf at
#: c = 0.3)
LEADS = [
    ("fisk.logcdf", lambda x, loc, s: stats.fisk.logcdf(x, 0.7, loc, s), _burr12_logcdf_log(0.7, 1), False),
    ("burr12.logcdf", lambda x, loc, s: stats.burr12.logcdf(x, 0.7, 2.0, loc, s), _burr12_logcdf_log(0.7, 2), False),
    ("burr12.logpdf", lambda x, loc, s: stats.burr12.logpdf(x, 0.3, 0.5, loc, s), _burr12_logpdf_log(0.3, 0.5), True),
    ("burr.logcdf", lambda x, loc, s: stats.burr.logcdf(x, 0.7, 2.0, loc, s), _log_and_log1p_log(1.4, (-2, 1), 0.7),
     False),
    ("burr.logpdf", lambda x, loc, s: stats.burr.logpdf(x, 0.7, 2.0, loc, s), _log_and_log1p_log(0.4, (-3, 1), 0.7),
     True),
    ("mielke.logcdf", lambda x, loc, s: stats.mielke.logcdf(x, 0.7, 0.5, loc, s),
     _log_and_log1p_log(0.7, (-7, 5), 0.5), False),
    ("mielke.logpdf", lambda x, loc, s: stats.mielke.logpdf(x, 0.7, 0.5, loc, s),
     _log_and_log1p_log(-0.3, (-12, 5), 0.5), True),
    ("exponweib.logcdf", lambda x, loc, s: stats.exponweib.logcdf(x, 2.0, 0.7, loc, s),
     _sum_log((2, _log1mexp_power_log(0.7))), False),
    ("exponweib.logpdf", lambda x, loc, s: stats.exponweib.logpdf(x, 2.0, 0.7, loc, s),
     _sum_log((1, _weibull_log(0.7)), (1, _log1mexp_power_log(0.7))), True),
    ("weibull_min.logcdf", lambda x, loc, s: stats.weibull_min.logcdf(x, 0.3, loc, s), _log1mexp_power_log(0.3), False),
    ("weibull_min.logpdf", lambda x, loc, s: stats.weibull_min.logpdf(x, 0.3, loc, s), _weibull_log(0.3), True),
    # (c = 0.05: z^c = 1e-15 at 1e-300, the series of h(z^c) in the one primitive too)
    ("weibull_min.logcdf-c0.05", lambda x, loc, s: stats.weibull_min.logcdf(x, 0.05, loc, s),
     _log1mexp_power_log(0.05), False),
    ("weibull_min.logpdf-c0.05", lambda x, loc, s: stats.weibull_min.logpdf(x, 0.05, loc, s), _weibull_log(0.05), True),
    ("exponweib.logpdf-c0.05", lambda x, loc, s: stats.exponweib.logpdf(x, 2.0, 0.05, loc, s),
     _sum_log((1, _weibull_log(0.05)), (1, _log1mexp_power_log(0.05))), True),
    # (and the series of log1p(z^c))
    ("burr12.logpdf-c0.05", lambda x, loc, s: stats.burr12.logpdf(x, 0.05, 2.0, loc, s), _burr12_logpdf_log(0.05, 2),
     True),
    ("burr.logcdf-c0.05", lambda x, loc, s: stats.burr.logcdf(x, 0.05, 2.0, loc, s),
     _log_and_log1p_log(0.1, (-2, 1), 0.05), False),
    ("mielke.logpdf-s0.05", lambda x, loc, s: stats.mielke.logpdf(x, 0.7, 0.05, loc, s),
     _log_and_log1p_log(-0.3, (-15, 1), 0.05), True),
    ("fisk.logcdf-c0.05", lambda x, loc, s: stats.fisk.logcdf(x, 0.05, loc, s), _burr12_logcdf_log(0.05, 1), False),
]


@pytest.mark.parametrize("name, fn, derivatives, density", LEADS, ids=[c[0] for c in LEADS])
def test_scale_second_derivatives_below_an_overflowing_power(name, fn, derivatives, density):
    # (reverse over reverse and, in turn, one of the other orders: each order on several families)
    for z, how in ((1e-300, "rr"), (1e-300, ("fr", "rf", "ff")[[c[0] for c in LEADS].index(name) % 3])):
        x = z * S
        hessian, loc_scale = _hessian(fn, x, 0.0, S, how)
        truth, loc_truth = _truth(derivatives, 1, density, x / S, S)
        _check(hessian, truth)
        _check(loc_scale, loc_truth)


@pytest.mark.parametrize("z", [1e-300, 1e-100])
def test_mielke_logcdf_x_and_s_near_zero(z):
    # k log z - (k/s) log1p(z^s): as -(k/s) (-s log z + log1p(z^s)) d2/dx ds was two terms k / (s x) apart, 0.0 at
    # (1e-300 S, 0.7, 0.5, 0, S) for 3.9e148 (0.0 at 1e-100 for 5.4e51); d2/dx ds = -k z^(s - 1) log z / ((1 +
    # z^s)^2 S), d2/ds2 = k (-2 log1p(z^s) / s^3 + 2 z^s log z / (s^2 (1 + z^s)) - z^s log(z)^2 / (s (1 + z^s)^2))
    x = z * S
    f = lambda p: stats.mielke.logcdf(p[0], 0.7, p[1], 0.0, S)  # noqa: E731
    with mp.workdps(60):
        zm, k, s = mp.mpf(x) / S, mp.mpf(0.7), mp.mpf(0.5)
        w, lz = zm ** s, mp.log(zm)
        xs = -k * zm ** (s - 1) * lz / ((1 + w) ** 2 * S)
        ss = k * (-2 * mp.log1p(w) / s ** 3 + 2 * w * lz / (s ** 2 * (1 + w)) - w * lz ** 2 / (s * (1 + w) ** 2))
    for how in ("rr", "ff", "fr"):
        transform = {"rr": wg.hessian, "fr": lambda h: wg.jacfwd(wg.jacrev(h)),
                     "ff": lambda h: wg.jacfwd(wg.jacfwd(h))}[how]
        hessian = transform(f)(np.array([x, 0.5]))
        np.testing.assert_allclose(hessian[0, 1], float(xs), rtol=1e-12)
        np.testing.assert_allclose(hessian[1, 1], float(ss), rtol=1e-12)


@pytest.mark.parametrize("z", [1e-8, 1e-15, 1e-100])
def test_invgauss_logcdf_scale_second_derivatives_near_zero(z):
    # -1 / (2 z) of the exponent: through z its d2/dscale2 was 1 / z - 1 / z (0.375 at 1e-15 for 0.5 / S^2 - ..., 0.0 at
    # 1e-100); now log z and 1 / z apart, erfcx's asymptotic series for the rest
    mu = mp.mpf(1)
    density = lambda z: mp.exp(-(z - mu) ** 2 / (2 * z * mu ** 2)) / mp.sqrt(2 * mp.pi * z ** 3)  # noqa: E731
    log_derivatives = _log_of(lambda z: mp.ncdf((z / mu - 1) / mp.sqrt(z)) + mp.exp(2 / mu) * mp.ncdf(
        -(z / mu + 1) / mp.sqrt(z)), density, lambda z: density(z) * (-mp.mpf(1.5) / z + (mu ** 2 - z ** 2) / (
            2 * z ** 2 * mu ** 2)))
    x = z * S
    for how in ("rr", "fr", "ff"):
        hessian, loc_scale = _hessian(lambda x, loc, s: stats.invgauss.logcdf(x, 1.0, loc, s), x, 0.0, S, how)
        truth, loc_truth = _truth(log_derivatives, 1, False, x / S, S)
        _check(hessian, truth)
        _check(loc_scale, loc_truth)


@pytest.mark.parametrize("z", [1e-8, 1e-15, 1e-100])
@pytest.mark.parametrize("name", ["logpdf", "logcdf"])
def test_fatiguelife_scale_second_derivatives_near_zero(name, z):
    # -1 / (2 c^2 z) of -u^2 / 2: through z its d2/dscale2 was 1 / z - 1 / z (logpdf: -0.625 at 1e-15 for -0.5 / S^2 -
    # ..., 1.0 at 1e-100; logcdf: 0.0 at 1e-100 for 0.5 / S^2 - ...). (Below 1e-100, the pole as one primitive in z as
    # before: NaN at 1e-200 with an invalid-value warning, the truths inf and -0.5 / S^2)
    derivatives = (_fatiguelife_logpdf_log if name == "logpdf" else _fatiguelife_logcdf_log)(1.5)
    x = z * S
    for how in ("rr", "fr", "ff"):
        hessian, loc_scale = _hessian(lambda x, loc, s: getattr(stats.fatiguelife, name)(x, 1.5, loc, s), x, 0.0, S, how)
        truth, loc_truth = _truth(derivatives, 1, name == "logpdf", x / S, S)
        _check(hessian, truth)
        _check(loc_scale, loc_truth)


@pytest.mark.parametrize("name", ["logpdf", "logcdf"])
def test_truncweibull_min_from_zero_scale_second_derivatives_near_zero(name):
    # a = 0: weibull_min's log functions less the log mass; through z d2/dx dscale of the log cdf was -0.25 at 1e-15
    # (the truth 3.6e-8 / S^2) and 1.9e84 at 1e-100 (1.1e-50 / S^2), of the log density 0.0 at 1e-15 for 7.1e-8 / S^2.
    # (At 1e-200, and by forward over forward at 1e-100, overflow warnings as before)
    derivatives = _weibull_log(1.5) if name == "logpdf" else _log1mexp_power_log(1.5)
    for z, how in ((1e-15, "rr"), (1e-15, "fr"), (1e-15, "ff"), (1e-100, "rr"), (1e-100, "rf")):
        x = z * S
        hessian, loc_scale = _hessian(lambda x, loc, s: getattr(stats.truncweibull_min, name)(x, 1.5, 0.0, 2.0, loc, s),
                                      x, 0.0, S, how)
        truth, loc_truth = _truth(derivatives, 1, name == "logpdf", x / S, S)
        _check(hessian, truth)
        _check(loc_scale, loc_truth)


def test_recipinvgauss_logpdf_scale_second_derivatives_near_zero():
    # -1 / (2 mu^2 z) of the exponent: through z its d2/dscale2 was 1 / z - 1 / z (1.0 at 1e-100 for 0.5 / S^2 - ...);
    # now log z and 1 / z apart from 1e-100 to 1 / (4 mu). (Below 1e-100 the one primitive in z as before)
    mu = mp.mpf(0.5)

    def log_derivatives(z):
        return -1 / (2 * z) + 1 / (2 * mu ** 2 * z ** 2) - mp.mpf(0.5), 1 / (2 * z ** 2) - 1 / (mu ** 2 * z ** 3)
    for z, how in ((1e-15, "rr"), (1e-15, "fr"), (1e-100, "rr"), (1e-100, "ff")):
        x = z * S
        hessian, loc_scale = _hessian(lambda x, loc, s: stats.recipinvgauss.logpdf(x, 0.5, loc, s), x, 0.0, S, how)
        truth, loc_truth = _truth(log_derivatives, 1, True, x / S, S)
        _check(hessian, truth)
        _check(loc_scale, loc_truth)


def test_recipinvgauss_logcdf_scale_second_derivatives_near_zero():
    # -1 / (2 mu^2 z) of the exponent: through z its d2/dscale2 was 1 / z - 1 / z (at 1e-100 0.0 by reverse over
    # reverse, 2.0 forward over forward, for 1.5 at scale 1); now log z and 1 / z apart, erfcx's series for the rest
    # (from z = 1e-15 on; 0.0196 is just inside s_a = 10, mu = 0.5)
    mu = mp.mpf(0.5)
    density = lambda z: mp.exp(-(1 - mu * z) ** 2 / (2 * mu ** 2 * z)) / mp.sqrt(2 * mp.pi * z)  # noqa: E731
    log_derivatives = _log_of(lambda z: mp.ncdf(-(1 / (mu * z) - 1) * mp.sqrt(z)) - mp.exp(2 / mu) * mp.ncdf(
        -(1 / (mu * z) + 1) * mp.sqrt(z)), density, lambda z: density(z) * (
            -1 / (2 * z) + 1 / (2 * mu ** 2 * z ** 2) - mp.mpf(0.5)))
    for z, how in ((1e-100, "rr"), (1e-100, "ff"), (1e-100, "fr"), (1e-15, "rr"), (0.0196, "ff"), (0.0196, "fr")):
        x = z * S
        hessian, loc_scale = _hessian(lambda x, loc, s: stats.recipinvgauss.logcdf(x, 0.5, loc, s), x, 0.0, S, how)
        truth, loc_truth = _truth(log_derivatives, 1, False, x / S, S)
        _check(hessian, truth)
        _check(loc_scale, loc_truth)


def test_invweibull_logpdf_scale_second_derivatives_near_zero():
    # -(c + 1) log z - z^-c: through z d2/dx dscale and d2/dscale2 met z^(-c - 2)'s overflow (at 1e-100, c = 1.5: inf
    # and -inf with an overflow warning, the truths 2.25e250 and -7.5e149 at scale 1); now one _Z_TERMS of x and scale
    c = mp.mpf(1.5)

    def log_derivatives(z):
        return -(c + 1) / z + c * z ** (-c - 1), (c + 1) / z ** 2 - c * (c + 1) * z ** (-c - 2)
    for z, how in ((1e-100, "rr"), (1e-100, "ff"), (1e-100, "fr"), (1e-100, "rf"), (1e-200, "rr"), (1e-200, "ff"),
                   (1e-15, "fr")):
        x = z * S
        hessian, loc_scale = _hessian(lambda x, loc, s: stats.invweibull.logpdf(x, 1.5, loc, s), x, 0.0, S, how)
        truth, loc_truth = _truth(log_derivatives, 1, True, x / S, S)
        _check(hessian, truth)
        _check(loc_scale, loc_truth)


def test_johnsonsb_logpdf_scale_second_derivatives_near_zero():
    # -u^2 / 2 - log z, u = a + b logit(z): through z d2/dx dscale and d2/dscale2 met 1 / z^2's overflow
    # (johnsonsb.logpdf(1e-200, 0.5, 1.5): inf and -inf, the truths 2.25e200 and -1033.16 at scale 1); now its terms
    # in log z one _Z_TERMS of x and scale
    a, b = mp.mpf(0.5), mp.mpf(1.5)

    def log_derivatives(z):
        u, u1, u2 = a + b * mp.log(z / (1 - z)), b / (z * (1 - z)), b * (2 * z - 1) / (z * (1 - z)) ** 2
        return -u * u1 - 1 / z + 1 / (1 - z), -u1 ** 2 - u * u2 + 1 / z ** 2 + 1 / (1 - z) ** 2
    for z, how in ((1e-200, "rr"), (1e-200, "ff"), (1e-200, "fr"), (1e-15, "rf"), (0.3, "rr")):
        x = z * S
        hessian, loc_scale = _hessian(lambda x, loc, s: stats.johnsonsb.logpdf(x, 0.5, 1.5, loc, s), x, 0.0, S, how)
        truth, loc_truth = _truth(log_derivatives, 1, True, x / S, S)
        _check(hessian, truth, None if z < 0.1 else truth)
        _check(loc_scale, loc_truth, None if z < 0.1 else truth)


def test_kappa3_logcdf_scale_second_derivatives_below_an_overflowing_power():
    # log z - log1p(z^a / a) / a at a < 1 where z^(a - 2) overflows: through y = z / a^(1/a) the Hessian in (x, scale)
    # of kappa3.logcdf(1e-250, 0.5) was [[-inf, inf], [inf, -inf]] for [[-inf, 1e125], [1e125, -0.5e125]] at scale 1;
    # now one _Z_TERMS of x and scale (log1p's series)
    for z, how in ((1e-250, "rr"), (1e-250, "ff"), (1e-250, "fr"), (1e-250, "rf"), (1e-300, "ff")):
        x = z * S
        hessian, loc_scale = _hessian(lambda x, loc, s: stats.kappa3.logcdf(x, 0.5, loc, s), x, 0.0, S, how)
        truth, loc_truth = _truth(_kappa3_logcdf_log(0.5), 1, False, x / S, S)
        _check(hessian, truth)
        _check(loc_scale, loc_truth)
