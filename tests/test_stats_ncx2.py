"""``scipy.stats``' ``ncx2`` (the noncentral chi-squared distribution: the Poisson(nc / 2) mixture of chi2(df + 2 j)
densities): its log density, density, tails (cdf, logcdf, sf, logsf), quantiles (ppf, isf, median, interval), mean,
variance and std (the entropy not yet: no such method).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's; value, gradient and Hessian in (x, df, nc, loc, scale)
against mpmath (60 digits, tools/ncx2_truths.py) on five paths at 12 points: below and above z = 1 (where ``(a - 1) log
z`` is apart) and c = nc z / 4 = 1 (the series; the window of terms about the weights' peak), df = 1e-3 and 1e-4 (the
term j = 0 apart), df = 1000 (ive underflows), z = 1e5, nc = 0 and 1e-8, z = 1e-150, c < a; the value at df = 2000 to
2e6; nc = 0 against chi2; x = loc
(the limits from inside, df = 2 refused); a third derivative refused; the moments; +-inf; invalid parameters.
"""
import numpy as np
import pytest

from stats_file import ST, distribution  # (first: it skips the file without SciPy)
from opcheck import case, gradient_test, refusals_test, stats_values_test
import wengert as wg
from wengert.errors import NoGradientRule

T, _f = distribution("ncx2")

CASES = [
    *[case(_f(f), _f(f), np.array([0.4, 1.5, 30.0]), np.array([[1.5], [3.0]]), np.array([[0.5], [25.0]]), 0.1, 1.1,
           id=f"ncx2.{f}") for f in ("logpdf", "pdf")],
    *[case(_f(m), _f(m), np.array([0.7]), np.array([1.4]), np.array([0.4]), np.array([0.1]), np.array([1.4]),
           id=f"ncx2.{m}-size1") for m in ("logpdf", "pdf")],
    *[case(_f(m), _f(m), np.zeros(0), 1.5, 0.3, id=f"ncx2.{m}-size0") for m in ("logpdf", "pdf")],
    *[case(_f(m), _f(m), np.array([1.5, 3.0]), np.array([0.5, 2.0]), 0.2, 1.3, id=f"ncx2.{m}")
      for m in ("mean", "var", "std")],
    # (z on both sides of df + nc: the cdf's log tail below, the sf's beyond)
    *[case(_f(f), _f(f), np.array([0.4, 1.5, 30.0]), np.array([[1.5], [3.0]]), np.array([[0.5], [25.0]]), 0.1, 1.1,
           id=f"ncx2.{f}") for f in ("cdf", "logcdf", "sf", "logsf")],
    *[case(_f(f), _f(f), np.array([0.05, 0.3, 0.5, 0.9]), np.array([[1.5], [3.0]]), np.array([[0.5], [25.0]]), 0.1,
           1.1, id=f"ncx2.{f}") for f in ("ppf", "isf")],
    case(_f("median"), _f("median"), np.array([1.5, 3.0]), np.array([0.5, 25.0]), 0.1, 1.1, id="ncx2.median"),
    case(_f("interval"), lambda p, df, nc: np.stack(T.interval(p, df, nc, 0.1, 1.1)), np.array([0.2, 0.8]),
         np.array([1.5, 3.0]), np.array([0.5, 25.0]), id="ncx2.interval"),
]

test_gradient = gradient_test(CASES)

X = np.array([0.05, 0.9, 2.5, 7.0, 40.0])
VALUE_CHECKS = [
    *[(f"ncx2.{f}", (X, df, nc, -0.2, 1.3)) for f in ("logpdf", "pdf")
      for df, nc in ((3.0, 2.0), (1.0, 0.0), (0.5, 20.0), (60.0, 30.0), (2.0, 1e-3))],
    *[(f"ncx2.{m}", (np.array([2.0, 1.0, 50.0]), np.array([1.0, 0.0, 30.0]), -0.2, 1.3)) for m in ("mean", "var", "std")],
    *[(f"ncx2.{f}", (X, df, nc, -0.2, 1.3)) for f in ("cdf", "logcdf", "sf", "logsf")
      for df, nc in ((3.0, 2.0), (1.0, 0.0), (0.5, 20.0), (60.0, 30.0))],
    *[(f"ncx2.{f}", (np.array([0.05, 0.3, 0.5, 0.9]), df, nc, -0.2, 1.3)) for f in ("ppf", "isf")
      for df, nc in ((3.0, 2.0), (1.0, 0.5), (60.0, 30.0))],
    ("ncx2.median", (np.array([3.0, 1.0, 60.0]), np.array([2.0, 0.5, 30.0]), -0.2, 1.3)),
    ("ncx2.interval", (0.8, np.array([3.0, 1.0, 60.0]), np.array([2.0, 0.5, 30.0]), -0.2, 1.3)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)

#: ((x, df, nc, loc, scale), log density, gradient, Hessian): mpmath, 60 digits (tools/ncx2_truths.py)
TRUTHS = [
    ((1.1, 3.0, 2.0, 0.5, 2.0), -3.265999195787968, [0.743692734522546, -0.9985014672103096, -0.45189217964323614, -0.743692734522546, -0.7231078203567638],
     [[-1.3988358627450166, 0.7830822697685303, 0.07719560843776795, 1.3988358627450166, 0.04780439156223206], [0.7830822697685303, -0.21334964045181196, -0.015075319069440873, -0.7830822697685303, -0.23492468093055913], [0.07719560843776795, -0.015075319069440873, -0.0008952276470515333, -0.07719560843776795, -0.023158682531330386], [1.3988358627450166, -0.7830822697685303, -0.07719560843776795, -1.3988358627450166, -0.04780439156223206], [0.04780439156223206, -0.23492468093055913, -0.023158682531330386, -0.04780439156223206, 0.3472125927097123]]),
    ((4.5, 1.0, 0.5, 0.5, 2.0), -2.7748784735615635, [-0.2798007305055294, 0.620317482617224, 0.2615941559557649, 0.2798007305055294, 0.05960146101105878],
     [[0.02591219040091033, 0.05933786651085344, 0.14769606219622386, -0.02591219040091033, 0.08807598445094403], [0.05933786651085344, -0.635059791714262, -0.5252970679131724, -0.05933786651085344, -0.11867573302170688], [0.14769606219622386, -0.5252970679131724, -0.3416198143417388, -0.14769606219622386, -0.2953921243924477], [-0.02591219040091033, -0.05933786651085344, -0.14769606219622386, 0.02591219040091033, -0.08807598445094403], [0.08807598445094403, -0.11867573302170688, -0.2953921243924477, -0.08807598445094403, -0.20595269940741745]]),
    ((2000.5, 3.0, 900.0, 0.5, 2.0), -7.023132225472919, [-0.01282917548737155, 0.026076466740586605, 0.026490721139174334, 0.01282917548737155, 12.32917548737155],
     [[-5.9292706128157114e-05, 0.00012506595033906468, 0.00013176156917368248, 5.9292706128157114e-05, 0.06570729387184289], [0.00012506595033906468, -0.0002636621493922886, -0.0002776312214687451, -0.00012506595033906468, -0.12506595033906467], [0.00013176156917368248, -0.0002776312214687451, -0.0002921862031020104, -0.00013176156917368248, -0.13176156917368248], [5.9292706128157114e-05, -0.00012506595033906468, -0.00013176156917368248, -5.9292706128157114e-05, -0.06570729387184289], [0.06570729387184289, -0.12506595033906467, -0.13176156917368248, -0.06570729387184289, -71.87188161552866]]),
    ((60.5, 0.001, 20.0, 0.5, 2.0), -4.627811837248218, [-0.05823877893233415, 0.12219825211502351, 0.12525866320299756, 0.05823877893233415, 1.2471633679700245],
     [[-0.0014961419307755112, 0.003989369714983523, 0.005099635261056759, 0.0014961419307755112, 0.07400364738943241], [0.003989369714983523, -0.010414757733398342, -0.013031890855049431, -0.003989369714983523, -0.11968109144950569], [0.005099635261056759, -0.013031890855049431, -0.015964027376979602, -0.005099635261056759, -0.15298905783170277], [0.0014961419307755112, -0.003989369714983523, -0.005099635261056759, -0.0014961419307755112, -0.07400364738943241], [0.07400364738943241, -0.11968109144950569, -0.15298905783170277, -0.07400364738943241, -2.8436911056679848]]),
    ((100.5, 1000.0, 3.0, 0.5, 2.0), -1026.708113726276, [4.740749887758087, -1.497440953285866, -0.47500374139710555, -4.740749887758087, -237.53749438790433],
     [[-0.0499000011220839, 0.004999250336434791, 0.0002499251832323676, 0.0499000011220839, 0.12462511222515145], [0.004999250336434791, -0.000500350400575289, -2.4988785506986237e-05, -0.004999250336434791, -0.24996251682173953], [0.0002499251832323676, -2.4988785506986237e-05, -1.2467598858985977e-06, -0.0002499251832323676, -0.012496259161618381], [0.0499000011220839, -0.004999250336434791, -0.0002499251832323676, -0.0499000011220839, -0.12462511222515145], [0.12462511222515145, -0.24996251682173953, -0.012496259161618381, -0.12462511222515145, 112.5374915826946]]),
    ((1.5, 5.0, 100.0, 0.5, 2.0), -50.58838489656336, [3.867884821275654, -1.4383510048463903, -0.4738211517872435, -3.867884821275654, -2.433942410637827],
     [[-2.398032990654595, 0.3107010665414043, 0.017198518306210588, 2.398032990654595, -0.7349259153105294], [0.3107010665414043, -0.037070838621581, -0.0018929893345859573, -0.3107010665414043, -0.15535053327070214], [0.017198518306210588, -0.0018929893345859573, -8.980329906545948e-05, -0.017198518306210588, -0.008599259153105294], [2.398032990654595, -0.3107010665414043, -0.017198518306210588, -2.398032990654595, 0.7349259153105294], [-0.7349259153105294, -0.15535053327070214, -0.008599259153105294, 0.7349259153105294, 1.584434162974178]]),
    ((200000.5, 2.5, 120000.0, 0.5, 2.0), -463.6185643215643, [0.023860653750443495, -0.04558153029235851, -0.04356766041592751, -0.023860653750443495, -2386.56537504435],
     [[-6.846500718654108e-07, 1.2500028527476957e-06, 1.141088661478011e-06, 6.846500718654108e-07, 0.05653468031131934], [1.2500028527476957e-06, -2.282187739701932e-06, -2.0833285787538404e-06, -1.2500028527476957e-06, -0.12500028527476958], [1.141088661478011e-06, -2.0833285787538404e-06, -1.9017883940705858e-06, -1.141088661478011e-06, -0.1141088661478011], [6.846500718654108e-07, -1.2500028527476957e-06, -1.141088661478011e-06, -6.846500718654108e-07, -0.05653468031131934], [0.05653468031131934, -0.12500028527476958, -0.1141088661478011, -0.05653468031131934, -4460.185343609759]]),
    ((6.5, 2.5, 0.0, 0.5, 2.0), -2.6866562476710363, [-0.20833333333333334, 0.3164593207422149, 0.1, 0.20833333333333334, 0.125],
     [[-0.006944444444444444, 0.08333333333333333, 0.1, 0.006944444444444444, 0.125], [0.08333333333333333, -0.2993322886267777, -0.24, -0.08333333333333333, -0.25], [0.1, -0.24, -0.16, -0.1, -0.3], [0.006944444444444444, -0.08333333333333333, -0.1, -0.006944444444444444, -0.125], [0.125, -0.25, -0.3, -0.125, -0.4375]]),
    ((1e-150, 1.0, 2.0, 0.0, 1.5), 170.57221088729466, [-5e+149, -172.26143310587676, -0.5, 5e+149, -0.3333333333333333],
     [[5e+299, 5e+149, 0.3333333333333333, -5e+299, 0.0], [5e+149, -1.2337005501361697, 0.0, -5e+149, -0.3333333333333333], [0.3333333333333333, 0.0, 0.0, -0.3333333333333333, -2.222222222222222e-151], [-5e+299, -5e+149, -0.3333333333333333, 5e+299, 0.0], [0.0, -0.3333333333333333, -2.222222222222222e-151, 0.0, 0.2222222222222222]]),
    ((3.5, 4.0, 1e-08, 0.5, 2.0), -2.4239764366966714, [0.08333333395833334, -0.35523320424387406, -0.3125000001171875, -0.08333333395833334, -0.6250000009375],
     [[-0.1111111111111111, 0.16666666651041667, 0.062499999921875, 0.1111111111111111, 0.1249999996875], [0.16666666651041667, -0.1612335164776816, -0.046874999921875, -0.16666666651041667, -0.249999999765625], [0.062499999921875, -0.046874999921875, -0.011718749978027344, -0.062499999921875, -0.0937499998828125], [0.1111111111111111, -0.16666666651041667, -0.062499999921875, -0.1111111111111111, -0.1249999996875], [0.1249999996875, -0.249999999765625, -0.0937499998828125, -0.1249999996875, 0.1250000009375]]),
    ((4.5, 0.0001, 3.0, 0.5, 2.0), -2.8064457629032784, [-0.0967985130004313, 0.18378882463114993, 0.03758531599942493, 0.0967985130004313, -0.3064029739991374],
     [[-0.006319524100075874, 0.005807159709574592, 0.042641130199755066, 0.006319524100075874, 0.0610383047003674], [0.005807159709574592, -0.132116840391366, -0.15892378705390053, -0.005807159709574592, -0.011614319419149184], [0.042641130199755066, -0.15892378705390053, -0.12234026506680155, -0.042641130199755066, -0.08528226039951013], [0.006319524100075874, -0.005807159709574592, -0.042641130199755066, -0.006319524100075874, -0.0610383047003674], [0.0610383047003674, -0.011614319419149184, -0.08528226039951013, -0.0610383047003674, 0.031124877598833908]]),
    ((0.52, 100.0, 1000.0, 0.5, 2.0), -905.5246137467553, [2452.2475537218984, -4.60065279104875, -0.499950048925562, -2452.2475537218984, -25.022475537219005],
     [[-122500.12207934521, 24.975072816659488, 0.002495112134992176, 122500.12207934521, -1.1225560674960882], [24.975072816659488, -0.005040362244062511, -4.985436668098166e-07, -24.975072816659488, -0.2497507281665951], [0.002495112134992176, -4.985436668098166e-07, -4.883173816962797e-11, -0.002495112134992176, -2.4951121349921785e-05], [122500.12207934521, -24.975072816659488, -0.002495112134992176, -122500.12207934521, 1.1225560674960882], [-1.1225560674960882, -0.2497507281665951, -2.4951121349921785e-05, 1.1225560674960882, 12.522463329284465]]),
]


def _close(got, want, rtol, err_msg="", floor=1e-15):
    """Within ``rtol`` of ``want`` (and of the largest entry's ``floor`` where the truth is tiny: a sum's rounding);
    equal infinities."""
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    finite = np.isfinite(want)
    assert np.array_equal(got[~finite], want[~finite]), err_msg
    np.testing.assert_array_less(np.abs(got - want)[finite], (rtol * np.abs(want) + floor * np.max(np.abs(
        want[finite])) + 1e-300)[finite], err_msg=err_msg)


#: the points on every path (the others by reverse over reverse): below z = 1 by the series, c beyond 1 below z = 1,
#: df = 1e-3 by the window, z = 1e5, c = 2.5 < a = 50 (the weights at j = 0: there the derivatives by the series; by
#: the window d2/dnc2 was (Var j - E j) / nc^2, 1.6e-13 relative off); the density at two
EVERY_PATH = {"logpdf": (0, 3, 5, 6, 11), "pdf": (0, 5)}


@pytest.mark.parametrize("method", ["logpdf", "pdf"])
def test_value_gradient_hessian_against_mpmath(method):
    def f(v):
        return getattr(T, method)(v[0], v[1], v[2], v[3], v[4])
    for k, (point, log_value, gradient, hessian) in enumerate(TRUTHS):
        if method == "pdf" and k not in EVERY_PATH["pdf"]:
            continue
        v = np.array(point)
        g, h = np.array(gradient), np.array(hessian)
        if method == "pdf":  # (e^L: its derivatives e^L (L', L'' + L' L'^T); rounded to |L| eps, L's conditioning)
            value = np.exp(log_value)
            g, h = value * g, value * (h + np.outer(g, g))
            rtol = max(1e-13, 4e-16 * abs(log_value))
        else:
            value, rtol = log_value, 1e-13
        assert float(f(v)) == pytest.approx(value, rel=rtol, abs=1e-300), point
        _close(wg.grad(f)(v), g, rtol, str(point))
        hessian_ = wg.hessian(f)(v)
        _close(hessian_, h, rtol, str(point))
        # (the shapes' block entry by entry: d2/dnc2 is 1e-16 of d2/dx2 at z = 0.01)
        _close(hessian_[1:3, 1:3], h[1:3, 1:3], rtol, str(point), floor=0.0 if np.all(h[1:3, 1:3]) else 1e-15)
        if k in EVERY_PATH[method]:
            for path in (wg.jacfwd(wg.jacfwd(f)), wg.jacfwd(wg.grad(f)), wg.jacrev(wg.jacfwd(f))):
                _close(path(v), h, rtol, str(point))
            direction = np.array([0.3, -0.7, 0.2, 0.5, -0.1])
            _close(wg.jvp(wg.grad(f), (v,), (direction,))[1], h @ direction, 10 * rtol, str(point))


#: ((x, df, nc), log density) at large df: mpmath's sum of the mixture's terms (tools/ncx2_truths.py's LARGE_DF); SciPy's
#: is -inf at the first two
LARGE_DF = [
    ((205000.0, 200000.0, 5000.0), -7.392944364277271),
    ((2100000.0, 2000000.0, 50000.0), -301.4375566152293),
    ((20000.0, 2000.0, 20000.0), -31.509287594664105),
    ((220.0, 200.0, 22.0), -4.010103828367573),  # (the Poisson weight's peak at j = 10: its Stirling remainder)
]


def test_large_df_by_the_largest_term():
    # (there ive underflows or its order's logs cancel: the largest term by Stirling's forms; through (b - 1) log y -
    # y - gammaln(b) the first was 6.2e-12 relative off, through ive the third 4.8e-15; the last 2e-13 with a
    # Stirling remainder of 4 terms at j = 10)
    for (x, df, nc), want in LARGE_DF:
        assert float(T.logpdf(x, df, nc)) == pytest.approx(want, rel=4e-15, abs=0.0), (x, df, nc)


#: ((x, df, nc), log density) at c = nc x / 4 between 1 and 1e3 (below _NCX2_IVE_FROM), by the window's terms: through
#: SciPy's ive 1.2e-14, 6.9e-15 and 7.0e-15 relative off (mpmath's sum of the mixture's terms, tools/ncx2_truths.py's
#: by_terms, 60 digits)
MIDDLE_C = [((12.0, 0.2, 30.0), -4.71278116271027), ((8.0, 5.5, 2.5), -2.4742863988814916),
            ((10.0, 7.3, 5.0), -2.610978365501019)]


def test_middle_c_by_the_terms():
    for (x, df, nc), want in MIDDLE_C:
        assert float(T.logpdf(x, df, nc)) == pytest.approx(want, rel=2e-15, abs=0.0), (x, df, nc)


def test_beyond_scipys_ive():
    # (SciPy's ive is NaN from 1.07e9: the value there by its asymptotic series; at df = 3, ive(1/2, s) = (1 - e^(-2 s))
    # / sqrt(2 pi s): logpdf -log 2 - (sqrt z - sqrt nc)^2 / 2 + log(z / nc) / 4 - log(2 pi sqrt(nc z)) / 2, d/dx -(1 -
    # sqrt(nc / z)) / 2)
    mp = pytest.importorskip("mpmath")
    for x, nc in ((1e10, 1e10), (2e9, 1.9e9), (4e9, 1.1e9)):
        with mp.workdps(40):
            z, n = mp.mpf(x), mp.mpf(nc)
            want = -mp.log(2) - (mp.sqrt(z) - mp.sqrt(n)) ** 2 / 2 + mp.log(z / n) / 4 - mp.log(2 * mp.pi * mp.sqrt(n * z)) / 2
        assert float(T.logpdf(x, 3.0, nc)) == pytest.approx(float(want), rel=1e-15, abs=0.0), (x, nc)
    with pytest.raises(NoGradientRule, match="beyond 4e18"):
        wg.grad(lambda x: T.logpdf(x, 3.0, 1e10))(1e10)


@pytest.mark.parametrize("point, rel", [((2e9, 3.0, 1.9e9), 4e-15), ((1e8, 10.0, 1e8), 5e-12)])
def test_first_derivatives_where_the_mean_of_j_cancels(point, rel):
    # (d/dx (a - 1 + E j) / z - 1/2, d/dnc E j / nc - 1/2 and d/da log(z / 2) - E psi(a + j) cancel; E j through p @ j
    # over the window about j0 (9.7e8 at the first point), with the weights tilted by the rounding of their peak, was
    # 1.5e-13 relative off d/dx at the first point (-(1 - sqrt(0.95)) / 2 exactly, the Bessel function of order 1/2
    # being closed; d/dnc too), 1.6e-8 at the second (d/da 1.4e-8, d/dnc 1.1e-8), where they are 1e-8 of their terms;
    # now exact at the first, 1.4e-12 at the second; mpmath's derivatives of the log density by the Bessel function,
    # its order too)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(30):
        x, df, nc = (mp.mpf(v) for v in point)

        def log_density(x, df, nc):
            return (-mp.log(2) - (x + nc) / 2 + (df / 4 - mp.mpf(1) / 2) * mp.log(x / nc)
                    + mp.log(mp.besseli(df / 2 - 1, mp.sqrt(nc * x))))
        want = [float(mp.diff(lambda t: log_density(t, df, nc), x)), float(mp.diff(lambda t: log_density(x, t, nc), df)),
                float(mp.diff(lambda t: log_density(x, df, t), nc))]
    got = wg.grad(lambda x, df, nc: T.logpdf(x, df, nc), argnums=(0, 1, 2))(*point)
    assert [float(v) for v in got] == pytest.approx(want, rel=rel, abs=0.0)


@pytest.mark.truth_tables
def test_the_generator_of_the_truths():
    # (one point of the table again, live: its value and d/dnc)
    mp = pytest.importorskip("mpmath")
    import importlib.util
    import pathlib
    spec = importlib.util.spec_from_file_location("ncx2_truths", pathlib.Path(__file__).parents[1] / "tools"
                                                  / "ncx2_truths.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    x, df, nc, loc, scale = TRUTHS[0][0]
    with mp.workdps(30):
        z = (mp.mpf(x) - loc) / scale
        value = module.standard(z, mp.mpf(df) / 2, mp.mpf(nc)) + (mp.mpf(df) / 2 - 1) * mp.log(z) - mp.log(scale)
        slope = mp.diff(lambda t: module.standard(z, mp.mpf(df) / 2, t), mp.mpf(nc))
    assert float(value) == pytest.approx(TRUTHS[0][1], rel=1e-15, abs=0.0)
    assert float(slope) == pytest.approx(TRUTHS[0][2][2], rel=1e-14, abs=0.0)


@pytest.mark.parametrize("x, df", [(0.7, 1.0), (3.0, 2.5), (40.0, 7.0), (1e-200, 0.5)])
def test_nc_zero_is_chi2(x, df):
    # (x, df, loc, scale) against chi2's own; d/dnc at nc = 0 is z / (4 a) - 1/2 (the series' first term)
    def n(v):
        return T.logpdf(v[0], v[1], 0.0, v[2], v[3])

    def c(v):
        return wg.scipy.stats.chi2.logpdf(v[0], v[1], v[2], v[3])
    v = np.array([x, df, 0.0, 1.5])
    assert float(n(v)) == pytest.approx(float(c(v)), rel=1e-15, abs=0.0)
    np.testing.assert_allclose(wg.grad(n)(v), wg.grad(c)(v), rtol=1e-15)
    np.testing.assert_allclose(wg.hessian(n)(v), wg.hessian(c)(v), rtol=1e-14)
    z = x / 1.5
    assert float(wg.grad(lambda nc: T.logpdf(x, df, nc, 0.0, 1.5))(0.0)) == pytest.approx(z / (2.0 * df) - 0.5,
                                                                                       rel=1e-15, abs=0.0)


def test_at_x_equal_to_loc_the_limits_from_inside():
    # df = 1: log density +inf, its x-derivative -inf (z^(-1/2)); df = 3: -inf and +inf; d/dnc -1/2 (the series at z
    # = 0), d/dscale -(a - 1) / scale - 1 / scale, d2/dnc2 0; at nc = 0 as chi2's
    for df, value, dx in ((1.0, np.inf, -np.inf), (3.0, -np.inf, np.inf)):
        def f(v, df=df):
            return T.logpdf(v[0], df, v[1], v[2], v[3])
        v = np.array([0.5, 2.0, 0.5, 2.0])
        assert float(f(v)) == value
        g = wg.grad(f)(v)
        assert g[0] == dx and g[2] == -dx
        assert g[1] == -0.5 and g[3] == pytest.approx(-(0.5 * df - 1.0) / 2.0 - 0.5, rel=1e-15, abs=0.0)
        for path in (wg.hessian(f), wg.jacfwd(wg.jacfwd(f))):
            h = path(v)
            assert h[1, 1] == 0.0 and h[1, 3] == 0.0 and h[3, 3] == pytest.approx(0.5 * df / 4.0, rel=1e-15, abs=0.0)
        c = wg.scipy.stats.chi2
        w = np.array([0.5, 0.5, 2.0])
        np.testing.assert_array_equal(wg.hessian(lambda u: T.logpdf(u[0], df, 0.0, u[1], u[2]))(w),
                                      wg.hessian(lambda u: c.logpdf(u[0], df, u[1], u[2]))(w))
    # (the density at its pole, df = 1: +inf, -inf in x, +inf in loc; at df = 3 the density's gradient at x = loc
    # warns 'divide by zero' in np.power, as chi2.pdf's there: left to the gamma family's end)
    w = np.array([0.5, 0.5, 2.0])
    np.testing.assert_array_equal(wg.grad(lambda u: T.pdf(u[0], 1.0, 2.0, u[1], u[2]))(w)[[0, 1]], [-np.inf, np.inf])
    # in nc the density times -1/2 there, -inf (was 0: nc's factor taken at its plain value), and its second
    # derivatives the limits' (+inf in nc, x and the scale, -inf in loc)
    pdf = lambda u: T.pdf(u[0], 1.0, u[3], u[1], u[2])  # noqa: E731
    v = np.array([0.5, 0.5, 2.0, 2.0])
    assert wg.grad(pdf)(v)[3] == -np.inf
    np.testing.assert_array_equal(wg.hessian(pdf)(v)[3], [np.inf, -np.inf, np.inf, np.inf])
    with pytest.raises(NoGradientRule, match="df = 2 where x == loc"):
        wg.grad(lambda df: T.logpdf(0.0, df, 1.0))(2.0)
    assert float(wg.grad(lambda x: T.logpdf(x, 2.0, 1.0))(0.0)) == pytest.approx(-0.5 + 0.25 * 1.0 / 1.0, rel=1e-15, abs=0.0)


def test_a_third_derivative_is_refused():
    with pytest.raises(NoGradientRule, match="third derivative"):
        wg.grad(wg.grad(wg.grad(lambda nc: T.logpdf(3.0, 2.5, nc))))(4.0)


def test_moments_against_their_closed_forms():
    v = np.array([3.0, 2.0, 0.5, 1.5])
    for m, want, gradient in (("mean", 0.5 + 1.5 * 5.0, [1.5, 1.5, 1.0, 5.0]),
                              ("var", 2.25 * 14.0, [4.5, 9.0, 0.0, 42.0]),
                              ("std", 1.5 * np.sqrt(14.0), [1.5 / np.sqrt(14.0), 3.0 / np.sqrt(14.0), 0.0,
                                                            np.sqrt(14.0)])):
        def f(v, m=m):
            return getattr(T, m)(v[0], v[1], v[2], v[3])
        assert float(f(v)) == pytest.approx(want, rel=1e-15, abs=0.0)
        np.testing.assert_allclose(wg.grad(f)(v), gradient, rtol=1e-15)
    assert float(wg.hessian(lambda v: T.std(v[0], v[1]))(np.array([3.0, 2.0]))[0, 1]) == pytest.approx(
        -2.0 / 14.0 ** 1.5, rel=1e-14, abs=0.0)  # (d2/ddf dnc of sqrt(2 (df + 2 nc)): -2 / (2 (df + 2 nc))^(3/2))


def test_infinite_x_and_what_it_does_not_have():
    for method, limit in (("logpdf", -np.inf), ("pdf", 0.0)):
        assert getattr(T, method)(np.array([-np.inf, np.inf]), 2.0, 1.0).tolist() == [limit, limit]
        assert wg.grad(lambda nc, m=method: getattr(T, m)(np.inf, 2.0, nc))(1.0) == 0.0
    for method, limits in (("cdf", [0.0, 1.0]), ("logcdf", [-np.inf, 0.0]), ("sf", [1.0, 0.0]),
                           ("logsf", [0.0, -np.inf])):
        assert getattr(T, method)(np.array([-np.inf, np.inf]), 2.0, 1.0).tolist() == limits
    assert wg.grad(lambda nc: T.cdf(np.inf, 2.0, nc))(1.0) == 0.0
    assert not hasattr(T, "entropy")


REFUSALS = [(lambda: T.pdf(0.5, bad_df, bad_nc), "df must be positive and finite and nc finite and not negative")
            for bad_df, bad_nc in ((0.0, 1.0), (-1.0, 1.0), (np.inf, 1.0), (1.0, -0.5), (1.0, np.inf), (np.nan, 1.0))
            ] + [(lambda: T.mean(1.0, -1.0), "df must be positive"), (lambda: T.logpdf(0.5, 1.0, 0.5, 0.0, -1.0),
                                                                      "scale")]

test_refusals = refusals_test(REFUSALS)


def test_float32_stays_float32():
    f = np.float32
    for method in ("logpdf", "pdf", "mean", "var", "std"):
        args = (f(2.5), f(1.5), f(0.1), f(1.2))
        got = getattr(T, method)(*(((f(0.9),) if "pdf" in method else ()) + args))
        assert got.dtype == np.float32, method
        want = getattr(ST.ncx2, method)(*(((0.9,) if "pdf" in method else ()) + (2.5, 1.5, 0.1, 1.2)))
        assert float(got) == pytest.approx(float(want), rel=1e-6, abs=0.0)
    assert wg.grad(lambda nc: T.logpdf(f(0.9), f(2.0), nc))(f(0.5)).dtype == np.float32


#: (method, (x, df, nc, loc, scale), log tail, gradient, Hessian): mpmath, 30 digits, the mixture of gammainc tails
#: (tools/ncx2_tail_truths.py): z below and beyond df + nc (the cdf's and the sf's log tails), df = 0.5 at z = 0.01, nc
#: = 1000 on both sides, the cdf 1e-284 (z = 1, nc = 1300) and the sf 1e-282 (z = 1400), nc = 0 (chi2) and 1e-12 traced,
#: df = 1000 on both sides
TAIL_TRUTHS = [
    ('logcdf', (1.1, 3.0, 2.0, 0.5, 2.0), *(-4.161102127956761, [2.44758771200813, -1.3234916794230542, -0.470992439826839, -2.44758771200813, -0.7342763136024392], [[-4.170432409446086, 0.7954420499348284, 0.046749562121544457, 4.170432409446086, 0.027335866829760774], [0.7954420499348284, -0.11353992114047075, -0.005475270134061472, -0.7954420499348284, -0.23863261498044855], [0.046749562121544457, -0.005475270134061472, -0.00023148539170939132, -0.046749562121544457, -0.01402486863646334], [4.170432409446086, -0.7954420499348284, -0.046749562121544457, -4.170432409446086, -0.027335866829760774], [0.027335866829760774, -0.23863261498044855, -0.01402486863646334, -0.027335866829760774, 0.35893739675229136]])),
    ('logsf', (20.5, 3.0, 2.0, 0.5, 2.0), *(-2.2883367200305664, [-0.15085075619038635, 0.4088087485438548, 0.5239504108363872, 0.15085075619038635, 1.5085075619038635], [[-0.0019132907712841344, 0.010707846854440883, 0.023476091067028977, 0.0019132907712841344, 0.09455828580803452], [0.010707846854440883, -0.052358535088973944, -0.10096770756468518, -0.010707846854440883, -0.10707846854440883], [0.023476091067028977, -0.10096770756468518, -0.1752082656091711, -0.023476091067028977, -0.23476091067028976], [0.0019132907712841344, -0.010707846854440883, -0.023476091067028977, -0.0019132907712841344, -0.09455828580803452], [0.09455828580803452, -0.10707846854440883, -0.23476091067028976, -0.09455828580803452, -1.6998366390322768]])),
    ('logcdf', (0.52, 0.5, 5.0, 0.5, 2.0), *(-3.717346401271775, [12.94612107861418, -2.5409905083393394, -0.4980123435631801, -12.94612107861418, -0.1294612107861419], [[-625.1923502271245, 24.72412348469612, 0.09877064499703736, 625.1923502271245, -0.2211370370358394], [24.72412348469612, -0.294910550864649, -0.0007874397044776763, -24.72412348469612, -0.2472412348469614], [0.09877064499703736, -0.0007874397044776763, -1.7475387702439824e-06, -0.09877064499703736, -0.0009877064499703744], [625.1923502271245, -24.72412348469612, -0.09877064499703736, -625.1923502271245, 0.2211370370358394], [-0.2211370370358394, -0.2472412348469614, -0.0009877064499703744, 0.2211370370358394, 0.06694197576342935]])),
    ('logsf', (2200.5, 4.0, 1000.0, 0.5, 2.0), *(-2.700424894448071, [-0.014605346139821005, 0.029895766264686242, 0.030592626939853644, 0.014605346139821005, 16.065880753803107], [[-4.505327413747503e-05, 9.559462008469825e-05, 0.00010133224073006674, 4.505327413747503e-05, 0.05686127462113304], [9.559462008469825e-05, -0.0002027477617641964, -0.00021482565852584348, -9.559462008469825e-05, -0.10515408209316807], [0.00010133224073006674, -0.00021482565852584348, -0.00022752679308448337, -0.00010133224073006674, -0.11146546480307341], [4.505327413747503e-05, -9.559462008469825e-05, -0.00010133224073006674, -4.505327413747503e-05, -0.05686127462113304], [0.05686127462113304, -0.10515408209316807, -0.11146546480307341, -0.05686127462113304, -70.58034246014789]])),
    ('logcdf', (1700.5, 4.0, 1000.0, 0.5, 2.0), *(-5.130941233723964, [0.024361280579341046, -0.04673966289491781, -0.044846917864991065, -0.024361280579341046, -20.70708849243989], [[-7.432699110822523e-05, 0.00013562680143916345, 0.00012361752580495212, 7.432699110822523e-05, 0.050997302152320914], [0.00013562680143916345, -0.0002473580645568756, -0.0002253418667749825, -0.00013562680143916345, -0.11528278122328893], [0.00012361752580495212, -0.0002253418667749825, -0.00020518176620363084, -0.00012361752580495212, -0.10507489693420931], [7.432699110822523e-05, -0.00013562680143916345, -0.00012361752580495212, -7.432699110822523e-05, -0.050997302152320914], [0.050997302152320914, -0.11528278122328893, -0.10507489693420931, -0.050997302152320914, -32.99416258325284]])),
    ('logcdf', (2.5, 20.0, 1300.0, 0.5, 2.0), *(-654.3792328043144, [11.494373905326952, -1.9316056152638372, -0.4896403060659123, -11.494373905326952, -11.494373905326952], [[-3.702992642110888, 0.15924187205033644, 0.0033318808933265197, 3.702992642110888, -2.0441943105525886], [0.15924187205033644, -0.006754510659120238, -0.00013940454438445194, -0.15924187205033644, -0.15924187205033644], [0.0033318808933265197, -0.00013940454438445194, -2.8384795701475093e-06, -0.0033318808933265197, -0.0033318808933265197], [3.702992642110888, -0.15924187205033644, -0.0033318808933265197, -3.702992642110888, 2.0441943105525886], [-2.0441943105525886, -0.15924187205033644, -0.0033318808933265197, 2.0441943105525886, 7.791381263216065]])),
    ('logsf', (2800.5, 3.0, 2.0, 0.5, 2.0), *(-649.3119857380283, [-0.240557886693883, 1.633374184638519, 12.48856899545148, 0.240557886693883, 336.78104137143623], [[-1.6835489679757814e-06, 9.000910741278935e-05, 0.0023604598606289636, 1.6835489679757814e-06, 0.1226359119021076], [9.000910741278935e-05, -0.004766211746205822, -0.12379312792901519, -9.000910741278935e-05, -0.12601275037790508], [0.0023604598606289636, -0.12379312792901519, -3.184546112748259, -0.0023604598606289636, -3.304643804880549], [1.6835489679757814e-06, -9.000910741278935e-05, -0.0023604598606289636, -1.6835489679757814e-06, -0.1226359119021076], [0.1226359119021076, -0.12601275037790508, -3.304643804880549, -0.1226359119021076, -340.08079734866874]])),
    ('logsf', (12.5, 3.0, 0.0, 0.5, 2.0), *(-2.1927426105195527, [-0.21795571726674312, 0.6746220797570012, 0.8718228690669725, 0.21795571726674312, 1.3077343036004587], [[-0.002097253592022318, 0.031289923815833856, 0.08104092012367031, 0.002097253592022318, 0.12156138018550547], [0.031289923815833856, -0.22037177209631212, -0.4157673182856596, -0.031289923815833856, -0.18773954289500316], [0.08104092012367031, -0.4157673182856596, -0.6728928281214703, -0.08104092012367031, -0.4862455207420219], [0.002097253592022318, -0.031289923815833856, -0.08104092012367031, -0.002097253592022318, -0.12156138018550547], [0.12156138018550547, -0.18773954289500316, -0.4862455207420219, -0.12156138018550547, -1.3832354329132623]])),
    ('logsf', (2100.5, 1000.0, 3.0, 0.5, 2.0), *(-1.913168077471572, [-0.016895482680165216, 0.03457975566817184, 0.035369667563741755, 0.016895482680165216, 17.740256814173474], [[-8.890719260933928e-05, 0.00019011027120325555, 0.00020291205487356852, 8.890719260933928e-05, 0.10180029357988886], [0.00019011027120325555, -0.0004061589296975915, -0.0004331338866367257, -0.00019011027120325555, -0.19961578476341835], [0.00020291205487356852, -0.0004331338866367257, -0.0004615030645746985, -0.00020291205487356852, -0.21305765761724696], [8.890719260933928e-05, -0.00019011027120325555, -0.00020291205487356852, -8.890719260933928e-05, -0.10180029357988886], [0.10180029357988886, -0.19961578476341835, -0.21305765761724696, -0.10180029357988886, -115.76043666597003]])),
    ('logcdf', (1800.5, 1000.0, 3.0, 0.5, 2.0), *(-4.708611711355569, [0.03236099028346102, -0.061308824584201824, -0.05809366060376612, -0.03236099028346102, -29.124891255114914], [[-0.00014208993138047248, 0.000251902933119494, 0.00022288839554017898, 0.00014208993138047248, 0.11170044310069473], [0.000251902933119494, -0.0004461774401842195, -0.00039442661153992766, -0.000251902933119494, -0.22671263980754458], [0.00022288839554017898, -0.00039442661153992766, -0.00034836084441420173, -0.00022288839554017898, -0.20059955598616108], [0.00014208993138047248, -0.000251902933119494, -0.00022288839554017898, -0.00014208993138047248, -0.11170044310069473], [0.11170044310069473, -0.22671263980754458, -0.20059955598616108, -0.11170044310069473, -85.96795316306779]])),
    ('logcdf', (4.5, 4.0, 1e-12, 0.5, 2.0), *(-1.3308932682044026, [0.3480527977943673, -0.5226212486378514, -0.34805279779433834, -0.3480527977943673, -0.6961055955887346], [[-0.121140750052465, 0.1083241524278417, 0.03412755060387757, 0.121140750052465, 0.06825510120774633], [0.1083241524278417, -0.07906890399789489, -0.021310952979260177, -0.1083241524278417, -0.2166483048556834], [0.03412755060387757, -0.021310952979260177, -0.005123150787684703, -0.03412755060387757, -0.06825510120775514], [0.121140750052465, -0.1083241524278417, -0.03412755060387757, -0.121140750052465, -0.06825510120774633], [0.06825510120774633, -0.2166483048556834, -0.06825510120775514, -0.06825510120774633, 0.21154259537887465]])),
]
#: the points on every path (the others by hessian)
TAIL_EVERY_PATH = (0, 1, 5, 6)
#: the far tails (log tail -654, -649): the Hessian within this of its largest entry (the z-derivative of the hazard
#: pdf / tail, ``pdf'/pdf -+ pdf / tail``, cancels there to ~1/z, and pdf / tail is exp of a difference of two logs of
#: size 650: 3.1e-11 at the sf's 1e-282, z = 1400; see the class)
TAIL_FAR_FLOOR = {5: 5e-12, 6: 5e-11}


@pytest.mark.parametrize("k", range(len(TAIL_TRUTHS)))
def test_tails_value_gradient_hessian_against_mpmath(k):
    method, point, value, gradient, hessian = TAIL_TRUTHS[k]

    def f(v):
        return getattr(T, method)(v[0], v[1], v[2], v[3], v[4])
    v, g, h = np.array(point), np.array(gradient), np.array(hessian)
    rtol, floor = (1e-13, 1e-15) if k not in TAIL_FAR_FLOOR else (3e-13, TAIL_FAR_FLOOR[k])
    assert float(f(v)) == pytest.approx(value, rel=1e-15, abs=0.0), point
    _close(wg.grad(f)(v), g, rtol, str(point))
    _close(wg.hessian(f)(v), h, rtol, str(point), floor=floor)
    if k in TAIL_EVERY_PATH:
        for path in (wg.jacfwd(wg.jacfwd(f)), wg.jacrev(wg.jacrev(f)), wg.jacrev(wg.jacfwd(f))):
            _close(path(v), h, rtol, str(point), floor=floor)
        direction = np.array([0.3, -0.7, 0.2, 0.5, -0.1])
        _close(wg.jvp(wg.grad(f), (v,), (direction,))[1], h @ direction, 10 * rtol, str(point), floor=10 * floor)
    if k in (0, 1):  # (the tail itself, e^L, and the other log tail, log(1 - e^L), from the same truths)
        other = {"logcdf": ("cdf", "logsf"), "logsf": ("sf", "logcdf")}[method]
        e = np.exp(value)
        wants = [(e, e * g, e * (h + np.outer(g, g))),
                 (np.log1p(-e), -e / (1 - e) * g, -e / (1 - e) * h - e / (1 - e) ** 2 * np.outer(g, g))]
        for name, (want, want_g, want_h) in zip(other, wants):
            def f2(v, name=name):
                return getattr(T, name)(v[0], v[1], v[2], v[3], v[4])
            assert float(f2(v)) == pytest.approx(want, rel=rtol, abs=0.0), (name, point)
            _close(wg.grad(f2)(v), want_g, rtol, name)
            _close(wg.hessian(f2)(v), want_h, 2 * rtol, name)


@pytest.mark.parametrize("x, df", [(0.7, 1.0), (3.0, 2.5), (40.0, 7.0)])
def test_tails_at_nc_zero_are_chi2s(x, df):
    chi2 = wg.scipy.stats.chi2
    # (a constant nc = 0: chi2's own functions (the value exactly; x - loc and the scale apart in chi2's, not here);
    # a traced nc = 0: chi2's value, its d/dnc -+pdf(z; df + 2) / tail)
    for name in ("cdf", "logcdf", "sf", "logsf"):
        want = getattr(chi2, name)(x, df, 0.2, 1.3)
        assert getattr(T, name)(x, df, 0.0, 0.2, 1.3) == want
        np.testing.assert_allclose(wg.grad(lambda v: getattr(T, name)(v[0], v[1], 0.0, 0.2, 1.3))(np.array([x, df])),
                                   wg.grad(lambda v: getattr(chi2, name)(v[0], v[1], 0.2, 1.3))(np.array([x, df])),
                                   rtol=1e-15)
    z = (x - 0.2) / 1.3
    value, d_nc = wg.value_and_grad(lambda nc: T.logsf(x, df, nc, 0.2, 1.3))(0.0)
    assert value == pytest.approx(float(chi2.logsf(x, df, 0.2, 1.3)), rel=1e-15, abs=0.0)
    assert d_nc == pytest.approx(float(chi2.pdf(z, df + 2.0) / chi2.sf(z, df)), rel=1e-13, abs=0.0)


def test_tails_at_x_equal_to_loc_and_a_third_derivative_in_df():
    assert float(T.cdf(0.5, 3.0, 2.0, 0.5)) == 0.0 and float(T.logsf(0.5, 3.0, 2.0, 0.5)) == 0.0
    assert float(T.logcdf(0.5, 3.0, 2.0, 0.5)) == -np.inf
    for name in ("cdf", "logcdf", "sf", "logsf"):
        with pytest.raises(NoGradientRule, match="x == loc"):
            wg.grad(lambda x: getattr(T, name)(x, 3.0, 2.0, 0.5))(0.5)
    third = wg.grad(wg.grad(wg.grad(lambda df: T.logcdf(1.0, df, 2.0))))
    with pytest.raises(NoGradientRule, match="third derivative"):
        third(3.0)


#: (method, q, df, nc, z): mpmath's roots (30 digits) of the mixture's log tail (tools/ncx2_tail_truths.py's log_tail)
#: at q; SciPy's are 3e-11 off at isf(1e-300) and 6.8e-8 at isf(1 - 1e-10)
QUANTILE_TRUTHS = [("ppf", 0.3, 3.0, 2.0, 2.5735663092416874), ("ppf", 1e-10, 3.0, 2.0, 1.0146520709857932e-06),
                   ("isf", 1e-300, 3.0, 2.0, 1486.1316632300407), ("isf", 1 - 1e-10, 3.0, 2.0, 1.0146521269542554e-06),
                   ("isf", 1e-10, 4.0, 1000.0, 1446.0768789184337)]


@pytest.mark.parametrize("method, q, df, nc, z", QUANTILE_TRUTHS)
def test_quantiles_against_mpmath(method, q, df, nc, z):
    # (the root is as exact as the log tail's rounding, |L| eps, over d log tail / d log z: 23 eps / 1.5 at ppf(1e-10,
    # 3, 2), where the floor's SciPy 1.13.1 start gave 4.5e-15; elsewhere within 2e-15)
    assert float(getattr(T, method)(q, df, nc)) == pytest.approx(z, rel=1e-14, abs=0.0)


def test_ppf_far_in_the_lower_tail():
    # (the log cdf's rounding, |log cdf| eps = 7.6e-14, divided by df / 2: 1.2e-13 off; SciPy's 3.1e-14)
    assert float(T.ppf(1e-300, 3.0, 2.0)) == pytest.approx(4.7095974041161823e-200, rel=2e-13, abs=0.0)


def test_ppf_where_the_root_is_tiny_or_underflows():
    # (df < 2: the root ~ 2 (q e^(nc / 2) Gamma(df / 2 + 1))^(2 / df), exact there to O(z) relative, mpmath's at 50
    # digits): ppf(2.8e-84, 1, 1) was NaN (the bracket's middle sqrt(below above) underflowed to 0), ppf(3.17e-160, 1,
    # 1) an OverflowError, ppf(1e-300, 1, 1) NaN (the root 4.3e-600 rounds to 0)
    assert float(T.ppf(2.808542580685947e-84, 1.0, 1.0)) == pytest.approx(3.368033358153118044e-167, rel=4e-14)
    assert abs(float(T.ppf(3.17e-160, 1.0, 1.0)) - 4.2907467615112207684e-319) <= 5e-324
    assert float(T.ppf(1e-300, 1.0, 1.0)) == 0.0
    assert np.array_equal(T.ppf(np.array([2.808542580685947e-84, 1e-300]), 1.0, 1.0),
                          [float(T.ppf(2.808542580685947e-84, 1.0, 1.0)), 0.0])


#: ((method, q, df, nc, loc, scale), z, dz/dq, d2z/dq2, dz/ddf, dz/dnc) of the standard quantile: mpmath (30 digits) at
#: its root, dz/dq +-1 / pdf, d2z/dq2 -(d/dz log pdf) dz/dq^2, dz/ddf -(d/ddf log tail) / (d/dz log tail), dz/dnc
#: pdf(z; df + 2, nc) / pdf(z)
QUANTILE_SLOPES = [(("ppf", 0.3, 3.0, 2.0, 0.5, 2.0), 2.5735663092416874, 7.297059012571517, 2.645820515760744,
                    0.8660455417244295, 0.6589039208926273),
                   (("isf", 0.01, 3.0, 2.0, 0.5, 2.0), 17.162457083541298, -293.28627718767734, 28326.39939917534,
                    1.554658547962881, 2.4294211534200905)]


@pytest.mark.parametrize("k", range(len(QUANTILE_SLOPES)))
def test_quantile_derivatives_by_implicit_differentiation(k):
    (method, *point), z, zq, zqq, zdf, znc = QUANTILE_SLOPES[k]

    def f(v):
        return getattr(T, method)(v[0], v[1], v[2], v[3], v[4])
    v, scale = np.array(point), point[-1]
    assert float(f(v)) == pytest.approx(point[3] + scale * z, rel=1e-15, abs=0.0)
    _close(wg.grad(f)(v), [scale * zq, scale * zdf, scale * znc, 1.0, z], 1e-13)
    hessians = [path(f)(v) for path in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacrev(wg.jacrev(f)),
                                        lambda f: wg.jacrev(wg.jacfwd(f)))]
    for h in hessians:  # (d2/dq2 against mpmath; the paths against one another; x linear in loc and scale)
        assert h[0, 0] == pytest.approx(scale * zqq, rel=1e-12, abs=0.0)
        np.testing.assert_allclose(h, hessians[0], rtol=1e-12, atol=1e-14 * np.max(np.abs(hessians[0])))
        assert np.all(h[3] == 0.0) and h[4, 4] == 0.0 and h[0, 4] == pytest.approx(zq, rel=1e-13, abs=0.0)
    direction = np.array([0.3, -0.7, 0.2, 0.5, -0.1])
    _close(wg.jvp(wg.grad(f), (v,), (direction,))[1], hessians[0] @ direction, 1e-12)


def test_quantiles_at_their_ends_and_nc_zero():
    assert float(T.ppf(0.0, 3.0, 2.0)) == 0.0 and float(T.isf(0.0, 3.0, 2.0)) == np.inf
    with pytest.raises(NoGradientRule, match="quantile is loc"):
        wg.grad(lambda q: T.ppf(q, 3.0, 2.0))(0.0)
    with pytest.raises(NoGradientRule, match="quantile is loc"):
        wg.grad(lambda nc: T.isf(1.0, 3.0, nc))(2.0)
    assert T.ppf(0.3, 3.0, 0.0, 0.5, 2.0) == wg.scipy.stats.chi2.ppf(0.3, 3.0, 0.5, 2.0)
    assert float(T.median(3.0, 2.0)) == float(T.ppf(0.5, 3.0, 2.0))
