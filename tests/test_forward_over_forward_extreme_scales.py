"""Forward over forward at extreme scales: a second derivative whose intermediates leave the
double range although it is an ordinary number (``wengert.forward._pick_in_range``).

Forward over forward forms each intermediate's second-order terms before the later factors:
``d2 log(x)`` at ``x = 1e200`` is ``-1e-400`` (0), so ``x * log(x)``'s ``f'' = 2 / x - x /
x^2`` came out ``2e-200`` (the truth ``1e-200``), ``log(x) * 1e100``'s 0 (``-1e-300``),
``x**-2 * x``'s ``-4e-300`` at ``1e100`` (``2e-300``), and ``cbrt(x)**2``'s ``-inf`` at
``1e-200`` (``cbrt''`` overflows; the truth ``-1.03e266``) and ``+4.79e-268`` at ``1e200``
(the truth ``-4.79e-268``). The reverse-based paths were right. Truths: mpmath, 50 digits,
closed forms.
"""
import numpy as np
import pytest

import wengert as wg


def _second(f, x):
    """name -> f''(x) of the scalar function ``f`` on the five second-order paths and nested jvp."""
    a = np.reshape(x, (1,))  # (x a Var of an outer runner too)
    g = lambda v: np.sum(f(v))  # noqa: E731
    return {"jacrev(jacrev)": wg.jacrev(wg.jacrev(g))(a)[0, 0],
            "jacfwd(jacrev)": wg.jacfwd(wg.jacrev(g))(a)[0, 0],
            "jacrev(jacfwd)": wg.jacrev(wg.jacfwd(g))(a)[0, 0],
            "jacfwd(jacfwd)": wg.jacfwd(wg.jacfwd(g))(a)[0, 0],
            "hvp": wg.hvp(g, a, np.ones(1))[0],
            "jvp(grad)": wg.jvp(wg.grad(f), (x,), (1.0,))[1],
            "jvp(jvp)": wg.jvp(lambda t: wg.jvp(f, (t,), (1.0,))[1], (x,), (1.0,))[1]}


def _mp_value(truth):
    """``truth(mp)``, mpmath's expression, at 50 digits as a float (mpmath asked for here, not at
    import: test_optional_imports)."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        return float(truth(mp))


#: (label, f, x, f''(x) as an mpmath expression), each was wrong by forward over forward
#: (jacfwd(jacfwd), jvp(jvp))
CASES = [
    ("cbrt(x)**2", lambda x: np.cbrt(x) ** 2, 1e-200,
     lambda mp: -mp.mpf(2) / 9 * mp.mpf(1e-200) ** (-mp.mpf(4) / 3)),  # was -inf
    ("cbrt(x)**2", lambda x: np.cbrt(x) ** 2, 1e200,
     lambda mp: -mp.mpf(2) / 9 * mp.mpf(1e200) ** (-mp.mpf(4) / 3)),  # was +4.79e-268
    ("x*log(x)", lambda x: x * np.log(x), 1e200, lambda mp: 1 / mp.mpf(1e200)),  # was 2e-200
    ("log(x)*1e100", lambda x: np.log(x) * 1e100, 1e200, lambda mp: -mp.mpf(1e100) / mp.mpf(1e200) ** 2),  # was 0
    ("x**-2.0*x", lambda x: x ** -2.0 * x, 1e100, lambda mp: 2 / mp.mpf(1e100) ** 3),  # was -4e-300
    ("x*log(x)", lambda x: x * np.log(x), 0.7, lambda mp: 1 / mp.mpf(0.7)),  # an ordinary point
]


@pytest.mark.parametrize("label, f, x, truth", CASES, ids=[f"{c[0]} at {c[2]}" for c in CASES])
def test_second_derivative_on_every_path(label, f, x, truth):
    want = _mp_value(truth)
    with np.errstate(over="ignore", under="ignore"):
        got = _second(f, x)
    for path, value in got.items():
        assert abs(float(value) - want) <= 1e-14 * abs(want), (path, float(value), want)


@pytest.mark.parametrize("label, f, x, truth", CASES[:5], ids=[f"{c[0]} at {c[2]}" for c in CASES[:5]])
def test_second_derivative_under_an_open_tape(label, f, x, truth):
    # every path inside an outer runner (vjp): its tape open, jvp / jacfwd take the transposed
    # pullback (forward.supports), rerun there with scaled seeds (forward.scaled_if_nested);
    # jacfwd(jacfwd) and jvp(jvp) gave what forward over forward gave before 7b5ded2
    want = _mp_value(truth)
    with np.errstate(over="ignore", under="ignore"):
        got = wg.vjp(lambda t: _second(f, t), x)[0]
    for path, value in got.items():
        assert abs(float(value) - want) <= 1e-14 * abs(want), (path, float(value), want)


def test_directions_of_different_scales():
    # the Hessian of x log(x) y at (1e200, 2): the direction along x is rerun with a scaled
    # seed, the one along y is not; [[y / x, log x + 1], [log x + 1, 0]]
    f = lambda v: v[0] * np.log(v[0]) * v[1]  # noqa: E731
    v = np.array([1e200, 2.0])
    cross = _mp_value(lambda mp: mp.log(mp.mpf(1e200)) + 1)
    want = np.array([[2e-200, cross], [cross, 0.0]])
    for name, h in (("jacfwd(jacfwd)", wg.jacfwd(wg.jacfwd(f))), ("jacrev(jacrev)", wg.jacrev(wg.jacrev(f))),
                    ("jacrev(jacfwd)", wg.jacrev(wg.jacfwd(f))), ("jacfwd(jacrev)", wg.jacfwd(wg.jacrev(f)))):
        np.testing.assert_allclose(h(v), want, rtol=1e-14, atol=0, err_msg=name)


def test_ordinary_points_unchanged():
    # no second run where |x| is within 2**64 of its seed: the same bits as a single pass
    f = lambda x: np.sum(np.sin(x) * np.log(x))  # noqa: E731
    a = np.array([0.3, 7.0, 1e15])
    h = wg.jacfwd(wg.jacfwd(f))(a)
    s, c, lg = np.sin(a), np.cos(a), np.log(a)
    np.testing.assert_allclose(np.diag(h), -s * lg + 2 * c / a - s / a ** 2, rtol=1e-13)


def test_a_smaller_seeds_run_that_lost_a_term_is_not_taken():
    # sum(cbrt(x)**2 1e-270 + 0.5e300 (1e-150 x)**2) at 1e-200: the run as given overflows in
    # the first term, the seed 2**-664 loses the second (1) to underflow: -1.03e-4 was taken for
    # 0.9999 (mpmath); a larger seed's run keeps it and disagrees, so the overflow stays seen.
    # sqrt(x) x at 1e-300: the smaller seed's run loses the first derivative (0 for 1.5e-150)
    # Under an open tape (vjp) a smaller seed's run that underflowed is not taken: there every
    # finite seed lost the second term, and -1.03e-4 was the value
    f = lambda a: np.sum(np.cbrt(a) ** 2 * 1e-270 + 0.5e300 * (1e-150 * a) ** 2)  # noqa: E731
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        h = wg.jacfwd(wg.jacfwd(f))(np.array([1e-200]))[0, 0]
        h_open = wg.vjp(lambda a: np.sum(wg.jacfwd(wg.jacfwd(f))(a)), np.array([1e-200]))[0]
        d1, d2 = wg.jvp(lambda t: wg.jvp(lambda v: np.sqrt(v) * v, (t,), (1.0,))[1], (1e-300,), (1.0,))
    assert not np.isfinite(h), h
    assert not np.isfinite(h_open), h_open
    assert d1 == 1.5e-150 and not np.isfinite(d2), (d1, d2)
