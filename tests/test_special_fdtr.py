"""``scipy.special`` ``fdtr fdtrc fdtri``: derivatives in x (or p) and in the degrees of freedom
against mpmath (50 digits) at random points and at the ends, second order in both modes; the
limits on the degrees of freedom (those of ``wengert.scipy.stats.f``'s tails); NaN where SciPy's
value is NaN."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.stats as wstats  # noqa: E402

SECOND = (lambda f: wg.grad(wg.grad(f)), lambda f: wg.jacfwd(wg.grad(f)), lambda f: wg.hessian(f))


def _points(seed, count):
    rng = np.random.default_rng(seed)
    return [(float(rng.uniform(0.5, 60.0)), float(rng.uniform(0.5, 60.0)), float(np.exp(rng.uniform(-3.0, 3.0))))
            for _ in range(count)]


def _mp_fdtr(mp):
    def fdtr(dfn, dfd, x):  # the smaller tail, no 1 - ...
        w = dfn * x / (dfd + dfn * x)
        if w < 0.5:
            return mp.betainc(dfn / 2, dfd / 2, 0, w, regularized=True)
        return 1 - mp.betainc(dfd / 2, dfn / 2, 0, dfd / (dfd + dfn * x), regularized=True)
    return fdtr


def _with(args, i, v):
    args = list(args)
    args[i] = v
    return args


@pytest.mark.parametrize("name, sign", [("fdtr", 1), ("fdtrc", -1)])
def test_in_every_argument_against_mpmath(name, sign):
    mp = pytest.importorskip("mpmath")
    fn, truth = getattr(sc, name), _mp_fdtr(mp)
    with mp.workdps(50):
        for point in _points(1, 4) + [(2.0, 3.0, 1.0), (100.0, 3.0, 3.0), (0.7, 1.3, 1e-5), (5.5, 3.2, 40.0)]:
            for i in range(3):
                def f(v, i=i, point=point):
                    return fn(*_with(point, i, v))
                assert float(wg.value_and_grad(f)(point[i])[0]) == fn(*point)  # SciPy's own value
                exact = [sign * float(mp.diff(lambda v: truth(*_with([mp.mpf(c) for c in point], i, v)),
                                              mp.mpf(point[i]), order)) for order in (1, 2)]
                assert float(wg.grad(f)(point[i])) == pytest.approx(exact[0], rel=5e-11, abs=0), (point, i)
                if i < 2 and point[i] > 100:
                    continue  # (refused: below)
                for second in SECOND:
                    assert float(second(f)(point[i])) == pytest.approx(exact[1], rel=5e-10, abs=0), (point, i)


def test_fdtri_against_mpmath():
    mp = pytest.importorskip("mpmath")
    truth = _mp_fdtr(mp)
    with mp.workdps(50):
        for dfn, dfd, x in _points(2, 4) + [(2.0, 3.0, 1.0), (0.7, 1.3, 1e-5), (5.5, 3.2, 40.0)]:
            p = float(truth(mp.mpf(dfn), mp.mpf(dfd), mp.mpf(x)))
            x = mp.findroot(lambda t: truth(mp.mpf(dfn), mp.mpf(dfd), t) - mp.mpf(p), mp.mpf(x))
            if abs(sc.fdtri(dfn, dfd, p) - x) > 1e-13 * x:
                # SciPy 1.13's fdtri(39.6, 34.0, 1.1e-9) is 2.6e-9 off: the derivatives there are those at its x
                x = mp.mpf(float(sc.fdtri(dfn, dfd, p)))
            args = [mp.mpf(dfn), mp.mpf(dfd), x]

            def partial(*which):  # d^k fdtr / d(the arguments which) at (dfn, dfd, x)
                return mp.diff(truth, args, tuple(which.count(j) for j in range(3)))
            f_x, f_xx = partial(2), partial(2, 2)
            # dx/dp = 1 / f_x, d2x/dp2 = -f_xx / f_x^3
            g = lambda q: sc.fdtri(dfn, dfd, q)  # noqa: E731
            assert float(wg.grad(g)(p)) == pytest.approx(float(1 / f_x), rel=1e-12, abs=0)
            for second in SECOND:
                assert float(second(g)(p)) == pytest.approx(float(-f_xx / f_x ** 3), rel=1e-10, abs=0)
            for i in range(2):  # dx/dv = -f_v / f_x; d2x/dv2 = -(f_vv + 2 f_vx x_v + f_xx x_v^2) / f_x
                x_v = -partial(i) / f_x
                x_vv = -(partial(i, i) + 2 * partial(i, 2) * x_v + f_xx * x_v ** 2) / f_x

                def h(v, i=i):
                    return sc.fdtri(*_with([dfn, dfd, p], i, v))
                assert float(wg.grad(h)((dfn, dfd)[i])) == pytest.approx(float(x_v), rel=5e-11, abs=0)
                for second in SECOND:
                    assert float(second(h)((dfn, dfd)[i])) == pytest.approx(float(x_vv), rel=5e-10, abs=0)


def test_limits_on_the_degrees_of_freedom_are_stats_fs():
    # the derivative in dfn or dfd up to 300, the second up to 100: beyond, a ValueError, as f.cdf
    assert np.isfinite(float(wg.grad(lambda d: sc.fdtr(d, 3.0, 2.0))(300.0)))
    assert np.isfinite(float(wg.grad(wg.grad(lambda d: sc.fdtrc(3.0, d, 2.0)))(100.0)))
    for f, v in [(lambda d: sc.fdtr(d, 3.0, 2.0), 301.0), (lambda d: sc.fdtri(3.0, d, 0.4), 301.0),
                 (lambda d: wstats.f.cdf(2.0, d, 3.0), 301.0)]:
        with pytest.raises(ValueError, match="derivative in (dfn|dfd) is computed for (dfn|dfd) up to 300"):
            wg.grad(f)(v)
    for f in (lambda d: sc.fdtr(d, 3.0, 2.0), lambda d: sc.fdtrc(3.0, d, 2.0), lambda d: wstats.f.sf(2.0, d, 3.0)):
        wg.grad(f)(150.0)
        for second in SECOND:
            with pytest.raises(ValueError, match="second derivative in (dfn|dfd) is computed for (dfn|dfd) up to 100"):
                second(f)(150.0)
    # x's derivative is not limited (the density has no cancellation)
    assert float(wg.grad(lambda x: sc.fdtr(1e4, 1e4, x))(1.0)) > 0


def test_at_the_ends():
    # at x = 0 the density is inf, dfd / 2 ... or 0 as dfn is below, at or above 2 (fdtr(2, 3, x) = 1 - (1 + 2x/3)^-1.5:
    # d/dx = (1 + 2x/3)^-2.5, 1 at 0, d2/dx2 = -5/3 there); fdtr does not move in dfn, dfd at x = 0
    assert float(wg.grad(lambda x: sc.fdtr(1.0, 3.0, x))(0.0)) == np.inf
    assert float(wg.grad(lambda x: sc.fdtr(3.0, 3.0, x))(0.0)) == 0.0
    f = lambda x: sc.fdtr(2.0, 3.0, x)  # noqa: E731
    assert float(wg.grad(f)(0.0)) == 1.0
    for second in SECOND:
        assert float(second(f)(0.0)) == pytest.approx(-5.0 / 3.0, rel=1e-15, abs=0)
    for i in range(2):
        for name in ("fdtr", "fdtrc"):
            g = lambda v, i=i, name=name: getattr(sc, name)(*_with([2.5, 3.0, 0.0], i, v))  # noqa: E731
            assert float(wg.grad(g)(2.5 if i == 0 else 3.0)) == 0.0
            for second in SECOND:
                assert float(second(g)(2.5 if i == 0 else 3.0)) == 0.0
    # fdtri(2, 3, p) = 1.5 ((1 - p)^(-2/3) - 1): 1 at p = 0, then 5/3; inf at p = 1; x at p = 0 does not move in dfn
    g = lambda p: sc.fdtri(2.0, 3.0, p)  # noqa: E731
    if not np.isnan(sc.fdtri(2.0, 3.0, 0.0)):  # (SciPy 1.13's fdtri is NaN at p = 0)
        assert float(wg.grad(g)(0.0)) == pytest.approx(1.0, rel=1e-15, abs=0)
        for second in SECOND:
            assert float(second(g)(0.0)) == pytest.approx(5.0 / 3.0, rel=1e-14, abs=0)
        assert float(wg.grad(lambda d: sc.fdtri(d, 3.0, 0.0))(2.0)) == 0.0
    assert float(wg.grad(g)(1.0)) == np.inf
    with pytest.raises(wg.NoGradientRule, match="fdtri.*end of the range"):
        wg.grad(wg.grad(g))(1.0)
    # at x = inf fdtr is 1 for every dfn, dfd (SciPy 1.13: NaN, and so are the derivatives there)
    for i, v in enumerate((2.5, 3.0, np.inf)):
        d = float(wg.grad(lambda v, i=i: sc.fdtr(*_with([2.5, 3.0, np.inf], i, v)))(v))
        assert d == 0.0 if sc.fdtr(2.5, 3.0, np.inf) == 1.0 else np.isnan(d)


def test_nan_where_scipys_value_is_nan():
    for f, v in [(lambda x: sc.fdtr(2.0, 3.0, x), -1.0), (lambda d: sc.fdtr(d, 3.0, 1.0), -1.0),
                 (lambda d: sc.fdtrc(2.0, d, 1.0), 0.0), (lambda p: sc.fdtri(2.0, 3.0, p), 1.5),
                 (lambda d: sc.fdtri(d, 3.0, 0.5), -2.0)]:
        assert np.isnan(f(v))
        assert np.isnan(float(wg.grad(f)(v)))
        for second in SECOND:
            assert np.isnan(float(second(f)(v)))


def test_float32_and_shapes():
    n, d = np.float32(2.0), np.float32(3.0)
    g = wg.grad(lambda x: sc.fdtr(n, d, x))(np.float32(1.0))
    assert g.dtype == np.float32 and g == np.float32(0.6 ** 2.5 * 1.0)  # (1 + 2/3)^-2.5
    dfd, p = np.array([[2.0], [7.0]]), np.array([0.2, 0.6, 0.9])
    jac = wg.jacobian(lambda dfn: sc.fdtri(dfn, dfd, p))(np.array([1.5, 4.0, 9.0]))
    assert jac.shape == (2, 3, 3) and np.all(jac[:, [0, 1, 2], [1, 2, 0]] == 0)
    assert wg.grad(lambda x: np.sum(sc.fdtrc(3.0, 4.0, x)))(np.zeros((0, 2))).shape == (0, 2)


def test_near_x_0():
    # log w as log r - log1p(r) below r = 1 (-log1p(1 / r) there: the derivatives of 1 / r overflowed: at
    # x = 1e-300 d2/d dfn2 was NaN by reverse over reverse for 6.45e-71, d2/dx2 inf in every mode for -5; d2/dp2
    # of fdtri at p = 1e-12 4.99988 by reverse over reverse for 5)
    mp = pytest.importorskip("mpmath")
    truth = _mp_fdtr(mp)
    with mp.workdps(50):
        exact = float(mp.diff(lambda n: truth(n, mp.mpf(0.5), mp.mpf(1e-300)), mp.mpf(0.5), 2))  # 6.45e-71
    f = lambda d: sc.fdtr(d, 0.5, 1e-300)  # noqa: E731
    for second in SECOND:
        assert float(second(f)(0.5)) == pytest.approx(exact, rel=1e-13, abs=0)
    # fdtr(2, 0.5, x) = 1 - (1 + 4x)^(-1/4): d2/dx2 = -5 (1 + 4x)^(-9/4); fdtri(2, 0.5, p) = ((1 - p)^-4 - 1) / 4:
    # d2/dp2 = 5 (1 - p)^-6
    for f, v, exact in [(lambda x: sc.fdtr(2.0, 0.5, x), 1e-300, -5.0), (lambda p: sc.fdtri(2.0, 0.5, p), 1e-12,
                                                                           5.0 * (1.0 - 1e-12) ** -6)]:
        for second in SECOND:
            assert float(second(f)(v)) == pytest.approx(exact, rel=1e-12, abs=0)
