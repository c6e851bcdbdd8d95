"""``scipy.special.gammainc`` / ``gammaincc`` (and ``gammaincinv``) differentiated in their
shape ``a``, against mpmath: at large ``a`` (the series' ``log x - digamma`` kept only its
rounding near x = a), at tiny ``a`` far in the tail (a subnormal factor), beyond
x = a + 1, on arrays, at the ends and in the Hessian in a and x.
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


@pytest.mark.parametrize("x", [5e-324, 1e-310])
def test_gammainc_in_a_at_a_subnormal_x(x):
    # the truth underflows (about -1e-9000 at a = 30): 0, not NaN from log(x / a) = -inf
    # (a first version of the fix above never converged there)
    for a in (20.0, 30.0, 1e4):
        assert wg.grad(lambda a_: wsp.gammainc(a_, x))(a) == 0.0


def test_gammainc_in_a_refused_where_its_sums_do_not_converge(monkeypatch):
    # the sums once stopped at their cap and the partial sum came out as the derivative (a = x =
    # 1e11: 6.6e-3 off); now a ValueError (near x = a they serve below a = 10 only, and need
    # about 10 sqrt(a) terms there: at a = 9 the series about 30, the fraction at x = 11 over 15;
    # from a = 10 on the uniform expansion serves near x = a, a6c60ee and its moves from 20 to 14 to 10)
    monkeypatch.setattr(scipy_special, "_MAX_TERMS", 15)
    for x in (9.0, 11.0):  # the series (x <= a + 1), the continued fraction (beyond)
        with pytest.raises(ValueError, match="did not converge in 15 terms .* from a = 10 on"):
            wg.grad(lambda a_: wsp.gammainc(a_, x))(9.0)


@pytest.mark.parametrize("a, x, truth", [(1e5, 1e5 + 300, -0.00080392821236356437341),
                                         (1e6, 1e6 + 1000, -0.00024193040952413304829)])
def test_gammainc_da_beyond_x_equals_a_plus_1(a, x, truth):
    # the continued fraction's branch (x > a + 1) took log x - digamma(a) directly, two
    # logarithms near 14 that cancel to about 1/sqrt(a): 5.5e-13 and 8.7e-13 off here, now
    # 6e-15 and 4e-14 (mpmath at 50 and 80 digits agree)
    sc = pytest.importorskip("scipy.special")
    assert float(wg.grad(lambda a: sc.gammainc(a, x))(a)) == pytest.approx(truth, rel=1e-13, abs=0)
    assert float(wg.grad(lambda a: sc.gammaincc(a, x))(a)) == pytest.approx(-truth, rel=1e-13, abs=0)


@pytest.mark.parametrize("a, y, truth", [(1e5, 0.9, 1.0020263139590960118), (1e6, 0.8, 1.000420810690319222)])
def test_gammaincinv_da_beyond_x_equals_a_plus_1(a, y, truth):
    # dx/da = -P_a / P_x through the same branch (per density): 1.4e-13 and 3.6e-13 off,
    # now 1e-15 and 8e-15 (mpmath: its root of P(a, x) = y, then P_a by differences)
    sc = pytest.importorskip("scipy.special")
    assert float(wg.grad(lambda a: sc.gammaincinv(a, y))(a)) == pytest.approx(truth, rel=5e-14, abs=0)


# d/da gammainc(a, x) and d/dx of it: mpmath at 50 digits (diff of gammainc(a, 0, x,
# regularized=True), or minus that of the upper function where P is within 1e-300 of 1)
GAMMAINC_DA = [
    (0.001, 0.5, -0.56035940010800309, 1.2127770891029852),
    (0.5, 1e-05, -0.041211059712823384, -1703.7172007218229),
    (1.0, 5.0, -0.015881851500723457, 0.014733555909448131),
    (2.0, 0.1, -0.015143516295044242, -0.24660162365093692),
    (3.0, 40.0, -9.9743303000892817e-15, 9.4010815755285302e-15),
    (30.0, 1e-05, -5.6287998033463824e-182, -1.6848694451753466e-175),
    (30.0, 29.5, -0.073345169841068996, -3.5210311273549798e-6),
    (30.0, 45.0, -0.0034741570951297631, 0.0011992664291061885),
    (1000.0, 1000.5, -0.012611984795338254, 1.2606207024794109e-5),
    (10000.0, 10001.1, -0.0039889953216404236, 6.3817270885809562e-7),
    (0.5, 700.0, -1.7892272992158808e-305, 1.7902037814804829e-305),
]


@pytest.mark.parametrize("a, x, d_a, d_ax", GAMMAINC_DA)
def test_gammainc_and_gammaincc_in_a(a, x, d_a, d_ax):
    # refused before (NoGradientRule: "no gradient with respect to a (argument 0)"); the series
    # below x = a + 1, the continued fraction differentiated in a beyond (1.0, 5.0 checks a = 1,
    # where the fraction ends but its derivative does not)
    import scipy.special as sc
    for fn, sign in ((sc.gammainc, 1.0), (sc.gammaincc, -1.0)):
        rev = float(wg.grad(lambda s: fn(s, x))(a))
        fwd = float(wg.jvp(lambda s: fn(s, x), (a,), (1.0,))[1])
        assert rev == pytest.approx(sign * d_a, rel=1e-12, abs=0) and fwd == pytest.approx(rev, rel=1e-14, abs=0.0)
        # the mixed second derivative, both ways round (d/dx of d/da, d/da of d/dx) and forward
        mixed = (float(wg.grad(lambda t: wg.grad(lambda s: fn(s, t))(a))(x)),
                 float(wg.grad(lambda s: wg.grad(lambda t: fn(s, t))(x))(a)),
                 float(wg.jvp(lambda s: wg.grad(lambda t: fn(s, t))(x), (a,), (1.0,))[1]))
        # (at a = 1e4 the density x^(a-1) e^-x / gamma(a), gammainc's x-rule, keeps ~1e-11)
        for m in mixed:
            assert m == pytest.approx(sign * d_ax, rel=1e-11 if a < 1e3 else 1e-10, abs=0), (fn.__name__, mixed)


def test_gammainc_hessian_in_a_and_x():
    # (d^2/da^2 against mpmath: tests/test_gamma_shape_second_derivative.py)
    import scipy.special as sc
    for fn in (sc.gammainc, sc.gammaincc):  # both sides of x = a + 1
        wg.testing.check_grads(lambda v: fn(v[0], v[1]), np.array([[1.5, 2.0], [1.5, 4.0]]), order=2,
                               modes=("rev", "fwd"))


def test_gammainc_in_a_on_arrays_and_at_the_ends():
    import scipy.special as sc
    a = np.array([[0.5], [3.0]])
    x = np.array([0.0, 0.2, 3.0, 50.0, np.inf])
    g = wg.grad(lambda s: np.sum(sc.gammainc(s, x)))(a)
    rows = [sum(float(wg.grad(lambda s: sc.gammainc(s, v))(float(ai))) for v in x) for ai in a[:, 0]]
    assert np.all(np.isfinite(g))
    np.testing.assert_allclose(g[:, 0], rows, rtol=1e-14)
    # at x = 0 and x = inf the value is 0 or 1 for every a: the derivative is 0
    assert float(wg.grad(lambda s: sc.gammainc(s, 0.0))(2.0)) == 0.0
    assert float(wg.grad(lambda s: sc.gammaincc(s, np.inf))(2.0)) == 0.0
    with pytest.raises(ValueError, match="a > 0"):
        wg.grad(lambda s: sc.gammainc(s, 1.0))(0.0)
    # a NaN a gives NaN (the series never met its stopping test there: 1e6 terms, 100 s)
    g = wg.grad(lambda s: np.sum(sc.gammainc(s, np.array([0.5, 2.0]))))(np.array([np.nan, 1.0]))
    assert np.isnan(g[0]) and g[1] == pytest.approx(-0.22082543, rel=1e-7, abs=0)
    assert float(wg.grad(lambda s: sc.gammainc(s, 2.0))(np.inf)) == 0.0


def test_gammainc_mixed_second_derivative_near_x_equals_a():
    # d2P/da dx = the density times (log x - digamma(a)), two logarithms near 9.2 that cancel to 1e-4 at
    # (1e4, 1e4 + 1): 3.1e-13 off; now log(x / a) - (digamma(a) - log a) (truth: mpmath, 50 digits, mp.diff)
    sc = pytest.importorskip("scipy.special")
    truth = 5.983020656627869e-07
    for fn, sign in ((sc.gammainc, 1.0), (sc.gammaincc, -1.0)):
        f = lambda v: fn(v[0], v[1])  # noqa: E731
        v = np.array([1e4, 1e4 + 1.0])
        for h in (wg.hessian(f)(v), wg.jacfwd(wg.jacrev(f))(v)):
            assert h[0, 1] == pytest.approx(sign * truth, rel=1.5e-13, abs=0)
            assert h[1, 0] == pytest.approx(sign * truth, rel=1.5e-13, abs=0)
