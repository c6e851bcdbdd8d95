"""The noncentral F distribution: ncf. Part of :mod:`wengert.scipy.stats`.
"""

import functools
import math

import numpy as np
from scipy import special as sc

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...ops._util import def_partials as _def_partials
from ...ops.reductions import logsumexp as _logsumexp
from ...ops.scipy_special_dist import F_MAX_DF
from ...primitive import OwnPrimitive
from ...structured import stop_gradient
from ...transforms import jvp
from ._common import (_add_moments, _add_quadrature_entropy, _add_quantile_summaries, _always, _in_dtype_of, _located,
                      _log_beta, _moment_where, _plain, _quantiles, _shape_functions, _two_forms)
from ._beta import _beta_tail_at_small_w, _f_log1p_u, _f_log_lower_tail, _f_log_ratio, _f_quantile, _layers, f
from ._inverse_gaussian import _ncx2_log_poisson

__all__ = ["ncf"]


class ncf:
    """The noncentral F distribution, as ``scipy.stats.ncf``: ``(X / dfn) / (Y / dfd)``, X noncentral chi-squared
    (``dfn``, ``nc``), Y chi-squared (``dfd``), on ``z = (x - loc) / scale >= 0`` (``dfn, dfd > 0``, ``nc >= 0``;
    ``nc = 0`` is ``f``): ``logpdf``, ``pdf``, ``cdf``, ``logcdf``, ``sf``, ``logsf``, ``mean``, ``var`` and ``std``,
    differentiable in x, dfn, dfd, nc, loc and scale (and ``entropy`` by quadrature in the probability,
    :func:`_ncf_log_density_at_quantile`; SciPy integrates the density). With ``t = nc / 2``, ``a, b = dfn / 2, dfd / 2``, ``r = dfn /
    dfd`` it is the Poisson(t) mixture over j of the F-like densities ``r^(a + j) z^(a + j - 1) (1 + r z)^-(a + j +
    b) / B(a + j, b)``, and its tails the mixtures of ``I_w(a + j, b)`` (cdf) and ``I_v(b, a + j)`` (sf), ``w = r z /
    (1 + r z)``, ``v = 1 / (1 + r z)``: each tail its own sum of positive terms (no ``1 -`` of the other; the log of
    a tail above 1/2 ``log1p`` of minus the other), down to tails of 1e-300. The sums run over a window of j about
    their largest terms (those within e^-60, and three more on either side: the weights' derivatives are their
    neighbours'), each entry over its own, and are the logsumexp of the terms' logs (its Hessian softmax's: no
    difference of squared slopes), the value then the exactly rounded (math.fsum) sum's. Each term is written with the
    library's differentiable functions, so that the derivatives, to second order, are the rules': the weights a
    primitive, ``log(e^-t t^j / j!)`` by Stirling's form (in t ``j / t - 1``; at ``nc = 0`` the weights themselves, the
    j = 1 and 2 terms carrying nc's derivatives), in the density together with ``w^j`` as ``e^(-t v) e^(-t w) (t
    w)^j / j!`` (small logs about the peak: apart, each of size ``t log t``, the log density was 2.2e-13 off at nc =
    1e4), the tails' terms the log betainc forms of ``f`` and ``beta`` (their series at a small argument: through
    betainc the log sf's d2/ddfd2 at sf = 1e-97 was 3e-11 off), ``log B`` by ``_log_beta``. Measured against mpmath
    (tools/ncf_truths.py, the sums at 40 digits): the values within 6e-16 (the log density at nc = 1e4 4.6e-17, SciPy
    1e-14), the gradients within 5.4e-14 and the Hessians within 1e-13 in (x, dfn, dfd, nc, loc, scale) (their
    entries below 1e-15 of the largest aside), but in the far tails (the Hessians 8e-13: cdf 1e-90, sf 1e-97) and at a
    large dfd (dfd = 1000: the log density's 9.9e-13; the tails' Hessian at dfd = 90, near f's limit, 3.3e-12). Derivatives in dfn and dfd of the tails with a ``dfn + 2 j`` (of the terms within e^-30 of the
    largest) or a ``dfd`` beyond ``f``'s limits, 300 and at second order 100, refuse: ValueError, as ``f``'s. At
    ``x == loc`` the density is ``e^-t`` times ``f``'s (0, finite or infinite as dfn is above, at or below 2) and the
    tails 0 and 1; derivatives in x, loc and scale there are refused (NoGradientRule). The window holds up to 200000
    terms (``nc`` up to about 3.8e5; ValueError beyond; 1 s a value at nc = 1e5). The mean ``dfd (dfn + nc) / (dfn
    (dfd - 2))``, the variance ``2 (dfd / dfn)^2 ((dfn + nc)^2 + (dfn + 2 nc)(dfd - 2)) / ((dfd - 2)^2 (dfd - 4))``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import ncf
    >>> round(float(ncf.pdf(1.0, 4.0, 6.0, 0.0)), 6)  # nc = 0: f's
    0.41472
    >>> round(float(wg.grad(lambda nc: ncf.cdf(1.0, 4.0, 6.0, nc))(0.0)), 6)  # (I_w(3, 3) - I_w(2, 3)) / 2, w = 0.4
    -0.10368

    .. versionadded:: 0.1
    """


def _ncf_parameters(name, dfn, dfd, nc):
    pn, pd, pc = (np.asarray(_plain(v), dtype=float) for v in (dfn, dfd, nc))
    if not (np.all((pn > 0) & np.isfinite(pn)) and np.all((pd > 0) & np.isfinite(pd))
            and np.all((pc >= 0) & np.isfinite(pc))):
        raise ValueError(f"{name}: dfn and dfd must be positive and finite and nc finite and not negative (SciPy "
                         "gives NaN elsewhere)")


def _ncf_check(name, z, dfn, dfd, nc):
    _ncf_parameters(name, dfn, dfd, nc)
    if np.any(_plain(z) == 0) and isinstance(z, (Var, Dual)):
        raise NoGradientRule(f"wengert.scipy.stats.{name}: derivatives in x, loc and scale at x == loc (z = (x - "
                             "loc) / scale = 0, the lower end of the support, or x - loc rounded to 0 against the "
                             "scale) are not implemented. Evaluate where z > 0, or pass x, loc and scale as "
                             "constants (wengert.stop_gradient) to differentiate in the shapes.")
    if isinstance(z, (Var, Dual)):
        pz = np.asarray(_plain(z), dtype=float)
        with np.errstate(all="ignore"):
            pu = pz * np.asarray(_plain(dfn), dtype=float) / np.asarray(_plain(dfd), dtype=float)
        if np.any((pz > 0) & ((pz < _TINY) | (pu < _TINY))):
            # (there 1 / z overflows or w = u / (1 + u) is subnormal: the j = 1 term's slope 1 / z times its weight,
            # of w's size, was NaN at x = 1e-310, -1.4 for -1.05 at 5e-324, dfn = 2)
            raise NoGradientRule(f"wengert.scipy.stats.{name}: derivatives in x, loc and scale where z = (x - loc) / "
                                 "scale or dfn z / dfd is subnormal (below 2.2e-308, beside x == loc) are not "
                                 "implemented. Evaluate where both are at least 2.2e-308, or pass x, loc and scale "
                                 "as constants (wengert.stop_gradient) to differentiate in the shapes.")


#: the smallest normal float
_TINY = float(np.finfo(float).tiny)


def _log_poisson_value(t, j):
    return _ncx2_log_poisson(np.asarray(t, dtype=float), j)


#: ``log(e^-t t^j / j!)`` (j a plain integer array), by Stirling's form (:func:`_ncx2_log_poisson`: through ``j log t -
#: t - gammaln(j + 1)`` its large logs cancelled); in t ``j / t - 1``
_LOG_POISSON = OwnPrimitive(_log_poisson_value, name="wengert.scipy.stats.ncf (log Poisson weight)", reenters="any")
_def_partials(_LOG_POISSON, lambda t, j: j / t - 1.0)


def _log_poisson_at_log_value(t, log_w, j):
    return _ncx2_log_poisson(np.asarray(t, dtype=float) * np.exp(np.asarray(log_w, dtype=float)), j)


#: ``log(e^-s s^j / j!)`` at ``s = t w`` from t and ``log w`` (the density's weight with its ``w^j``), in log w ``j -
#: s``, in t ``j / t - w``: through ``s`` its partial ``j / s`` overflowed where s is subnormal (x = 1e-310: NaN)
_LOG_POISSON_W = OwnPrimitive(_log_poisson_at_log_value, name="wengert.scipy.stats.ncf (log Poisson weight at t w)",
                              reenters="any")
_def_partials(_LOG_POISSON_W, lambda t, log_w, j: j / t - np.exp(log_w), lambda t, log_w, j: j - t * np.exp(log_w))

#: the most terms a window holds
_NCF_MAX_TERMS = 200000


def _ncf_window(pz, pn, pd, pc):
    """The j (a plain column, then the arguments' axes) over which the sums run: every j whose density term or Poisson
    weight is within e^-60 of its largest (the tails' terms are between: the cdf's fall with j from the weights', the
    sf's rise to the density's), from the plain arguments (z > 0); each entry's own window in it (a mask: its sum is
    that of its own terms, the same beside any others in an array); and the largest j within e^-30 (whose betainc's
    derivatives in its shape are held to f's limits: beyond, a term's error is below 1e-13 of the sum's)."""
    t, a, b = 0.5 * pc, 0.5 * pn, 0.5 * pd
    top = float(np.max(t + b + 20.0 * np.sqrt(t + b) + 100.0))
    if top > _NCF_MAX_TERMS:
        raise ValueError(f"ncf: nc is limited to windows of {_NCF_MAX_TERMS} terms of its Poisson sum (here "
                         f"{top:.3g}: nc up to about 3.8e5)")
    j = np.arange(int(top) + 1, dtype=float).reshape((-1,) + (1,) * np.ndim(pz * pn * pd * pc))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        weights = _ncx2_log_poisson(t, j) if np.all(t > 0) else np.where(t > 0, _ncx2_log_poisson(
            np.where(t > 0, t, 1.0), j), np.where(j == 0, 0.0, -np.inf))
        r = pn / pd
        density = weights + (a + j) * np.log(r) + (a + j - 1.0) * np.log(pz) - (a + j + b) * np.log1p(
            r * pz) - sc.betaln(a + j, b)
    shape = np.broadcast_shapes(weights.shape, density.shape)
    keep, large = np.zeros(shape, dtype=bool), np.zeros(shape, dtype=bool)
    for terms in (weights, density):
        terms = np.where(np.isnan(terms), -np.inf, terms)
        below = np.max(terms, axis=0) - terms
        keep |= below <= 60.0
        large |= below <= 30.0
    # (each entry's own window, three more on either side: a weight's derivatives in t are its neighbours', e^-t t^j /
    # j!'s j - 1 and j - 2; at nc = 0 the j = 1 and 2 terms are 0 with nc's derivatives)
    first = np.argmax(keep, axis=0) - 3
    last = keep.shape[0] - 1 - np.argmax(keep[::-1], axis=0) + 3
    own = (j >= first) & (j <= last)
    span = slice(max(int(np.min(first)), 0), int(np.max(last)) + 1)
    return j[span], own[span], float(np.max(np.flatnonzero(np.any(large, axis=tuple(range(1, large.ndim))))))


def _ncf_tail_degrees_checked(name, dfn, dfd, j):
    """``f``'s limits on the tails' derivatives in dfn and dfd (:func:`_f_degrees_checked`), at the largest ``dfn + 2
    j`` of the window's terms within e^-30 of the largest (betainc's shape ``a + j``)."""
    for argument, value, largest in (("dfn", dfn, np.max(_plain(dfn)) + 2.0 * j),
                                     ("dfd", dfd, np.max(_plain(dfd)))):
        order = _layers(value)
        if order and largest > F_MAX_DF[min(order, 2) - 1]:
            raise ValueError(
                f"{name}: its {'second ' if order > 1 else ''}derivative in {argument} is computed for "
                f"{'dfn + 2 j (j the Poisson sum' + chr(39) + 's terms)' if argument == 'dfn' else 'dfd'} up to "
                f"{F_MAX_DF[min(order, 2) - 1]:g} (here {largest:g}): beyond, it is a small difference that keeps the "
                "rounding of its terms. Pass it as a constant there")


def _ncf_log_terms(z, dfn, dfd, j, kind):
    """The log of each j's term less its weight's: the F-like log density (``"log"``: less ``j log w`` too, and ``log
    w``, ``log v`` given beside), ``log I_w(a + j, b)`` (cdf) or
    ``log I_v(b, a + j)`` (sf), each tail's term where its argument is at most 1/2 :func:`_f_log_lower_tail`'s (its
    series at a small argument: a log b-derivative ``log v``, of -23 at v = 1e-10, whose square cancelled in the second
    derivative through betainc, d2/ddfd2 of the log sf at sf = 1e-97 3e-11 relative off), elsewhere ``log1p`` of minus
    the other (:func:`_beta_tail_at_small_w`)."""
    a, b = 0.5 * dfn, 0.5 * dfd
    log1p_u = _f_log1p_u(z, dfn, dfd)  # (log(1 + r z), r z beyond 1e100 too)
    if kind == "log":
        # (``a log w + b log v - log B(a + j, b) - log z`` and ``log w``: the term is that plus ``j log w``; _log_beta:
        # SciPy's betaln(0.25, 500) is 6e-14 off)
        log_w = _ncf_log_w(z, dfn, dfd, log1p_u)
        # (below u = 1 ``a log w - log z`` as ``a log(w / z) + (a - 1) log z``: as written its slopes a / z and -1 / z
        # cancelled, at dfn = 2 d/dx of the log density at x = 1e-20 was -1.3 for -1.05, at 1e-5 1.2e-11 off)
        head = _two_forms(np.asarray(_plain(dfn * z / dfd), dtype=float) > 1.0,
                          lambda z, dfn, dfd, log1p_u: 0.5 * dfn * (_f_log_ratio(dfn, dfd) - log1p_u) + (
                              0.5 * dfn - 1.0) * np.log(z),
                          lambda z, dfn, dfd, log1p_u: -0.5 * dfn * np.log1p(dfd / (dfn * z)) - np.log(z),
                          (z, dfn, dfd, log1p_u), (0.5, 2.0, 2.0, 0.4), (2.0, 2.0, 2.0, 1.6))
        log_w_over_z = _two_forms(np.asarray(_plain(dfn * z / dfd), dtype=float) > 1.0,
                                  lambda z, dfn, dfd, log1p_u: _f_log_ratio(dfn, dfd) - log1p_u,
                                  lambda z, dfn, dfd, log1p_u: -np.log1p(dfd / (dfn * z)) - np.log(z),
                                  (z, dfn, dfd, log1p_u), (0.5, 2.0, 2.0, 0.4), (2.0, 2.0, 2.0, 1.6))
        return -b * log1p_u - _log_beta(a + j, b), head, log_w, log_w_over_z, -log1p_u
    pz, pn, pd = (np.asarray(_plain(v), dtype=float) for v in (z, dfn, dfd))
    with np.errstate(over="ignore", invalid="ignore"):
        beyond = np.broadcast_to(pn * pz > pd, np.broadcast_shapes(pz.shape, pn.shape, pd.shape))  # (w > 1/2)

    def below_half(z, dfn, dfd):  # (w <= 1/2: the cdf's terms the lower tail at w, the sf's its complement)
        a, b, log_w = 0.5 * dfn, 0.5 * dfd, np.log(dfn) - np.log(dfd) + np.log(z) - _f_log1p_u(z, dfn, dfd)
        w = np.exp(log_w)
        return (_f_log_lower_tail(a + j, b, w, log_w) if kind == "cdf"
                else _beta_tail_at_small_w(a + j, b, w, log_w, True, True))

    def above_half(z, dfn, dfd):  # (v = 1 - w < 1/2: the sf's terms the lower tail of (b, a + j) at v)
        a, b, log_v = 0.5 * dfn, 0.5 * dfd, -_f_log1p_u(z, dfn, dfd)
        v = np.exp(log_v)
        return (_f_log_lower_tail(b, a + j, v, log_v) if kind == "sf"
                else _beta_tail_at_small_w(b, a + j, v, log_v, True, True))
    return _two_forms(beyond, below_half, above_half, (z, dfn, dfd), (0.5, 2.0, 2.0), (2.0, 2.0, 2.0))


def _ncf_log_w(z, dfn, dfd, log1p_u):
    """``log w = log(u / (1 + u))``, ``u = dfn z / dfd``: ``log(dfn / dfd) + log z - log1p(u)`` below u = 1 (the ratio's
    log in one rounding, :func:`_f_log_ratio`: as ``log dfn - log dfd`` its rounding, times a = dfn / 2, left the log
    density 1.2e-12 relative off at (0.85, 30, 60)), ``-log1p(1 / u)`` above."""
    pu = np.asarray(_plain(dfn * z / dfd), dtype=float)
    return _two_forms(pu > 1.0, lambda z, dfn, dfd, log1p_u: _f_log_ratio(dfn, dfd) + np.log(z) - log1p_u,
                      lambda z, dfn, dfd, log1p_u: -np.log1p(dfd / (dfn * z)), (z, dfn, dfd, log1p_u),
                      (0.5, 2.0, 2.0, 0.4), (2.0, 2.0, 2.0, 1.6))


def _ncf_sums(name, z, dfn, dfd, nc, kind):
    """The standard log density (``kind`` "log") or log cdf or log sf at z > 0 (plain mask applied by the caller):
    the log of the sum over the window of j (see the class), by logsumexp (its Hessian as softmax's, with no
    difference of the terms' squared slopes)."""
    pz, pn, pd, pc = (np.asarray(_plain(v), dtype=float) for v in (z, dfn, dfd, nc))
    if np.size(pz * pn * pd * pc) == 0:  # (no points: no values, derivative 0)
        return 0.0 * (z + dfn + dfd + nc)
    j, own, largest = _ncf_window(pz, pn, pd, pc)
    if kind != "log":
        _ncf_tail_degrees_checked(name, dfn, dfd, largest)
    terms = _ncf_log_terms(z, dfn, dfd, j, kind)
    head = 0.0
    if kind == "log":  # (head: the j-free ``a log w - log z``, added after the sum)
        terms, head, log_w, log_w_over_z, log_v = terms
    t = 0.5 * nc
    zero = np.asarray(pc == 0)
    if not np.any(zero):
        if kind == "log":
            # (the weight with the density's w^j: e^-t t^j / j! w^j = e^(-t v) e^(-t w) (t w)^j / j!, v = 1 - w, whose
            # log is small about the sum's peak: as log e^-t t^j / j! + j log w, each of size t log t, the log density
            # was 2.2e-13 relative off at nc = 1e4)
            total = terms + _LOG_POISSON_W(t, log_w, j) - t * np.exp(log_v)
            out = _logsumexp(np.where(own, total, -np.inf), axis=0)
            # (where the sum's peak is at small j (t w <= 1), the w^j's z^j as (z / z0)^j, z0 = z's value, over a sum
            # of the rest: through the logsumexp the j = 1 term's slope 1 / z and curvature -1 / z^2 gave its Hessian
            # the difference of p_1 / z^2 and p_1 / z^2, O(1 / z): d2/dx2 at x = 1e-150 and dfn = 2 was -4.5e133)
            pz_all = np.broadcast_to(pz, np.shape(_plain(out)))
            power = np.asarray(pc * 0.5 * np.exp(np.asarray(_plain(log_w), dtype=float)) <= 1.0)
            if np.any(power):
                z0 = np.where(power, pz_all, 1.0)
                # (there e^-t (t w)^j / j!: the weight's e^(-t w) back out, its z in w / z not its whole slope)
                shifted = np.where(power, log_w_over_z + np.log(z0), log_w)
                small = terms + _LOG_POISSON_W(t, shifted, j) + t * np.exp(shifted) - t
                top = stop_gradient(np.max(np.where(own, _plain(small), -np.inf), axis=0))
                in_powers = top + np.log(np.sum(np.where(own, np.exp(small - top) * (np.where(power, z, 1.0) / z0) ** j,
                                                         0.0), axis=0))
                out = np.where(power, in_powers, out)
        else:
            total = terms + _LOG_POISSON(t, j)
            out = _logsumexp(np.where(own, total, -np.inf), axis=0)
    else:
        # (at nc = 0 the weights e^-t t^j / j! themselves, 1 and 0 with their derivatives in t, not their logs, -inf
        # for j > 0: nc's derivative is the j = 1 term's)
        weight = np.where(zero, np.exp(-t) * np.where(zero, t, 1.0) ** j / sc.gamma(j + 1.0),
                          np.exp(_LOG_POISSON(np.where(zero, 1.0, t), j)))
        terms = np.where(own, terms + j * log_w if kind == "log" else terms, -np.inf)
        top = stop_gradient(np.max(_plain(terms), axis=0))
        out = top + np.log(np.sum(weight * np.exp(terms - top), axis=0))
    # (the value as the exactly rounded sum of its own terms (math.fsum), the same alone or beside others in an array:
    # through NumPy's sums their order, and the rounding, moved with the array's shape; the difference a constant)
    plain = np.asarray(_plain(out), dtype=float)
    exact = _exact_log_sum(_plain(terms), _plain(weight), own) if np.any(zero) else _exact_log_sum(
        _plain(total), 1.0, own)
    return out + (exact - plain) + head


def _exact_log_sum(terms, weight, own):
    """The plain ``log sum_j weight_j e^(terms_j)`` over each entry's own window, the sum math.fsum's."""
    terms = np.where(own, np.asarray(terms, dtype=float), -np.inf)
    top = np.max(terms, axis=0)
    scaled = np.asarray(weight, dtype=float) * np.exp(terms - top)
    flat = scaled.reshape(scaled.shape[0], -1)
    sums = np.array([math.fsum(flat[:, i]) for i in range(flat.shape[1])]).reshape(scaled.shape[1:])
    return top + np.log(sums)


def _ncf_at_positive(function, z, zero_value):
    """``function(z)`` where z > 0 (plain), ``zero_value(z)`` at z = 0 (each at a stand-in on the other's entries)."""
    at_zero = np.asarray(_plain(z) == 0)
    return _two_forms(at_zero, function, zero_value, (z,), (1.0,), (0.0,))


def _ncf_log_density(z, dfn, dfd, nc, scale):
    """The log of the density (see the class); at z = 0 ``-nc / 2 + f.logpdf(0, dfn, dfd)`` (every j > 0 term 0)."""
    return _ncf_at_positive(lambda z: _ncf_sums("ncf.logpdf", z, dfn, dfd, nc, "log") - np.log(scale), z,
                            lambda z: -0.5 * nc + f.logpdf(z, dfn, dfd, 0.0, scale))


def _ncf_density(z, dfn, dfd, nc, scale):
    """``exp(logpdf)``; at z = 0 ``e^(-nc / 2) f.pdf(0, dfn, dfd)``, f's density at its end (its powers): through exp
    of the log, -inf there for dfn > 2 with d/ddfn -inf, the derivative in dfn was 0 * -inf = NaN for the truth 0
    (the density is 0 at every dfn > 2; +inf at every dfn < 2, f's -inf from inside, not NaN)."""
    return _ncf_at_positive(lambda z: np.exp(_ncf_log_density(z, dfn, dfd, nc, scale)), z,
                            lambda z: np.exp(-0.5 * nc) * f.pdf(z, dfn, dfd, 0.0, scale))


def _ncf_tail(kind, log):
    """The cdf or the sf (``kind``): ``exp`` of its log sum; or (``log``) that log, where the tail is above 1/2
    (plain, SciPy's ncfdtr) ``log1p(-exp)`` of the other's (each tail its own sum, see the class)."""
    other = "sf" if kind == "cdf" else "cdf"

    def function(z, dfn, dfd, nc, scale):
        def log_tail(which):
            return lambda z: _ncf_at_positive(lambda z: _ncf_sums(f"ncf.{kind}", z, dfn, dfd, nc, which), z,
                                              lambda z: z * 0.0 + (0.0 if which == "sf" else -np.inf))
        if not log:
            return np.exp(log_tail(kind)(z))
        with np.errstate(all="ignore"):
            lower = sc.ncfdtr(*(np.asarray(_plain(v), dtype=float) for v in (dfn, dfd, nc, z)))
        large = np.asarray((lower > 0.5) if kind == "cdf" else (lower < 0.5))
        return _two_forms(large, log_tail(kind), lambda z: np.log1p(-np.exp(log_tail(other)(z))), (z,), (1.0,),
                          (1.0,))
    return function


def _inside(z):
    return (z >= 0) & np.isfinite(z)


_shape_functions(ncf, ("dfn", "dfd", "nc"), _ncf_check, [
    ("logpdf", _inside, _ncf_log_density, -np.inf,
     "``log sum_j e^-t t^j / j! f_j(z) - log(scale)`` on ``z >= 0`` (see the class), ``-inf`` elsewhere.",
     "round(float(ncf.logpdf(1.0, 4.0, 6.0, 2.0)), 6)", "-0.959772"),
    ("pdf", _inside, _ncf_density, 0.0,
     "``exp(logpdf)``: ``sum_j e^-t t^j / j! f_j(z) / scale`` on ``z >= 0``, 0 elsewhere.",
     "round(float(ncf.pdf(1.0, 4.0, 6.0, 2.0)), 6)", "0.38298"),
    ("cdf", _inside, _ncf_tail("cdf", False), 0.0,
     "``sum_j e^-t t^j / j! I_w(dfn / 2 + j, dfd / 2)`` on ``z >= 0`` (see the class).",
     "round(float(ncf.cdf(1.0, 4.0, 6.0, 2.0)), 6)", "0.349553"),
    ("logcdf", _inside, _ncf_tail("cdf", True), -np.inf,
     "``log`` of the cdf (``log1p(-sf)`` where the cdf is above 1/2).",
     "round(float(ncf.logcdf(1.0, 4.0, 6.0, 2.0)), 6)", "-1.051099"),
    ("sf", _inside, _ncf_tail("sf", False), 1.0,
     "``sum_j e^-t t^j / j! I_v(dfd / 2, dfn / 2 + j)``, ``v = 1 / (1 + r z)``, on ``z >= 0`` (see the class).",
     "round(float(ncf.sf(1.0, 4.0, 6.0, 2.0)), 6)", "0.650447"),
    ("logsf", _inside, _ncf_tail("sf", True), 0.0,
     "``log`` of the sf (``log1p(-cdf)`` where the sf is above 1/2).",
     "round(float(ncf.logsf(1.0, 4.0, 6.0, 2.0)), 6)", "-0.430096")])


def _ncf_mean(dfn, dfd, nc):
    return _moment_where(lambda p: p > 2.0, _always, lambda dfn, dfd, nc: dfd * (dfn + nc) / (dfn * (dfd - 2.0)),
                         (dfn, dfd, nc), 3.0, 1)


def _ncf_var(dfn, dfd, nc):
    return _moment_where(lambda p: p > 4.0, lambda p: p > 2.0, lambda dfn, dfd, nc: 2.0 * (dfd / dfn) ** 2 * (
        (dfn + nc) ** 2 + (dfn + 2.0 * nc) * (dfd - 2.0)) / ((dfd - 2.0) ** 2 * (dfd - 4.0)), (dfn, dfd, nc), 5.0, 1)


_add_moments("ncf", ("dfn", "dfd", "nc"), _ncf_mean, _ncf_var, None, _ncf_parameters, (4.0, 6.0, 2.0),
             " The mean ``dfd (dfn + nc) / (dfn (dfd - 2))`` exists for ``dfd > 2`` (inf below), the variance ``2 (dfd "
             "/ dfn)^2 ((dfn + nc)^2 + (dfn + 2 nc)(dfd - 2)) / ((dfd - 2)^2 (dfd - 4))`` for ``dfd > 4``; it is inf "
             "for ``2 < dfd <= 4`` and NaN for ``dfd <= 2``, where the mean is infinite.")



# -- the quantiles: roots of the tails, derivatives by the implicit function theorem ---------------

#: the quantile's range: a root below or above (the tail's own ends, where z, r z or 1 / z leave the floats) is
#: refused
_NCF_Z_RANGE = (1e-290, 1e290)
#: the largest relative error let through: the quantile's is the log tail's rounding, some ``2^-52 (|log q| + 2)``
#: (its terms are logs of that size), over the tail's slope in log z at the root (near dfn / 2 far in the lower tail,
#: dfd / 2 in the upper, ``dfn dfd / (2 (dfn + dfd))`` in the middle at small ones); measured 0.3 to 0.95 of that
#: estimate against mpmath (3.7e-14 at ppf(1e-200, 3, 20, 4) for 6.8e-14; 7.2e-14 at ppf(0.5, 0.01, 0.01, 1) for 7.5e-14,
#: 1.35e-13 at dfn = dfd = 0.004, now refused). Beyond, refused: ppf(1e-300, dfn) for dfn below about 3, isf(1e-300)
#: for dfd below about 3, dfn = dfd below about 0.01
_NCF_LARGEST_ERROR = 1e-13


@functools.lru_cache(maxsize=4096)  # (each partial, in q and in each shape, takes the root again: one Newton's run)
def _ncf_root(q, dfn, dfd, nc, upper):
    """The plain standard ppf (``upper``: isf) at one q in (0, 1): Newton's steps in log z on the log of the tail of
    at most 1/2 at the root (the cdf's own sum against log q or log1p(-q), or the sf's), whose slope ``z pdf / tail``
    is near dfn / 2 and -dfd / 2 in the far tails (the log tail nearly linear in log z there), each step a factor
    ``e^step`` (through ``exp(log z)`` the rounding of log z, |log z| ulps of it, reached z: 3.5e-14 at z = 1e-133),
    from SciPy's ncfdtri (only a start), inside a bracket (a step out of it: the geometric mean of its ends), to a
    step of 2e-15."""
    where = f"ncf.{'isf' if upper else 'ppf'}({q!r}, {dfn!r}, {dfd!r}, {nc!r})"
    lower = (q < 0.5) != upper  # (the cdf is the tail of at most 1/2)
    kind, sign = ("cdf", 1.0) if lower else ("sf", -1.0)
    log_target = math.log(q) if q < 0.5 else math.log1p(-q)
    with np.errstate(all="ignore"):
        z = float(sc.ncfdtri(dfn, dfd, nc, 1.0 - q if upper else q))
    low, high = _NCF_Z_RANGE
    z = min(max(z, low), high) if np.isfinite(z) and z > 0 else 1.0
    below, above = 0.0, math.inf  # (the bracket: points where the tail was found below and above q)
    for _ in range(200):
        with np.errstate(all="ignore"):
            log_tail = float(_ncf_sums(f"ncf.{kind}", z, dfn, dfd, nc, kind))
            slope = sign * z * math.exp(float(_ncf_sums("ncf.pdf", z, dfn, dfd, nc, "log")) - log_tail)
        g = sign * (log_tail - log_target)  # (< 0: z below the root)
        if not (np.isfinite(g) and np.isfinite(slope) and slope != 0):
            raise ValueError(f"{where}: the tail or the density was not finite at z = {z!r}")
        if g == 0:
            break
        below, above = (z, above) if g < 0 else (below, z)
        step = -sign * g / slope
        # (done at a step of 2e-15, or within the log tail's rounding, 2^-52 (|log q| + 1), over the slope: its
        # steps beyond went back and forth, their signs its rounding's)
        if abs(step) <= max(2e-15, 2.0 ** -51 * (abs(log_target) + 1.0) / abs(slope)):
            z *= math.exp(step)
            break
        new = z * math.exp(max(min(step, 700.0), -700.0))
        if not below < new < above and 0 < below and above < math.inf:  # (the bracket's geometric mean; below *
            new = math.sqrt(below) * math.sqrt(above)  # above underflowed at 1e-200)
        if new <= low or new >= high:  # (at the range's end, from where the root is beyond it: refused)
            if z in (low, high):
                raise ValueError(f"{where}: the quantile is beyond [{low:g}, {high:g}] (z = (x - loc) / scale), "
                                 "where the tails are not computed to full precision")
            new = min(max(new, low), high)
        if above - below <= 1e-15 * below:
            z = new
            break
        z = new
    else:
        raise ValueError(f"{where}: Newton's method did not converge in 200 steps")
    error = 2.0 ** -52 * (abs(log_target) + 2.0) / abs(slope)
    if error > _NCF_LARGEST_ERROR:
        raise ValueError(f"{where}: the quantile would carry "
                         f"the log tail's rounding (some {abs(log_target) + 2.0:.3g} ulps of 1) over its slope in log z "
                         f"({abs(slope):.3g}): up to {error:.2g} relative, beyond {_NCF_LARGEST_ERROR:g} (far in a tail "
                         "at a small dfn or dfd, or small dfn and dfd)")
    return z


def _ncf_quantile_plain(upper):
    def plain(q, dfn, dfd, nc):
        q, dfn, dfd, nc = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (q, dfn, dfd, nc)))
        out = np.array([0.0 if qi == (1.0 if upper else 0.0) else np.inf if qi == (0.0 if upper else 1.0)
                        else _ncf_root(float(qi), float(a), float(b), float(c), upper)
                        for qi, a, b, c in zip(q.ravel(), dfn.ravel(), dfd.ravel(), nc.ravel())])
        return out.reshape(q.shape)[()]
    return plain


#: ncf's standard quantiles (ppf, isf) in (q, dfn, dfd, nc): at fixed q, the tail T (the cdf, or the sf for the isf) is
#: q at the root z, so (implicit differentiation) dz/dq ``+-1 / pdf(z)`` and dz/ds ``-T_s / T_z = -+q (d log T / ds) /
#: pdf(z)`` for each shape s, ``d log T / ds`` the log tail's own derivative (forward mode through its rules: the
#: Poisson sum's terms), all traced in z, so their derivatives are the chain rule's (second order: the tails')
_NCF_QUANTILES = [OwnPrimitive(_ncf_quantile_plain(upper), name=f"wengert.scipy.stats.ncf.{'isf' if upper else 'ppf'}",
                               reenters="any") for upper in (False, True)]


def _ncf_quantile_partials(upper):
    sign, log_tail = (-1.0, _ncf_tail("sf", True)) if upper else (1.0, _ncf_tail("cdf", True))

    def in_q(q, dfn, dfd, nc):
        z = _NCF_QUANTILES[upper](q, dfn, dfd, nc)
        return sign * np.exp(-_ncf_log_density(z, dfn, dfd, nc, 1.0))

    def in_shape(k):
        def partial(q, dfn, dfd, nc):
            z = _NCF_QUANTILES[upper](q, dfn, dfd, nc)
            shapes = [dfn, dfd, nc]

            def moved(s):
                return log_tail(z, *shapes[:k], s, *shapes[k + 1:], 1.0)
            try:
                slope = jvp(moved, (shapes[k],), (np.ones(np.shape(_plain(shapes[k]))),))[1]
            except ValueError as error:  # (the tail's limits on its derivatives in dfn and dfd)
                raise ValueError(f"ncf.{'isf' if upper else 'ppf'}: its derivatives in the shapes are the "
                                 f"{'sf' if upper else 'cdf'}'s (implicit differentiation); {error}") from error
            return -sign * q * slope * np.exp(-_ncf_log_density(z, dfn, dfd, nc, 1.0))
        return partial
    return in_q, in_shape(0), in_shape(1), in_shape(2)


for _upper in (False, True):
    _def_partials(_NCF_QUANTILES[_upper], *_ncf_quantile_partials(_upper))


def _ncf_quantile(name, q, dfn, dfd, nc, loc, scale, upper):
    _ncf_parameters(name, dfn, dfd, nc)
    if not isinstance(nc, (Var, Dual)) and np.all(np.asarray(_plain(nc)) == 0):  # (f's own)
        return _f_quantile(name, q, dfn, dfd, loc, scale, upper)
    pq = np.asarray(_plain(q), dtype=float)
    # (the end z = 0, ppf(0) and isf(1): its one-sided limits not implemented; the other, +-inf, is _located's)
    if np.any(pq == (1.0 if upper else 0.0)) and any(isinstance(v, (Var, Dual)) for v in (q, dfn, dfd, nc, loc, scale)):
        raise NoGradientRule(f"wengert.scipy.{name}: derivatives where the quantile is loc (q = {int(upper)}) are not "
                             "implemented")
    return _in_dtype_of(_located(name, q, loc, scale, lambda q, dfn, dfd, nc: _NCF_QUANTILES[upper](q, dfn, dfd, nc),
                                 shapes=(dfn, dfd, nc)), q, dfn, dfd, nc, loc, scale)


_quantiles(ncf, ("dfn", "dfd", "nc"), _ncf_quantile, (
    ("``loc + scale z``, ``z`` the root of ``cdf(z) = q`` (Newton's method in log z on the log of the tail of at most "
     "1/2); derivatives by implicit differentiation of the tail.",
     "round(float(ncf.ppf(0.3, 4.0, 6.0, 2.0)), 6)", "0.874284"),
    ("``loc + scale z``, ``z`` the root of ``sf(z) = q`` (Newton's method in log z on the log of the tail of at most "
     "1/2); derivatives by implicit differentiation of the tail.",
     "round(float(ncf.isf(0.7, 4.0, 6.0, 2.0)), 6)", "0.874284")))
_add_quantile_summaries("ncf", (4.0, 6.0, 2.0))


def _ncf_log_density_at_quantile(p, upper, dfn, dfd, nc):
    """The standard log density at the quantile of tail p (:func:`_common._ts_level`'s ``at``), -inf (the node left
    out) where p < 1e-50: there ppf and isf refuse far out at a small dfn or dfd (ncf.ppf(7e-190, 1.5, 30, 0.5): the
    log tail's rounding; below z = 1e-290 or above 1e290), and those nodes add nothing the sum can hold: in the power
    tails ``f ~ z^(dfn/2 - 1)`` (``F ~ z^(dfn/2)``) and ``f ~ z^(-dfd/2 - 1)``, ``|log f(Q(u))| ~ (1 + 2/d) |log u|``, so
    the mass left out adds some ``1e-50 (1 + 2/d) 117``, below 2^-100 for d above 1e-17. ValueError below that, and
    where ppf or isf refuse at a node kept."""
    plain = [np.asarray(_plain(v), dtype=float) for v in (dfn, dfd, nc)]
    d = np.minimum(plain[0], plain[1])
    if np.any(1e-50 * (1.0 + 2.0 / d) * 117.0 > 2.0 ** -100):
        raise ValueError("ncf.entropy: dfn or dfd below 1e-17, where the quadrature's tails beyond u = 1e-50 (left "
                         "out: the quantiles there are not computed to full precision) could show in the sum")
    out = p < 1e-50
    try:
        z = (ncf.isf if upper else ncf.ppf)(np.where(out, 0.5, p), dfn, dfd, nc)
    except ValueError as error:
        raise ValueError(f"ncf.entropy: a quadrature node's quantile is refused: {error}") from error
    return np.where(out, -np.inf, ncf.logpdf(z, dfn, dfd, nc))


# (session 54; SciPy integrates it)
_add_quadrature_entropy("ncf", (4.0, 6.0, 2.0), _ncf_log_density_at_quantile, "2.145217")
