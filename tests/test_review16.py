"""(review16) Silent wrong gradients in session 14's changes: ``scipy.special.gammainc`` /
``gammaincc`` differentiated in ``a`` at large ``a`` (the series' ``log x - digamma`` kept
only its rounding near x = a) and at tiny ``a`` far in the tail (a subnormal factor).
"""
import numpy as np
import pytest

import wengert as wg
import wengert.scipy.special as wsp
from wengert.ops import scipy_special


# d/da gammainc(a, x): mpmath at 40 digits, as the integral of log(t) t^(a-1) e^-t / gamma(a)
# over (0, x) minus P(a, x) digamma(a) (mpmath's gammainc does not converge at a = 1e7), and
# mp.diff of gammaincc(a, x, inf, regularized=True) at 50 digits for the tail rows
@pytest.mark.parametrize("a, x, truth", [
    (1e7, 1e7, -1.2615662715231323e-4),       # before: -1.2615662714959e-4 (3.3e-10 off)
    (1e7, 9997000.0, -8.0445843470994312e-5),
    (1e5, 1e5, -1.261567312316086e-3),        # before: 9.0e-13 off
])
def test_gammainc_in_a_near_x_equals_a_at_large_a(a, x, truth):
    for fn, sign in ((wsp.gammainc, 1.0), (wsp.gammaincc, -1.0)):
        got = wg.grad(lambda a_: fn(a_, x))(a)
        assert abs(got - sign * truth) <= 2e-13 * abs(truth), (fn.__name__, got)
        tangent = wg.jvp(lambda a_: fn(a_, x), (a,), (1.0,))[1]
        assert abs(tangent - sign * truth) <= 2e-13 * abs(truth), (fn.__name__, tangent)


@pytest.mark.parametrize("a, x, truth", [
    (1e-10, 700.0, 1.4065187682396501e-307),   # before: 1.4065189272904613e-307 (1.1e-7 off)
    (1e-3, 700.0, 1.4266790230882355e-307),
])
def test_gammaincc_in_a_at_tiny_a_far_in_the_tail(a, x, truth):
    got = wg.grad(lambda a_: wsp.gammaincc(a_, x))(a)
    assert abs(got - truth) <= 1e-12 * truth, got


def test_gammainc_in_a_refused_where_its_sums_do_not_converge(monkeypatch):
    # beyond about 1e9 (10 sqrt(a) terms near x = a) the sums stopped at their cap and the
    # partial sum came out as the derivative (a = x = 1e11: 6.6e-3 off); now a ValueError
    monkeypatch.setattr(scipy_special, "_MAX_TERMS", 50)
    for x in (1e4, 1e4 + 2.0):  # the series (x <= a + 1), the continued fraction (beyond)
        with pytest.raises(ValueError, match="did not converge in 50 terms"):
            wg.grad(lambda a_: wsp.gammainc(a_, x))(1e4)
