"""``scipy.stats``' ``wrapcauchy``: its tails, log tails, quantiles, median, interval, mean, variance, std and entropy
(its log density and density: tests/test_ops_scipy.py).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's; the tails, their Hessians in (x, c), the quantiles and their
Hessians in (q, c), the variance and the entropy against mpmath's quadratures of the density (20 to 30 digits), near both
ends of the support and of c; the refusals.
"""
import numpy as np
import pytest

from stats_file import ST, distribution  # (first: it skips the file without SciPy)
from opcheck import case, gradient_test, refusals_test, stats_values_test
import wengert as wg

T, _f = distribution("wrapcauchy")

CASES = [
    *[case(_f(f), _f(f), np.array([0.3, 2.0, 5.5]), np.array([[0.2], [0.9]]), 0.1, 1.1, id=f"wrapcauchy.{f}")
      for f in ("cdf", "sf", "logcdf", "logsf")],
    *[case(_f(f), _f(f), np.array([0.1, 0.5, 0.8]), np.array([[0.2], [0.9]]), 0.1, 1.1, id=f"wrapcauchy.{f}")
      for f in ("ppf", "isf")],
    *[case(_f(f), _f(f), np.array([0.1, 0.6, 0.95]), 0.2, 1.3, id=f"wrapcauchy.{f}")
      for f in ("mean", "var", "std", "entropy", "median")],
    case(_f("interval"), lambda p, c: T.interval(p, c, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), 0.6,
         id="wrapcauchy.interval"),
]

test_gradient = gradient_test(CASES)

#: below, at and inside the ends 0 and 2 pi, about pi, beyond, +-inf
X = np.array([-np.inf, -1.0, 0.0, 1e-9, 1.0, 3.1, 3.2, 6.0, 2 * np.pi - 1e-6, 7.0, np.inf])
Q = np.array([0.0, 1e-12, 0.1, 0.5, 0.9, 1.0 - 1e-12, 1.0])
VALUE_CHECKS = [
    *[(f"wrapcauchy.{f}", (X, c)) for f in ("cdf", "sf", "logcdf", "logsf") for c in (0.05, 0.5, 0.97)],
    *[(f"wrapcauchy.{f}", (Q, c, 0.3, 1.2)) for f in ("ppf", "isf") for c in (0.05, 0.5, 0.97)],
    *[(f"wrapcauchy.{f}", (np.array([0.05, 0.5, 0.97]), 0.3, 1.2)) for f in ("mean", "var", "std", "entropy",
                                                                              "median")],
    ("wrapcauchy.interval", (0.8, np.array([0.05, 0.5, 0.97]), -0.1, 1.3)),
]

# (SciPy's sf past pi is 1 - cdf: 1e-10 relative off at 2 pi - 1e-6, its logcdf there log(cdf), 2e-10; its var, std
# and entropy quadratures, 1e-13)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    "wrapcauchy.sf": 1e-9, "wrapcauchy.logsf": 1e-9, "wrapcauchy.logcdf": 1e-9, "wrapcauchy.var": 1e-12, "wrapcauchy.std": 1e-12,
    "wrapcauchy.entropy": 1e-12, "wrapcauchy.ppf": 1e-14, "wrapcauchy.isf": 1e-14, "wrapcauchy.interval": 1e-14})


def _mp(mp):
    """mpmath's density, its derivatives in (z, c) and its integrals: the truths below (none from the atan2 form).
    With ``N = 1 - c^2``, ``D = 1 + c^2 - 2 c cos z``: ``2 pi pdf = N / D``, its d/dz ``-N D_z / D^2`` and d/dc ``A / D^2``,
    ``A = N_c D - N D_c``, d2/dc2 ``A_c / D^2 - 2 A D_c / D^3``, ``A_c = -2 D - 2 N`` (``N_c = -2c``, ``D_c = 2c - 2 cos z``,
    ``D_z = 2 c sin z``)."""
    def d(z, c, n):  # d^(n_z + n_c) pdf / dz^n_z dc^n_c for n in (0, 0), (1, 0), (0, 1), (0, 2)
        big_n, big_d, d_c = 1 - c * c, 1 + c * c - 2 * c * mp.cos(z), 2 * c - 2 * mp.cos(z)
        a = -2 * c * big_d - big_n * d_c
        return {(0, 0): big_n / big_d, (1, 0): -big_n * 2 * c * mp.sin(z) / big_d ** 2, (0, 1): a / big_d ** 2,
                (0, 2): (-2 * big_d - 2 * big_n) / big_d ** 2 - 2 * a * d_c / big_d ** 3}[n] / (2 * mp.pi)

    def pdf(z, c):
        return d(z, c, (0, 0))

    def lower(z, c, n=(0, 0)):  # the cdf and its derivatives in c (n_z = 0), or the density's (n_z > 0)
        if n[0]:
            return d(z, c, (n[0] - 1, n[1]))
        return mp.quad(lambda t: d(t, c, (0, n[1])), [0, min(z, mp.mpf(0.1)), z])

    def upper(z, c, n=(0, 0)):
        if n[0]:
            return -d(z, c, (n[0] - 1, n[1]))
        return mp.quad(lambda t: d(t, c, (0, n[1])), [z, max(z, 2 * mp.pi - mp.mpf(0.1)), 2 * mp.pi])
    return pdf, d, lower, upper


def _log_hessian(F, z, c):
    """The Hessian in (z, c) of log F from F's derivatives ``F(z, c, (n_z, n_c))``."""
    f = F(z, c)
    g = [F(z, c, (1, 0)), F(z, c, (0, 1))]
    h = [[F(z, c, (2, 0)), F(z, c, (1, 1))], [F(z, c, (1, 1)), F(z, c, (0, 2))]]
    return np.array([[float(h[i][j] / f - g[i] * g[j] / f ** 2) for j in range(2)] for i in range(2)])


POINTS = [(1e-7, 0.5), (1.0, 0.05), (3.0, 0.97), (3.3, 0.3), (6.0, 0.8), (2 * np.pi - 1e-7, 0.5)]


def test_tails_against_quadrature():
    mp = pytest.importorskip("mpmath")
    _, _, lower, upper = _mp(mp)
    with mp.workdps(30):  # (2 pi at 20 digits is 1e-20 off: 2e-13 of the sf at 2 pi - 1e-7)
        for z, c in POINTS:
            zm, cm = mp.mpf(z), mp.mpf(c)
            F, S = lower(zm, cm), upper(zm, cm)
            # (a log tail near 0 as log1p of the other tail: mpmath's log(1 - 5e-8) at 20 digits had 13)
            log_f, log_s = (mp.log(F), mp.log1p(-F)) if F < S else (mp.log1p(-S), mp.log(S))
            for name, truth in (("cdf", F), ("sf", S), ("logcdf", log_f), ("logsf", log_s)):
                assert float(_f(name)(z, c)) == pytest.approx(float(truth), rel=2e-15, abs=0), (name, z, c)


def test_tail_hessians_against_quadrature():
    mp = pytest.importorskip("mpmath")
    _, _, lower, upper = _mp(mp)
    with mp.workdps(20):
        for z, c in POINTS[2:-1]:
            zm, cm = mp.mpf(z), mp.mpf(c)
            for name, F in (("cdf", lower), ("logsf", upper)):
                if name == "cdf":
                    truth = np.array([[float(F(zm, cm, (2 - i - j, i + j))) for j in range(2)] for i in range(2)])
                else:
                    truth = _log_hessian(F, zm, cm)

                def f(v, name=name):
                    return _f(name)(v[0], v[1])
                v = np.array([z, c])
                for path in (wg.hessian(f), wg.jacfwd(wg.grad(f))):
                    np.testing.assert_allclose(path(v), truth, rtol=1e-12, atol=1e-13 * np.max(np.abs(truth)))


def _quantile_truth(mp, lower, q, c, x):
    """The ppf at q (mpmath, one Newton step from wengert's ``x``: its error squared) and its Hessian in (q, c) by the
    implicit function F(x(q, c), c) = q: x_q = 1/p, x_c = -F_c/p, and their derivatives."""
    q, c, x = mp.mpf(q), mp.mpf(c), mp.mpf(x)
    p = lower(x, c, (1, 0))
    x = x + (q - lower(x, c)) / p
    p, pz, pc = lower(x, c, (1, 0)), lower(x, c, (2, 0)), lower(x, c, (1, 1))
    fc, fcc = lower(x, c, (0, 1)), lower(x, c, (0, 2))
    xq, xc = 1 / p, -fc / p
    xqq = -pz * xq ** 2 / p
    xqc = -(pz * xc + pc) * xq / p
    xcc = -(fcc + 2 * pc * xc + pz * xc ** 2) / p
    return x, np.array([[float(xqq), float(xqc)], [float(xqc), float(xcc)]])


def test_quantiles_against_quadrature():
    mp = pytest.importorskip("mpmath")
    _, _, lower, _ = _mp(mp)
    with mp.workdps(20):
        for q, c in ((1e-10, 0.5), (0.5, 0.97), (0.7, 0.05), (1.0 - 1e-10, 0.8)):
            for name, at in (("ppf", q), ("isf", 1.0 - q)):
                # (the truth at the float given: 1 - (1 - 1e-10) is not 1e-10)
                x, hessian = _quantile_truth(mp, lower, at if name == "ppf" else 1 - mp.mpf(at), c, _f(name)(at, c))
                assert float(_f(name)(at, c)) == pytest.approx(float(x), rel=2e-15, abs=0), (name, q, c)
                if name == "isf":
                    hessian = hessian * np.array([[1.0, -1.0], [-1.0, 1.0]])  # (d/dq of the isf: -d/dq of the ppf)

                def f(v, name=name):
                    return _f(name)(v[0], v[1])
                v = np.array([at, c])
                for path in (wg.hessian(f), wg.jacfwd(wg.grad(f))):
                    np.testing.assert_allclose(path(v), hessian, rtol=1e-10, atol=1e-12 * np.max(np.abs(hessian)))


def test_moments_and_entropy_against_quadrature():
    # (the variance and entropy, their first and second derivatives in c, as integrals of the density's derivatives
    # in c over [0, pi], twice: both integrands even about pi)
    mp = pytest.importorskip("mpmath")
    pdf, d, _, _ = _mp(mp)
    with mp.workdps(20):
        for c in (1e-3, 0.97):
            cm = mp.mpf(c)

            def integral(f):
                return 2 * mp.quad(lambda t: f(t, pdf(t, cm), d(t, cm, (0, 1)), d(t, cm, (0, 2))),
                                   [0, mp.mpf(0.05), mp.pi])
            var = [integral(lambda t, p, p1, p2, k=k: (t - mp.pi) ** 2 * (p, p1, p2)[k]) for k in range(3)]
            entropy = [integral(lambda t, p, p1, p2: -p * mp.log(p)), integral(lambda t, p, p1, p2: -p1 * mp.log(p)),
                       integral(lambda t, p, p1, p2: -p2 * (mp.log(p) + 1) - p1 * p1 / p)]
            for name, truth in (("var", var), ("entropy", entropy)):
                assert float(_f(name)(c)) == pytest.approx(float(truth[0]), rel=1e-14), (name, c)
                assert float(wg.grad(_f(name))(c)) == pytest.approx(float(truth[1]), rel=1e-13), (name, c)
                assert float(wg.grad(wg.grad(_f(name)))(c)) == pytest.approx(float(truth[2]), rel=1e-12), (name, c)
    assert float(T.mean(0.3, 1.0, 2.0)) == 1.0 + 2.0 * np.pi


def test_outside_and_the_ends():
    # constants outside [0, 2 pi] with gradient 0; at the ends the tails' limits (the sf at the float 2 pi: the
    # mass beyond it, below the true 2 pi, 1.5e-16 at c = 0.5)
    assert [float(T.cdf(x, 0.5)) for x in (-1.0, 0.0, 7.0)] == [0.0, 0.0, 1.0]
    assert [float(T.logsf(x, 0.5)) for x in (-1.0, 0.0, 7.0)] == [0.0, 0.0, -np.inf]
    assert float(T.sf(2 * np.pi, 0.5)) == pytest.approx(3 * 2.4492935982947064e-16 / (2 * np.pi), rel=1e-10)
    assert [float(T.ppf(q, 0.5)) for q in (0.0, 1.0)] == [0.0, 2 * np.pi]
    for f in ("cdf", "sf", "logcdf", "logsf"):
        g = wg.grad(lambda v, f=f: _f(f)(v[0], v[1], v[2], v[3]))(np.array([7.0, 0.5, 0.0, 1.0]))
        assert g.tolist() == [0.0, 0.0, 0.0, 0.0], f


REFUSALS = [
    (lambda: T.cdf(0.5, 1.0), "wrapcauchy: c must be between 0 and 1"),
    (lambda: T.ppf(0.5, 0.0), "wrapcauchy: c must be between 0 and 1"),
    (lambda: T.var(1.5), "wrapcauchy: c must be between 0 and 1"),
    (lambda: T.ppf(1.5, 0.5), "wrapcauchy.ppf"),
    (lambda: T.sf(0.5, 0.5, 0.0, -1.0), "wrapcauchy.sf: scale must be positive"),
]

test_refusals = refusals_test(REFUSALS)
