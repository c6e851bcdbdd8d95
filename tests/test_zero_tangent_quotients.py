"""A direction that leaves an argument where it is adds nothing, also where that argument's
partial derivative overflows or is undefined (the convention of ``ops._util.times_tangent``).
Before: jvp of v[0] / v[1] along v[0] only at (1e300, 1e-10) was NaN (the denominator's part,
-0 * ans / y with ans = inf), in every forward path (arrays, a list's transposed pullback, a
dict's scalar Duals, both cores), and so were the Hessian's mixed entry and grad under
np.where's mask; the same for x ** y (along x at x < 0, along y where y x^(y-1) overflows) and
for remainder and fmod in y where the quotient overflows. Truths from mpmath or by hand."""
import numpy as np
import pytest

import wengert as wg

A, B = 1e300, 1e-10  # a / b overflows; d/da = 1e10, d/db = -a / b^2 = -1e320 (-inf), d2/da db = -1e20


def _forward_paths(f, point, tangent):
    """The JVP of ``f(v)`` at ``point`` along ``tangent`` by each forward path: an array (array
    Duals), a dict of floats (scalar Duals; a leaf whose tangent is 0 is a constant there, so
    "moved" adds 0 * the others to each: a scalar Dual whose tangent is 0), a list of floats
    (the transposed pullback)."""
    keys = "abcd"[:len(point)]
    as_dict = lambda v: f([v[k] for k in keys])  # noqa: E731
    moved = lambda v: f([v[k] + 0.0 * sum(v[j] for j in keys) for k in keys])  # noqa: E731
    return {
        "array": wg.jvp(f, (np.array(point),), (np.array(tangent),))[1],
        "dict": wg.jvp(as_dict, (dict(zip(keys, point)),), (dict(zip(keys, tangent)),))[1],
        "moved": wg.jvp(moved, (dict(zip(keys, point)),), (dict(zip(keys, tangent)),))[1],
        "list": wg.jvp(f, (list(point),), (list(tangent),))[1],
    }


def _quotient(v):
    return v[0] / v[1]


def test_quotient_along_the_numerator_only_where_it_overflows():
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        truth = float(1 / mpmath.mpf(B))
        with np.errstate(over="ignore"):
            for path, got in _forward_paths(_quotient, [A, B], [1.0, 0.0]).items():
                assert float(got) == pytest.approx(truth, rel=1e-15), path
            for path, got in _forward_paths(_quotient, [A, B], [0.0, 1.0]).items():
                assert float(got) == -np.inf, path  # -a / b^2 = -1e320: overflows
            np.testing.assert_array_equal(wg.jacfwd(_quotient)(np.array([A, B])), [1e10, -np.inf])
            np.testing.assert_array_equal(wg.grad(_quotient)(np.array([A, B])), [1e10, -np.inf])
            np.testing.assert_array_equal(wg.grad(_quotient)([A, B]), [1e10, -np.inf])


@pytest.mark.parametrize("point", [np.array([A, B]), [A, B]], ids=["array", "list"])
def test_quotient_second_order_where_it_overflows(point):
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        mixed = float(-1 / mpmath.mpf(B) ** 2)  # d2/da db; d2/da2 = 0, d2/db2 = 2a/b^3 = 2e330: inf
        with np.errstate(over="ignore"):
            for h in (wg.hessian(_quotient)(point), wg.jacfwd(wg.jacfwd(_quotient))(np.array(point))):
                h = np.array(h, dtype=float)
                assert h[0, 0] == 0.0 and h[1, 1] == np.inf
                assert h[0, 1] == pytest.approx(mixed, rel=1e-15) and h[1, 0] == pytest.approx(mixed, rel=1e-15)


def test_quotient_under_a_mask_has_no_nan_gradient():
    # the masked-out entries (b = 0, and b = 1e-320 where a / b overflows) get 0
    a, b = np.array([1.0, 1.0, 3.0]), np.array([0.0, 1e-320, 2.0])

    def f(a, b):
        return np.sum(np.where(b > 1e-300, a / np.where(b == 0, 1.0, b) * 0 + a / b, 0.0))
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        ga, gb = wg.grad(f, argnums=(0, 1))(a, b)
        ta = wg.jvp(lambda a: f(a, b), (a,), (np.ones(3),))[1]
    np.testing.assert_array_equal(ga, [0.0, 0.0, 0.5])
    np.testing.assert_array_equal(gb, [0.0, 0.0, -0.75])
    assert ta == 0.5


def test_power_along_the_base_only_at_a_negative_base():
    # x ** y at x = -2, y = 2: d/dx = y x^(y-1) = -4; d/dy = x^y log(x) is undefined (NaN)
    with np.errstate(invalid="ignore"):  # (log(-2): NumPy's warning)
        for path, got in _forward_paths(lambda v: v[0] ** v[1], [-2.0, 2.0], [1.0, 0.0]).items():
            assert float(got) == -4.0, path
        jac = wg.jacfwd(lambda v: v[0] ** v[1])(np.array([-2.0, 2.0]))
        hess = wg.jacfwd(wg.jacfwd(lambda v: v[0] ** v[1]))(np.array([-2.0, 2.0]))
        gy = wg.grad(lambda x, y: np.sum(np.where(x > 0, x ** y, 0.0)), argnums=1)(np.array([-2.0, 2.0]),
                                                                                    np.array([2.0, 3.0]))
    assert jac[0] == -4.0 and np.isnan(jac[1])
    assert hess[0, 0] == 2.0  # y (y - 1) x^(y-2)
    np.testing.assert_allclose(gy, [0.0, 8.0 * np.log(2.0)], rtol=1e-15)


def test_power_along_the_exponent_only_where_the_base_partial_overflows():
    # x = 1e-320, y = 0.01: d/dx = y x^(y-1) = 1e315 (inf in float64); d/dy = x^y log(x)
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        x, y = mpmath.mpf(1e-320), mpmath.mpf(0.01)
        truth = float(x ** y * mpmath.log(x))
        with np.errstate(over="ignore", invalid="ignore"):
            for path, got in _forward_paths(lambda v: v[0] ** v[1], [1e-320, 0.01], [0.0, 1.0]).items():
                assert float(got) == pytest.approx(truth, rel=1e-13), path
            for op in (np.power, np.float_power):
                jac = wg.jacfwd(lambda v: op(v[0], v[1]))(np.array([1e-320, 0.01]))
                assert jac[0] == np.inf and jac[1] == pytest.approx(truth, rel=1e-13)


@pytest.mark.parametrize("op", [np.remainder, np.fmod])
def test_remainder_along_x_only_where_the_quotient_overflows(op):
    # x / y = 1e310 overflows (d/dy = -q = -inf); along x alone the derivative is 1
    with np.errstate(over="ignore", invalid="ignore"):
        got = wg.jvp(lambda v: op(v[0], v[1]), (np.array([1e-10, 1e-320]),), (np.array([1.0, 0.0]),))[1]
        jac = wg.jacfwd(lambda v: op(v[0], v[1]))(np.array([1e-10, 1e-320]))
    assert got == 1.0 and jac[0] == 1.0 and jac[1] == -np.inf
