"""``scipy.stats``' ``triang`` (the triangular distribution on ``[0, 1]`` with mode ``c``): its density, tails,
quantiles, moments, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and against mpmath
where SciPy's lose digits (its sf ``1 - cdf`` near the top of the support, its ``1 - sqrt((1 - c)(1 - q))`` for a
small q); values and first and second derivatives against mpmath on both sides of the mode and of the log tails'
switch, near the ends, and at ``c = 0`` and ``1`` (one-sided in c); the kinks (refused where a first derivative
jumps, the second refused where only it jumps), the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_point_check,  # noqa: E402
                     mp_reference, stats_values_test)
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.triang
#: inside [0, 1], away from every mode below (the kinks)
Z = np.array([0.1, 0.3, 0.55, 0.8, 0.95])
C = np.array([[0.2], [0.45], [0.7]])


def _f(method):
    return getattr(T, method)


CASES = [
    # in x, c, loc and scale, broadcast against each other (inside the support, on both sides of the mode)
    *[case(_f(f), _f(f), Z, C, np.array([[[0.0]], [[-0.01]]]), 1.01, id=f"triang.{f}") for f in TAILS],
    # (q away from the modes, q = c for the ppf and 1 - c for the isf: the second-order check straddled isf's 0.3)
    *[case(_f(f), _f(f), np.array([1e-3, 0.1, q, 0.6, 0.9, 0.999]), C, 0.1, 1.3, id=f"triang.{f}")
      for f, q in (("ppf", 0.3), ("isf", 0.4))],
    # outside the support: constants
    *[case(_f(f), _f(f), np.array([-0.5, 1.5]), 0.3, id=f"triang.{f}-outside") for f in ("pdf", "cdf", "sf")],
    *[case(_f(m), _f(m), np.array([0.1, 0.5, 0.9]), np.array([[0.0], [1.0]]), np.array([[[0.6]], [[2.0]]]),
           id=f"triang.{m}") for m in ("mean", "var", "std", "entropy")],
    *[case(_f(m), _f(m), np.array([0.9]), np.array([0.6]), np.array([0.1]), np.array([1.4]), id=f"triang.{m}-size1")
      for m in TAILS],
    *[case(_f(m), _f(m), np.array([0.3]), np.array([0.6]), np.array([0.1]), np.array([1.4]), id=f"triang.{m}-size1")
      for m in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.zeros(0), 0.3, id=f"triang.{m}-size0") for m in TAILS + ("ppf", "isf")],
    case(_f("median"), lambda *a: T.median(*a), np.array([0.3, 0.7]), np.array([[-0.4]]), 0.6, id="triang.median"),
    case(_f("interval"), lambda p, c: T.interval(p, c, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), 0.45,
         id="triang.interval"),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([-1.0, 0.0, 0.05, 0.3, 0.4, 0.5, 0.9, 1.0, 1.3, 1.5])
SHAPES = (0.0, 0.25, 0.4, 0.75, 1.0)
VALUE_CHECKS = [
    *[(f"triang.{f}", (POINTS, c, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1) for c in SHAPES],
    *[(f"triang.{f}", (np.array([0.0, 1e-3, 0.1, 0.4, 0.5, 0.9, 0.999, 1.0]), c, -0.1, 1.3))
      for f in ("ppf", "isf") for c in SHAPES],
    *[(f"triang.{m}", (np.array([0.0, 0.3, 0.5, 1.0]), 0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("triang.median", (np.array([0.0, 0.3, 0.5, 1.0]), -0.1, 1.3)),
    ("triang.interval", (0.8, np.array([0.0, 0.3, 1.0]), -0.1, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


def _mp_triang(mp, side=None):
    """mpmath's functions; ``side`` ("left", z <= c; "right", z >= c) forces one formula (analytic in c there: the
    one-sided derivatives at c = 0 and 1)."""
    def pick(z, c, left, right):
        return left(z, c) if side == "left" or (side is None and z < c) else right(z, c)

    def cdf(z, c):
        return pick(z, c, lambda z, c: z * z / c, lambda z, c: 1 - (1 - z) ** 2 / (1 - c))

    def sf(z, c):
        return pick(z, c, lambda z, c: 1 - z * z / c, lambda z, c: (1 - z) ** 2 / (1 - c))

    def pdf(z, c):
        return pick(z, c, lambda z, c: 2 * z / c, lambda z, c: 2 * (1 - z) / (1 - c))

    def ppf(q, c):
        return pick(q, c, lambda q, c: mp.sqrt(c * q), lambda q, c: 1 - mp.sqrt((1 - c) * (1 - q)))

    def isf(q, c):  # (after the mode where q < 1 - c)
        after = side == "right" or (side is None and q < 1 - c)
        return 1 - mp.sqrt((1 - c) * q) if after else mp.sqrt(c * (1 - q))
    return {"pdf": pdf, "logpdf": lambda z, c: mp.log(pdf(z, c)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, c: mp.log(cdf(z, c)), "logsf": lambda z, c: mp.log(sf(z, c)), "ppf": ppf, "isf": isf,
            "mean": lambda c: (1 + c) / 3, "var": lambda c: (1 - c + c * c) / 18,
            "std": lambda c: mp.sqrt((1 - c + c * c) / 18), "median": lambda c: ppf(mp.mpf(0.5), c)}


MP_POINTS = [
    # both sides of the mode, near both ends, both sides of the log tails' switch (the other tail 1/2)
    *[(f, (z, 0.4), i, 1e-12) for f in TAILS for z in (0.39999, 0.40001, 1e-6, 0.05, 0.95, 1 - 1e-6) for i in (0, 1)],
    *[(f, (z, 0.3), i, 1e-12) for f in ("logcdf", "logsf") for z in (0.387, 0.388, 0.48, 0.49) for i in (0, 1)],
    # c near the ends
    *[(f, (z, c), i, 1e-11) for f in TAILS for z, c in ((0.5, 1e-9), (0.5, 1 - 1e-9), (1e-10, 2e-10))
      for i in (0, 1)],
    # the quantiles: both sides of the mode, near q = 0 and 1, small c and q
    *[(f, (q, c), i, 1e-12) for f in ("ppf", "isf") for q, c in ((0.39999, 0.4), (0.40001, 0.4), (0.59999, 0.4),
                                                                 (0.60001, 0.4), (1e-9, 0.4), (1 - 1e-9, 0.4),
                                                                 (1e-10, 1e-6), (1 - 1e-10, 1 - 1e-6))
      for i in (0, 1)],
    *[(m, (c,), 0, 1e-13) for m in ("mean", "var", "std", "median") for c in (0.1, 0.49, 0.51, 0.9)],
]


@pytest.mark.parametrize("method, args, i, rel", MP_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i, _ in MP_POINTS])
def test_against_mpmath(method, args, i, rel):
    if (method, i) in (("pdf", 0), ("mean", 0)):  # (linear: the second derivative 0, mpmath's differences 1e-146)
        f = (lambda t: _f(method)(*args[:i], t, *args[i + 1:]))
        assert [float(wg.grad(wg.grad(f))(args[i])), float(wg.jvp(wg.grad(f), (args[i],), (1.0,))[1])] == [0.0, 0.0]
        want = mp_reference(lambda mp, *a: _mp_triang(mp)[method](*a), args, i, order=1)
        assert [float(f(args[i])), float(wg.grad(f)(args[i]))] == pytest.approx(want, rel=rel)
        return
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_triang(mp)[method](*a), rel)


def test_where_scipy_is_off():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        # (at the floats given, not at 1 - 10^-6 and 1 - 10^-10: the float 1 - 1e-10 is 8.3e-18 further from 1, which
        # moves isf's sqrt(1 - q) by 4.1e-8 relative; that truth passed only by pytest.approx's default abs=1e-12)
        truths = {"sf": float(_mp_triang(mp)["sf"](mp.mpf(1 - 1e-6), mp.mpf(0.4))),
                  "ppf": float(_mp_triang(mp)["ppf"](mp.mpf(1e-10), mp.mpf(0))),
                  "isf": float(_mp_triang(mp)["isf"](mp.mpf(1 - 1e-10), mp.mpf(1)))}
    # SciPy's sf, 1 - cdf, near the top: 1.7e-12 from 1 - (1 - 1.7e-12) (8e-8 off); its ppf 1 - sqrt(1 - q) at c = 0
    for name, args in (("sf", (1 - 1e-6, 0.4)), ("ppf", (1e-10, 0.0)), ("isf", (1 - 1e-10, 1.0))):
        assert float(_f(name)(*args)) == pytest.approx(truths[name], rel=1e-14, abs=0.0), name
    assert abs(float(ST.triang.sf(1 - 1e-6, 0.4)) / truths["sf"] - 1) > 1e-8
    assert abs(float(ST.triang.ppf(1e-10, 0.0)) / truths["ppf"] - 1) > 1e-8


@pytest.mark.parametrize("method", TAILS + ("ppf", "isf"))
@pytest.mark.parametrize("c, side, z", [(0.0, "right", 0.3), (1.0, "left", 0.3), (0.0, "right", 0.9),
                                        (1.0, "left", 0.8)])
def test_one_sided_in_c_at_its_ends(method, c, side, z):
    # at c = 0 (1) the derivatives in c are the right (left) ones: the formula of the side z lies on, analytic there
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        g = (lambda t: _mp_triang(mp, side)[method](mp.mpf(z), t))
        want = [float(g(mp.mpf(c)))] + [float(mp.diff(g, mp.mpf(c), n, h=mp.mpf(10) ** -25)) for n in (1, 2)]
    f = (lambda t: _f(method)(z, t))
    got = [float(f(c)), float(wg.grad(f)(c)), float(wg.grad(wg.grad(f))(c)), float(wg.jvp(wg.grad(f), (c,), (1.0,))[1])]
    assert got == pytest.approx(want + [want[2]], rel=1e-13, abs=1e-300)


def test_at_the_kinks():
    # the density's slope jumps at z = 0, c and 1: refused when traced (in x, c, loc, scale; reverse and forward)
    for f in ("pdf", "logpdf"):
        for z in (0.0, 0.4, 1.0):
            with pytest.raises(NoGradientRule, match="has no derivative where x is loc, loc \\+ c scale"):
                wg.grad(lambda x, f=f: _f(f)(x, 0.4))(z)
            if z == 0.4:  # (the mode moves with c; at z = 0 and 1 only z's moving is a kink: test_ends_still)
                with pytest.raises(NoGradientRule, match="the density's slope jumps"):
                    wg.jvp(lambda c, f=f, z=z: _f(f)(z, c), (0.4,), (1.0,))
            if z != 0.0:  # (x = loc: z = 0 for every scale)
                with pytest.raises(NoGradientRule, match="the density's slope jumps"):
                    wg.grad(lambda s, f=f, z=z: _f(f)(0.1 + 2 * z, 0.4, 0.1, s))(2.0)
            with pytest.raises(NoGradientRule, match="the density's slope jumps"):
                wg.grad(lambda loc, f=f, z=z: _f(f)(0.1 + z, 0.4, loc))(0.1)
    # the tails at the mode: the common one-sided first derivatives (the density 2, d/dc -1), the second refused
    assert float(wg.grad(lambda x: T.cdf(x, 0.4))(0.4)) == pytest.approx(2.0, rel=1e-15)
    assert float(wg.grad(lambda c: T.cdf(0.4, c))(0.4)) == pytest.approx(-1.0, rel=1e-15)
    assert float(wg.grad(lambda x: T.logsf(x, 0.4))(0.4)) == pytest.approx(-2.0 / 0.6, rel=1e-15)
    assert float(wg.jvp(lambda c: T.sf(0.4, c), (0.4,), (1.0,))[1]) == pytest.approx(1.0, rel=1e-15)
    for f in TAILS[2:]:
        for z in (0.0, 0.4, 1.0):
            if (f, z) in (("logcdf", 0.0), ("logsf", 1.0)):
                continue
            for second in (lambda f=f, z=z: wg.grad(wg.grad(lambda x: _f(f)(x, 0.4)))(z),
                           lambda f=f, z=z: wg.jvp(wg.grad(lambda x: _f(f)(x, 0.4)), (z,), (1.0,)),
                           lambda f=f, z=z: wg.grad(wg.grad(lambda c: _f(f)(z, c)))(0.4) if z == 0.4 else
                           wg.grad(wg.grad(lambda x: _f(f)(x, 0.4, 0.0, 1.0)))(z)):
                with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
                    second()
    # where the density itself jumps (z = c = 0, z = c = 1) and at the log tails' -inf end: refused at first order
    for f, z, c in (("cdf", 0.0, 0.0), ("sf", 1.0, 1.0), ("logsf", 0.0, 0.0), ("logcdf", 1.0, 1.0),
                    ("logcdf", 0.0, 0.4), ("logsf", 1.0, 0.4)):
        with pytest.raises(NoGradientRule, match="the density jumps there"):
            wg.grad(lambda x, f=f, c=c: _f(f)(x, c))(z)
        if c in (0.0, 1.0):  # (the density's jump moves with c)
            with pytest.raises(NoGradientRule, match="the density jumps there"):
                wg.grad(lambda c, f=f, z=z: _f(f)(z, c))(c)
    assert float(T.logcdf(0.0, 0.4)) == -np.inf and float(T.logsf(1.0, 0.4)) == -np.inf
    assert float(T.pdf(0.0, 0.0)) == 2.0 and float(T.pdf(1.0, 1.0)) == 2.0  # (SciPy's closed support)
    # the quantiles at the mode: first derivatives 1/2 in q and c, the second refused; at a corner refused
    for name, q in (("ppf", 0.4), ("isf", 0.6)):
        assert float(wg.grad(lambda c: _f(name)(q, c))(0.4)) == pytest.approx(0.5, rel=1e-15)
        assert abs(float(wg.grad(lambda t: _f(name)(t, 0.4))(q))) == pytest.approx(0.5, rel=1e-15)
        with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
            wg.grad(wg.grad(lambda c: _f(name)(q, c)))(0.4)
        with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
            wg.jvp(wg.grad(lambda t: _f(name)(t, 0.4)), (q,), (1.0,))
    for name, q, c in (("ppf", 0.0, 0.0), ("ppf", 1.0, 1.0), ("isf", 1.0, 0.0), ("isf", 0.0, 1.0)):
        with pytest.raises(NoGradientRule, match="q is at the mode with c = 0 or 1"):
            wg.grad(lambda t, name=name, q=q: _f(name)(q, t))(c)
    with pytest.raises(NoGradientRule, match="no second derivative at its kink"):  # (the median at c = 1/2)
        wg.grad(wg.grad(lambda c: T.median(c)))(0.5)
    # beside the kinks (outside the support, inside): nothing refused
    assert float(wg.grad(wg.grad(lambda x: T.cdf(x, 0.5)))(1.5)) == 0.0
    assert float(wg.grad(wg.grad(lambda c: T.cdf(0.3, c)))(0.5)) == pytest.approx(2 * 0.09 / 0.125, rel=1e-14)


def test_float32_stays_float32():
    float32_check(T, (0.4,), x=0.7)
    for m in TAILS + ("ppf", "isf"):  # (the gradient too)
        x = 0.3 if m in ("ppf", "isf") else 0.7
        assert np.asarray(wg.grad(lambda t, m=m, x=x: _f(m)(x, t))(np.float32(0.4))).dtype == np.float32, m


REFUSALS = [
    *[(call, f"triang.{m}: c must be in \\[0, 1\\]") for m, call in (
        ("cdf", lambda: T.cdf(0.5, -0.1)), ("logpdf", lambda: T.logpdf(0.5, 1.5)), ("isf", lambda: T.isf(0.5, 2.0)),
        ("ppf", lambda: T.ppf(0.5, np.nan)), ("mean", lambda: T.mean(-1.0)), ("entropy", lambda: T.entropy(1.1)),
        ("ppf", lambda: T.median(1.1)))],  # (the median is ppf(0.5))
    (lambda: T.logpdf(0.5, 0.5, 0.0, -1.0), "triang.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 0.5), "triang.ppf: q must be a probability"),
]


@pytest.mark.parametrize("call, message", REFUSALS, ids=[m.split(":")[0] + m[-8:] for _, m in REFUSALS])
def test_refusals(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_at_infinity():
    infinite_ends_check(T, (0.0, 0.4, 1.0))


@pytest.mark.parametrize("name, q, in_q, in_q2", [("ppf", 0.0, np.inf, -np.inf), ("ppf", 1.0, np.inf, np.inf),
                                                  ("isf", 0.0, -np.inf, np.inf), ("isf", 1.0, -np.inf, -np.inf)])
@pytest.mark.parametrize("c", [0.4, 0.75])
def test_quantiles_at_the_ends_of_q(name, q, in_q, in_q2, c):
    """At q = 0 and 1 (away from the mode) the quantile is 0 or 1 for every c: its derivative in q is the
    one-sided +-inf (a root's), in c 0; through the mark of the mode's kink, ``x + (kink(d) - d)``, the infinite
    cotangent became inf + (inf - inf): the gradient was NaN in both (jvp right); the second derivatives in q
    +-inf (the root's), in c 0."""
    f = _f(name)
    for i, first, second in ((0, in_q, in_q2), (1, 0.0, 0.0)):
        args = [q, c]

        def g(t, i=i):
            a = list(args)
            a[i] = t
            return f(*a)
        x = args[i]
        with np.errstate(all="ignore"):
            got = [float(wg.grad(g)(x)), float(wg.jvp(g, (x,), (1.0,))[1]), float(wg.grad(wg.grad(g))(x)),
                   float(wg.jvp(wg.grad(g), (x,), (1.0,))[1]), float(wg.hessian(g)(x))]
        assert got == [first] * 2 + [second] * 3, (i, got)


@pytest.mark.parametrize("method, z, at_c", [
    ("pdf", 0.0, lambda mp, c: mp.mpf(0)), ("pdf", 1.0, lambda mp, c: mp.mpf(0)),
    ("cdf", 0.0, lambda mp, c: mp.mpf(0)), ("sf", 1.0, lambda mp, c: mp.mpf(0)),
    # the log density and the log tails at their -inf end: their finite part, log(2/c) + log z, log(1/c) + 2 log z
    # (its derivative in c the same for every z > 0: the limit)
    ("logpdf", 0.0, lambda mp, c: mp.log(2 / c)), ("logpdf", 1.0, lambda mp, c: mp.log(2 / (1 - c))),
    ("logcdf", 0.0, lambda mp, c: -mp.log(c)), ("logsf", 1.0, lambda mp, c: -mp.log(1 - c))])
@pytest.mark.parametrize("c", [0.4, 0.75])
def test_ends_still(method, z, at_c, c):
    """At z = 0 and 1 only a moving z meets the density's kink: in c alone (or in scale with x = loc) the functions
    are differentiable there (they were refused): the density 0 for every c inside (derivative 0), the log density
    and the log tail ``-inf`` with the derivative of their formula, the limit from inside (``-1/c`` at 0, ``1/(1 -
    c)`` at 1); against mpmath, both modes, second order."""
    want = mp_reference(at_c, (c,), 0)
    if method.startswith("log"):
        want[0] = -np.inf
    f = lambda c: _f(method)(z, c)  # noqa: E731
    got = [float(f(c)), float(wg.grad(f)(c)), float(wg.jvp(f, (c,), (1.0,))[1]), float(wg.grad(wg.grad(f))(c)),
           float(wg.jvp(wg.grad(f), (c,), (1.0,))[1]), float(wg.hessian(f)(c))]
    assert got == pytest.approx([want[0]] + [want[1]] * 2 + [want[2]] * 3, rel=1e-14, abs=1e-300)
    if z == 0.0:  # in scale, x = loc: z = 0 for every scale (the density 0, the log density's -1/scale, the log cdf's
        # -2/scale: 2 log z's limit from inside, as expon's and uniform's; it was 0)
        g = lambda s: _f(method)(0.1, c, 0.1, s)  # noqa: E731
        d = {"logpdf": -1.0 / 1.5, "logcdf": -2.0 / 1.5}.get(method, 0.0)
        got = [float(wg.grad(g)(1.5)), float(wg.jvp(g, (1.5,), (1.0,))[1]), float(wg.hessian(g)(1.5))]
        assert got == pytest.approx([d, d, -d / 1.5], rel=1e-14, abs=0)
