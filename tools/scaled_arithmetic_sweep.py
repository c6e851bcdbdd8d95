"""Quotients, powers and exponentials times a far cotangent: first and second derivatives of ``k * (c / v)``,
``k * (v / c)``, ``k * (1 / v)``, ``k * b ** e`` (in the exponent), ``k * exp(v)`` (np.exp, wengert.exp,
np.expm1, np.exp2) and the functions whose derivatives are ``e^-|v|`` far out (``--only logistic``: np.tanh,
wengert.tanh, wengert.logistic, wengert.numpy.logistic, scipy.special.expit, log_expit, softplus as
np.logaddexp(0, v)) against exact truths, on every path.

A rule's partial (``-c / v^2``, ``log(b) b^e``) may leave the float range on its own while the cotangent (or tangent)
times it is a normal number: grad of ``1e-300 * (1e200 / v)`` at ``1e-200`` was ``-inf`` (``c / v`` itself overflows;
the truth ``-1e300``). The truths: exact rationals (fractions) for the quotients, which ``float()`` rounds correctly;
mpmath at 60 digits for the powers. A case counts where its truth is a normal number; a path is WRONG beyond
``RTOL`` (a few roundings), or 0, inf or NaN; an OverflowError (the scalar core's ``b ** e`` where the value
overflows, as Python's float power) is a refusal.

Paths (first order): ``rev`` (wg.grad of a Python float: the scalar core), ``rev_array`` (of a one-element array's
sum: NumPy's rule), ``fwd`` / ``fwd_array`` (wg.jvp with the tangent ``k``, of ``c / v`` alone), ``rev_uv`` (the scalar
core's Var / Var: ``c`` a second argument); for the exponentials also ``jit`` (wg.jit of the gradient, its second
call a replay) and ``jit_moved`` (recorded at 0, replayed at the point). Where e^v overflows (v > 709.78) the value
itself is inf and the case is skipped. Second order (``--order 2``, ``1e300 (1 / v)`` and the like):
``hessian`` (forward over reverse), ``grad(grad)``, ``jvp(grad)`` and ``jacfwd(jacrev)``, on floats and arrays.

Run: python tools/scaled_arithmetic_sweep.py [--order 1,2] [--only quotient|power|exp|logistic] [-v]
"""
import argparse
import collections
import math
import warnings
from fractions import Fraction

import mpmath as mp
import numpy as np
import scipy.special as sc

import wengert as wg
import wengert.numpy as wnp

RTOL = 4e-16
DBL_MIN = 2.2250738585072014e-308
XS = (1e-310, 1e-300, 1e-200, 1e-100, 1e-10, 0.5, 1.0, 3.0, 1e100, 1e200, 1e300, 1.7e308)
CS = (1e-310, 1e-300, 1e-200, 1e-100, 1.0, 1e100, 1e200, 1e300, 1.7e308)
KS = (1e-300, 1e-100, 1.0, 1e100, 1e300)
#: (base, exponent) pairs for d/de b ** e: the power or its log(b) factor far
POWERS = tuple((b, e) for b in (0.5, 2.0, 1e-300, 1e300, 1.5, 0.9) for e in (-1100.0, -3.0, 0.5, 3.0, 1100.0))
#: points for d/dv k exp(v): e^v normal, subnormal, 0
EXPS = (-1450.0, -1100.0, -800.0, -745.5, -744.0, -720.0, -708.5, -708.0, -700.0, -1.0, 0.0, 3.0, 700.0)
#: points for d/dv k exp2(v)
EXP2S = (-2000.0, -1100.0, -1074.5, -1070.0, -1030.0, -1022.5, -1000.0, 0.0, 10.0)
#: points for the logistic class (each function at both signs where it is not odd): e^-|v| (e^-2|v|) normal,
#: subnormal, 0
LOGISTICS = (1450.0, 1100.0, 800.0, 745.5, 745.0, 720.0, 708.5, 708.0, 700.0, 400.0, 372.5, 360.0, 354.5, 354.0, 30.0,
             1.0, 0.5)


def _exact(t):
    """``t`` (a Fraction or an mpf) as a Fraction."""
    if isinstance(t, mp.mpf):
        sign, man, exp, _ = t._mpf_
        v = Fraction(int(man)) * Fraction(2) ** int(exp)
        return -v if sign else v
    return Fraction(t)


def _normal(t):
    """Whether the exact ``t`` (a Fraction or mpf) rounds to a normal number."""
    t = abs(_exact(t))
    return Fraction(DBL_MIN) <= t <= Fraction(1.7976931348623157e308)


def _ok(got, want):
    """``got`` (a float) within RTOL of the exact ``want`` (a Fraction or mpf, a normal number)."""
    try:
        got = float(np.asarray(got).reshape(-1)[0])
    except (TypeError, ValueError):
        return False
    if not math.isfinite(got):
        return False
    want = _exact(want)
    return abs(Fraction(got) - want) <= Fraction(RTOL) * abs(want)


def _call(f):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                return f()
    except Exception as e:  # noqa: BLE001
        return f"{type(e).__name__}: {e}"


def _first_order_paths(fn, k, x):
    """The gradient of ``k * fn(v)`` at ``x`` (jvp: ``fn``'s with tangent ``k``) along each path."""
    a = np.array([x])
    return {
        "rev": lambda: wg.grad(lambda v: k * fn(v))(x),
        "rev_array": lambda: wg.grad(lambda v: np.sum(k * fn(v)))(a),
        "fwd": lambda: wg.jvp(fn, (x,), (k,))[1],
        "fwd_array": lambda: wg.jvp(fn, (a,), (np.array([k]),))[1],
    }


def _second_order_paths(fn, k, x):
    """The second derivative of ``k * fn(v)`` at ``x`` along each path."""
    a = np.array([x])
    f = lambda v: k * fn(v)  # noqa: E731
    fa = lambda v: np.sum(k * fn(v))  # noqa: E731
    return {
        "hessian": lambda: wg.hessian(f)(x),
        "grad(grad)": lambda: wg.grad(wg.grad(f))(x),
        "jvp(grad)": lambda: wg.jvp(wg.grad(f), (x,), (1.0,))[1],
        "hessian_array": lambda: wg.hessian(fa)(a),
        "jacfwd(jacrev)_array": lambda: wg.jacfwd(wg.jacrev(fa))(a),
        "grad(grad)_array": lambda: wg.grad(lambda v: np.sum(wg.grad(fa)(v)))(a),
    }


def quotient_cases(order):
    """(label, paths, exact truth) for the quotients at every point."""
    for x0 in XS:
        for x in (x0, -x0):
            X = Fraction(x)
            for c in CS:
                C = Fraction(c)
                for k in KS:
                    K = Fraction(k)
                    if order == 1:
                        # d/dv k c / v = -k c / v^2; d/dv k v / c = k / c
                        yield (f"{k!r} * ({c!r} / v) at {x!r}", _first_order_paths(lambda v, c=c: c / v, k, x)
                               | {"rev_uv": lambda c=c, k=k, x=x: wg.grad(lambda u, v: k * (u / v), 1)(c, x)},
                               -K * C / (X * X))
                        yield (f"{k!r} * (v / {c!r}) at {x!r}", _first_order_paths(lambda v, c=c: v / c, k, x), K / C)
                    else:
                        yield (f"{k!r} * ({c!r} / v) at {x!r}", _second_order_paths(lambda v, c=c: c / v, k, x),
                               2 * K * C / (X * X * X))


def power_cases(order):
    """(label, paths, truth) for d/de k b ** e (mpmath, 60 digits)."""
    for b, e in POWERS:
        for k in KS:
            with mp.workdps(60):
                d = mp.mpf(k) * mp.power(mp.mpf(b), mp.mpf(e)) * mp.log(mp.mpf(b)) ** order
            fn = lambda v, b=b: b ** v  # noqa: E731
            paths = _first_order_paths(fn, k, e) if order == 1 else _second_order_paths(fn, k, e)
            yield f"{k!r} * {b!r} ** e at {e!r}", paths, d


def _jit_paths(f, x):
    def replay():
        jitted = wg.jit(wg.grad(f))
        return (jitted(x), jitted(x))[1]

    def moved():
        jitted = wg.jit(wg.grad(f))
        jitted(0.0)
        return jitted(x)
    return {"jit": replay, "jit_moved": moved}


def exp_cases(order):
    """(label, paths, truth) for d/dv k exp(v) and k expm1(v) (mpmath, 60 digits: k e^v at every order)."""
    for x in EXPS:
        if x > 709.78:
            continue
        for k in KS:
            with mp.workdps(60):
                d = mp.mpf(k) * mp.exp(mp.mpf(x))
            for name, fn in (("np.exp", np.exp), ("wg.exp", wg.exp), ("np.expm1", np.expm1)):
                if order == 1:
                    paths = _first_order_paths(fn, k, x)
                    if name == "wg.exp":
                        paths.pop("rev_array")
                        paths.pop("fwd_array")
                    paths |= _jit_paths(lambda v, fn=fn, k=k: k * fn(v), x)
                else:
                    paths = _second_order_paths(fn, k, x)
                    if name == "wg.exp":
                        paths = {n: p for n, p in paths.items() if not n.endswith("_array")}
                yield f"{k!r} * {name}(v) at {x!r}", paths, d
    for x in EXP2S:
        for k in KS:
            with mp.workdps(60):
                d = mp.mpf(k) * mp.mpf(2) ** mp.mpf(x) * mp.log(2) ** order
            f = lambda v, k=k: k * np.exp2(v)  # noqa: E731
            paths = _first_order_paths(np.exp2, k, x) | _jit_paths(f, x) if order == 1 else _second_order_paths(np.exp2, k, x)
            yield f"{k!r} * np.exp2(v) at {x!r}", paths, d


def _logistic_derivative(name, x, order):
    """The ``order``-th derivative of the logistic-class function ``name`` at x (mpmath, closed forms)."""
    s = 1 / (1 + mp.exp(-x))  # (logistic(x); 1 - s = logistic(-x) formed as such: no cancellation)
    c = 1 / (1 + mp.exp(x))
    if name == "tanh":  # (sech^2 x = 4 e^-2|x| / (1 + e^-2|x|)^2; its derivative -2 tanh x sech^2 x)
        e = mp.exp(-2 * abs(x))
        d = 4 * e / (1 + e) ** 2
        return d if order == 1 else -2 * mp.tanh(x) * d
    if name == "log_expit":  # (d/dx -log(1 + e^-x) = logistic(-x); then -s c)
        return c if order == 1 else -s * c
    if name == "softplus":  # (d/dx log(1 + e^x) = logistic(x))
        return s if order == 1 else s * c
    return s * c if order == 1 else s * c * (c - s)  # (logistic: s (1 - s), then s (1 - s) (1 - 2 s))


def logistic_cases(order):
    """(label, paths, truth) for d/dv k f(v), f in the logistic class (mpmath, 60 digits)."""
    functions = (("np.tanh", "tanh", np.tanh), ("wg.tanh", "tanh", wg.tanh), ("wg.logistic", "logistic", wg.logistic),
                 ("wnp.logistic", "logistic", wnp.logistic), ("sc.expit", "logistic", sc.expit),
                 ("sc.log_expit", "log_expit", sc.log_expit),
                 ("softplus", "softplus", lambda v: np.logaddexp(0.0, v)))
    for x0 in LOGISTICS:
        for x in (x0, -x0):
            for k in KS:
                for label, name, fn in functions:
                    with mp.workdps(60):
                        d = mp.mpf(k) * _logistic_derivative(name, mp.mpf(x), order)
                    if order == 1:
                        paths = _first_order_paths(fn, k, x) | _jit_paths(lambda v, fn=fn, k=k: k * fn(v), x)
                    else:
                        paths = _second_order_paths(fn, k, x)
                    if label.startswith("wg."):
                        paths = {n: p for n, p in paths.items() if not n.endswith("_array")}
                    yield f"{k!r} * {label}(v) at {x!r}", paths, d


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--order", default="1", help="derivative orders, comma-separated")
    p.add_argument("--only", default="", help="quotient, power, exp or logistic")
    p.add_argument("-v", action="store_true", help="print every wrong path")
    opts = p.parse_args(argv)
    totals = {}
    for order in (int(o) for o in opts.order.split(",")):
        for kind, gen in (("quotient", quotient_cases), ("power", power_cases), ("exp", exp_cases),
                          ("logistic", logistic_cases)):
            if opts.only and opts.only != kind:
                continue
            counts, by_path = collections.Counter(), collections.Counter()
            for label, paths, want in gen(order):
                if not _normal(want):
                    continue
                bad = {}
                for name, f in paths.items():
                    got = _call(f)
                    if isinstance(got, str) and got.startswith("OverflowError"):
                        continue  # (the value overflows: Python's float ** raises, and so does the scalar core)
                    if isinstance(got, str) or not _ok(got, want):
                        bad[name] = got
                counts["WRONG" if bad else "right"] += 1
                by_path.update(bad.keys())
                if bad:
                    print(f"WRONG d{order} {label}: truth {float(_exact(want))!r}; "
                          + ", ".join(f"{n} {g if isinstance(g, str) else float(np.asarray(g).reshape(-1)[0])!r}"
                                      for n, g in (bad.items() if opts.v else list(bad.items())[:2])), flush=True)
            totals[(kind, order)] = counts
            print(f"\n{kind} order {order}: {counts['right']} right, {counts['WRONG']} WRONG of "
                  f"{counts['right'] + counts['WRONG']}; wrong by path: {dict(by_path)}\n", flush=True)
    return totals


if __name__ == "__main__":
    main()
