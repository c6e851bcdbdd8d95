"""Forward over forward over forward at points where a rule computes a mask with np.abs.

A rule that chose its form with ``np.abs(x) < threshold`` on the Var or Dual it was given
computed abs's own derivative in forward mode, and at x = 0 (abs's kink) its mark refused the
third derivative (``numpy.absolute ... has no second derivative at its kink``) of functions
smooth there: sinc at 0, rgamma at 1 and at its zeros, betaln where b = a, huber at 0, where
reverse mode and forward over reverse gave the derivative. The masks are now read from the
plain numbers (as the other rules' masks are).
"""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import special as sp


def _third_forward(f, x):
    d1 = lambda t: wg.jvp(f, (t,), (1.0,))[1]  # noqa: E731
    d2 = lambda t: wg.jvp(d1, (t,), (1.0,))[1]  # noqa: E731
    return wg.jvp(d2, (x,), (1.0,))[1]


def _third_reverse(f, x):
    return wg.grad(wg.grad(wg.grad(f)))(x)


#: (id, f, x, the third derivative there: exact or mpmath (30 digits), None: reverse mode's)
SMOOTH = [
    ("sinc_0", np.sinc, 0.0, 0.0),  # an even function
    ("sinc_0.01", np.sinc, 0.01, None),
    ("rgamma_0", sp.rgamma, 0.0, None),
    ("rgamma_1", sp.rgamma, 1.0, None),
    ("rgamma_-2", sp.rgamma, -2.0, None),
    ("huber_0", lambda r: sp.huber(1.0, r), 0.0, 0.0),  # r**2 / 2 near 0
    ("huber_0.5", lambda r: sp.huber(1.0, r), 0.5, 0.0),
    ("betaln_b_eq_a", lambda b: sp.betaln(30.0, b), 30.0, None),
]


@pytest.mark.parametrize("f, x, truth", [pytest.param(f, x, t, id=n) for n, f, x, t in SMOOTH])
def test_forward_cubed_gives_the_third_derivative(f, x, truth):
    reverse = _third_reverse(f, x)
    if truth is not None:
        assert reverse == pytest.approx(truth, rel=1e-12, abs=1e-12)
    assert _third_forward(f, x) == pytest.approx(reverse, rel=1e-12, abs=1e-15)


def test_rgamma_third_derivative_at_1():
    truth = -0.25201581020457141  # mpmath.diff(mpmath.rgamma, 1, 3), 30 digits
    assert _third_forward(sp.rgamma, 1.0) == pytest.approx(truth, rel=1e-12, abs=0)
    assert _third_reverse(sp.rgamma, 1.0) == pytest.approx(truth, rel=1e-12, abs=0)
