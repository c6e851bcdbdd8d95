"""``scipy.stats``' ``burr12`` moments and entropy: its mean, variance and std, ``d B(d - k / c, 1 + k / c)`` where
``c d > k``, and its entropy ``-log(c d) + 1 + 1/d + (1 - 1/c) (euler + digamma(d))`` (SciPy's is a numerical integral).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's where the moments exist, against mpmath where SciPy's
cancel (a large c or d: its variance 1.6e-6 relative off at c = d = 1e3), values and first and second derivatives in c
and d against mpmath on both sides of the series' switches; where the moments diverge (inf, NaN for the variance
where the mean is infinite: SciPy's NaN for both), float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test, mp_point_check, mp_reference, refusals_test, stats_values_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402

B = stats.burr12
MOMENTS = ("mean", "var", "std")
SUMMARIES = MOMENTS + ("entropy",)


def _f(method):
    return getattr(B, method)


CASES = [
    # both sides of the series' switches (|1 / c| <= d / 5 and 1/5), c d above 2
    *[case(_f(m), _f(m), np.array([1.5, 4.0, 6.0, 30.0]), np.array([[1.8], [12.0]]), 0.4, 1.4, id=f"burr12.{m}")
      for m in SUMMARIES],
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [(f"burr12.{m}", (np.array([1.5, 3.0, 10.0]), np.array([[1.5], [4.0], [30.0]]), 0.2, 2.0))
                for m in SUMMARIES]

#: (SciPy's entropy is a numerical integral: 1.3e-9 off at c = 0.5, d = 5)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"burr12.var": 1e-11, "burr12.std": 1e-11,
                                                                     "burr12.entropy": 1e-8})


def _mp_moments(mp):
    def moment(k, c, d):
        return d * mp.beta(d - k / c, 1 + k / c)

    def var(c, d):
        return moment(2, c, d) - moment(1, c, d) ** 2
    return {"mean": lambda c, d: moment(1, c, d), "var": var, "std": lambda c, d: mp.sqrt(var(c, d)),
            "entropy": lambda c, d: -mp.log(c * d) + 1 + 1 / d + (1 - 1 / c) * (mp.euler + mp.digamma(d))}


MP_POINTS = [(m, (c, d), i, 1e-11) for m in SUMMARIES
             for c, d in ((3.0, 2.0), (1.5, 2.0), (10.0, 0.3), (4.9, 1.0), (5.1, 1.0), (1e3, 1e3), (3.0, 1e8),
                          (0.6, 5.0)) for i in (0, 1)]


@pytest.mark.parametrize("method, args, i, rel", MP_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i, _ in MP_POINTS])
def test_against_mpmath(method, args, i, rel):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_moments(mp)[method](*a), rel)


def test_where_scipy_cancels():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        fs = _mp_moments(mp)
        var, mean = float(fs["var"](mp.mpf(1e3), mp.mpf(1e3))), float(fs["mean"](mp.mpf(1e3), mp.mpf(1e3)))
    assert float(ST.burr12.var(1e3, 1e3)) != pytest.approx(var, rel=1e-7)
    assert float(B.var(1e3, 1e3)) == pytest.approx(var, rel=1e-13)
    assert float(B.mean(1e3, 1e3)) == pytest.approx(mean, rel=1e-15)


def test_where_the_moments_diverge():
    # X >= 0: the mean is +inf for c d <= 1 with derivative 0; the variance inf where the mean is finite and the second
    # moment not (1 < c d <= 2), NaN where the mean is inf (SciPy's are NaN for both)
    with np.errstate(all="ignore"):
        assert np.isnan(float(ST.burr12.mean(2.0, 0.4))) and np.isnan(float(ST.burr12.var(2.0, 0.7)))
    assert float(B.mean(2.0, 0.4)) == np.inf and float(B.var(2.0, 0.7)) == np.inf and float(B.std(2.0, 0.7)) == np.inf
    assert np.isnan(float(B.var(2.0, 0.4))) and np.isnan(float(B.std(2.0, 0.4)))
    assert float(B.mean(2.0, 0.7)) == pytest.approx(float(ST.burr12.mean(2.0, 0.7)), rel=1e-14)
    for method, d in ((lambda d: B.mean(2.0, d), 0.45), (lambda d: B.var(2.0, d), 0.7)):
        assert float(wg.grad(method)(d)) == 0.0 and float(wg.jvp(method, (d,), (1.0,))[1]) == 0.0
    both = B.var(2.0, np.array([0.7, 3.0]), 0.1, 2.0)
    assert float(both[0]) == np.inf and float(both[1]) == pytest.approx(4.0 * float(ST.burr12.var(2.0, 3.0)), rel=2e-15, abs=0.0)
    assert np.all(np.isnan(wg.grad(lambda d: B.var(2.0, d).sum())(np.array([0.3, 0.4]))))
    # fisk is burr12 at d = 1
    for m in SUMMARIES:
        assert float(_f(m)(3.5, 1.0)) == pytest.approx(float(getattr(stats.fisk, m)(3.5)), rel=1e-14)


def test_float32_stays_float32():
    f32 = np.float32
    for m in SUMMARIES:
        assert np.asarray(_f(m)(f32(3.0), f32(2.0))).dtype == np.float32, m
        assert np.asarray(wg.grad(lambda d, m=m: _f(m)(3.0, d))(f32(2.0))).dtype == np.float32, m


test_refusals = refusals_test([
    *[(lambda m=m: _f(m)(0.0, 1.0), f"burr12.{m}: the shape parameters must be positive") for m in SUMMARIES],
    *[(lambda m=m: _f(m)(1.0, -1.0), f"burr12.{m}: the shape parameters must be positive") for m in SUMMARIES],
    (lambda: B.var(3.0, 2.0, 0.0, -1.0), "burr12.var: scale must be positive"),
])


@pytest.mark.parametrize("c, d", [(1e21, 1e-20), (1e15, 1e-14), (3e20, 1e-20)])
def test_moments_at_a_tiny_d_and_a_huge_c(c, d):
    # log(d B(d - 1 / c, 1 + 1 / c))'s series in 1 / c about a tiny d took polygamma of orders up to 22, which
    # overflowed: mean and var NaN (with every derivative) wherever 1 / c <= d / 5 and d < 1e-11
    mp = pytest.importorskip("mpmath")
    with mp.workdps(80):
        def truth(which, s, t):
            m = t * mp.beta(t - 1 / s, 1 + 1 / s)
            return m if which == "mean" else t * mp.beta(t - 2 / s, 1 + 2 / s) - m * m
        for which in ("mean", "var"):
            f = getattr(stats.burr12, which)
            in_d = lambda t: f(c, t)  # noqa: E731
            want = [float(mp.diff(lambda t: truth(which, mp.mpf(c), t), mp.mpf(d), n)) for n in range(3)]
            got = [in_d(d), wg.grad(in_d)(d), wg.grad(wg.grad(in_d))(d), wg.jacfwd(wg.jacfwd(in_d))(d)]
            assert [float(g) for g in got] == pytest.approx(want + [want[2]], rel=1e-13, abs=0)


@pytest.mark.parametrize("d", [0.5000001, 0.5000000013, 0.5000000001])
def test_mean_just_above_its_pole(d):
    # c d just above 1: log(1 + h / a) with h / a = -1 / (c d) near -1 lost the digits of 1 + h / a when h / a was
    # rounded first (539bcdf: mean(2, 0.5000001) 1.6e-10 off, 2.6e-9 at 0.5000000013, its derivatives the same)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        c = 2.0

        def truth(t):
            return t * mp.beta(t - 1 / mp.mpf(c), 1 + 1 / mp.mpf(c))
        want = [float(mp.diff(truth, mp.mpf(d), n)) for n in range(3)]
        f = lambda t: stats.burr12.mean(c, t)  # noqa: E731
        got = [f(d), wg.grad(f)(d), wg.grad(wg.grad(f))(d), wg.jacfwd(wg.grad(f))(d)]
        assert [float(g) for g in got] == pytest.approx(want + [want[2]], rel=2e-14, abs=0)


SPREAD_POINTS = [(m, (0.002, c_d), i) for m in ("var", "std") for c_d in (1250.0, 1500.0) for i in (0, 1)
                 if (m, c_d) != ("var", 1500.0)]


@pytest.mark.parametrize("method, args, i", SPREAD_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i in SPREAD_POINTS])
def test_spread_where_the_mean_underflows(method, args, i):
    # m^2 expm1(D) (m sqrt(expm1(D))) was 0 * inf = NaN where the mean underflows and expm1(D) overflows: var(0.002,
    # 1250) 3.9465067257e-270, std(0.002, 1500) 5.53e-207 (the mean 1e-330 and 1e-400); now exp(2 log m + log expm1(D))
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_moments(mp)[method](*a), 1e-11)


def test_underflowed_moments_are_0():
    # burr12.mean(1e-3, 1e4) is 1.2723e-1410 (mpmath), 0 in float64 with derivatives 0 (of size 1e-1404); the variance
    # (7.6e-2172) and std (2.7e-1086) were NaN there (0 * inf)
    for m in MOMENTS:
        f = _f(m)
        for i in (0, 1):
            def g(t, f=f, i=i):
                return f(*((t, 1e4) if i == 0 else (1e-3, t)))
            x = (1e-3, 1e4)[i]
            with np.errstate(all="ignore"):
                got = [g(x), wg.grad(g)(x), wg.grad(wg.grad(g))(x), wg.jvp(wg.grad(g), (x,), (1.0,))[1]]
            assert [float(v) for v in got] == [0.0] * 4, (m, i, got)


@pytest.mark.parametrize("to", [float, np.float64])
def test_moments_at_a_huge_step_underflow_to_0(to):
    # h = 1 / c = 1e100 beside d = 1e300: log(d B(d - h, 1 + h)) is -4.6e102 (mpmath), the moments and their
    # derivatives 0; the series of gammaln(d - h) - gammaln(d) took h**22: OverflowError on a Python float, NaN on
    # NumPy's (gengamma.mean(1e300, -1e-100) the same, exp(-6.9e102))
    mp = pytest.importorskip("mpmath")
    with mp.workdps(250):  # (d - 1 / c keeps its digits)
        h, d = 1 / mp.mpf(1e-100), mp.mpf(1e300)
        assert mp.log(d) + mp.loggamma(d - h) + mp.loggamma(1 + h) - mp.loggamma(d + 1) < -4e102
        assert mp.loggamma(d - h) - mp.loggamma(d) < -6e102  # (gengamma's at a = 1e300, 1 / c = -1e100)
    calls = [(getattr(B, m), to(1e-100), to(1e300)) for m in MOMENTS]
    calls += [(getattr(stats.gengamma, m), to(1e300), to(-1e-100)) for m in MOMENTS]
    for f, x, y in calls:
        for i in (0, 1):
            def g(t, f=f, i=i, x=x, y=y):
                return f(*((t, y) if i == 0 else (x, t)))
            at = (x, y)[i]
            with np.errstate(all="ignore"):
                got = [g(at), wg.grad(g)(at), wg.grad(wg.grad(g))(at), wg.jvp(wg.grad(g), (at,), (1.0,))[1]]
            assert [float(v) for v in got] == [0.0] * 4, (f, i, got)


def _mp_std(mp, name, x, y):
    """``m sqrt(expm1(D))`` by mpmath, ``log m`` and ``D`` (sums of gammaln's first and second differences, which cancel
    to ``h`` and ``h^2``) by their Taylor series in the step (``sum_k psi^(k - 1)(a) s^k / k!``; ``sum_k 2 psi^(2k -
    1)(a + s) s^(2k) / (2k)!``), exact here (``|s|`` below 1e-9 of the point: 4 terms are within 1e-30)."""
    def first(a, s):
        return sum(mp.polygamma(k - 1, a) * s ** k / mp.factorial(k) for k in range(1, 5))

    def second(a, s):
        return sum(2 * mp.polygamma(2 * k - 1, a + s) * s ** (2 * k) / mp.factorial(2 * k) for k in range(1, 5))
    if name == "burr12":  # (d B(d - h, 1 + h): log m = L(d, -h) + L(1, h), D = S2(d, -h) + S2(1, h))
        h = 1 / x
        log_m, spread = first(y, -h) + first(1, h), second(y, -h) + second(1, h)
    else:
        h = 1 / y
        log_m, spread = first(x, h), second(x, h)
    return mp.exp(log_m) * mp.sqrt(mp.expm1(spread))


# (the std's leading term m |h| sqrt(psi'(x) + ...) from |h| <= 1e-9 and |h| <= 1e-9 x, x = d - h (burr12), a + h
# (gengamma); both sides of the switch, below x = 1, and at 1 / c = 1e-300, where D underflowed: std 0)
# (in c at 1 / c = 1e-300 the derivatives are of size 1e-600: 0)
STD_POINTS = [("burr12", args, i) for args in ((1e300, 2.0), (1e9, 2.0), (0.99e9, 2.0), (1e30, 1e-15)) for i in (0, 1)
              if args[0] < 1e300 or i == 1]
STD_POINTS += [("gengamma", args, i) for args in ((2.0, 1e300), (2.0, -1e300), (1e-10, 1e20)) for i in (0, 1)
               if abs(args[1]) < 1e300 or i == 0]


@pytest.mark.parametrize("name, args, i", STD_POINTS, ids=[f"{n}-{a}-{i}" for n, a, i in STD_POINTS])
def test_std_at_a_tiny_step(name, args, i):
    # burr12.std(1e300, 2) was 0 for 1.5115e-300 (mpmath), gengamma.std(2, 1e300) 0 for 8.03e-301: D = h^2 S + ...
    # underflowed; now m |h| sqrt(S), within 1.4e-18 of m sqrt(expm1(D)) there
    want = mp_reference(lambda mp, *a: _mp_std(mp, name, *a), args, i)  # (mp_point_check's abs=1e-300 passed a 0)
    f = getattr(stats, name).std

    def fi(t):
        return f(*args[:i], t, *args[i + 1:])
    with np.errstate(all="ignore"):
        got = [fi(args[i]), wg.grad(fi)(args[i]), wg.grad(wg.grad(fi))(args[i]),
               wg.jvp(wg.grad(fi), (args[i],), (1.0,))[1], wg.hessian(fi)(args[i])]
    assert [float(v) for v in got] == pytest.approx(want + [want[2]] * 2, rel=1e-14, abs=0)


#: c d rounded to k in floats (1e-10 * 1e10 is 1.0, the truth 1 + 3.6e-17): the mean was inf (d - 1 / c was 0) for
#: 2.7448e16, the variance and std at (2e-10, 1e10) inf for 2.7448e16 and 1.6567e8; and both sides of the switch to
#: the exact d - k / c (below d / 16: c = 1, d = 16 / 15 for the mean, 32 / 15 for the variance)
POLE_POINTS = [(m, args, i) for m, args in (("mean", (1e-10, 1e10)), ("var", (2e-10, 1e10)), ("std", (2e-10, 1e10)),
                                            ("mean", (1.0, 1.066)), ("mean", (1.0, 1.068)), ("var", (1.0, 2.13)),
                                            ("var", (1.0, 2.14)), ("std", (1.0, 2.13)))
               for i in (0, 1)]


@pytest.mark.parametrize("method, args, i", POLE_POINTS, ids=[f"{m}-{a}-{i}" for m, a, i in POLE_POINTS])
def test_moments_where_c_d_rounds_to_their_pole(method, args, i):
    mp_point_check(_f(method), args, i, lambda mp, *a: _mp_moments(mp)[method](*a), 1e-12)
