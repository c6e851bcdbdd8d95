"""Moments with closed forms that SciPy has and wengert lacked: skewnorm's mean, var and std.

Values against SciPy's (and against mpmath where SciPy's are off); values, gradients and Hessians in every parameter
(the shapes, loc, scale) on the five paths (:func:`opcheck.five_hessians`) against mpmath's derivatives of the closed
forms (``mp.diff`` at 60 digits, steps relative to each argument), at ordinary points and at the switching points.
"""
import numpy as np
import pytest

import stats_file  # noqa: F401  (first: it skips the file without SciPy)
from opcheck import five_hessians, stats_values_test
import wengert as wg
from wengert.scipy import stats


def _mp_value_gradient_hessian(f, points):
    """``f(mp, *args)``'s value, gradient and Hessian at each row of ``points`` by ``mp.diff`` at 60 digits (each
    argument's step ``1e-20`` of it, 1e-20 at 0; a mixed derivative as a derivative of a derivative), as floats."""
    mp = pytest.importorskip("mpmath")
    rows = []
    with mp.workdps(60):
        for p in points:
            a = [mp.mpf(float(v)) for v in p]
            n = len(a)
            steps = [mp.mpf(10) ** -20 * (abs(v) or 1) for v in a]

            def at(i, t, b):
                return b[:i] + [t] + b[i + 1:]

            def d(i, b):  # d f / d args[i] at b
                return mp.diff(lambda t: f(mp, *at(i, t, b)), b[i], 1, h=steps[i])

            def second(i, j):
                if i == j:
                    return mp.diff(lambda t: f(mp, *at(i, t, a)), a[i], 2, h=steps[i])
                return mp.diff(lambda t: d(j, at(i, t, a)), a[i], 1, h=steps[i])
            rows.append((float(f(mp, *a)), [float(d(i, a)) for i in range(n)],
                         [[float(second(i, j)) for j in range(n)] for i in range(n)]))
    value, gradient, hessian = (np.array([r[k] for r in rows]) for k in range(3))
    # (an entry below 1e-100 of its point's largest is mpmath's rounding of an exact 0: d2/dscale2 of a mean)
    top = np.max(np.abs(hessian), axis=(1, 2), keepdims=True)
    return value, gradient, np.where(np.abs(hessian) < 1e-100 * top, 0.0, hessian)


def _check_five_paths(method, points, truth, rtol):
    value, gradient, hessian = _mp_value_gradient_hessian(truth, points)

    def f(v):
        return method(*(v[:, k] for k in range(v.shape[1])))
    np.testing.assert_allclose(f(points), value, rtol=rtol, atol=0)
    np.testing.assert_allclose(wg.grad(lambda v: np.sum(f(v)))(points), gradient, rtol=rtol, atol=0)
    for name, got in five_hessians(f, points).items():
        np.testing.assert_allclose(got, hessian, rtol=rtol, atol=0, err_msg=name)


# -- skewnorm ---------------------------------------------------------------------------------------------------

SKEW_A = np.array([-1e200, -3.0, -1.0, -1e-8, 0.0, 1e-8, 0.5, 1.0, 1.0000000000000002, 2.5, 1e8, 1e200])
SKEW_VALUES = [(f"skewnorm.{m}", (SKEW_A[1:-1], 0.3, 1.7)) for m in ("mean", "var", "std")]
test_stats_values_are_scipys = stats_values_test(SKEW_VALUES)


def _mp_skewnorm(method):
    def f(mp, a, loc, scale):
        delta = a / mp.sqrt(1 + a * a)
        v = 1 - 2 * delta ** 2 / mp.pi
        return {"mean": loc + scale * mp.sqrt(2 / mp.pi) * delta, "var": scale ** 2 * v,
                "std": scale * mp.sqrt(v)}[method]
    return f


@pytest.mark.parametrize("method", ["mean", "var", "std"])
def test_skewnorm_moments_against_mpmath(method):
    # (a = 0: delta's odd series; |a| = 1: the switch to sign(a) / sqrt(1 + 1 / a^2); 1e8 and 1e200: through a / h the
    # derivative 1 / h - a^2 / h^3 cancelled, and a^2 overflowed, SciPy's mean 0 and var 1 at a = 1e200)
    points = np.stack([SKEW_A, np.full_like(SKEW_A, 0.3), np.full_like(SKEW_A, 1.7)], axis=1)
    _check_five_paths(getattr(stats.skewnorm, method), points, _mp_skewnorm(method), 4e-15)
    assert float(stats.skewnorm.mean(1e200)) == pytest.approx(np.sqrt(2 / np.pi), rel=1e-15)
    with pytest.raises(ValueError, match="a must be finite"):
        getattr(stats.skewnorm, method)(np.inf)
