"""The discrete distributions, differentiable in their continuous parameters. Part of :mod:`wengert.scipy.stats`.
"""

import functools
import inspect
import math

import numpy as np
from scipy import special as sc

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...ops._util import def_partials as _def_partials, piecewise as _piecewise, polynomial
from ...ops.scipy_special import BERNOULLI_2K, log_beta_exact
from ...primitive import OwnPrimitive
from ...structured import peek, plain_tree
from ._common import (_always, _BERNOULLI_2K, _constant, _doc, _EULER, _exp_at_ends, _in_dtype_of, _log1mexp,
                      _LOG1P_RATIO_SERIES, _LOG_2PI, _log_expm1_ratio, _method, _moment_where, _plain, _product_excess,
                      _q, _two_forms, _vanishing)
from ._gamma import _gamma_tail
from ._beta import _BD0, _beta_tail

__all__ = ["poisson", "bernoulli", "binom", "geom", "nbinom", "betabinom", "planck", "dlaplace", "yulesimon", "logser",
           "skellam", "zipf", "zipfian", "boltzmann", "randint", "hypergeom", "nhypergeom", "nchypergeom_fisher",
           "betanbinom"]


#: Loader's stirlerr(m) = log(m!) - (m + 1/2) log(m) + m - log(sqrt(2 pi)) at m = 1, ..., 15 (mpmath, 40
#: digits); above, its Stirling series to 1/m^9 (within 1e-16 absolute from m = 16 on)
_STIRLERR = (0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093,
             0.016644691189821193, 0.013876128823070748, 0.01189670994589177, 0.010411265261972096,
             0.009255462182712733, 0.00833056343336287, 0.007573675487951841, 0.00694284010720953,
             0.006408994188004207, 0.0059513701127588475, 0.005554733551962801)


def _stirlerr(m):
    """The error of Stirling's formula for ``log(m!)`` (Loader 2000), at plain whole ``m >= 1``."""
    m = np.asarray(m, dtype=float)
    small = m <= len(_STIRLERR)
    t = np.where(small, 16.0, m)
    u = (1.0 / t) ** 2  # (not 1 / t^2: t^2 overflowed from 1.3e154)
    series = (1.0 / 12 - u * (1.0 / 360 - u * (1.0 / 1260 - u * (1.0 / 1680 - u / 1188)))) / t
    return np.where(small, np.take(_STIRLERR, np.clip(m, 1, len(_STIRLERR)).astype(int) - 1), series)


def _bd0(x, m):
    """Loader's deviance term ``x log(x / m) + m - x`` (``x`` a plain count >= 0, ``m > 0``): see :func:`_bd0_value`
    and :data:`_BD0`."""
    return _BD0(m, x=np.asarray(_plain(x), dtype=float))


def _poisson_log_terms(k, mu):
    """``log pmf`` of poisson at plain whole ``k >= 0``: for ``k >= 1`` and ``mu > 0`` Loader's
    ``-stirlerr(k) - bd0(k, mu) - log(2 pi k) / 2``, whose terms are small near the mode (the plain
    ``k log(mu) - log(k!) - mu``, SciPy's, cancels: 2.7e-13 of the pmf at (1000, 990)); else the plain one."""
    loader = (k >= 1) & (mu > 0)
    plain = None if np.all(loader) and np.size(loader) else sc.xlogy(k, mu) - sc.gammaln(k + 1.0) - mu
    if not np.any(loader):
        return plain
    kl, ml = np.where(loader, k, 1.0), np.where(loader, mu, 1.0)
    saddle = -_stirlerr(kl) - 0.5 * (np.log(kl) + _LOG_2PI) - _bd0(kl, ml)  # (2 pi k: inf from k = 2.9e307)
    return saddle if plain is None else np.where(loader, saddle, plain)


def _binom_log_terms(k, n, p):
    """``log pmf`` of binom at plain whole ``0 <= k <= n``: for ``0 < k < n`` and ``0 < p < 1`` Loader's
    ``stirlerr(n) - stirlerr(k) - stirlerr(n - k) + log(n / (2 pi k (n - k))) / 2 - bd0(k, n p)
    - bd0(n - k, n (1 - p))``, whose terms are small near the mode (the plain ``log C(n, k) + k log p +
    (n - k) log(1 - p)`` cancels: 4e-13 of the pmf at (150, 300, 1/2), 2e-12 at (900, 3000, 0.3)); else
    the plain one (exact at k = 0 and n, and at p = 0 and 1)."""
    loader = (k > 0) & (k < n) & (p > 0) & (p < 1)
    # (no points: the plain form's empty array; binom.pmf([], 20, 0.3) and hypergeom's met None + None)
    plain = None if np.all(loader) and np.size(loader) else _log_choose(n, k) + sc.xlogy(k, p) + sc.xlog1py(n - k, -p)
    if not np.any(loader):
        return plain
    kl, nl, pl = np.where(loader, k, 1.0), np.where(loader, n, 2.0), np.where(loader, p, 0.5)
    # (n / (2 pi k (n - k)) as n / k / (n - k) / (2 pi): the product k (n - k) overflowed from 1.3e154,
    # binom.logpmf(1e200, 2e200, 1e-50) -inf for -1.137e202; the quotient is 4 / (2 pi n) at least, its log exact)
    constant = _stirlerr(nl) - _stirlerr(kl) - _stirlerr(nl - kl) + 0.5 * np.log(nl / kl / (nl - kl) / (2.0 * np.pi))
    saddle = constant - _bd0(kl, nl * pl) - _bd0(nl - kl, nl * (1.0 - pl))
    return saddle if plain is None else np.where(loader, saddle, plain)


class poisson:
    """The Poisson distribution, as ``scipy.stats.poisson``: differentiable in ``mu`` (a
    count ``k`` is discrete: a Var there is refused).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import poisson
    >>> float(wg.grad_bp(lambda mu: poisson.logpmf(3, mu), 2.0))  # k / mu - 1
    0.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpmf(k, mu, loc=0):
        """``k log(mu) - gammaln(k + 1) - mu`` at whole ``k - loc >= 0`` (in Loader's saddle-point form
        from k = 1: :func:`_poisson_log_terms`), ``-inf`` elsewhere.

        >>> from wengert.scipy.stats import poisson
        >>> float(poisson.logpmf(0, 0.0)), float(poisson.logpmf(1.5, 2.0))
        (0.0, -inf)
        """
        _POISSON.valid(mu)
        valid, whole = _counts("poisson.logpmf", k, loc)
        return _nan_count(k, np.where(valid, _poisson_log_terms(whole, mu), -np.inf))

    @staticmethod
    def pmf(k, mu, loc=0):
        """``exp(poisson.logpmf(k, mu, loc))``.

        >>> from wengert.scipy.stats import poisson
        >>> round(float(poisson.pmf(1, 2.0)), 6)
        0.270671
        """
        _POISSON.valid(mu)
        valid, whole = _counts("poisson.pmf", k, loc)
        # (0 with derivatives 0 where the log pmf is below -3000, mu at the count there: exp's 0 met d/dmu k / mu's
        # overflow at (1e300, 1e-300); not at mu = 0, where the log is -inf but the pmf mu^k e^-mu / k! has its
        # finite derivatives, 1 for k = 1)
        def log_pmf(mu):
            return np.where(mu == 0.0, 0.0, _poisson_log_terms(_plain(whole), mu))
        return _nan_count(k, np.where(valid, _vanishing(log_pmf, lambda mu: (
            _exp_at_ends(lambda mu: _poisson_log_terms(whole, mu),
                         lambda mu: mu ** whole * np.exp(-mu - sc.gammaln(whole + 1.0)), mu, (0.0,), (whole,))),
            mu, np.maximum(_plain(whole), 1.0), 0.0), 0.0))


def _nan_count(k, out):
    """``out``, NaN where the count ``k`` is NaN, as SciPy (the pmfs gave 0, their logs -inf)."""
    unknown = np.isnan(np.asarray(k, dtype=float))
    return (np.where(unknown, np.nan, out) if np.any(unknown) else out)[()]


def _counts(name, k, loc):
    """Where ``k - loc`` is a whole number >= 0, and ``k - loc`` there (0 elsewhere)."""
    _constant(name, "k", k, "a count is discrete")
    _constant(name, "loc", loc, "a shift of a count is discrete")
    k = np.asarray(k, dtype=float) - loc
    valid = (k >= 0) & (k == np.floor(k))
    return valid, np.where(valid, k, 0.0)


# -- discrete distributions, differentiable in their continuous parameters ----------

class _ValidParameters:
    """The check of a discrete distribution's parameters (``requirements``: each parameter's name, in order, and
    ``(condition, words)``: what SciPy's ``_argcheck`` requires of it, in words; ``(condition, words, infinite)``:
    the words where every invalid entry is infinite, which SciPy's check passes and its pmf gives NaN; ``(condition,
    words, infinite, scipy)``: there SciPy gives ``scipy``, not NaN) outside which SciPy gives NaN:
    ``valid(*parameters)`` raises ValueError naming the distribution (``name``) and what each invalid parameter must
    be, on any invalid entry, as the continuous distributions do (``binom.pmf(2, 4.5, 0.3)`` was 0.29 once, then NaN
    with gradient 0: both hid the mistake); else True at each entry (broadcast). As a decorator of a method ``(k,
    *parameters, loc)``, the check first, then NaN where the count ``k`` is NaN (data, not a parameter: as SciPy),
    the method evaluated with ``safe`` (valid stand-ins) there, so that no warning or NaN reaches the gradient of
    the other entries."""

    def __init__(self, name, requirements, safe):
        self.name, self.requirements, self.safe = name, requirements, safe
        self.names = tuple(requirements)

    def valid(self, *parameters):
        ok, wrong, scipy = np.True_, [], "NaN"
        for argument, x in zip(self.names, parameters):
            condition, words, *infinite = self.requirements[argument]
            # comparisons of the Vars themselves: plain outcomes (under wengert.jit, guards on the outcome, so that
            # a new valid p replays), not their values
            with np.errstate(invalid="ignore"):
                good = np.asarray(condition(x if isinstance(x, (Var, Dual)) else np.asarray(x)))
            if not np.all(good):
                if infinite and np.all(np.isinf(np.asarray(plain_tree(x), dtype=float)[~good])):
                    words, scipy = infinite[0], (infinite[1] if len(infinite) > 1 else scipy)
                wrong.append(f"{argument} must be {words}")
            ok = ok & good
        if wrong:
            raise ValueError(f"{self.name}: {' and '.join(wrong)} (SciPy gives {scipy})")
        return ok

    def __call__(self, method):
        @functools.wraps(method)
        def checked(k, *args, **kwargs):
            parameters, rest = list(args[:len(self.names)]), args[len(self.names):]
            for argument in self.names[len(parameters):]:  # (given by name)
                if argument not in kwargs:
                    return method(k, *args, **kwargs)  # (its TypeError for the missing argument)
                parameters.append(kwargs.pop(argument))
            self.valid(*parameters)
            unknown = np.asarray(k != k)  # a NaN count: NaN, as SciPy (the pmfs gave 0, log -inf)
            if not np.any(unknown):
                return method(k, *parameters, *rest, **kwargs)
            stand_ins = [np.where(unknown, s, x) for x, s in zip(parameters, self.safe)]
            return np.where(unknown, np.nan, method(np.where(unknown, 0.0, k), *stand_ins, *rest, **kwargs))[()]
        return checked


def _is_probability(p):
    return (p >= 0) & (p <= 1)


def _whole_at_least(low):
    """``x`` whole and ``x >= low`` (SciPy's ``_isintegral``: ``inf`` passes)."""
    return lambda x: (x >= low) & (x == np.floor(x))


_PROBABILITY = (_is_probability, "in [0, 1]")
_POSITIVE = (lambda x: x > 0, "> 0")
#: a count or a rate that must be finite too: SciPy's _argcheck passes inf, where its pmf is NaN (binom.pmf(3, inf,
#: 0.3), nbinom's, betabinom's, poisson's, skellam's, yulesimon's), and the formulas here gave NaN with a
#: RuntimeWarning (binom, nbinom, betabinom, poisson, skellam, yulesimon) or 0 (binom.cdf)
_FINITE_WHOLE = (lambda x: _whole_at_least(0)(x) & (x < np.inf), "a whole number >= 0", "finite")
_FINITE_POSITIVE = (lambda x: (x > 0) & (x < np.inf), "> 0", "finite")
#: SciPy's valid parameters (``_argcheck``) of the discrete distributions, and stand-ins.
_BERNOULLI = _ValidParameters("bernoulli", {"p": _PROBABILITY}, (0.5,))
_BINOM = _ValidParameters("binom", {"n": _FINITE_WHOLE, "p": _PROBABILITY}, (1.0, 0.5))
_GEOM = _ValidParameters("geom", {"p": (lambda p: (p > 0) & (p <= 1), "in (0, 1]")}, (0.5,))
_NBINOM = _ValidParameters("nbinom", {"n": _FINITE_POSITIVE, "p": (lambda p: (p > 0) & (p <= 1), "in (0, 1]")}, (1.0, 0.5))


def _pmf(name, k, loc, p, log_terms, power_terms, valid=None, exponents=None, factor=None):
    """A pmf ``exp(log_terms(k, p))`` at the valid counts ``k - loc`` (0 elsewhere), and
    ``power_terms(k, p)`` (the same with powers of ``p`` and ``1 - p``) where ``p`` is 0 or 1:
    there ``xlogy`` has an infinite derivative, and its exp's was 0 * inf = NaN where the
    pmf has a finite one (``2 p (1 - p)`` at ``p = 0``). ``exponents(k)``: the (plain) exponents
    of ``p`` and ``1 - p`` in ``power_terms``, for :func:`_exp_at_ends` within 1e-150 of 0.
    ``factor(k)``: a factor of the pmf kept out of both forms (multiplied after the exp)."""
    ok, k = _counts(name, k, loc)
    if valid is not None:
        ok = ok & valid(k)
    k = np.where(ok, k, 1.0)
    out = _exp_at_ends(lambda p: log_terms(k, p), lambda p: power_terms(k, p), p, (0.0, 1.0),
                       None if exponents is None else exponents(k))
    if factor is not None:
        out = factor(k) * out
    return np.where(ok, out, 0.0)[()]


class bernoulli:
    """The Bernoulli distribution, as ``scipy.stats.bernoulli``: differentiable in ``p``
    (``k`` and ``loc`` are counts: a Var there is refused).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import bernoulli
    >>> float(wg.grad_bp(lambda p: bernoulli.logpmf(1, p), 0.25))  # 1 / p
    4.0

    .. versionadded:: 0.1
    """

    @staticmethod
    @_BERNOULLI
    def logpmf(k, p, loc=0):
        """``xlogy(k, p) + xlog1py(1 - k, -p)`` at ``k - loc`` in {0, 1}, ``-inf`` elsewhere.

        >>> from wengert.scipy.stats import bernoulli
        >>> float(bernoulli.logpmf(0, 0.0)), float(bernoulli.logpmf(2, 0.5))
        (0.0, -inf)
        """
        valid, k = _counts("bernoulli.logpmf", k, loc)
        valid = valid & (k <= 1)
        return np.where(valid, sc.xlogy(k, p) + sc.xlog1py(1.0 - k, -p), -np.inf)[()]

    @staticmethod
    @_BERNOULLI
    def pmf(k, p, loc=0):
        """``p`` at 1, ``1 - p`` at 0, 0 elsewhere.

        >>> from wengert.scipy.stats import bernoulli
        >>> float(bernoulli.pmf(1, 0.3))
        0.3
        """
        valid, k = _counts("bernoulli.pmf", k, loc)
        return np.where(valid & (k <= 1), np.where(k == 1, p, 1.0 - p), 0.0)[()]


class binom:
    """The binomial distribution, as ``scipy.stats.binom``: differentiable in ``p`` (``k``,
    ``n`` and ``loc`` are counts: a Var there is refused).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import binom
    >>> float(wg.grad_bp(lambda p: binom.logpmf(2, 4, p), 0.5))  # k / p - (n - k) / (1 - p)
    0.0

    .. versionadded:: 0.1
    """

    @staticmethod
    @_BINOM
    def logpmf(k, n, p, loc=0):
        """``log C(n, k) + xlogy(k, p) + xlog1py(n - k, -p)`` at whole ``0 <= k - loc <= n`` (in Loader's
        saddle-point form inside: :func:`_binom_log_terms`).

        >>> from wengert.scipy.stats import binom
        >>> round(float(binom.logpmf(1, 2, 0.5)), 6)
        -0.693147
        """
        _constant("binom.logpmf", "n", n, "a count is discrete")
        valid, k = _counts("binom.logpmf", k, loc)
        n = np.asarray(n, dtype=float)
        valid = valid & (k <= n)
        k = np.where(valid, k, 0.0)
        return np.where(valid, _binom_log_terms(k, n, p), -np.inf)[()]

    @staticmethod
    @_BINOM
    def pmf(k, n, p, loc=0):
        """``exp(binom.logpmf(k, n, p, loc))``.

        >>> from wengert.scipy.stats import binom
        >>> float(binom.pmf(1, 2, 0.5))
        0.5
        """
        _constant("binom.pmf", "n", n, "a count is discrete")
        n = np.asarray(n, dtype=float)
        return _pmf("binom.pmf", k, loc, p, lambda k, p: _binom_log_terms(k, n, p),
                    lambda k, p: np.exp(_log_choose(n, k)) * _end_powers(p, k, n - k), lambda k: k <= n,
                    lambda k: (k, n - k))


class geom:
    """The geometric distribution (trials up to the first success, ``k >= 1``), as
    ``scipy.stats.geom``: differentiable in ``p``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import geom
    >>> float(wg.grad_bp(lambda p: geom.logpmf(1, p), 0.5))  # 1 / p
    2.0

    .. versionadded:: 0.1
    """

    @staticmethod
    @_GEOM
    def logpmf(k, p, loc=0):
        """``xlog1py(k - 1, -p) + log(p)`` at whole ``k - loc >= 1``.

        >>> from wengert.scipy.stats import geom
        >>> round(float(geom.logpmf(2, 0.5)), 6)
        -1.386294
        """
        valid, k = _counts("geom.logpmf", k, loc)
        valid = valid & (k >= 1)
        return np.where(valid, sc.xlog1py(np.where(valid, k, 1.0) - 1.0, -p) + np.log(p), -np.inf)[()]

    @staticmethod
    @_GEOM
    def pmf(k, p, loc=0):
        """``exp(geom.logpmf(k, p, loc))``.

        >>> from wengert.scipy.stats import geom
        >>> float(geom.pmf(2, 0.5))
        0.25
        """
        return _pmf("geom.pmf", k, loc, p, lambda k, p: sc.xlog1py(k - 1.0, -p) + np.log(p),
                    lambda k, p: (1.0 - p) ** (k - 1.0) * p, lambda k: k >= 1, lambda k: (1.0, k - 1.0))


class nbinom:
    """The negative binomial distribution (failures before the ``n``-th success), as
    ``scipy.stats.nbinom``: differentiable in ``n`` (any positive real, as in SciPy) and ``p``; its ``entropy`` a
    sum over the counts with a proven bound on the rest (SciPy's stops early: ``nbinom.entropy(1, 1e-3)`` 2.5745, the
    truth 7.9073).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import nbinom
    >>> float(wg.grad_bp(lambda p: nbinom.logpmf(0, 3.0, p), 0.5))  # n / p
    6.0

    .. versionadded:: 0.1
    """

    @staticmethod
    @_NBINOM
    def logpmf(k, n, p, loc=0):
        """``gammaln(n + k) - gammaln(k + 1) - gammaln(n) + n log(p) + xlog1py(k, -p)``.

        >>> from wengert.scipy.stats import nbinom
        >>> round(float(nbinom.logpmf(1, 1.0, 0.5)), 6)
        -1.386294
        """
        valid, k = _counts("nbinom.logpmf", k, loc)
        return np.where(valid, _log_nbinom_choose(n, np.where(valid, k, 0.0)) + sc.xlogy(n, p) + sc.xlog1py(k, -p),
                        -np.inf)[()]

    @staticmethod
    @_NBINOM
    def pmf(k, n, p, loc=0):
        """``exp(nbinom.logpmf(k, n, p, loc))``.

        >>> from wengert.scipy.stats import nbinom
        >>> float(nbinom.pmf(1, 1.0, 0.5))
        0.25
        """
        # below n = 1 the factor n of the pmf is kept out of its exp: exp(log n + ...)'s second derivative in n,
        # pmf (L'' + L'^2), was -1 / n^2 + 1 / n^2 + 2 c / n rounded apart (nbinom.pmf(3, n, 0.5)'s at n = 1e-20:
        # -0.0073 by reverse over reverse, 0.034 by forward over reverse, for 0.067)
        return _pmf("nbinom.pmf", k, loc, p,
                    lambda k, p: _log_nbinom_choose(n, k, True) + sc.xlogy(n, p) + sc.xlog1py(k, -p),
                    lambda k, p: _nbinom_power_terms(n, k, p), exponents=lambda k: (n, k),
                    factor=lambda k: _nbinom_factor(n, k))


def _log_choose(n, k):
    """``log C(n, k)`` for plain whole ``0 <= k <= n``: 0 at k = 0 and n, else Loader's ``stirlerr(n) - stirlerr(m)
    - stirlerr(n - m) + log(n / (2 pi m (n - m))) / 2 + m log(n / m) - (n - m) log1p(-m / n)`` (``m = min(k, n -
    k)``; its terms positive but for the small first ones): ``-log1p(n) - betaln(n - k + 1, k + 1)`` kept betaln's
    rounding, 8.8e-14 of log C(3000, 2), 3.4e-12 of log C(1e6, 3); a difference of gammaln, about 1e-16 of log(n!)
    (2.4 at n = 1e15: binom.pmf(3, 1e15, 1e-15) was 84% off)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        n, k = np.asarray(n, dtype=float), np.asarray(k, dtype=float)
        m = np.minimum(k, n - k)
        inside = m >= 1
        ms, ns = np.where(inside, m, 1.0), np.where(inside, n, 2.0)
        rest = ns - ms
        return np.where(inside, _stirlerr(ns) - _stirlerr(ms) - _stirlerr(rest) + 0.5 * (np.log(ns / rest) - np.log(
            2.0 * np.pi * ms)) + ms * np.log(ns / ms) - rest * np.log1p(-ms / ns), 0.0)


#: 1 / (2 j + 1), j >= 1: ``atanh(t) / t - 1 = sum_j t^2j / (2 j + 1)`` (t <= 1/3: 17 terms reach 1e-17)
_ATANH_RATIO_SERIES = [1.0 / (2 * j + 1) for j in range(1, 18)]


def _stirlerr_real(x):
    """Loader's ``stirlerr(x) = gammaln(x + 1) - (x + 1/2) log(x) + x - log(2 pi) / 2`` at a real ``x >= 1`` (a
    Var too): from 16 on its Stirling series (:func:`_stirlerr`'s), below the series at ``x + j >= 16`` plus
    ``stirlerr(y) - stirlerr(y + 1) = (y + 1/2) log1p(1 / y) - 1 = atanh(t) / t - 1`` (``t = 1 / (2 y + 1)``, a
    sum of positive terms) for ``y = x, ..., x + j - 1``: the difference of gammaln and the log, about 30 and 45 at
    16, kept 1e-14 of their rounding."""
    big = x >= 16.0  # (comparisons of the Var: under wengert.jit guards on their outcome)
    y = np.where(big, 16.0, x)
    out = 0.0
    for _ in range(15):
        below = y < 16.0
        if not np.any(below):
            break
        t = 1.0 / (2.0 * np.where(below, y, 16.0) + 1.0)
        out = out + np.where(below, t * t * polynomial(t * t, _ATANH_RATIO_SERIES), 0.0)
        y = np.where(below, y + 1.0, y)
    y = np.where(big, x, y)
    inverse = 1.0 / y
    u = inverse * inverse  # (not 1 / y^2: y^2 overflowed from 1.3e154)
    return out + (1.0 / 12 - u * (1.0 / 360 - u * (1.0 / 1260 - u * (1.0 / 1680 - u / 1188)))) / y


def _nbinom_factor(n, k):
    """The factor ``n`` of nbinom's pmf below ``n = 1`` at ``k >= 1`` (1 elsewhere), kept out of its exp: see
    :func:`_log_nbinom_choose` with ``factored``."""
    with np.errstate(invalid="ignore"):  # (the NaN of n <= 0: refused by the checks of the methods)
        here = np.asarray(n < 1.0) & (np.asarray(k) != 0)  # (a comparison of the Var: a guard under wengert.jit)
    return np.where(here, n, 1.0) if np.any(here) else 1.0


def _nbinom_power_terms(n, k, p):
    """nbinom's pmf over :func:`_nbinom_factor` in powers of ``p`` and ``1 - p``: where ``exp`` of the log
    coefficient overflows (its product with ``p^n`` is then NaN, and the log form is used), it is computed at the
    stand-in ``n = 1`` and given as NaN: the overflow's ``0 * inf`` reached the derivative in ``n`` through the
    masked form (nbinom.pmf(100, 1e6, 1e-12)'s was NaN for 0)."""
    log_choose = _log_nbinom_choose(n, k, True)
    over = np.asarray(log_choose > 700.0)  # (a comparison of the Var: a guard under wengert.jit)
    if not np.any(over):
        return np.exp(log_choose) * _end_powers(p, n, k)
    n = np.where(over, 1.0, n)
    return np.where(over, np.nan, np.exp(_log_nbinom_choose(n, k, True)) * _end_powers(p, n, k))


def _nbinom_log_ratios_value(n, k):
    """``log(n / (2 pi k (n + k))) / 2 + n log1p(k / n) + k log1p(n / k)`` at plain ``n >= 1`` and whole ``k >= 1``; below k the first as ``n
    (log1p(n / k) - log(n / k))``, both terms positive (k / n overflowed far out)."""
    n, k = np.asarray(n, dtype=float), np.asarray(k, dtype=float)
    above = n >= k
    na, nb = np.where(above, n, k), np.where(above, k, n)
    # (log(n / (2 pi k (n + k))) as a difference: k (n + k) overflowed from 1e308; the smaller terms first)
    half_log = 0.5 * (np.log(n / (n + k)) - np.log(2.0 * np.pi * k))
    return (half_log + np.where(above, na * np.log1p(k / na), nb * (np.log1p(nb / k) - np.log(nb / k)))
            + k * np.log1p(n / k))[()]


#: ``log(n / (2 pi k (n + k))) / 2 + n log1p(k / n) + k log1p(n / k)`` in ``n`` (``k`` a plain keyword) as one
#: primitive whose derivative is ``log1p(k / n) + k / (2 n (n + k))`` (the last two terms' derivatives,
#: log1p(k / n) - k / (n + k) and k / (n + k), summed: their difference cancelled for k << n): forward over
#: forward through the terms formed the squares of the tangents of k / n and n / k, 1 / k^2, which underflowed from
#: k = 1e154 (d2/dn2 nbinom.logpmf(1e200, 3e200, 0.2) -1.667e-201 for -8.333e-202)
_NBINOM_LOG_RATIOS = OwnPrimitive(_nbinom_log_ratios_value, name="wengert.scipy.stats (nbinom's log ratios)",
                                  reenters="any")
_def_partials(_NBINOM_LOG_RATIOS, lambda n, k: np.log1p(k / n) + 0.5 * (k / n) / (n + k))


def _log_nbinom_choose(n, k, factored=False):
    """``log(gamma(n + k) / (gamma(n) k!))`` for a real ``n > 0`` (a Var too) and plain whole ``k >= 0``: 0 at k
    = 0, else Loader's ``stirlerr(n + k) - stirlerr(n) - stirlerr(k) + n log1p(k / n) + k log1p(n / k) + log(n /
    (2 pi k (n + k))) / 2``, the one form of nbinom's log pmf and its power form near the ends of p: the difference
    of gammaln kept their rounding (7e-10 of nbinom.logpmf(1e6, 3, 1e-12)), and its derivative in n, digamma(n +
    k) - digamma(n), theirs (2e-5 of it at n = 1e10, k = 1). Below n = 1 the terms in log n gathered: ``log n -
    gammaln(n + 1) - n + n log k + (n + k) log1p(n / k) - log(k (n + k)) / 2 + stirlerr(n + k) - stirlerr(k)``
    (their second derivatives, +-1 / 2n^2, overflowed apart: NaN for -inf at n = 1e-300). Exactly 0 at k = 0 (no
    derivatives there to cancel: through gammaln(n + k) - gammaln(n), nbinom.logpmf(0, 1e-8, p)'s second
    derivative in n was -0.07 for 0). ``factored``: without the ``log n`` below n = 1 (the factor n of the pmf:
:func:`_nbinom_factor`)."""
    k = np.asarray(k, dtype=float)
    kk = np.where(k == 0, 1.0, k)

    def general(n):  # (n >= 1)
        whole = n + kk
        # (log(n / (2 pi k (n + k))) as a difference: k (n + k) overflowed from 1e308)
        return _stirlerr_real(whole) - _stirlerr_real(n) - _stirlerr(kk) + _NBINOM_LOG_RATIOS(n, k=kk)

    def small(n):  # (n < 1 <= k; log n with the factor of the pmf)
        whole = n + kk
        rest = (-sc.gammaln(n + 1.0) - n + n * np.log(kk) + whole * np.log1p(n / kk)
                - 0.5 * (np.log(kk) + np.log(whole)) + _stirlerr_real(whole) - _stirlerr(kk))
        return rest if factored else np.log(n) + rest
    with np.errstate(divide="ignore", invalid="ignore"):  # (the NaN of n <= 0: refused by the checks above)
        below = np.asarray(n < 1.0)  # (a comparison of the Var: under wengert.jit a guard on its outcome)
    return np.where(k == 0, 0.0, _piecewise(n, below, general, small, 1.0, 0.5))


def _end_powers(p, a, b):
    """``p^a (1 - p)^b`` with each power written as a power at the end where it vanishes (exact
    derivatives there) and the other factor as ``exp(b log1p(-p))`` or ``exp(a log p)``: ``(1 - p)^b``
    kept the rounding of ``1 - p`` times b (1e15 * 1e-16 at p = 1e-15)."""
    low = p < 0.5  # (a comparison of the Var: under wengert.jit a guard on its outcome)
    if np.all(low):
        return p ** a * np.exp(sc.xlog1py(b, -p))
    if not np.any(low):
        return np.exp(sc.xlogy(a, p)) * (1.0 - p) ** b
    pl, ph = np.where(low, p, 0.25), np.where(low, 0.75, p)
    return np.where(low, pl ** a * np.exp(sc.xlog1py(b, -pl)), np.exp(sc.xlogy(a, ph)) * (1.0 - ph) ** b)


class betabinom:
    """The beta-binomial distribution, as ``scipy.stats.betabinom``: differentiable in ``a``
    and ``b`` (``k``, ``n`` and ``loc`` are counts: a Var there is refused). The tails are sums of the pmf, the side
    with the smaller chance summed (each term through Stirling's betaln where its arguments are large), the other
    ``1 -`` it: finite in their logs where they underflow; where both sides are longer than 10^6 terms refused. The
    quantiles are SciPy's where wengert's tails agree, else and in the far tails (outside q in [1e-6, 1 - 1e-6],
    for n < 2 10^6) wengert's own search on them.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import betabinom
    >>> round(float(wg.grad_bp(lambda a: betabinom.logpmf(0, 1, a, 1.0), 1.0)), 6)  # -1 / (a + 1)
    -0.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpmf(k, n, a, b, loc=0):
        """``log C(n, k) + betaln(k + a, n - k + b) - betaln(a, b)`` at whole
        ``0 <= k - loc <= n``, ``-inf`` elsewhere.

        >>> from wengert.scipy.stats import betabinom
        >>> round(float(betabinom.logpmf(1, 2, 1.0, 1.0)), 6)  # uniform on {0, 1, 2}
        -1.098612
        """
        _constant("betabinom.logpmf", "n", n, "a count is discrete")
        _BETABINOM.valid(n, a, b)  # (a whole n >= 0: n = 4.5 gave 0.18 at k = 2, a = b = 1)
        valid, whole = _counts("betabinom.logpmf", k, loc)
        n = np.asarray(n, dtype=float)
        valid = valid & (whole <= n)
        whole = np.where(valid, whole, 0.0)
        # (as a term of betabinom's tail sums, :func:`_betabinom_log_sum`: through gammaln and SciPy's betaln
        # logpmf(0, 1, 1, 1e6) was 1.7e-7 relative off, now 9.5e-11)
        m = np.where(n == 0, 1.0, n)  # (n = 0: the point 0, logpmf(0) = 0)
        general = (-np.log(m + 1.0) - log_beta_exact(whole + 1.0, m - whole + 1.0)
                   + log_beta_exact(whole + a, m - whole + b) - log_beta_exact(a, b))
        end = _log_beta_whole_shift(m, np.where(whole == 0, a, b), np.where(whole == 0, b, a))
        out = np.where(n == 0, 0.0, np.where((whole == 0) | (whole == m), end, general))
        return _nan_count(k, np.where(valid, out, -np.inf))

    @staticmethod
    def pmf(k, n, a, b, loc=0):
        """``exp(betabinom.logpmf(k, n, a, b, loc))``.

        >>> from wengert.scipy.stats import betabinom
        >>> round(float(betabinom.pmf(1, 2, 1.0, 1.0)), 6)
        0.333333
        """
        _constant("betabinom.pmf", "n", n, "a count is discrete")
        _constant("betabinom.pmf", "k", k, "a count is discrete")
        return np.exp(betabinom.logpmf(k, n, a, b, loc))


#: from this mean on, poisson.entropy is its asymptotic series (Evans, Boersma, Blachman and
#: Jagers 1988; the fifth term, -9 / (80 mu^4), measured against a 50-digit sum: its remainder
#: is about 0.35 / mu^5, below 1e-16 of the value here); below, the sum over the counts, whose
#: rounding grows as 2e-16 mu (the log pmf's terms k log(mu) and gammaln(k + 1) cancel).
_POISSON_ASYMPTOTIC = 1e3
#: the counts summed: mu -+ (40 sqrt(mu) + 40), where the terms are below 1e-300
_POISSON_WIDTH = 40.0


def _poisson_entropy_sum(mu):
    """``-sum_k pmf(k) log pmf(k)`` over the counts around ``mu`` (each entry of ``mu`` > 0,
    below ``_POISSON_ASYMPTOTIC``): a sum over one range of counts, wide enough for them all."""
    plain = np.asarray(_plain(mu), dtype=float)
    spread = _POISSON_WIDTH * (np.sqrt(plain) + 1.0)
    low, high = max(0.0, np.floor(np.min(plain - spread))), np.ceil(np.max(plain + spread))
    k = np.arange(low, high + 1.0).reshape((-1,) + (1,) * plain.ndim)
    log_pmf = sc.xlogy(k, mu) - sc.gammaln(k + 1.0) - mu
    return -np.sum(np.exp(log_pmf) * log_pmf, axis=0)


def _poisson_entropy_series(mu):
    return (0.5 * np.log(2.0 * np.pi * np.e * mu) - 1.0 / (12.0 * mu) - 1.0 / (24.0 * mu ** 2)
            - 19.0 / (360.0 * mu ** 3) - 9.0 / (80.0 * mu ** 4))


def _refuse_at_ends(name, p, at, why, ends="p = 0 or 1", inside="0 < p < 1", parameter="p"):
    """Refuse a traced ``p`` where ``at`` (an end of its range, where the derivative is infinite)."""
    if isinstance(p, (Var, Dual)) and np.any(at):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative at {ends}: {why}. Evaluate at {inside}, or "
            f"pass {parameter} as a constant (wengert.stop_gradient).")


@_method(poisson, "entropy")
def _poisson_entropy(mu, loc=0):
    """``-sum_k pmf(k) log pmf(k)``, differentiable in ``mu`` (its derivative the same sum's:
    ``-sum_k pmf(k) (k / mu - 1) log pmf(k)``); SciPy's value to its summation's tolerance
    (SciPy stops where a block of 32 terms adds less than 3.2e-9, and warns from mu = 1e4 on,
    where its sum has not converged; this one sums until the terms are below 1e-300, and from
    mu = 1000 on takes the asymptotic series). At ``mu = 0`` the value is 0 and the derivative
    (``-log(mu)``) is infinite: a traced ``mu`` there is refused. A negative or NaN ``mu`` is refused
    (ValueError; SciPy gives NaN).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import poisson
    >>> round(float(poisson.entropy(1.0)), 6)
    1.304842
    >>> round(float(wg.grad_bp(poisson.entropy, 1.0)), 6)  # -sum pmf(k) (k - 1) log pmf(k)
    0.573403
    """
    _constant("poisson.entropy", "loc", loc, "a shift of a count is discrete")
    plain = np.asarray(_plain(mu), dtype=float)
    _POISSON.valid(plain)
    zero, large = plain == 0, plain >= _POISSON_ASYMPTOTIC
    _refuse_at_ends("poisson.entropy", mu, zero, "the entropy is mu (1 - log mu) + O(mu^2) there, whose "
                    "derivative -log(mu) is infinite", ends="mu = 0", inside="mu > 0", parameter="mu")
    small = ~(zero | large)
    out = np.zeros_like(plain)
    if np.any(small):
        out = np.where(small, _poisson_entropy_sum(np.where(small, mu, 1.0)), out)
    if np.any(large):
        out = np.where(large, _poisson_entropy_series(np.where(large, mu, _POISSON_ASYMPTOTIC)), out)
    return _in_dtype_of(out[()], mu, loc)  # (float32 for a float32 mu, as the other entropies)


# -- the discrete distributions' tails and moments -------------------------------------------------
# Each tail is a continuous distribution's tail in the parameter, so its log stays finite (with its
# derivatives) where the tail underflows, where SciPy's logcdf and logsf are log(cdf), -inf: poisson's
# in mu is gamma's (shape k + 1), binom's (and bernoulli's) in p beta's (k + 1, n - k), nbinom's in p
# and n beta's (n, k + 1). The values are SciPy's: pdtr, bdtr and nbdtr are these same functions.

#: the shapes of the discrete distributions that are counts (values only: a Var there is refused)
_COUNT_SHAPES = {"binom": ("n",), "betabinom": ("n",), "betanbinom": ("n",), "zipfian": ("n",), "boltzmann": ("N",),
                 "randint": ("low", "high"),
                 "hypergeom": ("M", "n", "N"), "nhypergeom": ("M", "n", "r"),
                 "nchypergeom_fisher": ("M", "n", "N")}


def _differentiable_in(cls, shapes):
    """The words of a discrete distribution's docstrings for its arguments with a derivative: its ``shapes`` that are
    not counts (:data:`_COUNT_SHAPES`)."""
    free = [s for s in shapes if s not in _COUNT_SHAPES.get(cls.__name__, ())]
    return f"differentiable in {', '.join(free)}" if free else "values only (every argument a count)"


def _whole_counts(name, k, loc):
    """``floor(k - loc)`` (plain), refusing a Var ``k`` or ``loc``."""
    _constant(name, "k", k, "a count is discrete")
    _constant(name, "loc", loc, "a shift of a count is discrete")
    return np.floor(np.asarray(k, dtype=float) - loc)


def _count_tail(k, inside, tail, upper, log, last=None, fill=0.0):
    """A discrete cdf (``upper=False``) or sf, or its log, at the counts ``k`` (plain, floored):
    ``tail(k)`` where ``inside`` (``k`` in its support's range, below ``last`` where the support
    ends there; evaluated at the count ``fill`` elsewhere), and the cdf 0 / sf 1 below the support,
    the cdf 1 / sf 0 from ``last`` on."""
    below, above = (1.0, 0.0) if upper else (0.0, 1.0)
    outside = np.where(k < 0, below, above) if last is not None else np.full(np.shape(k), below)
    outside = np.where(np.isnan(k), np.nan, outside)  # (a NaN count: NaN, as SciPy's; was a definite 0 or 1)
    with np.errstate(divide="ignore"):
        outside = np.log(outside) if log else outside
    if not np.any(inside):  # (no tail evaluated: a Var parameter keeps its place in the result's shape)
        return np.where(inside, tail(np.full(np.shape(k), fill)), outside)[()]
    return np.where(inside, tail(np.where(inside, k, fill)), outside)[()]


_POISSON = _ValidParameters("poisson", {"mu": (lambda mu: (mu >= 0) & (mu < np.inf), ">= 0", "finite")}, (1.0,))


def _vanishing_log_tail(out, p, end, vanishes, order):
    """The log tail ``out`` where the tail vanishes at an end of ``p`` (``vanishes``: plain, at
    the counts where it does), there as ``order log(1 - p)`` (``end`` 1) or ``order log(p)``
    (``end`` 0): its value -inf, its derivative the one-sided one from inside, -+inf, as geom.logsf's
    ``k log1p(-p)`` and the log pmfs give (the tail is ``C (1 - p)^order`` or ``C p^order`` near the
    end). It was the constant -inf of beta's and gamma's log tails outside their support, whose
    derivative is 0: binom.logcdf(2, 5, p) at p = 1, binom.logsf(2, 5, p) at 0, nbinom.logsf(2, 3, p)
    at 1, bernoulli.logsf(0, p) at 0 and poisson.logsf(2, mu) at mu = 0 had derivative 0."""
    at_end = vanishes & (_plain(p) == end)
    if not np.any(at_end):
        return out
    q = np.where(at_end, p, 1.0 - end)  # (elsewhere the other end: a finite log and derivative)
    with np.errstate(divide="ignore"):
        ends = order * (np.log1p(-q) if end == 1 else np.log(q))
    return np.where(at_end, ends, out)[()]


def _poisson_tail(name, k, mu, loc, upper, log):
    """P(K <= k) = gammaincc(k + 1, mu), gamma's sf at ``mu``; P(K > k) its cdf (the log sf at
    ``mu = 0`` as ``(k + 1) log(mu)``: :func:`_vanishing_log_tail`)."""
    k = _whole_counts(name, k, loc)
    out = _count_tail(k, k >= 0, lambda k: _gamma_tail(name, mu, k + 1.0, 0.0, 1.0, not upper, log), upper, log)
    return _vanishing_log_tail(out, mu, 0.0, k >= 0, k + 1.0) if upper and log else out


def _binom_tail(name, k, n, p, loc, upper, log):
    """P(K <= k) = betaincc(k + 1, n - k, p), beta's sf at ``p``; P(K > k) its cdf (their logs at
    ``p = 1`` and ``0``, where they vanish, as ``(n - k) log(1 - p)`` and ``(k + 1) log(p)``:
    :func:`_vanishing_log_tail`)."""
    _constant(name, "n", n, "a count is discrete")
    k, n = _whole_counts(name, k, loc), np.asarray(n, dtype=float)
    inside = (k >= 0) & (k < n)
    count = np.where(inside, n, 1.0)
    out = _count_tail(k, inside, lambda k: _beta_tail(name, p, k + 1.0, count - k, 0.0, 1.0, not upper, log),
                      upper, log, last=n)
    if not log:
        return out
    return _vanishing_log_tail(out, p, 0.0, inside, k + 1.0) if upper else _vanishing_log_tail(out, p, 1.0, inside, n - k)


def _nbinom_tail(name, k, n, p, loc, upper, log):
    """P(K <= k) = betainc(n, k + 1, p), beta's cdf at ``p``; P(K > k) its sf (its log at ``p = 1``,
    where it vanishes, as ``(k + 1) log(1 - p)``: :func:`_vanishing_log_tail`)."""
    k = _whole_counts(name, k, loc)
    out = _count_tail(k, k >= 0, lambda k: _beta_tail(name, p, n, k + 1.0, 0.0, 1.0, upper, log), upper, log)
    return _vanishing_log_tail(out, p, 1.0, k >= 0, k + 1.0) if upper and log else out


def _geom_tail(name, k, p, loc, upper, log):
    """P(K > k) = (1 - p)^k for whole ``k >= 1``: a power where ``1 - p`` is exact (``p >= 1/2``; at
    ``p = 1`` log1p(-p) has an infinite derivative and (1 - p)^k a finite one), ``exp(k log1p(-p))``
    below; its log ``k log1p(-p)``. The cdf is ``-expm1(k log1p(-p))`` where it is below 1/2 (and
    ``p`` too), ``1 - sf`` above, its log ``log1p(-sf)`` there."""
    k = np.maximum(_whole_counts(name, k, loc), 0.0)
    if upper and log:
        return _count_tail(k, k >= 1, lambda k: sc.xlog1py(k, -p), upper, log, fill=1.0)

    def survival(k, p):
        high = _plain(p) >= 0.5
        if np.all(high):
            return (1.0 - p) ** k
        if not np.any(high):
            return np.exp(sc.xlog1py(k, -p))
        return np.where(high, (1.0 - np.where(high, p, 0.75)) ** k, np.exp(sc.xlog1py(k, -np.where(high, 0.25, p))))

    def tail(k):
        if upper:
            return survival(k, p)
        with np.errstate(divide="ignore"):
            small = sc.xlog1py(k, -_plain(p)) > -np.log(2.0)  # the cdf below 1/2
        below = lambda k, p: -np.expm1(sc.xlog1py(k, -p))  # noqa: E731
        above = lambda k, p: np.log1p(-survival(k, p)) if log else 1.0 - survival(k, p)  # noqa: E731
        if np.all(small):
            return np.log(below(k, p)) if log else below(k, p)
        if not np.any(small):
            return above(k, p)
        low = below(np.where(small, k, 1.0), np.where(small, p, 0.25))
        return np.where(small, np.log(low) if log else low, above(np.where(small, 1.0, k), np.where(small, 0.75, p)))
    return _count_tail(k, k >= 1, tail, upper, log, fill=1.0)


def _count_signature(shapes, first=()):
    """``(*first, *shapes, loc=0)``: a discrete distribution's method has no scale."""
    P = inspect.Parameter
    return inspect.Signature([P(s, P.POSITIONAL_OR_KEYWORD) for s in (*first, *shapes)]
                             + [P("loc", P.POSITIONAL_OR_KEYWORD, default=0)])


def _add_count_tails(cls, tail, shapes, check, example):
    """Give the discrete distribution ``cls`` its ``cdf``, ``logcdf``, ``sf`` and ``logsf``:
    ``tail(name, k, *shapes, loc, upper, log)``, refused outside the valid parameters (``check``, a
    :class:`_ValidParameters`)."""
    signature = _count_signature(shapes, ("k",))
    texts = {"cdf": "``P(K <= k - loc)``", "logcdf": "``log P(K <= k - loc)``, finite where the cdf underflows",
             "sf": "``P(K > k - loc)``", "logsf": "``log P(K > k - loc)``, finite where the sf underflows"}
    for name, (upper, log) in {"cdf": (False, False), "logcdf": (False, True), "sf": (True, False),
                               "logsf": (True, True)}.items():
        @check
        def method(k, *args, _name=f"{cls.__name__}.{name}", _upper=upper, _log=log, **kwargs):
            bound = signature.bind(k, *args, **kwargs)
            bound.apply_defaults()
            k, *parameters, loc = bound.args
            return tail(_name, k, *parameters, loc, _upper, _log)
        setattr(method, "__signature__", signature)
        call = f"{cls.__name__}.{name}({example})"
        method.__doc__ = _doc(cls, texts[name] + f", {_differentiable_in(cls, shapes)}.",
                              f"round(float({call}), 6)", repr(round(float(method(*eval(f"({example},)"))), 6)))
        _method(cls, name)(method)


def _count_std(var, factored, s):
    """``sqrt(var(*s))``, and where the variance is 0 (``p`` at an end) ``factored(*s)``, the same as a
    product of square roots: through ``sqrt(p (1 - p))`` sqrt's infinite derivative at 0 met the product
    rule's 0 (inf * 0 = NaN, bernoulli.std's gradient at p = 0), where the one-sided derivative is +-inf."""
    v = var(*s)
    zero = _plain(v) == 0
    if factored is None or not np.any(zero):
        return np.sqrt(v)
    return np.where(zero, factored(*s), np.sqrt(np.where(zero, 1.0, v)))


def _add_count_moments(cls, shapes, check, mean, var, example, factored_std=None, std=None):
    """Give the discrete distribution ``cls`` its ``mean`` (``loc + mean(*shapes)``), ``var`` and
    ``std`` (``sqrt(var)``; ``factored_std`` where the variance is 0: :func:`_count_std`; ``std(*shapes)``
    everywhere if given, where the square root of an underflowing variance loses the digits), refused outside
    the valid parameters (``check``, a :class:`_ValidParameters`: its ``valid`` on plain values)."""
    signature = _count_signature(shapes)

    def deviation(s):
        return std(*s) if std is not None else _count_std(var, factored_std, s)
    functions = {"mean": (lambda s, loc: loc + mean(*s), "``loc`` plus the mean"),
                 "var": (lambda s, loc: var(*s) + np.zeros(np.shape(_plain(loc))), "the variance"),
                 "std": (lambda s, loc: deviation(s) + np.zeros(np.shape(_plain(loc))),
                         "the standard deviation")}
    for name, (function, text) in functions.items():
        def method(*args, _name=f"{cls.__name__}.{name}", _function=function, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            *s, loc = bound.args
            _constant(_name, "loc", loc, "a shift of a count is discrete")
            for argument in _COUNT_SHAPES.get(cls.__name__, ()):
                _constant(_name, argument, s[shapes.index(argument)], "a count is discrete")
            check.valid(*(_plain(x) for x in s))
            return _in_dtype_of(_function(s, loc), *s)
        setattr(method, "__signature__", signature)
        method.__doc__ = _doc(cls, f"{text}, {_differentiable_in(cls, shapes)}.",
                              f"round(float({cls.__name__}.{name}({example})), 6)",
                              repr(round(float(method(*eval(f"({example},)"))), 6)))
        _method(cls, name)(method)


_add_count_tails(poisson, _poisson_tail, ("mu",), _POISSON, "3, 2.5")
_add_count_tails(binom, _binom_tail, ("n", "p"), _BINOM, "3, 10, 0.25")
_add_count_tails(bernoulli, lambda name, k, p, loc, upper, log: _binom_tail(name, k, 1.0, p, loc, upper, log),
                 ("p",), _BERNOULLI, "0, 0.25")
_add_count_tails(nbinom, _nbinom_tail, ("n", "p"), _NBINOM, "3, 2.5, 0.4")
_add_count_tails(geom, _geom_tail, ("p",), _GEOM, "3, 0.25")
_add_count_moments(poisson, ("mu",), _POISSON, lambda mu: mu, lambda mu: mu, "2.5")
def _binom_std_factored(n, p):
    """``sqrt(n) sqrt(p) sqrt(1 - p)`` (0 at ``n = 0``, for every ``p``)."""
    none, n = n == 0, np.asarray(n, dtype=float)
    p = np.where(none, 0.5, p) if np.any(none) else p
    return np.where(none, 0.0, np.sqrt(n) * np.sqrt(p) * np.sqrt(1.0 - p))


_add_count_moments(binom, ("n", "p"), _BINOM, lambda n, p: n * p, lambda n, p: n * p * (1.0 - p), "10, 0.25",
                   _binom_std_factored)
_add_count_moments(bernoulli, ("p",), _BERNOULLI, lambda p: p, lambda p: p * (1.0 - p), "0.25",
                   lambda p: _binom_std_factored(1, p))
# (the variances over p twice, not over p * p: it underflowed to 0 from p = 1.5e-162, and a Python float p raised
# ZeroDivisionError, geom.var(1e-200) and nbinom.var(2, 1e-200), for 1e400: inf; the std the product of square roots
# everywhere, finite where the variance overflows: nbinom.std(1e300, 1e-5) is 1e155, sqrt(inf) was inf with
# derivative 0)
_add_count_moments(nbinom, ("n", "p"), _NBINOM, lambda n, p: n * (1.0 - p) / p,
                   lambda n, p: n * (1.0 - p) / p / p, "2.5, 0.4", std=lambda n, p: np.sqrt(n) * np.sqrt(1.0 - p) / p)
_add_count_moments(geom, ("p",), _GEOM, lambda p: 1.0 / p, lambda p: (1.0 - p) / p / p, "0.25",
                   std=lambda p: np.sqrt(1.0 - p) / p)
_BETABINOM = _ValidParameters("betabinom", {"n": _FINITE_WHOLE, "a": _FINITE_POSITIVE, "b": _FINITE_POSITIVE},
                               (1.0, 1.0, 1.0))


def _betabinom_var(n, a, b):
    return n * (a / (a + b)) * (b / (a + b)) * ((a + b + n) / (a + b + 1.0))


def _betabinom_std(n, a, b):
    """``sqrt`` of the variance; 0 (derivative 0) at ``n = 0``; and where the variance overflows (``n`` beyond about
    1e154) the product of its factors' square roots (betabinom.std(1e200, 1, 1) is 2.9e199: sqrt(inf) was inf with
    derivative 0). The variance is not formed there (its overflowed product's derivatives met sqrt's as inf - inf)."""
    with np.errstate(over="ignore"):
        over = np.isinf(_betabinom_var(*(np.asarray(_plain(x), dtype=float) for x in (n, a, b))))
    if not np.any(over):
        return _count_std(_betabinom_var, lambda n, a, b: 0.0 * (a + b), (n, a, b))
    m = np.where(over, 1.0, n)  # (a whole count: constant)
    inside = _count_std(_betabinom_var, lambda n, a, b: 0.0 * (a + b), (m, a, b))
    m = np.where(over, n, 1.0)
    factored = np.sqrt(m) * np.sqrt(a / (a + b)) * np.sqrt(b / (a + b)) * np.sqrt((a + b + m) / (a + b + 1.0))
    return np.where(over, factored, inside)


_add_count_moments(betabinom, ("n", "a", "b"), _BETABINOM, lambda n, a, b: n * a / (a + b), _betabinom_var,
                   "10, 2.0, 3.0", std=_betabinom_std)

#: the most terms of betabinom's tail sums (where both sides are longer: refused, ValueError)
_BETABINOM_TERMS = 10 ** 6


#: the most terms :func:`_log_beta_whole_shift` sums (beyond, the difference of two betaln)
_WHOLE_SHIFT_TERMS = 4096


def _log_sum_of_terms(terms, where, axis=-1):
    """``log sum exp(terms)`` along ``axis`` where ``where`` (plain; each row has one at least), shifted by the row's
    largest (plain) term; the other terms -inf (their exp 0, with derivative 0). betabinom's, betanbinom's and
    nchypergeom_fisher's sums."""
    terms = np.where(where, terms, -np.inf)
    top = np.max(np.where(where, _plain(terms), -np.inf), axis=axis, keepdims=True)
    return np.squeeze(top, axis=axis) + np.log(np.sum(np.exp(terms - top), axis=axis))


def _log_beta_whole_shift(n, x, y):
    """``betaln(n, x + y) - betaln(n, y)`` at a plain whole ``n >= 1`` (Var-aware in x and y), as ``-sum_{j < n}
    log1p(x / (y + j))`` (``B(n, y) = (n - 1)! / (y (y + 1) ... (y + n - 1))``): each term of one sign, no cancellation.
    The difference of the two betaln, each about n log(y), kept their rounding: betabinom.logpmf(0, 1000, 1, 1e6) was
    1.1e-9 off. Beyond :data:`_WHOLE_SHIFT_TERMS` terms that difference (:func:`log_beta_exact`'s)."""
    n = np.asarray(n, dtype=float)
    most = int(np.max(n)) if n.size else 1
    shape = np.broadcast_shapes(n.shape, np.shape(_plain(x)), np.shape(_plain(y)))
    with np.errstate(invalid="ignore"):
        small = np.broadcast_to(_plain(x) <= _plain(y), shape)  # (x above y: no cancellation, each rounding larger)
    if most > _WHOLE_SHIFT_TERMS or most < 1 or not np.any(small):
        return log_beta_exact(n, x + y) - log_beta_exact(n, y)
    j = np.arange(most, dtype=float).reshape((most,) + (1,) * len(shape))
    return _two_forms(small, lambda x, y: log_beta_exact(n, x + y) - log_beta_exact(n, y),
                      lambda x, y: -np.sum(np.where(j < n, np.log1p(x / (y + j)), 0.0), axis=0), (x, y), (2.0, 1.0),
                      (1.0, 1.0))


def _log1m_whole_shift(n, x, y):
    """``log(1 - B(n, x + y) / B(n, y))`` (the log of one minus :func:`_log_beta_whole_shift`'s ratio, ``1 - exp(-W)``,
    ``W = sum_{j < n} log1p(x / (y + j))``): where ``x < y / 2`` and ``W < 1/2`` as ``log x + log(s) + log((1 - e^-W) /
    W)``, ``s = sum_j P(x / (y + j)) / (y + j)`` (``W = x s``, ``P(u) = log1p(u) / u`` its series): through
    ``log(-expm1(-W))`` d2/dx dy was two terms of size ``1 / x`` apart (betabinom.logsf(0, 30, a, 3) at a = 1e-10 1.3e-6
    relative off). Elsewhere, and beyond :data:`_WHOLE_SHIFT_TERMS` terms, ``log1mexp`` of the ratio's log."""
    n = np.asarray(n, dtype=float)
    most = int(np.max(n)) if n.size else 1
    shape = np.broadcast_shapes(n.shape, np.shape(_plain(x)), np.shape(_plain(y)))
    px, py = np.asarray(_plain(x), dtype=float), np.asarray(_plain(y), dtype=float)
    with np.errstate(invalid="ignore"):
        near = np.broadcast_to((px < 0.5 * py) & (-_log_beta_whole_shift(n, px, py) < 0.5), shape)

    def direct(x, y):
        return _log1mexp(_log_beta_whole_shift(n, x, y))
    if most > _WHOLE_SHIFT_TERMS or most < 1 or not np.any(near):
        return direct(x, y)
    j = np.arange(most, dtype=float).reshape((most,) + (1,) * len(shape))

    def series(x, y):
        s = np.sum(np.where(j < n, polynomial(x / (y + j), _LOG1P_RATIO_SERIES) / (y + j), 0.0), axis=0)
        return np.log(x) + np.log(s) + _log_expm1_ratio(x * s)
    return _two_forms(near, direct, series, (x, y), (1.0, 1.0), (0.25, 1.0))


def _betabinom_log_sum(k, n, a, b, lower):
    """``log P(K <= k)`` where ``lower`` (plain), ``log P(K > k)`` elsewhere, as ``log sum_j C(n, j) B(j + a, n - j +
    b) / B(a, b)`` over ``j = 0..k`` (``j = n, n - 1, ..., k + 1``): each term ``-log(n + 1) - betaln(j + 1, n - j + 1)
    + betaln(j + a, n - j + b) - betaln(a, b)`` (Stirling's where both are large: :func:`log_beta_exact`), at the ends
    ``betaln(n, a + b) - betaln(n, b)`` (j = 0; ``a`` at j = n), summed from the largest (plain whole ``0 <= k <
    n``)."""
    shape = np.broadcast_shapes(np.shape(k), np.shape(n), np.shape(lower), np.shape(_plain(a)), np.shape(_plain(b)))
    k, n, lower = (np.broadcast_to(x, shape) for x in (k, n, lower))
    count = np.where(lower, k + 1.0, n - k)
    most = int(np.max(count)) if np.size(count) else 1
    i = np.arange(most, dtype=float).reshape((most,) + (1,) * len(shape))
    inside = i < count
    j = np.where(inside, np.where(lower, i, n - i), 0.0)
    terms = (-np.log(n + 1.0) - log_beta_exact(j + 1.0, n - j + 1.0) + log_beta_exact(j + a, n - j + b)
             - log_beta_exact(a, b))
    # the first term, at an end, as B(n, a + b) / B(n, b) (j = 0) or B(n, a + b) / B(n, a) (j = n): gamma(a) (gamma(b))
    # cancels there, and betaln(a, n + b) - betaln(a, b)'s d2/da2 was 1 / a^2 - 1 / a^2 (betabinom.logsf(999, 1000,
    # 200, b)'s at b = 1e-5 1.6e-8 off)
    end = _log_beta_whole_shift(n, np.where(lower, a, b), np.where(lower, b, a))
    return _log_sum_of_terms(np.where(i == 0.0, end, terms), inside, axis=0)


def _betabinom_tail(name, k, n, a, b, loc, upper, log):
    """``P(K <= k)`` or ``P(K > k)`` (``upper``), or its log: the side with the smaller chance summed
    (:func:`_betabinom_log_sum`; the shorter side's plain sum decides), the other ``1 -`` it; where the smaller side is
    longer than :data:`_BETABINOM_TERMS` terms the shorter side (refused where both are). The cdf is 1 from ``n`` on."""
    _constant(name, "n", n, "a count is discrete")
    n, k = np.asarray(n, dtype=float), _whole_counts(name, k, loc)

    def tail(k):
        n_ = np.where(n == 0, 1.0, n)  # (n = 0, the point 0: no count inside; its values unused)
        shorter = np.broadcast_to(k + 1.0 <= n_ - k, np.broadcast_shapes(np.shape(k), np.shape(n_)))
        if np.any(np.minimum(k + 1.0, n_ - k) > _BETABINOM_TERMS):
            raise ValueError(f"{name}: both tails are sums of more than {_BETABINOM_TERMS} terms (k + 1 and n - k) "
                             "and are not supported")
        with np.errstate(divide="ignore"):
            shorter_sum = _betabinom_log_sum(k, n_, _plain(a), _plain(b), shorter)
        small = np.exp(shorter_sum) < 0.5
        longer_fits = np.where(shorter, n_ - k, k + 1.0) <= _BETABINOM_TERMS
        # (a shorter side of one term, an end (:func:`_log_beta_whole_shift`), is exact: through 1 minus the other
        # side's sum the second derivative of betabinom.logsf(999, 1000, 200, b) in b was 2.2e-9 off at b = 1e-5)
        single = np.where(shorter, k + 1.0, n_ - k) == 1
        lower = np.where(small | ~longer_fits | single, shorter, ~shorter)
        plain = all(not isinstance(x, (Var, Dual)) and np.asarray(x).dtype != object for x in (a, b))
        # (at plain shapes the shorter side's sum is the one wanted where it is the smaller: not summed again)
        log_sum = shorter_sum if plain and np.all(lower == shorter) else _betabinom_log_sum(k, n_, a, b, lower)
        direct = lower == (not upper)
        if not log:
            return np.where(direct, np.exp(log_sum), -np.expm1(np.where(direct, -1.0, log_sum)))
        out = np.where(direct, log_sum, _log1mexp(np.where(direct, -1.0, log_sum)))
        end = single & ~direct  # (1 minus an end's term: :func:`_log1m_whole_shift`, its derivatives without 1/a - 1/a)
        if not np.any(end):
            return out
        x, y = np.where(lower, a, b), np.where(lower, b, a)
        return np.where(end, _log1m_whole_shift(n_, np.where(end, x, 1.0), np.where(end, y, 1.0)), out)
    return _count_tail(k, (k >= 0) & (k < n), tail, upper, log, last=n)


_add_count_tails(betabinom, _betabinom_tail, ("n", "a", "b"), _BETABINOM, "3, 10, 2.0, 3.0")



# -- the quantiles of the discrete distributions: steps -----------------------------------------

def _refuse_at_jumps(name, traced, at, where):
    """Raise where a traced argument sits at a jump of a step function (``at``: plain mask)."""
    for argument, value in traced:
        if isinstance(value, (Var, Dual)) and np.any(at):
            raise NoGradientRule(
                f"wengert.scipy.stats.{name} has no derivative in {argument} where the quantile jumps "
                f"({where}). Evaluate away from the jump, or pass {argument} as a constant "
                "(wengert.stop_gradient).")


#: a quantile within this many units in the last place of the cdf at a count is at its jump (SciPy's
#: quantiles step within a few units of the crossing, not at it: bernoulli's, Boost's, up to 5 units
#: above ``1 - p``)
_JUMP_ULPS = 64


def _near(a, b):
    """``a`` and ``b`` within :data:`_JUMP_ULPS` units in the last place of the larger."""
    return np.abs(a - b) <= _JUMP_ULPS * np.spacing(np.maximum(np.abs(a), np.abs(b)))


#: where SciPy's quantiles are wrong at valid parameters: a stand-in for its distribution (its ``ppf``, ``isf``, ``cdf``,
#: ``sf`` and ``support``), by name
_SCIPY_STAND_INS = {}


#: the distributions whose SciPy quantile searches take seconds to minutes in the far tails (betanbinom's sums its pmf
#: term by term at each step before SciPy 1.15: ppf(1 - 1e-12, 3, 2.5, 2.0) 36 min on 1.13; zipf's, logser's,
#: zipfian's and yulesimon's isf(1e-20) over 20 s on 1.17): there wengert's own search (:func:`_search_count`) stands in,
#: outside q in [_FAR_Q, 1 - _FAR_Q]
_SCIPY_SEARCHED_FAR = frozenset({"betanbinom", "zipf", "logser", "zipfian", "yulesimon", "betabinom"})
_FAR_Q = 1e-6


def _betabinom_far_start(q, upper, n, a, b):
    """Where betabinom's search starts: ``n`` times beta(a, b)'s quantile, whose probes stay in the far tail (its
    tails are sums of up to n terms; from 0 the search's first probes were in the middle: ``ppf(1 - 1e-16, 1e6, 2.0,
    0.1)`` took 4 s on SciPy 1.13, SciPy's own search)."""
    from scipy import stats as scipy_stats
    p = (scipy_stats.beta.isf if upper else scipy_stats.beta.ppf)(q, a, b)
    return np.clip(np.floor(n * p), 0.0, n)


#: where the search in the far tails starts (:func:`_search_count`; else at the support's start)
_FAR_STARTS = {"betabinom": _betabinom_far_start}
#: where wengert's own tails are defined at every count (elsewhere SciPy's quantile, unchecked): betabinom's where
#: one side of each count is a sum of at most _BETABINOM_TERMS terms
_OWN_TAILS_EVERYWHERE = {"betabinom": lambda n, a, b: n <= 2.0 * _BETABINOM_TERMS - 1.0}


def _search_count(meets, start, low):
    """The smallest whole ``k >= low`` with ``meets(k)`` (``meets`` monotone: False then True; ``low`` the support's
    start, maybe -inf), searched from ``start``: steps doubling (squaring upwards) to bracket it, then bisection
    (geometric while the bracket spans more than a factor 4). Beyond 2**53, where floats are not every whole number, the smallest float at
    which ``meets`` holds; inf where none below the largest float does."""
    k = start if np.isfinite(start) else (low if np.isfinite(low) else 0.0)
    if meets(k):
        high, step = k, 1.0
        while True:
            k = high - step
            if k < low:
                return high if high == low else _bisect_count(meets, low - 1.0, high)
            if not meets(k):
                return _bisect_count(meets, k, high)
            high, step = k, step * 2.0
    step = 1.0
    while True:
        high = k + step
        if not np.isfinite(high):
            high = np.finfo(float).max
            return _bisect_count(meets, k, high) if meets(high) else np.inf
        if meets(high):
            return _bisect_count(meets, k, high)
        k, step = high, max(step * 2.0, high * high)  # (squaring: 1e120 in 9 steps)


def _bisect_count(meets, below, high):
    """Bisection between ``below`` (not meeting) and ``high`` (meeting) on whole numbers."""
    while high - below > 1.0:
        if below > 0.0 and high > 4.0 * below:
            mid = math.floor(math.sqrt(below) * math.sqrt(high))
        else:
            mid = math.floor(below + (high - below) / 2.0)
        if mid <= below or mid >= high:
            break
        if meets(mid):
            high = mid
        else:
            below = mid
    return high


def _own_quantile(cls, q, parameters, loc, upper, start, low):
    """The quantile from wengert's own tails at plain values (each step one evaluation of the cdf, or the sf for
    ``upper``): the smallest ``k`` with ``cdf(k) >= q`` (``sf(k) <= q``), elementwise."""
    out = np.empty(np.shape(q))
    for at in np.ndindex(np.shape(q)):
        qq, pp, ll = float(q[at]), [float(x[at]) for x in parameters], float(loc[at])

        def meets(k):
            return bool(_meets(cls, upper, qq, k, pp, ll))
        out[at] = _search_count(meets, float(start[at]), float(low[at]))
    return out


def _compared(cls, upper, q, k, parameters, loc):
    """The tail :func:`_meets` compares, and what with: ``(cdf(k), q)`` (``upper``: ``sf``), above q = 1/2 ``(sf(k), 1 -
    q)`` (``cdf``)."""
    q = np.asarray(q, float)
    flip = q > 0.5
    low_tail, high_tail = (cls.sf, cls.cdf) if upper else (cls.cdf, cls.sf)
    value = np.asarray(low_tail(k, *parameters, loc), float) if not np.all(flip) else np.nan
    other = np.asarray(high_tail(k, *parameters, loc), float) if np.any(flip) else np.nan
    return np.where(flip, other, value), np.where(flip, 1.0 - q, q)


def _meets(cls, upper, q, k, parameters, loc):
    """``cdf(k) >= q`` (``upper``: ``sf(k) <= q``) by wengert's tails, as ``sf(k) <= 1 - q`` (``cdf(k) >= 1 - q``) above
    q = 1/2, where ``1 - q`` is exact and the other tail has its digits (near q = 1 - 1e-12 the cdf moves by less than a
    unit in the last place over ~17 counts of betanbinom(3, 2.5, 2.0))."""
    q = np.asarray(q, float)
    flip = q > 0.5
    low_tail, high_tail = (cls.sf, cls.cdf) if upper else (cls.cdf, cls.sf)
    if not np.any(flip):
        value = np.asarray(low_tail(k, *parameters, loc), float)
        return (value <= q) if upper else (value >= q)
    other = np.asarray(high_tail(k, *parameters, loc), float)
    if np.all(flip):
        return (other >= 1.0 - q) if upper else (other <= 1.0 - q)
    value = np.asarray(low_tail(k, *parameters, loc), float)
    return np.where(flip, (other >= 1.0 - q) if upper else (other <= 1.0 - q), (value <= q) if upper else (value >= q))


class _RememberedTails:
    """A discrete distribution's ``cdf`` and ``sf`` at plain arguments, each evaluated once at the same arguments."""

    def __init__(self, cls):
        self._cls, self._values = cls, {}

    def _tail(self, name, *args):
        key = (name, *((np.shape(x), np.asarray(x, float).tobytes()) for x in args))
        if key not in self._values:
            self._values[key] = getattr(self._cls, name)(*args)
        return self._values[key]

    def cdf(self, *args):
        return self._tail("cdf", *args)

    def sf(self, *args):
        return self._tail("sf", *args)


def _count_quantile(cls, check, name, q, parameters, loc, upper, q_name="q"):
    """SciPy's ``ppf`` (``upper``: ``isf``) of the discrete ``cls`` at plain values where wengert's own tails agree
    that it is the smallest k with ``cdf(k) >= q`` (``sf(k) <= q``), else (and in the far tails of
    :data:`_SCIPY_SEARCHED_FAR`, where SciPy's search is slow) wengert's own search on them (:func:`_search_count`;
    beyond 2**53 the smallest float meeting it, inf beyond the largest float): piecewise
    constant in ``q`` and the parameters, so a plain value (derivative 0), refused where a traced
    argument is at a jump: where ``q`` is the cdf (sf) at the quantile or one count below it, or
    ``q`` is 0 or 1 and the support is unbounded there (``q_name``: what ``q`` is called in the
    message, interval's ``confidence``). Refused outside the valid parameters (``check``, a
    :class:`_ValidParameters`; SciPy gives NaN there, SciPy 1.13's ``bernoulli.ppf(0, 1.5)`` -1)."""
    from scipy import stats as scipy_stats  # (imported when first used: scipy.stats is slow to import)
    full = f"{cls.__name__}.{name}"
    _constant(full, "loc", loc, "a shift of a count is discrete")
    for argument in _COUNT_SHAPES.get(cls.__name__, ()):
        _constant(full, argument, parameters[cls._shapes.index(argument)], "a count is discrete")
    q_plain = np.asarray(_plain(_q(full, q)), float)
    plain = [np.asarray(_plain(x), float) for x in parameters]
    loc_plain = _plain(loc)
    frozen = _SCIPY_STAND_INS.get(cls.__name__) or getattr(scipy_stats, cls.__name__)
    check.valid(*plain)
    inside = (q_plain > 0) & (q_plain < 1)
    shape = np.broadcast_shapes(np.shape(q_plain), *(np.shape(x) for x in plain), np.shape(loc_plain))
    q_all, plain_all, loc_all = (np.broadcast_to(q_plain, shape), [np.broadcast_to(x, shape) for x in plain],
                                 np.broadcast_to(np.asarray(loc_plain, float), shape))
    far = np.broadcast_to(inside & ((q_plain < _FAR_Q) | (q_plain > 1.0 - _FAR_Q)), shape) \
        if cls.__name__ in _SCIPY_SEARCHED_FAR else np.zeros(shape, bool)
    own_fits = np.broadcast_to(_OWN_TAILS_EVERYWHERE.get(cls.__name__, lambda *p: True)(*plain_all), shape)
    far = far & own_fits
    with np.errstate(all="ignore"):
        k, dtype = np.full(shape, np.nan), np.result_type(q_plain, 1.0)
        if not np.all(far):
            body = (frozen.isf if upper else frozen.ppf)(q_all[~far], *(x[~far] for x in plain_all), loc_all[~far])
            k[~far], dtype = body, np.asarray(body).dtype
        tail = frozen.sf if upper else frozen.cdf
        # SciPy's quantile where wengert's own tails (exact) agree that it is the smallest k with cdf(k) >= q (sf(k) <= q;
        # within the jumps' units in the last place); else wengert's own search (SciPy's isf(1e-300, 3, 2.5, 2.0) of
        # betanbinom was 10485850, where its sf rounds to 0 and wengert's is 2.6e-16)
        searched = far.copy()
        own = getattr(cls, "sf" if upper else "cdf", None)
        check_k = inside & ~far & own_fits
        if own is not None and np.any(check_k):
            remembered = _RememberedTails(cls)  # (each tail once at each count: betabinom's are sums of up to n terms)
            own = getattr(remembered, "sf" if upper else "cdf")
            kk = np.where(check_k & np.isfinite(k), k, 0.0)
            mine = [np.asarray(own(x, *plain_all, loc_all), float) for x in (kk, kk - 1.0)]
            mine[1] = np.where(kk - 1.0 < np.asarray(frozen.support(*plain_all, loc_all)[0], float), float(upper), mine[1])
            compared = [_compared(remembered, upper, q_all, x, plain_all, loc_all) for x in (kk, kk - 1.0)]
            meets = [_meets(remembered, upper, q_all, x, plain_all, loc_all) for x in (kk, kk - 1.0)]
            meets[1] = np.where(kk - 1.0 < np.asarray(frozen.support(*plain_all, loc_all)[0], float), upper, meets[1])
            fine = np.isfinite(k) & (meets[0] | _near(*compared[0])) & (~meets[1] | _near(*compared[1]))
            searched |= check_k & ~fine
            # (a jump in wengert's tails' rounding is one too: SciPy's zipf.sf(2, 6.5) is 1400 units in the last place low)
            own_at, own_below = (np.where(check_k & fine, m, np.nan) for m in mine)
        else:
            own_at = own_below = np.full(shape, np.nan)
        if np.any(far) and cls.__name__ in _FAR_STARTS:
            k[far] = _FAR_STARTS[cls.__name__](q_all[far], upper, *(x[far] for x in plain_all)) + loc_all[far]
        if np.any(searched):
            low = np.broadcast_to(np.asarray(frozen.support(*plain_all, loc_all)[0], float), shape)
            k[searched] = _own_quantile(cls, q_all[searched], [x[searched] for x in plain_all], loc_all[searched], upper,
                                        k[searched], low[searched])
        at_k, below_k = np.empty(shape), np.empty(shape)
        if np.any(~searched):
            at_k[~searched] = tail(k[~searched], *(x[~searched] for x in plain_all), loc_all[~searched])
            below_k[~searched] = tail(k[~searched] - 1.0, *(x[~searched] for x in plain_all), loc_all[~searched])
        if np.any(searched):
            own_tail = getattr(cls, "sf" if upper else "cdf")
            args = [x[searched] for x in plain_all]
            at_k[searched] = own_tail(k[searched], *args, loc_all[searched])
            below_k[searched] = own_tail(k[searched] - 1.0, *args, loc_all[searched])
    k = k.astype(dtype)
    jump = inside & (_near(q_plain, at_k) | _near(q_plain, below_k) | _near(q_plain, own_at) | _near(q_plain, own_below))
    # at the q of the support's start minus 1 (0 for ppf) the quantile always steps; at the q of its
    # end, where the end is inf or the last step is at q (bernoulli's cdf(0) = 1 at p = 0)
    start, end = q_plain == (1.0 if upper else 0.0), q_plain == (0.0 if upper else 1.0)
    edge = start | (end & (np.isinf(frozen.support(*plain)[1]) | _near(q_plain, below_k)))
    at = "at q = cdf(k), the step from k to k + 1" if not upper else "at q = sf(k), the step from k + 1 to k"
    _refuse_at_jumps(full, [(q_name, q)], jump | edge, at)
    _refuse_at_jumps(full, zip(cls._shapes, parameters), jump, at)
    return k[()] if isinstance(k, np.ndarray) else k


def _add_count_quantiles(cls, shapes, check, example):
    """Give the discrete distribution ``cls`` its ``ppf``, ``isf``, ``median`` and ``interval``
    (SciPy's values, refused outside the valid parameters ``check``; steps: no derivative, refused at a
    jump, :func:`_count_quantile`) and ``support`` (refused there too)."""
    cls._shapes = tuple(shapes)
    quantile_signature, interval_signature = _count_signature(shapes, ("q",)), _count_signature(shapes, ("confidence",))
    step = "a step function of q and the parameters: a plain value (derivative 0), refused at its jumps"
    for name, upper in (("ppf", False), ("isf", True)):
        def method(*args, _name=name, _upper=upper, **kwargs):
            bound = quantile_signature.bind(*args, **kwargs)
            bound.apply_defaults()
            q, *parameters, loc = bound.args
            return _count_quantile(cls, check, _name, q, parameters, loc, _upper)
        setattr(method, "__signature__", quantile_signature)
        text = "the smallest k with cdf(k) >= q" if not upper else "the smallest k with sf(k) <= q"
        method.__doc__ = _doc(cls, f"SciPy's quantile, {text}, by wengert's own tails where SciPy's is not ({step}).", f"float({cls.__name__}.{name}(0.3, {example}))",
                              repr(float(method(0.3, *eval(f"({example},)")))))
        _method(cls, name)(method)

    def median(*args, **kwargs):
        bound = _count_signature(shapes).bind(*args, **kwargs)
        bound.apply_defaults()
        *parameters, loc = bound.args
        return _count_quantile(cls, check, "median", 0.5, parameters, loc, False)
    setattr(median, "__signature__", _count_signature(shapes))
    median.__doc__ = _doc(cls, f"``ppf(0.5)`` ({step}).", f"float({cls.__name__}.median({example}))",
                          repr(float(median(*eval(f"({example},)")))))
    _method(cls, "median")(median)

    def interval(*args, **kwargs):
        bound = interval_signature.bind(*args, **kwargs)
        bound.apply_defaults()
        confidence, *parameters, loc = bound.args
        if np.any((np.asarray(_plain(confidence)) < 0) | (np.asarray(_plain(confidence)) > 1)):
            raise ValueError(f"{cls.__name__}.interval: confidence must be between 0 and 1")
        return (_count_quantile(cls, check, "interval", (1.0 - confidence) / 2.0, parameters, loc, False, "confidence"),
                _count_quantile(cls, check, "interval", (1.0 + confidence) / 2.0, parameters, loc, False, "confidence"))
    setattr(interval, "__signature__", interval_signature)
    interval.__doc__ = _doc(cls, f"``(ppf((1 - confidence) / 2), ppf((1 + confidence) / 2))`` ({step}).",
                            f"[float(end) for end in {cls.__name__}.interval(0.9, {example})]",
                            repr([float(end) for end in interval(0.9, *eval(f"({example},)"))]))
    _method(cls, "interval")(interval)

    def support(*args, **kwargs):
        from scipy import stats as scipy_stats
        bound = _count_signature(shapes).bind(*args, **kwargs)
        bound.apply_defaults()
        check.valid(*(_plain(x) for x in bound.args[:-1]))
        ends = getattr(scipy_stats, cls.__name__).support(*(_plain(x) for x in bound.args))
        return tuple(np.asarray(end, dtype=float)[()] for end in ends)  # (SciPy's start is an int)
    setattr(support, "__signature__", _count_signature(shapes))
    support.__doc__ = _doc(cls, "SciPy's ends of the support, ``loc`` included, as floats (plain values: no "
                           "derivative).",
                           f"[float(end) for end in {cls.__name__}.support({example})]",
                           repr([float(end) for end in support(*eval(f"({example},)"))]))
    _method(cls, "support")(support)


_add_count_quantiles(poisson, ("mu",), _POISSON, "2.5")
_add_count_quantiles(bernoulli, ("p",), _BERNOULLI, "0.25")
_add_count_quantiles(binom, ("n", "p"), _BINOM, "10, 0.25")
_add_count_quantiles(nbinom, ("n", "p"), _NBINOM, "2.5, 0.4")
_add_count_quantiles(geom, ("p",), _GEOM, "0.25")
_add_count_quantiles(betabinom, ("n", "a", "b"), _BETABINOM, "10, 2.0, 3.0")


# -- the entropies of binom, bernoulli, betabinom and geom ---------------------------------------

def _finite_entropy(logpmf, n, parameters):
    """``-sum_{k=0}^{n} pmf(k) log pmf(k)`` of a distribution on the counts 0, ..., n (``n`` plain,
    whole), from its log pmf (finite at every count: no 0 * -inf), summed over a leading axis of
    counts (SciPy's sum, as SciPy's ``binom.entropy``)."""
    shape = np.broadcast_shapes(np.shape(n), *(np.shape(peek(x)) for x in parameters))
    last = int(np.max(n)) if np.size(n) else 0
    k = np.arange(last + 1, dtype=float).reshape((last + 1,) + (1,) * len(shape))
    inside = k <= n
    log_terms = logpmf(np.where(inside, k, 0.0), n, *parameters)
    return 0.0 - np.sum(np.where(inside, np.exp(log_terms) * log_terms, 0.0), axis=0)  # (0, not -0, at n = 0)


def _count_entropy(name, check, logpmf, n, parameters, p, loc):
    """The entropy of binom (``name``), bernoulli or betabinom: :func:`_finite_entropy`, refused outside
    the valid parameters (``check``: of ``n`` and ``parameters``, or of ``parameters`` alone, bernoulli's), 0 at
    ``p`` = 0 or 1 (``p``: None for betabinom), where the derivative in ``p`` is infinite (``-n log p`` at 0): a
    traced ``p`` there is refused."""
    _constant(name, "loc", loc, "a shift of a count is discrete")
    _constant(name, "n", n, "a count is discrete")
    n = np.asarray(_plain(n), dtype=float)
    ok = check.valid(*[n, *(_plain(x) for x in parameters)][-len(check.names):])
    end = np.zeros(np.shape(ok), bool) if p is None else ((_plain(p) == 0) | (_plain(p) == 1)) & (n > 0)
    _refuse_at_ends(name, p, end, "the entropy is -n p log p + O(p) at 0, whose derivative is infinite")
    if np.any(end):
        n = np.where(end, 1.0, n)
        parameters = [np.where(end, safe, x) for x, safe in zip(parameters, check.safe[-len(parameters):])]
    out = _finite_entropy(logpmf, n, parameters)
    out = np.where(end, 0.0, out) if np.any(end) else out
    return out[()]


@_method(binom, "entropy")
def _binom_entropy(n, p, loc=0):
    """``-sum_k pmf(k) log pmf(k)`` over ``k = 0, ..., n``, differentiable in ``p``; at ``p`` = 0 or 1
    the entropy is 0 and its derivative infinite: a traced ``p`` there is refused.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import binom
    >>> round(float(binom.entropy(10, 0.3)), 6)
    1.779079
    >>> round(float(wg.grad_bp(lambda p: binom.entropy(10, p), 0.3)), 6)  # -sum pmf'(k) log pmf(k)
    1.075716
    """
    return _count_entropy("binom.entropy", _BINOM, binom.logpmf, n, [p], p, loc)


@_method(bernoulli, "entropy")
def _bernoulli_entropy(p, loc=0):
    """``-p log p - (1 - p) log(1 - p)``, differentiable in ``p``; at ``p`` = 0 or 1 the entropy is 0
    and its derivative infinite: a traced ``p`` there is refused.

    >>> from wengert.scipy.stats import bernoulli
    >>> round(float(bernoulli.entropy(0.5)), 6)  # log 2
    0.693147
    """
    return _count_entropy("bernoulli.entropy", _BERNOULLI, binom.logpmf, 1.0, [p], p, loc)


@_method(betabinom, "entropy")
def _betabinom_entropy(n, a, b, loc=0):
    """``-sum_k pmf(k) log pmf(k)`` over ``k = 0, ..., n``, differentiable in ``a`` and ``b``.

    >>> from wengert.scipy.stats import betabinom
    >>> round(float(betabinom.entropy(2, 1.0, 1.0)), 6)  # uniform on {0, 1, 2}: log 3
    1.098612
    """
    return _count_entropy("betabinom.entropy", _BETABINOM, betabinom.logpmf, n, [a, b], None, loc)


#: below this p, geom.entropy is its series in p: the closed form's derivative, 1/p + log(1 - p)/p^2
#: + ..., cancels there (every digit at p = 1e-8)
_GEOM_ENTROPY_SERIES = 0.5
#: -sum_{j>=1} p^j / (j (j + 1)), to p^60 (0.5^60 / 3660 < 1e-21)
_GEOM_ENTROPY_TERMS = [0.0] + [-1.0 / (j * (j + 1)) for j in range(1, 61)]


@_method(geom, "entropy")
def _geom_entropy(p, loc=0):
    """``-log p - (1 - p) log(1 - p) / p``, differentiable in ``p``: below ``p = 1/2`` its series
    ``1 - log p - sum_j p^j / (j (j + 1))`` (the closed form's derivative cancels as p -> 0). At
    ``p = 1`` the entropy is 0 and its derivative infinite: a traced ``p`` there is refused.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import geom
    >>> round(float(geom.entropy(0.5)), 6)  # 2 log 2
    1.386294
    >>> round(float(wg.grad_bp(geom.entropy, 1e-8)), 1)  # -1/p - 1/2 - ...
    -100000000.5
    """
    _constant("geom.entropy", "loc", loc, "a shift of a count is discrete")
    plain = np.asarray(_plain(p), dtype=float)
    _GEOM.valid(plain)
    one = plain == 1
    _refuse_at_ends("geom.entropy", p, one, "the entropy is -(1 - p) log(1 - p) + O(1 - p) at 1, whose "
                    "derivative is infinite")
    small = plain < _GEOM_ENTROPY_SERIES
    large = ~small & ~one
    out = np.zeros_like(plain)
    if np.any(small):
        t = np.where(small, p, 0.25)
        out = np.where(small, 1.0 - np.log(t) + polynomial(t, _GEOM_ENTROPY_TERMS), out)
    if np.any(large):
        t = np.where(large, p, 0.75)
        out = np.where(large, -np.log(t) - (1.0 - t) * np.log1p(-t) / t, out)
    return out[()]


def _geometric_rest(log_f, rho, small_l, a, b):
    """``f_K sum_(m >= 1) rho^m (L + m l) (A + m B)^2``, ``L = 1 - log f_K``, ``l = small_l``: the bound on the rest of
    an entropy's sum past K whose terms fall at least as ``rho^m`` (``rho < 1``), with ``-log f`` rising by at most l
    a count and each derivative factor below ``(A + m B)^2`` (the sums of ``m^j rho^m`` in closed form)."""
    big_l = 1.0 - log_f
    d = 1.0 - rho
    s0, s1 = rho / d, rho / d ** 2
    s2, s3 = rho * (1.0 + rho) / d ** 3, rho * (1.0 + rho * (4.0 + rho)) / d ** 4
    return np.exp(log_f) * (big_l * a * a * s0 + (small_l * a * a + 2.0 * big_l * a * b) * s1
                            + (2.0 * small_l * a * b + big_l * b * b) * s2 + small_l * b * b * s3)


#: nbinom.entropy sums at most this many counts (its mean n (1 - p) / p up to ~1e5 at n = 1); beyond, ValueError
_NBINOM_ENTROPY_COUNTS = 2 ** 20


def _nbinom_entropy_counts(n, p):
    """The last count K of nbinom.entropy's sum at plain ``n``, ``p`` (arrays, ``0 < p < 1``): the first count past the
    mode where a bound on the rest (of the terms ``-f_k log f_k`` and of their first and second derivatives in n and p)
    is below 2^-60 of the sum so far. Past the mode the ratio ``r_k = f_(k+1) / f_k = (k + n) (1 - p) / (k + 1)`` is
    below ``rho = max(r_K, 1 - p) < 1`` (it falls to ``1 - p`` for n >= 1, rises to it for n < 1) and at least ``1 / e^l``,
    ``l = -log min(r_K, 1 - p)``: ``f_(K+m) <= f_K rho^m``, ``1 - log f_(K+m) <= L + m l`` (``L = 1 - log f_K``), and
    each derivative factor (``n / p - k / (1 - p)``, ``digamma(n + k) - digamma(n) + log p``, their squares and
    slopes) below ``(A + m B)^2`` with ``A = 2 + (K + n) / (1 - p) + (n + 1) / p^2 + 1 / n + 1 / n^2 + log(n + K + 1)``,
    ``B = 1 + 1 / (1 - p)``: the rest is below ``f_K sum_m rho^m (L + m l) (A + m B)^2``, the sums of ``m^j rho^m``
    in closed form."""
    size = 1024
    mean = n * (1.0 - p) / p
    while True:
        if np.max(mean) > size / 8 and size >= _NBINOM_ENTROPY_COUNTS:  # (the counts needed reach past 8 means)
            raise ValueError(f"nbinom.entropy: the sum over the counts needs more than {_NBINOM_ENTROPY_COUNTS} of "
                             f"them at these parameters (the mean n (1 - p) / p is up to {float(np.max(mean)):.3g}); "
                             "evaluate at a larger p or a smaller n")
        k = np.arange(float(size)).reshape((-1,) + (1,) * n.ndim)
        log_f = sc.gammaln(n + k) - sc.gammaln(k + 1.0) - sc.gammaln(n) + n * np.log(p) + sc.xlog1py(k, -p)
        q = 1.0 - p
        r = (k + n) * q / (k + 1.0)
        rho, low = np.maximum(r, q), np.minimum(r, q)
        with np.errstate(divide="ignore", invalid="ignore"):
            a = 2.0 + (k + n) / q + (n + 1.0) / (p * p) + 1.0 / n + 1.0 / (n * n) + np.log(n + k + 1.0)
            rest = _geometric_rest(log_f, rho, -np.log(low), a, 1.0 + 1.0 / q)
            so_far = np.cumsum(-np.exp(log_f) * log_f, axis=0)
        done = (r < 1.0) & (rest <= 2.0 ** -60 * so_far)
        found = np.any(done, axis=0)
        if np.all(found):
            return int(np.max(np.argmax(done, axis=0)))
        if size >= _NBINOM_ENTROPY_COUNTS:
            raise ValueError(f"nbinom.entropy: the sum over the counts needs more than {_NBINOM_ENTROPY_COUNTS} of "
                             f"them at these parameters (the mean n (1 - p) / p is up to {float(np.max(mean)):.3g}); "
                             "evaluate at a larger p or a smaller n")
        size = min(4 * size, _NBINOM_ENTROPY_COUNTS)


@_method(nbinom, "entropy")
def _nbinom_entropy(n, p, loc=0):
    """``-sum_k pmf(k) log pmf(k)``, differentiable in ``n`` and ``p`` (to every order: each term's own derivatives),
    summed over the counts 0 to K, K where a proven bound on the rest of the terms and of their derivatives to second
    order is below 2^-60 of the sum (:func:`_nbinom_entropy_counts`; ValueError beyond 2^20 counts); SciPy sums to a
    tolerance of ~1e-10. At ``p = 1`` (every count 0) the entropy is 0 and its derivative in p infinite: a traced ``p``
    there is refused.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import nbinom
    >>> round(float(nbinom.entropy(1.0, 0.5)), 6)  # geom's 2 log 2, shifted
    1.386294
    >>> round(float(wg.grad_bp(lambda p: nbinom.entropy(2.5, p), 0.4)), 6)
    -3.465792
    """
    _constant("nbinom.entropy", "loc", loc, "a shift of a count is discrete")
    pn, pp = np.broadcast_arrays(*(np.asarray(_plain(v), dtype=float) for v in (n, p)))
    _NBINOM.valid(pn, pp)
    one = pp == 1
    _refuse_at_ends("nbinom.entropy", p, one, "the entropy is -n (1 - p) log(1 - p) + O(1 - p) at 1, whose "
                    "derivative is infinite", ends="p = 1", inside="0 < p < 1")
    if np.all(one):
        return _in_dtype_of(np.zeros(pn.shape)[()], n, p)
    last = _nbinom_entropy_counts(pn, np.where(one, 0.5, pp))
    k = np.arange(last + 1.0).reshape((-1,) + (1,) * pn.ndim)
    log_f = nbinom.logpmf(k, n, np.where(one, 0.5, p) if np.any(one) else p)
    out = -np.sum(np.exp(log_f) * log_f, axis=0)
    return _in_dtype_of(np.where(one, 0.0, out)[()], n, p)

def _add_count_pmfs(cls, shapes, check, counts, log_pmf, pmf, example, formulas, where):
    """Give the discrete distribution ``cls`` its ``logpmf`` and ``pmf``: ``log_pmf(k, *shapes)`` and ``pmf(k,
    *shapes)`` (each a form of its own, exact as it stands) where ``counts(name, k, loc)`` (which refuses a traced
    count or shift) says ``k - loc`` is in the support (``where``, in words), ``-inf`` and 0 elsewhere; refused
    outside the valid parameters (``check``, a :class:`_ValidParameters`). ``formulas``: the two forms, for the
    docstrings."""
    signature = _count_signature(shapes, ("k",))
    for name, form, outside, formula in (("logpmf", log_pmf, -np.inf, formulas[0]), ("pmf", pmf, 0.0, formulas[1])):
        @check
        def method(k, *args, _name=f"{cls.__name__}.{name}", _form=form, _outside=outside, **kwargs):
            bound = signature.bind(k, *args, **kwargs)
            bound.apply_defaults()
            k, *parameters, loc = bound.args
            valid, k = counts(_name, k, loc)
            return np.where(valid, _form(k, *parameters), _outside)[()]
        setattr(method, "__signature__", signature)
        method.__doc__ = _doc(cls, f"{formula} at {where}, ``{outside}`` elsewhere; {_differentiable_in(cls, shapes)}.",
                              f"round(float({cls.__name__}.{name}({example})), 6)",
                              repr(round(float(method(*eval(f"({example},)"))), 6)))
        _method(cls, name)(method)


def _one_shape_entropy(name, check, shape, loc, h):
    """``h(shape, plain)`` (``plain``: the shape's plain value, for the choice of a form), the entropy of a discrete
    distribution of one shape, refused outside the valid shapes (``check``, a :class:`_ValidParameters`)."""
    _constant(name, "loc", loc, "a shift of a count is discrete")
    plain = np.asarray(_plain(shape), dtype=float)
    check.valid(plain)
    return h(shape, plain)[()]


# -- planck (geom's failures before the first success, at p = 1 - exp(-lambda_)) ---------------------

_PLANCK = _ValidParameters("planck", {"lambda_": _POSITIVE}, (1.0,))


class planck:
    """The Planck (discrete exponential) distribution, as ``scipy.stats.planck``: ``pmf(k) = (1 - exp(-lambda_))
    exp(-lambda_ k)`` on ``k = 0, 1, ...``, differentiable in ``lambda_`` (``k`` and ``loc`` are counts: a Var
    there is refused). Every function is closed: the log tails ``-lambda_ (k + 1)`` and ``log(1 - exp(-lambda_ (k +
    1)))`` are finite where SciPy's ``log(cdf)`` rounds to 0, the variance and standard deviation finite where
    SciPy's ``exp(-lambda_) / expm1(-lambda_)**2`` keeps its form, the entropy exact as ``lambda_ -> 0`` (its
    derivative through ``1 / exprel``). The quantiles are SciPy's (steps).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import planck
    >>> round(float(wg.grad_bp(lambda lam: planck.logpmf(2, lam), 1.0)), 6)  # 1 / expm1(lambda_) - k
    -1.418023

    .. versionadded:: 0.1
    """


_add_count_pmfs(planck, ("lambda_",), _PLANCK, _counts, lambda k, lam: _log1mexp(-lam) - lam * k,
                lambda k, lam: -np.expm1(-lam) * np.exp(-lam * k), "2, 0.5",
                ("``log(1 - exp(-lambda_)) - lambda_ k``", "``-expm1(-lambda_) exp(-lambda_ k)``"), "whole ``k - loc >= 0``")


def _planck_tail(name, k, lambda_, loc, upper, log):
    """P(K > k) = exp(-lambda_ (k + 1)) at whole ``k >= 0`` (its log ``-lambda_ (k + 1)``), the cdf ``-expm1`` of
    its exponent (its log :func:`_log1mexp`); the cdf 0 below the support, 1 at ``k = inf``."""
    k = _whole_counts(name, k, loc)

    def tail(k):
        x = lambda_ * (k + 1.0)
        if upper:
            return -x if log else np.exp(-x)
        return _log1mexp(-x) if log else -np.expm1(-x)
    return _count_tail(k, (k >= 0) & np.isfinite(k), tail, upper, log, last=np.inf)


def _planck_std(lambda_):
    """``exp(-lambda_ / 2) / (1 - exp(-lambda_))``: the square root of the variance, which underflows from lambda_
    = 708 on (the standard deviation from 1416)."""
    return np.exp(-0.5 * lambda_) / -np.expm1(-lambda_)


_add_count_tails(planck, _planck_tail, ("lambda_",), _PLANCK, "3, 0.5")
# mean exp(-lambda_) / (1 - exp(-lambda_)) (SciPy's 1 / expm1(lambda_), whose derivative was inf / inf far out)
_add_count_moments(planck, ("lambda_",), _PLANCK, lambda lam: np.exp(-lam) / -np.expm1(-lam),
                   lambda lam: np.exp(-lam) / np.expm1(-lam) ** 2, "0.5", std=_planck_std)
_add_count_quantiles(planck, ("lambda_",), _PLANCK, "0.5")


@_method(planck, "entropy")
def _planck_entropy(lambda_, loc=0):
    """``lambda_ exp(-lambda_) / C - log C``, ``C = 1 - exp(-lambda_)``, differentiable in ``lambda_``: below
    ``lambda_ = 1`` its first term as ``1 / exprel(lambda_)`` (the quotient's derivative cancels as lambda_ -> 0).
    ``lambda_ <= 0`` is refused (ValueError; SciPy gives NaN).

    >>> from wengert.scipy.stats import planck
    >>> round(float(planck.entropy(0.5)), 6)
    1.703499
    """
    return _one_shape_entropy("planck.entropy", _PLANCK, lambda_, loc, lambda lam, plain: _piecewise(
        lam, plain < 1.0, lambda t: t * np.exp(-t) / -np.expm1(-t), lambda t: 1.0 / sc.exprel(t), 2.0, 0.5)
        - _log1mexp(-lam))


# -- dlaplace (the discrete Laplace distribution on the integers) -------------------------------------

_DLAPLACE = _ValidParameters("dlaplace", {"a": _POSITIVE}, (1.0,))


class dlaplace:
    """The discrete Laplace distribution, as ``scipy.stats.dlaplace``: ``pmf(k) = tanh(a / 2) exp(-a |k|)`` on the
    integers, differentiable in ``a`` (``k`` and ``loc`` are counts: a Var there is refused). Every function is
    closed: each tail is ``t = exp(-a m) / (1 + exp(-a))`` on its small side (``m = k + 1`` for the sf at ``k >=
    0``, ``-k`` for the cdf below 0) and ``1 - t`` on the other, so the log tails are finite where SciPy's
    underflow or round to 0; the variance, standard deviation and entropy are written without SciPy's ``exp(a) /
    (exp(a) - 1)**2`` and ``a / sinh(a)`` (inf / inf far out), the entropy's ``a / sinh(a)`` as its series below a =
    1/2 (its derivative cancelled as a -> 0). The quantiles are SciPy's (steps).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import dlaplace
    >>> round(float(wg.grad_bp(lambda a: dlaplace.logpmf(-2, a), 1.0)), 6)  # 1 / sinh(a) - |k|
    -1.149082

    .. versionadded:: 0.1
    """



def _integers(name, k, loc):
    """Where ``k - loc`` is a whole number (of either sign, finite), and ``k - loc`` there (0 elsewhere)."""
    _constant(name, "k", k, "a count is discrete")
    _constant(name, "loc", loc, "a shift of a count is discrete")
    k = np.asarray(k, dtype=float) - loc
    valid = np.isfinite(k) & (k == np.floor(k))
    return valid, np.where(valid, k, 0.0)


def _dlaplace_log_tanh(a):
    """``log(tanh(a / 2)) = log(1 - exp(-a)) - log1p(exp(-a))``: finite (``-2 exp(-a)``) where tanh rounds to 1."""
    return _log1mexp(-a) - np.log1p(np.exp(-a))


_add_count_pmfs(dlaplace, ("a",), _DLAPLACE, _integers, lambda k, a: _dlaplace_log_tanh(a) - a * np.abs(k),
                lambda k, a: np.tanh(0.5 * a) * np.exp(-a * np.abs(k)), "-2, 0.5",
                ("``log(tanh(a / 2)) - a |k - loc|``", "``tanh(a / 2) exp(-a |k - loc|)``"), "whole ``k - loc``")


def _dlaplace_tail(name, k, a, loc, upper, log):
    """``t = exp(-a m) / (1 + exp(-a))`` on a tail's small side (the sf at ``k >= 0``, ``m = k + 1``; the cdf below
    0, ``m = -k``), ``1 - t`` on the other; their logs ``-a m - log1p(exp(-a))`` and ``log1p(-t)`` (``t < 1/2``).
    Below ``a = 1``, ``t = exp(-a (m - 1)) (1 - tanh(a / 2)) / 2``: through ``exp`` of its log the second derivative
    was a difference of terms of size 1/4 (``dlaplace.cdf(-1, a)``'s at a = 1e-9 1.4e-7 off)."""
    k = _whole_counts(name, k, loc)

    def exp_of_product(a, n):
        # (exp(-a n) times exp(-e), e = a n - fl(a n) the product's rounding (Dekker's, plain): as exp of the rounded
        # sum -a m - log1p(exp(-a)) its rounding, 300 ulp(1) / 2 at a m = 300, stayed in the value: dlaplace.logsf(-100,
        # 3) was -4.904042331571102e-131 for -4.90404233157118e-131, 1.6e-14 off, sf(99, 3) alike)
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            pa, pn = np.asarray(_plain(a), dtype=float), np.asarray(_plain(n), dtype=float)
            excess = np.where(np.isfinite(pa * pn), _product_excess(pa, pn, pa * pn), 0.0)
        return np.exp(-a * n) * (1.0 - excess)

    def tail(k):
        m = np.where(k >= 0, k + 1.0, -k)
        small = (k >= 0) if upper else (k < 0)
        t = _two_forms(np.asarray(_plain(a) < 1.0), lambda a, m: exp_of_product(a, m) / (1.0 + np.exp(-a)),
                       lambda a, m: exp_of_product(a, m - 1.0) * (0.5 - 0.5 * np.tanh(0.5 * a)), (a, m), (2.0, 1.0),
                       (0.5, 1.0))
        if log:
            return np.where(small, -a * m - np.log1p(np.exp(-a)), np.log1p(-t))
        return np.where(small, t, 1.0 - t)
    return _count_tail(k, np.isfinite(k), tail, upper, log, last=np.inf)


def _dlaplace_std(a):
    """``sqrt(2) exp(-a / 2) / (1 - exp(-a))``: the square root of the variance, exact where it underflows."""
    return math.sqrt(2.0) * np.exp(-0.5 * a) / -np.expm1(-a)


_add_count_tails(dlaplace, _dlaplace_tail, ("a",), _DLAPLACE, "-2, 0.5")
# mean 0, variance 2 exp(a) / (exp(a) - 1)^2 = 2 exp(-a) / expm1(-a)^2
_add_count_moments(dlaplace, ("a",), _DLAPLACE, lambda a: 0.0 * a, lambda a: 2.0 * np.exp(-a) / np.expm1(-a) ** 2,
                   "0.5", std=_dlaplace_std)
_add_count_quantiles(dlaplace, ("a",), _DLAPLACE, "0.5")

#: ``x / sinh(x) = sum_n -(2^2n - 2) B_2n x^2n / (2n)!``, n = 0..10: below x = 1/2 the next term is below 6e-18
_X_OVER_SINH = [1.0] + [float(-(2 ** (2 * n) - 2) * b / math.factorial(2 * n)) for n, b in enumerate(BERNOULLI_2K, 1)]


@_method(dlaplace, "entropy")
def _dlaplace_entropy(a, loc=0):
    """``a / sinh(a) - log(tanh(a / 2))``, differentiable in ``a``: ``a / sinh(a)`` as ``2 a exp(-a) / (1 -
    exp(-2 a))`` (SciPy's was inf / inf = NaN from a = 711 on), below ``a = 1/2`` as its series in ``a^2`` (the
    closed forms' derivatives cancel as a -> 0). ``a <= 0`` is refused (ValueError; SciPy gives NaN).

    >>> from wengert.scipy.stats import dlaplace
    >>> round(float(dlaplace.entropy(0.5)), 6)
    2.366346
    """
    return _one_shape_entropy("dlaplace.entropy", _DLAPLACE, a, loc, lambda a, plain: _piecewise(
        a, plain < 0.5, lambda t: 2.0 * t * np.exp(-t) / -np.expm1(-2.0 * t), lambda t: polynomial(t * t, _X_OVER_SINH),
        1.0, 0.25) - _dlaplace_log_tanh(a))


# -- yulesimon (alpha B(k, alpha + 1) on k >= 1) -------------------------------------------------------

_YULESIMON = _ValidParameters("yulesimon", {"alpha": _FINITE_POSITIVE}, (1.0,))


class yulesimon:
    """The Yule-Simon distribution, as ``scipy.stats.yulesimon``: ``pmf(k) = alpha B(k, alpha + 1)`` on ``k = 1, 2,
    ...``, differentiable in ``alpha`` (``k`` and ``loc`` are counts: a Var there is refused). The tails are closed,
    ``sf(k) = k B(k, alpha + 1)``, its log below ``alpha = 1/2`` as the series ``-sum_n (-1)^(n + 1) H_k^(n) alpha^n
    / n`` (``H_k^(n) = sum_{j <= k} j^-n``), so that the cdf ``-expm1(log sf)`` keeps its digits as alpha -> 0
    (SciPy's ``1 - k B(k, alpha + 1)`` lost them: 1e-7 off at alpha = 1e-9) and the log tails are finite where
    SciPy's underflow. The mean ``alpha / (alpha - 1)`` is inf for alpha <= 1, the variance ``alpha^2 / ((alpha - 2)
    (alpha - 1)^2)`` inf for 1 < alpha <= 2 and NaN below; no entropy (it has no closed form: SciPy sums it
    numerically). The quantiles are SciPy's (steps).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import yulesimon
    >>> round(float(wg.grad_bp(lambda a: yulesimon.logsf(1, a), 1.0)), 6)  # -1 / (alpha + 1)
    -0.5

    .. versionadded:: 0.1
    """


def _counts_from(name, k, loc, first):
    """Where ``k - loc`` is a whole number ``>= first``, and ``k - loc`` there (``first`` elsewhere)."""
    valid, k = _counts(name, k, loc)
    valid = valid & (k >= first)
    return valid, np.where(valid, k, first)


_add_count_pmfs(yulesimon, ("alpha",), _YULESIMON, lambda name, k, loc: _counts_from(name, k, loc, 1.0),
                lambda k, alpha: np.log(alpha) + log_beta_exact(k, alpha + 1.0),
                lambda k, alpha: alpha * np.exp(log_beta_exact(k, alpha + 1.0)), "3, 2.5",
                ("``log(alpha) + betaln(k, alpha + 1)``", "``alpha B(k, alpha + 1)``"), "whole ``k - loc >= 1``")

#: below this alpha, yulesimon's log sf is its series in alpha (the closed form's log k + betaln(k, alpha + 1) keeps
#: their rounding, 2e-16 log k, of a value alpha H_k); its terms there below 0.5^n / n: 56 reach 3e-19
_YULESIMON_SERIES_BELOW, _YULESIMON_SERIES_TERMS = 0.5, 56


def _yulesimon_log_sf(k, alpha):
    """``log P(K > k) = gammaln(k + 1) + gammaln(alpha + 1) - gammaln(k + alpha + 1)`` at plain whole ``k >= 1``:
    ``log(k) + betaln(k, alpha + 1)`` from alpha = 1/2 on (betaln exact for a large k: :func:`log_beta_exact`; SciPy's
    betaln(1e6, 1.5) is 9e-12 off, its sf 2e-10); below, ``-sum_j log1p(alpha / j)`` as the
    series ``sum_n (-1)^n H_k^(n) alpha^n / n`` (H_k^(1) = digamma(k + 1) + euler, H_k^(n) = zeta(n) - zeta(n, k + 1):
    at most 1.65 against at least 1)."""
    k = np.asarray(k, dtype=float)
    plain = np.asarray(_plain(alpha), dtype=float)

    def series(alpha):
        orders = [sc.digamma(k + 1.0) + _EULER] + [sc.zeta(n, 1.0) - sc.zeta(n, k + 1.0)
                                                   for n in range(2, _YULESIMON_SERIES_TERMS + 1)]
        return polynomial(alpha, [0.0] + [(-1.0) ** n * h / n for n, h in enumerate(orders, 1)])
    return _piecewise(alpha, np.broadcast_to(plain < _YULESIMON_SERIES_BELOW, np.broadcast_shapes(plain.shape, k.shape)),
                      lambda alpha: np.log(k) + log_beta_exact(k, alpha + 1.0), series, 1.0, 0.25)


def _yulesimon_tail(name, k, alpha, loc, upper, log):
    """``exp`` of :func:`_yulesimon_log_sf` (the sf), ``-expm1`` of it (the cdf), their logs (the log cdf through
    :func:`_log1mexp`); the cdf 0 below the support, 1 at ``k = inf``."""
    k = _whole_counts(name, k, loc)

    def tail(k):
        log_sf = _yulesimon_log_sf(k, alpha)
        if upper:
            return log_sf if log else np.exp(log_sf)
        return _log1mexp(log_sf) if log else -np.expm1(log_sf)
    # (counted from the support's start, 1: _count_tail's cdf is 0 below its count 0, 1 at inf)
    return _count_tail(k - 1.0, (k >= 1) & np.isfinite(k), lambda j: tail(j + 1.0), upper, log, last=np.inf)


_add_count_tails(yulesimon, _yulesimon_tail, ("alpha",), _YULESIMON, "3, 2.5")
# mean alpha / (alpha - 1) (alpha > 1; inf below), variance alpha^2 / ((alpha - 2) (alpha - 1)^2) (alpha > 2; inf for
# 1 < alpha <= 2, NaN below, where the mean is infinite), as SciPy's; the variance as (alpha / (alpha - 1))^2 / (alpha - 2)
# (alpha * alpha overflowed: yulesimon.var(1e200) was NaN, OverflowError on a Python float, for 1e-200)
_add_count_moments(yulesimon, ("alpha",), _YULESIMON,
                   lambda a: _moment_where(lambda s: s > 1.0, _always, lambda a: a / (a - 1.0), (a,), 2.0),
                   lambda a: _moment_where(lambda s: s > 2.0, lambda s: s > 1.0,
                                           lambda a: (a / (a - 1.0)) ** 2 / (a - 2.0), (a,), 3.0), "2.5",
                   std=lambda a: _moment_where(lambda s: s > 2.0, lambda s: s > 1.0,
                                               lambda a: a / ((a - 1.0) * np.sqrt(a - 2.0)), (a,), 3.0))
_add_count_quantiles(yulesimon, ("alpha",), _YULESIMON, "2.5")


# -- logser (the logarithmic series distribution, -p^k / (k log(1 - p)) on k >= 1) --------------------

_LOGSER = _ValidParameters("logser", {"p": (lambda p: (p > 0) & (p < 1), "in (0, 1)")}, (0.5,))


class logser:
    """The logarithmic (log-series) distribution, as ``scipy.stats.logser``: ``pmf(k) = -p^k / (k log(1 - p))`` on
    ``k = 1, 2, ...``, differentiable in ``p`` (``k`` and ``loc`` are counts: a Var there is refused). With ``L =
    -log1p(-p)``: the pmf is ``p^(k - 1) / (k R)``, ``R = L / p`` (its log a series below p = 1/4: exact as p -> 0);
    the sf ``S / L``, ``S = sum_{j > k} p^j / j`` (the incomplete beta function ``B(p; k + 1, 0)``, whose derivative
    is ``p^k / (1 - p)``), written as ``p^(k + 1) Phi`` with Phi Lerch's ``sum_m p^m / (m + k + 1)`` (its series up to
    p = 0.9; above, Pfaff's transformation's series in ``p / (p - 1)`` where ``(k + 2)(1 - p) / p >= 50``, else
    Euler-Maclaurin's expansion of the integral of ``exp(-(k + 1) u) / (1 - exp(-u))`` from ``-log p``), so that the
    log sf is finite where the sf underflows; the cdf ``1 - sf`` where the sf is below 1/2, else ``C / L``, ``C =
    sum_{j <= k} p^j / j`` (derivative ``(1 - p^k) / (1 - p)``). SciPy's sf (``betainc(k + 1, 1e-100, p) beta(k + 1,
    1e-100) / L``) is 7e-12 off at (1e4, 0.999), its var ``p (L - p) / ((1 - p) L)^2`` cancels as p -> 0 (here
    ``expm1(log R) / ((1 - p) R)^2``). The entropy (no closed form) a sum with a proven bound on its rest
    (:func:`_logser_entropy`). The quantiles are SciPy's (steps).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import logser
    >>> round(float(wg.grad_bp(lambda p: logser.logpmf(1, p), 0.5)), 6)  # 1 / p - 1 / ((1 - p) L)
    -0.88539

    .. versionadded:: 0.1
    """


#: log(L / p) = log1p(sum_{j >= 1} p^j / (j + 1)) below p = 1/4 (30 terms: 0.25^30 / 31 < 3e-20)
_LOGSER_RATIO_SERIES = [0.0] + [1.0 / (j + 1) for j in range(1, 31)]


def _logser_log_ratio(p):
    """``log(L / p)``, ``L = -log1p(-p)``: below p = 1/4 ``log1p`` of its series (the difference ``log L - log p``
    cancels to ``p / 2`` as p -> 0, and its derivative ``1 / ((1 - p) L) - 1 / p`` to 1/2)."""
    plain = np.asarray(_plain(p), dtype=float)
    return _piecewise(p, plain < 0.25, lambda p: np.log(-np.log1p(-p)) - np.log(p),
                      lambda p: np.log1p(polynomial(p, _LOGSER_RATIO_SERIES)), 0.5, 0.125)


_add_count_pmfs(logser, ("p",), _LOGSER, lambda name, k, loc: _counts_from(name, k, loc, 1.0),
                lambda k, p: (k - 1.0) * np.log(p) - np.log(k) - _logser_log_ratio(p),
                lambda k, p: p ** (k - 1.0) * np.exp(-np.log(k) - _logser_log_ratio(p)), "3, 0.5",
                ("``k log(p) - log(k) - log(-log1p(-p))``", "``-p^k / (k log1p(-p))``"), "whole ``k - loc >= 1``")

#: Phi's forms: its series in p up to _LOGSER_SERIES_TO (terms below 1e-18 of the first); above, Pfaff's series
#: where (k + 2)(1 - p) / p >= _LOGSER_PFAFF_FROM (_LOGSER_PFAFF_TERMS terms: the last below 2e-22 of the first);
#: else the Euler-Maclaurin form (k >= 6; below, L minus the first k terms, at most 5 times S)
_LOGSER_SERIES_TO, _LOGSER_PFAFF_FROM, _LOGSER_PFAFF_TERMS = 0.9, 50.0, 30


def _logser_middle_value(p, k):
    """``log S``, ``S = sum_{j > k} p^j / j``, at plain ``p > 0.9`` with ``(k + 2)(1 - p) / p < 50`` (S is not tiny
    there): for ``a = k + 1 >= 7`` with ``x = -log p``, the integral of ``exp(-a u) / (1 - exp(-u))`` from x, through
    ``1 / (1 - exp(-u)) = 1 / u + 1 / 2 + sum_n B_2n u^(2n - 1) / (2n)!``: ``E1(a x) + exp(-a x) (1 / (2a) + sum_n
    B_2n e_(2n - 1)(a x) / (2n a^2n))`` (``e_m`` the exponential series to ``m``); below, ``L - sum_{j <= k} p^j /
    j``."""
    p, k = np.broadcast_arrays(np.asarray(p, dtype=float), np.asarray(k, dtype=float))
    a = k + 1.0
    x = -np.log(p)
    ax = a * x
    total = 0.5 / a
    term, exp_sum = np.ones_like(ax), np.ones_like(ax)  # (ax)^j / j! and e_j(ax)
    for n, b in enumerate(_BERNOULLI_2K, 1):
        for j in (2 * n - 2, 2 * n - 1):
            if j > 0:
                term = term * ax / j
                exp_sum = exp_sum + term
        total = total + b * exp_sum / (2 * n * a ** (2 * n))
    large = np.log(sc.exp1(ax) + np.exp(-ax) * total)
    whole = np.arange(1.0, 7.0).reshape((6,) + (1,) * p.ndim)
    small = np.log(-np.log1p(-p) - np.sum(np.where(whole <= k, p ** whole / whole, 0.0), axis=0))
    return np.where(a >= 7.0, large, small)


def _logser_middle_slope(p, k):
    # d/dp log S = p^k / ((1 - p) S)
    return p ** k / ((1.0 - p) * np.exp(_LOGSER_MIDDLE(p, k)))


_LOGSER_MIDDLE = OwnPrimitive(_logser_middle_value, name="wengert.scipy.stats (logser's log S)", reenters="any")
_def_partials(_LOGSER_MIDDLE, _logser_middle_slope)


def _logser_log_phi(k, p):
    """``log Phi``, ``Phi = sum_m p^m / (m + k + 1) = S / p^(k + 1)``, at plain whole ``k >= 1`` (its three forms:
    :data:`_LOGSER_SERIES_TO`); each form's derivatives by composition, the third's through ``d log S / dp = p^k /
    ((1 - p) S)``."""
    k = np.asarray(k, dtype=float)
    plain = np.asarray(_plain(p), dtype=float)
    shape = np.broadcast_shapes(plain.shape, k.shape)
    a = k + 1.0
    high = plain > _LOGSER_SERIES_TO
    pfaff = high & ((a + 1.0) * (1.0 - plain) >= _LOGSER_PFAFF_FROM * plain)
    middle = high & ~pfaff
    out = None
    forms = []
    if np.any(~high):
        top = float(np.max(np.where(high, 0.0, plain)))
        terms = int(np.ceil(np.log(1e-18) / np.log(max(top, 1e-3)))) + 1
        ka = np.where(np.broadcast_to(high, shape), 2.0, a)
        forms.append((~high, 0.5, lambda p: np.log(polynomial(p, [1.0 / (m + ka) for m in range(terms)]))))
    if np.any(pfaff):
        kb = np.where(np.broadcast_to(pfaff, shape), a, 1e4)
        coefficients, c = [], 1.0
        for n in range(_LOGSER_PFAFF_TERMS):
            coefficients.append(c)
            c = c * (n + 1.0) / (kb + 1.0 + n)
        forms.append((pfaff, 0.95, lambda p: np.log(polynomial(-p / (1.0 - p), coefficients)) - np.log(kb)
                      - np.log1p(-p)))
    if np.any(middle):
        kc = np.where(np.broadcast_to(middle, shape), k, 10.0)
        forms.append((middle, 0.95, lambda p: _LOGSER_MIDDLE(p, kc) - (kc + 1.0) * np.log(p)))
    for where, safe, form in forms:
        where = np.broadcast_to(where, shape)
        if np.all(where):
            return form(p)
        value = form(np.where(where, p, safe))
        out = value if out is None else np.where(where, value, out)
    return out


#: ``sum_{j <= k} p^j / j`` directly up to this k (beyond, ``L - S``: where the cdf takes this form, the sf is above
#: 1/2, so ``L - S`` is at least the first 64 terms and loses at most a factor L / C < 10)
_LOGSER_DIRECT_C = 64


def _logser_log_c_value(p, k):
    p, k = np.broadcast_arrays(np.asarray(p, dtype=float), np.asarray(k, dtype=float))
    whole = np.arange(1.0, _LOGSER_DIRECT_C + 1.0).reshape((-1,) + (1,) * p.ndim)
    direct = np.sum(np.where(whole <= k, p ** whole / whole, 0.0), axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rest = -np.log1p(-p) - np.exp((k + 1.0) * np.log(p) + _plain(_logser_log_phi(np.maximum(k, 1.0), p)))
    return np.log(np.where(k <= _LOGSER_DIRECT_C, direct, rest))


def _logser_log_c_slope(p, k):
    # d/dp log C = (1 - p^k) / ((1 - p) C)
    return -np.expm1(k * np.log(p)) / ((1.0 - p) * np.exp(_LOGSER_LOG_C(p, k)))


_LOGSER_LOG_C = OwnPrimitive(_logser_log_c_value, name="wengert.scipy.stats (logser's log C)", reenters="any")
_def_partials(_LOGSER_LOG_C, _logser_log_c_slope)


def _logser_tail(name, k, p, loc, upper, log):
    """The sf ``p^k exp(log Phi - log R)`` (``R = L / p``; its log ``k log p + log Phi - log R``); the cdf ``1 -
    sf`` (its log ``log1p(-sf)``) where the sf is below 1/2, else ``exp(log C - log L)``."""
    k = _whole_counts(name, k, loc)

    def tail(k):
        log_rest = _logser_log_phi(k, p) - _logser_log_ratio(p)
        if upper:
            return k * np.log(p) + log_rest if log else p ** k * np.exp(log_rest)
        sf = p ** k * np.exp(log_rest)
        above = np.asarray(_plain(sf) > 0.5)
        if not np.any(above):
            return np.log1p(-sf) if log else 1.0 - sf
        shape = np.broadcast_shapes(np.shape(above), np.shape(k))
        q = np.where(above, p, 0.95)
        log_cdf = _LOGSER_LOG_C(q, np.broadcast_to(k, shape)) - np.log(-np.log1p(-q))
        near = np.where(above, 0.0, sf)
        return np.where(above, log_cdf if log else np.exp(log_cdf), np.log1p(-near) if log else 1.0 - near)
    # (counted from the support's start, 1: _count_tail's cdf is 0 below its count 0, 1 at inf)
    return _count_tail(k - 1.0, (k >= 1) & np.isfinite(k), lambda j: tail(j + 1.0), upper, log, last=np.inf)


def _logser_mean(p):
    return 1.0 / ((1.0 - p) * np.exp(_logser_log_ratio(p)))


def _logser_var(p):
    """``p (L - p) / ((1 - p) L)^2 = (R - 1) / ((1 - p) R)^2``, ``R = L / p``: SciPy's ``mu2p - mu^2`` cancels as p
    -> 0 (to p / 2)."""
    log_r = _logser_log_ratio(p)
    return np.expm1(log_r) / ((1.0 - p) * np.exp(log_r)) ** 2


_add_count_tails(logser, _logser_tail, ("p",), _LOGSER, "3, 0.5")
_add_count_moments(logser, ("p",), _LOGSER, _logser_mean, _logser_var, "0.5")
_add_count_quantiles(logser, ("p",), _LOGSER, "0.5")


def _logser_entropy_counts(p):
    """The last count K of logser.entropy's sum at plain ``p`` (an array in (0, 1)): the first K where a bound on the
    rest (of the terms ``-f_k log f_k`` and of their first and second derivatives in p) is below 2^-60 of the sum so
    far. The ratio ``f_(k+1) / f_k = p k / (k + 1)`` is below ``p`` and, from K on, at least ``p K / (K + 1)``: ``f_(K+m)
    <= f_K p^m``, ``-log f_(K+m) <= -log f_K + m l``, ``l = -log(p K / (K + 1))``. With ``c1 = 1 / ((1 - p) L)``, ``c2 =
    (L - 1) / ((1 - p)^2 L^2)`` (``L = -log1p(-p)``), the log pmf's derivatives are ``k / p + c1`` and ``-k / p^2 + c2``:
    with ``A = 1 + (K + 1) / p + c1 + sqrt|c2|``, ``B = 1 / p`` both ``|l'| (1 + |log f|)`` and ``|l''| + 2 l'^2`` (the
    second derivative of ``-f log f`` over ``f (1 + |log f|)``) are below ``3 (A + m B)^2 (L + m l)``, whose sum
    :func:`_geometric_rest` bounds."""
    size = 1024
    while True:
        k = np.arange(1.0, size + 1.0).reshape((-1,) + (1,) * p.ndim)
        big_l = -np.log1p(-p)
        log_f = k * np.log(p) - np.log(k) - np.log(big_l)
        c1 = 1.0 / ((1.0 - p) * big_l)
        c2 = (big_l - 1.0) / ((1.0 - p) * big_l) ** 2
        with np.errstate(divide="ignore", invalid="ignore"):
            a = 1.0 + (k + 1.0) / p + c1 + np.sqrt(np.abs(c2))
            rest = 3.0 * _geometric_rest(log_f, p, -np.log(p * k / (k + 1.0)), a, 1.0 / p)
            so_far = np.cumsum(-np.exp(log_f) * log_f, axis=0)
        done = rest <= 2.0 ** -60 * so_far
        found = np.any(done, axis=0)
        if np.all(found):
            return int(np.max(np.argmax(done, axis=0))) + 1
        if size >= _NBINOM_ENTROPY_COUNTS:
            raise ValueError(f"logser.entropy: the sum over the counts needs more than {_NBINOM_ENTROPY_COUNTS} of them "
                             f"at p = {float(np.max(p))!r} (its tail falls as p^k / k); evaluate at a smaller p")
        size = min(4 * size, _NBINOM_ENTROPY_COUNTS)


@_method(logser, "entropy")
def _logser_entropy(p, loc=0):
    """``-sum_k pmf(k) log pmf(k)``, differentiable in ``p`` (to every order: each term's own derivatives), over the
    counts 1 to K, K where a proven bound on the rest of the terms and of their derivatives to second order is below
    2^-60 of the sum (:func:`_logser_entropy_counts`; ValueError beyond 2^20 counts, from p ~ 1 - 4e-5); SciPy sums it
    to a tolerance.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import logser
    >>> round(float(logser.entropy(0.5)), 6)
    0.882924
    >>> round(float(wg.grad_bp(logser.entropy, 0.5)), 6)
    1.860185
    """
    _constant("logser.entropy", "loc", loc, "a shift of a count is discrete")
    pp = np.asarray(_plain(p), dtype=float)
    _LOGSER.valid(pp)
    last = _logser_entropy_counts(pp)
    # (the counts on the last axis: NumPy sums a contiguous axis pairwise, an outer one term by term, 6e-14 off over
    # the 1e4 counts of p = 0.999)
    log_f = logser.logpmf(np.arange(1.0, last + 1.0), np.expand_dims(p, -1))
    return _in_dtype_of(-np.sum(np.exp(log_f) * log_f, axis=-1)[()], p)


# -- skellam (the difference N1 - N2 of independent Poisson counts of means mu1, mu2) ------------------

_SKELLAM = _ValidParameters("skellam", {"mu1": _FINITE_POSITIVE, "mu2": _FINITE_POSITIVE}, (1.0, 1.0))


class skellam:
    """The Skellam distribution, as ``scipy.stats.skellam``: the difference ``N1 - N2`` of independent Poisson counts of
    means ``mu1`` and ``mu2``, ``pmf(k) = exp(-mu1 - mu2) (mu1 / mu2)^(k / 2) I_|k|(2 sqrt(mu1 mu2))`` on the integers,
    differentiable in ``mu1`` and ``mu2`` to every order (``k`` and ``loc`` are counts: a Var there is refused). The
    derivatives are Poisson's differences, exact at every order: ``d pmf(k) / d mu1 = pmf(k - 1) - pmf(k)``, ``d pmf(k)
    / d mu2 = pmf(k + 1) - pmf(k)``, ``d sf(k) / d mu1 = pmf(k)``, ``d sf(k) / d mu2 = -pmf(k + 1)``. The log pmf is
    ``-(sqrt(mu1) - sqrt(mu2))^2 + (k / 2) log(mu1 / mu2) + log ive(|k|, z)``, and where ``ive`` underflows ``log
    I_|k|(z)`` by its power series (or Debye's expansion from order 1000 on); each tail is its small side (SciPy's
    non-central chi-squared tail, Boost's), and where that underflows the sum of the log pmf's terms, so the log tails
    are finite far out, where SciPy's ``1 - cdf`` is 0 (``skellam.logsf(20, 1, 2)`` is -48.243, SciPy's -inf); the
    other side ``log1p(-small)``. The mean is ``mu1 - mu2``, the variance ``mu1 + mu2``; the entropy is the sum of
    ``-pmf log pmf`` over the counts within ``12 sd + 30`` of the mean. The quantiles are SciPy's (steps).
    ``mu1`` or ``mu2`` not positive is refused (ValueError; SciPy gives NaN).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import skellam
    >>> round(float(wg.grad_bp(lambda m: skellam.logsf(0, m, 1.0), 1.0)), 6)  # pmf(0) / sf(0)
    0.892298

    .. versionadded:: 0.1
    """


#: Debye's polynomials u_1..u_4 of ``p`` (the coefficients of p^j), for ``I_v(v t)``'s expansion in 1 / v
_DEBYE_U = (((1, 3.0), (3, -5.0)), ((2, 81.0), (4, -462.0), (6, 385.0)),
            ((3, 30375.0), (5, -369603.0), (7, 765765.0), (9, -425425.0)),
            ((4, 4465125.0), (6, -94121676.0), (8, 349922430.0), (10, -446185740.0), (12, 185910725.0)))
_DEBYE_DENOMINATORS = (24.0, 1152.0, 414720.0, 39813120.0)
#: from this order on, Debye's expansion (its next term, u_5 / v^5, below 1e-16); below, the power series, whose terms
#: there peak by j ~ z^2 / (4 v) < 150 (ive underflows only where z < v^2 / 1380)
_DEBYE_FROM = 1000.0


def _log_bessel_i(v, z):
    """``log I_v(z)`` at plain whole ``v >= 0`` and ``z > 0``: ``log ive(v, z) + z`` where ``ive`` is a normal float;
    where it underflows (``v`` large against ``z``), the power series ``(z / 2)^v / v! sum_j (z^2 / 4)^j / (j! (v +
    1)_j)`` in logs, or from ``v = 1000`` on Debye's uniform expansion (4 terms)."""
    v, z = np.broadcast_arrays(np.asarray(v, dtype=float), np.asarray(z, dtype=float))
    with np.errstate(under="ignore"):
        e = sc.ive(v, z)
    ok = e > 1e-290
    with np.errstate(divide="ignore"):
        out = np.log(np.where(ok, e, 1.0)) + z
    if np.all(ok):
        return out
    series = ~ok & (v < _DEBYE_FROM)
    if np.any(series):
        q = np.where(series, 0.25 * z * z, 0.0)
        w = np.where(series, v, 1.0)
        total, term = np.ones_like(q), np.ones_like(q)
        for j in range(1, 100000):
            term = term * q / (j * (w + j))
            total = total + term
            if np.all(term <= 1e-18 * total):
                break
        with np.errstate(divide="ignore"):
            power = w * np.log(np.where(series, 0.5 * z, 1.0)) - sc.gammaln(w + 1.0) + np.log(total)
        out = np.where(series, power, out)
    debye = ~ok & ~series
    if np.any(debye):
        w = np.where(debye, v, _DEBYE_FROM)
        t = np.where(debye, z, 1.0) / w
        root = np.sqrt(1.0 + t * t)
        p = 1.0 / root
        total = np.ones_like(p)
        for n, (u, d) in enumerate(zip(_DEBYE_U, _DEBYE_DENOMINATORS), 1):
            total = total + sum(c * p ** j for j, c in u) / d / w ** n
        eta = root + np.log(t / (1.0 + root))
        out = np.where(debye, w * eta - 0.5 * np.log(2.0 * np.pi * w) - 0.5 * np.log(root) + np.log(total), out)
    return out


def _skellam_logpmf_value(mu1, mu2, k):
    mu1, mu2, k = np.broadcast_arrays(np.asarray(mu1, dtype=float), np.asarray(mu2, dtype=float),
                                      np.asarray(k, dtype=float))
    z = 2.0 * np.sqrt(mu1) * np.sqrt(mu2)
    v = np.abs(k)
    with np.errstate(under="ignore"):
        e = sc.ive(v, z)
    ok = e > 1e-290
    half_log = 0.5 * k * (np.log(mu1) - np.log(mu2))
    with np.errstate(divide="ignore"):
        # -(mu1 + mu2) + z = -(sqrt(mu1) - sqrt(mu2))^2: without the cancellation of the large terms
        scaled = -(np.sqrt(mu1) - np.sqrt(mu2)) ** 2 + np.log(np.where(ok, e, 1.0))
    if np.all(ok):
        return (half_log + scaled)[()]
    return (half_log + np.where(ok, scaled, _log_bessel_i(v, z) - mu1 - mu2))[()]


def _bessel_i_ratio(v, z):
    """``I_(v + 1)(z) / I_v(z)`` at plain whole ``v >= 0``, ``z > 0``: the ratio of ``ive``'s where both are normal
    floats (each to a few units in the last place: the ratio too, where the difference of their logs, hundreds or
    thousands, kept an absolute rounding of 1e-13), else (``v`` large against ``z``) Gauss's continued fraction ``1 /
    (2 (v + 1) / z + 1 / (2 (v + 2) / z + ...))`` (its terms grow from 2 v / z on: it converges there in a few
    dozen steps)."""
    v, z = np.broadcast_arrays(np.asarray(v, dtype=float), np.asarray(z, dtype=float))
    with np.errstate(under="ignore", invalid="ignore", divide="ignore"):
        low, high = sc.ive(v, z), sc.ive(v + 1.0, z)
        out = high / low
    ok = (low > 1e-290) & (high > 1e-290)
    if np.all(ok):
        return out
    w, x = np.where(ok, 1.0, v), np.where(ok, 1.0, z)
    # (Lentz's evaluation of b_1 + 1 / (b_2 + 1 / (b_3 + ...)), b_j = 2 (w + j) / x)
    f = 2.0 * (w + 1.0) / x
    c, d = f, np.zeros_like(f)
    for j in range(2, 100000):
        b = 2.0 * (w + j) / x
        d = 1.0 / (b + d)
        c = b + 1.0 / c
        step = c * d
        f = f * step
        if np.all(np.abs(step - 1.0) <= 4e-16):  # (a few units in the last place: the fraction is settled)
            break
    return np.where(ok, out, 1.0 / f)


def _skellam_log_ratio_value(mu1, mu2, k):
    """``D(k) = log(pmf(k - 1) / pmf(k)) = log(mu2 / mu1) / 2 + log(I_|k - 1|(z) / I_|k|(z))``."""
    mu1, mu2, k = np.broadcast_arrays(np.asarray(mu1, dtype=float), np.asarray(mu2, dtype=float),
                                      np.asarray(k, dtype=float))
    z = 2.0 * np.sqrt(mu1) * np.sqrt(mu2)
    down = k >= 1  # (I_(k - 1) / I_k = 1 / ratio(k - 1); for k <= 0, I_(|k| + 1) / I_|k| = ratio(|k|))
    ratio = _bessel_i_ratio(np.where(down, k - 1.0, -k), z)
    return (0.5 * (np.log(mu2) - np.log(mu1)) + np.where(down, -np.log(ratio), np.log(ratio)))[()]


#: skellam's ``D(k) = log(pmf(k - 1) / pmf(k))`` at plain whole ``k`` (last); the log pmf's derivatives are ``expm1(D(k))``
#: (mu1) and ``expm1(-D(k + 1))`` (mu2), D's the differences of theirs: ``exp(D(k - 1)) - exp(D(k))`` and ``exp(-D(k)) -
#: exp(-D(k + 1))`` (as differences of log pmfs, hundreds or thousands far out, they were 1e-13 off, the second
#: derivatives 1e-9)
_SKELLAM_LOG_RATIO = OwnPrimitive(_skellam_log_ratio_value, name="wengert.scipy.stats (skellam's pmf ratio)",
                                  reenters="any")
_def_partials(_SKELLAM_LOG_RATIO,
              lambda mu1, mu2, k: np.exp(_SKELLAM_LOG_RATIO(mu1, mu2, k - 1.0)) - np.exp(_SKELLAM_LOG_RATIO(mu1, mu2, k)),
              lambda mu1, mu2, k: np.exp(-_SKELLAM_LOG_RATIO(mu1, mu2, k)) - np.exp(-_SKELLAM_LOG_RATIO(mu1, mu2, k + 1.0)))

#: skellam's log pmf at plain whole ``k`` (last), differentiable in mu1 and mu2 through Poisson's differences: ``d pmf(k)
#: / d mu1 = pmf(k - 1) - pmf(k)``, ``d pmf(k) / d mu2 = pmf(k + 1) - pmf(k)``
_SKELLAM_LOGPMF = OwnPrimitive(_skellam_logpmf_value, name="wengert.scipy.stats (skellam's log pmf)", reenters="any")
_def_partials(_SKELLAM_LOGPMF, lambda mu1, mu2, k: np.expm1(_SKELLAM_LOG_RATIO(mu1, mu2, k)),
              lambda mu1, mu2, k: np.expm1(-_SKELLAM_LOG_RATIO(mu1, mu2, k + 1.0)))

#: a tail below this is the sum of its pmf's terms (Boost's tail is subnormal or 0 there)
_SKELLAM_SUM_BELOW = 1e-290
#: the sum's terms taken at once, and the most of them (the pmf is log-concave: the rest is bounded by a geometric
#: series of the last ratio, added)
_SKELLAM_CHUNK, _SKELLAM_MOST = 256, 200000


def _skellam_log_upper_sum(mu1, mu2, k):
    """``log(P(K > k) / pmf(k + 1)) = log sum_{j > k} pmf(j) / pmf(k + 1)`` (plain 1-d arrays), the sum from ``j = k +
    1`` up until the terms are below 1e-18 of it (the pmf is log-concave: they decrease from there, where the tail is
    small), each term ``exp`` of a sum of :func:`_skellam_log_ratio_value`'s (exact where the log pmfs, hundreds or
    thousands, kept an absolute rounding of 1e-13)."""
    total = np.zeros_like(mu1)
    done = np.zeros(mu1.shape, bool)
    log_term = np.zeros_like(mu1)  # log(pmf(j) / pmf(k + 1)) at the chunk's last j
    ratio = np.zeros_like(mu1)
    start = 0
    while not np.all(done) and start < _SKELLAM_MOST:
        j = k + 1.0 + start + np.arange(_SKELLAM_CHUNK, dtype=float)[:, None]
        steps = -_skellam_log_ratio_value(mu1, mu2, j)  # log(pmf(j) / pmf(j - 1))
        if start == 0:
            steps[0] = 0.0  # (the first term: pmf(k + 1) itself)
        terms = log_term + np.cumsum(steps, axis=0)
        total = total + np.where(done, 0.0, np.sum(np.exp(terms), axis=0))
        log_term, ratio = np.where(done, log_term, terms[-1]), np.where(done, ratio, np.exp(steps[-1]))
        done = done | (terms[-1] < np.log(1e-18) + np.log(total))
        start += _SKELLAM_CHUNK
    # (not done: the rest below its geometric bound, the last term's ratio / (1 - ratio))
    with np.errstate(divide="ignore", invalid="ignore"):
        rest = np.where(done, 0.0, np.exp(log_term) * ratio / (1.0 - ratio))
    return np.log(total + rest)


def _skellam_logsf_parts(mu1, mu2, k):
    """``(S, H)``: ``S = log P(K > k)`` and ``H = S - log pmf(k + 1)`` at plain values. The small side ``P(K > k)``
    is Boost's non-central chi-squared tail (``P(chi'2(2 (k + 1), 2 mu2) < 2 mu1)`` for ``k >= 0``, the complement of
    ``P(chi'2(-2 k, 2 mu1) < 2 mu2)`` below), where that is below :data:`_SKELLAM_SUM_BELOW` the sum of the pmf's
    terms (:func:`_skellam_log_upper_sum`, ``H`` itself); where ``S > -log 2``, ``log1p(-cdf)``, the cdf the small
    side ``P(-K > -k - 1)`` (mu1 and mu2 swapped)."""
    from scipy import stats as scipy_stats  # (imported when first used: scipy.stats is slow to import)
    mu1, mu2, k = (np.array(x, dtype=float, ndmin=1) for x in np.broadcast_arrays(mu1, mu2, k))

    def small_side(mu1, mu2, k):
        with np.errstate(all="ignore"):
            upper = np.where(k >= 0, scipy_stats.ncx2.cdf(2.0 * mu1, 2.0 * (np.abs(k) + 1.0), 2.0 * mu2),
                             scipy_stats.ncx2.sf(2.0 * mu2, -2.0 * np.minimum(k, -1.0), 2.0 * mu1))
            out = np.log(upper)
        tiny = ~(upper >= _SKELLAM_SUM_BELOW)
        if np.any(tiny):
            out[tiny] = np.nan  # (S from H below)
        return out, tiny
    s, tiny = small_side(mu1, mu2, k)
    next_log_pmf = _skellam_logpmf_value(mu1, mu2, k + 1.0)
    h = s - next_log_pmf
    if np.any(tiny):
        h[tiny] = _skellam_log_upper_sum(mu1[tiny], mu2[tiny], k[tiny])
        s[tiny] = next_log_pmf[tiny] + h[tiny]
    high = s > -np.log(2.0)
    if np.any(high):
        other, other_tiny = small_side(mu2[high], mu1[high], -k[high] - 1.0)
        if np.any(other_tiny):
            m1, m2, kk = mu2[high][other_tiny], mu1[high][other_tiny], -k[high][other_tiny] - 1.0
            other[other_tiny] = _skellam_logpmf_value(m1, m2, kk + 1.0) + _skellam_log_upper_sum(m1, m2, kk)
        with np.errstate(divide="ignore"):
            s[high] = np.log1p(-np.exp(other))
        h[high] = s[high] - next_log_pmf[high]
    return s, h


def _skellam_logsf_value(mu1, mu2, k):
    return _skellam_logsf_parts(mu1, mu2, k)[0].reshape(np.broadcast_shapes(*map(np.shape, (mu1, mu2, k))))[()]


def _skellam_sf_excess_value(mu1, mu2, k):
    return _skellam_logsf_parts(mu1, mu2, k)[1].reshape(np.broadcast_shapes(*map(np.shape, (mu1, mu2, k))))[()]


#: ``H(k) = log(P(K > k) / pmf(k + 1))`` at plain whole ``k`` (last): the log sf's derivatives are ``exp(D(k + 1) -
#: H(k))`` (mu1: ``pmf(k) / sf(k)``) and ``-exp(-H(k))`` (mu2: ``-pmf(k + 1) / sf(k)``), exact far out where the
#: difference of the log pmf and the log sf, each hundreds, was not (H's: theirs less the log pmf's)
_SKELLAM_SF_EXCESS = OwnPrimitive(_skellam_sf_excess_value, name="wengert.scipy.stats (skellam's sf / pmf)",
                                  reenters="any")
_def_partials(_SKELLAM_SF_EXCESS,
              lambda mu1, mu2, k: np.exp(_SKELLAM_LOG_RATIO(mu1, mu2, k + 1.0) - _SKELLAM_SF_EXCESS(mu1, mu2, k))
              - np.expm1(_SKELLAM_LOG_RATIO(mu1, mu2, k + 1.0)),
              lambda mu1, mu2, k: -np.exp(-_SKELLAM_SF_EXCESS(mu1, mu2, k))
              - np.expm1(-_SKELLAM_LOG_RATIO(mu1, mu2, k + 2.0)))

#: skellam's log sf at plain whole ``k`` (last), differentiable in mu1 and mu2 (``d sf(k) / d mu1 = pmf(k)``, ``d sf(k)
#: / d mu2 = -pmf(k + 1)``); its log cdf is it at ``-k - 1`` with mu1 and mu2 swapped
_SKELLAM_LOGSF = OwnPrimitive(_skellam_logsf_value, name="wengert.scipy.stats (skellam's log sf)", reenters="any")
_def_partials(_SKELLAM_LOGSF,
              lambda mu1, mu2, k: np.exp(_SKELLAM_LOG_RATIO(mu1, mu2, k + 1.0) - _SKELLAM_SF_EXCESS(mu1, mu2, k)),
              lambda mu1, mu2, k: -np.exp(-_SKELLAM_SF_EXCESS(mu1, mu2, k)))

_add_count_pmfs(skellam, ("mu1", "mu2"), _SKELLAM, _integers, lambda k, mu1, mu2: _SKELLAM_LOGPMF(mu1, mu2, k),
                lambda k, mu1, mu2: np.exp(_SKELLAM_LOGPMF(mu1, mu2, k)), "-1, 1.5, 2.5",
                ("``-mu1 - mu2 + (k / 2) log(mu1 / mu2) + log I_|k|(2 sqrt(mu1 mu2))``",
                 "``exp(-mu1 - mu2) (mu1 / mu2)^(k / 2) I_|k|(2 sqrt(mu1 mu2))``"), "whole ``k - loc``")


def _skellam_tail(name, k, mu1, mu2, loc, upper, log):
    """``log P(K > k)`` (:data:`_SKELLAM_LOGSF`), ``log P(K <= k)`` the same at ``-k - 1`` with mu1 and mu2 swapped;
    the tails ``exp`` of them; the cdf 0 at ``k = -inf``, 1 at ``inf``."""
    k = _whole_counts(name, k, loc)

    def tail(k):
        out = _SKELLAM_LOGSF(mu1, mu2, k) if upper else _SKELLAM_LOGSF(mu2, mu1, -k - 1.0)
        return out if log else np.exp(out)
    return _count_tail(k, np.isfinite(k), tail, upper, log, last=np.inf)


_add_count_tails(skellam, _skellam_tail, ("mu1", "mu2"), _SKELLAM, "1, 1.5, 2.5")
_add_count_moments(skellam, ("mu1", "mu2"), _SKELLAM, lambda mu1, mu2: mu1 - mu2, lambda mu1, mu2: mu1 + mu2,
                   "1.5, 2.5")
_add_count_quantiles(skellam, ("mu1", "mu2"), _SKELLAM, "1.5, 2.5")

#: skellam's entropy sums the counts within this many standard deviations (and 30) of the mean (beyond, the pmf's
#: terms are below 1e-30 of the sum), for a variance up to _SKELLAM_ENTROPY_MOST
_SKELLAM_ENTROPY_SDS, _SKELLAM_ENTROPY_MOST = 12.0, 1e7


@_method(skellam, "entropy")
def _skellam_entropy(mu1, mu2, loc=0):
    """``-sum_k pmf(k) log pmf(k)`` over the counts within ``12 sd + 30`` of the mean, differentiable in ``mu1`` and
    ``mu2``; refused where either is not positive (ValueError; SciPy gives NaN); a variance ``mu1 + mu2`` above 1e7
    is refused (ValueError: the sum would take too many terms).

    >>> from wengert.scipy.stats import skellam
    >>> round(float(skellam.entropy(1.5, 2.5)), 6)
    2.109941
    """
    _constant("skellam.entropy", "loc", loc, "a shift of a count is discrete")
    p1, p2 = (np.asarray(_plain(x), dtype=float) for x in (mu1, mu2))
    _SKELLAM.valid(p1, p2)
    if np.any(p1 + p2 > _SKELLAM_ENTROPY_MOST):
        raise ValueError("skellam.entropy: mu1 + mu2 above 1e7 is not supported (the sum of -pmf log pmf over the "
                         "counts would take more than 75,000 terms)")
    spread = _SKELLAM_ENTROPY_SDS * np.sqrt(p1 + p2) + 30.0
    low, high = np.floor(np.min(p1 - p2 - spread)), np.ceil(np.max(p1 - p2 + spread))
    shape = np.broadcast_shapes(p1.shape, p2.shape)
    k = np.arange(low, high + 1.0).reshape((-1,) + (1,) * len(shape))
    inside = np.abs(k - (p1 - p2)) <= spread
    log_terms = _SKELLAM_LOGPMF(mu1, mu2, np.where(inside, k, np.round(p1 - p2)))
    out = 0.0 - np.sum(np.where(inside, np.exp(log_terms) * log_terms, 0.0), axis=0)
    return out[()]



# -- zipf (k^-a / zeta(a) on k >= 1) -------------------------------------------------------------------

#: (a finite: at a = inf SciPy gives the limit, all the mass at k = 1, where no derivative in a exists and the sums
#: here met inf - inf, NaN with a RuntimeWarning; refused as the other discrete distributions' infinite parameters)
_ZIPF_A_FINITE = "its limit, all the mass at k = 1, where a has no derivative"
_ZIPF = _ValidParameters("zipf", {"a": (lambda a: (a > 1) & (a < np.inf), "> 1", "finite", _ZIPF_A_FINITE)}, (2.5,))


class zipf:
    """The Zipf (zeta) distribution, as ``scipy.stats.zipf``: ``pmf(k) = k^-a / zeta(a)`` on ``k = 1, 2, ...``,
    differentiable in ``a`` to every order (``k`` and ``loc`` are counts: a Var there is refused). Every function is
    written with differentiable calls from Hurwitz's ``zeta(a, q) = sum_n (n + q)^-a`` in logs, by Euler-Maclaurin's
    formula (the terms below ``max(q, 2 a + 20, 30)`` summed, the rest its integral and ten corrections), each term
    ``((n + q) / q)^-a`` against ``q^-a``: the log sf ``log zeta(a, k + 1) - log zeta(a)`` is finite and exact far out
    (``zipf.logsf(1e300, 2)`` is -690.3, SciPy sums the pmf: its sf at 1e6 is 1e-13 off); the cdf is the finite sum
    ``H_k(a) / zeta(a)`` where it is below 1/2 (``a`` near 1: 1 - sf lost its digits), else ``1 - sf``. The mean
    ``zeta(a - 1) / zeta(a)`` is inf for ``a <= 2`` (derivative 0: a constant there), the variance inf for ``a <=
    3``, as SciPy's; beside them the derivatives are the formula's (``-1 / (a - 2)^2 ...``, never 0). The
    variance from ``a = 6`` on through ``zeta(s, 2) = zeta(s) - 1``, without ``m2 - m1^2``'s cancellation. The entropy
    ``log zeta(a) - a zeta'(a) / zeta(a)``. The quantiles are SciPy's (steps).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import zipf
    >>> round(float(wg.grad_bp(lambda a: zipf.logpmf(1, a), 2.0)), 6)  # -zeta'(2) / zeta(2)
    0.569961

    .. versionadded:: 0.1
    """


#: Euler-Maclaurin's corrections B_2j / (2j)!, j = 1..10
_EM_CORRECTIONS = [float(b) / math.factorial(2 * j) for j, b in enumerate(BERNOULLI_2K[:10], 1)]
#: the most terms summed directly (beyond, with a >= 990 here, the rest of the sum is below 1e-300 of it or
#: Euler-Maclaurin's error term (a / q)^21 B_22 / 22! is below 1e-17)
_ZETA_DIRECT_MOST = 2000


def _log_hurwitz(a, q, log_weight=False, scaled=False):
    """``log zeta(a, q) = log sum_{n >= 0} (n + q)^-a`` (``log_weight``: ``log sum_n log(n + q) (n + q)^-a``, at q =
    1 only; ``scaled``: ``log((a - 1) zeta(a, q))`` below a = 2) at plain ``q >= 1``, ``a > 1`` (traced or not), as
    ``-a log q + log W``, ``W`` the sum of ``u^-a``, ``u = (n + q) / q``: the terms below ``X = max(q, 2 a + 20, 30)``
    (at most 2000 of them) summed, the rest by Euler-Maclaurin's formula from X (its integral ``q u^(1 - a) / (a -
    1)``, half the term at X, ten corrections ``B_2j / (2j)! (a)_(2j - 1) q^(1 - 2j) u^(1 - a - 2j)``); ``log W`` as
    ``log1p(W - 1)`` where the first term, 1, is summed. Differentiable as it is written: each term's derivative in a
    is the derivative's own term (Euler-Maclaurin's formula differentiated).
    ``scaled`` multiplies the terms other than the integral by ``a - 1`` (below a = 2; :func:`_zipf_scale`): its
    derivatives are of order 1 as a -> 1, where those of ``log zeta(a, q)`` are ``-1 / (a - 1)^j`` (differences of them
    lost every digit); from a = 2 on, where ``log(a - 1)``'s derivatives would cancel in the differences instead, it is
    not scaled."""
    q = np.asarray(q, dtype=float)
    plain = np.asarray(_plain(a), dtype=float)
    shape = np.broadcast_shapes(plain.shape, q.shape)
    count = np.clip(np.ceil(np.maximum(2.0 * plain + 20.0, 30.0) - q), 0.0, _ZETA_DIRECT_MOST)
    most = int(np.max(count)) if np.size(count) else 0
    x = q + count  # X
    u_end = x / q
    log_u_end = np.log1p(count / q)
    # the integral, the half term and the corrections from X
    power = np.exp(-a * log_u_end)  # u^-a at X
    if not log_weight:
        # where none is summed (X = q, u = 1), W / q: W ~ q / (a - 1) overflowed from q = 1.8e308 (a - 1)
        # (zipf.sf(1e308, 1.01) was inf, the truth 8.27e-4)
        scale = np.where(count == 0.0, q, 1.0)
        tail = 0.5 * power / scale
        rising, factor = a, 1.0 / x / scale  # (a)_(2j - 1) and X^(1 - 2j) (X = q u; 1 / X squared: X * X overflows)
        for j, c in enumerate(_EM_CORRECTIONS, 1):
            tail = tail + c * rising * factor * power
            rising, factor = rising * (a + 2 * j - 1) * (a + 2 * j), factor * (1.0 / x) * (1.0 / x)
    else:  # (q = 1: f(x) = log(x) x^-a, its integral x^(1 - a) (log x / (a - 1) + 1 / (a - 1)^2); f^(j) = x^(-a - j)
        # (alpha_j log x + beta_j), alpha_(j + 1) = -(a + j) alpha_j, beta_(j + 1) = -(a + j) beta_j + alpha_j)
        log_x = np.log(x)
        tail = x * power * (log_x / (a - 1.0) + 1.0 / (a - 1.0) ** 2) + 0.5 * power * log_x
        alpha, beta = 1.0, 0.0
        for j in range(1, 21):
            alpha, beta = -(a + j - 1) * alpha, -(a + j - 1) * beta + alpha
            if j % 2 == 1:
                tail = tail - _EM_CORRECTIONS[j // 2] * power * x ** -float(j) * (alpha * log_x + beta)
    if most:
        n = np.arange(most, dtype=float).reshape((most,) + (1,) * len(shape))
        # (without the first term, 1 where terms are summed: added by log1p below, so that log zeta(a, q) + a log q
        # has its digits where it is small: zipf.logpmf(1, 50) = -log zeta(50) was 1.6e-9 off)
        inside = (n < count) & ((n >= 1) | log_weight)
        log_u = np.log1p(np.where(inside, n, 0.0) / q)
        terms = np.exp(-a * log_u)
        if log_weight:
            terms = terms * np.log(np.where(inside, n, 0.0) + q)
        tail = tail + np.sum(np.where(inside, terms, 0.0), axis=0)
    if log_weight:
        return -a * np.log(q) + np.log(tail)
    first = count > 0.0  # (the first term, 1, is one of those summed)

    def unscaled(a, rest):  # (-a log q + log q as (1 - a) log q where q is the scale: no cancellation far out)
        later = x / scale * np.exp(-a * log_u_end) / (a - 1.0) + rest
        return np.where(first, -a * np.log(q) + np.log1p(later), (1.0 - a) * np.log(q) + np.log(later))
    if not scaled:
        return unscaled(a, tail)

    def near_one(a, rest):
        # log((a - 1) zeta(a, q)) as (1 - a) log X + log1p((a - 1) (1 + rest) / integral): each term is of order a - 1,
        # and so is their sum, with its digits (its derivatives of order 1, where log zeta(a, q)'s are -1 / (a - 1)^j)
        return (1.0 - a) * np.log(x) + np.log1p((a - 1.0) * (np.where(first, 1.0, 0.0) + rest)
                                                * np.exp(a * log_u_end) / (x / scale))
    return _two_forms(plain >= 2.0, near_one, unscaled, (a, tail), (1.5, 1.0), (2.5, 1.0))


def _zipf_scale(a):
    """``a - 1`` below a = 2, else 1: what ``_log_hurwitz(..., scaled=True)`` multiplies zeta by (the pmf as ``(a - 1)
    k^-a / ((a - 1) zeta(a))``: through ``exp(-a log k - log zeta(a))`` pmf(3, a)'s second derivative at a = 1 +
    1e-12 was -1.11736, the truth -1.11722)."""
    return np.where(np.asarray(_plain(a)) < 2.0, a - 1.0, 1.0)


_add_count_pmfs(zipf, ("a",), _ZIPF, lambda name, k, loc: _counts_from(name, k, loc, 1.0),
                lambda k, a: -a * np.log(k) - _log_hurwitz(a, 1.0),
                lambda k, a: _zipf_scale(a) * np.exp(-a * np.log(k) - _log_hurwitz(a, 1.0, scaled=True)),
                "3, 2.5", ("``-a log(k) - log(zeta(a))``", "``k^-a / zeta(a)``"), "whole ``k - loc >= 1``")

def _zipf_tail(name, k, a, loc, upper, log):
    """The log sf ``log zeta(a, k + 1) - log zeta(a)``, below a = 2 each as ``log((a - 1) zeta)``
    (:func:`_log_hurwitz`), the sf its ``exp``; the cdf ``-expm1(log sf)`` where the sf is below 1/2 (its log
    :func:`_log1mexp`), else ``(a - 1) H_k(a) / ((a - 1) zeta(a))`` (:func:`_log_power_sum`, :func:`_zipf_scale`);
    the cdf 0 below the support, 1 at ``k = inf``."""
    k = _whole_counts(name, k, loc)

    def tail(k):
        # (each zeta as (a - 1) zeta: the derivatives of log zeta(a, q), -1 / (a - 1)^j as a -> 1, cancelled in the
        # difference: zipf.sf(1000, 1 + 1e-12)'s d2/da2 was 0, the truth 56.2; logsf(1e300, 1.01)'s 2.5e-11 off)
        log_zeta = _log_hurwitz(a, 1.0, scaled=True)
        log_sf = _log_hurwitz(a, k + 1.0, scaled=True) - log_zeta
        if upper:
            return log_sf if log else np.exp(log_sf)
        small = np.asarray(_plain(log_sf) <= -np.log(2.0))
        if np.all(small):
            return _log1mexp(log_sf) if log else -np.expm1(log_sf)
        # the cdf below 1/2 its finite sum H_k(a) / zeta(a) = (a - 1) H_k(a) / ((a - 1) zeta(a)) (1 - sf lost its
        # digits; only below a = 1.73)
        shape = np.broadcast_shapes(np.shape(small), np.shape(k))
        counts = np.where(np.broadcast_to(small, shape), 1.0, k)
        log_ratio = _log_power_sum(a, 1.0, counts) - log_zeta
        near = np.where(small, log_sf, -1.0)
        return np.where(small, _log1mexp(near) if log else -np.expm1(near),
                        np.log(_zipf_scale(a)) + log_ratio if log else _zipf_scale(a) * np.exp(log_ratio))
    # (counted from the support's start, 1: _count_tail's cdf is 0 below its count 0, 1 at inf)
    return _count_tail(k - 1.0, (k >= 1) & np.isfinite(k), lambda j: tail(j + 1.0), upper, log, last=np.inf)


def _zipf_var(a):
    """``(zeta(a - 2) zeta(a) - zeta(a - 1)^2) / zeta(a)^2`` (a > 3): up to a = 6 as ``m2 - m1^2`` (``m_i = zeta(a -
    i) / zeta(a)``; it loses at most 2 digits there); beyond, with ``e_i = zeta(a - i) - 1 = zeta(a - i, 2)``, the
    numerator ``(e_2 + e_0 - 2 e_1) + (e_2 e_0 - e_1^2)``: the first ``sum_{k >= 2} (k - 1)^2 k^-a`` (a fifth of it
    cancels at most), the second below 3^-a of it (``m2 - m1^2`` lost every digit: about 2^-a against 1)."""
    def near(a):
        log_zeta = _log_hurwitz(a, 1.0)
        return np.exp(_log_hurwitz(a - 2.0, 1.0) - log_zeta) - np.exp(2.0 * (_log_hurwitz(a - 1.0, 1.0) - log_zeta))

    def far(a):
        e0, e1, e2 = (np.exp(_log_hurwitz(a - i, 2.0)) for i in (0.0, 1.0, 2.0))
        return ((e2 + e0 - 2.0 * e1) + (e2 * e0 - e1 * e1)) * np.exp(-2.0 * _log_hurwitz(a, 1.0))
    return _two_forms(np.asarray(_plain(a) > 6.0), near, far, (a,), (4.0,), (8.0,))


_add_count_tails(zipf, _zipf_tail, ("a",), _ZIPF, "3, 2.5")
# mean zeta(a - 1) / zeta(a) (a > 2; inf below), variance (a > 3; inf below, where SciPy's second moment is inf, as
# SciPy's: its var is inf for every 1 < a <= 3)
_add_count_moments(zipf, ("a",), _ZIPF,
                   lambda a: _moment_where(lambda s: s > 2.0, _always,
                                           lambda a: np.exp(_log_hurwitz(a - 1.0, 1.0) - _log_hurwitz(a, 1.0)), (a,), 3.0),
                   lambda a: _moment_where(lambda s: s > 3.0, _always, _zipf_var, (a,), 4.0), "4.5",
                   std=lambda a: _moment_where(lambda s: s > 3.0, _always, lambda a: np.sqrt(_zipf_var(a)), (a,), 4.0))
_add_count_quantiles(zipf, ("a",), _ZIPF, "2.5")


@_method(zipf, "entropy")
def _zipf_entropy(a, loc=0):
    """``log zeta(a) + a E[log K] = log zeta(a) - a zeta'(a) / zeta(a)``, differentiable in ``a``; ``a <= 1`` is
    refused (ValueError).

    >>> from wengert.scipy.stats import zipf
    >>> round(float(zipf.entropy(2.5)), 6)
    1.015631
    """
    return _one_shape_entropy("zipf.entropy", _ZIPF, a, loc, lambda a, plain: _log_hurwitz(a, 1.0) + a * np.exp(
        _log_hurwitz(a, 1.0, log_weight=True) - _log_hurwitz(a, 1.0)))


# -- zipfian (k^-a / H_n(a) on k = 1, ..., n) -----------------------------------------------------------

# (n below 2^31: SciPy 1.13 took any whole n >= 1, SciPy 1.18 (gh-24119) n <= 2^31 - 1; the stricter)
_ZIPFIAN = _ValidParameters("zipfian", {"a": (lambda a: (a >= 0) & (a < np.inf), ">= 0", "finite", _ZIPF_A_FINITE),
                                        "n": (lambda n: _whole_at_least(1)(n) & (n <= 2.0 ** 31 - 1),
                                              "a whole number in [1, 2^31 - 1]")}, (1.5, 10.0))


class zipfian:
    """The Zipfian distribution, as ``scipy.stats.zipfian``: ``pmf(k) = k^-a / H_n(a)`` on ``k = 1, ..., n``, ``H_n(a)
    = sum_{j <= n} j^-a``, differentiable in ``a`` to every order; ``n`` is a count (its values only: a Var there is
    refused, as ``k`` and ``loc``). Every function is a ratio of sums of powers ``sum_{j = lo}^{hi} j^-a`` in logs
    (the terms below ``max(2 a + 20, 30)`` summed, at most 2000 of them, the rest by Euler-Maclaurin's formula, its
    integral ``J^(1 - a) L exprel((1 - a) L)``, ``L = log(hi / J)``, exact at a = 1, and ten corrections), so the
    log tails are finite where the tails underflow, and the cdf and sf are each their own sum (no ``1 - x``). The
    mean ``H_n(a - 1) / H_n(a)``, the variance from ``a = 6`` on through ``H_n(s) - 1`` (``m2 - m1^2`` cancels there),
    the entropy ``log H_n(a) + a sum_j log(j) j^-a / H_n(a)``. ``a >= 0`` and whole ``1 <= n < 2^31`` are
    required (ValueError; SciPy gives NaN). The quantiles are SciPy's (steps).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import zipfian
    >>> round(float(wg.grad_bp(lambda a: zipfian.logpmf(1, a, 2), 1.0)), 6)  # log(2) 2^-a / H_2(a)
    0.231049

    .. versionadded:: 0.1
    """


def _exprel_times(u):
    """``(exp(u) (u - 1) + 1) / u^2 = integral_0^1 v exp(u v) dv``: below |u| = 1 its series ``sum_m u^m / (m! (m +
    2))`` (the closed form cancels as u -> 0)."""
    def series(u):
        total, term = 0.5, 1.0
        for m in range(1, 24):
            term = term * u / m
            total = total + term / (m + 2)
        return total
    return _two_forms(np.asarray(np.abs(_plain(u)) < 1.0), lambda u: (np.exp(u) * (u - 1.0) + 1.0) / (u * u), series,
                      (u,), (2.0,), (0.5,))


def _log_power_sum(a, lo, hi, log_weight=False):
    """``log sum_{j = lo}^{hi} j^-a`` (``log_weight``: of ``log(j) j^-a``, at lo = 1) at plain whole ``1 <= lo <=
    hi``, ``a >= 0`` traced or not, written with differentiable calls: ``-a log lo + log W``, ``W`` the sum of ``(j /
    lo)^-a``; where ``hi - lo >= 2000``, the terms below ``J = lo + clip(max(30, 2 a + 20) - lo, 0, 2000)`` summed and
    the rest by Euler-Maclaurin's formula from J to hi (the integral ``J (J / lo)^-a L exprel((1 - a) L)``, ``L =
    log(hi / J)``, half the end terms, ten corrections ``B_2i / (2i)! (a)_(2i - 1) (J^(1 - 2i) (J / lo)^-a - hi^(1 -
    2i) (hi / lo)^-a)``; with ``log_weight``, the integral of ``y exp((1 - a) y)`` over ``y = log x``, through
    :func:`_exprel_times`)."""
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    plain = np.asarray(_plain(a), dtype=float)
    shape = np.broadcast_shapes(plain.shape, lo.shape, hi.shape)
    short = np.broadcast_to(hi - lo < 2000.0, shape)
    count = np.where(short, hi - lo + 1.0, np.clip(np.ceil(np.maximum(2.0 * plain + 20.0, 30.0) - lo), 0.0, 2000.0))
    most = int(np.max(count)) if np.size(count) else 0
    total = np.zeros(shape)  # (no points: an empty sum, not log(0.0): zipfian.cdf([], 2.5, 7) warned)
    if most:
        n = np.arange(most, dtype=float).reshape((most,) + (1,) * len(shape))
        inside = n < count
        terms = np.exp(-a * np.log1p(np.where(inside, n, 0.0) / lo))
        if log_weight:
            terms = terms * np.log(np.where(inside, n, 0.0) + lo)
        total = np.sum(np.where(inside, terms, 0.0), axis=0)
    if not np.all(short):
        j = np.where(short, 30.0, lo + count)  # J
        end = np.where(short, 60.0, hi)
        log_ratio = np.log(end / j)
        a_long = np.where(short, 1.5, a)
        power_j, power_end = np.exp(-a_long * np.log(j / lo)), np.exp(-a_long * np.log(end / lo))
        t = 1.0 - a_long
        if not log_weight:
            rest = j * power_j * log_ratio * sc.exprel(t * log_ratio) + 0.5 * (power_j + power_end)
            rising = a_long
            for i, c in enumerate(_EM_CORRECTIONS, 1):
                rest = rest + c * rising * (j ** (1.0 - 2 * i) * power_j - end ** (1.0 - 2 * i) * power_end)
                rising = rising * (a_long + 2 * i - 1) * (a_long + 2 * i)
        else:  # (lo = 1: f(x) = log(x) x^-a, f^(m) = x^(-a - m) (alpha_m log x + beta_m))
            log_j, log_end = np.log(j), np.log(end)
            rest = j * power_j * (log_j * log_ratio * sc.exprel(t * log_ratio)
                                  + log_ratio * log_ratio * _exprel_times(t * log_ratio))
            rest = rest + 0.5 * (power_j * log_j + power_end * log_end)
            alpha, beta = 1.0, 0.0
            for m in range(1, 21):
                alpha, beta = -(a_long + m - 1) * alpha, -(a_long + m - 1) * beta + alpha
                if m % 2 == 1:
                    rest = rest + _EM_CORRECTIONS[m // 2] * (end ** -float(m) * power_end * (alpha * log_end + beta)
                                                             - j ** -float(m) * power_j * (alpha * log_j + beta))
        total = np.where(short, total, total + rest)
    return -a * np.log(lo) + np.log(total)


def _zipfian_counts(name, n):
    _constant(name, "n", n, "a count is discrete")
    return np.asarray(n, dtype=float)


def _zipfian_log_pmf(name, k, a, n):
    """``-a log(k) - log H_n(a)`` at ``k <= n``, -inf above (``k`` plain, whole, at least 1)."""
    n = _zipfian_counts(name, n)
    above = k > n
    out = -a * np.log(np.where(above, 1.0, k)) - _log_power_sum(a, 1.0, n)
    return np.where(above, -np.inf, out) if np.any(above) else out


_add_count_pmfs(zipfian, ("a", "n"), _ZIPFIAN, lambda name, k, loc: _counts_from(name, k, loc, 1.0),
                lambda k, a, n: _zipfian_log_pmf("zipfian.logpmf", k, a, n),
                lambda k, a, n: np.exp(_zipfian_log_pmf("zipfian.pmf", k, a, n)),
                "3, 1.5, 10", ("``-a log(k) - log(H_n(a))``", "``k^-a / H_n(a)``"), "whole ``1 <= k - loc <= n``")


def _zipfian_tail(name, k, a, n, loc, upper, log):
    """``log sum_{j > k} j^-a - log H_n(a)`` (the log sf) and ``log H_k(a) - log H_n(a)`` (the log cdf), each its own
    sum (:func:`_log_power_sum`); the cdf 0 below the support, 1 from ``k = n`` on."""
    n = _zipfian_counts(name, n)
    k = _whole_counts(name, k, loc)
    inside = (k >= 1) & (k < n)
    count = np.where(inside, n, 2.0)

    def tail(k):
        log_all = _log_power_sum(a, 1.0, count)
        out = _log_power_sum(a, k + 1.0, count) - log_all if upper else _log_power_sum(a, 1.0, k) - log_all
        return out if log else np.exp(out)
    # (counted from the support's start, 1: _count_tail's cdf is 0 below its count 0, 1 from its last, n - 1)
    return _count_tail(k - 1.0, inside, lambda j: tail(j + 1.0), upper, log, last=n - 1.0)


def _zipfian_var(a, n):
    """``(H_n(a - 2) H_n(a) - H_n(a - 1)^2) / H_n(a)^2``: up to a = 6 as ``m2 - m1^2``; beyond, with ``e_i = H_n(a -
    i) - 1`` (the sum from j = 2), the numerator ``(e_2 + e_0 - 2 e_1) + (e_2 e_0 - e_1^2)`` (as zipf's); 0 at n =
    1."""
    one = np.broadcast_to(n == 1, np.broadcast_shapes(np.shape(n), np.shape(_plain(a))))
    m = np.where(one, 2.0, n)

    def near(a):
        log_h = _log_power_sum(a, 1.0, m)
        return np.exp(_log_power_sum(a - 2.0, 1.0, m) - log_h) - np.exp(2.0 * (_log_power_sum(a - 1.0, 1.0, m) - log_h))

    def far(a):
        e0, e1, e2 = (np.exp(_log_power_sum(a - i, 2.0, m)) for i in (0.0, 1.0, 2.0))
        return ((e2 + e0 - 2.0 * e1) + (e2 * e0 - e1 * e1)) * np.exp(-2.0 * _log_power_sum(a, 1.0, m))
    out = _two_forms(np.asarray(_plain(a) > 6.0), near, far, (a,), (4.0,), (8.0,))
    return np.where(one, 0.0 * a, out) if np.any(one) else out


_add_count_tails(zipfian, _zipfian_tail, ("a", "n"), _ZIPFIAN, "3, 1.5, 10")
_add_count_moments(zipfian, ("a", "n"), _ZIPFIAN,
                   lambda a, n: np.exp(_log_power_sum(a - 1.0, 1.0, n) - _log_power_sum(a, 1.0, n)), _zipfian_var,
                   "1.5, 10", std=lambda a, n: np.sqrt(_zipfian_var(a, n)))
_add_count_quantiles(zipfian, ("a", "n"), _ZIPFIAN, "1.5, 10")


def _entropy_with_count(name, check, shape, n, count, loc, h):
    """``h(shape, n)``, the entropy of a discrete distribution of one continuous shape and a count ``n`` (named
    ``count``: a Var there is refused, as in ``loc``), refused outside the valid parameters (``check``, a
    :class:`_ValidParameters`), 0 at ``n = 1`` (one point: ``h`` evaluated at the stand-ins there)."""
    _constant(name, "loc", loc, "a shift of a count is discrete")
    _constant(name, count, n, "a count is discrete")
    n = np.asarray(n, dtype=float)
    check.valid(np.asarray(_plain(shape), dtype=float), n)
    fixed = n == 1
    if np.any(fixed):
        shape, n = np.where(fixed, check.safe[0], shape), np.where(fixed, check.safe[1], n)
    out = h(shape, n)
    return (np.where(fixed, 0.0, out) if np.any(fixed) else out)[()]


@_method(zipfian, "entropy")
def _zipfian_entropy(a, n, loc=0):
    """``log H_n(a) + a sum_j log(j) j^-a / H_n(a)``, differentiable in ``a``; refused outside the
    valid ``a`` and ``n``.

    >>> from wengert.scipy.stats import zipfian
    >>> round(float(zipfian.entropy(1.5, 10)), 6)
    1.628103
    """
    return _entropy_with_count("zipfian.entropy", _ZIPFIAN, a, n, "n", loc, lambda a, n: _log_power_sum(a, 1.0, n) + a * np.exp(
        _log_power_sum(a, 1.0, n, log_weight=True) - _log_power_sum(a, 1.0, n)))


# -- boltzmann (planck truncated to k < N) --------------------------------------------------------------

_BOLTZMANN = _ValidParameters("boltzmann", {"lambda_": _POSITIVE, "N": (_whole_at_least(1), "a whole number >= 1")},
                              (0.5, 10.0))


class boltzmann:
    """The Boltzmann (truncated discrete exponential) distribution, as ``scipy.stats.boltzmann``: ``pmf(k) = (1 -
    exp(-lambda_)) exp(-lambda_ k) / (1 - exp(-lambda_ N))`` on ``k = 0, ..., N - 1``, differentiable in ``lambda_`` to
    every order; ``N`` is a count (its values only: a Var there is refused, as ``k`` and ``loc``). Every function is
    closed and written in logs (``log(1 - exp(-x))`` by :func:`_log1mexp`): the log sf ``-lambda_ (k + 1) + log(1 -
    exp(-lambda_ (N - k - 1))) - log(1 - exp(-lambda_ N))`` is finite where the sf underflows. The mean ``g(lambda_) -
    N g(lambda_ N)`` and the variance ``N^2 v(lambda_ N) - v(lambda_)`` with ``g(x) = 1 / expm1(x) - 1 / x``, ``v(x) =
    1 / x^2 - exp(x) / expm1(x)^2`` (their series below x = 1), without SciPy's cancelling ``1 / x`` terms as lambda_ ->
    0 (SciPy's var at lambda_ = 1e-6, N = 10 is 41.1 for 8.25); the entropy ``log N + h(lambda_ N) - h(lambda_) + lambda_
    mean``, ``h(x) = log((1 - exp(-x)) / x)``. ``lambda_ > 0`` and whole ``N >= 1`` are required
    (ValueError; SciPy gives NaN). The
    quantiles are SciPy's (steps).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import boltzmann
    >>> round(float(wg.grad_bp(lambda lam: boltzmann.logpmf(0, lam, 2), 1.0)), 6)  # 1 / (1 + exp(lambda_))
    0.268941

    .. versionadded:: 0.1
    """


#: g(x) = 1 / expm1(x) - 1 / x = -1/2 + sum_n B_2n x^(2n - 1) / (2n)! below x = 1 (10 terms: the next below 1e-20)
_BOLTZMANN_G = [-0.5] + [float(b) / math.factorial(2 * n) for n, b in enumerate(BERNOULLI_2K[:10], 1)]


def _boltzmann_g(x):
    """``1 / expm1(x) - 1 / x``: below x = 1 its series (odd powers after -1/2)."""
    def series(x):
        return -0.5 + x * polynomial(x * x, _BOLTZMANN_G[1:])
    return _two_forms(np.asarray(_plain(x) < 1.0), lambda x: 1.0 / np.expm1(x) - 1.0 / x, series, (x,), (2.0,), (0.5,))


def _boltzmann_v(x):
    """``v(x) = 1 / x^2 - exp(x) / expm1(x)^2 = g'(x)``: below x = 1 the derivative of g's series."""
    def series(x):
        return polynomial(x * x, [(2 * n - 1) * float(b) / math.factorial(2 * n)
                                   for n, b in enumerate(BERNOULLI_2K[:10], 1)])
    return _two_forms(np.asarray(_plain(x) < 1.0), lambda x: 1.0 / (x * x) - np.exp(-x) / np.expm1(-x) ** 2, series,
                      (x,), (2.0,), (0.5,))


def _log_one_minus_exp_over(x):
    """``h(x) = log((1 - exp(-x)) / x)``: below x = 1/2 its series (:func:`_log_expm1_ratio`)."""
    return _two_forms(np.asarray(_plain(x) <= 0.5), lambda x: _log1mexp(-x) - np.log(x), _log_expm1_ratio, (x,),
                      (2.0,), (0.25,))


def _boltzmann_log_ratio(lambda_, m, n):
    """``log((1 - exp(-lambda_ m)) / (1 - exp(-lambda_ N)))`` (``m <= N`` plain): where ``lambda_ N <= 1`` as ``log(m /
    N) + h(lambda_ m) - h(lambda_ N)``, ``h(x) = log((1 - exp(-x)) / x)`` (through log1mexp the logs of lambda_ and
    their derivatives 1 / lambda_ cancelled: the second derivative of the log sf at lambda_ = 1e-6 was 4e-5 off), else
    the difference of :func:`_log1mexp`'s (whose derivatives, about exp(-x), the other form lost against 1 /
    lambda_^2)."""
    def small(lam, m, n):
        return np.log(m / n) + _log_one_minus_exp_over(lam * m) - _log_one_minus_exp_over(lam * n)

    def large(lam, m, n):
        return _log1mexp(-lam * m) - _log1mexp(-lam * n)
    shape = np.broadcast_shapes(np.shape(_plain(lambda_)), np.shape(m), np.shape(n))
    here = np.broadcast_to(np.asarray(_plain(lambda_)) * n <= 1.0, shape)
    m, n = np.broadcast_to(m, shape), np.broadcast_to(n, shape)
    return _two_forms(here, large, small, (lambda_, m, n), (1.0, 1.0, 2.0), (0.01, 1.0, 2.0))


def _boltzmann_counts(name, n):
    _constant(name, "N", n, "a count is discrete")
    return np.asarray(n, dtype=float)


def _boltzmann_log_pmf(name, k, lambda_, n):
    n = _boltzmann_counts(name, n)
    above = k >= n
    out = _boltzmann_log_ratio(lambda_, 1.0, n) - lambda_ * np.where(above, 0.0, k)
    return np.where(above, -np.inf, out) if np.any(above) else out


_add_count_pmfs(boltzmann, ("lambda_", "N"), _BOLTZMANN, _counts,
                lambda k, lam, n: _boltzmann_log_pmf("boltzmann.logpmf", k, lam, n),
                lambda k, lam, n: np.exp(_boltzmann_log_pmf("boltzmann.pmf", k, lam, n)), "2, 0.5, 10",
                ("``log(1 - exp(-lambda_)) - lambda_ k - log(1 - exp(-lambda_ N))``",
                 "``(1 - exp(-lambda_)) exp(-lambda_ k) / (1 - exp(-lambda_ N))``"), "whole ``0 <= k - loc < N``")


def _boltzmann_tail(name, k, lambda_, n, loc, upper, log):
    """The log sf ``-lambda_ (k + 1) + log1mexp(-lambda_ (N - k - 1)) - log1mexp(-lambda_ N)``, the log cdf
    ``log1mexp(-lambda_ (k + 1)) - log1mexp(-lambda_ N)``, each ``log1mexp(-x)`` as ``log(x) + h(x)``, ``h(x) = log((1
    - exp(-x)) / x)``; the tails their ``exp``; the cdf 0 below 0, 1 from N - 1."""
    n = _boltzmann_counts(name, n)
    k = _whole_counts(name, k, loc)
    inside = (k >= 0) & (k < n - 1.0)
    count = np.where(inside, n, 2.0)

    def tail(k):
        m = count - k - 1.0 if upper else k + 1.0
        out = _boltzmann_log_ratio(lambda_, m, count)
        if upper:
            out = out - lambda_ * (k + 1.0)
        return out if log else np.exp(out)
    return _count_tail(k, inside, tail, upper, log, last=n - 1.0)


def _boltzmann_mean(lambda_, n):
    return _boltzmann_g(lambda_) - n * _boltzmann_g(lambda_ * n)


def _boltzmann_var(lambda_, n):
    """``N^2 v(lambda_ N) - v(lambda_)`` below lambda_ = 1 (both near 1/12 times N^2 and 1: no 1 / lambda_^2 left to
    cancel); above, ``exp(-lambda_) / expm1(-lambda_)^2 - N^2 exp(-lambda_ N) / expm1(-lambda_ N)^2`` (SciPy's)."""
    def far(lam):
        return np.exp(-lam) / np.expm1(-lam) ** 2 - n * n * np.exp(-lam * n) / np.expm1(-lam * n) ** 2
    return _two_forms(np.asarray(_plain(lambda_) < 1.0), far,
                      lambda lam: n * n * _boltzmann_v(lam * n) - _boltzmann_v(lam), (lambda_,), (2.0,), (0.5,))


def _boltzmann_std(lambda_, n):
    one = np.broadcast_to(np.asarray(n) == 1, np.broadcast_shapes(np.shape(n), np.shape(_plain(lambda_))))
    if not np.any(one):
        return np.sqrt(_boltzmann_var(lambda_, n))
    return np.where(one, 0.0 * lambda_, np.sqrt(_boltzmann_var(lambda_, np.where(one, 2.0, n))))


_add_count_tails(boltzmann, _boltzmann_tail, ("lambda_", "N"), _BOLTZMANN, "2, 0.5, 10")
_add_count_moments(boltzmann, ("lambda_", "N"), _BOLTZMANN,
                   lambda lam, n: _boltzmann_mean(lam, _boltzmann_counts("boltzmann.mean", n)),
                   lambda lam, n: _boltzmann_var(lam, _boltzmann_counts("boltzmann.var", n)), "0.5, 10",
                   std=lambda lam, n: _boltzmann_std(lam, _boltzmann_counts("boltzmann.std", n)))
_add_count_quantiles(boltzmann, ("lambda_", "N"), _BOLTZMANN, "0.5, 10")


@_method(boltzmann, "entropy")
def _boltzmann_entropy(lambda_, N, loc=0):
    """``log N + h(lambda_ N) - h(lambda_) + lambda_ mean``, ``h(x) = log((1 - exp(-x)) / x)``, as ``log N + k(lambda_
    N) - k(lambda_)`` (:func:`_boltzmann_k`), differentiable in ``lambda_``; refused outside the valid parameters.

    >>> from wengert.scipy.stats import boltzmann
    >>> round(float(boltzmann.entropy(0.5, 10)), 6)
    1.66282
    """
    return _entropy_with_count("boltzmann.entropy", _BOLTZMANN, lambda_, N, "N", loc, lambda lam, n: (
        np.log(n) + _boltzmann_k(lam * n) - _boltzmann_k(lam)))


#: k(x) = h(x) - x g(x) = -sum_n (2n - 1) B_2n x^(2n) / (2n (2n)!) below x = 1 (h' = g: no linear term)
_BOLTZMANN_K = [-(2 * n - 1) * float(b) / (2 * n * math.factorial(2 * n)) for n, b in enumerate(BERNOULLI_2K[:10], 1)]


def _boltzmann_k(x):
    """``k(x) = h(x) - x g(x)``: the entropy is ``log N + k(lambda_ N) - k(lambda_)`` (``lambda_ mean = lambda_ g(lambda_)
    - lambda_ N g(lambda_ N)``). Below x = 1 its series, ``-x^2 / 24 + ...``: as the sum of h's and the mean, terms of
    size N / 2 cancelled in the derivative, ``-lambda_ (N^2 - 1) / 12`` (6e-11 off at lambda_ = 1e-6, N = 10)."""
    return _two_forms(np.asarray(_plain(x) < 1.0), lambda x: _log_one_minus_exp_over(x) - x * _boltzmann_g(x),
                      lambda x: x * x * polynomial(x * x, _BOLTZMANN_K), (x,), (2.0,), (0.5,))


# -- randint (the discrete uniform) ----------------------------------------------------------------------


def _count_argument(name, argument, value):
    """Refuse a traced count parameter (a Var, or a forward-mode Dual: its tangent would be dropped) by name."""
    if isinstance(value, (Var, Dual)):
        raise NoGradientRule(f"wengert.scipy.stats.{name} has no gradient with respect to {argument} (a count is "
                             "discrete); pass a constant there")


class _RefusingOutside:
    """The check of a discrete distribution whose parameters are all counts (values only), outside SciPy's valid ones
    (its ``_argcheck``, where SciPy gives NaN): ``valid(*plain)`` raises ValueError (``name``, then ``why``: what is
    required); as a decorator of a method ``(k, ...)``, NaN where the count ``k`` is NaN, as SciPy, after the method's
    own checks. Read as a :class:`_ValidParameters` by :func:`_add_count_moments` and :func:`_count_quantile` (its
    ``safe`` stand-ins unused: nothing invalid gets past ``valid``)."""

    def __init__(self, name, condition, why, safe, names):
        self.name, self.condition, self.why, self.safe, self.names = name, condition, why, safe, names

    def counts(self, name, *parameters):
        """The ``parameters`` (named ``names``) as plain floats, refusing a traced one (in the method ``name``) and
        invalid ones."""
        for argument, value in zip(self.names, parameters):
            _count_argument(name, argument, value)
        parameters = [np.asarray(x, dtype=float) for x in parameters]
        self.valid(*parameters)
        return parameters

    def valid(self, *parameters):
        with np.errstate(invalid="ignore"):
            ok = self.condition(*(np.asarray(_plain(x), dtype=float) for x in parameters))
        if not np.all(ok):
            raise ValueError(f"{self.name}: {self.why} (SciPy gives NaN)")
        return ok

    def __call__(self, method):
        @functools.wraps(method)
        def checked(k, *args, **kwargs):
            out = method(k, *args, **kwargs)
            unknown = np.isnan(np.asarray(k, dtype=float))
            return np.where(unknown, np.nan, out)[()] if np.any(unknown) else out
        return checked


def _whole(x):
    return np.isfinite(x) & (x == np.floor(x))


_RANDINT = _RefusingOutside("randint", lambda low, high: _whole(low) & _whole(high) & (low < high),
                            "low and high must be whole numbers with low < high", (0.0, 1.0), ("low", "high"))


class randint:
    """The discrete uniform distribution, as ``scipy.stats.randint``: ``pmf(k) = 1 / (high - low)`` on ``k = low, ...,
    high - 1``. Every argument is a count (``low``, ``high``, ``k``, ``loc``: values only, a Var there is refused; the
    quantiles' ``q`` has derivative 0, refused at their jumps). The tails are ``m / (high - low)`` with ``m`` the
    counts on their side, their logs ``log1p(-(other side) / (high - low))`` where they are above 1/2 (SciPy's sf,
    ``1 - cdf``, keeps ``1e-16 (high - low)`` of its value: 8.3e-8 off at ``randint.sf(1e10 - 2, 0, 1e10)``); the
    variance ``(d - 1) (d + 1) / 12``, ``d = high - low``; the entropy ``log(d)``. ``low`` and ``high`` must be
    whole with ``low < high`` (ValueError; SciPy gives NaN). The quantiles are SciPy's (steps).

    >>> from wengert.scipy.stats import randint
    >>> float(randint.pmf(3, 2, 6)), float(randint.cdf(3, 2, 6))
    (0.25, 0.5)

    .. versionadded:: 0.1
    """


def _randint_ends(name, low, high):
    return _RANDINT.counts(name, low, high)


def _any_whole(name, k, loc):
    """Where ``k - loc`` is a whole number (of any sign), and ``k - loc`` there (0 elsewhere)."""
    _count_argument(name, "k", k)
    _count_argument(name, "loc", loc)
    k = np.asarray(k, dtype=float) - loc
    valid = _whole(k)
    return valid, np.where(valid, k, 0.0)


def _randint_pmf(name, log):
    def form(k, low, high):
        low, high = _randint_ends(name, low, high)
        inside = (k >= low) & (k < high)
        with np.errstate(divide="ignore"):
            return np.where(inside, -np.log(high - low) if log else 1.0 / (high - low), -np.inf if log else 0.0)
    return form


_add_count_pmfs(randint, ("low", "high"), _RANDINT, _any_whole, _randint_pmf("randint.logpmf", True),
                _randint_pmf("randint.pmf", False), "3, 2, 6", ("``-log(high - low)``", "``1 / (high - low)``"),
                "whole ``low <= k - loc < high``")


def _randint_tail(name, k, low, high, loc, upper, log):
    """``m / d``, ``d = high - low``, ``m`` the counts at or below ``k`` (the cdf) or above it (the sf), clipped to [0,
    d]; the logs ``log(m / d)``, or ``log1p(-(d - m) / d)`` where ``m > d / 2`` (the log of the quotient kept its
    rounding, ``1e-16 d`` of the value, there)."""
    low, high = _randint_ends(name, low, high)
    _count_argument(name, "k", k)
    _count_argument(name, "loc", loc)
    k = np.floor(np.asarray(k, dtype=float) - loc)
    d = high - low
    m = np.clip(high - 1.0 - k if upper else k - low + 1.0, 0.0, d)
    if not log:
        return (m / d)[()]
    with np.errstate(divide="ignore"):
        return np.where(2.0 * m > d, np.log1p(-(d - m) / d), np.log(m / d))[()]


def _randint_moment(name, which):
    def moment(low, high):
        low, high = _randint_ends(name, low, high)
        d = high - low
        if which == "mean":
            return low + 0.5 * (d - 1.0)
        var = (d - 1.0) * (d + 1.0) / 12.0  # (not d^2 - 1: d^2 rounds from d = 9.5e7)
        return np.sqrt(var) if which == "std" else var
    return moment


_add_count_tails(randint, _randint_tail, ("low", "high"), _RANDINT, "3, 2, 6")
_add_count_moments(randint, ("low", "high"), _RANDINT, _randint_moment("randint.mean", "mean"),
                   _randint_moment("randint.var", "var"), "2, 6", std=_randint_moment("randint.std", "std"))
_add_count_quantiles(randint, ("low", "high"), _RANDINT, "2, 6")


@_method(randint, "entropy")
def _randint_entropy(low, high, loc=0):
    """``log(high - low)``; values only (every argument a count).

    >>> from wengert.scipy.stats import randint
    >>> round(float(randint.entropy(2, 6)), 6)  # log 4
    1.386294
    """
    _count_argument("randint.entropy", "loc", loc)
    low, high = _randint_ends("randint.entropy", low, high)
    return (np.log(high - low) + np.zeros(np.shape(loc)))[()]


# -- hypergeom (n good of M, N drawn) -------------------------------------------------------------------

_HYPERGEOM = _RefusingOutside("hypergeom", lambda M, n, N: (_whole(M) & _whole(n) & _whole(N) & (M > 0) & (n >= 0)
                                                           & (N >= 0) & (n <= M) & (N <= M)),
                              "M, n and N must be whole numbers with M > 0, 0 <= n <= M and 0 <= N <= M", (20, 7, 12),
                              ("M", "n", "N"))


class hypergeom:
    """The hypergeometric distribution, as ``scipy.stats.hypergeom``: the count ``k`` of good items among ``N`` drawn
    without replacement from ``M`` of which ``n`` are good, on ``max(0, N - (M - n)) <= k <= min(n, N)``. Every
    argument is a count (``M``, ``n``, ``N``, ``k``, ``loc``: values only, a Var there is refused; the quantiles'
    ``q`` has derivative 0, refused at their jumps). The log pmf is Loader's ``b(k; n, p) + b(N - k; M - n, p) - b(N;
    M, p)`` with ``b`` binom's saddle-point form and ``p = N / M`` (R's ``dhyper``), exact where SciPy's differences
    of ``betaln`` lose digits (``hypergeom.logpmf(600, 10^6, 5 * 10^5, 1000)`` is 5e-10 off there). Each tail is its
    smaller side, the pmf at its first count times the sum of the terms' ratios' running products (the pmf is
    log-concave: they fall away from the mode), the other side ``log1p(-small)``: the log tails are finite where the
    tails underflow (``hypergeom.logsf(900, 10^6, 5 * 10^5, 1000)`` is -inf in SciPy). Mean ``N n / M``, variance
    ``N n (M - n) (M - N) / (M^2 (M - 1))``, entropy ``-sum pmf log pmf`` over the counts within 40 standard
    deviations of the mean (refused above 10^7 of them: ValueError). ``M``, ``n`` and ``N`` must be whole with ``M >
    0``, ``0 <= n <= M``, ``0 <= N <= M`` (ValueError; SciPy gives NaN). The quantiles are SciPy's (steps).

    >>> from wengert.scipy.stats import hypergeom
    >>> round(float(hypergeom.pmf(1, 4, 2, 2)), 6)  # C(2, 1) C(2, 1) / C(4, 2)
    0.666667

    .. versionadded:: 0.1
    """


def _hypergeom_parameters(name, M, n, N):
    return _HYPERGEOM.counts(name, M, n, N)


def _hypergeom_ends(M, n, N):
    return np.maximum(N - (M - n), 0.0), np.minimum(n, N)


def _hypergeom_log_terms(k, M, n, N):
    """Loader's log pmf at plain whole ``k`` in the support: ``b(k; n, p) + b(N - k; M - n, p) - b(N; M, p)``, ``b`` the
    log pmf of binom (:func:`_binom_log_terms`), ``p = N / M`` (the identity holds for every p; at this one the last
    term is at binom's mode, and each is exact)."""
    p = N / M
    return _binom_log_terms(k, n, p) + _binom_log_terms(N - k, M - n, p) - _binom_log_terms(N, M, p)


def _hypergeom_pmf(name, log):
    def form(k, M, n, N):
        M, n, N = _hypergeom_parameters(name, M, n, N)
        lo, hi = _hypergeom_ends(M, n, N)
        inside = (k >= lo) & (k <= hi)
        out = np.where(inside, _hypergeom_log_terms(np.where(inside, k, lo), M, n, N), -np.inf)
        return out if log else np.exp(out)
    return form


_add_count_pmfs(hypergeom, ("M", "n", "N"), _HYPERGEOM, _any_whole, _hypergeom_pmf("hypergeom.logpmf", True),
                _hypergeom_pmf("hypergeom.pmf", False), "2, 20, 7, 12",
                ("``log(C(n, k) C(M - n, N - k) / C(M, N))`` (Loader's form)", "``C(n, k) C(M - n, N - k) / C(M, N)``"),
                "whole ``max(0, N - M + n) <= k - loc <= min(n, N)``")

#: the first run of terms of a tail's sum, doubled each run (to 2^20)
_HYPERGEOM_RUN = 256


def _hypergeom_log_side(j, end, M, n, N):
    """``log sum pmf(i)`` over ``i`` from ``j`` to ``end`` (plain floats; ``end < j``: downwards), the pmf's terms
    decreasing from ``j`` on (``j`` on the far side of the mode): ``log pmf(j)`` plus the log of the sum of the running
    products of the exact ratios ``pmf(i + 1) / pmf(i) = (n - i) (N - i) / ((i + 1) (M - n - N + i + 1))`` (or their
    inverses downwards), in runs until a term is below 2^-60 of the sum (log-concave: the ratios fall, the rest is a
    geometric series below that) or the support ends."""
    step = 1.0 if end >= j else -1.0
    first = float(_hypergeom_log_terms(j, M, n, N))
    total, last, run, at = 1.0, 1.0, _HYPERGEOM_RUN, j
    while at != end and last > 2.0 ** -60 * total:
        m = min(run, abs(end - at))
        i = at + step * np.arange(m, dtype=float)
        if step > 0:
            ratios = (n - i) / (i + 1.0) * ((N - i) / (M - n - N + i + 1.0))
        else:
            ratios = i / (n - i + 1.0) * ((M - n - N + i) / (N - i + 1.0))
        terms = last * np.cumprod(ratios)
        total, last, at = total + float(np.sum(terms)), float(terms[-1]), at + step * m
        run = min(2 * run, 1 << 20)
    return first + math.log(total)


def _hypergeom_tail(name, k, M, n, N, loc, upper, log):
    """The log cdf and log sf from the smaller side (:func:`_hypergeom_log_side`: the cdf's where ``k`` is below the
    mode, the sf's elsewhere), the other as ``log1p(-exp(small))``; the tails their ``exp``; the cdf 0 below the
    support, 1 from its last count on."""
    M, n, N = _hypergeom_parameters(name, M, n, N)
    _count_argument(name, "k", k)
    _count_argument(name, "loc", loc)
    k = np.floor(np.asarray(k, dtype=float) - loc)
    lo, hi = _hypergeom_ends(M, n, N)
    k, M, n, N, lo, hi = np.broadcast_arrays(k, M, n, N, lo, hi)

    def tail(_):
        out = np.empty(k.shape)
        for at in np.ndindex(k.shape):
            kk, MM, nn, NN = float(k[at]), float(M[at]), float(n[at]), float(N[at])
            if not (lo[at] <= kk < hi[at]):
                out[at] = 0.0  # (not used)
                continue
            below = kk < math.floor((nn + 1.0) * (NN + 1.0) / (MM + 2.0))  # (the mode)
            small = (_hypergeom_log_side(kk, lo[at], MM, nn, NN) if below
                     else _hypergeom_log_side(kk + 1.0, hi[at], MM, nn, NN))
            out[at] = small if below != upper else math.log1p(-math.exp(small))
        return out if log else np.exp(out)
    # (counted from the support's start: _count_tail's cdf is 0 below its count 0, 1 from its last)
    inside = (k >= lo) & (k < hi)
    return _count_tail(k - lo, inside, tail, upper, log, last=hi - lo)


def _hypergeom_moment(name, which):
    def moment(M, n, N):
        M, n, N = _hypergeom_parameters(name, M, n, N)
        if which == "mean":
            return N * n / M
        one = M == 1
        var = np.where(one, 0.0, (N * n) * ((M - n) * (M - N)) / (M * M * np.where(one, 2.0, M - 1.0)))
        return np.sqrt(var) if which == "std" else var
    return moment


def _add_count_only(cls, check, tail, moment, example):
    """Give ``cls``, whose parameters (``check.names``) are all counts, its tails (``tail``), moments (``moment(name,
    "mean" or "var" or "std")``) and quantiles; ``example``: valid parameters for the docstrings."""
    _add_count_tails(cls, tail, check.names, check, f"2, {example}")
    _add_count_moments(cls, check.names, check, *(moment(f"{cls.__name__}.{m}", m) for m in ("mean", "var")), example,
                       std=moment(f"{cls.__name__}.std", "std"))
    _add_count_quantiles(cls, check.names, check, example)


_add_count_only(hypergeom, _HYPERGEOM, _hypergeom_tail, _hypergeom_moment, "20, 7, 12")

#: the entropies of hypergeom and nhypergeom sum their terms within this many standard deviations (plus as many
#: counts) of the mean, at most _WINDOW_ENTROPY_TERMS of them
_WINDOW_ENTROPY_WIDTH, _WINDOW_ENTROPY_TERMS = 40.0, 10 ** 7


def _window_entropy(name, log_terms, lo, hi, mean, sd, parameters):
    """``-sum pmf log pmf`` (``log_terms(j, *parameters)``: the log pmf at plain counts ``j``) over the counts of ``[lo,
    hi]`` within ``40 (sd + 1)`` of the mean (beyond, the pmf is below 1e-300: log-concave), elementwise over the
    broadcast arrays; more than 10^7 counts refused (ValueError)."""
    lo, hi, mean, sd, *parameters = np.broadcast_arrays(lo, hi, mean, sd, *parameters)
    width = np.ceil(_WINDOW_ENTROPY_WIDTH * (sd + 1.0))
    first, last = np.maximum(lo, np.floor(mean) - width), np.minimum(hi, np.ceil(mean) + width)
    if np.any(last - first + 1.0 > _WINDOW_ENTROPY_TERMS):
        raise ValueError(f"{name}: more than 10^7 counts within 40 standard deviations of the mean (a variance above "
                         "about 1.5e10); the sum is not evaluated")
    out = np.empty(lo.shape)
    for at in np.ndindex(lo.shape):
        terms = log_terms(np.arange(first[at], last[at] + 1.0), *(x[at] for x in parameters))
        terms = terms[np.isfinite(terms)]  # (a count of pmf 0: nhypergeom's above 0 at r = 0)
        out[at] = 0.0 - float(np.sum(np.exp(terms) * terms))  # (0, not -0, at one point)
    return out[()]


def _add_window_entropy(cls, check, log_terms, ends, moment, example, value):
    """Give ``cls`` (its parameters all counts, checked by ``check``) its entropy: :func:`_window_entropy` of
    ``log_terms`` over the support ``ends(*parameters)`` around ``moment``'s mean and standard deviation."""
    name = f"{cls.__name__}.entropy"

    def entropy(*args, **kwargs):
        bound = _count_signature(check.names).bind(*args, **kwargs)
        bound.apply_defaults()
        *parameters, loc = bound.args
        _count_argument(name, "loc", loc)
        parameters = check.counts(name, *parameters)
        lo, hi = ends(*parameters)
        mean, sd = moment(name, "mean")(*parameters), moment(name, "std")(*parameters)
        return _window_entropy(name, log_terms, lo, hi + np.zeros(np.shape(loc)), mean, sd, parameters)
    setattr(entropy, "__signature__", _count_signature(check.names))
    entropy.__doc__ = _doc(cls, "``-sum_k pmf(k) log pmf(k)`` over the counts within 40 standard deviations (and 40 "
                           "counts) of the mean (beyond, below 1e-300); more than 10^7 of them refused (ValueError); "
                           "values only (every argument a count).", f"round(float({name}({example})), 6)", value)
    _method(cls, "entropy")(entropy)


_add_window_entropy(hypergeom, _HYPERGEOM, _hypergeom_log_terms, _hypergeom_ends, _hypergeom_moment, "4, 2, 2",
                    "0.867563")


# -- nhypergeom (the red among those drawn until the r-th blue) -------------------------------------------

_NHYPERGEOM = _RefusingOutside("nhypergeom", lambda M, n, r: (_whole(M) & _whole(n) & _whole(r) & (n >= 0) & (n <= M)
                                                             & (r >= 0) & (r <= M - n)),
                               "M, n and r must be whole numbers with 0 <= n <= M and 0 <= r <= M - n", (20, 7, 12),
                               ("M", "n", "r"))


class nhypergeom:
    """The negative hypergeometric distribution, as ``scipy.stats.nhypergeom``: the count ``k`` of red balls drawn
    without replacement from ``M`` of which ``n`` are red until the ``r``-th blue, ``pmf(k) = C(k + r - 1, k) C(M - r -
    k, n - k) / C(M, n)`` on ``0 <= k <= n``. Every argument is a count (``M``, ``n``, ``r``, ``k``, ``loc``: values
    only, a Var there is refused; the quantiles' ``q`` has derivative 0, refused at their jumps). The log pmf is
    hypergeom's (Loader's form) at ``N = k + r - 1`` plus ``log((M - n - r + 1) / (M - k - r + 1))``, exact where
    SciPy's differences of ``betaln`` lose digits; the cdf is hypergeom's sf: ``P(K <= k)`` is the chance of at least
    ``r`` blue among ``k + r`` drawn, so each log tail is hypergeom's (its smaller side summed), finite where the tail
    underflows. Mean ``r n / (M - n + 1)``, variance ``r (M + 1) n (M - n + 1 - r) / ((M - n + 1)^2 (M - n + 2))``,
    entropy ``-sum pmf log pmf`` within 40 standard deviations of the mean (refused above 10^7 counts: ValueError).
    ``M``, ``n`` and ``r`` must be whole with ``0 <= n <= M``, ``0 <= r <= M - n`` (ValueError; SciPy gives NaN). The
    quantiles are SciPy's (steps).

    >>> from wengert.scipy.stats import nhypergeom
    >>> round(float(nhypergeom.pmf(1, 4, 2, 1)), 6)  # red, then blue: 2/4 * 2/3
    0.333333

    .. versionadded:: 0.1
    """


def _nhypergeom_parameters(name, M, n, r):
    return _NHYPERGEOM.counts(name, M, n, r)


def _nhypergeom_log_terms(k, M, n, r):
    """The log pmf at plain whole ``0 <= k <= n``: hypergeom's at ``N = k + r - 1`` plus ``log((M - n - r + 1) / (M - k
    - r + 1))`` (the chance that the next draw is blue); at ``r = 0``, 0 at k = 0 and -inf above."""
    none = r == 0
    if not np.any(none):
        return _hypergeom_log_terms(k, M, n, k + r - 1.0) + np.log((M - n - r + 1.0) / (M - k - r + 1.0))
    zero = np.where(k == 0, 0.0, -np.inf)
    k, M, n, r = (np.where(none, safe, x) for x, safe in zip((k, M, n, r), (0.0, 20.0, 7.0, 12.0)))  # (stand-ins)
    return np.where(none, zero, _nhypergeom_log_terms(k, M, n, r))


def _nhypergeom_pmf(name, log):
    def form(k, M, n, r):
        M, n, r = _nhypergeom_parameters(name, M, n, r)
        inside = (k >= 0) & (k <= n)
        out = np.where(inside, _nhypergeom_log_terms(np.where(inside, k, 0.0), M, n, r), -np.inf)
        return out if log else np.exp(out)
    return form


_add_count_pmfs(nhypergeom, ("M", "n", "r"), _NHYPERGEOM, _any_whole, _nhypergeom_pmf("nhypergeom.logpmf", True),
                _nhypergeom_pmf("nhypergeom.pmf", False), "2, 20, 7, 12",
                ("``log(C(k + r - 1, k) C(M - r - k, n - k) / C(M, n))`` (Loader's form)",
                 "``C(k + r - 1, k) C(M - r - k, n - k) / C(M, n)``"), "whole ``0 <= k - loc <= n``")


def _nhypergeom_tail(name, k, M, n, r, loc, upper, log):
    """``P(K <= k)``: hypergeom's sf at ``r - 1`` of ``k + r`` drawn from ``M`` of which ``M - n`` are blue, and ``P(K
    > k)`` its cdf (:func:`_hypergeom_tail`, the smaller side summed); at ``r = 0`` the cdf is 1 from k = 0 on."""
    M, n, r = _nhypergeom_parameters(name, M, n, r)
    _count_argument(name, "k", k)
    _count_argument(name, "loc", loc)
    k = np.floor(np.asarray(k, dtype=float) - loc)
    none = r == 0
    inside = (k >= 0) & (k < n) & ~none
    drawn = np.where(inside, k + r, 1.0)
    return _count_tail(k, inside, lambda k: _hypergeom_tail(name, r - 1.0, M, M - n, drawn, 0.0, not upper, log),
                       upper, log, last=np.where(none, 0.0, n))


def _nhypergeom_moment(name, which):
    def moment(M, n, r):
        M, n, r = _nhypergeom_parameters(name, M, n, r)
        if which == "mean":
            return r * n / (M - n + 1.0)
        var = r * (M + 1.0) * n * (M - n + 1.0 - r) / ((M - n + 1.0) ** 2 * (M - n + 2.0))
        return np.sqrt(var) if which == "std" else var
    return moment


_add_count_only(nhypergeom, _NHYPERGEOM, _nhypergeom_tail, _nhypergeom_moment, "20, 7, 12")


_add_window_entropy(nhypergeom, _NHYPERGEOM, _nhypergeom_log_terms, lambda M, n, r: (0.0, n), _nhypergeom_moment,
                    "4, 2, 1", "1.011404")


# -- nchypergeom_fisher (hypergeom tilted by odds^k: Fisher's noncentral hypergeometric) -------------------


class _JointlyValid(_ValidParameters):
    """A :class:`_ValidParameters` with a condition on the parameters together (``joint(*plain)``; ``words``: what it
    requires), as SciPy's ``_argcheck`` of nchypergeom_fisher asks ``n <= M`` and ``N <= M``."""

    def __init__(self, name, requirements, safe, joint, words):
        super().__init__(name, requirements, safe)
        self.joint, self.words = joint, words

    def valid(self, *parameters):
        ok = super().valid(*parameters)
        with np.errstate(invalid="ignore"):
            together = np.asarray(self.joint(*(np.asarray(plain_tree(x), dtype=float) for x in parameters)))
        if not np.all(together):
            raise ValueError(f"{self.name}: {self.words} (SciPy gives NaN)")
        return ok & together


# (odds finite: SciPy's _argcheck passes inf, where its pmf is NaN)
_NCHYPERGEOM_FISHER = _JointlyValid(
    "nchypergeom_fisher", {"M": _FINITE_WHOLE, "n": _FINITE_WHOLE, "N": _FINITE_WHOLE, "odds": _FINITE_POSITIVE},
    (1.0, 0.0, 0.0, 1.0), lambda M, n, N, odds: (n <= M) & (N <= M), "n and N must be at most M")

#: the most terms nchypergeom_fisher's sums take in one call (the support's counts times the points): beyond, refused
_NCHYPERGEOM_TERMS = 10 ** 7


class nchypergeom_fisher:
    """Fisher's noncentral hypergeometric distribution, as ``scipy.stats.nchypergeom_fisher``: hypergeom's pmf tilted
    by ``odds^k`` and normalised, ``pmf(k) = C(n, k) C(M - n, N - k) odds^k / P(odds)`` on ``max(0, N - (M - n)) <= k
    <= min(n, N)``, ``P`` the sum of the numerators over the support; differentiable in ``odds`` to every order (``M``,
    ``n``, ``N``, ``k`` and ``loc`` are counts: a Var there is refused). Each term is hypergeom's exact log pmf
    (Loader's form) plus ``k log(odds)``, and every function is a sum over the support, shifted by its largest term:
    the log pmf ``t_k - log P``, the log tails ``-log1p(exp(+-d))`` with ``d`` the difference of the logs of the sums
    above and below ``k`` (no ``1 - cdf``: finite where a tail underflows), the mean ``sum k pmf(k)``, the variance
    ``sum (k - mean)^2 pmf(k)``, the entropy ``-sum pmf log pmf``. SciPy's (Fog's BiasedUrn, to a tolerance of 1e-12)
    is ``1e-12`` off in places and ``log(cdf)``, -inf, where the tails underflow. Sums over more than 10^7 terms in one
    call (the support's length times the points) are refused (ValueError). ``M``, ``n``, ``N`` whole ``>= 0`` with
    ``n, N <= M`` and ``odds`` finite ``> 0`` are required (ValueError; SciPy gives NaN). The quantiles are SciPy's
    (steps), checked against these tails.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import nchypergeom_fisher
    >>> # one draw from 1 good and 1 bad: P(good) = odds / (1 + odds), its log's derivative 1 / (odds (1 + odds))
    >>> round(float(wg.grad_bp(lambda odds: nchypergeom_fisher.logpmf(1, 2, 1, 1, odds), 1.0)), 6)
    0.5

    .. versionadded:: 0.1
    """


def _nchypergeom_counts(name, M, n, N):
    """``M``, ``n`` and ``N`` as plain floats, refusing a traced one (they are counts)."""
    for argument, value in (("M", M), ("n", n), ("N", N)):
        _count_argument(name, argument, value)
    return [np.asarray(x, dtype=float) for x in (M, n, N)]


#: supports longer than this are summed over a window about the mode (:func:`_nchypergeom_window`)
_NCHYPERGEOM_WINDOW_FROM = 2000


def _nchypergeom_window(M, n, N, odds, lo, hi):
    """``[L, H]`` within ``[lo, hi]`` (plain, whole) holding every term but those whose sum on each side is provably
    below ``1e-17 / (1 + hi - lo)^3`` of the largest: the terms are log-concave (their ratio ``r_j = t_(j + 1) / t_j =
    (n - j) (N - j) odds / ((j + 1) (M - n - N + j + 1))`` falls with j), so beyond ``H`` above the mode they sum to at
    most ``t_H r_H / (1 - r_H)``, below ``L`` to at most ``t_L q / (1 - q)``, ``q = 1 / r_(L - 1)``; ``t`` from the
    exact log terms at the few points a bisection visits. (The cube: the moments' derivatives in odds weigh a term by
    up to the third power of its distance.) Summing the whole support took 2 s a call at counts of 5e5."""
    log_odds = np.log(odds)
    threshold = math.log(1e-17) - 3.0 * np.log1p(hi - lo)

    def ratio(j):
        with np.errstate(divide="ignore", invalid="ignore"):
            return (n - j) * (N - j) * odds / ((j + 1.0) * (M - n - N + j + 1.0))

    def log_term(j):
        return _hypergeom_log_terms(j, np.where(M > 0, M, 1.0), n, N) + j * log_odds

    def first(a, b, good):  # the smallest x in [a, b] where good(x) (monotone: False then True), b if none
        a, b = a.copy(), b.copy()
        while np.any(a < b):
            mid = np.floor(0.5 * (a + b))
            g = good(mid) & (a < b)
            b, a = np.where(g, mid, b), np.where(g | (a >= b), a, mid + 1.0)
        return a
    mode = first(lo, hi, lambda j: ratio(j) < 1.0)
    top = log_term(mode)
    with np.errstate(divide="ignore", invalid="ignore"):
        def right_small(h):
            r = ratio(h)
            return (r < 1.0) & (log_term(h) - top + np.log(r) - np.log1p(-r) < threshold)

        def left_large(l):
            q = 1.0 / ratio(np.maximum(l - 1.0, lo))
            return ~((l > lo) & (q < 1.0) & (log_term(l) - top + np.log(q) - np.log1p(-q) < threshold))
        high = first(mode, hi, right_small)
        low = np.maximum(first(lo, mode, left_large) - 1.0, lo)
    return low, high


def _nchypergeom_terms(name, M, n, N, odds, points=None, window=False):
    """Over the support's counts of each entry of ``shape`` (the parameters broadcast to it), along a last axis as long
    as the longest support: the counts ``j`` (plain; beyond an entry's support its last count), where they are in the
    support (plain), the log terms ``log(C(n, j) C(M - n, N - j) / C(M, N)) + (j - c) log(odds)`` (hypergeom's exact
    log pmf, :func:`_hypergeom_log_terms`; -inf beyond the support) and ``c``, the count of the largest term (plain):
    the common factor ``odds^c`` cancels in every function, and without it the terms' derivatives in odds, ``j /
    odds``, were far larger than their sums' (the mean's second derivative at (60, 50, 40, 1e-3) 3e-7 off). More than
    :data:`_NCHYPERGEOM_TERMS` refused, counted over ``points`` (a shape the parameters' broadcasts to: where the caller
    sums them at each of more points; the default the parameters' broadcast)."""
    shape = np.broadcast_shapes(np.shape(M), np.shape(n), np.shape(N), np.shape(_plain(odds)))
    M, n, N = (np.broadcast_to(x, shape) for x in (M, n, N))
    lo, hi = _hypergeom_ends(M, n, N)
    if window and lo.size and np.max(hi - lo) > _NCHYPERGEOM_WINDOW_FROM:
        lo, hi = _nchypergeom_window(M, n, N, np.asarray(_plain(odds), dtype=float) + np.zeros(shape), lo, hi)
    longest = int(np.max(hi - lo)) + 1 if lo.size else 1
    count = int(np.prod(shape if points is None else points))
    if count * longest > _NCHYPERGEOM_TERMS:
        raise ValueError(f"{name}: its sums would take {count * longest} terms (the support's {longest} counts at "
                         f"{count} points), more than {_NCHYPERGEOM_TERMS}; evaluate fewer points at a time")
    j = lo[..., None] + np.arange(longest, dtype=float)
    inside = j <= hi[..., None]
    j = np.minimum(j, hi[..., None])
    anyone = M > 0  # (M = 0: the point 0; hypergeom's form needs M > 0, its log pmf there 0 at (1, 0, 0))
    exact = _hypergeom_log_terms(j, np.where(anyone, M, 1.0)[..., None], n[..., None], N[..., None])
    log_odds = np.reshape(np.log(odds) + np.zeros(shape), shape + (1,))
    plain = np.where(inside, exact + j * _plain(log_odds), -np.inf)
    center = np.take_along_axis(j, np.argmax(plain, axis=-1)[..., None], axis=-1)
    return j, inside, np.where(inside, exact + (j - center) * log_odds, -np.inf), center[..., 0]


def _nchypergeom_pmf(name, log):
    def form(k, M, n, N, odds):
        M, n, N = _nchypergeom_counts(name, M, n, N)
        _, inside, terms, center = _nchypergeom_terms(name, M, n, N, odds, window=True)
        lo, hi = _hypergeom_ends(M, n, N)
        here = (k >= lo) & (k <= hi)
        kk = np.where(here, k, lo)
        own = _hypergeom_log_terms(kk, np.where(M > 0, M, 1.0), n, N) + (kk - center) * np.log(odds)
        out = np.where(here, own - _log_sum_of_terms(terms, inside), -np.inf)
        return out if log else np.exp(out)
    return form


_add_count_pmfs(nchypergeom_fisher, ("M", "n", "N", "odds"), _NCHYPERGEOM_FISHER, _any_whole,
                _nchypergeom_pmf("nchypergeom_fisher.logpmf", True), _nchypergeom_pmf("nchypergeom_fisher.pmf", False),
                "2, 20, 7, 12, 2.5", ("``log(C(n, k) C(M - n, N - k) odds^k / P(odds))``",
                                      "``C(n, k) C(M - n, N - k) odds^k / P(odds)``"),
                "whole ``max(0, N - M + n) <= k - loc <= min(n, N)``")


def _nchypergeom_tail(name, k, M, n, N, odds, loc, upper, log):
    """``P(K <= k)`` (``upper``: ``P(K > k)``) or its log: with ``d`` the log of the sum of the terms above ``k`` less
    that of those at or below it, the log cdf ``-log1p(exp(d))`` and the log sf ``-log1p(exp(-d))`` (``logaddexp(0,
    +-d)``: each side's own sum, no ``1 -`` the other); the cdf 0 below the support, 1 from its last count on."""
    M, n, N = _nchypergeom_counts(name, M, n, N)
    _count_argument(name, "k", k)
    _count_argument(name, "loc", loc)
    k = np.floor(np.asarray(k, dtype=float) - loc)
    lo, hi = _hypergeom_ends(M, n, N)
    shape = np.broadcast_shapes(np.shape(k), np.shape(lo), np.shape(_plain(odds)))
    k, lo, hi = (np.broadcast_to(x, shape) for x in (k, lo, hi))
    inside = (k >= lo) & (k < hi)

    def tail(_):
        count = np.where(inside, k, lo)[..., None]
        # (the terms once at the parameters' shape, summed at each point: they were computed at every point)
        j, support, terms, _ = _nchypergeom_terms(name, M, n, N, odds, shape)
        below, above = support & (j <= count), support & (j > count)
        # (where a side is empty, at a point outside (k, k + 1) of a support of one count: its result is discarded)
        empty = ~np.any(below, axis=-1, keepdims=True) | ~np.any(above, axis=-1, keepdims=True)
        below, above = below | (empty & support), above | (empty & support)
        d = _log_sum_of_terms(terms, above) - _log_sum_of_terms(terms, below)
        out = -np.logaddexp(0.0, -d if upper else d)
        return out if log else np.exp(out)
    # (counted from the support's start: _count_tail's cdf is 0 below its count 0, 1 from its last)
    return _count_tail(k - lo, inside, tail, upper, log, last=hi - lo)


def _nchypergeom_weights(name, M, n, N, odds):
    """Along a last axis, the parameters broadcast: the support's counts less ``c``, the count of the largest term
    (plain), where they are in the support, the log pmf at each (-inf beyond the support), and ``c``."""
    M, n, N = _nchypergeom_counts(name, M, n, N)
    j, inside, terms, center = _nchypergeom_terms(name, M, n, N, odds, window=True)
    log_pmf = terms - _log_sum_of_terms(terms, inside)[..., None]
    return j - center[..., None], inside, log_pmf, center


def _nchypergeom_power_pmf(name, M, n, N, odds):
    """As :func:`_nchypergeom_weights`, the pmf itself in place of its log: ``w_j / sum w``, ``w_j = f_j odds^(j - c)``,
    ``f_j`` the hypergeom terms' ratio to the one at ``c``, the product of the consecutive ratios ``(n - i) (N - i) /
    ((i + 1) (M - n - N + i + 1))`` from c (plain; each exact but for one rounding): through ``exp(... + (j - c)
    log(odds))`` d2/dodds2 of the term next to c was ``w (1 / odds^2 - 1 / odds^2)``, and the log terms' difference
    kept their rounding, ``eps |log term|``; the mean's second derivative at (60, 50, 40, 1e-6) was 3.4e-11 relative
    off, at (1000, 400, 500, 1e-6) 5.4e-12. ``exp(t_j - t_c)`` of the log terms where ``f_j`` or the power would
    leave the floats (there ``w_j`` is below 1e-300 of the largest)."""
    M, n, N = _nchypergeom_counts(name, M, n, N)
    j, inside, terms, center = _nchypergeom_terms(name, M, n, N, odds, window=True)
    shape, c = center.shape, center[..., None]
    M, n, N = (np.broadcast_to(x, shape)[..., None] for x in (M, n, N))
    with np.errstate(all="ignore"):
        ratio = (n - j) * (N - j) / ((j + 1.0) * (M - n - N + j + 1.0))  # (t_(j + 1) / t_j)
        up = np.cumprod(np.where(j > c, np.roll(ratio, 1, axis=-1), 1.0), axis=-1)
        down = np.flip(np.cumprod(np.flip(np.where(j < c, 1.0 / ratio, 1.0), axis=-1), axis=-1), axis=-1)
        f = up * down
        spread = (j - c) * np.log(np.asarray(_plain(odds), dtype=float) + np.zeros(shape))[..., None]
        safe = inside & np.isfinite(f) & (f > 1e-300) & (np.abs(spread) < 700.0)
    odds_ = np.reshape(odds + np.zeros(shape), shape + (1,))
    powered = np.where(safe, f, 1.0) * odds_ ** np.where(safe, j - c, 0.0)
    weights = np.where(safe, powered, np.exp(np.where(inside, terms, -np.inf) - np.max(np.where(
        inside, _plain(terms), -np.inf), axis=-1, keepdims=True)))
    return j - c, inside, weights / np.sum(weights, axis=-1, keepdims=True), center


def _nchypergeom_moment(which):
    """``sum k pmf(k)``, the variance ``sum (k - mean)^2 pmf(k)`` or its square root (0 with derivative 0 where the
    support is one count: there sqrt's infinite derivative met the variance's 0); the pmf from
    :func:`_nchypergeom_power_pmf`."""
    name = f"nchypergeom_fisher.{which}"

    def moment(M, n, N, odds):
        j, inside, pmf, center = _nchypergeom_power_pmf(name, M, n, N, odds)
        above = np.sum(j * pmf, axis=-1)  # (the mean less the count of the largest term)
        if which == "mean":
            return center + above
        var = np.sum((j - above[..., None]) ** 2 * pmf, axis=-1)
        if which == "var":
            return var
        point = np.all(~inside[..., 1:], axis=-1)
        return np.where(point, 0.0, np.sqrt(np.where(point, 1.0, var))) if np.any(point) else np.sqrt(var)
    return moment


_add_count_tails(nchypergeom_fisher, _nchypergeom_tail, ("M", "n", "N", "odds"), _NCHYPERGEOM_FISHER,
                 "2, 20, 7, 12, 2.5")
_add_count_moments(nchypergeom_fisher, ("M", "n", "N", "odds"), _NCHYPERGEOM_FISHER, _nchypergeom_moment("mean"),
                   _nchypergeom_moment("var"), "20, 7, 12, 2.5", std=_nchypergeom_moment("std"))
_add_count_quantiles(nchypergeom_fisher, ("M", "n", "N", "odds"), _NCHYPERGEOM_FISHER, "20, 7, 12, 2.5")


@_method(nchypergeom_fisher, "entropy")
def _nchypergeom_fisher_entropy(M, n, N, odds, loc=0):
    """``-sum pmf(k) log pmf(k)`` over the support, differentiable in ``odds``.

    >>> from wengert.scipy.stats import nchypergeom_fisher
    >>> round(float(nchypergeom_fisher.entropy(2, 1, 1, 1.0)), 6)  # two counts of pmf 1/2: log 2
    0.693147
    """
    name = "nchypergeom_fisher.entropy"
    _count_argument(name, "loc", loc)
    _NCHYPERGEOM_FISHER.valid(M, n, N, odds)
    _, inside, log_pmf, _ = _nchypergeom_weights(name, M, n, N, odds)
    log_pmf = np.where(inside, log_pmf, 0.0)
    return (0.0 - np.sum(np.exp(log_pmf) * log_pmf, axis=-1) + np.zeros(np.shape(loc)))[()]


# -- betanbinom (nbinom's failures before the n-th success at a success chance beta(a, b)) -----------------

# (finite: SciPy's _argcheck passes inf, where its pmf is NaN; here the sums met inf - inf)
_BETANBINOM = _ValidParameters("betanbinom", {"n": _FINITE_WHOLE, "a": _FINITE_POSITIVE, "b": _FINITE_POSITIVE},
                               (1.0, 1.0, 1.0))


class betanbinom:
    """The beta-negative-binomial distribution, as ``scipy.stats.betanbinom``: nbinom's failures before the ``n``-th
    success at a success chance drawn from beta(``a``, ``b``), ``pmf(k) = C(n + k - 1, k) B(a + n, b + k) / B(a, b)``
    on ``k = 0, 1, ...``, differentiable in ``a`` and ``b`` to every order; ``n`` is a count (its values only: a Var
    there is refused, as ``k`` and ``loc``). The tails are sums of positive terms, each finite in its log where it
    underflows: ``P(K > k)`` is the chance of fewer than ``n`` successes in the first ``n + k`` trials,
    ``betabinom.cdf(n - 1, n + k, a, b)`` (``n`` terms), ``P(K <= k)`` the pmf's ``k + 1`` terms; the smaller side is
    summed (where its sum is not longer than 10^6 terms: else the shorter side, refused where both are), the other
    side ``1 -`` it (SciPy's sf is ``1 - cdf``: 0 where it underflows, ``sf(10^4, 2, 30, 2)`` for 4.2e-104). Mean ``n b
    / (a - 1)`` (inf for ``a <= 1``), variance ``n b (n + a - 1) (a + b - 1) / ((a - 2) (a - 1)^2)`` (inf for ``a <=
    2``); no entropy (SciPy sums it numerically). At ``n = 0`` the point 0 (SciPy's pmf and cdf there are NaN, its
    ``ppf(0.5, 0, 2, 3)`` 25). ``n`` whole ``>= 0``, ``a, b > 0`` are required (ValueError; SciPy gives NaN). The
    quantiles are SciPy's (steps).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import betanbinom
    >>> round(float(wg.grad_bp(lambda a: betanbinom.logpmf(0, 1, a, 1.0), 1.0)), 6)  # log(a / (a + 1)): 1 / (a (a + 1))
    0.5

    .. versionadded:: 0.1
    """


#: the most terms of a tail's sum (where both sides are longer: refused, ValueError)
_BETANBINOM_TERMS = 10 ** 6


def _betanbinom_log_sum(k, n, a, b, lower):
    """``log P(K <= k)`` where ``lower`` (plain), as ``log sum_{j <= k} pmf(j)``, and ``log P(K > k)`` elsewhere, as ``log
    sum_{s < n} C(n + k, s) B(s + a, n + k - s + b) / B(a, b)`` (fewer than n successes in n + k trials): each term ``C
    + betaln(A + a, B + b)`` with a plain ``C``, summed from the largest (plain whole ``k >= 0``, ``n >= 1``)."""
    shape = np.broadcast_shapes(np.shape(k), np.shape(n), np.shape(lower), np.shape(_plain(a)), np.shape(_plain(b)))
    k, n, lower = (np.broadcast_to(x, shape) for x in (k, n, lower))
    count = np.where(lower, k + 1.0, n)
    most = int(np.max(count)) if np.size(count) else 1
    i = np.arange(most, dtype=float).reshape((most,) + (1,) * len(shape))
    inside = i < count
    i = np.where(inside, i, 0.0)
    first = np.where(lower, n, i)
    second = np.where(lower, i, n + k - i)
    fixed = np.where(lower, -np.log(n + i) - log_beta_exact(n, i + 1.0),
                     -np.log(n + k + 1.0) - log_beta_exact(i + 1.0, n + k - i + 1.0))
    terms = fixed + log_beta_exact(first + a, second + b)
    out = _log_sum_of_terms(terms, inside, axis=0) - log_beta_exact(a, b)
    # a side of one term (k = 0 below, n = 1 above) as betaln(a + n, b) - betaln(a, b) or betaln(a, b + k + 1) -
    # betaln(a, b) (its fixed part 0), a whole shift (:func:`_log_beta_whole_shift`): the difference of the two betaln
    # kept their rounding (log(b / (a + b)) at a = 1e-8, b = 1 from two terms of 18.4)
    single = count == 1
    if not np.any(single):
        return out
    shift = np.where(lower, n, k + 1.0)
    end = _log_beta_whole_shift(np.where(single, shift, 1.0), np.where(lower, b, a), np.where(lower, a, b))
    return np.where(single, end, out)


def _betanbinom_log_pmf(k, n, a, b):
    """``-log(n + k) - betaln(n, k + 1) + betaln(a + n, b + k) - betaln(a, b)`` (SciPy's form); at ``n = 0`` the point 0
    (0 at k = 0, -inf above)."""
    n = np.asarray(n, dtype=float)
    none = n == 0
    m = np.where(none, 1.0, n)
    out = -np.log(m + k) - log_beta_exact(m, k + 1.0) + log_beta_exact(a + m, b + k) - log_beta_exact(a, b)
    if not np.any(none):
        return out
    return np.where(none, np.where(k == 0, 0.0, -np.inf), out)


_add_count_pmfs(betanbinom, ("n", "a", "b"), _BETANBINOM, _counts,
                lambda k, n, a, b: _betanbinom_log_pmf(k, _zipfian_counts("betanbinom.logpmf", n), a, b),
                lambda k, n, a, b: np.exp(_betanbinom_log_pmf(k, _zipfian_counts("betanbinom.pmf", n), a, b)),
                "3, 2, 3.0, 2.0", ("``-log(n + k) - betaln(n, k + 1) + betaln(a + n, b + k) - betaln(a, b)``",
                                   "``C(n + k - 1, k) B(a + n, b + k) / B(a, b)``"), "whole ``k - loc >= 0``")


def _betanbinom_tail(name, k, n, a, b, loc, upper, log):
    """``P(K <= k)`` or ``P(K > k)`` (``upper``), or its log: the smaller side summed (:func:`_betanbinom_log_sum`; its
    plain value decides), the other ``1 -`` it; where the smaller side is longer than :data:`_BETANBINOM_TERMS` terms
    the shorter side. At ``n = 0`` (the point 0) the cdf is 1 from k = 0 on."""
    n, k = _zipfian_counts(name, n), _whole_counts(name, k, loc)
    none = n == 0

    def tail(k):
        m = np.where(none, 1.0, n)
        shorter = np.broadcast_to(k + 1.0 <= m, np.broadcast_shapes(np.shape(k), np.shape(m)))
        if np.any(np.minimum(k + 1.0, m) > _BETANBINOM_TERMS):
            raise ValueError(f"{name}: both tails are sums of more than {_BETANBINOM_TERMS} terms (k + 1 and n) "
                             "and are not supported")
        with np.errstate(divide="ignore"):
            small = np.exp(_betanbinom_log_sum(k, m, _plain(a), _plain(b), shorter)) < 0.5
        longer_fits = np.where(shorter, m, k + 1.0) <= _BETANBINOM_TERMS
        lower = np.where(small | ~longer_fits, shorter, ~shorter)
        # (the side asked for, where it is one term, exact: through 1 minus the other side the second derivative of
        # betanbinom.logsf(0, 1, a, 1) in a was 3e-8 off at a = 1e-8, P(K > 0) = 1 - a / (a + 1))
        lower = np.where((m if upper else k + 1.0) == 1, not upper, lower)
        log_sum = _betanbinom_log_sum(k, m, a, b, lower)
        direct = lower == (not upper)
        if log:  # (log1p where the other side is small: log(1 - x) had 1e-16 of x, logcdf(3, 1, 40, 1e-3) 1.7e-9 off)
            return np.where(direct, log_sum, _log1mexp(np.where(direct, -1.0, log_sum)))
        return np.where(direct, np.exp(log_sum), -np.expm1(np.where(direct, -1.0, log_sum)))
    return _count_tail(k, (k >= 0) & ~none, tail, upper, log, last=np.where(none, 0.0, np.inf))


def _betanbinom_moment(which):
    """``n b / (a - 1)`` (inf for ``a <= 1``), the variance ``n b (n + a - 1) (a + b - 1) / ((a - 2) (a - 1)^2)`` (inf
    for ``a <= 2``) or its square root, ``sqrt(n)`` times the rest (0 with derivative 0 at ``n = 0``, the point 0)."""
    def moment(n, a, b):
        n = np.asarray(n, dtype=float)
        pole = 1.0 if which == "mean" else 2.0
        finite = np.broadcast_to(_plain(a) > pole, np.broadcast_shapes(np.shape(n), np.shape(_plain(a))))
        a = np.where(finite, a, pole + 1.0) if not np.all(finite) else a
        if which == "mean":
            out = n * b / (a - 1.0)
        else:
            rest = b * (n + a - 1.0) * (a + b - 1.0) / ((a - 2.0) * (a - 1.0) ** 2)
            out = n * rest if which == "var" else np.sqrt(n) * np.sqrt(rest)
        return np.where(finite | (n == 0), out, np.inf) if not np.all(finite) else out
    return moment


_add_count_tails(betanbinom, _betanbinom_tail, ("n", "a", "b"), _BETANBINOM, "3, 2, 3.0, 2.0")
_add_count_moments(betanbinom, ("n", "a", "b"), _BETANBINOM, _betanbinom_moment("mean"), _betanbinom_moment("var"),
                   "2, 3.0, 2.0", std=_betanbinom_moment("std"))
class _BetanbinomAtZero:
    """SciPy's betanbinom at ``n >= 1`` and the point 0 at ``n = 0`` (SciPy's cdf there is NaN, its ``ppf(0.5, 0, 2,
    3)`` 25): ``ppf(q)`` is ``loc`` (``loc - 1`` at q = 0, SciPy's start - 1), ``isf(q)`` ``loc`` (``loc - 1`` at q =
    1), the cdf 1 from ``loc`` on."""

    @staticmethod
    def _at_zero(method, x, n, a, b, loc, point):
        from scipy import stats as scipy_stats
        none = n == 0
        out = getattr(scipy_stats.betanbinom, method)(x, np.where(none, 1.0, n), a, b, loc)
        return np.where(none, point(np.asarray(x, dtype=float), loc), out) if np.any(none) else out

    @staticmethod
    def ppf(q, n, a, b, loc=0.0):
        return _BetanbinomAtZero._at_zero("ppf", q, n, a, b, loc, lambda q, loc: loc - (q == 0))

    @staticmethod
    def isf(q, n, a, b, loc=0.0):
        return _BetanbinomAtZero._at_zero("isf", q, n, a, b, loc, lambda q, loc: loc - (q == 1))

    @staticmethod
    def cdf(k, n, a, b, loc=0.0):
        return _BetanbinomAtZero._at_zero("cdf", k, n, a, b, loc, lambda k, loc: 1.0 * (k >= loc))

    @staticmethod
    def sf(k, n, a, b, loc=0.0):
        return _BetanbinomAtZero._at_zero("sf", k, n, a, b, loc, lambda k, loc: 1.0 * (k < loc))

    @staticmethod
    def support(n, a, b, loc=0.0):
        from scipy import stats as scipy_stats
        return scipy_stats.betanbinom.support(n, a, b, loc)


_SCIPY_STAND_INS["betanbinom"] = _BetanbinomAtZero
_add_count_quantiles(betanbinom, ("n", "a", "b"), _BETANBINOM, "2, 3.0, 2.0")
