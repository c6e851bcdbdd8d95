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
