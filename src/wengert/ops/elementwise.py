"""Elementwise functions (ufuncs) and their VJPs, each function next to its rule.

Binary rules sum the cotangent back over broadcast dimensions (``unbroadcast``).
An arithmetic ufunc is declared with the Python operator it also is
(``operator="multiply", operator_fun=operator.mul``): ``x * y`` on Vars applies the same
rules, and the operator keeps Python's semantics on plain values (``1.0 / 0.0`` raises,
as without a tape). ``scalar="exp"`` names a function's scalar fast path, ``wengert.exp``
(floats and scalar Vars in C; arrays come here).
"""
import functools
import inspect
import math
import operator
import sys
import weakref

import numpy as np

from .._backend import (Dual, Var, all_finite, at_least, logistic_partial, one_entry_rule, product, quotient_in_range, scalar_functions, set_live_product, set_traced_product, sweep_parents,
                        times_x, times_y, within)
from .._context import stages_pullbacks
from .._elementary import ELEMENTARY, FUNCTIONS, compile_expression, render, uses, value_functions, vjp_expression
from ..primitive import OwnPrimitive, Primitive, defcomposite, defvjp, staged_rule
from ..errors import NoGradientRule
from ..forward import refuse_at_kink_partial
from ..structured import get_part, is_complex, plain_numbers as plain_value, underflowed
from ._util import (all_nonzero, at_kink, refuse_infinite_at_kink, binary_exponents, def_partials, divide_or_zero, dtype_of, flat_beyond, in_place, invalid_ignored, live_zeros, mark_untaken, moved, moved_times, piecewise, selected, shape_of,
                    times_tangent, unary_rule, unbroadcast, untaken_times, untaken_zero, untraced_if_nothing_flows, vanishing, zero_cotangent_adds_nothing, zero_cotangent_adds_nothing_n,
                    zero_moving_with)
from .complexnum import refuse_complex

def _def_binary(ufunc, op_name, operator_fn, vjp_x, vjp_y, **declaration):
    """Declare one binary rule pair for the ufunc, which is also the Python operator ``op_name``."""
    defvjp(ufunc, vjp_x, vjp_y, operator=op_name, operator_fun=operator_fn, **declaration)


def _staged(argnum, rule, uses="axy", keep_ans_if=None):
    """A staged VJP for argument ``argnum`` from ``rule(g, ans, x, y) -> full-shape cotangent``
    (None: the cotangent itself).

    ``uses`` names what the rule reads (``a``: the result, ``x``, ``y``); the pullback keeps
    only those alive (the others are passed as None), so that intermediates a rule does
    not need are freed as in hand-written code (autograd's "capture metadata, not arrays").
    Where broadcasting stretched the argument, the cotangent is summed back to its shape.
    Staging is compiled (``wengert._engine.StagedRule``); ``keep_ans_if(x, y)`` keeps the result
    too for the calls where it says the rule reads it.
    """
    return staged_rule(rule, argnum, uses, unbroadcast, keep_ans_if)


# A rule of None passes the cotangent through unchanged, with no Python call in the sweep.
_def_binary(np.add, "add", operator.add, _staged(0, None, uses=""), _staged(1, None, uses=""))
_def_binary(np.subtract, "subtract", operator.sub,
            _staged(0, None, uses=""),
            _staged(1, lambda g, ans, x, y: moved(-g, g, in_place), uses=""))
# (times_y is g * y, times_x g * x: one float64 entry computed in C in the compiled core, and
# the live zeros reported by _product only where there can be some)
_def_binary(np.multiply, "multiply", operator.mul,
            _staged(0, times_y, uses="y"),
            _staged(1, times_x, uses="x"))


def _product(out, g, other):
    # g * other, its zeros where g is not 0 reported live where the other factor is
    # differentiated too (the node's second parent; at second order the inner sweep's
    # cotangent 2 sqrt(x) times 0.5 / sqrt(x)): a factor that vanishes there, not a constant 0,
    # whose zeros are structural (x * 0.0 adds nothing); with a constant factor, g's live
    # zeros pass on where it is not 0 (else the whole product would be taken as live). Both ways
    # g's structural zeros add nothing where a plain other factor is infinite (_structural_times)
    n = sweep_parents(g)
    if n == 0:
        return out  # (not the sweep's cotangent)
    live = live_zeros(g)
    if n > 1:
        return vanishing(_structural_times(out, g, other, live), g, live)
    if type(other) is Var or type(other) is Dual:
        return untraced_if_nothing_flows(_structural_times(out, g, other, live), g, live)
    out = _held_zero_factor(_structural_times(out, g, other, live), g, other)
    if live is None:
        return out
    return moved_times(out, g, other)


def _held_zero_factor(out, g, other):
    # g * other with other a constant (the node's one parent is the other factor): its zeros hold, the product the
    # constant 0 whatever an infinite g (as the scalar tape's held_adjoint, and forward mode's structural tangent of
    # x * 0.0): grad of sum(sqrt(0 * x)) was NaN, jvp 0. A NaN g stays NaN; a complex infinity (inf + NaN j, sqrt's
    # 0.5 / sqrt(0j)) is infinite (a complex scalar too: grad of real(sqrt(0 * (x + 0j))) was NaN where an array's 0)
    if (type(out) is not np.ndarray and type(out) is not float and type(out) is not complex
            and not isinstance(out, np.inexact)):
        return out
    if not (_has_nan(out) if type(out) is np.ndarray else out != out):
        return out
    with np.errstate(invalid="ignore"):
        held = np.isinf(g) & (np.asarray(other) == 0)
    if not np.any(held):
        return out
    return np.where(held, 0.0 * np.asarray(other), out)[()]


def _structural_times(out, g, other, live):
    # g * other with g's structural zeros (not live) adding nothing where the other factor is
    # infinite (the product's 0 * inf): jacfwd of v[1] + v[2] * np.log(v[0]) at v[0] = 0 was
    # [nan, nan, -inf, nan] (v[2]'s tangent 0 in the other directions times log(0)), the truth
    # [inf, 1, -inf, 0] as jacrev gives; with a constant factor, grad of
    # sum(where([True, False], v * log([1, 0]), 0)) was [0, nan] (np.where's untaken branch's 0
    # times -inf), the truth [0, 0]. A traced other factor (forward over forward) is 0 there with
    # its derivatives, as times_tangent's; a live zero times inf stays NaN
    if live is True or type(g) is Var or type(g) is Dual:
        return out
    if type(g) is np.ndarray:
        if g.size == 0 or np.count_nonzero(g) == g.size:
            return out
    elif g != 0:
        return out
    traced = type(other) is Var or type(other) is Dual
    if not traced and not (_has_nan(out) if type(out) is np.ndarray else out != out):
        return out
    plain = np.asarray(plain_value(other))
    zero = np.asarray(g) == 0
    if live is not None:
        zero = zero & np.logical_not(live)
    try:
        bad = zero & (~np.isnan(plain) if traced else np.isinf(plain))
    except ValueError:
        return out
    if not np.any(bad):
        return out
    # (a traced factor's 0 with its sign, the sign of g * other kept: jit(jacfwd(np.sin))'s
    # recording takes this path, where 0 * cos(2) is -0.0 as in jacfwd(np.sin))
    if not traced:  # (out kept elsewhere: a complex product mended there, _complex_product)
        with np.errstate(invalid="ignore"):
            return np.where(bad, np.asarray(g) * 0.0, out)[()]
    zero = np.copysign(0.0, plain) if plain.dtype.kind == "f" else 0.0
    out = g * np.where(bad, zero, other)
    mark_untaken(out, out, ~bad)  # (a structural 0 there, with its derivatives, for the rules it reaches: exp's in exp(x) * x)
    return out


set_live_product(_product)  # (times_y and times_x call it where there may be live zeros to report)


def _traced_times(g, other):
    # g * other where g or other is traced or g has a zero (times_y's and times_x's): a traced
    # g's untaken entries 0 (untaken_times); a plain g's structural zeros 0 where the factor is
    # infinite (traced: not NaN), without the warning of the product first computed
    # (_structural_times; grad of np.sum(np.where([True, False], v * [0, -inf], 0)) warned, and
    # reverse over forward of np.sum(np.where(x != 0, 1 / x, 0) * x) at x = 0; the truths 0); either complex:
    # _complex_product
    if is_complex(g) or is_complex(other):
        return _complex_product(g, other)
    return _real_traced_times(g, other)


def _real_traced_times(g, other):
    # _traced_times where neither factor is complex (or _complex_product's first product)
    if type(g) is Var or type(g) is Dual:
        return untaken_times(g, other)
    if sweep_parents(g) == 0:
        return product(g, other)  # (not the sweep's cotangent: the product as it is, its warnings too)
    if type(other) is not Var and type(other) is not Dual:
        if not (isinstance(other, (float, np.inexact)) or (type(other) is np.ndarray and other.dtype.kind in "fc")) \
                or _maybe_finite(other):
            return product(g, other)
    elif type(g) is np.ndarray and (g.size == 0 or np.count_nonzero(g) == g.size):
        return product(g, other)
    with np.errstate(invalid="ignore"):
        out = product(g, other)
    return _structural_times(out, g, other, live_zeros(g))


set_traced_product(_traced_times)  # (times_y and times_x call it where g or the other factor is traced or complex)


def _complex_product(g, other):
    # g * other where either is complex (times_y's and times_x's, the transposed pullback's tangent products too):
    # _real_traced_times' product, mended where it is NaN at nonzero factors that are not (_mended_complex_product: a
    # zero part times an infinite one counts 0). The derivative in y of Re erfcx(-30 + 1j y) was NaN (its complex
    # cotangent, infinite in its real part, 0 in its imaginary, times 1j), the truth +inf (mpmath). A traced factor
    # (higher order) whose product has such an entry: complex_times, whose derivatives are such products again.
    with np.errstate(invalid="ignore"):
        out = _real_traced_times(g, other)
    if type(out) is Var or type(out) is Dual:
        with np.errstate(invalid="ignore"):
            plain = np.multiply(plain_value(g), plain_value(other))
        if _mended_complex_product(plain, plain_value(g), plain_value(other), zeros=False) is plain:
            return out
        return complex_times(g, other)
    if _maybe_finite(out):
        return out
    return _mended_complex_product(out, g, other, zeros=False)


def _ddivide_dy(g, ans, x, y):
    # -g x / y^2. Complex: inverse_power (see it below), as reciprocal: -g * ans / y divided
    # a quotient near the overflow again, and Smith's division made NaN of the infinity it
    # overflowed to (d/dz of 1 / z at 1e-300 (1 + 1j) was NaN + inf j, the truth 0 + inf j)
    if (type(y) is np.ndarray and y.dtype.kind != "c"
            and (type(x) is float or (type(x) is np.ndarray and x.dtype.kind != "c"))):
        return _times_quotient(g, ans, x, y)  # (real arrays, 1.0 / y: is_complex's answer without its two calls)
    if is_complex(x) or is_complex(y):
        # (a structural zero of a plain g adds nothing at y = 0, where g x / y^2 is 0 / 0: jacfwd of
        # real(sum(1 / (v + 0j))) at [0, 2] was [-inf, nan], the truth [-inf, -0.25], _structural_zero_of)
        yc = y if is_complex(y) else y + 0j
        return _structural_zero_of(g, yc, inverse_power(g, yc, 2, -x))
    return _times_quotient(g, ans, x, y)


_DBL_MIN = float(np.finfo(np.float64).tiny)
_DBL_MAX = float(np.finfo(np.float64).max)


def _scaled_quotient(g, x, y):
    """``-g x / y^2`` with no intermediate out of the float range (plain float64 values, finite and nonzero): the
    mantissas' quotient, within [1/4, 4), scaled back by the exponents (0 or inf only where the result is)."""
    with np.errstate(all="ignore"):  # (the entries not taken: inf times 0 and the like, unseen)
        mg, eg = np.frexp(g)
        mx, ex = np.frexp(x)
        my, ey = np.frexp(y)
        return np.ldexp(-(mg * mx) / my / my, eg + ex - 2 * ey)


def _far_mended(out, g, p, ans, x, y, screen=True):
    """``out = -p / y`` (``p = g ans``, ``ans = x / y``) where ``ans`` or ``p`` left the normal range while ``g``,
    ``x`` and ``y`` are finite and nonzero: there the product lost bits or became 0 or inf where ``-g x / y^2`` is
    a normal number (grad of ``1e-300 * (1e200 / v)`` at ``1e-200`` was -inf, ``c / v`` itself overflowing; jvp of
    ``1e-300 / v`` at ``1e-200`` along ``1e-300`` 0; the truths -1e300 and -1e-200), :func:`_scaled_quotient`'s
    instead. Float64 only. Its screen: the core's ``quotient_in_range`` (one pass in C over float64 arrays of one
    shape); else ``min |p| >= 2^-522`` and ``|g| < 2^500`` (then ``ans`` is normal too, and ``|p| < 2^1012``: ``ans``
    is below 2^512, ``_maybe_finite``); without ``screen`` (``ans`` may be large or infinite) entry by entry."""
    if type(out) is not np.ndarray:
        if type(out) is np.float32:
            return _float32_mended(out, g, p, ans, x, y)
        if type(out) is not float and type(out) is not np.float64:
            return out
        a, q = abs(float(ans)), abs(float(p))
        if _DBL_MIN <= a <= _DBL_MAX and _DBL_MIN <= q <= _DBL_MAX:
            return out
        if not (x != 0.0 and g != 0.0 and math.isfinite(g) and math.isfinite(x) and math.isfinite(y)):
            return out
        return type(out)(_scaled_quotient(g, x, y))
    if out.dtype == np.float32:
        return _float32_mended(out, g, p, ans, x, y)
    if out.dtype != np.float64 or out.size == 0 or np.result_type(p) != np.float64 or np.result_type(g) != np.float64:
        return out  # (a float32 g or ans beside a float64 result: float32's range, not mended)
    known = quotient_in_range(g, ans)
    if known:
        return out
    ap = np.abs(p)
    if known is None and screen and np.minimum.reduce(ap, axis=None) >= 2.0 ** -522 and abs(_VDOT(g, g) if type(g) is np.ndarray else g * g) < 2.0 ** 1000:
        return out
    with np.errstate(invalid="ignore"):
        bad = ~(((ap >= _DBL_MIN) & (ap <= _DBL_MAX) | (g == 0)) & ((np.abs(ans) >= _DBL_MIN) | (x == 0)))
        if not np.any(bad):
            return out
        bad &= np.isfinite(g) & np.isfinite(x) & np.isfinite(y)
        if not np.any(bad):
            return out
    return np.where(bad, _scaled_quotient(g, x, y), out)


_F32_TINY, _F32_MAX = float(np.finfo(np.float32).tiny), float(np.finfo(np.float32).max)


def _float32_mended(out, g, p, ans, x, y):
    """_far_mended for a float32 result ``out = -p / y``: where ``ans`` or ``p = g ans`` left float32's normal range while
    ``g``, ``x``, ``y`` are finite and nonzero, ``-g x / y^2`` in float64 (no product of float32 numbers leaves
    float64's range there) rounded once to float32: grad of sum(k (c / v)) in float32 at (k, c, v) = (1e-30, 1e-38,
    1e-20) was -0.0, the truth -1e-28; at (1e30, 1e30, 1e20) -inf for -1e20; at (1e-30, 1e-30, 1e-20) 5e-6 off."""
    o = np.asarray(out)
    if not o.size or np.result_type(g, x, y) != np.float32:
        return out
    with np.errstate(all="ignore"):
        ap, aa = np.abs(np.asarray(p)), np.abs(np.asarray(ans))
        if ap.min() >= _F32_TINY and ap.max() <= _F32_MAX and aa.min() >= _F32_TINY and aa.max() <= _F32_MAX:
            return out
        gs, xs, ys = (np.asarray(v, dtype=np.float64) for v in (g, x, y))
        bad = ~(((ap >= _F32_TINY) & (ap <= _F32_MAX)) & ((aa >= _F32_TINY) & (aa <= _F32_MAX)))
        bad = bad & np.isfinite(gs) & np.isfinite(xs) & np.isfinite(ys) & (gs != 0) & (xs != 0) & (ys != 0)
        if not np.any(bad):
            return out
        wide = (-(gs * xs) / (ys * ys)).astype(np.float32)
    return np.where(bad, wide, o).astype(np.float32)[()] if type(out) is not np.ndarray else np.where(bad, wide, o)


def _times_quotient(g, ans, x, y):
    """``-g * ans / y``, 0 where a plain ``g`` is 0 and ``ans`` infinite (``times_tangent``'s
    convention: a zero tangent adds nothing): d/dt of v[0] / v[1] along v[0] only at
    (1e300, 1e-10) was 0 * inf = NaN (jvp, jacfwd, a Hessian's mixed entry), and so was grad
    in v[1] under np.where's mask; the truths 1e10, -1e20 and 0. A NaN ``ans`` stays NaN.
    Plain values: ``-g x / y^2`` scaled where ``ans`` or ``g ans`` left the range (``_far_mended``)."""
    if type(g) is Var or type(g) is Dual:  # (a traced g keeps the product, linear in it)
        if _float64_quotient(g, x, y):
            return untaken_zero(lambda g, ans, x, y: _traced_quotient(g, x, y), g, ans, x, y)
        return untaken_zero(lambda g, ans, y: -g * ans / y, g, ans, y)
    live = live_zeros(g)  # (g's live zeros times the infinite ans: NaN, see _times_partial)
    plain = type(ans) is not Var and type(ans) is not Dual and type(y) is not Var and type(y) is not Dual
    if plain and _maybe_finite(ans) and type(x) is not Var and type(x) is not Dual:
        p = g * ans
        return vanishing(_far_mended(-p / y, g, p, ans, x, y), g, live)
    zero = np.asarray(g) == 0
    if not plain and _float64_quotient(g, x, y):  # (a traced ans or y: g x / y^2 from x, see _traced_quotient)
        if live is not None:
            zero = zero & np.logical_not(live)
        if not np.any(zero):
            return vanishing(_traced_quotient(g, x, y), g, live)
        # (a structural zero of g adds nothing: 0 there, y = 0 too)
        return _untaken_where(vanishing(_traced_quotient(g, np.where(zero, 0.0, x), np.where(zero, 1.0, y)), g, live),
                              zero)
    if live is not None:
        zero = zero & np.logical_not(live)
        if not np.any(zero):
            return vanishing(_far_unless_traced(plain, -g * ans / y, g, ans, x, y), g, live)
        # (y = 0 too, where ans is infinite: 0 / 1 there, not 0 / 0)
        out = -g * np.where(zero, 0.0, ans) / np.where(zero, 1.0, y)
        return _untaken_where(vanishing(_far_unless_traced(plain, out, g, ans, x, y), g, live), zero)
    out = times_tangent(-g, ans) / (np.where(zero, 1.0, y) if np.any(zero) else y)
    return _untaken_where(vanishing(_far_unless_traced(plain, out, g, ans, x, y), g, live), zero)


def _float64_quotient(g, x, y):
    # whether -g x / y^2 is real float64 with g, x, y finite, y nonzero and some nonzero factor beyond 2^+-300 in size:
    # _traced_quotient's domain. Elsewhere -g ans / y as before: nothing leaves the range between moderate factors,
    # and at a pole (y = 0, an infinite factor, or an infinite tangent from beyond: argus.pdf's third derivatives at
    # the end of its support) its infinite derivatives keep their signs where scaled_power's meet 0 * inf
    # Float32 (_traced_quotient widens it): beyond 2^+-40, where x / y^2 (ans's tangent) or g ans may leave float32's
    # range (the Hessian of sum(1e-30 (1e-38 / v)) at 1e-20 in float32 was 1e-8, the truth 2e-8)
    gp, xp, yp = plain_value(g), plain_value(x), plain_value(y)
    kind = np.result_type(gp, xp, yp, 1.0)
    if kind != np.float64 and kind != np.float32:
        return False
    bound = 2.0 ** 300 if kind == np.float64 else 2.0 ** 40
    with np.errstate(invalid="ignore"):
        sizes = [np.abs(np.asarray(v, dtype=float)) for v in (gp, xp, yp)]
        if not (all(np.all(np.isfinite(a)) for a in sizes) and np.all(sizes[2] != 0)):
            return False
        return any(bool(np.any((a > bound) | ((a < 1.0 / bound) & (a != 0)))) for a in sizes)


def _traced_quotient(g, x, y):
    """``-g x / y^2`` where ``g``, ``x`` or ``y`` is traced (second order), float64: :data:`scaled_power`'s
    ``(-x) g y^-2``, one rounding from mantissas and exponents apart, whose derivatives are such products again,
    each with its tangent or adjoint inside. From ``x``, not from ``ans = x / y``: the tangent of ``ans`` underflows
    alone where ``g``'s factor would bring it back (the Hessian of ``1e300 * (1 / v)`` at ``1e200`` by forward over
    reverse was 1e-300, the truth 2e-300: ``ans``'s tangent -1 / v^2 = -1e-400 was 0), and ``g ans`` or ``x / y``
    may leave the range where the product does not (d2/dv2 of ``1e-300 * (1e200 / v)`` at ``1e-100`` inf, the truth
    2e200; of ``1e-300 * (1e-300 / v)`` there 0, the truth 2e-300, where the first derivative itself underflows)."""
    if np.result_type(plain_value(g), plain_value(x), plain_value(y), 1.0) == np.float32:
        # (float32: in float64, where none of its factors' products leaves the range, rounded once back)
        return _traced_quotient(*(_widened(v, np.float32) for v in (g, x, y))).astype(np.float32)
    huge = np.abs(plain_value(x)) >= 2.0 ** 1000  # (its derivative in y has the factor -2 (-x): halved, exactly)
    if not np.any(huge):
        return scaled_power(y, -2.0, -x, g)
    return scaled_power(y, -2.0, -x * np.where(huge, 0.5, 1.0), g, np.where(huge, 2.0, 1.0))


def _far_unless_traced(plain, out, g, ans, x, y):
    # (_far_mended where ans may be infinite: g ans's NaN at a zero g is screened out there)
    if not plain or type(x) is Var or type(x) is Dual:
        return out
    with np.errstate(invalid="ignore", over="ignore"):
        p = g * ans
    return _far_mended(out, g, p, ans, x, y, False)


def _times_partial(g, partial, undefined_too=False):
    """``g * partial`` as ``times_tangent``'s (0 where a plain ``g`` is 0 and the partial
    infinite), whose checks run only where the product has a NaN (plain values).
    ``undefined_too``: 0 there also where the partial is NaN at a value that is not (x ** y in
    y at x < 0: jvp of v[0] ** v[1] along v[0] only at (-2, 2) was NaN, the truth -4)."""
    if type(g) is Var or type(g) is Dual:
        return untaken_times(g, partial)  # (a traced g keeps the product, linear in it)
    # (only g's structural zeros add nothing; its live zeros, and the product's zeros where g
    # is not 0, are reported live: see ops._util.unary_rule. x ** 2 at sqrt(0): 2 sqrt(0) = 0)
    live = live_zeros(g)
    if type(partial) is not Var and type(partial) is not Dual and _maybe_finite(partial):
        return vanishing(g * partial, g, live)
    refuse_at_kink_partial(g, partial)  # (forward mode's tangent of a norm of 0: see mark_kink_tangent)
    if live is True:
        return vanishing(g * partial, g, live)
    if not undefined_too and live is None:
        return vanishing(times_tangent(g, partial), g, live)
    zero = np.asarray(g) == 0
    if live is not None:
        zero = zero & np.logical_not(live)
    if not undefined_too:
        zero = zero & ~np.isnan(plain_value(partial))
    return _untaken_where(vanishing(g * (np.where(zero, 0.0, partial) if np.any(zero) else partial), g, live), zero)


def _untaken_where(out, zero):
    """``out``, a plain g times (or over) a traced partial, marked untaken where g is a structural 0
    (``zero``): 0 with its derivatives there, as untaken_times marks a traced g times a plain 0, so that a
    kink's mark before it adds nothing (np.maximum(x, 0) ** 2 * [0, 1, 1] at x0 = 0 refused on hessian), nor
    a rule after it that divides by 0 (np.where(x > 0, np.log(x) / x, 0) at x = 0: its Hessian by
    jacrev(grad) and jacfwd(grad) was NaN in x0's column, log's g / x at 0 / 0)."""
    if (type(out) is Var or type(out) is Dual) and np.any(zero):
        mark_untaken(out, out, np.logical_not(np.broadcast_to(zero, np.shape(plain_value(out)))))
    return out


#: np.vdot's C function, without the __array_function__ dispatch's Python frame (half of
#: np.vdot's 1 us on 300 entries): called on plain ndarrays only
_VDOT = getattr(np.vdot, "_implementation", np.vdot)


def _has_nan(a):
    """Whether the plain array ``a`` holds a NaN (one pass: its sum of squares is NaN only
    then; about a division's time, half of ``np.isnan(a).any()``'s on small arrays)."""
    s = _VDOT(a, a) if type(a) is np.ndarray else np.vdot(a, a)
    return s != s


def _maybe_finite(a):
    """True if the plain array ``a`` is finite, False if it may not be (its sum of squares,
    one pass, is finite only then: False also from about 1e154 on, where the caller's
    slower checks find no infinity), so that a zero times it is no 0 * inf to check after
    (a warning)."""
    return abs(_VDOT(a, a) if type(a) is np.ndarray else np.vdot(a, a)) < math.inf  # (NaN: False)


def _ddivide_dx(g, ans, x, y):
    # g / y, 0 where a plain g is 0 at y = 0 (0 / 0): grad of sum(where(b != 0, a / b, 0))
    # in a at b = 0 was NaN, the truth 0
    if type(g) is Var or type(g) is Dual:
        return untaken_zero(lambda g, ans, y: g / y, g, ans, y)
    if type(y) is Var or type(y) is Dual or not all_nonzero(g):
        out = invalid_ignored(operator.truediv, g, y)  # (0 / 0 where g is 0: mended below)
    else:
        out = g / y
    live = live_zeros(g)  # (a live zero of g at y = 0 stays 0 / 0 = NaN: see _times_partial)
    # (one entry too: jvp of v[1] + v[2] / v[0] at v[0] = 0 along v[1] was NaN, the truth 1;
    # a traced y, its value: reverse over forward's transposed pullback, whose cotangent's
    # structural 0 meets y = 0 in log's g / x and cbrt's g / (3 ans^2): the Hessian's mixed
    # entries of log(v[0]) and cbrt(v[0]) at v[0] = 0 by jacrev(jacfwd) were NaN, the truth 0,
    # with the derivatives of g / where(zero, 1, y) there, 0)
    value = plain_value(out) if type(out) is Var or type(out) is Dual else out
    if not (_has_nan(value) if type(value) is np.ndarray else isinstance(value, (float, np.floating)) and value != value):
        return vanishing(out, g, live)
    zero = g == 0
    if live is not None:
        zero = zero & np.logical_not(live)
    return _untaken_where(vanishing(g / np.where(zero, 1.0, y) if np.any(zero) else out, g, live), zero)


_def_binary(np.true_divide, "true_divide", operator.truediv,
            _staged(0, _ddivide_dx, uses="y"),
            _staged(1, _ddivide_dy, uses="axy"), aliases=("true_divide",))


def _less_one(y, k=1.0):
    """``(d, e)`` with ``y - k = d + e`` exactly (Knuth's two-sum), ``d`` its rounded value, for a plain real ``y``
    (and a float k); ``e`` is 0 where ``y - k`` is exact (integers, halves) and where ``y`` is not finite.

    >>> _less_one(1.0 / 3.0)[1] != 0.0, _less_one(2.5)
    (True, (1.5, 0.0))
    """
    if type(y) is float or type(y) is int:
        d = y - k
        s = d - y
        e = (y - (d - s)) + (-k - s)
        return d, e if e == e and abs(e) < math.inf else 0.0
    y = np.asarray(y)
    with np.errstate(invalid="ignore", over="ignore"):
        d = y - k
        s = d - y
        e = (y - (d - s)) + (-k - s)
    return d[()], np.where(np.isfinite(e), e, 0.0)[()]


def _negative_base(x, lo):
    """None, or the plain factor (1, -1 or NaN) taking ``(x + 0)**d`` to ``x**(d + lo)`` where the real ``x`` has a
    sign bit (``lo`` the rounding error of the exponent ``y - k = d + lo``; the caller adds 0, +0.0 for -0.0): where
    ``d`` is an integer and ``lo`` is not (y = 1e-17: y - 1 rounds to -1) x**d is real and x**(y - k) NaN at x < 0,
    as x**y is (d/dx of x**1e-17 at -2 was -5e-18), and at -0.0 +0's (-0.0 ** -1 is -inf); an odd integer ``lo``
    (|y| > 2^53) flips the sign.

    >>> _negative_base(np.array([-2.0, 3.0, -0.0]), 1e-17)
    array([nan,  1.,  1.])
    """
    if not np.any(lo):
        return None
    x = np.asarray(x)
    if x.dtype.kind != "f" or not x.size:
        return None
    with np.errstate(invalid="ignore"):
        negative = np.signbit(x) & (x > -math.inf)
        if not np.any(negative):
            return None
        below = np.where(np.fmod(lo, 1.0) != 0, np.nan, np.where(np.fmod(lo, 2.0) != 0, -1.0, 1.0))
        factor = np.where(negative & (x != 0), below, 1.0)
    return factor.astype(np.result_type(x, 1.0), copy=False)[()]


def _with_low_exponent(x, p, lo):
    """``x**(d + lo)`` from ``p = x**d`` (plain values): ``p + p (lo log x)`` (``x**lo = 1 + lo log x`` to the last
    bit, ``lo`` being a rounding error) where ``x`` is positive and finite and ``p`` finite; ``p`` elsewhere (0,
    negative ``x`` with an integer exponent, an infinite power)."""
    if _negligible(x, lo):
        return p
    with np.errstate(invalid="ignore"):
        if np.asarray(x).dtype.kind == "c":  # (complex128 x, nonzero and finite: x**lo = exp(lo Log x), the branch's own)
            ok = np.isfinite(x) & (x != 0) & np.isfinite(p)
        else:
            ok = (x > 0.0) & (x < math.inf) & (np.abs(p) < math.inf)
    if np.all(ok):
        return p + p * (lo * np.log(x))
    with np.errstate(invalid="ignore", divide="ignore"):
        return (p + np.where(ok, p * (lo * np.log(np.where(ok, x, 1.0))), 0.0))[()]


def _negligible(x, lo):
    """Whether ``x ** lo`` is 1 to within half an ulp of x's float dtype at every point of the plain ``x`` (lo 0, x
    complex64, or |lo log x| <= 2^-53 for positive finite float64 x: x**(1/3) from 0.14 to 7.3; 2^-24 for float32,
    whose lo is float32's error of y - 1; complex128 x by |log x| <= |log |x|| + pi), so that x**d alone is within 2
    ulp: the correction's log then costs nothing on common data."""
    if not np.any(lo):
        return True
    x = np.asarray(x)
    if (x.dtype.kind != "f" and x.dtype != np.complex128) or not x.size:
        return True
    turn = 0.0
    if x.dtype.kind == "c":
        x, turn = np.abs(x), math.pi
    low, high = float(x.min()), float(x.max())
    half = 2.0 ** -(np.finfo(x.dtype).nmant + 1)
    return (0.0 < low and high < math.inf
            and float(np.max(np.abs(lo))) * (max(-math.log(low), math.log(high)) + turn) <= half)


def _power_lo_value(x, d, lo):
    with np.errstate(over="ignore"):  # (see _power_lo)
        p = _with_low_exponent(x, np.power(x, d), lo)
    xa = np.asarray(x)
    if xa.dtype != np.complex128 or _negligible(xa, lo):
        return p
    # (a complex128 x: by its modulus and phase, _complex_power, off the branch cut, at non-integer exponents)
    xa, da, la = np.broadcast_arrays(xa, np.asarray(d, dtype=float), np.asarray(lo, dtype=float))
    with np.errstate(invalid="ignore"):
        use = np.isfinite(xa) & (xa != 0) & ~((xa.imag == 0) & (xa.real < 0)) & np.isfinite(da) & (
            (np.fmod(da, 1.0) != 0) | (la != 0))
    if not np.any(use):
        return p
    return np.where(use, _complex_power(np.where(use, xa, 1.0 + 0j), np.where(use, da, 0.5), np.where(use, la, 0.0), 1.0),
                    p)[()]


#: ``x ** (d + lo)`` for a positive float64 x, ``lo`` the rounding error of the exponent ``d`` (internal: see
#: power_less). Its derivative in x, (d + lo) x**(d - 1 + lo), carries d - 1's own rounding error on in lo,
#: so that second derivatives are exact too; in d, x**(d + lo) log x.
power_lo = OwnPrimitive(_power_lo_value, name="wengert.power_lo", reenters="any")


def _dpower_lo_dx(x, d, lo):
    if type(d) is Var or type(d) is Dual:
        d1, e1 = d - 1.0, _less_one(plain_value(d))[1]
    else:
        d1, e1 = _less_one(d)
    return (d + lo) * _power_lo(x, d1, e1 + lo)


def _dpower_lo_dd(x, d, lo):
    return power_log(x, d, 1, _power_lo_value(plain_value(x), plain_value(d), lo))


def_partials(power_lo, _dpower_lo_dx, _dpower_lo_dd)


def _power_lo(x, d, lo):
    """``x ** (d + lo)``: :data:`power_lo` where it adds ``lo`` (a float64 x, positive and finite at every point
    where x or d is traced, so that np.power's conventions at 0 and below are not needed), np.power(x, d) elsewhere."""
    xp = plain_value(x)
    # (an overflow is the rule's own infinity, no warning: x**(y - 1) where y x**(y - 1) overflows too, the cases a
    # factor brings back into range being _power_far's; grad of sum(v ** -0.7) by jacrev at v = [1e-300, 1] warned)
    with np.errstate(over="ignore"):
        if _negligible(xp, lo):
            return np.power(x, d)
        if type(x) is not Var and type(x) is not Dual and type(d) is not Var and type(d) is not Dual:
            return _power_lo_value(x, d, lo)
        with np.errstate(invalid="ignore"):
            if np.asarray(xp).dtype.kind == "c":
                # (a complex128 x, nonzero and finite, at a constant d: x**(d + lo) = x**d exp(lo Log x) on NumPy's
                # branch; d/dx of real((a + bi) ** (1/3)) twice at |x| = 1e-100 was 58 ulp off, y - 2's error times
                # log |x| in the second power)
                if type(d) is not Var and type(d) is not Dual and np.all(np.isfinite(xp) & (xp != 0)):
                    return power_lo(x, d, lo)
            elif np.all((xp > 0.0) & (xp < math.inf)):
                return power_lo(x, d, lo)
        return np.power(x, d)


def power_less(x, y, k=1.0, one=None):
    """``x ** (y - k)`` (``x ** 1`` where ``one``), with ``y - k``'s rounding error added back (a real ``y``; internal:
    np.power's rule, scipy.special.boxcox's): x**(y-1) multiplies the exponent's error by log x, so that d/dx
    q**(1/3) at q = 1e-300 (1/3 - 1 loses its last bit) was 3.8e-14 off. Exact exponents (integers, halves: x**2,
    x**3) keep the one power as before.

    >>> float(power_less(1e-300, 1.0 / 3.0)) / float(np.power(1e-300, 1.0 / 3.0 - 1.0))  # (x**(y-1)'s 3.8e-14)
    0.9999999999999616
    """
    if is_complex(y):
        d, lo = y - k, 0.0
    elif type(y) is Var or type(y) is Dual:
        d, lo = y - k, _less_one(plain_value(y), k)[1]  # (a traced y: its error at the value, a constant)
    else:
        d, lo = _less_one(y, k)
    if one is not None:
        d, lo = np.where(one, 1.0, d), np.where(one, 0.0, lo)
    factor = _negative_base(plain_value(x), lo)
    return _power_lo(x, d, lo) if factor is None else _power_lo(x + 0.0, d, lo) * factor


def _scaled_power_value(x, e, c, g, h=1.0, lo=0.0):
    # c g h x^e from the mantissas and the exponents apart: x = m 2^k, x^e = m^e 2^(k e), k e = n + f split exactly
    # (e = e_hi + e_lo, e_hi of 26 bits: k e_hi exact), so that it overflows or underflows only in its last step (ldexp)
    x, e, c, g, h, lo = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, e, c, g, h, lo)))
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        power = _with_low_exponent(x, np.power(x, e), lo)
        steps = [power, c * power]
        steps += [steps[-1] * g]
        direct = steps[-1] * h  # (g * (y * x**(y - 1)) at h = 1, as _times_partial's, to the bit)
        normal = functools.reduce(np.logical_and, [(np.abs(v) >= _TINY) & (np.abs(v) < np.inf) for v in steps + [direct]])
        if np.all(normal | np.isnan(power) | np.isnan(c) | np.isnan(g) | np.isnan(h)):
            return direct[()]
        # (c's too: a subnormal c, y = 1e-310 in y x**(y - 1), lost its bits in the product, 222 ulp at x = 5e-324)
        (m, k), (mc, kc), (mg, kg), (mh, kh) = np.frexp(x), np.frexp(c), np.frexp(g), np.frexp(h)
        e_hi = veltkamp_split(e)[0]
        n = np.rint(k * e_hi)
        f = (k * e_hi - n) + k * (e - e_hi) + np.where(lo != 0, lo * np.log2(np.where(x > 0, x, 1.0)), 0.0)
        split = np.abs(n) < 2.0 ** 62  # (k e beyond int64, |e| > 1e18: x^e is 0, 1 or inf)
        scaled = np.ldexp(mc * mg * mh * np.power(m, e) * np.exp2(f), (kc + kg + kh + np.where(split, n, 0)).astype(np.int64))
        # (x = 0, infinite or NaN, or an infinite factor: x^e's own; a zero factor beside them: 0, as times_tangent)
        plain = ~np.isfinite(x) | (x == 0) | ~np.isfinite(g) | ~np.isfinite(h)
        # (where the split fails, x^e itself beyond any factor's reach, 0 where it vanishes: d2/dx2 of x ** 1e300,
        # y (y - 1) x^(y - 2), met c = y (y - 1) = inf with m^e = 0, NaN at x = 0.5 for 0 and at x = 1 for inf; at
        # (2, -1e300) and (1 + 2^-52, 1e200) k e overflowed int64: NaN for 0, 0 for inf)
        vanished = (power == 0) & ~np.isnan(c) & ~np.isnan(g) & ~np.isnan(h)
        scaled = np.where(split & ~np.isnan(scaled), scaled, np.where(vanished, 0.0, direct))
        scaled = _wide_power(x, e, lo, m, e_hi, (mc, mg, mh), kc + kg + kh, (c, g, h), scaled)
        out = np.where(plain, direct, np.where(normal, direct, scaled))
        zero = ((g == 0) | (h == 0)) & ~np.isnan(x) & ~np.isnan(c) & ~np.isnan(power)  # (a NaN partial stays NaN)
        out = np.where(zero, 0.0, out)
        if np.any((out == 0) & ~zero & (c != 0) & (x != 0) & np.isfinite(x)):  # (nonzero factors below 2^-1074, unseen by NumPy here)
            underflowed()
        return out[()]


def _wide_power(x, e, lo, m, e_hi, mantissas, exponent, factors, scaled):
    """scaled_power's value where its mantissa's power ``m^e`` leaves the range (|e| beyond ~1000, or x near 1 split
    as 0.5 2^1 at a huge e): ``x^(e + lo) = 2^j exp(r)`` from ``(e + lo) log x`` in double-double (log_dd), ``j`` its
    nearest multiple of log 2, ``r`` the rest, times the factors' mantissas, 2^j with their exponents in one ldexp;
    ``scaled`` elsewhere; beyond every factor's reach its limit, 0 or inf. Through ``m^e`` the product was 0 or inf
    for a normal number: 1e300 0.5^1100 (7.4e-32) was 0, so grad of sum(1e300 v ** 1100) at [0.5] was 0.0 for
    1.6e-28; at (2, -1100.5) -inf for -2.9e-29; 1e-300 1e13 (1 + 1e-10)^(1e13 - 1) 0.0 for 2.0e147; x^e at (5e190,
    -10629) inf for 0."""
    with np.errstate(all="ignore"):
        mine = np.power(m, e)
        # (a negative x at an integer e + lo: |x|^e signed as (-1)^e; 1e300 (-0.5)^1100 was 0 here, 1e300 (-0.5)^1101
        # too, for 8.1e-29)
        whole = (x < 0) & (np.fmod(e, 1.0) == 0) & (lo == 0)
        wide = (~((np.abs(mine) >= _TINY) & (np.abs(mine) < np.inf)) & ((x > 0) | whole) & (np.abs(x) < np.inf)
                & np.isfinite(e) & (e_hi == e_hi) & functools.reduce(np.logical_and, [np.isfinite(v) for v in factors]))
        if not np.any(wide):
            return scaled
        log_x = log_dd(np.where(wide, np.abs(x), 1.0))
        t = dd_mul((np.where(wide, e, 0.0), np.where(wide, lo, 0.0)), log_x)
        inside = wide & (np.abs(t[0]) < 7e5)
        j = np.rint(np.where(inside, t[0], 0.0) / math.log(2.0))
        j_ln2 = dd_add(dd_add((j * _LN2_HI, 0.0), two_product(j, _LN2_LO)), (j * _LN2_LO2, 0.0))
        r = dd_add(t, (-j_ln2[0], -j_ln2[1]))
        w = np.exp(r[0])
        product = functools.reduce(operator.mul, mantissas) * np.where(whole & (np.fmod(e, 2.0) != 0), -1.0, 1.0)
        far = np.ldexp(product * (w + w * r[1]), (exponent + j).astype(np.int64))
        # (beyond, every factor within 2^+-1074: 0 or inf by the sign of (e + lo) log x, signed as c g h; the split's
        # m^e overflowed where 2^(k e) did not, inf at x = 5e190, e = -10629 for 0)
        beyond = wide & ~inside & (product != 0)
        limit = np.where(t[0] > 0, np.inf, 0.0) * np.sign(product)
        return np.where(inside, far, np.where(beyond, limit, scaled))


_TINY = float(np.finfo(float).tiny)

#: ``c g h x^(e + lo)`` for a real x and a constant exponent e, ``lo`` the rounding error of e (internal: see
#: power_less): np.power's derivative in its base with the
#: cotangent or tangent g (and h, at second order) inside one rounding, so that a huge tangent meets a tiny power
#: where the product is a normal number: through g * (y * x**(y - 1)) d2/dx2 of x**-0.5 at x = 1e200 scale was
#: x**-2.5 = 0 times 1e400 (the truth 7.5e-101 at p = 1 of (1e200 p)**-0.5), at 1e-200 an overflow. Its derivatives
#: are such products again, each with its tangent as a factor (in x: e - 1, c e).
scaled_power = OwnPrimitive(_scaled_power_value, name="wengert.scaled_power", reenters="any")


def _scaled_power_terms(x, e, c, g, h, tangents, lo=0.0):
    # the tangents of x, e, c, g, h in turn (None: none), each term such a product again. A traced e or c (np.power's
    # rule at a traced exponent y: e = y - 1, c = y) needs x > 0 where e is traced (its term has log x)
    terms = []
    one_h = isinstance(h, float) and h == 1.0
    for i, t in enumerate(tangents):
        if t is None:
            continue
        if i == 0:
            # (in x: (e + lo) x^(e + lo - 1), the exponent's new rounding error carried on in lo; a traced e's at
            # its value, a constant, as power_less's)
            if type(e) is Var or type(e) is Dual:
                d, e_lo = e - 1.0, _less_one(plain_value(e))[1]
            else:
                d, e_lo = _less_one(e)
            terms.append(scaled_power(x, d, c * e + c * lo, *((g, t) if one_h else (g * h, t)), e_lo + lo))
        elif i == 1:  # (in e: c g h x^(e + lo) log x)
            terms.append(scaled_power(x, e, c * np.log(x), *((g, t) if one_h else (g * h, t)), lo))
        elif i == 2:  # (in c: g h x^(e + lo), the tangent in c's place)
            terms.append(scaled_power(x, e, t, g, h, lo))
        else:
            terms.append(scaled_power(x, e, c, *((t, h) if i == 3 else (g, t)), lo))
    return terms


defvjp(scaled_power, *[(lambda i: None if i == 5 else lambda ans, x, e, c, g, h=1.0, lo=0.0: lambda k: unbroadcast(
    _scaled_power_terms(x, e, c, g, h, [k if j == i else None for j in range(5)], lo)[0],
    shape_of((x, e, c, g, h)[i])))(i) for i in range(6)])


#: e^x is below the normal range from here down (log of the smallest normal float64)
_LOG_TINY = -708.3964185322641
#: below this, g e^x is 0 for every finite g (|g| < 2^1024, e^x < 2^-2100)
_EXP_GONE = -1500.0


def _scaled_exp_value(x, g, h=1.0, two=False):
    # g h e^x (2^x given two) for a real x, with the power not formed alone where it is below the normal range: x =
    # n log 2 + r (n an integer, |r| <= 0.35, fdlibm's two-part log 2: n _LN2_HI exact; 2^x's x = n + r exactly, n its
    # nearest integer), g and h as mantissas and exponents, one ldexp at the end (through e^x = 0 or a subnormal the
    # product was 0 or lost bits where it is a normal number: grad of 1e300 * exp(x) at -744 was 9.88e-24 for
    # 7.67e-24; of sum(1e300 * np.exp2(x)) at [-1100] 0 for 5.1e-32). g * power * h elsewhere, the plain rule's bits.
    x, g, h = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, g, h)))
    tiny, gone = (-1022.0, -2200.0) if two else (_LOG_TINY, _EXP_GONE)
    with np.errstate(all="ignore"):
        direct = g * (np.exp2(x) if two else np.exp(x)) * h
        far = (x < tiny) & (x > gone) & np.isfinite(g) & np.isfinite(h) & (g != 0) & (h != 0)
        if not np.any(far):
            return direct[()]
        xf = np.where(far, x, 0.0)
        if two:
            n = np.rint(xf)
            power = np.exp2(xf - n)
        else:
            n = np.rint(xf / math.log(2.0))
            power = np.exp((xf - n * _LN2_HI) - n * _LN2_LO)  # (xf - n _LN2_HI exact: Sterbenz)
        (mg, kg), (mh, kh) = np.frexp(np.where(far, g, 1.0)), np.frexp(np.where(far, h, 1.0))
        scaled = np.ldexp(mg * mh * power, (n.astype(np.int64) + kg + kh))
        out = np.where(far, scaled, direct)
        if np.any(out == 0) and np.any(far & (out == 0)):
            underflowed()
        return out[()]


def _far_exp_entries(x, tiny=_LOG_TINY, gone=_EXP_GONE, mirrored=False):
    """Where e^x is below the normal range while ``g e^x`` may not be (x in (-1500, log(2^-1022)); 2^x's with ``tiny``
    -1022, ``gone`` -2200; ``mirrored``: where e^-|x| is, tanh's and logistic's e^(-c|x|) with ``tiny`` and ``gone``
    divided by c): None where no entry of x is (float64 only: one pass in C on a plain contiguous array, see at_least
    and within; a plain array is asked before plain_value's call: np.exp's keep_x_if at every staging). Comparisons
    into two boolean arrays, not |x|: no float array of x's size (logistic's pullback makes none but its result: see
    _logistic_partial)."""
    xp = x if type(x) is np.ndarray else plain_value(x)
    if within(xp, -tiny) if mirrored else at_least(xp, tiny):
        return None
    xs = np.asarray(xp)
    if xs.dtype != np.float64 or not xs.size:
        return None
    far, side = np.empty(xs.shape, bool), np.empty(xs.shape, bool)
    np.less(xs, tiny, out=far)
    if mirrored:
        far |= np.greater(xs, -tiny, out=side)
        far &= np.less(xs, -gone, out=side)
    far &= np.greater(xs, gone, out=side)
    return far if far.any() else None


def exp_times(g, ans, x, rule):
    """``g e^x`` (np.exp's and np.expm1's rule: ``rule(g, ans, x)`` the product as it forms it elsewhere), formed
    as :data:`scaled_exp` where ``e^x`` is below the normal range at a float64 x (internal; np.exp keeps its x for
    the rule only there, _keeps_far_exp); at a complex x as :data:`complex_times` (expm1's: ``g (inf + inf j)`` was NaN
    at 800 + 1j; np.exp's row forms ``complex_times(g, ans)`` itself)."""
    if x is None or _far_exp_entries(x) is None:
        if x is not None and (type(x) is not np.ndarray or x.dtype.kind == "c") and is_complex(x):
            return complex_times(g, np.exp(x))
        return rule(g, ans, x)
    return scaled_exp(x, g)


def _keeps_far_exp(x, y):
    # np.exp's rule reads x where e^x is below the normal range (exp_times); elsewhere only its result. At every
    # call's staging (a jit replay's too): a plain float64 array answered by at_least's C pass alone
    return _far_exp_entries(x) is not None


def _exp2_rule(g, ans, x):
    # np.exp2's: g 2^x log 2, as scaled_exp2 where 2^x is below the normal range (its x kept there only)
    if x is None or _far_exp_entries(x, -1022.0, -2200.0) is None:
        return g * ans * np.log(2.0)
    return scaled_exp2(x, g * math.log(2.0))


def _keeps_far_exp2(x, y):
    # np.exp2's rule reads x where 2^x is below the normal range (_exp2_rule)
    return _far_exp_entries(x, -1022.0, -2200.0) is not None


def _scaled_exp_primitive(name, two):
    # scaled_exp and scaled_exp2: _scaled_exp_value's primitive of that base, its derivatives such products again (in
    # x itself with the tangent as a factor, times log 2 for 2^x; in g and h the others with the tangent)
    def value(x, g, h=1.0):
        return _scaled_exp_value(x, g, h, two)
    primitive = OwnPrimitive(value, name=name, reenters="any")

    def in_x(ans, x, g, h=1.0):
        gh = g if isinstance(h, float) and h == 1.0 else g * h
        return lambda k: unbroadcast(primitive(x, gh * math.log(2.0) if two else gh, k), shape_of(x))
    defvjp(primitive, in_x,
           lambda ans, x, g, h=1.0: lambda k: unbroadcast(primitive(x, k, h), shape_of(g)),
           lambda ans, x, g, h=1.0: lambda k: unbroadcast(primitive(x, g, k), shape_of(h)))
    return primitive


#: ``g h e^x`` for a real x (internal: np.exp's and np.expm1's rule where e^x is below the normal range, see
#: exp_times): e^x's mantissa and exponent apart, so that a huge cotangent or tangent meets a tiny e^x where the
#: product is a normal number. Its derivatives are such products again: in x itself with the tangent as a factor,
#: in g and h the others with the tangent.
scaled_exp = _scaled_exp_primitive("wengert.scaled_exp", False)
#: ``g h 2^x`` for a real x (internal: np.exp2's rule where 2^x is below the normal range), as scaled_exp
scaled_exp2 = _scaled_exp_primitive("wengert.scaled_exp2", True)


def _power_poly_value(x, y, g, h, k, terms):
    # g h x^(y - k) Q(y, log x), Q = sum of a log(x)^j prod_s (y - s) over the terms (a, j, ss): scaled_power's product
    # with the factor Q, y - k's rounding error carried on in its lo; at an infinite y its limit along the floats
    # (_power_poly_at_infinity)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    infinite = np.isinf(y)
    if np.any(infinite):
        x, y, g, h = np.broadcast_arrays(x, y, np.asarray(g, dtype=float), np.asarray(h, dtype=float))
        with np.errstate(invalid="ignore"):
            limit = np.where((g == 0) | (h == 0), 0.0, g * h * _power_poly_at_infinity(x, y, k, terms))
        finite = _power_poly_value(np.where(infinite, 1.0, x), np.where(infinite, 2.0, y), g, h, k, terms)
        return np.where(infinite, limit, finite)[()]
    d, lo = _less_one(y, float(k))
    return _scaled_power_value(x, d, _poly_of_log(x, y, terms), g, h, lo)


def _power_poly_at_infinity(x, y, k, terms):
    """The limit of ``x^(y - k) Q(y, log x)`` as y -> +-inf along the floats (all even integers from 2^53 on, as
    np.power(x, +-inf) = |x|**(+-inf)): 0 where |x|**y vanishes, Q's own limit at |x| = 1 (the polynomial in y at
    log x = 0: 1 + y log x -> 1, y (y - 1) -> inf), else the infinity of Q's leading term in y; x**(y - k) signed as
    x**-k, and NaN at x < 0 where Q has log x (a derivative in y there is NaN at every finite y, log of a negative
    number). The mixed entries of the Hessian of x ** y at (0.5, inf) and (1, +-inf) were NaN (inf * 0 in
    x**(y - 1) + y x**(y - 1) log x), the limits 0 and 1.

    >>> float(_power_poly_at_infinity(np.array(1.0), np.array(np.inf), 1, ((1.0, 0, ()), (1.0, 1, (0.0,)))))
    1.0
    """
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        ax = np.abs(x)
        log_x = np.where(x < 0, np.nan, np.log(ax))
        coefficients = {}
        for a, j, ss in terms:
            c = a * log_x ** j if j else np.full(np.shape(x), float(a))
            expanded = [1.0]  # (prod_s (y - s)'s coefficients, lowest degree first)
            for v in ss:
                expanded = [(expanded[i - 1] if i else 0.0) - (expanded[i] * v if i < len(expanded) else 0.0)
                            for i in range(len(expanded) + 1)]
            for degree, b in enumerate(expanded):
                coefficients[degree] = coefficients.get(degree, 0.0) + c * b
        lead, power, found = np.zeros(np.shape(x)), np.zeros(np.shape(x)), np.zeros(np.shape(x), dtype=bool)
        for degree in sorted(coefficients, reverse=True):
            c = coefficients[degree]
            take = ~found & (c != 0)  # (NaN too)
            lead, power, found = np.where(take, c, lead), np.where(take, degree, power), found | take
        undefined = functools.reduce(np.logical_or, [np.isnan(c) for c in coefficients.values()])
        sign_y = np.where(y > 0, 1.0, -1.0)
        infinite = np.sign(lead) * sign_y ** power * np.inf
        unit = np.where(power == 0, lead, infinite)
        grows = (ax > 1.0) == (y > 0)
        out = np.where(ax == 1.0, unit, np.where(grows, infinite, 0.0))
        out = np.where(found, out, 0.0)
        out = np.where((x < 0) & (float(k) % 2.0 == 1.0), -out, out)
        return np.where(undefined | np.isnan(x), np.nan, out)


def _poly_of_log(x, y, terms):
    # Q(y, log x) in double-double (log x too, log_dd; y - s by two-sum, products by Dekker's split), rounded once: a
    # sum of terms that cancel (2 + y log x at x = 0.5, y = 3, 26 times smaller than y log x) kept its terms' roundings,
    # 25 ulp off; the plain sum where that is not finite (|y| or |log x| beyond 2^996, where the split overflows). One
    # point (the second-order pass's usual call) in Python floats, the same operations: NumPy's per-call cost was most
    # of a 0-d second derivative's time here
    shape = np.broadcast_shapes(np.shape(x), np.shape(y))
    one = np.size(x) == 1 and np.size(y) == 1
    log_x_dd = log_dd(float(np.reshape(x, ())) if one else x) if any(j for _, j, _ in terms) else None
    yy = float(np.reshape(y, ())) if one else y
    with np.errstate(all="ignore"):
        q = (0.0, 0.0)
        for a, j, ss in terms:
            term = (float(a), 0.0) if one else (np.full(np.shape(x), float(a)), 0.0)
            for _ in range(j):
                term = dd_mul(term, log_x_dd)
            for v in ss:
                term = dd_mul(term, two_sum(yy, -float(v)))
            q = dd_add(q, term)
        out = np.full(shape, q[0] + q[1]) if one else np.broadcast_to(q[0] + q[1], shape)
        finite = np.isfinite(out)
        if not finite.all():
            log_x = np.log(x)
            plain = sum(functools.reduce(operator.mul, [y - s for s in ss], a * log_x ** j) for a, j, ss in terms)
            out = np.where(finite, out, plain)
        return np.array(out)[()]


def two_sum(a, b):
    """``(s, e)`` with ``s + e = a + b`` exactly, ``s`` its rounded value (Knuth; internal: double-double arithmetic,
    scipy.special.inv_boxcox's too).

    >>> two_sum(1.0, 2.0 ** -60)
    (1.0, 8.673617379884035e-19)
    """
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def dd_normal(s, t):
    """The double-double ``s + t`` renormalized: ``(u, v)``, ``u = fl(s + t)`` (|t| below |s|'s last bits).

    >>> dd_normal(1.0, 2.0 ** -52 + 2.0 ** -60)
    (1.0000000000000002, 8.673617379884035e-19)
    """
    u = s + t
    return u, t - (u - s)


def veltkamp_split(a):
    """``(hi, lo)`` with ``hi + lo = a`` exactly, each of at most 26 significant bits (Veltkamp's split, |a| below
    2^996; internal: Dekker's products, scaled_power's exact exponent products).

    >>> veltkamp_split(1.0 + 2.0 ** -40)
    (1.0, 9.094947017729282e-13)
    """
    c = 134217729.0 * a
    hi = c - (c - a)
    return hi, a - hi


def two_product(a, b):
    """``(p, e)`` with ``p + e = a b`` exactly, ``p`` its rounded value (Dekker's split into 26-bit halves; |a|, |b|
    below 2^996).

    >>> two_product(1.0 + 2.0 ** -30, 1.0 + 2.0 ** -30)
    (1.0000000018626451, 8.673617379884035e-19)
    """
    p = a * b
    (ah, al), (bh, bl) = veltkamp_split(a), veltkamp_split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def dd_mul(a, b):
    """The product of the double-doubles ``a`` and ``b`` (pairs), to about 2^-104.

    >>> dd_mul((3.0, 0.0), (1.0 / 3.0, 1.850371707708594e-17))
    (1.0, 0.0)
    """
    p, e = two_product(a[0], b[0])
    return dd_normal(p, e + (a[0] * b[1] + a[1] * b[0]))


def dd_add(a, b):
    """The sum of the double-doubles ``a`` and ``b`` (pairs).

    >>> dd_add((1.0, 0.0), (2.0 ** -60, 0.0))
    (1.0, 8.673617379884035e-19)
    """
    s, e = two_sum(a[0], b[0])
    return dd_normal(s, e + (a[1] + b[1]))


#: ln 2 in three parts, the first with its last 21 bits 0 (fdlibm's ln2_hi, ln2_lo; the third ln 2 - ln2_hi - ln2_lo
#: from mpmath, 60 digits)
_LN2_HI, _LN2_LO, _LN2_LO2 = 6.93147180369123816490e-01, 1.90821492927058770002e-10, 1.1612227229362532e-26


def _recip_dd(n):
    # 1 / n as a double-double (an odd integer n)
    hi = 1.0 / n
    p, e = two_product(hi, float(n))
    return hi, ((1.0 - p) - e) / n


#: 1 / (2k + 1), k = 0 .. 23, as double-doubles: atanh's series
_ATANH_SERIES = [_recip_dd(2 * k + 1) for k in range(24)]


def log_dd(x):
    """``log x`` as a double-double ``(hi, lo)`` (about 3e-32 relative) for a positive finite float64 x (NaN elsewhere;
    internal: power_poly's log x, scipy.special.inv_boxcox's log(1 + lmbda y)):
    ``e ln 2`` in three parts, ``log c`` from a table (c = j / 128 nearest x's mantissa m in [1/sqrt 2, sqrt 2)) and
    ``log(m / c) = 2 atanh((m - c) / (m + c))`` (_atanh_log). np.log(m), rounded to float64 (~3e-17 absolute), lost
    all of 1 + y log x where it cancels: d3/dx2 dy of power_log (x**y log x) at (0.36787944117144233, 1),
    x**-1 (2 + 2 log x) = -6.37e-16, was -7.30e-16.

    >>> hi, lo = log_dd(np.array(0.36787944117144233)); float(hi), f"{float(lo):.6g}"  # (1 + log x = 3.378486e-17)
    (-1.0, '3.37849e-17')
    """
    if type(x) is float:  # (one point in Python floats: the same operations, ~10 times faster than on a 0-d array)
        if not 0.0 < x < math.inf:
            return math.nan, 0.0
        m, e = math.frexp(x)
        if m < 0.7071067811865476:
            m, e = 2.0 * m, e - 1
        e = float(e)
        j = round(m * 128.0)
        table = _log_table_floats()
        log_c = table[j - 90]
    else:
        x = np.asarray(x, dtype=float)
        with np.errstate(all="ignore"):
            valid = (x > 0) & (x < math.inf)
            m, e = np.frexp(np.where(valid, x, 1.0))
            below = m < 0.7071067811865476
            m, e = np.where(below, 2.0 * m, m), np.where(below, e - 1, e).astype(float)
            j = np.rint(m * 128.0)
            table = _log_table()
            log_c = table[0][j.astype(np.intp) - 90], table[1][j.astype(np.intp) - 90]
    with np.errstate(all="ignore"):
        ln2_e = dd_add((e * _LN2_HI, 0.0), two_product(e, _LN2_LO))  # (e * _LN2_HI exact: its last 21 bits are 0)
        out = dd_add(dd_add(dd_add(ln2_e, (e * _LN2_LO2, 0.0)), log_c), _atanh_log(m, j / 128.0))
        if type(x) is float:
            return out
        return np.where(valid, out[0], np.nan), np.where(valid, out[1], 0.0)


def _atanh_log(m, c):
    # log(m / c) = 2 atanh(s), s = (m - c) / (m + c), in double-double for m / c in [1/2, 2] (m - c exact), atanh's
    # series by Horner to t^n / (2n + 1) below 2^-110 of its first term (t = s^2 <= 0.0304: 22 terms at most; 7 for
    # the table's |m - c| <= 1/256)
    u = m - c
    v = two_sum(m, c)
    s_hi = u / v[0]
    p, pe = two_product(s_hi, v[0])
    s = dd_normal(s_hi, (((u - p) - pe) - s_hi * v[1]) / v[0])
    t = dd_mul(s, s)
    t_max = t[0] if type(t[0]) is float else float(np.max(t[0])) if np.size(t[0]) else 0.0
    n = 1 if t_max == 0.0 else min(len(_ATANH_SERIES) - 1, max(1, math.ceil(-110.0 / math.log2(t_max))))
    series = _ATANH_SERIES[n]
    for k in range(n - 1, -1, -1):
        series = dd_add(_ATANH_SERIES[k], dd_mul(t, series))
    return dd_mul(dd_mul(s, series), (2.0, 0.0))


@functools.lru_cache(maxsize=None)
def _log_table():
    # log(j / 128), j = 90 .. 182, as double-doubles (hi, lo): log_dd's table, made on first use
    return _atanh_log(np.arange(90.0, 183.0) / 128.0, 1.0)


@functools.lru_cache(maxsize=None)
def _log_table_floats():
    # _log_table's entries as pairs of Python floats (log_dd at one point)
    hi, lo = _log_table()
    return [(float(h), float(v)) for h, v in zip(hi, lo)]


#: ``g h x^(y - k) Q(y, log x)`` for a float64 x > 0 (internal: np.power's rule in its base at a traced exponent y
#: where x**(y - 1) or x**(y - 2) is far: dpower_dx), Q a polynomial given as ``terms``, each ``(a, j, ss)``:
#: ``a log(x)^j prod_s (y - s)``. Its derivatives are one such product each (in y: Q log x + dQ/dy; in x, with
#: k + 1: (y - k) Q + dQ/dlog x), where scaled_power's in its exponent and in its factor were two, each beyond the
#: largest float where their sum is not: the Hessian's mixed entry of a ** b at (1e-320, 1e-3), x**(y - 1)
#: (1 + y log x) = 1.26e319 (an overflow, +inf), was inf - inf = NaN.
power_poly = OwnPrimitive(_power_poly_value, name="wengert.power_poly", reenters="any")


#: power_poly's terms of y x**(y - 1)
_Y_TIMES = ((1.0, 0, (0.0,)),)


def _traced_exponent_poly(x, y):
    """Whether np.power's rule in its base takes :data:`power_poly` at a traced real y (a float64 x, positive and
    finite throughout: its derivative in y has log x), so that y x**(y - 1) and its derivatives in y are each one
    product (y * power_less's derivative in y, x**(y - 1) + y x**(y - 1) log x, was inf - inf = NaN at x = 1e-320,
    y = 1e-3, where x**(y - 1) (1 + y log x) is +inf)."""
    if (type(y) is not Var and type(y) is not Dual) or is_complex(y) or np.asarray(plain_value(y)).dtype.kind not in "fiu":
        return False
    return _positive_float64(x)


def _positive_float64(x):
    # whether x is a real float64, positive and finite throughout (plain values), not empty
    xp = np.asarray(plain_value(x))
    if xp.dtype != np.float64 or not xp.size:
        return False
    with np.errstate(invalid="ignore"):
        return bool(np.all((xp > 0.0) & (xp < math.inf)))


def _merged(terms):
    # the terms with equal (j, ss) added (the factors' order sorted)
    out = {}
    for a, j, ss in terms:
        key = (j, tuple(sorted(ss)))
        out[key] = out.get(key, 0) + a
    return tuple((a, j, ss) for (j, ss), a in out.items() if a != 0)


def _power_poly_terms(x, y, g, h, k, terms, i, t):
    # power_poly's derivative in its argument i (x, y, g, h) times the tangent t
    one_h = isinstance(h, float) and h == 1.0
    gh = (g, t) if one_h else (g * h, t)
    if i == 0:  # (x^(y - k - 1) ((y - k) Q + dQ/dlog x))
        dx = [(a, j, ss + (float(k),)) for a, j, ss in terms] + [(a * j, j - 1, ss) for a, j, ss in terms if j]
        return power_poly(x, y, *gh, k + 1, _merged(dx))
    if i == 1:  # (x^(y - k) (Q log x + dQ/dy))
        dy = [(a, j + 1, ss) for a, j, ss in terms] + [
            (a, j, ss[:n] + ss[n + 1:]) for a, j, ss in terms for n in range(len(ss))]
        return power_poly(x, y, *gh, k, _merged(dy))
    return power_poly(x, y, *((t, h) if i == 2 else (g, t)), k, terms)


defvjp(power_poly, *[(lambda i: lambda ans, x, y, g, h, k, terms: lambda t: unbroadcast(
    _power_poly_terms(x, y, g, h, k, terms, i, t), shape_of((x, y, g, h)[i])))(i) for i in range(4)], None, None)


def dpower_dx(g, ans, x, y):
    """``g * y * x**(y - 1)``: np.power's rule in its base (internal: scipy.special.powm1's
    too), refusing to be differentiated in ``y`` at ``x = 0, y = 1``.

    >>> float(dpower_dx(1.0, None, 2.0, 3.0))
    12.0
    """
    # y * x ** (y - 1), unmasked wherever it is finite, so that its own derivatives are
    # exact too (d/dy at y = 0 is 1/x: a mask on y == 0 made it 0 and the Hessian
    # asymmetric). Only at y = 0 where 1 / x overflows (x = 0, and subnormal x: 1e-320), where
    # it is 0 * inf, the exponent becomes 1: the value there is 0 (at x = 0 the convention
    # for 0 ** 0; grad of x ** 0.0 at 1e-320 was NaN), and its derivatives are finite.
    # np.power, not **: on Python floats ** is Python's (0.0 ** -0.5 raises, (-1.0) ** 0.5 is
    # complex), where NumPy's power, whose derivative this is, gives inf and nan (fwd3).
    narrow = _narrow_power(g, x, y)
    if narrow is not None:
        # (in float64, rounded once to float32 / float16: see _narrow_power; the result's zeros reported again, the
        # cast being a new array)
        out = dpower_dx(g, ans, _widened(x, narrow), _widened(y, narrow))
        narrow = np.result_type(getattr(plain_value(g), "dtype", narrow), narrow)
        if type(out) is Var or type(out) is Dual:
            return out.astype(narrow)
        return vanishing(np.asarray(out).astype(narrow)[()], g, live_zeros(g))
    if _infinite_somewhere(y):
        return _dpower_dx_at_infinity(g, ans, x, y)
    x_zero = x == 0  # plain values, also on outer tapes
    y_zero = y == 0
    # (_times_partial: a zero g adds nothing where the partial overflows or is undefined:
    # d/dt along y only at x = 1e-320, y = 0.01 was 0 * inf = NaN, the truth -7.4e-3)
    if not np.any(y_zero):
        if _power_far(g, x, y):
            if type(y) is Var or type(y) is Dual:  # (x > 0: see _power_far; y x**(y - 1) as one product in y too)
                return power_poly(x, y, g, 1.0, 1, _Y_TIMES)
            d, lo = _less_one(y)
            factor = _negative_base(plain_value(x), lo)
            out = (scaled_power(x, d, y, g, 1.0, lo) if factor is None
                   else scaled_power(x + 0.0, d, y * factor, g, 1.0, lo))
        else:
            partial = power_poly(x, y, 1.0, 1.0, 1, _Y_TIMES) if _traced_exponent_poly(x, y) else _complex_base_partial(
                x, y)
            out = _times_partial(g, y * power_less(x, y) if partial is None else partial, undefined_too=True)
            if partial is not None and type(partial) is not Var and type(partial) is not Dual:
                out = _at_complex_pole(out, g, x, y)
    else:
        xp = plain_value(x)
        overflows = y_zero & (np.abs(xp) < 1.0 / _largest(xp, plain_value(y)))
        out = _times_partial(g, y * power_less(x, y, one=overflows), undefined_too=True)
        # (the derivative in y there is 1 / x, which overflows: x, not inf, from the exponent 1)
        out = at_kink(out, y, lambda: overflows & np.logical_not(x_zero), _POWER_AT_0["dx in y at a tiny x"])
    # At x = 0, y = 1 this is 1 (0 ** 0), but near y = 1 it is 0 (y > 1) or inf (y < 1): its
    # derivative in y, x**(y-1) (y log(x) + 1), is -inf there, and the chain rule through
    # 0 ** 0's convention would give 1 (beta.pdf's mixed derivative at its support's end);
    # for 0 < y < 1 it is -inf too, where the chain through the convention d/dy 0**(y-1) = 0
    # gave +inf (0**(y-1) itself)
    # (a complex y: at y = 1 only, as before)
    unit = (lambda: y == 1) if is_complex(y) else (lambda: (y > 0) & (y <= 1))
    return at_kink(out, y, lambda: x_zero & unit(), _POWER_AT_0["dx in y"])


def _infinite_somewhere(y):
    # whether a real y is +-inf somewhere (plain values; one pass, a sum of squares, on float arrays of no infinity)
    if is_complex(y):
        return False
    yp = plain_value(y)
    if type(yp) is float:
        return math.isinf(yp)
    yp = np.asarray(yp)
    return yp.dtype.kind == "f" and bool(yp.size) and not _maybe_finite(yp) and bool(np.isinf(yp).any())


def _dpower_dx_at_infinity(g, ans, x, y):
    """dpower_dx where a real y is +-inf somewhere: there the limit of y x**(y - 1) as y -> +-inf along the floats
    (all even integers beyond 2^53), as np.power(x, +-inf) = |x|**(+-inf) itself: sign(x) y |x|**y, 0 signed as y
    where |x|**y vanishes (the scalar cores' _dpow_dbase_at_infinity). y x**(y - 1) was inf * 0 = NaN at
    0.5 ** inf (the limit 0), and 3 ** inf NaN through scaled_power's exponent split for inf (the limit inf).
    Elsewhere as before (y there, 2 at the infinities). A traced y: at a finite nonzero x, power_poly, whose limits
    there are its derivatives' too (in y at (1, inf), x**(y - 1) (1 + y log x) -> 1, was 1 + inf * 0 = NaN; NaN at
    x < 0, as at every finite y); at x = 0, y = -inf the derivative in y refuses (a pole in x for every y < 1)."""
    xp, yp = plain_value(x), plain_value(y)
    infinite = np.isinf(yp)
    if (type(y) is Var or type(y) is Dual) and np.asarray(xp).dtype.kind in "fiu":
        with np.errstate(invalid="ignore"):
            poly = infinite & np.isfinite(xp) & (xp != 0)
        if np.all(poly):
            return power_poly(x, y, g, 1.0, 1, _Y_TIMES)
        if np.any(poly):
            return _where_split(poly, x, y, lambda a, b: power_poly(a, b, g, 1.0, 1, _Y_TIMES),
                                lambda a, b: _dpower_dx_at_infinity(g, ans, a, b))
        out = _dpower_dx_limits(g, ans, x, y, infinite)
        return at_kink(out, y, lambda: infinite & (yp < 0) & (xp == 0), _POWER_AT_0["dx in y at -inf"])
    return _dpower_dx_limits(g, ans, x, y, infinite)


def _where_split(use, x, y, inside, outside):
    # inside(x, y) where use, outside(x, y) elsewhere, each at (1, 2) where it is not taken: finite there with its
    # derivatives, so that the untaken branch's zero cotangent meets no infinity (0 * inf = NaN)
    taken = inside(np.where(use, x, 1.0), np.where(use, y, 2.0))
    return np.where(use, taken, outside(np.where(use, 1.0, x), np.where(use, 2.0, y)))


def _dpower_dx_limits(g, ans, x, y, infinite):
    # _dpower_dx_at_infinity's limits at a plain y, or at x = 0 or a non-finite x
    xp, yp = plain_value(x), plain_value(y)
    with np.errstate(over="ignore", invalid="ignore"):
        vanishes = infinite & (np.power(np.abs(xp), yp) == 0)
        # (|x|, 1 where the constant is taken: no inf * 0 beside it; -x, not abs, whose derivative at 0 is 0)
        negative = np.signbit(xp)
        base = np.where(vanishes, 1.0, np.where(negative, -x, x) if np.any(negative) else x)
        limit = np.where(negative, -1.0, 1.0) * np.where(vanishes, np.copysign(0.0, yp), y * np.power(base, y))
    # (at (1, 2) where y is infinite: finite there to every order, where x = 0 beside y = 2 marked the kink of
    # x**(y - 2) in y, which refused d/dy of the second derivative in x at (0, inf), the limit 0)
    finite = dpower_dx(g, ans, np.where(infinite, 1.0, x), np.where(infinite, 2.0, y))
    return np.where(infinite, _times_partial(g, limit, undefined_too=True), finite)


def _complex_power(xa, d, lo, factor):
    """``factor x**(d + lo)`` for a plain complex128 ``x``, nonzero and finite (``lo`` a rounding error of the exponent)
    as its modulus ``factor |x|**(d + lo)`` (scaled_power's) times ``exp(i (d + lo) arg x)``, NumPy's principal
    branch, where NumPy's complex power, exp(d log x), loses |d log|x|| ulp and overflows where the product does not.

    >>> complex(_complex_power(np.array(4 + 0j), 0.5, 0.0, 3.0))
    (6+0j)
    """
    re, im = xa.real, xa.imag
    theta = np.arctan2(im, re)
    phi = d * theta + lo * theta
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        # (|x| 2^-k where |x| is subnormal or beyond the largest float, which lose its bits: 134 ulp at
        # 9.6e-311 + 3e-311j; |x|**(d + lo) = (|x| 2^-k)**(d + lo) 2^(n + f), k (d + lo) = n + f split exactly)
        r = np.abs(xa)
        k = np.where((r < _TINY) | (r == math.inf), np.frexp(np.maximum(np.abs(re), np.abs(im)))[1], 0)
        if np.any(k):
            r = np.abs(np.ldexp(re, -k) + 1j * np.ldexp(im, -k))
        m = _scaled_power_value(r, d, factor, 1.0, 1.0, lo)  # (an infinite modulus: the product's own overflow)
        if np.any(k):
            d_hi = veltkamp_split(d)[0]
            n = np.rint(k * d_hi)
            m = np.ldexp(m * np.exp2((k * d_hi - n) + k * (d - d_hi) + k * lo), n.astype(np.int64))
        c, s = np.cos(phi), np.sin(phi)
        out = np.empty(np.shape(m), dtype=np.complex128)  # (not a + 1j * b: 1j * inf has a NaN real part)
        out.real, out.imag = np.where(c == 0, 0.0, m * c), np.where(s == 0, 0.0, m * s)
    return out


def _complex_base_partial(x, y):
    """``y * x**(y - 1)`` for a plain complex128 x and a plain real y (first order; None elsewhere) as its modulus
    ``y |x|**(y - 1)`` (scaled_power's, y - 1's rounding error added back) times ``exp(i (y - 1) arg x)``, NumPy's
    principal branch: NumPy's complex power, exp((y - 1) log x), loses |(y - 1) log|x|| ulp and overflows where the
    product does not (grad of real(u ** 1e-3) at 1e-310 + 0j was nan + nanj for 4.8978e306, of real(u ** 0.5) at
    1e-200j 1.1e-14 off). Integer y (NumPy's products) where the partial is a normal number, x = 0, non-finite x and
    the negative real axis (the branch cut) keep x**(y - 1) as before.

    >>> complex(_complex_base_partial(1e-310 + 0j, 1e-3))
    (4.8977881936844764e+306+0j)
    """
    if type(x) is Var or type(x) is Dual or not is_complex(x) or type(y) is Var or type(y) is Dual or is_complex(y):
        return None
    xa, ya = np.asarray(x), np.asarray(y)
    if xa.dtype != np.complex128 or ya.dtype.kind not in "fiu" or not xa.size or not ya.size:
        return None
    xa, ya = np.broadcast_arrays(xa, ya.astype(np.float64))
    re, im = xa.real, xa.imag
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        # (an integer y too where |y x**(y - 1)| leaves the normal range: NumPy's products rounded each subnormal
        # one, so grad of real(z ** 1100) at 0.5 + 0.1j, -3.65681e-319 - 6.19540e-320j by mpmath, was 0.4% and 3.5%
        # off; z = 0 and the negative real axis keep NumPy's products)
        e = (ya - 1.0) * np.log2(np.abs(xa))
        far = ~((np.abs(e) < 1000.0) & (np.abs(e + np.log2(np.maximum(np.abs(ya), 1.0))) < 1000.0))
        use = (np.isfinite(xa) & (xa != 0) & ~((im == 0) & (re < 0)) & np.isfinite(ya) & ((np.fmod(ya, 1.0) != 0) | far))
        pole = (xa == 0) & (ya > 0.0) & (ya < 1.0)
    if np.any(pole):
        # z = 0 with 0 < y < 1 (np.power(0j, y) = 0, sqrt's z ** 0.5): y z**(y - 1) is infinite, its phase depending on
        # the direction, where NumPy's 0j ** (y - 1) is NaN + NaN j (not an infinity: grad of real((0 * (x + 0j)) **
        # 0.5) at 1 was NaN, the truth 0, a structural zero; of real((x + 0j) ** 0.5) at 0 NaN). C99's complex
        # infinity inf + NaN j, np.sqrt's 0.5 / sqrt(0j): the real part real sqrt's one-sided +inf (along the real
        # axis from the right, as x ** y at x = 0), the imaginary part undefined (along the imaginary axis +-inf)
        out = _complex_base_partial(np.where(pole, 1.0 + 0j, xa), ya)
        out = ya * power_less(np.where(pole, 1.0 + 0j, xa), ya) if out is None else np.asarray(out)
        return np.where(pole, _complex_parts(np.inf, np.nan, np.complex128), out)[()]
    if not np.any(use):
        return None
    yu = np.where(use, ya, 0.5)
    d, lo = _less_one(yu)
    out = _complex_power(np.where(use, xa, 1.0 + 0j), d, lo, yu)
    if not np.all(use):
        with np.errstate(over="ignore"):
            kept = ya * power_less(np.where(use, 1.0 + 0j, xa), ya)
        out = np.where(use, out, kept)
    return out[()]


def _at_complex_pole(out, g, x, y):
    # dpower_dx's g y z**(y - 1) (out) at a plain g, where z = 0 with 0 < y < 1 and g is not 0: g y / 0j, NumPy's
    # complex infinity of g's direction (inf + NaN j for a real g, as sqrt's rule, inverse_power, gives), where g
    # times _complex_base_partial's inf + NaN j was NaN + NaN j for a complex g (its 0 imaginary part times NaN)
    if type(g) is Var or type(g) is Dual:
        return out
    with np.errstate(invalid="ignore"):
        pole = (np.asarray(x) == 0) & (np.asarray(y) > 0.0) & (np.asarray(y) < 1.0) & (np.asarray(g) != 0)
    if not np.any(pole):
        return out
    with np.errstate(invalid="ignore", divide="ignore"):
        at_pole = (g * y) / np.zeros((), np.asarray(out).dtype)
    return np.where(pole, at_pole, out)[()]


def _narrow_power(g, x, y):
    """The dtype (float32, float16) in which np.power's rule in its base computes ``g * y * x**(y - 1)`` in float64
    and rounds once, or None: a real x narrower than float64 where x**(y - 1) or x**(y - 2) may leave its range, or y
    - 1 or y - 2 round in it (any traced argument, or a plain one whose |x| spans more than the range allows). Its
    float64 powers keep every float32 product in range (the float32 partial overflowed: grad of sum(v ** 1e-3) at
    v = 1e-40 was inf for 9.12e36, the Hessian of sum(v ** 1e-20) at 1e-25 -inf for -1e30), and an exact exponent
    (1/3 - 1 rounded in float32, an error times log x)."""
    xp = plain_value(x)
    kind = getattr(xp, "dtype", None)
    if kind is None or kind.kind != "f" or kind.itemsize >= 8 or is_complex(y):
        return None
    yp = plain_value(y)
    out = np.result_type(xp, yp if hasattr(yp, "dtype") else 1.0)  # (the partial's; a float64 g, jacfwd's, casts)
    if out.kind != "f" or out.itemsize >= 8:
        return None
    if all(type(v) is not Var and type(v) is not Dual for v in (g, x, y)) and np.ndim(yp) == 0 and np.size(xp):
        # (first order at a constant y, every |x| finite, nonzero and within 2^(+-range / |y - k|), or any finite x
        # for exact exponents y - 2 >= 0 (x**2 of data of both signs) below the range's top: the narrow powers are
        # normal numbers, as before, their bits kept where y - 1 is exact, its error added back where not, _negligible)
        yf, tiny = float(out.type(yp)), float(np.finfo(out).tiny)
        if yf == 0.0 or tiny * 2.0 ** 24 <= abs(yf) <= 2.0 ** 24:
            low, high = float(xp.min()), float(xp.max())
            if low > 0.0 or high < 0.0:
                low, high = min(abs(low), abs(high)), max(abs(low), abs(high))
            elif yf >= 2.0 and float(out.type(yf - 1.0)) == yf - 1.0 and float(out.type(yf - 2.0)) == yf - 2.0:
                low, high = 1.0, max(-low, high, 1.0)  # (1.0: an all-zero x's log2(0) raised a math domain error)
            span = float(np.finfo(out).maxexp) - 24.0
            if low > 0.0 and high < math.inf and max(abs(yf - 1.0), abs(yf - 2.0)) * max(-math.log2(low), math.log2(high)) < span:
                return None
    return out


def _widened(v, narrow):
    # v rounded as NumPy's power rounds it (a Python float y to the narrow dtype), in float64
    if type(v) is Var or type(v) is Dual:
        return v.astype(np.float64)
    return np.asarray(v, dtype=narrow).astype(np.float64)[()]


def _power_far(g, x, y):
    """Whether ``g * y * x**(y - 1)`` is formed as :data:`scaled_power` (a real float64 x, a real y, positive x where
    y is traced, a traced g, or a plain one whose zeros meet a finite partial: _times_partial keeps the live ones' NaN
    elsewhere): where x**(y - 1) or x**(y - 2), the power its derivative in x meets a tangent in, is not a normal
    number at a finite nonzero x. (A traced y: its second derivative in x, y (y - 1) x**(y - 2), formed x**(y - 2)
    alone, an overflow for a finite product: the Hessian of a**b at (1e-200, 1e-200) was -inf, the truth -1e200.)"""
    if is_complex(x) or is_complex(y):
        return False
    zeros = None
    if type(g) is not Var and type(g) is not Dual:
        gp = np.asarray(g)
        if not (all_nonzero(gp) if gp.dtype.kind in "fc" else np.all(gp != 0)):
            zeros = gp == 0  # (jacfwd's basis tangents: far only where the partial is finite at each)
    xp, yp = np.asarray(plain_value(x)), np.asarray(plain_value(y))
    if xp.dtype != np.float64 or yp.dtype.kind not in "fiu":
        return False
    if (type(y) is Var or type(y) is Dual) and not np.all((xp > 0.0) & (xp < math.inf)):
        return False  # (scaled_power's derivative in its exponent has log x; x <= 0 as before)
    ax = np.abs(xp)
    if yp.ndim == 0 and ax.size:
        # (the common case at once: every |x| finite, nonzero and within 2^(+-1000 / |y - k|), so that both
        # powers lie within 2^(+-1000), normal numbers, whatever their last bits)
        lo, hi, e = float(ax.min()), float(ax.max()), max(abs(float(yp) - 1.0), abs(float(yp) - 2.0))
        # (and y's own factor in y x**(y - 1) within 2^(-22 .. 23): a subnormal y, 1e-310, made the partial 0 at
        # x = 1e25, g = 1e300 (the truth 1e-35))
        if (lo > 0.0 and hi < math.inf and e * max(abs(math.log2(lo)), abs(math.log2(hi))) < 1000.0
                and 2.0 ** -22 <= abs(float(yp)) <= 2.0 ** 23):
            # (but x in forward mode: the product formed its partial's tangent y (y - 1) x**(y - 2) x' alone, out
            # of range where x' and g are extreme the opposite ways: the Hessian of sum(u * u**0.5), u = k v, by
            # hessian and jacfwd(grad) was -inf at k = 1e100, v = 1e-250 for 7.5e274, 1e-275 at k = 1e-100,
            # v = 1e250 for 7.5e-276. A reverse sweep over the product meets g first)
            return type(x) is Dual
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        p1, p2 = np.power(ax, yp - 1.0), np.power(ax, yp - 2.0)
        q = np.abs(yp) * p1  # (|y x**(y - 1)|: 0 for a finite power only where y is)
        far = bool(np.any((ax > 0) & (ax < np.inf) & ((p1 < _TINY) | (p1 == np.inf) | (p2 < _TINY) | (p2 == np.inf)
                                                       | (((q < _TINY) | (q == np.inf)) & (yp != 0)))))
        # (a zero of g adds nothing where the partial is finite, in either form; elsewhere its convention is
        # _times_partial's: 0 or NaN by its mark. A finite partial's product with it is an exact 0 in scaled_power)
        if not far or zeros is None:
            return far
        # (a negative x at a non-integer y: the partial is NaN, whatever |x|**(y - 1) is; a zero of g adds nothing
        # there by _times_partial's convention, scaled_power's zero keeping the NaN: jacfwd and jacrev of
        # v ** [3, 2.5] at v = [-1e-200, -2] were NaN off the diagonal, the truth 0)
        finite = (ax > 0) & (ax < np.inf) & (p1 < np.inf)
        if not np.all(~zeros | finite):
            # (the partial y x**(y - 1), not x**(y - 1): finite beside an infinite power for |y| < 1, jacfwd of
            # x ** 1e-3 at [1e-310, 2] was inf in (0, 0) for 4.9e306; (|y| h) h, h = x**((y - 1) / 2) finite there)
            h = np.power(ax, (yp - 1.0) * 0.5)
            finite |= (ax > 0) & (ax < np.inf) & (np.abs(yp) * h * h < np.inf)
        finite &= ~((xp < 0) & (np.fmod(yp, 1.0) != 0))
        return bool(np.all(~zeros | finite))


def _largest(x, y):
    # the largest finite number of the precision x ** y is computed in (float64 for ints)
    return np.finfo(np.result_type(x, y, 1.0)).max


#: What at_kink says where a derivative of x ** y at x = 0 is differentiated again: the one
#: in y (0 there by convention) in x or y, and the one in x (1 at y = 1) in y.
_POWER_AT_0 = {
    "x": ("numpy.power (in its exponent y)", "0 at x = 0 (the limit of x**y log(x) for y > 0)",
          "There d/dx of x**y log(x) is x**(y-1) (y log(x) + 1): infinite for y <= 1 (0 only for y > 1)."),
    "y": ("numpy.power (in its exponent y)", "0 at x = 0 (the limit of x**y log(x) for y > 0)",
          "There 0**y jumps at y = 0 (0 for y > 0, 1 at 0, inf below): no derivative in y for y <= 0."),
    "dx in y": ("numpy.power (in its base x, differentiated in its exponent y)",
                "y * x**(y-1) at x = 0 for 0 < y <= 1 (1 at y = 1: 0 ** 0 = 1)",
                "There x**(y-1) jumps in y at 1 (0 for y > 1, inf for y < 1): the mixed derivative "
                "x**(y-1) (y log(x) + 1) is -inf."),
    "dx in y at -inf": ("numpy.power (in its base x, differentiated in its exponent y)",
                        "-inf at x = 0, y = -inf (the limit of y x**(y-1), infinite at every y < 1)",
                        "There x**(y-1) is a pole in x for every y < 1: y x**(y-1) has no derivative in y."),
    "dx in y at a tiny x": ("numpy.power (in its base x, differentiated in its exponent y)",
                            "0 at y = 0 where 1 / x overflows (a subnormal x, 1e-320)",
                            "There the mixed derivative x**(y-1) (y log(x) + 1) is 1 / x, beyond the "
                            "largest float."),
}


def _power_log(x, y, n=1, power=None):
    # x**y log(x)**n; ``power``: x ** y's plain value where the caller has it. Where x**y is
    # 0, subnormal or infinite (x > 0) the product can still be a normal number (x**y log x
    # at x = 1e-170, y = 1.9, x**y 1e-323: 1.1% off; at x**y = inf, log x = 1e-12): there
    # (x**(y/2) log(x)**n) x**(y/2), rounded from finite numbers, underflowing or
    # overflowing only in its last product
    log_x = np.log(x)
    if power is None:
        with np.errstate(over="ignore"):  # (x ** y's infinity, as for x ** y itself)
            power = np.power(x, y)
    p = power
    out = p * (log_x if n == 1 else log_x ** n)
    m = np.asarray(p)
    kind = np.finfo(np.result_type(m, 1.0))
    tiny, big = float(kind.tiny), float(kind.max)  # (Python floats: NumPy scalars compare slower)
    # (x ** y >= 0 where log x is real: no abs in the common case, two passes; NaN: False)
    if m.size and m.min() >= tiny and m.max() <= big:
        return out
    m = np.abs(m)
    bad = ~((m >= tiny) & (m <= big))
    xs, ys, logs = np.broadcast_arrays(np.asarray(x), np.asarray(y), np.asarray(log_x))
    fix = np.broadcast_to(bad, xs.shape) & (xs > 0) & (xs < np.inf) & np.isfinite(ys) & (logs != 0)
    if not fix.any():
        return out
    out = np.array(np.broadcast_to(out, xs.shape))
    with np.errstate(over="ignore", under="ignore"):  # (the last product's overflow is the answer)
        half = np.power(xs[fix], ys[fix] * 0.5)
        out[fix] = (half * logs[fix] ** n) * half
    return out[()]


#: x**y log(x)**n for real x > 0 (internal): the derivative of x ** y in y (n = 1) with its
#: own derivatives, x**(y-1) log(x)**(n-1) (n + y log x) in x and the same with n + 1 in y,
#: computed from x and y, never from x ** y times log x, which loses x**y log x where x**y
#: underflows or overflows and it does not: the Hessian's mixed entry of v[0] ** v[1] at
#: (1e-200, 2), d/dx of ans log x, lost ans / x = x**(y-1): -9.2103e-198 for -9.2003e-198.
power_log = OwnPrimitive(_power_log, name="wengert.power_log", reenters="any")


def _dpower_log_dx(x, y, n):
    terms = ((float(n), n - 1, ()), (1.0, n, (0.0,)))
    if _positive_float64(x) and not is_complex(y):
        # (x**(y - 1) log(x)**(n - 1) (n + y log x) as one product, whose derivatives are too: the product below met
        # its derivative in x in two terms beyond the largest float, d3/dy dx2 of x ** y at (1e-310, 1e-3) was
        # inf - inf = NaN, the truth -1.4e619)
        return power_poly(x, y, 1.0, 1.0, 1, terms)
    if _infinite_somewhere(y) and np.asarray(plain_value(x)).dtype == np.float64:
        # (power_poly's limits where x is positive beside a negative x: (1 + y log x) at (1, inf) was 1 + inf * 0)
        with np.errstate(invalid="ignore"):
            xp = np.asarray(plain_value(x))
            use = (xp > 0) & (xp < math.inf)
        if np.any(use):
            return _where_split(use, x, y, lambda a, b: power_poly(a, b, 1.0, 1.0, 1, terms),
                                lambda a, b: _power_log_product(a, b, n))
    return _power_log_product(x, y, n)


def _power_log_product(x, y, n):
    with np.errstate(over="ignore"):  # (x**(y-1)'s infinity: the derivative's own)
        return (power_less(x, y) if n == 1 else power_log(x, y - 1, n - 1)) * (n + y * np.log(x))


defvjp(power_log,
       lambda ans, x, y, n=1, power=None: lambda g: unbroadcast(
           _times_partial(g, _dpower_log_dx(x, y, n), undefined_too=True), shape_of(x)),
       lambda ans, x, y, n=1, power=None: lambda g: unbroadcast(
           _times_partial(g, power_log(x, y, n + 1), undefined_too=True), shape_of(y)))


#: power_poly's terms of x**y log x (np.power's derivative in its exponent)
_LOG_TIMES = ((1.0, 1, ()),)


def _far_log_power_entries(g, partial, x, y):
    """Where the plain first-order partial ``x**y log x`` of np.power in its exponent is 0, subnormal or infinite while
    ``g``, ``y`` are finite, ``g`` nonzero and ``x`` positive, finite and not 1 (float64): ``g`` times it is then 0,
    inf or lost bits where ``g x**y log x`` is a normal number (grad of ``1e300 * 0.5 ** e`` at 1100 was 0.0, the
    truth -5.1e-32). None where there is no such entry (two reductions on the common path)."""
    p = np.asarray(partial)
    if p.dtype != np.float64 or not p.size or np.result_type(g, 1.0) != np.float64:
        return None
    with np.errstate(invalid="ignore"):
        ap = np.abs(p)
        if ap.min() >= _DBL_MIN and ap.max() <= _DBL_MAX:
            return None
        xs, ys, gs = np.asarray(x), np.asarray(y), np.asarray(g)
        far = (~((ap >= _DBL_MIN) & (ap <= _DBL_MAX)) & (xs > 0) & (xs < math.inf) & (xs != 1) & np.isfinite(ys)
               & np.isfinite(gs) & (gs != 0))
    return far if np.any(far) else None


def _log_power_mended(g, partial, x, y, far):
    # g x**y log x where far (_far_log_power_entries), as power_poly's value, one rounding from mantissas and exponents
    # apart (its log x in double-double); g * partial elsewhere, with _times_partial's conventions
    xs, ys, gs = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, y, g)))
    with np.errstate(all="ignore"):
        mended = _power_poly_value(np.where(far, xs, 2.0), np.where(far, ys, 1.0), np.where(far, gs, 1.0), 1.0, 0,
                                   _LOG_TIMES)
    out = _times_partial(g, np.where(far, 1.0, partial), undefined_too=True)  # (g, nonzero, where far: no zero reported)
    if type(out) is np.ndarray and out.shape == np.shape(far):
        np.copyto(out, mended, where=far)
        return out
    return vanishing(np.where(far, mended, out)[()], g, live_zeros(g))


def _log_power_far(x, y):
    """Whether np.power's traced rule in its exponent (second order) forms ``g x**y log x`` as :data:`power_poly`'s one
    product: a float64 x, positive and finite throughout, a real finite y, and ``x**y`` somewhere beyond 2^+-300 in size.
    Through power_log times g, x**y log x and its tangent x**y log(x)^2 underflowed alone where g's factor would bring
    them back (the Hessian of ``1e300 * 0.5 ** e`` at 1100 was 0.0, the truth 3.5e-32); elsewhere as before."""
    if is_complex(y) or not _positive_float64(x):
        return False
    yp = np.asarray(plain_value(y))
    if yp.dtype.kind not in "fiu":
        return False
    with np.errstate(all="ignore"):
        t = np.abs(yp * np.log2(np.asarray(plain_value(x))))
        return bool(np.all(np.isfinite(yp))) and bool(np.any(t > 300.0))


def _traced_log_power(g, ans, x, y):
    # g x**y log x as power_poly (see _log_power_far): g's structural zeros add nothing there (power_poly's value and
    # derivatives are 0 at g = 0), marked untaken as _times_partial marks them
    if type(g) is Var or type(g) is Dual:
        return untaken_zero(lambda g, ans, x, y: power_poly(x, y, g, 1.0, 0, _LOG_TIMES), g, ans, x, y)
    live = live_zeros(g)
    out = vanishing(power_poly(x, y, g, 1.0, 0, _LOG_TIMES), g, live)
    zero = np.asarray(g) == 0
    if live is not None:
        zero = zero & np.logical_not(live)
    return _untaken_where(out, zero) if np.any(zero) else out


def _dpower_dy(g, ans, x, y):
    # log(x) * x ** y; its limit at x = 0 is 0 (for y > 0), so 0 is used there. That 0 is
    # differentiated again exactly only in y for y > 0 (0**y is 0 there) and in x for y > 1:
    # elsewhere (a mixed second derivative of beta.pdf at the end of its support) it would
    # give a finite number for an infinite or undefined one, so it refuses (at_kink).
    zero = x == 0  # a plain value, also on outer tapes
    safe_x = np.where(zero, 1.0, x)
    any_zero = np.any(zero)
    # (power_log, not ans * log(x): see it; complex x or y as before. 1 ** y beside safe_x's 1: x ** y = inf at x = 0,
    # y < 0 times log 1 warned 'invalid value' at first order)
    if is_complex(ans):  # (complex x or y)
        partial = ans * np.log(safe_x)
    elif type(safe_x) is Var or type(safe_x) is Dual or type(y) is Var or type(y) is Dual:
        if _log_power_far(x, y):
            return _traced_log_power(g, ans, x, y)
        partial = power_log(safe_x, y, 1, np.where(zero, 1.0, plain_value(ans)) if any_zero else plain_value(ans))
    else:
        partial = _power_log(safe_x, y, 1, np.where(zero, 1.0, ans) if any_zero else ans)  # (first order: its value)
        far = _far_log_power_entries(plain_value(g), partial, x, y)
        if far is not None:
            if type(g) is not Var and type(g) is not Dual:
                return _log_power_mended(g, partial, x, y, far)
            if _positive_float64(x) and np.all(np.isfinite(y)):  # (a traced g, the transposed pullback's: jacfwd)
                return _traced_log_power(g, ans, x, y)
    out = _times_partial(g, np.where(zero, 0.0, partial), undefined_too=True)
    if not any_zero:
        return out
    # (0 ** 0 keeps its convention: every derivative 0, tests/test_exact.py)
    # A complex y's kinks are where its real part puts them (0 ** y is 0 for Re y > 0, inf for
    # Re y < 0); a Python complex cannot be ordered at all.
    y_real = np.real(plain_value(y)) if is_complex(y) else y
    # (y < 0 too: d/dx of x**y log x is x**(y - 1) (1 + y log x) -> inf as x -> 0+, where the convention's 0 gave 0 by
    # grad(grad) in y then x at (0, -2) and (0, -inf))
    out = at_kink(out, x, lambda: zero & (y_real != 0) & (y_real <= 1), _POWER_AT_0["x"])
    return at_kink(out, y, lambda: zero & (y_real < 0), _POWER_AT_0["y"])


_BIG = float(np.finfo(float).max)


def _reads_power(x, y):
    # whether _dpower_dx_from may read x ** y, a plain x with a float y whose y - 1 rounds (the error of the two-sum
    # y - 1 = d + e): staging keeps the result alive only then, not for x**2, x**2.5 nor a traced x
    if (type(y) is not float and type(y) is not np.float64) or type(x) is not np.ndarray:
        return False
    return _less_one(float(y))[1] != 0.0


def _power_over_x(ans, x, y):
    """``y * x**(y - 1)`` as ``y * (ans / x)`` from the result ``ans = x ** y`` (one division and four reductions for
    power_less's second pow and its log: d/dx x**(1/3) on 1e6 points of [0.1, 2] took 25 ms, now 3 ms),
    within 2 ulp as the scalar cores' (_dpow_dbase), where it applies: a float64 array x (plain: first order; a
    traced x is power_less's, exact in its own derivatives), a float y whose y - 1 rounds (exact exponents, x**2,
    x**3, keep their one power to the bit), ans and y * (ans / x) normal numbers at every point (so x is finite
    and nonzero; a subnormal or 0 result, a NaN, is power_less's); None elsewhere.

    >>> float(_power_over_x(np.float64(8.0), np.array(2.0), 3.0 ** -1)) == float(3.0 ** -1 * 4.0)
    True
    >>> _power_over_x(np.zeros(2), np.zeros(2), 3.0 ** -1), _power_over_x(np.ones(2), np.ones(2), 2.0)
    (None, None)
    """
    if not _reads_power(x, y) or x.dtype != np.float64 or not x.size:
        return None
    if getattr(ans, "dtype", None) != np.float64 or np.shape(ans) != x.shape:
        return None
    y = float(y)
    # (a 0 or NaN result, x = 0 or negative x, fails the first test at one reduction's cost)
    if not (float(ans.min()) >= _TINY and float(ans.max()) <= _BIG):
        return None
    with np.errstate(all="ignore"):
        q = ans / x
    low, high, a = float(q.min()), float(q.max()), abs(y)
    if not (low >= _TINY and high <= _BIG and a * low >= _TINY and a * high <= _BIG):
        return None
    q *= y
    return q


def _dpower_dx_from(g, ans, x, y):
    # dpower_dx with x ** y's value ans (power, float_power; powm1's ans is not x ** y), where staging kept it
    partial = _power_over_x(ans, x, y)
    if partial is None:
        return dpower_dx(g, ans, x, y)
    if type(g) is np.ndarray and type(partial) is np.ndarray and g.shape == partial.shape and g.dtype == np.float64:
        # (_times_partial's product for a finite partial, into the partial's own array: one array less alive; a 0-d
        # x's partial is a NumPy scalar, which out= refuses)
        return vanishing(np.multiply(g, partial, out=partial), g, live_zeros(g))
    return _times_partial(g, partial, undefined_too=True)


_def_binary(np.power, "power", operator.pow, _staged(0, _dpower_dx_from, uses="xy", keep_ans_if=_reads_power),
            _staged(1, _dpower_dy, uses="axy"), aliases=("pow",))
# float_power computes in float64 (or wider); its derivatives are power's.
defvjp(np.float_power, _staged(0, _dpower_dx_from, uses="xy", keep_ans_if=_reads_power),
       _staged(1, _dpower_dy, uses="axy"))


# -- unary functions ---------------------------------------------------------------------

def _def_unary(ufunc, rule, uses="ax", keep_x_if=None, **declaration):
    """Declare ``rule(g, ans, x) -> cotangent`` for a shape-preserving unary function.

    ``uses`` names what the rule reads (``a``: the result, ``x``); only that is kept alive;
    ``keep_x_if(x, None)``, where given, keeps ``x`` too on the calls it holds for.
    ``declaration``: the other fields of its Primitive (``scalar="exp"``...).
    """
    defvjp(ufunc, unary_rule(ufunc, rule, uses, keep_x_if), **declaration)


_def_unary(np.negative, lambda g, ans, x: moved(-g, g, in_place), uses="", scalar="negative")
_ABS_KINK = ("numpy.absolute (abs, fabs)", "the subgradient sign(0) = 0",
             "Write the composite without the kink: x * x or np.square(x) for abs(x)**2, "
             "np.dot(x, x) or np.sum(x * x) for a squared norm, or a smooth surrogate such as "
             "np.sqrt(x * x + eps) for abs.")


def _dabs(g, ans, x):
    # |x|' = sign(x) for real x (0 at 0, a subgradient); for complex z the cotangent is
    # g * conj(z) / |z| (autograd's convention, see wengert.ops.complexnum), 0 at z = 0.
    # At 0 the gradient is marked (at_kink): differentiating it again there raises.
    if is_complex(x):
        r = np.abs(x)
        # the unit conj(z) / |z| first: g * conj(z) underflowed where both are tiny (|z|^2 at z = 1e-300 (1 + 1j):
        # its gradient 0 for 2e-300 (1 - 1j), its Hessian [[3, 1], [1, 3]] for 2 I). Below 2^-900 of z scaled by
        # 2^200 (exactly): NumPy's complex division by a subnormal |z| overflowed (|z|'s gradient at 5e-324 + 0j and
        # 1e-310j was NaN for 1), and a subnormal |z| has few digits (-0.5 - 1j for -0.447 - 0.894j at -5e-324 + 1e-323j)
        # Above 2^900 (2^100) by 2^-200 (2^-50): |z| was inf at 1.5e308 (1 + 1j) (the gradient 0 for 0.707 (1 - 1j)),
        # and NumPy's 1 / |z| subnormal near the top (0.7071067811865472 for ...476 at 1e308 (1 - 1j))
        rp = plain_value(r)
        low, up = (2.0 ** -100, 2.0 ** 50) if dtype_of(rp) == np.float32 else (2.0 ** -900, 2.0 ** 200)
        scale = np.where(rp < low, up, np.where(rp > 1.0 / low, 1.0 / up, 1.0)).astype(dtype_of(rp))[()]
        scaled = x * scale
        rs = np.abs(scaled)
        _refuse_infinite_at_kink(g, lambda: r == 0)
        return at_kink(g * (np.conj(scaled) / np.where(rs == 0, 1.0, rs)), x, lambda: r == 0, _ABS_KINK, g)
    _refuse_infinite_at_kink(g, lambda: x == 0)
    return at_kink(g * np.sign(x), x, lambda: x == 0, _ABS_KINK, g)


def _refuse_infinite_at_kink(g, zero):
    # (abs's refusal at 0 under an infinite cotangent: refuse_infinite_at_kink)
    refuse_infinite_at_kink(g, zero, "numpy.absolute (abs, fabs) at 0", _ABS_FOLLOWER, "sign(0) = 0",
                            "Keep the argument away from 0 (abs(x) + eps inside the root), or write the composite "
                            "without the kink (np.sqrt(x * x + eps) for sqrt(abs(x))).")


_ABS_FOLLOWER = "sqrt(abs(x)), abs(x) ** p with p < 1, 1 / abs(x), log(abs(x)) at x = 0"


_def_unary(np.absolute, _dabs, uses="x", scalar="absolute", aliases=("abs",))

_def_unary(np.square, lambda g, ans, x: g * 2.0 * x, uses="x")
_def_unary(np.cbrt, lambda g, ans, x: g / (3.0 * ans * ans), uses="a")


def _inverse_power(g, x, n, c=1.0):
    # g c / x^n (n a whole or half number: x^(1/2) on sqrt's branch) with x scaled by 2^-e
    # into [1/4, 1) in its larger part (e even), and the quotient scaled back by 2^(-n e) part
    # by part at the end (ldexp): exact scalings, so it overflows or underflows only there,
    # to the zero or infinity of each part's sign
    # (g and c scaled to [1/2, 1) too, their exponents added at the end: g c itself underflowed where both are
    # tiny, the second derivative of abs(z) at z = 3e-200 + 4e-200j by reverse over reverse: its cotangent g ~ |z| times
    # c = -conj(z) in -g conj(z) / |z|^2 was 0, so the Hessian of abs(z) ** 2 was [[2.72, 0.96], [0.96, 3.28]] for 2 I)
    x = np.asarray(x)
    e = binary_exponents(x)
    e = e + (e & 1)
    y = _complex_parts(np.ldexp(x.real, -e), np.ldexp(x.imag, -e), x.dtype)
    g, eg = _mantissa(g)
    c, ec = _mantissa(c)
    q = np.asarray(g * c)
    for _ in range(int(n)):
        q = np.asarray(q / y)
    if n != int(n):
        q = np.asarray(q / np.sqrt(y))
    e = -n * e + (eg + ec)
    scale = e.astype(np.int64) if np.ndim(e) else int(e)
    with np.errstate(over="ignore"):  # (the overflow is the answer: its infinity)
        return _complex_parts(np.ldexp(q.real, scale), np.ldexp(q.imag, scale), q.dtype)[()]


def _mantissa(v):
    """``(v 2^-e, e)``: ``v``'s larger part scaled into [1/2, 1) (exactly), ``e`` 0 where ``v`` is 0, infinite or NaN."""
    if type(v) is float or type(v) is complex:  # (a Python number stays one: weak in NumPy's promotion)
        e = math.frexp(max(abs(v.real), abs(v.imag)))[1]
        return (math.ldexp(v, -e) if type(v) is float else complex(math.ldexp(v.real, -e), math.ldexp(v.imag, -e))), e
    v = np.asarray(v)
    if v.dtype.kind not in "fc":
        return v, 0
    e = binary_exponents(v)
    if v.dtype.kind == "f":
        return np.ldexp(v, -e), e
    return _complex_parts(np.ldexp(v.real, -e), np.ldexp(v.imag, -e), v.dtype), e


def _complex_parts(re, im, dtype):
    # re + i im without arithmetic (1j * inf is NaN + inf j)
    out = np.empty(np.broadcast_shapes(np.shape(re), np.shape(im)), dtype)
    out.real, out.imag = re, im
    return out


#: g c / x^n for complex x (internal): the derivatives of 1/x, log and sqrt for complex
#: arguments, whose own derivatives are inverse_power again (in x: n + 1, with -n g c), so
#: that at every order each result is rounded from finite numbers and overflows (1e-300
#: scale) or underflows (1e300) only in its last step, with no product after it (the
#: constant c goes in, not around). Chains of divisions and products were NaN there: once a
#: quotient had overflowed, Smith's division formed inf - inf, and multiplying an infinite
#: complex by g (1 + 0j) formed 0 * inf.
inverse_power = OwnPrimitive(_inverse_power, name="wengert.inverse_power", reenters="any")
# (each cotangent summed back to its argument's shape: x / y's y and c = -x broadcast)
def _structural_zero_of(h, x, out):
    """``out``, inverse_power(h, x, n, c) (its derivative in g times h), 0 where a plain ``h`` is a structural zero (not
    live: times_tangent's convention, a direction that leaves g where it is adds nothing) and ``out`` is NaN at a
    number ``x`` (0 / 0 at x = 0): jvp of np.sqrt at z = [0, 1 + 1j] along [0, 1j] (the transposed pullback's
    derivative in the cotangent) was [nan + nanj, ...], the real case's 0 (jvp at [0, 1] along [0, 1])."""
    if type(h) is Var or type(h) is Dual or type(out) is Var or type(out) is Dual:
        return out
    live = live_zeros(h)
    if live is True:
        return out
    with np.errstate(invalid="ignore"):
        bad = (np.asarray(h) == 0) & np.isnan(out) & ~np.isnan(plain_value(x))
    if live is not None:
        bad = bad & np.logical_not(live)
    if not np.any(bad):
        return out
    return np.where(bad, np.zeros((), np.asarray(out).dtype), out)[()]


defvjp(inverse_power, lambda ans, g, x, n, c=1.0: lambda h: unbroadcast(_structural_zero_of(h, x, inverse_power(h, x, n, c)),
                                                                          shape_of(g)),
       lambda ans, g, x, n, c=1.0: lambda h: unbroadcast(_structural_zero_of(h, x, inverse_power(h, x, n + 1, -n * (g * c))),
                                                          shape_of(x)),
       None, lambda ans, g, x, n, c=1.0: lambda h: unbroadcast(inverse_power(h, x, n, g), shape_of(c)))


def _complex_times(a, b):
    # a * b, mended where NumPy's product is NaN and neither factor is (_mended_complex_product)
    with np.errstate(invalid="ignore", over="ignore"):
        out = np.multiply(a, b)
    if np.asarray(out).dtype.kind != "c" or _maybe_finite(out):
        return out
    return _mended_complex_product(out, a, b, zeros=True)


def _overflowed_cancellation(out, a, b):
    """``out``, the complex product ``a b`` (plain, complex), NaN in each part that is the sum of two real products
    of finite parts overflowed to infinities of opposite signs (``Re = ar br - ai bi``, ``Im = ar bi + ai br``): the
    part is then any number, from -inf to inf, where NumPy gave NaN on a scalar and the infinity of its fused
    multiply-add's sign on an array. So grad of abs(exp(700 + 1j y)) ** 2 in y at 0.5 was +inf, the truth 0
    (|exp(700 + iy)|^2 = e^1400 does not depend on y, and overflows): its cotangent conj(F) F's imaginary part, a
    rounding error of |F|^2 = inf, now NaN (decided: an undefined part, not a confident infinity; the real part, a
    sum of overflows of one sign, stays +inf)."""
    if np.asarray(out).dtype.kind != "c":
        return out
    ar = a.real
    ai = a.imag if a.dtype.kind == "c" else np.zeros_like(ar)
    br = b.real
    bi = b.imag if b.dtype.kind == "c" else np.zeros_like(br)
    with np.errstate(over="ignore", invalid="ignore"):
        finite = np.isfinite(a) & np.isfinite(b)
        if not np.any(finite & ~np.isfinite(out)):
            return out

        def opposite(p, q):
            return finite & np.isinf(p) & np.isinf(q) & (np.sign(p) != np.sign(q))
        re_bad = opposite(ar * br, -(ai * bi))
        im_bad = opposite(ar * bi, ai * br)
    if not (np.any(re_bad) or np.any(im_bad)):
        return out
    out = np.array(out, copy=True)
    out.real = np.where(re_bad, np.nan, out.real)
    out.imag = np.where(im_bad, np.nan, out.imag)
    return out[()]


def _mended_complex_product(out, a, b, zeros):
    """``out``, NumPy's complex product ``a b``, where it is NaN and neither factor is (and, without ``zeros``, neither
    factor is 0): each part formed from the real products of the parts, with 0 where one is a zero part and the other
    infinite (NumPy's (1 + 0j) (inf - inf j) is NaN + NaN j: 1 * inf - 0 * -inf); elsewhere NumPy's product itself
    (the same formula, rounded the same way). ``a`` and ``b`` plain values. A part that is the sum of two real
    products of finite parts, both overflowed with opposite signs, is NaN (_overflowed_cancellation)."""
    a, b = np.asarray(a), np.asarray(b)
    out = _overflowed_cancellation(out, a, b)
    with np.errstate(invalid="ignore"):
        mended = np.isnan(out) & ~np.isnan(a) & ~np.isnan(b)
        if not zeros:  # (a zero factor's product: the caller's conventions, structural or live)
            mended &= (a != 0) & (b != 0)
        mended &= ~(np.isfinite(a) & np.isfinite(b))  # (finite factors: NaN only from _overflowed_cancellation's)
    if not np.any(mended):
        return out

    def times(u, v):
        with np.errstate(invalid="ignore"):
            return np.where(((u == 0) & np.isinf(v)) | ((v == 0) & np.isinf(u)), 0.0, u * v)
    dtype = np.asarray(out).dtype
    ar, ai, br, bi = a.real, a.imag if a.dtype.kind == "c" else 0.0, b.real, b.imag if b.dtype.kind == "c" else 0.0
    with np.errstate(invalid="ignore"):  # (inf - inf: NaN, the product undefined)
        parts = _complex_parts(times(ar, br) - times(ai, bi), times(ar, bi) + times(ai, br), dtype)
    return np.where(mended, parts, out)[()]


#: ``a * b`` where either is complex (internal): a zero part times an infinite one is 0 in each part of the product, as
#: in a real product of the parts (``(1 + 0j) (inf - inf j)`` is ``inf - inf j``, NumPy's NaN + NaN j). A real
#: cotangent, or ``-1j g``, times a complex partial that overflowed (``exp(800 + 1j)``, ``erfcx(-30 + 1j)``'s) was NaN
#: in every derivative, the truth the infinities of the partial's signs. Its derivatives are such products again.
complex_times = OwnPrimitive(_complex_times, name="wengert.complex_times", reenters="any")
defvjp(complex_times, lambda ans, a, b: lambda h: unbroadcast(complex_times(h, b), shape_of(a)),
       lambda ans, a, b: lambda h: unbroadcast(complex_times(h, a), shape_of(b)))


# -1 / x^2 as -(g / x) / x, not -g * ans * ans: for real x each quotient of a division is
# rounded on its own and overflows to the infinity of its sign; for complex x inverse_power
_def_unary(np.reciprocal, lambda g, ans, x: inverse_power(g, x, 2, -1.0) if is_complex(x) else -(g / x) / x,
           uses="x")
_def_unary(np.exp2, _exp2_rule, uses="a", keep_x_if=_keeps_far_exp2)
# (exp(x), not ans + 1: that cancels as ans nears -1, 2e-4 off at x = -30 and 0 from x = -38 on)
_def_unary(np.expm1, lambda g, ans, x: exp_times(g, ans, x, lambda g, ans, x: g * np.exp(x)), uses="x")
# (complex x: inverse_power, see reciprocal)
_def_unary(np.log2, lambda g, ans, x: inverse_power(g, x, 1, 1.0 / math.log(2.0)) if is_complex(x)
           else g / (x * np.log(2.0)), uses="x")
_def_unary(np.log10, lambda g, ans, x: inverse_power(g, x, 1, 1.0 / math.log(10.0)) if is_complex(x)
           else g / (x * np.log(10.0)), uses="x")
_def_unary(np.log1p, lambda g, ans, x: g / (1.0 + x), uses="x")
#: 1 + 0j with a negative zero: for complex z, z + _ONE and _ONE - z keep the sign of a zero
#: imaginary part of z as exact arithmetic does (+0.0 + -0.0 is +0.0, -0.0 + -0.0 is -0.0),
#: where NumPy's 1.0, cast to 1 + 0j, makes it +0.0 (-0.0 + 0.0 and 0.0 - 0.0 are +0.0).
_ONE = complex(1.0, -0.0)


def _one_keeping_zero_signs(x):
    # 1 to add to x or subtract x from: on a branch cut (np.arcsin(2 + 0j) vs 2 - 0j) the
    # sign of the zero imaginary part is the side NumPy's value is on, and so of the derivative
    return _ONE if is_complex(x) else 1.0


def _one_minus_square(x):
    # 1 - x * x for real x: its value (1 - x)(1 + x), where 1 - x * x cancels near +-1 (1e-6
    # off at 1 - 1e-10), its derivative -2x's (the product's is 0 * inf = NaN at x = 1, where
    # arcsin'' is +inf): the rounding of x * x is added back, a constant.
    xp = plain_value(x)
    return (1.0 - x * x) + ((1.0 - xp) * (1.0 + xp) - (1.0 - xp * xp))


def _one_plus_signed_square(z, sign):
    """``1 + sign z^2`` for complex ``z`` (``sign`` +-1): its value's real part ``(1 - x)(1 + x) + y^2`` or
    ``(1 - y)(1 + y) + x^2``, where ``1 -+ (x^2 - y^2)`` cancels near ``z = +-1`` (``+-i``: arcsin'(1 + 1e-10j)
    was 2.5e-11 off, arctan'(1e-10 + 1j)'s real part 0 for 0.25), its derivative ``2 sign z``'s (the rounding of
    ``z * z`` added back, a constant whose zero imaginary part keeps the sign of the cut's side)."""
    zp = plain_value(z)
    square = z * z
    base = _ONE - square if sign < 0 else _ONE + square
    x, y = np.real(zp), np.imag(zp)
    with np.errstate(all="ignore"):
        good = (1.0 - x) * (1.0 + x) + y * y if sign < 0 else (1.0 - y) * (1.0 + y) + x * x
        fix = good - np.real(_ONE - zp * zp if sign < 0 else _ONE + zp * zp)
    correction = np.empty(np.shape(fix), np.result_type(zp))
    correction.real, correction.imag = fix, -0.0
    return base + correction[()]


def _reciprocal_of_product(a, b):
    # 1 / (a b) as (1 / a)(1 / b): where |a b| overflows (|z| > 1.3e154), it did not.
    return np.reciprocal(a) * np.reciprocal(b)


def _by_magnitude(x, small, large):
    """``small(x)`` where ``|x|`` is at most ``max ** 0.3`` of its precision (about 1e92 in
    float64, 4e11 in float32), ``large(x)`` elsewhere; each given only its own points (the
    other's replaced by a harmless value: no 0 * inf in its derivatives). Above it a rule's
    ``x * x`` (and its derivatives' cubes) may overflow: the rules below take a form without
    it there, and the square's below it (exact at tiny x, where the overflow-free forms'
    second derivatives cancel to 0)."""
    xp = plain_value(x)
    limit = np.finfo(dtype_of(xp)).max ** 0.3
    return piecewise(x, np.abs(xp) > limit, small, large, 0.0, 2.0 * limit)


def _near_zero_product_value(g, x, p0, a):
    with np.errstate(under="ignore"):
        return np.multiply(g, p0 + a * np.multiply(x, x))[()]


#: ``g (p0 + a x^2)`` for a real x near 0 (internal: :func:`with_near_zero`'s form): linear in ``g``, its derivative
#: in ``g`` itself again (``t (p0 + a x^2)``: an infinite tangent times ``p0``, no ``inf * 0`` of a separate
#: ``a t x^2``), in ``x`` :data:`scaled_power`'s ``2 a g t x`` rounded once
near_zero_product = OwnPrimitive(_near_zero_product_value, name="wengert.near_zero_product", reenters="any")
defvjp(near_zero_product,
       lambda ans, g, x, p0, a: lambda h: unbroadcast(near_zero_product(h, x, p0, a), shape_of(g)),
       lambda ans, g, x, p0, a: lambda h: unbroadcast(scaled_power(x, 1.0, 2.0 * a, g, h), shape_of(x)))


#: below this |x| (float64) the partial of an odd function's rule is p0 + a x^2 to the last bit (the x^4 term
#: 1e-80 of it), its derivative 2 a x to 1e-40
_NEAR_ZERO = 1e-20


def _near_zero(p0, a, of_ans=False):
    """The rule ``(g, ans, x, own) -> cotangent`` near 0 of a function whose partial is ``p0 + a x^2 + O(x^4)``
    (sinh, sin, tan, tanh, the inverse functions, logistic), for a traced real float64 ``x``, or None where no
    entry is near 0: ``g (p0 + a x^2)`` there as :data:`near_zero_product`, whose derivative ``2 a g x x'`` is
    rounded once (``own``, the rule's own form, elsewhere). As ``g f'(x)`` forward mode formed
    ``f''(x) x'`` alone, out of range where ``x'`` and ``g`` are extreme the opposite ways although the product is
    not: the Hessian of ``1e200 sum(sinh(1e-100 v))`` at ``v = 1e-200`` by hessian and jacfwd(grad) was 0, the truth
    ``1e-300``. Not at 0 itself, where ``f''(0) = 0`` in either form. ``of_ans``: the partial is ``p0 + a ans^2``
    (tan's, whose rule reads only its value)."""
    def near_rule(g, ans, x, own):
        u = ans if of_ans else x
        if type(u) is not Var and type(u) is not Dual:
            return None
        up = plain_value(u)
        if getattr(up, "dtype", None) != np.float64 and type(up) is not float:
            return None
        near = (np.abs(up) <= _NEAR_ZERO) & (up != 0.0)
        if not np.any(near):
            return None
        own_of_u = (lambda t: own(g, t, x)) if of_ans else (lambda t: own(g, ans, t))
        return piecewise(u, near, own_of_u, lambda t: near_zero_product(g, t, p0, a), 0.0, _NEAR_ZERO)
    return near_rule


def with_near_zero(rule, p0, a, of_ans=False):
    """``rule`` with :func:`_near_zero`'s form on the entries near 0 (internal: also scipy.special's erf & co.):
    ``g (p0 + a x^2)`` where ``0 < |x| <= 1e-20`` (``x`` traced), ``rule(g, ans, x)`` elsewhere.

    >>> float(with_near_zero(lambda g, ans, x: g * np.cosh(x), 1.0, 0.5)(2.0, None, 0.0))
    2.0
    """
    near_rule = _near_zero(p0, a, of_ans)

    def rule_near_zero(g, ans, x):
        out = near_rule(g, ans, x, rule)
        return rule(g, ans, x) if out is None else out
    return rule_near_zero


def _darcsin(g, ans, x):
    # 1 / sqrt(1 - x * x); for complex z, where |z| is large, Kahan's 1 / (sqrt(1 - z)
    # sqrt(1 + z)), the same function (the cuts of both factors are arcsin's; _ONE keeps the
    # side of the cut at 2 -+ 0j), where z * z overflows from |z| = 1.3e154 on (0 or NaN).
    if is_complex(x):
        return _by_magnitude(x, lambda z: g / np.sqrt(_one_plus_signed_square(z, -1)),
                             lambda z: g * _reciprocal_of_product(np.sqrt(_ONE - z), np.sqrt(_ONE + z)))
    return g / np.sqrt(_one_minus_square(x))


def _darctan(g, ans, x):
    # 1 / (1 + x * x); where |x| is large 1 / x^2 (real), 1 / ((z - i)(z + i)) (complex):
    # x * x overflowed from 1.3e154 on (0 where the truth is 1e-310, NaN for 1e200 + 1e200j)
    # (real: the quotients (g / x) / x, whose derivatives meet g before 1 / x**2's: as g (1 / x)(1 / x) forward mode
    # formed -2 x' / x**3 alone and reverse mode g's cotangent c / x**2, each out of range where g or x' is extreme the
    # other way: the Hessian of 1e250 sum(arctan(1e100 v)) at v = 1e100 was -0 or -inf for -2e-150, of
    # sum(u * arctan(u)), u = 1e70 v, at v = 1e80 2e-160 for 0 (2 k^2 / u^4: one of two terms lost))
    if is_complex(x):
        return _by_magnitude(x, lambda z: g / _one_plus_signed_square(z, 1),
                             lambda z: g * _reciprocal_of_product(z - 1j, z + 1j))
    return _by_magnitude(x, lambda t: g / (1.0 + t * t), lambda t: g / t / t)  # (1 + x * x is x * x there)


def _darctanh(g, ans, x):
    # 1 / (1 - x * x); for complex z, where |z| is large, 1 / ((1 - z)(1 + z)) (no overflow)
    if is_complex(x):
        return _by_magnitude(x, lambda z: g / _one_plus_signed_square(z, -1),
                             lambda z: g * _reciprocal_of_product(1.0 - z, 1.0 + z))
    return g / _one_minus_square(x)


_def_unary(np.arcsin, with_near_zero(_darcsin, 1.0, 0.5), uses="x", aliases=("asin",))
_def_unary(np.arccos, with_near_zero(lambda g, ans, x: -_darcsin(g, ans, x), -1.0, -0.5), uses="x", aliases=("acos",))
_def_unary(np.arctan, with_near_zero(_darctan, 1.0, -1.0), uses="x", aliases=("atan",))
# (complex x: complex_times, whose overflowed cancellation is NaN: grad of |sinh(700 + 1j y)|^2 on an array was -inf,
# the truth 0 with the value overflowed, see _overflowed_cancellation)
_def_unary(np.sinh, with_near_zero(lambda g, ans, x: complex_times(g, np.cosh(x)) if is_complex(x) else g * np.cosh(x),
                                   1.0, 0.5), uses="x")
_def_unary(np.cosh, lambda g, ans, x: complex_times(g, np.sinh(x)) if is_complex(x) else g * np.sinh(x), uses="x")


def _darccosh(g, ans, x):
    # 1 / (sqrt(x - 1) sqrt(x + 1)), not 1 / sqrt(x * x - 1): the two differ in sign for
    # complex x with a negative real part (arccosh's branch cut is only the real line below
    # 1); x + _ONE keeps the side of the cut at x = -2 -+ 0j. Two reciprocals, not one of a
    # product: at x = 1 the product's second derivative is 0 * inf = NaN (the cotangent of
    # sqrt(x + 1) times sqrt(x - 1) = 0), where the limit is -inf (sqrt's convention at 0).
    # For complex x near 0 the same as -+i / sqrt(1 - x * x) (sqrt(x - 1) = +-i sqrt(1 - x), by
    # the sign of x's imaginary part, zero's too), whose derivative has no cancellation: the
    # two reciprocals' was -(r1^2 + r2^2) r1 r2 / 2, 1/(x - 1) + 1/(x + 1) cancelling to O(x),
    # which lost arccosh''(2e-300 + 1e-300j) = 1e-300 - 2e-300j (it gave 1e-300 + 0j)
    def product(t):
        return g * np.reciprocal(np.sqrt(t - 1.0)) * np.reciprocal(np.sqrt(t + _one_keeping_zero_signs(t)))
    if not is_complex(x):
        if type(x) is Var or type(x) is Dual:
            # (second order, from 1e100 on: the quotients (g / sqrt(x - 1)) / sqrt(x + 1), whose derivatives meet g
            # before sqrt's: in the product -0.5 (x - 1)**-1.5 underflowed first, so the Hessian of
            # sum(arccosh(x) * x) at 1e250 was 2e-250 for 1e-250)
            far = plain_value(x) > 1e100
            if np.any(far):
                return piecewise(x, far, product, lambda t: g / np.sqrt(t - 1.0) / np.sqrt(t + 1.0), 2.0, 1e200)
        return product(x)
    xp = plain_value(x)
    near_0 = np.abs(xp) < 0.5
    side = np.where(np.signbit(np.imag(xp)), 1j, -1j)
    return piecewise(x, near_0, product, lambda t: g * side / np.sqrt(1.0 - t * t), 0.0, 0.0)


_def_unary(np.arccosh, _darccosh, uses="x", aliases=("acosh",))
_def_unary(np.arctanh, with_near_zero(_darctanh, 1.0, 1.0), uses="x", aliases=("atanh",))
_def_unary(np.fabs, _dabs, uses="x")
_def_unary(np.deg2rad, lambda g, ans, x: g * (np.pi / 180.0), uses="")
_def_unary(np.rad2deg, lambda g, ans, x: g * (180.0 / np.pi), uses="")
_def_unary(np.positive, None, uses="", scalar="positive")  # (an array Var's +x)


def _logistic_stable(x):
    # exp(-|x|) without abs: the derivative of abs at 0 is sign(0) = 0, which on an outer
    # tape (second derivatives) made logistic's derivative at exactly 0 vanish.
    # (complex x: by its real part, so that exp never overflows: 1 / (1 + exp(-x)) was NaN at
    # -2e155 + 2j, and so tanh's derivative, 4 logistic(2x) logistic(-2x), at 1e155 + 1j)
    positive = np.real(plain_value(x)) >= 0  # a plain value, also when x is a Var of an outer tape
    e = np.exp(np.where(positive, -x, x))
    return np.where(positive, 1.0 / (1.0 + e), e / (1.0 + e))


#: id(ans) -> (a weak reference to ans, exp(-x), True if every entry of it is finite) for
#: each float array ``ans`` that :func:`logistic_array` computed while a pullback could be
#: staged and that is alive: logistic's pullback reads it (no exp).
_SAVED_EXP: "dict[int, tuple[weakref.ref[np.ndarray], np.ndarray, bool]]" = {}


def _forget_saved_exp(key):
    def forget(reference):
        if _SAVED_EXP.get(key, (None,))[0] is reference:
            del _SAVED_EXP[key]
    return forget


def _save_exp(ans, e, finite=False):
    # finite: every entry of e is finite (e * ans then raises no floating-point flag)
    key = id(ans)
    _SAVED_EXP[key] = (weakref.ref(ans, _forget_saved_exp(key)), e, finite)


def saved_exp(ans):
    """``exp(-x)`` as :func:`logistic_array` computed it for its result ``ans``, or None
    (internal: ``ans`` not made by it, not a float array, or made where no pullback could
    read it: see :func:`wengert._context.stages_pullbacks`).

    >>> x = np.array([0.0, 2.0])
    >>> saved_exp(logistic_array(x)) is None  # a plain call keeps nothing
    True
    """
    saved = _SAVED_EXP.get(id(ans))
    return saved[1] if saved is not None and saved[0]() is ans else None


def logistic_array(x):
    """The logistic sigmoid of an array, exact at both ends and without warnings.

    On float arrays it is computed as ``1 / (1 + e)``, ``e = exp(-x)``, in place, where an
    overflow of ``exp`` gives ``exp(x)``, the subnormal truth (on a small float64 array the
    overflow is ruled out by one pass over ``x``, its minimum at least -709; elsewhere it is
    caught by the floating-point flag, not by a pass over ``e``): about 2.7x faster than the two-branch formula, which
    is used for everything else (scalars, complex arrays, Vars of an outer tape). Where a
    pullback may read it (a tape records, a ``wengert.jit`` replay stages its pullbacks),
    ``e`` is kept beside the result while the result lives (one array of its size), so
    that the derivative ``ans * e * ans`` needs no second exp (:func:`saved_exp`); a
    plain call keeps nothing.

    >>> logistic_array(np.array([-800.0, 0.0, 800.0]))
    array([0. , 0.5, 1. ])
    """
    if type(x) is not np.ndarray or x.dtype.kind != "f" or x.ndim == 0:
        out = _logistic_stable(x)
        # a NumPy scalar, as a ufunc gives one for a scalar or 0-d argument (np.where's
        # 0-d array was returned for np.float64(0), where expit gives np.float64(0.5))
        return out[()] if type(out) is np.ndarray and out.ndim == 0 else out
    keep = stages_pullbacks()
    # (the ufuncs by module-level names, their outputs by position, and 1 as a 0-d float64
    # array for a float64 x, NumPy's own conversion of 1.0 there: the same bits, 0.9 us less
    # a call at 300 entries, a third of it; a wengert.jit replay of values runs it as is)
    e = _negative(x)
    # finite: every entry of e is finite (x >= -709: exp(-x) cannot overflow, and x is not
    # -inf, whose exp(inf) = inf raises no flag), and e * ans in the pullback raises none
    finite = False
    one = 1.0
    if x.dtype is _FLOAT64:
        one = _ONE_F64  # (not for float32: a 0-d float64 array is not a weak scalar, NEP 50)
        if 0 < x.size <= _MIN_BELOW:
            # (in C where x is C-contiguous: 0.1 us, NumPy's reduction 0.9 us at 300 entries)
            finite = at_least(x, _EXP_FINITE_BELOW)
            if finite is None:
                finite = bool(_minimum(x, None) >= _EXP_FINITE_BELOW)
        elif keep and 0 < x.size <= _MIN_KEPT_BELOW:
            # (a larger array whose pullback may run: NumPy's reduction, 4 us at 38,400
            # entries, lets the pullback take logistic_partial's one pass, 15 us less there)
            finite = bool(_minimum(x, None) >= _EXP_FINITE_BELOW)
    if finite:
        _exp(e, e)  # (the errstate below costs more than the minimum)
    else:
        try:
            with np.errstate(over="raise"):
                _exp(e, e)
        except FloatingPointError:  # (x below -709.8 in float64)
            return _logistic_overflowed(x, keep)
    ans = _add(e, one) if keep else _add(e, one, e)
    # (1 / ans by np.divide, not np.reciprocal: the same IEEE quotient, but NumPy's divide
    # loop is vectorized and its reciprocal is not: 13 against 26 us at 38,400 entries)
    _divide(one, ans, ans)
    if keep:
        _save_exp(ans, e, finite)
    return ans


#: logistic_array looks at the minimum of a float64 array of at most this many entries
#: (0.9 us at 300 entries, 10 us at 38,400) rather than enter an errstate (2.3 us) ...
_MIN_BELOW = 2048
#: ... and of any size where a pullback may read ``e`` (logistic_array's ``keep``): the minimum's
#: pass then spares the pullback two (logistic_partial's one pass for NumPy's three)
_MIN_KEPT_BELOW = sys.maxsize
#: ... where exp(-x) is finite for every entry at or above this (exp(709) = 8.2e307; NaN
#: compares False and takes the errstate)
_EXP_FINITE_BELOW = -709.0
_minimum = np.minimum.reduce
_FLOAT64 = np.dtype(np.float64)
_negative, _exp, _add, _divide = np.negative, np.exp, np.add, np.divide
_ONE_F64 = np.array(1.0)
_ONE_F64.flags.writeable = False


def _logistic_overflowed(x, keep):
    # logistic_array where exp(-x) overflows: exp(x) there, not 1 / (1 + inf) = 0
    with np.errstate(over="ignore"):
        e = np.exp(np.negative(x))
    ans = np.reciprocal(np.add(e, 1.0))
    overflowed = np.isinf(e)
    ans[overflowed] = np.exp(x[overflowed])
    if keep:
        _save_exp(ans, e)
    return ans


def _logistic_partial(x, ans):
    # logistic' = ans * logistic(-x) = ans * (e * ans), e = exp(-x), exact (e * ans = e / (1
    # + e), no cancellation), and with the e of the forward pass no exp (4 array operations);
    # fmin: e * ans is inf * 0 = NaN, or inf, where exp(-x) overflowed and logistic(-x) is 1.
    # The saved e is used up: the product is written into it, which spares an array of
    # ans's size (at batch 128 that array put the replay's heap over glibc's trim threshold:
    # 840 page faults a call). A pullback called again finds none and computes exp(-x) anew,
    # the same bits; so does one whose e another call took first (the pop decides).
    e = saved_exp(ans)
    saved = None if e is None else _SAVED_EXP.pop(id(ans), None)
    if saved is not None and saved[1] is e and saved[2]:
        # (a float64 array whose products are normal numbers: the three passes below in one,
        # in C, the same bits, no flag to report; where it refuses, e is spoilt: computed anew)
        out = logistic_partial(e, ans)
        if out is not None:
            return out
        saved = None
    if saved is not None and saved[1] is e:
        with np.errstate(invalid="ignore"):
            complement = np.multiply(e, ans, out=e)
    else:  # (scipy.special.expit's result, a scalar, an array of ints, or e used up)
        with np.errstate(over="ignore"):
            e = np.exp(np.negative(np.asarray(x, dtype=dtype_of(ans))))
        with np.errstate(invalid="ignore"):
            complement = np.multiply(e, ans)
    complement = np.fmin(complement, 1.0, out=complement if type(complement) is np.ndarray else None)
    complement *= ans
    return complement


# -- the elementary functions (wengert.exp & co.): each declared once, by its row of
# wengert._elementary's table (its value, its partial, where it raises); the rule of its
# array function is g * that partial, written with NumPy's functions. Adding a row gives
# the compiled fast path, the pure-Python one and this rule.
_NUMPY_FUNCTIONS = {name: getattr(np, name) for name in FUNCTIONS}
_NUMPY_FUNCTIONS["logistic"] = logistic_array
_NUMPY_FUNCTIONS["hypot1"] = lambda x: np.hypot(1.0, x)  # (libm's, differentiable)
_OWN_ARRAY_FUNCTIONS = {
    # reenters: on a Var of an outer tape, or a forward-mode Dual, one node / one JVP (not
    # the two-branch formula's five)
    "logistic": (logistic_array, dict(names=("numpy.logistic",), exposed=scalar_functions["logistic"],
                                      reenters="any")),
}


#: NumPy 2's other names of them (np.asinh is np.arcsinh)
_ALIASES = {"arcsinh": ("asinh",)}


def _array_function(row):
    """The function ``wengert.<row.name>`` gives arrays to, and the rest of its declaration."""
    if row.numpy is None:
        return _OWN_ARRAY_FUNCTIONS[row.name]
    return getattr(np, row.numpy), ({"aliases": _ALIASES[row.name]} if row.name in _ALIASES else {})


#: name -> the partial ``(x, ans) -> d ans / d x`` of a row on real arrays, where the
#: NumPy rule computes it from what the forward pass saved rather than from the row's
#: expression (the same function, computed otherwise)
_ARRAY_PARTIALS = {"logistic": _logistic_partial}


def _compiled(expression, variables=("x", "ans")):
    return compile_expression(expression, variables, _NUMPY_FUNCTIONS, functions=value_functions())


_MATH_FUNCTIONS = {name: getattr(math, name) for name in FUNCTIONS}


def _shortcut_partial(row):
    """The partial of a row with a ``shortcut`` on real arrays, entry by entry as the scalar
    cores take it: ``cheaper`` where ``condition`` holds, the exact ``partial`` only on the
    entries beyond (tanh: ``1 - ans * ans`` where ``|ans| < 0.8``, four array operations in
    the common case rather than the exact form's eight)."""
    condition, cheaper = (_compiled(expression) for expression in row.shortcut)
    exact = _compiled(row.partial)
    # On one float64 entry (a chain of ops on 1-element arrays), the shortcut on Python
    # floats: the same IEEE operations, without the four NumPy calls' overhead (2.6 us
    # against 0.5 us); a NumPy float64 scalar, which multiplies g as the 1-element array did.
    on_float = [compile_expression(expression, ("x", "ans"), _MATH_FUNCTIONS) for expression in row.shortcut]
    condition_on_float, cheaper_on_float = on_float

    def partial(x, ans):
        if type(ans) is not np.ndarray or type(x) is not np.ndarray or x.shape != ans.shape or not ans.size:
            return exact(x, ans)
        if ans.size == 1 and ans.dtype is _FLOAT64 and x.dtype is _FLOAT64:
            a, v = x.item(), ans.item()
            if condition_on_float(a, v):
                return np.float64(cheaper_on_float(a, v))
        holds = condition(x, ans)
        result = cheaper(x, ans)
        if holds.all():
            return result
        beyond = ~holds  # (and NaN)
        result[beyond] = exact(x[beyond], ans[beyond])
        return result
    # The rule's own shortcut on one float64 entry: the cheaper form on Python floats where
    # the condition holds, else None (one call where the two above are two)
    scope = {"f_" + name: f for name, f in _MATH_FUNCTIONS.items()}
    cond, cheap = (render(expression, ("x", "ans"), "f_") for expression in row.shortcut)
    if row.far is not None:  # (not where the rule forms g * partial apart: _far_exp_rule)
        cond = f"({cond}) and not ({render(row.far, ('x', 'ans'), 'f_')})"
    partial.on_one = eval(f"lambda x, ans: ({cheap}) if ({cond}) else None", scope)  # noqa: S307  (our table)
    return partial


_ARRAY_PARTIALS.update({row.name: _shortcut_partial(row) for row in ELEMENTARY
                        if row.shortcut is not None and row.name not in _ARRAY_PARTIALS})


#: name -> the NumPy rule ``(g, ans, x)`` of a row for complex ``x``, where g times the
#: partial's overflowing chain was NaN at the 1e-300 scale (see inverse_power)
_COMPLEX_RULES = {"log": lambda g, ans, x: inverse_power(g, x, 1),
                  "sqrt": lambda g, ans, x: inverse_power(g, x, 0.5, 0.5)}


def _sqrt_far(g, ans, x):
    # sqrt's rule g * (0.5 / ans) for a traced real x (second order and up) as scaled_power(x, -0.5, 0.5, g) where
    # x**-1.5, the power its derivative meets g in, is not a normal number (x beyond 1e+-205): g * (0.5 / ans)'s
    # derivative formed -0.25 x**-1.5 before g met it, so the Hessian of sum(sqrt(v) * (v * k)) at v = 1e-250, k = 1e70
    # was -inf for 7.5e194, at v = 1e250, k = 1e-100 1e-225 for 7.5e-226. Nearer, the quotient g / (2 ans), whose
    # tangent (g' - 2 q ans') / (2 ans) meets g before ans' / ans: in g * (0.5 / ans) forward mode formed 0.5 / ans's
    # tangent -0.5 ans' / ans**2 alone, an extreme g's partner out of range, so the Hessian of sum(u * sqrt(u)), u = k v,
    # by hessian and jacfwd(grad) was -inf at v = 1e-270, k = 1e70 (truth 7.5e239) and 1e-275 at v = 1e250, k = 1e-100
    # (truth 7.5e-276). Only on positive finite x: elsewhere (0, and beside it in one array) the rule keeps its own form
    # and zero conventions. None: the rule's own form everywhere.
    xp = np.asarray(plain_value(x))
    if xp.dtype != np.float64 or not xp.size:
        return None
    lo, hi = float(xp.min()), float(xp.max())
    if lo != lo:
        return None
    if 0.0 < lo and hi < math.inf:
        # (x**-1.5 is normal within 2^+-681)
        far = not (1e-200 < lo and hi < 1e200) and _power_far(g, x, 0.5)
        return scaled_power(x, -0.5, 0.5, g) if far else g / (ans + ans)
    if 1e-200 < lo and hi < 1e200:
        return None
    far = (xp > 0.0) & (xp < math.inf) & ((xp <= 1e-200) | (xp >= 1e200))
    if not np.any(far):
        return None
    with np.errstate(over="ignore", under="ignore"):  # (the own form's derivative on the far points: not taken)
        own = g * (0.5 / (ans + 0.0))
    return np.where(far, scaled_power(np.where(far, x, 1.0), -0.5, 0.5, g), own)


#: name -> the NumPy rule ``(g, ans, x)`` of a row for a traced real ``x`` where its product form over- or underflows,
#: or None where the row's own form is kept
_FAR_RULES = {"sqrt": _sqrt_far}
#: name -> (p0, a) of a row whose partial is p0 + a x^2 + O(x^4) near 0 (see _near_zero)
_NEAR_ZERO_ROWS = {"sin": (1.0, -0.5), "tan": (1.0, 1.0, True), "tanh": (1.0, -1.0), "arcsinh": (1.0, -0.5),
                   "logistic": (0.25, -0.0625)}

def _darcsinh_complex(g, ans, x):
    # 1 / sqrt(1 + z^2) for complex z with 1 + z^2's real part (1 - y)(1 + y) + x^2 (_one_plus_signed_square):
    # 1 / cosh(ans) was 1.2e-11 off beside z = +-i (ans rounded where cosh is near 0: arcsinh'(1e-10 + 1j)),
    # and so every derivative of it. On the cut (+-0 + 2j) z * z's zero imaginary part has x's sign, the side
    # NumPy's value is on. Where |z| is large (z * z overflows) 1 / cosh(ans), as before.
    return _by_magnitude(x, lambda z: g / np.sqrt(_one_plus_signed_square(z, 1)), lambda z: g / np.cosh(np.arcsinh(z)))


#: name -> the NumPy rule ``(g, ans, x)`` of a row with a complex_partial for complex ``x`` where the row's expression
#: loses digits (it replaces ``g * complex_partial``)
_COMPLEX_ROW_RULES = {"arcsinh": _darcsinh_complex}

#: name -> |x| beyond which a row's partial (tanh's sech^2 x <= 4 e^-2|x|, logistic's <= e^-|x|) is below e^-8000:
#: there the rule is flat_beyond's (logistic's and expit's Hessian of sum(u * f(u)), u = 1e100 v at v = 1e200, by
#: jacrev(jacrev) and jacrev(jacfwd) was NaN too)
_FLAT_BEYOND = {"tanh": 4000.0, "logistic": 8000.0}


#: name -> (c, h) of a row whose partial is ``h e^(-c|x|)`` to the last bit where ``e^(-c|x|)`` is below the normal range
#: (its ``far``): logistic's ``e^-|x| m^2`` (m = 1 there), tanh's ``e^-2|x| (1 + |ans|)^2`` (4 e^-2|x|)
_FAR_EXP_ROWS = {"tanh": (2.0, 4.0), "logistic": (1.0, 1.0)}
#: |x| up to which logistic's rule is ``g * partial`` on every entry of a real array (beyond it
#: _far_exp_rule forms the product apart; internal: wengert.jit's replay of wnp.logistic reads it)
LOGISTIC_NEAR = -_LOG_TINY / _FAR_EXP_ROWS["logistic"][0]


def _far_exp_rule(g, ans, x, c, h, own, function, out=None):
    """``g h e^(-c|x|)``, a row's ``g * partial`` (see _FAR_EXP_ROWS), formed as :data:`scaled_exp` where ``e^(-c|x|)``
    is below the normal range at a real float64 ``x``, ``own(g, ans, x)`` on the other entries (for a traced x at
    its own points, ``ans`` recomputed there by ``function``); None where no entry is far. ``out``: ``own(g, ans, x)``
    on every entry, for a plain x (its far entries written over, in place where it is a float64 array of x's shape).
    Through the partial alone the product was 0 or lost bits where it is a normal number: grad of 1e300 * logistic(x)
    at -745 was 4.94e-24, the truth 2.82e-24; of 1e300 * tanh(x) at 400 0 for 1.47e-47."""
    far = _far_exp_entries(x, _LOG_TINY / c, _EXP_GONE / c, mirrored=True)
    if far is None:
        return None

    def scaled(t):
        u = np.where(plain_value(t) > 0.0, -t, t)  # (-|t|, its derivative -sign(t) there)
        return scaled_exp(u if c == 1.0 else c * u, g, h)
    if type(x) is Var or type(x) is Dual:
        return piecewise(x, far, lambda t: own(g, function(t), t), scaled, 0.0, 1000.0)
    out = own(g, ans, x) if out is None else out
    if (type(out) is np.ndarray and out.shape == far.shape and out.dtype == np.float64 and out.flags.writeable
            and type(g) is not Var and type(g) is not Dual):
        # (in place: a pullback of logistic's makes no array of x's size but its result, see _logistic_partial)
        at = np.flatnonzero(far)
        out.flat[at] = scaled_exp(-c * np.abs(np.asarray(x).flat[at]), np.broadcast_to(g, far.shape).flat[at], h)
        return out
    return np.where(far, scaled(np.where(far, x, -1000.0)), out)[()]


def _elementary_rule(row):
    """The NumPy rule ``(g, ans, x) -> g * partial`` of a row of the table. A row with
    ``differentiated`` or ``complex_partial``: first-order (``x`` and ``ans`` plain numbers)
    ``g * partial`` alone; under an outer tape or forward mode, ``differentiated``'s
    derivative with ``partial``'s value (exactly: ``d - d`` is 0 for a finite ``d``)."""
    if row.differentiated is None and row.complex_partial is None:
        real_rule = _compiled(vjp_expression(row), ("g", "ans", "x"))
        complex_rule = _COMPLEX_RULES.get(row.name)
        if row.name in _NEAR_ZERO_ROWS:
            return with_near_zero(real_rule, *_NEAR_ZERO_ROWS[row.name])
        if row.name == "exp":  # (g e^x formed apart where e^x is below the normal range: exp_times; complex_times
            # at a complex x: g (inf + inf j) was NaN at 800 + 1j)
            return lambda g, ans, x: (complex_times(g, ans) if (type(ans) is not np.ndarray or ans.dtype.kind == "c")
                                      and is_complex(ans) else exp_times(g, ans, x, real_rule))
        if complex_rule is None:
            return real_rule

        far_rule = _FAR_RULES.get(row.name)

        def rule_of_row(g, ans, x):
            if type(x) is np.ndarray and x.dtype.kind != "c":  # (is_complex's answer, no call)
                return real_rule(g, ans, x)
            if is_complex(x):
                return complex_rule(g, ans, x)
            if far_rule is not None and (type(x) is Var or type(x) is Dual):
                out = far_rule(g, ans, x)
                if out is not None:
                    return out
            return real_rule(g, ans, x)
        return rule_of_row
    partial = _ARRAY_PARTIALS.get(row.name) or _compiled(row.partial)
    complex_partial = _compiled(row.complex_partial or row.partial)
    differentiated = _compiled(row.differentiated or row.partial)
    complex_differentiated = _compiled(row.differentiated or row.complex_partial or row.partial)

    on_one = getattr(partial, "on_one", None)
    flat = _FLAT_BEYOND.get(row.name)
    # (a partial 1 / b, not differentiated otherwise, for a traced real x: the quotient g / b, whose derivative
    # (g' - (g / b) b') / b meets g before b's derivatives: as g * (1 / b) the Hessian of sum(arcsinh(x) * x) at
    # 1e200 formed -x / hypot1(x)**3 = -1e-400 = 0 and was 2e-200 for 1e-200)
    rendered = vjp_expression(row)
    quotient = (_compiled(rendered, ("g", "ans", "x"))
                if row.differentiated is None and rendered.startswith("g / ") else None)
    near_rule = _near_zero(*_NEAR_ZERO_ROWS[row.name]) if row.name in _NEAR_ZERO_ROWS else None
    complex_rule = _COMPLEX_ROW_RULES.get(row.name)
    far_exp = _FAR_EXP_ROWS.get(row.name)
    function = _array_function(row)[0]

    near = None if far_exp is None else -_LOG_TINY / far_exp[0]

    def far_mended(g, ans, x, out):
        # out = g * partial at a plain real x, its far entries as _far_exp_rule's (within's C pass rules them out)
        if within(x, near) or (type(x) is float and -near <= x <= near):
            return out
        mended = _far_exp_rule(g, ans, x, *far_exp, None, function, out)
        return out if mended is None else mended

    def rule(g, ans, x):
        if complex_rule is not None and is_complex(x):
            return complex_rule(g, ans, x)
        if type(x) is np.ndarray and type(ans) is np.ndarray:  # (plain arrays: the common case)
            if (on_one is not None and type(g) is np.ndarray and ans.size == 1 and x.size == 1
                    and ans.dtype is _FLOAT64 and x.dtype is _FLOAT64 and x.ndim == ans.ndim):
                # one float64 entry (a chain of ops on 1-element arrays): the partial on
                # Python floats, as a 0-d array, which multiplies g as a float64 scalar does
                # (the same bits and dtype) in 300 ns rather than 500
                p = on_one(x.item(), ans.item())
                if p is not None:
                    return g * np.array(p)
            if x.dtype.kind == "c":
                return g * complex_partial(x, ans)
            if far_exp is not None:  # (g * partial as one expression: NumPy writes the product into the partial)
                out = g * partial(x, ans)
                return out if within(x, near) else far_mended(g, ans, x, out)
            return g * partial(x, ans)
        plain_x, plain_ans = plain_value(x), plain_value(ans)
        real = not is_complex(plain_x)
        exact = partial if real else complex_partial
        if plain_x is x and plain_ans is ans:  # the partial is a constant of every outer tape
            if real and far_exp is not None:
                return far_mended(g, ans, x, g * exact(x, ans))
            return g * exact(x, ans)
        if real and near_rule is not None:
            out = near_rule(g, ans, x, traced_rule)
            if out is not None:
                return out
        return traced_rule(g, ans, x)

    def traced_rule(g, ans, x):
        plain_x, plain_ans = plain_value(x), plain_value(ans)
        real = not is_complex(plain_x)
        exact = partial if real else complex_partial
        if real and quotient is not None:
            return quotient(g, ans, x)
        if real:
            return traced_real(g, ans, x)
        d = complex_differentiated(x, ans)
        return g * (d - plain_value(d) + exact(plain_x, plain_ans))

    def traced(g, ans, x):
        d = differentiated(x, ans)
        return g * (d - plain_value(d) + partial(plain_value(x), plain_value(ans)))
    flat_real = traced if flat is None else flat_beyond(flat, function, traced)

    def far_or_flat(g, ans, x):
        out = _far_exp_rule(g, ans, x, *far_exp, flat_real, function)
        return flat_real(g, ans, x) if out is None else out
    traced_real = flat_real if far_exp is None else far_or_flat
    # (the compiled core takes on_one's case in C where g too is one float64 entry, before
    # unary_rule's check for a zero g, which reaches it only where the C case does not apply)
    if on_one is None:
        return rule
    return zero_cotangent_adds_nothing(_array_function(row)[0], rule, lambda checked: one_entry_rule(row.name, checked))


#: name -> the NumPy rule ``(g, ans, x) -> g * partial`` of that row of the table (internal:
#: scipy.special.expit's rule is logistic's)
ELEMENTARY_RULES = {row.name: _elementary_rule(row) for row in ELEMENTARY}
for _row in ELEMENTARY:
    _fun, _declaration = _array_function(_row)
    _uses = uses(_row) if _row.name not in _COMPLEX_RULES else "ax"  # (sqrt's complex rule reads x)
    _def_unary(_fun, ELEMENTARY_RULES[_row.name], uses=_uses, scalar=_row.name,
               keep_x_if=_keeps_far_exp if _row.name == "exp" else None, **_declaration)


#: sinc'(x) = sum over n >= 1 of _SINC_SERIES[n - 1] * x**(2n - 1) (the derivative of
#: sinc's Taylor series sum (-1)**n (pi x)**(2n) / (2n + 1)!), six terms.
_SINC_SERIES = tuple((-1) ** n * 2 * n * np.pi ** (2 * n) / math.factorial(2 * n + 1) for n in range(1, 7))


def _sinc_series_below(dtype):
    """Below this |x| sinc's derivative is its series: where the closed form's rounding
    (about eps / x**2 relative, in its derivative) would pass the series' truncation
    (the seventh term, about 4e-4 x**12 relative in the second derivative): 0.12 in
    float64, 0.51 in float32. One threshold for every precision (1e-3, right for float64
    only) left float32's first and second derivatives 1-2% off just above it."""
    eps = np.finfo(dtype).eps if np.issubdtype(dtype, np.inexact) else np.finfo(np.float64).eps
    return min(1.0, float(770.0 * eps) ** (1.0 / 14.0))


def sin_cos_pi(x, plain_x, error=None):
    """sin(pi x) and cos(pi x), right to a few ulp at every x, on traced values (``plain_x``: x's plain value;
    ``error``: a plain correction to a rounded x, a two-sum's, taken in after the reduction: sin(pi (x + error))).

    pi * x itself rounds by pi |x| eps, which makes sin and cos of it a random number from
    |x| = 1e16 on (sinc'(1e300) was -4.3e-301 for 1e-300; sinc'' 6x off at 1e8). So x is
    reduced by its nearest multiple of 1/2 first, n / 2 with n = round(2 x) (a constant:
    the subtraction is exact), and the quarter turn n mod 4 picks the function and the
    sign: sin(pi x) = sin(pi r), cos(pi r), -sin(pi r), -cos(pi r) for r = x - n / 2 in
    [-1/4, 1/4]. Exact zeros at the integers and half-integers; differentiable again
    (r's derivative is 1). Complex x is reduced by its real part.

    >>> [float(v) for v in sin_cos_pi(np.float64(1e300), np.float64(1e300))]
    [0.0, 1.0]
    """
    with np.errstate(invalid="ignore"):  # at +-inf: NaN, as NumPy's own sin(pi x) (which warns)
        half_turns = np.round(2.0 * np.real(plain_x))
        quarter = np.mod(half_turns, 4.0)
        reduced = np.pi * (x - half_turns / 2.0 if error is None else (x - half_turns / 2.0) + error)
    sin_r, cos_r = np.sin(reduced), np.cos(reduced)
    odd = quarter % 2.0 == 1.0
    sin_pi = np.where(odd, cos_r, sin_r)
    cos_pi = np.where(odd, sin_r, cos_r)
    # the signs by where, not by a factor of +-1.0: that would promote float32 to float64
    sin_pi = np.where(quarter >= 2.0, -sin_pi, sin_pi)
    cos_pi = np.where((quarter == 1.0) | (quarter == 2.0), -cos_pi, cos_pi)
    return sin_pi, cos_pi


def _dsinc(g, ans, x):
    # sinc(x) = sin(pi x) / (pi x); sinc'(x) = (cos(pi x) - sinc(x)) / x. Near 0 that
    # difference cancels, so its Taylor series is used there (threshold by precision): it
    # is also what makes the second derivative at 0 right (-pi^2 / 3), where a plain "0 at
    # x = 0" would be wrong.
    # (the mask from plain values: np.abs of a Dual at 0 is abs's kink, refused in forward mode)
    plain_x = plain_value(x)
    near_zero = np.abs(plain_x) < _sinc_series_below(dtype_of(ans))
    safe_x = np.where(near_zero, 1.0, x)
    sin_pi, cos_pi = sin_cos_pi(np.where(near_zero, 0.0, x), np.where(near_zero, 0.0, plain_x))
    # the series only where it is used: elsewhere x^12 overflowed from |x| = 1e25 on, and
    # where's zero cotangent times its infinite derivative made sinc'' NaN (reverse mode)
    small = np.where(near_zero, x, 0.0)
    x2 = small * small
    series = _SINC_SERIES[-1]
    for c in _SINC_SERIES[-2::-1]:
        series = c + x2 * series
    return g * np.where(near_zero, small * series, (cos_pi - sin_pi / (np.pi * safe_x)) / safe_x)


_def_unary(np.sinc, _dsinc, uses="ax")


# -- selection -----------------------------------------------------------------------------

def _vjp_where_x(ans, cond, x, y):
    shape = shape_of(x)
    return lambda g: selected(unbroadcast(np.where(cond, g, 0.0), shape), g, cond)


def _vjp_where_y(ans, cond, x, y):
    shape = shape_of(y)
    return lambda g: selected(unbroadcast(np.where(cond, 0.0, g), shape), g, np.logical_not(cond))


defvjp(np.where, None, _vjp_where_x, _vjp_where_y)


# -- more binary functions ----------------------------------------------------------------

# d/dy arctan2(y, x) = x / (x^2 + y^2) as (x / r) / r with r = hypot(x, y): x * x + y * y
# overflowed from 1.3e154 on (0 where the truth is 1e-300) and underflowed below 1e-154
# (inf where it is 1e300, and ZeroDivisionError on floats in forward mode).
# At the origin, where arctan2 is not continuous, both are 0 / 0: NaN (without a warning)
# where the cotangent is live, 0 under np.where's mask (zero_cotangent_adds_nothing_n).
defvjp(np.arctan2,
       _staged(0, zero_cotangent_adds_nothing_n(
           lambda g, ans, y, x: g * (x / np.hypot(x, y)) / np.hypot(x, y)), uses="xy"),
       _staged(1, zero_cotangent_adds_nothing_n(
           lambda g, ans, y, x: -g * (y / np.hypot(x, y)) / np.hypot(x, y)), uses="xy"),
       aliases=("atan2",))
# At x = y = 0 hypot has a kink (it is |(x, y)|): the gradient is 0 there, as for abs, and
# differentiating it again there raises (at_kink).
_HYPOT_KINK = ("numpy.hypot", "0 at x = y = 0, where x / hypot(x, y) has no limit",
               "For hypot(x, y)**2 write x * x + y * y.")


def _hypot_halves(x, y):
    """``(h1, h2)``, plain, whose product is ``2^-e``, ``2^e`` (from frexp) above ``max(|x|, |y|)``:
    ``x h1 h2`` and ``y h1 h2`` are the arguments scaled exactly near 1, and ``1 / hypot(x, y)`` is
    ``h1 h2 / hypot`` of them (in two halves: ``2^-e`` alone overflows for a subnormal maximum)."""
    x, y = np.asarray(plain_value(x)), np.asarray(plain_value(y))
    _, e = np.frexp(np.maximum(np.abs(x), np.abs(y)))  # (e = 0 at 0, inf and NaN)
    one = np.ones(np.shape(e), dtype=np.result_type(x, y, 1.0))
    return np.ldexp(one, -e // 2), np.ldexp(one, -e - (-e // 2))


def _hypot_share_plain(x, y):
    """``x / hypot(x, y)``, 0 at ``x = y = 0`` (the convention at the kink), of the arguments scaled
    near 1 first: at subnormal arguments hypot rounds to the subnormal grid (hypot(5e-324, 5e-324)
    is 5e-324: the share was 1 for 0.7071); ``sign(x)`` where only ``x`` is infinite (its limit;
    ``inf / inf`` was NaN), NaN where both are (no limit)."""
    h1, h2 = _hypot_halves(x, y)
    xs, ys = x * h1 * h2, y * h1 * h2
    r = np.hypot(xs, ys)
    with np.errstate(invalid="ignore"):
        out = xs / np.where(r == 0, 1.0, r)
    return np.where(np.isinf(xs) & np.isfinite(ys), np.sign(xs), out)[()]


def _over_hypot(num, x, y):
    """``num / hypot(x, y)`` (0 where it is 0, the kink), of the arguments scaled near 1 and the scale
    put back after: ``(y / r)^2 / r`` lost digits to hypot's rounding where ``r`` is subnormal.
    Differentiable (the scale factors are plain constants)."""
    h1, h2 = _hypot_halves(x, y)
    with np.errstate(over="ignore"):
        return divide_or_zero(num, np.hypot(x * h1 * h2, y * h1 * h2)) * h1 * h2


# x / hypot(x, y) with its own partials, y^2 / r^3 = (y / r)^2 / r and -x y / r^3 = -(x / r)(y / r) / r:
# through the quotient's rule the second derivative in x was 1 / r - x^2 / r^3, all its digits lost where
# |x| >> |y| (d2/dx2 hypot(1e8, 1) was 0, the truth 1e-24). (0 at the kink, where hypot's rule refuses a
# derivative along the input that moves)
_hypot_share = OwnPrimitive(_hypot_share_plain, name="numpy.hypot (x / hypot(x, y))", reenters="first")
# (def_partials: a zero tangent against an overflowing partial is 0, not NaN: the Hessian at (1e-310, 2e-310))
def_partials(_hypot_share, lambda x, y: _over_hypot(_hypot_share(y, x) ** 2, x, y),
             lambda x, y: -_over_hypot(_hypot_share(x, y) * _hypot_share(y, x), x, y))


def _times_share(g, share):
    """``g * share``, 0 where a plain ``g`` is 0: forward over forward multiplies the seed's zero entries
    by the share's tangent, infinite at subnormal arguments (NaN at (1e-310, 2e-310))."""
    if not isinstance(g, np.ndarray) or not np.any(g == 0):
        return g * share
    return g * np.where(g == 0, 0.0, share)


defvjp(np.hypot,
       _staged(0, lambda g, ans, x, y: at_kink(_times_share(g, _hypot_share(x, y)), x, lambda: ans == 0, _HYPOT_KINK, g),
               uses="axy"),
       _staged(1, lambda g, ans, x, y: at_kink(_times_share(g, _hypot_share(y, x)), y, lambda: ans == 0, _HYPOT_KINK, g),
               uses="axy"))


def _logaddexp_share(g, mine, other, ans, scale=None):
    """``g * logistic(mine - other)`` (the difference times ``scale``, ln 2 for logaddexp2):
    the weight of ``mine`` in ``ans = logaddexp(mine, other)``; 0 where both are -inf (ans =
    -inf), as wengert.numpy.logsumexp takes for a slice of -inf only (``-inf - -inf`` is
    NaN, which reached every input upstream through ``0 * NaN``: log-space recursions that
    meet two impossible states, as in an HMM's forward pass). Where both are +inf, 1/2, the
    limit along ``mine = other`` (the partials of logaddexp(a, b) add up to 1; a tie shares
    equally, as maximum's), and so is its derivative, ``scale / 4`` times (1, -1), the limit of
    the Hessian there: the difference is 0 moving with each (``inf - inf`` was NaN at both
    orders).

    Written with the difference, not as ``exp(mine - ans)``: ``mine - ans`` carries ans's
    rounding (d/dx logaddexp(1e10, 1e10 - 1) was 0.73105906, the truth 0.73105858), was
    ``inf - inf`` at ``mine = +inf``, and its derivative ``p (1 - p)`` cancels where p is
    near 1 (d2/dx2 logaddexp(0.7, -700) was 0, the truth 4.9e-305; logaddexp2(30, 0)'s was
    3e-7 off). logistic's own derivative, ``p * logistic(other - mine)``, does not."""
    empty = ans == -np.inf  # a plain value, also when ans is a Var of an outer tape
    any_empty = np.any(empty)
    full = (mine == np.inf) & (other == np.inf)  # (plain values too)
    any_full = np.any(full)
    if any_empty or any_full:
        stand_in = empty | full
        mine, other = (np.where(stand_in, zero_moving_with(v) if any_full else 0.0, v) for v in (mine, other))
    difference = mine - other
    share = logistic_times(g, difference if scale is None else difference * scale)
    return np.where(empty, 0.0, share) if any_empty else share


def logistic_times(g, u, logistic=None):
    """``g * logistic(u)`` (internal: logaddexp's shares, log_expit's derivative with ``logistic`` SciPy's expit),
    formed as :data:`scaled_exp` ``g e^u`` where ``logistic(u)`` is ``e^u`` to the last bit and below the normal range
    (``u < log 2^-1022``, float64), and for a traced ``u`` as ``g - g e^-u`` where ``1 - logistic(u)`` is (the same
    value, ``g``): through the subnormal logistic(u) grad of 1e300 * logaddexp(0, x) (scipy.special.softplus) at -745
    was 4.94e-24, the truth 2.82e-24, at -800 0 for 3.67e-48; through logistic(u)'s own derivative, formed before g
    met it, its Hessian at 745 4.94e-24 (forward over reverse) for 2.82e-24.

    >>> float(logistic_times(1e300, -745.0))
    2.8223507304719374e-24
    """
    logistic = scalar_functions["logistic"] if logistic is None else logistic
    traced = type(u) is Var or type(u) is Dual
    if _far_exp_entries(u) is None and not (traced and _far_exp_entries(-plain_value(u)) is not None):
        return g * logistic(u)
    up = np.asarray(plain_value(u))
    with np.errstate(invalid="ignore"):
        left = (up < _LOG_TINY) & (up > _EXP_GONE)
        right = (up > -_LOG_TINY) & (up < -_EXP_GONE) & traced
    rest = ~(left | right)
    out = g * logistic(np.where(rest, u, 0.0))
    if np.any(left):
        out = np.where(left, scaled_exp(np.where(left, u, -1000.0), g), out)
    if np.any(right):
        out = np.where(right, g - scaled_exp(-np.where(right, u, 1000.0), g), out)
    return out[()]


defvjp(np.logaddexp,
       _staged(0, lambda g, ans, x, y: _logaddexp_share(g, x, y, ans), uses="axy"),
       _staged(1, lambda g, ans, x, y: _logaddexp_share(g, y, x, ans), uses="axy"))
defvjp(np.logaddexp2,
       _staged(0, lambda g, ans, x, y: _logaddexp_share(g, x, y, ans, math.log(2.0)), uses="axy"),
       _staged(1, lambda g, ans, x, y: _logaddexp_share(g, y, x, ans, math.log(2.0)), uses="axy"))


# -- maximum / minimum / clip: ties share the gradient equally -------------------------------

def _share(g, mine, other, pick, name, skip_nan=False):
    """The part of ``g`` for the operand ``mine`` of an elementwise max (pick=greater) or min.

    With ``skip_nan`` (fmax, fmin) a NaN ``other`` loses: the result is ``mine``. At a tie
    the half share is a convention: differentiating it again there raises (at_kink)."""
    refuse_complex(name, mine, other)
    tie = mine == other
    share = pick(mine, other) + 0.5 * tie
    if skip_nan:
        share = share + (np.isnan(other) & ~np.isnan(mine))
    product = _times_nan_share(g, share, mine, other, skip_nan=skip_nan)
    # (a strict loser's 0 is structural: g's live zeros are passed on where share is not 0)
    if mine is other:  # (maximum(x, x): every direction keeps the tie, the two halves are x's whole derivative)
        return selected(product, g, share != 0)
    # The kink is where mine - other is 0, and the tie holds to second order where that
    # difference does not move (maximum(x, 1.0 * x): its tangent 0 at every level of its Duals);
    # marked on the two operands apart, a direction moving both alike refused
    kink = mine - other if isinstance(mine, (Var, Dual)) and isinstance(other, (Var, Dual)) else (mine, other)
    return selected(at_kink(product, kink, lambda: tie, (
        name, "half of the cotangent to each operand at a tie",
        "For maximum(x, 0)**2 (a squared relu) the second derivative at 0 does not exist either; "
        "evaluate away from the tie, or for max(x, y)**2 + min(x, y)**2 write x * x + y * y."), g), g, share != 0)


def _undefined_at_nan(*operands, every=False):
    """Where the operands' plain values have a NaN (in every one with ``every``: fmax, fmin), or None if nowhere."""
    nans = [np.isnan(plain_value(v)) for v in operands if v is not None]
    undefined = functools.reduce(np.logical_and if every else np.logical_or, nans)
    return undefined if np.any(undefined) else None


def _times_nan_share(g, share, *operands, skip_nan=False):
    """``g * share``, the share NaN where the result is NaN (an operand's NaN, every operand's for fmax and fmin, as
    NumPy's value): the derivative of a NaN entry is NaN, as np.max's of a slice with a NaN, in both modes, and a
    structural zero of g adds nothing there (a Jacobian's other rows and columns stay 0). It was 0: every
    comparison with a NaN is False, np.maximum(a, 2.0) at a = NaN had the derivative 0."""
    undefined = _undefined_at_nan(*operands, every=skip_nan)
    if undefined is None:
        return g * share
    return _times_partial(g, np.where(undefined, np.nan, share), undefined_too=True)


for _fn, _pick, _skip in ((np.maximum, np.greater, False), (np.fmax, np.greater, True),
                          (np.minimum, np.less, False), (np.fmin, np.less, True)):
    _name = f"numpy.{_fn.__name__}"
    defvjp(_fn,
           _staged(0, lambda g, ans, x, y, _pick=_pick, _name=_name, _skip=_skip: _share(g, x, y, _pick, _name, _skip)),
           _staged(1, lambda g, ans, x, y, _pick=_pick, _name=_name, _skip=_skip: _share(g, y, x, _pick, _name, _skip)))


# The bounds are differentiable too (positional, or NumPy 2.1's min= and max=).
# clip(a, lo, hi) is NumPy's minimum(maximum(a, lo), hi), and each entry of the result is
# one of the three: ``a`` where lo <= a <= hi (a bound counts as inside: at a tie ``a``
# gets the whole cotangent, so its gradient is the same whether or not the bound is a
# Var, and the bound gets 0: the derivative of the piece ``a``), ``hi`` where a > hi or
# lo > hi (NumPy's value then), ``lo`` elsewhere (a < lo <= hi). The masks are
# constants, so each rule is a piece of the function and differentiable again.

def _clip_pieces(a, lo, hi):
    """Masks (inside, at lo, at hi) of the entries of clip(a, lo, hi) that are ``a``,
    ``lo`` and ``hi`` (None for an absent bound), broadcast together (internal)."""
    refuse_complex("numpy.clip", a, lo, hi)
    shape = np.broadcast_shapes(*(shape_of(v) for v in (a, lo, hi) if v is not None))
    inside = np.ones(shape, dtype=bool)
    at_hi = np.zeros(shape, dtype=bool)
    if lo is not None:
        inside = inside & (a >= lo)
    if hi is not None:
        inside = inside & (a <= hi)
        at_hi = at_hi | (a > hi)
        if lo is not None:
            at_hi = at_hi | (lo > hi)
    at_lo = np.zeros(shape, dtype=bool) if lo is None else (a < lo) & ~at_hi
    return inside, at_lo, at_hi


def _clip_rule(which):
    def rule(ans, a, lo=None, hi=None, **kwargs):
        bound = (a, lo, hi)[which]
        mask = _clip_pieces(a, lo, hi)[which]
        shape = shape_of(bound)
        undefined = _undefined_at_nan(a, lo, hi)
        if undefined is not None:  # (NaN where NumPy's value is: see _times_nan_share)
            return lambda g: selected(unbroadcast(_times_nan_share(g, mask, a, lo, hi), shape), g, mask | undefined)
        return lambda g: selected(unbroadcast(g * mask, shape), g, mask)  # (0 off the piece: structural)
    return rule


def _clip_positional(a, lo=None, hi=None, **kwargs):
    """np.clip(a, lo, hi) with both bounds positional (internal: the recorded call)."""
    return np.clip(a, lo, hi, **kwargs)


_clip_positional = OwnPrimitive(_clip_positional, name="numpy.clip")
defvjp(_clip_positional, _clip_rule(0), _clip_rule(1), _clip_rule(2))
_NoValue = np._NoValue
_CLIP_MIN_MAX = "min" in inspect.signature(np.clip).parameters  # NumPy >= 2.1


def _clip(a, a_min=_NoValue, a_max=_NoValue, out=None, **kwargs):
    """np.clip on Vars: the bounds as NumPy reads them (a_min/a_max, or min=/max=), then one
    recorded call whose rules differentiate ``a`` and both bounds (see above)."""
    if _CLIP_MIN_MAX:
        for name, given in (("min", a_min), ("max", a_max)):
            if name in kwargs and given is not _NoValue:
                raise TypeError(f"clip() got a_{name} and {name}=: pass the bound once")
        a_min = kwargs.pop("min", a_min)
        a_max = kwargs.pop("max", a_max)
    lo = None if a_min is _NoValue else a_min
    hi = None if a_max is _NoValue else a_max
    return _clip_positional(a, lo, hi, **kwargs)


# x.clip(min, max): ndarray's keywords are min= and max= (np.clip's a_min= and a_max=)
defcomposite(np.clip, _clip, methods={"clip": lambda x, min=None, max=None, **kw: np.clip(x, min, max, **kw)})


# -- remainders, angles, replacements, signs and binary exponents ----------------------------
# remainder (the % operator) and fmod jump where x / y is an integer. Away from the jumps
# d/dx = 1 and d/dy = -q, with q the quotient floor(x / y) (remainder) or trunc(x / y)
# (fmod). At a jump the value NumPy returns lies on one piece, x - y * q with the q it
# used, and the gradient is that piece's: the one-sided derivative from the side where the
# function is continuous (in x it is 1 from both sides). The quotients come from the
# forward's own arithmetic (floor_divide; the exact rounding of (x - ans) / y), so they are
# the q of the returned value even where x / y rounds to an integer.

def _fmod_quotient(ans, x, y):
    """trunc(x / y) as np.fmod used it: (x - fmod(x, y)) / y is an integer up to rounding."""
    x, y, ans = plain_value(x), plain_value(y), plain_value(ans)
    return np.rint((x - ans) / y)


_def_binary(np.remainder, "remainder", operator.mod,
            _staged(0, None, uses=""),
            _staged(1, lambda g, ans, x, y: _times_partial(-g, np.floor_divide(x, y)), uses="xy"),
            aliases=("mod",))
defvjp(np.fmod,
       _staged(0, None, uses=""),
       _staged(1, lambda g, ans, x, y: _times_partial(-g, _fmod_quotient(ans, x, y)), uses="axy"))


def _vjp_divmod_x(ans, x, y):
    shape = shape_of(x)

    def pullback(g):
        g_rem = get_part(g, 1)  # the quotient is piecewise constant: no gradient
        return None if g_rem is None else unbroadcast(g_rem, shape)
    return pullback


def _vjp_divmod_y(ans, x, y):
    shape, quotient = shape_of(y), plain_value(ans[0])

    def pullback(g):
        g_rem = get_part(g, 1)
        return None if g_rem is None else unbroadcast(-g_rem * quotient, shape)
    return pullback


# divmod(x, y) = (x // y, x % y): the remainder's gradient, none through the quotient.
_def_binary(np.divmod, "divmod", divmod, _vjp_divmod_x, _vjp_divmod_y)

_def_unary(np.degrees, lambda g, ans, x: g * (180.0 / np.pi), uses="")
_def_unary(np.radians, lambda g, ans, x: g * (np.pi / 180.0), uses="")


def _no_gradient(ans, *args, **kwargs):
    """The rule of an argument whose derivative is 0 wherever it exists (a step in it)."""
    return lambda g: None


def _copysign_x(g, ans, x, y):
    # copysign(x, y) = |x| * (-1 if y's sign bit is set else 1): d/dx = sign(x) * that, the
    # same sign bits NumPy reads (so y = -0.0 counts as negative). At x = 0, where |x| has
    # a kink, the gradient is 0, the subgradient np.absolute's rule uses. Staged (forward
    # mode's elementwise JVP, the mark on the product: forward over forward's tangent then has
    # no value at the kink, which np.where's mask drops; the transposed pullback refused it)
    flip = np.signbit(x) != np.signbit(y)
    return at_kink(np.where(flip, -g, g) * (x != 0), x, lambda: x == 0, (
        "numpy.copysign", "0 at x = 0 (the subgradient sign(0) = 0 of |x|)",
        "For copysign(x, y)**2 write x * x."), g)


# (y: a step in its sign bit, derivative 0 wherever it exists)
defvjp(np.copysign, _staged(0, _copysign_x, uses="xy"), None)
# ldexp(x, i) = x * 2**i, with i an integer: the cotangent is scaled the same exact way.
defvjp(np.ldexp, _staged(0, lambda g, ans, x, i: np.ldexp(g, i), uses="y"), None)


def _vjp_frexp(ans, x):
    # x = m * 2**e with 0.5 <= |m| < 1: dm/dx = 2**-e away from the powers of two, where m
    # jumps (there the returned piece's, as for remainder); e is an integer, no gradient.
    # At x = 0 (m = 0) the mantissa jumps in every neighbourhood: refused.
    exponent = plain_value(ans[1])
    at_zero = plain_value(x) == 0

    def pullback(g):
        g_mantissa = get_part(g, 0)
        if g_mantissa is None:
            return None
        if np.any(at_zero & (plain_value(g_mantissa) != 0)):
            raise ValueError("the gradient of numpy.frexp's mantissa at x = 0 is not defined (the "
                             "mantissa jumps between +-0.5 and +-1 in every neighbourhood of 0); "
                             "keep zeros away from frexp, or use only its exponent there")
        return np.ldexp(g_mantissa, -exponent)
    return pullback


defvjp(np.frexp, _vjp_frexp)


def _vjp_nan_to_num(ans, x, copy=True, nan=0.0, posinf=None, neginf=None):
    """1 where x is finite, 0 where NaN or an infinity was replaced (part by part for complex)."""
    x = plain_value(x)
    if np.iscomplexobj(x):
        real, imag = np.isfinite(x.real), np.isfinite(x.imag)
        return lambda g: np.real(g) * real + 1j * (np.imag(g) * imag)
    finite = np.isfinite(x)
    return lambda g: g * finite


def _nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    # Always a copy: copy=False would overwrite the recorded input in place.
    return np.nan_to_num(x, copy=True, nan=nan, posinf=posinf, neginf=neginf)


defvjp(np.nan_to_num, _vjp_nan_to_num, impl=_nan_to_num)


# -- forward mode: np.where is linear in x and y (the staged ufuncs are elementwise) -----------
from ..forward import declare_jvp, defjvp  # noqa: E402  (after the rules it declares)

declare_jvp("linear", np.where)


def _jvp_inverse_power(ans, primals, tangents):
    # the tangent as the rules' expressions, not the pullback transposed (that multiplied
    # pullback(1), infinite at the 1e-300 scale, by the tangent: 0 * inf in a complex product)
    g, x, n = primals[:3]
    c = primals[3] if len(primals) > 3 else 1.0
    parts = [inverse_power(dt, x, m, k) for dt, m, k in zip(tangents, (n, n + 1, None, n), (c, -n * (g * c), None, g))
             if dt is not None]
    out = parts[0]
    for part in parts[1:]:
        out = out + part
    return out


def _jvp_inverse_power_live(ans, primals, tangents, lives, kwargs, batch):
    # forward mode's tangent where the tangents are plain (see forward.Dual's live marks): a tangent's structural zero
    # adds nothing where its part is 0 / 0 at a number x (times_tangent's convention, _structural_zero_of's in
    # reverse); a live zero keeps the NaN. jvp of grad of real(sum(sqrt(x + 0j))) at [0, 2] along [0, 1] was
    # [nan, -0.0884] for [0, -0.0884] (x[0] does not move: its gradient, inf, stays), and the Hessian's [0, 1] NaN
    # for 0, where the real sqrt gave 0. None (the plain rule) for a traced tangent or a batch that broadcasts.
    g, x, n = primals[:3]
    c = primals[3] if len(primals) > 3 else 1.0
    if any(type(a) is Var or type(a) is Dual for a in (g, x, c)) \
            or any(t is not None and not isinstance(t, (np.ndarray, np.generic, float, complex)) for t in tangents):
        return None
    if batch is not None and len({np.shape(a) for a in (g, x, c) if np.ndim(a)} | {np.shape(ans)}) > 1:
        return None
    out = None
    for i, (dt, m, k) in enumerate(zip(tangents, (n, n + 1, None, n), (c, -n * (g * c), None, g))):
        if dt is None:
            continue
        part = inverse_power(dt, x, m, k)
        live = lives[i] if lives is not None and i < len(lives) else None
        if live is not True:
            with np.errstate(invalid="ignore"):
                bad = (np.asarray(dt) == 0) & np.isnan(part) & ~np.isnan(x)
            if live is not None and live is not False:
                bad = bad & np.logical_not(live)
            if np.any(bad):
                part = np.where(bad, np.zeros((), np.asarray(part).dtype), part)[()]
        out = part if out is None else out + part
    return out, (None if lives is None or all(v is None or v is False for v in lives) else True)


defjvp(inverse_power, _jvp_inverse_power)
setattr(inverse_power.jvp, "live", _jvp_inverse_power_live)  # (read by forward mode, as def_partials' rules)


def _jvp_complex_times(ans, primals, tangents):
    # da b + a db, each product complex_times' (transposing the pullback gives the same products)
    a, b = primals
    parts = [complex_times(t, other) for t, other in zip(tangents, (b, a)) if t is not None]
    return parts[0] if len(parts) == 1 else parts[0] + parts[1]


defjvp(complex_times, _jvp_complex_times)


def _jvp_clip(ans, primals, tangents, **kwargs):
    # each piece's tangent times its mask, NaN where NumPy's value is (_times_nan_share), so that a direction's
    # structural zeros add nothing at a NaN entry, as in reverse mode: through the pullback transposed the NaN met
    # every direction (jacfwd of np.clip(a, 0, 2) at a = [1, nan, 3] was NaN in the whole second row)
    a, lo, hi = (tuple(primals) + (None, None))[:3]
    out = None
    for t, mask in zip(tangents, _clip_pieces(a, lo, hi)):
        if t is not None:
            term = _times_nan_share(t, mask, a, lo, hi)
            out = term if out is None else out + term
    return out


defjvp(_clip_positional, _jvp_clip)


def _jvp_power_log(ans, primals, tangents):
    x, y = primals[:2]
    n = primals[2] if len(primals) > 2 else 1
    parts = [_times_partial(dt, partial(), undefined_too=True) for dt, partial in zip(
        tangents[:2], (lambda: _dpower_log_dx(x, y, n), lambda: power_log(x, y, n + 1))) if dt is not None]
    out = parts[0]
    for part in parts[1:]:
        out = out + part
    return out


defjvp(power_log, _jvp_power_log)


def _jvp_near_zero_product(ans, primals, tangents):
    g, x, p0, a = primals
    parts = [near_zero_product(tangents[0], x, p0, a) if tangents[0] is not None else None,
             scaled_power(x, 1.0, 2.0 * a, g, tangents[1]) if len(tangents) > 1 and tangents[1] is not None else None]
    parts = [part for part in parts if part is not None]
    return parts[0] if len(parts) == 1 else parts[0] + parts[1]


defjvp(near_zero_product, _jvp_near_zero_product)


def _jvp_scaled_power(ans, primals, tangents):
    x, e, c, g = primals[:4]
    h = primals[4] if len(primals) > 4 else 1.0
    lo = primals[5] if len(primals) > 5 else 0.0
    tangents = list(tangents) + [None] * (6 - len(tangents))
    out = None
    for part in _scaled_power_terms(x, e, c, g, h, tangents[:5], lo):
        out = part if out is None else out + part
    return out + np.zeros_like(plain_value(ans))


defjvp(scaled_power, _jvp_scaled_power)
