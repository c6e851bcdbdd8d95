"""``scipy.stats`` densities, as wengert differentiates them.

SciPy's distributions are Python code that converts its arguments to arrays, which a
Var refuses; the functions here take the same arguments as SciPy's (``norm.logpdf(x,
loc, scale)``) and give the same values, written with NumPy and ``scipy.special`` calls
that have rules, so that they are differentiable in every continuous argument, to every
order; :func:`sem` (the standard error of the mean) is here too. The continuous distributions
with closed forms have ``mean``, ``var``, ``std`` and ``entropy`` (in their shapes, loc and scale),
and ``median`` and ``interval`` from their ``ppf``. A mean whose integral diverges is ``inf``, a
variance ``inf`` where the mean is finite and the second moment not, ``nan`` where the mean is
infinite (``genpareto``, ``lomax``, ``f``). An infinite moment has derivative 0 in every
argument (its shapes, loc and scale): it is ``inf`` on a neighbourhood of the point, a constant
(so ``exp(-mean)``, which is 0 there, has its true derivative 0); an undefined one has NaN
derivatives. What is not differentiated
is refused by name with
:class:`~wengert.NoGradientRule`: ``poisson`` in ``k`` (a count), and third derivatives in
the shapes of the distributions built on ``betainc`` and ``gammainc``.

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
import functools
import inspect
import math
import warnings
from fractions import Fraction

import numpy as np
from scipy import special as sc

from .._backend import Dual, Var
from ..errors import NoGradientRule
from ..forward import defjvp
from ..ops._util import at_kink, def_partials as _def_partials, live_zeros as _live_zeros, piecewise as _piecewise, polynomial, unbroadcast
from ..ops.scipy_special import (BERNOULLI_2K, DIGAMMA_SERIES, betainccinv_checked, betaincinv_checked, erfcinv_slope,
                                  gammainc_da, gammaincinv_da, log_beta, log_beta_exact, log_betainc_lower,
                                  stirling_correction, upper_gamma_fraction)
from ..ops.scipy_special_dist import F_MAX_DF
from ..ops.shape import astype
from ..primitive import Primitive, defvjp
from ..structured import peek, plain_tree, stop_gradient
from ..transforms import jvp

__all__ = ["beta", "chi2", "dirichlet", "gamma", "multivariate_normal", "norm", "poisson", "t",
           "bernoulli", "binom", "cauchy", "expon", "geom", "laplace", "logistic", "lognorm",
           "multinomial", "nbinom", "pareto", "truncnorm", "uniform", "vonmises"]

_LOG_2PI = float(np.log(2.0 * np.pi))
# (Python floats, weak in NumPy's promotion as literals are: an np.log(2.0) in a float32 formula,
# a float64 NumPy scalar, made its value float64)
_LOG_2 = float(np.log(2.0))
_LOG_GAMMA_HALF = 0.5 * math.log(math.pi)  # (log gamma(1/2))
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


def _zero_wins(g, partial):
    """``g * partial``, 0 where one of them is 0 (plain) and the other infinite."""
    pg, pp = np.asarray(plain_tree(g)), np.asarray(plain_tree(partial))
    zero = ((pg == 0) & np.isinf(pp)) | ((pp == 0) & np.isinf(pg))
    if not np.any(zero):
        return g * partial
    return np.where(zero, 0.0, g) * np.where(zero, 0.0, partial)


def _standardize_value(x, loc, scale):
    return (x - loc) / scale


#: ``z = (x - loc) / scale`` as one primitive whose chain rule takes an exact 0 over an infinity: at
#: ``x == loc`` (z = 0 for every scale) d/dscale is 0 where the function's z-derivative is infinite (an end
#: of the support: weibull_min.sf(0, 0.5), beta.cdf(0, 1e-12, 2.5), arcsine.cdf(0): inf * 0 = NaN), and
#: where the z-derivative is 0 (beyond the support, far out) while ``-z / scale`` overflows (scale = 1e-200:
#: 0 * inf = NaN); forward mode took both as 0 already (times_tangent)
_STANDARDIZE = Primitive(_standardize_value, name="wengert.scipy.stats (x - loc) / scale", reenters="any")
defvjp(_STANDARDIZE,
       lambda ans, x, loc, scale: lambda g: unbroadcast(_zero_wins(g, 1.0 / scale), np.shape(_plain(x))),
       lambda ans, x, loc, scale: lambda g: unbroadcast(_zero_wins(g, -1.0 / scale), np.shape(_plain(loc))),
       lambda ans, x, loc, scale: lambda g: unbroadcast(
           _zero_wins(g, -_STANDARDIZE(x, loc, scale) / scale), np.shape(_plain(scale))))
defjvp(_STANDARDIZE, lambda ans, primals, tangents: functools.reduce(lambda u, v: u + v, [
    _zero_wins(t, p) for t, p in zip(tangents, (1.0 / primals[2], -1.0 / primals[2],
                                                -_STANDARDIZE(*primals) / primals[2])) if t is not None])
       + np.zeros_like(_plain(ans)))


def _standardized(name, x, loc, scale):
    """``(x - loc) / scale``, refusing a scale that is not positive (:data:`_STANDARDIZE` where one of them
    is traced)."""
    if np.any(_plain(scale) <= 0):
        raise ValueError(f"{name}: scale must be positive")
    if not any(isinstance(v, (Var, Dual)) for v in (x, loc, scale)):
        return (x - loc) / scale
    return _STANDARDIZE(x, loc, scale)


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
_second_order_kink = Primitive(_identity, name="wengert.scipy.stats.kink")
defvjp(_second_order_kink, lambda ans, z, what: lambda g: at_kink(g, z, lambda: z == 0, what))


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


def _gamma_log_density(z, a, scale):
    return _on_support(_plain(z) >= 0,
                       lambda z: sc.xlogy(a - 1.0, z) - z - sc.gammaln(a) - np.log(scale), z)


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


def _gamma_shape_at_end(name, z, a):
    """Refuse a traced shape at ``z = 0`` where ``a = 1`` (chi2: ``df = 2``), see
    :func:`_refuse_a_jump_in_shape`."""
    chi2_ = name.startswith("chi2")
    _refuse_a_jump_in_shape(name, a, lambda: (z == 0) & (a == 1), "df" if chi2_ else "a",
                            "df = 2 where x == loc" if chi2_ else "a = 1 where x == loc",
                            "z**(df/2 - 1)" if chi2_ else "z**(a - 1)")
    return z


def _gamma_logpdf(name, x, a, loc, scale):
    z = _gamma_shape_at_end(name, _standardized(name, x, loc, scale), a)
    return _gamma_log_density(z, a, scale)


def _gamma_pdf(name, x, a, loc, scale):
    z = _gamma_shape_at_end(name, _standardized(name, x, loc, scale), a)
    # 0 below the support (with derivatives 0): the powers near the end, evaluated on both sides of it,
    # gave z^(a-1) e^-z there (gamma.pdf(0.499, 2, 0.5, 1.5) was -4.4e-4, chi2.pdf(0.499, 2, 0.5, 1.5) 0.33,
    # for SciPy's 0; NaN for a non-integer a)
    return _on_support(_plain(z) >= 0, lambda z: _exp_at_ends(
        lambda z: _gamma_log_density(z, a, scale), lambda z: z ** (a - 1.0) * np.exp(-z - sc.gammaln(a)) / scale,
        z, (0.0,), (a - 1.0,)), z, outside=0.0)


def _gamma_cdf(name, x, a, loc, scale):
    z = _standardized(name, x, loc, scale)
    return _on_support(_plain(z) >= 0, lambda z: sc.gammainc(a, z), z, outside=0.0)


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
            slope = np.asarray(_plain(jvp(lambda q: standard(q, *plain_shapes), (np.where(candidates, pq, 0.5) + 0.0,),
                                          (np.ones(np.shape(pq)),))[1]), dtype=float)
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
_STEEP_END = Primitive(_steep_end_value, name="wengert.scipy.stats.steep_quantile_end", reenters="any")
_STEEP_SLOPE = Primitive(_steep_slope_value, name="wengert.scipy.stats.steep_quantile_slope", reenters="any")
#: ``_STEEP_END``'s derivative in scale: 0 (``z`` at the end, held apart), its derivative in q ``z' = sign inf``
_STEEP_UNIT = Primitive(lambda q, sign=1.0, root=1.0: _steep_end_value(q, 0.0, sign),
                        name="wengert.scipy.stats.steep_quantile_unit", reenters="any")
#: 0 at a steep end, in q and one shape (:func:`_located`): its d2/dq dshape, in either order, ``sign inf`` (the limit:
#: ``sign`` the slope's times the shape's declared direction), its other first and second
#: derivatives 0 (those in q and scale are :data:`_STEEP_END`'s, the end's own in the shape ``held``'s)
_STEEP_MIXED = Primitive(_steep_end_value, name="wengert.scipy.stats.steep_quantile_mixed", reenters="any")
#: ``_STEEP_MIXED``'s derivative in q: 0, its derivative in the shape ``sign inf``
_STEEP_MIXED_SLOPE = Primitive(_steep_end_value, name="wengert.scipy.stats.steep_quantile_mixed_slope",
                               reenters="any")


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


def _exp_of_log(cls, name, example, value, doc=None, inside=None):
    """Give the distribution ``cls`` its density ``name`` (``pdf`` or ``pmf``): ``exp`` of its
    ``log<name>``, with the same arguments (and signature); ``doc`` (the formula) defaults
    to ``exp(cls.log<name>(...))``. ``inside``: a standardized point of the support, where
    the density is evaluated in place of the points where it vanishes (:func:`_vanishing`;
    for a density whose log has an infinite derivative where the density underflows)."""
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
    setattr(density, "__signature__", signature)
    density.__doc__ = _doc(cls, doc or f"``exp({cls.__name__}.{log_name}({', '.join(signature.parameters)}))``.",
                           example, value)
    _method(cls, name)(density)


def _standard_method(name, standard, quantile):
    """``standard((x - loc) / scale)`` (``scale`` checked), or for a ``quantile``, with
    ``standard = (function, sign)``: ``loc + sign * scale * function(q)`` (:func:`_located`)."""
    if not quantile:
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


_exp_of_log(norm, "pdf", "round(float(norm.pdf(1.0, 1.0, 2.0)), 6)", "0.199471", inside=0.0)
_location_scale(norm, (
    ("cdf", sc.ndtr,
     "``ndtr((x - loc) / scale)``.",
     "float(norm.cdf(0.0))", "0.5"),
    ("logcdf", sc.log_ndtr,
     "``log_ndtr((x - loc) / scale)``: exact far in the left tail.",
     "round(float(norm.logcdf(-40.0)), 3)", "-804.608"),
    ("sf", lambda z: sc.ndtr(-z),
     "``1 - cdf``, as ``ndtr(-(x - loc) / scale)`` (exact in the right tail).",
     "float(norm.sf(0.0))", "0.5"),
    ("logsf", lambda z: sc.log_ndtr(-z),
     "``log(1 - cdf)``, as ``log_ndtr(-(x - loc) / scale)``.",
     "round(float(norm.logsf(40.0)), 3)", "-804.608"),
    ("ppf", (sc.ndtri, 1.0),
     "``loc + scale ndtri(q)``.",
     "float(norm.ppf(0.5, 1.0))", "1.0"),
    ("isf", (sc.ndtri, -1.0),
     "``loc - scale ndtri(q)``.",
     "float(norm.isf(0.5, 1.0))", "1.0"),
))


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


def _t_log_kernel(m, df, h, e, w, axis=None):
    """The log density of the (multivariate, ``2h``-dimensional) t at the squared Mahalanobis
    distance ``m 4^e``, but for ``- h log(2 pi) - log det(scale) / 2``: ``log gamma(df/2 + h) -
    log gamma(df/2) - h log(df/2) - (df/2 + h) log1p(m 4^e / df)``, with ``df/2 log1p(m / df)`` as
    :func:`_log1p_over` (its series near ``m / df = 0``: the derivatives in df, about ``1 / df^2``,
    of terms about ``1 / df``, keep their digits; at ``df = inf`` the normal's ``m / 2``). ``e``: the
    plain exponents of :func:`_scaled_squares` (0 but where the squared distance overflows), and there
    ``log1p(m 4^e / df)`` as ``log(m / df) + e log 4 + log1p(df 4^-e / m)``, finite; at ``df = inf`` where
    ``m`` overflowed (``e`` 0), ``-m / 2`` (-inf, the truth's rounding; its derivatives finite), which
    ``log1p(c m) / c`` at ``c = 0`` made NaN. The same far form where ``m / df`` overflows but ``m`` does
    not (``e`` 0 there), and from ``m > df`` on, its ``log(m 4^e)`` from ``w`` (the unscaled distances whose
    squares, summed over ``axis``, ``m 4^e`` is) by :func:`_log_sum_of_squares`: through ``m`` the cotangent
    met ``1 / m`` before ``dm/dw = 2 w``, their product below the truth's by ``|w|`` (the density's, about
    ``|w|^-(df + d)``, underflowed: grad of t.pdf(x, 0.5) at x = 1e100 was 0.0, the truth -2.4e-251), and the
    near form's second derivative lost its terms in ``(1 + m / df)^-2`` (t.pdf'' at x = 1e50, df = 3 was
    -1.3e-299, the truth 6.6e-299; multivariate_t.pdf's at ``[1e60, 0]``, df = 0.5, -1.7e-271 for 5.9e-271)."""
    if type(m) not in (Var, Dual) and not np.any(m):  # (at the center, a plain 0: the rest is 0 at every df, whose
        # 1 / df's tangent, -1 / df^2, overflowed at df = 1e-300 and met log1p(c m) / c's partial 0 in c: NaN by jvp)
        return _log_gamma_ratio(0.5 * df, h) + np.zeros(np.shape(m))
    with np.errstate(divide="ignore"):  # (1 / df at df = inf: 0, the normal)
        c = 1.0 / df
    pm, pc = _plain(m), _plain(c)
    with np.errstate(over="ignore", invalid="ignore"):  # (m / df overflows while m does not: df < 1 and m
        # near the largest float; t.logpdf(1e154, 0.5) was -inf, the truth -533.73)
        # (from m / df = 1 on, not where it overflows: just below, the derivative of m / df in df,
        # -m / df^2, overflowed: d/ddf inf by jvp at x = 8.5e153, df = 0.5, the truth -352.7)
        over = ~(pm * pc <= 1.0) & np.isfinite(pm) & (pc != np.inf)
    big, infinite = (np.asarray(e) > 0) | over, np.isinf(pm) & (_plain(df) == np.inf)
    if not (np.any(big) or np.any(infinite)):
        return _log_gamma_ratio(0.5 * df, h) - 0.5 * _log1p_over(c, m) - h * _t_log1p_ratio(m, df)
    # (each form on its own points, the others' at 1: finite, so that no NaN reaches a derivative)
    m_near, m_far, df_far = np.where(big | infinite, 1.0, m), np.where(big, m, 1.0), np.where(big, df, 1.0)
    dtype = np.asarray(pm).dtype  # (float32 stays float32)
    with np.errstate(under="ignore"):  # (df 4^-e: 0 where the square is ever so large)
        # (log m - log df, not log(m / df): m is about 1 there and df may be 1e170, where the quotient's
        # tangent -m / df^2 underflowed (forward mode lost d/ddf's 1/2 and all of d/dx) and the adjoint
        # (df / 2) / (m / df) overflowed (reverse mode: inf))
        log1p_far = (_log_sum_of_squares(np.where(big, w, 1.0), axis) - np.log(df_far)
                     + np.log1p(df_far * np.ldexp(np.ones((), dtype), -2 * np.asarray(e)) / m_far))
    # (the near form at its own points only, df and 1 / df at 1 elsewhere, 1 / df taken after the mask: at df =
    # 1e-300 its derivative -1 / df^2 met the mask's zero cotangent, NaN in jvp of grad of t.logpdf(1, df))
    df_near = np.where(big | infinite, 1.0, df)
    with np.errstate(divide="ignore"):
        c_near = 1.0 / df_near
    return _log_gamma_ratio(0.5 * df, h) + np.where(big, -(0.5 * df_far + h) * log1p_far, np.where(
        infinite, -0.5 * np.where(infinite, m, 0.0),
        -0.5 * _log1p_over(c_near, m_near) - h * _t_log1p_ratio(m_near, df_near)))


def _t_log1p_ratio(m, df):
    """``log1p(m / df)``, as ``log(m + df) - log(df)`` where ``m > df``: through ``log1p(c m)``, ``c = 1 / df``, the
    mixed derivative in m and df was two terms of about ``1 / (df m)`` cancelling to ``1 / m^2`` (times ``dc/d df =
    -1 / df^2``): d2/dx d df of t.logpdf(-1e-10, 1e-100) 0 (reverse over reverse) and -1.4e94 for -1e30."""
    pm, pdf = np.asarray(_plain(m)), np.asarray(_plain(df))
    with np.errstate(invalid="ignore"):
        above = np.broadcast_to(pm > pdf, np.broadcast_shapes(pm.shape, pdf.shape))  # (False at df = inf)

    def near(m, df):
        with np.errstate(divide="ignore"):  # (1 / df at df = inf: 0, the normal)
            return np.log1p((1.0 / df) * m)
    return _two_forms(above, near, lambda m, df: np.log(m + df) - np.log(df), (m, df), (0.5, 1.0), (2.0, 1.0))


def _log_sum_of_squares(w, axis=None):
    """``log(sum(w^2, axis))`` (``w`` finite, not all 0) without the sum's cotangent ``1 / m`` apart from ``dm/dw =
    2 w`` (their product, about ``1 / |w|``, underflowed where the one met was tiny): ``2 log|w|``, or (over
    ``axis``) ``log(sum((w 2^-k)^2)) + 2 k log 2``, ``2^k`` the plain power of 2 of the largest ``|w|``, exact."""
    if axis is None:
        return 2.0 * np.log(np.abs(w))
    pw = np.abs(np.asarray(_plain(w)))
    pw = pw if pw.dtype.kind == "f" else pw.astype(float)
    k = np.frexp(np.max(pw, axis=axis))[1]
    scaled = w * np.ldexp(np.ones((), pw.dtype), -np.expand_dims(k, axis))
    return np.log(np.sum(scaled * scaled, axis=axis)) + np.asarray(2.0 * _LOG_2 * k, dtype=pw.dtype)


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


class t:
    """Student's t distribution, as ``scipy.stats.t``: ``pdf``, ``logpdf`` and the tails
    (``cdf``, ``sf`` and their logarithms) in x, df, loc and scale (df through the derivatives
    of ``betainc`` in its shapes, for df up to 1e3, to second order up to 100: beyond,
    ValueError); the quantiles too (``stdtrit`` in df, the same limits), but far out (``df / x^2 < 1e-3``,
    where SciPy's root was clamped, +inf or finite past the largest float) the root of the exact log tail,
    in every df, ``-inf`` or ``inf`` where it overflows (every derivative infinite there).

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
        m, e = _scaled_squares(z, where=_plain(df) != np.inf)  # (z^2 overflows from |z| = 1.3e154)
        return _t_log_kernel(m, df, 0.5, e, z) - 0.5 * _LOG_2PI - _log_of(scale)

    @staticmethod
    def cdf(x, df, loc=0.0, scale=1.0):
        """``stdtr(df, (x - loc) / scale)`` (it has no closed form); in every argument (``df``
        through the derivatives of ``betainc`` in its shapes, to second order).

        >>> from wengert.scipy.stats import t
        >>> float(t.cdf(0.0, 2.5))
        0.5
        """
        return sc.stdtr(df, _standardized("t.cdf", x, loc, scale))

    @staticmethod
    def logcdf(x, df, loc=0.0, scale=1.0):
        """``log(t.cdf(x, df, loc, scale))`` (as ``log1p(-sf)`` where the cdf is near 1).

        >>> from wengert.scipy.stats import t
        >>> round(float(t.logcdf(0.0, 2.5)), 6)
        -0.693147
        """
        # (log(stdtr) was 0.0 in the right tail, at x = 40, df = 1e6, scale = 1.5, where SciPy and
        # mpmath give -6.5095e-157, with the gradient pdf / 1 there but the value lost)
        return _tail(lambda z: sc.stdtr(df, z), lambda z: sc.stdtr(df, -z), True, lambda z: _t_log_cdf(df, z),
                     lambda z: sc.stdtr(_plain(df), z))(_standardized("t.logcdf", x, loc, scale))


_exp_of_log(t, "pdf", "round(float(t.pdf(0.0, 1.0)), 6)  # Cauchy: 1 / pi", "0.31831")


class gamma:
    """The gamma distribution, as ``scipy.stats.gamma``: differentiable in x, a, loc and scale
    (the tails and quantiles in ``a`` to second order, mixed with x or q too; their third
    derivative in ``a`` is refused, that of ``gammainc`` in ``a`` not being implemented).

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
        """``gammainc(a, (x - loc) / scale)``, 0 below the support.

        >>> from wengert.scipy.stats import gamma
        >>> round(float(gamma.cdf(1.0, 1.0)), 6), float(gamma.cdf(-1.0, 2.0))
        (0.632121, 0.0)
        """
        return _gamma_cdf("gamma.cdf", x, a, loc, scale)


class chi2:
    """The chi-squared distribution, as ``scipy.stats.chi2`` (a gamma distribution with
    ``a = df / 2`` and twice the scale): ``pdf`` and ``logpdf`` in x, df, loc and scale;
    its tails and quantiles in ``df`` too, to second order (and mixed with x or q);
    their third derivative in ``df`` is refused (that of ``gammainc`` in ``a`` is not implemented).

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
        """``gammainc(df / 2, (x - loc) / (2 scale))``.

        >>> from wengert.scipy.stats import chi2
        >>> round(float(chi2.cdf(1.0, 2.0)), 6)
        0.393469
        """
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
        return _beta_log_density(_beta_shapes_at_ends("beta.logpdf", x, a, b, loc, scale), a, b, scale)

    @staticmethod
    def pdf(x, a, b, loc=0.0, scale=1.0):
        """``exp(beta.logpdf(x, a, b, loc, scale))``.

        >>> from wengert.scipy.stats import beta
        >>> round(float(beta.pdf(0.5, 2.0, 2.0)), 6)
        1.5
        """
        z = _beta_shapes_at_ends("beta.pdf", x, a, b, loc, scale)
        # 0 outside [0, 1] (see _gamma_pdf: beta.pdf(0.499, 2, 2, 0.5, 1.5) was -2.7e-3 for 0)
        return _on_support((_plain(z) >= 0) & (_plain(z) <= 1), lambda z: _exp_at_ends(
            lambda z: _beta_log_density(z, a, b, scale), lambda z: _beta_powers(z, a, b) / scale, z,
            (0.0, 1.0), (a - 1.0, b - 1.0)), z, outside=0.0)

    @staticmethod
    def cdf(x, a, b, loc=0.0, scale=1.0):
        """``betainc(a, b, (x - loc) / scale)``, 0 below and 1 above the support; in every
        argument (``a`` and ``b`` to second order, for a, b up to 1e7).

        >>> from wengert.scipy.stats import beta
        >>> float(beta.cdf(0.25, 1.0, 1.0)), float(beta.cdf(1.5, 2.0, 2.0))
        (0.25, 1.0)
        """
        return _beta_tail("beta.cdf", x, a, b, loc, scale, False, False)


def _beta_powers(z, a, b):
    """``z^(a - 1) (1 - z)^(b - 1) / B(a, b)``; at an end where the power is 0 and ``1 / B(a, b)`` overflows (a or b
    above about 300), with it inside that power (``(z B^(-1 / (a - 1)))^(a - 1)`` at z = 0): alone it met the power's
    0, ``inf * 0`` (beta.pdf(0, 1e200, 2.5) was NaN for 0; its derivatives there are 0, or inf for a <= 2). Only there:
    elsewhere ``B^(-1 / (a - 1))`` rounds to 1 for a huge a. Near 0, where the z-derivatives of ``(1 - z)^(b - 1)``
    are below rounding beside those of ``z^(a - 1)`` (``_BELOW_ROUNDING``), they are dropped (in b kept): through the
    product the second derivative took ``2 (z^(a - 1))' ((1 - z)^(b - 1))'``, infinite beside ``(z^(a - 1))''`` with
    the other sign for a < 1 (beta.pdf(1e-300, 0.5, 0.5)'', arcsine's: NaN, the truth +inf), or ``-inf * 0`` at b = 1
    (powerlaw.pdf(1e-300, 0.5)'': NaN, the truth +inf)."""
    pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
    shape = np.broadcast_shapes(pz.shape, pa.shape, pb.shape)
    with np.errstate(invalid="ignore"):
        # (the second factor's share of the first two derivatives: (b - 1) z / (a - 1), 2 (b - 1) z / (a - 2))
        drop = (pz > 0) & ((1.0 + np.abs(pb - 1.0)) ** 2 * pz < _BELOW_ROUNDING * np.minimum(
            np.abs(pa - 1.0), np.abs((pa - 1.0) * (pa - 2.0))))

    def whole(z, a, b):
        return z ** (a - 1.0) * (1.0 - z) ** (b - 1.0) * np.exp(-_of_numbers(sc.betaln, a, b))

    def plain_form(z, a, b):
        if not np.any(drop) or type(z) not in (Var, Dual):
            return whole(z, a, b)
        return _two_forms(np.broadcast_to(drop, shape), whole, lambda z, a, b: z ** (a - 1.0) * (
            1.0 - stop_gradient(z)) ** (b - 1.0) * np.exp(-_of_numbers(sc.betaln, a, b)), (z, a, b), (0.5, 2.0, 2.0),
            (0.5, 2.0, 2.0))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        undefined = np.broadcast_to(np.isnan(plain_form(pz, pa, pb)), shape)
    if not np.any(undefined):
        return plain_form(z, a, b)

    def folded(z, a, b):  # into z's power, at z = 0
        # (its log capped at 700: c^p overflows still for p > 1.015, as 1 / B does, and the derivatives at 0 are 0 or
        # inf but for p = 1, left NaN: there the first is 1 / B itself, inf, and z c = 0 * inf)
        p = a - 1.0
        log_c = -sc.betaln(a, b) / p
        capped = np.where(_plain(p) == 1.0, log_c, np.minimum(log_c, 700.0))
        return (z * np.exp(capped)) ** p * (1.0 - z) ** (b - 1.0)
    at_one = undefined & np.broadcast_to(pz == 1.0, shape)
    return _two_forms(undefined & ~at_one, lambda z, a, b: _two_forms(
        at_one, plain_form, lambda z, a, b: folded(1.0 - z, b, a), (z, a, b), (0.5, 2.0, 2.0), (1.0, 2.0, 1e3)),
        folded, (z, a, b), (0.5, 2.0, 2.0), (0.0, 1e3, 2.0))


def _beta_shapes_at_ends(name, x, a, b, loc, scale):
    """``z``, refusing a traced ``a`` at ``z = 0`` where ``a = 1`` and a traced ``b`` at
    ``z = 1`` where ``b = 1`` (see :func:`_refuse_a_jump_in_shape`)."""
    z = _standardized(name, x, loc, scale)
    _refuse_a_jump_in_shape(name, a, lambda: (z == 0) & (a == 1), "a", "a = 1 where x == loc", "z**(a - 1)")
    _refuse_a_jump_in_shape(name, b, lambda: (z == 1) & (b == 1), "b", "b = 1 where x == loc + scale",
                            "(1 - z)**(b - 1)")
    return z


def _beta_log_density(z, a, b, scale):
    plain = _plain(z)
    return _on_support(
        (plain >= 0) & (plain <= 1),
        lambda z: (sc.xlogy(a - 1.0, z) + sc.xlog1py(b - 1.0, -z) - _of_numbers(sc.betaln, a, b)
                   - np.log(scale)), z)


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


#: 1 / (2 j + 3): bd0's series in v^2 (|v| < 0.1: 10 terms reach 1e-20)
_BD0_SERIES = [1.0 / (2 * j + 3) for j in range(10)]


def _x_log_x_over_value(m, x):
    """``x log(x / m)`` for plain ``x > m > 0`` as ``-x log(m / x)``; below ``m / x = 1e-100`` as ``x (log x - log
    m)``: -x log(0) was inf where m / x underflowed (poisson.logpmf(1e300, 1e-300) -inf for -1.38e303). Only there:
    the difference of logs loses log10(|log x| / log(x / m)) digits, at most 6 ulps there (2.5 digits at x / m =
    1.2, x = 1e308)."""
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    tiny = m < 1e-100 * x
    with np.errstate(divide="ignore"):
        ratio = -sc.xlogy(x, np.where(tiny, x, m) / x)
        xt = np.where(tiny, x, 1.0)
        return np.where(tiny, xt * (np.log(xt) - np.log(np.where(tiny, m, 1.0))), ratio)[()]


def _bd0_value(m, x):
    """Loader's deviance term ``x log(x / m) + m - x`` at plain ``m > 0`` and counts ``x >= 0``: where ``v = (x - m) /
    (x + m)`` is below 0.1, its series ``(x - m) v + x (2 v^3 sum_j v^2j / (2 j + 3))``, whose terms are all small
    (the direct form is a difference of numbers of size x that cancel to (x - m)^2 / 2m near the mode: 1e-13 of the
    pmf at x = 150); x multiplies last, 2 x overflowed from x = 9e307 (poisson.logpmf(9e307, 9.5e307) +inf for
    -1.3395e305, at (1e308, 1e308) NaN, inf * 0, for -355.5)."""
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    # (the mean h of x and m, not their sum, which overflowed from 9e307: the same numbers, scaled by 2 exactly)
    h = 0.5 * x + 0.5 * m
    near = (x - m < 0.2 * h) & (m - x < 0.2 * h)
    ms = np.where(near, m, x + 1.0)
    v = (x - ms) / (0.5 * x + 0.5 * ms) * 0.5
    series = (x - ms) * v + x * (2.0 * v ** 3 * polynomial(v * v, _BD0_SERIES))
    md = np.where(near, x, m)  # (x where near: its log term 0, no overflow to discard)
    above = x > md
    with np.errstate(divide="ignore"):
        log_term = np.where(above, _x_log_x_over_value(np.where(above, md, 0.5), np.where(above, x, 1.0)),
                            sc.xlogy(x, x / np.where(above, 1.0, md)))
    # (m - x first: (x log(x / m) + m) - x overflowed from x = 1.3e308 at m = x / 1.7)
    return np.where(near, series, log_term + (md - x))[()]


def _bd0_dm(m, x):
    """d/dm bd0 = ``1 - x / m``, near the mode as ``(m - x) / m`` (exact there: 1 - x / m kept eps absolute, not
    relative); apart as ``1 - x / m``, whose derivative ``x / m^2`` is a quotient of quotients, not ``1 / m -
    (m - x) / m^2`` (which cancels for x << m)."""
    mp = np.asarray(_plain(m), dtype=float)
    h = 0.5 * x + 0.5 * mp
    near = (x - mp < 0.2 * h) & (mp - x < 0.2 * h)  # (the value's switch, on plain numbers)
    return np.where(near, (m - x) / m, 1.0 - x / m)


#: Loader's bd0 in ``m`` (``x`` a plain keyword) as one primitive whose derivative in ``m`` is :func:`_bd0_dm`.
#: Differentiated through its forms, forward over forward formed the series' v'' ~ 1 / m^2 and the second tangent
#: of x / m, 2 x / m^3, which underflowed from m = 1e154 (d2/dmu2 poisson.logpmf(1e200, 0.85e200) -1.1696e-200 for
#: -1.3841e-200, at (1e200, 3e200) +1.111e-201 for -1.111e-201); above m, through xlogy(x, x / m), the cotangent
#: was divided by x / m before the multiplication by x / m^2, and a subnormal one underflowed (binom.pmf(50, 100,
#: 1e-7)'s derivative in p -5e-320 for +5.04e-313), and as -x log(m / x) the pullback of log formed x / (m / x),
#: inf once x^2 / m passed 1.8e308 (d/dm poisson.logpmf(1e300, 1e250) inf for 1e50)
_BD0 = Primitive(_bd0_value, name="wengert.scipy.stats (bd0)", reenters="any")
_def_partials(_BD0, _bd0_dm)


def _bd0(x, m):
    """Loader's deviance term ``x log(x / m) + m - x`` (``x`` a plain count >= 0, ``m > 0``): see :func:`_bd0_value`
    and :data:`_BD0`."""
    return _BD0(m, x=np.asarray(_plain(x), dtype=float))


def _poisson_log_terms(k, mu):
    """``log pmf`` of poisson at plain whole ``k >= 0``: for ``k >= 1`` and ``mu > 0`` Loader's
    ``-stirlerr(k) - bd0(k, mu) - log(2 pi k) / 2``, whose terms are small near the mode (the plain
    ``k log(mu) - log(k!) - mu``, SciPy's, cancels: 2.7e-13 of the pmf at (1000, 990)); else the plain one."""
    loader = (k >= 1) & (mu > 0)
    plain = None if np.all(loader) else sc.xlogy(k, mu) - sc.gammaln(k + 1.0) - mu
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
    plain = None if np.all(loader) else _log_choose(n, k) + sc.xlogy(k, p) + sc.xlog1py(n - k, -p)
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

__all__ += ["invwishart", "multivariate_t", "wishart"]


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




# -- more distributions (jax.scipy.stats' set), quantiles and survival functions ----
# Each is written with differentiable calls, as above; the support is handled by
# _on_support (the density or cdf evaluated inside only, so no NaN reaches the gradient).

def _log1mexp(x):
    """``log(1 - exp(x))`` for ``x <= 0``, accurate at both ends."""
    near = _plain(x) > -0.6931471805599453
    return np.where(near, np.log(-np.expm1(np.where(near, x, -1.0))),
                    np.log1p(-np.exp(np.where(near, -1.0, x))))


def _log1mexp_of_exp(t):
    """``log(1 - exp(-e^t))`` (gumbel_r's log sf at ``t = -z``, gumbel_l's log cdf at ``t = z``): where ``u = e^t < 1/2``
    as ``t + log((1 - e^-u) / u)`` (its series, :func:`_log_expm1_ratio`): through ``log(-expm1(-u))`` it was ``log(0)``
    where ``u`` underflows (gumbel_r.logsf(800) -inf, as SciPy's, the truth -800; its derivative NaN, the truth -1)."""
    with np.errstate(over="ignore", under="ignore"):
        small = np.asarray(np.exp(np.asarray(_plain(t), dtype=float)) < 0.5)
    return _piecewise(t, small, lambda t: _log1mexp(-np.exp(t)), lambda t: t + _log_expm1_ratio(np.exp(t)), 0.0, -5.0)


class expon:
    """The exponential distribution, as ``scipy.stats.expon``: differentiable in x (or q),
    loc and scale. Its support ``z = (x - loc) / scale >= 0`` includes 0, where the
    derivatives are the one-sided ones from inside.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import expon
    >>> float(wg.grad_bp(lambda x: expon.logpdf(x, 0.0, 2.0), 1.0))  # -1 / scale
    -0.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-z - log(scale)`` on ``z >= 0``, ``-inf`` below.

        >>> from wengert.scipy.stats import expon
        >>> float(expon.logpdf(1.0)), float(expon.logpdf(-1.0))
        (-1.0, -inf)
        """
        z = _standardized("expon.logpdf", x, loc, scale)
        return _on_support(_plain(z) >= 0, lambda z: -z - np.log(scale), z)

    @staticmethod
    def cdf(x, loc=0.0, scale=1.0):
        """``1 - exp(-z)`` (as ``-expm1(-z)``), 0 below the support.

        >>> from wengert.scipy.stats import expon
        >>> round(float(expon.cdf(1.0)), 6)
        0.632121
        """
        z = _standardized("expon.cdf", x, loc, scale)
        return _on_support(_plain(z) >= 0, lambda z: -np.expm1(-z), z, outside=0.0)

    @staticmethod
    def logcdf(x, loc=0.0, scale=1.0):
        """``log(1 - exp(-z))``, ``-inf`` at and below 0.

        >>> from wengert.scipy.stats import expon
        >>> round(float(expon.logcdf(1.0)), 6)
        -0.458675
        """
        z = _standardized("expon.logcdf", x, loc, scale)
        return _on_support(_plain(z) > 0, lambda z: _log1mexp(-z), z)

    @staticmethod
    def sf(x, loc=0.0, scale=1.0):
        """``exp(-z)``, 1 below the support.

        >>> from wengert.scipy.stats import expon
        >>> round(float(expon.sf(1.0)), 6)
        0.367879
        """
        z = _standardized("expon.sf", x, loc, scale)
        return _on_support(_plain(z) >= 0, lambda z: np.exp(-z), z, outside=1.0)

    @staticmethod
    def logsf(x, loc=0.0, scale=1.0):
        """``-z``, 0 below the support.

        >>> from wengert.scipy.stats import expon
        >>> float(expon.logsf(2.0))
        -2.0
        """
        z = _standardized("expon.logsf", x, loc, scale)
        return _on_support(_plain(z) >= 0, lambda z: -z, z, outside=0.0)

    @staticmethod
    @_quiet
    def ppf(q, loc=0.0, scale=1.0):
        """``loc - scale log(1 - q)`` (as ``log1p(-q)``).

        >>> from wengert.scipy.stats import expon
        >>> round(float(expon.ppf(0.5)), 6)
        0.693147
        """
        return _located("expon.ppf", q, loc, scale, lambda q: -np.log1p(-q))


_exp_of_log(expon, "pdf", "round(float(expon.pdf(1.0)), 6)", "0.367879")
_location_scale(expon, (
    ("isf", (np.log, -1.0),
     "``loc - scale log(q)``.",
     "round(float(expon.isf(0.5)), 6)", "0.693147"),
))


class laplace:
    """The Laplace distribution, as ``scipy.stats.laplace``: differentiable in x (or q), loc
    and scale. At ``x = loc`` (the kink of ``|z|``) ``logpdf`` takes the mean of the
    one-sided derivatives (0 in x), as ``np.abs`` does. ``cdf``, ``sf``, ``logcdf`` and
    ``logsf`` at ``x = loc``, and ``ppf`` and ``isf`` at ``q = 1/2``, are smooth to first
    order only: their second derivative there does not exist (the one-sided ones differ)
    and raises :class:`~wengert.NoGradientRule`, as at every kink (see the guide's "Second
    derivatives at kinks").

    >>> import wengert as wg
    >>> from wengert.scipy.stats import laplace
    >>> float(wg.grad_bp(laplace.cdf, 0.0))  # the density at 0
    0.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-|z| - log(2 scale)``.

        >>> from wengert.scipy.stats import laplace
        >>> round(float(laplace.logpdf(0.0)), 6)
        -0.693147
        """
        z = _standardized("laplace.logpdf", x, loc, scale)
        return -np.abs(z) - np.log(2.0 * scale)


_exp_of_log(laplace, "pdf", "float(laplace.pdf(0.0))", "0.5",
            doc="``exp(-|z|) / (2 scale)``.")
_location_scale(laplace, (
    ("cdf", lambda z: _laplace_tail(z, "laplace.cdf", lower=True, log=False),
     "``exp(z) / 2`` for ``z < 0``, ``1 - exp(-z) / 2`` above.",
     "round(float(laplace.cdf(1.0)), 6)", "0.81606"),
    ("logcdf", lambda z: _laplace_tail(z, "laplace.logcdf", lower=True, log=True),
     "``log(laplace.cdf(x, loc, scale))``, exact in both tails.",
     "float(laplace.logcdf(-10.0))", "-10.693147180559945"),
    ("sf", lambda z: _laplace_tail(z, "laplace.sf", lower=False, log=False),
     "``1 - laplace.cdf``, as ``laplace.cdf(-z)``.",
     "round(float(laplace.sf(1.0)), 6)", "0.18394"),
    ("logsf", lambda z: _laplace_tail(z, "laplace.logsf", lower=False, log=True),
     "``log(laplace.sf(x, loc, scale))``.",
     "float(laplace.logsf(10.0))", "-10.693147180559945"),
    ("ppf", (lambda q: _laplace_quantile(q, "laplace.ppf"), 1.0),
     "``loc + scale log(2q)`` for ``q <= 1/2``, ``loc - scale log(2 - 2q)`` above.",
     "round(float(laplace.ppf(0.75)), 6)", "0.693147"),
    ("isf", (lambda q: _laplace_quantile(q, "laplace.isf"), -1.0),
     "``loc - scale laplace.ppf(q)`` (the distribution is symmetric).",
     "round(float(laplace.isf(0.25)), 6)", "0.693147"),
))


def _laplace_tail(z, name, lower, log):
    """The Laplace cdf (``lower``) or sf at ``z``, or its logarithm: ``exp(-|z|) / 2`` on the
    near side of 0, ``1 - exp(-|z|) / 2`` on the far one (each branch evaluated where it is used).
    Its second derivative jumps at 0 (from 1/2 to -1/2 for the cdf): it is refused there."""
    z = _kinked_at(z, 0.0, name, "x = loc")
    near = (_plain(z) < 0) if lower else (_plain(z) > 0)
    s = z if lower else -z
    small = np.where(near, s, 0.0) - _LOG_2  # log(exp(s) / 2) for s < 0
    if log:
        large = np.log1p(-0.5 * np.exp(-np.where(near, 0.0, s)))
        return np.where(near, small, large)
    return np.where(near, np.exp(small), 1.0 - 0.5 * np.exp(-np.where(near, 0.0, s)))


def _laplace_quantile(q, name):
    """``log(2q)`` up to 1/2, ``-log(2 - 2q)`` above: the second derivative jumps at 1/2
    (from -4 to 4), where it is refused."""
    low = _plain(q) <= 0.5
    q = _kinked_at(q, 0.5, name, "q = 1/2")
    with np.errstate(divide="ignore"):
        return np.where(low, np.log(2.0 * np.where(low, q, 0.25)),
                        -np.log(2.0 - 2.0 * np.where(low, 0.75, q)))


class cauchy:
    """The Cauchy distribution, as ``scipy.stats.cauchy``: differentiable in x (or q), loc
    and scale.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import cauchy
    >>> round(float(wg.grad_bp(cauchy.cdf, 0.0)), 6)  # 1 / pi
    0.31831

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-log(pi scale (1 + z^2))``.

        >>> from wengert.scipy.stats import cauchy
        >>> round(float(cauchy.logpdf(0.0)), 6)
        -1.14473
        """
        z = _standardized("cauchy.logpdf", x, loc, scale)
        return -_LOG_PI - np.log(scale) - _log1p_square(z)




def _cauchy_log_tail(z):
    """``log(cauchy.cdf(z))``, as ``log1p(-sf)`` for ``z > 0`` (``log(cdf)`` rounded to 0 there
    beyond 1e16, where SciPy's is ``-sf``); ``logsf(z)`` is this at ``-z``."""
    right = _plain(z) > 0
    if not np.any(right):
        return np.log(np.arctan2(1.0, -z) / np.pi)
    return np.where(right, np.log1p(-np.arctan2(1.0, np.where(right, z, 1.0)) / np.pi),
                    np.log(np.arctan2(1.0, -np.where(right, -1.0, z)) / np.pi))


def _log1p_square(z):
    """``log(1 + z^2)``, as ``2 log|z| + log1p(1 / z^2)`` for ``|z| > 1`` (``z * z`` overflows
    beyond 1e154: the Cauchy log density was -inf there, where SciPy's is finite)."""
    big = np.abs(_plain(z)) > 1.0
    if not np.any(big):
        return np.log1p(z * z)
    w = np.where(big, z, 2.0)
    return np.where(big, 2.0 * np.log(np.abs(w)) + np.log1p(np.square(1.0 / w)),
                    np.log1p(np.square(np.where(big, 0.5, z))))


def _cauchy_quantile(q):
    """``tan(pi (q - 1/2))``, as ``-1 / tan(pi q)`` below 1/4 and ``1 / tan(pi (1 - q))``
    above 3/4 (the same function: accurate in the tails, ``-inf`` at 0, ``inf`` at 1, and
    no cancellation in its derivatives near 1/2, where the tangent is used directly)."""
    plain = _plain(q)
    low, high = plain < 0.25, plain > 0.75
    middle = ~(low | high)
    return np.where(low, -1.0 / np.tan(np.pi * np.where(low, q, 0.1)),
                    np.where(high, 1.0 / np.tan(np.pi * (1.0 - np.where(high, q, 0.9))),
                             np.tan(np.pi * (np.where(middle, q, 0.5) - 0.5))))


_exp_of_log(cauchy, "pdf", "round(float(cauchy.pdf(1.0)), 6)", "0.159155",
            doc="``1 / (pi scale (1 + z^2))``.")
_location_scale(cauchy, (
    ("cdf", lambda z: np.arctan2(1.0, -z) / np.pi,
     "``1/2 + arctan(z) / pi``, as ``arctan2(1, -z) / pi`` (exact in the left tail).",
     "float(cauchy.cdf(1.0))", "0.75"),
    ("logcdf", _cauchy_log_tail,
     "``log(cauchy.cdf(x, loc, scale))``.",
     "round(float(cauchy.logcdf(1.0)), 6)", "-0.287682"),
    ("sf", lambda z: np.arctan2(1.0, z) / np.pi,
     "``1/2 - arctan(z) / pi``, as ``arctan2(1, z) / pi`` (exact in the right tail).",
     "float(cauchy.sf(1.0))", "0.25"),
    ("logsf", lambda z: _cauchy_log_tail(-z),
     "``log(cauchy.sf(x, loc, scale))``.",
     "round(float(cauchy.logsf(1.0)), 6)", "-1.386294"),
    ("ppf", (_cauchy_quantile, 1.0),
     "``loc + scale tan(pi (q - 1/2))``.",
     "round(float(cauchy.ppf(0.75)), 6)", "1.0"),
    ("isf", (_cauchy_quantile, -1.0),
     "``loc - scale tan(pi (q - 1/2))``.",
     "round(float(cauchy.isf(0.25)), 6)", "1.0"),
))


class logistic:
    """The logistic distribution, as ``scipy.stats.logistic``: differentiable in x (or q),
    loc and scale, without overflow in either tail.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import logistic
    >>> float(wg.grad_bp(logistic.cdf, 0.0))  # the density at 0
    0.25

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-z - 2 log(1 + exp(-z)) - log(scale)`` (with ``logaddexp``).

        >>> from wengert.scipy.stats import logistic
        >>> float(logistic.logpdf(800.0))
        -800.0
        """
        z = _standardized("logistic.logpdf", x, loc, scale)
        return -z - 2.0 * np.logaddexp(0.0, -z) - np.log(scale)


_exp_of_log(logistic, "pdf", "float(logistic.pdf(0.0))", "0.25")
_location_scale(logistic, (
    ("cdf", sc.expit,
     "``expit(z)``.",
     "float(logistic.cdf(0.0))", "0.5"),
    ("logcdf", sc.log_expit,
     "``log_expit(z)``.",
     "float(logistic.logcdf(-800.0))", "-800.0"),
    ("sf", lambda z: sc.expit(-z),
     "``expit(-z)``.",
     "float(logistic.sf(0.0))", "0.5"),
    ("logsf", lambda z: sc.log_expit(-z),
     "``log_expit(-z)``.",
     "float(logistic.logsf(800.0))", "-800.0"),
    ("ppf", (sc.logit, 1.0),
     "``loc + scale logit(q)``.",
     "float(logistic.ppf(0.5))", "0.0"),
    ("isf", (sc.logit, -1.0),
     "``loc - scale logit(q)``.",
     "float(logistic.isf(0.5))", "0.0"),
))


class uniform:
    """The uniform distribution on ``[loc, loc + scale]``, as ``scipy.stats.uniform``:
    differentiable in x (or q), loc and scale (the density in loc and scale only: it is flat
    in x). At the ends of the support ``cdf`` takes ``np.clip``'s convention.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import uniform
    >>> float(wg.grad_bp(lambda s: uniform.logpdf(0.5, 0.0, s), 2.0))  # -1 / scale
    -0.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-log(scale)`` on ``0 <= z <= 1``, ``-inf`` outside.

        >>> from wengert.scipy.stats import uniform
        >>> float(uniform.logpdf(0.5, 0.0, 2.0)), float(uniform.logpdf(1.5))
        (-0.6931471805599453, -inf)
        """
        z = _standardized("uniform.logpdf", x, loc, scale)
        plain = _plain(z)
        return _on_support((plain >= 0) & (plain <= 1), lambda z: -np.log(scale) + 0.0 * z, z)

    @staticmethod
    @_quiet
    def ppf(q, loc=0.0, scale=1.0):
        """``loc + q scale``.

        >>> from wengert.scipy.stats import uniform
        >>> float(uniform.ppf(0.25, 1.0, 2.0))
        1.5
        """
        _standardized("uniform.ppf", 0.0, 0.0, scale)
        return loc + _q("uniform.ppf", q) * scale

    @staticmethod
    @_quiet
    def isf(q, loc=0.0, scale=1.0):
        """``loc + (1 - q) scale``.

        >>> from wengert.scipy.stats import uniform
        >>> float(uniform.isf(0.25, 1.0, 2.0))
        2.5
        """
        _standardized("uniform.isf", 0.0, 0.0, scale)
        return loc + (1.0 - _q("uniform.isf", q)) * scale


_exp_of_log(uniform, "pdf", "float(uniform.pdf(0.5, 0.0, 2.0))", "0.5",
            doc="``1 / scale`` on the support, 0 outside.")
_location_scale(uniform, (
    ("cdf", lambda z: np.clip(z, 0.0, 1.0),
     "``clip(z, 0, 1)``.",
     "float(uniform.cdf(0.25)), float(uniform.cdf(2.0))", "(0.25, 1.0)"),
    ("sf", lambda z: np.clip(1.0 - z, 0.0, 1.0),
     "``clip(1 - z, 0, 1)``.",
     "float(uniform.sf(0.25))", "0.75"),
))


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
    prim = Primitive(value, name=name, reenters="any")
    _def_partials(prim, lambda z, p, n=1: prim(z, p, n=n + 1), lambda z, p, n=1: in_shape(n, z, p))
    return prim


# d^n/dz^n (c log z) = (-1)^(n - 1) (n - 1)! c / z^n; in c: log z, then its z-derivatives / c
_LOG_POWER_DZ = _z_derivatives(
    "wengert.scipy.stats (d/dz c log z)", lambda n, z, c: (-1.0) ** (n - 1) * math.factorial(n - 1) * c,
    lambda n: n, lambda n, z, c: (-1.0) ** (n - 1) * math.factorial(n - 1) / z ** n)
_LOG_POWER = Primitive(lambda z, c: c * np.log(z), name="wengert.scipy.stats (c log z)", reenters="any")
_def_partials(_LOG_POWER, lambda z, c: _LOG_POWER_DZ(z, c, n=1), lambda z, c: np.log(z))

#: Below this ``u``, ``log(1 - exp(-u))`` is ``log u`` plus its series (_log1mexp_power; 10 terms,
#: the last below 1e-22 of the sum here): above 1e-3 too, where the closed form's second derivative in
#: c is a difference of terms ``(log z)^2`` (weibull_min.logcdf at z = 0.05, c = 2: 1.7e-13 relative off)
_SMALL_U = 0.5


def _log1mexp_power(z, c, k=1.0, log1p_power=False):
    """``log(1 - exp(-k z^c))`` for ``z > 0`` (``c``, ``k`` > 0): where ``u = k z^c < _SMALL_U``,
    ``log k + c log z + h(u)``, ``h(u) = log((1 - e^-u) / u) = -u/2 + u^2/24 - u^4/2880 ...``
    (:func:`_log_expm1_ratio`), with ``c log z`` one primitive (:data:`_LOG_POWER`). Through
    ``log1mexp(-u)`` the second derivative in z was ``L''(u) u'^2 + L'(u) u''``, two terms of order
    ``1 / z^2`` with opposite signs (inf - inf = NaN below z = 1.5e-154 for rayleigh.logcdf and
    weibull_min.logcdf at c = 2, the truth -2/z^2 = -inf; -inf for -3e200 at c = 3, z = 1e-100).

    ``log1p_power``: ``log(1 - exp(-k log1p(z^c)))`` = ``log(1 - (1 + z^c)^-k)`` instead (burr12's
    lower tail), the same with ``w = k z^c r``, ``r = log1p(z^c) / z^c`` (its series) and ``log r``
    added (6e-13 relative off mpmath through the closed form at z = 0.02, c = 2, k = 3)."""
    with np.errstate(over="ignore", under="ignore"):
        power = np.power(_plain(z), _plain(c))
    u = k * power
    small, tiny = (u < _SMALL_U) & (power < 0.5) if log1p_power else u < _SMALL_U, u < 1e-17
    # (a plain k's log as a Python float: np.log(1.0), a float64 scalar, made float32 results float64)
    log_k = math.log(k) if isinstance(k, (int, float)) else np.log(k)

    def series(z):
        w = k * np.power(z, c)
        out = _LOG_POWER(z, c) + log_k
        if log1p_power:
            r = polynomial(np.power(z, c), _LOG1P_RATIO_SERIES)
            w, out = w * r, out + np.log(r)
        return out + _log_expm1_ratio(w)

    def logged(z):  # below u = 1e-17 h(u) = -u/2 to rounding; its derivatives in z are below rounding
        # (relative u to c log z's) and are dropped (its second, of order z^(c - 2), overflowed apart
        # from c log z's at c = 0.5, z = 1e-300); in c they are kept, the whole of d2/dc2 (c log z is
        # linear in c: it was 0 at z = 1e-300, c = 0.5, the truth -2.4e-145). (log r: -z^c / 2 too.)
        return _LOG_POWER(z, c) + log_k - 0.5 * (k + 1.0 if log1p_power else k) * np.power(stop_gradient(z), c)
    # (the stand-in where z^c is small: 1e-3 for a positive c, 1e3 for a negative one, invweibull's and burr's z^-c: at
    # 1e-3 their series' w = 1e3^-c overflowed, and its zero cotangent made d/dc NaN at invweibull.logsf(50, 40))
    end = 1e-3 if np.all(np.asarray(_plain(c)) > 0) else 1e3
    return _piecewise(z, small, lambda z: _log1mexp(-k * (_log1p_power(z, c) if log1p_power else np.power(z, c))),
                      lambda z: _piecewise(z, tiny, series, logged, end, end),
                      1.0, end)


#: h(w) = log((1 - e^-w) / w) = -w/2 + sum_k B_2k w^2k / (2k (2k)!), k = 1..10: its coefficients of
#: w^2k (the last term below 1e-22 of the sum at w = 1/2), from the exact B_2k
_LOG_EXPM1_RATIO = [float(b / (2 * k * math.factorial(2 * k))) for k, b in enumerate(BERNOULLI_2K, 1)]


def _log_expm1_ratio(w):
    """``log((1 - exp(-w)) / w)`` for ``|w| <= 1/2``, as its series: through ``log1mexp(-w) - log(w)``
    its derivatives are differences of terms ``1/w^n``."""
    return w * (-0.5 + w * polynomial(w * w, _LOG_EXPM1_RATIO))


def _log1p_power(z, c):
    """``log1p(z^c)`` for ``z >= 0``, as ``c log z + log1p(z^-c)`` above ``z = 1`` (``z^c``
    overflows there from ``c log z = 710`` on: burr12.logsf(1e200, 4.0, 1.0) is ``-inf`` in
    SciPy, -1842.07 here); for a negative ``c`` (burr's ``log1p(z^-c)``), below ``z = 1``, through
    :func:`_log_and_log1p_power` (its z-derivatives exact near 0)."""
    big = (_plain(z) > 1.0) == (np.asarray(_plain(c)) > 0)
    if np.all(np.asarray(_plain(c)) < 0):
        return _piecewise(z, big, lambda z: np.log1p(np.power(z, c)), lambda z: _log_and_log1p_power(z, c, 1.0, -c),
                          0.5, 0.5)
    return _piecewise(z, big, lambda z: np.log1p(np.power(z, c)), lambda z: c * np.log(z) + np.log1p(np.power(z, -c)),
                      0.5, 2.0)


#: Where the z-derivatives of ``b log1p(z^c)`` are below this part of ``e log z``'s (their ratio is at most of the
#: order ``|b / e| (1 + c)^2 (1 + c |log z|) z^c`` at first and second order), they are dropped
_BELOW_ROUNDING = 2.0 ** -60


def _log_and_log1p_power(z, e, b, c):
    """``e log z + b log1p(z^c)`` for ``0 < z <= 1``, ``c > 0`` (burr's log kernel and log cdf near 0, mielke's and
    kappa3's). Where ``z^c`` is so small that the z-derivatives of the second term are below rounding beside the
    first's (``_BELOW_ROUNDING``; ``e != 0``), ``e log z`` is one primitive (:data:`_LOG_POWER`: ``e / z^2`` without
    overflow where it is finite) and the second term's derivatives in z are dropped (in the shapes kept, with d2/dc2
    the whole of its own): through the sum the second derivative was ``-e / z^2 + b c (c - 1) z^(c - 2)``, both terms
    overflowing apart with opposite signs (NaN at z = 1e-300 for c < 0.97: burr.logcdf at c = 0.5, mielke.logpdf at
    k = 2, s = 0.5; the truth -inf)."""
    pz, pe, pb, pc = (np.asarray(_plain(v), dtype=float) for v in (z, e, b, c))
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        u = np.power(pz, pc)
        drop = (pz > 0) & (pe != 0) & (np.abs(pb) * u * (1.0 + pc) ** 2 * (1.0 + pc * np.abs(np.log(pz)))
                                       < _BELOW_ROUNDING * np.abs(pe))
    drop = np.broadcast_to(drop, np.broadcast_shapes(pz.shape, pe.shape, pb.shape, pc.shape))

    def whole(z, e, b, c):
        return sc.xlogy(e, z) + b * np.log1p(np.power(z, c))

    def leading(z, e, b, c):
        return _LOG_POWER(z, e) + b * np.log1p(np.power(stop_gradient(z), c))
    return _two_forms(drop, whole, leading, (z, e, b, c), (0.5, 1.0, 1.0, 1.0), (1e-300, 1.0, 1.0, 1.0))


#: Below this z lognorm's log density is one primitive in z (_LOGNORM_Z_TERMS)
_LOGNORM_TINY = 1e-150


def _lognorm_coefficients(n):
    """``(A, B, C)`` with ``d^n/dz^n (-L - L^2 / (2 s^2)) = (A + (B + C L) / s^2) / z^n``,
    ``L = log z``: ``(-1, 0, -1)`` at n = 1, then ``(-n A, C - n B, -n C)``."""
    a, b, c = -1.0, 0.0, -1.0
    for k in range(1, n):
        a, b, c = -k * a, c - k * b, -k * c
    return a, b, c


def _lognorm_dz_numerator(n, z, s):
    a, b, c = _lognorm_coefficients(n)
    return a + (b + c * np.log(z)) / (s * s)


def _lognorm_dz_in_s(n, z, s):
    _, b, c = _lognorm_coefficients(n)
    return (b + c * np.log(z)) * (-2.0 / s ** 3) / z ** n


_LOGNORM_DZ = _z_derivatives("wengert.scipy.stats.lognorm (d/dz)", _lognorm_dz_numerator, lambda n: n,
                             _lognorm_dz_in_s)


def _lognorm_z_terms(z, s):
    log_z = np.log(z)
    return -log_z - 0.5 * (log_z / s) ** 2


_LOGNORM_Z_TERMS = Primitive(_lognorm_z_terms, name="wengert.scipy.stats.lognorm (z terms)", reenters="any")
_def_partials(_LOGNORM_Z_TERMS, lambda z, s: _LOGNORM_DZ(z, s, n=1), lambda z, s: np.log(z) ** 2 / s ** 3)


def _lognorm_log_density(z, s, scale):
    """``-log(s z scale sqrt(2 pi)) - log(z)^2 / (2 s^2)``; below ``_LOGNORM_TINY`` its terms
    in z are one primitive whose derivatives in z are one quotient each (see
    :func:`_z_derivatives`): with ``log(z)`` twice, the second derivative's terms were
    inf - inf below z = 1.5e-154 (NaN; the truth ``(s^2 + log z - 1) / (s^2 z^2)``: -inf at
    s = 1, +inf at s = 30 and 1e-200, -1.26e308 at s = 18.8 and 1e-155, where forward over
    forward gave -inf), and logpdf' NaN in forward mode at subnormal z (+inf)."""
    def usual(z):
        return -np.log(s * z * scale) - 0.5 * _LOG_2PI - 0.5 * (np.log(z) / s) ** 2

    def tiny(z):
        return _LOGNORM_Z_TERMS(z, s) - np.log(s * scale) - 0.5 * _LOG_2PI
    return _piecewise(z, _plain(z) < _LOGNORM_TINY, usual, tiny, 1.0, 0.1 * _LOGNORM_TINY)


class lognorm:
    """The log-normal distribution, as ``scipy.stats.lognorm`` (shape ``s``, the standard
    deviation of ``log z``): differentiable in x (or q), s, loc and scale. At and below
    ``z = 0`` the density is 0 with every derivative 0 (it is flat there from the right too).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import lognorm
    >>> float(wg.grad_bp(lambda x: lognorm.logcdf(x, 1.0), 1.0))  # pdf / cdf at the median
    0.7978845608028654

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, s, loc=0.0, scale=1.0):
        """``-log(s z sqrt(2 pi) scale) - log(z)^2 / (2 s^2)`` on ``z > 0``, ``-inf`` elsewhere.

        >>> from wengert.scipy.stats import lognorm
        >>> round(float(lognorm.logpdf(1.0, 1.0)), 6)
        -0.918939
        """
        _standardized("lognorm.logpdf", 0.0, 0.0, s)  # s > 0, as scale
        z = _standardized("lognorm.logpdf", x, loc, scale)
        return _on_support(_plain(z) > 0, lambda z: _lognorm_log_density(z, s, scale), z)

    @staticmethod
    def cdf(x, s, loc=0.0, scale=1.0):
        """``ndtr(log(z) / s)``, 0 at and below 0.

        >>> from wengert.scipy.stats import lognorm
        >>> float(lognorm.cdf(1.0, 0.5))
        0.5
        """
        return _lognorm_tail("lognorm.cdf", x, s, loc, scale, 1.0, sc.ndtr, 0.0)

    @staticmethod
    def logcdf(x, s, loc=0.0, scale=1.0):
        """``log_ndtr(log(z) / s)``.

        >>> from wengert.scipy.stats import lognorm
        >>> round(float(lognorm.logcdf(1.0, 0.5)), 6)
        -0.693147
        """
        return _lognorm_tail("lognorm.logcdf", x, s, loc, scale, 1.0, sc.log_ndtr, -np.inf)

    @staticmethod
    def sf(x, s, loc=0.0, scale=1.0):
        """``ndtr(-log(z) / s)``, 1 at and below 0.

        >>> from wengert.scipy.stats import lognorm
        >>> float(lognorm.sf(1.0, 0.5))
        0.5
        """
        return _lognorm_tail("lognorm.sf", x, s, loc, scale, -1.0, sc.ndtr, 1.0)

    @staticmethod
    def logsf(x, s, loc=0.0, scale=1.0):
        """``log_ndtr(-log(z) / s)``.

        >>> from wengert.scipy.stats import lognorm
        >>> round(float(lognorm.logsf(1.0, 0.5)), 6)
        -0.693147
        """
        return _lognorm_tail("lognorm.logsf", x, s, loc, scale, -1.0, sc.log_ndtr, 0.0)

    @staticmethod
    @_quiet
    def ppf(q, s, loc=0.0, scale=1.0):
        """``loc + scale exp(s ndtri(q))``.

        >>> from wengert.scipy.stats import lognorm
        >>> float(lognorm.ppf(0.5, 0.7))
        1.0
        """
        return _located("lognorm.ppf", q, loc, scale, lambda q, s: _lognorm_quantile(q, s, False), shapes=(s,),
                        steep_mixed=_lognorm_steep)

    @staticmethod
    @_quiet
    def isf(q, s, loc=0.0, scale=1.0):
        """``loc + scale exp(-s ndtri(q))``.

        >>> from wengert.scipy.stats import lognorm
        >>> float(lognorm.isf(0.5, 0.7))
        1.0
        """
        return _located("lognorm.isf", q, loc, scale, lambda q, s: _lognorm_quantile(q, s, True), shapes=(s,),
                        steep_mixed=_lognorm_steep)


_exp_of_log(lognorm, "pdf", "float(lognorm.pdf(0.0, 1.0))", "0.0", inside=1.0)


def _lognorm_quantile(q, s, upper):
    """``exp(s ndtri(q))`` (``upper``: ``exp(-s ndtri(q))``); at the end where it is 0 (q = 0, the isf's q = 1)
    ``sqrt(q) / (1 + s)`` (``sqrt(1 - q)``), its value and its limits there: d/dq +inf (-inf), d2/dq2 -inf, d/ds
    and d2/ds2 0, d2/dq ds -inf (+inf), as ``s x / density`` and its derivatives tend there. Through exp(s ndtri(q))
    they were 0 * inf: gibrat.ppf(0)'s d/dq 0 by grad and NaN by jvp, lognorm.ppf(0, s)'s d/ds NaN."""
    pq = np.asarray(_plain(q))
    end = pq == (1.0 if upper else 0.0)
    if not np.any(end):
        return np.exp((-s if upper else s) * sc.ndtri(q))
    inside = np.exp((-s if upper else s) * sc.ndtri(np.where(end, 0.5, q)))
    # (stand-ins 1 - the other end's q elsewhere: sqrt of 0 there had an infinite partial, times 0 NaN)
    at_end = _SQRT_AT_END(1.0 - np.where(end, q, 0.0)) if upper else _SQRT_AT_END(np.where(end, q, 1.0))
    return np.where(end, at_end / (1.0 + s), inside)


def _sqrt_derivative(u, n=0):
    """The n-th derivative of ``sqrt(u)``, ``(1/2)_n u^(1/2 - n)`` (falling factorial), inf at u = 0 from n = 1
    on without a divide warning (np.sqrt's rule warned there)."""
    with np.errstate(divide="ignore"):
        return math.prod(0.5 - k for k in range(n)) * np.power(np.asarray(u, dtype=float), 0.5 - n)[()]


#: ``sqrt(u)`` whose derivatives at u = 0 are infinite quietly (:func:`_lognorm_quantile`'s end)
_SQRT_AT_END = Primitive(_sqrt_derivative, name="wengert.scipy.stats (sqrt at an end)", reenters="any")
_def_partials(_SQRT_AT_END, lambda u, n=0: _SQRT_AT_END(u, n=n + 1))


def _lognorm_tail(name, x, s, loc, scale, sign, fn, outside):
    _standardized(name, 0.0, 0.0, s)
    z = _standardized(name, x, loc, scale)

    def tail(z):
        if fn is not sc.ndtr:
            return fn(sign * np.log(z) / s)
        # the cdf and sf: 0 or 1 with derivatives 0 where the density's log -u^2/2 is below _VANISHING_LOG (their
        # derivatives are the density times powers of u and 1/s); through ndtr's rule the tangent of u, overflowed
        # (log(z) / s^2), met the density's 0 (lognorm.cdf(0.5, 1e-300) by jvp in s or x: 0 * inf = NaN for 0)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            u = sign * np.log(np.asarray(_plain(z), dtype=float)) / np.asarray(_plain(s), dtype=float)
            far = -0.5 * u * u < _VANISHING_LOG
        if not np.any(far):
            return fn(sign * np.log(z) / s)
        return np.where(far, np.where(u > 0, 1.0, 0.0), fn(sign * np.log(np.where(far, 1.0, z)) / s))
    return _on_support(_plain(z) > 0, tail, z, outside=outside)


class pareto:
    """The Pareto distribution, as ``scipy.stats.pareto`` (shape ``b``): differentiable in x
    (or q), b, loc and scale, on its support ``z >= 1``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import pareto
    >>> float(wg.grad_bp(lambda b: pareto.logpdf(1.0, b), 2.0))  # 1 / b - log(1)
    0.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, b, loc=0.0, scale=1.0):
        """``log(b) - (b + 1) log(z) - log(scale)`` on ``z >= 1``, ``-inf`` below.

        >>> from wengert.scipy.stats import pareto
        >>> round(float(pareto.logpdf(1.0, 2.0)), 6)
        0.693147
        """
        z = _standardized("pareto.logpdf", x, loc, scale)
        return _on_support(_plain(z) >= 1, lambda z: np.log(b) - (b + 1.0) * np.log(z) - np.log(scale), z, at=2.0)

    @staticmethod
    def cdf(x, b, loc=0.0, scale=1.0):
        """``1 - z^-b`` (as ``-expm1(-b log z)``), 0 below the support.

        >>> from wengert.scipy.stats import pareto
        >>> float(pareto.cdf(2.0, 1.0))
        0.5
        """
        z = _standardized("pareto.cdf", x, loc, scale)
        return _on_support(_plain(z) >= 1, lambda z: -np.expm1(-b * np.log(z)), z, outside=0.0, at=2.0)

    @staticmethod
    def logcdf(x, b, loc=0.0, scale=1.0):
        """``log(1 - z^-b)``, ``-inf`` at and below 1.

        >>> from wengert.scipy.stats import pareto
        >>> round(float(pareto.logcdf(2.0, 1.0)), 6)
        -0.693147
        """
        z = _standardized("pareto.logcdf", x, loc, scale)
        return _on_support(_plain(z) > 1, lambda z: _log1mexp(-b * np.log(z)), z, at=2.0)

    @staticmethod
    def sf(x, b, loc=0.0, scale=1.0):
        """``z^-b``, 1 below the support.

        >>> from wengert.scipy.stats import pareto
        >>> float(pareto.sf(2.0, 1.0))
        0.5
        """
        z = _standardized("pareto.sf", x, loc, scale)
        return _on_support(_plain(z) >= 1, lambda z: np.exp(-b * np.log(z)), z, outside=1.0, at=2.0)

    @staticmethod
    def logsf(x, b, loc=0.0, scale=1.0):
        """``-b log(z)``, 0 below the support.

        >>> from wengert.scipy.stats import pareto
        >>> round(float(pareto.logsf(2.0, 1.0)), 6)
        -0.693147
        """
        z = _standardized("pareto.logsf", x, loc, scale)
        return _on_support(_plain(z) >= 1, lambda z: -b * np.log(z), z, outside=0.0, at=2.0)

    @staticmethod
    @_quiet
    def ppf(q, b, loc=0.0, scale=1.0):
        """``loc + scale (1 - q)^(-1/b)``.

        >>> from wengert.scipy.stats import pareto
        >>> float(pareto.ppf(0.5, 1.0))
        2.0
        """
        return _located("pareto.ppf", q, loc, scale, lambda q, b: np.exp(-np.log1p(-q) / b), shapes=(b,))

    @staticmethod
    @_quiet
    def isf(q, b, loc=0.0, scale=1.0):
        """``loc + scale q^(-1/b)``.

        >>> from wengert.scipy.stats import pareto
        >>> float(pareto.isf(0.5, 1.0))
        2.0
        """
        return _located("pareto.isf", q, loc, scale, lambda q, b: np.exp(-np.log(q) / b), shapes=(b,))


_exp_of_log(pareto, "pdf", "float(pareto.pdf(1.0, 2.0))", "2.0")


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


def _inside_point(a, b):
    """A finite point of ``[a, b]`` (plain): where a function of ``z`` is evaluated at the points
    where its value is not used. A fill such as ``(a + b) / 2`` was infinite for an infinite
    end and a Var of ``a`` or ``b``: ndtr's second derivative at it, ``-z ndtr'(z)``, is
    ``inf * 0`` = NaN, which reached the second derivatives of the points that were used
    (truncnorm.cdf(-1, -1, inf) in ``a``)."""
    pa, pb = _plain(a), _plain(b)
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(pa) & np.isfinite(pb), 0.5 * (pa + pb),
                        np.where(np.isfinite(pa), pa + 1.0, np.where(np.isfinite(pb), pb - 1.0, 0.0)))


def _truncnorm(name, x, a, b, loc, scale):
    if np.any(_plain(a) >= _plain(b)):
        raise ValueError(f"{name}: a must be less than b")
    return _standardized(name, x, loc, scale)


class truncnorm:
    """The normal distribution truncated to ``[a, b]`` (in standard units, as in SciPy), as
    ``scipy.stats.truncnorm``: differentiable in x, a, b, loc and scale, accurate far in the
    tails (the normal mass between a and b is computed as SciPy does). At the ends of the
    support, ``z = a`` and ``z = b``, the derivatives are the one-sided ones from inside.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import truncnorm
    >>> round(float(wg.grad_bp(lambda x: truncnorm.logpdf(x, -1.0, 1.0), 0.5)), 6)  # -x
    -0.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, a, b, loc=0.0, scale=1.0):
        """``-z^2/2 - log(sqrt(2 pi) scale) - log(ndtr(b) - ndtr(a))`` on ``a <= z <= b``.

        >>> from wengert.scipy.stats import truncnorm
        >>> round(float(truncnorm.logpdf(0.0, -1.0, 1.0)), 6)
        -0.537223
        """
        z = _truncnorm("truncnorm.logpdf", x, a, b, loc, scale)
        plain = _plain(z)
        return _on_support((plain >= _plain(a)) & (plain <= _plain(b)),
                           lambda z: -0.5 * z * z - 0.5 * _LOG_2PI - np.log(scale) - _log_gauss_mass(a, b),
                           np.where((plain >= _plain(a)) & (plain <= _plain(b)), z, _inside_point(a, b)))

    @staticmethod
    def logcdf(x, a, b, loc=0.0, scale=1.0):
        """``log((ndtr(z) - ndtr(a)) / (ndtr(b) - ndtr(a)))``: ``-inf`` below a, 0 above b.

        >>> from wengert.scipy.stats import truncnorm
        >>> round(float(truncnorm.logcdf(0.0, -1.0, 1.0)), 6)
        -0.693147
        """
        return _truncnorm_tail("truncnorm.logcdf", x, a, b, loc, scale, lower=True, log=True)

    @staticmethod
    def cdf(x, a, b, loc=0.0, scale=1.0):
        """``exp(truncnorm.logcdf(x, a, b, loc, scale))``.

        >>> from wengert.scipy.stats import truncnorm
        >>> round(float(truncnorm.cdf(0.0, -1.0, 1.0)), 12)
        0.5
        """
        return _truncnorm_tail("truncnorm.cdf", x, a, b, loc, scale, lower=True, log=False)

    @staticmethod
    def logsf(x, a, b, loc=0.0, scale=1.0):
        """``log((ndtr(b) - ndtr(z)) / (ndtr(b) - ndtr(a)))``.

        >>> from wengert.scipy.stats import truncnorm
        >>> round(float(truncnorm.logsf(0.0, -1.0, 1.0)), 6)
        -0.693147
        """
        return _truncnorm_tail("truncnorm.logsf", x, a, b, loc, scale, lower=False, log=True)

    @staticmethod
    def sf(x, a, b, loc=0.0, scale=1.0):
        """``exp(truncnorm.logsf(x, a, b, loc, scale))``.

        >>> from wengert.scipy.stats import truncnorm
        >>> round(float(truncnorm.sf(0.0, -1.0, 1.0)), 12)
        0.5
        """
        return _truncnorm_tail("truncnorm.sf", x, a, b, loc, scale, lower=False, log=False)


_exp_of_log(truncnorm, "pdf", "round(float(truncnorm.pdf(0.0, -1.0, 1.0)), 6)", "0.584369")


def _truncnorm_tail(name, x, a, b, loc, scale, lower, log):
    # At the ends of the support [a, b] the derivatives are the one-sided ones from inside
    # (they were 0 there, as outside: a wrong gradient with no error). The end where the
    # function is 1 (cdf at b, sf at a) is in the log formula's domain. At the end where it
    # is 0, log 0 leaves no derivative, so the cdf and sf there come from the difference of
    # ndtr, exactly 0 with exact derivatives of every order; logcdf and logsf are -inf there,
    # with gradient 0 as outside (expon's logcdf at 0 does the same).
    z = _truncnorm(name, x, a, b, loc, scale)
    plain, pa, pb = _plain(z), _plain(a), _plain(b)
    one_end, zero_end = (pb, pa) if lower else (pa, pb)
    inside = ((plain > pa) & (plain < pb)) | (plain == one_end)
    zi = np.where(inside, z, _inside_point(a, b))
    part = _log_gauss_mass(a, zi) if lower else _log_gauss_mass(zi, b)
    total = _log_gauss_mass(a, b)  # log of the normal mass between a and b
    logs = part - total
    below, above = (-np.inf, 0.0) if lower else (0.0, -np.inf)
    # (one number at a time: np.where of two Python floats is a float64 array, which made float32 results float64)
    out = np.where(~inside & (plain <= pa), below, np.where(inside, logs, above))
    if log:
        return _log_of_one_minus_tail(out, z, a, b, total, plain, pa, pb, inside & (plain != one_end), lower)
    out = np.exp(out)
    at_zero_end = plain == zero_end
    if not np.any(at_zero_end):
        return out
    if lower:
        mass = sc.ndtr(np.where(at_zero_end, z, a)) - sc.ndtr(a)
    else:
        mass = sc.ndtr(b) - sc.ndtr(np.where(at_zero_end, z, b))
    return np.where(at_zero_end, mass / np.exp(total), out)


def _log_of_one_minus_tail(out, z, a, b, total, plain, pa, pb, inside, lower):
    """``out`` (truncnorm's logcdf or logsf), with ``log1p(-other tail)`` where the other
    tail is below 1/2: near 1 the direct formula loses the digits (logcdf gave 0 where
    SciPy gives -8.8e-133)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        zp = np.where(inside, plain, _inside_point(pa, pb))
        other = (_log_gauss_mass(zp, pb) if lower else _log_gauss_mass(pa, zp)) - _plain(total)
    near_one = inside & (other < -0.6931471805599453)
    if not np.any(near_one):
        return out
    zo = np.where(near_one, z, _inside_point(a, b))
    other = (_log_gauss_mass(zo, b) if lower else _log_gauss_mass(a, zo)) - total
    return np.where(near_one, _log1mexp(np.where(near_one, other, -1.0)), out)


class vonmises:
    """The von Mises distribution, as ``scipy.stats.vonmises``: ``logpdf`` and ``pdf``,
    differentiable in x, kappa, loc and scale (``kappa >= 0``; the density is periodic in x).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import vonmises
    >>> round(float(wg.grad_bp(lambda x: vonmises.logpdf(x, 2.0), 0.5)), 6)  # -kappa sin(x)
    -0.958851

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, kappa, loc=0.0, scale=1.0):
        """``kappa (cos z - 1) - log(2 pi i0e(kappa) scale)`` (exponentially scaled: no
        overflow for large kappa).

        >>> from wengert.scipy.stats import vonmises
        >>> round(float(vonmises.logpdf(0.0, 0.0)), 6)  # uniform: -log(2 pi)
        -1.837877
        """
        if np.any(_plain(kappa) < 0):
            raise ValueError("vonmises: kappa must not be negative")
        z = _standardized("vonmises.logpdf", x, loc, scale)
        return kappa * (np.cos(z) - 1.0) - _LOG_2PI - np.log(sc.i0e(kappa)) - np.log(scale)


_exp_of_log(vonmises, "pdf", "round(float(vonmises.pdf(0.0, 0.0)), 6)", "0.159155")


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
    ``scipy.stats.nbinom``: differentiable in ``n`` (any positive real, as in SciPy) and ``p``.

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
_NBINOM_LOG_RATIOS = Primitive(_nbinom_log_ratios_value, name="wengert.scipy.stats (nbinom's log ratios)",
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


# -- the tails, log cdfs and quantiles of gamma, chi2, beta and t; gumbel_r,
# gumbel_l, halfnorm, wrapcauchy, gennorm, betabinom (each written with differentiable calls,
# as above; shape parameters that gammainc, betainc and stdtr do not differentiate refused) ---

__all__ += ["betabinom", "gennorm", "gumbel_l", "gumbel_r", "halfnorm", "wrapcauchy"]


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
    with np.errstate(divide="ignore"):
        return -x + (a - 1.0) * np.log(x) - sc.gammaln(a) + np.log(_upper_gamma_ratio(a, x))


_UPPER_RATIO = Primitive(_upper_gamma_ratio, name="wengert.scipy.stats.upper_gamma_ratio", reenters="any")
_LOG_Q_FAR = Primitive(_log_q_far_value, name="wengert.scipy.stats.log_gammaincc_far", reenters="any")
_FRACTION_DA = Primitive(_fraction_da_value, name="wengert.scipy.stats.upper_gamma_fraction_da", reenters="any")
_FRACTION_DAA = Primitive(_fraction_daa_value, name="wengert.scipy.stats.upper_gamma_fraction_daa",
                          reenters="any")
defvjp(_FRACTION_DAA, *[lambda ans, a, x: _refuse_third_in_a()] * 2)
# in a: d/da log Q = log x - digamma(a) + E, E = d/da log R = h_a / h; R_a = R E. E's
# derivative in x is d/da (R_x / R) = d/da (1 - (a - 1)/x - 1/R) = E / R - 1/x (from d/dx log Q =
# -1/R); in a it is h_aa / h - E^2.
defvjp(_FRACTION_DA, lambda ans, a, x: lambda g: unbroadcast(
    g * (_FRACTION_DAA(a, x) - ans * ans), np.shape(_plain(a))), lambda ans, a, x: lambda g: unbroadcast(
    g * (ans / _UPPER_RATIO(a, x) - 1.0 / x), np.shape(_plain(x))))
# R' = R (1 + (1 - a)/x) - 1 cancels to -(a - 1)/x^2 (2e-4 off at x = 1e6); with R(a, x) - 1 =
# (a - 1)/x R(a - 1, x) twice it is (a - 1)/x^2 ((a - 2) R(a - 2, x) - (a - 1) R(a - 1, x)), whose
# terms are of the size of a: exact for the moderate a here
defvjp(_UPPER_RATIO, lambda ans, a, x: lambda g: unbroadcast(g * ans * _FRACTION_DA(a, x), np.shape(_plain(a))),
       lambda ans, a, x: lambda g: unbroadcast(
    g * ((a - 1.0) / (x * x)) * ((a - 2.0) * _UPPER_RATIO(a - 2.0, x) - (a - 1.0) * _UPPER_RATIO(a - 1.0, x)),
    np.shape(_plain(x))))
defvjp(_LOG_Q_FAR, lambda ans, a, x: lambda g: unbroadcast(
    g * (np.log(x) - sc.digamma(a) + _FRACTION_DA(a, x)), np.shape(_plain(a))),
       lambda ans, a, x: lambda g: unbroadcast(
    -g / _UPPER_RATIO(a, x), np.shape(_plain(x))))


def _log_gammaincc(a, x, near=None):
    """``log(gammaincc(a, x))`` (``a`` plain), finite far in the tail where gammaincc underflows
    (see ``_FAR_GAMMA``); ``near(x)`` instead of ``log(gammaincc(a, x))`` elsewhere if given."""
    xp = _plain(x)
    far = (xp > _FAR_GAMMA) & (xp > _plain(a) + 1.0) & (xp < np.inf)  # (Q(a, inf) = 0: its log -inf)
    near = near or (lambda x: np.log(sc.gammaincc(a, x)))
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


def _log_gammainc(a, z, inverse=False):
    """``log(gammainc(a, z))``, below ``z = 1`` from the series ``gammainc(a, z) =
    z^a e^-z / gamma(a + 1) S``, ``S = 1 + z / (a + 1) + z^2 / ((a + 1)(a + 2)) + ...`` (20 terms),
    with ``a log z`` one primitive (:data:`_LOG_POWER`): through log(gammainc) the second
    derivative was P''/P - (P'/P)^2, terms of order a^2 / z^2 that overflowed apart (NaN below
    z = 1e-154 for a = 2, the truth -a/z^2 = -inf; 3e-14 off at z = 1e-100, 1e-14 at 2e-3).
    ``inverse``: ``log(gammainc(a, 1 / z))``, with ``-a log z`` (invgamma.logsf: the log power
    of ``1 / z`` lost its derivative, ``1 / u`` times ``-1 / z^2``, where ``z^2`` underflows)."""
    small = (_plain(z) > 1.0) if inverse else (_plain(z) < 1.0)

    def series(z):
        u = 1.0 / z if inverse else z
        return (-_LOG_POWER(z, a) if inverse else _LOG_POWER(z, a)) - u - _of_numbers(sc.gammaln, a + 1.0) \
            + np.log1p(_lower_gamma_sum(a, u))

    def near(z):
        return np.log(sc.gammainc(a, 1.0 / z if inverse else z))
    with np.errstate(divide="ignore"):
        return _piecewise(z, small, near, series, 0.5 if inverse else 2.0, 2.0 if inverse else 0.5)


def _gamma_tail(name, x, a, loc, scale, upper, log):
    """cdf (``upper=False``) or sf of the gamma distribution, or their logarithms."""
    z = _standardized(name, x, loc, scale)
    lower_tail, upper_tail = (lambda z: sc.gammainc(a, z)), (lambda z: sc.gammaincc(a, z))
    pa = _plain(a)
    fn = (_tail(upper_tail, lower_tail, log, lambda z: _log_gammaincc(a, z), lambda z: sc.gammaincc(pa, z)) if upper
          else _tail(lower_tail, upper_tail, log, lambda z: _log_gammainc(a, z), lambda z: sc.gammainc(pa, z)))
    # below the support: cdf 0, its log -inf (at z = 0 too: there the log cdf's derivative
    # is infinite, so its support is z > 0); sf 1, its log 0
    outside = {(False, False): 0.0, (False, True): -np.inf, (True, False): 1.0, (True, True): 0.0}[upper, log]
    inside = _plain(z) > 0 if (log and not upper) else _plain(z) >= 0
    return _on_support(inside, fn, z, outside=outside)


def _gamma_quantile(name, q, a, loc, scale, upper):
    return _located(name, q, loc, scale, lambda q, a: (sc.gammainccinv if upper else sc.gammaincinv)(a, q), shapes=(a,))


@_method(gamma, "logcdf")
def _gamma_logcdf(x, a, loc=0.0, scale=1.0):
    """``log(gammainc(a, z))``, ``-inf`` at and below 0.

    >>> from wengert.scipy.stats import gamma
    >>> round(float(gamma.logcdf(1.0, 1.0)), 6)
    -0.458675
    """
    return _gamma_tail("gamma.logcdf", x, a, loc, scale, False, True)


@_method(gamma, "sf")
def _gamma_sf(x, a, loc=0.0, scale=1.0):
    """``gammaincc(a, z)``, 1 below the support.

    >>> from wengert.scipy.stats import gamma
    >>> round(float(gamma.sf(1.0, 1.0)), 6)
    0.367879
    """
    return _gamma_tail("gamma.sf", x, a, loc, scale, True, False)


@_method(gamma, "logsf")
def _gamma_logsf(x, a, loc=0.0, scale=1.0):
    """``log(gammaincc(a, z))``, 0 below the support.

    >>> from wengert.scipy.stats import gamma
    >>> float(gamma.logsf(2.0, 1.0))
    -2.0
    """
    return _gamma_tail("gamma.logsf", x, a, loc, scale, True, True)


@_method(gamma, "ppf")
@_quiet
def _gamma_ppf(q, a, loc=0.0, scale=1.0):
    """``loc + scale gammaincinv(a, q)``.

    >>> from wengert.scipy.stats import gamma
    >>> round(float(gamma.ppf(0.5, 1.0)), 6)  # log 2
    0.693147
    """
    return _gamma_quantile("gamma.ppf", q, a, loc, scale, False)


@_method(gamma, "isf")
@_quiet
def _gamma_isf(q, a, loc=0.0, scale=1.0):
    """``loc + scale gammainccinv(a, q)``.

    >>> from wengert.scipy.stats import gamma
    >>> round(float(gamma.isf(0.5, 1.0)), 6)
    0.693147
    """
    return _gamma_quantile("gamma.isf", q, a, loc, scale, True)


def _chi2(name, df, scale):
    """``(df / 2, 2 scale)``: chi2 as a gamma distribution."""
    return df / 2.0, 2.0 * scale


@_method(chi2, "logcdf")
def _chi2_logcdf(x, df, loc=0.0, scale=1.0):
    """``gamma.logcdf(x, df / 2, loc, 2 scale)``.

    >>> from wengert.scipy.stats import chi2
    >>> round(float(chi2.logcdf(2.0, 2.0)), 6)
    -0.458675
    """
    a, s = _chi2("chi2.logcdf", df, scale)
    return _gamma_tail("chi2.logcdf", x, a, loc, s, False, True)


@_method(chi2, "sf")
def _chi2_sf(x, df, loc=0.0, scale=1.0):
    """``gamma.sf(x, df / 2, loc, 2 scale)``.

    >>> from wengert.scipy.stats import chi2
    >>> round(float(chi2.sf(2.0, 2.0)), 6)
    0.367879
    """
    a, s = _chi2("chi2.sf", df, scale)
    return _gamma_tail("chi2.sf", x, a, loc, s, True, False)


@_method(chi2, "logsf")
def _chi2_logsf(x, df, loc=0.0, scale=1.0):
    """``gamma.logsf(x, df / 2, loc, 2 scale)``.

    >>> from wengert.scipy.stats import chi2
    >>> float(chi2.logsf(4.0, 2.0))
    -2.0
    """
    a, s = _chi2("chi2.logsf", df, scale)
    return _gamma_tail("chi2.logsf", x, a, loc, s, True, True)


@_method(chi2, "ppf")
@_quiet
def _chi2_ppf(q, df, loc=0.0, scale=1.0):
    """``gamma.ppf(q, df / 2, loc, 2 scale)``.

    >>> from wengert.scipy.stats import chi2
    >>> round(float(chi2.ppf(0.5, 2.0)), 6)  # 2 log 2
    1.386294
    """
    a, s = _chi2("chi2.ppf", df, scale)
    return _gamma_quantile("chi2.ppf", q, a, loc, s, False)


@_method(chi2, "isf")
@_quiet
def _chi2_isf(q, df, loc=0.0, scale=1.0):
    """``gamma.isf(q, df / 2, loc, 2 scale)``.

    >>> from wengert.scipy.stats import chi2
    >>> round(float(chi2.isf(0.5, 2.0)), 6)
    1.386294
    """
    a, s = _chi2("chi2.isf", df, scale)
    return _gamma_quantile("chi2.isf", q, a, loc, s, True)


#: The region of :func:`_log_betainc_series`: ``0 < w`` and ``b w`` below the first, ``a`` below the second times
#: ``min(1, b)``: the series' terms' ratios below 1/2 (60 terms, the 61st below 1e-18 of the sum), its shift's 1e-3
#: (6 terms). There betainc is near 1 (``w^a / (a B(a, b))`` with ``a |log w|`` below 0.7)
_BETA_SERIES_W, _BETA_SERIES_SMALL = 0.5, 1e-3
_BETA_SERIES_TERMS = 60


def _beta_series_region(a, b, w):
    """Where :func:`_log_betainc_series` is used (a plain mask of the broadcast shape)."""
    pa, pb, pw = (np.asarray(_plain(v), dtype=float) for v in (a, b, w))
    with np.errstate(invalid="ignore", over="ignore"):
        region = ((pw > 0) & (pw < _BETA_SERIES_W) & (pb * pw < _BETA_SERIES_W)
                  & (pa < _BETA_SERIES_SMALL * np.minimum(1.0, pb)))
    return np.broadcast_to(region, np.broadcast_shapes(pa.shape, pb.shape, pw.shape))


def _log_betainc_series(a, b, w, log_w):
    """``log(betainc(a, b, w))`` for a small ``a`` (:func:`_beta_series_region`), ``log_w`` the log of ``w`` (computed
    from the caller's own terms: through a rounded, or subnormal, ``w`` the derivatives of ``a log w`` underflowed in
    reverse mode, d/d dfn f.logsf(1e300, 3, 1e-12) 2.3e-13 for 6.7e-14): ``a log w - log gamma(1 + a) + (log gamma(a
    + b) - log gamma(b)) + log1p(a T)``, ``T = sum_n (1 - b)_n w^n / (n! (a + n))`` (the power series of ``I_w(a, b)
    = w^a / (a B(a, b)) 2F1(1 - b, a; a + 1; w)``), ``log gamma(a + b) - log gamma(b)`` as its Taylor series in a
    (polygamma's): each term a multiple of a, so the log is exact to its last digit where the tail is 1 - 1e-298 (a =
    1e-300), and so are its derivatives. Through betainc the complement 1 - I and its derivatives kept I's rounding:
    f.logsf(0.7, 1e-300, 5) was -inf for -684.93, its d/d dfd by jvp 2.9e-4 for -6.5e-5; beta.logsf(0.1, 1e-300,
    2.5)'s d/db -4.7e283 for -0.338, beta.logsf(1e-12, 1e-12, 2.5) 3.4e-8 relative off."""
    return a * _log_betainc_series_per_a(a, b, w, log_w)


def _log_betainc_series_per_a(a, b, w, log_w):
    """:func:`_log_betainc_series` over ``a``, each of its terms divided by ``a`` in its own series (``log gamma(1 +
    a) / a``, the shift's, ``log1p(a T) / a = T log1p(y) / y``), so that the upper tail's log is ``log(a) + log(-M) +
    log(exprel(a M))`` with no cancellation: through ``log(-expm1(a M))`` its mixed second derivatives were
    differences of terms of size 1 / a (d2/da dx of beta.logsf(0.4, 1e-20, 0.5) -36252 for 4.56)."""
    t = (1.0 - b) * w
    total = t / (a + 1.0)
    for n in range(1, _BETA_SERIES_TERMS):
        t = t * ((n + 1.0 - b) / (n + 1.0)) * w
        total = total + t / (a + n + 1.0)
    shift = sc.digamma(b)
    power = 1.0
    for k in range(2, 7):
        power = power * a
        shift = shift + power * _polygamma(k - 1, b) / math.factorial(k)  # (sc.polygamma refuses a Var)
    return (log_w - polynomial(a, _LOG_GAMMA_1P_SERIES[1:]) + shift
            + total * polynomial(a * total, _LOG1P_RATIO_SERIES))


def _beta_series_tail(a, b, w, log_w, upper, log):
    """``betainc(a, b, w)`` (``upper``: ``betaincc``), or (``log``) its log, from :func:`_log_betainc_series`."""
    if log and upper:
        per_a = _log_betainc_series_per_a(a, b, w, log_w)
        return np.log(a) + np.log(-per_a) + np.log(sc.exprel(a * per_a))
    log_lower = _log_betainc_series(a, b, w, log_w)
    if log:
        return log_lower
    return -np.expm1(log_lower) if upper else np.exp(log_lower)


#: Stand-ins inside the series' region and outside it: (a, b, w, log w)
_IN_SERIES, _OUT_OF_SERIES = (1e-5, 1.0, 1e-12, -27.6), (1.0, 1.0, 0.25, -1.0)


def _beta_tail_at_small_w(a, b, w, log_w, upper, log):
    """``betainc(a, b, w)`` (``upper``: ``betaincc``), or (``log``) its logarithm, for ``w <= 1/2``: from
    :func:`_log_betainc_series` in its region (``log_w``: w's log), elsewhere SciPy's (the log of a tail above 1/2 as
    ``log1p`` of the other)."""
    def scipys(a, b, w, log_w):
        lower, upper_tail = (lambda w: sc.betainc(a, b, w)), (lambda w: sc.betaincc(a, b, w))
        return _tail(upper_tail, lower, log)(w) if upper else _tail(lower, upper_tail, log)(w)
    with np.errstate(divide="ignore"):
        return _two_forms(_beta_series_region(a, b, w), scipys, lambda a, b, w, log_w: _beta_series_tail(
            a, b, w, log_w, upper, log), (a, b, w, log_w), _OUT_OF_SERIES, _IN_SERIES)


def _beta_tail(name, x, a, b, loc, scale, upper, log):
    """cdf (``upper=False``) or sf of the beta distribution, or their logarithms."""
    z = _standardized(name, x, loc, scale)
    plain = _plain(z)
    lower_tail, upper_tail = (lambda z: sc.betainc(a, b, z)), (lambda z: sc.betaincc(a, b, z))
    pa, pb = _plain(a), _plain(b)
    fn = (_tail(upper_tail, lower_tail, log, lambda z: _beta_log_lower(b, a, 1.0 - z), lambda z: sc.betaincc(pa, pb, z))
          if upper else _tail(lower_tail, upper_tail, log, lambda z: _beta_log_lower(a, b, z),
                              lambda z: sc.betainc(pa, pb, z)))
    # where the value is 0 (z = 0 for the cdf, z = 1 for the sf) the log is -inf, outside
    inside = (plain > 0 if log and not upper else plain >= 0) & (plain < 1 if log and upper else plain <= 1)
    below, above = (1.0, 0.0) if upper else (0.0, 1.0)
    with np.errstate(divide="ignore"):
        outside = np.where(plain <= 0.5, below, above)
        outside = np.log(outside) if log else outside
    # a small a near 0 (b near 1): the power series of log betainc at z (1 - z), where betainc's complement lost
    # its digits (:func:`_log_betainc_series`)
    pz = np.asarray(plain, dtype=float)
    near_zero = _beta_series_region(a, b, np.where(pz <= 0.5, pz, 0.0))
    near_one = _beta_series_region(b, a, np.where(pz > 0.5, 1.0 - pz, 0.0))

    def elsewhere(z, a, b):
        return _two_forms(near_one, lambda z, a, b: fn(z), lambda z, a, b: _beta_series_tail(
            b, a, 1.0 - z, np.log1p(-z), not upper, log), (z, a, b), (0.5, 1.0, 1.0), (1.0 - 1e-12, 1.0, 1e-5))

    def series(z, a, b):
        return _beta_series_tail(a, b, z, np.log(z), upper, log)
    if np.any(near_zero) or np.any(near_one):
        with np.errstate(divide="ignore"):
            return _on_support(inside, lambda z: _two_forms(near_zero, elsewhere, series, (z, a, b), (0.5, 1.0, 1.0),
                                                            (1e-12, 1e-5, 1.0)), z, outside=outside)
    return _on_support(inside, fn, z, outside=outside)


#: Beyond these shapes the log tail is log(betainc) unless betainc underflows (the fraction
#: takes about sqrt(max(a, b)) steps)
_BETA_LOG_FRACTION_UP_TO = 1e7


def _beta_log_lower(a, b, z):
    """``log(betainc(a, b, z))``: below the mode side's switch z < (a + 1) / (a + b + 2) by
    ``log_betainc_lower`` (its value log(betainc) where betainc is a normal number and log P + log F
    where it underflows, where log(betainc) was -inf and its derivatives NaN: beta.logcdf(1e-5, 100,
    2) is -1146.677, d/da -11.503; its derivatives from the fraction's jet, the second without the
    cancelling I_aa / I - (I_a / I)^2), elsewhere log(betainc)."""
    pa, pb, pz = np.broadcast_arrays(_plain(a), _plain(b), _plain(z))
    switch = (pa + 1.0) / (pa + pb + 2.0)
    with np.errstate(invalid="ignore", under="ignore"):
        # (and where SciPy's betainc is NaN: beta.logcdf(1e-200, 2.5, 1e200) was, from about a = 1e155 with a z
        # near 1, betaprime.logsf(1e200, 1e200, 2.5) NaN for -1.8914364076182)
        scipys = sc.betainc(pa, pb, pz)
        lower = (pz > 0) & (pz < switch) & ((np.maximum(pa, pb) <= _BETA_LOG_FRACTION_UP_TO) | (scipys < 1e-300)
                                            | np.isnan(scipys))
    if not np.any(lower):
        return np.log(sc.betainc(a, b, z))
    if np.all(lower):
        return log_betainc_lower(a, b, z)
    # each form at the other's points: the fraction at half the switch, log(betainc) at (1, 1, 1/2) (at the
    # switch betainc is about 1/2, but NaN for shapes beyond 1e155, and 0 * NaN = NaN; at half of it it
    # underflows for large shapes, and 0 * inf = NaN)
    return np.where(lower, log_betainc_lower(a, b, np.where(lower, z, 0.5 * switch)),
                    np.log(sc.betainc(np.where(lower, 1.0, a), np.where(lower, 1.0, b), np.where(lower, 0.5, z))))


def _beta_tail_function(name, upper, log, formula, example):
    def function(x, a, b, loc=0.0, scale=1.0):
        return _beta_tail(f"beta.{name}", x, a, b, loc, scale, upper, log)
    function.__doc__ = (f"``{formula}`` (``z = (x - loc) / scale``) on the support; in every "
                        f"argument.\n\n    >>> from wengert.scipy.stats import beta\n"
                        f"    >>> {example}\n    ")
    return _method(beta, name)(function)


_beta_tail_function("logcdf", False, True, "log(betainc(a, b, z))",
                    "round(float(beta.logcdf(0.5, 1.0, 1.0)), 6)\n    -0.693147")
_beta_tail_function("sf", True, False, "betaincc(a, b, z)", "float(beta.sf(0.25, 1.0, 1.0))\n    0.75")
_beta_tail_function("logsf", True, True, "log(betaincc(a, b, z))",
                    "round(float(beta.logsf(0.5, 1.0, 1.0)), 6)\n    -0.693147")


@_method(beta, "ppf")
@_quiet
def _beta_ppf(q, a, b, loc=0.0, scale=1.0):
    """``loc + scale betaincinv(a, b, q)`` and ``b`` (SciPy's betaincinv but where a tail probability is below
    1e-10, there Newton's method's root from it: beta.ppf(1e-300, 4.5, 30) was NaN, the truth 1.6365e-68; SciPy's
    own beta.ppf gives 1.1157e-23 there); above 1/2, ``1 - beta.isf(q, b, a)`` (:func:`_beta_quantile`).

    >>> from wengert.scipy.stats import beta
    >>> float(beta.ppf(0.25, 1.0, 1.0))
    0.25
    """
    if _at_b_one(b):
        return _located("beta.ppf", q, loc, scale, lambda q, a: _beta_quantile_at_b_one(q, a, False), shapes=(a,),
                        steep_mixed=_power_steep)
    return _located("beta.ppf", q, loc, scale, lambda q, a, b: _beta_quantile(q, a, b, False), shapes=(a, b))


@_method(beta, "isf")
@_quiet
def _beta_isf(q, a, b, loc=0.0, scale=1.0):
    """``loc + scale betainccinv(a, b, q)`` and ``b`` (checked at tiny tail probabilities as beta.ppf).

    >>> from wengert.scipy.stats import beta
    >>> float(beta.isf(0.25, 1.0, 1.0))
    0.75
    """
    if _at_b_one(b):
        return _located("beta.isf", q, loc, scale, lambda q, a: _beta_quantile_at_b_one(q, a, True), shapes=(a,),
                        steep_mixed=_power_steep)
    return _located("beta.isf", q, loc, scale, lambda q, a, b: _beta_quantile(q, a, b, True), shapes=(a, b))


def _beta_quantile(q, a, b, upper):
    """beta's quantile (``upper``: the isf) below 1/2; above, ``1 - s`` with ``s`` beta(b, a)'s other quantile, so
    that its derivatives are taken at ``s``, not at the rounded ``1 - s`` (d/dq of beta.ppf(1e-300, 1e12, 2.5) was
    4.6e-5 relative off: its (a - 1) log x at x = 1 - 7e-10 kept x's rounding times a)."""
    first, other = (betainccinv_checked, betaincinv_checked) if upper else (betaincinv_checked, betainccinv_checked)
    pq, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (q, a, b))
    with np.errstate(invalid="ignore"):
        near_one = np.broadcast_to(first(pa, pb, pq) > 0.5, np.broadcast_shapes(pq.shape, pa.shape, pb.shape))
    return _two_forms(near_one, lambda q, a, b: first(a, b, q), lambda q, a, b: 1.0 - other(b, a, q), (q, a, b),
                      (0.5, 1.0, 1.0), (0.5, 1.0, 1.0))


def _at_b_one(b):
    """``b`` a constant 1 (not traced: powerlaw's): its quantiles in closed form (:func:`_beta_quantile_at_b_one`)."""
    return not isinstance(b, (Var, Dual)) and bool(np.all(np.asarray(b) == 1.0))


def _beta_quantile_at_b_one(q, a, upper):
    """beta's quantile at a constant ``b = 1`` (powerlaw's) in closed form: ``q^(1/a)`` (the isf ``(1 - q)^(1/a)``,
    ``exp(log1p(-q) / a)`` below q = 1/2): SciPy's betaincinv, checked by Newton's method, left the root undecided at
    a huge a, NaN (powerlaw.ppf(1e-300, 1e200) NaN for 1)."""
    pq, pa = np.asarray(_plain(q), dtype=float), np.asarray(_plain(a), dtype=float)
    shape = np.broadcast_shapes(pq.shape, pa.shape)

    def form(q, a):
        if not upper:
            return q ** (1.0 / a)
        return _two_forms(np.broadcast_to(np.asarray(_plain(q)) > 0.5, shape), lambda q, a: np.exp(np.log1p(-q) / a),
                          lambda q, a: (1.0 - q) ** (1.0 / a), (q, a), (0.25, 1.0), (0.75, 1.0))
    # where -log(q) / a (the log's magnitude) is above 1e4, 0 with derivatives 0 (each below e^-1e4 times powers of
    # it): by jvp the tangent of 1 / a, -1 / a^2, overflowed against the power's 0 at a = 1e-300 (NaN)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        size = -(np.log1p(-pq) if upper else np.log(pq)) / pa
    vanishing = np.broadcast_to(np.isfinite(size) & (size > 1e4), shape)
    if not np.any(vanishing):
        return form(q, a)
    return np.where(vanishing, 0.0, form(np.where(vanishing, 0.5, q), np.where(vanishing, 1.0, a)))




def _stdtrit(df, q):
    """``stdtrit(df, q)``, with the ends of the support at q = 0 and 1 (-inf and inf, as
    SciPy's ``t.ppf``; its ``stdtrit`` gives NaN there up to 1.14 and +inf at 0 in 1.17).
    There it is ``ndtri(q)`` (the normal quantile: the same infinities, with infinite
    derivatives, as the quantile has). Far out (``df / x^2 < _T_FAR_ROOT``) the root of the
    exact log tail (:func:`_t_far_root`), where SciPy's root was wrong: clamped at
    ``6.7e153 sqrt(df)`` (SciPy >= 1.17; at 1e100 before), ``+inf`` for tiny q at moderate df
    (1.17 and 1.18: t.ppf(1e-300, 3) inf for -1.49e100), a finite number where the root
    overflows at a tiny df (t.ppf(0.3, 1e-300) -6703.9, the truth -inf)."""
    pq, pdf = np.asarray(_plain(q), dtype=float), np.asarray(_plain(df), dtype=float)
    shape = np.broadcast_shapes(pq.shape, pdf.shape)
    ends = np.broadcast_to((pq == 0) | (pq == 1), shape)
    # (q = 1/2: the root 0 at every df, as (q - 1/2) / pdf(0): SciPy 1.13's was NaN at df = 1e-300, -inf at
    # 1e-100, -6.1e-11 at 1e-12)
    center = np.broadcast_to((pq == 0.5) & (pdf > 0), shape)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        far = np.broadcast_to(_t_far_root(np.minimum(pq, 1.0 - pq), pdf)[1], shape) & ~ends

    def inside(q, df):
        return _two_forms(far, lambda q, df: sc.stdtrit(df, q), _T_FAR_QUANTILE, (q, df), (0.25, 1.0), (1e-10, 1.0))

    def end(q):  # (-inf at q = 0, inf at 1)
        root = np.where(np.asarray(_plain(q)) == 0, -1.0, 1.0)
        return _T_END(q, sign=root, root=root)

    def special(q, df):
        if not np.any(center):
            return end(q)
        if np.all(center):
            return _T_CENTER(q, df)
        return np.where(ends, end(np.where(ends, q, 0.0)), _T_CENTER(np.where(ends, 0.5, q), np.where(ends, 1.0, df)))
    return _two_forms(ends | center, inside, special, (q, df), (0.25, 1.0), (0.5, 1.0))


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
_T_END = Primitive(_t_end_value, name="wengert.scipy.stats.t_end_quantile", reenters="any")
_def_partials(_T_END, lambda q, sign=1.0, root=1.0: _T_END(q, sign=sign * root, root=root))
_def_partials(_STEEP_END, lambda q, scale, sign=1.0, root=1.0: _STEEP_SLOPE(q, scale, sign=sign, root=root),
              lambda q, scale, sign=1.0, root=1.0: _STEEP_UNIT(q + _steep_end_value(q, scale, sign), sign=sign, root=root))
_def_partials(_STEEP_UNIT, lambda q, sign=1.0, root=1.0: _T_END(q, sign=sign, root=root))
# The directions of d2/dq dshape's limits at steep quantile ends (``steep_mixed`` of _located: the limit's sign relative
# to the slope's), from each quantile's leading term there, x - end ~ A u^p (u the distance of q from its end): the
# limit of u^(p - 1) ((A p)' + A p p' log u), whose log term decides where p moves with the shape. Checked against
# SciPy's slopes by central differences at u = 1e-8 and 1e-12 (tests/test_exact_scipy_ends.py).
def _power_steep(lower, *shapes):
    """weibull_min's, weibull_max's, powerlaw's, fisk's ``u^(1/c)``: p' = -1/c^2, the log term +inf (chi's
    ``u^(1/df)``, nakagami's ``u^(1/(2 nu))`` the same; invweibull's at q = 0, see _invgamma_steep)."""
    return (1.0,) * len(shapes)


def _johnsonsb_steep(lower, a, b):
    """johnsonsb's ``x = expit((n - a) / b)``, ``n = ndtri(q)``: the slope ``x (1 - x) / (b phi(n))``, whose log is
    ``-+(n - a) / b + n^2 / 2 - log b + ...`` at the lower (upper) end, in a ``-+1 / b`` (-, +), in b ``+-(n - a) / b^2
    - 1 / b`` -> +inf at both (|n| -> inf)."""
    return np.where(lower, -1.0, 1.0), 1.0


def _weibull_level(lower, c):
    """weibull_min's and weibull_max's ``u^(1/c)`` at its end for c <= 1: :func:`_unit_power_mixed` at ``k = c``."""
    return (_unit_power_mixed(c),)


def _unit_power_mixed(k):
    """chi's and nakagami's ``A u^(1/k)`` at a finite slope (``k = df``, ``2 nu`` at most 1): d2/dq dshape's limit,
    ``u^(p - 1) ((A p)' + A p p' log u)``, is 0 for k < 1 (p > 1), +inf relative to the slope at k = 1 (p = 1: the log
    term, p' < 0)."""
    return np.where(np.asarray(k) == 1.0, 1.0, 0.0)


def _lognorm_steep(lower, s):
    """lognorm's x = exp(s z) at 0: d2/dq ds = x (1 + s z) / pdf(z) -> -inf (its only finite end)."""
    return (-1.0,)


def _burr12_steep(lower, c, d):
    """``(u / d)^(1/c)`` at 0: in c the log term (+), in d the factor ``d^(-1/c)`` (-)."""
    return 1.0, -1.0


def _gengamma_steep(lower, a, c):
    """``(u Gamma(a + 1))^(1/(a c))`` at 0 for c > 0 (p' < 0 in both: +); for c < 0 ``(-log u)^(1/c)`` (-)."""
    direction = np.where(np.asarray(c) > 0, 1.0, -1.0)
    return direction, direction


def _genextreme_steep(lower, c):
    """``(1 - (-log q)^c) / c``: ``(-log q)^(c - 1) / q`` grows with c at the lower end (c < 0), shrinks at the upper
    (c > 0, where -log q -> 0)."""
    return (np.where(lower, 1.0, -1.0),)


def _fatiguelife_steep(lower, c):
    """x ~ 1 / (c z)^2 at 0 (z = ndtri(q) -> -inf): the slope is proportional to c^-2."""
    return (-1.0,)


def _triang_steep(lower, c):
    """``sqrt(c q)`` at 0 (+), ``1 - sqrt((1 - c)(1 - q))`` at 1 (-)."""
    return (np.where(lower, 1.0, -1.0),)


def _invgauss_steep(lower, mu):
    """invgauss at 0 (no leading power: its terms in mu cancel to the first order): + by mpmath (80 digits) at q =
    1e-20 ... 1e-1000, mu 0.3 and 3."""
    return (1.0,)


def _invgamma_steep(lower, a):
    """invgamma at 0 (x = 1 / t, t ~ L + (a - 1) log L - gammaln(a), L = -log u): the slope ~ 1 / (u t^2) and t grows
    with a (by log L - digamma(a)): -, as mpmath's (tests/test_exact_scipy_ends.py); invweibull's is _power_steep's."""
    return (-1.0,)


def _infinite_end_slope(q, *shapes):
    """The slope of a standard quantile at its finite end where the density vanishes faster than any power
    (invgamma's and invweibull's 0, their ppf at q = 0 and isf at q = 1): +inf at q = 0, -inf at q = 1, every shape."""
    return np.where(q == 0, np.inf, -np.inf)


def _alpha_steep(lower, a):
    """alpha at 0, x ~ 1 / (a - ndtri(q Phi(a))): - by mpmath (80 digits) at q = 1e-20 ... 1e-1000, a 0.5 and 1.5."""
    return (-1.0,)


_def_partials(_STEEP_MIXED, lambda q, shape, sign=1.0, root=1.0: _STEEP_MIXED_SLOPE(q, shape, sign=sign, root=root),
              lambda q, shape, sign=1.0, root=1.0: _STEEP_UNIT(q + _steep_end_value(q, shape, sign), sign=sign,
                                                               root=root))
_def_partials(_STEEP_MIXED_SLOPE,
              lambda q, shape, sign=1.0, root=1.0: _STEEP_MIXED_SLOPE(q, shape, sign=sign * root, root=root),
              lambda q, shape, sign=1.0, root=1.0: _T_END(q + _steep_end_value(q, shape, sign), sign=sign, root=root))
_def_partials(_STEEP_SLOPE, lambda q, scale, sign=1.0, root=1.0: _STEEP_SLOPE(q, scale, sign=sign * root, root=root),
              lambda q, scale, sign=1.0, root=1.0: _T_END(q + _steep_end_value(q, scale, sign), sign=sign, root=root))


def _t_center_value(q, df):
    return np.zeros(np.broadcast_shapes(np.shape(_plain(q)), np.shape(_plain(df))))[()]


def _t_center_slope(df):
    """``1 / pdf(0)``, t's density at 0 at ``df``, and its derivative in df, ``-(1 / pdf(0)) (digamma((df + 1) / 2) -
    digamma(df / 2) - 1 / df) / 2`` (below df = 1 with ``digamma(df / 2) = digamma(1 + df / 2) - 2 / df``: no inf - inf
    at a tiny df)."""
    scale = np.exp(-_t_far_log_density(0.0, df))
    bracket = _piecewise(df, np.asarray(_plain(df), dtype=float) < 1.0,
                         lambda df: 0.5 * (sc.digamma(0.5 * (df + 1.0)) - sc.digamma(0.5 * df)) - 0.5 / df,
                         lambda df: 0.5 * (sc.digamma(0.5 * (df + 1.0)) - sc.digamma(1.0 + 0.5 * df)) + 0.5 / df,
                         2.0, 0.5)
    with np.errstate(over="ignore"):  # (-inf at df = 1e-300: the truth, -1e450)
        return scale, -scale * bracket


#: t's quantile at q = 1/2 (0 at every df): ``(q - 1/2) / pdf(0)`` with its derivatives written out, each term with
#: the factor ``q - 1/2`` (0) left out: as a product, 0 times the infinite derivatives of ``1 / pdf(0)`` in a tiny df
#: gave NaN in the Hessian at (1/2, 1e-300) where the truth is 0 in df twice (and -inf in q and df)
_T_CENTER = Primitive(_t_center_value, name="wengert.scipy.stats.t_center_quantile", reenters="any")
_T_CENTER_SLOPE = Primitive(_t_center_value, name="wengert.scipy.stats.t_center_slope", reenters="any")
_def_partials(_T_CENTER, lambda q, df: _t_center_slope(df)[0] + _t_center_value(q, df),
              lambda q, df: _T_CENTER_SLOPE(q, df))
_def_partials(_T_CENTER_SLOPE, lambda q, df: _t_center_slope(df)[1] + _t_center_value(q, df),
              lambda q, df: _t_center_value(q, df))


#: Where the root's ``df / x^2`` is below this, t's quantile is :func:`_t_far_root`'s (at most ``_T_FAR``: there
#: :func:`_t_log_cdf` is its series; SciPy 1.13's root was 1e-12 off from about here in)
_T_FAR_ROOT = 1e-3
#: ``log B(1 + a, 1/2) - log 2`` as its Taylor series in ``a`` (its coefficients ``(polygamma(k - 1, 1) -
#: polygamma(k - 1, 3/2)) / k!``, the k-th about ``ζ(k) / k``), used below ``a = 0.1``: the difference of the
#: gammaln lost ``1e-16`` absolute, a relative ``1e-16 / df`` of the root (1.4e-14 at df = 0.0087)
_T_LOG_BETA_SERIES = [0.0] + [float((sc.polygamma(k - 1, 1.0) - sc.polygamma(k - 1, 1.5)) / math.factorial(k))
                              for k in range(1, 21)]


def _t_log_half_beta(a):
    """``log(B(1 + a, 1/2) / 2)`` (plain): exact near ``a = 0``, where it is about ``-0.61 a``."""
    return np.where(a < 0.1, polynomial(np.minimum(a, 0.1), _T_LOG_BETA_SERIES),
                    sc.betaln(a + 1.0, 0.5) - _LOG_2)


def _t_far_series(a, x):
    """``S = sum_n (a + 1/2)_n / (a + 1)_n x^n`` (10 terms, :func:`_t_log_cdf`'s) and its partials in ``a`` and
    ``x``, by Horner's rule carried with its derivatives (traced or plain)."""
    s = s_a = s_x = 0.0 * x
    for n in range(10, 0, -1):
        r = (a + n - 0.5) / (a + n)
        s_a = x * (0.5 / ((a + n) * (a + n)) * (1.0 + s) + r * s_a)
        s_x = r * (1.0 + s) + x * r * s_x
        s = x * r * (1.0 + s)
    return s, s_a, s_x


def _t_far_root_coefficients(a, terms=10):
    """``g_n`` (plain, ``n < terms``, ``g_0 = 0``) of ``G = (1 + S) sqrt(1 - x) - 1 = sum g_n x^n``
    (:func:`_t_far_series`' S): 0 at ``a = 0``, where ``1 + S = (1 - x)^(-1/2)``, so that ``log1p(S) - log1p(w) / 2 =
    log1p(G)`` keeps its digits (``w = x / (1 - x)``): as two logs of about ``w / 2`` their difference, ``O(a w)``,
    lost ``1e-16 w`` absolute, ``1e-16 w / df`` of the root's log (1.4e-12 of t.ppf(0.49999999984, 4e-11)).
    ``g_n = sum_k (c_k - c_k^0) e_(n - k)``, ``c_k`` S's coefficients (``c_k^0`` at ``a = 0``), their difference as
    ``c_k^0 expm1(sum_j log1p(d_j))``, ``d_j = a / (2 (a + 1 + j) (j + 1/2))`` (the ratio of the factors minus 1),
    ``e_m`` those of ``sqrt(1 - x)``."""
    c0, e = [1.0], [1.0]
    for k in range(terms):
        c0.append(c0[-1] * (k + 0.5) / (k + 1.0))
        e.append(e[-1] * (k - 0.5) / (k + 1.0))
    total, differences = 0.0 * a, [0.0 * a]
    for k in range(terms - 1):
        total = total + np.log1p(a / (2.0 * (a + 1.0 + k) * (k + 0.5)))
        differences.append(c0[k + 1] * np.expm1(total))
    return [0.0 * a] + [sum(differences[k] * e[n - k] for k in range(1, n + 1)) for n in range(1, terms)]


def _t_far_root(p, df):
    """``(x, far)`` (plain): ``x < 0`` with ``stdtr(df, x) = p`` for ``0 < p <= 1/2``, where ``far`` (its
    ``df / x^2`` below ``_T_FAR_ROOT``; elsewhere NaN), ``-inf`` where it overflows. Newton's steps in ``l = log|x|``
    on ``log(2 p) = a log df - df l - (a + 1/2) log1p(w) + log1p(S) - log1p(df) - log(B(1 + a, 1/2) / 2)`` (``a = df
    / 2``, ``w = df / x^2``, :func:`_t_log_cdf`'s series), from its root at ``w = 0``, almost linear in ``l`` (a
    few steps); ``log(2 p)`` as ``log1p(2 p - 1)`` near 1/2 and the last step as a factor, so that ``x`` is exact to
    a few ulps of ``l`` (not 1e-16 / df: the root's log moves by ``log(2 p) / df``)."""
    p, df = np.broadcast_arrays(np.asarray(p, dtype=float), np.asarray(df, dtype=float))
    a = 0.5 * df
    log_2p = np.where(p > 0.25, np.log1p(2.0 * p - 1.0), np.log(2.0 * p))
    base = a * np.log(df) - np.log1p(df) - _t_log_half_beta(a)
    ok = (p > 0) & (p <= 0.5) & (df > 0) & np.isfinite(df)
    ell = (base - log_2p) / df
    ok &= np.log(df) - 2.0 * ell < math.log(_T_FAR_ROOT)  # (the root's w is above its estimate's)
    step = np.zeros(p.shape)
    coefficients = _t_far_root_coefficients(a)
    for _ in range(30):
        ell = np.where(ok, ell + step, ell)
        w = np.where(ok, np.exp(np.log(df) - 2.0 * ell), 0.0)
        x = w / (1.0 + w)
        g = g_x = 0.0 * x
        for n in range(len(coefficients) - 1, 0, -1):
            g, g_x = (g + coefficients[n]) * x, g_x * x + n * coefficients[n]
        value = base - df * ell - a * np.log1p(w) + np.log1p(g)
        slope = -df + df * x - g_x * 2.0 * x / (1.0 + w) / (1.0 + g)
        step = np.where(ok, (log_2p - value) / slope, 0.0)
        if not np.any(np.abs(step) > 1e-15 * np.maximum(1.0, np.abs(ell))):
            break
    far = ok & (w < _T_FAR_ROOT) & np.isfinite(ell)
    with np.errstate(over="ignore"):
        root = -(np.exp(np.minimum(ell, 1e4)) * np.exp(step))
    return np.where(far, root, np.nan), far


def _t_far_quantile_plain(q, df):
    q, df = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(df, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        root = _t_far_root(np.minimum(q, 1.0 - q), df)[0]
    return np.where(q > 0.5, -root, root)[()]


def _t_far_dlogcdf_ddf(z, df):
    """``d log stdtr(df, z) / d df`` for ``z < 0`` far out (``df / z^2`` small): the derivative of
    :func:`_t_log_cdf`'s series form, written out (traced in z and df, so differentiable again)."""
    a = 0.5 * df
    r = 1.0 / z
    w = df * r * r  # (r * r, not 1 / z^2: z^2 overflows from 1.3e154)
    x = w / (1.0 + w)
    s, s_a, s_x = _t_far_series(a, x)
    return (-1.0 / (1.0 + df) - 0.5 * (sc.digamma(a + 1.0) - sc.digamma(a + 1.5)) + 0.5 * (np.log(df) + 1.0)
            - np.log(-z) - 0.5 * np.log1p(w) - 0.5 * (df + 1.0) * r * r / (1.0 + w)
            + (0.5 * s_a + s_x * r * r / ((1.0 + w) * (1.0 + w))) / (1.0 + s))


def _t_overflowed_value(q, df, sign=1.0, root=1.0):  # (sign * inf in the broadcast shape)
    return np.broadcast_to(sign * np.inf, np.broadcast_shapes(np.shape(q), np.shape(df)))[()]


#: t's quantile where it overflows (``sign`` inf; ``root`` the quantile's sign): its derivatives of every order
#: infinite, each of the sign of ``root`` times ``root`` per derivative in q and ``-1`` per derivative in df (the
#: quantile is ``+-sqrt(df) (2 p)^(-1/df)`` to leading order, whose exponent's derivatives dominate)
_T_OVERFLOWED = Primitive(_t_overflowed_value, name="wengert.scipy.stats.t_overflowed_quantile", reenters="any")
_def_partials(_T_OVERFLOWED, lambda q, df, sign=1.0, root=1.0: _T_OVERFLOWED(q, df, sign=sign * root, root=root),
              lambda q, df, sign=1.0, root=1.0: _T_OVERFLOWED(q, df, sign=-sign, root=root))


def _t_far_log_density(x, df):
    m, e = _scaled_squares(x)
    return _t_log_kernel(m, df, 0.5, e, x) - 0.5 * _LOG_2PI


def _t_far_partial(q, df, in_df):
    """``dx/dq = 1 / pdf(x)`` (``in_df``: ``dx/d df = -(d cdf / d df) / pdf(x)``, the cdf's derivative as the
    lower tail's ``p`` times its log's, :func:`_t_far_dlogcdf_ddf`, and ``p / pdf`` as one exp), traced in ``x =
    _T_FAR_QUANTILE(q, df)``; where x or the partial overflows, :data:`_T_OVERFLOWED`'s infinities (through
    ``exp`` of the log density an infinite cotangent met its terms' opposite signs: d2x/dq2 at t.ppf(1e-300, 3)
    was NaN for -inf). Where dx/dq overflows but dx/d df does not, dx/d df is taken at ``x`` with ``q`` held
    (its derivative in df exact) plus :data:`_T_STEEP`, 0 with an infinite derivative in q: by jvp the tangent
    ``dx/dq = inf`` met the terms of dx/d df's own derivative in x (inf - inf, NaN for -inf)."""
    x = _T_FAR_QUANTILE(q, df)
    px = np.asarray(_plain(x))
    lower = np.broadcast_to(px < 0, px.shape)
    pq, pdf = np.asarray(_plain(q), dtype=float), np.asarray(_plain(df), dtype=float)
    finite = np.isfinite(px)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        exponent = -_t_far_log_density(np.where(finite, px, -1e10), pdf)
        steep = finite & ~(exponent < _LOG_DOUBLE_MAX)  # (dx/dq overflows)
        if in_df:
            exponent = exponent + np.where(lower, np.log(pq), np.log1p(-pq))
    finite = finite & (exponent < _LOG_DOUBLE_MAX)
    root = np.where(lower, -1.0, 1.0)

    def in_df_form(q, df, x):
        # (log p as the log tail at x, equal on the root: so q enters through x alone; through log(q) too, d/dq
        # of it was 1/q, about dx/d df / q, against the x path's, each inf where dx/dq overflows: NaN for -inf)
        return root * _t_far_dlogcdf_ddf(-root * x, df) * np.exp(_t_log_cdf(df, -root * x)
                                                                 - _t_far_log_density(x, df))

    def finite_form(q, df, x):
        if not in_df:
            return np.exp(-_t_far_log_density(x, df))
        if not np.any(steep):
            return in_df_form(q, df, x)
        held = _T_FAR_QUANTILE(stop_gradient(q), df)
        return np.where(steep, in_df_form(q, df, held) + _T_STEEP(q, df), in_df_form(q, df, x))

    def overflowed(q, df, x):
        return _T_OVERFLOWED(q, df, sign=-root if in_df else root * root, root=root)
    return _two_forms(finite, overflowed, finite_form, (q, df, x), (0.3, 1e-300, -np.inf), (1e-10, 1.0, -1e10))


#: 0, with the derivative in q of t's quantile's dx/d df where dx/dq overflows: -inf (:func:`_t_far_partial`)
_T_STEEP = Primitive(lambda q, df: np.zeros(np.broadcast_shapes(np.shape(q), np.shape(df)))[()],
                     name="wengert.scipy.stats.t_steep_quantile", reenters="any")
_def_partials(_T_STEEP, lambda q, df: _T_OVERFLOWED(q, df, sign=-1.0, root=1.0),
              lambda q, df: np.zeros(np.broadcast_shapes(np.shape(_plain(q)), np.shape(_plain(df))))[()])


#: The log of the largest float: beyond, :func:`_t_far_partial`'s exp overflows
_LOG_DOUBLE_MAX = math.log(float(np.finfo(float).max))


#: t's quantile where its root is far out (``_stdtrit``): ``x`` with ``stdtr(df, x) = q`` (:func:`_t_far_root`)
_T_FAR_QUANTILE = Primitive(_t_far_quantile_plain, name="wengert.scipy.stats.t_far_quantile", reenters="any")
_def_partials(_T_FAR_QUANTILE, lambda q, df: _t_far_partial(q, df, False), lambda q, df: _t_far_partial(q, df, True))


@_method(t, "sf")
def _t_sf(x, df, loc=0.0, scale=1.0):
    """``stdtr(df, -(x - loc) / scale)`` (exact in the right tail).

    >>> from wengert.scipy.stats import t
    >>> float(t.sf(0.0, 2.5))
    0.5
    """
    return sc.stdtr(df, -_standardized("t.sf", x, loc, scale))


@_method(t, "logsf")
def _t_logsf(x, df, loc=0.0, scale=1.0):
    """``log(t.sf(x, df, loc, scale))`` (as ``log1p(-cdf)`` where the sf is near 1).

    >>> from wengert.scipy.stats import t
    >>> round(float(t.logsf(0.0, 2.5)), 6)
    -0.693147
    """
    return _tail(lambda z: sc.stdtr(df, -z), lambda z: sc.stdtr(df, z), True, lambda z: _t_log_cdf(df, -z),
                 lambda z: sc.stdtr(_plain(df), -z))(_standardized("t.logsf", x, loc, scale))


#: Where ``df / z^2`` is below this, t's log tail is its series (:func:`_t_log_cdf`)
_T_FAR = 1e-3


def _t_log_cdf(df, z):
    """``log(stdtr(df, z))`` (differentiable in ``df`` too), far in the left tail (``df / z^2 < _T_FAR``) from
    ``I_x(a, 1/2) / 2`` with ``x = df / (df + z^2)``, ``a = df / 2``:
    ``log(x^a (1 - x)^(1/2) / (2 a B(a, 1/2))) + log S(x)``, ``S = sum (a + 1/2)_n / (a + 1)_n x^n``
    (10 terms), written in ``w = df / z^2``: ``a log df - df log|z| - (a + 1/2) log1p(w)``. The
    log of stdtr's value there had derivatives density / cdf through a density that
    underflows: t.logcdf' was 0 at z = -1e100 (df = 3; the truth 3e-100), t.logcdf'' 0 (the
    truth 3e-200), and NaN from -1e150 on, where stdtr is 0 and its log -inf (the truth -1036.07)."""
    dfp, zp = np.asarray(_plain(df), dtype=float), _plain(z)
    with np.errstate(over="ignore"):
        far = (zp < 0) & (dfp / (zp * zp) < _T_FAR)
    if not np.any(far):
        return np.log(sc.stdtr(df, z))
    a = 0.5 * df  # (df may be traced: the series is differentiable in it)

    def series(z):
        w = (df / z) / z
        x = w / (1.0 + w)
        s = 0.0
        for n in range(10, 0, -1):  # Horner: (a + 1/2)_n / (a + 1)_n = prod (a + 1/2 + k) / (a + 1 + k)
            s = x * (a + n - 0.5) / (a + n) * (1.0 + s)
        # log(1 / (2 a B(a, 1/2))) = -log(2a + 1) - log B(a + 1, 1/2): as log(0.5 / a) - betaln(a, 1/2)
        # their 1/a terms cancelled in d/d(df) (6.8e-8 off at df = 1e-10, z = -1); a log df one primitive: by jvp
        # its second derivative in df was 1 / df - a / df^2, the last inf from df = 1e-154 (-inf for 5e299 at
        # df = 1e-300)
        return (-np.log(2.0 * a + 1.0) - sc.betaln(a + 1.0, 0.5) + _LOG_POWER(df, a) - df * np.log(-z)
                - (a + 0.5) * np.log1p(w) + np.log1p(s))
    with np.errstate(divide="ignore"):
        return _piecewise(z, far, lambda z: np.log(sc.stdtr(df, z)), series, 0.0, -np.sqrt(dfp / _T_FAR) * 2.0)


@_method(t, "ppf")
@_quiet
def _t_ppf(q, df, loc=0.0, scale=1.0):
    """``loc + scale stdtrit(df, q)`` (far out the root of the exact log tail, see :class:`t`).

    >>> from wengert.scipy.stats import t
    >>> round(float(t.ppf(0.5, 2.5)), 12)  # (SciPy 1.13's stdtrit gives 7e-17 here)
    0.0
    """
    return _located("t.ppf", q, loc, scale, lambda q, df: _stdtrit(df, q), shapes=(df,))


@_method(t, "isf")
@_quiet
def _t_isf(q, df, loc=0.0, scale=1.0):
    """``loc - scale stdtrit(df, q)`` (far out the root of the exact log tail, see :class:`t`).

    >>> from wengert.scipy.stats import t
    >>> round(float(t.isf(0.25, 1.0)), 6)  # Cauchy: tan(pi / 4)
    1.0
    """
    return _located("t.isf", q, loc, scale, lambda q, df: _stdtrit(df, q), sign=-1.0, shapes=(df,))


class gumbel_r:
    """The right-skewed Gumbel distribution, as ``scipy.stats.gumbel_r``: differentiable in
    x (or q), loc and scale.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gumbel_r
    >>> float(wg.grad_bp(gumbel_r.logpdf, 0.0))  # -1 + exp(-z)
    0.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``-z - exp(-z) - log(scale)``.

        >>> from wengert.scipy.stats import gumbel_r
        >>> float(gumbel_r.logpdf(0.0))
        -1.0
        """
        z = _standardized("gumbel_r.logpdf", x, loc, scale)
        return -z - np.exp(-z) - np.log(scale)


_exp_of_log(gumbel_r, "pdf", "round(float(gumbel_r.pdf(0.0)), 6)", "0.367879", inside=0.0)
_location_scale(gumbel_r, (
    ("cdf", lambda z: _vanishing(lambda z: -np.exp(-z), lambda z: np.exp(-np.exp(-z)), z, 0.0, 0.0),
     "``exp(-exp(-z))``.",
     "round(float(gumbel_r.cdf(0.0)), 6)", "0.367879"),
    ("logcdf", lambda z: -np.exp(-z),
     "``-exp(-z)``.",
     "float(gumbel_r.logcdf(0.0))", "-1.0"),
    ("sf", lambda z: _vanishing(lambda z: -np.exp(-z), lambda z: -np.expm1(-np.exp(-z)), z, 0.0, 1.0),
     "``1 - exp(-exp(-z))`` (as ``-expm1``: exact in the right tail).",
     "round(float(gumbel_r.sf(0.0)), 6)", "0.632121"),
    ("logsf", lambda z: _vanishing(lambda z: -np.exp(-z), lambda z: _log1mexp_of_exp(-z), z, 0.0, 0.0),
     "``log(gumbel_r.sf(x, loc, scale))`` (``-z + log((1 - e^-u) / u)``, ``u = e^-z``, far up).",
     "round(float(gumbel_r.logsf(0.0)), 6)", "-0.458675"),
    ("ppf", (lambda q: np.log(-np.log(q)), -1.0),
     "``loc - scale log(-log(q))``.",
     "round(float(gumbel_r.ppf(0.5)), 6)", "0.366513"),
    ("isf", (lambda q: np.log(-np.log1p(-q)), -1.0),
     "``loc - scale log(-log(1 - q))``.",
     "round(float(gumbel_r.isf(0.5)), 6)", "0.366513"),
))


class gumbel_l:
    """The left-skewed Gumbel distribution, as ``scipy.stats.gumbel_l`` (``gumbel_r``
    mirrored): differentiable in x (or q), loc and scale.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gumbel_l
    >>> float(wg.grad_bp(gumbel_l.logpdf, 0.0))  # 1 - exp(z)
    0.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``z - exp(z) - log(scale)``.

        >>> from wengert.scipy.stats import gumbel_l
        >>> float(gumbel_l.logpdf(0.0))
        -1.0
        """
        z = _standardized("gumbel_l.logpdf", x, loc, scale)
        return z - np.exp(z) - np.log(scale)


_exp_of_log(gumbel_l, "pdf", "round(float(gumbel_l.pdf(0.0)), 6)", "0.367879", inside=0.0)
_location_scale(gumbel_l, (
    ("cdf", lambda z: _vanishing(lambda z: -np.exp(z), lambda z: -np.expm1(-np.exp(z)), z, 0.0, 1.0),
     "``1 - exp(-exp(z))`` (as ``-expm1``: exact in the left tail).",
     "round(float(gumbel_l.cdf(0.0)), 6)", "0.632121"),
    ("logcdf", lambda z: _vanishing(lambda z: -np.exp(z), lambda z: _log1mexp_of_exp(z), z, 0.0, 0.0),
     "``log(gumbel_l.cdf(x, loc, scale))``.",
     "round(float(gumbel_l.logcdf(0.0)), 6)", "-0.458675"),
    ("sf", lambda z: _vanishing(lambda z: -np.exp(z), lambda z: np.exp(-np.exp(z)), z, 0.0, 0.0),
     "``exp(-exp(z))``.",
     "round(float(gumbel_l.sf(0.0)), 6)", "0.367879"),
    ("logsf", lambda z: -np.exp(z),
     "``-exp(z)``.",
     "float(gumbel_l.logsf(0.0))", "-1.0"),
    ("ppf", (lambda q: np.log(-np.log1p(-q)), 1.0),
     "``loc + scale log(-log(1 - q))``.",
     "round(float(gumbel_l.ppf(0.5)), 6)", "-0.366513"),
    ("isf", (lambda q: np.log(-np.log(q)), 1.0),
     "``loc + scale log(-log(q))``.",
     "round(float(gumbel_l.isf(0.5)), 6)", "-0.366513"),
))


_SQRT_2 = float(np.sqrt(2.0))
_LOG_2_OVER_PI = float(np.log(2.0 / np.pi))


class halfnorm:
    """The half-normal distribution (``|X|`` for a standard normal ``X``), as
    ``scipy.stats.halfnorm``: differentiable in x (or q), loc and scale. Its support
    ``z >= 0`` includes 0, where the derivatives are the one-sided ones from inside.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import halfnorm
    >>> float(wg.grad_bp(halfnorm.logpdf, 1.5))  # -z
    -1.5

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, loc=0.0, scale=1.0):
        """``log(2 / pi) / 2 - z**2 / 2 - log(scale)`` on ``z >= 0``, ``-inf`` below.

        >>> from wengert.scipy.stats import halfnorm
        >>> round(float(halfnorm.logpdf(0.0)), 6)
        -0.225791
        """
        z = _standardized("halfnorm.logpdf", x, loc, scale)
        return _on_support(_plain(z) >= 0,
                           lambda z: 0.5 * _LOG_2_OVER_PI - 0.5 * z * z - np.log(scale), z)

    @staticmethod
    def cdf(x, loc=0.0, scale=1.0):
        """``erf(z / sqrt(2))``, 0 below the support.

        >>> from wengert.scipy.stats import halfnorm
        >>> round(float(halfnorm.cdf(1.0)), 6)
        0.682689
        """
        z = _standardized("halfnorm.cdf", x, loc, scale)
        return _on_support(_plain(z) >= 0, lambda z: sc.erf(z / _SQRT_2), z, outside=0.0)

    @staticmethod
    def logcdf(x, loc=0.0, scale=1.0):
        """``log(erf(z / sqrt(2)))``, ``-inf`` at and below 0.

        >>> from wengert.scipy.stats import halfnorm
        >>> round(float(halfnorm.logcdf(1.0)), 6)
        -0.381715
        """
        z = _standardized("halfnorm.logcdf", x, loc, scale)
        return _on_support(_plain(z) > 0, _tail(lambda z: sc.erf(z / _SQRT_2),
                                                lambda z: sc.erfc(z / _SQRT_2), True), z)

    @staticmethod
    def sf(x, loc=0.0, scale=1.0):
        """``2 ndtr(-z)`` (exact in the right tail), 1 below the support.

        >>> from wengert.scipy.stats import halfnorm
        >>> round(float(halfnorm.sf(1.0)), 6)
        0.317311
        """
        z = _standardized("halfnorm.sf", x, loc, scale)
        return _on_support(_plain(z) >= 0, lambda z: 2.0 * sc.ndtr(-z), z, outside=1.0)

    @staticmethod
    def logsf(x, loc=0.0, scale=1.0):
        """``log(2) + log_ndtr(-z)``: finite far in the right tail (where SciPy's
        ``log(sf)`` is ``-inf``), 0 below the support.

        >>> from wengert.scipy.stats import halfnorm
        >>> round(float(halfnorm.logsf(40.0)), 3)
        -803.915
        """
        z = _standardized("halfnorm.logsf", x, loc, scale)
        return _on_support(_plain(z) >= 0, _halfnorm_logsf, z, outside=0.0)


def _halfnorm_logsf(z):
    """``log(2 ndtr(-z))`` on ``z >= 0``: ``log1p(-erf(z / sqrt(2)))`` where the sf is above 1/2
    (``log(2) + log_ndtr(-z)`` cancels there: at z = 5.9e-13 it was -4.69402e-13, 1.5e-4 off
    mpmath's -4.69333e-13), ``log(2) + log_ndtr(-z)`` beyond (finite far in the tail)."""
    near = _plain(z) < _HALFNORM_MEDIAN
    return np.where(near, np.log1p(-sc.erf(np.where(near, z, 0.0) / _SQRT_2)),
                    _LOG_2 + sc.log_ndtr(-np.where(near, 1.0, z)))


#: the half-normal's median, ndtri(3/4): below it the sf is above 1/2
_HALFNORM_MEDIAN = float(sc.ndtri(0.75))
_exp_of_log(halfnorm, "pdf", "round(float(halfnorm.pdf(0.0)), 6)", "0.797885", inside=1.0)
_location_scale(halfnorm, (
    ("ppf", (lambda q: sc.ndtri(0.5 * (1.0 + q)), 1.0),
     "``loc + scale ndtri((1 + q) / 2)``.",
     "round(float(halfnorm.ppf(0.5)), 6)", "0.67449"),
    ("isf", (lambda q: sc.ndtri(0.5 * q), -1.0),
     "``loc - scale ndtri(q / 2)``.",
     "round(float(halfnorm.isf(0.5)), 6)", "0.67449"),
))


class wrapcauchy:
    """The wrapped Cauchy distribution on ``0 <= z <= 2 pi``, as ``scipy.stats.wrapcauchy``
    (``0 < c < 1``): ``logpdf`` and ``pdf``, differentiable in x, c, loc and scale.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import wrapcauchy
    >>> round(float(wg.grad_bp(lambda x: wrapcauchy.logpdf(x, 0.5), 1.0)), 6)  # -2 c sin z / (1 + c^2 - 2 c cos z)
    -1.185675

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, c, loc=0.0, scale=1.0):
        """``log(1 - c**2) - log(2 pi (1 + c**2 - 2 c cos z)) - log(scale)`` on the support,
        ``-inf`` outside.

        >>> from wengert.scipy.stats import wrapcauchy
        >>> round(float(wrapcauchy.logpdf(0.0, 0.5)), 6)  # log(3 / (2 pi))
        -0.739265
        """
        plain_c = _plain(c)
        if np.any((plain_c <= 0) | (plain_c >= 1)):
            raise ValueError("wrapcauchy: c must be between 0 and 1 (exclusive)")
        z = _standardized("wrapcauchy.logpdf", x, loc, scale)
        plain = _plain(z)
        return _on_support((plain >= 0) & (plain <= 2.0 * np.pi), lambda z: (
            np.log1p(-c * c) - _LOG_2PI - np.log(1.0 + c * c - 2.0 * c * np.cos(z)) - np.log(scale)), z)


_exp_of_log(wrapcauchy, "pdf", "round(float(wrapcauchy.pdf(0.0, 0.5)), 6)", "0.477465")


class gennorm:
    """The generalized normal distribution (density proportional to ``exp(-|z|**beta)``), as
    ``scipy.stats.gennorm``: ``logpdf`` and ``pdf``, differentiable in x, beta, loc and scale.

    At ``x = loc`` the gradient in ``beta`` and ``scale`` is that of a constant
    ``|z|**beta = 0`` (0 for every beta > 0) and the derivatives in x and loc are those
    of ``|z|**beta`` with beta held: 0 for ``beta > 1``, the kink convention of ``np.abs``
    for ``beta = 1`` (Laplace); for ``beta < 1`` there is none (a cusp: the one-sided
    derivatives are -inf and +inf), and a call with x or loc traced there raises
    :class:`~wengert.NoGradientRule`.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gennorm
    >>> float(wg.grad_bp(lambda x: gennorm.logpdf(x, 2.0), 0.5))  # -2 z
    -1.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, beta, loc=0.0, scale=1.0):
        """``log(beta / 2) - gammaln(1 / beta) - |z|**beta - log(scale)``.

        >>> from wengert.scipy.stats import gennorm
        >>> round(float(gennorm.logpdf(0.0, 2.0)), 6)  # the normal with variance 1/2
        -0.572365
        """
        if np.any(_plain(beta) <= 0):
            raise ValueError("gennorm: beta must be positive")
        z = _standardized("gennorm.logpdf", x, loc, scale)
        zero = _plain(z) == 0
        power = np.abs(np.where(zero, 1.0, z)) ** beta
        if np.any(zero) and not (isinstance(x, (Var, Dual)) or isinstance(loc, (Var, Dual))):
            power = np.where(zero, 0.0, power)  # |0 / scale|**beta: 0 for every scale and beta
        elif np.any(zero):
            if np.any(zero & (_plain(beta) < 1)):
                raise NoGradientRule(
                    "wengert.scipy.stats.gennorm.logpdf (pdf) with beta < 1 has no derivative in x "
                    "or loc at x == loc: |z|**beta has a cusp there (its one-sided derivatives are "
                    "-inf and +inf). Evaluate away from x == loc, or pass x and loc as constants "
                    "(wengert.stop_gradient) to differentiate in beta and scale only.")
            power = np.where(zero, np.abs(z) ** _plain(beta), power)
        return np.log(0.5 * beta) - sc.gammaln(1.0 / beta) - power - np.log(scale)


_exp_of_log(gennorm, "pdf", "round(float(gennorm.pdf(0.0, 1.0)), 6)  # Laplace", "0.5", inside=1.0)


class betabinom:
    """The beta-binomial distribution, as ``scipy.stats.betabinom``: differentiable in ``a``
    and ``b`` (``k``, ``n`` and ``loc`` are counts: a Var there is refused).

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
        return _nan_count(k, np.where(valid, sc.gammaln(n + 1.0) - sc.gammaln(whole + 1.0) - sc.gammaln(n - whole + 1.0)
                                      + sc.betaln(whole + a, n - whole + b) - sc.betaln(a, b), -np.inf))

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



# -- weibull_min, invgamma, skewnorm (written with differentiable calls, as above) ----

__all__ += ["invgamma", "skewnorm", "weibull_max", "weibull_min"]


class weibull_min:
    """The Weibull (minimum) distribution, as ``scipy.stats.weibull_min``: differentiable in
    x (or q), c, loc and scale. Its support is ``z = (x - loc) / scale >= 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import weibull_min
    >>> float(wg.grad_bp(lambda x: weibull_min.cdf(x, 1.0), 0.0))  # the density at 0 (c = 1)
    1.0

    .. versionadded:: 0.1
    """


class weibull_max:
    """The Weibull maximum distribution, as ``scipy.stats.weibull_max``: ``weibull_min``
    mirrored (``X`` here is ``-X`` there), differentiable in x (or q), c, loc and scale. Its
    support is ``z = (x - loc) / scale <= 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import weibull_max
    >>> float(wg.grad_bp(lambda x: weibull_max.cdf(x, 1.0), 0.0))  # the density at 0 (c = 1)
    1.0

    .. versionadded:: 0.1
    """


def _weibull_log_density(z, c, scale):
    # (np.power, not **: a Python float's 1e300 ** 2.0 raised OverflowError where the truth is -inf)
    return np.log(c) + sc.xlogy(c - 1.0, z) - np.power(z, c) - np.log(scale)


def _weibull(name, x, c, loc, scale):
    if np.any(_plain(c) <= 0):
        raise ValueError(f"{name}: c must be positive")
    z = _standardized(name, x, loc, scale)
    if name.endswith("pdf"):  # the cdf and sf, 1 - exp(-z**c) and exp(-z**c), are smooth in c at z = 0
        _refuse_a_jump_in_shape(name, c, lambda: (z == 0) & (c == 1), "c", "c = 1 where x == loc",
                                "z**(c - 1)")
    return z


#: weibull_max's function of weibull_min's (at w = -z): its cdf is weibull_min's sf, and so on
_WEIBULL_MIRROR = {"logpdf": "logpdf", "cdf": "sf", "logcdf": "logsf", "sf": "cdf", "logsf": "logcdf"}


def _weibull_function(name, inside, function, outside, formula, example, value):
    """Add ``weibull_min.<name>``: ``function(z, c, scale)`` where ``inside(z)`` (a plain mask),
    ``outside`` elsewhere; and weibull_max's mirrored function (``_WEIBULL_MIRROR``), the same
    of ``w = -z``."""
    def method(x, c, loc=0.0, scale=1.0):
        z = _weibull(f"weibull_min.{name}", x, c, loc, scale)
        with np.errstate(over="ignore"):  # (z^c far out: its inf is the truth's rounding, -inf for a log, as dweibull's)
            return _on_support(inside(_plain(z)), lambda z: function(z, c, scale), z, outside=outside)
    method.__doc__ = _doc(weibull_min, formula, example, value)
    _method(weibull_min, name)(method)
    mirrored = _WEIBULL_MIRROR[name]

    def mirror(x, c, loc=0.0, scale=1.0):
        w = -_weibull(f"weibull_max.{mirrored}", x, c, loc, scale)
        with np.errstate(over="ignore"):
            return _on_support(inside(_plain(w)), lambda w: function(w, c, scale), w, outside=outside)
    mirror.__doc__ = _doc(weibull_max, f"weibull_min's {name} at ``w = -z``: {formula.replace('z', 'w')}",
                          example.replace("weibull_min", "weibull_max").replace("(1.0,", "(-1.0,").replace(
                              "(2.0,", "(-2.0,").replace(f".{name}(", f".{mirrored}("), value)
    _method(weibull_max, mirrored)(mirror)


def _weibull_top(function, outside, inside=1.0):
    """``function(z, c, scale)``, and ``outside`` (its limit, 0, 1 or -0) with derivatives 0 where ``z^c``
    passes ``-_VANISHING_LOG``: there the function (a density, a tail, log1mexp(-z^c)) is ``exp(-z^c)`` times
    powers of ``z^c``, ``log z`` and ``c``, which underflow, while ``z^c`` overflows (d/dc was inf * 0 = NaN
    at z = 1e200, c = 2: weibull_min's pdf, cdf, sf, logcdf and dweibull's, the truth 0)."""
    def top(z, c, scale):
        cp = _plain(c)
        return _vanishing(lambda z: -np.power(z, cp), lambda z: function(z, c, scale), z, inside, outside)
    return top


_weibull_function("logpdf", lambda z: z >= 0, _weibull_log_density, -np.inf,
                  "``log(c) + (c - 1) log(z) - z^c - log(scale)`` on ``z >= 0``, ``-inf`` below.",
                  "round(float(weibull_min.logpdf(1.0, 2.0)), 6)", "-0.306853")
_weibull_function("cdf", lambda z: z >= 0, _weibull_top(lambda z, c, scale: -np.expm1(-np.power(z, c)), 1.0), 0.0,
                  "``1 - exp(-z^c)`` (as ``-expm1``), 0 below the support.",
                  "round(float(weibull_min.cdf(1.0, 2.0)), 6)", "0.632121")
_weibull_function("logcdf", lambda z: z > 0, _weibull_top(lambda z, c, scale: _log1mexp_power(z, c), -0.0), -np.inf,
                  "``log(1 - exp(-z^c))``, ``-inf`` at and below 0.",
                  "round(float(weibull_min.logcdf(1.0, 2.0)), 6)", "-0.458675")
_weibull_function("sf", lambda z: z >= 0, _weibull_top(lambda z, c, scale: np.exp(-np.power(z, c)), 0.0), 1.0,
                  "``exp(-z^c)``, 1 below the support.", "round(float(weibull_min.sf(1.0, 2.0)), 6)", "0.367879")
_weibull_function("logsf", lambda z: z >= 0, lambda z, c, scale: -np.power(z, c), 0.0,
                  "``-z^c``, 0 below the support.", "float(weibull_min.logsf(2.0, 2.0))", "-4.0")


def _weibull_density(x, c, loc, scale, name, sign):
    z = sign * _weibull(name, x, c, loc, scale)
    with np.errstate(over="ignore"):  # (z^c far out: its inf the truth's, the density 0)
        return _on_support(_plain(z) >= 0, lambda z: _weibull_top(lambda z, c, scale: _exp_at_ends(
            lambda z: _weibull_log_density(z, c, scale),
            lambda z: c * np.power(z, c - 1.0) * np.exp(-np.power(z, c)) / scale, z, (0.0,), (c - 1.0,)), 0.0)(
                z, c, scale), z, outside=0.0)


@_method(weibull_min, "pdf")
def _weibull_pdf(x, c, loc=0.0, scale=1.0):
    """``c z^(c - 1) exp(-z^c) / scale`` on ``z >= 0`` (with powers at ``z = 0``, where the
    log density is -inf but the density is 0, c or infinite as c is above, at or below 1).

    >>> from wengert.scipy.stats import weibull_min
    >>> float(weibull_min.pdf(0.0, 1.0))
    1.0
    """
    return _weibull_density(x, c, loc, scale, "weibull_min.pdf", 1.0)


@_method(weibull_max, "pdf")
def _weibull_max_pdf(x, c, loc=0.0, scale=1.0):
    """``c w^(c - 1) exp(-w^c) / scale`` on ``w = -z >= 0`` (see ``weibull_min.pdf``).

    >>> from wengert.scipy.stats import weibull_max
    >>> float(weibull_max.pdf(0.0, 1.0))
    1.0
    """
    return _weibull_density(x, c, loc, scale, "weibull_max.pdf", -1.0)


@functools.lru_cache(maxsize=None)
def _stirling_first(n):
    """Signed Stirling numbers of the first kind ``[s(n, 0), ..., s(n, n)]``: ``d^n/dq^n f(log q)
    = q^-n sum_k s(n, k) f^(k)(log q)``."""
    if n == 0:
        return (1,)
    last = _stirling_first(n - 1) + (0,)
    return tuple((last[k - 1] if k else 0) - (n - 1) * last[k] for k in range(n + 1))


def _falling(p, k):
    """``p (p - 1) ... (p - k + 1)`` (1 for k = 0), differentiable in ``p``."""
    return functools.reduce(lambda u, j: u * (p - j), range(k), 1.0 + 0.0 * p)


def _log_power_terms(n, q, p, in_p):
    """``q^n d^n/dq^n (-log q)^p = sum_k s(n, k) (-1)^k falling(p, k) t^(p - k)``, ``t = -log q``; with
    ``in_p`` its derivative in ``p`` (differentiable in ``p``: the product rule over falling's factors)."""
    t = -np.log(q)
    out = 0.0
    for k, stirling in enumerate(_stirling_first(n)):
        if k == 0 or stirling == 0:
            continue
        term = _falling(p, k) * t ** (p - k)
        if in_p:
            term = term * np.log(t) + t ** (p - k) * sum(
                _falling(p, j) * functools.reduce(lambda u, i: u * (p - i), range(j + 1, k), 1.0)
                for j in range(k))
        out = out + stirling * (-1.0) ** k * term
    return out


def _minus_log_power_dq_value(q, p, n=1, s=1.0):
    q, p = np.asarray(q, dtype=float), np.asarray(p, dtype=float)
    return (s ** p * _over_power(_log_power_terms(n, q, p, False), q, n))[()]


def _minus_log_power_dq_dp(q, p, n=1, s=1.0):
    # d/dp of s^p T_n(p) / q^n, divided by q one factor at a time (q^n alone underflows)
    return functools.reduce(lambda u, _: u / q, range(n), s ** p * (
        math.log(s) * _log_power_terms(n, q, p, False) + _log_power_terms(n, q, p, True)))


def _minus_log_power_value(q, p, s=1.0):
    return (-s * np.log(q)) ** p


#: (-s log q)^p as one primitive in q, for q near 0 (quantiles of weibull_min, weibull_max and
#: rayleigh): through (-log q)^p its second derivative in q is two terms of order 1/q^2 overflowing
#: apart (weibull_min.isf'' and rayleigh.isf'' at q = 1e-300 were NaN, the truth +inf). Its n-th
#: q-derivative is s^p times one sum over q^n (_over_power: no overflow before the quotient's own).
_MINUS_LOG_POWER_DQ = Primitive(_minus_log_power_dq_value, name="wengert.scipy.stats ((-s log q)^p, d/dq)",
                                reenters="any")
_def_partials(_MINUS_LOG_POWER_DQ, lambda q, p, n=1, s=1.0: _MINUS_LOG_POWER_DQ(q, p, n=n + 1, s=s),
              _minus_log_power_dq_dp)
_MINUS_LOG_POWER = Primitive(_minus_log_power_value, name="wengert.scipy.stats ((-s log q)^p)", reenters="any")
_def_partials(_MINUS_LOG_POWER, lambda q, p, s=1.0: _MINUS_LOG_POWER_DQ(q, p, n=1, s=s),
              lambda q, p, s=1.0: _minus_log_power_value(q, p, s) * np.log(-s * np.log(q)))
#: Below this q a quantile (-s log q)^p is _MINUS_LOG_POWER
_TINY_Q = 1e-150


def _tiny_q_power(q, p, s, larger):
    """``(-s log q)^p``: ``larger(q)`` (the old form, bit for bit) from ``_TINY_Q`` on, the primitive below."""
    return _piecewise(q, _plain(q) < _TINY_Q, larger, lambda q: _MINUS_LOG_POWER(q, p, s=s), 0.5, 1e-200)


def _weibull_lower_tail_power(q, c):
    """``(-log1p(-q))^(1/c)``, at q = 0 as ``_MINUS_LOG_POWER(1 - q, 1/c)``: through log1p the second derivative in q
    and loc by jacfwd(jacfwd) was NaN at 1/2 < c < 1 (forward mode's inner 0 tangent times power's infinite second
    derivative; the truth 0). Only below c = 1: the primitive's second derivative at p = 1 is 0 * inf there; at the
    plain c, the end's derivatives in c 0 (its own in p, x^p log x at x = 0, is 0 * inf)."""
    return _piecewise(q, (_plain(q) == 0) & (np.asarray(_plain(c)) < 1), lambda q: (-np.log1p(-q)) ** (1.0 / c),
                      lambda q: _MINUS_LOG_POWER(1.0 - q, 1.0 / _plain(c)), 0.5, 0.0)


def _weibull_upper_tail_power(q, c):
    """``(-log q)^(1/c)`` (_tiny_q_power's), at q = 1 as ``_MINUS_LOG_POWER`` (see _weibull_lower_tail_power)."""
    return _piecewise(q, (_plain(q) == 1) & (np.asarray(_plain(c)) < 1), lambda q: _tiny_q_power(q, 1.0 / c, 1.0, lambda q: (-np.log(q)) ** (1.0 / c)),
                      lambda q: _MINUS_LOG_POWER(q, 1.0 / _plain(c)), 0.5, 1.0)


def _weibull_quantile(name, q, c, loc, scale, upper):
    _weibull(name, 0.0, c, 0.0, scale)
    # (the end 0 at every c: steep for c > 1, level for c <= 1, its d/dc 0 and d2/dq dc the powers' limits)
    return _located(name, q, loc, scale, _weibull_upper_tail_power if upper else _weibull_lower_tail_power,
                    shapes=(c,), steep_mixed=_power_steep, level_mixed=_weibull_level)


def _weibull_max_quantile(name, q, c, loc, scale, upper):
    # weibull_max's ppf is minus weibull_min's isf (of -loc), its isf minus weibull_min's ppf
    _weibull(name, 0.0, c, 0.0, scale)
    return _located(name, q, loc, scale, _weibull_lower_tail_power if upper else _weibull_upper_tail_power,
                    sign=-1.0, shapes=(c,), steep_mixed=_power_steep, level_mixed=_weibull_level)


_quantiles(weibull_min, "c", _weibull_quantile, (
    ("``loc + scale (-log(1 - q))^(1/c)``.", "round(float(weibull_min.ppf(0.5, 1.0)), 6)  # log 2", "0.693147"),
    ("``loc + scale (-log(q))^(1/c)``.", "float(weibull_min.isf(np.exp(-4.0), 2.0))", "2.0")))
_quantiles(weibull_max, "c", _weibull_max_quantile, (
    ("``loc - scale (-log(q))^(1/c)``.", "float(weibull_max.ppf(np.exp(-4.0), 2.0))", "-2.0"),
    ("``loc - scale (-log(1 - q))^(1/c)``.", "round(float(weibull_max.isf(0.5, 1.0)), 6)  # -log 2",
     "-0.693147")))


# d^n/dz^n (-(a + 1) log z - 1/z) = (-1)^n (n - 1)! ((a + 1) - n / z) / z^n (as ((a + 1) z - n) /
# z^(n + 1) the numerator overflowed where (a + 1) z > 1.8e308: invgamma.logpdf' at 1e308 was -inf);
# its derivative in a, -d^n/dz^n log z = (-1)^n (n - 1)! / z^n
_INVGAMMA_DZ = _z_derivatives(
    "wengert.scipy.stats.invgamma (d/dz)", lambda n, z, a: (-1.0) ** n * math.factorial(n - 1) * ((a + 1.0) - n / z),
    lambda n: n, lambda n, z, a: (-1.0) ** n * math.factorial(n - 1) / z ** n)


def _invgamma_z_terms(z, a):
    return -(a + 1.0) * np.log(z) - 1.0 / z


_INVGAMMA_Z_TERMS = Primitive(_invgamma_z_terms, name="wengert.scipy.stats.invgamma (z terms)", reenters="any")
_def_partials(_INVGAMMA_Z_TERMS, lambda z, a: _INVGAMMA_DZ(z, a, n=1), lambda z, a: -np.log(z))


def _invgamma_scaled_terms_value(d, s, a):
    # (d an array for a Python d / s that overflows; its dtype the arguments', float32 kept: as float it was
    # float64, levy.logcdf(float32(1e-25)) too)
    return _invgamma_z_terms(np.asarray(d, dtype=np.result_type(d, s, a, 1.0)) / s, a)


# -(a + 1) log(d / s) - s / d (d = x - loc, s = scale): the z terms as a function of d and s, so that the
# scale's derivatives are not chained through z: its second, (z^2 f'' + 2 z f') / s^2, cancels where the
# 1/z term dominates (-2/z + 2/z): d2/dscale2 invgamma.logpdf(1e-10, 2.5) was -2.499998 for -2.5, at 1e-20
# 0.0, at 1e-100 -3.9e84, at 1e-300 NaN. Here d/ds = (a + 1)/s - 1/d (its own derivatives exact) and
# d/dd = (s/d - (a + 1))/d (its d-derivative -s/d^3 - (s/d - (a + 1))/d^2 without inf - inf below d = 1e-154)
# (the d-derivative a primitive too: as a quotient of Duals its derivative in a or s, along which d does
# not move, was 0 * inf = NaN where (s/d)/d overflows)
_INVGAMMA_SCALED_TERMS = Primitive(_invgamma_scaled_terms_value, name="wengert.scipy.stats.invgamma (d, s terms)",
                                   reenters="any")
def _quiet_over(f):
    """``f`` with NumPy's overflow warnings off (its infinities are the truth's overflow)."""
    def quiet(*args):
        with np.errstate(over="ignore"):
            return f(*args)
    return quiet


_INVGAMMA_SCALED_DD = Primitive(_quiet_over(lambda d, s, a: ((np.asarray(s, dtype=np.result_type(d, s, a, 1.0)) / d
                                                                - (a + 1.0)) / d)[()]),
                                name="wengert.scipy.stats.invgamma (d/dx of the d, s terms)", reenters="any")
_def_partials(_INVGAMMA_SCALED_DD, _quiet_over(lambda d, s, a: (a + 1.0 - 2.0 * (s / d)) / d / d),
              _quiet_over(lambda d, s, a: 1.0 / d / d), lambda d, s, a: -1.0 / d)
_def_partials(_INVGAMMA_SCALED_TERMS, _INVGAMMA_SCALED_DD,
              lambda d, s, a: (a + 1.0) / s - 1.0 / d, lambda d, s, a: np.log(s) - np.log(d))


def _invgamma_log_density(z, a):
    """``-(a + 1) log(z) - 1/z - gammaln(a)``, its terms in z one primitive whose derivatives
    in z are written as one quotient each (:func:`_z_derivatives`): the second derivative,
    ``(a + 1) / z^2 - 2 / z^3``, was inf - inf = NaN below z = 1.5e-154 (the truth -inf), and
    overflowed with a warning from 1e-103 on."""
    return _INVGAMMA_Z_TERMS(z, a) - sc.gammaln(a)


class invgamma:
    """The inverted gamma distribution, as ``scipy.stats.invgamma``: ``logpdf`` and ``pdf``
    differentiable in x, a, loc and scale; its tails and quantiles in x (or q), loc and
    scale, and in ``a`` to second order (and mixed with x or q): their third
    derivative in ``a`` is refused with :class:`~wengert.NoGradientRule` (that of
    ``gammainc`` in ``a`` is not implemented).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import invgamma
    >>> float(wg.grad_bp(lambda x: invgamma.logpdf(x, 1.0), 1.0))  # -(a + 1) / z + 1 / z^2
    -1.0

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, a, loc=0.0, scale=1.0):
        """``-(a + 1) log(z) - 1/z - gammaln(a) - log(scale)`` on ``z > 0``, ``-inf`` at and below 0.

        >>> from wengert.scipy.stats import invgamma
        >>> round(float(invgamma.logpdf(1.0, 2.0)), 6)
        -1.0
        """
        z = _standardized("invgamma.logpdf", x, loc, scale)
        inside = _plain(z) > 0
        # in d = x - loc and the scale (see _INVGAMMA_SCALED_TERMS); d stands in at z = 1/2 outside
        d = np.where(inside, x - loc, 0.5 * _plain(scale)) if not np.all(inside) else x - loc
        # (gammaln and log Python floats for Python a and scale: NumPy's float64 scalars made float32 results float64)
        return _on_support(inside, lambda d: _INVGAMMA_SCALED_TERMS(d, scale, a) - _gammaln_of(a) - _log_of(scale), d)


_exp_of_log(invgamma, "pdf", "round(float(invgamma.pdf(1.0, 2.0)), 6)", "0.367879", inside=1.0)


# invgamma.logcdf far in its lower tail, log Q(a, w) with w = s / d (d = x - loc, s = scale) beyond
# _FAR_GAMMA, as a function of (a, d, s): through z = d / s and w = 1 / z the second derivatives met
# 0 * inf (Q's second w-derivative ~ (a - 1)/w^2 underflowed against w's overflowing derivatives: the
# Hessian at x = 1e-300 NaN in x, in a with x, in scale) and the scale's cancelled (d2/dscale2 at
# z = 1e-6 6e-11 relative off, 0.0 from z = 1e-20 for -(a - 1)). With R = R(a, w), E = d/da log R and
# K = w^2 dR/dw = (a - 1)((a - 2) R(a - 2, w) - (a - 1) R(a - 1, w)): d/dd = w / (R d), d/ds = -1 / (R d),
# d/da = log w - digamma(a) + E, each a primitive with its partials written out (as quotients of Duals
# their derivatives along directions that leave d still were 0 * inf): d2/ds2 = K / (R s)^2,
# d2/dd2 = (K / R - 2 w) / (R d^2), d2/dd ds = (1 - K / (w R)) / (R d^2), d2/da ds = w E / (R s),
# d2/da dd = -w E / (R d), d2/da2 = dE/da - trigamma(a).
def _invgamma_far_ew_value(a, w):
    """``w E(a, w)`` (plain): from the continued fraction up to w = 1e150, beyond (where E's numerator,
    ~ 1/w^2, underflows) ``1 + (a - 2) / w``, its series' terms beyond below 1e-280 there."""
    a, w = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(w, dtype=float))
    big = w > 1e150
    out = 1.0 + (a - 2.0) / w
    if not np.all(big):
        wn = np.where(big, 2.0 * _FAR_GAMMA + a + 1.0, w)
        out = np.where(big, out, wn * _fraction_da_value(a, wn))
    return out[()]


def _refuse_third_far(ans, *args):
    raise NoGradientRule("wengert.scipy.stats.invgamma.logcdf far in its lower tail (z = (x - loc) / scale below "
                         "1/20 and 1/(a + 1)) has no third derivative (not implemented); the first and second are")


_INVGAMMA_FAR_EW = Primitive(_invgamma_far_ew_value, name="wengert.scipy.stats.invgamma (w E)", reenters="any")
defvjp(_INVGAMMA_FAR_EW, *[lambda ans, a, w: _refuse_third_far(ans)] * 2)


def _invgamma_far_parts(a, d, s):
    """``(w, R(a, w), d)`` of plain ``a, d, s`` (see above)."""
    a, d, s = (np.asarray(v, dtype=float) for v in (a, d, s))
    return s / d, _upper_gamma_ratio(a, s / d), d


def _invgamma_far_k(a, w):
    return (a - 1.0) * ((a - 2.0) * _UPPER_RATIO(a - 2.0, w) - (a - 1.0) * _UPPER_RATIO(a - 1.0, w))


def _invgamma_far_cross(a, d, s):
    """``d2/dd ds = (1 - K / (w R)) / (R d^2)``."""
    w = s / d
    r = _UPPER_RATIO(a, w)
    return (1.0 - _invgamma_far_k(a, w) / (w * r)) / (r * d) / d


def _invgamma_far_da_value(a, d, s):
    w = np.asarray(s, dtype=float) / d
    return (np.log(w) - sc.digamma(a) + _invgamma_far_ew_value(a, w) / w)[()]


def _invgamma_far_ds_value(a, d, s):
    _, r, d = _invgamma_far_parts(a, d, s)
    return (-1.0 / (r * d))[()]


def _invgamma_far_dd_value(a, d, s):
    w, r, d = _invgamma_far_parts(a, d, s)
    return (w / (r * d))[()]


_INVGAMMA_FAR_DA = Primitive(_invgamma_far_da_value, name="wengert.scipy.stats.invgamma (logcdf far, d/da)",
                             reenters="any")
_INVGAMMA_FAR_DS = Primitive(_invgamma_far_ds_value, name="wengert.scipy.stats.invgamma (logcdf far, d/dscale)",
                             reenters="any")
_INVGAMMA_FAR_DD = Primitive(_invgamma_far_dd_value, name="wengert.scipy.stats.invgamma (logcdf far, d/dx)",
                             reenters="any")
_def_partials(_INVGAMMA_FAR_DA,
              lambda a, d, s: _FRACTION_DAA(a, s / d) - _FRACTION_DA(a, s / d) ** 2 - sc.polygamma(1, a),
              lambda a, d, s: -_INVGAMMA_FAR_EW(a, s / d) / (_UPPER_RATIO(a, s / d) * d),
              lambda a, d, s: _INVGAMMA_FAR_EW(a, s / d) / (_UPPER_RATIO(a, s / d) * s))
_def_partials(_INVGAMMA_FAR_DS,
              lambda a, d, s: _INVGAMMA_FAR_EW(a, s / d) / (_UPPER_RATIO(a, s / d) * s),
              _invgamma_far_cross,
              lambda a, d, s: _invgamma_far_k(a, s / d) / (_UPPER_RATIO(a, s / d) * s) ** 2)
_def_partials(_INVGAMMA_FAR_DD,
              lambda a, d, s: -_INVGAMMA_FAR_EW(a, s / d) / (_UPPER_RATIO(a, s / d) * d),
              lambda a, d, s: (_invgamma_far_k(a, s / d) / _UPPER_RATIO(a, s / d) - 2.0 * (s / d))
              / (_UPPER_RATIO(a, s / d) * d) / d,
              _invgamma_far_cross)
_INVGAMMA_LOGCDF_FAR = Primitive(lambda a, d, s: _log_q_far_value(a, np.asarray(s, dtype=float) / d),
                                 name="wengert.scipy.stats.invgamma (logcdf far)", reenters="any")
_def_partials(_INVGAMMA_LOGCDF_FAR, _INVGAMMA_FAR_DA, _INVGAMMA_FAR_DD, _INVGAMMA_FAR_DS)


def _invgamma_tail(name, upper, log, formula, example, value):
    """Add ``invgamma.<name>``: the cdf ``gammaincc(a, 1/z)`` or (``upper``) the sf
    ``gammainc(a, 1/z)``, or (``log``) their logarithm."""
    def method(x, a, loc=0.0, scale=1.0):
        z = _standardized(f"invgamma.{name}", x, loc, scale)
        lower, higher = (lambda z: sc.gammaincc(a, 1.0 / z)), (lambda z: sc.gammainc(a, 1.0 / z))
        pa = _plain(a)
        fn = (_tail(higher, lower, log, lambda z: _log_gammainc(a, z, inverse=True), lambda z: sc.gammainc(pa, 1.0 / z))
              if upper else _tail(lower, higher, log, lambda z: _log_gammaincc(a, 1.0 / z),
                                  lambda z: sc.gammaincc(pa, 1.0 / z)))
        # at and below z = 0: cdf 0 (log: -inf), sf 1 (log: 0); near 0, where the density
        # vanishes, the same with derivatives 0 (not logcdf, whose derivative is 1/z^2 there).
        # Only below the mode 1/(a + 1): the density vanishes far in the upper tail too (log
        # density -3382 at z = 1e13, a = 100), where the cdf is 1, not 0
        outside = [[0.0, -np.inf], [1.0, 0.0]][upper][log]
        # the upper tails' stand-in outside the support: the mode 1/(a + 1), not z = 1/2, where for a large a
        # their a-derivatives overflow (d/da invgamma.logsf(-1e300, 1e12) was 0 * inf = NaN for 0); the lower
        # tails' z = 1/2 (at the mode gammaincc's a-derivative does not converge for a = 1e12)
        mode = 1.0 / (np.asarray(_plain(a), dtype=float) + 1.0) if upper else 0.5
        if upper or not log:
            def near_zero_log_density(z, a=_plain(a)):
                return np.where(z < 1.0 / (a + 1.0), _invgamma_log_density(z, a), 0.0)
            fn = functools.partial(_vanishing, near_zero_log_density, fn, inside=1.0, outside=outside)
        if log and not upper:
            # far in the lower tail (w = 1/z beyond _FAR_GAMMA and a + 1) in d and the scale (see
            # _INVGAMMA_LOGCDF_FAR); the other points at z = 1, never far
            zp, ap = np.broadcast_arrays(np.asarray(_plain(z), dtype=float), np.asarray(_plain(a), dtype=float))
            with np.errstate(divide="ignore"):
                wp = 1.0 / zp
            far = (zp > 0) & (wp > _FAR_GAMMA) & (wp > ap + 1.0) & (wp < np.inf)
            if np.any(far):
                sp = np.asarray(_plain(scale), dtype=float)
                d = np.where(far, x - loc, sp / (2.0 * _FAR_GAMMA + ap + 1.0))
                out_far = _INVGAMMA_LOGCDF_FAR(a, d, scale)
                if np.all(far):
                    return out_far
                return np.where(far, out_far, _on_support(_plain(z) > 0, fn, np.where(far, 1.0, z), outside=outside,
                                                          at=mode))
        return _on_support(_plain(z) > 0, fn, z, outside=outside, at=mode)
    method.__doc__ = _doc(invgamma, formula + ".", example, value)
    _method(invgamma, name)(method)


_invgamma_tail("cdf", False, False, "``gammaincc(a, 1 / z)`` on ``z > 0``, 0 at and below",
               "round(float(invgamma.cdf(1.0, 1.0)), 6)", "0.367879")
_invgamma_tail("logcdf", False, True, "``log(gammaincc(a, 1 / z))`` on ``z > 0``, ``-inf`` at and below",
               "round(float(invgamma.logcdf(1.0, 1.0)), 6)", "-1.0")
_invgamma_tail("sf", True, False, "``gammainc(a, 1 / z)`` on ``z > 0``, 1 at and below",
               "round(float(invgamma.sf(1.0, 1.0)), 6)", "0.632121")
_invgamma_tail("logsf", True, True, "``log(gammainc(a, 1 / z))`` on ``z > 0``, 0 at and below",
               "round(float(invgamma.logsf(1.0, 1.0)), 6)", "-0.458675")


def _invgamma_quantile(name, q, a, loc, scale, upper):
    # (its finite end, ppf(0) and isf(1), is 0 at every a, where the density vanishes faster than any power: the slope
    # +-inf, declared, since 1 / gammainccinv(a, q)'s chain rule there is inf / inf; grad was NaN in q and a)
    return _located(name, q, loc, scale, lambda q, a: 1.0 / (sc.gammaincinv if upper else sc.gammainccinv)(a, q),
                    shapes=(a,), steep_mixed=_invgamma_steep, end_slope=_infinite_end_slope)


_quantiles(invgamma, "a", _invgamma_quantile, (
    ("``loc + scale / gammainccinv(a, q)``.",
     "round(float(invgamma.ppf(np.exp(-1.0), 1.0)), 6)", "1.0"),
    ("``loc + scale / gammaincinv(a, q)``.",
     "round(float(invgamma.isf(1.0 - np.exp(-1.0), 1.0)), 6)", "1.0")))


class skewnorm:
    """The skew-normal distribution, as ``scipy.stats.skewnorm``: ``logpdf``, ``pdf`` and
    ``cdf`` and ``sf``, differentiable in x, a, loc and scale. The cdf's (and sf's) value is SciPy's own
    (``ndtr(z) - 2 owens_t(z, a)`` cancels in the tail the skew points away from, where
    SciPy integrates numerically; no closed form keeps its digits), its derivatives are
    closed forms: the density in ``z``, and in ``a`` ``-2 dT(z, a)/da``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import skewnorm
    >>> round(float(wg.grad_bp(lambda a: skewnorm.logpdf(1.0, a), 0.0)), 6)  # z phi(0) / ndtr(0)
    0.797885

    .. versionadded:: 0.1
    """

    @staticmethod
    def logpdf(x, a, loc=0.0, scale=1.0):
        """``log(2) - z^2 / 2 - log(2 pi) / 2 + log_ndtr(a z) - log(scale)``.

        >>> from wengert.scipy.stats import skewnorm
        >>> round(float(skewnorm.logpdf(0.0, 5.0)), 6)  # the normal's: norm.logpdf(0)
        -0.918939
        """
        z = _standardized("skewnorm.logpdf", x, loc, scale)
        return _LOG_2 - 0.5 * z * z - 0.5 * _LOG_2PI + sc.log_ndtr(a * z) - np.log(scale)


_exp_of_log(skewnorm, "pdf", "round(float(skewnorm.pdf(0.0, 5.0)), 6)", "0.398942", inside=0.0)


def _skewnorm_density(z, a):
    """``2 phi(z) ndtr(a z)``, the skew-normal density at the standardized ``z``."""
    return 2.0 * np.exp(-0.5 * z * z - 0.5 * _LOG_2PI) * sc.ndtr(a * z)


def _skewnorm_cdf_in_a(z, a):
    """d/da of ``ndtr(z) - 2 T(z, a)``: ``-2 dT/da = -exp(-z^2 (1 + a^2) / 2) / (pi (1 + a^2))``."""
    b = 1.0 + a * a
    return -np.exp(-0.5 * z * z * b) / (np.pi * b)


def _skewnorm_tail(name, sign, formula, example, value):
    """Add ``skewnorm.<name>`` (``cdf``: ``sign`` 1, ``sf``: -1): SciPy's own value at the
    standardized z, derivatives ``sign`` times the cdf's closed forms."""
    def standard(z, a):
        from scipy import stats as scipy_stats  # (imported when first used: scipy.stats is slow to import)
        # (SciPy's distributions give float64 for every input; wengert's keep float32)
        return _rounded_to(getattr(scipy_stats.skewnorm, name)(z, a), z, a)
    standard.__name__ = standard.__qualname__ = f"_skewnorm_standard_{name}"
    prim = Primitive(standard, name=f"wengert.scipy.stats.skewnorm.{name}", reenters="any")
    defvjp(prim,
           lambda ans, z, a: lambda g: unbroadcast(g * (sign * _skewnorm_density(z, a)), np.shape(_plain(z))),
           lambda ans, z, a: lambda g: unbroadcast(g * (sign * _skewnorm_cdf_in_a(z, a)), np.shape(_plain(a))))

    def method(x, a, loc=0.0, scale=1.0):
        return prim(_standardized(f"skewnorm.{name}", x, loc, scale), a)
    method.__doc__ = _doc(skewnorm, formula, example, value)
    _method(skewnorm, name)(method)


_skewnorm_tail("cdf", 1.0, "SciPy's ``skewnorm.cdf`` (``ndtr(z) - 2 owens_t(z, a)``); its derivative in ``z`` is the "
               "density ``2 phi(z) ndtr(a z)``, in ``a`` ``-exp(-z^2 (1 + a^2) / 2) / (pi (1 + a^2))``.",
               "round(float(skewnorm.cdf(0.0, 1.0)), 6)", "0.25")
_skewnorm_tail("sf", -1.0, "SciPy's ``skewnorm.sf`` (``1 - cdf``, computed as SciPy does, without the cancellation); "
               "its derivatives are the cdf's, negated.", "round(float(skewnorm.sf(0.0, 1.0)), 6)", "0.75")



__all__ += ["rayleigh"]


class rayleigh:
    """The Rayleigh distribution, as ``scipy.stats.rayleigh``: differentiable in x (or q),
    loc and scale. Its support is ``z = (x - loc) / scale >= 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import rayleigh
    >>> float(wg.grad_bp(rayleigh.cdf, 1.0))  # the density: z exp(-z^2 / 2)
    0.6065306597126334

    .. versionadded:: 0.1
    """


def _rayleigh_function(name, inside, function, outside, formula, example, value):
    """Add ``rayleigh.<name>``: ``function(z, scale)`` where ``inside(z)`` (a plain mask),
    ``outside`` elsewhere."""
    def method(x, loc=0.0, scale=1.0):
        z = _standardized(f"rayleigh.{name}", x, loc, scale)
        return _on_support(inside(_plain(z)), lambda z: function(z, scale), z, outside=outside)
    method.__doc__ = _doc(rayleigh, formula, example, value)
    _method(rayleigh, name)(method)


def _rayleigh_log_density(z, scale):
    return np.log(z) - 0.5 * z * z - np.log(scale)


# the density is z exp(-z^2 / 2) / scale, 0 at z = 0 with a finite derivative (where the log
# density is -inf): written with powers there (_exp_at_ends)
for _row in (
        ("logpdf", lambda z: z > 0, lambda z, scale: _rayleigh_log_density(z, scale), -np.inf,
         "``log(z) - z^2 / 2 - log(scale)`` on ``z > 0``, ``-inf`` at and below 0.",
         "round(float(rayleigh.logpdf(1.0)), 6)", "-0.5"),
        ("pdf", lambda z: z >= 0, lambda z, scale: _exp_at_ends(
            lambda z: _rayleigh_log_density(z, scale), lambda z: z * np.exp(-0.5 * z * z) / scale, z, (0.0,), (1.0,)), 0.0,
         "``z exp(-z^2 / 2) / scale`` on ``z >= 0``, 0 below.", "round(float(rayleigh.pdf(1.0)), 6)", "0.606531"),
        ("cdf", lambda z: z >= 0, lambda z, scale: -np.expm1(-0.5 * z * z), 0.0,
         "``1 - exp(-z^2 / 2)`` (as ``-expm1``), 0 below the support.", "round(float(rayleigh.cdf(1.0)), 6)",
         "0.393469"),
        ("logcdf", lambda z: z > 0, lambda z, scale: _log1mexp_power(z, 2.0, 0.5), -np.inf,
         "``log(1 - exp(-z^2 / 2))``, ``-inf`` at and below 0.", "round(float(rayleigh.logcdf(1.0)), 6)",
         "-0.932752"),
        ("sf", lambda z: z >= 0, lambda z, scale: np.exp(-0.5 * z * z), 1.0,
         "``exp(-z^2 / 2)``, 1 below the support.", "round(float(rayleigh.sf(1.0)), 6)", "0.606531"),
        ("logsf", lambda z: z >= 0, lambda z, scale: -0.5 * z * z, 0.0,
         "``-z^2 / 2``, 0 below the support.", "float(rayleigh.logsf(2.0))", "-2.0")):
    _rayleigh_function(*_row)
_location_scale(rayleigh, (
    ("ppf", (lambda q: np.sqrt(-2.0 * np.log1p(-q)), 1.0),
     "``loc + scale sqrt(-2 log(1 - q))``.", "round(float(rayleigh.ppf(0.5)), 6)", "1.17741"),
    ("isf", (lambda q: _tiny_q_power(q, 0.5, 2.0, lambda q: np.sqrt(-2.0 * np.log(q))), 1.0),
     "``loc + scale sqrt(-2 log(q))``.", "round(float(rayleigh.isf(0.5)), 6)", "1.17741"),
))


__all__ += ["genpareto", "halfcauchy", "lomax"]


class genpareto:
    """The generalized Pareto distribution, as ``scipy.stats.genpareto``: differentiable in x
    (or q), c, loc and scale, to every order, for every real ``c``: at and near ``c = 0`` (the
    exponential distribution) too, where its formulas' ``log1p(c z) / c`` is written as a
    series. Its support is ``z = (x - loc) / scale >= 0``, and ``z <= -1/c`` for ``c < 0``; at
    that upper end, which moves with ``c``, a traced ``c`` is refused.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import genpareto
    >>> float(wg.grad_bp(lambda c: genpareto.logsf(2.0, c), 0.0))  # d/dc -log1p(c z) / c = z^2 / 2
    2.0

    .. versionadded:: 0.1
    """


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


def _log1p_over_dz(c, z, n=0, weighted=False):
    """The z-derivative of :func:`_log1p_over_value`: the n-th c-derivative of ``1 / (1 + u)`` times ``z^n``
    (weighted: of ``(1 + c) / (1 + u)``, ``(-1)^n n! z^(n-1) (z - 1) / (1 + u)^(n+1)`` for n >= 1; 0 at
    ``c = -1`` for n = 0 at its end ``u = -1``, where the density is uniform). Differentiable."""
    if not weighted:
        return 1.0 / (1.0 + c * z) if n == 0 else (-1.0) ** n * math.factorial(n) * z ** n / (1.0 + c * z) ** (n + 1)
    if n:
        return (-1.0) ** n * math.factorial(n) * z ** (n - 1) * (z - 1.0) / (1.0 + c * z) ** (n + 1)
    end = (_plain(c) == -1.0) & (_plain(z) == 1.0)  # (0 / 0 there; the c-derivative at the end is refused)
    return (1.0 + c) / (1.0 + c * z) if not np.any(end) else (1.0 + c) / np.where(end, 1.0, 1.0 + c * z)


# log1p(c z) / c (and (1 + c) log1p(c z) / c: genpareto's log density) as a primitive whose c-derivatives
# are written whole (_log1p_over_value) and z-derivative (_log1p_over_dz) differentiable: by composition
# the second c-derivative went through Horner's intermediate tangents z^2 a_k (inf from z = 1.3e154) times
# u = 0 (c = 0), or their alternating infinities added (genextreme.logsf's d2/dc2 was NaN from z = 1e155 on,
# truth -2 z^3 / 3 = -inf); the closed form's terms overflowed apart (d/dc of log1p(u) / c at c = 1e-200,
# z = 1e300: (u / (1 + u) - log1p(u)) / c^2 was inf - inf; d2/dc2 at c = -1e-130, z = 1e140 for
# genextreme.logsf); and the product (1 + c) L's terms (genpareto.logpdf's Hessian at z = 1e155, c = 0:
# -2 L' - L'' = inf - inf, the truth z^2 - 2 z^3 / 3 = -inf)
_LOG1P_OVER = Primitive(_log1p_over_value, name="wengert.scipy.stats (log1p(c z) / c)", reenters="any")
_def_partials(_LOG1P_OVER, lambda c, z, n=0, weighted=False: _LOG1P_OVER(c, z, n=n + 1, weighted=weighted),
              _log1p_over_dz)


def _log1p_over(c, z):
    """``log1p(c z) / c`` (``z`` at ``c = 0``): as ``z`` times the series of ``log1p(u) / u``
    for ``|u| = |c z| < 1/2``, where the closed form's derivatives in ``c`` cancel
    (``(u / (1 + u) - log1p(u)) / c^2`` for the first: all its digits lost as ``c`` nears 0,
    and 0 / 0 at ``c = 0``); one primitive (:data:`_LOG1P_OVER`)."""
    with np.errstate(divide="ignore"):  # log1p(-1): the upper end of the support
        return _LOG1P_OVER(c, z)


def _genpareto_log_density(z, c, scale):
    """``-(1 + 1/c) log1p(c z) - log(scale)``: as ``-(1 + c) log1p(c z) / c`` with the series
    for ``|c z| < 1/2``, as ``xlog1py`` beyond (0, not NaN, at ``c = -1`` at the upper end,
    where the density is 1); one primitive (:data:`_LOG1P_OVER`)."""
    with np.errstate(divide="ignore"):
        return -_LOG1P_OVER(c, z, weighted=True) - np.log(scale)


def _genpareto_sf_power(z, c):
    """``(1 + c z)^(-1/c)``, the survival function as a power: used near the upper end of the
    support (``c < 0``), where it is 0 with a finite derivative and ``exp(-log1p(c z) / c)``'s
    derivative was ``0 * inf``."""
    return (1.0 + c * z) ** (-1.0 / c)


def _refuse_at_a_moving_end(name, c, at, where):
    """Refuse a traced ``c`` where ``at()`` (a plain mask, called only then) holds: at the upper end of
    the support ``where``, which moves with ``c``."""
    if isinstance(c, (Var, Dual)) and np.any(at()):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in c at the upper end of the support, {where}: the "
            "end moves with c, so one side of c is outside the support, where the function is constant. Evaluate "
            "inside the support, or pass c as a constant (wengert.stop_gradient) to differentiate in the other "
            "arguments.")


#: Far in the upper tail (log sf or the log density below _VANISHING_LOG): the values of the functions
#: whose derivatives vanish there (as genextreme's _GEV_TOP)
_GENPARETO_TOP = {"pdf": 0.0, "cdf": 1.0, "sf": 0.0, "logcdf": -0.0}


def _genpareto_function(name, lower_open, function, at_end, outside):
    """Add ``genpareto.<name>``: ``function(z, c, scale)`` inside the support (``z > 0`` if
    ``lower_open``, else ``z >= 0``; ``z <= -1/c`` for ``c < 0``), ``at_end(z, c, scale)``
    within ``_NEAR_END`` of the upper end, ``outside = (below, above)`` beyond it. The unused
    entries are evaluated at a point inside the support, so that no NaN or infinity of theirs
    reaches the gradient (as ``_on_support``)."""
    def method(x, c, loc=0.0, scale=1.0):
        z = _standardized(f"genpareto.{name}", x, loc, scale)
        zp, cp = np.broadcast_arrays(*(np.asarray(_plain(v), dtype=float) for v in (z, c)))
        negative = cp < 0
        with np.errstate(divide="ignore"):
            end = np.where(negative, -1.0 / np.where(negative, cp, -1.0), np.inf)
        _refuse_at_a_moving_end(f"genpareto.{name}", c, lambda: negative & (zp == end), "x == loc - scale / c (c < 0)")
        below = (zp <= 0) if lower_open else (zp < 0)
        above = zp > end
        # (nearer the upper end than the lower: where the support is narrower than _NEAR_END (c < -50), the powers'
        # 1 - (1 + c z)^(-1/c) lost every digit near the lower end: genpareto.logcdf(1e-300, -1e12) was -inf, -690.8)
        near = (negative & ~above & ~below & (end - zp < np.minimum(_NEAR_END, 0.5 * end)) if at_end is not None
                else np.zeros(zp.shape, bool))
        inside = ~(below | above | near)
        top = np.zeros(zp.shape, bool)
        if name in _GENPARETO_TOP:
            # far in the upper tail (log sf = -y below _VANISHING_LOG; pdf: its log) the function is a
            # constant and its derivatives vanish: they are exp(-y) times powers of y's, which overflow
            # (d2y/dc2 = 2 z^3 / 3 at c = 0): d2/dc2 was 0 * inf = NaN from z = 1e155 (truth 0 to 1e-1000)
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                y = _log1p_over(np.where(inside, cp, 0.0), np.where(inside, zp, 0.0))
                log_tail = -(1.0 + cp) * y - np.log(_plain(scale)) if name == "pdf" else -y
            top = inside & (log_tail < _VANISHING_LOG)
            inside = inside & ~top
        # inside the support, for every c (in z's dtype: a float64 one made float32 results float64)
        safe = np.minimum(0.5, 0.5 * end).astype(_dtype_of(z, 1.0))
        out = function(np.where(inside, z, safe), c, scale)
        if np.any(top):
            out = np.where(top, _GENPARETO_TOP[name], out)
        if np.any(near):
            with np.errstate(divide="ignore"):  # (0 ** -y at the end for c < -1: the density is inf there)
                powers = at_end(np.where(near, z, safe), np.where(near, c, -1.0), scale)
            out = np.where(near, powers, out)
        if np.any(below | above):
            out = np.where(below, outside[0], np.where(above, outside[1], out))
        return out
    return method


for _name, _lower_open, _function, _at_end, _outside, _formula, _example, _value in (
        ("logpdf", False, _genpareto_log_density, None, (-np.inf, -np.inf),
         "``-(1 + 1/c) log1p(c z) - log(scale)`` (``-z - log(scale)`` at ``c = 0``)",
         "round(float(genpareto.logpdf(1.0, 0.5)), 6)", "-1.216395"),
        ("pdf", False, lambda z, c, scale: np.exp(_genpareto_log_density(z, c, scale)),
         lambda z, c, scale: (1.0 + c * z) ** (-1.0 - 1.0 / c) / scale, (0.0, 0.0),
         "``(1 + c z)^(-1 - 1/c) / scale``", "round(float(genpareto.pdf(1.0, 0.5)), 6)", "0.296296"),
        ("cdf", False, lambda z, c, scale: -np.expm1(-_log1p_over(c, z)),
         lambda z, c, scale: 1.0 - _genpareto_sf_power(z, c), (0.0, 1.0),
         "``1 - (1 + c z)^(-1/c)``, as ``-expm1(-log1p(c z) / c)``", "round(float(genpareto.cdf(1.0, 0.5)), 6)",
         "0.555556"),
        ("logcdf", True, lambda z, c, scale: _log1mexp(-_log1p_over(c, z)),
         lambda z, c, scale: np.log1p(-_genpareto_sf_power(z, c)), (-np.inf, 0.0),
         "``log(1 - (1 + c z)^(-1/c))``", "round(float(genpareto.logcdf(1.0, 0.5)), 6)", "-0.587787"),
        ("sf", False, lambda z, c, scale: np.exp(-_log1p_over(c, z)),
         lambda z, c, scale: _genpareto_sf_power(z, c), (1.0, 0.0),
         "``(1 + c z)^(-1/c)``, as ``exp(-log1p(c z) / c)``", "round(float(genpareto.sf(1.0, 0.5)), 6)", "0.444444"),
        ("logsf", False, lambda z, c, scale: -_log1p_over(c, z), None, (0.0, -np.inf),
         "``-log1p(c z) / c`` (``-z`` at ``c = 0``)", "round(float(genpareto.logsf(1.0, 0.5)), 6)", "-0.81093")):
    _genpareto_method = _genpareto_function(_name, _lower_open, _function, _at_end, _outside)
    _genpareto_method.__doc__ = _doc(
        genpareto, f"{_formula} on the support, {_outside[0]} below it and {_outside[1]} above it (``c < 0``); "
        "written with powers near the upper end.", _example, _value)
    _method(genpareto, _name)(_genpareto_method)


def _genpareto_quantile(name, q, c, loc, scale, upper):
    # ppf: ((1 - q)^(-c) - 1) / c = -boxcox1p(-q, -c); isf: (q^(-c) - 1) / c = -boxcox(q, -c): SciPy's
    # forms, exact in c at c = 0 (the Box-Cox rules)
    return _located(name, q, loc, scale, lambda q, c: -(sc.boxcox(q, -c) if upper else sc.boxcox1p(-q, -c)),
                    shapes=(c,))


_quantiles(genpareto, "c", _genpareto_quantile, (
    ("``loc - scale boxcox1p(-q, -c)``: ``loc + scale ((1 - q)^(-c) - 1) / c``.",
     "round(float(genpareto.ppf(0.5, 0.0)), 6)  # exponential: log 2", "0.693147"),
    ("``loc - scale boxcox(q, -c)``: ``loc + scale (q^(-c) - 1) / c``.",
     "round(float(genpareto.isf(0.5, 1.0)), 6)", "1.0")))


def _located_entropy(name, h, shapes, loc, scale, check=None):
    """The entropy of a location-scale family whose standard distribution's entropy is
    ``h(*shapes)``: ``h(*shapes) + log(scale)`` broadcast with loc (SciPy's shape: every
    parameter broadcast), after ``check(name, *shapes)`` and scale's check (every such
    ``entropy`` written by hand)."""
    if check is not None:
        check(name, *shapes)
    _standardized(name, 0.0, 0.0, scale)
    return _in_dtype_of(h(*shapes) + np.log(scale) + np.zeros(np.shape(_plain(loc))), *shapes, loc, scale)


def _shape_entropy(cls, h, text, example, value, check=None):
    """Give the distribution ``cls`` of one shape ``c`` its ``entropy(c, loc=0.0, scale=1.0)``: ``h(c) +
    log(scale)`` (after ``check(name, c)``), with the docstring ``text`` and its example (:func:`_doc`)."""
    def entropy(c, loc=0.0, scale=1.0):
        return _located_entropy(f"{cls.__name__}.entropy", h, (c,), loc, scale, check)
    entropy.__doc__ = _doc(cls, text, example, value)
    _method(cls, "entropy")(entropy)


_shape_entropy(genpareto, lambda c: c + 1.0, "``c + 1 + log(scale)``, in c and scale.",
               "float(genpareto.entropy(0.0))  # exponential", "1.0")


class lomax:
    """The Lomax (Pareto of the second kind) distribution, as ``scipy.stats.lomax``:
    differentiable in x (or q), c, loc and scale. Its support is ``z = (x - loc) / scale >= 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import lomax
    >>> float(wg.grad_bp(lambda c: lomax.logsf(1.0, c), 2.0))  # -log(2)
    -0.6931471805599453

    .. versionadded:: 0.1
    """


def _lomax_function(name, inside, function, outside, formula, example, value):
    """Add ``lomax.<name>``: ``function(z, c, scale)`` where ``inside(z)`` (a plain mask),
    ``outside`` elsewhere."""
    def method(x, c, loc=0.0, scale=1.0):
        _shapes_positive(f"lomax.{name}", c)
        z = _standardized(f"lomax.{name}", x, loc, scale)
        return _on_support(inside(_plain(z)), lambda z: function(z, c, scale), z, outside=outside)
    method.__doc__ = _doc(lomax, formula, example, value)
    _method(lomax, name)(method)


for _lomax_row in (
        ("logpdf", lambda z: z >= 0, lambda z, c, scale: np.log(c) - (c + 1.0) * np.log1p(z) - np.log(scale), -np.inf,
         "``log(c) - (c + 1) log1p(z) - log(scale)`` on ``z >= 0``, ``-inf`` below.",
         "round(float(lomax.logpdf(1.0, 2.0)), 6)", "-1.386294"),
        ("pdf", lambda z: z >= 0, lambda z, c, scale: c * np.exp(-(c + 1.0) * np.log1p(z)) / scale, 0.0,
         "``c (1 + z)^(-c - 1) / scale`` on ``z >= 0``, 0 below.", "round(float(lomax.pdf(1.0, 2.0)), 6)", "0.25"),
        ("cdf", lambda z: z >= 0, lambda z, c, scale: -np.expm1(-c * np.log1p(z)), 0.0,
         "``1 - (1 + z)^(-c)`` (as ``-expm1``), 0 below the support.", "float(lomax.cdf(1.0, 2.0))", "0.75"),
        ("logcdf", lambda z: z > 0, lambda z, c, scale: _log1mexp(-c * np.log1p(z)), -np.inf,
         "``log(1 - (1 + z)^(-c))``, ``-inf`` at and below 0.", "round(float(lomax.logcdf(1.0, 2.0)), 6)",
         "-0.287682"),
        ("sf", lambda z: z >= 0, lambda z, c, scale: np.exp(-c * np.log1p(z)), 1.0,
         "``(1 + z)^(-c)``, 1 below the support.", "float(lomax.sf(1.0, 2.0))", "0.25"),
        ("logsf", lambda z: z >= 0, lambda z, c, scale: -c * np.log1p(z), 0.0,
         "``-c log1p(z)``, 0 below the support.", "round(float(lomax.logsf(1.0, 2.0)), 6)", "-1.386294")):
    _lomax_function(*_lomax_row)


def _burr12_standard_quantile(m, c, d):
    """``expm1(t)^(1/c)``, ``t = m / d``, ``m = -log1p(-q)`` (or ``-log(q)``): below ``t = 1`` as
    ``m^(1/c) d^(-1/c) exprel(t)^(1/c)``, above as ``exp((t + log1p(-exp(-t))) / c)``. The power of
    ``expm1(t)`` overflowed where the quantile does not (burr12.isf(1e-300, 4, 0.3) was inf for 1e250),
    and its second derivative in d was ``inf * 0`` at small t (-inf at q = 1e-300, c = 2, d = 3 for
    4.8e-152); in log form its derivatives in q cancelled near q = 0 (the second 1.5 for 2 at q =
    1e-20, c = d = 1). Values and first and second derivatives within 4e-15 of mpmath, 9e-14 far in
    the tails (an exp of a log near 700), except where a derivative crosses zero: d/dc of isf as the
    quantile nears 0 (q near 1) is 4.5e-14 to 1.9e-12 relative off there, about 1e-16 absolute."""
    if isinstance(c, float) and c == 1.0:  # lomax: expm1(t) itself (correctly rounded in float32, as before)
        return np.expm1(m / d)

    def product(m, c, d):
        return m ** (1.0 / c) * d ** (-1.0 / c) * sc.exprel(m / d) ** (1.0 / c)

    def small(m):
        # where one factor of the product overflows and another underflows (1/c = 1e12: 0 * inf, NaN for
        # burr12.ppf(0.3, 1e-12, 2.5), whose quantile is 0; fisk.ppf(0.5, 1e-12), 1), expm1(t)^(1/c), one power of
        # one base (not exp of its log: exp(L)'s second derivative exp(L) (L'^2 + L'') was 0 * inf where exp(L)
        # underflowed, NaN by jacfwd(jacfwd) and 0 by grad(grad) for burr12.ppf(1e-300, 0.455911, 1e-3)'s in q,
        # 9.44e-52; the power's y x^(y - 1) is finite wherever the truth is); each form at stand-ins (1/2, 1, 1) on
        # the other's entries, c and d included, so that no factor's inf meets the zero cotangent of the unused form
        mp, cp, dp = (np.asarray(_plain(v), dtype=float) for v in (m, c, d))
        with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
            plain = product(mp, cp, dp)
            log_value = np.log(sc.exprel(mp / dp) * (mp / dp)) / cp
            representable = np.exp(log_value) > 0
        # also where the product underflows far (its log below -1500: its first derivatives, exp(L) L' with |L'| <=
        # |L| e^745, underflow too; not where t = m / d does, log -inf): a factor's derivative overflowed beside
        # another's 0 (d^(-1/c)'s second, 0 * inf: burr12.ppf's second derivative in d at (1e-10, 0.01, 1e-3) was
        # NaN for 0)
        finite = np.isfinite(log_value)
        # (and, as before, wherever the product underflows but the one power does not: burr12.ppf(1e-10, 0.03, 1e-3)
        # is 4.64e-234, not the product's 0)
        far = ~np.isfinite(plain) & ~np.isnan(mp + cp + dp) | (
            (plain == 0) & finite & ((log_value < -1500.0) | representable))
        # far below exp's range, the quantile and its derivatives of low order (exp(L) times powers of L') are 0: a
        # constant 0 there, at stand-ins in both forms (exp(L)'s tangent was 0 * inf, L' overflowing at c = 1e-12:
        # jvp of burr12.ppf(1e-300, 1e-12, 1e-3) in q was NaN for 0)
        gone = finite & (log_value < -4000.0)
        args = (m, c, d)
        if np.any(gone):
            args = tuple(np.where(gone, s, v) for v, s in zip(args, (0.5, 1.0, 1.0)))
            far = far & ~gone

        def one_power(m, c, d):
            return np.expm1(m / d) ** (1.0 / c)
        out = _two_forms(far, product, one_power, args, (0.5, 1.0, 1.0), (0.5, 1.0, 1.0))
        return np.where(gone, 0.0, out) if np.any(gone) else out

    def large(m):
        t = m / d
        # beyond t = 40 the derivatives of log1p(-exp(-t)) are below 5e-18 of t's: dropped (its value
        # kept), their exp(-t) times the overflowing derivatives of t in q (q < 1e-154) was -inf against
        # t's +inf (lomax.isf's second derivative at q = 1e-200 NaN for 2/q^3 = inf)
        tp = np.asarray(_plain(t))
        far = tp > 40.0
        with np.errstate(over="ignore"):
            tail = np.log1p(-np.exp(-np.where(far, 40.0, t)))
            return np.exp((t + (np.where(far, np.log1p(-np.exp(-tp)), tail) if np.any(far) else tail)) / c)
    # (stand-ins per element, t = 1/2 and t = 2: 2 max(d) for all, t = 8e11 beside d = 1e12, made the unused form
    # inf and d/dc of burr12.isf([0.3, 0.0], 1.5, [2.5, 1e12]) NaN at its first, ordinary entry)
    dp = np.asarray(_plain(d))
    return _piecewise(m, _plain(m / d) >= 1.0, small, large, 0.5 * dp, 2.0 * dp)


def _burr12_quantile(name, q, c, d, loc, scale, upper):
    """``loc + scale expm1(-log1p(-q) / d)^(1/c)`` (``upper``: ``log(q)`` for ``log1p(-q)``), through
    :func:`_burr12_standard_quantile` (lomax's at ``c = 1``)."""
    _shapes_positive(name, c, d)
    with np.errstate(over="ignore"):  # (inf far in the tail, as SciPy's)
        return _located(name, q, loc, scale,
                        lambda q, c, d: _burr12_standard_quantile(-(np.log(q) if upper else np.log1p(-q)), c, d),
                        shapes=(c, d), steep_mixed=_burr12_steep)


def _lomax_quantile(name, q, c, loc, scale, upper):
    return _burr12_quantile(name, q, 1.0, c, loc, scale, upper)  # (lomax is burr12 at c = 1, d = c)


_quantiles(lomax, "c", _lomax_quantile, (
    ("``loc + scale expm1(-log1p(-q) / c)``.", "float(lomax.ppf(0.75, 2.0))", "1.0"),
    ("``loc + scale expm1(-log(q) / c)``.", "float(lomax.isf(0.25, 2.0))", "1.0")))


_shape_entropy(lomax, lambda c: 1.0 + 1.0 / c - np.log(c), "``1 + 1/c - log(c) + log(scale)``, in c and scale.",
               "round(float(lomax.entropy(2.0)), 6)", "0.806853",
               lambda name, c: _shapes_positive(name, c))


class halfcauchy:
    """The half-Cauchy distribution (``|X|`` for a standard Cauchy ``X``), as
    ``scipy.stats.halfcauchy``: differentiable in x (or q), loc and scale. Its support ``z >=
    0`` includes 0, where the derivatives are the one-sided ones from inside.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import halfcauchy
    >>> round(float(wg.grad_bp(halfcauchy.cdf, 0.0)), 6)  # 2 / pi
    0.63662

    .. versionadded:: 0.1
    """


def _halfcauchy_logcdf(z):
    """``log(2 arctan(z) / pi)``, as ``log1p(-sf)`` above ``z = 1`` (where the cdf passes 1/2)."""
    right = _plain(z) > 1.0
    if not np.any(right):
        return np.log(2.0 / np.pi * np.arctan(z))
    return np.where(right, np.log1p(-2.0 / np.pi * np.arctan2(1.0, np.where(right, z, 2.0))),
                    np.log(2.0 / np.pi * np.arctan(np.where(right, 0.5, z))))


def _halfcauchy_quantile(q, upper):
    """``tan(pi q / 2)`` (``upper``: ``tan(pi (1 - q) / 2)``), as ``1 / tan(pi p / 2)`` of the
    other probability ``p`` (``1 - q``, or ``q``) where the tangent's argument is above ``pi / 4``
    (exact as ``q`` nears the end where the quantile is infinite, and infinite at it)."""
    flip = (_plain(q) < 0.5) if upper else (_plain(q) > 0.5)
    with np.errstate(divide="ignore"):
        if upper:
            return np.where(flip, 1.0 / np.tan(0.5 * np.pi * np.where(flip, q, 0.5)),
                            np.tan(0.5 * np.pi * (1.0 - np.where(flip, 0.5, q))))
        return np.where(flip, 1.0 / np.tan(0.5 * np.pi * (1.0 - np.where(flip, q, 0.5))),
                        np.tan(0.5 * np.pi * np.where(flip, 0.5, q)))


def _halfcauchy_function(name, inside, function, outside, formula, example, value):
    def method(x, loc=0.0, scale=1.0):
        z = _standardized(f"halfcauchy.{name}", x, loc, scale)
        return _on_support(inside(_plain(z)), lambda z: function(z, scale), z, outside=outside)
    method.__doc__ = _doc(halfcauchy, formula, example, value)
    _method(halfcauchy, name)(method)


for _halfcauchy_row in (
        ("logpdf", lambda z: z >= 0, lambda z, scale: _LOG_2_OVER_PI - _log1p_square(z) - np.log(scale), -np.inf,
         "``log(2 / pi) - log(1 + z^2) - log(scale)`` on ``z >= 0``, ``-inf`` below.",
         "round(float(halfcauchy.logpdf(1.0)), 6)", "-1.14473"),
        ("pdf", lambda z: z >= 0, lambda z, scale: np.exp(_LOG_2_OVER_PI - _log1p_square(z)) / scale, 0.0,
         "``2 / (pi (1 + z^2) scale)`` on ``z >= 0``, 0 below.", "round(float(halfcauchy.pdf(1.0)), 6)", "0.31831"),
        ("cdf", lambda z: z >= 0, lambda z, scale: 2.0 / np.pi * np.arctan(z), 0.0,
         "``2 arctan(z) / pi``, 0 below the support.", "float(halfcauchy.cdf(1.0))", "0.5"),
        ("logcdf", lambda z: z > 0, lambda z, scale: _halfcauchy_logcdf(z), -np.inf,
         "``log(2 arctan(z) / pi)``, ``-inf`` at and below 0.", "round(float(halfcauchy.logcdf(1.0)), 6)",
         "-0.693147"),
        ("sf", lambda z: z >= 0, lambda z, scale: 2.0 / np.pi * np.arctan2(1.0, z), 1.0,
         "``2 arctan(1 / z) / pi``, as ``arctan2(1, z)`` (exact in the right tail), 1 below the support.",
         "float(halfcauchy.sf(1.0))", "0.5"),
        ("logsf", lambda z: z >= 0, lambda z, scale: np.log(2.0 / np.pi * np.arctan2(1.0, z)), 0.0,
         "``log(2 arctan(1 / z) / pi)``, 0 below the support.", "round(float(halfcauchy.logsf(1.0)), 6)",
         "-0.693147")):
    _halfcauchy_function(*_halfcauchy_row)
_location_scale(halfcauchy, (
    ("ppf", (lambda q: _halfcauchy_quantile(q, False), 1.0),
     "``loc + scale tan(pi q / 2)``.", "round(float(halfcauchy.ppf(0.5)), 6)", "1.0"),
    ("isf", (lambda q: _halfcauchy_quantile(q, True), 1.0),
     "``loc + scale tan(pi (1 - q) / 2)``.", "round(float(halfcauchy.isf(0.5)), 6)", "1.0"),
))


@_method(halfcauchy, "entropy")
def _halfcauchy_entropy(loc=0.0, scale=1.0):
    """``log(2 pi) + log(scale)``, in scale.

    >>> from wengert.scipy.stats import halfcauchy
    >>> round(float(halfcauchy.entropy()), 6)
    1.837877
    """
    return _located_entropy("halfcauchy.entropy", lambda: np.log(2.0 * np.pi), (), loc, scale)


__all__ += ["f"]


class f:
    """The F distribution (Fisher-Snedecor), as ``scipy.stats.f``: ``logpdf`` and ``pdf``
    differentiable in x, dfn, dfd, loc and scale; the tails too (dfn and dfd through the
    derivatives of ``betainc`` in its shapes, for dfn, dfd up to 300, to second order up to
    100: beyond, ValueError); the
    quantiles too, in q, dfn, dfd, loc and scale (the same limits). Its support is ``z = (x - loc) / scale >= 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import f
    >>> round(float(wg.grad_bp(lambda x: f.cdf(x, 2.0, 4.0), 1.0)), 6)  # the density at 1
    0.296296

    .. versionadded:: 0.1
    """


def _f_log1p_u(z, dfn, dfd):
    """``log1p(u)``, ``u = dfn z / dfd``; from ``u = 1e100`` on as ``log(z) + log(dfn) - log(dfd) + log1p(dfd / dfn /
    z)`` (no cancellation there: the logs' sum is above 230), where u overflowed (f.logpdf(1e300, 3, 1e-300) was -inf
    for -1382.24)."""
    pz, pn, pd = (np.asarray(_plain(v), dtype=float) for v in (z, dfn, dfd))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        large = ~(pn * pz / pd <= 1e100) & (pz > 0)
    return _two_forms(np.broadcast_to(large, np.broadcast_shapes(pz.shape, pn.shape, pd.shape)),
                      lambda z, dfn, dfd: np.log1p(dfn * z / dfd),
                      lambda z, dfn, dfd: np.log(z) + np.log(dfn) - np.log(dfd) + np.log1p(dfd / dfn / z),
                      (z, dfn, dfd), (1.0, 1.0, 1.0), (1e200, 1.0, 1.0))


def _f_log_ratio(dfn, dfd):
    """``log(dfn / dfd)``; as ``log(dfn) - log(dfd)`` where one is below 1e-100 or above 1e100: by jvp the ratio's
    tangent ``-dfn / dfd^2`` overflowed for the log's finite ``-1 / dfd`` (d/d dfd f.logpdf(1e300, 3, 1e-300): -inf
    for 1e300)."""
    pn, pd = (np.asarray(_plain(v), dtype=float) for v in (dfn, dfd))
    extreme = (pn < 1e-100) | (pn > 1e100) | (pd < 1e-100) | (pd > 1e100)
    return _two_forms(np.broadcast_to(extreme, np.broadcast_shapes(pn.shape, pd.shape)),
                      lambda dfn, dfd: np.log(dfn / dfd), lambda dfn, dfd: np.log(dfn) - np.log(dfd), (dfn, dfd),
                      (1.0, 1.0), (1.0, 1.0))


def _f_log_density(z, dfn, dfd, scale):
    a, b = 0.5 * dfn, 0.5 * dfd
    return (a * _f_log_ratio(dfn, dfd) + sc.xlogy(a - 1.0, z) - (a + b) * _f_log1p_u(z, dfn, dfd)
            - sc.betaln(a, b) - np.log(scale))


def _f_z(name, x, dfn, dfd, loc, scale, density, quantile=False):
    if np.any(_plain(dfn) <= 0) or np.any(_plain(dfd) <= 0):
        raise ValueError(f"{name}: dfn and dfd must be positive")
    z = _standardized(name, x, loc, scale)
    if density:
        _refuse_a_jump_in_shape(name, dfn, lambda: (z == 0) & (dfn == 2), "dfn", "dfn = 2 where x == loc",
                                "z**(dfn/2 - 1)")
    elif quantile:
        _f_degrees_checked(name, dfn, dfd)
    return z


@_method(f, "logpdf")
def _f_logpdf(x, dfn, dfd, loc=0.0, scale=1.0):
    """``(dfn/2) log(dfn/dfd) + (dfn/2 - 1) log z - ((dfn + dfd)/2) log1p(dfn z / dfd) -
    betaln(dfn/2, dfd/2) - log(scale)`` on ``z >= 0``, ``-inf`` below; in every argument.

    >>> from wengert.scipy.stats import f
    >>> round(float(f.logpdf(1.0, 2.0, 4.0)), 6)
    -1.216395
    """
    z = _f_z("f.logpdf", x, dfn, dfd, loc, scale, True)
    return _on_support(_plain(z) >= 0, lambda z: _f_log_density(z, dfn, dfd, scale), z)


@_method(f, "pdf")
def _f_pdf(x, dfn, dfd, loc=0.0, scale=1.0):
    """``exp(f.logpdf(...))``, with powers at and near ``z = 0`` (where the density is 0, 1 or
    infinite as dfn is above, at or below 2); in every argument.

    >>> from wengert.scipy.stats import f
    >>> float(f.pdf(0.0, 2.0, 4.0))
    1.0
    """
    z = _f_z("f.pdf", x, dfn, dfd, loc, scale, True)
    a, b = 0.5 * dfn, 0.5 * dfd
    pn = np.asarray(_plain(dfn), dtype=float)

    def powers(z):
        # from dfn = 600 on, the exponential into the power: (z e^(E / (a - 1)))^(a - 1), where e^E alone overflowed
        # against z^(a - 1) = 0 (f.pdf(0, 1e12, 5) was NaN for 0)
        big = np.broadcast_to(pn > 600.0, np.broadcast_shapes(pn.shape, np.shape(_plain(z))))

        def exponent(z, dfn):
            a = 0.5 * dfn
            return a * _f_log_ratio(dfn, dfd) - (a + b) * _f_log1p_u(z, dfn, dfd) - sc.betaln(a, b)
        return _two_forms(big, lambda z, dfn: z ** (0.5 * dfn - 1.0) * np.exp(exponent(z, dfn)),
                          lambda z, dfn: (z * np.exp(exponent(z, dfn) / (0.5 * dfn - 1.0))) ** (0.5 * dfn - 1.0),
                          (z, dfn), (0.5, 3.0), (0.5, 1e3)) / scale
    return _on_support(_plain(z) >= 0, lambda z: _exp_at_ends(
        lambda z: _f_log_density(z, dfn, dfd, scale), powers, z, (0.0,), (a - 1.0,)), z, outside=0.0)


def _layers(x):
    """How many derivatives are being taken through ``x``: the Vars and Duals around it."""
    n = 0
    while type(x) is Var or type(x) is Dual:
        x, n = (x.value if type(x) is Var else x.primal), n + 1
    return n


#: the largest dfn and dfd at which the F tails are differentiated in them, once and twice: the
#: derivative of the shapes and that of betainc's argument (which moves with them) cancel as the
#: degrees of freedom grow, most where dfn is far above dfd. The relative errors against mpmath,
#: as ``tools/sweep_f_tails.py`` prints them (* beyond these limits, where they are refused):
#:
#:         x    dfn    dfd |   d/d dfn   d/d dfd | d2/d dfn2 d2/d dfd2
#:         1    100    100 |  9.1e-13   9.1e-13  |  3.2e-10   3.2e-10
#:         3    100      3 |  1.6e-11   6.3e-16  |  4.9e-11   1.3e-15
#:         2    300      3 |  1.6e-12   4.1e-15  |  1.9e-12*  1.9e-14
#:         2   1000      3 |  1.9e-09*  9.0e-13  |  8.0e-10*  6.5e-13
#:         2      3    300 |  3.0e-14   2.3e-11  |  2.6e-12   5.6e-09*
#:         2      5  10000 |  3.7e-11   2.9e-08* |  4.9e-11   1.2e-07*
_F_MAX_DF = F_MAX_DF  # (scipy.special.fdtr, fdtrc and fdtri's too)


def _f_degrees_checked(name, dfn, dfd):
    for argument, value in (("dfn", dfn), ("dfd", dfd)):
        order = _layers(value)
        if order and np.any(_plain(value) > _F_MAX_DF[min(order, 2) - 1]):
            raise ValueError(
                f"{name}: its {'second ' if order > 1 else ''}derivative in {argument} is computed for {argument} up "
                f"to {_F_MAX_DF[min(order, 2) - 1]:g} (here {np.max(_plain(value))!r}): beyond, it is a small "
                "difference that keeps the rounding of its terms. Pass it as a constant there")


def _f_tail(name, upper, log, formula, example, value):
    """Add ``f.<name>``: the cdf ``betainc(dfn/2, dfd/2, w)`` or (``upper``) the sf ``betaincc(dfn/2, dfd/2, w)``,
    ``w = dfn z / (dfn z + dfd)``, where ``w <= 1/2``; above, the same tails of beta(dfd/2, dfn/2) at ``1 - w =
    dfd / (dfd + dfn z)`` (each ratio exact; betainc's argument rounded near 1 lost digits), or (``log``) their
    logarithms (``log1p`` of the other tail where this one is above 1/2)."""
    def method(x, dfn, dfd, loc=0.0, scale=1.0):
        z = _f_z(f"f.{name}", x, dfn, dfd, loc, scale, False)
        _f_degrees_checked(f"f.{name}", dfn, dfd)

        # the tails of beta(dfn/2, dfd/2) at w or of beta(dfd/2, dfn/2) at 1 - w, the smaller (each ratio exact:
        # betainc at w = 1 - 1.7e-7 lost digits, the cdf at x = 1e6, dfn = 3, dfd = 0.5 1.6e-12 relative off mpmath;
        # 1 - betainc lost every digit of a tail 1 - 3.5e-298: f.logsf(0.7, 1e-300, 5) was -inf for -684.93), each
        # form at stand-ins on the other's entries (z and both degrees: a shape's 1e-300 gave 0 * inf)
        def lower_w(z, dfn, dfd):
            with np.errstate(divide="ignore"):  # (at z = 0, outside the series' region)
                log_w = np.log(dfn) + np.log(z) - np.log(dfn * z + dfd)
            return _beta_tail_at_small_w(0.5 * dfn, 0.5 * dfd, dfn * z / (dfn * z + dfd), log_w, upper, log)

        def upper_w(z, dfn, dfd):
            # 1 - w for dfn >= 1 as r / (r + z), r = dfd / dfn: by grad dfd / (dfd + dfn z)'s derivative -ans / y, then
            # times dfn, underflowed at dfn = 1e200 (-1e-399 before the product: d/dx f.logsf(0.7, 1e200, 5) 0 for
            # -0.922); below dfn = 1 the truth underflows with it, and r's derivative -dfd / dfn^2 overflowed
            pn = np.asarray(_plain(dfn), dtype=float)
            one_minus_w = _two_forms(np.broadcast_to(pn >= 1.0, np.broadcast_shapes(pn.shape, np.shape(_plain(z)))),
                                     lambda z, dfn: dfd / (dfd + dfn * z), lambda z, dfn: dfd / dfn / (dfd / dfn + z),
                                     (z, dfn), (1.0, 0.5), (1.0, 2.0))
            return _beta_tail_at_small_w(0.5 * dfd, 0.5 * dfn, one_minus_w, -_f_log1p_u(z, dfn, dfd), not upper, log)

        def fn(z):
            pz, pn, pd = (np.asarray(_plain(v), dtype=float) for v in (z, dfn, dfd))
            with np.errstate(invalid="ignore", over="ignore"):
                above = pn * pz > pd
            return _two_forms(np.broadcast_to(above, np.broadcast_shapes(pz.shape, pn.shape, pd.shape)),
                              lower_w, upper_w, (z, dfn, dfd), (0.5, 2.0, 2.0), (2.0, 2.0, 2.0))
        plain = _plain(z)
        inside = plain > 0 if log and not upper else plain >= 0
        outside = (0.0 if log else 1.0) if upper else (-np.inf if log else 0.0)
        return _on_support(inside, fn, z, outside=outside)
    method.__doc__ = _doc(f, f"{formula} on ``z >= 0``; in every argument.", example, value)
    _method(f, name)(method)


_f_tail("cdf", False, False, "``betainc(dfn/2, dfd/2, dfn z / (dfn z + dfd))``", "round(float(f.cdf(1.0, 2.0, 4.0)), 6)",
        "0.555556")
_f_tail("logcdf", False, True, "``log(f.cdf)`` (``log1p(-sf)`` where the cdf is above 1/2)",
        "round(float(f.logcdf(1.0, 2.0, 4.0)), 6)", "-0.587787")
_f_tail("sf", True, False, "``betainc(dfd/2, dfn/2, dfd / (dfd + dfn z))``", "round(float(f.sf(1.0, 2.0, 4.0)), 6)",
        "0.444444")
_f_tail("logsf", True, True, "``log(f.sf)`` (``log1p(-cdf)`` where the sf is above 1/2)",
        "round(float(f.logsf(1.0, 2.0, 4.0)), 6)", "-0.81093")


def _f_quantile(name, q, dfn, dfd, loc, scale, upper):
    """``(dfd/dfn) u / (1 - u)`` with ``u = betaincinv(dfn/2, dfd/2, p)``, ``p`` the lower-tail
    probability, and ``1 - u = betaincinv(dfd/2, dfn/2, 1 - p)`` taken from the other tail:
    each inverse is called at the probability of at most 1/2 (``q`` or ``1 - q``, exact there),
    so neither ``1 - q`` nor ``1 - u`` loses digits near 1."""
    _f_z(name, 0.0, dfn, dfd, 0.0, scale, False, quantile=True)
    other = (_plain(_q(name, q)) < 0.5) if upper else (_plain(q) > 0.5)  # invert the upper tail at its own q

    def standard(q, dfn, dfd):
        a, b = 0.5 * dfn, 0.5 * dfd

        def from_lower(p):  # p = P(X <= x) <= 1/2
            u = sc.betaincinv(a, b, p)
            return dfd / dfn * u / (1.0 - u)

        def from_upper(p):  # p = P(X > x) <= 1/2
            w = sc.betaincinv(b, a, p)
            return dfd / dfn * (1.0 - w) / w
        if upper:
            return np.where(other, from_upper(np.where(other, q, 0.5)), from_lower(1.0 - np.where(other, 0.5, q)))
        return np.where(other, from_upper(1.0 - np.where(other, q, 0.5)), from_lower(np.where(other, 0.5, q)))
    return _located(name, q, loc, scale, standard, shapes=(dfn, dfd))


@_method(f, "ppf")
@_quiet
def _f_ppf(q, dfn, dfd, loc=0.0, scale=1.0):
    """``loc + scale (dfd/dfn) u / (1 - u)``, ``u = betaincinv(dfn/2, dfd/2, q)`` (from the
    upper tail above q = 1/2); in every argument.

    >>> from wengert.scipy.stats import f
    >>> round(float(f.ppf(0.5, 2.0, 4.0)), 6)
    0.828427
    """
    return _f_quantile("f.ppf", q, dfn, dfd, loc, scale, False)


@_method(f, "isf")
@_quiet
def _f_isf(q, dfn, dfd, loc=0.0, scale=1.0):
    """``f.ppf(1 - q, ...)``, from the upper tail below q = 1/2 (exact for a small q); in q, dfn, dfd, loc
    and scale.

    >>> from wengert.scipy.stats import f
    >>> round(float(f.isf(0.5, 2.0, 4.0)), 6)
    0.828427
    """
    return _f_quantile("f.isf", q, dfn, dfd, loc, scale, True)
# -- gennorm's tails, quantiles and entropy; poisson.entropy ------------------------------



def _gennorm_density(z, beta):
    """``beta / (2 gamma(1 / beta)) exp(-|z|**beta)``, the standard density (``beta`` plain).
    At ``z = 0`` with ``beta <= 1``, ``|z|**beta`` is the constant 0 (its derivative there is
    infinite or jumps: the callers refuse to differentiate it there, see ``at_kink``)."""
    cusp = (z == 0) & (beta <= 1)  # plain values
    power = np.abs(np.where(cusp, 1.0, z)) ** beta
    return np.exp(np.log(0.5 * beta) - sc.gammaln(1.0 / beta) - np.where(cusp, 0.0, power))


def _gennorm_kink(name, gradient, where):
    return (f"wengert.scipy.stats.gennorm.{name}", f"{gradient}, whose own derivative there is infinite "
            "(beta < 1, or the quantile at its ends) or jumps (beta = 1: Laplace)", f"Evaluate away from {where}.")


def _gennorm_standard_cdf(z, beta):
    """SciPy's ``gennorm._cdf``: ``1/2 + sign(z)/2 gammainc(1/beta, |z|**beta)``, written with
    ``gammaincc`` (no cancellation in the tails)."""
    c = 0.5 * np.sign(z)
    return (0.5 + c) - c * sc.gammaincc(1.0 / beta, np.abs(z) ** beta)


def _gennorm_standard_ppf(q, beta):
    """SciPy's ``gennorm._ppf``: ``sign(q - 1/2) gammainccinv(1/beta, 1 - |2q - 1|)**(1/beta)``."""
    c = np.sign(q - 0.5)
    with np.errstate(divide="ignore"):
        return c * sc.gammainccinv(1.0 / beta, (1.0 + c) - 2.0 * c * q) ** (1.0 / beta)


def _vjp_gennorm_cdf(ans, z, beta):
    # the density, not the chain rule through gammaincc(1/beta, |z|**beta): that is
    # density(|z|**beta) * beta |z|**(beta - 1), 0 * inf at z = 0 (and inf * 0 where |z|**beta
    # underflows)
    shape = np.shape(_plain(z))
    return lambda g: unbroadcast(at_kink(g * _gennorm_density(z, beta), z, lambda: (z == 0) & (beta <= 1),
                                         _gennorm_kink("cdf", "the density at x == loc", "x == loc")), shape)


def _vjp_gennorm_ppf(ans, q, beta):
    # 1 / density(ppf(q)), the inverse function's derivative: finite at q = 1/2 (ans = 0), where
    # the chain rule through gammainccinv(...)**(1/beta) is 0 * inf; inf at q = 0 and 1
    shape = np.shape(_plain(q))

    def pullback(g):
        infinite = np.isinf(ans)  # (q = 0 or 1: the density 0 there, its derivative refused below)
        if np.any(infinite):
            with np.errstate(invalid="ignore"):
                d = np.where(infinite, np.inf * g, g / _gennorm_density(np.where(infinite, 0.0, ans), beta))
        else:
            d = g / _gennorm_density(ans, beta)
        return unbroadcast(at_kink(d, q, lambda: ((ans == 0) & (beta <= 1)) | np.isinf(ans),
                                   _gennorm_kink("ppf", "1 / density(ppf(q)) at q == 1/2 (or q = 0, 1)",
                                                 "q == 1/2 (and the ends q = 0 and 1)")), shape)
    return pullback


# -- in beta: with a = 1/beta, x = |z|**beta, c = sign(z) / 2, the cdf is
# (1/2 + c) - c Q(a, x), so dF/dbeta = -c (dP/da(a, x) / beta^2 - x^a e^-x log|z| / gamma(a)) (Q_a =
# -P_a, Q_x = -x^(a-1) e^-x / gamma(a), dx/dbeta = x log|z|, and x^a = |z|). The quantile is
# c X**(1/beta) with X = gammainccinv(a, p): dppf/dbeta = -(ppf / beta^2) (beta log|ppf| + X_a / (beta
# X)), X = |ppf|**beta, X_a = dX/da (gammaincinv_da). Both are 0 where z (the quantile) is 0, for
# every beta; their derivatives in z (q) there are not (the density's derivative in beta), so a
# second derivative through that point is refused. The second derivative in beta takes gammainc's
# d^2/da^2; the third is refused by name.

def _vjp_gennorm_cdf_beta(ans, z, beta):
    shape = np.shape(_plain(beta))

    def pullback(g):
        zero = _plain(z) == 0
        zs = np.where(zero, 1.0, z)
        a, log_z = 1.0 / beta, np.log(np.abs(zs))
        d = -0.5 * np.sign(zs) * (gammainc_da(a, np.abs(zs) ** beta) * a * a
                                  - np.exp(log_z - np.abs(zs) ** beta - sc.gammaln(a)) * log_z)
        d = np.where(zero, 0.0, d) if np.any(zero) else d
        return unbroadcast(at_kink(g * d, z, lambda: _plain(z) == 0, _gennorm_kink(
            "cdf", "the derivative in beta at x == loc (0 for every beta)", "x == loc")), shape)
    return pullback


def _vjp_gennorm_ppf_beta(ans, q, beta):
    shape = np.shape(_plain(beta))

    def pullback(g):
        end = (_plain(ans) == 0) | np.isinf(_plain(ans))
        s = np.where(end, 1.0, ans)
        x = np.abs(s) ** beta
        d = -(s / (beta * beta)) * (beta * np.log(np.abs(s)) + gammaincinv_da(1.0 / beta, x) / (beta * x))
        if np.any(end):  # 0 at q = 1/2 for every beta; at q = 0, 1 the limit -sign(ppf) inf
            with np.errstate(invalid="ignore"):
                d = np.where(end, -_plain(ans), d)
        return unbroadcast(at_kink(g * d, q, lambda: end, _gennorm_kink(
            "ppf", "the derivative in beta at q == 1/2 (0 for every beta) or at q = 0, 1",
            "q == 1/2 and the ends q = 0 and 1")), shape)
    return pullback


_GENNORM_CDF = Primitive(_gennorm_standard_cdf, name="wengert.scipy.stats.gennorm.cdf", reenters="any")
_GENNORM_PPF = Primitive(_gennorm_standard_ppf, name="wengert.scipy.stats.gennorm.ppf", reenters="any")
defvjp(_GENNORM_CDF, _vjp_gennorm_cdf, _vjp_gennorm_cdf_beta)
defvjp(_GENNORM_PPF, _vjp_gennorm_ppf, _vjp_gennorm_ppf_beta)


def _gennorm_beta(name, beta):
    """``beta``, checked positive (a traced one too)."""
    if np.any(_plain(beta) <= 0):
        raise ValueError("gennorm: beta must be positive")
    return beta


def _gennorm_tail(name, upper, log, formula, example, value):
    """Add ``gennorm.<name>``: the cdf (``upper``: the sf, the cdf at ``-z``), or (``log``) its
    logarithm (``log1p`` of the other tail where the tail is above 1/2)."""
    def method(x, beta, loc=0.0, scale=1.0):
        beta = _gennorm_beta(f"gennorm.{name}", beta)
        z = _standardized(f"gennorm.{name}", x, loc, scale)
        lower, higher = (lambda z: _GENNORM_CDF(z, beta)), (lambda z: _GENNORM_CDF(-z, beta))
        # below the median the cdf is Q(1/beta, |z|**beta) / 2: finite in log space far out
        # (it was -inf with a NaN gradient and a warning from |z|**beta ~ 700 on)
        fn = higher if upper else lower
        return (_tail(higher, lower, log, lambda z: _gennorm_log_tail(fn, z, beta, upper)) if upper
                else _tail(lower, higher, log, lambda z: _gennorm_log_tail(fn, z, beta, upper)))(z)
    method.__doc__ = _doc(gennorm, formula + "; in x, beta, loc and scale (the third derivative in beta "
                          "refused).", example, value)
    _method(gennorm, name)(method)


_gennorm_tail("cdf", False, False, "SciPy's ``(1/2 + c) - c gammaincc(1/beta, |z|**beta)``, ``c = sign(z) / 2``, "
              "whose derivative in ``z`` is the density (finite at z = 0)", "float(gennorm.cdf(0.0, 1.5))", "0.5")
_gennorm_tail("sf", True, False, "``gennorm.cdf(-z)``", "round(float(gennorm.sf(1.0, 1.0)), 6)  # Laplace", "0.18394")
_gennorm_tail("logcdf", False, True, "``log(gennorm.cdf)`` (``log1p(-sf)`` above the median)",
              "round(float(gennorm.logcdf(0.0, 2.0)), 6)", "-0.693147")
_gennorm_tail("logsf", True, True, "``log(gennorm.sf)`` (``log1p(-cdf)`` below the median)",
              "round(float(gennorm.logsf(0.0, 2.0)), 6)", "-0.693147")


def _gennorm_log_tail(fn, z, beta, upper):
    """``log(fn(z))``, ``fn`` the cdf (``upper``: the sf) of the standard gennorm, finite far in
    its tail: there it is ``log(Q(1/beta, |z|**beta) / 2)`` (``_log_gammaincc``), where
    ``log(fn)`` was -inf with a NaN gradient and a warning (from ``|z|**beta`` ~ 700 on:
    z = -10 for beta = 4). ``beta`` is plain."""
    zp, a = _plain(z), 1.0 / _plain(beta).astype(float)
    x = np.abs(zp) ** _plain(beta)
    far = ((zp > 0) if upper else (zp < 0)) & (x > _FAR_GAMMA) & (x > a + 1.0) & (x < np.inf)
    with np.errstate(divide="ignore"):
        if not np.any(far):
            return np.log(fn(z))
        # a point far in the tail for the entries that are not, one inside for those that are
        far_point = (1.0 if upper else -1.0) * (2.0 * _FAR_GAMMA + a + 1.0) ** (1.0 / _plain(beta))
        near = np.log(fn(np.where(far, -far_point / np.abs(far_point), z)))
        return np.where(far, np.log(0.5) + _LOG_Q_FAR(1.0 / beta, np.abs(np.where(far, z, far_point)) ** beta), near)


def _gennorm_quantile(name, q, beta, loc, scale, upper):
    beta = _gennorm_beta(name, beta)
    return _located(name, q, loc, scale, lambda q, beta: _GENNORM_PPF(q, beta), sign=-1.0 if upper else 1.0,
                    shapes=(beta,))


_quantiles(gennorm, "beta", _gennorm_quantile, (
    ("SciPy's ``loc + scale sign(q - 1/2) gammainccinv(1/beta, 1 - |2q - 1|)**(1/beta)``; its derivative in q "
     "is 1 / density (finite at q = 1/2); in q, beta, loc and scale (the third derivative in beta refused).",
     "round(float(gennorm.ppf(0.75, 1.0)), 6)  # Laplace: log 2", "0.693147"),
    ("``loc - scale ppf(q)`` (the standard distribution is symmetric).",
     "round(float(gennorm.isf(0.25, 1.0)), 6)", "0.693147")))


@_method(gennorm, "entropy")
def _gennorm_entropy(beta, loc=0.0, scale=1.0):
    """``1/beta - log(beta / 2) + gammaln(1/beta) + log(scale)``, in beta and scale.

    >>> from wengert.scipy.stats import gennorm
    >>> round(float(gennorm.entropy(1.0)), 6)  # Laplace: 1 + log 2
    1.693147
    """
    if np.any(_plain(beta) <= 0):
        raise ValueError("gennorm: beta must be positive")
    return _located_entropy("gennorm.entropy", lambda b: 1.0 / b - np.log(0.5 * b) + sc.gammaln(1.0 / b),
                            (beta,), loc, scale)


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




# -- the moments, median, entropy and intervals of the continuous distributions ------------------
# Each from its closed form in the shapes (differentiable calls: every order by composition):
# mean = loc + scale m, var = scale^2 v, std = scale sqrt(v), entropy = h + log(scale); median and
# interval from the distribution's own ppf, so they are as differentiable as it is (in a gamma's
# or chi2's shape to second order). Where a closed form cancels, an asymptotic series takes over
# (gamma's entropy from a = 10 on; SciPy's own switches at 250, its truncation 3e-14 off there).

_EULER = 0.5772156649015329


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


def _gamma_entropy(a):
    """``a + gammaln(a) + (1 - a) digamma(a)``, whose terms cancel to ``log(2 pi e a) / 2`` as
    ``a`` grows (its rounding about ``a eps``, its derivative's ``2 a^2 eps``): from a = 10 on,
    ``(1 + log(2 pi a)) / 2 - 1 / (2a)`` and the series ``sum_k B_2k (1 / ((2k - 1) a^(2k-1)) -
    1 / (2k a^(2k)))`` (Stirling's series for gammaln and digamma combined)."""
    big = _plain(a) >= _GAMMA_ENTROPY_FROM

    def direct(a):
        return a + sc.gammaln(a) + (1.0 - a) * sc.digamma(a)

    def series(a):
        u = 1.0 / a
        return 0.5 * (1.0 + np.log(2.0 * np.pi * a)) - 0.5 * u + _stirling_entropy_terms(u)
    if not np.any(big):
        return direct(a)
    if np.all(big):
        return series(a)
    return np.where(big, series(np.where(big, a, 2.0 * _GAMMA_ENTROPY_FROM)), direct(np.where(big, 1.0, a)))


#: D(t) = gammaln(1 + 2t) - 2 gammaln(1 + t) = sum_k>=2 (-1)^k zeta(k) (2^k - 2) t^k / k: its
#: coefficients, k = 2..41 (below t = 1/10 the last term is under 2e-30 of the sum)
_WEIBULL_D_SERIES = tuple((-1.0) ** k * float(sc.zeta(k)) * (2.0 ** k - 2.0) / k for k in range(2, 42))
#: below this t = 1/c, D(t) is its series: the direct difference loses its O(t) terms, which
#: cancel (to a relative rounding of eps / t: 3 digits at c = 1000)
_WEIBULL_SERIES_BELOW = 0.1


def _weibull_variance(c):
    """``gamma(1 + 2/c) - gamma(1 + 1/c)^2``, the standard Weibull variance, as
    ``gamma(1 + 2t) (1 - exp(-D(t)))`` with ``t = 1/c`` and ``D = gammaln(1 + 2t) - 2
    gammaln(1 + t)``: the direct difference cancels as c grows (the variance is ~ pi^2 / (6
    c^2): at c = 1e3 it kept 7 digits, at c = 1e8 none), and so does D's, so below t = 1/10
    D is its power series (``_WEIBULL_D_SERIES``), whose t and constant terms are 0."""
    t = 1.0 / c
    small = _plain(t) < _WEIBULL_SERIES_BELOW

    def series(t):
        total = 0.0
        for coefficient in reversed(_WEIBULL_D_SERIES):
            total = (total + coefficient) * t
        return total * t

    def direct(t):
        return sc.gammaln(1.0 + 2.0 * t) - 2.0 * sc.gammaln(1.0 + t)
    if np.all(small):
        d = series(t)
    elif not np.any(small):
        d = direct(t)
    else:
        d = np.where(small, series(np.where(small, t, 0.0)), direct(np.where(small, 1.0, t)))
    return -np.exp(sc.gammaln(1.0 + 2.0 * t)) * np.expm1(-d)


#: name -> (shapes, m(*shapes), v(*shapes), h(*shapes) or None, the shapes' check or None);
#: gamma's, chi2's and beta's None: every method of theirs, these too, is checked once by
#: :func:`_refusing_nonpositive_shapes` (the end of the module)
_CONTINUOUS_MOMENTS = {
    "norm": ((), lambda: 0.0, lambda: 1.0, lambda: 0.5 * np.log(2.0 * np.pi * np.e), None),
    "expon": ((), lambda: 1.0, lambda: 1.0, lambda: 1.0, None),
    "laplace": ((), lambda: 0.0, lambda: 2.0, lambda: 1.0 + np.log(2.0), None),
    "logistic": ((), lambda: 0.0, lambda: np.pi ** 2 / 3.0, lambda: 2.0, None),
    "uniform": ((), lambda: 0.5, lambda: 1.0 / 12.0, lambda: 0.0, None),
    "gumbel_r": ((), lambda: _EULER, lambda: np.pi ** 2 / 6.0, lambda: _EULER + 1.0, None),
    "gumbel_l": ((), lambda: -_EULER, lambda: np.pi ** 2 / 6.0, lambda: _EULER + 1.0, None),
    "halfnorm": ((), lambda: np.sqrt(2.0 / np.pi), lambda: 1.0 - 2.0 / np.pi,
                 lambda: 0.5 * np.log(np.pi * np.e / 2.0), None),
    "rayleigh": ((), lambda: np.sqrt(np.pi / 2.0), lambda: 2.0 - np.pi / 2.0,
                 lambda: 1.0 + 0.5 * _EULER - 0.5 * np.log(2.0), None),
    "gamma": (("a",), lambda a: a, lambda a: a, _gamma_entropy, None),
    "chi2": (("df",), lambda df: df, lambda df: 2.0 * df, lambda df: _gamma_entropy(0.5 * df) + np.log(2.0),
             None),
    "beta": (("a", "b"), lambda a, b: a / (a + b), lambda a, b: a * b / ((a + b) ** 2 * (a + b + 1.0)), None,
             None),
    "lognorm": (("s",), lambda s: np.exp(0.5 * s * s), lambda s: np.expm1(s * s) * np.exp(s * s),
                lambda s: 0.5 * (1.0 + np.log(2.0 * np.pi)) + np.log(s), _shapes_positive),
    "gennorm": (("beta",), lambda beta: 0.0, lambda beta: np.exp(sc.gammaln(3.0 / beta) - sc.gammaln(1.0 / beta)),
                None, _shapes_positive),
    # mean gamma(1 + 1/c); entropy SciPy's -log(c) + euler (1 - 1/c) + 1
    "weibull_min": (("c",), lambda c: sc.gamma(1.0 + 1.0 / c), _weibull_variance,
                    lambda c: -np.log(c) + _EULER * (1.0 - 1.0 / c) + 1.0, _shapes_positive),
    "weibull_max": (("c",), lambda c: -sc.gamma(1.0 + 1.0 / c), _weibull_variance,
                    lambda c: -np.log(c) + _EULER * (1.0 - 1.0 / c) + 1.0, _shapes_positive),
}


def _held_value(y, value):
    return np.full(np.shape(y), value, dtype=np.result_type(y, np.float16))


#: ``value`` (plain: NaN, +inf or -inf) of ``y``'s shape whose derivative is NaN in a direction that moves ``y`` and 0
#: in one that does not (a zero cotangent or tangent adds nothing). With NaN, an undefined moment: its NaN derivatives
#: stay its own (as exp(NaN y), a zero cotangent times exp's NaN partial was NaN, which reached a defined entry's
#: derivative in a shared loc or scale: grad of lomax.var([0.5, 3.0], scale=s)[1] was NaN, truth 1.5 s). With an
#: infinity, a finite moment that overflowed (its derivative is not 0, and mostly not a number either).
_NAN_SLOPED = Primitive(_held_value, name="wengert.scipy.stats (an undefined or overflowed moment)", reenters="any")


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
}


def _add_moments(name, shapes, m, v, h, check, shape_example=2.0, note="", sd=None):
    """Add mean, var, std (not if ``v`` is None) and entropy (from ``h``) to the distribution ``name``; their examples
    take every shape ``shape_example`` (or a tuple, one each), and ``note`` (where the moments exist) ends their
    text. ``sd``: the standard distribution's standard deviation, where ``sqrt(v)`` is not exact (sqrt's infinite
    derivative at an underflowed variance)."""
    cls = globals()[name]
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
    cls = globals()[name]
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


for _distribution, _closed_forms in _CONTINUOUS_MOMENTS.items():
    _add_moments(_distribution, *_closed_forms)
for _distribution in ("norm", "expon", "laplace", "logistic", "uniform", "gumbel_r", "gumbel_l", "halfnorm", "rayleigh",
              "cauchy", "gamma", "chi2", "beta", "lognorm", "gennorm", "weibull_min", "weibull_max", "pareto", "invgamma", "t",
              "genpareto", "lomax", "halfcauchy", "f"):
    _add_quantile_summaries(_distribution)


# -- the discrete distributions' tails and moments -------------------------------------------------
# Each tail is a continuous distribution's tail in the parameter, so its log stays finite (with its
# derivatives) where the tail underflows, where SciPy's logcdf and logsf are log(cdf), -inf: poisson's
# in mu is gamma's (shape k + 1), binom's (and bernoulli's) in p beta's (k + 1, n - k), nbinom's in p
# and n beta's (n, k + 1). The values are SciPy's: pdtr, bdtr and nbdtr are these same functions.

#: the shapes of the discrete distributions that are counts (values only: a Var there is refused)
_COUNT_SHAPES = {"binom": ("n",), "betabinom": ("n",), "betanbinom": ("n",), "zipfian": ("n",), "boltzmann": ("N",),
                 "randint": ("low", "high"),
                 "hypergeom": ("M", "n", "N"), "nhypergeom": ("M", "n", "r")}


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


def _count_quantile(cls, check, name, q, parameters, loc, upper, q_name="q"):
    """SciPy's ``ppf`` (``upper``: ``isf``) of the discrete ``cls`` at plain values: piecewise
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
    with np.errstate(all="ignore"):
        k = (frozen.isf if upper else frozen.ppf)(q_plain, *plain, loc_plain)
        tail = frozen.sf if upper else frozen.cdf
        at_k, below_k = tail(k, *plain, loc_plain), tail(k - 1.0, *plain, loc_plain)
    inside = (q_plain > 0) & (q_plain < 1)
    jump = inside & (_near(q_plain, at_k) | _near(q_plain, below_k))
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
        method.__doc__ = _doc(cls, f"SciPy's quantile, {text} ({step}).", f"float({cls.__name__}.{name}(0.3, {example}))",
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

__all__ += ["planck"]

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

__all__ += ["dlaplace"]

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

    def tail(k):
        m = np.where(k >= 0, k + 1.0, -k)
        small = (k >= 0) if upper else (k < 0)
        if log:
            log_t = -a * m - np.log1p(np.exp(-a))
            return np.where(small, log_t, np.log1p(-np.exp(log_t)))
        t = _two_forms(np.asarray(_plain(a) < 1.0), lambda a, m: np.exp(-a * m - np.log1p(np.exp(-a))),
                       lambda a, m: np.exp(-a * (m - 1.0)) * (0.5 - 0.5 * np.tanh(0.5 * a)), (a, m), (2.0, 1.0),
                       (0.5, 1.0))
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


def _gamma_entropy_excess(a):
    """gamma's entropy minus ``(1 + log(2 pi a)) / 2``: from a = 10 on, ``-1/(2a)`` and Stirling's
    series, where the difference cancels."""
    big = _plain(a) >= _GAMMA_ENTROPY_FROM
    return _piecewise(a, big, lambda t: _gamma_entropy(t) - 0.5 * (1.0 + np.log(2.0 * np.pi * t)),
                      lambda t: -0.5 / t + _stirling_entropy_terms(1.0 / t), 1.0, 2.0 * _GAMMA_ENTROPY_FROM)


def _f_entropy(dfn, dfd):
    """The F distribution's entropy, with ``a, b = dfn / 2, dfd / 2``: ``log(b / a) + betaln(a, b) +
    (1 - a) digamma(a) - (1 + b) digamma(b) + (a + b) digamma(a + b)`` (SciPy's), written as
    ``(1 + log(2 pi)) / 2 + log(1/a + 1/b) / 2 + R(a) + R(b) - R(a + b) + L(a + b) - 2 L(b)`` with
    ``R`` gamma's entropy beyond ``(1 + log(2 pi x)) / 2`` and ``L = digamma - log``: the
    logarithms, which grow with a and b, cancel exactly (SciPy's value lost them: 0.9555206298828125
    at dfn = 3, dfd = 1e10, where the truth is 0.9555076675173021), and R, L are series from 10 on.
    Where a and b are both below 10, SciPy's form (the other's terms, about 1/a and 1/b, cancel as
    the shapes go to 0: 5e-14 off at dfn = dfd = 1e-3, SciPy's 1e-14)."""
    a, b = 0.5 * dfn, 0.5 * dfd
    small = (_plain(a) < _GAMMA_ENTROPY_FROM) & (_plain(b) < _GAMMA_ENTROPY_FROM)

    def direct(a, b):
        s = a + b
        return (np.log(b / a) + sc.betaln(a, b) + (1.0 - a) * sc.digamma(a) - (1.0 + b) * sc.digamma(b)
                + s * sc.digamma(s))

    def split(a, b):
        s = a + b
        return (0.5 * (1.0 + np.log(2.0 * np.pi)) + 0.5 * np.log(1.0 / a + 1.0 / b)
                + _gamma_entropy_excess(a) + _gamma_entropy_excess(b) - _gamma_entropy_excess(s)
                + _digamma_excess(s) - 2.0 * _digamma_excess(b))
    if np.all(small):
        return direct(a, b)
    if not np.any(small):
        return split(a, b)
    far = 2.0 * _GAMMA_ENTROPY_FROM
    return np.where(small, direct(np.where(small, a, 1.0), np.where(small, b, 1.0)),
                    split(np.where(small, far, a), np.where(small, far, b)))


_MORE_MOMENTS = {
    # mean 1/(1 - c) (c < 1), variance 1/((1 - c)^2 (1 - 2c)) (c < 1/2)
    "genpareto": (("c",), lambda c: _moment_where(lambda p: p < 1.0, _always, lambda c: 1.0 / (1.0 - c), (c,), 0.0),
                  lambda c: _moment_where(lambda p: p < 0.5, lambda p: p < 1.0,
                                          lambda c: 1.0 / ((1.0 - c) ** 2 * (1.0 - 2.0 * c)), (c,), 0.0),
                  None, None, 0.25,
                  " The mean ``1/(1 - c)`` exists for ``c < 1`` (inf above), the variance ``1/((1 - c)^2 "
                  "(1 - 2c))`` for ``c < 1/2``; it is inf for ``1/2 <= c < 1`` (SciPy's is NaN there) and NaN "
                  "from ``c = 1`` on, where the mean is infinite."),
    # mean 1/(c - 1) (c > 1), variance c/((c - 1)^2 (c - 2)) (c > 2)
    "lomax": (("c",), lambda c: _moment_where(lambda p: p > 1.0, _always, lambda c: 1.0 / (c - 1.0), (c,), 2.0),
              lambda c: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0,
                                      lambda c: c / ((c - 1.0) ** 2 * (c - 2.0)), (c,), 3.0),
              None, _shapes_positive, 3.0,
              " The mean ``1/(c - 1)`` exists for ``c > 1`` (inf below), the variance ``c/((c - 1)^2 (c - 2))`` "
              "for ``c > 2``; it is inf for ``1 < c <= 2`` and NaN for ``c <= 1``, where the mean is infinite "
              "(SciPy's is inf there)."),
    # mean dfd/(dfd - 2) (dfd > 2), variance 2 dfd^2 (dfn + dfd - 2) / (dfn (dfd - 2)^2 (dfd - 4)) (dfd > 4)
    "f": (("dfn", "dfd"),
          lambda dfn, dfd: _moment_where(lambda p: p > 2.0, _always,  # (SciPy's shape: dfn's too)
                                         lambda dfn, dfd: dfd / (dfd - 2.0) + np.zeros(np.shape(_plain(dfn))),
                                         (dfn, dfd), 3.0, 1),
          lambda dfn, dfd: _moment_where(
              lambda p: p > 4.0, lambda p: p > 2.0,
              lambda dfn, dfd: 2.0 * dfd * dfd * (dfn + dfd - 2.0) / (dfn * (dfd - 2.0) ** 2 * (dfd - 4.0)),
              (dfn, dfd), 5.0, 1),
          _f_entropy, _shapes_positive, 5.0,
          " The mean ``dfd/(dfd - 2)`` exists for ``dfd > 2`` (inf below), the variance for ``dfd > 4``; it is "
          "inf for ``2 < dfd <= 4`` and NaN for ``dfd <= 2``, where the mean is infinite (SciPy's is inf there)."),
}
for _distribution, _with_note in _MORE_MOMENTS.items():
    _add_moments(_distribution, *_with_note)



@_method(beta, "entropy")
def _beta_entropy(a, b, loc=0.0, scale=1.0):
    """The differential entropy, in a, b and scale: ``betaln(a, b) - (a - 1) digamma(a) - (b - 1)
    digamma(b) + (a + b - 2) digamma(a + b) + log(scale)``, written as ``E(a) + E(b) - E(a + b) -
    digamma(a + b)`` with ``E`` gamma's entropy (Stirling's series from 10 on), so that its terms,
    which grow as ``a log a``, cancel exactly.

    >>> from wengert.scipy.stats import beta
    >>> round(float(beta.entropy(2.0, 3.0)), 6)
    -0.234907
    """
    return _located_entropy("beta.entropy", _beta_standard_entropy, (a, b), loc, scale)  # (checked: the wrapper)


def _beta_standard_entropy(a, b):
    # in float64 (a strong NumPy float64 one: exact), rounded once by _located_entropy: its terms about 1
    # cancel to the entropy, 21 float32 ulps off at (2.5, 1.5) when each was rounded to float32
    a, b = a * np.float64(1.0), b * np.float64(1.0)
    s = a + b
    return _gamma_entropy(a) + _gamma_entropy(b) - _gamma_entropy(s) - sc.digamma(s)


# -- yulesimon (alpha B(k, alpha + 1) on k >= 1) -------------------------------------------------------

__all__ += ["yulesimon"]

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

__all__ += ["logser"]

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
    ``expm1(log R) / ((1 - p) R)^2``). No entropy: it has no closed form (SciPy sums it). The quantiles are SciPy's
    (steps).

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


_LOGSER_MIDDLE = Primitive(_logser_middle_value, name="wengert.scipy.stats (logser's log S)", reenters="any")
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


_LOGSER_LOG_C = Primitive(_logser_log_c_value, name="wengert.scipy.stats (logser's log C)", reenters="any")
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


# -- skellam (the difference N1 - N2 of independent Poisson counts of means mu1, mu2) ------------------

__all__ += ["skellam"]

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
_SKELLAM_LOG_RATIO = Primitive(_skellam_log_ratio_value, name="wengert.scipy.stats (skellam's pmf ratio)",
                               reenters="any")
_def_partials(_SKELLAM_LOG_RATIO,
              lambda mu1, mu2, k: np.exp(_SKELLAM_LOG_RATIO(mu1, mu2, k - 1.0)) - np.exp(_SKELLAM_LOG_RATIO(mu1, mu2, k)),
              lambda mu1, mu2, k: np.exp(-_SKELLAM_LOG_RATIO(mu1, mu2, k)) - np.exp(-_SKELLAM_LOG_RATIO(mu1, mu2, k + 1.0)))

#: skellam's log pmf at plain whole ``k`` (last), differentiable in mu1 and mu2 through Poisson's differences: ``d pmf(k)
#: / d mu1 = pmf(k - 1) - pmf(k)``, ``d pmf(k) / d mu2 = pmf(k + 1) - pmf(k)``
_SKELLAM_LOGPMF = Primitive(_skellam_logpmf_value, name="wengert.scipy.stats (skellam's log pmf)", reenters="any")
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
_SKELLAM_SF_EXCESS = Primitive(_skellam_sf_excess_value, name="wengert.scipy.stats (skellam's sf / pmf)",
                               reenters="any")
_def_partials(_SKELLAM_SF_EXCESS,
              lambda mu1, mu2, k: np.exp(_SKELLAM_LOG_RATIO(mu1, mu2, k + 1.0) - _SKELLAM_SF_EXCESS(mu1, mu2, k))
              - np.expm1(_SKELLAM_LOG_RATIO(mu1, mu2, k + 1.0)),
              lambda mu1, mu2, k: -np.exp(-_SKELLAM_SF_EXCESS(mu1, mu2, k))
              - np.expm1(-_SKELLAM_LOG_RATIO(mu1, mu2, k + 2.0)))

#: skellam's log sf at plain whole ``k`` (last), differentiable in mu1 and mu2 (``d sf(k) / d mu1 = pmf(k)``, ``d sf(k)
#: / d mu2 = -pmf(k + 1)``); its log cdf is it at ``-k - 1`` with mu1 and mu2 swapped
_SKELLAM_LOGSF = Primitive(_skellam_logsf_value, name="wengert.scipy.stats (skellam's log sf)", reenters="any")
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

__all__ += ["zipf"]

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


def _log_hurwitz(a, q, log_weight=False):
    """``log zeta(a, q) = log sum_{n >= 0} (n + q)^-a`` (``log_weight``: ``log sum_n log(n + q) (n + q)^-a``, at q =
    1 only) at plain ``q >= 1``, ``a > 1`` (traced or not), as ``-a log q + log W``, ``W`` the sum of ``u^-a``, ``u =
    (n + q) / q``: the terms below ``X = max(q, 2 a + 20, 30)`` (at most 2000 of them) summed, the rest by
    Euler-Maclaurin's formula from X (its integral ``q u^(1 - a) / (a - 1)``, half the term at X, ten corrections
    ``B_2j / (2j)! (a)_(2j - 1) q^(1 - 2j) u^(1 - a - 2j)``). Differentiable as it is written: each term's
    derivative in a is the derivative's own term (Euler-Maclaurin's formula differentiated)."""
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
        tail = x * power / (a - 1.0) + 0.5 * power
        rising, factor = a, 1.0 / x  # (a)_(2j - 1) and X^(1 - 2j) (X = q u; 1 / X squared: X * X overflows)
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
        inside = n < count
        log_u = np.log1p(np.where(inside, n, 0.0) / q)
        terms = np.exp(-a * log_u)
        if log_weight:
            terms = terms * np.log(np.where(inside, n, 0.0) + q)
        tail = tail + np.sum(np.where(inside, terms, 0.0), axis=0)
    return -a * np.log(q) + np.log(tail)


_add_count_pmfs(zipf, ("a",), _ZIPF, lambda name, k, loc: _counts_from(name, k, loc, 1.0),
                lambda k, a: -a * np.log(k) - _log_hurwitz(a, 1.0), lambda k, a: np.exp(-a * np.log(k) - _log_hurwitz(a, 1.0)),
                "3, 2.5", ("``-a log(k) - log(zeta(a))``", "``k^-a / zeta(a)``"), "whole ``k - loc >= 1``")

#: the partial sums H_k(a) = sum_{j <= k} j^-a are summed directly up to this k (beyond, Euler-Maclaurin's formula
#: from j = 30: only where the cdf is below 1/2, a < 1.73)
_ZIPF_DIRECT_CDF = 2000


def _zipf_log_partial_sum(k, a):
    """``log H_k(a) = log sum_{j=1}^{k} j^-a`` at plain whole ``k >= 1``: the sum itself up to k = 2000, beyond the
    terms below 30 and Euler-Maclaurin's formula for the rest (its integral ``30^(1 - a) (1 - (k / 30)^(1 - a)) /
    (a - 1)`` as an ``expm1``: no cancellation as a -> 1)."""
    k = np.asarray(k, dtype=float)
    direct = k <= _ZIPF_DIRECT_CDF
    last = int(np.max(np.where(direct, k, 29.0))) if np.size(k) else 1
    j = np.arange(1.0, last + 1.0).reshape((last,) + (1,) * np.ndim(k))
    near = np.sum(np.where(j <= np.where(direct, k, 29.0), np.exp(-a * np.log(j)), 0.0), axis=0)
    if np.all(direct):
        return np.log(near)
    end, start = np.where(direct, 31.0, k), 30.0
    integral = start * np.exp(-a * np.log(start)) * -np.expm1((1.0 - a) * np.log(end / start)) / (a - 1.0)
    rest = integral + 0.5 * (np.exp(-a * np.log(start)) + np.exp(-a * np.log(end)))
    rising = a
    for i, c in enumerate(_EM_CORRECTIONS, 1):
        # B_2i / (2i)! (f^(2i - 1)(end) - f^(2i - 1)(start)), f^(m)(x) = (-1)^m (a)_m x^(-a - m)
        rest = rest - c * rising * (np.exp((-a - 2 * i + 1) * np.log(end)) - np.exp((-a - 2 * i + 1) * np.log(start)))
        rising = rising * (a + 2 * i - 1) * (a + 2 * i)
    return np.log(np.where(direct, near, near + rest))


def _zipf_tail(name, k, a, loc, upper, log):
    """The log sf ``log zeta(a, k + 1) - log zeta(a)`` (:func:`_log_hurwitz`), the sf its ``exp``; the cdf
    ``-expm1(log sf)`` where the sf is below 1/2 (its log :func:`_log1mexp`), else ``H_k(a) / zeta(a)``
    (:func:`_zipf_log_partial_sum`); the cdf 0 below the support, 1 at ``k = inf``."""
    k = _whole_counts(name, k, loc)

    def tail(k):
        log_sf = _log_hurwitz(a, k + 1.0) - _log_hurwitz(a, 1.0)
        if upper:
            return log_sf if log else np.exp(log_sf)
        small = np.asarray(_plain(log_sf) <= -np.log(2.0))
        if np.all(small):
            return _log1mexp(log_sf) if log else -np.expm1(log_sf)
        shape = np.broadcast_shapes(np.shape(small), np.shape(k))
        counts = np.where(np.broadcast_to(small, shape), 1.0, k)
        log_cdf = _zipf_log_partial_sum(counts, a) - _log_hurwitz(a, 1.0)
        near = np.where(small, log_sf, -1.0)
        return np.where(small, _log1mexp(near) if log else -np.expm1(near), log_cdf if log else np.exp(log_cdf))
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

__all__ += ["zipfian"]

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
    total = 0.0
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

__all__ += ["boltzmann"]

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

__all__ += ["randint"]


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

__all__ += ["hypergeom"]

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

__all__ += ["nhypergeom"]

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


# -- betanbinom (nbinom's failures before the n-th success at a success chance beta(a, b)) -----------------

__all__ += ["betanbinom"]

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
    top = np.max(np.where(inside, _plain(terms), -np.inf), axis=0)
    return top + np.log(np.sum(np.where(inside, np.exp(terms - top), 0.0), axis=0)) - log_beta_exact(a, b)


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
        log_sum = _betanbinom_log_sum(k, m, a, b, lower)
        direct = lower == (not upper)
        if log:
            with np.errstate(divide="ignore"):
                return np.where(direct, log_sum, np.log(-np.expm1(np.where(direct, -1.0, log_sum))))
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


# -- burr12 and fisk (the log-logistic) -----------------------------------------------------------

__all__ += ["burr12", "fisk"]


class burr12:
    """The Burr type XII distribution, as ``scipy.stats.burr12``: differentiable in x (or q), c, d,
    loc and scale, to every order. Its support is ``z = (x - loc) / scale >= 0``; ``log1p(z^c)``
    is ``c log z + log1p(z^-c)`` above ``z = 1``, so that the log functions stay finite far in
    the upper tail (where ``z^c`` overflows: SciPy's ``logsf`` is ``-inf`` there), and the lower
    log tail is ``log d + c log z`` plus a series near 0 (SciPy's underflows).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import burr12
    >>> float(wg.grad_bp(lambda d: burr12.logsf(1.0, 1.0, d), 2.0))  # -log1p(1)
    -0.6931471805599453

    .. versionadded:: 0.1
    """


class fisk:
    """The Fisk (log-logistic) distribution, as ``scipy.stats.fisk``: ``burr12`` with ``d = 1``,
    differentiable in x (or q), c, loc and scale, to every order, with ``mean``, ``var``, ``std``
    (written so that they do not cancel as ``c`` grows) and ``entropy``. Its support is ``z = (x -
    loc) / scale >= 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import fisk
    >>> float(wg.grad_bp(lambda x: fisk.cdf(x, 1.0), 0.0))  # the density at 0 (c = 1)
    1.0

    .. versionadded:: 0.1
    """


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
    move with scale), for a check that refuses a moving z at 0 only."""
    signature = _moment_signature(shapes, ("x",))
    for name, inside, function, outside, formula, example, value in rows:
        def method(*args, _name=f"{cls.__name__}.{name}", _inside=inside, _function=function, _outside=outside,
                   **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            x, *shape_values, loc, scale = bound.args
            z = _standardized(_name, x, loc, scale)
            if still is not None and isinstance(z, (Var, Dual)) and not isinstance(x, (Var, Dual)) \
                    and not isinstance(loc, (Var, Dual)) and np.all(np.asarray(x) == np.asarray(loc)):
                # z = 0 for every scale (dz/dscale = -z / scale = 0): plain, so that the check sees an end of the
                # support that does not move (the value's dtype and shape only: no guard under wengert.jit)
                z = np.zeros_like(peek(z))
            check(_name, z, *shape_values)
            return _on_support(_inside(_plain(z)), lambda z: _function(z, *shape_values, scale), z, outside=_outside)
        setattr(method, "__signature__", signature)
        method.__doc__ = _doc(cls, formula, example, value)
        _method(cls, name)(method)


def _burr12_check(name, z, c, d=1.0):
    """The shapes positive; for a density, a traced ``c`` refused at ``z = 0`` where ``c = 1``
    (:func:`_refuse_a_jump_in_shape`)."""
    _shapes_positive(name, c, d)
    if name.endswith("pdf"):
        _refuse_a_jump_in_shape(name, c, lambda: (z == 0) & (c == 1), "c", "c = 1 where x == loc", "z**(c - 1)")


def _burr12_log_kernel(z, c, d):
    return sc.xlogy(c - 1.0, z) - (d + 1.0) * _log1p_power(z, c)


def _burr12_log_density(z, c, d, scale):
    return np.log(c) + _of_numbers(np.log, d) + _burr12_log_kernel(z, c, d) - np.log(scale)


def _burr12_density(z, c, d, scale):
    """``c d / scale`` times ``exp`` of the rest of the log density, with powers near and at ``z = 0``
    (:func:`_exp_at_ends`). The factors are kept out of the exponential: through ``exp(log c + log d
    + ...)`` the second derivative in d, ``pdf ((1/d - L)^2 - 1/d^2)`` with ``L = log1p(z^c)``, cancelled
    (25% off at z = 0.3, c = 30, d = 1), where ``(d E)'' = 2 E' + d E''`` does not."""
    return c * d / scale * _exp_at_ends(
        lambda z: _burr12_log_kernel(z, c, d),
        lambda z: _leading_powers_at_zero(z, c - 1.0, c, d,
                                          lambda z: z ** (c - 1.0) * np.exp(-(d + 1.0) * _log1p_power(z, c))),
        z, (0.0,), (c - 1.0,))


#: (name, inside, function(z, c, d, scale), outside, burr12's formula and value, fisk's formula and value)
_BURR12_ROWS = (
    ("logpdf", lambda z: z >= 0, _burr12_log_density, -np.inf,
     "``log(c d) + (c - 1) log(z) - (d + 1) log1p(z^c) - log(scale)``", "-2.517395",
     "``log(c) + (c - 1) log(z) - 2 log1p(z^c) - log(scale)``", "-1.258698"),
    ("pdf", lambda z: z >= 0, _burr12_density, 0.0,
     "``c d z^(c - 1) (1 + z^c)^(-d - 1) / scale``", "0.080669", "``c z^(c - 1) / ((1 + z^c)^2 scale)``", "0.284024"),
    ("cdf", lambda z: z >= 0, lambda z, c, d, scale: -np.expm1(-d * _log1p_power(z, c)), 0.0,
     "``1 - (1 + z^c)^(-d)`` (as ``-expm1``)", "0.970869", "``1 / (1 + z^-c)``", "0.692308"),
    ("logcdf", lambda z: z > 0, lambda z, c, d, scale: _log1mexp_power(z, c, d, log1p_power=True), -np.inf,
     "``log(1 - (1 + z^c)^(-d))`` (``log d + c log z`` and a series where ``d z^c`` and ``z^c < 1/2``)", "-0.029563",
     "``-log1p(z^-c)`` (``c log z`` and a series where ``z^c < 1/2``)", "-0.367725"),
    ("sf", lambda z: z >= 0, lambda z, c, d, scale: np.exp(-d * _log1p_power(z, c)), 1.0,
     "``(1 + z^c)^(-d)``", "0.029131", "``1 / (1 + z^c)``", "0.307692"),
    ("logsf", lambda z: z >= 0, lambda z, c, d, scale: -d * _log1p_power(z, c), 0.0,
     "``-d log1p(z^c)``", "-3.535965", "``-log1p(z^c)``", "-1.178655"),
)


def _burr12_text(formula, name):
    """The docstring of a burr12 or fisk function: ``formula`` and its value outside the support."""
    below = {"logpdf": "``-inf``", "logcdf": "``-inf``", "pdf": "0", "cdf": "0", "sf": "1", "logsf": "0"}[name]
    return f"{formula} on ``z {'>' if name == 'logcdf' else '>='} 0``, {below} {'at and ' if name == 'logcdf' else ''}below."


_shape_functions(burr12, ("c", "d"), _burr12_check, [
    (name, inside, function, outside, _burr12_text(formula, name), f"round(float(burr12.{name}(1.5, 2.0, 3.0)), 6)",
     value) for name, inside, function, outside, formula, value, _, _ in _BURR12_ROWS])
_shape_functions(fisk, ("c",), _burr12_check, [
    (name, inside, lambda z, c, scale, _function=function: _function(z, c, 1.0, scale), outside,
     "burr12's at ``d = 1``: " + _burr12_text(formula, name), f"round(float(fisk.{name}(1.5, 2.0)), 6)", value)
    for name, inside, function, outside, _, _, formula, value in _BURR12_ROWS])


_quantiles(burr12, ("c", "d"), _burr12_quantile, (
    ("``loc + scale ((1 - q)^(-1/d) - 1)^(1/c)``, as ``expm1(-log1p(-q) / d)^(1/c)``.",
     "round(float(burr12.ppf(0.5, 2.0, 3.0)), 6)", "0.509825"),
    ("``loc + scale (q^(-1/d) - 1)^(1/c)``, as ``expm1(-log(q) / d)^(1/c)``.",
     "round(float(burr12.isf(0.5, 2.0, 3.0)), 6)", "0.509825")))
def _fisk_quantile(name, q, c, loc, scale, upper):
    """``loc + scale (q / (1 - q))^(1/c)`` (``upper``: its reciprocal odds) inside (0, 1) as ``exp((log q -
    log1p(-q)) / c)``: burr12's ``expm1(-log1p(-q))^(1/c)`` rounded log1p(-q) once and the power magnified
    it 1/c times (fisk.ppf(0.5, 1e-12) was 0.99994 with d/dc 5.6e7, truth 1 and 0; at c = 1e-6 5.6e-11
    off). An array reaching q = 0 or 1 keeps burr12's form, with its limits there."""
    _shapes_positive(name, c)
    qp = np.asarray(_plain(q))
    if not np.all((qp > 0) & (qp < 1)):
        return _burr12_quantile(name, q, c, 1.0, loc, scale, upper)

    def standard(q):
        log_odds = np.log(q) - np.log1p(-q)
        with np.errstate(over="ignore", under="ignore"):  # (inf and 0 far out, as SciPy's)
            return np.exp((-log_odds if upper else log_odds) / c)
    return _located(name, q, loc, scale, standard)


_quantiles(fisk, "c", _fisk_quantile, (
    ("``loc + scale (q / (1 - q))^(1/c)``, as ``exp(log(q / (1 - q)) / c)``.",
     "round(float(fisk.ppf(0.75, 2.0)), 6)  # sqrt(3)", "1.732051"),
    ("``loc + scale ((1 - q) / q)^(1/c)``, as ``exp(log((1 - q) / q) / c)``.",
     "round(float(fisk.isf(0.25, 2.0)), 6)", "1.732051")))


#: sin(u) - u cos(u) = u^3 sum_k>=1 (-1)^(k+1) 2k (u^2)^(k-1) / (2k + 1)!: 22 coefficients (the
#: last term below 1e-40 at u = pi/2, the largest u of a finite variance)
_SIN_MINUS_U_COS = [(-1.0) ** (k + 1) * 2.0 * k / math.factorial(2 * k + 1) for k in range(1, 23)]


def _fisk_mean(c):
    """``(pi/c) / sin(pi/c)`` for ``c > 1``, inf for ``c <= 1``: from ``c = 2`` on ``1 / sinc(1/c)``
    (sinc's derivative is its series near 0, where that of ``u / sin(u)`` cancels as c grows), below
    with ``sin(pi (c - 1) / c)``, exact as c nears 1 (``sin(pi / c)`` was 8e-15 off at c = 1.01)."""
    def finite(c):
        return _piecewise(c, _plain(c) >= 2.0, lambda c: np.pi / c / np.sin(np.pi * (c - 1.0) / c),
                          lambda c: 1.0 / np.sinc(1.0 / c), 1.5, 2.0)
    return _moment_where(lambda p: p > 1.0, lambda p: p <= 1.0, finite, (c,), 2.0)


def _fisk_variance(c):
    """``2u / sin(2u) - (u / sin(u))^2``, ``u = pi/c``, for ``c > 2``: its two terms are near 1 and
    cancel to ``pi^2 / (3 c^2)`` as c grows (SciPy's, from its moments, is 1.3e-11 relative off
    mpmath at c = 1e3): here ``(sin u - u cos u) / (sin(u)^2 cos(u)) u``, the difference a series
    in ``u`` (``_SIN_MINUS_U_COS``) and ``cos u`` as ``sin(pi (c - 2) / (2c))``, exact as c nears 2;
    inf for ``1 < c <= 2``, NaN for ``c <= 1``."""
    def finite(c):
        u = np.pi / c
        s = np.sinc(1.0 / c)  # sin(u) / u
        return u * u * polynomial(u * u, _SIN_MINUS_U_COS) / (s * s * np.sin(np.pi * (c - 2.0) / (2.0 * c)))
    return _moment_where(lambda p: p > 2.0, lambda p: (p > 1.0) & (p <= 2.0), finite, (c,), 3.0)


_add_moments("fisk", ("c",), _fisk_mean, _fisk_variance, lambda c: 2.0 - np.log(c), _shapes_positive, 3.0,
             " The mean ``(pi/c) / sin(pi/c)`` exists for ``c > 1`` (inf below), the variance for ``c > 2`` (inf "
             "for ``1 < c <= 2``, NaN for ``c <= 1``, where the mean is infinite).")
for _distribution in ("burr12", "fisk"):
    _add_quantile_summaries(_distribution)


# -- genextreme (the generalized extreme value distribution) -------------------------------------

__all__ += ["genextreme"]


class genextreme:
    """The generalized extreme value distribution, as ``scipy.stats.genextreme`` (SciPy's sign of
    ``c``: its cdf is ``exp(-(1 - c z)^(1/c))``): differentiable in x (or q), c, loc and scale, to
    every order, for every real ``c``, at and near ``c = 0`` (the Gumbel distribution) too, where
    ``log1p(-c z) / c`` is a series. Its support is ``z = (x - loc) / scale <= 1/c`` for ``c > 0``
    (at that end, which moves with ``c``, a traced ``c`` is refused) and ``z > 1/c`` for ``c < 0``
    (where the density and every derivative vanish). The upper log tail is ``-y + log((1 - e^-u) /
    u)``, ``u = e^-y``, as a series: finite where SciPy's ``logsf`` underflows.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import genextreme
    >>> float(wg.grad_bp(lambda x: genextreme.logcdf(x, 0.0), 0.0))  # Gumbel: exp(-z)
    1.0

    .. versionadded:: 0.1
    """


def _gev_y(z, c):
    """``y = -log1p(-c z) / c`` (``z`` at ``c = 0``), through genpareto's series near ``c z = 0``."""
    return _log1p_over(-c, z)


def _gev_logsf(y):
    """``log(1 - exp(-u))``, ``u = exp(-y)``: as ``-y + h(u)`` (:func:`_log_expm1_ratio`) for ``u < 1/2``,
    where through ``log1mexp(-u)`` the second derivative was ``-y'^2 + (y'^2 - y'')``, cancelling; as ``-y``
    from y = 745 on, where h(u) ~ -u/2 is below the smallest float: there ``exp(-y)`` is 0 and its
    derivative ``0 * y'`` was NaN by forward mode where y' overflows (d/dc at z = 1e155, c = 0: the
    truth -5e309, -inf)."""
    def upper(y):
        return _piecewise(y, _plain(y) > _GEV_LOGSF_FAR, lambda y: -y + _log_expm1_ratio(np.exp(-y)), lambda y: -y,
                          1.0, 2.0 * _GEV_LOGSF_FAR)
    return _piecewise(y, _plain(y) > np.log(2.0), lambda y: _log1mexp(-np.exp(-y)), upper, 0.0, 1.0)


#: From this y on genextreme.logsf is -y (exp(-y) / 2 is below the smallest float)
_GEV_LOGSF_FAR = 745.0


#: Beyond u = exp(-y) = 3000 (far below the mode) the density, the cdf and their derivatives
#: underflow (see _VANISHING_LOG), and sf's and logsf's derivatives: they are constants there
_GEV_VANISHING_U = -_VANISHING_LOG


#: Beyond this u = exp(-y) (far below the mode, c > 0) genextreme's log density and log cdf are powers of w = 1 - c z
_GEV_FAR_U = 1e200


#: Far above the mode (y > 3000): the values of the functions whose derivatives vanish there
_GEV_TOP = {"pdf": 0.0, "cdf": 1.0, "sf": 0.0, "logcdf": -0.0}


def _genextreme_function(name, function, at_end, outside, vanishing, open_end=False):
    """``genextreme.<name>``: ``function(z, c, scale)`` inside the support, ``at_end(w, p, scale)``
    (``w = 1 - c z``, ``p = 1/c``) within ``_NEAR_END`` of its upper end ``1/c`` (``c > 0``; at it
    too), ``outside = (below, above)`` beyond it (below: at and below ``1/c`` for ``c < 0``; above:
    beyond ``1/c`` for ``c > 0``, at it too if ``open_end``: logsf, -inf there), and below
    where ``u = exp(-y)`` passes ``_GEV_VANISHING_U`` if ``vanishing``. The unused entries are
    evaluated at ``z = 0``, inside the support for every ``c`` (as ``_on_support``). Far below the mode at a plain ``c
    >= 0.01`` (``u`` above ``_GEV_FAR_U``) the log density and log cdf (not ``vanishing``) are ``at_end``'s powers
    of ``w`` too: through ``exp(-y)`` their z-derivatives met ``u``, which overflows from ``-y = 709.8`` on, before
    ``dy/dz = 1 / w`` (genextreme.logcdf(-1e160, 0.5)' was inf, the truth 5e159 = w; its second derivative NaN, the
    truth -0.5). (Not for a traced c: there the power's two c-derivative terms, each infinite, met with opposite
    signs; through ``exp(-y)`` the one product, inf as the truth. Nor below 0.01, where ``w^(1/c)`` amplifies the
    rounding of ``w`` more than ``exp(-y)`` that of ``y``.)"""
    def method(x, c, loc=0.0, scale=1.0):
        z = _standardized(f"genextreme.{name}", x, loc, scale)
        zp, cp = np.broadcast_arrays(*(np.asarray(_plain(v), dtype=float) for v in (z, c)))
        positive, negative = cp > 0, cp < 0
        with np.errstate(divide="ignore"):
            end = 1.0 / np.where(cp != 0, cp, np.inf)  # (0 where c = 0: unused)
        _refuse_at_a_moving_end(f"genextreme.{name}", c, lambda: positive & (zp == end), "x == loc + scale / c (c > 0)")
        below = negative & (zp <= end)
        above = positive & ((zp >= end) if open_end else (zp > end))
        near = positive & ~above & (end - zp < _NEAR_END)
        if vanishing:
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                u = np.exp(-_gev_y(np.where(below | above | near, 0.0, zp), cp))
            below = below | (u > _GEV_VANISHING_U)
        top = np.zeros(np.shape(zp), dtype=bool)
        if name in _GEV_TOP:
            # far above the mode (y > 3000) exp(-y) and its derivatives (exp(-y) times powers of y's,
            # which overflow: d2y/dc2 = 2 z^3 / 3 at c = 0) vanish: d2/dc2 was 0 * inf = NaN from z = 1e154
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                top = ~(below | above | near) & (_gev_y(np.where(below | above | near, 0.0, zp), cp) > -_VANISHING_LOG)
        far = np.zeros(np.shape(zp), dtype=bool)
        if not vanishing and type(c) not in (Var, Dual) and np.any(cp >= 0.01):
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                far = (cp >= 0.01) & ~(below | above | near | top) & (np.exp(-_gev_y(np.where(
                    positive & ~(below | above | near | top), zp, 0.0), cp)) > _GEV_FAR_U)
        inside = ~(below | above | near | top | far)
        out = function(np.where(inside, z, 0.0), c, scale)
        if np.any(far):
            cf = np.where(far, c, 1.0)
            out = np.where(far, at_end(_one_minus_product(cf, np.where(far, z, 0.0)), 1.0 / cf, scale), out)
        if np.any(top):
            out = np.where(top, _GEV_TOP[name], out)
        if np.any(near):
            ce = np.where(near, c, 1.0)
            w = _one_minus_product(ce, np.where(near, z, 1.0 - 0.5 * _NEAR_END))
            with np.errstate(divide="ignore"):  # (0 ** (p - 1) at the end for c > 1: the density is inf there)
                out = np.where(near, at_end(w, 1.0 / ce, scale), out)
        if np.any(below | above):
            out = np.where(below, outside[0], np.where(above, outside[1], out))
        return out
    return method


def _one_minus_product(c, z):
    """``1 - c z``, its value with the rounding of ``c z`` added back (Dekker's exact product of the
    plain values) and its derivatives those of ``1 - c z``: near ``c z = 1`` the rounding of the
    product is ``eps`` absolute, ``eps / w`` relative to ``w = 1 - c z`` (genextreme.logpdf at w = 1e-11,
    c = 0.3 was 5e-7 relative off the exact value at the float arguments, its derivative 1.5e-5)."""
    w = 1.0 - c * z
    a, b = np.asarray(_plain(c), dtype=float), np.asarray(_plain(z), dtype=float)
    product = a * b
    with np.errstate(over="ignore", invalid="ignore"):
        a_high, b_high = a * 134217729.0 - (a * 134217729.0 - a), b * 134217729.0 - (b * 134217729.0 - b)
        a_low, b_low = a - a_high, b - b_high
        error = ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low  # c z - product
    exact = (1.0 - product) - np.where(np.isfinite(error), error, 0.0)
    return w + (exact - _plain(w))


def _gev_logpdf(z, c, scale):
    y = _gev_y(z, c)
    with np.errstate(over="ignore"):  # (-inf far below the mode, as SciPy's)
        return -(1.0 - c) * y - np.exp(-y) - np.log(scale)


for _name, _function, _at_end, _outside, _vanishes, _formula, _value in (
        ("logpdf", _gev_logpdf, lambda w, p, scale: sc.xlogy(p - 1.0, w) - w ** p - np.log(scale), (-np.inf, -np.inf),
         False, "``-(1 - c) y - exp(-y) - log(scale)``, ``y = -log1p(-c z) / c``", "-0.960952"),
        ("pdf", lambda z, c, scale: np.exp(_gev_logpdf(z, c, scale)),
         lambda w, p, scale: w ** (p - 1.0) * np.exp(-w ** p) / scale, (0.0, 0.0), True,
         "``exp(-(1 - c) y - exp(-y)) / scale``, ``y = -log1p(-c z) / c``", "0.382529"),
        ("cdf", lambda z, c, scale: np.exp(-np.exp(-_gev_y(z, c))), lambda w, p, scale: np.exp(-w ** p), (0.0, 1.0),
         True, "``exp(-(1 - c z)^(1/c))``", "0.558924"),
        ("logcdf", lambda z, c, scale: -np.exp(-_gev_y(z, c)), lambda w, p, scale: -w ** p, (-np.inf, 0.0), False,
         "``-(1 - c z)^(1/c)``", "-0.581741"),
        ("sf", lambda z, c, scale: -np.expm1(-np.exp(-_gev_y(z, c))), lambda w, p, scale: -np.expm1(-w ** p),
         (1.0, 0.0), True, "``1 - exp(-(1 - c z)^(1/c))`` (as ``-expm1``)", "0.441076"),
        ("logsf", lambda z, c, scale: _gev_logsf(_gev_y(z, c)), lambda w, p, scale: _log1mexp_power(w, p),
         (0.0, -np.inf), True,
         "``log(1 - exp(-(1 - c z)^(1/c)))``, as ``-y + log((1 - e^-u) / u)`` (``u = e^-y``) where ``u < 1/2``",
         "-0.818539")):
    _genextreme_method = _genextreme_function(_name, _function, _at_end, _outside, _vanishes, _name == "logsf")
    _genextreme_method.__doc__ = _doc(
        genextreme, f"{_formula} on the support, {_outside[0]} below it (``c < 0``) and {_outside[1]} above it "
        "(``c > 0``); written with powers of ``1 - c z`` near the upper end.", f"round(float(genextreme.{_name}(0.5, 0.3)), 6)",
        _value)
    _method(genextreme, _name)(_genextreme_method)


def _genextreme_quantile(name, q, c, loc, scale, upper):
    # ppf: (1 - s^c) / c = -boxcox(s, c), s = -log(q) (isf: -log1p(-q)): SciPy's forms, exact in c at c = 0
    def standard(q, c):
        qp, cp = np.broadcast_arrays(*(np.asarray(_plain(v), dtype=float) for v in (q, c)))
        end = (qp == (1.0 if upper else 0.0)) & (cp < 0)  # the lower end 1/c (q = 0; isf: q = 1) for c < 0
        qs = np.where(end, 0.5, q) if np.any(end) else q
        out = -sc.boxcox(-(np.log1p(-qs) if upper else np.log(qs)), c)
        if np.any(end):
            # 1/c there, exactly in c: boxcox(inf, c)'s c-derivative was s^c log(s) / c = 0 * inf. The
            # q-derivatives are s^(c-1) / q -> inf (second: -inf, in q and c: inf) for every c < 0:
            # sqrt(p) e^c (p = q; isf: 1 - q) has those limits and is 0 with every c-derivative at p = 0
            # (sqrt(p) as 1 + boxcox(p, 1/2) / 2: its rule's derivatives at 0 are inf without a warning)
            ce, p = np.where(end, c, -1.0), np.where(end, (1.0 - q) if upper else q, 0.0)
            out = np.where(end, 1.0 / ce + (1.0 + 0.5 * sc.boxcox(p, 0.5)) * np.exp(ce), out)
        return out
    return _located(name, q, loc, scale, standard, shapes=(c,), steep_mixed=_genextreme_steep)


_quantiles(genextreme, "c", _genextreme_quantile, (
    ("``loc - scale boxcox(-log(q), c)``: ``loc + scale (1 - (-log q)^c) / c``.",
     "round(float(genextreme.ppf(0.5, 0.0)), 6)  # Gumbel: -log(log 2)", "0.366513"),
    ("``loc - scale boxcox(-log1p(-q), c)``: ``loc + scale (1 - (-log(1 - q))^c) / c``.",
     "round(float(genextreme.isf(0.5, 0.3)), 6)", "0.347082")))


_shape_entropy(genextreme, lambda c: _EULER * (1.0 - c) + 1.0, "``euler (1 - c) + 1 + log(scale)``, in c and scale.",
               "round(float(genextreme.entropy(0.5)), 6)", "1.288608")


_add_quantile_summaries("genextreme")


# -- levy (invgamma at a = 1/2, scale / 2) -----------------------------------------------------------

__all__ += ["levy"]


class levy:
    """The Lévy distribution, as ``scipy.stats.levy``: ``invgamma`` at ``a = 1/2`` with half the
    scale (its density ``exp(-1/(2z)) / sqrt(2 pi z^3) / scale``, cdf ``erfc(1/sqrt(2z))``), with
    invgamma's functions and their exact tails and ends: differentiable in x (or q), loc and scale,
    to every order. Its support is ``z = (x - loc) / scale > 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import levy
    >>> round(float(wg.grad_bp(levy.logpdf, 1.0)), 6)  # -3/(2z) + 1/(2z^2)
    -1.0

    .. versionadded:: 0.1
    """


#: Below this z levy.logcdf is log 2 + log_ndtr(-1/sqrt(z)) (within 4e-16 of mpmath from z = 1e-3 down;
#: above z = 1, log 2 + log(1/2 - ...) cancels: 2e-11 relative off at z = 1e10)
_LEVY_TINY = 1e-20


_HALF_SQRT_PI = 0.5 * math.sqrt(math.pi)


def _levy_quantile(inverse, slope, slope_over_cube, name):
    """levy's standard ppf (``inverse`` erfcinv) or isf (erfinv): ``1/(2 e^2)``, ``e = inverse(q)``, as
    ``(1/e)^2``, a primitive whose derivative ``-e'/e^3`` is one (``slope_over_cube(q, e)``: ``e'/e^3`` of plain
    numbers; ``slope(q)``: ``e'``, differentiable) whose own derivative is one product, ``ppf'' = ppf' e' (2 e -
    3/e)`` (``e'' = 2 e e'^2`` for both inverses). Through the chain rule on ``(1/e)^2`` the second derivative
    was a difference of two infinite terms: ppf's NaN by forward mode at q = 1e-300 (the truth -1.06e594, so
    -inf), isf's at q = 1e-120 (the truth 3.8e480, so inf). (Through invgamma's gammaincinv isf(1e-77) was
    3.1e-14 relative off, now 1.3e-16; 0.5 / e^2's derivative -ans / e^2 overflowed from q = 1e-80 on.)"""
    def value(q):  # (+ 0.0: erfcinv(1) is -0.0, ppf(1) +inf; inf below q = 1e-154, as SciPy's)
        with np.errstate(over="ignore", divide="ignore"):
            return 0.5 * (1.0 / (inverse(q) + 0.0)) ** 2

    def derivative(q):
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return -slope_over_cube(np.asarray(q, dtype=float), inverse(q) + 0.0)[()]

    def log_derivative_dq(q):
        e = inverse(q) + 0.0
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return slope(q) * (2.0 * e - 3.0 / e)

    def log_derivative_dq2(q):
        e = inverse(q) + 0.0
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return slope(q) ** 2 * (4.0 * e * e - 4.0 + 3.0 / e ** 2)
    # (log ppf')' a primitive too: through its product e' (2 e - 3/e) reverse mode's third derivative of isf
    # was NaN from q = 1e-77 on (a cotangent ppf' (2 e - 3/e) overflowed on its way to e')
    log_prime = Primitive(log_derivative_dq, name=f"wengert.scipy.stats.levy ((log {name}')')", reenters="any")
    _def_partials(log_prime, log_derivative_dq2)
    prime = Primitive(derivative, name=f"wengert.scipy.stats.levy ({name}')", reenters="any")
    _def_partials(prime, lambda q: prime(q) * log_prime(q))
    standard = Primitive(value, name=f"wengert.scipy.stats.levy (standard {name})", reenters="any")
    _def_partials(standard, prime)
    return standard


def _erfcinv_slope_over_cube(q, e):
    # erfcinv'(q) / e^3 = -(sqrt(pi) / 2) (erfcx(e) / e^3) / q, q last: through erfcinv'(q) (-2.1e308 at
    # q = 1e-310: -inf) ppf'(1e-310) was inf, the truth 9.9e303. (inf wherever e is: at q = 0 and 5e-324, where
    # SciPy's erfcinv is inf, the limit; erfcx(inf) / inf^3 / q was 0 there.)
    far = e > 1.0
    out = -_HALF_SQRT_PI * np.where(far, sc.erfcx(e) / e ** 3 / np.where(far, q, 1.0), np.exp(e * e) / e ** 3)
    return np.where(np.isinf(e), -np.inf, out)


_LEVY_PPF = _levy_quantile(sc.erfcinv, erfcinv_slope, _erfcinv_slope_over_cube, "ppf")
_LEVY_ISF = _levy_quantile(sc.erfinv, lambda q: _HALF_SQRT_PI * np.exp(sc.erfinv(q) ** 2),
                           lambda q, e: np.where(q == 1.0, np.inf, _HALF_SQRT_PI * np.exp(e * e) / e ** 3), "isf")


def _levy_function(name, example, value):
    """Add ``levy.<name>``: invgamma's at ``a = 1/2`` and half the scale (``x``: ``q`` for the quantiles)."""
    def method(x, loc=0.0, scale=1.0):
        z = _standardized(f"levy.{name}", x, loc, scale)
        zp = np.asarray(_plain(z), dtype=float)
        tiny = (zp > 0) & (zp < _LEVY_TINY) if name == "logcdf" else False
        if not np.any(tiny):
            return getattr(invgamma, name)(x, 0.5, loc, 0.5 * scale)
        # log(erfc(1/sqrt(2z))) = log 2 + log_ndtr(-1/sqrt(z)) near 0: gammainc at 1/(2z) did not
        # converge below z = 1e-154 (a ValueError at levy.logcdf(1e-300), the truth -5e299). That is
        # -1/(2z) + log(z)/2 + log(2/pi)/2 - z + O(z^2) (Mills' ratio), the terms from -z on below 1e-40 of
        # it and of each derivative here: through log_ndtr(-1/sqrt(z)) the second derivative was inf - inf
        # from z = 1e-150 on (NaN in reverse mode at 1e-200, by every path at 1e-300: the truth -1e900, -inf)
        inner = getattr(invgamma, name)(np.where(tiny, loc + scale, x), 0.5, loc, 0.5 * scale)
        # (in d = x - loc and the scale, -s/(2d) + log(d/s)/2, not through z: d2/dscale2 of -1/(2z) chained
        # through z was -1/z + 1/z, the truth 0, and d/dscale at z = 1e-297 -inf (1/z^2 overflowed) for -5e296)
        # (invgamma's terms in d and s at a = -3/2, s/2: -s/(2d) + log(d/s)/2 + log(2)/2)
        # (the stand-in scale in z's dtype: a float64 one made float32 results float64)
        dt = np.where(tiny, x - loc, np.asarray(_plain(scale), dtype=np.result_type(_plain(z), 1.0)))
        with np.errstate(divide="ignore", over="ignore"):  # (-inf at a subnormal z, as SciPy's)
            # (in the arguments' dtype: with SciPy < 1.18 the stand-in's invgamma came back float64)
            return _in_dtype_of(np.where(tiny, _INVGAMMA_SCALED_TERMS(dt, 0.5 * scale, -1.5)
                                         + 0.5 * math.log(1.0 / math.pi), inner), x, loc, scale)
    method.__doc__ = _doc(levy, f"``invgamma.{name}(x, 1/2, loc, scale / 2)``"
                          f"{' (``-1/(2z) + log(z)/2 + log(2/pi)/2`` below ``z = 1e-20``)' if name == 'logcdf' else ''}.",
                          example, value)
    if name in ("ppf", "isf"):
        standard = _LEVY_PPF if name == "ppf" else _LEVY_ISF  # (see _levy_quantile)

        def method(x, loc=0.0, scale=1.0):
            with np.errstate(over="ignore"):  # (inf below q = 1e-154, as SciPy's)
                return _located(f"levy.{name}", x, loc, scale, standard)
        method.__doc__ = _doc(levy, f"``loc + scale / (2 {'erfinv' if name == 'isf' else 'erfcinv'}(q)^2)``.",
                              example, value)
    _method(levy, name)(_quiet(method) if name in ("ppf", "isf") else method)


for _name, _value in (("logpdf", "-1.86047"), ("pdf", "0.1556"), ("cdf", "0.414216"), ("logcdf", "-0.881367"),
                      ("sf", "0.585784"), ("logsf", "-0.534804"), ("ppf", "2.198109"), ("isf", "2.198109")):
    _levy_function(_name, f"round(float(levy.{_name}({0.5 if _name in ('ppf', 'isf') else 1.5})), 6)", _value)


@_method(levy, "entropy")
def _levy_entropy(loc=0.0, scale=1.0):
    """``(1 + 3 euler + log(16 pi)) / 2 + log(scale)``, in scale.

    >>> from wengert.scipy.stats import levy
    >>> round(float(levy.entropy()), 6)
    3.324483
    """
    return _located_entropy("levy.entropy", lambda: 0.5 * (1.0 + 3.0 * _EULER + np.log(16.0 * np.pi)), (), loc, scale)


_add_quantile_summaries("levy")


# -- levy_l, gibrat, erlang, powerlaw, arcsine: other distributions' functions ----------------------

__all__ += ["arcsine", "erlang", "gibrat", "levy_l", "powerlaw"]


class levy_l:
    """The left-skewed Lévy distribution, as ``scipy.stats.levy_l``: ``levy`` mirrored (``X`` here
    is ``-X`` there), with levy's functions and their exact tails and ends, bit for bit: its cdf
    at x is levy's sf at -x (and -loc), its ppf minus levy's isf, and so on. Differentiable in x
    (or q), loc and scale, to every order. Its support is ``z = (x - loc) / scale < 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import levy_l
    >>> round(float(wg.grad_bp(levy_l.logpdf, -1.0)), 6)  # 3/(2|z|) - 1/(2z^2)
    1.0

    .. versionadded:: 0.1
    """


class gibrat:
    """Gibrat's distribution, as ``scipy.stats.gibrat``: ``lognorm`` at ``s = 1`` (``log z``
    standard normal), with lognorm's functions, bit for bit. Differentiable in x (or q), loc and
    scale, to every order. Its support is ``z = (x - loc) / scale > 0``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gibrat
    >>> float(wg.grad_bp(gibrat.logpdf, 1.0))  # -(1 + log z) / z
    -1.0

    .. versionadded:: 0.1
    """


class erlang:
    """The Erlang distribution, as ``scipy.stats.erlang``: ``gamma`` at an integer shape ``a``
    (the sum of ``a`` standard exponential variables), with gamma's functions, bit for bit. A shape
    that is not an integer is computed as gamma's, with a RuntimeWarning (SciPy warns there too);
    one that is not positive is refused. Differentiable as gamma's functions are: in x (or q),
    loc and scale, and in ``a`` (gamma's derivative: the integer shapes' continuation).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import erlang
    >>> float(wg.grad_bp(lambda x: erlang.logpdf(x, 3), 2.0))  # (a - 1) / x - 1
    0.0

    .. versionadded:: 0.1
    """


class powerlaw:
    """The power-function distribution, as ``scipy.stats.powerlaw``: ``beta`` at ``b = 1`` (its cdf
    ``z^a`` on ``0 <= z <= 1``), with beta's functions, bit for bit: differentiable as they are, in
    x (or q), ``a``, loc and scale. A shape that is not positive is refused.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import powerlaw
    >>> round(float(wg.grad_bp(lambda x: powerlaw.cdf(x, 3.0), 0.5)), 6)  # a z^(a - 1)
    0.75

    .. versionadded:: 0.1
    """


class arcsine:
    """The arcsine distribution, as ``scipy.stats.arcsine``: ``beta`` at ``a = b = 1/2`` (its cdf
    ``2 arcsin(sqrt z) / pi`` on ``0 <= z <= 1``), with beta's functions, bit for bit:
    differentiable in x (or q), loc and scale, to every order. Near ``z = 1`` its sf keeps its
    digits where SciPy's ``1 - cdf`` loses them (``arcsine.sf(1 - 1e-12)``: SciPy's 5.5e-5 off).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import arcsine
    >>> round(float(wg.grad_bp(arcsine.cdf, 0.5)), 6)  # 1 / (pi sqrt(z (1 - z)))
    0.63662

    .. versionadded:: 0.1
    """


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


def _levy_l_call(name):
    def call(label, arguments):
        mirrored, loc, scale = getattr(levy, _MIRRORED[name]), -arguments["loc"], arguments["scale"]
        if name in ("ppf", "isf"):
            return -mirrored(arguments["q"], loc, scale)
        return mirrored(loc, scale) if name == "entropy" else mirrored(-arguments["x"], loc, scale)
    return call


def _erlang_shapes(label, arguments):
    """gamma's ``a``: erlang's, refused where not positive, warned of where not an integer (as SciPy)."""
    a = arguments["a"]
    _shapes_positive(label, a, names=["a"])
    plain = _plain(a)
    if not np.all(np.floor(plain) == plain):
        warnings.warn(f"{label}: the shape a ({plain}) is not an integer, where the Erlang distribution is "
                      "defined; computed as gamma's (SciPy warns too)", RuntimeWarning, stacklevel=5)
    return (a,)


def _powerlaw_shapes(label, arguments):
    """beta's ``a, b``: powerlaw's ``a`` (refused where not positive) and 1."""
    _shapes_positive(label, arguments["a"], names=["a"])
    return arguments["a"], 1.0


def _powerlaw_call(name):
    """beta's function at ``b = 1``; the density 0 (its log -inf) at ``z = 0`` where ``a < 1``, as
    SciPy's powerlaw leaves that end out of its support there (beta's density is infinite)."""
    taken = _taken_call(beta, name, _powerlaw_shapes)
    if name not in ("pdf", "logpdf"):
        return taken

    def call(label, arguments):
        at_zero = (_plain(arguments["x"]) == _plain(arguments["loc"])) & (_plain(arguments["a"]) < 1)
        if not np.any(at_zero):
            return taken(label, arguments)
        # (beta's function at the middle there: its derivatives at z = 0, infinite, would meet the
        # zero cotangent of the entries not taken)
        inside = dict(arguments, x=np.where(at_zero, arguments["loc"] + 0.5 * arguments["scale"], arguments["x"]))
        return np.where(at_zero, 0.0 if name == "pdf" else -np.inf, taken(label, inside))
    return call


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


#: the doctests' values (erlang's at a = 3, powerlaw's at a = 2.5)
_EXAMPLE_VALUES = {
    "levy_l": {"logpdf": "-1.86047", "pdf": "0.1556", "cdf": "0.585784", "logcdf": "-0.534804", "sf": "0.414216",
               "logsf": "-0.881367", "ppf": "-6.735283", "isf": "-0.93093", "entropy": "3.324483"},
    "gibrat": {"logpdf": "-1.406605", "pdf": "0.244974", "cdf": "0.657432", "logcdf": "-0.419414", "sf": "0.342568",
               "logsf": "-1.071286", "ppf": "0.59191", "isf": "1.689446", "mean": "1.648721", "var": "4.670774",
               "std": "2.161197", "entropy": "1.418939", "median": "1.0", "interval": "[0.193041, 5.180252]"},
    "erlang": {"logpdf": "-1.382217", "pdf": "0.251021", "cdf": "0.191153", "logcdf": "-1.65468", "sf": "0.808847",
               "logsf": "-0.212146", "ppf": "1.913776", "isf": "3.615568", "mean": "3.0", "var": "3.0",
               "std": "1.732051", "entropy": "1.847579", "median": "2.67406", "interval": "[0.817691, 6.295794]"},
    "powerlaw": {"logpdf": "-0.889668", "pdf": "0.410792", "cdf": "0.049295", "logcdf": "-3.009932",
                 "sf": "0.950705", "logsf": "-0.050551", "ppf": "0.617801", "isf": "0.86704", "mean": "0.714286",
                 "var": "0.045351", "std": "0.212959", "entropy": "-0.316291", "median": "0.757858",
                 "interval": "[0.301709, 0.979692]"},
    "arcsine": {"logpdf": "-0.364406", "pdf": "0.694609", "cdf": "0.36901", "logcdf": "-0.996931", "sf": "0.63099",
                "logsf": "-0.460465", "ppf": "0.206107", "isf": "0.793893", "mean": "0.5", "var": "0.125",
                "std": "0.353553", "entropy": "-0.241564", "median": "0.5", "interval": "[0.006156, 0.993844]"},
}
_TAKEN_AT = {"gibrat": "``s = 1``", "erlang": "an integer ``a``", "powerlaw": "``b = 1``",
             "arcsine": "``a = b = 1/2``"}
#: each distribution's functions: (the other distribution, the shapes' names, the other's shapes)
_TAKEN = {"gibrat": (lognorm, (), lambda label, arguments: (1.0,)), "erlang": (gamma, ("a",), _erlang_shapes),
          "powerlaw": (beta, ("a",), _powerlaw_shapes), "arcsine": (beta, (), lambda label, arguments: (0.5, 0.5))}
#: (powerlaw's density at its lower end: :func:`_powerlaw_call`)
for _name in _BORROWED:
    if _name in _MIRRORED:
        _borrow(levy_l, _name, (), _levy_l_call(_name),
                f"``-levy.{_MIRRORED[_name]}(q, -loc, scale)``." if _name in ("ppf", "isf")
                else "``levy.entropy(loc, scale)``." if _name == "entropy"
                else f"``levy.{_MIRRORED[_name]}(-x, -loc, scale)``.", _borrowed_example("levy_l", _name),
                _EXAMPLE_VALUES["levy_l"][_name])
    for _dist, (_base, _shapes, _their_shapes) in _TAKEN.items():
        _borrow(globals()[_dist], _name, _shapes,
                _powerlaw_call(_name) if _dist == "powerlaw" else _taken_call(_base, _name, _their_shapes),
                f"``{_base.__name__}.{_name}`` at {_TAKEN_AT[_dist]}.",
                _borrowed_example(_dist, _name, {"erlang": "3", "powerlaw": "2.5"}.get(_dist, "")),
                _EXAMPLE_VALUES[_dist][_name])
_add_quantile_summaries("levy_l")


# -- the moments of cauchy, halfcauchy, levy, levy_l, pareto, invgamma and t; the entropy of t ---------
def _t_entropy(df):
    """t's entropy ``(df + 1)/2 (digamma((df + 1)/2) - digamma(df/2)) + log(sqrt(df) B(df/2, 1/2))``
    (SciPy's form) below df = 20. From there on its terms, of size df log df, cancel to
    ``log(2 pi e) / 2``: it is, with ``x = df/2``, ``digamma(x) = log x - 1/(2x) + F(x)`` and R
    Stirling's remainder of gammaln, ``log(2 pi e) / 2 + log1p(1/df) / 2 + 1/(4x) + (x + 1/2)
    (F(x + 1/2) - F(x)) + R(x) - R(x + 1/2)``, each term small and exact: the 1/(2x) terms'
    difference is taken in closed form (as a difference its derivative lost a digit per decade of
    df, 8 of them at df = 1e12), F's and R's differences are 1/x smaller than the result."""
    x = 0.5 * df
    big = _plain(x) >= _GAMMA_ENTROPY_FROM

    def direct(x):
        # (below x = 1 with digamma(x) = digamma(1 + x) - 1 / x and betaln(x, 1/2) = gammaln(1 + x) - log x +
        # gammaln(1/2) - gammaln(x + 1/2): the second derivative of the terms of size 1 / x was inf - inf at
        # df = 1e-300, NaN for +inf)
        return _piecewise(x, np.asarray(_plain(x), dtype=float) < 1.0,
                          lambda x: (x + 0.5) * (sc.digamma(x + 0.5) - sc.digamma(x)) + 0.5 * np.log(2.0 * x)
                          + sc.betaln(x, 0.5),
                          lambda x: (x + 0.5) * (sc.digamma(x + 0.5) - sc.digamma(1.0 + x)) + 1.0 + 0.5 / x
                          + 0.5 * (_LOG_2 - np.log(x)) + sc.gammaln(1.0 + x) + _LOG_GAMMA_HALF - sc.gammaln(x + 0.5),
                          2.0, 0.5)

    def digamma_beyond(x):  # F(x) = digamma(x) - log x + 1/(2x), its asymptotic series
        u = 1.0 / x
        return -u * u * polynomial(u * u, DIGAMMA_SERIES)

    def split(x):
        return (0.5 * (1.0 + np.log(2.0 * np.pi)) + 0.5 * np.log1p(0.5 / x) + 0.25 / x
                + (x + 0.5) * (digamma_beyond(x + 0.5) - digamma_beyond(x))
                + stirling_correction(x) - stirling_correction(x + 0.5))
    return _piecewise(x, big, direct, split, 1.0, 2.0 * _GAMMA_ENTROPY_FROM)


#: The moments and entropies of the distributions whose moments exist only for some shapes, or never:
#: (shapes, m, v, h, check, shape example, note), as _MORE_MOMENTS. Where SciPy's value is another
#: (an infinite mean where it does not exist, an infinite variance where the mean is infinite), the note says so.
_MOMENTS_WHERE_THEY_EXIST = {
    # no mean (the integral of |x| pdf diverges on both sides): NaN, as SciPy
    "cauchy": ((), lambda: np.nan, lambda: np.nan, lambda: np.log(4.0 * np.pi), None, 2.0,
               " The mean and variance do not exist: NaN, as SciPy."),
    "halfcauchy": ((), lambda: np.inf, lambda: np.inf, lambda: np.log(2.0 * np.pi), None, 2.0,
                   " The mean and variance are infinite, as SciPy's."),
    # entropy (1 + 3 euler + log(16 pi)) / 2
    "levy": ((), lambda: np.inf, lambda: np.inf, lambda: 0.5 * (1.0 + 3.0 * _EULER + np.log(16.0 * np.pi)), None,
             2.0, " The mean and variance are infinite, as SciPy's."),
    "levy_l": ((), lambda: -np.inf, lambda: np.inf, lambda: 0.5 * (1.0 + 3.0 * _EULER + np.log(16.0 * np.pi)),
               None, 2.0, " The mean is -inf (the distribution is levy's mirror image; SciPy's is +inf), the "
               "variance inf."),
    # mean b/(b - 1) (b > 1), variance b/((b - 1)^2 (b - 2)) (b > 2), entropy 1 + 1/b - log b; the
    # variance as quotients of factors of size 1 and 1/b (as one quotient (b - 1)^2 (b - 2) overflowed
    # from b = 1e103: OverflowError for a Python float, and the derivative's sign wrong from 1e80)
    "pareto": (("b",), lambda b: _moment_where(lambda p: p > 1.0, _always, lambda b: b / (b - 1.0), (b,), 2.0),
               lambda b: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0,
                                       lambda b: b / (b - 1.0) / (b - 1.0) / (b - 2.0), (b,), 3.0),
               lambda b: 1.0 + 1.0 / b - np.log(b), _shapes_positive, 3.0,
               " The mean ``b/(b - 1)`` exists for ``b > 1`` (inf below), the variance ``b/((b - 1)^2 (b - 2))`` "
               "for ``b > 2``; it is inf for ``1 < b <= 2`` and NaN for ``b <= 1``, where the mean is infinite "
               "(SciPy's is inf there).",
               # the standard deviation as such a quotient too: sqrt of the variance, underflowed beyond b = 1e160,
               # had derivative sqrt'(0) * 0 = NaN (truth -0)
               lambda b: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0,
                                       lambda b: np.sqrt(b / (b - 2.0)) / (b - 1.0), (b,), 3.0)),
    # mean 1/(a - 1) (a > 1), variance 1/((a - 1)^2 (a - 2)) (a > 2); entropy gamma's minus 2 digamma(a)
    # (h(1/X) = h(X) - 2 E[log X]): a + gammaln(a) - (a + 1) digamma(a), whose terms of size a log a cancel
    "invgamma": (("a",), lambda a: _moment_where(lambda p: p > 1.0, _always, lambda a: 1.0 / (a - 1.0), (a,), 2.0),
                 lambda a: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0,
                                         lambda a: 1.0 / (a - 1.0) / (a - 1.0) / (a - 2.0), (a,), 3.0),
                 lambda a: _gamma_entropy(a) - 2.0 * sc.digamma(a), _shapes_positive, 3.0,
                 " The mean ``1/(a - 1)`` exists for ``a > 1`` (inf below), the variance ``1/((a - 1)^2 (a - 2))`` "
                 "for ``a > 2``; it is inf for ``1 < a <= 2`` and NaN for ``a <= 1``, where the mean is infinite "
                 "(SciPy's is inf there).",
                 lambda a: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0,
                                         lambda a: 1.0 / (a - 1.0) / np.sqrt(a - 2.0), (a,), 3.0)),
    # mean 0 (df > 1), variance df/(df - 2) (df > 2)
    "t": (("df",), lambda df: _moment_where(lambda p: p > 1.0, lambda p: np.zeros(np.shape(p), bool),
                                            lambda df: 0.0 * df, (df,), 2.0),
          lambda df: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda df: df / (df - 2.0), (df,), 3.0),
          _t_entropy, _shapes_positive, 3.0,
          " The mean 0 exists for ``df > 1`` (NaN below: it does not exist; SciPy's is inf), the variance "
          "``df/(df - 2)`` for ``df > 2``; it is inf for ``1 < df <= 2`` and NaN for ``df <= 1``, as SciPy's."),
}
for _distribution, _moment_forms in _MOMENTS_WHERE_THEY_EXIST.items():
    _add_moments(_distribution, *_moment_forms)


# -- halflogistic --------------------------------------------------------------------------------

__all__ += ["halflogistic"]


class halflogistic:
    """The half-logistic distribution (``|X|`` for a standard logistic ``X``), as
    ``scipy.stats.halflogistic``: differentiable in x (or q), loc and scale, to every order, exact in
    both tails. Its support ``z = (x - loc) / scale >= 0`` includes 0, where the derivatives are the
    one-sided ones from inside.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import halflogistic
    >>> float(wg.grad_bp(halflogistic.cdf, 0.0))  # the density at 0
    0.5

    .. versionadded:: 0.1
    """


def _halflogistic_function(name, inside, function, outside, formula, example, value):
    def method(x, loc=0.0, scale=1.0):
        z = _standardized(f"halflogistic.{name}", x, loc, scale)
        return _on_support(inside(_plain(z)), lambda z: function(z, scale), z, outside=outside)
    method.__doc__ = _doc(halflogistic, formula, example, value)
    _method(halflogistic, name)(method)


def _halflogistic_log_density(z, scale):
    """``-log 2 - 2 log(cosh(z / 2)) - log(scale)`` (``log(cosh(z/2))`` as ``z/2 + log1p(exp(-z)) - log 2``
    above z = 1): through ``log 2 - z - 2 log1p(exp(-z))`` the derivative ``-tanh(z/2)`` was ``-1 + 2
    expit(-z)``, cancelling near 0 (0 for -5e-101 at z = 1e-100; 8e-9 relative off at 1e-10)."""
    return -_LOG_2 - 2.0 * _piecewise(z, _plain(z) > 1.0, lambda z: np.log(np.cosh(0.5 * z)),
                                      lambda z: 0.5 * z + np.log1p(np.exp(-z)) - _LOG_2, 0.5, 2.0) - np.log(scale)


def _halflogistic_logsf(z):
    """``log(2 / (1 + e^z))``, as ``-log1p(expm1(z) / 2)`` up to z = 1 (``log 2 + log_expit(-z)`` lost
    its digits near 0: 8e-9 relative at z = 1e-10), ``log 2 - z - log1p(e^-z)`` above."""
    return _piecewise(z, _plain(z) > 1.0, lambda z: -np.log1p(0.5 * np.expm1(z)),
                      lambda z: _LOG_2 - z - np.log1p(np.exp(-z)), 0.5, 2.0)


for _halflogistic_row in (
        ("logpdf", lambda z: z >= 0, _halflogistic_log_density, -np.inf,
         "``-log 2 - 2 log(cosh(z / 2)) - log(scale)`` on ``z >= 0``, ``-inf`` below.", "-1.209679"),
        ("pdf", lambda z: z >= 0, lambda z, scale: np.exp(_halflogistic_log_density(z, scale)), 0.0,
         "``2 exp(-z) / ((1 + exp(-z))^2 scale)`` on ``z >= 0``, 0 below.", "0.298293"),
        ("cdf", lambda z: z >= 0, lambda z, scale: np.tanh(0.5 * z), 0.0,
         "``tanh(z / 2)``, 0 below the support.", "0.635149"),
        # log(1 - e^-z) through weibull's _log1mexp_power (c = 1): exact as z -> 0, where its second
        # derivative -1/z^2 overflows
        ("logcdf", lambda z: z > 0, lambda z, scale: _log1mexp_power(z, 1.0) - np.logaddexp(0.0, -z), -np.inf,
         "``log(tanh(z / 2))``, as ``log(1 - exp(-z)) - log(1 + exp(-z))``, ``-inf`` at and below 0.", "-0.453896"),
        ("sf", lambda z: z >= 0, lambda z, scale: 2.0 * sc.expit(-z), 1.0,
         "``2 expit(-z)``, 1 below the support.", "0.364851"),
        ("logsf", lambda z: z >= 0, lambda z, scale: _halflogistic_logsf(z), 0.0,
         "``log(2 / (1 + exp(z)))``, as ``-log1p(expm1(z) / 2)`` up to 1, 0 below the support.", "-1.008266")):
    _halflogistic_function(*_halflogistic_row[:5], f"round(float(halflogistic.{_halflogistic_row[0]}(1.5)), 6)",
                           _halflogistic_row[5])
_location_scale(halflogistic, (
    ("ppf", (lambda q: 2.0 * np.arctanh(q), 1.0),
     "``loc + scale 2 artanh(q)`` (``log((1 + q) / (1 - q))``, whose second derivative cancelled near 0).",
     "round(float(halflogistic.ppf(0.5)), 6)",
     "1.098612"),
    ("isf", (lambda q: np.log(2.0 - q) - np.log(q), 1.0),
     "``loc + scale log((2 - q) / q)``: exact as q nears 0.", "round(float(halflogistic.isf(0.5)), 6)", "1.098612"),
))
_add_moments("halflogistic", (), lambda: 2.0 * np.log(2.0), lambda: np.pi ** 2 / 3.0 - 4.0 * np.log(2.0) ** 2,
             lambda: 2.0 - np.log(2.0), None)
_add_quantile_summaries("halflogistic")


# -- gompertz ----------------------------------------------------------------------------------

__all__ += ["gompertz"]


class gompertz:
    """The Gompertz distribution, as ``scipy.stats.gompertz``: its sf is ``exp(-c (e^z - 1))``;
    differentiable in x (or q), c, loc and scale, to every order, with ``mean`` and ``entropy``. Its
    support ``z = (x - loc) / scale >= 0`` includes 0, where the derivatives are the one-sided ones
    from inside. The lower log tail is ``log c + log(e^z - 1)`` plus a series near 0 (exact as z goes
    to 0); far in the upper tail (``c (e^z - 1) > 3000``) the density, cdf and sf are constants.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gompertz
    >>> float(wg.grad_bp(lambda x: gompertz.cdf(x, 2.0), 0.0))  # the density at 0: c
    2.0

    .. versionadded:: 0.1
    """


def _gammaln_of(v):
    """``gammaln(v)``, a Python float for a Python number in (0, 1e300) (as :func:`_log_of`)."""
    return math.lgamma(v) if isinstance(v, (int, float)) and 0 < v < 1e300 else sc.gammaln(v)


def _log_of(v):
    """``log(v)``, a Python float for a Python number (``np.log(1.0)``, a float64 scalar, made
    float32 results float64)."""
    return math.log(v) if isinstance(v, (int, float)) else np.log(v)


def _log_expm1(z):
    """``log(e^z - 1)`` for ``z > 0``, as ``z + log(1 - e^-z)``: exact as z goes to 0 and far out
    (through ``log(expm1(z))`` the second derivative cancelled to ``-e^-z`` as z grows)."""
    return z + _log1mexp(-z)


def _gompertz_u(z, c):
    """``u = c (e^z - 1)``; beyond z = 700, ``(c e^700) e^(z - 700)`` (``e^z - 1`` is ``e^z`` to rounding
    there, and ``z - 700`` exact): finite while ``c e^z`` is (``c expm1(z)`` was inf from z = 709.8 for
    every c: SciPy's logsf(800, 1e-300) is -inf, the truth -2.7e47; through ``exp(z + log c)`` 2.4e-14
    relative off, the rounding of ``log c``)."""
    big = _plain(z) > 700.0
    with np.errstate(over="ignore"):  # (inf where c e^z overflows, as SciPy's)
        return _piecewise(z, big, lambda z: c * np.expm1(z), lambda z: c * _EXP_700 * np.exp(z - 700.0), 1.0, 800.0)


_EXP_700 = math.exp(700.0)


def _gompertz_log_density(z, c, scale):
    return _log_of(c) + z - _gompertz_u(z, c) - _log_of(scale)


def _gompertz_logcdf(z, c):
    """``log(1 - exp(-u))``, ``u = c (e^z - 1)``: ``log c + log(e^z - 1) + h(u)`` (h's series,
    :func:`_log_expm1_ratio`) where ``u < 1/2``, ``log1mexp(-u)`` above."""
    small = np.asarray(_plain(_gompertz_u(_plain(z), _plain(c))) < _SMALL_U)
    small = np.broadcast_to(small, np.broadcast_shapes(small.shape, np.shape(_plain(c))))
    # (each form at stand-ins of z and c on the other's entries: c = 1e200 at the series' z = 1e-3 made u = 1e197,
    # whose series overflowed, and its zero cotangent gave d/dc NaN to the other entries of a batch)
    return _two_forms(small, lambda z, c: _log1mexp(-_gompertz_u(z, c)),
                      lambda z, c: _log_of(c) + _log_expm1(z) + _log_expm1_ratio(_gompertz_u(z, c)), (z, c),
                      (30.0, 1.0), (1e-3, 1.0))


def _gompertz_top(function, outside):
    """``function(z, c, scale)``, and ``outside`` with derivatives 0 where ``u = c (e^z - 1)`` passes
    ``-_VANISHING_LOG``: there the function (the density, a tail) is ``exp(-u)`` times powers of
    ``u``, which underflow, while ``u``'s derivatives overflow (0 * inf = NaN from e^z = inf)."""
    def top(z, c, scale):
        cp = _plain(c)
        return _vanishing(lambda z: -_gompertz_u(z, cp), lambda z: function(z, c, scale), z, 0.0, outside)
    return top


def _gompertz_check(name, z, c):
    _shapes_positive(name, c)


_shape_functions(gompertz, ("c",), _gompertz_check, [
    (name, inside, function, outside, formula, f"round(float(gompertz.{name}(0.5, 2.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _gompertz_log_density, -np.inf,
         "``log(c) + z - c (e^z - 1) - log(scale)`` on ``z >= 0``, ``-inf`` below.", "-0.104295"),
        # (c / scale out of the exponential: through exp(log c + ...) d2/dc2 was pdf ((1/c - e)^2 - 1/c^2),
        # e = e^z - 1, cancelling where e << 1/c: 1.9e-6 for -2e-8 at z = 1e-8, c = 1e-10)
        ("pdf", lambda z: z >= 0, _gompertz_top(lambda z, c, scale: c / scale * np.exp(z - _gompertz_u(z, c)), 0.0),
         0.0, "``c e^z exp(-c (e^z - 1)) / scale`` on ``z >= 0``, 0 below.", "0.900959"),
        ("cdf", lambda z: z >= 0, _gompertz_top(lambda z, c, scale: -np.expm1(-_gompertz_u(z, c)), 1.0), 0.0,
         "``1 - exp(-c (e^z - 1))`` (as ``-expm1``), 0 below the support.", "0.72677"),
        # (-0 with derivatives 0 far up, at a point of the support (1) where logcdf is finite: through
        # log1mexp(-u) the derivatives were NaN where c e^z overflows)
        ("logcdf", lambda z: z > 0, lambda z, c, scale: _vanishing(
            lambda z: -_gompertz_u(z, _plain(c)), lambda z: _gompertz_logcdf(z, c), z, 1.0, -0.0), -np.inf,
         "``log(1 - exp(-c (e^z - 1)))`` (``log c + log(e^z - 1)`` and a series where ``c (e^z - 1) < 1/2``), "
         "``-inf`` at and below 0.", "-0.319145"),
        ("sf", lambda z: z >= 0, _gompertz_top(lambda z, c, scale: np.exp(-_gompertz_u(z, c)), 0.0), 1.0,
         "``exp(-c (e^z - 1))``, 1 below the support.", "0.27323"),
        ("logsf", lambda z: z >= 0, lambda z, c, scale: -_gompertz_u(z, c), 0.0,
         "``-c (e^z - 1)``, 0 below the support.", "-1.297443"))])


@functools.lru_cache(maxsize=None)
def _gompertz_isf_coefficients(n):
    """``{k: a_k}``, ``k = n, ..., 1`` (the order of the sums below): the n-th q-derivative of
    ``log1p(t / c)``, ``t = -log(q)``, is ``sum_k a_k (c + t)^-k / q^n``. It is ``f(log q)`` with
    ``f(u) = log(c - u) - log(c)``, ``f^(k)(u) = -(k - 1)! / (c - u)^k``, so (:func:`_stirling_first`)
    ``a_k = -s(n, k) (k - 1)!``: exact integers rounded once (a float recursion gave the same bits up to
    n = 19; beyond, where they pass 2^53, it rounded at every step)."""
    stirling = _stirling_first(n)
    return {k: -float(stirling[k] * math.factorial(k - 1)) for k in range(n, 0, -1)}


_GOMPERTZ_ISF_DQ = _z_derivatives(
    "wengert.scipy.stats.gompertz.isf (d/dq)",
    lambda n, q, c: sum(a * (c - np.log(q)) ** -k for k, a in _gompertz_isf_coefficients(n).items()),
    lambda n: n,
    lambda n, q, c: sum(-k * a * (c - np.log(q)) ** (-k - 1) for k, a in _gompertz_isf_coefficients(n).items())
    / q ** n)
_GOMPERTZ_ISF_TINY = Primitive(lambda q, c: np.log1p(-np.log(q) / c), name="wengert.scipy.stats.gompertz.isf (tiny q)",
                               reenters="any")
_def_partials(_GOMPERTZ_ISF_TINY, lambda q, c: _GOMPERTZ_ISF_DQ(q, c, n=1),
              lambda q, c: np.log(q) / (c * (c - np.log(q))))
#: Below this q gompertz.isf is one primitive in q: through log1p(-log(q) / c) its second derivative
#: in q was two terms of order 1/q^2 overflowing apart (NaN at q = 1e-300, the truth +inf)
_GOMPERTZ_TINY_Q = 1e-150


#: Below this c (where 1/c^2 overflows from 1.5e-154) and above t, gompertz's quantile log1p(t / c) is
#: log(c + t) - log(c): through log1p(t / c) its second derivative in c was inf - inf = NaN (the truth +inf)
_GOMPERTZ_TINY_C = 1e-150


def _gompertz_log1p_ratio(t, c):
    """``log1p(t / c)``, as ``log(c + t) - log(c)`` where ``c < _GOMPERTZ_TINY_C`` and ``t > c``."""
    tiny = (np.asarray(_plain(c), dtype=float) < _GOMPERTZ_TINY_C) & (np.asarray(_plain(t), dtype=float) > _plain(c))
    return _piecewise(c, tiny, lambda c: np.log1p(t / c), lambda c: np.log(c + t) - np.log(c), 1.0, 1e-200)


def _gompertz_quantile(name, q, c, loc, scale, upper):
    _shapes_positive(name, c)
    if upper:
        def standard(q, c):
            return _piecewise(q, _plain(q) < _GOMPERTZ_TINY_Q, lambda q: _gompertz_log1p_ratio(-np.log(q), c),
                              lambda q: _GOMPERTZ_ISF_TINY(q, c), 0.5, 1e-200)
    else:
        def standard(q, c):
            return _gompertz_log1p_ratio(-np.log1p(-q), c)
    return _located(name, q, loc, scale, standard, shapes=(c,))


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


#: Below this c gompertz's entropy is ``1 + c log c r(c) - e^c (Ein(c) - euler)``, ``r = expm1(c) / c``
#: (_GOMPERTZ_SERIES_TERMS terms of each series, the last below 1e-20 of the sum at c = 1): through
#: ``1 - log c - e^c E1(c)`` its first derivative was ``-1/c + 1/c + ...`` and its second ``1/c^2 - 1/c^2
#: + ...``, cancelling (at c = 1e-10 d2 7.2e-7 relative off, at 1e-20 d1 and d2 0 for -45.5 and 1e20)
_GOMPERTZ_SERIES_FROM = 1.0
_GOMPERTZ_SERIES_TERMS = 22
#: Ein(c) = sum_k (-1)^(k + 1) c^k / (k k!) and expm1(c) / c = sum_k c^k / (k + 1)!
_GOMPERTZ_EIN = [0.0] + [(-1.0) ** (k + 1) / (k * math.factorial(k)) for k in range(1, _GOMPERTZ_SERIES_TERMS + 1)]
_GOMPERTZ_EXPREL = [1.0 / math.factorial(k + 1) for k in range(_GOMPERTZ_SERIES_TERMS + 1)]


def _gompertz_entropy(c):
    """``1 - log c - e^c E1(c)``; below ``_GOMPERTZ_SERIES_FROM`` ``1 + c log c r(c) - e^c (Ein(c) - euler)``,
    ``E1(c) = Ein(c) - euler - log c``, with ``c log c`` one primitive (:data:`_LOG_POWER`, whose second
    derivative ``1/c`` is finite to c = 1e-300) and the series by Horner's rule."""
    def series(c):
        return (1.0 + _LOG_POWER(c, c) * polynomial(c, _GOMPERTZ_EXPREL)
                - np.exp(c) * (polynomial(c, _GOMPERTZ_EIN) - _EULER))
    return _piecewise(c, _plain(c) < _GOMPERTZ_SERIES_FROM, lambda c: 1.0 - np.log(c) - _scaled_exp1(c), series,
                      2.0, 0.5)


_quantiles(gompertz, "c", _gompertz_quantile, (
    ("``loc + scale log1p(-log1p(-q) / c)``.", "round(float(gompertz.ppf(0.5, 2.0)), 6)", "0.297563"),
    ("``loc + scale log1p(-log(q) / c)``.", "round(float(gompertz.isf(0.5, 2.0)), 6)", "0.297563")))
_add_moments("gompertz", ("c",), _scaled_exp1, None, _gompertz_entropy, _shapes_positive,
             note=" The mean is ``e^c E1(c)``; ``var`` and ``std`` are not given (no closed form in c).")
_add_quantile_summaries("gompertz")


# -- maxwell ------------------------------------------------------------------------------------

__all__ += ["maxwell"]


class maxwell:
    """The Maxwell distribution (the chi distribution with 3 degrees of freedom), as
    ``scipy.stats.maxwell``: differentiable in x (or q), loc and scale, to every order. Its support
    is ``z = (x - loc) / scale >= 0``; near 0 the cdf is ``z^3`` times a series (written with that
    power: its log keeps its digits to ``z = 1e-300``, where SciPy's cdf underflows below 1e-103).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import maxwell
    >>> float(wg.grad_bp(lambda x: maxwell.cdf(x), 0.0))  # the density at 0
    0.0

    .. versionadded:: 0.1
    """


_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


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
        series = (pw < np.maximum(1.0, 0.25 * (pa + 1.0))) & (sc.gammainc(pa, pw) < 0.5)
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


def _maxwell_tail(z, upper, log):
    """gammainc(3/2, z^2 / 2) (gammaincc), or its log (:func:`_lower_gamma_tails`). Far out (where
    ``w = z^2 / 2`` overflows from z = 1.9e154, and gammaincc's rule gave NaN derivatives) the log sf is
    its asymptote ``log z - z^2 / 2 - log(sqrt(2) gamma(3/2))`` (the next term ``1 / (2 w)``) from
    ``_MAXWELL_FAR``; the cdf, sf and log cdf constants with derivatives 0 (:func:`_vanishing`)."""
    def tail(z):
        return _lower_gamma_tails(1.5, z, lambda z: 0.5 * z * z, lambda z: _MAXWELL_POWER * z ** 3,
                                  lambda z: _LOG_POWER(z, 3.0) + math.log(_MAXWELL_POWER), upper, log, (2.0, 0.5))
    if upper and log:
        def asymptote(z):
            with np.errstate(over="ignore"):  # (-inf from z = 1.9e154, the truth's rounding)
                return np.log(z) - 0.5 * z * z - _MAXWELL_LOG_FAR
        return _piecewise(z, np.asarray(_plain(z), dtype=float) > _MAXWELL_FAR, tail, asymptote, 2.0, 2.0 * _MAXWELL_FAR)
    return _vanishing(lambda z: -0.5 * z * z, tail, z, 2.0, -0.0 if log else 0.0 if upper else 1.0)


#: From this z maxwell's log sf is its asymptote (the next term, 1 / z^2, below 1e-300)
_MAXWELL_FAR = 1e150
_MAXWELL_LOG_FAR = 0.5 * math.log(2.0) + math.lgamma(1.5)


#: (z^2 / 2)^(3/2) = z^3 / 2^(3/2)
_MAXWELL_POWER = 0.5 ** 1.5


def _maxwell_log_density(z, scale):
    return math.log(_SQRT_2_OVER_PI) + 2.0 * np.log(z) - 0.5 * z * z - _log_of(scale)


# (a = 3/2, w = z^2 / 2)
_shape_functions(maxwell, (), lambda name, z: None, [
    (*row[:5], f"round(float(maxwell.{row[0]}(1.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z > 0, _maxwell_log_density, -np.inf,
         "``log(sqrt(2/pi)) + 2 log(z) - z^2 / 2 - log(scale)`` on ``z > 0``, ``-inf`` at and below 0.", "-0.725791"),
        # the density is 0 at z = 0 with derivatives 0, 2 sqrt(2/pi) (its log -inf): powers there
        ("pdf", lambda z: z >= 0, lambda z, scale: _exp_at_ends(
            lambda z: _maxwell_log_density(z, scale), lambda z: _SQRT_2_OVER_PI / scale * z * z * np.exp(-0.5 * z * z),
            z, (0.0,), (2.0,)), 0.0, "``sqrt(2/pi) z^2 exp(-z^2 / 2) / scale`` on ``z >= 0``, 0 below.", "0.483941"),
        ("cdf", lambda z: z >= 0, lambda z, scale: _maxwell_tail(z, False, False), 0.0,
         "``gammainc(3/2, z^2 / 2)`` (``z^3`` times a series near 0), 0 below the support.", "0.198748"),
        ("logcdf", lambda z: z > 0, lambda z, scale: _maxwell_tail(z, False, True), -np.inf,
         "``log(gammainc(3/2, z^2 / 2))`` (``3 log z`` and a series near 0), ``-inf`` at and below 0.", "-1.615717"),
        ("sf", lambda z: z >= 0, lambda z, scale: _maxwell_tail(z, True, False), 1.0,
         "``gammaincc(3/2, z^2 / 2)``, 1 below the support.", "0.801252"),
        ("logsf", lambda z: z >= 0, lambda z, scale: _maxwell_tail(z, True, True), 0.0,
         "``log(gammaincc(3/2, z^2 / 2))`` (finite far in the tail, where gammaincc underflows), 0 below "
         "the support.", "-0.22158"))])
@functools.lru_cache(maxsize=None)
def _maxwell_isf_coefficients(n):
    """``{k: a_k}``: the n-th q-derivative of maxwell's isf is ``sum_k a_k x^k D^n``, ``x = isf(q)``, ``D = -1 /
    pdf(x)`` (``D' = (x - 2/x) D^2``: ``P_(n+1) = P_n' + n (x - 2/x) P_n``, ``P_1 = 1``)."""
    if n == 1:
        return {0: 1.0}
    out: dict = {}
    for k, a in _maxwell_isf_coefficients(n - 1).items():
        for power, b in ((k - 1, k * a), (k + 1, (n - 1) * a), (k - 1, -2.0 * (n - 1) * a)):
            out[power] = out.get(power, 0.0) + b
    return out


def _maxwell_isf_plain(q):
    return np.sqrt(2.0 * sc.gammainccinv(1.5, q))


def _maxwell_isf_derivative(q, n=1):
    x = _maxwell_isf_plain(np.asarray(q, dtype=float))
    with np.errstate(over="ignore"):  # (+-inf: the truth's rounding, x > sqrt 2 keeps P_n's sign)
        return (sum(a * x ** k for k, a in _maxwell_isf_coefficients(n).items())
                * (-1.0 / (_SQRT_2_OVER_PI * x * x * np.exp(-0.5 * x * x))) ** n)[()]


_MAXWELL_ISF_DQ = Primitive(_maxwell_isf_derivative, name="wengert.scipy.stats.maxwell.isf (d/dq)", reenters="any")
_def_partials(_MAXWELL_ISF_DQ, lambda q, n=1: _MAXWELL_ISF_DQ(q, n=n + 1))
_MAXWELL_ISF_TINY = Primitive(_maxwell_isf_plain, name="wengert.scipy.stats.maxwell.isf (tiny q)", reenters="any")
_def_partials(_MAXWELL_ISF_TINY, lambda q: _MAXWELL_ISF_DQ(q, n=1))
#: Below this q maxwell.isf is one primitive in q (:data:`_MAXWELL_ISF_TINY`): through gammainccinv's rule
#: its second derivative was NaN in forward mode from q = 1e-160 (the truth +inf)
_MAXWELL_TINY_Q = 1e-150


def _maxwell_isf(q):
    return _piecewise(q, np.asarray(_plain(q), dtype=float) < _MAXWELL_TINY_Q, _maxwell_isf_plain, _MAXWELL_ISF_TINY,
                      0.5, 1e-200)


_location_scale(maxwell, (
    ("ppf", (lambda q: np.sqrt(2.0 * sc.gammaincinv(1.5, q)), 1.0),
     "``loc + scale sqrt(2 gammaincinv(3/2, q))``.", "round(float(maxwell.ppf(0.5)), 6)", "1.538172"),
    ("isf", (_maxwell_isf, 1.0),
     "``loc + scale sqrt(2 gammainccinv(3/2, q))``.", "round(float(maxwell.isf(0.5)), 6)", "1.538172"),
))
_add_moments("maxwell", (), lambda: 2.0 * _SQRT_2_OVER_PI, lambda: 3.0 - 8.0 / np.pi,
             lambda: _EULER + 0.5 * np.log(2.0 * np.pi) - 0.5, None)
_add_quantile_summaries("maxwell")


# -- nakagami -----------------------------------------------------------------------------------

__all__ += ["nakagami"]


class nakagami:
    """The Nakagami distribution, as ``scipy.stats.nakagami``: a gamma distribution in ``x^2``
    (``cdf = gammainc(nu, nu z^2)``), differentiable in x (or q), nu, loc and scale: in x, q, loc and
    scale to every order, in ``nu`` to second order (mixed with the others too) where the function goes
    through ``gammainc`` or its inverse (the tails, quantiles, median, interval: as ``gamma``'s, whose
    third derivative in the shape is refused), to every order elsewhere (the density, mean, var, std,
    entropy). Its support is ``z = (x - loc) / scale >= 0``; near 0 the cdf is ``(nu z^2)^nu`` times a
    series (its log exact to ``z = 1e-300``), far out the log sf is finite where SciPy's is ``-inf``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import nakagami
    >>> round(float(wg.grad_bp(lambda x: nakagami.cdf(x, 1.0), 1.0)), 6)  # the density 2 x e^-x^2
    0.735759

    .. versionadded:: 0.1
    """


#: From this nu on, nakagami's ``nu log nu - gammaln(nu) - nu`` and the log of its mean are their
#: asymptotic series (10 terms: the last below 3e-19 at nu = 10), where the direct forms cancel (at
#: nu = 1e8 ``nu log nu`` is 1.8e9: the log density kept 7 digits, the variance ``1 - mean^2`` none)
_NAKAGAMI_SERIES_FROM = 10.0
#: Stirling's series ``gammaln(nu) - ((nu - 1/2) log nu - nu + log(2 pi) / 2) = sum_k B_2k / (2k (2k - 1)
#: nu^(2k - 1))``, and ``log(gamma(nu + 1/2) / (gamma(nu) sqrt(nu))) = sum_k (2^(1 - 2k) - 2) B_2k / (2k (2k - 1)
#: nu^(2k - 1))`` (from ``B_n(1/2) = (2^(1 - n) - 1) B_n``): their coefficients of ``u^(2k - 1)``, ``u = 1/nu``
_STIRLING_SERIES = [float(b / (2 * k * (2 * k - 1))) for k, b in enumerate(BERNOULLI_2K, 1)]
_NAKAGAMI_MEAN_SERIES = [float((2.0 ** (1 - 2 * k) - 2.0) * b / (2 * k * (2 * k - 1)))
                         for k, b in enumerate(BERNOULLI_2K, 1)]


def _odd_series(nu, coefficients):
    """``sum_k c_k u^(2k - 1)``, ``u = 1 / nu``, by Horner's rule in ``u^2``."""
    u = 1.0 / nu
    return u * polynomial(u * u, coefficients)


def _nakagami_normalizer(nu):
    """``nu log nu - gammaln(nu) - nu``; from ``_NAKAGAMI_SERIES_FROM`` ``log(nu / (2 pi)) / 2`` minus
    Stirling's series (the direct terms, of size ``nu log nu``, cancel to that)."""
    return _piecewise(nu, _plain(nu) >= _NAKAGAMI_SERIES_FROM, lambda nu: nu * np.log(nu) - sc.gammaln(nu) - nu,
                      lambda nu: 0.5 * np.log(nu) - 0.5 * math.log(2.0 * math.pi) - _odd_series(nu, _STIRLING_SERIES),
                      1.0, 2.0 * _NAKAGAMI_SERIES_FROM)


def _nakagami_log_mean(nu):
    """``L(nu) = log(gamma(nu + 1/2) / (gamma(nu) sqrt(nu)))``, the log of the standard mean: from
    ``_NAKAGAMI_SERIES_FROM`` its series (-1/(8 nu) + 1/(192 nu^3) - ...), below it that of ``nu + 10``
    and the recurrence ``L(nu) = L(nu + 10) + log1p(10 / nu) / 2 - sum_j<10 log1p(1 / (2 (nu + j)))``
    (through the gammaln difference the variance ``-expm1(2 L)`` was 1.9e-13 relative off at nu = 9.99)."""
    def series(nu):
        return _odd_series(nu, _NAKAGAMI_MEAN_SERIES)

    def shifted(nu):
        return (series(nu + 10.0) + 0.5 * np.log1p(10.0 / nu)
                - sum(np.log1p(0.5 / (nu + j)) for j in range(10)))
    return _piecewise(nu, _plain(nu) >= _NAKAGAMI_SERIES_FROM, shifted, series, 1.0, 2.0 * _NAKAGAMI_SERIES_FROM)


def _nakagami_log_density(z, nu, scale):
    # log 2 + nu log nu - gammaln(nu) + (2 nu - 1) log z - nu z^2 (the normalizer as nu log nu - gammaln(nu) - nu)
    return (math.log(2.0) + _nakagami_normalizer(nu) + nu * (1.0 - z * z) + sc.xlogy(2.0 * nu - 1.0, z)
            - _log_of(scale))


def _nakagami_check(name, z, nu):
    _shapes_positive(name, nu)
    if name.endswith("pdf"):  # (the tails, gammainc(nu, nu z^2), are 0 and 1 at z = 0 for every nu)
        _refuse_a_jump_in_shape(name, nu, lambda: (z == 0) & (nu == 0.5), "nu", "nu = 1/2 where x == loc",
                                "z**(2 nu - 1)")


#: From this w = nu z^2 on, nakagami's log sf is its asymptote ``-w + (nu - 1) log w - gammaln(nu)`` (the
#: next term (nu - 1) / w: below 1e-300 of the sum for nu < 1e150): beyond, gammaincc's continued fraction
#: and its rules overflow (w^2), and w itself from z = 1.3e154 / sqrt(nu)
_NAKAGAMI_FAR = 1e150


def _nakagami_w_power(z, nu):
    """``w^nu``, ``w = nu z^2 < 1`` (the series' points; :func:`_lower_gamma_tails` takes its log beyond):
    below ``nu = 2`` as ``nu^nu z^(2 nu)`` (through ``w^nu`` the second derivative in z was ``nu (nu - 1)
    w^(nu - 2) w'^2 + nu w^(nu - 1) w''``, terms of order ``1/z`` cancelling for nu < 1: 2.7 relative off at
    z = 1e-8, nu = 1/2, and ``w^(nu - 2)`` overflowed for small z), above as ``w^nu`` (``nu^nu`` overflows from
    nu = 144; the terms have one sign there)."""
    pnu = np.asarray(_plain(nu), dtype=float)
    return _piecewise(z, np.broadcast_to(pnu < 2.0, np.broadcast_shapes(np.shape(pnu), np.shape(_plain(z)))),
                      lambda z: (nu * z * z) ** nu, lambda z: nu ** nu * z ** (2.0 * nu), 0.5 / np.sqrt(pnu),
                      0.5 / np.sqrt(pnu))


def _nakagami_plain_logsf(z, nu):
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return _log_gammaincc(nu, nu * z * z)


def _nakagami_tail(z, nu, upper, log):
    """gammainc(nu, nu z^2) (gammaincc), or its log (:func:`_lower_gamma_tails`); far out the log sf is
    its asymptote (``_NAKAGAMI_FAR``), the cdf, sf and log cdf constants with derivatives 0 where the log
    sf is below ``_VANISHING_LOG`` (:func:`_vanishing`: through gammaincc's rule 0 * inf = NaN)."""
    pnu = np.asarray(_plain(nu), dtype=float)
    # a z of each region for every nu: w = nu (elsewhere), w = 1/4 (the series)
    safe = (np.ones_like(pnu), 0.5 / np.sqrt(pnu))

    def tail(z):
        return _lower_gamma_tails(nu, z, lambda z: nu * z * z, lambda z: _nakagami_w_power(z, nu),
                                  lambda z: _LOG_POWER(z, 2.0 * nu) + nu * np.log(nu), upper, log, safe)
    if upper and log:
        def asymptote(z):
            with np.errstate(over="ignore"):  # (-inf where nu z^2 overflows: the truth's rounding)
                return -nu * z * z + (nu - 1.0) * (np.log(nu) + 2.0 * np.log(z)) - sc.gammaln(nu)
        with np.errstate(over="ignore"):
            far = pnu * np.asarray(_plain(z), dtype=float) ** 2 > _NAKAGAMI_FAR
        return _piecewise(z, far, tail, asymptote, 1.0, 2e75 / np.sqrt(np.minimum(pnu, 1.0)))
    return _vanishing(lambda z: _nakagami_plain_logsf(z, pnu), tail, z, 1.0,
                      -0.0 if log else 0.0 if upper else 1.0)


def _nakagami_density(z, nu, scale):
    """``2 nu^nu / gamma(nu) z^(2 nu - 1) exp(-nu z^2) / scale``: ``exp`` of the log density, with powers
    at and near ``z = 0`` (:func:`_exp_at_ends`), 0 with derivatives 0 far out (:func:`_vanishing`)."""
    pnu = np.asarray(_plain(nu), dtype=float)

    def powers(z):
        # from nu = 300, e^nu into the power: (z e^(nu (1 - z^2) / (2 nu - 1)))^(2 nu - 1), where e^nu alone
        # overflowed against z^(2 nu - 1) = 0 (nakagami.pdf(0, 1e3) was NaN for 0)
        big = np.broadcast_to(pnu > 300.0, np.broadcast_shapes(np.shape(pnu), np.shape(_plain(z))))
        return 2.0 / scale * np.exp(_nakagami_normalizer(nu)) * _two_forms(
            big, lambda z, nu: z ** (2.0 * nu - 1.0) * np.exp(nu * (1.0 - z * z)),
            lambda z, nu: (z * np.exp(nu * (1.0 - z * z) / (2.0 * nu - 1.0))) ** (2.0 * nu - 1.0),
            (z, nu), (0.5, 1.0), (0.5, 1000.0))
    return _density_from_zero(z, lambda z: _nakagami_log_density(z, nu, scale), powers, 2.0 * pnu - 1.0,
                              lambda z: _nakagami_log_density(z, pnu, 1.0))


def _density_from_zero(z, log_density, powers, exponent, plain_log_density, over=None):
    """A density on ``z >= 0``: ``exp(log_density(z))``, ``powers(z)`` (the same written with the power
    ``z^exponent``) at and near ``z = 0`` (:func:`_exp_at_ends`), divided by ``over`` if given; 0 with derivatives 0
    far out, where ``plain_log_density`` is below ``_VANISHING_LOG`` (:func:`_vanishing`), read from z = 1 on: at
    z = 0 the log density is -inf where the density's slope is not 0 (nakagami's at nu = 1, 2, was 0 there)."""
    def density(z):
        out = _exp_at_ends(log_density, powers, z, (0.0,), (exponent,))
        return out if over is None else out / over
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return _vanishing(lambda z: plain_log_density(np.maximum(z, 1.0)), density, z, 1.0, 0.0)


_shape_functions(nakagami, ("nu",), _nakagami_check, [
    (*row[:5], f"round(float(nakagami.{row[0]}(1.0, 2.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z >= 0, _nakagami_log_density, -np.inf,
         "``log 2 + nu log(nu) - gammaln(nu) + (2 nu - 1) log(z) - nu z^2 - log(scale)`` on ``z >= 0`` "
         "(Stirling's series for the normalizer from nu = 10), ``-inf`` below.", "0.079442"),
        ("pdf", lambda z: z >= 0, _nakagami_density, 0.0,
         "``2 nu^nu / gamma(nu) z^(2 nu - 1) exp(-nu z^2) / scale`` on ``z >= 0``, 0 below.", "1.082682"),
        ("cdf", lambda z: z >= 0, lambda z, nu, scale: _nakagami_tail(z, nu, False, False), 0.0,
         "``gammainc(nu, nu z^2)`` (``(nu z^2)^nu`` times a series near 0), 0 below the support.", "0.593994"),
        ("logcdf", lambda z: z > 0, lambda z, nu, scale: _nakagami_tail(z, nu, False, True), -np.inf,
         "``log(gammainc(nu, nu z^2))`` (``2 nu log z`` and a series near 0), ``-inf`` at and below 0.",
         "-0.520886"),
        ("sf", lambda z: z >= 0, lambda z, nu, scale: _nakagami_tail(z, nu, True, False), 1.0,
         "``gammaincc(nu, nu z^2)``, 1 below the support.", "0.406006"),
        ("logsf", lambda z: z >= 0, lambda z, nu, scale: _nakagami_tail(z, nu, True, True), 0.0,
         "``log(gammaincc(nu, nu z^2))`` (finite far in the tail, where gammaincc underflows), 0 below "
         "the support.", "-0.901388"))], )


def _nakagami_log_pdf_plain(x, nu):
    return math.log(2.0) + _nakagami_normalizer(nu) + nu * (1.0 - x * x) + sc.xlogy(2.0 * nu - 1.0, x)


def _tiny_isf(name, shape, plain, log_pdf, variable, step, in_shape):
    """The isf of a distribution below ``q = 1e-150`` as one primitive ``isf(q, s)`` (``s`` its shape, named
    ``shape``): ``plain(q, s)`` its value; its n-th q-derivative ``sum_k a_k v^k D^n``, ``v = variable(x)``, ``x =
    isf(q)``, ``D = -1 / pdf(x) = -exp(-log_pdf(x, s))`` (plain), the ``a_k`` (arrays of s) from ``P_1 = 1`` by
    ``step(k, a, m, s)`` (the terms ``(power, coefficient)`` of ``P_(m+1)`` from ``a v^k`` of ``P_m``), each
    q-derivative one primitive (through the chain rule the second derivative was inf - inf = NaN in forward
    mode from q = 1e-160, the truth +inf); ``in_shape(q, s, isf)`` the derivative in s (differentiable; the
    q-derivatives' own derivatives in s, the mixed ones, refused)."""
    def coefficients(n, s):
        out = {0: np.ones_like(s)}
        for m in range(1, n):
            new = {}
            for k, a in out.items():
                for power, b in step(k, a, m, s):
                    new[power] = new.get(power, 0.0) + b
            out = new
        return out

    def dq(q, s, n=1):
        q, s = np.asarray(q, dtype=float), np.asarray(s, dtype=float)
        x = plain(q, s)
        v = variable(x)
        with np.errstate(over="ignore"):  # (+-inf: the truth's rounding)
            return (sum(a * v ** k for k, a in coefficients(n, s).items()) * (-np.exp(-log_pdf(x, s))) ** n)[()]

    def refuse_mixed(*args, **kwargs):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} below q = 1e-150 has no derivative in {shape} of its q-derivatives (the "
            f"mixed derivatives in q and {shape} there are not implemented); its derivatives in q alone, and in "
            f"{shape} alone, are. Pass q or {shape} as a constant (wengert.stop_gradient).")
    derivative = Primitive(dq, name=f"wengert.scipy.stats.{name} (d/dq)", reenters="any")
    _def_partials(derivative, lambda q, s, n=1: derivative(q, s, n=n + 1), refuse_mixed)
    isf = Primitive(plain, name=f"wengert.scipy.stats.{name} (tiny q)", reenters="any")
    _def_partials(isf, lambda q, s: derivative(q, s, n=1), lambda q, s: in_shape(q, s, isf))
    return isf


def _nakagami_isf_dnu(q, nu, isf):
    """``d isf / d nu`` at fixed q: ``x = sqrt(w / nu)``, ``w = gammainccinv(nu, q)``, whose derivative in nu is
    gammainccinv's (``gammaincinv_da(nu, w, 1 - q)``): ``(w_nu / nu - w / nu^2) / (2 x)``."""
    x = isf(q, nu)
    return gammaincinv_da(nu, nu * x * x, 1.0 - q) / (2.0 * nu * x) - x / (2.0 * nu)


# (P_n a polynomial in x and 1/x: D' = (2 nu x - (2 nu - 1) / x) D^2, P_(m+1) = P_m' + m (2 nu x - (2 nu - 1) / x) P_m)
#: (chi's too, at nu = df / 2, named for its messages: :data:`_CHI_ISF_TINY`)
_NAKAGAMI_ISF_TINY_PARTS = (
    lambda q, nu: np.sqrt(sc.gammainccinv(nu, q) / nu), _nakagami_log_pdf_plain,
    lambda x: x, lambda k, a, m, nu: ((k - 1, k * a), (k + 1, 2.0 * m * nu * a), (k - 1, -m * (2.0 * nu - 1.0) * a)),
    _nakagami_isf_dnu)
_NAKAGAMI_ISF_TINY = _tiny_isf("nakagami.isf", "nu", *_NAKAGAMI_ISF_TINY_PARTS)
def _quantile_primitive(name, plain, log_pdf, sign, in_shape):
    """A quantile ``x(q, s)`` (``s`` its shape) as one primitive: ``plain(q, s)`` its value, its q-derivative
    ``sign exp(-log_pdf(x, s))`` (``1 / pdf(x)``, ``sign`` -1 for an isf) and its s-derivative ``in_shape(q, s,
    quantile)``, both traced in x, so every higher derivative is a product (``x'' = -log_pdf'(x) x'^2``): through
    ``sqrt(gammaincinv(nu, q) / nu)`` nakagami's second derivative in q was two terms of size 1/q cancelling to
    size q (all of it at nu = 1/2: 100x off at q = 1e-9). Used where ``w = nu x^2 < 1``: x's rounding
    reaches the density's log times ``2 w`` (beyond, the chain through w, which cancels as ``1 / (2 w)``)."""
    quantile = Primitive(plain, name=f"wengert.scipy.stats.{name}", reenters="any")
    _def_partials(quantile, lambda q, s: sign * np.exp(-log_pdf(quantile(q, s), s)), lambda q, s: in_shape(q, s, quantile))
    return quantile


def _nakagami_ppf_dnu(q, nu, ppf):
    """``d ppf / d nu`` at fixed q, as :func:`_nakagami_isf_dnu` with gammaincinv's ``p = q``."""
    x = ppf(q, nu)
    return gammaincinv_da(nu, nu * x * x, q) / (2.0 * nu * x) - x / (2.0 * nu)


_NAKAGAMI_PPF = _quantile_primitive("nakagami.ppf", lambda q, nu: np.sqrt(sc.gammaincinv(nu, q) / nu),
                                    _nakagami_log_pdf_plain, 1.0, _nakagami_ppf_dnu)
_NAKAGAMI_ISF = _quantile_primitive("nakagami.isf", lambda q, nu: np.sqrt(sc.gammainccinv(nu, q) / nu),
                                    _nakagami_log_pdf_plain, -1.0, _nakagami_isf_dnu)
#: Below this q nakagami.isf is one primitive in q (:data:`_NAKAGAMI_ISF_TINY`, as maxwell's): through
#: sqrt(gammainccinv(nu, q) / nu) its second derivative in q was inf - inf = NaN in forward mode from
#: q = 1e-160 (the truth +inf)
_NAKAGAMI_TINY_Q = 1e-150
#: Below this w = gammaincinv(nu, q) nakagami.ppf is its leading term ``(q gamma(nu + 1))^(1 / (2 nu)) /
#: sqrt(nu)`` (the next, a factor ``1 + w / (2 (nu + 1))``, below rounding): gammaincinv's w underflowed
#: (ppf(1e-300, 0.7) was 0 for 1.1e-214) and its second derivative was refused there
_NAKAGAMI_SMALL_W = 1e-20
#: Within this of nu = 1/2 nakagami.ppf's leading term has its next term (its second derivative there)
_NAKAGAMI_NEAR_HALF = 1e-3


def _nakagami_ppf(q, nu):
    pq, pnu = np.asarray(_plain(q), dtype=float), np.asarray(_plain(nu), dtype=float)
    with np.errstate(divide="ignore", under="ignore"):
        # (and at q = 0 itself, a finite end at every nu: through gammaincinv the derivatives in q were NaN there,
        # the power's exact: 0, +inf or finite second derivative as 1 / (2 nu) is above, between 1 and 2 or at 2)
        small = (pq == 0) | (pq > 0) & ((np.log(pq) + sc.gammaln(pnu + 1.0)) / pnu < math.log(_NAKAGAMI_SMALL_W))

    def leading(q):  # (q^(1 / (2 nu)) a power: its derivatives in q exact to q = 1e-300)
        return np.exp(0.5 * (sc.gammaln(nu + 1.0) / nu - np.log(nu))) * q ** (0.5 / nu)

    def next_term(q):  # (near nu = 1/2, where the leading term is linear, the next, below rounding in the
        # value, is its second derivative: without it 0 at q = 1e-10 for 2e-10; elsewhere its derivatives
        # overflow against the leading term's, inf - inf)
        return leading(q) * (1.0 + q ** (1.0 / nu) * np.exp(sc.gammaln(nu + 1.0) / nu) / (2.0 * (nu + 1.0)))
    near_half = np.broadcast_to(np.abs(pnu - 0.5) < _NAKAGAMI_NEAR_HALF, np.broadcast(pq, pnu).shape)
    return _piecewise(q, small, lambda q: _piecewise(q, pq < sc.gammainc(pnu, 1.0), lambda q: np.sqrt(
        sc.gammaincinv(nu, q) / nu), lambda q: _NAKAGAMI_PPF(q, nu), 0.5, 0.5),
                      lambda q: _piecewise(q, near_half, leading, next_term, 1e-300, 1e-300), 0.5, 1e-300)


def _nakagami_quantile(name, q, nu, loc, scale, upper, tiny=_NAKAGAMI_ISF_TINY):
    """``loc + scale x``, x the standard quantile; ``tiny`` the isf below ``_NAKAGAMI_TINY_Q`` (chi's its own)."""
    _shapes_positive(name, nu)
    if upper:
        def standard(q, nu):
            pq, pnu = np.asarray(_plain(q), dtype=float), np.asarray(_plain(nu), dtype=float)
            # (at q = 1, a finite end at every nu, the ppf's leading power in 1 - q: see _nakagami_ppf)
            return _piecewise(q, pq == 1.0, lambda q: _piecewise(
                q, pq < _NAKAGAMI_TINY_Q, lambda q: _piecewise(q, pq > sc.gammaincc(pnu, 1.0), lambda q: np.sqrt(
                    sc.gammainccinv(nu, q) / nu), lambda q: _NAKAGAMI_ISF(q, nu), 0.5, 0.5),
                lambda q: tiny(q, nu), 0.5, 1e-200), lambda q: _nakagami_ppf(1.0 - q, nu), 0.5, 1.0)
    else:
        def standard(q, nu):
            return _nakagami_ppf(q, nu)
    # (its end 0 at every nu, steep for nu > 1/2: d/dnu there was NaN by the chain rule, the truth 0)
    return _located(name, q, loc, scale, standard, shapes=(nu,), steep_mixed=_power_steep,
                    level_mixed=lambda lower, nu: (_unit_power_mixed(2.0 * nu),))


_quantiles(nakagami, "nu", _nakagami_quantile, (
    ("``loc + scale sqrt(gammaincinv(nu, q) / nu)``.", "round(float(nakagami.ppf(0.5, 2.0)), 6)", "0.916064"),
    ("``loc + scale sqrt(gammainccinv(nu, q) / nu)``.", "round(float(nakagami.isf(0.5, 2.0)), 6)", "0.916064")))


def _nakagami_entropy(nu):
    """``gammaln(nu) + nu - (nu - 1/2) digamma(nu) - log(nu) / 2 - log 2``, as gamma's entropy's and
    digamma's excesses over their logs (:func:`_gamma_entropy_excess`, :func:`_digamma_excess`: series
    from nu = 10), ``E - D / 2 + (1 + log(2 pi)) / 2 - log 2 - log(nu) / 2``: the terms of size log(nu)
    cancel in the direct form (SciPy's takes the norm's entropy and ``-1/(12 nu)`` from nu = 5e4)."""
    return (_gamma_entropy_excess(nu) - 0.5 * _digamma_excess(nu) + 0.5 * (1.0 + math.log(2.0 * math.pi))
            - math.log(2.0) - 0.5 * np.log(nu))


_add_moments("nakagami", ("nu",), lambda nu: np.exp(_nakagami_log_mean(nu)),
             lambda nu: -np.expm1(2.0 * _nakagami_log_mean(nu)), _nakagami_entropy, _shapes_positive,
             note=" The mean is ``gamma(nu + 1/2) / (gamma(nu) sqrt(nu))``, the variance ``1 - m^2`` (as "
                  "``-expm1(2 log m)``, its log's series from nu = 10: SciPy's ``1 - m^2`` cancels as nu grows).")
_add_quantile_summaries("nakagami")


# -- dweibull (the double Weibull distribution) -------------------------------------------------

__all__ += ["dweibull"]


class dweibull:
    """The double Weibull distribution, as ``scipy.stats.dweibull``: weibull_min's density halved and
    mirrored about ``loc`` (``pdf = c / 2 |z|^(c - 1) exp(-|z|^c) / scale``, ``cdf = 1 - exp(-z^c) / 2`` for
    ``z > 0``), differentiable in x (or q), c, loc and scale, to every order, away from its kink.

    At ``x == loc`` (``z = 0``) the density has no derivative in x, loc or scale for any c but one side's
    (``|z|^(c - 1)``: its slopes there are opposite, or infinite, or the density is), so ``pdf`` and ``logpdf``
    refuse them there (:class:`~wengert.NoGradientRule`), and their derivative in c where ``c = 1`` (the density
    jumps in c there, as weibull_min's); the tails' first derivatives there are the density's, one number
    for both sides (0 for c > 1, 1/2 for c = 1, inf below), and their second derivatives in x, loc and scale
    are refused (the two sides' differ). The quantiles refuse a traced q at ``q = 1/2`` (the same point);
    the median, ``loc`` for every c, has derivative 0 in c.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import dweibull
    >>> round(float(wg.grad_bp(lambda x: dweibull.cdf(x, 1.0), 1.0)), 6)  # the density e^-1 / 2
    0.18394

    .. versionadded:: 0.1
    """


def _dweibull_z(name, x, c, loc, scale):
    """``z = (x - loc) / scale``, with dweibull's checks and its kink at z = 0 (see the class)."""
    _shapes_positive(name, c)
    z = _standardized(name, x, loc, scale)
    if name.endswith("pdf") and isinstance(c, (Var, Dual)) and np.any((_plain(z) == 0) & (_plain(c) <= 1)):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in c at x == loc for c <= 1: the density's factor "
            "|z|^(c - 1) is 0 ** 0 = 1 there at c = 1, 0 for a larger c and inf for a smaller one (and inf on "
            "all of c < 1). Evaluate away from x == loc, or pass c as a constant (wengert.stop_gradient).")
    if not any(isinstance(v, (Var, Dual)) for v in (x, loc, scale)) or not np.any(_plain(z) == 0):
        return z
    if name.endswith("pdf"):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in x, loc or scale at x == loc: the density is "
            "|z|^(c - 1) there, whose two sides' slopes differ (or are infinite). Evaluate away from x == loc, "
            "or pass x, loc and scale as constants (wengert.stop_gradient) to differentiate in c.")
    # (z itself marked, not _kinked_at's z + (mark(z) - z): its cotangent g + (g - g) was NaN where the first
    # derivative is infinite, c < 1)
    return _second_order_kink(z, (
        f"wengert.scipy.stats.{name}", "the common value of its one-sided derivatives at x == loc, where its "
        "second derivative jumps (the one-sided second derivatives differ)", "Evaluate away from x == loc."))


def _dweibull_sided(z, positive, negative):
    """``positive(t)`` where ``z >= 0`` (``t = z``), ``negative(t)`` where ``z < 0`` (``t = -z``)."""
    return _piecewise(z, np.asarray(_plain(z)) < 0, positive, lambda z: negative(-z), 1.0, -1.0)


def _dweibull_log_density(t, c, scale):
    """weibull_min's log density at ``t = |z|`` (log(c) and log(scale) Python floats for Python numbers: np.log(1.0)
    made float32 results float64; np.power, not ``**``: a Python float's ``1e300 ** 2.0`` raised
    OverflowError where the truth is -inf)."""
    # (float32 stays float32: SciPy < 1.18's xlogy has no float32 loop)
    return _in_dtype_of(_log_of(c) + sc.xlogy(c - 1.0, t) - np.power(t, c) - _log_of(scale), t, c, scale)


def _dweibull_density(t, c, scale):
    """weibull_min's density at ``t = |z| >= 0`` over 2 (with powers at ``t = 0``, :func:`_exp_at_ends`)."""
    return 0.5 * _exp_at_ends(lambda t: _dweibull_log_density(t, c, scale),
                              lambda t: c * np.power(t, c - 1.0) * np.exp(-np.power(t, c)) / scale, t, (0.0,), (c - 1.0,))


def _dweibull_half_tail(t, c):
    return 0.5 * np.exp(-np.power(t, c))


def _dweibull_log_half_tail(t, c):
    return -_LOG_2 - np.power(t, c)


def _dweibull_big_tail(t, c):
    return 1.0 - 0.5 * np.exp(-np.power(t, c))


def _dweibull_log_big_tail(t, c):
    return np.log1p(-0.5 * np.exp(-np.power(t, c)))


_LOG_2 = math.log(2.0)
#: name -> (the function of t = z on z >= 0, that of t = -z on z < 0; each of (t, c, scale)), formula, value at
#: (1.0, 2.0)
_DWEIBULL_FUNCTIONS = {
    "logpdf": ((lambda t, c, scale: _dweibull_log_density(t, c, scale) - _LOG_2,) * 2,
               "``log(c / 2) + (c - 1) log|z| - |z|^c - log(scale)``.", "-1.0"),
    "pdf": ((_weibull_top(_dweibull_density, 0.0),) * 2, "``c / 2 |z|^(c - 1) exp(-|z|^c) / scale``.", "0.367879"),
    "cdf": ((_weibull_top(lambda t, c, scale: _dweibull_big_tail(t, c), 1.0),
             _weibull_top(lambda t, c, scale: _dweibull_half_tail(t, c), 0.0)),
            "``1 - exp(-z^c) / 2`` for ``z >= 0``, ``exp(-|z|^c) / 2`` below.", "0.81606"),
    "logcdf": ((_weibull_top(lambda t, c, scale: _dweibull_log_big_tail(t, c), -0.0),
                lambda t, c, scale: _dweibull_log_half_tail(t, c)),
               "``log1p(-exp(-z^c) / 2)`` for ``z >= 0``, ``-log 2 - |z|^c`` below (finite far out).", "-0.203267"),
    "sf": ((_weibull_top(lambda t, c, scale: _dweibull_half_tail(t, c), 0.0),
            _weibull_top(lambda t, c, scale: _dweibull_big_tail(t, c), 1.0)),
           "``exp(-z^c) / 2`` for ``z >= 0``, ``1 - exp(-|z|^c) / 2`` below.", "0.18394"),
    "logsf": ((lambda t, c, scale: _dweibull_log_half_tail(t, c),
               _weibull_top(lambda t, c, scale: _dweibull_log_big_tail(t, c), -0.0)),
              "``-log 2 - z^c`` for ``z >= 0`` (finite far out), ``log1p(-exp(-|z|^c) / 2)`` below.", "-1.693147"),
}


def _dweibull_method(name, forms, formula, value):
    positive, negative = forms

    def method(x, c, loc=0.0, scale=1.0):
        z = _dweibull_z(f"dweibull.{name}", x, c, loc, scale)
        # (divide: at z = 0 for c < 1 the density and the tails' slopes are inf; over: |z|^c far out, whose
        # inf is the truth's: a density and tail 0, a log one -inf)
        with np.errstate(divide="ignore", over="ignore"):
            return _dweibull_sided(z, lambda t: positive(t, c, scale), lambda t: negative(t, c, scale))
    method.__doc__ = _doc(dweibull, formula, f"round(float(dweibull.{name}(1.0, 2.0)), 6)", value)
    _method(dweibull, name)(method)


for _name, _dweibull_row in _DWEIBULL_FUNCTIONS.items():
    _dweibull_method(_name, *_dweibull_row)


def _dweibull_quantile(name, q, c, loc, scale, upper):
    """ppf: ``-(-log(2 q))^(1/c)`` below ``q = 1/2``, ``(-log(2 (1 - q)))^(1/c)`` above (the power one
    primitive in q below ``_TINY_Q``, as weibull_min's isf), 0 at 1/2 (a traced q refused there); isf: minus
    the ppf's."""
    _shapes_positive(name, c)
    pq = np.asarray(_plain(_q(name, q)), dtype=float)
    if isinstance(q, (Var, Dual)) and np.any(pq == 0.5):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in q at q = 1/2 (x == loc, the kink of the density: "
            "its slope there is 1 / pdf(loc), infinite for c > 1, and the two sides' second derivatives differ). "
            "Evaluate away from q = 1/2, or pass q as a constant.")

    def power(p, c):  # (-log p)^(1/c), p = 2 min(q, 1 - q) in (0, 1)
        return _tiny_q_power(p, 1.0 / c, 1.0, lambda p: (-np.log(p)) ** (1.0 / c))

    def above(q, c):  # q >= 1/2: 0 at 1/2 exactly (constant in c: 0^(1/c)'s derivative in c was 0 * inf)
        return _piecewise(q, pq[()] == 0.5 if np.ndim(pq) == 0 else np.broadcast_to(pq == 0.5, np.shape(pq)),
                          lambda q: power(2.0 * (1.0 - q), c), lambda q: 0.0 * q + 0.0 * c, 0.75, 0.5)

    def standard(q, c):
        return _piecewise(q, pq < 0.5, lambda q: above(q, c), lambda q: -power(2.0 * q, c), 0.75, 0.25)
    return _located(name, q, loc, scale, standard, sign=-1.0 if upper else 1.0, shapes=(c,))


_quantiles(dweibull, "c", _dweibull_quantile, (
    ("``loc - scale (-log(2 q))^(1/c)`` below ``q = 1/2``, ``loc + scale (-log(2 (1 - q)))^(1/c)`` above.",
     "round(float(dweibull.ppf(0.9, 2.0)), 6)", "1.268636"),
    ("``loc + scale (-log(2 q))^(1/c)`` below ``q = 1/2``, ``loc - scale (-log(2 (1 - q)))^(1/c)`` above.",
     "round(float(dweibull.isf(0.1, 2.0)), 6)", "1.268636")))
# the mean 0 (symmetric), the variance gamma(1 + 2/c) (the second moment), the entropy weibull_min's + log 2
_add_moments("dweibull", ("c",), lambda c: 0.0 * c, lambda c: sc.gamma(1.0 + 2.0 / c),
             lambda c: -np.log(c) + _EULER * (1.0 - 1.0 / c) + 1.0 + _LOG_2, _shapes_positive)
_add_quantile_summaries("dweibull")


# -- loggamma (the log of a gamma variate) ------------------------------------------------------

__all__ += ["loggamma"]


class loggamma:
    """The log-gamma distribution, as ``scipy.stats.loggamma``: the log of a gamma(c) variate, on the whole
    real line (``logpdf = c z - e^z - gammaln(c)``, ``cdf = gammainc(c, e^z)``), differentiable in x (or q), c,
    loc and scale: in x, q, loc and scale to every order, in ``c`` to second order (mixed with the others too)
    where the function goes through ``gammainc`` or its inverse (the tails, quantiles, median, interval: as
    ``gamma``'s, whose third derivative in the shape is refused), to every order elsewhere (the density, mean,
    var, std, entropy). Both log tails are finite far out (SciPy's are ``-inf``), ``ppf`` exact to ``q = 1e-300``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import loggamma
    >>> round(float(wg.grad_bp(lambda x: loggamma.cdf(x, 1.0), 0.0)), 6)  # the density e^(z - e^z) at 0
    0.367879

    .. versionadded:: 0.1
    """


#: From this w = e^z on, loggamma's log sf is its asymptote ``-w + (c - 1) z - gammaln(c)`` (as nakagami's)
_LOGGAMMA_FAR = 1e150


def _loggamma_plain_logsf(z, c):
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return _log_gammaincc(c, np.exp(z))


def _loggamma_tail(z, c, upper, log):
    """gammainc(c, e^z) (gammaincc), or its log (:func:`_lower_gamma_tails`, with ``w^c = e^(c z)`` and its log
    ``c z``: the lower log tail ``c z - gammaln(c + 1) - e^z + log1p(S)`` exact to z = -1e300); far up the log
    sf its asymptote, the others constants with derivatives 0 where the log sf is below ``_VANISHING_LOG``."""
    pc = np.asarray(_plain(c), dtype=float)

    def tail(z):
        return _lower_gamma_tails(c, z, np.exp, lambda z: np.exp(c * z), lambda z: c * z, upper, log, (0.0, -2.0))
    if upper and log:
        def asymptote(z):
            with np.errstate(over="ignore"):  # (-inf from z = 709.8: the truth's rounding)
                return -np.exp(z) + (c - 1.0) * z - sc.gammaln(c)
        return _piecewise(z, np.asarray(_plain(z), dtype=float) > math.log(_LOGGAMMA_FAR), tail, asymptote, 0.0,
                          400.0)
    return _vanishing(lambda z: _loggamma_plain_logsf(z, pc), tail, z, 0.0, -0.0 if log else 0.0 if upper else 1.0)


def _loggamma_log_density(z, c, scale):
    with np.errstate(over="ignore"):  # (-inf from z = 709.8: the truth's rounding)
        return c * z - np.exp(z) - sc.gammaln(c) - _log_of(scale)


def _loggamma_check(name, z, c):
    _shapes_positive(name, c)


def _always_inside(z):
    return np.ones(np.shape(z), dtype=bool)


_shape_functions(loggamma, ("c",), _loggamma_check, [
    (*row[:5], f"round(float(loggamma.{row[0]}(1.0, 2.0)), 6)", row[5]) for row in (
        ("logpdf", _always_inside, _loggamma_log_density, -np.inf,
         "``c z - e^z - gammaln(c) - log(scale)``.", "-0.718282"),
        # (0 with derivatives 0 where the log density is below -3000, both ways: e^z's derivatives overflow)
        ("pdf", _always_inside, lambda z, c, scale: _vanishing(
            lambda z: _loggamma_log_density(z, _plain(c), 1.0), lambda z: np.exp(_loggamma_log_density(z, c, scale)),
            z, 0.0, 0.0), 0.0, "``exp(c z - e^z) / (gamma(c) scale)``.", "0.487589"),
        ("cdf", _always_inside, lambda z, c, scale: _loggamma_tail(z, c, False, False), 0.0,
         "``gammainc(c, e^z)`` (``e^(c z)`` times a series far down).", "0.754638"),
        ("logcdf", _always_inside, lambda z, c, scale: _loggamma_tail(z, c, False, True), -np.inf,
         "``log(gammainc(c, e^z))`` (``c z`` and a series far down: finite where SciPy's is ``-inf``).",
         "-0.281517"),
        ("sf", _always_inside, lambda z, c, scale: _loggamma_tail(z, c, True, False), 1.0,
         "``gammaincc(c, e^z)``.", "0.245362"),
        ("logsf", _always_inside, lambda z, c, scale: _loggamma_tail(z, c, True, True), 0.0,
         "``log(gammaincc(c, e^z))`` (finite far up, where gammaincc underflows).", "-1.40502"))], )


def _loggamma_isf_dc(q, c, isf):
    """``d isf / d c`` at fixed q: ``gammaincinv_da(c, w, 1 - q) / w``, ``w = e^x = gammainccinv(c, q)``."""
    w = np.exp(isf(q, c))
    return gammaincinv_da(c, w, 1.0 - q) / w


# (P_n a polynomial in u = e^x: D' = (u - c) D^2, P_(m+1) = u dP_m/du + m (u - c) P_m)
_LOGGAMMA_ISF_TINY = _tiny_isf(
    "loggamma.isf", "c", lambda q, c: np.log(sc.gammainccinv(c, q)),
    lambda x, c: c * x - np.exp(x) - sc.gammaln(c), np.exp,
    lambda k, a, m, c: ((k, k * a), (k + 1, m * a), (k, -m * c * a)), _loggamma_isf_dc)


def _loggamma_ppf(q, c):
    """``log(gammaincinv(c, q))``; below ``w = 1e-20`` its leading term ``(log q + gammaln(c + 1)) / c`` (the
    next, ``w / (c + 1)``, below rounding): gammaincinv's w underflowed (ppf(1e-300, 0.5) was -inf for -1381.4)."""
    pq, pc = np.asarray(_plain(q), dtype=float), np.asarray(_plain(c), dtype=float)
    with np.errstate(divide="ignore", under="ignore"):
        small = (pq > 0) & ((np.log(pq) + sc.gammaln(pc + 1.0)) / pc < math.log(_NAKAGAMI_SMALL_W))
    return _piecewise(q, small, lambda q: np.log(sc.gammaincinv(c, q)),
                      lambda q: (np.log(q) + sc.gammaln(c + 1.0)) / c, 0.5, 1e-300)


def _loggamma_quantile(name, q, c, loc, scale, upper):
    _shapes_positive(name, c)
    if upper:
        def standard(q, c):
            pq, pc = np.asarray(_plain(q), dtype=float), np.asarray(_plain(c), dtype=float)
            with np.errstate(divide="ignore", under="ignore"):
                small = (pq < 1) & ((np.log1p(-pq) + sc.gammaln(pc + 1.0)) / pc < math.log(_NAKAGAMI_SMALL_W))
            # where w = gammainccinv(c, q) is below 1e-20, the ppf's leading term at 1 - q: w underflowed
            # (loggamma.isf(0.5, 1e-12) was -inf for -6.9e11); the other forms' stand-in q = 1e-100 (w far from 0)
            return _piecewise(q, small, lambda q: _piecewise(
                q, np.asarray(_plain(q), dtype=float) < _NAKAGAMI_TINY_Q, lambda q: np.log(sc.gammainccinv(c, q)),
                lambda q: _LOGGAMMA_ISF_TINY(q, c), 0.5, 1e-200), lambda q: (np.log1p(-q) + sc.gammaln(c + 1.0)) / c,
                1e-100, 0.5)
    else:
        def standard(q, c):
            return _loggamma_ppf(q, c)
    return _located(name, q, loc, scale, standard, shapes=(c,))


_quantiles(loggamma, "c", _loggamma_quantile, (
    ("``loc + scale log(gammaincinv(c, q))`` (its leading term ``(log q + gammaln(c + 1)) / c`` far down).",
     "round(float(loggamma.ppf(0.5, 2.0)), 6)", "0.517809"),
    ("``loc + scale log(gammainccinv(c, q))``.", "round(float(loggamma.isf(0.5, 2.0)), 6)", "0.517809")))


def _loggamma_entropy(c):
    """``gammaln(c) - c digamma(c) + c``; from c = 10 ``log(2 pi / c) / 2 + S(c) - c (digamma(c) - log c)``
    (S Stirling's series, :func:`_digamma_excess`): the direct terms, of size c log c, cancel."""
    return _piecewise(c, _plain(c) >= _NAKAGAMI_SERIES_FROM, lambda c: sc.gammaln(c) - c * sc.digamma(c) + c,
                      lambda c: 0.5 * np.log(2.0 * math.pi / c) + _odd_series(c, _STIRLING_SERIES)
                      - c * _digamma_excess(c), 1.0, 2.0 * _NAKAGAMI_SERIES_FROM)


from ..ops.scipy_special import polygamma as _polygamma  # noqa: E402  (sc.polygamma refuses a Var)

_add_moments("loggamma", ("c",), sc.digamma, lambda c: _polygamma(1, c), _loggamma_entropy, _shapes_positive,
             note=" The mean is ``digamma(c)``, the variance ``polygamma(1, c)``.")
_add_quantile_summaries("loggamma")


# -- chi (the square root of a chi-squared variate) ---------------------------------------------

__all__ += ["chi"]


class chi:
    """The chi distribution, as ``scipy.stats.chi``: the length of a vector of ``df`` standard normal
    variates, a gamma distribution in ``x^2 / 2`` (``cdf = gammainc(df / 2, z^2 / 2)``), differentiable in x
    (or q), df, loc and scale: in x, q, loc and scale to every order, in ``df`` to second order (mixed with the
    others too) where the function goes through ``gammainc`` or its inverse (the tails, quantiles, median,
    interval: as ``gamma``'s, whose third derivative in the shape is refused), to every order elsewhere (the
    density, mean, var, std, entropy). Its support is ``z = (x - loc) / scale >= 0``; near 0 the cdf is
    ``(z^2 / 2)^(df / 2)`` times a series (its log exact to ``z = 1e-300``), far out the log sf is finite where
    SciPy's is ``-inf``. The log density and the tails are SciPy's formulas (its values, bit for bit, where
    they do not underflow); the quantiles are nakagami's at ``nu = df / 2`` times ``sqrt(df)`` (exact to
    ``q = 1e-300``, where SciPy's ppf underflows to 0), the moments those of its log mean (SciPy's variance
    ``df - mean^2`` cancels as df grows).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import chi
    >>> round(float(wg.grad_bp(lambda x: chi.cdf(x, 2.0), 1.0)), 6)  # the density z e^(-z^2 / 2)
    0.606531

    .. versionadded:: 0.1
    """


def _chi_log_density(z, df, scale):
    """SciPy's ``chi._logpdf``, term for term (its value bit for bit): ``log 2 - log(2) df / 2 - gammaln(df / 2)
    + (df - 1) log z - z^2 / 2``, then ``- log(scale)`` (float32 stays float32: SciPy < 1.18's xlogy has no
    float32 loop)."""
    return _in_dtype_of(math.log(2.0) - 0.5 * math.log(2.0) * df - sc.gammaln(0.5 * df) + sc.xlogy(df - 1.0, z)
                        - 0.5 * z * z - _log_of(scale), z, df, scale)


def _chi_check(name, z, df):
    _shapes_positive(name, df)
    if name.endswith("pdf"):  # (the tails, gammainc(df / 2, z^2 / 2), are 0 and 1 at z = 0 for every df)
        _refuse_a_jump_in_shape(name, df, lambda: (z == 0) & (df == 1), "df", "df = 1 where x == loc",
                                "z**(df - 1)")


def _chi_w(z):
    return 0.5 * z * z


def _chi_w_power(z, nu):
    """``w^nu``, ``w = z^2 / 2 < 1`` (the series' points), below ``nu = 2`` as ``2^-nu z^(2 nu)`` (through
    ``w^nu`` the second derivative in z cancelled for nu < 1, as nakagami's: :func:`_nakagami_w_power`), above as
    ``w^nu`` (``z^(2 nu)`` overflows first for a large nu)."""
    pnu = np.asarray(_plain(nu), dtype=float)
    return _piecewise(z, np.broadcast_to(pnu < 2.0, np.broadcast_shapes(np.shape(pnu), np.shape(_plain(z)))),
                      lambda z: _chi_w(z) ** nu, lambda z: 0.5 ** nu * z ** (2.0 * nu), math.sqrt(0.5), math.sqrt(0.5))


def _chi_tail(z, df, upper, log):
    """gammainc(df / 2, z^2 / 2) (gammaincc), or its log (:func:`_lower_gamma_tails`, as nakagami's:
    :func:`_nakagami_tail`); far out (``w = z^2 / 2 > _NAKAGAMI_FAR``) the log sf is its asymptote
    ``-w + (df / 2 - 1) log w - gammaln(df / 2)``, the cdf, sf and log cdf constants with derivatives 0 where
    the log sf is below ``_VANISHING_LOG``."""
    nu = 0.5 * df
    pnu = np.asarray(_plain(nu), dtype=float)
    safe = (np.sqrt(2.0 * pnu), math.sqrt(0.5))  # (w = nu: elsewhere; w = 1/4: the series)

    def tail(z):
        return _lower_gamma_tails(nu, z, _chi_w, lambda z: _chi_w_power(z, nu),
                                  lambda z: _LOG_POWER(z, df) - nu * _LOG_2, upper, log, safe)
    if upper and log:
        def asymptote(z):
            with np.errstate(over="ignore"):  # (-inf where z^2 overflows: the truth's rounding)
                return -0.5 * z * z + (nu - 1.0) * (2.0 * np.log(z) - _LOG_2) - sc.gammaln(nu)
        with np.errstate(over="ignore"):
            far = 0.5 * np.asarray(_plain(z), dtype=float) ** 2 > _NAKAGAMI_FAR
        return _piecewise(z, far, tail, asymptote, 1.0, 2e75)

    def plain_logsf(z):
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return _log_gammaincc(pnu, 0.5 * z * z)
    return _vanishing(plain_logsf, tail, z, 1.0, -0.0 if log else 0.0 if upper else 1.0)


def _chi_density(z, df, scale):
    """``exp`` of the log density at scale 1, over ``scale`` (SciPy's ``_pdf / scale``, bit for bit), with
    powers at and near ``z = 0`` (:func:`_exp_at_ends`), 0 with derivatives 0 far out (:func:`_vanishing`)."""
    pdf_ = np.asarray(_plain(df), dtype=float)
    return _density_from_zero(z, lambda z: _chi_log_density(z, df, 1.0), lambda z: z ** (df - 1.0) * np.exp(
        -0.5 * z * z - (0.5 * df - 1.0) * _LOG_2 - sc.gammaln(0.5 * df)), pdf_ - 1.0,
        lambda z: _chi_log_density(z, pdf_, 1.0), over=scale)


_shape_functions(chi, ("df",), _chi_check, [
    (*row[:5], f"round(float(chi.{row[0]}(1.0, 2.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z >= 0, _chi_log_density, -np.inf,
         "``log 2 - log(2) df / 2 - gammaln(df / 2) + (df - 1) log(z) - z^2 / 2 - log(scale)`` on ``z >= 0``, "
         "``-inf`` below.", "-0.5"),
        ("pdf", lambda z: z >= 0, _chi_density, 0.0,
         "``z^(df - 1) exp(-z^2 / 2) / (2^(df / 2 - 1) gamma(df / 2) scale)`` on ``z >= 0``, 0 below.", "0.606531"),
        ("cdf", lambda z: z >= 0, lambda z, df, scale: _chi_tail(z, df, False, False), 0.0,
         "``gammainc(df / 2, z^2 / 2)`` (``(z^2 / 2)^(df / 2)`` times a series near 0), 0 below the support.",
         "0.393469"),
        ("logcdf", lambda z: z > 0, lambda z, df, scale: _chi_tail(z, df, False, True), -np.inf,
         "``log(gammainc(df / 2, z^2 / 2))`` (``df log z`` and a series near 0), ``-inf`` at and below 0.",
         "-0.932752"),
        ("sf", lambda z: z >= 0, lambda z, df, scale: _chi_tail(z, df, True, False), 1.0,
         "``gammaincc(df / 2, z^2 / 2)``, 1 below the support.", "0.606531"),
        ("logsf", lambda z: z >= 0, lambda z, df, scale: _chi_tail(z, df, True, True), 0.0,
         "``log(gammaincc(df / 2, z^2 / 2))`` (finite far in the tail, where gammaincc underflows), 0 below "
         "the support.", "-0.5"))])


def _chi_quantile(name, q, df, loc, scale, upper):
    """``loc + scale sqrt(df) x``, ``x`` nakagami's quantile at ``nu = df / 2`` (:func:`_nakagami_quantile`:
    ``sqrt(2 gammaincinv(df / 2, q)) = sqrt(df) sqrt(gammaincinv(nu, q) / nu)``, with its leading term far
    down, its primitives in q and its isf below q = 1e-150)."""
    _shapes_positive(name, df)
    return _located(name, q, loc, scale, lambda q, df: np.sqrt(df) * _nakagami_quantile(
        name, q, 0.5 * df, 0.0, 1.0, upper, _CHI_ISF_TINY), shapes=(df,), steep_mixed=_power_steep,
                    level_mixed=lambda lower, df: (_unit_power_mixed(df),))


#: nakagami's isf below q = 1e-150 (:data:`_NAKAGAMI_ISF_TINY`), its refusals naming chi and df
_CHI_ISF_TINY = _tiny_isf("chi.isf", "df", *_NAKAGAMI_ISF_TINY_PARTS)


_quantiles(chi, "df", _chi_quantile, (
    ("``loc + scale sqrt(2 gammaincinv(df / 2, q))``.", "round(float(chi.ppf(0.5, 2.0)), 6)", "1.17741"),
    ("``loc + scale sqrt(2 gammainccinv(df / 2, q))``.", "round(float(chi.isf(0.5, 2.0)), 6)", "1.17741")))


def _chi_entropy(df):
    """nakagami's entropy at ``nu = df / 2`` plus ``log(sqrt(df))`` (chi is ``sqrt(df)`` times nakagami), the
    logs of nu cancelled: ``E - D / 2 + (1 + log(2 pi)) / 2 - log(2) / 2`` (:func:`_nakagami_entropy`)."""
    nu = 0.5 * df
    return (_gamma_entropy_excess(nu) - 0.5 * _digamma_excess(nu) + 0.5 * (1.0 + math.log(2.0 * math.pi))
            - 0.5 * _LOG_2)


def _chi_mean(df):
    """SciPy's ``sqrt(2) exp(gammaln(df / 2 + 1/2) - gammaln(df / 2))`` (bit for bit) below df = 20, from there
    ``sqrt(df) e^L`` (``L`` the log of nakagami's mean at ``nu = df / 2``, its series: the gammaln difference
    loses digits as df grows; through nakagami's recurrence below df = 20 the mean was 3.5 ulps off at df = 2)."""
    return _piecewise(df, _plain(df) >= 2.0 * _NAKAGAMI_SERIES_FROM,
                      lambda df: math.sqrt(2.0) * np.exp(sc.gammaln(0.5 * df + 0.5) - sc.gammaln(0.5 * df)),
                      lambda df: np.sqrt(df) * np.exp(_nakagami_log_mean(0.5 * df)), 2.0, 4.0 * _NAKAGAMI_SERIES_FROM)


def _chi_variance(df):
    """``df - m^2 = -df expm1(2 L)`` (``L`` the log of nakagami's mean at ``nu = df / 2``; SciPy's ``df - m^2``
    cancels as df grows: 3e-11 off at df = 200); from df = 20 ``-4 M exprel(4 M / df)``, ``M = nu L(nu)`` its
    series in ``1 / nu^2`` (-1/8 + ...), exprel a series (``|4 M / df| < 1/40``): through ``-df expm1(2 L)`` the
    derivative in df was two terms of size ``1 / (2 df)`` cancelling to ``1 / (8 df^2)`` (7e-9 off at df = 1e8)."""
    def far(df):
        u = 2.0 / df
        m = polynomial(u * u, _NAKAGAMI_MEAN_SERIES)
        return -4.0 * m * polynomial(2.0 * m * u, _GOMPERTZ_EXPREL[:16])

    def middle(df):
        # -4 M exprel(2 M / nu) as far, M = nu L = -1/8 + nu g, g = L + 1 / (8 nu) from the recurrence L(nu) = L(nu +
        # 10) + sum_j log1p(-s_j) / 2, s_j = 1 / (2 (nu + j) + 1)^2, with 1 / (8 nu) = 1 / (8 (nu + 10)) + sum_j s_j /
        # (2 (1 - s_j)) (4 x (x + 1) = (2 x + 1)^2 - 1): g(nu + 10) (the series less its first term) plus sum_j (log1p(-s)
        # + s / (1 - s)) / 2 = sum_k>=2 (k - 1) s^k / (2 k), every term positive (through -df expm1(2 L), L's
        # recurrence, the derivatives in df were terms of size 1 / (2 df) cancelling to 1 / (8 df^2): 6e-13 off)
        nu = 0.5 * df
        x = nu + 10.0
        g = _odd_series(x, _NAKAGAMI_MEAN_SERIES[1:]) / (x * x) + sum(
            (lambda s: s * s * polynomial(s, _CHI_LOG1P_EXCESS))(1.0 / (2.0 * (nu + j) + 1.0) ** 2) for j in range(10))
        m = -0.125 + nu * g
        return -4.0 * m * polynomial(2.0 * m / nu, _GOMPERTZ_EXPREL[:20])

    def near(df):  # (below df = 3 L as the gammaln difference: through the recurrence 14 ulps off at df = 2)
        pdf_ = _plain(df)
        return _piecewise(df, pdf_ >= _CHI_DIRECT_BELOW, lambda df: -df * np.expm1(2.0 * (
            sc.gammaln(0.5 * df + 0.5) - sc.gammaln(0.5 * df) - 0.5 * np.log(0.5 * df))), middle, 2.0, 10.0)
    return _piecewise(df, _plain(df) >= 2.0 * _NAKAGAMI_SERIES_FROM, near, far, 2.0, 4.0 * _NAKAGAMI_SERIES_FROM)


#: ``(log1p(-s) + s / (1 - s)) / 2 = sum_k>=2 (k - 1) s^k / (2 k)``: its coefficients of ``s^(k + 2)`` (s <= 1/36 in
#: :func:`_chi_variance`: 14 terms, the next below 1e-21 of the first)
_CHI_LOG1P_EXCESS = [(k + 1.0) / (2.0 * (k + 2.0)) for k in range(14)]


#: Below this df chi's variance takes its log mean from the gammaln difference (exact there: 0.6 ulps at df =
#: 2, nakagami's recurrence 14), above the series of its excess over -1 / (4 df) (the difference's gammaln values
#: grow: 45 ulps at 13; the excess's series in s = 1 / (df + 1)^2 <= 1/16 is within 1e-15 in its second derivative
#: from here, 3e-12 at df = 2)
_CHI_DIRECT_BELOW = 3.0


_add_moments("chi", ("df",), _chi_mean, _chi_variance, _chi_entropy, _shapes_positive,
             note=" The mean is ``sqrt(2) gamma((df + 1) / 2) / gamma(df / 2)``, the variance ``df - m^2`` (as "
                  "``-df expm1(2 L)``, ``L`` the log of nakagami's mean at ``nu = df / 2``, its series from df = 20: "
                  "SciPy's ``df - m^2`` cancels as df grows).")
_add_quantile_summaries("chi")


# -- gengamma (the generalized gamma: W^(1/c) of a gamma variate W) ---------------------------------

__all__ += ["gengamma"]


class gengamma:
    """The generalized gamma distribution, as ``scipy.stats.gengamma``: ``x = W^(1/c)`` for ``W`` gamma(a) (``a >
    0``, ``c != 0`` of either sign), the density ``|c| z^(c a - 1) exp(-z^c) / gamma(a)`` on ``z >= 0``,
    differentiable in x (or q), a, c, loc and scale: in x, q, c, loc and scale to every order, in ``a`` to second
    order (mixed with the others too) where the function goes through ``gammainc`` or its inverse (the tails,
    quantiles, median, interval: as ``gamma``'s, whose third derivative in the shape is refused), to every order
    elsewhere (the density, mean, var, std, entropy). The tails are gamma's at ``w = z^c`` (``cdf = gammainc(a,
    w)`` for ``c > 0``, ``gammaincc(a, w)`` for ``c < 0``): near ``w = 0`` ``w^a`` times a series with ``a c log
    z`` one term (their logs exact to ``z = 1e-300``), far out the log of the upper gamma tail finite where
    SciPy's is ``-inf``. The quantiles are ``W^(1/c)`` as one primitive in q, a and c (its derivative in q ``1 /
    pdf``: through ``gammaincinv(a, q)^(1 / c)`` the second derivative cancelled), with W's leading term ``(q
    gamma(a + 1))^(1 / a)`` where gammaincinv underflows (SciPy's ppf is 0 there: ``ppf(1e-300, 0.5, 10)`` is
    9.76e-61). The k-th moment ``gamma(a + k / c) / gamma(a)`` exists where ``a + k / c > 0`` (inf elsewhere; SciPy's
    ``poch(a, k / c)`` is finite and wrong there: its ``mean(1.2, -0.5)`` is -6.25), the variance ``m^2 expm1(D)``
    with ``D`` the second difference of gammaln (its Taylor series in ``1 / c`` where the difference cancels).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import gengamma
    >>> round(float(wg.grad_bp(lambda x: gengamma.cdf(x, 1.0, 2.0), 1.0)), 6)  # the density 2 x e^(-x^2)
    0.735759

    .. versionadded:: 0.1
    """


def _gengamma_shapes(name, a, c):
    """``a > 0`` and ``c != 0`` (SciPy gives NaN elsewhere)."""
    _shapes_positive(name, a, names=["a"])
    if np.any(_plain(c) == 0):
        raise ValueError(f"{name}: c must not be 0 (SciPy gives NaN)")


def _gengamma_check(name, z, a, c):
    """The shapes (:func:`_gengamma_shapes`); for a density, a traced ``a`` or ``c`` refused at ``z = 0`` where
    ``c a = 1`` (the factor ``z^(c a - 1)`` jumps in them there: :func:`_refuse_a_jump_in_shape`)."""
    _gengamma_shapes(name, a, c)
    if name.endswith("pdf"):
        for shape, label in ((a, "a"), (c, "c")):
            _refuse_a_jump_in_shape(name, shape, lambda: (_plain(z) == 0) & (_plain(a) * _plain(c) == 1), label,
                                    "c a = 1 where x == loc", "z**(c a - 1)")


def _gengamma_log_kernel(z, a, c):
    """``log|c| + (c a - 1) log z - z^c - gammaln(a)`` (SciPy's ``_logpdf``), ``-inf`` at ``z = 0`` for ``c < 0``
    (there ``(c a - 1) log z - z^c`` is ``inf - inf``)."""
    pz, pc = _plain(z), _plain(c)
    zero = np.broadcast_to((pz == 0) & (pc < 0), np.broadcast_shapes(np.shape(pz), np.shape(pc), np.shape(_plain(a))))

    def kernel(z):
        with np.errstate(over="ignore"):  # (-inf where z^c overflows: the truth's rounding)
            return ((_log_of(abs(c)) if isinstance(c, (int, float)) else np.log(np.abs(c))) + sc.xlogy(c * a - 1.0, z)
                    - np.power(z, c) - _gammaln_of(a))
    return _on_support(~zero, kernel, z, outside=-np.inf, at=1.0)


def _gengamma_log_density(z, a, c, scale):
    return _gengamma_log_kernel(z, a, c) - _log_of(scale)


def _gengamma_by_sign(z, a, c, positive, negative):
    """``positive(z, a, c)`` where ``c > 0``, ``negative(z, a, c)`` where ``c < 0``, each at ``z = 1`` and ``c = +-1``
    on the other's entries (:func:`_two_forms`)."""
    pz, pa, pc = (np.asarray(_plain(v), dtype=float) for v in (z, a, c))
    negative_c = np.broadcast_to(pc < 0, np.broadcast_shapes(pz.shape, pa.shape, pc.shape))
    return _two_forms(negative_c, positive, negative, (z, a, c), (1.0, 1.0, 1.0), (1.0, 1.0, -1.0))


def _gengamma_density(z, a, c, scale):
    """``exp`` of the log density; for ``c > 0`` with powers at and near ``z = 0`` (the density is finite there
    where ``c a = 1``, 0 with a finite slope where ``c a = 2``: :func:`_density_from_zero`), for ``c < 0`` 0 with
    derivatives 0 near 0 (``exp(-z^c)``) and far out where the log density is below ``_VANISHING_LOG``."""
    def positive(z, a, c):
        pa, pc = np.asarray(_plain(a), dtype=float), np.asarray(_plain(c), dtype=float)
        return _density_from_zero(
            z, lambda z: _gengamma_log_density(z, a, c, scale),
            lambda z: np.abs(c) / scale * z ** (c * a - 1.0) * np.exp(-z ** c - sc.gammaln(a)), pc * pa - 1.0,
            lambda z: _gengamma_log_kernel(z, pa, pc))

    def negative(z, a, c):
        pa, pc = np.asarray(_plain(a), dtype=float), np.asarray(_plain(c), dtype=float)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return _vanishing(lambda z: _gengamma_log_kernel(z, pa, pc),
                              lambda z: np.exp(_gengamma_log_density(z, a, c, scale)), z, 1.0, 0.0)
    return _gengamma_by_sign(z, a, c, positive, negative)


def _gengamma_z_at(w, c):
    """The z where ``z^c = w`` (plain), kept in [1e-300, 1e300]: a stand-in point of a region."""
    with np.errstate(over="ignore", under="ignore", divide="ignore"):
        return np.clip(np.exp(np.log(w) / c), 1e-300, 1e300)


def _gengamma_gamma_tail(z, a, c, upper, log):
    """``gammainc(a, z^c)`` (``upper``: ``gammaincc``), or its log: where ``c > 0`` and ``(1 + a / (a + 1)) z^c <
    _BURR_TINY`` :func:`_gengamma_tiny_tail`, elsewhere :func:`_gengamma_gamma_tail_series`."""
    pz, pa, pc = (np.asarray(_plain(v), dtype=float) for v in (z, a, c))
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        tiny = (pc > 0) & (pz < 1.0) & ((1.0 + pa / (pa + 1.0)) * np.power(np.minimum(pz, 1.0), pc) < _BURR_TINY)
    tiny = np.broadcast_to(tiny, np.broadcast_shapes(pz.shape, pa.shape, pc.shape))
    return _two_forms(tiny, lambda z, a, c: _gengamma_gamma_tail_series(z, a, c, upper, log),
                      lambda z, a, c: _gengamma_tiny_tail(z, a, c, upper, log), (z, a, c), (1.0, 1.0, 1.0),
                      (1e-300, 1.0, 1.0))


def _gengamma_tiny_tail(z, a, c, upper, log):
    """The tails where ``w = z^c`` is tiny (``c > 0``): ``P = gammainc(a, w)`` as its leading powers ``(z^(a c) - a / (a +
    1) z^(a c + c)) / gamma(a + 1)`` (:func:`_leading_powers_at_zero`; the next relative ``w^2``), Q as ``1 - P``, log P
    as ``a c log z - gammaln(a + 1) + log1p(-a w / (a + 1))`` with ``a c log z`` one primitive (:data:`_LOG_POWER`) and
    the z-derivatives of the last term (below ``w / (a + 1)`` of the first's) dropped, log Q as ``-P - P^2 / 2`` (the
    square ``z^(2 a c) / gamma(a + 1)^2`` only where it carries the second derivative). Through ``w^a`` and the series
    in ``w`` the second derivative took ``w''``, ``c (c - 1) z^(c - 2)``, which overflows alone below ``z^(2 - c) =
    1e-308``: NaN at z = 1e-300, c = 0.5 in each tail (the truth the cdf's -2.5e149 at a = 2, the log cdf's -inf)."""
    log_gamma = _log_gamma_1p(a)
    k = a / (a + 1.0)
    if log and not upper:
        return _LOG_POWER(z, a * c) - log_gamma + np.log1p(-k * np.power(stop_gradient(z), c))
    lower = np.exp(-log_gamma) * _leading_powers_at_zero(
        z, a * c, c, None, lambda z: np.power(z, a * c) * (1.0 - k * np.power(z, c)), k=k)
    if not upper:
        return lower
    if not log:
        return 1.0 - lower
    return _log1p_minus_leading(lower, z, a * c, None, np.exp(-log_gamma))


def _gengamma_gamma_tail_series(z, a, c, upper, log):
    """``gammainc(a, z^c)`` (``upper``: ``gammaincc``), or its log (:func:`_lower_gamma_tails`, ``w^a`` as ``z^(a c)``
    and its log ``a c log z``); the log of the upper tail far out (``w > _NAKAGAMI_FAR``) its asymptote ``-w + (a -
    1) log w - gammaln(a)``, the other three constants with derivatives 0 where that log is below
    ``_VANISHING_LOG`` (:func:`_vanishing`)."""
    pa, pc = np.asarray(_plain(a), dtype=float), np.asarray(_plain(c), dtype=float)
    safe = (_gengamma_z_at(np.maximum(pa, 1.0), pc), _gengamma_z_at(0.25, pc))  # (w = max(a, 1); w = 1/4)

    def tail(z):
        return _lower_gamma_tails(a, z, lambda z: z ** c, lambda z: z ** (a * c), lambda z: _LOG_POWER(z, a * c),
                                  upper, log, safe)

    def plain_log_w(z):
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            return pc * np.log(np.asarray(_plain(z), dtype=float))
    if upper and log:
        def asymptote(z):
            with np.errstate(over="ignore"):  # (-inf where z^c overflows: the truth's rounding)
                return -np.power(z, c) + (a - 1.0) * _LOG_POWER(z, c) - sc.gammaln(a)
        far = plain_log_w(z) > math.log(_NAKAGAMI_FAR)
        return _piecewise(z, far, tail, asymptote, safe[1], _gengamma_z_at(1e160, pc))

    def plain_log_q(z):
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            log_w = plain_log_w(z)
            return np.where(log_w > math.log(_NAKAGAMI_FAR), -np.exp(np.minimum(log_w, 709.0)),
                            _log_gammaincc(pa, np.exp(np.minimum(log_w, 709.0))))
    return _vanishing(plain_log_q, tail, z, 1.0, -0.0 if log else 0.0 if upper else 1.0)


def _gengamma_tail(name):
    """The cdf (``gammainc(a, z^c)`` for ``c > 0``, ``gammaincc`` for ``c < 0``), sf, or their logs."""
    upper, log = name in ("sf", "logsf"), name.startswith("log")

    def tail(z, a, c, scale):
        return _gengamma_by_sign(z, a, c, lambda z, a, c: _gengamma_gamma_tail(z, a, c, upper, log),
                                 lambda z, a, c: _gengamma_gamma_tail(z, a, c, not upper, log))
    return tail


_shape_functions(gengamma, ("a", "c"), _gengamma_check, [
    (*row[:5], f"round(float(gengamma.{row[0]}(1.0, 2.0, 1.5)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z >= 0, _gengamma_log_density, -np.inf,
         "``log|c| + (c a - 1) log z - z^c - gammaln(a) - log(scale)`` on ``z >= 0`` (``-inf`` at 0 for ``c < 0``), "
         "``-inf`` below.", "-0.594535"),
        ("pdf", lambda z: z >= 0, _gengamma_density, 0.0,
         "``|c| z^(c a - 1) exp(-z^c) / (gamma(a) scale)`` on ``z >= 0``, 0 below.", "0.551819"),
        ("cdf", lambda z: z >= 0, _gengamma_tail("cdf"), 0.0,
         "``gammainc(a, z^c)`` for ``c > 0``, ``gammaincc(a, z^c)`` for ``c < 0``; 0 below the support.", "0.264241"),
        ("logcdf", lambda z: z > 0, _gengamma_tail("logcdf"), -np.inf,
         "The log of the cdf (``a c log z`` and a series near 0 for ``c > 0``, the upper gamma tail's log far in "
         "it for ``c < 0``), ``-inf`` at and below 0.", "-1.330893"),
        ("sf", lambda z: z >= 0, _gengamma_tail("sf"), 1.0,
         "``gammaincc(a, z^c)`` for ``c > 0``, ``gammainc(a, z^c)`` for ``c < 0``; 1 below the support.",
         "0.735759"),
        ("logsf", lambda z: z >= 0, _gengamma_tail("logsf"), 0.0,
         "The log of the sf (finite far in the upper gamma tail, where gammaincc underflows), 0 below the support.",
         "-0.306853"))])


def _gengamma_log_w(q, a, c, upper):
    """``log W`` (plain), ``W = gammaincinv(a, p)`` the gamma quantile behind gengamma's ppf (``upper``: isf) at q,
    ``p = q`` where ``(c > 0) != upper`` (the lower inverse), ``1 - q`` elsewhere (gammainccinv(a, q)); below ``W =
    _NAKAGAMI_SMALL_W`` its leading term ``(log p + gammaln(a + 1)) / a`` (gammaincinv underflows there). Also
    returns the mask of those points and ``p``."""
    q, a, c = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (q, a, c)))
    lower = (c > 0) != upper
    p = np.where(lower, q, 1.0 - q)
    with np.errstate(divide="ignore", under="ignore"):
        w = np.where(lower, sc.gammaincinv(a, q), sc.gammainccinv(a, q))
        leading = (np.log(p) + sc.gammaln(a + 1.0)) / a
        tiny = (p > 0) & (leading < math.log(_NAKAGAMI_SMALL_W))
        return np.where(tiny, leading, np.log(w)), tiny, p


def _gengamma_quantile_value(q, a, c, upper):
    log_w, _, _ = _gengamma_log_w(q, a, c, upper)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        return np.exp(log_w / np.asarray(c, dtype=float))[()]


def _gengamma_quantile_partials(upper):
    """The partials of gengamma's ppf (``upper``: isf) ``x = W^(1/c)``, traced in x (the primitive again): in q
    ``+-1 / pdf(x)``; in a ``x (d log W / da) / c``, ``d W / da = gammaincinv_da(a, W, p)`` (the leading term's
    ``(digamma(a + 1) - log W) / a`` where W is tiny); in c ``-x log(x) / c``; at x = 0 or inf (q = 0 or 1) those
    in a and c 0."""
    sign = -1.0 if upper else 1.0

    def in_q(q, a, c):
        return sign * np.exp(-_gengamma_log_kernel(primitive(q, a, c), a, c))

    def at_ends(x, form, *args):
        px = np.asarray(_plain(x), dtype=float)
        end = (px == 0) | np.isinf(px)
        if not np.any(end):
            return form(x, *args)
        return np.where(end, 0.0, form(np.where(end, 1.0, x), *args))

    def in_a(q, a, c):
        _, tiny, p = _gengamma_log_w(_plain(q), _plain(a), _plain(c), upper)

        def form(x, a, c):
            def normal(x, a, c):
                w = x ** c
                return x / c * gammaincinv_da(a, w, p) / w

            def small(x, a, c):
                return x / c * (sc.digamma(a + 1.0) - c * np.log(x)) / a
            return _two_forms(np.broadcast_to(tiny, np.broadcast_shapes(tiny.shape, np.shape(_plain(x)))), normal,
                              small, (x, a, c), (1.0, 1.0, 1.0), (1.0, 1.0, 1.0))
        return at_ends(primitive(q, a, c), form, a, c)

    def in_c(q, a, c):
        return at_ends(primitive(q, a, c), lambda x, c: -x * np.log(x) / c, c)
    primitive = Primitive(lambda q, a, c: _gengamma_quantile_value(q, a, c, upper),
                          name=f"wengert.scipy.stats.gengamma.{'isf' if upper else 'ppf'}", reenters="any")
    _def_partials(primitive, in_q, in_a, in_c)
    return primitive


_GENGAMMA_PPF = _gengamma_quantile_partials(False)
_GENGAMMA_ISF = _gengamma_quantile_partials(True)


def _gengamma_quantile(name, q, a, c, loc, scale, upper):
    _gengamma_shapes(name, a, c)
    return _located(name, q, loc, scale, lambda q, a, c: (_GENGAMMA_ISF if upper else _GENGAMMA_PPF)(q, a, c),
                    shapes=(a, c), steep_mixed=_gengamma_steep)


_quantiles(gengamma, ("a", "c"), _gengamma_quantile, (
    ("``loc + scale gammaincinv(a, q)^(1 / c)`` (``gammainccinv`` for ``c < 0``).",
     "round(float(gengamma.ppf(0.5, 2.0, 1.5)), 6)", "1.412281"),
    ("``loc + scale gammainccinv(a, q)^(1 / c)`` (``gammaincinv`` for ``c < 0``).",
     "round(float(gengamma.isf(0.5, 2.0, 1.5)), 6)", "1.412281")))


#: Where ``|h| <= _GENGAMMA_TAYLOR a``, ``gammaln(a + h) - gammaln(a)`` is its Taylor series in h (22 terms: the
#: last below 5^-22 of the sum), and the second difference where ``|h| <= _GENGAMMA_TAYLOR (a + h)`` its central
#: series (13 terms of ratio 1/25): the gammaln values, of size ``a log a``, cancel to ``h log a`` and ``h^2 / a``
_GENGAMMA_TAYLOR = 0.2
#: Beyond this |h| (there ``a >= 5 |h|``) the series' ``h**22`` and ``h**26`` overflow (``h**22`` raised
#: OverflowError on a Python float, NaN on NumPy's: burr12.mean(1e-100, 1e300), which is 0): Stirling's differences
#: instead, whose next terms (``h / (12 a^2)`` beside ``h log a``; ``1 / (6 x^2)`` of the second difference) are below
#: 1e-23 of the value there, and in their derivatives
_GENGAMMA_STIRLING = 1e11


def _gengamma_log_ratio(a, h):
    """``gammaln(a + h) - gammaln(a)`` (Var-aware in both): below ``a = 1`` its value at ``1 + a`` less ``log(1 + h /
    a)`` (``gamma(a) = gamma(1 + a) / a``), at and above 1 :func:`_gengamma_log_ratio_from_one`."""
    pa, ph = np.asarray(_plain(a), dtype=float), np.asarray(_plain(h), dtype=float)
    small = np.broadcast_to(pa < 1.0, np.broadcast_shapes(pa.shape, ph.shape))
    return _two_forms(small, _gengamma_log_ratio_from_one,
                      lambda a, h: _gengamma_log_ratio_from_one(1.0 + a, h) - _log_one_plus_ratio(a, h), (a, h),
                      (1.0, 1.0), (0.5, 0.1))


def _log_one_plus_ratio(a, h):
    """``log(1 + h / a) = log((a + h) / a)`` for ``a + h > 0``: ``log1p(h / a)`` where ``h / a >= -1/2``, the log of
    the quotient with ``a + h`` formed first below (near the pole ``a + h -> 0`` rounding ``h / a`` lost the digits
    of ``1 + h / a``: burr12.mean(2, 0.5000001) was 1.6e-10 off, found by the review of 539bcdf)."""
    ratio = np.asarray(_plain(h), dtype=float) / np.asarray(_plain(a), dtype=float)
    return _two_forms(ratio < -0.5, lambda a, h: np.log1p(h / a), lambda a, h: np.log((a + h) / a), (a, h),
                      (0.5, 0.1), (1.0, -0.9))


def _gengamma_log_ratio_from_one(a, h):
    """``gammaln(a + h) - gammaln(a)`` (Var-aware in both): ``sum_k psi^(k - 1)(a) h^k / k!`` where ``|h| <= a / 5``
    (and a above 1e-100, where psi's orders overflow) up to ``|h| = _GENGAMMA_STIRLING``, beyond it Stirling's
    difference ``(a + h - 1/2) log1p(h / a) + h (log a - 1)``, the difference of the gammaln elsewhere (it cancelled
    to nothing at a = 1e300, h = -1e100)."""
    pa, ph = np.asarray(_plain(a), dtype=float), np.asarray(_plain(h), dtype=float)
    series_here = np.broadcast_to((np.abs(ph) <= _GENGAMMA_TAYLOR * pa) & (pa > 1e-100),
                                  np.broadcast_shapes(pa.shape, ph.shape))

    def series(a, h):
        return sum((sc.digamma(a) if k == 1 else _polygamma(k - 1, a)) * h ** k / math.factorial(k)
                   for k in range(1, 23))

    def near(a, h):
        return _two_forms(np.abs(np.asarray(_plain(h), dtype=float)) > _GENGAMMA_STIRLING, series,
                          lambda a, h: (a + h - 0.5) * np.log1p(h / a) + h * (np.log(a) - 1.0), (a, h), (1.0, 0.1),
                          (1e13, 1e12))
    return _two_forms(series_here, lambda a, h: sc.gammaln(a + h) - sc.gammaln(a), near, (a, h), (1.0, 1.0),
                      (1.0, 0.1))


def _gengamma_second_difference(a, h):
    """``gammaln(a + 2h) - 2 gammaln(a + h) + gammaln(a)`` (positive: gammaln is convex): below ``a = 1`` its value at
    ``1 + a`` plus ``log1p((h / a) (h / (a + 2h)))`` (the poles' part: its series about a tiny ``a + h`` took polygamma of
    orders up to 25, which overflowed to NaN from 1e-11 down), at and above 1
    :func:`_gengamma_second_difference_from_one`."""
    pa, ph = np.asarray(_plain(a), dtype=float), np.asarray(_plain(h), dtype=float)
    small = np.broadcast_to(pa < 1.0, np.broadcast_shapes(pa.shape, ph.shape))
    return _two_forms(small, _gengamma_second_difference_from_one,
                      lambda a, h: (_gengamma_second_difference_from_one(1.0 + a, h)
                                    + np.log1p(h / a * (h / (a + 2.0 * h)))), (a, h), (1.0, 1.0), (0.5, 0.1))


def _gengamma_second_difference_from_one(a, h):
    """``gammaln(a + 2h) - 2 gammaln(a + h) + gammaln(a)`` about x = a + h, ``sum_k 2 psi^(2k - 1)(x) h^(2k) / (2k)!``
    where ``|h| <= x / 5`` up to ``|h| = _GENGAMMA_STIRLING``, beyond it Stirling's ``(x - 1/2) log1p(-(h / x)^2) + 2 h
    atanh(h / x)``, the gammaln values elsewhere (exact for ``a >= 1``)."""
    pa, ph = np.asarray(_plain(a), dtype=float), np.asarray(_plain(h), dtype=float)
    series_here = np.broadcast_to((np.abs(ph) <= _GENGAMMA_TAYLOR * (pa + ph)) & (pa + ph > 1e-100),
                                  np.broadcast_shapes(pa.shape, ph.shape))

    def series(a, h):
        x = a + h
        return sum(2.0 * _polygamma(2 * k - 1, x) * h ** (2 * k) / math.factorial(2 * k) for k in range(1, 14))

    def stirling(a, h):
        x = a + h
        r = h / x
        return (x - 0.5) * np.log1p(-r * r) + 2.0 * h * np.arctanh(r)

    def near(a, h):
        return _two_forms(np.abs(np.asarray(_plain(h), dtype=float)) > _GENGAMMA_STIRLING, series, stirling, (a, h),
                          (1.0, 0.1), (1e13, 1e12))
    return _two_forms(series_here, lambda a, h: sc.gammaln(a + 2.0 * h) - 2.0 * sc.gammaln(a + h) + sc.gammaln(a),
                      near, (a, h), (1.0, 1.0), (1.0, 0.1))


def _gengamma_moment(a, c, n, form, safe=(1.0, 1.0), excess=None):
    """``form(a, c)`` where the n-th moment exists (``a + n / c > 0``), +inf where it does not but the mean does,
    NaN where the mean does not (the variance there; NaN derivatives); ``safe``: a point where it exists, in place of
    the others (burr12's moments too, at ``a = d``, ``c = -c``: they exist where ``c d > n``); ``excess(k)``: a plain
    number of the sign of ``a + k / c`` (burr12's: ``c d - k`` exactly)."""
    pa, pc = np.asarray(_plain(a), dtype=float), np.asarray(_plain(c), dtype=float)
    if excess is None:
        def excess(k):
            return pa + k / pc
    shape = np.broadcast_shapes(pa.shape, pc.shape)
    exists = np.broadcast_to(excess(n) > 0, shape)
    if np.all(exists):
        return form(a, c)
    out = np.inf
    if np.any(exists):
        out = np.where(exists, form(np.where(exists, a, safe[0]), np.where(exists, c, safe[1])), np.inf)
    undefined = np.broadcast_to(excess(1.0) <= 0, shape) if n > 1 else np.zeros(shape, bool)
    if np.any(undefined):
        out = np.where(undefined, _NAN_SLOPED(np.where(undefined, a, 1.0) + np.where(undefined, c, 1.0), np.nan), out)
    return out


def _gengamma_ratio(a, h):
    """``gamma(a + h) / gamma(a)`` (Var-aware in both): below ``a = 1``, ``exp(gammaln(1 + a + h) - gammaln(1 + a)) a
    / (a + h)`` (:func:`_gengamma_log_ratio_from_one` at ``1 + a``), the poles' factor out of the exp
    (through exp(gammaln(a + h) - gammaln(a)) the second derivative in a small ``a`` was a difference of terms of size
    ``1 / a^2``: d2/da2 of gengamma.mean(1e-20, 3) -32776 for -13.688, -inf at 1e-156; the value 1e-14 off)."""
    pa, ph = np.asarray(_plain(a), dtype=float), np.asarray(_plain(h), dtype=float)
    shape = np.broadcast_shapes(pa.shape, ph.shape)
    near = np.broadcast_to(np.abs(ph) <= _GENGAMMA_TAYLOR * pa, shape)

    def shifted(a, h):
        # (a / (a + h) where h is not small beside a, 1 / (1 + h / a) where it is: each form's derivatives in a are
        # differences of terms that cancel on the other side, by (h / a)^2 and a / h)
        factor = _two_forms(near, lambda a, h: a / (a + h), lambda a, h: 1.0 / (1.0 + h / a), (a, h), (1.0, 1.0),
                            (1.0, 0.1))
        return np.exp(_gengamma_log_ratio_from_one(1.0 + a, h)) * factor
    # (from a = 1 up, the exp of the log ratio at a itself: there its derivatives carry no pole, and the shifted
    # form's were 5x less exact, which the variance's cancelling terms magnified to 1e-11 at a = 1e4)
    return _two_forms(np.broadcast_to(pa < 1.0, shape), lambda a, h: np.exp(_gengamma_log_ratio_from_one(a, h)),
                      shifted, (a, h), (1.0, 1.0), (0.5, 0.1))


def _gengamma_mean(a, c):
    """``gamma(a + 1 / c) / gamma(a)`` where ``a + 1 / c > 0``, inf elsewhere."""
    return _gengamma_moment(a, c, 1, lambda a, c: _gengamma_ratio(a, 1.0 / c))


def _gengamma_var(a, c):
    """``m^2 expm1(D)``, ``D`` the second difference of gammaln at a with step ``1 / c``, where ``a + 2 / c > 0``;
    ``m2 - m^2`` (``m2 = gamma(a + 2 / c) / gamma(a)``) where ``D >= log 2``, so that it cancels at most one bit:
    ``m^2`` underflowed for a tiny ``a``, where ``expm1(D)`` is of size ``1 / a`` (var(1e-170, 3) was 0 for
    1.354e-170, 1.2e-5 off at 1e-160)."""
    def var(a, c):
        h = 1.0 / c
        apart = np.asarray(_gengamma_second_difference(np.asarray(_plain(a), dtype=float),
                                                       np.asarray(_plain(h), dtype=float))) >= math.log(2.0)
        return _two_forms(apart,
                          lambda a, h: np.exp(2.0 * _gengamma_log_ratio(a, h)) * np.expm1(
                              _gengamma_second_difference(a, h)),
                          lambda a, h: _gengamma_ratio(a, 2.0 * h) - _gengamma_ratio(a, h) ** 2, (a, h), (2.0, 0.1),
                          (1.0, 1.0))
    return _gengamma_moment(a, c, 2, var)


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


def _gengamma_std(a, c):
    """``m sqrt(expm1(D))`` (``sqrt`` of the variance underflows for a large c); ``m |h| sqrt(psi'(a + h))`` where that
    is its leading term (:data:`_STD_LEADING`; D underflowed: gengamma.std(2, 1e300) was 0 for 8.0e-301)."""
    def std(a, c):
        h = 1.0 / c
        return np.exp(_gengamma_log_ratio(a, h)) * _two_forms(
            np.broadcast_to(_leading_here(h, a + h), np.broadcast_shapes(np.shape(_plain(a)), np.shape(_plain(c)))),
            lambda a, h: np.sqrt(np.expm1(_gengamma_second_difference(a, h))),
            lambda a, h: _std_leading_term(h, a + h, 0.0), (a, h), (2.0, 0.5), (2.0, 1e-20))
    return _gengamma_moment(a, c, 2, std)


def _gengamma_entropy(a, c):
    """``a (1 - digamma(a)) + digamma(a) / c + gammaln(a) - log|c|`` (SciPy's), written as gamma's entropy's and
    digamma's excesses over their logs (:func:`_gamma_entropy_excess`, :func:`_digamma_excess`: series from a =
    10), ``E + (1 + log(2 pi)) / 2 + D (1 / c - 1) + log(a) (1 / c - 1/2) - log|c|``: the terms of size ``a log a``
    cancel in the direct form."""
    return (_gamma_entropy_excess(a) + 0.5 * (1.0 + math.log(2.0 * math.pi)) + _digamma_excess(a) * (1.0 / c - 1.0)
            + np.log(a) * (1.0 / c - 0.5) - np.log(np.abs(c)))


_add_moments("gengamma", ("a", "c"), _gengamma_mean, _gengamma_var, _gengamma_entropy, _gengamma_shapes, (2.0, 1.5),
             " The k-th moment is ``gamma(a + k / c) / gamma(a)`` where ``a + k / c > 0`` (inf elsewhere; the variance "
             "NaN where the mean is inf), the variance ``m^2 expm1(D)`` (``D`` the second difference of gammaln at a "
             "with step ``1 / c``, its series where it cancels).", sd=_gengamma_std)
_add_quantile_summaries("gengamma", (2.0, 1.5))


# -- burr12's moments (gamma function ratios, as gengamma's) --------------------------------------------

def _product_excess(c, d, k):
    """``c d - k`` of plain floats, rounded once (``c d`` split exactly as ``p + e`` by Dekker's product of the
    mantissas, the exponents apart: no overflow): the float ``c d`` rounds to k where the truth is not (1e-10 * 1e10
    is 1.0, the truth 1 + 3.6e-17)."""
    (mc, ec), (md, ed) = np.frexp(np.asarray(c, dtype=float)), np.frexp(np.asarray(d, dtype=float))

    def split(x):  # (Veltkamp: x = high + low, each half the mantissa's bits)
        t = 134217729.0 * x
        high = t - (t - x)
        return high, x - high
    (ch, cl), (dh, dl) = split(mc), split(md)
    p = mc * md
    e = ((ch * dh - p) + ch * dl + cl * dh) + cl * dl
    with np.errstate(over="ignore", under="ignore"):
        return np.ldexp((p - np.ldexp(k, -(ec + ed))) + e, ec + ed)


def _burr12_gap_value(c, d, k=1.0):
    pc, pd = np.asarray(_plain(c)), np.asarray(_plain(d))
    with np.errstate(over="ignore", under="ignore", divide="ignore"):  # (in the shapes' dtype: float32 stays)
        return (_product_excess(pc, pd, k) / pc.astype(float)).astype(np.result_type(pc, pd, np.float32))[()]


#: ``d - k / c = (c d - k) / c`` with ``c d - k`` exact (:func:`_product_excess`), its partials ``k / c^2`` and 1:
#: the pole of burr12's k-th moment; ``d - k / c`` in floats was 0 at c = 1e-10, d = 1e10 (the truth 3.64e-7)
_BURR12_GAP = Primitive(_burr12_gap_value, name="wengert.scipy.stats (burr12's d - k / c)", reenters="any")
_def_partials(_BURR12_GAP, lambda c, d, k=1.0: k / (c * c) + 0.0 * d, lambda c, d, k=1.0: 1.0 + 0.0 * (c + d))


def _burr12_near_pole(c, d, k):
    """The plain mask where the k-th moment's ``t = d - k / c`` is below ``d / 16`` (``d - k h`` formed in floats
    lost more than 4 bits there: it is 0 at c = 1e-10, d = 1e10, k = 1)."""
    pc, pd = np.asarray(_plain(c), dtype=float), np.asarray(_plain(d), dtype=float)
    return np.broadcast_to(_burr12_gap_value(pc, pd, k) < pd / 16.0, np.broadcast_shapes(pc.shape, pd.shape))


def _burr12_log_moment_near_pole(c, d, k):
    """``log(d B(t, 1 + k h)) = gammaln(t) + (gammaln(d + 1 - t) - gammaln(d))``, ``t = d - k h`` exactly
    (:data:`_BURR12_GAP`; ``1 + k h = d + 1 - t``)."""
    t = _BURR12_GAP(c, d, k)
    return sc.gammaln(t) + _gengamma_log_ratio(d, 1.0 - t)


def _burr12_moment(c, d, n, form):
    """``form(c, d)`` where ``c d > n`` exactly (the n-th moment ``d B(d - n / c, 1 + n / c)`` exists; the float
    product rounded to n at c = 1e-10, d = 1e10: the mean was inf for 2.7448e16), +inf where it does not but the mean
    does, NaN where the mean does not (:func:`_gengamma_moment` at ``a = d`` and ``-c``)."""
    pc, pd = np.asarray(_plain(c), dtype=float), np.asarray(_plain(d), dtype=float)
    return _gengamma_moment(d, -c, n, lambda d, minus_c: form(-minus_c, d), safe=(3.0, -1.0),
                            excess=lambda k: _product_excess(pc, pd, k))


def _burr12_log_mean(c, d):
    """``log(d B(d - h, 1 + h)) = (gammaln(d - h) - gammaln(d)) + gammaln(1 + h)``, ``h = 1 / c``, each difference
    its Taylor series where it cancels (:func:`_gengamma_log_ratio`: a large d; ``1 + h`` rounded h's digits away);
    near the pole ``c d = 1`` (``d - h < d / 16``) :func:`_burr12_log_moment_near_pole`."""
    def far(c, d):
        h = 1.0 / c
        return _gengamma_log_ratio(d, -h) + _gengamma_log_ratio(1.0, h)
    return _two_forms(_burr12_near_pole(c, d, 1.0), far, lambda c, d: _burr12_log_moment_near_pole(c, d, 1.0), (c, d),
                      (3.0, 2.0), (1.0, 1.05))


def _burr12_log_spread(c, d):
    """``log(m2 / m1^2)``: the second differences of gammaln at d with step ``-1/c`` and at 1 with step ``1/c``
    (:func:`_gengamma_second_difference`; ``m2 - m1^2`` cancels as c or d grows: SciPy's variance is 2e-10 relative
    off at c = 1e3)."""
    h = 1.0 / c
    return _gengamma_second_difference(d, -h) + _gengamma_second_difference(1.0, h)


def _burr12_entropy(c, d):
    """``-log(c d) + 1 + 1/d + (1 - 1/c) (euler + digamma(d))`` (``log(1 + X^c)`` is exponential with rate d, ``X^c``
    betaprime(1, d): ``E[log X^c] = digamma(1) - digamma(d)``), with ``digamma(d) - log d`` as its excess
    (:func:`_digamma_excess`: its series from d = 10), the terms of size ``log d`` collected in ``-log(d) / c``
    (SciPy integrates numerically)."""
    return (-np.log(c) + 1.0 + 1.0 / d + (1.0 - 1.0 / c) * (_EULER + _digamma_excess(d)) - np.log(d) / c)


def _burr12_spread_moment(c, d, k):
    """``m^k expm1(D)^(k / 2)`` (k = 2 the variance, 1 the std; ``m`` the mean, ``D`` :func:`_burr12_log_spread`), as
    ``exp(k log m + (k / 2) log(expm1(D)))`` where the product is 0, inf or NaN: for a tiny c and a large d ``m``
    underflows and ``expm1(D)`` overflows (burr12.var(1e-3, 1e4) was NaN, 0 * inf, for 7.6e-2172, which is 0)."""
    def form(c, d):
        pole = _burr12_near_pole(c, d, 2.0)
        if np.any(pole):  # (near c d = 2: m2 from the exact d - 2 / c, 1 - m^2 / m2 = -expm1(2 log m - log m2))
            return _two_forms(pole, away, lambda c, d: np.exp(0.5 * k * (
                (lambda log_m2: log_m2 + _log1mexp(2.0 * _burr12_log_mean(c, d) - log_m2))(
                    _burr12_log_moment_near_pole(c, d, 2.0)))), (c, d), (3.0, 2.0), (1.0, 2.1))
        return away(c, d)

    def away(c, d):
        if k == 1:  # (the std's leading term where D is tiny: D underflowed, burr12.std(1e300, 2) was 0 for 1.28e-300)
            h = 1.0 / c
            leading = np.broadcast_to(_leading_here(h, d - h),
                                      np.broadcast_shapes(np.shape(_plain(c)), np.shape(_plain(d))))
            if np.any(leading):
                return _two_forms(leading, spread_form, lambda c, d: np.exp(_burr12_log_mean(c, d)) * _std_leading_term(
                    1.0 / c, d - 1.0 / c, _polygamma(1, 1.0 + 1.0 / c)), (c, d), (3.0, 2.0), (1e20, 2.0))
        return spread_form(c, d)

    def spread_form(c, d):
        log_m, spread = _burr12_log_mean(c, d), _burr12_log_spread(c, d)
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            plain = np.exp(k * np.asarray(_plain(log_m))) * np.expm1(np.asarray(_plain(spread))) ** (0.5 * k)
        return _two_forms(~(np.isfinite(plain) & (plain > 0)),
                          lambda log_m, spread: (np.exp(2.0 * log_m) * np.expm1(spread) if k == 2 else
                                                 np.exp(log_m) * np.sqrt(np.expm1(spread))),
                          lambda log_m, spread: np.exp(k * log_m + 0.5 * k * _log_expm1(spread)),
                          (log_m, spread), (0.0, 0.5), (0.0, 1.0))
    return _burr12_moment(c, d, 2, form)


_add_moments("burr12", ("c", "d"), lambda c, d: _burr12_moment(c, d, 1, lambda c, d: np.exp(_burr12_log_mean(c, d))),
             lambda c, d: _burr12_spread_moment(c, d, 2), lambda c, d: _burr12_entropy(c, d), _shapes_positive,
             (3.0, 2.0),
             " The k-th moment ``d B(d - k / c, 1 + k / c)`` exists for ``c d > k``: the mean is inf for ``c d <= 1``, "
             "the variance inf for ``1 < c d <= 2`` and NaN for ``c d <= 1``, where the mean is infinite (SciPy's are "
             "NaN there); the variance is ``m^2 expm1(D)``, ``D`` the second differences of gammaln (their series where "
             "they cancel).",
             sd=lambda c, d: _burr12_spread_moment(c, d, 1))


# -- betaprime (the odds Y / (1 - Y) of a beta variate) ------------------------------------------

__all__ += ["betaprime"]


class betaprime:
    """The beta prime distribution, as ``scipy.stats.betaprime``: ``Y / (1 - Y)`` for ``Y`` beta(a, b)
    (``logpdf = (a - 1) log z - (a + b) log(1 + z) - betaln(a, b)``), differentiable in x (or q), a, b, loc and
    scale: the tails and quantiles are beta's (SciPy's formulas: ``beta.cdf(z / (1 + z), a, b)`` up to z = 1,
    ``beta.sf(1 / (1 + z), b, a)`` above, where ``z / (1 + z)`` rounds to 1), as differentiable as beta's are.
    Its support is ``z = (x - loc) / scale >= 0``; the log tails are finite where SciPy's underflow, the isf
    is beta's, not SciPy's ``ppf(1 - q)`` (which is 0 for q below 1e-17 and loses digits below 1e-3), and the
    entropy is closed (SciPy integrates numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import betaprime
    >>> round(float(wg.grad_bp(lambda x: betaprime.cdf(x, 1.0, 1.0), 1.0)), 6)  # the density 1 / (1 + z)^2
    0.25

    .. versionadded:: 0.1
    """


def _betaprime_log_density(z, a, b, scale):
    """SciPy's ``betaprime._logpdf``, term for term: ``xlogy(a - 1, z) - xlog1py(a + b, z) - betaln(a, b)``, then
    ``- log(scale)`` (float32 stays float32: SciPy < 1.18's xlogy and betaln have no float32 loop)."""
    return _in_dtype_of(sc.xlogy(a - 1.0, z) - sc.xlog1py(a + b, z) - sc.betaln(a, b) - _log_of(scale), z, a, b, scale)


def _betaprime_check(name, z, a, b):
    """The shapes positive; for a density, a traced x, loc or scale refused at ``x == loc``: SciPy leaves that
    point out of the support (the density 0 there for every a, its log -inf, constant in a), where the density's
    limit from inside is inf (a < 1), b (a = 1) or 0 with a slope ``1 / B(2, b)`` (a = 2) or a higher derivative
    that is not 0: the two sides' derivatives differ."""
    _shapes_positive(name, a, b, names=["a", "b"])
    if name.endswith("pdf") and isinstance(z, (Var, Dual)) and np.any(_plain(z) == 0):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in x, loc or scale at x == loc: SciPy's density is 0 "
            "there (the point is outside its open support), its limit from inside z**(a - 1) (1 + z)**(-a - b) / "
            "B(a, b), whose derivatives differ from the outside's. Evaluate inside the support, or pass x, loc and "
            "scale as constants (wengert.stop_gradient).")


def _betaprime_density(z, a, b, scale):
    """``exp`` of the log density at scale 1, over ``scale`` (SciPy's ``_pdf / scale``), with powers at and near
    ``z = 0`` (:func:`_density_from_zero`)."""
    pa, pb = np.asarray(_plain(a), dtype=float), np.asarray(_plain(b), dtype=float)
    return _density_from_zero(z, lambda z: _betaprime_log_density(z, a, b, 1.0), lambda z: z ** (a - 1.0) * np.exp(
        -sc.xlog1py(a + b, z) - sc.betaln(a, b)), pa - 1.0, lambda z: _betaprime_log_density(z, pa, pb, 1.0), over=scale)


_BETA_MIRROR = {"cdf": "sf", "sf": "cdf", "logcdf": "logsf", "logsf": "logcdf"}


#: Below ``z = _BETAPRIME_END / (1 + a (1 + b))`` betaprime's lower tail is its leading term ``z^a / (a B(a, b))``,
#: above ``z = (1 + b (1 + a)) / _BETAPRIME_END`` its upper tail ``(1 + z)^-b / (b B(a, b))`` (the next terms'
#: factors below 1e-20): through beta's functions of ``z / (1 + z)`` the log cdf's second derivative was
#: inf - inf = NaN at z = 1e-200 (the truth -inf), and of ``1 / (1 + z)`` the log sf's first derivative
#: underflowed to 0 at z = 1e200 (``-(1 + z)^-2``; the truth -b / z)
_BETAPRIME_END = 1e-20


def _betaprime_tail(name):
    """beta's ``name`` at ``z / (1 + z)`` (a, b) up to ``z = 1``, its mirror (cdf and sf swapped) at
    ``1 / (1 + z)`` (b, a) above (SciPy's, gh-17631: ``z / (1 + z)`` rounds to 1 from z = 9e15); their leading
    terms at both ends (``_BETAPRIME_END``), the powers' logs one primitive (:data:`_LOG_POWER`)."""
    def tail(z, a, b, scale):
        pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
        shape = np.broadcast_shapes(pz.shape, pa.shape, pb.shape)
        near, far = pz < _BETAPRIME_END / (1.0 + pa * (1.0 + pb)), pz > (1.0 + pb * (1.0 + pa)) / _BETAPRIME_END

        def middle(z):
            return _piecewise(z, np.broadcast_to(pz > 1.0, shape), lambda z: getattr(beta, name)(z / (1.0 + z), a, b),
                              lambda z: getattr(beta, _BETA_MIRROR[name])(1.0 / (1.0 + z), b, a), 0.5, 2.0)

        def lower_leading(z, a, b):  # z^a / (a B(a, b)); as a power where not a log (its derivatives at z = 0)
            if name == "cdf" or name == "sf":
                c = z ** a * np.exp(-np.log(a) - sc.betaln(a, b))
                return c if name == "cdf" else 1.0 - c
            log_c = _LOG_POWER(z, a) - np.log(a) - sc.betaln(a, b)
            return log_c if name == "logcdf" else np.log1p(-np.exp(log_c))

        def upper_leading(z, a, b):  # (1 + z)^-b / (b B(a, b))
            log_s = -b * np.log1p(z) - np.log(b) - sc.betaln(a, b)
            return {"logsf": log_s, "sf": np.exp(log_s), "cdf": -np.expm1(log_s), "logcdf": np.log1p(-np.exp(log_s))}[name]

        # where a (at the upper end b) is small, the tail is 1 - 1e-298 (a = 1e-300) and the leading term's log(a) +
        # betaln(a, b) lost it (betaprime.logsf(1e-300, 1e-300, 2.5) -inf for -684.24, betaprime.logcdf(1e200, 1.5,
        # 1e-300) -inf for -684.64): the power series of log betainc (:func:`_log_betainc_series`), exact at every w
        def lower_end(z):
            region = _beta_series_region(pa, pb, np.asarray(_plain(z), dtype=float))
            return _two_forms(region, lower_leading, lambda z, a, b: _beta_series_tail(
                a, b, z / (1.0 + z), np.log(z) - np.log1p(z), name in ("sf", "logsf"), name.startswith("log")),
                (z, a, b), (1e-300, 1.0, 1.0), (1e-30, 1e-5, 1.0))

        def upper_end(z):
            with np.errstate(divide="ignore"):
                region = _beta_series_region(pb, pa, 1.0 / (1.0 + np.asarray(_plain(z), dtype=float)))
            return _two_forms(region, upper_leading, lambda z, a, b: _beta_series_tail(
                b, a, 1.0 / (1.0 + z), -np.log1p(z), name in ("cdf", "logcdf"), name.startswith("log")),
                (z, a, b), (1e300, 1.0, 1.0), (1e30, 1.0, 1e-5))

        def ends(z):
            return _piecewise(z, np.broadcast_to(far, shape), lower_end, upper_end, 1e-300, 1e300)
        with np.errstate(divide="ignore"):  # (the log cdf at z = 0, outside its support: -inf)
            return _piecewise(z, np.broadcast_to(near | far, shape), middle, ends, 0.5, 1e-300)
    return tail


_shape_functions(betaprime, ("a", "b"), _betaprime_check, [
    (*row[:5], f"round(float(betaprime.{row[0]}(1.0, 2.0, 3.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z > 0, _betaprime_log_density, -np.inf,
         "``(a - 1) log(z) - (a + b) log1p(z) - betaln(a, b) - log(scale)`` on ``z > 0``, ``-inf`` at and below 0 "
         "(SciPy's open support).", "-0.980829"),
        ("pdf", lambda z: z > 0, _betaprime_density, 0.0,
         "``z^(a - 1) (1 + z)^(-a - b) / (B(a, b) scale)`` on ``z > 0``, 0 at and below 0 (SciPy's open support).",
         "0.375"),
        ("cdf", lambda z: z >= 0, _betaprime_tail("cdf"), 0.0,
         "``beta.cdf(z / (1 + z), a, b)`` for ``z <= 1``, ``beta.sf(1 / (1 + z), b, a)`` above; 0 below the "
         "support.", "0.6875"),
        ("logcdf", lambda z: z > 0, _betaprime_tail("logcdf"), -np.inf,
         "``beta.logcdf(z / (1 + z), a, b)`` for ``z <= 1``, ``beta.logsf(1 / (1 + z), b, a)`` above; ``-inf`` at "
         "and below 0.", "-0.374693"),
        ("sf", lambda z: z >= 0, _betaprime_tail("sf"), 1.0,
         "``beta.sf(z / (1 + z), a, b)`` for ``z <= 1``, ``beta.cdf(1 / (1 + z), b, a)`` above; 1 below the "
         "support.", "0.3125"),
        ("logsf", lambda z: z >= 0, _betaprime_tail("logsf"), 0.0,
         "``beta.logsf(z / (1 + z), a, b)`` for ``z <= 1``, ``beta.logcdf(1 / (1 + z), b, a)`` above (finite far "
         "out); 0 below the support.", "-1.163151"))])


def _betaprime_quantile(name, q, a, b, loc, scale, upper):
    """``r / (1 - r)``, ``r`` beta's quantile (a, b), where ``r <= 1/2``; above, ``1 / s - 1``, ``s = 1 - r`` the
    other quantile of beta(b, a) (SciPy's from r = 0.9999: through ``1 - r`` the quantile lost digits as r
    nears 1, 1e-12 off at r = 0.9999). The isf is beta's isf so, not SciPy's ``ppf(1 - q)``."""
    _shapes_positive(name, a, b, names=["a", "b"])
    pq, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (_q(name, q), a, b))
    lower_tail = betaincinv_checked(pa, pb, pq) if not upper else betainccinv_checked(pa, pb, pq)
    low, high = (beta.isf, beta.ppf) if upper else (beta.ppf, beta.isf)

    def standard(q, a, b):
        with np.errstate(divide="ignore"):  # (inf at the far end: the truth)
            return _piecewise(q, np.broadcast_to(lower_tail > 0.5, np.broadcast_shapes(pq.shape, pa.shape, pb.shape)),
                              lambda q: (lambda r: r / (1.0 - r))(low(q, a, b)),
                              lambda q: 1.0 / high(q, b, a) - 1.0, 0.5, 0.5)
    return _located(name, q, loc, scale, standard, shapes=(a, b))


_quantiles(betaprime, ("a", "b"), _betaprime_quantile, (
    ("``loc + scale r / (1 - r)``, ``r = beta.ppf(q, a, b)`` (``1 / beta.isf(q, b, a) - 1`` where r > 1/2).",
     "round(float(betaprime.ppf(0.5, 2.0, 3.0)), 6)", "0.627942"),
    ("``loc + scale r / (1 - r)``, ``r = beta.isf(q, a, b)`` (``1 / beta.ppf(q, b, a) - 1`` where r > 1/2).",
     "round(float(betaprime.isf(0.5, 2.0, 3.0)), 6)", "0.627942")))


def _betaprime_entropy(a, b):
    """``betaln(a, b) + (1 - a) digamma(a) - (1 + b) digamma(b) + (a + b) digamma(a + b)``: the F distribution's
    at ``dfn, dfd = 2 a, 2 b`` (:func:`_f_entropy`, its logs cancelled for large shapes) plus ``log(a / b)`` (F's
    scale against betaprime's)."""
    return _f_entropy(2.0 * a, 2.0 * b) + np.log(a / b)


# mean a/(b - 1) (b > 1), variance a (a + b - 1) / ((b - 2) (b - 1)^2) (b > 2)
_add_moments("betaprime", ("a", "b"),
             lambda a, b: _moment_where(lambda p: p > 1.0, _always,  # (SciPy's shape: a's too)
                                        lambda a, b: a / (b - 1.0), (a, b), 2.0, 1),
             lambda a, b: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0,
                                        lambda a, b: a * (a + b - 1.0) / ((b - 2.0) * (b - 1.0) ** 2), (a, b), 3.0, 1),
             _betaprime_entropy, lambda name, a, b: _shapes_positive(name, a, b, names=["a", "b"]), 3.0,
             " The mean ``a/(b - 1)`` exists for ``b > 1`` (inf below), the variance ``a (a + b - 1) / ((b - 2) (b - "
             "1)^2)`` for ``b > 2``; it is inf for ``1 < b <= 2`` and NaN for ``b <= 1``, where the mean is infinite.")
_add_quantile_summaries("betaprime")


# -- invgauss (the first passage time of a Brownian motion with drift) ------------------------------

__all__ += ["invgauss"]


class invgauss:
    """The inverse Gaussian distribution, as ``scipy.stats.invgauss``: ``logpdf = -log(2 pi) / 2 - 3/2 log z -
    (z / mu - 1)^2 / (2 z)`` on ``z = (x - loc) / scale > 0``, differentiable in x (or q), mu, loc and scale to
    every order. The cdf is ``ndtr((z / mu - 1) / sqrt(z)) + exp(2 / mu) ndtr(-(z / mu + 1) / sqrt(z))``,
    computed in log space so that ``exp(2 / mu)`` never overflows: below ``z = mu`` as ``exp(-(z / mu - 1)^2 /
    (2 z)) (erfcx(s_a) + erfcx(s_b)) / 2`` (``s_a, s_b = (1 -+ z / mu) / sqrt(2 z)``: the exponents of the two
    terms cancel exactly), above as SciPy's ``log_ndtr`` sum; the sf the mirror. The quantiles are the roots of
    these log tails (Newton's steps in a bracket: SciPy's, Boost's, were wrong from q = 1e-57 on), differentiated by
    the inverse function rule (``dx/dmu = sqrt(2 pi) z^(3/2)
    erfcx(s_b) / mu^2`` at fixed q); the entropy is SciPy's closed form (``exp(r) E1(r)`` at ``r = 2 / mu`` gompertz's
    continued fraction for a small mu).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import invgauss
    >>> round(float(wg.grad_bp(lambda x: invgauss.cdf(x, 1.0), 1.0)), 6)  # the density at z = mu = 1
    0.398942

    .. versionadded:: 0.1
    """


_SQRT_HALF = math.sqrt(0.5)
#: From this v = -z / sqrt(2) on exponnorm's lower tail takes erfcx's asymptotic series (invgauss's coefficients),
#: from this u = (1 / K - z) / sqrt(2) on its log density
_EXPONNORM_FAR_V = 10.0


def _invgauss_exponent(z, mu):
    """``(z / mu - 1)^2 / (2 z)``, the log density's and both tails' Gaussian exponent: between ``z = mu / 4`` and
    ``4 mu`` SciPy's, as ``u (u / (2 z))`` (``u = z / mu - 1``; not ``u^2``, which overflows a Python float with an
    error); outside, expanded, ``1 / (2 z) - 1 / mu + (z / mu) / (2 mu)`` (its first or last term at least twice the
    rest: no cancellation): through ``u (u / (2 z))`` the second derivative was inf - inf = NaN from z = 1e-103 (the
    truth ``1 / z^3``, +inf) and 1e-11 off at z = 1e5, mu = 1 (``u'/(2 z) - u / (2 z^2)`` cancelling to ``1 / (2
    z^2)``), and ``u^2`` overflowed from z = 1e154 mu (the log sf -inf for -5.6e298 at z = 1e300, mu = 3)."""
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    expanded_here = np.broadcast_to((pz < 0.25 * pmu) | (pz > 4.0 * pmu), np.broadcast_shapes(pz.shape, pmu.shape))

    def scipys(z):
        u = z / mu - 1.0
        return u * (u / (2.0 * z))

    def expanded(z):
        return 0.5 / z - 1.0 / mu + 0.5 * (z / mu) / mu
    return _piecewise(z, expanded_here, scipys, expanded, pmu, 8.0 * pmu)


#: Below this z (and mu / 4) invgauss's log cdf is ``-exponent + log(2 z / pi) / 2 - log1p(-(z / mu)^2)`` (erfcx's
#: asymptotic leading terms, the next below 1e-20 of the sum): through erfcx of ``(1 -+ z / mu) / sqrt(2 z)`` its
#: second derivative in z was inf - inf = NaN from z = 1e-205 (the truth -inf)
_INVGAUSS_TINY_Z = 1e-20
#: The largest float and the smallest positive one (subnormal): the ends of :func:`_invgauss_log_root`'s brackets
_DOUBLE_MAX, _DOUBLE_TINY = float(np.finfo(float).max), 5e-324


#: From this ``r = (z / mu - 1) / sqrt(2 z)`` on, invgauss's log sf writes ``erfcx(r) - erfcx(s_b)`` (``s_b = (z / mu
#: + 1) / sqrt(2 z)``) with erfcx's asymptotic series ``sum c_k x^-(2k + 1) / sqrt(pi)``, each term's difference
#: ``c_k r^-(2k + 1) (1 - (r / s_b)^(2k + 1))``, ``r / s_b = (1 - w) / (1 + w)``, ``w = mu / z``, as ``-expm1(-(2k +
#: 1) 2 atanh(w))`` (14 terms, the 15th below 2e-18 of the sum): the difference cancelled as ``mu / z`` (the log sf's
#: second derivative 2e-11 off at z = 1e5, mu = 1, its value 5e-14 at z = 1e10, mu = 1e3), and underflowed to 0 far
#: out (the log sf -inf at z = 1e300). Below r = 10, see ``_INVGAUSS_TAYLOR_D``.
_INVGAUSS_FAR_R = 10.0
#: erfcx's asymptotic coefficients ``(-1)^k (2k - 1)!! / 2^k``
_INVGAUSS_ERFCX_SERIES = [(-1.0) ** k * math.prod(range(1, 2 * k, 2)) / 2.0 ** k for k in range(14)]
#: Below ``r = _INVGAUSS_FAR_R``, where ``d = s_b - r = sqrt(2 / z)`` is at most 1 (from z = 2 on), or this and r >= 1,
#: invgauss's log sf writes ``(erfcx(r) - erfcx(s_b)) / 2`` as Taylor's series about the midpoint ``c =
#: sqrt(z / 2) / mu``: ``sum_(n odd) d^n J_n(c)``, ``J_n(c) = exp(c^2) i^n erfc(c)`` (the scaled repeated integrals of
#: erfc, ``erfcx^(n)(c) = (-2)^n n! J_n(c)``), positive terms (:func:`_invgauss_erfcx_odd_taylor`). The difference
#: of erfcx's lost ``log10(erfcx(r) / (d J_1))`` digits, ``log10(mu sqrt(z))`` at a small r and ``log10(z / mu)`` at
#: a large one, up to ``log10(200 mu)`` just below r = 10: 2e-10 of the log sf at z = 1.2e14, mu = 1e6, its second
#: derivative in z 7e-5 off at z = 2e14 (SciPy's log sf 5.6e-9 there), its second derivative through erfcx's
#: 1e-11 off at z = 1.8, mu = 0.1 (r = 9, d = 1.05). Elsewhere (z < 2 and r < 1, or z < 1/2) the difference loses
#: at most a digit, the series' upward recurrence more (2e-15 of the log sf at z = 0.6, mu = 0.5, d = 1.8).
_INVGAUSS_TAYLOR_D = 2.0
#: Below this c the ``J_n`` by their recurrence ``2 n J_n = J_(n-2) - 2 c J_(n-1)`` upwards from ``J_(-1) = 2 /
#: sqrt(pi)`` and ``J_0 = erfcx(c)`` (its errors grow as ``exp(2 c sqrt(2 n))`` against the terms' ``1 / (2^n
#: Gamma(1 + n / 2))``: within 4e-16); from it on downwards (Miller's, all terms positive), from ``J_(N + 1) / J_N``
#: near its limit ``(sqrt(c^2 + 2 N) - c) / 2 N`` at N = 150 (60 where every c is at least 2), scaled to ``J_(-1)``:
#: within 4e-16 from c = 1.2 on (from 0 and 1 at N = 100, 2e-13 at c = 1.2)
_INVGAUSS_UPWARD_C = 1.2
_INVGAUSS_MILLER_FROM = (150, 60)
#: The odd orders of the series: d <= 2, its 39th term below 1e-17 of the sum
_INVGAUSS_TAYLOR_ORDERS = 39
def _invgauss_erfcx_odd_taylor(c, d):
    """``(erfcx(c - d / 2) - erfcx(c + d / 2)) / 2 = sum_(n odd) d^n J_n(c)`` for ``0 <= c <= 11``, ``d <= 2`` (see
    ``_INVGAUSS_TAYLOR_D``; elsewhere, the points of the other forms, computed at ``c = 1``, ``d = 1/2``)."""
    pc, pd = np.asarray(_plain(c), dtype=float), np.asarray(_plain(d), dtype=float)
    ok = (pc <= 11.0) & (pd <= _INVGAUSS_TAYLOR_D)
    c, d, pc = np.where(ok, c, 1.0), np.where(ok, d, 0.5), np.where(ok, pc, 1.0)
    upward = pc < _INVGAUSS_UPWARD_C
    top = _INVGAUSS_TAYLOR_ORDERS
    terms = [None] * (top + 2)  # J_(-1), ..., J_top
    if np.any(upward):
        cu = np.where(upward, c, 0.5)
        low, high = 2.0 / math.sqrt(math.pi) + 0.0 * cu, sc.erfcx(cu)
        terms[0], terms[1] = low, high
        for n in range(1, top + 1):
            low, high = high, (low - 2.0 * cu * high) / (2.0 * n)
            terms[n + 1] = high
    if not np.all(upward):
        cm = np.where(upward, 2.0, c)
        start = _INVGAUSS_MILLER_FROM[int(bool(np.all(np.where(upward, 2.0, pc) >= 2.0)))]
        # the ratios q_n = J_n / J_(n - 1) downwards, q_(n - 1) = 1 / (2 c + 2 n q_n), from q_N at its limit (2 N q^2
        # + 2 c q = 1), then J_n = J_(n - 1) q_n up from J_(-1) (not J_n's own recurrence scaled: its derivatives,
        # of size N / c, cancelled in the scaling, 1e-13 of the log sf's second derivative at c = 10)
        ratio = (np.sqrt(cm * cm + 2.0 * start) - cm) / (2.0 * start)
        ratios = [None] * (top + 1)
        for n in range(start, 0, -1):
            ratio = 1.0 / (2.0 * cm + 2.0 * n * ratio)
            if n - 1 <= top:
                ratios[n - 1] = ratio
        downward = [2.0 / math.sqrt(math.pi) + 0.0 * cm]
        for ratio in ratios:
            downward.append(downward[-1] * ratio)
        terms = downward if not np.any(upward) else [np.where(upward, u, m) for u, m in zip(terms, downward)]
    return d * polynomial(d * d, terms[2::2])


def _invgauss_log_density(z, mu, scale):
    """SciPy's ``invgauss._logpdf``, term for term: ``-log(2 pi) / 2 - 1.5 log z - (z / mu - 1)^2 / (2 z)``,
    then ``- log(scale)``; below ``z = _INVGAMMA_TINY`` its terms ``-1.5 log z - 1 / (2 z)`` as invgamma's at ``a =
    1/2``, ``2 z`` (:data:`_INVGAMMA_Z_TERMS`, plus ``1.5 log 2``), the rest ``1 / mu - z / (2 mu^2)``: their second
    derivatives ``1.5 / z^2 - 1 / z^3`` overflowed apart (NaN below z = 1.5e-154, the truth -inf; wald's too)."""
    def scipys(z, mu):
        return -0.5 * _LOG_2PI - 1.5 * np.log(z) - _invgauss_exponent(z, mu)

    def tiny(z, mu):
        return -0.5 * _LOG_2PI + 1.5 * _LOG_2 + _INVGAMMA_Z_TERMS(2.0 * z, 0.5) + 1.0 / mu - 0.5 * (z / mu) / mu
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    small = np.broadcast_to((pz > 0) & (pz < _INVGAMMA_TINY), np.broadcast_shapes(pz.shape, pmu.shape))
    return _in_dtype_of(_two_forms(small, scipys, tiny, (z, mu), (1.0, 1.0), (1e-200, 1.0)) - _log_of(scale), z, mu,
                        scale)


#: Below this z invgauss's log density's terms in z are invgamma's primitive (:func:`_invgauss_log_density`)
_INVGAMMA_TINY = 1e-150


def _invgauss_check(name, z, mu):
    # (at z = 0 the density and every derivative of it tend to 0 from inside: smooth, no refusal)
    _shapes_positive(name, mu, names=["mu"])


def _invgauss_scaled_log_tail(z, mu, lower):
    """The log cdf (``lower``) or log sf where ``s = -+(z / mu - 1) / sqrt(2 z) >= 0`` (at and below mu for the cdf,
    at and above for the sf): ``-(z / mu - 1)^2 / (2 z) + log((erfcx(s) +- erfcx(s_b)) / 2)``, ``s_b = (z / mu + 1) /
    sqrt(2 z)``: ``exp(2 / mu) ndtr(-sqrt(2) s_b) = exp(-(z / mu - 1)^2 / (2 z)) erfcx(s_b) / 2``, the exponents
    cancel exactly, no ``exp(2 / mu)`` (through SciPy's log_ndtr sum the derivatives at a small z were inf - inf =
    NaN)."""
    sign = 1.0 if lower else -1.0

    def general(z):
        root = np.sqrt(2.0 * z)
        return -_invgauss_exponent(z, mu) + np.log(0.5 * (sc.erfcx(sign * (1.0 - z / mu) / root)
                                                          + sign * sc.erfcx((z / mu + 1.0) / root)))
    if not lower:
        def far(z):  # (z >= mu: the difference of erfcx's as a sum of positive terms, log r apart)
            u, w = z / mu - 1.0, mu / z
            e = 2.0 * np.arctanh(w)
            series = sum(c * (2.0 * z / (u * u)) ** k * -np.expm1(-(2 * k + 1) * e)
                         for k, c in enumerate(_INVGAUSS_ERFCX_SERIES))
            return -_invgauss_exponent(z, mu) - 0.5 * math.log(math.pi) - np.log(u) + 0.5 * np.log(2.0 * z) + np.log(
                0.5 * series)
        def taylor(z):  # (r < 10, d <= 1: the difference as Taylor's series about the midpoint, positive terms)
            return -_invgauss_exponent(z, mu) + np.log(_invgauss_erfcx_odd_taylor(np.sqrt(0.5 * z) / mu,
                                                                                 np.sqrt(2.0 / z)))

        def near(z):
            pz = np.asarray(_plain(z), dtype=float)
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                pd, pr = np.sqrt(2.0 / pz), (pz / pmu - 1.0) / np.sqrt(2.0 * pz)
            here = (pd <= 1.0) | ((pd <= _INVGAUSS_TAYLOR_D) & (pr >= 1.0))
            return _piecewise(z, np.broadcast_to(here, np.broadcast_shapes(pz.shape, pmu.shape)), general, taylor, pmu,
                              pmu)
        pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            pr = (pz / pmu - 1.0) / np.sqrt(2.0 * pz)
        return _piecewise(z, np.broadcast_to(pr >= _INVGAUSS_FAR_R, np.broadcast_shapes(pz.shape, pmu.shape)),
                          near, far, pmu, np.maximum(2.0 * pmu, 800.0 * _INVGAUSS_FAR_R ** 2 * np.maximum(pmu, 1.0) ** 2))

    def tiny(z):  # (erfcx(x) = (1 - 1 / (2 x^2) + ...) / (x sqrt(pi)), 1 / (2 x^2) below 1e-20 of 1)
        return -_invgauss_exponent(z, mu) + 0.5 * np.log(z * (2.0 / math.pi)) - np.log1p(
            -(z / mu) * (z / mu))
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    return _piecewise(z, np.broadcast_to((pz < _INVGAUSS_TINY_Z) & (pz < 0.25 * pmu), np.broadcast_shapes(
        pz.shape, pmu.shape)), general, tiny, 0.5 * pmu, np.minimum(0.5 * _INVGAUSS_TINY_Z, 0.125 * pmu))


#: Below z = mu, where the sf is below this, invgauss's log sf and log cdf take :func:`_invgauss_levy_sf`
_INVGAUSS_LEVY_SF = 0.25


def _invgauss_levy_sf(z, mu):
    """The sf below ``z = mu``: ``ndtr(a) - exp(2 / mu) ndtr(-b)``, ``a, b = (1 -+ z / mu) / sqrt(z)``, as ``(erf(u -
    v) + erf(u + v)) / 2 - expm1(2 / mu) erfc(u + v) / 2`` (``u = 1 / sqrt(2 z)``, ``v = sqrt(z / 2) / mu``; the
    second term at most ``sqrt(z) / mu`` of the first: where the sf is small below mu, mu is large), the first
    term even in v as Taylor's series ``erf(u) - (2 / sqrt(pi)) exp(-u^2) sum_(k >= 1) H_(2k - 1)(u) v^(2k) /
    (2k)!`` (Hermite's polynomials; through the two erfs its derivative in mu was their derivatives' difference,
    1e-7 off at z = 1e20, mu = 1e30). Through ``1 - exp(log cdf)`` the log cdf's absolute rounding was the sf's
    relative error (a large mu, ``1 << z < mu``, the Levy-like middle): the log sf 3.5e-6 off at z = 1e20, mu =
    1e30, 0.5 at z = 1e30, mu = 1e100 (the quantiles' roots wrong with it). Here ``v^2 <= 1 / (2 mu) < 0.15``
    (``_INVGAUSS_LEVY_TERMS`` terms: the next below 1e-20 of the sum)."""
    u = 1.0 / np.sqrt(2.0 * z)
    v2 = (0.5 * z / mu) / mu
    low, high = 0.0 * u + 1.0, 2.0 * u  # (H_0, H_1)
    power = 0.5 * v2
    total = high * power
    for k in range(2, _INVGAUSS_LEVY_TERMS + 1):
        for n in (2 * k - 3, 2 * k - 2):  # (H_(n + 1) = 2 u H_n - 2 n H_(n - 1), up to H_(2k - 1))
            low, high = high, 2.0 * u * high - 2.0 * n * low
        power = power * v2 / ((2 * k - 1) * (2 * k))
        total = total + high * power
    return sc.erf(u) - (2.0 / math.sqrt(math.pi)) * np.exp(-u * u) * total - np.expm1(2.0 / mu) * 0.5 * sc.erfc(
        u + np.sqrt(v2))


#: The terms of :func:`_invgauss_levy_sf`'s series
_INVGAUSS_LEVY_TERMS = 12


def _invgauss_log_terms(z, mu, lower):
    """The log cdf (``lower``) or log sf on ``z > 0``: on its own side of ``z = mu``
    :func:`_invgauss_scaled_log_tail`, on the other ``log(1 - exp(...))`` of the other tail's (below 1/2 there
    but for a large mu: no cancellation; SciPy's ``a + log1p(exp(b - a))`` lost 1e-13 of the log cdf at z = 40 mu,
    where its two terms nearly cancel), but below ``z = mu`` where the sf is below ``_INVGAUSS_LEVY_SF`` (a large
    mu) the log of :func:`_invgauss_levy_sf` or ``log1p`` of minus it."""
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pmu.shape)
    at = np.broadcast_to(pmu, shape)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        levy = np.broadcast_to((pz < pmu) & (_invgauss_levy_sf(pz, pmu) < _INVGAUSS_LEVY_SF), shape)
    with np.errstate(over="ignore", divide="ignore"):  # (-inf at z = 0 and far out, the truth's rounding)
        def usual(z):
            return _piecewise(z, np.broadcast_to(pz <= pmu if lower else pz >= pmu, shape),
                              lambda z: _log1mexp(_invgauss_scaled_log_tail(z, mu, not lower)),
                              lambda z: _invgauss_scaled_log_tail(z, mu, lower), at, at)
        if not np.any(levy):
            return usual(z)

        def levy_form(z):
            sf = _invgauss_levy_sf(z, np.where(levy, mu, 1e3))  # (elsewhere mu = 1e3 at z = 2: finite)
            return np.log1p(-sf) if lower else np.log(sf)
        return _piecewise(z, levy, usual, levy_form, at, 2.0)


def _invgauss_plain_log_tail(z, mu, lower):
    with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
        return _invgauss_log_terms(np.asarray(z, dtype=float), np.asarray(mu, dtype=float), lower)


def _invgauss_tail(name):
    """The log cdf or log sf (:func:`_invgauss_log_terms`) or their exps, constants with derivatives 0 where the
    other tail's log is below ``_VANISHING_LOG`` (:func:`_vanishing`): near 0 the cdf 0, the sf 1, the log sf 0
    (through ``log1p(-cdf)`` 0 * inf = NaN from z = 1e-205), far out the cdf 1, the log cdf 0, the sf 0."""
    lower, log = name in ("cdf", "logcdf"), name.startswith("log")

    def tail(z, mu, scale):
        pmu = np.asarray(_plain(mu), dtype=float)
        inside = np.broadcast_to(pmu, np.broadcast_shapes(np.shape(_plain(z)), pmu.shape))

        def function(z):
            out = _invgauss_log_terms(z, mu, lower)
            return out if log else np.exp(out)
        guarded = function
        for end_lower, ends in ((True, ("cdf", "sf", "logsf")), (False, ("cdf", "logcdf", "sf"))):
            if name in ends:  # (the value there: the tail's at that end, 0 or 1, or its log)
                at_end = (0.0 if lower else 1.0) if end_lower else (1.0 if lower else 0.0)
                guarded = (lambda f, e, v: lambda z: _vanishing(lambda z: _invgauss_plain_log_tail(z, pmu, e), f, z,
                                                                inside, v))(
                    guarded, end_lower, -0.0 if log else at_end)
        return guarded(z)
    return tail


def _invgauss_density(z, mu, scale):
    """``exp`` of the log density (SciPy's ``_pdf / scale``), 0 with derivatives 0 where the log density is below
    ``_VANISHING_LOG`` (near 0 and far out: its log's derivatives overflow there)."""
    pmu = np.asarray(_plain(mu), dtype=float)
    inside = np.broadcast_to(pmu, np.broadcast_shapes(np.shape(_plain(z)), pmu.shape))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return _vanishing(lambda z: _invgauss_log_density(z, pmu, 1.0), lambda z: np.exp(
            _invgauss_log_density(z, mu, scale)), z, inside, 0.0)


_shape_functions(invgauss, ("mu",), _invgauss_check, [
    (*row[:5], f"round(float(invgauss.{row[0]}(1.0, 2.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z > 0, _invgauss_log_density, -np.inf,
         "``-log(2 pi) / 2 - 1.5 log(z) - (z / mu - 1)^2 / (2 z) - log(scale)`` on ``z > 0``, ``-inf`` at and "
         "below 0 (SciPy's open support).", "-1.043939"),
        ("pdf", lambda z: z > 0, _invgauss_density, 0.0,
         "``exp(-(z / mu - 1)^2 / (2 z)) / (sqrt(2 pi z^3) scale)`` on ``z > 0``, 0 at and below 0.", "0.352065"),
        ("cdf", lambda z: z > 0, _invgauss_tail("cdf"), 0.0,
         "``ndtr((z / mu - 1) / sqrt(z)) + exp(2 / mu) ndtr(-(z / mu + 1) / sqrt(z))`` (in log space: no "
         "overflow of ``exp(2 / mu)``), 0 at and below 0.", "0.490138"),
        ("logcdf", lambda z: z > 0, _invgauss_tail("logcdf"), -np.inf,
         "the log of the cdf, finite where the cdf underflows near 0; ``-inf`` at and below 0.", "-0.713068"),
        ("sf", lambda z: z > 0, _invgauss_tail("sf"), 1.0,
         "``1 - cdf``, as ``ndtr(-(z / mu - 1) / sqrt(z)) - exp(2 / mu) ndtr(-(z / mu + 1) / sqrt(z))`` in log "
         "space; 1 at and below 0.", "0.509862"),
        ("logsf", lambda z: z > 0, _invgauss_tail("logsf"), 0.0,
         "the log of the sf, finite far out where the sf underflows; 0 at and below 0.", "-0.673616"))])


def _invgauss_log_root(p, mu, lower):
    """Plain ``z`` with ``log cdf(z, mu) = log p`` (where ``lower``) or ``log sf(z, mu) = log p``, for flat arrays
    ``0 < p <= 1/2``, ``mu > 0`` (NaN elsewhere): a bracket grown from ``min(mu, 1)`` by the factors ``2^(2^k)`` (0
    or ``inf`` where it passes the smallest or the largest float), then Newton's steps in ``log z`` on ``h = +-(log
    tail - log p)`` (increasing in z), the bracket's geometric midpoint where a step leaves it, until the step is
    below 1e-15 (then taken), ``h`` within its rounding (``1e-15 |log p|``) or the bracket two floats wide. Far out the log tails are nearly linear in z (the
    sf, ``-z / (2 mu^2)``) or in ``log z`` (the sf where ``z << mu^2``, ``-log(z) / 2``; the cdf's ``-1 / (2 z)`` in
    ``1 / z``): a few steps, at most some 70 midpoints."""
    target = np.log(p)
    noise = 1e-15 * np.maximum(1.0, -target)
    sign = np.where(lower, 1.0, -1.0)

    def h(z, i):  # (h and its slope in log z, z pdf / tail)
        log_tail = np.empty(z.shape)
        for side in (True, False):
            s = lower[i] == side
            if np.any(s):
                log_tail[s] = _invgauss_plain_log_tail(z[s], mu[i[s]], side)
        # (beyond |log tail| = 1e4, far past any root, the slope's difference of logs has lost every digit: NaN,
        # a midpoint next; invgauss.isf(1e-100, 1e100) stopped at 9e307 for 6.4e199)
        slope = z * np.exp(_invgauss_log_density(z, mu[i], 1.0) - log_tail)
        return sign[i] * (log_tail - target[i]), np.where(np.abs(log_tail) <= 1e4, slope, np.nan)
    out = np.full(p.shape, np.nan)
    i = np.flatnonzero((p > 0) & (p <= 0.5) & (mu > 0) & np.isfinite(mu))
    z = np.minimum(mu[i], 1.0)
    hz, slope = h(z, i)
    up = hz < 0  # (the root above z)
    lo, hi = np.where(up, z, 0.0), np.where(up, np.inf, z)
    growing = hz != 0  # (NaN h: stops here, NaN out)
    out[i[hz == 0]] = z[hz == 0]
    factor = 2.0
    while np.any(growing):
        g = np.flatnonzero(growing)
        zg = np.where(up[g], np.minimum(z[g] * factor, _DOUBLE_MAX), np.maximum(z[g] / factor, _DOUBLE_TINY))
        hg, sg = h(zg, i[g])
        z[g], hz[g], slope[g] = zg, hg, sg
        found = np.where(up[g], hg >= 0, hg <= 0) | np.isnan(hg)
        lo[g] = np.where(hg < 0, zg, lo[g])
        hi[g] = np.where(hg > 0, zg, hi[g])
        past = ~found & (zg == np.where(up[g], _DOUBLE_MAX, _DOUBLE_TINY))  # (the root beyond the floats)
        out[i[g[past]]] = np.where(up[g[past]], np.inf, 0.0)
        growing[g[found | past]] = False
        out[i[g[(hg == 0)]]] = zg[hg == 0]
        factor *= factor
    active = np.isnan(out[i]) & ~np.isnan(hz)
    for _ in range(200):
        a = np.flatnonzero(active)
        if not a.size:
            break
        step = -hz[a] / slope[a]
        newton = z[a] * np.exp(step)
        inside = (newton > lo[a]) & (newton < hi[a])
        close = (np.abs(step) <= 1e-15) | (np.abs(hz[a]) <= noise[i[a]]) | (hi[a] <= lo[a] * (1.0 + 4e-16))
        finished = close & inside
        out[i[a[finished]]] = newton[finished]
        finished |= close & ~inside
        out[i[a[close & ~inside]]] = z[a[close & ~inside]]
        active[a[finished]] = False
        a, newton, inside = a[~finished], newton[~finished], inside[~finished]
        za = np.where(inside, newton, np.sqrt(lo[a]) * np.sqrt(hi[a]))
        ha, sa = h(za, i[a])
        z[a], hz[a], slope[a] = za, ha, sa
        lo[a] = np.where(ha < 0, za, lo[a])
        hi[a] = np.where(ha > 0, za, hi[a])
    return out


def _invgauss_quantile_plain(upper):
    """The root of ``log tail(z, mu) = log p`` (:func:`_invgauss_log_root`), the tail whose probability ``p`` is at
    most 1/2 there (the sf for isf's ``q < 1/2`` and ppf's ``q > 1/2``, ``p = q`` or ``1 - q``): SciPy's (Boost's)
    root was wrong far out, from q = 1e-57 on (wald.isf(1e-100) 4.4e34 for 443.76, invgauss.isf(1e-300, 1) 4.9e233
    for 1361.4), and raised an error at mu = 1e-300."""
    def plain(q, mu):
        q, mu = np.asarray(q, dtype=float), np.asarray(mu, dtype=float)
        shape = np.broadcast_shapes(q.shape, mu.shape)
        q, mu = (np.array(np.broadcast_to(a, shape), dtype=float).reshape(-1) for a in (q, mu))
        with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
            out = _invgauss_log_root(np.minimum(q, 1.0 - q), mu, (q < 0.5) != upper)
        end = np.where(q == 0, np.inf if upper else 0.0, 0.0 if upper else np.inf)  # (q = 0 and 1)
        return np.where((q == 0) | (q == 1), end, out).reshape(shape)[()]
    return plain


def _invgauss_quantile_dmu(q, mu, quantile):
    """``dx / dmu`` at fixed q (the same for ppf and isf): ``-(d cdf / d mu) / pdf``, where ``d cdf / d mu =
    -(2 / mu^2) exp(2 / mu) ndtr(-(z / mu + 1) / sqrt(z))`` (the two density terms cancel), so ``sqrt(2 pi)
    z^(3/2) erfcx((z / mu + 1) / sqrt(2 z)) / mu^2`` (the Gaussian exponents cancel), as ``sqrt(2 pi) (z / mu)
    (sqrt(z) erfcx(...) / mu)``: through ``z sqrt(z)`` it overflowed from z = 1e205 (invgauss.isf(1e-300, 1e100),
    1.4e203: the truth 2.8e103) and underflowed to 0 below z = 1e-216 (at mu = 1e-300, the truth 1)."""
    z = quantile(q, mu)
    inside = np.isfinite(_plain(z))  # (at q = 1, z = inf: the limit +inf; at q = 0, z = 0: the formula's 0)

    def slope(z):
        return math.sqrt(2.0 * math.pi) * (z / mu) * (np.sqrt(z) * sc.erfcx((z / mu + 1.0) / np.sqrt(2.0 * z)) / mu)
    if np.all(inside):
        return slope(z)
    return np.where(inside, slope(np.where(inside, z, 1.0)), np.inf)


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
        root = Primitive(plain(upper), name=f"wengert.scipy.stats.{dist}.{name}", reenters="any")
        _def_partials(root, lambda q, s, _root=root, _sign=-1.0 if upper else 1.0: dq(q, s, _root, _sign),
                      lambda q, s, _root=root: dshape(q, s, _root))
        primitives.append(root)

    def quantile(name, q, s, loc, scale, upper):
        _shapes_positive(name, s, names=[shape])
        return _located(name, q, loc, scale, lambda q, s: primitives[upper](q, s), shapes=(s,),
                        steep_mixed=steep_mixed)
    return quantile


_quantiles(invgauss, "mu", _root_quantile(
        "invgauss", "mu", _invgauss_quantile_plain, lambda q, mu, quantile, sign: _inverse_slope(
            quantile(q, mu), lambda z: _invgauss_log_density(z, mu, 1.0), lambda pz: (pz > 0) & np.isfinite(pz), 1.0,
            sign), _invgauss_quantile_dmu, steep_mixed=_invgauss_steep), (
    ("``loc + scale x``, ``x`` the root of ``cdf(x, mu) = q`` (of the log tail below 1/2 there).",
     "round(float(invgauss.ppf(0.5, 2.0)), 6)", "1.02846"),
    ("``loc + scale x``, ``x`` the root of ``sf(x, mu) = q`` (of the log tail below 1/2 there).",
     "round(float(invgauss.isf(0.5, 2.0)), 6)", "1.02846")))


def _invgauss_entropy(mu):
    """SciPy's ``(1 + log(2 pi) + 3 log mu) / 2 - 3/2 exp(r) E1(r)``, ``r = 2 / mu``; below r = 1 (a large mu) as
    ``(1 + log(2 pi)) / 2 - 3/2 (expm1(r) log mu + exp(r) (Ein(r) - euler - log 2))``, ``Ein = E1 + euler + log r``
    its series (gompertz's): through ``3/2 log mu - 3/2 exp(r) E1(r)`` the derivative was two terms ``3 / (2 mu)``
    cancelling (1e-12 off at mu = 1e6)."""
    def large_mu(mu):
        r = 2.0 / mu
        return 0.5 * (1.0 + _LOG_2PI) - 1.5 * (np.expm1(r) * np.log(mu) + np.exp(r) * (
            polynomial(r, _GOMPERTZ_EIN) - _EULER - _LOG_2))
    return _piecewise(mu, np.asarray(_plain(mu), dtype=float) > 2.0, lambda mu: 0.5 * (1.0 + _LOG_2PI) + 1.5 * np.log(
        mu) - 1.5 * _scaled_exp1(2.0 / mu), large_mu, 1.0, 4.0)


# mean mu, variance mu^3
_add_moments("invgauss", ("mu",), lambda mu: mu, lambda mu: mu ** 3, _invgauss_entropy,
             lambda name, mu: _shapes_positive(name, mu, names=["mu"]),
             note=" The mean is ``mu``, the variance ``mu^3``.")
_add_quantile_summaries("invgauss")


# -- wald (invgauss at mu = 1) -----------------------------------------------------------------------

__all__ += ["wald"]


class wald:
    """The Wald distribution, as ``scipy.stats.wald``: ``invgauss`` at ``mu = 1`` (the density ``exp(-(z - 1)^2 / (2
    z)) / sqrt(2 pi z^3)`` on ``z = (x - loc) / scale > 0``), with invgauss's functions, bit for bit: its log tails
    finite where the tails underflow, its quantiles differentiated by the inverse function rule, its entropy SciPy's
    closed form. Differentiable in x (or q), loc and scale, to every order. The mean and variance are 1 (times
    ``scale`` and ``scale^2``).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import wald
    >>> round(float(wg.grad_bp(wald.cdf, 1.0)), 6)  # the density at z = 1, 1 / sqrt(2 pi)
    0.398942

    .. versionadded:: 0.1
    """


#: the doctests' values (x = 1.5, q = 0.3, confidence 0.9)
_WALD_EXAMPLES = {"logpdf": "-1.61047", "pdf": "0.199794", "cdf": "0.810768", "logcdf": "-0.209773", "sf": "0.189232",
                  "logsf": "-1.664781", "ppf": "0.429742", "isf": "1.08512", "mean": "1.0", "var": "1.0", "std": "1.0",
                  "entropy": "0.876946", "median": "0.675841", "interval": "[0.184113, 2.922076]"}
for _name in _BORROWED:
    _borrow(wald, _name, (), _taken_call(invgauss, _name, lambda label, arguments: (1.0,)),
            f"``invgauss.{_name}`` at ``mu = 1``.", _borrowed_example("wald", _name), _WALD_EXAMPLES[_name])


# -- loguniform (log x uniform on [log a, log b]) ---------------------------------------------------

__all__ += ["loguniform"]


class loguniform:
    """The log-uniform (reciprocal) distribution, as ``scipy.stats.loguniform`` and ``scipy.stats.reciprocal`` (SciPy's
    two names of it; ``wengert.scipy.stats.reciprocal`` is this class): ``log z`` uniform on ``[log a, log
    b]`` (``pdf = 1 / (z log(b / a))`` on ``a <= z <= b``, ``0 < a < b``), differentiable in x (or q), a, b, loc and
    scale to every order inside its support. ``log(b / a)`` and ``log(z / a)`` are ``log1p`` of a difference
    (SciPy's ``log b - log a`` loses digits as b nears a); the variance is ``a^2 (g(2u) - g(u)^2)``, ``u = log(b /
    a)``, ``g(u) = expm1(u) / u``, its series below u = 1/2 (SciPy's ``E[x^2] - mean^2`` cancels). At the ends
    ``z = a`` and ``z = b`` the density jumps and the tails have kinks: a traced argument there is refused.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import loguniform
    >>> round(float(wg.grad_bp(lambda x: loguniform.cdf(x, 1.0, np.e), 2.0)), 6)  # the density 1 / z
    0.5

    .. versionadded:: 0.1
    """


def _loguniform_check(name, z, a, b):
    """``0 < a < b`` (SciPy gives NaN elsewhere); for a traced x, loc, scale, a or b, no point at an end of the
    support (``z == a`` or ``z == b``), where the density jumps and the tails' one-sided derivatives differ."""
    _shapes_positive(name, a, b, names=["a", "b"])
    pa, pb = _plain(a), _plain(b)
    if np.any(pb <= pa):
        raise ValueError(f"{name}: b must be greater than a (SciPy gives NaN)")
    if z is not None and any(isinstance(v, (Var, Dual)) for v in (z, a, b)):
        pz = _plain(z)
        if np.any((pz == pa) | (pz == pb)):
            raise NoGradientRule(
                f"wengert.scipy.stats.{name} has no derivative at an end of the support (x == loc + a scale or "
                "x == loc + b scale): the density jumps there (from 0 to 1 / (z log(b / a))) and the tails' "
                "one-sided derivatives differ. Evaluate inside or outside the support, or pass the arguments as "
                "constants (wengert.stop_gradient).")


def _log_ratio(x, y):
    """``log(x / y)`` for ``x >= y > 0`` as ``log1p((x - y) / y)``: exact as x nears y (``log x - log y``
    cancels); where the quotient is beyond 1e300 (or overflows), ``log x - log y``, which no longer cancels
    (loguniform(1e-200, 1e200): log1p of inf made its cdf 0 and its median inf)."""
    px, py = np.asarray(_plain(x), dtype=float), np.asarray(_plain(y), dtype=float)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        far = ~((px - py) / py <= 1e300)
    if not np.any(far):
        return np.log1p((x - y) / y)
    xn, yn = np.where(far, 2.0, x), np.where(far, 1.0, y)
    return np.where(far, np.log(np.where(far, x, 2.0)) - np.log(np.where(far, y, 1.0)), np.log1p((xn - yn) / yn))


def _loguniform_width(a, b):
    """``log(b / a)`` (:func:`_log_ratio`: exact as b nears a, where SciPy's ``log b - log a`` cancels)."""
    return _log_ratio(b, a)


def _loguniform_function(name):
    """``name`` on ``a <= z <= b`` (closed, SciPy's support), its constants below and above (derivatives 0)."""
    below, above = {"logpdf": (-np.inf, -np.inf), "pdf": (0.0, 0.0), "cdf": (0.0, 1.0), "logcdf": (-np.inf, 0.0),
                    "sf": (1.0, 0.0), "logsf": (0.0, -np.inf)}[name]

    def inside(z, a, b, scale):
        w = _loguniform_width(a, b)
        if name in ("logpdf", "pdf"):
            log_density = -np.log(z) - np.log(w) - _log_of(scale)
            return log_density if name == "logpdf" else np.exp(log_density)
        pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
        own = name in ("cdf", "logcdf")

        def part(z, lower):  # log(z / a) or log(b / z), over log(b / a)
            return (_log_ratio(z, a) if lower else _log_ratio(b, z)) / w

        def direct(z):
            return part(z, own) if not name.startswith("log") else np.log(part(z, own))

        def mirrored(z):  # 1 - the other tail, where that is below 1/2 (no cancellation of two near-equal logs)
            return 1.0 - part(z, not own) if not name.startswith("log") else np.log1p(-part(z, not own))
        shape = np.broadcast_shapes(pz.shape, pa.shape, pb.shape)
        middle = np.broadcast_to(np.sqrt(pa * pb), shape)
        return _piecewise(z, np.broadcast_to(pz > np.sqrt(pa * pb) if own else pz < np.sqrt(pa * pb), shape), direct,
                          mirrored, middle, middle)

    def function(z, a, b, scale):
        pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
        shape = np.broadcast_shapes(pz.shape, pa.shape, pb.shape)
        low, high = np.broadcast_to(pz < pa, shape), np.broadcast_to(pz > pb, shape)
        out = low | high
        with np.errstate(divide="ignore"):  # (the log tails at the ends: -inf, the truth)
            if not np.any(out):
                return inside(z, a, b, scale)
            middle = np.broadcast_to(0.5 * (pa + pb), shape)
            return np.where(low, below, np.where(high, above, inside(np.where(out, middle, z), a, b, scale)))
    return function


_shape_functions(loguniform, ("a", "b"), _loguniform_check, [
    (*row[:5], f"round(float(loguniform.{row[0]}(1.5, 1.0, 3.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: np.ones(np.shape(z), bool), _loguniform_function("logpdf"), -np.inf,
         "``-log(z) - log(log(b / a)) - log(scale)`` on ``a <= z <= b``, ``-inf`` outside.", "-0.499513"),
        ("pdf", lambda z: np.ones(np.shape(z), bool), _loguniform_function("pdf"), 0.0,
         "``1 / (z log(b / a) scale)`` on ``a <= z <= b``, 0 outside.", "0.606826"),
        ("cdf", lambda z: np.ones(np.shape(z), bool), _loguniform_function("cdf"), 0.0,
         "``log(z / a) / log(b / a)`` on the support, 0 below, 1 above.", "0.36907"),
        ("logcdf", lambda z: np.ones(np.shape(z), bool), _loguniform_function("logcdf"), -np.inf,
         "``log(log(z / a)) - log(log(b / a))`` on the support, ``-inf`` below, 0 above.", "-0.996768"),
        ("sf", lambda z: np.ones(np.shape(z), bool), _loguniform_function("sf"), 1.0,
         "``log(b / z) / log(b / a)`` on the support, 1 below, 0 above.", "0.63093"),
        ("logsf", lambda z: np.ones(np.shape(z), bool), _loguniform_function("logsf"), 0.0,
         "``log(log(b / z)) - log(log(b / a))`` on the support, 0 below, ``-inf`` above.", "-0.460561"))])


def _loguniform_quantile(name, q, a, b, loc, scale, upper):
    """``a (b / a)^q`` (``b (a / b)^q`` for the isf), as ``exp`` of ``q log(b / a)``."""
    _loguniform_check(name, None, a, b)
    w = _loguniform_width(a, b)
    return _located(name, q, loc, scale, lambda q, a, b, w: b * np.exp(-q * w) if upper else a * np.exp(q * w),
                    shapes=(a, b, w))


_quantiles(loguniform, ("a", "b"), _loguniform_quantile, (
    ("``loc + scale a (b / a)^q``.", "round(float(loguniform.ppf(0.5, 1.0, 4.0)), 6)", "2.0"),
    ("``loc + scale b (a / b)^q``.", "round(float(loguniform.isf(0.5, 1.0, 4.0)), 6)", "2.0")))


def _loguniform_variance_series(n):
    """The coefficients of ``Q(u) = (g(2u) - g(u)^2) / (u g(u))^2`` (``g(u) = expm1(u) / u``), exact (fractions):
    the numerator's ``(2^(k + 2) k + 2) / (k + 4)!`` divided by g^2's; Q's poles are g's zeros, ``u = 2 pi i k``."""
    p = [Fraction(2 ** (k + 2) * k + 2, math.factorial(k + 4)) for k in range(n)]
    g = [Fraction(1, math.factorial(k + 1)) for k in range(n)]
    g2 = [sum(g[i] * g[k - i] for i in range(k + 1)) for k in range(n)]
    q: list = []
    for k in range(n):
        q.append(p[k] - sum(q[i] * g2[k - i] for i in range(k)))
    return [float(c) for c in q]


#: ``Q(u) = var / (b - a)^2`` as a series (1/12, 0, -1/240, ...), 40 terms: below 1e-18 of the sum at u = 2
_LOGUNIFORM_VARIANCE_SERIES = _loguniform_variance_series(40)
#: Below this u = log(b / a) loguniform's moments are series in u
_LOGUNIFORM_SERIES_BELOW = 2.0


def _loguniform_g(u):
    """``expm1(u) / u``, its series below ``_LOGUNIFORM_SERIES_BELOW`` (gompertz's coefficients; through the
    quotient its derivatives cancelled as u went to 0, the mean's second derivative 1.5e-7 off at b = a (1 +
    5e-5))."""
    return _piecewise(u, _plain(u) >= _LOGUNIFORM_SERIES_BELOW, lambda u: polynomial(u, _GOMPERTZ_EXPREL),
                      lambda u: np.expm1(u) / u, 1.0, 4.0)


def _loguniform_q(u):
    """``var / (b - a)^2 = (g(2u) - g(u)^2) / (u g(u))^2`` (1/12 at u = 0), the numerator's series below
    ``_LOGUNIFORM_SERIES_BELOW`` (SciPy's ``E[x^2] - mean^2`` cancels as b nears a: 0.8% off at b = 1.00005 a)."""
    def series(u):  # (Q's own series: through P / g^2 its derivative was 1/12 - 1/12 + O(u) at u = 0)
        return polynomial(u, _LOGUNIFORM_VARIANCE_SERIES)

    def direct(u):  # (the same as coth(u / 2) / 2u - 1 / u^2, which never overflows: expm1(2u) did from u = 355)
        return 0.5 / (u * np.tanh(0.5 * u)) - 1.0 / (u * u)
    return _piecewise(u, _plain(u) >= _LOGUNIFORM_SERIES_BELOW, series, direct, 1.0, 4.0)


def _loguniform_var(a, b):
    """``(b - a)^2 Q(log(b / a))``: inf where (b - a)^2 overflows (the truth's rounding; SciPy: NaN, and
    ``(b - a) ** 2`` of Python floats raised OverflowError)."""
    with np.errstate(over="ignore"):
        return np.square(b - a) * _loguniform_q(_loguniform_width(a, b))


def _loguniform_mean(a, b):
    """``(b - a) / log(b / a)``, as ``a g(u)`` (its series) below u = 2 (the difference cancels as b nears a);
    above, the quotient itself (``a expm1(u) / u`` overflowed in expm1 from u = 710)."""
    w = _loguniform_width(a, b)
    return _piecewise(w, _plain(w) >= _LOGUNIFORM_SERIES_BELOW, lambda w: a * _loguniform_g(w),
                      lambda w: (b - a) / w, 1.0, 4.0)


_add_moments("loguniform", ("a", "b"), _loguniform_mean,
             lambda a, b: _loguniform_var(a, b),
             lambda a, b: 0.5 * (np.log(a) + np.log(b)) + np.log(_loguniform_width(a, b)),
             lambda name, a, b: _loguniform_check(name, None, a, b), (1.0, 3.0),
             " The mean is ``(b - a) / log(b / a)``, the variance ``(b^2 - a^2) / (2 log(b / a)) - mean^2`` (as "
             "``(b - a)^2`` times a function of ``log(b / a)``, a series below 2: SciPy's difference cancels as b nears "
             "a).")


@_method(loguniform, "std")
def _loguniform_std(a, b, loc=0.0, scale=1.0):
    """``scale (b - a) sqrt(Q(log(b / a)))`` (``Q = var / (b - a)^2``), in a, b, loc and scale: through ``sqrt(var)``
    the second derivative was two terms ``1 / (b - a)`` cancelling as b nears a (1e-6 off at b = 1.00005 a).

    >>> from wengert.scipy.stats import loguniform
    >>> round(float(loguniform.std(1.0, 3.0, 0.5, 1.5)), 6)
    0.857516
    """
    _loguniform_check("loguniform.std", None, a, b)
    _standardized("loguniform.std", 0.0, 0.0, scale)
    out = scale * ((b - a) * np.sqrt(_loguniform_q(_loguniform_width(a, b))))
    return _in_dtype_of(out + np.zeros(np.broadcast_shapes(*(np.shape(_plain(p)) for p in (a, b, loc, scale)))),
                        a, b, loc, scale)


_add_quantile_summaries("loguniform", (1.0, 3.0))


# -- triang (the triangular distribution on [0, 1] with mode c) --------------------------------------

__all__ += ["triang"]


class triang:
    """The triangular distribution, as ``scipy.stats.triang``: on ``[0, 1]`` with mode ``c`` (``0 <= c <= 1``), the
    density ``2 z / c`` up to c and ``2 (1 - z) / (1 - c)`` after, differentiable in x (or q), c, loc and scale to
    every order away from its kinks. The tails are exact near both ends and both sides of the mode (``1 - z^2 / c`` as
    ``((c - z) + z (1 - z)) / c``: SciPy's sf, ``1 - cdf``, loses the digits of a tail near 1); the quantiles too
    (``1 - sqrt((1 - c)(1 - q))`` as a quotient of sums, SciPy's cancels for a small q). Where ``z`` is 0, c or 1 the
    density's slope jumps: a traced argument there is refused by the density, and by the tails where the density
    itself jumps (``z = c = 0`` or ``1``, the log tails at their ``-inf`` end); elsewhere at those points the tails'
    (and at ``q = c`` the quantiles') first derivatives are the common one-sided ones, their second derivatives
    refused. At ``c = 0`` or ``1`` a derivative in c is the one-sided one, from inside ``[0, 1]``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import triang
    >>> round(float(wg.grad_bp(lambda x: triang.cdf(x, 0.5), 0.25)), 6)  # the density 2 z / c
    1.0

    .. versionadded:: 0.1
    """


def _triang_c(name, c):
    """``0 <= c <= 1`` (SciPy gives NaN elsewhere)."""
    if not np.all((_plain(c) >= 0) & (_plain(c) <= 1)):
        raise ValueError(f"{name}: c must be in [0, 1] (SciPy gives NaN)")


def _refuse_a_jump(name, traced, at, where, why):
    """Refuse (:class:`~wengert.NoGradientRule`) where ``at`` (a plain mask) holds if ``traced``."""
    if traced and np.any(at):
        raise NoGradientRule(f"wengert.scipy.stats.{name} has no derivative where {where}: {why}. Evaluate away from "
                             "it, or pass the arguments as constants (wengert.stop_gradient).")


def _triang_check(name, z, c):
    """``c`` in ``[0, 1]``; for a traced x, loc, scale or c, no point where the function's first derivative jumps:
    the density's at ``z`` = 0, c and 1 (its slope jumps), the tails' where the density jumps (``z = c = 0`` or
    ``1``) and the log cdf's at ``z = 0``, the log sf's at ``z = 1`` (``-inf`` there, an infinite slope inside).
    Where z does not move (only c traced; only scale with x = loc), the ends 0 and 1 are no kink: the density there
    is 0 for every c inside (derivative 0), the log density and the log tail ``-inf`` with the derivative of their
    formula, the limit from inside (``-1/c`` at 0, ``1/(1 - c)`` at 1); only the mode, moving across z, is."""
    _triang_c(name, c)
    _corners_check(name, z, c, c, isinstance(c, (Var, Dual)), (
        "x is loc, loc + c scale or loc + scale",
        "the density's slope jumps there (from 2 / c to -2 / (1 - c) at the mode, from 0 to 2 / c at loc, from -2 / (1 "
        "- c) to 0 at loc + scale; the density itself at c = 0 or 1)",
        "x is loc (at c = 0) or loc + scale (at c = 1)",
        "the density jumps there (from 0 to 2), so the tails' one-sided derivatives differ (the log tail at its -inf "
        "end: 0 outside, +-inf inside)"))


def _corners_check(name, z, c, d, shapes_traced, words):
    """For a traced z (or ``shapes_traced``), no point of a density on ``[0, 1]`` with corners at ``c`` and ``d``
    (triang's mode: c = d) where a function's first derivative jumps: the density's at z = 0, c, d and 1 (its slope
    jumps; at 0 and 1 only where z moves), the tails' where the density jumps (``z = c = 0``, ``z = d = 1``), the log
    cdf's at ``z = 0`` and the log sf's at ``z = 1`` where z moves. ``words``: where and why, for the density's
    refusal, then for the tails'."""
    pz, pc, pd = _plain(z), _plain(c), _plain(d)
    moves = isinstance(z, (Var, Dual))
    traced = moves or shapes_traced
    method = name.split(".")[-1]
    if method in ("pdf", "logpdf"):
        _refuse_a_jump(name, traced, ((pz == 0) | (pz == 1)) & moves | (pz == pc) | (pz == pd), *words[:2])
    _refuse_a_jump(name, traced, ((pz == 0) & ((pc == 0) | (method == "logcdf") & moves))
                   | ((pz == 1) & ((pd == 1) | (method == "logsf") & moves)), *words[2:])


def _kinked_at_mode(x, c, name, where):
    """``x`` marked (:func:`_kinked_at`) so that a second derivative where ``x == c`` raises; ``c`` may be traced."""
    if isinstance(x, (Var, Dual)) or not isinstance(c, (Var, Dual)) or not np.any(x == c):
        return _kinked_at(x, c, name, where)
    return _kinked_at(x + 0.0 * c, c, name, where)


def _triang_sides(z, c, left, right, turn=None):
    """``left(z, c)`` (``2 z / c``'s side) where ``z < turn`` (``c``), ``right(z, c)`` where ``z > turn``; at ``z ==
    turn`` the side whose formula is defined there (the left for ``turn >= 1/2``: c = 0 divides by 0 on the left, c =
    1 on the right). Each side is evaluated on its own points only, the others replaced by a point inside it (no 0 *
    inf)."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c if turn is None else turn), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pc.shape)
    on_right = np.broadcast_to((pz > pc) | ((pz == pc) & (pc < 0.5)), shape)
    return _piecewise(z, on_right, lambda z: left(z, np.where(on_right, 0.5, c)),
                      lambda z: right(z, np.where(on_right, c, 0.5)), 0.25, 0.75)


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


def _log_over(numerator, denominator, difference):
    """``log(numerator / denominator)`` (both >= 0; ``difference`` their difference, formed without rounding where
    they are near): ``log1p(difference / denominator)`` where the quotient is in [1/2, 2] (through the log of the
    quotient triang.logpdf(0.5, 1e-9) was 8e-8 off, through a difference of logs 3.6e-15 at 0), the log of the
    quotient elsewhere, the difference of the logs where the quotient is below the normal numbers."""
    with np.errstate(divide="ignore", under="ignore", invalid="ignore"):
        ratio = _plain(numerator / denominator)
    near, tiny = (ratio >= 0.5) & (ratio <= 2.0), ratio < 1e-300
    if np.all(near):
        return np.log1p(difference / denominator)
    if not np.any(near | tiny):
        return np.log(numerator / denominator)
    with np.errstate(divide="ignore"):  # (log 0 = -inf: the log density at an end of the support)
        return np.where(near, np.log1p(np.where(near, difference, 0.0) / denominator),
                        np.where(tiny, np.log(np.where(tiny, numerator, 1.0)) - np.log(denominator),
                                 np.log(np.where(near | tiny, 1.0, numerator) / denominator)))


def _triang_inside(name):
    """``name`` of ``0 <= z <= 1`` (the tails with their second derivatives refused at z = 0, c and 1)."""
    def inside(z, c, scale):
        if name == "logpdf":
            return _triang_sides(z, c, lambda z, c: _log_over(2.0 * z, c, 2.0 * z - c),
                                 lambda z, c: _log_over(2.0 * (1.0 - z), 1.0 - c, (1.0 - 2.0 * z) + c)) - _log_of(scale)
        if name == "pdf":  # (itself: through exp(log pdf) its second derivative in z, 0, was 1/z^2 - 1/z^2)
            return _triang_sides(z, c, lambda z, c: 2.0 * z / c, lambda z, c: 2.0 * (1.0 - z) / (1.0 - c)) / scale
        where = "x = loc, loc + c scale or loc + scale"
        z = _kinked_at(_kinked_at(_kinked_at_mode(z, c, f"triang.{name}", where), 0.0, f"triang.{name}", where), 1.0,
                       f"triang.{name}", where)

        def left(z, c):  # the cdf z^2 / c, the sf 1 - z^2 / c (as ((c - z) + z (1 - z)) / c where that is below 1/2)
            if name == "logcdf":
                return 2.0 * np.log(z) - np.log(c)
            low = z * z / c
            return low if name == "cdf" else _one_minus(low, ((c - z) + z * (1.0 - z)) / c, name == "logsf")

        def right(z, c):  # the sf (1 - z)^2 / (1 - c), the cdf 1 - that (as ((z - c) + z (1 - z)) / (1 - c) below 1/2)
            if name == "logsf":
                return 2.0 * np.log1p(-z) - np.log1p(-c)
            high = np.square(1.0 - z) / (1.0 - c)
            return high if name == "sf" else _one_minus(high, ((z - c) + z * (1.0 - z)) / (1.0 - c), name == "logcdf")
        return _triang_sides(z, c, left, right)
    return inside


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


def _triang_function(name):
    """``name`` on ``0 <= z <= 1``, outside constants; a stand-in point inside away from the mode (no kink marked
    where the point is outside)."""
    return _closed_support_function(name, _triang_inside(name), lambda c: 1.0, lambda c: np.where(c >= 0.5, 0.25, 0.75))


_shape_functions(triang, ("c",), _triang_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _triang_function(row[0]), row[1], row[2],
     f"round(float(triang.{row[0]}(0.2, 0.4)), 6)", row[3]) for row in (
        ("logpdf", -np.inf, "``log(2 z / c)`` on ``0 <= z <= c``, ``log(2 (1 - z) / (1 - c))`` on ``c <= z <= 1`` "
         "(``- log(scale)``), ``-inf`` outside.", "0.0"),
        ("pdf", 0.0, "``2 z / c`` on ``0 <= z <= c``, ``2 (1 - z) / (1 - c)`` on ``c <= z <= 1`` (over ``scale``), 0 "
         "outside.", "1.0"),
        ("cdf", 0.0, "``z^2 / c`` up to the mode, ``1 - (1 - z)^2 / (1 - c)`` after, 0 below, 1 above.", "0.1"),
        ("logcdf", -np.inf, "``log(cdf)``: ``2 log(z) - log(c)`` up to the mode.", "-2.302585"),
        ("sf", 1.0, "``1 - z^2 / c`` up to the mode, ``(1 - z)^2 / (1 - c)`` after, 1 below, 0 above.", "0.9"),
        ("logsf", 0.0, "``log(sf)``: ``2 log(1 - z) - log(1 - c)`` after the mode.", "-0.105361"))], still=True)


def _one_minus_root(q, c, factors, numerator):
    """``1 - sqrt(a) sqrt(b)`` (``a, b = factors(q, c)``, in [0, 1]) where ``a b <= 1/4``, else ``numerator(q, c) /
    (1 + sqrt(a) sqrt(b))``, ``numerator`` the same ``1 - a b`` as a sum of positive terms (the difference cancels as
    ``a b`` nears 1): each where its derivatives do not cancel (through the quotient everywhere, d/dc of the ppf was
    ``(1 - q) / D`` as ``1 / D - q / D``, 4.5e-12 off at q = 1 - 1e-9), and only on its own points (q = c = 1/2 on
    the other's: no 0 * inf from a root's derivative at 0)."""
    def direct(q, c):
        a, b = factors(q, c)
        return 1.0 - np.sqrt(a) * np.sqrt(b)

    def quotient(q, c):
        a, b = factors(q, c)
        return numerator(q, c) / (1.0 + np.sqrt(a) * np.sqrt(b))
    a, b = factors(_plain(q), _plain(c))
    far = np.broadcast_to(a * b <= 0.25, np.broadcast_shapes(np.shape(_plain(q)), np.shape(_plain(c))))
    if np.all(far):
        return direct(q, c)
    if not np.any(far):
        return quotient(q, c)
    return np.where(far, direct(np.where(far, q, 0.5), np.where(far, c, 0.5)),
                    quotient(np.where(far, 0.5, q), np.where(far, 0.5, c)))


def _triang_quantile(name, q, c, loc, scale, upper):
    """``sqrt(c q)`` up to ``q = c`` (the mode), ``1 - sqrt((1 - c)(1 - q))`` after, written ``(c + q (1 - c)) / (1 +
    sqrt(1 - c) sqrt(1 - q))`` (SciPy's difference cancels for small c and q); the isf at ``1 - q``, without forming
    it. At the mode the first derivatives are the common one-sided ones, the second refused; at ``q = c`` with c = 0
    or 1 (a corner of the support) a traced argument is refused."""
    _triang_c(name, c)
    pq, pc = _plain(q), _plain(c)
    turn = 1.0 - c if upper else c  # (the q of the mode)
    corner = (pq == _plain(turn)) & ((pc == 0) | (pc == 1))
    _refuse_a_jump(name, any(isinstance(v, (Var, Dual)) for v in (q, c)), corner,
                   "q is at the mode with c = 0 or 1", "the quantile's one-sided derivatives there differ (the mode "
                   "is an end of the support)")

    def standard(q, c):
        if upper:  # (the sf (1 - x)^2 / (1 - c) = q after the mode, 1 - x^2 / c = q before it)
            def after(q, c):
                return _one_minus_root(q, c, lambda q, c: (1.0 - c, q), lambda q, c: (1.0 - q) + c * q)

            def before(q, c):
                return np.sqrt(c) * np.sqrt(1.0 - q)
            q = _kinked_at_mode(q, 1.0 - c, name, "q = 1 - c (the mode)")
            return _triang_sides(q, c, after, before, 1.0 - c)

        def up(q, c):
            return np.sqrt(c) * np.sqrt(q)

        def down(q, c):
            return _one_minus_root(q, c, lambda q, c: (1.0 - c, 1.0 - q), lambda q, c: c + q * (1.0 - c))
        q = _kinked_at_mode(q, c, name, "q = c (the mode)")
        return _triang_sides(q, c, up, down)
    return _located(name, q, loc, scale, standard, shapes=(c,), steep_mixed=_triang_steep)


_quantiles(triang, "c", _triang_quantile, (
    ("``loc + scale sqrt(c q)`` up to ``q = c``, ``loc + scale (1 - sqrt((1 - c)(1 - q)))`` after.",
     "round(float(triang.ppf(0.1, 0.4)), 6)", "0.2"),
    ("``ppf(1 - q)``: ``loc + scale (1 - sqrt((1 - c) q))`` up to ``q = 1 - c``, ``loc + scale sqrt(c (1 - q))`` "
     "after.", "round(float(triang.isf(0.9, 0.4)), 6)", "0.2")))

_add_moments("triang", ("c",), lambda c: (1.0 + c) / 3.0, lambda c: (1.0 - c + c * c) / 18.0,
             lambda c: 0.5 - _LOG_2 + 0.0 * c, lambda name, c: _triang_c(name, c), 0.4,
             " The mean is ``(1 + c) / 3``, the variance ``(1 - c + c^2) / 18``; the entropy ``1/2 - log 2`` does not "
             "depend on c.")
_add_quantile_summaries("triang", (0.4,))


# -- trapezoid (the trapezoidal distribution on [0, 1], flat from c to d) ------------------------------

__all__ += ["trapezoid"]


class trapezoid:
    """The trapezoidal distribution, as ``scipy.stats.trapezoid``: on ``[0, 1]``, with ``s = 1 + d - c``, the density
    ``2 z / (c s)`` up to c, ``2 / s`` from c to d and ``2 (1 - z) / ((1 - d) s)`` after (``0 <= c <= d <= 1``),
    differentiable in x (or q), c, d, loc and scale to every order away from its corners. Each tail is a sum of
    positive terms on each piece (``1 - z^2 / (c s)`` as ``((c - z)(c + z) + c (1 - c) + c (d - c)) / (c s)`` where
    it is above 1/2: SciPy's sf, ``1 - cdf``, loses the digits of a tail near 1), the quantiles too (``1 - sqrt((1 -
    d)(1 - q) s)`` as a quotient of sums). Where ``z`` is 0, c, d or 1 the density's slope jumps: a traced argument
    there is refused by the density, and by the tails where the density itself jumps (``z = c = 0``, ``z = d = 1``, the
    log tails at their ``-inf`` end); elsewhere at those points the tails' (and at the corners' q the quantiles')
    first derivatives are the common one-sided ones, their second derivatives refused. triang is trapezoid at ``c =
    d``, uniform at ``c = 0, d = 1``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import trapezoid
    >>> round(float(wg.grad_bp(lambda x: trapezoid.cdf(x, 0.25, 0.75), 0.5)), 6)  # the density 2 / s
    1.333333

    .. versionadded:: 0.1
    """


def _trapezoid_shapes(name, c, d):
    """``0 <= c <= d <= 1`` (SciPy gives NaN elsewhere)."""
    pc, pd = _plain(c), _plain(d)
    if not np.all((pc >= 0) & (pc <= pd) & (pd <= 1)):
        raise ValueError(f"{name}: c and d must satisfy 0 <= c <= d <= 1 (SciPy gives NaN)")


def _trapezoid_check(name, z, c, d):
    """The shapes (:func:`_trapezoid_shapes`); for a traced x, loc, scale, c or d, no point where the function's
    first derivative jumps: the density's at ``z`` = 0, c, d and 1 (its slope jumps), the tails' where the density
    jumps (``z = c = 0``, ``z = d = 1``) and the log cdf's at ``z = 0``, the log sf's at ``z = 1`` (``-inf`` there, an
    infinite slope inside), as triang's (:func:`_corners_check`)."""
    _trapezoid_shapes(name, c, d)
    _corners_check(name, z, c, d, isinstance(c, (Var, Dual)) or isinstance(d, (Var, Dual)), (
        "x is loc, loc + c scale, loc + d scale or loc + scale",
        "the density's slope jumps there (the density itself at c = 0 or d = 1)",
        "x is loc (at c = 0) or loc + scale (at d = 1)",
        "the density jumps there (from 0 to 2 / s), so the tails' one-sided derivatives differ (the log tail at its "
        "-inf end: 0 outside, +-inf inside)"))


def _trapezoid_pieces(z, c, d, left, middle, right, turns=None):
    """``left(z, c, d)`` where ``z < c``, ``middle`` where ``c <= z <= d``, ``right`` where ``z > d`` (``turns``:
    the two points in place of c and d, plain or traced), each evaluated on its own points only, the others replaced
    by a point inside it and shapes where it is defined (no division by c = 0 or 1 - d = 0, no 0 * inf)."""
    low, high = (c, d) if turns is None else turns
    pz, pl, ph = (np.asarray(_plain(v), dtype=float) for v in (z, low, high))
    shape = np.broadcast_shapes(pz.shape, pl.shape, ph.shape, np.shape(_plain(c)), np.shape(_plain(d)))
    masks = [np.broadcast_to(pz < pl, shape), np.broadcast_to((pz >= pl) & (pz <= ph), shape),
             np.broadcast_to(pz > ph, shape)]
    out = None
    for mask, form, stand_ins in zip(masks, (left, middle, right), ((0.25, 0.5, 0.75), (0.5, 0.25, 0.75),
                                                                    (0.75, 0.25, 0.5))):
        if not np.any(mask):
            continue
        if np.all(mask):
            return form(z, c, d)
        value = form(*(np.where(mask, v, s) for v, s in zip((z, c, d), stand_ins)))
        out = value if out is None else np.where(mask, value, out)
    return out


def _trapezoid_inside(name):
    """``name`` of ``0 <= z <= 1`` (the tails with their second derivatives refused at z = 0, c, d and 1)."""
    def inside(z, c, d, scale):
        if name == "logpdf":
            return _trapezoid_pieces(z, c, d, lambda z, c, d: np.log(2.0 * z / (c * (1.0 + d - c))),
                                     lambda z, c, d: _LOG_2 - np.log1p(d - c) + 0.0 * z,
                                     lambda z, c, d: np.log(2.0 * (1.0 - z) / ((1.0 - d) * (1.0 + d - c)))) \
                - _log_of(scale)
        if name == "pdf":
            return _trapezoid_pieces(z, c, d, lambda z, c, d: 2.0 * z / (c * (1.0 + d - c)),
                                     lambda z, c, d: 2.0 / (1.0 + d - c) + 0.0 * z,
                                     lambda z, c, d: 2.0 * (1.0 - z) / ((1.0 - d) * (1.0 + d - c))) / scale
        where = "x = loc, loc + c scale, loc + d scale or loc + scale"
        full = f"trapezoid.{name}"
        z = _kinked_at(_kinked_at(_kinked_at_mode(_kinked_at_mode(z, c, full, where), d, full, where), 0.0, full,
                                  where), 1.0, full, where)
        log = name.startswith("log")

        def left(z, c, d):  # the cdf z^2 / (c s); the sf 1 - that, as a sum where that is below 1/2
            s = 1.0 + d - c
            if name == "logcdf":
                return 2.0 * np.log(z) - np.log(c) - np.log1p(d - c)
            low = z * z / (c * s)
            if name == "cdf":
                return low
            return _one_minus(low, ((c - z) * (c + z) + c * (1.0 - c) + c * (d - c)) / (c * s), log)

        def middle(z, c, d):  # the cdf (z + (z - c)) / s, the sf ((1 - z) + (d - z)) / s; a log as log1p(-other)
            s = 1.0 + d - c  # (where the other is below 1/2: log(sf) near 0 at a small z kept its rounding)
            low, high = (z + (z - c)) / s, ((1.0 - z) + (d - z)) / s
            if not log:
                return low if name == "cdf" else high
            return _one_minus(high, low, True) if name == "logcdf" else _one_minus(low, high, True)

        def right(z, c, d):  # the sf (1 - z)^2 / ((1 - d) s); the cdf 1 - that, as a sum where that is below 1/2
            if name == "logsf":
                return 2.0 * np.log1p(-z) - np.log1p(-d) - np.log1p(d - c)
            s = 1.0 + d - c
            high = np.square(1.0 - z) / ((1.0 - d) * s)
            if name == "sf":
                return high
            return _one_minus(high, ((z - d) * (2.0 - d - z) + (1.0 - d) * (2.0 * d - c)) / ((1.0 - d) * s), log)
        return _trapezoid_pieces(z, c, d, left, middle, right)
    return inside


def _trapezoid_function(name):
    """``name`` on ``0 <= z <= 1``, outside constants; a stand-in point inside the flat part (or the triangle's
    larger side, at c = d), away from the corners."""
    return _closed_support_function(name, _trapezoid_inside(name), lambda c, d: 1.0,
                                    lambda c, d: np.where(d - c > 0.0, 0.5 * (c + d), np.where(c >= 0.5, 0.5 * c,
                                                                                           0.5 * (1.0 + c))))


_shape_functions(trapezoid, ("c", "d"), _trapezoid_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _trapezoid_function(row[0]), row[1], row[2],
     f"round(float(trapezoid.{row[0]}(0.2, 0.4, 0.8)), 6)", row[3]) for row in (
        ("logpdf", -np.inf, "``log(2 z / (c s))`` up to c, ``log(2 / s)`` to d, ``log(2 (1 - z) / ((1 - d) s))`` after "
         "(``- log(scale)``; ``s = 1 + d - c``), ``-inf`` outside.", "-0.336472"),
        ("pdf", 0.0, "``2 z / (c s)`` up to c, ``2 / s`` to d, ``2 (1 - z) / ((1 - d) s)`` after (over ``scale``; ``s "
         "= 1 + d - c``), 0 outside.", "0.714286"),
        ("cdf", 0.0, "``z^2 / (c s)`` up to c, ``(2 z - c) / s`` to d, ``1 - (1 - z)^2 / ((1 - d) s)`` after, 0 below, "
         "1 above.", "0.071429"),
        ("logcdf", -np.inf, "``log(cdf)``: ``2 log(z) - log(c s)`` up to c.", "-2.639057"),
        ("sf", 1.0, "``1 - z^2 / (c s)`` up to c, ``(1 + d - 2 z) / s`` to d, ``(1 - z)^2 / ((1 - d) s)`` after, 1 "
         "below, 0 above.", "0.928571"),
        ("logsf", 0.0, "``log(sf)``: ``2 log(1 - z) - log((1 - d) s)`` after d.", "-0.074108"))], still=True)


def _trapezoid_steep(lower, c, d):
    """``sqrt(c s q)`` at 0 (+ in c and d: ``c s`` grows with both), ``1 - sqrt((1 - d) s (1 - q))`` at 1 (-: ``(1 -
    d) s`` shrinks as c or d grows)."""
    sign = np.where(lower, 1.0, -1.0)
    return (sign, sign)


def _trapezoid_quantile(name, q, c, d, loc, scale, upper):
    """``sqrt(c s q)`` up to ``q = c / s`` (the corner c), ``(c + q s) / 2`` to ``q = (2 d - c) / s`` (the corner d),
    ``1 - sqrt((1 - d) s (1 - q))`` after, written as a quotient of sums (:func:`_one_minus_root`); the isf at ``1 -
    q``, without forming it. At the corners the first derivatives are the common one-sided ones, the second refused
    (a corner at an end of the support, c = 0 or d = 1, is at q = 0 or 1: the middle piece's end there). At the
    steep ends d2/dq dc and d2/dq dd are infinite (:func:`_trapezoid_steep`) but where the slope's factor does not
    move with the shape: d at the upper end at c = d = 0 (``(1 - d) s`` has d-derivative ``c - 2 d = 0``), c at the
    lower end at c = d = 1 (``c s``'s ``1 + d - 2 c = 0``), where the limit is 0: a traced d (c) there is refused."""
    _trapezoid_shapes(name, c, d)
    pq, pc, pd = (np.asarray(_plain(v), dtype=float) for v in (q, c, d))
    for shape, end, at in (("d", 1.0, (pc == 0) & (pd == 0)), ("c", 0.0, (pc == 1) & (pd == 1))):
        _refuse_a_jump(name, isinstance(d if shape == "d" else c, (Var, Dual)),
                       (pq == (1.0 - end if upper else end)) & at, f"q is at the steep end {end:g} of ppf with c = d "
                       f"= {1.0 - end:g}", f"d2/dq d{shape} there is the limit 0 of the infinite slope's derivative in "
                       f"{shape}, not the infinity declared at every other shape")

    def standard(q, c, d):
        s = 1.0 + d - c
        first, second = c / s, (2.0 * d - c) / s  # (the cdf at the corners)

        def factor(d):  # ((1 - d) s, in [0, 1]; 1 minus it is d^2 + c (1 - d): as 1 minus that below d = 1/2,
            # where the product's d-derivative -(1 + d - c) + (1 - d) cancelled, 2e-11 of ppf's at d = 1e-6)
            return np.where(_plain(d) < 0.5, 1.0 - (d * d + c * (1.0 - d)), (1.0 - d) * (1.0 + d - c))
        if upper:  # (the sf (1 - x)^2 / ((1 - d) s) = q after d, ((1 - x) + (d - x)) / s to c, 1 - x^2 / (c s) before)
            turns = (1.0 - second, 1.0 - first)
            q = _kinked_at_mode(_kinked_at_mode(q, turns[0], name, "the corners"), turns[1], name, "the corners")
            return _trapezoid_pieces(
                q, c, d, lambda q, c, d: _one_minus_root(q, d + 0.0 * c, lambda q, d: (factor(d), q),
                                                        lambda q, d: (1.0 - q) * factor(d) + d * d + c * (1.0 - d)),
                lambda q, c, d: 0.5 * (c + (1.0 - q) * (1.0 + d - c)),  # ((1 + d) - q s cancelled near q = 1)
                lambda q, c, d: np.sqrt(c * (1.0 + d - c)) * np.sqrt(1.0 - q), turns=turns)
        q = _kinked_at_mode(_kinked_at_mode(q, first, name, "the corners"), second, name, "the corners")
        return _trapezoid_pieces(
            q, c, d, lambda q, c, d: np.sqrt(c * (1.0 + d - c)) * np.sqrt(q),
            lambda q, c, d: 0.5 * (c + q * (1.0 + d - c)),
            lambda q, c, d: _one_minus_root(q, d + 0.0 * c, lambda q, d: (factor(d), 1.0 - q),
                                            lambda q, d: q * factor(d) + d * d + c * (1.0 - d)), turns=(first, second))
    return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(c, d), steep_mixed=_trapezoid_steep),
                        q, c, d, loc, scale)


_quantiles(trapezoid, ("c", "d"), _trapezoid_quantile, (
    ("``loc + scale sqrt(c s q)`` up to ``q = c / s``, ``loc + scale (c + q s) / 2`` to ``q = (2 d - c) / s``, ``loc "
     "+ scale (1 - sqrt((1 - d) s (1 - q)))`` after (``s = 1 + d - c``).",
     "round(float(trapezoid.ppf(0.5, 0.2, 0.8)), 6)", "0.5"),
    ("``ppf(1 - q)``, formed without ``1 - q``.", "round(float(trapezoid.isf(0.5, 0.2, 0.8)), 6)", "0.5")))

_add_moments("trapezoid", ("c", "d"), lambda c, d: (1.0 + d + d * d - c * c) / (3.0 * (1.0 + d - c)),
             lambda c, d: (1.0 + d + d * d + d ** 3 - c ** 3) / (6.0 * (1.0 + d - c))
             - np.square((1.0 + d + d * d - c * c) / (3.0 * (1.0 + d - c))),
             lambda c, d: 1.0 / (1.0 + d - c) - 0.5 + np.log1p(d - c) - _LOG_2,
             lambda name, c, d: _trapezoid_shapes(name, c, d), (0.2, 0.8),
             " With ``s = 1 + d - c``: the mean ``(1 + d + d^2 - c^2) / (3 s)``, the variance ``(1 + d + d^2 + d^3 - "
             "c^3) / (6 s)`` minus its square, the entropy ``1/s - 1/2 + log(s / 2)``.")
_add_quantile_summaries("trapezoid", (0.2, 0.8))


# -- truncexpon (the exponential distribution truncated to [0, b]) ----------------------------------

__all__ += ["truncexpon"]


class truncexpon:
    """The truncated exponential distribution, as ``scipy.stats.truncexpon``: ``exp(-z) / (1 - exp(-b))`` on ``0 <= z
    <= b`` (``b > 0``), differentiable in x (or q), b, loc and scale to every order inside its support. The tails
    are exact at both ends (the sf ``-exp(-z) expm1(z - b)``; each log tail ``log1p(-the other)`` where the other is
    below 1/2, finite far out where the tail underflows); the quantiles ``-log(exp(-b) + (1 - q)(1 - exp(-b)))`` near
    q = 1 (SciPy's ``-log1p(q expm1(-b))`` cancels there); the mean ``1 - b / expm1(b)`` and the variance ``1 - (u /
    sinh u)^2`` (``u = b / 2``) from series of their differences below b = 2 and u = 2 (SciPy's moments cancel as b
    goes to 0). At the ends ``z = 0`` and ``z = b`` the density jumps: a traced argument there is refused.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import truncexpon
    >>> round(float(wg.grad_bp(lambda x: truncexpon.logpdf(x, 2.0), 1.0)), 6)  # -1
    -1.0

    .. versionadded:: 0.1
    """


def _truncexpon_check(name, z, b):
    """``b > 0`` (SciPy gives NaN elsewhere); for a traced x, loc, scale or b, no point at an end of the support
    (``z == 0`` or ``z == b``), where the density jumps and the tails' one-sided derivatives differ. Where z does not
    move (only b traced; only scale with x = loc) the end 0 stays: the functions there are differentiable in b and
    scale (the density ``1 / ((1 - exp(-b)) scale)``, the sf 1); the end b still moves across z."""
    _shapes_positive(name, b, names=["b"])
    if z is not None and any(isinstance(v, (Var, Dual)) for v in (z, b)):
        pz = _plain(z)
        _refuse_a_jump(name, True, (pz == 0) & isinstance(z, (Var, Dual)) | (pz == _plain(b)),
                       "x is loc or loc + b scale (an end of the support)",
                       "the density jumps there (from 0 to exp(-z) / (1 - exp(-b))), so its one-sided derivatives "
                       "and the tails' differ")


def _truncexpon_inside(name):
    """``name`` of ``0 <= z <= b``."""
    def inside(z, b, scale):
        log_mass = _log1mexp(-b)  # log(1 - exp(-b))
        if name == "logpdf":
            return -z - log_mass - _log_of(scale)
        if name == "pdf":
            return np.exp(-z) / (-np.expm1(-b) * scale)
        cdf = -np.expm1(-z) / -np.expm1(-b)
        # (1 - cdf where the cdf is below 1/2: through the direct form d/db cancelled, 5e-10 off at z = 1e-7)
        sf = _one_minus(cdf, np.exp(-z) * (0.0 - np.expm1(z - b)) / -np.expm1(-b), False)
        if name in ("cdf", "sf"):
            return cdf if name == "cdf" else sf
        pz, pb = np.asarray(_plain(z), dtype=float), np.asarray(_plain(b), dtype=float)
        safe = np.broadcast_to(0.5 * pb, np.broadcast_shapes(pz.shape, pb.shape))
        small = _plain(sf if name == "logcdf" else cdf) < 0.5  # (log1p(-the other tail) there)
        if name == "logcdf":
            return _piecewise(z, small, lambda z: _log1mexp(-z) - log_mass,
                              lambda z: np.log1p(-np.exp(-z) * -np.expm1(z - b) / -np.expm1(-b)), safe, safe)
        return _piecewise(z, small, lambda z: -z + _log1mexp(z - b) - log_mass,
                          lambda z: np.log1p(np.expm1(-z) / -np.expm1(-b)), safe, safe)
    return inside


def _truncexpon_function(name):
    """``name`` on ``0 <= z <= b``, outside constants."""
    return _closed_support_function(name, _truncexpon_inside(name), lambda b: b, lambda b: 0.5 * b)


_shape_functions(truncexpon, ("b",), _truncexpon_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _truncexpon_function(row[0]), row[1], row[2],
     f"round(float(truncexpon.{row[0]}(0.5, 2.0)), 6)", row[3]) for row in (
        ("logpdf", -np.inf, "``-z - log(1 - exp(-b)) - log(scale)`` on ``0 <= z <= b``, ``-inf`` outside.",
         "-0.354587"),
        ("pdf", 0.0, "``exp(-z) / ((1 - exp(-b)) scale)`` on ``0 <= z <= b``, 0 outside.", "0.701463"),
        ("cdf", 0.0, "``(1 - exp(-z)) / (1 - exp(-b))`` on the support, 0 below, 1 above.", "0.455054"),
        ("logcdf", -np.inf, "``log(cdf)`` (``log1p(-sf)`` where the sf is below 1/2).", "-0.787339"),
        ("sf", 1.0, "``(exp(-z) - exp(-b)) / (1 - exp(-b))`` on the support, 1 below, 0 above.", "0.544946"),
        ("logsf", 0.0, "``-z + log(1 - exp(z - b)) - log(1 - exp(-b))`` (``log1p(-cdf)`` where the cdf is below "
         "1/2).", "-0.607069"))], still=True)


def _truncexpon_quantile(name, q, b, loc, scale, upper):
    """``-log1p(-q (1 - exp(-b)))`` for the smaller q (of the ppf; ``1 - q`` of the isf), ``-log(exp(-b) + p (1 -
    exp(-b)))`` with ``p = 1 - q`` (of the ppf; ``q`` of the isf) for the other: sums of positive terms."""
    _shapes_positive(name, b, names=["b"])

    def standard(q):
        mass = -np.expm1(-b)
        p = _plain(q)
        low = (p > 0.5) if upper else (p < 0.5)  # (where the ppf's own q, or the isf's 1 - q, is below 1/2)

        def near_zero(q):  # the point where the cdf is the small p
            return -np.log1p(-(1.0 - q if upper else q) * mass)

        def far(q):  # (b - log1p(p expm1(b)) where p expm1(b) <= 1: through -log(exp(-b) + p (1 - exp(-b))) the
            p = q if upper else 1.0 - q  # second derivative in b was two terms near 1 cancelling, 8e-9 off at q =
            with np.errstate(over="ignore"):  # 1 - 1e-9; beyond, that form (the other's d/db cancels, 1 - 1)
                small = _plain(p) * np.expm1(_plain(b)) <= 1.0
            return _piecewise(b, ~small, lambda b: b - np.log1p(p * np.expm1(b)),
                              lambda b: -np.log(np.exp(-b) + p * -np.expm1(-b)), 1.0, 800.0)
        return _piecewise(q, ~np.broadcast_to(low, np.shape(low)), near_zero, far, 0.5, 0.5)
    return _located(name, q, loc, scale, standard)


_quantiles(truncexpon, "b", _truncexpon_quantile, (
    ("``loc - scale log1p(-q (1 - exp(-b)))``.", "round(float(truncexpon.ppf(0.5, 2.0)), 6)", "0.566219"),
    ("``ppf(1 - q)``: ``loc - scale log(exp(-b) + q (1 - exp(-b)))``.", "round(float(truncexpon.isf(0.5, 2.0)), 6)",
     "0.566219")))


#: Below this b (u = b / 2 for the variance) truncexpon's mean and variance take the series of their differences
_TRUNCEXPON_SERIES_BELOW = 2.0
#: ``expm1(b) - b`` and ``sinh(u) - u``: 1 / k! for k = 2..31 (below 1e-17 of the sums at 2)
_EXPM1_MINUS_X = tuple(1.0 / math.factorial(k) for k in range(2, 32))


def _truncexpon_mean(b):
    """``1 - b / expm1(b)``: ``b P(b) / g(b)`` below b = 2, ``P = (expm1(b) - b) / b^2`` and ``g = expm1(b) / b`` their
    series (the difference cancels as b goes to 0, where the mean is b / 2; through ``b^2 P / expm1(b)`` the second
    derivative 2e-9 off at b = 1e-6); above, ``1 - b exp(-b) / (1 - exp(-b))`` (no overflow)."""
    def direct(b):
        return 1.0 - b * np.exp(-b) / -np.expm1(-b)
    return _piecewise(b, _plain(b) >= _TRUNCEXPON_SERIES_BELOW, lambda b: b * _truncexpon_mean_series(b), direct,
                      1.0, 4.0)


def _truncexpon_mean_series(b):
    """``P(b) / g(b)`` (:func:`_truncexpon_mean`), the mean over b: its series, for b below 2."""
    return polynomial(b, _EXPM1_MINUS_X) / polynomial(b, _GOMPERTZ_EXPREL)


def _truncexpon_var_parts(u):
    """``P = (sinh u - u) / u^3`` and ``S = sinh(u) / u``, series: ``var = u^2 P (S + 1) / S^2``."""
    return polynomial(u * u, _EXPM1_MINUS_X[1::2]), polynomial(u * u, (1.0,) + _EXPM1_MINUS_X[1::2])


def _truncexpon_var_direct(u):
    return 1.0 - np.square(2.0 * u * np.exp(-u) / -np.expm1(-2.0 * u))


def _truncexpon_var(b):
    """``1 - (u / sinh u)^2``, ``u = b / 2``: ``u^2 P (S + 1) / S^2`` (:func:`_truncexpon_var_parts`) below u = 2 (the
    difference cancels as b goes to 0, where the variance is b^2 / 12; SciPy's ``E[x^2] - mean^2`` too); above,
    ``1 - (2 u exp(-u) / (1 - exp(-2u)))^2`` (no overflow)."""
    def series(u):
        p, s = _truncexpon_var_parts(u)
        return u * u * p * (s + 1.0) / (s * s)
    u = 0.5 * b
    return _piecewise(u, _plain(u) >= _TRUNCEXPON_SERIES_BELOW, series, _truncexpon_var_direct, 1.0, 4.0)


_add_moments("truncexpon", ("b",), _truncexpon_mean, _truncexpon_var, lambda b: _truncexpon_mean(b) + _log1mexp(-b),
             _shapes_positive, 2.0,
             " The mean is ``1 - b / expm1(b)``, the variance ``1 - (b / 2)^2 / sinh(b / 2)^2`` (their differences "
             "from series below 2: SciPy's cancel as b goes to 0).")


@_method(truncexpon, "std")
def _truncexpon_std(b, loc=0.0, scale=1.0):
    """``scale u sqrt(P (S + 1)) / S`` below u = b / 2 = 2 (``var = u^2 P (S + 1) / S^2``), ``scale sqrt(var)`` above:
    through ``sqrt(var)`` the second derivative cancelled as b goes to 0 (1.4% off at b = 1e-6).

    >>> from wengert.scipy.stats import truncexpon
    >>> round(float(truncexpon.std(2.0, 0.5, 1.5)), 6)
    0.787948
    """
    _shapes_positive("truncexpon.std", b, names=["b"])
    _standardized("truncexpon.std", 0.0, 0.0, scale)

    def series(u):
        p, s = _truncexpon_var_parts(u)
        return u * np.sqrt(p * (s + 1.0)) / s
    u = 0.5 * b
    out = scale * _piecewise(u, _plain(u) >= _TRUNCEXPON_SERIES_BELOW, series,
                             lambda u: np.sqrt(_truncexpon_var_direct(u)), 1.0, 4.0)
    return _in_dtype_of(out + np.zeros(np.broadcast_shapes(*(np.shape(_plain(p)) for p in (b, loc, scale)))),
                        b, loc, scale)


_add_quantile_summaries("truncexpon")


# -- recipinvgauss (the reciprocal of an inverse Gaussian variable) ---------------------------------

__all__ += ["recipinvgauss"]


class recipinvgauss:
    """The reciprocal inverse Gaussian distribution, as ``scipy.stats.recipinvgauss``: ``1 / y`` for ``y`` invgauss's
    at the same mu, the density ``exp(-(1 - mu z)^2 / (2 mu^2 z)) / sqrt(2 pi z)`` on ``z = (x - loc) / scale > 0``;
    differentiable in x (or q), mu, loc and scale, to every order. The tails are invgauss's at ``1 / z`` (the cdf its
    sf: SciPy's ``ndtr(-(1/mu - z) / sqrt(z)) - exp(2 / mu) ndtr(...)`` cancels, its ``cdf(0.2, 0.1)`` is 1.5e-12
    relative off, its ``logcdf(1, 0.01)`` raises), finite where they underflow; the log sf above ``z = 1 / mu`` is
    invgauss's scaled form written in z, the log cdf below ``z = 1e-20`` (and ``1e-20 / mu^2``) the leading terms of
    its asymptotic series in z (through ``1 / z`` their derivatives met 0 * inf, or cancelled), and the tails and the
    density are constants with derivatives 0 where they vanish. The quantiles ``1 / isf`` and ``1 / ppf`` of
    invgauss's (roots, by the inverse function rule: SciPy's ``isf(1e-100, 1)`` is 100 for 455.94, its ``ppf(1 -
    1e-10, 1)`` 2e-8 relative off); the mean ``1 + 1/mu`` and the variance ``2 + 1/mu`` (SciPy integrates them); no
    entropy (SciPy integrates it).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import recipinvgauss
    >>> round(float(wg.grad_bp(lambda x: recipinvgauss.cdf(x, 1.0), 1.0)), 6)  # the density at 1: 1 / sqrt(2 pi)
    0.398942

    .. versionadded:: 0.1
    """


#: Below this z (and ``_RECIPINVGAUSS_TINY / mu^2``) recipinvgauss's log cdf is ``-E + log(2 / pi) / 2 + 2 log mu +
#: 3/2 log z - log1p(-(mu z)^2)`` (invgauss's log sf's far series at ``1 / z``, its next term ``-3 mu^2 z``), in z:
#: through ``1 / z`` its derivatives were a derivative that overflows times one that underflows
_RECIPINVGAUSS_TINY = 1e-20


def _recipinvgauss_exponent(z, mu):
    """``(1 - mu z)^2 / (2 mu^2 z)``, invgauss's exponent at ``1 / z``, in z (no ``1 / z`` in the chain rule): between
    ``z = 1 / (4 mu)`` and ``4 / mu`` SciPy's, as ``u (u / (2 mu^2 z))`` (``u = 1 - mu z``), outside expanded, ``1 /
    (2 mu^2 z) - 1 / mu + z / 2`` (one term at least twice the rest), as invgauss's (:func:`_invgauss_exponent`): its
    exponent at ``mu^2 z`` lost d/dmu far out (``2 z - 2 z + 1``: 0 for -1 at z = 1e19, mu = 1)."""
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    expanded_here = np.broadcast_to((pz * pmu < 0.25) | (pz * pmu > 4.0), np.broadcast_shapes(pz.shape, pmu.shape))

    def scipys(z):
        u = 1.0 - mu * z
        return u * (u / (2.0 * mu * mu * z))
    return _piecewise(z, expanded_here, scipys, lambda z: 0.5 / (mu * mu * z) - 1.0 / mu + 0.5 * z, 1.0 / pmu,
                      8.0 / pmu)


#: ``-log(z) / 2 - 1 / (2 mu^2 z)``, recipinvgauss's log density's two terms singular at z = 0, one primitive whose
#: partials ``(1 / (mu^2 z) - 1) / (2 z)`` and ``1 / (mu^3 z)`` are products with one sign each near 0: as a sum their
#: second derivatives ``1 / (2 z^2)`` and ``-1 / (mu^2 z^3)`` were inf - inf = NaN from z = 1e-154 (the truth -inf)
_RECIPINVGAUSS_SINGULAR = Primitive(lambda z, mu: -0.5 * np.log(z) - 0.5 / (mu * mu * z),
                                    name="wengert.scipy.stats.recipinvgauss (log density near 0)", reenters="any")
_def_partials(_RECIPINVGAUSS_SINGULAR, lambda z, mu: (0.5 / z) * (1.0 / (mu * mu * z) - 1.0),
              lambda z, mu: 1.0 / (mu * mu * mu * z))


def _recipinvgauss_log_density(z, mu, scale):
    """``-log(2 pi z) / 2 - E`` (:func:`_recipinvgauss_exponent`); below ``z = _RECIPINVGAUSS_TINY`` its terms
    singular at 0 as one primitive (:data:`_RECIPINVGAUSS_SINGULAR`)."""
    pz = np.asarray(_plain(z), dtype=float)

    def tiny(z):
        return _RECIPINVGAUSS_SINGULAR(z, mu) + 1.0 / mu - 0.5 * z
    return _piecewise(z, pz < _RECIPINVGAUSS_TINY, lambda z: -0.5 * np.log(z) - _recipinvgauss_exponent(z, mu), tiny,
                      1.0, 0.5 * _RECIPINVGAUSS_TINY) - 0.5 * _LOG_2PI - _log_of(scale)


def _recipinvgauss_log_cdf(z, mu):
    """invgauss's log sf at ``1 / z``, below ``_RECIPINVGAUSS_TINY`` its far series' leading terms in z."""
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    tiny = np.broadcast_to(pz < _RECIPINVGAUSS_TINY / np.maximum(1.0, pmu * pmu),
                           np.broadcast_shapes(pz.shape, pmu.shape))

    def series(z):  # (-1 / (2 mu^2 z) - log(z) / 2 as the density's primitive: d/dmu overflowed through 1 / (mu^2 z)^2)
        return (_RECIPINVGAUSS_SINGULAR(z, mu) + 2.0 * np.log(z) + 1.0 / mu - 0.5 * z + 0.5 * np.log(2.0 / math.pi)
                + 2.0 * np.log(mu) - np.log1p(-np.square(mu * z)))
    return _piecewise(z, tiny, lambda z: _invgauss_tail("logsf")(1.0 / z, mu, 1.0), series, 1.0,
                      0.5 * _RECIPINVGAUSS_TINY / np.maximum(1.0, pmu * pmu))


def _recipinvgauss_log_sf(z, mu):
    """invgauss's log cdf at ``y = 1 / z``: below ``z = 1 / mu`` its own; above, its scaled form ``-E + log((erfcx(s_a)
    + erfcx(s_b)) / 2)`` written in z (``s_a, s_b = (z -+ 1/mu) / sqrt(2 z)``: positive terms), with erfcx's asymptotic
    series from ``s_a = _INVGAUSS_FAR_R`` on (:data:`_INVGAUSS_ERFCX_SERIES`; erfcx's derivative ``2 s erfcx(s) - 2 /
    sqrt(pi)`` cancels as s grows). Through ``1 / z`` the second derivative was terms of ``1 / y`` and ``1 / z``
    cancelling (1.5e-10 relative off at z = 1e5, 0 for 5e-39 at z = 1e19)."""
    pz, pmu = np.asarray(_plain(z), dtype=float), np.asarray(_plain(mu), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pmu.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        far = np.broadcast_to((pz * pmu - 1.0) / (pmu * np.sqrt(2.0 * pz)) >= _INVGAUSS_FAR_R, shape)

    def scaled(z):
        root = np.sqrt(2.0 * z)
        return -_recipinvgauss_exponent(z, mu) + np.log(0.5 * (sc.erfcx((z - 1.0 / mu) / root)
                                                                + sc.erfcx((z + 1.0 / mu) / root)))

    def series(z):  # (erfcx(s) = P(1 / s^2) / (s sqrt(pi)): the sum of the two over 2 sqrt(pi))
        ia, ib = mu * np.sqrt(2.0 * z) / (mu * z - 1.0), mu * np.sqrt(2.0 * z) / (mu * z + 1.0)  # (1 / s_a, 1 / s_b)
        return -_recipinvgauss_exponent(z, mu) + np.log(0.5 / math.sqrt(math.pi) * (
            ia * polynomial(ia * ia, _INVGAUSS_ERFCX_SERIES) + ib * polynomial(ib * ib, _INVGAUSS_ERFCX_SERIES)))

    def above(z):
        return _piecewise(z, far, scaled, series, 2.0 / pmu, np.maximum(2.0 / pmu, 800.0 * _INVGAUSS_FAR_R ** 2))
    return _piecewise(z, np.broadcast_to(pz * pmu >= 1.0, shape),
                      lambda z: _invgauss_tail("logcdf")(1.0 / z, mu, 1.0), above, 0.5 / pmu, 2.0 / pmu)


def _recipinvgauss_function(name):
    """``name`` on ``0 < z < inf``: the log tails, their exps, the density, with constants (derivatives 0) where the
    density or a tail vanishes (:func:`_vanishing`; near 0 the cdf 0, the sf 1, the log sf 0), the limits at and
    beyond the ends (:func:`_closed_support_function`)."""
    def inside(z, mu, scale):
        pmu = np.asarray(_plain(mu), dtype=float)
        at = np.broadcast_to(1.0 / pmu, np.broadcast_shapes(np.shape(_plain(z)), pmu.shape))
        if name == "logpdf":
            return _recipinvgauss_log_density(z, mu, scale)
        if name == "pdf":
            return _vanishing(lambda z: _recipinvgauss_log_density(z, pmu, 1.0),
                              lambda z: np.exp(_recipinvgauss_log_density(z, mu, scale)), z, at, 0.0)
        if name == "logcdf":
            return _recipinvgauss_log_cdf(z, mu)
        lower = name == "cdf"
        log_tail = _recipinvgauss_log_cdf if lower else _recipinvgauss_log_sf
        with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
            function = (lambda z: log_tail(z, mu)) if name == "logsf" else (lambda z: np.exp(log_tail(z, mu)))
            if lower:  # (near 0; far out the cdf 1: invgauss's own constant, its derivative 0 times 1 / z^2)
                return _vanishing(lambda z: _recipinvgauss_log_cdf(z, pmu), function, z, at, 0.0)
            # (the sf and log sf near 0: 1 and 0 where the cdf vanishes; the sf 0 far out)
            out = _vanishing(lambda z: _recipinvgauss_log_cdf(z, pmu), function, z, at, -0.0 if name == "logsf"
                             else 1.0)
            return out if name == "logsf" else _vanishing(lambda z: _recipinvgauss_log_sf(z, pmu), lambda z: out, z,
                                                          at, 0.0)
    return _closed_support_function(name, inside, lambda mu: np.inf, lambda mu: 1.0 / mu, open_ends=True)


def _recipinvgauss_check(name, z, mu):
    # (at z = 0 the density and every derivative of it tend to 0 from inside: smooth, no refusal)
    _shapes_positive(name, mu, names=["mu"])


_shape_functions(recipinvgauss, ("mu",), _recipinvgauss_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _recipinvgauss_function(row[0]), row[1], row[2],
     f"round(float(recipinvgauss.{row[0]}(1.0, 2.0)), 6)", row[3]) for row in (
        ("logpdf", -np.inf, "``-log(2 pi z) / 2 - (1 - mu z)^2 / (2 mu^2 z) - log(scale)`` on ``z > 0``, ``-inf`` at "
         "and below 0.", "-1.043939"),
        ("pdf", 0.0, "``exp(-(1 - mu z)^2 / (2 mu^2 z)) / (sqrt(2 pi z) scale)`` on ``z > 0``, 0 at and below 0.",
         "0.352065"),
        ("cdf", 0.0, "invgauss's sf at ``1 / z`` on ``z > 0``, 0 at and below 0.", "0.509862"),
        ("logcdf", -np.inf, "invgauss's log sf at ``1 / z``, finite where the cdf underflows near 0; ``-inf`` at and "
         "below 0.", "-0.673616"),
        ("sf", 1.0, "invgauss's cdf at ``1 / z`` on ``z > 0``, 1 at and below 0.", "0.490138"),
        ("logsf", 0.0, "invgauss's log cdf at ``1 / z``, finite far out where the sf underflows; 0 at and below 0.",
         "-0.713068"))])


def _recipinvgauss_quantile_plain(upper):
    """``1 / x`` of invgauss's root for the other tail (:func:`_invgauss_quantile_plain`): the ppf's ``1 / isf``."""
    inverse = _invgauss_quantile_plain(not upper)

    def plain(q, mu):
        with np.errstate(divide="ignore"):
            return 1.0 / inverse(q, mu)
    return plain


def _recipinvgauss_quantile_dmu(q, mu, quantile):
    """``dx / dmu = -x^2 dy / dmu`` at ``y = 1 / x`` (:func:`_invgauss_quantile_dmu`); 0 at x = 0 (q = 0: the end 0
    at every mu)."""
    x = quantile(q, mu)
    inside = _plain(x) > 0
    if np.all(inside):
        return -x * x * _invgauss_quantile_dmu(q, mu, lambda q, mu: 1.0 / x)
    xs = np.where(inside, x, 1.0)
    return np.where(inside, -xs * xs * _invgauss_quantile_dmu(q, mu, lambda q, mu: 1.0 / xs), 0.0)


def _recipinvgauss_steep(lower, mu):
    """recipinvgauss at 0 (``x ~ 1 / (2 mu^2 log(1 / q))``): the slope shrinks as mu grows (-), as SciPy's
    (tests/test_exact_scipy_ends.py)."""
    return (-1.0,)


_quantiles(recipinvgauss, "mu", _root_quantile(
        "recipinvgauss", "mu", _recipinvgauss_quantile_plain, lambda q, mu, quantile, sign: _inverse_slope(
            quantile(q, mu), lambda z: _recipinvgauss_log_density(z, mu, 1.0), lambda pz: (pz > 0) & np.isfinite(pz),
            1.0, sign), _recipinvgauss_quantile_dmu, steep_mixed=_recipinvgauss_steep), (
    ("``loc + scale / y``, ``y`` invgauss's isf at q.", "round(float(recipinvgauss.ppf(0.5, 2.0)), 6)", "0.972328"),
    ("``loc + scale / y``, ``y`` invgauss's ppf at q.", "round(float(recipinvgauss.isf(0.5, 2.0)), 6)", "0.972328")))

_add_moments("recipinvgauss", ("mu",), lambda mu: 1.0 + 1.0 / mu, lambda mu: 2.0 + 1.0 / mu, None,
             lambda name, mu: _shapes_positive(name, mu, names=["mu"]),
             note=" The mean is ``1 + 1/mu``, the variance ``2 + 1/mu`` (SciPy integrates them numerically; no "
             "entropy: SciPy integrates it).")
_add_quantile_summaries("recipinvgauss")


# -- skewcauchy (the skewed Cauchy distribution) ----------------------------------------------------

__all__ += ["skewcauchy"]


class skewcauchy:
    """The skewed Cauchy distribution, as ``scipy.stats.skewcauchy``: ``pdf = 1 / (pi (1 + w^2))``, ``w = z / (1 -
    a)`` for ``z <= 0`` and ``z / (1 + a)`` above (``-1 < a < 1``): each side cauchy's at ``w`` weighted by ``1 -+ a``;
    differentiable in x (or q), a, loc and scale. Each tail from its own side exact far out (``(1 - a) arctan2(1, -w) /
    pi`` on the left; SciPy's ``(1 - a)/2 + (1 - a)/pi arctan(w)`` cancels, its ``cdf(-1e10, 0.3)`` is 3.4e-7
    relative off), the other as a sum of positive terms, each log tail ``log1p(-the other)`` where the other is below
    1/2; the log density cauchy's (finite where ``w^2`` overflows). At ``z = 0`` the density's second derivative jumps
    (``-2 / (pi (1 -+ a)^2)``): a second derivative in x, loc or scale there is refused for ``a != 0``. The quantiles
    ``(1 - a)`` times cauchy's at ``q / (1 - a)`` below ``(1 - a) / 2``, ``-(1 + a)`` times cauchy's at ``(1 - q) / (1 +
    a)`` above (exact in both tails). The mean and variance do not exist (NaN, as SciPy); no entropy (SciPy integrates
    it).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import skewcauchy
    >>> round(float(wg.grad_bp(lambda x: skewcauchy.cdf(x, 0.5), 0.0)), 6)  # the density at 0: 1 / pi
    0.31831

    .. versionadded:: 0.1
    """


def _skewcauchy_a(name, a):
    """``-1 < a < 1`` (SciPy gives NaN elsewhere)."""
    pa = np.asarray(_plain(a), dtype=float)
    if not np.all((pa > -1.0) & (pa < 1.0)):
        raise ValueError(f"{name}: a must be in (-1, 1) (SciPy gives NaN)")


def _skewcauchy_check(name, z, a):
    _skewcauchy_a(name, a)


def _skewcauchy_sides(z, a, left, right):
    """``left(u, 1 - a)`` for ``z <= 0`` and ``right(u, 1 + a)`` above, ``u = |w| = -+z / (1 -+ a)`` (no abs: its
    kink at 0 refused the tails' second derivatives), each on its own points (the other at ``z = -+1``)."""
    def side(function, sign):
        return lambda z: function(sign * z / (1.0 + sign * a), 1.0 + sign * a)
    return _piecewise(z, np.broadcast_to(np.asarray(_plain(z)) > 0, np.broadcast_shapes(np.shape(_plain(z)),
                                                                                        np.shape(_plain(a)))),
                      side(left, -1.0), side(right, 1.0), -1.0, 1.0)


def _skewcauchy_function(name):
    """``name`` of the standardized ``z``: from the tail on z's own side (cauchy's at ``-|w|`` times its weight ``s``),
    the other tail as ``(2 - s)/2 + s arctan(|w|) / pi`` (positive terms)."""
    def near(u, s):  # (the tail on this side: cdf on the left, sf on the right; cauchy's at -u, u = |w|)
        return s * np.arctan2(1.0, u) / np.pi

    def far(u, s):  # (the other: 1 - near where near is below 1/2, else as (2 - s)/2 + s arctan(u) / pi: through
        # the sum d/da cancelled far out, -1/2 + arctan(u) / pi, 5e-7 relative off at z = 1e10, a = -0.7)
        return _one_minus(near(u, s), (1.0 - 0.5 * s) + s * np.arctan(u) / np.pi, False)

    def log_far(u, s):  # (log1p(-near) where near is below 1/2, else log(far))
        return _one_minus(near(u, s), far(u, s), True)

    def log_near(u, s):
        return np.log(s) + _cauchy_log_tail(-u)
    own = {"cdf": (near, far), "sf": (far, near), "logcdf": (log_near, log_far), "logsf": (log_far, log_near)}

    def function(z, a, scale):
        if name in ("logpdf", "pdf"):
            if np.any(np.asarray(_plain(a)) != 0):  # (the second derivative jumps at z = 0, but not for cauchy)
                z = _kinked_at(z, 0.0, f"skewcauchy.{name}", "x = loc (z = 0)")
            log_density = _skewcauchy_sides(z, a, lambda w, s: -_log1p_square(w), lambda w, s: -_log1p_square(w))
            log_density = log_density - _LOG_PI - _log_of(scale)
            return log_density if name == "logpdf" else np.exp(log_density)
        left, right = own[name]
        return _skewcauchy_sides(z, a, left, right)
    return function


_shape_functions(skewcauchy, ("a",), _skewcauchy_check, [
    (name, lambda z: np.ones(np.shape(z), bool), _skewcauchy_function(name), np.nan, formula,
     f"round(float(skewcauchy.{name}(1.5, 0.5)), 6)", value) for name, formula, value in (
        ("logpdf", "``-log(pi (1 + w^2)) - log(scale)``, ``w = z / (1 + a sign(z))``.", "-1.837877"),
        ("pdf", "``1 / (pi (1 + w^2) scale)``, ``w = z / (1 + a sign(z))``.", "0.159155"),
        ("cdf", "``(1 - a) arctan2(1, -w) / pi`` for ``z <= 0``, ``(1 - a)/2 + (1 + a) arctan(w) / pi`` above.", "0.625"),
        ("logcdf", "``log(cdf)`` (``log1p(-sf)`` where the sf is below 1/2).", "-0.470004"),
        ("sf", "``(1 + a)/2 + (1 - a) arctan(-w) / pi`` for ``z <= 0``, ``(1 + a) arctan2(1, w) / pi`` above.", "0.375"),
        ("logsf", "``log(sf)`` (``log1p(-cdf)`` where the cdf is below 1/2).", "-0.980829"))])


def _skewcauchy_quantile(name, q, a, loc, scale, upper):
    """``(1 - a) C(p / (1 - a))`` where the cdf ``p`` (the ppf's q, the isf's ``1 - q``) is below ``(1 - a)/2``, else
    ``-(1 + a) C(r / (1 + a))`` of the sf ``r``, C cauchy's standard quantile (:func:`_cauchy_quantile`: exact in the
    tails; ``-inf`` and ``inf`` at the ends)."""
    _skewcauchy_a(name, a)

    def standard(q, a):
        pq, pa = np.asarray(_plain(q), dtype=float), np.asarray(_plain(a), dtype=float)
        p = 1.0 - pq if upper else pq
        shape = np.broadcast_shapes(pq.shape, pa.shape)
        right = np.broadcast_to(p >= 0.5 * (1.0 - pa), shape)

        def below(q):
            return (1.0 - a) * _cauchy_quantile((1.0 - q if upper else q) / (1.0 - a))

        def above(q):
            return -(1.0 + a) * _cauchy_quantile((q if upper else 1.0 - q) / (1.0 + a))
        return _piecewise(q, right, below, above, 0.75 if upper else 0.25, 0.25 if upper else 0.75)
    with np.errstate(divide="ignore"):
        return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(a,)), q, a, loc, scale)


_quantiles(skewcauchy, "a", _skewcauchy_quantile, (
    ("``loc + scale (1 - a) tan(pi (q / (1 - a) - 1/2))`` below ``(1 - a)/2``, ``(1 + a) tan(pi ((q - 1) / (1 + a) "
     "+ 1/2))`` above.", "round(float(skewcauchy.ppf(0.5, 0.5)), 6)", "0.866025"),
    ("``ppf(1 - q)``, from the sf's side above ``(1 + a)/2``.", "round(float(skewcauchy.isf(0.5, 0.5)), 6)", "0.866025")))

_add_moments("skewcauchy", ("a",), lambda a: np.nan + 0.0 * a, lambda a: np.nan + 0.0 * a, None,
             _skewcauchy_a, 0.5, " The mean and variance do not exist: NaN, as SciPy (no entropy: SciPy integrates "
             "it).")
_add_quantile_summaries("skewcauchy", (0.5,))


# -- johnsonsu (Johnson's SU: a normal variable through sinh) ----------------------------------------

__all__ += ["johnsonsu"]


class johnsonsu:
    """Johnson's SU distribution, as ``scipy.stats.johnsonsu``: ``x = sinh((n - a) / b)`` for a standard normal
    ``n`` (``b > 0``), the density ``b / sqrt(1 + z^2) phi(a + b arcsinh(z))`` on the whole line, differentiable in x
    (or q), a, b, loc and scale to every order. The tails are the normal's of ``u = a + b arcsinh(z)`` (their logs
    ``log_ndtr``, finite far out where the tails underflow); the log density's ``log(1 + z^2) / 2`` is ``log|z| +
    log1p(z^-2) / 2`` from ``|z| = 1`` on (SciPy's ``1 / sqrt(x^2 + 1)`` is 0 from ``|x| = 1.3e154`` on, where
    ``x^2`` overflows: its density 0 there, its log density ``-inf``); the mean ``-exp(1 / (2 b^2)) sinh(a / b)``,
    the variance ``expm1(1 / b^2) (exp(1 / b^2) cosh(2a / b) + 1) / 2`` (``cosh`` from its log where it overflows
    and the product does not) and the std from the logs of its factors where the variance overflows. No entropy:
    it has no closed form (``E[log cosh((n - a) / b)]``; SciPy integrates numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import johnsonsu
    >>> round(float(wg.grad_bp(lambda x: johnsonsu.cdf(x, 0.0, 1.0), 0.0)), 6)  # the density at 0, phi(0)
    0.398942

    .. versionadded:: 0.1
    """


def _johnsonsu_check(name, z, a, b):
    """``b > 0`` (SciPy gives NaN elsewhere)."""
    _shapes_positive(name, b, names=["b"])


def _log_hypot1(z):
    """``log(1 + z^2) / 2``: ``log1p(z^2) / 2`` below ``|z| = 1``, ``log|z| + log1p(z^-2) / 2`` from there (through
    ``log(hypot(1, z))`` its derivative ``z / hypot(1, z)^2`` was 0 from ``|z| = 1.3e154`` on, truth ``1 / z``)."""
    pz = np.abs(np.asarray(_plain(z), dtype=float))
    return _piecewise(z, pz >= 1.0, lambda z: 0.5 * np.log1p(z * z),
                      lambda z: np.log(np.abs(z)) + 0.5 * np.log1p(1.0 / (z * z)), 0.5, 2.0)


def _johnsonsu_log_kernel(z, a, b):
    u = a + b * np.arcsinh(z)
    return -0.5 * u * u - _log_hypot1(z) - 0.5 * _LOG_2PI


def _johnsonsu_log_density(z, a, b, scale):
    return _log_of(b) + _johnsonsu_log_kernel(z, a, b) - _log_of(scale)


def _johnsonsu_density(z, a, b, scale):
    """``b / scale`` times ``exp`` of the rest of the log density, 0 with derivatives 0 where the log density is below
    -3000 (:func:`_vanishing`; the point ``u = 0`` in its place). The factor ``b`` is kept out of the exponential:
    through ``exp(log b + ...)`` the second derivative in b, ``pdf ((1/b - u t)^2 - 1/b^2 - t^2)`` with ``t =
    arcsinh(z)``, cancelled near z = 0 (2.3e-7 off at z = 1e-9)."""
    pa, pb, ps = _plain(a), _plain(b), _plain(scale)
    return _vanishing(lambda pz: _johnsonsu_log_density(pz, pa, pb, ps),
                      lambda z: b / scale * np.exp(_johnsonsu_log_kernel(z, a, b)), z, np.sinh(-pa / pb), 0.0)


def _johnsonsu_tail(name):
    def tail(z, a, b, scale):
        u = a + b * np.arcsinh(z)
        return {"cdf": lambda: sc.ndtr(u), "sf": lambda: sc.ndtr(-u), "logcdf": lambda: sc.log_ndtr(u),
                "logsf": lambda: sc.log_ndtr(-u)}[name]()
    return tail


_shape_functions(johnsonsu, ("a", "b"), _johnsonsu_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), row[1], -np.inf, row[2],
     f"round(float(johnsonsu.{row[0]}(0.5, 1.0, 2.0)), 6)", row[3]) for row in (
        ("logpdf", _johnsonsu_log_density, "``log(b) - u^2 / 2 - log(1 + z^2) / 2 - log(2 pi) / 2 - log(scale)``, ``u "
         "= a + b arcsinh(z)`` (``log(1 + z^2) / 2`` as ``log|z| + log1p(z^-2) / 2`` from ``|z| = 1`` on).",
         "-2.262916"),
        ("pdf", _johnsonsu_density, "``b phi(a + b arcsinh(z)) / (sqrt(1 + z^2) scale)``.", "0.104047"),
        ("cdf", _johnsonsu_tail("cdf"), "``ndtr(a + b arcsinh(z))``.", "0.975143"),
        ("logcdf", _johnsonsu_tail("logcdf"), "``log_ndtr(a + b arcsinh(z))`` (exact far in the lower tail).",
         "-0.025171"),
        ("sf", _johnsonsu_tail("sf"), "``ndtr(-(a + b arcsinh(z)))``.", "0.024857"),
        ("logsf", _johnsonsu_tail("logsf"), "``log_ndtr(-(a + b arcsinh(z)))`` (exact far in the upper tail).",
         "-3.694632"))])


def _johnsonsu_quantile(name, q, a, b, loc, scale, upper):
    """``sinh((ndtri(q) - a) / b)`` (the isf's ``-ndtri(q)``: exact for a small q)."""
    _shapes_positive(name, b, names=["b"])

    def standard(q, a, b):
        n = -sc.ndtri(q) if upper else sc.ndtri(q)
        with np.errstate(over="ignore"):  # (+-inf where sinh overflows, as SciPy's)
            return np.sinh((n - a) / b)
    return _located(name, q, loc, scale, standard, shapes=(a, b))


_quantiles(johnsonsu, ("a", "b"), _johnsonsu_quantile, (
    ("``loc + scale sinh((ndtri(q) - a) / b)``.", "round(float(johnsonsu.ppf(0.5, 1.0, 2.0)), 6)", "-0.521095"),
    ("``loc + scale sinh((-ndtri(q) - a) / b)``.", "round(float(johnsonsu.isf(0.5, 1.0, 2.0)), 6)", "-0.521095")))


#: Beyond this |2a / b| johnsonsu's variance takes cosh(2a / b) from its log (cosh overflows from 710 on)
_JOHNSONSU_COSH_BELOW = 700.0


def _log_cosh(y):
    """``log(cosh(y))``: as it is below ``|y| = 20``, ``|y| - log 2 + log1p(exp(-2|y|))`` from there (no overflow)."""
    big = np.abs(np.asarray(_plain(y), dtype=float)) >= 20.0
    return _piecewise(y, big, lambda y: np.log(np.cosh(y)),
                      lambda y: np.abs(y) - _LOG_2 + np.log1p(np.exp(-2.0 * np.abs(y))), 0.0, 30.0)


def _johnsonsu_mean(a, b):
    """``-exp(1 / (2 b^2)) sinh(a / b)``; where ``1 / (2 b^2)`` is above 700 (the exp overflows from 709.8) ``-sign(a)
    exp(1 / (2 b^2) + log|sinh(a / b)|)``, ``log|sinh(y)|`` as ``log|y| + log(sinh(y) / y)`` by its series below |y| =
    1/4, for ``a != 0``: the product was inf for a finite mean (johnsonsu.mean(1e-300, 0.02): -inf for -3.69e244;
    SciPy's too). At ``a = 0`` it is still NaN there (0 * inf; SciPy's too), the truth 0 (its derivative in a -exp(1 /
    (2 b^2)) / b)."""
    pa, pb = np.asarray(_plain(a), dtype=float), np.asarray(_plain(b), dtype=float)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        # (not at a = 0: there the log form's value 0 came with a derivative in a 0 for -exp(1 / (2 b^2)) / b, -inf)
        over = np.broadcast_to((0.5 / (pb * pb) > 700.0) & (pa != 0), np.broadcast_shapes(pa.shape, pb.shape))

    def product(a, b):
        with np.errstate(over="ignore", invalid="ignore"):
            return -np.exp(0.5 / (b * b)) * np.sinh(a / b)

    def from_log(a, b):
        small = np.abs(np.asarray(_plain(a), dtype=float) / np.asarray(_plain(b), dtype=float)) <= 0.25

        def near_zero(a, b):
            # (a 2^-k, k a's binary exponent, times exp(1 / (2 b^2) - log b + k log 2 + log(sinh(y) / y)): a in a log,
            # log|a|, had the second derivative in a as 1 / a^2 - 1 / a^2 + ..., cancelling, and the reverse sweep
            # divided the cotangent by a / b before multiplying by d(a / b)/db: inf for d/db of mean(1e-300, 0.02),
            # 4.6e249. log(sinh(y) / y) = h(2y) + y, h of _log_expm1_ratio: its even part)
            k = np.frexp(np.asarray(_plain(a), dtype=float))[1].astype(float)
            w2 = 4.0 * (a / b) * (a / b)
            return -(a * 2.0 ** -k) * np.exp(0.5 / (b * b) - np.log(b) + k * _LOG_2 + w2 * polynomial(w2, _LOG_EXPM1_RATIO))

        def far_from_zero(a, b):
            return -np.sign(_plain(a)) * np.exp(0.5 / (b * b) + np.log(np.abs(np.sinh(a / b))))
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            return _two_forms(small, far_from_zero, near_zero, (a, b), (0.5, 1.0), (0.01, 1.0))
    return _two_forms(over, product, from_log, (a, b), (0.0, 1.0), (1e-3, 0.02))


def _johnsonsu_log_var(a, b):
    """``log(var) = log expm1(s) - log 2 + s + log cosh(w) + log1p(exp(-s - log cosh(w)))``, ``s = 1 / b^2``, ``w = 2a /
    b``; ``log expm1(s)`` as ``-2 log(b) + log(exprel(s))`` below s = 1 (through ``log(expm1(s))`` the reverse sweep
    overflowed for a large b: ``var 1 / expm1(s)``, 1e312 at b = 1e10, times ``ds/db``, 2e-30)."""
    s = 1.0 / (b * b)
    log_expm1 = _piecewise(b, np.asarray(_plain(b), dtype=float) < 1.0,
                           lambda b: -2.0 * np.log(b) + np.log(sc.exprel(1.0 / (b * b))),
                           lambda b: _log_expm1(1.0 / (b * b)), 2.0, 0.5)
    lc = _log_cosh(2.0 * a / b)
    return log_expm1 - _LOG_2 + s + lc + np.log1p(np.exp(-s - lc))


def _johnsonsu_var(a, b):
    """``expm1(s) (exp(s) cosh(2a / b) + 1) / 2``, ``s = 1 / b^2``; ``exp`` of its log (:func:`_johnsonsu_log_var`)
    where cosh overflows (``|2a / b| >= 700``: for a large b the product is finite)."""
    pa, pb = np.asarray(_plain(a), dtype=float), np.asarray(_plain(b), dtype=float)
    far = np.broadcast_to(np.abs(2.0 * pa / pb) >= _JOHNSONSU_COSH_BELOW, np.broadcast_shapes(pa.shape, pb.shape))

    def near(a, b):
        s = 1.0 / (b * b)
        return 0.5 * np.expm1(s) * (np.exp(s) * np.cosh(2.0 * a / b) + 1.0)
    with np.errstate(over="ignore"):  # (inf where the variance overflows: b below 0.0375)
        # (each form's stand-ins finite in the other's points: 2a / b = 720 at b = 1e10)
        return _two_forms(far, near, lambda a, b: np.exp(_johnsonsu_log_var(a, b)), (a, b), (0.0, 1.0),
                          (3.6e12, 1e10))


_add_moments("johnsonsu", ("a", "b"), _johnsonsu_mean, _johnsonsu_var, None,
             lambda name, a, b: _shapes_positive(name, b, names=["b"]), (1.0, 2.0),
             " The mean is ``-exp(1 / (2 b^2)) sinh(a / b)``, the variance ``expm1(1 / b^2) (exp(1 / b^2) cosh(2a / "
             "b) + 1) / 2``. No entropy: it has no closed form.")


#: Above this log of johnsonsu's std, the std is taken from the logs of its factors (the variance overflows from 354)
_JOHNSONSU_STD_LOG_FROM = 300.0


@_method(johnsonsu, "std")
def _johnsonsu_std(a, b, loc=0.0, scale=1.0):
    """``scale sqrt(var)``; where the variance may overflow (``s + |a / b|`` above 300, ``s = 1 / b^2``; the variance's
    log above 709, the std's above 354) ``scale exp(log(var) / 2)`` (:func:`_johnsonsu_log_var`; SciPy's is inf
    there).

    >>> from wengert.scipy.stats import johnsonsu
    >>> round(float(johnsonsu.std(1.0, 2.0, 0.5, 1.5)), 6)
    0.976027
    """
    _shapes_positive("johnsonsu.std", b, names=["b"])
    _standardized("johnsonsu.std", 0.0, 0.0, scale)
    pa, pb = np.asarray(_plain(a), dtype=float), np.asarray(_plain(b), dtype=float)
    with np.errstate(over="ignore", divide="ignore"):
        ps = 1.0 / (pb * pb)
        far = np.broadcast_to(ps + 0.5 * np.abs(2.0 * pa / pb) >= _JOHNSONSU_STD_LOG_FROM,
                              np.broadcast_shapes(pa.shape, pb.shape))

    def near(a, b):
        return np.sqrt(_johnsonsu_var(a, b))

    def logs(a, b):
        with np.errstate(over="ignore"):  # (inf where the std itself overflows)
            return np.exp(0.5 * _johnsonsu_log_var(a, b))
    out = scale * _two_forms(far, near, logs, (a, b), (0.0, 1.0), (0.0, 0.05))
    out = _infinite_where_infinite(out, lambda v: v, True, (a, b, scale))
    return _in_dtype_of(out + np.zeros(np.broadcast_shapes(*(np.shape(_plain(p)) for p in (a, b, loc, scale)))),
                        a, b, loc, scale)


_add_quantile_summaries("johnsonsu", (1.0, 2.0))


# -- hypsecant (the hyperbolic secant distribution) ---------------------------------------------------

__all__ += ["hypsecant"]


class hypsecant:
    """The hyperbolic secant distribution, as ``scipy.stats.hypsecant``: the density ``1 / (pi cosh z)`` on the whole
    line, ``cdf = (2 / pi) arctan(exp(z))``, differentiable in x (or q), loc and scale to every order. The log density
    is ``-log(pi) - log cosh(z)`` (``|z| - log 2 + log1p(exp(-2|z|))`` from ``|z| = 1``: SciPy's ``cosh`` overflows
    from 710, its density 0 and log density ``-inf`` there); each tail is written as ``(2 / pi) arctan(exp(-|z|))``
    on its small side (through ``arctan(exp(z))`` the slope ``exp(z) / (1 + exp(2z))`` was ``inf / inf`` from z = 710),
    its log as ``-|z| + log(2 / pi)`` plus the log of ``arctan(t) / t``'s series below ``t = exp(-|z|) = 0.1``
    (finite where the tail underflows), and as ``1/2 +- (2 / pi) arctan(tanh(z / 2))`` for ``|z| < 1``; the quantiles
    ``log(tan(pi q / 2))`` from the nearer end (``1 - q`` above 3/4: SciPy's ``tan`` of ``pi q / 2`` near ``pi / 2``
    loses the digits of ``1 - q``), ``2 artanh(tan(pi (q - 1/2) / 2))`` between 1/4 and 3/4 (exactly 0 at 1/2).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import hypsecant
    >>> round(float(wg.grad_bp(hypsecant.cdf, 0.0)), 6)  # the density at 0, 1 / pi
    0.31831

    .. versionadded:: 0.1
    """


_LOG_2_OVER_PI = math.log(2.0 / math.pi)
#: ``arctan(t) / t = sum_k (-1)^k t^(2k) / (2k + 1)``: its coefficients of ``(t^2)^k`` (9 terms: below 1e-18 of
#: the sum for t <= 0.1)
_ARCTAN_OVER_T = [(-1.0) ** k / (2 * k + 1) for k in range(9)]


def _hypsecant_small_tail(y, log):
    """The tail ``(2 / pi) arctan(exp(y))`` for ``y <= 0`` (its small side), or its log: below ``y = log(0.1)`` the
    log as ``y + log(2 / pi) + log(S(t^2))``, ``S`` the series of ``arctan(t) / t`` (through ``log(arctan(exp(y)))``
    the second derivative was ``inf - inf`` where ``exp(y)`` underflows, and ``-inf`` the value)."""
    if not log:
        return (2.0 / math.pi) * np.arctan(np.exp(y))
    return _piecewise(y, np.asarray(_plain(y), dtype=float) < math.log(0.1),
                      lambda y: _LOG_2_OVER_PI + np.log(np.arctan(np.exp(y))),
                      lambda y: y + _LOG_2_OVER_PI + np.log(polynomial(np.exp(2.0 * y), _ARCTAN_OVER_T)), -1.0, -3.0)


def _hypsecant_tail(z, upper, log):
    """The cdf (``upper``: the sf, the cdf at -z) or its log, ``y = z`` (-z): below ``y = -1`` the small side's form
    (:func:`_hypsecant_small_tail`), above ``y = 1`` one minus (``log1p`` of minus) the other tail's, between
    ``1/2 + (2 / pi) arctan(tanh(y / 2))`` (the Gudermannian: through ``arctan(exp(y))`` the second derivative was a
    difference of terms of size 1/4 cancelling to ``-y / (2 pi)``, 2.5e-8 relative off at y = 1e-9)."""
    y = -z if upper else z
    py = np.asarray(_plain(y), dtype=float)
    region = np.where(py < -1.0, 0, np.where(py > 1.0, 2, 1))

    def small(y):
        return _hypsecant_small_tail(y, log)

    def middle(y):
        g = (2.0 / math.pi) * np.arctan(np.tanh(0.5 * y))
        return np.log1p(2.0 * g) - _LOG_2 if log else 0.5 + g

    def big(y):
        return np.log1p(-_hypsecant_small_tail(-y, False)) if log else 1.0 - _hypsecant_small_tail(-y, False)
    return _three_forms(y, region, (small, middle, big), (-2.0, 0.0, 2.0))


def _three_forms(x, region, forms, stand_ins):
    """``forms[k](x)`` where the plain ``region`` is k (0, 1 or 2), each form at its stand-in on the others' points."""
    if region.size == 0 or np.all(region == region.flat[0]):
        return forms[int(region.flat[0]) if region.size else 1](x)
    out = 0.0
    for k, form in enumerate(forms):
        here = region == k
        if np.any(here):
            out = np.where(here, form(np.where(here, x, stand_ins[k])), out)
    return out


def _hypsecant_ppf(q):
    """``log(tan(pi q / 2))`` below q = 1/4, ``-log(tan(pi (1 - q) / 2))`` above 3/4, ``2 artanh(tan(pi (q - 1/2) /
    2))`` between (the Gudermannian's inverse: ``log(tan(pi / 4))`` is -1.1e-16 for 0, its second derivative there
    -1.4e-15 for 0)."""
    pq = np.asarray(_plain(q), dtype=float)
    region = np.where(pq < 0.25, 0, np.where(pq > 0.75, 2, 1))
    forms = (lambda q: np.log(np.tan(0.5 * math.pi * q)), lambda q: 2.0 * np.arctanh(np.tan(0.5 * math.pi * (q - 0.5))),
             lambda q: -np.log(np.tan(0.5 * math.pi * (1.0 - q))))
    with np.errstate(divide="ignore"):  # (+-inf at q = 0 and 1, as SciPy's)
        return _three_forms(q, region, forms, (0.1, 0.5, 0.9))


def _hypsecant_log_cosh(z):
    """``log(cosh(z))`` below ``|z| = 1``, ``|z| - log 2 + log1p(exp(-2|z|))`` from there (no overflow; through
    ``log(cosh(z))`` the second derivative ``1 - tanh(z)^2`` cancelled as |z| grows: 4.4e-16 at z = 19 for
    1.26e-16)."""
    return _piecewise(z, np.abs(np.asarray(_plain(z), dtype=float)) >= 1.0, lambda z: np.log(np.cosh(z)),
                      lambda z: np.abs(z) - _LOG_2 + np.log1p(np.exp(-2.0 * np.abs(z))), 0.5, 2.0)


@_method(hypsecant, "logpdf")
def _hypsecant_logpdf(x, loc=0.0, scale=1.0):
    """``-log(pi) - log cosh(z) - log(scale)`` (``log cosh`` without overflow).

    >>> from wengert.scipy.stats import hypsecant
    >>> round(float(hypsecant.logpdf(800.0)), 6)
    -800.451583
    """
    z = _standardized("hypsecant.logpdf", x, loc, scale)
    return -_LOG_PI - _hypsecant_log_cosh(z) - _log_of(scale)


_exp_of_log(hypsecant, "pdf", "round(float(hypsecant.pdf(1.0)), 6)", "0.206282", inside=0.0)
_location_scale(hypsecant, (
    ("cdf", lambda z: _hypsecant_tail(z, False, False), "``(2 / pi) arctan(exp(z))``.",
     "round(float(hypsecant.cdf(1.0)), 6)", "0.775583"),
    ("logcdf", lambda z: _hypsecant_tail(z, False, True), "``log((2 / pi) arctan(exp(z)))``, finite far down.",
     "round(float(hypsecant.logcdf(-800.0)), 6)", "-800.451583"),
    ("sf", lambda z: _hypsecant_tail(z, True, False), "``(2 / pi) arctan(exp(-z))``.",
     "round(float(hypsecant.sf(1.0)), 6)", "0.224417"),
    ("logsf", lambda z: _hypsecant_tail(z, True, True), "``log((2 / pi) arctan(exp(-z)))``, finite far up.",
     "round(float(hypsecant.logsf(800.0)), 6)", "-800.451583"),
    ("ppf", (_hypsecant_ppf, 1.0), "``loc + scale log(tan(pi q / 2))``.", "round(float(hypsecant.ppf(0.3)), 6)",
     "-0.674275"),
    ("isf", (_hypsecant_ppf, -1.0), "``loc - scale log(tan(pi q / 2))``.", "round(float(hypsecant.isf(0.3)), 6)",
     "0.674275"),
))
_add_moments("hypsecant", (), lambda: 0.0, lambda: 0.25 * math.pi ** 2, lambda: math.log(2.0 * math.pi), None,
             note=" The mean is 0, the variance ``pi^2 / 4``.", sd=lambda: 0.5 * math.pi)
_add_quantile_summaries("hypsecant")


# -- moyal (-log W for W chi-squared with one degree of freedom) --------------------------------------

__all__ += ["moyal"]


class moyal:
    """The Moyal distribution, as ``scipy.stats.moyal``: ``-log W`` for ``W`` chi-squared with one degree of freedom,
    the density ``exp(-(z + exp(-z)) / 2) / sqrt(2 pi)`` on the whole line, ``cdf = erfc(u)``, ``sf = erf(u)``, ``u =
    exp(-z / 2) / sqrt(2)``, differentiable in x (or q), loc and scale to every order. The log cdf is ``log(erfcx(u))
    - exp(-z) / 2`` where u is large (finite where the cdf underflows), the log sf ``log(u) + log(2 / sqrt(pi))`` plus
    the log of ``erf(u) / u``'s series where u is small, ``log(u)`` as ``-z / 2 - log(2) / 2`` (finite where erf(u)
    underflows, z above 1416); the tails constants with derivatives 0 where ``u^2`` overflows. The ppf is
    ``-log(2 erfcinv(q)^2)``, the isf ``-log(2 erfinv(q)^2)`` (SciPy's is ``ppf(1 - q)``: 5e-7 off at q = 1e-10, inf
    below 1.1e-16). The mean is ``log 2 + euler``, the variance ``pi^2 / 2``, the entropy ``(1 + euler + log(4 pi)) /
    2`` (``E[exp(-X)] = E[W] = 1``; SciPy integrates numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import moyal
    >>> round(float(wg.grad_bp(moyal.cdf, 0.0)), 6)  # the density at 0, exp(-1/2) / sqrt(2 pi)
    0.241971

    .. versionadded:: 0.1
    """


_LOG_2_OVER_SQRT_PI = math.log(2.0 / math.sqrt(math.pi))
#: ``erf(u) / (2 u / sqrt(pi)) = sum_k (-1)^k u^(2k) / (k! (2k + 1))``: its coefficients of ``(u^2)^k`` (9 terms:
#: below 1e-20 of the sum for u <= 0.3)
_ERF_OVER_U = [(-1.0) ** k / (math.factorial(k) * (2 * k + 1)) for k in range(9)]
#: Below this z moyal's cdf is 0 and its sf 1 with derivatives 0 (``u^2 = exp(-z) / 2`` beyond 3000: the log cdf
#: below -3000)
_MOYAL_VANISHING_Z = -math.log(6000.0)


def _moyal_u(z):
    return np.exp(-0.5 * z) * math.sqrt(0.5)


def _moyal_log_density(z):
    with np.errstate(over="ignore"):  # (-inf where exp(-z) / 2 overflows: the truth's rounding)
        return _piecewise(z, np.asarray(_plain(z), dtype=float) < -700.0, lambda z: -0.5 * (z + np.exp(-z)),
                          lambda z: -0.5 * z - _moyal_u_squared(z), 0.0, -800.0) - 0.5 * _LOG_2PI


def _moyal_logcdf(z):
    """``log(erfc(u))``: ``log1p(-erf(u))`` below u = 1/2, ``log(erfcx(u)) - u^2`` above (``u^2 = exp(-z) / 2``), and
    below ``_MOYAL_FAR_Z`` (u above 3e8) ``-u^2 - log(u sqrt(pi)) = -exp(-z) / 2 + z / 2 - log(pi / 2) / 2`` (the next
    term, ``-1 / (2 u^2) = -e^z``, below 2e-18): through erfcx the derivative took ``erfcx'(u) = 2 u erfcx(u) - 2 /
    sqrt(pi)``, cancelling, times ``u' / erfcx(u)``, about ``u^2`` (NaN where u overflows, from z = -1419: moyal.logcdf'
    at -1e20 was NaN, the truth +inf; logcdf'' at -1000 NaN, the truth -inf)."""
    pz = np.asarray(_plain(z), dtype=float)
    with np.errstate(over="ignore"):
        return _piecewise(z, pz < 2.0 * math.log(math.sqrt(2.0)), lambda z: np.log1p(-sc.erf(_moyal_u(z))),
                          lambda z: _piecewise(z, pz < _MOYAL_FAR_Z,
                                               lambda z: np.log(sc.erfcx(_moyal_u(z))) - 0.5 * np.exp(-z),
                                               lambda z: 0.5 * z - _moyal_u_squared(z) - 0.5 * math.log(0.5 * np.pi),
                                               -1.0, 2.0 * _MOYAL_FAR_Z), 3.0, -1.0)


def _moyal_u_squared(z):
    """``u^2 = exp(-z) / 2`` (``z < 0``) as ``exp(t) (1 + r)``, ``t = -z - log 2`` and ``r`` its plain rounding: finite
    to z = -710.48 and so is each intermediate of its derivatives (``0.5 exp(-z)`` was inf from z = -709.78, where the
    truth is finite: moyal.logcdf(-710) and logpdf were -inf, the truth -1.117e308; through ``u u`` reverse mode's
    ``2 u du/dz`` overflowed in ``2 u e^(-z/2)``)."""
    t = -z - _LOG_2
    pz, pt = np.asarray(_plain(z), dtype=float), np.asarray(_plain(t), dtype=float)
    # (-z - t exact: the two within a factor 2 of each other for z <= -2 log 2)
    return np.exp(t) * (1.0 + (((-pz - pt) - _LOG_2) - 2.3190468138462996e-17))


#: Below this z moyal's log cdf is its asymptotic form (:func:`_moyal_logcdf`)
_MOYAL_FAR_Z = -40.0


def _moyal_logsf(z):
    """``log(erf(u))``: above ``u = 0.3`` ``log1p(-erfc(u))``, below ``-z / 2 - log(2) / 2 + log(2 / sqrt(pi)) +
    log(S(u^2))``, ``S`` the series of ``erf(u) / (2 u / sqrt(pi))``; -0.0 with derivatives 0 below
    ``_MOYAL_VANISHING_Z`` (``-erfc(u)`` there, below 1e-1300: the derivative ``2 / sqrt(pi) exp(-u^2) u'`` was ``0 *
    -inf`` where u overflows, NaN at z = -1e20, the truth 0)."""
    small = np.asarray(_plain(z), dtype=float) > -2.0 * math.log(0.3 / math.sqrt(0.5))
    with np.errstate(over="ignore"):
        return _vanishing(lambda z: np.where(z < _MOYAL_VANISHING_Z, -np.inf, 0.0), lambda z: _piecewise(
            z, small, lambda z: np.log1p(-sc.erfc(_moyal_u(z))),
            lambda z: -0.5 * z - 0.5 * _LOG_2 + _LOG_2_OVER_SQRT_PI + np.log(
                polynomial(0.5 * np.exp(-z), _ERF_OVER_U)), 0.0, 5.0), z, 0.0, -0.0)


def _moyal_tail(name):
    def tail(z):
        if name == "logcdf":
            return _moyal_logcdf(z)
        if name == "logsf":
            return _moyal_logsf(z)
        with np.errstate(over="ignore"):
            out = {"cdf": lambda z: sc.erfc(_moyal_u(z)), "sf": lambda z: sc.erf(_moyal_u(z))}[name]
            return _vanishing(lambda z: np.where(z < _MOYAL_VANISHING_Z, -np.inf, 0.0), out, z, 0.0,
                              0.0 if name == "cdf" else 1.0)
    return tail


def _moyal_quantile(upper):
    """moyal's standard ppf ``-log(2 erfcinv(q)^2)`` (``upper``: the isf, with ``erfinv``) as one primitive in q whose
    derivative is ``+-1 / pdf(x)`` traced in x (:func:`_inverse_slope`): through ``erfcinv``'s rule the second
    derivative was ``inf - inf`` = NaN where it overflows (ppf at q = 1e-300, the truth -inf)."""
    def plain(q):
        with np.errstate(divide="ignore"):  # (+-inf at q = 0 and 1)
            return (-_LOG_2 - 2.0 * np.log((sc.erfinv if upper else sc.erfcinv)(np.asarray(q, dtype=float))))[()]
    quantile = Primitive(plain, name=f"wengert.scipy.stats.moyal.{'isf' if upper else 'ppf'}", reenters="any")
    _def_partials(quantile, lambda q: _inverse_slope(quantile(q), _moyal_log_density, np.isfinite, 0.0,
                                                     -1.0 if upper else 1.0))
    return quantile


_MOYAL_PPF, _MOYAL_ISF = _moyal_quantile(False), _moyal_quantile(True)


@_method(moyal, "logpdf")
def _moyal_logpdf(x, loc=0.0, scale=1.0):
    """``-(z + exp(-z)) / 2 - log(2 pi) / 2 - log(scale)``.

    >>> from wengert.scipy.stats import moyal
    >>> round(float(moyal.logpdf(1.0)), 6)
    -1.602878
    """
    return _moyal_log_density(_standardized("moyal.logpdf", x, loc, scale)) - _log_of(scale)


_exp_of_log(moyal, "pdf", "round(float(moyal.pdf(1.0)), 6)", "0.201316", inside=0.0)
_location_scale(moyal, (
    ("cdf", _moyal_tail("cdf"), "``erfc(exp(-z / 2) / sqrt(2))``.", "round(float(moyal.cdf(1.0)), 6)", "0.544162"),
    ("logcdf", _moyal_tail("logcdf"), "``log(erfc(u))``, ``u = exp(-z / 2) / sqrt(2)``, finite far down.",
     "round(float(moyal.logcdf(-5.0)), 6)", "-76.938999"),
    ("sf", _moyal_tail("sf"), "``erf(exp(-z / 2) / sqrt(2))``.", "round(float(moyal.sf(1.0)), 6)", "0.455838"),
    ("logsf", _moyal_tail("logsf"), "``log(erf(u))``, ``u = exp(-z / 2) / sqrt(2)``, finite far up.",
     "round(float(moyal.logsf(3000.0)), 6)", "-1500.225791"),
    ("ppf", (_MOYAL_PPF, 1.0), "``loc - scale log(2 erfcinv(q)^2)``.",
     "round(float(moyal.ppf(0.3)), 6)", "-0.071571"),
    ("isf", (_MOYAL_ISF, 1.0), "``loc - scale log(2 erfinv(q)^2)``.",
     "round(float(moyal.isf(0.3)), 6)", "1.90736"),
))
_add_moments("moyal", (), lambda: _LOG_2 + _EULER, lambda: 0.5 * math.pi ** 2,
             lambda: 0.5 * (1.0 + _EULER + math.log(4.0 * math.pi)), None,
             note=" The mean is ``log 2 + euler``, the variance ``pi^2 / 2``.", sd=lambda: math.pi * math.sqrt(0.5))
_add_quantile_summaries("moyal")


# -- foldnorm (|N + c|, the folded normal) -------------------------------------------------------------

__all__ += ["foldnorm"]


class foldnorm:
    """The folded normal distribution, as ``scipy.stats.foldnorm``: ``|N + c|`` for a standard normal ``N`` (``c >=
    0``), the density ``phi(z - c) + phi(z + c)`` on ``z >= 0``, differentiable in x, c, loc and scale to every order.
    The log density is ``log 2 - (z^2 + c^2) / 2 - log(2 pi) / 2 + log cosh(c z)`` (finite far out, where SciPy's log
    of the density is ``-inf``); the cdf ``ndtr(z - c) - ndtr(-z - c)`` is ``2 phi(c) z S`` near ``z = 0`` (``z <= 1/2``,
    ``c z <= 1``: S the series of the mean of ``exp(-t^2 / 2) cosh(c t)`` over ``[0, z]``, where the difference
    cancels: SciPy's is 1e-6 relative off at z = 1e-10), its log from ``log_ndtr`` below 1/2 (finite where the cdf
    underflows) and ``1 - sf`` above; the sf ``ndtr(c - z) + ndtr(-c - z)``, its log their ``logaddexp``. The mean
    ``2 phi(c) + c erf(c / sqrt 2)``, the variance ``1 - (m - c)(m + c)`` (SciPy's ``c^2 + 1 - m^2`` cancels as c
    grows: 0 at c = 1e8 for 1). No quantiles (and so no median or interval) and no entropy: they have no closed form
    (SciPy's are numerical).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import foldnorm
    >>> round(float(wg.grad_bp(lambda x: foldnorm.cdf(x, 1.0), 0.0)), 6)  # the density at 0, 2 phi(1)
    0.483941

    .. versionadded:: 0.1
    """


def _foldnorm_check(name, *shapes):
    c = shapes[-1]
    if np.any(_plain(c) < 0):
        raise ValueError(f"{name}: c must be nonnegative (SciPy gives NaN)")


#: (z^2)^j (-1)^j / (2^j j!) and (c z)^(2m) / (2m)!: the Taylor coefficients of exp(-t^2 / 2) and cosh(c t), to
#: degree 40 (for z <= 1/2 and c z <= 1 the terms of degree 42 are below 1e-18 of the sum)
_FOLDNORM_TERMS = 21
_FOLDNORM_GAUSS = [(-0.5) ** j / math.factorial(j) for j in range(_FOLDNORM_TERMS)]
_FOLDNORM_COSH = [1.0 / math.factorial(2 * m) for m in range(_FOLDNORM_TERMS)]


def _foldnorm_series(z, c):
    """``S = (1 / z) int_0^z exp(-t^2 / 2) cosh(c t) dt = sum_(j, m) g_j h_m c^(2m) z^(2(j + m)) / (2(j + m) + 1)``."""
    w, v = z * z, (c * z) * (c * z)
    out = 0.0
    for m in range(_FOLDNORM_TERMS - 1, -1, -1):  # (Horner's rule in v: products only, the same bits in any shape)
        out = out * v + _FOLDNORM_COSH[m] * polynomial(w, [g / (2 * (j + m) + 1) for j, g in
                                                            enumerate(_FOLDNORM_GAUSS[:_FOLDNORM_TERMS - m])])
    return out


def _foldnorm_regions(z, c):
    """0 where the series holds (``z <= 1/2``, ``c z <= 1``), 2 where the sf is at most 1/2, 1 elsewhere (plain)."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    series = (pz <= 0.5) & (pc * pz <= 1.0)
    sf = sc.ndtr(pc - pz) + sc.ndtr(-pc - pz)
    return np.where(series, 0, np.where(sf <= 0.5, 2, 1))


def _foldnorm_lower(z, c, log):
    """The cdf (or its log) where it is below 1/2: the series (region 0) or ``log_ndtr(z - c) + log(1 - exp(log_ndtr(-z
    - c) - log_ndtr(z - c)))`` (region 1)."""
    region = _foldnorm_regions(z, c)

    def series(z, c):
        out = (_LOG_2 - 0.5 * c * c - 0.5 * _LOG_2PI + np.log(z) + np.log(_foldnorm_series(z, c)) if log else
               2.0 * np.exp(-0.5 * c * c - 0.5 * _LOG_2PI) * z * _foldnorm_series(z, c))
        return out

    def difference(z, c):
        high = sc.log_ndtr(z - c)
        out = high + _log1mexp(sc.log_ndtr(-z - c) - high)
        return out if log else np.exp(out)
    return _two_forms(np.broadcast_to(region != 0, region.shape), series, difference, (z, c), (0.25, 1.0), (2.0, 1.0))


def _foldnorm_tail(name):
    upper, log = name in ("sf", "logsf"), name.startswith("log")

    def upper_side(z, c):
        if log:
            return np.logaddexp(sc.log_ndtr(c - z), sc.log_ndtr(-c - z))
        return sc.ndtr(c - z) + sc.ndtr(-c - z)

    def lower_side(z, c):
        if upper:
            return np.log1p(-_foldnorm_lower(z, c, False)) if log else 1.0 - _foldnorm_lower(z, c, False)
        return _foldnorm_lower(z, c, log)

    def tail(z, c, scale):
        region = _foldnorm_regions(z, c)
        big = np.broadcast_to(region == 2, region.shape)
        if upper:
            return _two_forms(big, lower_side, upper_side, (z, c), (0.25, 1.0), (4.0, 1.0))
        return _two_forms(big, lower_side, lambda z, c: np.log1p(-upper_side_plain(z, c)) if log
                          else 1.0 - upper_side_plain(z, c), (z, c), (0.25, 1.0), (4.0, 1.0))

    def upper_side_plain(z, c):
        return sc.ndtr(c - z) + sc.ndtr(-c - z)
    with np.errstate(divide="ignore"):
        return tail


def _foldnorm_log_density(z, c, scale):
    """``log 2 - (z^2 + c^2) / 2 - log(2 pi) / 2 + log cosh(c z)`` (through ``-(z - c)^2 / 2 + log1p(exp(-2 c z))`` the
    slope ``c - c (1 - tanh(c z))`` cancelled near z = 0: 3.5e-7 relative off at z = 1e-10)."""
    return _LOG_2 - 0.5 * (z * z + c * c) - 0.5 * _LOG_2PI + _hypsecant_log_cosh(c * z) - _log_of(scale)


def _foldnorm_density(z, c, scale):
    pc = np.asarray(_plain(c), dtype=float)
    with np.errstate(over="ignore"):
        return _vanishing(lambda z: _foldnorm_log_density(z, pc, 1.0), lambda z: np.exp(
            _foldnorm_log_density(z, c, scale)), z, pc, 0.0)


_shape_functions(foldnorm, ("c",), _foldnorm_check, [
    (*row[:5], f"round(float(foldnorm.{row[0]}(1.0, 2.0)), 6)", row[5]) for row in (
        ("logpdf", lambda z: z >= 0, _foldnorm_log_density, -np.inf,
         "``log 2 - (z^2 + c^2) / 2 - log(2 pi) / 2 + log cosh(c z) - log(scale)`` on ``z >= 0``, ``-inf`` below.",
         "-1.400789"),
        ("pdf", lambda z: z >= 0, _foldnorm_density, 0.0,
         "``(phi(z - c) + phi(z + c)) / scale`` on ``z >= 0``, 0 below.", "0.246403"),
        ("cdf", lambda z: z >= 0, _foldnorm_tail("cdf"), 0.0,
         "``ndtr(z - c) - ndtr(-z - c)`` (a series near 0), 0 below the support.", "0.157305"),
        ("logcdf", lambda z: z > 0, _foldnorm_tail("logcdf"), -np.inf,
         "The log of the cdf (``log z`` and a series near 0, from ``log_ndtr`` below 1/2), ``-inf`` at and below 0.",
         "-1.849566"),
        ("sf", lambda z: z >= 0, _foldnorm_tail("sf"), 1.0,
         "``ndtr(c - z) + ndtr(-c - z)``, 1 below the support.", "0.842695"),
        ("logsf", lambda z: z >= 0, _foldnorm_tail("logsf"), 0.0,
         "``logaddexp(log_ndtr(c - z), log_ndtr(-c - z))`` (``log1p(-cdf)`` where the cdf is below 1/2), 0 below "
         "the support.", "-0.171151"))])


def _foldnorm_excess(c):
    """``m - c = 2 phi(c) - c erfc(c / sqrt 2)``."""
    return 2.0 * np.exp(-0.5 * c * c - 0.5 * _LOG_2PI) - c * sc.erfc(c * math.sqrt(0.5))


_add_moments("foldnorm", ("c",), lambda c: c + _foldnorm_excess(c),
             lambda c: 1.0 - _foldnorm_excess(c) * (2.0 * c + _foldnorm_excess(c)), None,
             lambda name, c: _foldnorm_check(name, c), 1.0,
             " The mean is ``2 phi(c) + c erf(c / sqrt 2)``, the variance ``1 - (m - c)(m + c)``. No entropy: it has no "
             "closed form.")


# -- johnsonsb (Johnson's SB: a normal variable through the logistic function) -------------------

__all__ += ["johnsonsb"]


class johnsonsb:
    """Johnson's SB distribution, as ``scipy.stats.johnsonsb``: ``x = expit((n - a) / b)`` for a standard normal ``n``
    (``b > 0``), the density ``b / (z (1 - z)) phi(a + b logit(z))`` on ``0 < z < 1``, differentiable in x (or q), a,
    b, loc and scale to every order inside its support. The tails are the normal's of ``u = a + b logit(z)`` (their
    logs ``log_ndtr``: finite near the ends, where SciPy's log density and log tails are ``-inf`` from z = 1e-300 on);
    the density ``b / scale`` times ``exp`` of the rest. At the ends the density, the cdf and the sf are 0, 0 or 1 with
    every derivative 0 (their limits: the density vanishes faster than any power); the log density and the log tail
    that is ``-inf`` there have an infinite slope inside: a traced argument there is refused. No mean, variance, std
    or entropy: they have no closed form (SciPy integrates numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import johnsonsb
    >>> round(float(wg.grad_bp(lambda x: johnsonsb.cdf(x, 0.0, 1.0), 0.5)), 6)  # the density 4 phi(0) at 1/2
    1.595769

    .. versionadded:: 0.1
    """


def _johnsonsb_check(name, z, a, b):
    """``b > 0`` (SciPy gives NaN elsewhere); for a traced x, a, b, loc or scale, no point where a log function is
    ``-inf`` at an end of the support (the log density at ``z = 0`` and 1, the log cdf at 0, the log sf at 1), whose
    slope is infinite inside."""
    _shapes_positive(name, b, names=["b"])
    method = name.split(".")[-1]
    if method in ("logpdf", "logcdf", "logsf") and any(isinstance(v, (Var, Dual)) for v in (z, a, b)):
        pz = _plain(z)
        at = {"logpdf": (pz == 0) | (pz == 1), "logcdf": pz == 0, "logsf": pz == 1}[method]
        _refuse_a_jump(name, True, at, "x is loc or loc + scale (an end of the support)" if method == "logpdf" else
                       f"x is loc{' + scale' if method == 'logsf' else ''} (an end of the support)",
                       "the function is -inf there with an infinite slope inside and 0 outside")


def _johnsonsb_log_kernel(z, a, b):
    u = a + b * sc.logit(z)
    return -0.5 * u * u - np.log(z) - np.log1p(-z) - 0.5 * _LOG_2PI


def _johnsonsb_log_density(z, a, b, scale):
    return _log_of(b) + _johnsonsb_log_kernel(z, a, b) - _log_of(scale)


def _johnsonsb_inside(name):
    """``name`` on ``0 < z < 1``: the density ``b / scale exp(kernel)`` (``b`` outside the exponential, as
    johnsonsu's); where the log density is below -3000 (:data:`_VANISHING_LOG`), the density, the tails and the log
    tail near 0 there are their constants with derivatives 0 (the chain rule gave 0 * inf = NaN where ``du/dz = b / (z
    (1 - z))`` overflows)."""
    def inside(z, a, b, scale):
        pz, pa, pb = (np.asarray(_plain(v), dtype=float) for v in (z, a, b))
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            vanishing = _johnsonsb_log_density(pz, pa, pb, 1.0) < _VANISHING_LOG
            upper = pa + pb * sc.logit(pz) > 0  # (the side of the median)
        constant = {"pdf": (0.0, 0.0), "cdf": (0.0, 1.0), "sf": (1.0, 0.0), "logcdf": (None, 0.0),
                    "logsf": (0.0, None), "logpdf": (None, None)}[name]
        fixed = vanishing & np.where(upper, constant[1] is not None, constant[0] is not None)

        def f(z):
            if name == "logpdf":
                return _johnsonsb_log_density(z, a, b, scale)
            if name == "pdf":
                return b / scale * np.exp(_johnsonsb_log_kernel(z, a, b))
            u = a + b * sc.logit(z)
            return {"cdf": sc.ndtr, "sf": lambda u: sc.ndtr(-u), "logcdf": sc.log_ndtr,
                    "logsf": lambda u: sc.log_ndtr(-u)}[name](u)
        if not np.any(fixed):
            return f(z)
        values = np.where(upper, 0.0 if constant[1] is None else constant[1], 0.0 if constant[0] is None else
                          constant[0])
        return np.where(fixed, values, f(np.where(fixed, sc.expit(-pa / pb), z)))
    return inside


def _johnsonsb_function(name):
    """``name`` on ``0 < z < 1``, its limits at and beyond the ends (:func:`_closed_support_function`)."""
    return _closed_support_function(name, _johnsonsb_inside(name), lambda a, b: 1.0,
                                    lambda a, b: sc.expit(-a / b), open_ends=True)


_shape_functions(johnsonsb, ("a", "b"), _johnsonsb_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _johnsonsb_function(row[0]), row[1], row[2],
     f"round(float(johnsonsb.{row[0]}(0.4, 0.5, 0.8)), 6)", row[3]) for row in (
        ("logpdf", -np.inf, "``log(b) - u^2 / 2 - log(z) - log1p(-z) - log(2 pi) / 2 - log(scale)``, ``u = a + b "
         "logit(z)``, on ``0 < z < 1``; ``-inf`` elsewhere.", "0.269612"),
        ("pdf", 0.0, "``b phi(a + b logit(z)) / (z (1 - z) scale)`` on ``0 < z < 1``, 0 elsewhere.", "1.309456"),
        ("cdf", 0.0, "``ndtr(a + b logit(z))`` on ``0 < z < 1``, 0 below, 1 above.", "0.569707"),
        ("logcdf", -np.inf, "``log_ndtr(a + b logit(z))`` (exact near 0).", "-0.562633"),
        ("sf", 1.0, "``ndtr(-(a + b logit(z)))`` on ``0 < z < 1``, 1 below, 0 above.", "0.430293"),
        ("logsf", 0.0, "``log_ndtr(-(a + b logit(z)))`` (exact near 1).", "-0.843289"))])


def _johnsonsb_quantile(name, q, a, b, loc, scale, upper):
    """``expit((ndtri(q) - a) / b)`` (the isf's ``-ndtri(q)``: exact for a small q)."""
    _shapes_positive(name, b, names=["b"])

    def standard(q, a, b):
        return sc.expit(((-sc.ndtri(q) if upper else sc.ndtri(q)) - a) / b)
    # (its ends 0 and 1 at every a, b, where the density vanishes: the slope, expit's 0 times ndtri's inf by the chain
    # rule, declared)
    return _located(name, q, loc, scale, standard, shapes=(a, b), steep_mixed=_johnsonsb_steep,
                    end_slope=lambda q, a, b: np.full(np.shape(q), -np.inf if upper else np.inf))


_quantiles(johnsonsb, ("a", "b"), _johnsonsb_quantile, (
    ("``loc + scale expit((ndtri(q) - a) / b)``.", "round(float(johnsonsb.ppf(0.5, 1.0, 2.0)), 6)", "0.377541"),
    ("``loc + scale expit((-ndtri(q) - a) / b)``.", "round(float(johnsonsb.isf(0.5, 1.0, 2.0)), 6)", "0.377541")))
_add_quantile_summaries("johnsonsb", (1.0, 2.0))


# -- exponnorm (the exponentially modified normal: N + K E) ---------------------------------------

__all__ += ["exponnorm"]


class exponnorm:
    """The exponentially modified normal distribution, as ``scipy.stats.exponnorm``: ``N + K E`` for a standard normal
    ``N`` and a standard exponential ``E`` (``K > 0``), differentiable in x (or q), K, loc and scale to every order.
    With ``v = -z / sqrt(2)``, ``d = 1 / (K sqrt(2))`` and ``u = v + d``: the log density ``-log(2K) - z^2 / 2 +
    log(erfcx(u))`` where ``u >= 0`` (SciPy's switch, for every K: the ``exp(1 / (2K^2) - z / K) ndtr(z - 1 / K)``
    form's two terms cancel there as K goes to 0), that form elsewhere; the sf ``ndtr(-z) + K pdf`` (positive terms,
    summed as logs: finite far out); the cdf ``1 - sf`` where the sf is below 1/2, elsewhere ``exp(-v^2) (erfcx(v) -
    erfcx(u)) / 2`` with the difference of erfcx's written without cancelling (SciPy's ``ndtr(z) - K pdf`` loses
    ``log10(ndtr(z) / cdf)`` digits far in the lower tail and for a large K): erfcx's asymptotic series, term by term,
    from v = 10, Taylor's series about the midpoint ``c = v + d / 2`` (invgauss's) below, of the repeated integrals of
    erfc for ``c < 0``; the quantiles SciPy's roots polished by Newton's steps on these log tails, one primitive in q
    and K (its derivatives by the inverse function rule; for a large K the quantile's second derivative in K, near 0,
    is the difference of terms of size ``x / K^2``, exact to ``1e-16 x / K^2``, not relatively). The mean is ``K``,
    the variance ``1 + K^2``. No entropy: it has no closed form (SciPy integrates numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import exponnorm
    >>> round(float(wg.grad_bp(lambda K: exponnorm.mean(K), 1.5)), 6)
    1.0

    .. versionadded:: 0.1
    """


def _exponnorm_check(name, z, K):
    """``K > 0`` (SciPy gives NaN elsewhere)."""
    _shapes_positive(name, K, names=["K"])


_SQRT_HALF = math.sqrt(0.5)


def _exponnorm_far_log_density(z, K):
    """The log density where ``u = (1 / K - z) / sqrt(2) >= 10``: ``-log(2K) - z^2 / 2 + log(erfcx(u))`` with erfcx's
    asymptotic series ``sum c_k u^-(2k + 1) / sqrt(pi)`` and ``log(K u) = log1p(-z K) - log(2) / 2``: through
    erfcx's derivative ``2u erfcx(u) - 2 / sqrt(pi)`` (terms cancelling as u grows) and ``-1 / K + 1 / (K (1 - z
    K))``, d/dK was 2e-14 off, d2/dK2 4e-12, at z = 0.3, K = 0.01."""
    t = 2.0 * K * K / np.square(1.0 - z * K)  # (1 / u^2)
    series = polynomial(t, _INVGAUSS_ERFCX_SERIES)
    return -0.5 * _LOG_2 - 0.5 * _LOG_PI - 0.5 * z * z - np.log1p(-z * K) + np.log(series)


def _exponnorm_log_density(z, K, scale=1.0):
    """``-log(2K) - z^2 / 2 + log(erfcx(u))`` where ``u = (1 / K - z) / sqrt(2) >= 0``, ``(1 / K)(1 / (2K) - z) +
    log_ndtr(z - 1 / K) - log(K)`` elsewhere (no cancellation in either where it is used)."""
    pz, pK = np.asarray(_plain(z), dtype=float), np.asarray(_plain(K), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pK.shape)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        erfcx_form = np.broadcast_to(1.0 / pK - pz >= 0.0, shape)

    def scaled(z, K):
        pu = (1.0 / np.asarray(_plain(K), dtype=float) - np.asarray(_plain(z), dtype=float)) * _SQRT_HALF
        far = np.broadcast_to(pu >= _EXPONNORM_FAR_V, np.broadcast_shapes(pu.shape, np.shape(_plain(z))))
        return _two_forms(far, lambda z, K: -_LOG_2 - np.log(K) - 0.5 * z * z + np.log(sc.erfcx((1.0 / K - z)
                                                                                               * _SQRT_HALF)),
                          _exponnorm_far_log_density, (z, K), (0.0, 1.0), (0.0, 0.05))

    def default(z, K):
        return (0.5 / K - z) / K + sc.log_ndtr(z - 1.0 / K) - np.log(K)
    return _two_forms(~erfcx_form, scaled, default, (z, K), (0.0, 1.0), (2.0, 1.0)) - _log_of(scale)


def _exponnorm_log_sf(z, K):
    """``log(ndtr(-z) + K pdf)``: the logs of two positive terms added."""
    return np.logaddexp(sc.log_ndtr(-z), np.log(K) + _exponnorm_log_density(z, K))


def _erfc_integrals_odd_taylor(c, d):
    """``sum_(n odd) d^n i^n erfc(c)`` for ``c < 0`` and ``|c| d <= 1`` (``exp(-c^2)`` times invgauss's series
    :func:`_invgauss_erfcx_odd_taylor`): the repeated integrals of erfc by their upward recurrence ``2 n I_n = I_(n -
    2) - 2 c I_(n - 1)`` from ``I_(-1) = 2 exp(-c^2) / sqrt(pi)``, ``I_0 = erfc(c)``: for ``c < 0`` every term is
    positive (no overflow where ``erfcx(c)`` does)."""
    low, high = 2.0 / math.sqrt(math.pi) * np.exp(-c * c), sc.erfc(c)
    terms = [low, high]
    for n in range(1, _INVGAUSS_TAYLOR_ORDERS + 1):
        low, high = high, (low - 2.0 * c * high) / (2.0 * n)
        terms.append(high)
    return d * polynomial(d * d, terms[2::2])


def _exponnorm_lower_log_cdf(z, K, log=True):
    """``log(exp(-v^2) (erfcx(v) - erfcx(u)) / 2)``, ``v = -z / sqrt(2)``, ``u = v + d``, ``d = 1 / (K sqrt(2))``, the
    difference without cancelling: from v = 10 erfcx's asymptotic series term by term (``c_k v^-(2k + 1) (1 - (v /
    u)^(2k + 1))``, the bracket ``-expm1(-(2k + 1) log1p(d / v))``); below, about the midpoint ``c = v + d / 2``:
    Taylor's series of erfcx (:func:`_invgauss_erfcx_odd_taylor`) for ``0 <= c`` and ``d <= 2``, of the repeated
    integrals of erfc (:func:`_erfc_integrals_odd_taylor`, times ``exp(v d + d^2 / 4)``) for ``c < 0`` and ``|c| d
    <= 1``; elsewhere the difference itself (``ndtr(z) - K pdf``; at most a digit lost: ``erfcx(u) / erfcx(v)``
    below 0.82 for ``d > 2``, ``exp(2 c d) < e^-2`` for ``c d < -1``). Not ``log``: the cdf itself, each form's
    factors multiplied (through ``exp`` of the log the second derivative was ``cdf (L'' + L'^2)``, two terms
    cancelling where the cdf is nearly linear: 2.6e-11 off at z = 5, K = 1e6)."""
    pz, pK = np.asarray(_plain(z), dtype=float), np.asarray(_plain(K), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pK.shape)
    pv, pd = -pz * _SQRT_HALF, _SQRT_HALF / pK
    pc = pv + 0.5 * pd
    far = np.broadcast_to(pv >= _EXPONNORM_FAR_V, shape)
    taylor = np.broadcast_to(~far & (pc >= 0.0) & (pd <= _INVGAUSS_TAYLOR_D), shape)
    negative = np.broadcast_to(~far & (pc < 0.0) & (-pc * pd <= 1.0), shape)
    direct = ~(far | taylor | negative)

    def product(exponent, factor):  # exp(exponent) factor, or its log
        return exponent + np.log(factor) if log else np.exp(exponent) * factor

    def asymptotic(z, K):
        v, d = -z * _SQRT_HALF, _SQRT_HALF / K
        ratio = np.log1p(d / v)
        series = sum(coefficient * (v * v) ** -k * -np.expm1(-(2 * k + 1) * ratio)
                     for k, coefficient in enumerate(_INVGAUSS_ERFCX_SERIES))
        return product(-v * v, series / (2.0 * math.sqrt(math.pi) * v))

    def about_midpoint(z, K):
        v, d = -z * _SQRT_HALF, _SQRT_HALF / K
        return product(-v * v, _invgauss_erfcx_odd_taylor(v + 0.5 * d, d))

    def integrals(z, K):
        v, d = -z * _SQRT_HALF, _SQRT_HALF / K
        return product(v * d + 0.25 * d * d, _erfc_integrals_odd_taylor(v + 0.5 * d, d))

    def difference(z, K):
        cdf = sc.ndtr(z) - K * np.exp(_exponnorm_log_density(z, K))
        return np.log(cdf) if log else cdf
    # (each form's stand-ins inside its own region: v = 20; c = 1, d = 1; c = -1, d = 1/2; d = 4, v = 0)
    safe = {"asymptotic": (-20.0 / _SQRT_HALF, 0.5), "about_midpoint": (-0.5 / _SQRT_HALF, 1.0),
            "integrals": (1.25 / _SQRT_HALF, 2.0), "difference": (0.0, _SQRT_HALF / 4.0)}
    out = None
    for mask, form, name in ((far, asymptotic, "asymptotic"), (taylor, about_midpoint, "about_midpoint"),
                             (negative, integrals, "integrals"), (direct, difference, "difference")):
        if not np.any(mask):
            continue
        value = form(*(np.where(mask, v, s) for v, s in zip((z, K), safe[name])))
        out = value if out is None else np.where(mask, value, out)
    return difference(z, K) if out is None else out  # (None: no points)


def _exponnorm_function(name):
    """``name`` of the standard ``z``: the sf and its log from :func:`_exponnorm_log_sf`, the cdf and its log from
    the lower form where the sf is above 1/2 (:func:`_exponnorm_lower_log_cdf`), ``1 - sf`` elsewhere."""
    def function(z, K, scale):
        if name == "logpdf":
            return _exponnorm_log_density(z, K, scale)
        if name == "pdf":
            pK, ps = _plain(K), _plain(scale)
            return _vanishing(lambda pz: _exponnorm_log_density(pz, pK, ps),
                              lambda z: np.exp(_exponnorm_log_density(z, K, scale)), z, pK, 0.0)
        if name in ("sf", "logsf"):
            log_sf = _exponnorm_log_sf(z, K)
            return log_sf if name == "logsf" else np.exp(log_sf)
        pz, pK = np.asarray(_plain(z), dtype=float), np.asarray(_plain(K), dtype=float)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
            upper = np.broadcast_to(_exponnorm_log_sf(pz, pK) < -_LOG_2, np.broadcast_shapes(pz.shape, pK.shape))

        def from_sf(z):
            log_sf = _exponnorm_log_sf(z, K)
            return _log1mexp(log_sf) if name == "logcdf" else -np.expm1(log_sf)

        def lower(z):
            return _exponnorm_lower_log_cdf(z, K, log=name == "logcdf")
        # (stand-ins: far up and far down, K's median being near K log 2 + 1/2)
        return _piecewise(z, upper, lower, from_sf, -3.0, 5.0 + 3.0 * pK)
    return function


_shape_functions(exponnorm, ("K",), _exponnorm_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _exponnorm_function(row[0]), -np.inf, row[1],
     f"round(float(exponnorm.{row[0]}(0.5, 1.5)), 6)", row[2]) for row in (
        ("logpdf", "``-log(2K) - z^2 / 2 + log(erfcx((1 / K - z) / sqrt(2)))`` (``(1 / K)(1 / (2K) - z) + "
         "log_ndtr(z - 1 / K) - log(K)`` where the erfcx argument is negative), ``- log(scale)``.", "-1.351711"),
        ("pdf", "``exp(1 / (2K^2) - z / K) ndtr(z - 1 / K) / (K scale)``.", "0.258797"),
        ("cdf", "``ndtr(z) - exp(1 / (2K^2) - z / K) ndtr(z - 1 / K)`` (the difference without cancelling).",
         "0.303267"),
        ("logcdf", "``log(cdf)``, finite far in the lower tail.", "-1.193143"),
        ("sf", "``ndtr(-z) + exp(1 / (2K^2) - z / K) ndtr(z - 1 / K)``.", "0.696733"),
        ("logsf", "``log(sf)``, finite far in the upper tail.", "-0.361353"))])


def _exponnorm_quantile_plain(upper):
    """SciPy's root (its generic ppf, or isf, of ``exponnorm``), polished by Newton's steps on the log tail that is
    below 1/2 there (:func:`_exponnorm_log_sf` or :func:`_exponnorm_lower_log_cdf`): SciPy's isf is its ppf at ``1 -
    q``, and its cdf cancels in the lower tail."""
    def plain(q, K):
        from scipy import stats as scipy_stats  # (imported when first used: scipy.stats is slow to import)
        q, K = np.asarray(q, dtype=float), np.asarray(K, dtype=float)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
            x = np.asarray((scipy_stats.exponnorm.isf if upper else scipy_stats.exponnorm.ppf)(q, K), dtype=float)
            x, qb, Kb = np.broadcast_arrays(x, q, K)
            shape = x.shape
            x, qb, Kb = (np.array(a, dtype=float).reshape(-1) for a in (x, qb, Kb))
            ok = np.isfinite(x) & (qb > 0) & (qb < 1)
            for _ in range(60):  # (the log tails are concave: Newton's steps converge from any start, quadratically
                if not np.any(ok):  # near the root; SciPy's isf stops at its bracket, 100 for q = 1e-300 at K = 1.5)
                    break
                xs, qs, Ks = x[ok], qb[ok], Kb[ok]
                sf_side = (qs < 0.5) == upper  # (the tail of the target below 1/2: sf for isf's small q)
                lower_cdf = ~sf_side
                target = np.log(np.where(upper, np.where(sf_side, qs, 1.0 - qs), np.where(lower_cdf, qs, 1.0 - qs)))
                log_tail = np.where(sf_side, _exponnorm_log_sf(xs, Ks), _exponnorm_lower_log_cdf(xs, Ks))
                log_density = _exponnorm_log_density(xs, Ks)
                # d log(tail) / dx = -+pdf / tail
                slope = np.exp(log_density - log_tail) * np.where(sf_side, -1.0, 1.0)
                step = (target - log_tail) / slope
                x[ok] = np.where(np.isfinite(step), xs + step, xs)
                ok[ok] = np.isfinite(step) & (np.abs(step) > 1e-16 * np.abs(xs))
        return x.reshape(shape)[()]
    return plain


def _exponnorm_quantile_dK(q, K, quantile):
    """``dx / dK = -(d cdf / dK) / pdf = (z - 1 / K) / K + 2 / (K sqrt(2 pi) erfcx((1 / K - z) / sqrt(2)))`` (``d
    cdf / dK = -((z - 1/K) pdf / K + phi(z) / K^2)``; ``phi(z) / pdf = 2K / (sqrt(2 pi) erfcx(u))``), 0 at q = 0 and
    1 (x infinite: the formula's limit there is not taken)."""
    z = quantile(q, K)
    inside = np.isfinite(_plain(z))
    z = z if np.all(inside) else np.where(inside, z, 0.0)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        far = np.asarray(1.0 / _plain(K) - _plain(z), dtype=float) >= _EXPONNORM_DK_SERIES_FROM

    def direct(z, K):
        u = (1.0 / K - z) * _SQRT_HALF
        # (1 / erfcx(u) as exp(-u^2) / erfc(u) for u < 0: erfcx overflows there, and its reciprocal's derivative was
        # inf / inf = NaN)
        reciprocal = _piecewise(u, np.asarray(_plain(u), dtype=float) < 0.0, lambda u: 1.0 / sc.erfcx(u),
                                lambda u: np.exp(-u * u) / sc.erfc(u), 1.0, -1.0)
        return (z - 1.0 / K) / K + 2.0 / (K * math.sqrt(2.0 * math.pi)) * reciprocal

    def series(z, K):
        # w = 1/K - z = sqrt(2) u >= 10: with S = u sqrt(pi) erfcx(u) = 1 - y T, y = 1 / w^2, T = sum_n (-1)^n
        # (2n + 1)!! y^n (erfcx's asymptotic series), dx/dK = (w / K)(1 - S) / S = T / ((1 - K z) S): the direct
        # form's two terms of size 1 / K^2 cancelled to about 1 (d/dK of ppf(0.9, 1e-6) 0.99988 for 1.0000013, its
        # second derivative 512 for 1.28)
        y = (K / (1.0 - K * z)) ** 2  # (1 / w^2, not overflowing at a tiny K)
        term = 0.0 * y + 1.0
        total = term
        for n in range(1, _EXPONNORM_DK_SERIES_TERMS):
            term = term * (-(2.0 * n + 1.0)) * y
            total = total + term
        return total / ((1.0 - K * z) * (1.0 - y * total))
    out = _two_forms(far, direct, series, (z, K), (0.0, 1.0), (0.0, 1e-3))
    return out if np.all(inside) else np.where(inside, out, 0.0)


#: Where :func:`_exponnorm_quantile_dK` takes erfcx's asymptotic series (1 / K - z from 10 on: the 40th term below
#: 1e-19 of the first; below, the direct form's terms cancel at most 100 times)
_EXPONNORM_DK_SERIES_FROM, _EXPONNORM_DK_SERIES_TERMS = 10.0, 40


_quantiles(exponnorm, "K", _root_quantile(
        "exponnorm", "K", _exponnorm_quantile_plain, lambda q, K, quantile, sign: _inverse_slope(
            quantile(q, K), lambda z: _exponnorm_log_density(z, K), np.isfinite, 0.0, sign), _exponnorm_quantile_dK), (
    ("``loc + scale x``, ``x`` the root of ``cdf(x, K) = q`` (SciPy's, polished on the exact log tails).",
     "round(float(exponnorm.ppf(0.5, 1.5)), 6)", "1.236654"),
    ("``loc + scale x``, ``x`` the root of ``sf(x, K) = q`` (polished on the exact log tails).",
     "round(float(exponnorm.isf(0.5, 1.5)), 6)", "1.236654")))


# mean K, variance 1 + K^2
_add_moments("exponnorm", ("K",), lambda K: K, lambda K: 1.0 + K * K, None,
             lambda name, K: _shapes_positive(name, K, names=["K"]), 1.5,
             " The mean is ``K``, the variance ``1 + K^2``. No entropy: it has no closed form.")
_add_quantile_summaries("exponnorm", (1.5,))


# -- invweibull ----------------------------------------------------------------------------------

__all__ += ["invweibull"]


class invweibull:
    """The inverse Weibull (Fréchet) distribution, as ``scipy.stats.invweibull``: ``1 / X`` for a
    ``weibull_min`` ``X``, its cdf ``exp(-z^-c)``; differentiable in x (or q), c, loc and scale, to
    every order, with ``mean``, ``var``, ``std`` and ``entropy``. Its support is ``z = (x - loc) / scale
    >= 0``; every derivative of the density vanishes as z goes to 0, so the functions are smooth there.
    The log density is written in ``u = c log z`` (exact as ``c`` goes to 0), the upper log tail as
    ``-c log z`` plus a series far out (SciPy's ``logsf`` is ``-inf`` from ``z^c = 1e308`` on), the lower
    one ``-z^-c`` (SciPy's is ``log(cdf)``, ``-inf`` where the cdf underflows).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import invweibull
    >>> float(wg.grad_bp(lambda x: invweibull.logcdf(x, 2.0), 1.0))  # c z^(-c - 1)
    2.0

    .. versionadded:: 0.1
    """


def _invweibull_check(name, z, c):
    _shapes_positive(name, c, names=["c"])


#: h(u) = e^-u - 1 + u = u^2 sum_k>=2 (-u)^(k - 2) / k!: its coefficients, k = 2..25 (the last term
#: below 1e-30 of the sum for |u| < 1/2)
_INVWEIBULL_H = [(-1.0) ** k / math.factorial(k) for k in range(2, 26)]


def _invweibull_excess(z, c):
    """``z^-c + c log z - 1`` for ``z > 0`` (``h(u) = e^-u - 1 + u``, ``u = c log z``): its series in ``u``
    where ``|u| < 1/2``. Through the closed form the derivative in c, ``log z (1 - z^-c)``, cancelled as
    ``u`` goes to 0 (and the second derivative of the density in c with it: 4e-7 relative off at z = 2,
    c = 1e-10)."""
    with np.errstate(divide="ignore", over="ignore"):
        small = np.abs(_plain(c) * np.log(_plain(z))) < 0.5

    def series(z, c):
        u = c * np.log(z)
        return u * u * polynomial(u, _INVWEIBULL_H)

    def direct(z, c):
        return np.power(z, -c) + c * np.log(z) - 1.0
    with np.errstate(over="ignore"):  # (z^-c near 0: its inf the truth's rounding)
        return _two_forms(small, direct, series, (z, c), (3.0, 1.0), (1.0, 1.0))


def _invweibull_rising(c, n):
    """``c (c + 1) ... (c + n - 1)``, differentiable in ``c``."""
    return functools.reduce(lambda u, j: u * (c + j), range(n), 1.0 + 0.0 * c)


def _invweibull_rising_dc(c, n):
    """The derivative in ``c`` of :func:`_invweibull_rising`, ``sum_j prod_(i != j) (c + i)``."""
    return sum(functools.reduce(lambda u, i: u * (c + i), [i for i in range(n) if i != j], 1.0 + 0.0 * c)
               for j in range(n))


# d^n/dz^n (-(c + 1) log z - z^-c) = (-1)^n ((n - 1)! (c + 1) - rising(c, n) z^-c) / z^n: near z = 0 its
# two terms overflow apart as two (through the closed form the second derivative in z was inf - inf = NaN below
# z = 1e-154 at c = 1, where the log density is finite, -1e300 at z = 1e-300; the truth -inf); in c,
# (-1)^n ((n - 1)! - (rising'(c, n) - rising(c, n) log z) z^-c) / z^n
def _invweibull_dz_in_c(n, z, c):
    with np.errstate(over="ignore"):
        return (-1.0) ** n * (math.factorial(n - 1) - (_invweibull_rising_dc(c, n) - _invweibull_rising(c, n)
                                                       * np.log(z)) * np.power(z, -c)) / z ** n


_INVWEIBULL_DZ = _z_derivatives(
    "wengert.scipy.stats.invweibull (d/dz)",
    lambda n, z, c: (-1.0) ** n * (math.factorial(n - 1) * (c + 1.0) - _invweibull_rising(c, n) * np.power(z, -c)),
    lambda n: n, _invweibull_dz_in_c)


def _invweibull_z_terms(z, c):
    with np.errstate(over="ignore"):
        return -(c + 1.0) * np.log(z) - np.power(z, -c)


_INVWEIBULL_Z_TERMS = Primitive(_invweibull_z_terms, name="wengert.scipy.stats.invweibull (z terms)", reenters="any")
_def_partials(_INVWEIBULL_Z_TERMS, lambda z, c: _INVWEIBULL_DZ(z, c, n=1),
              lambda z, c: np.log(z) * (np.power(z, -c) - 1.0))
#: Below this z invweibull's log density in z is one primitive (_INVWEIBULL_Z_TERMS)
_INVWEIBULL_TINY = 1e-150


def _invweibull_log_kernel(z, c):
    """``-(c + 1) log z - z^-c``, as ``-log z - 1 - h(c log z)`` (:func:`_invweibull_excess`), and below
    ``_INVWEIBULL_TINY`` one primitive whose derivatives in z do not overflow apart."""
    return _two_forms(_plain(z) < _INVWEIBULL_TINY, lambda z, c: -np.log(z) - 1.0 - _invweibull_excess(z, c),
                      _INVWEIBULL_Z_TERMS, (z, c), (1.0, 1.0), (1e-200, 1.0))


def _invweibull_log_density(z, c, scale):
    return _log_of(c) + _invweibull_log_kernel(z, c) - _log_of(scale)


def _invweibull_tail_slope(z, c):
    """``exp(-z^-c) z^-c`` (``exp(-1 - h(c log z))``, :func:`_invweibull_excess`): ``d/dc exp(-z^-c)`` is it
    times ``log z``, ``d/dz`` it times ``c / z``."""
    return np.exp(-1.0 - _invweibull_excess(z, c))


def _invweibull_tail_value(upper):
    def value(z, c):
        with np.errstate(over="ignore"):
            w = np.power(z, -c)
        return -np.expm1(-w) if upper else np.exp(-w)
    return value


#: The cdf ``exp(-z^-c)`` and sf ``-expm1(-z^-c)`` as primitives in z and c whose partials are ``+-(c / z, log z)``
#: times :func:`_invweibull_tail_slope`: by composition their second derivative in c was ``e^-w w L^2 (w - 1)``
#: (``w = z^-c``, ``L = log z``) as the difference ``e^-w (w^2 L^2 - w L^2)``, cancelling as ``c log z`` goes to 0
#: (1e-6 relative off at z = 2, c = 1e-10); here ``w - 1`` is h's series' derivative.
_INVWEIBULL_TAILS = tuple(Primitive(_invweibull_tail_value(upper), name=f"wengert.scipy.stats.invweibull.{name}",
                                    reenters="any") for upper, name in ((False, "cdf"), (True, "sf")))
for _iw_sign, _iw_tail in zip((1.0, -1.0), _INVWEIBULL_TAILS):
    _def_partials(_iw_tail, lambda z, c, _sign=_iw_sign: _sign * c / z * _invweibull_tail_slope(z, c),
                  lambda z, c, _sign=_iw_sign: _sign * np.log(z) * _invweibull_tail_slope(z, c))


def _invweibull_near_zero(function, outside):
    """``function(z, c, scale)``, and ``outside`` (its limit at z = 0) with derivatives 0 where ``z^-c`` passes
    ``-_VANISHING_LOG``: there the function is ``exp(-z^-c)`` times powers of ``z^-c`` and ``log z``, which
    underflow, while ``z^-c``'s derivatives overflow (0 * inf = NaN)."""
    def near(z, c, scale):
        cp = _plain(c)
        return _vanishing(lambda z: -np.power(z, -cp), lambda z: function(z, c, scale), z, 1.0, outside)
    return near


def _invweibull_logsf(z, c):
    # log(1 - exp(-z^-c)): weibull_min's lower log tail at -c (its series in z^-c far out, where SciPy's is -inf)
    with np.errstate(over="ignore"):
        return _log1mexp_power(z, -c)


_shape_functions(invweibull, ("c",), _invweibull_check, [
    (name, inside, function, outside, formula, f"round(float(invweibull.{name}(1.5, 2.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z > 0, _invweibull_log_density, -np.inf,
         "``log(c) - (c + 1) log(z) - z^-c - log(scale)`` on ``z > 0``, ``-inf`` at and below 0.", "-0.967693"),
        # (c / scale out of the exponential: through exp(log c + ...) d2/dc2 was pdf ((1/c + K')^2 + K'' - 1/c^2),
        # cancelling as c goes to 0)
        ("pdf", lambda z: z > 0, _invweibull_near_zero(
            lambda z, c, scale: c / scale * np.exp(_invweibull_log_kernel(z, c)), 0.0), 0.0,
         "``c z^(-c - 1) exp(-z^-c) / scale`` on ``z > 0``, 0 at and below 0.", "0.379959"),
        ("cdf", lambda z: z > 0, _invweibull_near_zero(lambda z, c, scale: _INVWEIBULL_TAILS[0](z, c), 0.0), 0.0,
         "``exp(-z^-c)`` on ``z > 0``, 0 at and below 0.", "0.64118"),
        ("logcdf", lambda z: z > 0, lambda z, c, scale: -np.power(z, -c), -np.inf,
         "``-z^-c`` on ``z > 0``, ``-inf`` at and below 0.", "-0.444444"),
        ("sf", lambda z: z > 0, _invweibull_near_zero(lambda z, c, scale: _INVWEIBULL_TAILS[1](z, c), 1.0), 1.0,
         "``1 - exp(-z^-c)`` (as ``-expm1``) on ``z > 0``, 1 at and below 0.", "0.35882"),
        ("logsf", lambda z: z > 0, _invweibull_near_zero(lambda z, c, scale: _invweibull_logsf(z, c), -0.0), 0.0,
         "``log(1 - exp(-z^-c))`` (``-c log z`` and a series where ``z^-c < 1/2``) on ``z > 0``, 0 at and below 0.",
         "-1.024935"))])


def _invweibull_quantile(name, q, c, loc, scale, upper):
    _shapes_positive(name, c, names=["c"])
    with np.errstate(over="ignore"):  # (a small c: the quantile's inf is the truth's rounding, as SciPy's)
        if upper:
            # below q = 1e-150 -log1p(-q) is q to rounding, and q^(-1/c) one power: through (-log1p(-q))^(-1/c) the
            # second derivative in q was two terms overflowing apart (NaN at q = 1e-300, c = 2; the truth +inf)
            return _located(name, q, loc, scale, lambda q, c: _piecewise(
                q, _plain(q) < _TINY_Q, lambda q: (-np.log1p(-q)) ** (-1.0 / c), lambda q: np.power(q, -1.0 / c),
                0.5, 1e-200), shapes=(c,), steep_mixed=_power_steep, end_slope=_infinite_end_slope)
        # (0 - log q: -log(1) is -0.0, whose power -1/c was -inf at q = 1; at q = 0 the slope inf^(-1/c - 1) / 0 is
        # NaN by the chain rule: declared)
        return _located(name, q, loc, scale,
                        lambda q, c: _tiny_q_power(q, -1.0 / c, 1.0, lambda q: (0.0 - np.log(q)) ** (-1.0 / c)),
                        shapes=(c,), steep_mixed=_power_steep, end_slope=_infinite_end_slope)


_quantiles(invweibull, "c", _invweibull_quantile, (
    ("``loc + scale (-log(q))^(-1/c)``.", "round(float(invweibull.ppf(0.5, 2.0)), 6)", "1.201122"),
    ("``loc + scale (-log(1 - q))^(-1/c)`` (as ``-log1p(-q)``).", "round(float(invweibull.isf(0.5, 2.0)), 6)",
     "1.201122")))


def _invweibull_variance(c):
    """``gamma(1 - 2/c) - gamma(1 - 1/c)^2`` for ``c > 2``, as weibull_min's (:func:`_weibull_variance`) at
    ``t = -1/c``: ``gamma(1 - 2/c) (1 - exp(-D))``, ``D = gammaln(1 - 2/c) - 2 gammaln(1 - 1/c)``, its series
    from c = 10 on (the difference cancels as c grows: SciPy's is 2.2e-16 at c = 1e8, the truth 1.6e-16), and
    ``1 - k/c`` as ``(c - k) / c`` (exact near c = 2, the variance's pole)."""
    def series(c):
        t = -1.0 / c
        total = 0.0
        for coefficient in reversed(_WEIBULL_D_SERIES):
            total = (total + coefficient) * t
        return total * t

    def direct(c):
        return sc.gammaln(_invweibull_one_minus(c, 2.0)) - 2.0 * sc.gammaln(_invweibull_one_minus(c, 1.0))
    d = _piecewise(c, _plain(c) > 1.0 / _WEIBULL_SERIES_BELOW, direct, series, 3.0, 20.0)
    return -np.exp(sc.gammaln(_invweibull_one_minus(c, 2.0))) * np.expm1(-d)


def _invweibull_one_minus(c, k):
    """``1 - k/c`` for ``c > k``: as ``(c - k) / c`` up to ``c = 2k`` (exact near the pole c = k), ``1 - k/c`` above
    (through ``(c - k) / c`` its derivative ``1/c - (c - k)/c^2`` cancelled as c grows: the mean's 6.7e-9 relative
    off at c = 1e8)."""
    return _piecewise(c, _plain(c) > 2.0 * k, lambda c: (c - k) / c, lambda c: 1.0 - k / c, 1.5 * k, 4.0 * k)


_add_moments("invweibull", ("c",),
             lambda c: _moment_where(lambda p: p > 1.0, _always, lambda c: sc.gamma(_invweibull_one_minus(c, 1.0)),
                                     (c,), 2.0),
             lambda c: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, _invweibull_variance, (c,), 3.0),
             lambda c: 1.0 + _EULER + _EULER / c - np.log(c), lambda name, c: _invweibull_check(name, 0.0, c), 3.0,
             " The mean ``gamma(1 - 1/c)`` exists for ``c > 1`` (inf below; SciPy's is NaN for ``c < 1``), the "
             "variance ``gamma(1 - 2/c) - gamma(1 - 1/c)^2`` for ``c > 2``; it is inf for ``1 < c <= 2`` (SciPy's "
             "is negative or inf there) and NaN for ``c <= 1``, where the mean is infinite.")
_add_quantile_summaries("invweibull")


# -- burr (Burr type III) --------------------------------------------------------------------------

__all__ += ["burr"]


class burr:
    """The Burr type III distribution, as ``scipy.stats.burr``: ``1 / X`` for a ``burr12`` ``X``, its cdf ``(1 +
    z^-c)^-d``; differentiable in x (or q), c, d, loc and scale, to every order, with ``mean``, ``var``, ``std``
    and ``entropy``. Its support is ``z = (x - loc) / scale >= 0``; ``log1p(z^-c)`` is ``-c log z + log1p(z^c)``
    below ``z = 1``, so that the log functions stay finite near 0 (SciPy's ``logcdf`` is ``-inf`` where the cdf
    underflows) and the density is ``c d z^(c d - 1)`` times a power near 0, and the upper log tail is ``log d - c log
    z`` plus a series far out (SciPy's is ``-inf`` where ``z^-c`` underflows).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import burr
    >>> float(wg.grad_bp(lambda d: burr.logcdf(1.0, 1.0, d), 2.0))  # -log1p(1)
    -0.6931471805599453

    .. versionadded:: 0.1
    """


def _power_product_check(labels):
    """The check of two positive shapes ``labels`` whose product is the density's power of ``z`` at 0 (burr's c d,
    exponweib's a c): for a density, a traced shape refused at ``z = 0`` where the product is 1
    (:func:`_refuse_a_jump_in_shape`)."""
    first, second = labels
    where, power = f"{first} {second} = 1 where x == loc", f"z**({first} {second} - 1)"

    def check(name, z, u, v):
        _shapes_positive(name, u, v, names=[first, second])
        if name.endswith("pdf"):
            for shape, label in ((u, first), (v, second)):
                _refuse_a_jump_in_shape(name, shape, lambda: (z == 0) & (u * v == 1), label, where, power)
    return check


_burr_check = _power_product_check(("c", "d"))


def _burr_log1p(z, c):
    """``log1p(z^-c)`` for ``z > 0`` (:func:`_log1p_power` at ``-c``: ``-c log z + log1p(z^c)`` below z = 1)."""
    return _log1p_power(z, -c)


def _burr_log_kernel(z, c, d, cd=None):
    """``-(c + 1) log z - (d + 1) log1p(z^-c)``: below z = 1 as ``(c d - 1) log z - (d + 1) log1p(z^c)`` (its terms
    of size ``log z`` collected: no cancellation near 0, and ``0 ** 0``'s convention at z = 0). ``cd``: the product
    ``c d`` where it is known exactly (mielke's ``k`` beside ``d = k / s``, whose product rounds)."""
    cd = c * d if cd is None else cd
    return _piecewise(z, _plain(z) < 1.0, lambda z: -(c + 1.0) * np.log(z) - (d + 1.0) * np.log1p(np.power(z, -c)),
                      lambda z: _log_and_log1p_power(z, cd - 1.0, -(d + 1.0), c), 2.0, 0.5)


def _burr_log_density(z, c, d, scale):
    return np.log(c) + _of_numbers(np.log, d) + _burr_log_kernel(z, c, d) - np.log(scale)


def _burr_density(z, c, d, scale, cd=None):
    """``c d / scale`` times ``exp`` of the rest of the log density, with powers near and at ``z = 0``
    (:func:`_exp_at_ends`, as burr12's; at 0 its leading powers, :func:`_leading_powers_at_zero`); ``cd`` as
    :func:`_burr_log_kernel`'s."""
    cd = c * d if cd is None else cd
    return cd / scale * _exp_at_ends(
        lambda z: _burr_log_kernel(z, c, d, cd),
        lambda z: _leading_powers_at_zero(
            z, cd - 1.0, c, d, lambda z: z ** (cd - 1.0) * np.exp(-(d + 1.0) * np.log1p(np.power(z, c)))),
        z, (0.0,), (cd - 1.0,))


def _leading_powers_at_zero(z, e, c, d, powers, k=None, third_term=None):
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
        at_zero = np.power(z, e)
        # (the later terms only where they are needed; elsewhere exponent 3, coefficient 0 by np.where: every
        # derivative 0, where an exponent in (0, 1] refused power's mixed derivative in its exponent at 0)
        if np.any(second):
            at_zero = at_zero - np.where(second, k, 0.0) * np.power(z, np.where(second, e + c, 3.0))
        if np.any(third):
            at_zero = at_zero + np.where(third, third_coefficient, 0.0) * np.power(
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


def _burr_cdf(z, c, d, cd=None):
    """``(1 + z^-c)^-d``: below z = 1 as ``z^(c d) (1 + z^c)^-d``, a power that differentiates exactly at z = 0
    (through ``exp(-d log1p(z^-c))`` the derivatives there were ``0 * inf``), at 0 and where ``z^c`` is tiny its
    leading powers ``z^(c d) - d z^(c d + c)`` (:func:`_leading_powers_at_zero`; the second only where it carries the
    second derivative: the product's there was 0 * inf at c = 1.7, d = 2: NaN, the truth 0; c = 0.7, d = 2: NaN, the
    truth +inf); ``cd`` as :func:`_burr_log_kernel`'s."""
    cd = c * d if cd is None else cd
    return _piecewise(z, np.asarray(_plain(z)) < 1.0, lambda z: np.exp(-d * np.log1p(np.power(z, -c))),
                      lambda z: _leading_powers_at_zero(z, cd, c, d, lambda z: np.power(z, cd) * np.exp(
                          -d * np.log1p(np.power(z, c))), k=d), 2.0, 0.5)


def _burr_upper(log, z, c, d, cd=None):
    """``sf = 1 - cdf`` (``log``: its log): where the cdf is below 1/2, ``1 - cdf`` (``log1p(-cdf)``) of
    :func:`_burr_cdf` (exact, and at z = 0 the one-sided derivatives); above, ``-expm1(-d log1p(z^-c))`` (its log
    ``log d - c log z`` and a series where ``d z^-c`` and ``z^-c < 1/2``, :func:`_log1mexp_power`); ``cd`` as :func:`_burr_log_kernel`'s."""
    cd = c * d if cd is None else cd
    with np.errstate(divide="ignore", over="ignore", under="ignore"):
        low = np.asarray(_plain(_burr_cdf(_plain(z), _plain(c), _plain(d), _plain(cd))) < 0.5)

    def far(z, c, d, cd):
        if log:
            return _log1mexp_power(z, -c, d, log1p_power=True)
        return -np.expm1(-d * _burr_log1p(z, c))

    def near(z, c, d, cd):
        cdf = _burr_cdf(z, c, d, cd)
        if not log:
            return 1.0 - cdf
        return _log1p_minus_leading(cdf, z, cd, lambda z: _burr_cdf(z, c, d, cd))
    return _two_forms(low, far, near, (z, c, d, cd), (2.0, 1.0, 1.0, 1.0), (0.5, 1.0, 1.0, 1.0))


def _log1p_minus_leading(p, z, e, again, factor=1.0):
    """``log1p(-p)`` for a lower tail ``p = again(z)`` whose leading power near ``z = 0`` is ``factor z^e``: at 0 and where
    ``p`` is tiny ``-p - p^2 / 2``, the square as ``factor^2 z^(2 e)`` and only where it carries the second derivative
    (``p'^2`` against ``p''`` is ``e / (e - 1) p``): log1p's chain rule took ``-p'' - p'^2 = inf - inf`` there where e < 1
    (burr.logsf'' at c = d = 1/2, z = 0 or 1e-300: NaN, the truth +inf)."""
    pp, pe = np.asarray(_plain(p), dtype=float), np.asarray(_plain(e), dtype=float)
    tiny = pp < _BELOW_ROUNDING
    if not np.any(tiny):
        return np.log1p(-p)
    square = np.abs(pe - 1.0) <= pe * pp / _BELOW_ROUNDING
    at_zero = -p - np.where(square, 0.5, 0.0) * factor * factor * np.power(z, np.where(square, 2.0 * e, 2.0))
    if np.all(tiny):
        return at_zero
    return np.where(tiny, at_zero, np.log1p(-again(np.where(tiny, 0.5, z))))


_shape_functions(burr, ("c", "d"), _burr_check, [
    (name, inside, function, outside, formula, f"round(float(burr.{name}(1.5, 2.0, 3.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _burr_log_density, -np.inf,
         "``log(c d) - (c + 1) log(z) - (d + 1) log1p(z^-c) - log(scale)`` on ``z >= 0``, ``-inf`` below.",
         "-0.895535"),
        ("pdf", lambda z: z >= 0, _burr_density, 0.0,
         "``c d z^(-c - 1) (1 + z^-c)^(-d - 1) / scale`` on ``z >= 0``, 0 below.", "0.408389"),
        ("cdf", lambda z: z >= 0, lambda z, c, d, scale: _burr_cdf(z, c, d), 0.0,
         "``(1 + z^-c)^-d`` on ``z >= 0``, 0 below.", "0.331816"),
        ("logcdf", lambda z: z > 0, lambda z, c, d, scale: -d * _burr_log1p(z, c), -np.inf,
         "``-d log1p(z^-c)`` on ``z > 0``, ``-inf`` at and below 0.", "-1.103174"),
        ("sf", lambda z: z >= 0, lambda z, c, d, scale: _burr_upper(False, z, c, d), 1.0,
         "``1 - (1 + z^-c)^-d`` on ``z >= 0``, 1 below.", "0.668184"),
        ("logsf", lambda z: z >= 0, lambda z, c, d, scale: _burr_upper(True, z, c, d), 0.0,
         "``log(1 - (1 + z^-c)^-d)`` (``log d - c log z`` and a series where ``d z^-c`` and ``z^-c < 1/2``) on "
         "``z >= 0``, 0 below.", "-0.403192"))])


def _burr_standard_quantile(q, c, d, upper, cd=None):
    """``expm1(t)^(-1/c)``, ``t = -log(q) / d`` (``upper``: ``-log1p(-q) / d``): burr12's standard quantile at ``-c``
    (:func:`_burr12_standard_quantile`: its forms hold for either sign of ``1/c``), but where ``t >= 1`` (``upper``: and
    q > 1/2) as ``p^(1/(c d)) (1 - p^(1/d))^(-1/c)``, ``p = q`` (or ``1 - q``): through ``exp(-(t + log1p(-e^-t)) / c)``
    the second derivative in q was ``f (G'^2 + G'')``, two terms of order ``1/q^2`` cancelling where ``c d`` is near 1
    (2.6e-12 relative off at q = 1e-9, c = 0.5, d = 2; its truth ``1.5 / sqrt(q)``). (Not below c = 1e-3, where the
    second factor overflows beside the first's 0.) ``cd`` as :func:`_burr_log_kernel`'s."""
    cd = c * d if cd is None else cd
    qp, cp, dp = (np.asarray(_plain(v), dtype=float) for v in (q, c, d))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -(np.log1p(-qp) if upper else np.log(qp)) / dp
        power = (t >= 1.0) & (cp > 1e-3) & ((qp > 0.5) if upper else True)

    def general(q, c, d, cd):
        return _burr12_standard_quantile(0.0 - (np.log1p(-q) if upper else np.log(q)), -c, d)

    def powers(q, c, d, cd):
        p = 1.0 - q if upper else q
        return np.power(p, 1.0 / cd) * np.exp(-np.log1p(-np.power(p, 1.0 / d)) / c)
    return _two_forms(power, general, powers, (q, c, d, cd), (0.5, 1.0, 1.0, 1.0),
                      (0.999 if upper else 1e-3, 1.0, 1.0, 1.0))


def _mielke_standard_quantile(q, k, s, upper, d=None):
    """burr's :func:`_burr_standard_quantile` at ``c = s``, ``d = k/s`` (``d``: where it is given, burr's own), its
    power ``1 / (c d)`` the exact ``1 / k``;
    at the end ``p = 0`` (``p = q``, or ``1 - q``) its two leading powers ``p^(1/k) + p^((1 + s)/k) / s`` (exact to
    second order there: the further powers' coefficients are positive too), so that :func:`_located` sees its slope
    +inf for k > 1: through ``p^(1/k) (1 - p^(s/k))^(-1/s)`` the chain rule met 0 * inf, NaN, where ``s < k`` (the
    slope at k = 3, s = 1.5; d2/dq2 at k = 0.9, s = 0.3, the truth +inf, and at k = 1, s = 0.5)."""
    pp = np.asarray(_plain(q))
    end = np.broadcast_to(pp == (1.0 if upper else 0.0), np.broadcast_shapes(pp.shape, *(np.shape(_plain(v))
                                                                                         for v in (k, s))))
    d = k / s if d is None else d
    if not np.any(end):
        return _burr_standard_quantile(q, s, d, upper, k)
    p = 1.0 - q if upper else q
    leading = np.power(p, 1.0 / k) + np.power(p, (1.0 + s) / k) / s
    if np.all(end):
        return leading
    return np.where(end, leading, _burr_standard_quantile(np.where(end, 0.5, q), s, d, upper, k))


def _burr_quantile(name, q, c, d, loc, scale, upper):
    """``loc + scale expm1(-log(q) / d)^(-1/c)`` (``upper``: ``log1p(-q)`` for ``log(q)``), through
    :func:`_burr_standard_quantile`; at the end q = 0 (isf's 1) mielke's two leading powers at ``k = c d``, ``s = c``
    (:func:`_mielke_standard_quantile`: through the product the slope there was inf + 0 * inf = NaN where ``c < c d``,
    burr.ppf's at c = d = 3, the truth +inf), a steep end for ``c d > 1`` with d2/dq dc and d2/dq dd ``+inf``
    (``q^(1/(c d))``'s log term)."""
    _shapes_positive(name, c, d, names=["c", "d"])
    with np.errstate(over="ignore", divide="ignore"):  # (0 and inf at the ends and far in the tails, as SciPy's)
        return _located(name, q, loc, scale, lambda q, c, d: _mielke_standard_quantile(q, c * d, c, upper, d),
                        shapes=(c, d), steep_mixed=_power_steep)


_quantiles(burr, ("c", "d"), _burr_quantile, (
    ("``loc + scale (q^(-1/d) - 1)^(-1/c)``, as ``expm1(-log(q) / d)^(-1/c)``.",
     "round(float(burr.ppf(0.5, 2.0, 3.0)), 6)", "1.961459"),
    ("``loc + scale ((1 - q)^(-1/d) - 1)^(-1/c)``, as ``expm1(-log1p(-q) / d)^(-1/c)``.",
     "round(float(burr.isf(0.5, 2.0, 3.0)), 6)", "1.961459")))


def _burr_entropy(c, d):
    """``-log(c) + 1 + 1/d + (1 + 1/c) (euler + digamma(d)) + ...``: burr12's plus ``2 (euler + digamma(d)) / c``
    (``h(1/X) = h(X) - 2 E[log X]``, ``E[log X] = -(euler + digamma(d)) / c`` for a burr12 ``X``), with ``digamma(d) -
    log d`` as its excess (:func:`_digamma_excess`) and the ``log d`` terms collected in ``log(d) / c`` (SciPy
    integrates numerically)."""
    return -np.log(c) + 1.0 + 1.0 / d + (1.0 + 1.0 / c) * (_EULER + _digamma_excess(d)) + np.log(d) / c


def _burr_log_mean(c, d):
    """``log(d B(1 - h, d + h)) = (gammaln(d + h) - gammaln(d)) + gammaln(1 - h)``, ``h = 1/c`` (burr12's
    :func:`_burr12_log_mean` at ``-c``), with ``1 - h`` as ``(c - 1) / c`` below c = 2 (near the pole c = 1 rounding
    ``1 - 1/c`` lost the digits of ``c - 1``: the mean 1e-9 relative off at c = 1 + 1e-9)."""
    return _gengamma_log_ratio(d, 1.0 / c) + _piecewise(
        c, _plain(c) >= 2.0, lambda c: sc.gammaln((c - 1.0) / c), lambda c: _gengamma_log_ratio(1.0, -1.0 / c), 1.5, 4.0)


def _burr_log_spread(c, d):
    """``log(m2 / m1^2)``: the second differences of gammaln at d with step ``1/c`` and at 1 with step ``-1/c`` (burr12's
    :func:`_burr12_log_spread` at ``-c``), the latter from ``(c - 2) / c`` and ``(c - 1) / c`` below c = 4 (near the
    pole c = 2 as the mean's)."""
    return _gengamma_second_difference(d, 1.0 / c) + _piecewise(
        c, _plain(c) >= 4.0, lambda c: sc.gammaln((c - 2.0) / c) - 2.0 * sc.gammaln((c - 1.0) / c),
        lambda c: _gengamma_second_difference(1.0, -1.0 / c), 3.0, 8.0)


#: the k-th moment d B(1 - k/c, d + k/c) is burr12's d B(d - k/c', 1 + k/c') at c' = -c
_add_moments("burr", ("c", "d"),
             lambda c, d: _moment_where(lambda p: p > 1.0, _always, lambda c, d: np.exp(_burr_log_mean(c, d)),
                                        (c, d), 2.0),
             lambda c, d: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda c, d: np.exp(
                 2.0 * _burr_log_mean(c, d)) * np.expm1(_burr_log_spread(c, d)), (c, d), 3.0),
             _burr_entropy, lambda name, c, d: _shapes_positive(name, c, d, names=["c", "d"]), (3.0, 2.0),
             " The k-th moment ``d B(1 - k/c, d + k/c)`` exists for ``c > k``: the mean is inf for ``c <= 1``, the "
             "variance inf for ``1 < c <= 2`` and NaN for ``c <= 1``, where the mean is infinite (SciPy's are NaN "
             "there); the variance is ``m^2 expm1(D)``, ``D`` the second differences of gammaln (their series where "
             "they cancel).",
             sd=lambda c, d: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda c, d: np.exp(
                 _burr_log_mean(c, d)) * np.sqrt(np.expm1(_burr_log_spread(c, d))), (c, d), 3.0))
_add_quantile_summaries("burr", (2.0, 3.0))


# -- mielke (Mielke's beta-kappa, Dagum) -----------------------------------------------------------

__all__ += ["mielke"]


class mielke:
    """Mielke's beta-kappa (Dagum) distribution, as ``scipy.stats.mielke``: ``pdf = k z^(k - 1) / (1 + z^s)^(1 +
    k/s)``, ``cdf = z^k / (1 + z^s)^(k/s)`` on ``z = (x - loc) / scale >= 0`` (``k, s > 0``); ``burr`` at ``c = s``, ``d
    = k/s``, written with burr's forms and the exact product ``c d = k`` (``k / s`` rounds: through ``z^(s (k/s))``
    the cdf at z = 1e-300 was ``690 k`` ulps off); differentiable in x (or q), k, s, loc and scale, to every order.
    SciPy's tails are off where wengert's are exact: its sf is ``1 - cdf`` (``sf(1e10, 2, 3)`` is 3e-7 relative off,
    ``logsf(1e300, 2, 3)`` ``-inf``), its ``logcdf(1e-300, 2, 3)`` ``-inf``. At ``z = 0`` the density is 0, ``1`` or
    ``inf`` as ``k > 1``, ``= 1`` or ``< 1``: a traced ``k`` is refused there at ``k = 1`` (the density jumps in
    it); the derivatives in x are the one-sided ones from inside. The n-th moment ``Gamma((k + n)/s) Gamma(1 - n/s)
    / Gamma(k/s)`` exists for ``n < s``; the entropy is burr's closed form (SciPy integrates it numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import mielke
    >>> float(wg.grad_bp(lambda x: mielke.cdf(x, 1.0, 1.0), 1.0))  # the density at 1: 1 / (1 + 1)^2
    0.25

    .. versionadded:: 0.1
    """


def _mielke_check(name, z, k, s):
    """Positive shapes; for a density, a traced ``k`` refused at ``z = 0`` where ``k = 1`` (the factor ``z^(k -
    1)``: :func:`_refuse_a_jump_in_shape`; ``s`` moves nothing there)."""
    _shapes_positive(name, k, s, names=["k", "s"])
    if name.endswith("pdf"):
        _refuse_a_jump_in_shape(name, k, lambda: (z == 0) & (k == 1), "k", "k = 1 where x == loc", "z**(k - 1)")


_shape_functions(mielke, ("k", "s"), _mielke_check, [
    (name, inside, function, outside, formula, f"round(float(mielke.{name}(1.5, 2.0, 3.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0,
         lambda z, k, s, scale: _of_numbers(np.log, k) + _burr_log_kernel(z, s, k / s, k) - np.log(scale), -np.inf,
         "``log(k) + (k - 1) log(z) - (1 + k/s) log1p(z^s) - log(scale)`` (above z = 1 as ``-(s + 1) log(z) - (1 + "
         "k/s) log1p(z^-s)``) on ``z >= 0``, ``-inf`` below.", "-1.361232"),
        ("pdf", lambda z: z >= 0, lambda z, k, s, scale: _burr_density(z, s, k / s, scale, k), 0.0,
         "``k z^(k - 1) (1 + z^s)^(-1 - k/s) / scale`` on ``z >= 0``, 0 below.", "0.256345"),
        ("cdf", lambda z: z >= 0, lambda z, k, s, scale: _burr_cdf(z, s, k / s, k), 0.0,
         "``z^k (1 + z^s)^(-k/s)`` on ``z >= 0``, 0 below.", "0.841131"),
        ("logcdf", lambda z: z > 0, lambda z, k, s, scale: -(k / s) * _burr_log1p(z, s), -np.inf,
         "``-(k/s) log1p(z^-s)`` on ``z > 0``, ``-inf`` at and below 0.", "-0.173007"),
        ("sf", lambda z: z >= 0, lambda z, k, s, scale: _burr_upper(False, z, s, k / s, k), 1.0,
         "``1 - (1 + z^-s)^(-k/s)`` (``-expm1`` of its log where the cdf is above 1/2) on ``z >= 0``, 1 below.", "0.158869"),
        ("logsf", lambda z: z >= 0, lambda z, k, s, scale: _burr_upper(True, z, s, k / s, k), 0.0,
         "``log(1 - (1 + z^-s)^(-k/s))`` (``log(k/s) - s log z`` and a series far out) on ``z >= 0``, 0 below.",
         "-1.839677"))])


def _mielke_steep(lower, k, s):
    """mielke at 0, ``x = q^(1/k) (1 - q^(s/k))^(-1/s)`` (steep for k > 1): in k the log term of ``q^(1/k)`` (+); in
    s ``q^((1 + s)/k - 1) log q`` (-) where ``s <= k - 1``, 0 above (that power vanishes)."""
    return 1.0, np.where(np.asarray(s) <= np.asarray(k) - 1.0, -1.0, 0.0)


def _mielke_quantile(name, q, k, s, loc, scale, upper):
    """``loc + scale (p^(s/k) / (1 - p^(s/k)))^(1/s)`` (``p = q``, or ``1 - q``): :func:`_mielke_standard_quantile`."""
    _shapes_positive(name, k, s, names=["k", "s"])
    with np.errstate(over="ignore", divide="ignore"):  # (0 and inf at the ends and far in the tails, as SciPy's)
        return _located(name, q, loc, scale, lambda q, k, s: _mielke_standard_quantile(q, k, s, upper),
                        shapes=(k, s), steep_mixed=_mielke_steep)


_quantiles(mielke, ("k", "s"), _mielke_quantile, (
    ("``loc + scale (q^(s/k) / (1 - q^(s/k)))^(1/s)``, as burr's ``expm1(-log(q) s/k)^(-1/s)``.",
     "round(float(mielke.ppf(0.5, 2.0, 3.0)), 6)", "0.817788"),
    ("``loc + scale (p^(s/k) / (1 - p^(s/k)))^(1/s)``, ``p = 1 - q``, as burr's ``expm1(-log1p(-q) s/k)^(-1/s)``.",
     "round(float(mielke.isf(0.5, 2.0, 3.0)), 6)", "0.817788")))

#: the n-th moment Gamma((k + n)/s) Gamma(1 - n/s) / Gamma(k/s) is burr's d B(1 - n/c, d + n/c) at c = s, d = k/s
_add_moments("mielke", ("k", "s"),
             lambda k, s: _moment_where(lambda p: p > 1.0, _always, lambda k, s: np.exp(_burr_log_mean(s, k / s)),
                                        (k, s), 2.0, at=1),
             lambda k, s: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda k, s: np.exp(
                 2.0 * _burr_log_mean(s, k / s)) * np.expm1(_burr_log_spread(s, k / s)), (k, s), 3.0, at=1),
             lambda k, s: _burr_entropy(s, k / s), lambda name, k, s: _shapes_positive(name, k, s, names=["k", "s"]),
             (2.0, 3.0),
             " The n-th moment ``Gamma((k + n)/s) Gamma(1 - n/s) / Gamma(k/s)`` exists for ``s > n``: the mean is inf "
             "for ``s <= 1``, the variance inf for ``1 < s <= 2`` and NaN for ``s <= 1``, where the mean is infinite "
             "(SciPy's variance is inf there too); burr's forms at ``c = s``, ``d = k/s``. The entropy is burr's "
             "closed form (SciPy integrates it numerically).",
             sd=lambda k, s: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda k, s: np.exp(
                 _burr_log_mean(s, k / s)) * np.sqrt(np.expm1(_burr_log_spread(s, k / s))), (k, s), 3.0, at=1))
_add_quantile_summaries("mielke", (2.0, 3.0))


# -- kappa3 (the three-parameter kappa) --------------------------------------------------------------

__all__ += ["kappa3"]


class kappa3:
    """The three-parameter kappa distribution, as ``scipy.stats.kappa3``: ``pdf = a (a + z^a)^(-(a + 1)/a)``, ``cdf =
    z (a + z^a)^(-1/a)`` on ``z = (x - loc) / scale >= 0`` (``a > 0``); mielke at ``k = 1``, ``s = a`` scaled by ``b
    = a^(1/a)`` (``cdf = (1 + a z^-a)^(-1/a)``), written with burr's forms at ``c = a``, ``d = 1/a`` and the exact
    product ``c d = 1``; differentiable in x (or q), a, loc and scale, to every order. SciPy's are off where
    wengert's are exact: its ``logsf(1e300, 2)`` is ``-inf`` (the truth -1381.55), its ``ppf(1e-300, 2)`` 0 (``q^-a``
    overflows: the truth 1.41e-300). At ``z = 0`` the density is ``a^(-1/a)``, its derivatives the one-sided ones
    from inside. The n-th moment ``b^n Gamma((1 + n)/a) Gamma(1 - n/a) / Gamma(1/a)`` exists for ``n < a``; the
    entropy is burr's closed form plus ``log(a) / a`` (SciPy integrates both numerically).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import kappa3
    >>> float(wg.grad_bp(lambda x: kappa3.cdf(x, 1.0), 0.0))  # the density at 0: a^(-1/a)
    1.0

    .. versionadded:: 0.1
    """


def _kappa3_scale(a):
    """``b = a^(1/a)``: kappa3's ``z / b`` is mielke's at ``k = 1``, ``s = a`` (a Python float for a Python ``a``)."""
    return _of_numbers(lambda a: np.exp(np.log(a) / a), a)


def _kappa3_y(z, a):
    """``z / a^(1/a)``; where z is a plain 0 (x and loc constants and equal), a plain 0: through the quotient the
    derivative in a there was a live 0 times y^a's infinite slope for a < 1, NaN (the density there, ``a^(-1/a)``,
    has the derivative ``-(1 - log a) / (a^2 a^(1/a))``)."""
    if isinstance(z, (Var, Dual)):
        return z / _kappa3_scale(a)
    zero = np.asarray(z) == 0
    if np.all(zero):
        return z
    return np.where(zero, 0.0, z / _kappa3_scale(a))


def _kappa3_check(name, z, a):
    _shapes_positive(name, a, names=["a"])


def _kappa3_tail(function):
    """``function(y, a, 1/a, ...)`` of burr's forms at ``y = z / a^(1/a)``, ``c = a``, ``d = 1/a``."""
    return lambda z, a, scale: function(_kappa3_y(z, a), a, 1.0 / a)


_shape_functions(kappa3, ("a",), _kappa3_check, [
    (name, inside, function, outside, formula, f"round(float(kappa3.{name}(1.5, 2.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, lambda z, a, scale: _burr_log_kernel(_kappa3_y(z, a), a, 1.0 / a, 1.0)
         - np.log(scale) - _of_numbers(np.log, a) / a, -np.inf,
         "``log(a) - (1 + 1/a) log(a + z^a) - log(scale)`` (burr's kernel at ``z / a^(1/a)``) on ``z >= 0``, ``-inf`` "
         "below.", "-1.477231"),
        ("pdf", lambda z: z >= 0,
         lambda z, a, scale: _burr_density(_kappa3_y(z, a), a, 1.0 / a, scale * _kappa3_scale(a), 1.0), 0.0,
         "``a (a + z^a)^(-(a + 1)/a) / scale`` on ``z >= 0``, 0 below.", "0.228269"),
        ("cdf", lambda z: z >= 0, _kappa3_tail(lambda y, c, d: _burr_cdf(y, c, d, 1.0)), 0.0,
         "``z (a + z^a)^(-1/a)`` on ``z >= 0``, 0 below.", "0.727607"),
        ("logcdf", lambda z: z > 0, _kappa3_tail(lambda y, c, d: -d * _burr_log1p(y, c)), -np.inf,
         "``-log1p(a z^-a) / a`` on ``z > 0``, ``-inf`` at and below 0.", "-0.317994"),
        ("sf", lambda z: z >= 0, _kappa3_tail(lambda y, c, d: _burr_upper(False, y, c, d, 1.0)), 1.0,
         "``1 - (1 + a z^-a)^(-1/a)`` (``-expm1`` of its log where the cdf is above 1/2) on ``z >= 0``, 1 below.",
         "0.272393"),
        ("logsf", lambda z: z >= 0, _kappa3_tail(lambda y, c, d: _burr_upper(True, y, c, d, 1.0)), 0.0,
         "``log(1 - (1 + a z^-a)^(-1/a))`` (``-a log z`` and a series far out) on ``z >= 0``, 0 below.", "-1.300509"))],
                 still=True)


def _kappa3_quantile(name, q, a, loc, scale, upper):
    """``loc + scale (a / (q^-a - 1))^(1/a)`` (``upper``: ``(1 - q)``): ``a^(1/a)`` times mielke's standard quantile
    at ``k = 1``, ``s = a`` (:func:`_mielke_standard_quantile`)."""
    _shapes_positive(name, a, names=["a"])
    with np.errstate(over="ignore", divide="ignore"):  # (0 and inf at the ends and far in the tails, as SciPy's)
        return _located(name, q, loc, scale,
                        lambda q, a: _kappa3_scale(a) * _mielke_standard_quantile(q, 1.0, a, upper), shapes=(a,))


_quantiles(kappa3, "a", _kappa3_quantile, (
    ("``loc + scale (a / (q^-a - 1))^(1/a)``, as mielke's at ``k = 1``, ``s = a`` times ``a^(1/a)``.",
     "round(float(kappa3.ppf(0.5, 2.0)), 6)", "0.816497"),
    ("``loc + scale (a / ((1 - q)^-a - 1))^(1/a)``, as mielke's at ``k = 1``, ``s = a`` times ``a^(1/a)``.",
     "round(float(kappa3.isf(0.5, 2.0)), 6)", "0.816497")))

#: the n-th moment b^n Gamma((1 + n)/a) Gamma(1 - n/a) / Gamma(1/a), mielke's (burr's) at k = 1, s = a, b = a^(1/a)
_add_moments("kappa3", ("a",),
             lambda a: _moment_where(lambda p: p > 1.0, _always, lambda a: _kappa3_scale(a) * np.exp(
                 _burr_log_mean(a, 1.0 / a)), (a,), 2.0),
             lambda a: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda a: np.exp(
                 2.0 * (_of_numbers(np.log, a) / a + _burr_log_mean(a, 1.0 / a))) * np.expm1(
                 _burr_log_spread(a, 1.0 / a)), (a,), 3.0),
             lambda a: _burr_entropy(a, 1.0 / a) + _of_numbers(np.log, a) / a,
             lambda name, a: _shapes_positive(name, a, names=["a"]), 3.0,
             " The n-th moment ``a^(n/a) Gamma((1 + n)/a) Gamma(1 - n/a) / Gamma(1/a)`` exists for ``a > n``: the "
             "mean is inf for ``a <= 1``, the variance inf for ``1 < a <= 2`` and NaN for ``a <= 1``, where the mean "
             "is infinite (SciPy's are NaN there; it integrates the mean and the variance numerically); burr's forms at "
             "``c = a``, ``d = 1/a``. The entropy is burr's closed form plus ``log(a) / a``.",
             sd=lambda a: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda a: _kappa3_scale(a) * np.exp(
                 _burr_log_mean(a, 1.0 / a)) * np.sqrt(np.expm1(_burr_log_spread(a, 1.0 / a))), (a,), 3.0))
_add_quantile_summaries("kappa3")


# -- genhalflogistic (the generalized half-logistic) ----------------------------------------------

__all__ += ["genhalflogistic"]


class genhalflogistic:
    """The generalized half-logistic distribution, as ``scipy.stats.genhalflogistic``: with ``t = (1 - c z)^(1/c)``,
    ``cdf = (1 - t) / (1 + t)``, ``pdf = 2 (1 - c z)^(1/c - 1) / (1 + t)^2`` on ``0 <= z = (x - loc) / scale <= 1/c``
    (``c > 0``); differentiable in x (or q), c, loc and scale, to every order, with ``mean``, ``entropy``, ``median``
    and ``interval`` (no variance: SciPy integrates it). Below the median in ``L = log1p(-c z) / c`` (``cdf =
    tanh(-L/2)``: SciPy's ``(1 - t) / (1 + t)`` cancels near 0, its ``cdf(1e-10, 0.5)`` 8e-7 relative off), above it
    in powers of the distance ``w = 1 - c z`` to the upper end (SciPy's sf ``1 - cdf`` is 0 there: ``sf(1.999999, 0.5)``
    for 2.5e-13), so that the derivatives at the ends are the one-sided ones from inside: the density at ``z = 1/c`` is
    0, 2 or inf as ``c < 1``, ``= 1`` or ``> 1`` (a traced c refused there at ``c = 1``: it jumps). The quantiles
    ``-expm1(c L) / c`` with ``L = log1p(-q) - log1p(q)`` (SciPy's ``(1 - ((1 - q)/(1 + q))^c) / c`` cancels: its
    ``ppf(1e-10, 0.5)`` is 8e-7 relative off), at the upper end ``(1 - (p / (2 - p))^c) / c``, steep for ``c < 1``.
    Near the upper end ``w`` carries the rounding of ``c z`` (as SciPy's).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import genhalflogistic
    >>> float(wg.grad_bp(lambda x: genhalflogistic.cdf(x, 0.5), 0.0))  # the density at 0: 1/2
    0.5

    .. versionadded:: 0.1
    """


def _genhalflogistic_check(name, z, c):
    _shapes_positive(name, c, names=["c"])
    if name.endswith("pdf"):
        _refuse_a_jump_in_shape(name, c, lambda: (z * c == 1) & (c == 1), "c", "c = 1 where x == loc + scale / c",
                                "(1 - c z)**(1/c - 1)")


def _genhalflogistic_upper(z, c):
    """Where the cdf is above 1/2 (plain): ``t = (1 - c z)^(1/c) < 1/3``."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.broadcast_to(np.log1p(-np.minimum(pc * pz, 1.0)) / pc < -math.log(3.0),
                               np.broadcast_shapes(pz.shape, pc.shape))


def _genhalflogistic_log_t(z, c):
    """``L = log1p(-c z) / c`` as ``-z R(c z)``, ``R(u) = -log1p(-u) / u`` (its series below u = 1/2): through the
    quotient the derivatives in c cancelled as c z goes to 0 (d/dc of the cdf 2e-9 relative off at z = 1e-6)."""
    u = c * z
    return -z * _piecewise(u, np.asarray(_plain(u)) < 0.5, lambda u: -np.log1p(-u) / u,
                           lambda u: polynomial(-u, _LOG1P_RATIO_SERIES), 0.75, 0.25)


def _genhalflogistic_forms(kind):
    """``kind`` of the tails, by :func:`_two_forms`: below the median in ``L = log1p(-c z) / c``, above it in ``t =
    w^(1/c)``, ``w = 1 - c z``."""
    def lower(z, c):
        L = _genhalflogistic_log_t(z, c)
        if kind == "cdf":
            return np.tanh(-0.5 * L)
        if kind == "logcdf":
            return np.log(np.tanh(-0.5 * L))
        if kind == "sf":
            return 2.0 / (1.0 + np.exp(-L))
        if kind == "logsf":  # (log 2 - log1p(e^-L) cancels near 0: 8e-8 relative off at z = 1e-10)
            return np.log1p(-np.tanh(-0.5 * L))
        if kind == "logpdf":
            return _LOG_2 + (1.0 - c) * L - 2.0 * np.logaddexp(0.0, L)
        return 2.0 * np.exp((1.0 - c) * L) / np.square(1.0 + np.exp(L))

    def upper(z, c):
        w = 1.0 - c * z
        t = np.power(w, 1.0 / c)
        if kind == "cdf":
            return (1.0 - t) / (1.0 + t)
        if kind == "logcdf":
            return np.log1p(-2.0 * t / (1.0 + t))
        if kind == "sf":
            return 2.0 * t / (1.0 + t)
        if kind == "logsf":
            with np.errstate(divide="ignore"):
                return _LOG_2 + np.log(w) / c - np.log1p(t)
        if kind == "logpdf":
            with np.errstate(divide="ignore"):
                return _LOG_2 + sc.xlogy(1.0 / c - 1.0, w) - 2.0 * np.log1p(t)
        with np.errstate(divide="ignore"):  # (inf at the upper end for c > 1)
            return 2.0 * np.power(w, 1.0 / c - 1.0) / np.square(1.0 + t)

    def function(z, c, scale):
        out = _two_forms(_genhalflogistic_upper(z, c), lower, upper, (z, c), (0.1, 1.0), (0.9, 1.0))
        if kind == "logpdf":
            return out - np.log(scale)
        return out / scale if kind == "pdf" else out
    return function


def _genhalflogistic_method(name, formula, value):
    top, bottom = _LIMITS_AT_INFINITY[name]
    function = _genhalflogistic_forms(name)

    def method(x, c, loc=0.0, scale=1.0):
        _genhalflogistic_check(f"genhalflogistic.{name}", 0.0, c)
        z = _standardized(f"genhalflogistic.{name}", x, loc, scale)
        pz, pc = np.asarray(_plain(z)), np.asarray(_plain(c))
        if name.endswith("pdf"):
            _genhalflogistic_check(f"genhalflogistic.{name}", pz, c)
        # (at the upper end a log tail or the logcdf's own form is finite; outside, the limit on that side)
        inside = np.broadcast_to((pz >= 0) & (pz * pc <= 1), np.broadcast_shapes(pz.shape, pc.shape))
        if name == "logcdf":
            inside = inside & (pz > 0)
        if name == "logsf":  # (-inf at the upper end, as bradford's: log w / c - log1p(w^(1/c)) was -inf + inf)
            inside = inside & (pz * pc < 1)
        out = _on_support(inside, lambda z: function(z, c, scale), z, outside=np.nan, at=0.5 / np.maximum(pc, 1.0))
        if np.any(~inside):
            out = np.where(inside, out, np.where(pz > 0, top, bottom))
        return _in_dtype_of(out, x, c, loc, scale)
    method.__doc__ = _doc(genhalflogistic, formula, f"round(float(genhalflogistic.{name}(0.5, 1.5)), 6)", value)
    _method(genhalflogistic, name)(method)


for _name, _formula, _value in (
        ("logpdf", "``log 2 + (1/c - 1) log(1 - c z) - 2 log1p(t)`` on ``[0, 1/c]``, ``-inf`` outside.", "0.486806"),
        ("pdf", "``2 (1 - c z)^(1/c - 1) / (1 + t)^2 / scale`` on ``[0, 1/c]``, 0 outside.", "1.62711"),
        ("cdf", "``(1 - t) / (1 + t)`` (``tanh(-L/2)`` below the median) on ``[0, 1/c]``, 0 below, 1 above.", "0.431793"),
        ("logcdf", "``log`` of the cdf on ``(0, 1/c]``, ``-inf`` at and below 0, 0 above.", "-0.83981"),
        ("sf", "``2 t / (1 + t)`` on ``[0, 1/c]``, 1 below, 0 above.", "0.568207"),
        ("logsf", "``log 2 + log(1 - c z) / c - log1p(t)`` on ``[0, 1/c)``, 0 below, ``-inf`` at and above 1/c.",
         "-0.565269")):
    _genhalflogistic_method(_name, _formula, _value)


def _genhalflogistic_steep(lower, c):
    """At the upper end (c < 1) ``1/c - x ~ (p/2)^c / c``: the slope ``2^-c p^(c - 1)`` shrinks as c grows (-)."""
    return (-1.0,)


def _genhalflogistic_quantile(name, q, c, loc, scale, upper):
    """``loc + scale (-expm1(c L) / c)``, ``L = log1p(-p) - log1p(p)`` (``p = q``; ``upper``: ``L = log(q) -
    log(2 - q)`` below 1/2, ``log1p(-p) - log1p(p)`` of ``p = 1 - q`` above); at the upper end (q = 1, isf's 0) ``(1 -
    (r / (2 - r))^c) / c``, ``r = 1 - q`` (isf: q), powers whose slope there is +inf for c < 1 (``_located``'s steep
    end), 1/2 at c = 1, 0 above."""
    _shapes_positive(name, c, names=["c"])

    def standard(q, c):
        pq = np.asarray(_plain(q))
        end = np.broadcast_to(pq == (0.0 if upper else 1.0), np.broadcast_shapes(pq.shape, np.shape(_plain(c))))

        def inner(q):
            if upper:
                low = np.broadcast_to(pq < 0.5, end.shape)
                L = _piecewise(q, low, lambda q: np.log1p(-(1.0 - q)) - np.log1p(1.0 - q),
                               lambda q: np.log(q) - np.log(2.0 - q), 0.75, 0.25)
            else:
                L = np.log1p(-q) - np.log1p(q)
            return -L * sc.exprel(c * L)  # (-expm1(c L) / c: its derivative in c cancelled near q = 0)

        def at_end(q):  # ((r/2)^c (1 - r/2)^-c to second order in r: through r / (2 - r) d2/dq2 was NaN at c = 1.5)
            r = q if upper else 1.0 - q
            return (1.0 - np.power(0.5 * r, c) * (1.0 + 0.5 * c * r)) / c
        if not np.any(end):
            return inner(q)
        if np.all(end):
            return at_end(q)
        return np.where(end, at_end(np.where(end, q, 0.0 if upper else 1.0)), inner(np.where(end, 0.5, q)))
    with np.errstate(divide="ignore"):
        return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(c,), steep_mixed=_genhalflogistic_steep),
                            q, c, loc, scale)


_quantiles(genhalflogistic, "c", _genhalflogistic_quantile, (
    ("``loc + scale (1 - ((1 - q)/(1 + q))^c) / c``, as ``-expm1(c (log1p(-q) - log1p(q))) / c``.",
     "round(float(genhalflogistic.ppf(0.5, 1.5)), 6)", "0.538367"),
    ("``loc + scale (1 - (q/(2 - q))^c) / c``, as ``-expm1(c L) / c`` of ``L = log(q / (2 - q))``.",
     "round(float(genhalflogistic.isf(0.5, 1.5)), 6)", "0.538367")))

_add_moments("genhalflogistic", ("c",), lambda c: sc.digamma(0.5 * c + 1.0) - sc.digamma(0.5 * c + 0.5), None,
             lambda c: 2.0 - (2.0 * c + 1.0) * _LOG_2, lambda name, c: _shapes_positive(name, c, names=["c"]), 1.5,
             " The mean ``digamma(c/2 + 1) - digamma(c/2 + 1/2)`` (``2 int_0^1 u^c / (1 + u) du``); no variance "
             "(SciPy integrates it numerically).")
_add_quantile_summaries("genhalflogistic", (1.5,))


# -- fatiguelife (Birnbaum-Saunders) -----------------------------------------------------------------

__all__ += ["fatiguelife"]


class fatiguelife:
    """The fatigue-life (Birnbaum-Saunders) distribution, as ``scipy.stats.fatiguelife``: ``u = (sqrt(z) - 1 /
    sqrt(z)) / c`` is standard normal; differentiable in x (or q), c, loc and scale, to every order, with ``mean``,
    ``var``, ``std``, ``median`` and ``interval`` (no entropy: it has no closed form, SciPy integrates it). Its support
    is ``z = (x - loc) / scale > 0``; every derivative of the density vanishes as z goes to 0. ``u`` is written ``(z -
    1) / (c sqrt(z))`` (nothing cancels near z = 1), the log density's square as ``u^2`` (SciPy's ``(x - 1)^2``
    overflows from z = 1.3e154: its ``logpdf(1e200, 1)`` is ``-inf``), the quantiles ``exp(2 asinh(c n / 2))``, ``n =
    ndtri(q)`` (SciPy's ``(t + sqrt(t^2 + 4))^2 / 4`` cancels for a negative ``t = c n``).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import fatiguelife
    >>> round(float(wg.grad_bp(lambda x: fatiguelife.cdf(x, 0.5), 1.0)), 6)  # the density at 1: 1 / (c sqrt(2 pi))
    0.797885

    .. versionadded:: 0.1
    """


def _fatiguelife_check(name, z, c):
    _shapes_positive(name, c, names=["c"])


def _fatiguelife_u(z, c):
    """``(sqrt(z) - 1 / sqrt(z)) / c``, as ``(z - 1) / sqrt(z) / c``."""
    return (z - 1.0) / np.sqrt(z) / c


def _fatiguelife_pole_value(z, c, a=0.0, n=0, m=0):
    """The n-th derivative in z and m-th in c of ``a log z - 1 / (2 c^2 z)``, each one product (see
    :data:`_FATIGUELIFE_POLE`)."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        if m == 0 and n == 0:
            out = a * np.log(pz) - 0.5 / (pc * pc) / pz
        elif m == 0:  # (-1)^n (n - 1)! z^-n (-a - n / (2 c^2 z))
            out = (-1.0) ** n * math.factorial(n - 1) * pz ** -float(n) * (-a - n * 0.5 / (pc * pc) / pz)
        else:  # -(1/2) (-1)^n n! (-2)(-3)...(-1 - m) z^-(n + 1) c^-(2 + m), its powers as one exp
            factor = -0.5 * (-1.0) ** n * math.factorial(n) * math.prod(-2.0 - i for i in range(m))
            out = factor * np.exp(-(n + 1.0) * np.log(pz) - (2.0 + m) * np.log(pc))
    return np.asarray(out, dtype=np.result_type(pz, pc))[()]


#: ``a log z - 1 / (2 c^2 z)``, the part of fatiguelife's log density (a = -3/2) and of its log cdf (a = 1/2, where u
#: is far below 0) that is singular at z = 0, with each derivative one product: through ``u^2`` (u = (z - 1) / (c
#: sqrt(z))) the second derivative in z was inf - inf below z = 1e-154 (logpdf(1e-155, 0.5): NaN, the truth
#: 1.5 / z^2 - 1 / (c^2 z^3) = -4e465, -inf)
_FATIGUELIFE_POLE = Primitive(_fatiguelife_pole_value, name="wengert.scipy.stats (fatiguelife's pole at 0)",
                              reenters="any")
_def_partials(_FATIGUELIFE_POLE, lambda z, c, a=0.0, n=0, m=0: _FATIGUELIFE_POLE(z, c, a=a, n=n + 1, m=m),
              lambda z, c, a=0.0, n=0, m=0: _FATIGUELIFE_POLE(z, c, a=a, n=n, m=m + 1))
#: Below this z fatiguelife's log density and log cdf take their singular part as :data:`_FATIGUELIFE_POLE` (there
#: ``1 / z`` is 1e100 beside the other terms of ``u^2 = (z - 2 + 1 / z) / c^2``: nothing cancels)
_FATIGUELIFE_TINY_Z = 1e-100


def _fatiguelife_log_density(z, c, scale):
    def direct(z, c):
        u = _fatiguelife_u(z, c)
        return np.log1p(z) - 1.5 * np.log(z) - 0.5 * u * u

    def tiny(z, c):
        return np.log1p(z) - (z - 2.0) / (2.0 * c * c) + _FATIGUELIFE_POLE(z, c, a=-1.5)
    pz = np.asarray(_plain(z), dtype=float)
    tiny_here = np.broadcast_to(pz < _FATIGUELIFE_TINY_Z, np.broadcast_shapes(pz.shape, np.shape(_plain(c))))
    return (_two_forms(tiny_here, direct, tiny, (z, c), (1.0, 1.0), (1e-200, 1.0)) - np.log(2.0 * c)
            - 0.5 * _LOG_2PI - np.log(scale))


def _fatiguelife_log_cdf(z, c):
    """``log_ndtr(u)``; where z is below ``_FATIGUELIFE_TINY_Z`` and u below -1e20, its asymptotic form ``-u^2 / 2 -
    log(-u) - log(2 pi) / 2`` (the next term ``1 / u^2`` below 1e-40), ``-u^2 / 2 - log(-u)`` as ``-(z - 2) / (2 c^2)
    - log1p(-z) + log(c)`` and the pole ``log(z) / 2 - 1 / (2 c^2 z)`` (:data:`_FATIGUELIFE_POLE`; through log_ndtr's
    rule the second derivative in z was NaN below 1e-154, the truth -1 / (c^2 z^3) to leading order, -inf)."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        far = np.broadcast_to((pz < _FATIGUELIFE_TINY_Z) & (_fatiguelife_u(pz, pc) < -1e20),
                              np.broadcast_shapes(pz.shape, pc.shape))
    return _two_forms(far, lambda z, c: sc.log_ndtr(_fatiguelife_u(z, c)),
                      lambda z, c: (_FATIGUELIFE_POLE(z, c, a=0.5) - (z - 2.0) / (2.0 * c * c) - np.log1p(-z)
                                    + np.log(c) - 0.5 * _LOG_2PI), (z, c), (1.0, 1.0), (1e-200, 1.0))


def _fatiguelife_near_zero(function, outside):
    """``function(z, c, scale)``, and ``outside`` (its limit at z = 0) with derivatives 0 where ``-u^2 / 2`` is below
    ``_VANISHING_LOG``: there the function is ``exp(-u^2 / 2)`` times powers of ``u`` and ``1 / z``, which underflow,
    while ``u``'s derivatives overflow (0 * inf = NaN)."""
    def near(z, c, scale):
        cp = _plain(c)
        return _vanishing(lambda z: np.where(z < 1.0, -0.5 * _fatiguelife_u(z, cp) ** 2, 0.0),
                          lambda z: function(z, c, scale), z, 1.0, outside)
    return near


_shape_functions(fatiguelife, ("c",), _fatiguelife_check, [
    (name, inside, function, outside, formula, f"round(float(fatiguelife.{name}(1.5, 0.5)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z > 0, _fatiguelife_log_density, -np.inf,
         "``log1p(z) - 1.5 log(z) - u^2 / 2 - log(2 c sqrt(2 pi) scale)``, ``u = (z - 1) / (c sqrt(z))``, on ``z > "
         "0``, ``-inf`` at and below 0.", "-0.944179"),
        ("pdf", lambda z: z > 0, _fatiguelife_near_zero(
            lambda z, c, scale: np.exp(_fatiguelife_log_density(z, c, scale)), 0.0), 0.0,
         "``(z + 1) exp(-u^2 / 2) / (2 c sqrt(2 pi) z^1.5 scale)`` on ``z > 0``, 0 at and below 0.", "0.388999"),
        ("cdf", lambda z: z > 0, _fatiguelife_near_zero(lambda z, c, scale: sc.ndtr(_fatiguelife_u(z, c)), 0.0), 0.0,
         "``ndtr(u)`` on ``z > 0``, 0 at and below 0.", "0.792892"),
        ("logcdf", lambda z: z > 0, lambda z, c, scale: _fatiguelife_log_cdf(z, c), -np.inf,
         "``log_ndtr(u)`` on ``z > 0``, ``-inf`` at and below 0.", "-0.232068"),
        ("sf", lambda z: z > 0, _fatiguelife_near_zero(lambda z, c, scale: sc.ndtr(-_fatiguelife_u(z, c)), 1.0), 1.0,
         "``ndtr(-u)`` on ``z > 0``, 1 at and below 0.", "0.207108"),
        ("logsf", lambda z: z > 0, _fatiguelife_near_zero(
            lambda z, c, scale: sc.log_ndtr(-_fatiguelife_u(z, c)), -0.0), 0.0,
         "``log_ndtr(-u)`` on ``z > 0``, 0 at and below 0.", "-1.574514"))])


def _fatiguelife_quantile_plain(upper):
    sign = -1.0 if upper else 1.0

    def plain(q, c):
        with np.errstate(over="ignore"):  # (inf far in the upper tail for a large c, as SciPy's)
            return np.exp(2.0 * np.arcsinh(sign * 0.5 * c * sc.ndtri(q)))
    return plain


#: ppf and isf ``exp(2 asinh(+-c ndtri(q) / 2))`` as primitives in q and c: d/dq the inverse function rule ``+-1 /
#: pdf(x)`` and d/dc ``2 x (x - 1) / (c (x + 1))``, traced in x (every higher derivative a product: through ndtri
#: the second derivative in q was inf - inf = NaN at q = 1e-300, the truth -inf)
_FATIGUELIFE_QUANTILE = _root_quantile(
    "fatiguelife", "c", _fatiguelife_quantile_plain, lambda q, c, quantile, sign: _inverse_slope(
        quantile(q, c), lambda z: _fatiguelife_log_density(z, c, 1.0), lambda pz: (pz > 0) & np.isfinite(pz), 1.0,
        sign), lambda q, c, quantile: (lambda x: 2.0 * x * (x - 1.0) / (c * (x + 1.0)))(quantile(q, c)),
    steep_mixed=_fatiguelife_steep)


def _fatiguelife_quantile(name, q, c, loc, scale, upper):
    with np.errstate(over="ignore"):
        return _FATIGUELIFE_QUANTILE(name, q, c, loc, scale, upper)


_quantiles(fatiguelife, "c", _fatiguelife_quantile, (
    ("``loc + scale exp(2 asinh(c ndtri(q) / 2))`` (SciPy's ``(t + sqrt(t^2 + 4))^2 / 4``, ``t = c ndtri(q)``).",
     "round(float(fatiguelife.ppf(0.3, 0.5)), 6)", "0.769931"),
    ("``loc + scale exp(2 asinh(-c ndtri(q) / 2))``.", "round(float(fatiguelife.isf(0.3, 0.5)), 6)", "1.298818")))
_add_moments("fatiguelife", ("c",), lambda c: 1.0 + 0.5 * c * c, lambda c: c * c * (1.0 + 1.25 * c * c), None,
             lambda name, c: _shapes_positive(name, c, names=["c"]), 0.5,
             " The mean is ``1 + c^2 / 2``, the variance ``c^2 (1 + 5 c^2 / 4)``. No entropy: it has no closed form.",
             sd=lambda c: c * np.sqrt(1.0 + 1.25 * c * c))
_add_quantile_summaries("fatiguelife", (0.5,))


# == session 29 (dist29a): laplace_asymmetric, genlogistic, dgamma, ... ===========================
# (one block: other helpers add distributions elsewhere in this file)

# -- laplace_asymmetric ---------------------------------------------------------------------------

__all__ += ["laplace_asymmetric"]


class laplace_asymmetric:
    """The asymmetric Laplace distribution, as ``scipy.stats.laplace_asymmetric``: ``pdf = exp(-kappa z) / (kappa +
    1/kappa)`` for ``z = (x - loc) / scale >= 0``, ``exp(z / kappa) / (kappa + 1/kappa)`` below; differentiable in x (or
    q), kappa, loc and scale, to every order, away from its kink, with ``mean``, ``var``, ``std`` and ``entropy``.
    Each tail is written in logs (``log sf = -kappa z - log(1 + kappa^2)`` for ``z >= 0``, ``log cdf = z / kappa +
    log(kappa^2 / (1 + kappa^2))`` below; the other tail ``-expm1`` and ``log1p(-exp)`` of it), exact far out where
    SciPy's ``log(1 - ...)`` is ``-inf``.

    At ``x == loc`` (``z = 0``) the log density's slopes in x, loc and scale are ``-kappa`` and ``1 / kappa`` on the two
    sides: ``pdf`` and ``logpdf`` refuse them there (:class:`~wengert.NoGradientRule`; in kappa alone they exist); the
    tails' first derivatives there are the density's, one number for both sides, and their second derivatives in x,
    loc and scale are refused (the two sides' differ), as ``ppf`` and ``isf``'s at the same point ``q = kappa^2 / (1 +
    kappa^2)`` (``1 / (1 + kappa^2)`` for ``isf``).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import laplace_asymmetric
    >>> round(float(wg.grad_bp(lambda x: laplace_asymmetric.logpdf(x, 2.0), 1.0)), 6)  # -kappa
    -2.0

    .. versionadded:: 0.1
    """


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


def _laplace_asymmetric_z(name, x, kappa, loc, scale):
    """``z = (x - loc) / scale`` with laplace_asymmetric's checks and its kink at z = 0 (see the class)."""
    _shapes_positive(name, kappa, names=["kappa"])
    return _cornered_z(name, _standardized(name, x, loc, scale), (x, loc, scale), "the log density's slope in z is "
                       "-kappa on the right and 1 / kappa on the left (the density has a corner there)", "kappa")


def _laplace_asymmetric_logs(kappa):
    """``(log(1 / (1 + kappa^2)), log(kappa^2 / (1 + kappa^2)), log(kappa + 1/kappa))``: the logs of the right and left
    tails' weights (``sf`` and ``cdf`` at 0) as ``-log1p(kappa^2)`` and ``-log1p(kappa^-2)``, each with ``2 log kappa``
    where its square would be the large one (through ``log kappa - log(kappa + 1/kappa)`` the weight's log lost its
    digits to the two terms' rounding: cdf(0.5, 1e-8) was 8e-8 relative off), and ``log(kappa + 1/kappa)`` as ``log 2
    + log1p(m^2 / 4) / 2``, ``m = 1/kappa - kappa`` the mean, near kappa = 1 (its derivative ``(1 - 1/kappa^2) / (kappa +
    1/kappa)`` cancelled there), ``logaddexp(log kappa, -log kappa)`` elsewhere."""
    pk = np.asarray(_plain(kappa))
    big = pk > 1.0

    def weight(kappa, sign):  # log(1 / (1 + kappa^(2 sign)))
        return _piecewise(kappa, big if sign > 0 else ~big, lambda k: -np.log1p(k ** (2.0 * sign)),
                          lambda k: -2.0 * sign * np.log(k) - np.log1p(k ** (-2.0 * sign)), 0.5 if sign > 0 else 2.0,
                          2.0 if sign > 0 else 0.5)
    with np.errstate(over="ignore", under="ignore"):
        right, left = weight(kappa, 1.0), weight(kappa, -1.0)
        near_one = (pk > 0.5) & (pk < 2.0)
        n = _piecewise(kappa, near_one, lambda k: np.logaddexp(np.log(k), -np.log(k)),
                       lambda k: _LOG_2 + 0.5 * np.log1p(np.square(_laplace_asymmetric_mean(k)) / 4.0), 3.0, 1.0)
    return right, left, n


def _laplace_asymmetric_mean(kappa):
    """``1/kappa - kappa``, as ``(1 - kappa) (1 + kappa) / kappa`` near kappa = 1 (exact there, where the difference
    cancels; its second derivative lost digits far from 1: 1.2e-6 relative off at kappa = 1e5)."""
    return _piecewise(kappa, (np.asarray(_plain(kappa)) > 0.5) & (np.asarray(_plain(kappa)) < 2.0),
                      lambda k: 1.0 / k - k, lambda k: (1.0 - k) * (1.0 + k) / k, 3.0, 1.0)


def _laplace_asymmetric_sd(kappa):
    """``sqrt(1/kappa^2 + kappa^2)``: ``sqrt(m^2 + 2)`` near kappa = 1 (``m`` the mean, exact there), ``kappa sqrt(1 +
    kappa^-4)`` above 2 and ``sqrt(1 + kappa^4) / kappa`` below 1/2 (through ``sqrt(m^2 + 2)`` the second derivative
    cancelled far from 1)."""
    pk = np.asarray(_plain(kappa))
    with np.errstate(over="ignore", under="ignore"):
        return _piecewise(kappa, (pk > 0.5) & (pk < 2.0), lambda k: _piecewise(
            k, np.asarray(_plain(k)) > 1.0, lambda k: np.sqrt(1.0 + k ** 4) / k, lambda k: k * np.sqrt(1.0 + k ** -4.0),
            0.25, 4.0), lambda k: np.sqrt(np.square(_laplace_asymmetric_mean(k)) + 2.0), 3.0, 1.0)


def _laplace_asymmetric_near_tail(z, kappa):
    """The log of the tail on z's side of 0 (``logsf`` for ``z >= 0``, ``logcdf`` below): ``-kappa z`` and ``z /
    kappa`` plus the tail's weight's log (:func:`_laplace_asymmetric_logs`)."""
    right, left, _ = _laplace_asymmetric_logs(kappa)
    return _piecewise(z, np.asarray(_plain(z)) < 0, lambda z: -kappa * z + right, lambda z: z / kappa + left,
                      1.0, -1.0)


def _laplace_asymmetric_tail(upper, log):
    """sf (``upper``) or cdf, or its log: the near tail's log (:func:`_laplace_asymmetric_near_tail`) where z is on the
    tail's side of 0 (its exp), ``-expm1`` or ``log1p(-exp)`` (:func:`_log1mexp`) of the other tail's log elsewhere."""
    def tail(z, kappa, scale):
        near_side = np.asarray(_plain(z) >= 0) if upper else np.asarray(_plain(z) < 0)
        t = _laplace_asymmetric_near_tail(z, kappa)
        with np.errstate(under="ignore"):
            if log:
                return np.where(near_side, t, _log1mexp(np.where(near_side, -1.0, t)))
            return np.where(near_side, np.exp(t), -np.expm1(np.where(near_side, -1.0, t)))
    return tail


def _laplace_asymmetric_logpdf(z, kappa, scale):
    n = _laplace_asymmetric_logs(kappa)[2]
    return _piecewise(z, np.asarray(_plain(z)) < 0, lambda z: -kappa * z, lambda z: z / kappa, 1.0, -1.0) - n \
        - _log_of(scale)


def _laplace_asymmetric_pdf(z, kappa, scale):
    """``1 / (kappa + 1/kappa)`` (as ``kappa / (1 + kappa^2)`` up to kappa = 1) out of the exponential: through ``exp(log
    density)`` the second derivative in kappa was ``pdf (L'^2 + L'')``, ``1/kappa^2 - 1/kappa^2`` cancelling as kappa goes
    to 0 (NaN-level off at kappa = 1e-8)."""
    factor = _piecewise(kappa, np.asarray(_plain(kappa)) > 1.0, lambda k: k / (1.0 + k * k), lambda k: 1.0 / (k + 1.0 / k),
                        0.5, 2.0)
    with np.errstate(under="ignore"):
        return factor / scale * np.exp(_piecewise(z, np.asarray(_plain(z)) < 0, lambda z: -kappa * z, lambda z: z / kappa,
                                                  1.0, -1.0))


_LAPLACE_ASYMMETRIC_FUNCTIONS = {
    "logpdf": (_laplace_asymmetric_logpdf,
               "``-kappa z - log(kappa + 1/kappa) - log(scale)`` for ``z >= 0``, ``z / kappa - ...`` below.", "-3.916291"),
    "pdf": (_laplace_asymmetric_pdf,
            "``exp(-kappa z) / ((kappa + 1/kappa) scale)`` for ``z >= 0``, ``exp(z / kappa) / ...`` below.", "0.019915"),
    "cdf": (_laplace_asymmetric_tail(False, False),
            "``1 - exp(-kappa z) / (1 + kappa^2)`` for ``z >= 0``, ``kappa^2 exp(z / kappa) / (1 + kappa^2)`` below.",
            "0.990043"),
    "logcdf": (_laplace_asymmetric_tail(False, True),
               "``log1p(-exp(-kappa z) / (1 + kappa^2))`` for ``z >= 0``, ``z / kappa + log(kappa^2 / (1 + kappa^2))`` "
               "below.", "-0.010007"),
    "sf": (_laplace_asymmetric_tail(True, False),
           "``exp(-kappa z) / (1 + kappa^2)`` for ``z >= 0``, ``1 - kappa^2 exp(z / kappa) / (1 + kappa^2)`` below.",
           "0.009957"),
    "logsf": (_laplace_asymmetric_tail(True, True),
              "``-kappa z - log(1 + kappa^2)`` for ``z >= 0`` (finite far out), ``log1p(-kappa^2 exp(z / kappa) / (1 + "
              "kappa^2))`` below.", "-4.609438"),
}


def _laplace_asymmetric_method(name, function, formula, value):
    def method(x, kappa, loc=0.0, scale=1.0):
        z = _laplace_asymmetric_z(f"laplace_asymmetric.{name}", x, kappa, loc, scale)
        return _in_dtype_of(function(z, kappa, scale), x, kappa, loc, scale)
    method.__doc__ = _doc(laplace_asymmetric, formula, f"round(float(laplace_asymmetric.{name}(1.5, 2.0)), 6)", value)
    _method(laplace_asymmetric, name)(method)


for _name, _la_row in _LAPLACE_ASYMMETRIC_FUNCTIONS.items():
    _laplace_asymmetric_method(_name, *_la_row)


def _laplace_asymmetric_quantile(name, q, kappa, loc, scale, upper):
    """ppf: ``kappa (log q + N - log kappa)`` below ``q = kappa^2 / (1 + kappa^2)`` (where z = 0), ``-(log1p(-q) + N +
    log kappa) / kappa`` above; isf: the same with the tails' roles exchanged (``N = log(kappa + 1/kappa)``); a traced
    q refused at the switch at second order (the two sides' second derivatives differ)."""
    _shapes_positive(name, kappa, names=["kappa"])
    pq, pk = (np.asarray(_plain(v), dtype=float) for v in (q, kappa))
    with np.errstate(divide="ignore", over="ignore"):
        turn = 1.0 / (1.0 + pk * pk) if upper else 1.0 / (1.0 + 1.0 / (pk * pk))
    if isinstance(q, (Var, Dual)):
        q = _kinked_at(q, turn, name, "q = kappa^2 / (1 + kappa^2), x == loc" if not upper
                       else "q = 1 / (1 + kappa^2), x == loc")

    def standard(q, kappa):  # (increasing in q: the isf's negative)
        right, left, _ = _laplace_asymmetric_logs(kappa)
        low = np.broadcast_to(np.asarray(_plain(q)) < turn, np.broadcast_shapes(np.shape(_plain(q)), np.shape(turn)))
        if upper:  # -isf: q below 1 / (1 + kappa^2) on the right of 0
            return _piecewise(q, low, lambda q: -kappa * (np.log1p(-q) - left), lambda q: (np.log(q) - right) / kappa,
                              0.5 * turn + 0.5, 0.5 * turn)
        return _piecewise(q, low, lambda q: -(np.log1p(-q) - right) / kappa, lambda q: kappa * (np.log(q) - left),
                          0.5 * turn + 0.5, 0.5 * turn)
    return _in_dtype_of(_located(name, q, loc, scale, standard, sign=-1.0 if upper else 1.0, shapes=(kappa,)),
                        q, kappa, loc, scale)


_quantiles(laplace_asymmetric, "kappa", _laplace_asymmetric_quantile, (
    ("``loc + scale kappa log(q (1 + kappa^2) / kappa^2)`` below ``q = kappa^2 / (1 + kappa^2)``, ``loc - scale "
     "log((1 - q) (1 + kappa^2)) / kappa`` above.", "round(float(laplace_asymmetric.ppf(0.9, 2.0)), 6)", "0.346574"),
    ("``loc - scale log(q (1 + kappa^2)) / kappa`` below ``q = 1 / (1 + kappa^2)``, ``loc + scale kappa log((1 - q) "
     "(1 + kappa^2) / kappa^2)`` above.", "round(float(laplace_asymmetric.isf(0.1, 2.0)), 6)", "0.346574")))
_add_moments("laplace_asymmetric", ("kappa",), _laplace_asymmetric_mean,
             lambda k: np.square(_laplace_asymmetric_mean(k)) + 2.0, lambda k: 1.0 + _laplace_asymmetric_logs(k)[2],
             lambda name, k: _shapes_positive(name, k, names=["kappa"]), 2.0,
             " The mean is ``1/kappa - kappa`` (as ``(1 - kappa) (1 + kappa) / kappa``, exact near kappa = 1), the "
             "variance ``1/kappa^2 + kappa^2`` (as ``m^2 + 2``, ``m`` the mean).", sd=_laplace_asymmetric_sd)
_add_quantile_summaries("laplace_asymmetric")


# -- genlogistic (the generalized logistic distribution, type I) ---------------------------------

__all__ += ["genlogistic"]


class genlogistic:
    """The generalized logistic (type I) distribution, as ``scipy.stats.genlogistic``: its cdf ``(1 + e^-z)^-c``
    (``logcdf = -c softplus(-z)``), differentiable in x (or q), c, loc and scale, to every order, with ``mean``
    (``euler + digamma(c)``), ``var`` (``pi^2 / 6 + polygamma(1, c)``), ``std`` and ``entropy``. The log density is
    written on each side of 0 without its terms of size ``|z|`` cancelling (``c z - (c + 1) log1p(e^z)`` below 0), the
    density with its factor ``c`` out of the exponential, the upper log tail ``log c - z`` plus a series far up (SciPy's
    is ``-inf`` from z = 745 on), the quantiles ``-log(expm1(u))``, ``u = -log(q) / c``, as ``-u - log1p(-e^-u)``
    where ``e^u`` would overflow (SciPy's ``ppf(1e-300, 0.5)`` is ``inf``, the truth -1381.55).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import genlogistic
    >>> float(wg.grad_bp(lambda c: genlogistic.logcdf(0.0, c), 2.0))  # -log 2
    -0.6931471805599453

    .. versionadded:: 0.1
    """


def _genlogistic_check(name, z, c):
    _shapes_positive(name, c, names=["c"])


def _genlogistic_log_kernel(z, c):
    """``-z - (c + 1) log1p(e^-z)`` for ``z >= 0``, ``c z - (c + 1) log1p(e^z)`` below (the same: its terms of size
    ``|z|`` collected, so that ``c z`` keeps its digits for a small c far left)."""
    with np.errstate(under="ignore"):
        return _piecewise(z, np.asarray(_plain(z)) < 0, lambda z: -z - (c + 1.0) * np.log1p(np.exp(-z)),
                          lambda z: c * z - (c + 1.0) * np.log1p(np.exp(z)), 1.0, -1.0)


def _genlogistic_logcdf(z, c):
    return -c * np.logaddexp(0.0, -z)


def _genlogistic_far(z, c, with_c=True):
    """``log c - z`` and a series where the upper tail is small: ``log(1 - (1 + t)^-c)``, ``t = e^-z``, as ``log c -
    z + log r + h(c t r)``, ``r = log1p(t) / t`` (its series), ``h(w) = log((1 - e^-w) / w)`` (its series,
    :func:`_log_expm1_ratio`), exact where ``t`` underflows (SciPy's is ``-inf`` there). Without ``with_c``, less
    ``log c``: the sf is ``c`` times its exp (through ``exp(log c + ...)`` its second derivative in c was ``sf (G'^2 +
    G'')``, ``1/c^2 - 1/c^2`` cancelling: 6e-12 relative off at z = 30, c = 1e8), but from z = 700, where ``e^-z``
    underflows beside a huge c, ``exp(log c + ...)`` (its second derivative in c, of order ``e^-2z``, is 0 there)."""
    with np.errstate(under="ignore"):
        t = np.exp(-z)
    r = polynomial(t, _LOG1P_RATIO_SERIES)
    return (_log_of(c) if with_c else 0.0) - z + np.log(r) + _log_expm1_ratio(c * t * r)


def _genlogistic_upper(log):
    def upper(z, c, scale):
        with np.errstate(under="ignore", over="ignore"):
            pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
            t = np.exp(-pz)
            far = np.broadcast_to((t < 0.5) & (pc * np.log1p(t) < _SMALL_U), np.broadcast_shapes(pz.shape, pc.shape))

        def near(z):
            logcdf = _genlogistic_logcdf(z, c)
            return _log1mexp(logcdf) if log else -np.expm1(logcdf)
        with np.errstate(under="ignore"):
            return _piecewise(z, far, near, lambda z: _genlogistic_far(z, c) if log else _piecewise(
                z, np.asarray(_plain(z)) > 700.0, lambda z: c * np.exp(_genlogistic_far(z, c, False)),
                lambda z: np.exp(_genlogistic_far(z, c)), 40.0, 800.0), 0.0, 40.0)
    return upper


_shape_functions(genlogistic, ("c",), _genlogistic_check, [
    (name, lambda z: np.ones(np.shape(z), bool), function, 0.0, formula, f"round(float(genlogistic.{name}(1.5, 2.0)), 6)",
     value)
    for name, function, formula, value in (
        ("logpdf", lambda z, c, scale: _log_of(c) + _genlogistic_log_kernel(z, c) - _log_of(scale),
         "``log(c) - z - (c + 1) log1p(e^-z) - log(scale)`` (``c z - (c + 1) log1p(e^z)`` below 0).", "-1.411093"),
        # (c / scale out of the exponential: through exp(log c + ...) d2/dc2 was pdf ((1/c + K')^2 + K'' - 1/c^2),
        # cancelling as c goes to 0)
        ("pdf", lambda z, c, scale: c / scale * np.exp(_genlogistic_log_kernel(z, c)),
         "``c e^-z (1 + e^-z)^(-c - 1) / scale``.", "0.243877"),
        ("cdf", lambda z, c, scale: np.exp(_genlogistic_logcdf(z, c)), "``(1 + e^-z)^-c``.", "0.668428"),
        ("logcdf", lambda z, c, scale: _genlogistic_logcdf(z, c), "``-c log1p(e^-z)`` (as ``logaddexp``).",
         "-0.402827"),
        ("sf", _genlogistic_upper(False), "``1 - (1 + e^-z)^-c`` (as ``-expm1``; far up, ``exp`` of its log).",
         "0.331572"),
        ("logsf", _genlogistic_upper(True),
         "``log(1 - (1 + e^-z)^-c)`` (``log c - z`` and a series far up).", "-1.10391"))])


def _genlogistic_standard_quantile(u):
    """``-log(expm1(u))`` for ``u >= 0``: as ``-u - log1p(-e^-u)`` from u = 1 (no overflow of ``e^u``)."""
    with np.errstate(divide="ignore", over="ignore"):
        return _piecewise(u, np.asarray(_plain(u)) > 1.0, lambda u: -np.log(np.expm1(u)),
                          lambda u: -u - np.log1p(-np.exp(-u)), 0.5, 2.0)


def _genlogistic_quantile(name, q, c, loc, scale, upper):
    """``-log(expm1(u))``, ``u = -log(q) / c`` (``upper``: ``-log1p(-q) / c``), :func:`_genlogistic_standard_quantile`;
    ``-inf`` and ``inf`` at the ends."""
    _shapes_positive(name, c, names=["c"])

    def standard(q, c):  # (increasing in q: the isf's negative)
        with np.errstate(divide="ignore"):
            if upper:
                return -_genlogistic_standard_quantile(-np.log1p(-q) / c)
            return _genlogistic_standard_quantile(-np.log(q) / c)
    return _in_dtype_of(_located(name, q, loc, scale, standard, sign=-1.0 if upper else 1.0, shapes=(c,)),
                        q, c, loc, scale)


_quantiles(genlogistic, "c", _genlogistic_quantile, (
    ("``loc - scale log(q^(-1/c) - 1)``.", "round(float(genlogistic.ppf(0.5, 2.0)), 6)", "0.881374"),
    ("``loc - scale log((1 - q)^(-1/c) - 1)``.", "round(float(genlogistic.isf(0.5, 2.0)), 6)", "0.881374")))


#: zeta(k), k = 2..41: the harmonic number ``H(x) = digamma(1 + x) + euler = sum_k>=2 (-1)^k zeta(k) x^(k - 1)`` for
#: |x| <= 1/4 (its terms below 1e-24 there)
_GENLOGISTIC_ZETA = [(-1.0) ** k * float(sc.zeta(k)) for k in range(2, 42)]


def _genlogistic_mean(c):
    """``euler + digamma(c)``: as ``H(c - 1)``'s series near c = 1 (its root: the two terms cancelled there, the mean
    ``1.6e-16 / (c - 1)`` relative off)."""
    near = np.abs(np.asarray(_plain(c), dtype=float) - 1.0) < 0.25
    return _piecewise(c, near, lambda c: _EULER + sc.digamma(c),
                      lambda c: (c - 1.0) * polynomial(c - 1.0, _GENLOGISTIC_ZETA), 2.0, 1.0)


def _genlogistic_entropy(c):
    """``-log(c) + digamma(c + 1) + euler + 1``: from c = 2 as ``digamma(c) - log(c)`` (its series from c = 10,
    :func:`_digamma_excess`) ``+ 1/c`` (the terms of size ``log c`` cancel as c grows: SciPy's switches to ``1 / (2c)``
    at c = 8e6); below, as written (``digamma(c) + 1/c`` cancelled there as c goes to 0)."""
    return _piecewise(c, np.asarray(_plain(c)) < 2.0, lambda c: _digamma_excess(c) + 1.0 / c,
                      lambda c: sc.digamma(c + 1.0) - np.log(c), 3.0, 1.0) + _EULER + 1.0


_add_moments("genlogistic", ("c",), _genlogistic_mean, lambda c: np.pi ** 2 / 6.0 + _polygamma(1, c),
             _genlogistic_entropy,
             lambda name, c: _shapes_positive(name, c, names=["c"]), 2.0,
             " The mean is ``euler + digamma(c)`` (its series near its root c = 1), the variance ``pi^2 / 6 + "
             "polygamma(1, c)``.")
_add_quantile_summaries("genlogistic")


# -- dgamma (the double gamma distribution) -------------------------------------------------------

__all__ += ["dgamma"]


class dgamma:
    """The double gamma distribution, as ``scipy.stats.dgamma``: gamma's density halved and mirrored about ``loc``
    (``pdf = |z|^(a - 1) exp(-|z|) / (2 gamma(a) scale)``; ``cdf = 1 - gammaincc(a, z) / 2`` for ``z > 0``),
    differentiable in x (or q), a, loc and scale away from its kink: in x, q, loc and scale to every order, in ``a``
    to second order (through ``gammainc``, as gamma's), with ``mean``, ``var``, ``std`` and ``entropy``. Each tail is
    gamma's on its side (its log finite far out, where SciPy's ``log(gammaincc / 2)`` is ``-inf``), the quantiles
    gamma's ``gammaincinv`` of ``2q - 1`` near ``q = 1/2`` (exact there) and ``gammainccinv`` of ``2 (1 - q)`` in the
    tails.

    At ``x == loc`` (``z = 0``) the density has no derivative in x, loc or scale for any a but one side's (``|z|^(a -
    1)``: its slopes there are opposite, or infinite, or the density is), so ``pdf`` and ``logpdf`` refuse them there
    (:class:`~wengert.NoGradientRule`), and their derivative in a where ``a <= 1`` (the density jumps in a at 1 and is
    inf below); the tails' first derivatives there are the density's, one number for both sides, and their second
    derivatives in x, loc and scale are refused. The quantiles refuse a traced q at ``q = 1/2`` (the same point).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import dgamma
    >>> round(float(wg.grad_bp(lambda x: dgamma.cdf(x, 1.0), 1.0)), 6)  # the density e^-1 / 2
    0.18394

    .. versionadded:: 0.1
    """


def _dgamma_z(name, x, a, loc, scale):
    """``z = (x - loc) / scale``, with dgamma's checks and its kink at z = 0 (see the class)."""
    _shapes_positive(name, a, names=["a"])
    z = _standardized(name, x, loc, scale)
    if name.endswith("pdf") and isinstance(a, (Var, Dual)) and np.any((_plain(z) == 0) & (_plain(a) <= 1)):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in a at x == loc for a <= 1: the density's factor "
            "|z|^(a - 1) is 0 ** 0 = 1 there at a = 1, 0 for a larger a and inf for a smaller one (and inf on "
            "all of a < 1). Evaluate away from x == loc, or pass a as a constant (wengert.stop_gradient).")
    return _cornered_z(name, z, (x, loc, scale), "the density is |z|^(a - 1) e^-|z| there, whose two sides' slopes "
                       "differ (or are infinite)", "a")


def _dgamma_half(log):
    """gamma's sf at ``t = |z|`` over 2 (``log``: its log, ``-log 2`` plus gamma's logsf, finite far out)."""
    def half(t, a):
        return gamma.logsf(t, a) - _LOG_2 if log else 0.5 * gamma.sf(t, a)
    return half


def _dgamma_big(log):
    """``1 - sf(t) / 2`` (``log``: ``log1p(-sf(t) / 2)``), gamma's sf at ``t = |z|``."""
    def big(t, a):
        return np.log1p(-0.5 * gamma.sf(t, a)) if log else 1.0 - 0.5 * gamma.sf(t, a)
    return big


#: name -> (the function of t = z on z >= 0, that of t = -z on z < 0; each of (t, a, scale)), formula, value at (1.0, 2.0)
_DGAMMA_FUNCTIONS = {
    "logpdf": ((lambda t, a, scale: gamma.logpdf(t, a) - _LOG_2 - _log_of(scale),) * 2,
               "``(a - 1) log|z| - |z| - gammaln(a) - log(2 scale)``.", "-1.693147"),
    "pdf": ((lambda t, a, scale: 0.5 * gamma.pdf(t, a) / scale,) * 2,
            "``|z|^(a - 1) exp(-|z|) / (2 gamma(a) scale)``.", "0.18394"),
    "cdf": ((lambda t, a, scale: _dgamma_big(False)(t, a), lambda t, a, scale: _dgamma_half(False)(t, a)),
            "``1 - gammaincc(a, z) / 2`` for ``z >= 0``, ``gammaincc(a, |z|) / 2`` below.", "0.632121"),
    "logcdf": ((lambda t, a, scale: _dgamma_big(True)(t, a), lambda t, a, scale: _dgamma_half(True)(t, a)),
               "``log1p(-gammaincc(a, z) / 2)`` for ``z >= 0``, ``log(gammaincc(a, |z|)) - log 2`` below (finite far "
               "out).", "-0.458675"),
    "sf": ((lambda t, a, scale: _dgamma_half(False)(t, a), lambda t, a, scale: _dgamma_big(False)(t, a)),
           "``gammaincc(a, z) / 2`` for ``z >= 0``, ``1 - gammaincc(a, |z|) / 2`` below.", "0.367879"),
    "logsf": ((lambda t, a, scale: _dgamma_half(True)(t, a), lambda t, a, scale: _dgamma_big(True)(t, a)),
              "``log(gammaincc(a, z)) - log 2`` for ``z >= 0`` (finite far out), ``log1p(-gammaincc(a, |z|) / 2)`` "
              "below.", "-1.0"),
}


def _dgamma_method(name, forms, formula, value):
    positive, negative = forms

    def method(x, a, loc=0.0, scale=1.0):
        z = _dgamma_z(f"dgamma.{name}", x, a, loc, scale)
        with np.errstate(divide="ignore", over="ignore"):
            return _in_dtype_of(_dweibull_sided(z, lambda t: positive(t, a, scale), lambda t: negative(t, a, scale)),
                                x, a, loc, scale)
    method.__doc__ = _doc(dgamma, formula, f"round(float(dgamma.{name}(1.0, 2.0)), 6)", value)
    _method(dgamma, name)(method)


for _name, _dgamma_row in _DGAMMA_FUNCTIONS.items():
    _dgamma_method(_name, *_dgamma_row)


def _dgamma_quantile(name, q, a, loc, scale, upper):
    """ppf: gamma's quantile mirrored: ``gammaincinv(a, 2q - 1)`` for ``1/2 <= q <= 3/4`` (``2q - 1`` exact: the
    quantile near 0 keeps its digits), ``gammainccinv(a, 2 (1 - q))`` above, minus the same at ``1 - q`` below 1/2; 0
    at 1/2 (a traced q refused there); isf: minus the ppf's."""
    _shapes_positive(name, a, names=["a"])
    pq = np.asarray(_plain(_q(name, q)), dtype=float)
    if isinstance(q, (Var, Dual)) and np.any(pq == 0.5):
        raise NoGradientRule(
            f"wengert.scipy.stats.{name} has no derivative in q at q = 1/2 (x == loc, the kink of the density: "
            "its slope there is 1 / pdf(loc), infinite for a > 1, and the two sides' second derivatives differ). "
            "Evaluate away from q = 1/2, or pass q as a constant.")

    def above(q):  # gamma's quantile at 2q - 1, for q >= 1/2
        return _piecewise(q, np.asarray(_plain(q)) > 0.75, lambda q: gamma.ppf(2.0 * q - 1.0, a),
                          lambda q: gamma.isf(2.0 * (1.0 - q), a), 0.6, 0.9)

    def below(q):  # minus gamma's quantile at 1 - 2q, for q < 1/2 (from q itself: 1 - q lost a small q's digits)
        return _piecewise(q, np.asarray(_plain(q)) < 0.25, lambda q: -gamma.ppf(1.0 - 2.0 * q, a),
                          lambda q: -gamma.isf(2.0 * q, a), 0.4, 0.1)

    def standard(q):  # (0 at q = 1/2 exactly, constant in a: gamma's quantile at 0 refused its second derivative in a)
        at_half = np.broadcast_to(pq == 0.5, np.broadcast_shapes(pq.shape, np.shape(_plain(a))))
        return _piecewise(q, at_half, lambda q: _piecewise(q, pq < 0.5, above, below, 0.75, 0.25),
                          lambda q: 0.0 * q + 0.0 * a, 0.75, 0.5)
    return _in_dtype_of(_located(name, q, loc, scale, standard, sign=-1.0 if upper else 1.0, ends=True),
                        q, a, loc, scale)


_quantiles(dgamma, "a", _dgamma_quantile, (
    ("``loc + scale gammaincinv(a, 2q - 1)`` above ``q = 1/2``, ``loc - scale gammaincinv(a, 1 - 2q)`` below.",
     "round(float(dgamma.ppf(0.9, 2.0)), 6)", "2.994308"),
    ("``loc - scale gammaincinv(a, 2q - 1)`` above ``q = 1/2``, ``loc + scale gammaincinv(a, 1 - 2q)`` below.",
     "round(float(dgamma.isf(0.1, 2.0)), 6)", "2.994308")))
# the mean 0 (symmetric), the variance a (a + 1) (the second moment), the entropy gamma's + log 2
_add_moments("dgamma", ("a",), lambda a: 0.0 * a, lambda a: a * (a + 1.0), lambda a: _gamma_entropy(a) + _LOG_2,
             lambda name, a: _shapes_positive(name, a, names=["a"]), 2.0,
             " The mean is 0, the variance ``a (a + 1)``.")
_add_quantile_summaries("dgamma")


# -- exponweib (the exponentiated Weibull distribution) ------------------------------------------

__all__ += ["exponweib"]


class exponweib:
    """The exponentiated Weibull distribution, as ``scipy.stats.exponweib``: its cdf ``(1 - exp(-z^c))^a``, weibull_min's
    raised to the power ``a``; differentiable in x (or q), a, c, loc and scale, to every order, with ``median`` and
    ``interval`` (no ``mean``, ``var``, ``std`` or ``entropy``: they have no closed form, SciPy integrates them). Its
    support is ``z = (x - loc) / scale >= 0``. ``log(1 - exp(-z^c))`` is weibull_min's log cdf (``c log z`` and a
    series near 0), so the lower log tail is finite where SciPy's is ``-inf``; near 0 the density and the cdf are
    powers ``z^(a c - 1)`` and ``z^(a c)`` times series (exact at z = 0); the upper log tail is ``log a - z^c`` plus a
    series far up (SciPy's is ``-inf`` where ``exp(-z^c)`` underflows); the quantiles ``(-log1p(-q^(1/a)))^(1/c)`` in
    logs where ``q^(1/a)`` is small (SciPy's ``ppf(1e-300, 0.5, 100)`` is 0, the truth 1e-6).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import exponweib
    >>> round(float(wg.grad_bp(lambda a: exponweib.logcdf(1.0, a, 1.0), 2.0)), 6)  # log(1 - e^-1)
    -0.458675

    .. versionadded:: 0.1
    """


_exponweib_check = _power_product_check(("a", "c"))  # (burr's check: a c is the density's power of z at 0)


def _exponweib_small(z, c):
    """Where ``z^c <= 1/2`` (a plain mask): there the functions are powers of z times series in ``z^c``."""
    with np.errstate(over="ignore", divide="ignore"):
        return np.asarray(np.power(_plain(z), _plain(c)) <= 0.5)


def _exponweib_log_kernel(z, a, c):
    """``(c - 1) log z - z^c + (a - 1) log(1 - exp(-z^c))``: where ``w = z^c <= 1/2`` as ``(a c - 1) log z - w + (a - 1)
    h(w)``, ``h(w) = log((1 - e^-w) / w)`` (its series: the terms of size ``log z`` collected, and ``0 ** 0``'s
    convention at z = 0)."""
    def direct(z):
        return sc.xlogy(c - 1.0, z) - np.power(z, c) + (a - 1.0) * _log1mexp_power(z, c)

    def near_zero(z):
        w = np.power(z, c)
        return sc.xlogy(a * c - 1.0, z) - w + (a - 1.0) * _log_expm1_ratio(w)
    with np.errstate(over="ignore", divide="ignore"):
        return _two_forms(_exponweib_small(z, c), direct, near_zero, (z,), (2.0,), (0.1,))


def _exponweib_log_density(z, a, c, scale):
    return _log_of(a) + _log_of(c) + _exponweib_log_kernel(z, a, c) - _log_of(scale)


def _exponweib_density(z, a, c, scale):
    """``a c / scale`` times ``exp`` of the rest of the log density (out of the exponential: through ``exp(log a +
    ...)`` the second derivative in a cancelled as ``1/a^2 - 1/a^2``), with powers near and at ``z = 0``
    (:func:`_exp_at_ends`)."""
    return a * c / scale * _exp_at_ends(
        lambda z: _exponweib_log_kernel(z, a, c),
        lambda z: _leading_powers_at_zero(
            z, a * c - 1.0, c, None,
            lambda z: z ** (a * c - 1.0) * np.exp(-np.power(z, c) + (a - 1.0) * _log_expm1_ratio(np.power(z, c))),
            k=0.5 * (a + 1.0), third_term=(a - 1.0) / 24.0 + (a + 1.0) ** 2 / 8.0),
        z, (0.0,), (a * c - 1.0,))


def _exponweib_cdf(z, a, c):
    """``(1 - exp(-z^c))^a``: ``exp(a log(1 - exp(-z^c)))`` (weibull_min's log cdf, :func:`_log1mexp_power`), and
    where ``z^c <= 1/2`` the power ``z^(a c) exp(a h(z^c))`` (exact at z = 0, where the log form's derivatives were 0 *
    inf), where ``z^c`` is tiny its leading powers ``z^(a c) - a/2 z^(a c + c)`` (:func:`_leading_powers_at_zero`:
    cdf'' at a = 2, c = 0.5, z = 1e-300 was +inf through the product, the truth -7.5e149)."""
    with np.errstate(over="ignore", divide="ignore", under="ignore"):
        return _two_forms(_exponweib_small(z, c), lambda z: np.exp(a * _log1mexp_power(z, c)),
                          lambda z: _leading_powers_at_zero(
                              z, a * c, c, None,
                              lambda z: np.power(z, a * c) * np.exp(a * _log_expm1_ratio(np.power(z, c))),
                              k=0.5 * a, third_term=a / 24.0 + a * a / 8.0), (z,), (2.0,), (0.1,))


def _exponweib_far(z, a, c, with_a=True):
    """The upper tail's log where it is small: ``log(1 - (1 - v)^a)``, ``v = exp(-z^c)``, as ``log a - z^c + log r +
    h(a v r)``, ``r = -log1p(-v) / v`` (its series), ``h(w) = log((1 - e^-w) / w)`` (its series): finite where ``v``
    underflows (SciPy's is ``-inf`` there); without ``with_a``, less ``log a`` (the sf is ``a`` times its exp)."""
    with np.errstate(under="ignore", over="ignore"):
        w = np.power(z, c)
        v = np.exp(-w)
    r = polynomial(-v, _LOG1P_RATIO_SERIES)
    return (_log_of(a) if with_a else 0.0) - w + np.log(r) + _log_expm1_ratio(a * v * r)


def _exponweib_upper(log):
    """sf (``log``: logsf): ``1 - cdf`` (``log1p(-cdf)``) of :func:`_exponweib_cdf` where the cdf is below 1/2 (exact
    at z = 0); ``-expm1(a log(1 - v))`` (``log1p(-exp)`` of the log cdf) above; far up (``v = exp(-z^c) < 1/2`` and
    ``a v < 1/2``) from :func:`_exponweib_far`."""
    def upper(z, a, c, scale):
        with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
            pz, pa, pc = (np.asarray(_plain(v), dtype=float) for v in (z, a, c))
            low = np.asarray(_plain(_exponweib_cdf(pz, pa, pc)) < 0.5)
            v = np.exp(-np.power(pz, pc))
            far = (v < 0.5) & (pa * v < _SMALL_U) & ~low
        shape = np.broadcast_shapes(pz.shape, pa.shape, pc.shape)
        low, far = np.broadcast_to(low, shape), np.broadcast_to(far, shape)

        def near(z, a, c):
            cdf = _exponweib_cdf(z, a, c)
            return _log1p_minus_leading(cdf, z, a * c, lambda z: _exponweib_cdf(z, a, c)) if log else 1.0 - cdf

        def middle(z, a, c):
            logcdf = a * _log1mexp_power(z, c)
            return _log1mexp(logcdf) if log else -np.expm1(logcdf)

        def beyond(z, a, c):
            if log:
                return _exponweib_far(z, a, c)
            return a * np.exp(_exponweib_far(z, a, c, False))
        with np.errstate(under="ignore", over="ignore"):
            return _two_forms(low, lambda z, a, c: _two_forms(far, middle, beyond, (z, a, c), (1.0, 1.0, 1.0),
                                                               (30.0, 1.0, 1.0)),
                              near, (z, a, c), (30.0, 1.0, 1.0), (0.1, 1.0, 1.0))
    return upper


_shape_functions(exponweib, ("a", "c"), _exponweib_check, [
    (name, inside, function, outside, formula, f"round(float(exponweib.{name}(1.5, 2.0, 3.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _exponweib_log_density, -np.inf,
         "``log(a c) + (c - 1) log z - z^c + (a - 1) log(1 - exp(-z^c)) - log(scale)`` on ``z >= 0``, ``-inf`` below.",
         "-0.807128"),
        ("pdf", lambda z: z >= 0, _exponweib_density, 0.0,
         "``a c z^(c - 1) exp(-z^c) (1 - exp(-z^c))^(a - 1) / scale`` on ``z >= 0``, 0 below.", "0.446138"),
        ("cdf", lambda z: z >= 0, lambda z, a, c, scale: _exponweib_cdf(z, a, c), 0.0,
         "``(1 - exp(-z^c))^a`` on ``z >= 0``, 0 below.", "0.932735"),
        ("logcdf", lambda z: z > 0, lambda z, a, c, scale: a * _log1mexp_power(z, c), -np.inf,
         "``a log(1 - exp(-z^c))`` (``c log z`` and a series where ``z^c < 1/2``) on ``z > 0``, ``-inf`` at and below 0.",
         "-0.069635"),
        ("sf", lambda z: z >= 0, _exponweib_upper(False), 1.0,
         "``1 - (1 - exp(-z^c))^a`` on ``z >= 0``, 1 below.", "0.067265"),
        ("logsf", lambda z: z >= 0, _exponweib_upper(True), 0.0,
         "``log(1 - (1 - exp(-z^c))^a)`` (``log a - z^c`` and a series far up) on ``z >= 0``, 0 below.",
         "-2.69911"))])


def _exponweib_quantile(name, q, a, c, loc, scale, upper):
    """``loc + scale (-log1p(-p^(1/a)))^(1/c)``, ``p = q`` (``upper``: ``1 - q``): ``(-log(-expm1(u)))^(1/c)``, ``u =
    log(p) / a`` (``log1p(-q) / a``), where ``p^(1/a) >= 1/2``; below, the powers ``p^(1/(a c)) r(p^(1/a))^(1/c)``, ``r(v) =
    -log1p(-v) / v`` (its series): ``p^(1/a)`` underflows at a tiny q and a small a where the quantile does not (SciPy's
    ``ppf(1e-300, 0.5, 100)`` is 0, the truth 1e-6), and through ``exp((u + log r) / c)`` the second derivative in q
    was ``x ((u' / c)^2 + u'' / c)``, ``1/q^2 - 1/q^2`` cancelling at ``a c = 1`` (-1.5e284 at q = 1e-300, a = 1/2, c = 2;
    the truth 1.5e-300)."""
    _shapes_positive(name, a, c, names=["a", "c"])

    def standard(q):
        with np.errstate(divide="ignore", over="ignore", under="ignore"):
            log_p = np.log1p(-q) if upper else np.log(q)
            small = np.asarray(_plain(log_p) / _plain(a) < -_LOG_2)

            def direct(q):
                return (-np.log(-np.expm1((np.log1p(-q) if upper else np.log(q)) / a))) ** (1.0 / c)

            def powers(q):
                p = 1.0 - q if upper else q
                return np.power(p, 1.0 / (a * c)) * np.power(polynomial(-np.power(p, 1.0 / a), _LOG1P_RATIO_SERIES),
                                                             1.0 / c)
            return _piecewise(q, np.broadcast_to(small, np.broadcast_shapes(small.shape, np.shape(_plain(q)))), direct,
                              powers, 0.1 if upper else 0.9, 0.9 if upper else 0.1)

    def standard_with_tail(q):
        # the upper tail far out (isf at q below 1e-100, q / a below 1e-20): (log a - log q)^(1/c) as one primitive;
        # through the direct form d2/dq2 was inf - inf below q ~ 1e-154 (the truth +inf)
        pq, pa = np.asarray(_plain(q), dtype=float), np.asarray(_plain(a), dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            far = (pq > 0) & (pq < 1e-100) & (pq / pa < 1e-20)
        if not upper or not np.any(far):
            return standard(q)
        far = np.broadcast_to(far, np.broadcast_shapes(far.shape, np.shape(pq)))
        tail = _EXPONWEIB_FAR(np.where(far, q, 1e-200), np.where(far, a, 1.0), c)
        if np.all(far):
            return tail
        return np.where(far, tail, standard(np.where(far, 0.5, q)))
    return _in_dtype_of(_located(name, q, loc, scale, standard_with_tail), q, a, c, loc, scale)


def _exponweib_far_log(q, a):
    """``L = log a - log q``: ``-log(-expm1(log1p(-q) / a))`` where q and q / a are tiny (the isf's far tail)."""
    return np.log(a) - np.log(q)


def _exponweib_far_value(q, a, c):
    return _exponweib_far_log(_plain(q), _plain(a)) ** (1.0 / _plain(c))


def _exponweib_far_slope_value(q, a, c):
    q, a, c = _plain(q), _plain(a), _plain(c)
    return -(_exponweib_far_log(q, a) ** (1.0 / c - 1.0)) / (c * q)


def _exponweib_far_curvature(q, a, c):
    """d2/dq2 of ``L^(1/c)``: ``L^(1/c - 2) (L + 1/c - 1) / (c q^2)``, +inf below q ~ 1e-154 (no inf - inf)."""
    log = _exponweib_far_log(q, a)
    with np.errstate(over="ignore"):
        return log ** (1.0 / c - 2.0) * (log + 1.0 / c - 1.0) / c / q / q


#: exponweib's standard isf far out, ``L^(1/c)``, ``L = log a - log q`` (:func:`_exponweib_quantile`)
_EXPONWEIB_FAR = Primitive(_exponweib_far_value, name="wengert.scipy.stats.exponweib_far_isf", reenters="any")
#: its derivative in q, ``-L^(1/c - 1) / (c q)``
_EXPONWEIB_FAR_SLOPE = Primitive(_exponweib_far_slope_value, name="wengert.scipy.stats.exponweib_far_isf_slope",
                                 reenters="any")
_def_partials(_EXPONWEIB_FAR, lambda q, a, c: _EXPONWEIB_FAR_SLOPE(q, a, c),
              lambda q, a, c: _exponweib_far_log(q, a) ** (1.0 / c - 1.0) / (c * a),
              lambda q, a, c: -(_exponweib_far_log(q, a) ** (1.0 / c)) * np.log(_exponweib_far_log(q, a)) / (c * c))
_def_partials(_EXPONWEIB_FAR_SLOPE, _exponweib_far_curvature,
              lambda q, a, c: -(1.0 / c - 1.0) * _exponweib_far_log(q, a) ** (1.0 / c - 2.0) / (c * a * q),
              lambda q, a, c: _exponweib_far_log(q, a) ** (1.0 / c - 1.0) * (1.0 + np.log(_exponweib_far_log(q, a)) / c)
              / (c * c * q))


_quantiles(exponweib, ("a", "c"), _exponweib_quantile, (
    ("``loc + scale (-log(1 - q^(1/a)))^(1/c)``.", "round(float(exponweib.ppf(0.5, 2.0, 3.0)), 6)", "1.070845"),
    ("``loc + scale (-log(1 - (1 - q)^(1/a)))^(1/c)``.", "round(float(exponweib.isf(0.5, 2.0, 3.0)), 6)",
     "1.070845")))
_add_quantile_summaries("exponweib", (2.0, 3.0))


# -- foldcauchy (the folded Cauchy distribution) --------------------------------------------------

__all__ += ["foldcauchy"]


class foldcauchy:
    """The folded Cauchy distribution, as ``scipy.stats.foldcauchy``: ``|Y|`` for a Cauchy ``Y`` centred at ``c >= 0``
    (``pdf = (1 / (1 + (z - c)^2) + 1 / (1 + (z + c)^2)) / pi`` on ``z >= 0``), differentiable in x (or q), c, loc and
    scale, to every order, with ``mean`` and ``var`` (both inf, as SciPy's; no entropy: it has no closed form, SciPy
    integrates it). The cdf is ``arctan2(2z, 1 + c^2 - z^2) / pi`` (its two arctangents' sum without their
    cancellation for a large c: SciPy's ``cdf(1e-3, 1e4)`` is 9e-8 relative off), the sf ``(arctan2(1, z - c) +
    arctan2(1, z + c)) / pi`` past the median, the log density a function of ``c^2`` (exact in c as c goes to 0) and
    finite far out (SciPy's ``logpdf(1e300, 3)`` is ``-inf``), the quantiles in closed form, the root ``(1 + c^2) / (u +
    sqrt(u^2 + 1 + c^2))``, ``u = cot(pi q)``, written with tangents that do not cancel (SciPy solves for them
    numerically: its ``isf(1e-300, 2)`` is 1e16, the truth 6.4e299).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import foldcauchy
    >>> round(float(wg.grad_bp(lambda x: foldcauchy.cdf(x, 0.0), 0.0)), 6)  # halfcauchy's density at 0: 2 / pi
    0.63662

    .. versionadded:: 0.1
    """


def _foldcauchy_check(name, z, c):
    if np.any(_plain(c) < 0):
        raise ValueError(f"{name}: the shape parameter c must be nonnegative (c < 0; SciPy gives NaN)")


def _foldcauchy_past_median(z, c):
    """Where ``z^2 > 1 + c^2`` (a plain mask): the cdf is above 1/2 there."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    with np.errstate(over="ignore"):
        return np.broadcast_to(pz * pz > 1.0 + pc * pc, np.broadcast_shapes(pz.shape, pc.shape))


def _foldcauchy_tails(z, c):
    """``(past, low, high)``: where z is past the median (a plain mask), the cdf ``arctan2(2z, 1 + c^2 - z^2) / pi``
    (for below it) and the sf ``(arctan2(1, z - c) + arctan2(1, z + c)) / pi`` (a sum of positive terms, for above)."""
    past = _foldcauchy_past_median(z, c)

    def low(z):
        return np.arctan2(2.0 * z, 1.0 + c * c - z * z) / np.pi

    def high(z):
        return (np.arctan2(1.0, z - c) + np.arctan2(1.0, z + c)) / np.pi
    return past, low, high


def _foldcauchy_tail(upper, log):
    def tail(z, c, scale):
        past, low, high = _foldcauchy_tails(z, c)
        with np.errstate(divide="ignore"):
            if upper:  # the sf: 1 - cdf below the median, the arctangents' sum above
                near = (lambda z: np.log1p(-low(z))) if log else (lambda z: 1.0 - low(z))
                far = (lambda z: np.log(high(z))) if log else high
            else:
                near = (lambda z: np.log(low(z))) if log else low
                far = (lambda z: np.log1p(-high(z))) if log else (lambda z: 1.0 - high(z))
            stand_in = 1.0 + np.sqrt(1.0 + np.asarray(_plain(c), dtype=float) ** 2)  # (past the median)
            return _piecewise(z, past, near, far, 0.5 * (stand_in - 1.0), stand_in)
    return tail


def _foldcauchy_logpdf(z, c, scale):
    """``log(2/pi) + log1p(z^2 + c^2) - log1p(2 (z^2 + c^2) + (z^2 - c^2)^2)``, a function of ``c^2`` (its derivative in
    c ``2c`` times one in ``c^2``: through the two Cauchy terms' sum each term's derivative in c cancelled the other's
    as c goes to 0, 3e-9 relative off at c = 1e-8); past z = 1e50 the same in ``w = 1/z^2`` (``-2 log z + log1p(w (1
    + c^2)) - log1p(2 w (1 - c^2) + w^2 (1 + c^2)^2)``, no overflow); past c = 1e100, ``logaddexp`` of the two terms'
    logs (:func:`_log1p_square`)."""
    pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
    shape = np.broadcast_shapes(pz.shape, pc.shape)
    huge_c, far = np.broadcast_to(pc > 1e100, shape), np.broadcast_to((pz > 1e50) & (pc <= 1e100), shape)

    def direct(z, c):
        s, d = z * z + c * c, z * z - c * c
        return np.log1p(s) - np.log1p(2.0 * s + d * d)

    def far_out(z, c):
        with np.errstate(under="ignore"):
            w = 1.0 / (z * z)
            b = w * (1.0 + c * c)
            return -2.0 * np.log(z) + np.log1p(b) - np.log1p(2.0 * w * (1.0 - c * c) + b * b)

    def terms(z, c):
        return np.logaddexp(-_log1p_square(z - c), -_log1p_square(z + c)) - _LOG_2
    with np.errstate(over="ignore"):
        return _two_forms(huge_c, lambda z, c: _two_forms(far, direct, far_out, (z, c), (1.0, 1.0), (1e60, 1.0)), terms,
                          (z, c), (1.0, 1.0), (1.0, 1e101)) + _LOG_2 - _LOG_PI - _log_of(scale)


_shape_functions(foldcauchy, ("c",), _foldcauchy_check, [
    (name, inside, function, outside, formula, f"round(float(foldcauchy.{name}(1.5, 2.0)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _foldcauchy_logpdf, -np.inf,
         "``log(1 / (1 + (z - c)^2) + 1 / (1 + (z + c)^2)) - log(pi scale)`` on ``z >= 0``, ``-inf`` below.",
         "-1.277722"),
        ("pdf", lambda z: z >= 0, lambda z, c, scale: np.exp(_foldcauchy_logpdf(z, c, scale)), 0.0,
         "``(1 / (1 + (z - c)^2) + 1 / (1 + (z + c)^2)) / (pi scale)`` on ``z >= 0``, 0 below.", "0.278671"),
        ("cdf", lambda z: z >= 0, _foldcauchy_tail(False, False), 0.0,
         "``(arctan(z - c) + arctan(z + c)) / pi``, as ``arctan2(2z, 1 + c^2 - z^2) / pi``, on ``z >= 0``, 0 below.",
         "0.263831"),
        ("logcdf", lambda z: z > 0, _foldcauchy_tail(False, True), -np.inf,
         "``log(foldcauchy.cdf)`` (``log1p(-sf)`` past the median) on ``z > 0``, ``-inf`` at and below 0.",
         "-1.332447"),
        ("sf", lambda z: z >= 0, _foldcauchy_tail(True, False), 1.0,
         "``1 - cdf``, as ``(arctan2(1, z - c) + arctan2(1, z + c)) / pi`` past the median, on ``z >= 0``, 1 below.",
         "0.736169"),
        ("logsf", lambda z: z >= 0, _foldcauchy_tail(True, True), 0.0,
         "``log(foldcauchy.sf)`` (finite far out) on ``z >= 0``, 0 below.", "-0.306295"))])


def _foldcauchy_quantile(name, q, c, loc, scale, upper):
    """``loc + scale x``, ``x`` the positive root of ``x^2 + 2 u x - (1 + c^2) = 0``, ``u = cot(pi p)`` (``p = q``;
    ``upper``: ``1 - q``), written with ``s = sqrt(1 + c^2)`` and a tangent that does not cancel: near ``x = 0`` (p below
    1/4) ``s^2 v / (1 + sqrt(1 + s^2 v^2))``, ``v = tan(pi p)``; far up (p above 3/4) ``(1 + sqrt(1 + s^2 t^2)) / t``,
    ``t = tan(pi (1 - p))`` (through ``cot`` the second derivative in q cancelled: 1e-5 relative off at q = 1e-10, c =
    1e4, and ``u^2`` overflowed at q = 1e-300); between, ``s^2 / (u + hypot(u, s))`` or ``hypot(u, s) - u``."""
    _foldcauchy_check(name, 0.0, c)
    s = np.hypot(1.0, c)

    def near_zero(v):
        return s * s * v / (1.0 + np.hypot(1.0, s * v))

    def far_up(t):
        return (1.0 + np.hypot(1.0, s * t)) / t

    def middle(u):
        positive = np.broadcast_to(np.asarray(_plain(u)) > 0, np.broadcast_shapes(np.shape(_plain(u)), np.shape(
            _plain(c))))
        return _piecewise(u, positive, lambda u: np.hypot(u, s) - u, lambda u: s * s / (u + np.hypot(u, s)), -1.0, 1.0)

    def standard(q):
        pq = np.asarray(_plain(q), dtype=float)
        shape = np.broadcast_shapes(pq.shape, np.shape(_plain(c)))
        low, high = np.broadcast_to(pq < 0.25, shape), np.broadcast_to(pq > 0.75, shape)
        first, last = (far_up, near_zero) if upper else (near_zero, far_up)

        def not_low(q):
            return _piecewise(q, high, lambda q: middle(np.tan(np.pi * ((q - 0.5) if upper else (0.5 - q)))),
                              lambda q: last(np.tan(np.pi * (1.0 - q))), 0.5, 0.9)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            return _piecewise(q, low, not_low, lambda q: first(np.tan(np.pi * q)), 0.5, 0.1)
    return _in_dtype_of(_located(name, q, loc, scale, standard), q, c, loc, scale)


_quantiles(foldcauchy, "c", _foldcauchy_quantile, (
    ("``loc + scale ((1 + c^2) / (u + sqrt(u^2 + 1 + c^2)))``, ``u = cot(pi q)``.",
     "round(float(foldcauchy.ppf(0.5, 2.0)), 6)", "2.236068"),
    ("``loc + scale (sqrt(u^2 + 1 + c^2) - u)``, ``u = cot(pi q)``.", "round(float(foldcauchy.isf(0.5, 2.0)), 6)",
     "2.236068")))
_add_moments("foldcauchy", ("c",), lambda c: np.full(np.shape(_plain(c)), np.inf)[()],
             lambda c: np.full(np.shape(_plain(c)), np.inf)[()], None,
             lambda name, c: _foldcauchy_check(name, 0.0, c), 2.0,
             " The mean and variance are infinite, as SciPy's. No entropy: it has no closed form.")
_add_quantile_summaries("foldcauchy")


# -- loglaplace (the log-Laplace distribution) ----------------------------------------------------

__all__ += ["loglaplace"]


class loglaplace:
    """The log-Laplace distribution, as ``scipy.stats.loglaplace``: ``log z`` Laplace with scale ``1/c`` (``pdf = c/2
    z^(c - 1)`` for ``0 <= z < 1``, ``c/2 z^(-c - 1)`` above), differentiable in x (or q), c, loc and scale, to every
    order away from its kink, with ``mean``, ``var``, ``std`` and ``entropy``. Each tail is a power on its side of 1
    (its log ``c log z - log 2`` or ``-c log z - log 2``, finite far out where SciPy's is ``-inf``); the variance
    ``c^2 (2 c^2 + 1) / ((c^2 - 4) (c^2 - 1)^2)`` (SciPy's difference of moments cancels as c grows).

    At ``z = 1`` (``x == loc + scale``) the density has a corner (its log's slopes ``c - 1`` and ``-c - 1``): ``pdf``
    and ``logpdf`` refuse a derivative in x, loc or scale there (:class:`~wengert.NoGradientRule`), the tails' second
    derivatives there too (their first is the density), as ``ppf`` and ``isf``'s at ``q = 1/2``. At ``z = 0`` the
    density is ``c/2 z^(c - 1)``: a traced c is refused there where ``c = 1`` (it jumps in c).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import loglaplace
    >>> float(wg.grad_bp(lambda c: loglaplace.logsf(2.0, c), 1.0))  # -log 2
    -0.6931471805599453

    .. versionadded:: 0.1
    """


def _loglaplace_z(name, x, c, loc, scale):
    """``z = (x - loc) / scale`` with loglaplace's checks: c positive, a traced c refused in the density at z = 0 where
    c = 1, and the corner at z = 1 (:func:`_cornered_z`)."""
    _shapes_positive(name, c, names=["c"])
    z = _standardized(name, x, loc, scale)
    if name.endswith("pdf"):
        _refuse_a_jump_in_shape(name, c, lambda: (_plain(z) == 0) & (_plain(c) == 1), "c", "c = 1 where x == loc",
                                "z**(c - 1)")
    return _cornered_z(name, z, (x, loc, scale), "the log density's slope in log z is c - 1 below and -c - 1 above "
                       "(the density has a corner there)", "c", 1.0, "x == loc + scale")


def _loglaplace_sides(z, below, above):
    """``below(z)`` for ``z < 1``, ``above(z)`` for ``z >= 1``, each on its own points."""
    return _piecewise(z, np.asarray(_plain(z)) >= 1.0, below, above, 0.5, 2.0)


#: name -> (the function below z = 1, that above; each of (z, c, scale)), formula, value at (1.5, 2.0)
_LOGLAPLACE_FUNCTIONS = {
    "logpdf": ((lambda z, c, scale: sc.xlogy(c - 1.0, z), lambda z, c, scale: -(c + 1.0) * np.log(z)),
               "``log(c / 2) + (c - 1) log z`` below ``z = 1``, ``log(c / 2) - (c + 1) log z`` above, ``- log(scale)``.",
               "-1.216395"),
    "pdf": ((lambda z, c, scale: np.power(z, c - 1.0), lambda z, c, scale: np.power(z, -c - 1.0)),
            "``c / 2 z^(c - 1) / scale`` below ``z = 1``, ``c / 2 z^(-c - 1) / scale`` above.", "0.296296"),
    "cdf": ((lambda z, c, scale: 0.5 * np.power(z, c), lambda z, c, scale: 1.0 - 0.5 * np.power(z, -c)),
            "``z^c / 2`` below ``z = 1``, ``1 - z^-c / 2`` above.", "0.777778"),
    "logcdf": ((lambda z, c, scale: c * np.log(z) - _LOG_2, lambda z, c, scale: np.log1p(-0.5 * np.power(z, -c))),
               "``c log z - log 2`` below ``z = 1`` (finite near 0), ``log1p(-z^-c / 2)`` above.", "-0.251314"),
    "sf": ((lambda z, c, scale: 1.0 - 0.5 * np.power(z, c), lambda z, c, scale: 0.5 * np.power(z, -c)),
           "``1 - z^c / 2`` below ``z = 1``, ``z^-c / 2`` above.", "0.222222"),
    "logsf": ((lambda z, c, scale: np.log1p(-0.5 * np.power(z, c)), lambda z, c, scale: -c * np.log(z) - _LOG_2),
              "``log1p(-z^c / 2)`` below ``z = 1``, ``-c log z - log 2`` above (finite far out).", "-1.504077"),
}


def _loglaplace_method(name, forms, formula, value):
    below, above = forms
    # where each is defined: the log tails' power logs at z > 0; the others at z >= 0; outside, the limits
    inside = (lambda z: z > 0) if name == "logcdf" else (lambda z: z >= 0)
    outside = _LIMITS_AT_INFINITY[name][1]

    def method(x, c, loc=0.0, scale=1.0):
        z = _loglaplace_z(f"loglaplace.{name}", x, c, loc, scale)

        def inner(z):
            out = _loglaplace_sides(z, lambda z: below(z, c, scale), lambda z: above(z, c, scale))
            if name == "pdf":
                return 0.5 * c / scale * out
            if name == "logpdf":
                return out + _log_of(c) - _LOG_2 - _log_of(scale)
            return out
        with np.errstate(divide="ignore", over="ignore"):
            return _in_dtype_of(_on_support(inside(_plain(z)), inner, z, outside=outside), x, c, loc, scale)
    method.__doc__ = _doc(loglaplace, formula, f"round(float(loglaplace.{name}(1.5, 2.0)), 6)", value)
    _method(loglaplace, name)(method)


for _name, _loglaplace_row in _LOGLAPLACE_FUNCTIONS.items():
    _loglaplace_method(_name, *_loglaplace_row)


def _loglaplace_quantile(name, q, c, loc, scale, upper):
    """ppf: ``(2q)^(1/c)`` below ``q = 1/2``, ``(2 (1 - q))^(-1/c)`` above; isf: ``(2q)^(-1/c)`` below, ``(2 (1 -
    q))^(1/c)`` above (``1 - q`` exact there); a traced q refused at second order at ``q = 1/2`` (z = 1, the kink)."""
    _shapes_positive(name, c, names=["c"])
    q = _kinked_at(_q(name, q), 0.5, name, "q = 1/2, x == loc + scale")
    pq = np.asarray(_plain(q), dtype=float)
    high = np.broadcast_to(pq >= 0.5, np.broadcast_shapes(pq.shape, np.shape(_plain(c))))
    sign = -1.0 if upper else 1.0

    def standard(q):
        with np.errstate(divide="ignore", over="ignore"):
            return _piecewise(q, high, lambda q: np.power(2.0 * q, sign / c),
                              lambda q: np.power(2.0 * (1.0 - q), -sign / c), 0.25, 0.75)
    return _in_dtype_of(_located(name, q, loc, scale, standard), q, c, loc, scale)


_quantiles(loglaplace, "c", _loglaplace_quantile, (
    ("``loc + scale (2q)^(1/c)`` below ``q = 1/2``, ``loc + scale (2 (1 - q))^(-1/c)`` above.",
     "round(float(loglaplace.ppf(0.9, 2.0)), 6)", "2.236068"),
    ("``loc + scale (2q)^(-1/c)`` below ``q = 1/2``, ``loc + scale (2 (1 - q))^(1/c)`` above.",
     "round(float(loglaplace.isf(0.1, 2.0)), 6)", "2.236068")))


def _loglaplace_variance(c):
    """``c^2 (2 c^2 + 1) / ((c^2 - 4) (c^2 - 1)^2)`` for ``c > 2``, with ``c^2 - k^2`` as ``(c - k) (c + k)``: the second
    moment less the mean's square collected in one quotient (SciPy's difference cancels as c grows)."""
    return c * c * (2.0 * c * c + 1.0) / ((c - 2.0) * (c + 2.0)) / ((c - 1.0) * (c + 1.0)) ** 2


_add_moments("loglaplace", ("c",),
             # (the mean as 1 + 1 / (c^2 - 1): through c^2 / (c^2 - 1) its derivative cancelled as c grows, 3e-7
             # relative off at c = 1e5)
             lambda c: _moment_where(lambda p: p > 1.0, _always, lambda c: 1.0 + 1.0 / ((c - 1.0) * (c + 1.0)), (c,),
                                     2.0),
             lambda c: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, _loglaplace_variance, (c,), 3.0),
             lambda c: 1.0 + _LOG_2 - np.log(c), lambda name, c: _shapes_positive(name, c, names=["c"]), 3.0,
             " The mean ``c^2 / (c^2 - 1)`` exists for ``c > 1`` (inf below), the variance ``c^2 (2 c^2 + 1) / ((c^2 - "
             "4) (c^2 - 1)^2)`` for ``c > 2``; it is inf for ``1 < c <= 2`` and NaN for ``c <= 1``, where the mean is "
             "infinite.",
             sd=lambda c: _moment_where(lambda p: p > 2.0, lambda p: p > 1.0, lambda c: c * np.sqrt(
                 (2.0 * c * c + 1.0) / ((c - 2.0) * (c + 2.0))) / ((c - 1.0) * (c + 1.0)), (c,), 3.0))
_add_quantile_summaries("loglaplace")


# -- bradford (the Bradford distribution) ----------------------------------------------------------

__all__ += ["bradford"]


def _bradford_series():
    """The coefficients (from Fractions) of the series bradford's moments and entropy take for a small c, where their
    closed forms cancel: ``c - log1p(c) = c^2 A(c)`` (the mean ``A / L``, ``L = log1p(c) / c``), the variance ``V(c) =
    B / (2 L^2)`` (``(c + 2) log1p(c) - 2c = c^3 B(c)``), to c^59, and the entropy ``log1p(c) / 2 + log(log1p(c) / c) =
    c^2 H(c)`` to c^30."""
    n = 31  # (the entropy's series; the moments' to c^60, below c = 1/2)
    ratio = [Fraction((-1) ** k, k + 1) for k in range(n)]  # log1p(c) / c
    u = [Fraction(0)] + ratio[1:]  # log1p(c) / c - 1
    log_ratio, power = [Fraction(0)] * n, [Fraction(1)] + [Fraction(0)] * (n - 1)
    for k in range(1, n):  # log(1 + u) = sum (-1)^(k + 1) u^k / k
        power = [sum(power[i] * u[j - i] for i in range(j + 1)) for j in range(n)]
        log_ratio = [a + Fraction((-1) ** (k + 1), k) * b for a, b in zip(log_ratio, power)]
    entropy = [log_ratio[j] + (Fraction((-1) ** (j + 1), j) / 2 if j else 0) for j in range(n)]
    assert entropy[0] == entropy[1] == 0
    # the variance B / (2 L^2), L = log1p(c) / c, as one series (through the quotient its derivative cancelled as c goes
    # to 0: B' / (2 L^2) - B L' / L^3, -1/12 + 1/12; 6.6e-9 relative off at c = 1e-6)
    m = 60
    ratio_m = [Fraction((-1) ** k, k + 1) for k in range(m)]
    square = [sum(ratio_m[i] * ratio_m[j - i] for i in range(j + 1)) for j in range(m)]
    b = [Fraction((-1) ** j * (j + 1), (j + 2) * (j + 3)) for j in range(m)]
    variance = []
    for j in range(m):  # 2 L^2 V = B
        variance.append((b[j] - 2 * sum(square[i] * variance[j - i] for i in range(1, j + 1))) / (2 * square[0]))
    return ([(-1.0) ** j / (j + 2) for j in range(m)], [float(v) for v in variance], [float(e) for e in entropy[2:]])


_BRADFORD_A, _BRADFORD_V, _BRADFORD_H = _bradford_series()
#: below this c bradford's entropy is a series (:func:`_bradford_series`; its terms below 1e-28 there), below 5 times
#: it its moments (their terms below 1e-18 of the sum at c = 1/2; their closed forms cancelled as 12 / c^2 there)
_BRADFORD_SERIES_BELOW = 0.1


class bradford:
    """The Bradford distribution, as ``scipy.stats.bradford``: ``pdf = c / (log1p(c) (1 + c z))`` on ``0 <= z <= 1``
    (``z = (x - loc) / scale``), differentiable in x (or q), c, loc and scale, to every order, with ``mean``,
    ``var``, ``std`` and ``entropy``. At the ends of the support (z = 0 and z = 1, where the density jumps to 0) the
    derivatives are the one-sided ones from inside. The sf is ``log1p(c (1 - z) / (1 + c z)) / log1p(c)`` (exact near
    z = 1, where SciPy's ``1 - cdf`` cancels), the moments and the entropy series in c below c = 0.1, where their
    closed forms cancel (SciPy's ``var(1e-6)`` is -82.2, the truth 0.0833; its ``entropy(1e-6)`` -8.2e-11, the truth
    -4.2e-14).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import bradford
    >>> round(float(wg.grad_bp(lambda x: bradford.cdf(x, 1.0), 0.0)), 6)  # the density at 0: 1 / log 2
    1.442695

    .. versionadded:: 0.1
    """


#: 1 / (n + 1)!, n = 0..19: exprel(x) = expm1(x) / x for |x| < 1/2 (its last term below 1e-24 there)
_EXPREL_SERIES = [1.0 / math.factorial(n + 1) for n in range(20)]


def _bradford_ratio(t):
    """``log1p(t) / t`` for ``t > -1/2``, as its series below t = 1/2 (1 at t = 0): bradford's functions are written in it
    so that their derivatives in c do not cancel as c goes to 0 (through ``log1p(c z) / log1p(c)`` the cdf's terms of
    size ``1/c`` cancelled: its second derivative in c 2e-3 relative off at c = 1e-6)."""
    return _piecewise(t, np.asarray(_plain(t)) < 0.5, lambda t: np.log1p(t) / t,
                      lambda t: polynomial(t, _LOG1P_RATIO_SERIES), 1.0, 0.25)


def _bradford_log_ratio(t):
    """``log(log1p(t) / t)``: below t = 1/2 ``log1p`` of the series less its 1 (the log of a number near 1 lost the
    digits of ``-t/2``: the log density 3.6e-5 relative off at c = 1e-6, z = 1/2)."""
    return _piecewise(t, np.asarray(_plain(t)) < 0.5, lambda t: np.log(np.log1p(t) / t),
                      lambda t: np.log1p(t * polynomial(t, _LOG1P_RATIO_SERIES[1:])), 1.0, 0.25)


def _bradford_exprel(x):
    """``expm1(x) / x``, as its series below |x| = 1/2."""
    return _piecewise(x, np.abs(np.asarray(_plain(x))) < 0.5, lambda x: np.expm1(x) / x,
                      lambda x: polynomial(x, _EXPREL_SERIES), 1.0, 0.25)


def _bradford_lower(z, c):
    """The cdf ``log1p(c z) / log1p(c)`` as ``z L(c z) / L(c)``, ``L(t) = log1p(t) / t`` (:func:`_bradford_ratio`)."""
    return z * _bradford_ratio(c * z) / _bradford_ratio(c)


def _bradford_upper(z, c):
    """The sf ``log1p(c (1 - z) / (1 + c z)) / log1p(c)`` (nothing cancels near z = 1, where SciPy's ``1 - cdf``
    does), as ``(1 - z) / (1 + c z) L(w) / L(c)``, ``w = c (1 - z) / (1 + c z)``."""
    v = (1.0 - z) / (1.0 + c * z)
    return v * _bradford_ratio(c * v) / _bradford_ratio(c)


def _bradford_tail(upper, log):
    """cdf or sf (``upper``), or its log: each from its own form on its own half (z below 1/2 the cdf's, above the
    sf's: their derivatives in c vanish at z = 0 and z = 1 respectively, without cancelling), the other ``1 -`` it."""
    def tail(z, c, scale):
        high = np.broadcast_to(np.asarray(_plain(z)) > 0.5, np.broadcast_shapes(np.shape(_plain(z)), np.shape(
            _plain(c))))
        own, other = (_bradford_upper, _bradford_lower) if upper else (_bradford_lower, _bradford_upper)
        near, far = (lambda z: own(z, c)), (lambda z: other(z, c))
        with np.errstate(divide="ignore"):
            if log:
                if upper:
                    return _piecewise(z, high, lambda z: np.log1p(-far(z)), lambda z: np.log(near(z)), 0.25, 0.75)
                return _piecewise(z, high, lambda z: np.log(near(z)), lambda z: np.log1p(-far(z)), 0.25, 0.75)
            if upper:
                return _piecewise(z, high, lambda z: 1.0 - far(z), near, 0.25, 0.75)
            return _piecewise(z, high, near, lambda z: 1.0 - far(z), 0.25, 0.75)
    return tail


def _bradford_functions():
    def log_density(z, c, scale):
        return -_bradford_log_ratio(c) - np.log1p(c * z) - _log_of(scale)
    return {
        "logpdf": (lambda z: (z >= 0) & (z <= 1), log_density,
                   "``log(c / log1p(c)) - log1p(c z) - log(scale)`` on ``0 <= z <= 1``, ``-inf`` outside.", "-0.094048"),
        "pdf": (lambda z: (z >= 0) & (z <= 1), lambda z, c, scale: 1.0 / (_bradford_ratio(c) * (1.0 + c * z) * scale),
                "``c / (log1p(c) (1 + c z) scale)`` on ``0 <= z <= 1``, 0 outside.", "0.910239"),
        "cdf": (lambda z: (z >= 0) & (z <= 1), _bradford_tail(False, False),
                "``log1p(c z) / log1p(c)`` on ``0 <= z <= 1``, 0 below, 1 above.", "0.63093"),
        "logcdf": (lambda z: (z > 0) & (z <= 1), _bradford_tail(False, True),
                   "``log(log1p(c z) / log1p(c))`` on ``0 < z <= 1``, ``-inf`` at and below 0, 0 above.", "-0.460561"),
        "sf": (lambda z: (z >= 0) & (z <= 1), _bradford_tail(True, False),
               "``log1p(c (1 - z) / (1 + c z)) / log1p(c)`` on ``0 <= z <= 1``, 1 below, 0 above.", "0.36907"),
        "logsf": (lambda z: (z >= 0) & (z < 1), _bradford_tail(True, True),
                  "``log`` of the sf on ``0 <= z < 1``, 0 below, ``-inf`` at and above 1.", "-0.996768"),
    }


def _bradford_method(name, inside, function, formula, value):
    top, bottom = _LIMITS_AT_INFINITY[name]

    def method(x, c, loc=0.0, scale=1.0):
        _shapes_positive(f"bradford.{name}", c, names=["c"])
        z = _standardized(f"bradford.{name}", x, loc, scale)
        pz = np.asarray(_plain(z))
        # outside (or at an end where a log tail is -inf): the limit on that side
        out = _on_support(inside(pz), lambda z: function(z, c, scale), z, outside=np.nan)
        if np.any(~inside(pz)):
            out = np.where(inside(pz), out, np.where(pz > 0.5, top, bottom))
        return _in_dtype_of(out, x, c, loc, scale)
    method.__doc__ = _doc(bradford, formula, f"round(float(bradford.{name}(0.5, 2.0)), 6)", value)
    _method(bradford, name)(method)


for _name, _bradford_row in _bradford_functions().items():
    _bradford_method(_name, *_bradford_row)


def _bradford_quantile(name, q, c, loc, scale, upper):
    """``loc + scale expm1(p log1p(c)) / c``, ``p = q`` (``upper``: ``1 - q``), as ``p L(c) exprel(p c L(c))`` (exact in c
    as c goes to 0)."""
    _shapes_positive(name, c, names=["c"])

    def standard(q):  # (above p = 1/2 as 1 - (1 + c) (1 - p) L(c) exprel(-(1 - p) c L(c)), from the other tail: its
        # derivative in c vanishes at p = 1 without cancelling, 6e-5 relative off at q = 1 - 1e-12, c = 70)
        ratio = _bradford_ratio(c)
        high = np.broadcast_to(np.asarray(_plain(q)) < 0.5 if upper else np.asarray(_plain(q)) > 0.5,
                               np.broadcast_shapes(np.shape(_plain(q)), np.shape(_plain(c))))

        def low_form(q):
            p = (1.0 - q) if upper else q
            return p * ratio * _bradford_exprel(p * c * ratio)

        def high_form(q):
            r = q if upper else 1.0 - q
            return 1.0 - (1.0 + c) * r * ratio * _bradford_exprel(-r * c * ratio)
        return _piecewise(q, high, low_form, high_form, 0.75 if upper else 0.25, 0.25 if upper else 0.75)
    return _in_dtype_of(_located(name, q, loc, scale, standard), q, c, loc, scale)


_quantiles(bradford, "c", _bradford_quantile, (
    ("``loc + scale expm1(q log1p(c)) / c``.", "round(float(bradford.ppf(0.5, 2.0)), 6)", "0.366025"),
    ("``loc + scale expm1((1 - q) log1p(c)) / c``.", "round(float(bradford.isf(0.5, 2.0)), 6)", "0.366025")))


def _bradford_small(c, factor=1.0):
    return np.asarray(_plain(c)) < factor * _BRADFORD_SERIES_BELOW


def _bradford_mean(c):
    """``(c - log1p(c)) / (c log1p(c))``, as ``A(c) / L(c)`` below c = 1/2 (:func:`_bradford_series`)."""
    return _piecewise(c, _bradford_small(c, 5.0), lambda c: (c - np.log1p(c)) / (c * np.log1p(c)),
                      lambda c: polynomial(c, _BRADFORD_A) / _bradford_ratio(c), 1.0, 0.01)


def _bradford_variance(c):
    """``((c + 2) log1p(c) - 2c) / (2 c log1p(c)^2)``, its series ``V(c)`` below c = 1/2 (:func:`_bradford_series`; above,
    its second derivative is 1e-10 relative off near c = 1/2, where the numerator cancels as ``12 / c^2``)."""
    return _piecewise(c, _bradford_small(c, 5.0), lambda c: ((c + 2.0) * np.log1p(c) - 2.0 * c) / (2.0 * c * np.log1p(c) ** 2),
                      lambda c: polynomial(c, _BRADFORD_V), 1.0, 0.01)


def _bradford_entropy(c):
    """``log1p(c) / 2 - log(c / log1p(c))``, as ``c^2 H(c)`` below c = 0.1 (its terms of size c cancel)."""
    return _piecewise(c, _bradford_small(c), lambda c: 0.5 * np.log1p(c) + np.log(np.log1p(c) / c),
                      lambda c: c * c * polynomial(c, _BRADFORD_H), 1.0, 0.01)


_add_moments("bradford", ("c",), _bradford_mean, _bradford_variance, _bradford_entropy,
             lambda name, c: _shapes_positive(name, c, names=["c"]), 2.0,
             " The mean is ``(c - log1p(c)) / (c log1p(c))``, the variance ``((c + 2) log1p(c) - 2c) / (2 c log1p(c)^2)`` "
             "(series in c below 0.1, where they cancel).")
_add_quantile_summaries("bradford")


# -- truncpareto (the Pareto distribution truncated to [1, c]) ----------------------------------------

__all__ += ["truncpareto"]


class truncpareto:
    """The upper-truncated Pareto distribution, as ``scipy.stats.truncpareto``: ``pdf = b z^(-b - 1) / (1 - c^-b)``,
    ``cdf = (1 - z^-b) / (1 - c^-b)`` on ``1 <= z = (x - loc) / scale <= c`` (``b != 0``, ``c > 1``; SciPy 1.13 takes
    ``b > 0`` only); differentiable in x (or q), b, c, loc and scale to every order inside its support. ``|b| log z``
    (for ``b < 0`` ``|b| log(c / z)``) is truncexpon's variable at ``|b| log c``: each tail is written from both ends'
    distances ``log z`` and ``log(c / z) = log1p((c - z) / z)`` (SciPy's ``(z^-b - c^-b) / (1 - c^-b)`` cancels near
    the upper end: its ``sf(3 - 1e-10, 2, 3)`` is 2e-7 relative off), each log tail ``log1p(-the other)`` where the
    other is below 1/2; the quantiles the same from the nearer end. At the ends ``z = 1`` and ``z = c`` the density
    jumps: a traced argument that moves z or the end there is refused. The n-th moment ``exprel((n - b) log c) /
    exprel(-b log c)`` (no pole at b = n, where SciPy's closed form is 0 / 0), the variance from the logs of the
    moments (``mean^2 expm1(...)``); the entropy SciPy's closed form, through truncexpon's mean.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import truncpareto
    >>> round(float(wg.grad_bp(lambda x: truncpareto.cdf(x, 1.0, 2.0), 1.5)), 6)  # the density: 1 / (2 (1/2) 1.5^2)
    0.888889

    .. versionadded:: 0.1
    """


def _truncpareto_shapes(name, b, c):
    """``b != 0`` and ``c > 1`` (SciPy gives NaN elsewhere)."""
    pb, pc = np.asarray(_plain(b), dtype=float), np.asarray(_plain(c), dtype=float)
    if not np.all((pb != 0) & (pc > 1)):
        raise ValueError(f"{name}: b must be nonzero and c above 1 (SciPy gives NaN)")


def _truncpareto_check(name, z, b, c):
    """The shapes (:func:`_truncpareto_shapes`); for a traced argument, no point at an end of the support where it
    moves across z: ``z == 1`` where z is traced, ``z == c`` where z or c is (the density jumps there, from 0 to
    ``b / (1 - c^-b)`` or ``b c^(-b - 1) / (1 - c^-b)``). Where z does not move (only b traced; only c at z = 1) the
    ends stay: the tails there are constants, the density differentiable."""
    _truncpareto_shapes(name, b, c)
    moves = isinstance(z, (Var, Dual))
    pz = _plain(z)
    _refuse_a_jump(name, moves or isinstance(c, (Var, Dual)), ((pz == 1) & moves) | (pz == _plain(c)),
                   "x is loc + scale or loc + c scale (an end of the support)",
                   "the density jumps there (from 0 to b / (1 - c^-b) or b c^(-b - 1) / (1 - c^-b)), so its one-sided "
                   "derivatives and the tails' differ")


def _truncpareto_distances(z, b, c):
    """``(beta, l, h, u, v, B)``: ``beta = |b|``, truncexpon's variable ``u = beta l``, ``l = log z`` (``b < 0``:
    ``log(c / z)``), its distance ``v = beta h`` to its upper end ``B = beta log c``, each from its own log (``log(c /
    z)`` as ``log1p((c - z) / z)``: exact near z = c)."""
    positive = np.asarray(_plain(b)) > 0
    beta = b * np.where(positive, 1.0, -1.0)
    log_z, log_cz = np.log(z), np.log1p((c - z) / z)
    low, high = np.where(positive, log_z, log_cz), np.where(positive, log_cz, log_z)
    return beta, low, high, beta * low, beta * high, beta * np.log(c)


def _truncpareto_inside(name):
    """``name`` of ``1 <= z <= c`` from truncexpon's ``u``, ``v`` and ``B`` (:func:`_truncpareto_distances`; its cdf
    and sf are truncpareto's cdf and sf, for b < 0 its sf and cdf), written with the even part ``G`` of ``log
    exprel`` (:func:`_log_exprel_even`) so that no term grows like ``1/b`` as b goes to 0 (through ``-expm1(-u) /
    -expm1(-B)`` d2/db2 of the cdf was 1e-7 relative off at b = 1e-3): the log density ``-log L + B/2 - G(B) - u - log
    z`` (``L = log c``), truncexpon's cdf ``(l / L) exp(v/2 + G(u) - G(B))`` and sf ``(h / L) exp(-u/2 + G(v) -
    G(B))`` (``l``, ``h`` the logs ``u / |b|``, ``v / |b|``), each ``1 -`` the other where the other is below 1/2
    (near its end: d/db of the cdf at z = c - 1e-9 was 1e-7 off), each log ``log1p(-the other)`` there."""
    def forms(z, b, c):
        beta, low, high, u, v, B = _truncpareto_distances(z, b, c)
        L, G = np.log(c), _log_exprel_even(B)
        return low / L, high / L, 0.5 * v + _log_exprel_even(u) - G, -0.5 * u + _log_exprel_even(v) - G

    def tails(z, b, c):
        low, high, log_lower, log_upper = forms(z, b, c)
        lower, upper = low * np.exp(log_lower), high * np.exp(log_upper)
        return _one_minus(upper, lower, False), _one_minus(lower, upper, False)

    def log_tail(z, b, c, lower):
        pz, pc = np.asarray(_plain(z), dtype=float), np.asarray(_plain(c), dtype=float)
        shape = np.broadcast_shapes(pz.shape, pc.shape, np.shape(_plain(b)))
        with np.errstate(all="ignore"):
            other = np.asarray(_plain(tails(pz, _plain(b), pc)[1 if lower else 0]))
        direct = np.broadcast_to(other >= 0.5, shape)
        safe = np.broadcast_to(np.sqrt(pc), shape)

        def near_one(z):  # (log1p of minus the other tail)
            return np.log1p(-tails(z, b, c)[1 if lower else 0])

        def far(z):
            low, high, log_lower, log_upper = forms(z, b, c)
            return np.log(low) + log_lower if lower else np.log(high) + log_upper
        return _piecewise(z, direct, near_one, far, safe, safe)

    def inside(z, b, c, scale):
        positive = np.asarray(_plain(b)) > 0
        if name in ("logpdf", "pdf"):
            u, B = _truncpareto_distances(z, b, c)[3::2]
            log_density = 0.5 * B - _log_exprel_even(B) - u - np.log(np.log(c))  # (log(|b| / (1 - exp(-B))) - u)
            if name == "logpdf":
                return log_density - np.log(z) - _log_of(scale)
            return np.exp(log_density) / (z * scale)
        first = name in ("cdf", "logcdf")  # (truncexpon's cdf where b > 0)
        if name in ("cdf", "sf"):
            lower, upper = tails(z, b, c)
            return np.where(positive == first, lower, upper)
        if np.all(positive == first):
            return log_tail(z, b, c, True)
        if not np.any(positive == first):
            return log_tail(z, b, c, False)
        return np.where(positive == first, log_tail(z, b, c, True), log_tail(z, b, c, False))
    return inside


def _truncpareto_function(name):
    """``name`` on ``1 <= z <= c``, outside constants; the tails' constants at the ends too (their limits: the
    derivatives there in the shapes 0, where ``log1mexp`` at u = 0 gave 0 * inf)."""
    return _closed_support_function(name, _truncpareto_inside(name), lambda b, c: c, lambda b, c: np.sqrt(c),
                                    open_ends=name not in ("logpdf", "pdf"), start=lambda b, c: 1.0)


_shape_functions(truncpareto, ("b", "c"), _truncpareto_check, [
    (row[0], lambda z: np.ones(np.shape(z), bool), _truncpareto_function(row[0]), row[1], row[2],
     f"round(float(truncpareto.{row[0]}(1.5, 2.0, 3.0)), 6)", row[3]) for row in (
        ("logpdf", -np.inf, "``log(|b|) - (b + 1) log(z) - log((1 - c^-b) / sign(b)) - log(scale)`` on ``1 <= z <= "
         "c``, ``-inf`` outside.", "-0.405465"),
        ("pdf", 0.0, "``b z^(-b - 1) / ((1 - c^-b) scale)`` on ``1 <= z <= c``, 0 outside.", "0.666667"),
        ("cdf", 0.0, "``(1 - z^-b) / (1 - c^-b)`` on the support, 0 below, 1 above.", "0.625"),
        ("logcdf", -np.inf, "``log(cdf)`` (``log1p(-sf)`` where the sf is below 1/2).", "-0.470004"),
        ("sf", 1.0, "``z^-b (1 - (c / z)^-b) / (1 - c^-b)`` on the support, 1 below, 0 above.", "0.375"),
        ("logsf", 0.0, "``log(sf)`` (``log1p(-cdf)`` where the cdf is below 1/2).", "-0.980829"))])


def _truncpareto_quantile(name, q, b, c, loc, scale, upper):
    """From the nearer end of truncexpon's variable (:func:`_truncpareto_distances`): where its cdf ``p`` (the ppf's
    q for b > 0, ``1 - q`` for b < 0; the isf's the other) is below 1/2 ``u = -log1p(-p m)``, else ``v = log1p(r
    expm1(B))`` (``-log(exp(-B) + r m) + B`` where ``r expm1(B) > 1``), ``r = 1 - p`` the other tail, exact; then
    ``z = exp(u / |b|)`` or ``c exp(-v / |b|)`` (reflected for b < 0): near either end the quantile's distance to it is
    exact (SciPy's ``(1 - (1 - c^-b) q)^(-1/b)``, from 1 only, rounds ``c^-b`` near q = 1)."""
    _truncpareto_shapes(name, b, c)

    def standard(q, b, c):
        pq, pb = np.asarray(_plain(q), dtype=float), np.asarray(_plain(b), dtype=float)
        positive = pb > 0
        shape = np.broadcast_shapes(pq.shape, pb.shape, np.shape(_plain(c)))
        own = np.broadcast_to(positive != upper, shape)  # (q is truncexpon's cdf p there, else its sf r)
        beta = b * np.where(positive, 1.0, -1.0)
        B = beta * np.log(c)
        mass = -np.expm1(-B)
        near_lower = np.broadcast_to(np.where(own, pq, 1.0 - pq) < 0.5, shape)

        L = np.log(c)

        def from_lower(q):  # (-log1p(-p m) / |b| as L p exprel(-B) log1p(-p m) / (-p m): no 1/b as b goes to 0)
            p = np.where(own, q, 1.0 - q)
            return L * p * sc.exprel(-B) * _bradford_ratio(-p * mass)

        def from_upper(q):
            r = np.where(own, 1.0 - q, q)
            with np.errstate(over="ignore"):
                small = _plain(r) * np.expm1(np.asarray(_plain(B))) <= 1.0
            return _piecewise(B, ~small, lambda B: L * r * sc.exprel(B) * _bradford_ratio(r * np.expm1(B)),
                              lambda B: (B + np.log(np.exp(-B) + r * -np.expm1(-B))) / beta, 1.0, 800.0)
        distance = _piecewise(q, ~near_lower, from_lower, from_upper, 0.5, 0.5)
        # (the distance from 1 in log z where b > 0 and near truncexpon's lower end, or b < 0 and near its upper)
        at_one = near_lower == np.broadcast_to(positive, shape)
        return np.where(at_one, np.exp(distance), c * np.exp(-distance))
    return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(b, c)), q, b, c, loc, scale)


_quantiles(truncpareto, ("b", "c"), _truncpareto_quantile, (
    ("``loc + scale (1 - (1 - c^-b) q)^(-1/b)``, from the nearer end.",
     "round(float(truncpareto.ppf(0.5, 2.0, 3.0)), 6)", "1.341641"),
    ("``ppf(1 - q)``: ``loc + scale c (1 + (c^b - 1) q)^(-1/b)``, from the nearer end.",
     "round(float(truncpareto.isf(0.5, 2.0, 3.0)), 6)", "1.341641")))


def _log_exprel_even(u):
    """``log(exprel(u)) - u/2`` (``exprel(u) = expm1(u) / u``; ``log(sinh(u/2) / (u/2))``, even): its series
    (:func:`_log_expm1_ratio`'s) below |u| = 1/2, else ``|u|/2 + log1mexp(-|u|) - log|u|`` (no overflow)."""
    def far(u):
        a = u * np.where(np.asarray(_plain(u)) < 0, -1.0, 1.0)
        return 0.5 * a + _log1mexp(-a) - np.log(a)
    return _piecewise(u, np.abs(np.asarray(_plain(u), dtype=float)) > 0.5, lambda u: u * u * polynomial(u * u, _LOG_EXPM1_RATIO), far, 0.0, 1.0)


def _truncpareto_log_moments(b, c):
    """``(log E[z], log(E[z^2] / E[z]^2))``: with ``L = log c``, ``log E[z^n] = log exprel((n - b) L) - log
    exprel(-b L)`` (no pole at b = n), written with the even parts :func:`_log_exprel_even` (``L/2`` plus their
    difference; the spread their second difference: the linear parts cancel exactly, so the variance ``mean^2
    expm1(spread)`` does not cancel as c goes to 1, where it is ``L^2 / 12``: SciPy's ``E[z^2] - mean^2`` is 1.6e-9
    relative off at b = 1/2, c = 1.001). Where every ``(n - b) L`` is beyond 1/2 on one side (b > 2 or b < 0) the
    even parts' ``|u|/2`` and ``log|u|`` are summed exactly: ``-log1p(-1/b)`` (plus L for b < 0) and ``-log1p(-1 / (1 -
    b)^2)``, with the ``log1mexp(-|u|)`` left (through the even parts the spread was 1e-10 off at b = 50)."""
    def near(b, c):
        L = np.log(c)
        g1, g0 = _log_exprel_even((1.0 - b) * L), _log_exprel_even(-b * L)
        return 0.5 * L + g1 - g0, (_log_exprel_even((2.0 - b) * L) + g0) - 2.0 * g1

    def far(b, c):
        L = np.log(c)
        positive = np.asarray(_plain(b)) > 0
        a1, a0, a2 = (v * np.where(positive, -1.0, 1.0) for v in (1.0 - b, -b, 2.0 - b))
        e1, e0 = _log1mexp(-a1 * L), _log1mexp(-a0 * L)
        log_mean = np.where(positive, 0.0, L) - np.log1p(-1.0 / b) + e1 - e0
        return log_mean, (_log1mexp(-a2 * L) + e0) - 2.0 * e1 - np.log1p(-1.0 / np.square(1.0 - b))
    pb, pL = np.asarray(_plain(b), dtype=float), np.log(np.asarray(_plain(c), dtype=float))
    beyond = ((pb > 2.0) & ((pb - 2.0) * pL > 0.5)) | ((pb < 0.0) & (-pb * pL > 0.5))
    shape = np.broadcast_shapes(pb.shape, pL.shape)
    return tuple(_two_forms(np.broadcast_to(beyond, shape), lambda b, c, k=k: near(b, c)[k],
                            lambda b, c, k=k: far(b, c)[k], (b, c), (0.5, 2.0), (4.0, 3.0)) for k in (0, 1))


def _truncpareto_mean(b, c):
    return np.exp(_truncpareto_log_moments(b, c)[0])


def _truncpareto_var(b, c):
    log_mean, spread = _truncpareto_log_moments(b, c)
    return np.exp(2.0 * log_mean) * np.expm1(spread)


def _truncpareto_sd(b, c):
    log_mean, spread = _truncpareto_log_moments(b, c)
    return np.exp(log_mean) * np.sqrt(np.expm1(spread))


def _truncpareto_entropy(b, c):
    """SciPy's ``-log(b / (1 - c^-b)) - (b + 1) (log c / (c^b - 1) - 1/b)``, as ``log L - B/2 + G(B) + (B + sign(b)
    L) M(B)`` (``L = log c``, ``B = |b| L``, ``G`` :func:`_log_exprel_even`, ``M(B) = 1/B - 1/expm1(B)`` truncexpon's
    mean over B, its series below 2; plus ``L`` for b < 0): no term in ``1/b`` (SciPy's entropy(1e-3, 3) is 2e-11
    relative off)."""
    L = np.log(c)
    positive = np.asarray(_plain(b)) > 0
    sign = np.where(positive, 1.0, -1.0)
    B = b * sign * L
    M = _piecewise(B, np.asarray(_plain(B)) >= _TRUNCEXPON_SERIES_BELOW, _truncexpon_mean_series,
                   lambda B: 1.0 / B - np.exp(-B) / -np.expm1(-B), 1.0, 4.0)
    return np.log(L) - 0.5 * B + _log_exprel_even(B) + (B + sign * L) * M + np.where(positive, 0.0, L)


_add_moments("truncpareto", ("b", "c"), _truncpareto_mean, _truncpareto_var,
             _truncpareto_entropy, _truncpareto_shapes, (2.0, 3.0),
             " The n-th moment ``exprel((n - b) log c) / exprel(-b log c)`` (SciPy's ``b (c^b - c^n) / ((b - n) (c^b "
             "- 1))`` is 0 / 0 at b = n); the variance ``mean^2 expm1(log E[z^2] - 2 log E[z])``.",
             sd=_truncpareto_sd)
_add_quantile_summaries("truncpareto", (2.0, 3.0))


# -- anglit ---------------------------------------------------------------------------------------

__all__ += ["anglit"]

#: pi/4 as the float np.pi / 4 plus the rest (pi/4 - fl(pi/4) = 3.06e-17): anglit's distances to its ends
_PI4_HI = np.pi / 4.0
_PI4_LO = 3.061616997868383e-17


class anglit:
    """The anglit distribution, as ``scipy.stats.anglit``: ``pdf = cos(2z)`` on ``|z| <= pi/4`` (``z = (x - loc) /
    scale``), ``cdf = sin(z + pi/4)^2``; differentiable in x (or q), loc and scale, to every order, with ``mean`` (0),
    ``var`` (``pi^2/16 - 1/2``), ``std`` and ``entropy`` (``1 - log 2``). At the ends of the support (where the density
    is 0, its slope 2 inside and 0 outside) the derivatives are the one-sided ones from inside. The density and the
    tails are written in the distances to the ends, ``pi/4 -+ z`` with pi/4's rounding error added (``cos(2z) = sin(2
    (pi/4 - |z|))``, ``sf = sin(pi/4 - z)^2``: exact near the ends, where SciPy's ``sin(z + pi/4)`` of a rounded sum
    loses digits: its ``sf(pi/4 - 1e-13)`` is 1.6e-3 relative off, its ``cdf(-pi/4 + 1e-9)`` 6e-8), the log tails
    ``log1p`` of the other tail past the middle, the quantiles ``arcsin(2q - 1) / 2`` near ``q = 1/2`` (SciPy's
    ``arcsin(sqrt(q)) - pi/4`` cancels there) and ``pi/4 - arcsin(sqrt(1 - q))`` near 1.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import anglit
    >>> float(wg.grad_bp(anglit.cdf, 0.0))  # the density at 0
    1.0

    .. versionadded:: 0.1
    """


def _anglit_to_end(t):
    """``pi/4 - t`` for ``t`` near ``pi/4``, with pi/4's rest (the distance to the end keeps its digits)."""
    return (_PI4_HI - t) + _PI4_LO


def _anglit_functions():
    def logpdf(z, scale):
        return np.log(np.sin(2.0 * _anglit_to_end(np.abs(z)))) - _log_of(scale)

    def cdf(z):
        return np.square(np.sin(_anglit_to_end(-z)))

    def sf(z):
        return np.square(np.sin(_anglit_to_end(z)))

    def halves(z, own, other, own_side):  # own(z) on its own half, 1 - other(z) past the middle
        past = np.asarray(_plain(z) > 0) if own_side == "low" else np.asarray(_plain(z) < 0)
        return _piecewise(z, past, own, lambda z: 1.0 - other(z), -0.3 if own_side == "low" else 0.3,
                          0.3 if own_side == "low" else -0.3)

    def log_tail(own, other, own_side):  # log(own) on its own half, log1p(-other) past the middle
        def tail(z, scale):
            past = np.asarray(_plain(z) > 0) if own_side == "low" else np.asarray(_plain(z) < 0)
            with np.errstate(divide="ignore"):
                return _piecewise(z, past, lambda z: 2.0 * np.log(np.sin(_anglit_to_end(-z if own_side == "low"
                                                                                         else z))),
                                  lambda z: np.log1p(-other(z)), -0.3 if own_side == "low" else 0.3,
                                  0.3 if own_side == "low" else -0.3)
        return tail
    inside = (lambda z: np.abs(z) <= _PI4_HI)
    return {
        # (the density with |z|: its kink at 0 is the density's own, cos(2z) is smooth there; np.abs's derivative at
        # 0, the mean of the one-sided ones, is the true one)
        "logpdf": (inside, logpdf, "``log(cos(2z)) - log(scale)`` on ``|z| <= pi/4``, ``-inf`` outside.", "-0.191965"),
        "pdf": (inside, lambda z, scale: np.sin(2.0 * _anglit_to_end(np.abs(z))) / scale,
                "``cos(2z) / scale`` on ``|z| <= pi/4``, 0 outside.", "0.825336"),
        # (each tail from its own form on its own half, 1 - the other's past the middle: near an end the other's
        # derivative, sin(2 (pi/4 + z)), lost its digits to the sum's rounding, 1.4e-7 relative off at pi/4 - 1e-9)
        "cdf": (inside, lambda z, scale: halves(z, cdf, sf, "low"),
                "``sin(z + pi/4)^2`` on ``|z| <= pi/4``, 0 below, 1 above.", "0.782321"),
        "logcdf": (lambda z: (z > -_PI4_HI) & (z <= _PI4_HI), log_tail(cdf, sf, "low"),
                   "``2 log(sin(z + pi/4))`` (``log1p(-sf)`` above 0) on ``-pi/4 < z <= pi/4``, ``-inf`` below, 0 above.",
                   "-0.24549"),
        "sf": (inside, lambda z, scale: halves(z, sf, cdf, "high"),
               "``cos(z + pi/4)^2`` on ``|z| <= pi/4``, 1 below, 0 above.", "0.217679"),
        "logsf": (lambda z: (z >= -_PI4_HI) & (z < _PI4_HI), log_tail(sf, cdf, "high"),
                  "``2 log(sin(pi/4 - z))`` (``log1p(-cdf)`` below 0) on ``-pi/4 <= z < pi/4``, 0 below, ``-inf`` above.",
                  "-1.524735"),
    }


def _anglit_method(name, inside, function, formula, value):
    top, bottom = _LIMITS_AT_INFINITY[name]

    def method(x, loc=0.0, scale=1.0):
        z = _standardized(f"anglit.{name}", x, loc, scale)
        pz = np.asarray(_plain(z))
        out = _on_support(inside(pz), lambda z: function(z, scale), z, outside=np.nan, at=0.1)
        if np.any(~inside(pz)):
            out = np.where(inside(pz), out, np.where(pz > 0, top, bottom))
        return _in_dtype_of(out, x, loc, scale)
    method.__doc__ = _doc(anglit, formula, f"round(float(anglit.{name}(0.3)), 6)", value)
    _method(anglit, name)(method)


for _name, _anglit_row in _anglit_functions().items():
    _anglit_method(_name, *_anglit_row)


def _anglit_standard_quantile(q):
    """``arcsin(2q - 1) / 2`` for ``1/4 <= q <= 3/4`` (``2q - 1`` exact), ``arcsin(sqrt(q)) - pi/4`` below and ``pi/4 -
    arcsin(sqrt(1 - q))`` above (near the ends, where ``arcsin`` of ``2q - 1`` near -1 lost a small q's digits)."""
    pq = np.asarray(_plain(q))
    low, high = pq < 0.25, pq > 0.75

    def middle_or_high(q):
        return _piecewise(q, high, lambda q: 0.5 * np.arcsin(2.0 * q - 1.0),
                          lambda q: _anglit_to_end(np.arcsin(np.sqrt(1.0 - q))), 0.5, 0.9)
    return _piecewise(q, low, middle_or_high, lambda q: -_anglit_to_end(np.arcsin(np.sqrt(q))), 0.5, 0.1)


def _anglit_quantile(upper):
    def quantile(q, loc=0.0, scale=1.0):
        name = f"anglit.{'isf' if upper else 'ppf'}"
        return _in_dtype_of(_located(name, q, loc, scale, _anglit_standard_quantile, sign=-1.0 if upper else 1.0),
                            q, loc, scale)
    return quantile


for _name, _upper, _text, _value in (("ppf", False, "``loc + scale (arcsin(sqrt(q)) - pi/4)``.", "0.261799"),
                                     ("isf", True, "``loc - scale (arcsin(sqrt(q)) - pi/4)`` (symmetric).", "-0.261799")):
    _anglit_q = _anglit_quantile(_upper)
    _anglit_q.__doc__ = _doc(anglit, _text, f"round(float(anglit.{_name}(0.75)), 6)", _value)
    _method(anglit, _name)(_quiet(_anglit_q))

_add_moments("anglit", (), lambda: 0.0, lambda: np.pi ** 2 / 16.0 - 0.5, lambda: 1.0 - _LOG_2, None, 2.0,
             " The mean is 0, the variance ``pi^2/16 - 1/2``.")
_add_quantile_summaries("anglit")


def _bounded_methods(cls, functions):
    """Give the distribution ``cls`` (no shapes; a bounded support) its six functions of x: ``functions`` maps each name
    to ``(inside, function(z, scale), formula, value)``: ``function`` where the plain mask ``inside(z)`` holds, the
    function's limit on the side of z beyond it (:data:`_LIMITS_AT_INFINITY`), the docstring's example at ``(0.3, 0.0,
    1.5)``."""
    def make(name, inside, function):
        top, bottom = _LIMITS_AT_INFINITY[name]

        def method(x, loc=0.0, scale=1.0):
            z = _standardized(f"{cls.__name__}.{name}", x, loc, scale)
            pz = np.asarray(_plain(z))
            out = _on_support(inside(pz), lambda z: function(z, scale), z, outside=np.nan, at=0.1)
            if np.any(~inside(pz)):
                out = np.where(inside(pz), out, np.where(pz > 0, top, bottom))
            return _in_dtype_of(out, x, loc, scale)
        return method
    for name, (inside, function, formula, value) in functions.items():
        method = make(name, inside, function)
        method.__doc__ = _doc(cls, formula, f"round(float({cls.__name__}.{name}(0.3, 0.0, 1.5)), 6)", value)
        _method(cls, name)(method)


def _symmetric_quantiles(cls, standard, docs):
    """Give the symmetric distribution ``cls`` (no shapes) its ppf, ``loc + scale standard(q)``, and isf, ``loc - scale
    standard(q)``, quiet at q = 0 and 1; ``docs``: ``(text, value)`` of each, its example at q = 0.7."""
    def make(name, upper):
        def quantile(q, loc=0.0, scale=1.0):
            return _in_dtype_of(_located(f"{cls.__name__}.{name}", q, loc, scale, standard, sign=-1.0 if upper else 1.0),
                                q, loc, scale)
        return quantile
    for (name, upper), (text, value) in zip((("ppf", False), ("isf", True)), docs):
        quantile = make(name, upper)
        quantile.__doc__ = _doc(cls, text, f"round(float({cls.__name__}.{name}(0.7)), 6)", value)
        _method(cls, name)(_quiet(quantile))


# -- cosine ---------------------------------------------------------------------------------------

__all__ += ["cosine"]

#: pi as the float np.pi plus the rest (pi - fl(pi) = 1.22e-16): cosine's distances to its ends
_PI_HI = np.pi
_PI_LO = 1.2246467991473532e-16
#: below this distance u to an end, cosine's ``u - sin(u)`` is ``u^3 P(u^2)`` (its series: the difference cancels as
#: u^3 / 6); ``P``'s coefficients ``(-1)^k / (2k + 3)!``, k = 0..21 (the last below 1e-30 of the sum at u = 2)
_COSINE_SERIES_BELOW = 2.0
_COSINE_P = [(-1.0) ** k / math.factorial(2 * k + 3) for k in range(22)]
#: cosine's quantiles: below this q (and above 1 - it) from the distance to the end (:func:`_cosine_end_root`),
#: between from ``z + sin z = pi (2q - 1)`` (:func:`_cosine_middle_root`; z within 1.55 of 0 there)
_COSINE_TAIL_BELOW = 0.1


class cosine:
    """The cosine distribution, as ``scipy.stats.cosine``: ``pdf = (1 + cos z) / (2 pi)`` on ``|z| <= pi`` (``z = (x
    - loc) / scale``), ``cdf = (pi + z + sin z) / (2 pi)``; differentiable in x (or q), loc and scale, to every order,
    with ``mean`` (0), ``var`` (``pi^2/3 - 2``), ``std`` and ``entropy`` (``log(4 pi) - 1``). At the ends of the support
    (where the density and its slope are 0, its second derivative ``1 / (2 pi)`` inside and 0 outside) the
    derivatives are the one-sided ones from inside. The density and the tails are written in the distances to the ends,
    ``u = pi -+ z`` with pi's rounding error added: the density ``sin(u/2)^2 / pi`` near them, the tail ``(u - sin u) /
    (2 pi)`` (its series ``u^3 P(u^2)`` below u = 2, and its log ``3 log u + log P``: at the float ``np.pi``, 1.2e-16 inside the
    support, SciPy's ``logpdf`` is ``-inf``, the truth -75.81, its ``cdf(-np.pi)`` 0, the truth 4.87e-50), each tail from its own form on its own half. The quantiles have no closed form: the roots of ``u - sin u =
    2 pi q`` in the tails (below q = 0.1, u the distance to the end: Newton's steps from ``(12 pi q)^(1/3)``) and of ``z
    + sin z = pi (2q - 1)`` between, differentiated by the inverse function rule (``dz/dq = 1 / pdf(z)``, traced: every
    higher derivative a product).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import cosine
    >>> round(float(wg.grad_bp(cosine.cdf, 0.0)), 6)  # the density at 0: 1 / pi
    0.31831

    .. versionadded:: 0.1
    """


def _cosine_to_end(t):
    """``pi - t`` for ``t`` near pi, with pi's rest (the distance to the end keeps its digits)."""
    return (_PI_HI - t) + _PI_LO


def _cosine_small(u):
    return np.asarray(_plain(u)) < _COSINE_SERIES_BELOW


def _cosine_mass(u):
    """``u - sin u`` (2 pi times a tail at the distance u from its end), as ``u^3 P(u^2)`` below u = 2."""
    return _piecewise(u, _cosine_small(u), lambda u: u - np.sin(u), lambda u: u ** 3 * polynomial(u * u, _COSINE_P),
                      3.0, 1.0)


def _cosine_log_mass(u):
    """``log(u - sin u)``, as ``3 log u + log P(u^2)`` below u = 2 (finite where ``u^3`` underflows)."""
    with np.errstate(divide="ignore"):
        return _piecewise(u, _cosine_small(u), lambda u: np.log(u - np.sin(u)),
                          lambda u: 3.0 * np.log(u) + np.log(polynomial(u * u, _COSINE_P)), 3.0, 1.0)


def _cosine_functions():
    def near_end(z, form):  # form(u) of the distance u to the nearer end
        return _piecewise(z, np.asarray(_plain(z)) > 0, lambda z: form(_cosine_to_end(-z)),
                          lambda z: form(_cosine_to_end(z)), -2.5, 2.5)

    def density(z, log):
        # (1 + cos z) within pi/2 of 0; sin(u/2)^2 near the ends, where 1 + cos z cancels (not through |z|: abs's
        # kink at 0 would refuse the second derivative there)
        far = np.abs(np.asarray(_plain(z))) > 0.5 * np.pi
        if log:
            return _piecewise(z, far, lambda z: np.log1p(np.cos(z)) - _LOG_2PI,
                              lambda z: near_end(z, lambda u: 2.0 * np.log(np.sin(0.5 * u))) - _LOG_PI, 0.0, 2.5)
        return _piecewise(z, far, lambda z: (1.0 + np.cos(z)) / (2.0 * np.pi),
                          lambda z: near_end(z, lambda u: np.square(np.sin(0.5 * u))) / np.pi, 0.0, 2.5)

    def lower(z, log):  # the cdf from the lower end (z <= 0), 1 - the sf above
        high = np.asarray(_plain(z)) > 0
        with np.errstate(divide="ignore"):
            if log:
                return _piecewise(z, high, lambda z: _cosine_log_mass(_cosine_to_end(-z)) - _LOG_2PI,
                                  lambda z: np.log1p(-_cosine_mass(_cosine_to_end(z)) / (2.0 * np.pi)), -1.0, 1.0)
            return _piecewise(z, high, lambda z: _cosine_mass(_cosine_to_end(-z)) / (2.0 * np.pi),
                              lambda z: 1.0 - _cosine_mass(_cosine_to_end(z)) / (2.0 * np.pi), -1.0, 1.0)
    inside = (lambda z: np.abs(z) <= _PI_HI)
    return {
        "logpdf": (inside, lambda z, scale: density(z, True) - _log_of(scale),
                   "``log1p(cos z) - log(2 pi) - log(scale)`` on ``|z| <= pi``, ``-inf`` outside.", "-1.560212"),
        "pdf": (inside, lambda z, scale: density(z, False) / scale,
                "``(1 + cos z) / (2 pi scale)`` on ``|z| <= pi``, 0 outside.", "0.210092"),
        "cdf": (inside, lambda z, scale: lower(z, False),
                "``(pi + z + sin z) / (2 pi)`` on ``|z| <= pi``, 0 below, 1 above.", "0.56345"),
        "logcdf": (inside, lambda z, scale: lower(z, True),
                   "``log((pi + z + sin z) / (2 pi))`` on ``|z| <= pi``, ``-inf`` below, 0 above.", "-0.573676"),
        "sf": (inside, lambda z, scale: lower(-z, False),
               "``(pi - z - sin z) / (2 pi)`` on ``|z| <= pi``, 1 below, 0 above.", "0.43655"),
        "logsf": (inside, lambda z, scale: lower(-z, True),
                  "``log((pi - z - sin z) / (2 pi))`` on ``|z| <= pi``, 0 below, ``-inf`` above.", "-0.828853"),
    }


_bounded_methods(cosine, _cosine_functions())


def _cosine_end_root_plain(p):
    """The distance ``u`` to the end with ``u - sin u = 2 pi p`` (``0 <= p <= 0.1``, u below 1.7): Newton's steps from
    ``(12 pi p)^(1/3)`` (left of the root: ``u - sin u <= u^3 / 6``; the function is convex, so the steps converge
    from the right after the first), each ``u (1 - 1/r) u^2 P(u^2) / (2 sin(u/2)^2)`` with ``r = u^3 P / (2 pi p)``
    (scaled by 2^600 below p = 1e-200: ``u^3`` underflows near q = 5e-324)."""
    p = np.asarray(p, dtype=float)
    c = 2.0 * np.pi * p
    tiny = c < 1e-200
    cs = np.where(tiny, np.ldexp(c, 600), c)
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        u = np.cbrt(6.0 * c)
        for _ in range(8):  # (quadratic: 1e-16 after five from the start's 5% at p = 0.1)
            v = u * u
            poly = polynomial(v, _COSINE_P)
            us = np.where(tiny, np.ldexp(u, 200), u)
            ratio = us * us * us * poly / cs
            half = np.sin(0.5 * u)
            step = u * (1.0 - 1.0 / ratio) * v * poly / (2.0 * half * half)
            u = np.where(c > 0, u - step, 0.0)
    return u[()]


def _cosine_middle_root_plain(a):
    """``z`` with ``z + sin z = a`` (``|a| <= 0.8 pi``, ``|z| <= 1.55``): Newton's steps from ``a / 2`` (left of the root
    for a > 0, the function concave there: they converge monotonically; symmetric below)."""
    a = np.asarray(a, dtype=float)
    z = 0.5 * a
    for _ in range(8):  # (quadratic: within 1e-17 after six at |a| = 0.8 pi)
        z = z - (z + np.sin(z) - a) / (1.0 + np.cos(z))
    return z[()]


_cosine_end_root = Primitive(_cosine_end_root_plain, name="wengert.scipy.stats.cosine.ppf", reenters="any")
_cosine_middle_root = Primitive(_cosine_middle_root_plain, name="wengert.scipy.stats.cosine.ppf", reenters="any")


def _cosine_end_slope(p):
    """``du/dp = 2 pi / (1 - cos u) = pi / sin(u/2)^2`` at ``u = _cosine_end_root(p)`` (traced), ``+inf`` at p = 0."""
    u = _cosine_end_root(p)
    here = np.asarray(_plain(u)) > 0
    if np.all(here):
        return np.pi / np.square(np.sin(0.5 * u))
    return np.where(here, np.pi / np.square(np.sin(0.5 * np.where(here, u, 1.0))), np.inf)


_def_partials(_cosine_end_root, _cosine_end_slope)
_def_partials(_cosine_middle_root, lambda a: 1.0 / (1.0 + np.cos(_cosine_middle_root(a))))


def _cosine_standard_quantile(q):
    """``-pi + u`` with ``u - sin u = 2 pi q`` below q = 0.1, ``pi - u`` (at ``1 - q``, exact) above 0.9, the root of ``z
    + sin z = pi (2q - 1)`` between (near q = 1/2 ``-pi + u`` would cancel)."""
    pq = np.asarray(_plain(q))
    low, high = pq < _COSINE_TAIL_BELOW, pq > 1.0 - _COSINE_TAIL_BELOW

    def middle_or_high(q):
        return _piecewise(q, np.asarray(_plain(q)) > 1.0 - _COSINE_TAIL_BELOW,
                          lambda q: _cosine_middle_root(np.pi * (2.0 * q - 1.0)),
                          lambda q: _cosine_to_end(_cosine_end_root(1.0 - q)), 0.5, 0.95)
    if not np.any(low | high):
        return _cosine_middle_root(np.pi * (2.0 * q - 1.0))
    return _piecewise(q, low, middle_or_high, lambda q: -_cosine_to_end(_cosine_end_root(q)), 0.5, 0.05)


_symmetric_quantiles(cosine, _cosine_standard_quantile, (
    ("``loc + scale z``, ``z`` the root of ``(pi + z + sin z) / (2 pi) = q``.", "0.650808"),
    ("``loc - scale z``, ``z`` the root of ``(pi + z + sin z) / (2 pi) = q`` (symmetric).", "-0.650808")))

_add_moments("cosine", (), lambda: 0.0, lambda: np.pi ** 2 / 3.0 - 2.0, lambda: math.log(4.0 * np.pi) - 1.0, None, 2.0,
             " The mean is 0, the variance ``pi^2/3 - 2``.")
_add_quantile_summaries("cosine")


# -- semicircular ---------------------------------------------------------------------------------

__all__ += ["semicircular"]


def _end_jet_value(u, jet):
    pu = np.asarray(_plain(u))
    return (np.zeros(pu.shape, pu.dtype if pu.dtype.kind == "f" else float) + jet[0])[()]


#: A function at an end of a support (``u``, the distance to it, 0 there) with the one-sided value and derivatives
#: ``jet`` (value, first, second; the third and higher NaN): where the derivatives from inside are infinite
#: (semicircular's density ``sqrt(u (2 - u))``: through sqrt and power the chain rule took 0 * inf = NaN there, and
#: warned)
_END_JET = Primitive(_end_jet_value, name="wengert.scipy.stats.end_jet", reenters="any")
_def_partials(_END_JET, lambda u, jet: _END_JET(u, jet=tuple(jet[1:]) + (np.nan,)))


def _with_end(u, form, jet):
    """``form(u)`` for a distance ``u > 0`` to an end of the support, :data:`_END_JET` of ``jet`` at ``u = 0``."""
    return _piecewise(u, np.asarray(_plain(u)) == 0, form, lambda u: _END_JET(u, jet=jet), 0.5, 0.0)


#: semicircular's tail at the distance u to its end below u = 1/2: ``(16 / pi) (u/2)^(3/2) R(u/2)``, ``R(v) = sum
#: (-1)^k binom(1/2, k) v^k / (2k + 3)`` (``16 int_0^s t^2 sqrt(1 - t^2) dt``, ``s^2 = u/2``), k = 0..29 (the last
#: below 1e-20 of the sum at v = 1/4)
_SEMICIRCULAR_R = [float((-1) ** k * math.prod(Fraction(1, 2) - j for j in range(k)) / math.factorial(k)
                         / (2 * k + 3)) for k in range(30)]
_SEMICIRCULAR_SERIES_BELOW = 0.5
_LOG_16_PI = math.log(16.0 / math.pi)


class semicircular:
    """The semicircular distribution, as ``scipy.stats.semicircular``: ``pdf = 2 sqrt(1 - z^2) / pi`` on ``|z| <= 1``
    (``z = (x - loc) / scale``), ``cdf = 1/2 + (z sqrt(1 - z^2) + arcsin z) / pi``; differentiable in x (or q), loc and
    scale, to every order, with ``mean`` (0), ``var`` (1/4), ``std`` and ``entropy`` (``log(pi) - 1/2``). At the ends of
    the support the derivatives are the one-sided ones from inside: the density's slope is infinite there (``+inf`` at
    -1, ``-inf`` at 1; its second derivative ``-inf``), the log density's and the log tail's at their zero end too, the
    tails' second derivative. The density is ``2 sqrt(u (2 - u)) / pi`` in the distance ``u = 1 -+ z`` to the nearer
    end, the tail ``(w - sin w) / (2 pi)`` with ``w = 4 arcsin(sqrt(u / 2))`` (cosine's), as its series ``(16 / pi)
    (u/2)^(3/2) R(u/2)`` below u = 1/2 (SciPy's ``1/2 + (z sqrt(1 - z^2) + arcsin z) / pi`` cancels near -1: its
    ``cdf(-1 + 1e-10)`` is 35% off, its ``logcdf(-1 + 1e-15)`` -inf, the truth -52.32), each tail from its own form on
    its own half (SciPy's ``sf(1 - 1e-10)`` is 26% off). The quantiles are cosine's, ``z = sin(y / 2)`` of its ``y`` between q = 0.1 and 0.9,
    ``-1 + 2 sin(w/4)^2`` of its distance ``w`` to the end in the tails, differentiated by the inverse function rule
    (``dz/dq = 1 / pdf(z)``, traced; SciPy's ``ppf(0.5 + 1e-9)`` is 2.2e-7 relative off).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import semicircular
    >>> round(float(wg.grad_bp(semicircular.cdf, 0.0)), 6)  # the density at 0: 2 / pi
    0.63662

    .. versionadded:: 0.1
    """


def _semicircular_tail(u, log):
    """The tail (or its log) at the distance ``u`` to its end, ``0 <= u <= 1``."""
    def series(u):
        v = 0.5 * u
        if log:
            return _LOG_16_PI + 1.5 * np.log(v) + np.log(polynomial(v, _SEMICIRCULAR_R))
        return (16.0 / np.pi) * v ** 1.5 * polynomial(v, _SEMICIRCULAR_R)

    def closed(u):
        w = 4.0 * np.arcsin(np.sqrt(0.5 * u))
        return _cosine_log_mass(w) - _LOG_2PI if log else _cosine_mass(w) / (2.0 * np.pi)
    small = np.asarray(_plain(u)) < _SEMICIRCULAR_SERIES_BELOW
    return _with_end(u, lambda u: _piecewise(u, small, closed, series, 0.8, 0.25),
                     (-np.inf, np.inf, -np.inf) if log else (0.0, 0.0, np.inf))


def _semicircular_functions():
    def near_end(z, form):  # form(u) of the distance u to the nearer end
        return _piecewise(z, np.asarray(_plain(z)) > 0, lambda z: form(1.0 + z), lambda z: form(1.0 - z), -0.5, 0.5)

    def density(u):
        return _with_end(u, lambda u: (2.0 / np.pi) * np.sqrt(u * (2.0 - u)), (0.0, np.inf, -np.inf))

    def log_density(u):
        return _with_end(u, lambda u: math.log(2.0 / np.pi) + 0.5 * (np.log(u) + np.log(2.0 - u)),
                         (-np.inf, np.inf, -np.inf))

    def lower(z, log):  # the cdf from the lower end (z <= 0), 1 - the sf above
        high = np.asarray(_plain(z)) > 0
        with np.errstate(divide="ignore"):
            if log:
                return _piecewise(z, high, lambda z: _semicircular_tail(1.0 + z, True),
                                  lambda z: np.log1p(-_semicircular_tail(1.0 - z, False)), -0.5, 0.5)
            return _piecewise(z, high, lambda z: _semicircular_tail(1.0 + z, False),
                              lambda z: 1.0 - _semicircular_tail(1.0 - z, False), -0.5, 0.5)
    inside = (lambda z: np.abs(z) <= 1.0)
    return {
        "logpdf": (inside, lambda z, scale: near_end(z, log_density) - _log_of(scale),
                   "``log(2 / pi) + log1p(-z^2) / 2 - log(scale)`` on ``|z| <= 1``, ``-inf`` outside.", "-0.877459"),
        "pdf": (inside, lambda z, scale: near_end(z, density) / scale,
                "``2 sqrt(1 - z^2) / (pi scale)`` on ``|z| <= 1``, 0 outside.", "0.415838"),
        "cdf": (inside, lambda z, scale: lower(z, False),
                "``1/2 + (z sqrt(1 - z^2) + arcsin z) / pi`` on ``|z| <= 1``, 0 below, 1 above.", "0.62647"),
        "logcdf": (inside, lambda z, scale: lower(z, True),
                   "``log`` of the cdf on ``|z| <= 1``, ``-inf`` below, 0 above.", "-0.467654"),
        "sf": (inside, lambda z, scale: lower(-z, False),
               "``1/2 - (z sqrt(1 - z^2) + arcsin z) / pi`` on ``|z| <= 1``, 1 below, 0 above.", "0.37353"),
        "logsf": (inside, lambda z, scale: lower(-z, True),
                  "``log`` of the sf on ``|z| <= 1``, 0 below, ``-inf`` above.", "-0.984757"),
    }


_bounded_methods(semicircular, _semicircular_functions())


def _semicircular_end_root_plain(p):
    """The distance ``u`` to the end with tail ``p`` (``p <= 0.1``): ``2 sin(w/4)^2``, ``w`` cosine's distance at p."""
    return (2.0 * np.square(np.sin(0.25 * np.asarray(_cosine_end_root_plain(p)))))[()]


_semicircular_end_root = Primitive(_semicircular_end_root_plain, name="wengert.scipy.stats.semicircular.ppf",
                                   reenters="any")


def _semicircular_end_slope(p):
    """``du/dp = 1 / pdf = pi / (2 sqrt(u (2 - u)))`` at ``u = _semicircular_end_root(p)`` (traced), ``+inf`` at p = 0."""
    u = _semicircular_end_root(p)
    here = np.asarray(_plain(u)) > 0
    if np.all(here):
        return (0.5 * np.pi) / np.sqrt(u * (2.0 - u))
    us = np.where(here, u, 1.0)
    return np.where(here, (0.5 * np.pi) / np.sqrt(us * (2.0 - us)), np.inf)


_def_partials(_semicircular_end_root, _semicircular_end_slope)


def _semicircular_standard_quantile(q):
    """``-1 + u`` with the tail ``q`` at the distance u below q = 0.1, ``1 - u`` (at ``1 - q``) above 0.9, ``sin(y / 2)``
    of cosine's quantile ``y`` between."""
    pq = np.asarray(_plain(q))
    low, high = pq < _COSINE_TAIL_BELOW, pq > 1.0 - _COSINE_TAIL_BELOW

    def middle(q):
        return np.sin(0.5 * _cosine_middle_root(np.pi * (2.0 * q - 1.0)))

    def middle_or_high(q):
        return _piecewise(q, np.asarray(_plain(q)) > 1.0 - _COSINE_TAIL_BELOW, middle,
                          lambda q: 1.0 - _semicircular_end_root(1.0 - q), 0.5, 0.95)
    if not np.any(low | high):
        return middle(q)
    return _piecewise(q, low, middle_or_high, lambda q: _semicircular_end_root(q) - 1.0, 0.5, 0.05)


_symmetric_quantiles(semicircular, _semicircular_standard_quantile, (
    ("``loc + scale z``, ``z`` the root of ``cdf(z) = q``.", "0.319692"),
    ("``loc - scale z``, ``z`` the root of ``cdf(z) = q`` (symmetric).", "-0.319692")))

_add_moments("semicircular", (), lambda: 0.0, lambda: 0.25, lambda: _LOG_PI - 0.5, None, 2.0,
             " The mean is 0, the variance 1/4.", sd=lambda: 0.5)
_add_quantile_summaries("semicircular")


# -- alpha ----------------------------------------------------------------------------------------

__all__ += ["alpha"]


class alpha:
    """The alpha distribution, as ``scipy.stats.alpha``: ``1 / Z`` for a normal ``a - Z`` truncated to ``(-inf, a)``
    (``a > 0``); ``pdf = phi(a - 1/z) / (z^2 ndtr(a))``, ``cdf = ndtr(a - 1/z) / ndtr(a)`` on ``z = (x - loc) / scale >
    0``; differentiable in x (or q), a, loc and scale, to every order. The sf is the normal mass between ``a - 1/z``
    and ``a`` over ``ndtr(a)``, with its width ``1/z`` exact (SciPy's ``1 - cdf`` cancels far out: its ``sf(1e10, 1)``
    is 9.4e-8 relative off, its ``logsf(1e300, 1)`` ``-inf``, the truth -692.02), each log tail from its own form
    below 1/2 (``log1p`` of the other above). The quantiles: ``1 / (a - ndtri_exp(log q + log_ndtr(a)))`` below the
    median, above it (where that difference cancels: SciPy's ``isf(1e-10, 1)`` is 4.8e-8 relative off) the root of the
    exact log sf, one primitive in q and a differentiated by the inverse function rule (``dx/da = -(1 - e^-w + p
    e^-w) / t^2``, ``t = 1/x``, ``w = t (a - t/2)``, ``p`` the sf). The mean and variance are infinite, as SciPy's; no
    entropy (SciPy integrates it numerically: it has no closed form).

    >>> import wengert as wg
    >>> from wengert.scipy.stats import alpha
    >>> round(float(wg.grad_bp(lambda x: alpha.cdf(x, 1.0), 1.0)), 6)  # the density at 1: phi(0) / ndtr(1)
    0.474172

    .. versionadded:: 0.1
    """


def _alpha_check(name, z, a):
    _shapes_positive(name, a, names=["a"])


def _alpha_log_density(z, a, scale):
    with np.errstate(over="ignore"):  # ((a - 1/z)^2 overflows below z = 1e-154: -inf, the truth -5e599 at 1e-300)
        u = a - 1.0 / z
        return -2.0 * np.log(z) - 0.5 * u * u - 0.5 * _LOG_2PI - sc.log_ndtr(a) - _log_of(scale)


def _alpha_lower(z, a):
    """Where the cdf is below 1/2 (plain): ``1/z`` above the median's ``a - ndtri(ndtr(a) / 2)``."""
    pz, pa = np.asarray(_plain(z), dtype=float), np.asarray(_plain(a), dtype=float)
    with np.errstate(divide="ignore"):
        return np.broadcast_to(1.0 / pz > pa - sc.ndtri(0.5 * sc.ndtr(pa)), np.broadcast_shapes(pz.shape, pa.shape))


def _alpha_log_cdf(z, a):
    with np.errstate(divide="ignore"):
        return sc.log_ndtr(a - 1.0 / z) - sc.log_ndtr(a)


def _alpha_log_sf(z, a):
    """``log(ndtr(a) - ndtr(a - 1/z)) - log_ndtr(a)``, the mass of width ``1/z`` exact (:func:`_log_gauss_mass`)."""
    t = 1.0 / z
    return _log_gauss_mass(a - t, a + 0.0 * t, width=t) - sc.log_ndtr(a)


def _alpha_sf(z, a):
    """The sf, ``exp`` of :func:`_alpha_log_sf`, and where the mass is narrow (``t (1 + a) < 1/2``, ``t = 1/z``) ``t
    phi(m) (1 + rest) / ndtr(a)`` (``m = a - t/2``, :func:`_gauss_narrow_rest`) without a log: through ``exp(log t +
    ...)`` log t's rounding was the sf's, 9e-14 relative off at z = 3e299."""
    pz, pa = np.asarray(_plain(z), dtype=float), np.asarray(_plain(a), dtype=float)
    narrow = np.broadcast_to((1.0 / pz) * (1.0 + pa) < _NARROW_GAUSS, np.broadcast_shapes(pz.shape, pa.shape))

    def direct(z):
        t = 1.0 / z
        m = a - 0.5 * t
        return t * np.exp(-0.5 * m * m - 0.5 * _LOG_2PI) * (1.0 + _gauss_narrow_rest(0.5 * t, m)) / sc.ndtr(a)
    return _piecewise(z, narrow, lambda z: _vanishing(lambda z: _alpha_log_sf(z, _plain(a)),
                                                       lambda z: np.exp(_alpha_log_sf(z, a)), z, 1.0, 0.0),
                      direct, 1.0, 1e3 * (1.0 + pa))


def _alpha_tail(upper, log):
    def tail(z, a, scale):
        low = _alpha_lower(z, a)  # (each log tail from its own form below 1/2, log1p(-other) above)
        own, other = (_alpha_log_sf, _alpha_log_cdf) if upper else (_alpha_log_cdf, _alpha_log_sf)
        small = ~low if upper else low
        with np.errstate(divide="ignore", over="ignore"):
            if log:
                return _piecewise(z, small, lambda z: np.log1p(-np.exp(other(z, a))), lambda z: own(z, a), 1.0, 1.0)
            return _piecewise(z, small, lambda z: -np.expm1(other(z, a)), (lambda z: _alpha_sf(z, a)) if upper else (
                lambda z: _vanishing(lambda z: own(z, _plain(a)), lambda z: np.exp(own(z, a)), z, 1.0, 0.0)), 1.0, 1.0)
    return tail


_shape_functions(alpha, ("a",), _alpha_check, [
    (name, lambda z: z > 0, function, outside, formula, f"round(float(alpha.{name}(0.5, 2.0)), 6)", value)
    for name, function, outside, formula, value in (
        ("logpdf", _alpha_log_density, -np.inf,
         "``-2 log z - (a - 1/z)^2 / 2 - log(2 pi) / 2 - log_ndtr(a) - log(scale)`` on ``z > 0``, ``-inf`` at and "
         "below 0.", "0.490369"),
        ("pdf", lambda z, a, scale: _vanishing(lambda z: _alpha_log_density(z, _plain(a), _plain(scale)),
                                               lambda z: np.exp(_alpha_log_density(z, a, scale)), z, 1.0, 0.0), 0.0,
         "``phi(a - 1/z) / (z^2 ndtr(a) scale)`` on ``z > 0``, 0 at and below 0.", "1.632918"),
        ("cdf", _alpha_tail(False, False), 0.0,
         "``ndtr(a - 1/z) / ndtr(a)`` on ``z > 0``, 0 at and below 0.", "0.51164"),
        ("logcdf", _alpha_tail(False, True), -np.inf,
         "``log_ndtr(a - 1/z) - log_ndtr(a)`` (``log1p(-sf)`` past the median) on ``z > 0``, ``-inf`` at and below 0.",
         "-0.670134"),
        ("sf", _alpha_tail(True, False), 1.0,
         "``(ndtr(a) - ndtr(a - 1/z)) / ndtr(a)`` (the mass of width ``1/z``) on ``z > 0``, 1 at and below 0.",
         "0.48836"),
        ("logsf", _alpha_tail(True, True), 0.0,
         "``log`` of the sf on ``z > 0``, 0 at and below 0.", "-0.716702"),
    )])


def _alpha_isf_plain(p, a):
    """The standard ``x`` with ``sf(x, a) = p`` (``p <= 1/2``): Newton's steps in ``log t`` (``t = 1/x``) on the exact
    log sf, from ``t = a + ndtri(ndtr(-a) + p ndtr(a))`` or, where ``p ndtr(a)`` is below ``1e-6 ndtr(-a)`` (that sum
    rounds), ``log1p(a p ndtr(a) / phi(a)) / a`` (the mass ``phi(a) expm1(a t) / a`` without ``t^2``; ``p ndtr(a) /
    phi(a)`` alone was 1e17 at a = 40, where Newton's steps went to t = inf); ``inf`` at p = 0."""
    p, a = np.broadcast_arrays(np.asarray(p, dtype=float), np.asarray(a, dtype=float))
    with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
        target = np.log(p) + sc.log_ndtr(a)
        t = a + sc.ndtri(sc.ndtr(-a) + p * sc.ndtr(a))
        fallback = np.logaddexp(0.0, np.log(a) + target + 0.5 * a * a + 0.5 * _LOG_2PI) / a
        t = np.where((t > 0) & np.isfinite(t) & (p * sc.ndtr(a) > 1e-6 * sc.ndtr(-a)), t, fallback)
        for _ in range(40):
            log_mass = np.asarray(_log_gauss_mass(a - t, a, width=t), dtype=float)
            slope = t * np.exp(-0.5 * (a - t) ** 2 - 0.5 * _LOG_2PI - log_mass)  # d log(mass) / d log(t)
            step = (target - log_mass) / slope
            step = np.clip(np.where(np.isfinite(step), step, 0.0), -2.0, 2.0)
            t = t * np.exp(step)
            if np.all(np.abs(step) <= 1e-16):
                break
        # where the mass is narrow, t = p ndtr(a) / (phi(m) (1 + rest)) (m = a - t/2) iterated: in logs the target's
        # rounding (log 1e-300's 1e-13) was t's (8e-14 relative off at p = 1e-300)
        narrow = t * (1.0 + a) < _NARROW_GAUSS
        if np.any(narrow):
            top = p * sc.ndtr(a)
            for _ in range(6):
                m = a - 0.5 * t
                t = np.where(narrow, top / (np.exp(-0.5 * m * m - 0.5 * _LOG_2PI) * (1.0 + _gauss_narrow_rest(
                    0.5 * t, m))), t)
        x = np.where(p > 0, 1.0 / t, np.inf)
    return x[()]


def _alpha_lower_plain(q, a):
    """``1 / (a - ndtri_exp(log q + log_ndtr(a)))``: the standard quantile at ``q <= 1/2`` (0 at q = 0)."""
    with np.errstate(divide="ignore"):
        return (1.0 / (np.asarray(a, dtype=float) - sc.ndtri_exp(np.log(q) + sc.log_ndtr(a))))[()]


_alpha_isf_root = Primitive(_alpha_isf_plain, name="wengert.scipy.stats.alpha.isf", reenters="any")
_alpha_lower_root = Primitive(_alpha_lower_plain, name="wengert.scipy.stats.alpha.ppf", reenters="any")


def _alpha_root_partials(root, upper):
    """The partials of the standard quantile ``root(p, a)`` (``upper``: of the sf's ``p``) traced in its value ``x``:
    ``d/dp = -+1 / pdf(x) = -+ndtr(a) x^2 / phi(a - 1/x)`` (one exp: at q = 1e-300 through ``log q``'s ``1 / q^2`` the
    second derivative was inf - inf), ``d/da = -(dcdf/da) / pdf = -(1 - c e^-w) x^2`` (``c`` the cdf, ``w = t (a -
    t/2)``, ``t = 1/x``: ``phi(a) / phi(a - t) = e^-w``), as ``-(-expm1(-w) + p e^-w) x^2`` for the sf's ``p``."""
    def common(p, a):
        x = root(p, a)
        px = np.asarray(_plain(x))
        here = np.isfinite(px) & (px > 0)
        return (x if np.all(here) else np.where(here, x, 1.0)), here

    def dp(p, a):
        xs, here = common(p, a)
        out = (-1.0 if upper else 1.0) * np.exp(sc.log_ndtr(a) + 2.0 * np.log(xs) + 0.5 * np.square(a - 1.0 / xs)
                                                + 0.5 * _LOG_2PI)
        return out if np.all(here) else np.where(here, out, -np.inf if upper else np.inf)

    def da(p, a):
        xs, here = common(p, a)
        t = 1.0 / xs
        w = t * (a - 0.5 * t)
        with np.errstate(divide="ignore"):
            if upper:  # (as -x ((a - t/2) exprel(-w) + p x e^-w): x^2 overflowed at p = 1e-300, its derivative NaN)
                out = -xs * ((a - 0.5 * t) * _bradford_exprel(-w) + p * xs * np.exp(-w))
            else:
                out = -(1.0 - np.exp(np.log(p) - w)) * xs * xs
        return out if np.all(here) else np.where(here, out, 0.0)
    return dp, da


_def_partials(_alpha_isf_root, *_alpha_root_partials(_alpha_isf_root, True))
_def_partials(_alpha_lower_root, *_alpha_root_partials(_alpha_lower_root, False))


def _alpha_quantile(name, q, a, loc, scale, upper):
    _shapes_positive(name, a, names=["a"])

    def standard(q, a):
        pq = np.asarray(_plain(q))
        high = np.broadcast_to(pq < 0.5 if upper else pq > 0.5, np.broadcast_shapes(pq.shape, np.shape(_plain(a))))
        low_form = (lambda q: _alpha_lower_root(1.0 - q, a)) if upper else (lambda q: _alpha_lower_root(q, a))
        high_form = (lambda q: _alpha_isf_root(q, a)) if upper else (lambda q: _alpha_isf_root(1.0 - q, a))
        zero = pq == (1.0 if upper else 0.0)
        if np.any(zero):  # (the lower end x = 0: its slope in q is +inf, ppf ~ 1 / sqrt(-2 log q))
            return np.where(zero, _END_JET(q, jet=(0.0, -np.inf if upper else np.inf, np.nan)),
                            standard(np.where(zero, 0.5, q), a))
        return _piecewise(q, high, low_form, high_form, 0.75 if upper else 0.25, 0.25 if upper else 0.75)
    return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(a,), steep_mixed=_alpha_steep),
                        q, a, loc, scale)


_quantiles(alpha, "a", _alpha_quantile, (
    ("``loc + scale / (a - ndtri(q ndtr(a)))`` (above the median the root of the exact sf).",
     "round(float(alpha.ppf(0.5, 2.0)), 6)", "0.492971"),
    ("``loc + scale / (a - ndtri((1 - q) ndtr(a)))`` (below 1/2 the root of the exact sf).",
     "round(float(alpha.isf(0.5, 2.0)), 6)", "0.492971")))

_add_moments("alpha", ("a",), lambda a: np.full(np.shape(_plain(a)), np.inf)[()],
             lambda a: np.full(np.shape(_plain(a)), np.inf)[()], None,
             lambda name, a: _shapes_positive(name, a, names=["a"]), 2.0,
             " The mean and variance are infinite, as SciPy's. No entropy: it has no closed form.")
_add_quantile_summaries("alpha")


# -- halfgennorm (the upper half of the generalized normal distribution) -----------------------------

__all__ += ["halfgennorm"]


class halfgennorm:
    """The upper half of the generalized normal distribution, as ``scipy.stats.halfgennorm``: ``pdf = beta exp(-z^beta)
    / gamma(1/beta)`` on ``z = (x - loc) / scale >= 0`` (``beta > 0``; gengamma at ``a = 1/beta``, ``c = beta``),
    differentiable in x (or q), beta, loc and scale: in x, q, loc and scale to every order, in ``beta`` to second order
    (mixed with the others too) where the function goes through ``gammainc`` or its inverse (the tails, quantiles,
    median, interval: as ``gamma``'s, whose third derivative in the shape is refused), to every order elsewhere (the
    density, mean, var, std, entropy). The cdf is ``gammainc(1/beta, z^beta)``, near 0 ``z`` itself times a series
    (``w^a`` is ``z``: no ``z^(beta / beta)`` whose rounding, or whose derivatives in beta, cancel), its log exact to
    z = 1e-300 (SciPy's ``logcdf(1e-300, 2)`` is ``-inf``, the truth -690.65); far out the log sf is ``-z^beta + (1 -
    beta) log z - gammaln(1/beta)`` (SciPy's ``logsf(1e3, 1.5)`` is ``-inf``, the truth -31626.53). The quantiles are
    one primitive in q and beta, ``dx/dq = gamma(1 + 1/beta) e^(x^beta)`` and ``dx/dbeta = -(psi(1 + a) x - gamma(1 + a)
    e^w dP(a + 1, w)/da) / beta^2`` (``a = 1/beta``, ``w = x^beta``: the implicit derivative, without the chain through
    ``gammaincinv(a, q)^(1/beta)``, whose terms ``log W`` cancel as q goes to 0). At z = 0 (the end of the support,
    where the density jumps from 0) the derivatives are the one-sided ones from inside: the density's slope there is
    ``-inf`` for beta < 1, ``-pdf(0)`` at beta = 1, 0 above. Mean ``gamma(2/beta) / gamma(1/beta)``, variance
    ``gamma(3/beta) / gamma(1/beta) - mean^2`` (SciPy integrates them numerically), entropy ``1/beta + gammaln(1 +
    1/beta)``.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import halfgennorm
    >>> round(float(wg.grad_bp(lambda x: halfgennorm.cdf(x, 2.0), 0.0)), 6)  # the density at 0: 2 / sqrt(pi)
    1.128379

    .. versionadded:: 0.1
    """


#: ``gammaln(1 + a) = -euler a + sum_k>=2 (-1)^k zeta(k) a^k / k``, to a^45 (below a = 1/4 its last term is below
#: 1e-28): _log_gamma_1p's series ends at 1e-3, above which ``gammaln(1 + a)`` lost a's low digits (halfgennorm's
#: entropy ``a + gammaln(1 + a)`` at beta = 1e3 was 5.1e-13 relative off)
_HALFGENNORM_LOG_GAMMA_SERIES = [0.0, -_EULER] + [(-1) ** k * float(sc.zeta(k)) / k for k in range(2, 46)]


def _halfgennorm_log_gamma(a):
    """``gammaln(1 + a)``, its series below a = 1/4 (:data:`_HALFGENNORM_LOG_GAMMA_SERIES`)."""
    return _piecewise(a, np.asarray(_plain(a), dtype=float) < 0.25, lambda a: sc.gammaln(a + 1.0),
                      lambda a: polynomial(a, _HALFGENNORM_LOG_GAMMA_SERIES), 1.0, 0.1)


def _halfgennorm_check(name, z, beta):
    _shapes_positive(name, beta, names=["beta"])


def _halfgennorm_log_density(z, beta, scale):
    """``log(beta / gamma(1/beta)) - z^beta - log(scale)``, the constant as ``-gammaln(1 + 1/beta)``."""
    with np.errstate(over="ignore"):  # (-inf where z^beta overflows: the truth's rounding)
        return -_halfgennorm_log_gamma(1.0 / beta) - np.power(z, beta) - _log_of(scale)


def _halfgennorm_plain_log_sf(z, beta):
    """The plain log sf (to find where the tails vanish): ``log gammaincc(1/beta, z^beta)``, its asymptote far out."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        log_w = beta * np.log(np.asarray(z, dtype=float))
        return np.where(log_w > math.log(_NAKAGAMI_FAR), -np.exp(np.minimum(log_w, 709.0)),
                        _log_gammaincc(1.0 / beta, np.exp(np.minimum(log_w, 709.0))))


#: Below this ``w = z^beta`` halfgennorm's lower tail is its series in powers of z, :func:`_halfgennorm_lower_tiny`
_HALFGENNORM_TINY_W = 1e-3


def _halfgennorm_lower_tiny(z, beta):
    """The cdf ``sum_k (-1)^k z^(1 + k beta) / (k! (1 + k beta)) / gamma(1 + 1/beta)`` (7 terms: the last below 1e-20
    of the sum for ``w = z^beta < _HALFGENNORM_TINY_W``), each term one power of z: through the series in ``w`` its
    second derivative in z had ``z w''`` with ``w'' = beta (beta - 1) z^(beta - 2)``, which overflows where the term is
    finite (cdf'' at z = 1e-300, beta = 0.6 was NaN, the truth -4.0e119)."""
    total = z
    for k in range(1, 7):
        total = total + ((-1.0) ** k / math.factorial(k)) * z ** (1.0 + k * beta) / (1.0 + k * beta)
    return total * np.exp(-_halfgennorm_log_gamma(1.0 / beta))


def _halfgennorm_log_series(beta):
    """The coefficients ``d_k`` and their derivatives ``d_k'`` in beta (k = 1..6, index 0 unused; Var-aware) of
    ``log1p(sum_k c_k w^k) = sum_k d_k w^k``, ``c_k = (-1)^k / (k! (1 + k beta))``: the log of the tiny series
    (:func:`_halfgennorm_lower_tiny`) over its first term, by ``d_k = c_k - sum_j<k j d_j c_(k - j) / k``."""
    c = [((-1.0) ** k / math.factorial(k)) / (1.0 + k * beta) for k in range(7)]
    dc = [-k * c[k] / (1.0 + k * beta) for k in range(7)]
    d, dd = [0.0], [0.0]
    for k in range(1, 7):
        d.append(c[k] - sum(j * d[j] * c[k - j] for j in range(1, k)) / k)
        dd.append(dc[k] - sum(j * (dd[j] * c[k - j] + d[j] * dc[k - j]) for j in range(1, k)) / k)
    return d, dd


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
        _, dlead, d, dd = coefficients(s)
        total = dlead * (-1.0) ** (n - 1) * math.factorial(n - 1) if n else dlead * np.log(z)
        for k in range(1, len(d)):
            f, df = _falling_factorial(k * s, n)
            total = total + (dd[k] * f + d[k] * k * (df + f * np.log(z))) * z ** (k * s)
        return total if n == 0 else total / z ** n

    def value(z, s):
        lead, _, d, _ = coefficients(s)
        return lead * np.log(z) + sum(d[k] * z ** (k * s) for k in range(1, len(d)))
    derivatives = _z_derivatives(f"{name} (d/dz)", numerator, lambda n: n, in_shape)
    primitive = Primitive(value, name=name, reenters="any")
    _def_partials(primitive, lambda z, s: derivatives(z, s, n=1), lambda z, s: in_shape(0, z, s))
    return primitive


#: ``log z + log1p(sum_k c_k z^(k beta))`` near z = 0, halfgennorm's log cdf less ``-gammaln(1 + 1/beta)``
#: (:func:`_log_power_series`, :func:`_halfgennorm_log_series`)
_HALFGENNORM_LOG_TINY = _log_power_series("wengert.scipy.stats.halfgennorm (the log cdf near 0)",
                                          lambda beta: (1.0, 0.0, *_halfgennorm_log_series(beta)))


def _halfgennorm_tail(upper, log):
    """``gammainc(1/beta, z^beta)`` (``upper``: ``gammaincc``), or its log (:func:`_lower_gamma_tails` with ``w^a =
    z`` and its log ``log z``); far out the log sf its asymptote ``-w + (a - 1) log w - gammaln(a)`` as ``-z^beta +
    (1 - beta) log z - gammaln(1/beta)``, the other three constants with derivatives 0 where the log sf is below
    ``_VANISHING_LOG`` (:func:`_vanishing`)."""
    def tail(z, beta, scale):
        a = 1.0 / beta
        pb = np.asarray(_plain(beta), dtype=float)
        pa = 1.0 / pb
        safe = (_gengamma_z_at(np.maximum(pa, 1.0), pb), _gengamma_z_at(0.25, pb))  # (w = max(a, 1); w = 1/4)

        def series(z):
            with np.errstate(over="ignore"):
                return _lower_gamma_tails(a, z, lambda z: z ** beta, lambda z: z, np.log, upper, log, safe)

        def tiny(z):
            if log and not upper:
                return _HALFGENNORM_LOG_TINY(z, beta) - _halfgennorm_log_gamma(a)
            p = _halfgennorm_lower_tiny(z, beta)
            if upper:
                return np.log1p(-p) if log else 1.0 - p
            return p

        def inner(z):
            with np.errstate(divide="ignore", under="ignore"):
                small = pb * np.log(np.asarray(_plain(z), dtype=float)) < math.log(_HALFGENNORM_TINY_W)
            return _piecewise(z, np.broadcast_to(small, np.broadcast_shapes(small.shape, pb.shape)), series, tiny,
                              safe[1], _gengamma_z_at(1e-4, pb))
        if upper and log:
            def asymptote(z):
                with np.errstate(over="ignore"):  # (-inf where z^beta overflows: the truth's rounding)
                    return -np.power(z, beta) + (1.0 - beta) * np.log(z) - sc.gammaln(a)
            with np.errstate(divide="ignore"):
                far = pb * np.log(np.asarray(_plain(z), dtype=float)) > math.log(_NAKAGAMI_FAR)
            return _piecewise(z, np.broadcast_to(far, np.broadcast_shapes(far.shape, pb.shape)), inner, asymptote,
                              safe[1], _gengamma_z_at(1e160, pb))
        return _vanishing(lambda z: _halfgennorm_plain_log_sf(z, pb), inner, z, 1.0,
                          -0.0 if log else 0.0 if upper else 1.0)
    return tail


_shape_functions(halfgennorm, ("beta",), _halfgennorm_check, [
    (name, inside, function, outside, formula, f"round(float(halfgennorm.{name}(0.5, 1.5)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _halfgennorm_log_density, -np.inf,
         "``log(beta / gamma(1/beta)) - z^beta - log(scale)`` on ``z >= 0``, ``-inf`` below.", "-0.251239"),
        ("pdf", lambda z: z >= 0, lambda z, beta, scale: _vanishing(
            lambda z: _halfgennorm_log_density(z, _plain(beta), _plain(scale)),
            lambda z: np.exp(_halfgennorm_log_density(z, beta, scale)), z, 1.0, 0.0), 0.0,
         "``beta exp(-z^beta) / (gamma(1/beta) scale)`` on ``z >= 0``, 0 below.", "0.777837"),
        ("cdf", lambda z: z >= 0, _halfgennorm_tail(False, False), 0.0,
         "``gammainc(1/beta, z^beta)`` (``z`` times a series near 0) on ``z >= 0``, 0 below.", "0.483499"),
        ("logcdf", lambda z: z > 0, _halfgennorm_tail(False, True), -np.inf,
         "The log of the cdf (``log z`` and a series near 0), ``-inf`` at and below 0.", "-0.726707"),
        ("sf", lambda z: z >= 0, _halfgennorm_tail(True, False), 1.0,
         "``gammaincc(1/beta, z^beta)`` on ``z >= 0``, 1 below.", "0.516501"),
        ("logsf", lambda z: z >= 0, _halfgennorm_tail(True, True), 0.0,
         "The log of the sf (far out ``-z^beta + (1 - beta) log z - gammaln(1/beta)``), 0 below the support.",
         "-0.660677"),
    )])


def _halfgennorm_quantile_value(upper):
    """The standard ppf (``upper``: isf) ``W^(1/beta)``, ``W`` the gamma(1/beta) quantile from the smaller tail
    (``gammaincinv`` of the lower tail's ``p`` up to 1/2, ``gammainccinv`` of the upper's above: ``1 - p`` lost the
    upper tail's digits), and ``p gamma(1 + 1/beta)`` where ``W`` is below ``_NAKAGAMI_SMALL_W`` (its leading term,
    the next a factor ``1 + a W / (a + 1)``; gammaincinv underflows there)."""
    def value(q, beta):
        q, beta = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(beta, dtype=float))
        a = 1.0 / beta
        p, r = (1.0 - q, q) if upper else (q, 1.0 - q)
        with np.errstate(divide="ignore", under="ignore", over="ignore", invalid="ignore"):
            low = p <= 0.5
            tiny = low & (p > 0) & ((np.log(p) + sc.gammaln(a + 1.0)) / a < math.log(_NAKAGAMI_SMALL_W))
            w = np.where(low, sc.gammaincinv(a, p), sc.gammainccinv(a, r))
            return np.where(tiny, p * np.exp(sc.gammaln(a + 1.0)), w ** a)[()]
    return value


def _halfgennorm_quantile_partials(upper):
    """The partials of the standard quantile ``x(q, beta)``, traced in x (the primitive again): in q ``+-1 / pdf(x) =
    +-gamma(1 + a) e^(x^beta)``; in beta ``-F_beta / pdf`` at fixed x (``F`` the cdf, the same for the isf), ``-a^2
    (psi(1 + a) x + gamma(1 + a) e^w (-dP(a + 1, w)/da))`` (``a = 1/beta``, ``w = x^beta``; from ``F = int_0^x
    exp(-t^beta) dt / gamma(1 + a)``, whose integrand's derivative ``-t^beta log t e^(-t^beta)`` integrates to ``-a^2
    gamma(a + 1) d gammainc(s, w) / ds`` at ``s = a + 1``: nothing cancels as x goes to 0, where the chain through
    ``gammaincinv(a, q)^(1/beta)`` cancelled ``log W``'s), the product's exp from the logs beyond ``w = 500``
    (``e^w`` overflows from 709)."""
    sign = -1.0 if upper else 1.0

    def in_q(q, beta):
        x = primitive(q, beta)
        with np.errstate(over="ignore"):  # (inf: the truth's rounding, or the infinite end)
            return sign * np.exp(_halfgennorm_log_gamma(1.0 / beta) + x ** beta)

    def in_beta(q, beta):
        x = primitive(q, beta)
        px = np.asarray(_plain(x), dtype=float)
        end = np.isinf(px)
        if np.any(end):  # (q at the infinite end: 0, the end does not move)
            x = np.where(end, 1.0, x)
        a = 1.0 / beta
        w = x ** beta
        with np.errstate(divide="ignore"):
            far = np.broadcast_to(np.asarray(_plain(w), dtype=float) > 500.0,
                                  np.broadcast_shapes(px.shape, np.shape(_plain(beta))))

        def near(w, a):
            return np.exp(_halfgennorm_log_gamma(a) + w) * -gammainc_da(a + 1.0, w)

        def beyond(w, a):
            return np.exp(_halfgennorm_log_gamma(a) + w + np.log(-gammainc_da(a + 1.0, w)))
        out = -a * a * (sc.digamma(1.0 + a) * x + _two_forms(far, near, beyond, (w, a), (1.0, 1.0), (600.0, 1.0)))
        return np.where(end, 0.0, out) if np.any(end) else out
    primitive = Primitive(_halfgennorm_quantile_value(upper),
                          name=f"wengert.scipy.stats.halfgennorm.{'isf' if upper else 'ppf'}", reenters="any")
    _def_partials(primitive, in_q, in_beta)
    return primitive


_HALFGENNORM_PPF = _halfgennorm_quantile_partials(False)
_HALFGENNORM_ISF = _halfgennorm_quantile_partials(True)


def _halfgennorm_quantile(name, q, beta, loc, scale, upper):
    _shapes_positive(name, beta, names=["beta"])
    return _in_dtype_of(_located(name, q, loc, scale, _HALFGENNORM_ISF if upper else _HALFGENNORM_PPF,
                                 shapes=(beta,)), q, beta, loc, scale)


_quantiles(halfgennorm, "beta", _halfgennorm_quantile, (
    ("``loc + scale gammaincinv(1/beta, q)^(1/beta)`` (``gammainccinv(1/beta, 1 - q)`` above 1/2).",
     "round(float(halfgennorm.ppf(0.5, 2.0)), 6)", "0.476936"),
    ("``loc + scale gammainccinv(1/beta, q)^(1/beta)`` (``gammaincinv(1/beta, 1 - q)`` below 1/2).",
     "round(float(halfgennorm.isf(0.5, 2.0)), 6)", "0.476936")))


def _halfgennorm_mean(beta):
    """``gamma(2a) / gamma(a) = gamma(1 + 2a) / (2 gamma(1 + a))``, ``a = 1/beta`` (no poles as a goes to 0)."""
    a = 1.0 / beta
    return 0.5 * np.exp(_halfgennorm_log_gamma(2.0 * a) - _halfgennorm_log_gamma(a))


def _halfgennorm_var(beta):
    """``gamma(3a) / gamma(a) - mean^2`` as ``gamma(1 + 3a) / (3 gamma(1 + a)) - mean^2`` (their ratio is above 4/3:
    at most two bits cancel)."""
    a = 1.0 / beta
    return np.exp(_halfgennorm_log_gamma(3.0 * a) - _halfgennorm_log_gamma(a)) / 3.0 - _halfgennorm_mean(beta) ** 2


_add_moments("halfgennorm", ("beta",), _halfgennorm_mean, _halfgennorm_var,
             lambda beta: 1.0 / beta + _halfgennorm_log_gamma(1.0 / beta),
             lambda name, beta: _shapes_positive(name, beta, names=["beta"]), 2.0,
             " The mean is ``gamma(2/beta) / gamma(1/beta)``, the variance ``gamma(3/beta) / gamma(1/beta) - mean^2`` "
             "(SciPy integrates them numerically).")
_add_quantile_summaries("halfgennorm")


# -- exponpow (the exponential power distribution) ---------------------------------------------------

__all__ += ["exponpow"]


class exponpow:
    """The exponential power distribution, as ``scipy.stats.exponpow``: ``sf = exp(1 - exp(z^b))`` on ``z = (x - loc) /
    scale >= 0`` (``b > 0``), the density ``b z^(b - 1) exp(1 + z^b - exp(z^b))``, differentiable in x (or q), b, loc
    and scale to every order. The log sf is ``-expm1(z^b)`` (exact everywhere); the log cdf near 0 ``b log z + log
    r(w)``, ``r(w) = (1 - exp(1 - e^w)) / w``, its series in ``w = z^b`` (SciPy's ``logcdf(1e-300, 2)`` is ``-inf``, the
    truth -1381.55), one primitive whose z-derivatives are ``numerator / z^n`` (``-b / z^2`` and the powers' ``z^(b -
    2)`` overflowed apart); the quantiles ``log1p(-log1p(-q))^(1/b)`` and ``log1p(-log q)^(1/b)``, the isf below q =
    1e-150 one primitive (``dx/dq = -1 / pdf(x)``, ``dx/db = -x log x / b``: through ``log q`` its second derivative was
    inf - inf). At z = 0 (the end of the support) the derivatives are the one-sided ones from inside (the density there
    is inf for b < 1, 1 at b = 1, 0 above; a traced b is refused in the density at b = 1, where ``z^(b - 1)`` jumps);
    the quantile's slope at q = 0 is 0 for b < 1, 1 at b = 1, +inf above. No mean, var, std or entropy: SciPy integrates
    them numerically, and they have no closed form.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import exponpow
    >>> round(float(wg.grad_bp(lambda x: exponpow.cdf(x, 1.0), 0.0)), 6)  # the density at 0 for b = 1
    1.0

    .. versionadded:: 0.1
    """


def _exponpow_check(name, z, b):
    """``b > 0``; for a density, a traced b refused at ``z = 0`` where ``b = 1`` (:func:`_refuse_a_jump_in_shape`)."""
    _shapes_positive(name, b, names=["b"])
    if name.endswith("pdf"):
        _refuse_a_jump_in_shape(name, b, lambda: (z == 0) & (b == 1), "b", "b = 1 where x == loc", "z**(b - 1)")


def _exponpow_log_density(z, b, scale):
    """``1 + log b + (b - 1) log z + w - e^w - log(scale)``, ``w = z^b``; from ``w = 700`` on ``-e^w`` for ``w - e^w`` (``w``
    below 1e-300 of it: at z = 1e300 SciPy's and the sum here were ``inf - inf`` = NaN, the truth -inf)."""
    pb = np.asarray(_plain(b), dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):  # (-inf where exp(z^b) overflows: the truth's rounding)
        big = np.broadcast_to(np.power(np.asarray(_plain(z), dtype=float), pb) > 700.0,
                              np.broadcast_shapes(np.shape(_plain(z)), pb.shape))
        return 1.0 + np.log(b) + sc.xlogy(b - 1.0, z) + _piecewise(
            z, big, lambda z: np.power(z, b) - np.exp(np.power(z, b)), lambda z: -np.exp(np.power(z, b)), 1.0,
            _gengamma_z_at(1e3, pb)) - _log_of(scale)


def _exponpow_density(z, b, scale):
    """``exp`` of the log density, with powers at and near ``z = 0`` (:func:`_density_from_zero`: the density is
    0, 1 or inf there, its log's slope ``(b - 1) / z``), 0 with derivatives 0 far out. Near 0, where the z-derivatives
    of ``exp(1 + w - e^w)`` (``w = z^b``) are below rounding beside those of ``z^(b - 1)`` (their ratio about ``b w^2 /
    (1 - b)``), they are dropped (in b kept): through the product the second derivative met ``w'' (1 - e^w)``, ``inf *
    -w`` (exponpow.pdf(1e-300, 0.5)'' was NaN, the truth +inf)."""
    pb = np.asarray(_plain(b), dtype=float)

    def whole(z, b):
        with np.errstate(over="ignore"):
            w = z ** b
            return b / scale * z ** (b - 1.0) * np.exp(1.0 + w - np.exp(w))

    def leading(z, b):
        w = stop_gradient(z) ** b
        return b / scale * z ** (b - 1.0) * np.exp(1.0 + w - np.exp(w))

    def powers(z):
        pz = np.asarray(_plain(z), dtype=float)
        with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
            w = np.power(pz, pb)
            drop = np.broadcast_to((pz > 0) & (pb != 1.0) & ((1.0 + pb) ** 2 * w * w < _BELOW_ROUNDING * np.minimum(
                np.abs(pb - 1.0), np.abs((pb - 1.0) * (pb - 2.0)))), np.broadcast_shapes(pz.shape, pb.shape))
        if not np.any(drop) or type(z) not in (Var, Dual):
            return whole(z, b)
        return _two_forms(drop, whole, leading, (z, b), (0.5, 2.0), (0.5, 2.0))
    return _density_from_zero(z, lambda z: _exponpow_log_density(z, b, scale), powers, pb - 1.0,
                              lambda z: _exponpow_log_density(z, pb, 1.0))


def _exponpow_series():
    """The coefficients (from Fractions) of ``log r(w) = sum_k e_k w^k``, ``r(w) = (1 - exp(1 - e^w)) / w`` (k = 1..40;
    r's zeros nearest 0 are at ``|log(1 + 2 pi i)| = 1.65``: below w = 1/2 the last term is below 1e-21 of the sum)."""
    n = 42
    v = [Fraction(0)] + [Fraction(1, math.factorial(k)) for k in range(1, n)]  # e^w - 1
    e = [Fraction(1)]  # exp(-v): k E_k = -sum_j j v_j E_(k - j)
    for k in range(1, n):
        e.append(-sum(j * v[j] * e[k - j] for j in range(1, k + 1)) / k)
    r = [-e[k + 1] for k in range(n - 1)]  # (1 - exp(-v)) / w
    log_r = [Fraction(0)]  # k L_k = k r_k - sum_j<k j L_j r_(k - j)
    for k in range(1, n - 1):
        log_r.append(r[k] - sum(j * log_r[j] * r[k - j] for j in range(1, k)) / k)
    assert r[0] == 1
    return [float(c) for c in log_r]


_EXPONPOW_LOG_R = _exponpow_series()
#: Below this ``w = z^b`` exponpow's log cdf is ``b log z + log r(w)`` by its series (:func:`_exponpow_series`)
_EXPONPOW_SERIES_BELOW = 0.5


#: ``b log z + log r(z^b)`` (exponpow's log cdf where ``z^b < 1/2``), :func:`_log_power_series`
_EXPONPOW_LOG_CDF = _log_power_series("wengert.scipy.stats.exponpow (the log cdf near 0)",
                                      lambda b: (b, 1.0, _EXPONPOW_LOG_R, [0.0] * len(_EXPONPOW_LOG_R)))


def _exponpow_tail(upper, log):
    """The cdf ``-expm1(-expm1(w))`` (``w = z^b``), the sf ``exp(-expm1(w))``, the log sf ``-expm1(w)``, the log cdf
    :data:`_EXPONPOW_LOG_CDF` below ``w = 1/2`` and ``log1p(-sf)`` above; the cdf, sf and log cdf constants with
    derivatives 0 where the log sf is below ``_VANISHING_LOG`` (``e^w`` overflows from w = 709)."""
    def tail(z, b, scale):
        pb = np.asarray(_plain(b), dtype=float)
        with np.errstate(over="ignore"):
            if upper and log:
                return -np.expm1(np.power(z, b))
            if not log:
                def form(z):
                    return np.exp(-np.expm1(np.power(z, b))) if upper else -np.expm1(-np.expm1(np.power(z, b)))
            else:
                def form(z):
                    with np.errstate(divide="ignore", under="ignore"):
                        small = pb * np.log(np.asarray(_plain(z), dtype=float)) < math.log(_EXPONPOW_SERIES_BELOW)
                    return _piecewise(z, np.broadcast_to(small, np.broadcast_shapes(small.shape, pb.shape)),
                                      lambda z: np.log1p(-np.exp(-np.expm1(np.power(z, b)))),
                                      lambda z: _EXPONPOW_LOG_CDF(z, b), 1.0, _gengamma_z_at(0.1, pb))

            def plain_log_sf(z):
                with np.errstate(over="ignore"):
                    return -np.expm1(np.asarray(z, dtype=float) ** pb)
            return _vanishing(plain_log_sf, form, z, 1.0, -0.0 if log else 0.0 if upper else 1.0)
    return tail


_shape_functions(exponpow, ("b",), _exponpow_check, [
    (name, inside, function, outside, formula, f"round(float(exponpow.{name}(0.5, 1.5)), 6)", value)
    for name, inside, function, outside, formula, value in (
        ("logpdf", lambda z: z >= 0, _exponpow_log_density, -np.inf,
         "``1 + log b + (b - 1) log z + z^b - exp(z^b) - log(scale)`` on ``z >= 0``, ``-inf`` below.", "-0.011674"),
        ("pdf", lambda z: z >= 0, _exponpow_density, 0.0,
         "``b z^(b - 1) exp(1 + z^b - exp(z^b)) / scale`` on ``z >= 0``, 0 below.", "0.988394"),
        ("cdf", lambda z: z >= 0, _exponpow_tail(False, False), 0.0,
         "``-expm1(-expm1(z^b))`` on ``z >= 0``, 0 below.", "0.345654"),
        ("logcdf", lambda z: z > 0, _exponpow_tail(False, True), -np.inf,
         "The log of the cdf (``b log z`` and a series in ``z^b`` near 0), ``-inf`` at and below 0.", "-1.062317"),
        ("sf", lambda z: z >= 0, _exponpow_tail(True, False), 1.0,
         "``exp(-expm1(z^b))`` on ``z >= 0``, 1 below.", "0.654346"),
        ("logsf", lambda z: z >= 0, _exponpow_tail(True, True), 0.0,
         "``-expm1(z^b)`` on ``z >= 0``, 0 below.", "-0.424119"),
    )])


def _exponpow_log_pdf_plain(x, b):
    with np.errstate(over="ignore", divide="ignore"):
        w = x ** b
        return 1.0 + np.log(b) + sc.xlogy(b - 1.0, x) + w - np.exp(w)


_EXPONPOW_ISF_TINY = _quantile_primitive("exponpow.isf", lambda q, b: np.log1p(-np.log(q)) ** (1.0 / b),
                                         _exponpow_log_pdf_plain, -1.0,
                                         lambda q, b, isf: -isf(q, b) * np.log(isf(q, b)) / b)
#: Below this q exponpow's isf is one primitive (:data:`_EXPONPOW_ISF_TINY`): through ``log1p(-log q)^(1/b)`` its
#: second derivative in q was inf - inf = NaN from q = 1e-154 (the truth +inf)
_EXPONPOW_TINY_Q = 1e-150


def _exponpow_quantile(name, q, b, loc, scale, upper):
    _shapes_positive(name, b, names=["b"])

    def standard(q, b):
        if not upper:
            return np.log1p(-np.log1p(-q)) ** (1.0 / b)
        tiny = np.broadcast_to(np.asarray(_plain(q)) < _EXPONPOW_TINY_Q,
                               np.broadcast_shapes(np.shape(_plain(q)), np.shape(_plain(b))))
        return _two_forms(tiny, lambda q, b: np.log1p(-np.log(q)) ** (1.0 / b), _EXPONPOW_ISF_TINY, (q, b), (0.5, 1.0),
                          (1e-200, 1.0))
    return _in_dtype_of(_located(name, q, loc, scale, standard, shapes=(b,), steep_mixed=_power_steep),
                        q, b, loc, scale)


_quantiles(exponpow, "b", _exponpow_quantile, (
    ("``loc + scale log1p(-log1p(-q))^(1/b)``.", "round(float(exponpow.ppf(0.5, 2.0)), 6)", "0.725665"),
    ("``loc + scale log1p(-log q)^(1/b)``.", "round(float(exponpow.isf(0.5, 2.0)), 6)", "0.725665")))
_add_quantile_summaries("exponpow")


# -- powernorm (the power normal distribution) --------------------------------------------------------

__all__ += ["powernorm"]


class powernorm:
    """The power normal distribution, as ``scipy.stats.powernorm``: ``sf = ndtr(-z)^c`` on the real line (``z = (x -
    loc) / scale``, ``c > 0``), the density ``c phi(z) ndtr(-z)^(c - 1)``, differentiable in x (or q), c, loc and scale
    to every order. Everything from the log sf ``c log_ndtr(-z)`` (exact in both tails): the cdf ``-expm1`` of it, the
    log cdf ``log(-expm1(.))``, and far left (``ndtr(z) < 1e-3`` and ``c ndtr(z) < 1e-3``) ``log c + log_ndtr(z) +
    log1p(S)``, ``S`` the binomial series of ``(1 - (1 - p)^c) / (c p) - 1`` in ``p = ndtr(z)``: there the log sf
    underflows to 0 (SciPy's ``logcdf(-40, 2)`` is ``-inf``, the truth -803.92). The quantiles are ``-ndtri_exp(L)``,
    ``L = log1p(-q) / c`` (ppf) or ``log(q) / c`` (isf), the log of ``ndtr(-x)``: SciPy's ``-ndtri((1 - q)^(1/c))``
    rounds ``(1 - q)^(1/c)`` to 1 below q = 1e-16 (its ``ppf(1e-20, 2)`` is ``-inf``, the truth -9.34; its ``isf(1 -
    1e-12, 2)`` 2.1e-6 relative off). No mean, var, std or entropy: SciPy integrates them numerically, and they have no
    closed form.

    >>> import wengert as wg
    >>> from wengert.scipy.stats import powernorm
    >>> round(float(wg.grad_bp(lambda x: powernorm.cdf(x, 1.0), 0.0)), 6)  # c = 1: the normal's density at 0
    0.398942

    .. versionadded:: 0.1
    """


def _powernorm_check(name, z, c):
    _shapes_positive(name, c, names=["c"])


def _powernorm_log_density(z, c, scale):
    return np.log(c) - 0.5 * z * z - 0.5 * _LOG_2PI + (c - 1.0) * sc.log_ndtr(-z) - _log_of(scale)


#: The binomial series of ``(1 - (1 - p)^c) / (c p) - 1`` (powernorm's log cdf far left) is used where ``p`` and ``c
#: p`` are below this: its 7 terms, each below ``max(p, c p)^m``, end below 1e-21
_POWERNORM_SERIES_BELOW = 1e-3


def _powernorm_left(z, c):
    """``log c + log_ndtr(z) + log1p(S)``, ``S = sum_m (-1)^m (c - 1) ... (c - m) p^m / (m + 1)!``, ``p = ndtr(z)``: the
    log cdf where the log sf underflows (the cdf is ``c p (1 + S)``)."""
    p = sc.ndtr(z)
    term, total = 1.0, 0.0
    for m in range(1, 8):
        term = term * (-(c - m) * p / (m + 1))
        total = total + term
    return np.log(c) + sc.log_ndtr(z) + np.log1p(total)


def _powernorm_tail(upper, log):
    """The sf ``exp(c log_ndtr(-z))``, the log sf ``c log_ndtr(-z)``, the cdf ``-expm1`` of it, the log cdf
    ``log(-expm1(.))`` (:func:`_powernorm_left` far left); the cdf, sf and log cdf constants with derivatives 0 where
    the log sf is below ``_VANISHING_LOG``."""
    def tail(z, c, scale):
        if upper and log:
            return c * sc.log_ndtr(-z)
        pc = np.asarray(_plain(c), dtype=float)

        def form(z):
            log_sf = c * sc.log_ndtr(-z)
            if upper:
                return np.exp(log_sf)
            if not log:
                return -np.expm1(log_sf)
            p = sc.ndtr(np.asarray(_plain(z), dtype=float))
            left = np.broadcast_to((p < _POWERNORM_SERIES_BELOW) & (pc * p < _POWERNORM_SERIES_BELOW),
                                   np.broadcast_shapes(np.shape(p), pc.shape))
            return _piecewise(z, left, lambda z: _log1mexp(c * sc.log_ndtr(-z)), lambda z: _powernorm_left(z, c),
                              0.0, -10.0)
        return _vanishing(lambda z: pc * sc.log_ndtr(-np.asarray(z, dtype=float)), form, z, 0.0,
                          -0.0 if log else 0.0 if upper else 1.0)
    return tail


_shape_functions(powernorm, ("c",), _powernorm_check, [
    (name, lambda z: np.ones(np.shape(z), bool), function, np.nan, formula,
     f"round(float(powernorm.{name}(0.5, 1.5)), 6)", value)
    for name, function, formula, value in (
        ("logpdf", _powernorm_log_density,
         "``log c - z^2 / 2 - log(2 pi) / 2 + (c - 1) log_ndtr(-z) - log(scale)``.", "-1.226429"),
        ("pdf", lambda z, c, scale: _vanishing(lambda z: _powernorm_log_density(z, _plain(c), _plain(scale)),
                                                lambda z: np.exp(_powernorm_log_density(z, c, scale)), z, 0.0, 0.0),
         "``c phi(z) ndtr(-z)^(c - 1) / scale``.", "0.293338"),
        ("cdf", _powernorm_tail(False, False), "``-expm1(c log_ndtr(-z))``.", "0.828619"),
        ("logcdf", _powernorm_tail(False, True),
         "``log(-expm1(c log_ndtr(-z)))`` (far left ``log c + log_ndtr(z)`` and a series).", "-0.187995"),
        ("sf", _powernorm_tail(True, False), "``ndtr(-z)^c``.", "0.171381"),
        ("logsf", _powernorm_tail(True, True), "``c log_ndtr(-z)``.", "-1.763868"),
    )])


def _powernorm_log_mills(x):
    """``log(ndtr(-x) / phi(x))`` as ``log(sqrt(pi / 2) erfcx(x / sqrt 2))``: exact in both tails (through
    ``log_ndtr(-x) + x^2 / 2`` its terms cancel far right)."""
    return 0.5 * math.log(0.5 * math.pi) + np.log(sc.erfcx(x / math.sqrt(2.0)))


def _powernorm_quantile_primitive(upper):
    """powernorm's standard ppf (``upper``: isf) ``-ndtri_exp(L)``, ``L = log1p(-q) / c`` (``log(q) / c``) the log of
    ``ndtr(-x)``, as one primitive in (q, c), its partials traced in x: in q ``+-M(x) / (c (1 - q))`` (``M / (c q)``),
    ``M = ndtr(-x) / phi(x)`` (:func:`_powernorm_log_mills`), one exp (through ndtri_exp's rule ``exp(L + x^2 / 2 +
    ...)`` cancelled far out: the second derivative in c of isf(1e-300, 0.3) was 3e-10 relative off, in q NaN for the
    truth +inf); in c ``L M(x) / c`` (from ``c log ndtr(-x) = const``)."""
    def log_tail(q):
        return np.log(q) if upper else np.log1p(-q)

    def value(q, c):
        with np.errstate(divide="ignore"):
            return (-sc.ndtri_exp(log_tail(np.asarray(q, dtype=float)) / np.asarray(c, dtype=float)))[()]

    sign = -1.0 if upper else 1.0

    def slope_value(q, c):
        with np.errstate(divide="ignore", over="ignore"):
            return sign * np.exp(_powernorm_log_mills(value(q, c)) - np.log(c) - log_tail(q))

    def in_c(q, c):
        x = primitive(q, c)
        return log_tail(q) / c * np.exp(_powernorm_log_mills(x)) / c

    def mills_slope(q, c):  # (M'(x) = x M(x) - 1)
        x = primitive(q, c)
        return x * np.exp(_powernorm_log_mills(x)) - 1.0

    # (the slope's own partials as one factor each, D (1 + M'/c) / (1 - q) and D (M' L - 1) / c: through the exp's
    # chain its derivative in q at q = 1e-300 was the sum of two overflowing terms, inf - inf, for the truth +inf)
    slope = Primitive(slope_value, name=f"wengert.scipy.stats.powernorm.{'isf' if upper else 'ppf'} (d/dq)",
                      reenters="any")
    _def_partials(slope, lambda q, c: slope(q, c) * (1.0 + mills_slope(q, c) / c) / (sign * (q if upper else 1.0 - q)),
                  lambda q, c: slope(q, c) * (mills_slope(q, c) * log_tail(q) / c - 1.0) / c)
    primitive = Primitive(value, name=f"wengert.scipy.stats.powernorm.{'isf' if upper else 'ppf'}", reenters="any")
    _def_partials(primitive, slope, in_c)
    return primitive


_POWERNORM_PPF = _powernorm_quantile_primitive(False)
_POWERNORM_ISF = _powernorm_quantile_primitive(True)


def _powernorm_quantile(name, q, c, loc, scale, upper):
    _shapes_positive(name, c, names=["c"])
    return _in_dtype_of(_located(name, q, loc, scale, _POWERNORM_ISF if upper else _POWERNORM_PPF, shapes=(c,)),
                        q, c, loc, scale)


_quantiles(powernorm, "c", _powernorm_quantile, (
    ("``loc - scale ndtri_exp(log1p(-q) / c)`` (``-ndtri((1 - q)^(1/c))``).",
     "round(float(powernorm.ppf(0.5, 2.0)), 6)", "-0.544952"),
    ("``loc - scale ndtri_exp(log(q) / c)`` (``-ndtri(q^(1/c))``).",
     "round(float(powernorm.isf(0.5, 2.0)), 6)", "-0.544952")))
_add_quantile_summaries("powernorm")


#: the functions of each distribution, read from its class (wengert.scipy.supported() lists them).
FUNCTIONS = {name: tuple(sorted(f for f in vars(globals()[name]) if not f.startswith("_")))
             for name in __all__}


# -- the standard error of the mean, written with differentiable calls ----------------

from ..primitive import defcomposite as _defcomposite  # noqa: E402
from ..structured import peek as _peek  # noqa: E402


def sem(a, axis=0, ddof=1, nan_policy="propagate", *, keepdims=False):
    """The standard error of the mean, ``std(a, ddof=ddof) / sqrt(n)`` along ``axis``
    (``None``: all of ``a``), as ``scipy.stats.sem``, differentiable in ``a`` to every order
    (``np.std``'s rule: where a slice is constant, its derivative is that rule's convention,
    0). ``nan_policy='omit'`` leaves NaNs out (``np.nanstd`` over the count of the others),
    ``'raise'`` refuses them (``ValueError``), ``'propagate'`` gives NaN.

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy import stats
    >>> float(stats.sem(np.array([1.0, 2.0, 3.0, 4.0])))
    0.6454972243679028
    >>> wg.grad_bp(lambda a: stats.sem(a), np.array([1.0, 3.0]))  # |a1 - a0| / 2
    array([-0.5,  0.5])

    .. versionadded:: 0.1
    """
    if nan_policy not in ("propagate", "raise", "omit"):
        raise ValueError("nan_policy must be one of {'propagate', 'raise', 'omit'}")
    ndim = np.ndim(_peek(a))
    if axis is None:
        a, axis = np.reshape(a, (-1,)), 0
        keep_shape = (1,) * ndim
    else:
        keep_shape = None
    shape = np.shape(_peek(a))  # (the shape: no wengert.jit guard; the NaNs only where looked for)
    missing = None
    if nan_policy != "propagate":
        plain = _plain(a)
        missing = np.isnan(plain) if plain.dtype.kind in "fc" else np.zeros(shape, dtype=bool)
    if nan_policy == "raise" and np.any(missing):
        raise ValueError("The input contains nan values")
    if missing is not None and nan_policy == "omit" and np.any(missing):
        spread = np.nanstd(a, axis=axis, ddof=ddof, keepdims=keepdims)
        count = np.sum(~missing, axis=axis, keepdims=keepdims)
    else:
        spread = np.std(a, axis=axis, ddof=ddof, keepdims=keepdims)
        count = shape[axis]
    out = spread / np.sqrt(count)
    return np.reshape(out, keep_shape) if keepdims and keep_shape is not None else out


_defcomposite(sem, sem, names=("scipy.stats.sem",))


# -- ranks and the mode of a sample ---------------------------------------------------

from ..primitive import nondifferentiable as _nondifferentiable  # noqa: E402


def rankdata(a, method="average", *, axis=None, nan_policy="propagate"):
    """SciPy's ``rankdata`` of the values of ``a``: the ranks are piecewise constant in ``a``
    (they change only where two values cross), so they carry no gradient: called on a Var,
    the result is a plain array, as ``np.argsort``'s (wengert's convention for integer-valued
    results; at a tie, where the ranks jump, the plain value is SciPy's too).

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy import stats
    >>> stats.rankdata(np.array([3.0, 1.0, 3.0]))
    array([2.5, 1. , 2.5])
    >>> float(wg.grad_bp(lambda a: np.sum(a * stats.rankdata(a)), np.array([3.0, 1.0]))[0])  # the ranks
    2.0

    .. versionadded:: 0.1
    """
    from scipy import stats as scipy_stats  # (imported when first used: scipy.stats is slow to import)
    return scipy_stats.rankdata(_plain(a), method=method, axis=axis, nan_policy=nan_policy)


_nondifferentiable(rankdata, names=("scipy.stats.rankdata",))


def mode(a, axis=0, nan_policy="propagate", keepdims=False):
    """SciPy's ``mode``: the most frequent value along ``axis`` (the smallest of the most
    frequent ones) and its count, as SciPy's ``ModeResult``. The count is an integer (a plain
    value). The mode is one of the values of ``a``: where every value of a slice occurs once
    (count 1) it is a smooth function of them (the smallest), and its gradient goes to that
    entry; where a value occurs more than once, any move of one of its copies breaks the tie
    and the mode jumps, so a traced ``a`` with a count above 1 is refused with
    :class:`~wengert.NoGradientRule` (pass ``wengert.stop_gradient(a)`` for the plain mode).

    >>> import numpy as np, wengert as wg
    >>> from wengert.scipy import stats
    >>> stats.mode(np.array([2.0, 1.0, 2.0]))
    ModeResult(mode=np.float64(2.0), count=np.int64(2))
    >>> wg.grad_bp(lambda a: stats.mode(a).mode, np.array([2.0, 1.0, 3.0]))  # distinct: the smallest
    array([0., 1., 0.])

    .. versionadded:: 0.1
    """
    from scipy import stats as scipy_stats  # (imported when first used: scipy.stats is slow to import)
    plain = np.asarray(_plain(a))
    result = scipy_stats.mode(plain, axis=axis, nan_policy=nan_policy, keepdims=keepdims)
    if not isinstance(a, (Var, Dual)) or plain.size == 0:
        return result
    if np.any(np.asarray(result.count) > 1):
        raise NoGradientRule(
            "wengert.scipy.stats.mode has no derivative where a value occurs more than once in a slice: "
            "moving one of its copies breaks the tie and the mode jumps. Pass the data as a constant "
            "(wengert.stop_gradient(a)) for the plain mode.")
    at = np.asarray(result.mode)  # the mode, with the axis of its slice kept (size 1)
    if axis is None:
        a, plain, axis, at = np.reshape(a, (-1,)), plain.reshape(-1), 0, at.reshape(1)
    elif not keepdims:
        at = np.expand_dims(at, axis)
    # in each slice, the entry equal to the mode (a NaN entry for a NaN mode), taken from a
    index = np.argmax((plain == at) | (np.isnan(plain) & np.isnan(at)), axis=axis, keepdims=True)
    value = np.reshape(np.take_along_axis(a, index, axis=axis), np.shape(result.mode))
    return type(result)(value, result.count)


_defcomposite(mode, mode, names=("scipy.stats.mode",))


def _refusing_nonpositive_shapes(cls, shapes):
    """Wrap every method of ``cls`` so that a shape (by name, positional or keyword) that is not
    positive raises ValueError (:func:`_shapes_positive`, once per call: the methods do not check
    again), as the other distributions' methods do: gamma, invgamma, chi2 and beta computed a
    number there (``gamma.logpdf(0.3, -0.5)`` 0.2404, ``invgamma.logpdf(1e-3, -0.5)`` -997.8) where
    SciPy gives NaN, and differentiated it."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or not isinstance(member, staticmethod):
            continue
        fn = member.__func__
        params = list(inspect.signature(fn).parameters)
        where = [(params.index(s), s) for s in shapes if s in params]
        if not where:
            continue

        def checked(*args, _fn=fn, _where=tuple(where), _name=f"{cls.__name__}.{name}", **kwargs):
            given = [(args[i] if i < len(args) else kwargs.get(shape), shape) for i, shape in _where]
            given = [(value, shape) for value, shape in given if value is not None]  # (a missing one: fn's TypeError)
            _shapes_positive(_name, *(value for value, _ in given), names=[shape for _, shape in given])
            return _fn(*args, **kwargs)
        setattr(cls, name, staticmethod(functools.wraps(fn)(checked)))


for _cls, _shapes in ((gamma, ("a",)), (invgamma, ("a",)), (chi2, ("df",)), (beta, ("a", "b"))):
    _refusing_nonpositive_shapes(_cls, _shapes)



def _in_dtype_of_arguments(cls, counts=()):
    """Wrap every method of the distribution ``cls`` so that its value is in the floating dtype NumPy's
    arithmetic gives its arguments where that is narrower (:func:`_in_dtype_of`: Python numbers weak,
    as in NumPy; ``counts``, a discrete distribution's counts, left out: labels, as an index is,
    whatever their dtype). Decided (SciPy's distributions give float64 always): wengert's follow
    NumPy, float32 stays float32. A float64 number inside a formula made float32 results float64
    (``np.log(scale)`` at the default ``scale=1.0``, ``gammaln`` of a Python shape, a count
    converted to float64: ``norm.logpdf(x)``, ``gamma.logpdf(x, 2.0)``, ``poisson.logpmf(2, mu)`` for a
    float32 ``x`` or ``mu``, their gradients float32); here such a value is rounded once to float32
    (its tangent too). A float64 result is returned as it is, bit for bit."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or not isinstance(member, staticmethod):
            continue
        fn = member.__func__
        signature = inspect.signature(fn)
        left_out = tuple(i for i, p in enumerate(signature.parameters) if p in counts)

        def rounded(*args, _fn=fn, _left_out=left_out, _counts=tuple(counts), **kwargs):
            out = _fn(*args, **kwargs)
            given = [a for i, a in enumerate(args) if i not in _left_out and a is not None]
            given += [a for k, a in kwargs.items() if k not in _counts and a is not None]
            if isinstance(out, tuple):  # (interval's two ends)
                return tuple(_numpy_scalar(_in_dtype_of(o, *given)) for o in out)
            return _numpy_scalar(_in_dtype_of(out, *given))
        setattr(cls, name, staticmethod(functools.wraps(fn)(rounded)))


def _numpy_scalar(out):
    """A 0-d result as the NumPy scalar SciPy's methods give (their ``output[()]``; a Var's or a
    Dual's too, as a recorded ``[()]``), and a Python float as a float64 one:
    ``laplace.cdf(np.float64(0.3))`` was a 0-d array (in ``value_and_grad`` and ``jvp`` too),
    ``norm.mean()`` a Python float (SciPy: ``np.float64`` for both)."""
    t = type(out)
    if t is np.ndarray:
        return out[()] if out.ndim == 0 else out
    if t is float:
        return np.float64(out)
    if t is Var or t is Dual:
        value = _unguarded(out)  # (its type: no wengert.jit guard)
        return out[()] if type(value) is np.ndarray and value.ndim == 0 else out
    return out


#: the arguments of the discrete distributions that are counts
_COUNTS = {"poisson": ("k", "loc"), "bernoulli": ("k", "loc"), "binom": ("k", "n", "loc"), "geom": ("k", "loc"),
           "nbinom": ("k", "loc"), "betabinom": ("k", "n", "loc"), "betanbinom": ("k", "n", "loc"),
           "multinomial": ("x", "n"), "planck": ("k", "loc"),
           "dlaplace": ("k", "loc"), "yulesimon": ("k", "loc"),
           "logser": ("k", "loc"), "skellam": ("k", "loc"),
           "zipf": ("k", "loc"), "zipfian": ("k", "n", "loc"),
           "boltzmann": ("k", "N", "loc"), "randint": ("k", "loc"), "hypergeom": ("k", "loc"),
           "nhypergeom": ("k", "loc")}  # (randint's, hypergeom's parameters: its values' dtype)
for _name in __all__:
    if isinstance(globals()[_name], type):  # (not sem, rankdata, mode)
        _in_dtype_of_arguments(globals()[_name], _COUNTS.get(_name, ()))


#: the finite z evaluated in place of an infinite one (its value discarded, its derivatives 0): not a
#: simple fraction, so that it is not a support's end at a shape a user types (at z = 1/2, genpareto's
#: end -1/c at c = -2 and genextreme's 1/c at c = 2: the derivative in c was refused there and the one
#: in scale NaN, an infinite partial at the end times the cotangent 0)
_STAND_IN_Z = math.sqrt(2.0) - 1.0


def _limits_at_infinity(cls):
    """Wrap ``cls``'s functions of ``x`` (``pdf``, ``logpdf`` and the tails) so that where ``z = (x - loc) /
    scale`` is +-inf (x or loc infinite, the other finite, scale positive and finite) each is its limit there
    (:data:`_LIMITS_AT_INFINITY`), with derivative 0 in every argument, and elsewhere what it was.

    The function at z = +-inf is that constant whatever the shapes, loc and scale (a finite limit's
    derivatives in x tend to 0 too); an infinite one (logpdf's -inf) is given derivative 0 as the library's
    infinite moments are, so that ``exp`` of it (the pdf, 0) has its true derivative 0. Computed through
    each distribution's own formula, the limit was inf - inf = NaN (``gamma.logpdf(inf, 2)``'s ``(a - 1) log z
    - z``, ``maxwell.logsf(inf)``, ``f.cdf(inf, 5, 9)``), and every derivative in scale NaN: ``d/dscale`` of ``z``
    is ``-z / scale = -inf``, times the cotangent 0 of a limit taken inside. So the function is called with a
    finite point (``z = _STAND_IN_Z``, loc 0) in place of the infinite one and its value there replaced."""
    for name in _LIMITS_AT_INFINITY:
        member = vars(cls).get(name)
        if not isinstance(member, staticmethod):
            continue
        fn = member.__func__
        parameters = inspect.signature(fn).parameters
        if not {"x", "loc", "scale"} <= set(parameters):
            continue
        order = list(parameters)

        def limits(*args, _fn=fn, _top_bottom=_LIMITS_AT_INFINITY[name], _order=order, _parameters=parameters,
                   **kwargs):
            args = list(args)

            def given(p):
                i = _order.index(p)
                return args[i] if i < len(args) else kwargs.get(p, _parameters[p].default)
            x, loc, scale = given("x"), given("loc"), given("scale")
            px, ploc, pscale = _plain(x), _plain(loc), _plain(scale)
            if not (np.any(np.isinf(px)) or np.any(np.isinf(ploc))):
                return _fn(*args, **kwargs)
            with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
                pz = (px - ploc) / pscale
            infinite = np.isinf(pz) & (np.isinf(px) | np.isinf(ploc)) & np.isfinite(pscale)
            if not np.any(infinite):
                return _fn(*args, **kwargs)
            # (x and loc replaced in the dtype of all the arguments: float32 stays float32)
            dtype = np.result_type(*(plain_tree(a) for a in args), *(plain_tree(a) for a in kwargs.values()), 0.5)
            for p, finite in (("x", _STAND_IN_Z * pscale), ("loc", 0.0)):
                value = np.where(infinite, np.asarray(finite, dtype=dtype), given(p))
                i = _order.index(p)
                if i < len(args):
                    args[i] = value
                else:
                    kwargs[p] = value
            top, bottom = _top_bottom
            out = np.where(infinite & (pz > 0), top, np.where(infinite & (pz < 0), bottom, _fn(*args, **kwargs)))
            return out[()] if isinstance(out, np.ndarray) else out
        setattr(cls, name, staticmethod(functools.wraps(fn)(limits)))


# every distribution with x, loc and scale but vonmises (periodic: no limit; NaN there, as SciPy's). Keep this
# last: a distribution defined below it is not wrapped (test_stats_at_infinity checks every one)
for _cls_name in __all__:
    if _cls_name != "vonmises" and isinstance(globals()[_cls_name], type):
        _limits_at_infinity(globals()[_cls_name])


#: SciPy's other name of loguniform: its ``reciprocal`` and ``loguniform`` are two instances of one class
#: (``reciprocal_gen``), the same distribution under two names; here one class under both (named after the wrappers
#: above, which wrap each class once)
reciprocal = loguniform
__all__ += ["reciprocal"]
FUNCTIONS["reciprocal"] = FUNCTIONS["loguniform"]
