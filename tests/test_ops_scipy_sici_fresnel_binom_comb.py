"""``scipy.special``'s two-output ``sici`` and ``fresnel``, ``binom`` (refused at the poles of its
gamma functions), ``factorial`` and ``comb`` (``exact=False``; ``repetition=True`` at k = 0).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's and
the refusals at the points where a rule does not hold.
"""
import math

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.special as wsp  # noqa: E402
from opcheck import case, check_both_modes, crand, gradient_test, lazy_mp as mp, listing_test, rand  # noqa: E402

SPECIAL = ("sici", "fresnel", "binom", "factorial", "comb")

S = np.array([-2.5, -0.3, 0.0, 0.4, 3.0])
N = np.array([0.5, 2.0, 3.7, 7.0])
K = np.array([0.3, 1.0, 2.5, 3.0])

CASES = [
    # -- sici and fresnel: each output, both together; 0 (si, S, C only: ci is -inf there)
    *[case(f, lambda x, f=f: f(x)[0] * f(x)[1], x, id=f"{f.__name__}-{xid}")
      for f in (sc.sici, sc.fresnel) for xid, x in (("vector", S[S != 0]), ("float", 0.7), ("matrix", rand((2, 3), seed=44)))],
    case(sc.sici, lambda x: sc.sici(x)[0], S, id="sici-si-at-0"),
    case(sc.sici, lambda x: sc.sici(x)[1], S[S != 0], id="sici-ci"),
    case(sc.fresnel, lambda x: sc.fresnel(x)[0], S, id="fresnel-S-at-0"),
    case(sc.fresnel, lambda x: sc.fresnel(x)[1], S, id="fresnel-C-at-0"),
    case(sc.sici, lambda z: sc.sici(z)[1], crand((3,), seed=45) + 0.5, id="sici-complex"),
    case(sc.fresnel, lambda z: sc.fresnel(z)[0] + sc.fresnel(z)[1], crand((3,), seed=46), id="fresnel-complex"),
    # -- binom in n and k: inside 0 <= k <= n, integers, negative n (its polynomial in n), broadcasting
    case(sc.binom, sc.binom, N, K, id="binom"),
    case(sc.binom, sc.binom, np.array([-2.5, -0.5, 4.0]), np.array([[3.0], [1.25]]), id="binom-negative-n"),
    case(sc.binom, lambda n: sc.binom(n, 2.0), 6.0, id="binom-float"),
    # -- factorial: gamma(n + 1), 0 below 0 (right-hand derivative at 0); comb: binom inside, 0 outside
    case(wsp.factorial, wsp.factorial, np.array([0.5, 3.0, 2.2, -0.5, -2.0]), id="factorial"),
    case(wsp.factorial, wsp.factorial, 4.0, id="factorial-float"),
    case(wsp.comb, wsp.comb, N, K, id="comb"),
    case(wsp.comb, wsp.comb, np.array([2.0, 5.0, -1.0]), np.array([3.5, -0.5, 0.5]), id="comb-outside"),
    case(wsp.comb, lambda n, k: wsp.comb(n, k, repetition=True), N, K, id="comb-repetition"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(
    [f"special.{n}" for n in SPECIAL], [sc.sici, sc.fresnel, sc.binom, wsp.factorial, wsp.comb], CASES)


def test_sici_and_fresnel_derivatives_are_the_closed_forms():
    x = np.array([-2.0, 0.5, 3.0])
    np.testing.assert_allclose(wg.grad_bp(lambda x: np.sum(sc.sici(x)[0]), x), np.sin(x) / x, rtol=1e-14)
    np.testing.assert_allclose(wg.grad_bp(lambda x: np.sum(sc.sici(x)[1]), x), np.cos(x) / x, rtol=1e-14)
    # sin and cos of pi x^2 / 2 = 2 pi, pi / 8, 9 pi / 2 exactly (np.sin(np.pi * x * x / 2) rounds pi: -2.4e-16 at
    # x = -2; the rule reduces x^2 / 2 exactly)
    s, c = math.sin(math.pi / 8), math.cos(math.pi / 8)
    np.testing.assert_allclose(wg.grad_bp(lambda x: np.sum(sc.fresnel(x)[0]), x), [0.0, s, 1.0], rtol=1e-14)
    np.testing.assert_allclose(wg.grad_bp(lambda x: np.sum(sc.fresnel(x)[1]), x), [1.0, c, 0.0], rtol=1e-14)
    assert wg.grad_bp(lambda x: sc.sici(x)[0], 0.0) == 1.0  # sinc: 1 at 0


def test_ci_has_no_derivative_at_zero():
    # ci(0) = -inf and ci(|x|) ~ log|x| has no derivative there: NaN, without a warning
    g = wg.grad_bp(lambda x: np.sum(sc.sici(x)[1]), np.array([0.0, 1.0]))
    assert np.isnan(g[0]) and g[1] == pytest.approx(np.cos(1.0), rel=1e-15, abs=0.0)


@pytest.mark.parametrize("second", [wg.hessian, lambda f: wg.jacrev(wg.grad(f)), lambda f: wg.jacfwd(wg.grad(f))],
                         ids=["hessian", "jacrev(grad)", "jacfwd(grad)"])
def test_ci_has_no_second_derivative_at_zero(second):
    # Ci'' at its pole was 0 (np.where(x == 0, NaN, cos(x) / x) chose a constant there): NaN now, the mixed entries
    # 0 (a direction that leaves x[0] asks nothing of it), Ci''(1) = -(sin 1 + cos 1) (mpmath's, 50 digits)
    with mp.workdps(50):
        want = float(mp.diff(mp.ci, 1, 2))
    h = second(lambda x: np.sum(sc.sici(x)[1]))(np.array([0.0, 1.0]))
    assert np.isnan(h[0, 0]) and h[0, 1] == 0.0 and h[1, 0] == 0.0
    assert h[1, 1] == pytest.approx(want, rel=1e-15, abs=0.0)
    dd = wg.jvp(wg.grad(lambda z: np.real(sc.sici(z)[1])), (0j,), (1 + 0j,))[1]
    assert np.isnan(dd)  # (complex 0: a pole)
    assert np.isnan(wg.grad(wg.grad(wg.grad(lambda x: sc.sici(x)[1])))(0.0))



@pytest.mark.parametrize("n, k", [(2.0, 3.0), (-1.0, 0.5), (3.0, -1.0), (-2.0, 1.0)],
                         ids=["n-k+1=0", "n+1=0", "k+1=0", "n+1=-1"])
def test_binom_is_refused_at_the_poles_of_its_gamma_functions(n, k):
    # binom has a derivative there (1/Gamma is entire), but the digamma formula gives 0 * inf
    with pytest.raises(wg.NoGradientRule, match=r"scipy.special.binom\(n, k\): n \+ 1, k \+ 1 or n - k \+ 1"):
        wg.grad(lambda n, k: sc.binom(n, k), argnums=(0, 1))(n, k)


def test_binom_derivatives_are_the_closed_forms():
    # binom(n, 2) = n (n - 1) / 2: d/dn = n - 1/2; binom(5, k) at k = 2 against central differences
    assert wg.grad_bp(lambda n: sc.binom(n, 2.0), 6.0) == pytest.approx(5.5, rel=1e-14, abs=0)
    h = 1e-6
    assert wg.grad_bp(lambda k: sc.binom(5.0, k), 2.0) == pytest.approx(
        (sc.binom(5.0, 2.0 + h) - sc.binom(5.0, 2.0 - h)) / (2 * h), rel=1e-8)


@pytest.mark.parametrize("args", [(np.array([2.5, -1.0, 0.0, 3.0, np.nan]),), (3.0,), (np.array(2.5),)])
def test_factorial_values_are_scipys(args):
    np.testing.assert_array_equal(wg.eval_bp(wsp.factorial, *args), sc.factorial(*args))
    np.testing.assert_array_equal(wsp.factorial(*args), sc.factorial(*args))


@pytest.mark.parametrize("repetition", [False, True])
def test_comb_values_are_scipys(repetition):
    n = np.array([2.0, 3.7, 7.0, 0.5, 1.0, 2.0, 5.0])
    k = np.array([1.0, 2.5, 3.0, 0.3, 0.0, 3.5, -0.5])
    ours = wg.eval_bp(lambda n: wsp.comb(n, k, repetition=repetition), n)
    np.testing.assert_allclose(ours, sc.comb(n, k, repetition=repetition), rtol=1e-14, atol=0)


def test_factorial_and_comb_derivatives():
    # d/dn gamma(n + 1) = n! digamma(n + 1); 0 below 0; at 0 the right-hand one (digamma(1))
    g = wg.grad_bp(lambda n: np.sum(wsp.factorial(n)), np.array([3.0, -1.5, 0.0]))
    np.testing.assert_allclose(g, [6.0 * sc.digamma(4.0), 0.0, sc.digamma(1.0)], rtol=1e-14)
    assert wg.grad_bp(lambda n: wsp.comb(n, 2.0), 5.0) == pytest.approx(4.5, rel=1e-14, abs=0)
    assert wg.grad_bp(lambda n: wsp.comb(n, 7.0), 5.0) == 0.0  # outside: 0
    # at k = 0 and k = N (where the value jumps to 0 outside): binom's derivative, from inside
    for n, k in ((3.0, 0.0), (3.0, 3.0)):
        g = wg.grad(lambda n, k: wsp.comb(n, k), argnums=(0, 1))(n, k)
        expected = wg.grad(lambda n, k: sc.binom(n, k), argnums=(0, 1))(n, k)
        assert g == expected and np.all(np.isfinite(g))


def test_exact_and_other_extensions_are_refused_on_vars():
    with pytest.raises(TypeError, match=r"factorial\(\.\.\., exact=True\) computes Python integers"):
        wg.grad_bp(lambda n: wsp.factorial(n, exact=True), 3.0)
    with pytest.raises(TypeError, match=r"comb\(\.\.\., exact=True\)"):
        wg.grad_bp(lambda n: wsp.comb(n, 2, exact=True), 3.0)
    with pytest.raises(ValueError, match="extend='zero'"):
        wg.grad_bp(lambda n: wsp.factorial(n, extend="complex"), 3.0)
    with pytest.raises(TypeError, match="factorial: n is complex"):
        wg.grad_bp(lambda n: np.abs(wsp.factorial(n)), 1.0 + 1.0j)
    assert wsp.factorial(5, exact=True) == 120 and wsp.comb(5, 2, exact=True) == 10  # plain values: SciPy's


# -- comb(N, k, repetition=True) at k = 0 ---------------------------------------------------

@pytest.mark.skipif(sc.comb(0.5, 0.3, repetition=True) == 0,
                    reason="SciPy before 1.15: comb(N + k - 1, k), 0 below k = 0 (a jump)")
@pytest.mark.parametrize("N", [0.5, 2.0, 7.0])
def test_comb_with_repetition_at_k_zero_has_binoms_derivative(N):
    """Before: d/dk comb(2, k, repetition=True) at k = 0 was 0 (the constant 1 SciPy puts
    at k == 0 <= N); it is binom(N + k - 1, k)'s, psi(N) - psi(1) = 1.0. SciPy's value is
    binom's there except at its pole N + k - 1 == -1."""
    d = wg.grad(lambda k: wsp.comb(N, k, repetition=True))(0.0)
    np.testing.assert_allclose(d, sc.digamma(N) - sc.digamma(1.0), rtol=1e-12)
    check_both_modes(lambda N, k: wsp.comb(N, k, repetition=True), N, 0.0)


def test_comb_with_repetition_values_are_scipys():
    N = np.array([0.0, 1e-300, 0.3, 1.0, 2.0, 7.5, 1e10, np.inf, np.nan, -0.5, -1e-300])
    for k in (0.0, 0.5, 2.0):
        k = np.full_like(N, k)
        with np.errstate(all="ignore"):
            ours = wg.eval_bp(lambda N, k: wsp.comb(N, k, repetition=True), N, k)
            np.testing.assert_array_equal(ours, sc.comb(N, k, repetition=True))


def test_comb_with_repetition_at_its_jump_is_refused():
    if sc.comb(0.5, 0.3, repetition=True) == 0:
        pytest.skip("SciPy before 1.15")
    with pytest.raises(wg.NoGradientRule, match="pole"):  # 0 for k != 0, 1 at k = 0
        wg.grad(lambda k: wsp.comb(0.0, k, repetition=True))(0.0)


# -- the special functions (found right) ----------------------------------------------

@pytest.mark.parametrize("x", [np.array([-2.0, -0.3, 0.5, 3.0]), 0.0, -1.5, np.array([1 + 1j, -0.5 + 2j])],
                         ids=["real", "zero", "negative", "complex"])
def test_sici_and_fresnel(x):
    check_both_modes(lambda x: sc.sici(x)[0], x)
    check_both_modes(lambda x: sc.fresnel(x), x)
    if np.all(np.asarray(x) != 0):
        check_both_modes(lambda x: sc.sici(x), x)
    else:
        assert np.isnan(wg.grad(lambda x: sc.sici(x)[1])(x))  # ci = -inf at 0: no derivative


@pytest.mark.parametrize("n, k", [(5.0, 2.0), (2.5, 1.2), (-0.5, 2.0), (3.0, 0.0), (3.0, 3.0), (0.3, -0.7)])
def test_binom(n, k):
    check_both_modes(lambda n, k: sc.binom(n, k), n, k)


def test_factorial():
    n = np.array([0.2, 2.0, 4.5, -0.5])
    np.testing.assert_array_equal(wg.eval_bp(wsp.factorial, n), sc.factorial(n))
    check_both_modes(wsp.factorial, n)
