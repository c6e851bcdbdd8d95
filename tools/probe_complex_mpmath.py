"""Complex inputs against mpmath at 50 digits, as an outside user measures them.

For every registered NumPy function (``wengert.numpy.supported()``) and ``wengert.scipy.special``
function that takes a complex argument elementwise, at ordinary points, on and beside the branch
cuts (each side chosen by the sign of a zero part, as NumPy does), at 0 and -0, at tiny and huge
moduli, at complex infinities and with NaN parts, this compares with mpmath (the convention of
docs/guide/complex.md: the gradient of a real ``f`` of ``z = x + iy`` is ``df/dx - i df/dy``):

- ``grad`` of three real compositions at a complex ``z`` (a number and a one-element array):
  ``real(F(z))``, ``abs(F(z)) ** 2``, ``real(conj(w) F(z))``;
- ``jvp`` of ``F`` along ``1`` and ``1j`` (``dF/dx``, ``dF/dy``) and ``jvp`` of ``grad`` (the
  second derivatives);
- the same compositions of ``v = [x, y]`` (real, through ``v[0] + 1j * v[1]``): ``grad``,
  ``hessian``, ``jvp(grad)`` (per column), ``jacfwd(jacrev)``;
- ``wg.jit`` replay of ``grad`` (recorded at another point of the same signature);
- complex64 (the first derivatives only, at 1e-5 relative, with the gradient's dtype);
- complex intermediates inside real functions: ``abs(fft(x))``, ``real(exp(1j x))``,
  ``eigvals`` of a real nonsymmetric matrix, ``roots``.

The truths: holomorphic ``F`` by ``mp.diff`` of mpmath's function at 50 digits (relative step),
combined by the chain rule by hand; the others (``abs``, ``angle``, ``jve``, ...) by central
differences in x and y at 120 digits. Each truth is computed at 50 and 70 digits (``unsure``
where they differ beyond 1e-25). A point on a cut is moved 1e-30 of its modulus towards the
side its signed zeros choose. Where mpmath's value differs from NumPy's (another branch) the row is
``unsure (branch)``.

Classes (each row by its worst quantity): ``right`` (within 1e-13 relative, the complex number's
modulus; an overflowing part: the infinity of its sign), ``refused`` (ValueError / NoGradientRule
/ TypeError naming complex), ``crash`` (any other exception), ``WRONG`` (off by more, a finite number
where the truth is inf or NaN, NaN where it is finite, a real gradient for a complex input or the
reverse).

A point on a cut is moved off it by 1e-30 and by 1e-40 of its modulus and the truth is the limit of the two as the
move goes to 0 (linearly; a limit below 1e-20 of |z| times its rate of change is 0): with one move the move itself
was the truth where F' or F'' is 0 on the cut (fresnel's S' at +-2, +-2i: 1.3e-29 for 0) or where a part is 0 (d/dy
Re log at 5e-324 + 0j: 2e293 for 0). A part of a real gradient or Hessian below 1e-25 of its largest is mp.diff's
rounding, 0 (Re F'' of log at 1e-300 (1 + 1j) was an "inf" truth for 0). A part far below |z| (-2 + 1e-300j) raises
the working precision by the difference of their exponents (S' there was 2.6e-301 for -2 pi 1e-300 j).

Known limits of the truths (read a WRONG row with them in mind): mpmath's own value can be wrong consistently at 50
and 70 digits (log_ndtr at 1e300j: mpmath's erfc there makes F' -1e270 for -1e300j); beside a zero of F' (polyval at
-1 + 1e-10j, exp1'' at -1 + 1e-10j, eval_chebyt' at +-0.5) reverse mode's sum of products loses digits to
cancellation, as for a real input; where NumPy's or SciPy's value itself is off (sinc at +-700 + 0.5j by 3e-13 of
|F|, ndtr at 1e10 (1 + 1j) by 3e-11: -z / sqrt(2) rounds, and the phase of e^(-z^2 / 2) with it) the gradients of
abs(F)**2 and real(conj(w) F), which take F, are off as much.

Usage::

    PYTHONPATH=src python tools/probe_complex_mpmath.py [-v] [name ...]

mpmath is not a dependency of wengert; this tool needs it.
"""
import cmath
import math
import signal
import sys
import warnings

import mpmath as mp
import numpy as np
import scipy.special as sc

import wengert as wg
import wengert.numpy as wnp
import wengert.scipy.special as wsp

TOL, TOL32 = 1e-13, 1e-5
VERBOSE = "-v" in sys.argv
ONLY = [a for a in sys.argv[1:] if not a.startswith("-")]
TIMEOUT = 20
REFUSALS = ("ValueError", "NoGradientRule")
INF, NAN = math.inf, math.nan
W = 0.6 - 0.8j

# -- the points ------------------------------------------------------------------------------
ORDINARY = [0.3 + 0.4j, -1.2 + 0.7j, 2 - 1.5j, -0.5 - 0.25j, 0.75j + 0.1]
CUTS = [complex(-2, 0.0), complex(-2, -0.0), complex(2, 0.0), complex(2, -0.0), complex(0.0, 2),
        complex(-0.0, 2), complex(0.0, -2), complex(-0.0, -2), complex(0.5, 0.0), complex(0.5, -0.0),
        complex(-0.5, 0.0), complex(-0.5, -0.0)]
BESIDE = [-2 + 1e-20j, -2 - 1e-20j, complex(-2, 1e-300), complex(2, -1e-300), complex(1e-300, 2),
          1 + 1e-10j, -1 + 1e-10j, 1e-10 + 1j, 1e-10 - 1j, complex(-1e-300, -1)]
ZEROS = [0j, complex(-0.0, 0.0), complex(0.0, -0.0), complex(-0.0, -0.0)]
TINY = [1e-300 + 1e-300j, 1e-160 - 1e-160j, complex(5e-324, 0), complex(0, 1e-310), -3e-200 + 1e-200j]
HUGE = [1e300 + 1e300j, 1e155 - 1e155j, 700 + 0.5j, -700 + 0.5j, 1e10 + 1e10j, complex(0, 1e300), complex(-1e300, 0)]
NONFINITE = [complex(INF, 0), complex(-INF, 0), complex(0, INF), complex(INF, INF), complex(NAN, 0),
             complex(0, NAN), complex(1, NAN)]
POINTS = ORDINARY + CUTS + BESIDE + ZEROS + TINY + HUGE + NONFINITE
C64 = ORDINARY + [complex(-2, 0.0), complex(-2, -0.0), complex(0.0, 2), 1e-20 + 1e-20j]


# -- the functions: (name, wengert-traced callable, mpmath function, holomorphic) -------------
def _mpc(f):
    return lambda z: mp.mpc(f(z))


def _sinc(z):
    return mp.mpf(1) if z == 0 else mp.sin(mp.pi * z) / (mp.pi * z)


def _spence(z):
    return mp.polylog(2, 1 - z)


def _wrightomega(z):
    k = mp.ceil((mp.im(z) - mp.pi) / (2 * mp.pi))
    return mp.lambertw(mp.exp(z), int(k))


def _sign(z):
    return mp.mpc(0) if z == 0 else z / abs(z)


def _scaled(f, factor):
    return lambda z: f(z) * factor(z)


V = 1.5  # the order of the Bessel functions
HOLO = [
    ("exp", np.exp, mp.exp), ("exp2", np.exp2, lambda z: mp.power(2, z)), ("expm1", np.expm1, mp.expm1),
    ("log", np.log, mp.log), ("log2", np.log2, lambda z: mp.log(z) / mp.log(2)),
    ("log10", np.log10, lambda z: mp.log(z) / mp.log(10)), ("log1p", np.log1p, mp.log1p),
    ("sqrt", np.sqrt, mp.sqrt), ("square", np.square, lambda z: z * z), ("reciprocal", np.reciprocal, lambda z: 1 / z),
    ("sin", np.sin, mp.sin), ("cos", np.cos, mp.cos), ("tan", np.tan, mp.tan), ("sinh", np.sinh, mp.sinh),
    ("cosh", np.cosh, mp.cosh), ("tanh", np.tanh, mp.tanh), ("arcsin", np.arcsin, mp.asin),
    ("arccos", np.arccos, mp.acos), ("arctan", np.arctan, mp.atan), ("arcsinh", np.arcsinh, mp.asinh),
    ("arccosh", np.arccosh, mp.acosh), ("arctanh", np.arctanh, mp.atanh), ("negative", np.negative, lambda z: -z),
    ("positive", np.positive, lambda z: z), ("sinc", np.sinc, _sinc),
    ("emath.sqrt", np.emath.sqrt, mp.sqrt), ("emath.log", np.emath.log, mp.log),
    ("emath.arcsin", np.emath.arcsin, mp.asin), ("emath.arctanh", np.emath.arctanh, mp.atanh),
    ("power z**2.5", lambda z: np.power(z, 2.5), lambda z: mp.power(z, 2.5)),
    ("power z**-1.5", lambda z: np.power(z, -1.5), lambda z: mp.power(z, -1.5)),
    ("power z**3", lambda z: np.power(z, 3), lambda z: z ** 3),
    ("power z**(0.5+1j)", lambda z: np.power(z, 0.5 + 1j), lambda z: mp.power(z, mp.mpc(0.5, 1))),
    ("power 2**z", lambda z: np.power(2.0, z), lambda z: mp.power(2, z)),
    ("float_power z**0.5", lambda z: np.float_power(z, 0.5), mp.sqrt),
    ("emath.power z**0.5", lambda z: np.emath.power(z, 0.5), mp.sqrt),
    ("emath.logn 3", lambda z: np.emath.logn(3, z), lambda z: mp.log(z) / mp.log(3)),
    ("divide 1/z", lambda z: np.divide(1.0, z), lambda z: 1 / z),
    ("multiply z*z", lambda z: np.multiply(z, z), lambda z: z * z),
    ("prod [z,z,2]", lambda z: np.prod(wnp.array([z, z, 2.0])), lambda z: 2 * z * z),
    ("cumprod [z,z]", lambda z: np.cumprod(wnp.array([z, z]))[-1], lambda z: z * z),
    ("polyval 1,2,3", lambda z: np.polyval(np.array([1.0, 2.0, 3.0]), z), lambda z: z * z + 2 * z + 3),
    ("sc.erf", wsp.erf, mp.erf), ("sc.erfc", wsp.erfc, mp.erfc), ("sc.erfi", wsp.erfi, mp.erfi),
    ("sc.exp1", wsp.exp1, mp.e1), ("sc.expi", wsp.expi, mp.ei), ("sc.expm1", wsp.expm1, mp.expm1),
    ("sc.log1p", wsp.log1p, mp.log1p), ("sc.gamma", wsp.gamma, mp.gamma), ("sc.loggamma", wsp.loggamma, mp.loggamma),
    ("sc.rgamma", wsp.rgamma, mp.rgamma), ("sc.psi", wsp.psi, mp.digamma), ("sc.digamma", wsp.digamma, mp.digamma),
    ("sc.ndtr", wsp.ndtr, lambda z: mp.erfc(-z / mp.sqrt(2)) / 2),
    ("sc.log_ndtr", wsp.log_ndtr, lambda z: mp.log(mp.erfc(-z / mp.sqrt(2)) / 2)),
    ("sc.spence", wsp.spence, _spence), ("sc.wrightomega", wsp.wrightomega, _wrightomega),
    ("sc.dawsn", wsp.dawsn, lambda z: mp.sqrt(mp.pi) / 2 * mp.exp(-z * z) * mp.erfi(z)),
    ("sc.erfcx", wsp.erfcx, lambda z: mp.exp(z * z) * mp.erfc(z)),
    ("sc.wofz", wsp.wofz, lambda z: mp.exp(-z * z) * mp.erfc(-1j * z)),
    ("sc.fresnel S", lambda z: wsp.fresnel(z)[0], lambda z: mp.fresnels(z)),
    ("sc.fresnel C", lambda z: wsp.fresnel(z)[1], lambda z: mp.fresnelc(z)),
    ("sc.sici Si", lambda z: wsp.sici(z)[0], mp.si), ("sc.sici Ci", lambda z: wsp.sici(z)[1], mp.ci),
    ("sc.xlogy 2", lambda z: wsp.xlogy(2.0, z), lambda z: 2 * mp.log(z)),
    ("sc.xlog1py 2", lambda z: wsp.xlog1py(2.0, z), lambda z: 2 * mp.log1p(z)),
    ("sc.jv", lambda z: wsp.jv(V, z), lambda z: mp.besselj(V, z)),
    ("sc.yv", lambda z: wsp.yv(V, z), lambda z: mp.bessely(V, z)),
    ("sc.iv", lambda z: wsp.iv(V, z), lambda z: mp.besseli(V, z)),
    ("sc.kv", lambda z: wsp.kv(V, z), lambda z: mp.besselk(V, z)),
    ("sc.jn 2", lambda z: wsp.jn(2, z), lambda z: mp.besselj(2, z)),
    ("sc.hankel1", lambda z: wsp.hankel1(V, z), lambda z: mp.hankel1(V, z)),
    ("sc.hankel2", lambda z: wsp.hankel2(V, z), lambda z: mp.hankel2(V, z)),
    ("sc.kve", lambda z: wsp.kve(V, z), lambda z: mp.besselk(V, z) * mp.exp(z)),
    ("sc.hankel1e", lambda z: wsp.hankel1e(V, z), lambda z: mp.hankel1(V, z) * mp.exp(-1j * z)),
    ("sc.hankel2e", lambda z: wsp.hankel2e(V, z), lambda z: mp.hankel2(V, z) * mp.exp(1j * z)),
    ("sc.hyp1f1", lambda z: wsp.hyp1f1(0.5, 1.5, z), lambda z: mp.hyp1f1(0.5, 1.5, z)),
    ("sc.hyp2f1", lambda z: wsp.hyp2f1(0.5, 1.0, 1.5, z), lambda z: mp.hyp2f1(0.5, 1, 1.5, z)),
    ("sc.eval_legendre", lambda z: wsp.eval_legendre(3.0, z), lambda z: mp.legendre(3, z)),
    ("sc.eval_chebyt", lambda z: wsp.eval_chebyt(3.0, z), lambda z: mp.chebyt(3, z)),
    ("sc.eval_chebyu", lambda z: wsp.eval_chebyu(3.0, z), lambda z: mp.chebyu(3, z)),
    ("sc.eval_laguerre", lambda z: wsp.eval_laguerre(3.0, z), lambda z: mp.laguerre(3, 0, z)),
    ("sc.eval_genlaguerre", lambda z: wsp.eval_genlaguerre(3.0, 0.5, z), lambda z: mp.laguerre(3, 0.5, z)),
    ("sc.eval_gegenbauer", lambda z: wsp.eval_gegenbauer(3.0, 0.5, z), lambda z: mp.gegenbauer(3, 0.5, z)),
]
NONHOLO = [
    ("abs", np.abs, abs), ("absolute", np.absolute, abs), ("angle", np.angle, mp.arg), ("real", np.real, mp.re),
    ("imag", np.imag, mp.im), ("conj", np.conj, mp.conj), ("conjugate", np.conjugate, mp.conj), ("sign", np.sign, _sign),
    # (NumPy's real_if_close returns Re z where |Im z| < 100 eps: there the function is Re z, its d/dy 0)
    ("real_if_close", np.real_if_close, lambda z: mp.re(z) if abs(mp.im(z)) < 100 * np.finfo(float).eps else z),
    ("vdot z,z", lambda z: np.vdot(wnp.array([z]), wnp.array([z])), lambda z: mp.conj(z) * z),
    ("var [z,1]", lambda z: np.var(wnp.array([z, 1.0])), lambda z: abs(z - 1) ** 2 / 4),
    ("std [z,1]", lambda z: np.std(wnp.array([z, 1.0])), lambda z: abs(z - 1) / 2),
    ("sc.jve", lambda z: wsp.jve(V, z), _scaled(lambda z: mp.besselj(V, z), lambda z: mp.exp(-abs(mp.im(z))))),
    ("sc.yve", lambda z: wsp.yve(V, z), _scaled(lambda z: mp.bessely(V, z), lambda z: mp.exp(-abs(mp.im(z))))),
    ("sc.ive", lambda z: wsp.ive(V, z), _scaled(lambda z: mp.besseli(V, z), lambda z: mp.exp(-abs(mp.re(z))))),
]
OTHERS = ("dawsn", "erfcx", "wofz")  # special53's

#: functions registered in wengert.numpy that take no complex elementwise here (real only,
#: integers, shapes, orderings, no derivative): listed so that the probe tells which it skips
SKIP_NOTE = "shape / index / comparison / integer functions, orderings of complex, real-only ufuncs"


# -- truths --------------------------------------------------------------------------------------
def _side(z, move="1e-30"):
    """Move a point with a zero part (on a cut) off it by ``move`` of its modulus, towards the side the zero's sign
    chooses."""
    d = mp.mpf(abs(z)) * mp.mpf(move) if z != 0 else mp.mpf(0)
    re = z.real if z.real != 0 else math.copysign(1, z.real) * d
    im = z.imag if z.imag != 0 else math.copysign(1, z.imag) * d
    return mp.mpc(re, im)


def _moved(z):
    """Whether _side moves z (a zero part, z not 0)."""
    return z != 0 and (z.real == 0 or z.imag == 0)


#: the moves off a cut (of |z|) whose jets are taken to their limit, the move going to 0 on its side
MOVES = ("1e-30", "1e-40")


def _jet_holo(f, z):
    """[F, F_x, F_y, F_xx, F_xy, F_yy] of a holomorphic f at z (mpmath), one per move of MOVES at a point _side moves
    (see _limit), else one."""
    return [_jet_holo_moved(f, z, m) for m in (MOVES if _moved(z) else MOVES[:1])]


def _limit(jets):
    """The jet at the move 0 from those at MOVES (linearly): the move itself was in the truth where F' or F'' is 0 on
    the cut (fresnel S' at +-2, +-2i was 1.3e-29 for 0; chebyt's T3' at +-0.5 6e-30) or where a part is 0 (d/dy of
    Re log at 5e-324 + 0j was 2e293 for 0). A limit below 1e-20 of |z| times its derivative (the rate of change with
    the move) is the digits' rounding: the truth 0."""
    if len(jets) == 1:
        return jets[0]
    (a, b), (d1, d2) = jets, (mp.mpf(m) for m in MOVES)
    out = []
    for u, v in zip(a, b):
        limit, rate = (v * d1 - u * d2) / (d1 - d2), abs(u - v) / (d1 - d2)
        out.append(limit if abs(limit) > mp.mpf("1e-20") * rate else mp.mpc(0))
    return tuple(out)


def _jet_holo_moved(f, z, move):
    try:  # a pole on the cut itself (loggamma at -2 + 0j, at -1e300: an integer): the move off it would hide it
        on = mp.mpc(f(mp.mpc(z.real, z.imag)))
    except (ZeroDivisionError, ValueError):
        on = mp.mpc(mp.inf)
    if not mp.isfinite(on):
        raise ZeroDivisionError("a pole")
    w = _side(z, move)
    # mp.diff's relative=True steps by 2^-mag: a large step at a tiny z; a step relative to |z| here
    # and the working precision raised by |z|'s exponent (at 1e-300, f(z + h) - f(z - h) of exp needs
    # 1000 bits more)
    # and by a part's exponent below |z|'s (fresnel S'(-2 + 1e-300j) = -2 pi 1e-300 j: at 50 digits 2.6e-301)
    parts = [abs(p) for p in (w.real, w.imag) if p != 0]
    extra = 0 if w == 0 else max(0, int(mp.mag(abs(w))) - int(mp.mag(min(parts))))
    h = {} if w == 0 else {"h": abs(w) * mp.mpf(2) ** (-mp.mp.prec - 10), "addprec": 10 + max(0, -int(mp.mag(w))) + extra}
    with mp.extraprec(extra):
        f0 = mp.mpc(f(w))
    if not mp.isfinite(f0):
        raise ZeroDivisionError("a pole")
    f1 = mp.mpc(mp.diff(f, w, 1, **h))
    f2 = mp.mpc(mp.diff(f, w, 2, **h))
    return f0, f1, 1j * f1, f2, 1j * f2, -f2


def _jet_any(f, z):
    """F and its partials in x and y of any f at z by central differences at 120 digits (mpmath). At a point with a
    zero part the mean of the jets of both sides: the jump or kink there (jve's e^-|Im z|, ive's e^-|Re z|) has for
    its derivative the mean of the two one-sided ones by wengert's convention for the scaled Bessel functions
    (scipy_special's docstring: what a central difference gives); a function smooth across it has one jet."""
    if not _moved(z):
        return _jet_any_at(f, _side(z))
    mirror = complex(-z.real if z.real == 0 else z.real, -z.imag if z.imag == 0 else z.imag)  # (the zero's sign flipped)
    return tuple((u + v) / 2 for u, v in zip(_jet_any_at(f, _side(z)), _jet_any_at(f, _side(mirror))))


def _jet_any_at(f, w):
    # the step below a part far smaller than |z| (-2 + 1e-300j: 1e-35 |z| stepped across the kink at Im z = 0, a
    # d/dy of jve 2.5e34), the digits raised with it (the second difference over h^2 at 50 digits of F)
    scale = abs(w) if w != 0 else mp.mpf(1)
    parts = [abs(p) for p in (w.real, w.imag) if p != 0]
    h = min([scale * mp.mpf("1e-35")] + [p * mp.mpf("1e-5") for p in parts])
    # (and from the function's scale where |z| < 1: var of [z, 1] at 1e-300 (1 + 1j) changes by 1e-335 of its 0.25 over
    # the step; at 120 digits its d/dx was 0 for -0.5)
    with mp.extradps(max(70, 2 * int(mp.ceil(mp.log10(max(scale, 1) / h))))):
        def g(a, b):
            return mp.mpc(f(w + a * h + 1j * b * h))
        c = g(0, 0)
        px, mx, py, my = g(1, 0), g(-1, 0), g(0, 1), g(0, -1)
        fx, fy = (px - mx) / (2 * h), (py - my) / (2 * h)
        fxx, fyy = (px - 2 * c + mx) / h ** 2, (py - 2 * c + my) / h ** 2
        fxy = (g(1, 1) - g(1, -1) - g(-1, 1) + g(-1, -1)) / (4 * h * h)
    return c, fx, fy, fxx, fxy, fyy


def _compositions(jet):
    """(name, f, fx, fy, fxx, fxy, fyy) of each real composition L(F)."""
    F, Fx, Fy, Fxx, Fxy, Fyy = jet
    out = []
    for name, c in (("real(F)", mp.mpc(1)), ("real(conj(w) F)", mp.mpc(W.conjugate()))):
        out.append((name, mp.re(c * F), mp.re(c * Fx), mp.re(c * Fy), mp.re(c * Fxx), mp.re(c * Fxy), mp.re(c * Fyy)))
    cF = mp.conj(F)
    out.append(("abs(F)**2", abs(F) ** 2, 2 * mp.re(cF * Fx), 2 * mp.re(cF * Fy),
                2 * (abs(Fx) ** 2 + mp.re(cF * Fxx)), 2 * mp.re(mp.conj(Fx) * Fy + cF * Fxy),
                2 * (abs(Fy) ** 2 + mp.re(cF * Fyy))))
    return out


def _to_double(v):
    """A truth rounded to a double or complex (an overflowing part to its infinity)."""
    def part(q):
        if mp.isnan(q):
            return NAN
        if mp.isinf(q) or abs(q) > mp.mpf(np.finfo(float).max):
            return math.copysign(INF, q)
        return float(q)
    if isinstance(v, mp.mpc):
        # a part below 1e-25 of the modulus is the move off the cut's (_side), not the function's: 0
        small = abs(v) * mp.mpf("1e-25")
        return complex(part(v.real if abs(v.real) > small else 0), part(v.imag if abs(v.imag) > small else 0))
    return part(v)


def truths(f, z, holo):
    """{quantity: truth} at 50 digits, the same at 70 digits (or None: unsure)."""
    out = []
    for dps in (50, 70):
        with mp.workdps(dps):
            jets = _jet_holo(f, z) if holo else [_jet_any(f, z)]
            out.append(jets)
    (a, b) = out
    with mp.workdps(50):
        # settled: the jet at the first move (as the value there), and the limits (a 0 at the second move is 1e-40 of
        # the first's value, the digits' rounding at 50 digits a larger part of it)
        for ja, jb in ((a[0], b[0]), (_limit(a), _limit(b))):
            for u, v in zip(ja, jb):
                if abs(u - v) > mp.mpf("1e-25") * (abs(u) + abs(v)) and abs(u - v) > mp.mpf("1e-300"):
                    return None
        return _limit(a)


def _expected(jet):
    """{path: truth (double)} for every path the probe runs."""
    with mp.workdps(50):
        return _expected_at_50(jet)


def _expected_at_50(jet):
    F, Fx, Fy = jet[:3]
    exp = {"jvp dz=1": Fx, "jvp dz=1j": Fy}
    for name, _, fx, fy, fxx, fxy, fyy in _compositions(jet):
        exp[f"grad {name}"] = mp.mpc(fx, -fy)
        exp[f"jvp(grad) {name} dz=1"] = mp.mpc(fxx, -fxy)
        exp[f"jvp(grad) {name} dz=1j"] = mp.mpc(fxy, -fyy)
        exp[f"real: grad {name}"] = (fx, fy)
        exp[f"real: hessian {name}"] = (fxx, fxy, fxy, fyy)
    # a part of a real gradient or Hessian below 1e-25 of the largest is mp.diff's rounding, not the function's: 0
    # (Re F'' of log at 1e-300 (1 + 1j) is 0, Im F'' 5e599: the rounding of the first was 5e549, an "inf" truth)
    exp = {k: (tuple(u if abs(u) > mp.mpf("1e-25") * max(abs(q) for q in v) else mp.mpf(0) for u in v)
               if isinstance(v, tuple) else v) for k, v in exp.items()}
    out = {k: (tuple(_to_double(u) for u in v) if isinstance(v, tuple) else _to_double(v)) for k, v in exp.items()}
    # the scale each quantity is judged by: its group's (dF/dx with dF/dy, a gradient's parts, the Hessian's entries)
    for k in list(out):
        group = [g for g in exp if g.rsplit(" dz=", 1)[0] == k.rsplit(" dz=", 1)[0]]
        parts = [abs(u) for g in group for u in (exp[g] if isinstance(exp[g], tuple) else (exp[g],))]
        out[k] = (out[k], _to_double(max(parts)))
    return out


def _constant_parts(f, holo):
    """{path: truth} of the quantities that are the same at two ordinary points (a constant derivative: its value
    at a NaN input too, as the second derivative 2 of z^2); the others' truth there is NaN."""
    jets = [truths(f, z, holo) for z in (0.3 + 0.4j, -1.1 + 0.6j)]
    if any(j is None for j in jets):
        return {}
    a, b = (_expected(j) for j in jets)
    return {k: a[k] for k in a if a[k][0] == b[k][0]}


# -- wengert's answers ---------------------------------------------------------------------------
def _compose(name, F):
    if name == "real(F)":
        return lambda z: np.real(F(z))
    if name == "abs(F)**2":
        return lambda z: np.abs(F(z)) ** 2
    return lambda z: np.real(np.conj(W) * F(z))


def _real_input(L):
    return lambda v: L(v[0] + 1j * v[1])


def answers(F, z, holo):
    """{path: (value or exception)} for one function at one point."""
    out = {}

    def run(key, thunk):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                out[key] = thunk()
        except Exception as e:  # noqa: BLE001 -- classified below
            out[key] = e

    arr = np.array([z])
    run("jvp dz=1", lambda: wg.jvp(F, (z,), (1 + 0j,))[1])
    run("jvp dz=1j", lambda: wg.jvp(F, (z,), (1j,))[1])
    run("jvp dz=1 (array)", lambda: wg.jvp(F, (arr,), (np.ones(1, complex),))[1])
    for name in ("real(F)", "real(conj(w) F)", "abs(F)**2"):
        L = _compose(name, F)
        run(f"grad {name}", lambda: wg.grad(L)(z))
        run(f"grad {name} (array)", lambda: wg.grad(lambda a: np.sum(L(a)))(arr))
        run(f"jvp(grad) {name} dz=1", lambda: wg.jvp(wg.grad(L), (z,), (1 + 0j,))[1])
        run(f"jvp(grad) {name} dz=1j", lambda: wg.jvp(wg.grad(L), (z,), (1j,))[1])
        R = _real_input(L)
        v = np.array([z.real, z.imag])
        run(f"real: grad {name}", lambda: wg.grad(R)(v))
        run(f"real: hessian {name}", lambda: wg.hessian(R)(v))
        run(f"real: jvp(grad) {name}", lambda: np.stack([wg.jvp(wg.grad(R), (v,), (e,))[1] for e in np.eye(2)], axis=1))
        run(f"real: jacfwd(jacrev) {name}", lambda: wg.jacfwd(wg.jacrev(R))(v))
        if name == "real(F)":
            def jitted():
                g = wg.grad(wg.jit(L))
                g(0.3 + 0.2j)
                g(0.35 + 0.25j)
                return g(z)
            run(f"jit grad {name}", jitted)
    return out


def _same(got, want, tol, scale):
    """None if got matches want (a double or complex truth) within tol * scale, else the reason."""
    if isinstance(want, complex):
        parts = [(np.real(got), want.real), (np.imag(got), want.imag)]
    else:
        parts = [(got, want)]
    for g, w in parts:
        g = float(g)
        if math.isnan(w):
            continue
        if math.isinf(w):
            if g != w:
                return f"{g!r} for {w!r}"
            continue
        if math.isnan(g):
            return f"nan for {w!r}"
        if math.isinf(scale):  # another part overflows: this part's digits are not judged
            if not math.isfinite(g):
                return f"{g!r} for {w!r}"
            continue
        if abs(g - w) > tol * scale and abs(g - w) > 1e-300:
            return f"{g!r} for {w!r}"
    return None


def judge(key, got, want, complex_input, tol=TOL, dtype=None, scale=None):
    """(class, detail)."""
    if isinstance(got, Exception):
        name = type(got).__name__
        msg = str(got).split("\n")[0][:150]
        if name in REFUSALS or isinstance(got, ValueError) or (name == "TypeError" and "complex" in msg):
            return "refused", f"{name}: {msg}"
        return "crash", f"{name}: {msg}"
    g = np.asarray(got)
    real_path = key.startswith("real:")
    if (not real_path and complex_input and key.startswith(("grad", "jvp(grad)")) and not np.iscomplexobj(g)):
        return "WRONG", f"real {g.dtype} for a complex input"
    if real_path and np.iscomplexobj(g):
        return "WRONG", f"complex {g.dtype} for a real input"
    if dtype is not None and g.dtype != dtype:
        return "WRONG", f"dtype {g.dtype}, not {dtype}"
    flat = g.ravel()
    wants = want if isinstance(want, tuple) else (want,)
    if flat.size != len(wants):
        return "crash", f"shape {g.shape}"
    # the scale of the whole vector or matrix: a part or entry next to larger ones is judged by them
    if scale is None:
        scale = max((abs(w) for w in wants if not cmath.isnan(w)), default=0.0)
    for i, (u, w) in enumerate(zip(flat, wants)):
        if isinstance(w, float) and math.isnan(w) or isinstance(w, complex) and cmath.isnan(w):
            if np.all(np.isfinite(u)) and not _nan_free_ok:
                return "WRONG", f"[{i}] finite {u!r} where the truth is NaN"
            continue
        why = _same(u, w, tol, scale)
        if why:
            return "WRONG", f"[{i}] {why}"
    return "right", ""


_nan_free_ok = False

# -- composite real functions with complex intermediates ------------------------------------------
_FFT_W = [1.0, 2.0, 0.5, 3.0]


def _fft_mp(x):
    n = len(x)
    out = 0
    for k in range(n):
        s = mp.fsum(x[j] * mp.expj(-2 * mp.pi * j * k / n) for j in range(n))
        out += _FFT_W[k] * abs(s)
    return out


def _eig_mp(x):
    A = mp.matrix(3, 3)
    for i in range(9):
        A[i // 3, i % 3] = x[i]
    return mp.fsum(abs(e) ** 3 for e in mp.eig(A, left=False, right=False))


def _roots_mp(x):
    r = mp.polyroots([1] + list(x), maxsteps=200, extraprec=200)
    return mp.fsum(mp.re(v ** 3) + abs(v) for v in r)


COMPOSITES = [
    ("abs(fft(x)) weighted", lambda x: np.sum(np.asarray(_FFT_W) * np.abs(np.fft.fft(x))), _fft_mp,
     [np.array([0.3, -1.2, 2.0, 0.7]), np.array([1.0, 1.0, 1.0, 1.0]), np.array([1e-200, 2e-200, -1e-200, 3e-200])]),
    ("real(exp(1j x))", lambda x: np.sum(np.real(np.exp(1j * x)) * np.array([1.0, 2.0])),
     lambda x: mp.cos(x[0]) + 2 * mp.cos(x[1]), [np.array([0.3, -2.0]), np.array([0.0, 1e-300]), np.array([1e10, 3.0])]),
    ("sum |eigvals(A)|^3", None, _eig_mp,
     [np.array([0.1, -1.0, 0.3, 1.0, 0.2, 0.1, 0.5, 0.4, 2.0]), np.array([0.0, -1.0, 0.3, 1.0, 0.2, 0.1, 0.5, 0.4, 2.0])]),
    ("roots cubic", lambda c: np.sum(np.real(np.roots(wnp.concatenate([np.ones(1), c])) ** 3)
                                     + np.abs(np.roots(wnp.concatenate([np.ones(1), c])))),
     _roots_mp, [np.array([0.5, 1.0, 2.0]), np.array([-1.0, 2.0, -3.0])]),
]


def _eig_f(x):
    return np.sum(np.abs(np.linalg.eigvals(np.reshape(x, (3, 3)))) ** 3)


def _composite_truth(f, x):
    n = len(x)
    out = []
    tiny = min((abs(float(v)) for v in x if v != 0), default=1.0)
    extra = 2 * max(0, -int(math.log10(tiny)))  # (cos(1e-300 + h) - cos(1e-300 - h) needs 600 digits more)
    for dps in (60, 80):
        with mp.workdps(dps + extra):
            xs = [mp.mpf(float(v)) for v in x]
            h = [min(abs(v), 1) if v != 0 else mp.mpf(1) for v in xs]
            h = [u * mp.mpf(10) ** (-dps // 4) for u in h]

            def at(*shift):
                return f([v + s * hh for v, s, hh in zip(xs, shift, h)])
            grad = []
            hess = [[0] * n for _ in range(n)]
            e = lambda i, s=1: [s if j == i else 0 for j in range(n)]  # noqa: E731
            c = at(*[0] * n)
            for i in range(n):
                p, m = at(*e(i)), at(*e(i, -1))
                grad.append((p - m) / (2 * h[i]))
                hess[i][i] = (p - 2 * c + m) / h[i] ** 2
                for j in range(i):
                    s = [0] * n
                    def two(a, b):
                        q = list(s)
                        q[i], q[j] = a, b
                        return at(*q)
                    hess[i][j] = hess[j][i] = (two(1, 1) - two(1, -1) - two(-1, 1) + two(-1, -1)) / (4 * h[i] * h[j])
            out.append((grad, hess))
    (g1, h1), (g2, h2) = out
    scale = max(abs(a) for a in g2 + sum(h2, []))
    ok = all(abs(a - b) <= mp.mpf("1e-20") * scale for a, b in zip(g1 + sum(h1, []), g2 + sum(h2, [])))
    if not ok:
        return None
    return np.array([float(v) for v in g2]), np.array([[float(v) for v in r] for r in h2])


def _signs(z):
    return math.copysign(1, z.real), math.copysign(1, z.imag)


# -- the run --------------------------------------------------------------------------------------
class _Timeout(Exception):
    pass


def _alarm(*_):
    raise _Timeout()


class _Rows(list):
    """The rows, each printed as it comes (all with -v, else those not right)."""

    def append(self, row):
        super().append(row)
        cls, name, z, detail, note = row
        if VERBOSE or cls != "right":
            print(f"{cls:8s} {name:22s} {z!r:28s} {detail} {note}", flush=True)


def main():
    signal.signal(signal.SIGALRM, _alarm)
    counts = {"right": 0, "refused": 0, "crash": 0, "WRONG": 0, "unsure": 0}
    rows = _Rows()
    table = [(n, F, f, True) for n, F, f in HOLO] + [(n, F, f, False) for n, F, f in NONHOLO]
    for name, F, f, holo in table:
        if ONLY and not any(o in name for o in ONLY):
            continue
        for z in POINTS:
            signal.alarm(TIMEOUT)
            try:
                jet = truths(f, z, holo) if not (cmath.isnan(z)) else "nan"
                if jet is not None and jet != "nan" and not cmath.isinf(z):
                    with np.errstate(all="ignore"), warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        val = complex(np.asarray(F(z)))
                    t0 = _to_double(jet[0])
                    if cmath.isfinite(t0) and cmath.isfinite(val) and abs(val - t0) > 1e-8 * max(abs(t0), 1e-300):
                        jet = "branch"
            except (_Timeout, Exception) as e:  # noqa: BLE001 -- mpmath's failures: not judged
                jet = None if not isinstance(e, ZeroDivisionError) else "pole"
            finally:
                signal.alarm(0)
            if jet is None or jet == "branch" or (cmath.isinf(z) and jet != "nan"):
                cls = "unsure"
                rows.append((cls, name, z, "*", "truth not settled" if jet != "branch" else "mpmath on another branch"))
                counts[cls] += 1
                continue
            if jet == "nan":
                want = want_real = _constant_parts(f, holo)
            elif jet == "pole":
                want = want_real = {}
            else:
                try:
                    want = _expected(jet)
                except Exception:  # noqa: BLE001
                    want = None
                # the real path's point v[0] + 1j * v[1] keeps no negative zero part: its truth is there
                zr = complex(np.float64(z.real) + 1j * np.float64(z.imag))
                want_real = want
                if want is not None and _signs(zr) != _signs(z):
                    try:
                        jr = truths(f, zr, holo)
                        want_real = _expected(jr) if jr is not None else None
                    except Exception:  # noqa: BLE001
                        want_real = None
                    want = want if want_real is not None else None
                if want is None:
                    counts["unsure"] += 1
                    rows.append(("unsure", name, z, "*", "truth not representable"))
                    continue
            signal.alarm(TIMEOUT)
            try:
                got = answers(F, z, holo)
            except _Timeout:
                got = {"*": RuntimeError("timeout")}
            finally:
                signal.alarm(0)
            worst, detail = "right", []
            rank = {"right": 0, "refused": 1, "crash": 2, "WRONG": 3}
            for key, g in got.items():
                base = key.replace(" (array)", "").replace("jit ", "").replace("real: jvp(grad)", "real: hessian")
                base = base.replace("real: jacfwd(jacrev)", "real: hessian")
                if base in want and jet == "nan":
                    w, sc_ = want[base]
                    cls, why = judge(key, g, w, True, scale=sc_)
                elif jet in ("nan", "pole"):
                    w = NAN if base.startswith("real:") else complex(NAN, NAN)
                    if "hessian" in base:
                        w = (NAN,) * 4
                    elif base.startswith("real: grad"):
                        w = (NAN, NAN)
                    if jet == "pole":
                        cls, why = judge(key, g, w, True) if isinstance(g, Exception) else ("right", "")
                        if not isinstance(g, Exception) and np.all(np.isfinite(np.asarray(g))):
                            cls, why = "WRONG", f"finite {np.asarray(g).ravel()!r} at a pole"
                    else:
                        cls, why = judge(key, g, w, True)
                else:
                    w, sc_ = (want_real if base.startswith("real:") else want)[base]
                    cls, why = judge(key, g, w, True, scale=sc_)
                if cls != "right":
                    detail.append(f"{key}: {cls} {why}")
                if rank[cls] > rank[worst]:
                    worst = cls
            counts[worst] += 1
            rows.append((worst, name, z, "; ".join(detail[:4]) + (f" (+{len(detail) - 4})" if len(detail) > 4 else ""), ""))
        # complex64: first derivatives of the gradient's dtype
        for z in C64 if holo else []:
            z32 = complex(np.complex64(z))
            try:
                jet = truths(f, z32, holo)
                want = _expected(jet)["grad real(F)"][0]
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    val, t0 = complex(np.asarray(F(z32))), _to_double(jet[0])
                if abs(val - t0) > 1e-8 * max(abs(t0), 1e-300):  # (SciPy's value on the other side of a cut)
                    continue
            except Exception:  # noqa: BLE001 -- not judged
                continue
            try:
                with np.errstate(all="ignore"):
                    g = wg.grad(lambda a: np.sum(np.real(F(a))))(np.array([z], np.complex64))
            except Exception as e:  # noqa: BLE001
                g = e
            big = float(np.finfo(np.float32).max)  # (complex64's range: beyond it the truth is an infinity)
            if isinstance(want, complex):
                want = complex(*(math.copysign(INF, p) if abs(p) > big else p for p in (want.real, want.imag)))
            cls, why = judge("grad", g, want, True, tol=TOL32, dtype=np.complex64)
            counts[cls] += 1
            rows.append((cls, name + " complex64", z, why, ""))
    for name, f, fmp, xs in COMPOSITES:
        if ONLY and not any(o in name for o in ONLY):
            continue
        f = f or _eig_f
        for x in xs:
            t = _composite_truth(fmp, list(x))
            if t is None:
                counts["unsure"] += 1
                rows.append(("unsure", name, tuple(x), "", "truth not settled"))
                continue
            g_t, h_t = t
            res = {}
            for key, thunk, want in (("grad", lambda: wg.grad(f)(x), g_t), ("hessian", lambda: wg.hessian(f)(x), h_t),
                                     ("jacfwd(jacrev)", lambda: wg.jacfwd(wg.jacrev(f))(x), h_t),
                                     ("jvp(grad)", lambda: np.stack([wg.jvp(wg.grad(f), (x,), (e,))[1] for e in np.eye(len(x))], 1), h_t)):
                try:
                    with np.errstate(all="ignore"):
                        got = thunk()
                except Exception as e:  # noqa: BLE001
                    got = e
                res[key] = judge("real: " + key, got, tuple(float(v) for v in np.ravel(want)), False)
            worst = max((c for c, _ in res.values()), key=["right", "refused", "crash", "WRONG"].index)
            counts[worst] += 1
            rows.append((worst, name, tuple(x), "; ".join(f"{k}: {c} {w}" for k, (c, w) in res.items() if c != "right"), ""))
    print(" ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
