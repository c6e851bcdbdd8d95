"""What every distribution gets, applied last: the table FUNCTIONS, the dtype of the arguments, the powers at a pole of
the density, the limits at infinity; reciprocal. Part of :mod:`wengert.scipy.stats`.
"""

import functools
import inspect
import math

import numpy as np
from scipy import special as sc

from ..._backend import Dual, Var
from ...errors import NoGradientRule
from ...forward import defjvp
from ...ops._util import directions_at_once, piecewise as _piecewise, unbroadcast
from ...ops.elementwise import two_product
from ...primitive import defvjp, OwnPrimitive
from ...structured import plain_tree
from ...transforms import jvp
from ._common import (_by_name, _collected_terms, _in_dtype_of, _LIMITS_AT_INFINITY, _LOG_2, _log_beta,
                      _log_expm1_ratio, _NAN_SLOPED, _plain, _shapes_positive, _SMALLEST_SUBNORMAL,
                      _sum_of_power_terms, _TINY_NORMAL, _unguarded, _z_and_its_log)
from ._gamma import chi2, gamma, invgamma
from ._beta import beta
from ._extreme_value import dweibull, weibull_max
from ._elementary import loguniform
from . import (_normal, _gamma, _beta, _extreme_value, _power_tails, _inverse_gaussian, _generalized, _elementary,
               _discrete, _multivariate, _irwinhall, _ncf, _ksone,
               _noncentral_t)
from ._moments import _add_moment_and_stats

#: every distribution, the modules' own in their order
__all__ = [*_normal.__all__, *_gamma.__all__, *_beta.__all__, *_extreme_value.__all__, *_power_tails.__all__,
           *_inverse_gaussian.__all__, *_generalized.__all__, *_elementary.__all__, *_discrete.__all__,
           *_multivariate.__all__, *_irwinhall.__all__, *_ncf.__all__, *_ksone.__all__,
           *_noncentral_t.__all__]


for _name in __all__:
    _add_moment_and_stats(_name)


#: the functions of each distribution, read from its class (wengert.scipy.supported() lists them).
FUNCTIONS = {name: tuple(sorted(f for f in vars(_by_name(name)) if not f.startswith("_")))
             for name in __all__}


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



#: the methods whose first argument is not a point of the support (a shape may be called x or q)
_SUMMARIES = frozenset({"mean", "var", "std", "entropy", "median", "interval", "support", "moment", "stats", "expect",
                        "fit"})


def _in_dtype_of_arguments(cls, counts=()):
    """Wrap every method of the distribution ``cls`` so that its value is in the floating dtype NumPy's
    arithmetic gives its arguments where that is narrower (:func:`_in_dtype_of`: Python numbers weak,
    as in NumPy; ``counts``, a discrete distribution's counts, left out: labels, as an index is,
    whatever their dtype). Decided (SciPy's distributions give float64 always): wengert's follow
    NumPy, float32 stays float32. A float64 number inside a formula made float32 results float64
    (``np.log(scale)`` at the default ``scale=1.0``, ``gammaln`` of a Python shape, a count
    converted to float64: ``norm.logpdf(x)``, ``gamma.logpdf(x, 2.0)``, ``poisson.logpmf(2, mu)`` for a
    float32 ``x`` or ``mu``, their gradients float32); here such a value is rounded once to float32
    (its tangent too). A float64 result is returned as it is, bit for bit. Where a continuous distribution's point
    ``x`` or probability ``q`` is NaN, NaN, as SciPy (a NaN is outside every support's mask: weibull_min.pdf(nan, 2.5)
    was 0, its logcdf -inf, kstwobign.ppf(nan) 40, in 399 methods of 67 distributions)."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or not isinstance(member, staticmethod):
            continue
        fn = member.__func__
        signature = inspect.signature(fn)
        left_out = tuple(i for i, p in enumerate(signature.parameters) if p in counts)
        # (a univariate continuous distribution's: with a scale)
        point = next(iter(signature.parameters), None) if "scale" in signature.parameters else None
        point = point if point in ("x", "q") and name not in _SUMMARIES else None

        def rounded(*args, _fn=fn, _left_out=left_out, _counts=tuple(counts), _point=point, _signature=signature,
                    **kwargs):
            unknown, original, original_kwargs = None, args, kwargs  # (the dtype's and the traced arguments)
            if _point is not None:
                at = args[0] if args else kwargs.get(_point)
                unknown = np.isnan(np.asarray(plain_tree(at), dtype=float))
                if np.any(unknown) and not isinstance(at, (list, tuple)):
                    # (the function at a stand-in point there: at the NaN its partials in a shared loc, scale or
                    # shape were NaN, times the zero cotangent of the entry masked below, NaN in every entry's
                    # derivative: the jacobian of weibull_min.logpdf([nan, 1.5], c, 0, s) in s [nan, nan], the
                    # truth [nan, 2.5])
                    bound = _signature.bind(*args, **kwargs)
                    bound.apply_defaults()
                    stand_in = (_plain(bound.arguments["loc"]) + _plain(bound.arguments["scale"]) * _STAND_IN_Z
                                if _point == "x" else _STAND_IN_Z)
                    safe = np.where(unknown, stand_in, at)
                    if args:
                        args = (safe,) + args[1:]
                    else:
                        kwargs = dict(kwargs, **{_point: safe})
            out = _fn(*args, **kwargs)
            if unknown is not None and not isinstance(out, tuple) and np.any(unknown):
                # (NaN derivatives there too, in every traced argument: the plain NaN gave 0 in the shapes, loc and
                # scale, grad of gamma.logpdf(nan, a) in a was 0)
                traced = [np.where(unknown, a, 0.0) for a in (*original, *original_kwargs.values())
                          if type(a) is Var or type(a) is Dual]
                out = np.where(unknown, _NAN_SLOPED(sum(traced), np.nan) if traced else np.nan, out)
            # (stats' letters left out: not a number)
            given = [a for i, a in enumerate(original) if i not in _left_out and a is not None and type(a) is not str]
            given += [a for k, a in original_kwargs.items() if k not in _counts and a is not None and type(a) is not str]
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
           "nhypergeom": ("k", "loc"), "nchypergeom_fisher": ("k", "M", "n", "N", "loc")}  # (randint's, hypergeom's parameters: its values' dtype)
for _name in __all__:
    if isinstance(_by_name(_name), type):  # (not sem, rankdata, mode)
        _in_dtype_of_arguments(_by_name(_name), _COUNTS.get(_name, ()))


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


#: Below this |z| = |x - loc| / scale (above 0) a density with a pole or a zero at z = 0, ``z^y`` with ``y > -1``, y !=
#: 0, is differentiated as ``z^y / scale`` times the rest of the density (one :data:`_POLE_TERMS`, :func:`_powers_at_pole`):
#: from here down ``y (y - 1) z^(y - 2)``, the powers' second z-derivative, can overflow (at 1e-103 for y near -1)
_POLE_POWERS = 1e-100


def _log_expm1_over(w):
    """``log(-expm1(-w) / w)`` for ``w > 0`` (exponweib's ``(1 - e^(-z^c))^(a - 1)`` over its power at z = 0): its
    series up to w = 1/2 (:func:`_log_expm1_ratio`, -w/2 below 1e-17), the quotient's log above."""
    small = np.asarray(_plain(w)) <= 0.5
    if np.all(small):
        return _log_expm1_ratio(w, tiny=True)
    return _piecewise(w, small, lambda w: np.log(-np.expm1(-w)) - np.log(w),
                      lambda w: _log_expm1_ratio(w, tiny=True), 1.0, 0.25)


def _pole_terms_derive(terms, var, theta):
    """The derivative in ``var`` (``"d"``, ``"s"`` or a shape's index i) of :data:`_POLE_TERMS`' sum over ``terms =
    (((k, p, b, a, m, alpha, betas), r), ...)``: ``r s^b log(t)^p t^(y - k) y^a`` times ``d^beta y`` for each beta in
    betas and ``D^m d^alpha R`` (``d^alpha`` the shapes' derivatives, R the rest of the density; D = ``d/dL``, ``L = log
    t``, where ``theta``, else ``d/dt``), as such terms (``dt/dd = 1 / s``, ``dt/ds = -t / s``, ``dL = dt / t``;
    ``d/dshape_i t^(y - k) = y_i log t t^(y - k)``)."""
    shift = 1 if theta else 0  # (D's own power of t: D = t d/dt, or d/dt)

    def parts(k, p, b, a, m, alpha, betas):
        if var == "d":
            return (((k + 1, p - 1, b - 1, a, m, alpha, betas), p), ((k + 1, p, b - 1, a + 1, m, alpha, betas), 1),
                    ((k + 1, p, b - 1, a, m, alpha, betas), -k), ((k + shift, p, b - 1, a, m + 1, alpha, betas), 1))
        if var == "s":
            return (((k, p - 1, b - 1, a, m, alpha, betas), -p), ((k, p, b - 1, a + 1, m, alpha, betas), -1),
                    ((k, p, b - 1, a, m, alpha, betas), b + k), ((k - 1 + shift, p, b - 1, a, m + 1, alpha, betas), -1))

        def up(multi):
            return tuple(n + (j == var) for j, n in enumerate(multi))
        unit = up((0,) * len(alpha))
        out = [((k, p + 1, b, a, m, alpha, tuple(sorted(betas + (unit,)))), 1),
               ((k, p, b, a - 1, m, alpha, tuple(sorted(betas + (unit,)))), a), ((k, p, b, a, m, up(alpha), betas), 1)]
        out += [((k, p, b, a, m, alpha, tuple(sorted(betas[:j] + (up(beta),) + betas[j + 1:]))), 1)
                for j, beta in enumerate(betas)]
        return out
    return _collected_terms(terms, parts)


_pole_terms_derive = functools.lru_cache(maxsize=None)(_pole_terms_derive)


def _derived(g, j):
    """``g``'s derivative in its argument j (a JVP with tangent 1), a function of the same arguments."""
    def dg(*args):
        return jvp(lambda v: g(*args[:j], v, *args[j + 1:]), (args[j],), (np.ones_like(args[j]),))[1]
    return dg


def _jet(f, orders, args):
    """``f``'s derivative of ``orders`` (one count per argument) at the plain ``args``."""
    for j, n in enumerate(orders):
        for _ in range(n):
            f = _derived(f, j)
    return np.asarray(plain_tree(f(*args)), dtype=float)


#: the rest's derivatives at a point (plain, by family, point, order): :func:`_pole_terms_value`'s
_JETS: dict = {}


def _pole_terms_value(d, s, *rest, terms=(), family=None):
    # (rest: the shapes, then the factor h)
    power, rest_of, theta = _POLE_FAMILIES[family]
    d, s, h = (np.asarray(v, dtype=float) for v in (d, s, rest[-1]))
    shapes = [np.asarray(v, dtype=float) for v in rest[:-1]]
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        # (z below the normal floats, d > 0, a scale other than 1: z rounded, log z from d and s as a pair)
        z, low, direct, log_z, log_lo = _z_and_its_log(d, s)
        shape = np.broadcast(d, s, h, *shapes).shape
        # (y + 1 = q, the product of power's factors: q - 1 - k with the product's and the difference's roundings
        # kept, as _exponent_pair's; y = a - 1 rounded at a = 0.2, its error times log t in t^y)
        factors = [np.asarray(v, dtype=float) for v in power(*shapes)]
        q = functools.reduce(np.multiply, factors)
        q_lo = _product_error(*factors) if len(factors) == 2 else 0.0
        y = q - 1.0

        def exponent(k):
            e = q - (k + 1.0)
            v = e - q
            return e, (q - (e - v)) + (-(k + 1.0) - v) + q_lo
        t, log_t = np.where(direct | low, z, np.exp(log_z)), log_z

        # (z rounded: R's powers t^c from log t itself, e^(c w), around t = 1: burr12.pdf(5e-324, 0.2, 2.5, 0, 1.3)'s
        # d2/dd2, -2 c t^(2c - 1) / s, took t^c 5.4% off)
        t_r, log_r = (t, log_t) if log_lo is None else (np.where(low, 1.0, t), np.where(low, 0.0, log_t))

        def rest_at(w, *th):  # (R at t = e^w, its powers t^c as e^(c w) around the plain t: 1 and its derivatives)
            return rest_of(t_r * np.exp(w - log_r), lambda c: np.power(t_r, c) * np.exp(c * (w - log_r)), *th)

        def rest_in_t(v, *th):
            return rest_of(v, lambda c: np.power(v, c), *th)

        def y_at(*th):
            return functools.reduce(lambda u, v: u * v, power(*th)) - 1.0
        atoms, derivatives, plain_terms = {}, {}, []
        for (k, p, b, a, m, alpha, betas), r in terms:
            which = atoms.setdefault((m, alpha), len(atoms))
            coefficient = r * y ** a
            for beta in betas:
                if beta not in derivatives:
                    derivatives[beta] = _jet(y_at, beta, shapes)
                coefficient = coefficient * derivatives[beta]
            plain_terms.append(((k, p, 0, b, which), coefficient))
        # (log t too: t is 0 at every z rounded to 0)
        point = (family, t.shape, t.tobytes(), np.asarray(log_t).tobytes(), *((v.shape, v.tobytes()) for v in shapes))
        if len(_JETS) > 512:  # (a few points' derivatives: the calls of one higher derivative share them)
            _JETS.clear()
        jets = []
        for m, alpha in atoms:
            if (point, m, alpha) not in _JETS:
                _JETS[point, m, alpha] = (_jet(rest_at, (m,) + alpha, [log_t] + shapes) if theta
                                          else _jet(rest_in_t, (m,) + alpha, [t] + shapes))
            jets.append(_JETS[point, m, alpha])
        return _sum_of_power_terms(plain_terms, y, s, exponent, np.where(direct, z, 2.0), direct, log_z, shape,
                                   (jets, h), log_lo=log_lo)


def _product_error(c, d):
    """``c d - fl(c d)`` (Dekker's product; 0 where it overflows)."""
    with np.errstate(over="ignore", invalid="ignore"):
        error = two_product(c, d)[1]
    return np.where(np.isfinite(error), error, 0.0)


#: A density near its pole or zero at z = 0, ``z^y / s`` times the rest of the density ``R`` (a function of z and the
#: shapes, smooth there): ``_POLE_TERMS(d, s, *shapes, h, terms=..., family=...)``, the sum of ``r s^b log(t)^p t^(y -
#: k) y^a (d^beta y ...) d_L^m d^alpha R`` over ``terms`` (:func:`_pole_terms_derive`) times h, ``t = d / s``, y and R
#: the family's (:data:`_POLE_FAMILIES`: R's derivatives in ``L = log t`` and the shapes computed inside, at the plain
#: point); its partials in d, s and each shape such sums again, each term's product formed inside one rounding and
#: their sum, where terms overflow apart, from their logs. As ``z^c / s`` times the rest as a separate factor
#: (_Z_POWER_TERMS with g = R) the reverse paths met the power's overflowed d-derivative with the rest's tiny
#: s-partial: d2/dx dscale of weibull_min.pdf(1e-300, 0.5, 0, 1) NaN, the truth +inf. With y and the rest's theta^m R
#: as its inputs (traced in the shapes outside) a shape reached the product by two routes, each overflowing apart
#: with opposite signs, and the sum of their cotangents or tangents was inf - inf: d2/dx da of gamma.pdf(1e-300, 0.5)
#: NaN on all five paths for +inf (weibull_min, chi2, ncx2, beta, f, betaprime, exponpow, exponweib alike)
_POLE_TERMS = OwnPrimitive(_pole_terms_value, reenters="any",
                           name="wengert.scipy.stats (powers at a pole times the rest's derivatives)")
#: R's derivatives in L given up to this order (third derivatives in x, loc and the scale, as before; a fourth refused)
_POLE_THETA = 3
#: at most this many shapes (the rules' argument slots: d, s, the shapes, h)
_POLE_SHAPES = 2


def _pole_start(n):
    """``z^y / scale`` times R as :data:`_POLE_TERMS`' terms, for n shapes."""
    return (((0, 0, -1, 0, 0, (0,) * n, ()), 1),)


def _pole_term(args, kw, i, t):
    """:data:`_POLE_TERMS`' derivative in argument i (d, s, the shapes, then its factor h) times t (a tangent or
    cotangent)."""
    h = args[-1]
    if i == len(args) - 1:
        return _POLE_TERMS(*args[:-1], t, **kw)
    factor = t if isinstance(h, float) and h == 1.0 else h * t
    derived = _pole_terms_derive(kw["terms"], "d" if i == 0 else "s" if i == 1 else i - 2,
                                 _POLE_FAMILIES[kw["family"]][2])
    if any(key[4] > _POLE_THETA for key, _ in derived):
        raise NoGradientRule("wengert.scipy.stats: a density at its pole differentiated past the third order in "
                             "x, loc and the scale")
    return _POLE_TERMS(*args[:-1], factor, terms=derived, family=kw["family"])


defvjp(_POLE_TERMS, *[(lambda i: lambda ans, *args, **kw: lambda t: unbroadcast(_pole_term(args, kw, i, t), np.shape(
    _plain(args[i]))))(i) for i in range(2 + _POLE_SHAPES + 1)])
defjvp(_POLE_TERMS, lambda ans, primals, tangents, **kw: functools.reduce(lambda u, v: u + v, [
    _pole_term(primals, kw, i, t) for i, t in enumerate(tangents) if t is not None]) + np.zeros_like(_plain(ans)))
directions_at_once(_POLE_TERMS)
#: family name -> (its power's factors, whose product is y + 1; the rest of its density): _powers_at_pole's
_POLE_FAMILIES: dict = {}


def _powers_at_pole(cls, power, rest, sides=(1.0,), inner=None):
    """Wrap ``cls.pdf`` so that where ``0 < sign z < _POLE_POWERS`` (``sign`` one of ``sides``) and the density's power
    of ``t = sign z`` at the end has an exponent y > -1, y != 0 (y + 1 the product of ``power(*shapes)``), with anything
    traced, it is ``t^y / scale`` times ``rest(t, power_t, *shapes)``, the rest of the density (smooth at t = 0;
    ``power_t(c)`` is ``t^c``), as one :data:`_POLE_TERMS` of ``u = sign (x - loc)``, the scale and the shapes (the
    rest's derivatives in ``L = log t`` where ``inner`` gives it powers t^c, else in t, and in the shapes computed
    inside), its derivatives in each sums of powers of t times those, each product inside one rounding; its value the
    pdf's own (times the plain ratio of the two, 1 +- 1e-13). Through the powers of z the cotangent of z, ``y z^(y -
    1)``, overflowed before it met ``dz/dscale = -z / scale``: d/dscale of weibull_min.pdf(1e-300, 0.5) was +inf, the
    truth -2.5e149 (gamma, beta, chi2, burr12, exponweib, ... alike), d2/dscale2 NaN; through exp(logpdf) (the
    constant-x cure before) with x traced the reverse paths' d2/dx dscale was NaN for +inf, and at a zero
    (weibull_min(1.5)) d2/dx2 NaN for -inf. Where a derivative's truth overflows the right answer is the infinity of
    its sign (as elsewhere), never NaN: in the mixed ones in x (loc, the scale) and a shape too, whose two routes, the
    exponent y and the rest, overflow apart with opposite signs (summed inside, from their logs)."""
    fn = vars(cls)["pdf"].__func__
    _POLE_FAMILIES[cls.__name__] = (power, rest, inner is not None)
    parameters = inspect.signature(fn).parameters
    order = list(parameters)
    shapes = [p for p in order if p not in ("x", "loc", "scale")]

    def pdf(*args, **kwargs):
        args = list(args)

        def given(p):
            i = order.index(p)
            return args[i] if i < len(args) else kwargs.get(p, parameters[p].default)
        values = [given(p) for p in order]
        x, loc, scale = given("x"), given("loc"), given("scale")
        with np.errstate(invalid="ignore", divide="ignore", over="ignore", under="ignore"):
            pu = np.asarray(_plain(x), dtype=float) - _plain(loc)
            pz = pu / _plain(scale)
            # (z below the normal floats while x - loc is not 0: z rounded (5e-324 / 1.3 is 5e-324, 30% above the
            # quotient) or 0 (5e-324 / 3, 1e-300 / 1e30), the end: there the powers of u and the scale apart, with
            # anything traced or nothing; through z gamma.pdf(5e-324, 0.2, 0, 1.3) was 7.398e257 for 9.126e257 and
            # chi2.pdf(5e-324, 0.4) inf (the end's: its own z is x / (2 scale)) for 8.373e257)
            inner_scale = 2.0 * np.asarray(_plain(scale)) if cls is chi2 else np.asarray(_plain(scale))
            low = (np.abs(pu / inner_scale) < _TINY_NORMAL) & (pu != 0) & (inner_scale != 1.0)
        # (x or loc traced alone: the powers through z, whose derivatives in x are right there)
        if not np.any(low) and not any(isinstance(v, (Var, Dual)) for v in [scale] + [given(p) for p in shapes]):
            return fn(*args, **kwargs)
        if inner is not None and cls.__name__ not in _ROUNDED_OWN and np.any(low):
            rounded = _rounded_at_zero_power(low, pu, sides, power, [given(p) for p in shapes])
            if np.any(rounded):
                return _exp_of_log_density(cls, fn, pdf, rounded, order, values, power, [given(p) for p in shapes],
                                           pu, scale)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore", under="ignore"):
            plain_shapes = [np.asarray(_plain(given(p)), dtype=float) for p in shapes]
            y = functools.reduce(np.multiply, power(*plain_shapes)) - 1.0
            # (y = 0 too where z is rounded (low): through z = 0 the end's 0^0 gave d/da 0 for log z times the density,
            # betaprime.pdf(1e-300, 1, 3, 0, 1e300)'s 5.5e-300 for -4.139e-297; not where the rest has a power t^c of
            # its own (inner), whose d/dx there underflows to 0: weibull_min.pdf(5e-324, 1, 0, 3)'s for -1/9)
            pole = ((y != 0) | (low & (inner is None))) & (y > -1) & functools.reduce(np.logical_or, [
                (sign * pu > 0) & (sign * pz < _POLE_POWERS) for sign in sides])
            if not any(isinstance(v, (Var, Dual)) for v in [scale] + [given(p) for p in shapes]):
                pole = pole & low
            # (y = 1, a simple zero: through z, whose powers neither overflow nor cancel there; as powers times the
            # rest its d2/dx2 is theta R / t's, theta R a subnormal float or 0 where t is: ncx2.pdf(5e-324, 4, 0.5)'s
            # 0 for -0.1704 with the scale traced, beta(2, 2.5)'s -32 for -26.25, mielke(2, 1.5)'s 0 at 1e-300 for
            # -1.75e-149 (theta R = O(t^2.5)). chi2 keeps the powers at the smallest subnormal z: its own x / 2 is 0
            # there, the end, where its shape's derivatives are refused)
            # (both exclusions are for the derivatives in x and loc: where z is rounded (low) with x and loc constants
            # the powers: through z = 0 the end's 0 ** 1 had d/dshape 0, the truth the density times log z, a
            # subnormal: d/da of gamma.pdf(5e-324, a, 0, 3) at a = 2 0.0 for -4.095e-322, fisk's, burr12's, exponpow's,
            # mielke's, gengamma's, exponweib's, burr's at y = 1 alike, mpmath)
            powers_anyway = pole & low & (not any(isinstance(v, (Var, Dual)) for v in (x, loc)))
            pole = pole & ~((y == 1) & ((cls is not chi2) | (np.abs(pz) > _SMALLEST_SUBNORMAL)))
            if inner is not None:
                # (the rest's t^c: where its second derivative, t^(c - 2), overflows while the density's, t^(y + c - 2)
                # and t^(y - 2) (0 at y = 1), do not, the product's d2/dx2 would be +-inf for a finite truth:
                # mielke(2, 0.5)'s at 1e-300 -7.5e150; there the powers through z)
                c, log_t = inner(*plain_shapes), np.log(np.abs(pz))
                pole = pole & ~((c < 2) & ((c - 2) * log_t >= 700) & ((y + c - 2) * log_t <= 710)
                                & (((y - 2) * log_t <= 700) | (y == 1)))
            pole = pole | powers_anyway
        if not np.any(pole):
            return fn(*args, **kwargs)
        sign = np.where(pole & (pu < 0), -1.0, 1.0)  # (u's sign: z may be -0.0)
        # (z = 1/2 for the other branch: on every support here; plain, so that u has no tangent where x has none:
        # its zero times u's infinite partial was NaN)
        inside = _plain(loc) + 0.5 * _plain(scale)
        near = dict(zip(order, values), x=np.where(pole, x, inside))
        far = dict(zip(order, values), x=np.where(pole, inside, x))
        traced = list(near[p] for p in shapes)
        u = sign * (near["x"] - loc)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore", under="ignore"):
            powers = _POLE_TERMS(u, scale, *traced, 1.0, terms=_pole_start(len(traced)), family=cls.__name__)
            value = fn(**{p: plain_tree(v) for p, v in near.items()})
            pp = _plain(powers)
            known = pole & np.isfinite(value) & (value > 0) & np.isfinite(pp) & (pp > 0)
            # (a subnormal value or pp: their ratio has few digits, so the value by a shift, the derivatives the
            # powers' own: beta.pdf(5e-324, 2, 2.5)'s d2/dx2 with a shape traced was -32 for -26.25)
            # (z rounded: the value's own is off, the powers' right)
            normal = known & (value >= _TINY_NORMAL) & (pp >= _TINY_NORMAL) & ~low
            ratio = np.where(normal, value / pp, 1.0)
            shift = np.where(known & ~normal & ~low, value - pp, 0.0)
        out = np.where(pole, powers * ratio + shift, fn(**far))
        return out[()] if isinstance(out, np.ndarray) else out
    setattr(cls, "pdf", staticmethod(functools.wraps(fn)(pdf)))


#: families whose own pdf takes z rounded to 0 at a power z^0 (x != loc) through its log density: weibull_min's and
#: dweibull's (_extreme_value's _weibull_power_density)
_ROUNDED_OWN = ("weibull_min", "dweibull")


def _rounded_at_zero_power(low, pu, sides, power, shapes):
    """The plain mask where z = (x - loc) / scale is rounded to 0 while x - loc is not (``low``), on a side of the
    support (``sides``), and the density's power of z there, ``z^y`` with ``y + 1`` the product of ``power(*shapes)``,
    has y = 0 (the product rounded to 1 or 1 itself)."""
    with np.errstate(invalid="ignore", over="ignore"):
        y = functools.reduce(np.multiply, power(*[np.asarray(_plain(v), dtype=float) for v in shapes])) - 1.0
        side = functools.reduce(np.logical_or, [sign * pu > 0 for sign in sides])
    return low & (y == 0) & side


def _exp_of_log_density(cls, fn, pdf, rounded, order, values, power, shapes, pu, scale):
    """``cls.pdf`` (``pdf``, the wrapper; ``fn`` the family's own) where ``rounded`` (:func:`_rounded_at_zero_power`,
    with anything traced) as ``exp(cls.logpdf)`` times a plain ratio to the value, elsewhere ``pdf``. There the density
    is ``z^0`` times the rest of it (smooth at 0, with a power ``t^c`` of its own), and through its powers of the
    rounded z (0 ** 0 = 1, whose derivative in the exponent is 0) d/dshape was the density alone, ``log z`` times it
    dropped: fisk.pdf(1e-300, c, 0, 1e300)'s at c = 1 1e-300 for -1.38e-297 (mpmath; refused as "x == loc" before), and
    the rest's theta-derivatives ``t^c`` underflowed in _POLE_TERMS' products (d/dx of fisk.pdf(5e-324, 1, 0, 3) 0 for
    -2/9). The log density takes ``log z`` and ``z^c`` of x - loc and the scale apart, with the product's rounding in
    the exponent (``c d - 1`` where c d rounds to 1): each derivative right to every order. The value: the family's
    own at z = 0 (the rest's value there, exact) times ``exp(lo log z)`` (lo the product's rounding, plain): exp of the
    log is ``|log|`` ulp off (691 at 1e-300)."""
    inside = _plain(values[order.index("loc")]) + 0.5 * np.asarray(_plain(scale))
    x = values[order.index("x")]
    here = dict(zip(order, values), x=np.where(rounded, x, inside))
    there = dict(zip(order, values), x=np.where(rounded, inside, x))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore", under="ignore"):
        value = np.asarray(fn(**{p: plain_tree(v) for p, v in here.items()}), dtype=float)
        factors = [np.asarray(_plain(v), dtype=float) for v in power(*[np.asarray(_plain(v)) for v in shapes])]
        lo = _product_error(*factors) if len(factors) == 2 else 0.0
        log_z = np.log(np.where(rounded, np.abs(pu), 1.0)) - np.log(np.asarray(_plain(scale), dtype=float))
        value = value * np.exp(lo * log_z)  # (the same where nothing is traced)
        if any(isinstance(v, (Var, Dual)) for v in values):
            through_log = np.exp(cls.logpdf(**here))
            ratio = value / np.asarray(_plain(through_log), dtype=float)
            value = through_log * np.where(rounded & np.isfinite(ratio) & (ratio > 0), ratio, 1.0)
    out = np.where(rounded, value, pdf(**there))
    return out[()] if isinstance(out, np.ndarray) else out


def _ncx2_rest(t, power_t, df, nc):
    """ncx2's density over t^(df/2 - 1) near t = 0: ``exp(-(t + nc) / 2 - a log 2 - gammaln(a)) (1 + sum_j c^j / (j!
    (a)_j))``, ``c = nc t / 4``, the sum nested (20 terms: exact for c <= 1, nc below 4e100 at t = 1e-100)."""
    a, c = 0.5 * df, 0.25 * nc * t
    total = 1.0
    for j in range(20, 0, -1):
        total = 1.0 + c / (j * (a + (j - 1.0))) * total
    return np.exp(-0.5 * (t + nc) - a * _LOG_2 - sc.gammaln(a)) * total


def _weibull_rest(t, power_t, c):
    return c * np.exp(-power_t(c))


def _log1p_power_rest(k, power_t, c, e):
    """``k (1 + t^c)^-e`` (burr12, burr, fisk, mielke: the rest of the density at t = 0)."""
    return k * np.exp(-e * np.log1p(power_t(c)))


#: the exponent c of the power t^c in the rest of the density (_powers_at_pole's inner; exponpow's rest is 1 - w^2 / 2 ...)
_POLE_INNER = {"weibull_min": lambda c: c, "gengamma": lambda a, c: c, "burr12": lambda c, d: c, "exponweib": lambda a, c: c,
               "burr": lambda c, d: c, "fisk": lambda c: c, "exponpow": lambda b: 2.0 * b, "mielke": lambda k, s: s}
for _cls_name, _exponent, _rest in (
        ("weibull_min", lambda c: (c,), _weibull_rest),
        ("gamma", lambda a: (a,), lambda t, pt, a: np.exp(-t - sc.gammaln(a))),
        ("beta", lambda a, b: (a,), lambda t, pt, a, b: np.exp((b - 1.0) * np.log1p(-t) - _log_beta(a, b))),
        # (c < 0: a c - 1 < -1, no pole: the density vanishes at 0)
        ("gengamma", lambda a, c: (a, c), lambda t, pt, a, c: c * np.exp(-pt(c) - sc.gammaln(a))),
        ("chi2", lambda df: (0.5 * df,),
         lambda t, pt, df: np.exp(-0.5 * t - 0.5 * df * _LOG_2 - sc.gammaln(0.5 * df))),
        ("burr12", lambda c, d: (c,), lambda t, pt, c, d: _log1p_power_rest(c * d, pt, c, d + 1.0)),
        # (1 - e^(-t^c))^(a - 1) is t^(c (a - 1)) times exp((a - 1) log((1 - e^-w) / w)), w = t^c)
        ("exponweib", lambda a, c: (a, c),
         lambda t, pt, a, c: a * c * np.exp((a - 1.0) * _log_expm1_over(pt(c)) - pt(c))),
        # (t^(-c - 1) (1 + t^-c)^(-d - 1) = t^(c d - 1) (1 + t^c)^(-d - 1))
        ("burr", lambda c, d: (c, d), lambda t, pt, c, d: _log1p_power_rest(c * d, pt, c, d + 1.0)),
        ("nakagami", lambda nu: (2.0 * nu,),
         lambda t, pt, nu: 2.0 * np.exp(nu * np.log(nu) - sc.gammaln(nu) - nu * t * t)),
        ("f", lambda dfn, dfd: (0.5 * dfn,), lambda t, pt, dfn, dfd: np.exp(
            0.5 * dfn * np.log(dfn / dfd) - 0.5 * (dfn + dfd) * np.log1p(dfn / dfd * t) - _log_beta(0.5 * dfn,
                                                                                                     0.5 * dfd))),
        ("ncx2", lambda df, nc: (0.5 * df,), _ncx2_rest),
        ("chi", lambda df: (df,),
         lambda t, pt, df: np.exp(-0.5 * t * t - (0.5 * df - 1.0) * _LOG_2 - sc.gammaln(0.5 * df))),
        ("betaprime", lambda a, b: (a,),
         lambda t, pt, a, b: np.exp(-(a + b) * np.log1p(t) - _log_beta(a, b))),
        ("fisk", lambda c: (c,), lambda t, pt, c: _log1p_power_rest(c, pt, c, 2.0)),
        ("powerlaw", lambda a: (a,), lambda t, pt, a: a),
        # (exp(1 + w - e^w), w = t^b)
        ("exponpow", lambda b: (b,), lambda t, pt, b: b * np.exp(pt(b) - np.expm1(pt(b)))),
        ("mielke", lambda k, s: (k,), lambda t, pt, k, s: _log1p_power_rest(k, pt, s, 1.0 + k / s)),
        ("loglaplace", lambda c: (c,), lambda t, pt, c: 0.5 * c)):
    _powers_at_pole(_by_name(_cls_name), _exponent, _rest, inner=_POLE_INNER.get(_cls_name))
_powers_at_pole(weibull_max, lambda c: (c,), _weibull_rest, sides=(-1.0,), inner=lambda c: c)
_powers_at_pole(dweibull, lambda c: (c,), lambda t, pt, c: 0.5 * _weibull_rest(t, pt, c), sides=(1.0, -1.0),
                inner=lambda c: c)


# every distribution with x, loc and scale but vonmises (periodic: no limit; NaN there, as SciPy's). Keep this
# last: a distribution defined below it is not wrapped (test_stats_at_infinity checks every one)
for _cls_name in __all__:
    if _cls_name != "vonmises" and isinstance(_by_name(_cls_name), type):
        _limits_at_infinity(_by_name(_cls_name))


#: SciPy's other name of loguniform: its ``reciprocal`` and ``loguniform`` are two instances of one class
#: (``reciprocal_gen``), the same distribution under two names; here one class under both (named after the wrappers
#: above, which wrap each class once)
reciprocal = loguniform
__all__ += ["reciprocal"]
FUNCTIONS["reciprocal"] = FUNCTIONS["loguniform"]
