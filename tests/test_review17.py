"""review17: an adversarial review of session 16's merged code (wg.jit's guards and
replays, ufunc reductions, forward mode's tangent checks, the cotangent spec cache, SciPy
rules). Each test failed before its fix."""
import math

import numpy as np
import pytest

import wengert as wg


def _by_sign_of_zero(x):
    # a decision on the value that only the sign of a zero changes
    return 2.0 * x if math.copysign(1.0, x.value) < 0 else 3.0 * x


def _by_sign_of_zero_in_array(x):
    return np.sum(2.0 * x) if np.signbit(x.value[0]) else np.sum(3.0 * x)


@pytest.mark.parametrize("f, zero, minus", [
    (_by_sign_of_zero, 0.0, -0.0),
    (_by_sign_of_zero_in_array, np.array([0.0, 1.0]), np.array([-0.0, 1.0])),
    (lambda z: np.real(2.0 * z if math.copysign(1.0, z.value.imag) < 0 else 3.0 * z), 0.5 + 0.0j, complex(0.5, -0.0))])
def test_jit_guard_tells_minus_zero_from_zero(f, zero, minus):
    # a guard's outcome was compared with ==, for which -0.0 is 0.0: the replay at -0.0 took
    # the branch recorded at 0.0 (grad(jit(f))(-0.0) was 3, grad(f)(-0.0) is 2)
    jf = wg.jit(f)
    for x in (zero, minus, zero, minus):
        np.testing.assert_array_equal(wg.grad(jf)(x), wg.grad(f)(x))
        np.testing.assert_array_equal(wg.jit(wg.grad(f))(x), wg.grad(f)(x))
    assert jf.stats["guard_failures"] == 3


def test_jit_guard_on_a_nan_replays():
    # a NaN, equal to nothing, failed every guard on it: each call recorded afresh
    f = wg.jit(lambda x: 2.0 * x if np.isnan(x.value) else 3.0 * x)
    g = wg.jit(lambda x: np.sum(x * 2.0) if np.isnan(x.value[0]) else np.sum(x * 3.0))
    for _ in range(3):
        assert wg.grad(f)(float("nan")) == 2.0
        np.testing.assert_array_equal(wg.grad(g)(np.array([np.nan, 1.0])), [2.0, 2.0])
    assert f.stats["records"] == 1 and g.stats["records"] == 1
    assert f.stats["guard_failures"] == 0 and g.stats["guard_failures"] == 0
