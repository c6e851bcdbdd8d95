"""``scipy.stats``' ``foldnorm`` (``|N + c|``): its density, tails, quantiles (ppf, isf, median, interval), mean,
variance and std; the entropy by quadrature
(tests/test_stats_quadrature_entropy.py).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's in the ordinary range, against mpmath where SciPy's
cancel (its cdf ``(erf((z - c) / sqrt 2) + erf((z + c) / sqrt 2)) / 2`` near z = 0 and for a large c, its log
density far out), values and first and second derivatives in x and c against mpmath on both sides of the series'
switch (z = 1/2, c z = 1) and of the tails' (the sf at 1/2), far out; the quantiles' values, gradients and Hessians
in (q, c, scale) by the five paths against mpmath (tools/foldnorm_quantile_truths.py) at q = 1e-300, 1e-20 and 1 -
1e-16, c = 0 (halfnorm), 30 and 1e3 (a shifted normal); float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import case, five_hessians, gradient_test, infinite_ends_check, mp_point_check, refusals_test  # noqa: E402
from opcheck import quantile_truth_rows, stats_values_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
F = stats.foldnorm


def _f(method):
    return getattr(F, method)


CASES = [
    *[case(_f(f), _f(f), np.array([0.15, 0.4, 0.6, 1.1, 2.5, 4.0]), np.array([[0.05], [0.3], [1.5], [3.0]]), 0.1, 1.3,
           id=f"foldnorm.{f}") for f in TAILS],
    *[case(_f(m), _f(m), np.array([0.05, 0.4, 3.0, 12.0]), 0.2, 1.4, id=f"foldnorm.{m}") for m in ("mean", "var", "std")],
    *[case(_f(m), _f(m), np.zeros(0), 0.5, id=f"foldnorm.{m}-size0") for m in TAILS + ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.02, 0.4, 0.97]), np.array([[0.05], [0.7], [3.0]]), 0.1, 1.3, id=f"foldnorm.{m}")
      for m in ("ppf", "isf")],
    case(F.median, F.median, np.array([0.05, 0.7, 3.0]), 0.1, 1.3, id="foldnorm.median"),
    case(F.interval, lambda a, c: F.interval(a, c, 0.1, 1.3), np.array([0.3, 0.9]), 2.0, id="foldnorm.interval"),
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"foldnorm.{f}", (np.array([-1.0, 0.0, 0.05, 0.3, 0.7, 1.0, 2.0, 5.0]), c, loc, 1.3))
      for f in TAILS for c in (0.0, 0.4, 2.0) for loc in (0.0, -0.4)],
    *[(f"foldnorm.{m}", (np.array([0.0, 0.5, 2.0, 6.0]), 0.2, 2.0)) for m in ("mean", "var", "std")],
    # (SciPy's quantiles are brentq's roots of cdf - q, xtol 1e-14: its ppf(0.02, 0) 1.8e-14 relative off; its isf is
    # ppf(1 - q), 5e-9 off at isf(1e-8, 0.5))
    *[(f"foldnorm.{m}", (np.array([0.0, 0.3, 0.5, 0.9, 0.999, 1.0]), c, -0.4, 1.3))
      for m in ("ppf", "isf") for c in (0.0, 0.4, 2.0, 30.0)],
    *[("foldnorm.median", (np.array([0.0, 1.5, 40.0]), 0.5, 2.0)), ("foldnorm.interval", (0.9, 1.5, 0.5, 2.0))],
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"foldnorm.cdf": 1e-11, "foldnorm.logcdf": 1e-11,
                                                                     "foldnorm.logsf": 1e-11, "foldnorm.sf": 1e-11,
                                                                     "foldnorm.ppf": 1e-11, "foldnorm.isf": 1e-11})


def _mp_foldnorm(mp):
    def logpdf(z, c):
        return mp.log(mp.npdf(z - c) + mp.npdf(z + c))

    def cdf(z, c):
        return mp.ncdf(z - c) - mp.ncdf(-z - c)  # (60 digits: the cancellation leaves 40)

    def sf(z, c):
        return mp.ncdf(c - z) + mp.ncdf(-c - z)
    return {"logpdf": logpdf, "pdf": lambda z, c: mp.exp(logpdf(z, c)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, c: mp.log(cdf(z, c)), "logsf": lambda z, c: mp.log(sf(z, c)),
            "mean": lambda c: 2 * mp.npdf(c) + c * mp.erf(c / mp.sqrt(2)),
            "var": lambda c: c * c + 1 - (2 * mp.npdf(c) + c * mp.erf(c / mp.sqrt(2))) ** 2}


MP_POINTS = [
    *[(f, (z, c), i, 1e-11) for f in TAILS for z, c in ((1e-10, 0.4), (0.49, 2.0), (0.51, 1.5), (0.3, 3.4),
                                                        (0.26, 3.8), (1.2, 0.7), (6.0, 12.0), (3.0, 0.5))
      for i in (0, 1)],
    *[(f, (z, c), 0, 1e-11) for f in ("logpdf", "logsf") for z, c in ((40.0, 2.0), (1e3, 0.5))],
    # (the log density's far form, -(z - c)^2 / 2 + log1p(exp(-2 c z)), from c z = 1: through log cosh(c z) its terms
    # of size c z cancelled, the density 1.8e-11 relative off here)
    *[(f, (z, c), i, 1e-14) for f, z, c in (("logpdf", 998.7184484344554, 1e3), ("pdf", 27.946251089368175, 30.0))
      for i in (0, 1)],
    *[(m, (c,), 0, 1e-11) for m in ("mean", "var") for c in (1e-3, 0.3, 2.0, 9.0)],
]


@pytest.mark.parametrize("method, args, i, rel", MP_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i, _ in MP_POINTS])
def test_against_mpmath(method, args, i, rel):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_foldnorm(mp)[method](*a), rel)


def test_entropy_by_quadrature():
    # (no closed form: tanh-sinh quadrature, tests/test_stats_quadrature_entropy.py)
    assert hasattr(F, "entropy") and "entropy" in stats.FUNCTIONS["foldnorm"]
    assert "quadrature" in F.__doc__


#: (method, q, c, scale, value, gradient and Hessian in (q, c, scale)) at loc 0: tools/foldnorm_quantile_truths.py (the
#: root of mpmath's log tail at 60 digits; the derivatives implicit differentiation's closed forms at it, checked there
#: against the root's own differences)
QUANTILE_TRUTHS = [
    ('ppf', 0.3, 2.0, 1.3, 1.9192294498337175, [3.7273463675035043, 1.2929344974932153, 1.4763303460259365], [[-5.480294177529824, 0.08081233277697356, 2.867189513464234], [0.08081233277697356, 0.048837360258482815, 0.9945649980717041], [2.867189513464234, 0.9945649980717041, 0.0]]),
    ('ppf', 1e-300, 0.5, 1.0, 1.4201909759058431e-300, [1.420190975905843, 7.100954879529216e-301, 1.4201909759058431e-300], [[2.1483325551198334e-300, 0.7100954879529215, 1.420190975905843], [0.7100954879529215, 1.7752387198823037e-300, 7.100954879529216e-301], [1.420190975905843, 7.100954879529216e-301, 0.0]]),
    ('ppf', 1e-20, 0.4, 1.0, 1.3576989966880784e-20, [1.3576989966880786, 5.430795986752315e-21, 1.3576989966880784e-20], [[2.1022762174462827e-20, 0.5430795986752315, 1.3576989966880786], [0.5430795986752315, 1.5749308361581712e-20, 5.430795986752315e-21], [1.3576989966880786, 5.430795986752315e-21, 0.0]]),
    ('ppf', 0.9999999999999999, 1.5, 1.0, 9.709536151601407, [1081559575103612.5, 0.9999999999995527, 9.709536151601407], [[9.603278253573703e+30, 1451.4690491077115, 1081559575103612.5], [1451.4690491077115, 1.0028909581699037e-11, 0.9999999999995527], [1081559575103612.5, 0.9999999999995527, 0.0]]),
    ('ppf', 0.6, 0.0, 1.3, 1.0941076036447885, [2.321744325275285, 0.0, 0.8416212335729142], [[3.489812686369542, 0.0, 1.7859571732886808], [0.0, 1.0941076036447885, 0.0], [1.7859571732886808, 0.0, 0.0]]),
    ('ppf', 0.02, 30.0, 1.0, 27.946251089368175, [20.653418018055984, 1.0, 27.946251089368175], [[-876.0546845480103, 0.0, 20.653418018055984], [0.0, 0.0, 1.0], [20.653418018055984, 1.0, 0.0]]),
    ('isf', 1e-300, 0.5, 1.0, 37.5470962993612, [-2.697304465042612e+298, 0.9999999999999999, 37.5470962993612], [[np.inf, -2.6635645900688464e+282, -2.697304465042612e+298], [-2.6635645900688464e+282, 7.514235027695842e-15, 0.9999999999999999], [-2.697304465042612e+298, 0.9999999999999999, 0.0]]),
    ('isf', 0.7, 2.0, 1.3, 1.9192294498337177, [-3.727346367503504, 1.2929344974932153, 1.4763303460259367], [[-5.480294177529822, -0.08081233277697349, -2.8671895134642336], [-0.08081233277697349, 0.04883736025848279, 0.9945649980717041], [-2.8671895134642336, 0.9945649980717041, 0.0]]),
    ('isf', 0.9999999999999999, 0.4, 1.0, 1.507348686633579e-16, [-1.3576989966880786, 6.029394746534316e-17, 1.507348686633579e-16], [[2.3339954607307456e-16, -0.5430795986752315, -1.3576989966880786], [-0.5430795986752315, 1.7485244764949518e-16, 6.029394746534316e-17], [-1.3576989966880786, 6.029394746534316e-17, 0.0]]),
    ('isf', 0.3, 0.0, 1.0, 1.0364333894937896, [-2.1444614274371108, 0.0, 1.0364333894937896], [[4.766261581746393, 0.0, -2.1444614274371108], [0.0, 1.0364333894937896, 0.0], [-2.1444614274371108, 0.0, 0.0]]),
    ('isf', 0.9, 1000.0, 1.0, 998.7184484344554, [-5.698059856117005, 1.0, 998.7184484344554], [[-41.60927029199779, -0.0, -5.698059856117005], [-0.0, 0.0, 1.0], [-5.698059856117005, 1.0, 0.0]]),
]


@pytest.mark.parametrize("method", ["ppf", "isf"])
def test_quantiles_against_mpmath(method):
    # (q = 1e-300 on both sides (isf's d2/dq2 +inf, its truth 1.2e598), 1e-20, 1 - 1e-16, c = 0 (halfnorm), 30 and
    # 1e3 (a shifted normal))
    f, v, value, gradient, hessian = quantile_truth_rows(QUANTILE_TRUTHS, F, method)
    np.testing.assert_allclose(f(v), value, rtol=5e-16, atol=0)
    # (1 / pdf(x) at the rounded x: its rounding, eps z / 2, moves the log density by |k| eps z / 2, k = c tanh(c z) -
    # z its slope: 1.3e-13 at isf(1e-300, 0.5), 7e-14 at isf(0.9, 1e3); twice that where the slope is squared)
    z, c = value / v[:, 2], v[:, 1]
    rel = 5e-15 + 2.2e-16 * np.abs(c * np.tanh(c * z) - z) * z

    def close(got, want, rel):
        rel = rel.reshape((-1,) + (1,) * (want.ndim - 1))
        with np.errstate(invalid="ignore"):  # (inf - inf where both are inf)
            assert np.all((got == want) | (np.abs(got - want) <= rel * np.abs(want))), (got, want)
    with np.errstate(over="ignore"):
        close(wg.grad(lambda v: np.sum(f(v)))(v), gradient, rel)
        for name, got in five_hessians(f, v).items():
            close(got, hessian, 2.0 * rel)


def test_quantiles_at_c_0_are_halfnorms_and_at_large_c_a_shifted_normal():
    q = np.array([1e-300, 1e-20, 0.3, 0.5, 0.97, 1 - 1e-16])
    # (halfnorm's sqrt(2) erfinv(q), sqrt(2) erfcinv(q); halfnorm.ppf itself as well since session 44)
    import scipy.special as sc
    np.testing.assert_allclose(F.ppf(q, 0.0), np.sqrt(2.0) * sc.erfinv(q), rtol=5e-16, atol=0)
    np.testing.assert_allclose(F.isf(q, 0.0), np.sqrt(2.0) * sc.erfcinv(q), rtol=5e-16, atol=0)
    np.testing.assert_allclose(stats.halfnorm.ppf(q), np.sqrt(2.0) * sc.erfinv(q), rtol=5e-16, atol=0)
    np.testing.assert_allclose(F.ppf(q[2:], 1e8), 1e8 + stats.norm.ppf(q[2:]), rtol=0, atol=2e-8)
    assert [float(F.ppf(0.0, 2.0)), float(F.ppf(1.0, 2.0)), float(F.isf(0.0, 2.0)), float(F.isf(1.0, 2.0))] == [
        0.0, np.inf, np.inf, 0.0]


def test_float32_stays_float32():
    f32 = np.float32
    for m in TAILS:
        got = _f(m)(f32(0.7), f32(1.5))
        assert np.asarray(got).dtype == np.float32, m
        assert float(got) == pytest.approx(float(getattr(ST.foldnorm, m)(0.7, 1.5)), rel=2e-6), m
        assert np.asarray(wg.grad(lambda c, m=m: _f(m)(0.7, c))(f32(1.5))).dtype == np.float32, m
    for m in ("mean", "var", "std"):
        assert np.asarray(_f(m)(f32(1.5))).dtype == np.float32, m


test_refusals = refusals_test([
    (lambda: F.cdf(1.0, -1.0), "foldnorm.cdf: c must be nonnegative"),
    (lambda: F.mean(-0.5), "foldnorm.mean: c must be nonnegative"),
    (lambda: F.logpdf(1.0, 0.5, 0.0, -1.0), "foldnorm.logpdf: scale must be positive"),
])


def test_at_infinity():
    infinite_ends_check(F, (0.0, 1.5))


def test_quantiles_converge_where_the_log_tails_rounding_exceeds_the_tolerance():
    # Newton's steps in log z are the log cdf's residual, whose rounding is |log q| eps (2.6e-15 at q = 1e-10, above
    # the 2e-15 tolerance): the point and the bracket's middle fell on the bracket's ends forever, and an array's
    # converged points took further noisy steps: ppf(1e-10, 1e-3) and 45 of 400 points of a q grid were NaN
    mp = pytest.importorskip("mpmath")
    q = np.logspace(-300, -0.01, 400)
    for c in (1e-3, 3.0, 10.0, 30.0):
        z = F.ppf(q, c)
        assert not np.any(np.isnan(z)), (c, q[np.isnan(z)])
        np.testing.assert_array_equal(z[::40], [F.ppf(x, c) for x in q[::40]])  # (an array's points as alone)

    def cdf(z, c):  # (Phi(z - c) + Phi(z + c) - 1, at 400 digits: it cancels to 1e-196 here)
        return (mp.erf((z + c) / mp.sqrt(2)) + mp.erf((z - c) / mp.sqrt(2))) / 2

    with mp.workdps(400):
        for qq, c, rel in ((1e-10, 1e-3, 2e-16), (float(q[328]), 3.0, 5e-16), (float(q[138]), 30.0, 1e-13)):
            z = float(F.ppf(qq, c))
            zm, cm = mp.mpf(z), mp.mpf(c)
            root = zm - (cdf(zm, cm) - qq) / (mp.npdf(zm - cm) + mp.npdf(zm + cm))  # (one step: error squared)
            assert abs(float((zm - root) / root)) <= rel, (qq, c, z, float(root))
