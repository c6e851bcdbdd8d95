"""Distributions at extreme arguments, found by a sweep over every distribution and method (sessions of
2026-12-02): values that were NaN or -inf where the truth (mpmath) is a number, and derivatives that were NaN
where the value is finite. Each is checked against mpmath at 60 digits: the value, the first derivative by
``grad`` and ``jvp``, and the second by reverse over reverse, forward over reverse and ``hessian``.
"""
import warnings

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from opcheck import mp_point_check, mp_reference  # noqa: E402
from scipy import special  # noqa: E402
from wengert.scipy import stats  # noqa: E402


def _against_mpmath(method, args, i, mp_function, rel=1e-12, order=2):
    """``method(*args)`` and its derivative in ``args[i]`` by ``grad`` and ``jvp`` against mpmath's, with no
    warning; at ``order`` 2 the second too (``opcheck.mp_point_check``: reverse over reverse, forward over reverse,
    ``hessian``)."""
    want = mp_reference(mp_function, args, i, 1)

    def f(t):
        return method(*args[:i], t, *args[i + 1:])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = [float(f(args[i])), float(wg.grad(f)(args[i])), float(wg.jvp(f, (args[i],), (1.0,))[1])]
    assert got == pytest.approx([want[0], want[1], want[1]], rel=rel, abs=1e-320)
    if order >= 2:
        mp_point_check(method, args, i, mp_function, rel)


# -- values: NaN or -inf where the truth is a number ----------------------------------------------------------

def _mp_burr12_ppf(mp, q, c, d):
    return mp.expm1(-mp.log1p(-q) / d) ** (1 / c)


@pytest.mark.parametrize("i", [0, 1, 2])
def test_burr12_ppf_for_a_tiny_c(i):
    # (m / d)^(1/c) exprel(m / d)^(1/c) was 0 * inf = NaN at c = 1e-12: the quantile 0 (10^-8e11)
    _against_mpmath(stats.burr12.ppf, (0.3, 1e-12, 2.5), i, _mp_burr12_ppf)


@pytest.mark.parametrize("q, c, d", [(1e-300, 0.455911, 1e-3), (1e-310, 0.455911, 1e-3), (1e-200, 0.3, 1.0),
                                     (1e-300, 0.4, 1e-10)])
def test_burr12_ppf_second_derivative_in_q_where_the_quantile_underflows(q, c, d):
    # the quantile (log -1500 at the first) and its first derivative underflow, the second does not: through exp of
    # the log it was exp(L) (L'^2 + L''), 0 * inf, NaN by jacfwd(jacfwd) and 0 by grad(grad) (and jvp of grad) for
    # 9.44e-52; now expm1(t)^(1/c)
    _against_mpmath(stats.burr12.ppf, (q, c, d), 0, _mp_burr12_ppf, rel=1e-13)
    want = mp_reference(_mp_burr12_ppf, (q, c, d), 0)[2]
    f = lambda q: stats.burr12.ppf(q, c, d)  # noqa: E731
    assert float(wg.jacfwd(wg.jacfwd(f))(q)) == pytest.approx(want, rel=1e-13, abs=0)


def test_fisk_ppf_for_a_tiny_c():
    # NaN for 1 (exp of log q / (1 - q) / c, c = 1e-12: the log's rounding is 1e-4 of the value there)
    _against_mpmath(stats.fisk.ppf, (0.5, 1e-12), 0, lambda mp, q, c: (q / (1 - q)) ** (1 / c), rel=1e-3)


def test_burr12_ppf_with_a_tiny_c_beside_an_ordinary_entry():
    # the entry with c = 1e-12 (exp of the log) and the ordinary one (the product) each with its own derivatives
    q, d = np.array([0.3, 0.3]), 2.5
    for method in (stats.burr12.ppf, stats.burr12.isf):
        alone = float(wg.grad(lambda c: method(0.3, c, d))(1.5))
        both = wg.grad(lambda c: np.sum(method(q, c, d)))(np.array([1e-12, 1.5]))
        fwd = wg.jvp(lambda c: method(q, c, d), (np.array([1e-12, 1.5]),), (np.array([0.0, 1.0]),))[1]
        assert (both[1] == pytest.approx(alone, rel=1e-14, abs=0.0)
                and fwd[1] == pytest.approx(alone, rel=1e-14, abs=0.0))
        assert both[0] == 0.0 and not np.isnan(fwd[0])


@pytest.mark.parametrize("i", [0, 1])
def test_genpareto_logcdf_on_a_narrow_support(i):
    # c = -1e12: the support [0, 1e-12] is narrower than the powers' range near its upper end, whose
    # 1 - (1 + c z)^(-1/c) was 0 at z = 1e-300: -inf for -690.8 (first order; the second at z = 1e-300 is -inf)
    def f(mp, x, c):
        return mp.log(-mp.expm1(-mp.log1p(c * x) / c))
    if i == 0:
        _against_mpmath(stats.genpareto.logcdf, (1e-300, -1e12), i, f, order=1)
    else:  # (d/dc is -x / 2 (1 + O(c x)) = -5e-301, 1e-301 of the value: mpmath's difference at 60 digits gave 0)
        assert float(wg.grad(lambda c: stats.genpareto.logcdf(1e-300, c))(-1e12)) == pytest.approx(-5e-301, rel=1e-12,
                                                                                                   abs=0.0)
    _against_mpmath(stats.genpareto.logcdf, (1e-13, -1e12), i, f, rel=1e-10)


@pytest.mark.parametrize("i", [0, 1])
def test_loggamma_isf_for_a_tiny_c(i):
    # log(gammainccinv(1e-12, 0.5)): w underflowed, -inf for -6.9e11 (the truth: the leading term of w, the next
    # w / (c + 1) = 10^(-3e11) of it)
    _against_mpmath(stats.loggamma.isf, (0.5, 1e-12), i, lambda mp, q, c: (mp.log1p(-q) + mp.loggamma(c + 1)) / c)


@pytest.mark.parametrize("name, i", [(name, i) for name in ("logsf", "sf", "logcdf") for i in (0, 1)])
def test_nakagami_and_chi_tails_for_a_tiny_shape(name, i):
    # nu = 1e-300: P = gammainc(nu, nu z^2) = 1 - 2e-297 at z = 1e-300, where w underflowed; 1 - P was 0 (logsf
    # -inf for -683.1), and gammaln(1 + nu) lost nu (0: the log cdf 2.8e-4 off). First order (the second
    # derivatives overflow there)
    def log_p(mp, a, w):  # log gammainc(a, w), exact where it is near 0 (P = w^a e^-w M(1, a + 1, w) / gamma(a + 1))
        with mp.workdps(400):  # (a + 1 at a = 1e-300)
            return a * mp.log(w) - w - mp.loggamma(a + 1) + mp.log(mp.hyp1f1(1, a + 1, w))
    for method, shape in ((stats.nakagami, lambda x, nu: (nu, nu * x * x)), (stats.chi, lambda x, df: (df / 2, x * x / 2))):
        def f(mp, x, s):
            lp = log_p(mp, *shape(x, s))
            return {"logsf": mp.log(-mp.expm1(lp)), "sf": -mp.expm1(lp), "logcdf": lp}[name]
        _against_mpmath(getattr(method, name), (1e-300, 1e-300), i, f, rel=1e-12, order=1)


@pytest.mark.parametrize("x, nu", [(0.0, 1e12), (0.0, 1e3), (1e-3, 1e3), (0.0, 301.0)])
@pytest.mark.parametrize("i", [0, 1])
def test_nakagami_pdf_at_zero_for_a_large_nu(x, nu, i):
    # e^nu (inf) times z^(2 nu - 1) (0): NaN for 0, whose derivatives are 0
    if i == 1 or x != 0:
        _against_mpmath(stats.nakagami.pdf, (x, nu), i, lambda mp, x, nu: 0 * x)
        return
    f = stats.nakagami.pdf
    assert [float(f(x, nu)), float(wg.grad(f)(x, nu)), float(wg.jvp(lambda t: f(t, nu), (x,), (1.0,))[1]),
            float(wg.grad(wg.grad(f))(x, nu)), float(wg.jvp(wg.grad(f), (x, nu), (1.0, 0.0))[1])] == [0.0] * 5


@pytest.mark.parametrize("i", [1, 2])
def test_betabinom_var_for_a_huge_b(i):
    # (a + b)^2 overflowed: NaN (OverflowError on Python floats) for 1.05e-199
    def f(mp, n, a, b):
        return n * a * b * (a + b + n) / ((a + b) ** 2 * (a + b + 1))
    _against_mpmath(stats.betabinom.var, (7.0, 1.5, 1e200), i, f, rel=1e-14)
    _against_mpmath(stats.betabinom.var, (10.0, 2.0, 5.0), i, f, rel=1e-14)


# -- first derivatives: NaN where the value is finite -----------------------------------------------------------

@pytest.mark.parametrize("name", ["logsf", "sf", "logcdf", "cdf"])
@pytest.mark.parametrize("a", [1e12, 1.5, 1e-300])
def test_invgamma_tails_below_the_support_for_a_large_a(name, a):
    # outside the support the tails are constants, evaluated at a stand-in inside: at z = 1/2 for a = 1e12 the
    # upper tails' a-derivative overflowed (d/da invgamma.logsf(-1e300, 1e12) by grad: 0 * inf = NaN for 0)
    f = getattr(stats.invgamma, name)
    got = [float(wg.grad(lambda t: f(-1e300, t))(a)), float(wg.jvp(lambda t: f(-1e300, t), (a,), (1.0,))[1]),
           float(wg.grad(wg.grad(lambda t: f(-1e300, t)))(a))]
    assert got == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("name, x, s", [("cdf", 1e-300, 1e-300), ("cdf", 0.5, 1e-300), ("sf", 0.5, 1e-300),
                                        ("cdf", 2.0, 1e-300), ("sf", 2.0, 1e-100)])
@pytest.mark.parametrize("i", [0, 1, 3])
def test_lognorm_tails_for_a_tiny_s(name, x, s, i):
    # u = log(z) / s at -6.9e299: the density is 0 but u's tangent in s (log z / s^2) overflowed, and ndtr's rule
    # gave jvp 0 * inf = NaN (grad 0); the truth 0 at every order
    f = getattr(stats.lognorm, name)
    args = [x, s, 0.0, 1.0]

    def g(t):
        return f(*args[:i], t, *args[i + 1:])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = [float(wg.grad(g)(args[i])), float(wg.jvp(g, (args[i],), (1.0,))[1]),
               float(wg.grad(wg.grad(g))(args[i])), float(wg.jvp(wg.grad(g), (args[i],), (1.0,))[1])]
    assert got == [0.0] * 4


def test_lognorm_cdf_just_short_of_the_vanishing_tail():
    # at u = -70 (the density's log -2450, above the cut) the derivatives are the chain rule's: 0 to rounding
    _against_mpmath(stats.lognorm.cdf, (0.5, -np.log(0.5) / 70), 1, lambda mp, x, s: mp.ncdf(mp.log(x) / s),
                    rel=1e-10)


@pytest.mark.parametrize("dist, args", [("norm", (-1e300, 0.0, 1.0)), ("norm", (1e200, 0.0, 1.0)),
                                        ("norm", (0.7, -1e200, 1.0)), ("skewnorm", (-1e300, 1.5, 0.0, 1.0)),
                                        ("skewnorm", (-1e300, 1e12, 0.0, 1.0)), ("halfnorm", (1e300, 0.0, 1.0))])
def test_normal_densities_far_out(dist, args):
    # the density's log below -3000: 0 with derivatives 0 (the truth to 1e-1000); by jvp z^2's tangent overflowed
    # against exp's 0 (norm.pdf(-1e300) in scale: NaN; skewnorm.pdf(-1e300, 1e12) by grad too)
    _zero_to_second_order(getattr(stats, dist).pdf, args)


def _zero_to_second_order(f, args):
    """``f(*args)`` 0, with its first derivative in each argument by ``grad`` and ``jvp`` and its second by reverse
    over reverse and forward over reverse, each 0, with no warning."""
    for i in range(len(args)):
        def g(t, i=i):
            return f(*args[:i], t, *args[i + 1:])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            got = [float(g(args[i])), float(wg.grad(g)(args[i])), float(wg.jvp(g, (args[i],), (1.0,))[1]),
                   float(wg.grad(wg.grad(g))(args[i])), float(wg.jvp(wg.grad(g), (args[i],), (1.0,))[1])]
        assert got == [0.0] * 5, (i, got)


# -- f's tails at tiny degrees of freedom, its density far out (session 26) ---------------------------------------

def _mp_log_betainc_lower(mp, a, b, w):
    """log I_w(a, b) at 400 digits (a + 1 at a = 5e-301): the power series, its log exact where I is 1 - 1e-298."""
    with mp.workdps(400):
        return (a * mp.log(w) + b * mp.log1p(-w) - mp.loggamma(a + 1) - mp.loggamma(b) + mp.loggamma(a + b)
                + mp.log(mp.hyp2f1(a + b, 1, a + 1, w)))


def _mp_f_tail(name):
    def f(mp, x, dfn, dfd):
        with mp.workdps(400):
            lower = name in ("cdf", "logcdf")
            # the tail that is near 1 from its own small argument: the cdf's at w where dfn is tiny, the sf's at 1 - w
            if dfn < dfd:
                log_i, small_is_lower = _mp_log_betainc_lower(mp, dfn / 2, dfd / 2, dfn * x / (dfn * x + dfd)), True
            else:
                log_i, small_is_lower = _mp_log_betainc_lower(mp, dfd / 2, dfn / 2, dfd / (dfn * x + dfd)), False
            log_tail = log_i if lower == small_is_lower else mp.log(-mp.expm1(log_i))
            return log_tail if name.startswith("log") else mp.exp(log_tail)
    return f


@pytest.mark.parametrize("name, args, orders", [
    ("logsf", (0.7, 1e-300, 5.0), (2, 1, 2)), ("logcdf", (0.7, 3.0, 1e-300), (2, 2, 1)),
    ("logsf", (1e200, 1e-300, 5.0), (0, 1, 2)), ("logcdf", (0.7, 1e-300, 5.0), (1, 1, 1)),
    ("logsf", (0.7, 1e-12, 5.0), (2, 2, 2)), ("sf", (0.7, 1e-12, 5.0), (2, 2, 2)), ("cdf", (0.7, 3.0, 1e-12), (2, 2, 2)),
    ("logcdf", (1e-290, 1e-12, 5.0), (1, 1, 1)), ("logsf", (1e300, 3.0, 1e-12), (0, 1, 1))])
@pytest.mark.parametrize("i", [0, 1, 2])
def test_f_tails_at_tiny_degrees_of_freedom(name, args, orders, i):
    # the tail 1 - 3.5e-298 (dfn = 1e-300): 1 - betainc lost every digit (f.logsf(0.7, 1e-300, 5) -inf for -684.93,
    # f.logcdf(0.7, 3, 1e-300) too), and its complement's derivative in the other degree had none (d/d dfd of that
    # logsf by jvp 2.9e-4 for -6.5e-5); now from the power series of log betainc (second order where it is finite:
    # in the tiny degree it is -1/dfn^2, beyond the floats)
    if orders[i]:
        _against_mpmath(getattr(stats.f, name), args, i, _mp_f_tail(name), rel=1e-11, order=orders[i])


def test_f_tails_at_a_tiny_dfn_beside_an_ordinary_one():
    # the series' entry and SciPy's in one array, each with its own derivatives (each form at stand-ins)
    for name in ("logsf", "cdf", "logcdf"):
        method = getattr(stats.f, name)
        for i in (1, 2):
            def alone(t, i=i, dfn=3.0):
                args = [0.7, dfn, 5.0]
                args[i] = t
                return method(*args)
            both = wg.grad(lambda t, i=i: np.sum(alone(t, i, np.array([1e-300, 3.0])) if i == 2 else alone(t, i)))(
                np.array([5.0, 5.0]) if i == 2 else np.array([1e-300, 3.0]))
            fwd = wg.jvp(lambda t, i=i: alone(t, i, np.array([1e-300, 3.0])) if i == 2 else alone(t, i),
                         (np.array([5.0, 5.0]) if i == 2 else np.array([1e-300, 3.0]),), (np.array([0.0, 1.0]),))[1]
            ordinary = float(wg.grad(alone)(5.0 if i == 2 else 3.0))
            assert (both[1] == pytest.approx(ordinary, rel=1e-14, abs=0.0)
                    and fwd[1] == pytest.approx(ordinary, rel=1e-14, abs=0.0))
            assert np.all(np.isfinite(both)) and np.isfinite(fwd[0])


@pytest.mark.parametrize("args", [(1e300, 3.0, 1e-300), (1e300, 3.0, 1e-12), (1e200, 3.0, 1e-300)])
@pytest.mark.parametrize("i", [0, 2])
def test_f_logpdf_far_out(args, i):
    # log1p(dfn z / dfd) overflowed (-inf for -1382.24 at f.logpdf(1e300, 3, 1e-300)); by jvp log(dfn / dfd)'s tangent
    # -dfn / dfd^2 overflowed (d/d dfd -inf for 1e300)
    def f(mp, x, dfn, dfd):
        a, b = dfn / 2, dfd / 2
        with mp.workdps(400):
            return (a * mp.log(dfn / dfd) + (a - 1) * mp.log(x) - (a + b) * mp.log1p(dfn * x / dfd)
                    - mp.log(mp.beta(a, b)))
    _against_mpmath(stats.f.logpdf, args, i, f, rel=1e-13, order=2 if i == 0 else 1)


@pytest.mark.parametrize("x, dfn", [(0.0, 1e12), (0.0, 1e3), (1e-3, 1e3), (0.0, 602.0)])
def test_f_pdf_at_zero_for_a_large_dfn(x, dfn):
    # e^E (inf) times z^(dfn/2 - 1) (0): NaN for 0, whose derivatives are 0 (second order too)
    _zero_to_second_order(stats.f.pdf, (x, dfn, 5.0))


def test_f_tails_at_a_huge_dfn():
    # betainc at a = 5e199 (w rounds to 1): NaN, or -inf for the log sf (SciPy's -0.236); dfn -> inf is dfd / chi2(dfd)
    for x in (0.7, 0.5):  # (SciPy's betainc at b = 5e199 is NaN from x = 1 on)
        limit = float(special.gammainc(2.5, 2.5 / x))  # sf: P(chi2_5 < 5 / x)
        assert float(stats.f.sf(x, 1e200, 5.0)) == pytest.approx(limit, rel=1e-13, abs=0.0)
        assert float(stats.f.logsf(x, 1e200, 5.0)) == pytest.approx(np.log(limit), rel=1e-13, abs=0.0)
        assert float(stats.f.cdf(x, 1e200, 5.0)) == pytest.approx(1.0 - limit, rel=1e-13, abs=0.0)
        assert float(stats.f.logcdf(x, 1e200, 5.0)) == pytest.approx(np.log1p(-limit), rel=1e-13, abs=0.0)
        assert float(wg.grad(stats.f.logsf)(x, 1e200, 5.0)) == pytest.approx(
            -2.5 / x ** 2 * np.exp(1.5 * np.log(2.5 / x) - 2.5 / x - special.gammaln(2.5)) / limit, rel=1e-12, abs=0.0)


# -- beta and betaprime tails at a tiny shape (session 26) --------------------------------------------------------

def _mp_beta_tail(name, betaprime, lower_small):
    """The tail ``name`` of beta(a, b) at x (of betaprime at x / (1 + x)) from the log of the lower tail at the small
    argument: ``I_w(a, b)`` (``lower_small``) or ``I_(1 - w)(b, a)``, where that tail is near 1."""
    def f(mp, x, a, b):
        with mp.workdps(400):
            w, one_minus_w = (x / (1 + x), 1 / (1 + x)) if betaprime else (x, 1 - x)
            log_i = (_mp_log_betainc_lower(mp, a, b, w) if lower_small
                     else _mp_log_betainc_lower(mp, b, a, one_minus_w))
            log_tail = log_i if name.endswith("cdf") == lower_small else mp.log(-mp.expm1(log_i))
            return log_tail if name.startswith("log") else mp.exp(log_tail)
    return f


@pytest.mark.parametrize("dist, name, args, orders", [
    ("beta", "logsf", (0.1, 1e-300, 2.5), (2, 1, 2)), ("beta", "logsf", (1e-12, 1e-12, 2.5), (2, 2, 2)),
    ("beta", "logcdf", (0.1, 1e-12, 2.5), (2, 2, 2)), ("beta", "sf", (1e-5, 1e-5, 2.5), (2, 2, 2)),
    ("beta", "logcdf", (0.9, 2.5, 1e-300), (2, 2, 1)), ("beta", "cdf", (0.999, 2.5, 1e-12), (2, 2, 2)),
    ("betaprime", "logsf", (1e-300, 1e-300, 2.5), (1, 1, 2)), ("betaprime", "logsf", (1e-30, 1e-300, 2.5), (1, 1, 2)),
    ("betaprime", "logcdf", (1e-300, 1e-300, 2.5), (2, 1, 2)), ("betaprime", "logsf", (0.7, 1e-300, 2.5), (2, 1, 2)),
    ("betaprime", "logcdf", (1e200, 1.5, 1e-300), (0, 2, 1)), ("betaprime", "cdf", (1e300, 1.5, 1e-12), (0, 2, 2))])
@pytest.mark.parametrize("i", [0, 1, 2])
def test_beta_and_betaprime_tails_at_a_tiny_shape(dist, name, args, orders, i):
    # a tail 1 - 1e-298: through betainc its complement kept betainc's rounding, in value (betaprime.logsf(1e-300,
    # 1e-300, 2.5) -inf for -684.24 through the leading term's log(a) + betaln(a, b); beta.logsf(1e-12, 1e-12, 2.5)
    # 3.4e-8 relative off) and derivatives (d/db beta.logsf(0.1, 1e-300, 2.5) -4.7e283 for -0.338, silently); now the
    # power series of log betainc. Second order where it is finite (in the tiny shape -1/a^2, beyond the floats)
    if orders[i]:
        small_a = args[1] < args[2]
        _against_mpmath(getattr(getattr(stats, dist), name), args, i, _mp_beta_tail(name, dist == "betaprime", small_a),
                        rel=1e-11, order=orders[i])


def test_beta_tails_at_a_tiny_a_beside_an_ordinary_one():
    # the series' entries and betainc's in one array, each with its own derivatives in b (each form at stand-ins)
    x, a = np.array([0.1, 0.1, 0.95]), np.array([1e-12, 2.0, 1e-12])
    for name in ("logsf", "sf", "logcdf", "cdf"):
        method = getattr(stats.beta, name)
        both = wg.grad(lambda b: np.sum(method(x, a, b)))(np.array([2.5, 2.5, 2.5]))
        fwd = wg.jvp(lambda b: method(x, a, b), (np.array([2.5, 2.5, 2.5]),), (np.array([0.0, 1.0, 0.0]),))[1]
        for k in range(3):
            alone = float(wg.grad(lambda b: method(x[k], a[k], b))(2.5))
            assert both[k] == pytest.approx(alone, rel=1e-14, abs=0.0)
        assert fwd[1] == pytest.approx(float(wg.grad(lambda b: method(0.1, 2.0, b))(2.5)), rel=1e-14, abs=0.0)
        assert fwd[0] == 0.0 and fwd[2] == 0.0


@pytest.mark.parametrize("args", [(0.0, 1e200, 2.5), (1.0, 2.5, 1e200), (0.0, 1e3, 2.5), (1.0, 2.5, 1e3)])
def test_beta_pdf_at_an_end_for_a_huge_shape(args):
    # 1 / B(a, b) (inf) times the end's power (0): NaN for 0, whose derivatives are 0 (second order too)
    _zero_to_second_order(stats.beta.pdf, args)


def test_beta_pdf_at_an_end_where_its_slope_is_infinite():
    # the other end's power 0 with 1 / B overflowing: the value 0, the first derivative in x +inf (exponent 1/2), the
    # second in x inf for the exponent 3/2 (the truth), not NaN
    f = stats.beta.pdf
    with np.errstate(divide="ignore"):  # (0 ** -1/2: the infinite derivative)
        assert [float(f(0.0, 1.5, 1e200)), float(wg.grad(f)(0.0, 1.5, 1e200))] == [0.0, np.inf]
        assert float(wg.grad(wg.grad(f))(1.0, 1e200, 2.5)) == np.inf
        assert float(wg.grad(wg.grad(f))(1.0, 2.5, 2.5)) == np.inf


@pytest.mark.parametrize("name, q, a", [("ppf", 1e-300, 1e200), ("isf", 1 - 2.0 ** -53, 1e200), ("ppf", 0.3, 2.5),
                                         ("isf", 0.3, 2.5), ("isf", 0.8, 2.5), ("isf", 1e-300, 1e-3)])
def test_powerlaw_quantiles_in_closed_form(name, q, a):
    # beta's checked betaincinv at b = 1 left the root undecided at a = 1e200: NaN for 1 (SciPy's 1); now q^(1/a).
    # The truth's derivatives in closed form at 700 digits (1 - q at q = 1e-300; q^(1/a) = 1 - 6.9e-198): x = u^(1/a),
    # dx/du = x / (a u), dx/da = -x log(u) / a^2 and their derivatives
    mpmath = pytest.importorskip("mpmath")
    sign = 1 if name == "ppf" else -1
    with mpmath.workdps(700):
        u = mpmath.mpf(q) if name == "ppf" else 1 - mpmath.mpf(q)
        big_a, log_u = mpmath.mpf(a), mpmath.log(u)
        x = u ** (1 / big_a)
        want = [[x, sign * x / (big_a * u), x / (big_a * u) ** 2 * (1 - big_a)],
                [x, -x * log_u / big_a ** 2, x * log_u / big_a ** 3 * (log_u / big_a + 2)]]
        want = [[float(v) for v in row] for row in want]
    method = getattr(stats.powerlaw, name)
    for i, row in enumerate(want):
        def f(t, i=i):
            return method(*((t, a) if i == 0 else (q, t)))
        with warnings.catch_warnings(), np.errstate(over="ignore"):  # (an infinite second derivative: the truth)
            warnings.simplefilter("error")
            got = [float(f((q, a)[i])), float(wg.grad(f)((q, a)[i])), float(wg.jvp(f, ((q, a)[i],), (1.0,))[1]),
                   float(wg.grad(wg.grad(f))((q, a)[i])), float(wg.jvp(wg.grad(f), ((q, a)[i],), (1.0,))[1])]
        assert got == pytest.approx([row[0], row[1], row[1], row[2], row[2]], rel=1e-13, abs=1e-320), (i, got)


@pytest.mark.parametrize("name, args, orders", [
    ("logcdf", (0.0, -1e-300, 2.0), (0, 1, 2)), ("logcdf", (1e-30, 1e-300, 2.0), (1, 0, 2)),
    ("logcdf", (2e-5, 1e-5, 2.0), (2, 2, 2)), ("cdf", (2e-5, 1e-5, 2.0), (1, 2, 2)), ("logsf", (1.99999, -1.0, 2.0), (2, 2, 2)),
    ("logcdf", (40.0 + 1e-9, 40.0, 41.0), (2, 2, 2))])
@pytest.mark.parametrize("i", [0, 1, 2])
def test_truncnorm_tails_over_a_narrow_interval(name, args, orders, i):
    # the normal mass between a and x from the difference of their log_ndtr: 0 for (-1e-300, 0), the log cdf -inf for
    # -690.95 (SciPy's -36.59 is off too); now (x - a) phi(m) (1 + (x - a)^2 (m^2 - 1) / 24) about the middle m.
    # (mpmath's differences at 60 digits cannot take a step at x = 0, nor see a 1e-325 step of a = 1e-300 against
    # x = 1e-30; the cdf's second derivative in x, through exp of the log, cancels to 3e-8 at x - a = 1e-5)
    if not orders[i]:
        return

    def f(mp, x, a, b):
        with mp.workdps(700):
            if name == "logsf":
                return mp.log((mp.ncdf(b) - mp.ncdf(x)) / (mp.ncdf(b) - mp.ncdf(a)))
            cdf = (mp.ncdf(x) - mp.ncdf(a)) / (mp.ncdf(b) - mp.ncdf(a))
            return mp.log(cdf) if name == "logcdf" else cdf
    _against_mpmath(getattr(stats.truncnorm, name), args, i, f, rel=1e-11, order=orders[i])


@pytest.mark.parametrize("name", ["logcdf", "logsf", "logpdf"])
@pytest.mark.parametrize("x, a, b", [(3.03e-5, -2e-6, 1.01e-4), (3e-4, -1e-6, 1e-3), (-2.964, -3.0, -2.88),
                                     (-2.961, -3.0, -2.87), (0.147, -1e-3, 0.49), (0.153, -1e-3, 0.51)])
@pytest.mark.parametrize("i", [0, 1, 2])
def test_truncnorm_just_above_the_narrow_series(name, x, a, b, i):
    # above (b - a) (1 + max(|a|, |b|)) = 1e-4, where a9fcab8's series stopped, the difference of the ends' log_ndtr
    # lost eps / (b - a): logcdf(3.03e-5, 0, 1.01e-4) 9e-13 relative off, its second derivatives 2e-12; now the
    # series (to k = 7) up to 0.5 (both sides of that switch: the last two pairs), all within 1e-13
    def f(mp, x, a, b):
        mass = mp.ncdf(b) - mp.ncdf(a)
        if name == "logpdf":
            return -x * x / 2 - mp.log(2 * mp.pi) / 2 - mp.log(mass)
        return mp.log(((mp.ncdf(x) - mp.ncdf(a)) if name == "logcdf" else (mp.ncdf(b) - mp.ncdf(x))) / mass)
    _against_mpmath(getattr(stats.truncnorm, name), (x, a, b), i, f, rel=1e-13)


@pytest.mark.parametrize("k, mu", [(1e300, 1e-300), (1e300, 1e-12), (1e200, 1e-100), (1e5, 1e-290), (1e300, 1e12)])
def test_poisson_logpmf_far_above_a_tiny_mu(k, mu):
    # bd0's -k log(mu / k) with mu / k underflowing to 0: inf, the log pmf -inf for -1.38e303 at (1e300, 1e-300); at
    # (1e300, 1e12) xlogy's k / (mu / k) overflowed in d/dmu (inf for 1e288)
    def f(mp, mu, k):
        return k * mp.log(mu) - mp.loggamma(k + 1) - mu
    with np.errstate(over="ignore"):  # (d/dmu k / mu - 1 = 1e600 at the first: inf, the truth)
        _against_mpmath(lambda mu, k: stats.poisson.logpmf(k, mu), (mu, k), 0, f, rel=1e-14, order=1)


def test_gompertz_logcdf_for_a_huge_c_beside_ordinary_entries():
    # the series' stand-in z = 1e-3 with c = 1e200 (u = 1e197) overflowed, and d/dc of the batch was NaN; each entry's
    # derivatives in c (first and second, both modes) are now its own: 0 where the log cdf is 0, 1 / c at x = 1e-300
    x, c = np.array([1e-30, 0.7, 1e-300, 0.7]), np.array([1e200, 1e200, 1e200, 1.5])

    def f(c):
        return stats.gompertz.logcdf(x, c)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        first = [wg.grad(lambda c: np.sum(f(c)))(c), wg.jvp(f, (c,), (np.ones(4),))[1]]
        second = [wg.grad(lambda c: np.sum(wg.grad(lambda c: np.sum(f(c)))(c)))(c),
                  wg.jvp(wg.grad(lambda c: np.sum(f(c))), (c,), (np.ones(4),))[1]]
    for k in range(4):
        alone = (wg.grad(lambda t: stats.gompertz.logcdf(x[k], t))(c[k]),
                 wg.grad(wg.grad(lambda t: stats.gompertz.logcdf(x[k], t)))(c[k]))
        assert [first[0][k], first[1][k]] == pytest.approx([alone[0]] * 2, rel=1e-14, abs=0)
        assert [second[0][k], second[1][k]] == pytest.approx([alone[1]] * 2, rel=1e-14, abs=0)
    assert first[0][2] == pytest.approx(1e-200, rel=1e-14, abs=0)


@pytest.mark.parametrize("k, mu", [(1e300, 1e-300), (1e300, 1e12), (1e300, 1e-12)])
def test_poisson_pmf_where_its_log_is_far_below(k, mu):
    # exp(log pmf) = 0 met d/dmu k / mu - 1 = inf (1e300 / 1e-300): NaN; now 0 with derivatives 0 below -3000
    _zero_to_second_order(lambda mu: stats.poisson.pmf(k, mu), (mu,))


@pytest.mark.parametrize("name, q", [("ppf", 0.3), ("ppf", 0.5), ("ppf", 1e-300), ("ppf", 1 - 2.0 ** -53),
                                     ("isf", 0.3), ("isf", 0.5), ("isf", 1 - 2.0 ** -53)])
def test_powerlaw_quantiles_far_below_at_a_tiny_a(name, q):
    # q^(1/a) at a = 1e-300 is 0 (e^-1.2e300); by jvp the tangent of 1 / a overflowed against it: NaN for 0
    _zero_to_second_order(getattr(stats.powerlaw, name), (q, 1e-300))


_MIXED_TAILS = [  # (method, x, a, b, the pair of arguments, truth)
    ("beta.logsf", 0.4, 1e-20, 0.5, (1, 2), 4.5605449), ("beta.logsf", 0.4, 1e-20, 0.5, (1, 0), 0.92767596),
    ("beta.logsf", 0.4, 1e-300, 0.5, (1, 2), 4.5605449), ("beta.logcdf", 0.9, 2.5, 1e-20, (1, 2), 0.35409718),
    ("betaprime.logsf", 1e-30, 1e-20, 2.5, (1, 2), 0.24698245)]


@pytest.mark.parametrize("method, x, a, b, pair, truth", _MIXED_TAILS)
def test_beta_log_tails_mixed_second_derivatives_at_a_tiny_shape(method, x, a, b, pair, truth):
    """The log of the tail near 0 (1 - I, I from the power series of log betainc, a M) as log(a) + log(-M) +
    log(exprel(a M)). Before (log(-expm1(a M))): its mixed second derivatives were differences of terms of size
    1 / a: d2/da db of beta.logsf(0.4, 1e-20, 0.5) -36252 by grad of grad, -16384 forward over reverse (truth
    4.5605449, the limit a -> 0 within 1e-16 a, from mpmath at a = 1e-12), NaN at a = 1e-300; the review found
    it. Both modes."""
    dist, name = method.split(".")
    f = getattr(getattr(stats, dist), name)
    i, j = pair
    args = (x, a, b)
    for second in (wg.grad(wg.grad(f, i), j), wg.jacfwd(wg.grad(f, i), j)):
        assert float(second(*args)) == pytest.approx(truth, rel=2e-8, abs=0)


def test_beta_log_tail_mixed_second_derivative_against_mpmath():
    """The same form where mpmath's differences still resolve it (a = 1e-6, 80 digits)."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(80):
        truth = mpmath.diff(lambda a, b: mpmath.log(mpmath.betainc(a, b, mpmath.mpf("0.4"), 1, regularized=True)),
                            (mpmath.mpf("1e-6"), mpmath.mpf("0.5")), (1, 1))
        for second in (wg.grad(wg.grad(stats.beta.logsf, 1), 2), wg.jacfwd(wg.grad(stats.beta.logsf, 1), 2)):
            assert float(second(0.4, 1e-6, 0.5)) == pytest.approx(float(truth), rel=1e-12, abs=0)
