"""``scipy.stats``' ``nct`` (the noncentral Student t distribution): its log density, density, tails (cdf, sf and
their logs), quantiles (ppf, isf, median, interval), mean, var and std.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's where SciPy's are right; value, gradient and Hessian in (x, df,
nc) against mpmath (tools/nct_truths.py: the defining integral and 1F1's closed form at enough digits, the derivatives
by mp.diff) at ten points: x < 0 with nc > 0 and x > 0 with nc < 0 (where SciPy's 1F1 form cancels), x = 0, df = 0.5
and 1e6, nc = 1e-3 and 50, a log density of -465, the log density's on the five paths; third derivatives and a fourth
refused; nc = 0 against t, bit for bit; the mean, variance and std; invalid parameters. The tails and quantiles:
the log tails, their gradients and Hessians in (x, df, nc) against mpmath (tools/nct_truths.py --tails: the integrals
over the chi-squared variable at 40 digits) at df = 0.5 to 1e3, nc = -10 to 20, x = +-1e10, tails down to 1e-300 and up
to 1 - 1e-23; the quantiles at those tails (their derivatives by the implicit function theorem from the same truths).
"""
import numpy as np
import pytest

from stats_file import ST, distribution  # (first: it skips the file without SciPy)
from opcheck import case, five_hessians, gradient_test, refusals_test, stats_values_test
import wengert as wg
from wengert.scipy import stats

T, _f = distribution("nct")

CASES = [
    *[case(_f(f), _f(f), np.array([-1.5, 0.4, 3.0]), np.array([[1.5], [6.0]]), np.array([[-0.5], [2.0]]), 0.1, 1.1,
           id=f"nct.{f}") for f in ("logpdf", "pdf")],
    *[case(_f(m), _f(m), np.array([2.5, 7.0]), np.array([-0.5, 2.0]), 0.2, 1.3, id=f"nct.{m}")
      for m in ("mean", "var", "std")],
    # (two x a row: each call finds its quadrature's rules, tests/test_coverage.py's second order most of the time)
    *[case(_f(f), _f(f), np.array([-1.5, 3.0]), np.array([[1.5], [6.0]]), np.array([[-0.5], [2.0]]), 0.1, 1.1,
           id=f"nct.{f}") for f in ("cdf", "logcdf", "sf", "logsf")],
    *[case(_f(f), _f(f), np.array([0.05, 0.9]), np.array([[1.5], [6.0]]), np.array([[-0.5], [2.0]]), 0.1, 1.1,
           id=f"nct.{f}") for f in ("ppf", "isf")],
    # (few traced arguments: each shape's derivative a forward pass through a tail, as ncf's)
    case(_f("median"), lambda df, nc, scale: T.median(df, nc, 0.1, scale), 6.0, 2.0, 1.1, id="nct.median"),
    case(T.interval, lambda c, scale: np.stack(T.interval(c, 6.0, 2.0, 0.1, scale)), np.array([0.8]), 1.3,
         id="nct.interval"),
]

test_gradient = gradient_test(CASES)

X = np.array([-4.0, -0.9, 0.0, 0.7, 2.5, 9.0])
VALUE_CHECKS = [
    *[(f"nct.{f}", (X, df, nc, -0.2, 1.3)) for f in ("logpdf", "pdf")
      for df, nc in ((3.0, 2.0), (1.0, 0.0), (0.5, -1.5), (25.0, 1.0))],
    *[(f"nct.{m}", (np.array([3.0, 2.5, 40.0]), np.array([2.0, 0.0, -4.0]), -0.2, 1.3)) for m in ("mean", "var", "std")],
    *[(f"nct.{f}", (X, df, nc, -0.2, 1.3)) for f in ("cdf", "logcdf", "sf", "logsf")
      for df, nc in ((3.0, 2.0), (1.0, 0.0), (0.5, -1.5), (25.0, 1.0))],
    # (not at nc = 0: there ours is t's quantile, and SciPy 1.13's nct.ppf(0.3, 1, 0) is 1.7e-11 off tan(-pi / 5))
    *[(f"nct.{f}", (np.array([0.01, 0.3, 0.5, 0.8]), df, nc, -0.2, 1.3)) for f in ("ppf", "isf")
      for df, nc in ((3.0, 2.0), (1.0, -0.7), (25.0, 1.0))],
    ("nct.median", (3.0, 2.0, -0.2, 1.3)), ("nct.interval", (0.9, 3.0, 2.0, -0.2, 1.3)),
]

# (not at df = 60, nc = 3: there SciPy's logpdf(-4, 60, 3, -0.2, 1.3) is -17.711923912302773, 7.8e-11 off mpmath's
# -17.711923913681156, ours -17.711923913681154)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)

#: ((x, df, nc), log density, gradient, Hessian in (x, df, nc)): mpmath (tools/nct_truths.py)
TRUTHS = [
    ((0.5, 3.0, 1.0), *(-1.121190883558037, [0.41591465712541575, 0.025184810558272673, -0.44137956072373313], [[-1.385823109507959, 0.028226379377944182, 1.102572470423292], [0.028226379377944182, -0.01627689867397976, -0.01826508140813323], [1.102572470423292, -0.01826508140813323, -0.9613936844636504]])),
    ((-2.0, 3.0, 1.0), *(-4.492616248286889, [1.3961326844734054, -0.12735683248152255, -2.1819525275425593], [[0.3085204110606745, 0.19678427086984643, 0.20756817075054676], [0.19678427086984643, 0.027757188981537766, -0.12176421119403397], [0.20756817075054676, -0.12176421119403397, -0.7866989359599923]])),
    ((3.0, 0.5, -2.0), *(-6.98491006028447, [-0.49215528677447234, -0.16242472782821954, 2.5264256730724624], [[0.15895350409093897, -0.3110370215443526, 0.0040955197062292805], [-0.3110370215443526, -2.5129682781617584, 0.2881696281925402], [0.0040955197062292805, 0.2881696281925402, -0.8535094750913033]])),
    ((2.0, 1000000.0, 1.0), *(-1.4189392832041936, [-0.9999987500032187, 7.49999041669026e-13, 0.9999985000035625], [[-0.9999945000211249, -1.2499935625248203e-12, 0.9999962500135312], [-1.2499935625248203e-12, -1.4999971250094374e-18, 1.4999928750276094e-12], [0.9999962500135312, 1.4999928750276094e-12, -0.9999980000065]])),
    ((0.0, 4.0, 2.0), *(-2.980829253011726, [2.127692162140974, 0.015186152773388023, -2.0], [[-0.777073936836134, -0.032311458229013115, 1.063846081070487], [-0.032311458229013115, -0.007394077686997893, 0.0], [1.063846081070487, 0.0, -1.0]])),
    ((-30.0, 1.0, 30.0), *(-464.7528435517598, [0.06666642165486104, -5.247199134986638, -30.066445911029803], [[0.0022221977211808576, 0.03333288468532653, 1.620870343745085e-08], [0.03333288468532653, -0.08987454932808052, -0.0331496121042661], [1.620870343745085e-08, -0.0331496121042661, -0.9977997403408038]])),
    ((100.0, 3.0, 50.0), *(-5.637222383437926, [-0.03248351146528803, -0.1332351567524963, 0.04495654181587078], [[0.000174595388931599, -0.007490012357831844, 0.0002998203682774477], [-0.007490012357831844, -0.06680952983364634, 0.014963068156558866], [0.0002998203682774477, 0.014963068156558866, -0.001497034916777835]])),
    ((1.0, 1.0, 0.001), *(-1.836991232172517, [-0.999556779220669, 0.34662393011729714, 0.885441558662047], [[-0.0006647775028505713, 0.0002467579723261457, 0.4433281116229516], [0.0002467579723261457, -0.5725106888567848, 0.05029516532126792], [0.4433281116229516, 0.05029516532126792, -0.7853354161438684]])),
    ((-5.0, 0.5, 3.0), *(-10.70941466266976, [0.2989419652375171, -0.9226121729214635, -3.410067045188952], [[0.059367894713059054, 0.19689177254838727, 0.0004745330116735559], [0.19689177254838727, -2.441944989425977, -0.2454731270267379], [0.0004745330116735559, -0.2454731270267379, -0.9036462909292683]])),
    ((-1.0, 1000.0, 40.0), *(-841.0126109649811, [40.15983544243231, -0.0004031607113261307, -40.979974881946866], [[-0.09917107558244348, 0.0008303557540481409, 0.959439629885441], [0.0008303557540481409, 7.999992039437208e-07, -1.9800656858993918e-05], [0.959439629885441, -1.9800656858993918e-05, -0.9995106046892115]])),
]


def _close(got, want, rtol, err_msg=""):
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    np.testing.assert_array_less(np.abs(got - want), rtol * np.abs(want) + 1e-15 * np.max(np.abs(want)) + 1e-300,
                                 err_msg=err_msg)


@pytest.mark.parametrize("method", ["logpdf", "pdf"])
def test_value_gradient_hessian_against_mpmath(method):
    # (every point at once: the rows are independent, the Hessians their blocks, the log density's on the five paths)
    def f(v):
        return getattr(T, method)(v[:, 0], v[:, 1], v[:, 2])
    v = np.array([point for point, *_ in TRUTHS])
    value, g, h = (np.array([row[k] for row in TRUTHS]) for k in (1, 2, 3))
    keep = np.ones(len(TRUTHS), bool)
    if method == "pdf":  # (e^L: its derivatives e^L (L', L'' + L' L'^T))
        # (not at e^-465, nor at df = 1e6 where x - nc = 1 is the normal's inflection: there d2/dx2 and d2/dnc2 are
        # 1e-6 of their terms L'' and L'^2, which the truth's floats cancel)
        keep = v[:, 1] < 1e5
        keep[np.argmin(value)] = False
        value = np.exp(value)
        h = value[:, None, None] * (h + g[:, :, None] * g[:, None, :])
        g = value[:, None] * g
    v, value, g, h = v[keep], value[keep], g[keep], h[keep]
    np.testing.assert_allclose(f(v), value, rtol=1e-13, atol=0.0)
    grad = wg.grad(lambda v: np.sum(f(v)))(v)
    for k, point in enumerate(v):
        _close(grad[k], g[k], 1e-13, str(point))
    if method == "logpdf":
        paths = five_hessians(f, v)
    else:  # (pdf is exp of logpdf: reverse over reverse)
        paths = {"jacrev(jacrev)": np.stack([wg.grad(lambda v: np.sum(wg.grad(lambda v: np.sum(f(v)))(v)[:, i]))(v)
                                             for i in range(3)], axis=-1)}
    for path, hessians in paths.items():
        for k, point in enumerate(v):
            _close(hessians[k], h[k], 1e-12, f"{path} at {point}")


@pytest.mark.parametrize("method", ["logpdf", "pdf"])
def test_nc_zero_is_t(method):
    x = np.array([-1e3, -2.5, 0.0, 1e-3, 4.0, 1e200])
    for df in (0.5, 3.0, 1e6):
        assert np.array_equal(getattr(T, method)(x, df, 0.0, 0.2, 1.5), getattr(stats.t, method)(x, df, 0.2, 1.5))
    # (the derivatives in x, df, loc and scale too; in nc the mean of chi(df + 1), sqrt(2) Gamma(df / 2 + 1) /
    # Gamma((df + 1) / 2), times z / sqrt(df + z^2): 2 sqrt(2 / (3 pi)) at df = 2, z = 1)
    g = wg.grad(lambda v: T.logpdf(v[0], v[1], v[2], v[3], v[4]))(np.array([1.3, 2.0, 0.0, 0.3, 1.0]))
    want = wg.grad(lambda v: stats.t.logpdf(v[0], v[1], v[2], v[3]))(np.array([1.3, 2.0, 0.3, 1.0]))
    np.testing.assert_allclose(g[[0, 1, 3, 4]], want, rtol=1e-14)
    assert g[2] == pytest.approx(2.0 * np.sqrt(2.0 / (3.0 * np.pi)), rel=1e-14)


def test_third_derivatives_and_a_fourth_refused():
    # (mpmath's, tools/nct_truths.py's closed form, 60 digits, mp.diff)
    from wengert.errors import NoGradientRule

    def d(f, i):
        return wg.grad(f, argnums=i)
    want = {(2, 2, 2): 0.0028079657134629176, (1, 1, 1): 0.015674166467180697, (0, 1, 2): -0.027550800687369967}
    for (i, j, k), value in want.items():
        assert float(d(d(d(T.logpdf, i), j), k)(0.5, 3.0, 1.0)) == pytest.approx(value, rel=1e-12)
    with pytest.raises(NoGradientRule, match="fourth derivative"):
        d(d(d(d(T.logpdf, 2), 2), 2), 2)(0.5, 3.0, 1.0)


@pytest.mark.parametrize("df, nc", [(3.0, 2.0), (1e6, 3.0), (50.0, -4.0), (2.5, 0.7)])
def test_moments_against_mpmath(df, nc):
    # (the variance df (1 + nc^2) / (df - 2) - mean^2 lost log10(df) digits by the difference: through the log of the
    # gammas' ratio less its leading term exact; SciPy's var is 1.4e-15 off at (1e6, 3), 3.7e-15 at (50, -4))
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        def mean(d, n):
            return n * mp.sqrt(d / 2) * mp.gamma((d - 1) / 2) / mp.gamma(d / 2)

        def var(d, n):
            return d * (1 + n * n) / (d - 2) - mean(d, n) ** 2
        point = (mp.mpf(df), mp.mpf(nc))
        for method, f in (("mean", mean), ("var", var)):
            want = [float(f(*point)), [float(mp.diff(f, point, o)) for o in ((1, 0), (0, 1))],
                    [[float(mp.diff(f, point, o)) for o in row] for row in (((2, 0), (1, 1)), ((1, 1), (0, 2)))]]
            g = getattr(T, method)
            assert float(g(df, nc)) == pytest.approx(want[0], rel=2e-15, abs=1e-300), method
            np.testing.assert_allclose(wg.grad(lambda v: g(v[0], v[1]))(np.array([df, nc])), want[1], rtol=1e-12)
            np.testing.assert_allclose(wg.hessian(lambda v: g(v[0], v[1]))(np.array([df, nc])), want[2], rtol=1e-11,
                                       atol=1e-30)  # (d2 mean / dnc2 is 0: mp.diff's 1e-53)


def test_moments_where_they_do_not_exist():
    # (as t's: the mean NaN for df <= 1, the variance inf for 1 < df <= 2 and NaN below)
    assert np.isnan(T.mean(0.7, 1.0)) and np.isinf(T.var(1.5, -1.0)) and np.isnan(T.var(0.7, 1.0))


REFUSALS = [
    (lambda: T.logpdf(1.0, 0.0, 1.0), "df must be positive and finite"),
    (lambda: T.pdf(1.0, np.inf, 1.0), "df must be positive and finite"),
    (lambda: T.logpdf(1.0, 2.0, np.nan), "nc finite"),
    (lambda: T.logpdf(1.0, 2.0, 1.0, 0.0, -1.0), "scale"),
    (lambda: T.cdf(1.0, -2.0, 1.0), "df must be positive and finite"),
    (lambda: T.ppf(1.5, 2.0, 1.0), "q must be a probability"),
    (lambda: T.isf(0.5, 2.0, np.inf), "nc finite"),
    # (beyond the domain: df = 0.05, nc = 100, where the rule over the chi-squared variable does not converge)
    (lambda: T.logsf(1e3, 0.05, 100.0), "did not converge"),
]

test_refusals = refusals_test(REFUSALS)


#: ((x, df, nc), upper, log tail, its gradient and Hessian in (x, df, nc)): the log cdf (upper False) or log sf by
#: mpmath (tools/nct_truths.py --tails)
TAIL_TRUTHS = [
    ((1.0, 3.0, 2.0), False, *(-1.8492862527451979, [1.5033338636552747, 0.004850135440625848, -1.4144223757777838], [[-1.0446209987765076, 0.012414101647894922, 0.9321650413689143], [0.012414101647894922, -0.0042669514852344955, -0.031968067331455095], [0.9321650413689143, -0.031968067331455095, -0.6750797692005772]])),
    ((1.0, 3.0, 2.0), True, *(-0.1712029193342749, [-0.280719840524897, -0.000905673237550942, 0.26411726188204415], [[-0.305755588350399, -0.003933873955104577, 0.2971347700112123], [-0.003933873955104577, 0.000791561520280833, 0.007489654723416183], [0.2971347700112123, 0.007489654723416183, -0.31727261126325956]])),
    ((-5.0, 0.5, 1.0), False, *(-3.316447537547005, [0.09938756689295739, -2.3059731351780686, -1.725551993883127], [[0.019635054645162492, 0.1973156777111129, 0.0003778742917158102], [0.1973156777111129, 1.4439080363274195, -0.37252250922937385], [0.0003778742917158102, -0.37252250922937385, -0.7550398552461213]])),
    ((-5.0, 0.5, 1.0), True, *(-0.03695603087814012, [-0.0037416830277023838, 0.08681388237953565, 0.06496253818029638], [[-0.0011250856298250463, 0.0015246292370000142, 0.00668531185260812], [0.0015246292370000142, -0.2620865074524241, -0.14141701578864596], [0.00668531185260812, -0.14141701578864596, -0.08789108468563477]])),
    ((1000.0, 0.5, 0.0), False, *(-0.010193229436906393, [5.122677146620935e-06, 0.07359786133247084, -0.01071715164504198], [[-7.710253699073977e-09, -2.6930586899025636e-05, 5.413473651043345e-06], [-2.6930586899025636e-05, -0.5477985005011825, 0.07317593155159162], [5.413473651043345e-06, 0.07317593155159162, -0.005237534486003761]])),
    ((1000.0, 0.5, 0.0), True, *(-4.591123845262576, [-0.0004999998500000617, -7.183532862467114, 1.0460495677506385], [[4.999995500003084e-07, -0.0009999993600003948, 1.046048905252947e-10], [-0.0009999993600003948, 1.336136879291564, 0.4489681285443554], [1.046048905252947e-10, 0.4489681285443554, -0.594219848191236]])),
    ((40.0, 30.0, 2.0), False, *(-1.4872739220112092e-23, [1.0871907703104739e-23, 2.0049567451951122e-23, -6.748694480163823e-23], [[-8.205291200985151e-24, -1.4301685535326135e-23, 4.9283447423177655e-23], [-1.4301685535326135e-23, -2.7230295713263335e-23, 8.969506264125563e-23], [4.9283447423177655e-23, 8.969506264125563e-23, -2.999024185209131e-22]])),
    ((40.0, 30.0, 2.0), True, *(-52.562512277178875, [-0.7309956519914561, -1.348074968250537, 4.537627117832945], [[0.01734542220805667, -0.023832939656483962, 0.0033091276784260773], [-0.023832939656483962, 0.013580262791416069, 0.08622475729315575], [0.0033091276784260773, 0.08622475729315575, -0.4254880165005588]])),
    ((-3.0, 1000.0, -1.0), False, *(-3.770787734880683, [2.355649100778409, -1.2334187223799587e-05, -2.363285688832464], [[-0.8664221297658609, 1.7431217786835058e-05, 0.8750916633614665], [1.7431217786835058e-05, 2.454428886625675e-08, -9.870321630890227e-06], [0.8750916633614665, -9.870321630890227e-06, -0.881457633537569]])),
    ((-3.0, 1000.0, -1.0), True, *(-0.02330333739152988, [-0.05553909558079435, 2.908029056227662e-07, 0.05571914327707693], [[-0.1134875930617169, 2.902050319187183e-07, 0.11371732050743241], [2.902050319187183e-07, -5.823516315865047e-10, -4.707412420982591e-07], [0.11371732050743241, -4.707412420982591e-07, -0.11400276639283753]])),
    ((25.0, 3.0, 20.0), False, *(-0.5291717707339237, [0.054931204563193683, 0.08662565445755234, -0.06864956173954564], [[-0.00755460554929859, 0.002947402871708247, 0.006721393018251479], [0.002947402871708247, -0.03509834501809677, -0.0036219471752380527], [0.006721393018251479, -0.0036219471752380527, -0.005001641615960677]])),
    ((25.0, 3.0, 20.0), True, *(-0.8893875679560626, [-0.07875150379988047, -0.12418989553256653, 0.09841867232262347], [[0.0003028609894791436, -0.0208275525738524, 0.003520825141337055], [-0.0208275525738524, 0.024137186575030167, 0.025940750379200846], [0.003520825141337055, 0.025940750379200846, -0.009272086517205706]])),
    ((-2.0, 1.0, -10.0), False, *(-7.744246417642965e-06, [6.47997894723073e-05, 4.884904218266677e-05, -1.6199947368076825e-05], [[-0.00047304266216055893, -0.00037404272167164106, 0.0001231206497505628], [-0.00037404272167164106, -0.0003308471598825719, 9.047582296948632e-05], [0.0001231206497505628, 9.047582296948632e-05, -3.240015717444838e-05]])),
    ((-2.0, 1.0, -10.0), True, *(-11.768564260156875, [-8.36744275236851, -6.307760677929016, 2.0918606880921273], [[-8.931766121874174, -4.48098775087696, 1.6053833240409052], [-4.48098775087696, 2.9333542648905846, 1.512130864628276], [1.6053833240409052, 1.512130864628276, -0.19215976220101358]])),
    ((0.5, 30.0, -1.0), False, *(-0.07015172806082748, [0.1372704667185279, 3.347812209387268e-05, -0.14015249821090875], [[-0.22477543317075213, 5.053436111416183e-05, 0.22487190544347557], [5.053436111416183e-05, -2.222721168276383e-06, 4.519947109860051e-05], [0.22487190544347557, 4.519947109860051e-05, -0.2284304543249315]])),
    ((0.5, 30.0, -1.0), True, *(-2.691965658673364, [-1.8889324739389117, -0.00046068111736865245, 1.928591134734723], [[-0.7343018062758703, -0.001628819689606965, 0.8133307790804293], [-0.001628819689606965, 3.0358464543722828e-05, 0.00033105649097449954], [0.8133307790804293, 0.00033105649097449954, -0.846406393273188]])),
    ((10000000000.0, 30.0, 2.0), False, *(-2.5181865609562918e-275, [7.554559682868875e-284, 5.202905607253649e-274, -1.159594479524314e-274], [[-2.3419135016893514e-292, -1.5583534956151386e-282, 3.4787834385729424e-283], [-1.5583534956151386e-282, -1.0750248611442609e-272, 2.3936258100250307e-273], [3.4787834385729424e-283, 2.3936258100250307e-273, -5.235370723820246e-274]])),
    ((10000000000.0, 30.0, 2.0), True, *(-632.2873615495572, [-3e-09, -20.661319093363062, 4.604879151940011], [[3e-19, -1e-10, 2.1868702133165024e-28], [-1e-10, 0.014268801073901613, 0.08932404156451342], [2.1868702133165024e-28, 0.08932404156451342, -0.4146703078517792]])),
    ((-10000000000.0, 30.0, 2.0), False, *(-654.4996320824464, [3e-09, -21.021443923334598, -6.620743661539295], [[3e-19, 1e-10, 1.0705112659708965e-28], [1e-10, 0.020105175039946976, -0.08882093039749817], [1.0705112659708965e-28, -0.08882093039749817, -0.5927593087341684]])),
    ((-10000000000.0, 30.0, 2.0), True, *(-5.680955388882189e-285, [-1.7042866166646565e-293, 1.1942188513835244e-283, 3.7612149382429255e-284], [[-5.283288511660435e-302, 3.576975598761691e-292, 1.1283644814728778e-292], [3.576975598761691e-292, -2.5105346782572688e-282, -7.901571013356335e-283], [1.1283644814728778e-292, -7.901571013356335e-283, -2.456529604313242e-283]])),
    ((25.0, 1000.0, 20.0), False, *(-6.301589565129187e-06, [2.4082745164019398e-05, 1.4799313374668756e-08, -2.526980080842301e-05], [[-8.828135290241948e-05, -5.034999177616361e-08, 9.236375744628845e-05], [-5.034999177616361e-08, -5.735419057250297e-11, 5.3769127759403174e-08], [9.236375744628845e-05, 5.3769127759403174e-08, -9.667325149485767e-05]])),
    ((25.0, 1000.0, 20.0), True, *(-11.974711795259948, [-3.821681662286675, -0.002348497405640694, 4.0100550706101155], [[-0.5960084792021418, -0.0009852449995466158, 0.6680809930215316], [-0.0009852449995466158, 3.5860398479734584e-06, 0.0008850608604954533], [0.6680809930215316, 0.0008850608604954533, -0.7396015243613158]])),
    ((0.0, 0.5, -10.0), False, *(-7.619853024160525e-24, [5.2013812377051515e-23, 1.4189658508103446e-63, -7.694598626706419e-23], [[-7.694598626706419e-22, 2.9689293047419936e-23, 5.201381237705152e-22], [2.9689293047419936e-23, -7.407817626776453e-64, -4.6923903870487723e-63], [5.201381237705152e-22, -4.6923903870487723e-63, -7.694598626706419e-22]])),
    ((0.0, 0.5, -10.0), True, *(-53.23128515051247, [-6.826091292329335, -1.86219582754573e-40, 10.098093233962512], [[54.38541000841076, -3.896307836028213, 0.6695933701879271], [-3.896307836028213, 9.721732956381487e-41, 2.4962738499061967e-39], [0.6695933701879271, 2.4962738499061967e-39, -0.9905546221743438]])),
]


def _tail_truths():
    points = np.array([point for point, *_ in TAIL_TRUTHS])
    upper = np.array([row[1] for row in TAIL_TRUTHS])
    value, g, h = (np.array([row[k] for row in TAIL_TRUTHS]) for k in (2, 3, 4))
    return points, upper, value, g, h


@pytest.mark.parametrize("upper", [False, True])
def test_log_tails_gradient_hessian_against_mpmath(upper):
    # (each tail its own sum where it is at most 1/2, log1p(-other) where above: logcdf(40, 30, 2) = -1.49e-23 to 2.6e-15
    # relative; the far tails 1e-300 (x = +-1e10, df = 30) as the rest; the Hessians on the five paths)
    points, up, value, g, h = (a[_tail_truths()[1] == upper] for a in _tail_truths())
    method = getattr(T, "logsf" if upper else "logcdf")

    def f(v):
        return method(v[:, 0], v[:, 1], v[:, 2])
    got = f(points)
    # (the log within 1e-13 of the tail's relative error, or of the log's own where the tail is about 1)
    _close(got, value, 1e-13 * np.minimum(1.0, 1.0 / np.maximum(np.abs(value), 1e-300)) + 1e-15)
    grad = wg.grad(lambda v: np.sum(f(v)))(points)
    for k, point in enumerate(points):
        _close(grad[k], g[k], 1e-13, str(point))
    for path, hessians in five_hessians(f, points).items():
        for k, point in enumerate(points):
            _close(hessians[k], h[k], 1e-12, f"{path} at {point}")
    # (the tails themselves: e^L, loc and scale moving z)
    tail = getattr(T, "sf" if upper else "cdf")(points[:, 0] * 1.5 + 0.25, points[:, 1], points[:, 2], 0.25, 1.5)
    _close(tail, np.exp(value), 2e-13)


@pytest.mark.parametrize("upper", [False, True])
def test_quantiles_at_the_truths_tails(upper):
    # (q the truth's tail below 1/2 at x; the quantile x, its gradient and Hessian in (q, df, nc) by the implicit function
    # theorem from the log tail's jet L: x_q = 1 / (q L_x), x_s = -L_s / L_x, x_ab = (d2 log q - L_xx x_a x_b - L_xa x_b
    # - L_xb x_a - L_ab) / L_x)
    points, up, value, g, h = (a[(_tail_truths()[1] == upper) & (_tail_truths()[2] < np.log(0.5))
                                 & (_tail_truths()[0][:, 0] != 0.0)] for a in _tail_truths())
    q = np.exp(value)
    method = getattr(T, "isf" if upper else "ppf")

    def f(v):
        return method(v[:, 0], v[:, 1], v[:, 2])
    v = np.column_stack([q, points[:, 1:]])
    _close(f(v), points[:, 0], 1e-13)
    # (the derivatives where they are finite: at q = 1e-300 x_q is 1e308 and x_qq overflows)
    keep = q > 1e-100
    v, q, g, h = v[keep], q[keep], g[keep], h[keep]
    lx = g[:, 0]
    first = np.column_stack([1.0 / (q * lx), -g[:, 1] / lx, -g[:, 2] / lx])
    second = np.zeros((len(q), 3, 3))
    for a in range(3):
        for b in range(3):
            rest = -h[:, 0, 0] * first[:, a] * first[:, b] - (h[:, 0, a] * first[:, b] if a else 0.0) - (
                h[:, 0, b] * first[:, a] if b else 0.0) - (h[:, a, b] if a and b else 0.0)
            second[:, a, b] = ((-1.0 / q ** 2 if a == b == 0 else 0.0) + rest) / lx
    grad = wg.grad(lambda v: np.sum(f(v)))(v)
    for k, point in enumerate(v):
        _close(grad[k], first[k], 2e-13, str(point))
    # (two of the five paths: each takes the quantile's partials through the tails' and the density's rules)
    g_sum = wg.grad(lambda v: np.sum(f(v)))
    units = [np.eye(3)[k] * np.ones_like(v) for k in range(3)]
    paths = {"jacrev(jacrev)": np.stack([wg.grad(lambda v: np.sum(g_sum(v) * e))(v) for e in units], axis=-1),
             "jacfwd(jacrev)": np.stack([wg.jvp(g_sum, (v,), (e,))[1] for e in units], axis=-1)}
    for path in paths:
        for k, point in enumerate(v):
            _close(paths[path][k], second[k], 1e-11, f"{path} at {point}")


def test_tails_at_nc_zero_are_ts_and_the_quantiles_ts():
    x = np.array([-1e3, -2.5, 0.0, 1e-3, 4.0, 1e10])
    for df in (0.5, 3.0, 1e3):
        for method in ("logcdf", "logsf", "cdf", "sf"):
            np.testing.assert_allclose(getattr(T, method)(x, df, 0.0), getattr(stats.t, method)(x, df), rtol=1e-14,
                                       atol=0.0, err_msg=f"{method} at df = {df}")
        q = np.array([1e-300, 0.01, 0.5, 0.7])
        for method in ("ppf", "isf"):
            assert np.array_equal(getattr(T, method)(q, df, 0.0), getattr(stats.t, method)(q, df))
    assert T.median(3.0, 0.0) == 0.0


def test_tails_and_quantiles_at_their_ends():
    assert T.cdf(np.inf, 3.0, 2.0) == 1.0 and T.logsf(np.inf, 3.0, 2.0) == -np.inf and T.cdf(-np.inf, 3.0, 2.0) == 0.0
    assert np.isnan(T.cdf(np.nan, 3.0, 2.0))
    assert T.ppf(0.0, 3.0, 2.0) == -np.inf and T.ppf(1.0, 3.0, 2.0) == np.inf and T.isf(0.0, 3.0, 2.0) == np.inf
    low, high = T.interval(0.9, 3.0, 2.0)
    np.testing.assert_allclose([low, high], [T.ppf(0.05, 3.0, 2.0), T.isf(0.05, 3.0, 2.0)], rtol=1e-15)


def test_third_derivative_of_a_tail_refused():
    from wengert.errors import NoGradientRule

    def d(f, i):
        return wg.grad(f, argnums=i)
    with pytest.raises(NoGradientRule, match="third derivative"):
        d(d(d(T.logcdf, 1), 1), 2)(0.5, 3.0, 1.0)
    with pytest.raises(NoGradientRule, match="third derivative"):
        d(d(d(T.ppf, 2), 2), 2)(0.3, 3.0, 1.0)


def test_the_remembered_rules_are_safe_between_threads(monkeypatch):
    # _nct_remembered's cache: another thread evicting the key between this one's `key in` and
    # its move_to_end raised KeyError (8 threads on 24 keys did, 2 runs in 3). Made deterministic:
    # the test of membership lets another thread run 16 new keys through before it returns.
    import collections
    import threading
    from wengert.scipy.stats import _noncentral_t

    others = []

    class Yielding(collections.OrderedDict):
        def __contains__(self, key):
            found = super().__contains__(key)
            if found and not others:
                others.append(threading.Thread(target=lambda: [
                    _noncentral_t._nct_remembered(("other", i), lambda: i)
                    for i in range(_noncentral_t._NCT_REMEMBER)]))
                others[0].start()
                others[0].join(timeout=0.3)  # (held back by the lock: it runs when this call is done)
            return found

    monkeypatch.setattr(_noncentral_t, "_NCT_REMEMBERED", Yielding())
    assert _noncentral_t._nct_remembered("key", lambda: 1) == 1
    assert _noncentral_t._nct_remembered("key", lambda: 2) == 1
    others[0].join()
    assert len(_noncentral_t._NCT_REMEMBERED) == _noncentral_t._NCT_REMEMBER


def test_quantile_beyond_the_largest_float_is_infinite():
    # (df = 0.5: the tails fall as C |z|^-df, so the root of the sf at 1e-300 is ~1e600 (mpmath's leading term C from
    # E[(Z + nc)_+^df]): its rounding is inf; the search outward doubled z to inf and raised "Maximum allowed size
    # exceeded" from the tail's quadrature; isf(1e-140) is finite, 1.1201016982862445e+280, mpmath's
    # 1.120101698286077e+280 within the log tail's rounding |log q| eps / df = 1.4e-13: left out, 0.6 s)
    got = T.isf(np.array([1e-300, 0.3]), 0.5, 2.0)
    assert got[0] == np.inf and got[1] == float(T.isf(0.3, 0.5, 2.0))


def test_quantile_where_the_bracket_closes_on_two_floats():
    # (the log tail's rounding kept Newton's points on the ends of a bracket of two adjacent floats: ppf(0.5, 30, -8)
    # bisected them 200 times and refused, "Newton's method did not converge", and so nct.entropy(30, -8)). Truth:
    # mpmath at 40 digits (tools/nct_truths.py's tail_jet: the root of log cdf = log 1/2 by two Newton steps from
    # wengert's value, the last step 8e-32)
    truth = -8.078908824595441966015031
    for method in ("ppf", "isf"):
        np.testing.assert_allclose(getattr(T, method)(0.5, 30.0, -8.0), truth, rtol=2.5e-16, atol=0, err_msg=method)
