"""binom's and poisson's pmf and log pmf to the last digits at large counts (Loader's saddle-point form).

The plain ``log C(n, k) + k log p + (n - k) log(1 - p)`` (and poisson's ``k log mu - log k! - mu``,
SciPy's own) adds terms of size n that cancel to the small log pmf near the mode: binom.pmf was 4e-13
off at (150, 300, 1/2) and 2e-12 at (900, 3000, 0.3), poisson.pmf 2.7e-13 at (1000, 990) (SciPy's as
well). Here against mpmath at 40 digits: the values, and the first and second derivatives in p or mu
in both modes, near the mode, in the tails, at the ends of the counts and beside the switch of bd0's
series (|k - m| = 0.1 (k + m)). Far in a tail the pmf is the exp of a log pmf of size |L|, rounded
to a few units of |L|: its relative error is allowed 4e-16 |L| beside 2e-15 (1e-13 at L = -272).
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

from opcheck import mp_point_check  # noqa: E402
import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402

BINOM = [(150, 300, 0.5), (6, 300, 0.02), (900, 3000, 0.3), (300000, 10**6, 0.3), (3, 20, 0.3), (40, 50, 0.3),
         (0, 10, 0.3), (10, 10, 0.3), (1, 400, 0.5), (55, 100, 0.5), (54, 100, 0.6)]
POISSON = [(150, 150.0), (1000, 990.0), (20, 20.5), (0, 3.0), (3, 1e-5), (1, 40.0), (11, 10.0), (12, 10.0),
           (10**6, 10**6 + 3.5)]


def _mp_binom(mp, p, k, n):
    return mp.log(mp.binomial(n, k)) + k * mp.log(p) + (n - k) * mp.log(1 - p)


def _mp_poisson(mp, mu, k):
    return k * mp.log(mu) - mp.loggamma(k + 1) - mu


def _truth(log_pmf, *args):
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        log = log_pmf(mpmath, *(mpmath.mpf(a) for a in args))
        return float(log), float(mpmath.exp(log))


@pytest.mark.parametrize("k, n, p", BINOM)
def test_binom_values(k, n, p):
    log, pmf = _truth(_mp_binom, p, k, n)
    assert float(stats.binom.pmf(k, n, p)) == pytest.approx(pmf, rel=2e-15 + 4e-16 * abs(log), abs=0)
    assert float(stats.binom.logpmf(k, n, p)) == pytest.approx(log, rel=2e-15, abs=2e-16)


@pytest.mark.parametrize("k, mu", POISSON)
def test_poisson_values(k, mu):
    log, pmf = _truth(_mp_poisson, mu, k)
    assert float(stats.poisson.pmf(k, mu)) == pytest.approx(pmf, rel=2e-15 + 4e-16 * abs(log), abs=0)
    assert float(stats.poisson.logpmf(k, mu)) == pytest.approx(log, rel=2e-15, abs=2e-16)


@pytest.mark.parametrize("k, n, p", [(6, 300, 0.03), (900, 3000, 0.31), (3, 20, 0.3), (54, 100, 0.6), (1, 400, 0.4)])
def test_binom_derivatives(k, n, p):
    mp_point_check(lambda p: stats.binom.logpmf(k, n, p), (p,), 0, lambda mp, p: _mp_binom(mp, p, k, n), rel=1e-13)
    mp_point_check(lambda p: stats.binom.pmf(k, n, p), (p,), 0,
                   lambda mp, p: mp.exp(_mp_binom(mp, p, k, n)), rel=1e-12)


@pytest.mark.parametrize("k, mu", [(1000, 990.0), (11, 10.0), (12, 10.0), (3, 1e-5), (1, 40.0)])
def test_poisson_derivatives(k, mu):
    mp_point_check(lambda mu: stats.poisson.logpmf(k, mu), (mu,), 0, lambda mp, mu: _mp_poisson(mp, mu, k), rel=1e-13)
    mp_point_check(lambda mu: stats.poisson.pmf(k, mu), (mu,), 0,
                   lambda mp, mu: mp.exp(_mp_poisson(mp, mu, k)), rel=1e-12)


def test_arrays_mix_the_forms():
    """Counts at the ends, inside, beyond; p at its ends and inside: each entry as alone."""
    k = np.array([0.0, 3.0, 10.0, 11.0, 2.5])
    p = np.array([[0.0], [0.3], [1.0]])
    got = stats.binom.pmf(k, 10, p)
    want = np.array([[stats.binom.pmf(kk, 10, pp) for kk in k] for pp in p.ravel()])
    np.testing.assert_array_equal(got, want)
    assert got[0].tolist() == [1.0, 0.0, 0.0, 0.0, 0.0] and got[2].tolist() == [0.0, 0.0, 1.0, 0.0, 0.0]


@pytest.mark.parametrize("method, k, theta, second", [
    # at the mode the log pmf's first derivative is 0 (k / mu - 1, k / p - (n - k) / (1 - p)); the second
    # -k / mu^2 and -k / p^2 - (n - k) / (1 - p)^2; the pmf's second derivative pmf times it
    (lambda m: stats.poisson.logpmf(10, m), 10, 10.0, -0.1),
    (lambda m: stats.poisson.pmf(10, m), 10, 10.0, -0.1 * float(stats.poisson.pmf(10, 10.0))),
    (lambda p: stats.binom.logpmf(150, 300, p), 150, 0.5, -1200.0),
    (lambda p: stats.binom.pmf(150, 300, p), 150, 0.5, -1200.0 * float(stats.binom.pmf(150, 300, 0.5)))])
def test_exactly_at_the_mode_in_both_modes(method, k, theta, second):
    """Where bd0's series is at v = 0 (a comparison, not abs: abs's kink there refused the Hessian)."""
    import wengert as wg
    assert float(wg.grad(method)(theta)) == 0.0 and float(wg.jvp(method, (theta,), (1.0,))[1]) == 0.0
    for got in (wg.hessian(method)(theta), wg.grad(wg.grad(method))(theta),
                wg.jvp(wg.grad(method), (theta,), (1.0,))[1], wg.jacfwd(wg.jacfwd(method))(theta)):
        assert float(got) == pytest.approx(second, rel=1e-14)


@pytest.mark.parametrize("method, args, want", [
    # the power form near p = 0 and 1 (within 1e-2): log C(n, k) was a difference of gammaln of size
    # 3.4e16 (their rounding 4: the pmf 84% off) and (1 - p)^(n - k) kept the rounding of 1 - p times n
    ("binom", (3, 1e15, 1e-15), 0.0613132401952404),
    ("binom", (1e15 - 3, 1e15, 1.0 - 1e-15), 0.06121524717289385),
    ("binom", (1, 1e12, 1e-12), 0.36787944117162624),
    ("binom", (0, 1e12, 1e-12), 0.3678794411712583),
    ("binom", (5, 1e9, 1e-8), 0.03783327442373792),
    ("nbinom", (1e15, 2, 1e-15), 3.6787944117144264e-16),
])
def test_large_counts_near_the_ends_of_p(method, args, want):
    """(the truths: SciPy's, which mpmath confirms to 1e-15 at each point)"""
    got = float(getattr(stats, method).pmf(*args))
    assert got == pytest.approx(want, rel=2e-13)


def test_large_counts_near_the_ends_of_p_against_mpmath_with_derivatives():
    import wengert as wg
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        k, n, p = 3, 10**15, mpmath.mpf("1e-15")
        pmf = lambda p: mpmath.binomial(n, k) * p ** k * (1 - p) ** (n - k)  # noqa: E731
        want = [float(pmf(p)), float(mpmath.diff(pmf, p)), float(mpmath.diff(pmf, p, 2))]
    f = lambda p: stats.binom.pmf(3.0, 1e15, p)  # noqa: E731
    got = [float(f(1e-15)), float(wg.grad(f)(1e-15)), float(wg.hessian(f)(1e-15)),
           float(wg.jvp(wg.grad(f), (1e-15,), (1.0,))[1])]
    assert got == pytest.approx(want + [want[2]], rel=1e-12)


def _mp_nbinom(mp, p, k, n):
    return mp.loggamma(n + k) - mp.loggamma(n) - mp.loggamma(k + 1) + n * mp.log(p) + k * mp.log(1 - p)


@pytest.mark.parametrize("k, n, p", [(2, 3000, 1e-4), (3, 10**6, 1e-7), (2998, 3000, 1.0 - 1e-4), (7, 10**8, 3e-8)])
def test_binom_power_form_log_choose(k, n, p):
    """Near the ends of p the pmf is ``C(n, k) p^k (1 - p)^(n - k)`` with log C(n, k) in Loader's form: through
    betaln it was 8.8e-14 off at (3000, 2), 3.4e-12 at (1e6, 3) (the pmf 1.4e-12 and 1.4e-10 off)."""
    mp_point_check(lambda p: stats.binom.pmf(k, n, p), (p,), 0,
                   lambda mp, p: mp.exp(_mp_binom(mp, p, k, mp.mpf(n))), rel=1e-14)


@pytest.mark.parametrize("k, n, p", [(10**6, 3.0, 1e-12), (3, 1e6, 1.0 - 1e-5), (10**5, 1e-7, 1e-9), (5, 2.5, 1e-3),
                                     (4, 0.3, 0.4), (40, 15.7, 0.3), (2, 1e10, 1.0 - 1e-10)])
@pytest.mark.parametrize("log", [True, False])
def test_nbinom_log_coefficient_in_both_branches(k, n, p, log):
    """nbinom's ``log(gamma(n + k) / (gamma(n) k!))`` in Loader's form in its log form and its power form near
    the ends of p: a difference of gammaln was 1.2e-11 of the log pmf at (1e6, 3, 1e-12) (the pmf 4.5e-10 off),
    1.5e-10 at (3, 1e6, 1 - 1e-5) (its derivative in n 1.2e-10), 1.5e-5 at (2, 1e10, 1 - 1e-10) (its derivative in
    n 1.8e-5); in p and in n, to second order."""
    method = stats.nbinom.logpmf if log else stats.nbinom.pmf
    truth = (lambda mp, p, n: _mp_nbinom(mp, p, k, n)) if log else (lambda mp, p, n: mp.exp(_mp_nbinom(mp, p, k, n)))
    rel = 6e-15 if log else 1.6e-14  # (the pmf: exp of a log pmf of terms near 20 that cancel, their rounding;
    # at (2, 1e10, 1 - 1e-10) terms of 46 cancel to -1.69: an ulp of them is 4.2e-15 of it)
    mp_point_check(lambda p, n: method(k, n, p), (p, n), 0, truth, rel=rel)
    mp_point_check(lambda p, n: method(k, n, p), (p, n), 1, truth, rel=rel)


def test_nbinom_tiny_n_keeps_its_infinite_second_derivative():
    """Below n = 1 the log n terms are gathered: the second derivative in n, -1 / n^2 - ..., is -inf (its
    rounding) at n = 1e-300, not inf - inf = NaN, the first 1 / n."""
    import wengert as wg
    f = lambda n: stats.nbinom.logpmf(5, n, 0.5)  # noqa: E731
    assert float(f(1e-300)) == pytest.approx(np.log(1e-300 / 5) + 5 * np.log(0.5), rel=1e-15)
    assert float(wg.grad(f)(1e-300)) == pytest.approx(1e300, rel=1e-15)
    with np.errstate(over="ignore"):
        assert float(wg.grad(wg.grad(f))(1e-300)) == -np.inf
        assert float(wg.jvp(wg.grad(f), (1e-300,), (1.0,))[1]) == -np.inf


@pytest.mark.parametrize("k, n, p", [(3, 1e-300, 0.5), (5, 1e-20, 0.5), (3, 1e-8, 0.3), (10**5, 1e-7, 1e-9),
                                     (2, 0.5, 1e-3), (2, 1e-10, 1.0 - 1e-3), (1, 0.999, 0.7), (0, 1e-3, 0.5)])
@pytest.mark.parametrize("i", [0, 1])
def test_nbinom_pmf_keeps_the_factor_n_below_1(k, n, p, i):
    """Below n = 1 the pmf is ``n exp(...)``, its factor n kept out of the exp: exp(log n + ...)'s second
    derivative in n, pmf (L'' + L'^2), was -1 / n^2 + 1 / n^2 + 2 c / n rounded apart, silently (at (3, 1e-20,
    0.5): -0.0073 by reverse over reverse, 0.034 by forward over reverse, for 0.067; at n = 1e-300 -4.6e282;
    at (1e5, 1e-7, 1e-9) 2e-11 off); in n and p, both modes, to second order, against mpmath at 700 digits:
    pmf, pmf L', pmf (L'' + L'^2) with L' and L'' by polygamma (mpmath's own differences at 60 digits lose n =
    1e-300 beside k in loggamma(n + k): they gave 2.9e149 for the second derivative)."""
    import wengert as wg
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(700):
        kk, nn, pp = mpmath.mpf(k), mpmath.mpf(n), mpmath.mpf(p)
        pmf = mpmath.exp(mpmath.loggamma(nn + kk) - mpmath.loggamma(nn) - mpmath.loggamma(kk + 1) + nn * mpmath.log(pp)
                         + kk * mpmath.log1p(-pp))
        if i == 1:
            first = mpmath.digamma(nn + kk) - mpmath.digamma(nn) + mpmath.log(pp)
            second = mpmath.polygamma(1, nn + kk) - mpmath.polygamma(1, nn)
        else:
            first, second = nn / pp - kk / (1 - pp), -nn / pp ** 2 - kk / (1 - pp) ** 2
        want = [float(pmf), float(pmf * first), float(pmf * (second + first ** 2))]
    args = [p, n]

    def f(t):
        a = list(args)
        a[i] = t
        return stats.nbinom.pmf(k, a[1], a[0])
    x = args[i]
    got = [float(f(x)), float(wg.grad(f)(x)), float(wg.grad(wg.grad(f))(x)), float(wg.jvp(wg.grad(f), (x,), (1.0,))[1]),
           float(wg.hessian(f)(x)), float(wg.jacfwd(wg.jacfwd(f))(x))]
    assert got == pytest.approx(want + [want[2]] * 3, rel=2e-14, abs=0)


def test_nbinom_pmf_factor_n_in_arrays():
    """An array of n across 1 and k with 0 gives each entry as alone."""
    import wengert as wg
    n = np.array([1e-300, 0.5, 1.0, 2.5, 1e6])
    k = np.array([[0.0], [3.0], [7.0]])
    got = stats.nbinom.pmf(k, n, 0.3)
    g = wg.grad(lambda n: np.sum(stats.nbinom.pmf(k, n, 0.3)))(n)
    want = np.array([[stats.nbinom.pmf(kk, nn, 0.3) for nn in n] for kk in k.ravel()])
    want_g = [sum(float(wg.grad(lambda t: stats.nbinom.pmf(kk, t, 0.3))(nn)) for kk in k.ravel()) for nn in n]
    np.testing.assert_allclose(got, want, rtol=1e-15, atol=0)
    np.testing.assert_allclose(g, want_g, rtol=1e-14, atol=0)


@pytest.mark.parametrize("p", [1e-12, 0.5])
def test_nbinom_pmf_derivative_in_n_where_it_underflows(p):
    """nbinom.pmf(100, 1e6, 1e-12) underflows to 0 (its log coefficient, 1018, overflows exp): its derivative
    in n was NaN (the power form's 0 * inf, masked), truth 0; in both modes, to second order."""
    import wengert as wg
    f = lambda n: stats.nbinom.pmf(100, n, p)  # noqa: E731
    assert float(f(1e6)) == 0.0
    with np.errstate(all="ignore"):
        got = [float(wg.grad(f)(1e6)), float(wg.jvp(f, (1e6,), (1.0,))[1]), float(wg.grad(wg.grad(f))(1e6)),
               float(wg.jvp(wg.grad(f), (1e6,), (1.0,))[1]), float(wg.hessian(f)(1e6))]
    assert got == [0.0] * 5


@pytest.mark.parametrize("k, n, p", [(50, 100, 1e-7), (3, 5, 1e-107)])
def test_binom_subnormal_pmf_derivatives_keep_sign_and_size(k, n, p):
    """A subnormal pmf (1e-321 at (50, 100, 1e-7)) keeps its few digits in its derivatives: bd0's pullback divided
    the cotangent (the pmf) by k / (n p) = 5e6 before multiplying by k / (n p)^2, and it underflowed: the
    derivative in p was -5e-320 by reverse mode, truth +5.04e-313. The subnormal value's own rounding (1 part in
    200) bounds the precision; both modes, second order."""
    import wengert as wg
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        pmf = lambda t: mpmath.binomial(n, k) * t ** k * (1 - t) ** (n - k)  # noqa: E731
        want = [float(mpmath.diff(pmf, mpmath.mpf(p), j, h=mpmath.mpf(p) * 1e-20)) for j in range(3)]
    assert 0.0 < want[0] < 2.3e-308
    f = lambda p: stats.binom.pmf(k, n, p)  # noqa: E731
    got = [float(f(p)), float(wg.grad(f)(p)), float(wg.jvp(f, (p,), (1.0,))[1]), float(wg.grad(wg.grad(f))(p)),
           float(wg.jvp(wg.grad(f), (p,), (1.0,))[1]), float(wg.hessian(f)(p))]
    assert got == pytest.approx([want[0]] + [want[1]] * 2 + [want[2]] * 3, rel=5e-3, abs=0)


@pytest.mark.parametrize("k, n, p", [(5, 1.0, 1 - 1e-15), (1000, 3.0, 1 - 1e-12), (3, 2.5, 0.3)])
def test_nbinom_logpmf_mixed_second_derivative_is_one_over_p(k, n, p):
    """d2/dn dp of nbinom's log pmf, psi(n + k) - psi(n) + log p differentiated in p, is 1 / p exactly.
    Before (84d75d0's Loader form near p = 1, reverted): 0.75 at (5, 1, 1 - 1e-15) by grad of grad, 0.875
    forward over reverse, 0.99988 at (1000, 3, 1 - 1e-12)."""
    f = lambda n, p: stats.nbinom.logpmf(k, n, p)  # noqa: E731
    assert float(wg.grad(wg.grad(f, 0), 1)(n, p)) == pytest.approx(1.0 / p, rel=1e-14, abs=0)
    assert float(wg.jacfwd(wg.grad(f, 0), 1)(n, p)) == pytest.approx(1.0 / p, rel=1e-14, abs=0)


@pytest.mark.parametrize("n, p", [(1e12, 1e-12), (1e10, 1e-3), (7.5, 0.4)])
def test_nbinom_logpmf_second_derivative_in_n_at_k_one(n, p):
    """d2/dn2 of nbinom's log pmf at k = 1 is psi'(n + 1) - psi'(n) = -1 / n^2 exactly. Before (the reverted
    Loader form): -1.00004e-24 at n = 1e12 for -1e-24, relative error about 1e-16 n / k."""
    f = lambda n: stats.nbinom.logpmf(1, n, p)  # noqa: E731
    for second in (wg.grad(wg.grad(f)), wg.jacfwd(wg.grad(f))):
        assert float(second(n)) == pytest.approx(-1.0 / n**2, rel=1e-13, abs=0)


def _value_and_four_derivatives(f, x):
    """``f(x)``, its derivative by grad and jvp and its second by grad of grad and jvp of grad, with no warning."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return [float(f(x)), float(wg.grad(f)(x)), float(wg.jvp(f, (x,), (1.0,))[1]), float(wg.grad(wg.grad(f))(x)),
                float(wg.jvp(wg.grad(f), (x,), (1.0,))[1])]


@pytest.mark.parametrize("k, mu", [(1e300, 1e250), (1e305, 1e295), (1.7e308, 1.3e308), (1e300, 1e299), (1e200, 1e60)])
def test_poisson_logpmf_far_above_mu_keeps_its_derivative(k, mu):
    """bd0 above m as -k log(mu / k): xlogy's pullback formed k / (mu / k), inf once k^2 / mu passed 1.8e308 (d/dmu
    logpmf(1e300, 1e250) inf with an overflow warning, the truth k / mu - 1 = 1e50); now -k / mu, the value's digits
    kept (k (log k - log mu) lost up to 2.5 there). Both modes, second order (-k / mu^2), no warning. (The value at
    k / mu = 1.3 is bd0's direct form k log(k / mu) + mu - k just beyond its series, which cancels by a factor 8.)"""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        k_, mu_ = mpmath.mpf(k), mpmath.mpf(mu)
        want = [float(_mp_poisson(mpmath, mu_, k_))] + [float(k_ / mu_ - 1)] * 2 + [float(-k_ / mu_ ** 2)] * 2
    got = _value_and_four_derivatives(lambda mu: stats.poisson.logpmf(k, mu), mu)
    assert got[0] == pytest.approx(want[0], rel=4e-15, abs=0)
    assert got[1:] == pytest.approx(want[1:], rel=4e-16, abs=0)


def test_binom_logpmf_at_counts_whose_product_overflows():
    """Loader's constant log(n / (2 pi k (n - k))) / 2 formed k (n - k), inf from 1.3e154: binom.logpmf(1e200, 2e200,
    1e-50) was -inf for -1.137e202. Both modes, second order, in p."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        k, n, p = mpmath.mpf(1e200), mpmath.mpf(2e200), mpmath.mpf(1e-50)
        want = [float(_mp_binom(mpmath, p, k, n))] + [float(k / p - (n - k) / (1 - p))] * 2 + [
            float(-k / p ** 2 - (n - k) / (1 - p) ** 2)] * 2
    got = _value_and_four_derivatives(lambda p: stats.binom.logpmf(1e200, 2e200, p), 1e-50)
    assert got == pytest.approx(want, rel=4e-16, abs=0)


def _all_modes(f, x):
    """``f(x)``, its derivative by grad and jvp, its second by grad of grad, jacfwd of grad, jacfwd of jacfwd and
    hessian, with no warning."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return [float(f(x)), float(wg.grad(f)(x)), float(wg.jvp(f, (x,), (1.0,))[1]), float(wg.grad(wg.grad(f))(x)),
                float(wg.jacfwd(wg.grad(f))(x)), float(wg.jacfwd(wg.jacfwd(f))(x)), float(wg.hessian(f)(x))]


#: (k, mu) at the top of the float range: bd0's series (|k - mu| < 0.1 (k + mu)) on both sides of the mode and at
#: it, just inside and outside the series' switch below and above the mode (mu / k = 0.9 / 1.1 and 1.1 / 0.9), and
#: on both sides of the switch of k log(k / mu) to k (log k - log mu) at mu = 1e-100 k (at the largest k where the
#: log pmf, -230 k there, is finite)
_TOP = [(9e307, 9.5e307), (1e308, 0.95e308), (1e308, 1e308), (1.7e308, 1.7e308), (1.7e308, 1.69e308),
        (1.69e308, 1.7e308)] + [(k, k * r * (1.0 + s)) for k, r in ((1.7e308, 0.9 / 1.1), (7e305, 1e-100))
                                for s in (-1e-9, 1e-9)] + [(1.7e308 * 0.9 / 1.1 * (1.0 + s), 1.7e308)
                                                           for s in (-1e-9, 1e-9)]


@pytest.mark.parametrize("k, mu", _TOP)
def test_poisson_logpmf_at_the_top_of_the_float_range(k, mu):
    """bd0's series formed 2 k v^3, inf from k = 9e307: poisson.logpmf(9e307, 9.5e307) +inf for -1.3395e305,
    (1e308, 0.95e308) -inf for -1.2933e305 and its derivative NaN for 0.0526, (1e308, 1e308) NaN for -355.517; and
    its direct form summed (k log(k / mu) + mu) - k, inf at (1.7e308, 1.39e308). The value, the derivative
    k / mu - 1 and the second -k / mu^2 (subnormal here: within a unit of 5e-324) in every mode."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(400):  # (k log mu - log k! - mu cancels 310 digits)
        k_, mu_ = mpmath.mpf(k), mpmath.mpf(mu)
        want = [float(_mp_poisson(mpmath, mu_, k_))] + [float(k_ / mu_ - 1)] * 2 + [float(-k_ / mu_ ** 2)] * 4
    got = _all_modes(lambda mu: stats.poisson.logpmf(k, mu), mu)
    assert got[0] == pytest.approx(want[0], rel=4e-15, abs=0)
    assert got[1:3] == pytest.approx(want[1:3], rel=4e-16, abs=2e-16)
    assert got[3:] == pytest.approx(want[3:], rel=4e-16, abs=5e-324)


def test_binom_logpmf_at_the_top_of_the_float_range():
    """binom.logpmf(1e308, 1.7e308, 1e308 / 1.7e308) was NaN (bd0's series, inf * 0). Its truth at the float p is
    -2.26e274, the term (k - n p)^2 / (2 n p) of n p's rounding, 1e292 (a change of p by an ulp moves it by 1e276):
    at the rounded n p, what Loader's form computes, it is -355.07. The derivative in p both ways (the second, about
    -n / (p (1 - p)), overflows)."""
    import warnings
    mpmath = pytest.importorskip("mpmath")
    k, n = 1e308, 1.7e308
    p = k / n
    with mpmath.workdps(400):
        k_, n_, p_ = mpmath.mpf(k), mpmath.mpf(n), mpmath.mpf(p)
        q_ = mpmath.mpf(n * p) / n_  # (the p whose n p is the rounded one exactly)
        want = [float(_mp_binom(mpmath, q_, k_, n_)), float(k_ / p_ - (n_ - k_) / (1 - p_))]
    f = lambda p: stats.binom.logpmf(k, n, p)  # noqa: E731
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = [float(f(p)), float(wg.grad(f)(p)), float(wg.jvp(f, (p,), (1.0,))[1])]
    assert got[0] == pytest.approx(want[0], rel=4e-15, abs=0)
    assert got[1:] == pytest.approx([want[1]] * 2, rel=0, abs=4e-16 * n)  # (k / p - (n - k) / (1 - p) cancels)


@pytest.mark.parametrize("k, mu", [(1e200, 3e200), (1e200, 0.85e200), (1e300, 3e300), (1e300, 0.85e300),
                                   (1e155, 1.05e155), (1e250, 0.5e250), (1e200, 1.2e200), (1e200, 1.23e200)])
def test_poisson_logpmf_second_derivative_forward_over_forward_at_large_counts(k, mu):
    """Forward over forward differentiated bd0 through its forms: the second tangent of k / mu (2 k / mu^3) and the
    series' v'' ~ 1 / mu^2 underflowed from mu = 1e154: jacfwd(jacfwd) of poisson.logpmf(1e200, mu) at 3e200 was
    +1.111e-201 for -1.111e-201, at 0.85e200 -1.1696e-200 for -1.3841e-200 (grad of grad right)."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        k_, mu_ = mpmath.mpf(k), mpmath.mpf(mu)
        want = [float(k_ / mu_ - 1)] * 2 + [float(-k_ / mu_ ** 2)] * 4
    got = _all_modes(lambda mu: stats.poisson.logpmf(k, mu), mu)
    assert got[1:] == pytest.approx(want, rel=4e-16, abs=0)


@pytest.mark.parametrize("k, n, p", [(1e200, 3e200, 0.2), (1e200, 1.1e200, 0.95), (1e300, 1.2e300, 0.8),
                                     (1e200, 2e200, 0.5 * (1 + 1e-12))])
def test_binom_logpmf_second_derivatives_at_large_counts(k, n, p):
    """bd0's series and direct form in n p at large counts, in every mode: -k / p^2 - (n - k) / (1 - p)^2."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        k_, n_, p_ = mpmath.mpf(k), mpmath.mpf(n), mpmath.mpf(p)
        second = float(-k_ / p_ ** 2 - (n_ - k_) / (1 - p_) ** 2)
    got = _all_modes(lambda p: stats.binom.logpmf(k, n, p), p)
    assert got[3:] == pytest.approx([second] * 4, rel=1e-15, abs=0)


@pytest.mark.parametrize("k, n, p", [(1e200, 3e200, 0.2), (1e200, 1e199, 0.5), (1e160, 3e160, 0.2),
                                     (1e300, 2e300, 0.5), (1e10, 3e10, 0.2), (1, 1e10, 0.5), (7, 2.5, 0.3)])
def test_nbinom_logpmf_second_derivative_in_n_at_large_counts(k, n, p):
    """Loader's n log1p(k / n) + k log1p(n / k) in nbinom's log coefficient: forward over forward formed the squares
    of the tangents of k / n and n / k, 1 / k^2, which underflowed from k = 1e154: jacfwd(jacfwd) of
    nbinom.logpmf(1e200, n, 0.2) in n at 3e200 was -1.667e-201 for -8.333e-202 (grad of grad right). The derivative
    digamma(n + k) - digamma(n) + log p and the second trigamma(n + k) - trigamma(n) in every mode."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        k_, n_, p_ = mpmath.mpf(k), mpmath.mpf(n), mpmath.mpf(p)
        want = [float(mpmath.psi(0, n_ + k_) - mpmath.psi(0, n_) + mpmath.log(p_))] * 2 + [
            float(mpmath.psi(1, n_ + k_) - mpmath.psi(1, n_))] * 4
    got = _all_modes(lambda n: stats.nbinom.logpmf(k, n, p), n)
    assert got[1:3] == pytest.approx(want[:2], rel=2e-15, abs=0)
    assert got[3:] == pytest.approx(want[2:], rel=2e-15, abs=0)
