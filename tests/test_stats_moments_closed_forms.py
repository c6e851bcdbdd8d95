"""Moments with closed forms that SciPy has and wengert lacked: skewnorm's, genextreme's and truncnorm's mean, var
and std; the entropies of pearson3, rdist and skewcauchy.

Values against SciPy's (and against mpmath where SciPy's are off); values, gradients and Hessians in every parameter
(the shapes, loc, scale) on the five paths (:func:`opcheck.five_hessians`) against mpmath's derivatives of the closed
forms in the shapes (``TRUTHS``, from tools/moments_closed_forms_truths.py; loc and scale enter as polynomials), at
ordinary points and at the switching points.
"""
import warnings

import numpy as np
import pytest

import stats_file  # noqa: F401  (first: it skips the file without SciPy)
from opcheck import five_hessians, stats_values_test
import wengert as wg
from wengert.scipy import stats


#: tools/moments_closed_forms_truths.py's table: (distribution, method) -> the points (shapes), ``g`` there, its
#: gradient and Hessian in the shapes (``g`` the standard distribution's moment or entropy; mpmath, 60 digits, 90 for
#: pearson3)
TRUTHS = {
    ('skewnorm', 'mean'): (
        [(-1e+200,), (-3.0,), (-1.0,), (-1e-08,), (0.0,), (1e-08,), (0.5,), (1.0,), (1.0000000000000002,), (2.5,),
        (100000000.0,), (1e+200,)],
        [-0.7978845608028654, -0.7569397566060481, -0.5641895835477563, -7.978845608028653e-09, 0.0,
        7.978845608028653e-09, 0.3568248232305542, 0.5641895835477563, 0.5641895835477564, 0.7408172167226829,
        0.7978845608028653, 0.7978845608028654],
        [[0.0], [0.0252313252202016], [0.28209479177387814], [0.7978845608028652], [0.7978845608028654],
        [0.7978845608028652], [0.5709197171688868], [0.28209479177387814], [0.28209479177387803], [0.04087267402607906],
        [7.978845608028653e-25], [0.0]],
        [[[0.0]], [[0.022708192698181442]], [[0.42314218766081724]], [[2.3936536824085957e-08]], [[0.0]],
        [[-2.3936536824085957e-08]], [[-0.6851036606026641]], [[-0.42314218766081724]], [[-0.42314218766081707]],
        [[-0.04228207657870247]], [[-2.3936536824085954e-32]], [[0.0]]]),
    ('skewnorm', 'var'): (
        [(-1e+200,), (-3.0,), (-1.0,), (-1e-08,), (0.0,), (1e-08,), (0.5,), (1.0,), (1.0000000000000002,), (2.5,),
        (100000000.0,), (1e+200,)],
        [0.3633802276324187, 0.42704220486917677, 0.6816901138162094, 0.9999999999999999, 1.0, 0.9999999999999999,
        0.8726760455264837, 0.6816901138162094, 0.6816901138162093, 0.4511898514072575, 0.36338022763241873,
        0.3633802276324187],
        [[0.0], [0.03819718634205488], [0.3183098861837907], [1.2732395447351625e-08], [0.0], [-1.2732395447351625e-08],
        [-0.40743665431525206], [-0.3183098861837907], [-0.3183098861837906], [-0.06055836122402676],
        [-1.2732395447351624e-24], [0.0]],
        [[[0.0]], [[0.03310422816311423]], [[0.3183098861837907]], [[-1.2732395447351619]], [[-1.2732395447351628]],
        [[-1.2732395447351619]], [[-0.1629746617261008]], [[0.3183098861837907]], [[0.3183098861837907]],
        [[0.05930542961249517]], [[3.819718634205487e-32]], [[0.0]]]),
    ('skewnorm', 'std'): (
        [(-1e+200,), (-3.0,), (-1.0,), (-1e-08,), (0.0,), (1e-08,), (0.5,), (1.0,), (1.0000000000000002,), (2.5,),
        (100000000.0,), (1e+200,)],
        [0.602810274989087, 0.6534846630711212, 0.8256452711765564, 1.0, 1.0, 1.0, 0.9341713148702885,
        0.8256452711765564, 0.8256452711765564, 0.6717066706585975, 0.602810274989087, 0.602810274989087],
        [[0.0], [0.029225771085845467], [0.1927643125298801], [6.366197723675812e-09], [0.0], [-6.366197723675812e-09],
        [-0.21807384139804453], [-0.1927643125298801], [-0.19276431252988008], [-0.045077981110899404],
        [-1.0560864649812187e-24], [0.0]],
        [[[0.0]], [[0.02402193849848073]], [[0.14775941577541013]], [[-0.636619772367581]], [[-0.6366197723675814]],
        [[-0.636619772367581]], [[-0.13813690177702345]], [[0.14775941577541013]], [[0.14775941577541016]],
        [[0.04112016692960835]], [[3.1682593949436553e-32]], [[0.0]]]),
    ('genextreme', 'mean'): (
        [(-0.45,), (-0.3,), (-0.25,), (-0.24999999999999997,), (-1e-08,), (0.0,), (1e-08,), (0.1,),
        (0.24999999999999997,), (0.25,), (0.5,), (1.0,), (3.0,), (50.0,), (-0.9,), (-0.999,)],
        [1.369165041630167, 0.9935177754918593, 0.9016668098607106, 0.9016668098607106, 0.5772156747920929,
        0.5772156649015329, 0.577215655010973, 0.48649230133126814, 0.3743900917780917, 0.3743900917780917,
        0.22754614909448398, 0.0, -1.6666666666666667, -6.082818640342675e+62, 9.459452998520815, 999.4231956802748],
        [[-3.19191296192267], [-1.9671343478045626], [-1.7158609951326593], [-1.715860995132659], [-0.9890560134775543],
        [-0.9890559953279725], [-0.9890559771783913], [-0.8335271253629928], [-0.6729025828432964],
        [-0.6729025828432964], [-0.519769093086738], [-0.42278433509846713], [-1.9566797813080454],
        [-2.3735095519951813e+63], [-99.67446652901803], [-999999.589149489]],
        [[[11.723402110538121]], [[5.588613612080701]], [[4.512084334075569]], [[4.512084334075569]],
        [[1.814958211065459]], [[1.8149581521617726]], [[1.8149580932580887]], [[1.3265160774260099]],
        [[0.854600889904188]], [[0.854600889904188]], [[0.4198225575937472]], [[0.02188800934405489]],
        [[-2.418855917828619]], [[-9.273697866298773e+63]], [[1999.249500960599]], [[1999999999.0116277]]]),
    ('genextreme', 'var'): (
        [(-0.45,), (-0.3,), (-0.25,), (-0.24999999999999997,), (-1e-08,), (0.0,), (1e-08,), (0.1,),
        (0.24999999999999997,), (0.25,), (0.5,), (1.0,), (3.0,), (50.0,)],
        [34.082222452736296, 5.9245766349214035, 4.332924099598181, 4.332924099598181, 1.6449341098789998,
        1.6449340668482264, 1.6449340238174552, 1.310045507346831, 1.0345836006472537, 1.0345836006472537,
        0.8584073464102068, 1.0, 76.0, 3.733048617757766e+154],
        [[-783.1643883315927], [-41.078017038012895], [-24.525476240508418], [-24.525476240508414],
        [-4.303077462915943], [-4.303077228549151], [-4.303076994182376], [-2.572958185636229], [-1.2620652197371771],
        [-1.262065219737177], [-0.2806279732146474], [0.8455686701969343], [238.92988560163369],
        [3.4270594719296686e+155]],
        [[[31918.052848002837]], [[467.079198367935]], [[230.60882137293427]], [[230.6088213729342]],
        [[23.436679946322982]], [[23.436678354437763]], [[23.436676762552683]], [[12.60336561899365]],
        [[5.984352006901582]], [[5.984352006901581]], [[2.666387785307128]], [[2.5845907771079704]],
        [[808.4992711117458]], [[3.1476671736485626e+156]]]),
    ('genextreme', 'std'): (
        [(-0.45,), (-0.3,), (-0.25,), (-0.24999999999999997,), (-1e-08,), (0.0,), (1e-08,), (0.1,),
        (0.24999999999999997,), (0.25,), (0.5,), (1.0,), (3.0,), (50.0,)],
        [5.837998154567737, 2.4340453231033727, 2.081567702381592, 2.081567702381592, 1.2825498469373422,
        1.282549830161864, 1.2825498133863866, 1.14457219403008, 1.0171448277640966, 1.0171448277640966,
        0.9265027503522085, 1.0, 8.717797887081348, 1.932109887598986e+77],
        [[-67.0747375724017], [-8.43821942182223], [-5.891107027757971], [-5.891107027757969], [-1.6775478447061738],
        [-1.677547775280623], [-1.6775477058550754], [-1.1239824796794822], [-0.6203960268428382],
        [-0.6203960268428381], [-0.1514447599362048], [0.42278433509846713], [13.70356876222704],
        [8.86869710135494e+77]],
        [[[1963.0026766329797]], [[66.69393155184697]], [[38.72046466792862]], [[38.7204646679286]],
        [[6.942555272331779]], [[6.9425549241592925]], [[6.94255457598683]], [[4.401947051614271]],
        [[2.56333680530017]], [[2.5633368053001697]], [[1.414198044035311]], [[1.1135487945493323]],
        [[24.829875794156308]], [[4.0747977592870304e+78]]]),
    ('truncnorm', 'mean'): (
        [(30.0, 31.0), (-1000.0, -999.0), (-2.0, 2.0), (-1.0, 3.0), (1.9, 5.0), (0.0, 1.0)],
        [30.033259667433622, -999.001000998995, 0.0, 0.282786110727154, 2.284917951554959, 0.4598622292864265],
        [[0.9988962284865168, 1.647899078093332e-12], [0.0, 0.9999989980030201], [0.11312934822503838,
        0.11312934822503838], [0.369522129023943, 0.01433613561822771], [0.8795258656322764, 0.00014056717744724616],
        [0.5374580641272695, 0.38289011102421916]],
        [[[7.309988390524216e-05, 4.778906911579021e-11], [4.778906911579021e-11, -4.938027813707604e-11]], [[0.0, 0.0],
        [0.0, -2.0059878999713045e-09]], [[0.18249227176737956, 0.0], [0.0, -0.18249227176737956]],
        [[0.29435065613318445, 0.0021800836825800027], [0.0021800836825800027, -0.03788364059897045]],
        [[0.06331108039521, 0.00027565630001157796], [0.00027565630001157796, -0.0006510777242499678]],
        [[0.0875572610650658, 0.06650735692023661], [0.06650735692023661, -0.21685758812646846]]]),
    ('truncnorm', 'var'): (
        [(30.0, 31.0), (-1000.0, -999.0), (-2.0, 2.0), (-1.0, 3.0), (1.9, 5.0), (0.0, 1.0)],
        [0.0011037715118352822, 1.0019969799951863e-06, 0.7737413035499232, 0.6161417353578293, 0.12033356719027635,
        0.07965182484851131],
        [[-7.309993169431127e-05, 1.5912090212858256e-12], [0.0, 2.0059878999713045e-09], [-0.18249227176737956,
        0.18249227176737956], [-0.29653073981576444, 0.035703556916390454], [-0.06358673669522158,
        0.00037542142423838983], [-0.1540646179853024, 0.15035023120623187]],
        [[[7.2458941936748565e-06, 4.449715797902777e-11], [4.449715797902777e-11, -4.6031681503684786e-11]], [[0.0,
        0.0], [0.0, 6.023939399800439e-12]], [[-0.18496757770547656, -0.004951267098493766], [-0.004951267098493766,
        -0.18496757770547656]], [[-0.001418256188494027, 0.0012543135158221356], [0.0012543135158221356,
        -0.07922619604001022]], [[0.04214749792525851, 0.0006138537095729258], [0.0006138537095729258,
        -0.0015960511577353214]], [[0.1370717065555149, -0.12664231582247354], [-0.12664231582247354,
        0.10906130480751623]]]),
    ('pearson3', 'entropy'): (
        [(-0.7,), (0.0,), (1e-05,), (0.6324555320336759,), (0.64,), (2.0,), (100.0,)],
        [1.3768362466618136, 1.4189385332046727, 1.4189385331963393, 1.3847616319839569, 1.383920420869566, 1.0,
        -2487.840088998794],
        [[0.12396451327080556], [0.0], [-1.6666666666875e-06], [-0.11077391808288474], [-0.11222765370451544], [-0.5],
        [-49.97002114652281]],
        [[[-0.19830781043702042]], [[-0.16666666666666666]], [[-0.16666666667291666]], [[-0.19237411474289623]],
        [[-0.19300511770565063]], [[-0.39493406684822646]], [[-0.5002993658631656]]]),
    ('rdist', 'entropy'): (
        [(0.01,), (0.5,), (2.0,), (9.99,), (10.0,), (20.0,), (20.01,), (1000.0,), (1000000.0,)],
        [-192.33161864993448, -0.6990879740008628, 0.6931471805599453, 0.21294652200642739, 0.21250672625373201,
        -0.10519678931890653, -0.10543295613351636, -2.035439606452812, -5.488817245777964],
        [[19898.398614264628], [5.495793565063314], [2.6255286034747808e-31], [-0.04399802261083511],
        [-0.043961137494975336], [-0.023622208301515558], [-0.023611156325429598], [-0.0004994989995010015],
        [-4.99999499999e-07]],
        [[[-3989995.717936632]], [[-26.918569886933742]], [[-0.17753296657588677]], [[0.0036913825770713026]],
        [[0.003685642536940537]], [[0.0011057092213057676]], [[0.0011046862294205862]], [[4.98996998005009e-07]],
        [[4.99998999997e-13]]]),
}


def _truths(name, method, loc, scale):
    """The points (the shapes, loc, scale) of TRUTHS[name, method] and there the value, gradient and Hessian in them:
    mean ``loc + scale g``, var ``scale^2 g``, std ``scale g``, entropy ``g + log(scale)``."""
    p, d = (2 if method == "var" else 1), (1.0 if method == "mean" else 0.0)
    points, values, gradients, hessians = [], [], [], []
    for shapes, g, g1, g2 in zip(*TRUTHS[name, method]):
        k = len(shapes)
        hessian = np.zeros((k + 2, k + 2))
        hessian[:k, :k] = g2
        if method == "entropy":
            value, gradient = g + np.log(scale), g1 + [0.0, 1.0 / scale]
            hessian[k + 1, k + 1] = -1.0 / scale ** 2
        else:
            sp, sp1 = scale ** p, p * scale ** (p - 1)
            value, gradient = loc * d + sp * g, [sp * v for v in g1] + [d, sp1 * g]
            hessian[:k, :k] *= sp
            hessian[:k, k + 1] = hessian[k + 1, :k] = [sp1 * v for v in g1]
            hessian[k + 1, k + 1] = p * (p - 1) * scale ** (p - 2) * g
        points.append(list(shapes) + [loc, scale])
        values.append(value)
        gradients.append(gradient)
        hessians.append(hessian)
    return np.array(points), np.array(values), np.array(gradients), np.array(hessians)


def _check_five_paths(name, method, rtol, loc=0.3, scale=1.7):
    points, value, gradient, hessian = _truths(name, method, loc, scale)

    def f(v):
        return getattr(getattr(stats, name), method)(*(v[:, i] for i in range(v.shape[1])))
    np.testing.assert_allclose(f(points), value, rtol=rtol, atol=0)
    # (an entry whose truth is 0, d/dc of rdist's entropy at its maximum c = 2, d2/da db of truncnorm's mean at a = -b
    # by symmetry, is mpmath's or wengert's rounding: within 4e-16 of the point's largest entry)
    got = wg.grad(lambda v: np.sum(f(v)))(points)
    assert np.all(np.abs(got - gradient) <= rtol * np.abs(gradient) + 4e-16 * np.max(np.abs(gradient), axis=1,
                                                                                     keepdims=True)), (got, gradient)
    allowed = rtol * np.abs(hessian) + 4e-16 * np.max(np.abs(hessian), axis=(1, 2), keepdims=True)
    for path, got in five_hessians(f, points).items():
        assert np.all(np.abs(got - hessian) <= allowed), (path, got, hessian)


# -- skewnorm ---------------------------------------------------------------------------------------------------

SKEW_A = np.array([-1e200, -3.0, -1.0, -1e-8, 0.0, 1e-8, 0.5, 1.0, 1.0000000000000002, 2.5, 1e8, 1e200])
SKEW_VALUES = [(f"skewnorm.{m}", (SKEW_A[1:-1], 0.3, 1.7)) for m in ("mean", "var", "std")]
test_stats_values_are_scipys = stats_values_test(SKEW_VALUES)


@pytest.mark.parametrize("method", ["mean", "var", "std"])
def test_skewnorm_moments_against_mpmath(method):
    # (a = 0: delta's odd series; |a| = 1: the switch to sign(a) / sqrt(1 + 1 / a^2); 1e8 and 1e200: through a / h the
    # derivative 1 / h - a^2 / h^3 cancelled, and a^2 overflowed, SciPy's mean 0 and var 1 at a = 1e200)
    _check_five_paths("skewnorm", method, 4e-15)
    assert float(stats.skewnorm.mean(1e200)) == pytest.approx(np.sqrt(2 / np.pi), rel=1e-15)
    with pytest.raises(ValueError, match="a must be finite"):
        getattr(stats.skewnorm, method)(np.inf)


# -- genextreme -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["mean", "var", "std"])
def test_genextreme_moments_against_mpmath(method):
    # (4e-14: at c = 1/4 the quotient's derivatives cancel (the variance's second 2.9e-14 off, every other point within
    # 4e-15), at c = 1 the mean's second derivative in c is 0.022 from terms of 0.8 (1.1e-14))
    _check_five_paths("genextreme", method, 4e-14)


def test_genextreme_moments_where_they_diverge():
    # the mean +inf from c = -1 down, the variance (std) +inf for -1 < c <= -1/2 and NaN from -1 down, where the mean is
    # infinite (SciPy: inf at -1 and -1/2, NaN below); an infinite moment has derivative 0, an undefined one NaN
    G = stats.genextreme
    c = np.array([-2.0, -1.0, -0.75, -0.5])
    assert G.mean(c).tolist()[:2] == [np.inf] * 2 and np.all(np.isfinite(G.mean(c)[2:]))
    np.testing.assert_array_equal(G.var(c), [np.nan, np.nan, np.inf, np.inf])
    np.testing.assert_array_equal(G.std(c), [np.nan, np.nan, np.inf, np.inf])
    assert float(wg.grad(lambda t: G.mean(t, 0.3, 1.7))(-1.5)) == 0.0
    assert float(wg.grad(lambda t: G.var(t, 0.3, 1.7))(-0.75)) == 0.0
    assert np.isnan(float(wg.grad(lambda t: G.var(t, 0.3, 1.7))(-1.5)))
    # beside the series' switch and at c = 0 the values are SciPy's within rounding (SciPy's own switch to the limits
    # below |c| = 1e-7 and 1e-14 leaves it 3e-9 off at c = 1e-8, where these are within 2e-16 of mpmath)
    for m in ("mean", "var", "std"):
        for t in (-0.3, 0.0, 0.1, 0.25, 3.0):
            with np.errstate(all="ignore"):  # (SciPy 1.13's 0 / 0 at c = 0, before its np.where takes the limit)
                want = float(getattr(stats_file.ST.genextreme, m)(t, 0.3, 1.7))
            assert float(getattr(G, m)(t, 0.3, 1.7)) == pytest.approx(want, rel=2e-15, abs=0), (m, t)


# -- truncnorm --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["mean", "var"])
def test_truncnorm_moments_against_mpmath(method):
    # (1.2e-13: d2/da2 of the variance at a = 1.9 (erfcx's form of the tail's 1 - h g) 9.4e-14, d2/da db of the mean at
    # (-1, 3) 7.7e-14; elsewhere 5e-14. std is scale sqrt(var), _add_moments' as every distribution's: its values below)
    _check_five_paths("truncnorm", method, 1.2e-13)


TRUNCNORM_VALUES = [(f"truncnorm.{m}", (np.array([-2.0, -1.0, 0.5, 1.5]), np.array([[2.0], [5.0], [np.inf]]), 0.3,
                                        1.7)) for m in ("mean", "var", "std")]
test_truncnorm_values_are_scipys = stats_values_test(TRUNCNORM_VALUES)


def test_truncnorm_where_scipy_is_off():
    # SciPy's m2 - m1^2: its variance 7.5e-8 off at (30, 31), 22 times the truth at (-1000, -999), 1.7e-5 off at (30,
    # 30.01) (these: within 2e-13 of mpmath's 100 digits, the std too)
    for (a, b), var in (((30.0, 31.0), 0.0011037715118352822), ((-1000.0, -999.0), 1.0019969799951863e-06),
                        ((30.0, 30.01), 8.295927006621743e-06)):
        assert float(stats.truncnorm.var(a, b)) == pytest.approx(var, rel=2e-13, abs=0)
        assert float(stats.truncnorm.std(a, b, 0.3, 1.7)) == pytest.approx(1.7 * np.sqrt(var), rel=2e-13, abs=0)
        with np.errstate(all="ignore"):
            assert abs(float(stats_file.ST.truncnorm.var(a, b)) / var - 1) > 1e-8


# -- pearson3.entropy -------------------------------------------------------------------------------------------

def test_pearson3_entropy_against_mpmath():
    # (skew = 0: the normal, through Stirling's series in u = skew^2 / 4; its switch at u = 1/10 (skew 0.6325, gamma's a
    # = 10); large skews, where SciPy's integral is 1e-5 off at 10 and -2487.84 for 0.03 at 100. 6e-13: below the
    # switch (a = 4 / skew^2 from 5 to 10) the direct form's derivatives in skew cancel (-a^2 E'(a) + a / 2 through a
    # = 4 / skew^2; gamma.entropy's own in a do not): 5.3e-13 by jacfwd(jacfwd) at skew = 0.64 (a = 9.8), 1.2e-13 by
    # the others; elsewhere within 4e-14)
    _check_five_paths("pearson3", "entropy", 6e-13)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (SciPy's quad: 'The algorithm does not converge')
        assert abs(float(stats_file.ST.pearson3.entropy(10.0)) / float(stats.pearson3.entropy(10.0)) - 1) > 1e-6


# -- rdist.entropy, skewcauchy.entropy --------------------------------------------------------------------------

def test_rdist_entropy_against_mpmath():
    # (log 2 plus beta's entropy at (c/2, c/2): about its switches to Stirling's series (c = 10, 20), c = 1e6 (the
    # terms c log c cancel exactly); SciPy's integral 2e-5 off at c = 0.01, 9e-10 at 1e6. 2e-14: at c = 20.01 the
    # entropy is -0.105, near its zero, from terms of 1 (7.6e-15 in the value); elsewhere 4e-15)
    _check_five_paths("rdist", "entropy", 2e-14)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert abs(float(stats_file.ST.rdist.entropy(0.01)) / float(stats.rdist.entropy(0.01)) - 1) > 1e-6


def test_skewcauchy_entropy_is_log_4_pi():
    # each half a half-Cauchy of scale 1 -+ a and weight (1 -+ a) / 2, entropy (1 -+ a) log(4 pi) / 2: log(4 pi) for
    # every a, plus log(scale) (SciPy integrates: within 3e-15 of it)
    points = np.array([[-0.9, 0.3, 1.7], [0.0, 0.3, 1.7], [0.5, -2.0, 0.25]])

    def f(v):
        return stats.skewcauchy.entropy(v[:, 0], v[:, 1], v[:, 2])
    np.testing.assert_allclose(f(points), np.log(4 * np.pi) + np.log(points[:, 2]), rtol=1e-15, atol=0)
    want = np.zeros((3, 3, 3))
    want[:, 2, 2] = -1.0 / points[:, 2] ** 2
    for path, got in five_hessians(f, points).items():
        np.testing.assert_allclose(got, want, rtol=1e-15, atol=0, err_msg=path)
