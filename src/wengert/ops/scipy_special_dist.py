"""SciPy's binomial, negative binomial and F distribution functions and their VJPs (internal;
imported by ``wengert.scipy.special``): ``bdtr``, ``bdtrc``, ``bdtri``, ``nbdtr``, ``nbdtrc``,
``nbdtri`` (in the probability ``p`` or ``y``; the counts ``k`` and ``n`` are refused) and ``fdtr``,
``fdtrc``, ``fdtri`` (in ``x`` or ``p`` and in the degrees of freedom ``dfn``, ``dfd``).

Each is a regularized incomplete beta function ``I`` or its inverse (DLMF 8.17): ``bdtr(k, n, p) =
I_(1-p)(n-k, k+1)``, ``nbdtr(k, n, p) = I_p(n, k+1)``, ``fdtr(dfn, dfd, x) = I_w(dfn/2, dfd/2)`` with
``w = dfn x / (dfd + dfn x)``; ``bdtrc``, ``nbdtrc``, ``fdtrc`` are ``1 -`` those. The values are SciPy's
own (its ufuncs record themselves); the rules are written with functions that have rules, so
second derivatives come by composition.

In ``p``: the beta density, ``p^k (1-p)^(n-k-1) / B(n-k, k+1)`` for ``bdtr`` (with a minus sign),
through logarithms inside (0, 1) and powers at ``p = 0`` and ``1`` (exact there at every order), and
never from the value: where the value underflows (``bdtr(0, 2000, 0.5) = 0``) the derivative is
its own number, 0 only where it underflows too. The inverses' derivative is the reciprocal of the
density at the result, with the smaller of ``p`` and ``1 - p`` from ``betaincinv`` or ``betainccinv``
at the smaller tail probability and the other 1 minus it (``1 - p`` rounded loses its digits where p
nears 1, and SciPy's own ``bdtri`` is 2.1e-13 off at ``bdtri(47, 55, 7.9e-8)``). The counts,
truncated or floored by SciPy (``bdtr`` floors ``k``; ``nbdtr`` truncates both), make the functions
staircases in them: a Var there is refused with :class:`~wengert.NoGradientRule`. Where SciPy's
value is NaN (a count out of range, ``p`` outside [0, 1]) every derivative is NaN; where it is a
constant (``bdtr(n, n, p) = 1``, ``bdtrc(-1, n, p) = 1``) it is 0.

In ``dfn`` and ``dfd``: ``d fdtr / d dfn = I_a(a, b, w) / 2 + w^a (1-w)^b / (B(a, b) dfn)`` (``a =
dfn/2``, ``b = dfd/2``; ``I_a`` from ``betainc``'s derivatives in its shapes, ``I_b`` likewise, the
second term the density times ``dw / d dfn``), each from the smaller tail (``1 - w = dfd / (dfd + dfn
x)`` computed as that, not as ``1 - w``). The two terms cancel as the degrees of freedom grow:
computed up to 300, at second order up to 100 (beyond, ``ValueError``), the limits of
``wengert.scipy.stats.f``'s tails (``tools/sweep_f_tails.py`` measures them). ``fdtri``'s
derivatives are the implicit function theorem's, ``-d fdtr / d dfn`` over the density.
"""
import numpy as np
import scipy.special as sc

from ..errors import NoGradientRule
from ..primitive import defvjp
from ..structured import plain_numbers
from ._util import at_kink, piecewise, unbroadcast
from .scipy_special import betainc_da, betainc_db, log_beta_exact as _log_beta, stirling_correction

#: the largest dfn and dfd at which fdtr, fdtrc and fdtri (and ``wengert.scipy.stats.f``'s tails
#: and quantiles) are differentiated in them, once and twice: beyond, the derivative is a small
#: difference of two terms that keeps their rounding (see ``wengert.scipy.stats`` and
#: ``tools/sweep_f_tails.py`` for the measured errors)
F_MAX_DF = (300.0, 100.0)

_WHY_COUNT = "a count: SciPy floors or truncates it, so the function is a staircase in it"


def _register(ufunc, *rules):
    name = f"scipy.special.{ufunc.__name__}"
    defvjp(ufunc, *rules, name=name, names=(name,))


def _count(name, argument):
    def refuse(ans, *args):
        raise NoGradientRule(f"scipy.special.{name} has no gradient with respect to {argument} ({_WHY_COUNT}). "
                             "Pass a constant there (var.value, or wengert.stop_gradient(var))")
    return refuse


def _plain(x):
    return np.asarray(plain_numbers(x), dtype=float)


def _rule(argnum, derivative):
    """The VJP maker of argument ``argnum`` from ``derivative(ans, *args)`` (Var-aware), run
    without NumPy's divide/invalid warnings (its infinities are the answer)."""
    def vjp(ans, *args):
        shape = np.shape(plain_numbers(args[argnum]))

        def pullback(g):
            with np.errstate(divide="ignore", invalid="ignore"):
                return unbroadcast(g * derivative(ans, *args), shape)
        return pullback
    return vjp


def _settled(ans, moving, d):
    """``d`` where ``moving`` (plain), NaN where SciPy's value is NaN (as ``ans`` times NaN, so that
    the derivatives of this one are NaN there too), 0 elsewhere (a constant)."""
    if np.all(moving):
        return d
    nan = np.isnan(_plain(ans))
    return np.where(moving, d, np.where(nan, ans * np.nan, 0.0) if np.any(nan) else 0.0)


def _kernel(x, om, e0, e1, log_norm):
    """``x^e0 om^e1 / exp(log_norm)`` for ``0 <= x <= 1``, ``om = 1 - x`` given as its own value
    (exact where x nears 1): through logarithms inside, through powers where x or om is 0 (there
    the logarithms' derivatives are infinite and the density's own derivative was 0 * inf = NaN
    where it is finite). Var-aware."""
    end = (_plain(x) == 0) | (_plain(om) == 0)
    if not np.any(end):
        return np.exp(sc.xlogy(e0, x) + sc.xlogy(e1, om) - log_norm)
    inside = np.exp(sc.xlogy(e0, np.where(end, 0.5, x)) + sc.xlogy(e1, np.where(end, 0.5, om)) - log_norm)
    return np.where(end, np.where(end, x, 0.5) ** e0 * np.where(end, om, 0.5) ** e1 * np.exp(-log_norm), inside)


def _inverse_slope(ans, om, e0, e1, log_norm):
    """``1 / _kernel``: ``exp(log_norm) ans^-e0 om^-e1`` (inf at an end where an exponent is
    positive; xlogy makes ``0^0 = 1``)."""
    return np.exp(log_norm - sc.xlogy(e0, ans) - sc.xlogy(e1, om))


def _lower_inverse(a, b, q, qc):
    """``x`` with ``I_x(a, b) = q`` (``qc = 1 - q``, each as exact as it is given): from q below 1/2,
    from qc (``betainccinv``) above, so that the inverse is taken at its small tail probability."""
    below = _plain(q) < 0.5
    return np.where(below, sc.betaincinv(a, b, np.where(below, q, 0.25)),
                    sc.betainccinv(a, b, np.where(below, 0.75, qc)))


def _sides(ans, a, b, q, qc):
    """``p`` and ``1 - p`` for an inverse's result ``ans``, where p solves ``I_p(a, b) = q`` (``qc = 1 -
    q``): the smaller of the two as an inverse at its small tail probability (``_lower_inverse``), the
    other 1 minus it, SciPy's ans only choosing the side. ``1 - ans`` keeps only the absolute rounding
    of ans (2.1e-11 of 1 - p at bdtri(47, 55, 7.9e-8)), and SciPy's own p is 2.1e-13 off there,
    3.5e-14 at bdtri(3, 50, 1 - 1e-12)."""
    high = _plain(ans) > 0.5
    if not np.any(high):
        p = _lower_inverse(a, b, q, qc)
        return p, 1.0 - p
    if np.all(high):
        om = _lower_inverse(b, a, qc, q)
        return 1.0 - om, om
    p = _lower_inverse(a, b, np.where(high, 0.25, q), np.where(high, 0.75, qc))
    om = _lower_inverse(b, a, np.where(high, qc, 0.25), np.where(high, q, 0.75))
    return np.where(high, 1.0 - om, p), np.where(high, om, 1.0 - p)


def _at_the_ends(name, ans, e0, e1):
    """The refusal of a second derivative of an inverse where its result is 0 or 1 (its first
    derivative there is the limit 0, finite or inf; its own derivative's limit is not computed)."""
    return lambda: ((ans == 0) & (e0 != 0)) | ((ans == 1) & (e1 != 0)), (
        f"scipy.special.{name}", "the limit of 1 / density at the end of the range (p = 0 or 1)",
        "Its own derivative there is not computed; evaluate at a probability whose result is inside (0, 1).")


# -- binomial: bdtr(k, n, p) = I_(1-p)(n-k, k+1), bdtrc = I_p(k+1, n-k), bdtri its inverse in p ----

def _binomial(k, n):
    """SciPy's counts (k floored, n truncated), the exponents of ``p`` and ``1 - p`` in the density
    (safe values where the count is out of range), its log normalization and the mask where the
    function moves with p."""
    kf, nt = np.floor(_plain(k)), np.trunc(_plain(n))
    inside = (kf >= 0) & (kf < nt)
    kf, nt = np.where(inside, kf, 0.0), np.where(inside, nt, 1.0)
    return kf, nt - kf - 1.0, _log_beta(nt - kf, kf + 1.0), inside


def _dbdtr(sign):
    def derivative(ans, k, n, p):
        e0, e1, log_norm, inside = _binomial(k, n)
        return _settled(ans, inside & ~np.isnan(_plain(ans)), -sign * _kernel(p, 1.0 - p, e0, e1, log_norm))
    return derivative


def _dbdtri(ans, k, n, y):
    e0, e1, log_norm, inside = _binomial(k, n)
    moving = inside & ~np.isnan(_plain(ans))
    p, y = (np.where(moving, ans, 0.5), np.where(moving, y, 0.5)) if not np.all(moving) else (ans, y)
    p, om = _sides(p, e0 + 1.0, e1 + 1.0, 1.0 - y, y)  # (I_p(k + 1, n - k) = bdtrc = 1 - y)
    d = -at_kink(_inverse_slope(p, om, e0, e1, log_norm), y, *_at_the_ends("bdtri", p, e0, e1))
    return _settled(ans, moving, d)


for _fn, _sign in ((sc.bdtr, 1.0), (sc.bdtrc, -1.0)):
    _register(_fn, _count(_fn.__name__, "k (argument 0)"), _count(_fn.__name__, "n (argument 1)"),
              _rule(2, _dbdtr(_sign)))
_register(sc.bdtri, _count("bdtri", "k (argument 0)"), _count("bdtri", "n (argument 1)"), _rule(2, _dbdtri))


# -- negative binomial: nbdtr(k, n, p) = I_p(n, k+1), nbdtrc = I_(1-p)(k+1, n), nbdtri its inverse ----

def _negative_binomial(k, n):
    kt, nt = np.trunc(_plain(k)), np.trunc(_plain(n))
    inside = (kt >= 0) & (nt >= 1)
    kt, nt = np.where(inside, kt, 0.0), np.where(inside, nt, 1.0)
    return nt - 1.0, kt, _log_beta(nt, kt + 1.0), inside


def _dnbdtr(sign):
    def derivative(ans, k, n, p):
        e0, e1, log_norm, inside = _negative_binomial(k, n)
        return _settled(ans, inside & ~np.isnan(_plain(ans)), sign * _kernel(p, 1.0 - p, e0, e1, log_norm))
    return derivative


def _dnbdtri(ans, k, n, y):
    e0, e1, log_norm, inside = _negative_binomial(k, n)
    moving = inside & ~np.isnan(_plain(ans))
    p, y = (np.where(moving, ans, 0.5), np.where(moving, y, 0.5)) if not np.all(moving) else (ans, y)
    p, om = _sides(p, e0 + 1.0, e1 + 1.0, y, 1.0 - y)  # (I_p(n, k + 1) = nbdtr = y)
    d = at_kink(_inverse_slope(p, om, e0, e1, log_norm), y, *_at_the_ends("nbdtri", p, e0, e1))
    return _settled(ans, moving, d)


for _fn, _sign in ((sc.nbdtr, 1.0), (sc.nbdtrc, -1.0)):
    _register(_fn, _count(_fn.__name__, "k (argument 0)"), _count(_fn.__name__, "n (argument 1)"),
              _rule(2, _dnbdtr(_sign)))
_register(sc.nbdtri, _count("nbdtri", "k (argument 0)"), _count("nbdtri", "n (argument 1)"), _rule(2, _dnbdtri))


# -- F: fdtr(dfn, dfd, x) = I_w(dfn/2, dfd/2), w = dfn x / (dfd + dfn x); fdtrc = 1 - fdtr ----------

def _f_checked(name, argnum, dfn, dfd):
    """Refuse a derivative in dfn or dfd beyond F_MAX_DF: the rule of argument ``argnum`` is
    one derivative in it, and each of dfn, dfd that is traced inside it one more."""
    for i, (argument, value) in enumerate((("dfn", dfn), ("dfd", dfd))):
        order = (i == argnum) + (plain_numbers(value) is not value)
        if order and np.any(_plain(value) > F_MAX_DF[min(order, 2) - 1]):
            raise ValueError(
                f"scipy.special.{name}: its {'second ' if order > 1 else ''}derivative in {argument} is computed for "
                f"{argument} up to {F_MAX_DF[min(order, 2) - 1]:g} (here {np.max(_plain(value))!r}): beyond, it is a "
                "small difference that keeps the rounding of its terms. Pass it as a constant there")


def _f_still(ans, dfn, dfd, x):
    """Where fdtr does not move (x = 0 or inf) or is NaN (a plain mask), and dfn, dfd, x with 1
    there."""
    px = _plain(x)
    still = (px == 0) | (px == np.inf) | np.isnan(_plain(ans)) | ~(_plain(dfn) > 0) | ~(_plain(dfd) > 0)
    if not np.any(still):
        return still, dfn, dfd, x
    return (still,) + tuple(np.where(still, 1.0, v) for v in (dfn, dfd, x))


def _f_log_kernel(dfn, dfd, x, less_log_x=False):
    """``log(w^a v^b / B(a, b))`` (``less_log_x``: minus ``log x``), ``w = r / (1 + r)``, ``v = 1 - w = 1 /
    (1 + r)``, ``r = dfn x / dfd``: ``log w`` as ``-log1p(1 / r)`` from r = 1 on, below as ``log r -
    log1p(r)`` (the derivatives of 1 / r overflowed: at x = 1e-300 d2 fdtr / d dfn2 was NaN by reverse
    over reverse for 6.45e-71, d2 fdtr(2, 0.5, x) / dx2 inf for -5), with ``(a - 1) log x`` as ``xlogy``
    where ``log x`` is taken off (exact at a = 1)."""
    a, b = 0.5 * dfn, 0.5 * dfd
    small = _plain(dfn) / _plain(dfd) * _plain(x) < 1.0

    def below(x):
        log_x = sc.xlogy(a - 1.0, x) if less_log_x else a * np.log(x)
        return a * np.log(dfn / dfd) + log_x - (a + b) * np.log1p(dfn / dfd * x)

    def above(x):
        r = dfn / dfd * x
        return -a * np.log1p(1.0 / r) - b * np.log1p(r) - (np.log(x) if less_log_x else 0.0)
    ratio = _plain(dfd) / _plain(dfn)
    return piecewise(x, ~small, below, above, 0.5 * ratio, 2.0 * ratio) - _log_beta(a, b)


def _f_shape_parts(argnum, dfn, dfd, x):
    """``d fdtr / d dfn`` (argnum 0) or ``/ d dfd`` (1) at an x inside (0, inf), from the smaller
    tail: I_w(a, b) below w = 1/2 (dfn x < dfd), 1 - I_v(b, a) above."""
    a, b = 0.5 * dfn, 0.5 * dfd
    term = np.exp(_f_log_kernel(dfn, dfd, x)) / (dfn if argnum == 0 else -dfd)

    def through_w(x):
        r = dfn / dfd * x
        return 0.5 * (betainc_da, betainc_db)[argnum](a, b, r / (1.0 + r))

    def through_v(x):
        r = dfn / dfd * x
        return -0.5 * (betainc_db, betainc_da)[argnum](b, a, 1.0 / (1.0 + r))
    ratio = _plain(dfd) / _plain(dfn)
    return piecewise(x, _plain(x) > ratio, through_w, through_v, 0.5 * ratio, 2.0 * ratio) + term


def _f_density(dfn, dfd, x):
    """The F density at x in [0, inf), with a power of x at 0 (0, finite or inf as dfn/2 is above,
    at or below 1; exact derivatives there)."""
    a = 0.5 * dfn
    zero = _plain(x) == 0
    if not np.any(zero):
        return np.exp(_f_log_kernel(dfn, dfd, x, less_log_x=True))
    inside = np.exp(_f_log_kernel(dfn, dfd, np.where(zero, 1.0, x), less_log_x=True))
    x0 = np.where(zero, x, 0.0)
    at_zero = x0 ** (a - 1.0) * np.exp(a * np.log(dfn / dfd) - (a + 0.5 * dfd) * np.log1p(dfn / dfd * x0)
                                      - _log_beta(a, 0.5 * dfd))
    return np.where(zero, at_zero, inside)


def _dfdtr(argnum, sign, name):
    def derivative(ans, dfn, dfd, x):
        _f_checked(name, argnum, dfn, dfd)
        px = _plain(x)
        if argnum == 2:  # the density; 0 at x = inf, NaN where the value is
            still = (px == np.inf) | np.isnan(_plain(ans))
            if np.any(still):
                dfn, dfd, x = (np.where(still, 1.0, v) for v in (dfn, dfd, x))
            return sign * _settled(ans, ~still, _f_density(dfn, dfd, x))
        still, dfn, dfd, x = _f_still(ans, dfn, dfd, x)
        return sign * _settled(ans, ~still, _f_shape_parts(argnum, dfn, dfd, x))
    return derivative


def _dfdtri(argnum):
    def derivative(ans, dfn, dfd, p):
        _f_checked("fdtri", argnum, dfn, dfd)
        if argnum == 2:  # dx/dp = 1 / density; inf at p = 1; at p = 0 the power's limit
            px = _plain(ans)
            at_end = (px == 0) | (px == np.inf)
            slope = np.where(px == np.inf, np.inf, 1.0 / _f_density(dfn, dfd, np.where(px == np.inf, 1.0, ans)))
            slope = at_kink(slope, (dfn, dfd, p), lambda: at_end & ((ans == np.inf) | (dfn != 2.0)), (
                "scipy.special.fdtri", "the limit of 1 / density at the end of the range (x = 0 or inf)",
                "Its own derivative there is not computed; evaluate at a probability inside (0, 1)."))
            return _settled(ans, ~np.isnan(px), slope)
        still, dfn, dfd, x = _f_still(ans, dfn, dfd, ans)
        density = _f_density(dfn, dfd, x)
        if np.any((_plain(density) == 0) & ~still):
            raise ValueError("scipy.special.fdtri: the derivative in dfn or dfd where the density at the result "
                             "underflows to 0 (a probability far in a tail) is not computed")
        return _settled(ans, ~still, -_f_shape_parts(argnum, dfn, dfd, x) / density)
    return derivative


for _fn, _sign in ((sc.fdtr, 1.0), (sc.fdtrc, -1.0)):
    _register(_fn, *[_rule(i, _dfdtr(i, _sign, _fn.__name__)) for i in range(3)])
_register(sc.fdtri, *[_rule(i, _dfdtri(i)) for i in range(3)])
