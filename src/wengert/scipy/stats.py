"""``scipy.stats`` densities, as wengert differentiates them.

SciPy's distributions are Python code that converts its arguments to arrays, which a
Var refuses; the functions here take the same arguments as SciPy's (``norm.logpdf(x,
loc, scale)``) and give the same values, written with NumPy and ``scipy.special`` calls
that have rules, so that they are differentiable in every continuous argument, to every
order. What is not differentiated is refused by name with
:class:`~wengert.NoGradientRule`: ``t.cdf`` in ``df`` and ``poisson`` in ``k`` (a count).

Outside a distribution's support the log density is ``-inf`` (gradient 0), as in SciPy.
Invalid parameters raise ``ValueError`` (SciPy returns NaN): a ``scale`` that is not
positive, a ``cov`` that is not positive definite (``LinAlgError``), a Dirichlet ``x``
off the simplex (SciPy's own checks).

>>> import numpy as np, wengert as wg
>>> from wengert.scipy import stats
>>> wg.grad_bp(lambda mu: stats.norm.logpdf(1.0, mu, 2.0), 0.0)  # (x - mu) / scale**2
0.25

.. versionadded:: 0.1
"""
import numpy as np
from scipy import special as sc

from .._backend import Var
from ..errors import NoGradientRule
from ..structured import plain_tree as stop_gradient

__all__ = ["beta", "chi2", "dirichlet", "gamma", "multivariate_normal", "norm", "poisson", "t"]

_LOG_2PI = float(np.log(2.0 * np.pi))


def _plain(x):
    return np.asarray(stop_gradient(x))


def _standardized(name, x, loc, scale):
    """``(x - loc) / scale``, refusing a scale that is not positive."""
    if np.any(_plain(scale) <= 0):
        raise ValueError(f"{name}: scale must be positive")
    return (x - loc) / scale


def _constant(name, argument, value, why):
    if type(value) is Var:
        raise NoGradientRule(f"wengert.scipy.stats.{name} has no gradient with respect to "
                             f"{argument} ({why}); pass a constant there")


def _on_support(inside, function, z, outside=-np.inf):
    """``function(z)`` where ``inside`` (a plain mask), ``outside`` elsewhere, with gradient 0.

    The function is evaluated at a point inside the support (``z = 0.5``) where it is not
    used, so that no NaN or infinity reaches the gradient of the points inside.
    """
    if np.all(inside):
        return function(z)
    return np.where(inside, function(np.where(inside, z, 0.5)), outside)


def _exp_at_ends(log_density, powers, z, ends):
    """``exp(log_density(z))``, and ``powers(z)`` (the same density written with powers)
    where ``z`` is one of ``ends``.

    At an end of the support a density such as ``z^(a-1) e^-z`` can be 0 with a finite
    derivative (1 for a = 2), but its logarithm is -inf with an infinite derivative, so the
    gradient of ``exp(log density)`` was ``0 * inf`` = NaN there, at first order. Powers
    differentiate exactly at the ends (``0 ** 0 = 1`` with derivative 0 in the base).
    """
    end = z == ends[0]  # comparisons: plain values (under wengert.jit, guards on the outcome)
    for e in ends[1:]:
        end = end | (z == e)
    if not np.any(end):
        return np.exp(log_density(z))
    with np.errstate(divide="ignore"):  # 0 ** (a - 1) for a < 1: the density is inf there
        at_end = powers(np.where(end, z, 0.5))
    return np.where(end, at_end, np.exp(log_density(np.where(end, 0.5, z))))


def _gamma_log_density(z, a, scale):
    return _on_support(_plain(z) >= 0,
                       lambda z: sc.xlogy(a - 1.0, z) - z - sc.gammaln(a) - np.log(scale), z)


def _gamma_logpdf(name, x, a, loc, scale):
    return _gamma_log_density(_standardized(name, x, loc, scale), a, scale)


def _gamma_pdf(name, x, a, loc, scale):
    return _exp_at_ends(lambda z: _gamma_log_density(z, a, scale),
                        lambda z: z ** (a - 1.0) * np.exp(-z - sc.gammaln(a)) / scale,
                        _standardized(name, x, loc, scale), (0.0,))


def _gamma_cdf(name, x, a, loc, scale):
    _constant(name, "a", a, "the derivative of gammainc in a is not implemented")
    z = _standardized(name, x, loc, scale)
    return _on_support(_plain(z) >= 0, lambda z: sc.gammainc(a, z), z, outside=0.0)


class norm:
    """The normal distribution, as ``scipy.stats.norm``: differentiable in x, loc and scale.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import norm
    >>> round(float(wg.grad_bp(norm.cdf, 0.0)), 6)  # the density at 0
    0.398942

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-z**2 / 2 - log(scale) - log(2 pi) / 2`` with ``z = (x - loc) / scale``.

        >>> from wengert.scipy.stats import norm
        >>> round(float(norm.logpdf(0.0)), 6)
        -0.918939
        """
        z = _standardized("norm.logpdf", x, loc, scale)
        return -0.5 * z * z - np.log(scale) - 0.5 * _LOG_2PI

    @staticmethod
    def pdf(x, loc=0.0, scale=1.0):
        """``exp(norm.logpdf(x, loc, scale))``.

        >>> from wengert.scipy.stats import norm
        >>> round(float(norm.pdf(1.0, 1.0, 2.0)), 6)
        0.199471
        """
        return np.exp(norm.logpdf(x, loc, scale))

    @staticmethod
    def cdf(x, loc=0.0, scale=1.0):
        """``ndtr((x - loc) / scale)``.

        >>> from wengert.scipy.stats import norm
        >>> float(norm.cdf(0.0))
        0.5
        """
        return sc.ndtr(_standardized("norm.cdf", x, loc, scale))

    @staticmethod
    def logcdf(x, loc=0.0, scale=1.0):
        """``log_ndtr((x - loc) / scale)``: exact far in the left tail.

        >>> from wengert.scipy.stats import norm
        >>> round(float(norm.logcdf(-40.0)), 3)
        -804.608
        """
        return sc.log_ndtr(_standardized("norm.logcdf", x, loc, scale))

    @staticmethod
    def sf(x, loc=0.0, scale=1.0):
        """``1 - cdf``, as ``ndtr(-(x - loc) / scale)`` (exact in the right tail).

        >>> from wengert.scipy.stats import norm
        >>> float(norm.sf(0.0))
        0.5
        """
        return sc.ndtr(-_standardized("norm.sf", x, loc, scale))

    @staticmethod
    def logsf(x, loc=0.0, scale=1.0):
        """``log(1 - cdf)``, as ``log_ndtr(-(x - loc) / scale)``.

        >>> from wengert.scipy.stats import norm
        >>> round(float(norm.logsf(40.0)), 3)
        -804.608
        """
        return sc.log_ndtr(-_standardized("norm.logsf", x, loc, scale))


class t:
    """Student's t distribution, as ``scipy.stats.t``: ``pdf`` and ``logpdf`` in x, df, loc
    and scale; ``cdf`` in x, loc and scale (not df: refused).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import t
    >>> round(float(wg.grad_bp(lambda x: t.cdf(x, 3.0), 0.0)), 6)  # the density at 0
    0.367553

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, df, loc=0.0, scale=1.0):
        """The log density, with ``gammaln`` (differentiable in ``df``).

        >>> from wengert.scipy.stats import t
        >>> round(float(t.logpdf(0.0, 1.0)), 6)  # Cauchy: -log(pi)
        -1.14473
        """
        z = _standardized("t.logpdf", x, loc, scale)
        return (sc.gammaln((df + 1.0) / 2.0) - sc.gammaln(df / 2.0) - 0.5 * np.log(df * np.pi)
                - np.log(scale) - (df + 1.0) / 2.0 * np.log1p(z * z / df))

    @staticmethod
    def pdf(x, df, loc=0.0, scale=1.0):
        """``exp(t.logpdf(x, df, loc, scale))``.

        >>> from wengert.scipy.stats import t
        >>> round(float(t.pdf(0.0, 1.0)), 6)  # Cauchy: 1 / pi
        0.31831
        """
        return np.exp(t.logpdf(x, df, loc, scale))

    @staticmethod
    def cdf(x, df, loc=0.0, scale=1.0):
        """``stdtr(df, (x - loc) / scale)``; no gradient in ``df`` (it has no closed form).

        >>> from wengert.scipy.stats import t
        >>> float(t.cdf(0.0, 2.5))
        0.5
        """
        _constant("t.cdf", "df", df, "its derivative in the degrees of freedom is not implemented")
        return sc.stdtr(df, _standardized("t.cdf", x, loc, scale))

    @staticmethod
    def logcdf(x, df, loc=0.0, scale=1.0):
        """``log(t.cdf(x, df, loc, scale))``; no gradient in ``df``.

        >>> from wengert.scipy.stats import t
        >>> round(float(t.logcdf(0.0, 2.5)), 6)
        -0.693147
        """
        _constant("t.logcdf", "df", df, "its derivative in the degrees of freedom is not implemented")
        return np.log(sc.stdtr(df, _standardized("t.logcdf", x, loc, scale)))


class gamma:
    """The gamma distribution, as ``scipy.stats.gamma``: differentiable in x, a, loc and scale.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gamma
    >>> float(wg.grad_bp(lambda x: gamma.logpdf(x, 3.0), 2.0))  # (a - 1) / x - 1
    0.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, a, loc=0.0, scale=1.0):
        """``(a - 1) log z - z - gammaln(a) - log(scale)`` for ``z = (x - loc) / scale >= 0``,
        ``-inf`` below.

        >>> from wengert.scipy.stats import gamma
        >>> float(gamma.logpdf(0.0, 1.0)), float(gamma.logpdf(-1.0, 2.0))
        (0.0, -inf)
        """
        return _gamma_logpdf("gamma.logpdf", x, a, loc, scale)

    @staticmethod
    def pdf(x, a, loc=0.0, scale=1.0):
        """``exp(gamma.logpdf(x, a, loc, scale))``.

        >>> from wengert.scipy.stats import gamma
        >>> round(float(gamma.pdf(1.0, 1.0)), 6)
        0.367879
        """
        return _gamma_pdf("gamma.pdf", x, a, loc, scale)

    @staticmethod
    def cdf(x, a, loc=0.0, scale=1.0):
        """``gammainc(a, (x - loc) / scale)``, 0 below the support; no gradient in ``a``.

        >>> from wengert.scipy.stats import gamma
        >>> round(float(gamma.cdf(1.0, 1.0)), 6), float(gamma.cdf(-1.0, 2.0))
        (0.632121, 0.0)
        """
        return _gamma_cdf("gamma.cdf", x, a, loc, scale)


class chi2:
    """The chi-squared distribution, as ``scipy.stats.chi2`` (a gamma distribution with
    ``a = df / 2`` and twice the scale): ``pdf`` and ``logpdf`` in x, df, loc and scale;
    ``cdf`` not in ``df`` (refused).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import chi2
    >>> round(float(wg.grad_bp(lambda x: chi2.cdf(x, 2.0), 2.0)), 6)  # exp(-x / 2) / 2
    0.18394

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, df, loc=0.0, scale=1.0):
        """``gamma.logpdf(x, df / 2, loc, 2 * scale)``.

        >>> from wengert.scipy.stats import chi2
        >>> round(float(chi2.logpdf(1.0, 2.0)), 6)
        -1.193147
        """
        return _gamma_logpdf("chi2.logpdf", x, df / 2.0, loc, 2.0 * scale)

    @staticmethod
    def pdf(x, df, loc=0.0, scale=1.0):
        """``exp(chi2.logpdf(x, df, loc, scale))``.

        >>> from wengert.scipy.stats import chi2
        >>> round(float(chi2.pdf(1.0, 2.0)), 6)
        0.303265
        """
        return _gamma_pdf("chi2.pdf", x, df / 2.0, loc, 2.0 * scale)

    @staticmethod
    def cdf(x, df, loc=0.0, scale=1.0):
        """``gammainc(df / 2, (x - loc) / (2 scale))``; no gradient in ``df``.

        >>> from wengert.scipy.stats import chi2
        >>> round(float(chi2.cdf(1.0, 2.0)), 6)
        0.393469
        """
        _constant("chi2.cdf", "df", df, "the derivative of gammainc in a is not implemented")
        return _gamma_cdf("chi2.cdf", x, df / 2.0, loc, 2.0 * scale)


class beta:
    """The beta distribution, as ``scipy.stats.beta``: differentiable in x, a, b, loc and scale.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import beta
    >>> float(wg.grad_bp(lambda x: beta.logpdf(x, 2.0, 2.0), 0.5))  # symmetric: 0 at the middle
    0.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, a, b, loc=0.0, scale=1.0):
        """``(a-1) log z + (b-1) log(1-z) - betaln(a, b) - log(scale)`` on ``0 <= z <= 1``,
        ``-inf`` outside.

        >>> from wengert.scipy.stats import beta
        >>> float(beta.logpdf(0.3, 1.0, 1.0)), float(beta.logpdf(1.5, 2.0, 2.0))
        (0.0, -inf)
        """
        return _beta_log_density(_standardized("beta.logpdf", x, loc, scale), a, b, scale)

    @staticmethod
    def pdf(x, a, b, loc=0.0, scale=1.0):
        """``exp(beta.logpdf(x, a, b, loc, scale))``.

        >>> from wengert.scipy.stats import beta
        >>> round(float(beta.pdf(0.5, 2.0, 2.0)), 6)
        1.5
        """
        return _exp_at_ends(lambda z: _beta_log_density(z, a, b, scale),
                            lambda z: z ** (a - 1.0) * (1.0 - z) ** (b - 1.0) * np.exp(-sc.betaln(a, b)) / scale,
                            _standardized("beta.pdf", x, loc, scale), (0.0, 1.0))

    @staticmethod
    def cdf(x, a, b, loc=0.0, scale=1.0):
        """``betainc(a, b, (x - loc) / scale)``, 0 below and 1 above the support; no gradient
        in ``a`` and ``b``.

        >>> from wengert.scipy.stats import beta
        >>> float(beta.cdf(0.25, 1.0, 1.0)), float(beta.cdf(1.5, 2.0, 2.0))
        (0.25, 1.0)
        """
        for name, value in (("a", a), ("b", b)):
            _constant("beta.cdf", name, value, "the derivative of betainc in a, b is not implemented")
        z = _standardized("beta.cdf", x, loc, scale)
        plain = _plain(z)
        return _on_support((plain >= 0) & (plain <= 1), lambda z: sc.betainc(a, b, z), z,
                           outside=np.where(plain < 0, 0.0, 1.0))


def _beta_log_density(z, a, b, scale):
    plain = _plain(z)
    return _on_support(
        (plain >= 0) & (plain <= 1),
        lambda z: (sc.xlogy(a - 1.0, z) + sc.xlog1py(b - 1.0, -z) - sc.betaln(a, b)
                   - np.log(scale)), z)


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
        """``k log(mu) - gammaln(k + 1) - mu`` at whole ``k - loc >= 0``, ``-inf`` elsewhere.

        >>> from wengert.scipy.stats import poisson
        >>> float(poisson.logpmf(0, 0.0)), float(poisson.logpmf(1.5, 2.0))
        (0.0, -inf)
        """
        valid, k = _counts("poisson.logpmf", k, loc)
        return np.where(valid, sc.xlogy(k, mu) - sc.gammaln(k + 1.0) - mu, -np.inf)[()]

    @staticmethod
    def pmf(k, mu, loc=0):
        """``exp(poisson.logpmf(k, mu, loc))``.

        >>> from wengert.scipy.stats import poisson
        >>> round(float(poisson.pmf(1, 2.0)), 6)
        0.270671
        """
        valid, whole = _counts("poisson.pmf", k, loc)
        return np.where(valid, _exp_at_ends(
            lambda mu: sc.xlogy(whole, mu) - sc.gammaln(whole + 1.0) - mu,
            lambda mu: mu ** whole * np.exp(-mu - sc.gammaln(whole + 1.0)), mu, (0.0,)), 0.0)[()]

    @staticmethod
    def cdf(k, mu, loc=0):
        """``gammaincc(floor(k - loc) + 1, mu)``, 0 below 0.

        >>> from wengert.scipy.stats import poisson
        >>> round(float(poisson.cdf(1, 2.0)), 6), float(poisson.cdf(-1, 2.0))
        (0.406006, 0.0)
        """
        _constant("poisson.cdf", "k", k, "a count is discrete")
        _constant("poisson.cdf", "loc", loc, "a shift of a count is discrete")
        k = np.floor(np.asarray(k, dtype=float) - loc)
        valid = k >= 0
        return np.where(valid, sc.gammaincc(np.where(valid, k, 0.0) + 1.0, mu), 0.0)[()]


def _counts(name, k, loc):
    """Where ``k - loc`` is a whole number >= 0, and ``k - loc`` there (0 elsewhere)."""
    _constant(name, "k", k, "a count is discrete")
    _constant(name, "loc", loc, "a shift of a count is discrete")
    k = np.asarray(k, dtype=float) - loc
    valid = (k >= 0) & (k == np.floor(k))
    return valid, np.where(valid, k, 0.0)


def _mvn_parameters(x, mean, cov):
    """``x`` as rows of points, ``mean`` as a vector, ``cov`` as a full matrix, and the
    dimension, interpreted as ``scipy.stats.multivariate_normal`` does."""
    ndim_mean, ndim_cov = np.ndim(mean) if mean is not None else None, np.ndim(cov)
    if mean is not None and ndim_mean >= 1:
        dim = np.shape(mean)[0]
    elif mean is None and ndim_cov == 2:
        dim = np.shape(cov)[0]
    else:
        dim = 1
    if mean is None:
        mean = np.zeros(dim)
    elif ndim_mean == 0:
        mean = mean * np.ones(dim)
    if ndim_cov < 2:  # a variance, or the diagonal of cov
        cov = np.eye(dim) * cov
    else:
        cov = 0.5 * (cov + np.swapaxes(cov, -1, -2))  # its symmetric part: a symmetric gradient
    if np.shape(mean) != (dim,) or np.shape(cov) != (dim, dim):
        raise ValueError(f"multivariate_normal: mean of shape {np.shape(mean)} and cov of "
                         f"shape {np.shape(cov)} do not describe one dimension")
    if np.ndim(x) == 0:
        x = np.reshape(x, (1,))
    elif np.ndim(x) == 1:
        x = np.reshape(x, (-1, 1) if dim == 1 else (1, -1))
    return x, mean, cov, dim


def _refuse_singular(allow_singular):
    if allow_singular:
        raise ValueError("wengert.scipy.stats.multivariate_normal: allow_singular=True is "
                         "not supported (the gradient needs a positive definite cov)")


def _cholesky_logdet(cov, dim):
    """The lower Cholesky factor of ``cov`` and ``log det(cov)``, from its diagonal."""
    factor = np.linalg.cholesky(cov)
    return factor, 2.0 * np.sum(np.log(factor[np.arange(dim), np.arange(dim)]))


class multivariate_normal:
    """The multivariate normal, as ``scipy.stats.multivariate_normal``: ``logpdf`` and ``pdf``
    differentiable in x, mean and cov, through the Cholesky factor of ``cov``.

    ``cov`` may be a matrix, a vector (its diagonal) or a number (a multiple of the identity),
    and must be positive definite (``allow_singular=True`` is not supported). Only the
    symmetric part of ``cov`` is read, so its gradient is symmetric.

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy.stats import multivariate_normal as mvn
    >>> wg.grad_bp(lambda m: mvn.logpdf(np.array([1.0, 2.0]), m, np.eye(2)), np.zeros(2))
    array([1., 2.])

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, mean=None, cov=1, allow_singular=False):
        """``-(d log(2 pi) + log det(cov) + (x - mean)' cov^-1 (x - mean)) / 2`` per point
        (the last axis of ``x``), squeezed as SciPy does.

        >>> import numpy as np
        >>> from wengert.scipy.stats import multivariate_normal as mvn
        >>> round(float(mvn.logpdf(np.zeros(2), np.zeros(2), np.eye(2))), 6)
        -1.837877
        """
        _refuse_singular(allow_singular)
        x, mean, cov, dim = _mvn_parameters(x, mean, cov)
        factor, logdet = _cholesky_logdet(cov, dim)
        batch = np.shape(x)[:-1]
        diff = np.reshape(x - mean, (-1, dim))
        whitened = np.linalg.solve(factor, np.transpose(diff))  # (dim, points)
        out = -0.5 * (np.sum(whitened * whitened, axis=0) + (dim * _LOG_2PI + logdet))
        return np.squeeze(np.reshape(out, batch))[()]

    @staticmethod
    def pdf(x, mean=None, cov=1, allow_singular=False):
        """``exp(multivariate_normal.logpdf(x, mean, cov))``.

        >>> import numpy as np
        >>> from wengert.scipy.stats import multivariate_normal as mvn
        >>> round(float(mvn.pdf(0.0)), 6)
        0.398942
        """
        return np.exp(multivariate_normal.logpdf(x, mean, cov, allow_singular))

    @staticmethod
    def entropy(mean=None, cov=1, allow_singular=False):
        """``(d (1 + log(2 pi)) + log det(cov)) / 2``, differentiable in ``cov``.

        >>> import numpy as np
        >>> from wengert.scipy.stats import multivariate_normal as mvn
        >>> round(float(mvn.entropy(cov=np.eye(2))), 6)
        2.837877
        """
        _refuse_singular(allow_singular)
        _, mean, cov, dim = _mvn_parameters(0.0, mean, cov)
        return 0.5 * (dim * (1.0 + _LOG_2PI) + _cholesky_logdet(cov, dim)[1])


def _on_simplex(alpha, x):
    """``x`` with its last entry added if it has one fewer than ``alpha`` (``1 - sum``),
    after SciPy's checks of the values."""
    if np.shape(x)[0] not in (np.shape(alpha)[0], np.shape(alpha)[0] - 1):
        raise ValueError(f"dirichlet: x must have as many entries as alpha, or one fewer, but "
                         f"alpha.shape = {np.shape(alpha)} and x.shape = {np.shape(x)}")
    if np.shape(x)[0] != np.shape(alpha)[0]:
        if np.ndim(x) not in (1, 2):
            raise ValueError("dirichlet: x must be one or two dimensional")
        last = 1.0 - np.sum(x, axis=0, keepdims=True)
        x = np.concatenate([x, last], axis=0)
    plain = _plain(x)
    if np.min(plain) < 0 or np.max(plain) > 1:
        raise ValueError("dirichlet: each entry of x must be between 0 and 1")
    below_one = np.reshape(_plain(alpha) < 1, (-1,) + (1,) * (plain.ndim - 1))
    if np.any((plain == 0) & below_one):
        raise ValueError("dirichlet: each entry of x must be greater than zero if its alpha is "
                         "less than one")
    if np.any(np.abs(np.sum(plain, axis=0) - 1.0) > 10e-10):
        raise ValueError("dirichlet: x must lie on the simplex (its entries must sum to 1), but "
                         f"they sum to {np.sum(plain, axis=0)}")
    return x


class dirichlet:
    """The Dirichlet distribution, as ``scipy.stats.dirichlet``: ``logpdf`` differentiable
    in x and alpha.

    ``x`` holds the K entries of a point (or K - 1, the last being ``1 - sum``) along its
    first axis, and several points along a second axis, as in SciPy.

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy.stats import dirichlet
    >>> g = wg.grad_bp(lambda a: dirichlet.logpdf(np.array([0.2, 0.8]), a), np.array([1.0, 1.0]))
    >>> np.round(g, 6)  # log(x) + digamma(sum(alpha)) - digamma(alpha)
    array([-0.609438,  0.776856])

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, alpha):
        """``sum((alpha - 1) log x) - sum(gammaln(alpha)) + gammaln(sum(alpha))`` over the
        first axis.

        >>> import numpy as np
        >>> from wengert.scipy.stats import dirichlet
        >>> round(float(dirichlet.logpdf(np.array([0.2, 0.3, 0.5]), np.ones(3))), 6)  # log 2!
        0.693147
        """
        if np.ndim(alpha) != 1:
            raise ValueError("dirichlet: alpha must be a vector")
        x = _on_simplex(alpha, x)
        column = np.reshape(alpha, (-1,) + (1,) * (np.ndim(x) - 1))
        return (np.sum(sc.xlogy(column - 1.0, x), axis=0)
                + sc.gammaln(np.sum(alpha)) - np.sum(sc.gammaln(alpha)))

    @staticmethod
    def pdf(x, alpha):
        """``exp(dirichlet.logpdf(x, alpha))``.

        >>> import numpy as np
        >>> from wengert.scipy.stats import dirichlet
        >>> round(float(dirichlet.pdf(np.array([0.2, 0.3, 0.5]), np.ones(3))), 6)
        2.0
        """
        return np.exp(dirichlet.logpdf(x, alpha))


#: the functions of each distribution, read from its class (wengert.scipy.supported() lists them).
FUNCTIONS = {name: tuple(sorted(f for f in vars(globals()[name]) if not f.startswith("_")))
             for name in __all__}
