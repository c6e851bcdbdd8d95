"""The moments of ``scipy.stats``' heavy-tailed distributions ``genpareto``, ``lomax`` and ``f``
(``mean var std``; ``f.entropy``) and ``beta.entropy``, in their shapes, loc and scale.

A moment that does not exist is +inf (a mean whose integral diverges; a variance where the mean is
finite and the second moment is not) or NaN (a variance where the mean is infinite), with
derivative 0 (a constant) or NaN there. SciPy is not consistent about those (its genpareto.var is
NaN for 1/2 <= c < 1, where the truth is inf; its lomax.var and f.var are inf where the mean is
infinite) and its f.entropy and beta.entropy lose digits as the shapes grow (f.entropy(3, 1e10) is
1.4e-5 off mpmath, beta.entropy(1e8, 3) 1.8e-9): checked against the closed forms and mpmath here.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode).
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402

LOC, SCALE = np.array([-0.4, 0.0, 1.3]), np.array([[0.6], [2.0]])
#: genpareto's c where its mean and variance are finite (c < 1/2), around 0 and below
GP_C = np.array([-2.0, -0.5, 0.0, 1e-9, 0.3, 0.45])
LOMAX_C = np.array([2.05, 3.0, 40.0])
#: dfn, dfd: f's variance needs dfd > 4; the entropy switches form where dfn / 2 or dfd / 2 is 10
DFN, DFD = np.array([[0.5], [3.0], [19.9], [20.1], [1e4]]), np.array([4.5, 19.9, 20.1, 300.0])
#: beta's a and b on both sides of 10 (gamma's entropy switches to Stirling's series there)
BETA_A, BETA_B = np.array([[0.3], [9.9], [10.1], [2e3]]), np.array([0.8, 9.9, 10.1, 5e4])


def _f(name, method):
    return getattr(getattr(stats, name), method)


CASES = [
    *[case(_f("genpareto", m), _f("genpareto", m), GP_C, LOC[:, None], SCALE[:, :, None], id=f"genpareto.{m}")
      for m in ("mean", "var", "std")],
    *[case(_f("lomax", m), _f("lomax", m), LOMAX_C, LOC[:, None], SCALE[:, :, None], id=f"lomax.{m}")
      for m in ("mean", "var", "std")],
    *[case(_f("f", m), _f("f", m), DFN, DFD, 0.3, 1.7, id=f"f.{m}") for m in ("mean", "var", "std", "entropy")],
    case(_f("f", "entropy"), _f("f", "entropy"), 3.0, 1e10, LOC, SCALE, id="f.entropy-far"),
    case(_f("beta", "entropy"), _f("beta", "entropy"), BETA_A, BETA_B, 0.3, 1.7, id="beta.entropy"),
    case(_f("beta", "entropy"), _f("beta", "entropy"), 2.0, 3.0, np.zeros(0), id="beta.entropy-empty"),
    case(_f("genpareto", "var"), _f("genpareto", "var"), np.array([0.25]), id="genpareto.var-size1"),
    # the moments that do not exist: constants in the shapes (inf), or NaN with NaN derivatives,
    # each beside finite ones (their derivatives are not touched by the others')
    case(_f("genpareto", "mean"), lambda c: np.exp(-_f("genpareto", "mean")(c)), np.array([0.3, 1.0, 1.5]),
         id="genpareto.mean-infinite"),
    case(_f("lomax", "mean"), lambda c: np.exp(-_f("lomax", "mean")(c)), np.array([0.5, 1.0, 3.0]),
         id="lomax.mean-infinite"),
]

test_gradient = gradient_test(CASES)

#: (function, args) checked against SciPy's values, where SciPy's are right (below: where not)
VALUE_CHECKS = [
    *[(f"genpareto.{m}", (np.array([-2.0, -0.5, 0.0, 0.3, 0.45, 1.0, 3.0]), LOC[:, None], SCALE[:, :, None]))
      for m in ("mean",)],
    *[(f"genpareto.{m}", (GP_C, LOC[:, None], SCALE[:, :, None])) for m in ("var", "std")],
    *[(f"lomax.{m}", (np.array([1.5, 2.0, 3.0, 40.0]), LOC[:, None], SCALE[:, :, None])) for m in ("mean",)],
    *[(f"lomax.{m}", (np.array([1.5, 2.0, 3.0, 40.0]), LOC[:, None], SCALE[:, :, None])) for m in ("var", "std")],
    *[(f"f.{m}", (DFN, np.array([0.5, 2.0, 3.0, 4.0, 4.5, 20.0]), 0.3, 1.7)) for m in ("mean",)],
    *[(f"f.{m}", (DFN, np.array([3.0, 4.0, 4.5, 20.0]), 0.3, 1.7)) for m in ("var", "std")],
    ("f.entropy", (DFN[:-1], DFD[:-1], 0.3, 1.7)),
    ("beta.entropy", (BETA_A[:-1], BETA_B[:-1], 0.3, 1.7)),
]


@pytest.mark.parametrize("name, args", VALUE_CHECKS, ids=[n for n, _ in VALUE_CHECKS])
def test_stats_values_are_scipys(name, args):
    distribution, method = name.split(".")
    with np.errstate(divide="ignore", invalid="ignore"):  # (SciPy's own warnings)
        want = getattr(getattr(ST, distribution), method)(*args)
    np.testing.assert_allclose(_f(distribution, method)(*args), want, rtol=1e-13)


def test_moments_that_do_not_exist():
    inf, nan = np.inf, np.nan
    # genpareto: the mean 1/(1 - c) for c < 1, the variance 1/((1 - c)^2 (1 - 2c)) for c < 1/2
    c = np.array([0.25, 0.5, 0.75, 1.0, 2.0])
    np.testing.assert_array_equal(stats.genpareto.mean(c), [4.0 / 3.0, 2.0, 4.0, inf, inf])
    # (SciPy's var: NaN at 0.5 and 0.75, where the mean is finite and the variance infinite)
    np.testing.assert_array_equal(stats.genpareto.var(c), [1.0 / (0.5625 * 0.5), inf, inf, nan, nan])
    np.testing.assert_array_equal(stats.genpareto.std(c, 0.0, 2.0)[1:], [inf, inf, nan, nan])
    # lomax: the mean 1/(c - 1) for c > 1, the variance c/((c - 1)^2 (c - 2)) for c > 2
    c = np.array([0.5, 1.0, 1.5, 2.0, 3.0])
    np.testing.assert_array_equal(stats.lomax.mean(c), [inf, inf, 2.0, 1.0, 0.5])
    # (SciPy's var: inf at 0.5 and 1, where the mean is infinite; its genpareto.var is NaN there)
    np.testing.assert_array_equal(stats.lomax.var(c), [nan, nan, inf, inf, 0.75])
    # f: the mean dfd/(dfd - 2) for dfd > 2, the variance for dfd > 4
    dfd = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    np.testing.assert_array_equal(stats.f.mean(3.0, dfd), [inf, inf, 3.0, 2.0, 5.0 / 3.0])
    np.testing.assert_array_equal(stats.f.var(3.0, dfd)[:4], [nan, nan, inf, inf])
    # the derivatives: 0 where the moment is an infinite constant, NaN where it is undefined
    grads = wg.elementwise_grad(stats.lomax.var)(c)
    assert np.isnan(grads[:2]).all() and (grads[2:4] == 0).all() and np.isfinite(grads[4])
    grads = wg.elementwise_grad(lambda d: stats.f.var(3.0, d))(dfd)
    assert np.isnan(grads[:2]).all() and (grads[2:4] == 0).all() and np.isfinite(grads[4])
    # var = 2 d^2 (d + 1) / (3 (d - 2)^2 (d - 4)) at dfn = 3: 100/9 at d = 5, its log-derivative
    # 2/d + 1/(d + 1) - 2/(d - 2) - 1/(d - 4) = -11/10 there
    assert wg.grad(lambda d: stats.f.var(3.0, d))(5.0) == pytest.approx(-110.0 / 9.0, rel=1e-15)
    # undefined: NaN at every order and in both modes (NaN times the shapes had a second derivative 0)
    for function, at in ((stats.genpareto.var, 1.5), (stats.lomax.var, 0.5), (lambda d: stats.f.var(3.0, d), 1.5)):
        for second in (wg.grad(wg.grad(function)), wg.jacfwd(wg.grad(function)), wg.grad(wg.jacfwd(function))):
            assert np.isnan(second(at))


def test_lomax_mean_is_exact_where_scipys_is_not():
    # (SciPy's lomax.mean(1e8) is 1.0000000161269895e-08: 1.6e-9 relative off 1/(c - 1))
    assert stats.lomax.mean(1e8) == 1.0 / (1e8 - 1.0)
    assert wg.grad(stats.lomax.mean)(1e8) == pytest.approx(-1.0 / (1e8 - 1.0) ** 2, rel=1e-15)


#: (distribution, a, b, entropy, its first derivatives in a and b, its second derivatives) by
#: mpmath at 50 digits (test_the_table_is_mpmaths; f: dfn, dfd): as the shapes grow, the terms of
#: SciPy's formula (about a log a) cancel, and its value is 1.4e-5 off at f(3, 1e10), 2.3e-7 at
#: f(1e8, 10), 1.4e-7 at f(1e9, 1e9), 1.8e-9 at beta(1e8, 3), 2.3e-10 at beta(1e6, 1e6)
ENTROPY_TABLE = [
    ('f', 3.0, 10000000000.0, 0.9555076675173021, (-0.06703388341950316, -2.4999999998166668e-20), (-0.018989858495768716, 4.99999999945e-30)),
    ('f', 100000000.0, 10.0, 0.750785772191241, (-3.99999956000004e-16, -0.06396886221134644), (7.99999868000016e-24, 0.007853859433392864)),
    ('f', 1000000000.0, 1000000000.0, -8.249547204208588, (-2.4999999925e-10, -2.5000000125e-10), (3.7499999858333334e-19, 3.7500000258333335e-19)),
    ('f', 0.5, 30.0, -0.20412308321110162, (4.9657498949635315, -0.0014210274247717445), (-24.548844473435135, 9.579627298906515e-05)),
    ('f', 19.9, 20.1, 0.638695519786219, (-0.010647825036845734, -0.015547952835670127), (0.0007574474188609486, 0.0012549610833913884)),
    ('f', 20.1, 19.9, 0.6397288135816851, (-0.010433711715724187, -0.015867055067879686), (0.000737960605355123, 0.0012904443360435027)),
    ('beta', 1000.0, 1000.0, -3.0749100021471314, (-0.00024987487496878127, -0.00024987487496878127), (-1.254587709623384e-07, -1.254587709623384e-07)),
    ('beta', 1000000.0, 1000000.0, -6.528537766617507, (-2.49999874999875e-07, -2.49999874999875e-07), (-1.2500045833377084e-13, -1.2500045833377084e-13)),
    ('beta', 100000000.0, 3.0, -16.573102273589353, (-9.999999600000008e-09, 0.2101318513035475), (9.999999200000026e-17, -0.08670645420984914)),
    ('beta', 0.01, 100000000.0, -113.36647746435033, (9902.60500137803, -1.00000000485e-08), (-1990003.9382082184, 1.0000000097000001e-16)),
    ('beta', 9.99, 10.01, -0.7983445416612716, (-0.023564968999037508, -0.023679325548034796), (-0.001765426376867595, -0.001741015157401524)),
    ('beta', 0.5, 0.5, -0.24156447527049044, (0.8224670334241132, 0.8224670334241132), (-9.300152649494425, -9.300152649494425)),
]


@pytest.mark.parametrize("name, a, b, value, first, second", ENTROPY_TABLE)
def test_entropy_against_mpmath(name, a, b, value, first, second):
    h = _f(name, "entropy")
    # (4e-15 at these points; over a grid of moderate shapes 9.1e-15, see test_entropy_at_moderate_shapes)
    assert float(h(a, b)) == pytest.approx(value, rel=4e-15, abs=0)
    for i in (0, 1):
        d1 = wg.grad(h, argnums=i)
        assert d1(a, b) == pytest.approx(first[i], rel=2e-14, abs=0)
        assert wg.grad(d1, argnums=i)(a, b) == pytest.approx(second[i], rel=2e-14, abs=0)
        # forward over reverse
        assert wg.jvp(lambda t: d1(*(t if j == i else (a, b)[j] for j in (0, 1))), ((a, b)[i],), (1.0,))[1] == \
            pytest.approx(second[i], rel=2e-14, abs=0)


#: (distribution, a, b, which argument, derivative order, mpmath at 40 digits): the worst points of a
#: grid of shapes 0.3 ... 150 (both distributions, each argument): the values are within 9.1e-15,
#: not the 4e-15 the table's comment claimed for every shape (the terms of the closed form, of order
#: 1 to 10, cancel to -0.77 at beta(9.5, 9.5)); the derivatives within 1.6e-13 (relative, where
#: they are above 1e-3: small differences of terms of order 1, 1.5e-3 at beta(2.5, 4) in b twice)
MODERATE = [
    ("beta", 9.5, 9.5, 0, 0, -0.7741512392773879, 1.2e-14),  # measured 6.9e-15
    ("f", 19.0, 150.0, 0, 0, 0.32383269211080723, 1.2e-14),  # 9.1e-15
    ("beta", 7.0, 12.0, 0, 1, -0.002575665115189977, 3e-13),  # 3.4e-14
    ("beta", 2.5, 4.0, 1, 2, -0.001564821432759192, 3e-13),  # 1.3e-13
    ("f", 19.0, 1.0, 0, 1, 0.0014616234673894219, 3e-13),  # 1.6e-13
    ("f", 4.0, 21.0, 0, 2, 0.0014523766875468736, 3e-13),  # 5.4e-14
]


@pytest.mark.parametrize("name, a, b, i, order, want, rtol", MODERATE)
def test_entropy_at_moderate_shapes(name, a, b, i, order, want, rtol):
    h = _f(name, "entropy")
    for _ in range(order):
        h = wg.grad(h, argnums=i)
    assert float(h(a, b)) == pytest.approx(want, rel=rtol, abs=0)


def test_the_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        def entropy(name, a, b):
            if name == "f":
                a, b = a / 2, b / 2
                return (mp.log(b / a) + mp.log(mp.beta(a, b)) + (1 - a) * mp.digamma(a) - (1 + b) * mp.digamma(b)
                        + (a + b) * mp.digamma(a + b))
            return mp.log(mp.beta(a, b)) - (a - 1) * mp.digamma(a) - (b - 1) * mp.digamma(b) + (a + b - 2) * mp.digamma(a + b)

        for name, a, b, value, first, second in ENTROPY_TABLE:
            a, b = mp.mpf(a), mp.mpf(b)
            assert float(entropy(name, a, b)) == pytest.approx(value, rel=1e-16, abs=0)
            assert float(mp.diff(lambda t: entropy(name, t, b), a)) == pytest.approx(first[0], rel=1e-15, abs=0)
            assert float(mp.diff(lambda t: entropy(name, a, t), b, 2)) == pytest.approx(second[1], rel=1e-15, abs=0)


def test_refusals():
    with pytest.raises(ValueError, match="lomax.mean: the shape parameters must be positive"):
        stats.lomax.mean(-1.0)
    with pytest.raises(ValueError, match="f.var: the shape parameters must be positive"):
        stats.f.var(3.0, 0.0)
    with pytest.raises(ValueError, match="beta.entropy: scale must be positive"):
        stats.beta.entropy(2.0, 3.0, 0.0, -1.0)
