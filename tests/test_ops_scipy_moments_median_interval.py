"""SciPy functions: the ``mean``, ``var``, ``std``, ``entropy``, ``median`` and ``interval`` of
``scipy.stats``' continuous distributions (in their shapes where those are differentiable,
``loc`` and ``scale``).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's,
gamma's entropy on both sides of its switch to the asymptotic series against mpmath (50
digits), and the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402

#: distribution -> the shapes its moments are checked at (one value per shape, and an array)
MOMENT_SHAPES = {"norm": (), "expon": (), "laplace": (), "logistic": (), "uniform": (), "gumbel_r": (),
                 "gumbel_l": (), "halfnorm": (), "rayleigh": (), "gamma": (np.array([0.4, 3.0, 25.0]),),
                 "chi2": (np.array([0.8, 5.0, 60.0]),), "beta": (np.array([0.5, 2.0, 7.0]), 1.7),
                 "lognorm": (np.array([0.3, 1.0, 1.9]),), "gennorm": (np.array([0.7, 2.0, 5.0]),)}
#: the distributions whose median and interval are added (from their ppf), with shapes
QUANTILE_SHAPES = {**MOMENT_SHAPES, "cauchy": (), "weibull_min": (1.6,), "pareto": (2.5,), "invgamma": (3.2,),
                   "t": (4.5,)}
LOC, SCALE = np.array([-0.4, 0.0, 1.3]), np.array([[0.6], [2.0]])


def _moment_cases():
    out = []
    for name, shapes in MOMENT_SHAPES.items():
        for method in ("mean", "var", "std", "entropy"):
            if method == "entropy" and name in ("beta", "gennorm"):
                continue  # (beta: not added; gennorm: its own, with its own cases)
            fn = getattr(getattr(stats, name), method)
            out.append(case(fn, lambda *a, _fn=fn, _k=len(shapes): _fn(*a[:_k], a[_k], a[_k + 1]),
                            *shapes, LOC, SCALE, id=f"{name}.{method}"))
    for name, shapes in QUANTILE_SHAPES.items():
        d = getattr(stats, name)
        out.append(case(d.median, lambda loc, scale, _d=d, _s=shapes: _d.median(*_s, loc, scale), LOC, SCALE,
                        id=f"{name}.median"))
        out.append(case(d.interval, lambda c, loc, scale, _d=d, _s=shapes: _d.interval(c, *_s, loc, scale),
                        np.array([0.2, 0.9, 0.99]), LOC, SCALE, id=f"{name}.interval"))
    # the shapes, where the ppf is differentiable in them to every order
    out.append(case(stats.lognorm.median, lambda s: stats.lognorm.median(s, 0.3, 1.2), np.array([0.5, 2.0]),
                    id="lognorm.median-s"))
    out.append(case(stats.weibull_min.interval, lambda c: stats.weibull_min.interval(0.8, c, 0.3, 1.2),
                    np.array([0.7, 2.5]), id="weibull_min.interval-c"))
    out.append(case(stats.gamma.entropy, stats.gamma.entropy, np.array([9.0, 10.0, 11.0, 1e4]), id="gamma.entropy-switch"))
    return out


CASES = _moment_cases()

test_gradient = gradient_test(CASES)


#: (function, arguments) for every function added here, checked against SciPy's value
VALUE_CHECKS = [
    *[(f"{name}.{method}", (*shapes, LOC, SCALE)) for name, shapes in MOMENT_SHAPES.items()
      for method in ("mean", "var", "std", "entropy") if not (method == "entropy" and name in ("beta", "gennorm"))],
    *[(f"{name}.median", (*shapes, LOC, SCALE)) for name, shapes in QUANTILE_SHAPES.items()],
    *[(f"{name}.interval", (np.array([0.0, 0.5, 0.9, 1.0])[:, None, None], *shapes, LOC, SCALE))
      for name, shapes in QUANTILE_SHAPES.items()],
]


@pytest.mark.parametrize("name, args", VALUE_CHECKS, ids=[n for n, _ in VALUE_CHECKS])
def test_stats_values_are_scipys(name, args):
    from scipy import stats as scipy_stats
    distribution, method = name.split(".")
    ours, theirs = getattr(getattr(stats, distribution), method), getattr(getattr(scipy_stats, distribution), method)
    with np.errstate(divide="ignore", invalid="ignore"):
        got, want = ours(*args), theirs(*args)
    # (1e-14: SciPy's gamma and chi2 entropy lose about a eps up to a = 250, below; 1e-15 absolute for a
    # quantile whose truth is 0: SciPy 1.13's t.median at loc 0 is 4.2e-17 and 1.4e-16, wengert's exactly 0)
    atol = 1e-15 if method in ("median", "interval") else 0.0
    rtol = 1e-14
    import scipy
    if name == "t.interval" and tuple(int(v) for v in scipy.__version__.split(".")[:2]) < (1, 16):
        # SciPy's stdtrit before 1.16 stops at a tolerance, 2e-11..6e-11 off (here 9.4e-12 at
        # t.ppf(0.25, 4.5), so 1e-10 of loc + scale t.ppf = 0.04); wengert's t.ppf polishes its
        # root, exact within a few ulp of mpmath's (tests/test_stats_t_middle_quantile.py)
        rtol, atol = 1e-10, 1e-10
    for g, w in zip(got, want) if method == "interval" else ((got, want),):
        np.testing.assert_allclose(g, w, rtol=rtol, atol=atol)


@pytest.mark.parametrize("a, value, first, second", [
    # mpmath at 50 digits: a + loggamma(a) + (1 - a) digamma(a) and its derivatives, on both sides of
    # the switch to the asymptotic series (a = 10) and far out, where the closed form cancels: at
    # a = 100 SciPy's own value is 2.6e-14 off (its series starts at 250, the closed form below)
    (9.999999, 2.5360541249779978, 0.05350298458264984, -0.0057178221650255375),
    (10.0, 2.53605417848098, 0.053502978864828285, -0.005717820944467139),
    (100.0, 3.7181819485047463, 0.005033500329976432, -5.067167983192169e-05),
    (1e8, 10.629278901847522, 5.000000033333333e-09, -5.000000066666667e-17),
])
def test_gamma_entropy_against_mpmath(a, value, first, second):
    assert float(stats.gamma.entropy(a)) == pytest.approx(value, rel=4e-16, abs=0)
    assert float(wg.grad(stats.gamma.entropy)(a)) == pytest.approx(first, rel=4e-15, abs=0)
    assert float(wg.grad(wg.grad(stats.gamma.entropy))(a)) == pytest.approx(second, rel=1e-15, abs=0)


def test_moment_refusals():
    with pytest.raises(ValueError, match="gamma.var: the shape parameters must be positive"):
        stats.gamma.var(-1.0)
    with pytest.raises(ValueError, match="norm.std: scale must be positive"):
        stats.norm.std(0.0, -1.0)
    with pytest.raises(ValueError, match="confidence must be in"):
        stats.norm.interval(1.5)
    # gamma's median in its shape: gammaincinv's, to second order
    assert wg.grad(stats.gamma.median)(2.0) == pytest.approx(wg.grad(lambda a: stats.gamma.ppf(0.5, a))(2.0), rel=1e-15, abs=0)
    assert wg.grad(wg.grad(stats.gamma.median))(2.0) == pytest.approx(
        wg.grad(wg.grad(lambda a: stats.gamma.ppf(0.5, a)))(2.0), rel=1e-15, abs=0)
