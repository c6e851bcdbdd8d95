"""``scipy.stats``' ``invgauss`` (the inverse Gaussian, a Brownian motion's first passage time): its density,
tails, quantiles, moments, entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and against mpmath
(the tails in their log-space forms on both sides of ``z = mu``, where they switch, near 0 below the expanded
exponent's switch ``z = 1e-20``, far out on both sides of the log sf's series, ``r = 10``; the quantiles by the
inverse function rule; the entropy on both sides of ``mu = 2``, ``r = 40``); the limits at 0 and +-inf, float32,
the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, float32_check, gradient_test, infinite_ends_check, mp_point_check,  # noqa: E402
                     stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
I = stats.invgauss  # noqa: E741
#: near 0, both sides of z = mu (the tails' switch), far
Z = np.array([0.05, 0.6, 0.98, 1.02, 4.0, 12.0])
MU = np.array([[0.7], [1.0], [3.5]])


def _f(method):
    return getattr(I, method)


CASES = [
    # in x, mu, loc and scale, broadcast against each other
    *[case(_f(f), _f(f), Z, MU, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"invgauss.{f}") for f in TAILS],
    # the quantiles (SciPy's values, the inverse function rule; q = 1e-3 and 0.999 against mpmath below: there the
    # isf at mu = 3.5 is 44 and the second-order check's central differences of its square lost 1e-5)
    *[case(_f(f), _f(f), np.array([0.01, 0.2, 0.5, 0.9, 0.99]), MU, 0.1, 1.3, id=f"invgauss.{f}")
      for f in ("ppf", "isf")],
    # below the support: constants
    *[case(_f(f), _f(f), np.array([-0.5]), 1.7, id=f"invgauss.{f}-below") for f in ("pdf", "cdf", "sf", "logsf")],
    # the moments; the entropy on both sides of mu = 2 (its series in r = 2 / mu below r = 1) and of r = 5
    *[case(_f(m), _f(m), np.array([0.4, 3.0, 12.0]), np.array([[0.0], [1.0]]), np.array([[[0.6]], [[2.0]]]),
           id=f"invgauss.{m}") for m in ("mean", "var", "std")],
    case(_f("entropy"), _f("entropy"), np.array([0.03, 0.38, 0.42, 1.9, 2.1, 30.0]), 0.3, 1.7, id="invgauss.entropy"),
    # size-1 and size-0 arrays, the median and the interval
    *[case(_f(m), _f(m), np.array([0.3 if m in ("ppf", "isf") else 0.7]), np.array([1.6]), np.array([0.1]),
           np.array([1.4]), id=f"invgauss.{m}-size1") for m in TAILS + ("ppf", "isf")],
    *[case(_f(m), _f(m), np.zeros(0), 2.0, id=f"invgauss.{m}-size0") for m in TAILS + ("ppf", "isf")],
    case(_f("median"), lambda *a: I.median(*a), np.array([0.3, 2.0]), np.array([[-0.4]]), 0.6, id="invgauss.median"),
    case(_f("interval"), lambda p, mu: I.interval(p, mu, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), 1.7,
         id="invgauss.interval"),
]

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.6, 1.0, 1.3, 3.0, 8.0, 60.0, 1e3])
MUS = (0.01, 0.3, 1.0, 2.5, 40.0)
VALUE_CHECKS = [
    *[(f"invgauss.{f}", (POINTS, mu, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1) for mu in MUS],
    *[(f"invgauss.{f}", (np.array([0.0, 1e-10, 0.1, 0.5, 0.9, 0.999, 1.0]), mu, -0.1, 1.3))
      for f in ("ppf", "isf") for mu in MUS],
    *[(f"invgauss.{m}", (np.array([0.01, 0.5, 2.0, 7.0, 1e3]), 0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("invgauss.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("invgauss.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]

# (SciPy's tails as a + log1p(+-exp(b - a)), b - a -> 0 far out: they lose log10(z / mu) digits of the difference,
# 1.7e-11 of the sf at z = 769, mu = 1 (wengert's 7e-15), 3.4e-12 at z = 46, mu = 0.3 (wengert's 4e-14))
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={f"invgauss.{f}": 3e-11 for f in TAILS[2:]})


def _mp_invgauss(mp):
    def log_pdf(z, mu):
        return -mp.log(2 * mp.pi) / 2 - 1.5 * mp.log(z) - (z / mu - 1) ** 2 / (2 * z)

    def cdf(z, mu):
        return mp.ncdf((z / mu - 1) / mp.sqrt(z)) + mp.exp(2 / mu) * mp.ncdf(-(z / mu + 1) / mp.sqrt(z))

    def sf(z, mu):
        return mp.ncdf(-(z / mu - 1) / mp.sqrt(z)) - mp.exp(2 / mu) * mp.ncdf(-(z / mu + 1) / mp.sqrt(z))

    def ppf(q, mu):
        start = mp.mpf(float(ST.invgauss.ppf(float(q), float(mu))))
        return mp.findroot(lambda z: cdf(z, mu) - q, start)

    def isf(q, mu):
        start = mp.mpf(float(ST.invgauss.isf(float(q), float(mu))))
        return mp.findroot(lambda z: sf(z, mu) - q, start)
    return {"logpdf": log_pdf, "pdf": lambda z, mu: mp.exp(log_pdf(z, mu)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, mu: mp.log(cdf(z, mu)), "logsf": lambda z, mu: mp.log(sf(z, mu)),
            "ppf": ppf, "isf": isf,
            "entropy": lambda mu: (1 + mp.log(2 * mp.pi) + 3 * mp.log(mu)) / 2 - 1.5 * mp.exp(2 / mu) * mp.e1(2 / mu)}


#: (function, (x, mu), the argument differentiated (0: x, 1: mu), relative tolerance)
MP_POINTS = [
    # both sides of z = mu, where each tail switches between its erfcx form and log(1 - the other tail)
    *[(f, (z, 1.5), i, 1e-12) for f in TAILS for z in (1.49, 1.51) for i in (0, 1)],
    *[(f, (z, 0.4), i, 1e-12) for f in ("cdf", "logcdf", "sf", "logsf") for z in (0.03, 3.0) for i in (0, 1)],
    # near 0: the log cdf -(z / mu - 1)^2 / (2 z) + ..., on both sides of z = 1e-20 (its expanded exponent and
    # erfcx's leading terms below; through erfcx the second derivative was inf - inf = NaN from z = 1e-205)
    *[("logcdf", (z, 2.0), 0, 1e-13) for z in (0.9e-20, 1.1e-20, 1e-100)],
    # far out: the log sf on both sides of r = (z / mu - 1) / sqrt(2 z) = 10 (its series beyond: the difference
    # of erfcx's cancelled, 5e-14 off at z = 1e10, mu = 1e3; 0 at z = 1e300, the log sf -inf)
    *[("logsf", (z, 1.0), i, 1e-12) for z in (230.0, 1e5) for i in (0, 1)],
    ("logsf", (190.0, 1.0), 0, 1e-13), ("logsf", (190.0, 1.0), 1, 1e-13),
    ("logsf", (1e10, 1e3), 0, 1e-12), ("logsf", (1e10, 1e3), 1, 1e-12),
    # below r = 10 at a large mu the difference of erfcx's lost log10(erfcx(r) / (d J_1(c))) digits, up to
    # log10(200 mu): as Taylor's series about the midpoint c (the log sf 2e-10 off at z = 1.2e14, mu = 1e6, its
    # second derivative 7e-5 at z = 1.98e14, 1e-7 at 1.95e8, mu = 1e3; the sf 1.5e-10 at z = 1e11, mu = 1e6, SciPy's
    # 2.8e-12); the logcdf is log(1 - its exp)
    *[(f, args, i, 1e-13) for f, args in (("logsf", (1.98e14, 1e6)), ("logsf", (1.2e14, 1e6)), ("sf", (1e11, 1e6)),
                                          ("logsf", (1.95e8, 1e3)), ("logcdf", (1.2e8, 1e3)), ("sf", (6e9, 1e4)))
      for i in (0, 1)],
    # both sides of the series' switches: d = sqrt(2 / z) = 1; d = 2 with r >= 1 against r < 1 (0.5, 0.2 and 0.9,
    # 0.3 in it, erfcx's second derivative 1e-13 off there, 1e-11 at 1.8, 0.1; 1.2, 1 out); c = sqrt(z / 2) / mu
    # = 1.2 (the recurrence upwards below, the ratios downwards above) and 2 (their start from N = 60 above)
    *[("logsf", args, i, 1e-13) for args in ((1.99, 1.0), (2.01, 1.0), (0.5, 0.2), (0.9, 0.3), (1.8, 0.1), (1.2, 1.0),
                                             (283.2, 10.0), (292.8, 10.0), (792.0, 10.0), (808.0, 10.0))
      for i in (0, 1)],
    # below z = mu at a large mu, where the sf is small (``sqrt(2 / (pi z))`` for 1 << z << mu): the sf, not 1 -
    # cdf (whose log lost the sf's digits: the log sf 3.5e-6 off at z = 1e20, mu = 1e30); both sides of the switch
    # at sf = 1/4 (z = 9.6, mu = 1e3)
    *[(f, args, i, 1e-13) for f in ("logsf", "logcdf") for args in ((1e20, 1e30), (1e10, 1e12), (9.0, 1e3),
                                                                     (10.5, 1e3)) for i in (0, 1)],
    # both sides of z = mu / 4 and 4 mu, where the exponent switches to its expanded form
    *[(f, (z, 1.0), 0, 1e-13) for f in ("logpdf", "logcdf", "logsf") for z in (0.249, 0.251, 3.99, 4.01)],
]


@pytest.mark.parametrize("method, args, i, rel", MP_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i, _ in MP_POINTS])
def test_against_mpmath(method, args, i, rel):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_invgauss(mp)[method](*a), rel)


@pytest.mark.parametrize("method, q, mu", [("ppf", 0.3, 1.0), ("ppf", 1e-5, 2.0), ("ppf", 0.999, 3.0),
                                           ("isf", 0.1, 0.5), ("isf", 1e-8, 2.0), ("isf", 1e-3, 3.5),
                                           ("isf", 0.999, 0.7)])
def test_quantiles_against_mpmath(method, q, mu):
    # SciPy's value, its derivatives by the inverse function rule (dx/dmu = sqrt(2 pi) z^1.5 erfcx(s_b) / mu^2)
    for i in (0, 1):
        mp_point_check(_f(method), (q, mu), i, lambda mp, *a: _mp_invgauss(mp)[method](*a), 1e-11)


@pytest.mark.parametrize("mu", [1e-4, 0.39, 0.41, 1.99, 2.01, 100.0, 1e6, 1e12])
def test_entropy_against_mpmath(mu):
    # (gompertz's continued fraction of exp(r) E1(r) from r = 5, mu = 0.4; the series of Ein below r = 1, mu = 2:
    # there SciPy's 3/2 log mu - 3/2 exp(r) E1(r) cancels in the derivative, 1e-12 off at mu = 1e6)
    mp_point_check(_f("entropy"), (mu,), 0, lambda mp, m: _mp_invgauss(mp)["entropy"](m), 1e-13)


def test_far_ends():
    mp = pytest.importorskip("mpmath")
    # near 0 every tail is a constant with derivatives 0 where the log cdf is below -3000 (through log1p(-cdf) the
    # log sf's derivative was 0 * inf = NaN from z = 1e-205); far out, the same for the cdf, sf and log cdf
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # (SciPy 1.13's logsf: invalid)
        for z, ends in ((1e-300, {"cdf": 0.0, "sf": 1.0, "logsf": 0.0, "pdf": 0.0}),
                        (1e300, {"cdf": 1.0, "sf": 0.0, "logcdf": 0.0, "pdf": 0.0})):
            for name, value in ends.items():
                f = (lambda name: lambda x: _f(name)(x, 3.0))(name)
                assert float(f(z)) == value, (name, z)
                assert [float(wg.grad(f)(z)), float(wg.grad(wg.grad(f))(z)),
                        float(wg.jvp(wg.grad(f), (z,), (1.0,))[1])] == [0.0, 0.0, 0.0], (name, z)
        # the log cdf near 0: its derivatives overflow (the truth's rounding), never NaN
        f = lambda x: I.logcdf(x, 3.0)  # noqa: E731
        assert float(f(1e-300)) == pytest.approx(-5e299, rel=1e-15, abs=0.0)
        assert float(wg.grad(f)(1e-300)) == np.inf and float(wg.grad(wg.grad(f))(1e-300)) == -np.inf
        assert float(wg.jvp(wg.grad(f), (1e-300,), (1.0,))[1]) == -np.inf
        # the log sf at z = 1e300: finite, -z / (2 mu^2) - ... (SciPy's -inf), derivative -1 / (2 mu^2)
        g = lambda x: I.logsf(x, 3.0)  # noqa: E731
        assert float(g(1e300)) == pytest.approx(-1e300 / 18.0, rel=1e-15, abs=0.0)
        assert not np.isfinite(float(ST.invgauss.logsf(1e300, 3.0)))  # (-inf; NaN in SciPy 1.13)
        assert float(wg.grad(g)(1e300)) == pytest.approx(-1.0 / 18.0, rel=1e-14, abs=0.0)
    with mp.workdps(60):
        truth = float(_mp_invgauss(mp)["logcdf"](mp.mpf(40), mp.mpf(1)))
    # (SciPy's a + log1p(exp(b - a)): 1.7e-13 off at z = 40 mu, where its two terms nearly cancel; here -sf(40) by
    # log1mexp of the log sf, -24.84: its rounding, 0.56 of its ulp 3.6e-15, is 2e-15 of the sf, the error measured)
    assert float(I.logcdf(40.0, 1.0)) == pytest.approx(truth, rel=4e-15, abs=0.0)


def test_large_exp_2_over_mu():
    # a small mu: exp(2 / mu) overflows from mu = 2.8e-3, the cdf's log-space forms do not
    for x in (1e-3, 0.01, 0.5):
        for m in ("cdf", "logcdf", "sf", "logsf"):
            got = float(_f(m)(x, 1e-3))
            assert np.isfinite(got) or got == -np.inf, (m, x)
            assert np.isfinite(float(wg.grad(lambda t, m=m: _f(m)(x, t))(1e-3))), (m, x)
    assert float(I.cdf(1e-3, 1e-3)) == pytest.approx(float(ST.invgauss.cdf(1e-3, 1e-3)), rel=1e-13, abs=0.0)


def test_quantiles_at_the_ends():
    # the derivatives at q = 0 and 1 (x = 0 and inf): 1 / pdf = +-inf, d/dmu 0 at x = 0 (through the log density NaN,
    # inf - inf) and at x = inf (the quantile is inf at every mu: the convention of every infinite end, 5e7fed1; it was
    # +inf before session 29)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        for name, q, dq, dmu in (("ppf", 0.0, np.inf, 0.0), ("ppf", 1.0, np.inf, 0.0), ("isf", 1.0, -np.inf, 0.0),
                                 ("isf", 0.0, -np.inf, 0.0)):
            assert float(wg.grad(lambda t: _f(name)(t, 2.0))(q)) == dq, (name, q)
            assert float(wg.jvp(lambda t: _f(name)(t, 2.0), (q,), (1.0,))[1]) == dq, (name, q)
            assert float(wg.grad(lambda m: _f(name)(q, m))(2.0)) == dmu, (name, q)
    for mu in (0.5, 2.0):
        assert float(I.ppf(0.0, mu)) == 0.0 and float(I.ppf(1.0, mu)) == np.inf
        assert float(I.isf(1.0, mu)) == 0.0 and float(I.isf(0.0, mu)) == np.inf
        for q in (0.3, 0.7):  # ppf and isf mirror each other
            assert float(I.isf(q, mu)) == pytest.approx(float(I.ppf(1.0 - q, mu)), rel=1e-14, abs=0.0)
            assert float(I.cdf(I.ppf(q, mu), mu)) == pytest.approx(q, rel=1e-14, abs=0.0)


def test_float32_stays_float32():
    float32_check(I, (2.0,))
    for m in TAILS + ("ppf", "isf"):  # (the gradient too)
        x = 0.3 if m in ("ppf", "isf") else 0.7
        assert np.asarray(wg.grad(lambda t, m=m, x=x: _f(m)(x, t))(np.float32(2.0))).dtype == np.float32, m


def test_refusals():
    for method, call in (("cdf", lambda: I.cdf(1.0, 0.0)), ("logpdf", lambda: I.logpdf(1.0, -1.0)),
                         ("isf", lambda: I.isf(0.5, -1.0)), ("ppf", lambda: I.ppf(0.5, 0.0)),
                         ("mean", lambda: I.mean(0.0)), ("entropy", lambda: I.entropy(-1.0))):
        with pytest.raises(ValueError, match=f"invgauss.{method}: the shape parameters must be positive"):
            call()
    with pytest.raises(ValueError, match="invgauss.logpdf: scale must be positive"):
        I.logpdf(1.0, 1.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="invgauss.ppf: q must be a probability"):
        I.ppf(1.5, 1.0)


def test_at_loc():
    # SciPy's open support: 0 and -inf at x == loc; the density and every derivative of it tend to 0 there from
    # inside (exp(-1 / (2 z))): the derivatives 0 on both sides, no refusal
    assert float(I.pdf(0.0, 2.0)) == 0.0 and float(I.logpdf(0.0, 2.0)) == -np.inf
    assert float(wg.grad(lambda x: I.pdf(x, 2.0))(0.0)) == 0.0
    assert float(wg.grad(lambda x: I.cdf(x, 2.0))(0.0)) == 0.0


def test_at_infinity():
    # the limits at x = +-inf, derivatives 0
    infinite_ends_check(I, (0.4, 1.0, 5.0))


def test_log_sf_forms_in_one_array():
    """The log sf's forms (erfcx's difference, Taylor's series upwards and downwards, the far series, log(1 - cdf))
    side by side in one array, against mu's broadcast: each entry, and its derivatives in x and mu, as alone."""
    z = np.array([0.5, 1.2, 1.99, 2.01, 283.2, 292.8, 808.0, 1.98e8, 2.05e8])
    mu = np.array([[0.2], [10.0], [1e3]])
    got = I.logsf(z, mu)
    gx, gmu = wg.grad(lambda z, mu: np.sum(I.logsf(z, mu)), argnums=(0, 1))(z, mu)
    for j, m in enumerate(mu.ravel()):
        for i, x in enumerate(z):
            assert got[j, i] == float(I.logsf(x, m))
            assert gx[i] == pytest.approx(sum(float(wg.grad(I.logsf)(x, mm)) for mm in mu.ravel()), rel=1e-15, abs=0.0)
        assert gmu[j, 0] == pytest.approx(sum(float(wg.grad(I.logsf, argnums=1)(x, m)) for x in z), rel=1e-14, abs=0.0)


def _mp_log_root(mp, method, q, mu):
    """mpmath's quantile: the root in ``t = log z`` of the log tail whose probability is at most 1/2 there (``log sf
    = log q`` for the isf's ``q < 1/2``, ...; the tails strictly monotone: one root), by Newton's steps from
    wengert's value (an error where they do not converge), at ``60 + 2 |log10 mu|`` more digits (the two terms of
    each tail cancel to ``1 / mu`` far out at a large mu)."""
    x = float(getattr(I, method)(float(q), float(mu)))
    tolerance = mp.mpf(10) ** (-mp.mp.dps - 10)  # (the caller's digits and 10 more)
    with mp.extradps(60 + 2 * int(abs(mp.log10(mu)))):
        q, mu = mp.mpf(q), mp.mpf(mu)
        tails = _mp_invgauss(mp)
        sf_side = (q < 0.5) == (method == "isf")
        tail = tails["sf"] if sf_side else tails["cdf"]
        log_p = mp.log(q if q < 0.5 else 1 - q)
        t = mp.log(x)
        for _ in range(100):
            z = mp.exp(t)
            p = tail(z, mu)
            step = (mp.log(p) - log_p) / ((-1 if sf_side else 1) * z * tails["pdf"](z, mu) / p)
            t -= step
            if abs(step) < tolerance:
                return +mp.exp(t)
        raise ValueError(f"no root near {x}")


#: (method, q, mu, the argument differentiated (0: q, 1: mu), relative tolerance): the root's rounding in log space
#: is ``|log q| 1e-16`` of x (and of 1 / pdf's log) where the log tail is nearly linear in log x (a large mu)
FAR_QUANTILES = [
    # SciPy's (Boost's) roots were wrong from q = 1e-57 on: wald.isf(1e-100) 4.4e34 for 443.76, isf(1e-300, 1)
    # 4.9e233 for 1361.4, isf(1e-60, 1) 261.1454 for 261.1370, isf(1e-100, 0.5) 1.6e34 for 111.78
    *[("isf", q, 1.0, i, 1e-13) for q in (1e-60, 1e-70, 1e-100, 1e-300) for i in (0, 1)],
    *[("isf", 1e-100, 0.5, i, 1e-13) for i in (0, 1)], ("isf", 1e-300, 3.0, 1, 1e-13),
    *[("ppf", 1e-300, mu, 1, 1e-13) for mu in (1.0, 1e200)], ("ppf", 1e-300, 1.0, 0, 1e-12),
    # a large mu: the sf below z = mu through 1 - cdf lost its digits (the log sf 0.5 off at z = 1e30, mu = 1e100),
    # SciPy's isf(1e-100, 1e100) 9.7e94 for 1.9e199, isf(1e-30, 1e30) 4.3e33 for 1.9e59, ppf(1 - 1e-12, 1e12)
    # 1.90384501e23 for 1.90385937e23; dx/dmu through z^(3/2) overflowed (isf(1e-300, 1e100): inf for 1.8e103)
    *[("isf", 1e-100, 1e100, i, 2e-12) for i in (0, 1)], ("isf", 1e-300, 1e100, 1, 1e-13),
    *[("isf", 1e-30, 1e30, i, 1e-12) for i in (0, 1)], *[("ppf", 1 - 1e-12, 1e12, i, 1e-13) for i in (0, 1)],
    # a small mu (the root mu (1 + sqrt(mu) w), w near ndtri(q)): dx/dmu through z^(3/2) underflowed to 0 from
    # mu = 1e-144; the second derivative loses the rounding of x / mu - 1 (1e-16 / sqrt(mu) of it, 1e-10 here)
    ("ppf", 1e-300, 1e-12, 1, 1e-9),
]


@pytest.mark.parametrize("method, q, mu, i, rel", FAR_QUANTILES,
                         ids=[f"{m}-{q}-{mu}-{i}" for m, q, mu, i, _ in FAR_QUANTILES])
def test_far_quantiles_against_mpmath(method, q, mu, i, rel):
    # the value and its first and second derivatives (rev over rev, fwd over rev, hessian) in q or mu
    mp_point_check(_f(method), (q, mu), i, lambda mp, *a: _mp_log_root(mp, method, *a), rel)


def test_quantiles_over_the_range():
    """ppf and isf at q from 1e-300 to 1 - 1e-16 and mu from 1e-300 to 1e200: each root x, against the log tail
    whose probability p is at most 1/2 there (``log sf(x) = log p``), is within ``(4 |log p| + 20) 1e-16`` of x (the
    residual over the slope ``x pdf / tail``; mpmath's at the points above); ``inf`` only where the root is beyond
    the largest float (isf(1e-300, 1e200): sf ~ sqrt(2 / (pi z)), the root 6e599); at mu = 1e-300 the root is mu
    within 1e-150 (the width mu^1.5)."""
    q = np.array([1e-300, 1e-100, 1e-30, 1e-5, 0.3, 0.5, 0.7, 1 - 1e-5, 1 - 1e-12, 1 - 1e-16])[:, None]
    mu = np.array([1e-300, 1e-12, 0.01, 0.5, 1.0, 3.0, 1e3, 1e12, 1e100, 1e200])
    isf, ppf = I.isf(q, mu), I.ppf(q, mu)
    for j in (0, 4, 9):  # (an array's entries as alone)
        assert np.array_equal(I.isf(q[j, 0], mu), isf[j]) and np.array_equal(I.ppf(q[j, 0], mu), ppf[j])
    assert np.array_equal(np.isinf(isf), np.broadcast_to((q == 1e-300) & (mu == 1e200), isf.shape))
    assert np.all(np.isfinite(ppf))
    assert np.allclose(isf[:, 0], 1e-300, rtol=1e-15, atol=0) and np.allclose(ppf[:, 0], 1e-300, rtol=1e-15, atol=0)
    for x, upper in ((isf, True), (ppf, False)):
        sf_side = (q < 0.5) == upper
        log_p = np.log(np.where(q < 0.5, q, 1.0 - q))
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            log_tail = np.where(sf_side, I.logsf(x, mu), I.logcdf(x, mu))
            slope = x * np.exp(I.logpdf(x, mu) - log_tail)
            error = np.abs(log_tail - log_p) / slope
        inside = np.isfinite(x) & (mu > 1e-300)
        bad = ~(error <= (4.0 * np.abs(log_p) + 20.0) * 1e-16) & inside
        assert not np.any(bad), (upper, np.argwhere(bad), error[bad])
    # at mu = 1e-300 (SciPy's isf raised an error, its ppf was 0) dx/dmu = 1 + O(sqrt(mu)) in both modes (through
    # z^(3/2) it underflowed to 0)
    for method in ("isf", "ppf"):
        f = (lambda m: lambda t: _f(m)(0.3, t))(method)
        assert float(wg.grad(f)(1e-300)) == pytest.approx(1.0, rel=1e-14, abs=0.0)
        assert float(wg.jvp(f, (1e-300,), (1.0,))[1]) == pytest.approx(1.0, rel=1e-14, abs=0.0)
