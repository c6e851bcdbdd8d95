"""Sorting, selection, order statistics and NaN-skipping reductions, against central finite
differences (random points, where no two values are tied), and exactly at ties, NaNs,
all-NaN slices and zero deviation."""
import itertools
import warnings

import numpy as np
import pytest

import wengert as wg
from opcheck import case, crand, gradient_test, rand
from wengert.testing import check_grads

V = rand((5,), seed=1)
M = rand((3, 4), seed=2)
T = rand((2, 3, 4), seed=3)

#: (array, axis) pairs for the order statistics and the NaN-skipping reductions.
AXES = [(V, None), (V, 0), (V, -1), (M, None), (M, 0), (M, 1), (M, -2), (M, (0, 1)), (T, (0, 2)), (T, -1),
        (rand((4, 2), seed=4), 0)]


def _with_nans(x):
    """``x`` with a few NaNs, never two in a line along any axis (every slice keeps >= 2 values)."""
    x = x.copy()
    flat = x.reshape(-1)
    flat[1::7] = np.nan
    return x


def _over_axes(fn, name, arrays=AXES, **kwargs):
    return [case(fn, lambda v, a=axis, k=keep: fn(v, axis=a, keepdims=k, **kwargs), x,
                 id=f"{name}-{'x'.join(map(str, x.shape))}-axis{axis}-keep{keep}")
            for (x, axis), keep in itertools.product(arrays, (False, True))]


def _sort_cases():
    return [case(np.sort, lambda v, a=a: np.sort(v, axis=a), x, id=f"sort-{x.ndim}d-axis{a}")
            for x, axes in ((V, (-1, 0, None)), (M, (0, 1, -1, -2, None)), (T, (1, -3, None)))
            for a in axes] + [
        case(np.sort, lambda v: np.sort(v, axis=None), 0.3, id="sort-float"),
        case(np.sort, lambda v: np.sort(v, kind="stable"), M, id="sort-stable"),
        case(np.sort, lambda v: np.sort(v)[..., 1:], M, id="sort-part-of-result"),
        # sort_complex returns the sorted values (as complex numbers): they carry a gradient
        case(np.sort_complex, lambda v: np.abs(np.sort_complex(v)) ** 2 * np.arange(4.0), M, id="sort_complex-real"),
        case(np.sort_complex, lambda z: np.sort_complex(z) * np.arange(1.0, 4.0), crand((2, 3), seed=11),
             id="sort_complex"),
    ]


def _partition_cases():
    return [case(np.partition, lambda v, k=k, a=a: np.partition(v, k, axis=a), x, id=f"partition-{x.ndim}d-k{k}-axis{a}")
            for x, k, a in ((V, 2, -1), (V, (0, 3), 0), (V, -1, -1), (M, 1, 0), (M, 2, -1), (M, 5, None),
                            (T, (1, 2), 1))]


def _select_cases():
    cond = [np.array([True, False, False, True]), np.array([False, True, False, True])]
    return [
        case(np.select, lambda a, b: np.select(cond, [a, b]), rand((4,), seed=5), rand((3, 4), seed=6),
             id="select-two-choices"),
        case(np.select, lambda a: np.select(cond, [a, 2.0], default=-1.0), rand((2, 1), seed=7), id="select-constant-choice"),
        case(np.select, lambda a, b: np.select([np.array([[True], [False], [True]]), True], [a * b, b]), M, 0.4,
             id="select-broadcast-conditions"),
        case(np.select, lambda a: np.select([a > 0], [a * a]), V, id="select-from-values"),
    ]


def _quantile_cases():
    return [
        *_over_axes(np.median, "median"),
        *_over_axes(np.percentile, "percentile", q=30.0),
        *_over_axes(np.quantile, "quantile", q=np.array([0.0, 0.5, 0.8, 1.0])),
        case(np.percentile, lambda v: np.percentile(v, [[25.0, 75.0], [100.0 / 3, 50.0]], axis=1), M,
             id="percentile-2d-q"),
        case(np.quantile, lambda v: np.quantile(v, 0.25), V, id="quantile-integer-index"),
        case(np.quantile, lambda v: np.quantile(v, 1.0, axis=0), M, id="quantile-top"),
        case(np.median, np.median, rand((6,), seed=8), id="median-even"),
        case(np.median, np.median, 0.3, id="median-float"),
        case(np.median, np.median, rand((1,)), id="median-size-1"),
        *_over_axes(np.nanmedian, "nanmedian", NAN_AXES),
        *_over_axes(np.nanpercentile, "nanpercentile", NAN_AXES, q=[10.0, 62.5]),
        *_over_axes(np.nanquantile, "nanquantile", NAN_AXES[3:6], q=0.3),
        case(np.nanmedian, np.nanmedian, V, id="nanmedian-no-nan"),
    ]


NAN_AXES = [(_with_nans(x), axis) for x, axis in AXES if np.size(x) > 5 or axis is not None]


def _nan_cases():
    return [
        *_over_axes(np.nansum, "nansum", NAN_AXES), *_over_axes(np.nanmean, "nanmean", NAN_AXES),
        *_over_axes(np.nanmax, "nanmax", NAN_AXES), *_over_axes(np.nanmin, "nanmin", NAN_AXES),
        *_over_axes(np.nanvar, "nanvar", NAN_AXES), *_over_axes(np.nanstd, "nanstd", NAN_AXES),
        *_over_axes(np.nanvar, "nanvar-ddof1", NAN_AXES[3:6], ddof=1),
        *_over_axes(np.nanstd, "nanstd-ddof1", NAN_AXES[3:6], ddof=1),
        case(np.nansum, np.nansum, 0.3, id="nansum-float"), case(np.nanmean, np.nanmean, rand(()), id="nanmean-0d"),
        *[case(fn, fn, V, id=f"{fn.__name__}-no-nan") for fn in (np.nanmax, np.nanvar, np.nanstd)],
        *[case(fn, lambda z, fn=fn: fn(z, axis=0), _with_nans(crand((3, 4), seed=9)), id=f"{fn.__name__}-complex")
          for fn in (np.nansum, np.nanmean, np.nanvar, np.nanstd)],
        case(np.nanvar, lambda z: np.nanvar(z, ddof=1), crand((4,), seed=10), id="nanvar-complex-ddof1"),
    ]


CASES = [*_sort_cases(), *_partition_cases(), *_select_cases(), *_quantile_cases(), *_nan_cases()]


# -- distinct values, set operations, weighted counts ------------------------------
# Distinct inputs: where values are equal, any move separating them changes the size of the
# result (test_unique_ties_send_the_gradient_to_the_first below checks the convention there).
DISTINCT = np.array([0.5, -0.25, 0.7, 2.0, -0.3, 1.0])
OTHER = np.array([0.6, 3.0, -0.35])
ROWS = np.array([[1.0, 2.0], [1.5, 2.5], [0.5, 3.0], [1.5, 2.5]])  # a repeated row: not moved by FD pairs
CASES += [
    case(np.unique, np.unique, DISTINCT),
    case(np.unique, lambda v: np.unique(v, return_index=True, return_counts=True)[0], DISTINCT.reshape(2, 3),
         id="unique-returns"),
    case(np.unique, lambda v: np.unique(v, axis=0), ROWS[:3], id="unique-rows"),
    case(np.unique, lambda v: np.unique(v, axis=-1), ROWS[:3].T, id="unique-columns-negative-axis"),
    case(np.unique, np.unique, 0.5, id="unique-float"),
    case(np.unique, np.unique, np.zeros(0), id="unique-empty"),
    case(np.unique_values, np.unique_values, DISTINCT),
    case(np.unique_counts, lambda v: np.unique_counts(v).values, DISTINCT),
    case(np.unique_inverse, lambda v: np.unique_inverse(v).values, DISTINCT.reshape(3, 2)),
    case(np.unique_all, lambda v: np.unique_all(v).values, DISTINCT),
    case(np.union1d, np.union1d, DISTINCT, OTHER),
    case(np.union1d, lambda v: np.union1d(v, OTHER), DISTINCT.reshape(2, 3), id="union1d-2d"),
    case(np.setdiff1d, np.setdiff1d, DISTINCT, OTHER),
    case(np.setdiff1d, lambda v: np.setdiff1d(v, [3.0], assume_unique=True), np.array([3.5, 0.5, 7.0]),
         id="setdiff1d-assume_unique"),
    case(np.setxor1d, np.setxor1d, DISTINCT, OTHER),
    case(np.setxor1d, lambda v: np.setxor1d(v, OTHER, assume_unique=True), DISTINCT, id="setxor1d-assume_unique"),
    # the shared values must move together under finite differences (any move that
    # separates them changes the result's size), so the second array is taken from the first
    case(np.intersect1d, lambda v: np.intersect1d(v, v[[4, 0, 2]]), DISTINCT),
    case(np.intersect1d, lambda v, w: np.intersect1d(v, np.concatenate([w, v[[1]]])), DISTINCT, OTHER,
         id="intersect1d-both"),
    case(np.intersect1d, lambda v: np.intersect1d(v[::-1], v[[3, 1]], return_indices=True)[0], DISTINCT,
         id="intersect1d-indices"),
    case(np.intersect1d, lambda v: np.intersect1d(v.reshape(2, 3), v[[5]], assume_unique=True), DISTINCT,
         id="intersect1d-assume_unique-2d"),
    case(np.intersect1d, lambda v: np.intersect1d(v, OTHER), DISTINCT, id="intersect1d-empty"),
    case(np.piecewise, lambda v: np.piecewise(v, [v < 0, v >= 0], [lambda u: u * u, lambda u: 2.0 * u]), DISTINCT),
    case(np.piecewise, lambda v: np.piecewise(v, [v < 0, v > 0.6], [lambda u: u * u, 3.0, np.sin]), DISTINCT,
         id="piecewise-otherwise-constant"),
    case(np.piecewise, lambda v: np.piecewise(v, [v < 1.0, v > 0.0], [np.exp, lambda u: -u]), DISTINCT.reshape(2, 3),
         id="piecewise-overlapping-later-wins"),
    case(np.piecewise, lambda v: np.piecewise(v, [v > 5.0], [np.exp]), DISTINCT, id="piecewise-none-selected"),
    case(np.piecewise, lambda v: np.piecewise(v, v > 0, [np.cos, np.sin]), 0.5, id="piecewise-float"),
    case(np.bincount, lambda w: np.bincount([0, 2, 2, 0, 5], w), rand((5,), seed=3)),
    case(np.bincount, lambda w: np.bincount(np.array([1, 1]), weights=w, minlength=4), rand((2,), seed=4),
         id="bincount-minlength-repeated"),
    case(np.bincount, lambda w: np.bincount(np.array([0]), weights=w), rand((1,), seed=5), id="bincount-size1"),
]

DATA, WEIGHTS = rand((20,), seed=6), rand((20,), low=0.0, seed=7)
CASES += [
    case(np.histogram_bin_edges, np.histogram_bin_edges, DATA),
    case(np.histogram_bin_edges, lambda a: np.histogram_bin_edges(a, bins="auto"), DATA, id="histogram_bin_edges-auto"),
    case(np.histogram_bin_edges, lambda e: np.histogram_bin_edges(DATA, bins=e), np.array([-1.0, 0.0, 0.5]),
         id="histogram_bin_edges-given"),
    case(np.histogram_bin_edges, lambda a: np.histogram_bin_edges(a, 3, range=(-1.0, 1.0)) * np.sum(a), DATA,
         id="histogram_bin_edges-range-constant"),
    case(np.histogram, lambda a: np.histogram(a, bins=5, density=True), DATA, id="histogram-density"),
    case(np.histogram, lambda a: np.histogram(a, bins=4)[1], DATA, id="histogram-edges"),
    case(np.histogram, lambda w: np.histogram(DATA, bins=5, weights=w), WEIGHTS, id="histogram-weights"),
    case(np.histogram, lambda a, w: np.histogram(a, bins=4, weights=w, density=True), DATA, WEIGHTS,
         id="histogram-weights-density"),
    case(np.histogram, lambda w: np.histogram(DATA, bins=[-0.5, 0.0, 0.9], weights=w), WEIGHTS, id="histogram-edges-given"),
    case(np.histogram, lambda w: np.histogram(DATA.reshape(4, 5), 3, range=(-0.5, 0.5), weights=w),
         WEIGHTS.reshape(4, 5), id="histogram-range-outside-2d"),
]


# -- every quantile method; histogram2d and histogramdd -----------------------------
QUANTILE_METHODS = ("inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf",
                    "hazen", "weibull", "median_unbiased", "normal_unbiased", "lower", "higher", "midpoint", "nearest")
SAMPLE, SAMPLE_WEIGHTS = rand((12, 2), seed=8), rand((12,), low=0.0, seed=9)
CASES += [
    *[case(np.quantile, lambda v, m=m: np.quantile(v, [0.0, 0.3, 0.5, 0.8, 1.0], axis=-1, method=m), M,
           id=f"quantile-{m}") for m in QUANTILE_METHODS],
    case(np.percentile, lambda v: np.percentile(v, 40.0, axis=(0, 2), method="nearest", keepdims=True), T,
         id="percentile-nearest-axes"),
    case(np.quantile, lambda v: np.quantile(v, 0.7, method="midpoint"), 0.3, id="quantile-midpoint-float"),
    case(np.quantile, lambda v: np.quantile(v, [0.2, 0.6], method="lower"), rand((1,), seed=10),
         id="quantile-lower-size1"),
    *[case(np.nanquantile, lambda v, m=m: np.nanquantile(v, [0.1, 0.6], axis=1, method=m), _with_nans(M),
           id=f"nanquantile-{m}") for m in ("hazen", "nearest", "higher", "interpolated_inverted_cdf")],
    case(np.nanpercentile, lambda v: np.nanpercentile(v, 25.0, axis=0, method="weibull"), _with_nans(T),
         id="nanpercentile-weibull"),
    case(np.histogramdd, lambda w: np.histogramdd(SAMPLE, bins=3, weights=w)[0], SAMPLE_WEIGHTS,
         id="histogramdd-weights"),
    case(np.histogramdd, lambda w: np.histogramdd(SAMPLE, bins=(2, 4), weights=w, density=True)[0],
         SAMPLE_WEIGHTS, id="histogramdd-weights-density"),
    case(np.histogramdd, lambda s: np.histogramdd(s, bins=(3, 2), density=True), SAMPLE, id="histogramdd-density"),
    case(np.histogramdd, lambda s: np.histogramdd(s, bins=[np.array([-1.0, 0.0, 0.5]), 2])[1][1], SAMPLE,
         id="histogramdd-edges"),
    case(np.histogramdd, lambda a, w: np.histogramdd((a, a * a), bins=2, weights=w, density=True), DATA[:12],
         SAMPLE_WEIGHTS, id="histogramdd-columns"),
    case(np.histogramdd, lambda w: np.histogramdd(SAMPLE[:, 0], bins=4, range=[(-0.5, 0.5)], weights=w)[0],
         SAMPLE_WEIGHTS, id="histogramdd-1d-range-outside"),
    case(np.histogram2d, lambda w: np.histogram2d(SAMPLE[:, 0], SAMPLE[:, 1], bins=3, weights=w)[0],
         SAMPLE_WEIGHTS, id="histogram2d-weights"),
    case(np.histogram2d, lambda x, y: np.histogram2d(x, y, bins=(2, 3), density=True), SAMPLE[:, 0],
         SAMPLE[:, 1], id="histogram2d-density"),
    case(np.histogram2d, lambda x, w: np.histogram2d(x, SAMPLE[:, 1], bins=np.array([-1.0, 0.0, 0.3, 1.0]),
                                                     weights=w, density=True), SAMPLE[:, 0], SAMPLE_WEIGHTS,
         id="histogram2d-one-edge-array"),
    case(np.histogram2d, lambda w: np.histogram2d([0.5], [0.5], bins=2, weights=w)[0], rand((1,), seed=11),
         id="histogram2d-size1"),
]

# where= of the NaN-skipping reductions (the masked-out elements count as NaNs do),
# and initial= of nanmax/nanmin (one more candidate, a constant)
NAN_MASK = np.array([[True, False, True, True], [True, True, True, False], [False, True, True, True]])
CASES += [
    *[case(fn, lambda v, fn=fn: fn(v, axis=1, where=NAN_MASK), _with_nans(M), id=f"{fn.__name__}-where")
      for fn in (np.nansum, np.nanmean, np.nanvar, np.nanstd)],
    case(np.nanstd, lambda v: np.nanstd(v, axis=0, ddof=1, where=NAN_MASK, keepdims=True), _with_nans(M),
         id="nanstd-where-ddof1"),
    case(np.nanmean, lambda v: np.nanmean(v, where=NAN_MASK[0]), _with_nans(M) + 1j * M, id="nanmean-where-complex"),
    case(np.nanmax, lambda v: np.nanmax(v, axis=1, where=NAN_MASK, initial=-5.0), _with_nans(M), id="nanmax-where"),
    case(np.nanmin, lambda v: np.nanmin(v, axis=0, initial=-0.1), _with_nans(M), id="nanmin-initial"),
    case(np.nansum, lambda v: np.nansum(v, axis=0, initial=2.0), _with_nans(M), id="nansum-initial"),
]


test_gradient = gradient_test(CASES)


def _weights_grad(f, x):
    """The gradient of ``sum(w * f(x))`` with w = 1, 10, 100, ... (each place identifiable)."""
    def total(v):
        out = f(v)
        return np.sum(out * 10.0 ** np.arange(np.size(out.value)).reshape(np.shape(out.value)))
    return wg.grad_bp(total, x)


def test_sort_routes_ties_through_the_stable_permutation():
    x = np.array([2.0, 1.0, 2.0, 0.0, np.nan])
    # stable order: 0.0 (3), 1.0 (1), 2.0 (0), 2.0 (2), nan (4)
    np.testing.assert_array_equal(_weights_grad(np.sort, x), [100.0, 10.0, 1000.0, 1.0, 10000.0])
    # a one-sided move that keeps the first 2.0 before the second agrees with it
    d = np.array([0.1, 0.3, 0.2, -0.4, 0.0])
    h = 1e-7
    f = lambda v: np.sum(np.sort(v) * 10.0 ** np.arange(5))  # noqa: E731
    finite = x[:4]
    assert (f(np.r_[finite + h * d[:4], 9.0]) - f(np.r_[finite, 9.0])) / h == pytest.approx(
        np.dot(_weights_grad(np.sort, np.r_[finite, 9.0]), d), rel=1e-6)


def test_sort_along_axes_and_flattened_exact():
    x = np.array([[3.0, 1.0], [0.0, 2.0]])
    np.testing.assert_array_equal(_weights_grad(lambda v: np.sort(v, axis=0), x), [[100.0, 10.0], [1.0, 1000.0]])
    np.testing.assert_array_equal(_weights_grad(lambda v: np.sort(v, axis=None), x), [[1000.0, 10.0], [1.0, 100.0]])
    assert wg.grad_bp(lambda v: np.sum(np.sort(v)), np.zeros((2, 0))).shape == (2, 0)


@pytest.mark.parametrize("name, f", [
    ("numpy.sort", np.sort), ("numpy.partition", lambda z: np.partition(z, 1)), ("numpy.median", np.median),
    ("numpy.nanmax/nanmin", np.nanmax), ("numpy.nanmax/nanmin", np.nanmin),
])
def test_orderings_of_complex_numbers_are_refused(name, f):
    with pytest.raises(wg.NoGradientRule, match=f"{name} of complex numbers.*lexicographically"):
        wg.grad(lambda z: np.sum(np.abs(f(z))))(np.array([1j, 2.0 + 0j, -1.0 + 0j]))


@pytest.mark.parametrize("kth", [0, 2, (1, 3), -1])
def test_partition_gradient_follows_the_values_it_returns(kth):
    x = np.array([0.5, -2.0, 3.0, 1.0, 0.0, 2.5])
    ans = np.partition(x, kth)
    expected = np.zeros(6)
    for place, value in enumerate(ans):
        expected[np.flatnonzero(x == value)[0]] = 10.0 ** place
    np.testing.assert_array_equal(_weights_grad(lambda v: np.partition(v, kth), x), expected)


def test_partition_with_ties_sends_each_place_to_one_source():
    x = np.array([1.0, 0.0, 1.0, 1.0])
    g = _weights_grad(lambda v: np.partition(v, 1), x)
    assert sorted(g) == [1.0, 10.0, 100.0, 1000.0] and g[1] == 10.0 ** list(np.partition(x, 1)).index(0.0)


def test_select_first_true_condition_wins_and_default_gets_nothing():
    conds = [np.array([True, True, False, False]), np.array([False, True, True, False])]
    ga, gb = wg.grad_bp(lambda a, b: np.sum(np.select(conds, [a, b], default=5.0)), np.ones(4), np.ones(4))
    np.testing.assert_array_equal(ga, [1, 1, 0, 0])
    np.testing.assert_array_equal(gb, [0, 0, 1, 0])
    assert wg.grad_bp(lambda a: np.sum(np.select(conds, [a, a * a])), 3.0) == 2.0 + 6.0


def test_select_with_a_var_default_is_refused_with_the_way_round():
    conds = [np.array([True, False])]
    with pytest.raises(wg.NoGradientRule, match=r"choicelist.*conds \+ \[True\]"):
        wg.grad_bp(lambda a, d: np.sum(np.select(conds, [a], default=d)), np.ones(2), 1.0)
    ga, gd = wg.grad_bp(lambda a, d: np.sum(np.select(conds + [True], [a, d])), np.ones(2), 1.0)
    np.testing.assert_array_equal(ga, [1.0, 0.0])
    assert gd == 1.0


@pytest.mark.parametrize("x, expected", [
    (np.array([3.0, 1.0, 2.0]), [0.0, 0.0, 1.0]),
    (np.array([4.0, 1.0, 2.0, 3.0]), [0.0, 0.0, 0.5, 0.5]),  # even: the mean of the two middle ones
    (np.array([1.0, 2.0, 2.0, 3.0]), [0.0, 0.5, 0.5, 0.0]),
    (np.array([2.0, 2.0, 2.0]), [0.0, 1.0, 0.0]),  # ties: the stable sort's middle element
    (np.array([7.0]), [1.0]),
])
def test_median_exact(x, expected):
    np.testing.assert_array_equal(wg.grad_bp(np.median, x), expected)


def test_percentile_and_quantile_exact():
    x = np.array([0.0, 40.0, 10.0, 30.0, 20.0])  # sorted places: 0, 2, 4, 3, 1
    # q = 30%: virtual index 1.2 between the 2nd (10, element 2) and 3rd (20, element 4)
    np.testing.assert_allclose(wg.grad_bp(lambda v: np.percentile(v, 30.0), x), [0, 0, 0.8, 0, 0.2], rtol=1e-15)
    np.testing.assert_allclose(wg.grad_bp(lambda v: np.quantile(v, 0.3), x), [0, 0, 0.8, 0, 0.2], rtol=1e-15)
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.quantile(v, 1.0), x), [0, 1, 0, 0, 0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.quantile(v, 0.0), x), [1, 0, 0, 0, 0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.quantile(v, 0.75), x), [0, 0, 0, 1, 0])
    g = wg.grad_bp(lambda v: np.sum(np.quantile(v, [0.25, 0.75], axis=1) * [[1.0], [2.0]]), np.array([x, -x]))
    np.testing.assert_array_equal(g, [[0, 0, 1, 2, 0], [0, 0, 2, 1, 0]])


def test_order_statistics_leave_the_input_in_place():
    x = np.array([3.0, 1.0, 2.0, 0.0])
    g = wg.grad_bp(lambda v: np.median(v, overwrite_input=True), x)
    np.testing.assert_array_equal(x, [3.0, 1.0, 2.0, 0.0])
    np.testing.assert_array_equal(g, [0.0, 0.5, 0.5, 0.0])


def test_weighted_quantiles_and_the_fraction_are_refused():
    x = np.array([0.0, 1.0, 2.0])
    with pytest.raises(wg.NoGradientRule, match="argument 1"):
        wg.grad_bp(lambda q: np.quantile(x, q), 0.3)
    with pytest.raises(wg.NoGradientRule, match="weights"):
        wg.grad_bp(lambda v: np.nanpercentile(v, 30.0, method="inverted_cdf", weights=np.ones(3)), x)
    assert wg.grad_bp(lambda v: np.quantile(v, 0.5, method="linear", weights=None), x)[1] == 1.0


def test_nan_order_statistics_use_the_values_present_in_each_slice():
    x = np.array([[3.0, np.nan, 1.0, 2.0], [np.nan] * 4, [5.0, 1.0, np.nan, np.nan]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's "All-NaN slice encountered"
        value = wg.eval_bp(lambda v: np.nanpercentile(v, [25.0, 100.0], axis=1), x)
        g = wg.grad_bp(lambda v: np.sum(np.nanpercentile(v, [25.0, 100.0], axis=1)), x)
        gm = wg.grad_bp(lambda v: np.sum(np.nanmedian(v, axis=1)), x)
        gq = wg.grad_bp(lambda v: np.sum(np.nanquantile(v, 0.25, axis=1)), x)
        np.testing.assert_array_equal(value, np.nanpercentile(x, [25.0, 100.0], axis=1))
    # row 0 sorts 1 (element 2), 2 (3), 3 (0); row 2 sorts 1 (element 1), 5 (0); row 1 is all NaN
    np.testing.assert_array_equal(g, [[1.0, 0, 0.5, 0.5], [0, 0, 0, 0], [1.25, 0.75, 0, 0]])
    np.testing.assert_array_equal(gm, [[0, 0, 0, 1.0], [0, 0, 0, 0], [0.5, 0.5, 0, 0]])
    np.testing.assert_array_equal(gq, [[0, 0, 0.5, 0.5], [0, 0, 0, 0], [0.25, 0.75, 0, 0]])


def test_median_of_an_empty_slice_has_no_gradient():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's "Mean of empty slice"
        with pytest.raises(wg.NoGradientRule, match="empty"):
            wg.grad_bp(lambda v: np.sum(np.median(v, axis=1)), np.zeros((2, 0)))


def test_nan_reductions_exact():
    x = np.array([3.0, np.nan, 3.0, 1.0])
    np.testing.assert_array_equal(wg.grad_bp(np.nansum, x), [1, 0, 1, 1])
    np.testing.assert_allclose(wg.grad_bp(np.nanmean, x), [1 / 3, 0, 1 / 3, 1 / 3], rtol=1e-15)
    np.testing.assert_array_equal(wg.grad_bp(np.nanmax, x), [0.5, 0.0, 0.5, 0.0])  # a tie shares
    np.testing.assert_array_equal(wg.grad_bp(np.nanmin, x), [0.0, 0.0, 0.0, 1.0])
    present, mean = np.array([3.0, 3.0, 1.0]), 7.0 / 3
    for ddof in (0, 1):
        gv = wg.grad_bp(lambda v: np.nanvar(v, ddof=ddof), x)
        np.testing.assert_allclose(gv[[0, 2, 3]], 2 * (present - mean) / (3 - ddof), rtol=1e-15)
        gs = wg.grad_bp(lambda v: np.nanstd(v, ddof=ddof), x)
        np.testing.assert_allclose(gs[[0, 2, 3]], (present - mean) / ((3 - ddof) * np.std(present, ddof=ddof)), rtol=1e-15)
        assert gv[1] == gs[1] == 0.0



@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_slice_of_count_at_most_ddof_adds_nothing_to_the_other_outputs():
    # column 1 has one value present (count 1 <= ddof 1, its result NaN): jacrev put NaN into out0's and
    # out2's rows at a[0, 1] (the one-hot cotangent's structural 0 times the slice's NaN gradient), the
    # truth 0 (they do not depend on it), as jacfwd gives; jacfwd of nanvar had out1's row all NaN
    a = np.array([[1.0, 3.0, 3.0], [2.0, np.nan, 2.0]])
    s, n = 1 / np.sqrt(2), np.nan  # nanstd of two values |x0 - x1| / sqrt(2), nanvar (x0 - x1) ** 2 / 2
    for fn, d in ((np.nanstd, s), (np.nanvar, 1.0)):
        truth = [[-d, 0, 0, d, 0, 0], [0, n, 0, 0, 0, 0], [0, 0, d, 0, 0, -d]]
        for jac in (wg.jacrev, wg.jacfwd):
            np.testing.assert_allclose(jac(lambda a: fn(a, 0, ddof=1))(a).reshape(3, 6), truth, rtol=1e-15)
    # second order: out1 unused, a[0, 1] moves nothing (hessian and jacfwd(grad) were NaN in its row)
    f = lambda a: np.nanvar(a, 0, ddof=1)[0] + 3 * np.nanvar(a, 0, ddof=1)[2]  # noqa: E731
    h = np.zeros((6, 6))
    h[np.ix_([0, 3], [0, 3])], h[np.ix_([2, 5], [2, 5])] = [[1, -1], [-1, 1]], [[3, -3], [-3, 3]]
    for hess in (wg.hessian, lambda f: wg.jacrev(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f))):
        np.testing.assert_array_equal(hess(f)(a).reshape(6, 6), h)
    # a live zero of the cotangent (out1 times a[1, 0] - 2, 0 at a[1, 0] = 2) times the NaN keeps it
    g = wg.grad(lambda a: np.nanvar(a, 0, ddof=1)[1] * (a[1, 0] - 2.0))(a)
    np.testing.assert_array_equal(g, [[0, n, 0], [n, 0, 0]])  # (d/da[1, 0]: out1 itself, NaN)


_FIVE = (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f)),
         lambda f: wg.jacrev(wg.jacfwd(f)), lambda f: wg.jacrev(wg.grad(f)))


ALL_NAN = np.array([[np.nan, np.nan], [1.0, 2.0]])


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("ddof", [0, 1])
@pytest.mark.parametrize("fn", [np.nanvar, np.nanstd, np.var, np.std])
def test_a_slice_with_an_inf_adds_nothing_to_the_other_outputs(fn, ddof):
    # column 1 holds an inf: out1 NaN, its mean inf (x - inf = -inf, inf - inf NaN). jacrev put NaN into
    # out0's and out2's rows at a[0, 1] (nanvar, nanstd: at a[1, 1] too), jacfwd into out1's row at the
    # other columns (var, std, nanvar), out1's own a[0, 1] was -inf (var, nanvar); the truth 0 off the slice,
    # NaN in out1's own entries. Closed forms, two values: var 2 (x - mean) / (2 - ddof), std (x - mean) / ((2 - ddof) std)
    a, n = np.array([[1.0, 3.0, 3.0], [2.0, np.inf, 2.0]]), np.nan
    d = 1.0 / (2 - ddof) if fn in (np.nanvar, np.var) else 0.5 / np.sqrt((2 - ddof) * 0.5)
    truth = np.array([[-d, 0, 0, d, 0, 0], [0, n, 0, 0, n, 0], [0, 0, d, 0, 0, -d]])
    for jac in (wg.jacrev, wg.jacfwd):
        np.testing.assert_array_equal(jac(lambda a: fn(a, 0, ddof=ddof))(a).reshape(3, 6), truth)
    # second order: var (x0 - x1) ** 2 / (2 (2 - ddof)) per column, std linear; nothing of the inf column
    # (nanstd: hessian and jacfwd(grad) NaN in a[1, 1]'s row, jacrev(grad) in its column and a[0, 1]'s)
    hessian, c = np.zeros((6, 6)), (1.0 / (2 - ddof) if fn in (np.nanvar, np.var) else 0.0)
    for i, j, w in ((0, 3, 1.0), (2, 5, 3.0)):
        hessian[np.ix_([i, j], [i, j])] = c * w * np.array([[1.0, -1.0], [-1.0, 1.0]])
    f = lambda a: fn(a, 0, ddof=ddof)[0] + 3.0 * fn(a, 0, ddof=ddof)[2]  # noqa: E731
    std = fn in (np.nanstd, np.std)  # (std's jacrev(jacfwd) was NaN in the slice's columns before its traced cotangent's marks were read)
    atol = 1e-15 if std and ddof else 0.0  # (std's 0 as the difference of terms of 1 / sqrt(2): rounding)
    for path in _FIVE:
        np.testing.assert_allclose(path(f)(a).reshape(6, 6), hessian, rtol=0, atol=atol)
    if std:  # (and out1's own second derivatives stay NaN)
        for path in _FIVE:
            assert np.isnan(path(lambda a: fn(a, 0, ddof=ddof)[1])(a).reshape(6, 6)[np.ix_([1, 4], [1, 4])]).all()


def _var_hessian_of_square(values, n_flat, where, ddof, std):
    """The exact Hessian of out ** 2 for out = np.var (std: np.std) of the slice of ``values`` at
    the flat indices ``where`` (of ``n_flat``): std ** 2 = v has v'' = 2 (I - 1 / n) / (n - ddof),
    var ** 2 has 2 v' v'^T + 2 v v'' with v' = 2 (u - mean) / (n - ddof)."""
    from fractions import Fraction
    u, n = [Fraction(int(x)) for x in values], len(values)
    m = sum(u) / n
    v = sum((x - m) ** 2 for x in u) / (n - ddof)
    dv = [2 * (x - m) / (n - ddof) for x in u]
    hessian = np.zeros((n_flat, n_flat))
    for (i, p), (j, q) in itertools.product(enumerate(where), repeat=2):
        d2v = 2 * ((i == j) - Fraction(1, n)) / (n - ddof)
        hessian[p, q] = float(d2v if std else 2 * dv[i] * dv[j] + 2 * v * d2v)
    return hessian


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("fn", [np.std, np.var, np.nanstd, np.nanvar])
@pytest.mark.parametrize("case", ["where", "nan", "inf"])
def test_a_traced_cotangent_leaves_out_a_nan_slice(fn, case):
    # f = out[k] ** 2: the cotangent of fn's result is traced (2 out[k], getitem's scatter with its
    # structural zeros marked), and the other slice is NaN (count <= ddof under where=, a NaN, an inf).
    # structural_zeros_of took no traced cotangent, so nothing was dropped: NaN in every entry of
    # the Hessian on 4-5 paths on main, the truth out[k] ** 2's own (its slice) and 0 elsewhere
    a = np.array([[5.0, 2.0, 7.0], [1.0, 3.0, 4.0]])
    axis, ddof, k, kw = {"where": (1, 1, 1, {"where": np.array([[False, True, False], [True, True, True]])}),
                         "nan": (0, 1, 2, {}), "inf": (-1, 0, 1, {})}[case]
    if case != "where":
        a[0, 1] = np.nan if case == "nan" else np.inf
    flat = {1: [3, 4, 5], 2: [2, 5]}[k]
    truth = _var_hessian_of_square(a.ravel()[flat], 6, flat, ddof, fn in (np.std, np.nanstd))
    f = lambda a: fn(a, axis=axis, ddof=ddof, **kw)[k] ** 2  # noqa: E731
    for path in (wg.jacrev(wg.grad(f)), wg.jacfwd(wg.grad(f)), wg.jacrev(wg.jacfwd(f)), wg.jacfwd(wg.jacfwd(f))):
        np.testing.assert_allclose(path(a).reshape(6, 6), truth, rtol=1e-14, atol=1e-14)
    direction = np.arange(1.0, 7.0).reshape(2, 3)
    np.testing.assert_allclose(wg.jvp(wg.grad(f), (a,), (direction,))[1].ravel(), truth @ direction.ravel(),
                               rtol=1e-14, atol=1e-13)
    # float32 stays float32 (it was float64: the counts an int array, the inf/NaN constants float64)
    hessian32 = wg.jacrev(wg.grad(f))(a.astype(np.float32))
    assert hessian32.dtype == np.float32
    np.testing.assert_allclose(hessian32.reshape(6, 6), truth, rtol=1e-5, atol=1e-5 * np.abs(truth).max())


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("reshaped", [False, True, "keepdims"])
@pytest.mark.parametrize("fn", [np.std, np.var, np.nanstd, np.nanvar])
def test_two_outputs_of_one_call_leave_out_a_nan_slice(fn, reshaped):
    # s = fn(a, 0); s[0] ** 2 + s[2] ** 2: the tape sums the two traced cotangents (getitem's
    # scatters, each marked a structural 0 off its column), and the sum had no marks: column 1's inf
    # put NaN into the other columns' Hessians on main (12 entries by hessian, jacfwd(grad), jvp(grad));
    # the truth is the two columns' own (ddof 1: n - ddof = 1). Read through a reshape, whose pullback
    # kept no marks: NaN in 8-12 entries on hessian, jacrev(grad), jacrev(jacfwd) on main. Kept with
    # keepdims=True and raveled: std's pullback marked its cotangent as itself moved, a cycle taken as
    # unknown: NaN in 12 entries by jacfwd(grad), 2 by jvp(grad) for std and nanstd on main
    a = np.array([[5.0, np.inf, 7.0], [1.0, 3.0, 4.0]])
    std = fn in (np.std, np.nanstd)
    truth = sum(_var_hessian_of_square(a.ravel()[flat], 6, flat, 1, std) for flat in ([0, 3], [2, 5]))

    def f(a):
        if reshaped == "keepdims":
            s = fn(a, 0, ddof=1, keepdims=True).ravel()
        else:
            s = fn(a, 0, ddof=1).reshape(1, 3)[0] if reshaped else fn(a, 0, ddof=1)
        return s[0] ** 2 + s[2] ** 2
    for path in (wg.jacrev(wg.grad(f)), wg.jacfwd(wg.grad(f)), wg.jacrev(wg.jacfwd(f)), wg.jacfwd(wg.jacfwd(f))):
        np.testing.assert_allclose(path(a).reshape(6, 6), truth, rtol=1e-14, atol=1e-14)
    direction = np.arange(1.0, 7.0).reshape(2, 3)
    np.testing.assert_allclose(wg.jvp(wg.grad(f), (a,), (direction,))[1].ravel(), truth @ direction.ravel(),
                               rtol=1e-14, atol=1e-13)


@pytest.mark.parametrize("fn", [np.nansum, np.nanmean, np.nanmax, np.nanmin, np.nanvar, np.nanstd])
def test_an_all_nan_slice_gives_nan_as_numpy_and_passes_no_gradient(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's own warnings for the empty slice
        expected = fn(ALL_NAN, axis=1)
        value = wg.eval_bp(lambda v: fn(v, axis=1), ALL_NAN)
        g = wg.grad_bp(lambda v: np.sum(fn(v, axis=1)[1]), ALL_NAN)
    np.testing.assert_array_equal(value, expected)
    assert np.isnan(value[0]) == (fn is not np.nansum)
    assert np.all(g[0] == 0.0) and np.all(np.isfinite(g))


def test_nanstd_at_zero_deviation_takes_the_subgradient_zero():
    x = np.array([2.0, np.nan, 2.0])
    np.testing.assert_array_equal(wg.grad_bp(np.nanstd, x), [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.sum(np.nanstd(v, axis=0)), np.array([[1.0, 2.0], [1.0, 3.0]])),
                                  [[0.0, -0.5], [0.0, 0.5]])
    # its second derivative there was 0 (finite, and wrong for nanstd(x)**2): refused now
    with pytest.raises(wg.NoGradientRule, match=r"numpy\.std \(nanstd\)"):
        wg.hessian(np.nanstd)(x)
    assert np.all(np.isfinite(wg.hessian(np.nanstd)(x + np.array([0.0, 0.0, 1e-3]))))


def test_nanvar_of_complex_values_follows_the_convention():
    z = np.array([1.0 + 2.0j, np.nan, -1.0 + 0.5j])
    _, pullback = wg.vjp(np.nanvar, z)
    (g,) = pullback(1.0)
    present = z[[0, 2]]
    np.testing.assert_allclose(g[[0, 2]], 2 * np.conj(present - present.mean()) / 2, rtol=1e-15)
    assert g[1] == 0


@pytest.mark.parametrize("f, x", [(lambda v: np.sort(v, axis=0) ** 3, M), (lambda v: np.median(v, axis=1) ** 3, M),
                                  (lambda v: np.partition(v ** 2, 2, axis=1) * v, M),
                                  (lambda v: np.nanstd(v, axis=1) ** 3, _with_nans(M))])
def test_third_order(f, x):
    # at third order the cotangent routed by the permutation is a Var of an outer tape
    check_grads(f, x, order=3, modes=("rev", "fwd"))


def test_sort_complex_routes_each_value_back_to_its_source():
    # it was declared without gradient: every gradient through it was silently 0
    z = np.array([2.5 + 1j, 1.0 - 1j, 2.0 - 3j])
    g = wg.grad_bp(lambda v: np.real(np.sum(np.sort_complex(v) * np.array([1.0, 10.0, 100.0]))), z)
    np.testing.assert_array_equal(g, [100.0, 1.0, 10.0])
    x = np.array([3.0, 1.0, 2.0], dtype=np.float32)
    out, g = wg.backprop(lambda v: np.real(np.sum(np.sort_complex(v) * np.array([1.0, 10.0, 100.0]))), x)
    assert g.dtype == np.float32
    np.testing.assert_array_equal(g, [100.0, 1.0, 10.0])


def test_unique_ties_send_the_gradient_to_the_first():
    """At equal values (no derivative: the result's size changes), the first occurrence
    carries the gradient, as for the stable sorts; the values and the plain outputs are
    NumPy's own."""
    x = np.array([0.5, -0.25, 0.5, 2.0, -0.25, 1.0])
    assert np.array_equal(wg.grad_bp(lambda v: np.sum(np.unique(v) * np.arange(4.0)), x),
                          [1.0, 0.0, 0.0, 3.0, 0.0, 2.0])
    seen = []

    def f(v):
        values, index, inverse, counts = np.unique(v, return_index=True, return_inverse=True, return_counts=True)
        every = np.unique_all(v)
        seen.append((values.value, index, inverse, counts, every))
        return np.sum(values) + np.sum(every.values)
    assert np.array_equal(wg.grad_bp(f, x), [2.0, 2.0, 0.0, 2.0, 0.0, 2.0])
    values, index, inverse, counts, every = seen[0]
    for mine, numpys in zip((values, index, inverse, counts), np.unique(x, True, True, True)):
        assert type(mine) is np.ndarray and np.array_equal(mine, numpys)
    assert type(every).__name__ == "UniqueAllResult" and not any(isinstance(p, wg.Var) for p in every[1:])


def test_set_operations_agree_with_numpy_at_shared_values():
    a, b = np.array([0.5, 3.0, 0.5, 7.0]), np.array([3.0, -1.0, 7.5])
    for fn in (np.union1d, np.setdiff1d, np.setxor1d):
        out = []
        wg.grad_bp(lambda v: np.sum(out.append(fn(v, b)) or out[-1]), a)
        assert np.array_equal(out[0].value, fn(a, b)), fn
    # setdiff1d: 3.0 is in b, so it is dropped and gets no gradient; 0.5 goes to its first place
    assert np.array_equal(wg.grad_bp(lambda v: np.sum(np.setdiff1d(v, b)), a), [1.0, 0.0, 0.0, 1.0])


def test_bincount_counts_have_no_gradient_and_float_x_is_refused_by_numpy():
    assert np.array_equal(wg.grad_bp(lambda w: np.sum(np.bincount([1, 1, 0], w) ** 2), np.array([1.0, 2.0, 3.0])),
                          [6.0, 6.0, 6.0])
    with pytest.raises(TypeError, match="Cannot cast"):
        wg.grad_bp(lambda x: np.sum(np.bincount(x)), np.array([1.0, 2.0]))


def test_histogram_values_are_numpys_and_equal_data_move_the_edges_together():
    seen = []

    def f(a, w):
        hist, edges = np.histogram(a, bins=[-0.5, 0.0, 0.9], weights=w)
        seen.append((hist.value, edges))
        return np.sum(hist)
    wg.grad_bp(f, DATA, WEIGHTS)
    expected = np.histogram(DATA, bins=[-0.5, 0.0, 0.9], weights=WEIGHTS)
    assert np.array_equal(seen[0][0], expected[0]) and np.array_equal(seen[0][1], expected[1])
    # all data equal: NumPy's edges are x - 0.5 .. x + 0.5, which move with x (the tied
    # minimum and maximum share the gradient, as np.min's and np.max's rules do)
    assert np.allclose(wg.grad_bp(lambda a: np.sum(np.histogram_bin_edges(a, bins=3)), np.array([0.4, 0.4])),
                       [2.0, 2.0])


def test_intersect1d_agrees_with_numpy_and_sends_the_gradient_to_the_first_array():
    """Values, indices and the convention (the first array's first occurrence carries the
    gradient, as for np.unique and the other set operations)."""
    a, b = np.array([0.5, 3.0, 0.5, 7.0, -1.0]), np.array([3.0, -1.0, 7.5, 0.5])
    seen = []
    g = wg.grad_bp(lambda v: np.sum((seen.append(np.intersect1d(v, b, return_indices=True)) or seen[-1])[0]
                                   * np.array([1.0, 2.0, 3.0])), a)
    expected = np.intersect1d(a, b, return_indices=True)
    np.testing.assert_array_equal(seen[0][0].value, expected[0])
    for got, want in zip(seen[0][1:], expected[1:]):
        assert not isinstance(got, wg.Var)
        np.testing.assert_array_equal(got, want)
    # sorted values -1.0, 0.5, 3.0 weighted 1, 2, 3: the first 0.5 (index 0) carries it
    np.testing.assert_array_equal(g, [2.0, 3.0, 0.0, 0.0, 1.0])
    assert np.array_equal(wg.grad_bp(lambda w: np.sum(np.intersect1d(a, w)), b), np.zeros(4))


def test_piecewise_agrees_with_numpy_and_routes_each_element_to_its_piece():
    x = np.array([-1.0, -0.5, 0.0, 0.4, 0.7, 2.0])
    conds = [x < 0.5, x > 0.0]  # overlapping: the later condition takes 0.4 over
    funcs = [lambda u: u * u, lambda u: 3.0 * u, 7.0]
    got = wg.vjp(lambda v: np.piecewise(v, conds, funcs), x)[0]
    np.testing.assert_array_equal(got, np.piecewise(x, conds, funcs))
    g = wg.grad_bp(lambda v: np.sum(np.piecewise(v, conds, funcs)), x)
    np.testing.assert_array_equal(g, [-2.0, -1.0, 0.0, 3.0, 3.0, 3.0])


def test_quantile_methods_agree_with_numpy_and_take_the_picked_order_statistics():
    """Every method's value is NumPy's; a discontinuous method's gradient is the
    one order statistic it picks, ties going to the first in the stable order."""
    x = np.array([0.5, -1.0, 2.0, 0.5, 3.0])
    for method in QUANTILE_METHODS + ("linear",):
        for q in (0.0, 0.25, 0.5, 0.9, 1.0):
            got = wg.vjp(lambda v: np.quantile(v, q, method=method), x)[0]
            assert got == np.quantile(x, q, method=method), (method, q)
    # lower at 0.5: the third smallest of 5, 0.5, whose first occurrence (index 0) carries it
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.quantile(v, 0.5, method="lower"), x), [0, 0, 0, 1, 0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.quantile(v, 0.6, method="higher"), x), [0, 0, 1, 0, 0])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.quantile(v, 0.5, method="midpoint"), x[:4]),
                                  [0.5, 0, 0, 0.5])
    with pytest.raises(wg.NoGradientRule, match="weights"):
        wg.grad_bp(lambda v: np.quantile(v, 0.5, method="inverted_cdf", weights=np.ones(5)), x)


def test_histogramdd_agrees_with_numpy_and_sends_each_weight_to_its_bin():
    """Values to the bit (the right edge's points in the last bin, outliers dropped)."""
    sample = np.array([[0.0, 0.0], [1.0, 1.0], [0.5, 0.2], [2.0, 0.0], [0.99, 0.51]])
    weights = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    for kwargs in ({"bins": 2}, {"bins": 2, "range": [(0.0, 1.0), (0.0, 1.0)]}, {"bins": (1, 3), "density": True}):
        want = np.histogramdd(sample, weights=weights, **kwargs)
        got = wg.vjp(lambda w: np.histogramdd(sample, weights=w, **kwargs), weights)[0]
        np.testing.assert_array_equal(got[0], want[0])
        for a, b in zip(got[1], want[1]):
            np.testing.assert_array_equal(a, b)
    g = wg.grad_bp(lambda w: np.histogramdd(sample, bins=2, range=[(0.0, 1.0), (0.0, 1.0)], weights=w)[0][1, 1],
                   weights)
    np.testing.assert_array_equal(g, [0.0, 1.0, 0.0, 0.0, 1.0])  # (2.0, 0.0) is outside the range
    got = wg.vjp(lambda s: np.histogram2d(s[:, 0], s[:, 1], bins=3, density=True), sample)[0]
    for a, b in zip(got, np.histogram2d(sample[:, 0], sample[:, 1], bins=3, density=True)):
        np.testing.assert_array_equal(a, b)


def test_nan_reductions_where_exact():
    """An element where= leaves out is treated as a NaN: no gradient, not counted."""
    x, mask = np.array([1.0, np.nan, 3.0, 5.0]), np.array([True, True, False, True])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.nansum(v, where=mask), x), [1, 0, 0, 1])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.nanmean(v, where=mask), x), [0.5, 0, 0, 0.5])
    np.testing.assert_allclose(wg.grad_bp(lambda v: np.nanvar(v, where=mask), x), [-2.0, 0, 0, 2.0], rtol=1e-15)
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.nanmax(v, where=mask, initial=0.0), x), [0, 0, 0, 1])
    np.testing.assert_array_equal(wg.grad_bp(lambda v: np.nanmax(v, initial=5.0), x), [0, 0, 0, 0.5])


# -- NumPy's complex order at a tie of real parts ------------------------------------------------
# Two different numbers with equal real parts are ordered by their imaginary parts; a move of
# the real parts swaps them, and the imaginary parts of a sorted result jump: refused there.
# Equal numbers are ordinary ties (the result is continuous), and a move elsewhere is fine.

CONJUGATE_PAIR = np.array([1 + 2j, 3 + 0.5j, 1 - 2j])
PLACE_WEIGHTS = np.array([1.0, 2.0, 3.0])


def _sorted_imag(parts):
    return np.sum(PLACE_WEIGHTS * np.sort_complex(parts[0] + 1j * parts[1]).imag)


def _unique_imag(parts):
    values = np.unique(parts[0] + 1j * parts[1])
    return np.sum(PLACE_WEIGHTS[:values.size] * values.imag)


def _parts(z):
    return np.stack([z.real, z.imag])


@pytest.mark.parametrize("f", [_sorted_imag, _unique_imag,
                               lambda p: np.sum(np.union1d(p[0] + 1j * p[1], [5.0]).imag),
                               lambda p: np.sum(np.setdiff1d(p[0] + 1j * p[1], [7.0]).imag * PLACE_WEIGHTS),
                               lambda p: np.sum(np.intersect1d(p[0] + 1j * p[1], p[0] + 1j * p[1]).imag * PLACE_WEIGHTS)],
                         ids=["sort_complex", "unique", "union1d", "setdiff1d", "intersect1d"])
def test_a_complex_order_that_a_move_swaps_is_refused(f):
    # central differences in the real part of 1 + 2j: the result jumps by 4 (weights 1, 3 swap)
    with pytest.raises(wg.NoGradientRule, match="equal real parts"):
        wg.grad(f)(_parts(CONJUGATE_PAIR))
    with pytest.raises(wg.NoGradientRule, match="equal real parts"):
        wg.jvp(f, (_parts(CONJUGATE_PAIR),), (np.ones((2, 3)),))
    moved = _parts(CONJUGATE_PAIR + np.array([0.0, 0.0, 0.25]))
    check_grads(f, moved, order=2, modes=("rev", "fwd"))


def test_equal_complex_numbers_and_rows_that_differ_in_a_real_part_keep_their_gradient():
    equal = _parts(np.array([1 + 2j, 1 + 2j, 3 + 0j]))
    assert np.array_equal(wg.grad(_sorted_imag)(equal), [[0, 0, 0], [1, 2, 3]])
    assert np.array_equal(wg.grad(_unique_imag)(equal), [[0, 0, 0], [1, 0, 2]])
    # np.unique(axis=0) orders rows lexicographically: these first differ at real parts 2 and 5
    rows = np.array([[1 + 1j, 2 + 0j], [1 + 1j, 5 + 0j]])
    loss = lambda a: np.sum(np.unique(a + 0j, axis=0).real * np.arange(4.0).reshape(2, 2))
    assert np.array_equal(wg.grad(loss)(rows.real), [[0, 1], [2, 3]])
    tie = lambda a: np.sum(np.unique(a[0] + 1j * a[1], axis=0).imag * np.arange(4.0).reshape(2, 2))
    with pytest.raises(wg.NoGradientRule, match="equal real parts"):
        wg.grad(tie)(np.stack([np.ones((2, 2)), [[1.0, 0.0], [-1.0, 0.0]]]))


def test_a_jit_replay_that_lands_on_a_complex_tie_refuses():
    jitted = wg.grad(wg.jit(_sorted_imag))
    moved = _parts(CONJUGATE_PAIR + np.array([0.0, 0.0, 0.25]))
    assert np.array_equal(jitted(moved), wg.grad(_sorted_imag)(moved))
    with pytest.raises(wg.NoGradientRule, match="equal real parts"):
        jitted(_parts(CONJUGATE_PAIR))


def test_median_and_quantiles_of_a_slice_with_a_nan_are_nan_to_their_own_outputs():
    """NumPy's median / quantile of a slice with a NaN is NaN. Before: its gradient was finite
    (NaN sorts last: the order statistics' weights fell on the values below it), np.median(a, 1)
    at row 0 = [1, nan, 3, 0.5] had the row [0, 0, 1, 0] (a derivative of a NaN). Now NaN on
    that slice, and 0 from it to the outputs that do not read it (as np.max's and np.var's)."""
    x = np.array([[1.0, np.nan, 3.0, 0.5], [2.0, 5.0, 4.0, 1.0]])
    nan = np.nan
    with np.errstate(invalid="ignore"):
        j = wg.jacrev(lambda a: np.median(a, axis=1))(x)
        q = wg.jacrev(lambda a: np.quantile(a, [0.2, 0.7], axis=1))(x)
    np.testing.assert_array_equal(j, [[[nan] * 4, [0] * 4], [[0] * 4, [0.5, 0, 0.5, 0]]])
    np.testing.assert_array_equal(q[:, 0], [[[nan] * 4, [0] * 4]] * 2)
    np.testing.assert_allclose(q[:, 1], [[[0] * 4, [0.6, 0, 0, 0.4]], [[0] * 4, [0, 0.1, 0.9, 0]]], rtol=1e-14)
    np.testing.assert_array_equal(wg.grad(lambda a: np.nanmedian(a, axis=1)[0])(x), [[1.0, 0, 0, 0], [0] * 4])


def test_forward_mode_at_a_slice_with_a_nan_is_reverse_modes():
    """jacfwd of np.median(a, 1), np.quantile, np.percentile at a row holding a NaN was NaN in
    that output's every column (the transposed pullback's NaN weights times the other rows'
    zero tangents), where jacrev has 0 at the other row's entries; now jacrev's, bit for bit,
    at every order kept (q a list, keepdims, axis=None)."""
    x = np.array([[1.0, np.nan, 3.0, 0.5], [2.0, 5.0, 4.0, 1.0]])
    nan = np.nan
    functions = [lambda a: np.median(a, axis=1), lambda a: np.quantile(a, [0.2, 0.7], axis=1, keepdims=True),
                 lambda a: np.percentile(a, 30, axis=-1, method="nearest"), lambda a: np.median(a)]
    with np.errstate(invalid="ignore"):
        for f in functions:
            np.testing.assert_array_equal(wg.jacfwd(f)(x), wg.jacrev(f)(x))
        np.testing.assert_array_equal(wg.jacfwd(functions[0])(x), [[[nan] * 4, [0] * 4], [[0] * 4, [0.5, 0, 0.5, 0]]])
        # along a direction that leaves the NaN row: its output's tangent 0 (NaN where it moves it)
        t = wg.jvp(functions[0], (x,), (np.array([[0.0] * 4, [1.0, 0, 0, 0]]),))[1]
        np.testing.assert_array_equal(t, [0.0, 0.5])
        assert np.isnan(wg.jvp(functions[0], (x,), (np.array([[0.0, 0, 1, 0], [0] * 4]),))[1][0])
