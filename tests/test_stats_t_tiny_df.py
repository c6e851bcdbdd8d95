"""``t.ppf`` and ``t.isf`` far out: at a tiny df (the quantile's magnitude grows like ``(2q)^(-1/df)``) and in the far
tails at any df, where SciPy's ``stdtrit`` root is not the root: clamped at ``6.7e153 sqrt(df)`` (SciPy 1.17+; at
1e100 up to 1.15: t.ppf(0.3, 1e-3) -2.1e152 or -1e100 for -1.1166e220), ``+inf`` (t.ppf(1e-300, 3) in 1.17 and
1.18, for -1.0331e100), finite where the root overflows (t.ppf(0.3, 1e-300) -6703.9, t.ppf(0.5 - 2^-54, 1e-100)
-7.1e-51, for -inf). Now the root of the exact log tail there (``inf`` where it overflows, with infinite
derivatives of the right signs), checked against mpmath in five modes; ``scipy.special.stdtrit``'s derivatives
refuse those points (its value is SciPy's)."""
import math

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
import wengert.scipy.special as wsp  # noqa: E402
from wengert.scipy import stats  # noqa: E402

LOG_MAX = math.log(np.finfo(float).max)


def _mp_log_tail(mp, u, df):
    """log cdf of t at -e^u."""
    w = df / (df + mp.exp(2 * u))
    return mp.log(mp.betainc(df / 2, mp.mpf(1) / 2, 0, w, regularized=True) / 2)


def _mp_log_root(mp, p, df, u0=None):
    """log|x| of the root of cdf(x) = p <= 1/2 (x <= 0)."""
    if u0 is None:
        u0 = mp.log(df) / 2 - mp.log(2 * p) / df
    return mp.findroot(lambda u: _mp_log_tail(mp, u, df) - mp.log(p), u0, tol=mp.mpf(10) ** -34)


def _mp_quantile(mp, name, q, df, u0=None):
    """t.ppf (or t.isf, minus it) in mpmath at the floats q, df (taken exactly)."""
    q = mp.mpf(q)
    sign = (-1 if q <= mp.mpf(1) / 2 else 1) * (1 if name == "ppf" else -1)
    return sign * mp.exp(_mp_log_root(mp, min(q, 1 - q), mp.mpf(df), u0))


def _modes(f, at):
    """f's value, first derivative (grad, jvp) and second (grad(grad), jacfwd(grad), jacfwd(jacfwd)) at ``at``."""
    return [float(f(at)), float(wg.grad(f)(at)), float(wg.jvp(f, (at,), (1.0,))[1]), float(wg.grad(wg.grad(f))(at)),
            float(wg.jacfwd(wg.grad(f))(at)), float(wg.jacfwd(wg.jacfwd(f))(at))]


def _check_against_mpmath(mp, name, q, df, loose=1.0):
    """The quantile's value and its derivatives along q and along df, first and second order, in five modes (the
    tolerance times ``loose``)."""
    quantile = getattr(stats.t, name)
    u0 = _mp_log_root(mp, min(mp.mpf(q), 1 - mp.mpf(q)), mp.mpf(df))
    one = mp.mpf(1)
    for along, f, g, scale in (("q", lambda s: quantile(s, df), lambda s: _mp_quantile(mp, name, q * s, df, u0), q),
                               ("df", lambda d: quantile(q, d), lambda s: _mp_quantile(mp, name, q, df * s, u0), df)):
        at = q if along == "q" else df
        got = _modes(f, at)
        truth = [float(g(one))] + [float(mp.diff(g, one, n, h=mp.mpf(10) ** -12) / mp.mpf(scale) ** n)
                                   for n in (1, 1, 2, 2, 2)]
        # (x's rounding moves with log|x|'s, dx/d df's with those of the log tail and log density, about log p)
        rtol = 1e-15 * max(5.0, abs(math.log(abs(truth[0]))), -math.log(min(q, 1.0 - q))) * loose
        for k, (a, b) in enumerate(zip(got, truth)):
            if math.isinf(b):
                assert a == b, (name, q, df, along, k, got, truth)
            else:
                assert a == pytest.approx(b, rel=rtol), (name, q, df, along, k, got, truth)


@pytest.mark.parametrize("name, q, df", [("ppf", 0.3, 1e-3), ("isf", 0.3, 1e-3), ("ppf", 1e-300, 3.0),
                                         ("isf", 1e-310, 20.0)])
def test_far_quantiles_against_mpmath(name, q, df):
    # (at q = 1e-300, 1e-310 dx/dq and its derivatives in q are beyond the largest float: inf, -inf)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        _check_against_mpmath(mp, name, q, df)


def test_across_the_switch_to_the_far_root():
    """At df = 1e-3 the far root takes over where ``df / x^2 = 1e-3`` (x = -1): on both sides of it, near q = 1/2
    at df = 4e-11 (the root 0.0072, SciPy's there too, the root's log moving by ``log(2q) / df``) and far out."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        for x in (-0.9, -1.1, -1e200):  # (-1e200: beyond SciPy's clamp, 2.1e152 here)
            w = mp.mpf(1e-3) / (mp.mpf(1e-3) + mp.mpf(x) ** 2)
            q = float(mp.betainc(mp.mpf(5e-4), mp.mpf(1) / 2, 0, w, regularized=True) / 2)
            # (x = -0.9 is SciPy's root, 3e-14 off in SciPy 1.13)
            _check_against_mpmath(mp, "ppf", q, 1e-3, loose=20.0 if x == -0.9 else 1.0)
        assert float(stats.t.ppf(0.4999999998430499, 4.0654099138300357e-11)) == pytest.approx(
            float(_mp_quantile(mp, "ppf", 0.4999999998430499, 4.0654099138300357e-11)), rel=1e-14)


@pytest.mark.parametrize("name, q, df", [("ppf", 0.3, 1e-300), ("ppf", 0.3, 1e-12), ("isf", 0.3, 1e-12),
                                         ("ppf", 0.5 - 2.0 ** -54, 1e-100), ("ppf", 1e-300, 0.5),
                                         ("ppf", 0.9, 1e-3)])
def test_overflowing_quantiles_are_infinite(name, q, df):
    """Where the root is beyond the largest float: +-inf, and each derivative infinite: the root is ``+-sqrt(df)
    (2p)^(-1/df)`` to leading order, its exponent's derivatives dominate (d/dq of log|x| of the sign of x, d/d df
    negative), so every derivative has the sign of x times those."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        p = min(q, 1.0 - q)
        assert _mp_log_tail(mp, mp.mpf(LOG_MAX), mp.mpf(df)) > mp.log(p)  # (the root's log|x| beyond log(max))
        x_sign = (-1.0 if q < 0.5 else 1.0) * (1.0 if name == "ppf" else -1.0)
        q_sign = x_sign if name == "ppf" else -x_sign  # (the sign of d log|x| / dq)
        along_q = _modes(lambda s: getattr(stats.t, name)(s, df), q)
        along_df = _modes(lambda d: getattr(stats.t, name)(q, d), df)
        inf = math.inf
        assert along_q == [x_sign * inf] + [x_sign * q_sign * inf] * 2 + [x_sign * inf] * 3
        assert along_df == [x_sign * inf] + [-x_sign * inf] * 2 + [x_sign * inf] * 3
        h = wg.hessian(lambda v: getattr(stats.t, name)(v[0], v[1]))(np.array([q, df]))
        assert h.tolist() == [[x_sign * inf, -x_sign * q_sign * inf], [-x_sign * q_sign * inf, x_sign * inf]]


def test_quantiles_over_an_array_at_a_tiny_df():
    q = np.array([0.0, 1e-300, 0.3, 0.5, 0.7, 1.0])
    got = stats.t.ppf(q, 1e-3)
    assert got[[0, 1, 5]].tolist() == [-np.inf, -np.inf, np.inf] and abs(got[3]) < 1e-15  # (SciPy 1.13: 5e-16)
    assert got[2] == pytest.approx(-1.1166011909601347e220, rel=1e-12)  # (mpmath's)
    assert got[4] == -stats.t.ppf(1.0 - 0.7, 1e-3)
    slope = wg.elementwise_grad(lambda q: stats.t.ppf(q, 1e-3))(q)
    assert slope[[0, 1, 5]].tolist() == [np.inf] * 3 and np.all(np.isfinite(slope[2:5]))
    # at q = 1/2 the root is 0 at every df (SciPy 1.13: NaN, -inf, -6.1e-11 here): dx/dq = 1 / pdf(0) = 2 /
    # sqrt(df) (to O(df)), dx/d df = 0
    assert stats.t.ppf(0.5, np.array([1e-300, 1e-100, 1e-12])).tolist() == [0.0] * 3
    assert wg.grad(lambda q: stats.t.ppf(q, 1e-300))(0.5) == pytest.approx(2e150, rel=2e-13)  # (the log density: 690)
    assert wg.grad(lambda df: stats.t.ppf(0.5, df))(1e-300) == 0.0


@pytest.mark.parametrize("df, p", [(1e-3, 0.3), (3.0, 1e-300), (1e-100, 0.5 - 2.0 ** -54)])
def test_special_stdtrit_refuses_where_scipys_root_is_wrong(df, p):
    with pytest.raises(ValueError, match="stdtrit: its derivatives are not computed"):
        wg.grad(lambda p: wsp.stdtrit(df, p))(p)
    with pytest.raises(ValueError, match="stdtrit: its derivatives are not computed"):
        wg.grad(lambda df: wsp.stdtrit(df, p))(df)
    assert wg.grad(lambda p: wsp.stdtrit(3.0, p))(0.1) == pytest.approx(9.760499207841603, rel=1e-12)


@pytest.mark.parametrize("x, df", [(-1e-10, 1e-100), (-1e-30, 1e-100), (1e-40, 1e-100)])
def test_logpdf_mixed_derivative_at_a_tiny_df(x, df):
    """d2/dx d df of t.logpdf, ``x (1 - x^2) / (df + x^2)^2``: through ``log1p(x^2 / df)`` as ``log1p(c x^2)``,
    ``c = 1 / df``, two terms of about ``1 / (df x^2)`` cancelled (0 and -1.4e94 at (-1e-10, 1e-100) for -1e30)."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        y, d = mp.mpf(x), mp.mpf(df)
        truth = float(y * (1 - y * y) / (d + y * y) ** 2)  # (d/d df of -(df + 1) x / (df + x^2))
        v = np.array([x, df])
        got = [wg.grad(lambda d: wg.grad(lambda y: stats.t.logpdf(y, d))(x))(df),
               wg.grad(lambda y: wg.grad(lambda d: stats.t.logpdf(y, d))(df))(x),
               wg.jacfwd(wg.grad(lambda v: stats.t.logpdf(v[0], v[1])))(v)[0, 1],
               wg.jacfwd(wg.jacfwd(lambda v: stats.t.logpdf(v[0], v[1])))(v)[0, 1]]
        assert got == pytest.approx([truth] * 4, rel=1e-13)


@pytest.mark.parametrize("name, x", [("logcdf", -1.0), ("logsf", 1.0), ("logcdf", -1e-10)])
def test_log_tail_second_derivative_in_df_at_a_tiny_df(name, x):
    """d2/d df2 of t's log tail at df = 1e-300: ``a log df`` (``a = df / 2``) of its series gives ``1 / (2 df)``,
    the other terms O(1) (``log(a B(a, 1/2))``, ``a log(df + x^2)``, analytic at 0): 5e299. By jvp ``a log df``'s
    second derivative was ``1 / df - a / df^2``, the last overflowed: jacfwd(jacfwd) -inf."""
    df = 1e-300
    f = lambda d: getattr(stats.t, name)(x, d)  # noqa: E731
    got = [wg.grad(wg.grad(f))(df), wg.jacfwd(wg.grad(f))(df), wg.jacfwd(wg.jacfwd(f))(df)]
    assert got == pytest.approx([0.5 / df] * 3, rel=1e-14)


@pytest.mark.parametrize("q, df", [(1e-300, 1.0), (1e-200, 1.0), (1e-300, 2.0), (3e-310, 1.0)])
def test_far_root_to_a_few_ulps(q, df):
    # (the far root's log, about 690 / df at q = 1e-300, was off by the ulps of log(2 q) and of base - df l: t.ppf(1e-300,
    # 1) 7.5e-14 off -cot(pi q), at df = 2 1.6e-14 off (2q - 1) / sqrt(2 q (1 - q)); now log(2 q) and the step's residual
    # in two parts. Truths: those closed forms in mpmath at 40 digits)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        p = mp.mpf(q)
        truth = float(-mp.cot(mp.pi * p) if df == 1.0 else (2 * p - 1) / mp.sqrt(2 * p * (1 - p)))
    assert float(stats.t.ppf(q, df)) == pytest.approx(truth, rel=4e-16, abs=0)
    assert float(stats.t.isf(q, df)) == pytest.approx(-truth, rel=4e-16, abs=0)
