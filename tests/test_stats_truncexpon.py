"""``scipy.stats``' ``truncexpon`` (the exponential distribution truncated to ``[0, b]``): its density, tails,
quantiles, moments, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and against mpmath
where SciPy's lose digits (its log density near 0 for a large b, its quantiles near q = 1, its variance for a small
b); values and first and second derivatives against mpmath near both ends, on both sides of the log tails' switch
and of the moments' series, for small and large b; the ends (refused when traced), the limits at +-inf, float32, the
refusals.
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
T = stats.truncexpon
#: inside [0, b] for every b below, both sides of the log tails' switch (the median)
Z = np.array([0.05, 0.3, 0.7, 1.2, 1.45])
B = np.array([[1.5], [3.0]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z, B, np.array([[[0.0]], [[-0.01]]]), 1.01, id=f"truncexpon.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([1e-3, 0.2, 0.45, 0.55, 0.9, 0.999]), B, 0.1, 1.3, id=f"truncexpon.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(f), _f(f), np.array([-0.5, 5.0]), 2.0, id=f"truncexpon.{f}-outside") for f in ("pdf", "cdf", "sf")],
    # the moments on both sides of b = 2 and u = b / 2 = 2 (their series below)
    *[case(_f(m), _f(m), np.array([0.1, 1.9, 2.1, 3.9, 4.1, 9.0]), np.array([[0.0], [1.0]]),
           np.array([[[0.6]], [[2.0]]]), id=f"truncexpon.{m}") for m in ("mean", "var", "std", "entropy")],
    *[case(_f(m), _f(m), np.array([0.9]), np.array([1.7]), np.array([0.1]), np.array([1.4]),
           id=f"truncexpon.{m}-size1") for m in TAILS],
    *[case(_f(m), _f(m), np.array([0.3]), np.array([1.7]), np.array([0.1]), np.array([1.4]),
           id=f"truncexpon.{m}-size1") for m in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.zeros(0), 2.0, id=f"truncexpon.{m}-size0") for m in TAILS + ("ppf", "isf")],
    case(_f("median"), lambda *a: T.median(*a), np.array([0.3, 2.0]), np.array([[-0.4]]), 0.6, id="truncexpon.median"),
    case(_f("interval"), lambda p, b: T.interval(p, b, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), 1.7,
         id="truncexpon.interval"),
]

test_gradient = gradient_test(CASES)


SHAPES = (0.01, 0.5, 2.0, 30.0)
VALUE_CHECKS = [
    # (the ends only at loc = 0: loc + b scale - loc rounds to a z beside b, where SciPy's sf 1 - cdf is -0.0)
    *[(f"truncexpon.{f}", (np.array([p for p in (-1.0, 0.0, 0.01, 0.2, 0.5, 0.9, 0.99, 1.0, 1.5)
                                     if loc == 0 or p not in (0.0, 1.0)]) * b * 1.3 + loc, b, loc, 1.3))
      for f in TAILS for loc in (0.0, 0.1) for b in SHAPES if (f, b) != ("logpdf", 30.0)],
    *[(f"truncexpon.{f}", (np.array([0.0, 1e-10, 0.1, 0.5, 0.9, 0.999, 1.0]), b, -0.1, 1.3))
      for f in ("ppf", "isf") for b in SHAPES],
    # (SciPy's entropy is NaN from b = 710, exp(b) overflowing: mpmath's below)
    *[(f"truncexpon.{m}", (np.array([0.5, 1.0, 3.0, 40.0, 700.0]), 0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("truncexpon.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("truncexpon.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]

# SciPy's sf near z = b at a small b cancels: at (0.11287, 0.01, 0.1, 1.3) 1.03e-12 off with NumPy 2.4.6 on an
# AVX-512 machine (wengert's 3.3e-15, the input's own rounding: test_sf_near_a_small_b_against_mpmath)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"truncexpon.sf": 1e-11})


def _mp_truncexpon(mp):
    def mass(b):
        return -mp.expm1(-b)

    def cdf(z, b):
        return -mp.expm1(-z) / mass(b)

    def sf(z, b):
        return (mp.exp(-z) - mp.exp(-b)) / mass(b)

    def var(b):
        u = b / 2
        return 1 - (u / mp.sinh(u)) ** 2
    return {"logpdf": lambda z, b: -z - mp.log(mass(b)), "pdf": lambda z, b: mp.exp(-z) / mass(b), "cdf": cdf,
            "sf": sf, "logcdf": lambda z, b: mp.log(cdf(z, b)), "logsf": lambda z, b: mp.log(sf(z, b)),
            "ppf": lambda q, b: -mp.log1p(-q * mass(b)), "isf": lambda q, b: -mp.log(mp.exp(-b) + q * mass(b)),
            "mean": lambda b: 1 - b / mp.expm1(b), "var": var, "std": lambda b: mp.sqrt(var(b)),
            "entropy": lambda b: 1 - b / mp.expm1(b) + mp.log(mass(b))}


MP_POINTS = [
    # near both ends, both sides of the log tails' switch (the median: 0.5662 at b = 2)
    *[(f, (z, 2.0), i, 1e-12) for f in TAILS for z in (1e-7, 0.566, 0.567, 2.0 - 1e-7) for i in (0, 1)],
    # a small and a large b
    *[(f, (z, b), i, 1e-11) for f in TAILS for z, b in ((3e-4, 1e-3), (25.0, 30.0), (700.0, 800.0)) for i in (0, 1)],
    *[(f, (q, b), i, 1e-12) for f in ("ppf", "isf") for q in (1e-9, 0.3, 0.7, 1 - 1e-9) for b in (1e-3, 2.0, 40.0)
      for i in (0, 1)],
]
#: the moments on both sides of their series' switches (b = 2 for the mean, b = 4 for the variance), small and large
MOMENT_POINTS = [(m, (b,), 0) for m in ("mean", "var", "std", "entropy")
                 for b in (1e-6, 1e-2, 1.99, 2.01, 3.99, 4.01, 30.0, 800.0)]


@pytest.mark.parametrize("method, args, i, rel", MP_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i, _ in MP_POINTS])
def test_against_mpmath(method, args, i, rel):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_truncexpon(mp)[method](*a), rel)


@pytest.mark.parametrize("method, args, i", MOMENT_POINTS, ids=[f"{m}-{a}" for m, a, _ in MOMENT_POINTS])
def test_moments_against_mpmath(method, args, i):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_truncexpon(mp)[method](*a), 1e-12)


def test_where_scipy_is_off():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        fs = _mp_truncexpon(mp)
        truths = {"logpdf": float(fs["logpdf"](mp.mpf(0), mp.mpf(30))),
                  "ppf": float(fs["ppf"](mp.mpf(1 - 1e-12), mp.mpf(30))),
                  "var": float(fs["var"](mp.mpf("0.01")))}
    # SciPy's log(-expm1(-b)) at b = 30 (1.7e-4 off), its -log1p(q expm1(-b)) near q = 1, its E[x^2] - mean^2
    for name, args in (("logpdf", (0.0, 30.0)), ("ppf", (1 - 1e-12, 30.0)), ("var", (0.01,))):
        assert float(_f(name)(*args)) == pytest.approx(truths[name], rel=1e-14), name
        assert abs(float(getattr(ST.truncexpon, name)(*args)) / truths[name] - 1) > 1e-10, name


def test_at_the_ends():
    # the density jumps at z = 0 and z = b: a traced argument that moves z or the end there is refused (b at z = 0,
    # scale at x = loc move neither: test_the_end_zero_stays_in_b_and_scale)
    for f in TAILS:
        for z in (0.0, 2.0):
            with pytest.raises(NoGradientRule, match="has no derivative where x is loc or loc \\+ b scale"):
                wg.grad(lambda x, f=f: _f(f)(x, 2.0))(z)
            with pytest.raises(NoGradientRule, match="has no derivative where x is loc or loc \\+ b scale"):
                wg.grad(lambda loc, f=f, z=z: _f(f)(z + 0.5, 2.0, loc))(0.5)
        with pytest.raises(NoGradientRule, match="the density jumps there"):
            wg.jvp(lambda b, f=f: _f(f)(2.0, b), (2.0,), (1.0,))
        with pytest.raises(NoGradientRule, match="the density jumps there"):  # (x = loc + b scale: z moves)
            wg.grad(lambda s, f=f: _f(f)(4.5, 2.0, 0.5, s))(2.0)
        with pytest.raises(NoGradientRule, match="the density jumps there"):  # (x = loc in one entry, not all)
            wg.grad(lambda s, f=f: _f(f)(np.array([0.5, 1.0]), 2.0, 0.5, s)[1])(2.0)
    assert float(T.pdf(0.0, 2.0)) == pytest.approx(float(ST.truncexpon.pdf(0.0, 2.0)), rel=1e-15)
    assert float(T.cdf(2.0, 2.0)) == 1.0 and float(T.sf(0.0, 2.0)) == 1.0
    assert float(wg.grad(lambda x: T.cdf(x, 2.0))(2.5)) == 0.0
    # far out the log sf is finite where the sf underflows (SciPy's -inf)
    assert float(T.logsf(780.0, 800.0)) == pytest.approx(-780.0 + np.log(-np.expm1(-20.0)), rel=1e-15)


def test_quantiles_at_the_ends():
    for b in (0.5, 2.0):
        assert float(T.ppf(0.0, b)) == 0.0 and float(T.ppf(1.0, b)) == pytest.approx(b, rel=1e-15)
        assert float(T.isf(1.0, b)) == 0.0 and float(T.isf(0.0, b)) == pytest.approx(b, rel=1e-15)
        for q in (0.3, 0.7):
            assert float(T.isf(q, b)) == pytest.approx(float(T.ppf(1.0 - q, b)), rel=1e-14)
            assert float(T.cdf(T.ppf(q, b), b)) == pytest.approx(q, rel=1e-14)


def test_float32_stays_float32():
    float32_check(T, (2.0,))
    # (the derivatives too, in b and in loc, by both modes)
    f32 = np.float32
    for m, at in (("logsf", 0.7), ("cdf", 0.2), ("isf", 0.4), ("ppf", 0.9)):
        assert np.asarray(wg.grad(lambda b, m=m, at=at: _f(m)(at, b))(f32(2.0))).dtype == np.float32, m
        tangent = wg.jvp(lambda loc, m=m, at=at: _f(m)(at, 2.0, loc), (f32(0.1),), (f32(1.0),))[1]
        assert np.asarray(tangent).dtype == np.float32, m


REFUSALS = [
    *[(call, f"truncexpon.{m}: the shape parameters must be positive") for m, call in (
        ("cdf", lambda: T.cdf(1.0, 0.0)), ("logpdf", lambda: T.logpdf(1.0, -1.0)), ("isf", lambda: T.isf(0.5, -1.0)),
        ("ppf", lambda: T.ppf(0.5, 0.0)), ("mean", lambda: T.mean(0.0)), ("entropy", lambda: T.entropy(-1.0)))],
    (lambda: T.logpdf(1.0, 2.0, 0.0, -1.0), "truncexpon.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0), "truncexpon.ppf: q must be a probability"),
]


@pytest.mark.parametrize("call, message", REFUSALS, ids=[m.split(":")[0] + m[-8:] for _, m in REFUSALS])
def test_refusals(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_at_infinity():
    infinite_ends_check(T, (0.5, 2.0, 30.0))


@pytest.mark.parametrize("method", TAILS)
@pytest.mark.parametrize("i", [0, 1])
def test_the_end_zero_stays_in_b_and_scale(method, i):
    """At x = loc (z = 0) only x and loc move z: in b and in scale the functions are differentiable there (they were
    refused): the density ``1 / ((1 - exp(-b)) scale)``, the sf 1, the cdf 0, the log density's and the log cdf's
    formulas (``log cdf = log(1 - exp(-z)) - log(1 - exp(-b))``: its derivative in b is the same for every z, its
    limit at z = 0), against mpmath, both modes, second order."""
    def truth(mp, b, s):
        mass = 1 - mp.exp(-b)
        return {"logpdf": -mp.log(mass) - mp.log(s), "pdf": 1 / (mass * s), "cdf": mp.mpf(0), "sf": mp.mpf(1),
                "logsf": mp.mpf(0), "logcdf": -mp.log(mass)}[method]  # (logcdf: its finite part, -inf aside)
    args = (2.0, 1.5)
    want = mp_reference(truth, args, i)
    if method == "logcdf":
        want[0] = -np.inf

    def f(t):
        a = list(args)
        a[i] = t
        return _f(method)(0.25, a[0], 0.25, a[1])
    x = args[i]
    got = [float(f(x)), float(wg.grad(f)(x)), float(wg.jvp(f, (x,), (1.0,))[1]), float(wg.grad(wg.grad(f))(x)),
           float(wg.jvp(wg.grad(f), (x,), (1.0,))[1]), float(wg.hessian(f)(x))]
    assert got == pytest.approx([want[0]] + [want[1]] * 2 + [want[2]] * 3, rel=1e-14, abs=1e-300)


def test_sf_near_a_small_b_against_mpmath():
    """The sf beside the upper end at b = 0.01 (z = (x - loc) / scale as the float computes it), where SciPy's
    cancels (1e-12 off on some machines: its value check allows 1e-11)."""
    mp = pytest.importorskip("mpmath")
    x = np.array([0.10013, 0.1026, 0.1065, 0.1117, 0.11287]) + 0.0
    got = _f("sf")(x, 0.01, 0.1, 1.3)
    with mp.workdps(50):
        want = [float(_mp_truncexpon(mp)["sf"]((mp.mpf(float(xi)) - mp.mpf(0.1)) / mp.mpf(1.3), mp.mpf(0.01)))
                for xi in x]
    # (the relative error is the input's: z - b rounds, and the sf is proportional to b - z there)
    np.testing.assert_allclose(got, want, rtol=1e-14)
