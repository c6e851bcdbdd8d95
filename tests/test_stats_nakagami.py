"""``scipy.stats``' ``nakagami`` (a gamma distribution in ``x^2``): its density, tails, quantiles, moments,
entropy, median and interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and
against mpmath where SciPy's are off (its log tails far out, its ppf at tiny q for nu < 1, its log
density and variance for a large nu); derivatives near 0 (where the cdf is ``(nu z^2)^nu`` times a
series), far out and where a form changes, against mpmath (a table, recomputed where mpmath is
installed); the one-sided derivatives at z = 0, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, gradient_test, infinite_ends_check, nth_grad, one_shape_common_cases,  # noqa: E402
                     stats_values_test, tiny_isf_check)
from wengert.errors import NoGradientRule  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
N = stats.nakagami
#: near 0 (0.03: closer, central differences lose the second derivative of z^(2 nu) at nu = 0.3); both sides
#: of the series' end, w = nu z^2 = max(1, (nu + 1) / 4), for the nu below (nu = 0.3: z = 1.83; nu = 2.5:
#: z = 0.63; nu = 12: z = 0.52); far (gammaincc's continued fraction)
Z = np.array([0.03, 0.5, 0.55, 1.8, 1.86, 3.0])
NU = np.array([[0.3], [2.5], [12.0]])


def _f(method):
    return getattr(N, method)


CASES = [
    # in x, nu, loc and scale, broadcast against each other
    *[case(_f(f), _f(f), Z, NU, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"nakagami.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([1e-3, 0.2, 0.5, 0.9, 0.999]), NU, 0.1, 1.3, id=f"nakagami.{f}")
      for f in ("ppf", "isf")],
    # ppf's leading term (where w = gammaincinv(nu, q) < 1e-20: q < 0.096 at nu = 0.05) and beyond
    case(_f("ppf"), _f("ppf"), np.array([0.01, 0.09, 0.1, 0.2]), 0.05, id="nakagami.ppf-small"),
    # below the support: constants
    *[case(_f(f), _f(f), np.array([-0.5]), 1.7, id=f"nakagami.{f}-below") for f in ("pdf", "cdf", "sf", "logsf")],
    # the moments on both sides of nu = 10 (their series from there)
    *[case(_f(m), _f(m), np.array([0.2, 3.0, 9.9, 10.1, 40.0]), np.array([[0.0], [1.0]]), np.array([[0.6], [2.0]]),
           id=f"nakagami.{m}") for m in ("mean", "var", "std", "entropy")],
    # each tail and quantile on a size-1 and a size-0 array, the median and the interval
    *one_shape_common_cases(N, "nakagami"),
]

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.6, 1.3, 3.0, 8.0])
QS = np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0])
SHAPES = np.array([[0.3], [1.0], [4.5], [30.0]])
VALUE_CHECKS = [
    *[(f"nakagami.{f}", (POINTS, SHAPES, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    # (ppf at 1e-300 with nu = 0.3: both underflow to 0)
    *[(f"nakagami.{f}", (QS, SHAPES, -0.1, 1.3)) for f in ("ppf", "isf")],
    *[(f"nakagami.{m}", (np.array([0.01, 1.0, 7.0, 100.0]), 0.3, 2.0)) for m in ("mean", "var", "std", "entropy")],
    ("nakagami.median", (np.array([0.3, 2.0]), -0.1, 1.3)),
    ("nakagami.interval", (0.8, np.array([0.3, 2.0]), -0.1, 1.3)),
]
# (SciPy's variance 1 - m^2 cancels as nu grows: 4e-11 off at nu = 100, see BEYOND_SCIPY)

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"nakagami.var": 1e-10, "nakagami.std": 1e-10})

#: where SciPy's value is off: (function, arguments, mpmath at 60 digits, SciPy's value)
BEYOND_SCIPY = [
    ("logsf", (40.0, 2.0), -3191.92878146003, -np.inf),        # gammaincc underflows
    ("logcdf", (1e-200, 0.7), -644.8776908016828, -np.inf),    # gammainc underflows (w = nu z^2 does)
    ("logpdf", (1.0, 1e8), 8.984549018498122, 8.984549045562744),  # nu log nu - gammaln(nu): 3e-9 off
    ("var", (1e8,), 2.4999999968749998e-09, 2.5000002068509275e-09),  # 1 - m^2: 8.4e-8 off
    ("ppf", (1e-300, 0.7), 5.781175526227279e-215, 0.0),             # gammaincinv's w = 1e-428 underflows
]


@pytest.mark.parametrize("name, args, value, scipys", BEYOND_SCIPY, ids=[n for n, *_ in BEYOND_SCIPY])
def test_where_scipy_is_off(name, args, value, scipys):
    assert float(_f(name)(*args)) == pytest.approx(value, rel=1e-15, abs=0.0)
    with np.errstate(divide="ignore"):  # (SciPy's own warnings)
        assert float(getattr(ST.nakagami, name)(*args)) == pytest.approx(scipys, rel=1e-15, abs=0.0)


#: (function, (x or q, nu), the argument differentiated (0: x or q, 1: nu), value, first and second
#: derivatives): mpmath at 60 digits (see test_the_table_is_mpmaths)
TABLE = [
    # 2 nu log z one primitive below the series' end (through log(gammainc) w = nu z^2 underflows)
    ('logcdf', (1e-200, 0.7), 0, -644.8776908016828, 1.4e+200, -np.inf),
    ('logcdf', (1e-200, 0.7), 1, -644.8776908016828, -920.5992600164305, 0.6353385984074302),
    ('logcdf', (1e-08, 2.5), 0, -91.01365049242351, 499999999.99999994, -5e+16),
    # nu^nu z^(2 nu) below nu = 2 (through (nu z^2)^nu the second derivative cancelled: 2.7 relative off here)
    ('cdf', (1e-08, 0.5), 0, 7.978845608028653e-09, 0.7978845608028653, -7.978845608028653e-09),
    ('sf', (1e-08, 0.5), 0, 0.9999999920211544, -0.7978845608028653, 7.978845608028653e-09),
    ('logsf', (1e-08, 0.5), 0, -7.978845639859642e-09, -0.7978845671690631, -0.6366197745477175),
    # far: gammaincc's continued fraction (SciPy's -inf)
    ('logsf', (40.0, 2.0), 0, -3191.92878146003, -159.9500156201187, -4.0012488287350845),
    ('logsf', (40.0, 2.0), 1, -3191.92878146003, -1591.8517219475282, 0.10490970762676408),
    # Stirling's series for nu log nu - gammaln(nu) from nu = 10
    ('logpdf', (1.3, 1e8), 1, -16527138.38431704, -0.16527146606501794, -5.0000000166666667e-17),
    ('logpdf', (1.0, 1e8), 0, 8.984549018498122, -1.0, -399999999.0),
    # near z = 1 nu (1 - z^2) + (2 nu - 1) log z as -nu r(t) - log z, r(t) = t - log1p(t), t = z^2 - 1 (the terms
    # cancelled: 2.9e-11 off)
    ('pdf', (0.999, 1e6), 0, 108.01792399500982, 432179.82203008473, 1296647592.1403012),
    ('pdf', (0.999, 1e6), 1, 108.01792399500982, -0.00016209894299255666, 1.8924756805645827e-10),
]
#: the quantiles: isf's derivatives -1/pdf(x) and (2 nu x - (2 nu - 1)/x)/pdf(x)^2; ppf's leading term (below
#: w = 1e-20; the next factor, 1 + w / (2 (nu + 1)), is 1 to 400 digits here) differentiated
QUANTILE_TABLE = [
    ('isf', (1e-100, 2.5), 0, 9.760936810205902, -2.0619141636416108e+98, 2.057503803726689e+198),
    ('isf', (1e-20, 0.3), 0, 11.876897426095852, -1.380950013407425e+19, 1.3653935805092223e+39),
    ('ppf', (1e-300, 0.7), 0, 5.781175526227279e-215, 4.129411090162342e+85, -np.inf),
    ('ppf', (1e-300, 0.7), 1, 5.781175526227279e-215, 4.0722914189369214e-212, 2.856906436603457e-209),
    ('ppf', (1e-160, 0.3), 0, 3.284529507962753e-267, 5.474215846604589e-107, 3.649477231069726e+53),
    ('ppf', (1e-160, 0.3), 1, 3.284529507962753e-267, 6.718158999815701e-264, 1.369648654029983e-260),
]
#: the moments on both sides of nu = 10 and far (through the gammaln difference the variance was 1.9e-13
#: off at nu = 9.99)
MOMENT_TABLE = [
    ('mean', (9.99,), 0, 0.9875705871448373, 0.00123539428259687, -0.0002454736710187906),
    ('var', (9.99,), 0, 0.024704335406401372, -0.002440078114039132, 0.00048179275676630526),
    ('var', (1e8,), 0, 2.4999999968749998e-09, -2.4999999937499998e-17, 4.99999998125e-25),
    ('entropy', (1e8,), 0, -8.484549020164788, -4.999999991666667e-09, 4.999999983333333e-17),
    ('entropy', (0.01,), 0, -43.05591608387953, 4851.794394628873, -985002.76800888),
    ('mean', (0.01,), 0, 0.17483353835975518, 8.504934462437166, -459.88678436858436),
]


@pytest.mark.parametrize("method, args, i, value, first, second", TABLE + QUANTILE_TABLE + MOMENT_TABLE,
                         ids=[f"{m}-{a}-{i}" for m, a, i, *_ in TABLE + QUANTILE_TABLE + MOMENT_TABLE])
def test_against_mpmath(method, args, i, value, first, second):
    def f(t):
        return _f(method)(*args[:i], t, *args[i + 1:])
    # (4e-15: gammaincc's d2/da2 at (40, 2) is 2.4e-15 off; 1e-13 for ppf's power q^(1 / (2 nu)), whose
    # rounding is log(q) / (2 nu) eps: 614 eps at q = 1e-160, nu = 0.3, 4.4e-15 off there, the rounding of
    # at q = 1e-300, nu = 0.7 2e-14 off, the rounding of 1 / (2 nu) times 493; 1e-14 for the moments, 4.5e-15 off
    # at nu = 9.99 through the recurrence)
    rel = {"ppf": 1e-13, "mean": 1e-14, "var": 1e-14, "entropy": 1e-14}.get(method, 4e-15)
    with np.errstate(over="ignore", divide="ignore"):  # (the infinite second derivatives: the truth)
        assert float(f(args[i])) == pytest.approx(value, rel=rel, abs=1e-300)
        assert float(wg.grad(f)(args[i])) == pytest.approx(first, rel=rel, abs=1e-300)
        assert nth_grad(f, args[i], 2) == pytest.approx(second, rel=rel, abs=1e-300)
        assert float(wg.jvp(wg.grad(f), (args[i],), (1.0,))[1]) == pytest.approx(second, rel=rel, abs=1e-300)


def test_the_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        def P(nu, w):
            return mp.gammainc(nu, 0, w, regularized=True)

        def Q(nu, w):
            return mp.gammainc(nu, w, mp.inf, regularized=True)

        def log_pdf(z, nu):
            return mp.log(2) + nu * mp.log(nu) - mp.loggamma(nu) + (2 * nu - 1) * mp.log(z) - nu * z * z

        def mean(nu):
            return mp.gamma(nu + 0.5) / mp.gamma(nu) / mp.sqrt(nu)

        def leading(q, nu):  # ppf where w = gammaincinv(nu, q) < 1e-20
            return mp.exp((mp.loggamma(nu + 1) / nu - mp.log(nu)) / 2) * q ** (1 / (2 * nu))
        functions = {
            "logpdf": log_pdf, "pdf": lambda z, nu: mp.exp(log_pdf(z, nu)), "cdf": lambda z, nu: P(nu, nu * z * z), "sf": lambda z, nu: Q(nu, nu * z * z),
            "logcdf": lambda z, nu: mp.log(P(nu, nu * z * z)), "logsf": lambda z, nu: mp.log(Q(nu, nu * z * z)),
            "ppf": leading, "mean": mean, "var": lambda nu: 1 - mean(nu) ** 2,
            "entropy": lambda nu: mp.loggamma(nu) + nu - (nu - 0.5) * mp.digamma(nu) - 0.5 * mp.log(nu) - mp.log(2)}
        for method, args, i, *want in TABLE + [row for row in QUANTILE_TABLE if row[0] == "ppf"] + MOMENT_TABLE:
            def g(t, _args=args, _i=i, _fn=functions[method]):
                return _fn(*[t if j == _i else mp.mpf(v) for j, v in enumerate(_args)])
            x = mp.mpf(args[i])
            h = x * mp.mpf(10) ** -20
            got = (float(g(x)), float(mp.diff(g, x, 1, h=h)), float(mp.diff(g, x, 2, h=h)))
            assert got == pytest.approx(tuple(want), rel=1e-15, abs=1e-300), (method, args, i)
        for method, (q, nu), _, *want in [row for row in QUANTILE_TABLE if row[0] == "isf"]:
            q, nu = mp.mpf(q), mp.mpf(nu)
            w = mp.findroot(lambda w: mp.log(Q(nu, w)) - mp.log(q), mp.mpf(want[0]) ** 2 * nu)
            x = mp.sqrt(w / nu)
            d = -1 / mp.exp(log_pdf(x, nu))
            assert (float(x), float(d), float((2 * nu * x - (2 * nu - 1) / x) * d * d)) == pytest.approx(
                tuple(want), rel=1e-15, abs=0.0)
        for name, args, value, _ in BEYOND_SCIPY:
            if name != "ppf":
                assert float(functions[name](*map(mp.mpf, args))) == pytest.approx(value, rel=1e-16, abs=0.0)


def test_at_zero():
    # the density at z = 0: 0 for nu > 1/2 (its slope 0 for nu > 1), sqrt(2/pi) for nu = 1/2 (the half-normal),
    # inf below; the cdf's slope there the density
    assert float(N.pdf(0.0, 2.0)) == 0.0 and nth_grad(lambda x: N.pdf(x, 2.0), 0.0) == 0.0
    assert float(N.pdf(0.0, 0.5)) == pytest.approx(np.sqrt(2.0 / np.pi), rel=1e-15, abs=0.0)
    assert nth_grad(lambda x: N.cdf(x, 0.5), 0.0) == pytest.approx(np.sqrt(2.0 / np.pi), rel=1e-15, abs=0.0)
    assert nth_grad(lambda x: N.cdf(x, 0.5), 0.0, 2) == 0.0
    assert nth_grad(lambda x: N.cdf(x, 1.0), 0.0, 2) == 2.0   # 1 - e^(-z^2)
    # the density's slope at 0 for nu = 1 (2 z e^(-z^2)): was 0, the log density's -inf there taken for the far
    # tail's underflow (its derivatives 0)
    assert nth_grad(lambda x: N.pdf(x, 1.0), 0.0) == 2.0
    assert float(wg.jvp(lambda x: N.pdf(x, 1.0), (0.0,), (1.0,))[1]) == 2.0
    assert float(wg.hessian(lambda x: N.pdf(x, 1.5))(0.0)) == pytest.approx(8.291859587312052, rel=1e-15, abs=0.0)
    assert float(N.pdf(0.0, 0.3)) == np.inf and float(N.logcdf(0.0, 2.0)) == -np.inf
    # in nu: the cdf is 0 at z = 0 for every nu (derivative 0); the density jumps in nu at nu = 1/2 (0, finite,
    # inf): refused, as gamma's at a = 1
    assert nth_grad(lambda nu: N.cdf(0.0, nu), 0.7) == 0.0
    for f in (N.pdf, N.logpdf):
        with pytest.raises(NoGradientRule, match="nu = 1/2 where x == loc"):
            wg.grad(lambda nu, f=f: f(0.0, nu))(0.5)
    assert nth_grad(lambda x: N.logpdf(x, 0.5), 0.0) == 0.0  # (x's one-sided derivative there: -2 nu z)


def test_far_out():
    # where w = nu z^2 passes 1e150: the log sf -w + (nu - 1) log w - gammaln(nu) (its derivatives 2 (nu - 1)/z -
    # 2 nu z and so on), the cdf, sf and log cdf constants with derivatives 0 (through gammaincc's and gammainc's
    # rules every derivative was NaN at z = 1e200)
    for z in (1e76, 1e100, 1e200, 1e300):
        with np.errstate(over="ignore"):
            assert float(N.logsf(z, 2.0)) == pytest.approx(-2.0 * z * z, rel=1e-15, abs=0.0)
            assert float(wg.grad(lambda x: N.logsf(x, 2.0))(z)) == pytest.approx(-4.0 * z, rel=1e-15, abs=0.0)
            assert float(wg.grad(lambda nu: N.logsf(z, nu))(2.0)) == pytest.approx(-z * z, rel=1e-15, abs=0.0)
        assert nth_grad(lambda x: N.logsf(x, 2.0), z, 2) == pytest.approx(-4.0, rel=1e-15, abs=0.0)
        assert float(wg.hessian(lambda x: N.logsf(x, 2.0))(z)) == pytest.approx(-4.0, rel=1e-15, abs=0.0)
        for f, value in ((N.cdf, 1.0), (N.sf, 0.0), (N.logcdf, 0.0), (N.pdf, 0.0)):
            assert float(f(z, 2.0)) == value
            for i in (0, 1):
                def g(t, f=f, i=i):
                    return f(*((t, 2.0) if i == 0 else (z, t)))
                t = (z, 2.0)[i]
                assert nth_grad(g, t) == 0.0 and nth_grad(g, t, 2) == 0.0, (f, z, i)
                assert float(wg.jvp(wg.grad(g), (t,), (1.0,))[1]) == 0.0 and float(wg.hessian(g)(t)) == 0.0
    # a large nu: the sf far from underflowing where w = nu z^2 is above 3000
    assert float(N.sf(1.0, 1e4)) == pytest.approx(float(ST.nakagami.sf(1.0, 1e4)), rel=1e-12, abs=0.0)


def test_isf_far_out():
    # (x rounded: the density x^(2 nu - 1) e^(-nu x^2) amplifies its error by 2 nu x^2)
    tiny_isf_check(N, "nu", (0.3, 1.0, 4.5), 1e-13)


def test_float32_stays_float32():
    import scipy.special as sc
    f = np.float32
    for m in TAILS + ("ppf", "isf"):
        x = 0.3 if m in ("ppf", "isf") else 0.7
        for nu in (f(2.0), f(0.4)):
            got = _f(m)(f(x), nu)
            # (the quantiles: as SciPy's gammaincinv, float64 for float32 in some SciPy versions)
            want = np.asarray(sc.gammaincinv(nu, f(x))).dtype if m in ("ppf", "isf") else np.float32
            assert np.asarray(got).dtype == want, m
            assert float(got) == pytest.approx(float(getattr(ST.nakagami, m)(x, float(nu))), rel=2e-6, abs=1e-6)


def test_refusals():
    for method, call in (("cdf", lambda: N.cdf(1.0, 0.0)), ("logpdf", lambda: N.logpdf(1.0, -1.0)),
                         ("pdf", lambda: N.pdf(1.0, nu=np.array([1.0, -2.0]))), ("isf", lambda: N.isf(0.5, -1.0)),
                         ("ppf", lambda: N.ppf(0.5, 0.0)), ("mean", lambda: N.mean(0.0)),
                         ("entropy", lambda: N.entropy(-1.0)), ("median", lambda: N.median(0.0))):
        with pytest.raises(ValueError, match=f"nakagami.{'ppf' if method == 'median' else method}: the shape "
                                             "parameters must be positive"):
            call()
    with pytest.raises(ValueError, match="nakagami.logpdf: scale must be positive"):
        N.logpdf(1.0, 1.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="nakagami.ppf: q must be a probability"):
        N.ppf(1.5, 1.0)
    with pytest.raises(ValueError, match="nakagami.refused inside a gradient|nakagami.logsf: the shape"):
        wg.grad(lambda nu: N.logsf(1.0, nu))(-0.5)


def test_gammaincc_fraction_converges_in_a_batch():
    # nakagami.cdf's forward-over-forward check met these (a, x) in one call of upper_gamma_fraction (gammainc's
    # derivative in a): each converged alone, the batch was refused (an entry's delta rounding to 1 - 2^-53 on a
    # later step undid its convergence); now each entry is its value alone's, bit for bit
    from wengert.ops.scipy_special import upper_gamma_fraction
    a = np.repeat([0.2999986541245762, 2.499999218688599, 2.499999218688599, 2.499999218688599, 11.99999973554437,
                   11.99999973554437, 11.99999973554437], 1)
    x = np.array([1.5976288399979417, 4.792902739770202, 5.117770515016526, 13.313629234118716, 23.005939833814153,
                  24.565305607971364, 63.90543888744334])
    a, x = np.concatenate([a, a]), np.concatenate([x, x * 1.0677])
    for derivatives in (0, 1, 2):
        together = upper_gamma_fraction(a, x, derivatives=derivatives)
        for i in range(len(a)):
            alone = upper_gamma_fraction(a[i:i + 1], x[i:i + 1], derivatives=derivatives)
            assert [float(t[i]) for t in np.atleast_2d(together)] == [float(t[0]) for t in np.atleast_2d(alone)]


def test_quantile_second_derivative_near_nu_half():
    # ppf and isf as one primitive each in q, x'' = -log_pdf'(x) x'^2 (x' = +-1/pdf(x)): through sqrt(gammaincinv(nu,
    # q) / nu) the second derivative was two terms of size 1/q cancelling to size q (all of it at nu = 1/2, the
    # half-normal: at q = 1e-9 2.0e-7 for 1.97e-9, at 1e-10 0 from the leading term, now with its next term)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        def lower_x(p, nu):  # x with P(nu, nu x^2) = p
            u = (p * mp.gamma(nu + 1)) ** (1 / nu)
            if p < 0.3:
                lw = mp.findroot(lambda lw: mp.log(mp.gammainc(nu, 0, mp.exp(lw), regularized=True)) - mp.log(p),
                                 mp.log(u), solver="secant")
            else:
                lw = mp.findroot(lambda lw: mp.log(mp.gammainc(nu, mp.exp(lw), mp.inf, regularized=True))
                                 - mp.log(1 - p), mp.log(max(nu, -mp.log(1 - p))), solver="secant")
            return mp.sqrt(mp.exp(mp.re(lw)) / nu)
        for nu in (0.5, 0.50001, 0.2, 0.7, 3.0):
            for q in (1e-200, 1e-10, 1e-9, 1e-8, 1e-6, 1e-3, 0.5, 1.0 - 1e-9):
                for method, sign in (("ppf", 1), ("isf", -1)):
                    if method == "isf" and q < 0.3:
                        continue  # (isf at small q: x large, no cancellation; tiny_isf_check below 1e-150)
                    p = mp.mpf(q) if sign == 1 else 1 - mp.mpf(q)
                    m_nu = mp.mpf(nu)
                    x = mp.sqrt(2) * mp.erfinv(p) if nu == 0.5 else lower_x(p, m_nu)
                    d = sign / (2 * m_nu ** m_nu / mp.gamma(m_nu) * x ** (2 * m_nu - 1) * mp.exp(-m_nu * x * x))
                    second = float((2 * m_nu * x - (2 * m_nu - 1) / x) * d * d)

                    def f(t, method=method, nu=nu):
                        return getattr(N, method)(t, nu)
                    assert float(f(q)) == pytest.approx(float(x), rel=1e-13, abs=0.0)
                    assert float(wg.grad(f)(q)) == pytest.approx(float(d), rel=1e-13, abs=0.0)
                    for mode in (wg.grad(wg.grad(f)), wg.jacfwd(wg.grad(f)), wg.jacfwd(wg.jacfwd(f)), wg.hessian(f)):
                        with np.errstate(over="ignore"):  # (-inf at nu = 3, q = 1e-200: the truth's rounding)
                            assert float(mode(q)) == pytest.approx(second, rel=1e-11, abs=0.0), (method, nu, q)


def test_at_infinity():
    # the limits at x = +-inf, derivatives 0 (logpdf and logsf were NaN at +inf where the truth is -inf)
    infinite_ends_check(stats.nakagami, (0.3, 1.0, 2.5))
