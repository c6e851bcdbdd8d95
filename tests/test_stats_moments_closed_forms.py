"""Moments with closed forms that SciPy has and wengert lacked: skewnorm's, genextreme's and truncnorm's mean, var
and std.

Values against SciPy's (and against mpmath where SciPy's are off); values, gradients and Hessians in every parameter
(the shape, loc, scale) on the five paths (:func:`opcheck.five_hessians`) against mpmath's derivatives of the closed
forms in the shape (``mp.diff`` at 60 digits; loc and scale enter as polynomials), at ordinary points and at the
switching points.
"""
import numpy as np
import pytest

import stats_file  # noqa: F401  (first: it skips the file without SciPy)
from opcheck import five_hessians, stats_values_test
import wengert as wg
from wengert.scipy import stats


def _mp_moment_truths(standard, method, shapes, loc, scale):
    """The value, gradient and Hessian in (the shapes, loc, scale) of ``method`` (mean ``loc + scale g``, var ``scale^2
    g``, std ``scale g``) at each row of ``shapes``, from ``g = standard(mp, *shapes)`` (the standard distribution's
    mean, variance or standard deviation) and its first and second derivatives by ``mp.diff`` at 60 digits (each
    shape's step ``1e-15`` of it, 1e-15 below 1: a closed form that cancels near a shape's 0 keeps 45 digits there; a
    mixed derivative as a derivative of a derivative); loc and scale enter as polynomials."""
    mp = pytest.importorskip("mpmath")
    p, d = (2 if method == "var" else 1), (1.0 if method == "mean" else 0.0)
    rows = []
    with mp.workdps(60):
        for row in np.atleast_2d(np.asarray(shapes, dtype=float).T).T:
            x = [mp.mpf(float(v)) for v in row]
            k = len(x)
            steps = [mp.mpf(10) ** -15 * max(1, abs(v)) for v in x]  # (mp.diffs took a step less accurately)

            def at(i, t, y):
                return y[:i] + [t] + y[i + 1:]

            def first(i, y):
                return mp.diff(lambda t: standard(mp, *at(i, t, y)), y[i], 1, h=steps[i])

            def second(i, j):
                if i == j:
                    return mp.diff(lambda t: standard(mp, *at(i, t, x)), x[i], 2, h=steps[i])
                return mp.diff(lambda t: first(j, at(i, t, x)), x[i], 1, h=steps[i])
            g = float(standard(mp, *x))
            g1 = [float(first(i, x)) for i in range(k)]
            g2 = [[float(second(i, j)) if j >= i else None for j in range(k)] for i in range(k)]
            sp, sp1 = scale ** p, p * scale ** (p - 1)
            hessian = np.zeros((k + 2, k + 2))
            for i in range(k):
                for j in range(i, k):
                    hessian[i, j] = hessian[j, i] = sp * g2[i][j]
                hessian[i, k + 1] = hessian[k + 1, i] = sp1 * g1[i]
            hessian[k + 1, k + 1] = p * (p - 1) * scale ** (p - 2) * g
            rows.append((loc * d + sp * g, [sp * v for v in g1] + [d, sp1 * g], hessian))
    return tuple(np.array([r[m] for r in rows]) for m in range(3))


def _check_five_paths(method, standard, shapes, rtol, loc=0.3, scale=1.7):
    value, gradient, hessian = _mp_moment_truths(standard, method.__name__, shapes, loc, scale)
    shapes = np.atleast_2d(np.asarray(shapes, dtype=float).T).T
    points = np.concatenate([shapes, np.full((len(shapes), 1), loc), np.full((len(shapes), 1), scale)], axis=1)

    def f(v):
        return method(*(v[:, i] for i in range(v.shape[1])))
    np.testing.assert_allclose(f(points), value, rtol=rtol, atol=0)
    np.testing.assert_allclose(wg.grad(lambda v: np.sum(f(v)))(points), gradient, rtol=rtol, atol=0)
    # (an entry whose truth is 0 by symmetry, d2/da db of truncnorm's mean at a = -b, is rounding: within 4e-16 of the
    # point's largest entry)
    allowed = rtol * np.abs(hessian) + 4e-16 * np.max(np.abs(hessian), axis=(1, 2), keepdims=True)
    for name, got in five_hessians(f, points).items():
        assert np.all(np.abs(got - hessian) <= allowed), (name, got, hessian)


# -- skewnorm ---------------------------------------------------------------------------------------------------

SKEW_A = np.array([-1e200, -3.0, -1.0, -1e-8, 0.0, 1e-8, 0.5, 1.0, 1.0000000000000002, 2.5, 1e8, 1e200])
SKEW_VALUES = [(f"skewnorm.{m}", (SKEW_A[1:-1], 0.3, 1.7)) for m in ("mean", "var", "std")]
test_stats_values_are_scipys = stats_values_test(SKEW_VALUES)


def _mp_skewnorm(method):
    def g(mp, a):
        delta = a / mp.sqrt(1 + a * a)
        v = 1 - 2 * delta ** 2 / mp.pi
        return {"mean": mp.sqrt(2 / mp.pi) * delta, "var": v, "std": mp.sqrt(v)}[method]
    return g


@pytest.mark.parametrize("method", ["mean", "var", "std"])
def test_skewnorm_moments_against_mpmath(method):
    # (a = 0: delta's odd series; |a| = 1: the switch to sign(a) / sqrt(1 + 1 / a^2); 1e8 and 1e200: through a / h the
    # derivative 1 / h - a^2 / h^3 cancelled, and a^2 overflowed, SciPy's mean 0 and var 1 at a = 1e200)
    _check_five_paths(getattr(stats.skewnorm, method), _mp_skewnorm(method), SKEW_A, 4e-15)
    assert float(stats.skewnorm.mean(1e200)) == pytest.approx(np.sqrt(2 / np.pi), rel=1e-15)
    with pytest.raises(ValueError, match="a must be finite"):
        getattr(stats.skewnorm, method)(np.inf)


# -- genextreme -------------------------------------------------------------------------------------------------

def _mp_genextreme(method):
    def g(mp, c):
        if c == 0:  # (Gumbel: the limits)
            m, v = mp.euler, mp.pi ** 2 / 6
        else:
            m, v = (1 - mp.gamma(1 + c)) / c, (mp.gamma(1 + 2 * c) - mp.gamma(1 + c) ** 2) / c ** 2
        return {"mean": m, "var": v, "std": mp.sqrt(v)}[method]
    return g


#: c about the series' switch (|c| = 1/4), near and at 0 (Gumbel), near the ends -1 (mean) and -1/2 (variance), large
GEV_C = [-0.45, -0.3, -0.25, -0.24999999999999997, -1e-8, 0.0, 1e-8, 0.1, 0.24999999999999997, 0.25, 0.5, 1.0, 3.0,
         50.0]


@pytest.mark.parametrize("method", ["mean", "var", "std"])
def test_genextreme_moments_against_mpmath(method):
    # (4e-14: at c = 1/4 the quotient's derivatives cancel (the variance's second 2.9e-14 off, every other point within
    # 4e-15), at c = 1 the mean's second derivative in c is 0.022 from terms of 0.8 (1.1e-14))
    c = GEV_C + ([-0.9, -0.999] if method == "mean" else [])
    _check_five_paths(getattr(stats.genextreme, method), _mp_genextreme(method), c, 4e-14)


def test_genextreme_moments_where_they_diverge():
    # the mean +inf from c = -1 down, the variance (std) +inf for -1 < c <= -1/2 and NaN from -1 down, where the mean is
    # infinite (SciPy: inf at -1 and -1/2, NaN below); an infinite moment has derivative 0, an undefined one NaN
    G = stats.genextreme
    c = np.array([-2.0, -1.0, -0.75, -0.5])
    assert G.mean(c).tolist()[:2] == [np.inf] * 2 and np.all(np.isfinite(G.mean(c)[2:]))
    np.testing.assert_array_equal(G.var(c), [np.nan, np.nan, np.inf, np.inf])
    np.testing.assert_array_equal(G.std(c), [np.nan, np.nan, np.inf, np.inf])
    assert float(wg.grad(lambda t: G.mean(t, 0.3, 1.7))(-1.5)) == 0.0
    assert float(wg.grad(lambda t: G.var(t, 0.3, 1.7))(-0.75)) == 0.0
    assert np.isnan(float(wg.grad(lambda t: G.var(t, 0.3, 1.7))(-1.5)))
    # beside the series' switch and at c = 0 the values are SciPy's within rounding (SciPy's own switch to the limits
    # below |c| = 1e-7 and 1e-14 leaves it 3e-9 off at c = 1e-8, where these are within 2e-16 of mpmath)
    for m in ("mean", "var", "std"):
        for t in (-0.3, 0.0, 0.1, 0.25, 3.0):
            with np.errstate(all="ignore"):  # (SciPy 1.13's 0 / 0 at c = 0, before its np.where takes the limit)
                want = float(getattr(stats_file.ST.genextreme, m)(t, 0.3, 1.7))
            assert float(getattr(G, m)(t, 0.3, 1.7)) == pytest.approx(want, rel=2e-15, abs=0), (m, t)


# -- truncnorm --------------------------------------------------------------------------------------------------

def _mp_truncnorm(method):
    def g(mp, a, b):
        if a + b < 0:  # (reflected: the difference of the lower tails near 1 lost the mass at a = -1000)
            value = g(mp, -b, -a)
            return -value if method == "mean" else value
        q = (lambda t: mp.erfc(t / mp.sqrt(2)) / 2)
        mass = q(a) - q(b)
        m = (mp.npdf(a) - mp.npdf(b)) / mass
        v = 1 + (a * mp.npdf(a) - b * mp.npdf(b)) / mass - m * m
        return {"mean": m, "var": v, "std": mp.sqrt(v)}[method]
    return g


#: (a, b): far in the upper tail (SciPy's variance 7.5e-8 off at 30, 31), far in the lower (SciPy's 22 times the truth at
#: -1000, -999), symmetric (the mean 0), across 0, either side of the continued fraction's switch at t = 2 (1.9 and 5),
#: a = 0 (the two forms' switch)
TRUNCNORM_AB = [(30.0, 31.0), (-1000.0, -999.0), (-2.0, 2.0), (-1.0, 3.0), (1.9, 5.0), (0.0, 1.0)]


@pytest.mark.parametrize("method", ["mean", "var"])
def test_truncnorm_moments_against_mpmath(method):
    # (1.2e-13: d2/da2 of the variance at a = 1.9 (erfcx's form of the tail's 1 - h g) 9.4e-14, d2/da db of the mean at
    # (-1, 3) 7.7e-14; elsewhere 5e-14. std is scale sqrt(var), _add_moments' as every distribution's: its values below)
    _check_five_paths(getattr(stats.truncnorm, method), _mp_truncnorm(method), TRUNCNORM_AB, 1.2e-13)


TRUNCNORM_VALUES = [(f"truncnorm.{m}", (np.array([-2.0, -1.0, 0.5, 1.5]), np.array([[2.0], [5.0], [np.inf]]), 0.3,
                                        1.7)) for m in ("mean", "var", "std")]
test_truncnorm_values_are_scipys = stats_values_test(TRUNCNORM_VALUES)


def test_truncnorm_where_scipy_is_off():
    # SciPy's m2 - m1^2: its variance 7.5e-8 off at (30, 31), 22 times the truth at (-1000, -999), 1.7e-5 off at (30,
    # 30.01) (these: within 2e-13 of mpmath's 100 digits, the std too)
    for (a, b), var in (((30.0, 31.0), 0.0011037715118352822), ((-1000.0, -999.0), 1.0019969799951863e-06),
                        ((30.0, 30.01), 8.295927006621743e-06)):
        assert float(stats.truncnorm.var(a, b)) == pytest.approx(var, rel=2e-13, abs=0)
        assert float(stats.truncnorm.std(a, b, 0.3, 1.7)) == pytest.approx(1.7 * np.sqrt(var), rel=2e-13, abs=0)
        with np.errstate(all="ignore"):
            assert abs(float(stats_file.ST.truncnorm.var(a, b)) / var - 1) > 1e-8
