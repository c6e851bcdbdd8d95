"""scipy.special.gammaincinv and gammainccinv differentiated in their shape parameter
``a`` (implicit function theorem from gammainc's derivative in a), and what it makes differentiable
in the distributions (gamma and chi2 quantiles in their shape, invgamma, gennorm's beta).

References: mpmath at 50 digits, computed offline (mpmath is no dependency of the tests):
x solves ``gammainc(a, 0, x, regularized=True) = y`` (``gammainc(a, x, inf, ...)`` for
gammainccinv) by ``findroot`` in ``log x``; ``dx/da = -P_a / P_x`` with ``P_a`` by ``mp.diff``;
the mixed ``d^2x/(da dy) = -((log x - digamma(a)) + ((a - 1)/x - 1) dx/da) / P_x`` (minus that
for gammainccinv, whose dx/dy is -1 / P_x).
"""
import numpy as np
import pytest
import scipy.special as sc

import wengert as wg

#: (upper, a, y, x, dx/da, d^2x/(da dy)): upper is gammainccinv; a from 1e-8 to 1e4, y near 0
#: and 1 (1e-300, 1e-10, 1 - 1e-10) and inside, wherever x is neither 0 nor inf in floats
INVERSE_DA = [
    (False, 1e-08, 0.9999999999, 3.2105125803446423, 79594362.85438814, 34911307494703570.0),
    (False, 0.001, 0.5, 5.2442064082779784e-302, 3.6350111951608616e-296, 7.259533977505167e-293),
    (False, 0.001, 0.9, 9.821659644066882e-47, 1.0348231948429886e-41, 1.1388905946654685e-38),
    (False, 0.001, 0.9999999999, 13.454595433853492, 937.89240827621084, 40720468622.401271),
    (False, 0.5, 1e-10, 7.8539816339744837e-21, 7.2774611031684066e-19, 1.4240762940977833e-8),
    (False, 0.5, 0.3, 0.074235930916272719, 0.41662195701286837, 2.0075862456247015),
    (False, 0.5, 0.5, 0.22746821155978638, 0.85836744474371517, 2.4009908880468585),
    (False, 0.5, 0.9, 1.3527717270477075, 2.1447640258609768, 5.3573065134500542),
    (False, 0.5, 0.9999999999, 20.910728101491394, 4.9356081316184098, 487366228.55104989),
    (False, 1.0, 1e-300, 1.0e-300, 6.9119831223331219e-298, 690.19831223331217),
    (False, 1.0, 1e-10, 1.00000000005e-10, 2.3448635267358788e-9, 22.448635269578651),
    (False, 1.0, 0.3, 0.35667494393873236, 0.66192362823646793, 1.5937691378480831),
    (False, 1.0, 0.5, 0.69314718055994531, 0.96804483044204449, 1.5146841722443519),
    (False, 1.0, 0.9, 2.3025850929940459, 1.7351460060823989, 3.2389789593291026),
    (False, 1.0, 0.9999999999, 23.025850847200089, 3.7555220771943778, 416888741.94859022),
    (False, 3.0, 1e-300, 1.8171205928321397e-100, 1.3986823839848702e-98, 4.6420843844736546e+201),
    (False, 3.0, 1e-10, 0.00084361056248472744, 0.0023440416708116912, 6879077.7313649192),
    (False, 3.0, 0.3, 1.9137757941270625, 0.83649892914461872, 0.87364611645240367),
    (False, 3.0, 0.5, 2.6740603137235603, 0.99726837613986321, 0.7728141440868692),
    (False, 3.0, 0.9, 5.3223203378342102, 1.3887084049820545, 1.7029697157035675),
    (False, 3.0, 0.9999999999, 29.145901390216682, 2.6613043858006141, 312242229.3234974),
    (False, 30.0, 1e-300, 1.2044497038599611e-9, 9.61753671427946e-10, 3.0720178267920408e+289),
    (False, 30.0, 1e-10, 7.0005117003518343, 0.44523372910241521, 118105763.79617131),
    (False, 30.0, 0.3, 26.904563066176393, 0.95181002170074158, 0.26402007502556535),
    (False, 30.0, 0.5, 29.667333138221231, 0.99997751573478461, 0.23031432649522974),
    (False, 30.0, 0.9, 37.198502859684295, 1.1175744112119916, 0.52146066491462682),
    (False, 30.0, 0.9999999999, 78.889527406845566, 1.5685832113938271, 130719478.95111607),
    (False, 1000.0, 1e-300, 233.92836429052843, 0.44367927666507683, 3.5721257891549514e+296),
    (False, 1000.0, 1e-10, 811.79876271756078, 0.89951845446560166, 24198548.993603165),
    (False, 1000.0, 0.3, 983.17844675789871, 0.99170693362948229, 0.04548296054586312),
    (False, 1000.0, 0.5, 999.66668642696518, 0.99999998023248874, 0.039640980769581537),
    (False, 1000.0, 0.9, 1040.7343080136901, 1.0202661294638726, 0.090099722080776444),
    (False, 1000.0, 0.9999999999, 1214.4995558668779, 1.1004943280628807, 24210583.316492756),
    (False, 10000.0, 1e-300, 6737.6871915903292, 0.81553911359412454, 1.3311470954680112e+296),
    (False, 10000.0, 1e-10, 9376.9616820443875, 0.96819631688382641, 7676117.5310182828),
    (False, 10000.0, 0.3, 9947.3192620195836, 0.99737794828425647, 0.014380764642912442),
    (False, 10000.0, 0.5, 9999.6666686420474, 0.99999999980245471, 0.012533385077313408),
    (False, 10000.0, 0.9, 10128.367373674177, 1.0064078532341087, 0.028490466345731289),
    (False, 10000.0, 0.9999999999, 10649.348143058445, 1.0318038109447735, 7676237.4075016374),
    (True, 1e-08, 1e-300, 665.85228091361272, 99850272.690886741, -2.2387064128266153e+302),
    (True, 1e-08, 1e-10, 3.2105126462013095, 79594363.143245602, -34911309477479320.0),
    (True, 0.001, 1e-300, 677.35519980311883, 1005.6142854801979, -3.6465884437642788e+297),
    (True, 0.001, 1e-10, 13.454595511204412, 937.89240861313352, -40720471593.176648),
    (True, 0.001, 0.3, 7.0423151317802463e-156, 2.5118231412608424e-150, -3.5782583230415173e-147),
    (True, 0.001, 0.5, 5.2442064082779784e-302, 3.6350111951608616e-296, -7.259533977505167e-293),
    (True, 0.5, 1e-300, 686.93631561119707, 8.4910327885311535, -1.4604762279462594e+297),
    (True, 0.5, 1e-10, 20.910728182380647, 4.9356081356508962, -487366267.00092668),
    (True, 0.5, 0.3, 0.53709708542879269, 1.3882092637982023, -2.9751649717139032),
    (True, 0.5, 0.5, 0.22746821155978638, 0.85836744474371517, -2.4009908880468585),
    (True, 0.5, 0.9, 0.0078953870467156089, 0.077489281206631658, -1.2481380378303973),
    (True, 0.5, 0.9999999999, 7.8539829336572453e-21, 7.2774622814544617e-19, -1.4240764067276531e-8),
    (True, 1.0, 1e-300, 690.77552789821371, 7.1164761434346094, -1.4455586289196509e+297),
    (True, 1.0, 1e-10, 23.025850929940457, 3.7555220806437308, -416888775.00196478),
    (True, 1.0, 0.3, 1.203972804325936, 1.2875587667461968, -1.7490544766076609),
    (True, 1.0, 0.5, 0.69314718055994531, 0.96804483044204449, -1.5146841722443519),
    (True, 1.0, 0.9, 0.10536051565782628, 0.29996020805967079, -2.1923465227450927),
    (True, 1.0, 0.9999999999, 1.000000082790371e-10, 2.3448637124767195e-9, -22.448635186838284),
    (True, 3.0, 1e-300, 703.19649760046135, 5.650323669154921, -1.4052319241479497e+297),
    (True, 3.0, 1e-10, 29.145901478829518, 2.661304388384118, -312242254.24881106),
    (True, 3.0, 0.3, 3.6155676658659904, 1.1588661665591766, -0.88355792135868676),
    (True, 3.0, 0.5, 2.6740603137235603, 0.99726837613986321, -0.7728141440868692),
    (True, 3.0, 0.9, 1.102065328249321, 0.61295495061493009, -1.6169302582722498),
    (True, 3.0, 0.9999999999, 0.00084361058575651831, 0.0023440417277294339, -6879077.3262076897),
    (True, 30.0, 1e-300, 813.90830650284289, 3.4411356323802135, -1.1576952591367861e+297),
    (True, 30.0, 1e-10, 78.889527536259625, 1.568583212475405, -130719489.48428499),
    (True, 30.0, 0.3, 32.613253702131724, 1.048151114672882, -0.2640940107144248),
    (True, 30.0, 0.5, 29.667333138221231, 0.99997751573478461, -0.23031432649522974),
    (True, 30.0, 0.9, 23.229444150101722, 0.88243592275213427, -0.52076795598767275),
    (True, 30.0, 0.9999999999, 7.0005117252275784, 0.44523373007962664, -118105754.35173955),
    (True, 1000.0, 1e-300, 2666.7520733019953, 1.5696013762110593, -3.947008509223625e+296),
    (True, 1000.0, 1e-10, 1214.4995563238126, 1.1004943282631999, -24210585.273171028),
    (True, 1000.0, 0.3, 1016.3382513786676, 1.0082930321540116, -0.045483025033651918),
    (True, 1000.0, 0.5, 999.66668642696518, 0.99999998023248874, -0.039640980769581537),
    (True, 1000.0, 0.9, 959.69393272883331, 0.97973387941004576, -0.090099113834413929),
    (True, 1000.0, 0.9999999999, 811.79876306682014, 0.89951845466582135, -24198547.037968484),
    (True, 10000.0, 1e-300, 14175.24301692131, 1.1846000486967113, -1.3351873173419555e+296),
    (True, 10000.0, 1e-10, 10649.348144383395, 1.0318038110082869, -7676238.0279713997),
    (True, 10000.0, 0.3, 10052.197405331652, 1.0026220513737901, -0.014380765287229282),
    (True, 10000.0, 0.5, 9999.6666686420474, 0.99999999980245471, -0.012533385077313408),
    (True, 10000.0, 0.9, 9872.0608750497358, 0.99359214685451633, -0.02849046026745245),
    (True, 10000.0, 0.9999999999, 9376.9616832615723, 0.96819631694733889, -7676116.9105589689),
]


@pytest.mark.parametrize("upper, a, y, x, d_a, d_ay", INVERSE_DA)
def test_gammaincinv_and_gammainccinv_in_a(upper, a, y, x, d_a, d_ay):
    # refused before (NoGradientRule: "no gradient with respect to a (argument 0)")
    fn = sc.gammainccinv if upper else sc.gammaincinv
    # SciPy's own x carries its error into the derivative, evaluated at it (5.7e-13 at a = 1e-3,
    # y = 1/2, where x = 5.2e-302); dx/da here is proportional to x there, as is the mixed one
    x_error = abs(float(fn(a, y)) / x - 1.0)
    # (gammainc's d/da keeps 4e-13 at a = 1e4: ops.scipy_special's note on it)
    tol = (1e-12 if a < 1e3 else 1e-11) + 4.0 * x_error
    rev = float(wg.grad(lambda s: fn(s, y))(a))
    fwd = float(wg.jvp(lambda s: fn(s, y), (a,), (1.0,))[1])
    assert rev == pytest.approx(d_a, rel=tol, abs=0) and fwd == pytest.approx(rev, rel=1e-14, abs=0.0)
    # the mixed second derivative: d/dy of d/da, d/da of d/dy, and forward over reverse
    mixed = (float(wg.grad(lambda t: wg.grad(lambda s: fn(s, t))(a))(y)),
             float(wg.grad(lambda s: wg.grad(lambda t: fn(s, t))(y))(a)),
             float(wg.jvp(lambda s: wg.grad(lambda t: fn(s, t))(y), (a,), (1.0,))[1]))
    # (far in the upper tail with a small a, r_x = -(log x - digamma(a)) - r ((a - 1) / x - 1)
    # cancels: two terms near 1/a for a result near log x: 7e-11 at a = 1e-8, x = 666)
    mixed_tol = 1e-9 if (a <= 1e-3 and x > 100.0) else 10.0 * tol
    for m in mixed:
        assert m == pytest.approx(d_ay, rel=mixed_tol, abs=0), (mixed, d_ay)


def test_gammaincinv_in_a_at_the_ends_and_refusals():
    # x = 0 for every a at y = 0 (gammaincinv) and y = 1 (gammainccinv): dx/da = 0; x = inf at
    # the other end, where dx/da -> log x - digamma(a) -> inf
    assert float(wg.grad(lambda s: sc.gammaincinv(s, 0.0))(2.0)) == 0.0
    assert float(wg.grad(lambda s: sc.gammainccinv(s, 1.0))(2.0)) == 0.0
    assert float(wg.grad(lambda s: sc.gammaincinv(s, 1.0))(2.0)) == np.inf
    assert float(wg.grad(lambda s: sc.gammainccinv(s, 0.0))(2.0)) == np.inf
    # the second derivative in a (against mpmath: tests/test_gamma_shape_second_derivative.py),
    # and the Hessian in a and y, against central differences
    wg.testing.check_grads(lambda s: sc.gammaincinv(s, 0.3), 1.5, order=2, modes=("rev", "fwd"))
    wg.testing.check_grads(lambda v: sc.gammainccinv(v[0], v[1]), np.array([1.5, 0.3]), order=2,
                           modes=("rev", "fwd"))
    # the mixed derivative at an end of the range is refused (its limit is not computed)
    for f, y in ((sc.gammaincinv, 0.0), (sc.gammainccinv, 1.0), (sc.gammaincinv, 0.3)):
        a = 2.0 if y != 0.3 else 1e-3  # (the last: x underflows to 0 inside the domain)
        with pytest.raises(wg.NoGradientRule, match="gammaincinv.*end of its range"):
            wg.grad(lambda t: wg.grad(lambda s: f(s, t))(a))(y)
    with pytest.raises(ValueError, match="gammaincinv.*a > 0"):
        wg.grad(lambda s: sc.gammaincinv(s, 0.5))(0.0)


def test_gammaincinv_in_a_on_arrays():
    a = np.array([[0.5], [3.0]])
    for fn, y in ((sc.gammaincinv, np.array([0.0, 1e-10, 0.4, 0.9])),
                  (sc.gammainccinv, np.array([1e-10, 0.4, 0.9, 1.0]))):  # (with the end x = 0)
        g = wg.grad(lambda s: np.sum(fn(s, y)))(a)
        rows = [sum(float(wg.grad(lambda s: fn(s, v))(float(ai))) for v in y) for ai in a[:, 0]]
        np.testing.assert_allclose(g[:, 0], rows, rtol=1e-14)
        # in a and y together, against central differences
        wg.testing.check_grads(lambda s, t: fn(s, t), np.array([0.7, 2.0, 40.0]), np.array([0.2, 0.5, 0.95]),
                               modes=("rev", "fwd"))


# -- the distributions, in their shape parameter (all refused before: NoGradientRule) -----------
# mpmath at 50 digits (mp.diff of the regularized gammainc, its inverse by findroot, and of
# gennorm's (1/2 + c) - c Q(1/beta, |z|**beta) and its inverse)
from wengert.scipy import stats  # noqa: E402

STATS_IN_SHAPE = [
    ("gamma.cdf(2.0, a, 0.1, 1.3)", 2.5, 0.28815611321791658, -0.24849202935981686),
    ("gamma.logsf(100.0, a)", 2.5, -93.361965454124596, 3.9120618213480807),
    ("gamma.logsf(1e4, a)", 30.0, -9804.154264258342, 5.8260025200193923),
    ("gamma.ppf(0.3, a, 0.2, 2.0)", 2.5, 3.1999081327599063, 1.6355600235520313),
    ("gamma.isf(1e-12, a)", 0.5, 25.422063955909078, 5.1389279197387699),
    ("chi2.ppf(0.7, df)", 3.0, 3.6648707831703174, 1.2316140910183688),
    ("chi2.logsf(200.0, df)", 3.0, -97.571669639663443, 2.2893152327178498),
    ("invgamma.logcdf(0.01, a)", 3.0, -91.462808122077073, 3.6924838516624701),
    ("invgamma.ppf(0.7, a)", 3.0, 0.52252724852554299, -0.22839325545962075),
    ("gennorm.cdf(-1.3, beta)", 2.5, 0.01797012427660217, -0.021380329836331433),
    ("gennorm.sf(0.4, beta)", 0.7, 0.38293006508421839, -0.21282298647272525),
    ("gennorm.logcdf(-30.0, beta)", 2.5, -4936.0947603012917, -16770.02339376835),
    ("gennorm.ppf(0.2, beta, 0.3, 2.0)", 4.0, -0.80802482542061313, 0.00032802497010052445),
    ("gennorm.isf(1e-10, beta)", 1.0, 22.332703749380512, -73.092741435837733),
]


def _stats_call(text):
    name, _, args = text.partition("(")
    dist, method = name.split(".")
    head, _, rest = args.rstrip(")").partition(", ")
    shape_name, *tail = rest.split(", ")
    tail = [float(v) for v in tail]
    fn = getattr(getattr(stats, dist), method)
    return lambda s: fn(float(head), s, *tail)


@pytest.mark.parametrize("text, shape, value, d1", STATS_IN_SHAPE)
def test_distributions_in_their_shape_parameter(text, shape, value, d1):
    f = _stats_call(text)
    assert float(f(shape)) == pytest.approx(value, rel=1e-13, abs=0)
    rev, fwd = float(wg.grad(f)(shape)), float(wg.jvp(f, (shape,), (1.0,))[1])
    assert rev == pytest.approx(d1, rel=1e-11, abs=0) and fwd == pytest.approx(rev, rel=1e-14, abs=0.0), (rev, fwd, d1)


MIXED = [  # (method, first argument, shape parameter): the mixed derivative against central differences
    ("gamma.cdf", 2.0, 2.5), ("gamma.sf", 0.7, 0.5), ("gamma.logcdf", 2.0, 2.5), ("gamma.logsf", 60.0, 2.5),
    ("gamma.ppf", 0.3, 2.5), ("gamma.isf", 1e-3, 2.5), ("chi2.cdf", 2.0, 3.0), ("chi2.logsf", 90.0, 3.0),
    ("chi2.ppf", 0.7, 3.0), ("chi2.isf", 0.1, 3.0), ("invgamma.cdf", 0.7, 3.0), ("invgamma.logcdf", 0.02, 3.0),
    ("invgamma.sf", 0.7, 3.0), ("invgamma.logsf", 0.7, 3.0), ("invgamma.ppf", 0.7, 3.0), ("invgamma.isf", 0.2, 3.0),
    ("gennorm.cdf", -1.3, 2.5), ("gennorm.sf", 0.4, 0.7), ("gennorm.logcdf", -12.0, 2.5),
    ("gennorm.logsf", 1.5, 1.0), ("gennorm.ppf", 0.2, 4.0), ("gennorm.isf", 0.3, 1.5),
]


@pytest.mark.parametrize("name, x, shape", MIXED)
def test_distributions_second_derivatives_in_the_shape(name, x, shape):
    dist, method = name.split(".")
    fn = getattr(getattr(stats, dist), method)
    # d/dx of d/dshape (reverse over reverse, forward over reverse) against central differences, and
    # the shape's derivative against them too (with loc and scale traced alongside)
    wg.testing.check_grads(lambda t: wg.grad(lambda s: fn(t, s, 0.0, 1.0))(shape), x, modes=("rev", "fwd"))
    quantile = method in ("ppf", "isf")  # (x is q there; elsewhere moved with loc and scale)
    wg.testing.check_grads(lambda s, loc, scale: fn(x if quantile else x * scale + loc, s, loc, scale),
                           shape, 0.1, 1.2, modes=("rev", "fwd"))
    # and d^2/dshape^2, from gammainc's second derivative in a
    wg.testing.check_grads(lambda s: wg.grad(lambda s: fn(x, s))(s), shape, modes=("rev", "fwd"))


def test_gennorm_in_beta_at_the_median_and_the_ends():
    # the cdf is 1/2 at x = loc and the quantile 0 at q = 1/2 for every beta: derivative 0; the
    # mixed derivative there (that of the density at 0 in beta) is refused, not given as 0
    assert float(wg.grad(lambda b: stats.gennorm.cdf(0.0, b))(2.5)) == 0.0
    assert float(wg.grad(lambda b: stats.gennorm.ppf(0.5, b))(2.5)) == 0.0
    with pytest.raises(wg.NoGradientRule, match="gennorm.cdf"):
        wg.grad(lambda t: wg.grad(lambda b: stats.gennorm.cdf(t, b))(2.5))(0.0)
    with pytest.raises(wg.NoGradientRule, match="gennorm.ppf"):
        wg.grad(lambda q: wg.grad(lambda b: stats.gennorm.ppf(q, b))(2.5))(0.5)
    # at q = 0 and 1 the quantile is -inf, inf for every beta: a constant in beta, derivative 0 (the
    # convention of every infinite quantile end since 1244749, as t's and norm's: _T_END)
    assert float(wg.grad(lambda b: stats.gennorm.ppf(1.0, b))(2.5)) == 0.0
    assert float(wg.grad(lambda b: stats.gennorm.ppf(0.0, b))(2.5)) == 0.0
    # arrays of x and beta broadcast, each entry its own scalar derivative
    x, b = np.array([-2.0, 0.0, 0.5, 3.0]), np.array([[0.8], [2.5]])
    g = wg.grad(lambda s: np.sum(stats.gennorm.cdf(x, s)))(b)
    rows = [sum(float(wg.grad(lambda s: stats.gennorm.cdf(v, s))(float(bi))) for v in x) for bi in b[:, 0]]
    np.testing.assert_allclose(g[:, 0], rows, rtol=1e-14)
