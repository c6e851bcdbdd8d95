"""The means and variances SciPy integrates, by tanh-sinh quadrature in the probability (``_common._add_quadrature_moments``:
the mean ``int_0^1 ppf(u) du``, the variance ``int_0^1 (ppf(u) - m)^2 du`` about the mean's value): ``mean``, ``var`` and
``std`` (and so ``moment`` to order 2 and ``stats('mv')``: tests/test_stats_moment_stats.py) of ``exponpow``,
``exponweib``, ``powernorm``, ``johnsonsb`` and ``powerlognorm``, and ``genexpon``'s ``var`` and ``std`` (its mean is
closed), in their shapes, loc and scale.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's (its own quadrature: 9e-8 relative off at
powerlognorm.var(0.3, 0.05), 5e-9 at johnsonsb.var(3, 0.2)), the values, gradients and Hessians in the shapes against
mpmath (tools/quadrature_moments_truths.py: 40 digits, from the sf alone, independent of the quantiles), loc and scale,
NaN shapes, and the refusals.
"""
import numpy as np
import pytest

from stats_file import distribution  # (first: it skips the file without SciPy)
from opcheck import case, gradient_test, refusals_test, stats_values_test
import wengert as wg
from wengert.scipy import stats

#: (one point each: every call is a quadrature of some 140 to 280 nodes, two for var and std)
SHAPES = {"exponpow": (2.5,), "exponweib": (2.0, 1.5), "powernorm": (0.7,), "johnsonsb": (0.8, 1.3),
          "powerlognorm": (2.5, 0.8), "genexpon": (9.0, 16.0, 3.0)}
METHODS = {name: ("var", "std") if name == "genexpon" else ("mean", "var", "std") for name in SHAPES}


def _f(name, method):
    return distribution(name)[1](method)


#: (the means traced in every argument, and exponpow's and johnsonsb's variances; the other variances and every std in
#: the scale alone, for CI's time: a traced variance is two traced quadratures, 1 to 2 s a family in test_coverage's and
#: test_jit's walks under load; their shapes' derivatives to second order are TRUTHS' below, the traced quadrature's
#: forward and replay paths the means')
EVERY_ARGUMENT = {"exponpow.var", "johnsonsb.var"}
CASES = [case(_f(n, m), _f(n, m), *SHAPES[n], 0.2, 1.3, id=f"{n}.{m}") for n in SHAPES for m in METHODS[n]
         if m == "mean" or f"{n}.{m}" in EVERY_ARGUMENT] + [
    case(_f(n, m), lambda s, n=n, m=m: _f(n, m)(*SHAPES[n], 0.2, s), 1.3, id=f"{n}.{m}") for n in SHAPES
    for m in METHODS[n] if m != "mean" and f"{n}.{m}" not in EVERY_ARGUMENT]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [(f"{n}.{m}", (*shapes, 0.2, 1.3))
                for n, shapes in (("exponpow", (0.3,)), ("exponweib", (2.0, 1.5)), ("powernorm", (2.5,)),
                                  ("johnsonsb", (0.5, 1.3)), ("powerlognorm", (2.0, 1.0)), ("genexpon", (1.0, 2.0, 3.0)))
                for m in METHODS[n]]
# (SciPy integrates x f(x) with QUADPACK: 2e-13 to 2e-9 off here, checked against mpmath below)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol=dict.fromkeys((n for n, _ in VALUE_CHECKS), 1e-8))

# (tools/quadrature_moments_truths.py, 40 digits: (name, method, shapes, value, gradient, Hessian); ordinary shapes, and
# exponpow's mass near 0 (b = 0.3) and near 1 (b = 20), exponweib's heavy tail (0.3, 0.4), powernorm at c = 0.05 (SciPy
# 2.7e-11 off) and 1 (the normal: mean 0, var 1), johnsonsb's mass near its end (3, 0.2), powerlognorm's narrow s =
# 0.05, genexpon at a = 1e-6 (the log density's feature near 0 that its entropy's step halves for))
TRUTHS = [
    ('exponpow', 'mean', (0.3,), 0.6168506349860492, [-1.3778867118778975],
     [[20.96530100070337]]),
    ('exponpow', 'var', (0.3,), 1.5648907936761771, [-17.991667188808773],
     [[351.53556664517475]]),
    ('exponpow', 'mean', (20.0,), 0.9574849510740989, [0.0020138517831747214],
     [[-0.00019073036526944174]]),
    ('exponpow', 'var', (20.0,), 0.0024641887661789623, [-0.00022622225953072316],
     [[3.115415903545412e-05]]),
    ('exponweib', 'mean', (0.3, 0.4), 1.0796626067327078, [3.46305846065452, -7.005383468005444],
     [[-0.8452688642927001, -23.20415618682035], [-23.20415618682035, 96.88705396966166]]),
    ('exponweib', 'var', (0.3, 0.4), 35.26392404444518, [113.3162428492224, -757.8535361009885],
     [[-26.339476683508483, -2470.359928298117], [-2470.359928298117, 21028.022561507078]]),
    ('powernorm', 'mean', (0.05,), 5.034351983089521, [-59.496861679513586],
     [[1735.059868396569]]),
    ('powernorm', 'var', (0.05,), 9.908721071785632, [-178.4949599678972],
     [[7026.810150866729]]),
    ('powernorm', 'mean', (1.0,), 0.0, [-0.9031972855686253],
     [[1.1916099308689878]]),
    ('powernorm', 'var', (1.0,), 1.0, [-0.5956355968473578],
     [[1.0755766173751677]]),
    ('johnsonsb', 'mean', (3.0, 0.2), 0.002469172230318506, [-0.007108621839037722, 0.013606322884473424],
     [[0.018604600940218482, -0.029608872558626802], [-0.029608872558626802, 0.11479731986721486]]),
    ('johnsonsb', 'var', (3.0, 0.2), 0.0010413510510079852, [-0.0033525968277124505, 0.0005087338244641626],
     [[0.009854978709343631, -0.00021244223501878243], [-0.00021244223501878243, 0.015977381934248622]]),
    ('powerlognorm', 'mean', (0.3, 0.05), 1.0726947198263428, [-0.25501907403484714, 1.5662971415022862],
     [[1.2536206116533948, -5.62584872513611], [-5.62584872513611, 4.732668961169557]]),
    ('powerlognorm', 'var', (0.3, 0.05), 0.006577248400515742, [-0.019880445963605203, 0.2852937309867487],
     [[0.13976156447390886, -0.9371537295669917], [-0.9371537295669917, 7.157610331389635]]),
    ('genexpon', 'var', (1e-06, 1.0, 1.0), 1.3782697398472872,
     [-2.248791658665476, -2.2487900844502153, -0.5077471464527002],
     [[4.734384143218678, 6.308594211267003, 0.4377760303452816],
      [6.308594211267003, 6.308590880947452, 0.43777306380898273],
      [0.4377760303452816, 0.43777306380898273, 1.0854679377730878]]),
    ('powerlognorm', 'var', (2.0, 1.0), 0.5373043091211694, [-0.7164478557497092, 1.477361049092],
     [[1.4604268383349466, -2.71724428029335], [-2.71724428029335, 4.051767995314465]]),
    ('exponweib', 'var', (2.0, 1.5), 0.37910711321533946, [-0.010085394989785099, -0.6591124024098327],
     [[-0.009047638711784206, -0.07201041611062588], [-0.07201041611062588, 1.799533330272523]]),
]


@pytest.mark.parametrize("k", range(len(TRUTHS)), ids=[f"{t[0]}.{t[1]}{t[2]}" for t in TRUTHS])
def test_moments_and_their_derivatives_against_mpmath(k):
    # value within 4e-15 relative (2e-16 absolute where the mean is 0), gradient and Hessian 1e-13 (of the largest entry)
    name, method, shapes, value, gradient, hessian = TRUTHS[k]
    d = getattr(stats, name)

    def f(v):
        return getattr(d, method)(*v)
    v = np.array(shapes)
    assert float(f(v)) == pytest.approx(value, rel=4e-15, abs=2e-16)
    np.testing.assert_allclose(wg.grad(f)(v), gradient, rtol=1e-13, atol=1e-13 * np.max(np.abs(gradient)))
    np.testing.assert_allclose(wg.hessian(f)(v), hessian, rtol=1e-13, atol=1e-13 * np.max(np.abs(hessian)))
    if k == 0:  # (forward over forward, and forward over reverse, once)
        np.testing.assert_allclose(wg.jacfwd(wg.jacfwd(f))(v), hessian, rtol=1e-13)
        np.testing.assert_allclose(wg.jacfwd(wg.grad(f))(v), hessian, rtol=1e-13)


def test_loc_scale_arrays_nan_and_dtype():
    # mean loc + scale m, var scale^2 v, std scale sqrt(v); d/dloc of the mean 1, d2/dscale2 of var 2 v
    m, v = 0.7537974919034713, 0.06475492438091025  # (exponpow(2.5): TRUTHS' tool)
    f = stats.exponpow
    assert float(f.mean(2.5, -3.0, 2.5)) == pytest.approx(-3.0 + 2.5 * m, rel=4e-15)
    assert float(f.std(2.5, -3.0, 2.5)) == pytest.approx(2.5 * np.sqrt(v), rel=4e-15)
    g = wg.hessian(lambda u: f.var(2.5, u[0], u[1]))(np.array([-3.0, 2.5]))
    np.testing.assert_allclose(g, [[0.0, 0.0], [0.0, 2.0 * v]], rtol=4e-15)
    assert float(wg.grad(lambda u: f.mean(2.5, u, 2.5))(-3.0)) == 1.0
    # arrays broadcast as SciPy's (the step chosen for all at once), NaN where a shape is NaN
    got = f.var(np.array([[2.5], [0.3]]), np.array([0.0, 1.0]))
    assert got.shape == (2, 2) and float(got[0, 1]) == pytest.approx(v, rel=4e-15)
    assert float(got[1, 0]) == pytest.approx(1.5648907936761771, rel=4e-15)
    out = stats.johnsonsb.mean(np.array([np.nan, 0.5]), 1.3)
    assert np.isnan(out[0]) and float(out[1]) == pytest.approx(0.41577626470298035, rel=4e-15)
    assert np.asarray(stats.powernorm.var(np.float32(2.5))).dtype == np.float32


REFUSALS = [
    (lambda: stats.exponpow.mean(-1.0), r"exponpow.mean: the shape parameters must be positive \(b is not"),
    (lambda: stats.johnsonsb.var(0.5, 0.0), r"johnsonsb.var: the shape parameters must be positive \(b is not"),
    (lambda: stats.powerlognorm.std(1.0, -1.0), r"powerlognorm.std: the shape parameters must be positive \(s is not"),
    (lambda: stats.genexpon.var(1.0, np.inf, 1.0), "genexpon.var: a, b and c must be finite"),
]

test_refusals = refusals_test(REFUSALS)
