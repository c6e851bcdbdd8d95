"""SciPy functions: ``scipy.stats.sem`` (every axis, ``ddof``, ``nan_policy``, ``keepdims``).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's and
the refusals at the points where a rule does not hold.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test, listing_test, rand  # noqa: E402
from wengert.scipy import stats  # noqa: E402

STATS = ("sem",)

X = rand((3, 4), seed=120)
X_NAN = X.copy()
X_NAN[1, 2] = np.nan

CASES = [
    # -- sem: default axis 0, other and negative axes, ddof, None (all), keepdims, NaNs left out
    case(stats.sem, stats.sem, X, id="sem"),
    case(stats.sem, lambda a: stats.sem(a, axis=-1, ddof=0), X, id="sem-axis-1-ddof0"),
    case(stats.sem, lambda a: stats.sem(a, axis=None), X, id="sem-all"),
    case(stats.sem, lambda a: stats.sem(a, axis=1, keepdims=True), X, id="sem-keepdims"),
    case(stats.sem, lambda a: stats.sem(a, axis=None, keepdims=True), X, id="sem-all-keepdims"),
    case(stats.sem, lambda a: stats.sem(a, nan_policy="omit"), X_NAN, id="sem_nan_policy-omit"),
    case(stats.sem, stats.sem, rand((5,), seed=121), id="sem-vector"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test([f"stats.{n}" for n in STATS],
                                                           [getattr(stats, n) for n in STATS], CASES)


@pytest.mark.parametrize("kwargs", [{}, {"axis": 1}, {"axis": -1, "ddof": 0}, {"axis": None}, {"axis": None, "keepdims": True},
                                    {"axis": 0, "keepdims": True}, {"ddof": 2}], ids=repr)
def test_sem_is_scipys(kwargs):
    ours, theirs = stats.sem(X, **kwargs), ST.sem(X, **kwargs)
    assert np.shape(ours) == np.shape(theirs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-14)


def test_sem_nan_policies():
    np.testing.assert_allclose(stats.sem(X_NAN, nan_policy="omit"), ST.sem(X_NAN, nan_policy="omit"), rtol=1e-14)
    np.testing.assert_array_equal(np.isnan(stats.sem(X_NAN)), np.isnan(ST.sem(X_NAN)))
    with pytest.raises(ValueError, match="contains nan"):
        stats.sem(X_NAN, nan_policy="raise")
    with pytest.raises(ValueError, match="nan_policy"):
        stats.sem(X, nan_policy="ignore")
    # a NaN left out: it gets no gradient; the others, that of the slice without it
    g = wg.grad_bp(lambda a: np.sum(stats.sem(a, nan_policy="omit")), X_NAN)
    assert g[1, 2] == 0.0
    np.testing.assert_allclose(g[[0, 2], 2], wg.grad_bp(lambda c: stats.sem(c), X[[0, 2], 2]), rtol=1e-12)


def test_sem_of_a_constant_slice_has_std_s_gradient_there():
    """At equal values (a size-1 slice with ddof=0 too) std's derivative does not exist (sqrt
    at 0); sem inherits np.std's rule: 0 at first order, its second order refused."""
    for a, ddof in ((np.ones(3), 1), (np.array([2.0]), 0)):
        n = float(np.size(a))
        np.testing.assert_array_equal(wg.grad_bp(lambda a: stats.sem(a, ddof=ddof), a),
                                      wg.grad_bp(lambda a: np.std(a, ddof=ddof) / np.sqrt(n), a))
        if a.size == 1:  # (one value: sem is 0 at every point, and so is every derivative, as np.std's since 27c9819)
            np.testing.assert_array_equal(wg.hessian(lambda a: stats.sem(a, ddof=ddof))(a), np.zeros((1, 1)))
        else:
            with pytest.raises(wg.NoGradientRule):
                wg.hessian(lambda a: stats.sem(a, ddof=ddof))(a)
