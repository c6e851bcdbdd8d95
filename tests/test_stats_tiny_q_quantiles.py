"""Quantiles ``(-log q)^p`` near q = 0, and Hessians whose mixed entries meet an infinite partial.

Through ``(-log q)^(1/c)`` the second derivative in q of weibull_min.isf (and rayleigh.isf,
weibull_max.ppf) is two terms of order ``1/q^2`` that overflow apart: NaN at q = 1e-300, where
the truth is +inf. Below q = 1e-150 the quantile is one primitive whose q-derivatives are single
sums over ``q^n``. And a forward-mode product ``tangent * partial`` made a Hessian's mixed entry
``0 * inf = NaN`` wherever the other entry of the diagonal is infinite (gompertz.isf, levy,
invgamma at 1e-300): a zero tangent now adds nothing.
"""
import warnings

import numpy as np
import pytest

import wengert as wg

st = pytest.importorskip("wengert.scipy.stats")


def _quantile_second(q, p, s):
    """d^2/dq^2 (-s log q)^p = s^p p t^(p - 2) (t + p - 1) / q^2, t = -log q (mpmath)."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        q, p, s = mp.mpf(q), mp.mpf(p), mp.mpf(s)
        t = -mp.log(q)
        return float(s ** p * p * t ** (p - 2) * (t + p - 1) / q ** 2)


CASES = [
    ("weibull_min.isf c=2", lambda q: st.weibull_min.isf(q, 2.0), 0.5, 1.0, 1.0),
    ("weibull_min.isf c=0.7", lambda q: st.weibull_min.isf(q, 0.7), 1 / 0.7, 1.0, 1.0),
    ("rayleigh.isf", lambda q: st.rayleigh.isf(q), 0.5, 2.0, 1.0),
    ("weibull_max.ppf c=2", lambda q: st.weibull_max.ppf(q, 2.0), 0.5, 1.0, -1.0),
]


@pytest.mark.parametrize("name, f, p, s, sign", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("q", [1e-300, 1e-200, 1e-151, 1e-149, 1e-20])
def test_second_derivative_in_q(name, f, p, s, sign, q):
    truth = sign * _quantile_second(q, p, s)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow on the way to an infinite truth
        reverse = wg.grad(wg.grad(f))(q)
        forward = wg.jacfwd(wg.grad(f))(q)
    for d2 in (reverse, forward):
        if np.isinf(truth):
            assert d2 == truth
        else:
            assert d2 == pytest.approx(truth, rel=1e-14)


@pytest.mark.parametrize("q", [1e-300, 1e-160, 1e-100])
@pytest.mark.parametrize("c", [2.0, 0.7, 5.0])
def test_values_are_the_closed_form(q, c):
    assert st.weibull_min.isf(q, c) == (-np.log(q)) ** (1.0 / c)
    assert st.weibull_max.ppf(q, c) == -((-np.log(q)) ** (1.0 / c))
    assert st.rayleigh.isf(q) == np.sqrt(-2.0 * np.log(q))


@pytest.mark.parametrize("c", [2.0, 0.7])
def test_weibull_mixed_second_derivative(c):
    mp = pytest.importorskip("mpmath")
    q = 1e-300
    with mp.workdps(40):
        t = -mp.log(mp.mpf(q))
        # d/dc of d/dq t^(1/c) = d/dc [-(1/c) t^(1/c - 1) / q]
        truth = float(mp.diff(lambda cc: -(1 / cc) * t ** (1 / cc - 1), mp.mpf(c)) / mp.mpf(q))
    h = wg.hessian(lambda v: st.weibull_min.isf(v[0], v[1]))(np.array([q, c]))
    assert h[0, 0] == np.inf
    assert h[0, 1] == pytest.approx(truth, rel=1e-13)
    assert h[1, 0] == pytest.approx(truth, rel=1e-13)


@pytest.mark.parametrize("name, f, point", [
    ("gompertz.isf", lambda v: st.gompertz.isf(v[0], v[1]), [1e-300, 2.0]),
    ("levy.isf in loc", lambda v: st.levy.isf(v[0], v[1]), [1e-300, 0.5]),
    ("levy.ppf in scale", lambda v: st.levy.ppf(v[0], 0.0, v[1]), [1e-300, 2.0]),
    ("invgamma.logpdf", lambda v: st.invgamma.logpdf(v[0], v[1]), [1e-300, 2.0]),
    ("rayleigh.isf in scale", lambda v: st.rayleigh.isf(v[0], 0.0, v[1]), [1e-300, 2.0]),
])
def test_hessian_mixed_entries_beside_an_infinite_one(name, f, point):
    with np.errstate(over="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the infinite diagonal entry overflows
        h = wg.hessian(f)(np.array(point))
    assert np.isinf(h[0, 0])
    assert np.isfinite(h[0, 1]) and np.isfinite(h[1, 0])
    assert h[0, 1] == pytest.approx(h[1, 0], rel=1e-13, abs=0.0)


def test_nan_partial_is_not_hidden_by_a_zero_tangent():
    # only an infinite partial meets a zero tangent as 0: invgamma.logpdf at a NaN shape is NaN,
    # and so is every entry of its Hessian (a zero tangent gave -1000 in one mixed entry)
    f = lambda v: st.invgamma.logpdf(v[0], v[1])
    v = np.array([1e-3, np.nan])
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for h in (wg.hessian(f)(v), wg.jacrev(wg.grad(f))(v)):
            assert np.isnan(h).all()


#: invgamma.isf (q, a, value, [d/dq, d/da], [d2/dq2, d2/dq da, d2/da2]): mpmath (40 digits), 1 / W with P(a, W) = q
#: solved in log W, derivatives by mp.diff in relative steps
INVGAMMA_ISF = [
    (1e-90, 0.5, 1.2732395447351627e+180, [-2.5464790894703255e+270, -1.0561353222271229e+183],
     [np.inf, 2.1173636026331865e+273, 8.802724087774297e+185]),
    (1e-90, 10.0, 220812521.2296918, [-2.208125213206009e+97, -476172865.57518995],
     [2.4289377345266097e+187, 4.982541177155145e+97, 1119979831.814324]),
    (1e-100, 2.0, 7.071067811865475e+49, [-3.5355339059327374e+149, -4.0908059600405527e+51],
     [5.303300858899106e+249, 2.06308064954994e+151, 2.4074114665478682e+53]),
    (1e-20, 5.0, 3838.352826605557, [-7.677038998950967e+22, -7645.504415594718],
     [9.212446796259669e+42, 1.6826472165662357e+23, 18147.310646202444]),
    # (both sides of the switch at q = 1/2)
    (0.4999999, 2.0, 0.5958244606833639, [-1.1330568052227232, -0.3526263949860089],
     [2.8477548014980454, 0.9939378943284111, 0.41472611070266274]),
    (0.5, 2.0, 0.5958243473776976, [-1.133056520447322, -0.35262629559223596],
     [2.8477532238695398, 0.9939375646913627, 0.4147259661625588]),
]


def test_invgamma_isf_below_one_half():
    """invgamma.isf below q = 1/2 (from 1e-100: session 43's switch) through L = log x with SciPy's gammaincinv
    refined by a Newton step (up to 3e-14 off before: isf(1e-90, 10) 2.9e-14, its Hessian 5.8e-14; at 1e-20, a = 50
    3.8e-14), and the route 1 / gammaincinv(a, q) no longer where W^2 underflows: isf(1e-90, 0.5)'s gradient was
    [-inf, -inf] for [-2.5e270, -1.06e183], its Hessian NaN. Value, gradient and the Hessian by the five paths."""
    from opcheck import five_hessians
    v = np.array([[q, a] for q, a, *_ in INVGAMMA_ISF])
    f = lambda v: st.invgamma.isf(v[:, 0], v[:, 1])  # noqa: E731
    value = np.array([c[2] for c in INVGAMMA_ISF])
    gradient = np.array([c[3] for c in INVGAMMA_ISF])
    hessian = np.array([[[h[0], h[1]], [h[1], h[2]]] for *_, h in INVGAMMA_ISF])
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(f(v), value, rtol=2e-15, atol=0)
        np.testing.assert_allclose(wg.grad(lambda v: np.sum(f(v)))(v), gradient, rtol=4e-15, atol=0)
        for name, h in five_hessians(f, v).items():
            finite = np.isfinite(hessian)
            np.testing.assert_allclose(h[finite], hessian[finite], rtol=4e-15, atol=0, err_msg=name)
            np.testing.assert_array_equal(h[~finite], hessian[~finite], err_msg=name)
