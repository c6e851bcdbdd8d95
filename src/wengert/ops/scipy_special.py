"""``scipy.special`` functions and their VJPs (internal; use ``wengert.scipy.special``).

Importing this module imports SciPy and registers the rules; ``import wengert`` does not
import it (SciPy is an optional extra), ``import wengert.scipy`` does, and so does the
first call of a SciPy ufunc on a Var (see ``wengert._dispatch``).

Most of ``scipy.special`` is NumPy ufuncs, which hand a Var to ``__array_ufunc__``: the
rules are keyed by the ufunc, so ``scipy.special.gammaln(v)`` records itself as
``np.exp(v)`` does. Every rule is written with functions that have rules themselves
(``gammaln' = digamma``, ``digamma' = polygamma(1, .)``, ``polygamma(n, .)' =
polygamma(n + 1, .)``, Bessel functions through their recurrences), so derivatives of
every order come by composition.

Orders and most shape parameters (``v`` of ``iv``, ``n`` of ``polygamma``, ``a``, ``b``, ``c``
of ``hyp2f1``) get no gradient: a Var there is refused with
:class:`~wengert.NoGradientRule` naming the argument, never given a silent zero. (``a`` of
``gammainc`` and ``a``, ``b`` of ``betainc`` are differentiated, from their series and
continued fractions, to second order, and so are their inverses.)

Where a derivative is infinite at the end of a domain (``logit`` at 0 and 1, ``erfinv``
at -1 and 1, ``entr`` at 0, ``xlogy`` in ``x`` where ``y = 0``) the rule returns that
infinity without a warning, as SciPy returns infinite values. Where a function is
defined by a convention at a point (``xlogy(0, y) = 0``), the gradient is that of the
convention (``d/dy xlogy(0, y) = 0``, even at ``y = 0``). The exponentially scaled
Bessel functions (``i0e``, ``i1e``, ``ive``) have a kink at ``x = 0`` from their
``exp(-|x|)`` factor; there the rule takes the mean of the two one-sided derivatives
(what a central finite difference gives), and a second derivative there raises
(``_scaled_at_zero``); so do ``ive`` of a complex ``z`` on ``Re z = 0`` and ``jve``, ``yve`` on
``Im z = 0`` (the kinks of ``exp(-|Re z|)`` and ``exp(-|Im z|)``).
"""
import functools
import math
from fractions import Fraction

import numpy as np
import scipy.special as sc

from .._backend import Dual, Var
from ..forward import defjvp, in_transposed_pullback
from ..primitive import staged_rule
from ..errors import NoGradientRule
from ..primitive import OwnPrimitive, Primitive, defvjp, nondifferentiable
from ..structured import is_complex, is_traced, plain_numbers
from ._util import (at_kink, def_partials, dtype_of, flat_beyond, in_jvp, own_function, piecewise, polynomial, times_tangent, unary_rule,
                    unbroadcast, zero_cotangent_adds_nothing_n)
from .elementwise import (ELEMENTARY_RULES, complex_times, dpower_dx, exp_times, log_dd, logistic_times, power_log, sin_cos_pi, two_product, two_sum,
                          with_near_zero)
from .complexnum import refuse_complex
from .scipy_special_extra import exprel_slope
from .scipy_special_more import (FADDEEVA_FAR, dawson_slope_near_axis, erfc_asymptotic_series, faddeeva_slope_far, gaussian_poly,
                                  near_axis_middle)

_SQRT_PI = float(np.sqrt(np.pi))


def _refuse(name, argument, why):
    """A rule for an argument that gets no gradient: it raises when a Var is passed there."""
    def rule(ans, *args, **kwargs):
        raise NoGradientRule(
            f"{name} has no gradient with respect to {argument} ({why}). Pass a constant "
            "there (var.value, or wengert.stop_gradient(var))")
    return rule


def _register(ufunc, *rules, name=None, aliases=(), **declaration):
    """Declare ``rules`` (staged rules, one per argument) for a SciPy ufunc, named in full
    (``name``: its name in SciPy's documentation; ``aliases``: the other names of the ufunc)."""
    name = name or ufunc.__name__
    defvjp(ufunc, *rules, name=f"scipy.special.{name}", names=(f"scipy.special.{name}",), aliases=aliases,
           **declaration)


def _unary(ufunc, rule, uses="ax", name=None, aliases=(), **declaration):
    """``rule(g, ans, x) -> cotangent`` for a SciPy function of one argument."""
    _register(ufunc, unary_rule(ufunc, rule, uses), name=name, aliases=aliases, **declaration)


def _order(ufunc, rule_x, uses="axy", aliases=(), elementwise=False):
    """A function ``f(v, x)`` of an order ``v`` (refused) and ``x`` (``rule_x(g, ans, v, x)``).
    ``elementwise``: the order's refusal a staged rule too, so that forward mode applies
    ``rule_x`` to the tangent (an elementwise JVP, not the transposed pullback)."""
    refuse = _refuse(f"scipy.special.{ufunc.__name__}", "its order (argument 0)", "it is differentiated in x only")
    if elementwise:
        refuse = staged_rule(lambda g, ans, v, x, refuse=refuse: refuse(ans, v, x), 0, "", unbroadcast)
    _register(ufunc, refuse, staged_rule(zero_cotangent_adds_nothing_n(rule_x), 1, uses, unbroadcast), aliases=aliases)


def _quiet(rule):
    """``rule`` run without NumPy's divide/invalid warnings: its infinities are the answer."""
    def quiet(*args):
        with np.errstate(divide="ignore", invalid="ignore"):
            return rule(*args)
    return quiet


# -- gamma, beta and their logarithms ----------------------------------------------------

def _polygamma(n, x):
    # SciPy's polygamma (through zeta) takes real x only: the derivative of digamma at a
    # complex point is not available, and is refused rather than raise a TypeError from zeta.
    refuse_complex("scipy.special.polygamma", x,
                   why="SciPy's polygamma takes real arguments only, so the derivatives of "
                   "scipy.special.digamma (psi) at complex points are not available")
    if type(n) is Var or type(x) is Var:  # Vars of an outer tape: record there
        return polygamma(n, x)
    return _polygamma_reflected(n, x)


def _cot_derivative_terms(n):
    """The coefficients (lowest first, exact integers) of ``P_n(c)`` with ``d^n/dt^n cot(t) = P_n(cot t)``:
    ``P_0 = c``, ``P_(k+1) = -(1 + c^2) P_k'`` (internal, ``_polygamma_reflected``)."""
    p = [0, 1]
    for _ in range(n):
        slope = [i * c for i, c in enumerate(p)][1:] or [0]
        p = [0] * (len(slope) + 2)
        for i, c in enumerate(slope):
            p[i] -= c
            p[i + 2] -= c
    return p


def _polygamma_reflected(n, x):
    """``psi^(n)(x)`` (plain values): SciPy's, but for real x < 0 not an integer and n >= 1 the reflection
    ``(-1)^n psi^(n)(1 - x) - pi^(n+1) P_n(cot(pi r))`` (``_cot_derivative_terms``; r = x - round(x) exact, cot(pi r)
    as tan(pi (1/2 - |r|)) beyond |r| = 1/4: 0 at the half-integers): SciPy's sum of terms of both signs lost
    digits there (polygamma(2, -100.5) 1.6e-11 off, polygamma(4, -20.5) 9.5e-10, polygamma(4, -100.5) 2.4e-8; at
    the half-integers the even orders are (-1)^n psi^(n)(1 - x) alone)."""
    out = sc.polygamma(n, x)
    xs, ns = np.asarray(x, dtype=float), np.asarray(n)
    with np.errstate(invalid="ignore"):
        negative = (xs < 0.0) & (xs != np.round(xs)) & (ns >= 1) & (ns == np.round(ns)) & np.isfinite(xs)
    if not np.any(negative):
        return out
    xs, ns = np.broadcast_arrays(xs, ns)
    out = np.array(np.broadcast_to(out, xs.shape), dtype=float)
    for order in np.unique(ns[negative]):
        here = negative & (ns == order)
        t = xs[here]
        r = t - np.round(t)
        with np.errstate(divide="ignore", over="ignore"):
            c = np.where(np.abs(r) > 0.25, np.sign(r) * np.tan(np.pi * (0.5 - np.abs(r))), 1.0 / np.tan(np.pi * r))
        # (SciPy's value where cot(pi r) is beyond the doubles, at a subnormal r: its +-inf, the truth's; the polynomial
        # of an infinite cot was NaN: polygamma(1, -5e-324) NaN for inf)
        finite = np.isfinite(c)
        k = int(order)
        cot_part = polynomial(np.where(finite, c, 0.0), [float(v) for v in _cot_derivative_terms(k)])
        with np.errstate(over="ignore", invalid="ignore"):
            value = (-1.0) ** k * sc.polygamma(k, 1.0 - t) - math.pi ** (k + 1) * cot_part
        out[here] = np.where(finite, value, out[here])
    return out[()]


polygamma = OwnPrimitive(_polygamma, name="scipy.special.polygamma", names=("scipy.special.polygamma",))
polygamma.__doc__ = """The polygamma function ``psi^(n)(x)``, differentiable in ``x`` (to any order).

    ``scipy.special.polygamma`` is Python code that converts its arguments to arrays, so
    it cannot see a Var: call this one.

    >>> import wengert as wg, wengert.scipy.special as wsp
    >>> round(float(wg.grad_bp(lambda x: wsp.polygamma(1, x), 2.0)), 6)  # psi''(2)
    -0.404114

    .. versionadded:: 0.1
    """


def _vjp_polygamma_x(ans, n, x):
    shape, n_next = np.shape(x), np.add(n, 1)
    return lambda g: unbroadcast(times_tangent(g, polygamma(n_next, x)), shape)


defvjp(polygamma, _refuse("scipy.special.polygamma", "its order n (argument 0)", "an integer"),
       _vjp_polygamma_x)

def _pi_cot_pi(r):
    """``pi cot(pi r)`` for ``-1/2 <= r <= 1/2``: ``pi / tan(pi r)`` up to |r| = 1/4, beyond
    ``pi tan(pi (1/2 - |r|)) sign(r)`` (1/2 - |r| exact): at r = -1/2, pi / tan(-pi/2 rounded)
    was 1.9e-16 where cot is 0 (d/db betaln(1e8, -5e7 - 0.5), 4e-8, was 4.8e-9 off)."""
    far = np.abs(plain_numbers(r)) > 0.25
    return piecewise(r, far, lambda t: np.pi / np.tan(np.pi * t),
                     lambda t: np.pi * np.sign(plain_numbers(t)) * np.tan(np.pi * (0.5 - np.abs(t))), 0.125, 0.375)


def _digamma(x):
    """``digamma(x)`` in a rule (internal): SciPy's, but for real x < 0 the reflection
    ``digamma(1 - x) - pi cot(pi r)`` with ``r = x - round(x)`` (exact): next to a pole
    SciPy's digamma is as far off as its pi x is rounded (38% at -1 + 1e-16, so was gamma'
    there, 6e-7 at -1 + 1e-10). Differentiable again (the rule of each term)."""
    if is_complex(x):
        return sc.digamma(x)
    negative = plain_numbers(x) < 0
    nearest = np.round(np.where(negative, plain_numbers(x), -0.5))
    return piecewise(x, negative, sc.digamma,
                     lambda t: sc.digamma(1.0 - t) - _pi_cot_pi(t - nearest), 1.0, -0.5)


_unary(sc.gammaln, lambda g, ans, x: g * _digamma(x), uses="x")
_unary(sc.gamma, lambda g, ans, x: g * ans * _digamma(x))


def _digamma_value(x):
    """digamma(x): SciPy's, but for real x < 0 within 1/4 of a pole (not at it) the reflection
    ``digamma(1 - x) - pi cot(pi r)``, ``r = x - round(x)`` exact (:func:`_digamma`'s form, in float64). SciPy reduces
    x by its integer part towards 0 (``modf``), so right of a pole, where that part is -(1 - eps), ``tan(pi r)`` carries
    pi r's rounding over eps: 1e-7 relative off at -0.999999999, 9e-4 at -1 + 1e-13, 5% at -2 + 1e-15 (mpmath); left
    of a pole and elsewhere SciPy's is within a few ulps (its own series about the root -0.504 kept).

    >>> float(_digamma_value(-0.999999999)), float(sc.digamma(-0.999999999))
    (-1000000027.8591479, -999999925.5427426)
    """
    if is_complex(x):
        return sc.digamma(x)
    out = np.asarray(sc.digamma(x))
    t = np.asarray(x, dtype=float)
    with np.errstate(all="ignore"):
        r = t - np.round(t)
        use = (t < 0) & (np.abs(r) < 0.25) & (r != 0)
        if not np.any(use):
            return out[()]
        near = np.where(use, sc.digamma(1.0 - t) - _pi_cot_pi(np.where(use, r, 0.25)), 0.0)
    return np.where(use, near, out).astype(out.dtype, copy=False)[()]


def _own_values(ufunc, value, name, doc):
    """The function a namespace binds for a SciPy ufunc whose value wengert computes itself (internal): ``value`` on
    plain numbers, the ufunc (recorded on the tape, its ``impl`` the same ``value``) on a Var or with ufunc keywords."""
    def function(*args, **kwargs):
        if kwargs or any(is_traced(a) for a in args):
            return ufunc(*args, **kwargs)
        return value(*args)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    return function


digamma = _own_values(sc.digamma, _digamma_value, "digamma", """scipy.special.digamma(x) (psi): SciPy's, but right of a negative pole within an ulp where SciPy's is
off (1e-7 relative at -0.999999999; see wengert.ops.scipy_special._digamma_value), differentiable.

    >>> import wengert.scipy.special as wsp
    >>> float(wsp.digamma(-0.999999999))
    -1000000027.8591479
""")
_unary(sc.digamma, lambda g, ans, x: g * polygamma(1, x), uses="x", name="digamma", aliases=("psi",),
       impl=_digamma_value, reenters="any", exposed=digamma)


#: The Bernoulli numbers B_2k, k = 1..10, exact (internal): the one table of the coefficients
#: of Stirling's series for gammaln and its asymptotic series for digamma (here and in
#: wengert.scipy.stats); each use rounds its coefficients from it once.
BERNOULLI_2K = tuple(Fraction(n, d) for n, d in (
    (1, 6), (-1, 30), (1, 42), (-1, 30), (5, 66), (-691, 2730), (7, 6), (-3617, 510), (43867, 798),
    (-174611, 330)))

#: B_2k / (2k), k = 1..10 (internal): the asymptotic series of digamma, psi(x) ~ log x - 1/(2x) -
#: sum_k B_2k / (2k x^2k). From x = 10 on the first omitted term is below 1e-18 of the sum.
DIGAMMA_SERIES = tuple(float(b / (2 * k)) for k, b in enumerate(BERNOULLI_2K, 1))


def _dlogbeta_large(a, b):
    """``digamma(a) - digamma(a + b)`` for a, a + b >= 10, from the asymptotic series term
    by term: ``-log1p(b/a) - b/(2 a (a + b)) - sum_k B_2k/(2k) a^-2k (1 - (a/(a+b))^2k)``,
    each term without cancellation (the difference of the two digammas loses as many digits
    as a / b is large: 6e-7 relative at a = 1e8, b = 0.5, and 0 for -8.9e-31 at a = 1e20)."""
    # log((a + b) / a): log1p near b = 0, the ratio's log where b nears -a (a + b is exact
    # there, 1 + b / a is not: 2.3e-14 off at a = 1e5, a + b = 10.5)
    ratio = b / a
    near = np.abs(plain_numbers(ratio)) < 0.5
    log_ratio = np.where(near, np.log1p(np.where(near, ratio, 0.0)),
                         np.log(np.where(near, 1.0, (a + b) / a)))
    inverse = 1.0 / a
    r = inverse * inverse  # not 1 / a^2: a^2 overflows from a = 1.3e154 on
    out = 0.0 * a
    power = 1.0 + 0.0 * a
    for k, c in enumerate(DIGAMMA_SERIES, start=1):
        power = power * r
        out = out + c * power * -np.expm1(-2.0 * k * log_ratio)
    return -log_ratio - 0.5 * (b * inverse) / (a + b) - out


def _dtrigamma(a, b, total=None):
    """``trigamma(a) - trigamma(a + b)`` for a > 0, a + b > 0 (plain; ``total``: a + b, where the caller has it more
    exactly than a + b rounded, as (a' + 1) + (b' - 1) is not): d/da of :func:`_dlogbeta`. Where a and a + b are both
    >= 10 term by term from the asymptotic series ``1/x + 1/(2 x^2) + sum_k B_2k x^-(2k+1)``, ``x^-m - (x + b)^-m =
    x^-m (-expm1(-m log1p(b / x)))``; where |b| <= a / 2 the same at a + 10, plus ``sum_j (1 / (a + j)^2 - 1 / (a + b +
    j)^2)`` as products of one sign; elsewhere the difference, which does not cancel there. The difference of SciPy's
    two trigammas lost as many digits as a / b is large: 1.9e-13 relative at (1001, 1), which d2/da2 betainc(1000, 2,
    0.999), a small difference of its own, made 1.4e-10."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    end = a + b if total is None else np.broadcast_to(np.asarray(total, dtype=float), a.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        large = (a >= 10.0) & (end >= 10.0) & np.isfinite(a) & np.isfinite(b)
        shifted = ~large & (a > 0.0) & (np.abs(b) <= 0.5 * a)
        out = sc.polygamma(1, a) - sc.polygamma(1, end)
    if not np.any(large | shifted):
        return out[()]
    base = np.where(large, a, np.where(shifted, a + 10.0, 10.0))
    top = np.where(large, end, np.where(shifted, end + 10.0, 11.0))  # base + b
    step = np.where(large | shifted, b, 1.0)
    ratio = step / base
    near = np.abs(ratio) < 0.5
    log_ratio = np.where(near, np.log1p(np.where(near, ratio, 0.0)), np.log(np.where(near, 1.0, top / base)))
    inverse = 1.0 / base
    r = inverse * inverse
    series = ratio / top + 0.5 * r * -np.expm1(-2.0 * log_ratio)
    power = inverse
    for k, c in enumerate(BERNOULLI_2K, start=1):
        power = power * r
        series = series + float(c) * power * -np.expm1(-(2.0 * k + 1.0) * log_ratio)
    for j in range(9, -1, -1):  # (1 / (a + j) - 1 / (a + b + j)) (1 / (a + j) + 1 / (a + b + j)), where shifted
        u, v = np.where(shifted, a + j, 1.0), np.where(shifted, end + j, 1.0)
        series = series + np.where(shifted, (step / u / v) * (1.0 / u + 1.0 / v), 0.0)
    return np.where(large | shifted, series, out)[()]


def _dlogbeta_shifted(a, b):
    """``digamma(a) - digamma(a + b)`` for a > 0 and |b| <= a / 2, through digamma(x + 1) =
    digamma(x) + 1/x ten times: ``_dlogbeta_large(a + 10, b) - sum_j b / ((a + j)(a + b + j))``,
    every term of the sign of -b (no cancellation; the difference of the two digammas
    loses as many digits as a / b is large: 1.7e-12 at a = 9.9999999, b = 1e-3)."""
    out = _dlogbeta_large(a + 10.0, b)
    for j in range(9, -1, -1):
        out = out - (b / (a + b + j)) / (a + j)
    return out


def _dlogbeta_direct(a, b):
    return _digamma(a) - _digamma(a + b)


def _dlogbeta_reflected(a, b):
    """``digamma(a) - digamma(a + b)`` for a <= -9 (not an integer) and a + b >= 10:
    digamma(a) = digamma(1 - a) - pi cot(pi a), and digamma(1 - a) - digamma(a + b) =
    ``_dlogbeta_large(1 - a, 2a + b - 1)`` term by term (2a + b - 1 is exact where it is small
    next to b), without the difference of the two digammas.""" 
    nearest = np.round(plain_numbers(a))
    return _dlogbeta_large(1.0 - a, 2.0 * a + b - 1.0) - _pi_cot_pi(a - nearest)


def _no_slope_plain(t, here):
    return np.zeros_like(np.asarray(t, dtype=float))


def _times_missing(g, here, partial):
    """``g * partial``, NaN where ``here`` (no derivative there) but 0 where a plain ``g`` is 0
    (internal): a cotangent or direction that leaves the argument where it is asks nothing of
    the missing partial. As ``g * NaN`` the Hessian of betaln(a, b) at (-3, 3) had d2/da2 NaN
    (truth 49/36): d/db, which does not exist, reached it with a zero cotangent (reverse) or its
    derivative in b with a zero tangent (forward). A traced ``g`` keeps the plain product."""
    if type(g) in (Var, Dual):
        return g * np.where(here, np.nan, partial)
    asked = here & (np.asarray(plain_numbers(g)) != 0)
    return g * np.where(here, 0.0, partial) + np.where(asked, np.nan, 0.0)


#: 0 with a NaN derivative where ``here`` (internal): the term in b of ``_dlogbeta_finite_sum``
#: where a is a pole of digamma. There betaln(a, b) is finite at the integer b alone (infinite at
#: every b beside it), so it has no derivative in b, nor has digamma(a) - digamma(a + b). (0, not
#: NaN, elsewhere: np.where's 0 cotangent times NaN would be NaN.)
_no_slope = OwnPrimitive(_no_slope_plain, name="scipy.special.betaln_no_slope", reenters="first")
defvjp(_no_slope, lambda ans, t, here: lambda g: unbroadcast(_times_missing(g, here, 0.0), np.shape(t)), None)
defjvp(_no_slope, lambda ans, primals, tangents: _times_missing(tangents[0], primals[1], 0.0) + 0.0 * ans)


def _no_derivative_plain(x, a, b, here):
    return np.where(here, np.nan, x)


#: ``x``, but NaN where ``here`` with NaN derivatives in a and b there (internal): d/da betaln(a, b)
#: where it does not exist (``x`` a placeholder there), so that its derivatives are NaN in every
#: direction that moves a or b, and 0 in none (``_times_missing``).
_no_derivative = OwnPrimitive(_no_derivative_plain, name="scipy.special.betaln_no_derivative", reenters="any")
defvjp(_no_derivative, lambda ans, x, a, b, here: lambda g: unbroadcast(g * np.where(here, 0.0, 1.0), np.shape(x)),
       lambda ans, x, a, b, here: lambda g: unbroadcast(_times_missing(g, here, 0.0), np.shape(a)),
       lambda ans, x, a, b, here: lambda g: unbroadcast(_times_missing(g, here, 0.0), np.shape(b)), None)


def _no_derivative_jvp(ans, primals, tangents):
    x, a, b, here = primals
    out = 0.0 * ans if tangents[0] is None else tangents[0] * np.where(here, 0.0, 1.0)
    for t in tangents[1:3]:
        if t is not None:
            out = out + _times_missing(t, here, 0.0)
    return out


defjvp(_no_derivative, _no_derivative_jvp)

#: The largest integer b for which ``_dlogbeta`` sums ``1 / (a + j)``, j < b (internal).
_FINITE_SUM_TERMS = 64


def _dlogbeta_finite_sum(a, b):
    """``digamma(a) - digamma(a + b)`` for a < 0 and b a positive integer n (at most
    ``_FINITE_SUM_TERMS``) with a + n < 1: ``-sum_{j<n} 1/(a + j)``, terms of one sign. Finite
    where a is a negative integer with a + n <= 0, where both digammas have a pole (d/da
    betaln(-3, 3) was NaN, truth 11/6), and without their cancellation elsewhere (trigamma(-2.9)
    - trigamma(0.1) was 1.2e-15 off). Its
    derivative in b is that of ``digamma(a + n) - digamma(a + b)``, 0 in value (b == n), and NaN
    where a + n is a pole."""
    pa, n = np.asarray(plain_numbers(a)), np.asarray(plain_numbers(b))
    out = 0.0 * a
    for j in range(int(np.max(n))):
        out = out - np.where(j < n, 1.0, 0.0) / (a + np.where(j < n, float(j), 1.0 - pa))
    pole = pa == np.floor(pa)
    if not np.any(pole):
        return out + (_digamma(a + n) - _digamma(a + b))
    # a + 0.5 in both digammas where a is a pole: 0 there too, and their derivatives finite
    return out + _no_slope(b - n, pole) + np.where(
        pole, 0.0, _digamma(a + np.where(pole, 0.5, n)) - _digamma(a + np.where(pole, 0.5, b)))


def _sum_and_error(x, y):
    """``x + y`` rounded, its rounding error (two-sum: ``x + y = total + error`` exactly) and the
    integer nearest to it (plain values)."""
    px, py = np.asarray(plain_numbers(x), dtype=float), np.asarray(plain_numbers(y), dtype=float)
    total = px + py
    back = total - px
    return total, (px - (total - back)) + (py - back), np.round(total)


def _sin_pi_sum(x, y):
    """``sin(pi (x + y))`` of the exact sum (Var-aware), reduced exactly (``elementwise.sin_cos_pi``)."""
    total, error, _ = _sum_and_error(x, y)
    return sin_cos_pi(x + y, total, error)[0]


def _pi_cot_sum_plain(a, b):
    total, error, n = _sum_and_error(a, b)
    return _pi_cot_pi((total - n) + error)


#: ``pi cot(pi (a + b))`` of the exact sum (internal): one primitive whose partials in a and b are
#: the one ``-pi^2 / sin^2(pi (a + b))``, so that d2/da db betaln from d/da and from d/db agree.
_pi_cot_sum = OwnPrimitive(_pi_cot_sum_plain, name="scipy.special.betaln_cot_sum", reenters="any")
def_partials(_pi_cot_sum, lambda a, b: -(np.pi / _sin_pi_sum(a, b)) ** 2,
             lambda a, b: -(np.pi / _sin_pi_sum(a, b)) ** 2)


def _cot_difference_plain(a, b):
    total, error, _ = _sum_and_error(a, b)
    pa, pb = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return -np.pi * sin_cos_pi(pb, pb)[0] / sin_cos_pi(pa, pa)[0] / sin_cos_pi(total, total, error)[0]


#: ``pi cot(pi (a + b)) - pi cot(pi a)`` as ``-pi sin(pi b) / (sin(pi a) sin(pi (a + b)))`` (internal,
#: a + b exact), one primitive with closed-form partials: in b ``-pi^2 / sin^2(pi (a + b))``, in a
#: ``pi^2 sin(pi b) sin(pi (2a + b)) / (sin^2(pi a) sin^2(pi (a + b)))``. Differentiated as the
#: quotient, d/db took two terms of size 1/sin(pi a) that cancel: d2/da db betaln(-3.0000001, 3.4)
#: was 2.7e-10 off (and beside d/db's own form the Hessian was not symmetric).
_cot_difference = OwnPrimitive(_cot_difference_plain, name="scipy.special.betaln_cot_difference",
                               reenters="any")
def_partials(_cot_difference,
             lambda a, b: (np.pi * np.pi * sin_cos_pi(b, plain_numbers(b))[0] * _sin_pi_sum(2.0 * a, b)
                           / (sin_cos_pi(a, plain_numbers(a))[0] ** 2 * _sin_pi_sum(a, b) ** 2)),
             lambda a, b: -(np.pi / _sin_pi_sum(a, b)) ** 2)


def _dlogbeta_sum_reflected(a, b):
    """``digamma(a) - digamma(a + b)`` for a > 0 and a + b < 0 (not an integer): digamma(a + b)
    reflected, ``digamma(a) - digamma(1 - a - b) + pi cot(pi (a + b))`` with a + b exact
    (``_pi_cot_sum``), as d/da of ``_dlogbeta_both_reflected`` in the other argument: as the
    difference of SciPy's digammas, of a + b rounded, d/db betaln(-2.5, 0.5 + 1e-12) was 1.1e-4 off
    and d/db betaln(-65.0001, 1 + 1e-12) 5.3e-11 (the Hessian not symmetric)."""
    return _digamma(a) - _digamma(1.0 - a - b) + _pi_cot_sum(a, b)


def _dlogbeta_both_reflected(a, b):
    """``digamma(a) - digamma(a + b)`` for a < 0 and a + b < 1/2, both reflected:
    ``digamma(1 - a) - digamma(1 - a - b)`` (``_dlogbeta(1 - a, -b)``, arguments 1 and 1/2 and
    above) ``+ pi cot(pi (a + b)) - pi cot(pi a)``, the latter ``_cot_difference`` (each sine
    reduced exactly, a + b with the error of its rounding, partials in closed form). Where a and a + b are near poles the two digammas cancel: d/da betaln(-65 + 1 ulp,
    65) was 1.3e-3 off and d2/da2 at -65 - 1e-8 1.98 (truth 1.63); with a + b rounded,
    d2/da2 betaln(-65.0001, 1 + 1e-12) was 5e-3 off. Where a is a pole and b an integer (B(a, b)
    finite), the cotangents' difference is 0 for every a (``_no_slope`` in b)."""
    pa, pb = np.asarray(plain_numbers(a), dtype=float), np.asarray(plain_numbers(b), dtype=float)
    na, nb = np.round(pa), np.round(pb)
    pole = (pa == na) & (pb == nb) & (pb > 0.0)
    out = _dlogbeta(1.0 - a, -b)
    if np.all(pole):
        return out + _no_slope(b - nb, pole)
    with np.errstate(divide="ignore", invalid="ignore"):  # a pole of a alone: B(a, b) infinite
        safe_a, safe_b = np.where(pole, -0.5, a), np.where(pole, 0.25, b)
        cot = _cot_difference(safe_a, safe_b)
    if np.any(pole):
        cot = np.where(pole, 0.0, cot) + _no_slope(b - nb, pole)
    return out + cot


def _dlogbeta(a, b, missing=True):
    """``digamma(a) - digamma(a + b)``: d/da betaln(a, b). For real a, b: where a and
    a + b are both >= 10 term by term from the asymptotic series (``_dlogbeta_large``),
    where a > 0 and |b| <= a / 2 through the recurrence (``_dlogbeta_shifted``), where
    a <= -9 and a + b >= 10 through the reflection (``_dlogbeta_reflected``), for a < 0 and a
    small positive integer b with a + b < 1 as a finite sum (``_dlogbeta_finite_sum``), elsewhere
    (and for complex a, b) the difference of ``_digamma``, where the two do not cancel.
    NaN at every order where a is a positive integer and b a non-positive one with a + b <= 0:
    betaln(a, b) is finite there and infinite at every a beside it (d/da betaln(3, -3) was inf).
    Differentiable again (the rule of each term). ``missing=False``: 0 there instead, for the
    caller to mark (``_dbetaln``)."""
    if is_complex(a) or is_complex(b):
        return _dlogbeta_direct(a, b)
    pa, pb = np.asarray(plain_numbers(a)), np.asarray(plain_numbers(b))
    with np.errstate(invalid="ignore"):
        # a a positive integer, b a non-positive one, a + b <= 0: digamma(a + b) has a pole and
        # betaln(a, b) is finite there alone (infinite at every a beside it)
        isolated = (pa >= 1.0) & (pa == np.floor(pa)) & (pb == np.floor(pb)) & (pa + pb <= 0.0)
        large = (pa >= 10.0) & (pa + pb >= 10.0)
        shifted = np.logical_not(large) & (pa > 0.0) & (np.abs(pb) <= 0.5 * pa)
        reflected = (pa <= -9.0) & (pa != np.floor(pa)) & (pa + pb >= 10.0)
        # a + b < 1: every a + j is negative, the sum does not cancel (at (-10.5, 20) it lost
        # 2.6e-15); a + b <= 0 where a is a pole: elsewhere betaln is infinite there
        summed = (np.logical_not(large | shifted | reflected) & (pa < 0.0) & (pb >= 1.0)
                  & (pb <= _FINITE_SUM_TERMS) & (pb == np.floor(pb)) & (pa + pb < 1.0)
                  & ((pa != np.floor(pa)) | (pa + pb <= 0.0)))
        # near a pole of each digamma they cancel (a + b < 1/2 keeps 1 - a - b from 0)
        both = np.logical_not(summed) & (pa < 0.0) & (pa + pb < 0.5)
        # the same reflection of digamma(a + b) where a > 0 (d/db of betaln(b, a) beside both)
        sum_reflected = (pa > 0.0) & (pa + pb < 0.0) & (pa + pb != np.floor(pa + pb))
    forms = ((large, _dlogbeta_large, 10.0, 0.0), (shifted, _dlogbeta_shifted, 1.0, 0.0),
             (reflected, _dlogbeta_reflected, -9.5, 20.0), (summed, _dlogbeta_finite_sum, -0.5, 1.0),
             (both, _dlogbeta_both_reflected, -0.5, 0.25), (sum_reflected, _dlogbeta_sum_reflected, 1.5, -2.25),
             (isolated, lambda a, b: 0.0 * (a + b), 1.0, 1.0),  # NaN below (no digamma at its pole)
             (np.logical_not(large | shifted | reflected | summed | both | sum_reflected | isolated),
              _dlogbeta_direct, 1.0, 1.0))
    result = None
    for here, form, safe_a, safe_b in forms:
        if np.all(here):
            result = form(a, b)
            break
        if np.any(here):  # each form only on its own points, the others at safe ones
            value = form(np.where(here, a, safe_a), np.where(here, b, safe_b))
            result = value if result is None else np.where(here, value, result)
    # NaN with NaN derivatives in a and b (not np.where: the derivatives of a NaN are NaN too)
    return _no_derivative(result, a, b, isolated) if missing and np.any(isolated) else result


def _dbetaln(a, b, factor, scale=1.0):
    """``factor`` times d/da betaln(a, b) (``_dlogbeta``; ``factor``: the cotangent or tangent,
    times beta's value for beta), NaN at every order where b is a non-positive integer: there
    B(a, b) is infinite at every a but isolated integers (d/da betaln(-2.5, 0) was 0, and d/da
    betaln(-2.5, -2) finite, where betaln is inf). 0, not NaN, where a plain factor is 0 (forward
    mode's tangent of an argument that does not move: the derivative in a of betaln(a, b) at
    (-3, 3) was NaN in jvp, from d/db's NaN times b's zero tangent), and the factor inside
    ``_no_derivative`` (a NaN times beta's value sent NaN to a through the value's cotangent: 0
    in a Hessian's row of d/da, where d2/da2 beta(a, b) at (-3, 3) was NaN, truth -1.5741). ``scale``:
    beta's value, apart from ``factor`` so that a plain zero factor is seen as one where the value is
    traced (forward over forward: the zero tangent times beta's Dual value was a Dual, NaN there)."""
    if is_complex(a) or is_complex(b):
        return factor * scale * _dlogbeta(a, b)
    out = factor * scale * _dlogbeta(a, b, missing=False)
    pb = np.asarray(plain_numbers(b))
    nowhere = np.broadcast_to((pb <= 0.0) & (pb == np.floor(pb)), np.shape(out))
    if type(factor) not in (Var, Dual):
        nowhere = nowhere & (np.asarray(factor) != 0)
    if not np.any(nowhere):
        return out
    return _no_derivative(np.where(nowhere, 0.0, out), a, b, nowhere)


#: SciPy's beta and betaln take lgamma(a) + lgamma(b) - lgamma(a + b) from a + b = 171.62 on (cephes' MAXGAM, where
#: gamma overflows), which keeps those logarithms' rounding: beta(1e5, 2) 2.9e-11 relative off, beta(7.9e6, 9.4)
#: 1.4e-8; betaln(1e5, 2) 1.3e-12, betaln(7.9e6, 9.4) 1e-10 (mpmath). There :func:`log_beta_exact` (term by term).
_LGAMMA_SUM = 171.62


def _beta_from_logs(a, b, exponentiate):
    """SciPy's beta (``exponentiate``) or betaln at a, b > 0 with a + b <= :data:`_LGAMMA_SUM`, log_beta_exact's (its
    exp) above (plain, in float64, the result in SciPy's dtype): within 2e-13 of mpmath at 1,400 points from (0.001,
    171) to (1e7, 1e7), mostly |betaln| ulps (exp's condition), where SciPy's was 1.7e-8 off.

    >>> float(_beta_from_logs(1e5, 2.0, True)), float(sc.beta(1e5, 2.0))
    (9.999900001000001e-11, 9.999900001287911e-11)
    """
    out = np.asarray(sc.beta(a, b) if exponentiate else sc.betaln(a, b))
    pa, pb = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    with np.errstate(invalid="ignore"):
        use = (pa > 0.0) & (pb > 0.0) & (pa + pb > _LGAMMA_SUM) & np.isfinite(pa) & np.isfinite(pb)
    if not np.any(use):
        return out[()]
    with np.errstate(under="ignore"):
        logs = log_beta_exact(np.where(use, pa, 100.0), np.where(use, pb, 100.0))
        mine = np.exp(logs) if exponentiate else logs
    return np.where(use, mine, out).astype(out.dtype, copy=False)[()]


def _beta_value(a, b):
    return _beta_from_logs(a, b, True)


def _betaln_value(a, b):
    return _beta_from_logs(a, b, False)


betaln = _own_values(sc.betaln, _betaln_value, "betaln", """scipy.special.betaln(a, b): SciPy's, but from a + b =
171.62 on term by term (SciPy's kept lgamma's rounding: 1e-10 relative off at (7.9e6, 9.4); see
wengert.ops.scipy_special._beta_from_logs), differentiable.

    >>> import wengert.scipy.special as wsp
    >>> float(wsp.betaln(1e5, 2.0))
    -23.025860929890456
""")
_register(sc.betaln,
          staged_rule(zero_cotangent_adds_nothing_n(lambda g, ans, a, b: _dbetaln(a, b, g)), 0, "xy", unbroadcast),
          staged_rule(zero_cotangent_adds_nothing_n(lambda g, ans, a, b: _dbetaln(b, a, g)), 1, "xy", unbroadcast),
          impl=_betaln_value, reenters="any", exposed=betaln)


def _log_abs_gamma(x):
    """``gammaln(x)`` (Var-aware, real x not a pole): below 0 the reflection ``log(pi) - log|sin(pi r)| -
    gammaln(1 - x)``, ``r = x - round(x)`` (exact): beside a pole SciPy's is as far off as its pi x is rounded
    (0.7% at -65 - 1e-12: beta's derivatives there 25% off)."""
    negative = np.asarray(plain_numbers(x)) < 0
    nearest = np.round(np.where(negative, plain_numbers(x), -0.5))
    side = np.sign(np.sin(np.pi * (np.where(negative, plain_numbers(x), -0.5) - nearest)))
    return piecewise(x, negative, sc.gammaln, lambda t: math.log(math.pi) - np.log(side * np.sin(np.pi * (
        t - nearest))) - sc.gammaln(1.0 - t), 1.0, -0.5)


def _dbeta_reflected(a, b):
    """d/da beta(a, b) for a + b < 0 (a, b and a + b not integers) from ``B = sin(pi s) / pi G``,
    ``s = a + b``, ``G = gamma(a) gamma(b) gamma(1 - s)`` (gamma(s) reflected): ``G (cos(pi s) + sin(pi
    s) / pi (digamma(a) - digamma(1 - s)))``, each factor smooth at the poles of gamma(s), sin(pi s) of
    the exact sum. As ``B (digamma(a) - digamma(s))`` its derivative in b took ``B L_a L_b`` and ``B L_ab``,
    each about 1 / (s + n)^2 times B, which cancel to about 1 / (s + n) times it: d2/da db beta(-2.5,
    0.5 + 1e-12) was 1.3e-4 off (and B, SciPy's, 1.1e-4 off there)."""
    one_minus = 1.0 - a - b
    sign = sc.gammasgn(plain_numbers(a)) * sc.gammasgn(plain_numbers(b)) * sc.gammasgn(plain_numbers(one_minus))
    g = sign * np.exp(_log_abs_gamma(a) + _log_abs_gamma(b) + sc.gammaln(one_minus))
    return g * (np.cos(np.pi * (a + b)) + _sin_pi_sum(a, b) / np.pi * (_digamma(a) - _digamma(one_minus)))


#: The most terms of the series in t of ``(gammaln(s + t) - gammaln(s)) / t`` (internal, ``_beta_tiny``):
#: for ``|t| <= s / 100`` the tenth is below 1e-18 of the sum.
_BETA_TINY_TERMS = 10
#: ``psi^(k)(1)`` (internal): the coefficients of that series at s = 1, ``gammaln(1 + t) / t``.
_POLYGAMMA_AT_ONE = [float(sc.polygamma(k, 1.0)) for k in range(_BETA_TINY_TERMS + 1)]


def _beta_tiny_terms(ratio):
    """The terms ``_beta_tiny`` sums where ``|t| / min(s, 1) <= ratio`` (internal): the last below 1e-18 of
    the sum, and four at least (its derivatives in t to third order see the fourth)."""
    return int(min(_BETA_TINY_TERMS, max(4, 2 + math.ceil(18.0 / -math.log10(max(ratio, 1e-300))))))


def _lgamma_difference_quotient(t, s, terms, shift=0, slope=False):
    """``sum_(n >= 1) t^(n-1) / n! psi^(n-1+shift)(s)`` (internal, Var-aware, |t| <= s / 100), ``terms``
    terms: for shift 0 ``(gammaln(s + t) - gammaln(s)) / t``, shift 1 its derivative in s; ``slope``: its
    derivative in t. Horner's scheme, the coefficients polygamma's (s = 1: the plain table)."""
    def coefficient(k):
        return _POLYGAMMA_AT_ONE[k] if s is None else polygamma(k, s)
    out = None
    for n in range(terms, 1 if slope else 0, -1):
        term = coefficient(n - 1 + shift) * ((n - 1) if slope else 1) / math.factorial(n)
        out = term if out is None else term + out * t
    return out


def _beta_tiny(t, s, which):
    """d/dt (``which`` "t") or d/ds ("s") of B(t, s) where t is tiny beside s (internal, ``_dbeta``):
    ``B = e^x / t``, ``x = t M``, ``M = (gammaln(1 + t) + gammaln(s) - gammaln(s + t)) / t`` by its
    series in t. So ``B = 1/t + K``, ``K = (e^x - 1) / t``, with ``d/dt B = -1/t^2 + e^x M_t + M^2
    exprel'(x)`` and ``d/ds B = -e^x Q``, ``Q = (psi(s + t) - psi(s)) / t``: the pole 1/t apart, every
    other term smooth in t. As ``B (psi(t) - psi(t + s))`` the derivatives of each factor carry the pole
    and cancel: d2/da db beta(1e-300, 1) was -5.9e284, truth zeta(3) = 1.202, and the Hessian of
    beta(1e-8, 2) not symmetric (2.6e-8 apart)."""
    pt, ps = np.abs(plain_numbers(t)), plain_numbers(s)
    n = _beta_tiny_terms(float(np.max(pt / np.minimum(ps, 1.0))))
    m = _lgamma_difference_quotient(t, None, n) - _lgamma_difference_quotient(t, s, n)
    e = np.exp(t * m)
    if which == "s":
        return -e * _lgamma_difference_quotient(t, s, n, shift=1)
    m_t = _lgamma_difference_quotient(t, None, n, slope=True) - _lgamma_difference_quotient(t, s, n, slope=True)
    with np.errstate(over="ignore", divide="ignore"):
        return e * m_t + m * m * exprel_slope(t * m) - 1.0 / (t * t)


def _tiny_beside(t, s):
    """Where ``_beta_tiny`` takes B(t, s) (internal, plain values): 0 < |t| <= s / 100 and 1/100 (its
    series' ten terms), s >= 1e-20 (its tenth polygamma finite) and |t (psi(1) - psi(s))| <= 1 (1/t
    and K of one size at most: beyond, 1/t + K cancels, at (0.01, 1e300) 100 - 99.9)."""
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        x = np.abs(t * (sc.digamma(1.0) - sc.digamma(np.where(s > 0.0, s, 1.0))))
        return (t != 0.0) & (np.abs(t) <= 0.01 * np.minimum(s, 1.0)) & (s >= 1e-20) & (x <= 1.0)


#: Where ``_small_shapes_slope`` takes d/da B: ``|a| + |b|`` at most this (beyond, the digamma form's
#: second derivatives are within 1e-13: 6e-14 at (0.02, 0.2); 1.1e-12 at (0.01, 0.12), inside).
_SMALL_SHAPES = 0.2
#: The most terms (k, the degree of gammaln's series) of ``_small_shapes_slope``'s S: at ``|a| + |b| =
#: 0.2`` the first omitted's share of S's second derivatives, about ``k^3 0.2^(k - 2)``, is below 1e-17.
_SMALL_SHAPES_TERMS = 36


def _small_shapes_table(kmax):
    """The coefficients of ``S(s, p) = (gammaln(1 + a) + gammaln(1 + b) - gammaln(1 + a + b)) / (a b)`` in
    ``s = a + b`` and ``p = a b`` (internal, ``_small_shapes_slope``): ``out[j][i]`` of ``s^i p^j``, from
    ``gammaln(1 + z) = -gamma z + sum_(k >= 2) (-1)^k zeta(k) z^k / k`` (the gamma terms cancel) and
    ``Q_k = (s^k - a^k - b^k) / (a b)`` by Newton's identities (``P_k = a^k + b^k = s P_(k-1) - p
    P_(k-2)``, ``Q_k = s Q_(k-1) + P_(k-2)``; exact integers)."""
    powers = [{(0, 0): 2}, {(1, 0): 1}]  # P_0, P_1 as {(i, j): coefficient of s^i p^j}
    q = {}  # Q_1 = 0
    out = [[0.0] * (kmax - 1 - 2 * j) for j in range((kmax - 2) // 2 + 1)]
    for k in range(2, kmax + 1):
        q_next = {(i + 1, j): c for (i, j), c in q.items()}
        for key, c in powers[k - 2].items():
            q_next[key] = q_next.get(key, 0) + c
        q = q_next
        p_next = {(i + 1, j): c for (i, j), c in powers[k - 1].items()}
        for (i, j), c in powers[k - 2].items():
            p_next[(i, j + 1)] = p_next.get((i, j + 1), 0) - c
        powers.append(p_next)
        for (i, j), c in q.items():
            out[j][i] = (-1.0) ** (k + 1) * float(sc.zeta(k)) / k * c
    return out


_SMALL_SHAPES_COEFFICIENTS = _small_shapes_table(_SMALL_SHAPES_TERMS)


def _small_shapes_slope(a, b):
    """d/da B(a, b) where both shapes are small (internal, ``_dbeta``; nonzero, within ``_SMALL_SHAPES``
    of 0): ``B = (1/a + 1/b) e^L``, ``L = gammaln(1 + a) + gammaln(1 + b) - gammaln(1 + a + b) = p S``,
    so ``B = 1/a + 1/b + R``, ``R = s S exprel(p S)`` (s = a + b, p = a b, S(s, p) by its series, smooth
    at 0: ``S(0, 0) = -zeta(2)``), and ``d/da B = -1/a^2 + d/da R``: the pole alone, the rest smooth in
    both shapes to every order. As ``B (psi(a) - psi(a + b))`` both factors carry the poles and their
    derivatives cancel: d2/da db beta(1e-20, 1e-18) was 0 and -1.7e38 (the Hessian's two entries), truth
    2 zeta(3); the one-tiny-shape series of ``_beta_tiny`` lost eps / b^3 there."""
    m = float(np.max(np.abs(plain_numbers(a)) + np.abs(plain_numbers(b))))
    # the first omitted term's share of S's second derivatives, about k^3 m^(k - 2), below 1e-17 (S about 1);
    # six at least (third derivatives)
    terms = 6
    while terms < _SMALL_SHAPES_TERMS and (terms + 1) ** 3 * m ** (terms - 1) >= 1e-17:
        terms += 1
    s, p = a + b, a * b
    rows = [row[:terms - 1 - 2 * j] for j, row in enumerate(_SMALL_SHAPES_COEFFICIENTS[:(terms - 2) // 2 + 1])]
    in_s = [polynomial(s, row) for row in rows]
    big_s = polynomial(p, in_s)
    big_s_s = polynomial(p, [polynomial(s, [i * c for i, c in enumerate(row)][1:] or [0.0]) for row in rows])
    big_s_p = polynomial(p, [j * v for j, v in enumerate(in_s)][1:])
    x = p * big_s
    with np.errstate(over="ignore", divide="ignore"):
        return (sc.exprel(x) * (big_s + s * (big_s_s + b * big_s_p))
                + s * big_s * exprel_slope(x) * (p * big_s_s + b * (big_s + p * big_s_p)) - 1.0 / (a * a))


def _small_shapes(pa, pb):
    """Where ``_small_shapes_slope`` takes d/da B (internal, plain values): both shapes nonzero, ``|a| + |b|``
    at most ``_SMALL_SHAPES``."""
    return (pa != 0.0) & (pb != 0.0) & (np.abs(pa) + np.abs(pb) <= _SMALL_SHAPES)


def _dbeta(a, b, g, ans):
    """``g`` times d/da beta(a, b): ``_dbeta_reflected`` within 1/4 of a pole of gamma(a + b) (a + b
    <= 0, or below 1/4 with a or b negative; a and b not integers, each within 1e3 of 0, a negative one 1.5 times as far from its own pole as the
    sum from its), ``_dbetaln`` times beta's value elsewhere (there, with a shape 0.1 from its own pole or beyond
    100, beta's value, SciPy's, and the digamma difference lost up to 7.8e-5 of the derivatives: (-2.0001, 0.0001
    + 1e-12); the reflected form's bracket cancels instead, about 1 / (b's distance from its pole) ulps)."""
    if is_complex(a) or is_complex(b):
        return _dbetaln(a, b, g, ans)
    pa, pb = np.asarray(plain_numbers(a), dtype=float), np.asarray(plain_numbers(b), dtype=float)
    small = _small_shapes(pa, pb)
    if np.any(small):
        if np.all(small):
            return g * _small_shapes_slope(a, b)
        return np.where(small, g * _small_shapes_slope(np.where(small, a, 0.01), np.where(small, b, 0.01)),
                        _dbeta(np.where(small, 1.0, a), np.where(small, 1.0, b), g, np.where(small, 1.0, ans)))
    tiny_a, tiny_b = _tiny_beside(pa, pb), _tiny_beside(pb, pa)
    if np.any(tiny_a | tiny_b):
        tiny = tiny_a | tiny_b
        rest = _dbeta(np.where(tiny, 1.0, a), np.where(tiny, 1.0, b), g, np.where(tiny, 1.0, ans)) if not np.all(tiny) else 0.0
        # (the other points at t = 1e-6, s = 1: its series' five terms)
        out = np.where(tiny_a, _beta_tiny(np.where(tiny_a, a, 1e-6), np.where(tiny_a, b, 1.0), "t"),
                       _beta_tiny(np.where(tiny_b, b, 1e-6), np.where(tiny_b, a, 1.0), "s"))
        return np.where(tiny, g * out, rest)
    total = pa + pb
    with np.errstate(invalid="ignore"):
        distance = np.abs(total - np.round(total))
        # (a negative a or b 1.5 times as far from its own pole: beside it digamma(a) is about -1 / (a + m),
        # and the two terms in the brackets cancel where b is near an integer)
        away = 1.5 * distance
        # (a + b = 0 or a little above it with a negative shape too: the digamma form is 0 * inf at 0, NaN
        # for beta(-0.5, 0.5)'s derivatives, the truths -2 pi, and its second derivatives lost 8e-8 at
        # (1.5, -1.499999999); B = sin(pi s) / (pi G) holds for every s)
        near = ((total < 0.25) & ((total <= 0.0) | (pa < 0.0) | (pb < 0.0)) & (distance < 0.25)
                & (np.abs(pa) < 1e3) & (np.abs(pb) < 1e3)
                & ((pa > 0.0) | (np.abs(pa - np.round(pa)) >= away))
                & ((pb > 0.0) | (np.abs(pb - np.round(pb)) >= away)) & (pa != np.round(pa)) & (pb != np.round(pb)))
    if not np.any(near):
        return _dbetaln(a, b, g, ans)
    if np.all(near):
        return g * _dbeta_reflected(a, b)
    return np.where(near, g * _dbeta_reflected(np.where(near, a, -2.5), np.where(near, b, 0.25)),
                    _dbetaln(np.where(near, 1.0, a), np.where(near, 1.0, b), g, np.where(near, 1.0, ans)))


beta = _own_values(sc.beta, _beta_value, "beta", """scipy.special.beta(a, b): SciPy's, but from a + b = 171.62 on
through wengert's betaln (SciPy's kept lgamma's rounding: 2.9e-11 relative off at (1e5, 2), 1.4e-8 at (7.9e6, 9.4);
see wengert.ops.scipy_special._beta_from_logs), differentiable (its derivatives are its value times others: they were
as far off).

    >>> import wengert.scipy.special as wsp
    >>> float(wsp.beta(1e5, 2.0))
    9.999900001000001e-11
""")
_register(sc.beta,
          staged_rule(zero_cotangent_adds_nothing_n(lambda g, ans, a, b: _dbeta(a, b, g, ans)), 0, "axy", unbroadcast),
          staged_rule(zero_cotangent_adds_nothing_n(lambda g, ans, a, b: _dbeta(b, a, g, ans)), 1, "axy", unbroadcast),
          impl=_beta_value, reenters="any", exposed=beta)


def _at_ends(x, ends, through_logs, through_powers):
    """A density ``through_logs(x)`` (exp of a sum of logarithms: no overflow for large
    parameters), and ``through_powers(x)`` where ``x`` is one of ``ends`` (0, 1): there the
    logarithms are -inf and their derivatives infinite, so the derivative of the density
    (a second derivative of betainc, gammainc) was 0 * inf = NaN even where it is finite
    (x at 0 with a = 2: x^(a-1) has derivative 1). Powers differentiate exactly there."""
    end = x == ends[0]  # plain values, also for a Var of an outer tape
    for e in ends[1:]:
        end = end | (x == e)
    if not np.any(end):
        return through_logs(x)
    return np.where(end, through_powers(np.where(end, x, 0.5)), through_logs(np.where(end, 0.5, x)))


#: ``1 / (k + 2)``: ``t - log1p(t) = t^2 sum_k (-t)^k / (k + 2)`` below ``|t| = 0.1`` (17 terms reach 1e-18)
_LOG1P_REMAINDER = [1.0 / (k + 2) for k in range(17)]


def log1p_remainder(t):
    """``t - log1p(t)`` (internal, Var-aware), by its series below ``|t| = 0.1``, where the difference cancels to ``t^2 / 2``."""
    pt = np.asarray(plain_numbers(t), dtype=float)
    return piecewise(t, (pt < 0.1) & (pt > -0.1), lambda t: t - np.log1p(t),
                     lambda t: t * t * polynomial(-t, _LOG1P_REMAINDER), 0.5, 0.0)


def log_gamma_density_near_mode(a, u):
    """``a log u - u - gammaln(a + 1)`` (internal, Var-aware; for ``a >= 10`` and ``|u - a|`` below about ``a / 2``)
    as ``-a r(t) - log(2 pi a) / 2 - stirling(a)``, ``r(t) = t - log1p(t)`` (:func:`log1p_remainder`), ``t = (u -
    a) / a`` (``u - a`` exact): the direct sum's terms of size ``a log a`` cancel (to -5039 at a = 1e8, u = 0.99e8:
    2.3e-11 off; gammainc's x-derivative at a = 1e4, x = 9500 8.6e-12 off)."""
    return -a * log1p_remainder((u - a) / a) - 0.5 * np.log(2.0 * np.pi * a) - stirling_correction(a)


def _log_beta_integrand(a, b, x):
    """``log(x^(a-1) (1-x)^(b-1) / B(a, b))`` (Var-aware): where ``a, b >= 10`` and ``l = a - (a + b) x`` is within
    half of a and of b, Didonato and Morris' form (:func:`_log_beta_prefactor`'s, differentiable), ``log(a b / (2 pi
    (a + b))) / 2 - (the Stirling remainders) - a r(-l / a) - b r(l / b) - log x - log1p(-x)``, ``r(t) = t -
    log1p(t)``, each term small (``|l|`` below half of both: x near 1 put l near -b, ``r(l / b)``'s log1p near -1
    cancelling, 1.6e-9 of the x-derivative at a = 6330.1, b = 18.2, x = 0.99999999772): the sum of ``(a - 1) log x``, ``(b - 1) log1p(-x)`` and betaln, each about a or b,
    kept their rounding (9e-12 of betainc's x-derivative at a = 5000, b = 1e6 near the mode); elsewhere that
    sum, with xlogy (a = 1 at x = 0 exact) and :func:`log_beta_exact` (SciPy's betaln(150, 1e6) 3.8e-10 off)."""
    pa, pb, px = (np.asarray(plain_numbers(v), dtype=float) for v in (a, b, x))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        lam = pa * (1.0 - px) - pb * px
        near = ((pa >= 10.0) & (pb >= 10.0) & np.isfinite(pa) & np.isfinite(pb) & (px > 0.0) & (px < 1.0)
                & (np.abs(lam) < 0.5 * np.minimum(pa, pb)))

    def direct(a, b, x):
        return sc.xlogy(a - 1.0, x) + sc.xlog1py(b - 1.0, -x) - log_beta_exact(a, b)

    def centre(a, b, x):
        lam = a * (1.0 - x) - b * x  # (not a - (a + b) x: 5e-9 of l = 0.0225 at a = 1e6, b = 150, x = 1 - 1.5e-4)
        return (0.5 * np.log(a * b / (2.0 * np.pi * (a + b)))
                - (_stirling_correction(a) + _stirling_correction(b) - _stirling_correction(a + b))
                - a * log1p_remainder(-lam / a) - b * log1p_remainder(lam / b) - np.log(x) - np.log1p(-x))
    if not np.any(near):
        return direct(a, b, x)
    if np.all(near):
        return centre(a, b, x)
    return np.where(near, centre(np.where(near, a, 10.0), np.where(near, b, 10.0), np.where(near, x, 0.5)),
                    direct(np.where(near, 2.0, a), np.where(near, 2.0, b), np.where(near, 0.5, x)))


def _beta_gap(a, b, x):
    """``(a - 1) (1 - x) - (b - 1) x`` (Var-aware), the beta density's slope times ``x (1 - x)``, its value in
    double-double (two_sum, two_product) and its derivatives the direct form's: beside the mode the direct
    ``(a - 1) / x - (b - 1) / (1 - x)`` cancelled (d2/dx2 betainc(1000, 2, 0.999) was 3.3508654e-10 for
    3.2756051e-10)."""
    pa, pb, px = (np.asarray(plain_numbers(v), dtype=np.float64) for v in (a, b, x))
    with np.errstate(all="ignore"):
        (c1, c1_lo), (c2, c2_lo), (y, y_lo) = two_sum(pa, -1.0), two_sum(pb, -1.0), two_sum(1.0, -px)
        p1, e1 = two_product(c1, y)
        p2, e2 = two_product(c2, px)
        exact = (p1 - p2) + ((e1 + c1 * y_lo + c1_lo * y) - (e2 + c2_lo * px))
    direct = (a - 1.0) * (1.0 - x) - (b - 1.0) * x
    plain_direct = np.asarray(plain_numbers(direct), dtype=np.float64)
    return direct + np.where(np.isfinite(exact), exact - plain_direct, 0.0)


def _mode_beta_density_value(a, b, x):
    return np.exp(_log_beta_integrand(a, b, x))


#: the beta density beside its mode (a, b > 1, one of them below 10: _log_beta_integrand's direct form), its value
#: that form's (bit for bit), its partial in x with the slope's numerator from :func:`_beta_gap`
_MODE_BETA_DENSITY = OwnPrimitive(_mode_beta_density_value, name="scipy.special (beta density, beside its mode)",
                                  reenters="any")
def_partials(_MODE_BETA_DENSITY,
             lambda a, b, x: _MODE_BETA_DENSITY(a, b, x) * (np.log(x) - _dlogbeta(a, b)),
             lambda a, b, x: _MODE_BETA_DENSITY(a, b, x) * (np.log1p(-x) - _dlogbeta(b, a)),
             lambda a, b, x: _MODE_BETA_DENSITY(a, b, x) * _beta_gap(a, b, x) / (x * (1.0 - x)))


def _vjp_betainc_x(ans, a, b, x):
    shape = np.shape(x)
    # The integrand x^(a-1) (1-x)^(b-1) / B(a, b), its log by _log_beta_integrand; as powers at the ends and where
    # x is subnormal (where 1 / B(a, b) is in range): the log form's slope (a - 1) / x overflowed there, inf times
    # the density (d2/dx2 betainc(2, 2, 5e-324) was inf, the truth 6; at (1.5, 2) inf for 2.7e162)
    px = np.asarray(plain_numbers(x), dtype=float)
    nowhere = np.zeros(np.shape(px), bool)
    if np.any((px > 0.0) & (px < 1e-100)):
        # (and where x is tiny and the density below the normal doubles, which its derivative in x need not be:
        # exp of the logs underflowed first, d2/dx2 betainc(3, 2, 1e-300) was 0, the truth 2.4e-299; where its
        # derivatives too are below them, 0 at every order: the slope (a - 1) / x overflowed there, times the
        # density's 0, NaN at (1e3, 1e3, 5e-324))
        with np.errstate(all="ignore"):
            pa, pb = np.asarray(plain_numbers(a), dtype=float), np.asarray(plain_numbers(b), dtype=float)
            log_b = log_beta_exact(pa, pb)
            in_range = log_b > -700.0
            tiny = (px > 0.0) & (px < 1e-100)
            log_density = sc.xlogy(pa - 1.0, px) + sc.xlog1py(pb - 1.0, -px) - log_b
            hopeless = tiny & (pa >= 1.0) & (log_density + 2.0 * (np.log(np.maximum(np.maximum(pa, pb), 1.0)) - np.log(px)) < -800.0)
        powers = ((px == 0.0) | (px == 1.0) | (tiny & in_range & ~hopeless
                                               & ((px < 2.2250738585072014e-308) | (log_density < -708.0))))
    else:
        powers, hopeless = (px == 0.0) | (px == 1.0), nowhere

    def through_powers(x):
        return x ** (a - 1.0) * (1.0 - x) ** (b - 1.0) * np.exp(-log_beta_exact(a, b))

    # beside the mode (a, b > 1, the direct form: one shape below 10), the slope's numerator exact (_beta_gap)
    pa, pb = np.asarray(plain_numbers(a), dtype=float), np.asarray(plain_numbers(b), dtype=float)
    with np.errstate(all="ignore"):
        ratio = (pa - 1.0) * (1.0 - px) / ((pb - 1.0) * px)
        mode = ((pa > 1.0) & (pb > 1.0) & (np.minimum(pa, pb) < 10.0) & (px > 0.0) & (px < 1.0) & ~powers
                & (ratio > 0.25) & (ratio < 4.0))

    def logs(a, b, x):
        if not np.any(mode):
            return np.exp(_log_beta_integrand(a, b, x))
        if np.all(mode):
            return _MODE_BETA_DENSITY(a, b, x)
        return np.where(mode, _MODE_BETA_DENSITY(np.where(mode, a, 2.0), np.where(mode, b, 2.0), np.where(mode, x, 0.5)),
                        np.exp(_log_beta_integrand(a, b, np.where(mode, 0.5, x))))

    def density():
        if not np.any(powers):
            out = logs(a, b, np.where(hopeless, 0.5, x) if np.any(hopeless) else x)
        else:
            out = np.where(powers, through_powers(np.where(powers, x, 0.5)), logs(a, b, np.where(powers | hopeless, 0.5, x)))
        return np.where(hopeless, 0.0 * x, out) if np.any(hopeless) else out
    return lambda g: unbroadcast(g * density(), shape)


# -- d/da, d/db (and second derivatives) of the regularized incomplete beta function -----------
# I = betainc(a, b, x) = P(a, b, x) F(a, b, x), P = x^a (1-x)^b / (a B(a, b)) and F the continued
# fraction 1 / (1 + d1 / (1 + d2 / ...)) (d_{2m+1} = -(a+m)(a+b+m) x / ((a+2m)(a+2m+1)), d_{2m} =
# m (b-m) x / ((a+2m-1)(a+2m))), which converges in about sqrt(max(a, b)) steps for x below
# (a + 1) / (a + b + 2); above it the same for 1 - I = I_{1-x}(b, a), whose derivatives are minus
# I's with a and b exchanged (no 1 - ...: each side's function is the one computed). F is carried
# with its derivatives in a and b (second order too) through the forward recurrence of its
# numerators and denominators, rescaled by a constant each step (F = B_n / A_n is homogeneous,
# so a constant factor leaves F and its derivatives unchanged; the recurrence is linear in d_n,
# whose derivatives are closed forms). Then dI/da = I S_a with S = d log I = d log P + d log F.

_BETA_MAX_STEPS = 20000
_EPS = float(np.finfo(float).eps)
#: the largest shapes differentiated, once and twice: the first derivatives are within 3.4e-13 of
#: mpmath up to 1e7 (in a far tail, the rounding of log P; 6.4e-14 near the centre); the second lose digits at the
#: centre of a large beta distribution, where d^2I/da^2 = I (S_a^2 + S_aa) is a small difference (relative to the
#: largest second derivative: 1.1e-13 at a = b = 1e4, 3.7e-10 with the continued fraction; 2.2e-8 at 1e5, 2.2e-5 at
#: 1e7 measured with the old convergence test, relative to |F|)
_BETA_MAX_SHAPE = (1e7, 1e4)


def _beta_terms(first, count, a, b, x, second):
    """``d_k`` of the continued fraction and its derivatives in a and b (jets, plain) for ``k = first, ..., first +
    count - 1``: an array ``(count, 3 or 6) + a.shape``, the k's on the first axis (each operation once on all of
    them)."""
    ks = np.arange(first, first + count)
    odd_k = ks % 2 == 1
    # d_{2m+1} = -(a+m)(a+b+m) x / ((a+2m)(a+2m+1)) (from m = 1)
    m = ((ks[odd_k] - 1) // 2).astype(float)[:, None]
    m = m[1:] if first == 1 else m
    u, w, p, q = a + m, a + b + m, a + 2.0 * m, a + 2.0 * m + 1.0
    lb = 1.0 / w  # d log|d_k| / db
    v, la = -(u * w) * (x / (p * q)), (1.0 / u - 1.0 / p) + (lb - 1.0 / q)
    laa = (1.0 / (p * p) - 1.0 / (u * u)) + (1.0 / (q * q) - lb * lb)
    if first == 1:  # d_1 = -(a + b) x / (a + 1): u = p = a, whose 1/a^2 (1e20 at a = 1e-10) swamped 1/w^2
        w, q = a + b, a + 1.0
        lb_1 = 1.0 / w
        v, la, lb, laa = (np.concatenate((np.asarray(first_row)[None], rows)) for first_row, rows in (
            (-w * (x / q), v), (lb_1 - 1.0 / q, la), (lb_1, lb), (1.0 / (q * q) - lb_1 * lb_1, laa)))
    odd = [v, v * la, v * lb]
    if second:
        lab = -lb * lb
        odd += [v * (la * la + laa), v * (la * lb + lab), v * (lb * lb + lab)]
    # d_{2m} = m (b - m) x / ((a+2m-1)(a+2m)): 0 at b = m, not its derivative in b
    m = (ks[~odd_k] // 2).astype(float)[:, None]
    p, q = a + 2.0 * m - 1.0, a + 2.0 * m
    c = m * x / (p * q)
    v = c * (b - m)
    la = -1.0 / p - 1.0 / q
    even = [v, v * la, c]
    if second:
        even += [v * (la * la + 1.0 / (p * p) + 1.0 / (q * q)), c * la, 0.0 * v]
    out = np.empty((count, len(odd)) + np.shape(x))
    out[odd_k], out[~odd_k] = np.stack(odd, axis=1), np.stack(even, axis=1)
    return out


#: the most terms :func:`_beta_series` sums (its rounding grows as their square root, about 1e-16 sqrt(n); past it
#: the continued fraction)
_BETA_SERIES_TERMS = 2 ** 17


def _beta_series(a, b, x, second, x_error=None):
    """``(sums, done)``: ``[F, F_a, F_b]`` (``second``: and ``F_aa, F_ab, F_bb``) of :func:`_beta_fraction` by F's
    hypergeometric series ``2F1(a + b, 1; a + 1; x) = sum_n t_n``, ``t_n = (a + b)_n / (a + 1)_n x^n`` (plain 1-d
    arrays), and where it converged within _BETA_SERIES_TERMS terms. With ``u_k = 1 / (a + b + k)``, ``v_k = 1 / (a +
    1 + k)``, the log-derivatives of t_n are sums over k < n: ``L_a = (1 - b) sum u_k v_k``, ``L_b = sum u_k``, ``L_aa
    = (b - 1) sum u_k v_k (u_k + v_k)``, ``L_ab = -sum u_k^2``, and ``L_b^2 - sum u_k^2 = 2 e_n``, ``e_(n+1) = e_n +
    u_n L_b,n``. For b > 1 every term of each of the six sums (t, t L_a, t L_b, t (L_a^2 + L_aa), t (L_a L_b + L_ab),
    2 t e) has one sign: each sum is as exact as its terms (below 1, F_aa's and F_ab's terms change sign at most once;
    within 1e-14 of mpmath where measured). The continued fraction's convergents are differences, and its derivatives
    kept their rounding: F_aa 1.9e-14 relative off at (100, 100, 1/2), whence d2/da2 betainc 3e-13; F_bb 6.8e-13 at
    (1000, 3, 0.99), F_aa 3e-10 at (1000, 0.5, 0.9985). ``x_error``: where x is ``1 - x'`` rounded, what the rounding
    left out (the ratios are taken at x + x_error: F near x = 1 is as sensitive to x as 1 / (1 - x), 1.2e-13 at x =
    1 - 4.7e-4)."""
    n = 6 if second else 3
    sums = np.zeros((n,) + a.shape)
    done = np.zeros(a.shape, dtype=bool)
    active = np.arange(a.size)
    # the running t_n, L_a, L_b, L_aa, L_ab, e_n of the entries not converged, from n = 0
    state = np.zeros((6,) + a.shape)
    state[0] = 1.0
    sums[0] = 1.0
    first, count = 0, 32
    while active.size and first < _BETA_SERIES_TERMS:
        count = min(count, _BETA_SERIES_TERMS - first, max(16, 2 ** 16 // active.size))
        # (each entry's terms along the last axis, contiguous: NumPy sums them pairwise, the same for one entry
        # as for many)
        pa, pb, px = (v[active][:, None] for v in (a, b, x))
        ks = np.arange(first, first + count, dtype=float)
        # The ratio (a + b + k) x / (a + 1 + k) = x (1 + c), c = (b - 1) / (a + 1 + k), with a + b + k and a + 1 + k
        # in double-double arithmetic: each rounded (by the same amount for every k of a binade) changed b - 1, their
        # difference, by up to 4e-12 (at a = 3874: 2e4 ulps of b = 0.72), which the product of tens of thousands of
        # ratios made 1.7e-13 of F at (3874, 0.72, 0.99933). Where |c| < 1/16, as x + x c (one rounding that counts,
        # 2.5e-14 of F there as the quotient); elsewhere as the quotient (x + x c lost 1.3e-14 of d2I/db2 at (1000,
        # 1000, 1/2), where the quotient is exact but for its division)
        total, total_error = two_sum(pa, pb)
        big, big_error = two_sum(total, ks)
        shifted_a, shifted_error = two_sum(pa, 1.0)
        shifted, shift_error = two_sum(shifted_a, ks)
        u, v = 1.0 / big, 1.0 / shifted
        c = (pb - 1.0) * v
        c = c - c * ((shifted_error + shift_error) * v)
        quotient = (big * px) / shifted
        quotient = quotient + quotient * ((total_error + big_error) * u - (shifted_error + shift_error) * v)
        # (x + x_error: the error added to the small part, before the sum's rounding)
        small = px * c if x_error is None else px * c + x_error[active][:, None] * (1.0 + c)
        ratio = np.where(np.abs(c) < 0.0625, px + small, quotient if x_error is None else
                         quotient + x_error[active][:, None] * (1.0 + c))
        t, l_a, l_b, l_aa, l_ab, e = (running[:, None] for running in state[:, active])
        w = u * v
        t = t * np.cumprod(ratio, axis=1)  # t_(k+1), ...
        l_a = l_a + (1.0 - pb) * np.cumsum(w, axis=1)
        l_b_after = l_b + np.cumsum(u, axis=1)
        l_b, l_b_before = l_b_after, np.concatenate((l_b, l_b_after[:, :-1]), axis=1)  # L_b,(k+1) and L_b,k
        terms = [t, t * l_a, t * l_b]
        if second:
            l_aa = l_aa + (pb - 1.0) * np.cumsum(w * (u + v), axis=1)
            l_ab = l_ab - np.cumsum(u * u, axis=1)
            e = e + np.cumsum(u * l_b_before, axis=1)
            terms += [t * (l_a * l_a + l_aa), t * (l_a * l_b + l_ab), 2.0 * (t * e)]
        terms = np.stack(terms)
        sums[:, active] += np.sum(terms, axis=2)
        state[:, active] = np.stack([q[:, -1] for q in (t, l_a, l_b, l_aa, l_ab, e)])
        # the terms left are below the last one times r / (1 - r), r the larger of the last ratio and x (the ratio
        # falls to x for b > 1, rises to it below), and the growth of the L's (at most logarithmic): settled where
        # that is below 1e-17 of each sum
        largest = np.maximum(ratio[:, -1], px[:, 0])
        with np.errstate(divide="ignore"):
            rest = np.where(largest < 1.0, np.abs(terms[:, :, -1]) / (1.0 - largest), np.inf)  # (rising: above the switch)
        settled = np.all(rest <= 1e-17 * np.abs(sums[:, active]), axis=0)
        done[active[settled]] = True
        active = active[~settled]
        first += count
        count *= 2
    return list(sums), done


def _series_suffices(a, b, x):
    """Where :func:`_beta_series` converges within _BETA_SERIES_TERMS terms at (a, b, x) (plain): its terms fall by
    then (the ratio below 1), and what is left, below the last term ``t_N`` (from log-gammas) over ``1 - r``, is below
    e^-45 (F is at least 1)."""
    n = float(_BETA_SERIES_TERMS)
    with np.errstate(all="ignore"):
        ratio = (a + b + n) * x / (a + 1.0 + n)
        log_t = (n * np.log(x) + sc.gammaln(a + b + n) - sc.gammaln(a + b) - sc.gammaln(a + 1.0 + n)
                 + sc.gammaln(a + 1.0))
        return (b > 0.0) & (a < 1e100) & (b < 1e100) & (x > 0.0) & (ratio < 1.0) & (
            log_t - np.log1p(-np.maximum(ratio, x)) < -45.0)


def _beta_fraction(a, b, x, second=False, name="betainc / betaincc", x_error=None):
    """``[F, F_a, F_b]`` (``second``: and ``F_aa, F_ab, F_bb``), F the continued fraction of
    ``betainc(a, b, x) / (x^a (1-x)^b / (a B(a, b)))`` for x below (a + 1) / (a + b + 2) (plain
    1-d arrays; internal): by its series (:func:`_beta_series`) where it converges within _BETA_SERIES_TERMS terms
    (also above the switch, where :func:`_betainc_shape_plain` asks for it), elsewhere by the continued fraction."""
    with np.errstate(invalid="ignore"):
        series = (b > 0.0) & (a < 1e100) & (b < 1e100) & (x > 0.0) & (x < 1.0)
    if not np.any(series):
        return _beta_continued_fraction(a, b, x, second, name)
    sums, done = _beta_series(a[series], b[series], x[series], second,
                              None if x_error is None else x_error[series])
    out = np.empty((len(sums),) + a.shape)
    out[:, series] = sums
    series[series] = done
    if not np.all(series):
        out[:, ~series] = _beta_continued_fraction(a[~series], b[~series], x[~series], second, name)
    return list(out)


def _beta_continued_fraction(a, b, x, second=False, name="betainc / betaincc"):
    """:func:`_beta_fraction` by the continued fraction (every entry)."""
    n = 6 if second else 3
    # F = num / den, den the numerators and num the denominators of the convergents of the
    # fraction 1 + d1 / (1 + d2 / ...), jets in (a, b) ([v, v_a, v_b] or [v, v_a, v_b, v_aa, v_ab, v_bb])
    # stacked in one array, a few NumPy calls a step on all of them (a call per jet entry was most of the
    # time of betaprime's tests): state[0], state[1] the numerator and denominator one back, state[2],
    # state[3] two back
    state = np.zeros((4, n) + a.shape)
    state[0, 0] = state[1, 0] = state[3, 0] = 1.0
    previous, result = None, np.zeros((n,) + a.shape)
    done = np.zeros(a.shape, dtype=bool)
    calm = np.zeros(a.shape, dtype=int)  # steps in a row that moved every entry by less than its rounding
    # d_k for k = first, first + 1, ...: 16 at once, then twice as many each time (up to about 2^16 numbers of
    # each jet entry); where a floating-point exception occurs among them (a huge a or b), one k at a time from
    # there, so that the warnings are those of the terms the fraction reaches, as before
    most, one_at_a_time = 2 * max(1, 2 ** 15 // max(1, a.size)), False
    terms, first = np.zeros((0, n) + a.shape), 1
    for k in range(1, 2 * _BETA_MAX_STEPS + 1):
        if k - first == len(terms):
            first = k
            if not one_at_a_time:
                try:
                    with np.errstate(over="raise", divide="raise", invalid="raise"):
                        terms = _beta_terms(k, min(max(16, 2 * len(terms)), most, 2 * _BETA_MAX_STEPS + 1 - k), a, b,
                                            x, second)
                except FloatingPointError:
                    one_at_a_time = True
            if one_at_a_time:
                terms = _beta_terms(k, 1, a, b, x, second)
        d = terms[k - first]
        two_back = state[2:]
        # one back plus the jet product d * two back: entry i is d_i q_0 (+ the middle terms
        # 2 d_a q_a, d_a q_b + d_b q_a, 2 d_b q_b) + d_0 q_i, summed in that order
        new = d * two_back[:, :1]
        if second:
            new[:, 3::2] += (2.0 * d[1:3]) * two_back[:, 1:3]  # 2 d_a q_a, 2 d_b q_b
            new[:, 4] += d[1] * two_back[:, 2]
            new[:, 4] += d[2] * two_back[:, 1]
        new[:, 1:] += d[0] * two_back[:, 1:]
        with np.errstate(divide="ignore", invalid="ignore"):  # (how much the new values cancelled: inf, NaN at 0)
            cancelled = np.max((np.abs(new[:, 0]) + np.abs(state[:2, 0])) / np.abs(new[:, 0] + state[:2, 0]), axis=0)
        new += state[:2]
        scale = 1.0 / np.abs(new[1, 0])  # a constant (no derivative): the ratio is unchanged
        state = np.concatenate((new, state[:2])) * scale
        num1, den1 = state[0], state[1]
        inverse = 1.0 / den1[0]
        f = num1[0] * inverse
        current, rounding = np.empty((n,) + a.shape), np.empty((n,) + a.shape)
        current[0], rounding[0] = f, np.abs(num1[0])
        current[1:3] = (num1[1:3] - f * den1[1:3]) * inverse
        rounding[1:3] = np.abs(num1[1:3]) + np.abs(f * den1[1:3])
        if second:
            f_a, f_b = current[1], current[2]
            parts = np.array([(2.0 * f_a) * den1[1], f_a * den1[2], (2.0 * f_b) * den1[2]])
            rest = num1[3:6] - parts
            rest[1] -= f_b * den1[1]
            current[3:6] = (rest - f * den1[3:6]) * inverse
            rounding[3:6] = np.abs(num1[3:6]) + np.abs(parts) + np.abs(f * den1[3:6])
            rounding[4] += np.abs(f_b * den1[1])
        if previous is not None:
            # Settled: every entry (the value and each derivative: at an integer b the fraction ends, not its
            # derivatives in b) has moved by at most 4 ulps of the terms it is the difference of (``rounding``;
            # the state is scaled to |den| = 1) times how much this step's and the last step's new convergents
            # cancelled (``cancelled``: 30-70 where 1 + d_k is about 1 - x near x = 1), the level rounding alone
            # moves it by, for max(2, k / 8) steps in a row (the steps to come shrink by about eps^(1 / k) each).
            # The old test, 2 ulps of the entry itself, waited for a derivative, a difference that rounding moves
            # by several of its own ulps a step, for 239 steps at (2.5, 0.7, 0.3365) (522-1,186 in betaprime's
            # cases of test_coverage), the fraction converged by k = 18, its values drifting meanwhile (d2I/da2 at (1000, 0.001, 0.999): 31,774 steps, 7e-7 off).
            change = np.abs(current - previous)
            noise = (4.0 * _EPS) * np.maximum(cancelled, cancelled_before) * np.abs(inverse)
            still = ~done & np.isfinite(noise) & np.all(change <= noise * rounding, axis=0)
            calm = np.where(still, calm + 1, 0)
            converged = calm >= max(2, k // 8)
            result = np.where(converged, current, result)
            done = done | converged
            if np.all(done):
                return list(result)
        previous, cancelled_before = current, cancelled
    raise ValueError(
        f"scipy.special.{name}: the derivative in a and b did not converge in {2 * _BETA_MAX_STEPS} steps of "
        f"its continued fraction at a = {a[~done][0]!r}, b = {b[~done][0]!r}, x = {x[~done][0]!r}")


def _beta_fraction_from_complement(a, b, x, y, name="betaincinv / betainccinv (checked)"):
    """F of :func:`_beta_fraction` (its value only; plain 1-d arrays) for x near 1, from ``y = 1 - x`` given to its own
    precision, as the fraction's even part, ``1 / F = 1 + d1 / (1 + d2 - d2 d3 / (1 + d3 + d4 - d4 d5 / ...))``, every
    level times a: each ``1 + d_(2m+1)`` (about -1 + 1, rounded in x: the convergents' recurrence took it as a
    difference, 4e-6 relative off at (1e12, 2.5, 1 - 3e-11), so that Newton's method on the quantile never settled)
    is ``((2m + 1 - b) + m (3m + 2 - b) / a) a / (a + 2m) a / (a + 2m + 1) + (a + m) / (a + 2m) (a + b + m) / (a +
    2m + 1) y`` over a, exact in y."""
    def level(j):  # a (1 + d_(2j-1) + d_2j) and a^2 d_2j d_(2j+1)
        m = j - 1.0
        ratio = (a / (a + 2.0 * m)) * (a / (a + 2.0 * m + 1.0))
        odd = ((2.0 * m + 1.0 - b) + m * (3.0 * m + 2.0 - b) / a) * ratio + (
            a * ((a + m) / (a + 2.0 * m)) * ((a + b + m) / (a + 2.0 * m + 1.0)) * y)
        even = j * (b - j) * x / (a + 2.0 * j - 1.0) * (a / (a + 2.0 * j))
        product = -(j * (b - j) * x * x * (a / (a + 2.0 * j - 1.0)) * ((a + j) / (a + 2.0 * j))
                    * (a / (a + 2.0 * j)) * ((a + b + j) / (a + 2.0 * j + 1.0)))
        return odd + even, even, product
    tiny = 1e-300
    first, even_1, product_1 = level(1)
    # the tail t = e_2 - f_2 / (e_3 - f_3 / ...) by the modified Lentz method
    e, _, f = level(2)
    tail = np.where(e == 0.0, tiny, e)
    c, d = tail, np.zeros_like(tail)
    done = np.zeros(a.shape, dtype=bool)
    for j in range(3, _BETA_MAX_STEPS + 3):
        e, _, f_next = level(j)
        d = e - f * d
        d = 1.0 / np.where(d == 0.0, tiny, d)
        c = e - f / c
        c = np.where(c == 0.0, tiny, c)
        delta = c * d
        tail = np.where(done, tail, tail * delta)
        done = done | (np.abs(delta - 1.0) <= 4.5e-16)
        if np.all(done):
            break
        f = f_next
    else:
        raise ValueError(
            f"scipy.special.{name}: the continued fraction did not converge in {_BETA_MAX_STEPS} steps at a = "
            f"{a[~done][0]!r}, b = {b[~done][0]!r}, 1 - x = {y[~done][0]!r}")
    # F = a T1 / a (T1 + d1), a T1 = a (1 + d2) - f_1 / t
    rest = product_1 / tail
    return (a + even_1 - rest) / (first - rest)


#: Stirling's series of gammaln(z) - ((z - 1/2) log z - z + log(2 pi) / 2) in 1/z^2, times 1/z:
#: B_2k / (2k (2k - 1)), k = 1..7
_STIRLING = tuple(float(b / (2 * k * (2 * k - 1))) for k, b in enumerate(BERNOULLI_2K[:7], 1))


def _stirling_correction(z):
    inverse = 1.0 / z
    return polynomial(inverse * inverse, _STIRLING) * inverse  # (not 1 / z^2: z^2 overflows)


def _betaln(a, b):
    """``betaln(a, b)`` (Var-aware), where one of a, b is below 10 and the other above as
    ``gammaln(s) - (l - 1/2) log1p(s/l) - s log(l + s) + s - stirling(l + s) + stirling(l)``
    (s the smaller, l the larger; Stirling's series for the rest): SciPy's betaln(0.5, 1e5) is
    the difference of two gammaln near 1e6 and kept their rounding, 6.5e-11 (so were dI/da and
    dI/db at x = 1e-5, and d/d df of stdtr at df = 1e5 through the density)."""
    pa, pb = np.asarray(plain_numbers(a)), np.asarray(plain_numbers(b))
    with np.errstate(invalid="ignore"):
        unequal = (np.minimum(pa, pb) < 10.0) & (np.maximum(pa, pb) >= 10.0) & np.isfinite(np.maximum(pa, pb))
    if not np.any(unequal):
        return sc.betaln(a, b)

    def asymptotic(s, l):
        return (sc.gammaln(s) - (l - 0.5) * np.log1p(s / l) - s * np.log(l + s) + s
                - _stirling_correction(l + s) + _stirling_correction(l))
    out = sc.betaln(np.where(unequal, 1.0, a), np.where(unequal, 1.0, b))
    for here, s, l in ((unequal & (pa < pb), a, b), (unequal & (pa >= pb), b, a)):
        if np.any(here):
            out = np.where(here, asymptotic(np.where(here, s, 1.0), np.where(here, l, 10.0)), out)
    return out


#: ``betaln(a, b)``, exact where one shape is below 10 and the other above, and Stirling's
#: series' remainder ``log gamma(z) - ((z - 1/2) log z - z + log(2 pi) / 2)`` (internal, Var-aware)
log_beta, stirling_correction = _betaln, _stirling_correction


def _stirling_main_plain(a, b):
    return -(a - 0.5) * np.log1p(b / a) - (b - 0.5) * np.log1p(a / b) - 0.5 * np.log(a + b)


#: Stirling's ``-(a - 1/2) log1p(b / a) - (b - 1/2) log1p(a / b) - log(a + b) / 2`` (internal, :func:`log_beta_exact`'s
#: main terms) as one primitive with the partials ``-log1p(b / a) - (b / a) / (2 (a + b))`` (and in b the same with a
#: and b swapped): differentiated as the product, forward over forward's ``(a - 1/2) d2/da2 log1p(b / a)`` went
#: through ``2 b / a^3``, which underflows for shapes of about 1e154 on (d2/da2 betaln(1e200, 1e200) 1e-200, the truth
#: 5e-201; d2/da db betaln(20, 1e200) -2.5e-202 by reverse over reverse, -2e-200 forward over forward, for -1e-200).
_stirling_main = OwnPrimitive(_stirling_main_plain, name="scipy.special.betaln_stirling_main", reenters="any")
def_partials(_stirling_main, lambda a, b: -np.log1p(b / a) - 0.5 * (b / a) / (a + b),
             lambda a, b: -np.log1p(a / b) - 0.5 * (a / b) / (a + b))


def log_beta_exact(a, b):
    """``betaln(a, b)`` (internal, Var-aware): :func:`_betaln`, and where both are at least 10 Stirling's
    series, ``log(2 pi) / 2 - (a - 1/2) log1p(b / a) - (b - 1/2) log1p(a / b) - log(a + b) / 2`` and the
    remainders, each term of the size of the result: SciPy's betaln(190, 11) is the difference of gammaln
    near 1e3 and kept 2e-15 of their rounding, which the density's exp made 8e-14 of d bdtr(10, 200, p) /
    dp; betaln(150, 1e6) 3.8e-10 (of betainc's x-derivative there, the F density at dfn = 300, dfd = 2e6).

    >>> round(float(log_beta_exact(2.0, 3.0)), 12) == round(float(np.log(1.0 / 12.0)), 12)
    True
    """
    pa, pb = np.asarray(plain_numbers(a)), np.asarray(plain_numbers(b))
    with np.errstate(invalid="ignore"):  # (an infinite shape: SciPy's -inf; Stirling's inf - inf)
        large = (np.minimum(pa, pb) >= 10.0) & np.isfinite(np.maximum(pa, pb))

    def stirling(a, b):
        return (0.5 * np.log(2.0 * np.pi) + _stirling_main(a, b)
                + _stirling_correction(a) + _stirling_correction(b) - _stirling_correction(a + b))
    if not np.any(large):
        return _betaln(a, b)
    if np.all(large):
        return stirling(a, b)
    return np.where(large, stirling(np.where(large, a, 10.0), np.where(large, b, 10.0)),
                    _betaln(np.where(large, 1.0, a), np.where(large, 1.0, b)))


def _log_beta_prefactor(a, b, x, log_x, log_y, y=None):
    """``log(x^a (1-x)^b / (a B(a, b)))`` (plain): for a, b >= 10 as
    ``log(a b / (2 pi (a + b))) / 2 - stirling - log a - a r(-l/a) - b r(l/b)``, ``l = a - (a+b) x``
    and ``r(t) = t - log1p(t)`` (Didonato and Morris' form): the direct sum of a log x, b log(1-x)
    and betaln (each about a) kept their rounding (1.3e-12 of dI/da at a = b = 1e4, x = 1/2). ``y``: ``1 - x``
    to its own precision where x is near 1 (l from it above x = 1/2)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = a * log_x + b * log_y - np.log(a) - log_beta_exact(a, b)
        big = (a >= 10.0) & (b >= 10.0) & np.isfinite(a) & np.isfinite(b)
        if not np.any(big):
            return direct
        a, b, x = np.where(big, a, 10.0), np.where(big, b, 10.0), np.where(big, x, 0.5)
        lam = a - (a + b) * x
        if y is not None:  # (``1 - x`` given to its own precision: from it above 1/2)
            lam = np.where(x > 0.5, (a + b) * np.where(big, y, 0.5) - b, lam)
        near = (-lam / a > -0.5) & (lam / b > -0.5)
        t, s = np.where(near, -lam / a, 0.0), np.where(near, lam / b, 0.0)
        spread = a * (t - np.log1p(t)) + b * (s - np.log1p(s))
        centre = (0.5 * np.log(a * b / (2.0 * np.pi * (a + b))) - np.log(a)
                  - (_stirling_correction(a) + _stirling_correction(b) - _stirling_correction(a + b)))
        # (far from the centre, where log1p(-l/a) would be a large logarithm anyway, the direct sum)
        return np.where(big & near, centre - spread, direct)


def _shifted_dlogbeta(a, b):
    """``digamma(a + 1) - digamma(a + b)`` (plain, a, b > 0): below a + b = 1 as
    ``digamma(a + 1) - digamma(a + b + 1) + 1 / (a + b)`` (a + b rounded through (a + 1) + (b - 1)
    loses a tiny a + b), elsewhere ``_dlogbeta(a + 1, b - 1)`` (no digamma(a) + 1/a: both are
    1e10 at a = 1e-10)."""
    small = a + b < 1.0
    return np.where(small, sc.digamma(a + 1.0) - sc.digamma(a + b + 1.0) + 1.0 / (a + b),
                    _dlogbeta(a + 1.0, np.where(small, 1.0, b - 1.0)))


def _prefactor_slopes(a, b, x, y, log_x, log_y, from_y):
    """``log x - digamma(a + 1) + digamma(a + b)`` and ``log(1 - x) - digamma(b + 1) + digamma(a + b)`` (plain), the
    derivatives in a and b of ``log(x^a (1-x)^b / (a B(a, b)))`` (the second less its 1 / b); ``y``: 1 - x to its own
    precision where ``from_y`` (x exact elsewhere). From a + b = 10 on the first as ``log1p(t) + (log a - digamma(a + 1)) + (digamma(a + b) - log(a +
    b))``, ``t = ((a + b) x - a) / a`` (from y above x = 1/2, in double-double arithmetic), the digammas less their
    logarithms by their asymptotic series from 10 on (``-1/(2z) - sum_k B_2k / (2k z^2k)``), and the same in b with
    ``(a - (a + b) x) / b`` (from y where ``from_y``): near the mean x = a / (a + b) the logarithm and the digammas (4.4 at (13, 1000)) cancel to
    t, and their difference kept their rounding, 2.9e-14 relative, which the cancellation of d2I/da2 there (475
    times) made 1.4e-12."""
    with np.errstate(invalid="ignore"):
        large = (a + b >= 10.0) & np.isfinite(a) & np.isfinite(b)
    if not np.any(large):
        return [log_x - _shifted_dlogbeta(a, b), log_y - _shifted_dlogbeta(b, a)]
    # (a + b) x - a, or b - (a + b) y, in double-double arithmetic: rounded, (a + b) x lost its last bit next to a,
    # 2.7e-14 of the slope at the mean of (300, 1000)
    total, total_error = two_sum(np.where(large, a, 5.0), np.where(large, b, 5.0))
    u = np.where(from_y, y, x)
    product, product_error = two_product(total, u)
    rest = product_error + total_error * u
    excess = np.where(from_y, (b - product) - rest, (product - a) + rest)
    whole = 1.0 / total
    # digamma(a + b) - log(a + b)
    top = -0.5 * whole - (whole * whole) * polynomial(whole * whole, DIGAMMA_SERIES)
    out = []
    for p, log_u, sign in ((a, log_x, 1.0), (b, log_y, -1.0)):
        p_ = np.where(large, p, 1.0)
        t = sign * np.where(large, excess, 0.0) / p_  # the excess of (p + q) u over p, relative to p
        near = np.abs(t) < 0.5
        with np.errstate(divide="ignore"):
            log_ratio = np.where(near, np.log1p(np.where(near, t, 0.0)), log_u + np.log(total / p_))
        # log p - digamma(p + 1)
        inverse = 1.0 / np.maximum(p_, 10.0)
        bottom = np.where(p_ >= 10.0, -0.5 * inverse + (inverse * inverse) * polynomial(inverse * inverse,
                                                                                          DIGAMMA_SERIES),
                          np.log(p_) - sc.digamma(p_ + 1.0))
        q = b if sign > 0 else a
        out.append(np.where(large, log_ratio + bottom + top, log_u - _shifted_dlogbeta(p, q)))
    return out


def _betainc_shape_side(a, b, x, log_x, log_y, second, per_density, name, y=None, swapped=None):
    """The derivatives of I_x(a, b) in (a, b) by the fraction (x below the switch; plain; ``y``: 1 - x, exact where
    ``swapped``, x = 1 - x' rounded then, y = x')."""
    if swapped is None:
        swapped = np.zeros(np.shape(x), dtype=bool)
    # (where swapped, the rounding error of x = 1 - y)
    f = _beta_fraction(a, b, x, second, name, np.where(swapped, two_sum(1.0, -y)[1], 0.0) if np.any(swapped) else None)
    # d log I / da and, less its 1 / b (from 1 / B(a, b) = b gamma(a + b) / (gamma(a) gamma(b + 1)),
    # whose square cancels against -trigamma(b) in the second derivative: 1e20 at b = 1e-10,
    # and I_bb was 4.3e-6 off), d log I / db
    slope_a, slope_b = _prefactor_slopes(a, b, x, 1.0 - x if y is None else y, log_x, log_y, swapped)
    s_a = slope_a + f[1] / f[0]
    r_b = slope_b + f[2] / f[0]
    if per_density:  # I / density = x (1 - x) F / a
        value = x * np.exp(log_y) * f[0] / a
    else:
        with np.errstate(under="ignore"):
            value = np.exp(_log_beta_prefactor(a, b, x, log_x, log_y, y)) * f[0]
    if not second:
        return [value * s_a, value * r_b + value / b]
    t = sc.polygamma(1, a + b)
    f_a, f_b = f[1] / f[0], f[2] / f[0]
    # (trigamma(a + b) - trigamma(a + 1) as one difference, _dtrigamma: SciPy's two cancelled where b is small next to
    # a, 1.9e-13 at (1001, 1), and d2/da2 betainc(1000, 2, 0.999) (the swapped side), itself a small difference, lost
    # 1.4e-10)
    s_aa = -_dtrigamma(a + 1.0, b - 1.0, a + b) + f[3] / f[0] - f_a * f_a
    s_ab = t + f[4] / f[0] - f_a * f_b
    r_bb = -_dtrigamma(b + 1.0, a - 1.0, a + b) + f[5] / f[0] - f_b * f_b  # s_bb = r_bb - 1 / b^2
    return [value * (s_a * s_a + s_aa), value * (s_a * r_b + s_ab) + value * s_a / b,
            value * (r_b * r_b + r_bb) + 2.0 * value * r_b / b]


def _betainc_shape_plain(a, b, x, second=False, per_density=False, name="betainc / betaincc"):
    """``(dI/da, dI/db)`` of ``I = betainc(a, b, x)`` (with ``second``: ``(I_aa, I_ab, I_bb)``),
    plain arrays of the broadcast shape; ``per_density``: each divided by the density
    ``x^(a-1) (1-x)^(b-1) / B(a, b)`` (nothing underflows; for the inverses). 0 at x = 0 and 1,
    NaN where x or a shape is NaN or x is outside [0, 1]."""
    a, b, x = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, x)))
    count = 3 if second else 2
    with np.errstate(invalid="ignore"):
        if np.any((a <= 0) | (b <= 0)):
            raise ValueError(f"scipy.special.{name}: the derivatives in a and b are computed for a > 0 and b > 0")
        largest = _BETA_MAX_SHAPE[1 if second else 0]
        if np.any((a > largest) | (b > largest)):
            which = "second derivatives" if second else "derivatives"
            raise ValueError(
                f"scipy.special.{name}: the {which} in a and b are computed for a, b up to {largest:g} "
                f"(a = {np.max(a)!r}, b = {np.max(b)!r} here): beyond, the continued fraction they come "
                "from loses digits (see wengert.scipy.special)")
        inside = (x > 0) & (x < 1)
        bad = np.isnan(a) | np.isnan(b) | np.isnan(x) | (x < 0) | (x > 1)
    outs = [np.where(bad, np.nan, 0.0) for _ in range(count)]
    if np.any(inside):
        ai, bi, xi = a[inside], b[inside], x[inside]
        swap = xi > (ai + 1.0) / (ai + bi + 2.0)  # there 1 - I = I_{1-x}(b, a), and I's = -its
        # Near that switch for a large shape and a small one, F's series on the fraction's side needs tens of
        # thousands of terms (about 40 / (1 - x) near x = 1), or more than _BETA_SERIES_TERMS and the continued
        # fraction served, which lost digits there (d2I/da2 at (1e4, 1.5, just below the switch) 1e-9 off, dI/da at
        # (2000, 1e6, 0.002) 7.9e-12): the other side's series, at 1 - x below 1/2, converges in tens of terms.
        # Taken where I and 1 - I are both above 1/100 (each side's derivatives are then differences of terms at
        # most about 100 times their size; mostly far less).
        near_one = np.where(swap, xi < 0.5, xi > 0.5)  # (the fraction's side at its x above 1/2)
        if np.any(near_one):
            with np.errstate(all="ignore"):
                value = sc.betainc(ai, bi, xi)
            other = near_one & (np.minimum(value, 1.0 - value) >= 0.01)
            other[other] = _series_suffices(*(np.where(swap, s, t)[other] for s, t in ((ai, bi), (bi, ai),
                                                                                          (xi, 1.0 - xi))))
            swap = swap ^ other
        log_x, log_y = np.log(xi), np.log1p(-xi)
        p, q = np.where(swap, bi, ai), np.where(swap, ai, bi)
        side = _betainc_shape_side(p, q, np.where(swap, 1.0 - xi, xi), np.where(swap, log_y, log_x),
                                   np.where(swap, log_x, log_y), second, per_density, name, np.where(swap, xi, 1.0 - xi),
                                   swap)
        sign = np.where(swap, -1.0, 1.0)
        if second:
            side = [np.where(swap, side[2], side[0]), side[1], np.where(swap, side[0], side[2])]
        else:
            side = [np.where(swap, side[1], side[0]), np.where(swap, side[0], side[1])]
        for out, s in zip(outs, side):
            out[inside] = sign * s
    return tuple(out[()] for out in outs)


def _beta_density(a, b, x):
    """``x^(a-1) (1-x)^(b-1) / B(a, b)`` for 0 < x < 1 (Var-aware)."""
    return np.exp((a - 1.0) * np.log(x) + (b - 1.0) * np.log1p(-x) - _betaln(a, b))


def _density_shape_derivative(a, b, x, first, at_zero, at_one):
    """d/da (``first``) or d/db of the beta density: the derivative in x of dI/da or dI/db
    (Var-aware), density times ``log x - (digamma(a) - digamma(a + b))`` or ``log(1 - x) -
    (digamma(b) - digamma(a + b))``; at x = 0 and 1 the limits ``at_zero()``, ``at_one()``."""
    ends = (x == 0) | (x == 1)  # plain values, also for a Var of an outer tape
    safe = np.where(ends, 0.5, x) if np.any(ends) else x
    log_part = np.log(safe) - _dlogbeta(a, b) if first else np.log1p(-safe) - _dlogbeta(b, a)
    out = _beta_density(a, b, safe) * log_part
    if np.any(ends):
        out = np.where(x == 0, at_zero(), np.where(x == 1, at_one(), out))
    return out


def _limit(a, above, at, below):
    """``above`` where the plain ``a`` > 1, ``at`` where it is 1, ``below`` under it."""
    a = plain_numbers(a)
    return np.where(a > 1.0, above, np.where(a == 1.0, at, below))


def _vjp_betainc_da_x(ans, a, b, x):
    # the density's limits at the ends: at x = 0 it is 0, 1/B(1, b) = b or inf as a is above, at
    # or below 1, times log x -> -inf; at x = 1 it is 0, a or inf as b is, times digamma(a + b) -
    # digamma(a) > 0 (= 1/a at b = 1)
    shape = np.shape(plain_numbers(x))
    return lambda g: unbroadcast(g * _density_shape_derivative(
        a, b, x, True, lambda: _limit(a, 0.0, -np.inf, -np.inf), lambda: _limit(b, 0.0, 1.0, np.inf)), shape)


def _vjp_betainc_db_x(ans, a, b, x):
    shape = np.shape(plain_numbers(x))
    return lambda g: unbroadcast(g * _density_shape_derivative(
        a, b, x, False, lambda: _limit(a, 0.0, 1.0, np.inf), lambda: _limit(b, 0.0, -np.inf, -np.inf)), shape)


def _vjp_betainc_second_x(which):
    # d/dx of I_aa, I_ab, I_bb: the density times (L_a^2 + L_aa), (L_a L_b + L_ab), (L_b^2 + L_bb),
    # L = log density; at x = 0 and 1 not computed (a third derivative at an end)
    def vjp(ans, a, b, x):
        shape = np.shape(plain_numbers(x))

        def pullback(g):
            if np.any((x == 0) | (x == 1)):
                raise NoGradientRule(
                    "scipy.special.betainc / betaincc: the derivative in x of a second derivative in a and b "
                    "at x = 0 or x = 1 is not computed (its limit there depends on a and b). Evaluate inside "
                    "(0, 1).")
            l_a, l_b = np.log(x) - _dlogbeta(a, b), np.log1p(-x) - _dlogbeta(b, a)
            t = polygamma(1, a + b)
            part = {"aa": l_a * l_a + t - polygamma(1, a), "ab": l_a * l_b + t,
                    "bb": l_b * l_b + t - polygamma(1, b)}[which]
            return unbroadcast(g * _beta_density(a, b, x) * part, shape)
        return pullback
    return vjp


_THIRD_IN_SHAPES = ("the third derivative in the shape parameters is not implemented; the first and second "
                    "derivatives in a and b, and every derivative in x, are")


def _betainc_second_primitive(index, which):
    primitive = OwnPrimitive(lambda a, b, x: _betainc_shape_plain(a, b, x, second=True)[index],
                             name=f"scipy.special.betainc_d{which}", reenters="any")
    defvjp(primitive, _refuse("scipy.special.betainc / betaincc", f"a at third order (d^3/d{which} da)",
                              _THIRD_IN_SHAPES),
           _refuse("scipy.special.betainc / betaincc", f"b at third order (d^3/d{which} db)", _THIRD_IN_SHAPES),
           _vjp_betainc_second_x(which))
    return primitive


#: ``d^2 betainc(a, b, x) / da^2``, ``/ da db``, ``/ db^2`` (internal: differentiable in x, their
#: derivatives in a and b refused)
betainc_daa, betainc_dab, betainc_dbb = (_betainc_second_primitive(i, w) for i, w in enumerate(("aa", "ab", "bb")))


def _shape_rule(primitive):
    return lambda ans, a, b, x: lambda g: unbroadcast(g * primitive(a, b, x), np.shape(plain_numbers(a)))


def _shape_rule_b(primitive):
    return lambda ans, a, b, x: lambda g: unbroadcast(g * primitive(a, b, x), np.shape(plain_numbers(b)))


#: ``d betainc(a, b, x) / da`` and ``/ db`` (internal: Var-aware functions for the distributions'
#: rules; differentiable in a, b (to second order) and x). Covered: 0 < a, b <= 1e7 (second order:
#: <= 1e4), every x in [0, 1]; against mpmath (50 digits) within 3.4e-13 relative up to a, b = 1e7,
#: 1.5e-13 up to 1e3 (both in far tails; tests/test_betainc_shape_derivatives.py); beyond, ValueError.
betainc_da = OwnPrimitive(lambda a, b, x: _betainc_shape_plain(a, b, x)[0], name="scipy.special.betainc_da",
                          reenters="any")
betainc_db = OwnPrimitive(lambda a, b, x: _betainc_shape_plain(a, b, x)[1], name="scipy.special.betainc_db",
                          reenters="any")
defvjp(betainc_da, _shape_rule(betainc_daa), _shape_rule_b(betainc_dab), _vjp_betainc_da_x)
defvjp(betainc_db, _shape_rule(betainc_dab), _shape_rule_b(betainc_dbb), _vjp_betainc_db_x)

_register(sc.betainc, _shape_rule(betainc_da), _shape_rule_b(betainc_db), _vjp_betainc_x)


# -- log betainc(a, b, x) in the lower tail --------------------------------------------------
# Where I = betainc(a, b, x) underflows (x = 1e-5, a = 100: I ~ 1e-500) log(I) was -inf and its
# derivatives 0/0 = NaN. Below the fraction's switch, x < (a + 1) / (a + b + 2), it is
# L = log P + log F (P = x^a (1-x)^b / (a B(a, b)), F the continued fraction above), finite;
# L_a, L_b from F's jet, L_x = density / I = a / (x (1 - x) F), and the second derivatives
# L_aa = S_aa, L_ab, L_bb as in _betainc_shape_side; d/da L_x = L_x (1/a - F_a/F),
# d/db L_x = -L_x F_b / F, d/dx L_x = L_x ((a-1)/x - (b-1)/(1-x) - L_x).


def _log_betainc_parts(a, b, x, order, in_shapes, value=True):
    """``[L, L_a, L_b, L_x]`` (``order`` 2: and ``L_aa, L_ab, L_bb, L_ax, L_bx``) of
    ``L = log(betainc(a, b, x))`` for 0 < x < (a + 1) / (a + b + 2) (plain). ``in_shapes``: a
    derivative in a or b is wanted, refused for shapes beyond _BETA_MAX_SHAPE (L and L_x are
    computed for every shape at which the fraction converges). ``value=False``: L is None,
    and SciPy's betainc (which only L needs) is not called."""
    a, b, x = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, x)))
    name = "betainc (its logarithm in the lower tail)"
    with np.errstate(invalid="ignore"):
        if np.any((a <= 0) | (b <= 0) | ~(x > 0) | ~(x < (a + 1.0) / (a + b + 2.0))):
            raise ValueError(f"scipy.special.{name}: computed for a, b > 0 and 0 < x < (a + 1) / (a + b + 2)")
        if in_shapes:
            largest = _BETA_MAX_SHAPE[order - 1]
            if np.any((a > largest) | (b > largest)):
                raise ValueError(
                    f"scipy.special.{name}: its {'second ' if order == 2 else ''}derivatives in a and b are "
                    f"computed for a, b up to {largest:g} (a = {np.max(a)!r}, b = {np.max(b)!r} here): beyond, "
                    "the continued fraction they come from loses digits (see wengert.scipy.special)")
    key = (order, value, a.shape, a.tobytes(), b.tobytes(), x.tobytes())
    last = _LOG_BETAINC_LAST[0]
    if last is not None and last[0] == key:
        return last[1]
    shape = a.shape
    a, b, x = a.ravel(), b.ravel(), x.ravel()
    f = _beta_fraction(a, b, x, order == 2, name)
    log_x, log_y = np.log(x), np.log1p(-x)
    # The value from SciPy's betainc wherever it is a normal number: log P + log F carries the
    # rounding of P's log-gamma terms (2.3e-13 absolute at beta.logcdf(0.02, 20, 200), where
    # log(betainc) is within 7e-15); the derivatives need only F and its jet.
    out = [None]
    if value:
        with np.errstate(under="ignore", divide="ignore"):
            direct = sc.betainc(a, b, x)
            out[0] = np.where(direct >= _TINY, np.log(np.maximum(direct, _TINY)),
                              _log_beta_prefactor(a, b, x, log_x, log_y) + np.log(f[0]))
    g_a, g_b = f[1] / f[0], f[2] / f[0]
    l_x = a / (x * (1.0 - x) * f[0])
    out += [log_x - _shifted_dlogbeta(a, b) + g_a, log_y - _shifted_dlogbeta(b, a) + g_b + 1.0 / b, l_x]
    if order == 2:
        t = sc.polygamma(1, a + b)
        out += [-_dtrigamma(a + 1.0, b - 1.0, a + b) + f[3] / f[0] - g_a * g_a, t + f[4] / f[0] - g_a * g_b,
                -_dtrigamma(b + 1.0, a - 1.0, a + b) + f[5] / f[0] - g_b * g_b - 1.0 / (b * b),
                l_x * (1.0 / a - g_a), -l_x * g_b]
    out = [None if v is None else v.reshape(shape)[()] for v in out]
    _LOG_BETAINC_LAST[0] = (key, out)
    return out


#: ``(key, parts)`` of the last call of _log_betainc_parts: a pullback asks two or three of
#: the derivatives at one point (d/da L's asks L_aa, L_ab, L_ax; d/db L's L_ab, L_bb, L_bx;
#: d/da L's and d/dx L's both L_a's fraction), which are one fraction and its jet: computed
#: once (the five second-order primitives computed it five times). One entry: a tuple read
#: and written whole, the key checked inside it.
_LOG_BETAINC_LAST = [None]


def _log_betainc_primitive(index, order, label):
    def part(a, b, x):  # (a copy: the cached parts are shared by the primitives of one point)
        out = _log_betainc_parts(a, b, x, order, index not in (0, 3), index == 0)[index].copy()
        # (computed in float64; rounded to the arguments' dtype, as betainc's float32 loop gives
        # float32: beta.logcdf of float32 arguments was float64)
        dtype = np.result_type(*(v if isinstance(v, (int, float)) else np.asarray(v) for v in (a, b, x)), 1.0)
        return out.astype(dtype)[()] if dtype.itemsize < out.dtype.itemsize else out
    return OwnPrimitive(part, name=f"scipy.special.log_betainc_lower{label}", reenters="any")


_WHY_THIRD_LOG = ("the third derivative of log(betainc) in the lower tail in a or b is not implemented; the "
                  "first and second are, and every derivative in x alone")
#: ``log(betainc(a, b, x))`` for ``0 < x < (a + 1) / (a + b + 2)`` (internal: finite where
#: betainc underflows; differentiable in a, b to second order and in x to every order)
log_betainc_lower = _log_betainc_primitive(0, 1, "")
_LOG_I_A, _LOG_I_B, _LOG_I_X = (_log_betainc_primitive(i, 1, w) for i, w in ((1, "_da"), (2, "_db"), (3, "_dx")))
_LOG_I_AA, _LOG_I_AB, _LOG_I_BB, _LOG_I_AX, _LOG_I_BX = (
    _log_betainc_primitive(i, 2, w) for i, w in ((4, "_daa"), (5, "_dab"), (6, "_dbb"), (7, "_dax"), (8, "_dbx")))
for _second in (_LOG_I_AA, _LOG_I_AB, _LOG_I_BB, _LOG_I_AX, _LOG_I_BX):
    defvjp(_second, *(_refuse("scipy.special.betainc (log, lower tail)", f"{w} at third order", _WHY_THIRD_LOG)
                      for w in "abx"))


def _log_betainc_rule(a_rule, b_rule, x_rule):
    def rule(primitive, argnum):
        return lambda ans, a, b, x: lambda g: unbroadcast(g * primitive(a, b, x), np.shape(plain_numbers((a, b, x)[argnum])))
    return [rule(p, i) for i, p in enumerate((a_rule, b_rule, x_rule))]


def _vjp_log_betainc_dx_x(ans, a, b, x):
    shape = np.shape(plain_numbers(x))

    def pullback(g):
        l_x = _LOG_I_X(a, b, x)  # (not ans: a Var of this tape only where it is recorded again)
        return unbroadcast(g * l_x * ((a - 1.0) / x - (b - 1.0) / (1.0 - x) - l_x), shape)
    return pullback


defvjp(log_betainc_lower, *_log_betainc_rule(_LOG_I_A, _LOG_I_B, _LOG_I_X))
defvjp(_LOG_I_A, *_log_betainc_rule(_LOG_I_AA, _LOG_I_AB, _LOG_I_AX))
defvjp(_LOG_I_B, *_log_betainc_rule(_LOG_I_AB, _LOG_I_BB, _LOG_I_BX))
defvjp(_LOG_I_X, *_log_betainc_rule(_LOG_I_AX, _LOG_I_BX, _LOG_I_X)[:2], _vjp_log_betainc_dx_x)


def _falling_value(a, where, order=0):
    out = np.zeros(np.broadcast_shapes(np.shape(plain_numbers(a)), np.shape(where)))
    if order:
        out[np.broadcast_to(where, out.shape)] = (-1.0) ** order * np.inf
    return out[()]


#: 0, whose n-th derivative in a is ``(-1)^n inf`` where ``where`` (else 0): the gamma density's at x = 0 with a <= 1,
#: as x -> 0+ (:func:`_gamma_density`)
_FALLING_IN_A = OwnPrimitive(_falling_value, name="scipy.special.gamma_density_at_zero", reenters="any")
def_partials(_FALLING_IN_A, lambda a, where, order=0: _FALLING_IN_A(a, where=where, order=order + 1))


def _gamma_density(a, x):
    """``x^(a-1) exp(-x) / gamma(a)``, the derivative of ``gammainc(a, x)`` in x (exact at
    x = 0 with a = 1, through xlogy); NaN for x < 0, where gammainc is (xlogy(0, x) made it
    e^-x at a = 1: d/dx chdtr(2, -1) was 0.82 where chdtr is NaN). At x = 0 with a <= 1 its
    derivatives in a are the limits as x -> 0+, those of ``density (log x - digamma(a))^n``: ``(-1)^n
    inf`` (the power's 0 ** 0 convention gave -digamma(1) = 0.577: the Hessian of gammainc(a, x) in
    (x, a) at (0, 1) was [[-1, 0.577], [-inf, 0]], the truth -inf both ways). Near the mode (``a >= 10``,
    ``a / 4 < x < 4 a``) :func:`log_gamma_density_near_mode`'s form: the direct exponent's terms of size ``a log a``
    cancelled (gammainc's x-derivative at a = 1e4, x = 9500 8.6e-12 off, at a = 1e6, x = 1e6 6.8e-10)."""
    pa, px = (np.asarray(plain_numbers(v), dtype=float) for v in (a, x))
    with np.errstate(invalid="ignore"):
        near = (pa >= 10.0) & (pa < np.inf) & (px > 0.25 * pa) & (px < 4.0 * pa)
    if np.any(near):  # (each form on its own points, the other's at a = x = 20 or 1: finite, no 0 * inf after)
        a_near, x_near = np.where(near, a, 20.0), np.where(near, x, 20.0)
        log_near = log_gamma_density_near_mode(a_near, x_near) - np.log1p((x_near - a_near) / a_near)
        return np.where(near, np.exp(log_near), _gamma_density(np.where(near, 1.0, a), np.where(near, 1.0, x)))
    fall = 0.0
    if isinstance(a, (Var, Dual)):
        falls = (px == 0) & (pa <= 1)
        if np.any(falls):
            a, fall = np.where(falls, pa, a), _FALLING_IN_A(a, where=falls)
    with np.errstate(divide="ignore"):  # (0 ** (a - 1) = inf for a < 1: the density is)
        density = _at_ends(x, (0.0,), lambda x: np.exp(sc.xlogy(a - 1.0, x) - x - sc.gammaln(a)),
                           lambda x: x ** (a - 1.0) * np.exp(-x - sc.gammaln(a))) + fall
    negative = x < 0  # plain values, also for a Var of an outer tape
    # times NaN, not np.where: the derivatives of a NaN are NaN too (np.where's were 0)
    return density * np.where(negative, np.nan, 1.0) if np.any(negative) else density


# -- d/da and d^2/da^2 of the regularized incomplete gamma functions --------------------------
# P = gammainc(a, x), Q = gammaincc = 1 - P. For x <= a + 1 the series P = e^-x sum_n x^(a+n) /
# gamma(a+n+1), differentiated term by term (each term's log-derivative is log x - digamma(a+n+1));
# beyond, the continued fraction of Gamma(a, x) = e^-x x^a h(a, x) (Numerical Recipes' gcf,
# modified Lentz), differentiated in a along with it (dual numbers), so that
# dQ/da = Q (log x + h_a / h - digamma(a)). Each is used where its function is the smaller one
# (no cancellation against 1). Against mpmath (50 digits, a from 1e-10 to 1e4, x from 1e-300 to
# 1.2e4, both sides of x = a + 1): within 2e-13 for a <= 1e3, 4e-13 at a = 1e4.
# d^2P/da^2 the same way once more: each series term times (log x - digamma(a+n+1))^2 -
# trigamma(a+n+1), and the fraction's second derivative carried along with it.
_TINY = 1e-300


def _log_gamma_prefactor(a, x):
    """``a log x - x - gammaln(a + 1)`` (plain). From a = 20 on as ``-a (u - log(1 + u)) -
    log(2 pi a) / 2 - s(a)``, ``u = (x - a) / a`` and ``s`` Stirling's series: its rounding is
    that of ``x - a``, not of ``a log x`` (1e-11 at a = 1e4, x = a + 1 otherwise)."""
    big = a >= 20.0
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = a * np.log(x) - x - sc.gammaln(a + 1.0)
        if not np.any(big):
            return direct
        b = np.where(big, a, 20.0)
        u = (x - b) / b
        r = 1.0 / (b * b)
        stirling = polynomial(r, _STIRLING[:5]) / b
        # log(1 + u) = log(x / a): log1p near x = a, the ratio's log away from it (where 1 + u,
        # rounded, loses digits: 5.8e-9 off at x = 1e-5, a = 30)
        log_ratio = np.where(np.abs(plain_numbers(u)) < 0.5, np.log1p(u), np.log(x / b))
        return np.where(big, -b * (u - log_ratio) - 0.5 * np.log(2.0 * np.pi * b) - stirling, direct)


def _log_x_minus_digamma(a, x):
    """``log x - digamma(a + 1)`` (plain). From a = 10 on as ``log(x / a) - (digamma(a + 1) -
    log a)``, the latter by its asymptotic series: near x = a the two logarithms (23 at
    a = 1e10) cancel to about 1/sqrt(a), and their difference taken directly kept only
    their rounding (dP/da was 1.1e-5 off at a = x = 1e10, 6.6e-3 at 1e11). (From a = 20 on
    with four terms of the series, 7e-16 left out at a = 20; now ten, below 1e-18 of it from 10.)"""
    big = a >= 10.0
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = np.log(x) - sc.digamma(a + 1.0)
        if not np.any(big):
            return direct
        b = np.where(big, a, 10.0)
        u = (x - b) / b
        r = 1.0 / (b * b)
        # digamma(a + 1) - log a = 1/(2a) - sum_k B_2k / (2k a^2k) = 1/(2a) - 1/(12a^2) + 1/(120a^4) - ...
        tail = 0.5 / b - r * polynomial(r, DIGAMMA_SERIES)
        # (log x - log a away from x = a: x / a underflows at a subnormal x)
        log_ratio = np.where(np.abs(plain_numbers(u)) < 0.5, np.log1p(u), np.log(x) - np.log(b))
        return np.where(big, log_ratio - tail, direct)


def _dp_da_series(a, x, per_density=False, second=False):
    """dP/da for x > 0 by the series (plain 1-d arrays); with ``per_density``
    dP/da divided by the density ``x^(a-1) e^-x / gamma(a)``, which is the first term's
    ``a / x`` (so neither underflows); with ``second`` the pair (dP/da, d^2P/da^2).

    P = c S, ``c = x^a e^-x / gamma(a + 1)``, ``S = sum_n t_n``, ``t_n = x^n / ((a + 1) ... (a + n))``,
    whose log-derivatives in a are ``-H_n`` and ``K_n`` (``H_n = sum_(k<=n) 1 / (a + k)``, ``K_n`` the same of the
    squares): ``dP/da = c (l S - sum t H)`` and ``d^2P/da^2 = c ((l^2 - trigamma(a + 1)) S - 2 l sum t H + sum t (H^2 +
    K))``, ``l = log x - digamma(a + 1)``, each sum's terms of one sign. The terms ``t_n ((l - H_n)^2 - trigamma(a + n
    + 1))`` summed before changed sign where H_n passes l, and the running ``l - H_n`` and trigamma kept every step's
    rounding: d^2P/da^2 at a = x = 13 was 1.2e-12 off, at 13.9 1.7e-12."""
    first_term = x / a if per_density else np.exp(_log_gamma_prefactor(a, x))
    ell = _log_x_minus_digamma(a, x)
    sums = np.zeros((3 if second else 2,) + a.shape)
    sums[0] = 1.0
    state = np.zeros((3,) + a.shape)  # t_n, H_n, K_n of the entries not converged
    state[0] = 1.0
    active = np.arange(a.size)
    first, count = 1, 32
    while active.size:
        if first > _MAX_TERMS:
            _refuse_unconverged(a[active], x[active])
        count = min(count, max(16, 2 ** 16 // active.size), _MAX_TERMS + 1 - first)
        # (each entry's terms along the last axis, contiguous: summed pairwise, the same for one entry as for many)
        pa, px = a[active][:, None], x[active][:, None]
        shifted = pa + np.arange(first, first + count, dtype=float)  # a + n
        inverse = 1.0 / shifted
        t, h, k = (running[:, None] for running in state[:, active])
        t = t * np.cumprod(px * inverse, axis=1)
        h = h + np.cumsum(inverse, axis=1)
        terms = [t, t * h]
        if second:
            k = k + np.cumsum(inverse * inverse, axis=1)
            terms.append(t * (h * h + k))
        terms = np.stack(terms)
        sums[:, active] += np.sum(terms, axis=2)
        state[:, active] = np.stack([q[:, -1] for q in (t, h, k)])
        # past n = x - a the terms fall by x / (a + n) < 1 a step: the rest is below the last term times r / (1 - r)
        # and the growth of H (logarithmic)
        ratio = px[:, 0] / (shifted[:, -1] + 1.0)
        settled = (shifted[:, -1] > px[:, 0]) & np.all(np.abs(terms[:, :, -1]) * ratio <= 1e-17 * (1.0 - ratio)
                                                       * np.abs(sums[:, active]), axis=0)
        active = active[~settled]
        first += count
        count *= 2
    with np.errstate(invalid="ignore", over="ignore"):  # (0 * inf where the first term underflows at a NaN x)
        total = first_term * (ell * sums[0] - sums[1])
        if not second:
            return total
        total2 = first_term * ((ell * ell - sc.polygamma(1, a + 1.0)) * sums[0] - 2.0 * ell * sums[1] + sums[2])
    return total, total2


# -- large a near x = a: Temme's uniform expansion (DLMF 8.12) differentiated in a ----------------
# The series and the fraction need about 10 sqrt(a) terms near x = a (4 s for one gradient at
# a = 1e8). There, with t = a (1 + s) and s - log(1 + s) = eta^2 / 2 (eta of the sign of s),
# t^(a-1) e^-t dt / gamma(a) = sqrt(a / 2 pi) e^(-S(a)) e^(-a eta^2 / 2) f(eta) d eta, f = eta / s
# and S Stirling's series; log t - digamma(a) = L(eta) + delta(a), L = log(1 + s), delta = log a -
# digamma(a). So dT/da of the tail T on eta's side (P below x = a, Q above) is that prefactor times
# the integral over the tail of e^(-a eta^2 / 2) (g + delta f), g = f L, and d^2T/da^2 the same with
# k + 2 delta g + (delta^2 - trigamma(a)) f, k = f L^2 (the derivatives of the density in a). With
# f, g, k as Taylor series in eta (convergent for |eta| < 2 sqrt(pi)), the integrals are moments
# int eta^n e^(-a eta^2 / 2) over the tail, z = |eta| to infinity: e^(-a z^2 / 2) (B_n(z) + their
# complete part), B_n = (z^(n-1) + (n-1) B_(n-2)) / a from B_0 = B_1 = 0, all positive. The complete
# parts add up, for even n, to the derivative of int_0^inf P's density = 1, which is 0 identically, and
# for odd n to a series in 1/a whose leading terms cancel exactly (the second derivative's first
# two): it is summed with its coefficients computed once (_UNIFORM_ODD, _UNIFORM_ODD2), so that
# nothing cancels at x = a, where d^2P/da^2 is about a^-2.5 among terms of a^-1. Coefficients: mpmath
# at 60 digits by series reversion (tests/test_gamma_shape_large_a.py computes them again).
# Against mpmath (60 digits) over 90 random points with a from 1e3 to 1e15: within 1.5e-15 at |x - a|
# <= 3 sqrt(a), both orders; in the tails the rounding of the exponent a eta^2 / 2 (which SciPy's own
# P and Q share), about its size times eps: 1.9e-13 at 38 sqrt(a), where it is 666, 1.3e-14 at the
# sweep's points with x / a from 0.5 to 2 (tools/sweep_gamma_shape.py --large --points 90; up to 5.3e-14
# at other points there: a = 1e4, x / a = 1.2). At x = a, where d^2P/da^2 nears its
# zero, the series had lost 2.7e-10 of it (a = 1e3).
_UNIFORM_F = (
    1.0, -0.3333333333333333, 0.08333333333333333, -0.014814814814814815,
    0.0011574074074074073, 0.0003527336860670194, -0.0001787551440329218, 3.919263178522438e-05,
    -2.185448510679992e-06, -1.85406221071516e-06, 8.296711340953087e-07, -1.7665952736826078e-07,
    6.707853543401498e-09, 1.0261809784240309e-08, -4.382036018453353e-09, 9.14769958223679e-10,
    -2.5514193994946248e-11, -5.830772132550426e-11, 2.4361948020667415e-11, -5.0276692801141755e-12,
    1.1004392031956135e-13, 3.371763262400985e-13, -1.392388722418162e-13, 2.8534893807047445e-14,
    -5.139111834242572e-16, -1.9752288294349442e-15, 8.099521156704561e-16, -1.6522531216398162e-16,
    2.5305430097478883e-18, 1.1686939738559576e-17, -4.770037049820485e-18, 9.699126059056237e-19,
    -1.2932565538038175e-20, -6.969230253185693e-20, 2.835145432176937e-20, -5.7509821590070474e-21,
)
_UNIFORM_G = (
    0.0, 1.0, -0.5, 0.16666666666666666,
    -0.041666666666666664, 0.007407407407407408, -0.0005787037037037037, -0.0001763668430335097,
    8.93775720164609e-05, -1.959631589261219e-05, 1.092724255339996e-06, 9.2703110535758e-07,
    -4.148355670476543e-07, 8.832976368413039e-08, -3.353926771700749e-09, -5.130904892120154e-09,
    2.1910180092266765e-09, -4.573849791118395e-10, 1.2757096997473124e-11, 2.915386066275213e-11,
    -1.2180974010333708e-11, 2.5138346400570878e-12, -5.5021960159780674e-14, -1.6858816312004926e-13,
    6.96194361209081e-14, -1.4267446903523723e-14, 2.569555917121286e-16, 9.876144147174721e-16,
    -4.0497605783522806e-16, 8.261265608199081e-17, -1.2652715048739441e-18, -5.843469869279788e-18,
    2.3850185249102424e-18, -4.849563029528118e-19, 6.466282769019088e-21, 3.4846151265928466e-20,
)
_UNIFORM_K = (
    0.0, 0.0, 1.0, -0.6666666666666666,
    0.2777777777777778, -0.08703703703703704, 0.021064814814814814, -0.0036449147560258673,
    0.0002638154027042916, 9.30825004899079e-05, -4.493161362052823e-05, 9.612751725234578e-06,
    -4.7093747911587905e-07, -4.782371799594784e-07, 2.0793377225793496e-07, -4.3431895428905176e-08,
    1.3848276512868177e-09, 2.622625568449057e-09, -1.0970098395542175e-09, 2.2545317170450286e-10,
    -5.096340708175119e-12, -1.482831379538177e-11, 6.0957271918487376e-12, -1.2415911233812667e-12,
    2.145711606937659e-14, 8.548303546865161e-14, -3.4830274507791023e-14, 7.057753112168209e-15,
    -9.847956934975113e-17, -4.997081113645925e-16, 2.0257528902139844e-16, -4.091676338304342e-17,
    4.787635895395371e-19, 2.9520447035744448e-18, -1.1929011583805164e-18, 2.404283778725278e-19,
)
_UNIFORM_ODD = (
    1.0, 0.16666666666666666, 0.016666666666666666, -0.009523809523809525,
    -0.0035714285714285713, 0.0036075036075036075, 0.0023254523254523257, -0.0032634032634032634,
    -0.00298059783353901, 0.005301458087835797, 0.006280149159406125, -0.01347331868263353,
    -0.019659660496246848, 0.049288823080719704, 0.08560340572747682, -0.24528747777846288,
    -0.4947519420759447, 1.5936257042483004,
)
_UNIFORM_ODD2 = (
    0.0, 0.0, -0.08333333333333333, -0.027777777777777776,
    0.018055555555555554, 0.013888888888888888, -0.01234126984126984, -0.014074074074074074,
    0.016431878306878308, 0.024300831443688588, -0.035563715385143954, -0.0641559586797682,
    0.11345612830731878, 0.24096320346320346, -0.5008232045732046, -1.2228779661896545,
    2.92425292312217, 8.067709026082944,
)

#: From this a on, and for |eta| <= _UNIFORM_ETA (x / a from 0.38 to 2.15), the expansion above
#: gives dP/da and d^2P/da^2; the series and the fraction converge in tens of terms beyond that eta. From a = 10 (was
#: 1e3, then 20, then 14): near x = a d^2P/da^2 is a small difference of the series' terms, 8e-12 relative off at a = x
#: = 100, 7e-12 at (20, 19.9), 3.4e-12 at (19.9, 19.9), 2.6e-12 at (19.03, 19.04), where the expansion is within 2e-15
#: of mpmath (105 points, a from 20 to 800, |eta| <= 1; 40 from 15 to 20 within 1.1e-14). At x = a, where
#: d^2P/da^2 nears its zero in x (its condition number in x about 2,000 at a = 13), the series' terms cancel 1,400
#: times (1.3e-13 off at a = x = 13, 1.5e-13 at 11; 1.2e-12 and 3.1e-13 before its sums had terms of one sign) and
#: the expansion's odd series, 14 terms of it until session 57, lost 1.2e-13 at a = 14, 3e-13 at 13; with 18 terms
#: it is within 3.5e-15 from a = 11 (1.4e-14 at 10.5, 3e-14 at 10; 1.1e-12 at 8): from 10 on it serves
_UNIFORM_A = 10.0
_UNIFORM_ETA = 1.0
#: log a - digamma(a) = 1/(2a) + sum B_2k / (2k a^2k) and trigamma(a) - 1/a = 1/(2a^2) + sum B_2k /
#: a^(2k+1), in powers of 1/a (ten terms of each: the first omitted below 1e-26 from a = 20)
_LOG_MINUS_DIGAMMA = (0.0, 0.5) + sum(((c, 0.0) for c in DIGAMMA_SERIES), ())[:-1]
_TRIGAMMA_MINUS_INVERSE = (0.0, 0.0, 0.5) + sum(((float(b), 0.0) for b in BERNOULLI_2K), ())[:-1]


def _half_eta_squared(u):
    """``u - log1p(u)`` (``eta^2 / 2`` at ``x / a = 1 + u``) for ``-0.7 <= u <= 1.2``, without
    cancellation: ``2 w^2 (1 / (1 - w) - w / 3 - w^3 / 5 - ...)``, ``w = u / (2 + u)`` (log1p(u) =
    2 atanh(w)), every term of one sign (u - log1p(u) itself lost 8 eps at u = -1/4)."""
    w = u / (2.0 + u)
    w2 = w * w  # (<= 0.29: 34 terms)
    odd = polynomial(w2, [1.0 / (2 * k + 3) for k in range(34)])  # 1/3 + w^2/5 + ...
    return 2.0 * w2 * (1.0 / (1.0 - w) - w * odd)


def _dp_da_uniform(a, x, per_density=False, second=False):
    """dP/da (or with ``second`` d^2P/da^2) by the expansion above (plain arrays of one shape,
    a >= _UNIFORM_A, |eta| <= _UNIFORM_ETA); ``per_density`` as in :func:`_dp_da_series`."""
    u = (x - a) / a
    half = _half_eta_squared(u)
    z = np.sqrt(2.0 * half)
    sign = np.where(u > 0, 1.0, -1.0)  # the tail on eta's side: Q above x = a, P below
    r = 1.0 / a
    delta = polynomial(r, _LOG_MINUS_DIGAMMA)
    if second:
        q = delta * delta - (r + polynomial(r, _TRIGAMMA_MINUS_INVERSE))
        coefficients = [k + 2.0 * delta * g + q * f for f, g, k in zip(_UNIFORM_F, _UNIFORM_G, _UNIFORM_K)]
        total = sign * r * polynomial(r, _UNIFORM_ODD2)
    else:
        coefficients = [g + delta * f for f, g in zip(_UNIFORM_F, _UNIFORM_G)]
        total = sign * r * polynomial(r, _UNIFORM_ODD)
    before, moment, power, signs = 0.0 * z, 0.0 * z, np.ones_like(z), sign
    for n in range(2, len(coefficients)):
        power, signs = power * z, signs * sign
        before, moment = moment, (power + (n - 1) * before) * r
        total = total + coefficients[n] * signs * moment
    if per_density:  # the density is sqrt(a / 2 pi) e^(-S(a) - a eta^2 / 2) / x
        return -sign * x * total
    return -sign * np.sqrt(a / (2.0 * np.pi)) * np.exp(-_stirling_correction(a) - a * half) * total


#: the most terms of the series (and of the continued fraction) dP/da sums: about 10 sqrt(a)
#: are needed near x = a, where they serve below a = _UNIFORM_A only; tens beyond |eta| = 1
_MAX_TERMS = 300000


def _refuse_unconverged(a, x):
    raise ValueError(
        "scipy.special.gammainc / gammaincc: the derivative in a (or the log of gammaincc's far "
        f"tail) did not converge in "
        f"{_MAX_TERMS} terms at a = {np.ravel(a)[0]!r}, x = {np.ravel(x)[0]!r} (the series and "
        "continued fraction it sums need about 10 sqrt(a) terms near x = a, and lose about their "
        f"number times 1e-16 to rounding; from a = {_UNIFORM_A:g} on an asymptotic expansion serves near x = a)")


#: From this x on (and below |a| = 1e-9 x) upper_gamma_fraction is its series in 1/x: the terms it leaves out
#: are below 6 (a/x)^2 + 35/x^2 < 7e-18 of each (h, dh/da, d2h/da2) there, while the fraction lost up to 6.9e-14
#: (a = 3e6, x = 9e15) and did not converge at (3e6, 2^53 - 8)
_FRACTION_FAR = 1e10


def upper_gamma_fraction(a, x, derivatives=0):
    """``h(a, x) = e^x x^-a Gamma(a, x)`` by its continued fraction, for ``x > a + 1`` (plain
    values; internal); with ``derivatives`` 1 or 2 the tuple ``(h, dh/da)`` or
    ``(h, dh/da, d^2h/da^2)``, differentiated along with the modified Lentz iteration.

    >>> round(float(upper_gamma_fraction(1.0, 4.0)), 12)  # Gamma(1, x) = e^-x: h = 1/x
    0.25
    """
    a, x = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(x, dtype=float))
    with np.errstate(invalid="ignore"):
        far = (x > _FRACTION_FAR) & (np.abs(a) < 1e-9 * x)
    if np.any(far):
        # h = (1 + (a - 1)/x + (a - 1)(a - 2)/x^2 + ...) / x, and its a-derivatives: the terms left out are
        # below 6 (a/x)^2 + 35/x^2 < 7e-18 of each. Beyond x = 2^54 the fraction's b = x + 1 - a + 2i rounds
        # to itself, 1/b times b can stay 1 - 2^-53 for ever and d(1/b) underflows (x > 1e154): it never
        # converged (invgamma.logcdf(2e-300, 0.5), x = 5e299, and (1e-18, 3.0) were refused)
        u, am = 1.0 / np.where(far, x, 1.0), a - 1.0
        series = (u * (1.0 + am * u * (1.0 + (a - 2.0) * u)), u * u * (1.0 + (2.0 * a - 3.0) * u),
                  2.0 * u ** 3 * (1.0 + (3.0 * a - 6.0) * u))
        if np.all(far):
            return series[:derivatives + 1] if derivatives else series[0]
        # the fraction on the other entries only (a placeholder x = a + 2 where far was the fraction's slowest
        # point: 20 s at a = 1e12, then refused)
        rest = upper_gamma_fraction(a[~far], x[~far], derivatives)
        out = tuple(np.array(s, dtype=float) for s in series[:derivatives + 1])
        for o, r in zip(out, rest if derivatives else (rest,)):
            o[~far] = r
        return out if derivatives else out[0]
    b = x + 1.0 - a  # db/da = -1 throughout (b grows by 2 a step)
    c = np.full(b.shape, 1.0 / _TINY)
    d = 1.0 / b
    h, db, dc, dd = d, -1.0, 0.0, d * d
    d2c, d2d = 0.0, 2.0 * d * d * d
    dh, d2h = dd, d2d
    # (an entry, once converged, stays so, and as it was: its delta can round to 1 - 2^-53 on a later step,
    # beyond the test's 1e-16, so a batch whose entries converged on different steps never did all at once:
    # the nakagami.cdf directional test's 14 (a, x), each converging alone, were refused together)
    done = np.zeros(np.shape(b), dtype=bool)
    for i in range(1, _MAX_TERMS + 1):
        an = -i * (i - a)  # d an/da = i, d^2 an/da^2 = 0
        b = b + 2.0
        big_d = an * d + b
        big_c = b + an / c
        safe_d = np.where(np.abs(big_d) < _TINY, _TINY, big_d)
        if derivatives:
            d_big_d = i * d + an * dd + db
            d_big_c = db + (i - an * dc / c) / c
            if derivatives > 1:
                d2_big_d = 2.0 * i * dd + an * d2d
                d2c = -((an * d2c + 2.0 * dc * (i - an * dc / c)) / c) / c  # (c starts at 1e300: no c^3)
                d2d = (2.0 * d_big_d * d_big_d / safe_d - d2_big_d) / safe_d ** 2
            dd = -d_big_d / safe_d ** 2
            dc = d_big_c
        d = 1.0 / safe_d
        c = np.where(np.abs(big_c) < _TINY, _TINY, big_c)
        delta = d * c
        converged = np.abs(delta - 1.0) <= 1e-16
        delta = np.where(done, 1.0, delta)  # (a converged entry kept as it was: its value alone's)
        if derivatives:
            ddelta = np.where(done, 0.0, dd * c + d * dc)
            if derivatives > 1:
                d2delta = np.where(done, 0.0, d2d * c + 2.0 * dd * dc + d * d2c)
                d2h = d2h * delta + 2.0 * dh * ddelta + h * d2delta
                # (h'' > 0: h = integral of e^-xs (1 + s)^(a-1) ds, h'' the same with log^2(1 + s))
                converged = converged & (np.abs(d2delta) <= 1e-17 * np.abs(d2h / (h * delta)))
            dh = dh * delta + h * ddelta
            # (the derivative must converge too: at an integer a the fraction ends, delta = 1
            # from i = a on, but not its derivative in a)
            converged = converged & (np.abs(ddelta) <= 1e-17 * np.abs(dh / (h * delta)))
        h = h * delta
        done = done | converged
        if np.all(done):
            break
    else:
        _refuse_unconverged(a[~done], x[~done])
    return (h, dh, d2h)[:derivatives + 1] if derivatives else h


def _dp_da_plain(a, x, per_density=False, name="gammainc / gammaincc", second=False):
    """dP/da (plain): 0 at x = 0 and x = inf, NaN where P is; with ``per_density`` divided by
    the density ``x^(a-1) e^-x / gamma(a)`` (each branch's common factor cancelled: nothing
    underflows), for 0 < x < inf; with ``second`` d^2P/da^2 instead (the same ends)."""
    a, x = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(x, dtype=float))
    if np.any(a <= 0):
        raise ValueError(f"scipy.special.{name}: the derivative in a is computed for a > 0 "
                         "(SciPy's values at a <= 0 are its conventions, not the function's limit)")
    out = np.where(np.isnan(a) | np.isnan(x) | (x < 0), np.nan, 0.0)
    with np.errstate(invalid="ignore"):
        near = np.array((a >= _UNIFORM_A) & np.isfinite(a) & (x >= 0.3 * a) & (x <= 2.2 * a))
    if np.any(near):
        near[near] = _half_eta_squared((x[near] - a[near]) / a[near]) <= 0.5 * _UNIFORM_ETA ** 2
        out[near] = _dp_da_uniform(a[near], x[near], per_density, second)
    fraction = np.isfinite(x) & (x > a + 1.0) & (a > 0) & ~near
    # (a NaN or infinite a never meets the series' stopping test: NaN, or 0 for a = inf, where P is 0)
    series = (x > 0) & np.isfinite(x) & np.isfinite(a) & ~fraction & ~near
    if np.any(series):
        sums = _dp_da_series(a[series], x[series], per_density, second)
        out[series] = sums[1] if second else sums
    if np.any(fraction):
        af, xf = a[fraction], x[fraction]
        h, dh, *d2h = upper_gamma_fraction(af, xf, derivatives=2 if second else 1)
        # log x - digamma(a) as (log x - digamma(a + 1)) + 1/a, the first carried as the series
        # carries it: near x = a the two logarithms cancel (dP/da at a = 1e6, x = a + 1000 was
        # 8.7e-13 off, the rounding of log x over the derivative's 1/sqrt(a))
        log_part = _log_x_minus_digamma(af, xf) + dh / h
        if second:
            # Q_aa = Q (S^2 + S_a), S = d/da log Q = log_part + 1/a, S_a = h''/h - (h'/h)^2 -
            # trigamma(a); trigamma(a) = trigamma(a + 1) + 1/a^2 cancels S^2's 1/a^2:
            # a (S^2 + S_a) = a log_part^2 + 2 log_part + a (h''/h - (h'/h)^2 - trigamma(a + 1))
            ratio = dh / h
            scaled = af * log_part * log_part + 2.0 * log_part + af * (
                d2h[0] / h - ratio * ratio - sc.polygamma(1, af + 1.0))
        else:
            scaled = af * log_part + 1.0  # a S
        if per_density:  # Gamma(a, x) / gamma(a) = density x h
            out[fraction] = -xf * h * (scaled / af if second else log_part + 1.0 / af)
        else:
            with np.errstate(divide="ignore"):
                q_over_a = np.exp(_log_gamma_prefactor(af, xf) + np.log(h))  # e^-x x^a h / gamma(a + 1)
            # Q (...) as (Q / a) (a ...): for a tiny a, Q alone is subnormal where the derivative
            # is not (a = 1e-10, x = 700: 1.1e-7 off), while a (log x - digamma(a)) -> 1
            out[fraction] = -q_over_a * scaled
    return out[()]


_THIRD_IN_A_OF_P = ("the third derivative in the shape parameter is not implemented; the first and second "
                    "derivatives in a, and every derivative in x, are")


def _x_partial_of_a_derivative(a, x, order):
    """d/dx of ``d^order P / da^order`` (order 1 or 2): the same derivative in a of the density x^(a-1) e^-x /
    gamma(a), the density times (log x - digamma(a)) for order 1, times ((log x - digamma(a))^2 - trigamma(a)) for
    order 2. At x = 0: 0 for a > 1, and below (and at a = 1) the density's limit times log 0 (-inf) or log(0)^2
    (+inf)."""
    zero = x == 0  # a comparison: plain, also for a Var of an outer tape
    safe = np.where(zero, 1.0, x)
    log_part = _log_less_digamma(a, safe)  # (log x - digamma(a): from a = 10 on without the two logarithms' rounding)
    factor = log_part if order == 1 else log_part * log_part - sc.polygamma(1, a)
    d = _gamma_density(a, safe) * factor
    return np.where(zero, np.where(a > 1.0, 0.0, -np.inf if order == 1 else np.inf), d)


def _vjp_in_x_of_a_derivative(order):
    """The VJP in x of ``d^order P / da^order`` (:func:`_x_partial_of_a_derivative`)."""
    def vjp(ans, a, x):
        shape = np.shape(x)
        return lambda g: unbroadcast(times_tangent(g, _x_partial_of_a_derivative(a, x, order)), shape)
    return vjp


def _jvp_of_a_derivative(order, in_a):
    """The JVP of ``d^order P / da^order``, ``in_a(a, x)`` its partial in a (None: refused), with
    :func:`times_tangent`'s zeros: through the transpose of the VJPs, forward over reverse met 0 * inf at x = 0 (the
    Hessian of gamma.cdf in (x, a) at (0, 1): an invalid-value warning)."""
    def jvp(ans, primals, tangents):
        (a, x), (ta, tx) = primals, tangents
        out = np.zeros_like(plain_numbers(ans))
        if ta is not None:
            if in_a is None:
                name, argument = "scipy.special.gammainc / gammaincc", "a at third order (d^3/da^3)"
                _refuse(name, argument, _THIRD_IN_A_OF_P)(ans, a, x)
            out = out + times_tangent(ta, in_a(a, x))
        if tx is not None:
            out = out + times_tangent(tx, _x_partial_of_a_derivative(a, x, order))
        return out
    return jvp


#: ``d^2 gammainc(a, x) / da^2`` (internal: differentiable in x, its derivative in a refused)
gammainc_daa = OwnPrimitive(lambda a, x: _dp_da_plain(a, x, second=True), name="scipy.special.gammainc_daa",
                            reenters="any")
defvjp(gammainc_daa, _refuse("scipy.special.gammainc / gammaincc", "a at third order (d^3/da^3)", _THIRD_IN_A_OF_P),
       _vjp_in_x_of_a_derivative(2))
defjvp(gammainc_daa, _jvp_of_a_derivative(2, None))

#: ``d gammainc(a, x) / da`` (internal: a Var-aware function for the distributions' rules;
#: differentiable in a and in x)
gammainc_da = OwnPrimitive(_dp_da_plain, name="scipy.special.gammainc_da", reenters="any")
defvjp(gammainc_da, lambda ans, a, x: lambda g: unbroadcast(g * gammainc_daa(a, x), np.shape(plain_numbers(a))),
       _vjp_in_x_of_a_derivative(1))
defjvp(gammainc_da, _jvp_of_a_derivative(1, gammainc_daa))

for _fn, _sign in ((sc.gammainc, 1.0), (sc.gammaincc, -1.0)):
    _register(_fn, staged_rule(lambda g, ans, a, x, _sign=_sign: _sign * g * gammainc_da(a, x), 0, "xy",
                               unbroadcast),
              # (times_tangent: a zero tangent adds nothing where the density is inf, x = 0 with a < 1)
              staged_rule(lambda g, ans, a, x, _sign=_sign: _sign * times_tangent(g, _gamma_density(a, x)), 1,
                          "xy", unbroadcast))


#: Where ``_drgamma`` takes rgamma's derivatives from ``_rgamma_far_primitive``'s (real x below it): there 1/gamma(x) is
#: about gamma(1 - x) / pi >= 1e284 between its zeros, and rgamma (digamma^2 - trigamma)'s two products overflowed
#: where their difference does not (or does, inf - inf: rgamma''(-170.5) was NaN for -5.0e308, -inf in doubles).
_RGAMMA_FAR = -160.0


def _rgamma_far_terms(k):
    """``C_k`` of ``rgamma^(k)(x) = (-1)^n gamma(1 - x) C_k`` (internal, ``_rgamma_far_primitive``; n = round(x), r = x - n) as
    ``{(trig, exponents): coefficient}``: trig 0 for cos(pi r), 1 for sin(pi r), ``exponents[j]`` the power of
    ``psi^(j)(1 - x)``. From 1/gamma(x) = sin(pi x) gamma(1 - x) / pi: ``C_0 = sin(pi r) / pi`` and ``C_(k+1) = C_k'
    - psi(1 - x) C_k`` (the derivative of gamma(1 - x) is -psi(1 - x) gamma(1 - x); of psi^(j)(1 - x), -psi^(j+1))."""
    terms = {(1, (0,) * (k + 1)): 1.0 / math.pi}
    for _ in range(k):
        out = {}

        def add(key, c):
            out[key] = out.get(key, 0.0) + c
        for (trig, exps), c in terms.items():
            add((1 - trig, exps), (-math.pi if trig == 0 else math.pi) * c)  # cos' = -pi sin, sin' = pi cos
            for j, e in enumerate(exps):
                if e:
                    add((trig, tuple(v - (i == j) + (i == j + 1) for i, v in enumerate(exps))), -e * c)
            add((trig, tuple(v + (i == 0) for i, v in enumerate(exps))), -c)  # - psi C_k
        terms = {key: c for key, c in out.items() if c != 0.0}
    return terms


def _rgamma_far_plain(x, k, terms):
    """``rgamma^(k)(x)`` for real x below ``_RGAMMA_FAR`` (internal, plain values): ``(-1)^n gamma(1 - x) C_k``
    (``terms``, ``_rgamma_far_terms(k)``), gamma(1 - x) as ``-x gamma(v)``, v = -x exact (1 - x rounds: 7e-14 of
    gamma there), gamma(v) by the duplication formula ``2^(v - 1) gamma(v / 2) gamma(v / 2 + 1/2) / sqrt(pi)``, the power of 2
    last (ldexp): no overflow before the product does, and none of exp(gammaln)'s 700 ulps of the exponent."""
    x = np.asarray(x, dtype=float)
    n = np.round(x)
    r = x - n
    parity = np.where(np.mod(n, 2.0) == 0.0, 1.0, -1.0)
    v = -x
    trig = (np.cos(np.pi * r), np.sin(np.pi * r))
    psi = [sc.polygamma(j, 1.0 - x) if j else sc.digamma(1.0 - x) for j in range(k + 1)]
    c = 0.0 * x
    for (t, exps), coefficient in terms.items():
        term = coefficient * trig[t]
        for j, e in enumerate(exps):
            if e:
                term = term * psi[j] ** e
        c = c + term
    whole = np.floor(v - 1.0)
    with np.errstate(over="ignore", invalid="ignore"):
        out = (parity * c * v * sc.gamma(0.5 * v)) * (sc.gamma(0.5 * v + 0.5) * (2.0 ** (v - 1.0 - whole) / _SQRT_PI))
        out = np.ldexp(out, np.minimum(whole, 5000.0).astype(int))
    return out[()]


#: The highest order of rgamma's derivatives below ``_RGAMMA_FAR`` (``_rgamma_far_primitive``); beyond, refused.
_RGAMMA_FAR_TOP = 8


def _rgamma_far_refused(x):
    raise NoGradientRule(f"scipy.special.rgamma below {_RGAMMA_FAR} has derivatives to order {_RGAMMA_FAR_TOP} in "
                         "wengert (each order its own product with gamma(1 - x), beyond the doubles there); the "
                         f"derivative of order {_RGAMMA_FAR_TOP + 1} is not implemented")


def _rgamma_far_primitive(k):
    """The primitive ``x -> rgamma^(k)(x)`` for real x below ``_RGAMMA_FAR`` (internal, ``_drgamma``), its derivative
    the next order's: each order one plain product, so no cotangent or tangent meets gamma(1 - x) (beyond the
    doubles) apart from the small factors it multiplies (reverse over reverse at -171.5 sent inf to both terms of
    the reflected form's bracket: NaN for +inf). All made at import, none on demand (the registry the same in every
    order of calls)."""
    terms = _rgamma_far_terms(k)
    return OwnPrimitive(lambda x: _rgamma_far_plain(x, k, terms), name=f"scipy.special.rgamma_derivative_{k}",
                        reenters="any")


_RGAMMA_FAR_ORDERS = {k: _rgamma_far_primitive(k) for k in range(1, _RGAMMA_FAR_TOP + 1)}
for _k, _prim in _RGAMMA_FAR_ORDERS.items():
    def_partials(_prim, _RGAMMA_FAR_ORDERS.get(_k + 1, _rgamma_far_refused))


def _drgamma(g, ans, x):
    """``g`` times rgamma'(x): ``_rgamma_far_primitive``'s below ``_RGAMMA_FAR`` (real x), ``_drgamma_near`` elsewhere."""
    if is_complex(x):
        return _drgamma_near(g, ans, x)
    far = np.asarray(plain_numbers(x)) < _RGAMMA_FAR
    if not np.any(far):
        return _drgamma_near(g, ans, x)
    if np.all(far):
        return g * _RGAMMA_FAR_ORDERS[1](x)
    # (the other points at -0.5, 1/gamma(-0.5) = -1 / (2 sqrt(pi)))
    return np.where(far, g * _RGAMMA_FAR_ORDERS[1](np.where(far, x, _RGAMMA_FAR - 0.5)),
                    _drgamma_near(g, np.where(far, -0.5 / _SQRT_PI, ans), np.where(far, -0.5, x)))


def _drgamma_near(g, ans, x):
    # 1/gamma is entire, but -rgamma(x) digamma(x) is 0 * inf (NaN) at its zeros, the poles
    # of gamma (x = 0, -1, -2, ...). There the reflection 1/gamma(x) = sin(pi x) gamma(1 - x)
    # / pi gives the derivative gamma(1 - x) (cos(pi x) - sin(pi x) digamma(1 - x) / pi),
    # smooth there ((-1)^n n! at x = -n), and so are its own derivatives. It serves within
    # 1/4 of a pole, not only at it: the derivative of -rgamma digamma is rgamma (digamma^2
    # - trigamma), two terms like 1/x^2 that cancel, and rgamma''(1e-20) came out -16384
    # for 2 euler_gamma = 1.154.
    real = np.real(x)
    # plain values, also for a Var of an outer tape
    nearest = np.round(real)
    # (and wherever 1/gamma(x) is beyond gamma's range, x < -170.6: SciPy's rgamma(-170.74) is
    # -inf, the truth -7.6e307, and -rgamma digamma was inf there)
    pole = (nearest <= 0) & ((np.abs(plain_numbers(x) - nearest) < 0.25) | (real < -170.5))
    if not np.any(pole):
        return -g * ans * _digamma(x)
    # At a pole -n with n! out of range every derivative is infinite, with the sign of
    # (-1)^n gamma(1 - x)'s (the factor in brackets below is 1 there, its derivative
    # -digamma(1 - x) finite): there the bracket's reverse pass gave inf * sin(0) = NaN
    # (rgamma''(-1e8)), so it is left out.
    with np.errstate(over="ignore"):
        beyond = pole & (x == nearest) & np.isinf(sc.gamma(1.0 - np.where(pole, real, 0.0)))
    near = pole & ~beyond
    # sin(pi x) and cos(pi x) as (-1)^n sin(pi r), (-1)^n cos(pi r), r = x - n exact: pi x
    # rounds (cos(pi x) at -1e20 came out negative, and so did rgamma'(-1e20), +inf).
    parity = np.where(np.mod(np.where(pole, nearest, 0.0), 2.0) == 0, 1.0, -1.0)
    at_pole, off_pole = np.where(near, x, 0.0), np.where(pole, 0.5, x)
    r = at_pole - np.where(near, nearest, 0.0)
    # gamma(1 - x) overflows from 1 - x = 171.62 on, where the product with the bracket (small
    # between the poles) need not: there gamma(1 - x) e^-64 times the bracket's e^64
    # (rgamma'(-170.8) was inf, the truth 6.80e307)
    large = near & (1.0 - real > 171.0)
    scale = np.where(large, 64.0, 0.0)
    rising = np.where(large, np.exp(sc.loggamma(1.0 - np.where(large, at_pole, 0.0)) - scale),
                      sc.gamma(1.0 - np.where(large, 0.0, at_pole)))
    # (e^scale last: as rising (bracket e^scale) the derivative's two products each overflowed where their sum
    # does too, inf - inf: rgamma''(-171.5) was NaN, the truth 8.6e310, +inf)
    out = np.where(pole, parity * (rising * (
        np.cos(np.pi * r) - np.sin(np.pi * r) * sc.digamma(1.0 - at_pole) / np.pi)) * np.exp(scale),
        -sc.rgamma(off_pole) * _digamma(off_pole))
    if np.any(beyond):
        out = np.where(beyond, parity * sc.gamma(1.0 - np.where(beyond, x, 0.0)), out)
    return g * out


_unary(sc.rgamma, _drgamma)
nondifferentiable(sc.gammasgn)  # piecewise constant: plain values


# -- error functions and the normal distribution -------------------------------------------

# (beyond |x| = 90, 127 for ndtr, e^-x^2 and e^-x^2/2 are below e^-8000: flat_beyond's; the Hessian of
# sum(u * erf(u)), u = 1e100 v, at v = 1e200 was NaN on every second-order path, the truth 0)
# (near 0 with_near_zero's g (p0 + a x^2), its derivative in x rounded once: as g f'(x) forward mode formed f''(x) x'
# alone, 0 in the Hessian of 1e200 erf(1e-100 v) at v = 1e-200, the truth -2.26e-300; so dawsn, erfinv, sindg, tandg)
# (complex x: gaussian_poly's c e^(-z^2), the cotangent times it by complex_times: as g c exp(-z^2), erf' and erf''
# were NaN at 10 + 30j, where e^(-z^2) overflows, the truths infinities of their signs)


def _gaussian_complex(c, rule):
    def rule_or_complex(g, ans, x):
        if is_complex(x):
            return complex_times(g, gaussian_poly(x, (1.0,), -1.0, c))
        return rule(g, ans, x)
    return rule_or_complex


_unary(sc.erf, _gaussian_complex(2.0 / _SQRT_PI, with_near_zero(
    flat_beyond(90.0, sc.erf, lambda g, ans, x: g * (2.0 / _SQRT_PI) * np.exp(-x * x)), 2.0 / _SQRT_PI, -2.0 / _SQRT_PI)),
       uses="x")
_unary(sc.erfc, _gaussian_complex(-2.0 / _SQRT_PI, with_near_zero(
    flat_beyond(90.0, sc.erfc, lambda g, ans, x: g * (-2.0 / _SQRT_PI) * np.exp(-x * x)), -2.0 / _SQRT_PI, 2.0 / _SQRT_PI)),
       uses="x")


#: Above this |x| erfcx' and dawsn' are their asymptotic series (12 terms: 1e-17 relative
#: at 10), where their closed forms cancel (relative error about 2 x^2 eps in the first
#: derivative, (2 x^2)^2 eps in the second: 4e-12 at 10, and garbage beyond: dawsn' was
#: 1.1e-16 at 1e300, where the truth is -5e-601, and dawsn'' -2e284).
_ASYMPTOTIC = 10.0


def _real_beyond_asymptotic(x, magnitude):
    """Where a rule takes its asymptotic series: real ``x`` with ``magnitude(x)`` above
    :data:`_ASYMPTOTIC` (a plain boolean array); nowhere for complex ``x``, where the series
    hold only near the real axis (dawsn grows like exp(-z^2) towards the imaginary one)."""
    plain = plain_numbers(x)
    if is_complex(x):
        return np.zeros(np.shape(plain), bool)
    return magnitude(plain) > _ASYMPTOTIC


def _complex_far(z, closed, kind):
    """erfcx' or dawsn' at complex z: ``closed(z)``, and from ``|z| = FADDEEVA_FAR`` on the asymptotic series with
    its sector's exponential (``faddeeva_slope_far``), where the closed form's two terms cancel: d2/dx2 Re erfcx at
    100 + 1e-10i was 3.1e-8 off, dawsn's 2.8e-9. dawsn' near the real axis before it (2 <= |Re z|, |Im z| <= 1) by
    Rybicki's sum (``dawson_slope_near_axis``), where the closed form cancels too."""
    plain = np.asarray(plain_numbers(z))
    far = np.abs(plain) >= FADDEEVA_FAR
    middle = near_axis_middle(plain) & ~far if kind == "dawsn" else np.zeros(plain.shape, bool)

    def near(t):
        return piecewise(t, middle, closed, dawson_slope_near_axis, 0.5 + 0.5j, 5.0 + 0j)
    return piecewise(z, far, near, lambda t: faddeeva_slope_far(t, kind), 0.5 + 0.5j, 2.0 * FADDEEVA_FAR + 0j)


def _in_double(rule):
    """``rule(g, ans, x)`` computed in float64 for a float16 or float32 ``x``, its result cast
    back: the closed forms ``2 x erfcx(x) - 2 / sqrt(pi)`` and ``1 - 2 x dawsn(x)`` lose
    ``2 x^2`` ulps of the value (float32 erfcx' and dawsn' were 203 and 154 ulps off at x = 9,
    126 at 10), where the series take over only from 10 on."""
    def rule_in_double(g, ans, x):
        dtype = dtype_of(x)
        if dtype not in (np.float16, np.float32):
            return rule(g, ans, x)
        return _cast(rule(_cast(g, np.float64), None, _cast(x, np.float64)), dtype)
    return rule_in_double


def _cast_plain(x, dtype):
    with np.errstate(over="ignore"):  # (erfcx' at float32 -10 is -1.1e45: -inf, as erfcx itself is inf)
        return np.asarray(x).astype(dtype)[()]


# a cast between float dtypes whose cotangent is cast back, both without the overflow warning
_cast: Primitive = own_function(_cast_plain, "wengert.scipy.special (cast)",
                                lambda ans, x, dtype: lambda g: _cast(g, dtype_of(x)))


#: From this x up to :data:`_ASYMPTOTIC` erfcx' is ``-(2 / sqrt(pi)) k / (x + k)``, ``k`` erfc's continued fraction
#: (:func:`_erfc_continued_fraction`, 100 levels: 1e-16 relative from x = 2 on, its own derivative within 1e-15; the
#: closed form's below, within (2 x^2)^2 = 64 ulps at 2)
_CONTINUED_FRACTION = 2.0


def _erfc_continued_fraction(x):
    """``k = (1/2) / (x + 1 / (x + (3/2) / (x + 2 / (x + ...))))`` (Laplace's continued fraction of erfc, 100 levels,
    from the bottom), whose ``x / (x + k)`` is ``sqrt(pi) x erfcx(x)``: ``1 - sqrt(pi) x erfcx(x)`` as ``k / (x + k)``,
    all its terms positive for ``x > 0``."""
    k = 0.0 * x
    for n in range(100, 0, -1):
        k = (0.5 * n) / (x + k)
    return k


def _derfcx(g, ans, x):
    # erfcx' = 2 x erfcx(x) - 2 / sqrt(pi); for x > 10 -(2 / sqrt(pi)) times the alternating
    # series (erfcx(x) ~ sum (-1)^k (2k - 1)!! / (2 x^2)^k / (x sqrt(pi))): no cancellation
    # (erfcx'(1e8) was 0, the truth -5.6e-17). Below -10 the closed form does not cancel. From 2 to 10,
    # -(2 / sqrt(pi)) (1 - sqrt(pi) x erfcx(x)) with that difference from the continued fraction: the closed form's
    # second derivative lost (2 x^2)^2 ulps (1.7e-12 at 9.6, exponnorm.cdf's d2/dK2 5e-11 at (0.7, 0.07))
    ans = sc.erfcx(x) if ans is None else ans
    if is_complex(x):
        return complex_times(g, _complex_far(x, lambda t: 2.0 * t * ans - 2.0 / _SQRT_PI, "erfcx"))
    far = _real_beyond_asymptotic(x, np.asarray)
    middle = ~far & (plain_numbers(x) >= _CONTINUED_FRACTION)

    def closed(t):
        return 2.0 * t * ans - 2.0 / _SQRT_PI

    def near(t):
        def continued(t):
            k = _erfc_continued_fraction(t)
            return (-2.0 / _SQRT_PI) * (k / (t + k))
        return piecewise(t, middle, closed, continued, 0.0, 2.0 * _CONTINUED_FRACTION)
    return g * piecewise(x, far, near, lambda t: (-2.0 / _SQRT_PI) * erfc_asymptotic_series(t, -1.0), 0.0,
                         2.0 * _ASYMPTOTIC)


_unary(sc.erfcx, _in_double(_derfcx))
_unary(sc.erfinv, with_near_zero(_quiet(lambda g, ans, x: g * (_SQRT_PI / 2.0) * np.exp(ans * ans)), _SQRT_PI / 2.0,
                                  _SQRT_PI / 2.0, of_ans=True), uses="a")


def _erfcinv_slope_plain(y):
    # erfcinv'(y) = -(sqrt(pi) / 2) e^(x^2), x = erfcinv(y), as -(sqrt(pi) / 2) erfcx(|x|) / m, m = y
    # below 1 and 2 - y (exact) above (e^-(x^2) = erfc(|x|) / erfcx(|x|), erfc(|x|) = m): e^(x^2)
    # turned erfcinv's rounding into 2 x^2 of it (2.4e-13 relative off at y = 1e-200, 3.3e-14 at 1e-100;
    # below |x| = 1, 2 x^2 < 2: e^(x^2) there)
    y = np.asarray(y)
    m, x = np.where(y <= 1.0, y, 2.0 - y), sc.erfcinv(y)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = (-_SQRT_PI / 2.0) * np.where(np.abs(x) < 1.0, np.exp(x * x), sc.erfcx(np.abs(x)) / m)
    # (erfcx(inf) / 0 at y = 0 and 2, erfcx(inf) / 5e-324 = 0 where SciPy's erfcinv(5e-324) is inf: the limit,
    # as the value's)
    out = np.where(np.isinf(x), -np.inf, out)
    return out[()]


# erfcinv' with its own rule, erfcinv'' = 2 x erfcinv'^2 (a product: through e^(x^2)'s rule, or the
# quotient's, levy.ppf's second derivative in q was inf - inf = NaN by forward mode at q = 1e-300)
def _erfcinv_slope_vjp(ans, y):
    def vjp(g):
        with np.errstate(over="ignore", invalid="ignore"):  # (inf where erfcinv'' is beyond the range: y < 1e-154)
            return g * (2.0 * sc.erfcinv(y) * ans) * ans
    return vjp


erfcinv_slope: Primitive = own_function(_erfcinv_slope_plain, "scipy.special.erfcinv (derivative)", _erfcinv_slope_vjp)
_unary(sc.erfcinv, lambda g, ans, x: g * erfcinv_slope(x), uses="x")
_unary(sc.ndtr, flat_beyond(127.0, sc.ndtr, lambda g, ans, x: g * np.exp(-0.5 * x * x) / np.sqrt(2.0 * np.pi)), uses="x")


def _dlog_ndtr(g, ans, x):
    # log_ndtr' = pdf / cdf: the exp of -x^2 / 2 - log(sqrt(2 pi)) - log_ndtr(x), and below
    # x = -1 sqrt(2 / pi) / erfcx(-x / sqrt(2)), where that difference of two numbers near
    # -x^2 / 2 cancels (the second derivative was 1e20 off at -1e20, the first inf at -1e150,
    # where the truth is 1e150). (Above -1 erfcx(-x / sqrt(2)) overflows from 38 on.)
    def closed_form(t, value=ans):
        return np.exp(-0.5 * t * t - 0.5 * np.log(2.0 * np.pi) - value)

    if is_complex(x):
        # Outside the sector |arg z| <= pi/4 (Re z < 0, or |Im z| > Re z) log_ndtr(z) is near -z^2 / 2 too and the
        # closed form cancelled the same way (2e-5 off in the second derivative at -700 + 0.5j, 6e3 times the truth at
        # -1e5 + 1j): there Phi(z) = e^(-z^2 / 2) erfcx(-z / sqrt(2)) / 2, so pdf / cdf = sqrt(2 / pi) / erfcx(-z / sqrt(2)),
        # erfcx of an argument with Re >= 0 or |e^(z^2 / 2)| <= 1 (no overflow), its derivatives by erfcx's complex rule
        plain = np.asarray(plain_numbers(x))
        outside = (plain.real < 0.0) | (np.abs(plain.imag) > plain.real)
        return g * piecewise(x, outside, lambda t: closed_form(t, np.where(outside, -np.log(2.0), ans)),
                             lambda t: np.sqrt(2.0 / np.pi) / sc.erfcx(t * -np.sqrt(0.5)), 0j, -2.0 + 0j)
    plain = plain_numbers(x)
    left = plain < -1.0
    far = plain < _FAR_LEFT

    def left_form(t):
        # below _FAR_LEFT -x / E(1 / x^2), E the asymptotic series of -x Phi(x) / phi(x)
        # (1 - 1/x^2 + 3/x^4 - ...): erfcx(-x / sqrt(2))^2 in the derivative of the form above
        # underflowed from -1e154 on, so log_ndtr'' was -inf, NaN by reverse mode, and -0.0
        # forward from -1e200 on (the truth -1)
        return piecewise(t, far, lambda t: np.sqrt(2.0 / np.pi) / sc.erfcx(t * -np.sqrt(0.5)),
                         lambda t: -t / (1.0 - erfc_asymptotic_series(t * np.sqrt(0.5), -1.0)), -2.0, 2.0 * _FAR_LEFT)
    # (at the points of the other form, t = 0: its value there, log(1/2), not ans)
    return g * piecewise(x, left, lambda t: closed_form(t, np.where(left, -np.log(2.0), ans)), left_form, 0.0, -2.0)


#: Below this x log_ndtr's derivative is its asymptotic series (12 terms: exact to rounding
#: from |x| = 20 on; the erfcx form's third derivative was 1e-10 off at -1000, 2e-6 at -1e5)
_FAR_LEFT = -20.0


_unary(sc.log_ndtr, _dlog_ndtr)


def _ndtri_slope_plain(p):
    # ndtri'(p) = 1 / pdf(q), q = ndtri(p), as sqrt(pi / 2) erfcx(|q| / sqrt(2)) / m, m = p below 1/2
    # and 1 - p (exact) above (Phi(q) = p): sqrt(2 pi) e^(q^2 / 2) turned q's rounding into q^2 of
    # it (1e-13 relative off at p = 1e-300, 3.4e-14 at 1e-100), as erfcinv's above
    p = np.asarray(p)
    q = sc.ndtri(p)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = math.sqrt(0.5 * math.pi) * sc.erfcx(np.abs(q) * math.sqrt(0.5)) / np.where(p < 0.5, p, 1.0 - p)
    out = np.where(np.isinf(q), np.inf, out)  # (erfcx(inf) / 0 at p = 0 and 1: the limit)
    return out[()]


# ndtri'' = ndtri ndtri'^2 as its own rule (a product: through erfcx's rule and the quotient's, it
# was inf - inf = NaN at p = 1e-300, where it overflows to -inf)
def _ndtri_slope_vjp(ans, p):
    def vjp(g):
        with np.errstate(over="ignore", invalid="ignore"):
            return g * (sc.ndtri(p) * ans) * ans
    return vjp


ndtri_slope: Primitive = own_function(_ndtri_slope_plain, "scipy.special.ndtri (derivative)", _ndtri_slope_vjp)
_unary(sc.ndtri, lambda g, ans, x: g * ndtri_slope(x), uses="x")


#: gammaln(z + 1/2) - gammaln(z) - log(z) / 2 ~ sum_n c_n / z^n (only odd n), c_n = (2^-n - 2) B_(n+1) / (n (n+1))
_HALF_GAMMA_RATIO = tuple(float((Fraction(1, 2 ** (2 * k - 1)) - 2) * b / ((2 * k - 1) * 2 * k))
                          for k, b in enumerate(BERNOULLI_2K, 1))
#: log1p(u) - u = sum_m (-1)^(m+1) u^m / m, m = 2..28: within 1e-17 of it up to u = 1/4
_LOG1P_LESS_U = (0.0, 0.0) + tuple((-1.0) ** (m + 1) / m for m in range(2, 29))


def _t_density(df, t):
    """The density of Student's t with ``df`` degrees of freedom at ``t`` (Var-aware). Its log is
    ``A(df) - log(2 pi) / 2 - (df + 1) / 2 log1p(u)``, ``u = t^2 / df``, ``A = gammaln((df+1)/2) -
    gammaln(df/2) - log(df/2) / 2``; from df = 20 on A by its series in 2/df, and where u <= 1/4 the
    last term as ``-t^2/2 - u/2 - (df + 1) / 2 (log1p(u) - u)`` (that by its series): the difference of
    two gammaln (each about df log df) kept their rounding (3.8e-10 of the density at df = 1e6, t = 2;
    5.6e-7 at 1e10), and the terms of its derivative in df, each about u, cancel to about u^2 (5e-5 of
    it at df = 1e6: the mixed second derivative of stdtr)."""
    pdf, pt = plain_numbers(df), plain_numbers(t)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        large = pdf >= 20.0
        near = (pt * pt <= 0.25 * pdf) & large

    def series(d):
        inverse = 2.0 / d
        return polynomial(inverse * inverse, _HALF_GAMMA_RATIO) * inverse

    def direct(d):
        # (below d = 1 with gamma(d / 2) = gamma(1 + d / 2) / (d / 2): the second derivative of gammaln(d / 2), 1 / d^2,
        # against log's, inf - inf from d = 1e-154 on)
        return piecewise(d, plain_numbers(d) < 1.0,
                         lambda d: sc.gammaln((d + 1.0) / 2.0) - sc.gammaln(d / 2.0) - 0.5 * np.log(d / 2.0),
                         lambda d: sc.gammaln((d + 1.0) / 2.0) - sc.gammaln(1.0 + d / 2.0) + 0.5 * np.log(d / 2.0),
                         2.0, 0.5)
    log_ratio = piecewise(df, large, direct, series, 1.0, 20.0)
    with np.errstate(invalid="ignore", over="ignore"):
        # t^2 / df beyond 1e30 (from |t| = 1.3e154 on t^2 overflows: the density's derivatives were
        # inf / inf = NaN, the truth 0) as 2 log|t| - log df + log1p(df / t^2); at t = +-inf the
        # density and its derivatives are 0 (t = 1 in the formula, masked below)
        # (|t| against 1e15 sqrt(df), not t^2 against 1e30 df: that overflowed from df = 1.8e278 on, and
        # no t was huge, t = inf included: stdtr(1e300, t)'s second derivative at t = inf was NaN)
        huge = np.logical_not(np.abs(pt) <= 1e15 * np.sqrt(pdf))
        infinite = np.isinf(pt)
    if np.any(huge):
        tf = np.where(huge & ~infinite, t, 1.0)
        t = np.where(huge, 1.0, t)
    far = (df + 1.0) / 2.0 * np.log1p(t * t / df)
    if np.any(huge):
        magnitude = np.abs(tf)
        far = np.where(huge, (df + 1.0) / 2.0 * (2.0 * np.log(magnitude) - np.log(df) + np.log1p(df / magnitude / magnitude)),
                       far)
    if np.any(near):
        tn, dn = np.where(near, t, 0.0), np.where(near, df, 1e6)
        u = tn * tn / dn
        # ((df + 1) u / 2, of size t^2, times u^2 / u: forward mode took the tangent of the series, of size u u', before
        # its factor df, and it underflowed (u u' = 6e-422 at df = 1e140, t = 0.5: jvp in df of the density, and
        # stdtr's Hessian entry d2/d df dt, 8.7% off, the other entry right)
        close = 0.5 * tn * tn + 0.5 * u + (dn + 1.0) / 2.0 * u * (u * polynomial(u, _LOG1P_LESS_U[2:]))
        far = np.where(near, close, far)
    density = np.exp(log_ratio - 0.5 * np.log(2.0 * np.pi) - far)
    return np.where(infinite, 0.0, density) if np.any(huge) and np.any(infinite) else density


def _add_terms(p, q, factor=1):
    """``p + factor q`` for polynomials as {power: Fraction} (plain, exact)."""
    out = dict(p)
    for j, v in q.items():
        out[j] = out.get(j, 0) + factor * v
    return {j: v for j, v in out.items() if v}


def _times_terms(p, q):
    out: dict = {}
    for i, u in p.items():
        for j, v in q.items():
            out[i + j] = out.get(i + j, 0) + u * v
    return {j: v for j, v in out.items() if v}


def _t_cdf_series(order):
    """The polynomials q_k, k = 1..order, of ``stdtr(df, t) ~ Phi(t) - phi(t) sum_k q_k(t) / df^k``
    (Fisher's expansion; q_1 = (t^3 + t) / 4), exact, as {power of t: Fraction}. The density
    ratio f_df(s) / phi(s) is exp(A + B) with A = gammaln((df+1)/2) - gammaln(df/2) - log(df/2) / 2 by
    its series in 2/df (Bernoulli numbers) and B = s^2/2 - (df+1)/2 log1p(s^2/df) by log1p's; its
    exponential's coefficients p_k(s) (zero mean under phi) integrate to -phi q_k with
    t q_k - q_k' = p_k."""
    bernoulli = [Fraction(1)] + [Fraction(0)] * (order + 2)
    for m in range(1, order + 3):
        bernoulli[m] = -sum(math.comb(m + 1, k) * bernoulli[k] for k in range(m)) / (m + 1)
    exponent: list = [{} for _ in range(order + 1)]  # A + B, by powers of 1/df
    for n in range(1, order + 1):  # B_{n+1}(1/2) - B_{n+1}(0) = (2^-n - 2) B_{n+1}, over n (n+1) (df/2)^n
        c = (-1) ** (n + 1) * (Fraction(1, 2 ** n) - 2) * bernoulli[n + 1] / (n * (n + 1)) * 2 ** n
        exponent[n] = _add_terms(exponent[n], {0: c})
    exponent[1] = _add_terms(exponent[1], {2: Fraction(-1, 2)})
    for m in range(2, order + 2):  # -(1 + 1/df) / 2 sum_m (-1)^(m+1) s^2m / (m df^(m-1)), the s^2/2 gone
        c = Fraction((-1) ** m, 2 * m)
        for k in (m - 1, m):
            if k <= order:
                exponent[k] = _add_terms(exponent[k], {2 * m: c})
    ratio: list = [{0: Fraction(1)}] + [{} for _ in range(order)]  # exp(A + B): e_k = sum_j j y_j e_(k-j) / k
    for k in range(1, order + 1):
        for j in range(1, k + 1):
            ratio[k] = _add_terms(ratio[k], _times_terms(exponent[j], ratio[k - j]), Fraction(j, k))
    out = []
    for p in ratio[1:]:
        q: dict = {}
        for j in range(max(p), 0, -1):  # q_(j-1) = p_j + (j+1) q_(j+1), from the top
            v = p.get(j, 0) + (j + 1) * q.get(j + 1, 0)
            if v:
                q[j - 1] = v
        out.append(q)
    return out


#: d/d df of stdtr is its series in 1/df (_stdtr_ddf_series) where df >= 50 and t^4 <= 8 df, and where
#: df >= 1e5 and |t| <= 40 (within 5e-16 of mpmath there, first and second order); beyond |t| = 40 at
#: df >= 1e5 it is 0 (below 1e-320: the density there underflows and decreases in |t|)
_STDTR_SERIES = (50.0, 8.0, 1e5, 40.0)
_T_SERIES_TERMS = 30
_t_series_rows: list = []


def _stdtr_ddf_series(df, t):
    """d/d df of ``stdtr(df, t)`` from Fisher's expansion: ``phi(t) sum_k k q_k(t) / df^(k+1)``
    (30 terms, Var-aware: every order by composition). The form through betainc is a difference of
    two terms each 1/df times the result's size that cancel (8e-11 of it at df = 1e3, t = 2)."""
    if not _t_series_rows:  # (built once, on first use: 0.3 s)
        for k, q in enumerate(_t_cdf_series(_T_SERIES_TERMS), 1):  # q_k is odd: t r_k(t^2)
            _t_series_rows.append([float(k * q.get(2 * i + 1, 0)) for i in range(max(q) // 2 + 1)])
    inverse, u = 1.0 / df, t * t
    out = 0.0
    for row in reversed(_t_series_rows):
        out = out * inverse + polynomial(u, row)
    return out * inverse * inverse * t * np.exp(-0.5 * u) / np.sqrt(2.0 * np.pi)


#: the largest df at which stdtr is differentiated in df, once and twice (see _stdtr_ddf)
_STDTR_MAX_DF = (1e3, 1e2)


def _stdtr_ddf(df, t):
    """d/d df of ``stdtr(df, t)`` (Var-aware): its series in 1/df where that is exact (see
    _STDTR_SERIES), elsewhere through betainc (_stdtr_ddf_beta)."""
    plain_t, plain_df = np.abs(plain_numbers(t)), plain_numbers(df)
    lowest, ratio, largest, widest = _STDTR_SERIES
    with np.errstate(invalid="ignore", over="ignore"):
        large = plain_df >= largest
        series = ((plain_df >= lowest) & (plain_t * plain_t * (plain_t * plain_t) <= ratio * plain_df)
                  | large & (plain_t <= widest))
        zero = large & (plain_t > widest)
    if not np.any(series | zero):
        return _stdtr_ddf_beta(df, t)
    # each form on its own points, the other's given safe ones (the series overflows at large t,
    # betainc's form is refused at large df)
    if np.all(series):
        return _stdtr_ddf_series(df, t)
    d = _stdtr_ddf_series(np.where(series, df, 1e6), np.where(series, t, 1.0))
    other = ~(series | zero)
    beta = _stdtr_ddf_beta(np.where(other, df, 1.0), np.where(other, t, 1.0)) if np.any(other) else 0.0
    return np.where(series, d, np.where(zero, 0.0, beta))


def _stdtr_ddf_beta(df, t):
    """d/d df of ``stdtr(df, t) = 1/2 - sign(t) (1 - I_w(df/2, 1/2)) / 2``, ``w = df / (df + t^2)``:
    ``-sign(t) / 2`` times ``dI_w/d df = I_a(df/2, 1/2, w) / 2 + w^(df/2) (1-w)^(1/2) / (B df)`` (the
    second term the density times dw/d df = w (1 - w) / df), or, where w > 1/2, through the
    smaller ``v = 1 - w = t^2 / (df + t^2)``, I_w(df/2, 1/2) = 1 - I_v(1/2, df/2) (1 - w rounded
    loses v's digits). 0 at t = 0 and t = +-inf (stdtr is 1/2, 0 or 1 there for every df), and where
    df / t^2 < 1e-300 (refused there below df = 2, where it is not negligible).
    Var-aware (every order that betainc's shape derivatives have).

    The two terms cancel as df grows (to about 1/df^2 from 1/df each), and the second
    derivative more: against mpmath the first derivative is within 4e-13 up to df = 100, 8e-11
    at 1e3, 2.5e-9 at 1e4; the second within 2.4e-13 at df = 30, 9e-11 at 100, 7e-9 at 300.
    So the first derivative is refused above df = 1e3, the second (df or t traced) above 100."""
    plain_t, plain_df = plain_numbers(t), plain_numbers(df)
    second = plain_t is not t or plain_df is not df  # a derivative of this one is being taken
    largest = _STDTR_MAX_DF[1 if second else 0]
    if np.any(plain_df > largest):
        raise ValueError(
            f"scipy.special.stdtr (Student's t): its {'second ' if second else ''}derivative in df is computed "
            f"for df up to {largest:g} (df = {np.max(plain_df)!r} here) and beyond where t^4 <= 8 df or df >= 1e5 "
            "(its series in 1/df): elsewhere it is a small difference of two terms that keeps their rounding "
            "(1e-10 of it at that df). Pass df as a constant there")
    still = (plain_t == 0) | ~np.isfinite(plain_t)
    # in r = df / t^2 (t^2 overflowed from |t| = 1.3e154: NaN where the truth is finite or 0):
    # w = r / (1 + r), 1 - w = v = 1 / (1 + r)
    with np.errstate(divide="ignore", invalid="ignore", under="ignore", over="ignore"):
        ratio = np.divide(np.divide(plain_df, plain_t), plain_t)  # (inf at t = 0, 0 at +-inf: in still)
    beyond = (ratio < 1e-300) & ~still  # df / t^2 (nearly) underflows
    if np.any(beyond & (plain_df < 2.0)):
        raise ValueError(
            "scipy.special.stdtr (Student's t): its derivative in df is not computed where df / t^2 < 1e-300 "
            f"(|t| = {np.max(np.abs(np.broadcast_to(plain_t, np.shape(beyond))[beyond]))!r}) and df < 2, where "
            "it is not negligible; from df = 2 on it is 0 there (below the smallest float)")
    still = still | beyond  # (0 there: w^(df/2) is below 1e-300, as are its derivatives)
    # where t^2 < 1e-32 min(1, df), t f(0) bracket (below), within 1e-31 of the truth (its terms in s^2 / df^2 and
    # (df + 1) t^2 / df dropped): through r = df / t^2 (overflowing from |t| = 1e-154, its derivative df / t^3 from
    # 1e-103) the Hessian of t.cdf(1e-200, 2) in (x, df) had a NaN row, the truth [0.0201, -1.74e-202]
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        tiny = (plain_t * plain_t < 1e-32 * np.minimum(plain_df, 1.0)) & ~still
    still = still | tiny
    whole_df = df
    t, original = (np.where(still, 1.0, t) if np.any(still) else t), t
    near = ratio > 1.0  # w > 1/2: through v (at the still points either form, masked below)
    # (at the still points at df = 2 too: at t = 0 and df = 1e-100 the masked form's NaN partials in df reached grad of
    # grad of t.cdf(0, df), NaN for 0)
    df, plain_df = (np.where(still, 2.0, df), np.where(still, 2.0, plain_df)) if np.any(still) else (df, plain_df)

    def through_w(t):
        r = (df / t) / t
        return (0.5 * betainc_da(0.5 * df, 0.5, r / (1.0 + r))
                + np.exp(0.5 * df * (np.log(r) - np.log1p(r)) - 0.5 * np.log1p(r) - _betaln(0.5 * df, 0.5)) / df)

    def through_v(t):
        r = (df / t) / t
        return -(0.5 * betainc_db(0.5, 0.5 * df, 1.0 / (1.0 + r))
                 - np.exp(-0.5 * np.log1p(r) - 0.5 * df * np.log1p(1.0 / r) - _betaln(0.5, 0.5 * df)) / df)
    # each form at its own points, the other's given a t of its own side (t^2 = 4 df, df / 4): at a
    # w rounded to 1, betainc's shape derivative is inf, and 0 * inf reached df as NaN
    root = np.sqrt(plain_df)
    d = piecewise(t, near, through_w, through_v, 2.0 * root, 0.5 * root)
    d = -0.5 * np.sign(plain_t) * d
    if not np.any(still):
        return d
    # at t = 0 the value 0 as t times d/d df of the density at 0 (so its derivative in t is that, not
    # 0: d^2 t.ppf / (dq d df) at q = 1/2 was 0, the truth -0.42 at df = 1.5)
    if type(original) not in (Var, Dual) and not np.any(tiny):  # (a plain t: 0 in every order; forward over
        # reverse took 0 times the density's second derivative in df, inf at df = 1e-300: NaN)
        return np.where(still, 0.0, d)
    t0 = np.where((plain_t == 0) | tiny, original, 0.0)  # (0 at +-inf too: stdtr is 0 or 1 there for every df; and
    # where df / t^2 < 1e-300, df >= 2)
    # (digamma(df / 2) below df = 1 as digamma(1 + df / 2) - 2 / df: its derivative, 1 / df^2, against 0.5 / df's
    # was inf - inf from df = 1e-154 on)
    df = whole_df
    if type(original) not in (Var, Dual):  # (a plain t: 0 in every order where it is 0, as above)
        still, df = tiny, np.where(tiny, df, 2.0)
    bracket = piecewise(df, plain_numbers(df) < 1.0,
                        lambda df: 0.5 * (sc.digamma(0.5 * (df + 1.0)) - sc.digamma(0.5 * df)) - 0.5 / df,
                        lambda df: 0.5 * (sc.digamma(0.5 * (df + 1.0)) - sc.digamma(1.0 + 0.5 * df)) + 0.5 / df,
                        2.0, 0.5)
    at_zero = t0 * _t_density(df, t0) * bracket
    if type(original) not in (Var, Dual):
        return np.where(tiny, at_zero, np.where(plain_t == 0, 0.0, d))
    return np.where(still, at_zero, d)


_register(sc.stdtr, staged_rule(lambda g, ans, df, t: g * _stdtr_ddf(df, t), 0, "xy", unbroadcast),
          staged_rule(lambda g, ans, df, t: g * _t_density(df, t), 1, "xy", unbroadcast))


# -- logistic ---------------------------------------------------------------------------

# logistic's rule (wengert._elementary's row: 1 - ans cancels as ans nears 1, 1e-3 off at
# x = 30, 0 from x = 37 on; its second derivative at tiny x)
_unary(sc.expit, ELEMENTARY_RULES["logistic"], uses="ax")
# 1 / x + 1 / (1 - x), not 1 / (x (1 - x)): at x = 0 the product's second derivative by
# reverse over reverse was inf * 0 = NaN (the cotangent of 1 - x times x = 0), not -inf.
# (np.reciprocal: x may be a Python float, which 1.0 / x would divide by 0.0 with an error)
_unary(sc.logit, _quiet(lambda g, ans, x: g * (np.reciprocal(x) + np.reciprocal(1.0 - x))), uses="x")


# -- x log y and entropies ---------------------------------------------------------------

def _ratio_at_zero(g, x, y, pole, name, value="0"):
    """``g * x / (y - pole)``, and 0 where ``x == 0`` and ``y == pole``: the derivative in ``y``
    of a function defined to be 0 at ``x == 0`` (only that corner is replaced, so that the
    derivative of the result in ``x`` is still ``1 / (y - pole)`` at ``x == 0``). At the corner
    that derivative, ``1 / 0``, is infinite: there the 0 of the convention refuses to be
    differentiated in ``x`` (d2/dx dy xlogy at (0, 0) was 1 through the replaced 1, and the
    Hessian asymmetric, d2/dy dx = inf)."""
    corner = lambda: (x == 0) & (y == pole)  # noqa: E731  (plain values, also on outer tapes)
    out = g * (x / np.where(corner(), 1.0, y - pole))
    return at_kink(out, x, corner, (f"scipy.special.{name} (in y)", f"x / (y - {pole:g}) taken as 0 at x = 0, "
                                    f"y = {pole:g} (as {name}(0, y) = {value} for every y)", "Beside it, "
                                    "at x != 0, that quotient is x / 0, infinite: the mixed second "
                                    "derivative has no value."), g)


# (zero_cotangent_adds_nothing_n: under np.where's mask at y = 0, log(y)'s -inf adds 0, not NaN)
_register(sc.xlogy,
          staged_rule(zero_cotangent_adds_nothing_n(_quiet(lambda g, ans, x, y: g * np.log(y))), 0, "y", unbroadcast),
          staged_rule(zero_cotangent_adds_nothing_n(lambda g, ans, x, y: _ratio_at_zero(g, x, y, 0.0, "xlogy")), 1, "xy", unbroadcast))
_register(sc.xlog1py,
          staged_rule(zero_cotangent_adds_nothing_n(_quiet(lambda g, ans, x, y: g * np.log1p(y))), 0, "y",
                      unbroadcast),
          staged_rule(zero_cotangent_adds_nothing_n(lambda g, ans, x, y: _ratio_at_zero(g, x, y, -1.0, "xlog1py")), 1, "xy",
                     unbroadcast))
# entr(x) = -x log x: the derivative is -(log x + 1), +inf at 0 (the one-sided limit).
def _log_plus_one(x):
    """``log x + 1`` (Var-aware): near ``x = 1/e``, where it cancels, ``(log_dd(x) + 1)`` in double-double as its
    value (entr'(0.36787944117144233) was 0.0, the truth -3.3784855259134224e-17) and ``log x`` for its slope."""
    px = np.asarray(plain_numbers(x))
    near = (px > 0.25) & (px < 0.5) if px.dtype == np.float64 else False
    if not np.any(near):
        return np.log(x) + 1.0
    hi, lo = log_dd(np.where(near, px, 1.0))
    # hi + 1 exact (Sterbenz: hi in [-1.39, -0.69]); log x - its own plain value: 0 moving with log x
    return np.where(near, (np.log(x) - np.log(np.where(near, px, 1.0))) + ((hi + 1.0) + lo), np.log(x) + 1.0)


_unary(sc.entr, _quiet(lambda g, ans, x: -g * _log_plus_one(x)), uses="x")
# rel_entr(x, y) = x log(x / y): -inf in x at x = 0; 0 in y where x = 0.
_register(sc.rel_entr,
          staged_rule(zero_cotangent_adds_nothing_n(_quiet(lambda g, ans, x, y: g * (np.log(x) - np.log(y) + 1.0))),
                      0, "xy", unbroadcast),
          staged_rule(lambda g, ans, x, y: -_ratio_at_zero(g, x, y, 0.0, "rel_entr"), 1, "xy", unbroadcast))


# -- Bessel functions (in x; the order gets no gradient) ------------------------------------

#: Below this |x| the modified Bessel functions are the first term of their power series,
#: (x / 2)^v / gamma(v + 1) (the next is (x / 2)^2 / (v + 1) = 1e-200 relative): SciPy's iv
#: underflowed there (iv(1, 1e-200) = 0, the truth 5e-201; NaN at subnormal x), and i1'' by
#: the recurrence was 33% off at -1e-300.
_BESSEL_TINY = 1e-100
#: Above this |x| (and 25 v^2) the scaled ones, ive(v, x) = exp(-|x|) iv(v, x), are their
#: asymptotic series (below): SciPy's ive is NaN from |x| = 1.3e9 on (i0e'' and i1e'' were
#: NaN at 1e20), and the closed forms of the derivatives (i1e(x) - sign(x) i0e(x), ...)
#: cancel to a relative error of |x| eps in the first derivative (2e-8 at 1e8), x^2 eps in
#: the second (1e-8 at 5000).
_BESSEL_FAR = 300.0
_BESSEL_TERMS = 12


def _ive_far(v, x, derivative):
    """The asymptotic series of ``ive(v, x)`` (``derivative``: of its derivative in x) for
    real ``|x| > _BESSEL_FAR``: ``sum_k c_k |x|^(-k - 1/2) / sqrt(2 pi)``, ``c_k = c_(k-1)
    (-(4 v^2 - (2k - 1)^2) / (8 k))`` (each term below 0.02 / k of the one before for v^2 < |x| / 25 and |x| > 300),
    times ``(-1)^v`` for negative x (integer v)."""
    v = plain_numbers(v)
    t = np.abs(x)
    coefficient, total = np.ones_like(np.asarray(v, dtype=float)), 0.0
    for k in range(_BESSEL_TERMS):
        if k:
            coefficient = coefficient * -(4.0 * v * v - (2 * k - 1) ** 2) / (8.0 * k)
        total = total + (coefficient * -(k + 0.5) * t ** (-k - 1.5) if derivative
                         else coefficient * t ** (-k - 0.5))
    odd = np.mod(v, 2.0) == 1.0
    parity = np.where(plain_numbers(x) < 0, np.where(odd, -1.0, 1.0) * (-1.0 if derivative else 1.0), 1.0)
    return total * (parity / np.sqrt(2.0 * np.pi))


def _far(v, x):
    """Where ``_ive_far`` serves: real |x| above ``_BESSEL_FAR`` and 25 v^2 (a plain mask)."""
    plain, order = np.abs(plain_numbers(x)), plain_numbers(v)
    return (plain > _BESSEL_FAR) & (plain > 25.0 * order * order)


def _bessel_i(v, x, scaled):
    """``iv(v, x)`` (``scaled``: ``ive(v, x)``) in a rule: SciPy's, but the power series'
    first term for ``|x| < _BESSEL_TINY`` and, for ``ive``, the asymptotic series where
    :func:`_far` (real x), where SciPy's underflows or is NaN. Each form is differentiable
    again (every order by composition)."""
    scipy_form = sc.ive if scaled else sc.iv
    if is_complex(x):
        return scipy_form(v, x)
    order = plain_numbers(v)
    tiny = np.abs(plain_numbers(x)) < _BESSEL_TINY
    far = _far(v, x) if scaled else np.zeros(np.shape(tiny), bool)
    if not np.any(tiny | far):
        return scipy_form(v, x)
    # I_-n = I_n for an integer order; the first term (x / 2)^v / gamma(v + 1) (exp(-|x|) = 1)
    power = np.where((order < 0) & (np.round(order) == order), -order, order)
    out = scipy_form(v, np.where(tiny | far, 1.0, x))
    if np.any(tiny):
        # x^v 2^-v, not (x / 2)^v: x / 2 rounds to 0 at x = 5e-324 (iv'(0.5, 5e-324) was inf)
        out = np.where(tiny, np.where(tiny, x, 1.0) ** power * (0.5 ** power * sc.rgamma(power + 1.0)), out)
    if np.any(far):
        out = np.where(far, _ive_far(v, np.where(far, x, 2.0 * _BESSEL_FAR), False), out)
    return out


def _dive_real(v, ans, x, below):
    """The derivative of ``ive(v, x)`` for real x: ``below(ans, x)`` (its recurrence), and the
    derivative of the asymptotic series where :func:`_far` (the recurrence cancels there)."""
    return piecewise(x, _far(v, x), lambda t: below(ans, t), lambda t: _ive_far(v, t, True),
                     1.0, 2.0 * _BESSEL_FAR)


_unary(sc.i0, lambda g, ans, x: g * sc.i1(x), uses="x")
# I1' = (I0 + I2) / 2 (the recurrence)
_unary(sc.i1, lambda g, ans, x: g * 0.5 * (sc.i0(x) + _bessel_i(2.0, x, False)), uses="x")


def _scaled_at_zero(x, rule, mean_of_sides, g):
    """``g`` times the derivative ``rule(x)`` of an exponentially scaled Bessel function
    ``exp(-|x|) I(x)``, and times ``mean_of_sides(x)`` at ``x = 0``: ``I'(x) cosh(x) + I(x)
    sinh(x)``, the mean of the derivatives of its two smooth pieces ``exp(-+x) I(x)``, a
    convention at the kink: differentiating it again at 0 raises (at_kink), since the
    derivative of the mean is no second derivative of a composite (``i0e(x)**2`` would get 3
    at 0, where both one-sided limits are 5). Real x only: complex x keeps ``rule``. The mark
    rides on the product (at_kink's ``g``: nothing is marked where a plain g is 0, np.where's
    untaken branch; forward over forward's tangent there has no value, and the mask drops it,
    where a product with the marked partial refused)."""
    zero = x == 0  # a plain value, also for a Var of an outer tape
    if is_complex(x) or not np.any(zero):
        return g * rule(x)
    at_zero, elsewhere = np.where(zero, x, 0.0), np.where(zero, 1.0, x)
    return at_kink(g * np.where(zero, mean_of_sides(at_zero), rule(elsewhere)), x, lambda: x == 0, (
        "scipy.special.i0e/i1e/ive", "the mean of the derivatives of exp(-x) I(x) and exp(x) I(x) at x = 0",
        "Evaluate away from 0, or write exp(-x) * I(x) for x >= 0 with scipy.special.i0/i1/iv."), g)


def _scaled_rule(rule, derivative, function):
    """The staged rule of ``exp(-|x|) function(x)`` from ``rule(ans, x)`` (its derivative
    for x != 0) and the unscaled function's ``derivative(x)`` (for x = 0)."""
    return lambda g, ans, x: _scaled_at_zero(
        x, lambda y: rule(ans, y),
        lambda y: derivative(y) * np.cosh(y) + function(y) * np.sinh(y), g)


_unary(sc.i0e, _scaled_rule(lambda ans, x: _dive_real(0.0, ans, x, lambda a, t: sc.i1e(t) - np.sign(t) * a),
                            sc.i1, sc.i0))
_unary(sc.i1e, _scaled_rule(lambda ans, x: _dive_real(1.0, ans, x, lambda a, t: 0.5 * (sc.i0e(t) + _bessel_i(2.0, t, True))
                                                      - np.sign(t) * a),
                            lambda x: 0.5 * (sc.i0(x) + sc.iv(2.0, x)), sc.i1))


#: J1'(x) = sum c_k (x/2)^(2k), c_k = (-1)^k (2k + 1) / (2 k! (k + 1)!): 11 terms for |x| < 1
_DJ1_SERIES = [(-1.0) ** k * (2 * k + 1) / (2.0 * math.factorial(k) * math.factorial(k + 1)) for k in range(11)]


def _dj1(g, ans, x):
    # j1' = (j0 - j2) / 2 = j0 - j1 / x: SciPy's jv(2, x) is wrong from about 1e17 on (-2.7e-11
    # at 1e20, 10 times the truth: j1'(1e20) = 6.7e-12, and so j0''), its j0 and j1 are exact
    # there. Below |x| = 1 (where j1 / x loses digits at subnormal x, and SciPy's jv(1, x) is
    # 0) J1's Taylor series, a polynomial in (x/2)^2.
    small = np.abs(plain_numbers(x)) < 1.0
    return g * piecewise(x, small, lambda t: sc.j0(t) - sc.j1(t) / t,
                         lambda t: polynomial(0.25 * t * t, _DJ1_SERIES), 1.0, 0.0)


#: Above this x, _bessel_y1 takes Hankel's expansion (its terms to x^-5: 4e-17 at 1e3).
_Y1_FAR = 1e3


def _bessel_y1(x):
    """Y_1(x), exact at large x: SciPy's y1 (and yn(1, x), yv(1, x)) reduce x - 3 pi / 4
    in double precision, an error growing with x (1e-13 at 1e4, 1.4e-8 at 1e8, 7 times the
    truth at 1e20). Above :data:`_Y1_FAR` Hankel's expansion, ``(Q (s - c) - P (s + c)) /
    sqrt(pi x)`` with ``s, c = sin x, cos x`` (exactly reduced by libm), differentiated
    by composition."""
    def far(t):
        u = 1.0 / t
        u2 = u * u
        p = 1.0 + u2 * (15.0 / 128.0 - u2 * (14175.0 / 98304.0))
        q = u * (3.0 / 8.0 - u2 * (315.0 / 3072.0 - u2 * (1091475.0 / 3932160.0)))
        s, c = np.sin(t), np.cos(t)
        return (q * (s - c) - p * (s + c)) / (math.sqrt(math.pi) * np.sqrt(t))
    return piecewise(x, plain_numbers(x) > _Y1_FAR, sc.y1, far, 1.0, 2.0 * _Y1_FAR)


_unary(sc.j0, lambda g, ans, x: -g * sc.j1(x), uses="x")
_unary(sc.j1, _dj1, uses="x")
_unary(sc.y0, lambda g, ans, x: -g * _bessel_y1(x), uses="x")


def _pole_plain(u):
    with np.errstate(divide="ignore"):
        return np.reciprocal(np.asarray(u, dtype=float))[()]


# 1 / u, whose derivatives at u = 0 are infinities without NumPy's divide-by-zero warning
# (np.reciprocal's rule, -(g / u) / u, warned: Y_v'' at 0, whose value -inf is right)
_pole: Primitive = own_function(_pole_plain, "scipy.special (1 / x at the pole of Y_v')",
                                lambda ans, u: lambda g: -g * (_pole(u) * _pole(u)))


def _dy_at_zero(v, t):
    """The limit of Y_v'(x) at x = 0 (t: zeros), as a function of ``t`` whose derivative is
    the limit of Y_v'': Y_v ~ -(Gamma(v) / pi) (2 / x)^v for v > 0 (2 log(x) / pi at 0), so
    Y_v' is +inf and Y_v'' -inf, as 1 / t and its derivative; Y_-n = (-1)^n Y_n; for other
    v = -mu < 0, Y_v = cos(mu pi) Y_mu + sin(mu pi) J_mu, whose first term decides unless mu
    is half an odd integer: there Y_v = sin(mu pi) J_mu, whose derivative is +inf at mu = 1/2
    and J_mu''s own (0, then -inf or 0 in the next order) beyond. (The recurrence
    (Y_{v-1} - Y_{v+1}) / 2 is inf - inf at 0.)"""
    v = np.asarray(plain_numbers(v), dtype=float)
    integer = v == np.floor(v)
    half = ~integer & (2.0 * v == np.floor(2.0 * v))
    with np.errstate(invalid="ignore"):
        sign = np.where(v >= 0, 1.0, np.where(integer, np.where(np.mod(v, 2.0) == 0, 1.0, -1.0),
                                              np.where(half, 1.0, np.sign(np.cos(np.pi * v)))))
    pole = lambda u: sign * _pole(u + 0.0)  # noqa: E731  (+0.0: -0.0 is the same point)
    j_half = half & (v <= -1.5)
    if not np.any(j_half):
        return pole(t)
    mu = -v
    j_sign = np.where(np.mod(mu - 0.5, 2.0) == 0, 1.0, -1.0)  # sin(mu pi)
    return piecewise(t, j_half, pole, lambda u: j_sign * 0.5 * (sc.jv(mu - 1.0, u) - sc.jv(mu + 1.0, u)),
                     1.0, 1.0)


def _dy_rule(recurrence):
    """The rule of Y_v in x (``recurrence(v, t)``: Y_v'), with its limit at x = 0 (where the
    recurrence was NaN: yv'(0.5, 0), yn'(1, 0), y1'(0); the truth +inf)."""
    def rule(g, ans, v, x):
        zero = np.zeros(np.shape(plain_numbers(x)), bool) if is_complex(x) else plain_numbers(x) == 0
        if not np.any(zero):
            return g * recurrence(v, x)
        return g * piecewise(x, zero, lambda t: recurrence(v, t), lambda t: _dy_at_zero(v, t), 1.0, 1.0)
    return _quiet(rule)


def _dy1(g, ans, x):
    # y1' = (y0 - y2) / 2 = y0 - y1 / x: above _Y1_FAR the second, with Y_1 exact there
    # (_bessel_y1): SciPy's yn(2, x) reduces its argument in double precision, and y1'',
    # through yn(1, x) and yn(3, x), was 15 times the truth at 1e150 (-2.8e-76 for -1.8e-77)
    return _dy_rule(lambda v, x: piecewise(x, plain_numbers(x) > _Y1_FAR, lambda t: 0.5 * (sc.y0(t) - sc.yn(2, t)),
                                           lambda t: sc.y0(t) - _bessel_y1(t) / t, 1.0, 2.0 * _Y1_FAR))(g, ans, 1.0, x)


_unary(sc.y1, _dy1, uses="x")
_order(sc.iv, lambda g, ans, v, x: g * 0.5 * (_bessel_i(v - 1.0, x, False) + _bessel_i(v + 1.0, x, False)),
       uses="xy")
# ive(v, z) = iv(v, z) exp(-|Re z|): the scale factor is not holomorphic, and its part of
# the cotangent, -sign(Re z) Re(g ans), is real (autograd's convention; see ops.complexnum).


def _ive_kink(cotangent, z, g):
    """ive's gradient at complex z marked where Re z = 0, the kink of e^-|Re z|: the gradient there is the mean of the
    two sides' (sign(0) = 0), whose derivative is no second derivative of either side nor their mean (the Hessian of
    Re ive(1.5, x + iy) at 2j was [[-b, -b], [-b, b]], b = 0.2031, where both sides' d2/dx2 is -b + Re ive(1.5, 2j)
    = -0.5505); as at real x = 0 (_scaled_at_zero), differentiating it again there raises."""
    return at_kink(cotangent, z, lambda: np.real(plain_numbers(z)) == 0, (
        "scipy.special.ive", "the mean of the derivatives of its two sides at Re z = 0 (the kink of e^-|Re z|)",
        "Evaluate off the imaginary axis, or write e^-|Re z| * iv on the side you mean."), g)


def _dive(g, ans, v, x):
    if is_complex(x):
        slope = 0.5 * (sc.ive(v - 1.0, x) + sc.ive(v + 1.0, x))
        if in_jvp() and not in_transposed_pullback():
            # (forward mode's elementwise JVP, g a tangent t: dF = slope t - sign(Re z) F Re(t), not the cotangent's
            # form; as the cotangent's, -sign(Re z) Re(t F), the jvp of ive(1.5, x + 1j y) in x at (0.3, 0.4) was
            # 0.1678 + 0.1023j for 0.1678 + 0.0339j, and the Hessians of real functions of it wrong at every point)
            return _ive_kink(g * slope - np.sign(np.real(x)) * ans * np.real(g), x, g)
        return _ive_kink(g * slope - np.sign(np.real(x)) * np.real(g * ans), x, g)
    return _scaled_rule(lambda ans, x: _dive_real(v, ans, x, lambda a, t: 0.5 * (
                            _bessel_i(v - 1.0, t, True) + _bessel_i(v + 1.0, t, True)) - np.sign(t) * a),
                        lambda x: 0.5 * (sc.iv(v - 1.0, x) + sc.iv(v + 1.0, x)),
                        lambda x: sc.iv(v, x))(g, ans, x)


# (elementwise: its mark at x = 0 rides on the tangent, which np.where's mask drops in forward
# over forward; the transposed pullback's inner product with the direction refused it)
_order(sc.ive, _dive, elementwise=True)
_order(sc.jv, lambda g, ans, v, x: g * 0.5 * (sc.jv(v - 1.0, x) - sc.jv(v + 1.0, x)), uses="xy",
       aliases=("jn",))  # jn: the same ufunc
_order(sc.yn, _dy_rule(lambda n, x: 0.5 * (sc.yn(n - 1, x) - sc.yn(n + 1, x))), uses="xy")


# -- exponential integrals, zeta, Pochhammer, inverses, spence, log_expit --------
# (the functions jax.scipy.special differentiates that were missing; each derivative is a
# closed form in functions that have rules, so every order comes by composition)

# expi' = e^x / x, exp1' = -e^-x / x (holomorphic: complex z too); infinite at 0.
# expi' is its own function: the derivative of np.exp(x) / x, e^x / x - e^x / x^2, cancels
# near x = 1 (expi''(1 - 1e-15) was -2.22e-15 reverse, -2.66e-15 forward, the truth
# -2.72e-15) and is inf - inf = NaN where 1 / x overflows (subnormal x, and x = 0, where the
# limit is -inf). Its rule, (e^x / x) (x - 1) / x, has x - 1 exact near 1 (Sterbenz), and
# -inf there; its own derivative adds e^x / x^3 to e^x (x - 1)^2 / x^3 (no cancellation).


def _exp_over_x_plain(x):
    # beyond half the exponent range, e^(x/2) (e^(x/2) / x): e^x overflowed from 709.8 on
    # (float32: 88.7), where e^x / x is finite up to 716.4 (95.3): expi'(712) was inf
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = np.exp(x) / x
        dtype = np.result_type(x, 1.0)
        far = np.abs(np.real(x)) > 0.5 * math.log(np.finfo(dtype).max)
        if np.any(far):
            half = np.exp(np.where(far, x, 0.0) / 2.0)
            out = np.where(far, half * (half / x), out)
    return out[()] if type(out) is np.ndarray else out


_exp_over_x = own_function(_exp_over_x_plain, "scipy.special.expi (derivative)",
                           lambda ans, x: _quiet(lambda g: g * ans * np.divide(x - 1.0, x)))
_unary(sc.expi, lambda g, ans, x: g * _exp_over_x(x), uses="x")
_unary(sc.exp1, _quiet(lambda g, ans, x: -g * np.exp(-x) / x), uses="x")


def _dexpn(g, ans, n, x):
    # E_n' = -E_{n-1}, and E_0(x) = e^-x / x, whose derivative is -e^-x (1 + x) / x^2.
    n = np.asarray(n)
    if np.all(n >= 1):
        return -g * sc.expn(n - 1, x)
    below = np.where(n >= 1, n - 1, 0)
    return g * np.where(n >= 1, -sc.expn(below, x), -np.exp(-x) * (1.0 + x) / (x * x))


_register(sc.expn, _refuse("scipy.special.expn", "its order n (argument 0)", "an integer"),
          staged_rule(zero_cotangent_adds_nothing_n(_quiet(_dexpn)), 1, "xy", unbroadcast))


def _zeta(x, q=None):
    # SciPy's zeta is Python code (the Riemann zeta for q=None, else Hurwitz's) over its ufuncs.
    if type(x) is Var or type(q) is Var:  # Vars of an outer tape: record there
        return zeta(x, q)
    return sc.zeta(x, q)


zeta = OwnPrimitive(_zeta, name="scipy.special.zeta", names=("scipy.special.zeta",))
zeta.__doc__ = """The Hurwitz zeta function ``sum_k (k + q)^-x`` (the Riemann zeta for
    ``q=None``), as ``scipy.special.zeta``, differentiable in ``q`` (to any order):
    ``d/dq zeta(x, q) = -x zeta(x + 1, q)``. Its derivative in ``x`` has no closed form
    and is refused (:class:`~wengert.NoGradientRule`), so is the Riemann zeta of a Var.

    >>> import wengert as wg, wengert.scipy.special as wsp
    >>> round(float(wg.grad_bp(lambda q: wsp.zeta(2.0, q), 1.0)), 6)  # -2 zeta(3)
    -2.404114

    .. versionadded:: 0.1
    """


def _vjp_zeta_q(ans, x, q=None):
    shape = np.shape(q)
    return lambda g: unbroadcast(-g * x * zeta(np.add(x, 1.0), q), shape)


defvjp(zeta, _refuse("scipy.special.zeta", "x (argument 0)",
                     "its derivative in the exponent has no closed form; only q is differentiated"),
       _vjp_zeta_q)


def _poles_of_gamma(x):
    """Where ``x`` is 0, -1, -2, ... (plain values, also for a Var of an outer tape)."""
    return (x <= 0) & (np.floor(x) == x)


def _poch_z(g, ans, z, m):
    # poch = gamma(z + m) / gamma(z): d/dz = poch (digamma(z + m) - digamma(z)), which is
    # 0 * inf at a pole of gamma(z) (poch 0 there): gamma(z + m) (1/gamma)'(z) is right. The
    # difference is -_dlogbeta(z, m), term by term where m is small next to z (the two digammas
    # apart cancelled: d/dz poch(1e10, 2) was 20000001656.8, the truth 2z + 1 = 20000000001).
    # Within 1/4 of a pole too (rgamma(z) = 1/gamma(z) and its own derivative _drgamma are entire):
    # the product poch (digamma(z + m) - digamma(z)) differentiated again has two terms like 1/r
    # that cancel (d2/dz2 poch(1e-20, 1) = z'' was -16384, -inf at 1e-300; the truth 0).
    at_pole = _poles_of_gamma(z)
    _refuse_double_pole(z, m, at_pole)
    pz, pm = plain_numbers(z), plain_numbers(m)
    nearest = np.round(pz)
    with np.errstate(invalid="ignore"):
        near = (nearest <= 0) & (np.abs(pz - nearest) < 0.25) & (np.abs(pz + pm) < 170.0) & ~_poles_of_gamma(pz + pm)
    near = near | at_pole
    if not np.any(near):
        return g * ans * -_dlogbeta(z, m)
    zp, zo = np.where(near, z, 0.5), np.where(near, 0.5, z)
    mp, mo = np.where(near, m, 0.5), np.where(near, 0.5, m)
    # (the product rule in full, rgamma(z) = 0 included: its own derivative is not 0)
    return g * np.where(near, sc.gamma(zp + mp) * (sc.digamma(zp + mp) * sc.rgamma(zp)
                                                   + _drgamma(1.0, sc.rgamma(zp), zp)),
                        sc.poch(zo, mo) * -_dlogbeta(zo, mo))


def _refuse_double_pole(z, m, at_pole):
    if np.any(at_pole & _poles_of_gamma(z + m)):
        raise ValueError(
            "scipy.special.poch(z, m) has no derivative where both z and z + m are poles of "
            "gamma (0, -1, -2, ...): near there gamma(z + m) / gamma(z) depends on the "
            "direction of approach")


def _poch_m(g, ans, z, m):
    # d/dm = poch digamma(z + m): 0 at a pole of gamma(z) (poch is 0 for every m there),
    # written gamma(z + m) digamma(z + m) rgamma(z) there, whose derivative in z is not 0.
    at_pole = _poles_of_gamma(z)
    _refuse_double_pole(z, m, at_pole)
    if not np.any(at_pole):
        return g * ans * sc.digamma(z + m)
    zp, mp = np.where(at_pole, z, 0.5), np.where(at_pole, m, 0.5)
    return g * np.where(at_pole, sc.gamma(zp + mp) * sc.digamma(zp + mp) * sc.rgamma(zp),
                        ans * sc.digamma(np.where(at_pole, 0.5, z + m)))


_register(sc.poch, staged_rule(_poch_z, 0, "axy", unbroadcast),
          staged_rule(_poch_m, 1, "axy", unbroadcast))


# -- the binomial coefficient binom(n, k) = Gamma(n+1) / (Gamma(k+1) Gamma(n-k+1)) ----
# d/dn = binom (psi(n+1) - psi(n-k+1)), d/dk = binom (psi(n-k+1) - psi(k+1)), each difference from
# _dlogbeta (psi(a) - psi(a + b) term by term where b is small next to a: the two digammas
# apart cancelled, d/dn binom(1e10, 3) was 4.99997e19 for 4.999999999e19). Where n+1, k+1 or
# n-k+1 is a pole of Gamma (an integer <= 0) these products are 0 * inf, although binom has a
# derivative there (1/Gamma is entire): such points are refused, never a NaN for an answer.

def _binom_poles(n, k):
    n, k = np.asarray(plain_numbers(n), dtype=float), np.asarray(plain_numbers(k), dtype=float)
    points = [n + 1.0, k + 1.0, n - k + 1.0]
    return np.any([(p <= 0) & (p == np.floor(p)) for p in np.broadcast_arrays(*points)])


def _binom_rule(argnum):
    def rule(ans, n, k):
        if _binom_poles(n, k):
            raise NoGradientRule(
                "scipy.special.binom(n, k): n + 1, k + 1 or n - k + 1 is an integer <= 0 (a pole of "
                "the gamma function in binom's formula), where wengert's derivative (through digamma) "
                "does not hold (binom has a derivative there, which wengert does not compute)")
        shape = np.shape(plain_numbers(n) if argnum == 0 else plain_numbers(k))

        def pullback(g):
            if argnum == 0:
                d = -_dlogbeta(n - k + 1.0, k)
            else:
                d = -_dlogbeta(k + 1.0, n - 2.0 * k)
            return unbroadcast(g * ans * d, shape)
        return pullback
    return rule


_register(sc.binom, _binom_rule(0), _binom_rule(1))


def _vjp_hyp1f1_z(ans, a, b, z):
    shape = np.shape(z)
    # d/dz 1F1(a; b; z) = (a / b) 1F1(a + 1; b + 1; z), complex z too (holomorphic).
    return lambda g: unbroadcast(g * (a / b) * sc.hyp1f1(np.add(a, 1.0), np.add(b, 1.0), z), shape)


_WHY_HYP = "its derivative in a parameter has no closed form; only z is differentiated"
_register(sc.hyp1f1, _refuse("scipy.special.hyp1f1", "a (argument 0)", _WHY_HYP),
          _refuse("scipy.special.hyp1f1", "b (argument 1)", _WHY_HYP), _vjp_hyp1f1_z)


#: spence' = log(z) / (1 - z) takes its series in u = z - 1 where |u| is below this
_SPENCE_NEAR = 0.0625
#: -log(1 + u) / u = sum -(-u)^k / (k + 1), 20 terms
_DSPENCE_SERIES = [-(-1.0) ** k / (k + 1.0) for k in range(20)]


def _dspence(g, ans, z):
    # spence(z) = int_1^z log(t) / (1 - t) dt: the derivative log(z) / (1 - z) is 0/0 at
    # z = 1, and its own derivative (1/z + log(z) / (1 - z)) / (1 - z) cancels near it (0.25
    # or 0.375 at z = 1 - 1e-15, 2.0 at 1 - 2^-53, the truth 0.5). Near 1 (|u| < 1/16, u =
    # z - 1) it is -log(1 + u) / u = -sum (-u)^k / (k + 1), 20 terms (the first left out is
    # below 1e-20 of the second derivative): a polynomial, exact derivatives of every order.
    near = np.abs(plain_numbers(z) - 1.0) < _SPENCE_NEAR
    return g * piecewise(z, near, lambda t: np.log(t) / (1.0 - t), lambda t: polynomial(t - 1.0, _DSPENCE_SERIES),
                         0.5, 1.0)


_unary(sc.spence, _quiet(_dspence), uses="x")

# log_expit(x) = -log(1 + e^-x): the derivative is expit(-x) (no overflow either way), e^-x beyond x = 700
# (where the two are one float): SciPy's expit(-x) is 1 / (1 + e^x), 0 once e^x overflows (log_expit'(710) was 0.0,
# the truth 4.47628622567513e-309). g e^-x by exp_times: where e^-x is below the normal range, apart (grad of
# 1e300 * log_expit(x) at 745 was 4.94e-24, the truth 2.82e-24; at -745 expit(-x) by logistic_times: its Hessian
# was -4.94e-24 for -2.82e-24).
def _dlog_expit(g, ans, x):
    far = np.real(np.asarray(plain_numbers(x))) > 700.0
    return piecewise(x, far, lambda t: logistic_times(g, -t, sc.expit),
                     lambda t: exp_times(g, None, -t, lambda g, ans, u: g * np.exp(u)), 0.0, 710.0)


_unary(sc.log_expit, _dlog_expit, uses="x")


def _mills(t):
    """The Mills ratio (1 - Phi(t)) / pdf(t) = sqrt(pi / 2) erfcx(t / sqrt(2))."""
    return math.sqrt(0.5 * math.pi) * sc.erfcx(t * math.sqrt(0.5))


def _ndtri_exp_upper_slope_plain(y):
    # ndtri_exp'(y) = e^y / pdf(q) where q = ndtri_exp(y) >= 0: e^y mills(q) / -expm1(y), 1 - Phi(q) =
    # -expm1(y) exact as y -> 0- (inf at y = 0, q = inf: the limit)
    y = np.asarray(y)
    q = sc.ndtri_exp(y)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = np.exp(y) * _mills(q) / -np.expm1(y)
    return np.where(np.isinf(q), np.inf, out)[()]


# its derivative d/dy (1 + q d/dy) as its own rule: no cancellation for q >= 0 (through erfcx's rule and
# the quotient's, two terms of opposite signs, inf - inf = NaN at y = -1e-300, where it overflows to inf)
def _ndtri_exp_upper_slope_vjp(ans, y):
    def vjp(g):
        with np.errstate(over="ignore", invalid="ignore"):
            return g * (ans + sc.ndtri_exp(y) * ans * ans)
    return vjp


_ndtri_exp_upper_slope: Primitive = own_function(_ndtri_exp_upper_slope_plain, "scipy.special.ndtri_exp (derivative)",
                                                 _ndtri_exp_upper_slope_vjp)


def _dndtri_exp(g, ans, y):
    # ndtri_exp(y) = q = ndtri(e^y): d/dy = e^y / pdf(q). Below q = 0 Phi(q) = e^y makes it mills(-q)
    # (through erfcx's rule again: its derivative 1 + q d/dy cancels to about 1 / q^2 there); above, the
    # slope of its own. As exp(y + q^2 / 2 + log(sqrt(2 pi))) it carried q's rounding times q^2 and the
    # sum's cancellation: 3.7e-10 relative off at y = -1e4, the second derivative 7.4e-6, 2% at -1e5.
    # Below, mills(-q) at q moved by one Newton step on log_ndtr(q) = y (plain: a constant shift, q's own derivatives
    # kept): SciPy's q is off by up to 5.4e-13 (relative) far out (y = -1e5; 1.8e-14 at -1e4), and so was the slope.
    lower = plain_numbers(y) < -math.log(2.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        q, py = np.asarray(plain_numbers(ans), dtype=float), np.asarray(plain_numbers(y), dtype=float)
        step = -(sc.log_ndtr(q) - py) * _mills(-q)
        step = np.where(lower & np.isfinite(step), step, 0.0)
    return g * np.where(lower, _mills(-np.where(lower, ans + step, -1.0)),
                        _ndtri_exp_upper_slope(np.where(lower, -0.1, y)))


def _ndtri_exp_value(y):
    """ndtri_exp(y) with one Newton step on log_ndtr(q) = y from SciPy's q for -1e12 < y < -3e3, where SciPy's is off
    (mpmath, Newton in 60 digits and more: 3 ulp at y = -4e3, 83 at -1e4, 2.4e3 at -1e5 (5.4e-13 relative), 2.2e3 at
    -1e6, 71 at -1e8, 8 at -1e9); the step, log_ndtr's residual times mills(-q) = Phi(q) / pdf(q), brings it within 2
    ulp there (2 ulp at -1e8: log_ndtr's own rounding). SciPy's elsewhere (within an ulp beside the ill-conditioned
    q ~ 0 at y ~ -log 2). Above -3e3 the step, within an ulp too, was the worse of the two (94 points in (-3e3, -1):
    SciPy's 41 ulp off in all, the step's 51; truncnorm.isf(1e-10, -3, inf), y = -23.03, 1 ulp off through it).

    >>> float(_ndtri_exp_value(-1e5)), float(sc.ndtri_exp(-1e5))
    (-447.197893678525, -447.19789367876837)
    """
    dtype = np.asarray(sc.ndtri_exp(y)).dtype  # (float32's too: the step in float64, rounded once)
    y = np.asarray(y, dtype=float)
    q = sc.ndtri_exp(y)
    with np.errstate(all="ignore"):
        step = -(sc.log_ndtr(q) - y) * _mills(-q)
        use = (y < -3e3) & (y > -1e12) & np.isfinite(step)
        return np.where(use, q + np.where(use, step, 0.0), q).astype(dtype, copy=False)[()]


def ndtri_exp(y, **kwargs):
    # wengert.scipy.special.ndtri_exp: _ndtri_exp_value on plain numbers, SciPy's ufunc (recorded with it) on a Var or
    # with ufunc keywords; public for the stats package, whose quantiles called SciPy's on plain numbers (5e-13 off)
    if kwargs or is_traced(y):
        return sc.ndtri_exp(y, **kwargs)
    return _ndtri_exp_value(y)


ndtri_exp.__doc__ = """scipy.special.ndtri_exp(y): q with log(ndtr(q)) = y, within 2 ulp where SciPy's is
off (-1e12 < y < -1e3: 5.4e-13 relative at -1e5; see wengert.ops.scipy_special._ndtri_exp_value), differentiable.

    >>> import wengert.scipy.special as wsp
    >>> float(wsp.ndtri_exp(-1e5))
    -447.197893678525
"""
_unary(sc.ndtri_exp, _dndtri_exp, uses="ax", impl=_ndtri_exp_value, reenters="any", exposed=ndtri_exp)
# loggamma' = digamma, for complex z too (whose own derivative is then refused by digamma).
_unary(sc.loggamma, lambda g, ans, x: g * _digamma(x), uses="x")
# Dawson's integral: F' = 1 - 2 z F (holomorphic).
def _ddawsn(g, ans, x):
    # dawsn' = 1 - 2 x dawsn(x); for |x| > 10 minus the series (dawsn(x) ~ sum (2k - 1)!! /
    # (2 x^2)^k / (2 x)): no cancellation (see _ASYMPTOTIC); real x only (at 3 + 10j the
    # series gave 0.0038 + 0.0025j where the derivative is -5.1e40 + 3.5e40j)
    # From |x| = 2 to 10 the derivative of Rybicki's sum (dawson_slope_near_axis): the closed form cancelled, and its
    # derivative more (d2/dx2 dawsn 1.8e-12 relative off at 10, 3.3e-13 at 5)
    ans = sc.dawsn(x) if ans is None else ans
    if is_complex(x):
        return complex_times(g, _complex_far(x, lambda t: 1.0 - 2.0 * t * ans, "dawsn"))
    far = _real_beyond_asymptotic(x, np.abs)
    middle = ~far & near_axis_middle(np.asarray(plain_numbers(x)))

    def near(t):
        return piecewise(t, middle, lambda t: 1.0 - 2.0 * t * ans, dawson_slope_near_axis, 0.0, 5.0)
    return g * piecewise(x, far, near, lambda t: -erfc_asymptotic_series(t, 1.0), 0.0, 2.0 * _ASYMPTOTIC)


_unary(sc.dawsn, with_near_zero(_in_double(_ddawsn), 1.0, -2.0))


# kl_div(x, y) = x log(x / y) - x + y (y where x = 0): log(x / y) in x, 1 - x / y in y (1
# where x = y = 0, the convention's: kl_div(0, y) = y for every y >= 0).
_register(sc.kl_div,
          staged_rule(zero_cotangent_adds_nothing_n(_quiet(lambda g, ans, x, y: g * (np.log(x) - np.log(y)))),
                      0, "xy", unbroadcast),
          staged_rule(lambda g, ans, x, y: g - _ratio_at_zero(g, x, y, 0.0, "kl_div", "y"), 1, "xy", unbroadcast))


# -- inverses of the incomplete gamma and beta functions (in the probability) ----------------
# x = F^-1(y) has dx/dy = 1 / F'(x): one exp of a difference of logarithms, with xlogy so
# that the ends (x = 0, 1: y = 0, 1) are exact (0, 1 or inf as the shape parameter says).



def _at_the_ends(name, ends):
    """The kink-policy refusal (``at_kink``) of the second derivative of an inverse where its
    result is at an end of its range: the first derivative there is the limit of 1 / F'(x)
    (0, 1 or inf as the shape parameter is below, at or above 1), but the second derivative's
    limit depends on the shape parameter (0, finite, +inf or -inf: 0 * inf in the rule), and
    the rule gave NaN."""
    return (f"scipy.special.{name}", f"the limit of 1 / F'(x) at the end of its range ({ends})",
            "Its own derivative there depends on the shape parameter and is not computed; evaluate "
            "at a probability whose result is inside the range (a result that underflows to 0 "
            "counts as the end).")


def _gammaincinv_y_rule(sign, name):
    def rule(g, ans, a, y):
        # dx/dy = 1 / F'(x) = Gamma(a) e^x x^(1 - a); at x = inf (y at its end) the limit is inf.
        # Where SciPy's x is below the smallest normal number inside the range (P(a, x) = p > 0),
        # it is x / (a p) from p (_underflowed_log_x), not from x: 0 where x underflowed (1.6e-309
        # at a = 1e-15, p = 1 - 7.45e-13), and as many digits off as the subnormal x lost (a = 0.5,
        # x = e^-744: 5.57e-162 for 4.91e-162, 13%), as gammaincinv_da reads it
        p = y if sign > 0 else 1.0 - y
        under = (plain_numbers(ans) < _NORMAL) & (plain_numbers(p) > 0) & (plain_numbers(a) > 0)
        x = np.where(under, 1.0, ans) if np.any(under) else ans
        d = np.where(x == np.inf, np.inf, np.exp(x - sc.xlogy(a - 1.0, x) + sc.gammaln(a)))
        if np.any(under):
            p, a_under = np.where(under, p, 0.5), np.where(under, a, 1.0)
            d = np.where(under, np.exp(_underflowed_log_x(a_under, p) - np.log(a_under) - np.log(p)), d)
        return at_kink(sign * g * d, y, lambda: ((ans == 0) & (a != 1)) | (ans == np.inf),
                       _at_the_ends(name, "x = 0 with a != 1, or x = inf"))
    return _quiet(rule)


def _gammaincinv_y(sign, name):
    return staged_rule(_gammaincinv_y_rule(sign, name), 1, "axy", unbroadcast)


# -- gammaincinv and gammainccinv in a ----------------------------------------------
# x = gammaincinv(a, y) solves P(a, x) = y (gammainccinv: Q(a, x) = y, Q = 1 - P), so by the
# implicit function theorem dx/da = -P_a(a, x) / P_x(a, x) for both (Q_a / Q_x is the same
# ratio): r(a, x) = -dP/da divided by the density, computed with the density's factor cancelled
# in each branch of dP/da (the series' first term, the continued fraction's e^-x x^a / gamma(a)):
# neither underflows where x is far in a tail. r > 0 (x grows with a at a fixed probability);
# at x = 0 (y at the lower end, or x underflowing) it is 0, the limit of x (log x - ...) / a;
# at x = inf its limit is log x - digamma(a) -> inf.
# Its derivative in x is r_x = -(log x - digamma(a)) - r ((a - 1) / x - 1) (from P_ax = P_x
# (log x - digamma(a)) and P_xx / P_x = (a - 1) / x - 1): every order in x by composition. Its
# derivative in a needs d^2P/da^2, which is not implemented (refused by name): so d^2x/da^2 is
# refused, and the mixed d^2x/(da dy) is computed (both ways round).


def _inverse_da_plain(a, x, p=None):
    # p: P(a, x), the probability (y for gammaincinv, 1 - y for gammainccinv), read only where
    # SciPy's x is below the smallest normal number (subnormal, or underflowed to 0); without
    # it, x is taken as it is there
    given = p is not None
    a, x, p = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, x, p if given else np.nan)))
    out = np.where(x == np.inf, np.inf, 0.0)
    inside = (x >= _NORMAL if given else x > 0) & (x < np.inf)
    if np.all(inside):
        return -_dp_da_plain(a, x, True, "gammaincinv / gammainccinv")
    if np.any(a <= 0):
        _dp_da_plain(a, x, True, "gammaincinv / gammainccinv")  # its error
    out = np.where(np.isnan(a) | np.isnan(x), np.nan, out)
    if np.any(inside):
        out[inside] = -_dp_da_plain(a[inside], x[inside], True, "gammaincinv / gammainccinv")
    below = (x < _NORMAL) & (p > 0) & (a > 0)
    if np.any(below):
        out[below] = _underflowed_inverse_da(a[below], p[below])
    return out[()]


#: log gamma(1 + a) / a = -euler_gamma + sum_(k >= 2) (-1)^k zeta(k) a^(k - 1) / k (|a| < 1;
#: 26 terms below a = 1/5)
_LOG_GAMMA_1P_OVER_A = [-float(np.euler_gamma)] + [(-1.0) ** k * float(sc.zeta(k)) / k for k in range(2, 28)]

#: the smallest normal float64: below it SciPy's x has lost bits (0 where it underflowed)
_NORMAL = float(np.finfo(np.float64).tiny)


def _underflowed_inverse_da(a, p):
    """dx/da where P(a, x) = p > 0 at an x below the smallest normal number, from p, not x: there
    P = x^a / gamma(a + 1) (1 + O(x)), so log x = L = (log p + gammaln(a + 1)) / a and dx/da =
    x (digamma(a + 1) - log x) / a, formed in logarithms. x underflows to 0 where this does not
    (a = 1e-15, p = 1 - 7.45e-13: x = e^-745.2 is 0 in SciPy, dx/da 6.7e-309), and where x is
    subnormal it has lost bits that this keeps."""
    log_x = _underflowed_log_x(a, p)
    with np.errstate(under="ignore"):
        return np.exp(log_x + np.log(sc.digamma(a + 1.0) - log_x) - np.log(a))


def _underflowed_log_x(a, p):
    """log x where P(a, x) = p at an x below the smallest normal number: (log p + gammaln(a + 1))
    / a, with gammaln(a + 1) / a by its series below a = 1/5 (a + 1 rounds a: a 10% error in
    x at a = 1e-15)."""
    small = plain_numbers(a) < 0.2
    log_gamma_over_a = np.where(small, polynomial(np.where(small, a, 0.0), _LOG_GAMMA_1P_OVER_A),
                                sc.gammaln(np.where(small, 1.0, a) + 1.0) / np.where(small, 1.0, a))
    return np.log(p) / a + log_gamma_over_a


#: digamma(a) - log(a) = -1/(2a) - sum B_2k / (2k a^2k), k = 1..10 (from a = 10 on: the 11th term 3e-20 of the sum)
_DIGAMMA_LESS_LOG = tuple(-float(b / (2 * k)) for k, b in enumerate(BERNOULLI_2K, 1))


def _log_less_digamma(a, x):
    """``log x - digamma(a)`` (Var-aware), from a = 10 on as ``log(x / a) - (digamma(a) - log a)``, the latter by its
    asymptotic series: the difference of the two logarithms near log a lost their ulps (3e-16 at a = 100, x near a),
    which d2x/da2 of gammaincinv (a sum of terms 400 times its size there) turned into 1.8e-12 of it."""
    plain = np.asarray(plain_numbers(a))
    large = plain >= 10.0

    def series(a):
        # (log(x / a) within a factor 1.5 of x = a, log x - log a beyond: no cancellation there, and x / a underflows
        # at a subnormal x / a)
        inverse = 1.0 / a
        with np.errstate(divide="ignore", invalid="ignore"):
            near = np.abs(np.asarray(plain_numbers(x)) / np.asarray(plain_numbers(a)) - 1.0) < 0.5
        log_ratio = (np.log(x / a) if np.all(near) else
                     np.where(near, np.log(np.where(near, x, a) / a), np.log(np.where(near, 1.0, x)) - np.log(a)))
        return log_ratio - (polynomial(inverse * inverse, _DIGAMMA_LESS_LOG) * (inverse * inverse) - 0.5 * inverse)
    if np.all(large):
        return series(a)
    if not np.any(large):
        return np.log(x) - sc.digamma(a)
    return np.where(large, series(np.where(large, a, 10.0)), np.log(x) - sc.digamma(np.where(large, 1.0, a)))


def _vjp_inverse_da_x(ans, a, x, p=None):
    shape = np.shape(plain_numbers(x))

    def pullback(g):
        # (dx/da at x = 0 or inf is a limit, 0 or inf: its derivative in y there is not computed)
        if np.any((x == 0) | (x == np.inf)):
            raise NoGradientRule(
                "scipy.special.gammaincinv / gammainccinv: the derivative in y of dx/da where the result x "
                "is at an end of its range (0, also where it underflows, or inf) is not computed (dx/da "
                "there is its limit, 0 or inf). Evaluate at a probability whose result is inside the range.")
        below = None if p is None else (plain_numbers(x) < _NORMAL) & (plain_numbers(p) > 0) & (plain_numbers(a) > 0)
        if below is None or not np.any(below):
            # (a - 1 - x) / x, not (a - 1) / x - 1, and _log_less_digamma: the sum cancels where x is near a
            return unbroadcast(-g * (ans * ((a - 1.0 - x) / x) + _log_less_digamma(a, x)), shape)
        # x below the smallest normal number (ans read from p): log x and ans / x from p too, as
        # ans is, not (a - 1) / x, which overflowed (inf for d/dy of dx/da at a = 0.5, x = e^-720,
        # the truth 1.1e-153), nor log of x's lost bits
        a_b, p_b = np.where(below, a, 1.0), np.where(below, p, 0.5)
        log_b = _underflowed_log_x(a_b, p_b)
        x_n = np.where(below, 1.0, x)
        log_x = np.where(below, log_b, np.log(x_n))
        ans_over_x = np.where(below, (sc.digamma(a_b + 1.0) - log_b) / a_b, ans / x_n)
        return unbroadcast(-g * ((a - 1.0) * ans_over_x - ans + (log_x - sc.digamma(a))), shape)
    return pullback


def _vjp_inverse_da_a(ans, a, x, p=None):
    # d/da of dx/da = -P_a / density at fixed x: -P_aa / density + (P_a / density) (log x -
    # digamma(a)), P_a / density = -ans (the density's log-derivative in a is log x - digamma(a))
    shape = np.shape(plain_numbers(a))
    plain_x = plain_numbers(x)
    if not np.all((plain_x >= _NORMAL) & (plain_x < np.inf)):
        raise NoGradientRule(
            "scipy.special.gammaincinv / gammainccinv: the second derivative in a (d^2/da^2) where the "
            "result x is at an end of its range (below the smallest normal number 2.2e-308, where SciPy's "
            "x has lost bits, or 0, or inf) is not computed. Evaluate at a probability whose result is "
            "inside the range.")

    def pullback(g):
        return unbroadcast(g * (gammaincinv_daa(a, x) - ans * _log_less_digamma(a, x)), shape)
    return pullback


#: ``-d^2 gammainc(a, x) / da^2`` over the density (internal, as gammaincinv_da; its own derivatives refused)
gammaincinv_daa = OwnPrimitive(lambda a, x: -_dp_da_plain(a, x, True, "gammaincinv / gammainccinv", second=True),
                         name="scipy.special.gammaincinv_daa", reenters="any")
_THIRD_IN_A = ("the third derivative in the shape parameter is not implemented; the first and second "
               "derivatives in a, the mixed derivative in a and y and every derivative in y are")
defvjp(gammaincinv_daa, _refuse("scipy.special.gammaincinv / gammainccinv", "a at third order (d^3/da^3)", _THIRD_IN_A),
       _refuse("scipy.special.gammaincinv / gammainccinv", "a, a and y at third order", _THIRD_IN_A))

#: ``d gammaincinv(a, y) / da`` as a function of ``a`` and ``x = gammaincinv(a, y)`` (internal, as
#: gammainc_da: differentiable in a and x; its third argument, P(a, x), gives its value where x
#: is below the smallest normal number, a function of x there too: its derivative is taken in
#: x, once, and the second derivative in a is refused there)
gammaincinv_da = OwnPrimitive(_inverse_da_plain, name="scipy.special.gammaincinv_da", reenters="any")
defvjp(gammaincinv_da, _vjp_inverse_da_a, _vjp_inverse_da_x, None)

_register(sc.gammaincinv, staged_rule(_quiet(lambda g, ans, a, y: g * gammaincinv_da(a, ans, y)), 0, "axy",
                                      unbroadcast), _gammaincinv_y(1.0, "gammaincinv"))
_register(sc.gammainccinv, staged_rule(_quiet(lambda g, ans, a, y: g * gammaincinv_da(a, ans, 1.0 - y)), 0,
                                        "axy", unbroadcast), _gammaincinv_y(-1.0, "gammainccinv"))


# -- SciPy's gamma-family distribution functions (chdtr, chdtrc, chdtri, gdtr, gdtrc,
# pdtr, pdtrc, pdtri) as gammainc, gammaincc and gammainccinv of scaled arguments: each rule is
# that function's, in every continuous argument (the shapes too, to second order: their third
# derivative, gammainc's d^3/da^3, is refused by name); a count (pdtr's k, floored by SciPy) is
# refused. chdtr(v, x) = P(v/2, x/2); chdtri(v, p) = 2 Q^-1(v/2, p); gdtr(a, b, x) = P(b, a x)
# (a the rate, b the shape); pdtr(k, m) = Q(floor(k) + 1, m); pdtri(k, y) = Q^-1(floor(k) + 1, y).

for _fn, _sign in ((sc.chdtr, 1.0), (sc.chdtrc, -1.0)):
    _register(_fn, staged_rule(lambda g, ans, v, x, _s=_sign: _s * 0.5 * g * gammainc_da(0.5 * v, 0.5 * x), 0,
                               "xy", unbroadcast),
              # (times_tangent, as gammainc's: under np.where's mask at x = 0, v < 2, 0 * inf was NaN)
              staged_rule(lambda g, ans, v, x, _s=_sign: _s * 0.5 * times_tangent(g, _gamma_density(0.5 * v, 0.5 * x)),
                          1, "xy", unbroadcast))
_CHDTRI_Y = _gammaincinv_y_rule(-1.0, "chdtri")
_register(sc.chdtri, staged_rule(_quiet(lambda g, ans, v, p: g * gammaincinv_da(0.5 * v, 0.5 * ans, 1.0 - p)), 0, "axy",
                                 unbroadcast),
          staged_rule(lambda g, ans, v, p: 2.0 * _CHDTRI_Y(g, 0.5 * ans, 0.5 * v, p), 1, "axy", unbroadcast))


def _log_scaled_density(b, s, t, i, j):
    """``exp(xlogy(b - 1 + i, s) + xlogy(b - 1 + j, t) - s t - gammaln(b))``: ``s^i t^j`` times the
    gamma density of ``s t``, as one exponential of its own logarithm, so that it underflows or
    overflows only where it does itself (s t alone underflows, and its density's powers
    overflowed apart from the factors that bring them back); as the product of the powers where
    each is a normal number: the exponential kept the rounding of its exponent, up to ~1400
    (2e-14 of gdtr's x-derivative at (0.5, 2, 1e-300), 3.5e-14 of its second)."""
    def logs(b, s, t):
        return np.exp(sc.xlogy(b - 1.0 + i, s) + sc.xlogy(b - 1.0 + j, t) - s * t - sc.gammaln(b))

    def powers(b, s, t):
        return s ** (b - 1.0 + i) * t ** (b - 1.0 + j) * np.exp(-s * t - sc.gammaln(b))
    bp, sp, tp = (np.asarray(plain_numbers(v), dtype=np.float64) for v in (b, s, t))
    with np.errstate(all="ignore"):
        # the exponential too: subnormal (s t ~ 720-745) it kept a few bits, which the powers'
        # product brought back above 1e-306 (gdtr's x-derivative at (1e101, 2, 7.3e-99) 1.8e-7 off)
        factors = [sp ** (bp - 1.0 + i), tp ** (bp - 1.0 + j), np.exp(-sp * tp - sc.gammaln(bp))]
        product = factors[0] * factors[1]
        normal = (sp > 0) & (tp > 0) & np.isfinite(bp)
        for f in factors + [product, product * factors[2]]:
            normal = normal & (f > 1e-306) & (f < 1e306)
    if not np.any(normal):
        return logs(b, s, t)
    if np.all(normal):
        return powers(b, s, t)
    return np.where(normal, powers(b, np.where(normal, s, 1.0), np.where(normal, t, 1.0)),
                    logs(b, np.where(normal, 1.0, s), np.where(normal, 1.0, t)))


#: s p(b, s t), p the gamma density, where s t, s or t is beyond _TINY_PRODUCT: one primitive whose partials
#: are each one exponential (``(b - s t) s^(b-1) t^(b-1) ...`` in s, ``(b - 1 - s t) s^b t^(b-2) ...``
#: in t) and an explicit JVP (a zero tangent times another direction's infinite partial adds nothing)
_SCALED_GAMMA_DENSITY = OwnPrimitive(lambda b, s, t: _log_scaled_density(b, s, t, 1.0, 0.0),
                                     name="scipy.special (s gamma density(b, s t))", reenters="any")
def_partials(_SCALED_GAMMA_DENSITY,
             lambda b, s, t: _SCALED_GAMMA_DENSITY(b, s, t) * (np.log(s) + np.log(t) - sc.digamma(b)),
             lambda b, s, t: (b - s * t) * _log_scaled_density(b, s, t, 0.0, 0.0),
             lambda b, s, t: (b - 1.0 - s * t) * _log_scaled_density(b, s, t, 1.0, -1.0))
#: Where s t, s or t is below this (or s or t above its reciprocal), gdtr's density in the rate or x
#: is _SCALED_GAMMA_DENSITY; elsewhere s times the density of s t (as before, bit for bit)
_TINY_PRODUCT = 1e-100


def _gap(c, s, t):
    """``c - s t`` (Var-aware) with its value from the exact product (Dekker's two_product, c in
    double-double): beside the density's mode (``s t`` near ``b - 1``) or the derivative's (near ``b``)
    ``s t`` rounded lost all of it (gdtr's d2/da2 at (0.001, 2, 1000), s t = 1 + 2.1e-17: 0.0 for
    -7.658e-12). Its derivatives are the direct form's (``-t``, ``-s``: no cancellation)."""
    pc, ps, pt = (np.asarray(plain_numbers(v), dtype=np.float64) for v in (c, s, t))
    with np.errstate(all="ignore"):
        product, error = two_product(ps, pt)
        exact = (pc - product) - error
        exact = np.where(np.isfinite(exact), exact, pc - ps * pt)
    direct = c - s * t
    return direct + (exact - np.asarray(plain_numbers(direct), dtype=np.float64))


def _mode_density(b, s, t):
    return s * _gamma_density(b, s * t)


def _log_product_minus_digamma(b, s, t):
    """``log(s t) - digamma(b)`` (Var-aware), the log-derivative of the gamma density p(b, s t) in b. Below b = 10 the
    direct form (bit for bit as before); from 10 on, beside the density's mode, ``log1p((u - b) / b) + e / u - (digamma(b)
    - log b)`` with ``u + e = s t`` exactly (two_product) and the last by its asymptotic series (DIGAMMA_SERIES): the
    direct form's two logarithms cancel to about 1 / (2 b) there (2 b log b ulps)."""
    pb = np.asarray(plain_numbers(b), dtype=np.float64)
    large = pb >= 10.0
    if not np.any(large):
        return np.log(s) + np.log(t) - _digamma(b)
    ps, pt = (np.asarray(plain_numbers(v), dtype=np.float64) for v in (s, t))
    with np.errstate(all="ignore"):
        product, error = two_product(ps, pt)
        correction = np.where(large & np.isfinite(error) & (product != 0), error / product, 0.0)
    c = np.where(large, b, 10.0)
    u = np.where(large, s * t, 10.0)
    inverse = 1.0 / c
    r = inverse * inverse
    tail = -0.5 * inverse - r * polynomial(r, DIGAMMA_SERIES)  # digamma(b) - log b
    near = np.log1p((u - c) / c) + correction - tail
    if np.all(large):
        return near
    return np.where(large, near, np.log(np.where(large, 1.0, s)) + np.log(np.where(large, 1.0, t))
                    - _digamma(np.where(large, 2.0, b)))


#: ``s p(b, s t)`` (p the gamma density) beside the mode of ``p`` or of ``u p(b, u)``, its value as
#: ``s * _gamma_density(b, s * t)`` (bit for bit), its partials with the gaps ``b - 1 - s t`` (in t) and ``b -
#: s t`` (in s) from the exact product (:func:`_gap`)
_MODE_SCALED_GAMMA_DENSITY = OwnPrimitive(lambda b, s, t: _mode_density(b, s, t),
                                          name="scipy.special (s gamma density(b, s t), beside its mode)",
                                          reenters="any")
def_partials(_MODE_SCALED_GAMMA_DENSITY,
             lambda b, s, t: _mode_density(b, s, t) * _log_product_minus_digamma(b, s, t),
             lambda b, s, t: _gap(b, s, t) * _gamma_density(b, s * t),
             lambda b, s, t: _gap(b - 1.0, s, t) * _mode_density(b, s, t) / t)


def _scaled_gamma_density(b, s, t):
    """``s * _gamma_density(b, s t)``, the derivative of ``gammainc(b, s t)`` in ``t``: gdtr's
    derivative in the rate (s = x, t = a) and in x (s = a, t = x). Where ``s t`` is tiny, its
    density's derivatives overflowed (gdtr's second derivative in the rate at rate 1e-10, x =
    1e-300 was -inf, the truth -2.8e-136; at rate 1e-300, x = 2.3e-8 the mixed one -inf for
    +1.9e153): :data:`_SCALED_GAMMA_DENSITY` there, within about 1e-13 (its exponent is up to
    ~700). Powers where ``s`` or ``t`` is 0 (as ``_at_ends``; 0 where both are: gdtr is 0 along
    both axes); NaN where either is negative, as SciPy's gdtr is (where both were, the density of
    their positive product gave finite derivatives of a NaN), at every order."""
    s_plain, t_plain = plain_numbers(s), plain_numbers(t)
    # compared in float64 (a float32 product underflows; NumPy compares float32 with 1e-100 as 0),
    # against a float32 bound for float32: its density's powers overflow from about 1e-26
    below = _TINY_PRODUCT if np.result_type(s_plain, t_plain, 1.0) == np.float64 else 1e-12
    s_plain, t_plain = np.asarray(s_plain, dtype=np.float64), np.asarray(t_plain, dtype=np.float64)
    end = ((s_plain == 0) | (t_plain == 0)) & (s_plain >= 0) & (t_plain >= 0)
    # also where s or t alone is extreme: s times the density of s t lost the factor's digits or
    # overflowed apart (gdtrc(1e-300, 0.5, 1e200): a mixed entry +inf for -2.8e49)
    tiny = (((s_plain * t_plain < below) | (np.minimum(s_plain, t_plain) < below)
             | (np.maximum(s_plain, t_plain) > 1.0 / below)) & (s_plain > 0) & (t_plain > 0))
    negative = (s_plain < 0) | (t_plain < 0)
    elsewhere = end | tiny | negative  # each form on its own points (placeholders 1: no 0 * inf after)
    # beside the mode of p(b, u) (u = b - 1) or of u p(b, u) (u = b), where the derivatives' gaps b - 1 - u
    # and b - u cancel: the same value, with gaps from the exact product (its derivative in b log u - digamma(b), from
    # b = 10 on without their cancellation: _log_product_minus_digamma). From b = 10 on the density's near-mode form
    # took the gaps from s t rounded: d2/da2 gdtr(0.001, 20, 19000) was 0.0 for -6.85e-10, (0.1, 50, 490) -4.95e-14
    # for -7.58e-13, (3, 12, 11/3) -2.4e-17 for +6.5e-17
    b_plain = np.asarray(plain_numbers(b), dtype=np.float64)
    with np.errstate(all="ignore"):
        u = s_plain * t_plain
        mode = ~elsewhere & (b_plain > 0) & np.isfinite(b_plain) & (
            ((u > 0.25 * b_plain) & (u < 4.0 * b_plain))
            | ((b_plain > 1.0) & (u > 0.25 * (b_plain - 1.0)) & (u < 4.0 * (b_plain - 1.0))))
    if np.any(mode):
        if np.all(mode):
            return _MODE_SCALED_GAMMA_DENSITY(b, s, t)
        density = np.where(mode, _MODE_SCALED_GAMMA_DENSITY(np.where(mode, b, 2.0), np.where(mode, s, 1.0),
                                                            np.where(mode, t, 1.0)), 0.0)
    if not np.any(elsewhere | mode):
        return s * _gamma_density(b, s * t)
    others = elsewhere | mode
    s_here, t_here = np.where(others, 1.0, s), np.where(others, 1.0, t)
    density = (np.where(mode, density, s_here * _gamma_density(b, s_here * t_here)) if np.any(mode)
               else s_here * _gamma_density(b, s_here * t_here))
    if np.any(tiny):
        density = np.where(tiny, _SCALED_GAMMA_DENSITY(b, np.where(tiny, s, 1.0), np.where(tiny, t, 1.0)), density)
    if np.any(end):
        both = (s_plain == 0) & (t_plain == 0)
        powers = (lambda s, t: s ** b * t ** (b - 1.0) * np.exp(-s * t - sc.gammaln(b)))(
            np.where(end & ~both, s, 1.0), np.where(end & ~both, t, 1.0))
        density = np.where(end, np.where(both, 0.0, powers), density)
    return density * np.where(negative, np.nan, 1.0) if np.any(negative) else density


def _gdtr_rule(sign, argnum):
    def vjp(ans, a, b, x):
        shape = np.shape([a, b, x][argnum])

        def pullback(g):
            if argnum == 1:
                return unbroadcast(sign * g * gammainc_da(b, a * x), shape)
            # d/da = x p(b, a x), d/dx = a p(b, a x), p the gamma density
            scale, other = (x, a) if argnum == 0 else (a, x)
            # (times_tangent, as gammainc's: under np.where's mask at x = 0, b < 1, 0 * inf was NaN)
            return unbroadcast(sign * times_tangent(g, _scaled_gamma_density(b, scale, other)), shape)
        return pullback
    return vjp


for _fn, _sign in ((sc.gdtr, 1.0), (sc.gdtrc, -1.0)):
    _register(_fn, *[_gdtr_rule(_sign, i) for i in range(3)])
_WHY_COUNT = "a count: SciPy floors it, so the function is a staircase in it"
for _fn, _sign in ((sc.pdtr, -1.0), (sc.pdtrc, 1.0)):
    _register(_fn, _refuse(f"scipy.special.{_fn.__name__}", "k (argument 0)", _WHY_COUNT),
              staged_rule(lambda g, ans, k, m, _s=_sign: _s * g * _gamma_density(np.floor(k) + 1.0, m), 1,
                          "xy", unbroadcast))
_PDTRI_Y = _gammaincinv_y_rule(-1.0, "pdtri")
_register(sc.pdtri, _refuse("scipy.special.pdtri", "k (argument 0)", _WHY_COUNT),
          staged_rule(lambda g, ans, k, y: _PDTRI_Y(g, ans, np.floor(k) + 1.0, y), 1, "axy", unbroadcast))


# -- trigonometric functions of degrees, x^y - 1, Bessel Y of real order, K of integer
# order. sindg' = (pi/180) cosdg and so on (SciPy's own functions, exact at the multiples of 90);
# powm1 = x^y - 1: y x^(y-1) in x, x^y log x in y (0 at x = 0 for y > 0: xlogy), refused for
# x < 0 (x^y is real there only at integer y); yv' = (Y_{v-1} - Y_{v+1}) / 2 (holomorphic),
# kn' = -(K_{n-1} + K_{n+1}) / 2.
_DEGREE = math.pi / 180.0
_unary(sc.sindg, with_near_zero(lambda g, ans, x: g * _DEGREE * sc.cosdg(x), _DEGREE, -_DEGREE ** 3 / 2.0), uses="x")
_unary(sc.cosdg, lambda g, ans, x: -g * _DEGREE * sc.sindg(x), uses="x")


def _degree_tangent_rule(fun, edge, sign, far_safe):
    """tandg' = (pi/180)(1 + tandg^2), cotdg' = -(pi/180)(1 + cotdg^2) where |ans| <= 1 (exact
    at 45), and (pi/180) / cosdg^2, -(pi/180) / sindg^2 beyond: SciPy's tandg and cotdg lose
    digits near their poles (cotdg(1e-8) is 1.8e-7 off, cotdg(1e-12) 4e-3), its sindg and
    cosdg do not. ``far_safe``: a point where ``edge`` is not 0."""
    def rule(g, ans, x):
        far = np.abs(plain_numbers(ans)) > 1.0  # (NaN: the near form, NaN too)
        return sign * g * _DEGREE * piecewise(x, far, lambda t: 1.0 + fun(t) ** 2,
                                               lambda t: 1.0 / edge(t) ** 2, 45.0, far_safe)
    return _quiet(rule)  # (at a pole 1 / 0: its infinity)


_unary(sc.tandg, with_near_zero(_degree_tangent_rule(sc.tandg, sc.cosdg, 1.0, 0.0), _DEGREE, _DEGREE ** 3))
_unary(sc.cotdg, _degree_tangent_rule(sc.cotdg, sc.sindg, -1.0, 90.0))


#: What at_kink says where powm1's derivative in y at x = 0 (0 for y > 0, -inf for y <= 0: the
#: limits of x^y log x) is differentiated again where its true derivative is infinite.
_POWM1_AT_0 = {
    "x": ("scipy.special.powm1 (in y)", "x**y log(x) = 0 at x = 0 for y > 0 (its limit)",
          "There d/dx of x**y log(x) is x**(y-1) (y log(x) + 1): -inf for y <= 1 (0 only for y > 1)."),
    "y": ("scipy.special.powm1 (in y)", "x**y log(x) = -inf at x = 0 for y <= 0 (its limit)",
          "There powm1(0, y) is infinite (y < 0) or jumps (y = 0): evaluate at x > 0."),
}


def _powm1_y(g, ans, x, y):
    plain = plain_numbers(x)
    if np.any(plain < 0):
        raise ValueError("scipy.special.powm1(x, y) has no derivative in y where x < 0 (x**y is real there "
                         "only at integer y)")
    # x^y log x from x and y (power_log), not ans + 1: where x^y is below eps / 2, powm1 rounds to -1
    # and ans + 1 is 0 (d/dy at x = 0.01, y = 10 was 0, the truth 1e-20 log 0.01 = -4.6e-20); nor
    # xlogy(x^y, x), whose derivative in x lost x^y / x where x^y underflows (the Hessian's mixed entry
    # at (1e-200, 2) -9.2103e-198 for -9.2003e-198)
    zero = plain == 0
    if not np.any(zero):
        return g * power_log(x, y)
    # At x = 0 the limits of x^y log x, as constants: 0 (y > 0) is then exact in y (0^y - 1 = -1
    # there), and in x for y > 1; elsewhere its derivatives are infinite and refused (through
    # xlogy, d2/dy2 was NaN for the truth 0)
    safe = np.where(zero, 1.0, x)
    out = g * np.where(zero, np.where(plain_numbers(y) > 0, 0.0, -np.inf), power_log(safe, y))
    out = at_kink(out, x, lambda: zero & (y <= 1), _POWM1_AT_0["x"])
    return at_kink(out, y, lambda: zero & (y <= 0), _POWM1_AT_0["y"])


# (np.power's rule in x: it refuses its derivative in y at x = 0, y = 1, where the chain through
# 0^0 = 1 gave 1 for the truth -inf)
_register(sc.powm1, staged_rule(_quiet(dpower_dx), 0, "xy", unbroadcast),
          staged_rule(_powm1_y, 1, "xy", unbroadcast))
_order(sc.yv, _dy_rule(lambda v, x: 0.5 * (sc.yv(v - 1.0, x) - sc.yv(v + 1.0, x))), uses="xy")
_order(sc.kn, lambda g, ans, n, x: -g * 0.5 * (sc.kn(n - 1, x) + sc.kn(n + 1, x)), uses="xy")


def _vjp_betaincinv_y(ans, a, b, y, name="betaincinv"):
    shape = np.shape(y)
    return lambda g: unbroadcast(_betaincinv_y_times(g, ans, a, b, y, name), shape)


def _betaincinv_y_times(g, ans, a, b, y, name, tangent=False):
    """``g`` (a cotangent or a tangent) times betaincinv's (``name``'s) slope in y at its root ``ans``, in the output's
    shape (:func:`_vjp_betaincinv_y`'s pullback before its sum to y's shape; the checked inverses' JVP, ``tangent``:
    a plain zero tangent adds nothing where the slope is infinite, :func:`times_tangent`: jvp of beta.isf(1, a, b) in
    a or b, y's tangent 0 against the end's slope -inf, was NaN for 0)."""
    # (x below the smallest normal number with its lower-tail probability p > 0: x has lost its bits or underflowed
    # to 0, where 1 / density(x) was +inf beside the truth, x / (a p) from I ~ x^a / (a B(a, b)): 8e-101 at
    # betaincinv(1.5, 1e200, 1e-300), x = 1.2e-400)
    p = y if name == "betaincinv" else 1.0 - y
    with np.errstate(invalid="ignore"):
        lost = np.asarray((plain_numbers(ans) <= _NORMAL) & (plain_numbers(p) > 0) & (plain_numbers(a) > 0)
                          & (plain_numbers(b) > 0))

    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        if np.all(lost):
            d = _lost_root_slope(a, b, p)
        else:
            d = np.exp(log_beta_exact(a, b) - sc.xlogy(a - 1.0, ans) - sc.xlog1py(b - 1.0, -ans))
            if np.any(lost):
                d = np.where(lost, _lost_root_slope(*(np.where(lost, v, 0.5) for v in (a, b, p))), d)
        d = (times_tangent if tangent else np.multiply)(g, d if name == "betaincinv" else -d)
        return at_kink(d, y, lambda: (((ans == 0) & (a != 1)) | ((ans == 1) & (b != 1))) & ~lost,
                       _at_the_ends(name, "x = 0 with a != 1, or x = 1 with b != 1"))


def _lost_root_slope(a, b, p):
    """``dx/dp = x / (a p)`` at the root of ``I_x(a, b) = p`` below the smallest normal number, from ``log x = (log p +
    log a + betaln(a, b)) / a`` (``I = x^a / (a B(a, b)) (1 + O(b x))``), differentiable again."""
    log_x = (np.log(p) + np.log(a) + log_beta_exact(a, b)) / a
    return np.exp(log_x - np.log(a) - np.log(p))


# -- betaincinv and betainccinv in a and b ----------------------------------------------------
# x = betaincinv(a, b, y) solves I(a, b, x) = y (betainccinv: 1 - I = y), so dx/da = -I_a / I_x and
# dx/db = -I_b / I_x for both, I_x the density: computed with the density's factor cancelled
# (_betainc_shape_plain's per_density: x (1 - x) F / a times d log I), so that neither underflows
# in a tail. Where SciPy's x is below the smallest normal number (a tiny probability), it has lost
# bits: there I = x^a / (a B(a, b)) (1 + O(x)), so log x = (log p + log a + betaln(a, b)) / a and
# dx/da = -x (log x - digamma(a + 1) + digamma(a + b)) / a, dx/db = -x (digamma(a + b) - digamma(b))
# / a, from p. At x = 0 and 1 (y at an end) x does not move: 0. Their derivatives: at fixed x,
# d/da (-I_a / rho) = -I_aa / rho - (dx/da) L_a (rho the density, L its log, L_a = log x -
# digamma(a) + digamma(a + b)); in x, -L_a - (dx/da) ((a - 1) / x - (b - 1) / (1 - x)); the same
# with b. So the second derivatives in a, b and y come by composition; the third is refused.


def _inverse_shape_plain(index, a, b, x, p):
    """``-I_a / rho`` (index 0) or ``-I_b / rho`` (1) at x (plain), from p where x is below the
    smallest normal number and p > 0."""
    a, b, x, p = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, x, p)))
    # (x == the smallest normal number too: SciPy's betaincinv clamps a smaller x to it, betaincinv(0.5,
    # 3, 1e-300) = 2.2e-308 for 1e-600)
    below = (x <= _NORMAL) & (p > 0) & (a > 0) & (b > 0)
    out = -np.asarray(_betainc_shape_plain(a, b, np.where(below, 0.5, x), per_density=True,
                                           name="betaincinv / betainccinv")[index], dtype=float)
    if np.any(below):
        ab, bb, pb = a[below], b[below], p[below]
        log_x = (np.log(pb) + np.log(ab) + _betaln(ab, bb)) / ab
        part = (log_x - _shifted_dlogbeta(ab, bb)) if index == 0 else -_dlogbeta(bb, ab)
        with np.errstate(under="ignore"):
            out = np.array(out, dtype=float, copy=True)
            out[below] = -np.exp(log_x) * part / ab
    return out[()]


def _inverse_log_density_parts(a, b, x):
    return np.log(x) - _dlogbeta(a, b), np.log1p(-x) - _dlogbeta(b, a)


def _refuse_inverse_ends(x, what):
    plain = plain_numbers(x)
    if not np.all((plain >= _NORMAL) & (plain < 1.0)):
        raise NoGradientRule(
            f"scipy.special.betaincinv / betainccinv: {what} where the result x is at an end of its range "
            "(below the smallest normal number 2.2e-308, where SciPy's x has lost bits, or 0, or 1) is not "
            "computed. Evaluate at a probability whose result is inside the range.")


def _vjp_inverse_shape(index, argument):
    """The derivative of dx/da (index 0) or dx/db (1) in a (argument 0), b (1) or x (2)."""
    def vjp(ans, a, b, x, p):
        shape = np.shape(plain_numbers((a, b, x)[argument]))
        _refuse_inverse_ends(x, "the derivative of dx/da, dx/db")

        def pullback(g):
            l_a, l_b = _inverse_log_density_parts(a, b, x)
            if argument == 2:
                d = -(l_a, l_b)[index] - ans * ((a - 1.0) / x - (b - 1.0) / (1.0 - x))
            else:
                which = "".join(sorted("ab"[index] + "ab"[argument]))
                d = _INVERSE_SECOND[which](a, b, x) - ans * (l_a, l_b)[argument]
            return unbroadcast(g * d, shape)
        return pullback
    return vjp


def _inverse_second_primitive(index, which):
    primitive = OwnPrimitive(lambda a, b, x: -_betainc_shape_plain(a, b, x, second=True, per_density=True,
                                                              name="betaincinv / betainccinv")[index],
                             name=f"scipy.special.betaincinv_d{which}", reenters="any")
    third = ("the third derivative in the shape parameters is not implemented; the first and second "
             "derivatives in a, b and y are")
    defvjp(primitive, *[_refuse("scipy.special.betaincinv / betainccinv", f"{v} at third order", third)
                        for v in ("a", "b", "a or b and y")])
    return primitive


#: ``-d^2 I / da^2``, ``/ da db``, ``/ db^2`` over the density (internal; their derivatives refused)
_INVERSE_SECOND = {w: _inverse_second_primitive(i, w) for i, w in enumerate(("aa", "ab", "bb"))}

#: ``d betaincinv(a, b, y) / da`` and ``/ db`` as functions of a, b, ``x = betaincinv(a, b, y)``
#: and ``p = I(a, b, x)`` (internal, as gammaincinv_da: p gives the value where x is subnormal)
betaincinv_da, betaincinv_db = (
    OwnPrimitive(lambda a, b, x, p, _i=i: _inverse_shape_plain(_i, a, b, x, p), name=f"scipy.special.betaincinv_d{v}",
                 reenters="any") for i, v in enumerate("ab"))
for _i, _primitive in enumerate((betaincinv_da, betaincinv_db)):
    defvjp(_primitive, *[_vjp_inverse_shape(_i, j) for j in range(3)], None)


def _inverse_rule(primitive, argument, lower):
    def vjp(ans, a, b, y):
        shape = np.shape(plain_numbers((a, b)[argument]))
        return lambda g: unbroadcast(g * primitive(a, b, ans, y if lower else 1.0 - y), shape)
    return _quiet(vjp)


_register(sc.betaincinv, _inverse_rule(betaincinv_da, 0, True), _inverse_rule(betaincinv_db, 1, True),
          _vjp_betaincinv_y)


# -- Student's t quantile, the complemented incomplete beta function and its inverse,
# the modified Bessel functions of the second kind, 2F1 in z (each derivative a closed form in
# functions with rules: every order by composition; shape parameters and orders refused) ------

def _refuse_stdtrit_far(ans, df, p):
    """Refuse stdtrit's derivatives where SciPy's root ``ans`` is not the root: where ``|t|`` is above 1e99 by the
    tail's leading term ``log(2 p) = a log(df / t^2) - log1p(df) - log(B(1 + a, 1/2) / 2)`` (``a = df / 2``, ``p``
    the smaller tail), or ``ans`` is infinite or of the wrong sign for ``0 < p < 1``. There SciPy's root was clamped
    (at 1e100 up to 1.15, at ``6.7e153 sqrt(df)`` from 1.17: stdtrit(1e-3, 0.3) -2.1e152 for -1.1e220), +inf for
    -1e100 (stdtrit(3, 1e-300) in 1.17 and 1.18), or finite where it overflows (stdtrit(1e-300, 0.3) -6703.9):
    its derivatives at that value wrong."""
    pa, pdf, pq = np.broadcast_arrays(plain_numbers(ans), plain_numbers(df), plain_numbers(p))
    pp = np.minimum(pq, 1.0 - pq)
    a = 0.5 * pdf
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # (log(B(1 + a, 1/2) / 2) by its first term below a = 1e-3: betaln's rounding over df was 1e284 at
        # df = 1e-300, p = 1/2, where the root is 0)
        half_beta = np.where(a < 1e-3, (2.0 * math.log(2.0) - 2.0) * a, sc.betaln(a + 1.0, 0.5) - math.log(2.0))
        log_t = 0.5 * np.log(pdf) + (a * np.log(pdf) - np.log1p(pdf) - half_beta - np.log(2.0 * pp)) / pdf
        wrong = ~np.isfinite(pa) | ((pa >= 0) & (pq < 0.5)) | ((pa <= 0) & (pq > 0.5))
    if np.any((pp > 0) & ((log_t > 99.0 * math.log(10.0)) | wrong)):
        raise ValueError("scipy.special.stdtrit: its derivatives are not computed where the root is beyond |t| = "
                         "1e99 (or SciPy's is infinite, or of the wrong sign, inside 0 < p < 1): there SciPy's root "
                         "is not the root (clamped, +inf, or finite where it overflows, depending on SciPy's "
                         "version); wengert.scipy.stats.t.ppf and t.isf compute it there, with their derivatives")


# stdtrit(df, p) = t with stdtr(df, t) = p: dt/dp = 1 / density(t) (infinite at p = 0, 1).
def _stdtrit_ddf(g, ans, df, p):
    _refuse_stdtrit_far(ans, df, p)
    # dt/d df = -(d stdtr / d df) / density at t = stdtrit(df, p): 0 at t = +-inf (p at an end)
    infinite = ~np.isfinite(plain_numbers(ans))
    t = np.where(infinite, 1.0, ans) if np.any(infinite) else ans
    density = _t_density(df, t)
    if np.any((plain_numbers(density) == 0) & ~infinite):
        raise ValueError("scipy.special.stdtrit: the derivative in df where the density at the result underflows "
                         "to 0 (a probability far in a tail) is not computed")
    d = -_stdtr_ddf(df, t) / density
    return g * (np.where(infinite, 0.0, d) if np.any(infinite) else d)


#: stdtrit's rules in df and p, each a function of the result (internal: wengert.scipy.stats' t quantile, whose value
#: is SciPy's root polished, has the same)
STDTRIT_RULES = (staged_rule(_stdtrit_ddf, 0, "axy", unbroadcast),
                 staged_rule(_quiet(lambda g, ans, df, p: _refuse_stdtrit_far(ans, df, p) or g / _t_density(df, ans)),
                             1, "axy", unbroadcast))
_register(sc.stdtrit, *STDTRIT_RULES)
# betaincc = 1 - betainc: minus betainc's derivative in x; betainccinv: x with betaincc = y.
_register(sc.betaincc, _shape_rule(lambda a, b, x: -betainc_da(a, b, x)),
          _shape_rule_b(lambda a, b, x: -betainc_db(a, b, x)),
          lambda ans, a, b, x: (lambda g, _p=_vjp_betainc_x(ans, a, b, x): -_p(g)))
_register(sc.betainccinv, _inverse_rule(betaincinv_da, 0, False), _inverse_rule(betaincinv_db, 1, False),
          lambda ans, a, b, y: _vjp_betaincinv_y(ans, a, b, y, "betainccinv"))


#: where the smaller tail probability is below this, SciPy's betaincinv and betainccinv are checked
_TINY_TAIL = 1e-10


#: log(1/2), and the log of the smallest subnormal number (below it a root underflows to 0)
_LOG_HALF, _LOG_SMALLEST = math.log(0.5), math.log(5e-324)


def _log_lower_tail_and_slope(a, b, x, y, log_x, log_y):
    """``log I_x(a, b)`` and its derivative in x (plain 1-d arrays), from x and ``y = 1 - x`` each given to its own
    precision: below the switch (a + 1) / (a + b + 2) the log prefactor and the continued fraction
    (:func:`_beta_fraction`), above it SciPy's log(betainc) where betainc is a normal number, else ``log(-expm1(M))``,
    M the other tail's log, the same way at (b, a, y)."""
    # (above x = 1/2 from y: the switch rounds to 1 for a huge a, and x to 1 below it: beta.ppf(1e-300, 1e200, 2.5))
    below = np.where(x > 0.5, y > (b + 1.0) / (a + b + 2.0), x < (a + 1.0) / (a + b + 2.0))
    # (above the switch the fraction of the other tail, at (b, a, y))
    p, q, u, v, log_u, log_v = (np.where(below, s, t) for s, t in ((a, b), (b, a), (x, y), (y, x), (log_x, log_y),
                                                                   (log_y, log_x)))
    # (u above 1/2, near 1 for a huge p, from its complement v: the fraction at the rounded u was 4e-6 off)
    near_one = u > 0.5
    f = np.where(near_one, _beta_fraction_from_complement(*(np.where(near_one, s, t) for s, t in (
        (p, 1.0), (q, 1.0), (u, 0.75), (v, 0.25)))), _beta_fraction(*(np.where(near_one, t, s) for s, t in (
            (p, 1.0), (q, 1.0), (u, 0.25))), name="betaincinv / betainccinv (checked)")[0])
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        log_side = _log_beta_prefactor(p, q, u, log_u, log_v, v) + np.log(f)
        side_slope = p / (u * v * f)  # d log I_u(p, q) / du
        other = -np.expm1(log_side)
        # above the switch SciPy's betainc where it is a normal number: there I is tiny only for a tiny b, where
        # 1 - exp(M) lost it (beta.ppf(1e-300, 1.5, 1e-300), I ~ b)
        scipys = sc.betainc(a, b, x)
        ordinary = ~below & (scipys >= 1e3 * _NORMAL)
        log_i = np.where(below, log_side, np.where(ordinary, np.log(scipys), np.log(other)))
        density = np.exp(sc.xlogy(a - 1.0, x) + (b - 1.0) * log_y - log_beta_exact(a, b) - log_i)
        slope = np.where(below, side_slope, np.where(ordinary, density, np.exp(log_side) * side_slope / other))
    return log_i, slope


def _lower_quantile_polished(a, b, p, x):
    """The root ``r`` of ``I_r(a, b) = p`` and ``1 - r`` (plain 1-d arrays, p below _TINY_TAIL), from SciPy's
    betaincinv ``x`` by Newton's method on ``log I_r(a, b) - log p`` (:func:`_log_lower_tail_and_slope`) in ``log
    r`` where the root is below 1/2, in ``log(1 - r)`` above (so that ``1 - r`` keeps its digits: the isf is ``1 -
    r`` of beta(b, a)'s root); from ``I ~ r^a / (a B(a, b))`` (below 1/2) or 1/2 where SciPy's x is NaN or at an
    end. Where that leading term's root underflows, 0 (and 1); NaN where Newton's method does not settle."""
    with np.errstate(all="ignore"):
        log_p = np.log(p)
        lead = log_p / a + _log_shape_beta_over(a, b)  # log r where r is small
        # log(1 - r) where 1 - r is small (the other tail, 1 - p, of beta(b, a))
        lead_up = np.log1p(-p) / b + _log_shape_beta_over(b, a)
        above = p > sc.betainc(a, b, 0.5)
        usable = (x > 0.0) & (x < 1.0)
        # the Newton variable: log r below 1/2, log(1 - r) above
        # (near 1 without SciPy's x, log(1 - r) from beta(b, a)'s gamma limit, a (1 - r) ~ gammainccinv(b, p), not
        # from 1/2: Newton's steps of at most 2 did not reach 1 - r = 7e-198 at beta.ppf(1e-300, 1e200, 2.5))
        t = np.where(above, np.where(usable, np.log1p(-x), np.minimum(np.log(sc.gammainccinv(b, p)) - np.log(a),
                                                                      _LOG_HALF)),
                     np.where(usable, np.log(x), np.minimum(lead, _LOG_HALF)))
        # (where the leading term's root underflows, or a step fails, a stand-in t and NaN at the end)
        underflowed = ~above & (lead < _LOG_SMALLEST)
        # (1 - r underflows: beta.isf(1 - 1e-16, 1.5, 1e-300), 1 - r = e^-1e284)
        underflowed_up = above & (lead_up < _LOG_SMALLEST)
        underflowed = underflowed | underflowed_up
        failed = underflowed | np.isnan(t)
        t = np.where(failed, -1.0, t)
        step = np.zeros(t.shape)
        for _ in range(40):
            small = np.exp(t)
            other = -np.expm1(t)
            r, s = np.where(above, other, small), np.where(above, small, other)
            log_r, log_s = np.where(above, np.log1p(-small), t), np.where(above, t, np.log1p(-small))
            # (stand-ins where failed: the fraction converges at once there)
            log_i, slope = _log_lower_tail_and_slope(*(np.where(failed, w, v) for v, w in (
                (a, 1.0), (b, 1.0), (r, 0.5), (s, 0.5), (log_r, _LOG_HALF), (log_s, _LOG_HALF))))
            # d log I / dt: r L_x in log r, -(1 - r) L_x in log(1 - r)
            step = (log_i - log_p) / (np.where(above, -s, r) * slope)
            failed = failed | ~np.isfinite(step)
            step = np.where(failed, 0.0, step)
            t_last, t = t, np.minimum(t - np.clip(step, -2.0, 2.0), _LOG_HALF)  # (the root is on t's side of 1/2)
            if np.all(np.abs(step) <= 1e-14):
                break
        # the last step taken on the smaller of r, 1 - r itself, exp(t) exp(-step), not through t: t's ulp, about
        # 1e-13 at t = -454, was the root's resolution (beta.isf(1e-300, 2.5, 1e200) 6e-15 off, its d/dq 4.4e-12)
        small = np.where(np.abs(step) <= 1e-12, np.exp(t_last) * np.exp(-step), np.exp(t))
        r, s = np.where(above, 1.0 - small, small), np.where(above, small, 1.0 - small)
        settled = (np.abs(step) <= 1e-12) & ~failed
        return (np.where(underflowed, np.where(above, 1.0, 0.0), np.where(settled, r, np.nan)),
                np.where(underflowed, np.where(above, 0.0, 1.0), np.where(settled, s, np.nan)))


def _log_shape_beta_over(a, b):
    """``(log a + betaln(a, b)) / a``, below a = 1e-8 its limit ``-(euler_gamma + digamma(b))`` (error O(a)): the
    direct sum, log(a B(a, b)) = O(a), kept the rounding of its terms of size log a, over a (1e287 at a =
    1e-300))."""
    tiny = a < 1e-8
    return np.where(tiny, -(np.euler_gamma + sc.digamma(b)), (np.log(a) + log_beta_exact(a, b)) / np.where(tiny, 1.0, a))


def _lower_quantile_each(a, b, p, x):
    """:func:`_lower_quantile_polished` at once, or point by point where its continued fraction did not converge at
    some point (an iterate near the switch of huge shapes): NaN at those points, not at every point."""
    try:
        return _lower_quantile_polished(a, b, p, x)
    except ValueError:
        out = np.full((2,) + a.shape, np.nan)
        for i in range(a.size):
            try:
                out[:, i] = [v[0] for v in _lower_quantile_polished(a[i:i + 1], b[i:i + 1], p[i:i + 1], x[i:i + 1])]
            except ValueError:
                pass
        return out[0], out[1]


def _inverse_checked(a, b, y, upper):
    """betaincinv(a, b, y) (``upper``: betainccinv) as SciPy's, but where the smaller tail
    probability is below _TINY_TAIL, the root of ``I_x(a, b) = p`` refined from it by Newton's method
    (SciPy 1.18: NaN at betaincinv(4.5, 30, 1e-300), the truth 1.6365e-68; 2% off at (100, 30,
    1e-300), 1.8e-7 at (30, 10, 1e-300)): that root,
    from the tail it is small in (x near 1 as the other root's complement). Where the root does not
    settle, NaN: SciPy's x is not kept unchecked there; where it underflows, 0. The last point's value is kept:
    beta's quantiles ask it on plain numbers (which of two forms) and again through the primitive, the same call."""
    a, b, y = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, y)))
    key = (upper, a.shape, a.tobytes(), b.tobytes(), y.tobytes())
    last = _INVERSE_LAST[0]
    if last is not None and last[0] == key:
        return np.copy(last[1])[()]
    out = _inverse_checked_each(a, b, y, upper)
    _INVERSE_LAST[0] = (key, np.copy(out))
    return out


#: ``(key, x)`` of the last call of _inverse_checked (one entry, a tuple read and written whole)
_INVERSE_LAST: list = [None]


def _inverse_checked_each(a, b, y, upper):
    """:func:`_inverse_checked` (broadcast float arrays), not kept."""
    x = np.asarray((sc.betainccinv if upper else sc.betaincinv)(a, b, y), dtype=float)
    with np.errstate(invalid="ignore"):
        small = (a > 0) & (b > 0) & (y > 0) & (y < 1)
        lower_tail = small & ((y < _TINY_TAIL) if not upper else (1.0 - y < _TINY_TAIL))
        upper_tail = small & ((y < _TINY_TAIL) if upper else (1.0 - y < _TINY_TAIL))
    if not np.any(lower_tail | upper_tail):
        return x[()]
    out = np.array(x, copy=True)
    for here, shapes, p, near_one in ((lower_tail, (a, b), y if not upper else 1.0 - y, False),
                                      (upper_tail, (b, a), y if upper else 1.0 - y, True)):
        if np.any(here):
            scipy_x = 1.0 - x[here] if near_one else x[here]
            root, complement = _lower_quantile_each(shapes[0][here], shapes[1][here], p[here], scipy_x)
            # (near 1, the complement of beta(b, a)'s root, computed as such: through 1 - root the isf lost
            # digits where it is small, beta.isf(1e-300, 1.5, 1e12) 1.6e-7 off)
            value = complement if near_one else root
            # where Newton's method did not settle (its continued fraction did not converge), SciPy's x cannot be
            # checked (it was 1.8e-2 off at betaincinv(3162, 31.6, 1e-300), where SciPy's hyp2f1 in the old
            # step's log I was wrong): NaN there, not a value that may be wrong; but where SciPy's x is 0, the
            # root underflows (log x has no root to find: powerlaw.ppf(1e-300, 0.3), x = 1e-1000)
            unchecked = np.isnan(root) & (scipy_x > 0)
            # (the root wherever it settled, not SciPy's x within 1e-11 of it: the derivatives in q at the root of
            # a large shape amplify its error, by a (1 - x) = 700 at beta.isf(1e-300, 2.5, 1e12))
            fixed = np.where(unchecked, np.nan, np.where(~np.isnan(value), value, x[here]))
            out[here] = fixed
    return out[()]


#: betaincinv and betainccinv with SciPy's values checked where the tail probability is tiny (internal:
#: ``wengert.scipy.stats.beta``'s quantiles; the rules are betaincinv's and betainccinv's)
betaincinv_checked, betainccinv_checked = (
    OwnPrimitive(lambda a, b, y, _u=upper: _inverse_checked(a, b, y, _u), name=f"scipy.special.{name} (checked)",
                 reenters="any")
    for upper, name in ((False, "betaincinv"), (True, "betainccinv")))
defvjp(betaincinv_checked, _inverse_rule(betaincinv_da, 0, True), _inverse_rule(betaincinv_db, 1, True),
       _vjp_betaincinv_y)
defvjp(betainccinv_checked, _inverse_rule(betaincinv_da, 0, False), _inverse_rule(betaincinv_db, 1, False),
       lambda ans, a, b, y: _vjp_betaincinv_y(ans, a, b, y, "betainccinv"))


def _jvp_inverse_checked(name):
    """The checked inverses' JVP (forward mode's own: through the transposed pullback it ran a runner inside an open
    tape, and wengert.jit re-recorded beta.isf(1, a, b) at every call, its end's slope found by forward mode): the
    tangents times the partials of the pullbacks above."""
    lower = name == "betaincinv"

    def jvp(ans, primals, tangents):
        a, b, y = primals
        terms = []
        with np.errstate(divide="ignore", invalid="ignore"):
            for t, partial in zip(tangents[:2], (betaincinv_da, betaincinv_db)):
                if t is not None:
                    terms.append(times_tangent(t, partial(a, b, ans, y if lower else 1.0 - y)))
        if tangents[2] is not None:
            terms.append(_betaincinv_y_times(tangents[2], ans, a, b, y, name, tangent=True))
        return functools.reduce(lambda u, v: u + v, terms) + np.zeros_like(plain_numbers(ans))
    return jvp


defjvp(betaincinv_checked, _jvp_inverse_checked("betaincinv"))
defjvp(betainccinv_checked, _jvp_inverse_checked("betainccinv"))
# K_v' = -(K_{v-1} + K_{v+1}) / 2 (holomorphic); kve = kv e^z (e^z: holomorphic too), so
# kve' = kve - (kve_{v-1} + kve_{v+1}) / 2. K_0' = -K_1, K_1' = -K_0 - K_1 / x.
_order(sc.kv, lambda g, ans, v, x: g * -0.5 * (sc.kv(v - 1.0, x) + sc.kv(v + 1.0, x)), uses="xy")
def _k1(x):
    """``k1(x)`` (Var-aware), ``1 / x`` below ``x = 1e-300`` (the same float there: ``k1 = 1/x + (x/2) log(x/2) + ...``):
    SciPy's ``k1(5e-324)`` is NaN for +inf, and ``k0'``, ``k1'`` and their second derivatives were NaN there."""
    px = np.real(np.asarray(plain_numbers(x)))
    return piecewise(x, (px > 0.0) & (px < 1e-300), sc.k1, lambda t: 1.0 / t, 1.0, 1e-300)


_unary(sc.k0, lambda g, ans, x: -g * _k1(x), uses="x")
_unary(sc.k1, _quiet(lambda g, ans, x: -g * (sc.k0(x) + _k1(x) / x)), uses="x")


def _kve_coefficients(v, n):
    """a_k(v), k < n: e^x K_v(x) ~ sqrt(pi / (2x)) sum a_k(v) x^-k (DLMF 10.40.2)."""
    out = [1.0]
    for k in range(1, n):
        out.append(out[-1] * (4.0 * v * v - (2 * k - 1) ** 2) / (8.0 * k))
    return out


#: Above this x the derivatives of k0e and k1e are their asymptotic series (20 terms: 1e-17
#: at 30), where the closed forms lose x eps (first) and x^2 eps (second derivative: 1e-13 at 30)
_KVE_FAR = 30.0
_K0E, _K1E = _kve_coefficients(0.0, 21), _kve_coefficients(1.0, 21)
#: k0e' = k0e - k1e and k1e' = k1e - k0e - k1e / x as series in 1/x (times sqrt(pi / (2x))):
#: their leading terms cancel exactly (k0e'(1e8) was 2e-9 off, k0e''(1e8) 28%, k0e'(1e20)
#: -2.6e-26 where the truth is -6.3e-31)
_DK0E = [0.0] + [a - b for a, b in zip(_K0E[1:], _K1E[1:])]
_DK1E = [0.0] + [b - a - c for a, b, c in zip(_K0E[1:], _K1E[1:], _K1E[:-1])]


#: Below this x (from 0 on) the derivatives of k0e and k1e are their leading terms, -1/x and -1/x^2
#: (relative error x ln x and x^2 ln x; their overflow to -inf is the answer): the closed
#: forms add terms that overflow with opposite signs there (k1e'' was NaN below 7e-155 for the
#: truth 2/x^3 = +inf, k0e' and k1e' NaN at 5e-324 for -inf, where SciPy's k1e is NaN)
_KVE_NEAR = 1e-100


def _dkve(coefficients, closed_form, near_zero):
    def rule(g, ans, x):
        def far(t):
            return polynomial(1.0 / t, coefficients) * (math.sqrt(0.5 * math.pi) / np.sqrt(t))

        def away(t):
            beyond = np.zeros(np.shape(plain_numbers(t)), bool) if is_complex(t) else plain_numbers(t) > _KVE_FAR
            return piecewise(t, beyond, closed_form, far, 1.0, 2.0 * _KVE_FAR)
        plain = plain_numbers(x)
        near = np.zeros(np.shape(plain), bool) if is_complex(x) else (plain >= 0.0) & (plain < _KVE_NEAR)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return g * piecewise(x, near, away, near_zero, 1.0, 0.1 * _KVE_NEAR)
    return rule


def _dkve_series(v, n):
    """The coefficients of kve'(v, x) as a series in 1/x times sqrt(pi / (2x)): d/dx of sum a_k x^(-k - 1/2) is
    sum -(k + 1/2) a_k x^(-k - 3/2) (arrays of v's shape; the first 0)."""
    return [0.0] + [-(k + 0.5) * a for k, a in enumerate(_kve_coefficients(v, n))]


def _dkve_order(g, ans, v, x):
    # kve' = kve - (kve_{v-1} + kve_{v+1}) / 2 loses x eps (x^2 eps in its derivative: kve''(1.5, 700) was 4.7e-11
    # off, kve''(1.5, 1e6) 1e-4); at a real x from _KVE_SERIES_FROM on where Hankel's series has converged within
    # _KVE_TERMS terms (its last two below 4e-18 of the leading 1/2; a half-integer v's series ends), that series' derivative: its terms of one sign, or decreasing, no cancellation,
    # nor in its own derivatives
    def closed(t):
        return ans - 0.5 * (sc.kve(v - 1.0, t) + sc.kve(v + 1.0, t))
    px, pv = plain_numbers(x), plain_numbers(v)
    if is_complex(px) or not np.any(np.asarray(px) >= _KVE_SERIES_FROM):
        return g * closed(x)
    pv, px = np.broadcast_arrays(np.asarray(pv, dtype=float), np.asarray(px, dtype=float))
    t = np.where(px >= _KVE_SERIES_FROM, px, 2.0 * _KVE_SERIES_FROM)
    b = _dkve_series(pv, _KVE_TERMS)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        terms = [np.abs(c) / t ** k for k, c in enumerate(b)]
    # (run: how many terms in a row up to the k-th are small; the series of n terms serves where its last two are,
    # n the first that serves the most points: past its smallest term an asymptotic series grows again)
    run, best, n = np.zeros(px.shape, int), np.zeros(px.shape, bool), 0
    for k, term in enumerate(terms):
        run = np.where(term < 2e-18, run + 1, 0)
        here = (px >= _KVE_SERIES_FROM) & (run >= 2)
        if np.count_nonzero(here) > np.count_nonzero(best):
            best, n = here, k + 1
    if not np.any(best):
        return g * closed(x)
    beyond = best
    series = _dkve_series(np.where(beyond, pv, 0.0), n - 1)

    def far(u):
        return polynomial(1.0 / u, series) * (math.sqrt(0.5 * math.pi) / np.sqrt(u))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return g * piecewise(x + np.zeros(px.shape), beyond, closed, far, 1.0, 2.0 * _KVE_SERIES_FROM)


#: the most terms of kve's derivative series (:func:`_dkve_order`), and the x it is tried from
_KVE_TERMS = 60
_KVE_SERIES_FROM = 20.0


_order(sc.kve, _dkve_order)


# (np.reciprocal: a Python float 0.0 would raise ZeroDivisionError where -inf is the answer)
_unary(sc.k0e, _dkve(_DK0E, lambda t: sc.k0e(t) - sc.k1e(t), lambda t: -np.reciprocal(t)), uses="x")
_unary(sc.k1e, _dkve(_DK1E, lambda t: sc.k1e(t) - sc.k0e(t) - sc.k1e(t) / t, lambda t: -np.reciprocal(t) / t),
       uses="x")


# 2F1(a, b; c; z)' = a b / c 2F1(a + 1, b + 1; c + 1; z) in z (holomorphic).
def _vjp_hyp2f1_z(ans, a, b, c, z):
    shape = np.shape(z)
    return lambda g: unbroadcast(g * (a * b / c) * sc.hyp2f1(a + 1.0, b + 1.0, c + 1.0, z), shape)


_register(sc.hyp2f1, *[_refuse("scipy.special.hyp2f1", f"{p} (argument {i})", _WHY_HYP)
                       for i, p in enumerate("abc")], _vjp_hyp2f1_z)

from . import scipy_special_more  # noqa: E402,F401  (Box-Cox, wofz, elliptic integrals, owens_t)
from . import scipy_special_misc  # noqa: E402,F401  (expm1..., erfi, wrightomega, Huber, polynomials)
from . import scipy_special_extra  # noqa: E402,F401  (lambertw, exprel, spherical Bessel functions, jve, yve)
