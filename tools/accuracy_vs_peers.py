"""Accuracy of first and second derivatives: wengert against JAX, autograd and PyTorch.

Every case of :data:`CASES` is a scalar function written once against a NumPy-like module
``m`` (``lambda m, x: m.sinc(x)``), a point, a derivative order (1 or 2) and the truth: a
closed form (or ``mp.diff`` of an mpmath formula at an ordinary point) evaluated with
mpmath at 50 digits and more, raised until two precisions agree. Each library
differentiates the function by its own reverse mode, nested for the second derivative:

* wengert: ``wg.grad(wg.grad(f))(x)`` on a Python float, ``m`` being NumPy and
  ``scipy.special`` (wengert's rules for them);
* JAX (64-bit, ``jax_enable_x64``): ``jax.grad(jax.grad(f))``, ``m`` being
  ``jax.numpy`` and ``jax.scipy.special``;
* autograd: ``autograd.grad`` nested, ``m`` being ``autograd.numpy`` and
  ``autograd.scipy.special``;
* PyTorch: ``torch.func.grad`` nested on a float64 tensor, ``m`` being ``torch`` and
  ``torch.special`` (NumPy's names where PyTorch's differ: ``arctan`` is ``torch.atan``,
  ``expit`` ``torch.special.expit``; float arguments become float64 tensors).

It prints a markdown table: the truth, and each library's relative error
``|d - truth| / |truth|`` (``0`` where the double is the truth rounded, ``abs 2e-16``
where the truth is 0; ``nan``, ``inf``, ``-inf`` as they come; ``raises`` where the
derivative raised; ``n/a`` where the library lacks the function). A library that is not
installed is left out. The first rows (:func:`_ordinary_cases`) are points drawn at random
from common functions, where every library should be within a few ulps: the table's
baseline. At a kink (no derivative) the row shows the numbers the libraries return.

Run from the repository root, in an environment with mpmath and any of jax, autograd,
torch (none is a dependency of wengert; this tool is not run by the test suite)::

    PYTHONPATH=src python tools/accuracy_vs_peers.py             # the table (markdown)
    PYTHONPATH=src python tools/accuracy_vs_peers.py --only sinc # cases whose name contains "sinc"
    PYTHONPATH=src python tools/accuracy_vs_peers.py --values    # the derivatives, not the errors

docs/guide/accuracy.md shows its output.
"""
import argparse
import datetime
import importlib
import importlib.metadata
import math
import platform
import sys
import warnings

import numpy as np

import wengert as wg

#: The precisions (decimal digits) tried in turn for a truth, until two agree to ``AGREE``.
PRECISIONS = (50, 100, 200, 400, 800, 1600)
AGREE = 1e-30


class Case:
    """``f(m, x)`` (a scalar function of ``x`` written against the module ``m``), the point,
    the order of the derivative and ``truth(mp, x)``, an mpmath expression of it (``None``
    at a kink, where there is no derivative: the table shows each library's number)."""

    def __init__(self, name, f, x, order, truth):
        self.name, self.f, self.x, self.order, self.truth = name, f, x, order, truth


def _d(mp, f, x, n):
    """``mp.diff`` of ``f`` at ``x``, for ordinary points (not at 0: its step is absolute)."""
    return mp.diff(f, x, n)


def _log_ndtr_d1(mp, x):
    return mp.npdf(x) / mp.ncdf(x)


def _expit(mp, x):
    return 1 / (1 + mp.exp(-x))


def _ordinary_cases():
    """Ten common functions at random points, first and second derivatives."""
    rng = np.random.default_rng(44)
    table = [
        ("sin", lambda m, x: m.sin(x), lambda mp, t: mp.sin(t), (-3.0, 3.0)),
        ("exp", lambda m, x: m.exp(x), lambda mp, t: mp.exp(t), (-3.0, 3.0)),
        ("log", lambda m, x: m.log(x), lambda mp, t: mp.log(t), (0.1, 5.0)),
        ("tanh", lambda m, x: m.tanh(x), lambda mp, t: mp.tanh(t), (-3.0, 3.0)),
        ("arctan", lambda m, x: m.arctan(x), lambda mp, t: mp.atan(t), (-3.0, 3.0)),
        ("sqrt", lambda m, x: m.sqrt(x), lambda mp, t: mp.sqrt(t), (0.1, 5.0)),
        ("x**2.5", lambda m, x: x ** 2.5, lambda mp, t: t ** mp.mpf(2.5), (0.1, 5.0)),
        ("erf", lambda m, x: m.erf(x), lambda mp, t: mp.erf(t), (-2.0, 2.0)),
        ("gammaln", lambda m, x: m.gammaln(x), lambda mp, t: mp.loggamma(t), (0.5, 6.0)),
        ("expit", lambda m, x: m.expit(x), _expit, (-4.0, 4.0)),
        ("logaddexp(x, 0.5)", lambda m, x: m.logaddexp(x, 0.5),
         lambda mp, t: mp.log(mp.exp(t) + mp.exp(mp.mpf(0.5))), (-3.0, 3.0)),
    ]
    cases = []
    for name, f, g, (low, high) in table:
        x = float(np.round(rng.uniform(low, high), 4))
        for order in (1, 2):
            cases.append(Case(name, f, x, order, lambda mp, t, g=g, n=order: _d(mp, lambda u: g(mp, u), t, n)))
    return cases


def _sinc_d1(mp, x):
    """sinc'(x) from sinc(x) = sum_k (-1)^k (pi x)^(2k) / (2k + 1)!, term by term (the closed
    form cancels to every digit at small x)."""
    return mp.nsum(lambda k: (-1) ** k * 2 * k * mp.pi ** (2 * k) * x ** (2 * k - 1) / mp.factorial(2 * k + 1),
                   [1, mp.inf])


def _sinc_d2(mp, x):
    return mp.nsum(lambda k: (-1) ** k * 2 * k * (2 * k - 1) * mp.pi ** (2 * k) * x ** (2 * k - 2)
                   / mp.factorial(2 * k + 1), [1, mp.inf])


def _ndtri(mp, p):
    """The q with Phi(q) = p, by Newton's method on log Phi from SciPy's ndtri (a start)."""
    import scipy.special
    return mp.findroot(lambda q: mp.log(mp.ncdf(q)) - mp.log(p), mp.mpf(float(scipy.special.ndtri(float(p)))))


def _ndtri_d1(mp, p):
    return 1 / mp.npdf(_ndtri(mp, p))


def _ndtri_d2(mp, p):
    q = _ndtri(mp, p)
    return q / mp.npdf(q) ** 2


def _both(name, f, x, d1, d2):
    return [Case(name, f, x, 1, d1), Case(name, f, x, 2, d2)]


def _edge_cases():
    """The points where a library's derivative is known to go wrong (found by comparing
    them: see docs/guide/accuracy.md)."""
    c = []
    sinc = lambda m, x: m.sinc(x)  # noqa: E731
    for x in (0.0, 1e-300, 1e-20, 1e-10, 1e-5):
        c += _both("sinc", sinc, x, _sinc_d1, _sinc_d2)
    # np.i0 / scipy.special.i0 and i1: I0' = I1, I0'' = (I0 + I2) / 2, I1'' = (3 I1 + I3) / 4
    i_d1 = lambda mp, x: mp.besseli(1, x)  # noqa: E731
    i_d2 = lambda mp, x: (mp.besseli(0, x) + mp.besseli(2, x)) / 2  # noqa: E731
    for x in (0.0, 1e-300, 1e-10):
        c += _both("numpy i0", lambda m, x: m.i0(x), x, i_d1, i_d2)
        c += _both("scipy i0", lambda m, x: m.sc_i0(x), x, i_d1, i_d2)
        c += _both("i1", lambda m, x: m.i1(x), x, i_d2, lambda mp, x: (3 * mp.besseli(1, x) + mp.besseli(3, x)) / 4)
    # scipy's spence(z) = Li2(1 - z): spence'(1) = -1, spence''(1) = 1/2
    for x in (1.0, 1.0 + 2.0 ** -52, 0.5):
        c += _both("spence", lambda m, x: m.spence(x), x, lambda mp, x: mp.log(x) / (1 - x) if x != 1 else mp.mpf(-1),
                   lambda mp, x: _d(mp, lambda t: mp.polylog(2, 1 - t), x, 2))
    for x in (-5.0, -20.0, -40.0, -1e3, -1e5, 10.0, 37.0):
        c += _both("log_ndtr", lambda m, x: m.log_ndtr(x), x, _log_ndtr_d1,
                   lambda mp, x: -_log_ndtr_d1(mp, x) * (x + _log_ndtr_d1(mp, x)))
    for x in (19.0, 20.0, -20.0, 40.0):
        c.append(Case("tanh", lambda m, x: m.tanh(x), x, 2, lambda mp, x: -2 * mp.tanh(x) / mp.cosh(x) ** 2))
    for x in (20.0, 30.0, 40.0):
        c.append(Case("expit", lambda m, x: m.expit(x), x, 2,
                      lambda mp, x: _expit(mp, x) * (1 - _expit(mp, x)) * (1 - 2 * _expit(mp, x))))
    for x in (1e-300, 1e-100):
        c.append(Case("x * log(x)", lambda m, x: x * m.log(x), x, 2, lambda mp, x: 1 / x))
    c.append(Case("logaddexp(inf, y), d/dy", lambda m, y: m.logaddexp(math.inf, y), 1.0, 1, lambda mp, y: mp.mpf(0)))
    c.append(Case("logaddexp(x, 1), d/dx", lambda m, x: m.logaddexp(x, 1.0), math.inf, 1, lambda mp, x: mp.mpf(1)))
    c.append(Case("hypot(x, 1e300), d/dx", lambda m, x: m.hypot(x, 1e300), 1e300, 1,
                  lambda mp, x: x / mp.sqrt(x * x + mp.mpf(1e300) ** 2)))
    c.append(Case("hypot(x, 1e300), d/dx", lambda m, x: m.hypot(x, 1e300), 1e300, 2,
                  lambda mp, x: mp.mpf(1e300) ** 2 / mp.sqrt(x * x + mp.mpf(1e300) ** 2) ** 3))
    c.append(Case("1e300 / y, d/dy", lambda m, y: 1e300 / y, 1e300, 1, lambda mp, y: -mp.mpf(1e300) / y ** 2))
    c.append(Case("1 / y, d/dy", lambda m, y: 1.0 / y, 1e155, 1, lambda mp, y: -1 / y ** 2))
    # more tails and zeros, where the libraries' rules differ
    for x in (1e-300, 1e-100, 1e-10):
        c += _both("ndtri", lambda m, x: m.ndtri(x), x, _ndtri_d1, _ndtri_d2)
    c.append(Case("logaddexp(x, 0)", lambda m, x: m.logaddexp(x, 0.0), 40.0, 2,
                  lambda mp, x: _expit(mp, x) * (1 - _expit(mp, x))))
    c += _both("gammaln", lambda m, x: m.gammaln(x), 1.4616321449683622, lambda mp, x: mp.digamma(x),
               lambda mp, x: mp.psi(1, x))
    erfcx = lambda mp, x: mp.exp(x * x) * mp.erfc(x)  # noqa: E731
    c += _both("erfcx", lambda m, x: m.erfcx(x), 30.0, lambda mp, x: 2 * x * erfcx(mp, x) - 2 / mp.sqrt(mp.pi),
               lambda mp, x: 2 * erfcx(mp, x) + 2 * x * (2 * x * erfcx(mp, x) - 2 / mp.sqrt(mp.pi)))
    c += _both("ndtr", lambda m, x: m.ndtr(x), -30.0, lambda mp, x: mp.npdf(x), lambda mp, x: -x * mp.npdf(x))
    erfinv_d1 = lambda mp, x: mp.sqrt(mp.pi) / 2 * mp.exp(mp.erfinv(x) ** 2)  # noqa: E731
    c += _both("erfinv", lambda m, x: m.erfinv(x), 0.999999, erfinv_d1,
               lambda mp, x: 2 * mp.erfinv(x) * erfinv_d1(mp, x) ** 2)
    c += _both("arccos", lambda m, x: m.arccos(x), 0.999999999, lambda mp, x: -1 / mp.sqrt(1 - x * x),
               lambda mp, x: -x / mp.sqrt(1 - x * x) ** 3)
    c += _both("cbrt", lambda m, x: m.cbrt(x), 1e-100, lambda mp, x: x ** (-mp.mpf(2) / 3) / 3,
               lambda mp, x: -2 * x ** (-mp.mpf(5) / 3) / 9)
    c.append(Case("cosh", lambda m, x: m.cosh(x), 700.0, 1, lambda mp, x: mp.sinh(x)))
    c.append(Case("arctanh", lambda m, x: m.arctanh(x), 0.9999999, 1, lambda mp, x: 1 / (1 - x * x)))
    # x^(a-1) e^-x / gamma(a): wengert's as the exp of its logarithm, autograd's as the product
    c += _both("gammaincc(2.5, x)", lambda m, x: m.gammaincc(2.5, x), 50.0,
               lambda mp, x: -x ** mp.mpf(1.5) * mp.exp(-x) / mp.gamma(2.5),
               lambda mp, x: x ** mp.mpf(0.5) * mp.exp(-x) * (x - mp.mpf(1.5)) / mp.gamma(2.5))
    # kinks: no derivative (truth None); the cells show what each library returns
    c.append(Case("abs", lambda m, x: m.abs(x), 0.0, 1, None))
    c.append(Case("abs", lambda m, x: m.abs(x), 0.0, 2, None))
    c.append(Case("i0e", lambda m, x: m.i0e(x), 0.0, 1, None))
    c.append(Case("i0e", lambda m, x: m.i0e(x), 0.0, 2, None))
    return c


CASES = _ordinary_cases() + _edge_cases()


# -- the libraries --------------------------------------------------------------------------------

class Namespace:
    """``m`` for one library: the first module of ``modules`` that has the name, with
    ``aliases`` for names that differ (``None``: the library lacks it)."""

    def __init__(self, modules, aliases=(), wrap=None):
        self._modules, self._aliases, self._wrap = modules, dict(aliases), wrap

    def __getattr__(self, name):
        name = self._aliases.get(name, name)
        if name is None:
            raise LookupError("n/a")
        if isinstance(name, tuple):
            module, name = name
            found = getattr(importlib.import_module(module), name)
        else:
            found = next((getattr(mod, name) for mod in self._modules if hasattr(mod, name)), None)
            if found is None:
                raise LookupError("n/a")
        return self._wrap(found) if self._wrap else found


def _nested(grad):
    """``derivative(f, n)``: ``grad`` applied ``n`` times."""
    def derivative(f, n):
        for _ in range(n):
            f = grad(f)
        return f
    return derivative


def _wengert():
    import scipy.special
    import wengert.scipy.special  # noqa: F401  (declares the scipy.special rules)
    m = Namespace([np, scipy.special], {"sc_i0": ("scipy.special", "i0")})
    return "wengert", wg.__version__, m, _nested(wg.grad), float


def _jax():
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import jax.scipy.special as jsp
    m = Namespace([jnp, jsp], {"sc_i0": ("jax.scipy.special", "i0")})
    return "JAX", jax.__version__, m, _nested(jax.grad), jnp.float64


def _autograd():
    import autograd
    import autograd.numpy as anp
    import autograd.scipy.special as asp
    m = Namespace([anp, asp], {"sc_i0": ("autograd.scipy.special", "i0")})
    version = getattr(autograd, "__version__", None) or importlib.metadata.version("autograd")
    return "autograd", version, m, _nested(autograd.grad), float


def _torch():
    import torch
    import torch.func

    def wrap(fun):
        def called(*args):
            return fun(*(a if isinstance(a, torch.Tensor) else torch.tensor(a, dtype=torch.float64) for a in args))
        return called
    m = Namespace([torch.special, torch], {"arctan": "atan", "sc_i0": "i0", "spence": None},
                  wrap=wrap)
    return "PyTorch", torch.__version__, m, _nested(torch.func.grad), lambda x: torch.tensor(x, dtype=torch.float64)


LIBRARIES = (_wengert, _jax, _autograd, _torch)


def libraries():
    """``(name, version, m, derivative, to_argument)`` of every library that imports."""
    found = []
    for setup in LIBRARIES:
        try:
            found.append(setup())
        except ImportError:
            pass
    return found


# -- the table ------------------------------------------------------------------------------------

def truth(case):
    """The case's truth as an mpmath number, raising the precision until two agree. (A closed
    form that cancels to every digit at both of the first precisions would agree on 0: such a
    truth is written otherwise, as sinc's by its series.)"""
    import mpmath
    previous = None
    for dps in PRECISIONS:
        with mpmath.workdps(dps):
            value = case.truth(mpmath.mp, mpmath.mpf(case.x))
            if previous is not None and mpmath.isfinite(value) and abs(value - previous) <= AGREE * abs(value):
                return value
            previous = value
    raise ArithmeticError(f"no truth for {case.name} at {case.x!r}: {PRECISIONS[-1]} digits do not agree")


def derivative_of(library, case):
    """The library's derivative (a float), or a string: ``raises`` or ``n/a``."""
    name, version, m, derivative, to_argument = library
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return float(derivative(lambda x: case.f(m, x), case.order)(to_argument(case.x)))
    except LookupError:
        return "n/a"
    except Exception:  # noqa: BLE001  (any failure of the library is its entry)
        return "raises"


def error(value, exact):
    """``value``'s relative error against the mpmath number ``exact``, as the table shows it."""
    if math.isinf(float(exact)) and value == float(exact):
        return "0"  # the truth overflows, and the derivative is its rounding
    if isinstance(value, str):
        return value
    if math.isnan(value) or math.isinf(value):
        return repr(value)
    if exact == 0:
        return "0" if value == 0 else "abs %.1e" % abs(value)
    if value == float(exact):
        return "0"
    rel = float(abs((value - exact) / exact))
    return "%.1e" % rel


def _point(x):
    short = "%g" % x
    return short if float(short) == x else repr(x)


def mpmath_str(exact):
    import mpmath
    return mpmath.nstr(exact, 6, min_fixed=-4, max_fixed=6)


def table(cases, libs, values=False):
    """The markdown table's lines."""
    head = ["function", "x", "order", "truth"] + [lib[0] for lib in libs]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for case in cases:
        got = [derivative_of(lib, case) for lib in libs]
        if case.truth is None:  # a kink: the values themselves
            cells, shown = [v if isinstance(v, str) else "%.3g" % v for v in got], "none (kink)"
        else:
            exact = truth(case)
            cells = [(repr(v) if not isinstance(v, str) else v) if values else error(v, exact) for v in got]
            shown = mpmath_str(exact)
        lines.append("| " + " | ".join([case.name, _point(case.x), str(case.order), shown] + cells) + " |")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=None, help="run only cases whose name contains this")
    parser.add_argument("--values", action="store_true", help="print the derivatives instead of their errors")
    opts = parser.parse_args(argv)
    try:
        import mpmath
    except ImportError:
        sys.exit("tools/accuracy_vs_peers.py needs mpmath for its truths")
    import scipy
    libs = libraries()
    cases = [c for c in CASES if not opts.only or opts.only in c.name]
    now = datetime.datetime.now(datetime.timezone.utc)
    print(f"{now:%Y-%m-%d %H:%M} UTC, {platform.machine()} {platform.system()}, "
          f"Python {platform.python_version()}, NumPy {np.__version__}, SciPy {scipy.__version__}, "
          f"mpmath {mpmath.__version__}; " + ", ".join(f"{name} {version}" for name, version, *_ in libs))
    print()
    for line in table(cases, libs, opts.values):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
