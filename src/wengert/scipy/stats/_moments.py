"""``moment(order, ...)`` and ``stats(..., moments)`` of every distribution with a mean and a variance, from its
``mean`` and ``var`` and the tables of closed forms here: the skewness and excess kurtosis, and the raw moments of every
order. Part of :mod:`wengert.scipy.stats`.

``moment(n)`` is ``E[(loc + scale X)^n] = sum_k C(n, k) loc^(n - k) scale^k E[X^k]`` (SciPy's transformation, written
without its division by loc), ``E[X]`` and ``E[X^2]`` from the standard distribution's mean and variance, ``E[X^k]``
for k > 2 from the raw moments' closed form where the table has one, else (k = 3, 4) from the skewness and kurtosis as
SciPy assembles them; where neither exists the order is refused by name (``NotImplementedError``, saying which orders
and moments the distribution has): SciPy integrates ``x^n pdf`` numerically there, and its values are off
(``pareto.moment(2, 1)`` -1.0, truth inf; ``pareto.moment(5, 6)`` 6.0000000002), which wengert does not copy.
Every value is exact to the order its closed forms are (second and beyond), differentiable in the shapes, loc and
scale. A moment that does not exist is +-inf or NaN (the raw moments' table says which: ``pareto.moment(3, 2.5)`` inf,
SciPy's -5.0), an infinite one with derivative 0, an undefined one with NaN derivatives, as the means' are.
"""

import functools
import inspect
import math

import numpy as np
from scipy import special as sc

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ._common import _by_name, _FINITE_MOMENTS, _infinite_where_infinite, _method, _plain

_PI = math.pi

#: the skewness and excess kurtosis of the standard distribution (loc and scale do not move them), SciPy's ``_stats``'
#: values where they do not exist (NaN or inf)
_SKEW_KURTOSIS = {
    "norm": (lambda: 0.0, lambda: 0.0),
    "expon": (lambda: 2.0, lambda: 6.0),
    "laplace": (lambda: 0.0, lambda: 3.0),
    "logistic": (lambda: 0.0, lambda: 1.2),
    "uniform": (lambda: 0.0, lambda: -1.2),
    # (the constants rounded once from mpmath at 40 digits: 12 sqrt(6) zeta(3) / pi^3; sqrt(2) (4 - pi) / (pi - 2)^(3/2),
    # 8 (pi - 3) / (pi - 2)^2; 2 sqrt(pi) (pi - 3) / (4 - pi)^(3/2), -(6 pi^2 - 24 pi + 16) / (4 - pi)^2; 2 sqrt(2) (16 -
    # 5 pi) / (3 pi - 8)^(3/2), 4 (-96 + 40 pi - 3 pi^2) / (3 pi - 8)^2; 6 (90 - pi^4) / (5 (pi^2 - 6)^2); -2 (pi^4 - 96)
    # / (pi^2 - 8)^2: in floats maxwell's kurtosis cancelled to 5e-14 off, SciPy's 1e-14)
    "gumbel_r": (lambda: 1.1395470994046486, lambda: 2.4),
    "gumbel_l": (lambda: -1.1395470994046486, lambda: 2.4),
    "halfnorm": (lambda: 0.995271746431156, lambda: 0.8691773036059741),
    "rayleigh": (lambda: 0.6311106578189372, lambda: 0.24508930068763807),
    "maxwell": (lambda: 0.4856928280495908, lambda: 0.10816384281629415),
    "semicircular": (lambda: 0.0, lambda: -1.0),
    "arcsine": (lambda: 0.0, lambda: -1.5),
    "hypsecant": (lambda: 0.0, lambda: 2.0),
    "cosine": (lambda: 0.0, lambda: -0.593762875598281),
    "anglit": (lambda: 0.0, lambda: -0.8062497699541907),
    "wald": (lambda: 3.0, lambda: 15.0),
    "cauchy": (lambda: np.nan, lambda: np.nan),
    "gamma": (lambda a: 2.0 / np.sqrt(a), lambda a: 6.0 / a),
    "erlang": (lambda a: 2.0 / np.sqrt(a), lambda a: 6.0 / a),
    "chi2": (lambda df: np.sqrt(8.0 / df), lambda df: 12.0 / df),
    "invgauss": (lambda mu: 3.0 * np.sqrt(mu), lambda mu: 15.0 * mu),
    # (w = e^(s^2) - 1 = s^2 exprel(s^2), exact as s -> 0: (w + 3) sqrt(w), sqrt(w) = s sqrt(exprel(s^2)) (with
    # sqrt(expm1(s^2)) the second derivative in s cancelled, 6e-10 off at s = 1e-4); e^(4 s^2) + 2 e^(3 s^2) + 3 e^(2 s^2) -
    # 6 = w (16 + 15 w + 6 w^2 + w^3))
    "lognorm": (lambda s: (s * s * sc.exprel(s * s) + 3.0) * s * np.sqrt(sc.exprel(s * s)),
                lambda s: _lognorm_kurtosis(s * s * sc.exprel(s * s))),
    "beta": (lambda a, b: 2.0 * (b - a) * np.sqrt(a + b + 1.0) / ((a + b + 2.0) * np.sqrt(a * b)),
             lambda a, b: 6.0 * ((a - b) ** 2 * (a + b + 1.0) - a * b * (a + b + 2.0))
             / (a * b * (a + b + 2.0) * (a + b + 3.0))),
    "t": (lambda df: np.where(_plain(df) > 3.0, 0.0 * df, np.nan),
          lambda df: np.where(_plain(df) > 4.0, 6.0 / np.where(_plain(df) > 4.0, df - 4.0, 1.0),
                              np.where(_plain(df) > 2.0, np.inf, np.nan))),
    "pareto": (lambda b: np.where(_plain(b) > 3.0, 2.0 * (1.0 + b) / np.where(_plain(b) > 3.0, b - 3.0, 1.0)
                                  * np.sqrt(np.where(_plain(b) > 3.0, (b - 2.0) / b, 1.0)), np.nan),
               lambda b: np.where(_plain(b) > 4.0, 6.0 * (b ** 3 + b ** 2 - 6.0 * b - 2.0)
                                  / (b * np.where(_plain(b) > 4.0, (b - 3.0) * (b - 4.0), 1.0)), np.nan)),
    "poisson": (lambda mu: 1.0 / np.sqrt(mu), lambda mu: 1.0 / mu),
    "bernoulli": (lambda p: (1.0 - 2.0 * p) / np.sqrt(p * (1.0 - p)), lambda p: (1.0 - 6.0 * p * (1.0 - p)) / (p * (1.0 - p))),
    "binom": (lambda n, p: (1.0 - 2.0 * p) / np.sqrt(n * p * (1.0 - p)),
              lambda n, p: (1.0 - 6.0 * p * (1.0 - p)) / (n * p * (1.0 - p))),
    "geom": (lambda p: (2.0 - p) / np.sqrt(1.0 - p), lambda p: 6.0 + p * p / (1.0 - p)),
    "nbinom": (lambda n, p: (2.0 - p) / np.sqrt(n * (1.0 - p)), lambda n, p: 6.0 / n + p * p / (n * (1.0 - p))),
}


def _lognorm_kurtosis(w):
    return w * (16.0 + w * (15.0 + w * (6.0 + w)))


def _stirling2(n, j):
    """The Stirling number of the second kind S(n, j), exact."""
    return sum((-1) ** (j - i) * math.comb(j, i) * i ** n for i in range(j + 1)) // math.factorial(j)


def _from_factorial_moments(n, factorial_moment):
    """``E[X^n] = sum_j S(n, j) E[X (X - 1) ... (X - j + 1)]``: positive terms where the factorial moments are (no
    cancellation)."""
    return sum(_stirling2(n, j) * factorial_moment(j) for j in range(1, n + 1))


def _from_cumulants(n, kappa):
    """``E[X^n]`` from the cumulants ``kappa(j)`` (``m_i = sum_j C(i - 1, j - 1) kappa_j m_(i - j)``), plain."""
    m = [1.0]
    for i in range(1, n + 1):
        m.append(math.fsum(math.comb(i - 1, j - 1) * kappa(j) * m[i - j] for j in range(1, i + 1)))
    return m[n]


def _gumbel_cumulant(j):
    return 0.5772156649015329 if j == 1 else math.factorial(j - 1) * float(sc.zeta(j))


def _invgauss_raw(n, mu):
    """``E[X^n] = mu^n sum_i (n - 1 + i)! / (i! (n - 1 - i)!) (mu / 2)^i`` (lambda = 1): positive terms."""
    return mu ** n * sum(math.factorial(n - 1 + i) / (math.factorial(i) * math.factorial(n - 1 - i)) * (0.5 * mu) ** i
                         for i in range(n))


def _falling(m, j):
    """``m (m - 1) ... (m - j + 1)``."""
    out = 1.0
    for i in range(j):
        out = out * (m - i)
    return out


def _rising(a, n, b=None):
    """``a (a + 1) ... (a + n - 1)`` (over ``b``'s, one factor each: no cancellation, no overflow of the parts)."""
    out = 1.0
    for j in range(n):
        out = out * ((a + j) if b is None else (a + j) / (b + j))
    return out


def _double_factorial(n):
    return float(math.prod(range(n, 0, -2)))


def _pareto_raw(n, b):
    above = _plain(b) > n
    return np.where(above, b / np.where(above, b - n, 1.0), np.inf)


def _t_raw(n, df):
    """``E[T^n]``: 0 for odd n, ``df^(n/2) prod_{j<n/2} (2j + 1) / (df - 2j - 2)`` for even n, where df > n; beyond,
    NaN (odd: inf - inf) or inf (even)."""
    above = _plain(df) > n
    if n % 2:
        return np.where(above, 0.0 * df, np.nan)
    safe = np.where(above, df, n + 1.0)
    out = 1.0
    for j in range(n // 2):
        out = out * (2.0 * j + 1.0) * safe / (safe - 2.0 * j - 2.0)
    return np.where(above, out, np.inf)


#: the standard distribution's raw moments ``E[X^n]`` (n >= 1) in closed form: inf or NaN where they do not exist
_RAW_MOMENTS = {
    "norm": lambda n: 0.0 if n % 2 else _double_factorial(n - 1),
    "expon": lambda n: float(math.factorial(n)),
    "laplace": lambda n: 0.0 if n % 2 else float(math.factorial(n)),
    "uniform": lambda n: 1.0 / (n + 1.0),
    "halfnorm": lambda n: 2.0 ** (n / 2.0) * math.gamma((n + 1) / 2.0) / math.sqrt(_PI),
    "rayleigh": lambda n: 2.0 ** (n / 2.0) * math.gamma(1.0 + n / 2.0),
    "maxwell": lambda n: 2.0 ** (n / 2.0 + 1.0) * math.gamma((n + 3) / 2.0) / math.sqrt(_PI),
    "arcsine": lambda n: _rising(0.5, n, 1.0),
    # (logistic: 2 (1 - 2^(1 - n)) n! zeta(n) for even n; hypsecant: |E_n| (pi / 2)^n, E_n Euler's numbers;
    # semicircular: Catalan's C_(n/2) / 2^n; Gumbel's from its cumulants, Euler's gamma and (j - 1)! zeta(j))
    "logistic": lambda n: 0.0 if n % 2 else 2.0 * (1.0 - 2.0 ** (1 - n)) * math.factorial(n) * float(sc.zeta(n)),
    "hypsecant": lambda n: 0.0 if n % 2 else abs(float(sc.euler(n)[-1])) * (0.5 * _PI) ** n,
    "semicircular": lambda n: 0.0 if n % 2 else math.comb(n, n // 2) / (n // 2 + 1) / 2.0 ** n,
    "gumbel_r": lambda n: _from_cumulants(n, _gumbel_cumulant),
    "gumbel_l": lambda n: _from_cumulants(n, lambda j: (-1) ** j * _gumbel_cumulant(j)),
    "wald": lambda n: _invgauss_raw(n, 1.0),
    "invgauss": _invgauss_raw,
    "gamma": lambda n, a: _rising(a, n),
    "erlang": lambda n, a: _rising(a, n),
    "chi2": lambda n, df: 2.0 ** n * _rising(0.5 * df, n),
    "beta": lambda n, a, b: _rising(a, n, a + b),
    "lognorm": lambda n, s: np.exp(0.5 * n * n * s * s),
    "pareto": _pareto_raw,
    "t": _t_raw,
    # (the discrete ones from their factorial moments: mu^j, n (n - 1) ... (n - j + 1) p^j, p (j = 1), rising(n, j) (q /
    # p)^j; geom from 1, 1 + nbinom(1, p))
    "poisson": lambda n, mu: _from_factorial_moments(n, lambda j: mu ** j),
    "binom": lambda n, m, p: _from_factorial_moments(n, lambda j: _falling(m, j) * p ** j),
    "bernoulli": lambda n, p: p,
    "nbinom": lambda n, m, p: _from_factorial_moments(n, lambda j: _rising(m, j) * ((1.0 - p) / p) ** j),
    "geom": lambda n, p: sum(math.comb(n, i) * (1.0 if i == 0 else _from_factorial_moments(
        i, lambda j: math.factorial(j) * ((1.0 - p) / p) ** j)) for i in range(n + 1)),
}


def _order(where, order):
    """The order as a Python int: a plain whole number >= 0 (SciPy's checks), never traced (no derivative)."""
    if type(order) is Var or type(order) is Dual:
        raise NoGradientRule(f"wengert.scipy.stats.{where}: the order is a whole number, with no derivative; pass it "
                             "as a plain int")
    value = np.asarray(order)
    if value.ndim != 0 or value.dtype.kind not in "iuf":
        raise ValueError(f"{where}: the order must be one whole number")
    if math.floor(value) != value:
        raise ValueError("Moment must be an integer.")
    if value < 0:
        raise ValueError("Moment must be positive.")
    return int(value)


def _has(name):
    """What ``name`` has: the orders of ``moment`` and the letters of ``stats``, in words (for a refusal)."""
    orders = "every order" if name in _RAW_MOMENTS else "orders 0 to 4" if name in _SKEW_KURTOSIS else "orders 0 to 2"
    letters = "'mvsk'" if name in _SKEW_KURTOSIS else "'m' and 'v'"
    return f"it has moment of {orders} and stats' {letters}"


def _example_arguments(cls, name):
    """The arguments of the mean's doctest (its shapes, loc and scale), for the new methods' examples."""
    import re  # (once a distribution, at import)
    found = re.search(r">>> .*?\b" + name + r"\.mean\(([^()]*)\)", cls.mean.__doc__ or "")
    return found.group(1) if found else ""


def _add_moment_and_stats(name):
    """Give the distribution ``name`` (a class with ``mean`` and ``var``) ``moment`` and ``stats``."""
    cls = _by_name(name)
    if not (isinstance(cls, type) and "mean" in vars(cls) and "var" in vars(cls)) or "moment" in vars(cls):
        return
    mean, var = cls.mean, cls.var
    mean_signature = inspect.signature(mean)
    parameters = list(mean_signature.parameters.values())
    located = [p.name for p in parameters if p.name in ("loc", "scale")]
    shape_names = [p.name for p in parameters if p.name not in ("loc", "scale")]
    P = inspect.Parameter
    moment_signature = mean_signature.replace(parameters=[P("order", P.POSITIONAL_OR_KEYWORD), *parameters])
    stats_signature = mean_signature.replace(parameters=[*parameters, P("moments", P.POSITIONAL_OR_KEYWORD,
                                                                        default="mv")])
    skew_kurtosis = _SKEW_KURTOSIS.get(name)
    raw = _RAW_MOMENTS.get(name)
    exists = _FINITE_MOMENTS.get(name)

    def split(bound):
        bound.apply_defaults()
        values = dict(bound.arguments)
        shapes = [values[s] for s in shape_names]
        return shapes, values.get("loc", 0.0), values.get("scale", 1.0)

    def standard_raw(k, shapes, first, second):
        """``E[X^k]`` of the standard distribution (k >= 1)."""
        if k == 1:
            return first
        if k == 2:
            return second + first * first
        if raw is not None:
            return raw(k, *shapes)
        if k <= 4 and skew_kurtosis is not None:
            # (SciPy's assembly from the central moments: mu3 = g1 v^(3/2), mu4 = (g2 + 3) v^2)
            mu3 = skew_kurtosis[0](*shapes) * second ** 1.5
            if k == 3:
                return mu3 + 3.0 * first * second + first ** 3
            return ((skew_kurtosis[1](*shapes) + 3.0) * second * second + 4.0 * first * mu3
                    + 6.0 * first * first * second + first ** 4)
        raise NotImplementedError(f"wengert.scipy.stats.{name}.moment: no closed form of the moment of order {k} "
                                  f"here ({_has(name)}; SciPy integrates numerically there)")

    def moment(*args, **kwargs):
        bound = moment_signature.bind(*args, **kwargs)
        n = _order(f"{name}.moment", bound.arguments["order"])
        del bound.arguments["order"]
        given = dict(bound.arguments)
        shapes, loc, scale = split(bound)
        if n == 1:
            return mean(**given)
        first = mean(*shapes)  # (and the parameters' checks)
        if n == 0:  # (1, in the parameters' broadcast shape, loc's and scale's too, as SciPy's)
            zero = 0.0 * sum(p for p in (*shapes, loc, scale) if p is not None)
            return np.ones(np.shape(_plain(zero))) + zero
        second = var(*shapes)
        with np.errstate(over="ignore"):  # (a moment that overflowed: inf, its derivatives NaN, below)
            ms = [standard_raw(k, shapes, first, second) for k in range(1, n + 1)]
        plain = [np.asarray(_plain(m), dtype=float) for m in ms]
        bad = ~functools.reduce(np.logical_and, [np.isfinite(m) for m in plain])
        if np.any(bad):
            ms_safe = [np.where(bad, 1.0, m) for m in ms]
        else:
            ms_safe = ms
        total = 0.0
        for k in range(n + 1):
            term = math.comb(n, k) * (1.0 if k == 0 else ms_safe[k - 1])
            if n - k:
                term = term * loc ** (n - k)
            if k:
                term = term * scale ** k
            total = total + term
        if np.any(bad):
            # where a moment up to n is not finite, E[X^n] is not (a lower one's divergence is a higher one's): the
            # located moment is E[X^n]'s +-inf (loc moves no divergent integral, scale > 0 no sign) or NaN (SciPy's sum
            # over loc's powers gave NaN at loc != 0 where a lower one is NaN: t.moment(4, 2.5, 0.3), truth inf)
            value = np.where(np.isfinite(plain[n - 1]), np.nan, plain[n - 1])
            total = np.where(bad, value + 0.0 * total, total)
        finite = None if exists is None else exists(n, *(np.asarray(_plain(p), dtype=float) for p in shapes))
        moving = [p for p in (*shapes, loc, scale) if type(p) is Var or type(p) is Dual]
        return _infinite_where_infinite(total, lambda t: t, finite, moving)

    def stats(*args, **kwargs):
        bound = stats_signature.bind(*args, **kwargs)
        shapes, loc, scale = split(bound)
        letters = bound.arguments.pop("moments")
        given = dict(bound.arguments)
        if any(c in letters for c in "sk") and skew_kurtosis is None:
            raise NotImplementedError(f"wengert.scipy.stats.{name}.stats: no closed form of the skewness and "
                                      f"kurtosis here ({_has(name)})")
        out = []
        if "m" in letters:
            out.append(mean(**given))
        if "v" in letters:
            out.append(var(**given))
        if any(c in letters for c in "sk"):
            var(**given)  # (the parameters' checks)
            zero = 0.0 * sum(p for p in (*shapes, loc, scale) if p is not None)
            for letter, form in zip("sk", skew_kurtosis):
                if letter in letters:
                    out.append(_infinite_where_infinite(form(*shapes) + zero, lambda g: g))
        return out[0] if len(out) == 1 else tuple(out)

    example = _example_arguments(cls, name)
    sep = ", " if example else ""
    moment.__signature__ = moment_signature
    moment.__doc__ = (
        f"The non-central moment of order ``order`` (a whole number), as ``scipy.stats.{name}.moment``: "
        "``E[(loc + scale X)^n] = sum_k C(n, k) loc^(n - k) scale^k E[X^k]`` from the standard distribution's mean "
        "and variance (orders 1 and 2) and, beyond, the closed forms of its raw moments or its skewness and kurtosis "
        "(where it has none, ``NotImplementedError``); differentiable in every continuous argument.\n\n"
        f"    >>> import numpy as np\n    >>> from wengert.scipy.stats import {cls.__name__}\n"
        f"    >>> np.array_equal({name}.moment(1{sep}{example}), {name}.mean({example}), equal_nan=True)\n    True\n    ")
    stats.__signature__ = stats_signature
    stats.__doc__ = (
        f"The mean, variance, skewness and (excess) kurtosis, those whose letters ``moments`` (``'mv'``) has, as "
        f"``scipy.stats.{name}.stats``: one value for one letter, else a tuple in the order ``'mvsk'``; "
        "differentiable in every continuous argument. Where the skewness and kurtosis have no closed form here, "
        "``'s'`` and ``'k'`` are refused (``NotImplementedError``).\n\n"
        f"    >>> import numpy as np\n    >>> from wengert.scipy.stats import {cls.__name__}\n"
        f"    >>> np.array_equal({name}.stats({example}{sep}moments='v'), {name}.var({example}), equal_nan=True)\n"
        "    True\n    ")
    _method(cls, "moment")(moment)
    _method(cls, "stats")(stats)

