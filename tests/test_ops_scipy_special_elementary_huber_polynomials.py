"""SciPy functions: ``scipy.special``'s ``expm1``, ``log1p``, ``cbrt``, ``exp2``, ``exp10``,
``cosm1``, ``erfi``, ``wrightomega``, ``huber``, ``pseudo_huber`` and the orthogonal
polynomials ``eval_legendre``, ``eval_chebyt``, ``eval_chebyu``, ``eval_gegenbauer``,
``eval_hermite``, ``eval_hermitenorm``, ``eval_laguerre``, ``eval_genlaguerre`` (in x).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's
and the derivatives against closed forms (Legendre's and Chebyshev's at the ends, Huber's on
both sides of its kink), and the refusals.
"""
import math

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402
from opcheck import case, gradient_test, rand  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

X = np.array([-0.7, 0.3, 1.4])
XP = np.array([-1.0, -0.3, 0.0, 0.6, 1.0])

CASES = [
    *[case(f, f, x, id=f"{f.__name__}-{xid}") for f in (sc.expm1, sc.log1p, sc.cbrt, sc.exp2, sc.exp10, sc.cosm1,
                                                        sc.erfi, sc.wrightomega)
      for xid, x in (("vector", X), ("float", -0.35), ("matrix", rand((2, 3), seed=120)))],
    case(sc.cbrt, sc.cbrt, np.array([-8.0, -1e-3, 1e-3, 27.0]), id="cbrt-near-0"),
    case(sc.log1p, sc.log1p, np.array([-0.999, -1e-12, 1e-12, 1e3]), id="log1p-range"),
    case(sc.wrightomega, sc.wrightomega, np.array([-30.0, -1.0, 0.0, 40.0]), id="wrightomega-range"),
    # -- Huber losses: inside, outside, broadcasting (not at |r| = delta, the second derivative's kink)
    case(sc.huber, sc.huber, np.array([0.5, 1.0, 2.0, 0.3]), np.array([-0.3, 1.7, -2.5, 0.0]), id="huber"),
    case(sc.huber, sc.huber, np.array([[0.5], [2.0]]), np.array([-1.0, 0.2, 3.0]), id="huber-broadcast"),
    case(sc.pseudo_huber, sc.pseudo_huber, np.array([0.5, 1.0, 2.0, 1e-3]), np.array([-0.3, 1.7, -2.5, 0.0]),
         id="pseudo_huber"),
    case(sc.pseudo_huber, sc.pseudo_huber, 0.7, np.array([1e-9, 40.0]), id="pseudo_huber-small-and-large"),
    # -- orthogonal polynomials in x, including x = +-1 and degrees 0 and 1
    *[case(getattr(sc, name), lambda x, name=name, params=params: getattr(sc, name)(*params, x), XP,
           id=f"{name}-{'-'.join(map(str, params))}")
      for name, params in (("eval_legendre", (0,)), ("eval_legendre", (1,)), ("eval_legendre", (5,)),
                           ("eval_chebyt", (4,)), ("eval_chebyu", (3,)), ("eval_gegenbauer", (3, 0.7)),
                           ("eval_hermite", (3,)), ("eval_hermitenorm", (4,)), ("eval_laguerre", (3,)),
                           ("eval_genlaguerre", (2, 1.5)))],
    case(sc.eval_legendre, lambda x: sc.eval_legendre(np.array([[0], [2], [6]]), x), XP, id="eval_legendre-degrees"),
]

test_gradient = gradient_test(CASES)


SPECIAL = ["expm1", "log1p", "cbrt", "exp2", "exp10", "cosm1", "erfi", "wrightomega", "huber", "pseudo_huber",
           "eval_legendre", "eval_chebyt", "eval_chebyu", "eval_gegenbauer", "eval_hermite", "eval_hermitenorm",
           "eval_laguerre", "eval_genlaguerre"]


def test_special_functions_are_listed_and_are_scipys():
    table = wengert.scipy.supported()
    assert [n for n in SPECIAL if table.get(f"special.{n}") != "gradient"] == []
    import wengert.scipy.special as wss
    assert all(getattr(wss, n) is getattr(sc, n) for n in SPECIAL)  # SciPy's ufuncs themselves


def test_special_derivatives_are_the_closed_forms():
    x = np.array([-0.5, 0.25, 2.0])
    np.testing.assert_allclose(wg.grad_bp(lambda v: np.sum(sc.exp2(v)), x), np.log(2) * 2 ** x, rtol=1e-15)
    np.testing.assert_allclose(wg.grad_bp(lambda v: np.sum(sc.cbrt(v)), x), np.abs(x) ** (-2 / 3) / 3, rtol=1e-14)
    assert wg.grad_bp(sc.wrightomega, 0.0) == pytest.approx(sc.wrightomega(0.0) / (1 + sc.wrightomega(0.0)), rel=1e-15, abs=0)
    # Legendre at the ends: P_n'(1) = n (n + 1) / 2, P_n'(-1) = (-1)^(n+1) n (n + 1) / 2
    for n in range(6):
        g = wg.grad_bp(lambda v: np.sum(sc.eval_legendre(n, v)), np.array([-1.0, 1.0]))
        np.testing.assert_allclose(g, [(-1) ** (n + 1) * n * (n + 1) / 2, n * (n + 1) / 2], rtol=1e-14, atol=0)
    # Chebyshev: T_n'(cos t) = n sin(n t) / sin(t)
    t = 0.7
    assert wg.grad_bp(lambda v: sc.eval_chebyt(5, v), math.cos(t)) == pytest.approx(5 * math.sin(5 * t) / math.sin(t),
                                                                                   rel=1e-13)
    # Huber: r inside, delta sign(r) outside; in delta 0 inside, |r| - delta outside
    gd, gr = wg.grad_bp(lambda d, r: np.sum(sc.huber(d, r)), np.array([1.0, 1.0]), np.array([0.5, -3.0]))
    np.testing.assert_array_equal(gd, [0.0, 2.0])
    np.testing.assert_array_equal(gr, [0.5, -1.0])


def test_special_refusals():
    with pytest.raises(wg.NoGradientRule, match="huber has no second derivative at its kink"):
        check_grads(sc.huber, 1.0, -1.0, order=2)
    check_grads(sc.huber, 1.0, -1.0)  # its first derivative is continuous there
    with pytest.raises(wg.NoGradientRule, match="delta < 0"):
        wg.grad_bp(lambda r: sc.huber(-1.0, r), 0.5)
    with pytest.raises(wg.NoGradientRule, match="pseudo_huber at delta = 0"):
        wg.grad_bp(lambda d: sc.pseudo_huber(d, 0.5), 0.0)
    with pytest.raises(wg.NoGradientRule, match="degree n that is not an integer"):
        wg.grad_bp(lambda v: sc.eval_legendre(2.5, v), 0.3)
    for name, args in (("eval_legendre", ()), ("eval_gegenbauer", (0.5,)), ("eval_genlaguerre", (1.0,))):
        with pytest.raises(wg.NoGradientRule, match="has no gradient with respect to n"):
            wg.grad_bp(lambda n: getattr(sc, name)(n, *args, 0.3), 2.0)
    with pytest.raises(wg.NoGradientRule, match="has no gradient with respect to alpha"):
        wg.grad_bp(lambda a: sc.eval_gegenbauer(2, a, 0.3), 0.5)


@pytest.mark.parametrize("name, params, x, first, second", [
    # a float degree of integer value: the derivatives' lower degrees went to SciPy as floats, its hypergeometric form,
    # which loses the polynomial near its zeros (d2/dx2 eval_chebyt(3.0, x) at 1e-300 was 0.0; T_4'(1e-10) 8e-8
    # relative off). Truths: the polynomials' exact closed forms, at the doubles' x (Fractions, rounded once)
    ("eval_chebyt", (3.0,), 1e-300, lambda x: 12 * x * x - 3, lambda x: 24 * x),        # T_3 = 4x^3 - 3x
    ("eval_chebyt", (4.0,), 1e-10, lambda x: 32 * x ** 3 - 16 * x, lambda x: 96 * x * x - 16),
    ("eval_chebyu", (3.0,), -1e-300, lambda x: 24 * x * x - 4, lambda x: 48 * x),       # U_3 = 8x^3 - 4x
    ("eval_gegenbauer", (3.0, 2.0), 1e-160, lambda x: 96 * x * x - 12, lambda x: 192 * x),  # C_3^(2) = 32x^3 - 12x
    ("eval_legendre", (5.0,), 1e-8, lambda x: (315 * x ** 4 - 210 * x * x + 15) / 8, lambda x: (1260 * x ** 3 - 420 * x) / 8),
])
def test_polynomial_derivatives_at_a_float_degree(name, params, x, first, second):
    from fractions import Fraction
    f = lambda v: getattr(sc, name)(*params, v)  # noqa: E731
    t1, t2 = float(first(Fraction(x))), float(second(Fraction(x)))
    jitted = wg.jit(wg.grad(f))
    jitted(0.3)
    for got in (wg.grad(f)(x), wg.jvp(f, (x,), (1.0,))[1], jitted(x)):
        assert got == pytest.approx(t1, rel=1e-15, abs=0)
    for got in (wg.grad(wg.grad(f))(x), wg.jvp(wg.grad(f), (x,), (1.0,))[1], wg.jacfwd(wg.jacrev(f))(x),
                wg.hessian(lambda v: np.sum(getattr(sc, name)(*params, v)))(np.array([x]))[0, 0]):
        assert got == pytest.approx(t2, rel=1e-15, abs=0)
