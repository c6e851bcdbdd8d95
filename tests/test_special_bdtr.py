"""``scipy.special`` ``bdtr bdtrc bdtri nbdtr nbdtrc nbdtri``: derivatives in the probability
against mpmath (50 digits) at random points, at the ends (p = 0, 1; k = 0, k = n - 1) and in
the far tails (values below 1e-300), at second order in both modes; NaN where SciPy's value is
NaN, 0 where it is a constant, and the counts refused by name."""
import warnings

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402,F401

SECOND = (lambda f: wg.grad(wg.grad(f)), lambda f: wg.jacfwd(wg.grad(f)), lambda f: wg.hessian(f))


def _mp_cdfs(mp):
    def incomplete(a, b, x):
        return mp.betainc(a, b, 0, x, regularized=True)
    return {"bdtr": lambda k, n, p: incomplete(n - k, k + 1, 1 - p),
            "bdtrc": lambda k, n, p: incomplete(k + 1, n - k, p),
            "nbdtr": lambda k, n, p: incomplete(n, k + 1, p),
            "nbdtrc": lambda k, n, p: incomplete(k + 1, n, 1 - p)}


def _mp_densities(mp):
    """d/dp of bdtr and nbdtr in closed form (mp.diff of the cdf near 1 cancels at 50 digits)."""
    return {"bdtr": lambda k, n, p: -p ** k * (1 - p) ** (n - k - 1) / mp.beta(n - k, k + 1),
            "nbdtr": lambda k, n, p: p ** (n - 1) * (1 - p) ** k / mp.beta(n, k + 1)}


def _points(seed, count):
    rng = np.random.default_rng(seed)
    n = rng.integers(1, 60, count)
    return [(int(rng.integers(0, m)), int(m), float(rng.uniform(0.02, 0.98))) for m in n]


@pytest.mark.parametrize("name", ["bdtr", "bdtrc", "nbdtr", "nbdtrc"])
def test_in_p_against_mpmath(name):
    mp = pytest.importorskip("mpmath")
    fn, truth = getattr(sc, name), _mp_cdfs(mp)[name]
    with mp.workdps(50):
        for k, n, p in _points(1, 6) + [(0, 5, 0.3), (4, 5, 0.999), (3, 50, 0.9), (10, 200, 0.01)]:
            def f(q, k=k, n=n):
                return fn(k, np.int64(n), q)
            assert float(wg.value_and_grad(f)(p)[0]) == fn(k, n, p)  # SciPy's own value
            exact = [float(mp.diff(lambda q: truth(k, n, q), mp.mpf(p), order)) for order in (1, 2)]
            assert float(wg.grad(f)(p)) == pytest.approx(exact[0], rel=5e-14, abs=0), (k, n, p)
            for second in SECOND:
                assert float(second(f)(p)) == pytest.approx(exact[1], rel=5e-13, abs=0), (k, n, p)


@pytest.mark.parametrize("name, lower", [("bdtri", "bdtr"), ("nbdtri", "nbdtr")])
def test_inverses_against_mpmath(name, lower):
    mp = pytest.importorskip("mpmath")
    fn, cdf, density = getattr(sc, name), _mp_cdfs(mp)[lower], _mp_densities(mp)[lower]
    with mp.workdps(50):
        # (at bdtri(47, 55, 7.9e-8) SciPy's p = 0.990 is 2.1e-13 off and 1 - p rounded 2.1e-11: the derivative
        # at that p was 1.4e-10 off, with 1 - p from betaincinv(8, 48, y) 9.9e-12, with p = 1 - that 6e-16; at
        # nbdtri(23, 258, 1.1e-6) betaincinv(24, 258, 1 - y) is 1.3e-12 off, betainccinv(24, 258, y) exact)
        points = [(k, n, y) for k, n, y in _points(2, 6) if k < n - 1] + [
            (2, 5, 0.3), (0, 5, 0.3), (3, 50, 1 - 1e-12), (3, 50, 1e-20), (10, 20, 0.999999),
            (47, 55, 7.86010851835986e-08), (23, 258, 1.1321365203663153e-06)]
        for k, n, y in points:
            def f(q, k=k, n=n):
                return fn(k, np.int64(n), q)
            p = mp.findroot(lambda q: cdf(k, n, q) - mp.mpf(y), mp.mpf(float(fn(k, n, y))))
            d1, d2 = density(k, n, p), mp.diff(lambda q: density(k, n, q), p)
            # dp/dy = 1 / F'(p), d2p/dy2 = -F''(p) / F'(p)^3: where 1 - p is near 0 (bdtri at y near 1e-20),
            # from the complementary inverse (1 - p rounded had lost its digits)
            assert float(wg.grad(f)(y)) == pytest.approx(float(1 / d1), rel=5e-14, abs=0), (name, k, n, y)
            for second in SECOND:
                assert float(second(f)(y)) == pytest.approx(float(-d2 / d1 ** 3), rel=5e-12, abs=0), (name, k, n, y)


def test_at_the_ends():
    # bdtr(0, n, p) = (1 - p)^n and bdtr(n - 1, n, p) = 1 - p^n: their derivatives at p = 0 and 1, exact
    n = np.int64(5)
    for f, p, first, second in [(lambda p: sc.bdtr(0, n, p), 0.0, -5.0, 20.0),
                                (lambda p: sc.bdtr(0, n, p), 1.0, 0.0, 0.0),
                                (lambda p: sc.bdtr(4, n, p), 1.0, -5.0, -20.0),
                                (lambda p: sc.bdtr(4, n, p), 0.0, 0.0, 0.0),
                                (lambda p: sc.bdtr(2, n, p), 0.0, 0.0, 0.0),
                                (lambda p: sc.bdtrc(4, n, p), 1.0, 5.0, 20.0),
                                (lambda p: sc.nbdtr(0, 5, p), 1.0, 5.0, 20.0),  # p^5
                                (lambda p: sc.nbdtrc(3, 1, p), 0.0, -4.0, 12.0),  # (1 - p)^4
                                (lambda y: sc.bdtri(0, n, y), 1.0, -0.2, 0.16),  # 1 - y^(1/5)
                                (lambda y: sc.nbdtri(0, 1, y), 0.0, 1.0, 0.0)]:  # y
        assert float(wg.grad(f)(p)) == pytest.approx(first, rel=1e-15, abs=0)
        for order2 in SECOND:
            assert float(order2(f)(p)) == pytest.approx(second, rel=1e-15, abs=1e-300)
    # the inverses' slope is infinite where the density vanishes at the result; its own derivative
    # there is refused by name
    assert float(wg.grad(lambda y: sc.bdtri(2, n, y))(0.0)) == -np.inf
    assert float(wg.grad(lambda y: sc.nbdtri(2, 5, y))(1.0)) == np.inf
    with pytest.raises(wg.NoGradientRule, match="nbdtri.*end of the range"):
        wg.grad(wg.grad(lambda y: sc.nbdtri(2, 5, y)))(0.0)


def test_far_tails():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        # bdtrc(1, 5, 1e-160) = 10 p^2 (1 + ...) is subnormal (1e-319, 2 digits); its derivative 20 p is not
        f = lambda p: sc.bdtrc(1, np.int64(5), p)  # noqa: E731
        assert 0 < f(1e-160) < 1e-300
        p = mp.mpf(1e-160)
        # (through exp(log p + ...): log p = -368 keeps 8e-14 of its rounding)
        assert float(wg.grad(f)(1e-160)) == pytest.approx(float(20 * p * (1 - p) ** 3), rel=1e-13, abs=0)
        # bdtr(0, 2000, 0.5) = 2^-2000 underflows, and so does its derivative: 0 is the truth in floats
        assert sc.bdtr(0, 2000, 0.5) == 0 and float(wg.grad(lambda p: sc.bdtr(0, np.int64(2000), p))(0.5)) == 0.0
        # nbdtr(3, 185, 0.02) = 1e-310 is subnormal; its derivative p^184 (1 - p)^3 / B(185, 4) = 5e-305 is
        # not (from its logarithm, not from the value)
        assert 0 < sc.nbdtr(3, 185, 0.02) < 1e-300
        p = mp.mpf(0.02)
        exact = p ** 184 * (1 - p) ** 3 / mp.beta(185, 4)
        assert float(wg.grad(lambda p: sc.nbdtr(3, 185, p))(0.02)) == pytest.approx(float(exact), rel=1e-12, abs=0)


def test_nan_where_scipys_value_is_nan_and_zero_where_constant():
    n = np.int64(5)
    # k > n or k < 0 (bdtr), n < 1 (nbdtr), p outside [0, 1]: SciPy's value NaN, every derivative NaN
    for f, p in [(lambda p: sc.bdtr(6, n, p), 0.3), (lambda p: sc.bdtr(-1, n, p), 0.3),
                 (lambda p: sc.bdtr(2, n, p), 1.5), (lambda p: sc.nbdtr(2, 0, p), 0.3),
                 (lambda y: sc.bdtri(5, n, y), 0.3), (lambda y: sc.nbdtri(-1, 5, y), 0.3)]:
        assert np.isnan(f(p))
        assert np.isnan(float(wg.grad(f)(p)))
        for second in SECOND:
            assert np.isnan(float(second(f)(p)))
    # bdtr(n, n, p) = 1 and bdtrc(-1, n, p) = 1 for every p: 0
    for f in (lambda p: sc.bdtr(5, n, p), lambda p: sc.bdtrc(-1, n, p), lambda p: sc.bdtrc(5, n, p)):
        assert float(wg.grad(f)(0.3)) == 0.0 and float(wg.hessian(f)(0.3)) == 0.0
    # SciPy floors bdtr's k (2.5 is 2) and truncates nbdtr's (with its warning)
    assert float(wg.grad(lambda p: sc.bdtr(2.5, n, p))(0.3)) == float(wg.grad(lambda p: sc.bdtr(2, n, p))(0.3))


@pytest.mark.parametrize("name", ["bdtr", "bdtrc", "bdtri", "nbdtr", "nbdtrc", "nbdtri"])
def test_counts_are_refused_by_name(name):
    fn = getattr(sc, name)
    with pytest.raises(wg.NoGradientRule, match=rf"{name} has no gradient with respect to k \(argument 0\)"):
        wg.grad(lambda k: fn(k, 5, 0.3))(2.0)
    with warnings.catch_warnings():  # (a float n: SciPy's deprecation, or NumPy's cast to an integer)
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        with pytest.raises(wg.NoGradientRule, match=rf"{name} has no gradient with respect to n \(argument 1\)"):
            wg.grad(lambda n: fn(2, n, 0.3))(5.0)


def test_float32_and_shapes():
    p32 = np.float32(0.3)
    g = wg.grad(lambda p: sc.bdtr(2, np.int64(5), p))(p32)
    q = float(p32)
    assert g.dtype == np.float32 and g == np.float32(-30.0 * q * q * (1.0 - q) ** 2)  # at the float32 0.3, rounded
    k, p = np.array([[0], [2], [4]]), np.array([0.1, 0.5])
    jac = wg.jacobian(lambda p: sc.nbdtri(k, 5, p))(p)
    assert jac.shape == (3, 2, 2)
    rows = [wg.grad(lambda q, i=i: np.sum(sc.nbdtri(k[i, 0], 5, q)))(p) for i in range(3)]
    np.testing.assert_array_equal(jac[:, [0, 1], [0, 1]], np.stack(rows))
    assert np.all(jac[:, [0, 1], [1, 0]] == 0)
    assert wg.grad(lambda p: np.sum(sc.bdtr(k, np.int64(5), p)))(np.zeros((0,))).shape == (0,)
