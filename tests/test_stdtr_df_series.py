"""d/d df of ``scipy.special.stdtr`` (``scipy.stats.t.cdf``, ``sf``, ``logcdf``, ``logsf``) at large df.

Through betainc it is ``I_a / 2`` less the density term, each about 1/df times the result, which
cancel: against mpmath the first derivative was 8.1e-11 off at (df 1e3, t 2), 4.8e-12 at (300, 2),
the second 8.8e-11 at (100, 2); beyond df = 1e3 (second order: 100) it was refused. Now, for
df >= 50 where t^4 <= 8 df and for df >= 1e5, Fisher's series of the t cdf in 1/df (30 terms),
differentiated in df: within 1e-14 (second order 1e-13) of mpmath in every mode, on both sides of
the switching points (df = 50, t^4 = 8 df, df = 1e5, |t| = 40). References: mpmath at 40 digits
and more (betainc's derivative by mpmath.diff; beyond df = 1e6 the integral of the density's
derivative in df, mpmath.quad)."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402


def _truth(df, t, order):
    """d^order/d df^order of stdtr(df, t) by mpmath: the derivative of betainc up to df = 1e6, beyond
    the integral from 0 to t of the density's derivative (|t| <= 2 there: no cancellation)."""
    mpmath = pytest.importorskip("mpmath")
    if t == 0 or np.isinf(t):
        return 0.0
    with mpmath.workdps(40 + int(2.5 * np.log10(df + 1.0)) + 10):
        v, s = mpmath.mpf(df), abs(mpmath.mpf(t))
        if df <= 1e6:
            def half_sf(w):
                return mpmath.betainc(w / 2, mpmath.mpf(1) / 2, 0, w / (w + s * s), regularized=True) / 2
            r = -mpmath.diff(half_sf, v, order)
        else:
            def density(w, x):
                return mpmath.exp(mpmath.loggamma((w + 1) / 2) - mpmath.loggamma(w / 2) - mpmath.log(w * mpmath.pi) / 2
                                  - (w + 1) / 2 * mpmath.log1p(x * x / w))
            r = mpmath.quad(lambda x: mpmath.diff(lambda w: density(w, x), v, order), [0, s])
        return float(r if t > 0 else -r)


#: (df, t): the series' points, at its switching points (df = 50; t^4 = 8 df: 9.4574 at df = 1e3;
#: df = 1e5; |t| = 40 there) and far out
SERIES = [(50.0, 2.0), (50.0, -4.2), (100.0, 2.0), (300.0, 2.0), (300.0, 6.0), (1e3, 2.0), (1e3, -3.0),
          (1e3, 9.45), (3e3, 2.0), (3e4, -12.0), (99999.0, 5.0), (1e5, 2.0), (1e5, 30.0), (1e6, 0.5),
          (1e6, -20.0), (1e8, 2.0), (1e12, -1.0), (1e20, 1.5)]
#: (df, t): betainc's form beside them (below df = 50; t^4 > 8 df), as exact as before (loosely)
BESIDE = [(49.9, 2.0), (1e3, 9.46), (100.0, 6.0)]
SECOND = {"grad(grad)": lambda f: wg.grad(wg.grad(f)), "jacfwd(grad)": lambda f: wg.jacfwd(wg.grad(f)),
          "grad(jacfwd)": lambda f: wg.grad(wg.jacfwd(f)), "jacfwd(jacfwd)": lambda f: wg.jacfwd(wg.jacfwd(f))}


@pytest.mark.parametrize("df, t", SERIES, ids=[f"{d:g}-{t:g}" for d, t in SERIES])
def test_first_derivative_in_df_against_mpmath(df, t):
    want = _truth(df, t, 1)
    f = lambda d: sc.stdtr(d, t)  # noqa: E731
    for mode in (wg.grad, wg.jacfwd):
        assert float(mode(f)(df)) == pytest.approx(want, rel=1e-14, abs=1e-300), mode
    assert wg.jvp(f, (df,), (1.0,))[1] == pytest.approx(want, rel=1e-14, abs=1e-300)


@pytest.mark.parametrize("df, t", SERIES[:13], ids=[f"{d:g}-{t:g}" for d, t in SERIES[:13]])
def test_second_derivative_in_df_against_mpmath(df, t):
    want = _truth(df, t, 2)
    f = lambda d: sc.stdtr(d, t)  # noqa: E731
    for name, mode in SECOND.items():
        assert float(mode(f)(df)) == pytest.approx(want, rel=1e-13, abs=1e-300), name


@pytest.mark.parametrize("df, t", BESIDE, ids=[f"{d:g}-{t:g}" for d, t in BESIDE])
def test_beside_the_series(df, t):
    want = _truth(df, t, 1)
    for mode in (wg.grad, wg.jacfwd):
        assert float(mode(lambda d: sc.stdtr(d, t))(df)) == pytest.approx(want, rel=1e-12, abs=0)


def test_the_distribution_methods_in_df():
    mpmath = pytest.importorskip("mpmath")
    df, x = 1e3, 2.0
    d = _truth(df, x, 1)
    with mpmath.workdps(50):
        cdf = 1 - mpmath.betainc(df / 2, 0.5, 0, df / (df + x * x), regularized=True) / 2
        want = {"cdf": d, "sf": -d, "logcdf": d / float(cdf), "logsf": -d / float(1 - cdf)}
        for name, value in want.items():
            f = lambda v: getattr(stats.t, name)(x, v)  # noqa: E731
            for mode in (wg.grad, wg.jacfwd):
                assert float(mode(f)(df)) == pytest.approx(value, rel=2e-14), (name, mode)


def test_far_out_and_at_the_special_points():
    # 0 at t = 0 and +-inf, and beyond |t| = 40 from df = 1e5 on (below 1e-320 there), in every mode;
    # at df = 1e200 the derivative (about 1e-401) underflows to 0
    for df, t in ((1e5, 40.5), (1e7, -1e10), (1e6, np.inf), (1e6, 0.0), (1e200, 2.0), (np.inf, 2.0)):
        f = lambda d: sc.stdtr(d, t)  # noqa: E731
        assert wg.grad(f)(df) == 0.0 and wg.jacfwd(f)(df) == 0.0
        assert wg.grad(wg.grad(f))(df) == 0.0
    # an array across the switching points: each entry is its scalar's derivative
    df = np.array([49.9, 50.0, 1e3, 1e3, 99999.0, 1e5, 1e5])
    t = np.array([2.0, 2.0, 9.45, 9.46, 20.0, 40.0, 40.5])
    got = wg.grad(lambda d: np.sum(sc.stdtr(d, t)))(df)
    each = [wg.grad(lambda d: sc.stdtr(d, s))(float(d0)) if d0 < 1e4 or s < 15 else None for d0, s in zip(df, t)]
    for g, e in zip(got, each):
        if e is not None:
            assert g == e
    assert np.all(np.isfinite(got)) and got[-1] == 0.0


def test_the_mixed_derivative_through_the_series():
    # d/dt of d/d df: the series differentiated in t, the density's derivative in df (mpmath)
    mpmath = pytest.importorskip("mpmath")
    df, t = 1e3, 2.0
    with mpmath.workdps(50):
        def density(w):
            return mpmath.exp(mpmath.loggamma((w + 1) / 2) - mpmath.loggamma(w / 2) - mpmath.log(w * mpmath.pi) / 2
                              - (w + 1) / 2 * mpmath.log1p(mpmath.mpf(t) ** 2 / w))
        want = float(mpmath.diff(density, mpmath.mpf(df)))
        for outer in (wg.grad, wg.jacfwd):
            got = outer(lambda s: wg.grad(lambda d: sc.stdtr(d, s))(df))(t)
            assert float(got) == pytest.approx(want, rel=1e-14)


#: (df, t): stdtr's derivative in t (the density) and its derivatives in df, at both sides of its
#: switching points (df = 20; t^2 = df / 4)
DENSITY = [(0.5, 3.0), (5.0, 1e10), (19.9, 2.0), (20.0, 2.0), (100.0, 5.0), (100.0, 5.01), (1e3, 2.0),
           (1e6, 2.0), (1e10, 1.0), (1e20, 3.0), (3.0, 0.0)]


@pytest.mark.parametrize("df, t", DENSITY, ids=[f"{d:g}-{t:g}" for d, t in DENSITY])
def test_the_derivative_in_t_and_its_derivatives_in_df(df, t):
    # the density through two gammaln was 3.8e-10 off at df = 1e6, 5.6e-7 at 1e10; its derivative in
    # df (the mixed second derivative of stdtr, d/dt then d/d df) 5e-5 at 1e6
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60 + int(2.5 * np.log10(df + 1.0))):
        def density(w):
            return mpmath.exp(mpmath.loggamma((w + 1) / 2) - mpmath.loggamma(w / 2) - mpmath.log(w * mpmath.pi) / 2
                              - (w + 1) / 2 * mpmath.log1p(mpmath.mpf(t) ** 2 / w))
        want = [float(mpmath.diff(density, mpmath.mpf(df), n)) for n in range(3)]
    rel = 3e-14 if df < 20 else 5e-15
    in_t = lambda d: wg.grad(lambda s: sc.stdtr(d, s))(t)  # noqa: E731
    assert float(in_t(df)) == pytest.approx(want[0], rel=rel)
    assert float(wg.jacfwd(lambda s: sc.stdtr(df, s))(t)) == pytest.approx(want[0], rel=rel)
    for mode in (wg.grad, wg.jacfwd):
        assert float(mode(in_t)(df)) == pytest.approx(want[1], rel=rel)
    assert float(wg.grad(wg.grad(in_t))(df)) == pytest.approx(want[2], rel=rel)
    assert float(wg.jacfwd(wg.jacfwd(lambda d: wg.jacfwd(lambda s: sc.stdtr(d, s))(t)))(df)) == pytest.approx(
        want[2], rel=rel)


@pytest.mark.parametrize("df, t", [(1e140, 0.5), (1e150, 0.5), (1e100, 1.5), (1e20, 0.3)])
def test_the_mixed_derivative_at_a_huge_df_is_symmetric(df, t):
    # d2/d df dt is phi(t) (1 + 2 t^2 - t^4) / (4 df^2) (Fisher's expansion; its next term is 1 / df^3, below 1e-20 of
    # it here). Forward mode through the density's series in u = t^2 / df took the series' tangent, of size u u'
    # (6e-422 at df = 1e140), before its factor df: it underflowed, and the Hessian's entry d/d df of d/dt was 8.7% off
    # (1.375e-281, the other entry 1.2652e-281 right)
    want = np.exp(-t * t / 2) / np.sqrt(2 * np.pi) * (1 + 2 * t * t - t ** 4) / (4 * df) / df
    f = lambda v: sc.stdtr(v[0], v[1])  # noqa: E731
    hessian = wg.hessian(f)(np.array([df, t]))
    in_t = lambda d: wg.grad(lambda s: sc.stdtr(d, s))(t)  # noqa: E731
    in_df = lambda s: wg.grad(lambda d: sc.stdtr(d, s))(df)  # noqa: E731
    got = [hessian[0, 1], hessian[1, 0], wg.jacfwd(in_t)(df), wg.grad(in_t)(df), wg.jacfwd(in_df)(t), wg.grad(in_df)(t)]
    assert [float(g) for g in got] == pytest.approx([want] * 6, rel=1e-14, abs=0)
