"""SciPy functions: ``scipy.stats.skewnorm.cdf`` and ``sf`` (and ``logcdf``, ``logsf``), whose value is a quadrature of positive terms
(SciPy's ``ndtr(z) - 2 owens_t(z, a)`` cancels in the tail the skew points away from) and whose derivatives are
closed forms (the density in x, loc and scale; ``-2 dT(z, a)/da = -exp(-z^2 (1 + a^2) / 2) / (pi (1 + a^2))`` in the
shape ``a``, through Owen's T).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's where it keeps its digits,
values, gradients and Hessians against mpmath's (tools/skewnorm_truths.py) in both tails, and the derivatives
against closed forms at ``a = 0`` (the normal's cdf) and ``z = 0`` (``1/2 - arctan(a) / pi``).
"""
import math

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402
from opcheck import case, gradient_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402
from wengert.testing import check_grads  # noqa: E402
from opcheck import five_hessians  # noqa: E402
from wengert.errors import NoGradientRule  # noqa: E402

Z = np.array([-2.5, -0.4, 0.0, 0.3, 1.7])
A = np.array([[-4.0], [-0.5], [0.0], [1.0], [6.0]])

CASES = [
    case(stats.skewnorm.cdf, stats.skewnorm.cdf, Z, A, 0.2, 1.3, id="skewnorm.cdf"),
    case(stats.skewnorm.cdf, lambda a: stats.skewnorm.cdf(0.0, a), np.array([-3.0, 0.0, 0.7]), id="skewnorm.cdf-at-z-0"),
    case(stats.skewnorm.cdf, lambda x: stats.skewnorm.cdf(x, 0.0), Z, id="skewnorm.cdf-normal"),
    case(stats.skewnorm.cdf, lambda x, a: stats.skewnorm.cdf(x, a), 0.8, -1.5, id="skewnorm.cdf-floats"),
    case(stats.skewnorm.cdf, lambda x, scale: stats.skewnorm.cdf(x, 2.0, -0.3, scale), Z, 0.7, id="skewnorm.cdf-loc-scale"),
    case(stats.skewnorm.sf, stats.skewnorm.sf, Z, A, 0.2, 1.3, id="skewnorm.sf"),
    case(stats.skewnorm.sf, lambda a: stats.skewnorm.sf(0.0, a), np.array([-3.0, 0.0, 0.7]), id="skewnorm.sf-at-z-0"),
    *[case(getattr(stats.skewnorm, f), getattr(stats.skewnorm, f), Z, A, 0.2, 1.3, id=f"skewnorm.{f}")
      for f in ("logcdf", "logsf")],
    *[case(getattr(stats.skewnorm, f), getattr(stats.skewnorm, f), np.array([0.02, 0.4, 0.97]), A[1:4], 0.2, 1.3,
           id=f"skewnorm.{f}") for f in ("ppf", "isf")],
    case(stats.skewnorm.median, stats.skewnorm.median, np.array([-3.0, 0.5, 4.0]), 0.2, 1.3, id="skewnorm.median"),
    case(stats.skewnorm.interval, lambda c, a: stats.skewnorm.interval(c, a, 0.2, 1.3), np.array([0.3, 0.9]), -1.0,
         id="skewnorm.interval"),
]

test_gradient = gradient_test(CASES)


#: (distribution.function, arguments) whose values are checked against SciPy's (tests/test_ops_scipy.py
#: checks that every function of wengert.scipy.stats has one)
VALUE_CHECKS = [(f"skewnorm.{name}", args) for name in ("cdf", "sf")
                for args in ((Z, A, 0.2, 1.3), (Z, A), (np.array([-8.0, 8.0]), np.array([[-20.0], [20.0]])))] + [
    # (where SciPy's log of its cdf keeps its digits)
    (f"skewnorm.{name}", (Z[1:], A[1:4], 0.2, 1.3)) for name in ("logcdf", "logsf")] + [
    # (the quantiles where SciPy's root of its cdf keeps its digits: 1e-15)
    *[(f"skewnorm.{name}", (np.array([0.02, 0.3, 0.5, 0.9]), A[:4], 0.2, 1.3)) for name in ("ppf", "isf")],
    ("skewnorm.median", (np.array([-3.0, 0.5, 4.0]), 0.2, 1.3)), ("skewnorm.interval", (0.9, 2.0, 0.5, 2.0))]


@pytest.mark.parametrize("name, args", VALUE_CHECKS, ids=[n for n, _ in VALUE_CHECKS])
def test_stats_values_are_scipys_where_it_keeps_its_digits(name, args):
    # (SciPy's cancellation is eps absolute: its cdf(-2.5, -0.5) is 2.4e-7 relative off, below against mpmath)
    function = name.split(".")[1]
    ours = np.array(wg.eval_bp(getattr(stats.skewnorm, function), *args))
    np.testing.assert_allclose(ours, np.array(getattr(ST.skewnorm, function)(*args)), rtol=1e-14, atol=1e-15)
    if function.startswith("log"):  # (and the log of wengert's own tail)
        np.testing.assert_allclose(ours, np.log(getattr(stats.skewnorm, function[3:])(*args)), rtol=1e-14, atol=1e-16)


#: (z, a, cdf, sf, the cdf's gradient and Hessian in (z, a)): tools/skewnorm_truths.py (mpmath's quadrature at 40
#: digits; the derivatives closed forms). SciPy's cdf at (-3, 2) is 2.5e-9 relative off, at (-7, 5) 8e-4, at (-0.5,
#: 50) 0.51, at (-30, 0.1) 1.7e-10, at (0.01, 1000) 1.3e-15
SKEWNORM_TRUTHS = [
    (-3.0, 2.0, 5.596622287836366e-13, 0.9999999999994403, [8.744813775795962e-12, -1.077095670364428e-11], [[1.3394400836383068e-10, -1.615643505546642e-10], [-1.615643505546642e-10, 2.0249398602851248e-10]]),
    (-0.5, 50.0, 1.7157006130970148e-141, 1.0, [2.1523138495038687e-138, -2.1548846650807536e-140], [[2.695759430608234e-135, -2.694683273683482e-137], [-2.694683273683482e-137, 2.7022219235743755e-139]]),
    (-7.0, 5.0, 1.1274370071602487e-281, 1.0, [2.0551489576002645e-279, -2.768801406907562e-279], [[3.743302256011849e-277, -5.039218560571763e-277], [-5.039218560571763e-277, 6.794212683103941e-277]]),
    (-30.0, 0.1, 1.310390431483771e-200, 1.0, [3.978544033583694e-199, -1.293262630221796e-198], [[1.2066251626403483e-197, -3.918585769572042e-197], [-3.918585769572042e-197, 1.1664972832990656e-196]]),
    (-20.0, -0.5, 5.5072482372124675e-89, 1.0, [1.1041896724319527e-87, -6.79703706969465e-110], [[2.2083793448639054e-86, -1.6992592674236627e-108], [-1.6992592674236627e-108, -1.364845043594686e-107]]),
    (0.01, 1000.0, 0.007978712629263208, 0.9920212873707368, [0.7978446675721643, -6.139088344337458e-29], [[-0.007978446675721644, 6.139094483425803e-25], [6.139094483425803e-25, 6.261869988442563e-30]]),
    (0.3, 5.0, 0.24016829527572914, 0.7598317047242709, [0.7118167258231255, -0.0037997256057472227], [[0.2804193110002013, 0.029637859724828335], [0.029637859724828335, 0.0031713094478736433]]),
    (2.0, 1.0, 0.9550173046073012, 0.04498269539269885, [0.1055253298020066, -0.0029150244650281935], [[-0.2052206106739568, 0.011660097860112774], [0.011660097860112774, 0.014575122325140967]]),
    (8.0, -1.0, 1.0, 3.8700350466643927e-31, [6.285995844243279e-30, -2.552544310154304e-29], [[-1.0133885295703233e-28, 4.084070896246887e-28], [4.084070896246887e-28, -1.659153801600298e-27]]),
    (-0.001, 0.01, 0.4964180666127297, 0.5035819333872703, [0.3989388978330721, -0.31827789922304955], [[0.003582036167962791, -0.00031830972701297187], [-0.00031830972701297187, 0.0063649246750907525]]),
    (-1.5, -0.1, 0.0770685766303017, 0.9229314233696984, [0.14496067601577692, -0.10117230589916724], [[0.20722261112784945, -0.15327604343723839], [-0.15327604343723839, -0.04279788880734575]]),
]


def test_skewnorm_cdf_and_sf_against_mpmath_in_both_tails():
    z, a, cdf, sf = (np.array([r[i] for r in SKEWNORM_TRUTHS]) for i in range(4))
    gradient = np.array([r[4] for r in SKEWNORM_TRUTHS])
    hessian = np.array([r[5] for r in SKEWNORM_TRUTHS])
    # (the values to 1e-15 relative: the quadrature's nodes reach every scale; the cdf at (z, a) is the sf at (-z, -a))
    for got, want in ((stats.skewnorm.cdf(z, a), cdf), (stats.skewnorm.sf(z, a), sf), (stats.skewnorm.sf(-z, -a), cdf)):
        np.testing.assert_allclose(got, want, rtol=1e-15, atol=0)
    # (the derivatives closed forms: exp of -z^2 (1 + a^2) / 2 is eps z^2 (1 + a^2) relative off, the conditioning)
    v = np.stack([z, a], axis=1)
    rel = (5e-15 + 2.3e-16 * z * z * (1 + a * a))[:, None]

    def f(v):
        return stats.skewnorm.cdf(v[:, 0], v[:, 1])
    np.testing.assert_array_less(np.abs(wg.grad(lambda v: np.sum(f(v)))(v) - gradient), rel * np.abs(gradient) + 1e-300)
    for name, got in five_hessians(f, v).items():
        np.testing.assert_array_less(np.abs(got - hessian), rel[..., None] * np.abs(hessian) + 1e-300, err_msg=name)


#: (z, a, log cdf, its gradient and Hessian in (z, a)): tools/skewnorm_truths.py's LOG_POINTS (the closed forms over
#: mpmath's cdf at 40 digits), at the switching points h = -z = 1 and c = -a z = 1 of wengert's forms, where the cdf
#: underflows (-40, 50), near 1 (SciPy's logcdf is log(cdf): -inf at (-40, 50), 0 at (8, -1) and (0.5, -50))
SKEWNORM_LOG_TRUTHS = [
    (-1.0, 2.0, -6.366082394875572, [6.405177889817008, -3.04017353172143], [[-4.21939059316935, 4.271984627981839], [4.271984627981839, -0.7301692141595485]]),
    (-0.999, 0.5, -2.6217536622370035, [2.0577651092426, -1.8778539335022428], [[-1.0050311922439503, 1.519212205153963], [1.519212205153963, -1.0870021970234656]]),
    (-0.5, 2.0, -3.6739383733206075, [4.402292269761612, -1.3428182473168457], [[-3.750848620353581, 2.554432771565672], [2.554432771565672, -0.05749712381518602]]),
    (-0.5, 1.999, -3.672595583810813, [4.399738263930513, -1.3427607833121047], [[-3.7476676609691, 2.553578889549546], [2.553578889549546, -0.057430887564799325]]),
    (-40.0, 50.0, -2000820.25895848, [100040.04999996252, -80000.05998397642], [[-2500.998750002812, 4000.0000000014993], [4000.0000000014993, -1599.9988009611588]]),
    (-10.0, -5.0, -52.53813796995252, [10.098093233962512, -0.0], [[-0.9905546221743438, -0.0], [-0.0, -0.0]]),
    (-3.0, 0.0, -6.607726221510349, [3.2830986549304364, -2.6195337283616493], [[-0.9294408132147319, 0.7415864750440944], [0.7415864750440944, -6.861956954024283]]),
    (0.0, 5.0, -2.7672755312468293, [6.349251919691837, -0.19484500305269503], [[-14.983149542860119, 1.2371200096746857], [1.2371200096746857, 0.03697581057489335]]),
    (2.0, 5.0, -0.046567912292390164, [0.11312934822503838, -3.34801895189451e-25], [[-0.23905694587989876, 1.7447574470038743e-23], [1.7447574470038743e-23, 6.82480786347727e-24]]),
    (8.0, -1.0, -3.8700350466643927e-31, [6.285995844243279e-30, -2.552544310154304e-29], [[-1.0133885295703233e-28, 4.084070896246887e-28], [4.084070896246887e-28, -1.659153801600298e-27]]),
    (0.5, -50.0, -1.7157006130970148e-141, [2.1523138495038687e-138, -2.1548846650807536e-140], [[-2.695759430608234e-135, 2.694683273683482e-137], [2.694683273683482e-137, -2.7022219235743755e-139]]),
    (-0.3, 5.0, -5.438625751696364, [11.726954531563548, -0.8744145763216543], [[-20.329481304074704, 3.43378628295154], [3.43378628295154, -0.03480099335378212]]),
    (-1.5, -0.1, -2.563059647893964, [1.8809310143504259, -1.312756902005486], [[-0.8490934063222374, 0.4803784647463902], [0.4803784647463902, -2.27865284849754]]),
]


def test_skewnorm_logcdf_and_logsf_against_mpmath():
    z, a, value = (np.array([r[i] for r in SKEWNORM_LOG_TRUTHS]) for i in range(3))
    gradient = np.array([r[3] for r in SKEWNORM_LOG_TRUTHS])
    hessian = np.array([r[4] for r in SKEWNORM_LOG_TRUTHS])
    for got in (stats.skewnorm.logcdf(z, a), stats.skewnorm.logsf(-z, -a)):
        np.testing.assert_allclose(got, value, rtol=1e-15, atol=0)
    # (the derivatives ratios of positive integrals in the tails, closed forms over the cdf elsewhere: eps z^2 (1 +
    # a^2), the conditioning, at (0.5, -50); the Hessian also to 1e-15 of its entries' scale |g_i g_j| + |g_i| + |g_j|:
    # below c = 1 d2/da2 is F_aa / F - L_a^2, 1.74 - 1.80 at (-0.5, 1.999))
    v = np.stack([z, a], axis=1)
    rel = (5e-15 + 2.3e-16 * z * z * (1 + a * a))[:, None]
    scale = np.abs(gradient[:, :, None] * gradient[:, None, :]) + np.abs(gradient[:, :, None]) + np.abs(gradient[:, None, :])

    def f(v):
        return stats.skewnorm.logcdf(v[:, 0], v[:, 1])
    for g in (wg.grad(lambda v: np.sum(f(v)))(v), wg.grad(lambda v: np.sum(stats.skewnorm.logsf(-v[:, 0], -v[:, 1])))(v)):
        np.testing.assert_array_less(np.abs(g - gradient), rel * np.abs(gradient) + 1e-300)
    for name, got in five_hessians(f, v).items():  # (logsf is logcdf at (-z, -a))
        np.testing.assert_array_less(np.abs(got - hessian), rel[..., None] * np.abs(hessian) + 1e-15 * scale + 1e-300,
                                     err_msg=name)
    with pytest.raises(NoGradientRule, match="skewnorm.logcdf"):  # (a third derivative refuses)
        wg.grad(wg.grad(wg.grad(lambda x: stats.skewnorm.logcdf(x, 2.0))))(-1.0)


@pytest.mark.parametrize("name", ["cdf", "sf", "logcdf", "logsf", "ppf", "isf", "median", "interval"])
def test_skewnorm_cdf_and_sf_are_listed(name):
    assert wengert.scipy.supported()[f"stats.skewnorm.{name}"] == "gradient"
    with pytest.raises(ValueError, match="scale must be positive"):
        getattr(stats.skewnorm, name)(*((1.0, 0.0, -1.0) if name == "median" else (0.5, 1.0, 0.0, -1.0)))
    # the sf's derivatives are the cdf's, negated
    g_cdf = wg.grad_bp(lambda x, a: np.sum(stats.skewnorm.cdf(x, a)), Z, A)
    g_sf = wg.grad_bp(lambda x, a: np.sum(stats.skewnorm.sf(x, a)), Z, A)
    np.testing.assert_array_equal(g_sf[0], -g_cdf[0])
    np.testing.assert_array_equal(g_sf[1], -g_cdf[1])


def test_skewnorm_cdf_derivatives_are_the_closed_forms():
    # in x: the density; in a at z = 0: d/da (1/2 - arctan(a) / pi) = -1 / (pi (1 + a^2))
    for a in (-3.0, 0.0, 0.5, 4.0):
        for x in (-1.2, 0.0, 0.9):
            assert wg.grad_bp(lambda v: stats.skewnorm.cdf(v, a), x) == pytest.approx(ST.skewnorm.pdf(x, a), rel=1e-13, abs=0)
        assert wg.grad_bp(lambda b: stats.skewnorm.cdf(0.0, b), a) == pytest.approx(-1.0 / (math.pi * (1 + a * a)),
                                                                                   rel=1e-14)
    # at a = 0 the cdf is the normal's, and its derivative in a is -exp(-z^2/2) / pi
    for z in (-1.0, 0.5, 2.0):
        assert wg.grad_bp(lambda b: stats.skewnorm.cdf(z, b), 0.0) == pytest.approx(-math.exp(-z * z / 2) / math.pi,
                                                                                  rel=1e-14)
    # loc and scale through z = (x - loc) / scale
    x, a, loc, scale = 0.7, 1.5, -0.2, 1.4
    g = wg.grad_bp(lambda l, s: stats.skewnorm.cdf(x, a, l, s), loc, scale)
    z = (x - loc) / scale
    density = ST.skewnorm.pdf(z, a)
    assert g == pytest.approx((-density / scale, -z * density / scale), rel=1e-13, abs=0)


def test_skewnorm_cdf_against_differences_of_scipys_cdf_in_a():
    # central differences of SciPy's own cdf (the value wengert returns), in a, where SciPy's
    # closed form holds its digits
    for z, a in ((0.3, 2.0), (-0.8, -1.0), (1.5, 0.25)):
        h = 1e-5
        fd = (ST.skewnorm.cdf(z, a + h) - ST.skewnorm.cdf(z, a - h)) / (2 * h)
        assert wg.grad_bp(lambda b: stats.skewnorm.cdf(z, b), a) == pytest.approx(fd, rel=1e-7, abs=0)
    check_grads(lambda x, b: stats.skewnorm.cdf(x, b), 0.4, 2.0, order=2)


#: (method, q, a, z, gradient and Hessian in (q, a)): tools/skewnorm_truths.py's QUANTILE_POINTS (the root by mpmath's
#: findroot at 30 digits, the derivatives implicit differentiation's closed forms). SciPy's ppf(1e-300, 50) is -32.9
#: (its cdf cancels there), its ppf(1e-20, 5) -4.14 for -1.73
SKEWNORM_QUANTILE_TRUTHS = [
    ('ppf', 1e-300, 50.0, -0.7366042301687894, [5.420182377385471e+296, 0.014737034484122257], [[-np.inf, -1.0828077025673563e+295], [-1.0828077025673563e+295, -0.0005893445664919821]]),
    ('ppf', 1e-20, -5.0, -9.33604484923406, [1.0592290150758877e+19, 0.0], [[-1.0474725888471449e+39, 0.0], [0.0, 0.0]]),
    ('ppf', 0.3, 2.0, 0.3131294463551109, [1.7922655157804055, 0.08929476165890375], [[-1.8625010174267496, -0.34336011572234854], [-0.34336011572234854, -0.11853727974074381]]),
    ('ppf', 0.9, -1.0, 0.47827353237616277, [4.443563679504476, 0.5626114939076979], [[31.661452771990447, 1.6173736385980833], [1.6173736385980833, 0.5933089263183922]]),
    ('ppf', 0.9999999999, 5.0, 6.466951074732419, [1511728377.6223886, 1.4144612083870759e-229], [[1.4779070011388928e+19, -3.457039891654407e-218], [-3.457039891654407e-218, -2.963181609285784e-227]]),
    ('isf', 1e-300, -50.0, 0.7366042301687894, [-5.420182377385471e+296, 0.014737034484122257], [[np.inf, -1.0828077025673563e+295], [-1.0828077025673563e+295, 0.0005893445664919821]]),
    ('isf', 0.3, 2.0, 1.0334701691098185, [-2.180123639228945, 0.009610128506280147], [[4.455257203542306, 0.0886234871173578], [0.0886234871173578, -0.02908438848793565]]),
    ('isf', 1e-10, 1.0, 6.466951087236737, [-1511728499.943611, 1.6537361042960113e-10], [[1.4779072430901002e+19, 1.6167377720535447], [1.6167377720535447, -7.081538843416697e-09]]),
]


@pytest.mark.parametrize("method", ["ppf", "isf"])
def test_skewnorm_quantiles_against_mpmath(method):
    rows = [r for r in SKEWNORM_QUANTILE_TRUTHS if r[0] == method]
    q, a, value = (np.array([r[i] for r in rows]) for i in (1, 2, 3))
    gradient, hessian = np.array([r[4] for r in rows]), np.array([r[5] for r in rows])
    f = getattr(stats.skewnorm, method)
    # (to 4e-16 times the condition number in (q, a), sum |v dz/dv| / |z|)
    cond = (np.abs(q * gradient[:, 0]) + np.abs(a * gradient[:, 1])) / np.abs(value)
    np.testing.assert_array_less(np.abs(f(q, a) - value), 4e-16 * (1.0 + cond) * np.abs(value))
    v = np.stack([q, a], axis=1)
    # (eps z^2 (1 + a^2): one ulp of z moves 1 / pdf(z) by z (log pdf)_z ulps, 1840 at (1e-300, 50))
    rel = (5e-15 + 4.4e-16 * value * value * (1 + a * a))[:, None]

    def close(got, want, rel):
        with np.errstate(invalid="ignore"):  # (inf - inf where both are inf: d2/dq2 at q = 1e-300, 1e600)
            assert np.all((got == want) | (np.abs(got - want) <= rel * np.abs(want) + 1e-300)), (got, want)
    with np.errstate(over="ignore", invalid="ignore"):
        close(wg.grad(lambda v: np.sum(f(v[:, 0], v[:, 1])))(v), gradient, rel)
        for name, got in five_hessians(lambda v: f(v[:, 0], v[:, 1]), v).items():
            close(got, hessian, 2.0 * rel[..., None])
    # (the ends; ppf(q, a) = -isf(q, -a))
    assert [float(f(e, 2.0)) for e in (0.0, 1.0)] == ([-np.inf, np.inf] if method == "ppf" else [np.inf, -np.inf])
    np.testing.assert_allclose(f(q, a), -getattr(stats.skewnorm, {"ppf": "isf", "isf": "ppf"}[method])(q, -a),
                               rtol=1e-15)
    with pytest.raises(NoGradientRule, match=f"skewnorm.{method}"):  # (a third derivative refuses)
        wg.grad(wg.grad(wg.grad(lambda a: f(0.3, a))))(2.0)
