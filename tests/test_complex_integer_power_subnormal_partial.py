"""d/dz z**n for an integer n where n z**(n - 1) is below the normal range: rounded once, not through NumPy's products.

np.power's complex integer power multiplies subnormal intermediates, each rounded to a multiple of 2^-1074:
grad of real(z ** 1100) at 0.5 + 0.1j was -3.64126e-319 - 5.978e-320j, the truth (mpmath, 40 digits)
-3.65681e-319 - 6.19540e-320j, 0.4% and 3.5% off. Now each part is within two subnormal steps of the truth.
"""
import numpy as np
import pytest

import wengert as wg

STEP = 2.0 ** -1074


@pytest.mark.parametrize("z, n", [(0.5 + 0.1j, 1100), (-0.5 + 0.1j, 1100), (0.5 + 0.1j, 1080)])
def test_the_partial_is_rounded_once(z, n):
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        truth = complex(n * mpmath.mpc(z) ** (n - 1))  # (wengert's convention: f'(z) for real(f), f holomorphic)
    got = wg.grad(lambda u: np.real(u ** n))(np.complex128(z))
    assert abs(got.real - truth.real) <= 2 * STEP and abs(got.imag - truth.imag) <= 2 * STEP, (got, truth)
    _, tangent = wg.jvp(lambda u: np.power(u, n), (np.array([z]),), (np.array([1.0 + 0j]),))
    assert abs(tangent[0].real - truth.real) <= 2 * STEP and abs(tangent[0].imag - truth.imag) <= 2 * STEP
