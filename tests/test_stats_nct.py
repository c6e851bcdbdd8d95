"""``scipy.stats``' ``nct`` (the noncentral Student t distribution): its log density, density, mean, var and std.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's where SciPy's are right; value, gradient and Hessian in (x, df,
nc) against mpmath (tools/nct_truths.py: the defining integral and 1F1's closed form at enough digits, the derivatives
by mp.diff) at ten points: x < 0 with nc > 0 and x > 0 with nc < 0 (where SciPy's 1F1 form cancels), x = 0, df = 0.5
and 1e6, nc = 1e-3 and 50, a log density of -465, the log density's on the five paths; third derivatives and a fourth
refused; nc = 0 against t, bit for bit; the mean, variance and std; invalid parameters.
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
]

test_gradient = gradient_test(CASES)

X = np.array([-4.0, -0.9, 0.0, 0.7, 2.5, 9.0])
VALUE_CHECKS = [
    *[(f"nct.{f}", (X, df, nc, -0.2, 1.3)) for f in ("logpdf", "pdf")
      for df, nc in ((3.0, 2.0), (1.0, 0.0), (0.5, -1.5), (25.0, 1.0))],
    *[(f"nct.{m}", (np.array([3.0, 2.5, 40.0]), np.array([2.0, 0.0, -4.0]), -0.2, 1.3)) for m in ("mean", "var", "std")],
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
]

test_refusals = refusals_test(REFUSALS)
