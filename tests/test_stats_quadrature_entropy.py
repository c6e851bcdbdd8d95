"""The entropies SciPy integrates, by tanh-sinh quadrature of ``-logpdf(ppf(u))`` in u (ppf below 1/2, isf above):
``johnsonsu``, ``johnsonsb``, ``powernorm``, ``powerlognorm``, ``exponweib``, ``exponpow``, ``alpha``,
``genexpon``, ``fatiguelife``, ``recipinvgauss``, ``foldnorm`` and (session 52) ``argus``, ``tukeylambda``
and ``kstwobign``, and (session 54) ``rice``, ``nct`` and ``ncf``, and (session 57) ``truncweibull_min``, in their shapes, loc and scale;
and the two that SciPy integrates but have closed forms: ``foldcauchy`` (the Cauchy mixture's log moments) and
``rel_breitwigner`` (residues).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's (its own quadrature: 1.8e-9 off at powernorm(0.05), 3.9e-13 at
johnsonsb(0.5, 1.3), 1.5e-5 at exponweib(0.3, 0.4)), the values, gradients and Hessians in the shapes against mpmath
(tools/quadrature_entropy_truths.py, 30 to 40 digits, written as normal expectations where it can, else the density's
``-int f log f`` in ``log x``: independent of the quantiles) at ordinary, small and large shapes (the step halves to
1/128 for johnsonsu(-2, 0.15)), loc and scale, NaN shapes, and the refusals.
"""
import numpy as np
import pytest

from stats_file import distribution  # (first: it skips the file without SciPy)
from opcheck import case, gradient_test, refusals_test, stats_values_test
import wengert as wg
from wengert.scipy import stats

NAMES = ("johnsonsu", "johnsonsb", "powernorm", "powerlognorm", "exponweib", "exponpow", "alpha", "genexpon",
         "fatiguelife", "recipinvgauss", "foldnorm", "foldcauchy", "rel_breitwigner", "tukeylambda", "truncweibull_min")
#: (session 52's argus and kstwobign: their cases trace the scale alone (the quadrature then runs once a call, on plain shapes): their
#: quantiles are roots, each call 5 to 50 times johnsonsu's, and in test_coverage's and test_jit's walks the traced
#: shapes cost 3 to 40 s a family; the shapes' derivatives to second order are checked against mpmath in
#: ENTROPY_TRUTHS, the traced quadrature's replay and forward paths by the families above)
NEW = ("argus", "kstwobign", "rice", "nct", "ncf")
#: (one point each: every call is a quadrature of some 140 to 280 nodes; arrays below)
SHAPES = {"johnsonsu": (-0.4, 1.3), "johnsonsb": (0.8, 1.3), "powernorm": (0.7,), "powerlognorm": (2.5, 0.8),
          "exponweib": (2.0, 1.5), "exponpow": (2.5,), "alpha": (1.5,),
          "genexpon": (9.0, 16.0, 3.0), "fatiguelife": (0.8,), "recipinvgauss": (0.6,), "foldnorm": (1.5,),
          "foldcauchy": (1.5,), "rel_breitwigner": (36.5,),
          "argus": (1.0,), "tukeylambda": (0.3,), "kstwobign": (), "rice": (1.5,), "nct": (5.0, 1.0),
          "ncf": (4.0, 6.0, 2.0), "truncweibull_min": (2.0, 0.5, 3.0)}

CASES = [case(distribution(n)[1]("entropy"), distribution(n)[1]("entropy"), *SHAPES[n], 0.2, 1.3, id=f"{n}.entropy")
         for n in NAMES] + [
    case(distribution(n)[1]("entropy"), lambda s, n=n: distribution(n)[1]("entropy")(*SHAPES[n], 0.2, s), 1.3,
         id=f"{n}.entropy") for n in NEW]

test_gradient = gradient_test(CASES)

#: (where SciPy's QUADPACK keeps its digits without a warning: at johnsonsu(-0.4, 1.3) it is 2.8e-9 off, at powernorm(0.7)
#: it warns of roundoff)
VALUE_CHECKS = [(f"{n}.entropy", (*shapes, np.array([0.2, -1.0]), 1.3))
                for n, shapes in (("johnsonsu", (0.5, 1.3)), ("johnsonsb", (0.5, 1.3)), ("powernorm", (2.5,)),
                                  ("powerlognorm", (2.0, 1.0)), ("exponweib", (2.0, 1.5)), ("exponpow", (2.5,)),
                                  ("alpha", (0.2,)),
                                  ("genexpon", (0.5, 1.0, 0.1)),
                                  ("fatiguelife", (20.0,)), ("recipinvgauss", (0.05,)), ("foldnorm", (30.0,)),
                                  ("foldcauchy", (100.0,)), ("rel_breitwigner", (0.5,)),
                                  ("tukeylambda", (-0.7,)), ("rice", (1.5,)), ("nct", (5.0, 1.0)),
                                  ("ncf", (4.0, 6.0, 2.0)), ("truncweibull_min", (0.5, 0.1, 2.0)))]
# (SciPy integrates the density with QUADPACK: 1e-16 to 4e-11 off here; 7e-9 at exponpow(0.3), 1.5e-5 at
# exponweib(0.3, 0.4), checked against mpmath below)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={f"{n}.entropy": 1e-9 for n in NAMES + NEW})

# (tools/quadrature_entropy_truths.py: the standard entropy, its gradient and Hessian in the shapes, mpmath at 30 digits;
# ordinary shapes, johnsonsu's b = 0.15 (the step halves to 1/128 there), johnsonsb's quantiles rounded onto its ends at
# (3, 0.2) (those nodes left out), powernorm at c = 0.05 (SciPy 1.8e-9 off) and 200, powerlognorm at s = 0.05)
ENTROPY_TRUTHS = [
    ('johnsonsu', (0.5, 1.3), 1.4498845245051615,
     [0.2025350860657952, -1.1463782409479744],
     [[0.3890241701994693, -0.23327176039488498], [-0.23327176039488498, 1.3075843312737883]]),
    ('johnsonsu', (-2.0, 0.15), 16.07624305688116,
     [-6.349927977042605, -96.2633330841087],
     [[0.739644008531094, 42.51260188712948], [42.51260188712948, 1239.7260521610258]]),
    ('johnsonsb', (0.5, 1.3), -0.4009165486891746,
     [-0.12957497738003027, -0.5235166717936199],
     [[-0.254640837978279, 0.17705812780880625], [0.17705812780880625, 0.07082065350194915]]),
    ('johnsonsb', (3.0, 0.2), -11.979579484415636,
     [-4.975308277696815, 69.9850552574041],
     [[-0.07108621839037722, 25.012604617328805], [25.012604617328805, -725.4110573787807]]),
    ('powernorm', (2.5,), 1.1691593103665403,
     [-0.09916033182919354],
     [[0.0480402705301531]]),
    ('powernorm', (0.05,), 2.5413812874701756,
     [-8.775623567810761],
     [[188.18371438584902]]),
    ('powernorm', (200.0,), 0.4663579408922191,
     [-0.00049866178224379],
     [[2.9301236735900215e-06]]),
    ('powerlognorm', (2.0, 1.0), 0.6616017690969711,
     [-0.4970944115425565, 0.4358104164522437],
     [[0.3129152594764885, -0.3672289010612841], [-0.3672289010612841, -1.0]]),
    ('powerlognorm', (0.3, 0.05), -1.1109182804186069,
     [-1.4416887746657576, 21.347128837135863],
     [[5.674289232522949, -4.614049690929647], [-4.614049690929647, -399.99999999999994]]),
    # (the density in log x, 40 digits, fourth-order differences; exponweib(0.3, 0.4) holds 11% of its mass below
    # x = 1e-8 (SciPy's value 1.5e-5 off); exponpow(0.3)'s quantiles underflow from u = 1e-98 (nodes left out))
    ('exponweib', (2.0, 1.5), 0.8627438727790862,
     [0.012558502151149347, -0.7181917847370722],
     [[-0.04871225959450156, -0.17650075292943612], [-0.17650075292943612, 0.5131446018716518]]),
    ('exponweib', (0.3, 0.4), -4.538510520486763,
     [26.305965094069467, 17.222772914117723],
     [[-176.12185709268354, -72.47472450539613], [-72.47472450539613, -92.36386457058862]]),
    ('exponweib', (5.0, 8.0), -1.209442374565007,
     [-0.0656407897116359, -0.1357838616747215],
     [[0.0162567053437901, -0.0015529240258705574], [-0.0015529240258705574, 0.018320965418680377]]),
    ('exponpow', (2.5,), 0.025747902201545773,
     [-0.2564304009602947],
     [[0.045144320768235754]]),
    ('exponpow', (0.3,), -0.48609787732629395,
     [6.636777711090647],
     [[-55.35629585171543]]),
    # (tools/quadrature_entropy_jets.py, 50 digits, the derivatives under the integral: genexpon at a = 1e-6, where the
    # log density's derivatives in a have a feature at x ~ a / (b c) that its value does not show: the step halves on
    # until the derivative along the shapes agrees, 1/64 here (the value's 1/16 left d2/da2 5e-5 off))
    ('genexpon', (1e-6, 1.0, 1.0), 1.4003789412769283,
     [-0.7357337491852716, -0.7357203340536549, -0.26427893021259596],
     [[-11.572131442609908, 0.8430009098111864, -0.10725558849447227],
      [0.8430009098111864, 0.8429882303999038, -0.10726873934715875],
      [-0.10725558849447227, -0.10726873934715875, 0.37154777681534323]]),
    ('exponpow', (20.0,), -1.7396351415789348,
     [-0.0477567250150046],
     [[0.0022756725015004604]]),
    # (session 52, tools/quadrature_entropy_density_truths.py: tukeylambda from its quantile, int_0^1 log(u^(lam - 1) +
    # (1 - u)^(lam - 1)) du, at a heavy tail (lam = -0.7: no variance), a bounded support (lam = 3) and the logistic (lam
    # = 0: 2, -3/2 exactly, mp.diff for the second); argus's density at a small chi (SciPy's value 1.4e-12 off); also
    # measured, not kept here for CI's time: tukeylambda 0.3, argus 1 and 8, every value within 1.1e-15, gradient
    # 1.5e-15, Hessian 1.6e-15 (hessian and jacfwd(jacrev)))
    ('tukeylambda', (-0.7,), 3.0887296107398434,
     [-1.5957109009923098],
     [[0.0835684450341738]]),
    ('tukeylambda', (3.0,), -0.4292036732051034,
     [-0.38314972493191507],
     [[0.05913764552077214]]),
    ('tukeylambda', (0.0,), 2.0, [-1.5], [[0.21497802228274214549]]),
    ('argus', (0.05,), -0.12514284261464056,
     [-0.0020032043494078115],
     [[-0.040192271668415186]]),
    # (session 57: truncweibull_min, whose quantiles round onto a support end within f(end) ulp(end) of u = 0 or 1
    # (those nodes take the log density at the end from inside, its derivatives the node's to O(ulp)); a c < 1 at an a
    # near 0, where the density is steep)
    ('truncweibull_min', (2.0, 0.5, 3.0), 0.3281977534852354,
     [-0.3601931692495684, -0.6717502190631861, 0.007255399163350489],
     [[0.21771895262278912, -0.4242050328655446, -0.053017219319813805],
      [-0.4242050328655446, -0.014988099354696735, 0.006944259504549408],
      [-0.053017219319813805, 0.006944259504549408, -0.03573828400564593]]),
    ('truncweibull_min', (0.5, 0.1, 2.0), 0.38747017960021135,
     [0.2770632969610835, 0.596420219034269, 0.4148352319002386],
     [[0.004805848535025364, -2.779411348617139, -0.018159116880277184],
      [-2.779411348617139, -11.080074834906682, 0.4588556604720866],
      [-0.018159116880277184, 0.4588556604720866, -0.25907622858726237]]),
]


def test_truncweibull_min_entropy_at_its_ends():
    # (a traced a at a = 0, the end of its domain, refused: there d2/da2 is -inf for c <= 2 (d/da ~ f(a) log f(a)), the
    # quadrature's -73.9 at (2, 0, 3); c and b are differentiable there; b = inf: d/db 0)
    def f(v):
        return stats.truncweibull_min.entropy(*v)
    with pytest.raises(wg.NoGradientRule, match="in a at a = 0"):
        wg.grad(f)(np.array([2.0, 0.0, 3.0]))
    g = wg.grad(lambda v: stats.truncweibull_min.entropy(v[0], 0.0, v[1]))(np.array([2.0, 3.0]))
    assert np.all(np.isfinite(g))
    g = wg.grad(f)(np.array([1.5, 1.0, np.inf]))
    assert g[2] == 0.0 and np.all(np.isfinite(g))


@pytest.mark.parametrize("k", range(len(ENTROPY_TRUTHS)))
def test_entropy_and_its_derivatives_against_mpmath(k):
    # value within 4e-15, gradient 1e-13, Hessian 1e-12 relative (of the largest entry)
    name, shapes, value, gradient, hessian = ENTROPY_TRUTHS[k]
    d = getattr(stats, name)

    def f(v):
        return d.entropy(*v)
    v = np.array(shapes)
    assert float(f(v)) == pytest.approx(value, rel=4e-15)
    np.testing.assert_allclose(wg.grad(f)(v), gradient, rtol=1e-13)
    np.testing.assert_allclose(wg.hessian(f)(v), hessian, rtol=1e-12, atol=1e-13 * np.max(np.abs(hessian)))
    if k == 0:  # (forward over forward once)
        np.testing.assert_allclose(wg.jacfwd(wg.jacfwd(f))(v), hessian, rtol=1e-12)


# (session 54: tools/quadrature_entropy_jets.py, 50 digits, the derivatives under the integral (independent of the
# quantiles): rice at an ordinary b and at b = 0 (rayleigh; even in b: d/db 0), nct at an ordinary point (SciPy's value
# 1.6e-13 off), ncf at an ordinary point (value: SciPy's 6.4e-11 off) and at nc = 0 (f: its closed form in mpmath,
# ``log B(a, b) + (1 - a) digamma(a) - (1 + b) digamma(b) + (a + b) digamma(a + b) + log(dfd / dfn)``, a, b = dfn / 2,
# dfd / 2, mp.diff for its derivatives in dfn and dfd; the quadrature's nc derivatives unchecked there). Also measured, not kept for CI's time (each a quadrature over traced roots, 5 to 15 s at this load):
# rice(1.5)'s and rice(30)'s gradient and Hessian (at b = 30 d/db is 1.9e-5 of O(1) terms: within 9e-17 absolute))
NEW_TRUTHS = [
    ('rice', (1.5,), 1.2413552956173044, [0.1993561020274413], [[-0.16948511777858802]]),
    ('rice', (0.0,), 0.9420342421707938, [0.0], [[0.5]]),
    ('nct', (5.0, 1.0), 1.6661551066785458, [-0.049128171664354764, 0.07506655744358134],
     [[0.019572147987779613, -0.01138027870014413], [-0.01138027870014413, 0.06637985833904064]]),
    ('ncf', (4.0, 6.0, 2.0), 1.7397521173052803, None, None),
    ('ncf', (4.0, 6.0, 0.0), 1.3372251249868308, [-0.019159644081324905, -0.06989407768699789],
     [[-0.003361491504373756, -0.00565642637211429], [-0.00565642637211429, 0.021946085457239896]]),
]


@pytest.mark.parametrize("k", range(len(NEW_TRUTHS)))
def test_new_entropies_against_mpmath(k):
    # (the value; its derivatives below, slow: each a quadrature over traced quantiles (roots))
    name, shapes, value, _, _ = NEW_TRUTHS[k]
    assert float(getattr(stats, name).entropy(*shapes)) == pytest.approx(value, rel=4e-15)


@pytest.mark.slow
@pytest.mark.parametrize("k", [1, 2, 4])
def test_new_entropies_derivatives_against_mpmath(k):
    # gradient within 1e-13 relative or 1e-16 absolute, Hessian within 1e-12 of its largest entry (in the shapes; ncf's
    # in dfn and dfd at nc = 0)
    name, shapes, _, gradient, hessian = NEW_TRUTHS[k]

    def f(v):
        return getattr(stats, name).entropy(*v, *shapes[len(v):])
    v = np.array(shapes[:len(gradient)])
    np.testing.assert_allclose(wg.grad(f)(v), gradient, rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(wg.hessian(f)(v), hessian, rtol=1e-12, atol=1e-12 * np.max(np.abs(hessian)))


def test_kstwobign_entropy_against_mpmath():
    # (tools/quadrature_entropy_density_truths.py, 40 digits: 0.0008903226544026737, near 0 as the sum of terms of size
    # ~0.4: within 1e-15 absolute; SciPy's is 3.4e-10 off)
    assert abs(float(stats.kstwobign.entropy()) - 0.0008903226544026737) < 1e-15
    assert abs(float(stats.kstwobign.entropy(-3.0, 2.5)) - (0.0008903226544026737 + np.log(2.5))) < 2e-15


def test_loc_scale_arrays_nan_and_refusals():
    t = ENTROPY_TRUTHS[0]
    # h + log(scale), whatever loc; d/dscale 1 / scale, d2/dscale2 -1 / scale^2
    f = stats.johnsonsu.entropy
    assert float(f(0.5, 1.3, -3.0, 2.5)) == pytest.approx(t[2] + np.log(2.5), rel=4e-15)
    g = wg.hessian(lambda v: f(0.5, 1.3, v[0], v[1]))(np.array([-3.0, 2.5]))
    np.testing.assert_allclose(g, [[0.0, 0.0], [0.0, -1.0 / 6.25]], atol=1e-15)
    # arrays broadcast as SciPy's, each entry its own scalar call (the step chosen for all at once)
    a, b = np.array([0.5, -2.0]), np.array([[1.3], [0.15]])
    got = f(a, b)
    assert got.shape == (2, 2) and float(got[0, 0]) == pytest.approx(t[2], rel=4e-15)
    assert float(got[1, 1]) == pytest.approx(ENTROPY_TRUTHS[1][2], rel=4e-15)
    out = f(np.array([np.nan, 0.5]), 1.3)
    assert np.isnan(out[0]) and float(out[1]) == pytest.approx(t[2], rel=4e-15)
    assert np.asarray(stats.powernorm.entropy(np.float32(2.5))).dtype == np.float32


REFUSALS = [
    # (too sharp for the rule by steps of 1/256: refused, not a number that looks right)
    (lambda: stats.johnsonsu.entropy(-2.0, 0.03), "johnsonsu.entropy: the entropy's quadrature"),
    (lambda: stats.johnsonsb.entropy(0.5, -1.0), "johnsonsb.ppf: the shape parameters must be positive"),
    # (ncf: a node's quantile below z = 1e-290 at a small dfn, where ncf.ppf refuses; nodes below u = 1e-50 are left out,
    # their share bounded only for dfn, dfd above 1e-17)
    (lambda: stats.ncf.entropy(0.05, 1.0, 1.0), "ncf.entropy: a quadrature node's quantile is refused: ncf.ppf"),
    (lambda: stats.ncf.entropy(1e-18, 1.0, 1.0), "ncf.entropy: dfn or dfd below 1e-17"),
]

test_refusals = refusals_test(REFUSALS)


def test_powernorm_entropy_at_a_small_shape():
    """powernorm.entropy(1e-4) was refused (its quadrature's steps did not agree: the log density's ``-z^2 / 2`` and
    ``-log_ndtr(-z)`` cancelled far right, 7e-13 relative off at z = 141, and the quantiles were SciPy's ndtri_exp's,
    5e-13 off); both now exact, the value and d/dc as mpmath's quadrature of -f log f and of -f (1/c + log ndtr(-x)) log
    f (30 digits)."""
    got = [float(stats.powernorm.entropy(1e-4)), float(wg.grad(stats.powernorm.entropy)(1e-4))]
    assert got == pytest.approx([5.548360125000406626, -4990.7355858258454766], rel=4e-15, abs=0.0)


# (the closed forms at their ends, against the forms in mpmath at 60 digits (500 at rho = 1e150: mp.diff's steps) --
# themselves checked against mpmath's quadrature of -f log f above: (value, d/dshape, d2/dshape2))
CLOSED_FORM_ENDS = [
    ("rel_breitwigner", 1e-3, (-2.8401522987514856, 500.07122527992044, -499999.5712979695)),
    ("rel_breitwigner", 1e8, (1.8378770507013822, 1.5707963192948965e-16, -3.141592631089793e-24)),
    # (d2/drho2 -3.1e-450: 0 in floats; 1/(2 rho t) below the smallest float, log1p of it 0)
    ("rel_breitwigner", 1e150, (1.8378770664093456, 1.5707963267948966e-300, 0.0)),
    ("foldcauchy", 0.0, (1.8378770664093456, 0.0, 0.5)),  # (halfcauchy's log(2 pi); the mixture's two centres meet)
    ("foldcauchy", 1e-8, (1.8378770664093456, 4.999999999999999e-09, 0.49999999999999983)),
    ("foldcauchy", 1e8, (2.531024236969291, 9.999999899999999e-17, -1.99999997e-24)),
]


@pytest.mark.parametrize("name, shape, truth", CLOSED_FORM_ENDS, ids=[f"{n}-{s}" for n, s, _ in CLOSED_FORM_ENDS])
def test_closed_forms_at_their_ends(name, shape, truth):
    f = getattr(stats, name).entropy
    got = (float(f(shape)), float(wg.grad(f)(shape)), float(wg.grad(wg.grad(f))(shape)),
           float(wg.jvp(wg.grad(f), (shape,), (1.0,))[1]))
    np.testing.assert_allclose(got, (*truth, truth[2]), rtol=4e-15, atol=0.0)


def test_closed_form_refusals_and_nan():
    # (rho past 1e150, where rho^2 overflows in the density: refused as the other methods; c < 0 as foldcauchy's)
    with pytest.raises(ValueError, match="rho must be at most 1e150"):
        stats.rel_breitwigner.entropy(1e200)
    with pytest.raises(ValueError, match="c must be nonnegative"):
        stats.foldcauchy.entropy(-1.0)
    assert np.isnan(float(stats.foldcauchy.entropy(np.nan)))


def test_a_traced_call_at_the_same_shapes_again_takes_the_converged_step(monkeypatch):
    """(session 56) A traced quadrature keeps the step it converged at, and its nodes left out, by the shapes' plain
    values (``_common._probability_quadrature``'s ``steps``, each family's entropy its own): a second traced call there
    runs no directional pass (the step's derivative check: ~95% of ncf.entropy's gradient), and in every mode (reverse,
    forward, reverse over reverse, forward over reverse, under wengert.jit's replay) gives the numbers of the quadrature
    without it, bit for bit; so does a call at other shapes after it (the key is the values). rice's quantile keeps its
    last roots (each of its partials took the root again: Newton's method was ~90% of rice.entropy's traced quadrature):
    a copy each time, the same values."""
    from wengert.scipy.stats import _common, _inverse_gaussian
    passes = []
    directional = _common._ts_directional
    monkeypatch.setattr(_common, "_ts_directional", lambda *a: passes.append(a[0]) or directional(*a))

    def kept(a):  # (johnsonsu.entropy at b = 1.1: the quadrature with its steps kept)
        return stats.johnsonsu.entropy(a, 1.1)

    def fresh(a):  # (the same quadrature without: every call converges afresh)
        return _common._probability_quadrature("johnsonsu.entropy", stats.johnsonsu, (a, 1.1))
    modes = {"rev": lambda f, a: wg.grad(f)(a), "fwd": lambda f, a: wg.jvp(f, (a,), (1.0,))[1],
             "rev over rev": lambda f, a: wg.grad(wg.grad(f))(a),
             "fwd over rev": lambda f, a: wg.jvp(wg.grad(f), (a,), (1.0,))[1]}
    a = -0.7  # (shapes no other test traces: the first call below converges)
    first = modes["rev"](kept, a)
    assert len(passes) >= 1
    for name, mode in modes.items():
        del passes[:]
        got = mode(kept, a)
        assert passes == [], name
        assert got == mode(fresh, a), name
    replayed = wg.jit(wg.grad(kept))
    assert replayed(a) == replayed(a) == first == modes["rev"](fresh, a)
    del passes[:]
    assert modes["rev"](kept, 0.6) == modes["rev"](fresh, 0.6) and len(passes) >= 2  # (0.6: converged afresh)
    # rice's kept roots
    root = _inverse_gaussian._RICE_QUANTILES[0].plain_fun
    q = np.array([1e-30, 0.3, 0.99])
    z = root(q, 1.7)
    want = z.copy()
    z[:] = -1.0
    np.testing.assert_array_equal(root(q, 1.7), want)
