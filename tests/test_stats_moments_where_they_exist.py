"""The moments of ``scipy.stats``' ``cauchy``, ``halfcauchy``, ``levy``, ``levy_l``, ``pareto``,
``invgamma`` and ``t`` (``mean var std entropy``), in their shapes, loc and scale. They were missing.

A moment that does not exist is NaN (cauchy's and t's mean for df <= 1: the integral diverges on both
sides) or +-inf (a one-sided divergence: halfcauchy's and levy's mean, pareto's for b <= 1), with
derivative 0 where inf (a constant) and NaN where NaN; a variance where the mean is infinite is NaN, as
the project's lomax and f (SciPy's is inf there for pareto and invgamma; SciPy's t.mean is inf for
df <= 1 and its levy_l.mean +inf, where the distribution lies left of loc). t's entropy from df = 20
on is written without its cancelling terms (``tests/test_stats_moments_where_they_exist.py`` checks
it against mpmath to df = 1e15, derivatives to second order), and levy's is the closed form (SciPy
integrates it: 1.1e-10 off).

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
from wengert.testing import check_grads  # noqa: E402

LOC, SCALE = np.array([-0.4, 0.0, 1.3]), np.array([[0.6], [2.0]])
#: shapes where the mean and variance exist, near the ends of where they do and beyond
PARETO_B = np.array([2.05, 3.0, 40.0])
INVGAMMA_A = np.array([2.05, 3.0, 9.5, 40.0, 1e6])
#: t's df on both sides of its entropy's switch (df = 20) and far out
T_DF = np.array([0.05, 0.7, 2.5, 19.99, 20.01, 300.0, 1e8])


def _f(name, method):
    return getattr(getattr(stats, name), method)


CASES = [
    *[case(_f("pareto", m), _f("pareto", m), PARETO_B, LOC[:, None], SCALE[:, :, None], id=f"pareto.{m}")
      for m in ("mean", "var", "std", "entropy")],
    *[case(_f("invgamma", m), _f("invgamma", m), INVGAMMA_A, LOC[:, None], SCALE[:, :, None], id=f"invgamma.{m}")
      for m in ("mean", "var", "std", "entropy")],
    *[case(_f("t", m), _f("t", m), np.array([2.5, 3.0, 40.0]), LOC[:, None], SCALE[:, :, None], id=f"t.{m}")
      for m in ("mean", "var", "std")],
    case(_f("t", "entropy"), _f("t", "entropy"), T_DF, LOC[:, None], SCALE[:, :, None], id="t.entropy"),
    *[case(_f(d, "entropy"), _f(d, "entropy"), LOC, SCALE, id=f"{d}.entropy")
      for d in ("cauchy", "halfcauchy", "levy", "levy_l")],
    # the means that do not exist, beside finite ones
    case(_f("pareto", "mean"), lambda b: np.exp(-_f("pareto", "mean")(b)), np.array([0.5, 1.0, 3.0]),
         id="pareto.mean-infinite"),
    case(_f("invgamma", "mean"), lambda a: np.exp(-_f("invgamma", "mean")(a)), np.array([0.5, 1.0, 3.0]),
         id="invgamma.mean-infinite"),
    case(_f("levy", "mean"), lambda loc, scale: np.exp(-_f("levy", "mean")(loc, scale)), LOC, SCALE,
         id="levy.mean-infinite"),
    case(_f("levy_l", "mean"), lambda loc, scale: np.exp(_f("levy_l", "mean")(loc, scale)), LOC, SCALE,
         id="levy_l.mean-infinite"),
    *[case(_f(d, m), lambda loc, scale, _m=_f(d, m): np.exp(-_m(loc, scale)), LOC, SCALE, id=f"{d}.{m}-infinite")
      for d, m in (("halfcauchy", "var"), ("halfcauchy", "mean"), ("halfcauchy", "std"), ("levy", "var"),
                   ("levy", "std"), ("levy_l", "var"), ("levy_l", "std"))],
    # cauchy's moments do not exist: NaN with NaN derivatives; masked, a zero cotangent adds nothing
    *[case(_f("cauchy", m), lambda loc, scale, _m=_f("cauchy", m): np.where(np.isnan(_m(loc, scale)), 0.0, 1.0),
           LOC, SCALE, id=f"cauchy.{m}-undefined") for m in ("mean", "var", "std")],
]

test_gradient = gradient_test(CASES)

#: (function, args) checked against SciPy's values, where SciPy's are right (below: where not)
VALUE_CHECKS = [
    *[(f"pareto.{m}", (np.array([0.5, 1.0, 1.5, 2.05, 3.0, 40.0]), LOC[:, None], SCALE[:, :, None]))
      for m in ("mean", "entropy")],
    *[(f"pareto.{m}", (np.array([1.5, 2.0, 2.05, 3.0, 40.0]), LOC[:, None], SCALE[:, :, None]))
      for m in ("var", "std")],
    *[(f"invgamma.{m}", (np.array([0.5, 1.0, 1.5, 2.05, 3.0, 40.0]), LOC[:, None], SCALE[:, :, None]))
      for m in ("mean", "entropy")],
    *[(f"invgamma.{m}", (np.array([1.5, 2.0, 2.05, 3.0, 40.0]), LOC[:, None], SCALE[:, :, None]))
      for m in ("var", "std")],
    ("t.mean", (np.array([1.5, 2.0, 40.0]), LOC[:, None], SCALE[:, :, None])),
    *[(f"t.{m}", (np.array([0.5, 1.0, 1.5, 2.0, 2.5, 40.0]), LOC[:, None], SCALE[:, :, None]))
      for m in ("var", "std")],
    ("t.entropy", (np.array([0.05, 0.7, 2.5, 19.99, 20.01, 300.0]), LOC[:, None], SCALE[:, :, None])),
    *[(f"{d}.{m}", (LOC, SCALE)) for d in ("cauchy", "halfcauchy") for m in ("mean", "var", "std", "entropy")],
    *[(f"levy.{m}", (LOC, SCALE)) for m in ("mean", "var", "std")],
    *[(f"levy_l.{m}", (LOC, SCALE)) for m in ("mean", "var", "std")],
]


@pytest.mark.parametrize("name, args", VALUE_CHECKS, ids=[n for n, _ in VALUE_CHECKS])
def test_stats_values_are_scipys(name, args):
    distribution, method = name.split(".")
    with np.errstate(divide="ignore", invalid="ignore"):  # (SciPy's own warnings)
        want = getattr(getattr(ST, distribution), method)(*args)
    if name == "levy_l.mean":
        want = -want  # (SciPy's +inf: levy_l lies left of loc, its mean is -inf)
    np.testing.assert_allclose(_f(distribution, method)(*args), want, rtol=1e-13)


def test_where_scipy_differs_the_moment_is_the_truth():
    # a variance where the mean is infinite: NaN (SciPy: inf for pareto and invgamma; the project's lomax)
    for d, shape in (("pareto", 0.5), ("pareto", 1.0), ("invgamma", 0.5), ("invgamma", 1.0)):
        assert np.isinf(getattr(ST, d).var(shape))
        assert np.isnan(_f(d, "var")(shape)) and np.isnan(_f(d, "std")(shape))
        assert _f(d, "mean")(shape) == np.inf  # (the mean: inf, as SciPy's)
    # the variance is infinite where the mean is finite and the second moment is not
    assert _f("pareto", "var")(1.5) == _f("invgamma", "var")(2.0) == _f("t", "var")(1.5) == np.inf
    # t's mean for df <= 1 does not exist (both tails diverge, as cauchy's, which SciPy gives NaN)
    assert ST.t.mean(1.0) == np.inf and np.isnan(_f("t", "mean")(np.array([0.5, 1.0]))).all()
    assert _f("t", "mean")(1.5, 0.25, 3.0) == 0.25
    # levy_l lies left of loc: its mean is -inf (SciPy: +inf)
    assert _f("levy_l", "mean")(0.3, 2.0) == -np.inf and _f("levy", "mean")(0.3, 2.0) == np.inf


def test_entropies_against_mpmath():
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        def t_entropy(df):
            return ((df + 1) / 2 * (mpmath.digamma((df + 1) / 2) - mpmath.digamma(df / 2))
                    + mpmath.log(mpmath.sqrt(df) * mpmath.beta(df / 2, mpmath.mpf(1) / 2)))
        # t: value, first and second derivative in df, in both modes; from df = 20 on the closed form's
        # terms cancel (its derivative lost 8 digits at df = 1e12 as a difference of digamma excesses)
        for df in (0.05, 2.5, 19.99, 20.0, 20.01, 300.0, 1e5, 1e8, 1e12, 1e15):
            x = mpmath.mpf(df)
            want, d1, d2 = (float(mpmath.diff(t_entropy, x, k)) for k in (0, 1, 2))
            assert float(_f("t", "entropy")(df)) == pytest.approx(want, rel=2e-15, abs=0)
            rtol = 1e-13 if 19 < df < 21 else 4e-15  # (SciPy's form just below the switch: 4e-14 in d1)
            assert wg.grad(_f("t", "entropy"))(df) == pytest.approx(d1, rel=rtol * 20, abs=0)
            assert wg.jvp(_f("t", "entropy"), (df,), (1.0,))[1] == pytest.approx(d1, rel=rtol * 20, abs=0)
            assert wg.grad(wg.grad(_f("t", "entropy")))(df) == pytest.approx(d2, rel=rtol * 20, abs=0)
        assert float(_f("t", "entropy")(1e300)) == pytest.approx(0.5 * np.log(2 * np.pi * np.e), rel=1e-15, abs=0.0)

        # invgamma: a + gammaln(a) - (a + 1) digamma(a), whose terms cancel as a grows
        def invgamma_entropy(a):
            return a + mpmath.loggamma(a) - (a + 1) * mpmath.digamma(a)
        for a in (0.05, 1.0, 3.0, 9.9, 10.1, 1e4, 1e8):
            x = mpmath.mpf(a)
            want, d1 = float(invgamma_entropy(x)), float(mpmath.diff(invgamma_entropy, x))
            assert float(_f("invgamma", "entropy")(a)) == pytest.approx(want, rel=1e-14, abs=1e-15)
            assert wg.grad(_f("invgamma", "entropy"))(a) == pytest.approx(d1, rel=1e-12, abs=0)
        # levy: (1 + 3 euler + log(16 pi)) / 2 + log(scale) (SciPy integrates it numerically)
        want = float((1 + 3 * mpmath.euler + mpmath.log(16 * mpmath.pi)) / 2 + mpmath.log(2))
        assert float(_f("levy", "entropy")(0.0, 2.0)) == pytest.approx(want, rel=1e-15, abs=0.0)
        assert float(_f("levy_l", "entropy")(0.0, 2.0)) == pytest.approx(want, rel=1e-15, abs=0.0)
        assert abs(ST.levy.entropy(0.0, 2.0) - want) > 1e-11  # (SciPy's quadrature)


@pytest.mark.parametrize("name", ["pareto", "invgamma", "t"])
def test_moments_second_order_and_float32(name):
    shape = 3.5
    for method in ("mean", "var", "std", "entropy"):
        fn = _f(name, method)
        check_grads(lambda s, loc, scale: fn(s, loc, scale), shape, 0.3, 1.7, modes=("rev", "fwd"), order=2)
        out = fn(np.float32(shape), np.float32(0.3), np.float32(1.7))
        assert out.dtype == np.float32
        assert float(out) == pytest.approx(float(fn(shape, 0.3, 1.7)), rel=1e-6, abs=0.0)


def test_infinite_moments_have_derivative_zero_and_nan_ones_nan():
    # an infinite moment is a constant: derivative 0 in loc, scale and the shapes; NaN ones are NaN
    for d in ("levy", "levy_l", "halfcauchy"):
        assert wg.grad(lambda loc, s: _f(d, "mean")(loc, s), argnums=(0, 1))(0.5, 2.0) == (0.0, 0.0)
    assert wg.grad(lambda b: _f("pareto", "mean")(b))(0.5) == 0.0
    assert np.isnan(wg.grad(lambda df: _f("t", "mean")(df))(0.5))
    assert np.isnan(wg.grad(lambda loc: _f("cauchy", "mean")(loc))(0.5))
    # beside a defined entry the undefined one's NaN stays its own (d/d loc of t.mean: NaN, then 1)
    grads = wg.elementwise_grad(lambda loc: _f("t", "mean")(np.array([0.5, 3.0]), loc))(np.array([0.1, 0.2]))
    assert np.isnan(grads[0]) and grads[1] == 1.0


def test_an_undefined_moment_s_nan_derivatives_stay_its_own():
    """Before: an undefined entry's NaN reached a defined entry's derivative in a shared scale or
    loc through a zero cotangent (exp(NaN y)'s NaN partial): grad of lomax.var([0.5, 3.0], scale=s)[1]
    was NaN, truth 1.5 s; and t.var / t.std / t.mean likewise, at second order too."""
    c = np.array([0.5, 3.0])
    assert wg.grad(lambda s: stats.lomax.var(c, scale=s)[1])(2.0) == pytest.approx(3.0, rel=1e-15, abs=0.0)
    assert wg.hessian(lambda s: stats.lomax.var(c, scale=s)[1])(2.0) == pytest.approx(1.5, rel=1e-15, abs=0.0)
    df = np.array([0.5, 2.5])
    assert wg.grad(lambda s: stats.t.var(df, scale=s)[1])(2.0) == pytest.approx(20.0, rel=1e-15, abs=0.0)
    assert wg.grad(lambda s: stats.t.std(df, scale=s)[1])(2.0) == pytest.approx(np.sqrt(5.0), rel=1e-15, abs=0.0)
    assert wg.grad(lambda loc: stats.t.mean(df, loc=loc)[1])(2.0) == 1.0
    v = np.array([0.5, 1.5, 2.5, 2.0])
    h = wg.hessian(lambda v: stats.t.var(v[:3], scale=v[3])[2])(v)
    # (row 0, the undefined entry's df, is NaN, truth 0: forward over reverse carries a traced
    # cotangent, which is not read (it may be the transposed pullback's variable))
    np.testing.assert_allclose(h[1:], [[0, 0, 0, 0], [0, 0, 128, -32], [0, 0, -32, 10]], rtol=1e-14)
    # the undefined entry's own derivatives: NaN, in its shape as in loc and scale, in both modes
    assert np.isnan(wg.grad(lambda s: stats.lomax.var(c, scale=s)[0])(2.0))
    assert np.isnan(wg.grad(stats.lomax.var)(0.5)) and np.isnan(wg.jvp(stats.lomax.var, (0.5,), (1.0,))[1])
    assert np.isnan(wg.grad(lambda s: stats.cauchy.var(0.0, s))(0.5))


def test_variances_at_huge_shapes():
    """Before: pareto.var(1e200) and invgamma.var(1e200) raised OverflowError ((b - 1)^2 of a
    Python float), and the derivative of pareto.var at b = 1e80 was +1e-240, truth -2e-240."""
    for d in ("pareto", "invgamma"):
        assert _f(d, "var")(1e200) == 0.0
    # (the standard deviations, as quotients of their own, do not underflow with the variance: SciPy's sqrt(var)
    # gives 0)
    assert _f("pareto", "std")(1e200) == pytest.approx(1e-200, rel=1e-15,
                                                       abs=0.0) and _f("invgamma", "std")(1e200) == 1e-300
    assert wg.grad(_f("pareto", "var"))(1e80) == pytest.approx(-2e-240, rel=1e-12, abs=0)
    assert wg.jvp(_f("pareto", "var"), (1e80,), (1.0,))[1] == pytest.approx(-2e-240, rel=1e-12, abs=0)
    assert wg.grad(wg.grad(_f("pareto", "var")))(1e60) == pytest.approx(6e-240, rel=1e-12, abs=0)
    assert wg.grad(_f("invgamma", "var"))(1e60) == pytest.approx(-3e-240, rel=1e-12, abs=0)
    assert wg.grad(_f("pareto", "std"))(1e80) == pytest.approx(-1e-160, rel=1e-12, abs=0)


@pytest.mark.parametrize("name, b, want", [
    # (value, first and second derivative; mpmath at 50 digits: sqrt(b / ((b - 1)^2 (b - 2))), 1 / ((a - 1) sqrt(a - 2)))
    ("pareto", 2.5, (1.4907119849998598, -2.1863775779997945, 6.7313927855993665)),
    ("pareto", 1e8, (1.0000000200000004e-08, -1.000000040000001e-16, 2.000000120000004e-24)),
    ("pareto", 1e100, (1e-100, -1e-200, 2e-300)),
    ("pareto", 1e160, (1e-160, -1e-320, 0.0)),
    ("pareto", 1e200, (1e-200, 0.0, 0.0)),
    ("pareto", 1e300, (1e-300, 0.0, 0.0)),
    ("invgamma", 2.5, (0.9428090415820634, -1.5713484026367723, 4.923558328261887)),
    ("invgamma", 1e8, (1.0000000200000004e-12, -1.5000000500000012e-20, 3.7500001750000055e-28)),
    ("invgamma", 1e100, (1e-150, -1.5e-250, 0.0)),
    ("invgamma", 1e160, (1e-240, 0.0, 0.0)),
    ("invgamma", 1e300, (0.0, 0.0, 0.0))])
def test_standard_deviations_at_huge_shapes(name, b, want):
    """pareto.std and invgamma.std as quotients of factors of size 1 and 1/b (``sqrt(b / (b - 2)) / (b - 1)``,
    ``1 / (a - 1) / sqrt(a - 2)``), not sqrt(var): beyond b = 1e160 the variance underflowed and the derivative
    was sqrt'(0) times it, NaN (truth -0); in both modes, to second order."""
    f = _f(name, "std")
    g = wg.grad(f)
    got = [float(f(b)), float(g(b)), float(wg.jvp(f, (b,), (1.0,))[1]), float(wg.grad(g)(b)),
           float(wg.jvp(g, (b,), (1.0,))[1]), float(wg.hessian(f)(b))]
    assert got == pytest.approx([want[0]] + [want[1]] * 2 + [want[2]] * 3, rel=2e-15, abs=0)
