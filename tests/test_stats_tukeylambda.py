"""``scipy.stats``' ``tukeylambda`` (the quantile ``(p^lam - (1 - p)^lam) / lam``, the logistic's at ``lam = 0``): its
density, tails (the quantile's inverse), quantiles, mean, variance, median and interval (the entropy by quadrature:
tests/test_stats_quadrature_entropy.py).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's (and against mpmath where SciPy's are off: near ``lam = 0``,
its tails, its isf ``ppf(1 - q)``, its density at the ends of the support, its mean and variance for small lam);
value, gradient and Hessian in (x or q, lam, scale) against mpmath (truths below: the cdf the root of ``Q(P) = z`` by
bisection and ``findroot`` at 45 digits, differentiated by ``mp.diff``; the generator ``_mp_tukeylambda``, checked
live at one point) at and near ``lam = 0``, near ``x = 0``, both sides of the switch ``lam |z| = 1/2``, near both
ends of the support (lam < 1 and > 1), far out, the quantiles far in the tails; the ends; float32; the refusals.
"""
import numpy as np
import pytest

from stats_file import ST, TAILS, distribution  # (first: it skips the file without SciPy)
from opcheck import STATS_TAILS, case, float32_check, gradient_test, refusals_test, stats_values_test
import wengert as wg
from wengert.errors import NoGradientRule

T, _f = distribution("tukeylambda")


# (lam = 0 at second order: TRUTHS below, on three paths)
CASES = [
    *[case(_f(f), _f(f), np.array([-2.0, 0.3, 1.9]), np.array([[-0.4], [0.3]]), 0.1, 1.1,
           id=f"tukeylambda.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([0.05, 0.6, 0.9]), np.array([[-0.4], [0.3]]), 0.1, 1.3,
           id=f"tukeylambda.{f}") for f in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.array([0.3 if m in ("ppf", "isf") else 0.7]), np.array([0.4]), np.array([0.1]),
           np.array([1.4]), id=f"tukeylambda.{m}-size1") for m in ("logpdf", "cdf", "ppf")],
    *[case(_f(m), _f(m), np.zeros(0), 0.3, id=f"tukeylambda.{m}-size0") for m in STATS_TAILS + ("ppf", "isf")],
    case(_f("median"), lambda *a: T.median(*a), np.array([-0.4, 0.5]), 0.2, 1.1, id="tukeylambda.median"),
    case(_f("interval"), lambda p, lam: T.interval(p, lam, 0.3, 1.2), np.array([0.2, 0.9]), 0.3,
         id="tukeylambda.interval"),
    *[case(_f(m), _f(m), np.array([-0.3, 0.1, 1.5]), 0.1, 1.3, id=f"tukeylambda.{m}") for m in ("mean", "var", "std")],
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"tukeylambda.{f}", (np.array([-3.0, -0.4, 0.0, 0.4, 1.5, 3.0, 6.0]), lam, -0.2, 1.3)) for f in TAILS
      for lam in (-1.0, -0.3, 0.0, 0.3, 1.0, 2.0, 3.0)],
    # (q = 0 and 1 at lam > 0, the finite ends +-1 / lam: SciPy 1.13's are +-inf, see test_ends)
    *[(f"tukeylambda.{f}", (np.array([0.0, 0.01, 0.35, 0.5, 0.7, 0.99, 1.0])[ends], lam, -0.1, 1.3))
      for f in ("ppf", "isf") for lam, ends in ((-0.7, slice(None)), (0.0, slice(None)), (0.3, slice(1, -1)),
                                                 (2.0, slice(1, -1)))],
    *[(f"tukeylambda.{m}", (np.array([-0.3, 0.3, 1.0, 2.5]), -0.1, 1.3)) for m in ("mean", "var", "std", "median")],
    ("tukeylambda.interval", (0.8, np.array([-0.5, 2.0]), -0.1, 1.3)),
]

# (SciPy's cdf: the root of its quantile to some 1e-12; its isf ppf(1 - q))
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    f"tukeylambda.{f}": 1e-10 for f in ("cdf", "sf", "logcdf", "logsf", "pdf", "logpdf", "isf")})


def _mp_tukeylambda(mp):
    """mpmath's functions of (x or q, lam): the tail ``P = F(-|z|)`` the root of ``Q(P) = -|z|`` (bisection in log P,
    then ``findroot``)."""
    def quantile(p, lam):
        return mp.log(p / (1 - p)) if lam == 0 else (mp.expm1(lam * mp.log(p)) - mp.expm1(lam * mp.log1p(-p))) / lam

    def tail(z, lam):
        y = -abs(z)
        if y == 0:
            return mp.mpf(1) / 2

        def g(u):  # (relative: the root at z = -1e150 too)
            return quantile(mp.exp(u), lam) / y - 1
        lo, hi = mp.mpf(-10), -mp.log(2)
        while g(lo) < 0:
            lo *= 2
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if g(mid) < 0 else (mid, hi)
        return mp.exp(mp.findroot(g, (lo + hi) / 2))

    def cdf(z, lam):
        p = tail(z, lam)
        return p if z <= 0 else 1 - p

    def pdf(z, lam):
        p = tail(z, lam)
        return 1 / (p ** (lam - 1) + (1 - p) ** (lam - 1))
    return {"cdf": cdf, "sf": lambda z, lam: cdf(-z, lam), "logcdf": lambda z, lam: mp.log(cdf(z, lam)),
            "logsf": lambda z, lam: mp.log(cdf(-z, lam)), "pdf": pdf, "logpdf": lambda z, lam: mp.log(pdf(z, lam)),
            "ppf": quantile, "isf": lambda q, lam: -quantile(q, lam)}


def _mp_located(mp, method):
    fn = _mp_tukeylambda(mp)[method]

    def g(x, lam, scale):
        if method in ("ppf", "isf"):
            return scale * fn(x, lam)
        value = fn(x / scale, lam)
        return value - mp.log(scale) if method == "logpdf" else value / scale if method == "pdf" else value
    return g


@pytest.mark.truth_tables
def test_the_generator_of_the_truths():
    # (the table's first derivatives of one point, live)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(30):
        g = _mp_located(mp, "cdf")
        got = [float(mp.diff(g, (mp.mpf(-2.4), mp.mpf(0.4), mp.mpf(1)), tuple(int(a == i) for a in range(3))))
               for i in range(3)]
    np.testing.assert_allclose(got, [p for m, a, v, p, h in TRUTHS if (m, a) == ("cdf", (-2.4, 0.4, 1.0))][0],
                               rtol=1e-13)


#: (method, (x or q, lam, scale), value, gradient, Hessian) by mpmath at 45 digits (loc 0): at lam = 0 and 1e-9, -1e-12
#: (the series' point); 1e-8 from x = 0; both sides of lam |z| = 1/2 (-2.4 and -1.2 at lam = 0.4); 1e-5 from the end
#: at lam = 1/2 (the tail as u = P^lam), at lam = 2 and 1.5 (as P); far out (z = +-1e10 at lam = -0.4: w in log|z|,
#: d2/dx dscale was 6.6e-6 relative off through z; z = -30 at lam = 0: w in z, through log|z| d2/dx2 4.5e-11); the
#: quantiles 1e-10 and 1e-20 from the ends (lam > 0: the powers). Every entry to rtol 1e-12 (no atol)
TRUTHS = [
    ('cdf', (0.4, 0.0, 1.3), 0.5763218799074524, [0.18782690049799416, 0.05296231062501355, -0.05779289246092128],
     [[-0.022054310989533733, 0.1305978955125276, -0.13769628930936972], [0.1305978955125276, 0.03747621771425867, -0.04018396785000849], [-0.13769628930936972, -0.04018396785000849, 0.08682416014205321]]),
    ('logpdf', (0.4, 1e-09, 1.0), -1.4260305041037076, [-0.19737532021699508, 0.6961976709842075, -0.921049871913202],
     [[-0.480521491535296, 0.00790894054935313, 0.3895839168311135], [0.00790894054935313, 0.046346649089085375, -0.003163576219741252], [0.3895839168311135, -0.003163576219741252, 0.7652163051807566]]),
    ('logcdf', (-3.0, -0.5, 1.0), -1.8990399576052313, [0.3603066217625591, -1.2481956511544279, 1.0809198652876773],
     [[0.04915426117556266, 0.47089913465756406, -0.21284383823587114], [0.47089913465756406, -2.149396014410264, 1.4126974039726923], [-0.21284383823587114, 1.4126974039726923, -1.7194513799952906]]),
    ('pdf', (1e-08, 0.7, 1.0), 0.40612619817811774, [-1.044979125972886e-09, 0.2815052292186919, -0.40612619817811774],
     [[-0.1044979125972886, 2.114120845408867e-09, 3.134937377918658e-09], [2.114120845408867e-09, 0.19512455594581748, -0.2815052292186919], [3.134937377918658e-09, -0.2815052292186919, 0.8122523963562355]]),
    ('sf', (2.0, -1e-12, 1.0), 0.11920292202235419, [-0.10499358540348847, -0.2366404247419372, 0.20998717080697693],
     [[0.07996250105604062, -0.018058748880850274, -0.05493141670859277], [-0.018058748880850274, -0.15093006086031016, 0.03611749776170055], [-0.05493141670859277, 0.03611749776170055, -0.10012433738979137]]),
    ('cdf', (-2.4, 0.4, 1.0), 0.0003174660745124823, [0.007899027209558722, -0.04105785753523619, 0.01895766530294093],
     [[0.1169917578455559, -0.5449790184849298, 0.2728811916197754], [-0.5449790184849298, 2.658797222065797, -1.3079496443638314], [0.2728811916197754, -1.3079496443638314, 0.63595719458452]]),
    ('cdf', (-1.2, 0.4, 1.0), 0.14346409704856083, [0.23237984897608704, -0.2628876360590456, 0.27885581877130444],
     [[0.15860478834562808, 0.16589450524493365, -0.04205410296133335], [0.16589450524493365, -0.2581622464340025, 0.1990734062939204], [-0.04205410296133335, 0.1990734062939204, -0.32932074232490444]]),
    ('pdf', (1.99999, 0.5, 1.0), 4.999962500345253e-06, [-0.4999925000937487, -1.9997158827088573, 0.9999750002999961],
     [[-0.7499812503749933, -26.411342941976326, 2.49994000112498], [-26.411342941976326, -191.27932483778605, 54.82213765323208], [2.49994000112498, 54.82213765323208, -6.999805003449941]]),
    ('cdf', (0.49999, 2.0, 1.0), 0.9999899999999999, [1.0, 0.24999999934935388, -0.49999],
     [[0.0, 0.00012512920464965077, -1.0], [0.00012512920464965077, -0.24993742816981876, -6.256335103277888e-05], [-1.0, -6.256335103277888e-05, 0.99998]]),
    ('logsf', (0.4999999, 2.0, 1.0), -16.118095650929565, [-9999999.999712443, -2499999.9999272297, 4999998.9998562215],
     [[-99999999994248.86, -24999999998570.527, 49999999997124.43], [-24999999998570.527, -6249997499644.709, 12499997499285.264], [49999999997124.43, 12499997499285.264, -24999999998561.215]]),
    ('logpdf', (-0.49999, 1.5, 1.0), -0.26200674602206653, [-0.4795800270904523, 0.8372738293668451, -1.2397852177449553],
     [[2.835910078708882, -1.04482384143845, 1.897506707344106], [-1.04482384143845, -0.46604154708224516, -0.5224014724808107], [1.897506707344106, -0.5224014724808107, 2.1885195963499346]]),
    ('logcdf', (-60.0, 0.0, 1.0), -60.0, [1.0, -1800.0, 60.0],
     [[-8.75651076269652e-27, 60.0, -1.0], [60.0, -144000.0, 3600.0], [-1.0, 3600.0, -120.0]]),
    ('pdf', (3.0, -0.3, 1.0), 0.053575403074342415, [-0.03136757038881701, -0.008275652368381792, 0.04052730809210862],
     [[0.019823999476809483, -0.02583687100578944, 0.0032631423472055743], [-0.02583687100578944, -0.08217321611617125, 0.0857862653857501], [0.0032631423472055743, 0.0857862653857501, -0.09084404322583396]]),
    ('logcdf', (-10000000000.0, -0.4, 1.0), -55.27390049579075, [2.499999999375e-10, -131.93475124103938, 2.499999999375],
     [[2.4999999987499998e-20, 6.249999996875e-10, -6.249999996875e-20], [6.249999996875e-10, -644.0487562130094, 6.249999996874999], [-6.249999996875e-20, 6.249999996874999, -2.5]]),
    ('logsf', (10000000000.0, -0.4, 1.3), -54.61798983480952, [-2.4999999991875e-10, -130.29497458905504, 1.9230769224519229],
     [[2.499999998375e-20, -6.249999995937499e-10, 6.249999995937499e-20], [-6.249999995937499e-10, -635.8498729554315, 4.807692304567307], [6.249999995937499e-20, 4.807692304567307, -1.4792899408284022]]),
    ('logcdf', (-30.0, 0.0, 2.0), -15.000000305902274, [0.49999984704888656, -112.49997017453217, 7.499997705733298],
     [[-7.647553333736307e-08, 7.500012771414091, -0.2500010706574433], [7.500012771414091, -2250.0022885304206, 112.50019157121136], [-0.2500010706574433, 112.50019157121136, -7.500014912728299]]),
    ('ppf', (1e-10, 0.5, 1.0), -1.9999799999, [100001.00000000004, 3.9994994829814012, -1.9999799999],
     [[-499999999999999.5, -2302585.092994046, 100001.00000000004], [-2302585.092994046, -15.987394135704648, 3.9994994829814012], [100001.00000000004, 3.9994994829814012, 0.0]]),
    ('ppf', (1e-10, 2.0, 1.0), -0.4999999999, [1.0, 0.25, -0.4999999999],
     [[0.0, -2.4025850929890456e-09, 1.0], [-2.4025850929890456e-09, -0.25, 0.25], [1.0, 0.25, 0.0]]),
    ('isf', (0.3, -1e-12, 1.3), 1.1014872185042244, [-6.19047619048207, -0.8595167736505311, 0.8472978603878648],
     [[11.791383219982887, 5.879611809876553, -4.7619047619092845], [5.879611809876553, 0.7365991857904473, -0.661166748961947], [-4.7619047619092845, -0.661166748961947, 0.0]]),
    ('ppf', (0.99, -0.3, 1.0), 9.926840182636315, [399.1203217158645, -27.988639532054844, 9.926840182636315],
     [[51752.60177143829, -1833.3614551704914, 399.1203217158645], [-1833.3614551704914, 94.83855278215455, -27.988639532054844], [399.1203217158645, -27.988639532054844, 0.0]]),
    ('isf', (1e-20, 1.0, 1.0), 1.0, [-2.0, -1.0, 1.0],
     [[0.0, 46.051701859880914, -2.0], [46.051701859880914, 2.0, -1.0], [-2.0, -1.0, 0.0]]),
    ('ppf', (0.6, 0.0, 1.0), 0.4054651081081643, [4.166666666666667, -0.2893229437112806, 0.4054651081081643],
     [[3.4722222222222214, -3.142102869295372, 4.166666666666667], [-3.142102869295372, 0.21200369051686802, -0.2893229437112806], [4.166666666666667, -0.2893229437112806, 0.0]]),
]


@pytest.mark.parametrize("method, point, value, gradient, hessian", TRUTHS, ids=[f"{m}{p}" for m, p, *_ in TRUTHS])
def test_value_gradient_hessian_against_mpmath(method, point, value, gradient, hessian):
    def f(v):
        return getattr(T, method)(v[0], v[1], 0.0, v[2])
    v = np.array(point)
    hessian = np.array(hessian)
    assert float(f(v)) == pytest.approx(value, rel=2e-15, abs=1e-300)
    np.testing.assert_allclose(wg.grad(f)(v), gradient, rtol=1e-13, atol=1e-15 * np.max(np.abs(gradient)))
    for path in (wg.hessian(f), wg.jacfwd(wg.grad(f)), wg.jacfwd(wg.jacfwd(f))):
        np.testing.assert_allclose(path(v), hessian, rtol=1e-12, atol=1e-300)


def test_far_tails():
    # the cdf's power tail (lam < 0: (|lam| |z|)^(1/lam)), the logistic's, the quantile at 1e-200 (closed forms at
    # 50 digits: the logistic's log cdf -log1p(e^-z); Q(1e-200, -0.4), its slope and d/dlam)
    mp = pytest.importorskip("mpmath")
    fns = _mp_tukeylambda(mp)
    with mp.workdps(50):
        for method, args in (("logcdf", (-1e10, -0.4)), ("logsf", (1e150, -0.4)), ("logcdf", (-700.0, 0.0)),
                             ("logcdf", (-3.0e4, 0.0)), ("logsf", (4.9999999999, 0.2)), ("cdf", (-1e6, -0.05))):
            want = float(fns[method](*(mp.mpf(a) for a in args)))
            # (the cdf at -1e6, 1.05e-94, is exp of its log, -216.4, whose half ulp 1.4e-14 it carries: 1.3e-14 off)
            rel = 3e-14 if method == "cdf" else 4e-15
            assert float(getattr(T, method)(*args)) == pytest.approx(want, rel=rel, abs=0.0), (method, args)
        q, lam = mp.mpf(1e-200), mp.mpf(-0.4)
        want = [float(fns["ppf"](q, lam)), float(q ** (lam - 1) + (1 - q) ** (lam - 1)),
                float(mp.diff(lambda t: fns["ppf"](q, t), lam))]
        # (d/dx log cdf at -1e10: 2.499999999375e-10, the power tail's 1 / (lam x) = 2.5e-10 less 2.5e-10 of it: that
        # truth passed only by pytest.approx's default abs=1e-12)
        slope = float(mp.diff(lambda x: fns["logcdf"](x, lam), mp.mpf(-1e10)))
    got = [float(T.ppf(1e-200, -0.4)), *wg.grad(lambda v: T.ppf(v[0], v[1]))(np.array([1e-200, -0.4]))]
    np.testing.assert_allclose(got, want, rtol=1e-14)
    assert float(wg.grad(lambda x: T.logcdf(x, -0.4))(-1e10)) == pytest.approx(slope, rel=1e-12, abs=0.0)


def test_center_beside_the_power_tail():
    # z = 0 (its root w = 0, polished in z) beside z = -50 at lam = -0.5 (in log|z|) in one array: the log form's
    # stand-in took the plain root 0 there, log S(0) = -inf (a divide-by-zero warning, an error here)
    x, lam = np.array([0.0, -50.0, 0.3]), -0.5
    for f in ("cdf", "logpdf", "logsf"):
        got = _f(f)(x, lam)
        grads = wg.grad(lambda v, f=f: np.sum(_f(f)(v[:3], v[3])))(np.append(x, lam))
        for i in range(3):
            assert float(got[i]) == pytest.approx(float(_f(f)(x[i], lam)), rel=1e-15), (f, i)
            assert grads[i] == pytest.approx(float(wg.grad(lambda v, f=f: _f(f)(v, lam))(x[i])), rel=1e-14), (f, i)


def test_where_scipy_is_off():
    # SciPy near lam = 0 (cdf(0.4, 1e-9) 4e-9 relative off), its power tail (cdf(-1e10, -0.5) 7.1e-15 for 4e-20), its
    # isf ppf(1 - q) (isf(1e-10, -1) 9.99999917e9 for 1e10), its mean at lam <= -1 (0; it does not exist), its variance
    # near 0 (a Pade approximation) and at -1 < lam < -1/2 (NaN; it is infinite)
    mp = pytest.importorskip("mpmath")
    fns = _mp_tukeylambda(mp)
    with mp.workdps(50):
        for method, args in (("cdf", (0.4, 1e-9)), ("cdf", (-1e10, -0.5)), ("isf", (1e-10, -1.0))):
            want = float(fns[method](*(mp.mpf(a) for a in args)))
            assert not float(getattr(ST.tukeylambda, method)(*args)) == pytest.approx(want, rel=1e-12, abs=0)
            assert float(getattr(T, method)(*args)) == pytest.approx(want, rel=4e-15, abs=0), (method, args)
        lam = mp.mpf(1e-3)
        want = float(2 * (1 / (1 + 2 * lam) - mp.beta(lam + 1, lam + 1)) / lam ** 2)
    assert float(T.var(1e-3)) == pytest.approx(want, rel=2e-15)
    assert float(T.var(0.0)) == pytest.approx(np.pi ** 2 / 3, rel=1e-15)
    assert np.isnan(float(T.mean(-1.0))) and float(ST.tukeylambda.mean(-1.0)) == 0.0
    assert float(T.var(-0.7)) == np.inf and np.isnan(float(T.var(-1.5)))


def test_variance_near_zero_to_second_order():
    # at lam = 0 the series of g = lgamma(1 + 2 lam) - 2 lgamma(1 + lam) (through 1 / (1 + 2 lam) - B the terms
    # cancelled as 1 / lam^2): d/dlam and d2/dlam2 against mpmath (its closed form at 60 digits)
    mp = pytest.importorskip("mpmath")
    for lam in (0.0, 1e-4, 0.2, 0.3, -0.3):
        with mp.workdps(60):
            def var(t):
                return 2 * (1 / (1 + 2 * t) - mp.beta(t + 1, t + 1)) / t ** 2
            at = mp.mpf(lam) if lam else mp.mpf(10) ** -25
            want = [float(mp.diff(var, at, n)) for n in (1, 2)]
        for path in (wg.grad(wg.grad(T.var)), wg.jacfwd(wg.jacfwd(T.var)), wg.jacfwd(wg.grad(T.var))):
            assert float(path(lam)) == pytest.approx(want[1], rel=1e-13), lam
        assert float(wg.grad(T.var)(lam)) == pytest.approx(want[0], rel=1e-13, abs=1e-15), lam


def test_ends():
    # for lam > 0 the support [-1/lam, 1/lam]: the limits at the ends (the density 1 / Q'(0): 0 for lam < 1, 1/2 at
    # 1, 1 beyond; SciPy's 0), constants beyond; refused with a traced argument at an end
    ends = [("pdf", (2.0, 0.5), 0.0), ("pdf", (1.0, 1.0), 0.5), ("pdf", (-0.5, 2.0), 1.0), ("logpdf", (-2.0, 0.5), -np.inf),
            ("cdf", (-2.0, 0.5), 0.0), ("sf", (2.0, 0.5), 0.0), ("logsf", (2.5, 0.5), -np.inf), ("cdf", (7.0, 0.5), 1.0),
            ("pdf", (-7.0, 0.5), 0.0), ("ppf", (0.0, 0.5), -2.0), ("isf", (0.0, 0.5), 2.0), ("ppf", (1.0, -0.2), np.inf),
            ("isf", (1.0, 0.0), -np.inf)]
    for f, args, want in ends:
        assert float(_f(f)(*args)) == want, (f, args)
    for f in ("pdf", "cdf"):
        with pytest.raises(NoGradientRule, match="at an end of the support"):
            wg.grad(lambda v, f=f: _f(f)(2.0, v))(0.5)
    with pytest.raises(NoGradientRule, match="q = 0 or 1"):
        wg.grad(lambda v: T.ppf(0.0, v))(0.5)
    assert wg.grad(lambda v: T.logcdf(v[0], v[1]))(np.array([2.5, 0.5])).tolist() == [0.0, 0.0]
    assert hasattr(T, "entropy")  # (SciPy integrates it; by quadrature: tests/test_stats_quadrature_entropy.py)


def test_float32_stays_float32():
    float32_check(T, (0.3,), x=0.4, summaries=("mean", "var", "std", "median"))


REFUSALS = [
    (lambda: T.cdf(0.5, np.inf), "tukeylambda.cdf: lam must be finite"),
    (lambda: T.ppf(0.5, np.nan), "tukeylambda.ppf: lam must be finite"),
    (lambda: T.var(np.nan), "tukeylambda.var: lam must be finite"),
    (lambda: T.logpdf(0.5, 0.3, 0.0, -1.0), "tukeylambda.logpdf: scale must be positive"),
    (lambda: T.ppf(1.5, 0.3), "tukeylambda.ppf: q must be a probability"),
]

test_refusals = refusals_test(REFUSALS)
