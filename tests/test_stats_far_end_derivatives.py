"""Derivatives of ``scipy.stats`` distributions at the far ends of their supports (x = 1e-300, 1e300 and the like),
where a rule's composition cancelled to a wrong number or met ``0 * inf`` or ``inf - inf`` (NaN) though the truth is a
number or +-inf: each checked on every path of the second derivative (reverse over reverse, ``hessian``, forward over
reverse, reverse over forward, forward over forward), against closed forms evaluated by mpmath at 50 digits.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
from opcheck import lazy_mp as mp  # noqa: E402  (mpmath where a test uses it)

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402


def _every_path(f, args, i, j):
    """d^2 f / d args[j] d args[i] at ``args`` (floats) on each path, as floats."""
    def unit(k):
        return tuple(1.0 if m == k else 0.0 for m in range(len(args)))

    def on_array(p):
        return f(*[p[k] for k in range(len(args))])
    p = np.array(args, dtype=float)
    return {
        "grad of grad": wg.grad(lambda *a: wg.grad(f, argnums=i)(*a), argnums=j)(*args),
        "hessian": wg.hessian(on_array)(p)[i, j],
        "jacfwd of jacrev": wg.jacfwd(wg.jacrev(on_array))(p)[i, j],
        "jacrev of jacfwd": wg.jacrev(wg.jacfwd(on_array))(p)[i, j],
        "jvp of jvp": wg.jvp(lambda *a: wg.jvp(f, a, unit(i))[1], args, unit(j))[1],
    }


def _assert_every_path(f, args, i, j, want, rel=1e-13):
    for path, got in _every_path(f, args, i, j).items():
        if np.isinf(want):
            assert float(got) == want, (path, args)
        else:
            assert float(got) == pytest.approx(want, rel=rel, abs=0.0), (path, args)


def _mp(value):
    with mp.workdps(50):
        return float(value())


# -- exponpow: pdf = b z^(b - 1) exp(-h(z^b)), h(w) = e^w - 1 - w ---------------------------------------------------

@pytest.mark.parametrize("z", [1e-3, 1e-5, 1e-100])
def test_exponpow_pdf_near_zero_b_2(z):
    # through exp(1 + w - exp(w)) the derivative 1 - e^w cancelled: pdf(x, 2)'' was 0 from x = 1e-8 (1e-100: the truth
    # -2e-299, ~ -20 x^3), 2.8e-11 relative off at 1e-3
    def want():
        x = mp.mpf(z)
        w = x * x
        g = mp.exp(-(mp.expm1(w) - w))
        g1 = -2 * x * mp.expm1(w) * g
        g2 = (4 * w * mp.expm1(w) ** 2 - 2 * mp.expm1(w) - 4 * w * mp.exp(w)) * g
        return 2 * x * g2 + 4 * g1
    _assert_every_path(lambda x: stats.exponpow.pdf(x, 2.0), (z,), 0, 0, _mp(want))


@pytest.mark.parametrize("z", [1e-10, 1e-300])
def test_exponpow_near_zero_b_1(z):
    # pdf = exp(-h(z)): its slope -expm1(z) pdf was 1 - e^z (8.3e-8 relative off at 1e-10, 0 at 1e-300: the truth
    # -1e-300), and so was the log density's
    x = mp.mpf(z)
    want = _mp(lambda: -mp.expm1(x) * mp.exp(-(mp.expm1(x) - x)))
    for f in (stats.exponpow.pdf, stats.exponpow.logpdf):
        want_f = want if f is stats.exponpow.pdf else _mp(lambda: -mp.expm1(x))
        assert float(wg.grad(lambda t: f(t, 1.0))(z)) == pytest.approx(want_f, rel=1e-15, abs=0.0)
        assert float(wg.jvp(lambda t: f(t, 1.0), (z,), (1.0,))[1]) == pytest.approx(want_f, rel=1e-15, abs=0.0)


# -- gennorm: |z|**beta from 1e300 on -----------------------------------------------------------------------------

def _gennorm_truths(t, beta):
    """(d2/dx2, d2/dx dbeta) of -t**beta (the log density's and, to 1e-300 relative there, the log sf's)."""
    x, b = mp.mpf(t), mp.mpf(beta)
    return _mp(lambda: -b * (b - 1) * x ** (b - 2)), _mp(lambda: -x ** (b - 1) * (1 + b * mp.log(x)))


@pytest.mark.parametrize("t", [1e300, 1.3e154])
@pytest.mark.parametrize("method", ["logpdf", "logsf"])
def test_gennorm_log_density_and_sf_hessian_far_out(method, t):
    # np.power's derivative in beta, ans log t, took the overflowed ans = inf into its derivative in x (inf / t): the
    # Hessian in (x, beta) at x = 1e300, beta = 2 was asymmetric (d/dx d/dbeta -inf, the truth -1.38e303); at
    # x = 1.3e154 the log sf's d2/dbeta2 was NaN through log Q (the truth -x^2 log(x)^2 = -inf)
    def f(x, beta):
        return getattr(stats.gennorm, method)(x, beta)
    xx, xb = _gennorm_truths(t, 2.0)
    # (jacrev of jacfwd: its traced tangent 0 times the infinite d/dbeta, a NaN its sweep drops, with NumPy's warning)
    with np.errstate(invalid="ignore", over="ignore"):
        _assert_every_path(f, (t, 2.0), 0, 0, xx)
        _assert_every_path(f, (t, 2.0), 0, 1, xb)
        _assert_every_path(f, (t, 2.0), 1, 0, xb)
        for path, got in _every_path(f, (t, 2.0), 1, 1).items():
            assert float(got) == -np.inf, path


@pytest.mark.parametrize("t", [1e300, 1.3e154])
@pytest.mark.parametrize("method", ["cdf", "logcdf", "sf"])
def test_gennorm_tails_hessian_far_out(method, t):
    # each is 1 or 0 to within exp(-t^2): every second derivative 0 (the cdf's at x = 1e300, beta = 2 was NaN in
    # d/dbeta d/dx and d2/dbeta2 through gammainc_da's derivative at x = inf; at 1.3e154 through the density's
    # derivative in beta, inf * 0)
    def f(x, beta):
        return getattr(stats.gennorm, method)(x, beta)
    for i, j in ((0, 0), (0, 1), (1, 0), (1, 1)):
        _assert_every_path(f, (t, 2.0), i, j, 0.0)


# -- f: the tails near x = 0 ----------------------------------------------------------------------------------------

def _mp_f_logcdf_second(x, dfn, dfd):
    """d2/dx2 log(betainc(dfn/2, dfd/2, w)), w = dfn x / (dfn x + dfd), by mpmath's differences at 120 digits."""
    with mp.workdps(120):
        a, b = mp.mpf(dfn) / 2, mp.mpf(dfd) / 2
        x = mp.mpf(x)
        return float(mp.diff(lambda t: mp.log(mp.betainc(a, b, 0, dfn * t / (dfn * t + dfd), regularized=True)), x, 2,
                             h=x * mp.mpf(10) ** -40))


@pytest.mark.parametrize("x", [1e-300, 1e-200])
def test_f_cdf_second_derivative_near_zero(x):
    # through w = dfn z / (dfn z + dfd) the quotient's two terms, each times betainc's infinite second derivative in w,
    # were +inf - inf: f.cdf(x, 0.5, 3)'' at 1e-300 NaN on 5 paths, the truth ~ -0.1875 C x^-1.75 = -inf
    # (the infinite second derivative: the truth; invalid: jvp of jvp's transposed pullback meets a 0 * inf it drops,
    # as before)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        _assert_every_path(lambda t: stats.f.cdf(t, 0.5, 3.0), (x,), 0, 0, -np.inf)


@pytest.mark.parametrize("x, dfn, dfd", [(1e-300, 2.0, 3.0), (1e-160, 2.0, 3.0), (1e-100, 5.0, 0.7)])
def test_f_logcdf_second_derivative_near_zero(x, dfn, dfd):
    # log(betainc)'s second derivative -I'^2 / I^2 with I^2 underflowing, against the quotient's +inf: NaN (the truth
    # ~ -dfn / (2 x^2): -inf at 1e-160 and 1e-300 for dfn = 2, -2.5e200 at 1e-100 for dfn = 5)
    want = -np.inf if x < 1e-150 else _mp_f_logcdf_second(x, dfn, dfd)
    with np.errstate(over="ignore", divide="ignore"):
        _assert_every_path(lambda t: stats.f.logcdf(t, dfn, dfd), (x,), 0, 0, want)


# -- johnsonsb: the log density near z = 0 --------------------------------------------------------------------------

@pytest.mark.parametrize("x, a, b", [(1e-300, 0.0, 1.0), (1e-300, 800.0, 1.0), (1e-200, 0.5, 0.8),
                                     (1e-100, 0.5, 0.8), (1e-100, 800.0, 1.0)])
def test_johnsonsb_logpdf_second_derivative_near_zero(x, a, b):
    # by composition -u'^2, -u u'' and 1 / z^2 were each infinite with opposite signs: NaN at 1e-300 (the truth
    # (-b^2 + b u (1 - 2z) + (1 - z)^2 + z^2) / (z (1 - z))^2 = -6.9e602 for a = 0, b = 1: -inf; +inf for a = 800)
    def want():
        z = mp.mpf(x)
        u = a + b * mp.log(z / (1 - z))
        return (-b * b + b * u * (1 - 2 * z) + (1 - z) ** 2 + z * z) / (z * (1 - z)) ** 2
    with np.errstate(over="ignore", divide="ignore"):  # (the infinite second derivatives: the truth)
        _assert_every_path(lambda t: stats.johnsonsb.logpdf(t, a, b), (x,), 0, 0, _mp(want))


# -- alpha: the log cdf near z = 0 ----------------------------------------------------------------------------------

def _mp_alpha_logcdf(x, a, n):
    """The n-th x-derivative of log(ndtr(a - 1/x) / ndtr(a)) by mpmath (log ndtr from its asymptotic series where
    mpmath's erfc cannot take the argument), at 200 digits."""
    def log_ndtr(u):
        if u < -1e8:
            return -u * u / 2 - mp.log(-u) - mp.log(2 * mp.pi) / 2 + mp.log(1 - 1 / u ** 2 + 3 / u ** 4 - 15 / u ** 6)
        return mp.log(mp.ncdf(u))
    with mp.workdps(200):
        x = mp.mpf(x)
        return float(mp.diff(lambda t: log_ndtr(a - 1 / t) - log_ndtr(mp.mpf(a)), x, n, h=x * mp.mpf(10) ** -60))


@pytest.mark.parametrize("x", [1e-300, 0.9999999e-100, 1.0000001e-100])
def test_alpha_logcdf_second_derivative_near_zero(x):
    # through log_ndtr(a - 1/z) the second derivative was NaN from z = 1e-155 on (the truth ~ -3 / z^4: -inf); both
    # sides of the switch to the asymptotic form at 1e-100 (-inf there too; d2/dx da -1/x^2)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # (invalid: jacrev of jacfwd's 0 * inf)
        _assert_every_path(lambda t: stats.alpha.logcdf(t, 1.0), (x,), 0, 0, -np.inf)
        want = -np.inf if x < 1e-150 else _mp(lambda: -1 / mp.mpf(x) ** 2)
        _assert_every_path(lambda t, a: stats.alpha.logcdf(t, a), (x, 1.0), 0, 1, want, rel=1e-12)


def test_alpha_logcdf_near_the_switch():
    # the asymptotic form below x = 1e-100 against log_ndtr above: the value and slope on both sides, the second
    # derivative above (-3e200 at 1e-50)
    for x in (0.9999999e-100, 1.0000001e-100):
        f = lambda t: stats.alpha.logcdf(t, 1.0)  # noqa: E731
        assert float(f(x)) == pytest.approx(_mp_alpha_logcdf(x, 1.0, 0), rel=1e-14)
        assert float(wg.grad(f)(x)) == pytest.approx(_mp_alpha_logcdf(x, 1.0, 1), rel=1e-14)
    assert float(wg.grad(wg.grad(lambda t: stats.alpha.logcdf(t, 1.0)))(1e-50)) == pytest.approx(
        _mp_alpha_logcdf(1e-50, 1.0, 2), rel=1e-13)


# -- exponnorm: the log cdf far below ---------------------------------------------------------------------------------

@pytest.mark.parametrize("x", [-1e300, -1e200, -1e154, -1e100])
def test_exponnorm_logcdf_far_below(x):
    # its asymptotic form's factor (the series over 2 sqrt(pi) v, v = -x / sqrt(2)) underflowed from v = 1e154: its log
    # -inf and the gradient 0 * inf = NaN at x = -1e300 (the truth -x (1 + O(1/x^2)) = 1e300); d2/dx2 -1 (1 + O(1/x^2))
    f = lambda t: stats.exponnorm.logcdf(t, 1.0)  # noqa: E731
    assert float(wg.grad(f)(x)) == pytest.approx(-x, rel=1e-15)
    assert float(wg.jvp(f, (x,), (1.0,))[1]) == pytest.approx(-x, rel=1e-15)
    _assert_every_path(f, (x,), 0, 0, -1.0, rel=1e-15)
