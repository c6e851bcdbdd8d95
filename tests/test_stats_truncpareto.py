"""``scipy.stats``' ``truncpareto`` (``pdf = b z^(-b - 1) / (1 - c^-b)`` on ``[1, c]``, ``b != 0``, ``c > 1``): its
density, tails, quantiles, mean, variance, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's (b < 0 where the installed SciPy takes it: from 1.14), and
against mpmath where SciPy's are off (its cdf near 1, its sf near c, its variance as c goes to 1, its mean and entropy
for a small b); values and first and second derivatives against mpmath in x (or q), b and c for both signs of b,
both sides of the log tails' switch, near both ends; the moments across b = 1, 2 and the far forms' switch; the ends
(refused where they move), the quantile's ends, the limits at +-inf, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_points_test,  # noqa: E402
                     mp_truths, refusals_test, stats_values_test, two_shape_common_cases)
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
T = stats.truncpareto
#: SciPy 1.13 takes b > 0 only (its b < 0 is NaN); 1.14 on takes b != 0
SCIPY_NEGATIVE_B = bool(np.isfinite(ST.truncpareto.pdf(1.5, -1.0, 2.0)))
#: z = (x - loc) / 1.3 inside [1, c] for both c, both sides of the median at both signs of b
Z = np.array([1.05, 1.3, 1.6, 1.9])
B = np.array([[2.0], [-1.5]])
C = np.array([[[2.0]], [[3.0]]])


def _f(method):
    return getattr(T, method)


CASES = [
    *[case(_f(f), _f(f), Z * 1.3 + 0.1, B, C, 0.1, 1.3, id=f"truncpareto.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.5, 0.7, 0.95]), B, C, 0.1, 1.3, id=f"truncpareto.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(f), _f(f), np.array([0.5, 4.5]), 2.0, 3.0, id=f"truncpareto.{f}-outside") for f in ("pdf", "cdf", "sf")],
    # the moments across b = 1 and 2 (no pole), both signs, both of the far forms' switch (|b - 2| log c = 1/2)
    *[case(_f(m), _f(m), np.array([-3.0, -0.3, 0.7, 1.0, 2.0, 2.6, 5.0]), np.array([[1.5], [4.0]]), 0.2, 1.4,
           id=f"truncpareto.{m}") for m in ("mean", "var", "std", "entropy")],
    *[c for c in two_shape_common_cases(T, "truncpareto", size1_x=1.9, size1_shapes=(0.6, 2.7), shapes=(1.5, 2.0))
      if c.id != "truncpareto.median"],
    case(_f("median"), lambda *a: T.median(*a), np.array([0.3, -2.0]), np.array([[1.4], [2.6]]), 0.6, 1.1,
         id="truncpareto.median"),
]

test_gradient = gradient_test(CASES)


POINTS = np.array([0.0, 1.0, 1.01, 1.3, 1.7, 2.3, 2.9, 3.0, 4.0])
SIGNS = (1.0, -1.0) if SCIPY_NEGATIVE_B else (1.0,)
VALUE_CHECKS = [
    *[(f"truncpareto.{f}", (POINTS * 1.3 + loc, s * b, 3.0, loc, 1.3)) for f in TAILS for loc in (0.0, -0.2)
      for b in (0.01, 0.7, 2.0, 15.0) for s in SIGNS],
    *[(f"truncpareto.{f}", (np.array([0.0, 1e-10, 0.1, 0.5, 0.9, 0.999, 1.0]), s * b, c, -0.1, 1.3))
      for f in ("ppf", "isf") for b in (0.01, 2.0, 15.0) for c in (1.5, 30.0) for s in SIGNS],
    # (not at b = 1 or 2, where SciPy's b (c^b - c^n) / ((b - n) (c^b - 1)) is 0 / 0: test_where_scipy_is_off)
    *[(f"truncpareto.{m}", (s * np.array([0.5, 1.5, 2.5, 3.0, 8.0]), 3.0, 0.3, 2.0))
      for m in ("mean", "var", "std", "entropy") for s in SIGNS],
    ("truncpareto.median", (np.array([0.3, 2.0]), 3.0, -0.1, 1.3)),
    ("truncpareto.interval", (0.8, np.array([0.3, 2.0]), 3.0, -0.1, 1.3)),
]

# (SciPy's tails near the ends and its moments where they cancel are further off: test_where_scipy_is_off)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={f"truncpareto.{f}": 1e-10 for f in TAILS})


def _mp_truncpareto(mp):
    def mass(b, c):
        return 1 - c ** -b

    def moment(n, b, c):
        return b * mp.log(c) / mass(b, c) if b == n else b / (b - n) * (c ** b - c ** n) / (c ** b - 1)

    def var(b, c):
        return moment(2, b, c) - moment(1, b, c) ** 2
    return {"logpdf": lambda z, b, c: mp.log(b / mass(b, c)) - (b + 1) * mp.log(z),
            "pdf": lambda z, b, c: b * z ** (-b - 1) / mass(b, c),
            "cdf": lambda z, b, c: (1 - z ** -b) / mass(b, c), "sf": lambda z, b, c: (z ** -b - c ** -b) / mass(b, c),
            "logcdf": lambda z, b, c: mp.log((1 - z ** -b) / mass(b, c)),
            "logsf": lambda z, b, c: mp.log((z ** -b - c ** -b) / mass(b, c)),
            "ppf": lambda q, b, c: (1 - mass(b, c) * q) ** (-1 / b),
            "isf": lambda q, b, c: (c ** -b + mass(b, c) * q) ** (-1 / b),
            "mean": lambda b, c: moment(1, b, c), "var": var, "std": lambda b, c: mp.sqrt(var(b, c)),
            "entropy": lambda b, c: -(mp.log(b / mass(b, c)) + (b + 1) * (mp.log(c) / (c ** b - 1) - 1 / b))}


MP_POINTS = [
    # both signs of b, near both ends and both sides of the median (z = 1.34 at b = 2, c = 3; 2.24 at b = -2), in x,
    # b and c
    *[(f, (z, b, 3.0), i, 1e-11) for f in TAILS for z, b in ((1 + 1e-9, 2.0), (1.3, 2.0), (1.4, 2.0), (3 - 1e-9, 2.0),
                                                              (1 + 1e-9, -2.5), (2.2, -2.5), (2.3, -2.5),
                                                              (3 - 1e-9, -2.5)) for i in (0, 1, 2)],
    # a small |b| (log-uniform's limit) and a large one (far tails: the sf underflows below e^-745 at b = 500)
    *[(f, (z, b, 3.0), i, 1e-11) for f in TAILS for z, b in ((1.5, 1e-3), (1.5, -1e-3)) for i in (0, 1)],
    # (in x only: in b the log sf's second derivative is 1/b^2 - 1/b^2 plus terms e^-v, -1.5e-89, 0 here; the cdf,
    # 1 - 7.6e-152, is 1 at mpmath's 60 digits)
    *[(f, (2.0, 500.0, 3.0), 0, 1e-11) for f in ("logpdf", "pdf", "sf", "logsf")],
    # the quantiles near both ends and in the middle, both signs
    *[(f, (q, b, c), i, 1e-11) for f in ("ppf", "isf") for q in (1e-10, 0.3, 0.7, 1 - 1e-10)
      for b, c in ((2.0, 3.0), (-2.0, 3.0), (1e-3, 30.0)) for i in (0, 1, 2)],
    # the moments: across b = 1 and 2, both sides of the far forms' switch (|b - 2| log c = 1/2), both signs
    *[(m, (b, c), i, 1e-11) for m in ("mean", "var", "std", "entropy")
      for b, c in ((1.0, 3.0), (1.0 + 1e-6, 3.0), (2.0 - 1e-6, 3.0), (2.45, 3.0), (2.5, 3.0), (-0.45, 3.0),
                   (-0.5, 3.0), (1e-3, 3.0)) for i in (0, 1)],
    # far out in b (in b: in c the mean and the entropy are flat there, their second derivatives 1e-18)
    *[(m, (b, c), 0, 1e-11) for m in ("mean", "var", "std", "entropy") for b, c in ((20.0, 10.0), (-20.0, 9.0))],
    # c near 1 (the variance log(c)^2 / 12): in c (in b they are flat to 1e-14, their second derivatives a few
    # roundings of the value); the std's second derivative, -5e-5, is sqrt's two terms of 288 cancelling (3e-14 of
    # them: 2e-9 relative)
    *[(m, (b, 1.001), 1, 1e-11 if m != "std" else 1e-8) for m in ("mean", "var", "std", "entropy")
      for b in (0.5, -3.0)],
]

test_against_mpmath = mp_points_test(T, _mp_truncpareto, MP_POINTS)


def test_where_scipy_is_off():
    calls = [("cdf", (1 + 1e-10, 2.0, 3.0)), ("sf", (3 - 1e-10, 2.0, 3.0)), ("logsf", (3 - 1e-10, 2.0, 3.0)),
             ("var", (10.0, 1.001)), ("mean", (1e-3, 3.0)), ("entropy", (1e-3, 3.0))]
    # (and its mean and variance at b = 1, 2 in an array beside other b: 0 / 0)
    with np.errstate(all="ignore"):
        assert np.isnan(ST.truncpareto.mean(np.array([1.0, 1.5]), 3.0)[0])
    assert float(T.mean(np.array([1.0, 1.5]), 3.0)[0]) == pytest.approx(np.log(3.0) / (2 / 3), rel=1e-15)
    # SciPy's (1 - z^-b) / (1 - c^-b) near 1 (1.5e-10 relative off), its (z^-b - c^-b) / (1 - c^-b) near c (5e-11),
    # its E[z^2] - mean^2 as c goes to 1 (1.3e-7), its mean and entropy at a small b (1.3e-14, 2.1e-11)
    for (f, args), want, off in zip(calls, mp_truths(_mp_truncpareto, calls), (1e-10, 1e-11, 1e-12, 1e-8, 1e-14,
                                                                             1e-11)):
        with np.errstate(all="ignore"):
            assert abs(float(getattr(ST.truncpareto, f)(*args)) / want - 1) > off, f
        assert float(_f(f)(*args)) == pytest.approx(want, rel=4e-16 if f != "var" else 2e-14), f


def test_at_the_ends():
    # the density jumps at z = 1 and z = c: a traced argument that moves z, or c, there is refused
    for f in TAILS:
        for z in (1.0, 3.0):
            with pytest.raises(NoGradientRule, match="has no derivative where x is loc \\+ scale or loc \\+ c scale"):
                wg.grad(lambda x, f=f: _f(f)(x, 2.0, 3.0))(z)
            with pytest.raises(NoGradientRule, match="the density jumps there"):
                wg.grad(lambda loc, f=f, z=z: _f(f)(z + 0.5, 2.0, 3.0, loc))(0.5)
            with pytest.raises(NoGradientRule, match="the density jumps there"):  # (z = 1, c: z moves with scale)
                wg.grad(lambda s, f=f, z=z: _f(f)(z * 2.0, -2.0, 3.0, 0.0, s))(2.0)
        with pytest.raises(NoGradientRule, match="the density jumps there"):  # (the end c moves)
            wg.jvp(lambda c, f=f: _f(f)(3.0, 2.0, c), (3.0,), (1.0,))
    # where z stays, the tails are their constants (derivative 0 in b, and in c at z = 1), the density its formula
    for b in (2.0, -2.0):
        for f, z, value in (("cdf", 1.0, 0.0), ("sf", 3.0, 0.0), ("logcdf", 3.0, 0.0), ("logsf", 1.0, 0.0)):
            assert float(_f(f)(z, b, 3.0)) == value
            assert float(wg.grad(lambda b, f=f, z=z: _f(f)(z, b, 3.0))(b)) == 0.0
            assert float(wg.grad(wg.grad(lambda b, f=f, z=z: _f(f)(z, b, 3.0)))(b)) == 0.0
        assert float(wg.grad(lambda c: T.cdf(1.0, b, c))(3.0)) == 0.0
        assert float(T.logcdf(1.0, b, 3.0)) == -np.inf and float(T.logsf(3.0, b, 3.0)) == -np.inf
    # the density at z = 1 in b and c: b / (1 - c^-b); d/db (1 - c^-b (1 + b log c)) / (1 - c^-b)^2 at b = 2, c = 3
    L = np.log(3.0)
    assert float(T.pdf(1.0, 2.0, 3.0)) == pytest.approx(2.25, rel=1e-15)
    assert float(wg.grad(lambda b: T.pdf(1.0, b, 3.0))(2.0)) == pytest.approx(
        (1 - (1 + 2 * L) / 9) / (8 / 9) ** 2, rel=1e-14)
    assert float(wg.grad(lambda c: T.pdf(1.0, 2.0, c))(3.0)) == pytest.approx(-2.0 * 2.0 * 3.0 ** -3 / (8 / 9) ** 2,
                                                                              rel=1e-14)


@pytest.mark.parametrize("b", [2.0, -2.0])
def test_quantile_ends(b):
    # ppf(0) = loc + scale and ppf(1) = loc + c scale (isf the other way) at every b: slope 1 / pdf there (finite),
    # d/db 0, d/dc 0 and 1; the Hessian in (q, b, c, loc, scale) finite and symmetric, forward over forward the same;
    # at ppf(0) its q row the closed forms of the slope scale m / b (m = 1 - c^-b) and of -f'/f^3
    c, loc, scale = 3.0, 0.1, 1.3
    m, L = 1.0 - c ** -b, np.log(c)
    h = np.asarray(wg.hessian(lambda v: T.ppf(*v))(np.array([0.0, b, c, loc, scale])))
    assert h[0].tolist() == pytest.approx([scale * (b + 1) * m * m / (b * b), scale * (c ** -b * L * b - m) / (b * b),
                                           scale * c ** (-b - 1), 0.0, m / b], rel=1e-14, abs=1e-300)
    for method, q, end in (("ppf", 0.0, 1.0), ("ppf", 1.0, c), ("isf", 1.0, 1.0), ("isf", 0.0, c)):
        def f(v, method=method):
            return _f(method)(v[0], v[1], v[2], v[3], v[4])
        v = np.array([q, b, c, loc, scale])
        assert float(f(v)) == loc + scale * end
        g = np.asarray(wg.grad(f)(v))
        slope = 1.0 / float(T.pdf(loc + scale * end, b, c, loc, scale))
        assert g.tolist() == pytest.approx([slope if method == "ppf" else -slope, 0.0, 0.0 if end == 1.0 else scale,
                                            1.0, end], rel=1e-13, abs=1e-300)
        h = np.asarray(wg.hessian(f)(v))
        assert np.all(np.isfinite(h)) and h == pytest.approx(h.T, rel=1e-14, abs=1e-300)
        assert np.asarray(wg.jacfwd(wg.jacfwd(f))(v)) == pytest.approx(h, rel=1e-13, abs=1e-300)


def test_quantiles_and_tails_agree():
    for b, c in ((2.0, 3.0), (-2.0, 3.0), (1e-3, 10.0), (-40.0, 1.5), (300.0, 2.0)):
        # (at q = 1e-200 the quantiles, within 1e-200 of the ends, round to them: no round trip (cdf(1) and sf(c) are 0;
        # those checks passed only by pytest.approx's default abs=1e-12))
        assert float(T.ppf(1e-200, b, c)) == 1.0 and float(T.isf(1e-200, b, c)) == c
        # (at b = 300 the cdf's condition b x^-b / cdf is 3e4 at q = 0.01: x's rounding, 1.1e-16 near 1, moves it by up
        # to 3.3e-12 (1.8e-12 measured, the quantile correctly rounded))
        rel = 4e-12 if b == 300.0 else 1e-12
        for q in (0.01, 0.3, 0.7, 0.99):
            assert float(T.cdf(float(T.ppf(q, b, c)), b, c)) == pytest.approx(q, rel=rel, abs=0.0)
            assert float(T.sf(float(T.isf(q, b, c)), b, c)) == pytest.approx(q, rel=rel, abs=0.0)


def test_mixed_signs_in_one_array():
    # b of both signs in one array: each entry as alone, with its own derivatives
    b = np.array([2.0, -2.0, 0.7])
    for f in TAILS + ("ppf", "isf"):
        at = 0.3 if f in ("ppf", "isf") else 1.7
        together = _f(f)(at, b, 3.0)
        assert np.asarray(together).tolist() == [float(_f(f)(at, v, 3.0)) for v in b], f
        d = np.asarray(wg.grad(lambda b, f=f: _f(f)(at, b, 3.0).sum())(b))
        assert d.tolist() == pytest.approx([float(wg.grad(lambda v, f=f: _f(f)(at, v, 3.0))(v)) for v in b],
                                           rel=1e-15), f
    for m in ("mean", "var", "entropy"):
        assert np.asarray(_f(m)(b, 3.0)).tolist() == [float(_f(m)(v, 3.0)) for v in b], m


def test_float32_stays_float32():
    float32_check(T, (2.0, 3.0), x=1.7, summaries=("mean", "var", "std", "entropy", "median"))


REFUSALS = [
    *[(call, f"truncpareto.{m}: b must be nonzero and c above 1 \\(SciPy gives NaN")
      for m, call in (("cdf", lambda: T.cdf(1.5, 0.0, 2.0)), ("logpdf", lambda: T.logpdf(1.5, 1.0, 1.0)),
                      ("isf", lambda: T.isf(0.5, 1.0, 0.5)), ("ppf", lambda: T.ppf(0.5, 0.0, 2.0)),
                      ("mean", lambda: T.mean(0.0, 2.0)), ("var", lambda: T.var(1.0, 1.0)),
                      ("entropy", lambda: T.entropy(1.0, np.nan)))],
    (lambda: T.logpdf(1.5, 2.0, 3.0, 0.0, -1.0), "truncpareto.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 2.0, 3.0), "truncpareto.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)


def test_at_infinity():
    infinite_ends_check(T, [(2.0, 3.0), (1.5, 2.0)])
