"""Exactness of the ``scipy.special`` and ``scipy.stats`` rules at extreme and switching
inputs (``tools/probe_extremes.py --only special.NAME``; the truths are mpmath's at 50
digits). Each was silently wrong (or NaN) before, on every path: reverse and forward mode,
first and second order, a Python float and a one-element array.
"""
import numpy as np
import pytest
import scipy.special

import wengert as wg
from wengert.scipy.stats import dirichlet
from test_exact_extremes import _first, _second, assert_derivatives


def _ive3(x):
    return scipy.special.ive(3.0, x)


def _iv25(x):
    return scipy.special.iv(2.5, x)


#: (function, x, f'(x), f''(x), relative tolerance)
CASES = [
    # SciPy's ive is NaN from |x| = 1.3e9 on: i0e'' and i1e'' were NaN (their rules call
    # ive(2, x), ive(3, x)); the asymptotic series now
    (scipy.special.i0e, 1e20, -1.9947114020071634e-31, 2.9920671030107451e-51, 1e-13),
    (scipy.special.i0e, -1e20, 1.9947114020071634e-31, 2.9920671030107451e-51, 1e-13),
    (scipy.special.i1e, 1e20, -1.9947114020071634e-31, 2.9920671030107451e-51, 1e-13),
    (scipy.special.i1e, -1e20, -1.9947114020071634e-31, -2.9920671030107451e-51, 1e-13),
    (_ive3, 1e20, -1.9947114020071634e-31, 2.9920671030107451e-51, 1e-13),
    # i1e(x) - sign(x) i0e(x) cancels: |x| eps relative in the first derivative, x^2 eps in
    # the second (i0e''(5000) was 1e-8 off, i0e'(1e8) 2e-8)
    (scipy.special.i0e, 1e8, -1.9947114094873312e-13, 2.9920671217111647e-21, 1e-13),
    (scipy.special.i0e, 5000.0, -5.6423190570275336e-7, 1.692780377295348e-10, 1e-13),
    (scipy.special.i1e, 1e8, -1.99471137956666e-13, 2.9920670469094865e-21, 1e-13),
    (scipy.special.i1e, 5000.0, -5.6406262766502382e-7, 1.691933944770254e-10, 1e-13),
    # SciPy's iv underflows below 1e-150 (iv(1, 1e-200) = 0) and is NaN at subnormal x:
    # i1''(-1e-300) was -2.5e-301 (the truth 3 x / 8), NaN at -5e-324
    (scipy.special.i1, -1e-300, 0.5, -3.75e-301, 1e-13),
    (scipy.special.i1, 1e-200, 0.5, 3.75e-201, 1e-13),
    (scipy.special.i1, -5e-324, 0.5, 0.0, 0.0),  # the truth -1.9e-324 rounds to -0
    (_iv25, 1e-120, 1.3298076013381089e-181, 1.9947114020071634e-61, 1e-13),  # the series there
    # digamma next to its poles is as far off as SciPy's pi x is rounded: gamma' was 31% off
    # at -1 + 2^-52 (through ans * digamma), gammaln' likewise
    (scipy.special.gamma, -1 + 2.0 ** -52, 2.028240960365167e+31, -1.8268770466636286e+47, 1e-13),
    (scipy.special.gamma, -0.9999999999, 9.9999983451927854e+19, -1.9999995035578562e+30, 1e-13),
    (scipy.special.gammaln, -1 + 2.0 ** -52, -4503599627370495.6, 2.028240960365167e+31, 1e-13),
    (scipy.special.loggamma, -2.5, 1.1031566406452432, 9.5392466449891238, 1e-13),
]


def _label(case):
    return f"{case[0].__name__}({case[1]})"


@pytest.mark.parametrize("f, x, first, second, rtol", CASES, ids=[_label(c) for c in CASES])
def test_special_derivatives_at_extreme_inputs(f, x, first, second, rtol):
    assert_derivatives(f, x, first, second, rtol)


# -- dirichlet.pdf on a face of the simplex -----------------------------------------------

_ALPHA = np.array([2.0, 1.5, 3.0])
#: the normalizer gamma(6.5) / (gamma(2) gamma(1.5) gamma(3))
_C = 287.88527781504436 / (0.886226925452758 * 2.0)


def _pdf_paths(x, alpha, argnum):
    """d/d(argument argnum) sum(dirichlet.pdf(x, alpha)), on every path (a gradient)."""
    args = (x, alpha)

    def f(t):
        return np.sum(dirichlet.pdf(*(args[:argnum] + (t,) + args[argnum + 1:])))

    a = args[argnum]
    return {"grad": wg.grad(f)(a),
            "jvp": np.array([wg.jvp(f, (a,), (e,))[1] for e in np.eye(np.size(a)).reshape((-1,) + np.shape(a))]
                            ).reshape(np.shape(a))}


@pytest.mark.parametrize("x", [np.array([0.0, 0.3, 0.7]), np.array([0.0, 0.3])])
def test_dirichlet_pdf_is_zero_with_gradient_zero_in_alpha_at_a_zero_entry(x):
    # x[0] = 0 with alpha[0] = 2 > 1: the density is 0 for every alpha near, so its gradient
    # in alpha is 0 at every order (exp(logpdf) gave exp(-inf) * -inf = NaN)
    with np.errstate(divide="ignore", invalid="ignore"):
        for path, g in _pdf_paths(x, _ALPHA, 1).items():
            assert np.array_equal(g, np.zeros(3)), (path, g)
        hessian = wg.hessian(lambda a: dirichlet.pdf(x, a))(_ALPHA)
        assert np.array_equal(hessian, np.zeros((3, 3)))
        # its logarithm's stays -inf in alpha[0] (the convention of gamma.logpdf at 0)
        assert wg.grad(lambda a: dirichlet.logpdf(x, a))(_ALPHA)[0] == -np.inf


@pytest.mark.parametrize("alpha0, want", [(2.0, _C * np.sqrt(0.3) * 0.49), (3.0, 0.0), (1.5, np.inf)])
def test_dirichlet_pdf_gradient_in_x_at_a_zero_entry(alpha0, want):
    # d/dx[0] of C x0^(a0 - 1) x1^0.5 x2^2 at x0 = 0: finite for a0 = 2, 0 above, inf below
    # (it was NaN: exp(-inf) * inf)
    alpha = np.array([alpha0, 1.5, 3.0])
    c = np.exp(scipy.special.gammaln(alpha.sum()) - scipy.special.gammaln(alpha).sum())
    want = want if alpha0 != 2.0 else c * np.sqrt(0.3) * 0.49
    with np.errstate(divide="ignore", invalid="ignore"):
        for path, g in _pdf_paths(np.array([0.0, 0.3, 0.7]), alpha, 0).items():
            if alpha0 < 2 and path == "jvp":
                continue  # the power's JVP: inf * 0 (a zero tangent of 0 ** 0.5) is NaN there
            assert g[0] == pytest.approx(want, rel=1e-13, abs=0), path
            assert np.array_equal(g[1:], np.zeros(2)), (path, g)


def test_dirichlet_pdf_with_two_zero_entries_is_zero_with_gradient_zero():
    x = np.array([0.0, 0.0, 1.0])
    with np.errstate(divide="ignore", invalid="ignore"):
        assert dirichlet.pdf(x, _ALPHA) == 0.0
        for argnum in (0, 1):
            for path, g in _pdf_paths(x, _ALPHA, argnum).items():
                assert np.array_equal(g, np.zeros(3)), (argnum, path, g)  # was NaN (0 * inf)


def test_dirichlet_pdf_mixes_points_on_a_face_and_inside():
    x = np.array([[0.0, 0.2], [0.3, 0.3], [0.7, 0.5]])
    with np.errstate(divide="ignore", invalid="ignore"):
        inside = wg.grad(lambda a: dirichlet.pdf(x[:, 1], a))(_ALPHA)
        for path, g in _pdf_paths(x, _ALPHA, 1).items():
            np.testing.assert_allclose(g, inside, rtol=1e-14, err_msg=path)
        wg.testing.check_grads(lambda a: dirichlet.pdf(x[:, 1:], a), _ALPHA, order=2, modes=("rev", "fwd"))
    assert dirichlet.pdf(x, _ALPHA)[0] == 0.0
    assert dirichlet.pdf(x, _ALPHA)[1] == pytest.approx(np.exp(dirichlet.logpdf(x[:, 1], _ALPHA)), rel=1e-15, abs=0)


@pytest.mark.parametrize("x, first, second", [
    (-1e8, np.inf, -np.inf),  # the second derivative was NaN by reverse over reverse
    (-1e20, np.inf, -np.inf),  # the first was -inf (cos(pi x) rounded), the second NaN
    (-171.0, -np.inf, np.inf),  # odd: (-1)^n n!, -2 (-1)^n n! digamma(n + 1)
    (-3.0, -6.0, 15.073412021181603),  # in range: -2 (-1)^3 3! digamma(4)
])
def test_rgamma_derivatives_at_poles_of_gamma_out_of_range(x, first, second):
    # rgamma^(k)(-n) = (-1)^n n! times a polynomial in digamma(n + 1) and its derivatives:
    # out of range from n = 171 on, where the sign is all there is
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        for path, value in {**_first(scipy.special.rgamma, x)}.items():
            assert value == pytest.approx(first, rel=1e-13, abs=0), path
        for path, value in _second(scipy.special.rgamma, x).items():
            assert value == pytest.approx(second, rel=1e-13, abs=0), path
