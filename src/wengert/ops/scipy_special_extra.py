"""More ``scipy.special`` functions and their VJPs (internal; imported by
``wengert.ops.scipy_special``): the Lambert W function ``lambertw`` (every branch ``k``, in
``z``), the relative error exponential ``exprel``, the spherical Bessel functions
``spherical_jn``, ``spherical_yn``, ``spherical_in``, ``spherical_kn`` (in ``z``, with and
without ``derivative=True``; the order ``n`` is refused), the exponentially scaled Bessel
functions ``jve`` and ``yve`` (in ``z``; the order is refused), the Hankel functions ``hankel1``,
``hankel2``, ``hankel1e``, ``hankel2e`` (in ``z``, real or complex; the order is refused) and Wright's
generalized Bessel function ``wright_bessel`` (in ``x``; ``a`` and ``b`` are refused).

``lambertw`` and the spherical functions are Python code in SciPy over private ufuncs, so
wengert declares its own functions of the same names and arguments (call
``wengert.scipy.special.lambertw``). Every derivative is a closed form in functions that
have rules, so derivatives of every order come by composition:

* ``W'(z) = exp(-W) / (1 + W)`` (holomorphic), infinite at the branch point ``z = -1/e``
  (where ``W = -1``: refused) and at ``z = 0`` on the branches ``k != 0`` (``W = -inf``: refused);
* ``exprel'(x) = sum_k (k + 1) x^k / (k + 2)!`` for ``|x| < 1``, ``(exp(x) - exprel(x)) / x``
  below, ``exprel(x) (1 - 1/x) + 1/x`` above (no cancellation in any of the three);
* the spherical functions' derivatives by their recurrences (DLMF 10.51.2, 10.51.5):
  ``(2n + 1) f_n'`` is ``n f_(n-1) - (n+1) f_(n+1)`` for ``j`` and ``y``, ``n i_(n-1) + (n+1)
  i_(n+1)`` for ``i``, ``-(n k_(n-1) + (n+1) k_(n+1))`` for ``k``: no division by ``z``;
* ``jve(v, z) = jv(v, z) exp(-|Im z|)``: ``(jve(v-1, z) - jve(v+1, z)) / 2`` for real z; the
  scale factor is not holomorphic, and its part of a complex z's cotangent is
  ``i sign(Im z) Re(g ans)`` (autograd's convention, as ``ive``'s; see ``ops.complexnum``).
"""
import math

import numpy as np
import scipy.special as sc

from ..errors import NoGradientRule
from ..primitive import OwnPrimitive, defvjp, staged_rule
from ..structured import is_complex, plain_numbers
from ._util import at_kink, piecewise, polynomial, unary_rule, unbroadcast
from .elementwise import two_product


def _refuse(name, argument, why):
    """The rule of an argument that gets no gradient: a Var there raises."""
    def rule(ans, *args, **kwargs):
        raise NoGradientRule(f"{name} has no gradient with respect to {argument} ({why}). Pass a constant "
                             "there (var.value, or wengert.stop_gradient(var))")
    return rule


def _real_like(x, cotangent):
    """``cotangent``, its real part for a real ``x`` (a function of a real argument with
    complex values: ``lambertw`` below -1/e)."""
    return cotangent if is_complex(x) else np.real(cotangent)


def _quiet(rule):
    """``rule`` run without NumPy's invalid-value warnings (a NaN value's NaN derivative)."""
    return np.errstate(divide="ignore", invalid="ignore")(rule)


# -- Lambert W ---------------------------------------------------------------------------------

def _lambertw(z, k=0, tol=1e-8):
    return sc.lambertw(z, k, tol)


lambertw = OwnPrimitive(_lambertw, name="scipy.special.lambertw", names=("scipy.special.lambertw",), reenters="any")
lambertw.__doc__ = """The Lambert W function (branch ``k``), as ``scipy.special.lambertw``:
    complex values, differentiable in ``z`` (real or complex), to every order:
    ``W'(z) = exp(-W) / (1 + W)``. Where that is infinite, at the branch point ``z = -1/e``
    (``W = -1``, on the branches 0 and -1) and at ``z = 0`` on a branch ``k != 0`` (``W = -inf``),
    the gradient is refused with ``ValueError``. ``k`` and ``tol`` are constants.
    (``scipy.special.lambertw`` itself converts ``k`` to an array: call this one on Vars.)

    >>> import wengert as wg, wengert.scipy.special as wsp
    >>> complex(wsp.lambertw(1.0))  # the omega constant
    (0.5671432904097838+0j)
    >>> round(float(wg.grad(lambda z: wsp.lambertw(z).real)(1.0)), 6)  # W / (z (1 + W))
    0.361896

    .. versionadded:: 0.1
    """


# Near the branch point z = -1/e (real z, branches 0 and -1) SciPy's W loses digits (3e-9 absolute
# at 1e-16 from it, 4e-14 at 1 + W = 0.05), and exp(-W) / (1 + W) divides that error by 1 + W (23%
# off at 1e-16 from it). There W is the series sum_k mu_k p^k in p = +-sqrt(2 (e z + 1)) (Corless et
# al. 1996, (4.22)-(4.23); + on branch 0, - on branch -1, i sqrt below -1/e), so W'(z) = (e / p)
# sum_k k mu_k p^(k-1), with e z + 1 computed in double-double (exact to 1e-32): the derivative is
# then as exact as p, for |p| < 0.3 (28 terms: the last below 1e-18 of the first).


def _branch_series(terms):
    from fractions import Fraction
    mu, alpha = [Fraction(-1), Fraction(1)], [Fraction(2), Fraction(-1)]
    for k in range(2, terms):
        alpha.append(sum((mu[j] * mu[k + 1 - j] for j in range(2, k)), Fraction(0)))
        mu.append(Fraction(k - 1, k + 1) * (mu[k - 2] / 2 + alpha[k - 2] / 4) - alpha[k] / 2 - mu[k - 1] / (k + 1))
    return [float(k * m) for k, m in enumerate(mu)][2:]  # (k mu_k for k >= 2: the terms after 1/p)


_DW_DP = _branch_series(28)
_E_HI = math.e
_E_LO = 1.4456468917292502e-16  # e - _E_HI


def _offset_from_branch_point(z):
    """``e z + 1`` for real ``z`` near -1/e, in double-double: the product ``e_hi z`` and its
    rounding error (Dekker), then ``e_lo z`` (plain values)."""
    z = np.asarray(z, dtype=float)
    product, error = two_product(_E_HI, z)
    return (product + 1.0) + (error + _E_LO * z)  # (product + 1 is exact: product is near -1)


_branch_offset = OwnPrimitive(_offset_from_branch_point, name="scipy.special.lambertw (e z + 1)", reenters="any")
defvjp(_branch_offset, lambda ans, z: lambda g: g * _E_HI)

#: where the series serves: |e z + 1| below this (|p| < 0.3)
_NEAR_BRANCH_POINT = 0.045


def _dlambertw(w, z, real):
    """``W'(z) = exp(-W) / (1 + W)``; for a real W (``real``: a real z where every W is real)
    ``W / (z (1 + W))`` where ``|z| >= 1`` (exp(-W) loses |W| ulps: 4e-14 at z = 1e300) and
    ``sign(1 + W) exp(-W - log|1 + W|)`` below, one exponential: its derivative is then a product,
    where the quotient's were two terms overflowing apart (lambertw''(-1e-300, k=-1): NaN by
    forward mode, -inf with a warning by reverse mode, the truth -1.0014e600)."""
    if not real:
        return np.exp(-w) / (1.0 + w)
    w = np.real(w)
    big = np.abs(plain_numbers(z)) * np.ones(np.shape(plain_numbers(w))) >= 1.0

    def small(w):
        return np.sign(1.0 + w) * np.exp(-w - np.log(np.abs(1.0 + w)))
    if not np.any(big):
        return small(w)
    if np.all(big):
        return w / (z * (1.0 + w))
    return np.where(big, np.where(big, w, 1.0) / (np.where(big, z, math.e) * (1.0 + np.where(big, w, 1.0))),
                    small(np.where(big, 0.0, w)))


def _vjp_lambertw_z(ans, z, k=0, tol=1e-8):
    shape = np.shape(plain_numbers(z))
    w, plain_z = plain_numbers(ans), plain_numbers(z)
    near = np.zeros(np.shape(w), bool)
    if not is_complex(z) and np.ndim(k) == 0 and k in (0, -1):
        with np.errstate(invalid="ignore"):
            near = (np.abs(_offset_from_branch_point(plain_z) * np.ones(np.shape(w))) < _NEAR_BRANCH_POINT) & ~np.isnan(w)
    # at an infinite z W is infinite and W' = W / (z (1 + W)) tends to 0 (on every branch)
    infinite = np.isinf(plain_z) * np.ones(np.shape(w), bool)
    if np.any((w == -1.0) & ~near) or np.any(np.isinf(w) & ~np.isnan(plain_z) & ~infinite):
        raise ValueError(
            "scipy.special.lambertw: the derivative W / (z (1 + W)) is infinite at the branch point z = -1/e "
            "(where W = -1) and at z = 0 on the branches k != 0 (where W = -inf); evaluate at another z")
    real = not is_complex(z) and bool(np.all(np.imag(w) == 0))
    if not np.any(near) and not np.any(infinite):
        return _quiet(lambda g: unbroadcast(_real_like(z, g * _dlambertw(ans, z, real)), shape))
    sign = 1.0 if k == 0 else -1.0

    @_quiet
    def pullback(g):
        w_far = np.where(near | infinite, 0.0, ans)
        far = np.where(infinite, 0.0, _dlambertw(w_far, np.where(near | infinite, 0.0, z), real))
        if not np.any(near):
            return unbroadcast(_real_like(z, g * far), shape)
        t = _branch_offset(np.where(near, z, -0.35))
        p = sign * np.sqrt(2.0 * t + (0j if np.any(plain_numbers(t) < 0) else 0.0))
        d = np.where(near, _E_HI * (1.0 / p + polynomial(p, _DW_DP)), far)
        return unbroadcast(_real_like(z, g * d), shape)
    return pullback


defvjp(lambertw, _vjp_lambertw_z,
       _refuse("scipy.special.lambertw", "its branch k (argument 1)", "an integer"),
       _refuse("scipy.special.lambertw", "tol (argument 2)", "a tolerance of the computation"))


# -- exprel ------------------------------------------------------------------------------------
# exprel(x) = (e^x - 1) / x; exprel'(x) = (x e^x - e^x + 1) / x^2, whose closed forms cancel near
# 0: there its Taylor series sum_k (k + 1) x^k / (k + 2)! (26 terms: the last below 1e-28 for
# |x| < 1); below -1 (e^x - exprel(x)) / x (both terms of one sign over x: 1 / x^2 far out),
# above 1 exprel(x) (1 - 1/x) + 1/x (all terms positive; inf where exprel overflows, not
# inf - inf). Differentiated again, each form keeps that property (exprel'' by composition).

_DEXPREL_SERIES = [(k + 1.0) / math.factorial(k + 2) for k in range(26)]


def exprel_slope(x):
    """``exprel'(x) = (x e^x - e^x + 1) / x^2`` (internal, Var-aware, every order): the three forms
    above. Also beta's rule at a tiny shape, which writes ``B(t, s) - 1/t`` through exprel."""
    plain = plain_numbers(x)
    near = (plain > -1.0) & (plain < 1.0)
    below = plain <= -1.0
    infinite = plain == np.inf

    def above(u):  # (at +inf exp(u), every derivative +inf as exprel's: the form's exprel(u) / u^2 was inf / inf)
        return piecewise(u, infinite, lambda u: sc.exprel(u) * (1.0 - 1.0 / u) + 1.0 / u, np.exp, 2.0, np.inf)

    def away(t):
        return piecewise(t, below, above, lambda u: (np.exp(u) - sc.exprel(u)) / u, 2.0, -2.0)
    return piecewise(x, near, away, lambda t: polynomial(t, _DEXPREL_SERIES), 2.0, 0.0)


def _dexprel(g, ans, x):
    return g * exprel_slope(x)


defvjp(sc.exprel, unary_rule(sc.exprel, _dexprel, "x"), name="scipy.special.exprel", names=("scipy.special.exprel",))


# -- spherical Bessel functions ------------------------------------------------------------------
# f_n'(z) by SciPy (derivative=True); f_n''(z) by the recurrence of the derivatives, which
# holds for every n >= 0 (at n = 0 the term of f_(-1) has the factor 0: the order there is
# replaced by 0, SciPy's value at n = -1 being NaN).

#: (the sign of the f_(n-1) term, of the f_(n+1) term) in (2n + 1) f_n' = n a f_(n-1) + (n+1) b f_(n+1)
_RECURRENCE = {"jn": (1.0, -1.0), "yn": (1.0, -1.0), "in": (1.0, 1.0), "kn": (-1.0, -1.0)}


def _spherical(kind):
    scipy_function = getattr(sc, f"spherical_{kind}")
    name = f"scipy.special.spherical_{kind}"

    def plain(n, z, derivative=False):
        return scipy_function(n, z, derivative)
    plain.__name__ = plain.__qualname__ = f"spherical_{kind}"
    prim = OwnPrimitive(plain, name=name, names=(name,), reenters="any")
    before, after = _RECURRENCE[kind]

    def vjp_z(ans, n, z, derivative=False):
        shape = np.shape(plain_numbers(z))
        if not derivative:
            return lambda g: unbroadcast(g * prim(n, z, True), shape)
        n_plain = np.asarray(plain_numbers(n))
        lower = np.where(n_plain > 0, n_plain - 1, 0)

        def pullback(g):
            d = (n_plain * before * prim(lower, z, True) + (n_plain + 1) * after * prim(n_plain + 1, z, True)) / (
                2.0 * n_plain + 1.0)
            return unbroadcast(g * d, shape)
        return pullback

    defvjp(prim, _refuse(name, "its order n (argument 0)", "an integer"), vjp_z)
    prim.__doc__ = f"""SciPy's ``spherical_{kind}(n, z, derivative=False)``, differentiable in ``z`` (real or
    complex) to every order: its derivative is SciPy's ``derivative=True``, whose own
    derivative is the recurrence of the derivatives (no division by ``z``). The order ``n`` is
    refused. (SciPy's function converts ``n`` to an array: call this one on Vars.)

    >>> import wengert as wg, wengert.scipy.special as wsp
    >>> bool(wg.grad(lambda z: wsp.spherical_{kind}(1, z))(1.5) == wsp.spherical_{kind}(1, 1.5, derivative=True))
    True

    .. versionadded:: 0.1
    """
    return prim


spherical_jn, spherical_yn, spherical_in, spherical_kn = (_spherical(k) for k in ("jn", "yn", "in", "kn"))


# -- jve, yve -----------------------------------------------------------------------------------

def _scaled_bessel(function):
    name = f"scipy.special.{function.__name__}"

    def rule(g, ans, v, z):
        d = 0.5 * (function(v - 1.0, z) - function(v + 1.0, z))
        if not is_complex(z):
            return g * d
        # e^(-|Im z|) has a kink where Im z = 0: there sign(0) = 0 makes the gradient the mean of the two sides', a
        # convention whose derivative is no second derivative of either side nor their mean (the Hessian of
        # Re jve(1.5, x + iy) at 0.5 + 0j was [[a, 0], [0, -a]], a = J'' = 0.2019, where both sides' d2/dy2 is
        # -a + jve(1.5, 0.5) = -0.1102): differentiating it again there raises, as ive's at Re z = 0 and i0e's at x = 0
        return at_kink(g * d + 1j * np.sign(np.imag(z)) * np.real(g * ans), z,
                       lambda: np.imag(plain_numbers(z)) == 0,
                       (name, "the mean of the derivatives of its two sides at Im z = 0 (the kink of e^-|Im z|)",
                        "Evaluate off the real axis, or write e^-|Im z| * jv (yv) on the side you mean."), g)
    return rule


for _fn in (sc.jve, sc.yve):
    defvjp(_fn, _refuse(f"scipy.special.{_fn.__name__}", "its order (argument 0)", "it is differentiated in z only"),
           staged_rule(_scaled_bessel(_fn), 1, "axy", unbroadcast),
           name=f"scipy.special.{_fn.__name__}", names=(f"scipy.special.{_fn.__name__}",))

__all__ = ["lambertw", "spherical_jn", "spherical_yn", "spherical_in", "spherical_kn"]


# -- Hankel functions ---------------------------------------------------------------------------
# H^(1)_v = J_v + i Y_v and H^(2)_v = J_v - i Y_v are holomorphic in z (complex values for real z
# too): H_v' = (H_(v-1) - H_(v+1)) / 2, no cancellation (|H_v'| is about |H_v| for large |z|, larger
# near 0). The scaled hankel1e = H^(1) e^(-iz), hankel2e = H^(2) e^(iz) (holomorphic as well) have
# the derivatives (H_(v-1) - H_(v+1)) / 2 -+ i H, whose leading terms cancel as |z| grows
# (H^(1)' ~ i H^(1) where H^(1) ~ e^(iz)): SciPy's values there lost |z| eps (hankel1e'(1, 1e8) was
# 4.6e-8 off mpmath, (1, 1e4) 4.3e-12). Beyond _HANKEL_FAR and v^2 / 8 the derivative is Hankel's
# expansion (DLMF 10.17.5-6) differentiated term by term, continued to the left half-plane by
# DLMF 10.11.3-5; its terms grow up to about the (v^2 / 2|z|)-th before they fall, so that it
# loses about e^(v^2 / 2|z|) / sqrt(pi v^2 / |z|) eps. Up to |z| = max(30, |v|) the recurrence,
# whose terms do not cancel there (H_(v+1) outgrows H_v below |z| = v), beyond 30 from the unscaled
# functions (SciPy's hankel2e is 0 near the negative real axis from order 86 on). Between the two
# (|v| > 30 only: |v| < |z| < v^2 / 8) neither is exact (the recurrence loses about |z|^2 / v eps at
# second order, 4e-11 at v = 100, z = 500; the expansion e^(v^2 / 2|z|) eps) and the derivative is
# refused. Against mpmath (30 digits) at orders 11 to 300, 30 < |z| <= v^2 / 4, real and complex z
# (tools/sweep_hankel.py): the expansion within 6.4e-14 at first order and 1.4e-13 at second (624
# points; its worst in the left half-plane at |z| = v^2 / 8; off the sweep's points it reaches
# 5.7e-13 at second order at hankel2e(100, 1250j), |z| = v^2 / 8 on the imaginary axis, and 2.2e-13 at
# hankel2e(40, 200j)), the recurrence within 2e-13 and 9.2e-13 (356 points; SciPy's own values at
# orders 200 to 300). At z = 0 (a pole: SciPy's value is
# NaN) the derivative is refused.

#: Beyond this |z| (and v^2 / 8) the scaled Hankel functions' derivatives are asymptotic series
#: (_HANKEL_TERMS terms); below it, and below |v|, the recurrence (it loses |z| eps in the first
#: derivative and |z|^2 eps in the second as |z| outgrows |v|: up to 2.5e-14 and 6.3e-13 of mpmath
#: just below 30; see tools/sweep_hankel.py for the measured table)
_HANKEL_FAR = 30.0
#: (the terms fall as (v^2 / 2|z|)^k / k! beyond the largest: 44 of them at v^2 / 2|z| = 4 reach
#: 1e-28 of it, and they grow again only from k = 2|z| >= 60 on)
_HANKEL_TERMS = 44
#: The series is used from |z| = _HANKEL_ORDER_FAR v^2 on
_HANKEL_ORDER_FAR = 0.125


def _series_point(v):
    """A |w| where Hankel's expansion of order ``v`` converges (a stand-in for the points the
    expansion does not serve, so that it neither overflows nor warns there)."""
    return np.maximum(2.0 * _HANKEL_FAR, v * v)


def _hankel_series(v, w, s):
    """Hankel's expansions of ``H^(s)e_v(w)`` (``s = 1``: hankel1e, ``-1``: hankel2e) and of its
    derivative, for ``Re w >= 0``: ``sqrt(2 / (pi w)) e^(-s i (v pi / 2 + pi / 4)) sum (s i)^k
    a_k(v) w^-k``, ``a_k(v) = a_(k-1)(v) (4 v^2 - (2k - 1)^2) / (8k)`` (v plain), summed in
    ``m / w`` with ``a_k / m^k``, ``m = max(v^2, 1)`` (a_43(3e4) alone overflows)."""
    m = np.maximum(v * v, 1.0)
    coefficients, c = [], np.ones(np.shape(v))
    for k in range(_HANKEL_TERMS):
        if k:
            c = c * (s * 1j) * ((4.0 * v * v - (2 * k - 1) ** 2) / (8.0 * k * m))
        coefficients.append(c)
    t = 1.0 / w
    root = np.sqrt(t) * (math.sqrt(2.0 / math.pi) * _phase(-s, 0.5 * v + 0.25))
    value = root * polynomial(m * t, coefficients)
    slope = root * t * polynomial(m * t, [-(k + 0.5) * c for k, c in enumerate(coefficients)])
    return value, slope


def _phase(sign, turns):
    """``e^(sign i pi turns)`` for plain ``turns`` (sindg, cosdg: exact at multiples of 1/2)."""
    return sc.cosdg(180.0 * turns) + sign * 1j * sc.sindg(180.0 * turns)


def _scaled_hankel_far(v, z, s):
    """The derivative of ``H^(s)e_v(z)`` for large ``|z|``: Hankel's expansion for ``Re z > 0``;
    in the left half-plane through ``w = -z``: ``e^(-s v pi i) D^(-s)(w)`` on the side where
    ``H^(s)(z) = -e^(-s v pi i) H^(-s)(w)`` (``s Im z > 0``, and the negative reals for hankel1,
    which SciPy puts at arg z = pi), else ``-(2 cos(v pi) (D^(s)(w) + 2 s i V^(s)(w)) e^(2 s i w)
    + e^(-s v pi i) D^(-s)(w))`` (DLMF 10.11.3-4 with m = -+1)."""
    plain = np.asarray(plain_numbers(z))
    right = np.real(plain) > 0
    same = ~right & ((s * np.imag(plain) > 0) | ((np.imag(plain) == 0) & (s == 1)))
    other = ~(right | same)
    w = np.where(right, z, -z)
    safe = _series_point(v)
    value, slope = _hankel_series(v, np.where(same, safe, w), s)
    mirrored = _hankel_series(v, np.where(right, safe, w), -s)[1]
    turn = _phase(-s, v)
    crossed = -(2.0 * sc.cosdg(180.0 * v) * (slope + 2j * s * value) * np.exp(2j * s * np.where(other, w, 0.0))
                + turn * mirrored)
    return np.where(right, slope, np.where(same, turn * mirrored, crossed))


def _refuse_pole(name, z):
    if np.any(plain_numbers(z) == 0):
        raise ValueError(f"scipy.special.{name}(v, z) has a pole at z = 0 (its value there is NaN in SciPy): "
                         "its derivative is infinite; evaluate at z != 0")


def _hankel_rule(function, scale):
    """The rule in z of ``function`` (``scale``: 0, or -1 for hankel1e and 1 for hankel2e)."""
    name = function.__name__
    inner = function
    if scale:
        # the recurrence's terms: the same function, whose derivative is the recurrence again,
        # unchecked (at the orders v -+ 1 the range |z| <= max(30, |v|) reaches 1 beyond its
        # bound, where the recurrence is as exact: the check is the outer derivative's)
        unscaled = sc.hankel1 if scale < 0 else sc.hankel2

        def terms(v, z):
            # beyond |z| = 30 from the unscaled function: SciPy's hankel2e is 0 near the negative
            # real axis for orders from 86 on (hankel2e(120, -115) = 0, truth 0.26 in modulus),
            # where hankel2(v, z) e^(iz) is within 2e-15 (each where finite and nonzero)
            out = function(v, z)
            far = np.abs(z) > _HANKEL_FAR
            if np.any(far):
                with np.errstate(over="ignore", invalid="ignore"):
                    product = unscaled(v, z) * np.exp((scale * 1j) * z)
                out = np.where(far & np.isfinite(product) & (product != 0), product, out)
            return out
        inner = OwnPrimitive(terms, name=f"scipy.special.{name} (its recurrence)", reenters="any")
        defvjp(inner, _refuse(f"scipy.special.{name}", "its order (argument 0)", "it is differentiated in z only"),
               staged_rule(lambda g, ans, v, z: g * recurrence(v, z), 1, "xy", unbroadcast))

    def recurrence(v, t):
        d = 0.5 * (inner(v - 1.0, t) - inner(v + 1.0, t))
        return d + (scale * 1j) * inner(v, t) if scale else d

    def rule(g, ans, v, z):
        _refuse_pole(name, z)
        if not scale:
            return g * recurrence(v, z)
        order, plain = plain_numbers(v), np.abs(plain_numbers(z))
        far = (plain > _HANKEL_FAR) & (plain >= _HANKEL_ORDER_FAR * order * order)
        if np.any((plain > np.maximum(_HANKEL_FAR, np.abs(order))) & ~far):
            raise ValueError(
                f"scipy.special.{name}(v, z): its derivative in z is not computed at max(30, |v|) < |z| < "
                "v^2 / 8 (orders |v| > 30): there SciPy's recurrence cancels (it loses |z| eps in the first "
                "derivative, |z|^2 eps in the second) and Hankel's expansion loses e^(v^2 / 2|z|) eps; it "
                "is computed for |z| <= max(30, |v|) and |z| >= v^2 / 8")
        return g * piecewise(z, far, lambda t: recurrence(v, t), lambda t: _scaled_hankel_far(order, t, -scale),
                             1.0, _series_point(order))
    return rule


for _fn, _scale in ((sc.hankel1, 0), (sc.hankel2, 0), (sc.hankel1e, -1), (sc.hankel2e, 1)):
    defvjp(_fn, _refuse(f"scipy.special.{_fn.__name__}", "its order (argument 0)", "it is differentiated in z only"),
           staged_rule(_hankel_rule(_fn, _scale), 1, "xy", unbroadcast),
           name=f"scipy.special.{_fn.__name__}", names=(f"scipy.special.{_fn.__name__}",))


# -- Wright's generalized Bessel function ---------------------------------------------------------
# Phi(a, b; x) = sum_k x^k / (k! Gamma(a k + b)): term by term, d/dx Phi(a, b; x) = Phi(a, a + b; x)
# (SciPy's own function, exact as it is: within 8e-15 of mpmath for a in [0, 5], b in [0, 10],
# x in [0, 100]); every order by composition. Its derivatives in a and b (sums of digamma-weighted
# terms that SciPy does not compute) are refused.

def _vjp_wright_bessel_x(ans, a, b, x):
    shape = np.shape(plain_numbers(x))
    return lambda g: unbroadcast(g * sc.wright_bessel(a, a + b, x), shape)


defvjp(sc.wright_bessel, *[_refuse("scipy.special.wright_bessel", f"{p} (argument {i})",
                                   "sums of digamma-weighted terms that SciPy does not compute")
                           for i, p in enumerate("ab")],
       _vjp_wright_bessel_x, name="scipy.special.wright_bessel", names=("scipy.special.wright_bessel",))
