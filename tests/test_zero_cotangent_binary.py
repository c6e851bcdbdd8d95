"""The convention of ``tests/test_zero_cotangent_unary.py`` for rules of two arguments
(``ops._util.zero_cotangent_adds_nothing_n``): under np.where's mask a partial that is
undefined (0 / 0) or infinite adds nothing, at first and second order; and the corner of
xlogy-like functions, where the convention's derivative in x would be a finite number for an
infinite one, refuses to be differentiated again.
"""
import numpy as np
import pytest

import wengert as wg

MASK = np.array([False, True])
#: (y0, y1, x0, x1): entry 0 at arctan2's origin, masked out; entry 1 at (1, 2)
AT_ORIGIN = np.array([0.0, 1.0, 0.0, 2.0])


def _masked_arctan2(v):
    return np.sum(np.where(MASK, np.arctan2(v[:2], v[2:]), 0.0))


def test_arctan2_at_the_origin_under_a_mask():
    # arctan2(y, x) at (1, 2): d/dy = x / r^2 = 0.4, d/dx = -y / r^2 = -0.2; the Hessian's
    # d2/dy2 = -2xy / r^4 = -0.16, d2/dy dx = (y^2 - x^2) / r^4 = -0.12. Entry 0 adds nothing:
    # it was NaN in the gradient and in the Hessian's rows 0 and 2 (every entry), 0 / 0
    grad = np.array([0.0, 0.4, 0.0, -0.2])
    hess = np.zeros((4, 4))
    hess[np.ix_([1, 3], [1, 3])] = [[-0.16, -0.12], [-0.12, 0.16]]
    with np.errstate(divide="ignore", invalid="ignore"):  # (the forward value's own 0 / 0 at 0)
        np.testing.assert_allclose(wg.grad(_masked_arctan2)(AT_ORIGIN), grad, rtol=1e-14, atol=1e-300)
        for how in (wg.hessian, lambda f: wg.jacfwd(wg.jacrev(f)), lambda f: wg.jacfwd(wg.jacfwd(f))):
            np.testing.assert_allclose(how(_masked_arctan2)(AT_ORIGIN), hess, rtol=1e-14, atol=1e-300)


def test_arctan2_at_the_origin_unmasked_stays_nan():
    # no derivative there (arctan2 is not continuous at the origin): NaN, not 0
    with np.errstate(divide="ignore", invalid="ignore"):
        g = wg.grad(lambda v: np.sum(np.arctan2(v[:2], v[2:])))(AT_ORIGIN)
    assert np.isnan(g[0]) and np.isnan(g[2])
    np.testing.assert_allclose(g[[1, 3]], [0.4, -0.2], rtol=1e-14)


@pytest.mark.parametrize("name, pole", [("xlogy", 0.0), ("xlog1py", -1.0), ("rel_entr", 0.0), ("kl_div", 0.0)])
def test_xlogy_like_corner(name, pole):
    sc = pytest.importorskip("scipy.special")
    fun = getattr(sc, name)
    f = lambda v: fun(v[0], v[1])  # noqa: E731
    # d/dy at the corner x = 0, y = pole is the convention's (0 for xlogy, xlog1py, rel_entr;
    # 1 for kl_div, whose value is y there); its derivative in x is 1 / (y - pole) beside it,
    # infinite at the corner: d2/dx dy was 1 (the replaced denominator) while d2/dy dx was
    # inf (xlogy, xlog1py) or NaN. Now refused by name
    with np.errstate(divide="ignore", invalid="ignore"):
        assert wg.grad(f)(np.array([0.0, pole]))[1] == (1.0 if name == "kl_div" else 0.0)
        for how in (wg.hessian, lambda f: wg.jacfwd(wg.jacrev(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
                    lambda f: wg.jacfwd(wg.jacfwd(f))):
            with pytest.raises(wg.NoGradientRule, match=f"scipy.special.{name} .in y. has no second derivative"):
                how(f)(np.array([0.0, pole]))
    # beside the corner (x = 0, y = pole + 2) the mixed derivative is 1 / 2 in both orders
    # (-1 / 2 for rel_entr and kl_div, whose d/dy is -x / y)
    sign = -1.0 if name in ("rel_entr", "kl_div") else 1.0
    with np.errstate(divide="ignore"):
        h = wg.hessian(f)(np.array([0.0, pole + 2.0]))
    assert h[0, 1] == h[1, 0] == sign * 0.5


def test_xlogy_at_y_0_under_a_mask():
    sc = pytest.importorskip("scipy.special")
    # d/dx xlogy(x, y) = log(y), -inf at y = 0: under the mask it was NaN (0 * -inf), the truth 0
    f = lambda v: np.sum(np.where(MASK, sc.xlogy(v[:2], v[2:]), 0.0))  # noqa: E731
    with np.errstate(divide="ignore"):
        g = wg.grad(f)(np.array([0.0, 3.0, 0.0, 2.0]))
    np.testing.assert_allclose(g, [0.0, np.log(2.0), 0.0, 1.5], rtol=1e-15)


@pytest.mark.parametrize("name", ["betaln", "beta", "boxcox", "boxcox1p", "kv", "yv", "xlogy_y", "expn", "chdtr", "gdtr"])
def test_scipy_functions_of_two_arguments_at_their_poles_under_a_mask(name):
    sc = pytest.importorskip("scipy.special")
    # entry 0 at a pole of the partial (digamma(0), base^(l - 1) at base 0, K_v and Y_v at 0,
    # x / y at y = 0, E_0 = e^-x / x at 0, the chi2 and gamma densities at 0), masked out: its gradient was NaN (0 * inf), now 0 at first and second
    # order; entry 1 (t = 1.5) as before, against the closed form of its derivative
    fun, first = {
        "betaln": (lambda t: sc.betaln(t, 2.0), lambda t: sc.digamma(t) - sc.digamma(t + 2.0)),
        "beta": (lambda t: sc.beta(t, 2.0), lambda t: sc.beta(t, 2.0) * (sc.digamma(t) - sc.digamma(t + 2.0))),
        "boxcox": (lambda t: sc.boxcox(t, 0.5), lambda t: t ** -0.5),
        "boxcox1p": (lambda t: sc.boxcox1p(t - 1.0, 0.5), lambda t: t ** -0.5),
        "kv": (lambda t: sc.kv(1.0, t), lambda t: -0.5 * (sc.kv(0.0, t) + sc.kv(2.0, t))),
        "yv": (lambda t: sc.yv(1.0, t), lambda t: 0.5 * (sc.yv(0.0, t) - sc.yv(2.0, t))),
        "xlogy_y": (lambda t: sc.xlogy(2.0, t), lambda t: 2.0 / t),
        "expn": (lambda t: sc.expn(1, t), lambda t: -sc.expn(0, t)),
        # chi2's density with 1 degree of freedom, infinite at 0
        "chdtr": (lambda t: sc.chdtr(1.0, t), lambda t: np.exp(-t / 2) / np.sqrt(2 * np.pi * t)),
        "gdtr": (lambda t: sc.gdtr(1.0, 0.5, t), lambda t: np.exp(-t) / np.sqrt(np.pi * t))}[name]
    f = lambda v: np.sum(np.where(MASK, fun(v), 0.0))  # noqa: E731
    v = np.array([0.0, 1.5])
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # (the masked value's own)
        np.testing.assert_allclose(wg.grad(f)(v), [0.0, first(1.5)], rtol=1e-13)
        for how in (wg.hessian, lambda f: wg.jacfwd(wg.jacrev(f)), lambda f: wg.jacfwd(wg.jacfwd(f))):
            h = how(f)(v)
            assert np.all(h[0] == 0.0) and np.all(h[:, 0] == 0.0) and np.isfinite(h[1, 1]), h
