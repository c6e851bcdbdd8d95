"""Second derivatives at kinks by reverse over forward (``wg.grad`` of a function calling
``wg.jvp``, ``wg.jacobian(wg.jacfwd(f))``) refuse as reverse over reverse does.

A rule's gradient that takes a convention at a kink (``sign(0) = 0``, ties sharing equally,
``x / |x|`` as 0 at 0) is marked (``wengert.ops._util.at_kink``) so that differentiating it
again there raises. The mark was a term of value 0 added to the gradient; inside a reverse
runner ``wengert.jvp`` transposes the pullback (its derivative in the cotangent), which
dropped that term, and the outer gradient was the convention's derivative, with no error:
``wg.jacobian(wg.jacfwd(lambda x: np.sum(np.abs(x) ** 2)))([0, 1])`` gave ``[[0, 0], [0, 2]]``
(truth ``[[2, 0], [0, 2]]``: ``abs(x)**2 = x**2``), ``norm(x)**2`` at 0 gave 0 (truth
``2 I``), ``maximum(x, 0)**2`` at 0 gave 0.5 (no second derivative: 0 on the left, 2 on the
right). The mark now rides on the gradient itself (its derivative in the cotangent is the
identity, marked again).
"""
import numpy as np
import pytest

import wengert as wg
from wengert import numpy as wnp
from wengert.errors import NoGradientRule
from wengert.scipy import stats

TIE = np.array([1.0, 1.0, 0.5])

#: (id, f, x0): f has a kink at x0 (reverse over reverse refuses its second derivative there)
AT_KINKS = [
    ("abs", lambda x: np.sum(np.abs(x)), np.zeros(2)),
    ("abs_squared", lambda x: np.sum(np.abs(x) ** 2), np.array([0.0, 1.0])),
    ("x_abs", lambda x: np.sum(x * np.abs(x)), np.zeros(1)),
    ("fabs_scalar", lambda x: abs(x[0]) + abs(x[1]), np.zeros(2)),
    ("relu_squared", lambda x: np.sum(np.maximum(x, 0.0) ** 2), np.zeros(2)),
    ("minimum", lambda x: np.sum(np.minimum(x, 0.0)), np.zeros(2)),
    ("fmax", lambda x: np.sum(np.fmax(x, 0.0)), np.zeros(2)),
    ("maximum_tie", lambda x: np.sum(np.maximum(x[:2], x[2:]) ** 2), np.array([1.0, 2.0, 1.0, 2.0])),
    ("hypot", lambda x: np.sum(np.hypot(x, 0.0)), np.zeros(2)),
    ("copysign", lambda x: np.sum(np.copysign(x, 1.0)), np.zeros(2)),
    ("max_tie", np.max, TIE),
    ("norm_squared", lambda x: np.linalg.norm(x) ** 2, np.zeros(3)),
    ("norm_inf", lambda x: np.linalg.norm(x, ord=np.inf), np.array([1.0, -1.0, 0.5])),
    ("matrix_norm_nuc", lambda x: np.linalg.norm(x.reshape(2, 2), ord="nuc"), np.zeros(4)),
    ("std_equal", np.std, np.ones(3)),
    ("nanstd_equal", lambda x: np.nanstd(x, ddof=1), np.ones(3)),
    ("laplace_logpdf", lambda x: np.sum(stats.laplace.logpdf(x)), np.zeros(1)),
    ("laplace_cdf", lambda x: np.sum(stats.laplace.cdf(x)), np.zeros(1)),
]


def _grad_of_jvp(f, x0, v):
    return wg.grad(lambda t: wg.jvp(f, (t,), (v,))[1])(x0)


@pytest.mark.parametrize("f, x0", [pytest.param(f, x0, id=name) for name, f, x0 in AT_KINKS])
def test_reverse_over_forward_refuses_at_a_kink(f, x0):
    v = np.linspace(1.0, 2.0, x0.size)
    with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
        wg.grad(lambda t: np.dot(wg.grad(f)(t), v))(x0)  # reverse over reverse: the policy
    with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
        _grad_of_jvp(f, x0, v)
    with pytest.raises(NoGradientRule, match="no second derivative at its kink"):
        wg.jacobian(wg.jacfwd(f))(x0)


@pytest.mark.parametrize("f, x0", [pytest.param(f, x0, id=name) for name, f, x0 in AT_KINKS])
def test_first_order_at_a_kink_is_unchanged(f, x0):
    # the convention itself, by every first-order path (the mark changes no value)
    v = np.linspace(1.0, 2.0, x0.size)
    g = wg.grad(f)(x0)
    assert wg.jvp(f, (x0,), (v,))[1] == pytest.approx(np.dot(g, v), rel=1e-14, abs=0)
    assert np.array_equal(wg.jacfwd(f)(x0), g)
    assert wg.grad(lambda t: f(t) * 1.0)(x0) == pytest.approx(g, rel=0, abs=0)


def _away(x0):
    return x0 + np.linspace(0.11, 0.37, x0.size)  # no kink, no tie


@pytest.mark.parametrize("f, x0", [pytest.param(f, x0, id=name) for name, f, x0 in AT_KINKS])
def test_reverse_over_forward_away_from_the_kink(f, x0):
    x = _away(x0)
    v = np.linspace(1.0, 2.0, x0.size)
    hessian = wg.hessian(f)(x)
    assert np.allclose(wg.jacobian(wg.jacfwd(f))(x), hessian, rtol=1e-12, atol=1e-12)
    assert np.allclose(_grad_of_jvp(f, x, v), hessian @ v, rtol=1e-12, atol=1e-12)


def test_the_squared_abs_has_its_hessian_everywhere_else():
    # the measured case: [[0, 0], [0, 2]] at [0, 1] before; the same function away from 0
    f = lambda x: np.sum(np.abs(x) ** 2)  # noqa: E731
    assert np.array_equal(wg.jacobian(wg.jacfwd(f))(np.array([0.5, 1.0])), 2 * np.eye(2))
    assert np.array_equal(_grad_of_jvp(f, np.array([-0.5, 1.0]), np.array([1.0, 0.0])), [2.0, 0.0])


def test_a_direction_that_leaves_the_kink_still_keeps_forward_over_forward():
    # forward over forward along a direction in which the kink entry does not move: the
    # convention is exact there (the mark raises only where the kinked input moves)
    f = lambda x: np.sum(np.abs(x) * x[1])  # noqa: E731
    x0 = np.array([0.0, 1.0])
    e1 = np.array([0.0, 1.0])
    d1 = lambda t: wg.jvp(f, (t,), (e1,))[1]  # noqa: E731
    assert wg.jvp(d1, (x0,), (e1,))[1] == pytest.approx(2.0, rel=1e-15, abs=0)


def test_logsumexp_keeps_its_second_derivative():
    # a smooth function whose rule takes no convention: unchanged by reverse over forward
    f = lambda x: wnp.logsumexp(x)  # noqa: E731
    x = np.array([0.0, 1.0, -1.0])
    assert np.allclose(wg.jacobian(wg.jacfwd(f))(x), wg.hessian(f)(x), rtol=1e-14, atol=1e-15)
