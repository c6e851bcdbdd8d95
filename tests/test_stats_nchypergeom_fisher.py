"""``scipy.stats``' ``nchypergeom_fisher`` (Fisher's noncentral hypergeometric: hypergeom tilted by odds^k),
differentiable in odds; M, n and N counts.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's (Fog's BiasedUrn, to its tolerance of 1e-12); values
and first and second derivatives in odds (reverse over reverse, forward over reverse, hessian) against mpmath's sums
at 60 digits, at small, even and large odds, at the support's ends and middle, far out where SciPy's log tails are
-inf, and where the terms' derivatives ``k / odds`` are far larger than their sums' (odds 1e-3: the mean's second
derivative was 3e-7 off before the terms were taken about their largest); a support of one count (its std 0 with
derivative 0) and M = 0; the refusals (traced counts, invalid parameters, sums too long).
"""
import numpy as np
import pytest

import wengert as wg
from opcheck import COUNT_FUNCTIONS, case, count_refusals_check, gradient_test, mp_points_test, stats_values_test

stats = pytest.importorskip("wengert.scipy.stats", reason="SciPy is not installed: it is the optional extra of "
                            'wengert (pip install "wengert[scipy]")')
F = stats.nchypergeom_fisher
SUMMARIES = ("mean", "var", "std", "entropy")
COUNTS = np.array([0.0, 2.0, 5.0, 7.0])

CASES = [
    *[case(getattr(F, f), lambda o, f=f: getattr(F, f)(COUNTS, 20, 7, 12, o), np.array([[0.4], [2.5]]),
           id=f"nchypergeom_fisher.{f}-counts") for f in COUNT_FUNCTIONS if f != "logsf"],
    # (the log sf below the support's last count, 7: a constant -inf has no finite differences)
    case(F.logsf, lambda o: F.logsf(COUNTS[:-1], 20, 7, 12, o), np.array([0.4, 2.5, 30.0]),
         id="nchypergeom_fisher.logsf-counts"),
    *[case(getattr(F, m), lambda o, m=m: getattr(F, m)(np.array([20, 60]), 7, 12, o, 2), np.array([0.5, 3.0]),
           id=f"nchypergeom_fisher.{m}-loc") for m in SUMMARIES],
]
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"nchypergeom_fisher.{f}", (np.array([-1.0, 0.0, 2.0, 4.0, 6.5, 7.0, 9.0]), np.array([[20], [30]]), 7, 12,
                                   np.array([[[0.3]], [[1.0]], [[4.0]]]))) for f in COUNT_FUNCTIONS],
    *[(f"nchypergeom_fisher.{m}", (np.array([20, 60]), np.array([[7], [15]]), 12, np.array([[[0.3]], [[4.0]]])))
      for m in SUMMARIES + ("median",)],
    *[(f"nchypergeom_fisher.{m}", (np.array([0.0, 0.1, 0.5, 0.9, 1.0]), 20, 7, 12, 2.5)) for m in ("ppf", "isf")],
    ("nchypergeom_fisher.interval", (0.9, 20, 7, 12, 2.5)), ("nchypergeom_fisher.support", (20, 7, 12, 2.5, 3)),
]
# (SciPy's are BiasedUrn's, to a tolerance of 1e-12: its sf, 1 - cdf, 1.5e-10 relative off where the sf is 1e-6,
# 4e-13 off at sf(6, 20, 7, 12, 1.0), the truth 0.010216718266253873; its log cdf near 0 1.6e-11 off)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"nchypergeom_fisher.sf": 1e-9,
                                                                     "nchypergeom_fisher.logsf": 1e-9,
                                                                     "nchypergeom_fisher.logcdf": 1e-10})


def _mp_functions(mp):
    def terms(M, n, N, odds):
        lo, hi = int(max(0, N - (M - n))), int(min(n, N))
        return [(j, mp.binomial(n, j) * mp.binomial(M - n, N - j) * odds ** j) for j in range(lo, hi + 1)]

    def pmf(k, M, n, N, odds):
        t = terms(M, n, N, odds)
        return mp.fsum(v for j, v in t if j == k) / mp.fsum(v for _, v in t)

    def side(upper):
        def tail(k, M, n, N, odds):
            t = terms(M, n, N, odds)
            return mp.fsum(v for j, v in t if (j > k) == upper) / mp.fsum(v for _, v in t)
        return tail

    def moment(which):
        def f(M, n, N, odds):
            t = terms(M, n, N, odds)
            total = mp.fsum(v for _, v in t)
            mean = mp.fsum(j * v for j, v in t) / total
            var = mp.fsum((j - mean) ** 2 * v for j, v in t) / total
            entropy = -mp.fsum(v / total * mp.log(v / total) for _, v in t)
            return {"mean": mean, "var": var, "std": mp.sqrt(var), "entropy": entropy}[which]
        return f
    cdf, sf = side(False), side(True)
    return {"pmf": pmf, "logpmf": lambda *a: mp.log(pmf(*a)), "cdf": cdf, "sf": sf,
            "logcdf": lambda *a: mp.log(cdf(*a)), "logsf": lambda *a: mp.log(sf(*a)),
            **{m: moment(m) for m in SUMMARIES}}


POINTS = [
    # the middle and the ends of the support (2 to 7), small, even and large odds
    *[(f, (4.0, 20.0, 7.0, 12.0, odds), 4, 1e-13) for f in COUNT_FUNCTIONS for odds in (0.3, 2.5)],
    *[(f, (6.0, 20.0, 7.0, 12.0, 300.0), 4, 1e-13) for f in ("logcdf", "logsf", "logpmf")],
    ("logpmf", (2.0, 20.0, 7.0, 12.0, 1e-3), 4, 1e-13), ("logsf", (2.0, 20.0, 7.0, 12.0, 1e-3), 4, 1e-13),
    # far out: SciPy's log tails are -inf there (log of an underflowing tail)
    ("logcdf", (0.0, 1000.0, 500.0, 500.0, 1e-3), 4, 1e-13), ("logsf", (400.0, 1000.0, 500.0, 500.0, 1e-3), 4, 1e-13),
    # the terms' derivatives k / odds far above their sums': 3e-7 off before the terms were centred
    *[(m, (60.0, 50.0, 40.0, 1e-3), 3, 1e-12) for m in ("mean", "var")],
    ("entropy", (60.0, 50.0, 40.0, 0.5), 3, 1e-12), ("std", (20.0, 7.0, 12.0, 2.5), 3, 1e-13),
]
test_against_mpmath = mp_points_test(F, _mp_functions, POINTS)


def test_where_scipy_is_off():
    """SciPy's log tails are log(cdf): -inf where the tail underflows (the truth -2307.12846577749..., mpmath at 60
    digits), and its sf is 1 - cdf."""
    import scipy.stats
    with np.errstate(divide="ignore"):
        assert scipy.stats.nchypergeom_fisher.logsf(400, 1000, 500, 500, 1e-3) == -np.inf
    assert float(F.logsf(400, 1000, 500, 500, 1e-3)) == pytest.approx(-2307.128465777495, rel=1e-14)


def test_at_odds_1_it_is_hypergeom():
    """At odds 1 the tilt is none: every function is hypergeom's (exact in wengert: Loader's form, the smaller tail
    summed), where SciPy's sf(6, 20, 7, 12, 1.0) is 4e-13 off (0.010216718266249813 for 0.010216718266253873)."""
    k = np.arange(-1.0, 9.0)
    for f in COUNT_FUNCTIONS:
        with np.errstate(divide="ignore"):
            np.testing.assert_allclose(getattr(F, f)(k, 20, 7, 12, 1.0), getattr(stats.hypergeom, f)(k, 20, 7, 12),
                                       rtol=2e-15, atol=1e-300)
    for m in ("mean", "var", "std", "entropy"):
        assert float(getattr(F, m)(20, 7, 12, 1.0)) == pytest.approx(float(getattr(stats.hypergeom, m)(20, 7, 12)),
                                                                     rel=2e-15)
    assert float(F.sf(6, 20, 7, 12, 1.0)) == pytest.approx(0.010216718266253873, rel=1e-15)


def test_one_count_and_no_items():
    """A support of one count (n = M: every item good) and M = 0 (nothing to draw): the pmf 1 there, the cdf a step,
    the moments exact with derivative 0 in odds (the std's too: sqrt's infinite derivative at the variance's 0)."""
    for M, n, N, k in ((5, 5, 3, 3), (0, 0, 0, 0)):
        assert float(F.pmf(k, M, n, N, 2.0)) == 1.0 and float(F.logpmf(k, M, n, N, 2.0)) == 0.0
        assert list(F.cdf([k - 1, k], M, n, N, 2.0)) == [0.0, 1.0]
        assert float(F.mean(M, n, N, 2.0)) == k
        for m in ("var", "std", "entropy"):
            assert float(getattr(F, m)(M, n, N, 2.0)) == 0.0
            assert float(wg.grad(lambda o, m=m: getattr(F, m)(M, n, N, o))(2.0)) == 0.0
        assert float(wg.grad(wg.grad(lambda o: F.std(M, n, N, o)))(2.0)) == 0.0


def test_refusals():
    count_refusals_check(F, (20, 7, 12, 2.5))
    for i, argument in enumerate(("M", "n", "N")):
        for f in COUNT_FUNCTIONS + ("mean", "ppf"):
            first = (0.5,) if f == "ppf" else () if f == "mean" else (3.0,)
            shapes = [20.0, 7.0, 12.0, 2.5]

            def g(t, f=f, i=i, first=first, shapes=shapes):
                return getattr(F, f)(*first, *shapes[:i], t, *shapes[i + 1:])
            with pytest.raises(wg.NoGradientRule, match=f"nchypergeom_fisher.{f}.*{argument}"):
                wg.grad(g)(shapes[i])
    for bad, words in (((20, 21, 12, 2.5), "n and N must be at most M"), ((20, 7, 21, 2.5), "at most M"),
                       ((20, 7, 12, 0.0), "odds must be > 0"), ((20, 7, 12, np.inf), "odds must be finite"),
                       ((20.5, 7, 12, 2.5), "M must be a whole number")):
        for call in (lambda: F.pmf(3, *bad), lambda: F.logsf(3, *bad), lambda: F.mean(*bad),
                     lambda: F.ppf(0.5, *bad)):
            with pytest.raises(ValueError, match=f"nchypergeom_fisher: .*{words}.*SciPy gives NaN"):
                call()
    with pytest.raises(ValueError, match="more than 10000000; evaluate fewer points"):
        F.cdf(np.arange(30.0), 10 ** 6, 5 * 10 ** 5, 5 * 10 ** 5, 1.5)


@pytest.mark.parametrize("which, M, n, N, odds", [("mean", 60, 50, 40, 1e-6), ("var", 60, 50, 40, 1e-6),
                                                  ("mean", 200, 90, 100, 1e-30)])
def test_moments_second_order_at_tiny_odds(which, M, n, N, odds):
    """The moments' pmf as ``f_j odds^(j - c) / sum``, ``f_j`` the product of the hypergeom terms' consecutive ratios:
    through ``exp(t_j + (j - c) log(odds))`` d2/dodds2 of the term next to c was ``w (1 / odds^2 - 1 / odds^2)``, and the
    log terms' difference kept their rounding: mean(60, 50, 40, odds)'s at 1e-6 3.4e-11 relative off (var's 3.8e-11
    forward over forward), mean(200, 90, 100, odds)'s at 1e-30 0 in reverse and -1.4e17 forward over forward (the
    truth -137343), its value 3e-14 off. Value, first and second derivatives on three paths against mpmath's sums."""
    mp = pytest.importorskip("mpmath")
    f_mp = _mp_functions(mp)[which]
    with mp.workdps(50):
        truth = [float(mp.diff(lambda o: f_mp(M, n, N, o), mp.mpf(odds), k)) for k in range(3)]

    def f(o):
        return getattr(F, which)(M, n, N, o)
    assert float(f(odds)) == pytest.approx(truth[0], rel=1e-15, abs=0.0)
    assert float(wg.grad(f)(odds)) == pytest.approx(truth[1], rel=1e-15, abs=0.0)
    for second in (wg.grad(wg.grad(f)), wg.jacfwd(wg.jacfwd(f)), wg.jacfwd(wg.grad(f))):
        assert float(second(odds)) == pytest.approx(truth[2], rel=2e-14, abs=0.0)


def test_long_supports_summed_over_a_window_about_the_mode():
    """Beyond 2,000 counts the pmf's normaliser, the moments and the entropy sum a window about the mode whose dropped
    terms are bounded below 1e-17 / (1 + support)^3 of the largest (log-concave terms: geometric tails): the whole
    support took 2 s a call at counts of 5e5 (the window there 6,370 of 500,001 counts). Against mpmath's sums over the
    whole support: the mean (its derivatives var / odds and (k3 - var) / odds^2 on three paths), the variance, and the
    log pmf far outside the window."""
    mp = pytest.importorskip("mpmath")
    from wengert.scipy.stats._discrete import _hypergeom_ends, _nchypergeom_window
    M, n, N = (np.array(v) for v in (1e6, 5e5, 5e5))
    low, high = _nchypergeom_window(M, n, N, np.array(1.3), *_hypergeom_ends(M, n, N))
    assert 0 < high - low < 10000
    M, n, N, w = 6000, 2500, 3000, 1.3
    with mp.workdps(30):
        odds, t, terms = mp.mpf(w), mp.mpf(1), []
        for j in range(0, n + 1):
            terms.append(t)
            t = t * (n - j) * (N - j) * odds / ((j + 1) * (M - n - N + j + 1))
        total = mp.fsum(terms)
        mean = mp.fsum(j * x for j, x in enumerate(terms)) / total
        var = mp.fsum((j - mean) ** 2 * x for j, x in enumerate(terms)) / total
        k3 = mp.fsum((j - mean) ** 3 * x for j, x in enumerate(terms)) / total
        truths = [float(mean), float(var / odds), float((k3 - var) / odds ** 2)]
        far = float(mp.log(terms[1800] / total))

    def f(o):
        return F.mean(M, n, N, o)
    assert float(f(w)) == pytest.approx(truths[0], rel=1e-15, abs=0.0)
    assert float(wg.grad(f)(w)) == pytest.approx(truths[1], rel=1e-15, abs=0.0)
    for second in (wg.grad(wg.grad(f)), wg.jacfwd(wg.jacfwd(f)), wg.jacfwd(wg.grad(f))):
        assert float(second(w)) == pytest.approx(truths[2], rel=2e-14, abs=0.0)
    assert float(F.var(M, n, N, w)) == pytest.approx(float(var), rel=1e-15, abs=0.0)
    assert float(F.logpmf(1800, M, n, N, w)) == pytest.approx(far, rel=1e-14, abs=0.0)


def test_tails_compute_the_terms_once_for_every_point(monkeypatch):
    """The tails at many points sum one set of terms (at the parameters' shape): each point computed the whole
    support's hypergeom log terms again (cdf at 100 points of a 901-count support took 184 ms, now 3 ms). The values
    as the tails at each point alone."""
    from wengert.scipy.stats import _discrete as module  # (the discrete distributions' module: its code reads it)
    computed, exact = [], module._hypergeom_log_terms

    def counting(j, *args):
        computed.append(np.size(j))
        return exact(j, *args)
    k = np.arange(300.0, 500.0, 2.0)
    alone = [float(F.logsf(x, 2000, 900, 1000, 1.3)) for x in k[::25]]
    monkeypatch.setattr(module, "_hypergeom_log_terms", counting)
    together = F.logsf(k, 2000, 900, 1000, 1.3)
    assert sum(computed) <= 901
    np.testing.assert_array_equal(together[::25], alone)
