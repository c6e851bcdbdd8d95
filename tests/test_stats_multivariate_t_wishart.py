"""``scipy.stats``' ``multivariate_t`` (logpdf, pdf, entropy), ``wishart`` and ``invwishart``
(logpdf, pdf): gradients in every argument against central differences (``CASES``; second order and
forward mode by ``tests/test_coverage.py``), values against SciPy's, far out in df against mpmath
(the log gamma ratio by its series: the difference of two gammaln loses ``df log df`` eps), the
symmetric gradients in shape and scale, and the refusals."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test, stats_values_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402

SPD = np.array([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 1.5]])
X3 = np.array([[1.0, 0.2, 0.0], [0.2, 0.8, 0.1], [0.0, 0.1, 0.6]])
POINTS = np.array([[0.3, -1.2, 0.5], [2.0, 0.1, -0.4], [0.0, 0.0, 0.0], [-5.0, 3.0, 1.0]])
MVT, W, IW = stats.multivariate_t, stats.wishart, stats.invwishart


def _each_argument(covers, fn, args, name):
    """``fn`` in all of ``args`` at once, and in each alone."""
    cases = [case(covers, fn, *args, id=f"{name}-all")]
    for i in range(len(args)):
        cases.append(case(covers, lambda a, _i=i: fn(*args[:_i], a, *args[_i + 1:]), args[i], id=f"{name}-arg{i}"))
    return cases


CASES = [
    *[c for name in ("logpdf", "pdf") for df in (0.7, 5.0, 3e4)
      for c in _each_argument(getattr(MVT, name), getattr(MVT, name), (POINTS, np.array([0.1, -0.2, 0.3]), SPD, df),
                              f"multivariate_t.{name}-df{df:g}")],
    case(MVT.logpdf, lambda x, s, df: MVT.logpdf(x, np.zeros(2), s, df), np.array([0.4, -1.0]), np.array([0.5, 2.0]),
         2.5, id="multivariate_t.logpdf-diagonal-shape"),
    case(MVT.logpdf, lambda x, s, df: MVT.logpdf(x, None, s, df), np.array([0.4, -1.0, 3.0]), 0.7, 4.0,
         id="multivariate_t.logpdf-one-dimension"),
    *[case(MVT.entropy, lambda s, df: MVT.entropy(None, s, df), SPD, df, id=f"multivariate_t.entropy-df{df:g}")
      for df in (0.3, 4.0, 25.0, 31.0, 2e5)],
    case(MVT.entropy, lambda s, df: MVT.entropy(None, s, df), 1.7, 3.0, id="multivariate_t.entropy-one-dimension"),
    *[c for cls in (W, IW) for name in ("logpdf", "pdf")
      for c in _each_argument(getattr(cls, name), getattr(cls, name), (X3, 4.5, SPD), f"{cls.__name__}.{name}")],
    *[case(cls.logpdf, cls.logpdf, np.stack([X3, 2.0 * X3 + 0.1 * np.eye(3)], axis=-1), 3.0, np.array([1.0, 0.5, 2.0]),
           id=f"{cls.__name__}.logpdf-stack-diagonal-scale") for cls in (W, IW)],
    *[case(cls.logpdf, cls.logpdf, np.array([0.3, 2.0, 7.0]), 0.6, 1.5, id=f"{cls.__name__}.logpdf-one-dimension")
      for cls in (W, IW)],
]

test_gradient = gradient_test(CASES)


VALUE_CHECKS = [
    *[(f"multivariate_t.{f}", (POINTS, np.array([0.1, -0.2, 0.3]), SPD, df)) for f in ("logpdf", "pdf")
      for df in (0.3, 1.0, 4.0, 1e3)],
    ("multivariate_t.logpdf", (np.array([1.0, 2.0]), None, np.array([[2.0, 0.3], [0.3, 1.0]]), 3.0)),
    ("multivariate_t.logpdf", (0.7, 0.2, 1.5, 2.0)),
    *[("multivariate_t.entropy", (None, SPD, df)) for df in (0.3, 1.0, 4.0, 100.0, 1e3, 1e8)],
    ("multivariate_t.entropy", (None, 2.5, 3.0)),
    *[(f"{d}.{f}", (x, df, scale)) for d in ("wishart", "invwishart") for f in ("logpdf", "pdf")
      for x, df, scale in ((X3, 4.5, SPD), (np.stack([X3, 2.0 * X3], axis=-1), 2.5, SPD), (2.0, 3.0, 1.5),
                           (np.array([0.3, 2.0]), 1.0, 0.7), (np.array([1.0, 2.0, 0.5]), 7.0, np.array([1.0, 3.0, 2.0])))],
]
# (far out in df SciPy's logpdf is the difference of two gammaln: 3.9e-9 off at df = 1e8; wengert's
# against mpmath: test_multivariate_t_far_out_in_df)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)


@pytest.mark.parametrize("df", [0.5, 9.9, 10.0, 15.0, 29.9, 30.0, 1e3, 1e6, 1e10, 1e15])
def test_multivariate_t_far_out_in_df(df):
    """logpdf (dimension 3) and entropy and their derivatives in df against mpmath at 80 digits
    beyond df's, on both sides of df = 30, where the series of the log gamma ratio begins (df/2 =
    10 h, h = d/2)."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(80 + max(0, int(np.log10(df)))):
        d, m = 3, 2.7
        shape = np.eye(3)
        x = np.array([m ** 0.5, 0.0, 0.0])  # squared Mahalanobis distance m

        def logpdf(n):
            h = mpmath.mpf(d) / 2
            return (mpmath.loggamma(n / 2 + h) - mpmath.loggamma(n / 2) - h * mpmath.log(n * mpmath.pi)
                    - (n / 2 + h) * mpmath.log1p(mpmath.mpf(m) / n))

        def entropy(n):
            h, a = mpmath.mpf(d) / 2, n / 2
            return (-mpmath.loggamma(a + h) + mpmath.loggamma(a) + h * mpmath.log(n * mpmath.pi)
                    + (a + h) * (mpmath.digamma(a + h) - mpmath.digamma(a)))
        n = mpmath.mpf(df)
        for ours, truth, rel in ((lambda v: MVT.logpdf(x, None, shape, v), logpdf, 2e-13),
                                 (lambda v: MVT.entropy(None, shape, v), entropy, 5e-13)):
            assert float(ours(df)) == pytest.approx(float(truth(n)), rel=1e-15)
            want = float(mpmath.diff(truth, n))
            for mode in (wg.grad, wg.jacfwd):
                assert float(mode(ours)(df)) == pytest.approx(want, rel=rel, abs=1e-300)


def test_multivariate_t_at_infinite_df_is_the_normal():
    loc = np.array([0.1, -0.2, 0.3])
    np.testing.assert_allclose(MVT.logpdf(POINTS, loc, SPD, np.inf), stats.multivariate_normal.logpdf(POINTS, loc, SPD),
                               rtol=1e-15)
    assert float(MVT.entropy(None, SPD, np.inf)) == pytest.approx(float(stats.multivariate_normal.entropy(None, SPD)),
                                                                  rel=1e-15)
    assert wg.grad(lambda v: MVT.logpdf(POINTS[0], loc, SPD, v))(np.inf) == 0.0


@pytest.mark.parametrize("fn, args", [
    (lambda s: MVT.logpdf(POINTS, None, s, 3.0), ()), (lambda s: W.logpdf(X3, 4.5, s), ()),
    (lambda s: IW.logpdf(X3, 4.5, s), ()), (lambda x: W.logpdf(x, 4.5, SPD), ()), (lambda x: IW.logpdf(x, 4.5, SPD), ())],
    ids=["multivariate_t-shape", "wishart-scale", "invwishart-scale", "wishart-x", "invwishart-x"])
def test_the_gradients_in_matrices_are_symmetric(fn, args):
    g = wg.grad(lambda m: np.sum(fn(m)))(SPD if "x" not in fn.__code__.co_varnames else X3)
    np.testing.assert_allclose(g, g.T, rtol=0, atol=0)


@pytest.mark.parametrize("call, message", [
    (lambda: MVT.logpdf(POINTS, None, SPD, 0.0), "multivariate_t.logpdf: df must be positive"),
    (lambda: MVT.logpdf(POINTS, None, SPD, np.array([1.0, 2.0])), "multivariate_t.logpdf: df must be a number"),
    (lambda: MVT.entropy(None, SPD, -1.0), "multivariate_t.entropy: df must be positive"),
    (lambda: MVT.logpdf(POINTS, np.zeros(2), SPD, 3.0), "multivariate_t: mean of shape"),
    (lambda: W.logpdf(X3, 1.5, SPD), r"wishart.logpdf: df must be greater than the dimension of scale minus 1 \(2\)"),
    (lambda: IW.logpdf(X3, 2.0, SPD), r"invwishart.logpdf: df must be greater than the dimension of scale minus 1"),
    (lambda: W.logpdf(X3, 4.0, np.ones((3, 2))), "wishart.logpdf: scale must be a square matrix"),
    (lambda: W.logpdf(np.ones((2, 2)), 4.0, SPD), r"wishart.logpdf: x must be 3 x 3 matrices"),
])
def test_refusals(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_matrix_that_is_not_positive_definite_is_refused():
    with pytest.raises(np.linalg.LinAlgError):
        W.logpdf(np.array([[1.0, 2.0], [2.0, 1.0]]), 4.0, np.eye(2))
