"""More ``scipy.special`` ufuncs and their VJPs (internal; imported by
``wengert.ops.scipy_special``): SciPy's own elementary functions (``expm1``, ``log1p``,
``cbrt``, ``exp2``, ``exp10``, ``cosm1``), ``erfi``, Wright's omega function
``wrightomega``, the Huber losses ``huber`` and ``pseudo_huber`` (in ``delta`` and ``r``),
and the classical orthogonal polynomials ``eval_legendre``, ``eval_chebyt``,
``eval_chebyu``, ``eval_gegenbauer``, ``eval_hermite``, ``eval_hermitenorm``,
``eval_laguerre``, ``eval_genlaguerre`` (in ``x``; the degree ``n`` and the parameter
``alpha`` are refused).

Every derivative is a closed form in functions that have rules, so derivatives of every
order come by composition: the polynomials' derivatives are polynomials of the same
families (``P_n' = C^(3/2)_(n-1)``, ``C^(a)_n' = 2 a C^(a+1)_(n-1)``, ``H_n' = 2 n H_(n-1)``,
``L^(a)_n' = -L^(a+1)_(n-1)``), with no division that vanishes at ``x = +-1``. For the
holomorphic ones (expm1, log1p, erfi, wrightomega, the polynomials of complex x) the VJP
is ``g * f'(z)``, without a conjugate (the project's complex convention). ``huber`` has a
kink of its second derivative at ``|r| = delta``: its gradient is continuous there, and
differentiating it again there raises.
"""
import math

import numpy as np
import scipy.special as sc

from ..errors import NoGradientRule
from ..primitive import defvjp, staged_rule
from ..structured import is_complex, plain_numbers as _plain
from ._util import at_kink, unary_rule, unbroadcast
from .elementwise import complex_times
from .scipy_special_more import gaussian_poly


def _register(ufunc, *rules):
    """Declare ``rules`` (one per argument) for the SciPy ufunc, by its name in SciPy."""
    name = f"scipy.special.{ufunc.__name__}"
    defvjp(ufunc, *rules, name=name, names=(name,))


def _unary(ufunc, rule, uses):
    """``rule(g, ans, x) -> cotangent`` (staged: also forward mode's) for a function of one argument."""
    _register(ufunc, unary_rule(ufunc, rule, uses))


def _no_gradient_in(name, argument):
    """The rule of an argument that is differentiated nowhere: a Var there raises."""
    def rule(ans, *args):
        raise NoGradientRule(f"{name} has no gradient with respect to {argument} (it is differentiated in x "
                             "only). Pass a constant there (var.value, or wengert.stop_gradient(var))")
    return rule

# -- elementary functions, as SciPy has them ---------------------------------------------------

_unary(sc.expm1, lambda g, ans, x: complex_times(g, np.exp(x)) if is_complex(x) else g * np.exp(x), uses="x")
_unary(sc.log1p, lambda g, ans, x: g / (1.0 + x), uses="x")
_unary(sc.cbrt, lambda g, ans, x: g / (3.0 * sc.cbrt(x) ** 2), uses="x")  # infinite at 0
_unary(sc.exp2, lambda g, ans, x: g * (ans * math.log(2.0)), uses="a")
_unary(sc.exp10, lambda g, ans, x: g * (ans * math.log(10.0)), uses="a")
_unary(sc.cosm1, lambda g, ans, x: -g * np.sin(x), uses="x")
# (complex x: gaussian_poly's c e^(z^2), the cotangent times it by complex_times: as g c exp(z * z) erfi' was NaN at
# +-700 + 0.5j and 30 + 0.5j, where e^(z^2) overflows, the truths infinities of their signs)
# (real x: g times it, beyond 26.6 the infinity without exp's overflow warning)
_unary(sc.erfi, lambda g, ans, x: (complex_times if is_complex(x) else np.multiply)(
    g, gaussian_poly(x, (1.0,), 1.0, 2.0 / math.sqrt(math.pi))), uses="x")


def _dwrightomega(g, ans, x):
    # omega' = omega / (1 + omega); where omega >= 1 as 1 / (1 + 1 / omega), whose own derivative
    # (omega'' = omega' / (1 + omega)^2) does not cancel: the quotient's rule differences two products
    # of size omega (omega''(1e10) was 1.0000006e-20 for 1.0000000043e-20, 0.0 at 1e20 for 1e-40)
    w = sc.wrightomega(x)
    large = np.asarray(_plain(w)) >= 1.0
    small_w, large_w = np.where(large, 0.5, w), np.where(large, w, 2.0)
    return g * np.where(large, 1.0 / (1.0 + 1.0 / large_w), small_w / (1.0 + small_w))


_unary(sc.wrightomega, _dwrightomega, uses="x")


# -- Huber losses ------------------------------------------------------------------------------
# huber(d, r) = r^2 / 2 for |r| <= d, d (|r| - d / 2) beyond (inf for d < 0).

_HUBER_KINK = ("scipy.special.huber", "continuous at |r| = delta (r, and 0 in delta)",
               "Evaluate away from |r| = delta, or use scipy.special.pseudo_huber, which is smooth.")


# The masks from plain values: np.abs of a forward-mode Dual at r = 0 is abs's own kink, which
# refuses there when differentiated again (forward over forward over forward), though huber is
# smooth at 0 (abs(0.0 + 1.0) where the mask is inside: no kink either).
def _huber_inside(delta, r):
    return np.abs(_plain(r)) <= _plain(delta)


def _at_huber_kink(delta, r):
    return np.abs(_plain(r)) == _plain(delta)


def _refuse_negative(delta):
    if np.any(np.asarray(_plain(delta)) < 0):
        raise NoGradientRule("scipy.special.huber / pseudo_huber with delta < 0 is inf (or nan): no gradient")


# Staged rules (g * partial, summed back by the staging): forward mode applies them to the
# tangents (an elementwise JVP). The mark rides on the product: forward over forward's tangent
# then has no value at the kink, which np.where's mask drops (through the transposed pullback the
# inner product <cotangent, direction> refused it, even where the mask drops it).
def _huber_delta(g, ans, delta, r):
    _refuse_negative(delta)
    inside = _huber_inside(delta, r)
    return at_kink(g * np.where(inside, 0.0, np.abs(np.where(inside, 1.0, r)) - delta), (delta, r),
                   lambda: _at_huber_kink(delta, r), _HUBER_KINK, g)


def _huber_r(g, ans, delta, r):
    _refuse_negative(delta)
    inside = _huber_inside(delta, r)
    return at_kink(g * np.where(inside, r, delta * np.sign(r)), (delta, r), lambda: _at_huber_kink(delta, r), _HUBER_KINK, g)


def _refuse_negative_delta(rule):
    def checked(ans, delta, r):
        _refuse_negative(delta)
        return rule(ans, delta, r)
    return checked


_register(sc.huber, staged_rule(_huber_delta, 0, "xy", unbroadcast), staged_rule(_huber_r, 1, "xy", unbroadcast))


# pseudo_huber(d, r) = d^2 (sqrt(1 + t) - 1) = d^2 (s - 1) with t = (r/d)^2, smooth for d > 0;
# d/dr = r / s, d/dd = 2 d (s - 1) - d t / s = d (s - 1)^2 / s (as t = s^2 - 1). Both through
# H = hypot(d, r) = d s where |r| > d, which neither overflows nor underflows: d/dr = sign(r) d /
# hypot(1, d / r), d/dd = (H - d) (1 - d / H); where |r| <= d the forms in t, d/dr = r / s and
# d (s - 1)^2 / s with s - 1 = t / (s + 1) (no cancellation for small t: d (r / H)'s derivatives,
# r^3 / H^3 in d and d^3 / H^3 in r, each a difference near 1, came out 0 at (1e10, 1) and
# (1e-10, 1) for 1e-30). (t and s themselves overflowed: d/dr pseudo_huber(1, 1e300) was 0.0 and
# d/dd NaN, the truths 1 and 1e300; pseudo_huber(1e-300, 1)'s d/dd NaN for 1; and d2/dd2 at
# (1e-10, 1) was -2.0000019 for -1.9999999997.)

def _pseudo_huber_parts(delta, r):
    t = (r / delta) ** 2
    s = np.sqrt(1.0 + t)
    return t, s


def _pseudo_huber_partials(delta, r):
    """(d/dd, d/dr) of pseudo_huber(d, r), d > 0: each form at its own points (safe values at the
    others)."""
    far = np.abs(np.asarray(_plain(r))) > np.asarray(_plain(delta))
    d_near, r_near = np.where(far, 1.0, delta), np.where(far, 0.5, r)
    t, s = _pseudo_huber_parts(d_near, r_near)
    near = (d_near * (t / (s + 1.0)) ** 2 / s, r_near / s)
    if not np.any(far):
        return near
    d_far, r_far = np.where(far, delta, 1.0), np.where(far, r, 2.0)
    h = np.hypot(d_far, r_far)
    return (np.where(far, (h - d_far) * (1.0 - d_far / h), near[0]),
            np.where(far, np.sign(_plain(r_far)) * d_far / np.hypot(1.0, d_far / r_far), near[1]))


def _refuse_delta_0(delta):
    if np.any(np.asarray(_plain(delta)) == 0):
        raise NoGradientRule("scipy.special.pseudo_huber at delta = 0 (0 for every r, |r| delta + O(delta^2) "
                             "above it, inf below) has no gradient rule in wengert; evaluate at delta > 0")


def _vjp_pseudo_huber_delta(ans, delta, r):
    shape = np.shape(delta)
    _refuse_delta_0(delta)

    def vjp(g):
        return unbroadcast(g * _pseudo_huber_partials(delta, r)[0], shape)
    return vjp


def _vjp_pseudo_huber_r(ans, delta, r):
    shape = np.shape(r)
    _refuse_delta_0(delta)

    def vjp(g):
        return unbroadcast(g * _pseudo_huber_partials(delta, r)[1], shape)
    return vjp


_register(sc.pseudo_huber, _refuse_negative_delta(_vjp_pseudo_huber_delta),
          _refuse_negative_delta(_vjp_pseudo_huber_r))


# -- orthogonal polynomials, in x ----------------------------------------------------------------

def _degree_below(n):
    """``n - 1`` and a mask of ``n >= 1`` (a polynomial of degree 0 has derivative 0); ``n - 1`` an integer array
    where n is a float of integer value (checked by the rule) below 2^62: SciPy takes a float degree to its
    hypergeometric form, which loses the polynomial near its zeros (eval_gegenbauer(1.0, 2.0, 1e-300) is 0.0,
    eval_chebyu(1, 2.0, 1e-8) 2.0000000100e-8: d2/dx2 eval_chebyt(3.0, x) at 1e-300 was 0.0 for 2.4e-299)."""
    n = np.asarray(n)
    m = np.maximum(n - 1, 0)
    if m.dtype.kind == "f" and np.all(np.abs(m) < 2.0 ** 62):
        m = m.astype(np.int64)
    return m, n >= 1


def _polynomial(ufunc, derivative, parameters=("n",)):
    """Register ``ufunc(*parameters, x)``: refused in its parameters, ``derivative(*params, x)`` in x."""
    name = f"scipy.special.{ufunc.__name__}"

    def rule_x(ans, *args):
        *params, x = args
        shape = np.shape(x)
        plain = [np.asarray(_plain(p)) for p in params]
        if not np.all(plain[0] == np.round(plain[0])):
            raise NoGradientRule(f"{name} of a degree n that is not an integer has no gradient rule in wengert "
                                 "(its derivative is not the polynomial identity then); pass an integer n")
        return lambda g: unbroadcast(g * derivative(*plain, x), shape)
    rules = [_no_gradient_in(name, f"{p} (argument {i})") for i, p in enumerate(parameters)]
    _register(ufunc, *rules, rule_x)


def _d_legendre(n, x):
    m, positive = _degree_below(n)
    return np.where(positive, sc.eval_gegenbauer(m, 1.5, x), 0.0)


def _d_chebyt(n, x):
    m, positive = _degree_below(n)
    return np.where(positive, n * sc.eval_chebyu(m, x), 0.0)


def _d_chebyu(n, x):
    m, positive = _degree_below(n)
    return np.where(positive, 2.0 * sc.eval_gegenbauer(m, 2.0, x), 0.0)


def _d_gegenbauer(n, alpha, x):
    m, positive = _degree_below(n)
    return np.where(positive, 2.0 * alpha * sc.eval_gegenbauer(m, alpha + 1.0, x), 0.0)


def _d_hermite(n, x):
    m, positive = _degree_below(n)
    return np.where(positive, 2.0 * n * sc.eval_hermite(m, x), 0.0)


def _d_hermitenorm(n, x):
    m, positive = _degree_below(n)
    return np.where(positive, n * sc.eval_hermitenorm(m, x), 0.0)


def _d_laguerre(n, x):
    m, positive = _degree_below(n)
    return np.where(positive, -sc.eval_genlaguerre(m, 1.0, x), 0.0)


def _d_genlaguerre(n, alpha, x):
    m, positive = _degree_below(n)
    return np.where(positive, -sc.eval_genlaguerre(m, alpha + 1.0, x), 0.0)


_polynomial(sc.eval_legendre, _d_legendre)
_polynomial(sc.eval_chebyt, _d_chebyt)
_polynomial(sc.eval_chebyu, _d_chebyu)
_polynomial(sc.eval_gegenbauer, _d_gegenbauer, ("n", "alpha"))
_polynomial(sc.eval_hermite, _d_hermite)
_polynomial(sc.eval_hermitenorm, _d_hermitenorm)
_polynomial(sc.eval_laguerre, _d_laguerre)
_polynomial(sc.eval_genlaguerre, _d_genlaguerre, ("n", "alpha"))
