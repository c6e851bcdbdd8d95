"""``scipy.stats``' ``vonmises``: its mean and entropy, and vonmises_line's entropy (the same distribution on one period;
the log density and density: tests/test_ops_scipy.py and tests/test_stats_vonmises_line.py). No cdf: SciPy's is a
series below kappa = 50 and a normal approximation above.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the entropy against mpmath's quadrature of -pdf log pdf, and its closed form ``log(2 pi
I0) - kappa I1 / I0`` with its first and second derivatives in kappa (mpmath's Bessel functions, 40 digits) at 0, tiny,
middle and large kappa; SciPy's values; the refusals.
"""
import numpy as np
import pytest

from stats_file import ST, distribution  # (first: it skips the file without SciPy)
from opcheck import case, gradient_test, refusals_test, stats_values_test
import wengert as wg

T, _f = distribution("vonmises")
L = distribution("vonmises_line")[0]

CASES = [
    case(_f("mean"), _f("mean"), np.array([0.2, 3.0]), 0.2, 1.3, id="vonmises.mean"),
    case(_f("entropy"), _f("entropy"), np.array([0.3, 3.0, 25.0]), 0.2, 1.3, id="vonmises.entropy"),
]

test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    ("vonmises.mean", (np.array([0.0, 2.0, 50.0]), 0.3, 1.2)),
    ("vonmises.entropy", (np.array([0.0, 1e-3, 0.5, 2.0, 50.0, 300.0]), 0.3, 1.2)),
]

# (SciPy's entropy is log(2 pi i0e) + kappa - kappa i1e / i0e: the last two cancel, 1.1e-13 relative at kappa = 20,
# 3.6e-13 at 1e4; its mean a quadrature)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"vonmises.entropy": 1e-12,
                                                                     "vonmises.mean": 1e-14})


def test_entropy_is_the_quadrature():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(20):
        for kappa in (0.5, 30.0):
            k = mp.mpf(kappa)
            norm = 2 * mp.pi * mp.besseli(0, k)

            def logpdf(z):
                return k * mp.cos(z) - mp.log(norm)
            truth = -2 * mp.quad(lambda z: mp.exp(logpdf(z)) * logpdf(z), [0, mp.mpf(0.5), mp.pi])
            assert float(T.entropy(kappa)) == pytest.approx(float(truth), rel=1e-14)


def test_entropy_and_its_derivatives_against_mpmath():
    mp = pytest.importorskip("mpmath")

    def h(k):
        return mp.log(2 * mp.pi * mp.besseli(0, k)) - k * mp.besseli(1, k) / mp.besseli(0, k)
    functions = (T.entropy, wg.grad(T.entropy), wg.grad(wg.grad(T.entropy)), wg.jacfwd(wg.grad(T.entropy)))
    with mp.workdps(40):
        for kappa in (0.0, 1e-8, 0.5, 1.0, 5.0, 12.0, 19.9, 20.0, 100.0, 1e4, 1e8):
            truth = [float(mp.diff(h, mp.mpf(kappa), n)) for n in (0, 1, 2, 2)]
            for n, (f, want) in enumerate(zip(functions, truth)):
                got = float(f(kappa))
                if 1.0 < kappa < 20.0:  # (i0e - i1e cancels there: 40 eps relative; absolute)
                    assert abs(got - want) <= 3e-14, (kappa, n, got, want)
                else:
                    assert got == pytest.approx(want, rel=1e-13, abs=1e-300), (kappa, n, got, want)
            assert float(L.entropy(kappa)) == float(T.entropy(kappa))
    assert float(T.entropy(2.0, 0.0, 3.0)) == pytest.approx(float(mp.mpf(float(T.entropy(2.0))) + mp.log(3)),
                                                            rel=1e-15)
    assert float(T.mean(2.0, 0.5, 3.0)) == 0.5


REFUSALS = [
    (lambda: T.entropy(-1.0), "vonmises.entropy: kappa must be finite and not negative"),
    (lambda: T.entropy(np.inf), "vonmises.entropy: kappa must be finite and not negative"),
    (lambda: T.mean(2.0, 0.0, -1.0), "vonmises.mean: scale must be positive"),
]

test_refusals = refusals_test(REFUSALS)
