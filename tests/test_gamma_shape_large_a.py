"""``scipy.special.gammainc`` / ``gammaincc`` differentiated in their shape ``a`` at large ``a``
(Temme's uniform expansion near ``x = a``, ``src/wengert/ops/scipy_special.py``): against
mpmath, first and second order, reverse and forward, where the series and the continued
fraction took seconds (a = 1e8: 4 to 13 s for one gradient) or refused (a > 1e9, ValueError).

The truths are mpmath's at 60 digits, the integrals over the smaller tail of the density's
derivatives in ``a`` (``tools/sweep_gamma_shape.py``'s ``reference_by_quadrature``: mpmath's own
``gammainc`` does not converge there).
"""
import numpy as np
import pytest
import scipy.special as sc

import wengert as wg
import wengert.scipy.special as wsp
from wengert.ops import scipy_special


def _paths(fn, a, x):
    f = lambda s: fn(s, x)  # noqa: E731
    d = wg.grad(f)
    return ({"rev": d(a), "fwd": wg.jvp(f, (a,), (1.0,))[1]},
            {"rev(rev)": wg.grad(d)(a), "fwd(rev)": wg.jvp(d, (a,), (1.0,))[1]})


# (a, x, dP/da, d^2P/da^2, relative tolerance): in the tails the rounding of the exponent
# a eta^2 / 2 (20 at x = a - 20 sqrt(a)) times eps bounds what a double computation keeps
@pytest.mark.parametrize("a, x, d1, d2, rel", [
    # before: d^2P/da^2 1.0515677906098319e-09, 2.7e-10 off (it crosses 0 near x = a, where the
    # series' terms cancel)
    (1e3, 1e3, -0.012616713994069625, 1.051567790325393e-09, 4e-15),
    (1e8, 1e8, -3.989422807338846e-05, 3.32451901165657e-22, 4e-15),  # before: 4 s, exact
    (1e12, 1e12, -3.9894228040146594e-07, 3.3245190033461036e-32, 4e-15),  # before: ValueError
    (1e12, 1e12 + 3e6, -4.431881650844676e-09, -1.3295625009107596e-14, 4e-15),
    (1e12, 1e12 - 2e7, -5.506300288728882e-94, 1.1012710704932825e-98, 1e-13),
    (1e15, 1e15 + 1e8, -8.500369010957693e-11, -8.500368585939272e-18, 4e-15),
    (1e20, 1e20 - 3e10, -4.4318416012996105e-13, 1.3295527074996062e-22, 4e-15),
    (2e3, 1500.0, -1.9105288015582786e-35, 5.4964779572528186e-36, 4e-14),
    (1e9, 1e9 + 3e5, -3.64335101800245e-25, -1.0928413874787779e-28, 4e-14),
])
def test_gammainc_in_a_at_large_a(a, x, d1, d2, rel):
    for fn, sign in ((wsp.gammainc, 1.0), (wsp.gammaincc, -1.0)):
        first, second = _paths(fn, a, x)
        for path, got in first.items():
            assert abs(got - sign * d1) <= rel * abs(d1), (fn.__name__, path, got)
        for path, got in second.items():
            assert abs(got - sign * d2) <= rel * abs(d2), (fn.__name__, path, got)


@pytest.mark.parametrize("a, x, d1, d2", [
    # mpmath, 50 and 70 digits; the series' d2/da2 was 8.0e-12 and 7.0e-12 relative off (a small difference of its terms)
    (100.0, 100.0, -0.03992749785778605, 3.3327497133148417e-07),
    (20.0, 20.0, -0.08957920553912253, 1.880542141062385e-05),
    # mpmath, 50 and 70 digits: d2/da2 at x = a, where it nears its zero in x, was 1.2e-12, 1.7e-12, 3.1e-13 off
    # (the series' terms cancel 1,400 times there; the expansion's odd series, 14 terms, lost 1.2e-13 at a = 14)
    (13.0, 13.0, -0.11135965202500138, 5.552766782587692e-05),
    (13.9, 13.9, -0.10764931836573924, 4.692237526221622e-05),
    (11.0, 11.0, -0.12120238146913011, 8.455109113337024e-05),
])
def test_gammainc_in_a_near_x_equal_a_below_1e3(a, x, d1, d2):
    replayed = wg.jit(wg.grad(wg.grad(lambda s: wsp.gammainc(s, x))))
    for fn, sign in ((wsp.gammainc, 1.0), (wsp.gammaincc, -1.0)):
        first, second = _paths(fn, a, x)
        for path, got in first.items():
            assert abs(got - sign * d1) <= 4e-15 * abs(d1), (fn.__name__, path, got)
        for path, got in second.items():
            assert abs(got - sign * d2) <= (8e-15 if a == 11.0 else 4e-15) * abs(d2), (fn.__name__, path, got)
    for got in (replayed(a), replayed(a)):  # (recorded, then replayed)
        assert abs(got - d2) <= 8e-15 * abs(d2), got


def test_gammaincinv_in_a_at_large_a():
    # dx/da = -P_a / P_x at SciPy's x = gammaincinv(1e12, 0.3) = 999999475599.2456: mpmath's
    # -P_a (the quadrature above) over its density (refused before: the sums did not converge)
    got = wg.grad(lambda a: wsp.gammaincinv(a, 0.3))(1e12)
    assert abs(got - 0.9999997377997436) <= 1e-15, got


def test_large_a_on_arrays_with_the_other_forms():
    # one array through the expansion (x near a), the series (x below 0.38 a) and the continued
    # fraction (x above 2.15 a), and small a: each element as alone
    a = np.array([1e12, 1e12, 1e3, 1e3, 50.0, 2e3])
    x = np.array([1e12 + 1e6, 1e12 - 1e6, 300.0, 2.3e3, 40.0, 1.9e3])
    together = scipy_special.gammainc_da(a, x)
    alone = [scipy_special.gammainc_da(ai, xi) for ai, xi in zip(a, x)]
    assert np.array_equal(together, alone)
    second = scipy_special.gammainc_daa(a, x)
    assert np.array_equal(second, [scipy_special.gammainc_daa(ai, xi) for ai, xi in zip(a, x)])
    assert np.all(np.isfinite(together)) and np.all(together < 0)


def test_large_a_through_the_distributions():
    # chi2.cdf in df is gammainc(df / 2, x / 2): d/d df = gammainc_da / 2 (a = 1e12: refused before)
    import wengert.scipy.stats as wst
    got = wg.grad(lambda df: wst.chi2.cdf(2e12 + 6e6, df))(2e12)
    assert abs(got - 0.5 * -4.431881650844676e-09) <= 4e-15 * 0.5 * 4.431881650844676e-09, got


def test_the_expansion_meets_the_series_and_the_fraction(monkeypatch):
    # at the expansion's edges (|eta| = 1: x / a = 0.3785 and 2.1462) and inside, it agrees with
    # the series and the fraction (which serve alone with _UNIFORM_A = inf) to the rounding of
    # their exponent a eta^2 / 2 (at most 500 here)
    a = np.array([1e3, 1e3, 1e3, 1e3, 3e3, 3e3, 1e3 - 0.5])
    x = np.array([378.5, 378.6, 2146.1, 2146.3, 3e3 - 10.0, 3e3 + 10.0, 1e3])
    near = [scipy_special._dp_da_plain(a, x, second=second) for second in (False, True)]
    monkeypatch.setattr(scipy_special, "_UNIFORM_A", np.inf)
    sums = [scipy_special._dp_da_plain(a, x, second=second) for second in (False, True)]
    for got, want in zip(near, sums):
        assert np.all(np.abs(got - want) <= 2e-13 * np.abs(want)), (got, want)


def _taylor_tables(mp, terms, dps=50):
    """f = eta / s, g = f log(1 + s), k = f log(1 + s)^2 in powers of eta (s - log(1 + s) =
    eta^2 / 2), and the odd complete moments' sums in powers of 1/a, by mpmath."""
    with mp.workdps(dps):
        def mul(p, q):
            out = [mp.mpf(0)] * terms
            for i, pi in enumerate(p):
                for j in range(terms - i):
                    out[i + j] += pi * q[j]
            return out
        w = [mp.mpf(1)] + [mp.mpf(0)] * (terms - 1)  # s = eta w
        for m in range(1, terms):
            total, power = mp.mpf(0), mul(w, w)
            for k in range(2, m + 3):  # sum_k (-1)^k eta^(k-2) w^k / k = 1/2
                if m - (k - 2) >= 0:
                    total += (-1) ** k * power[m - (k - 2)] / k
                power = mul(power, w)
            w[m] = -total
        f = [mp.mpf(1)] + [mp.mpf(0)] * (terms - 1)
        for m in range(1, terms):
            f[m] = -sum(w[j] * f[m - j] for j in range(1, m + 1))
        s = [mp.mpf(0)] + w[:terms - 1]
        log, power = [mp.mpf(0)] * terms, s
        for k in range(1, terms):
            log = [u + (-1) ** (k + 1) * p / k for u, p in zip(log, power)]
            power = mul(power, s)
        g = mul(f, log)
        return f, g, mul(g, log)


@pytest.mark.truth_tables
def test_the_tables_are_mpmaths():
    mp = pytest.importorskip("mpmath")  # (CI's first step has no mpmath)
    f, g, k = _taylor_tables(mp, len(scipy_special._UNIFORM_F))
    for name, table, truth in (("F", scipy_special._UNIFORM_F, f), ("G", scipy_special._UNIFORM_G, g),
                               ("K", scipy_special._UNIFORM_K, k)):
        assert len(table) == len(truth)
        for n, (got, want) in enumerate(zip(table, truth)):
            assert abs(got - float(want)) <= 2e-16 * abs(float(want)), (name, n, got, float(want))
    # the odd complete moments: sum over odd n of (n - 1)!! a^-((n-1)/2) (g_n + delta f_n), delta =
    # log a - digamma(a), at a = 1e3 against the table's series (and the second derivative's)
    with mp.workdps(40):
        a = mp.mpf(1000)
        delta, q = mp.log(a) - mp.digamma(a), (mp.log(a) - mp.digamma(a)) ** 2 - mp.polygamma(1, a)
        odd1 = odd2 = mp.mpf(0)
        for n in range(1, len(f), 2):
            weight = mp.fac2(n - 1) / a ** ((n - 1) // 2)
            odd1 += weight * (g[n] + delta * f[n])
            odd2 += weight * (k[n] + 2 * delta * g[n] + q * f[n])
    r = 1e-3
    for table, truth in ((scipy_special._UNIFORM_ODD, odd1), (scipy_special._UNIFORM_ODD2, odd2)):
        got = sum(c * r ** j for j, c in enumerate(table))
        assert abs(got - float(truth)) <= 1e-15 * abs(float(truth)), (got, float(truth))
