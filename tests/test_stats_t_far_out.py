"""``t.logpdf`` and ``multivariate_t.logpdf`` far out in x, where the squared (Mahalanobis) distance overflows
(from ``|z| = 1.3e154`` in float64, ``1.8e19`` in float32): the log density ``... - (df + d)/2 log1p(m / df)`` is
finite there (about ``-(df + d) log|z|``), computed from ``m`` scaled by a power of 4. Before, ``m`` was inf and the
value -inf (SciPy's too), the derivative in df NaN and that in ``shape`` the log determinant's alone
(``multivariate_t.logpdf([1e155, 0], None, I, 3)``'s ``[[-0.5, 0], [0, -0.5]]``, truth ``[[2, 0], [0, -0.5]]``).
At ``df = inf`` (the normal) the value is -inf there, the truth's rounding, with its finite derivatives (was NaN).
Checked against mpmath along each argument, at first and second order, in five modes."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402
from test_exact_support_ends_forward import assert_close, paths1, paths2  # noqa: E402

SHAPE = np.array([[2.0, 0.5], [0.5, 1.0]])


def _mp_mvt(mp, x, loc, shape, df, gamma=True):
    """multivariate_t's log density in mpmath (``x``, ``loc`` vectors, ``shape`` a matrix); without its
    gamma ratio (:func:`_log_gamma_ratio`) if not ``gamma``."""
    d = len(x)
    v = mp.matrix([mp.mpf(a) - mp.mpf(b) for a, b in zip(x, loc)])
    s = mp.matrix([[mp.mpf(a) for a in row] for row in shape])
    m = (v.T * mp.inverse(s) * v)[0]
    return ((_log_gamma_ratio(mp, df, d) if gamma else 0) - d * mp.log(df * mp.pi) / 2 - mp.log(mp.det(s)) / 2
            - (df + d) / 2 * mp.log1p(m / df))


def _mp_t(mp, x, df, loc, scale, gamma=True):
    """t's log density in mpmath; without its gamma ratio (:func:`_log_gamma_ratio`) if not ``gamma``."""
    x, df, loc, scale = (mp.mpf(v) for v in (x, df, loc, scale))
    z = (x - loc) / scale
    return ((_log_gamma_ratio(mp, df, 1) if gamma else 0) - mp.log(df * mp.pi) / 2 - mp.log(scale)
            - (df + 1) / 2 * mp.log1p(z * z / df))


def _log_gamma_ratio(mp, df, d):
    """``loggamma((df + d) / 2) - loggamma(df / 2)`` in mpmath."""
    return mp.loggamma((df + d) / 2) - mp.loggamma(df / 2)


def _gamma_ratio(mp, df, d):
    """``loggamma((df + d) / 2) - loggamma(df / 2)`` and its first two derivatives along ``t -> t df`` at
    ``t = 1``, by digamma and trigamma: mpmath's differences of loggamma ran at three times the digits, and
    its gamma's first call at those digits took 30-50 s, most of this file's time."""
    df = mp.mpf(df)
    a, b = (df + d) / 2, df / 2
    return [_log_gamma_ratio(mp, df, d), df / 2 * (mp.digamma(a) - mp.digamma(b)),
            (df / 2) ** 2 * (mp.psi(1, a) - mp.psi(1, b))]


def _five_modes(f, at):
    """f's value, first derivative (grad, jvp) and second (grad(grad), jacfwd(grad), jacfwd(jacfwd)) at ``at``."""
    return [float(f(at)), float(wg.grad(f)(at)), float(wg.jvp(f, (at,), (1.0,))[1]), float(wg.grad(wg.grad(f))(at)),
            float(wg.jacfwd(wg.grad(f))(at)), float(wg.jacfwd(wg.jacfwd(f))(at))]


def _truth(mp, g, gamma, on_df):
    """g(t) + the gamma ratio ``gamma`` (:func:`_gamma_ratio`)'s value and first and second derivatives at t = 1,
    in mpmath (at the digits the caller sets); ``g`` without the gamma ratio, which is constant unless ``on_df``."""
    one = mp.mpf(1)
    ratio = gamma if on_df else [gamma[0], 0, 0]
    return [float(g(one) + ratio[0]), float(mp.diff(g, one, 1) + ratio[1]), float(mp.diff(g, one, 2) + ratio[2])]


# (x, loc, df): each scaled along a path t -> the argument at t = 1
MVT_POINTS = [(np.array([1e155, 3e154]), np.array([1.0, 2.0]), 3.0), (np.array([1e300, -1e300]), np.zeros(2), 0.7),
              (np.array([-2e200, 0.0]), np.array([0.5, 0.5]), 1e6), (np.array([1.5, -0.5]), np.zeros(2), 3.0)]


@pytest.mark.parametrize("x, loc, df", MVT_POINTS)
def test_multivariate_t_far_out_against_mpmath(x, loc, df):
    near = bool(np.all(np.abs(x) < 10))  # (an unchanged point: a derivative there cancels to about 1e-16)
    mp = pytest.importorskip("mpmath")
    paths = {  # argument -> (wengert's function of t, mpmath's without the gamma ratio)
        "x": (lambda t: stats.multivariate_t.logpdf(t * x, loc, SHAPE, df),
              lambda t: _mp_mvt(mp, [t * mp.mpf(a) for a in x], loc, SHAPE, mp.mpf(df), gamma=False)),
        "loc": (lambda t: stats.multivariate_t.logpdf(x, t * loc, SHAPE, df),
                lambda t: _mp_mvt(mp, x, [t * mp.mpf(a) for a in loc], SHAPE, mp.mpf(df), gamma=False)),
        "shape": (lambda t: stats.multivariate_t.logpdf(x, loc, t * SHAPE, df),
                  lambda t: _mp_mvt(mp, x, loc, [[t * mp.mpf(a) for a in row] for row in SHAPE], mp.mpf(df),
                                    gamma=False)),
        "df": (lambda t: stats.multivariate_t.logpdf(x, loc, SHAPE, t * df),
               lambda t: _mp_mvt(mp, x, loc, SHAPE, t * mp.mpf(df), gamma=False)),
    }
    with mp.workdps(350):  # (a derivative of size 1e-300 beside a value of size 1e3)
        gamma = _gamma_ratio(mp, df, len(x))
        for name, (ours, theirs) in paths.items():
            want = _truth(mp, theirs, gamma, name == "df")
            got = _five_modes(ours, 1.0)
            assert got == pytest.approx([want[0], want[1], want[1], want[2], want[2], want[2]], rel=1e-12,
                                        abs=1e-14 if near else 1e-300), name


def test_multivariate_t_gradient_in_shape_far_out():
    # the symmetric gradient: -S^-1 / 2 + (df + d)/2 S^-1 v v' S^-1 / (df + m), at v = x along the first axis
    # (m = 1e310 / S_11 = 1e310): [[2, 0], [0, -0.5]] for S = I (before: -I / 2, the log determinant's alone)
    x = np.array([1e155, 0.0])
    got = wg.grad(lambda s: stats.multivariate_t.logpdf(x, None, s, 3.0))(np.eye(2))
    np.testing.assert_allclose(got, [[2.0, 0.0], [0.0, -0.5]], rtol=1e-14, atol=1e-300)
    # a batch: the far point beside a near one, each its own
    both = stats.multivariate_t.logpdf(np.array([[1e155, 0.0], [0.3, 0.2]]), None, np.eye(2), 3.0)
    assert both[1] == stats.multivariate_t.logpdf(np.array([0.3, 0.2]), None, np.eye(2), 3.0)
    assert both[0] == pytest.approx(-1783.5947934151245, rel=1e-14)  # (mpmath, 50 digits: -1783.594793415124476)


@pytest.mark.parametrize("x", [1e155, -1e200, 3e300, 20.0])
@pytest.mark.parametrize("df", [0.5, 3.0, 1e8])
def test_t_far_out_against_mpmath(x, df):
    mp = pytest.importorskip("mpmath")
    loc, scale = 0.25, 1.5
    paths = {  # argument -> (wengert's function of t, mpmath's without the gamma ratio)
        "x": (lambda t: stats.t.logpdf(t * x, df, loc, scale),
              lambda t: _mp_t(mp, t * mp.mpf(x), df, loc, scale, gamma=False)),
        "df": (lambda t: stats.t.logpdf(x, t * df, loc, scale),
               lambda t: _mp_t(mp, x, t * mp.mpf(df), loc, scale, gamma=False)),
        "loc": (lambda t: stats.t.logpdf(x, df, t * loc, scale),
                lambda t: _mp_t(mp, x, df, t * mp.mpf(loc), scale, gamma=False)),
        "scale": (lambda t: stats.t.logpdf(x, df, loc, t * scale),
                  lambda t: _mp_t(mp, x, df, loc, t * mp.mpf(scale), gamma=False)),
    }
    with mp.workdps(350):  # (a derivative of size 1e-300 beside a value of size 1e3)
        gamma = _gamma_ratio(mp, df, 1)
        for name, (ours, theirs) in paths.items():
            want = _truth(mp, theirs, gamma, name == "df")
            got = _five_modes(ours, 1.0)
            assert got == pytest.approx([want[0], want[1], want[1], want[2], want[2], want[2]], rel=1e-12,
                                        abs=1e-300), name


def test_float32_far_out():
    # z^2 overflows float32 from 1.8e19: the value finite, float32, as float64's to float32's precision
    x = np.array([3e20, 2.0, -1e30], dtype=np.float32)
    got = stats.t.logpdf(x, np.float32(3.0))
    assert got.dtype == np.float32 and np.all(np.isfinite(got))
    np.testing.assert_allclose(got, stats.t.logpdf(x.astype(float), 3.0), rtol=1e-6)
    point = np.array([3e20, 1.0], dtype=np.float32)
    value = stats.multivariate_t.logpdf(point, None, np.eye(2, dtype=np.float32), np.float32(3.0))
    assert np.asarray(value).dtype == np.float32 and np.isfinite(value)
    assert float(value) == pytest.approx(float(stats.multivariate_t.logpdf(point.astype(float), None, np.eye(2), 3.0)),
                                         rel=1e-6)


def test_the_normal_far_out():
    # df = inf: -m/2 overflows (the truth's -5e309 rounds to -inf), its derivatives finite: -z and -1, as the
    # normal's (NaN before: log1p(c m) / c at c = 0, m = inf)
    for f in (lambda x: stats.t.logpdf(x, np.inf), lambda x: stats.norm.logpdf(x),
              lambda x: stats.multivariate_t.logpdf(np.stack([x, 0.0 * x]), None, np.eye(2), np.inf)):
        with np.errstate(over="ignore"):
            got = _five_modes(f, 1e155)
        assert got == [-np.inf, -1e155, -1e155, -1.0, -1.0, -1.0]


#: far out and df huge too: m / df (m about 1 after scaling, df up to 1e300) had a tangent -m / df^2 that
#: underflowed and an adjoint (df / 2) / (m / df) that overflowed: at (1e160, 1e170) jvp gave d/ddf -172.694
#: (truth -172.194) and d/dx +1e-140 (truth -1e10), grad (-inf, inf)
HUGE_DF = [(1e160, 1e170), (1e155, 1e162), (-1e308, 1e300), (1e160, 1e10)]


@pytest.mark.parametrize("x, df", HUGE_DF)
def test_far_out_at_a_huge_df_in_both_modes(x, df):
    mp = pytest.importorskip("mpmath")
    with mp.workdps(400):
        def f(x, d):
            return (mp.loggamma((d + 1) / 2) - mp.loggamma(d / 2) - mp.log(mp.pi * d) / 2
                    - (d + 1) / 2 * mp.log1p(x * x / d))
        X, D = mp.mpf(x), mp.mpf(df)
        want = [float(f(X, D)), float(mp.diff(lambda t: f(t, D), X)), float(mp.diff(lambda t: f(X, t), D))]
    got_x, got_df = wg.grad(stats.t.logpdf, argnums=(0, 1))(x, df)
    assert [float(stats.t.logpdf(x, df)), float(got_x), float(got_df)] == pytest.approx(want, rel=1e-13)
    assert float(wg.jvp(lambda a: stats.t.logpdf(a, df), (x,), (1.0,))[1]) == pytest.approx(want[1], rel=1e-13)
    assert float(wg.jvp(lambda d: stats.t.logpdf(x, d), (df,), (1.0,))[1]) == pytest.approx(want[2], rel=1e-13)
    # the multivariate t at the same distance in one of two coordinates: the same df-derivative but the
    # dimension's terms; checked against its own mpmath form
    mvt = lambda d: stats.multivariate_t.logpdf(np.array([x, 0.0]), None, np.eye(2), d)  # noqa: E731
    with mp.workdps(400):
        want_mvt = float(mp.diff(lambda d: _mp_mvt(mp, [x, 0.0], [0.0, 0.0], [[1, 0], [0, 1]], d), mp.mpf(df)))
    assert float(wg.grad(mvt)(df)) == pytest.approx(want_mvt, rel=1e-13)
    assert float(wg.jvp(mvt, (df,), (1.0,))[1]) == pytest.approx(want_mvt, rel=1e-13)


#: t.pdf far out, (df, x, d/dx, d2/dx2), mpmath at 50 digits (test_the_density_table_is_mpmaths): through ``log m``,
#: ``m = x^2``, the cotangent (the density, about ``|x|^-(df + 1)``) met ``1 / m`` before ``dm/dx = 2x`` and
#: underflowed (grad at df = 0.5, x = 1e100 was 0.0), and the second derivative lost its terms in ``(1 + m /
#: df)^-2`` (at df = 3, x = 1e50: -1.3e-299, of the wrong sign); ``log m`` is now ``2 log|x|`` from ``m > df`` on
T_PDF_FAR = [
    (0.5, 1e100, -2.4052573156066715e-251, 0.0),
    (0.5, 1e88, -2.405257315606672e-221, 6.01314328901668e-309),
    (3.0, 1e50, -1.3231893490123005e-249, 6.615946745061502e-299),
    (3.0, 1e55, -1.323189349012301e-274, 0.0),
    (10.0, 1e24, -1.3535156250000003e-282, 1.6242187500000005e-305),
]


@pytest.mark.parametrize("df, x, first, second", T_PDF_FAR, ids=[f"{c[0]}-{c[1]!r}" for c in T_PDF_FAR])
def test_the_density_far_out_keeps_its_derivatives(df, x, first, second):
    f = lambda t: stats.t.pdf(t, df)  # noqa: E731
    assert_close(paths1(f, x), first, 1e-12)
    assert_close(paths1(f, -x), -first, 1e-12)
    assert_close(paths2(f, x), second, 1e-12)


def test_the_density_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        for df, x, first, second in T_PDF_FAR:
            d, z = mp.mpf(df), mp.mpf(x)
            pdf = mp.exp(mp.loggamma((d + 1) / 2) - mp.loggamma(d / 2) - mp.log(mp.pi * d) / 2
                         - (d + 1) / 2 * mp.log1p(z * z / d))
            assert float(-pdf * (d + 1) * z / (d + z * z)) == first
            assert float(pdf * (d + 1) * ((d + 2) * z * z - d) / (d + z * z) ** 2) == second


#: multivariate_t.pdf along ``t u`` (u a unit vector, shape I, df 0.5), (t, d/dt, d2/dt2), mpmath at 50 digits: the same
#: underflow through its sum of squares (grad at t = 1e86 was 0.0; d2 at 1e60 -1.7e-271)
MVT_PDF_FAR = [(1e60, -1.672910263948547e-211, 5.855185923819915e-271), (1e86, -1.6729102639485465e-302, 0.0)]


@pytest.mark.parametrize("t, first, second", MVT_PDF_FAR, ids=[repr(c[0]) for c in MVT_PDF_FAR])
@pytest.mark.parametrize("u", [(1.0, 0.0), (0.6, -0.8)])
def test_the_multivariate_density_far_out_keeps_its_derivatives(t, first, second, u):
    f = lambda s: stats.multivariate_t.pdf(s * np.array(u), None, np.eye(2), 0.5)  # noqa: E731
    assert_close(paths1(f, t), first, 1e-12)
    assert_close(paths2(f, t), second, 1e-12)


def test_the_multivariate_density_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        d = mp.mpf(0.5)
        for t, first, second in MVT_PDF_FAR:
            z = mp.mpf(t)
            pdf = mp.exp(mp.loggamma((d + 2) / 2) - mp.loggamma(d / 2) - mp.log(mp.pi * d)
                         - (d + 2) / 2 * mp.log1p(z * z / d))
            assert float(-pdf * (d + 2) * z / (d + z * z)) == first
            assert float(pdf * (d + 2) * ((d + 3) * z * z - d) / (d + z * z) ** 2) == second
