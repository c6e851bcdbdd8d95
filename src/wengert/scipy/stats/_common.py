"""The machinery every distribution shares: standardization, the method factories and their docstrings, the numerical
helpers (log-beta, log-gamma, tails at the support's ends, powers, series), the checks of the parameters. Part of
:mod:`wengert.scipy.stats`.
"""

import functools
import inspect
import math
import sys
from fractions import Fraction

import numpy as np
from scipy import special as sc

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...forward import defjvp, jvp_forward
from ...ops._util import (def_partials as _def_partials, directions_at_once, live_zeros as _live_zeros,
                          piecewise as _piecewise, polynomial, times_tangent, unbroadcast)
from ...ops.elementwise import power_log, power_poly, scaled_power, two_product, veltkamp_split
from ...ops.scipy_special import (BERNOULLI_2K, DIGAMMA_SERIES, log_beta, log_beta_exact, log_gamma_density_near_mode,
                                  ndtri_exp, polygamma as _polygamma, upper_gamma_fraction)
from ...ops.shape import astype
from ...primitive import defvjp, OwnPrimitive, Primitive
from ...structured import peek, plain_tree, stop_gradient


def _by_name(name):
    """The object called ``name`` in the package's modules imported so far: the helpers that take a distribution by its
    name (``_add_moments("lognorm", ...)``) looked it up in ``globals()`` when stats was one module."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith(__package__ + ".") and name in vars(module):
            return vars(module)[name]
    raise KeyError(name)


_LOG_2PI = float(np.log(2.0 * np.pi))
# (Python floats, weak in NumPy's promotion as literals are: an np.log(2.0) in a float32 formula,
# a float64 NumPy scalar, made its value float64)
_LOG_2 = float(np.log(2.0))
_LOG_PI = float(np.log(np.pi))


def _plain(x):
    return np.asarray(plain_tree(x))


def _of_numbers(fn, *args):
    """``fn(*args)``, a Python float where every argument is a Python number: a float64 NumPy
    scalar is not weak in NumPy's promotion as a Python float is, and made float32 results
    float64 (``np.log(d)`` at fisk's ``d = 1.0``, ``betaln(1/2, 1/2)`` in arcsine's density).
    The same number: float64 results do not change."""
    out = fn(*args)
    return float(out) if all(isinstance(a, (int, float)) for a in args) else out


def _log_beta(a, b):
    """``betaln(a, b)`` (Var-aware) exact where SciPy's keeps the rounding of two gammaln that cancel
    (:func:`log_beta_exact`: betaln(0.5, 1e6) is 9.6e-10 off in SciPy 1.17, and beta's density with it); a
    Python float where both are Python numbers (:func:`_of_numbers`)."""
    return _of_numbers(log_beta_exact, a, b)


def _iterated(step, state, count, done=False):
    """``state`` (a tuple of plain arrays) after ``count`` calls of ``step(state) -> (state, done)``, or after the first
    that is ``done`` (none where ``done`` already), the same arrays as the loop's: where a state comes back (Newton's
    steps alternating in the last bit of an entry that never meets their test) the states repeat from there, and the
    last is the one of the cycle the remaining calls reach (a root's loop took every one of its 60 steps)."""
    if done:
        return state
    seen = {tuple(a.tobytes() for a in state): 0}
    states = [state]
    for n in range(1, count + 1):
        state, done = step(state)
        if done:
            return state
        key = tuple(a.tobytes() for a in state)
        if key in seen:
            start = seen[key]
            return states[start + (count - n) % (n - start)]
        seen[key] = n
        states.append(state)
    return state


def _zero_wins(g, factor, over=False):
    """``g * factor`` (``g / factor`` where ``over``), 0 where one of them is 0 (plain) and the other infinite: for
    the quotient where ``g`` is 0 at ``factor`` 0 or both are infinite. One quotient, not ``g * (1 / factor)``: a
    reverse pass over that met ``1 / scale``'s derivative, ``-1 / scale^2``, after ``g`` times the tangent had
    underflowed."""
    pg, pf = np.asarray(plain_tree(g)), np.asarray(plain_tree(factor))
    # (a factor's entries that turn g's 0 or infinity into 0 * inf: infinite ones, zero ones for a quotient, and back)
    with_zero, with_inf = (pf == 0, np.isinf(pf)) if over else (np.isinf(pf), pf == 0)
    zero = ((pg == 0) & with_zero) | (np.isinf(pg) & with_inf)
    if not np.any(zero):
        return g / factor if over else g * factor
    g = np.where(zero, 0.0, g)
    return g / np.where(zero, 1.0, factor) if over else g * np.where(zero, 0.0, factor)


def _standardize_value(x, loc, scale):
    return (x - loc) / scale


#: ``z = (x - loc) / scale`` as one primitive whose chain rule takes an exact 0 over an infinity: at
#: ``x == loc`` (z = 0 for every scale) d/dscale is 0 where the function's z-derivative is infinite (an end
#: of the support: weibull_min.sf(0, 0.5), beta.cdf(0, 1e-12, 2.5), arcsine.cdf(0): inf * 0 = NaN), and
#: where the z-derivative is 0 (beyond the support, far out) while ``-z / scale`` overflows (scale = 1e-200:
#: 0 * inf = NaN); forward mode took both as 0 already (times_tangent)
_STANDARDIZE = OwnPrimitive(_standardize_value, name="wengert.scipy.stats (x - loc) / scale", reenters="any")
defvjp(_STANDARDIZE,
       lambda ans, x, loc, scale: lambda g: unbroadcast(_zero_wins(g, scale, over=True), np.shape(_plain(x))),
       lambda ans, x, loc, scale: lambda g: unbroadcast(-_zero_wins(g, scale, over=True), np.shape(_plain(loc))),
       lambda ans, x, loc, scale: lambda g: unbroadcast(
           -_zero_wins(g, _STANDARDIZE(x, loc, scale)) / scale, np.shape(_plain(scale))))
# (in scale -(t z) / scale, the tangent inside: -z / scale overflowed alone, a Hessian of cauchy.logpdf(x, 0, 1e-200 s)
# in s warned, the truth 1 finite)
defjvp(_STANDARDIZE, lambda ans, primals, tangents: functools.reduce(lambda u, v: u + v, [
    (1.0, -1.0)[i] * _zero_wins(t, primals[2], over=True) if i < 2
    else -_zero_wins(t, _STANDARDIZE(*primals)) / primals[2]
    for i, t in enumerate(tangents) if t is not None]) + np.zeros_like(_plain(ans)))
directions_at_once(_STANDARDIZE)  # (jacfwd's directions in one call)


def _standardized(name, x, loc, scale):
    """``(x - loc) / scale``, refusing a scale that is not positive (:data:`_STANDARDIZE` where one of them
    is traced)."""
    if np.any(_plain(scale) <= 0):
        raise ValueError(f"{name}: scale must be positive")
    if not any(isinstance(v, (Var, Dual)) for v in (x, loc, scale)):
        return (x - loc) / scale
    return _STANDARDIZE(x, loc, scale)


def _log_standardized_value(u, scale):
    with np.errstate(divide="ignore", under="ignore", over="ignore", invalid="ignore"):
        z = np.asarray(u / scale)
        normal = (z >= np.finfo(z.dtype if z.dtype.kind == "f" else float).tiny) & (z < np.inf)
        # (near z = 1 as log1p((u - scale) / scale), u - scale exact there: log of the rounded quotient lost eps / (z
        # - 1) relative, pareto.logcdf's d2/dx dscale at (1.1 + 1e-12, 2, 0, 1.1) 2.2e-4 off)
        near = (z > 0.5) & (z < 2.0)
        return np.where(near, np.log1p((u - scale) / scale), np.where(
            normal, np.log(np.where(normal, z, 1.0)), np.log(u) - np.log(scale)))[()]


#: ``log z = log((x - loc) / scale)`` from ``u = x - loc`` and ``scale``, as ``log u - log scale``: its derivatives in u
#: and in scale apart (1/u, -1/scale), so that d2/du dscale is exactly 0. Through z, a function ``a log z + R(z)`` near
#: the end z = 0 had d2/dx dscale ``-(z L'' + L') / scale^2``, ``a / z - a / z`` plus R's terms: every digit lost
#: (gamma.logpdf(x, 2.0, 0.0, s) at x = 1e-200: 0.0, the truth 1) and ``a / z^2`` overflowing below z = 1e-154. The
#: value is ``log(u / scale)``, log u - log scale only where u / scale is not a normal number
_LOG_STANDARDIZED = OwnPrimitive(_log_standardized_value, name="wengert.scipy.stats log((x - loc) / scale)",
                                 reenters="any")
# (1/u and -1/scale as _LOG_POWER_DZ, whose own derivatives do not overflow apart: g / u's, -g / u^2, warned at
# u = 1e-200; the cotangent g its factor, so that -g / u^2 is one quotient: g * (-1 / u^2) overflowed where g is
# small, d2/dx2 of betaprime.logcdf(x, 1e-300, 2.5) at x = 1e-300 -inf for -1e300)
defvjp(_LOG_STANDARDIZED,
       lambda ans, u, scale: lambda g: unbroadcast(_LOG_POWER_DZ(u, g), np.shape(_plain(u))),
       lambda ans, u, scale: lambda g: unbroadcast(_LOG_POWER_DZ(scale, -1.0, g), np.shape(_plain(scale))))
defjvp(_LOG_STANDARDIZED, lambda ans, primals, tangents: functools.reduce(lambda s, t: s + t, [
    _LOG_POWER_DZ(p, c, t) for t, p, c in zip(tangents, primals, (1.0, -1.0))
    if t is not None]) + np.zeros_like(_plain(ans)))
directions_at_once(_LOG_STANDARDIZED)  # (jacfwd's directions in one call)


def _c_log_standardized_value(u, scale, c):
    return c * _log_standardized_value(u, scale)


#: ``c log z`` as :data:`_LOG_STANDARDIZED` times c, one primitive: its derivatives in u and in scale ``c / u`` and
#: ``-c / scale`` as :data:`_LOG_POWER_DZ`'s, exactly 0 at c = 0 (through ``c * log z`` the second, ``c (-1 / u^2)``,
#: was 0 * inf at u = 1e-200: gamma.logpdf(x, 1, 0, s)'s Hessian there NaN with an invalid-value warning)
_C_LOG_STANDARDIZED = OwnPrimitive(_c_log_standardized_value, name="wengert.scipy.stats c log((x - loc) / scale)",
                                   reenters="any")
defvjp(_C_LOG_STANDARDIZED,
       lambda ans, u, scale, c: lambda g: unbroadcast(_LOG_POWER_DZ(u, c, g), np.shape(_plain(u))),
       lambda ans, u, scale, c: lambda g: unbroadcast(_LOG_POWER_DZ(scale, -1.0, c, g), np.shape(_plain(scale))),
       lambda ans, u, scale, c: lambda g: unbroadcast(times_tangent(g, _LOG_STANDARDIZED(u, scale)),
                                                      np.shape(_plain(c))))
defjvp(_C_LOG_STANDARDIZED, lambda ans, primals, tangents: functools.reduce(lambda s, t: s + t, [
    _LOG_POWER_DZ(primals[0], primals[2], t) if i == 0 else _LOG_POWER_DZ(primals[1], -1.0, primals[2], t) if i == 1
    else times_tangent(t, _LOG_STANDARDIZED(primals[0], primals[1])) for i, t in enumerate(tangents) if t is not None])
       + np.zeros_like(_plain(ans)))
directions_at_once(_C_LOG_STANDARDIZED)  # (jacfwd's directions in one call)


def _scaled_log_standardized_value(t, scale, c=1.0, k=0):
    return c * _log_standardized_value(np.ldexp(t, k), scale)


#: ``c log z`` as :data:`_C_LOG_STANDARDIZED` of ``u = t 2^k`` (k <= 0, an integer array): its derivatives in t, ``c /
#: t``, from which u's follow by the one product by ``2^-k`` (:func:`_scaled_up`), and the value of u itself. Where
#: ``1 / u^2`` overflows (u below 2^-512) a function ``F(log z)`` has d2/du2 ``(F'' - F') / u^2``, which through log z
#: of u was ``F'' / u^2 + F' (-1 / u^2)``, two infinities summed (NaN, the truth of the sign of ``F'' - F'``:
#: gamma.logsf(1e-300, 5e-4)'s d2/dx2, +1.21e597); through t the two terms meet at t, finite, and are summed before
#: the product by ``2^-k`` (in every mode: forward mode's tangent of t, reverse mode's cotangents of t accumulate there)
_SCALED_LOG_STANDARDIZED = OwnPrimitive(_scaled_log_standardized_value, reenters="any",
                                        name="wengert.scipy.stats c log((x - loc) / scale) of (x - loc) 2^-k")
defvjp(_SCALED_LOG_STANDARDIZED,
       lambda ans, t, scale, c=1.0, k=0: lambda g: unbroadcast(_LOG_POWER_DZ(t, c, g), np.shape(_plain(t))),
       lambda ans, t, scale, c=1.0, k=0: lambda g: unbroadcast(_LOG_POWER_DZ(scale, -1.0, c, g),
                                                              np.shape(_plain(scale))),
       lambda ans, t, scale, c=1.0, k=0: lambda g: unbroadcast(times_tangent(g, _SCALED_LOG_STANDARDIZED(t, scale, k=k)),
                                                              np.shape(_plain(c))))
defjvp(_SCALED_LOG_STANDARDIZED, lambda ans, primals, tangents, k=0: functools.reduce(lambda s, t: s + t, [
    _LOG_POWER_DZ(primals[0], primals[2] if len(primals) > 2 else 1.0, t) if i == 0
    else _LOG_POWER_DZ(primals[1], -1.0, primals[2] if len(primals) > 2 else 1.0, t) if i == 1
    else times_tangent(t, _SCALED_LOG_STANDARDIZED(primals[0], primals[1], k=k))
    for i, t in enumerate(tangents) if t is not None]) + np.zeros_like(_plain(ans)))
directions_at_once(_SCALED_LOG_STANDARDIZED)  # (jacfwd's directions in one call)
#: Below this u (> 0), :func:`_scaled_up` scales it up (``1 / u^2`` beyond 2^1000)
_SCALE_UP_BELOW = 2.0 ** -500


def _times_power_of_2_value(v, k=0):
    with np.errstate(over="ignore", under="ignore"):  # (an overflow: the truth's, as +-inf)
        return np.ldexp(v, k)


#: ``v 2^k`` (k an integer array), linear: its derivatives ``2^k`` times the cotangent or tangent, where they overflow
#: +-inf without NumPy's warning (:func:`_scaled_up`'s way back from t to u)
_TIMES_POWER_OF_2 = OwnPrimitive(_times_power_of_2_value, name="wengert.scipy.stats (v 2^k)", reenters="any")
defvjp(_TIMES_POWER_OF_2, lambda ans, v, k=0: lambda g: unbroadcast(_TIMES_POWER_OF_2(g, k=k), np.shape(_plain(v))))
defjvp(_TIMES_POWER_OF_2, lambda ans, primals, tangents, k=0: _TIMES_POWER_OF_2(tangents[0], k=k))


def _scaled_up(u):
    """``(t, k)``, ``t = u 2^-k`` exactly with ``k = max(e, -1000)`` where u (traced, float64) is ``m 2^e`` below
    :data:`_SCALE_UP_BELOW` (t in [1/2, 1), above 2^-75 where u is subnormal), k = 0 elsewhere; ``(u, None)`` where no
    entry is that small or u is not traced. (Not for every log z: a cotangent ``g`` of log z below 2^-1022 has ``g /
    t`` subnormal where ``g / u`` is not, and forward mode's tangent of t, ``2^-k``, meets ``g / t^2``: t cannot be
    smaller. Through t near 1 d/dx of gengamma.pdf(1e-300, 1.5, 2/3, 0, 1e300), ``(c a - 1) pdf / u``, was 2.7e-8 off.
    For functions of log z whose cotangent is of order 1: the log sf where P is near 1, :func:`_log_of_z`'s
    ``scaled``.)"""
    if not isinstance(u, (Var, Dual)):
        return u, None
    pu = np.asarray(_plain(u))
    if pu.dtype != np.float64:
        return u, None
    with np.errstate(invalid="ignore"):
        small = (pu > 0) & (pu < _SCALE_UP_BELOW)
    if not np.any(small):
        return u, None
    k = np.where(small, np.maximum(np.frexp(pu)[1], -1000), 0)
    return _TIMES_POWER_OF_2(u, k=-k), k


def _z_broadcast(u, pz, pw):
    """``u`` and the plain z broadcast to the shape of ``w`` (plain ``pw``), z or a copy of it: also where z was
    broadcast against the shapes (a scalar x, an array shape: gengamma.logpdf(loc, a, [-2, -3], loc, s) took w^c and
    log w through w alone, d/dscale -1 / s for -inf); None where w's shape is not z's broadcast."""
    if pw.shape == pz.shape:
        return u, pz
    try:
        if np.broadcast_shapes(pz.shape, pw.shape) != pw.shape:
            return None
    except ValueError:
        return None
    return u + np.zeros(pw.shape), np.broadcast_to(pz, pw.shape)


def _log_of_z(u, scale, z):
    """``log_z(w)``: ``log w`` where ``w > 0``, 0 where not, for ``w`` z itself (``z = u / scale``,
    ``u = x - loc`` or ``loc - x`` or ``loc + scale - x``) or a copy of it whose entries are replaced by constants (as
    :func:`_on_support` and ``_piecewise`` make): on z's own entries :data:`_LOG_STANDARDIZED` (its derivatives in u
    and in scale apart), on the others ``log w``. Without a traced u or scale, ``log w``. ``log_z(w, c)``: ``c log w``,
    on z's own entries :data:`_C_LOG_STANDARDIZED` (its derivatives 0 at c = 0). ``scaled=True``: where u is below
    2^-500, of u scaled up (:func:`_scaled_up`, :data:`_SCALED_LOG_STANDARDIZED`), for a function of log z whose
    d2/du2 would be two infinities summed."""
    pz = np.asarray(_plain(z))
    low = _not_normal_z(u, scale, pz)
    if not any(isinstance(v, (Var, Dual)) for v in (u, scale)):
        def plain_log_z(w, c=None, end=False, scaled=False):  # (end: log 0 = -inf at w = 0, c log 0 where c != 0,
            # as below; scaled: as below, for a traced u only)
            pw = np.asarray(_plain(w))
            use = (pw > 0) | ((pw == 0) & end & (True if c is None else np.asarray(_plain(c)) != 0))
            with np.errstate(divide="ignore"):
                out = np.log(np.where(use, w, 1.0))
            if low is not None and pw.shape == pz.shape and np.any(low & (pw == pz)):
                own = low & (pw == pz)
                out = np.where(own, _log_standardized_value(np.where(own, u, scale), scale), out)
            return out if c is None else c * out
        plain_log_z.end = _end_of(u, scale)
        plain_log_z.u, plain_log_z.scale = u, scale  # (for a primitive of u and scale at the end, powerlognorm's)
        plain_log_z.inside = low
        return plain_log_z

    def log_standardized(u, scale, c, scaled):  # (c given: c log z whose derivatives are 0 at c = 0,
        # _C_LOG_STANDARDIZED)
        t, k = _scaled_up(u) if scaled else (u, None)
        if k is not None:
            return _SCALED_LOG_STANDARDIZED(t, scale, 1.0 if c is None else c, k=k)
        return _LOG_STANDARDIZED(u, scale) if c is None else _C_LOG_STANDARDIZED(u, scale, c)

    def log_z(w, c=None, end=False, scaled=False):
        pw = np.asarray(_plain(w))
        shaped = _z_broadcast(u, pz, pw)
        if shaped is None:
            return np.log(np.where(pw > 0, w, 1.0)) if c is None else c * np.log(np.where(pw > 0, w, 1.0))
        u_, pz_ = shaped
        own = (pw == pz_) & (pz_ > 0)
        if low is not None and low.shape == pw.shape:  # (z rounded to 0 inside the support: log u - log scale)
            own = own | ((pw == pz_) & low)
        if end:  # (z = 0 itself, c != 0: c log z = +-inf, its derivatives in u and in scale apart, see _xlog_z)
            own = own | ((pw == pz_) & (pz_ == 0) & (np.asarray(_plain(c)) != 0))
        if np.all(own):
            return log_standardized(u_, scale, c, scaled)
        elsewhere = np.log(np.where(own | (pw <= 0), 1.0, w))
        return np.where(own, log_standardized(np.where(own, u_, scale), scale, c, scaled),
                        elsewhere if c is None else c * elsewhere)
    log_z.apart = True  # (u and scale traced: _xlog_z takes z = 0 through it)
    log_z.inside = low
    log_z.end = _end_of(u, scale)
    log_z.u, log_z.scale = u, scale
    return log_z


def _not_normal_z(u, scale, pz):
    """The plain mask (z's shape) where ``z = u / scale`` is below the normal floats (0 or subnormal, rounded: 5e-324 /
    1.3 is 5e-324, 30% above the quotient; 5e-324 / 3 and 1e-300 / 1e30 are 0) while ``u > 0`` (x - loc inside the
    support, not its end), or None where there is none: there log z is ``log u - log scale`` and a power of z is
    of ``u`` and the scale apart (:func:`_log_quotient_pair`; a density's powers there: _every_distribution's
    _powers_at_pole); through the rounded z the densities near 0 were 19% off (gamma.pdf(5e-324, 0.2, 0, 1.3)
    7.398e257 for 9.126e257) or took the end's +-inf (chi2.pdf(5e-324, 0.4) inf for 8.373e257, gamma.logpdf(1e-300,
    0.2, 0, 1e30) inf for 537.28)."""
    with np.errstate(invalid="ignore"):
        low = pz < np.finfo(float).tiny
        if pz.dtype != np.float64 or not np.any(low):
            return None
        try:
            low = low & np.broadcast_to(np.asarray(_plain(u)) > 0, pz.shape) & np.broadcast_to(
                np.asarray(_plain(scale)) != 1.0, pz.shape)
        except ValueError:
            return None
    return low if np.any(low) else None


def _end_of(u, scale):
    """``end(k, b, p, k2=1)``: ``k k2 log z + b z^p`` at z = 0 of this u and scale, :data:`_END_LOG_POWER` (-inf with
    the limits from inside as its derivatives, at every entry: the caller takes the end's). Hold b's derivatives
    (stop_gradient) where every shape that moves b moves k or p too: their shares of d2/dx dshape, ``1 / z`` and ``z^(p
    - 1) log z``, are larger infinities than b's ``z^(p - 1)`` for p < 1, and opposite infinities summed are NaN
    (burr.logcdf(0, 0.5, d)'s d2/dx dd, k = c d, b = -d, the truth +inf)."""
    return lambda k, b, p, k2=1.0: _END_LOG_POWER(u, scale, k, k2, b, p)


def _with_lower_end(function, end):
    """A row's log cdf ``function(z, *shapes, scale[, log_z=, power_z=])`` on ``z > 0``, and at z = 0 (x == loc)
    ``end(log_z, *shapes)`` (-inf with the limits from inside as its derivatives, :func:`_log_cdf_from_lower_end`; as
    the constant -inf every derivative there was 0). An ``end`` with a parameter ``power_z`` is given ``z=`` and
    ``power_z=`` too: a log cdf that vanishes faster than any power there, its leading terms (``e log z + b z^-p`` and
    the like) one primitive of x - loc and scale through ``power_z(z, c, terms, e, b, end=True)``
    (:func:`_power_of_z`, :data:`_Z_TERMS`: each derivative's limit decided by its least power of z)."""
    given = inspect.signature(function).parameters
    by_power = "power_z" in inspect.signature(end).parameters

    def log_cdf(z, *args, log_z, power_z=None):
        logs = {k: v for k, v in (("log_z", log_z), ("power_z", power_z)) if k in given}
        return _log_cdf_from_lower_end(z, lambda z: function(z, *args, **logs), lambda w: end(
            log_z, *args[:-1], z=w, power_z=power_z) if by_power else end(log_z, *args[:-1]))
    return log_cdf


def _power_of_z(u, scale, z):
    """``power_z(w, c)``: ``w^c`` for ``w >= 0``, ``w`` z or a copy of it (as :func:`_log_of_z`'s): on z's own entries
    :data:`_Z_POWER_TERMS` of ``u`` and ``scale`` (``z^c``, each derivative in u, scale and c a sum of powers on its own:
    d2/dx dscale ``-c^2 z^(c - 1) / scale^2`` without ``c (c - 1) z^(c - 2)``'s overflow, d2/dscale2 without ``z /
    scale``'s square), on the others ``w^c``. Without a traced u or scale, ``w^c``. ``power_z(w, c, terms, e, b)``: the
    sum of :data:`_Z_TERMS`'s ``terms`` of z, c and the coefficients e and b (on z's own entries of u and scale, one
    primitive; on the others of w alone), e.g. ``e log z + b z^c`` (:data:`_LOG_PLUS_POWER`). ``power_z.far(w, c, j,
    k, lo=0.0, over_scale=True)``: a far tail's leading power ``w^(j c - k + lo)`` (over the scale), :func:`_far_power`."""
    def in_z(w, c, terms, e, b):  # (w's own derivatives: in z alone)
        return np.power(w, c) if terms is None else _Z_TERMS(w, 1.0, c, e, b, terms=terms)
    pz = np.asarray(_plain(z))
    low = _not_normal_z(u, scale, pz)

    def apart(u, c, terms, e, b):
        if terms is None:
            return _Z_POWER_TERMS(u, scale, c, j=1, terms=_Z_ITSELF)
        return _Z_TERMS(u, scale, c, e, b, terms=terms)
    if not any(isinstance(v, (Var, Dual)) for v in (u, scale)):
        def plain_power_z(w, c, terms=None, e=0.0, b=0.0, end=False):
            pw = np.asarray(_plain(w))
            if low is None or pw.shape != pz.shape or not np.any(low & (pw == pz)):
                return in_z(w, c, terms, e, b)
            own = low & (pw == pz)  # (z rounded inside the support: of u and the scale, as traced)
            u_ = np.broadcast_to(u, pz.shape)
            return np.where(own, apart(np.where(own, u_, scale), c, terms, e, b),
                            in_z(np.where(own, 1.0, w), c, terms, e, b))
        plain_power_z.far = _far_power(plain_power_z, None, scale, None)
        plain_power_z.inside = low
        return plain_power_z

    def power_z(w, c, terms=None, e=0.0, b=0.0, end=False):
        pw = np.asarray(_plain(w))
        shaped = _z_broadcast(u, pz, pw)
        if shaped is None:
            return in_z(w, c, terms, e, b)
        u_, pz_ = shaped
        # (end: z = 0 itself too, a log density's end where it vanishes: each derivative the terms' limit, apart)
        own = (pw == pz_) & ((pz_ > 0) | ((pz_ == 0) & end))
        if low is not None and low.shape == pw.shape:  # (z rounded to 0 inside the support)
            own = own | ((pw == pz_) & low)
        if np.all(own):
            return apart(u_, c, terms, e, b)
        return np.where(own, apart(np.where(own, u_, scale), c, terms, e, b),
                        in_z(np.where(own, 1.0, w), c, terms, e, b))
    power_z.far = _far_power(power_z, u, scale, pz)
    power_z.inside = low
    return power_z


def _far_power(power_z, u, scale, pz):
    """``far(w, c, j, k, lo=0.0, over_scale=True)``: ``w^(j c - k + lo) / scale`` (``over_scale`` False: without the
    scale) for ``w`` z (``u / scale``) or a copy of it, far out on a power tail, the rounding of ``j c - k`` kept
    (:func:`_exponent_pair`) and ``lo`` a plain rounding of ``c`` (a product's, :func:`_product_exponent`; the factor
    ``power_z(w, lo)``): on z's own entries (``u`` given) one :data:`_Z_POWER_TERMS` of u and the scale, each derivative
    in u, scale and c a power on its own; elsewhere of w alone, over the scale. Through z, d/dscale is ``z^(j c - k -
    1)`` times ``-z / scale``, the first underflowing where the product does not (burr.sf(1.5e250, 1, 1, 0, 1.5)'s
    d/dscale 0 for 6.7e-251), and d2/dscale2 where ``j c - k = -2`` (``scale u^-2``: 0) was terms of ``2 / (u^2 scale)``
    apart with their rounding (burr.pdf(1.5e20, 1, 1, 0, 1.5)'' 5.1e-57 for -1.2e-60)."""
    def far(w, c, j, k, lo=0.0, over_scale=True):
        pw = np.asarray(_plain(w))
        shaped = None if u is None else _z_broadcast(u, pz, pw)
        alone = (((k, 0, 0, 0), 1.0),)
        if shaped is None:
            out = _Z_POWER_TERMS(w, 1.0, c, j=j, terms=alone)
            out = out / scale if over_scale else out
        else:
            u_, pz_ = shaped
            own = (pw == pz_) & (pz_ > 0)
            together = _Z_POWER_TERMS(np.where(own, u_, scale), scale, c, j=j,
                                      terms=(((k, 0, 0, -1 if over_scale else 0), 1.0),))
            if not np.all(own):
                single = _Z_POWER_TERMS(np.where(own, 1.0, w), 1.0, c, j=j, terms=alone)
                together = np.where(own, together, single / scale if over_scale else single)
            out = together
        return out * power_z(w, lo) if np.any(lo) else out
    return far


def _log_abs_of_z(u, scale, z):
    """``log_abs(w)``: ``log|w|`` for ``w`` z itself (``z = u / scale``, ``u = x - loc``) or a copy with entries replaced
    or negated (as :func:`_log_of_z`, on either side of 0: from ``|u|`` and the scale, its derivatives in x and in scale
    apart), ``0`` where ``w`` is 0. ``log_abs(w, c)``: ``c log|w|``, on z's own entries :data:`_C_LOG_STANDARDIZED`
    (its derivatives 0 at c = 0: through ``c * log|w|`` with c = c - 1 traced, reverse over reverse met ``-1 / u^2 =
    -inf`` at a subnormal u with the cotangent c = 0, NaN: d2/dx2 of dweibull.pdf(5e-324, c) at c = 1 with log|z|
    apart)."""
    def times(c, v):
        return v if c is None else c * v
    pz = np.asarray(_plain(z))
    size = np.where(np.asarray(_plain(u)) < 0, -u, u) if np.shape(_plain(u)) == pz.shape else None
    low = None if size is None else _not_normal_z(np.where(_plain(u) < 0, -_plain(u), _plain(u)), scale, np.abs(pz))
    if not any(isinstance(v, (Var, Dual)) for v in (u, scale)):
        def plain_log_abs(w, c=None):
            pw = np.asarray(_plain(w))
            out = np.log(np.where(pw != 0, np.abs(w), 1.0))
            if low is not None and pw.shape == pz.shape and np.any(low & (np.abs(pw) == np.abs(pz))):
                own = low & (np.abs(pw) == np.abs(pz))  # (z rounded inside the support: log|u| - log scale)
                out = np.where(own, _log_standardized_value(np.where(own, np.abs(u), scale), scale), out)
            return times(c, out)
        plain_log_abs.inside = low
        return plain_log_abs
    # (|u| by u's own sign: z = u / scale rounded to -0.0 at u < 0 took u itself, log of a negative number: d/dc of
    # dweibull.logpdf(-1e-300, 1, 0, 1e300) NaN, the truth -1380.55, its mirror's)
    size = np.where(np.asarray(_plain(u)) < 0, -u, u)

    def log_abs(w, c=None):
        pw = np.asarray(_plain(w))
        if pw.shape != pz.shape:
            return times(c, np.log(np.where(pw != 0, np.abs(w), 1.0)))
        own = (np.abs(pw) == np.abs(pz)) & (pz != 0)
        if low is not None:  # (z rounded to 0 inside the support)
            own = own | ((pw == pz) & low)
        on_own = np.where(own, size, scale)
        return np.where(own, _LOG_STANDARDIZED(on_own, scale) if c is None else _C_LOG_STANDARDIZED(on_own, scale, c),
                        times(c, np.log(np.where(own | (pw == 0), 1.0, np.abs(w)))))
    log_abs.inside = low
    return log_abs


def _log1p_exp(L):
    """``log(1 + exp(L))`` for ``L >= 0`` as ``L + log1p(exp(-L))``: a power tail's ``log1p(z^c)`` of ``L = c log z``
    (:func:`_log_of_z`), whose derivatives in x and in scale are L's (apart) times those of this function of L, each
    term a product of representable factors (through z, ``log1p(z)``'s d2/dx dscale was two terms ``1 / (z scale)``
    apart, and the z-derivatives of ``log1p(1/z)`` underflowed beyond 1e100)."""
    return L + np.log1p(np.exp(-L))


def _c_log_z(c, z, log_z=None):
    """``c log z`` for ``z > 0``: ``c log_z(z)`` (:func:`_log_of_z`), or without it :data:`_LOG_POWER`."""
    return _LOG_POWER(z, c) if log_z is None else log_z(z, c)


def _power_less(z, c, k=1.0):
    """``z ** (c - k)`` with the rounding of ``c - k`` kept: where ``z`` is a positive finite float64 (plain value)
    np.power's own product ``z^(c - k)`` (:data:`~wengert.ops.elementwise.power_poly` with the polynomial 1, on
    scaled_power's mantissas and exponents, c - k's rounding error carried in its exponent), whose derivatives in z
    and c are each one such product again, rounded once: their limits, +-inf where they overflow. Elsewhere (z = 0,
    the stand-ins below the support, float32) ``z ** (c - k)``. Through ``z ** (a - 1.0)`` the exponent's rounding
    times log z reached the density and its derivatives (gamma.pdf(1e-150, 0.2) and its d/dx 1.9e-14 off, 87 ulp;
    beta, betaprime, f, chi alike); through ``z^(c - k) (1 + lo log z)`` the slope was two terms overflowing apart
    (-inf + inf), NaN: d/dx of gamma.pdf at (1e-200, 0.2), the truth -inf, its d2/dx2 from z = 1e-120 on."""
    pz = np.asarray(_plain(z))
    with np.errstate(invalid="ignore"):
        own = (pz > 0) & (pz < np.inf) if pz.dtype == np.float64 else np.zeros(pz.shape, dtype=bool)
    if np.all(own) and pz.size:
        return power_poly(z, c, 1.0, 1.0, k, _POWER_ALONE)
    if not np.any(own):
        return z ** (c - k)
    return np.where(own, power_poly(np.where(own, z, 1.0), c, 1.0, 1.0, k, _POWER_ALONE), np.where(own, 1.0, z) ** (c - k))


#: power_poly's terms of the power alone (the polynomial 1)
_POWER_ALONE = ((1.0, 0, ()),)


def _product_exponent(c, d, k=1.0):
    """``(e, lo)``: ``c d - k`` for plain c and d as its rounded value ``e`` and the rounding error ``lo`` (Dekker's
    product, Knuth's two-sum), as :func:`_exponent_pair` for a whole multiplier."""
    pc, pd = (np.asarray(_plain(v), dtype=float) for v in (c, d))
    with np.errstate(over="ignore", invalid="ignore"):
        p, p_lo = two_product(pc, pd)
        e = p - k
        t = e - p
        lo = (p - (e - t)) + (-k - t) + p_lo
    return e, np.where(np.isfinite(lo), lo, 0.0)


def _product_less_kept(c, d, z, k=1.0, log_z=None):
    """``c d - k`` as c and d are (traced or not) plus the rounding of the product and of the difference (plain:
    :func:`_product_exponent`) where ``z > 0``: a log density's exponent of ``log z`` near z = 0, whose rounding
    times ``log z`` is the value's error and whose ``e / z`` is the whole slope where ``c d`` rounds to ``k``
    (gengamma.logpdf(1e-300, 1.5, 2/3): ``c a`` rounds to 1, 5.6e-17 below the product, and d/dx was -5.1e99, the
    truth -4.3e283). At z = 0 (and below) the rounded exponent, as the end's decisions have it; but where z is rounded
    to 0 while x - loc is not (``log_z``'s ``inside``, :func:`_log_of_z`) the kept one too (d/dx of
    gengamma.logpdf(1e-300, 1.5, 2/3, 0, 1e300) is -5.55e283 there, mpmath)."""
    e = c * d - k
    pz = np.asarray(_plain(z))
    where = pz > 0
    inside = getattr(log_z, "inside", None)
    if inside is not None and inside.shape == pz.shape:
        where = where | (inside & (pz == 0))
    lo = np.where(where, _product_exponent(c, d, k)[1], 0.0)
    return e + lo if np.any(lo) else e


def _corrected_power(z, e, lo):
    """``z ** (e + lo)``, ``lo`` plain (the rounding error of the exponent ``e``, :func:`_exponent_pair`,
    :func:`_product_exponent`): where ``z`` is a positive finite float64 scaled_power's ``z^(e + lo)``
    (:data:`~wengert.ops.elementwise.scaled_power`: lo in its exponent, each derivative in z one product rounded
    once, its limit where it overflows; at ``e = 0``, c d rounded to 1, ``z^lo``, whose slope ``lo z^(lo - 1)`` is the
    whole), elsewhere ``z ** e``. Through ``z^e exp(lo log z)`` the slope was two terms overflowing apart, ``-inf +
    inf``: NaN at burr12.pdf'(1e-200, 0.2, 2.5), the truth -inf; through ``z^0 exp(lo log z)`` the second derivative
    met 0 * inf (burr.pdf(1e-300, 0.4, 2.5))."""
    pz = np.asarray(_plain(z))
    with np.errstate(invalid="ignore"):
        own = (pz > 0) & (pz < np.inf) if pz.dtype == np.float64 else np.zeros(pz.shape, dtype=bool)
    lo = np.where(own & np.isfinite(lo), lo, 0.0)
    if not np.any(lo):
        return z ** e
    if np.all(own):
        return scaled_power(z, e, 1.0, 1.0, 1.0, lo)
    return np.where(own, scaled_power(np.where(own, z, 1.0), e, 1.0, 1.0, 1.0, lo), np.where(own, 1.0, z) ** e)


def _leading_power(hi, lo, power_z=None):
    """``power(z, e)`` for :func:`_leading_powers_at_zero`: ``z ** e``, and where ``e`` is the leading exponent
    ``hi`` (plain) ``z ** e`` with its rounding ``lo`` kept (:func:`_corrected_power`; the later terms' exponents, e
    + c, are left as they are). ``power_z`` (:func:`_power_of_z`): where ``hi`` is 0 and ``lo`` not (a product that
    rounds to 1: the caller's ``e`` is then ``lo`` itself, :func:`_product_less_kept`), ``z^e`` from it, its derivatives
    in x and in scale apart (through z d2/dx dscale was ``z^(e - 2) z``, overflowing: inf at exponweib.pdf(1.3e-300,
    2.5, 0.4, 0, 1.3), the truth -2.5e283)."""
    tiny = (np.asarray(hi) == 0) & (np.asarray(lo) != 0)

    def power(z, e):
        corrected = _corrected_power(z, e, np.where(np.asarray(_plain(e)) == hi, lo, 0.0))
        if power_z is None or not np.any(tiny):
            return corrected
        own = tiny & (np.asarray(_plain(e)) == lo)
        return corrected if not np.any(own) else np.where(own, power_z(z, e), corrected)
    return power


def _power_of_product_less(z, cd, c, d, k=1.0):
    """``z ** (cd - k)``, ``cd`` the product ``c d`` (traced as the caller has it), with the rounding of the product
    and of the difference kept (:func:`_product_exponent`, :func:`_corrected_power`): through ``z ** (c * d - 1.0)``
    the product's rounding times log z reached the density and its derivatives; at c = 0.4, d = 2.5 (c d rounds to 1,
    5.6e-17 below the product) burr.pdf's d/dx at z = 1e-10 was 2.9e-22, the truth 5.6e-7."""
    return _corrected_power(z, cd - k, _product_exponent(c, d, k)[1])


def _product_power_kept(c, d, power=np.power):
    """``power(w, e)`` (np.power, or :func:`_power_of_z`'s), and where the plain ``e`` is the rounded product ``c d``
    and ``w > 0``, times ``power(w, lo)``, ``lo`` the product's rounding (:func:`_product_exponent`): a lower tail's
    leading power ``z^(c d)`` (burr's cdf, exponweib's ``z^(a c)``) through ``z ** (c * d)`` lost ``lo log z``, 231 ulp
    of burr.cdf(1.5e-300, 0.4, 2.5, 0, 1.5), and where ``c d`` rounds to 1 its second derivative in x is ``lo (1 + lo)
    z^(lo - 1)`` alone (-3.1e179 for 2.5e283). The factor ``w^lo`` differentiated only where ``c d`` is within 1e-2
    of 1 (where ``e (e - 1)`` is small beside ``lo``); elsewhere the plain ``1 + lo log w`` (its derivatives' share
    ``lo / e`` and ``lo / (e (e - 1))``, below 1e-15 relative): at a tiny w the two factors' second derivatives
    overflowed apart (exponweib.cdf'' at (1.5e-300, 0.3, 3): NaN, the truth -inf)."""
    hi, lo = _product_exponent(c, d, 0.0)
    if not np.any(lo):
        return power

    def kept(w, e):
        pw = np.asarray(_plain(w), dtype=float)
        own = (np.asarray(_plain(e)) == hi) & (lo != 0) & (pw > 0)
        if not np.any(own):
            return power(w, e)
        near_one = own & (np.abs(hi - 1.0) < 1e-2)
        with np.errstate(divide="ignore", invalid="ignore"):
            fixed = np.where(own & ~near_one, 1.0 + lo * np.log(np.where(own, pw, 1.0)), 1.0)
        out = power(w, e) * fixed
        if np.any(near_one):
            out = out * power(np.where(near_one, w, 1.0), np.where(near_one, lo, 0.0))
        return out
    return kept


#: From ``z = _FAR_POWERS`` on a density is its far form (:func:`_far_powers`), ``z^e`` and factors near 1
_FAR_POWERS = 4.0


def _far_powers(z, density, far, exponent, v=None, at=None, scale=None):
    """``density(v)`` (``exp`` of its log), and ``far(v)``, the same density written with the power ``z^exponent``
    (from :func:`_power_less`: its exponent's rounding kept) times factors that stay near their limits, where
    ``z > _FAR_POWERS``, the power a normal float (``|exponent log z| < 700``) and the far form's value a finite normal
    float; ``v`` is ``z`` unless given (``x``, with ``at`` the plain ``x`` at which z is ``2 _FAR_POWERS``, where
    the unused form is evaluated); with a traced ``scale`` only where ``z^(exponent - 2)`` is normal too (d/dscale is
    ``z^(e - 1)`` times ``-z / scale``: where the first underflowed alone, lomax.pdf(1e250, 0.2, 0, s)'s d/ds was
    -pdf / s, -2e-301 for 4e-302). Through ``exp(log density)`` the log's absolute rounding, ``|exponent log z|`` ulp
    of it, was the density's relative error: betaprime.pdf(1e50, 2.5, 5) 517 ulp off, its d/da 703 ulp (mpmath);
    pareto, lomax, invgamma, burr, burr12, fisk, mielke alike."""
    v, at = (z, 2.0 * _FAR_POWERS) if v is None else (v, at)
    pz = np.asarray(_plain(z), dtype=float)
    pe = np.asarray(_plain(exponent), dtype=float)
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        margin = 2.0 if isinstance(scale, (Var, Dual)) else 0.0
        beyond = (pz > _FAR_POWERS) & ((np.abs(pe) + margin) * np.log(np.where(pz > _FAR_POWERS, pz, 2.0)) < 700.0)
        if not np.any(beyond):
            return density(v)
        candidate = np.asarray(_plain(far(np.where(beyond, _plain(v), at))), dtype=float)
        use = beyond & np.isfinite(candidate) & (candidate >= np.finfo(float).tiny)
        if np.all(use):
            return far(v)
        if not np.any(use):
            return density(v)
        return np.where(use, far(np.where(use, v, at)), density(np.where(use, at, v)))


def _symmetric_far_series(name, x, loc, scale, c, terms, j, beyond, factor, near, one_sided=False):
    """A density symmetric about ``loc`` far out on both sides: ``factor(c) S`` with ``S`` the sum of ``terms``,
    :data:`_Z_POWER_TERMS`' ``r c^a s^b z^(j c - k)`` of ``|x - loc|`` and the scale (one primitive: each derivative in
    x, loc, scale and c a sum of such powers, like ones collected), where the plain ``beyond(|z|, c)`` holds and the
    value and ``S`` are normal floats; elsewhere ``near(x)`` (``exp`` of the log density). Through ``exp(log
    density)`` the log's absolute rounding, ``|log density|`` ulp of it, was the density's relative error, and through
    ``z`` d2/dscale2 of ``z^-2 / scale`` (``scale / u^2``: 0) was terms of ``2 / (u^2 scale)`` apart with their
    rounding: t.pdf(1.5e150, 0.5, 0, 1.5) was 562 ulp off; cauchy.pdf(1.5e20, 0, 1.5)'s d2/dscale2 -1.27e-57, the
    truth -5.66e-81. ``one_sided``: a density on ``z > 0`` only, far out on the right (pareto's, lomax's)."""
    z = _standardized(name, x, loc, scale)
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    pz = pz if one_sided else np.abs(pz)
    shape = np.broadcast_shapes(pz.shape, pc.shape, np.shape(_plain(loc)), np.shape(_plain(scale)))
    with np.errstate(all="ignore"):
        far = np.broadcast_to(np.isfinite(pc) & np.isfinite(pz) & beyond(pz, pc), shape)
    if not np.any(far):
        return near(x)
    u = x - loc
    size = np.where(_plain(z) < 0, -u, u)
    ps = np.asarray(_plain(scale), dtype=float)
    at_size, at_c = 16.0 * ps, np.where(far, pc, 1.0)  # (the far form at z = 16, c = 1 where unused: finite)

    def series(size, c, scale=scale):
        return _Z_POWER_TERMS(size, scale, c, j=j, terms=terms)
    with np.errstate(all="ignore"):
        ps_size = np.where(far, np.asarray(_plain(size), dtype=float), at_size)
        s_plain = np.asarray(series(ps_size, at_c, ps), dtype=float)
        value = np.asarray(factor(at_c), dtype=float) * s_plain
        tiny = np.finfo(float).tiny
        use = far & np.isfinite(value) & (np.abs(value) >= tiny) & (np.abs(s_plain) >= tiny)
    if not np.any(use):
        return near(x)
    c_use = np.where(use, c, 1.0)
    out = factor(c_use) * series(np.where(use, size, at_size), c_use)
    if np.all(use):
        return out
    return np.where(use, out, near(np.where(use, _plain(loc) + 2.0 * ps, x)))


def _xlog_z(c, z, log_z=None):
    """``xlogy(c, z)``, with ``c log z`` from ``log_z`` (:func:`_log_of_z`) where ``z > 0``, and at ``z = 0`` itself
    (an end of the support, x == loc) where ``c != 0``: there ``c log z`` is +-inf with the one-sided limits from
    inside as its derivatives, ``c / u`` in x (+-inf) and ``-c / scale`` in scale (log u and log scale apart). Through
    z, ``c / z`` met ``dz/dscale = -z / scale = 0`` there (a 0 taken over the infinity): gamma.logpdf(0, 0.5, 0, 2)'s
    d/dscale was -1 / scale (-0.5) for -a / scale (-0.25), its d2/dx dscale inf (the truth 1 / scale^2) and
    d2/dscale dx 0; beta, chi2, f, weibull_min, burr12 ... alike."""
    if log_z is None:
        return sc.xlogy(c, z)
    pz = _plain(z)
    apart = getattr(log_z, "apart", False)
    own = (pz > 0) | ((pz == 0) & (np.asarray(_plain(c)) != 0) & apart)
    inside = getattr(log_z, "inside", None)  # (z rounded to 0 while x - loc > 0: c (log u - log scale))
    if inside is not None and inside.shape == np.shape(pz):
        own = own | inside
    c_log = log_z(z, c, end=True) if apart else log_z(z, c)
    if np.all(own):
        return c_log
    return np.where(own, c_log, sc.xlogy(c, np.where(own, 1.0, z)))


def _constant(name, argument, value, why):
    """Refuse a traced ``argument`` that has no derivative (a count): a Var, or a forward-mode Dual, whose tangent
    would be dropped as 0 (jvp of randint.ppf(0.3, low, 6) in low was 0 where grad refused)."""
    if isinstance(value, (Var, Dual)):
        raise NoGradientRule(f"wengert.scipy.stats.{name} has no gradient with respect to "
                             f"{argument} ({why}); pass a constant there")


def _identity(z, what):
    return z


#: ``z`` itself, whose gradient is marked (``at_kink``) where ``z == 0``: differentiating a
#: function of it twice there raises. For a function that is smooth to first order at 0 but
#: whose second derivative jumps there (``laplace.cdf`` at ``x = loc``), where the formula of
#: one side would otherwise give its one-sided second derivative silently.
_second_order_kink = OwnPrimitive(_identity, name="wengert.scipy.stats.kink")


def _kinked_at(x, at, name, where):
    """``x``, marked so that a second derivative of a function of it at ``x == at`` raises
    :class:`~wengert.NoGradientRule` naming ``name`` (plain ``x``: itself). The value is
    ``x`` exactly (``x + (d - d)``, not ``at + d``, which would round ``x`` near 0)."""
    if not isinstance(x, (Var, Dual)):
        return x
    # (unmarked where no entry is at the kink: an infinite cotangent of x, a quantile's at q = 0, became
    # inf + (inf - inf) = NaN through the mark's sum; a comparison of the Var: a guard under wengert.jit)
    if not np.any(x == at):
        return x
    d = x - at
    return x + (_second_order_kink(d, (
        f"wengert.scipy.stats.{name}", f"the common value of its one-sided derivatives at {where}, "
        "where its second derivative jumps (the one-sided second derivatives differ)",
        f"Evaluate away from {where}.")) - d)


def _on_support(inside, function, z, outside=-np.inf, at=0.5):
    """``function(z)`` where ``inside`` (a plain mask), ``outside`` elsewhere, with gradient 0.

    The function is evaluated at a point inside the support (``z = at``) where it is not
    used, so that no NaN or infinity reaches the gradient of the points inside.
    """
    if np.all(inside):
        return function(z)
    return np.where(inside, function(np.where(inside, z, at)), outside)


def _end_log_power_value(u, scale, k, k2, b, p, path=()):
    """The value (-inf) at z = u / scale = 0 of ``k k2 log z + b z^p`` (``k k2 > 0``, ``p > 0``), or along ``path``
    (argument indices: 0 u, 1 scale, 2 k, 3 k2, 4 b, 5 p) the one-sided limit from z > 0 of that derivative, at every
    entry (u's value is not read). First order: ``k k2 / u`` +inf, ``-k k2 / scale``, ``k2 log z`` and ``k log z``
    -inf, ``z^p`` and ``b z^p log z`` 0. Second: d2/du2 -inf, d2/du dk and d2/du dk2 +inf, d2/dk dk2 -inf, d2/dscale2
    ``k k2 / scale^2``, d2/dscale dk ``-k2 / scale`` (dk2: ``-k / scale``); and b z^p's d2/du dscale ``-b p^2 z^(p - 1)
    / scale^2``, d2/du db ``p z^(p - 1) / scale``, d2/du dp ``b z^(p - 1) (1 + p log z) / scale``: +-inf for p < 1 (p
    <= 1 the last), finite at p = 1, 0 for p > 1; the rest 0. (k k2 as two factors: a product of two traced shapes,
    burr's c d, had a traced zero tangent in a direction that moves neither, 0 * inf = NaN forward over forward.)"""
    k, k2, b, p, scale = (np.asarray(_plain(v), dtype=float) for v in (k, k2, b, p, scale))
    shape = np.broadcast_shapes(np.shape(_plain(u)), scale.shape, k.shape, k2.shape, b.shape, p.shape)
    key = tuple(sorted(path))
    with np.errstate(divide="ignore", invalid="ignore"):  # (b = 0: sign 0 times inf, taken as 0)
        minus_b_inf = np.where(b == 0, 0.0, -np.sign(b) * np.inf)
        out = {(): -np.inf, (0,): np.inf, (1,): -k * k2 / scale, (2,): -np.inf, (3,): -np.inf, (0, 0): -np.inf,
               (0, 1): np.where(p < 1, minus_b_inf, np.where(p == 1, -b / scale ** 2, 0.0)), (0, 2): np.inf,
               (0, 3): np.inf, (0, 4): np.where(p < 1, np.inf, np.where(p == 1, 1.0 / scale, 0.0)),
               (0, 5): np.where(p <= 1, minus_b_inf, 0.0), (1, 1): k * k2 / scale ** 2, (1, 2): -k2 / scale,
               (1, 3): -k / scale, (2, 3): -np.inf}.get(key, 0.0)
    return (np.zeros(shape) + out)[()]


#: ``k k2 log z + b z^p`` at z = 0 (x == loc, an end of the support: -inf) with the one-sided limits from inside as its
#: first and second derivatives in u = x - loc (or loc - x), the scale, k, k2, b and p (:func:`_end_log_power_value`),
#: a log cdf's (or log sf's) leading terms there: ``k log z`` (log z from log u and log scale apart) plus its
#: remainder's first power of z, whose share of d2/dx dscale and d2/dx dshape is +-inf for p < 1. Through
#: ``np.power(z, p)`` at z = 0 that share met ``k / u``'s +inf as ``c z^(c - 1)``'s -inf (NaN), 1 < p < 2 divided by 0
#: (a warning), and a traced p took ``z^p log z`` as 0 * inf; so the log cdf there was the constant -inf, every
#: derivative 0 (weibull_min.logcdf(0, 0.5, 0, s)'s d/ds 0 for -c / s). A third derivative is refused (not implemented).
_END_LOG_POWER = OwnPrimitive(_end_log_power_value, name="wengert.scipy.stats (k log z + b z^p at z = 0)",
                              reenters="any")
def _at_lower_end(z, value, at_end):
    """``value`` (a log density), with ``at_end(z)`` at ``z = 0`` itself: there -inf with the one-sided limits from
    inside as its derivatives (:func:`_power_of_z`'s and :func:`_log_of_z`'s end forms), where the constant -inf had
    every derivative 0 (``at_end`` is given z's entries at and above 0, 1 below)."""
    pz = np.asarray(_plain(z))
    end = pz == 0
    if not np.any(end):
        return value
    return np.where(end, at_end(np.where(pz >= 0, z, 1.0)), value)


def _log_cdf_from_lower_end(z, inside, at_end, support=None, outside=-np.inf):
    """A log cdf: ``inside(z)`` on ``z > 0``, -inf below, and ``at_end(z)`` at ``z = 0`` itself: there the value is
    -inf and each derivative the one-sided limit from inside, +-inf or finite (in the scale, a shape), from ``k log z``
    with log u and log scale apart (``log_z(z, k, end=True)``, :func:`_log_of_z`) plus the remainder's terms to first
    order in z (their limits). As the constant -inf every derivative there was 0: expon.logcdf(0)'s d/dx (the truth
    +inf), d/dscale (-1/s), gamma.logcdf(0, a, 0, s)'s d/da (-inf), d/dscale (-a/s), d2/dx dscale (a / ((a + 1) s^2)).
    ``support``, ``outside``: ``inside``'s plain mask (``z > 0`` if None) and the values beyond it (beta's)."""
    pz = np.asarray(_plain(z))
    end = pz == 0
    support = pz > 0 if support is None else support
    if not np.any(end):
        return _on_support(support, inside, z, outside=outside)
    return np.where(end, at_end(np.where(pz >= 0, z, 1.0)), _on_support(support, inside, z, outside=outside))


def _two_forms(second_here, first, second, args, first_safe, second_safe):
    """``first(*args)`` where the plain mask ``second_here`` is False, ``second(*args)`` where it is True: as
    ``piecewise``, but every argument of each form is replaced by its stand-in (``first_safe``, ``second_safe``:
    one per argument) on the other form's entries, so that a form that overflows there for a shape's value (not
    only for x's) gives no ``0 * inf`` in the derivatives of the result."""
    if not np.any(second_here):
        return first(*args)
    if np.all(second_here):
        return second(*args)
    return np.where(second_here, second(*(np.where(second_here, v, s) for v, s in zip(args, second_safe))),
                    first(*(np.where(second_here, s, v) for v, s in zip(args, first_safe))))


# Within this distance of an end of the support, a density is written with powers: its log
# form's derivatives there are differences of terms growing like 1/z^2 that cancel (for
# z e^-z: (1/z - 1)^2 - 1/z^2), so the second derivative of exp(log density) lost all its
# digits near the end (gamma.pdf(1e-20, 2.0): 5461 for -1).
_NEAR_END = 1e-2
# Closer than this, 1/z^2 overflows, and the powers' own second derivative y (y - 1) z^(y - 2)
# is 0 * inf = NaN for an exponent y = 0 (chi2.pdf(1e-300, 2.0)); there the log form has no
# 1/z term and is exact. So for y = 0 the log form is kept below it; for y != 0 (given as
# ``exponents``) the powers are used down to the end: the log form's L'^2 + L'' was
# inf - inf there (gamma.pdf(1e-300, 2.0)'s second derivative: -1.5e284 by reverse over
# reverse, -inf forward over reverse, for -2).
_POWERS_FROM = 1e-150


def _exp_at_ends(log_density, powers, z, ends, exponents=None):
    """``exp(log_density(z))``, and ``powers(z)`` (the same density written with powers)
    at and near (closer than ``_NEAR_END``) one of ``ends``: farther than ``_POWERS_FROM``, or
    closer where that end's power has a nonzero exponent (``exponents``: one per end,
    compared with 0 only; without them, only farther than ``_POWERS_FROM``).

    At an end of the support a density such as ``z^(a-1) e^-z`` can be 0 with a finite
    derivative (1 for a = 2), but its logarithm is -inf with an infinite derivative, so the
    gradient of ``exp(log density)`` was ``0 * inf`` = NaN there, at first order; near the
    end, its second derivative cancelled to nothing (see ``_NEAR_END``). Powers
    differentiate exactly at the ends (``0 ** 0 = 1`` with derivative 0 in the base). Near
    (not at) an end they are used only where their value is finite, and nonzero unless the
    log form's is 0 too: a factor that overflows or underflows alone (``z^(a-1)`` against
    ``exp(-betaln(a, b))`` for large a and b) leaves the log form there.
    """
    if exponents is not None:
        # at an end whose power has a negative exponent the density is +inf, with derivatives in z from inside (-inf,
        # +inf, ... at the lower end 0, +inf at the upper 1), none in the shapes (as t.ppf's ends in df): through
        # exp(log density) the infinite cotangent met the log's -inf and the other terms' partials, NaN where one
        # is 0 or of the other sign (nakagami.pdf'(0, 0.3), chi.pdf'(0, 0.5), exponpow.pdf'(0, 0.5): NaN, the
        # truth -inf), and the powers' pullback warned (gamma.pdf'(0, 0.5): 0 ** -1.5); gamma's and chi2's take the
        # limits in every argument from inside after this (_at_a_pole)
        infinite = False
        for i, e in enumerate(ends):
            infinite = infinite | ((z == e) & (exponents[i] < 0))
        if np.any(infinite):
            end = _T_END(np.where(infinite, z, 0.0), root=np.where(z == ends[0], -1.0, 1.0))
            return np.where(infinite, end, _exp_at_ends(log_density, powers, np.where(infinite, 0.5, z), ends,
                                                        exponents))
    end = False
    near = False
    for i, e in enumerate(ends):  # comparisons: plain values (under wengert.jit, guards on the outcome)
        end = end | (z == e)
        # |z - e| compared as z - e and e - z: np.abs of a nested forward Dual at the end was
        # refused (abs's kink), though the distance only chooses the formula
        d = z - e
        within, beyond = (d < _NEAR_END) & (-d < _NEAR_END), (d > _POWERS_FROM) | (-d > _POWERS_FROM)
        near = near | (within & beyond)
        if exponents is not None:
            near = near | (np.logical_not(beyond) & (d != 0) & (exponents[i] != 0))
    near = near | end
    if not np.any(near):
        return np.exp(log_density(z))
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        # 0 ** (a - 1) for a < 1: the density is inf there
        candidate = np.where(near, z, 0.5)
        value = powers(candidate)
        use = end | (near & np.isfinite(value) & ((value > 0) | (np.exp(log_density(candidate)) == 0)))
        at_end = powers(np.where(use, z, 0.5))
    return np.where(use, at_end, np.exp(log_density(np.where(use, 0.5, z))))


def _x_at_loc(z, inside=None):
    """The plain mask where x == loc: ``z == 0``, or with ``inside`` (:func:`_inside_z`'s plain z, given to a check
    that takes it) ``inside == 0``, not where z only rounds to 0 while x != loc (there a density's shape derivatives
    exist: fisk.pdf(1e-300, c, 0, 1e300) at c = 1 was refused "at x == loc")."""
    return np.asarray(_plain(z) if inside is None else inside) == 0


def _refuse_a_jump_in_shape(name, shape, at, argument, where, factor):
    """Refuse a traced ``shape`` (a Var or Dual) where ``at()`` (a mask, called only then) holds: at an end of
    the support, with the shape where the density's power factor ``factor`` (``z**(a - 1)``)
    has exponent 0.

    There the factor is ``0 ** 0 = 1``, but 0 for a larger shape and inf for a smaller one:
    the density jumps in the shape (0, finite, inf; its log -inf, finite, +inf), so it has no
    derivative in it, at any order. NumPy's power takes the convention 0 for every
    derivative of ``0 ** y`` at ``y = 0`` (tests/test_exact.py), and the chain rule through it
    gave a finite number (gamma.pdf(0, a) at a = 1: digamma's -0.577), silently. Chosen: a
    refusal, not a one-sided value: the shape is a parameter, both sides of it are valid
    (dirichlet's smaller side is refused by SciPy), so no side is "inside". The derivatives
    in x there stay the one-sided ones from inside the support."""
    if isinstance(shape, (Var, Dual)) and np.any(at()):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in {argument} at {where}: the density's "
            f"factor {factor} is 0 ** 0 = 1 there, but 0 for a larger {argument} and inf (or invalid) "
            f"for a smaller one, so the density jumps in {argument} (its log from -inf to +inf). "
            f"Evaluate inside the support, or pass {argument} as a constant (wengert.stop_gradient) "
            "to differentiate in the other arguments.")


def _rbeta_in_value(t, other=1.0, n=0):
    """The n-th derivative in t of ``1 / B(other, t)``: ``B_n(D_1, ..., D_n) / B``, ``B_n`` the complete Bell
    polynomial of ``D_k = polygamma(k - 1, other + t) - polygamma(k - 1, t)`` (the derivatives of ``-betaln``)."""
    t, other = np.asarray(t, dtype=float), np.asarray(other, dtype=float)
    d = [sc.polygamma(k - 1, other + t) - sc.polygamma(k - 1, t) for k in range(1, n + 1)]
    bell = [np.ones(np.broadcast_shapes(t.shape, other.shape))]
    for m in range(n):  # (B_(m+1) = sum_k C(m, k) B_(m - k) D_(k + 1))
        bell.append(sum(math.comb(m, k) * bell[m - k] * d[k] for k in range(m + 1)))
    # (a whole other = m <= 64, n = 1, 2: B_1 = D_1 = sum_(j < m) 1 / (t + j), B_2 = D_1^2 + D_2 = 2 sum_(i < j < m) 1 /
    # ((t + i) (t + j)), 0 at m = 1 (1 / B(1, t) = t), else positive terms; through the polygamma differences B_2 was
    # their rounding, ~1e-17, where the truth is 0: d2/da2 of betaprime.pdf(1e20, 2.5, 1) 5.1e-57 for -2e-60)
    whole = (other == np.round(other)) & (other >= 1) & (other <= _RBETA_WHOLE_TO) & (t > 0)
    if n in (1, 2) and np.any(whole):
        m = np.where(whole, other, 1.0)
        inverse = [np.where(j < m, 1.0 / (np.where(whole, t, 1.0) + j), 0.0) for j in range(int(np.max(m)))]
        if n == 1:
            exact = sum(inverse)
        else:
            exact = 2.0 * sum(inverse[i] * inverse[j] for j in range(len(inverse)) for i in range(j)) + 0.0 * t
        bell[n] = np.where(whole, exact, bell[n])
    return (bell[n] * np.exp(-sc.betaln(other, t)))[()]


#: :func:`_rbeta_in_value`'s whole ``other`` up to this: its derivatives from finite sums
_RBETA_WHOLE_TO = 64


def _reciprocal_beta(a, b):
    """``1 / B(a, b)``, its derivatives in a from :data:`_RBETA_IN` (b's plain value; exact D's at a whole b), times
    ``exp(log B(a, plain b) - log B(a, b))`` (1, moving with b only) where b is traced: through ``exp(-log B(a, b))``
    d2/da2 was ``(psi(a + b) - psi(a))^2 + psi'(a + b) - psi'(a)`` times it, their roundings where the truth is 0 (b =
    1: 1 / B(a, 1) = a), and a far density's d2/da2, a small share beside it, took them: betaprime.pdf(1e20, 2.5, 1)''s
    5.1e-57 for -2e-60 (mpmath)."""
    pa, pb = (np.asarray(_plain(v), dtype=float) for v in (a, b))
    # (times the plain ratio of _log_beta's value to betaln's: the value as before, within an ulp, and each derivative
    # the same share of the more accurate one; exp(-betaln(0.7, 30)) alone was 13-24 ulp off in betaprime.pdf's far
    # form where _log_beta's was 3-7)
    with np.errstate(all="ignore"):
        ratio = np.exp(sc.betaln(pa, pb) - _log_beta(pa, pb))
    out = _RBETA_IN(a, other=pb) * np.where(np.isfinite(ratio), ratio, 1.0)
    if not isinstance(b, (Var, Dual)):
        return out
    return out * np.exp(_log_beta(a, pb) - _log_beta(a, b))


#: ``1 / B(other, t)`` in t alone (``other`` plain), each derivative one value (:func:`_at_a_pole`'s factor of beta's
#: density at a pole: through exp(-betaln) its second derivative times the pole's +inf was two infinite products of
#: opposite signs, NaN)
_RBETA_IN = OwnPrimitive(_rbeta_in_value, name="wengert.scipy.stats 1 / beta(a, b) in b", reenters="any")


def _at_a_pole(density, z, d, scale, e, factor, at_end, *traced):
    """``density`` (of ``z``), and where ``at_end`` (plain) with the exponent ``e < 1`` (the density ``factor(e) (d /
    scale)^(e - 1) / scale`` to leading order there, infinite) and something traced (``d``, ``scale``, ``traced``):
    that leading term with ``d`` (the distance into the support) and the scale apart (:data:`_Z_POWER_TERMS`), the
    factor at e's plain value (its derivatives are exceeded by the power's log d ones): the one-sided limits from
    inside in every argument (+inf, with infinite derivatives in x, loc, the scale and e). Through z the scale's and
    e's directions met the end's infinite derivative in z as a live 0 (the Hessian of gamma.pdf(x, 0.5, 0, s) at (0,
    2) had NaN in the scale's row by jacfwd(jacfwd) and jacrev(jacfwd), 0 by hessian (the truth +inf: mpmath's
    d2/dscale2 7.5e8 at x = 1e-20), d/dscale and d/da 0 for -inf (mpmath's -9.97e8 and -1.79e11 at x = 1e-20))."""
    if not any(isinstance(v, (Var, Dual)) for v in (d, scale, *traced)):
        return density
    pe = np.asarray(_plain(e), dtype=float)
    pole = np.broadcast_to(np.asarray(at_end) & (pe < 1), np.broadcast_shapes(np.shape(at_end), pe.shape))
    if not np.any(pole):
        return density

    def end(density, d, e):
        return factor(np.asarray(_plain(e), dtype=float)) * _Z_POWER_TERMS(d, scale, e, terms=(((1, 0, 0, -1), 1.0),))
    # (stand-ins d = scale / 2 and e = 1/2 for the end, the density's own value elsewhere)
    return _two_forms(pole, lambda density, d, e: density, end, (density, d, e), (1.0, 0.0, 0.5),
                      (0.0, 0.5 * _plain(scale), 0.5))


#: Below this z (above 0) with x, loc or the scale traced the gamma and beta tails at their lower end are their
#: power series' first three terms (:func:`_z_power_series`; the next relative z^3, and z^2 to the second derivative)
_TAIL_SERIES_BELOW = 1e-20


def _z_power_series(u, scale, a, first, near, coefficient):
    """``first z^a + sum_{n = 1, 2} coefficient(n) z^(a + n)`` (``z = u / scale``), each power of ``u`` and the scale
    apart (:data:`_Z_POWER_TERMS`), the later terms only where ``near`` (plain; at u = scale / 2 elsewhere): the lower
    tails near their end z = 0 (:func:`_gamma_tail_at_zero`, :func:`_beta_tail_at_ends`). Through z their second
    derivatives in reverse mode met a cotangent times the density ``z^(a - 1) ...`` as an underflowing product before
    its log's derivative ``(a - 1) / z``: d2/dx dscale of gamma.cdf(1e-300, 1.5, 0, 1.5) by jacrev(jacfwd) and
    jacrev(jacrev) 1/3 short, of powerlaw.cdf(1e-300, 2, 0, 1.5) 1/2 short (the term through dz/dscale's x lost)."""
    out = first * _Z_POWER_TERMS(u, scale, a, terms=_Z_ITSELF)
    if not np.any(near):
        return out
    w = np.where(near, u, 0.5 * _plain(scale))
    for n in (1, 2):
        out = out + np.where(near, coefficient(n) * _Z_POWER_TERMS(w, scale, a, terms=(((-n, 0, 0, 0), 1.0),)), 0.0)
    return out


def _quiet(quantile):
    """``quantile`` without NumPy's divide warning: at q = 0 or 1 it is infinite, as in SciPy."""
    @functools.wraps(quantile)
    def quiet(*args, **kwargs):
        with np.errstate(divide="ignore"):
            return quantile(*args, **kwargs)
    return quiet


def _q(name, q):
    """A probability, checked: SciPy gives NaN outside [0, 1]; wengert refuses."""
    plain = _plain(q)
    if np.any((plain < 0) | (plain > 1)):
        raise ValueError(f"{name}: q must be a probability (between 0 and 1)")
    return q


def _located(name, q, loc, scale, standard, sign=1.0, shapes=(), ends=None, steep_mixed=None, end_slope=None,
             level_mixed=None):
    """``loc + sign * scale * standard(q)``: a quantile of a location-scale family, with the
    checks of ``q`` and ``scale``. Where q is 0 or 1 and ``standard(q)`` is infinite (an infinite end of the support:
    every quantile is monotone, so ``standard`` is infinite there at every loc, scale and shape), ``+-inf`` as
    :data:`_T_END`: derivatives in q infinite constants (each order's sign: the value's times -1 per order at q = 0),
    none in loc, scale and the shapes. The products' forward rules took -inf times a 0 tangent: the Hessian of
    norm.ppf(q, 0, scale) at (0, 3) was [[nan, nan], [inf, 0]], as halfnorm's, logistic's, cauchy's and t's; an inner
    q beside an end gave inf - inf in d/dscale of a sum. A finite end where the density vanishes (``standard``'s slope
    infinite there: rayleigh.ppf(0), lognorm's, wald's, levy's, anglit's, triang's) is ``standard`` at the end (its
    derivatives in the shapes) plus :data:`_STEEP_END`, 0 with the same infinite derivatives in q (the slope's sign, times
    -1 per order at q = 0: the second -inf at the support's lower end, +inf at its upper), ``+-inf`` in d2/dq dscale,
    none in d2/dq dloc, and in d2/dq dshape the one-sided limit ``steep_mixed`` declares (:data:`_STEEP_MIXED`; not the
    0 of a convention: lognorm's limit is -inf); there the chain rule gave inf - inf (the Hessian of rayleigh.ppf in
    (q, loc) at (0, 0.25) was [[nan, 0], [0, 0]], the truth [[-inf, 0], [0, 0]]). Where a traced shape has no declared
    limit, or ``standard`` closes over traced shapes (triang's c), the steep end is left to the chain rule, as before.
    Other finite ends (expon.ppf(0) = loc) keep their derivatives.
    ``shapes``: the standard quantile's shapes, its arguments after q (``standard(q, *shapes)``), so that the ends are
    found at their plain values; ``steep_mixed(lower, *plain_shapes)``: for each shape, the sign of d2/dq dshape's
    limit at a steep end relative to the slope's (+1: the slope's magnitude grows with the shape there, or -1),
    ``lower`` where the end is the standard quantile's least value; ``end_slope(pq, *plain_shapes)``: the standard
    quantile's plain slope at its finite ends, declared where forward mode's chain rule meets inf / inf there
    (invgamma's 1 / gammainccinv(a, 0): NaN for +inf); ``level_mixed(lower, *plain_shapes)``, declared where a finite
    end with a finite slope is the same at every shape (chi's and nakagami's 0 at df <= 1, nu <= 1/2): for each shape,
    0 where d2/dq dshape's limit there is 0, else its sign relative to the slope's; there the quantile is ``standard``
    at the shapes' plain values (its derivatives in them 0: the chain rule gave NaN, gammaincinv's in a at 0) plus
    :data:`_STEEP_MIXED` where the limit is infinite; ``ends`` is not read (5e7fed1's flag: every quantile's ends are
    found now)."""
    _standardized(name, 0.0, 0.0, scale)
    q = _q(name, q)
    pq = np.asarray(_plain(q))
    end = (pq == 0) | (pq == 1)
    if np.any(end):
        # the plain value at the ends (which are infinite, and their signs), at the shapes' plain values: on Vars
        # (Duals) of the shapes forward mode computed their tangents there, and raised where those do not exist
        plain_shapes = plain_tree(tuple(shapes))
        with np.errstate(all="ignore"):
            at = _plain(standard(np.where(end, pq, 0.5), *plain_shapes)) * sign
        infinite = end & np.isinf(at)
        steep, slope = _steep_ends(end & ~infinite, pq, standard, plain_shapes, end_slope)
        held = _held_end(steep, pq, standard, shapes, plain_shapes) if np.any(steep) else None
        if (isinstance(held, (Var, Dual)) if not shapes else
                steep_mixed is None and any(isinstance(v, (Var, Dual)) for v in shapes)):
            # traced shapes closed over (triang's c), or with no declared limit of d2/dq dshape: the chain rule there
            steep = np.zeros_like(steep)
        level = end & ~infinite & ~steep
        if (level_mixed is None or slope is None or not np.any(level)
                or not any(isinstance(v, (Var, Dual)) for v in shapes)
                or _fixed_end(level, pq, standard, plain_shapes) is None):
            level = np.zeros_like(level)
        if np.any(infinite) or np.any(steep) or np.any(level):
            root = np.where(pq == 0, -1.0, 1.0)
            special = infinite | steep | level
            if np.all(special):
                # no inner point: the standard quantile is not evaluated at a stand-in (triang's second derivative
                # at its mode, q = 3/4 at c = 0.75, refused a stand-in whose cotangent was 0)
                out = np.zeros(np.broadcast_shapes(*(np.shape(_plain(v)) for v in (q, loc, scale, *shapes))))[()]
            else:
                # (the other form at stand-ins 1/4 and 3/4, on the end's side of 1/2: a standard quantile may branch
                # on the plain q it closes over, and 1/2 is a kink of some, dweibull's)
                out = loc + sign * scale * standard(np.where(special, 0.5 + 0.25 * root, q), *shapes)
            if np.any(steep):
                at_steep = np.where(steep, q, 0.0)
                slope_sign = np.where(slope * sign > 0, 1.0, -1.0)
                rise = _STEEP_END(at_steep, scale, sign=slope_sign, root=root)
                if shapes and steep_mixed is not None:
                    lower = (pq == 0) == (slope > 0)
                    for shape, direction in zip(shapes, steep_mixed(lower, *plain_shapes)):
                        rise = rise + _STEEP_MIXED(at_steep, shape, sign=slope_sign * np.asarray(direction, float),
                                                   root=root)
                out = np.where(steep, loc + sign * scale * held + rise, out)
            if np.any(level):
                at_level = np.where(level, q, 0.5 + 0.25 * root)
                flat = loc + sign * scale * standard(at_level, *plain_shapes)
                slope_sign = np.where(slope * sign > 0, 1.0, -1.0)
                for shape, direction in zip(shapes, level_mixed((pq == 0) == (slope > 0), *plain_shapes)):
                    infinite_mixed = level & (np.asarray(direction) != 0)
                    if np.any(infinite_mixed):
                        flat = flat + np.where(infinite_mixed, _STEEP_MIXED(
                            np.where(infinite_mixed, q, 0.0), shape,
                            sign=np.where(infinite_mixed, slope_sign * np.asarray(direction, float), 1.0), root=root),
                                               0.0)
                out = np.where(level, flat, out)
            if np.any(infinite):
                out = np.where(infinite, _T_END(np.where(infinite, q, 0.0), sign=np.where(at > 0, 1.0, -1.0),
                                                root=root), out)
            return out
    return loc + sign * scale * standard(q, *shapes)


def _steep_ends(candidates, pq, standard, plain_shapes, end_slope=None):
    """Where ``candidates`` (finite ends), whether ``standard``'s slope in q is infinite there (the density vanishes at
    the end), and the plain slope (its sign); ``end_slope``'s where it is declared (:func:`_located`), else by forward
    mode at the plain values, where that raises (a special function's rule refusing at its own end) or gives NaN: not
    steep, the quantile as before."""
    if not np.any(candidates):
        return candidates, None
    if end_slope is not None:
        slope = np.broadcast_to(np.asarray(end_slope(np.where(candidates, pq, 0.5), *plain_shapes), dtype=float),
                                np.shape(candidates))
        return candidates & np.isinf(slope), slope
    try:
        with np.errstate(all="ignore"):
            # (the tangent of the primal's shape, the candidates': with q's, a scalar against an array of a shape,
            # jvp raised and the ends were not steep, invgauss.ppf(0, [0.5, 0.55])'s grad(grad) in (q, mu) 0 for inf)
            # (forward mode's own pass, not wengert.jvp: under a recording, wengert.jit's or a gradient's, that runs the
            # transposed pullback, a runner inside the function, and jit re-recorded every call: invgauss.ppf,
            # gamma.ppf, beta.isf at their ends; the pass reads plain values only)
            slope = np.asarray(_plain(jvp_forward(lambda q: standard(q, *plain_shapes), (np.where(
                candidates, pq, 0.5) + 0.0,), (np.ones(np.shape(candidates)),))[1]), dtype=float)
    except (NoGradientRule, ValueError, TypeError, ZeroDivisionError, FloatingPointError):
        return np.zeros(np.shape(candidates), bool), None
    return candidates & np.isinf(slope), slope



def _held_end(steep, pq, standard, shapes, plain_shapes):
    """``standard`` at the ends ``steep`` (plain q): plain where it is the same at shapes moved by 2^-20 (an end at 0
    or 1 for every shape: its derivatives in them 0, where some rules warned at the end, invgauss's in mu), else with
    the shapes' derivatives (genextreme's 1 / c)."""
    fixed = _fixed_end(steep, pq, standard, plain_shapes) if plain_shapes else None
    if fixed is not None:
        return fixed
    with np.errstate(all="ignore"):
        return standard(np.where(steep, pq, 0.5), *shapes)


def _fixed_end(ends, pq, standard, plain_shapes):
    """``standard`` at the plain q ``ends`` (1/2 elsewhere), plain, if it is the same there at the shapes moved by
    2^-20, else None. Compared at the ends only: the other entries move with the shapes (an array of q with inner
    points took the shapes' derivatives at its ends, NaN through invgamma's gammainccinv)."""
    at = np.where(ends, pq, 0.5)
    with np.errstate(all="ignore"):
        plain = np.asarray(_plain(standard(at, *plain_shapes)), dtype=float)
        moved = np.asarray(_plain(standard(at, *[np.asarray(s, dtype=float) * (1.0 + 2.0 ** -20)
                                                 for s in plain_shapes])), dtype=float)
    where = np.broadcast_to(ends, np.broadcast_shapes(np.shape(ends), plain.shape))
    if np.array_equal(np.broadcast_to(plain, where.shape)[where], np.broadcast_to(moved, where.shape)[where]):
        return plain[()]
    return None

def _steep_end_value(q, scale, sign=1.0, root=1.0):
    return np.zeros(np.broadcast_shapes(np.shape(_plain(q)), np.shape(_plain(scale)), np.shape(sign)))[()]


def _steep_slope_value(q, scale, sign=1.0, root=1.0):
    return _steep_end_value(q, scale, sign) + sign * np.inf


#: 0 at a finite end of a quantile whose slope is infinite there (:func:`_located`), with the derivatives in q of the
#: quantile ``loc + scale z(q)`` there: the slope ``sign inf`` and every further q-derivative infinite (times ``root``
#: per order: -1 at q = 0, 1 at q = 1), the slope's derivative in scale ``sign inf`` (``z'``), none in loc
_STEEP_END = OwnPrimitive(_steep_end_value, name="wengert.scipy.stats.steep_quantile_end", reenters="any")
_STEEP_SLOPE = OwnPrimitive(_steep_slope_value, name="wengert.scipy.stats.steep_quantile_slope", reenters="any")
#: ``_STEEP_END``'s derivative in scale: 0 (``z`` at the end, held apart), its derivative in q ``z' = sign inf``
_STEEP_UNIT = OwnPrimitive(lambda q, sign=1.0, root=1.0: _steep_end_value(q, 0.0, sign),
                           name="wengert.scipy.stats.steep_quantile_unit", reenters="any")
#: 0 at a steep end, in q and one shape (:func:`_located`): its d2/dq dshape, in either order, ``sign inf`` (the limit:
#: ``sign`` the slope's times the shape's declared direction), its other first and second
#: derivatives 0 (those in q and scale are :data:`_STEEP_END`'s, the end's own in the shape ``held``'s)
_STEEP_MIXED = OwnPrimitive(_steep_end_value, name="wengert.scipy.stats.steep_quantile_mixed", reenters="any")


def _method(cls, name):
    """Add the decorated function to the distribution ``cls`` as its static method ``name``."""
    def attach(fn):
        fn.__name__, fn.__qualname__ = name, f"{cls.__name__}.{name}"
        setattr(cls, name, staticmethod(fn))
        return fn
    return attach


def _doc(cls, text, example, value):
    """A method's docstring: ``text``, then a doctest in which ``example`` (a call of ``cls``)
    gives ``value``."""
    return (f"{text}\n\n    >>> import numpy as np\n    >>> from wengert.scipy.stats import {cls.__name__}\n"
            f"    >>> {example}\n    {value}\n    ")


#: Where a log density (or the log of a tail) is below this, the density and its first and
#: second derivatives in every argument underflow to 0: they are the density times
#: polynomials in its log's derivatives (and 1 / scale), which grow like powers of the log
#: itself (-1/z, -|z|^b, -e^-z) or of 1 / scale (at most e^1490), far from e^2255.
_VANISHING_LOG = -3000.0


def _vanishing(log_value, function, z, inside, outside):
    """``function(z)``, and ``outside`` (its value there, 0 or 1) with derivatives 0 where the
    plain ``log_value(z)`` is below ``_VANISHING_LOG``, ``function`` evaluated at the point
    ``inside`` of the support there. At those points the derivatives' truth is 0 (see
    ``_VANISHING_LOG``), but the chain rule gave 0 * inf = NaN: the density (or tail) is 0
    while its log's derivative overflows (invgamma.pdf, cdf, sf at x = 1e-300: the density
    times the derivative of 1/z; gumbel_r.pdf and cdf at -800: times that of e^-z)."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
        vanishing = _plain(log_value(_plain(z))) < _VANISHING_LOG
    if not np.any(vanishing):
        return function(z)
    return np.where(vanishing, outside, function(np.where(vanishing, inside, z)))


def _vanishing_at_zero(log_value):
    """``log_value`` (of a plain z), -inf at z = 0: :func:`_vanishing`'s check for a density ``exp(-c / z^k)``, which
    the support's mask lets reach z = 0 where z is rounded to 0 while x > loc (:func:`_inside_z`; x == loc is outside
    it). The density and its derivatives are 0 there; the log density's terms in log z and 1 / z were inf - inf = NaN
    (alpha.pdf, invgauss.pdf, wald.pdf at (1e-300, ..., 0, 1e300): NaN, a ZeroDivisionError for a Python float x; SciPy's
    0)."""
    def at(z):
        pz = np.asarray(z, dtype=float)
        zero = pz == 0
        if not np.any(zero):
            return log_value(z)
        return np.where(zero, -np.inf, log_value(np.where(zero, 1.0, pz)))
    return at


def _exp_of_log(cls, name, example, value, doc=None, inside=None, far=None):
    """Give the distribution ``cls`` its density ``name`` (``pdf`` or ``pmf``): ``exp`` of its
    ``log<name>``, with the same arguments (and signature); ``doc`` (the formula) defaults
    to ``exp(cls.log<name>(...))``. ``inside``: a standardized point of the support, where
    the density is evaluated in place of the points where it vanishes (:func:`_vanishing`;
    for a density whose log has an infinite derivative where the density underflows). ``far``: ``(form(z, *shapes,
    power), exponent(*plain shapes))``, the density far out as a power ``z^exponent`` and factors near their limits
    (:func:`_far_powers`), its powers from ``power`` (:func:`_power_of_z`'s: the leading power over the scale
    ``power.far(z, c, j, k)``, :func:`_far_power`, and ``power(z, c)``)."""
    log_name = "log" + name
    # (the log density as it is now: a wrapper added later, _refusing_nonpositive_shapes', wraps
    # the density too, and the shapes are checked once per call)
    log_density = getattr(cls, log_name)
    signature = inspect.signature(log_density)

    def density(*args, **kwargs):
        if inside is None:
            return np.exp(log_density(*args, **kwargs))
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        x, rest = bound.args[0], bound.args[1:]
        at = _plain(bound.arguments.get("loc", 0.0)) + _plain(bound.arguments.get("scale", 1.0)) * inside
        return _vanishing(lambda x: log_density(x, *plain_tree(rest)), lambda x: np.exp(log_density(x, *rest)),
                          x, at, 0.0)

    def far_out(*args, **kwargs):
        if far is None:
            return density(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        x, rest = bound.args[0], bound.args[1:]
        loc, scale = bound.arguments["loc"], bound.arguments["scale"]
        shapes = rest[:-2]
        z = _standardized(f"{cls.__name__}.{name}", x, loc, scale)
        form, exponent = far
        # (the form's powers of z as primitives of x - loc and the scale: power.far(w, c, j, k), power(w, c))
        power = _power_of_z(x - loc, scale, z)
        return _far_powers(z, lambda x: density(x, *rest), lambda x: form((x - loc) / scale, *shapes, power),
                           exponent(*(np.asarray(_plain(s), dtype=float) for s in shapes)), v=x,
                           at=_plain(loc) + 2.0 * _FAR_POWERS * _plain(scale))
    setattr(far_out, "__signature__", signature)
    setattr(density, "__signature__", signature)
    density.__doc__ = _doc(cls, doc or f"``exp({cls.__name__}.{log_name}({', '.join(signature.parameters)}))``.",
                           example, value)
    far_out.__doc__ = density.__doc__
    _method(cls, name)(far_out if far is not None else density)


def _takes(function, parameter):
    """Whether ``function`` has a parameter named ``parameter`` (a ufunc has none it can be asked for: NumPy 2.0's
    ``inspect.signature`` raised ValueError on ``sc.ndtr``)."""
    try:
        return parameter in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def _standard_method(name, standard, quantile):
    """``standard((x - loc) / scale)`` (``scale`` checked), or for a ``quantile``, with
    ``standard = (function, sign)``: ``loc + sign * scale * function(q)`` (:func:`_located`)."""
    if not quantile:
        if _takes(standard, "located"):  # (x - loc and the scale beside z: _cauchy_tail)
            def method(x, loc=0.0, scale=1.0):
                return standard(_standardized(name, x, loc, scale), located=(x - loc, scale))
            return method

        def method(x, loc=0.0, scale=1.0):
            return standard(_standardized(name, x, loc, scale))
        return method
    function, sign = standard

    @_quiet
    def located(q, loc=0.0, scale=1.0):
        return _located(name, q, loc, scale, function, sign=sign)
    return located


def _location_scale(cls, rows):
    """Give the location-scale distribution ``cls`` the methods of ``rows``, each ``(name,
    standard, text, example, value)``: ``cdf``, ``logcdf``, ``sf``, ``logsf`` are
    ``standard(z)`` of ``z = (x - loc) / scale``; ``ppf`` and ``isf`` are ``loc + sign scale
    function(q)`` for ``standard = (function, sign)`` (see :func:`_standard_method`). The
    docstring is ``text`` and its example (:func:`_doc`)."""
    for name, standard, text, example, value in rows:
        method = _standard_method(f"{cls.__name__}.{name}", standard, name in ("ppf", "isf"))
        method.__doc__ = _doc(cls, text, example, value)
        _method(cls, name)(method)


def _moment_signature(shapes, first=()):
    P = inspect.Parameter
    return inspect.Signature([P(s, P.POSITIONAL_OR_KEYWORD) for s in (*first, *shapes)]
                             + [P("loc", P.POSITIONAL_OR_KEYWORD, default=0.0),
                                P("scale", P.POSITIONAL_OR_KEYWORD, default=1.0)])


def _quantiles(cls, shape, quantile, docs):
    """Give the distribution ``cls`` of one shape parameter (named ``shape``; or a tuple of
    names) its ``ppf`` and ``isf``: ``quantile(name, q, shape, loc, scale, upper)`` (``upper``:
    for ``isf``), quiet at q = 0 and 1, each with its docstring (``docs``: ``(text, example,
    value)`` for ``ppf``, then for ``isf``; see :func:`_doc`)."""
    signature = _moment_signature((shape,) if isinstance(shape, str) else shape, ("q",))
    for (name, upper), doc in zip((("ppf", False), ("isf", True)), docs):
        def method(*args, _name=f"{cls.__name__}.{name}", _upper=upper, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            return quantile(_name, *bound.args, _upper)
        setattr(method, "__signature__", signature)
        method.__doc__ = _doc(cls, *doc)
        _method(cls, name)(_quiet(method))


def _bernoulli_number(k):
    """B_k (B_1 = -1/2), exact, for k <= 20."""
    if k < 2:
        return Fraction(1) if k == 0 else Fraction(-1, 2)
    return Fraction(0) if k % 2 else BERNOULLI_2K[k // 2 - 1]


@functools.lru_cache(maxsize=None)
def _log_gamma_ratio_series(h):
    """``c_n``, n = 0..19: ``log gamma(a + h) - log gamma(a) - h log a = sum c_n / a^n`` as ``a``
    grows, ``c_n = (-1)^(n+1) (B_(n+1)(h) - B_(n+1)) / (n (n+1))`` (B the Bernoulli polynomials and
    numbers; exact for a half-integer h, then rounded once)."""
    h = Fraction(h)

    def bernoulli_polynomial(m):
        return sum(math.comb(m, k) * _bernoulli_number(k) * h ** (m - k) for k in range(m + 1))
    return [0.0] + [float((-1) ** (n + 1) * (bernoulli_polynomial(n + 1) - _bernoulli_number(n + 1)) / (n * (n + 1)))
                    for n in range(1, 20)]


def _log_gamma_ratio(a, h):
    """``log gamma(a + h) - log gamma(a) - h log a`` (Var-aware in ``a``; ``h > 0`` a plain number):
    about ``h (h - 1) / (2a)`` for large ``a``, so the difference of the two gammaln (each about
    ``a log a``) lost all its digits there (t.logpdf at df = 1e15 was a factor 3.9 off, its
    d/d df 1e16). From ``a = max(10, 10 h)`` the series in ``1/a`` (its terms fall by ``h/a`` and
    by ``(2 pi a)^-2``: below 1e-17 of the sum by the 20th), from 1 through Stirling's betaln
    (``gammaln(h) - betaln(a, h) - h log a``: within 1.5e-13 at h = 50), below 1 as ``gammaln(a + h) -
    gammaln(1 + a) + (1 - h) log a`` (``gamma(a) = gamma(1 + a) / a``: betaln's second derivative in a tiny a was
    ``trigamma(a) - trigamma(a + h)`` against ``h / a^2``, inf - inf from a = 1e-154 on: d2/d df2 of
    t.logpdf(1, 1e-300) was NaN for -1e600)."""
    series = _log_gamma_ratio_series(h)

    def below(a):
        return _piecewise(a, np.asarray(_plain(a), dtype=float) < 1.0,
                          lambda a: float(sc.gammaln(h)) - log_beta(a, h) - h * np.log(a),
                          lambda a: sc.gammaln(a + h) - sc.gammaln(1.0 + a) + _times_log(1.0 - h, a), 2.0, 0.5)
    # (float32 stays float32: SciPy < 1.18's betaln has no float32 loop)
    return _in_dtype_of(_piecewise(a, np.asarray(_plain(a), dtype=float) >= max(10.0, 10.0 * h), below,
                                   lambda a: polynomial(1.0 / a, series), 1.0, 1e300), a)


def _times_log(k, a):
    """``k log(a)`` for a plain ``k``, 0 without ``log(a)`` at ``k = 0`` (forward mode took 0 times log's second
    derivative, -1 / a^2 = -inf at a tiny a: NaN)."""
    return k * np.log(a) if k != 0 else 0.0 * a


def _scaled_squares(w, axis=None, where=True):
    """``(m, e)``: ``w^2`` (summed over ``axis`` if given) as ``m 4^e``, ``e`` plain whole exponents: 0 where the
    plain sum is finite or ``where`` (a plain mask) is not, elsewhere (the sum overflows: from ``|w| = 1.3e154``
    on in float64) those of the largest ``|w|``, which ``w 2^-e`` divides exactly. A log of the square is then
    finite (:func:`_t_log_kernel`: multivariate_t.logpdf and t.logpdf at ``x = 1e155`` were ``-inf``)."""
    pw = np.asarray(_plain(w))
    pw = pw if pw.dtype.kind == "f" else pw.astype(float)
    with np.errstate(over="ignore", invalid="ignore"):
        squares = pw * pw if axis is None else np.sum(pw * pw, axis=axis)
    big = np.isinf(squares) & (np.isfinite(pw) if axis is None else np.all(np.isfinite(pw), axis=axis)) & where
    if not np.any(big):
        return (w * w if axis is None else np.sum(w * w, axis=axis)), 0
    largest = np.abs(pw) if axis is None else np.max(np.abs(pw), axis=axis)
    e = np.where(big, np.frexp(np.where(big, largest, 1.0))[1], 0)
    scaled = w * np.ldexp(np.ones((), pw.dtype), -(e if axis is None else np.expand_dims(e, axis)))
    return (scaled * scaled if axis is None else np.sum(scaled * scaled, axis=axis)), e




# -- more distributions (jax.scipy.stats' set), quantiles and survival functions ----
# Each is written with differentiable calls, as above; the support is handled by
# _on_support (the density or cdf evaluated inside only, so no NaN reaches the gradient).

def _log1mexp(x):
    """``log(1 - exp(x))`` for ``x <= 0``, accurate at both ends."""
    near = _plain(x) > -0.6931471805599453
    return np.where(near, np.log(-np.expm1(np.where(near, x, -1.0))),
                    np.log1p(-np.exp(np.where(near, -1.0, x))))


def _over_power(numerator, z, k):
    """``numerator / z**k`` for plain ``z > 0`` and a whole ``k >= 1``, with ``z = m 2^e``
    scaled exactly (``ldexp``): no overflow of ``z**k`` or ``1 / z**k`` alone, so the quotient
    is finite wherever it is (and its infinities have the numerator's sign)."""
    m, e = np.frexp(z)
    with np.errstate(over="ignore", under="ignore"):
        return np.ldexp(numerator / m ** k, -k * e)


def _z_derivatives(name, numerator, power, in_shape):
    """The derivatives in z (``n >= 1``) of a log density whose terms overflow apart near
    z = 0 (``-(a + 1) log z - 1/z``: ``(a + 1) / z^2 - 2 / z^3`` was inf - inf = NaN below
    z = 1.5e-154): a primitive ``d(z, p, n=n)``, ``numerator(n, z, p) / z**power(n)`` through
    :func:`_over_power`, whose derivative in z is ``d(z, p, n=n + 1)`` and in the shape ``p``
    ``in_shape(n, z, p)`` (differentiable NumPy). ``z`` and ``p`` plain in ``numerator``."""
    def value(z, p, n=1):
        z = np.asarray(z, dtype=float)
        return _over_power(numerator(n, z, np.asarray(p, dtype=float)), z, power(n))[()]
    value.__name__ = value.__qualname__ = f"_{name.rsplit('.', 1)[-1]}_z_derivative"
    prim = OwnPrimitive(value, name=name, reenters="any")
    _def_partials(prim, lambda z, p, n=1: prim(z, p, n=n + 1), lambda z, p, n=1: in_shape(n, z, p))
    return prim


_TINY_NORMAL = np.finfo(float).tiny
#: the smallest positive float (a subnormal one)
_SMALLEST_SUBNORMAL = float(np.nextafter(0.0, 1.0))


def _log_power_dz_value(z, c, g=1.0, h=1.0, n=1):
    z, c, g, h = (np.asarray(v, dtype=float) for v in (z, c, g, h))
    z = z + 0.0  # (-0.0 as +0.0: log z's end is approached from above, weibull_max's loc - x at x = loc = -0.0)
    # (n <= 2, where every step is a normal number or a zero factor's exact 0: the plain quotient rounds as the scaled one, the
    # same products and quotient, scaled by powers of 2; frexp and ldexp only where a step under- or overflows)
    with np.errstate(all="ignore"):
        zn = z ** n
        steps = [c * g, c * g * h, (-1.0) ** (n - 1) * math.factorial(n - 1) * (c * g * h)]
        direct = steps[-1] / zn
    zero = (c == 0) | (g == 0) | (h == 0)
    if n <= 2 and np.all((np.abs(zn) >= _TINY_NORMAL) & (np.abs(zn) < np.inf) & functools.reduce(np.logical_and, [
            ((np.abs(v) >= _TINY_NORMAL) & (np.abs(v) < np.inf)) | ((v == 0) & zero) for v in steps + [direct]])
            & ~(np.isnan(c) | np.isnan(g) | np.isnan(h))):
        return (np.where(zero, 0.0, direct) if np.any(zero) else direct)[()]  # (+0, as below)
    (mz, ez), (mc, ec), (mg, eg), (mh, eh) = (np.frexp(v) for v in (z, c, g, h))
    # (a zero factor: 0, a tangent's as times_tangent's, at z = 0 and beside an infinite factor too; NaN stays NaN)
    zero = ((c == 0) | (g == 0) | (h == 0)) & ~(np.isnan(z) | np.isnan(c) | np.isnan(g) | np.isnan(h))
    if not np.any(zero):
        with np.errstate(over="ignore", under="ignore", divide="ignore"):  # (z = 0, an end: +-inf, _xlog_z)
            return np.ldexp((-1.0) ** (n - 1) * math.factorial(n - 1) * (mc * mg * mh) / mz ** n,
                            ec + eg + eh - n * ez)[()]
    return np.where(zero, 0.0, _log_power_dz_value(*(np.where(zero, 1.0, v) for v in (z, c, g, h)), n=n))[()]


#: d^n/dz^n (c log z) = (-1)^(n - 1) (n - 1)! c / z^n, times the factors g and h (cotangents or tangents): ``c g h /
#: z^n`` from the mantissas and the exponents of z, c, g and h apart (frexp, ldexp), so that a huge cotangent meets a
#: tiny partial inside the one rounding: as ``h * (c g / z^2)`` the second derivative of log z underflowed (u^2
#: overflowed) before it met a tangent of size u (pareto.logpdf(1e300 p, 2)'s d2/dp2 0 for 3; 1e-300 p overflowed).
#: Its derivatives are such quotients again, each with the new cotangent or tangent as a factor (in z: n + 1)
_LOG_POWER_DZ: Primitive = OwnPrimitive(  # (typed: _LOG_STANDARDIZED, above, names it first)
    _log_power_dz_value, name="wengert.scipy.stats (d/dz c log z)", reenters="any")
_LOG_POWER = OwnPrimitive(lambda z, c: c * np.log(z), name="wengert.scipy.stats (c log z)", reenters="any")

#: Below this ``u``, ``log(1 - exp(-u))`` is ``log u`` plus its series (_log1mexp_power; 10 terms,
#: the last below 1e-22 of the sum here): above 1e-3 too, where the closed form's second derivative in
#: c is a difference of terms ``(log z)^2`` (weibull_min.logcdf at z = 0.05, c = 2: 1.7e-13 relative off)
_SMALL_U = 0.5


def _power_second_overflows(z, c):
    """Where ``c (c - 1) z^(c - 2)``, the second derivative of ``z^c``, overflows (or is NaN): a plain mask of z's
    and c's broadcast shape, where a form that differentiates ``z^c`` apart from ``c log z`` would add infinities.

    >>> _power_second_overflows(np.array([1e-300, 0.5]), 0.7).tolist()
    [True, False]
    """
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return np.broadcast_to(~(np.abs(pc * (pc - 1.0)) * pz ** (pc - 2.0) < 1e300),
                               np.broadcast_shapes(pz.shape, pc.shape))


def _log1mexp_power(z, c, k=1.0, log1p_power=False, log_z=None, power_z=None, log_k=None):
    """``log(1 - exp(-k z^c))`` for ``z > 0`` (``c``, ``k`` > 0): where ``u = k z^c < _SMALL_U``,
    ``log k + c log z + h(u)``, ``h(u) = log((1 - e^-u) / u) = -u/2 + u^2/24 - u^4/2880 ...``
    (:func:`_log_expm1_ratio`), with ``c log z`` one primitive (:data:`_LOG_POWER`). Through
    ``log1mexp(-u)`` the second derivative in z was ``L''(u) u'^2 + L'(u) u''``, two terms of order
    ``1 / z^2`` with opposite signs (inf - inf = NaN below z = 1.5e-154 for rayleigh.logcdf and
    weibull_min.logcdf at c = 2, the truth -2/z^2 = -inf; -inf for -3e200 at c = 3, z = 1e-100).

    ``log1p_power``: ``log(1 - exp(-k log1p(z^c)))`` = ``log(1 - (1 + z^c)^-k)`` instead (burr12's
    lower tail), the same with ``w = k z^c r``, ``r = log1p(z^c) / z^c`` (its series) and ``log r``
    added (6e-13 relative off mpmath through the closed form at z = 0.02, c = 2, k = 3).

    ``log_z``: :func:`_log_of_z`'s, for ``c log z`` as ``c log_z(z)``, whose derivatives in x and in scale are apart;
    then below u = 1e-17 the z-derivatives of ``-k z^c / 2`` are kept (its share of d2/dx dscale, ``k c^2 z^(c - 1) /
    2``, is the whole of it: expon.logcdf(x, 0, s) at x = 1e-200 was 0.0, the truth 0.5), dropped only where its second
    one overflows (``c (c - 1) z^(c - 2)``, for c < 2). ``power_z`` (:func:`_power_of_z`'s, with ``log_z``): ``z^c``
    with its derivatives in x and in scale apart, in the series and below u = 1e-17 (fisk.logcdf(x, 3)'s d2/dx dscale at
    x = 1e-8 was -5.96e-8, the truth 9e-16, through z^c's z-derivatives). ``log_k``: ``log k`` where the caller has it
    apart (mielke's ``log k - log s`` of ``k / s``: through ``log(k / s)`` d2/dk ds of the log sf's ``-(k / s + 1) z^-s
    / 2`` was absorbed in ``1 / k``'s cotangent and cancelled, 0 for 2.4e-19 at mielke.logsf(1.5e20, 2, 1, 0, 1.5))."""
    z_power = np.power if power_z is None else power_z
    with np.errstate(over="ignore", under="ignore"):
        power = np.power(_plain(z), _plain(c))
    u = k * power
    small, tiny = (u < _SMALL_U) & (power < 0.5) if log1p_power else u < _SMALL_U, u < 1e-17
    # (a plain k's log as a Python float: np.log(1.0), a float64 scalar, made float32 results float64)
    if log_k is None:
        log_k = math.log(k) if isinstance(k, (int, float)) else np.log(k)

    def c_log_z(z):
        return _LOG_POWER(z, c) if log_z is None else log_z(z, c)

    def series(z):
        lead = _overflowing_power_leads(z, c, below=1e-2 if log1p_power else np.inf)
        fisk = log1p_power and isinstance(k, float) and k == 1.0  # (log(1 - 1 / (1 + w)) = log w - log1p(w))
        if power_z is None or not np.any(lead):
            return series_apart(z)
        if log1p_power and not fisk:
            # (where also k z^c < 1e-2, c log z + log((1 - (1 + z^c)^-k) / (k z^c)) as one primitive
            # (_LOG_PLUS_BURR, e = c, b = k): through z^c apart, d2/dx2 met -c / z^2 and z^c's c (c - 1) z^(c - 2)
            # overflowing apart, burr12.logcdf(1e-300, 0.05, 2)'s NaN, the truth -inf)
            with np.errstate(over="ignore", under="ignore"):
                lead = lead & (np.asarray(_plain(k)) * np.power(np.asarray(_plain(z), dtype=float),
                                                                np.asarray(_plain(c), dtype=float)) < 1e-2)
            if not np.any(lead):
                return series_apart(z)
            return _piecewise(z, lead, series_apart, lambda z: power_z(z, c, terms=_LOG_PLUS_BURR, e=c, b=k) + log_k,
                              end, 1e-300)
        if fisk:  # (as below, c log z - log1p(z^c), _LOG_PLUS_LOG1P: fisk.logcdf(1e-300, 0.05)'s Hessian warned)
            return _piecewise(z, lead, series_apart, lambda z: power_z(z, c, terms=_LOG_PLUS_LOG1P, e=c, b=-1.0),
                              end, 1e-300)
        # (where c (c - 1) z^(c - 2) overflows, for c < 1, c log z + h(k z^c) as one primitive (_LOG_PLUS_H): through
        # z^c's z-derivatives the Hessian of weibull_min.logcdf(x, 0.05, 0, s) at (1e-300, 1) was [[nan, -inf], [-inf,
        # inf]] with overflow warnings, the truth [[-inf, 1.25e282], [1.25e282, 0.05]])
        return _piecewise(z, lead, series_apart, lambda z: power_z(z, c, terms=_LOG_PLUS_H, e=c, b=k) + log_k,
                          end, 1e-300)

    def series_apart(z):
        w = k * z_power(z, c)
        out = c_log_z(z) + log_k
        if log1p_power:
            r = polynomial(z_power(z, c), _LOG1P_RATIO_SERIES)
            w, out = w * r, out + np.log(r)
        return out + _log_expm1_ratio(w)

    def logged(z):  # below u = 1e-17 h(u) = -u/2 to rounding; its derivatives in z are below rounding
        # (relative u to c log z's) and are dropped (its second, of order z^(c - 2), overflowed apart
        # from c log z's at c = 0.5, z = 1e-300); in c they are kept, the whole of d2/dc2 (c log z is
        # linear in c: it was 0 at z = 1e-300, c = 0.5, the truth -2.4e-145). (log r: -z^c / 2 too.)
        half_k = 0.5 * (k + 1.0 if log1p_power else k)

        def dropped(z):
            return _LOG_POWER(z, c) + log_k - half_k * np.power(stop_gradient(z), c)
        if log_z is None:
            return dropped(z)
        # (with log_z, the power's z-derivatives are kept: they are the whole of d2/dx dscale; where its second
        # overflows, with power_z c log z - half_k z^c as one primitive (_LOG_PLUS_POWER: its d2/dx2, -c / x^2 and
        # half_k c (1 - c) z^(c - 2) / scale^2 apart, was inf - inf; fisk.logcdf(1e-300, 0.7)'s d2/dx dscale inf, the
        # truth 4.9e89), without it dropped as before, with c log z through z: there d2/dx dscale is inf, not a silent
        # 0, weibull_min.logcdf(1e-250, 0.5)'s, the truth 1.25e124)
        overflows = _power_second_overflows(z, c)
        if power_z is not None:
            dropped = lambda z: power_z(z, c, terms=_LOG_PLUS_POWER, e=c, b=-half_k) + log_k  # noqa: E731
        return _piecewise(z, overflows, lambda z: c_log_z(z) + log_k - half_k * z_power(z, c), dropped, 1e-20, 1e-20)
    # (the stand-in where z^c is small: 1e-3 for a positive c, 1e3 for a negative one, invweibull's and burr's z^-c: at
    # 1e-3 their series' w = 1e3^-c overflowed, and its zero cotangent made d/dc NaN at invweibull.logsf(50, 40))
    end = 1e-3 if np.all(np.asarray(_plain(c)) > 0) else 1e3
    return _piecewise(z, small, lambda z: _log1mexp(-k * (_log1p_power(z, c, log_z=log_z) if log1p_power
                                                          else np.power(z, c))),
                      lambda z: _piecewise(z, tiny, series, logged, end, end),
                      1.0, end)


#: h(w) = log((1 - e^-w) / w) = -w/2 + sum_k B_2k w^2k / (2k (2k)!), k = 1..10: its coefficients of
#: w^2k (the last term below 1e-22 of the sum at w = 1/2), from the exact B_2k
_LOG_EXPM1_RATIO = [float(b / (2 * k * math.factorial(2 * k))) for k, b in enumerate(BERNOULLI_2K, 1)]
#: ``e log z + h(b z^c)`` (its series, w = z^c <= 1/2 / b) as :data:`_Z_TERMS`'s terms (``b^j h_j z^(j c)``)
_LOG_PLUS_H = ((((0, 0, 1, 0, 0, 1, 0), 1.0), ((1, 0, 0, 0, 0, 0, 1), -0.5))
               + tuple(((2 * i, 0, 0, 0, 0, 0, 2 * i), r) for i, r in enumerate(_LOG_EXPM1_RATIO, 1)))


def _burr_log_ratio_series(order):
    """The coefficients ``q_j(k)`` of ``log((1 - (1 + w)^-k) / (k w)) = sum_j q_j(k) w^j``, j = 1..order, exact, each
    as {power of k: Fraction}: the log of ``1 + sum_j a_j w^j``, ``a_j = (-1)^j (k + 1) ... (k + j) / (j + 1)!``, by
    ``q_j = a_j - sum_i i q_i a_(j-i) / j``."""
    a = [{0: Fraction(1)}]
    for j in range(1, order + 1):  # a_j = -a_(j-1) (k + j) / (j + 1)
        a.append({})
        for power, r in a[j - 1].items():
            for p, f in ((power + 1, -r / (j + 1)), (power, -r * j / (j + 1))):
                a[j][p] = a[j].get(p, 0) + f
    q: list = [{}]
    for j in range(1, order + 1):
        out = dict(a[j])
        for i in range(1, j):
            for p1, r1 in q[i].items():
                for p2, r2 in a[j - i].items():
                    out[p1 + p2] = out.get(p1 + p2, 0) - Fraction(i, j) * r1 * r2
        q.append({p: r for p, r in out.items() if r})
    return q[1:]


#: ``e log z + log((1 - (1 + z^c)^-b) / (b z^c))`` for ``z^c`` and ``b z^c < 1e-2`` (burr12's log cdf less ``log b``,
#: with ``e = c``) as :data:`_Z_TERMS`'s terms, its series to ``z^(8 c)`` (the next term below 1e-18 of the first)
_LOG_PLUS_BURR = (((0, 0, 1, 0, 0, 1, 0), 1.0),) + tuple(
    ((j, 0, 0, 0, 0, 0, power), float(r)) for j, q in enumerate(_burr_log_ratio_series(8), 1)
    for power, r in sorted(q.items()))


def _log_expm1_ratio(w, tiny=False):
    """``log((1 - exp(-w)) / w)`` for ``|w| <= 1/2``, as its series: through ``log1mexp(-w) - log(w)``
    its derivatives are differences of terms ``1/w^n``. ``tiny``: ``-w/2`` where ``|w| < 1e-17`` (the rest is
    below rounding there, relative ``w``, and so are its derivatives where ``w`` is a power ``z^c``, c != 1), for
    ``w = z^c`` near z = 0: through ``w * w`` the second derivative of ``w^2``, ``2 w'^2 + 2 w w''``, met ``w''``
    overflowed first (``c (c - 1) z^(c - 2)`` = -inf at z = 1e-300, c = 1/2: -inf for the truth 0), and the
    series' terms of both signs gave inf - inf = NaN (forward over forward of exponweib.pdf(1e-300, 2, 0.5))."""
    if tiny:
        return _piecewise(w, np.abs(_plain(w)) < 1e-17, _log_expm1_ratio, lambda w: -0.5 * w, 0.25, 0.0)
    return w * (-0.5 + w * polynomial(w * w, _LOG_EXPM1_RATIO))


def _log1p_power(z, c, power_z=None, log_z=None):
    """``log1p(z^c)`` for ``z >= 0``, as ``c log z + log1p(z^-c)`` above ``z = 1`` (``z^c``
    overflows there from ``c log z = 710`` on: burr12.logsf(1e200, 4.0, 1.0) is ``-inf`` in
    SciPy, -1842.07 here); for a negative ``c`` (burr's ``log1p(z^-c)``), below ``z = 1``, through
    :func:`_log_and_log1p_power` (its z-derivatives exact near 0). ``log_z`` (:func:`_log_of_z`'s): above ``z = 1``
    a function of ``L = c log z`` (:func:`_log1p_exp`; ``log1p(exp(L))`` for a negative c), whose derivatives in x and
    in scale are L's, apart (through z burr12.logsf's d2/dx dscale far out was two terms ``1 / (x scale)`` apart: 3e-36
    at x = 1e20, the truth 4.5e-80; 1.5e-300 at 1e300 for 0)."""
    big = (_plain(z) > 1.0) == (np.asarray(_plain(c)) > 0)
    if np.all(np.asarray(_plain(c)) < 0):
        # (z^c itself from _power_of_z where given: exp(c log z) kept exp's rounding, 1e-14 relative at c log z = -345)
        return _piecewise(z, big, (lambda z: np.log1p(np.power(z, c))) if log_z is None else (
            lambda z: np.log1p(np.exp(c * log_z(z)))) if power_z is None else (lambda z: np.log1p(power_z(z, c))),
            lambda z: _log_and_log1p_power(z, c, 1.0, -c, log_z, power_z), 0.5, 0.5)
    power = np.power if power_z is None else power_z  # (:func:`_power_of_z`'s below z = 1)
    return _piecewise(z, big, lambda z: np.log1p(power(z, c)), (
        lambda z: c * np.log(z) + np.log1p(np.power(z, -c))) if log_z is None else (
        lambda z: _log1p_exp(c * log_z(z))), 0.5, 2.0)


#: Where the z-derivatives of ``b log1p(z^c)`` are below this part of ``e log z``'s (their ratio is at most of the
#: order ``|b / e| (1 + c)^2 (1 + c |log z|) z^c`` at first and second order), they are dropped
_BELOW_ROUNDING = 2.0 ** -60


def _log_and_log1p_power(z, e, b, c, log_z=None, power_z=None):
    """``e log z + b log1p(z^c)`` for ``0 < z <= 1``, ``c > 0`` (burr's log kernel and log cdf near 0, mielke's and
    kappa3's). Where ``z^c`` is so small that the z-derivatives of the second term are below rounding beside the
    first's (``_BELOW_ROUNDING``; ``e != 0``), ``e log z`` is one primitive (:data:`_LOG_POWER`: ``e / z^2`` without
    overflow where it is finite) and the second term's derivatives in z are dropped (in the shapes kept, with d2/dc2
    the whole of its own): through the sum the second derivative was ``-e / z^2 + b c (c - 1) z^(c - 2)``, both terms
    overflowing apart with opposite signs (NaN at z = 1e-300 for c < 0.97: burr.logcdf at c = 0.5, mielke.logpdf at
    k = 2, s = 0.5; the truth -inf). ``log_z`` and ``power_z`` (:func:`_log_of_z`, :func:`_power_of_z`): ``log z`` and
    ``z^c`` with their derivatives in x and in scale apart, and the second term's z-derivatives kept where ``c (c - 1)
    z^(c - 2)`` does not overflow (they are the whole of d2/dx dscale: burr.logpdf(1e-8, 2, 3)'s was 1.19e-7 through
    z, the truth 1.6e-7; mielke.logpdf(1e-8, 2, 3)'s -1.49e-8 for 1.5e-15)."""
    pz, pe, pb, pc = (np.asarray(_plain(v), dtype=float) for v in (z, e, b, c))
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        u = np.power(pz, pc)
        drop = (pz > 0) & (pe != 0) & (np.abs(pb) * u * (1.0 + pc) ** 2 * (1.0 + pc * np.abs(np.log(pz)))
                                       < _BELOW_ROUNDING * np.abs(pe))
    drop = np.broadcast_to(drop, np.broadcast_shapes(pz.shape, pe.shape, pb.shape, pc.shape))

    def whole(z, e, b, c):
        if log_z is not None:
            return _xlog_z(e, z, log_z) + b * np.log1p((np.power if power_z is None else power_z)(z, c))
        return sc.xlogy(e, z) + b * np.log1p(np.power(z, c))

    def leading(z, e, b, c):
        return _LOG_POWER(z, e) + b * np.log1p(np.power(stop_gradient(z), c))
    if log_z is not None and power_z is not None:
        kept = drop & ~_power_second_overflows(pz, pc)
        if np.any(kept):  # (as whole's, with log z and z^c apart in x and scale)
            drop = drop & ~kept
        # (and where z^c < 1e-2 and its second derivative overflows, not only where it is below rounding: at c = 0.05
        # burr.logcdf(1e-300, 0.05, 2)'s Hessian warned of an overflow through log1p(z^c)'s (c z^(c - 1))^2)
        drop = drop | _overflowing_power_leads(z, c, below=1e-2)

        def leading(z, e, b, c):
            # (where c (c - 1) z^(c - 2) overflows, e log z + b log1p(z^c) as one primitive, _LOG_PLUS_LOG1P: through
            # leading's z alone d2/dx dscale was inf, burr.logcdf(1e-300, 0.7, 2)'s, the truth 9.8e89; with the two
            # terms apart d2/dx2 inf - inf)
            return power_z(z, c, terms=_LOG_PLUS_LOG1P, e=e, b=b)
    return _two_forms(drop, whole, leading, (z, e, b, c), (0.5, 1.0, 1.0, 1.0), (1e-300, 1.0, 1.0, 1.0))


_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


def _exp_ndtri_value(p, s, g=1.0, h=1.0, n=0, terms=(((0, 0), 1.0),)):
    """``g h sum r s^a u^b exp(s u + n u^2 / 2) (2 pi)^(n / 2)`` over ``terms = (((a, b), r), ...)``, ``u = ndtri(p)``:
    the product from its log, g's and h's logs in it (the exponential overflows where the product need not, and two
    tangents' g h underflowed: d2/dt2 of lognorm.ppf(1e-300 t, 1) forward over forward was 0, the tangents 1e-300
    multiplied first, the truth -2.13e-18), 0 where a factor is 0."""
    p, s, g, h = (np.asarray(v, dtype=float) for v in (p, s, g, h))
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        u = sc.ndtri(p)
        poly = sum(r * s ** a * u ** b for (a, b), r in terms) + np.zeros(np.broadcast(p, s, g, h).shape)
        exponent = s * u + n * (0.5 * u * u + _LOG_SQRT_2PI) if n else s * u  # (at u = +-inf: 0 * inf)
        out = np.sign(poly) * np.sign(g) * np.sign(h) * np.exp(
            np.log(np.abs(poly)) + np.log(np.abs(g)) + np.log(np.abs(h)) + exponent)
    return np.where((poly == 0) | (g == 0) | (h == 0), 0.0, out)[()]
#: ``exp(s ndtri(p))`` (``p`` in (0, 1)), a quantile of lognorm and powerlognorm, one primitive whose partials are such
#: sums again, each times its tangent inside one exponential (:func:`_def_tangent_factors`): through exp and ndtri
#: d2/dp2, ``z s (s + u) / pdf(u)^2``, was ``z s^2 / pdf^2`` and ``z s u / pdf^2`` overflowing apart, inf - inf
#: (lognorm.ppf(1e-300, 1)'s and powerlognorm.ppf(1e-300, 2, 1)'s NaN, the truth -inf), and an overflowed partial
#: times a tiny tangent is its finite product (powerlognorm's d2/dc2 there, -p'' and p'^2 of order 1e-600)
_EXP_NDTRI = OwnPrimitive(_exp_ndtri_value, name="wengert.scipy.stats exp(s ndtri(p))", reenters="any")


def _exp_ndtri_split_value(a, m, s, g=1.0, h=1.0, terms=(((0, 0, 0, 0, 0), 1.0),)):
    """``g h sum r s^al u^be a^i e^(j m) exp(s u + n u^2 / 2) (2 pi)^(n / 2)`` over ``terms = (((al, be, i, j, n), r),
    ...)`` (``n = j``: each d/dp brings one e^m), ``u = ndtri(a e^m)`` (``a > 0``): as ``a^(i - j) R^j e^(s u)``, ``R =
    ndtr(u) / pdf(u)`` from erfcx (``log p + u^2 / 2`` cancelled to 1e-13), the powers of a, g and h by their binary
    exponents apart (``log a`` of -690 rounds 1e-13); the (i, j) groups' sum as :func:`_finite_sum`'s."""
    a, m, s, g, h = (np.asarray(v, dtype=float) for v in (a, m, s, g, h))
    shape = np.broadcast(a, m, s, g, h).shape
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        u = ndtri_exp(np.log(a) + m)
        log_ratio = np.log(math.sqrt(0.5 * math.pi) * sc.erfcx(-u / math.sqrt(2.0)))
        (ma, ea), (mg, eg), (mh, eh) = np.frexp(a), np.frexp(g), np.frexp(h)
        groups = {}
        for (al, be, i, j, n), r in terms:
            assert n == j, "exp(s ndtri(a e^m))'s terms have n = j"
            groups[i, j] = groups.get((i, j), 0.0) + r * s ** al * u ** be
        values, logs = [], []
        for (i, j), poly in groups.items():
            sign = np.sign(poly) * np.sign(mg) * np.sign(mh) + np.zeros(shape)
            t = (np.log(np.abs(poly)) + ((i - j) * np.log(ma) if i != j else 0.0) + np.log(np.abs(mg))
                 + np.log(np.abs(mh)) + s * u + (j * log_ratio if j else 0.0))  # (0 log 0 at a = 0 was NaN)
            e2 = (i - j) * ea + eg + eh
            finite = np.isfinite(t)
            k = np.where(finite, np.rint(t / _LOG_2), 0.0)
            value = np.where(finite, np.ldexp(np.exp(np.where(finite, t - k * _LOG_2, 0.0)),
                                              (e2 + k).astype(np.int64)), np.exp(t))
            zero = (poly == 0) | (g == 0) | (h == 0)
            values.append(np.where(zero, 0.0, sign * value))
            logs.append((np.where(zero, 0.0, sign), np.where(zero, -np.inf, t + e2 * _LOG_2)))
        if not values:
            return np.zeros(shape)[()]
        return _finite_sum(values, logs, shape)
#: ``exp(s ndtri(a e^m))``, ``a > 0``, powerlognorm's quantile near its lower end (``a`` of the size of q, ``m`` of c's
#: log): one primitive whose partials are such sums again, each times its tangent inside one exponential. Through ``p =
#: a e^m`` (:data:`_EXP_NDTRI`) d/dp overflowed beside dp/dc tiny in the paths that mix reverse and forward mode
#: (powerlognorm.ppf(1e-300, 2, 1, 0, 1.5)'s d2/dq dc +inf, the truth -4.47e280), and through ``log p`` d2/dq2 was
#: inf - inf (``x'' (log p)'^2`` and ``x' (log p)''`` overflowing apart, the truth -inf)
_EXP_NDTRI_SPLIT = OwnPrimitive(_exp_ndtri_split_value, name="wengert.scipy.stats exp(s ndtri(a e^m))", reenters="any")


#: Below this ``(b - a) (1 + max(|a|, |b|))`` the normal mass over [a, b] is its series about the middle
#: (:func:`_log_gauss_mass`; its terms to k = 7, the next below 1e-20 of the sum): above it, the difference of the
#: ends' log_ndtr (or of their ndtr) loses eps / (b - a) (from 1e-4, where this was: truncnorm.logcdf(3.03e-5, 0,
#: 1.01e-4) 9e-13 relative off, 2.8e-13 at (3e-4, 0, 1e-3))
_NARROW_GAUSS = 0.5


def _log_gauss_mass(a, b, width=None):
    """``log(ndtr(b) - ndtr(a))`` for ``a <= b`` (``width``: ``b - a`` where it is known exactly, alpha's ``1 / z``
    beside ``a - 1 / z``, whose difference lost it), accurate in both tails and in the middle
    (the case analysis of SciPy's truncnorm: each branch evaluated only where it is used). Where the interval is
    narrow (``(b - a) (1 + max(|a|, |b|)) < _NARROW_GAUSS``) ``(b - a) phi(m) sum_k He_2k(m) p^2k / (2k + 1)!`` about
    the middle m, ``p = (b - a) / 2`` (``He`` Hermite's polynomials, ``p^n He_n(m)`` by their recurrence in ``p m`` and
    ``p^2``: no overflow of ``m^2``): the difference of the ends' log_ndtr lost it, 0 for (-1e-300, 0), and the log was
    -inf (truncnorm.logcdf(0, -1e-300, 2): -690.96; SciPy's -36.59 is off too)."""
    pa, pb = _plain(a), _plain(b)
    pw = pb - pa if width is None else _plain(width)
    with np.errstate(invalid="ignore", over="ignore"):
        narrow = (pw > 0) & (pw * (1.0 + np.maximum(np.abs(pa), np.abs(pb))) < _NARROW_GAUSS)
    left, right = (pb <= 0) & ~narrow, (pa >= 0) & ~narrow
    middle = ~(left | right | narrow)
    safe = lambda mask, v, fill: np.where(mask, v, fill)  # noqa: E731
    la, lb = safe(left, a, -1.0), safe(left, b, -0.5)
    ra, rb = safe(right, a, 0.5), safe(right, b, 1.0)
    ma, mb = safe(middle, a, -1.0), safe(middle, b, 1.0)
    with np.errstate(divide="ignore"):
        in_left = sc.log_ndtr(lb) + _log1mexp(sc.log_ndtr(la) - sc.log_ndtr(lb))
        in_right = sc.log_ndtr(-ra) + _log1mexp(sc.log_ndtr(-rb) - sc.log_ndtr(-ra))
    in_middle = np.log1p(-sc.ndtr(ma) - sc.ndtr(-mb))
    wide = np.where(left, in_left, np.where(right, in_right, in_middle))
    if not np.any(narrow):
        return wide
    na, nb = safe(narrow, a, 0.0), safe(narrow, b, 1e-5)
    width, m = (nb - na if width is None else safe(narrow, width, 1e-5)), 0.5 * na + 0.5 * nb
    in_narrow = np.log(width) - 0.5 * m * m - 0.5 * _LOG_2PI + np.log1p(_gauss_narrow_rest(0.5 * width, m))
    return np.where(narrow, in_narrow, wide)


def _gauss_narrow_rest(half, m):
    """``sum_k>=1 He_2k(m) p^2k / (2k + 1)!`` (``p = half``): ``ndtr(m + p) - ndtr(m - p) = 2 p phi(m) (1 + it)``
    (``p^n He_n(m)`` by their recurrence in ``p m`` and ``p^2``)."""
    q, r = half * m, half * half
    low, high, rest = 1.0, q, 0.0  # p^(n - 1) He_(n - 1)(m), p^n He_n(m)
    for n in range(1, 15):
        low, high = high, q * high - n * r * low
        if n % 2:  # (high: p^(n + 1) He_(n + 1)(m), n + 1 even)
            rest = rest + high / math.factorial(n + 2)
    return rest


# -- the tails, log cdfs and quantiles of gamma, chi2, beta and t; gumbel_r,
# gumbel_l, halfnorm, wrapcauchy, gennorm, betabinom (each written with differentiable calls,
# as above; shape parameters that gammainc, betainc and stdtr do not differentiate refused) ---


def _tail(fn, other, log, log_fn=None, plain_fn=None):
    """``fn`` (a cdf or sf of z), or its logarithm, accurate where it is near 1 as well:
    there ``log1p(-other(z))`` (``other``: the complementary function), elsewhere
    ``log(fn(z))`` (``-inf`` where it is 0, without NumPy's warning), or ``log_fn(z)`` where
    given (a logarithm that stays finite where ``fn`` underflows). Each is evaluated only
    where it is used (the other points get a constant), so no infinity reaches a gradient.
    ``plain_fn``: ``fn`` with its shape parameters plain, for choosing the form (forward mode
    computes a tangent as a function runs: ``fn`` at a plain z with a traced df computed, or
    refused, its derivative in df, where the form chosen did not need it; t.logcdf(-1e5, 2000)
    was refused in forward mode, answered in reverse)."""
    if not log:
        return fn
    decide = fn if plain_fn is None else plain_fn

    def logged(z):
        near_one = _plain(decide(_plain(z))) > 0.5  # plain values (a guard under wengert.jit; a traced shape too)
        with np.errstate(divide="ignore"):
            if not np.any(near_one):
                return np.log(fn(z)) if log_fn is None else log_fn(z)
            if np.all(near_one):
                return np.log1p(-other(z))
            # each form at the other's points: one of its own (other(z) far in the tail gave
            # its derivative there, 0 * inf: t.logcdf'' at -1e300 overflowed in the density)
            # (where the shapes differ between elements one z can be on the wrong side for another
            # element's shape: there the element keeps its own z, masked by value)
            zp = np.broadcast_to(_plain(z), np.shape(near_one))
            near, far = zp[near_one].flat[0], zp[~near_one].flat[0]
            at_far = _plain(decide(far))
            if np.ndim(at_far) == 0:
                # one shape for every element (fn at one point is one number): each stand-in is
                # on its side everywhere, with no check and no evaluation at the other
                far_fill, near_fill = far, near
            else:
                far_fill = np.where(near_one & (at_far <= 0.5), far, zp)
                near_fill = np.where(~near_one & (_plain(decide(near)) > 0.5), near, zp)
            below_at = np.where(near_one, far_fill, z)
            below = np.log(np.where(near_one, 1.0, fn(below_at))) if log_fn is None else log_fn(below_at)
            return np.where(near_one, np.log1p(-np.where(near_one, other(np.where(near_one, z, near_fill)), 0.0)),
                            below)
    return logged


# -- log Q(a, x) far in the upper tail -----------------------------------------------------------
# Q(a, x) = gammaincc(a, x) underflows from x ~ 700 on: log(gammaincc) was -inf there and its
# gradient 0/0 = NaN with a RuntimeWarning (gennorm.logcdf at x = -10 with beta = 4, gamma.logsf
# at 1e4, chi2.logsf, invgamma.logcdf near 0). Beyond _FAR_GAMMA (and x > a + 1) it is
# log Q = -x + (a - 1) log x - gammaln(a) + log R(a, x), with R(a, x) = x^(1-a) e^x Gamma(a, x)
# (-> 1) from the continued fraction of Gamma(a, x) (ops.scipy_special.upper_gamma_fraction);
# d/dx log Q = -1 / R exactly (Gamma(a, x)' = -x^(a-1) e^-x); R' below.
_FAR_GAMMA = 20.0


def _upper_gamma_ratio(a, x):
    """``R(a, x) = x^(1-a) e^x Gamma(a, x)`` for ``x > a + 1`` (plain values; internal)."""
    return (np.asarray(x, dtype=float) * upper_gamma_fraction(a, x))[()]


def _refuse_third_in_a():
    raise NoGradientRule("wengert.scipy.stats: the log of gammaincc far in its tail has no third derivative "
                         "in its shape parameter (d^3/da^3: not implemented, as for scipy.special.gammainc); "
                         "the first and second derivatives in a, and every derivative in x, are. "
                         "Pass a constant there to differentiate again in the other arguments")


def _fraction_da_value(a, x):
    """``E(a, x) = (dh/da) / h`` for the continued fraction ``h`` of ``upper_gamma_fraction``
    (plain): ``d/da log R(a, x)``."""
    h, dh = upper_gamma_fraction(a, x, derivatives=1)
    return (dh / h)[()]


def _fraction_daa_value(a, x):
    """``(d^2h/da^2) / h`` for the continued fraction ``h`` (plain; internal)."""
    h, _, d2h = upper_gamma_fraction(a, x, derivatives=2)
    return (d2h / h)[()]


def _log_q_far_value(a, x):
    """``-x + (a - 1) log x - gammaln(a) + log R(a, x)``; for ``a >= 10`` below ``x = 4 a`` the first three as
    ``log_gamma_density_near_mode(a, x) + log(a / x)`` (``-a r((x - a) / a)`` and Stirling's: their terms, of size ``a
    log a``, kept their rounding, gamma.logsf(1050, 1000) 2.5e-13 relative off, logsf(1500, 1000) 5.4e-15)."""
    a, x = np.asarray(a, dtype=float), np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_density = -x + (a - 1.0) * np.log(x) - sc.gammaln(a)
        near = (a >= 10.0) & np.isfinite(a) & (x < 4.0 * a)
        if np.any(near):
            a_, x_ = np.where(near, a, 10.0), np.where(near, x, 11.0)
            log_density = np.where(near, log_gamma_density_near_mode(a_, x_) + np.log(a_ / x_), log_density)
        return (log_density + np.log(_upper_gamma_ratio(a, x)))[()]


_UPPER_RATIO = OwnPrimitive(_upper_gamma_ratio, name="wengert.scipy.stats.upper_gamma_ratio", reenters="any")
_LOG_Q_FAR = OwnPrimitive(_log_q_far_value, name="wengert.scipy.stats.log_gammaincc_far", reenters="any")
_FRACTION_DA = OwnPrimitive(_fraction_da_value, name="wengert.scipy.stats.upper_gamma_fraction_da", reenters="any")
_FRACTION_DAA = OwnPrimitive(_fraction_daa_value, name="wengert.scipy.stats.upper_gamma_fraction_daa",
                             reenters="any")
defvjp(_FRACTION_DAA, *[lambda ans, a, x: _refuse_third_in_a()] * 2)
# in a: d/da log Q = log x - digamma(a) + E, E = d/da log R = h_a / h; R_a = R E. E's
# derivative in x is d/da (R_x / R) = d/da (1 - (a - 1)/x - 1/R) = E / R - 1/x (from d/dx log Q =
# -1/R); in a it is h_aa / h - E^2.
defvjp(_FRACTION_DA, lambda ans, a, x: lambda g: unbroadcast(
    g * (_FRACTION_DAA(a, x) - ans * ans), np.shape(_plain(a))), lambda ans, a, x: lambda g: unbroadcast(
    g * (ans / _UPPER_RATIO(a, x) - 1.0 / x), np.shape(_plain(x))))


def _upper_fraction_tail(a, x):
    """``g``, upper_gamma_fraction's continued fraction from its second level on, ``1 / (b_2 - a_2 / (b_3 - a_3 /
    ...))``, ``b_n = x + 2n - 1 - a``, ``a_n = n (n - a)`` (``1 / h = x + 1 - a - (1 - a) g``), by the modified Lentz
    iteration (plain; NaN where it has not converged in upper_gamma_fraction's most terms)."""
    a, x = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(x, dtype=float))
    b = x + 3.0 - a
    done = ~np.isfinite(b)  # (NaN there at once: its Lentz steps never converge)
    b = np.where(done, 1.0, b)
    c, d = np.full(b.shape, 1e300), 1.0 / b
    g = np.where(done, np.nan, d)
    for i in range(2, 300002):
        an = -i * (i - a)
        b = b + 2.0
        big_d, big_c = an * d + b, b + an / c
        d = 1.0 / np.where(np.abs(big_d) < 1e-300, 1e-300, big_d)
        c = np.where(np.abs(big_c) < 1e-300, 1e-300, big_c)
        delta = np.where(done, 1.0, d * c)
        g = g * delta
        done = done | (np.abs(delta - 1.0) <= 2.3e-16)  # (within a rounding of 1: beyond x = 2^54 it can stay there)
        if np.all(done):
            return g[()]
    return np.where(done, g, np.nan)[()]


def _upper_ratio_dx(a, x):
    """``dR/dx``: R' = R (1 + (1 - a)/x) - 1 cancels to -(a - 1)/x^2 (2e-4 off at x = 1e6); with R(a, x) - 1 = (a - 1)/x
    R(a - 1, x) twice it is (a - 1)/x^2 ((a - 2) R(a - 2, x) - (a - 1) R(a - 1, x)), differentiated again, whose
    terms of the size of a R cancelled too (the second derivative of gamma.logsf(x, 500) at 2501 was 3.7e-13 relative
    off, at (101, 50) 3.3e-14); its value is ``(1 - a) h g`` (``h`` upper_gamma_fraction's, ``g`` its fraction from
    the second level on, :func:`_upper_fraction_tail`: ``R' = R T / x`` with ``T = x + 1 - a - 1 / h = (1 - a) g``),
    a product, within 1e-15 of mpmath."""
    old = (a - 1.0) / x / x * ((a - 2.0) * _UPPER_RATIO(a - 2.0, x) - (a - 1.0) * _UPPER_RATIO(a - 1.0, x))
    pa, px, po = (np.asarray(_plain(v), dtype=float) for v in (a, x, old))
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        value = (1.0 - pa) * upper_gamma_fraction(pa, px) * _upper_fraction_tail(pa, px)
        fix = np.where(np.isfinite(value) & np.isfinite(po), value - po, 0.0)
    return old + fix


defvjp(_UPPER_RATIO, lambda ans, a, x: lambda g: unbroadcast(g * ans * _FRACTION_DA(a, x), np.shape(_plain(a))),
       lambda ans, a, x: lambda g: unbroadcast(g * _upper_ratio_dx(a, x), np.shape(_plain(x))))
defvjp(_LOG_Q_FAR, lambda ans, a, x: lambda g: unbroadcast(
    g * (np.log(x) - sc.digamma(a) + _FRACTION_DA(a, x)), np.shape(_plain(a))),
       lambda ans, a, x: lambda g: unbroadcast(
    -g / _UPPER_RATIO(a, x), np.shape(_plain(x))))


#: Below this shape :func:`_log_gammaincc` takes ``log Q`` from ``K = log(P) / a`` up to ``x = _TINY_A_SERIES_TO`` and
#: the continued fraction (``_LOG_Q_FAR``) beyond: through ``log(gammaincc)`` its mixed derivatives in a and x were
#: differences of terms of order 1 cancelling to order a (gamma.logsf(0.9, 1e-10)'s d2/dx da 6e-5 off, 2e-12 at a =
#: 1e-3). Below 1/100 ``|a K| <= 1/2`` wherever ``w >= 1e-20`` (``|K| <= 47.5``)
_TINY_A = 0.01
_TINY_A_SERIES_TO = 1.5
#: ``rho_n`` terms of :func:`_tiny_a_log_sf`'s series (to ``w = 1.5``: ``1.5^32 / 32!`` below 1e-29)
_TINY_A_TERMS = 32
#: ``log1p(y) / y = sum (-y)^k / (k + 1)``, to ``|y| = 0.02`` (the next term below 1e-24)
_LOG1P_RATIO = [(-1.0) ** k / (k + 1) for k in range(14)]


def _tiny_a_log_sf(a, w):
    """``log Q(a, w)`` for ``0 < a < _TINY_A`` and ``0 < w <= _TINY_A_SERIES_TO``: ``log P = a K``, ``K = log w -
    gammaln(1 + a) / a + J``, ``J = (log S - w) / a = D log1p(a D) / (a D)`` (S :func:`_lower_gamma_sum`'s ``1 + ...``:
    ``S e^-w = 1 + a D``), ``D = -e^-w sum_n w^n rho_n / n!``, ``rho_n = ((a + 1)_n - n!) / (a (a + 1)_n)`` by ``rho_n
    = (n rho_(n-1) + 1) / (a + n)`` (positive terms, no difference; at a = 0 the harmonic numbers), and ``log(1 - e^(a
    K))`` as ``log(a) + log(-K) + log((1 - e^(a K)) / (-a K))`` where ``|a K| <= 1/2`` (the last by its series,
    :func:`_log_expm1_ratio`), ``log1mexp(a K)`` beyond (w below 1e-20). Each derivative of every order is of these
    sums: none cancels in a (as K -> -E1(w) at a = 0: ``log w + euler`` less ``sum w^n H_n / n!``, a digit at w =
    1.5)."""
    rho, term, total = 0.0, 1.0, 0.0
    for n in range(1, _TINY_A_TERMS + 1):
        rho = (n * rho + 1.0) / (a + n)
        term = term * w / n
        total = total + term * rho
    d = -np.exp(-w) * total
    k = np.log(w) - _log_gamma_1p_over(a) + d * polynomial(a * d, _LOG1P_RATIO)
    small = np.asarray(np.abs(np.asarray(_plain(a), dtype=float) * np.asarray(_plain(k), dtype=float)) <= 0.5)
    small = np.broadcast_to(small, np.broadcast_shapes(small.shape, np.shape(_plain(k)), np.shape(_plain(a))))
    return _two_forms(small, lambda a, k: _log1mexp(a * k), lambda a, k: np.log(a) + np.log(-k) + _log_expm1_ratio(
        -(a * k)), (a, k), (1e-3, -1000.0), (1e-3, -1.0))


def _log_gammaincc(a, x, near=None):
    """``log(gammaincc(a, x))`` (``a`` plain), finite far in the tail where gammaincc underflows
    (see ``_FAR_GAMMA``); ``near(x)`` instead of ``log(gammaincc(a, x))`` elsewhere if given. Below ``a = _TINY_A``
    from ``log(P) / a`` (:func:`_tiny_a_log_sf`) up to ``x = _TINY_A_SERIES_TO``, the continued fraction beyond."""
    xp, pa = np.asarray(_plain(x), dtype=float), np.asarray(_plain(a), dtype=float)
    tiny_a = (pa > 0) & (pa < _TINY_A)
    with np.errstate(invalid="ignore"):
        series = tiny_a & (xp > 0) & (xp <= _TINY_A_SERIES_TO) if near is None else np.zeros((), bool)
        # (Q(a, inf) = 0: its log -inf)
        far = ((xp > _FAR_GAMMA) | tiny_a) & (xp > pa + 1.0) & (xp > _TINY_A_SERIES_TO) & (xp < np.inf)
    near = near or (lambda x: np.log(sc.gammaincc(a, x)))
    if np.any(series):
        series = np.broadcast_to(series, np.broadcast_shapes(xp.shape, pa.shape))
        whole = near
        near = lambda x: _two_forms(series, lambda a, x: whole(x), _tiny_a_log_sf, (a, x), (1.0, 1.0),  # noqa: E731
                                    (1e-3, 1.0))
    if not np.any(far):
        return near(x)
    point = 2.0 * _FAR_GAMMA + _plain(a)  # a far point, for the entries that are not
    with np.errstate(divide="ignore"):
        if np.all(far):
            return _LOG_Q_FAR(a, x)
        return np.where(far, _LOG_Q_FAR(a, np.where(far, x, point)), near(np.where(far, 1.0, x)))


def _lower_gamma_sum(a, u, terms=20):
    """``S - 1`` of ``gammainc(a, u) = u^a e^-u / gamma(a + 1) S``: ``u / (a + 1) + u^2 / ((a + 1)(a + 2))
    + ...``, 20 terms (for ``u <= 1``: the last below 1e-19 of the sum), or ``terms``."""
    s = 0.0
    for n in range(terms, 0, -1):
        s = u / (a + n) * (1.0 + s)
    return s


def _t_end_value(q, sign=1.0, root=1.0):
    pq = np.asarray(_plain(q))
    dtype = pq.dtype if pq.dtype.kind == "f" else np.dtype(float)
    # (a sign 0: a limit 0, mielke's d2/dq ds at its steep end where s > k - 1, not 0 * inf)
    with np.errstate(invalid="ignore"):
        end = np.where(np.asarray(sign) == 0, 0.0, np.asarray(sign) * np.inf)
    return (np.zeros(np.broadcast_shapes(pq.shape, np.shape(sign)), dtype) + np.asarray(end, dtype))[()]


#: t's quantile at q = 0 and 1 (``sign`` inf; ``root``: -1 at q = 0, 1 at q = 1), the same at every df: derivatives
#: in q of every order infinite, each of the sign of ``root`` times ``root`` per derivative (ndtri's at its ends, as
#: before), none in df (through ndtri's rule ``exp(ans^2 / 2)``, forward mode took ``ans * ans``'s tangent at ``ans``
#: = -inf as 0 * inf: the Hessian of t.ppf at (0, 3) had NaN in d2/dq d df, which is 0: the quantile and its
#: derivative in q are infinite at every df)
_T_END = OwnPrimitive(_t_end_value, name="wengert.scipy.stats.t_end_quantile", reenters="any")
# The directions of d2/dq dshape's limits at steep quantile ends (``steep_mixed`` of _located: the limit's sign relative
# to the slope's), from each quantile's leading term there, x - end ~ A u^p (u the distance of q from its end): the
# limit of u^(p - 1) ((A p)' + A p p' log u), whose log term decides where p moves with the shape. Checked against
# SciPy's slopes by central differences at u = 1e-8 and 1e-12 (tests/test_exact_scipy_ends.py).
def _power_steep(lower, *shapes):
    """weibull_min's, weibull_max's, powerlaw's, fisk's ``u^(1/c)``: p' = -1/c^2, the log term +inf (chi's
    ``u^(1/df)``, nakagami's ``u^(1/(2 nu))`` the same; invweibull's at q = 0, see _invgamma_steep)."""
    return (1.0,) * len(shapes)


def _unit_power_mixed(k):
    """chi's and nakagami's ``A u^(1/k)`` at a finite slope (``k = df``, ``2 nu`` at most 1): d2/dq dshape's limit,
    ``u^(p - 1) ((A p)' + A p p' log u)``, is 0 for k < 1 (p > 1), +inf relative to the slope at k = 1 (p = 1: the log
    term, p' < 0)."""
    return np.where(np.asarray(k) == 1.0, 1.0, 0.0)


def _infinite_end_slope(q, *shapes):
    """The slope of a standard quantile at its finite end where the density vanishes faster than any power
    (invgamma's and invweibull's 0, their ppf at q = 0 and isf at q = 1): +inf at q = 0, -inf at q = 1, every shape."""
    return np.where(q == 0, np.inf, -np.inf)
_LOG_2_OVER_PI = float(np.log(2.0 / np.pi))


def _z_power_derive(terms, j, var):
    """The derivative in ``var`` (``"d"``, ``"s"`` or ``"c"``) of the sum of ``r c^a s^b log(z)^p z^(j c - k)`` over
    ``terms = (((k, p, a, b), r), ...)``, ``z = d / s`` (``dz/dd = 1 / s``, ``dz/ds = -z / s``, ``d log(z) = dz / z``),
    as such terms."""
    def parts(k, p, a, b):
        if var == "d":
            return ((k + 1, p - 1, a, b - 1), p), ((k + 1, p, a + 1, b - 1), j), ((k + 1, p, a, b - 1), -k)
        if var == "s":
            return ((k, p - 1, a, b - 1), -p), ((k, p, a + 1, b - 1), -j), ((k, p, a, b - 1), b + k)
        return ((k, p, a - 1, b), a), ((k, p + 1, a, b), j)
    return _collected_terms(terms, parts)


def _collected_terms(terms, parts):
    """``sum r parts(*key)`` over ``terms = ((key, r), ...)``, ``parts`` giving ``((key, f), ...)``: the derivative of a
    sum of terms (:func:`_z_power_derive`, :func:`_z_terms_derive`, :func:`_gev_far_derive`) as such terms, like ones
    collected, zeros dropped, sorted."""
    out = {}
    for key, r in terms:
        for part, f in parts(*key):
            if f:
                out[part] = out.get(part, 0) + f * r
    return tuple(sorted((key, r) for key, r in out.items() if r))


_z_power_derive = functools.lru_cache(maxsize=None)(_z_power_derive)


def _z_and_its_log(d, s):
    """``z = d / s`` of plain arrays and its log, ``(z, low, direct, log_z, log_lo)`` (call under np.errstate with
    everything ignored): ``low`` where z is below the normal floats while d > 0 and the scale is not 1 (z rounded:
    log z from d and s as a pair, ``log_z + log_lo``; ``log_lo`` None where no entry is low), ``direct`` where z itself
    is finite and not low."""
    z = d / s
    low = (z < _TINY_NORMAL) & (d > 0) & np.isfinite(d) & (s != 1.0)
    direct = np.isfinite(z) & ~low
    log_z = np.where(direct, np.log(np.where(direct, z, 1.0)), np.log(d) - np.log(s))
    log_lo = None
    # (an overflowed z too: through log d - log s, each rounded near 700, its powers were ~1e-14 off, d/dx of
    # weibull_min.logsf(1e250, 0.1, 0, 1e-200) 2.3e-14)
    pair = low | (np.isinf(z) & np.isfinite(d) & np.isfinite(s) & (s > 0))
    if np.any(pair):
        hi, log_lo = _log_quotient_pair(np.where(pair, d, 1.0), np.where(pair, s, 1.0))
        log_z, log_lo = np.where(pair, hi, log_z), np.where(pair, log_lo, 0.0)
    return z, low, direct, log_z, log_lo


def _z_power_value(d, s, c, g=1.0, h=1.0, j=1, terms=()):
    d, s, c, g, h = (np.asarray(v, dtype=float) for v in (d, s, c, g, h))
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        z, _, direct, log_z, log_lo = _z_and_its_log(d, s)
        return _sum_of_power_terms(terms, c, s, lambda k: _exponent_pair(j, c, k), np.where(direct, z, 2.0), direct, log_z,
                                   np.broadcast(d, s, c, g, h).shape, (g, h), log_lo=log_lo)


#: log 2 in two parts, the first with 32 significant bits (k LN2_HI exact for |k| < 2^21: fdlibm's split)
_LN2_HI, _LN2_LO = 6.93147180369123816490e-01, 1.90821492927058770002e-10


def _log_quotient_pair(d, s):
    """``log(d / s)`` for positive finite d and s as ``(hi, lo)``, ``hi + lo`` within about 1e-16 relative of it where
    the quotient is not a normal float (its mantissas' quotient, one rounding, and the binary exponents apart): through
    the rounded quotient (a subnormal or 0) or ``log d - log s`` (each rounded near 745) a power ``z^e`` of it was 19%
    or ~1e-13 off."""
    (md, kd), (ms, ks) = np.frexp(d), np.frexp(s)
    t = np.log(md / ms)
    k = (kd - ks).astype(float)
    a = k * _LN2_HI
    hi = t + a
    b = hi - t
    lo = (t - (hi - b)) + (a - b) + k * _LN2_LO  # (Knuth's two-sum, and k ln 2's low part)
    top = hi + lo  # (renormalized: lo ~ 1e-7 above, its square's share of exp(e lo) lost)
    return top, lo - (top - hi)


def _exp_of_product(e, log_base, log_lo=None):
    """``exp(e (log_base + log_lo))``, the product ``e log_base`` exactly (Dekker's) where ``log_lo`` is given
    (:func:`_log_quotient_pair`); ``np.exp(e * log_base)`` without it."""
    if log_lo is None:
        return np.exp(e * log_base)
    p, p_lo = two_product(np.asarray(e, dtype=float) + np.zeros_like(log_base), log_base + np.zeros_like(e))
    out = np.exp(p)
    return out + out * np.where(np.isfinite(p_lo), p_lo + e * log_lo, 0.0)


#: Sums of ``r c^a s^b log(z)^p z^(j c - k)``, ``z = d / s`` far out (from _Z_POWER_FAR), one primitive whose partials
#: are such sums again, each term a power of z on its own (as genextreme's _GEV_FAR_TERMS): through z the
#: s-derivatives met dz/ds = -z / s and its square, huge, times z-derivatives, tiny: d2/ds2 of weibull_min.logsf(1e300,
#: 0.5, 0, s) at s = 1 was -1e150, the truth -7.5e149 (z^(c - 2) underflowed), d2/dx ds 5e-151 for 2.5e-151
#: ``z^c`` itself as _Z_POWER_TERMS's terms
_Z_ITSELF = (((0, 0, 0, 0), 1),)
_Z_POWER_TERMS = OwnPrimitive(_z_power_value, name="wengert.scipy.stats (sums of c^a s^b log(z)^p z^(j c - k))",
                              reenters="any")


def _z_terms_value(d, s, c, e, b, g=1.0, h=1.0, terms=()):
    d, s, c, e, b, g, h = (np.asarray(v, dtype=float) for v in (d, s, c, e, b, g, h))
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        z = d / s
        direct = np.isfinite(z) & (z >= np.finfo(float).tiny)
        log_z = np.where(direct, np.log(np.where(direct, z, 1.0)), np.log(d) - np.log(s))
        low = ~direct & (d > 0) & np.isfinite(d) & (s != 1.0) & (z < 1.0)  # (z rounded: log z as a pair)
        log_lo = None
        if np.any(low):
            hi, log_lo = _log_quotient_pair(np.where(low, d, 1.0), np.where(low, s, 1.0))
            log_z, log_lo = np.where(low, hi, log_z), np.where(low, log_lo, 0.0)
        return _sum_of_power_terms([(((j, k), p, a, n), r * e ** m * b ** l) for (j, k, p, a, n, m, l), r in terms],
                                   c, s, lambda jk: _exponent_pair(jk[0], c, jk[1]), np.where(direct, z, 2.0), direct, log_z,
                                   np.broadcast(d, s, c, e, b, g, h).shape, (g, h), log_lo=log_lo)


#: Sums of ``r c^a s^n e^m b^l log(z)^p z^(j c - k)``, ``z = d / s`` (as :data:`_Z_POWER_TERMS`'s, each term its own j,
#: and two coefficients e and b), one primitive whose partials are such sums again, each term a power of z on its own
#: and their sum, where two terms overflow apart, from their logs (:func:`_sum_of_power_terms`): near z = 0 ``e log z
#: + b z^c`` (c < 1) through its two terms had d2/dx2 ``-e / x^2`` and ``b c (c - 1) z^(c - 2) / scale^2`` overflowing
#: apart (inf - inf), and through z alone d2/dx dscale ``-(z L'' + L') / scale^2`` with ``z^(c - 2)``'s overflow
#: (fisk.logcdf(x, 0.7) at x = 1e-300: inf, the truth 4.9e89)
_Z_TERMS = OwnPrimitive(_z_terms_value, name="wengert.scipy.stats (sums of c^a s^n e^m b^l log(z)^p z^(j c - k))",
                        reenters="any")
#: ``e log z + b z^c`` as :data:`_Z_TERMS`'s terms
_LOG_PLUS_POWER = (((0, 0, 1, 0, 0, 1, 0), 1), ((1, 0, 0, 0, 0, 0, 1), 1))
#: ``e log z + b log1p(z^c)`` for ``z^c < 1e-2`` (log1p's series to ``z^(8 c)``, the next term below 1e-18 of the first)
_LOG_PLUS_LOG1P = (((0, 0, 1, 0, 0, 1, 0), 1.0),) + tuple(((j, 0, 0, 0, 0, 0, 1), (-1.0) ** (j + 1) / j)
                                                       for j in range(1, 9))


def _minus_log_power_value(q, p, s=1.0):
    return (-s * np.log(q)) ** p
_MINUS_LOG_POWER = OwnPrimitive(_minus_log_power_value, name="wengert.scipy.stats ((-s log q)^p)", reenters="any")
#: Below this q a quantile (-s log q)^p is _MINUS_LOG_POWER
_TINY_Q = 1e-150


def _tiny_q_power(q, p, s, larger):
    """``(-s log q)^p``: ``larger(q)`` (the old form, bit for bit) from ``_TINY_Q`` on, the primitive below."""
    return _piecewise(q, _plain(q) < _TINY_Q, larger, lambda q: _MINUS_LOG_POWER(q, p, s=s), 0.5, 1e-200)
def _quiet_over(f):
    """``f`` with NumPy's overflow warnings off (its infinities are the truth's overflow)."""
    def quiet(*args):
        with np.errstate(over="ignore"):
            return f(*args)
    return quiet


# log1p(u) / u = sum_k (-u)^k / (k + 1), for |u| < 1/2: 60 terms (the last below 1e-19)
_LOG1P_RATIO_SERIES = [(-1.0) ** k / (k + 1.0) for k in range(60)]


@functools.lru_cache(maxsize=None)
def _log1p_ratio_derivative(n):
    """The coefficients of the n-th derivative of the series ``_LOG1P_RATIO_SERIES``."""
    return [a * math.perm(k + n, n) for k, a in enumerate(_LOG1P_RATIO_SERIES[n:])]


def _log1p_over_value(c, z, n=0, weighted=False):
    """The n-th c-derivative of ``log1p(u) / c``, ``u = c z`` (``weighted``: of ``(1 + c) log1p(u) / c``).
    For ``|u| < 1/2``, ``z^n ((1 + c) z P^(n)(u) + n P^(n-1)(u))`` (without ``1 + c`` and the second
    term unweighted), ``P`` the series of ``log1p(u) / u``, each power of z multiplied in after the sum;
    beyond, ``(-1)^n n! ((1 + c) B_n(u) - c B_(n-1)(u)) / c^(n + 1)`` (unweighted ``B_n``) with
    ``B_n = log1p(u) - sum_(k <= n) (u / (1 + u))^k / k``, the power of c divided out last
    (:func:`_over_power`). Infinite only where the derivative is: its terms apart overflowed
    (inf - inf = NaN, see :data:`_LOG1P_OVER`). The value (n = 0): ``z P(u)`` (times ``1 + c``),
    ``log1p(u) / c`` (weighted: ``xlog1py(1 + 1/c, u)``, 0 at ``c = -1``, ``u = -1``), as before."""
    dtype = np.result_type(c, z, 1.0)  # (float32 stays float32)
    c, z = np.asarray(c, dtype=dtype), np.asarray(z, dtype=dtype)
    near = np.abs(c * z) < 0.5
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        cn, zn = np.where(near, c, 0.0).astype(dtype), np.where(near, z, 0.0).astype(dtype)
        out = polynomial(cn * zn, _log1p_ratio_derivative(n)) * zn
        if weighted:
            out = (1.0 + cn) * out
            if n:
                out = out + n * polynomial(cn * zn, _log1p_ratio_derivative(n - 1))
        for _ in range(n):
            out = out * zn
        if np.all(near):
            return out[()]
        cf, zf = np.where(near, 1.0, c).astype(dtype), np.where(near, 1.0, z).astype(dtype)
        u = cf * zf
        if n == 0:
            # (minus xlog1py(-(1 + 1/c), u): the log density's bits, +0.0 at c = -1, as SciPy's)
            far = -sc.xlog1py(-(1.0 + 1.0 / cf), u).astype(dtype) if weighted else np.log1p(u) / cf
        else:
            r = u / (1.0 + u)
            b = np.log1p(u) - sum(r ** k / k for k in range(1, n))
            last = r ** n / n
            numerator = b - (1.0 + cf) * last if weighted else b - last  # (1 + c) B_n - c B_(n-1) = B_(n-1) - (1 + c) r^n / n
            numerator = (-1.0) ** n * math.factorial(n) * numerator * np.sign(cf) ** (n + 1)
            far = _over_power(numerator, np.abs(cf), n + 1).astype(dtype)
    return np.where(near, out, far)[()]


# log1p(c z) / c (and (1 + c) log1p(c z) / c: genpareto's log density) as a primitive whose c-derivatives
# are written whole (_log1p_over_value) and z-derivative (_log1p_over_dz) differentiable: by composition
# the second c-derivative went through Horner's intermediate tangents z^2 a_k (inf from z = 1.3e154) times
# u = 0 (c = 0), or their alternating infinities added (genextreme.logsf's d2/dc2 was NaN from z = 1e155 on,
# truth -2 z^3 / 3 = -inf); the closed form's terms overflowed apart (d/dc of log1p(u) / c at c = 1e-200,
# z = 1e300: (u / (1 + u) - log1p(u)) / c^2 was inf - inf; d2/dc2 at c = -1e-130, z = 1e140 for
# genextreme.logsf); and the product (1 + c) L's terms (genpareto.logpdf's Hessian at z = 1e155, c = 0:
# -2 L' - L'' = inf - inf, the truth z^2 - 2 z^3 / 3 = -inf)
_LOG1P_OVER = OwnPrimitive(_log1p_over_value, name="wengert.scipy.stats (log1p(c z) / c)", reenters="any")


def _log1p_over(c, z):
    """``log1p(c z) / c`` (``z`` at ``c = 0``): as ``z`` times the series of ``log1p(u) / u``
    for ``|u| = |c z| < 1/2``, where the closed form's derivatives in ``c`` cancel
    (``(u / (1 + u) - log1p(u)) / c^2`` for the first: all its digits lost as ``c`` nears 0,
    and 0 / 0 at ``c = 0``); one primitive (:data:`_LOG1P_OVER`)."""
    with np.errstate(divide="ignore"):  # log1p(-1): the upper end of the support
        return _LOG1P_OVER(c, z)


def _refuse_at_a_moving_end(name, c, at, where, argument="c"):
    """Refuse a traced ``c`` where ``at()`` (a plain mask, called only then) holds: at the finite end of
    the support ``where``, which moves with ``c`` (``argument``: its name)."""
    if isinstance(c, (Var, Dual)) and np.any(at()):
        side = "the end" if argument != "c" else "the upper end"
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in {argument} at {side} of the support, {where}: the "
            f"end moves with {argument}, so one side of {argument} is outside the support, where the function is "
            f"constant. Evaluate inside the support, or pass {argument} as a constant (wengert.stop_gradient) to "
            "differentiate in the other arguments.")


def _located_entropy(name, h, shapes, loc, scale, check=None):
    """The entropy of a location-scale family whose standard distribution's entropy is
    ``h(*shapes)``: ``h(*shapes) + log(scale)`` broadcast with loc (SciPy's shape: every
    parameter broadcast), after ``check(name, *shapes)`` and scale's check (every such
    ``entropy`` written by hand)."""
    if check is not None:
        check(name, *shapes)
    _standardized(name, 0.0, 0.0, scale)
    return _in_dtype_of(h(*shapes) + np.log(scale) + np.zeros(np.shape(_plain(loc))), *shapes, loc, scale)


#: tanh-sinh's reach in t (u = expit(pi sinh t) down to e^-700) and its steps, halved until two agree
_TS_REACH, _TS_STEPS = math.asinh(700.0 / math.pi), tuple(0.125 / 2 ** i for i in range(6))


def _ts_level(h, cls, shapes, drop=None, at=None, coarse=None):
    """``-sum w logpdf(q)`` over tanh-sinh's nodes of step h in u (``u = expit(pi sinh t)``, ``1 - u = expit(-pi sinh
    t)``, each exact: ppf below 1/2, isf above, so the far tails keep their digits; ``w = h pi cosh t u (1 - u)``), the
    sum's size ``sum w |logpdf|`` and where the log density is infinite (a quantile rounded onto a support's end: the
    node's share is below ``e^-700``), or where the node's share ``w (1 + |logpdf|)`` is below 2^-100 of the sum's size
    (its quantile may be subnormal, where a family's derivatives are not kept). Those nodes (``drop``, from the plain
    pass) are left out, at a stand-in u = 1/2 (their derivatives there refused: johnsonsb.logpdf's at its ends).
    ``at(p, upper, *shapes)``, where given, is the log density at the quantile of tail p (the upper tail where
    ``upper``): a family whose density at its quantile has a closed form (tukeylambda's ``-log Q'(p)``), or another
    integrand in its place (the variance: :func:`_quadrature_var`). With ``coarse`` (the nodes left out at step 2h,
    beside ``drop``'s at h) the sum at step 2h too, from the same pass: its nodes are every other one of these (k h for
    even k, the same numbers; its weights twice these, exactly), each evaluated where either step keeps it; the two
    sums, in place of the three values."""
    k = np.arange(-math.floor(_TS_REACH / h), math.floor(_TS_REACH / h) + 1)
    s = math.pi * np.sinh(k * h)
    lo, hi = sc.expit(s), sc.expit(-s)
    left = s <= 0
    ndim = max([np.ndim(_plain(v)) for v in shapes] + [0])
    w = (h * math.pi * np.cosh(k * h) * lo * hi).reshape((-1,) + (1,) * ndim)
    lo, hi = lo[left].reshape((-1,) + (1,) * ndim), hi[~left].reshape((-1,) + (1,) * ndim)
    live = None
    if drop is not None:
        out = drop
        if coarse is not None:  # (a node left out at h but kept at 2h: evaluated)
            even = np.flatnonzero(k % 2 == 0)
            out = drop.copy()
            out[even] &= coarse
        # (a node left out at every entry is not evaluated: ~35% of the nodes, the far tails' beyond 2^-100 of the sum;
        # the others as before, at u = 1/2 where some entry leaves it out)
        live, n = ~np.all(out.reshape(len(out), -1), axis=1), len(lo)
        lo, hi = np.where(out[:n], 0.5, lo)[live[:n]], np.where(out[n:], 0.5, hi)[live[n:]]
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        lp = np.concatenate([at(lo, False, *shapes), at(hi, True, *shapes)] if at is not None else
                            [cls.logpdf(cls.ppf(lo, *shapes), *shapes), cls.logpdf(cls.isf(hi, *shapes), *shapes)],
                            axis=0)
        if live is not None and not np.all(live):  # (every node again, those not evaluated any node's: 0 below)
            lp = lp[np.where(live, np.cumsum(live) - 1, 0)]
        if drop is None:
            plain = np.asarray(_plain(lp))
            infinite = np.isinf(plain)
            # (and the nodes whose share is below 2^-100 of the sum's size: a quantile there may be subnormal, where a
            # family's derivatives are not kept (exponpow(0.3)'s d2/db2 of logpdf(ppf(1e-92)) was inf, its share 1e-90))
            share = np.abs(w * np.where(infinite, 0.0, plain))
            infinite = infinite | (w * (1.0 + np.where(infinite, 0.0, np.abs(plain))) < 2.0 ** -100 * np.sum(share, axis=0))
        else:
            infinite = drop
        kept = np.where(infinite, 0.0, lp)
        if coarse is not None:
            return -np.sum(w * kept, axis=0), -np.sum((2.0 * w[even]) * np.where(coarse, 0.0, lp[even]), axis=0)
        return -np.sum(w * kept, axis=0), np.sum(np.abs(w * _plain(kept)), axis=0), infinite


def _probability_quadrature(name, cls, shapes, at=None, steps=None):
    """``int_0^1 -at(u) du`` over the probability u (by default the standard distribution's entropy ``-int_0^1
    logpdf(ppf(u)) du``; with ``at`` its mean and second moment, :func:`_add_quadrature_moments`), as differentiable
    as its ppf, isf and logpdf (their own derivatives at each node), by tanh-sinh quadrature in u (:func:`_ts_level`),
    the step halved from
    1/8 until two steps agree within 16 eps of the sum's size (on the plain values), then at the finer of the two;
    ValueError where they do not agree by 1/256 (a density too sharp for the rule at these shapes) or where a node's
    log density is NaN (NaN where a shape is NaN). Where a shape is traced, the step goes on halving from there until
    two steps also agree on the sum's derivative along the shapes (:func:`_ts_directional`, within 16 eps of its
    size): a feature of the log density's derivatives that its value does not show (genexpon's ``log(a + b (1 -
    e^-cx))`` near x = 0 at a = 1e-6, where the value's step 1/16 left the entropy's d2/da2 5e-5 off) asks for a
    finer step (1/64 there). ``at``: as :func:`_ts_level`'s. ``steps``, where given, a dict in which a traced call keeps
    the step it converged at and its nodes left out, by the shapes' plain values: both are functions of those alone
    (:func:`_ts_directional`'s direction is every shape's, whichever is traced), so a traced call at the same shapes
    again (the gradient in another shape, a tangent, a second dtype) takes them and runs the traced level alone, the same
    numbers without the plain levels and the directional passes (ncf.entropy's gradient was ~95% those)."""
    plain = [np.asarray(_plain(v), dtype=float) for v in shapes]
    unknown = np.any([np.isnan(v) for v in np.broadcast_arrays(*plain)], axis=0) if plain else False
    traced = any(isinstance(v, (Var, Dual)) for v in shapes)
    key = tuple((v.shape, v.tobytes()) for v in plain) if traced and steps is not None else None
    known = steps.get(key) if key is not None else None
    if known is not None:
        return _ts_level(known[0], cls, shapes, known[1], at)[0]
    previous = previous_infinite = slope = None
    tolerance = 16.0 * np.finfo(float).eps
    for h in _TS_STEPS:
        value, size, infinite = _ts_level(h, cls, plain, at=at)
        if previous is not None and np.all((np.abs(value - previous) <= tolerance * size) | unknown):
            if not traced:
                return value
            if slope is None:  # (the previous step's too, once: from the same pass, its nodes every other of these)
                now, slope = _ts_directional(h, cls, plain, infinite, at, previous_infinite)
            else:
                now = _ts_directional(h, cls, plain, infinite, at)
            if np.all((np.abs(now - slope) <= tolerance * np.maximum(np.abs(now), size)) | unknown):
                if key is not None:
                    if len(steps) >= 32:  # (cleared whole, as the values' cache: one step, safe beside other threads)
                        steps.clear()
                    steps[key] = (h, infinite)
                return _ts_level(h, cls, shapes, infinite, at)[0]
            slope = now
        else:
            slope = None
        previous, previous_infinite = value, infinite
    raise ValueError(f"{name}: the {'entropy' if at is None or name.endswith('entropy') else 'moment'}'s quadrature "
                     "(tanh-sinh in the probability, to steps of 1/256) did not "
                     "converge at these shapes" + (" (with its derivative)" if traced else "") + ": the density is "
                     "too sharp there for it, or its quantiles gave NaN")


def _quantile_at(cls):
    """The quantile of tail p, negated (:func:`_ts_level` sums ``-w at``): ppf below 1/2, isf above."""
    return lambda p, upper, *s: -(cls.isf(p, *s) if upper else cls.ppf(p, *s))


def _quadrature_var(name, cls, shapes, mean):
    """The standard distribution's variance ``int_0^1 (ppf(u) - c)^2 du - (m - c)^2``, ``c`` the mean's plain value
    (the identity holds for every constant c, so the derivatives are right; ``m - c`` is 0 in value: no cancellation,
    where ``E[X^2] - m^2`` loses ``m^2 / var`` of its digits), ``m = mean(*shapes)`` (the family's closed mean, traced)."""
    m = mean(*shapes)
    c = np.asarray(_plain(m), dtype=float)
    quantile = _quantile_at(cls)
    return _probability_quadrature(name, cls, shapes, lambda p, upper, *s: -(quantile(p, upper, *s) + c) ** 2) - (m - c) ** 2


def _add_quadrature_moments(name, shape_examples, positive, mean=None, note=""):
    """Give the distribution ``name`` its ``mean``, ``var`` and ``std`` (:func:`_add_moments`) where SciPy integrates
    them: the mean ``int_0^1 ppf(u) du`` by :func:`_probability_quadrature`'s rule (or the closed ``mean`` given), the
    variance by :func:`_quadrature_var` about it; the shapes named in ``positive`` checked (ValueError elsewhere); for a
    family whose first two moments exist at every shape (its quantiles' tails square-integrable). ``positive``: the
    names, or the family's own check ``check(method, *shapes)``."""
    cls = _by_name(name)
    shapes = list(inspect.signature(cls.ppf).parameters)[1:-2]
    kept = [s for s in shapes if s in positive] if not callable(positive) else []

    def check(method, *values):
        _shapes_positive(method, *(v for s, v in zip(shapes, values) if s in kept), names=kept)
    quantile = _quantile_at(cls)

    def by_quadrature(*s):
        return _probability_quadrature(f"{name}.mean", cls, s, quantile)
    mean = by_quadrature if mean is None else mean
    text = (" The mean ``int_0^1 ppf(u) du`` and" if note == "" else note) + (
        " the variance ``int_0^1 (ppf(u) - m)^2 du`` about the mean's value ``m``, by tanh-sinh quadrature in u "
        "(ppf below 1/2, isf above; SciPy integrates them): as differentiable as ppf and isf.")
    _add_moments(name, shapes, mean, lambda *s: _quadrature_var(f"{name}.var", cls, s, mean), None,
                 positive if callable(positive) else check, shape_examples, text)


def _ts_directional(h, cls, plain, infinite, at=None, coarse=None):
    """The derivative of :func:`_ts_level`'s sum at step h along one direction in the shapes (shape i's tangent ``k_i
    max(|shape|, 1)``: relative for large shapes, a unit step for small ones, where the features are (genexpon's at
    a = 1e-6: a tangent a there weighed the error by 1e-6); ``k = 1, -0.7, 0.4, ...`` unequal, as a common factor of
    every shape is a direction where some families' entropy is a plain ``-log`` (genexpon's), which shows nothing), by
    forward mode at the plain shapes (nodes ``infinite`` left out as in the traced pass); with ``coarse`` (the nodes left
    out at step 2h), the pair of it at h and at 2h from one pass (:func:`_ts_level`'s ``coarse``: the step-2h pass took
    a third of the check's time)."""
    tangent = tuple((1.0, -0.7, 0.4, -0.3, 0.2)[i % 5] * np.maximum(np.abs(p), 1.0) for i, p in enumerate(plain))
    with np.errstate(invalid="ignore"):
        # (forward mode's own pass, not wengert.jvp: under an open tape, a gradient's or wengert.jit's recording, that
        # runs the transposed pullback, a runner inside the function, which jit does not replay; the pass here reads
        # plain values only, so no Dual meets an outer Var. One pass (larger_seeds=False): this tangent only decides
        # when the step stops halving, the derivative returned is the traced pass's own; forward mode's second run
        # with larger seeds, where the pass underflowed (ncf's Poisson sums' far terms), gave the same numbers here
        # (ncf(5, 9, 2.5): -0.11967557073345672 and -0.11967557073345661 at steps 1/16 and 1/8 either way) and doubled
        # ncf.entropy's gradient's time)
        out = jvp_forward(lambda *u: _ts_level(h, cls, u, infinite, at, coarse)[:1 if coarse is None else 2],
                          tuple(plain), tangent, larger_seeds=False)[1]
    out = tuple(np.asarray(_plain(t), dtype=float) for t in out)
    return out if coarse is not None else out[0]


def _add_quadrature_entropy(name, shape_examples, at=None, example_value=None):
    """Give the distribution ``name`` its ``entropy(*shapes, loc=0.0, scale=1.0)``: :func:`_probability_quadrature` plus
    ``log(scale)``; its example at ``shape_examples`` (its value ``example_value``, the doctest's text, where given:
    else computed at import, which a family whose quantiles are roots pays on every import); ``at``: as
    :func:`_ts_level`'s."""
    cls = _by_name(name)
    shapes = list(inspect.signature(cls.ppf).parameters)[1:-2]
    signature = _moment_signature(shapes)
    steps = {}

    def computed(*v):
        return _probability_quadrature(f"{name}.entropy", cls, v, at, steps)
    if not shapes:  # (a constant, kstwobign's: the quadrature once, on the first call)
        standard = functools.lru_cache(maxsize=None)(computed)
    else:
        cache = {}

        def standard(*v):
            # (plain shapes: the value kept, the last 32 by shapes' bytes: a quadrature over roots is 0.1 to 3 s, and
            # a caller (an optimizer of loc and scale, coverage's and jit's walks) asks at the same shapes again)
            if any(isinstance(x, (Var, Dual)) for x in v):
                return computed(*v)
            key = tuple((a.dtype.str, a.shape, a.tobytes()) for a in map(np.asarray, v))
            value = cache.get(key)
            if value is None:
                value = computed(*v)
                if len(cache) >= 32:  # (cleared whole: one step, safe beside other threads)
                    cache.clear()
                cache[key] = value
            return np.copy(value)[()]

    def entropy(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        *values, loc, scale = bound.args
        return _located_entropy(f"{name}.entropy", standard, values, loc, scale)
    setattr(entropy, "__signature__", signature)
    example = "".join(f"{v!r}, " for v in shape_examples)
    entropy.__doc__ = _doc(cls, "the differential entropy ``-int_0^1 logpdf(ppf(u)) du + log(scale)`` by tanh-sinh "
                           "quadrature in u (ppf below 1/2, isf above: the tails' digits kept), the step halved until "
                           "two agree (ValueError where they do not by 1/256); as differentiable as ppf, isf and logpdf "
                           "(SciPy integrates the density).",
                           f"round(float({name}.entropy({example}0.5, 1.5)), 6)",
                           example_value or repr(round(float(entropy(*shape_examples, 0.5, 1.5)), 6)))
    _method(cls, "entropy")(entropy)


def _shape_entropy(cls, h, text, example, value, check=None, shape="c"):
    """Give the distribution ``cls`` of one shape ``c`` (named ``shape``) its ``entropy(c, loc=0.0, scale=1.0)``:
    ``h(c) + log(scale)`` (after ``check(name, c)``), with the docstring ``text`` and its example (:func:`_doc`)."""
    signature = _moment_signature((shape,))

    def entropy(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        c, loc, scale = bound.args
        return _located_entropy(f"{cls.__name__}.entropy", h, (c,), loc, scale, check)
    setattr(entropy, "__signature__", signature)
    entropy.__doc__ = _doc(cls, text, example, value)
    _method(cls, "entropy")(entropy)




# -- the moments, median, entropy and intervals of the continuous distributions ------------------
# Each from its closed form in the shapes (differentiable calls: every order by composition):
# mean = loc + scale m, var = scale^2 v, std = scale sqrt(v), entropy = h + log(scale); median and
# interval from the distribution's own ppf, so they are as differentiable as it is (in a gamma's
# or chi2's shape to second order). Where a closed form cancels, an asymptotic series takes over
# (gamma's entropy from a = 10 on; SciPy's own switches at 250, its truncation 3e-14 off there).

_EULER = 0.5772156649015329
#: ``gammaln(1 + a) / a = -euler + sum_k>=2 (-1)^k zeta(k) a^(k - 1) / k`` as a polynomial in a (below a = 1/4: the
#: next term below 1e-19 of it)
_LOG_GAMMA_1P_OVER = [-_EULER] + [(-1) ** k * float(sc.zeta(k)) / k for k in range(2, 31)]


def _log_gamma_1p_over(a):
    """``gammaln(1 + a) / a`` for ``a > 0``, below ``a = 1/4`` by its series (through the quotient its derivatives
    were differences of terms ``1 / a^n``)."""
    return _piecewise(a, np.asarray(_plain(a), dtype=float) < 0.25, lambda a: sc.gammaln(1.0 + a) / a,
                      lambda a: polynomial(a, _LOG_GAMMA_1P_OVER), 1.0, 0.1)


def _shapes_positive(name, *shapes, names=None):
    """Raise ValueError ``"<name>: the shape parameters must be positive"`` (``name``: the method,
    ``dist.method``) where a shape is not positive; with ``names`` (the shapes' names) the message
    says which, and that SciPy gives NaN there. The one check of the shapes: methods call it, and
    :func:`_refusing_nonpositive_shapes` wraps every method of a distribution in it."""
    for i, shape in enumerate(shapes):
        if np.any(_plain(shape) <= 0):
            which = "" if names is None else f" ({names[i]} is not; SciPy gives NaN)"
            raise ValueError(f"{name}: the shape parameters must be positive{which}")


#: B_2k / ((2k - 1) a^(2k - 1)) - B_2k / (2k a^(2k)), k = 1..10: gamma's entropy beyond the
#: exp(-1/2) (2 pi a)^(1/2) e^(-1/(2a)) of Stirling's series (its terms below 4e-18 at a = 10);
#: B_2k from the exact table of wengert.ops.scipy_special
_BERNOULLI_2K = tuple(float(b) for b in BERNOULLI_2K)
_GAMMA_ENTROPY_FROM = 10.0


def _stirling_entropy_terms(u):
    """``sum_k B_2k (u^(2k-1) / (2k - 1) - u^(2k) / (2k))``, k = 1..10, ``u = 1/a``: the terms of
    gamma's entropy beyond ``(1 + log(2 pi a)) / 2 - 1 / (2a)`` (Stirling's series)."""
    total = 0.0
    for k, b in zip(range(len(_BERNOULLI_2K), 0, -1), reversed(_BERNOULLI_2K)):
        total = (total + b / (2 * k - 1) - b * u / (2 * k)) * (u * u if k > 1 else u)
    return total


def _held_value(y, value):
    return np.full(np.shape(y), value, dtype=np.result_type(y, np.float16))


#: ``value`` (plain: NaN, +inf or -inf) of ``y``'s shape whose derivative is NaN in a direction that moves ``y`` and 0
#: in one that does not (a zero cotangent or tangent adds nothing). With NaN, an undefined moment: its NaN derivatives
#: stay its own (as exp(NaN y), a zero cotangent times exp's NaN partial was NaN, which reached a defined entry's
#: derivative in a shared loc or scale: grad of lomax.var([0.5, 3.0], scale=s)[1] was NaN, truth 1.5 s). With an
#: infinity, a finite moment that overflowed (its derivative is not 0, and mostly not a number either).
_NAN_SLOPED = OwnPrimitive(_held_value, name="wengert.scipy.stats (an undefined or overflowed moment)", reenters="any")


def _nan_where_moving(t, y):
    # NaN t y where t moves, with NaN derivatives of every order in t and y there; 0 where it
    # does not, none reaching t or y there (both masked: y's value is NaN, and a product's zero
    # cotangent times a NaN partial is NaN). A traced t is not read: it may be the transposed
    # pullback's variable, 0 in value where it stands for every direction (reverse over forward).
    # A live zero of the sweep's cotangent (a derivative that vanishes there: log's 1 / inf) moves
    # too: grad of log(lognorm.mean(s)) at s = 50 was 0, the truth 50.
    if type(t) is Var or type(t) is Dual:
        return t * np.nan * (1.0 + 0.0 * y)
    moving = np.asarray(t) != 0
    live = _live_zeros(t)
    if live is not None and live is not False:
        moving = moving | live
    return np.where(moving, np.nan * np.where(moving, t, 0.0) * np.where(moving, y, 1.0), 0.0)


defvjp(_NAN_SLOPED, lambda ans, y, value: lambda g: unbroadcast(_nan_where_moving(g, y), np.shape(_plain(y))), None)
defjvp(_NAN_SLOPED, lambda ans, primals, tangents: _nan_where_moving(tangents[0], primals[0]) + np.zeros(np.shape(ans)))


def _infinite_where_infinite(standard, located, exists=None, shapes=()):
    """``located(standard)`` (a moment from the standard distribution's), +inf or -inf where
    ``standard`` is, with derivative 0 in every parameter: the moment is inf on a neighbourhood of
    the point, a constant, so that a composition that is finite there (exp(-mean), 1 / var) has its
    true derivative 0. loc + scale inf had d/d scale inf and d/d loc 1 (lomax.mean(0.5, 0, 2))
    beside the shapes' 0. NaN where ``standard`` is, with NaN derivatives. But where ``exists`` (a plain
    mask: the moment is finite there) holds, an infinite ``standard`` is a finite moment that overflowed:
    +inf or -inf with NaN derivatives in every parameter, the ``shapes`` and loc and scale (they were 0:
    johnsonsu.mean(0.005, b) is about -exp(800) sinh(0.2), its d/db at b = 0.025 was 0)."""
    plain = _plain(standard)
    infinite, undefined = np.isinf(plain), np.isnan(plain)
    if not np.any(infinite | undefined):
        return located(standard)
    out = located(np.where(infinite | undefined, 1.0, standard))
    if np.any(undefined):
        # a moment that does not exist (cauchy's mean): NaN derivatives in loc and scale too, as
        # _moment_where's in the shapes (loc + scale NaN had d/d loc 1)
        # (and the standard moment's own NaN derivatives in the shapes, masked out of ``out``)
        out = np.where(undefined, _NAN_SLOPED(out + np.where(undefined, standard, 0.0), np.nan), out)
    if not np.any(infinite):
        return out
    overflowed = infinite & np.broadcast_to(np.asarray(exists, dtype=bool) if exists is not None else False,
                                            np.shape(infinite))
    if np.any(overflowed):
        # (moving any parameter moves the overflowed moment: loc and scale through ``located``, the shapes added; not
        # through ``standard``, whose inf partials met the NaN cotangent at second order as 0 * inf)
        kept = located(np.where(infinite | undefined, 1.0, stop_gradient(standard)))
        moving = functools.reduce(lambda u, w: u + w, (np.where(overflowed, p, 0.0) for p in shapes), kept)
        out = np.where(overflowed, _NAN_SLOPED(moving, np.where(overflowed, plain, 0.0)), out)
    return np.where(infinite & ~overflowed, plain, out)


def _in_dtype_of(out, *arguments):
    """``out`` in the floating dtype NumPy's arithmetic gives ``arguments`` (Python numbers weak:
    float32 shapes, loc and scale give float32; Python floats float64) where that is narrower
    than ``out``'s, as a recorded ``astype`` (the gradient comes back in each argument's dtype).

    Decided (SciPy's own distributions give float64 for every method, the float32 input cast on
    entry; wengert's follow NumPy, whose functions and scipy.special's float32 loops they are
    built from, as wengert does everywhere: float32 stays float32): the moments, entropies,
    medians and intervals gave float64 for float32 input (a float64 constant or zeros in their
    closed form), the densities, tails and quantiles float32. Here the float64 closed form is
    rounded once to float32."""
    if not arguments:  # (every parameter at its Python default)
        return out
    target = _dtype_of(*arguments)
    have = _dtype_of(out)
    if target.kind != "f" or have.kind != "f" or target.itemsize >= have.itemsize:
        return out
    return astype(out, target)


def _dtype_of(*arguments):
    """The dtype NumPy's arithmetic gives ``arguments`` (Vars, Duals or plain, or lists of them;
    Python numbers weak). Their values are read without a ``wengert.jit`` guard (a replay checks the
    dtypes): through ``plain_tree`` every method guarded on its arguments' values, and no function
    of a distribution replayed (poisson.pmf recorded on every call)."""
    return np.result_type(*(p if isinstance(p, (int, float)) else np.asarray(p)
                            for p in (_unguarded(a) for a in arguments)))


def _unguarded(x):
    """``x`` with its Vars and Duals replaced by their plain values, without a ``wengert.jit`` guard."""
    while True:
        x = peek(x)
        if type(x) is not Dual:
            break
        x = x.primal
    return [_unguarded(e) for e in x] if isinstance(x, (list, tuple)) else x


def _rounded_to(out, *arguments):
    """A plain ``out`` (float64 from a SciPy function that casts its input) rounded to the
    floating dtype of ``arguments`` where that is narrower, a scalar staying a scalar."""
    target = _dtype_of(*arguments)
    if target.kind != "f" or target.itemsize >= np.result_type(out).itemsize:
        return out
    return np.asarray(out).astype(target)[()]


def _every_moment_finite(k, *shapes):
    return True


#: Where a distribution's k-th moment is finite (a function of k and the plain shapes), for those whose moments can
#: overflow (lognorm.mean(50) is exp(1250)): an infinite value there is an overflow, not a moment that does not
#: exist, and its derivatives are NaN, not 0 (:func:`_infinite_where_infinite`)
_FINITE_MOMENTS = {
    **{name: _every_moment_finite for name in ("lognorm", "gennorm", "weibull_min", "weibull_max", "dweibull",
                                               "exponnorm", "johnsonsu", "fatiguelife", "laplace_asymmetric")},
    "gengamma": lambda k, a, c: (c > 0) | (a + k / c > 0),
    "burr12": lambda k, c, d: c * d > k,
    "betaprime": lambda k, a, b: b > k,
    "invweibull": lambda k, c: c > k,
    "burr": lambda k, c, d: c > k,
    "mielke": lambda n, k, s: s > n,
    "kappa3": lambda n, a: a > n,
    "genextreme": lambda k, c: c > -1.0 / k,
}


def _add_moments(name, shapes, m, v, h, check, shape_example=2.0, note="", sd=None):
    """Add mean, var, std (not if ``v`` is None) and entropy (from ``h``) to the distribution ``name``; their examples
    take every shape ``shape_example`` (or a tuple, one each), and ``note`` (where the moments exist) ends their
    text. ``sd``: the standard distribution's standard deviation, where ``sqrt(v)`` is not exact (sqrt's infinite
    derivative at an underflowed variance)."""
    cls = _by_name(name)
    signature = _moment_signature(shapes)
    args = ", ".join(shapes)
    examples = list(shape_example) if isinstance(shape_example, tuple) else [shape_example] * len(shapes)
    example = ", ".join(repr(e) for e in examples)

    def parameters(method, call_args, kwargs):
        bound = signature.bind(*call_args, **kwargs)
        bound.apply_defaults()
        *shape_values, loc, scale = bound.args
        if check is not None:
            check(f"{name}.{method}", *shape_values)
        _standardized(f"{name}.{method}", 0.0, 0.0, scale)
        return shape_values, loc, scale

    def finite(k, s):  # (where the k-th moment is finite: an infinite value there overflowed)
        exists = _FINITE_MOMENTS.get(name)
        return None if exists is None else exists(k, *(np.asarray(_plain(p), dtype=float) for p in s))

    def mean(*call_args, **kwargs):
        s, loc, scale = parameters("mean", call_args, kwargs)
        return _in_dtype_of(_infinite_where_infinite(m(*s), lambda m: loc + scale * m, finite(1, s), s), *s, loc, scale)

    def shaped(out, s, loc, scale):  # (SciPy's shape: every parameter broadcast, loc too; NumPy's dtype)
        return _in_dtype_of(out + np.zeros(np.broadcast_shapes(*(np.shape(_plain(p)) for p in (*s, loc, scale)))),
                            *s, loc, scale)

    def var(*call_args, **kwargs):
        s, loc, scale = parameters("var", call_args, kwargs)
        return _infinite_where_infinite(v(*s), lambda v: shaped(scale * scale * v, s, loc, scale), finite(2, s), s)

    def std(*call_args, **kwargs):
        s, loc, scale = parameters("std", call_args, kwargs)
        if sd is not None:
            return _infinite_where_infinite(sd(*s), lambda sd: shaped(scale * sd, s, loc, scale), finite(2, s), s)
        return _infinite_where_infinite(v(*s), lambda v: shaped(scale * np.sqrt(v), s, loc, scale), finite(2, s), s)

    def entropy(*call_args, **kwargs):
        s, loc, scale = parameters("entropy", call_args, kwargs)
        return shaped(h(*s) + np.log(scale), s, loc, scale)

    methods = {"mean": (mean, "``loc + scale m``, ``m`` the standard distribution's mean"),
               "var": (var, "``scale**2 v``, ``v`` the standard distribution's variance"),
               "std": (std, "``scale sqrt(v)``, ``v`` the standard distribution's variance")}
    if v is None:  # (no closed form of the variance)
        del methods["var"], methods["std"]
    if h is not None and "entropy" not in vars(cls):
        methods["entropy"] = (entropy, "the differential entropy: the standard distribution's plus ``log(scale)``")
    for method, (function, text) in methods.items():
        setattr(function, "__signature__", signature)
        value = float(function(*examples, 0.5, 1.5))
        ending = "" if method == "entropy" else note
        function.__doc__ = _doc(cls, f"{text}, in {args + ', ' if args else ''}loc and scale.{ending}",
                                f"round(float({name}.{method}({example + ', ' if example else ''}0.5, 1.5)), 6)",
                                repr(round(value, 6)))
        _method(cls, method)(function)


def _add_quantile_summaries(name, shape_examples=None):
    """``median`` (``ppf(0.5, ...)``) and ``interval(confidence, ...)`` (``ppf`` at ``(1 -+
    confidence) / 2``) from the distribution's ppf; their examples at every shape 2.0 (or ``shape_examples``)."""
    cls = _by_name(name)
    ppf = cls.ppf
    shapes = list(inspect.signature(ppf).parameters)[1:-2]
    values = list(shape_examples) if shape_examples is not None else [2.0] * len(shapes)
    example = "".join(f"{v!r}, " for v in values)

    def median(*args, **kwargs):  # (ppf at a Python 0.5 may be float64 for float32 parameters)
        return _in_dtype_of(ppf(0.5, *args, **kwargs), *args, *kwargs.values())

    def interval(confidence, *args, **kwargs):
        if np.any((_plain(confidence) < 0) | (_plain(confidence) > 1)):
            raise ValueError(f"{name}.interval: confidence must be in [0, 1]")
        return tuple(_in_dtype_of(ppf(q, *args, **kwargs), confidence, *args, *kwargs.values())
                     for q in (0.5 * (1.0 - confidence), 0.5 * (1.0 + confidence)))
    setattr(median, "__signature__", _moment_signature(shapes))
    setattr(interval, "__signature__", _moment_signature(shapes, ("confidence",)))
    median.__doc__ = _doc(cls, "``ppf(0.5, ...)``: as differentiable as the distribution's ``ppf``.",
                          f"round(float({name}.median({example}0.5, 1.5)), 6)",
                          repr(round(float(median(*values, 0.5, 1.5)), 6)))
    low, high = interval(0.9, *values, 0.5, 1.5)
    interval.__doc__ = _doc(cls, "``(ppf((1 - confidence) / 2, ...), ppf((1 + confidence) / 2, ...))``, as in "
                            "SciPy: as differentiable as the distribution's ``ppf``.",
                            f"[round(float(e), 6) for e in {name}.interval(0.9, {example}0.5, 1.5)]",
                            repr([round(float(low), 6), round(float(high), 6)]))
    _method(cls, "median")(median)
    _method(cls, "interval")(interval)


def _product_excess(c, d, k):
    """``c d - k`` of plain floats, rounded once (``c d`` split exactly as ``p + e`` by Dekker's product of the
    mantissas, the exponents apart: no overflow): the float ``c d`` rounds to k where the truth is not (1e-10 * 1e10
    is 1.0, the truth 1 + 3.6e-17)."""
    (mc, ec), (md, ed) = np.frexp(np.asarray(c, dtype=float)), np.frexp(np.asarray(d, dtype=float))
    p, e = two_product(mc, md)
    with np.errstate(over="ignore", under="ignore"):
        return np.ldexp((p - np.ldexp(k, -(ec + ed))) + e, ec + ed)


# -- the moments of genpareto, lomax and f; the entropy of beta and f ---------------------------
# (halfcauchy has none: its mean is inf and its variance undefined for every loc and scale)
# Where a moment does not exist: these variables are bounded below, so the mean is +inf where its
# integral diverges; the variance is +inf where the mean is finite and the second moment is not, and
# NaN where the mean itself is infinite (X - E[X] is not defined there). SciPy is not consistent
# there (measured with SciPy 1.18): its genpareto.var is NaN for 1/2 <= c < 1, where the mean 1/(1 - c)
# is finite and the variance inf; its lomax.var is inf for c <= 1 and f.var for dfd <= 2, where the
# mean is inf (and genpareto.var, for the same distributions, NaN). In the shapes the derivative of
# an infinite moment is 0 (a constant there, as the log density's -inf outside the support), that
# of an undefined one NaN. SciPy's lomax.mean is 1/(c - 1) computed off by 1.6e-9 at c = 1e8.


def _moment_where(finite, infinite, form, shapes, safe, at=0):
    """``form(*shapes)`` where the plain mask ``finite(s)`` holds (``s``: the plain value of
    ``shapes[at]``, replaced by ``safe`` elsewhere), +inf where ``infinite(s)`` holds, NaN
    elsewhere (NaN derivatives there of every order, none outside)."""
    plain = np.asarray(_plain(shapes[at]), dtype=float)
    ok = finite(plain)
    undefined = ~(ok | infinite(plain))
    if np.all(ok):
        return form(*shapes)
    out = np.inf
    if np.any(ok):
        out = np.where(ok, form(*shapes[:at], np.where(ok, shapes[at], safe), *shapes[at + 1:]), np.inf)
    if np.any(undefined):
        # (NaN derivatives where undefined, none leaking to the others through a zero cotangent;
        # NaN times p had a second derivative 0)
        nan = _NAN_SLOPED(sum(np.where(undefined, p, 1.0) for p in shapes), np.nan)
        out = np.where(undefined, nan, out)
    return out


def _always(plain):
    return np.ones(np.shape(plain), bool)


def _digamma_excess(x):
    """``digamma(x) - log(x)``, from x = 10 on its asymptotic series ``-1/(2x) - sum_k B_2k /
    (2k x^(2k))`` (10 terms), where the difference cancels."""
    big = _plain(x) >= _GAMMA_ENTROPY_FROM

    def series(x):
        u = 1.0 / x
        return -0.5 * u - u * u * polynomial(u * u, DIGAMMA_SERIES)
    return _piecewise(x, big, lambda t: sc.digamma(t) - np.log(t), series, 1.0, 2.0 * _GAMMA_ENTROPY_FROM)


#: name -> the limits of a distribution's function at z = +inf and z = -inf (every distribution's)
_LIMITS_AT_INFINITY = {"logpdf": (-np.inf, -np.inf), "pdf": (0.0, 0.0), "cdf": (1.0, 0.0), "logcdf": (0.0, -np.inf),
                       "sf": (0.0, 1.0), "logsf": (-np.inf, 0.0)}


def _shape_functions(cls, shapes, check, rows, still=None):
    """Give the distribution ``cls`` of the shape parameters named ``shapes`` the methods of
    ``rows``, each ``(name, inside, function, outside, formula, example, value)``: ``name(x,
    *shapes, loc=0.0, scale=1.0)`` is ``function(z, *shapes, scale)`` of ``z = (x - loc) / scale``
    where ``inside(z)`` (a plain mask), ``outside`` elsewhere (:func:`_on_support`), after
    ``check(name, z, *shapes)``; its docstring is ``formula`` and its example (:func:`_doc`). ``still``
    (any value but None): where x and loc are constants and equal, z is given as a plain 0 (it does not
    move with scale), for a check that refuses a moving z at 0 only. A ``function`` with a parameter ``log_z`` is given
    :func:`_log_of_z`'s there (``log z`` with its derivatives in x and in scale apart), one with ``log_abs``
    :func:`_log_abs_of_z`'s (``log|z|``, the same), one with ``log_1mz`` :func:`_log_of_z`'s of ``1 - z`` (``log(1 -
    z)`` as ``log(scale - (x - loc)) - log(scale)``: exact where ``x - loc`` is, near ``z = 1``)."""
    signature = _moment_signature(shapes, ("x",))
    # (a check with a parameter ``inside`` is given :func:`_inside_z`'s plain z: 0 only where x == loc, not where z is
    # rounded to 0 inside the support)
    check_inside = "inside" in inspect.signature(check).parameters
    for name, inside, function, outside, formula, example, value in rows:
        def method(*args, _name=f"{cls.__name__}.{name}", _inside=inside, _function=function, _outside=outside,
                   _log_z="log_z" in inspect.signature(function).parameters,
                   _power_z="power_z" in inspect.signature(function).parameters,
                   _log_abs="log_abs" in inspect.signature(function).parameters,
                   _log_1mz="log_1mz" in inspect.signature(function).parameters, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            x, *shape_values, loc, scale = bound.args
            z = _standardized(_name, x, loc, scale)
            if still is not None and isinstance(z, (Var, Dual)) and not isinstance(x, (Var, Dual)) \
                    and not isinstance(loc, (Var, Dual)) and np.all(np.asarray(x) == np.asarray(loc)):
                # z = 0 for every scale (dz/dscale = -z / scale = 0): plain, so that the check sees an end of the
                # support that does not move (the value's dtype and shape only: no guard under wengert.jit)
                z = np.zeros_like(peek(z))
            check(_name, z, *shape_values, **({"inside": _inside_z(x - loc, scale, z)} if check_inside else {}))
            far_form = _FAR_FORMS.get(_name)
            if far_form is None:
                logs = {"log_z": _log_of_z(x - loc, scale, z)} if _log_z else {}
                if _power_z:
                    logs["power_z"] = _power_of_z(x - loc, scale, z)
                if _log_abs:
                    logs["log_abs"] = _log_abs_of_z(x - loc, scale, z)
                if _log_1mz:
                    logs["log_1mz"] = _log_of_z(scale - (x - loc), scale, 1.0 - _plain(z))
                return _on_support(_inside(_inside_z(x - loc, scale, z)), lambda z: _function(
                    z, *shape_values, scale, **logs), z, outside=_outside)
            # far out (where the form's mask holds) ``far_form(x - loc, scale, *shapes)`` (see _FAR_FORMS)
            where, far_form = far_form
            zp = np.asarray(_plain(z), dtype=float)
            with np.errstate(divide="ignore", invalid="ignore"):
                far = where(zp, *(np.asarray(_plain(v), dtype=float) for v in shape_values))
            sp = np.asarray(_plain(scale), dtype=float)
            near_z = np.where(far, 1.0, z)  # (elsewhere at z = 1: d = scale)
            logs = {"log_z": _log_of_z(np.where(far, sp, x - loc), scale, near_z)} if _log_z else {}
            if _power_z:
                logs["power_z"] = _power_of_z(np.where(far, sp, x - loc), scale, near_z)
            out = _on_support(_inside(_inside_z(x - loc, scale, zp)) & ~far, lambda z: _function(
                z, *shape_values, scale, **logs), near_z, outside=_outside)
            if np.any(far):  # (elsewhere at z = 2^64)
                out = np.where(far, far_form(np.where(far, x - loc, 2.0 ** 64 * sp), scale, *shape_values), out)
            return out
        setattr(method, "__signature__", signature)
        method.__doc__ = _doc(cls, formula, example, value)
        _method(cls, name)(method)


def _inside_z(u, scale, z):
    """The plain z for a support's mask: where z is rounded to 0 while ``u = x - loc`` is not (:func:`_not_normal_z`),
    the smallest subnormal of u's sign (betaprime.logpdf(1e-300, 0.2, 2.5, 0, 1e30) was -inf, its mask z > 0, for
    537.43)."""
    pz = np.asarray(_plain(z))
    with np.errstate(invalid="ignore"):
        if pz.dtype != np.float64 or not np.any(pz == 0):
            return pz
    pu = np.asarray(_plain(u), dtype=float)
    low = _not_normal_z(np.abs(pu), scale, pz)
    return pz if low is None else np.where(low & (pz == 0), np.where(pu < 0, -5e-324, 5e-324), pz)


def _overflowing_power_leads(z, c, below=1e-17, power_z=None):
    """Where ``c (c - 1) z^(c - 2)`` overflows and ``z^c`` is below ``below`` (a plain mask): near z = 0 for c < 1
    there (``below`` 1e-17) ``e log z + b z^c`` is a function's leading terms (the next, ``z^(2 c)``, below rounding).
    With ``power_z`` (:func:`_power_of_z`), also where z is rounded to 0 inside the support (its ``inside``)."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
        lead = _power_second_overflows(pz, pc) & (pz ** pc < below) & (pz > 0)
    inside = getattr(power_z, "inside", None)
    if inside is None or inside.shape != pz.shape:
        return lead
    return lead | (inside & (pz == 0) & (pc < 1))


def _exponent_pair(j, c, k, reciprocal=False):
    """``(e, lo)``: ``j c - k`` (``j / c - k`` if ``reciprocal``) for whole j and k and a plain c as its rounded value
    ``e`` and the rounding error ``lo`` (Dekker's product, Knuth's two-sum; a division's remainder through the
    product), for :func:`_sum_of_power_terms`' powers ``base^e (1 + lo log base)``: through ``base^e`` alone the
    exponent's rounding (c - 1 at c = 0.2 loses its last bit) was multiplied by log base, d/dx of
    halfgennorm.logpdf(3e-280, 0.2, 0, 0.6) 3.6e-14 off."""
    c = np.asarray(c, dtype=float)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if reciprocal:  # (j - p c exactly, p c = ph + pl by Dekker's product)
            p = j / c
            ph, pl = two_product(p, c)
            p_lo = ((j - ph) - pl) / c
        else:  # (j whole: its split is j and 0)
            c_hi, c_lo = veltkamp_split(c)
            p = j * c
            p_lo = (j * c_hi - p) + j * c_lo
        e = p - k
        t = e - p
        lo = (p - (e - t)) + (-k - t) + p_lo
    return e[()], np.where(np.isfinite(lo), lo, 0.0)[()]


def _low_exponent(power, lo, log_base):
    """``power`` (``base^e``) times ``base^lo = 1 + lo log base`` where both are finite (see :func:`_exponent_pair`)."""
    if not np.any(lo):
        return power
    finite = np.isfinite(log_base) & np.isfinite(power)
    return np.where(finite, power + power * np.where(finite, lo * log_base, 0.0), power)


def _sum_of_power_terms(terms, c, s, exponent, base, direct, log_base, shape, factors=None, log_lo=None):
    """The sum of ``r c^a s^b log(base)^p base^exponent(k)`` over ``terms = (((k, p, a, b), r), ...)`` (plain; with
    ``factors``, times them, :func:`_factored_power_terms`): each
    power on its own, ``base ** e`` where ``direct``, else ``exp(e log_base)``; where the sum is not
    finite (two infinite terms) again as a sum of ``exp(log|term| - max)`` times ``exp(max)``: -inf, inf or its
    finite value. (Under the caller's errstate.)"""
    if factors is not None:
        return _factored_power_terms(terms, c, s, exponent, base, direct, log_base, shape, factors, log_lo)
    groups = {}
    for (k, p, a, b), r in terms:
        groups[k, p] = groups.get((k, p), 0.0) + r * c ** a * s ** b
    if not groups:
        return np.zeros(shape)[()]
    values, logs = [], []
    for (k, p), factor in groups.items():
        e, lo = exponent(k)
        power = _low_exponent(np.where(direct, base ** e, _exp_of_product(e, log_base, log_lo)), lo, log_base)
        # (a factor 0 gives 0, where the power overflows too: _Z_TERMS's e log z at e = 0, inf * 0 was NaN)
        values.append(np.where(factor == 0, 0.0, factor * log_base ** p * power))
        # (log base < 0 too: z^c near z = 0, _power_of_z's; p log|log base| only where p != 0, 0 * log 0 was NaN)
        logs.append((np.sign(factor) * np.sign(log_base) ** p,
                     np.log(np.abs(factor)) + (p * np.log(np.abs(log_base)) if p else 0.0) + e * log_base
                     + np.where(np.isfinite(log_base), lo * log_base, 0.0)))
    return _finite_sum(values, logs, shape)


def _finite_sum(values, logs, shape):
    """The sum of ``values``; where it is not finite, of ``sign exp(t)`` over ``logs = [(sign, t), ...]`` (the same
    terms), as ``exp(max)`` times a sum of ``exp(t - max)``."""
    total = np.broadcast_to(functools.reduce(np.add, values), shape)
    if not np.all(np.isfinite(total)):
        top = functools.reduce(np.maximum, [t for _, t in logs])
        top = np.where(np.isfinite(top), top, 0.0)
        scaled = functools.reduce(np.add, [sign * np.exp(t - top) for sign, t in logs])
        total = np.where(np.isfinite(total), total, scaled * np.exp(top))
    return np.asarray(total, dtype=float)[()]


#: a binary exponent below every float's (:func:`_factored_power_terms`' for a zero factor)
_NO_EXPONENT = -(1 << 20)


def _factored_power_terms(terms, c, s, exponent, base, direct, log_base, shape, factors, log_lo=None):
    """:func:`_sum_of_power_terms`' sum times ``g h`` (``factors``, tangents or cotangents), each group's ``(sum of r c^a
    s^b) g h base^e`` one product of mantissas and a sum of exponents (frexp, ldexp; ``base^e`` from ``e log2(base)``
    where it is not a normal float): as ``(s^b g h) base^e`` the first product overflowed where base^e was tiny (the
    hessian of genpareto.logsf(1e-280 p, 0.5, 0, 1e-300 q): d2/dp2 inf, the truth 2; 1e-280 times s^-2 = 4e600), and so
    did it the other way."""
    (ms, ks), (mh, kh) = np.frexp(s), np.frexp(factors[1])
    # (g: one factor, or one per term, its key's last entry indexing the list g: _POLE_TERMS' derivatives of the rest)
    apart = isinstance(factors[0], list)
    gs = [np.frexp(g) for g in factors[0]] if apart else [np.frexp(factors[0])]
    groups = {}
    for key, r in terms:
        (k, p, a, b), which = key[:4], key[4] if apart else 0
        groups.setdefault((k, p), []).append((r * c ** a, b, which))
    if not groups:
        return np.zeros(shape)[()]
    values, logs, dominant = [], [], None
    for (k, p), parts in groups.items():
        if apart:  # (each factor's coefficients summed first: ((c^2 - c) R + 2c theta R ...) at c = 1, R's share
            # exactly 0, was R's 1e300 times -1, then +1, absorbing theta R's: gamma.pdf(1e-300, 2)'' 0 for -2)
            merged = {}
            for r, b, which in parts:
                merged[b, which] = merged.get((b, which), 0.0) + r
            parts = [(r, b, which) for (b, which), r in merged.items()]
        # (the group's sum over b scaled by 2^-(top + kh), top the largest binary exponent of a part's s^b g (a zero g
        # left out): exact zeros where its terms cancel, at s = 1 too. Scaled by the first part's, a subnormal g there
        # (theta R = -t R at t = 1e-310) put the others' 2^1029 past the largest float: d/dx of gamma.pdf(1e-310, 1.5,
        # 0, s) in the shape or the scale was +inf, the truth 5.6e154)
        # (a zero coefficient too: _POLE_TERMS' are arrays, 0 where a shape's derivative of y is)
        exponents = [np.where((gs[which][0] == 0) | (np.asarray(r) == 0), _NO_EXPONENT, ks * b + gs[which][1])
                     for r, b, which in parts]
        top = functools.reduce(np.maximum, exponents)
        scaled = functools.reduce(np.add, [r * np.ldexp(ms ** b * gs[which][0] * mh, k - top)
                                           for (r, b, which), k in zip(parts, exponents)])
        m, shift = np.frexp(scaled)
        shift = shift + top + kh
        e, lo = exponent(k)
        # (z^0 = 1 at z = 0 too: 0 * log 0 was NaN, the end of _Z_TERMS's e log z + b z^c, d2/dscale2 -inf for -e / s^2)
        e_only = np.where(np.asarray(e) == 0, 0.0, e * log_base)
        e_log = e_only + np.where(np.isfinite(log_base), lo * log_base, 0.0)
        # (base^e without lo, which _low_exponent puts in once: exp(e_log) had it twice where base^e is not direct, an
        # overflowed z, 1e-14 off: d/dx of weibull_min.logsf(1e300, 0.3, 0, 1e-10) -2.9999999999997902e-208 for -3e-208)
        power = _low_exponent(np.where(direct, base ** e, np.exp(e_only) if log_lo is None else _exp_of_product(
            e, log_base, log_lo)), lo, log_base)
        mp, kp = np.frexp(power)
        normal = np.isfinite(power) & (np.abs(power) >= np.finfo(float).tiny)
        if not np.all(normal):
            # (base^e out of the normal floats: its mantissa and binary exponent from e log(base) as a pair, e log(base)
            # = n log 2 + r with r exact (fdlibm's split): through e_log / log 2 the rounding of e log(base) ~ 900 and of
            # the quotient reached the power, d/dx of weibull_min.logsf(1e250, 0.1, 0, 1e-200) 2.3e-14 off)
            p_hi, p_lo = two_product(np.asarray(e, dtype=float) + np.zeros_like(log_base), log_base + np.zeros_like(e))
            p_lo = p_lo + np.where(np.isfinite(log_base), lo * log_base, 0.0) + (0.0 if log_lo is None else e * log_lo)
            usable = ~normal & np.isfinite(p_hi) & np.isfinite(p_lo) & (np.asarray(e) != 0)
            n = np.where(usable, np.rint(p_hi / math.log(2.0)), 0.0)
            r = (np.where(usable, p_hi, 0.0) - n * _LN2_HI) - n * _LN2_LO
            log2_power = np.where(normal, 0.0, e_log / math.log(2.0))
            whole = np.where(np.isfinite(log2_power), np.floor(log2_power), 0.0)
            m_far, k_far = np.frexp(np.exp(r) * (1.0 + np.where(usable, p_lo, 0.0)))
            mp = np.where(normal, mp, np.where(usable, m_far, np.where(np.isfinite(log2_power),
                                                                       np.exp2(log2_power - whole), power)))
            kp = np.where(normal, kp, np.where(usable, k_far + n.astype(int), whole.astype(int)))
        # (a factor 0 gives 0, where the power overflows too: _Z_TERMS's e log z at e = 0, inf * 0 was NaN)
        # (at base 0 with e > 0 the term's limit 0, log(z)^p z^e: -inf times 0 was NaN, the derivatives in c of
        # gamma.cdf at x = 0 for a < 1 through z^a)
        vanishes = (scaled == 0) | ((e > 0) & (log_base == -np.inf)) if p else scaled == 0
        # (log(base)^p inside the mantissas' product, before ldexp: a power whose value is below the subnormals, times
        # log base, is not: gamma.pdf(5e-324, a, 0, 3)'s d/da at a = 2, t^(a - 1) log t R / s, was 0 for -4.095e-322)
        values.append(np.where(vanishes, 0.0, np.ldexp(m * mp * log_base ** p, shift + kp)))
        logs.append((np.where(vanishes, 0.0, np.sign(scaled) * np.sign(log_base) ** p), np.where(
            vanishes, -np.inf, np.log(np.abs(m)) + shift * math.log(2.0) + (p * np.log(np.abs(log_base)) if p else 0.0)
            + e_log)))
        # (at base 0 the term with the least e, then the most powers of log z, decides an infinite sum: z^(c - 1) (1 +
        # c log z), inf - inf, is -inf)
        at_zero = (log_base == -np.inf) & ~vanishes & (e <= 0)
        if np.any(at_zero):
            rank = np.where(at_zero, -e * 1e3 + p, -np.inf)  # (p < 1e3 powers of log z)
            best, best_sign = dominant if dominant is not None else (np.full(shape, -np.inf), np.zeros(shape))
            dominant = (np.maximum(rank, best), np.where(rank > best, np.sign(scaled) * (-1.0) ** p, best_sign))
    total = _finite_sum(values, logs, shape)
    if dominant is not None:
        total = np.where(np.isnan(total) & (dominant[0] > -np.inf), dominant[1] * np.inf, total)
    return total


def _one_minus_product(c, z):
    """``1 - c z``, its value with the rounding of ``c z`` added back (Dekker's exact product of the
    plain values) and its derivatives those of ``1 - c z``: near ``c z = 1`` the rounding of the
    product is ``eps`` absolute, ``eps / w`` relative to ``w = 1 - c z`` (genextreme.logpdf at w = 1e-11,
    c = 0.3 was 5e-7 relative off the exact value at the float arguments, its derivative 1.5e-5)."""
    w = 1.0 - c * z
    a, b = np.asarray(_plain(c), dtype=float), np.asarray(_plain(z), dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        product, error = two_product(a, b)  # (error: c z - product)
    exact = (1.0 - product) - np.where(np.isfinite(error), error, 0.0)
    return w + (exact - _plain(w))


#: The functions the five take from levy, lognorm, gamma and beta; levy_l's at -x from levy's
#: mirrored one (its cdf is levy's sf, ...; its quantiles minus levy's other quantile)
_MIRRORED = {"logpdf": "logpdf", "pdf": "pdf", "cdf": "sf", "logcdf": "logsf", "sf": "cdf", "logsf": "logcdf",
             "ppf": "isf", "isf": "ppf", "entropy": "entropy"}
_BORROWED = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "mean", "var", "std", "entropy",
             "median", "interval")


def _first_arguments(name):
    """The arguments before the shapes of the method ``name``: ``x``, ``q``, ``confidence`` or none."""
    if name in ("ppf", "isf"):
        return ("q",)
    if name == "interval":
        return ("confidence",)
    return () if name in ("mean", "var", "std", "entropy", "median") else ("x",)


def _checked_arguments(label, signature, args, kwargs):
    """The arguments of the call ``label(*args, **kwargs)`` by name, defaults filled in, with its
    scale, q and confidence checked under ``label`` (the borrowed function's messages would name
    the other distribution)."""
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    arguments = bound.arguments
    _standardized(label, 0.0, 0.0, arguments["scale"])
    if "q" in arguments:
        _q(label, arguments["q"])
    if "confidence" in arguments and np.any((_plain(arguments["confidence"]) < 0)
                                            | (_plain(arguments["confidence"]) > 1)):
        raise ValueError(f"{label}: confidence must be in [0, 1]")
    return arguments


def _borrow(cls, name, shapes, call, text, example, value):
    """Add ``cls.<name>``, SciPy's signature (the first arguments, ``shapes``, loc, scale):
    ``call(label, arguments)`` of its arguments by name, after :func:`_checked_arguments`."""
    signature = _moment_signature(shapes, _first_arguments(name))
    label = f"{cls.__name__}.{name}"

    def method(*args, **kwargs):
        return call(label, _checked_arguments(label, signature, args, kwargs))
    setattr(method, "__signature__", signature)
    method.__doc__ = _doc(cls, text, example, value)
    _method(cls, name)(_quiet(method) if name in ("ppf", "isf") else method)


def _taken_call(base, name, shapes):
    """``base.<name>`` at the first arguments, ``shapes(label, arguments)`` (base's shapes, from the
    call's own, checked under ``label``), loc and scale."""
    def call(label, arguments):
        first = [arguments[a] for a in _first_arguments(name)]
        return getattr(base, name)(*first, *shapes(label, arguments), arguments["loc"], arguments["scale"])
    return call


def _borrowed_example(dist, name, shapes=""):
    """The doctest call of ``dist.<name>`` (x = 1.5, -1.5 for levy_l, 0.3 on [0, 1]; q = 0.3; confidence 0.9)."""
    x = {"levy_l": "-1.5, ", "powerlaw": "0.3, ", "arcsine": "0.3, "}.get(dist, "1.5, ")
    first = {"x": x, "q": "0.3, ", "confidence": "0.9, "}
    args = ("".join(first[a] for a in _first_arguments(name)) + shapes).rstrip(", ")
    if name == "interval":
        return f"[round(float(e), 6) for e in {dist}.interval({args})]"
    return f"round(float({dist}.{name}({args})), 6)"


def _log_of(v):
    """``log(v)``, a Python float for a Python number (``np.log(1.0)``, a float64 scalar, made
    float32 results float64)."""
    return math.log(v) if isinstance(v, (int, float)) else np.log(v)


def _log_expm1(z):
    """``log(e^z - 1)`` for ``z > 0``, as ``z + log(1 - e^-z)``: exact as z goes to 0 and far out
    (through ``log(expm1(z))`` the second derivative cancelled to ``-e^-z`` as z grows)."""
    return z + _log1mexp(-z)


#: From this c on, e^c E1(c) is its continued fraction (depth _GOMPERTZ_CF_DEPTH, within 2e-16 of mpmath
#: from c = 5 on, derivatives too); below, exp(c) exp1(c), whose derivatives cancel as c grows (f'' =
#: f - 1/c + 1/c^2: 1.7e-13 relative off at c = 40, 2.9e-11 at 700)
_GOMPERTZ_CF_FROM = 5.0
_GOMPERTZ_CF_DEPTH = 40


def _scaled_exp1(c):
    """``e^c E1(c)`` for ``c > 0`` (gompertz's mean): below ``_GOMPERTZ_CF_FROM`` ``exp(c) exp1(c)``,
    above the continued fraction ``1 / (c + 1 - 1 / (c + 3 - 4 / (c + 5 - ...)))``, whose derivatives by
    composition are sums of terms of one sign."""
    def fraction(c):
        d = c + (2.0 * _GOMPERTZ_CF_DEPTH + 1.0)
        for k in range(_GOMPERTZ_CF_DEPTH, 0, -1):
            d = c + (2.0 * k - 1.0) - (k * k) / d
        return 1.0 / d
    return _piecewise(c, _plain(c) >= _GOMPERTZ_CF_FROM, lambda c: np.exp(c) * sc.exp1(c), fraction, 1.0,
                      2.0 * _GOMPERTZ_CF_FROM)


#: ``log gamma(1 + a) = -euler a + sum_k>=2 (-1)^k zeta(k) a^k / k``: its coefficients of ``a^1 .. a^8``
_LOG_GAMMA_1P_SERIES = [0.0, -0.5772156649015329] + [(-1) ** k * float(sc.zeta(k)) / k for k in range(2, 9)]


def _log_gamma_1p(a):
    """``gammaln(1 + a)``; below ``a = 1e-3`` its series (the next term below 1e-18 of the sum): through ``1 + a``
    the rounding of a's low digits lost them (0 for a = 1e-300, -5.8e-301: nakagami.logcdf(1e-300, 1e-300) was
    2.8e-4 relative off). A Python float for a Python ``a`` (a float64 scalar made float32 results float64)."""
    if isinstance(a, (int, float)):
        return polynomial(a, _LOG_GAMMA_1P_SERIES) if abs(a) < 1e-3 else math.lgamma(a + 1.0)
    return _piecewise(a, np.abs(np.asarray(_plain(a), dtype=float)) < 1e-3, lambda a: sc.gammaln(a + 1.0),
                      lambda a: polynomial(a, _LOG_GAMMA_1P_SERIES), 1.0, 1e-4)


def _lower_gamma_tails(a, z, w, power, log_power, upper, log, safe):
    """``gammainc(a, w(z))`` (``upper``: ``gammaincc``), or its log: where ``gammainc < 1/2`` and ``w < max(1,
    (a + 1) / 4)``, from ``P = w^a e^-w S / gamma(a + 1)`` (S :func:`_lower_gamma_sum`, 40 terms: their
    ratio below 1/4 from the second on) with ``w^a`` as ``power(z)`` and its log as ``log_power(z)``,
    functions of z itself (maxwell's ``z^3``, its log ``3 log z`` one primitive, :data:`_LOG_POWER`), so that the lower tail and its log keep their digits where
    ``w`` underflows, and at ``w = 0`` the derivatives are the power's (through gammainc's rule maxwell's
    cdf'' at 0 was ``inf * 0``: its x-derivative ``w^(a - 1)`` times ``dw/dz = 0``); Q is ``1 - P`` there, its
    log ``log1p(-P)``. The log tails' derivatives are those of the series there (through log(gammainc)
    d2/da2 was P''/P - (P'/P)^2, cancelling: 4.2e-12 off at a = 30, w = 1.65). Elsewhere
    ``gammainc``/``gammaincc`` (the log of a tail near 1 as ``log1p`` of the other, far in the upper tail
    :func:`_log_gammaincc`). ``safe``: a z of each region (elsewhere, the series')."""
    pa = np.asarray(_plain(a), dtype=float)
    with np.errstate(over="ignore", under="ignore"):
        # (plain: w may close over a traced shape, nakagami's nu z^2; gammainc of it computed a derivative)
        pw = np.asarray(_plain(w(np.asarray(_plain(z), dtype=float))), dtype=float)
        # (and below w = 1e-20 where P > 1/2 (a tiny a): there gammaincc's rule of w took w^(a - 2) / gamma(a), which
        # overflows below w = 1e-154 while its product with (dw/dx)^2 does not: d2/dx2 of chi.logsf(2e-155, 5e-4, 0,
        # 0.5) (w = 8e-310) inf - inf = NaN for 7.0e306)
        series = (pw < np.maximum(1.0, 0.25 * (pa + 1.0))) & ((sc.gammainc(pa, pw) < 0.5) | (pw < _TAIL_SERIES_BELOW))
    log_gamma = _log_gamma_1p(a)

    def lower_series(z):
        # (where w >= 1, w^a e^-w / gamma(a + 1) from the logs: w^a alone overflowed there for a large a,
        # nakagami's, inf * 0 = NaN; maxwell's series ends at w = 1)
        big = _plain(w(np.asarray(_plain(z), dtype=float))) >= 1.0
        return _piecewise(z, big, lambda z: power(z) * np.exp(-log_gamma - w(z)),
                          lambda z: np.exp(log_power(z) - log_gamma - w(z)), safe[1], safe[1]) * (
            1.0 + _lower_gamma_sum(a, w(z), 40))

    def log_lower(z):
        return log_power(z) - log_gamma - w(z) + np.log1p(_lower_gamma_sum(a, w(z), 40))

    def near_zero(z):
        if not upper:
            return log_lower(z) if log else lower_series(z)
        # where P > 1/2 here (w underflowed to 0, so gammainc's test passed, while w^a did not: a = 1e-300,
        # P = 1 - 2e-297 at nakagami's z = 1e-300), Q from log P: 1 - P was 0 (nakagami.logsf(1e-300, 1e-300)
        # and chi.logsf's -inf, truth -682.8)
        with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
            high = np.asarray(_plain(log_lower(np.asarray(_plain(z), dtype=float))), dtype=float) > -_LOG_2
        return _piecewise(z, high, lambda z: np.log1p(-lower_series(z)) if log else 1.0 - lower_series(z),
                          lambda z: _log1mexp(log_lower(z)) if log else -np.expm1(log_lower(z)), safe[1], z)

    def elsewhere(z):
        if not log:
            return sc.gammaincc(a, w(z)) if upper else sc.gammainc(a, w(z))
        if upper:
            return _tail(lambda w: sc.gammaincc(a, w), lambda w: sc.gammainc(a, w), True, lambda w: _log_gammaincc(a, w),
                         plain_fn=lambda w: sc.gammaincc(pa, w))(w(z))
        return _tail(lambda w: sc.gammainc(a, w), lambda w: sc.gammaincc(a, w), True,
                     plain_fn=lambda w: sc.gammainc(pa, w))(w(z))
    with np.errstate(divide="ignore", over="ignore"):  # (-inf and inf at the ends, as SciPy's)
        return _piecewise(z, series, elsewhere, near_zero, *safe)


def _density_from_zero(z, log_density, powers, exponent, plain_log_density, over=None):
    """A density on ``z >= 0``: ``exp(log_density(z))``, ``powers(z)`` (the same written with the power
    ``z^exponent``) at and near ``z = 0`` (:func:`_exp_at_ends`), divided by ``over`` if given; 0 with derivatives 0
    far out, where ``plain_log_density`` is below ``_VANISHING_LOG`` (:func:`_vanishing`), never at z = 0 itself: there
    the log density is -inf where the density's slope is not 0 (nakagami's at nu = 1, 2, was 0 there). (Read at
    max(z, 1), as it was, it took every z below 1 for the density at 1: betaprime.pdf(1e-6, 0.5, 1e6) was 0.0, the
    truth 207553.7, whose log density at 1 is -693147; at z > 0 a density below e^-3000 has every derivative below
    e^-3000 z^-n, 0 in floats.)"""
    def density(z):
        out = _exp_at_ends(log_density, powers, z, (0.0,), (exponent,))
        return out if over is None else out / over

    def log_value(z):
        z = np.asarray(z, dtype=float)
        return np.where(z == 0, np.inf, plain_log_density(np.where(z > 0, z, 1.0)))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return _vanishing(log_value, density, z, 1.0, 0.0)
def _quantile_primitive(name, plain, log_pdf, sign, in_shape, slope_partials=None):
    """A quantile ``x(q, s)`` (``s`` its shape) as one primitive: ``plain(q, s)`` its value, its q-derivative
    ``sign exp(-log_pdf(x, s))`` (``1 / pdf(x)``, ``sign`` -1 for an isf) and its s-derivative ``in_shape(q, s,
    quantile)``, both traced in x, so every higher derivative is a product (``x'' = -log_pdf'(x) x'^2``): through
    ``sqrt(gammaincinv(nu, q) / nu)`` nakagami's second derivative in q was two terms of size 1/q cancelling to
    size q (all of it at nu = 1/2: 100x off at q = 1e-9). Used where ``w = nu x^2 < 1``: x's rounding
    reaches the density's log times ``2 w`` (beyond, the chain through w, which cancels as ``1 / (2 w)``).
    ``slope_partials``: ``(in_q, in_s)``, each ``f(q, s, quantile, slope)``, the q-derivative's own partials written
    out (it is then a primitive too), where through log_pdf's chain rule ``-slope (log_pdf_x x_s + log_pdf_s)`` its
    two terms cancel (foldnorm's, to ``-c sech(c x)^2``)."""
    quantile = OwnPrimitive(plain, name=f"wengert.scipy.stats.{name}", reenters="any")

    def slope(q, s):
        return sign * np.exp(-log_pdf(quantile(q, s), s))
    if slope_partials is not None:
        slope = OwnPrimitive(slope, name=f"wengert.scipy.stats.{name} (d/dq)", reenters="any")
        _def_partials(slope, *(lambda q, s, f=f: f(q, s, quantile, slope) for f in slope_partials))
    _def_partials(quantile, slope, lambda q, s: in_shape(q, s, quantile))
    return quantile


def _gengamma_z_at(w, c):
    """The z where ``z^c = w`` (plain), kept in [1e-300, 1e300]: a stand-in point of a region."""
    with np.errstate(over="ignore", under="ignore", divide="ignore"):
        return np.clip(np.exp(np.log(w) / c), 1e-300, 1e300)


#: Where ``|h| <= _STD_LEADING`` and ``|h| <= _STD_LEADING x`` (``h = 1 / c``, ``x`` the point the second
#: differences are taken about), ``sqrt(expm1(D)) = |h| sqrt(S) (1 + h^2 (T / (24 S) + S / 4) + ...)`` (``D = h^2 S +
#: h^4 T / 12 + ...``, ``S`` the sum of the trigammas, ``T`` of the tetragammas) is its leading term within
#: ``h^2 (1 / (2 x^2) + 1 / (4 x) + 0.6) < 1.4e-18``: ``D`` underflowed for ``|h|`` below 1e-154 (burr12.std(1e300, 2)
#: was 0 for 1.28e-300)
_STD_LEADING = 1e-9


def _std_leading_term(h, x, extra):
    """``|h| sqrt(psi'(x) + extra)``, below ``x = 1`` as ``(|h| / x) sqrt(1 + x^2 (psi'(1 + x) + extra))`` (``psi'(x)
    = 1 / x^2 + psi'(1 + x)``: psi'(x) overflows from x = 1e-154)."""
    px = np.asarray(_plain(x), dtype=float)
    return _two_forms(px < 1.0, lambda h, x, extra: np.abs(h) * np.sqrt(_polygamma(1, x) + extra),
                      lambda h, x, extra: np.abs(h) / x * np.sqrt(1.0 + x * x * (_polygamma(1, 1.0 + x) + extra)),
                      (h, x, extra), (1e-20, 2.0, 1.0), (1e-20, 0.5, 1.0))


def _leading_here(h, x):
    """The plain mask of :data:`_STD_LEADING`'s condition."""
    ph, px = np.abs(np.asarray(_plain(h), dtype=float)), np.asarray(_plain(x), dtype=float)
    return (ph <= _STD_LEADING) & (ph <= _STD_LEADING * px)


def _bracket_closed(below, above):
    """Where Newton's bracket ``(below, above)`` holds no float between its ends: the root is found to a place (a
    log tail's rounding, ``|log q| eps``, can keep its steps above any relative tolerance there, so that Newton's
    point and the bracket's middle fall on the bracket's ends forever: foldnorm.ppf(1e-10, 1e-3) and rice.ppf(4.8e-24,
    10) were NaN, "not converged").

    >>> bool(_bracket_closed(np.float64(1.0), np.nextafter(1.0, 2.0))), bool(_bracket_closed(1.0, 1.0 + 1e-15))
    (True, False)
    """
    return above <= np.nextafter(below, np.inf)


def _newton_root_in_bracket(g, z, lo, hi, failure):
    """The root of an increasing ``g`` (``g(z) -> (value, slope)``, plain floats) in ``[lo, hi]`` from ``z``: Newton's
    steps kept in the bracket found so far (else its midpoint), until a step is within the float's spacing or the
    bracket holds no more than two; ``failure``, the ValueError's message, after 400 steps.

    >>> round(_newton_root_in_bracket(lambda z: (z * z - 2.0, 2.0 * z), 1.0, 0.0, 2.0, "no root"), 15)
    1.414213562373095
    """
    for _ in range(400):
        gz, slope = g(z)
        if gz == 0.0:
            return z
        if gz > 0.0:
            hi = z
        else:
            lo = z
        step = gz / slope if 0.0 < slope < math.inf else math.inf
        if abs(step) <= 2.0 * math.ulp(z):  # (converged: a step within the float's spacing)
            return min(max(z - step, lo), hi)
        z = z - step if lo < z - step < hi else 0.5 * (lo + hi)
        if hi - lo <= 2.0 * max(math.ulp(lo), math.ulp(hi)):
            return z
    raise ValueError(failure)


def _newton_step_in_bracket(z, new, done, below, above):
    """Newton's next point ``new`` where it stays inside ``(below, above)`` and is finite, else the bracket's middle."""
    outside = ~done & (~((new > below) & (new < above)) | ~np.isfinite(new))
    return np.where(outside, _bracket_middle(below, above, z), new)


def _bracket_middle(below, above, z):
    """The middle of Newton's bracket ``(below, above)`` (``above`` may be inf) in ``log z``: ``sqrt(below)
    sqrt(above)`` where ``below > 0`` (``sqrt(below above)`` underflowed to 0 below 1e-162: ncx2.ppf(2.8e-84, 1, 1),
    whose root is 3.4e-167, was NaN), else half the smaller of ``above`` and ``z``.

    >>> float(_bracket_middle(1e-200, 1e-160, 1.0)), float(_bracket_middle(0.0, np.inf, 3.0))
    (1e-180, 1.5)
    """
    top = np.minimum(above, 1e300)
    with np.errstate(invalid="ignore", under="ignore"):
        product = np.sqrt(below * top)  # (a float's own square root where it does not underflow: the point as before)
        apart = np.clip(np.sqrt(below) * np.sqrt(top), below, top)  # (rounded twice: kept inside)
        return np.where(below > 0, np.where(product >= below, product, apart), 0.5 * np.minimum(above, z))


def _inverse_slope(z, log_density, inside, stand_in, sign):
    """``dx / dq = sign / pdf(x)`` at the quantile ``z`` (traced: every higher derivative a product), from its
    ``log_density(z)`` where ``inside(plain z)`` (``stand_in`` in place of the other points), ``+-inf`` elsewhere (q =
    0 and 1, where the density is 0: through the log density inf - inf = NaN there)."""
    pz = _plain(z)
    here = inside(pz)
    if np.all(here):
        return sign * np.exp(-log_density(z))
    return np.where(here, sign * np.exp(-log_density(np.where(here, z, stand_in))), sign * np.inf)


def _root_quantile(dist, shape, plain, dq, dshape, steep_mixed=None):
    """The quantile of ``_quantiles`` for the distribution ``dist`` of one positive shape (named ``shape``) whose
    standard ppf and isf are roots: ``loc + scale x``, ``x`` one primitive in q and the shape, ``plain(upper)`` its
    plain value, ``dq(q, shape, quantile, sign)`` and ``dshape(q, shape, quantile)`` its partials, traced in x (the
    inverse function rule), so every higher derivative is a product; ``steep_mixed``: :func:`_located`'s, the direction
    of d2/dq dshape at a steep end."""
    primitives = []
    for name, upper in (("ppf", False), ("isf", True)):
        root = OwnPrimitive(plain(upper), name=f"wengert.scipy.stats.{dist}.{name}", reenters="any")
        _def_partials(root, lambda q, s, _root=root, _sign=-1.0 if upper else 1.0: dq(q, s, _root, _sign),
                      lambda q, s, _root=root: dshape(q, s, _root))
        primitives.append(root)

    def quantile(name, q, s, loc, scale, upper):
        _shapes_positive(name, s, names=[shape])
        return _located(name, q, loc, scale, lambda q, s: primitives[upper](q, s), shapes=(s,),
                        steep_mixed=steep_mixed)
    return quantile


def _refuse_a_jump(name, traced, at, where, why):
    """Refuse (:class:`~wengert.NoGradientRule`) where ``at`` (a plain mask) holds if ``traced``."""
    if traced and np.any(at):
        raise NoGradientRule(f"wengert.scipy.stats.{name} has no derivative where {where}: {why}. Evaluate away from "
                             "it, or pass the arguments as constants (wengert.stop_gradient).")


def _kinked_at_mode(x, c, name, where):
    """``x`` marked (:func:`_kinked_at`) so that a second derivative where ``x == c`` raises; ``c`` may be traced."""
    if isinstance(x, (Var, Dual)) or not isinstance(c, (Var, Dual)) or not np.any(x == c):
        return _kinked_at(x, c, name, where)
    return _kinked_at(x + 0.0 * c, c, name, where)


def _one_minus(small, near_one, log):
    """``1 - small`` (``log1p(-small)``) where ``small`` is below 1/2, else ``near_one`` (``log(near_one)``): the same
    value written without the cancellation, used only where its derivatives do not cancel (the tail near 1); each
    form only on its own points."""
    s = _plain(small) < 0.5
    direct, other = (lambda u: np.log1p(-u), np.log) if log else (lambda u: 1.0 - u, lambda v: v)
    if np.all(s):
        return direct(small)
    if not np.any(s):
        return other(near_one)
    return np.where(s, direct(np.where(s, small, 0.25)), other(np.where(s, 1.0, near_one)))


def _log_z_inside(log_z, scaled=False):
    """``log w`` for ``w >= 0``: where ``w > 0`` ``log_z(w)`` (:func:`_log_of_z`'s, given), at 0 ``np.log(w)`` itself (-inf,
    the second derivatives refused there by w's kink marks); ``log(w, c)``: ``c log w``, at 0 :data:`_LOG_POWER`'s;
    ``scaled``: log_z's."""
    if log_z is None:
        return np.log

    def log(w, c=None):
        pw = np.asarray(_plain(w))
        inside = pw > 0
        if np.all(inside):
            return log_z(w, scaled=scaled) if c is None else log_z(w, c, scaled=scaled)
        at = np.where(inside, w, 1.0)
        return np.where(inside, log_z(at, scaled=scaled) if c is None else log_z(at, c, scaled=scaled),
                        np.log(np.where(inside, 1.0, w)) if c is None else _LOG_POWER(np.where(inside, 1.0, w), c))
    return log


def _closed_support_function(name, inside, end, stand_in, open_ends=False, start=None):
    """``name`` on ``0 <= z <= end(*shapes)`` (SciPy's closed support; ``start(*shapes) <= z`` with ``start``) from
    ``inside(z, *shapes, scale)``, its constants below and above (derivatives 0), ``inside`` evaluated at
    ``stand_in(*shapes)`` (plain) in place of the points outside; with ``open_ends``, the ends ``z = 0`` (``start``)
    and ``end`` take the constants too (a function whose formula is undefined there and whose limits are those
    constants)."""
    below, above = {"logpdf": (-np.inf, -np.inf), "pdf": (0.0, 0.0), "cdf": (0.0, 1.0), "logcdf": (-np.inf, 0.0),
                    "sf": (1.0, 0.0), "logsf": (0.0, -np.inf)}[name]

    def function(z, *shapes_and_scale):
        *shape_values, scale = shapes_and_scale
        pz = np.asarray(_plain(z), dtype=float)
        ps = [np.asarray(_plain(v), dtype=float) for v in shape_values]
        shape = np.broadcast_shapes(pz.shape, *(p.shape for p in ps))
        lowest = 0.0 if start is None else start(*ps)
        low = np.broadcast_to((pz <= lowest) if open_ends else (pz < lowest), shape)
        high = np.broadcast_to((pz >= end(*ps)) if open_ends else (pz > end(*ps)), shape)
        with np.errstate(divide="ignore"):  # (the log density and log tails at the ends: -inf, the truth)
            if not np.any(low | high):
                return inside(z, *shape_values, scale)
            point = np.broadcast_to(stand_in(*ps), shape)
            return np.where(low, below, np.where(high, above, inside(np.where(low | high, point, z), *shape_values,
                                                                     scale)))
    return function
#: ``expm1(b) - b`` and ``sinh(u) - u``: 1 / k! for k = 2..31 (below 1e-17 of the sums at 2)
_EXPM1_MINUS_X = tuple(1.0 / math.factorial(k) for k in range(2, 32))


def _log_hypot1(z):
    """``log(1 + z^2) / 2``: ``log1p(z^2) / 2`` below ``|z| = 1``, ``log|z| + log1p(z^-2) / 2`` from there (through
    ``log(hypot(1, z))`` its derivative ``z / hypot(1, z)^2`` was 0 from ``|z| = 1.3e154`` on, truth ``1 / z``; ``z^-2``
    as ``(1 / z)^2``: ``z * z`` overflowed there, a warning)."""
    pz = np.abs(np.asarray(_plain(z), dtype=float))
    return _piecewise(z, pz >= 1.0, lambda z: 0.5 * np.log1p(z * z),
                      lambda z: np.log(np.abs(z)) + 0.5 * np.log1p((1.0 / z) ** 2), 0.5, 2.0)


def _invweibull_far_u(d, s, c):
    """``z^-c``."""
    return _Z_POWER_TERMS(d, s, c, j=-1, terms=(((0, 0, 0, 0), 1),))


def _invweibull_far_logpdf(d, s, c):
    # log(c) - (c + 1) log(z) - z^-c - log(s)
    return (np.log(c) + _Z_POWER_TERMS(d, s, c, j=0, terms=(((0, 1, 1, 0), -1), ((0, 1, 0, 0), -1)))
            - _invweibull_far_u(d, s, c) - np.log(s))


def _invweibull_far_logsf(d, s, c):
    # log(1 - exp(-u)), u = z^-c: -c log(z) + log((1 - e^-u) / u) below u = 1/2
    u = _invweibull_far_u(d, s, c)
    small = np.asarray(_plain(u)) < 0.5
    return np.where(small, _Z_POWER_TERMS(d, s, c, j=0, terms=(((0, 1, 1, 0), -1),))
                    + _log_expm1_ratio(np.where(small, u, 0.25)), _log1mexp(-np.where(small, 1.0, u)))


#: Far out (z = (x - loc) / scale from the threshold on) the functions of d = x - loc, the scale and the shapes that
#: _shape_functions' methods take there (through _Z_POWER_TERMS): through z the s-derivatives met dz/ds = -z / s,
#: squared, times z-derivatives, tiny: d2/ds2 of invweibull.logsf(1e300, 0.5, 0, s) at s = 1 was -1.0, the truth
#: -0.5 (z^(-c - 2) underflowed), at 1e160 -0.5000056; d2/ds2 of its logcdf 0 and 1e-80 for 2.5e-151 and 2.5e-81;
#: or cancelled: -c log(z)'s d2/dx ds (0) as two terms, 1 / (x s) apart: d2/dx ds of logsf(1e5, 3) was 4.74e-20 and
#: 5.08e-20 (the two orders), the truth 4.5e-20. (From z = 2 on where c log(z) >= 1/2: u = z^-c below 1; nearer c
#: log z = 0 _invweibull_excess's series.)
_FAR_FORMS = {name: (lambda z, c: (z >= 2.0) & (c * np.log(np.maximum(z, 1.0)) >= 0.5), form) for name, form in (
    ("invweibull.logcdf", lambda d, s, c: -_invweibull_far_u(d, s, c)),
    ("invweibull.cdf", lambda d, s, c: np.exp(-_invweibull_far_u(d, s, c))),
    ("invweibull.sf", lambda d, s, c: -np.expm1(-_invweibull_far_u(d, s, c))),
    ("invweibull.logsf", _invweibull_far_logsf),
    ("invweibull.logpdf", _invweibull_far_logpdf))}  # (invweibull.pdf's: _extreme_value's, from z = 2 on)


def _power_product_check(labels):
    """The check of two positive shapes ``labels`` whose product is the density's power of ``z`` at 0 (burr's c d,
    exponweib's a c): for a density, a traced shape refused at ``z = 0`` where the product is 1
    (:func:`_refuse_a_jump_in_shape`)."""
    first, second = labels
    where, power = f"{first} {second} = 1 where x == loc", f"z**({first} {second} - 1)"

    def check(name, z, u, v, inside=None):
        _shapes_positive(name, u, v, names=[first, second])
        if name.endswith("pdf"):
            for shape, label in ((u, first), (v, second)):
                _refuse_a_jump_in_shape(name, shape, lambda: _x_at_loc(z, inside) & (u * v == 1), label, where,
                                        power)
    return check


def _leading_powers_at_zero(z, e, c, d, powers, k=None, third_term=None, power=np.power):
    """``powers(z) = z^e (1 + z^c)^-k`` (``k = d + 1`` unless given: burr's density at ``e = c d - 1``, burr12's at ``c -
    1``; burr's cdf at ``e = c d``, ``k = d``), at ``z = 0`` and where ``(1 + k) z^c < _BURR_TINY`` as its leading
    terms ``z^e - k z^(e + c) + k (k + 1) / 2 z^(e + 2 c)``: each derivative there is the first term's whose power's
    factor ``e (e - 1) ...`` is not 0, so the second only where e is 0 or 1 (near 0: where its derivatives are not
    below rounding beside the first's) and the third only where e = 0 and c = 1. Through the product the second
    derivative was ``2 (z^e)' ((1 + z^c)^-k)'`` = inf * 0 at 0 (NaN, the truth -inf: burr at 1 < c d < 2, burr12 at
    1 < c < 2), and for c < 1 the first ``z^e`` times ``-inf`` (NaN, the truth +inf); near 0 ``z^e`` times the second
    factor's ``k c (c + 1) z^(c - 2)``, which overflows alone (kappa3.cdf'' at a = 0.5, z = 1e-300 was +inf, the truth
    -1.2e151; mielke.pdf'' at k = 2, s = 0.5 +inf, the truth -7.5e150; mielke.cdf'' there NaN, the truth 2).
    ``third_term``: the third term's coefficient where it is not ``k (k + 1) / 2`` (exponweib's)."""
    k = d + 1.0 if k is None else k
    third_coefficient = 0.5 * k * (k + 1.0) if third_term is None else third_term
    pz = np.asarray(_plain(z), dtype=float)
    pe, pc, pk = (np.asarray(_plain(v), dtype=float) for v in (e, c, k))
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        u = np.where(pz < 1.0, np.power(np.minimum(pz, 1.0), pc), np.inf)
        lead = np.broadcast_to((pz == 0) | ((1.0 + np.abs(pk)) * u < _BURR_TINY),
                               np.broadcast_shapes(pz.shape, pe.shape, pc.shape, pk.shape))
        # (the second term's derivatives to second order against the first's, whose factors are e and e (e - 1))
        second = (1.0 + np.abs(pk)) * (1.0 + np.abs(pe) + pc) ** 2 * u >= _BELOW_ROUNDING * np.minimum(
            np.abs(pe), np.abs(pe * (pe - 1.0)))
    third = (pe == 0) & (pc == 1)
    if not np.any(lead):
        return powers(z)

    def leading(z, e, c, k):
        at_zero = power(z, e)
        # (the later terms only where they are needed; elsewhere exponent 3, coefficient 0 by np.where: every
        # derivative 0, where an exponent in (0, 1] refused power's mixed derivative in its exponent at 0)
        if np.any(second):
            at_zero = at_zero - np.where(second, k, 0.0) * power(z, np.where(second, e + c, 3.0))
        if np.any(third):
            at_zero = at_zero + np.where(third, third_coefficient, 0.0) * power(
                z, np.where(third, e + 2.0 * c, 3.0))
        return at_zero
    if np.all(lead):
        return leading(z, e, c, k)
    # (the stand-in of the leading terms where z^c = 1e-25 / (1 + k): their powers finite)
    return _two_forms(lead, lambda z, e, c, k: powers(z), leading, (z, e, c, k), (0.5, e, c, k),
                      (_gengamma_z_at(1e-25 / (1.0 + np.abs(pk)), pc), e, c, k))


#: Below this ``(1 + k) z^c`` burr's and burr12's densities and burr's cdf, ``z^e (1 + z^c)^-k``, are their leading
#: powers (:func:`_leading_powers_at_zero`; the next relative ``k^2 z^(2 c)``)
_BURR_TINY = 1e-20


def _log1p_minus_leading(p, z, e, again, factor=1.0, power=np.power):
    """``log1p(-p)`` for a lower tail ``p = again(z)`` whose leading power near ``z = 0`` is ``factor z^e``: at 0 and where
    ``p`` is tiny ``-p - p^2 / 2``, the square as ``factor^2 z^(2 e)`` and only where it carries the second derivative
    (``p'^2`` against ``p''`` is ``e / (e - 1) p``): log1p's chain rule took ``-p'' - p'^2 = inf - inf`` there where e < 1
    (burr.logsf'' at c = d = 1/2, z = 0 or 1e-300: NaN, the truth +inf)."""
    pp, pe = np.asarray(_plain(p), dtype=float), np.asarray(_plain(e), dtype=float)
    tiny = pp < _BELOW_ROUNDING
    if not np.any(tiny):
        return np.log1p(-p)
    square = np.abs(pe - 1.0) <= pe * pp / _BELOW_ROUNDING
    at_zero = -p - np.where(square, 0.5, 0.0) * factor * factor * power(z, np.where(square, 2.0 * e, 2.0))
    if np.all(tiny):
        return at_zero
    return np.where(tiny, at_zero, np.log1p(-again(np.where(tiny, 0.5, z))))


def _cornered_z(name, z, located, why, shape, at=0.0, where="x == loc"):
    """``z`` of a distribution whose density has a corner at ``z = at`` (``located``: x, loc and scale; ``where``: the
    point in words): where one of them is traced and z is there, a density (``name`` ending in ``pdf``) refuses
    (``why``: its slopes there), a tail's z is marked so that its second derivative there is refused (its first
    derivative is the density, one number for both sides)."""
    if not any(isinstance(v, (Var, Dual)) for v in located) or not np.any(_plain(z) == at):
        return z
    if name.endswith("pdf"):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in x, loc or scale at {where}: {why}. Evaluate away from "
            f"{where}, or pass x, loc and scale as constants (wengert.stop_gradient) to differentiate in {shape}.")
    if at != 0:
        return _kinked_at(z, at, name, where)
    # (z itself marked at 0, not _kinked_at's z + (mark(z) - z): its cotangent g + (g - g) was NaN where the first
    # derivative is infinite, dgamma's for a < 1)
    return _second_order_kink(z, (
        f"wengert.scipy.stats.{name}", f"the common value of its one-sided derivatives at {where}, where its "
        "second derivative jumps (the one-sided second derivatives differ)", f"Evaluate away from {where}."))


# -- semicircular ---------------------------------------------------------------------------------


def _end_jet_value(u, jet):
    pu = np.asarray(_plain(u))
    return (np.zeros(pu.shape, pu.dtype if pu.dtype.kind == "f" else float) + jet[0])[()]


#: A function at an end of a support (``u``, the distance to it, 0 there) with the one-sided value and derivatives
#: ``jet`` (value, first, second; the third and higher NaN): where the derivatives from inside are infinite
#: (semicircular's density ``sqrt(u (2 - u))``: through sqrt and power the chain rule took 0 * inf = NaN there, and
#: warned)
_END_JET = OwnPrimitive(_end_jet_value, name="wengert.scipy.stats.end_jet", reenters="any")


def _falling_factorial(x, n):
    """``(x)_n = x (x - 1) ... (x - n + 1)`` and its derivative in x (halfgennorm's and exponpow's log cdfs near 0)."""
    value, slope = 1.0, 0.0
    for i in range(n):
        value, slope = value * (x - i), slope * (x - i) + value
    return value, slope


def _log_power_series(name, coefficients):
    """``lead log z + sum_k d_k z^(k s)`` (k = 1, 2, ...; ``coefficients(s)`` gives ``(lead, dlead, d, dd)``, ``d[0]``
    unused, ``dlead`` and ``dd`` their derivatives in the shape s, Var-aware) as one primitive in (z, s): a log cdf
    near z = 0 (halfgennorm's, exponpow's), whose z-derivatives are ``numerator / z^n`` (:func:`_z_derivatives`,
    ``z^n d^n/dz^n = theta (theta - 1) ... (theta - n + 1)``, ``theta = z d/dz``: ``lead (-1)^(n - 1) (n - 1)! +
    sum_k d_k (k s)_n z^(k s)``): through ``log z`` and the powers apart the second derivative was ``-lead / z^2`` plus
    terms in ``z^(k s - 2)``, both overflowing (NaN at z = 1e-300 for s below 1, the truth -inf)."""
    def numerator(n, z, s):
        lead, _, d, _ = coefficients(s)
        return lead * (-1.0) ** (n - 1) * math.factorial(n - 1) + sum(
            d[k] * _falling_factorial(k * s, n)[0] * z ** (k * s) for k in range(1, len(d)))

    def in_shape(n, z, s):  # (d/ds of the n-th z-derivative; n = 0: of the function; differentiable)
        # each term its own power z^(k s - n), z^(k s - n) log z as power_log: the sum over z^(k s) divided by z^n,
        # and the product log(z) z^(k s), lost z^(k s - n) where z^(k s) underflowed (halfgennorm.logcdf's d2/dx dbeta
        # at (1e-200, 2): 0.0 by one order, 1.1e-3 off by the other, the truth 3.069e-198)
        _, dlead, d, dd = coefficients(s)
        if n == 0:
            total = dlead * np.log(z)
        elif type(dlead) is float and dlead == 0.0:
            total = 0.0
        else:
            total = dlead * (-1.0) ** (n - 1) * math.factorial(n - 1) / z ** n
        for k in range(1, len(d)):
            f, df = _falling_factorial(k * s, n)
            total = total + (dd[k] * f + d[k] * k * df) * np.power(z, k * s - n) + (d[k] * k * f) * power_log(
                z, k * s - n)
        return total

    def value(z, s):
        lead, _, d, _ = coefficients(s)
        return lead * np.log(z) + sum(d[k] * z ** (k * s) for k in range(1, len(d)))
    derivatives = _z_derivatives(f"{name} (d/dz)", numerator, lambda n: n, in_shape)
    primitive = OwnPrimitive(value, name=name, reenters="any")
    _def_partials(primitive, lambda z, s: derivatives(z, s, n=1), lambda z, s: in_shape(0, z, s))
    return primitive
