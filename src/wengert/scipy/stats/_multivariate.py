"""The multivariate distributions: multivariate_normal, multivariate_t, wishart, invwishart, dirichlet, multinomial.
Part of :mod:`wengert.scipy.stats`.
"""

import math

import numpy as np
from scipy import special as sc

from ...ops._util import piecewise as _piecewise, polynomial
from ._common import (_constant, _dtype_of, _exp_of_log, _LOG_2, _LOG_2PI, _log_gamma_ratio, _log_gamma_ratio_series,
                      _plain, _refuse_a_jump_in_shape, _scaled_squares)
from ._beta import _t_log_kernel

__all__ = ["dirichlet", "multivariate_normal", "multinomial", "invwishart", "multivariate_t", "wishart"]


def _log_gamma_ratio_slope(a, h):
    """``a (digamma(a + h) - digamma(a)) - h`` (Var-aware in ``a``): ``a`` times the derivative of
    :func:`_log_gamma_ratio` (about ``-h (h - 1) / (2a)``), by its series where that one's is (the
    difference of the digammas cancels there), from 1 from digamma, below 1 as ``a (digamma(a + h) - digamma(1 +
    a)) + 1 - h`` (``a digamma(a) = a digamma(1 + a) - 1``: the derivative of ``a digamma(a)``, ``digamma(a) + a
    trigamma(a)``, cancelled by ``1 / a``)."""
    series = [-n * c for n, c in enumerate(_log_gamma_ratio_series(h))]

    def below(a):
        return _piecewise(a, np.asarray(_plain(a), dtype=float) < 1.0,
                          lambda a: a * (sc.digamma(a + h) - sc.digamma(a)) - h,
                          lambda a: a * (sc.digamma(a + h) - sc.digamma(1.0 + a)) + 1.0 - h, 2.0, 0.5)
    return _piecewise(a, np.asarray(_plain(a), dtype=float) >= max(10.0, 10.0 * h), below,
                      lambda a: polynomial(1.0 / a, series), 1.0, 1e300)


def _mvn_parameters(x, mean, cov, name="multivariate_normal"):
    """``x`` as rows of points, ``mean`` as a vector, ``cov`` as a full matrix, and the
    dimension, interpreted as ``scipy.stats.multivariate_normal`` does (and ``multivariate_t``,
    ``name`` in the messages)."""
    ndim_mean, ndim_cov = np.ndim(mean) if mean is not None else None, np.ndim(cov)
    if mean is not None and ndim_mean >= 1:
        dim = np.shape(mean)[0]
    elif mean is None and ndim_cov == 2:
        dim = np.shape(cov)[0]
    else:
        dim = 1
    # (the zeros, ones and identity in the arguments' dtype: float64 ones made float32 results float64)
    if mean is None:
        mean = np.zeros(dim, _dtype_of(x, cov, 1.0))
    elif ndim_mean == 0:
        mean = mean * np.ones(dim, _dtype_of(mean, 1.0))
    if ndim_cov < 2:  # a variance, or the diagonal of cov
        cov = np.eye(dim, dtype=_dtype_of(cov, 1.0)) * cov
    else:
        cov = 0.5 * (cov + np.swapaxes(cov, -1, -2))  # its symmetric part: a symmetric gradient
    if np.shape(mean) != (dim,) or np.shape(cov) != (dim, dim):
        raise ValueError(f"{name}: mean of shape {np.shape(mean)} and cov of "
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


def _whitened(x, mean, factor, dim):
    """``factor^-1 (x - mean)`` of each point (rows of ``x``; ``factor`` the lower Cholesky factor of cov), as
    columns ``(dim, points)``, and the shape of the points."""
    return np.linalg.solve(factor, np.transpose(np.reshape(x - mean, (-1, dim)))), np.shape(x)[:-1]


def _squared_mahalanobis(x, mean, factor, dim):
    """``(x - mean)' cov^-1 (x - mean)`` of each point (rows of ``x``; ``factor`` the lower Cholesky
    factor of cov), flat, and the shape of the points."""
    whitened, batch = _whitened(x, mean, factor, dim)
    return np.sum(whitened * whitened, axis=0), batch


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
        squared, batch = _squared_mahalanobis(x, mean, factor, dim)
        out = -0.5 * (squared + (dim * _LOG_2PI + logdet))
        return np.squeeze(np.reshape(out, batch))[()]

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


_exp_of_log(multivariate_normal, "pdf", "round(float(multivariate_normal.pdf(0.0)), 6)", "0.398942",
            doc="``exp(multivariate_normal.logpdf(x, mean, cov))``.")


# -- multivariate_t, wishart, invwishart ----------------------------------------------------------


def _positive_df(name, df):
    """``df``: one positive number (SciPy's multivariate_t and Wishart take one)."""
    if np.ndim(_plain(df)) != 0:
        raise ValueError(f"{name}: df must be a number, not an array of shape {np.shape(_plain(df))}")
    if not _plain(df) > 0:
        raise ValueError(f"{name}: df must be positive")
    return df


class multivariate_t:
    """The multivariate t distribution, as ``scipy.stats.multivariate_t``: ``logpdf``, ``pdf``
    and ``entropy``, differentiable in x, loc, shape and df, through the Cholesky factor of
    ``shape``. ``shape`` may be a matrix, a vector (its diagonal) or a number, and must be positive
    definite; only its symmetric part is read, so its gradient is symmetric. ``df = inf`` is the
    multivariate normal; as df grows the values and their derivatives in df keep their digits
    (the log gamma ratio and ``log1p(m / df) df / 2`` by their series in ``1 / df``).

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy.stats import multivariate_t
    >>> x = np.array([1.0, 0.0])  # d/d loc: (df + 2) (x - loc) / (df + |x - loc|^2)
    >>> wg.grad_bp(lambda m: multivariate_t.logpdf(x, m, np.eye(2), 3.0), np.zeros(2))
    array([1.25, 0.  ])

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=None, shape=1, df=1):
        """``log gamma((df + d)/2) - log gamma(df/2) - d log(df pi) / 2 - log det(shape) / 2 -
        (df + d)/2 log1p(m / df)`` per point (the last axis of ``x``; ``m`` its squared Mahalanobis
        distance), squeezed as SciPy does.

        >>> import numpy as np
        >>> from wengert.scipy.stats import multivariate_t
        >>> round(float(multivariate_t.logpdf(np.zeros(2), None, np.eye(2), 1.0)), 6)  # -log(2 pi)
        -1.837877
        """
        x, loc, shape, dim = _mvn_parameters(x, loc, shape, "multivariate_t")
        df = _positive_df("multivariate_t.logpdf", df)
        factor, logdet = _cholesky_logdet(shape, dim)
        whitened, batch = _whitened(x, loc, factor, dim)
        # (at df = inf the normal's -m / 2: infinite where m is, and its derivatives finite)
        squared, e = _scaled_squares(whitened, 0, where=_plain(df) != np.inf)
        out = _t_log_kernel(squared, df, 0.5 * dim, e, whitened, 0) - 0.5 * (dim * _LOG_2PI + logdet)
        return np.squeeze(np.reshape(out, batch))[()]

    @staticmethod
    def entropy(loc=None, shape=1, df=1):
        """``d/2 (1 + log(2 pi)) + log det(shape) / 2`` (the normal's) plus ``-L + d^2 / (2 df) +
        (1 + d / df) T``, ``L = log gamma(a + d/2) - log gamma(a) - d/2 log a`` and ``T = a (digamma(a +
        d/2) - digamma(a)) - d/2`` at ``a = df/2`` (both by their series as df grows: about ``d / df``
        in all, where SciPy switches to its own series).

        >>> import numpy as np
        >>> from wengert.scipy.stats import multivariate_t
        >>> round(float(multivariate_t.entropy(shape=np.eye(2), df=3.0)), 6)
        3.504544
        """
        _, _, shape, dim = _mvn_parameters(0.0, loc, shape, "multivariate_t")
        df = _positive_df("multivariate_t.entropy", df)
        h, logdet = 0.5 * dim, _cholesky_logdet(shape, dim)[1]
        with np.errstate(divide="ignore"):  # (at df = inf: the normal's)
            over_a = 2.0 / df
        # (below df = 2, ``h^2 / a + (1 + h / a) T`` as ``(a + h) (digamma(a + h) - digamma(1 + a)) + 1 - h + h / a``:
        # the product's second derivative was 0 * inf at df = 1e-300 for d = 2, where T is 0, NaN for +inf)
        near = np.asarray(_plain(df), dtype=float) < 2.0
        return (h * (1.0 + _LOG_2PI) + 0.5 * logdet - _log_gamma_ratio(0.5 * df, h) + _piecewise(
            0.5 * df, near, lambda a: h * h / a + (1.0 + h / a) * _log_gamma_ratio_slope(a, h),
            lambda a: (a + h) * (sc.digamma(a + h) - sc.digamma(1.0 + a)) + (1.0 - h) + h / a, 1.0, 0.5))


_exp_of_log(multivariate_t, "pdf", "round(float(multivariate_t.pdf(0.0)), 6)  # Cauchy: 1 / pi", "0.31831",
            doc="``exp(multivariate_t.logpdf(x, loc, shape, df))``.")


def _wishart_parameters(name, x, df, scale):
    """``x`` as a stack ``(N, d, d)`` of the symmetric parts of its matrices (SciPy's ``x``: a
    ``(d, d)`` matrix, ``(d, d, N)`` matrices, a vector (a diagonal; ``d = 1``: N numbers) or a
    number), the symmetric part of ``scale`` (a matrix, a vector: its diagonal, or a number),
    ``d``, and ``df``, refused where not above ``d - 1`` (as SciPy)."""
    scale_ndim = np.ndim(_plain(scale))
    if scale_ndim == 0:
        scale = np.reshape(scale, (1, 1))
    elif scale_ndim == 1:
        scale = np.diag(scale)
    elif scale_ndim != 2 or np.shape(scale)[0] != np.shape(scale)[1]:
        raise ValueError(f"{name}: scale must be a square matrix, a vector (its diagonal) or a number, "
                         f"not of shape {np.shape(scale)}")
    dim = np.shape(scale)[0]
    df = _positive_df(name, df)
    if not _plain(df) > dim - 1:
        raise ValueError(f"{name}: df must be greater than the dimension of scale minus 1 ({dim - 1}), "
                         f"but it is {_plain(df)}")
    x_ndim = np.ndim(_plain(x))
    if x_ndim == 0:
        x = x * np.eye(dim)[:, :, np.newaxis]
    elif x_ndim == 1:
        x = np.reshape(x, (1, 1, -1)) if dim == 1 else np.diag(x)[:, :, np.newaxis]
    elif x_ndim == 2:
        x = x[:, :, np.newaxis]
    if np.ndim(_plain(x)) != 3 or np.shape(x)[:2] != (dim, dim):
        raise ValueError(f"{name}: x must be {dim} x {dim} matrices (their stack along the last axis), but "
                         f"its shape is {np.shape(x)}")
    stack = np.moveaxis(x, -1, 0)
    return 0.5 * (stack + np.swapaxes(stack, -1, -2)), 0.5 * (scale + np.transpose(scale)), dim, df


def _stack_cholesky_logdet(stack):
    """The lower Cholesky factors of a stack of matrices and their log determinants."""
    factors = np.linalg.cholesky(stack)
    return factors, 2.0 * np.sum(np.log(np.diagonal(factors, axis1=-2, axis2=-1)), axis=-1)


def _trace_of_solved(factor, factors):
    """``trace(A^-1 B)`` for ``A = factor factor'`` and each ``B = F F'`` of the stack ``factors``: the
    squared Frobenius norm of ``factor^-1 F``."""
    solved = np.linalg.solve(factor, factors)
    return np.sum(solved * solved, axis=(-2, -1))


def _log_multigamma(a, dim):
    """``log`` of the multivariate gamma function ``Gamma_d(a)`` (scipy.special.multigammaln), Var-aware."""
    return 0.25 * dim * (dim - 1) * math.log(math.pi) + sum(sc.gammaln(a - 0.5 * j) for j in range(dim))


class wishart:
    """The Wishart distribution, as ``scipy.stats.wishart``: ``logpdf`` and ``pdf``, differentiable
    in x, df and scale, through Cholesky factors. ``x`` is a positive definite matrix (or their
    stack along the last axis, as SciPy's), ``scale`` a positive definite matrix, a vector (its
    diagonal) or a number; only their symmetric parts are read, so their gradients are symmetric.
    ``df`` must be above the dimension minus 1.

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy.stats import wishart
    >>> wg.grad_bp(lambda s: wishart.logpdf(np.eye(2), 3.0, s), np.eye(2))  # (S^-1 X S^-1 - df S^-1) / 2
    array([[-1.,  0.],
           [ 0., -1.]])

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, df, scale):
        """``(df - d - 1)/2 log det(x) - trace(scale^-1 x)/2 - df d/2 log 2 - df/2 log det(scale) -
        multigammaln(df/2, d)`` per matrix, squeezed as SciPy does.

        >>> from wengert.scipy.stats import wishart
        >>> round(float(wishart.logpdf(2.0, 3.0, 1.5)), 6)  # chi2(3) of x / 1.5
        -1.847229
        """
        stack, scale, dim, df = _wishart_parameters("wishart.logpdf", x, df, scale)
        factor, logdet_scale = _cholesky_logdet(scale, dim)
        factors, logdet_x = _stack_cholesky_logdet(stack)
        out = (0.5 * (df - dim - 1.0) * logdet_x - 0.5 * _trace_of_solved(factor, factors)
               - 0.5 * df * (dim * _LOG_2 + logdet_scale) - _log_multigamma(0.5 * df, dim))
        return np.squeeze(out)[()]


class invwishart:
    """The inverse Wishart distribution, as ``scipy.stats.invwishart``: ``logpdf`` and ``pdf``,
    differentiable in x, df and scale, as :class:`wishart`'s.

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy.stats import invwishart
    >>> wg.grad_bp(lambda s: invwishart.logpdf(np.eye(2), 3.0, s), np.eye(2))  # (df S^-1 - X^-1) / 2
    array([[1., 0.],
           [0., 1.]])

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, df, scale):
        """``df/2 log det(scale) - (df + d + 1)/2 log det(x) - trace(scale x^-1)/2 - df d/2 log 2 -
        multigammaln(df/2, d)`` per matrix, squeezed as SciPy does.

        >>> from wengert.scipy.stats import invwishart
        >>> round(float(invwishart.logpdf(2.0, 3.0, 1.5)), 6)
        -2.418609
        """
        stack, scale, dim, df = _wishart_parameters("invwishart.logpdf", x, df, scale)
        factor, logdet_scale = _cholesky_logdet(scale, dim)
        factors, logdet_x = _stack_cholesky_logdet(stack)
        out = (0.5 * df * logdet_scale - 0.5 * (df + dim + 1.0) * logdet_x
               - 0.5 * _trace_of_solved(factors, factor) - 0.5 * df * dim * _LOG_2 - _log_multigamma(0.5 * df, dim))
        return np.squeeze(out)[()]


for _wishart, _wishart_example, _wishart_value in (
        (wishart, "round(float(wishart.pdf(2.0, 3.0, 1.5)), 6)", "0.157673"),
        (invwishart, "round(float(invwishart.pdf(2.0, 3.0, 1.5)), 6)", "0.089045")):
    _exp_of_log(_wishart, "pdf", _wishart_example, _wishart_value,
                doc=f"``exp({_wishart.__name__}.logpdf(x, df, scale))``.")


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
        x, column = _dirichlet_point(x, alpha)
        return np.sum(sc.xlogy(column - 1.0, x), axis=0) + _dirichlet_log_normalizer(alpha)

    @staticmethod
    def pdf(x, alpha):
        """``exp(dirichlet.logpdf(x, alpha))``; at a point with an entry ``x[i] = 0`` (then
        ``alpha[i] > 1``), ``prod(x**(alpha - 1)) / B(alpha)``: the density is 0 there for
        every alpha near, so its gradient in alpha is 0 (``exp(-inf) * -inf`` was NaN), and
        its derivative in ``x[i]`` is the power's (0, finite or inf as ``alpha[i]`` is above,
        at or below 2); with two entries 0, it is 0 with gradient 0.

        >>> import numpy as np
        >>> from wengert.scipy.stats import dirichlet
        >>> round(float(dirichlet.pdf(np.array([0.2, 0.3, 0.5]), np.ones(3))), 6)
        2.0
        """
        x, column = _dirichlet_point(x, alpha)
        zeros = np.sum(_plain(x) == 0, axis=0)  # per point (plain)
        if not np.any(zeros):
            return np.exp(np.sum(sc.xlogy(column - 1.0, x), axis=0) + _dirichlet_log_normalizer(alpha))
        # Two zeros: 0 whichever one entry moves (the other stays 0), so 0 with no derivative:
        # the product rule gave 0 * inf = NaN there. The other points are computed at a
        # point inside (the centre) where they are not used.
        on_face, inside = zeros == 1, np.full(np.shape(x), 1.0 / np.shape(x)[0])
        powers = np.prod(np.where(on_face, x, inside) ** (column - 1.0), axis=0)
        logs = np.sum(sc.xlogy(column - 1.0, np.where(zeros == 0, x, inside)), axis=0)
        normalizer = _dirichlet_log_normalizer(alpha)
        return np.where(zeros > 1, 0.0, np.where(on_face, powers * np.exp(normalizer), np.exp(logs + normalizer)))


def _dirichlet_point(x, alpha):
    """``x`` (completed, checked) and ``alpha`` as a column, after the refusal of a traced
    alpha where it has no derivative (``x[i] = 0`` with ``alpha[i] = 1``)."""
    if np.ndim(alpha) != 1:
        raise ValueError("dirichlet: alpha must be a vector")
    x = _on_simplex(alpha, x)
    column = np.reshape(alpha, (-1,) + (1,) * (np.ndim(x) - 1))
    _refuse_a_jump_in_shape("dirichlet.logpdf (pdf)", alpha, lambda: (x == 0) & (column == 1), "alpha",
                            "alpha[i] = 1 where x[i] == 0", "x[i]**(alpha[i] - 1)")
    return x, column


def _dirichlet_log_normalizer(alpha):
    return sc.gammaln(np.sum(alpha)) - np.sum(sc.gammaln(alpha))


class multinomial:
    """The multinomial distribution, as ``scipy.stats.multinomial``: ``logpmf`` and ``pmf``
    differentiable in ``p`` (``x`` and ``n`` are counts: a Var there is refused).

    As SciPy up to 1.17 does, the last entry of ``p`` (along its last axis) is replaced by
    one minus the sum of the others, so its gradient is 0 and the others' are those of that
    function. SciPy 1.18 instead returns NaN where ``p`` does not sum to 1 (within 10 eps);
    wengert keeps the replacement, so that its gradient is defined in every direction (a
    finite-difference check moves ``p`` off the simplex), and agrees with SciPy 1.18
    wherever ``p`` sums to 1. As in SciPy, ``n`` is truncated to an integer; a negative (or
    NaN) ``n`` or an entry of ``p`` (the last as replaced) outside [0, 1], where SciPy gives NaN, is
    refused (ValueError), as in the other distributions.

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy.stats import multinomial
    >>> wg.grad_bp(lambda p: multinomial.logpmf(np.array([1, 2]), 3, p), np.array([0.25, 0.75]))
    array([1.33333333, 0.        ])

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpmf(x, n, p):
        """``gammaln(n + 1) - sum(gammaln(x + 1)) + sum(xlogy(x, p))`` where the counts sum to
        ``n``, ``-inf`` elsewhere.

        >>> import numpy as np
        >>> from wengert.scipy.stats import multinomial
        >>> round(float(multinomial.logpmf(np.array([1, 1]), 2, np.array([0.5, 0.5]))), 6)
        -0.693147
        """
        _constant("multinomial.logpmf", "x", x, "a count is discrete")
        _constant("multinomial.logpmf", "n", n, "a count is discrete")
        x = np.asarray(x, dtype=float)
        n = np.trunc(np.asarray(n, dtype=float))  # SciPy reads n as an integer (truncated)
        if np.shape(p)[-1] < 1:
            raise ValueError("multinomial: p must have at least one entry")
        last = 1.0 - np.sum(p[..., :-1], axis=-1, keepdims=True)
        p = np.concatenate([p[..., :-1], last], axis=-1)
        # SciPy's parameter check (NaN there): a negative n or an entry of p (the last one as replaced) outside
        # [0, 1]; refused, as the other distributions' (comparisons of a traced p: guards under wengert.jit)
        wrong = [what for what, ok in (("n must be >= 0", n >= 0), ("the entries of p (the last as 1 - the others) "
                                                                     "must be in [0, 1]", (p >= 0) & (p <= 1)))
                 if not np.all(ok)]
        if wrong:
            raise ValueError(f"multinomial: {' and '.join(wrong)} (SciPy gives NaN)")
        valid = np.all((x >= 0) & (x == np.floor(x)), axis=-1) & (np.sum(x, axis=-1) == n)
        out = sc.gammaln(n + 1.0) - np.sum(sc.gammaln(x + 1.0), axis=-1) + np.sum(sc.xlogy(x, p), axis=-1)
        return np.where(valid, out, -np.inf)[()]


_exp_of_log(multinomial, "pmf", "float(multinomial.pmf(np.array([1, 1]), 2, np.array([0.5, 0.5])))", "0.5")
