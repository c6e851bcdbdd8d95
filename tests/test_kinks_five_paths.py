"""Second derivatives through kinks that do not influence the result agree on the five
second-order paths (``hessian``, ``jacfwd(jacfwd)``, ``jacfwd(grad)``, ``jacrev(jacfwd)``,
``jacrev(grad)``); a kink that does influence it refuses on all five.

A rule's convention at a kink (abs's sign(0) = 0, hypot's 0 at the origin, a tie's equal
shares) is marked so that differentiating it again there raises. Where the marked value is
dropped (np.where's untaken branch, an entry sliced away) the result does not depend on it,
and the Hessian is the function's. Reverse over forward refused every such mark (the outer
sweep's cotangent at the mark was not known to be a structural 0); reverse over reverse
refused where the rule's cotangent was traced (``hypot(0, x) * x``'s ``g * x``, an untaken
slice ``abs(x)[1:] * x[1:]``'s) or not passed (np.max's, np.copysign's, norm's and std's). Forward over forward refused where the
tangent with no value (forward.undefined_tangent) met a product before the mask (hypot's times
x; huber's, i0e's, i1e's and ive's marked partial times the tangent; the transposed pullback's
inner product, huber's and ive's JVP).
"""
import numpy as np
import pytest

import scipy.special as sc
from opcheck import lazy_mp as mp

import wengert as wg
from wengert.errors import NoGradientRule
from wengert.scipy import special

X = np.array([0.0, 1.0, -2.0])
TIE = np.array([1.0, 1.0, 0.5])
PATHS = {
    "hessian": wg.hessian,
    "jacfwd(jacfwd)": lambda f: wg.jacfwd(wg.jacfwd(f)),
    "jacfwd(grad)": lambda f: wg.jacfwd(wg.grad(f)),
    "jacrev(jacfwd)": lambda f: wg.jacrev(wg.jacfwd(f)),
    "jacrev(grad)": lambda f: wg.jacrev(wg.grad(f)),
}
ALL = tuple(PATHS)
REVERSE_OUTER = ("hessian", "jacfwd(grad)", "jacrev(jacfwd)", "jacrev(grad)")
PULLBACK = ("hessian", "jacfwd(grad)", "jacrev(grad)")
FORWARD_OUTER = ("hessian", "jacfwd(jacfwd)", "jacfwd(grad)")
_X0_SQUARED = np.diag([2.0, 0.0, 0.0])


def _scaled_bessel_d2(v, x):
    # d2/dx2 exp(-x) I_v(x) at x > 0 (mpmath, 30 digits)
    with mp.workdps(30):
        return float(mp.diff(lambda t: mp.exp(-t) * mp.besseli(v, t), x, 2))


#: (id, f, x, its Hessian at x (closed form, or mpmath), the paths that give it)
DEFINED = [
    # x ** 2 taken at 0 and -2; |x| (0) at 1
    ("where-abs", lambda x: np.sum(np.where(x > 0, np.abs(x), x ** 2)), X, np.diag([2.0, 0.0, 2.0]), ALL),
    # hypot(0, x) * x = x ** 2 at x = 1 (the kink at 0 untaken); its cotangent g * x traced
    ("where-hypot-times-x", lambda x: np.sum(np.where(x > 0, np.hypot(0.0, x) * x, x ** 2)), X,
     np.diag([2.0, 2.0, 2.0]), ALL),
    # huber(1, r)'s switch at r = 1 untaken (x > 1 is False there)
    ("where-huber", lambda x: np.sum(np.where(x > 1, special.huber(1.0, x), x ** 2)), X,
     np.diag([2.0, 2.0, 2.0]), ALL),
    # the scaled Bessel functions' kink at 0 untaken; at 1 their second derivative
    ("where-i0e", lambda x: np.sum(np.where(x > 0.5, sc.i0e(x), x ** 2)), X,
     lambda: np.diag([2.0, _scaled_bessel_d2(0, 1), 2.0]), ALL),
    ("where-i1e", lambda x: np.sum(np.where(x > 0.5, sc.i1e(x), x ** 2)), X,
     lambda: np.diag([2.0, _scaled_bessel_d2(1, 1), 2.0]), ALL),
    ("where-ive", lambda x: np.sum(np.where(x > 0.5, sc.ive(1.0, x), x ** 2)), X,
     lambda: np.diag([2.0, _scaled_bessel_d2(1, 1), 2.0]), ALL),
    # abs's kink at x[0] = 0 sliced away: x0^2 + |x1| x1 + |x2| x2, 2 sign(x) on the others
    ("sliced-abs", lambda x: np.sum(np.abs(x)[1:] * x[1:]) + x[0] ** 2, X, np.diag([2.0, 2.0, -2.0]), ALL),
    # copysign(x, 1) = |x| times x, its kink at 0 untaken (forward over forward refused while
    # copysign's JVP was its transposed pullback, whose mark refuses at once; now elementwise)
    ("where-copysign", lambda x: np.sum(np.where(x > 0, np.copysign(x, 1.0) * x, x ** 2)), X,
     np.diag([2.0, 2.0, 2.0]), ALL),
    # a norm / std at its kink (a zero vector, equal values) in a branch not taken: x0 ** 2
    # (forward over forward refused while norm's JVP was the transposed pullback, and reverse over
    # forward where its pullback's reshape lost the untaken marks; so std's and nanstd's)
    ("where-norm", lambda x: np.where(x[1] > 5, np.linalg.norm(x[:1]), x[0] ** 2), X, _X0_SQUARED, ALL),
    ("where-norm-1", lambda x: np.where(x[1] > 5, np.linalg.norm(x[:1], ord=1), x[0] ** 2), X, _X0_SQUARED, ALL),
    ("where-norm-3", lambda x: np.where(x[1] > 5, np.linalg.norm(x[:1], 3), x[0] ** 2), X, _X0_SQUARED, ALL),
    ("where-norm-inf", lambda x: np.where(x[1] > 5, np.linalg.norm(x[:2] * 0.0 + 1.0, ord=np.inf) * x[0], x[0] ** 2),
     X, _X0_SQUARED, ALL),
    ("where-norm-nuc", lambda x: np.where(x[1] > 5, np.linalg.norm(np.stack([x[:1], x[:1]]), "nuc"), x[0] ** 2),
     X, _X0_SQUARED, ALL),
    ("where-std", lambda x: np.where(x[1] > 5, np.std(x[:1]), x[0] ** 2), X, _X0_SQUARED, ALL),
    ("where-nanstd", lambda x: np.where(x[1] > 5, np.nanstd(x[:1]), x[0] ** 2), X, _X0_SQUARED, ALL),
    # sqrt's infinite partial at x[0] = 0 sliced away: x0 ** 2 + |x| x ** 2 on the others (6 |x|);
    # hessian, jacfwd(grad), jacrev(grad) had NaN in x0's row (its cotangent's 0 taken as live;
    # jacfwd(jacfwd) gives it with a divide-by-zero warning)
    ("sliced-sqrt", lambda x: np.sum(np.sqrt(x * x)[1:] * x[1:] ** 2) + x[0] ** 2, X, np.diag([2.0, 6.0, 12.0]),
     REVERSE_OUTER),
    # a scalar np.where's untaken branch summed (averaged) over a kink: the reductions' pullbacks
    # carry its marks (jacrev(jacfwd) refused; with np.mean jacfwd(jacfwd) too)
    ("where-scalar-sum-abs", lambda x: np.where(x[1] > 5, np.sum(np.abs(x)), np.sum(x ** 2)), X,
     np.diag([2.0, 2.0, 2.0]), ALL),
    ("where-scalar-mean-abs", lambda x: np.where(x[1] > 5, np.mean(np.abs(x) * x), np.sum(x ** 2)), X,
     np.diag([2.0, 2.0, 2.0]), ALL),
    # abs's kink at x[0] = 0 times a constant 0 (x0 |x0| 0 is 0 whatever x0 does): x0^2 + |x| x on the
    # others (jacfwd(jacfwd) and jacrev(jacfwd) refused)
    ("constant-zero-factor", lambda x: np.sum(np.abs(x) * x * np.array([0.0, 1.0, 1.0])) + x[0] ** 2, X,
     np.diag([2.0, 2.0, -2.0]), ALL),
    # relu's tie at x0 = 0 squared, then times a constant 0: x0 ** 2 + relu(x) ** 2 on the others (power's
    # pullback, a plain 0 cotangent times its traced partial, and multiply's JVP after maximum's strict-loser marks
    # lost that 0: four paths refused)
    ("constant-zero-factor-relu-squared", lambda x: np.sum(_relu(x) ** 2 * np.array([0.0, 1.0, 1.0])) + x[0] ** 2, X,
     np.diag([2.0, 2.0, 0.0]), ALL),
    # a tie of an operand with itself: maximum(x, x) = minimum(x, x) = x whichever share each side takes
    ("maximum-of-itself", lambda x: np.sum(np.maximum(x, x) ** 2), X, np.diag([2.0, 2.0, 2.0]), ALL),
    ("minimum-of-itself", lambda x: np.sum(np.minimum(x, x) ** 2 * x), X, np.diag([0.0, 6.0, -12.0]), ALL),
    # a tie with a copy (1.0 * x): the difference's tangent is 0 at every level of its Duals, so
    # the forward outer paths keep it (all five refused); reverse outer has no tangent to read
    ("maximum-of-a-copy", lambda x: np.sum(np.maximum(x, 1.0 * x) ** 2), X, np.diag([2.0, 2.0, 2.0]), FORWARD_OUTER),
    ("minimum-of-a-copy", lambda x: np.sum(np.minimum(1.0 * x, x) ** 2 * x), X, np.diag([0.0, 6.0, -12.0]),
     FORWARD_OUTER),
    ("fmax-tie-x0-cubed", lambda x: np.sum(np.fmax(x[:1] ** 3, 0.0 * x[:1])) + x[1] ** 2, X, np.diag([0.0, 2.0, 0.0]),
     FORWARD_OUTER),
    # the tie of np.max in a branch not taken: x2 ** 2 (forward over forward refused while max's
    # JVP was its transposed pullback, whose mark refuses at once); along an axis, min's
    ("where-max-tie", lambda x: np.where(x[2] > 1, np.max(x), x[2] ** 2), TIE, np.diag([0.0, 0.0, 2.0]), ALL),
    ("where-min-tie-axis", lambda x: np.sum(np.where(x < 1, np.min(np.stack([x, 2.0 - x]), axis=0), x ** 2)),
     TIE, np.diag([2.0, 2.0, 0.0]), ALL),
    # a tie of sort reached at second order whose order does not matter: the larger of x0 ** 3 and
    # 0 (both orders' second derivative 0, as np.max's; reverse over reverse refuses it, as np.max's),
    # the sum of both (x0 ** 2), a value with itself (x0 ** 2)
    ("sort-tie-x0-cubed", lambda x: np.sum(np.sort(np.stack([x[:1] ** 3, 0.0 * x[:1]]), axis=0)[1]) + x[1] ** 2, X,
     np.diag([0.0, 2.0, 0.0]), ("hessian", "jacfwd(jacfwd)", "jacfwd(grad)")),
    ("sort-tie-summed", lambda x: np.sum(np.sort(np.stack([x[:1] ** 2, 0.0 * x[:1]]), axis=0)), X, _X0_SQUARED,
     REVERSE_OUTER),
    # (reverse over forward reads the outer cotangents of the tied places, equal: jacrev(jacfwd) refused)
    ("sort-tie-summed-times-x1", lambda x: np.sum(np.sort(np.stack([x[:1] ** 2, 0.0 * x[:1]]), axis=0)) * x[1], X,
     _X0_SQUARED, REVERSE_OUTER),
    ("sort-tie-run-summed", lambda x: np.sum(np.sort(np.stack([x[0] ** 2, 0.0 * x[0], -x[0] ** 2]))) + x[1] ** 2, X,
     np.diag([0.0, 2.0, 0.0]), REVERSE_OUTER),
    ("sort-tie-itself", lambda x: np.sort(np.stack([x[0], x[0]]))[1] ** 2, X, _X0_SQUARED,
     ("hessian", "jacfwd(jacfwd)", "jacfwd(grad)", "jacrev(jacfwd)")),
    # a tie of the argument's own entries parts at first order: the stable order's one-sided
    # Hessian, sum(w * sort(x) ** 2)'s (jacrev(grad) refused where a row did not move the tie)
    ("sort-tie-first-order", lambda x: np.sum(np.sort(x) ** 2 * np.array([1.0, 2.0, 3.0])), TIE,
     np.diag([4.0, 6.0, 2.0]), ALL),
    ("median-tie-first-order", lambda x: np.median(x) ** 2 + np.quantile(x, 0.25), TIE, np.diag([2.0, 0.0, 0.0]), ALL),
    # the same of a reshape or a permutation of the argument, whose entries are its own (jacrev(grad) refused)
    ("median-tie-first-order-reshaped", lambda x: np.median(x.reshape(3, 1), axis=0)[0] ** 2 + np.quantile(x.T, 0.25),
     TIE, np.diag([2.0, 0.0, 0.0]), ALL),
    ("sort-tie-first-order-flipped", lambda x: np.sum(np.sort(np.flip(x).reshape(1, 3), axis=1) ** 2 * np.array([1.0, 2.0, 3.0])),
     TIE, np.diag([6.0, 4.0, 2.0]), ALL),
]


@pytest.mark.parametrize("f, x, truth, paths", [pytest.param(*case[1:], id=case[0]) for case in DEFINED])
def test_an_unused_kink_adds_nothing(f, x, truth, paths):
    truth = truth() if callable(truth) else truth
    for name in paths:
        np.testing.assert_allclose(PATHS[name](f)(x), truth, rtol=1e-13, atol=0, err_msg=name)


def _relu(x):
    return np.maximum(x, 0.0)


#: (id, f, x): a kink (or tie) that the result uses, at x
REFUSED = [
    ("x-maximum", lambda x: np.sum(x * _relu(x)), X),
    ("maximum-squared", lambda x: np.sum(_relu(x) ** 2), X),
    ("x-abs", lambda x: np.sum(x * np.abs(x)), X),
    ("x-copysign", lambda x: np.sum(x * np.copysign(x, 1.0)), X),
    ("abs-squared", lambda x: np.sum(np.abs(x) ** 2), X),
    ("hypot-squared", lambda x: np.sum(np.hypot(x, 0.0) ** 2), X),
    ("hypot-times-x", lambda x: np.sum(np.hypot(0.0, x) * x), X),
    ("norm-squared", lambda x: np.linalg.norm(x[:1]) ** 2 + x[1], X),
    ("norm-1-squared", lambda x: np.linalg.norm(x[:1], ord=1) ** 2 + x[1], X),
    ("norm-3-squared", lambda x: np.linalg.norm(x[:1], 3) ** 2 + x[1], X),
    ("std-squared", lambda x: np.std(np.stack([x[0], x[0] * 0.0])) ** 2 + x[1], X),
    ("nanstd-squared", lambda x: np.nanstd(np.stack([x[0], x[0] * 0.0])) ** 2 + x[1], X),
    ("huber", lambda x: np.sum(special.huber(1.0, x - 1.0)), X),
    ("i0e-squared", lambda x: np.sum(sc.i0e(x) ** 2), X),
    ("max-tie", np.max, TIE),
    # a product whose cotangent's zero is a value (matmul reports no live zeros)
    ("x-matmul-maximum", lambda x: x @ _relu(x), X),
    ("einsum-abs", lambda x: np.einsum("i,i->", x, np.abs(x)), X),
    # under np.where, the kink in the branch taken; or the mask before the product
    ("where-taken", lambda x: np.sum(np.where(x > -1, x * _relu(x), x)), X),
    ("where-then-times", lambda x: np.sum(np.where(x > -1, _relu(x), x) * x), X),
    ("where-both-branches", lambda x: np.sum(np.where(x > 0, np.abs(x), x * np.abs(x))), X),
    ("where-taken-hypot", lambda x: np.sum(np.where(x > -1, np.hypot(0.0, x) * x, x ** 2)), X),
    # sliced, the kink's entry kept
    ("sliced-keeps-kink", lambda x: np.sum(np.abs(x)[:2] * x[:2]), X),
    ("where-scalar-sum-taken", lambda x: np.where(x[1] < 5, np.mean(np.abs(x) * x), np.sum(x ** 2)), X),
    ("min-tie-axis", lambda x: np.sum(np.min(np.stack([x, 2.0 - x]), axis=0) * x), TIE),
    # both operands traced, their difference moving at second order (x0 ** 2 - 0 x0), or first (x vs 2 x)
    ("maximum-tie-both-traced", lambda x: np.sum(np.maximum(x[:1] ** 2, 0.0 * x[:1])) + x[1], X),
    ("minimum-tie-of-a-multiple", lambda x: np.sum(np.minimum(x, 2.0 * x) * x), X),
    # a constant 0 factor elsewhere, or in one row of a broadcast only
    ("constant-zero-factor-elsewhere", lambda x: np.sum(np.abs(x) * x * np.array([1.0, 1.0, 0.0])), X),
    ("constant-zero-factor-row", lambda x: np.sum(np.abs(x) * x * np.array([[0.0], [1.0]])), X),
    ("constant-zero-factor-elsewhere-relu", lambda x: np.sum(_relu(x) ** 2 * np.array([1.0, 1.0, 0.0])), X),
    ("constant-zero-factor-relu-at-0", lambda x: np.sum(_relu(x) ** 2 * np.array([0.0, 1.0, 1.0])), np.zeros(3)),
    ("where-max-tie-taken", lambda x: np.where(x[2] < 1, np.max(x), x[2] ** 2), TIE),
    # a tie of sort reached only at second order: no move keeps the stable order, whose piece
    # is the wrong one (the larger of x0 ** 2 and 0 is x0 ** 2 and gave 0 for 2, the smaller, 0
    # for every x0, gave 2; partition's kth, median's and a quantile's the same)
    ("sort-tie-second-order", lambda x: np.sum(np.sort(np.stack([x[:1] ** 2, 0.0 * x[:1]]), axis=0)[1]) + x[1], X),
    ("sort-tie-constant", lambda x: np.sort(np.concatenate([x[:1] ** 2, np.zeros(1)]))[1] + x[1], X),
    ("sort-tie-smaller", lambda x: np.sort(np.stack([x[0] ** 2, 0.0 * x[0]]), axis=None)[0] + x[1], X),
    ("partition-tie", lambda x: np.partition(np.stack([x[0] ** 2, 0.0 * x[0], x[1] + 2.0]), 1)[1], X),
    ("median-tie", lambda x: np.median(np.stack([x[0] ** 2, 0.0 * x[0], x[1] + 2.0])), X),
    ("quantile-tie", lambda x: np.quantile(np.stack([x[:1] ** 2, 0.0 * x[:1]]), 0.75, axis=0)[0] + x[1], X),
    ("nanpercentile-tie", lambda x: np.nanpercentile(np.stack([x[0] ** 2, 0.0 * x[0], np.nan]), 75.0) + x[1], X),
    # the order read by weights that differ at the tied places (a run of three too), or by a traced factor
    ("sort-tie-weighted", lambda x: np.sum(np.sort(np.stack([x[:1] ** 2, 0.0 * x[:1]]), axis=0) * np.array([[1.0], [2.0]])), X),
    ("sort-tie-run-weighted", lambda x: np.sum(np.sort(np.stack([x[0] ** 2, 0.0 * x[0], -x[0] ** 2])) * np.array([2.0, 1.0, 1.0])), X),
    ("sort-tie-times-x1", lambda x: np.sum(np.sort(np.stack([x[:1] ** 2, 0.0 * x[:1]]), axis=0)[:, 0] * np.stack([x[1], 2.0 * x[1]])), X),
    ("sort-complex-tie", lambda x: np.real(np.sort_complex(np.stack([x[0] ** 2, 0.0 * x[0]]))[1]) + x[1], X),
    # np.pad's median of a window with such a tie: median(x0 ** 2, 0, 1) (as its maximum's ties)
    ("pad-median-tie", lambda x: np.pad(np.stack([x[0] ** 2, 0.0 * x[0], x[1]]), 1, mode="median")[0], X),
]


@pytest.mark.parametrize("f, x", [pytest.param(f, x, id=name) for name, f, x in REFUSED])
def test_a_used_kink_refuses_on_every_path(f, x):
    for name, path in PATHS.items():
        with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
            path(f)(x)
            pytest.fail(name)


def test_the_structural_marks_go_with_their_cotangents():
    # (internal) a mark outlived its array, holding the cotangent it was made of, until 256
    # had gathered: up to 256 cotangents of a second derivative kept alive. Now each goes
    # with its array
    import gc

    from wengert.ops import _util
    f = lambda x: np.sum(np.abs(x)[1:] * x[1:]) + x[0] ** 2  # noqa: E731
    for _ in range(10):
        wg.jacrev(wg.grad(f))(X)
    gc.collect()
    assert not [ref for ref, _ in _util._STRUCTURAL.values() if ref() is None]


@pytest.mark.filterwarnings("ignore:Degrees of freedom <= 0:RuntimeWarning")
@pytest.mark.parametrize("f", [
    lambda a: np.max(a, 0), lambda a: a.max(1), lambda a: np.amin(a, 1, None, True), lambda a: np.min(a, initial=2.5, axis=1),
    lambda a: a.max(axis=-1, keepdims=True, initial=1.5, where=np.array([True, False, True])),
    lambda a: np.linalg.norm(a, 1, 1), lambda a: np.linalg.norm(a, 3, 0, True), lambda a: np.linalg.norm(a, "nuc"),
    lambda a: np.linalg.norm(a, np.inf), lambda a: np.std(a, 1, None, None, 1, True), lambda a: a.std(0),
    lambda a: np.std(a, 1, where=np.array([True, False, True])), lambda a: np.nanstd(a, 1, None, None, 1, True),
    lambda a: np.nanstd(np.where(a == 0.0, np.nan, a)[:, 1:2], 0, ddof=1),
], ids=["max-axis", "max-method", "amin-keepdims", "min-initial", "max-where", "norm-1-axis", "norm-3-keepdims",
        "norm-nuc", "norm-inf-matrix", "std-ddof-keepdims", "std-method", "std-where", "nanstd-ddof-keepdims",
        "nanstd-one-present"])
def test_the_explicit_tangents_match_the_pullbacks(f):
    # np.max's, norm's, std's and nanstd's explicit JVPs (forward over forward through an untaken kink) read their
    # arguments as the pullbacks do: a positional axis was taken as none (jacfwd of np.max(a, 0) raised); a
    # slice of count <= ddof (its gradient NaN) adds nothing along a direction that leaves it
    a = np.array([[1.0, 3.0, 3.0], [2.0, 0.0, 2.0]])
    np.testing.assert_array_equal(wg.jacfwd(f)(a), wg.jacrev(f)(a))
