"""Derivatives of ``scipy.stats`` distributions at the far ends of their supports (x = 1e-300, 1e300 and the like),
where a rule's composition cancelled to a wrong number or met ``0 * inf`` or ``inf - inf`` (NaN) though the truth is a
number or +-inf: each checked on every path of the second derivative (reverse over reverse, ``hessian``, forward over
reverse, reverse over forward, forward over forward), against closed forms evaluated by mpmath at 50 digits.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
mp = pytest.importorskip("mpmath")

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402


def _every_path(f, args, i, j):
    """d^2 f / d args[j] d args[i] at ``args`` (floats) on each path, as floats."""
    def unit(k):
        return tuple(1.0 if m == k else 0.0 for m in range(len(args)))

    def on_array(p):
        return f(*[p[k] for k in range(len(args))])
    p = np.array(args, dtype=float)
    return {
        "grad of grad": wg.grad(lambda *a: wg.grad(f, argnums=i)(*a), argnums=j)(*args),
        "hessian": wg.hessian(on_array)(p)[i, j],
        "jacfwd of jacrev": wg.jacfwd(wg.jacrev(on_array))(p)[i, j],
        "jacrev of jacfwd": wg.jacrev(wg.jacfwd(on_array))(p)[i, j],
        "jvp of jvp": wg.jvp(lambda *a: wg.jvp(f, a, unit(i))[1], args, unit(j))[1],
    }


def _assert_every_path(f, args, i, j, want, rel=1e-13):
    for path, got in _every_path(f, args, i, j).items():
        assert float(got) == pytest.approx(want, rel=rel, abs=0.0), (path, args)


def _mp(value):
    mp.mp.dps = 50
    try:
        return float(value())
    finally:
        mp.mp.dps = 15


# -- exponpow: pdf = b z^(b - 1) exp(-h(z^b)), h(w) = e^w - 1 - w ---------------------------------------------------

@pytest.mark.parametrize("z", [1e-3, 1e-5, 1e-100])
def test_exponpow_pdf_near_zero_b_2(z):
    # through exp(1 + w - exp(w)) the derivative 1 - e^w cancelled: pdf(x, 2)'' was 0 from x = 1e-8 (1e-100: the truth
    # -2e-299, ~ -20 x^3), 2.8e-11 relative off at 1e-3
    def want():
        x = mp.mpf(z)
        w = x * x
        g = mp.exp(-(mp.expm1(w) - w))
        g1 = -2 * x * mp.expm1(w) * g
        g2 = (4 * w * mp.expm1(w) ** 2 - 2 * mp.expm1(w) - 4 * w * mp.exp(w)) * g
        return 2 * x * g2 + 4 * g1
    _assert_every_path(lambda x: stats.exponpow.pdf(x, 2.0), (z,), 0, 0, _mp(want))


@pytest.mark.parametrize("z", [1e-10, 1e-300])
def test_exponpow_near_zero_b_1(z):
    # pdf = exp(-h(z)): its slope -expm1(z) pdf was 1 - e^z (8.3e-8 relative off at 1e-10, 0 at 1e-300: the truth
    # -1e-300), and so was the log density's
    x = mp.mpf(z)
    want = _mp(lambda: -mp.expm1(x) * mp.exp(-(mp.expm1(x) - x)))
    for f in (stats.exponpow.pdf, stats.exponpow.logpdf):
        want_f = want if f is stats.exponpow.pdf else _mp(lambda: -mp.expm1(x))
        assert float(wg.grad(lambda t: f(t, 1.0))(z)) == pytest.approx(want_f, rel=1e-15, abs=0.0)
        assert float(wg.jvp(lambda t: f(t, 1.0), (z,), (1.0,))[1]) == pytest.approx(want_f, rel=1e-15, abs=0.0)
